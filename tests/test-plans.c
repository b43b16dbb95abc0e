/* test-plans.c — facilities and security plans through the window's actions and widgets. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "psems-application.h"
#include "psems-approve-dialog.h"
#include "psems-core.h"
#include "psems-facilities-page.h"
#include "psems-facility.h"
#include "psems-level-dialog.h"
#include "psems-plan.h"
#include "psems-plan-diff-view.h"
#include "psems-plan-editor.h"
#include "psems-plans-page.h"
#include "psems-problem-row.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-window.h"

typedef struct
{
  char *dir;
  char *db_path;
  PsemsApplication *application;
  PsemsWindow *window;
  PsemsFacilitiesPage *facilities;
  PsemsPlansPage *plans;
} Fixture;

static GtkWidget *
get_named (gpointer    root,
           const char *name)
{
  GtkWidget *widget = psems_test_find_widget (GTK_WIDGET (root), G_TYPE_NONE, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
type_into (gpointer    root,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_named (root, name)), text);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
activate (gpointer    widget,
          const char *action,
          const char *format,
          ...)
{
  GVariant *parameter = NULL;
  va_list args;

  if (format != NULL)
    {
      va_start (args, format);
      parameter = g_variant_new_va (format, NULL, &args);
      va_end (args);
    }
  /* Widget-class actions do not sink a floating parameter: sink it here, so it is freed. */
  if (parameter != NULL)
    g_variant_ref_sink (parameter);
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (widget), action, parameter));
  g_clear_pointer (&parameter, g_variant_unref);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  fixture->dir = psems_test_make_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "fresh.db", NULL);
  status = psems_test_run_cli (&out, &err, "--db", fixture->db_path, "db", "init", NULL);
  g_assert_cmpint (status, ==, 0);

  fixture->application = psems_application_new ("io.github.psems.Psems.TestPlans",
                                                 G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (fixture->application), NULL, &error);
  g_assert_no_error (error);

  fixture->window = psems_application_open_path (fixture->application, fixture->db_path,
                                                 PSEMS_STORE_OPEN_DEFAULT, NULL);
  g_assert_nonnull (psems_window_get_store (fixture->window));
  fixture->facilities = PSEMS_FACILITIES_PAGE (
    psems_window_get_section_page (fixture->window, "facilities"));
  fixture->plans = PSEMS_PLANS_PAGE (
    psems_window_get_section_page (fixture->window, "plans"));
  g_assert_nonnull (fixture->facilities);
  g_assert_nonnull (fixture->plans);
  psems_test_iterate_for (50);
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

static PsemsStore *
get_store (Fixture *fixture)
{
  return psems_window_get_store (fixture->window);
}

static guint
count_list_rows (GtkWidget *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n) != NULL)
    n++;
  return n;
}

/* Fills the new-facility form through its widgets and saves it with facility.save. */
static gint64
create_facility (Fixture    *fixture,
                 const char *code,
                 const char *name)
{
  g_autoptr(GPtrArray) listed = NULL;
  gint64 id;

  activate (fixture->window, "win.show-section", "s", "facilities");
  activate (fixture->facilities, "facility.new", NULL);
  type_into (fixture->facilities, "facility-name", name);
  type_into (fixture->facilities, "facility-code", code);
  type_into (fixture->facilities, "facility-un-locode", "NLRTM");
  type_into (fixture->facilities, "facility-imo-number", "NLRTM-0042");
  type_into (fixture->facilities, "facility-contact-24h", "+31 10 000 0000");
  activate (fixture->facilities, "facility.save", NULL);

  id = psems_facilities_page_get_selected_id (fixture->facilities);
  g_assert_cmpint (id, >, 0);
  g_assert_false (psems_facilities_page_get_dirty (fixture->facilities));

  listed = psems_facility_list (get_store (fixture), FALSE, NULL);
  g_assert_nonnull (listed);
  for (guint i = 0; i < listed->len; i++)
    {
      PsemsFacility *facility = g_ptr_array_index (listed, i);

      if (facility->id == id)
        {
          g_assert_cmpstr (facility->code, ==, code);
          g_assert_cmpstr (facility->name, ==, name);
          g_assert_cmpstr (facility->un_locode, ==, "NLRTM");
          g_assert_cmpstr (facility->imo_number, ==, "NLRTM-0042");
          g_assert_cmpstr (facility->contact_24h, ==, "+31 10 000 0000");
          g_assert_cmpint (facility->security_level, ==, 1);
          return id;
        }
    }
  g_assert_not_reached ();
}

static gboolean
dashboard_lists (gpointer data)
{
  Fixture *fixture = data;
  PsemsDashboardPage *page = psems_window_get_dashboard_page (fixture->window);

  return !psems_dashboard_page_get_loading (page)
         && g_list_model_get_n_items (psems_dashboard_page_get_facilities (page)) > 0;
}

/* The plans page follows the facility chosen in the header bar. */
static void
show_plans_of (Fixture *fixture,
               gint64   facility_id)
{
  psems_test_iterate_until (dashboard_lists, fixture);
  activate (fixture->window, "win.select-facility", "x", facility_id);
  activate (fixture->window, "win.show-section", "s", "plans");
  g_assert_cmpint (psems_window_get_facility_id (fixture->window), ==, facility_id);
}

static void
test_facility_create (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkWidget *list = get_named (fixture->facilities, "facility-list");
  GtkWidget *problem;
  gint64 id;

  /* A malformed UN/LOCODE is said next to the field, and Save writes nothing. */
  activate (fixture->window, "win.show-section", "s", "facilities");
  activate (fixture->facilities, "facility.new", NULL);
  type_into (fixture->facilities, "facility-name", "Rotterdam Cruise Port");
  type_into (fixture->facilities, "facility-code", "RTM-CRU");
  type_into (fixture->facilities, "facility-un-locode", "NL1");
  problem = gtk_widget_get_next_sibling (get_named (fixture->facilities, "facility-un-locode"));
  g_assert_true (PSEMS_IS_PROBLEM_ROW (problem));
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_nonnull (psems_problem_row_get_message (PSEMS_PROBLEM_ROW (problem)));
  g_assert_true (gtk_widget_has_css_class (get_named (fixture->facilities, "facility-un-locode"),
                                           "error"));
  activate (fixture->facilities, "facility.save", NULL);
  g_assert_cmpint (psems_test_count (get_store (fixture), "SELECT count(*) FROM facility"), ==, 0);
  activate (fixture->facilities, "facility.cancel", NULL);

  id = create_facility (fixture, "RTM-CRU", "Rotterdam Cruise Port");
  g_assert_cmpuint (count_list_rows (list), ==, 1);

  /* A duplicate code is refused the same way. */
  activate (fixture->facilities, "facility.new", NULL);
  type_into (fixture->facilities, "facility-name", "Another");
  type_into (fixture->facilities, "facility-code", "RTM-CRU");
  problem = gtk_widget_get_next_sibling (get_named (fixture->facilities, "facility-code"));
  g_assert_true (gtk_widget_get_visible (problem));
  activate (fixture->facilities, "facility.save", NULL);
  g_assert_cmpint (psems_test_count (get_store (fixture), "SELECT count(*) FROM facility"), ==, 1);
  activate (fixture->facilities, "facility.cancel", NULL);
  g_assert_cmpint (psems_facilities_page_get_selected_id (fixture->facilities), ==, id);

  /* Edited in place. */
  type_into (fixture->facilities, "facility-name", "Rotterdam Cruise Port Wilhelminakade");
  g_assert_true (psems_facilities_page_get_dirty (fixture->facilities));
  activate (fixture->facilities, "facility.save", NULL);
  {
    g_autoptr(PsemsFacility) facility = psems_facility_get (get_store (fixture), id, NULL);

    g_assert_cmpstr (facility->name, ==, "Rotterdam Cruise Port Wilhelminakade");
  }

  /* Archived with an undo. */
  activate (fixture->facilities, "facility.archive", NULL);
  {
    g_autoptr(PsemsFacility) facility = psems_facility_get (get_store (fixture), id, NULL);

    g_assert_nonnull (facility->archived_at);
  }
  g_assert_cmpuint (count_list_rows (list), ==, 0);
  activate (fixture->facilities, "facility.restore", "x", id);
  {
    g_autoptr(PsemsFacility) facility = psems_facility_get (get_store (fixture), id, NULL);

    g_assert_null (facility->archived_at);
  }
  g_assert_cmpuint (count_list_rows (list), ==, 1);
}

static void
test_facility_level (Fixture       *fixture,
                     gconstpointer  user_data)
{
  gint64 id = create_facility (fixture, "RTM-CT", "Rotterdam Container Terminal");
  g_autoptr(GPtrArray) changes = NULL;
  GtkWindow *dialog;

  activate (fixture->facilities, "facility.change-level", NULL);
  dialog = find_toplevel (PSEMS_TYPE_LEVEL_DIALOG);
  g_assert_nonnull (dialog);
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_named (dialog, "level-level")), 1);
  type_into (dialog, "level-reason", "Heightened threat reported by the authority");
  activate (dialog, "level.apply", NULL);
  psems_test_iterate_for (50);

  {
    g_autoptr(PsemsFacility) facility = psems_facility_get (get_store (fixture), id, NULL);

    g_assert_cmpint (facility->security_level, ==, 2);
  }
  changes = psems_facility_list_level_changes (get_store (fixture), id, NULL);
  g_assert_cmpuint (changes->len, ==, 2);
  /* The history shows both, after the store's change reaches the page. */
  psems_test_iterate_for (100);
  g_assert_cmpuint (count_list_rows (get_named (fixture->facilities, "level-history")), ==, 2);
}

static char *
get_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_plan_workflow (Fixture       *fixture,
                    gconstpointer  user_data)
{
  gint64 facility_id = create_facility (fixture, "RTM-FER", "Rotterdam Ferry Terminal");
  PsemsPlanEditor *editor = psems_plans_page_get_editor (fixture->plans);
  PsemsStore *store = get_store (fixture);
  PsemsActor *actor = psems_window_get_actor (fixture->window);
  const char *measures = "Gates 1 and 2 staffed around the clock; badges checked at every entry.";
  g_autoptr(PsemsPlanElement) element = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(GPtrArray) elements = NULL;
  GtkTextView *view;
  GtkTextBuffer *buffer;
  GtkWindow *dialog;
  gint64 plan_id;

  show_plans_of (fixture, facility_id);
  activate (fixture->plans, "plan.new-version", NULL);
  plan_id = psems_plans_page_get_plan_id (fixture->plans);
  g_assert_cmpint (plan_id, >, 0);
  g_assert_true (psems_plan_editor_get_editable (editor));
  g_assert_cmpuint (psems_plan_editor_get_elements (editor)->len, >, 10);

  /* Type measures at level 1, save them. */
  activate (fixture->plans, "plan.select-element", "s", "unauthorized-access");
  g_assert_cmpstr (psems_plan_editor_get_element_key (editor), ==, "unauthorized-access");
  view = psems_plan_editor_get_text_view (editor, 1);
  g_assert_true (gtk_text_view_get_editable (view));
  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_insert_at_cursor (buffer, measures, -1);
  g_assert_true (psems_plan_editor_get_dirty (editor));
  activate (fixture->plans, "plan.save-element", NULL);
  g_assert_false (psems_plan_editor_get_dirty (editor));
  element = psems_plan_get_element (store, plan_id, "unauthorized-access", NULL);
  g_assert_cmpstr (element->text[0], ==, measures);
  /* Writing made the missing element a draft. */
  g_assert_cmpint (element->status, ==, PSEMS_ELEMENT_DRAFT);
  g_clear_pointer (&element, psems_plan_element_free);

  /* Undo still works after the save: the text was typed, not loaded. */
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));

  activate (fixture->plans, "plan.set-element-status", "s", "complete");
  activate (fixture->plans, "plan.save-element", NULL);
  element = psems_plan_get_element (store, plan_id, "unauthorized-access", NULL);
  g_assert_cmpint (element->status, ==, PSEMS_ELEMENT_COMPLETE);
  g_clear_pointer (&element, psems_plan_element_free);

  /* Moving to another element saves the one left. */
  gtk_text_buffer_insert_at_cursor (buffer, "\nPatrols every two hours.", -1);
  activate (fixture->plans, "plan.select-element", "s", "evacuation");
  element = psems_plan_get_element (store, plan_id, "unauthorized-access", NULL);
  g_assert_nonnull (strstr (element->text[0], "Patrols every two hours."));
  g_clear_pointer (&element, psems_plan_element_free);

  activate (fixture->plans, "plan.submit", NULL);
  plan = psems_plan_get (store, plan_id, NULL);
  g_assert_cmpint (plan->status, ==, PSEMS_PLAN_SUBMITTED);
  g_assert_nonnull (plan->submitted_on);
  g_clear_pointer (&plan, psems_plan_free);
  psems_test_iterate_for (50);
  g_assert_false (psems_plan_editor_get_editable (editor));
  g_assert_false (gtk_text_view_get_editable (psems_plan_editor_get_text_view (editor, 1)));

  /* Approving is refused while required elements are missing, and the dialog says so. */
  activate (fixture->plans, "plan.approve", NULL);
  dialog = find_toplevel (PSEMS_TYPE_APPROVE_DIALOG);
  g_assert_nonnull (dialog);
  type_into (dialog, "approve-authority", "Port of Rotterdam Authority");
  type_into (dialog, "approve-reference", "PFSP-2026-17");
  activate (dialog, "approve.apply", NULL);
  g_assert_true (gtk_widget_get_visible (get_named (dialog, "approve-error")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get_named (dialog, "approve-error"))),
                            "missing"));
  plan = psems_plan_get (store, plan_id, NULL);
  g_assert_cmpint (plan->status, ==, PSEMS_PLAN_SUBMITTED);
  g_clear_pointer (&plan, psems_plan_free);
  gtk_window_destroy (dialog);

  /* Complete the rest through core, then approve through the dialog. */
  g_assert_true (psems_plan_return_to_draft (store, actor, plan_id, "test", NULL));
  elements = psems_plan_list_elements (store, plan_id, NULL);
  for (guint i = 0; i < elements->len; i++)
    {
      PsemsPlanElement *e = g_ptr_array_index (elements, i);
      const char *texts[3] = { "Level 1 measures.", "Level 2 measures.", "Level 3 measures." };
      PsemsElementStatus complete = PSEMS_ELEMENT_COMPLETE;

      if (g_str_equal (e->key, "unauthorized-access"))
        continue;
      g_assert_true (psems_plan_edit_element (store, actor, plan_id, e->key, texts, &complete, NULL,
                                              NULL));
    }
  g_assert_true (psems_plan_submit (store, actor, plan_id, NULL, NULL));
  psems_test_iterate_for (50);

  activate (fixture->plans, "plan.approve", NULL);
  dialog = find_toplevel (PSEMS_TYPE_APPROVE_DIALOG);
  g_assert_nonnull (dialog);
  type_into (dialog, "approve-authority", "Port of Rotterdam Authority");
  activate (dialog, "approve.apply", NULL);
  psems_test_iterate_for (50);
  plan = psems_plan_get (store, plan_id, NULL);
  g_assert_cmpint (plan->status, ==, PSEMS_PLAN_APPROVED);
  g_assert_cmpstr (plan->approved_by, ==, "Port of Rotterdam Authority");
  g_assert_nonnull (plan->next_review_due);
  g_clear_pointer (&plan, psems_plan_free);

  /* The approved version is read-only, and says so. */
  activate (fixture->plans, "plan.select-element", "s", "unauthorized-access");
  view = psems_plan_editor_get_text_view (editor, 1);
  g_assert_false (psems_plan_editor_get_editable (editor));
  g_assert_false (gtk_text_view_get_editable (view));
  g_assert_false (gtk_widget_get_sensitive (get_named (fixture->plans, "element-status")));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (get_named (fixture->plans,
                                                                           "plan-notice"))));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get_named (fixture->plans,
                                                                      "plan-notice"))),
                            "read-only"));
  {
    g_autofree char *text = get_text (view);

    g_assert_nonnull (strstr (text, measures));
  }

  /* A new version, one line changed: the comparison marks it. */
  activate (fixture->plans, "plan.new-version", NULL);
  g_assert_cmpint (psems_plans_page_get_plan_id (fixture->plans), !=, plan_id);
  g_assert_true (psems_plan_editor_get_editable (editor));
  activate (fixture->plans, "plan.select-element", "s", "unauthorized-access");
  buffer = gtk_text_view_get_buffer (psems_plan_editor_get_text_view (editor, 2));
  gtk_text_buffer_set_text (buffer, "Level 2: all visitors escorted.", -1);
  activate (fixture->plans, "plan.save-element", NULL);
  activate (fixture->plans, "plan.view", "s", "history");
  {
    PsemsPlanDiffView *diff = psems_plans_page_get_diff_view (fixture->plans);

    g_assert_cmpuint (psems_plan_diff_view_count_lines (diff, "diff-added"), ==, 1);
    g_assert_cmpuint (psems_plan_diff_view_count_lines (diff, "diff-removed"), ==, 0);
  }
}

/* Ctrl+N starts the plan's first version (once: a draft is open after), Ctrl+F searches its
 * elements. */
static void
test_page_keys (Fixture       *fixture,
                gconstpointer  user_data)
{
  gint64 facility_id = create_facility (fixture, "RTM-FER", "Rotterdam Ferry Terminal");
  GtkWidget *page = GTK_WIDGET (fixture->plans);
  GtkWidget *search;
  gint64 plan_id;

  g_assert_true (psems_test_has_binding (page, GDK_KEY_f, GDK_CONTROL_MASK, "page.find"));
  g_assert_true (psems_test_has_binding (page, GDK_KEY_n, GDK_CONTROL_MASK, "page.new"));
  show_plans_of (fixture, facility_id);
  activate (fixture->plans, "page.new", NULL);
  plan_id = psems_plans_page_get_plan_id (fixture->plans);
  g_assert_cmpint (plan_id, >, 0);
  activate (fixture->plans, "page.new", NULL);   /* disabled while the draft is open */
  g_assert_cmpint (psems_plans_page_get_plan_id (fixture->plans), ==, plan_id);
  g_assert_cmpint (psems_test_count (get_store (fixture), "SELECT count(*) FROM plan WHERE facility_id = %lld",
                                     (long long) facility_id), ==, 1);

  activate (fixture->plans, "page.find", NULL);
  psems_test_iterate_for (50);
  search = get_named (page, "plan-element-search");
  g_assert_true (psems_test_has_focus_within (search));
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
  g_test_add ("/plans/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("facility-create", test_facility_create);
  ADD ("facility-level", test_facility_level);
  ADD ("plan-workflow", test_plan_workflow);
  ADD ("page-keys", test_page_keys);
#undef ADD

  return g_test_run ();
}
