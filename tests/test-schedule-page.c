/* test-schedule-page.c — the Schedule page: the agenda against core's clock, completions refused and recorded, the month grid, items added by rule, declarations. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "psems-app-resources.h"
#include "psems-completion-dialog.h"
#include "psems-core.h"
#include "psems-evidence.h"
#include "psems-facility.h"
#include "psems-month-grid.h"
#include "psems-problem-row.h"
#include "psems-schedule-dialog.h"
#include "psems-schedule-page.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-ui-util.h"
#include "psems-undo.h"

typedef struct
{
  char *dir;
  char *db_path;
  PsemsStore *store;
  PsemsActor *actor;
  GtkWindow *window;
  PsemsSchedulePage *page;
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

  g_assert_nonnull (widget);
  return widget;
}

static GtkWindow *
find_dialog (GType type)
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

static const char *
problem_of (gpointer    dialog,
            const char *name)
{
  return psems_problem_row_get_message (PSEMS_PROBLEM_ROW (get_named (dialog, name)));
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_has_prefix (gtk_widget_get_name (row), "item-"))
      n++;
  return n;
}

static GtkWidget *
item_row (Fixture    *fixture,
          const char *list,
          gint64      id)
{
  g_autofree char *name = g_strdup_printf ("item-%" G_GINT64_FORMAT, id);

  return find_named (get_named (fixture->page, list), name);
}

/* With PSEMS_SHOT_DIR set, saves what the window shows as <dir>/schedule-<what>.png. */
static void
save_shot (gpointer    window,
           const char *what)
{
  const char *dir = g_getenv ("PSEMS_SHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  psems_test_iterate_for (1000);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("schedule-%s.png", what);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  /* The window's width: a desktop's, or what the test asks for. */
  int width = user_data != NULL ? GPOINTER_TO_INT (user_data) : 1400;

  fixture->dir = psems_test_make_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  status = psems_test_run_cli (&out, &err, "--db", fixture->db_path, "db", "demo", NULL);
  if (status != 0)
    g_test_message ("psems-cli db demo: %s", err);
  g_assert_cmpint (status, ==, 0);

  fixture->store = psems_store_open (fixture->db_path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fixture->actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  fixture->facility_id = psems_facility_resolve (fixture->store, "NHV-CT", &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->facility_id, >, 0);

  fixture->window = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_set_default_size (fixture->window, width, 900);
  fixture->page = PSEMS_SCHEDULE_PAGE (psems_schedule_page_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));
  psems_schedule_page_set_store (fixture->page, fixture->store, fixture->actor);
  psems_schedule_page_set_facility_id (fixture->page, fixture->facility_id);
  /* Not shown yet: nothing is loaded. */
  g_assert_cmpuint (count_rows (get_named (fixture->page, "agenda-overdue")), ==, 0);
  g_assert_cmpuint (count_rows (get_named (fixture->page, "agenda-soon")), ==, 0);
  gtk_window_present (fixture->window);
  psems_test_iterate_for (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWindow *dialog;

  while ((dialog = find_dialog (GTK_TYPE_WINDOW)) != NULL)
    gtk_window_destroy (dialog);
  psems_test_iterate_for (20);
  g_clear_pointer (&fixture->actor, psems_actor_unref);
  g_clear_object (&fixture->store);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

/* The items core says are overdue today, by evaluating each one. */
static GArray *
core_overdue (Fixture *fixture)
{
  PsemsScheduleFilter filter = { .facility_id = fixture->facility_id };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = psems_schedule_list (fixture->store, &filter, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  g_ptr_array_set_free_func (items, (GDestroyNotify) psems_schedule_item_free);
  for (guint i = 0; i < items->len; i++)
    {
      PsemsScheduleItem *item = g_ptr_array_index (items, i);
      g_autoptr(PsemsScheduleStatus) status =
        psems_schedule_evaluate (fixture->store, item, psems_day_today (), &error);

      g_assert_no_error (error);
      if (status->state == PSEMS_CLOCK_OVERDUE)
        g_array_append_val (ids, item->id);
    }
  return ids;
}

static void
test_agenda (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GArray) overdue = core_overdue (fixture);
  GtkWidget *list = get_named (fixture->page, "agenda-overdue");

  /* The demo dates itself so that something is late. */
  g_assert_cmpuint (overdue->len, >, 0);
  g_assert_cmpuint (count_rows (list), ==, overdue->len);
  save_shot (fixture->window, "agenda");
  for (guint i = 0; i < overdue->len; i++)
    {
      gint64 id = g_array_index (overdue, gint64, i);
      GtkWidget *row = item_row (fixture, "agenda-overdue", id);
      g_autoptr(PsemsScheduleItem) item = psems_schedule_get (fixture->store, id, NULL);
      g_autoptr(PsemsScheduleStatus) status =
        psems_schedule_evaluate (fixture->store, item, psems_day_today (), NULL);

      g_assert_nonnull (row);
      /* The engine's words, under the title. */
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                status->explanation));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, item->title);
    }

  /* All facilities: at least as many, each with its facility code. */
  psems_schedule_page_set_facility_id (fixture->page, 0);
  g_assert_cmpuint (count_rows (list), >=, overdue->len);
  {
    GtkWidget *row = item_row (fixture, "agenda-overdue", g_array_index (overdue, gint64, 0));

    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                     "NHV-CT · "));
  }
}

static void
set_text (gpointer    root,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_named (root, name)), text);
}

static void
test_completion (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GArray) overdue = core_overdue (fixture);
  gint64 id = g_array_index (overdue, gint64, 0);
  gint64 n_completions = psems_test_count (fixture->store,
                                           "SELECT count(*) FROM completion");
  gint64 n_evidence = psems_test_count (fixture->store, "SELECT count(*) FROM evidence");
  g_autofree char *tomorrow = psems_day_format_iso (psems_day_today () + 1);
  g_autofree char *today = psems_day_format_iso (psems_day_today ());
  g_autofree char *sheet =
    psems_test_write_file (fixture->dir, "drill-sheet.txt",
                           "Drill sheet: 12 present, gate 3 closed in 4 min.\n");
  g_autoptr(GFile) sheet_file = g_file_new_for_path (sheet);
  g_autoptr(GArray) still_overdue = NULL;
  PsemsCompletionDialog *dialog;

  g_assert_nonnull (item_row (fixture, "agenda-overdue", id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "schedule.record-completion", "x", id));
  dialog = PSEMS_COMPLETION_DIALOG (find_dialog (PSEMS_TYPE_COMPLETION_DIALOG));
  g_assert_nonnull (dialog);

  /* Tomorrow: refused inline, nothing written. */
  set_text (dialog, "completion-done-on", tomorrow);
  g_assert_nonnull (problem_of (dialog, "completion-done-on-problem"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "completion.save", NULL));
  psems_test_iterate_for (20);
  g_assert_true (find_dialog (PSEMS_TYPE_COMPLETION_DIALOG) == GTK_WINDOW (dialog));
  g_assert_nonnull (strstr (problem_of (dialog, "completion-done-on-problem"), "future"));
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM completion"), ==,
                   n_completions);

  /* Today, with the 105.225 fields and a drill sheet: one write. */
  set_text (dialog, "completion-done-on", today);
  g_assert_null (problem_of (dialog, "completion-done-on-problem"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get_named (dialog, "completion-duration")), 45);
  set_text (dialog, "completion-participants", "PFSO, gate team B");
  {
    GtkWidget *view = get_named (dialog, "completion-description");

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                              "Unauthorised person at gate 3", -1);
  }
  psems_completion_dialog_add_evidence (dialog, sheet_file);
  save_shot (dialog, "completion");
  g_assert_nonnull (find_named (get_named (dialog, "completion-evidence"), "drill-sheet.txt"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "completion.save", NULL));
  psems_test_iterate_for (50);
  g_assert_null (find_dialog (PSEMS_TYPE_COMPLETION_DIALOG));

  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM completion"), ==,
                   n_completions + 1);
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM completion WHERE schedule_item_id = %lld"
                                     " AND done_on = '%s' AND duration_minutes = 45"
                                     " AND participants = 'PFSO, gate team B'",
                                     (long long) id, today), ==, 1);
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM evidence"), ==,
                   n_evidence + 1);
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM completion_evidence ce"
                                     " JOIN completion c ON c.id = ce.completion_id"
                                     " WHERE c.id = (SELECT max(id) FROM completion)"
                                     " AND c.schedule_item_id = %lld", (long long) id), ==, 1);

  /* The item is current again: core and the agenda agree. */
  still_overdue = core_overdue (fixture);
  for (guint i = 0; i < still_overdue->len; i++)
    g_assert_cmpint (g_array_index (still_overdue, gint64, i), !=, id);
  g_assert_null (item_row (fixture, "agenda-overdue", id));
  g_assert_cmpuint (count_rows (get_named (fixture->page, "agenda-overdue")), ==,
                    still_overdue->len);
  /* Done today and next due beyond the agenda's 30 days: under "Done recently". */
  {
    g_autoptr(PsemsScheduleItem) item = psems_schedule_get (fixture->store, id, NULL);
    g_autoptr(PsemsScheduleStatus) status =
      psems_schedule_evaluate (fixture->store, item, psems_day_today (), NULL);

    g_assert_cmpuint (status->last_done, ==, psems_day_today ());
    if (status->due > psems_day_today () + 30)
      g_assert_nonnull (item_row (fixture, "agenda-done", id));
    else
      g_assert_nonnull (item_row (fixture, "agenda-soon", id));
  }
}

/* The Open button of evidence row @evidence_id under @root, checked to reach the window's action. */
static void
check_open_button (GtkWidget *root,
                   gint64     evidence_id)
{
  g_autofree char *name = g_strdup_printf ("evidence-%" G_GINT64_FORMAT, evidence_id);
  GtkWidget *row = find_named (root, name);
  GtkWidget *button;
  GVariant *target;

  g_assert_nonnull (row);
  button = psems_test_find_widget (row, GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (button);
  /* The page is in a plain window here: the action is checked, not activated. */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "win.open-evidence");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_nonnull (target);
  g_assert_true (g_variant_is_of_type (target, G_VARIANT_TYPE_INT64));
  g_assert_cmpint (g_variant_get_int64 (target), ==, evidence_id);
}

static void
test_history (Fixture       *fixture,
              gconstpointer  user_data)
{
  PsemsScheduleFilter filter = { .facility_id = fixture->facility_id };
  g_autoptr(GPtrArray) items = psems_schedule_list (fixture->store, &filter, NULL);
  GtkWidget *history = get_named (fixture->page, "history-list");
  GtkStack *agenda_stack = GTK_STACK (get_named (fixture->page, "agenda-stack"));
  gint64 shot_id = 0;
  guint shot_len = 0;
  guint n_late = 0, n_evidence = 0;

  g_assert_nonnull (items);
  g_ptr_array_set_free_func (items, (GDestroyNotify) psems_schedule_item_free);
  for (guint i = 0; i < items->len; i++)
    {
      PsemsScheduleItem *item = g_ptr_array_index (items, i);
      g_autoptr(GPtrArray) completions =
        psems_schedule_list_completions (fixture->store, item->id, NULL);
      g_autoptr(PsemsScheduleItem) fresh = psems_schedule_get (fixture->store, item->id, NULL);
      g_autoptr(GPtrArray) violations = NULL;
      GtkWidget *row = item_row (fixture, "agenda-overdue", item->id);
      GtkWidget *child;
      guint n = 0;
      PsemsDay from;
      GDate date;

      g_assert_nonnull (completions);
      g_ptr_array_set_free_func (completions, (GDestroyNotify) psems_completion_free);
      /* The agenda's row leads to it. */
      for (const char *list = "agenda-overdue"; row == NULL && list != NULL;
           list = g_str_equal (list, "agenda-overdue") ? "agenda-soon"
                  : g_str_equal (list, "agenda-soon") ? "agenda-later"
                  : g_str_equal (list, "agenda-later") ? "agenda-done" : NULL)
        row = item_row (fixture, list, item->id);
      if (row != NULL)
        {
          g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==,
                           "schedule.show-history");
          g_assert_cmpint (g_variant_get_int64 (gtk_actionable_get_action_target_value
                                                  (GTK_ACTIONABLE (row))), ==, item->id);
        }

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                                 "schedule.show-history", "x", item->id));
      psems_test_iterate_for (20);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (agenda_stack), ==, "history");
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (fixture->page, "history-title"))),
                       ==, item->title);

      /* Every completion core has, in core's order (the latest first). */
      for (child = gtk_widget_get_first_child (history); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          const PsemsCompletion *completion;
          g_autofree char *name = NULL;
          g_autofree char *done = NULL;
          g_autoptr(GPtrArray) evidence = NULL;
          const char *state;
          PsemsDay done_day, due_day;

          if (!g_str_has_prefix (gtk_widget_get_name (child), "completion-"))
            continue;
          g_assert_cmpuint (n, <, completions->len);
          completion = g_ptr_array_index (completions, n++);
          name = g_strdup_printf ("completion-%" G_GINT64_FORMAT, completion->id);
          g_assert_cmpstr (gtk_widget_get_name (child), ==, name);
          done = psems_ui_format_date (completion->done_on);
          g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)),
                                    done));
          /* On time or late against the deadline it answered. */
          state = gtk_label_get_text (GTK_LABEL (get_named (child, "completion-state")));
          done_day = psems_day_parse (completion->done_on);
          due_day = completion->due_on != NULL ? psems_day_parse (completion->due_on)
                                               : PSEMS_DAY_NONE;
          if (due_day != PSEMS_DAY_NONE && done_day > due_day)
            {
              g_autofree char *late = g_strdup_printf ("%u day%s late", done_day - due_day,
                                                       done_day - due_day == 1 ? "" : "s");

              g_assert_cmpstr (state, ==, late);
              n_late++;
            }
          else if (due_day != PSEMS_DAY_NONE)
            g_assert_cmpstr (state, ==, "On time");
          /* Its evidence, each with the window's Open. */
          evidence = psems_evidence_list (fixture->store, "completion", completion->id, NULL);
          g_assert_nonnull (evidence);
          g_ptr_array_set_free_func (evidence, (GDestroyNotify) psems_evidence_free);
          for (guint e = 0; e < evidence->len; e++)
            {
              check_open_button (child, ((PsemsEvidence *) g_ptr_array_index (evidence, e))->id);
              n_evidence++;
              /* The picture: the item with the longest history that has evidence. */
              if (completions->len > shot_len)
                {
                  shot_id = item->id;
                  shot_len = completions->len;
                }
            }
        }
      g_assert_cmpuint (n, ==, completions->len);

      /* Compliance over 24 months, as core checks it. */
      psems_day_to_date (psems_day_today (), &date);
      g_date_subtract_months (&date, 24);
      from = psems_day_from_date (&date);
      if (fresh->anchor != NULL && psems_day_parse (fresh->anchor) > from
          && psems_day_parse (fresh->anchor) <= psems_day_today ())
        from = psems_day_parse (fresh->anchor);
      violations = psems_schedule_check (fixture->store, fresh, from, psems_day_today (), NULL);
      g_assert_nonnull (violations);
      g_ptr_array_set_free_func (violations, (GDestroyNotify) psems_schedule_violation_free);
      if (violations->len == 0)
        g_assert_nonnull (find_named (get_named (fixture->page, "history-compliance"),
                                      "compliance-ok"));
      for (guint v = 0; v < violations->len; v++)
        {
          g_autofree char *name = g_strdup_printf ("violation-%u", v);
          GtkWidget *vrow = find_named (get_named (fixture->page, "history-compliance"), name);

          g_assert_nonnull (vrow);
          g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (vrow)), ==,
                           ((PsemsScheduleViolation *) g_ptr_array_index (violations, v))->explanation);
        }
      {
        g_autofree char *past = g_strdup_printf ("violation-%u", violations->len);

        g_assert_null (find_named (get_named (fixture->page, "history-compliance"), past));
      }
    }
  /* The demo has late completions and completions with evidence. */
  g_assert_cmpuint (n_late, >, 0);
  g_assert_cmpuint (n_evidence, >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.show-history",
                                             "x", shot_id));
  save_shot (fixture->window, "history");
  /* Back to the agenda. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.close-history",
                                             NULL));
  psems_test_iterate_for (20);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (agenda_stack), ==, "list");
}

/* What the grid's key handler does with @keyval, as if pressed. */
static gboolean
press_key (PsemsMonthGrid *grid,
           guint           keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (grid));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0,
                               &handled);
    }
  return handled;
}

static void
test_month (Fixture       *fixture,
            gconstpointer  user_data)
{
  PsemsScheduleFilter filter = { .facility_id = fixture->facility_id };
  g_autoptr(GPtrArray) items = psems_schedule_list (fixture->store, &filter, NULL);
  PsemsMonthGrid *grid = PSEMS_MONTH_GRID (get_named (fixture->page, "month-grid"));
  PsemsScheduleItem *item = NULL;
  g_autofree char *chip_name = NULL;
  GtkWidget *cell;
  GDate date;
  char expected[64];

  g_ptr_array_set_free_func (items, (GDestroyNotify) psems_schedule_item_free);
  /* One due a few months off, so the grid has to be turned to it. */
  for (guint i = 0; i < items->len && item == NULL; i++)
    {
      PsemsScheduleItem *candidate = g_ptr_array_index (items, i);

      if (candidate->status->due > psems_day_today () + 40)
        item = candidate;
    }
  g_assert_nonnull (item);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.show-view", "s",
                                             "month"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.today", NULL));
  g_assert_cmpuint (psems_month_grid_get_day (grid), ==, psems_day_today ());
  g_assert_true (gtk_widget_has_css_class (psems_month_grid_get_cell (grid, psems_day_today ()),
                                           "today"));
  save_shot (fixture->window, "month-today");
  chip_name = g_strdup_printf ("chip-%" G_GINT64_FORMAT, item->id);
  /* Turn the pages as a user would until the due day is in sight. */
  for (guint turns = 0; psems_month_grid_get_cell (grid, item->status->due) == NULL; turns++)
    {
      PsemsDay before = psems_month_grid_get_day (grid);

      g_assert_cmpuint (turns, <, 240);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                                 "schedule.next-month", NULL));
      g_assert_cmpuint (psems_month_grid_get_day (grid), >, before);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.show-day", "u",
                                             (guint32) item->status->due));
  g_assert_cmpuint (psems_month_grid_get_day (grid), ==, item->status->due);
  save_shot (fixture->window, "month");
  cell = psems_month_grid_get_cell (grid, item->status->due);
  g_assert_nonnull (cell);
  g_assert_nonnull (find_named (cell, chip_name));

  psems_day_to_date (item->status->due, &date);
  g_date_strftime (expected, sizeof expected, "%B %Y", &date);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (fixture->page, "month-title"))), ==,
                   expected);
  /* The day's list names the item with its buttons. */
  {
    g_autofree char *row_name = g_strdup_printf ("day-item-%" G_GINT64_FORMAT, item->id);

    g_assert_nonnull (find_named (get_named (fixture->page, "day-list"), row_name));
  }

  /* The keys move the focused day, and the page turns with it. */
  gtk_widget_grab_focus (cell);
  {
    PsemsDay day = psems_month_grid_get_day (grid);
    GtkWidget *focused;

    g_assert_true (press_key (grid, GDK_KEY_Right));
    g_assert_cmpuint (psems_month_grid_get_day (grid), ==, day + 1);
    g_assert_true (press_key (grid, GDK_KEY_Down));
    g_assert_cmpuint (psems_month_grid_get_day (grid), ==, day + 8);
    g_assert_true (press_key (grid, GDK_KEY_Up));
    g_assert_true (press_key (grid, GDK_KEY_Left));
    g_assert_cmpuint (psems_month_grid_get_day (grid), ==, day);
    focused = gtk_root_get_focus (GTK_ROOT (fixture->window));
    g_assert_true (focused == psems_month_grid_get_cell (grid, day)
                   || gtk_widget_is_ancestor (focused, psems_month_grid_get_cell (grid, day)));
    for (int i = 0; i < 6; i++)
      g_assert_true (press_key (grid, GDK_KEY_Down));
    g_assert_cmpuint (psems_month_grid_get_day (grid), ==, day + 42);
    /* The grid shows the new day's month. */
    g_assert_nonnull (psems_month_grid_get_cell (grid, day + 42));
    g_assert_false (gtk_widget_has_css_class (psems_month_grid_get_cell (grid, day + 42),
                                              "other-month"));
    g_assert_true (press_key (grid, GDK_KEY_Page_Up));
    g_assert_cmpuint (psems_month_grid_get_day (grid), <, day + 42);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                               "schedule.previous-month", NULL));
    g_assert_cmpuint (psems_month_grid_get_day (grid), <, day);
  }
}

static void
test_add_by_rule (Fixture       *fixture,
                  gconstpointer  user_data)
{
  gint64 n_items = psems_test_count (fixture->store,
                                     "SELECT count(*) FROM schedule_item WHERE deleted_at IS NULL");
  PsemsScheduleDialog *dialog;
  gint64 id;
  g_autoptr(PsemsScheduleItem) item = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.new-item",
                                             NULL));
  dialog = PSEMS_SCHEDULE_DIALOG (find_dialog (PSEMS_TYPE_SCHEDULE_DIALOG));
  g_assert_nonnull (dialog);
  /* One facility shown: no facility to choose. */
  g_assert_false (gtk_widget_get_visible (get_named (dialog, "schedule-facility")) &&
                  gtk_widget_get_mapped (get_named (dialog, "schedule-facility")));

  /* No title: refused inline, nothing written. */
  g_assert_true (psems_schedule_dialog_select_rule (dialog, "isps-b18.5"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "schedule-item.save", NULL));
  g_assert_nonnull (problem_of (dialog, "schedule-title-problem"));
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM schedule_item WHERE deleted_at IS NULL"),
                   ==, n_items);

  set_text (dialog, "schedule-title", "Quarterly gate drill");
  set_text (dialog, "schedule-assignee", "Deputy PFSO");
  save_shot (dialog, "item");
  g_assert_null (problem_of (dialog, "schedule-title-problem"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "schedule-item.save", NULL));
  psems_test_iterate_for (50);
  g_assert_null (find_dialog (PSEMS_TYPE_SCHEDULE_DIALOG));

  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM schedule_item WHERE deleted_at IS NULL"),
                   ==, n_items + 1);
  id = psems_test_count (fixture->store,
                         "SELECT id FROM schedule_item WHERE title = 'Quarterly gate drill'"
                         " AND rule = 'isps-b18.5' AND kind = 'drill' AND facility_id = %lld"
                         " AND assignee = 'Deputy PFSO'", (long long) fixture->facility_id);
  g_assert_cmpint (id, >, 0);
  item = psems_schedule_get (fixture->store, id, NULL);
  g_assert_nonnull (item);
  /* Started today, due in three months: in the agenda under Later. */
  g_assert_nonnull (item_row (fixture, "agenda-later", id));

  /* Edit: the form comes back with the rule, and a change is written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.edit-item", "x",
                                             id));
  dialog = PSEMS_SCHEDULE_DIALOG (find_dialog (PSEMS_TYPE_SCHEDULE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_named (dialog, "schedule-title"))), ==,
                   "Quarterly gate drill");
  set_text (dialog, "schedule-assignee", "PFSO");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "schedule-item.save", NULL));
  psems_test_iterate_for (50);
  g_assert_null (find_dialog (PSEMS_TYPE_SCHEDULE_DIALOG));
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM schedule_item WHERE id = %lld"
                                     " AND assignee = 'PFSO' AND rule = 'isps-b18.5'",
                                     (long long) id), ==, 1);

  /* All facilities: the form asks which one, and says so when none is chosen. */
  psems_schedule_page_set_facility_id (fixture->page, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.new-item",
                                             NULL));
  dialog = PSEMS_SCHEDULE_DIALOG (find_dialog (PSEMS_TYPE_SCHEDULE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (get_named (dialog, "schedule-facility")));
  set_text (dialog, "schedule-title", "Drill nowhere");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "schedule-item.save", NULL));
  g_assert_nonnull (problem_of (dialog, "schedule-facility-problem"));
  g_assert_nonnull (find_dialog (PSEMS_TYPE_SCHEDULE_DIALOG));
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM schedule_item"
                                                     " WHERE title = 'Drill nowhere'"), ==, 0);
}

static void
test_declarations (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gint64 n_dos = psems_test_count (fixture->store,
                                   "SELECT count(*) FROM declaration_of_security");
  g_autofree char *today = psems_day_format_iso (psems_day_today ());
  g_autofree char *scan_path = psems_test_write_file (fixture->dir, "dos-signed.txt",
                                                      "Declaration of security, signed");
  g_autoptr(GPtrArray) evidence = NULL;
  AdwMessageDialog *dialog;
  gint64 id;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.show-view", "s",
                                             "declarations"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.new-in-view",
                                             NULL));
  dialog = ADW_MESSAGE_DIALOG (find_dialog (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  set_text (dialog, "dos-ship", "Nordic Star");
  set_text (dialog, "dos-imo", "9074728");
  /* A wrong check digit keeps Add disabled. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  set_text (dialog, "dos-imo", "9074729");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  set_text (dialog, "dos-reason", "Ship at security level 2, facility at level 1");
  set_text (dialog, "dos-responsibilities", "Facility guards the gangway; ship searches stores");
  /* A signing day without the two signatories is refused, and said where. */
  set_text (dialog, "dos-signed-on", today);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_true (gtk_widget_has_css_class (get_named (dialog, "dos-ship-signatory"), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get_named (dialog, "dos-problems"))),
                            "ship’s signatory"));
  set_text (dialog, "dos-ship-signatory", "Capt. A. Hansen");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  set_text (dialog, "dos-facility-signatory", "J. de Vries");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_false (gtk_widget_has_css_class (get_named (dialog, "dos-ship-signatory"), "error"));

  /* The signed copy, dropped on the evidence list as from a file manager. */
  {
    GtkWidget *list = get_named (dialog, "dos-evidence");
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (list);
    g_autoptr(GFile) file = g_file_new_for_path (scan_path);
    GValue value = G_VALUE_INIT;
    gboolean dropped = FALSE;

    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed (&value, gdk_file_list_new_from_array (&file, 1));
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_DROP_TARGET (controller))
          g_signal_emit_by_name (controller, "drop", &value, 0.0, 0.0, &dropped);
      }
    g_value_unset (&value);
    g_assert_true (dropped);
    g_assert_nonnull (find_named (list, "dos-signed.txt"));
  }
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  save_shot (dialog, "declaration");
  {
    GtkScrolledWindow *scrolled =
      GTK_SCROLLED_WINDOW (psems_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SCROLLED_WINDOW,
                                                   NULL));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    save_shot (dialog, "declaration-signed");
  }
  adw_message_dialog_response (dialog, "add");
  psems_test_iterate_for (50);
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM declaration_of_security"), ==,
                   n_dos + 1);
  id = psems_test_count (fixture->store,
                         "SELECT id FROM declaration_of_security"
                         " WHERE ship_name = 'Nordic Star' AND ship_imo = '9074729'"
                         " AND facility_id = %lld AND signed_on = '%s'"
                         " AND ship_signatory = 'Capt. A. Hansen'"
                         " AND facility_signatory = 'J. de Vries'"
                         " AND reason = 'Ship at security level 2, facility at level 1'"
                         " AND responsibilities LIKE 'Facility guards the gangway%%'",
                         (long long) fixture->facility_id, today);
  g_assert_cmpint (id, >, 0);
  /* The file was kept with it, in the same write. */
  evidence = psems_evidence_list (fixture->store, "dos", id, NULL);
  g_assert_nonnull (evidence);
  g_ptr_array_set_free_func (evidence, (GDestroyNotify) psems_evidence_free);
  g_assert_cmpuint (evidence->len, ==, 1);
  g_assert_cmpstr (((PsemsEvidence *) g_ptr_array_index (evidence, 0))->file_name, ==,
                   "dos-signed.txt");
  {
    g_autofree char *name = g_strdup_printf ("dos-%lld", (long long) id);
    GtkWidget *row = find_named (get_named (fixture->page, "dos-list"), name);

    g_assert_nonnull (row);
    /* Listed under the declaration, with the window's Open. */
    check_open_button (row, ((PsemsEvidence *) g_ptr_array_index (evidence, 0))->id);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  }
  save_shot (fixture->window, "declarations");
}

/* Deleting an item from its history asks nothing; the toast's Undo puts it back on the agenda. */
static void
test_delete_undo (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GArray) overdue = core_overdue (fixture);
  GtkWidget *list = get_named (fixture->page, "agenda-overdue");
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (psems_test_find_widget (GTK_WIDGET (fixture->page),
                                                                        ADW_TYPE_TOAST_OVERLAY, NULL));
  g_autoptr(PsemsScheduleItem) item = NULL;
  AdwToast *toast;
  guint before = count_rows (list);
  gint64 id;

  g_assert_cmpuint (overdue->len, >, 0);
  id = g_array_index (overdue, gint64, 0);
  item = psems_schedule_get (fixture->store, id, NULL);
  g_assert_nonnull (item);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.show-history", "x", id));
  psems_test_iterate_for (100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "schedule.delete-item", NULL));
  psems_test_iterate_for (300);
  g_assert_null (find_dialog (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_null (item_row (fixture, "agenda-overdue", id));
  g_assert_cmpuint (count_rows (list), ==, before - 1);
  toast = psems_undo_get_pending (overlay);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), item->title));
  save_shot (fixture->window, "delete-toast");

  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  psems_test_iterate_for (300);
  g_assert_nonnull (item_row (fixture, "agenda-overdue", id));
  g_assert_cmpuint (count_rows (list), ==, before);
}

/* Ctrl+F searches the agenda (from the month view too), Ctrl+N adds an item. */
static void
test_page_keys (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *search = get_named (page, "schedule-search");

  g_assert_true (psems_test_has_binding (page, GDK_KEY_f, GDK_CONTROL_MASK, "page.find"));
  g_assert_true (psems_test_has_binding (page, GDK_KEY_n, GDK_CONTROL_MASK, "page.new"));
  g_assert_true (gtk_widget_activate_action (page, "schedule.show-view", "s", "month"));
  g_assert_true (gtk_widget_activate_action (page, "page.find", NULL));
  psems_test_iterate_for (50);
  g_assert_true (psems_test_has_focus_within (search));
  g_assert_true (gtk_widget_activate_action (page, "page.new", NULL));
  psems_test_iterate_for (50);
  g_assert_nonnull (find_dialog (PSEMS_TYPE_SCHEDULE_DIALOG));
}

static gboolean
switcher_at_bottom (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *bar = psems_test_find_widget (GTK_WIDGET (fixture->page), ADW_TYPE_VIEW_SWITCHER_BAR,
                                           NULL);

  return bar != NULL && adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar));
}

static int
minimum_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* On a phone's width: the views are switched from the bottom, the agenda's rows and the month fit,
 * the month's cells are compact and the day goes below them. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *grid = get_named (page, "month-grid");
  GtkWidget *cell;
  graphene_rect_t grid_bounds;
  graphene_rect_t day_bounds;

  psems_test_iterate_until (switcher_at_bottom, fixture);
  g_assert_false (gtk_widget_get_visible (psems_test_find_widget (page, ADW_TYPE_VIEW_SWITCHER,
                                                                  NULL)));
  g_assert_cmpuint (count_rows (get_named (page, "agenda-overdue")), >, 0);
  g_assert_cmpint (minimum_width (page), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (page), <=, 360);
  /* The add button keeps its name for screen readers and its tooltip. */
  g_assert_nonnull (gtk_widget_get_tooltip_text (get_named (page, "schedule-new")));

  g_assert_true (gtk_widget_activate_action (page, "schedule.show-view", "s", "month"));
  psems_test_iterate_for (300);
  cell = psems_month_grid_get_cell (PSEMS_MONTH_GRID (grid),
                                    psems_month_grid_get_day (PSEMS_MONTH_GRID (grid)));
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (cell), "compact"));
  g_assert_cmpint (minimum_width (page), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (page), <=, 360);
  g_assert_true (gtk_widget_compute_bounds (grid, page, &grid_bounds));
  g_assert_true (gtk_widget_compute_bounds (get_named (page, "day-list"), page, &day_bounds));
  g_assert_cmpfloat (day_bounds.origin.y, >=, grid_bounds.origin.y + grid_bounds.size.height);
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
  g_assert_nonnull (psems_app_get_resource ());

#define ADD(name, func) \
  g_test_add ("/schedule-page/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("agenda", test_agenda);
  ADD ("page-keys", test_page_keys);
  ADD ("delete-undo", test_delete_undo);
  ADD ("completion", test_completion);
  ADD ("history", test_history);
  ADD ("month", test_month);
  ADD ("add-by-rule", test_add_by_rule);
  ADD ("declarations", test_declarations);
#undef ADD
  g_test_add ("/schedule-page/narrow", Fixture, GINT_TO_POINTER (360), fixture_set_up, test_narrow,
              fixture_tear_down);

  return g_test_run ();
}
