/* psems-approve-dialog.h — recording a plan version's approval: authority, reference, dates. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-plan.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_APPROVE_DIALOG (psems_approve_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsApproveDialog, psems_approve_dialog, PSEMS, APPROVE_DIALOG, AdwWindow)

PsemsApproveDialog *psems_approve_dialog_new (GtkWindow       *parent,
                                              PsemsStore      *store,
                                              PsemsActor      *actor,
                                              const PsemsPlan *plan);

G_END_DECLS
