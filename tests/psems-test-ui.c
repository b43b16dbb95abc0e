/* psems-test-ui.c — what the UI tests share: running the main loop, finding widgets, closing windows. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-test-ui.h"

#define WAIT_SECONDS 30

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done says so, failing the test after WAIT_SECONDS. */
void
psems_test_iterate_until (gboolean (*done) (gpointer data),
                          gpointer   data)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (WAIT_SECONDS, timed_out_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

void
psems_test_iterate_for (guint milliseconds)
{
  gboolean timed_out = FALSE;

  g_timeout_add (milliseconds, timed_out_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/* The first widget at or below @widget of @type (G_TYPE_NONE: any) named @name (%NULL: any). */
GtkWidget *
psems_test_find_widget (GtkWidget  *widget,
                        GType       type,
                        const char *name)
{
  if ((type == G_TYPE_NONE || G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
      && (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = psems_test_find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Destroys every window of @application and lets the main loop finish what that started. */
void
psems_test_close_windows (GtkApplication *application)
{
  GList *windows = gtk_application_get_windows (application);

  while (windows != NULL)
    {
      gtk_window_destroy (windows->data);
      windows = gtk_application_get_windows (application);
    }
  psems_test_iterate_for (50);
}
