/* psems-layers-dialog.h — a facility's rings of defence: named and ordered outside in, added and removed. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_LAYERS_DIALOG (psems_layers_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsLayersDialog, psems_layers_dialog, PSEMS, LAYERS_DIALOG, AdwWindow)

/* Reads the facility's layers; %NULL and @error when they cannot be read. */
PsemsLayersDialog *psems_layers_dialog_new (GtkWindow   *parent,
                                            PsemsStore  *store,
                                            PsemsActor  *actor,
                                            gint64       facility_id,
                                            const char  *facility_name,
                                            GError     **error);

G_END_DECLS
