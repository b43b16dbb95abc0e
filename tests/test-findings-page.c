/* test-findings-page.c — the Findings page: the demo's findings, raising one with inline problems, start → close → verify, the four-eyes refusal. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "psems-adaptive-bin.h"
#include "psems-app-resources.h"
#include "psems-core.h"
#include "psems-finding-dialog.h"
#include "psems-findings-page.h"
#include "psems-problem-row.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *db_path;
  PsemsStore *store;
  PsemsActor *actor;
  GtkWindow *window;
  PsemsFindingsPage *page;
  gint64 facility_id;            /* the container terminal */
  gint64 shown_control;          /* what win.show-control was asked for */
  guint n_shown;
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

/* The visible window of @type (and @name, unless %NULL) the page opened, if one is open. */
static GtkWindow *
find_window (GType       type,
             const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window))
          && (name == NULL || g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0))
        return window;
    }
  return NULL;
}

static AdwMessageDialog *
get_message_dialog (const char *name)
{
  GtkWindow *dialog = find_window (ADW_TYPE_MESSAGE_DIALOG, name);

  g_assert_nonnull (dialog);
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
close_message_dialogs (void)
{
  GtkWindow *dialog;

  while ((dialog = find_window (ADW_TYPE_MESSAGE_DIALOG, NULL)) != NULL)
    gtk_window_destroy (dialog);
  psems_test_iterate_for (20);
}

static void
show_control_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->shown_control = g_variant_get_int64 (parameter);
  fixture->n_shown++;
}

static void
set_up (Fixture    *fixture,
        const char *extra_arg,
        int         width)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSimpleActionGroup) win_actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) show_control = g_simple_action_new ("show-control",
                                                               G_VARIANT_TYPE_INT64);
  int status;

  fixture->dir = psems_test_make_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  status = psems_test_run_cli (&out, &err, "--db", fixture->db_path, "db", "demo", extra_arg,
                               NULL);
  if (status != 0)
    g_test_message ("psems-cli db demo: %s", err);
  g_assert_cmpint (status, ==, 0);

  fixture->store = psems_store_open (fixture->db_path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fixture->actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  fixture->facility_id = psems_facility_resolve (fixture->store, "NHV-CT", &error);
  g_assert_no_error (error);

  /* The page in a window of its own: the test stands in for the main window's "win" actions. */
  fixture->window = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_set_default_size (fixture->window, width, 860);
  g_signal_connect (show_control, "activate", G_CALLBACK (show_control_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (win_actions), G_ACTION (show_control));
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win",
                                  G_ACTION_GROUP (win_actions));
  fixture->page = PSEMS_FINDINGS_PAGE (psems_findings_page_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));
  psems_findings_page_set_store (fixture->page, fixture->store, fixture->actor);
  psems_findings_page_set_facility_id (fixture->page, fixture->facility_id);
  gtk_window_present (fixture->window);
  psems_test_iterate_for (100);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  set_up (fixture, NULL, 1300);
}

/* A phone's width. */
static void
fixture_set_up_narrow (Fixture       *fixture,
                       gconstpointer  user_data)
{
  set_up (fixture, NULL, 360);
}

static void
fixture_set_up_with_users (Fixture       *fixture,
                           gconstpointer  user_data)
{
  set_up (fixture, "--with-users", 1300);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  close_message_dialogs ();
  {
    GtkWindow *dialog;

    while ((dialog = find_window (PSEMS_TYPE_FINDING_DIALOG, NULL)) != NULL)
      gtk_window_destroy (dialog);
  }
  gtk_window_destroy (fixture->window);
  psems_test_iterate_for (20);
  g_clear_pointer (&fixture->actor, psems_actor_unref);
  g_clear_object (&fixture->store);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static GtkListBox *
get_list (Fixture *fixture)
{
  return GTK_LIST_BOX (get_named (fixture->page, "findings-list"));
}

static guint
count_rows (Fixture *fixture)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (get_list (fixture), (int) n) != NULL)
    n++;
  return n;
}

static GtkWidget *
find_finding_row (Fixture *fixture,
                  gint64   id)
{
  g_autofree char *name = g_strdup_printf ("finding-%" G_GINT64_FORMAT, id);

  return find_named (get_list (fixture), name);
}

static gint64
count_findings (Fixture *fixture)
{
  return psems_test_count (fixture->store, "SELECT count(*) FROM finding");
}

static gboolean
page_listed (gpointer data)
{
  Fixture *fixture = data;

  return count_rows (fixture) > 0;
}

static void
activate (Fixture    *fixture,
          const char *action,
          gint64      id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, "x", id));
  psems_test_iterate_for (50);
}

static void
set_entry (GtkWidget  *root,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_named (root, name)), text);
}

static const char *
problem_of (GtkWidget  *dialog,
            const char *name)
{
  return psems_problem_row_get_message (PSEMS_PROBLEM_ROW (get_named (dialog, name)));
}

static const char *
label_text (gpointer    root,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (get_named (root, name)));
}

/* The demo's unresolved findings of the terminal, as core lists them, are the page's rows; the
 * filters narrow the list through core; a row shows the finding's weight and lateness. */
static void
test_list (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unresolved = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  PsemsFindingFilter filter = { .facility_id = fixture->facility_id, .status = "unresolved" };
  gint64 gate = psems_finding_resolve (fixture->store, "FND-2026-0001", &error);
  g_autoptr(PsemsFinding) gate_finding = NULL;
  GtkWidget *row;
  GtkWidget *control;

  g_assert_no_error (error);
  psems_test_iterate_until (page_listed, fixture);

  unresolved = psems_finding_list (fixture->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unresolved->len, >, 0);
  g_assert_cmpuint (count_rows (fixture), ==, unresolved->len);
  for (guint i = 0; i < unresolved->len; i++)
    g_assert_nonnull (find_finding_row (fixture,
                                        ((PsemsFinding *) unresolved->pdata[i])->id));
  g_ptr_array_set_free_func (unresolved, (GDestroyNotify) psems_finding_free);

  /* The gate finding: major (red), overdue in the demo (red "overdue by"), a control linked. */
  row = find_finding_row (fixture, gate);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (get_named (row, "finding-severity"), "error"));
  gate_finding = psems_finding_get (fixture->store, gate, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gate_finding->overdue);
  g_assert_true (gtk_widget_has_css_class (get_named (row, "finding-due"), "error"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (get_named (row, "finding-due"))),
                                   "Overdue by "));

  /* "All statuses" lists the closed and verified ones too. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (get_named (fixture->page, "findings-status-filter")),
                              5);
  psems_test_iterate_for (50);
  filter.status = NULL;
  all = psems_finding_list (fixture->store, &filter, &error);
  g_assert_no_error (error);
  g_ptr_array_set_free_func (all, (GDestroyNotify) psems_finding_free);
  g_assert_cmpuint (all->len, >, unresolved->len);
  g_assert_cmpuint (count_rows (fixture), ==, all->len);

  /* Overdue only. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "findings.overdue-only",
                                             NULL));
  psems_test_iterate_for (50);
  filter.overdue = TRUE;
  overdue = psems_finding_list (fixture->store, &filter, &error);
  g_assert_no_error (error);
  g_ptr_array_set_free_func (overdue, (GDestroyNotify) psems_finding_free);
  g_assert_cmpuint (overdue->len, >, 0);
  g_assert_cmpuint (overdue->len, <, all->len);
  g_assert_cmpuint (count_rows (fixture), ==, overdue->len);

  /* The search narrows further; nothing matching says so. */
  gtk_editable_set_text (GTK_EDITABLE (get_named (fixture->page, "findings-search")), "turnstile");
  psems_test_iterate_for (250);
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  g_assert_nonnull (find_finding_row (fixture, gate));
  gtk_editable_set_text (GTK_EDITABLE (get_named (fixture->page, "findings-search")),
                         "no finding says this");
  psems_test_iterate_for (250);
  g_assert_cmpuint (count_rows (fixture), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "findings.clear-filters",
                                             NULL));
  psems_test_iterate_for (50);
  g_assert_cmpuint (count_rows (fixture), ==, all->len);

  /* The detail pane: every field, and the control opens through the window's action. */
  activate (fixture, "findings.select", gate);
  g_assert_cmpint (psems_findings_page_get_selected_id (fixture->page), ==, gate);
  g_assert_cmpstr (label_text (fixture->page, "finding-title"), ==, gate_finding->title);
  g_assert_cmpstr (label_text (fixture->page, "finding-owner"), ==, gate_finding->owner);
  g_assert_false (gtk_widget_get_visible (get_named (fixture->page, "finding-read-only")));
  g_assert_true (gtk_widget_get_visible (get_named (fixture->page, "finding-start")));
  g_assert_false (gtk_widget_get_visible (get_named (fixture->page, "finding-verify")));
  g_assert_cmpint (gate_finding->control_id, >, 0);
  control = get_named (fixture->page, "finding-control");
  g_assert_true (GTK_IS_LIST_BOX_ROW (control));
  g_signal_emit_by_name (control, "activate");
  psems_test_iterate_for (20);
  g_assert_cmpuint (fixture->n_shown, ==, 1);
  g_assert_cmpint (fixture->shown_control, ==, gate_finding->control_id);
}

static PsemsFinding *
get_finding (Fixture *fixture,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  PsemsFinding *finding = psems_finding_get (fixture->store, id, NULL, &error);

  g_assert_no_error (error);
  return finding;
}

static void
set_text_view (GtkWidget  *root,
               const char *name,
               const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (get_named (root, name));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* Raise with an empty title → inline problem, nothing written; fix → saved; start; close (a
 * corrective action required); verify, in single-user mode recorded as self-verified. */
static void
test_workflow (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *evidence_path = g_build_filename (fixture->dir, "photo.txt", NULL);
  PsemsFindingDialog *dialog;
  AdwMessageDialog *message;
  gint64 n = count_findings (fixture);
  gint64 id;
  g_autoptr(PsemsFinding) finding = NULL;

  psems_test_iterate_until (page_listed, fixture);
  g_assert_true (g_file_set_contents (evidence_path, "gate 3 photo", -1, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "findings.new", NULL));
  psems_test_iterate_for (50);
  dialog = PSEMS_FINDING_DIALOG (find_window (PSEMS_TYPE_FINDING_DIALOG, NULL));
  g_assert_nonnull (dialog);
  /* The facility is the page's: no chooser. */
  g_assert_false (gtk_widget_is_visible (get_named (dialog, "finding-facility")));
  set_entry (GTK_WIDGET (dialog), "finding-requirement", "ISPS A/16.3.2");
  set_entry (GTK_WIDGET (dialog), "finding-due", "2026-13-45");
  set_text_view (GTK_WIDGET (dialog), "finding-description", "Fire door 7 propped open.");
  psems_finding_dialog_add_evidence_path (dialog, evidence_path);
  before = psems_test_dump_database (fixture->store);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "finding.save", NULL));
  psems_test_iterate_for (20);
  g_assert_nonnull (problem_of (GTK_WIDGET (dialog), "finding-title-problem"));
  g_assert_nonnull (problem_of (GTK_WIDGET (dialog), "finding-due-problem"));
  g_assert_null (problem_of (GTK_WIDGET (dialog), "finding-severity-problem"));
  g_assert_true (gtk_widget_has_css_class (get_named (dialog, "finding-title"), "error"));
  after = psems_test_dump_database (fixture->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* A record the source cannot link is named under its field. */
  set_entry (GTK_WIDGET (dialog), "finding-record", "CMP-2099-9999");
  g_assert_nonnull (problem_of (GTK_WIDGET (dialog), "finding-record-problem"));
  set_entry (GTK_WIDGET (dialog), "finding-record", "");
  g_assert_null (problem_of (GTK_WIDGET (dialog), "finding-record-problem"));

  set_entry (GTK_WIDGET (dialog), "finding-title", "Fire door 7 left open");
  set_entry (GTK_WIDGET (dialog), "finding-due", "");
  g_assert_null (problem_of (GTK_WIDGET (dialog), "finding-title-problem"));
  g_assert_null (problem_of (GTK_WIDGET (dialog), "finding-due-problem"));
  /* The facility's first control, after "None". */
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_named (dialog, "finding-control")), 1);
  g_assert_null (problem_of (GTK_WIDGET (dialog), "finding-control-problem"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "finding.save", NULL));
  psems_test_iterate_for (100);
  g_assert_null (find_window (PSEMS_TYPE_FINDING_DIALOG, NULL));
  g_assert_cmpint (count_findings (fixture), ==, n + 1);
  id = psems_findings_page_get_selected_id (fixture->page);
  g_assert_cmpint (id, >, 0);
  finding = get_finding (fixture, id);
  g_assert_cmpstr (finding->title, ==, "Fire door 7 left open");
  g_assert_cmpstr (finding->status, ==, "open");
  g_assert_cmpstr (finding->source, ==, "audit");
  g_assert_cmpstr (finding->requirement_ref, ==, "ISPS A/16.3.2");
  g_assert_cmpstr (finding->raised_by, ==, "tester");
  g_assert_cmpint (finding->facility_id, ==, fixture->facility_id);
  g_assert_cmpint (finding->n_evidence, ==, 1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) controls = psems_control_list (fixture->store, fixture->facility_id, NULL,
                                                        &error);

    g_assert_no_error (error);
    g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_control_free);
    g_assert_cmpint (finding->control_id, ==, ((PsemsControl *) controls->pdata[0])->id);
  }
  g_assert_nonnull (find_finding_row (fixture, id));
  g_assert_true (gtk_widget_get_visible (get_named (fixture->page, "finding-start")));
  g_clear_pointer (&finding, psems_finding_free);

  /* Start. */
  activate (fixture, "findings.start", id);
  finding = get_finding (fixture, id);
  g_assert_cmpstr (finding->status, ==, "in-progress");
  g_clear_pointer (&finding, psems_finding_free);
  g_assert_false (gtk_widget_get_visible (get_named (fixture->page, "finding-start")));

  /* Edit while in progress: the owner and the due date change, the rest stays. */
  activate (fixture, "findings.edit", id);
  dialog = PSEMS_FINDING_DIALOG (find_window (PSEMS_TYPE_FINDING_DIALOG, NULL));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_named (dialog, "finding-title"))), ==,
                   "Fire door 7 left open");
  set_entry (GTK_WIDGET (dialog), "finding-owner", "Facilities manager");
  set_entry (GTK_WIDGET (dialog), "finding-due", "2099-01-31");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "finding.save", NULL));
  psems_test_iterate_for (100);
  g_assert_null (find_window (PSEMS_TYPE_FINDING_DIALOG, NULL));
  finding = get_finding (fixture, id);
  g_assert_cmpstr (finding->owner, ==, "Facilities manager");
  g_assert_cmpstr (finding->due_on, ==, "2099-01-31");
  g_assert_cmpstr (finding->requirement_ref, ==, "ISPS A/16.3.2");
  g_assert_cmpstr (finding->status, ==, "in-progress");
  g_clear_pointer (&finding, psems_finding_free);
  g_assert_cmpstr (label_text (fixture->page, "finding-owner"), ==, "Facilities manager");

  /* Close…: without a corrective action the dialog will not close it, and core refuses too. */
  activate (fixture, "findings.close", id);
  message = get_message_dialog ("close-finding");
  g_assert_false (adw_message_dialog_get_response_enabled (message, "close"));
  g_assert_true (gtk_widget_get_visible (get_named (message, "close-hint")));
  g_clear_pointer (&before, g_free);
  before = psems_test_dump_database (fixture->store);
  adw_message_dialog_response (message, "close");
  psems_test_iterate_for (50);
  message = get_message_dialog ("findings-error");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "corrective action"));
  gtk_window_destroy (GTK_WINDOW (message));
  g_clear_pointer (&after, g_free);
  after = psems_test_dump_database (fixture->store);
  g_assert_cmpstr (before, ==, after);
  close_message_dialogs ();

  activate (fixture, "findings.close", id);
  message = get_message_dialog ("close-finding");
  set_text_view (GTK_WIDGET (message), "close-action", "Door alarm wired to the control room.");
  g_assert_true (adw_message_dialog_get_response_enabled (message, "close"));
  g_assert_false (gtk_widget_get_visible (get_named (message, "close-hint")));
  adw_message_dialog_response (message, "close");
  psems_test_iterate_for (100);
  finding = get_finding (fixture, id);
  g_assert_cmpstr (finding->status, ==, "closed");
  g_assert_cmpstr (finding->closed_by, ==, "tester");
  g_assert_cmpstr (finding->corrective_action, ==, "Door alarm wired to the control room.");
  g_clear_pointer (&finding, psems_finding_free);
  /* Closed is read-only: no edit, no start, no close; verify and reopen are what apply now. */
  g_assert_true (gtk_widget_get_visible (get_named (fixture->page, "finding-read-only")));
  g_assert_false (gtk_widget_get_visible (get_named (fixture->page, "finding-edit")));
  g_assert_false (gtk_widget_get_visible (get_named (fixture->page, "finding-close")));
  g_assert_true (gtk_widget_get_visible (get_named (fixture->page, "finding-verify")));
  g_assert_true (gtk_widget_get_visible (get_named (fixture->page, "finding-reopen")));
  close_message_dialogs ();

  /* Verify…: single-user mode, the closer verifies; the dialog says the record will show it. */
  activate (fixture, "findings.verify", id);
  message = get_message_dialog ("verify-finding");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get_named (message, "verify-note"))),
                            "self-verified"));
  adw_message_dialog_response (message, "verify");
  psems_test_iterate_for (100);
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG, "findings-error"));
  finding = get_finding (fixture, id);
  g_assert_cmpstr (finding->status, ==, "verified");
  g_assert_cmpstr (finding->verified_by, ==, "tester");
  g_assert_true (finding->self_verified);
  g_assert_nonnull (strstr (label_text (fixture->page, "finding-verified"), "self-verified"));
  g_assert_false (gtk_widget_get_visible (get_named (fixture->page, "finding-reopen")));
  g_assert_false (gtk_widget_get_visible (get_named (fixture->page, "finding-verify")));
}

/* With users, whoever closed a finding may not verify it: refused with core's message shown,
 * nothing written; another user then may. */
static void
test_four_eyes (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsActor) pfso = NULL;
  g_autoptr(PsemsActor) auditor = NULL;
  g_autoptr(PsemsFinding) finding = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = psems_finding_resolve (fixture->store, "FND-2026-0002", &error);
  AdwMessageDialog *message;

  g_assert_no_error (error);
  pfso = psems_actor_new (psems_test_count (fixture->store,
                                            "SELECT id FROM app_user WHERE user_name = 'pfso'"),
                          "pfso", PSEMS_ROLE_SECURITY_OFFICER);
  auditor = psems_actor_new (psems_test_count (fixture->store, "SELECT id FROM app_user"
                                               " WHERE user_name = 'auditor'"),
                             "auditor", PSEMS_ROLE_AUDITOR);
  {
    g_autoptr(PsemsFinding) shown = psems_finding_get (fixture->store, id, NULL, &error);

    g_assert_no_error (error);
    /* A security officer changes the facilities assigned to them. */
    psems_actor_set_facilities (pfso, &shown->facility_id, 1);
  }
  psems_findings_page_set_store (fixture->page, fixture->store, pfso);
  psems_test_iterate_until (page_listed, fixture);
  finding = get_finding (fixture, id);
  g_assert_cmpstr (finding->status, ==, "in-progress");
  g_clear_pointer (&finding, psems_finding_free);

  activate (fixture, "findings.select", id);
  activate (fixture, "findings.close", id);
  message = get_message_dialog ("close-finding");
  /* The stored corrective action is offered: closing with it is enough. */
  g_assert_true (adw_message_dialog_get_response_enabled (message, "close"));
  adw_message_dialog_response (message, "close");
  psems_test_iterate_for (100);
  finding = get_finding (fixture, id);
  g_assert_cmpstr (finding->status, ==, "closed");
  g_assert_cmpstr (finding->closed_by, ==, "pfso");
  g_clear_pointer (&finding, psems_finding_free);
  close_message_dialogs ();

  activate (fixture, "findings.verify", id);
  message = get_message_dialog ("verify-finding");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get_named (message, "verify-note"))),
                            "another user must verify"));
  before = psems_test_dump_database (fixture->store);
  adw_message_dialog_response (message, "verify");
  psems_test_iterate_for (100);
  message = get_message_dialog ("findings-error");
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Verification Refused");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message),
                            "pfso closed this finding and cannot also verify it"));
  after = psems_test_dump_database (fixture->store);
  g_assert_cmpstr (before, ==, after);
  finding = get_finding (fixture, id);
  g_assert_cmpstr (finding->status, ==, "closed");
  g_assert_null (finding->verified_by);
  g_clear_pointer (&finding, psems_finding_free);
  close_message_dialogs ();

  /* Another user verifies: not self-verified. */
  psems_findings_page_set_store (fixture->page, fixture->store, auditor);
  activate (fixture, "findings.verify", id);
  message = get_message_dialog ("verify-finding");
  g_assert_null (find_named (message, "verify-note"));
  adw_message_dialog_response (message, "verify");
  psems_test_iterate_for (100);
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG, "findings-error"));
  finding = get_finding (fixture, id);
  g_assert_cmpstr (finding->status, ==, "verified");
  g_assert_cmpstr (finding->verified_by, ==, "auditor");
  g_assert_false (finding->self_verified);
}

/* Ctrl+F searches the findings, Ctrl+N raises one (a manager, who may not, gets nothing). */
static void
test_page_keys (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  g_autoptr(PsemsActor) manager = psems_actor_new (0, "Mo", PSEMS_ROLE_MANAGER);
  GtkWindow *dialog;

  g_assert_true (psems_test_has_binding (page, GDK_KEY_f, GDK_CONTROL_MASK, "page.find"));
  g_assert_true (psems_test_has_binding (page, GDK_KEY_n, GDK_CONTROL_MASK, "page.new"));
  g_assert_true (gtk_widget_activate_action (page, "page.find", NULL));
  psems_test_iterate_for (50);
  g_assert_true (psems_test_has_focus_within (get_named (page, "findings-search")));
  g_assert_true (gtk_widget_activate_action (page, "page.new", NULL));
  psems_test_iterate_for (50);
  dialog = find_window (PSEMS_TYPE_FINDING_DIALOG, NULL);
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  psems_test_iterate_for (20);

  /* The role matrix only: a manager with a user id may update findings, not raise them. */
  g_clear_pointer (&manager, psems_actor_unref);
  manager = psems_actor_new (5, "Mo", PSEMS_ROLE_MANAGER);
  psems_findings_page_set_store (fixture->page, fixture->store, manager);
  psems_test_iterate_for (50);
  /* A disabled action is found but does nothing. */
  gtk_widget_activate_action (page, "page.new", NULL);
  psems_test_iterate_for (50);
  g_assert_null (find_window (PSEMS_TYPE_FINDING_DIALOG, NULL));
}

static gboolean
page_folded (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *bin = psems_test_find_widget (GTK_WIDGET (fixture->page), PSEMS_TYPE_ADAPTIVE_BIN,
                                           NULL);

  return bin != NULL && psems_adaptive_bin_get_folded (PSEMS_ADAPTIVE_BIN (bin))
         && count_rows (fixture) > 0;
}

/* On a phone's width the list fills the page; a finding chosen replaces it with its detail and
 * a way back, as a leaflet does; back shows the list again, on that finding. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *list;
  GtkWidget *back;
  GtkWidget *row;
  gint64 id;
  gint64 other;
  int least = 0;

  psems_test_iterate_until (page_folded, fixture);
  list = GTK_WIDGET (get_list (fixture));
  back = get_named (page, "finding-back");
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_false (gtk_widget_get_mapped (back));
  g_assert_false (gtk_widget_get_mapped (get_named (page, "finding-detail")));
  /* The page fits: the window was not made wider for it. */
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &least, NULL, NULL, NULL);
  g_assert_cmpint (least, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (page), <=, 360);
  g_assert_true (psems_test_has_binding (page, GDK_KEY_Left, GDK_ALT_MASK, "findings.back"));

  /* A click (or Enter) on a row shows its finding. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  g_assert_nonnull (row);
  id = g_ascii_strtoll (gtk_widget_get_name (row) + strlen ("finding-"), NULL, 10);
  g_signal_emit_by_name (row, "activate");
  psems_test_iterate_for (100);
  g_assert_cmpint (psems_findings_page_get_selected_id (fixture->page), ==, id);
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_true (gtk_widget_get_mapped (get_named (page, "finding-detail")));
  g_assert_true (gtk_widget_get_mapped (back));
  g_assert_true (gtk_widget_has_focus (back));
  g_assert_cmpint (gtk_widget_get_width (page), <=, 360);
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &least, NULL, NULL, NULL);
  g_assert_cmpint (least, <=, 360);

  /* Back: the list again, the finding still chosen and focused. */
  g_signal_emit_by_name (back, "clicked");
  psems_test_iterate_for (100);
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_false (gtk_widget_get_mapped (back));
  g_assert_false (gtk_widget_get_mapped (get_named (page, "finding-detail")));
  g_assert_cmpint (psems_findings_page_get_selected_id (fixture->page), ==, id);
  g_assert_true (gtk_widget_has_focus (row));

  /* A finding asked for from elsewhere (the dashboard, a control) shows the same way. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  other = g_ascii_strtoll (gtk_widget_get_name (row) + strlen ("finding-"), NULL, 10);
  g_assert_cmpint (other, !=, id);
  activate (fixture, "findings.select", other);
  g_assert_cmpint (psems_findings_page_get_selected_id (fixture->page), ==, other);
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_true (gtk_widget_get_mapped (back));
  g_assert_true (gtk_widget_activate_action (page, "findings.back", NULL));
  psems_test_iterate_for (50);
  g_assert_true (gtk_widget_get_mapped (list));
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

  g_test_add ("/findings-page/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/findings-page/workflow", Fixture, NULL, fixture_set_up, test_workflow,
              fixture_tear_down);
  g_test_add ("/findings-page/page-keys", Fixture, NULL, fixture_set_up, test_page_keys,
              fixture_tear_down);
  g_test_add ("/findings-page/four-eyes", Fixture, NULL, fixture_set_up_with_users,
              test_four_eyes, fixture_tear_down);
  g_test_add ("/findings-page/narrow", Fixture, NULL, fixture_set_up_narrow, test_narrow,
              fixture_tear_down);
  return g_test_run ();
}
