/* bench-window.c — the baseline of start-up: an empty libadwaita window that quits after its first frame. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An AdwApplicationWindow with a header bar at 1400×900, what PSeMS's window is before its
 * content. With --settle-ms=N it stays N ms after its first frame (the peak memory of a window
 * that has been up for a while, as the app's Personnel case is). Prints "first-frame-ms=… peak-rss-kib=…" as psems --measure-startup does (the time
 * from $PSEMS_MEASURE_T0, a monotonic time its parent took before starting it, or from main())
 * and the harness's "metric" lines, then quits. Links libadwaita only. */

static gint64 t0;
static int settle_ms;     /* --settle-ms: stay this long after the first frame (memory grows) */

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

static double first_frame_ms;

static void
quit_cb (gpointer application)
{
  printf ("first-frame-ms=%.1f peak-rss-kib=%" G_GINT64_FORMAT "\n", first_frame_ms, peak_rss_kib ());
  fflush (stdout);
  g_application_quit (application);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  GApplication *application = user_data;
  double ms = (g_get_monotonic_time () - t0) / 1000.0;

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
  if (settle_ms > 0)
    {
      g_timeout_add_once (settle_ms, quit_cb, application);
      first_frame_ms = ms;
      return;
    }
  printf ("first-frame-ms=%.1f peak-rss-kib=%" G_GINT64_FORMAT "\n", ms, peak_rss_kib ());
  fflush (stdout);
  g_application_quit (application);
}

static void
realize_cb (GtkWidget *window,
            gpointer   application)
{
  GdkFrameClock *clock = gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window)));

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), application);
}

static void
activate_cb (GApplication *application,
             gpointer      user_data)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), application);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  const char *env = g_getenv ("PSEMS_MEASURE_T0");
  g_autoptr(AdwApplication) application = NULL;

  t0 = env != NULL ? g_ascii_strtoll (env, NULL, 10) : g_get_monotonic_time ();
  if (argc > 1 && g_str_has_prefix (argv[1], "--settle-ms="))
    settle_ms = atoi (argv[1] + strlen ("--settle-ms="));
  application = adw_application_new ("io.github.psems.Psems.BenchWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (application), 1, argv);
}
