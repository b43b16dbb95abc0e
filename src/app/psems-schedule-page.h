/* psems-schedule-page.h — the schedule: an agenda of what is overdue and due, a month grid, declarations of security. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_SCHEDULE_PAGE (psems_schedule_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsSchedulePage, psems_schedule_page, PSEMS, SCHEDULE_PAGE, GtkWidget)

GtkWidget *psems_schedule_page_new             (void);
void       psems_schedule_page_set_store       (PsemsSchedulePage *self,
                                                PsemsStore        *store,
                                                PsemsActor        *actor);
/* 0: all facilities. */
void       psems_schedule_page_set_facility_id (PsemsSchedulePage *self,
                                                gint64             facility_id);

G_END_DECLS
