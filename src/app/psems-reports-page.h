/* psems-reports-page.h — reports: the facility's compliance pack (sections, as-of date, marking,
 * personnel names, logo; progress, Cancel, Open) and the registers as XLSX or CSV. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_REPORTS_PAGE (psems_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsReportsPage, psems_reports_page, PSEMS, REPORTS_PAGE, GtkWidget)

GtkWidget *psems_reports_page_new             (void);
void       psems_reports_page_set_store       (PsemsReportsPage *self,
                                               PsemsStore       *store,
                                               PsemsActor       *actor);
/* The facility whose pack and registers are written; 0: none chosen yet (the page says so). */
void       psems_reports_page_set_facility_id (PsemsReportsPage *self,
                                               gint64            facility_id);

G_END_DECLS
