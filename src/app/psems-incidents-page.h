/* psems-incidents-page.h — incidents and after-action reviews: what happened, the reporting clocks, controls, lessons. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_INCIDENTS_PAGE (psems_incidents_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsIncidentsPage, psems_incidents_page, PSEMS, INCIDENTS_PAGE, GtkWidget)

GtkWidget *psems_incidents_page_new             (void);
void       psems_incidents_page_set_store       (PsemsIncidentsPage *self,
                                                 PsemsStore         *store,
                                                 PsemsActor         *actor);
/* 0: all facilities. */
void       psems_incidents_page_set_facility_id (PsemsIncidentsPage *self,
                                                 gint64              facility_id);
/* The incident shown in the detail; 0 when none is. */
gint64     psems_incidents_page_get_selected_id (PsemsIncidentsPage *self);

G_END_DECLS
