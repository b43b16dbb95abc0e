/* psems-incident-dialog.h — records or edits an incident: when, where, what, the level then, reporting duties, controls, evidence. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-incident.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_INCIDENT_DIALOG (psems_incident_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsIncidentDialog, psems_incident_dialog, PSEMS, INCIDENT_DIALOG, AdwWindow)

/* @incident: (nullable): the incident to edit, as core gave it; %NULL records a new one.
 * @facility_id: the new incident's facility; 0 lets the user choose one. */
PsemsIncidentDialog *psems_incident_dialog_new          (GtkWindow           *parent,
                                                         PsemsStore          *store,
                                                         PsemsActor          *actor,
                                                         const PsemsIncident *incident,
                                                         gint64               facility_id);
/* The incident written by the last save; 0 before one. */
gint64               psems_incident_dialog_get_saved_id (PsemsIncidentDialog *self);

G_END_DECLS
