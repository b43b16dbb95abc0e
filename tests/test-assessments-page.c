/* test-assessments-page.c — the GAP self-assessments page: list, answering, scores, findings, completion, comparison, bank problems, a phone's width. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "psems-adaptive-bin.h"
#include "psems-app-resources.h"
#include "psems-assessment.h"
#include "psems-assessments-page.h"
#include "psems-bank.h"
#include "psems-core.h"
#include "psems-facility.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *db_path;
  GtkApplication *application;
  GtkWindow *window;
  PsemsAssessmentsPage *page;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility_id;            /* the container terminal */
  gint64 completed_id;           /* the demo's assessment of a year ago */
  gint64 in_progress_id;         /* the demo's assessment under way */
} Fixture;

/* The user's bank folder ($XDG_DATA_HOME/psems/banks), set for the whole program. */
static char *user_banks;

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
    g_test_message ("no widget named %s", name);
  g_assert_nonnull (widget);
  return widget;
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child) ? 1 : 0;
  return n;
}

static const char *
view_of (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (get_named (fixture->page,
                                                                 "assessments-view")));
}

static gboolean
list_filled (gpointer data)
{
  Fixture *fixture = data;

  return count_rows (get_named (fixture->page, "assessment-list")) > 0;
}

/* The dialog the page opened under @name, if one is open. */
static GtkWindow *
find_dialog (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
close_dialog (const char *name)
{
  GtkWindow *dialog;

  while ((dialog = find_dialog (name)) != NULL)
    gtk_window_destroy (dialog);
  psems_test_iterate_for (20);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) assessments = NULL;
  int status;

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

  /* The demo: two assessments of the container terminal, one completed, one under way. */
  assessments = psems_assessment_list (fixture->store, fixture->facility_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assessments->len, ==, 2);
  for (guint i = 0; i < assessments->len; i++)
    {
      const PsemsAssessment *a = g_ptr_array_index (assessments, i);

      if (g_strcmp0 (a->status, "completed") == 0)
        fixture->completed_id = a->id;
      else
        fixture->in_progress_id = a->id;
    }
  g_assert_cmpint (fixture->completed_id, >, 0);
  g_assert_cmpint (fixture->in_progress_id, >, 0);

  fixture->application =
    GTK_APPLICATION (adw_application_new ("io.github.psems.Psems.TestAssessments",
                                          G_APPLICATION_NON_UNIQUE));
  g_application_register (G_APPLICATION (fixture->application), NULL, &error);
  g_assert_no_error (error);
  fixture->window = GTK_WINDOW (adw_application_window_new (fixture->application));
  gtk_window_set_default_size (fixture->window, 1400, 900);
  fixture->page = PSEMS_ASSESSMENTS_PAGE (psems_assessments_page_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));

  /* Nothing is read while the page is not shown. */
  psems_assessments_page_set_store (fixture->page, fixture->store, fixture->actor);
  psems_assessments_page_set_facility_id (fixture->page, fixture->facility_id);
  g_assert_cmpuint (count_rows (get_named (fixture->page, "assessment-list")), ==, 0);

  gtk_window_present (fixture->window);
  psems_test_iterate_until (list_filled, fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  close_dialog ("assessments-error");
  close_dialog ("new-assessment");
  gtk_window_destroy (fixture->window);
  psems_test_iterate_for (20);
  g_clear_object (&fixture->application);
  g_clear_pointer (&fixture->actor, psems_actor_unref);
  g_clear_object (&fixture->store);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static GtkWidget *
question_row (Fixture    *fixture,
              const char *code)
{
  g_autofree char *name = g_strdup_printf ("question-%s", code);

  return get_named (get_named (fixture->page, "question-list"), name);
}

static GPtrArray *
list_answers (Fixture *fixture,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *answers = psems_assessment_list_answers (fixture->store, id, &error);

  g_assert_no_error (error);
  return answers;
}

static const PsemsAnswer *
answer_of (GPtrArray  *answers,
           const char *code)
{
  for (guint i = 0; i < answers->len; i++)
    {
      const PsemsAnswer *answer = g_ptr_array_index (answers, i);

      if (g_strcmp0 (answer->code, code) == 0)
        return answer;
    }
  g_assert_not_reached ();
  return NULL;
}

static const PsemsScore *
score_of (GPtrArray  *scores,
          const char *area)
{
  for (guint i = 0; i < scores->len; i++)
    {
      const PsemsScore *score = g_ptr_array_index (scores, i);

      if (g_strcmp0 (score->area, area) == 0)
        return score;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
open_assessment (Fixture *fixture,
                 gint64   id)
{
  gint64 open_id = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "assessments.open", "x",
                                             id));
  psems_test_iterate_for (20);
  g_object_get (fixture->page, "assessment-id", &open_id, NULL);
  g_assert_cmpint (open_id, ==, id);
  g_assert_cmpstr (view_of (fixture), ==, "assessment");
}

static void
test_list (Fixture       *fixture,
           gconstpointer  user_data)
{
  GtkWidget *list = get_named (fixture->page, "assessment-list");
  g_autofree char *completed = g_strdup_printf ("assessment-%lld",
                                                (long long) fixture->completed_id);
  g_autofree char *in_progress = g_strdup_printf ("assessment-%lld",
                                                  (long long) fixture->in_progress_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsAssessment) a = psems_assessment_get (fixture->store, fixture->completed_id,
                                                       &error);
  g_autofree char *score = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (view_of (fixture), ==, "list");
  g_assert_cmpuint (count_rows (list), ==, 2);
  g_assert_nonnull (find_named (list, completed));
  g_assert_nonnull (find_named (list, in_progress));
  /* The overall score shown is the one core computes. */
  score = g_strdup_printf ("%.0f %%", a->score);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (find_named (list, completed),
                                                             "assessment-score"))), ==, score);
  g_assert_false (gtk_widget_get_visible (get_named (fixture->page, "bank-problems")));

  /* Activating a row opens it, Back returns to the list. */
  gtk_widget_activate (find_named (list, in_progress));
  psems_test_iterate_for (20);
  g_assert_cmpstr (view_of (fixture), ==, "assessment");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "assessments.back",
                                             NULL));
  g_assert_cmpstr (view_of (fixture), ==, "list");

  /* Another facility has none of these. */
  psems_assessments_page_set_facility_id (fixture->page,
                                          psems_test_count (fixture->store,
                                                            "SELECT min(id) FROM facility"
                                                            " WHERE id <> %lld",
                                                            (long long) fixture->facility_id));
  psems_test_iterate_for (20);
  g_assert_null (find_named (list, completed));
}

static void
test_answer (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GPtrArray) before = list_answers (fixture, fixture->in_progress_id);
  g_autoptr(GPtrArray) before_scores = psems_assessment_compute_scores (before);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) after_scores = NULL;
  const PsemsScore *overall_before = score_of (before_scores, NULL);
  const PsemsScore *area_after;
  const PsemsAnswer *target = NULL;
  GtkWidget *row;
  GtkWidget *notes;
  g_autofree char *progress = NULL;
  g_autofree char *group_text = NULL;
  gint64 audit_before, audit_after;
  int answered_before = overall_before->n_questions - overall_before->unanswered;

  open_assessment (fixture, fixture->in_progress_id);
  progress = g_strdup_printf ("%d of %d answered", answered_before, overall_before->n_questions);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (fixture->page,
                                                             "assessment-progress"))), ==,
                   progress);
  g_clear_pointer (&progress, g_free);

  for (guint i = 0; i < before->len && target == NULL; i++)
    {
      const PsemsAnswer *answer = g_ptr_array_index (before, i);

      if (answer->value == NULL)
        target = answer;
    }
  g_assert_nonnull (target);
  g_assert_true (overall_before->has_score);
  g_assert_cmpfloat (overall_before->score, <, 100.0);

  /* Choosing an answer writes it at once, once. */
  row = question_row (fixture, target->code);
  notes = get_named (row, "question-notes");
  gtk_editable_set_text (GTK_EDITABLE (notes), "Seen the gate log for October");
  audit_before = psems_test_count (fixture->store, "SELECT count(*) FROM audit_trail");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_named (row, "answer-compliant")), TRUE);
  audit_after = psems_test_count (fixture->store, "SELECT count(*) FROM audit_trail");
  g_assert_cmpint (audit_after, ==, audit_before + 1);

  after = list_answers (fixture, fixture->in_progress_id);
  g_assert_cmpstr (answer_of (after, target->code)->value, ==, "compliant");
  g_assert_cmpstr (answer_of (after, target->code)->notes, ==, "Seen the gate log for October");
  after_scores = psems_assessment_compute_scores (after);
  g_assert_cmpfloat (score_of (after_scores, NULL)->score, >, overall_before->score);

  /* The page shows the new progress and the new score of the area. */
  progress = g_strdup_printf ("%d of %d answered", answered_before + 1,
                              overall_before->n_questions);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (fixture->page,
                                                             "assessment-progress"))), ==,
                   progress);
  area_after = score_of (after_scores, target->area);
  group_text = g_strdup_printf ("%d of %d answered · %.0f %%",
                                area_after->n_questions - area_after->unanswered,
                                area_after->n_questions, area_after->score);
  {
    GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

    g_assert_nonnull (group);
    g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==,
                     group_text);
  }
  /* The row keeps its widgets (no rebuild) and shows the answer chosen. */
  g_assert_true (row == question_row (fixture, target->code));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (get_named (row,
                                                                            "answer-compliant"))));

  /* A changed note is saved with the same answer when the entry is activated. */
  gtk_editable_set_text (GTK_EDITABLE (notes), "Seen the gate log for October and November");
  audit_before = psems_test_count (fixture->store, "SELECT count(*) FROM audit_trail");
  g_signal_emit_by_name (notes, "activate");
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM audit_trail"), ==,
                   audit_before + 1);
  /* Activating again with nothing changed writes nothing. */
  g_signal_emit_by_name (notes, "activate");
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM audit_trail"), ==,
                   audit_before + 1);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = list_answers (fixture, fixture->in_progress_id);
  g_assert_cmpstr (answer_of (after, target->code)->value, ==, "compliant");
  g_assert_cmpstr (answer_of (after, target->code)->notes, ==,
                   "Seen the gate log for October and November");

  /* A question not in the bank is refused with core's message, nothing written. */
  audit_before = psems_test_count (fixture->store, "SELECT count(*) FROM audit_trail");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "assessments.answer",
                                             "(sss)", "NO-SUCH-QUESTION", "compliant", ""));
  psems_test_iterate_for (20);
  g_assert_nonnull (find_dialog ("assessments-error"));
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM audit_trail"), ==,
                   audit_before);
}

static void
test_raise_finding (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GPtrArray) answers = list_answers (fixture, fixture->in_progress_id);
  const PsemsAnswer *raised = NULL;
  const PsemsAnswer *target = NULL;
  GtkWidget *raise;
  GtkWidget *findings;
  g_autofree char *sql = NULL;

  open_assessment (fixture, fixture->in_progress_id);

  /* The demo raised a finding from one non-compliant answer: raising another waits for it. */
  for (guint i = 0; i < answers->len; i++)
    {
      const PsemsAnswer *answer = g_ptr_array_index (answers, i);

      if (answer->findings != NULL && raised == NULL)
        raised = answer;
    }
  g_assert_nonnull (raised);
  raise = get_named (question_row (fixture, raised->code), "question-raise");
  g_assert_true (gtk_widget_get_visible (raise));
  g_assert_false (gtk_widget_get_sensitive (raise));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (raise), raised->findings));

  /* A compliant answer offers no finding. */
  for (guint i = 0; i < answers->len; i++)
    {
      const PsemsAnswer *answer = g_ptr_array_index (answers, i);

      if (g_strcmp0 (answer->value, "compliant") == 0)
        {
          g_assert_false (gtk_widget_get_visible (get_named (question_row (fixture, answer->code),
                                                             "question-raise")));
          break;
        }
    }

  /* An unanswered question answered non-compliant, then a finding raised in one click. */
  for (guint i = 0; i < answers->len && target == NULL; i++)
    {
      const PsemsAnswer *answer = g_ptr_array_index (answers, i);

      if (answer->value == NULL)
        target = answer;
    }
  g_assert_nonnull (target);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_named (question_row (fixture, target->code),
                                                              "answer-non-compliant")), TRUE);
  raise = get_named (question_row (fixture, target->code), "question-raise");
  findings = get_named (question_row (fixture, target->code), "question-findings");
  g_assert_true (gtk_widget_get_visible (raise));
  g_assert_true (gtk_widget_get_sensitive (raise));
  g_assert_false (gtk_widget_get_visible (findings));
  sql = g_strdup_printf ("SELECT count(*) FROM finding f JOIN answer a ON a.id = f.answer_id"
                         " JOIN question q ON q.id = a.question_id"
                         " WHERE f.source = 'gap' AND a.assessment_id = %lld AND q.code = '%s'"
                         " AND f.severity = 'major' AND f.status = 'open'",
                         (long long) fixture->in_progress_id, target->code);
  g_assert_cmpint (psems_test_count (fixture->store, "%s", sql), ==, 0);
  g_signal_emit_by_name (raise, "clicked");
  psems_test_iterate_for (20);
  g_assert_cmpint (psems_test_count (fixture->store, "%s", sql), ==, 1);
  /* The row names the finding and offers no second one while it is open. */
  g_assert_true (gtk_widget_get_visible (findings));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (findings)), "FND-"));
  g_assert_false (gtk_widget_get_sensitive (raise));
}

static void
test_complete (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(PsemsAssessment) a = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  open_assessment (fixture, fixture->in_progress_id);
  g_assert_true (gtk_widget_get_visible (get_named (fixture->page, "assessment-complete")));
  /* Unanswered questions: refused with core's message, which names them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "assessments.complete",
                                             NULL));
  psems_test_iterate_for (20);
  dialog = find_dialog ("assessments-error");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "not answered yet"));
  close_dialog ("assessments-error");
  a = psems_assessment_get (fixture->store, fixture->in_progress_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->status, ==, "in-progress");

  /* Every question answered: the user confirms, and the assessment is completed. */
  {
    g_autoptr(GPtrArray) answers = list_answers (fixture, fixture->in_progress_id);

    for (guint i = 0; i < answers->len; i++)
      {
        const PsemsAnswer *answer = g_ptr_array_index (answers, i);

        if (answer->value == NULL)
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                                     "assessments.answer", "(sss)", answer->code,
                                                     "not-applicable", ""));
      }
  }
  g_assert_null (find_dialog ("assessments-error"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "assessments.complete",
                                             NULL));
  psems_test_iterate_for (20);
  dialog = find_dialog ("assessment-complete-confirm");
  g_assert_nonnull (dialog);
  g_clear_pointer (&a, psems_assessment_free);
  a = psems_assessment_get (fixture->store, fixture->in_progress_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->status, ==, "in-progress");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "complete");
  psems_test_iterate_for (20);
  g_clear_pointer (&a, psems_assessment_free);
  a = psems_assessment_get (fixture->store, fixture->in_progress_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->status, ==, "completed");
  g_assert_false (gtk_widget_get_visible (get_named (fixture->page, "assessment-complete")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (fixture->page, "assessment-status"))),
                   ==, "Completed");

  /* A completed assessment is read-only and cannot be completed again. */
  open_assessment (fixture, fixture->completed_id);
  g_assert_false (gtk_widget_get_visible (get_named (fixture->page, "assessment-complete")));
  {
    g_autoptr(GPtrArray) answers = list_answers (fixture, fixture->completed_id);
    const PsemsAnswer *first = g_ptr_array_index (answers, 0);

    g_assert_false (gtk_widget_get_sensitive (get_named (question_row (fixture, first->code),
                                                         "answer-compliant")));
  }
}

static void
test_evidence (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GPtrArray) answers = list_answers (fixture, fixture->in_progress_id);
  g_autofree char *path = g_build_filename (fixture->dir, "gate-log.txt", NULL);
  g_autoptr(GError) error = NULL;
  const PsemsAnswer *answered = NULL;
  const PsemsAnswer *unanswered = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *row;
  gint64 audit_before;

  g_assert_true (g_file_set_contents (path, "Gate log, October: every entry signed.\n", -1,
                                      &error));
  g_assert_no_error (error);
  open_assessment (fixture, fixture->in_progress_id);
  for (guint i = 0; i < answers->len; i++)
    {
      const PsemsAnswer *answer = g_ptr_array_index (answers, i);

      if (answer->value != NULL && answer->n_evidence == 0 && answered == NULL)
        answered = answer;
      if (answer->value == NULL && unanswered == NULL)
        unanswered = answer;
    }
  g_assert_nonnull (answered);
  g_assert_nonnull (unanswered);

  /* Only an answer takes evidence. */
  g_assert_false (gtk_widget_get_visible (get_named (question_row (fixture, unanswered->code),
                                                     "question-attach")));
  audit_before = psems_test_count (fixture->store, "SELECT count(*) FROM audit_trail");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "assessments.add-evidence",
                                             "(ss)", unanswered->code, path));
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM audit_trail"), ==,
                   audit_before);

  row = question_row (fixture, answered->code);
  g_assert_true (gtk_widget_get_visible (get_named (row, "question-attach")));
  g_assert_false (gtk_widget_get_visible (get_named (row, "question-evidence")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "assessments.add-evidence",
                                             "(ss)", answered->code, path));
  sql = g_strdup_printf ("SELECT count(*) FROM answer_evidence WHERE answer_id = %lld",
                         (long long) answered->answer_id);
  g_assert_cmpint (psems_test_count (fixture->store, "%s", sql), ==, 1);
  g_assert_true (gtk_widget_get_visible (get_named (row, "question-evidence")));
  expected = g_strdup ("1 evidence file");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (row, "question-evidence"))), ==,
                   expected);
}

static void
test_compare (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsComparison) expected = psems_assessment_compare (fixture->store,
                                                                  fixture->completed_id,
                                                                  fixture->in_progress_id,
                                                                  &error);
  GtkWidget *list;
  GtkDropDown *filter;
  g_autofree char *improved = NULL;
  g_autofree char *regressed = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (expected->n_improved, >, 0);
  g_assert_cmpint (expected->n_regressed, >, 0);

  /* Opened from the later one, compared with the earlier: the earlier is "before". */
  open_assessment (fixture, fixture->in_progress_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "assessments.compare",
                                             "x", fixture->completed_id));
  psems_test_iterate_for (20);
  g_assert_cmpstr (view_of (fixture), ==, "compare");

  improved = g_strdup_printf ("%d", expected->n_improved);
  regressed = g_strdup_printf ("%d", expected->n_regressed);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (fixture->page, "count-improved"))),
                   ==, improved);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (fixture->page, "count-regressed"))),
                   ==, regressed);
  list = get_named (fixture->page, "compare-list");
  g_assert_cmpuint (count_rows (list), ==, expected->items->len);
  g_assert_cmpuint (count_rows (get_named (fixture->page, "compare-deltas")), ==,
                    expected->areas->len);

  /* The filter keeps only the regressed questions (position 3: after All, Changes, Improved). */
  filter = GTK_DROP_DOWN (get_named (fixture->page, "compare-filter"));
  gtk_drop_down_set_selected (filter, 3);
  g_assert_cmpuint (count_rows (list), ==, (guint) expected->n_regressed);
  for (guint i = 0; i < expected->items->len; i++)
    {
      const PsemsComparisonItem *item = g_ptr_array_index (expected->items, i);
      g_autofree char *name = g_strdup_printf ("compare-%s", item->code);
      GtkWidget *row = find_named (list, name);

      g_assert_cmpint (row != NULL, ==, item->verdict == PSEMS_VERDICT_REGRESSED);
      if (row != NULL)
        g_assert_true (gtk_widget_has_css_class (get_named (row, "compare-verdict"), "error"));
    }

  /* Back goes to the assessment, not the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "assessments.back",
                                             NULL));
  g_assert_cmpstr (view_of (fixture), ==, "assessment");
}

static void
test_new (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(GPtrArray) banks = psems_bank_load_all (NULL);
  g_autoptr(GPtrArray) assessments = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  GtkDropDown *dropdown;
  GtkLabel *progress;
  gint64 open_id = 0;

  /* The dialog offers every bank found. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "assessments.new", NULL));
  psems_test_iterate_for (20);
  dialog = find_dialog ("new-assessment");
  g_assert_nonnull (dialog);
  dropdown = GTK_DROP_DOWN (get_named (dialog, "new-assessment-bank"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, banks->len);
  g_assert_cmpuint (banks->len, >=, 5);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "start");
  psems_test_iterate_for (20);

  assessments = psems_assessment_list (fixture->store, fixture->facility_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assessments->len, ==, 3);
  g_object_get (fixture->page, "assessment-id", &open_id, NULL);
  g_assert_cmpint (open_id, >, 0);
  g_assert_cmpint (open_id, !=, fixture->completed_id);
  g_assert_cmpint (open_id, !=, fixture->in_progress_id);
  g_assert_cmpstr (view_of (fixture), ==, "assessment");
  progress = GTK_LABEL (get_named (fixture->page, "assessment-progress"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (progress), "0 of "));
}

/* At a phone's 360 pixels the list folds: each assessment keeps its row with its score, the new
 * assessment's button stays, and its dialog fits, however long a bank's name; given the width
 * back, the rows are laid out in columns again. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *bin = psems_test_find_widget (page, PSEMS_TYPE_ADAPTIVE_BIN, NULL);
  GtkWidget *list = get_named (page, "assessment-list");
  guint n_rows = count_rows (list);
  GtkWindow *dialog;
  int width;

  g_assert_nonnull (bin);
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_false (psems_adaptive_bin_get_folded (PSEMS_ADAPTIVE_BIN (bin)));
  /* Laid out in columns, a row is wider than a phone: the test below is not vacuous. */
  g_assert_cmpint (psems_test_least_width (bin), >, 360);

  psems_test_present_at_width (fixture->window, 360);
  g_assert_true (psems_adaptive_bin_get_folded (PSEMS_ADAPTIVE_BIN (bin)));
  /* The window did not have to grow (its frame takes a few of the pixels). */
  g_assert_cmpint (gtk_widget_get_width (page), <=, 360);
  g_test_message ("the list at 360 px: %d px", psems_test_least_width (bin));
  g_assert_cmpint (psems_test_least_width (bin), <=, 360);
  g_assert_cmpuint (count_rows (list), ==, n_rows);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      g_assert_true (gtk_widget_get_mapped (get_named (row, "assessment-score")));
  g_assert_true (gtk_widget_get_mapped (get_named (page, "assessment-new")));

  g_assert_true (gtk_widget_activate_action (page, "assessments.new", NULL));
  psems_test_iterate_for (100);
  dialog = find_dialog ("new-assessment");
  g_assert_nonnull (dialog);
  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL,
                      NULL);
  g_test_message ("the new assessment's dialog: %d px", width);
  g_assert_cmpint (width, <=, 360);
  close_dialog ("new-assessment");

  /* An assessment being answered: its questions, answers and scores fit too. */
  g_assert_true (gtk_widget_activate_action (page, "assessments.open", "x",
                                             fixture->in_progress_id));
  psems_test_iterate_for (300);
  g_assert_cmpstr (view_of (fixture), ==, "assessment");
  g_test_message ("an assessment at 360 px: %d px", psems_test_least_width (bin));
  g_assert_cmpint (psems_test_least_width (bin), <=, 360);
  g_assert_true (gtk_widget_get_mapped (get_named (page, "assessment-compare")));
  g_assert_true (gtk_widget_get_mapped (get_named (page, "assessment-complete")));
  g_assert_true (gtk_widget_get_mapped (get_named (page, "score-bars")));
  g_assert_true (gtk_widget_activate_action (page, "assessments.back", NULL));
  psems_test_iterate_for (100);

  psems_test_present_at_width (fixture->window, 1400);
  g_assert_false (psems_adaptive_bin_get_folded (PSEMS_ADAPTIVE_BIN (bin)));
  g_assert_cmpint (psems_test_least_width (bin), >, 360);
  g_assert_cmpuint (count_rows (list), ==, n_rows);
}

static void
test_bank_problems (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (user_banks, "broken.json", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *banner;
  const char *text;

  /* A bank file that does not parse: the page still lists, and names the file and the line. */
  g_assert_true (g_file_set_contents (path,
                                      "{\n  \"code\": \"broken\",\n  \"questions\": [\n    {,\n",
                                      -1, &error));
  g_assert_no_error (error);
  gtk_window_destroy (fixture->window);
  fixture->window = GTK_WINDOW (adw_application_window_new (fixture->application));
  fixture->page = PSEMS_ASSESSMENTS_PAGE (psems_assessments_page_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));
  psems_assessments_page_set_store (fixture->page, fixture->store, fixture->actor);
  psems_assessments_page_set_facility_id (fixture->page, fixture->facility_id);
  gtk_window_present (fixture->window);
  psems_test_iterate_until (list_filled, fixture);
  g_remove (path);

  banner = get_named (fixture->page, "bank-problems");
  g_assert_true (gtk_widget_get_visible (banner));
  text = gtk_label_get_text (GTK_LABEL (get_named (banner, "bank-problems-text")));
  g_assert_nonnull (strstr (text, "broken.json:4"));
  g_assert_cmpuint (count_rows (get_named (fixture->page, "assessment-list")), ==, 2);
}

/* Ctrl+F searches the assessments, Ctrl+N starts one. */
static void
test_page_keys (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);

  g_assert_true (psems_test_has_binding (page, GDK_KEY_f, GDK_CONTROL_MASK, "page.find"));
  g_assert_true (psems_test_has_binding (page, GDK_KEY_n, GDK_CONTROL_MASK, "page.new"));
  g_assert_true (gtk_widget_activate_action (page, "page.find", NULL));
  psems_test_iterate_for (50);
  g_assert_true (psems_test_has_focus_within (get_named (page, "assessments-search")));
  g_assert_true (gtk_widget_activate_action (page, "page.new", NULL));
  psems_test_iterate_for (50);
  g_assert_nonnull (find_dialog ("new-assessment"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Before anything asks GLib for the user's data folder, which it keeps. */
  data_home = psems_test_make_dir ();
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  user_banks = g_build_filename (data_home, "psems", "banks", NULL);
  g_assert_cmpint (g_mkdir_with_parents (user_banks, 0700), ==, 0);

  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return 77;
  adw_init ();
  /* Naming the resources links them in from the static library; no application loads them here. */
  g_assert_nonnull (psems_app_get_resource ());

#define ADD(name, func) \
  g_test_add ("/assessments-page/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("list", test_list);
  ADD ("page-keys", test_page_keys);
  ADD ("answer", test_answer);
  ADD ("raise-finding", test_raise_finding);
  ADD ("complete", test_complete);
  ADD ("evidence", test_evidence);
  ADD ("compare", test_compare);
  ADD ("new", test_new);
  ADD ("bank-problems", test_bank_problems);
  ADD ("narrow", test_narrow);
#undef ADD

  status = g_test_run ();
  psems_test_remove_dir (data_home);
  g_free (user_banks);
  return status;
}
