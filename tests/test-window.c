/* test-window.c — the application window under Xvfb: sections, dashboard figures, a refused database, Ctrl+F and Ctrl+N. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "psems-application.h"
#include "psems-controls-page.h"
#include "psems-core.h"
#include "psems-dashboard.h"
#include "psems-dashboard-page.h"
#include "psems-diagram-page.h"
#include "psems-assessments-page.h"
#include "psems-schedule-page.h"
#include "psems-findings-page.h"
#include "psems-incidents-page.h"
#include "psems-reports-page.h"
#include "psems-facilities-page.h"
#include "psems-facility-item.h"
#include "psems-figure-card.h"
#include "psems-level-indicator.h"
#include "psems-personnel-page.h"
#include "psems-plans-page.h"
#include "psems-signin-page.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-user.h"
#include "psems-users-page.h"
#include "psems-audit-page.h"
#include "psems-window.h"

static const char * const sections[] = {
  "dashboard", "facilities", "plans", "personnel", "controls", "diagram", "schedule",
  "assessments", "findings", "incidents", "reports", "audit", "users", NULL
};

typedef struct
{
  char *dir;
  char *db_path;
  PsemsApplication *application;
  PsemsWindow *window;
} Fixture;

static char *shared_dir;
static char *demo_path;

static gboolean
dashboard_loaded (gpointer data)
{
  return !psems_dashboard_page_get_loading (data);
}

static void
wait_for_dashboard (PsemsWindow *window)
{
  psems_test_iterate_until (dashboard_loaded, psems_window_get_dashboard_page (window));
}

static guint
count_widgets_of_type (GtkWidget *widget,
                       GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets_of_type (child, type);
  return n;
}

/* Widgets of @type inside the sections that show facilities their own way. */
static guint
count_widgets_in_pages (GtkWidget *widget,
                        GType      type)
{
  guint n = 0;

  if (PSEMS_IS_FACILITIES_PAGE (widget) || PSEMS_IS_PLANS_PAGE (widget))
    return count_widgets_of_type (widget, type);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets_in_pages (child, type);
  return n;
}

static const char *
figure_text (PsemsWindow *window,
             const char  *name)
{
  GtkWidget *card = psems_test_find_widget (GTK_WIDGET (psems_window_get_dashboard_page (window)),
                                            G_TYPE_NONE, name);

  g_assert_nonnull (card);
  g_assert_true (PSEMS_IS_FIGURE_CARD (card));
  return psems_figure_card_get_value (PSEMS_FIGURE_CARD (card));
}

static PsemsDashboard *
compute_expected (const char *path,
                  gint64      facility_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = psems_store_open (path, PSEMS_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  PsemsDashboard *dashboard;
  GDate today;

  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  dashboard = psems_dashboard_compute (store, facility_id, &today, &error);
  g_assert_no_error (error);
  return dashboard;
}

static void
assert_figure (PsemsWindow *window,
               const char  *name,
               gint64       expected)
{
  g_autofree char *text = g_strdup_printf ("%'" G_GINT64_FORMAT, expected);

  g_assert_cmpstr (figure_text (window, name), ==, text);
}

static void
assert_dashboard_shows (PsemsWindow          *window,
                        const PsemsDashboard *expected)
{
  assert_figure (window, "persons-cleared", expected->persons_cleared);
  assert_figure (window, "vetting-expiring", expected->vetting_expiring_30d);
  assert_figure (window, "schedule-overdue", expected->schedule_overdue);
  assert_figure (window, "findings-open", expected->findings_open);
  assert_figure (window, "actions-overdue", expected->actions_overdue);
  assert_figure (window, "plans-review-due", expected->plans_review_due);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = psems_test_make_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  /* Each test its own copy, so a test that writes leaves the others alone. */
  {
    g_autoptr(GFile) from = g_file_new_for_path (demo_path);
    g_autoptr(GFile) to = g_file_new_for_path (fixture->db_path);

    g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  fixture->application = psems_application_new ("io.github.psems.Psems.Test",
                                                 G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (fixture->application), NULL, &error);
  g_assert_no_error (error);
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

static PsemsWindow *
open_demo (Fixture *fixture)
{
  PsemsWindow *window = psems_application_open_path (fixture->application, fixture->db_path,
                                                     PSEMS_STORE_OPEN_DEFAULT, NULL);

  g_assert_nonnull (window);
  g_assert_nonnull (psems_window_get_store (window));
  wait_for_dashboard (window);
  return window;
}

static gboolean
reminders_revealed (gpointer data)
{
  GtkWidget *revealer = psems_test_find_widget (data, GTK_TYPE_REVEALER, "reminders");

  return revealer != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

/* On a phone's width the reminders are one line that sums them up; Show All brings each line
 * back (without the records it names), Hide sums them up again; a wide window shows them all. */
static void
test_window_reminders_folded (Fixture       *fixture,
                              gconstpointer  user_data)
{
  PsemsWindow *window = open_demo (fixture);
  GtkWidget *summary = psems_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BOX, "reminders-summary");
  GtkWidget *lines = psems_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BOX, "reminders-lines");
  GtkWidget *expand = psems_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "reminders-expand");
  GtkWidget *label;

  g_assert_nonnull (summary);
  g_assert_nonnull (lines);
  g_assert_nonnull (expand);
  psems_test_present_at_width (GTK_WINDOW (window), 360);
  /* A folded window opens on its sidebar: the section is one step in. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "dashboard"));
  psems_test_iterate_until (reminders_revealed, window);
  g_assert_true (gtk_widget_get_visible (summary));
  g_assert_false (gtk_widget_get_visible (lines));
  label = gtk_widget_get_first_child (summary);
  g_assert_true (GTK_IS_LABEL (label));
  /* The demo has overdue records and expiring ones. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "overdue"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "soon"));

  g_signal_emit_by_name (expand, "clicked");
  g_assert_true (gtk_widget_get_visible (lines));
  g_assert_nonnull (psems_test_find_widget (lines, GTK_TYPE_BOX, "reminder-schedule-overdue"));
  g_signal_emit_by_name (expand, "clicked");
  g_assert_false (gtk_widget_get_visible (lines));

  psems_test_present_at_width (GTK_WINDOW (window), 1400);
  g_assert_false (gtk_widget_get_visible (summary));
  g_assert_true (gtk_widget_get_visible (lines));
}

/* Evidence opens in the system's viewer from a verified copy in the user's cache. */
static void
test_window_open_evidence (Fixture       *fixture,
                           gconstpointer  user_data)
{
  PsemsWindow *window = open_demo (fixture);
  PsemsStore *store = psems_window_get_store (window);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(GBytes) kept = NULL;
  PsemsEvidence *evidence;
  gsize length;

  all = psems_evidence_list (store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 0);
  g_ptr_array_set_free_func (all, (GDestroyNotify) psems_evidence_free);
  evidence = g_ptr_array_index (all, 0);
  name = g_strdup_printf ("%s-%s", evidence->ref, evidence->file_name);
  path = g_build_filename (g_get_user_cache_dir (), "psems", "evidence", name, NULL);
  g_remove (path);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-evidence", "x", evidence->id));
  g_assert_true (g_file_get_contents (path, &copied, &length, &error));
  g_assert_no_error (error);
  kept = psems_evidence_get_content (store, evidence->id, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (copied, length, g_bytes_get_data (kept, NULL), g_bytes_get_size (kept));
  g_remove (path);
  psems_test_iterate_for (200);
}

/* The facility header counts the schedule's overdue items, as the clock engine judges them today. */
static void
test_window_overdue_badge (Fixture       *fixture,
                           gconstpointer  user_data)
{
  PsemsWindow *window = open_demo (fixture);
  PsemsScheduleFilter filter = { 0 };
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *badge = psems_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "overdue-badge");

  g_assert_nonnull (badge);
  filter.overdue = TRUE;
  overdue = psems_schedule_list (psems_window_get_store (window), &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, >, 0);
  g_assert_true (gtk_widget_get_visible (badge));
  expected = g_strdup_printf ("%u overdue", overdue->len);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (badge)), ==, expected);

  g_signal_emit_by_name (badge, "clicked");
  psems_test_iterate_for (100);
  g_assert_cmpstr (psems_window_get_section (window), ==, "schedule");
}

static void
test_window_sections (Fixture       *fixture,
                      gconstpointer  user_data)
{
  PsemsWindow *window = open_demo (fixture);
  GtkStack *stack;

  g_assert_cmpstr (psems_window_get_section (window), ==, "dashboard");

  /* A section's page is made the first time it is shown, not with the window. */
  stack = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (psems_window_get_dashboard_page (window))));
  g_assert_true (ADW_IS_BIN (gtk_stack_get_child_by_name (stack, "controls")));
  g_assert_null (adw_bin_get_child (ADW_BIN (gtk_stack_get_child_by_name (stack, "controls"))));

  /* Backwards, so each step really changes the section. */
  for (int i = g_strv_length ((char **) sections) - 1; i >= 0; i--)
    {
      GtkWidget *child;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section",
                                                 "s", sections[i]));
      psems_test_iterate_for (10);
      g_assert_cmpstr (psems_window_get_section (window), ==, sections[i]);

      child = psems_window_get_section_page (window, sections[i]);
      g_assert_nonnull (child);
      g_assert_true (gtk_widget_is_ancestor (child, gtk_stack_get_visible_child (stack)) ||
                     child == gtk_stack_get_visible_child (stack));
      g_assert_true (gtk_widget_get_mapped (child));
      if (g_str_equal (sections[i], "dashboard"))
        {
          g_assert_true (child == GTK_WIDGET (psems_window_get_dashboard_page (window)));
        }
      else if (g_str_equal (sections[i], "facilities"))
        {
          g_assert_true (PSEMS_IS_FACILITIES_PAGE (child));
        }
      else if (g_str_equal (sections[i], "plans"))
        {
          g_assert_true (PSEMS_IS_PLANS_PAGE (child));
        }
      else if (g_str_equal (sections[i], "personnel"))
        {
          g_assert_true (PSEMS_IS_PERSONNEL_PAGE (child));
        }
      else if (g_str_equal (sections[i], "controls"))
        {
          g_assert_true (PSEMS_IS_CONTROLS_PAGE (child));
        }
      else if (g_str_equal (sections[i], "diagram"))
        {
          g_assert_true (PSEMS_IS_DIAGRAM_PAGE (child));
        }
      else if (g_str_equal (sections[i], "assessments"))
        {
          g_assert_true (PSEMS_IS_ASSESSMENTS_PAGE (child));
        }
      else if (g_str_equal (sections[i], "schedule"))
        {
          g_assert_true (PSEMS_IS_SCHEDULE_PAGE (child));
        }
      else if (g_str_equal (sections[i], "findings"))
        {
          g_assert_true (PSEMS_IS_FINDINGS_PAGE (child));
        }
      else if (g_str_equal (sections[i], "incidents"))
        {
          g_assert_true (PSEMS_IS_INCIDENTS_PAGE (child));
        }
      else if (g_str_equal (sections[i], "reports"))
        {
          g_assert_true (PSEMS_IS_REPORTS_PAGE (child));
        }
      else if (g_str_equal (sections[i], "users"))
        {
          g_assert_true (PSEMS_IS_USERS_PAGE (child));
        }
      else if (g_str_equal (sections[i], "audit"))
        {
          g_assert_true (PSEMS_IS_AUDIT_PAGE (child));
        }
      else
        {
          g_assert_not_reached ();
        }
    }

  /* An unknown section changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "no-such-section");
  g_assert_cmpstr (psems_window_get_section (window), ==, "dashboard");

  /* The application action reaches the same place. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->application), "show-section",
                                  g_variant_new_string ("findings"));
  g_assert_cmpstr (psems_window_get_section (window), ==, "findings");
}

static void
test_window_actions (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const char * const app_actions[] = {
    "quit", "about", "shortcuts", "open-database", "new-database", "show-section", "help",
    "preferences", NULL
  };
  g_auto(GStrv) accels = NULL;

  open_demo (fixture);
  for (guint i = 0; app_actions[i] != NULL; i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->application), app_actions[i]));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->application), "app.quit");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>q"));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->application),
                                                  "app.preferences");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>comma"));
}

static void
test_window_dashboard (Fixture       *fixture,
                       gconstpointer  user_data)
{
  PsemsWindow *window = open_demo (fixture);
  PsemsDashboardPage *page = psems_window_get_dashboard_page (window);
  g_autoptr(PsemsDashboard) expected = compute_expected (fixture->db_path, 0);
  GListModel *facilities = psems_dashboard_page_get_facilities (page);
  int highest = 0;

  /* The demo is meant to show something in every figure. */
  g_assert_cmpint (expected->facilities->len, >, 0);
  g_assert_cmpint (expected->persons_cleared, >, 0);
  assert_dashboard_shows (window, expected);

  g_assert_cmpuint (g_list_model_get_n_items (facilities), ==, expected->facilities->len);
  for (guint i = 0; i < expected->facilities->len; i++)
    {
      const PsemsDashboardFacility *facility = &g_array_index (expected->facilities, PsemsDashboardFacility, i);
      g_autoptr(PsemsFacilityItem) item = g_list_model_get_item (facilities, i);

      g_assert_cmpint (psems_facility_item_get_id (item), ==, facility->id);
      g_assert_cmpstr (psems_facility_item_get_name (item), ==, facility->name);
      g_assert_cmpint (psems_facility_item_get_security_level (item), ==, facility->security_level);
      highest = MAX (highest, facility->security_level);
    }
  g_assert_cmpint (psems_dashboard_page_get_highest_level (page), ==, highest);
  /* One level badge per facility row, and one in the header bar. */
  g_assert_cmpuint (count_widgets_of_type (GTK_WIDGET (page), PSEMS_TYPE_LEVEL_INDICATOR), ==,
                    expected->facilities->len);
  g_assert_cmpuint (count_widgets_of_type (GTK_WIDGET (window), PSEMS_TYPE_LEVEL_INDICATOR)
                    - count_widgets_in_pages (GTK_WIDGET (window), PSEMS_TYPE_LEVEL_INDICATOR), ==,
                    expected->facilities->len + 1);
}

static void
test_window_facility (Fixture       *fixture,
                      gconstpointer  user_data)
{
  PsemsWindow *window = open_demo (fixture);
  g_autoptr(PsemsDashboard) all = compute_expected (fixture->db_path, 0);
  guint last = all->facilities->len - 1;
  const PsemsDashboardFacility *facility = &g_array_index (all->facilities, PsemsDashboardFacility, last);
  g_autoptr(PsemsDashboard) expected = compute_expected (fixture->db_path, facility->id);
  g_autoptr(PsemsDashboard) expected_all = NULL;
  GtkWidget *summary;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-facility", "x", facility->id);
  g_assert_cmpint (psems_window_get_facility_id (window), ==, facility->id);
  wait_for_dashboard (window);
  assert_dashboard_shows (window, expected);

  summary = psems_test_find_widget (GTK_WIDGET (window), G_TYPE_NONE, "dashboard-summary");
  g_assert_nonnull (summary);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (summary)), facility->name));
  /* The switcher still lists every facility while one is chosen. */
  g_assert_cmpuint (g_list_model_get_n_items (
                      psems_dashboard_page_get_facilities (psems_window_get_dashboard_page (window))),
                    ==, all->facilities->len);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-facility", "x", (gint64) 0);
  wait_for_dashboard (window);
  expected_all = compute_expected (fixture->db_path, 0);
  assert_dashboard_shows (window, expected_all);
}

/* The window comes back at the section it was closed on. */
static void
test_window_settings (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GSettings *settings = psems_application_get_settings (fixture->application);
  PsemsWindow *window;
  g_auto(GStrv) recent = NULL;

  g_assert_nonnull (settings);
  window = open_demo (fixture);
  recent = g_settings_get_strv (settings, "recent-databases");
  g_assert_cmpstr (recent[0], ==, fixture->db_path);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "incidents");
  gtk_window_close (GTK_WINDOW (window));
  psems_test_iterate_for (20);
  {
    g_autofree char *last = g_settings_get_string (settings, "last-section");

    g_assert_cmpstr (last, ==, "incidents");
  }

  window = open_demo (fixture);
  g_assert_cmpstr (psems_window_get_section (window), ==, "incidents");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "dashboard");
}

/* A write by another program, then the store's signal: the dashboard counts again. */
static void
test_window_refresh (Fixture       *fixture,
                     gconstpointer  user_data)
{
  PsemsWindow *window = open_demo (fixture);
  PsemsDashboardPage *page = psems_window_get_dashboard_page (window);
  g_autoptr(PsemsDashboard) all = compute_expected (fixture->db_path, 0);
  const PsemsDashboardFacility *facility = &g_array_index (all->facilities, PsemsDashboardFacility, 0);
  int new_level = facility->security_level == 3 ? 2 : 3;
  g_autoptr(PsemsFacilityItem) item = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE facility SET security_level = %d WHERE id = %" G_GINT64_FORMAT,
                         new_level, facility->id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_signal_emit_by_name (psems_window_get_store (window), "changed", "facility", facility->id);
  g_assert_true (psems_dashboard_page_get_loading (page));
  wait_for_dashboard (window);

  item = g_list_model_get_item (psems_dashboard_page_get_facilities (page), 0);
  g_assert_cmpint (psems_facility_item_get_security_level (item), ==, new_level);
  g_assert_cmpint (psems_dashboard_page_get_highest_level (page), >=, new_level);
}

static GtkWindow *
find_dialog_for (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent)
        return window;
    }
  return NULL;
}

static GtkWidget *get_window_widget (PsemsWindow *window,
                                     GType        type,
                                     const char  *name);

static void
test_window_refused (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "notes.db", NULL);
  const char *contents = "These are not the records you are looking for.\n";
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) expected_error = NULL;
  g_autoptr(PsemsStore) refused = NULL;
  PsemsWindow *window;
  PsemsWindow *demo_window;
  GtkWindow *dialog;
  const char *body;
  GtkWidget *message;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  before = psems_test_read_file (path);
  refused = psems_store_open (path, PSEMS_STORE_OPEN_DEFAULT, &expected_error);
  g_assert_null (refused);
  g_assert_nonnull (expected_error);

  /* Into a new window: the window shows its welcome page, which says why (test-welcome
   * looks closer); no dialog. */
  window = psems_application_open_path (fixture->application, path, PSEMS_STORE_OPEN_DEFAULT, NULL);
  psems_test_iterate_for (50);
  g_assert_null (psems_window_get_store (window));
  g_assert_null (find_dialog_for (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_get_mapped (get_window_widget (window, G_TYPE_NONE, "welcome-status")));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (get_window_widget (window, GTK_TYPE_REVEALER,
                                                                                 "welcome-error"))));
  message = get_window_widget (window, GTK_TYPE_LABEL, "welcome-error-message");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==, expected_error->message);

  /* Into a window with a database: it keeps the one it has, and a dialog says why. */
  demo_window = open_demo (fixture);
  psems_application_open_path (fixture->application, path, PSEMS_STORE_OPEN_CREATE, demo_window);
  psems_test_iterate_for (50);
  g_assert_nonnull (psems_window_get_store (demo_window));
  g_assert_cmpstr (psems_store_get_path (psems_window_get_store (demo_window)), ==, fixture->db_path);
  dialog = find_dialog_for (GTK_WINDOW (demo_window));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), !=, NULL);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, expected_error->message));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "open"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "new"));

  after = psems_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

/* A window closed while its dashboard is still counting must not be touched later. */
static void
test_window_closed_while_loading (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  for (guint i = 0; i < 5; i++)
    {
      PsemsWindow *window = psems_application_open_path (fixture->application, fixture->db_path,
                                                         PSEMS_STORE_OPEN_DEFAULT, NULL);

      g_assert_true (psems_dashboard_page_get_loading (psems_window_get_dashboard_page (window)));
      g_signal_emit_by_name (psems_window_get_store (window), "changed", "person", (gint64) 0);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  psems_test_iterate_for (500);
}


static gboolean
signin_idle (gpointer data)
{
  return !psems_signin_page_get_busy (data);
}

static GtkWidget *
get_window_widget (PsemsWindow *window,
                   GType        type,
                   const char  *name)
{
  GtkWidget *widget = psems_test_find_widget (GTK_WIDGET (window), type, name);

  g_assert_nonnull (widget);
  return widget;
}

/* Single-user mode says so in the header; once an administrator has a password, the window
 * signs out to the sign-in page, and signing in writes as that user. */
static void
test_window_sign_in (Fixture       *fixture,
                     gconstpointer  user_data)
{
  PsemsWindow *window = open_demo (fixture);
  GtkWidget *signin = get_window_widget (window, PSEMS_TYPE_SIGNIN_PAGE, NULL);
  GtkWidget *single_user = get_window_widget (window, GTK_TYPE_BUTTON, "single-user-button");
  GtkWidget *user_button = get_window_widget (window, GTK_TYPE_MENU_BUTTON, "user-button");
  PsemsWindow *second;
  g_autoptr(PsemsUser) user = psems_user_new ();
  g_autoptr(PsemsActor) login = psems_actor_new_for_login ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;

  /* The demo has no users: single-user mode, shown as such, nothing to sign out of. */
  g_assert_false (gtk_widget_get_mapped (signin));
  g_assert_true (gtk_widget_get_mapped (single_user));
  g_assert_false (gtk_widget_get_visible (user_button));
  g_assert_cmpint (psems_actor_get_user_id (psems_window_get_actor (window)), ==, 0);
  g_assert_false (psems_window_sign_out (window));

  user->user_name = g_strdup ("harbourmaster");
  user->full_name = g_strdup ("Ingrid Solberg");
  user->role = PSEMS_ROLE_ADMINISTRATOR;
  g_assert_cmpint (psems_user_create (psems_window_get_store (window), login, user,
                                      "ferry ramp at dawn", &ref, &error), >, 0);
  g_assert_no_error (error);

  /* Signing out now shows the sign-in page in place of the sections. */
  g_assert_true (psems_window_sign_out (window));
  psems_test_iterate_for (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (signin))),
                   ==, "signin");
  g_assert_true (gtk_widget_get_mapped (signin));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (psems_window_get_dashboard_page (window))));

  gtk_editable_set_text (GTK_EDITABLE (get_window_widget (window, G_TYPE_NONE, "signin-user")),
                         "harbourmaster");
  gtk_editable_set_text (GTK_EDITABLE (get_window_widget (window, G_TYPE_NONE, "signin-password")),
                         "ferry ramp at dawn");
  g_assert_true (gtk_widget_activate_action (signin, "signin.sign-in", NULL));
  psems_test_iterate_until (signin_idle, signin);
  psems_test_iterate_for (300);
  g_assert_cmpstr (psems_actor_get_name (psems_window_get_actor (window)), ==, "harbourmaster");
  g_assert_cmpint (psems_actor_get_role (psems_window_get_actor (window)), ==,
                   PSEMS_ROLE_ADMINISTRATOR);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (signin))),
                   ==, "main");
  g_assert_true (gtk_widget_get_visible (user_button));
  g_assert_false (gtk_widget_get_visible (single_user));
  /* Signed in, the window offers to sign out; doing so asks for sign-in again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (signin))),
                   ==, "signin");
  g_assert_cmpint (psems_actor_get_user_id (psems_window_get_actor (window)), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_window_widget (window, G_TYPE_NONE,
                                                                           "signin-password"))),
                   ==, "");
  g_assert_false (gtk_widget_get_visible (user_button));

  /* The same database in a window of its own opens on the sign-in page. */
  second = psems_application_open_path (fixture->application, fixture->db_path,
                                        PSEMS_STORE_OPEN_DEFAULT, NULL);
  psems_test_iterate_for (300);
  g_assert_true (second != window);
  g_assert_true (gtk_widget_get_mapped (get_window_widget (second, PSEMS_TYPE_SIGNIN_PAGE, NULL)));
  g_assert_cmpint (psems_signin_page_get_step (PSEMS_SIGNIN_PAGE (get_window_widget (second, PSEMS_TYPE_SIGNIN_PAGE, NULL))),
                   ==, PSEMS_SIGNIN_STEP_SIGN_IN);
}

static void
count_activation_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  guint *n = user_data;

  (*n)++;
}

static gboolean
has_class_action (GtkWidget  *widget,
                  const char *action_name)
{
  GType owner;
  const char *name;
  const GVariantType *parameter_type;
  const char *property_name;

  /* GTK 4.8 writes every out argument. */
  for (guint i = 0; gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (widget), i, &owner, &name,
                                                   &parameter_type, &property_name); i++)
    if (g_str_equal (name, action_name))
      return TRUE;
  return FALSE;
}

/* Runs the window's own shortcut for @accelerator (not a page's); FALSE when it lets the key go. */
static gboolean
press_window_shortcut (PsemsWindow *window,
                       const char  *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean found = FALSE;
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GVariant *args = gtk_shortcut_get_arguments (shortcut);

          /* The window's own binding hands "page.…" to the page; the pages' shortcuts that the
           * window manages name their page's actions. */
          if (g_strcmp0 (trigger, accelerator) != 0 || args == NULL
              || !g_variant_is_of_type (args, G_VARIANT_TYPE_STRING)
              || !g_str_has_prefix (g_variant_get_string (args, NULL), "page."))
            continue;
          g_assert_false (found);
          found = TRUE;
          handled = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                  GTK_WIDGET (window), args);
        }
    }
  g_assert_true (found);
  return handled;
}

/* Ctrl+F and Ctrl+N (the window's, and win.find, win.new) reach the shown page's page.find
 * and page.new wherever the focus is; a page without them lets the key go. */
static void
test_window_find_new (Fixture       *fixture,
                      gconstpointer  user_data)
{
  PsemsWindow *window = open_demo (fixture);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) find = g_simple_action_new ("find", NULL);
  g_autoptr(GSimpleAction) new_record = g_simple_action_new ("new", NULL);
  GtkWidget *dashboard = GTK_WIDGET (psems_window_get_dashboard_page (window));
  GtkWidget *incidents;
  GtkWidget *focus;
  guint n_find = 0, n_new = 0;

  /* A page's habits, counted: the dashboard has no search and no record of its own. */
  g_assert_false (has_class_action (dashboard, "page.find"));
  g_assert_false (has_class_action (dashboard, "page.new"));
  g_signal_connect (find, "activate", G_CALLBACK (count_activation_cb), &n_find);
  g_signal_connect (new_record, "activate", G_CALLBACK (count_activation_cb), &n_new);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (find));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (new_record));
  gtk_widget_insert_action_group (dashboard, "page", G_ACTION_GROUP (group));
  g_assert_true (psems_window_set_section (window, "dashboard"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  g_assert_true (press_window_shortcut (window, "<Control>f"));
  g_assert_true (press_window_shortcut (window, "<Control>n"));
  g_assert_cmpuint (n_find, ==, 2);
  g_assert_cmpuint (n_new, ==, 2);
  gtk_widget_insert_action_group (dashboard, "page", NULL);
  g_assert_false (press_window_shortcut (window, "<Control>f"));

  /* A real page: with the focus in the sidebar, Ctrl+F goes to the incidents' search. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "incidents"));
  psems_test_iterate_for (100);
  incidents = psems_window_get_section_page (window, "incidents");
  g_assert_true (has_class_action (incidents, "page.find"));
  gtk_widget_grab_focus (get_window_widget (window, GTK_TYPE_LIST_BOX_ROW, NULL));
  g_assert_true (press_window_shortcut (window, "<Control>f"));
  psems_test_iterate_for (100);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, incidents));
  g_assert_cmpuint (n_find, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  int exit_code;

  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return 77;
  adw_init ();

  shared_dir = psems_test_make_dir ();
  demo_path = g_build_filename (shared_dir, "demo.db", NULL);
  status = psems_test_run_cli (&out, &err, "--db", demo_path, "db", "demo", "--persons", "200", NULL);
  if (status != 0)
    g_error ("psems-cli db demo failed (%d): %s", status, err);

#define ADD(name, func) \
  g_test_add ("/window/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("sections", test_window_sections);
  ADD ("reminders-folded", test_window_reminders_folded);
  ADD ("actions", test_window_actions);
  ADD ("dashboard", test_window_dashboard);
  ADD ("facility", test_window_facility);
  ADD ("refresh", test_window_refresh);
  ADD ("settings", test_window_settings);
  ADD ("refused", test_window_refused);
  ADD ("closed-while-loading", test_window_closed_while_loading);
  ADD ("open-evidence", test_window_open_evidence);
  ADD ("overdue-badge", test_window_overdue_badge);
  ADD ("sign-in", test_window_sign_in);
  ADD ("find-new", test_window_find_new);
#undef ADD

  exit_code = g_test_run ();
  psems_test_remove_dir (shared_dir);
  g_free (demo_path);
  g_free (shared_dir);
  return exit_code;
}
