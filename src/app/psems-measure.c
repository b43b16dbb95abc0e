/* psems-measure.c — `psems --measure-startup`: how long start-up takes to the first frame and to the dashboard's figures. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>

#include "psems-dashboard-page.h"
#include "psems-measure.h"

/* The first window the application opens is watched. Its surface's frame clock says when a
 * frame has been painted ("after-paint"): the first one is the first frame; the first one
 * painted while the dashboard is on screen with its counted figures (its store set, not
 * loading) is "figures shown". Both are printed on one line,
 *
 *   first-frame-ms=… figures-ms=… peak-rss-kib=…
 *
 * and the application quits. The times count from $PSEMS_MEASURE_T0 (a g_get_monotonic_time()
 * value a benchmark took before starting the process) or else from the call to
 * psems_measure_startup_arm(). A database that asks for a sign-in never shows the dashboard:
 * after MEASURE_TIMEOUT_S the line says figures-ms=-1 and the exit status is 1. */

#define MEASURE_TIMEOUT_S 600

typedef struct
{
  GtkApplication *application;  /* unowned: the measurement lives as long as it runs */
  GtkWindow *window;            /* the first window, unowned */
  GdkFrameClock *clock;         /* owned */
  gulong paint_handler;
  guint timeout_id;
  gint64 t0;
  double first_frame_ms;
  double figures_ms;
  gboolean done;
} Measure;

static Measure measure;

static gint64
peak_rss_kib (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  line = strstr (text, "\nVmHWM:");
  return line != NULL ? g_ascii_strtoll (line + strlen ("\nVmHWM:"), NULL, 10) : -1;
}

static GtkWidget *
find_dashboard (GtkWidget *widget)
{
  if (PSEMS_IS_DASHBOARD_PAGE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_dashboard (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
finish (int status)
{
  if (measure.done)
    return;
  measure.done = TRUE;
  printf ("first-frame-ms=%.1f figures-ms=%.1f peak-rss-kib=%" G_GINT64_FORMAT "\n",
          measure.first_frame_ms, measure.figures_ms, peak_rss_kib ());
  fflush (stdout);
  if (measure.clock != NULL)
    g_clear_signal_handler (&measure.paint_handler, measure.clock);
  g_clear_object (&measure.clock);
  g_clear_handle_id (&measure.timeout_id, g_source_remove);
  /* A failed measurement ends the process with its status; a done one quits as after Ctrl+Q. */
  if (status != 0)
    exit (status);
  g_application_quit (G_APPLICATION (measure.application));
}

static gboolean
figures_shown (void)
{
  GtkWidget *page = find_dashboard (GTK_WIDGET (measure.window));

  return page != NULL && gtk_widget_get_mapped (page)
         && psems_dashboard_page_get_store (PSEMS_DASHBOARD_PAGE (page)) != NULL
         && !psems_dashboard_page_get_loading (PSEMS_DASHBOARD_PAGE (page));
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  double ms = (g_get_monotonic_time () - measure.t0) / 1000.0;

  if (measure.first_frame_ms < 0)
    measure.first_frame_ms = ms;
  if (figures_shown ())
    {
      measure.figures_ms = ms;
      finish (0);
    }
}

static void
loading_changed_cb (GObject    *page,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  /* The figures are in the widgets: the next frame shows them. */
  if (!measure.done && measure.window != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (measure.window));
}

static void
window_realize_cb (GtkWidget *window,
                   gpointer   user_data)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GtkWidget *page;

  measure.clock = g_object_ref (gdk_surface_get_frame_clock (surface));
  measure.paint_handler = g_signal_connect (measure.clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  /* Start-up shows the dashboard (the section last shown may be another). */
  gtk_widget_activate_action (window, "win.show-section", "s", "dashboard");
  page = find_dashboard (window);
  if (page != NULL)
    g_signal_connect_object (page, "notify::loading", G_CALLBACK (loading_changed_cb), window, 0);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  if (measure.window != NULL)
    return;
  measure.window = window;
  g_signal_connect (window, "realize", G_CALLBACK (window_realize_cb), NULL);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    window_realize_cb (GTK_WIDGET (window), NULL);
}

static gboolean
timeout_cb (gpointer user_data)
{
  measure.timeout_id = 0;
  g_printerr (_("The dashboard did not show its figures within %d seconds\n"), MEASURE_TIMEOUT_S);
  finish (1);
  return G_SOURCE_REMOVE;
}

/**
 * psems_measure_startup_arm:
 *
 * Measures @application's start-up (see the top of this file) instead of
 * running it for a user: the first window's first frame and the dashboard's
 * figures are timed, printed to stdout, and the application quits. Call
 * before the application is registered (from handle-local-options or before
 * g_application_run()); the application becomes non-unique, so that a
 * running PSeMS does not take the measurement over.
 */
void
psems_measure_startup_arm (GtkApplication *application)
{
  const char *t0 = g_getenv (PSEMS_MEASURE_T0_ENV);

  g_return_if_fail (GTK_IS_APPLICATION (application));
  g_return_if_fail (measure.application == NULL);

  measure.application = application;
  measure.t0 = t0 != NULL ? g_ascii_strtoll (t0, NULL, 10) : g_get_monotonic_time ();
  measure.first_frame_ms = -1;
  measure.figures_ms = -1;
  g_application_set_flags (G_APPLICATION (application),
                           g_application_get_flags (G_APPLICATION (application)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), NULL);
  measure.timeout_id = g_timeout_add_seconds (MEASURE_TIMEOUT_S, timeout_cb, NULL);
  g_source_set_name_by_id (measure.timeout_id, "[psems] measure start-up timeout");
}
