/* test-personnel.c — the Personnel page: count, search, filters, CSV import (modes, dry run) and export, vettings and trainings through its actions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "psems-application.h"
#include "psems-core.h"
#include "psems-person.h"
#include "psems-person-model.h"
#include "psems-adaptive-bin.h"
#include "psems-personnel-page.h"
#include "psems-problem-row.h"
#include "psems-store-private.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-undo.h"
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
  fixture->page = PSEMS_PERSONNEL_PAGE (psems_window_get_section_page (fixture->window, "personnel"));
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

static gboolean
import_finished (gpointer data)
{
  Fixture *fixture = data;

  return !psems_personnel_page_get_importing (fixture->page);
}

/* Answers the import dialog a file brings up: @mode 0 insert, 1 upsert; then waits for the import. */
static void
start_import (Fixture  *fixture,
              guint     mode,
              gboolean  dry_run)
{
  GtkWindow *dialog = find_named_toplevel ("import-options-dialog");

  g_assert_nonnull (dialog);
  g_assert_false (psems_personnel_page_get_importing (fixture->page));   /* nothing read yet */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_named (dialog, mode == 1 ? "import-mode-upsert"
                                                                  : "import-mode-insert")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (get_named (dialog, "import-dry-run")), dry_run);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "import");
  psems_test_iterate_until (import_finished, fixture);
}

/* The report dialog's heading and text, then closes it. */
static char *
take_report (const char *heading)
{
  GtkWindow *dialog = find_named_toplevel ("import-report-dialog");
  char *text;

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, heading);
  text = g_strdup (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  gtk_window_destroy (dialog);
  return text;
}

static char *
dup_sql_text (PsemsStore *store,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Insert or upsert, with or without a dry run, as `psems-cli person import` offers. */
static void
test_import_modes (Fixture       *fixture,
                   gconstpointer  user_data)
{
  PsemsStore *store = psems_window_get_store (fixture->window);
  g_autofree char *path = g_build_filename (fixture->dir, "hr-refresh.csv", NULL);
  g_autofree char *badge = dup_sql_text (store, "SELECT badge_no FROM person"
                                                " WHERE badge_no IS NOT NULL ORDER BY id LIMIT 1");
  g_autofree char *csv = NULL;
  g_autofree char *family = NULL;
  g_autofree char *body = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  gint64 audit = psems_test_count (store, "SELECT count(*) FROM audit_trail");

  g_assert_nonnull (badge);
  csv = g_strdup_printf ("badge_no,given_name,family_name,employer\n"
                         "%s,Ada,Quayside,Nordhaven Stevedoring\n"
                         "T-NEW-1,Bo,Pier,Nordhaven Stevedoring\n", badge);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));

  /* Insert, dry run: the known badge is a problem on line 2, and nothing is written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "personnel.import-file",
                                             "s", path));
  start_import (fixture, 0, TRUE);
  g_free (take_report ("Dry Run: The File Has Problems"));
  g_assert_nonnull (strstr (psems_personnel_page_get_import_report (fixture->page),
                            "hr-refresh.csv:2: badge_no: "));
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM person"), ==, N_PERSONS);

  /* Upsert, dry run: would add one and update one; still nothing written, no audit entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "personnel.import-file",
                                             "s", path));
  start_import (fixture, 1, TRUE);
  body = take_report ("Dry Run Passed");
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "add 1 new and update 1 known"));
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM person"), ==, N_PERSONS);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM audit_trail"), ==, audit);

  /* The dialog remembers the choice; upsert for real updates the known badge, adds the new one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "personnel.import-file",
                                             "s", path));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (
    get_named (find_named_toplevel ("import-options-dialog"), "import-mode-upsert"))));
  start_import (fixture, 1, FALSE);
  g_assert_null (find_named_toplevel ("import-report-dialog"));
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM person"), ==, N_PERSONS + 1);
  sql = g_strdup_printf ("SELECT family_name FROM person WHERE badge_no = '%s'", badge);
  family = dup_sql_text (store, sql);
  g_assert_cmpstr (family, ==, "Quayside");
  wait_for_list (fixture);
  g_assert_cmpuint (n_listed (fixture), ==, N_PERSONS + 1);
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
  start_import (fixture, 1, FALSE);

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
  fixture->page = PSEMS_PERSONNEL_PAGE (psems_window_get_section_page (fixture->window, "personnel"));
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
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  psems_test_iterate_for (50);
  dialog = find_named_toplevel ("personnel-error");
  if (dialog != NULL)
    g_test_message ("refused: %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_null (dialog);

  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM vetting WHERE person_id = %lld",
                                     (long long) id), ==, before + 1);
  g_assert_cmpuint (n_list_rows (get_named (fixture->page, "person-vettings")), ==, before + 1);
}

static const char *
problem_of (GtkWindow  *dialog,
            const char *name)
{
  return psems_problem_row_get_message (PSEMS_PROBLEM_ROW (get_named (dialog, name)));
}

/* A recorded vetting opens for editing from its row's action; problems show at the field. */
static void
test_edit_vetting (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *list = get_named (fixture->page, "personnel-list");
  PsemsStore *store = psems_window_get_store (fixture->window);
  GtkWindow *dialog;
  g_autofree char *sql = NULL;
  g_autofree char *status = NULL;
  g_autofree char *issued = NULL;
  gint64 person, vetting;

  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (list)), 0, TRUE);
  person = psems_personnel_page_get_selected_id (fixture->page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "personnel.record-vetting", NULL));
  dialog = find_named_toplevel ("record-vetting-dialog");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-requested")), "2025-12-01");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-reference")), "REF-9");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  psems_test_iterate_for (50);
  vetting = psems_test_count (store, "SELECT max(id) FROM vetting WHERE person_id = %lld",
                              (long long) person);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "personnel.edit-vetting", "x", vetting));
  dialog = find_named_toplevel ("edit-vetting-dialog");
  g_assert_nonnull (dialog);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (get_named (dialog,
                                                                          "vetting-status"))),
                    ==, 0);   /* pending */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_named (dialog, "vetting-reference"))),
                   ==, "REF-9");
  g_assert_null (problem_of (dialog, "vetting-issued-problem"));

  /* Cleared without the day it was issued: said at that field, and Save waits. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_named (dialog, "vetting-status")), 1);
  g_assert_nonnull (problem_of (dialog, "vetting-issued-problem"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-issued")), "2025-11-30");
  g_assert_nonnull (problem_of (dialog, "vetting-issued-problem"));   /* before it was requested */
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-issued")), "2026-01-10");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-expires")), "2026-01-10");
  g_assert_null (problem_of (dialog, "vetting-issued-problem"));
  g_assert_nonnull (problem_of (dialog, "vetting-expires-problem"));
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-expires")), "2031-01-10");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "vetting-authority")), "NSV");
  g_assert_null (problem_of (dialog, "vetting-expires-problem"));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  psems_test_iterate_for (50);
  g_assert_null (find_named_toplevel ("personnel-error"));

  sql = g_strdup_printf ("SELECT status FROM vetting WHERE id = %lld", (long long) vetting);
  status = dup_sql_text (store, sql);
  g_assert_cmpstr (status, ==, "cleared");
  g_free (sql);
  sql = g_strdup_printf ("SELECT issued_on || ' ' || expires_on || ' ' || authority FROM vetting"
                         " WHERE id = %lld", (long long) vetting);
  issued = dup_sql_text (store, sql);
  g_assert_cmpstr (issued, ==, "2026-01-10 2031-01-10 NSV");
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM audit_trail WHERE entity = 'vetting'"
                                            " AND action = 'update' AND entity_id = %lld",
                                     (long long) vetting), ==, 1);
  /* The pane shows the edit: the person is cleared now. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (fixture->page, "person-clearance"))),
                   ==, "Cleared");
}

/* Add Training: courses from the database, expiry following the course, a removal. */
static void
test_add_remove_training (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkWidget *list = get_named (fixture->page, "personnel-list");
  PsemsStore *store = psems_window_get_store (fixture->window);
  g_autoptr(GPtrArray) courses = psems_training_course_list (store, NULL);
  PsemsTrainingCourse *course;
  g_autofree char *expected = NULL;
  g_autofree char *provider = NULL;
  GtkWindow *dialog;
  AdwToastOverlay *overlay;
  AdwToast *toast;
  gint64 person, before, training;
  guint pick = 0;

  g_assert_nonnull (courses);
  g_assert_cmpuint (courses->len, >, 0);
  for (guint i = 0; i < courses->len; i++)
    if (((PsemsTrainingCourse *) courses->pdata[i])->validity_months > 0)
      pick = i;
  course = courses->pdata[pick];

  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (list)), 2, TRUE);
  person = psems_personnel_page_get_selected_id (fixture->page);
  before = psems_test_count (store, "SELECT count(*) FROM training_record WHERE person_id = %lld"
                                    " AND deleted_at IS NULL", (long long) person);
  g_assert_cmpuint (n_list_rows (get_named (fixture->page, "person-trainings")), ==, before);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "personnel.add-training",
                                             NULL));
  dialog = find_named_toplevel ("add-training-dialog");
  g_assert_nonnull (dialog);
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_named (dialog, "training-course")), pick);
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "training-completed")), "2025-03-01");
  expected = psems_training_course_expiry (course, "2025-03-01");
  g_assert_nonnull (expected);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_named (dialog, "training-expires"))),
                   ==, expected);
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "training-completed")), "2025-02-30");
  g_assert_nonnull (problem_of (dialog, "training-completed-problem"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "training-completed")), "2025-03-01");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "training-provider")), "Port academy");
  g_assert_null (problem_of (dialog, "training-completed-problem"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  psems_test_iterate_for (50);
  g_assert_null (find_named_toplevel ("personnel-error"));

  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM training_record WHERE person_id = %lld"
                                            " AND deleted_at IS NULL", (long long) person),
                   ==, before + 1);
  training = psems_test_count (store, "SELECT max(id) FROM training_record WHERE person_id = %lld",
                               (long long) person);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT expires_on || ' ' || provider FROM training_record"
                                            " WHERE id = %lld", (long long) training);

    provider = dup_sql_text (store, sql);
  }
  g_assert_true (g_str_has_prefix (provider, expected));
  g_assert_true (g_str_has_suffix (provider, " Port academy"));
  g_assert_cmpuint (n_list_rows (get_named (fixture->page, "person-trainings")), ==, before + 1);

  /* Removing asks nothing: the toast's Undo brings the record back. */
  overlay = ADW_TOAST_OVERLAY (psems_test_find_widget (GTK_WIDGET (fixture->page),
                                                       ADW_TYPE_TOAST_OVERLAY, NULL));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "personnel.remove-training", "x", training));
  psems_test_iterate_for (50);
  g_assert_null (find_named_toplevel ("remove-training-dialog"));
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM training_record WHERE person_id = %lld"
                                            " AND deleted_at IS NULL", (long long) person), ==, before);
  g_assert_cmpuint (n_list_rows (get_named (fixture->page, "person-trainings")), ==, before);
  toast = psems_undo_get_pending (overlay);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), course->name));
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  /* What the toast's button does: its signal, then the toast goes. */
  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  psems_test_iterate_for (50);
  g_assert_null (psems_undo_get_pending (overlay));
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM training_record WHERE id = %lld"
                                            " AND deleted_at IS NULL", (long long) training), ==, 1);
  g_assert_cmpuint (n_list_rows (get_named (fixture->page, "person-trainings")), ==, before + 1);

  /* Ctrl+Z (page.undo) does the same while the toast shows, and nothing after. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "personnel.remove-training", "x", training));
  psems_test_iterate_for (50);
  g_assert_cmpuint (n_list_rows (get_named (fixture->page, "person-trainings")), ==, before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.undo", NULL));
  psems_test_iterate_for (50);
  g_assert_cmpuint (n_list_rows (get_named (fixture->page, "person-trainings")), ==, before + 1);
  g_assert_null (psems_undo_get_pending (overlay));
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM audit_trail WHERE entity = 'training'"
                                            " AND action = 'restore' AND entity_id = %lld",
                                     (long long) training), ==, 2);
}

/* Ctrl+N and Ctrl+F: page.new starts a new person, page.find puts the cursor in the search,
 * through the window as its shortcuts do; the page binds both keys itself too. */
static void
test_page_keys (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *search = get_named (fixture->page, "personnel-search");
  GtkWidget *given = get_named (fixture->page, "person-given-name");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (fixture->page));

  gtk_window_present (GTK_WINDOW (fixture->window));
  psems_test_iterate_for (100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  psems_test_iterate_for (50);
  g_assert_cmpint (psems_personnel_page_get_selected_id (fixture->page), ==, 0);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root), given)
                 || gtk_root_get_focus (root) == given);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  psems_test_iterate_for (50);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root), search)
                 || gtk_root_get_focus (root) == search);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.new", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.find", NULL));
}

static guint expected_columns;

static gboolean
list_fits_phone (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) <= 360;
}

static gboolean
has_expected_columns (gpointer data)
{
  return g_list_model_get_n_items (data) == expected_columns;
}

/* At a phone's width the list keeps name, badge and status, the buttons their icons (and
 * their names for screen readers), and nothing asks for more than 360 pixels; wider, employer
 * and expiry come back from 600 pixels of list, the level from 860, each in its place. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  user_data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (get_named (fixture->page, "personnel-list"));
  GListModel *columns = gtk_column_view_get_columns (view);
  /* The outer of the two: the list's own width. */
  GtkWidget *list = psems_test_find_widget (GTK_WIDGET (fixture->page), PSEMS_TYPE_ADAPTIVE_BIN, NULL);
  const char *wide[] = { "Name", "Employer", "Badge", "Level", "Status", "Expires", NULL };
  const char *medium[] = { "Name", "Employer", "Badge", "Status", "Expires", NULL };
  const char *narrow[] = { "Name", "Badge", "Status", NULL };
  const int widths[] = { 360, 1200, 1800, 360 };
  guint most = 0;
  int minimum = 0;

  for (guint s = 0; s < G_N_ELEMENTS (widths); s++)
    {
      const char **titles;
      int list_width;

      psems_test_present_at_width (GTK_WINDOW (fixture->window), widths[s]);
      /* A folded page may show the person first selected: the list is one step back. */
      gtk_widget_activate_action (GTK_WIDGET (fixture->page), "personnel.back", NULL);
      psems_test_iterate_for (300);
      g_test_message ("asked for %d px: window %d, list %d (%s)", widths[s],
                      gtk_widget_get_width (GTK_WIDGET (fixture->window)), gtk_widget_get_width (list),
                      gtk_widget_get_mapped (list) ? "mapped" : "not mapped");
      if (widths[s] == 360)
        psems_test_iterate_until (list_fits_phone, list);
      list_width = gtk_widget_get_width (list);
      g_test_message ("window %d px: window %d, list %d", widths[s],
                      gtk_widget_get_width (GTK_WIDGET (fixture->window)), list_width);
      titles = list_width < 600 ? narrow : list_width < 860 ? medium : wide;
      if (widths[s] == 360)
        g_assert_true (titles == narrow);
      /* The columns follow the list's width from the main loop, one step at a time. */
      expected_columns = g_strv_length ((char **) titles);
      psems_test_iterate_until (has_expected_columns, columns);
      most = MAX (most, expected_columns);
      for (guint i = 0; titles[i] != NULL; i++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

          g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
        }
      if (widths[s] == 360)
        {
          gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1,
                              &minimum, NULL, NULL, NULL);
          g_assert_cmpint (minimum, <=, 360);
        }
    }
  /* Wider than a phone, the list got back at least the employer. */
  g_assert_cmpuint (most, >, G_N_ELEMENTS (narrow) - 1);
}

/* Archiving someone who left asks nothing; the toast's Undo brings them back to the list, and
 * the search index finds them again. */
static void
test_archive_undo (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *list = get_named (fixture->page, "personnel-list");
  PsemsStore *store = psems_window_get_store (fixture->window);
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (psems_test_find_widget (GTK_WIDGET (fixture->page),
                                                                        ADW_TYPE_TOAST_OVERLAY, NULL));
  g_autoptr(PsemsPerson) person = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;
  gint64 id;

  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (list)), 1, TRUE);
  id = psems_personnel_page_get_selected_id (fixture->page);
  g_assert_cmpint (id, >, 0);
  person = psems_person_get (store, id, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "personnel.archive", NULL));
  wait_for_list (fixture);
  g_assert_null (find_named_toplevel ("personnel-error"));
  g_assert_cmpuint (n_listed (fixture), ==, N_PERSONS - 1);
  g_assert_cmpint (psems_personnel_page_get_selected_id (fixture->page), !=, id);
  toast = psems_undo_get_pending (overlay);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), person->display_name));

  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  wait_for_list (fixture);
  g_assert_cmpuint (n_listed (fixture), ==, N_PERSONS);
  g_assert_cmpint (count_matching (fixture, person->family_name, NULL), >=, 1);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM person WHERE id = %lld AND deleted_at IS NULL",
                                     (long long) id), ==, 1);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* What the drop target does with what was dropped. */
static gboolean
drop_files (Fixture *fixture,
            GSList  *files)
{
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (fixture->page));
  GValue value = G_VALUE_INIT;
  gboolean taken = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &taken);
  g_value_unset (&value);
  return taken;
}

/* A CSV dropped on the page goes through the Import flow: its mode dialog, then the report that
 * names the line with the mistake. Several files, or a file that is not CSV, are refused. */
static void
test_drop_csv (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "dropped.csv", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "notes.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) pdf = g_file_new_for_path (other);
  g_autoptr(GError) error = NULL;
  AdwToastOverlay *overlay;
  GSList one = { file, NULL };
  GSList two = { pdf, &one };
  GSList wrong = { pdf, NULL };
  const char *csv =
    "badge_no,given_name,family_name,employer,date_of_birth\n"
    "D-0001,Ada,Quayside,Nordhaven Stevedoring,1984-06-01\n"
    "D-0002,Bram,Harbourmaster,Nordhaven Stevedoring,1979-13-01\n";
  const char *report;

  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_true (g_file_set_contents (other, "%PDF-1.4\n", -1, &error));
  g_assert_no_error (error);
  overlay = ADW_TOAST_OVERLAY (psems_test_find_widget (GTK_WIDGET (fixture->page),
                                                       ADW_TYPE_TOAST_OVERLAY, NULL));

  g_assert_false (drop_files (fixture, &two));
  g_assert_null (find_named_toplevel ("import-options-dialog"));
  g_assert_false (drop_files (fixture, &wrong));
  g_assert_null (find_named_toplevel ("import-options-dialog"));
  g_assert_nonnull (overlay);

  g_assert_true (drop_files (fixture, &one));
  start_import (fixture, 0, FALSE);
  report = psems_personnel_page_get_import_report (fixture->page);
  g_assert_nonnull (report);
  g_assert_nonnull (strstr (report, "dropped.csv:3: date_of_birth: "));
  g_assert_cmpint (psems_test_count (psems_window_get_store (fixture->window),
                                     "SELECT count(*) FROM person"), ==, N_PERSONS);
  g_free (take_report ("Nothing Imported"));
}

static gboolean
export_finished (gpointer data)
{
  Fixture *fixture = data;
  gboolean exporting;

  g_object_get (fixture->page, "exporting", &exporting, NULL);
  return !exporting;
}

/* Export writes what the list shows: the current filter, in the list's order, with the header. */
static void
test_export_filter (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "cleared.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPersonRow) first = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  gboolean exporting;
  gint64 matching;
  guint n;

  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (fixture->page,
                                                        "personnel-status-filter")), 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (fixture->page, "personnel-sort")), 2);
  wait_for_list (fixture);
  matching = count_matching (fixture, NULL, "cleared");
  g_assert_cmpint (matching, >, 0);
  g_assert_cmpint (matching, <, N_PERSONS);
  g_assert_cmpuint (n_listed (fixture), ==, matching);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "personnel.export-file",
                                             "s", path));
  g_object_get (fixture->page, "exporting", &exporting, NULL);
  g_assert_true (exporting);
  psems_test_iterate_until (export_finished, fixture);
  g_assert_null (find_named_toplevel ("personnel-error"));

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  n = g_strv_length (lines);
  if (n > 0 && g_strstrip (lines[n - 1])[0] == '\0')
    n--;
  g_assert_cmpstr (g_strchomp (lines[0]), ==,
                   "badge_no,given_name,family_name,display_name,employer,job_title,nationality,"
                   "date_of_birth,email,phone,vetting_level,vetting_status,vetting_issued,"
                   "vetting_expires,vetting_authority,vetting_ref,areas");
  g_assert_cmpint (n - 1, ==, matching);
  /* Every row is a cleared person's, and the first is the list's first (sorted by badge). */
  for (guint i = 1; i < n; i++)
    g_assert_nonnull (strstr (lines[i], ",cleared,"));
  first = g_list_model_get_item (psems_personnel_page_get_model (fixture->page), 0);
  fields = g_strsplit (lines[1], ",", 2);
  g_assert_cmpstr (fields[0], ==, psems_person_row_get_badge_no (first));
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
  ADD ("import-modes", test_import_modes);
  ADD ("record-vetting", test_record_vetting);
  ADD ("edit-vetting", test_edit_vetting);
  ADD ("add-remove-training", test_add_remove_training);
  ADD ("page-keys", test_page_keys);
  ADD ("narrow", test_narrow);
  ADD ("archive-undo", test_archive_undo);
  ADD ("drop-csv", test_drop_csv);
  ADD ("export-filter", test_export_filter);
  ADD ("read-only-privacy", test_read_only_privacy);
#undef ADD

  return g_test_run ();
}
