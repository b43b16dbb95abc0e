/* bench-memory.c — the application on the large database: start-up to the first frame and to the
 * dashboard's figures (psems --measure-startup, in process), and its peak memory after the
 * Personnel page has counted and scrolled its million persons (issue 6: within 40 MiB of an
 * empty libadwaita window measured the same way, bench-window.c). Needs a display. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-cases.h"
#include "psems-application.h"
#include "psems-measure.h"
#include "psems-core.h"
#include "psems-personnel-page.h"
#include "psems-window.h"

#define SETTLE_MS 3000

static gint64
read_status_kib (const char *key)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], key) && lines[i][strlen (key)] == ':')
      return g_ascii_strtoll (lines[i] + strlen (key) + 1, NULL, 10);
  return -1;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "<stage> <peak RSS KiB> <RSS KiB>", then where the memory is: SQLite's own high-water mark
 * and the malloc heap (main arena and thread arenas, mmapped blocks). */
static void
report (const char *what)
{
  sqlite3_int64 sqlite_now = 0, sqlite_peak = 0;
  struct mallinfo2 heap = mallinfo2 ();

  sqlite3_status64 (SQLITE_STATUS_MEMORY_USED, &sqlite_now, &sqlite_peak, FALSE);
  printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", what,
          read_status_kib ("VmHWM"), read_status_kib ("VmRSS"));
  printf ("  resident: anonymous %.1f MiB, files %.1f MiB, shared %.1f MiB\n",
          read_status_kib ("RssAnon") / 1024.0, read_status_kib ("RssFile") / 1024.0,
          read_status_kib ("RssShmem") / 1024.0);
  printf ("  sqlite %.1f MiB (peak %.1f), heap in use %.1f MiB of %.1f MiB, mmapped %.1f MiB\n",
          sqlite_now / 1048576.0, sqlite_peak / 1048576.0, heap.uordblks / 1048576.0,
          heap.arena / 1048576.0, heap.hblkhd / 1048576.0);
}

static gboolean
page_loading (PsemsPersonnelPage *page)
{
  return psems_personnel_page_get_loading (page);
}

static int
run_app (const char *db_path)
{
  g_autoptr(PsemsApplication) application = NULL;
  PsemsWindow *window;
  PsemsPersonnelPage *page;
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;
  gint64 start;

  application = psems_application_new ("io.github.psems.Psems.BenchApp", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, NULL);
  window = psems_application_open_path (application, db_path, PSEMS_STORE_OPEN_DEFAULT, NULL);
  if (window == NULL || psems_window_get_store (window) == NULL)
    {
      g_printerr ("bench-memory: %s: cannot open\n", db_path);
      return 1;
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "dashboard");
  iterate_for (SETTLE_MS);
  report ("app-dashboard");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "personnel");
  page = PSEMS_PERSONNEL_PAGE (find_widget (GTK_WIDGET (window), PSEMS_TYPE_PERSONNEL_PAGE));
  start = g_get_monotonic_time ();
  iterate_for (100);
  while (page_loading (page))
    g_main_context_iteration (NULL, TRUE);
  printf ("counted %u persons in %.0f ms\n",
          g_list_model_get_n_items (psems_personnel_page_get_model (page)),
          (g_get_monotonic_time () - start) / 1000.0);
  psems_bench_metric ("count-ms", (g_get_monotonic_time () - start) / 1000.0);
  report ("app-personnel");

  scrolled = GTK_SCROLLED_WINDOW (find_widget (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  iterate_for (500);
  /* Back up through the list a screenful at a time for a while, the way a reader pages. */
  for (int i = 0; i < 200; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment)
                                - gtk_adjustment_get_page_size (adjustment));
      g_main_context_iteration (NULL, FALSE);
      iterate_for (5);
    }
  iterate_for (SETTLE_MS);
  report ("app-scrolled");
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* The Personnel page on the large database, counted and scrolled to the end and back: peak RSS. */
int
bench_case_personnel (const PsemsBenchOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = psems_bench_demo_db (options, options->persons, &error);
  double t0 = g_get_monotonic_time () / 1000.0;
  int status;

  if (path == NULL)
    {
      g_printerr ("bench: personnel: %s\n", error->message);
      return 1;
    }
  /* As psems_application_startup() sets the process up. */
  mallopt (M_ARENA_MAX, 2);
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
  adw_init ();
  status = run_app (path);
  psems_bench_metric ("session-ms", g_get_monotonic_time () / 1000.0 - t0);
  return status;
}

/* psems --measure-startup on the large database, in this process: the same application, the
 * same libraries. */
int
bench_case_startup (const PsemsBenchOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = psems_bench_demo_db (options, options->persons, &error);
  g_autoptr(PsemsApplication) application = NULL;
  char *argv[] = { (char *) "psems", (char *) "--db", NULL, NULL };

  if (path == NULL)
    {
      g_printerr ("bench: start-up: %s\n", error->message);
      return 1;
    }
  argv[2] = path;
  /* As main.c sets the process up. */
  mallopt (M_ARENA_MAX, 2);
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  application = psems_application_new (APP_ID, G_APPLICATION_HANDLES_OPEN);
  psems_measure_startup_arm (GTK_APPLICATION (application));
  return g_application_run (G_APPLICATION (application), 3, argv);
}
