/* psems-finding-dialog.h — raises or edits a finding: severity, source and its record, control, requirement, root cause, corrective action, owner, due date, evidence. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-finding.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_FINDING_DIALOG (psems_finding_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsFindingDialog, psems_finding_dialog, PSEMS, FINDING_DIALOG, AdwWindow)

/* @finding: (nullable): the finding to edit, as core gave it; %NULL raises a new one.
 * @facility_id: the new finding's facility; 0 lets the user choose one. */
PsemsFindingDialog *psems_finding_dialog_new               (GtkWindow          *parent,
                                                            PsemsStore         *store,
                                                            PsemsActor         *actor,
                                                            const PsemsFinding *finding,
                                                            gint64              facility_id);
/* Adds a file to keep as evidence when the finding is saved (what the file chooser does). */
void                psems_finding_dialog_add_evidence_path (PsemsFindingDialog *self,
                                                            const char         *path);
/* The finding written by the last save; 0 before one. */
gint64              psems_finding_dialog_get_saved_id      (PsemsFindingDialog *self);

G_END_DECLS
