/* psems-control-dialog.h — adds or edits a control: its layer, domain, function, status, tests, regulations and plan elements. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-control.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_CONTROL_DIALOG (psems_control_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsControlDialog, psems_control_dialog, PSEMS, CONTROL_DIALOG, AdwWindow)

/* @control: (nullable): the control to edit, as core gave it; %NULL for a new one.
 * @facility_id: the new control's facility; 0 lets the user choose one. */
PsemsControlDialog *psems_control_dialog_new          (GtkWindow          *parent,
                                                       PsemsStore         *store,
                                                       PsemsActor         *actor,
                                                       const PsemsControl *control,
                                                       gint64              facility_id);
/* The control written by the last save; 0 before one. */
gint64              psems_control_dialog_get_saved_id (PsemsControlDialog *self);

G_END_DECLS
