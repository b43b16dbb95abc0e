/* test-controls.c — the Controls & threats page: lists, the control form's inline problems, live residual risk, win.show-control, a phone's width. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "psems-adaptive-bin.h"
#include "psems-application.h"
#include "psems-control-dialog.h"
#include "psems-controls-page.h"
#include "psems-core.h"
#include "psems-layers-dialog.h"
#include "psems-pfsa-dialog.h"
#include "psems-problem-row.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-threat-dialog.h"
#include "psems-window.h"

typedef struct
{
  char *dir;
  char *db_path;
  PsemsApplication *application;
  PsemsWindow *window;
  PsemsControlsPage *page;
  PsemsStore *store;
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

/* The dialog of @type the page opened, if one is open. */
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

static void
close_dialogs (GType type)
{
  GtkWindow *dialog;

  while ((dialog = find_dialog (type)) != NULL)
    gtk_window_destroy (dialog);
  psems_test_iterate_for (20);
}

static const char *
problem_of (GtkWidget  *dialog,
            const char *name)
{
  return psems_problem_row_get_message (PSEMS_PROBLEM_ROW (get_named (dialog, name)));
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
  fixture->db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  status = psems_test_run_cli (&out, &err, "--db", fixture->db_path, "db", "demo", NULL);
  g_assert_cmpint (status, ==, 0);

  fixture->application = psems_application_new ("io.github.psems.Psems.TestControls",
                                                 G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (fixture->application), NULL, &error);
  g_assert_no_error (error);

  fixture->window = psems_application_open_path (fixture->application, fixture->db_path,
                                                 PSEMS_STORE_OPEN_DEFAULT, NULL);
  fixture->store = psems_window_get_store (fixture->window);
  g_assert_nonnull (fixture->store);
  fixture->page = PSEMS_CONTROLS_PAGE (psems_window_get_section_page (fixture->window, "controls"));
  g_assert_nonnull (fixture->page);

  /* The demo's container terminal, chosen in the header bar as a user would. */
  fixture->facility_id = psems_facility_resolve (fixture->store, "NHV-CT", &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->facility_id, >, 0);
  psems_test_iterate_for (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-facility",
                                             "x", fixture->facility_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section",
                                             "s", "controls"));
  psems_test_iterate_for (50);
  g_assert_cmpint (psems_window_get_facility_id (fixture->window), ==, fixture->facility_id);
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

static GtkWidget *
find_control_row (Fixture *fixture,
                  gint64   id)
{
  g_autofree char *name = g_strdup_printf ("control-%" G_GINT64_FORMAT, id);

  return find_named (get_named (fixture->page, "controls-list"), name);
}

static GtkWidget *
find_threat_row (Fixture *fixture,
                 gint64   id)
{
  g_autofree char *name = g_strdup_printf ("threat-%" G_GINT64_FORMAT, id);

  return find_named (get_named (fixture->page, "threat-list"), name);
}

static void
test_lists (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) controls = psems_control_list (fixture->store, fixture->facility_id, NULL,
                                                      &error);
  g_autoptr(GPtrArray) threats = NULL;
  g_autoptr(GPtrArray) others = NULL;
  guint n_degraded = 0;

  g_assert_no_error (error);
  g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_control_free);
  g_assert_cmpuint (controls->len, >, 0);
  for (guint i = 0; i < controls->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (controls, i);
      GtkWidget *row = find_control_row (fixture, control->id);

      g_assert_nonnull (row);
      /* A degraded control says so in its row, and only then. */
      g_assert_cmpint (find_named (row, "control-degraded") != NULL, ==, control->degraded);
      n_degraded += control->degraded ? 1 : 0;
    }
  g_assert_cmpuint (n_degraded, >, 0);

  /* Another facility's controls are not listed. */
  others = psems_control_list (fixture->store, 0, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_set_free_func (others, (GDestroyNotify) psems_control_free);
  g_assert_cmpuint (others->len, >, controls->len);
  for (guint i = 0; i < others->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (others, i);

      if (control->facility_id != fixture->facility_id)
        g_assert_null (find_control_row (fixture, control->id));
    }

  /* The degraded filter keeps exactly the degraded ones. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.degraded-only",
                                             NULL));
  for (guint i = 0; i < controls->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (controls, i);

      g_assert_cmpint (find_control_row (fixture, control->id) != NULL, ==, control->degraded);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.clear-filters",
                                             NULL));
  g_assert_nonnull (find_control_row (fixture, ((PsemsControl *) g_ptr_array_index (controls,
                                                                                    0))->id));

  threats = psems_threat_list (fixture->store, fixture->facility_id, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_set_free_func (threats, (GDestroyNotify) psems_threat_free);
  g_assert_cmpuint (threats->len, >, 0);
  for (guint i = 0; i < threats->len; i++)
    {
      PsemsThreat *threat = g_ptr_array_index (threats, i);
      GtkWidget *row = find_threat_row (fixture, threat->id);
      GtkWidget *path;

      g_assert_nonnull (row);
      path = get_named (row, "threat-path");
      if (threat->assessment.stop_position == 0)
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (path)), ==,
                         "Passes every layer unopposed");
      else if (threat->assessment.unopposed_layers->len > 0)
        g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (path)), "Unopposed at: "));
    }
}

static gboolean
row_listed (gpointer data)
{
  gpointer *args = data;

  return find_control_row (args[0], *(gint64 *) args[1]) != NULL;
}

static void
test_add_control (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *before = psems_test_dump_database (fixture->store);
  g_autofree char *after = NULL;
  gint64 n_controls = psems_test_count (fixture->store, "SELECT count(*) FROM control");
  GtkWindow *dialog;
  gint64 id;
  gpointer args[2];

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.new", NULL));
  dialog = find_dialog (PSEMS_TYPE_CONTROL_DIALOG);
  g_assert_nonnull (dialog);
  /* The facility is the one chosen in the header bar: no need to ask. */
  g_assert_false (gtk_widget_is_visible (get_named (dialog, "control-facility")));
  g_assert_null (problem_of (GTK_WIDGET (dialog), "control-name-problem"));

  /* No name, and an effectiveness above 100 %. */
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "control-effectiveness")), "150");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "control.save", NULL));
  psems_test_iterate_for (20);
  g_assert_true (find_dialog (PSEMS_TYPE_CONTROL_DIALOG) == dialog);
  g_assert_nonnull (problem_of (GTK_WIDGET (dialog), "control-name-problem"));
  g_assert_nonnull (problem_of (GTK_WIDGET (dialog), "control-effectiveness-problem"));
  g_assert_true (gtk_widget_has_css_class (get_named (dialog, "control-name"), "error"));
  after = psems_test_dump_database (fixture->store);
  g_assert_cmpstr (after, ==, before);

  /* Put right, it is written and listed. */
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "control-name")),
                         "Dog patrol of the empty-container depot");
  g_assert_null (problem_of (GTK_WIDGET (dialog), "control-name-problem"));
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "control-effectiveness")), "70");
  g_assert_null (problem_of (GTK_WIDGET (dialog), "control-effectiveness-problem"));
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "control-regulation-entry")),
                         "ISPS A/16.3.2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "control.save", NULL));
  psems_test_iterate_for (20);
  g_assert_null (find_dialog (PSEMS_TYPE_CONTROL_DIALOG));
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM control"), ==,
                   n_controls + 1);
  id = psems_test_count (fixture->store,
                         "SELECT id FROM control WHERE name = 'Dog patrol of the empty-container depot'"
                         " AND effectiveness = 70 AND facility_id = %" G_GINT64_FORMAT,
                         fixture->facility_id);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM control_regulation cr"
                                     " JOIN regulation_ref r ON r.id = cr.regulation_id"
                                     " WHERE cr.control_id = %" G_GINT64_FORMAT
                                     " AND r.code = 'ISPS A/16.3.2'", id), ==, 1);
  args[0] = fixture;
  args[1] = &id;
  psems_test_iterate_until (row_listed, args);
  g_assert_cmpint (psems_controls_page_get_selected_control_id (fixture->page), ==, id);
}

static void
test_all_facilities (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.select-facility",
                                             "x", (gint64) 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section",
                                             "s", "controls"));
  psems_test_iterate_for (50);
  g_assert_cmpint (psems_window_get_facility_id (fixture->window), ==, 0);
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(DISTINCT facility_id) FROM control"),
                   >, 1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) controls = psems_control_list (fixture->store, 0, NULL, &error);

    g_assert_no_error (error);
    g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_control_free);
    for (guint i = 0; i < controls->len; i++)
      g_assert_nonnull (find_control_row (fixture, ((PsemsControl *) g_ptr_array_index (controls,
                                                                                         i))->id));
  }

  /* Adding asks for the facility, and refuses without one. */
  before = psems_test_dump_database (fixture->store);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.new", NULL));
  dialog = find_dialog (PSEMS_TYPE_CONTROL_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_is_visible (get_named (dialog, "control-facility")));
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "control-name")), "Harbour patrol boat");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "control.save", NULL));
  psems_test_iterate_for (20);
  g_assert_nonnull (problem_of (GTK_WIDGET (dialog), "control-facility-problem"));
  after = psems_test_dump_database (fixture->store);
  g_assert_cmpstr (after, ==, before);
  close_dialogs (PSEMS_TYPE_CONTROL_DIALOG);
}

static void
test_threat_mitigations (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) threats = psems_threat_list (fixture->store, fixture->facility_id, NULL,
                                                    &error);
  g_autoptr(PsemsThreat) saved = NULL;
  g_autofree char *inherent = NULL;
  g_autofree char *residual_before = NULL;
  PsemsThreatDialog *dialog;
  PsemsThreat *threat = NULL;
  GtkLabel *row_residual;

  g_assert_no_error (error);
  g_ptr_array_set_free_func (threats, (GDestroyNotify) psems_threat_free);
  /* A scenario its controls bring down a level. */
  for (guint i = 0; i < threats->len && threat == NULL; i++)
    {
      PsemsThreat *t = g_ptr_array_index (threats, i);

      if (t->assessment.residual_level < t->assessment.inherent_level)
        threat = t;
    }
  g_assert_nonnull (threat);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.edit-threat",
                                             "x", threat->id));
  dialog = PSEMS_THREAT_DIALOG (find_dialog (PSEMS_TYPE_THREAT_DIALOG));
  g_assert_nonnull (dialog);
  inherent = g_strdup (psems_threat_dialog_get_inherent_level (dialog));
  residual_before = g_strdup (psems_threat_dialog_get_residual_level (dialog));
  g_assert_cmpstr (inherent, !=, residual_before);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (dialog, "threat-residual"))), ==,
                   residual_before);

  /* Without its mitigations the residual risk is the inherent one, as the user unticks them. */
  for (guint i = 0; i < threat->control_ids->len; i++)
    g_assert_true (psems_threat_dialog_set_mitigation (dialog,
                                                       g_array_index (threat->control_ids,
                                                                      gint64, i), FALSE));
  g_assert_cmpstr (psems_threat_dialog_get_residual_level (dialog), ==, inherent);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (dialog, "threat-residual"))), ==,
                   inherent);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (dialog, "threat-path"))), ==,
                   "Passes every layer unopposed");

  /* Saved, core agrees and the list shows it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "threat.save", NULL));
  psems_test_iterate_for (50);
  g_assert_null (find_dialog (PSEMS_TYPE_THREAT_DIALOG));
  saved = psems_threat_get (fixture->store, threat->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->control_ids->len, ==, 0);
  g_assert_cmpint (saved->assessment.residual_level, ==, saved->assessment.inherent_level);
  psems_test_iterate_for (100);
  row_residual = GTK_LABEL (get_named (find_threat_row (fixture, threat->id), "threat-residual"));
  g_assert_cmpstr (gtk_label_get_text (row_residual), ==, inherent);
}

static void
test_show_control (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) controls = psems_control_list (fixture->store, fixture->facility_id, NULL,
                                                      &error);
  PsemsControl *control;
  GtkWidget *row;

  g_assert_no_error (error);
  g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_control_free);
  control = g_ptr_array_index (controls, controls->len - 1);

  /* From elsewhere in the window, with a filter that hides the control. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.show-view",
                                             "s", "threats"));
  gtk_editable_set_text (GTK_EDITABLE (get_named (fixture->page, "controls-search")),
                         "no control is called this");
  psems_test_iterate_for (300);
  g_assert_null (find_control_row (fixture, control->id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section",
                                             "s", "dashboard"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-control",
                                             "x", control->id));
  psems_test_iterate_for (20);
  g_assert_cmpstr (psems_window_get_section (fixture->window), ==, "controls");
  g_assert_cmpint (psems_controls_page_get_selected_control_id (fixture->page), ==, control->id);
  row = find_control_row (fixture, control->id);
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)));
  g_assert_nonnull (find_dialog (PSEMS_TYPE_CONTROL_DIALOG));
  close_dialogs (PSEMS_TYPE_CONTROL_DIALOG);
}

static void
test_record_test (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) controls = psems_control_list (fixture->store, fixture->facility_id, NULL,
                                                      &error);
  g_autoptr(PsemsControl) after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *date = g_date_time_format (yesterday, "%Y-%m-%d");
  PsemsControl *control = NULL;
  GtkWidget *dialog;

  g_assert_no_error (error);
  g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_control_free);
  /* A control degraded only by its overdue test comes back once tested. */
  for (guint i = 0; i < controls->len && control == NULL; i++)
    {
      PsemsControl *c = g_ptr_array_index (controls, i);

      if (c->degraded && c->test_overdue && c->open_findings == 0 && c->test_interval_days > 1)
        control = c;
    }
  g_assert_nonnull (control);
  g_assert_nonnull (find_named (find_control_row (fixture, control->id), "control-degraded"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.record-test",
                                             "x", control->id));
  dialog = GTK_WIDGET (find_dialog (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_widget_get_name (dialog), ==, "record-test");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "record-test-date")), date);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "record");
  psems_test_iterate_for (100);

  after = psems_control_get (fixture->store, control->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->last_tested_on, ==, date);
  g_assert_false (after->degraded);
  g_assert_null (find_named (find_control_row (fixture, control->id), "control-degraded"));
}

static void
test_risk_cell (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsRiskMatrix) before = psems_risk_matrix_load (fixture->store, &error);
  g_autoptr(PsemsRiskMatrix) after = NULL;
  int level;

  g_assert_no_error (error);
  level = (before->cell[2][1] + 1) % (int) before->levels->len;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.set-risk-cell",
                                             "(iii)", 3, 2, level));
  after = psems_risk_matrix_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->cell[2][1], ==, level);
  for (int l = 0; l < PSEMS_RISK_SCALE; l++)
    for (int c = 0; c < PSEMS_RISK_SCALE; c++)
      if (l != 2 || c != 1)
        g_assert_cmpint (after->cell[l][c], ==, before->cell[l][c]);
}

static void
test_layers (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *before = psems_test_dump_database (fixture->store);
  g_autofree char *after = NULL;
  GtkWindow *dialog;
  GtkWidget *error_label;
  gint64 n_layers = psems_test_count (fixture->store,
                                      "SELECT count(*) FROM layer WHERE deleted_at IS NULL"
                                      " AND facility_id = %" G_GINT64_FORMAT,
                                      fixture->facility_id);

  g_assert_cmpint (n_layers, ==, 4);
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM control c JOIN layer l ON l.id = c.layer_id"
                                     " WHERE l.position = 1 AND l.facility_id = %" G_GINT64_FORMAT,
                                     fixture->facility_id), >, 0);

  /* The perimeter has controls on it: core refuses to remove it, and says which layer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.edit-layers",
                                             NULL));
  dialog = find_dialog (PSEMS_TYPE_LAYERS_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_nonnull (find_named (dialog, "layer-4"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "layers.remove", "u", 0));
  g_assert_null (find_named (dialog, "layer-4"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "layers.save", NULL));
  error_label = get_named (dialog, "layers-error");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_test_message ("refused: %s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Perimeter"));
  after = psems_test_dump_database (fixture->store);
  g_assert_cmpstr (after, ==, before);
  close_dialogs (PSEMS_TYPE_LAYERS_DIALOG);

  /* A fifth ring, innermost, named by the user. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.edit-layers",
                                             NULL));
  dialog = find_dialog (PSEMS_TYPE_LAYERS_DIALOG);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "layers.add", NULL));
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "layer-5")), "Vault");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "layers.save", NULL));
  psems_test_iterate_for (50);
  g_assert_null (find_dialog (PSEMS_TYPE_LAYERS_DIALOG));
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT position FROM layer WHERE name = 'Vault'"
                                     " AND deleted_at IS NULL AND facility_id = %" G_GINT64_FORMAT,
                                     fixture->facility_id), ==, 5);
}

static void
test_pfsa (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autofree char *before = psems_test_dump_database (fixture->store);
  g_autofree char *after = NULL;
  GtkWindow *dialog;
  GtkWidget *record;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.show-view",
                                             "s", "assessment"));
  record = get_named (fixture->page, "pfsa-record");
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (record), 0));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "controls.edit-pfsa",
                                             NULL));
  dialog = find_dialog (PSEMS_TYPE_PFSA_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "pfsa-assessed-on")), "2025-02-30");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "pfsa-assessor")), "");
  g_assert_nonnull (problem_of (GTK_WIDGET (dialog), "pfsa-assessed-problem"));
  g_assert_nonnull (problem_of (GTK_WIDGET (dialog), "pfsa-assessor-problem"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "pfsa.save", NULL));
  g_assert_true (find_dialog (PSEMS_TYPE_PFSA_DIALOG) == dialog);
  after = psems_test_dump_database (fixture->store);
  g_assert_cmpstr (after, ==, before);

  /* Put right, with a review date already past: the page says it is overdue. */
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "pfsa-assessed-on")), "2024-09-17");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "pfsa-assessor")), "Ingrid Havnes");
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, "pfsa-review-due")), "2025-01-31");
  g_assert_null (problem_of (GTK_WIDGET (dialog), "pfsa-assessed-problem"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "pfsa.save", NULL));
  psems_test_iterate_for (50);
  g_assert_null (find_dialog (PSEMS_TYPE_PFSA_DIALOG));
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM facility_assessment"
                                     " WHERE assessor = 'Ingrid Havnes' AND review_due = '2025-01-31'"),
                   ==, 1);
  {
    GtkListBoxRow *row;
    gboolean overdue_shown = FALSE;

    for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (record), i)) != NULL; i++)
      {
        if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Review due") == 0)
          {
            GtkWidget *suffix = get_named (row, "pfsa-value");

            g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (suffix)), "overdue"));
            g_assert_true (gtk_widget_has_css_class (suffix, "error"));
            overdue_shown = TRUE;
          }
      }
    g_assert_true (overdue_shown);
  }
}

/* Ctrl+F searches the controls, Ctrl+N adds one in the view shown. */
static void
test_page_keys (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);

  g_assert_true (psems_test_has_binding (page, GDK_KEY_f, GDK_CONTROL_MASK, "page.find"));
  g_assert_true (psems_test_has_binding (page, GDK_KEY_n, GDK_CONTROL_MASK, "page.new"));
  g_assert_true (gtk_widget_activate_action (page, "page.find", NULL));
  psems_test_iterate_for (50);
  g_assert_true (psems_test_has_focus_within (get_named (page, "controls-search")));
  g_assert_true (gtk_widget_activate_action (page, "page.new", NULL));
  psems_test_iterate_for (50);
  g_assert_nonnull (find_dialog (PSEMS_TYPE_CONTROL_DIALOG));
}

/* How many of @root's widgets, shown, activate @action (with @id as target unless 0). */
static guint
count_actionables (GtkWidget  *root,
                   const char *action,
                   gint64      id)
{
  guint n = 0;

  if (GTK_IS_ACTIONABLE (root) && gtk_widget_get_mapped (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root));

      n += id == 0 || (target != NULL && g_variant_get_int64 (target) == id) ? 1 : 0;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_actionables (child, action, id);
  return n;
}

/* At a phone's 360 pixels the page folds: every control keeps its row, its degraded warning and
 * its test button, the toolbar keeps every command, and the new threat scenario's dialog fits
 * too; given the width back, the rows are laid out in columns again. The page is shown in a
 * window of its own, so that only its width decides. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  user_data)
{
  GtkWidget *page = psems_controls_page_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *bin = psems_test_find_widget (page, PSEMS_TYPE_ADAPTIVE_BIN, NULL);
  const char *views[] = { "controls", "threats", "assessment" };
  const char *commands[] = { "controls.new", "controls.edit-layers", "controls.degraded-only" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) controls = psems_control_list (fixture->store, fixture->facility_id, NULL,
                                                      &error);
  GtkWindow *dialog;
  GtkWidget *dialog_bin;

  g_assert_no_error (error);
  g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_control_free);
  g_assert_nonnull (bin);
  psems_controls_page_set_store (PSEMS_CONTROLS_PAGE (page), fixture->store,
                                 psems_window_get_actor (fixture->window));
  psems_controls_page_set_facility_id (PSEMS_CONTROLS_PAGE (page), fixture->facility_id);
  gtk_window_set_child (window, page);

  gtk_window_set_default_size (window, 1400, 700);
  gtk_window_present (window);
  psems_test_iterate_for (300);
  g_assert_false (psems_adaptive_bin_get_folded (PSEMS_ADAPTIVE_BIN (bin)));
  /* Laid out in columns, a row is wider than a phone: the test below is not vacuous. */
  g_assert_cmpint (psems_test_least_width (bin), >, 360);

  psems_test_present_at_width (window, 360);
  g_assert_true (psems_adaptive_bin_get_folded (PSEMS_ADAPTIVE_BIN (bin)));
  g_assert_cmpint (gtk_widget_get_width (page), ==, 360);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_assert_true (gtk_widget_activate_action (page, "controls.show-view", "s", views[i]));
      psems_test_iterate_for (100);
      g_test_message ("%s at 360 px: %d px", views[i], psems_test_least_width (bin));
      g_assert_true (psems_adaptive_bin_get_folded (PSEMS_ADAPTIVE_BIN (bin)));
      g_assert_cmpint (psems_test_least_width (bin), <=, 360);
    }
  g_assert_true (gtk_widget_activate_action (page, "controls.show-view", "s", "controls"));
  psems_test_iterate_for (100);
  for (guint i = 0; i < controls->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (controls, i);
      g_autofree char *name = g_strdup_printf ("control-%" G_GINT64_FORMAT, control->id);
      GtkWidget *row = find_named (page, name);

      g_assert_nonnull (row);
      g_assert_cmpint (find_named (row, "control-degraded") != NULL, ==, control->degraded);
      g_assert_cmpuint (count_actionables (row, "controls.record-test", control->id), ==, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_cmpuint (count_actionables (page, commands[i], 0), ==, 1);

  g_assert_true (gtk_widget_activate_action (page, "controls.new-threat", NULL));
  psems_test_iterate_for (100);
  dialog = find_dialog (PSEMS_TYPE_THREAT_DIALOG);
  g_assert_nonnull (dialog);
  psems_test_present_at_width (dialog, 360);
  dialog_bin = psems_test_find_widget (GTK_WIDGET (dialog), PSEMS_TYPE_ADAPTIVE_BIN, NULL);
  g_assert_nonnull (dialog_bin);
  g_assert_true (psems_adaptive_bin_get_folded (PSEMS_ADAPTIVE_BIN (dialog_bin)));
  g_assert_cmpint (psems_test_least_width (GTK_WIDGET (dialog)), <=, 360);
  close_dialogs (PSEMS_TYPE_THREAT_DIALOG);

  psems_test_present_at_width (window, 1400);
  g_assert_false (psems_adaptive_bin_get_folded (PSEMS_ADAPTIVE_BIN (bin)));
  g_assert_cmpint (psems_test_least_width (bin), >, 360);
  /* The new scenario's dialog showed the threats. */
  g_assert_true (gtk_widget_activate_action (page, "controls.show-view", "s", "controls"));
  psems_test_iterate_for (100);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_cmpuint (count_actionables (page, commands[i], 0), ==, 1);
  gtk_window_destroy (window);
  psems_test_iterate_for (50);
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

#define ADD(path, func) \
  g_test_add ("/controls/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("lists", test_lists);
  ADD ("page-keys", test_page_keys);
  ADD ("add-control", test_add_control);
  ADD ("all-facilities", test_all_facilities);
  ADD ("threat-mitigations", test_threat_mitigations);
  ADD ("show-control", test_show_control);
  ADD ("record-test", test_record_test);
  ADD ("risk-cell", test_risk_cell);
  ADD ("layers", test_layers);
  ADD ("pfsa", test_pfsa);
  ADD ("narrow", test_narrow);

  return g_test_run ();
}
