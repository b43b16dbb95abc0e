/* psems-threat-dialog.h — adds or edits a threat scenario and shows its residual risk as mitigating controls are chosen. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"
#include "psems-threat.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_THREAT_DIALOG (psems_threat_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsThreatDialog, psems_threat_dialog, PSEMS, THREAT_DIALOG, AdwWindow)

/* @threat: (nullable): the scenario to edit, as core gave it; %NULL for a new one.
 * @facility_id: the new scenario's facility; 0 lets the user choose one. */
PsemsThreatDialog *psems_threat_dialog_new            (GtkWindow         *parent,
                                                       PsemsStore        *store,
                                                       PsemsActor        *actor,
                                                       const PsemsThreat *threat,
                                                       gint64             facility_id);
/* Ticks (or clears) a mitigating control in the form, as a click on its row does. */
gboolean           psems_threat_dialog_set_mitigation (PsemsThreatDialog *self,
                                                       gint64             control_id,
                                                       gboolean           mitigates);
/* What the form's threat assesses to now: the inherent and residual levels' names. */
const char        *psems_threat_dialog_get_inherent_level (PsemsThreatDialog *self);
const char        *psems_threat_dialog_get_residual_level (PsemsThreatDialog *self);
gint64             psems_threat_dialog_get_saved_id   (PsemsThreatDialog *self);

/* Gives labels of the style classes "risk-pill risk-level-N" the colours of @matrix's
 * levels on @display (levels are data, so their colours cannot live in style.css). */
void               psems_threat_dialog_set_risk_colours (GdkDisplay            *display,
                                                         const PsemsRiskMatrix *matrix);

G_END_DECLS
