/* test-personnel.c — the Personnel page: count, search, filters and CSV import through its actions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "psems-application.h"
#include "psems-core.h"
#include "psems-person.h"
#include "psems-person-model.h"
#include "psems-personnel-page.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-window.h"

#define N_PERSONS 300

typedef struct
{
  char *dir;
  char *db_path;
  PsemsApplication *application;
  PsemsWindow *window;
  PsemsPersonnelPage *page;
} Fixture;

static GtkWidget *
get_named (gpointer    root,
           const char *name)
{
  GtkWidget *widget = psems_test_find_widget (GTK_WIDGET (root), G_TYPE_NONE, name);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
page_settled (gpointer data)
{
  Fixture *fixture = data;

  return !psems_personnel_page_get_loading (fixture->page);
}

/* The search entry and the employer field wait for a pause in typing; then the model counts. */
static void
wait_for_list (Fixture *fixture)
{
  psems_test_iterate_for (400);
  psems_test_iterate_until (page_settled, fixture);
}

static guint
n_listed (Fixture *fixture)
{
  return g_list_model_get_n_items (psems_personnel_page_get_model (fixture->page));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *n = g_strdup_printf ("%d", N_PERSONS);
  int status;

  fixture->dir = psems_test_make_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  status = psems_test_run_cli (&out, &err, "--db", fixture->db_path, "db", "demo",
                               "--persons", n, NULL);
  g_assert_cmpint (status, ==, 0);

  fixture->application = psems_application_new ("io.github.psems.Psems.TestPersonnel",
                                                 G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (fixture->application), NULL, &error);
  g_assert_no_error (error);

  fixture->window = psems_application_open_path (fixture->application, fixture->db_path,
                                                 PSEMS_STORE_OPEN_DEFAULT, NULL);
  g_assert_nonnull (psems_window_get_store (fixture->window));
  fixture->page = PSEMS_PERSONNEL_PAGE (psems_test_find_widget (GTK_WIDGET (fixture->window),
                                                                PSEMS_TYPE_PERSONNEL_PAGE, NULL));
  g_assert_nonnull (fixture->page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section",
                                             "s", "personnel"));
  wait_for_list (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  psems_test_close_windows (GTK_APPLICATION (fixture->application));
  g_clear_object (&fixture->application);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static gint64
count_matching (Fixture    *fixture,
                const char *text,
                const char *status)
{
  PsemsPersonQuery query;
  g_autoptr(GError) error = NULL;
  gint64 n;

  psems_person_query_init (&query);
  query.text = g_strdup (text);
  query.status = g_strdup (status);
  n = psems_person_count (psems_window_get_store (fixture->window), &query, &error);
  g_assert_no_error (error);
  psems_person_query_clear (&query);
  return n;
}

static void
test_count_search_filter (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkLabel *count = GTK_LABEL (get_named (fixture->page, "personnel-count"));
  g_autoptr(PsemsPersonRow) first = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *expected = NULL;
  const char *sort_name;
  gint64 matching;

  g_assert_cmpuint (n_listed (fixture), ==, N_PERSONS);
  expected = g_strdup_printf ("%d persons", N_PERSONS);
  g_assert_cmpstr (gtk_label_get_text (count), ==, expected);

  /* A surname prefix, typed into the search entry, narrows the list to what core finds. */
  first = g_list_model_get_item (psems_personnel_page_get_model (fixture->page), 0);
  sort_name = psems_person_row_get_sort_name (first);
  g_assert_nonnull (sort_name);
  prefix = g_utf8_substring (sort_name, 0, 3);
  gtk_editable_set_text (GTK_EDITABLE (get_named (fixture->page, "personnel-search")), prefix);
  wait_for_list (fixture);
  matching = count_matching (fixture, prefix, NULL);
  g_assert_cmpint (matching, >, 0);
  g_assert_cmpint (matching, <, N_PERSONS);
  g_assert_cmpuint (n_listed (fixture), ==, matching);
  {
    g_autoptr(PsemsPersonRow) row = g_list_model_get_item (psems_personnel_page_get_model
                                                             (fixture->page), 0);

    g_assert_nonnull (row);
  }

  /* Back to everyone, then the status filter: only the cleared. */
  gtk_editable_set_text (GTK_EDITABLE (get_named (fixture->page, "personnel-search")), "");
  wait_for_list (fixture);
  g_assert_cmpuint (n_listed (fixture), ==, N_PERSONS);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (fixture->page,
                                                        "personnel-status-filter")), 1);
  wait_for_list (fixture);
  matching = count_matching (fixture, NULL, "cleared");
  g_assert_cmpint (matching, >, 0);
  g_assert_cmpint (matching, <, N_PERSONS);
  g_assert_cmpuint (n_listed (fixture), ==, matching);
}

static gboolean
import_finished (gpointer data)
{
  Fixture *fixture = data;

  return !psems_personnel_page_get_importing (fixture->page);
}

static void
test_import_mistake (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "new-hires.csv", NULL);
  g_autoptr(GError) error = NULL;
  const char *csv =
    "badge_no,given_name,family_name,employer,date_of_birth\n"
    "T-0001,Ada,Quayside,Nordhaven Stevedoring,1984-06-01\n"
    "T-0002,Bram,Harbourmaster,Nordhaven Stevedoring,1979-02-30\n"
    "T-0003,Cleo,Pilot,Nordhaven Stevedoring,1990-11-12\n";
  const char *report;
  GListModel *toplevels;

  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "personnel.import-file",
                                             "s", path));
  psems_test_iterate_until (import_finished, fixture);

  report = psems_personnel_page_get_import_report (fixture->page);
  g_assert_nonnull (report);
  g_test_message ("report: %s", report);
  g_assert_nonnull (strstr (report, "new-hires.csv:3: date_of_birth: "));
  g_assert_cmpint (psems_test_count (psems_window_get_store (fixture->window),
                                     "SELECT count(*) FROM person"), ==, N_PERSONS);

  /* The report is shown, not only kept. */
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), "import-report-dialog") == 0)
        {
          GtkWidget *label = get_named (window, "import-report");

          g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), ":3: "));
          gtk_window_destroy (window);
          return;
        }
    }
  g_assert_not_reached ();
}

static gint64
count_views (Fixture *fixture)
{
  return psems_test_count (psems_window_get_store (fixture->window),
                           "SELECT count(*) FROM audit_trail WHERE action = 'view'");
}

static void
test_read_only_privacy (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkWidget *notice = get_named (fixture->page, "personnel-privacy-notice");
  GtkWidget *list = get_named (fixture->page, "personnel-list");
  GtkSelectionModel *selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (list));
  gint64 views;

  /* On a database that can be written, opening a person's details is recorded as a view. */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (
    notice, GTK_TYPE_REVEALER))));
  views = count_views (fixture);
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_cmpint (psems_personnel_page_get_selected_id (fixture->page), >, 0);
  g_assert_cmpint (count_views (fixture), ==, views + 1);

  /* Read-only: the details are still shown, and the page says views cannot be recorded. */
  psems_test_close_windows (GTK_APPLICATION (fixture->application));
  fixture->window = psems_application_open_path (fixture->application, fixture->db_path,
                                                 PSEMS_STORE_OPEN_READ_ONLY, NULL);
  g_assert_true (psems_store_get_read_only (psems_window_get_store (fixture->window)));
  fixture->page = PSEMS_PERSONNEL_PAGE (psems_test_find_widget (GTK_WIDGET (fixture->window),
                                                                PSEMS_TYPE_PERSONNEL_PAGE, NULL));
  wait_for_list (fixture);
  notice = get_named (fixture->page, "personnel-privacy-notice");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (
    notice, GTK_TYPE_REVEALER))));
  list = get_named (fixture->page, "personnel-list");
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (list));
  gtk_selection_model_select_item (selection, 1, TRUE);
  g_assert_cmpint (psems_personnel_page_get_selected_id (fixture->page), >, 0);
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (get_named (fixture->page,
                                                                     "person-given-name"))));
}

static guint
n_list_rows (GtkWidget *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n) != NULL)
    n++;
  return n;
}

static GtkWindow *
find_named_toplevel (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0)
        return window;
    }
  return NULL;
}

static void
test_record_vetting (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *list = get_named (fixture->page, "personnel-list");
  PsemsStore *store = psems_window_get_store (fixture->window);
  GtkWindow *dialog;
  gint64 id;
  gint64 before;

  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (list)), 0, TRUE);
  id = psems_personnel_page_get_selected_id (fixture->page);
  g_assert_cmpint (id, >, 0);
  before = psems_test_count (store, "SELECT count(*) FROM vetting WHERE person_id = %lld",
                             (long long) id);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "personnel.record-vetting", NULL));
  dialog = find_named_toplevel ("record-vetting-dialog");
  g_assert_nonnull (dialog);
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_named (dialog, "vetting-status")), 1);
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-requested")), "2025-12-01");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-issued")), "2026-01-10");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-expires")), "2031-01-10");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-authority")), "NSV");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
  psems_test_iterate_for (50);
  dialog = find_named_toplevel ("personnel-error");
  if (dialog != NULL)
    g_test_message ("refused: %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_null (dialog);

  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM vetting WHERE person_id = %lld",
                                     (long long) id), ==, before + 1);
  g_assert_cmpuint (n_list_rows (get_named (fixture->page, "person-vettings")), ==, before + 1);
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

#define ADD(name, func) \
  g_test_add ("/personnel/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("count-search-filter", test_count_search_filter);
  ADD ("import-mistake", test_import_mistake);
  ADD ("record-vetting", test_record_vetting);
  ADD ("read-only-privacy", test_read_only_privacy);
#undef ADD

  return g_test_run ();
}
