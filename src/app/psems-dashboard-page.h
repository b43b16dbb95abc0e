/* psems-dashboard-page.h — the dashboard: live figures from core, computed off the main thread. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_DASHBOARD_PAGE (psems_dashboard_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsDashboardPage, psems_dashboard_page, PSEMS, DASHBOARD_PAGE, GtkWidget)

GtkWidget  *psems_dashboard_page_new               (void);
PsemsStore *psems_dashboard_page_get_store         (PsemsDashboardPage *self);
void        psems_dashboard_page_set_store         (PsemsDashboardPage *self,
                                                    PsemsStore         *store);
gint64      psems_dashboard_page_get_facility_id   (PsemsDashboardPage *self);
void        psems_dashboard_page_set_facility_id   (PsemsDashboardPage *self,
                                                    gint64              facility_id);
GListModel *psems_dashboard_page_get_facilities    (PsemsDashboardPage *self);
int         psems_dashboard_page_get_highest_level (PsemsDashboardPage *self);
gboolean    psems_dashboard_page_get_loading       (PsemsDashboardPage *self);
void        psems_dashboard_page_refresh           (PsemsDashboardPage *self);

G_END_DECLS
