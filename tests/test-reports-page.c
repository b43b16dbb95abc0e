/* test-reports-page.c — the Reports page: no facility, loading when shown, sections and options, registers written in a worker, the demo's pack with its checksum, Cancel, an unwritable folder. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "psems-app-resources.h"
#include "psems-core.h"
#include "psems-pack.h"
#include "psems-problem-row.h"
#include "psems-reports-page.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *db_path;
  PsemsStore *store;
  PsemsActor *actor;
  GtkWindow *window;
  PsemsReportsPage *page;
  gint64 facility_id;            /* the container terminal */
} Fixture;

static GtkWidget *
find_named (gpointer    root,
            const char *name)
{
  return psems_test_find_widget (GTK_WIDGET (root), G_TYPE_NONE, name);
}

static GtkWidget *
get_named (gpointer    root,
           const char *name)
{
  GtkWidget *widget = find_named (root, name);

  if (widget == NULL)
    g_error ("no widget named %s", name);
  return widget;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  f->dir = psems_test_make_dir ();
  f->db_path = g_build_filename (f->dir, "demo.db", NULL);
  status = psems_test_run_cli (NULL, &err, "--db", f->db_path, "db", "demo", NULL);
  if (status != 0)
    g_test_message ("psems-cli db demo: %s", err);
  g_assert_cmpint (status, ==, 0);

  f->store = psems_store_open (f->db_path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  f->facility_id = psems_facility_resolve (f->store, "NHV-CT", &error);
  g_assert_no_error (error);

  f->window = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_set_default_size (f->window, 1000, 900);
  f->page = PSEMS_REPORTS_PAGE (psems_reports_page_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (f->window), GTK_WIDGET (f->page));
  psems_reports_page_set_store (f->page, f->store, f->actor);
  psems_reports_page_set_facility_id (f->page, f->facility_id);
  /* Not shown yet: nothing read. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (f->page, "reports-facility"))), ==,
                   "");
  gtk_window_present (f->window);
  psems_test_iterate_for (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  gtk_window_destroy (f->window);
  psems_test_iterate_for (50);
  g_clear_object (&f->store);
  g_clear_pointer (&f->actor, psems_actor_unref);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

static gboolean
idle_page (gpointer data)
{
  Fixture *f = data;
  gboolean busy = TRUE;

  g_object_get (f->page, "busy", &busy, NULL);
  return !busy;
}

static void
wait_idle (Fixture *f)
{
  psems_test_iterate_until (idle_page, f);
  psems_test_iterate_for (20);
}

static const char *
visible_state (Fixture *f)
{
  GtkWidget *stack = psems_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_STACK, NULL);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static guint
get_sections (Fixture *f)
{
  guint sections = 0;

  g_object_get (f->page, "sections", &sections, NULL);
  return sections;
}

static const char *
row_subtitle (Fixture    *f,
              const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (get_named (f->page, name)));
}

/* The page count in a pack's result row ("42 pages · 1.2 MB · PACK-…"). */
static guint
result_pages (Fixture *f)
{
  const char *subtitle = row_subtitle (f, "reports-pack-done");

  g_assert_nonnull (strstr (subtitle, "page"));
  return (guint) strtoul (subtitle, NULL, 10);
}

static char *
file_sha256 (const char *path)
{
  g_autoptr(GBytes) bytes = psems_test_read_file (path);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_facility_states (Fixture       *f,
                      gconstpointer  user_data)
{
  const char *label = gtk_label_get_text (GTK_LABEL (get_named (f->page, "reports-facility")));
  const char *title = gtk_label_get_text (GTK_LABEL (get_named (f->page,
                                                               "reports-facility-name")));

  /* Loaded once shown. */
  g_assert_cmpstr (visible_state (f), ==, "content");
  g_assert_nonnull (strstr (label, "NHV-CT"));
  g_assert_cmpstr (title, ==, "Nordhaven Container Terminal");

  /* No facility chosen: the page says to choose one, and nothing can be exported. */
  psems_reports_page_set_facility_id (f->page, 0);
  g_assert_cmpstr (visible_state (f), ==, "no-facility");
  g_assert_true (gtk_widget_get_mapped (get_named (f->page, "reports-no-facility")));
  g_assert_false (gtk_widget_get_sensitive (get_named (f->page, "reports-export-pack")));
  psems_reports_page_set_facility_id (f->page, f->facility_id);
  g_assert_cmpstr (visible_state (f), ==, "content");
  g_assert_true (gtk_widget_get_sensitive (get_named (f->page, "reports-export-pack")));

  /* No database. */
  psems_reports_page_set_store (f->page, NULL, NULL);
  g_assert_cmpstr (visible_state (f), ==, "no-database");
}

static void
test_options (Fixture       *f,
              gconstpointer  user_data)
{
  GtkWidget *diagram = get_named (f->page, "reports-section-diagram");
  GtkWidget *export_button = get_named (f->page, "reports-export-pack");
  GtkWidget *personnel = get_named (f->page, "reports-personnel-switch");
  GtkWidget *marking = get_named (f->page, "reports-marking");
  GtkWidget *as_of = get_named (f->page, "reports-as-of");
  GtkWidget *problem = get_named (f->page, "reports-as-of-problem");
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  /* Every section by default, each a check row titled by the pack. */
  g_assert_cmpuint (get_sections (f), ==, PSEMS_PACK_ALL_SECTIONS);
  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    {
      g_autofree char *name = g_strdup_printf ("reports-section-%s",
                                               psems_pack_section_to_string (1u << i));
      GtkWidget *check = psems_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON, name);

      g_assert_nonnull (check);
      g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
    }
  diagram = psems_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_CHECK_BUTTON,
                                    "reports-section-diagram");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (diagram), FALSE);
  g_assert_cmpuint (get_sections (f), ==, PSEMS_PACK_ALL_SECTIONS & ~PSEMS_PACK_DIAGRAM);
  g_assert_true (gtk_widget_get_sensitive (export_button));

  /* None chosen: no pack to export. */
  g_object_set (f->page, "sections", 0u, NULL);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (diagram)));
  psems_test_iterate_for (10);
  g_assert_false (gtk_widget_get_sensitive (export_button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.select-all-sections",
                                             NULL));
  g_assert_cmpuint (get_sections (f), ==, PSEMS_PACK_ALL_SECTIONS);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (diagram)));
  psems_test_iterate_for (10);
  g_assert_true (gtk_widget_get_sensitive (export_button));

  /* The as-of day: today by default; a day that does not exist is marked and blocks exports. */
  today = g_date_time_format (now, "%Y-%m-%d");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (as_of)), ==, today);
  gtk_editable_set_text (GTK_EDITABLE (as_of), "2026-02-30");
  g_assert_true (gtk_widget_has_css_class (as_of, "error"));
  g_assert_nonnull (psems_problem_row_get_message (PSEMS_PROBLEM_ROW (problem)));
  psems_test_iterate_for (10);
  g_assert_false (gtk_widget_get_sensitive (export_button));
  g_assert_false (gtk_widget_get_sensitive (get_named (f->page, "reports-register-findings-xlsx")));
  gtk_editable_set_text (GTK_EDITABLE (as_of), "2026-02-28");
  g_assert_false (gtk_widget_has_css_class (as_of, "error"));
  g_assert_null (psems_problem_row_get_message (PSEMS_PROBLEM_ROW (problem)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.as-of-today", NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (as_of)), ==, today);

  /* A marking from the menu, or typed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.set-marking", "s",
                                             "OFFICIAL-SENSITIVE"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (marking)), ==, "OFFICIAL-SENSITIVE");
  /* The menu's first item clears it; each item's target is a marking the action takes. */
  {
    GtkWidget *button = get_named (f->page, "reports-marking-menu");
    GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
    g_autoptr(GMenuModel) none = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
    g_autoptr(GMenuModel) common = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
    g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (none, 0,
                                                                        G_MENU_ATTRIBUTE_TARGET,
                                                                        G_VARIANT_TYPE_STRING);

    g_assert_nonnull (target);
    g_assert_cmpint (g_menu_model_get_n_items (common), ==, 4);
    gtk_widget_activate_action_variant (GTK_WIDGET (f->page), "reports.set-marking", target);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (marking)), ==, "");
    g_clear_pointer (&target, g_variant_unref);
    target = g_menu_model_get_item_attribute_value (common, 1, G_MENU_ATTRIBUTE_TARGET,
                                                    G_VARIANT_TYPE_STRING);
    gtk_widget_activate_action_variant (GTK_WIDGET (f->page), "reports.set-marking", target);
    g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (marking)), "SSI"));
  }

  /* Personnel names: off by default; an administrator may turn them on. */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (personnel)));
  g_assert_true (gtk_widget_get_sensitive (personnel));

  /* The logo: none, then one, then cleared. */
  g_assert_false (gtk_widget_get_visible (get_named (f->page, "reports-logo-clear")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.set-logo", "s",
                                             "/tmp/seal.png"));
  g_assert_cmpstr (row_subtitle (f, "reports-logo"), ==, "seal.png");
  g_assert_true (gtk_widget_get_visible (get_named (f->page, "reports-logo-clear")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.clear-logo", NULL));
  g_assert_false (gtk_widget_get_visible (get_named (f->page, "reports-logo-clear")));
}

static void
test_registers (Fixture       *f,
                gconstpointer  user_data)
{
  g_autofree char *xlsx = g_build_filename (f->dir, "findings.xlsx", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "controls.csv", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing", "schedule.csv", NULL);
  g_autofree char *text = NULL;
  GtkWidget *error_row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.export-register-to",
                                             "(ss)", "findings", xlsx));
  wait_idle (f);
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (get_named (f->page, "reports-register-done"))),
                   ==, "findings.xlsx");
  g_assert_nonnull (strstr (row_subtitle (f, "reports-register-done"), "XLSX"));
  g_assert_nonnull (strstr (row_subtitle (f, "reports-register-done"), "rows"));
  g_assert_nonnull (find_named (f->page, "reports-open"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.export-register-to",
                                             "(ss)", "controls", csv));
  wait_idle (f);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "Control,Name,Facility,"));
  g_assert_nonnull (strstr (text, ",NHV-CT,"));
  g_assert_null (strstr (text, ",NHV-CRU,"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.export-register-to",
                                             "(ss)", "schedule", missing));
  wait_idle (f);
  error_row = get_named (f->page, "reports-register-error");
  g_assert_nonnull (strstr (row_subtitle (f, "reports-register-error"), missing));
  g_assert_true (gtk_widget_has_css_class (error_row, "error"));
  g_assert_null (find_named (f->page, "reports-register-done"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

static void
test_pack (Fixture       *f,
           gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (f->dir, "pack.pdf", NULL);
  g_autofree char *sums = g_strconcat (path, ".sha256", NULL);
  g_autofree char *summary_path = g_build_filename (f->dir, "summary.pdf", NULL);
  g_autofree char *digest = NULL;
  g_autofree char *text = NULL;
  GtkWidget *label;
  guint all_pages, counts_pages;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.set-marking", "s",
                                             "OFFICIAL-SENSITIVE"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.export-pack-to", "s",
                                             path));
  /* Running: progress and Cancel shown, a second export refused. */
  g_assert_true (gtk_widget_get_visible (get_named (f->page, "reports-pack-progress")));
  g_assert_false (gtk_widget_get_sensitive (get_named (f->page, "reports-export-pack")));
  wait_idle (f);
  g_assert_false (gtk_widget_get_visible (get_named (f->page, "reports-pack-progress")));
  g_assert_true (gtk_widget_get_sensitive (get_named (f->page, "reports-export-pack")));

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sums, G_FILE_TEST_IS_REGULAR));
  all_pages = result_pages (f);
  g_assert_cmpuint (all_pages, >, 2);
  /* The checksum shown is the file's, selectable. */
  label = get_named (f->page, "reports-pack-sha256");
  digest = file_sha256 (path);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, digest);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (label)));
  g_assert_nonnull (find_named (f->page, "reports-show-in-folder"));

  /* The sections chosen are the options built: one section makes a shorter pack. */
  g_object_set (f->page, "sections", (guint) PSEMS_PACK_SUMMARY, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.export-pack-to", "s",
                                             summary_path));
  wait_idle (f);
  g_assert_true (g_file_test (summary_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (result_pages (f), <, all_pages);
  /* The marking chosen is on the pages. */
  text = pdf_text (summary_path);
  g_assert_nonnull (strstr (text, "OFFICIAL-SENSITIVE"));

  /* Personnel names asked for: the named list makes the personnel section longer. */
  g_object_set (f->page, "sections", (guint) PSEMS_PACK_PERSONNEL, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.export-pack-to", "s",
                                             summary_path));
  wait_idle (f);
  counts_pages = result_pages (f);
  gtk_switch_set_active (GTK_SWITCH (get_named (f->page, "reports-personnel-switch")), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.export-pack-to", "s",
                                             summary_path));
  wait_idle (f);
  g_assert_cmpuint (result_pages (f), >, counts_pages);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (f->dir, "cancelled.pdf", NULL);
  g_autofree char *sums = g_strconcat (path, ".sha256", NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.export-pack-to", "s",
                                             path));
  g_assert_true (gtk_widget_get_sensitive (get_named (f->page, "reports-pack-cancel")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.cancel", NULL));
  wait_idle (f);
  g_assert_nonnull (find_named (f->page, "reports-cancelled"));
  g_assert_null (find_named (f->page, "reports-pack-done"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (sums, G_FILE_TEST_EXISTS));
}

static void
test_unwritable (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autofree char *folder = g_build_filename (f->dir, "missing", NULL);
  g_autofree char *path = g_build_filename (folder, "pack.pdf", NULL);
  GtkWidget *row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "reports.export-pack-to", "s",
                                             path));
  wait_idle (f);
  row = get_named (f->page, "reports-pack-error");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (strstr (row_subtitle (f, "reports-pack-error"), path));
  g_assert_null (find_named (f->page, "reports-pack-done"));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return 77;
  adw_init ();
  /* Naming the resources links them in from the static library; no application loads them here. */
  g_assert_nonnull (psems_app_get_resource ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reports-page/facility-states", test_facility_states);
  ADD ("/reports-page/options", test_options);
  ADD ("/reports-page/registers", test_registers);
  ADD ("/reports-page/pack", test_pack);
  ADD ("/reports-page/cancel", test_cancel);
  ADD ("/reports-page/unwritable", test_unwritable);
#undef ADD

  return g_test_run ();
}
