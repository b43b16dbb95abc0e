/* psems-controls-page.h — layers, controls, threat scenarios and the facility security assessment of a facility. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_CONTROLS_PAGE (psems_controls_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsControlsPage, psems_controls_page, PSEMS, CONTROLS_PAGE, GtkWidget)

GtkWidget *psems_controls_page_new             (void);
void       psems_controls_page_set_store       (PsemsControlsPage *self,
                                                PsemsStore        *store,
                                                PsemsActor        *actor);
/* 0: all facilities. */
void       psems_controls_page_set_facility_id (PsemsControlsPage *self,
                                                gint64             facility_id);
/* Selects a control and shows it (the window's "win.show-control"). */
gboolean   psems_controls_page_show_control    (PsemsControlsPage *self,
                                                gint64             control_id);
/* The control selected in the Controls view; 0 when none is. */
gint64     psems_controls_page_get_selected_control_id (PsemsControlsPage *self);

G_END_DECLS
