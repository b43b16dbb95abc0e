/* psems-findings-page.h — findings and corrective actions: list, filters, the selected finding and its workflow open → in progress → closed → verified. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_FINDINGS_PAGE (psems_findings_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsFindingsPage, psems_findings_page, PSEMS, FINDINGS_PAGE, GtkWidget)

GtkWidget *psems_findings_page_new             (void);
void       psems_findings_page_set_store       (PsemsFindingsPage *self,
                                                PsemsStore        *store,
                                                PsemsActor        *actor);
/* 0: all facilities. */
void       psems_findings_page_set_facility_id (PsemsFindingsPage *self,
                                                gint64             facility_id);
/* Selects a finding and shows it, clearing filters that hide it (a dashboard's overdue
 * action, a control's open finding). */
gboolean   psems_findings_page_show_finding    (PsemsFindingsPage *self,
                                                gint64             finding_id);
/* The finding shown in the detail pane; 0 when none is. */
gint64     psems_findings_page_get_selected_id (PsemsFindingsPage *self);

G_END_DECLS
