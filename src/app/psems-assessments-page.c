/* psems-assessments-page.c — GAP self-assessments of a facility: answering a question bank, scores, comparisons. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "psems-adaptive-bin.h"
#include "psems-assessment.h"
#include "psems-assessments-page.h"
#include "psems-bank.h"
#include "psems-evidence.h"
#include "psems-finding.h"
#include "psems-page-habits.h"
#include "psems-ui-util.h"

#define N_VALUES 4   /* compliant, partial, non-compliant, not applicable */

/* The widgets of one question, kept so an answer updates its row in place: rebuilding would lose
 * the focus, the scroll position and a note being typed. */
typedef struct
{
  PsemsAssessmentsPage *page;
  gint64 assessment_id;
  char *code;
  GtkWidget *toggles[N_VALUES];   /* in psems_answer_values() order */
  GtkWidget *notes;
  GtkWidget *raise;
  GtkWidget *attach;
  GtkWidget *findings;
  GtkWidget *evidence;
  GtkWidget *answered;
} QuestionRow;

struct _PsemsAssessmentsPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  PsemsAdaptiveBin *adaptive;
  GtkBox *list_header;
  GtkWidget *new_button;
  GtkBox *detail_body;
  GtkWidget *progress_box;
  GtkWidget *body_separator;
  GtkScrolledWindow *scores_scroller;
  GtkStack *view_stack;
  GtkWidget *bank_banner;
  GtkLabel *bank_banner_title;
  GtkLabel *bank_problems_label;
  GtkLabel *list_summary;
  GtkListBox *assessment_list;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkLabel *detail_title;
  GtkLabel *detail_status;
  GtkLabel *detail_subtitle;
  GtkMenuButton *compare_button;
  GtkButton *complete_button;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_label;
  GtkBox *questions_box;
  GtkDrawingArea *score_area;
  GtkLabel *compare_title;
  GtkLabel *compare_subtitle;
  GtkDropDown *verdict_filter;
  GtkFlowBox *compare_counts;
  GtkListBox *delta_list;
  GtkListBox *compare_list;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;
  gboolean reload_due;          /* a reload waits for the page to be shown */
  gint64 facility_id;           /* 0: all facilities */

  GPtrArray *banks;             /* PsemsBank found in the bank folders; NULL until read */
  GPtrArray *bank_problems;     /* char *: "file:line: …" */
  GPtrArray *assessments;       /* PsemsAssessment in scope, newest start first */

  gint64 open_id;               /* the assessment shown; 0: the list */
  gint64 built_for;             /* the assessment whose question rows exist */
  PsemsAssessment *assessment;
  GPtrArray *answers;           /* PsemsAnswer of the open assessment */
  GPtrArray *scores;            /* PsemsScore: overall first */
  GHashTable *open_findings;    /* answer id → ref of its unresolved finding */
  GHashTable *rows;             /* question code → QuestionRow */
  GHashTable *groups;           /* area → AdwPreferencesGroup */

  gint64 compare_id;            /* the other assessment compared; 0: none */
  PsemsComparison *comparison;

  gboolean filling;             /* rows are being set from the database, not by the user */
  gboolean building;            /* question rows are being replaced */
};

G_DEFINE_FINAL_TYPE (PsemsAssessmentsPage, psems_assessments_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FACILITY_ID,
  PROP_ASSESSMENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the comparison's filter offers, after "All questions" and "Changes only". */
static const PsemsVerdict filter_verdicts[] = {
  PSEMS_VERDICT_IMPROVED, PSEMS_VERDICT_REGRESSED, PSEMS_VERDICT_UNCHANGED,
  PSEMS_VERDICT_NOT_COMPARABLE, PSEMS_VERDICT_NEW, PSEMS_VERDICT_REMOVED,
};

static void reload (PsemsAssessmentsPage *self);

static void
question_row_free (QuestionRow *row)
{
  g_free (row->code);
  g_free (row);
}

static void
show_toast (PsemsAssessmentsPage *self,
            const char           *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static void
show_error_dialog (PsemsAssessmentsPage *self,
                   const char           *heading,
                   const GError         *error)
{
  psems_ui_show_error_dialog (GTK_WIDGET (self), "assessments-error", heading, error);
}

static GtkWidget *
new_label (const char *text,
           const char *first_class,
           ...)
{
  GtkWidget *label = gtk_label_new (text);
  va_list classes;

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  va_start (classes, first_class);
  for (const char *css = first_class; css != NULL; css = va_arg (classes, const char *))
    gtk_widget_add_css_class (label, css);
  va_end (classes);
  return label;
}

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_BOX (parent))
        gtk_box_remove (GTK_BOX (parent), child);
      else if (GTK_IS_FLOW_BOX (parent))
        gtk_flow_box_remove (GTK_FLOW_BOX (parent), child);
      else
        gtk_widget_unparent (child);
    }
}

/* The colour class of an answer: what it means for compliance. */
static const char *
value_class (const char *value)
{
  if (g_strcmp0 (value, "compliant") == 0)
    return "success";
  if (g_strcmp0 (value, "partial") == 0)
    return "warning";
  if (g_strcmp0 (value, "non-compliant") == 0)
    return "error";
  return "dim-label";
}

static const char *
verdict_class (PsemsVerdict verdict)
{
  switch (verdict)
    {
    case PSEMS_VERDICT_IMPROVED:
      return "success";
    case PSEMS_VERDICT_REGRESSED:
      return "error";
    case PSEMS_VERDICT_NEW:
    case PSEMS_VERDICT_REMOVED:
      return "accent";
    case PSEMS_VERDICT_UNCHANGED:
    case PSEMS_VERDICT_NOT_COMPARABLE:
    default:
      return "dim-label";
    }
}

static GtkWidget *
new_pill (const char *text,
          const char *colour_class,
          const char *extra_class)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_add_css_class (pill, "status-pill");
  if (colour_class != NULL)
    gtk_widget_add_css_class (pill, colour_class);
  if (extra_class != NULL)
    gtk_widget_add_css_class (pill, extra_class);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

static GtkWidget *
new_value_pill (const char *value)
{
  const char *label = psems_answer_value_label (value);
  g_autofree char *css = value != NULL ? g_strconcat ("answer-", value, NULL)
                                       : g_strdup ("answer-unanswered");

  return new_pill (label != NULL ? label : _("Unanswered"), value_class (value), css);
}

/* Scores are read in bands: the colours of the security levels, good to bad. */
static void
get_band_colour (double   score,
                 GdkRGBA *colour)
{
  /* Banded as shown: a score read as "80 %" is in the top band. */
  score = round (score);
  if (score >= 80.0)
    gdk_rgba_parse (colour, "#26a269");
  else if (score >= 50.0)
    gdk_rgba_parse (colour, "#e5a50a");
  else
    gdk_rgba_parse (colour, "#c01c28");
}

static char *
format_percent (gboolean has_score,
                double   score)
{
  if (!has_score)
    return g_strdup ("—");
  /* Translators: a score in percent, as in "82 %" */
  return g_strdup_printf (_("%.0f %%"), score);
}

static char *
describe_counts (const PsemsScore *score)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* Translators: counts of answers in a score, as in
   * "12 compliant · 3 partial · 1 non-compliant" */
  g_string_append_printf (text, _("%d compliant · %d partial · %d non-compliant"), score->compliant,
                          score->partial, score->non_compliant);
  if (score->not_applicable > 0)
    g_string_append_printf (text, _(" · %d not applicable"), score->not_applicable);
  if (score->unanswered > 0)
    g_string_append_printf (text, _(" · %d unanswered"), score->unanswered);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static PsemsAnswer *
find_answer (PsemsAssessmentsPage *self,
             const char           *code)
{
  for (guint i = 0; self->answers != NULL && i < self->answers->len; i++)
    {
      PsemsAnswer *answer = g_ptr_array_index (self->answers, i);

      if (g_strcmp0 (answer->code, code) == 0)
        return answer;
    }
  return NULL;
}

static gboolean
is_completed (PsemsAssessmentsPage *self)
{
  return self->assessment != NULL && g_strcmp0 (self->assessment->status, "completed") == 0;
}

/* ───────────────────────────── banks ───────────────────────────── */

static void
load_banks (PsemsAssessmentsPage *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (self->banks != NULL)
    return;
  self->banks = psems_bank_load_all (&problems);
  g_clear_pointer (&self->bank_problems, g_ptr_array_unref);
  self->bank_problems = problems != NULL ? g_steal_pointer (&problems)
                                         : g_ptr_array_new_with_free_func (g_free);

  gtk_widget_set_visible (self->bank_banner, self->bank_problems->len > 0);
  if (self->bank_problems->len == 0)
    return;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u question bank file could not be read; "
                                        "the other banks can be used",
                                        "%u question bank files could not be read; "
                                        "the other banks can be used",
                                        self->bank_problems->len),
                           self->bank_problems->len);
  g_ptr_array_add (self->bank_problems, NULL);
  text = g_strjoinv ("\n", (char **) self->bank_problems->pdata);
  g_ptr_array_remove_index (self->bank_problems, self->bank_problems->len - 1);
  gtk_label_set_text (self->bank_banner_title, title);
  gtk_label_set_text (self->bank_problems_label, text);
}

/* ───────────────────────────── the list ───────────────────────────── */

/* The bank's title as its file has it; the framework when the file is gone. */
static const char *
bank_title (PsemsAssessmentsPage  *self,
            const PsemsAssessment *a)
{
  const PsemsBank *bank = self->banks != NULL
                          ? psems_bank_find (self->banks, a->bank_code, a->bank_version) : NULL;

  return bank != NULL ? bank->title : a->framework;
}

static void paint_bar (cairo_t *cr, const GdkRGBA *fg, double y, double width, double height,
                       gboolean has_score, double score);

static void
draw_small_bar_cb (GtkDrawingArea *area,
                   cairo_t        *cr,
                   int             width,
                   int             height,
                   gpointer        user_data)
{
  const double *score = user_data;
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  paint_bar (cr, &fg, (height - 8) / 2.0, width, 8, *score >= 0, *score);
}

static GtkWidget *
create_assessment_row (PsemsAssessmentsPage  *self,
                       const PsemsAssessment *a)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *bar = gtk_drawing_area_new ();
  GtkWidget *title = new_label (a->title, "heading", NULL);
  GtkWidget *bank;
  GtkWidget *details;
  GtkWidget *progress;
  GtkWidget *percent;
  GtkWidget *status;
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gboolean narrow = psems_adaptive_bin_get_folded (self->adaptive);
  GtkWidget *line = box;        /* where the score goes */
  const char *status_label = psems_assessment_status_label (a->status);
  g_autofree char *started = psems_ui_format_date (a->started_on);
  g_autofree char *bank_text = NULL;
  g_autofree char *detail_text = NULL;
  g_autofree char *progress_text = NULL;
  g_autofree char *percent_text = format_percent (a->score >= 0, a->score);
  g_autofree char *name = g_strdup_printf ("assessment-%lld", (long long) a->id);
  g_autofree char *status_css = g_strconcat ("assessment-", a->status, NULL);

  /* Translators: a question bank's title and version, as in "ISPS Code: port facility security
   * plan and PFSO duties, version 2026.1" */
  bank_text = g_strdup_printf (_("%s, version %s"), bank_title (self, a), a->bank_version);
  bank = new_label (bank_text, "caption", NULL);
  /* Translators: reference · facility · start, as in "GAP-2026-0002 · NHV-CT · started 6 November
   * 2026" */
  detail_text = g_strdup_printf (_("%s · %s · started %s"), a->ref, a->facility_code, started);
  details = new_label (detail_text, "caption", "dim-label", NULL);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (bank), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), bank);
  gtk_box_append (GTK_BOX (labels), details);
  gtk_box_append (GTK_BOX (box), labels);
  if (narrow)
    {
      /* Narrow, the figures go under the title: the answers given, then the state and the
       * score on a line of their own. */
      gtk_box_set_spacing (GTK_BOX (box), 6);
      gtk_box_set_spacing (GTK_BOX (labels), 4);
      line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_box_append (GTK_BOX (labels), line);
    }

  progress_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d of %d answered",
                                                "%d of %d answered", a->n_questions),
                                   a->n_answered, a->n_questions);
  progress = new_label (progress_text, "caption", "dim-label", "numeric", NULL);
  gtk_label_set_xalign (GTK_LABEL (progress), narrow ? 0.0 : 1.0);
  gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
  if (narrow)
    gtk_box_insert_child_after (GTK_BOX (labels), progress, details);
  else
    gtk_box_append (GTK_BOX (box), progress);

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (bar), draw_small_bar_cb,
                                  g_memdup2 (&a->score, sizeof a->score), g_free);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (bar), narrow ? 60 : 120);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (bar), 12);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (bar, narrow);
  gtk_box_append (GTK_BOX (line), bar);
  percent = new_label (percent_text, "heading", "numeric", NULL);
  gtk_widget_set_name (percent, "assessment-score");
  gtk_label_set_width_chars (GTK_LABEL (percent), 5);
  gtk_label_set_xalign (GTK_LABEL (percent), 1.0);
  gtk_widget_set_tooltip_text (percent, _("Overall score"));
  gtk_box_append (GTK_BOX (line), percent);

  status = new_pill (status_label != NULL ? status_label : a->status,
                     g_strcmp0 (a->status, "completed") == 0 ? "success" : "accent", status_css);
  if (narrow)
    gtk_box_prepend (GTK_BOX (line), status);
  else
    {
      gtk_label_set_width_chars (GTK_LABEL (status), 11);
      gtk_box_append (GTK_BOX (box), status);
    }
  gtk_widget_add_css_class (arrow, "dim-label");
  gtk_widget_set_valign (arrow, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), arrow);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, name);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "assessments.open");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (a->id));
  return row;
}

static void
fill_list (PsemsAssessmentsPage *self)
{
  guint n_open = 0;
  g_autofree char *summary = NULL;

  psems_ui_clear_list_box (self->assessment_list);
  for (guint i = 0; i < self->assessments->len; i++)
    {
      const PsemsAssessment *a = g_ptr_array_index (self->assessments, i);

      gtk_list_box_append (self->assessment_list, create_assessment_row (self, a));
      n_open += g_strcmp0 (a->status, "in-progress") == 0 ? 1 : 0;
    }
  if (self->assessments->len == 0)
    summary = g_strdup (_("A GAP self-assessment answers a question bank — the plan elements, "
                          "records, drills, cyber risk, NIS2 — to find what is missing before an "
                          "audit does."));
  else
    /* Translators: "3 assessments, 1 in progress" */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u assessment, %u in progress",
                                            "%u assessments, %u in progress",
                                            self->assessments->len),
                               self->assessments->len, n_open);
  gtk_label_set_text (self->list_summary, summary);
}

/* ───────────────────────────── one assessment ───────────────────────────── */

static gboolean
load_assessment (PsemsAssessmentsPage  *self,
                 GError               **error)
{
  g_autoptr(PsemsAssessment) a = psems_assessment_get (self->store, self->open_id, error);
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  PsemsFindingFilter filter = { 0 };

  if (a == NULL)
    return FALSE;
  answers = psems_assessment_list_answers (self->store, self->open_id, error);
  if (answers == NULL)
    return FALSE;
  filter.facility_id = a->facility_id;
  filter.status = "unresolved";
  filter.source = "gap";
  findings = psems_finding_list (self->store, &filter, error);
  if (findings == NULL)
    return FALSE;

  g_hash_table_remove_all (self->open_findings);
  for (guint i = 0; i < findings->len; i++)
    {
      const PsemsFinding *finding = g_ptr_array_index (findings, i);
      gint64 *key;

      if (finding->answer_id == 0)
        continue;
      key = g_new (gint64, 1);
      *key = finding->answer_id;
      g_hash_table_replace (self->open_findings, key, g_strdup (finding->ref));
    }
  g_clear_pointer (&self->assessment, psems_assessment_free);
  self->assessment = g_steal_pointer (&a);
  g_clear_pointer (&self->answers, g_ptr_array_unref);
  self->answers = g_steal_pointer (&answers);
  g_clear_pointer (&self->scores, g_ptr_array_unref);
  self->scores = psems_assessment_compute_scores (self->answers);
  return TRUE;
}

static void
save_notes (QuestionRow *qrow)
{
  PsemsAssessmentsPage *self = qrow->page;
  PsemsAnswer *answer = find_answer (self, qrow->code);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (qrow->notes));
  g_autofree char *notes = psems_text_dup_field (text);

  /* Notes travel with an answer: before one is chosen they wait in the entry. A row on its way
   * out (its entry losing the focus) belongs to the assessment it was built for, maybe not the one
   * open now. */
  if (self->filling || self->building || qrow->assessment_id != self->open_id || answer == NULL
      || answer->value == NULL || is_completed (self))
    return;
  if (g_strcmp0 (notes, answer->notes) == 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "assessments.answer", "(sss)", qrow->code,
                              answer->value, notes != NULL ? notes : "");
}

static void
answer_toggled_cb (GtkToggleButton *toggle,
                   QuestionRow     *qrow)
{
  PsemsAssessmentsPage *self = qrow->page;
  const char *notes = gtk_editable_get_text (GTK_EDITABLE (qrow->notes));

  if (self->filling || !gtk_toggle_button_get_active (toggle))
    return;
  for (guint i = 0; i < N_VALUES; i++)
    if (qrow->toggles[i] == GTK_WIDGET (toggle))
      gtk_widget_activate_action (GTK_WIDGET (self), "assessments.answer", "(sss)", qrow->code,
                                  psems_answer_values ()[i], notes);
}

static void
notes_activate_cb (GtkEntry    *entry,
                   QuestionRow *qrow)
{
  save_notes (qrow);
}

static void
notes_leave_cb (GtkEventControllerFocus *controller,
                QuestionRow             *qrow)
{
  save_notes (qrow);
}

static GtkWidget *
create_question_row (PsemsAssessmentsPage *self,
                     const PsemsAnswer    *answer)
{
  static const char * const short_labels[N_VALUES] = {
    N_("Compliant"), N_("Partial"), N_("Non-compliant"), N_("N/A"),
  };
  QuestionRow *qrow = g_new0 (QuestionRow, 1);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *code = new_label (answer->code, "heading", "monospace", NULL);
  GtkWidget *text = new_label (answer->text, NULL);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *buttons = NULL;    /* narrow: the row's buttons, on a line of their own */
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char *name = g_strdup_printf ("question-%s", answer->code);

  qrow->page = self;
  qrow->assessment_id = self->open_id;
  qrow->code = g_strdup (answer->code);

  gtk_box_append (GTK_BOX (top), code);
  if (answer->reference != NULL)
    {
      GtkWidget *reference = new_label (answer->reference, "caption", "dim-label", NULL);

      gtk_widget_set_valign (reference, GTK_ALIGN_BASELINE);
      gtk_box_append (GTK_BOX (top), reference);
    }
  qrow->answered = new_label (NULL, "caption", "dim-label", NULL);
  gtk_widget_set_hexpand (qrow->answered, TRUE);
  gtk_label_set_xalign (GTK_LABEL (qrow->answered), 1.0);
  gtk_label_set_ellipsize (GTK_LABEL (qrow->answered), PANGO_ELLIPSIZE_START);
  gtk_box_append (GTK_BOX (top), qrow->answered);
  qrow->evidence = new_label (NULL, "caption", "dim-label", NULL);
  gtk_widget_set_name (qrow->evidence, "question-evidence");
  gtk_box_append (GTK_BOX (top), qrow->evidence);
  qrow->findings = new_pill (NULL, NULL, NULL);
  gtk_widget_set_name (qrow->findings, "question-findings");
  gtk_box_append (GTK_BOX (top), qrow->findings);
  gtk_box_append (GTK_BOX (box), top);

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), text);

  if (answer->guidance != NULL)
    {
      GtkWidget *expander = gtk_expander_new (_("Guidance"));
      GtkWidget *guidance = new_label (answer->guidance, "dim-label", NULL);

      gtk_label_set_wrap (GTK_LABEL (guidance), TRUE);
      gtk_widget_set_margin_top (guidance, 4);
      gtk_widget_set_margin_start (guidance, 18);
      gtk_expander_set_child (GTK_EXPANDER (expander), guidance);
      gtk_widget_add_css_class (expander, "caption");
      gtk_box_append (GTK_BOX (box), expander);
    }

  gtk_widget_add_css_class (linked, "linked");
  gtk_widget_set_valign (linked, GTK_ALIGN_CENTER);
  for (guint i = 0; i < N_VALUES; i++)
    {
      const char *value = psems_answer_values ()[i];
      GtkWidget *toggle = gtk_toggle_button_new_with_label (_(short_labels[i]));
      g_autofree char *toggle_name = g_strconcat ("answer-", value, NULL);

      gtk_widget_set_name (toggle, toggle_name);
      gtk_widget_set_tooltip_text (toggle, psems_answer_value_label (value));
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (toggle),
                                     GTK_TOGGLE_BUTTON (qrow->toggles[0]));
      g_signal_connect (toggle, "toggled", G_CALLBACK (answer_toggled_cb), qrow);
      qrow->toggles[i] = toggle;
      gtk_box_append (GTK_BOX (linked), toggle);
    }
  {
    /* Translators: %s is a question's code */
    g_autofree char *label = g_strdup_printf (_("Answer to %s"), answer->code);

    gtk_accessible_update_property (GTK_ACCESSIBLE (linked), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  }
  gtk_box_append (GTK_BOX (bottom), linked);
  if (psems_adaptive_bin_get_folded (self->adaptive))
    {
      /* Narrow, the answers stand one under the other, then the notes, then the buttons. */
      gtk_orientable_set_orientation (GTK_ORIENTABLE (linked), GTK_ORIENTATION_VERTICAL);
      gtk_orientable_set_orientation (GTK_ORIENTABLE (bottom), GTK_ORIENTATION_VERTICAL);
      gtk_box_set_spacing (GTK_BOX (bottom), 8);
      buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_widget_set_halign (buttons, GTK_ALIGN_END);
    }

  qrow->notes = gtk_entry_new ();
  gtk_widget_set_name (qrow->notes, "question-notes");
  gtk_widget_set_hexpand (qrow->notes, TRUE);
  gtk_widget_set_valign (qrow->notes, GTK_ALIGN_CENTER);
  gtk_entry_set_placeholder_text (GTK_ENTRY (qrow->notes),
                                  _("Notes: what was seen, what is missing"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (qrow->notes), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Notes"), -1);
  g_signal_connect (qrow->notes, "activate", G_CALLBACK (notes_activate_cb), qrow);
  g_signal_connect (focus, "leave", G_CALLBACK (notes_leave_cb), qrow);
  gtk_widget_add_controller (qrow->notes, focus);
  gtk_box_append (GTK_BOX (bottom), qrow->notes);

  qrow->raise = gtk_button_new_with_label (_("Raise Finding"));
  gtk_widget_set_name (qrow->raise, "question-raise");
  gtk_widget_set_valign (qrow->raise, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (qrow->raise), "assessments.raise-finding");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (qrow->raise),
                                          g_variant_new_string (answer->code));
  gtk_box_append (GTK_BOX (buttons != NULL ? buttons : bottom), qrow->raise);

  qrow->attach = gtk_button_new_from_icon_name ("mail-attachment-symbolic");
  gtk_widget_set_name (qrow->attach, "question-attach");
  gtk_widget_set_valign (qrow->attach, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (qrow->attach, _("Attach evidence to this answer…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (qrow->attach), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Attach evidence"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (qrow->attach), "assessments.attach-evidence");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (qrow->attach),
                                          g_variant_new_string (answer->code));
  gtk_widget_add_css_class (qrow->attach, "flat");
  gtk_box_append (GTK_BOX (buttons != NULL ? buttons : bottom), qrow->attach);
  if (buttons != NULL)
    gtk_box_append (GTK_BOX (bottom), buttons);
  gtk_box_append (GTK_BOX (box), bottom);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 14);
  gtk_widget_set_margin_end (box, 14);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, name);
  g_hash_table_replace (self->rows, qrow->code, qrow);
  return row;
}

static void
update_question_row (PsemsAssessmentsPage *self,
                     QuestionRow          *qrow,
                     const PsemsAnswer    *answer)
{
  const char *open_ref = answer->answer_id != 0
                         ? g_hash_table_lookup (self->open_findings, &answer->answer_id) : NULL;
  gboolean raisable = g_strcmp0 (answer->value, "partial") == 0
                      || g_strcmp0 (answer->value, "non-compliant") == 0;
  gboolean completed = is_completed (self);
  gboolean typing = (gtk_widget_get_state_flags (qrow->notes) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0;

  self->filling = TRUE;
  for (guint i = 0; i < N_VALUES; i++)
    {
      gboolean chosen = g_strcmp0 (answer->value, psems_answer_values ()[i]) == 0;

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (qrow->toggles[i]), chosen);
      gtk_widget_set_sensitive (qrow->toggles[i], !completed);
      if (chosen)
        gtk_widget_add_css_class (qrow->toggles[i], value_class (answer->value));
      else
        for (guint k = 0; k < N_VALUES; k++)
          gtk_widget_remove_css_class (qrow->toggles[i], value_class (psems_answer_values ()[k]));
    }
  /* A note being typed is the user's until it is saved; an unanswered question keeps its draft. */
  if (!typing && answer->value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (qrow->notes), answer->notes != NULL ? answer->notes : "");
  gtk_widget_set_tooltip_text (qrow->notes, answer->notes);
  gtk_editable_set_editable (GTK_EDITABLE (qrow->notes), !completed);
  self->filling = FALSE;

  gtk_widget_set_visible (qrow->raise, raisable);
  /* Evidence belongs to an answer, and a completed assessment's answers are final. */
  gtk_widget_set_visible (qrow->attach, answer->value != NULL && !completed);
  gtk_widget_set_sensitive (qrow->raise, open_ref == NULL);
  if (open_ref != NULL)
    {
      /* Translators: %s is a finding's reference */
      g_autofree char *tip = g_strdup_printf (_("%s is open for this answer: resolve it before "
                                                "raising another"), open_ref);

      gtk_widget_set_tooltip_text (qrow->raise, tip);
    }
  else
    {
      gtk_widget_set_tooltip_text (qrow->raise,
                                   g_strcmp0 (answer->value, "non-compliant") == 0
                                   ? _("Raise a major non-conformity from this answer")
                                   : _("Raise a minor non-conformity from this answer"));
    }

  gtk_widget_set_visible (qrow->findings, answer->findings != NULL);
  if (answer->findings != NULL)
    {
      gtk_label_set_text (GTK_LABEL (qrow->findings), answer->findings);
      /* Red while one is unresolved; the rest is history. */
      gtk_widget_remove_css_class (qrow->findings, "error");
      gtk_widget_remove_css_class (qrow->findings, "dim-label");
      gtk_widget_add_css_class (qrow->findings, open_ref != NULL ? "error" : "dim-label");
      gtk_widget_set_tooltip_text (qrow->findings,
                                   open_ref != NULL ? _("Findings raised from this answer; one is "
                                                        "not resolved yet")
                                                    : _("Findings raised from this answer, all "
                                                        "resolved"));
    }
  gtk_widget_set_visible (qrow->evidence, answer->n_evidence > 0);
  if (answer->n_evidence > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d evidence file",
                                                            "%d evidence files",
                                                            answer->n_evidence),
                                               answer->n_evidence);

      gtk_label_set_text (GTK_LABEL (qrow->evidence), text);
    }
  if (answer->answered_at != NULL)
    {
      g_autofree char *when = psems_ui_format_timestamp (answer->answered_at);
      /* Translators: when, then who, as in "26 Nov 2026, 14:05 by Anne Janssen" */
      g_autofree char *text = answer->answered_by != NULL
                              ? g_strdup_printf (_("%s by %s"), when, answer->answered_by)
                              : g_strdup (when);

      gtk_label_set_text (GTK_LABEL (qrow->answered), text);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (qrow->answered), _("Not answered yet"));
    }
}

static void
build_questions (PsemsAssessmentsPage *self)
{
  GtkWidget *list = NULL;
  const char *area = NULL;

  /* The widgets go before the rows their signal handlers point at. */
  self->building = TRUE;
  remove_children (GTK_WIDGET (self->questions_box));
  g_hash_table_remove_all (self->rows);
  g_hash_table_remove_all (self->groups);
  for (guint i = 0; i < self->answers->len; i++)
    {
      const PsemsAnswer *answer = g_ptr_array_index (self->answers, i);

      if (list == NULL || g_strcmp0 (answer->area, area) != 0)
        {
          GtkWidget *group = adw_preferences_group_new ();

          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), answer->area);
          list = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
          gtk_box_append (self->questions_box, group);
          area = answer->area;
          /* An area may come back later in a bank; its first group carries the score. */
          if (!g_hash_table_contains (self->groups, area))
            g_hash_table_insert (self->groups, g_strdup (area), group);
        }
      gtk_list_box_append (GTK_LIST_BOX (list), create_question_row (self, answer));
    }
  self->built_for = self->open_id;
  self->building = FALSE;
}

static char *
describe_scores (PsemsAssessmentsPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; self->scores != NULL && i < self->scores->len; i++)
    {
      const PsemsScore *score = g_ptr_array_index (self->scores, i);
      g_autofree char *percent = format_percent (score->has_score, score->score);
      g_autofree char *counts = describe_counts (score);

      g_string_append_printf (text, "%s: %s (%s). ",
                              score->area != NULL ? score->area : _("Overall"), percent, counts);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A rounded track, filled to the score in the colour of its band. */
static void
paint_bar (cairo_t       *cr,
           const GdkRGBA *fg,
           double         y,
           double         width,
           double         height,
           gboolean       has_score,
           double         score)
{
  double radius = height / 2;
  GdkRGBA band;

  cairo_save (cr);
  cairo_new_sub_path (cr);
  cairo_arc (cr, radius, y + radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, width - radius, y + radius, radius, -G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.12);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  if (has_score)
    {
      get_band_colour (score, &band);
      gdk_cairo_set_source_rgba (cr, &band);
      cairo_rectangle (cr, 0, y, width * CLAMP (score, 0.0, 100.0) / 100.0, height);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

#define SCORE_ROW_HEIGHT 66
#define SCORE_BAR_HEIGHT 10

static void
draw_scores_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  PsemsAssessmentsPage *self = user_data;
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (area));
  GdkRGBA fg;
  double y = 0;

  if (self->scores == NULL)
    return;
  gtk_style_context_get_color (style, &fg);
  for (guint i = 0; i < self->scores->len; i++)
    {
      const PsemsScore *score = g_ptr_array_index (self->scores, i);
      g_autoptr(PangoLayout) name = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
      g_autoptr(PangoLayout) percent = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
      g_autoptr(PangoLayout) counts = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
      g_autofree char *percent_text = format_percent (score->has_score, score->score);
      g_autofree char *count_text = describe_counts (score);
      g_autofree char *name_markup = NULL;
      PangoAttrList *small = pango_attr_list_new ();
      int percent_width, text_height;
      double bar_y, bar_height = i == 0 ? SCORE_BAR_HEIGHT + 4 : SCORE_BAR_HEIGHT;

      name_markup = g_markup_printf_escaped ("<b>%s</b>", score->area != NULL ? score->area
                                                                          : _("Overall"));
      pango_layout_set_markup (percent, "", -1);
      {
        g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", percent_text);

        pango_layout_set_markup (percent, markup, -1);
      }
      pango_layout_get_pixel_size (percent, &percent_width, NULL);
      pango_layout_set_markup (name, name_markup, -1);
      pango_layout_set_width (name, MAX (1, width - percent_width - 12) * PANGO_SCALE);
      pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (name, NULL, &text_height);

      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, name);
      cairo_move_to (cr, width - percent_width, y);
      pango_cairo_show_layout (cr, percent);

      bar_y = y + text_height + 5;
      paint_bar (cr, &fg, bar_y, width, bar_height, score->has_score, score->score);

      pango_attr_list_insert (small, pango_attr_scale_new (PANGO_SCALE_SMALL));
      pango_layout_set_attributes (counts, small);
      pango_attr_list_unref (small);
      pango_layout_set_text (counts, count_text, -1);
      pango_layout_set_width (counts, width * PANGO_SCALE);
      pango_layout_set_ellipsize (counts, PANGO_ELLIPSIZE_END);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      cairo_move_to (cr, 0, bar_y + bar_height + 4);
      pango_cairo_show_layout (cr, counts);

      y += SCORE_ROW_HEIGHT + (i == 0 ? 12 : 0);
    }
}

static GMenuModel *
create_compare_menu (PsemsAssessmentsPage *self)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < self->assessments->len; i++)
    {
      const PsemsAssessment *a = g_ptr_array_index (self->assessments, i);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *started = NULL;
      g_autofree char *label = NULL;

      if (a->id == self->open_id || a->facility_id != self->assessment->facility_id)
        continue;
      started = psems_ui_format_date (a->started_on);
      /* Translators: reference, bank version, start, as in
       * "GAP-2025-0001 (2026.1), started 6 November 2025" */
      label = g_strdup_printf (_("%s (%s), started %s"), a->ref, a->bank_version, started);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "assessments.compare",
                                               g_variant_new_int64 (a->id));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static void
update_detail (PsemsAssessmentsPage *self)
{
  const PsemsAssessment *a = self->assessment;
  const PsemsScore *overall = g_ptr_array_index (self->scores, 0);
  const char *status_label = psems_assessment_status_label (a->status);
  gboolean completed = is_completed (self);
  int answered = overall->n_questions - overall->unanswered;
  g_autofree char *started = psems_ui_format_date (a->started_on);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *progress = NULL;
  g_autofree char *scores_text = describe_scores (self);
  g_autoptr(GMenuModel) menu = create_compare_menu (self);

  gtk_label_set_text (self->detail_title, a->title);
  /* Translators: reference · facility · bank title and version, as in
   * "GAP-2026-0002 · NHV-CT · ISPS Code: port facility security plan, version 2026.1" */
  g_string_append_printf (subtitle, _("%s · %s · %s, version %s"), a->ref, a->facility_code,
                          bank_title (self, a), a->bank_version);
  /* Translators: %s is a date */
  g_string_append_printf (subtitle, _(" · started %s"), started);
  if (a->completed_on != NULL)
    {
      g_autofree char *completed_on = psems_ui_format_date (a->completed_on);

      /* Translators: %s is a date */
      g_string_append_printf (subtitle, _(" · completed %s"), completed_on);
    }
  if (a->assessor != NULL)
    /* Translators: %s is a person */
    g_string_append_printf (subtitle, _(" · by %s"), a->assessor);
  gtk_label_set_text (self->detail_subtitle, subtitle->str);
  gtk_label_set_text (self->detail_status, status_label != NULL ? status_label : a->status);
  gtk_widget_remove_css_class (GTK_WIDGET (self->detail_status), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->detail_status), "accent");
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_status), completed ? "success" : "accent");

  progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d of %d answered",
                                           "%d of %d answered", overall->n_questions),
                              answered, overall->n_questions);
  gtk_label_set_text (self->progress_label, progress);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 overall->n_questions > 0
                                 ? (double) answered / overall->n_questions : 0.0);

  gtk_widget_set_visible (GTK_WIDGET (self->complete_button), !completed);
  if (overall->unanswered > 0)
    {
      g_autofree char *tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%d question is still unanswered",
                                                           "%d questions are still unanswered",
                                                           overall->unanswered),
                                              overall->unanswered);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->complete_button), tip);
    }
  else
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->complete_button),
                                   _("Every question is answered: make the answers final"));
    }

  gtk_menu_button_set_menu_model (self->compare_button, menu);
  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_button),
                            g_menu_model_get_n_items (menu) > 0);
  if (g_menu_model_get_n_items (menu) == 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->compare_button),
                                 _("No other assessment of this facility to compare with"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->compare_button),
                                 _("Compare question by question with another assessment of the "
                                   "facility"));

  for (guint i = 1; i < self->scores->len; i++)
    {
      const PsemsScore *score = g_ptr_array_index (self->scores, i);
      AdwPreferencesGroup *group = g_hash_table_lookup (self->groups, score->area);
      g_autofree char *percent = format_percent (score->has_score, score->score);
      g_autofree char *text = NULL;

      if (group == NULL)
        continue;
      /* Translators: "5 of 8 answered · 81 %" */
      text = g_strdup_printf (_("%d of %d answered · %s"), score->n_questions - score->unanswered,
                              score->n_questions, percent);
      adw_preferences_group_set_description (group, text);
    }

  for (guint i = 0; i < self->answers->len; i++)
    {
      const PsemsAnswer *answer = g_ptr_array_index (self->answers, i);
      QuestionRow *qrow = g_hash_table_lookup (self->rows, answer->code);

      if (qrow != NULL)
        update_question_row (self, qrow, answer);
    }

  gtk_drawing_area_set_content_height (self->score_area,
                                       (int) self->scores->len * SCORE_ROW_HEIGHT + 12);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->score_area), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->score_area),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, scores_text, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->score_area));
}

/* ───────────────────────────── comparison ───────────────────────────── */

static gboolean
verdict_shown (PsemsAssessmentsPage *self,
               PsemsVerdict          verdict)
{
  guint position = gtk_drop_down_get_selected (self->verdict_filter);

  if (position == 0 || position == GTK_INVALID_LIST_POSITION)
    return TRUE;
  if (position == 1)
    return verdict != PSEMS_VERDICT_UNCHANGED;
  return position - 2 < G_N_ELEMENTS (filter_verdicts) && filter_verdicts[position - 2] == verdict;
}

static GtkWidget *
new_slot (GtkWidget *child,
          int        width)
{
  GtkWidget *slot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_size_request (slot, width, -1);
  gtk_widget_set_hexpand (slot, FALSE);
  gtk_widget_set_hexpand (child, TRUE);
  gtk_widget_set_halign (child, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (slot), child);
  return slot;
}

static GtkWidget *
create_comparison_row (const PsemsComparisonItem *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *code = new_label (item->code, "heading", "monospace", NULL);
  GtkWidget *text = new_label (item->text, NULL);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  GtkWidget *verdict = new_pill (psems_verdict_label (item->verdict),
                                 verdict_class (item->verdict), NULL);
  GtkWidget *before;
  GtkWidget *after;
  g_autofree char *name = g_strdup_printf ("compare-%s", item->code);
  g_autofree char *verdict_css = g_strconcat ("verdict-", psems_verdict_to_string (item->verdict),
                                              NULL);

  gtk_label_set_width_chars (GTK_LABEL (code), 9);
  gtk_widget_set_valign (code, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), code);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (text, item->text);
  gtk_box_append (GTK_BOX (labels), text);
  if (item->before_code != NULL || item->reference != NULL)
    {
      g_autofree char *detail = NULL;
      GtkWidget *detail_label;

      if (item->before_code != NULL)
        /* Translators: a reference, then the question's earlier code */
        detail = g_strdup_printf (_("%s · was %s"), item->reference != NULL ? item->reference : "",
                                  item->before_code);
      else
        detail = g_strdup (item->reference);
      detail_label = new_label (detail, "caption", "dim-label", NULL);
      gtk_label_set_ellipsize (GTK_LABEL (detail_label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (labels), detail_label);
    }
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), labels);

  if (item->verdict == PSEMS_VERDICT_NEW)
    before = new_label (_("Not in that bank"), "caption", "dim-label", NULL);
  else
    before = new_value_pill (item->before);
  if (item->verdict == PSEMS_VERDICT_REMOVED)
    after = new_label (_("Not in this bank"), "caption", "dim-label", NULL);
  else
    after = new_value_pill (item->after);
  gtk_widget_set_name (before, "compare-before");
  gtk_widget_set_name (after, "compare-after");
  gtk_box_append (GTK_BOX (box), new_slot (before, 130));
  gtk_widget_add_css_class (arrow, "dim-label");
  gtk_box_append (GTK_BOX (box), arrow);
  gtk_box_append (GTK_BOX (box), new_slot (after, 130));
  gtk_widget_add_css_class (verdict, verdict_css);
  gtk_widget_set_name (verdict, "compare-verdict");
  gtk_box_append (GTK_BOX (box), new_slot (verdict, 130));

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, name);
  return row;
}

static GtkWidget *
create_delta_row (const PsemsAreaDelta *delta)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *scores;
  GtkWidget *change;
  g_autofree char *before = format_percent (delta->before_has_score, delta->before);
  g_autofree char *after = format_percent (delta->after_has_score, delta->after);
  g_autofree char *scores_text = g_strdup_printf ("%s → %s", before, after);
  g_autofree char *change_text = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 delta->area != NULL ? delta->area : _("Overall"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  scores = new_label (scores_text, "numeric", "dim-label", NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), scores);
  if (delta->has_delta)
    /* Translators: a change in percentage points, as in "+9 pts" */
    change_text = ABS (delta->delta) < 0.5 ? g_strdup (_("±0 pts"))
                  : g_strdup_printf (_("%+.0f pts"), delta->delta);
  else
    change_text = g_strdup ("—");
  change = new_label (change_text, "heading", "numeric", NULL);
  gtk_label_set_width_chars (GTK_LABEL (change), 8);
  gtk_label_set_xalign (GTK_LABEL (change), 1.0);
  if (delta->has_delta && delta->delta >= 0.5)
    gtk_widget_add_css_class (change, "success");
  else if (delta->has_delta && delta->delta <= -0.5)
    gtk_widget_add_css_class (change, "error");
  else
    gtk_widget_add_css_class (change, "dim-label");
  gtk_widget_set_name (change, "delta");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), change);
  if (delta->area == NULL)
    gtk_widget_add_css_class (row, "property");
  return row;
}

static void
add_count (PsemsAssessmentsPage *self,
           PsemsVerdict          verdict,
           int                   count)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *number = g_strdup_printf ("%d", count);
  GtkWidget *value = new_label (number, "title-2", "numeric", NULL);
  GtkWidget *label = new_label (psems_verdict_label (verdict), "caption", "dim-label", NULL);
  g_autofree char *name = g_strconcat ("count-", psems_verdict_to_string (verdict), NULL);

  gtk_label_set_xalign (GTK_LABEL (value), 0.5);
  gtk_label_set_xalign (GTK_LABEL (label), 0.5);
  if (count > 0 && verdict == PSEMS_VERDICT_IMPROVED)
    gtk_widget_add_css_class (value, "success");
  else if (count > 0 && verdict == PSEMS_VERDICT_REGRESSED)
    gtk_widget_add_css_class (value, "error");
  gtk_widget_set_name (value, name);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_margin_top (value, 10);
  gtk_widget_set_margin_bottom (label, 10);
  gtk_flow_box_append (self->compare_counts, box);
}

static void
fill_comparison_list (PsemsAssessmentsPage *self)
{
  psems_ui_clear_list_box (self->compare_list);
  if (self->comparison == NULL)
    return;
  for (guint i = 0; i < self->comparison->items->len; i++)
    {
      const PsemsComparisonItem *item = g_ptr_array_index (self->comparison->items, i);

      if (verdict_shown (self, item->verdict))
        gtk_list_box_append (self->compare_list, create_comparison_row (item));
    }
}

static void
fill_comparison (PsemsAssessmentsPage *self)
{
  const PsemsComparison *c = self->comparison;
  const PsemsAssessment *before = NULL;
  const PsemsAssessment *after = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  remove_children (GTK_WIDGET (self->compare_counts));
  psems_ui_clear_list_box (self->delta_list);
  if (c == NULL)
    return;
  for (guint i = 0; i < self->assessments->len; i++)
    {
      const PsemsAssessment *a = g_ptr_array_index (self->assessments, i);

      if (g_strcmp0 (a->ref, c->before_ref) == 0)
        before = a;
      if (g_strcmp0 (a->ref, c->after_ref) == 0)
        after = a;
    }
  /* Translators: the earlier assessment, then the later one */
  title = g_strdup_printf (_("%s → %s"), c->before_ref, c->after_ref);
  gtk_label_set_text (self->compare_title, title);
  if (before != NULL && after != NULL)
    {
      g_autofree char *before_day = psems_ui_format_date (before->started_on);
      g_autofree char *after_day = psems_ui_format_date (after->started_on);

      /* Translators: two bank versions and start dates, as in
       * "2026.1, started 6 November 2025 → 2026.1, started 6 November 2026" */
      subtitle = g_strdup_printf (_("%s, started %s → %s, started %s"), before->bank_version,
                                  before_day, after->bank_version, after_day);
    }
  gtk_label_set_text (self->compare_subtitle, subtitle != NULL ? subtitle : "");

  add_count (self, PSEMS_VERDICT_IMPROVED, c->n_improved);
  add_count (self, PSEMS_VERDICT_REGRESSED, c->n_regressed);
  add_count (self, PSEMS_VERDICT_UNCHANGED, c->n_unchanged);
  add_count (self, PSEMS_VERDICT_NOT_COMPARABLE, c->n_not_comparable);
  add_count (self, PSEMS_VERDICT_NEW, c->n_new);
  add_count (self, PSEMS_VERDICT_REMOVED, c->n_removed);
  for (guint i = 0; i < c->areas->len; i++)
    gtk_list_box_append (self->delta_list, create_delta_row (g_ptr_array_index (c->areas, i)));
  fill_comparison_list (self);
}

static gboolean
load_comparison (PsemsAssessmentsPage  *self,
                 GError               **error)
{
  g_autoptr(PsemsAssessment) other = psems_assessment_get (self->store, self->compare_id, error);
  gint64 before_id, after_id;
  gboolean other_first;
  PsemsComparison *comparison;

  if (other == NULL)
    return FALSE;
  /* The earlier start is "before", whichever of the two the user opened. */
  other_first = g_strcmp0 (other->started_on, self->assessment->started_on) < 0
                || (g_strcmp0 (other->started_on, self->assessment->started_on) == 0
                    && other->id < self->assessment->id);
  before_id = other_first ? other->id : self->assessment->id;
  after_id = other_first ? self->assessment->id : other->id;
  comparison = psems_assessment_compare (self->store, before_id, after_id, error);
  if (comparison == NULL)
    return FALSE;
  g_clear_pointer (&self->comparison, psems_comparison_free);
  self->comparison = comparison;
  fill_comparison (self);
  return TRUE;
}

/* ───────────────────────────── loading ───────────────────────────── */

static void
show_list (PsemsAssessmentsPage *self)
{
  self->open_id = 0;
  self->compare_id = 0;
  g_clear_pointer (&self->comparison, psems_comparison_free);
  gtk_stack_set_visible_child_name (self->view_stack, "list");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSESSMENT_ID]);
}

static void
reload (PsemsAssessmentsPage *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *assessments;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    {
      self->reload_due = FALSE;
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      return;
    }
  /* The page stays light until it is opened. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->reload_due = TRUE;
      return;
    }
  self->reload_due = FALSE;
  gtk_stack_set_visible_child_name (self->state_stack, "content");

  load_banks (self);
  assessments = psems_assessment_list (self->store, self->facility_id, &error);
  if (assessments == NULL)
    {
      show_error_dialog (self, _("Assessments Unavailable"), error);
      return;
    }
  g_clear_pointer (&self->assessments, g_ptr_array_unref);
  self->assessments = assessments;
  fill_list (self);

  if (self->open_id == 0)
    return;
  if (!load_assessment (self, &error))
    {
      show_list (self);
      if (!g_error_matches (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND))
        show_error_dialog (self, _("Assessment Unavailable"), error);
      return;
    }
  if (self->built_for != self->open_id)
    build_questions (self);
  update_detail (self);

  if (self->compare_id != 0 && !load_comparison (self, &error))
    {
      self->compare_id = 0;
      g_clear_pointer (&self->comparison, psems_comparison_free);
      gtk_stack_set_visible_child_name (self->view_stack, "assessment");
      show_error_dialog (self, _("Comparison Unavailable"), error);
    }
}

static void
store_changed_cb (PsemsStore           *store,
                  const char           *entity,
                  gint64                id,
                  PsemsAssessmentsPage *self)
{
  /* After the writer's call returns, and once for a burst of changes. */
  psems_ui_queue_reload (&self->reload_source, "[psems] assessments reload",
                         (PsemsUiReloadFunc) reload, self);
}

/* ───────────────────────────── actions ───────────────────────────── */

static gboolean
require_store (PsemsAssessmentsPage *self)
{
  return self->store != NULL && self->actor != NULL;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);

  if (!require_store (self))
    return;
  self->open_id = g_variant_get_int64 (parameter);
  self->compare_id = 0;
  g_clear_pointer (&self->comparison, psems_comparison_free);
  self->built_for = 0;
  reload (self);
  if (self->open_id != 0)
    {
      gtk_stack_set_visible_child_name (self->view_stack, "assessment");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSESSMENT_ID]);
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "compare") == 0)
    {
      self->compare_id = 0;
      g_clear_pointer (&self->comparison, psems_comparison_free);
      gtk_stack_set_visible_child_name (self->view_stack, "assessment");
      return;
    }
  show_list (self);
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  const char *code, *value, *notes;

  if (!require_store (self) || self->open_id == 0)
    return;
  g_variant_get (parameter, "(&s&s&s)", &code, &value, &notes);
  if (!psems_assessment_answer (self->store, self->actor, self->open_id, code, value, notes, NULL,
                                NULL, NULL, &error))
    show_error_dialog (self, _("Answer Not Saved"), error);
  /* The scores follow at once, not at the next idle; a refused answer puts the row back. */
  reload (self);
}

static void
raise_finding_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);
  const char *code = g_variant_get_string (parameter, NULL);
  QuestionRow *qrow = g_hash_table_lookup (self->rows, code);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *message = NULL;

  if (!require_store (self) || self->open_id == 0)
    return;
  /* A note typed but not yet saved belongs in the finding's description. */
  if (qrow != NULL)
    save_notes (qrow);
  if (psems_assessment_raise_finding (self->store, self->actor, self->open_id, code, NULL, &ref,
                                      &error) <= 0)
    {
      show_error_dialog (self, _("Finding Not Raised"), error);
      return;
    }
  /* Translators: a finding's reference, then a question's code */
  message = g_strdup_printf (_("%s raised from %s"), ref, code);
  show_toast (self, message);
  reload (self);
}

static void
add_evidence_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *message = NULL;
  const char *code, *path;
  PsemsAnswer *answer;
  gboolean reused = FALSE;

  if (!require_store (self) || self->open_id == 0)
    return;
  g_variant_get (parameter, "(&s&s)", &code, &path);
  answer = find_answer (self, code);
  if (answer == NULL || answer->answer_id == 0)
    {
      /* Translators: %s is a question's code */
      message = g_strdup_printf (_("Answer %s before attaching evidence to it"), code);
      show_toast (self, message);
      return;
    }
  if (psems_evidence_add_to (self->store, self->actor, path, NULL, "answer", answer->answer_id,
                             &ref, &reused, &error) <= 0)
    {
      show_error_dialog (self, _("Evidence Not Attached"), error);
      return;
    }
  if (reused)
    /* Translators: an evidence reference, then a question's code */
    message = g_strdup_printf (_("%s, already kept, attached to %s"), ref, code);
  else
    /* Translators: an evidence reference, then a question's code */
    message = g_strdup_printf (_("%s attached to %s"), ref, code);
  show_toast (self, message);
  reload (self);
}

static void
evidence_chosen_cb (GtkNativeDialog      *chooser,
                    int                   response,
                    PsemsAssessmentsPage *self)
{
  const char *code = g_object_get_data (G_OBJECT (chooser), "psems-code");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "assessments.add-evidence", "(ss)", code, path);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
attach_evidence_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);
  const char *code = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *chooser;
  g_autofree char *title = NULL;

  if (!require_store (self) || self->open_id == 0)
    return;
  /* Translators: %s is a question's code */
  title = g_strdup_printf (_("Evidence for %s"), code);
  chooser = gtk_file_chooser_native_new (title, psems_ui_get_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "psems-code", g_strdup (code), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (evidence_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
complete (PsemsAssessmentsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!psems_assessment_complete (self->store, self->actor, self->open_id, NULL, &error))
    {
      show_error_dialog (self, _("Assessment Not Completed"), error);
      return;
    }
  /* Translators: %s is an assessment's reference */
  message = g_strdup_printf (_("%s completed: its answers are final"), self->assessment->ref);
  show_toast (self, message);
  reload (self);
}

static void
complete_response_cb (AdwMessageDialog     *dialog,
                      const char           *response,
                      PsemsAssessmentsPage *self)
{
  if (g_strcmp0 (response, "complete") == 0 && self->open_id != 0)
    complete (self);
}

static void
complete_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);
  const PsemsScore *overall;
  GtkWidget *dialog;

  if (!require_store (self) || self->assessment == NULL || is_completed (self))
    return;
  overall = g_ptr_array_index (self->scores, 0);
  /* Unanswered questions: core refuses and says which; nothing to confirm. */
  if (overall->unanswered > 0)
    {
      complete (self);
      return;
    }
  dialog = adw_message_dialog_new (psems_ui_get_window (widget), _("Complete the Assessment?"),
                                   NULL);
  /* Translators: %s is an assessment's reference */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The answers of %s become final: a later change needs a new "
                                    "assessment, which can be compared with this one."),
                                  self->assessment->ref);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "complete", _("_Complete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "complete",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "complete");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "assessment-complete-confirm");
  g_signal_connect_object (dialog, "response", G_CALLBACK (complete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!require_store (self) || self->assessment == NULL)
    return;
  self->compare_id = g_variant_get_int64 (parameter);
  if (self->compare_id == self->open_id || !load_comparison (self, &error))
    {
      self->compare_id = 0;
      if (error != NULL)
        show_error_dialog (self, _("Comparison Unavailable"), error);
      return;
    }
  gtk_stack_set_visible_child_name (self->view_stack, "compare");
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *message = NULL;
  const char *code, *version;
  gint64 id;

  if (!require_store (self))
    return;
  if (self->facility_id == 0)
    {
      show_toast (self, _("Each facility is assessed on its own: choose one in the header bar "
                          "first"));
      return;
    }
  g_variant_get (parameter, "(&s&s)", &code, &version);
  id = psems_assessment_create (self->store, self->actor, self->facility_id, code,
                                *version != '\0' ? version : NULL, NULL, NULL, NULL, &ref, &error);
  if (id <= 0)
    {
      show_error_dialog (self, _("Assessment Not Started"), error);
      return;
    }
  /* Translators: %s is an assessment's reference */
  message = g_strdup_printf (_("%s started"), ref);
  show_toast (self, message);
  gtk_widget_activate_action (widget, "assessments.open", "x", id);
}

static void
new_response_cb (AdwMessageDialog     *dialog,
                 const char           *response,
                 PsemsAssessmentsPage *self)
{
  GtkDropDown *banks = g_object_get_data (G_OBJECT (dialog), "psems-banks");
  guint position = gtk_drop_down_get_selected (banks);
  const PsemsBank *bank;

  if (g_strcmp0 (response, "start") != 0 || self->banks == NULL || position >= self->banks->len)
    return;
  bank = g_ptr_array_index (self->banks, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "assessments.create", "(ss)", bank->code,
                              bank->version);
}

/* A question bank's name in the drop-down: ellipsized, so that a long title does not widen the
 * dialog past a phone's screen; the tooltip keeps the whole name. */
static void
bank_item_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_list_item_set_child (item, label);
}

static void
bank_item_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);
  GtkStringList *names;
  GtkWidget *box;
  GtkWidget *dropdown;
  GtkWidget *dialog;

  if (!require_store (self))
    return;
  if (self->facility_id == 0)
    {
      show_toast (self, _("Each facility is assessed on its own: choose one in the header bar "
                          "first"));
      return;
    }
  /* Bank files may have been added or fixed since the page read them. */
  g_clear_pointer (&self->banks, g_ptr_array_unref);
  load_banks (self);
  names = gtk_string_list_new (NULL);
  for (guint i = 0; i < self->banks->len; i++)
    {
      const PsemsBank *bank = g_ptr_array_index (self->banks, i);
      /* Translators: a bank's title, version and number of questions */
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%s — %s (%u question)",
                                                             "%s — %s (%u questions)",
                                                             bank->questions->len),
                                                bank->title, bank->version, bank->questions->len);

      gtk_string_list_append (names, label);
    }
  /* The dropdown takes the list. */
  dropdown = gtk_drop_down_new (G_LIST_MODEL (names), NULL);
  {
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (bank_item_setup_cb), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (bank_item_bind_cb), NULL);
    gtk_drop_down_set_factory (GTK_DROP_DOWN (dropdown), factory);
    g_object_unref (factory);
  }
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_name (dropdown, "new-assessment-bank");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Question bank"), -1);
  gtk_box_append (GTK_BOX (box), dropdown);
  if (self->bank_problems->len > 0)
    {
      g_autofree char *text = NULL;
      GtkWidget *problems;

      g_ptr_array_add (self->bank_problems, NULL);
      text = g_strjoinv ("\n", (char **) self->bank_problems->pdata);
      g_ptr_array_remove_index (self->bank_problems, self->bank_problems->len - 1);
      problems = new_label (text, "caption", "warning", NULL);
      gtk_label_set_wrap (GTK_LABEL (problems), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (problems), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (box), problems);
    }

  dialog = adw_message_dialog_new (psems_ui_get_window (widget), _("New GAP Self-Assessment"),
                                   self->banks->len > 0
                                   ? _("Choose the question bank to answer. Its questions are "
                                       "kept with the assessment, so a later version of the bank "
                                       "does not change it.")
                                   : _("No question bank could be read: add one to the banks "
                                       "folder."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start", _("_Start"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "start",
                                           self->banks->len > 0);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "start");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "new-assessment");
  g_object_set_data (G_OBJECT (dialog), "psems-banks", dropdown);
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_assessments_page_map (GtkWidget *widget)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);

  GTK_WIDGET_CLASS (psems_assessments_page_parent_class)->map (widget);
  if (self->reload_due)
    reload (self);
}

static void
psems_assessments_page_dispose (GObject *object)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_ASSESSMENTS_PAGE);

  G_OBJECT_CLASS (psems_assessments_page_parent_class)->dispose (object);
}

static void
psems_assessments_page_finalize (GObject *object)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->banks, g_ptr_array_unref);
  g_clear_pointer (&self->bank_problems, g_ptr_array_unref);
  g_clear_pointer (&self->assessments, g_ptr_array_unref);
  g_clear_pointer (&self->assessment, psems_assessment_free);
  g_clear_pointer (&self->answers, g_ptr_array_unref);
  g_clear_pointer (&self->scores, g_ptr_array_unref);
  g_clear_pointer (&self->open_findings, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->comparison, psems_comparison_free);

  G_OBJECT_CLASS (psems_assessments_page_parent_class)->finalize (object);
}

static void
psems_assessments_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;
    case PROP_ASSESSMENT_ID:
      g_value_set_int64 (value, self->open_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_assessments_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      psems_assessments_page_set_facility_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Ctrl+F: back to the list of assessments, and search it. */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsAssessmentsPage *self = PSEMS_ASSESSMENTS_PAGE (widget);

  gtk_stack_set_visible_child_name (self->view_stack, "list");
  psems_page_start_search (self->search_bar, self->search_entry);
}

/* Narrow, the new assessment's button goes under the heading and the rows put their figures
 * under the title. */
static void
folded_cb (PsemsAssessmentsPage *self)
{
  gboolean narrow = psems_adaptive_bin_get_folded (self->adaptive);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->list_header),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_halign (self->new_button, narrow ? GTK_ALIGN_START : GTK_ALIGN_FILL);
  /* The open assessment: the scores go under the questions, the header's buttons show icons
   * (their tooltips and accessible names keep the words). */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->detail_body),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->body_separator),
                                  narrow ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_size_request (GTK_WIDGET (self->scores_scroller), narrow ? -1 : 380, -1);
  gtk_widget_set_margin_start (self->progress_box, narrow ? 12 : 60);
  gtk_scrolled_window_set_propagate_natural_height (self->scores_scroller, narrow);
  gtk_scrolled_window_set_max_content_height (self->scores_scroller, narrow ? 220 : -1);
  if (narrow)
    {
      gtk_menu_button_set_icon_name (self->compare_button, "view-dual-symbolic");
      gtk_button_set_icon_name (self->complete_button, "object-select-symbolic");
    }
  else
    {
      gtk_menu_button_set_label (self->compare_button, _("Co_mpare With"));
      gtk_menu_button_set_use_underline (self->compare_button, TRUE);
      gtk_button_set_label (self->complete_button, _("_Complete…"));
      gtk_button_set_use_underline (self->complete_button, TRUE);
    }
  if (self->assessments != NULL)
    fill_list (self);
  if (self->answers != NULL && self->built_for != 0)
    {
      build_questions (self);
      update_detail (self);
    }
}

static void
psems_assessments_page_class_init (PsemsAssessmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_assessments_page_dispose;
  object_class->finalize = psems_assessments_page_finalize;
  object_class->get_property = psems_assessments_page_get_property;
  object_class->set_property = psems_assessments_page_set_property;
  widget_class->map = psems_assessments_page_map;

  /**
   * PsemsAssessmentsPage:facility-id:
   *
   * The facility shown; 0 lists every facility's assessments.
   */
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PsemsAssessmentsPage:assessment-id:
   *
   * The assessment open; 0 while the list is shown.
   */
  properties[PROP_ASSESSMENT_ID] =
    g_param_spec_int64 ("assessment-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_ADAPTIVE_BIN);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-assessments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, adaptive);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, list_header);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, detail_body);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, body_separator);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, scores_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, bank_banner);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, bank_banner_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, bank_problems_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, list_summary);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, assessment_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, detail_status);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, complete_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, questions_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, score_area);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, compare_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, compare_subtitle);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, verdict_filter);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, compare_counts);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, delta_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, compare_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "assessments.new", NULL, new_action);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PsemsAssessmentsPage, search_entry);
  psems_page_install_habits (widget_class, find_action, new_action);
  gtk_widget_class_install_action (widget_class, "assessments.create", "(ss)", create_action);
  gtk_widget_class_install_action (widget_class, "assessments.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "assessments.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "assessments.answer", "(sss)", answer_action);
  gtk_widget_class_install_action (widget_class, "assessments.raise-finding", "s",
                                   raise_finding_action);
  gtk_widget_class_install_action (widget_class, "assessments.complete", NULL, complete_action);
  gtk_widget_class_install_action (widget_class, "assessments.attach-evidence", "s",
                                   attach_evidence_action);
  gtk_widget_class_install_action (widget_class, "assessments.add-evidence", "(ss)",
                                   add_evidence_action);
  gtk_widget_class_install_action (widget_class, "assessments.compare", "x", compare_action);
}

static void
add_managed_shortcut (GtkEventController *controller,
                      guint               key,
                      GdkModifierType     modifiers,
                      const char         *action)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                            gtk_named_action_new (action));

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
}

static void
verdict_filter_changed_cb (PsemsAssessmentsPage *self)
{
  fill_comparison_list (self);
}

static void
psems_assessments_page_init (PsemsAssessmentsPage *self)
{
  GtkStringList *filters = gtk_string_list_new (NULL);
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  psems_page_bind_list_search (self->search_bar, self->search_entry, self->assessment_list, NULL);
  g_signal_connect_swapped (self->adaptive, "notify::folded", G_CALLBACK (folded_cb), self);

  self->open_findings = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) question_row_free);
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_string_list_append (filters, _("All questions"));
  gtk_string_list_append (filters, _("Changes only"));
  for (guint i = 0; i < G_N_ELEMENTS (filter_verdicts); i++)
    gtk_string_list_append (filters, psems_verdict_label (filter_verdicts[i]));
  gtk_drop_down_set_model (self->verdict_filter, G_LIST_MODEL (filters));
  g_object_unref (filters);
  g_signal_connect_swapped (self->verdict_filter, "notify::selected",
                            G_CALLBACK (verdict_filter_changed_cb), self);

  gtk_drawing_area_set_draw_func (self->score_area, draw_scores_cb, self, NULL);
  {
    /* An empty list says what to do next, in place. */
    GtkWidget *empty = adw_status_page_new ();
    GtkWidget *start = gtk_button_new_with_mnemonic (_("_New Assessment…"));

    adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No GAP Self-Assessments Yet"));
    adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                     _("Answer a question bank for this facility to see what is "
                                       "missing, and compare it with the next one."));
    gtk_widget_add_css_class (empty, "compact");
    /* A status page scrolls its content and asks for no height of its own in a list. */
    gtk_widget_set_size_request (empty, -1, 240);
    gtk_widget_set_name (start, "assessments-empty-new");
    gtk_widget_set_halign (start, GTK_ALIGN_CENTER);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (start), "assessments.new");
    gtk_widget_add_css_class (start, "pill");
    gtk_widget_add_css_class (start, "suggested-action");
    adw_status_page_set_child (ADW_STATUS_PAGE (empty), start);
    gtk_list_box_set_placeholder (self->assessment_list, empty);
  }
  psems_ui_set_empty_text (self->compare_list, _("No question matches the filter"));

  /* While the page is shown, wherever the focus is: the window hands these to its mapped pages. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_managed_shortcut (shortcuts, GDK_KEY_n, GDK_CONTROL_MASK, "page.new");
  add_managed_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, "page.find");
  add_managed_shortcut (shortcuts, GDK_KEY_Left, GDK_ALT_MASK, "assessments.back");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
}

GtkWidget *
psems_assessments_page_new (void)
{
  return g_object_new (PSEMS_TYPE_ASSESSMENTS_PAGE, NULL);
}

/**
 * psems_assessments_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who writes; needed with a store
 */
void
psems_assessments_page_set_store (PsemsAssessmentsPage *self,
                                  PsemsStore           *store,
                                  PsemsActor           *actor)
{
  g_return_if_fail (PSEMS_IS_ASSESSMENTS_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || actor != NULL);

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.new",
                                 psems_page_may_create (store, actor, "assessment"));

  if (self->store == store)
    return;
  psems_ui_follow_store (&self->store, &self->changed_handler, store,
                         G_CALLBACK (store_changed_cb), self);
  /* Ids belong to the database they came from. */
  self->built_for = 0;
  show_list (self);
  reload (self);
}

/**
 * psems_assessments_page_set_facility_id:
 * @facility_id: the facility to show; 0 for all facilities
 */
void
psems_assessments_page_set_facility_id (PsemsAssessmentsPage *self,
                                        gint64                facility_id)
{
  g_return_if_fail (PSEMS_IS_ASSESSMENTS_PAGE (self));
  g_return_if_fail (facility_id >= 0);

  if (self->facility_id == facility_id)
    return;
  self->facility_id = facility_id;
  if (self->open_id != 0)
    show_list (self);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}
