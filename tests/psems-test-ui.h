/* psems-test-ui.h — what the UI tests share: running the main loop, finding widgets, closing windows. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       psems_test_iterate_until  (gboolean  (*done) (gpointer data),
                                      gpointer    data);
void       psems_test_iterate_for    (guint       milliseconds);
GtkWidget *psems_test_find_widget    (GtkWidget  *widget,
                                      GType       type,
                                      const char *name);
void       psems_test_close_windows  (GtkApplication *application);
gboolean   psems_test_has_binding    (GtkWidget       *widget,
                                      guint            keyval,
                                      GdkModifierType  modifiers,
                                      const char      *action);
gboolean   psems_test_has_focus_within (GtkWidget *widget);
void       psems_test_present_at_width (GtkWindow *window,
                                        int        width);
int        psems_test_least_width      (GtkWidget *widget);

G_END_DECLS
