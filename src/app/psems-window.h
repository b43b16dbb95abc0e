/* psems-window.h — the main window: sections in a sidebar, a facility switcher, the open database. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-dashboard-page.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_WINDOW (psems_window_get_type ())

G_DECLARE_FINAL_TYPE (PsemsWindow, psems_window, PSEMS, WINDOW, AdwApplicationWindow)

PsemsWindow        *psems_window_new                (GtkApplication *application,
                                                     PsemsStore     *store);
PsemsStore         *psems_window_get_store          (PsemsWindow    *self);
PsemsActor         *psems_window_get_actor          (PsemsWindow    *self);
void                psems_window_set_actor          (PsemsWindow    *self,
                                                     PsemsActor     *actor);
gboolean            psems_window_sign_out           (PsemsWindow    *self);
void                psems_window_set_store          (PsemsWindow    *self,
                                                     PsemsStore     *store);
const char         *psems_window_get_section        (PsemsWindow    *self);
gboolean            psems_window_set_section        (PsemsWindow    *self,
                                                     const char     *section);
gint64              psems_window_get_facility_id    (PsemsWindow    *self);
PsemsDashboardPage *psems_window_get_dashboard_page (PsemsWindow    *self);
GtkWidget          *psems_window_get_section_page   (PsemsWindow    *self,
                                                     const char     *section);
GtkWindow          *psems_window_show_open_error    (PsemsWindow    *self,
                                                     const GError   *error);

G_END_DECLS
