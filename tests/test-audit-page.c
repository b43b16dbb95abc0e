/* test-audit-page.c — the Audit trail page: the entries a page at a time, filters, an entry's images, CSV export, verification intact and after tampering. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "psems-app-resources.h"
#include "psems-audit-page.h"
#include "psems-core.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-verify.h"

typedef struct
{
  char *dir;
  char *db_path;
  PsemsStore *store;
  PsemsActor *actor;
  GtkWindow *window;
  PsemsAuditPage *page;
  char *edited_ref;             /* a person Kari Nord edited through psems-cli */
} Fixture;

static GtkWidget *
get_named (gpointer    root,
           const char *name)
{
  GtkWidget *widget = psems_test_find_widget (GTK_WIDGET (root), G_TYPE_NONE, name);

  g_assert_nonnull (widget);
  return widget;
}

static int
cli (Fixture *f,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, f);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_assert_cmpuint (args->len, ==, 6);
  status = psems_test_run_cli (&out, &err, "--db", f->db_path, args->pdata[0], args->pdata[1],
                               args->pdata[2], args->pdata[3], args->pdata[4], args->pdata[5], NULL);
  if (status != 0)
    g_test_message ("psems-cli: %s", err);
  return status;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  f->dir = psems_test_make_dir ();
  f->db_path = g_build_filename (f->dir, "demo.db", NULL);
  g_assert_cmpint (psems_test_run_cli (NULL, &err, "--db", f->db_path, "db", "demo", "--persons", "40", NULL),
                   ==, 0);
  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ref FROM person WHERE id = 3", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  f->edited_ref = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (cli (f, "--user", "Kari Nord", "person", "edit", f->edited_ref, "--job-title=Crane operator",
                        NULL), ==, 0);
  g_assert_cmpint (cli (f, "--user", "Kari Nord", "person", "edit", f->edited_ref, "--phone=+47 555 0101",
                        NULL), ==, 0);

  f->store = psems_store_open (f->db_path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);

  f->window = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_set_default_size (f->window, 1300, 860);
  f->page = PSEMS_AUDIT_PAGE (psems_audit_page_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (f->window), GTK_WIDGET (f->page));
  psems_audit_page_set_store (f->page, f->store, f->actor);
  gtk_window_present (f->window);
  psems_test_iterate_for (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Error dialogs the page may have opened. */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window != f->window)
        gtk_window_destroy (window);
    }
  gtk_window_destroy (f->window);
  psems_test_iterate_for (20);
  g_clear_pointer (&f->actor, psems_actor_unref);
  g_clear_object (&f->store);
  psems_test_remove_dir (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
  g_free (f->edited_ref);
}

static GtkSingleSelection *
get_selection (Fixture *f)
{
  return GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (get_named (f->page, "audit-entries"))));
}

static guint
n_listed (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (get_selection (f)));
}

static const char *
label_text (Fixture    *f,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (get_named (f->page, name)));
}

static gint64
count_entries (Fixture    *f,
               const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_trail%s%s", where != NULL ? " WHERE " : "",
                                          where != NULL ? where : "");

  return psems_test_count (f->store, "%s", sql);
}

typedef struct
{
  Fixture *f;
  guint n;
} Waiting;

static gboolean
listed_is (gpointer data)
{
  Waiting *w = data;

  return n_listed (w->f) == w->n;
}

static void
wait_listed (Fixture *f,
             guint    n)
{
  Waiting w = { f, n };

  psems_test_iterate_until (listed_is, &w);
  g_assert_cmpuint (n_listed (f), ==, n);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  gint64 total = count_entries (f, NULL);
  g_autofree char *summary = g_strdup_printf ("%lld entries", (long long) total);
  g_autofree char *head = psems_verify_dup_head (f->store, NULL, NULL);
  const char *title;

  g_assert_cmpint (total, <, 200);
  wait_listed (f, (guint) total);
  g_assert_cmpstr (label_text (f, "audit-summary"), ==, summary);
  g_assert_cmpstr (label_text (f, "audit-head"), ==, head);

  /* The newest entry first; selecting it shows what changed. */
  gtk_single_selection_set_selected (get_selection (f), 0);
  psems_test_iterate_for (50);
  title = label_text (f, "audit-detail-title");
  g_assert_nonnull (strstr (title, "update"));
  g_assert_nonnull (strstr (title, f->edited_ref));
  g_assert_nonnull (strstr (label_text (f, "audit-detail-changed"), "phone"));
  {
    GtkTextBuffer *after = gtk_text_view_get_buffer (GTK_TEXT_VIEW (get_named (f->page, "audit-after")));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (after, &start, &end);
    text = gtk_text_buffer_get_text (after, &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "\"phone\": \"hmac-sha256:"));   /* personal values are never shown */
    g_assert_null (strstr (text, "+47"));
  }

  /* New entries appear: the page follows the store. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsemsPerson) person = psems_person_get (f->store, 5, NULL, &error);

    g_free (person->job_title);
    person->job_title = g_strdup ("Pilot boat skipper");
    g_assert_true (psems_person_update (f->store, f->actor, person, &error));
    g_assert_no_error (error);
  }
  wait_listed (f, (guint) total + 1);
}

/* More entries than a page: the rest come as the list scrolls to its end. */
static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPerson) person = psems_person_get (f->store, 6, NULL, &error);
  gint64 total;

  for (int i = 0; i < 230; i++)
    {
      g_free (person->job_title);
      person->job_title = g_strdup_printf ("Shift %d", i);
      g_assert_true (psems_person_update (f->store, f->actor, person, &error));
    }
  total = count_entries (f, NULL);
  g_assert_cmpint (total, >, 200);
  wait_listed (f, 200);
  g_signal_emit_by_name (get_named (f->page, "audit-entries-scroller"), "edge-reached", GTK_POS_BOTTOM);
  wait_listed (f, (guint) total);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  gint64 total = count_entries (f, NULL);
  gint64 by_kari = count_entries (f, "user_name = 'Kari Nord'");
  gint64 persons = count_entries (f, "entity = 'person'");
  g_autofree char *summary = g_strdup_printf ("%lld of %lld entries", (long long) by_kari, (long long) total);
  GtkDropDown *entity = GTK_DROP_DOWN (get_named (f->page, "audit-entity-filter"));
  GtkWidget *from = get_named (f->page, "audit-from-filter");
  GListModel *labels;
  guint persons_at = GTK_INVALID_LIST_POSITION;

  wait_listed (f, (guint) total);
  g_assert_cmpint (by_kari, ==, 2);

  /* By user, in any letter case. */
  gtk_editable_set_text (GTK_EDITABLE (get_named (f->page, "audit-user-filter")), "kari nord");
  wait_listed (f, (guint) by_kari);
  g_assert_cmpstr (label_text (f, "audit-summary"), ==, summary);

  /* By entity, with the user filter cleared. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "audit.clear-filters", NULL);
  wait_listed (f, (guint) total);
  labels = gtk_drop_down_get_model (entity);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "Persons") == 0)
      persons_at = i;
  g_assert_cmpuint (persons_at, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (entity, persons_at);
  wait_listed (f, (guint) persons);

  /* By day: nothing was written tomorrow; a day that is not one is marked. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
    g_autofree char *text = g_date_time_format (tomorrow, "%Y-%m-%d");
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

    gtk_editable_set_text (GTK_EDITABLE (from), text);
    wait_listed (f, 0);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (get_named (f->page, "audit-list-stack"))),
                     ==, "empty");
    gtk_editable_set_text (GTK_EDITABLE (from), today);
    gtk_editable_set_text (GTK_EDITABLE (get_named (f->page, "audit-until-filter")), today);
    wait_listed (f, (guint) persons);
    gtk_editable_set_text (GTK_EDITABLE (from), "2026-13-40");
    psems_test_iterate_for (50);
    g_assert_true (gtk_widget_has_css_class (from, "error"));
    g_assert_cmpuint (n_listed (f), ==, 0);
  }
}

typedef struct
{
  const char *path;
} FileWait;

static gboolean
file_exists (gpointer data)
{
  return g_file_test (((FileWait *) data)->path, G_FILE_TEST_EXISTS);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "kari.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  FileWait wait = { path };
  gint64 total = count_entries (f, NULL);
  guint n_lines;

  wait_listed (f, (guint) total);
  gtk_editable_set_text (GTK_EDITABLE (get_named (f->page, "audit-user-filter")), "Kari Nord");
  wait_listed (f, 2);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "audit.export-to", "s", path);
  psems_test_iterate_until (file_exists, &wait);
  psems_test_iterate_for (50);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\r\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpuint (n_lines, ==, 4);          /* header, two entries, the empty rest */
  g_assert_true (g_str_has_prefix (lines[0], "id,at,user,role,action,entity,entity_id,ref,"));
  for (guint i = 1; i < 3; i++)
    {
      g_assert_nonnull (strstr (lines[i], ",\"Kari Nord\","));
      g_assert_nonnull (strstr (lines[i], f->edited_ref));
    }
  g_assert_cmpstr (lines[3], ==, "");
  /* Written beside the target and renamed: nothing else is left in the folder. */
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, "kari.csv."));
  }
}

static gboolean
result_has (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  const char *text = ((gpointer *) data)[1];

  return strstr (label_text (f, "audit-verify-result"), text) != NULL;
}

static void
wait_result (Fixture    *f,
             const char *text)
{
  gpointer data[2] = { f, (gpointer) text };

  psems_test_iterate_until (result_has, data);
  g_assert_nonnull (strstr (label_text (f, "audit-verify-result"), text));
}

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  GtkListBox *problems = GTK_LIST_BOX (get_named (f->page, "audit-problems"));
  sqlite3 *db = NULL;
  GtkWidget *row;

  wait_listed (f, (guint) count_entries (f, NULL));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "audit.verify", NULL);
  wait_result (f, "Intact");
  g_assert_null (gtk_list_box_get_row_at_index (problems, 0));

  /* Someone with the file changes a record behind the app's back. */
  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE person SET display_name = 'Someone Else' WHERE id = 3", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "audit.verify", NULL);
  wait_result (f, "1 problem found");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (problems, 0));
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_widget_get_name (row), ==, "row-altered");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), f->edited_ref));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "display_name"));
  g_assert_true (gtk_widget_get_visible (get_named (f->page, "audit-problem-scroller")));

  /* The problem opens the entry holding the record's last image. */
  g_signal_emit_by_name (problems, "row-activated", row);
  psems_test_iterate_for (50);
  {
    g_autofree char *entry = g_strdup_printf ("Entry %lld ", (long long) count_entries (f, NULL));

    g_assert_nonnull (strstr (label_text (f, "audit-detail-subtitle"), entry));
    g_assert_nonnull (strstr (label_text (f, "audit-detail-title"), f->edited_ref));
  }
}

/* A head recorded earlier: the trail still leads to it, or the page says it does not. */
static void
test_verify_expected_head (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *head = psems_verify_dup_head (f->store, NULL, NULL);
  g_autofree char *upper = g_ascii_strup (head, -1);
  GtkWidget *expect = get_named (f->page, "audit-expect");
  GtkListBox *problems = GTK_LIST_BOX (get_named (f->page, "audit-problems"));
  GtkWidget *row;

  wait_listed (f, (guint) count_entries (f, NULL));
  gtk_editable_set_text (GTK_EDITABLE (expect), "not a hash");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "audit.verify", NULL);
  wait_result (f, "64 hexadecimal digits");
  g_assert_true (gtk_widget_has_css_class (expect, "error"));

  /* Pasted in capitals; one entry written since. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsemsPerson) person = psems_person_get (f->store, 8, NULL, &error);

    g_free (person->job_title);
    person->job_title = g_strdup ("Reefer technician");
    g_assert_true (psems_person_update (f->store, f->actor, person, &error));
  }
  gtk_editable_set_text (GTK_EDITABLE (expect), upper);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "audit.verify", NULL);
  wait_result (f, "It leads to the recorded head");
  g_assert_nonnull (strstr (label_text (f, "audit-verify-result"), "with 1 entry after it"));
  g_assert_false (gtk_widget_has_css_class (expect, "error"));

  gtk_editable_set_text (GTK_EDITABLE (expect),
                         "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "audit.verify", NULL);
  wait_result (f, "1 problem found");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (problems, 0));
  g_assert_cmpstr (gtk_widget_get_name (row), ==, "head-missing");
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

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/audit-page/list", test_list);
  ADD ("/audit-page/paging", test_paging);
  ADD ("/audit-page/filters", test_filters);
  ADD ("/audit-page/export", test_export);
  ADD ("/audit-page/verify", test_verify);
  ADD ("/audit-page/verify-expected-head", test_verify_expected_head);
  return g_test_run ();
}
