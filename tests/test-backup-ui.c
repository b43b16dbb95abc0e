/* test-backup-ui.c — the window's backups under Xvfb: the automatic backup after the first frame, open-error headings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "psems-application.h"
#include "psems-backup.h"
#include "psems-core.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-window.h"

typedef struct
{
  char *dir;
  char *db_path;
  PsemsApplication *application;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = NULL;

  f->dir = psems_test_make_dir ();
  f->db_path = g_build_filename (f->dir, "harbour.db", NULL);
  store = psems_test_new_store (f->dir, "harbour.db");
  f->application = psems_application_new ("io.github.psems.Psems.Test", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->application), NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *folder = psems_backup_default_folder (f->db_path);

  psems_test_close_windows (GTK_APPLICATION (f->application));
  g_clear_object (&f->application);
  psems_test_remove_dir (folder);
  psems_test_remove_dir (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

static guint
count_backups (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, PSEMS_BACKUP_SUFFIX))
      n++;
  return n;
}

static gboolean
backup_written (gpointer data)
{
  return count_backups (data) > 0;
}

static void
test_automatic (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *folder = psems_backup_default_folder (f->db_path);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  PsemsWindow *window;
  GStatBuf st;

  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  window = psems_application_open_path (f->application, f->db_path, PSEMS_STORE_OPEN_DEFAULT, NULL);
  g_assert_nonnull (psems_window_get_store (window));
  psems_test_iterate_until (backup_written, folder);

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  path = g_build_filename (folder, g_dir_read_name (dir), NULL);
  g_assert_true (psems_backup_check (path, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
}

static void
test_automatic_off (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *folder = psems_backup_default_folder (f->db_path);
  GSettings *settings = psems_application_get_settings (f->application);

  g_assert_nonnull (settings);
  g_settings_set_int (settings, "backup-keep", 0);
  psems_application_open_path (f->application, f->db_path, PSEMS_STORE_OPEN_DEFAULT, NULL);
  psems_test_iterate_for (500);
  g_assert_cmpuint (count_backups (folder), ==, 0);
  g_settings_reset (settings, "backup-keep");
}

static AdwMessageDialog *
find_dialog_for (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) candidate = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (candidate) && gtk_window_get_transient_for (candidate) == window)
        return ADW_MESSAGE_DIALOG (candidate);
    }
  return NULL;
}

static void
test_open_error_headings (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *cut = g_build_filename (f->dir, "cut.db", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.db", NULL);
  g_autofree char *contents = NULL;
  const struct { const char *path; const char *heading; } cases[] = {
    { cut, "Database Damaged" },
    { text, "Not a PSeMS Database" },
  };
  gsize size;

  g_assert_true (g_file_get_contents (f->db_path, &contents, &size, NULL));
  g_assert_true (g_file_set_contents (cut, contents, 4096, NULL));
  g_assert_true (g_file_set_contents (text, "Shift roster, north gate.\n", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PsemsWindow *window = psems_application_open_path (f->application, cases[i].path,
                                                         PSEMS_STORE_OPEN_DEFAULT, NULL);
      GtkWidget *heading;

      /* A new window with no database shows why on its welcome page, not in a dialog. */
      psems_test_iterate_for (50);
      g_assert_null (find_dialog_for (GTK_WINDOW (window)));
      heading = psems_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "welcome-error-heading");
      g_assert_nonnull (heading);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (heading)), ==, cases[i].heading);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return 77;
  adw_init ();

#define ADD(name, func) g_test_add ("/backup-ui/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("automatic", test_automatic);
  ADD ("automatic-off", test_automatic_off);
  ADD ("open-error-headings", test_open_error_headings);
#undef ADD

  return g_test_run ();
}
