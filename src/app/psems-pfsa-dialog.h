/* psems-pfsa-dialog.h — records or edits a facility security assessment (ISPS A/15). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"
#include "psems-threat.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_PFSA_DIALOG (psems_pfsa_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsPfsaDialog, psems_pfsa_dialog, PSEMS, PFSA_DIALOG, AdwWindow)

/* @pfsa: (nullable): the record to edit; %NULL records a new assessment of @facility_id. */
PsemsPfsaDialog *psems_pfsa_dialog_new (GtkWindow       *parent,
                                        PsemsStore      *store,
                                        PsemsActor      *actor,
                                        const PsemsPfsa *pfsa,
                                        gint64           facility_id,
                                        const char      *facility_name);

G_END_DECLS
