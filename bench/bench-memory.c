/* bench-memory.c — the application's peak memory on a large database against an empty libadwaita
 * window measured the same way (issue 6: within 40 MiB on 1,000,000 persons).
 *
 * Each measurement runs in a child process of its own (peak RSS, VmHWM, is per process):
 *   bare  an AdwApplicationWindow with a header bar, presented at 1400×900, drawn for a while;
 *   app   PSeMS on the database: opens on the dashboard, goes to Personnel, waits for the count,
 *         scrolls to the end of the list and back through it, then draws for the same while;
 *         run twice: on a new, empty database (what the window itself costs) and on the big one.
 * The renderer is GTK's choice; GSK_RENDERER=cairo measures without a GL driver's own buffers
 * (Mesa's software GL under Xvfb holds tens of MiB that grow with what is drawn).
 * Needs a display (build-aux/dev bench runs under Xvfb). Usage:
 *   bench-memory [--db FILE]   (default: a 1,000,000-person demo made in $PSEMS_BENCH_DIR or /tmp) */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "psems-application.h"
#include "psems-core.h"
#include "psems-personnel-page.h"
#include "psems-window.h"

#define SETTLE_MS 3000
#define N_PERSONS 1000000

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

static int
run_bare (void)
{
  g_autoptr(AdwApplication) application = NULL;
  GtkWidget *window;
  GtkWidget *box;

  application = adw_application_new ("io.github.psems.Psems.BenchBare", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, NULL);
  window = adw_application_window_new (GTK_APPLICATION (application));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (SETTLE_MS);
  report ("bare");
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
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

static gboolean
measure (const char *self_path,
         const char *mode,
         const char *db_path,
         const char *label,
         GHashTable *peaks)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { self_path, "--child", mode, db_path, NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-memory: %s: %s\n", mode, error->message);
      return FALSE;
    }
  fputs (out, stdout);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);

      if (g_strv_length (words) == 3)
        g_hash_table_insert (peaks, g_strconcat (label, words[0], NULL),
                             GINT_TO_POINTER ((int) g_ascii_strtoll (words[1], NULL, 10)));
    }
  return TRUE;
}

static char *
default_database (void)
{
  const char *dir = g_getenv ("PSEMS_BENCH_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (),
                                            "psems-bench-1m.db", NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(PsemsStore) store = psems_store_open (path, PSEMS_STORE_OPEN_CREATE, &error);
      g_autoptr(PsemsActor) actor = psems_actor_new_for_login ();
      PsemsDemoOptions options;

      psems_demo_options_init (&options);
      options.persons = N_PERSONS;
      printf ("making a %d-person demo in %s…\n", N_PERSONS, path);
      fflush (stdout);
      if (store == NULL || !psems_demo_generate (store, actor, &options, &error))
        {
          g_printerr ("bench-memory: %s: %s\n", path, error->message);
          return NULL;
        }
    }
  return g_steal_pointer (&path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GHashTable) peaks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *db_path = NULL;
  g_autofree char *empty_dir = NULL;
  g_autofree char *empty_path = NULL;
  g_autoptr(GError) error = NULL;
  int bare, empty, app;

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    {
      adw_init ();
      return g_str_equal (argv[2], "bare") ? run_bare () : run_app (argv[3]);
    }

  if (argc == 3 && g_str_equal (argv[1], "--db"))
    db_path = g_strdup (argv[2]);
  else if (argc == 1)
    db_path = default_database ();
  else
    {
      g_printerr ("usage: bench-memory [--db FILE]\n");
      return 2;
    }
  if (db_path == NULL)
    return 1;

  empty_dir = g_dir_make_tmp ("psems-bench-XXXXXX", &error);
  if (empty_dir == NULL)
    {
      g_printerr ("bench-memory: %s\n", error->message);
      return 1;
    }
  empty_path = g_build_filename (empty_dir, "empty.db", NULL);
  {
    g_autoptr(PsemsStore) store = psems_store_open (empty_path, PSEMS_STORE_OPEN_CREATE, &error);

    if (store == NULL)
      {
        g_printerr ("bench-memory: %s: %s\n", empty_path, error->message);
        return 1;
      }
  }

  printf ("— an empty libadwaita window\n");
  if (!measure (argv[0], "bare", db_path, "", peaks))
    return 1;
  printf ("— PSeMS on an empty database\n");
  if (!measure (argv[0], "app", empty_path, "empty-", peaks))
    return 1;
  printf ("— PSeMS on %s\n", db_path);
  if (!measure (argv[0], "app", db_path, "", peaks))
    return 1;
  g_unlink (empty_path);
  g_rmdir (empty_dir);

  bare = GPOINTER_TO_INT (g_hash_table_lookup (peaks, "bare"));
  empty = GPOINTER_TO_INT (g_hash_table_lookup (peaks, "empty-app-scrolled"));
  app = GPOINTER_TO_INT (g_hash_table_lookup (peaks, "app-scrolled"));
  printf ("peak RSS: empty libadwaita window %.1f MiB; PSeMS on an empty database %.1f MiB (%+.1f);"
          " PSeMS on %s %.1f MiB (%+.1f over the window, %+.1f over PSeMS empty; budget +40 over the window)\n",
          bare / 1024.0, empty / 1024.0, (empty - bare) / 1024.0, db_path, app / 1024.0,
          (app - bare) / 1024.0, (app - empty) / 1024.0);
  return 0;
}
