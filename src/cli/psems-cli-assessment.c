/* psems-cli-assessment.c — psems-cli assessment (GAP self-assessments) and bank (their question banks). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "psems-cli.h"
#include "psems-cli-output.h"

static const char which_assessment[] = N_("which assessment? Give its reference, GAP-YYYY-NNNN");

/* Scores print to one decimal: 66.7, never 66.66666. */
static void
add_percent (JsonBuilder *builder,
             const char  *name,
             gboolean     has,
             double       value)
{
  json_builder_set_member_name (builder, name);
  if (has)
    json_builder_add_double_value (builder, round (value * 10.0) / 10.0);
  else
    json_builder_add_null_value (builder);
}

static char *
values_text (void)
{
  return g_strjoinv ("|", (char **) psems_answer_values ());
}

/* ─────────────────────────── records ─────────────────────────── */

static void
describe_assessment (JsonBuilder           *builder,
                     const PsemsAssessment *a)
{
  psems_json_add_string (builder, "ref", a->ref);
  psems_json_add_string (builder, "facility", a->facility_code);
  psems_json_add_string (builder, "bank", a->bank_code);
  psems_json_add_string (builder, "version", a->bank_version);
  psems_json_add_string (builder, "framework", a->framework);
  psems_json_add_string (builder, "title", a->title);
  psems_json_add_string (builder, "status", a->status);
  psems_json_add_string (builder, "started_on", a->started_on);
  psems_json_add_string (builder, "completed_on", a->completed_on);
  psems_json_add_string (builder, "assessor", a->assessor);
  psems_json_add_int (builder, "questions", a->n_questions);
  psems_json_add_int (builder, "answered", a->n_answered);
  add_percent (builder, "score", a->score >= 0, a->score);
}

static void
describe_score (JsonBuilder      *builder,
                const PsemsScore *s)
{
  psems_json_add_string (builder, "area", s->area != NULL ? s->area : _("Overall"));
  psems_json_add_int (builder, "questions", s->n_questions);
  psems_json_add_int (builder, "compliant", s->compliant);
  psems_json_add_int (builder, "partial", s->partial);
  psems_json_add_int (builder, "non_compliant", s->non_compliant);
  psems_json_add_int (builder, "not_applicable", s->not_applicable);
  psems_json_add_int (builder, "unanswered", s->unanswered);
  add_percent (builder, "score", s->has_score, s->score);
}

static void
describe_answer (JsonBuilder       *builder,
                 const PsemsAnswer *r)
{
  psems_json_add_string (builder, "code", r->code);
  psems_json_add_string (builder, "area", r->area);
  psems_json_add_string (builder, "reference", r->reference);
  psems_json_add_string (builder, "text", r->text);
  psems_json_add_string (builder, "guidance", r->guidance);
  psems_json_add_string (builder, "value", r->value);
  psems_json_add_string (builder, "notes", r->notes);
  psems_json_add_string (builder, "answered_at", r->answered_at);
  psems_json_add_string (builder, "answered_by", r->answered_by);
  psems_json_add_string (builder, "findings", r->findings);
  psems_json_add_int (builder, "evidence", r->n_evidence);
}

static const char * const answer_columns[] = { "code", "value", "reference", "findings", "notes", NULL };
static const char * const score_columns[] = {
  "area", "questions", "compliant", "partial", "non_compliant", "not_applicable", "unanswered", "score", NULL
};
static const PsemsCliSection assessment_sections[] = {
  { "scores", N_("Scores"), score_columns },
  { "answers", N_("Answers"), answer_columns },
  { NULL }
};

/* Whether @area is the area asked for: any letter case, any part of its name. */
static gboolean
area_matches (const char *area,
              const char *wanted)
{
  g_autofree char *a = NULL;
  g_autofree char *w = NULL;

  if (wanted == NULL)
    return TRUE;
  a = g_utf8_casefold (area, -1);
  w = g_utf8_casefold (wanted, -1);
  return strstr (a, w) != NULL;
}

static JsonNode *
build_assessment (PsemsStore  *store,
                  gint64       id,
                  const char  *area,
                  GError     **error)
{
  g_autoptr(PsemsAssessment) a = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint shown = 0;

  a = psems_assessment_get (store, id, error);
  if (a == NULL)
    return NULL;
  answers = psems_assessment_list_answers (store, id, error);
  if (answers == NULL)
    return NULL;
  scores = psems_assessment_compute_scores (answers);

  for (guint i = 0; i < answers->len; i++)
    shown += area_matches (((PsemsAnswer *) g_ptr_array_index (answers, i))->area, area);
  if (shown == 0)
    {
      g_autoptr(GString) areas = g_string_new (NULL);

      for (guint i = 1; i < scores->len; i++)
        g_string_append_printf (areas, "%s%s", i > 1 ? "; " : "", ((PsemsScore *) g_ptr_array_index (scores, i))->area);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                   _("%s has no area “%s” (its areas: %s)"), a->ref, area, areas->str);
      return NULL;
    }

  json_builder_begin_object (builder);
  describe_assessment (builder, a);
  psems_json_add_string (builder, "bank_ref", a->bank_ref);
  json_builder_set_member_name (builder, "scores");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scores->len; i++)
    {
      const PsemsScore *s = g_ptr_array_index (scores, i);

      if (s->area != NULL && !area_matches (s->area, area))
        continue;
      json_builder_begin_object (builder);
      describe_score (builder, s);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < answers->len; i++)
    {
      const PsemsAnswer *r = g_ptr_array_index (answers, i);

      if (!area_matches (r->area, area))
        continue;
      json_builder_begin_object (builder);
      describe_answer (builder, r);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
build_assessment_record (PsemsStore  *store,
                         gint64       id,
                         GError     **error)
{
  return build_assessment (store, id, NULL, error);
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
assessment_new (PsemsCli *cli,
                int       argc,
                char    **argv)
{
  g_autofree char *facility_text = NULL;
  g_autofree char *bank = NULL;
  g_autofree char *version = NULL;
  g_autofree char *title = NULL;
  g_autofree char *on_text = NULL;
  g_autofree char *assessor = NULL;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility_text,
      N_("The facility assessed (reference or code; required)"), N_("FACILITY") },
    { "bank", 0, 0, G_OPTION_ARG_STRING, &bank,
      N_("The question bank's code, e.g. isps-pfsp (required; see “bank list”)"), N_("CODE") },
    { "version", 0, 0, G_OPTION_ARG_STRING, &version,
      N_("The bank's version (default the newest)"), N_("VERSION") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Title (default the bank's)"), N_("TEXT") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day it starts (default today)"), N_("YYYY-MM-DD") },
    { "assessor", 0, 0, G_OPTION_ARG_STRING, &assessor,
      N_("Who assesses (default the acting user)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsAssessment) a = NULL;
  g_autofree char *on = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  gint64 facility_id = 0, id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Starts a GAP self-assessment of a facility from a question bank. The bank "
                          "file is taken into the database as it is now (the same code and version "
                          "are reused; a file edited without a new version is refused), so later "
                          "edits never move the questions under the answers. Prints the new "
                          "assessment's reference."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (facility_text == NULL)
    return psems_cli_usage_error (cli, _("--facility is required"));
  if (bank == NULL)
    return psems_cli_usage_error (cli, _("--bank is required (see “psems-cli bank list”)"));
  if (!psems_cli_parse_day_text (cli, "--on", on_text, FALSE, &on, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve, facility_text,
                                   &facility_id, &status);
  if (store == NULL)
    return status;
  id = psems_assessment_create (store, cli->actor, facility_id, bank, version, title, on, assessor, &ref,
                                &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  a = psems_assessment_get (store, id, &error);
  if (a == NULL)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s started: %s version %s, %d questions"), ref, a->bank_code, a->bank_version,
                          a->n_questions);
  return psems_cli_confirm (cli, store, id, build_assessment_record, assessment_sections, line);
}

static int
assessment_list (PsemsCli *cli,
                 int       argc,
                 char    **argv)
{
  g_autofree char *facility_text = NULL;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility_text,
      N_("Only this facility's assessments"), N_("FACILITY") },
    { NULL }
  };
  static const char * const columns[] = {
    "ref", "facility", "bank", "version", "title", "status", "started_on", "completed_on", "answered",
    "questions", "score", NULL
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 facility_id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the GAP self-assessments, newest first: facility, bank and version, "
                          "status, how many questions are answered and the overall score in percent "
                          "(compliant + ½ partial over the answered questions that apply)."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  if (facility_text != NULL)
    store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_facility_resolve, facility_text,
                                     &facility_id, &status);
  else if ((store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error)) == NULL)
    return psems_cli_data_error (cli, error);
  if (store == NULL)
    return status;
  list = psems_assessment_list (store, facility_id, &error);
  if (list == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_list (cli, list, (PsemsCliDescribeFunc) describe_assessment, columns);
  return PSEMS_EXIT_OK;
}

static int
assessment_show (PsemsCli *cli,
                 int       argc,
                 char    **argv)
{
  g_autofree char *area = NULL;
  const GOptionEntry entries[] = {
    { "area", 0, 0, G_OPTION_ARG_STRING, &area,
      N_("Only the questions of areas whose name holds TEXT (any letter case)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("ASSESSMENT"),
                        _("Prints an assessment with its scores per area and every question of its "
                          "bank with the answer (empty: not answered yet), the findings raised from it "
                          "and its notes. JSON nests the scores and answers; CSV prints the "
                          "assessment's fields only."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_assessment))) != PSEMS_EXIT_OK)
    return status;
  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_assessment_resolve, argv[1], &id,
                                   &status);
  if (store == NULL)
    return status;
  root = build_assessment (store, id, area, &error);
  if (root == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_record (cli, root, assessment_sections);
  return PSEMS_EXIT_OK;
}

#define FINDING_OPTION_ENTRIES(severity, title, owner, due) \
  { "severity", 0, 0, G_OPTION_ARG_STRING, &(severity), \
    N_("The finding's severity: major, minor or observation (default major for a non-compliant " \
       "answer, minor for a partial one)"), N_("SEVERITY") }, \
  { "finding-title", 0, 0, G_OPTION_ARG_STRING, &(title), \
    N_("The finding's title (default the assessment, question code and question)"), N_("TEXT") }, \
  { "owner", 0, 0, G_OPTION_ARG_STRING, &(owner), N_("Who carries out the corrective action"), \
    N_("NAME") }, \
  { "due", 0, 0, G_OPTION_ARG_STRING, &(due), N_("When the corrective action is due"), N_("YYYY-MM-DD") }

static int
assessment_answer (PsemsCli *cli,
                   int       argc,
                   char    **argv)
{
  g_autofree char *notes = NULL;
  g_auto(GStrv) evidence = NULL;
  gboolean raise = FALSE;
  g_autofree char *severity = NULL;
  g_autofree char *finding_title = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *due_text = NULL;
  const GOptionEntry entries[] = {
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("What was seen, why this answer"), N_("TEXT") },
    { "evidence", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &evidence,
      N_("A file kept as evidence of the answer (repeatable)"), N_("FILE") },
    { "raise-finding", 0, 0, G_OPTION_ARG_NONE, &raise,
      N_("Also raise a finding from a partial or non-compliant answer"), NULL },
    FINDING_OPTION_ENTRIES (severity, finding_title, owner, due_text),
    { NULL }
  };
  g_autofree char *values = values_text ();
  g_autofree char *parameters = g_strdup_printf (_("ASSESSMENT QUESTION %s"), values);
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  g_autofree char *finding_ref = NULL;
  g_autofree char *line = NULL;
  PsemsAnswerFinding finding = { 0 };
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, parameters,
                        _("Answers a question of an assessment in progress (QUESTION is its code in "
                          "the bank, e.g. A16.3.2; answering again replaces the answer). A question "
                          "that is not in the assessment's bank is refused and nothing is written. "
                          "--raise-finding raises a finding from a partial or non-compliant answer "
                          "in the same write; its requirement is the question's reference."),
                        TRUE, &status))
    return status;
  if (argc < 4)
    return psems_cli_usage_error (cli, argc < 2 ? _(which_assessment)
                                  : argc < 3 ? _("which question? Give its code in the bank")
                                             : _("which answer? Give compliant, partial, non-compliant "
                                                 "or not-applicable"));
  if (argc > 4)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[4]);
  if (!raise && (severity != NULL || finding_title != NULL || owner != NULL || due_text != NULL))
    return psems_cli_usage_error (cli, _("--severity, --finding-title, --owner and --due go with "
                                         "--raise-finding"));
  if (!psems_cli_parse_day_text (cli, "--due", due_text, FALSE, &due, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_assessment_resolve, argv[1], &id,
                                   &status);
  if (store == NULL)
    return status;
  finding = (PsemsAnswerFinding) { severity, finding_title, owner, due };
  if (!psems_assessment_answer (store, cli->actor, id, argv[2], argv[3], notes,
                                (const char * const *) evidence, raise ? &finding : NULL, &finding_ref,
                                &error))
    return psems_cli_data_error (cli, error);
  if (finding_ref != NULL)
    line = g_strdup_printf (_("%s/%s answered %s; %s raised"), argv[1], argv[2], argv[3], finding_ref);
  else
    line = g_strdup_printf (_("%s/%s answered %s"), argv[1], argv[2], argv[3]);
  return psems_cli_confirm (cli, store, id, build_assessment_record, assessment_sections, line);
}

static int
assessment_raise_finding (PsemsCli *cli,
                          int       argc,
                          char    **argv)
{
  g_autofree char *severity = NULL;
  g_autofree char *finding_title = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *due_text = NULL;
  const GOptionEntry entries[] = {
    FINDING_OPTION_ENTRIES (severity, finding_title, owner, due_text),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  g_autofree char *finding_ref = NULL;
  g_autofree char *line = NULL;
  PsemsAnswerFinding finding;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("ASSESSMENT QUESTION"),
                        _("Raises a finding from a partial or non-compliant answer already given, "
                          "linked to the answer, with the question's reference as its requirement. "
                          "Refused while a finding raised from the answer is still open. Prints the "
                          "finding's reference (with --format, the assessment's record)."), TRUE, &status))
    return status;
  if (argc < 3)
    return psems_cli_usage_error (cli, argc < 2 ? _(which_assessment)
                                                : _("which question? Give its code in the bank"));
  if (argc > 3)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[3]);
  if (!psems_cli_parse_day_text (cli, "--due", due_text, FALSE, &due, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_assessment_resolve, argv[1], &id,
                                   &status);
  if (store == NULL)
    return status;
  finding = (PsemsAnswerFinding) { severity, finding_title, owner, due };
  if (psems_assessment_raise_finding (store, cli->actor, id, argv[2], &finding, &finding_ref, &error) <= 0)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s raised from %s/%s"), finding_ref, argv[1], argv[2]);
  return psems_cli_confirm (cli, store, id, build_assessment_record, assessment_sections, line);
}

static int
assessment_score (PsemsCli *cli,
                  int       argc,
                  char    **argv)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, _("ASSESSMENT"),
                        _("Prints the scores of an assessment: overall first, then per area. A score is "
                          "(compliant + 0.5 × partial) / (answered − not applicable) in percent; "
                          "unanswered questions are counted apart and do not lower it; an area with "
                          "nothing scored yet has no score."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_assessment))) != PSEMS_EXIT_OK)
    return status;
  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_assessment_resolve, argv[1], &id,
                                   &status);
  if (store == NULL)
    return status;
  scores = psems_assessment_scores (store, id, &error);
  if (scores == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_list (cli, scores, (PsemsCliDescribeFunc) describe_score, score_columns);
  return PSEMS_EXIT_OK;
}

static const char * const compare_columns[] = {
  "code", "before_code", "before", "after", "verdict", "reference", NULL
};
static const char * const delta_columns[] = { "area", "before", "after", "delta", NULL };
static const PsemsCliSection compare_sections[] = {
  { "areas", N_("Scores"), delta_columns },
  { "questions", N_("Questions"), compare_columns },
  { NULL }
};

static JsonNode *
build_comparison (const PsemsComparison *c)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  psems_json_add_string (builder, "before", c->before_ref);
  psems_json_add_string (builder, "after", c->after_ref);
  psems_json_add_int (builder, "improved", c->n_improved);
  psems_json_add_int (builder, "regressed", c->n_regressed);
  psems_json_add_int (builder, "unchanged", c->n_unchanged);
  psems_json_add_int (builder, "not_comparable", c->n_not_comparable);
  psems_json_add_int (builder, "new", c->n_new);
  psems_json_add_int (builder, "removed", c->n_removed);
  json_builder_set_member_name (builder, "areas");
  json_builder_begin_array (builder);
  for (guint i = 0; i < c->areas->len; i++)
    {
      const PsemsAreaDelta *d = g_ptr_array_index (c->areas, i);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "area", d->area != NULL ? d->area : _("Overall"));
      add_percent (builder, "before", d->before_has_score, d->before);
      add_percent (builder, "after", d->after_has_score, d->after);
      add_percent (builder, "delta", d->has_delta, d->delta);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < c->items->len; i++)
    {
      const PsemsComparisonItem *item = g_ptr_array_index (c->items, i);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "code", item->code);
      psems_json_add_string (builder, "before_code", item->before_code);
      psems_json_add_string (builder, "area", item->area);
      psems_json_add_string (builder, "reference", item->reference);
      psems_json_add_string (builder, "text", item->text);
      psems_json_add_string (builder, "before", item->before);
      psems_json_add_string (builder, "after", item->after);
      psems_json_add_string (builder, "verdict", psems_verdict_to_string (item->verdict));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
assessment_compare (PsemsCli *cli,
                    int       argc,
                    char    **argv)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsComparison) c = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = 0, after = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, _("EARLIER LATER"),
                        _("Compares two assessments of one facility side by side, also across versions "
                          "of a bank: each question is improved, regressed, unchanged, not comparable "
                          "(unanswered or not applicable on one side), new or removed, and each area's "
                          "score moves by a delta in percentage points. Questions match by code; a "
                          "renumbered question matches by its reference when that is unambiguous."),
                        TRUE, &status))
    return status;
  if (argc < 3)
    return psems_cli_usage_error (cli, argc < 2 ? _(which_assessment)
                                                : _("compare with which assessment? Give a second one"));
  if (argc > 3)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[3]);
  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_assessment_resolve, argv[1],
                                   &before, &status);
  if (store == NULL)
    return status;
  after = psems_assessment_resolve (store, argv[2], &error);
  if (after <= 0)
    return psems_cli_data_error (cli, error);
  c = psems_assessment_compare (store, before, after, &error);
  if (c == NULL)
    return psems_cli_data_error (cli, error);
  root = build_comparison (c);
  psems_cli_print_record (cli, root, compare_sections);
  return PSEMS_EXIT_OK;
}

static int
assessment_complete (PsemsCli *cli,
                     int       argc,
                     char    **argv)
{
  g_autofree char *on_text = NULL;
  const GOptionEntry entries[] = {
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day it was completed (default today)"),
      N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *on = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("ASSESSMENT"),
                        _("Completes an assessment: every question must be answered (not applicable "
                          "where it does not apply); its answers are final afterwards."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_assessment))) != PSEMS_EXIT_OK)
    return status;
  if (!psems_cli_parse_day_text (cli, "--on", on_text, FALSE, &on, &status))
    return status;
  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_assessment_resolve, argv[1], &id,
                                   &status);
  if (store == NULL)
    return status;
  if (!psems_assessment_complete (store, cli->actor, id, on, &error))
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s completed"), argv[1]);
  return psems_cli_confirm (cli, store, id, build_assessment_record, assessment_sections, line);
}

static const PsemsCliVerb assessment_verbs[] = {
  { "list",          N_("List the GAP self-assessments"), assessment_list },
  { "show",          N_("Print an assessment with its scores and answers"), assessment_show },
  { "new",           N_("Start an assessment from a question bank"), assessment_new },
  { "answer",        N_("Answer a question, optionally raising a finding"), assessment_answer },
  { "raise-finding", N_("Raise a finding from a partial or non-compliant answer"), assessment_raise_finding },
  { "score",         N_("Print the scores per area and overall"), assessment_score },
  { "compare",       N_("Compare two assessments question by question"), assessment_compare },
  { "complete",      N_("Complete an assessment"), assessment_complete },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_assessment = {
  "assessment", N_("GAP self-assessments against a question bank"), assessment_verbs,
};

/* ─────────────────────────── banks ─────────────────────────── */

static void
describe_bank (JsonBuilder     *builder,
               const PsemsBank *bank)
{
  psems_json_add_string (builder, "code", bank->code);
  psems_json_add_string (builder, "version", bank->version);
  psems_json_add_string (builder, "framework", bank->framework);
  psems_json_add_string (builder, "title", bank->title);
  psems_json_add_int (builder, "questions", bank->questions->len);
  psems_json_add_string (builder, "ref", bank->ref);
  psems_json_add_string (builder, "file", bank->path);
}

/* Prints what was skipped; TRUE when nothing was. */
static gboolean
report_problems (PsemsCli  *cli,
                 GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s: %s\n", cli->command, (const char *) g_ptr_array_index (problems, i));
  return problems->len == 0;
}

/* The bank files, with the reference of those the database already holds
 * (when a database is given and can be read), then stored banks no file has. */
static GPtrArray *
all_banks (PsemsCli   *cli,
           GPtrArray **problems)
{
  GPtrArray *banks = psems_bank_load_all (problems);
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  if (cli->db_path == NULL || !g_file_test (cli->db_path, G_FILE_TEST_EXISTS))
    return banks;
  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, NULL);
  if (store == NULL || (stored = psems_bank_list_stored (store, NULL)) == NULL)
    return banks;
  for (guint i = 0; i < stored->len; i++)
    {
      PsemsBank *s = g_ptr_array_index (stored, i);
      PsemsBank *file = psems_bank_find (banks, s->code, s->version);

      if (file != NULL)
        {
          file->id = s->id;
          file->ref = g_strdup (s->ref);
        }
      else
        g_ptr_array_add (banks, g_steal_pointer (&g_ptr_array_index (stored, i)));
    }
  return banks;
}

static int
bank_list (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  static const char * const columns[] = { "code", "version", "framework", "questions", "ref", "title", NULL };
  g_autoptr(GPtrArray) banks = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, NULL,
                        _("Lists the question banks: the shipped files, the user's in "
                          "$XDG_DATA_HOME/psems/banks, and (with --db) those the database holds, with "
                          "their reference once an assessment used them. A file that does not load is "
                          "named on standard error with its line, and the exit status is 1."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  banks = all_banks (cli, &problems);
  psems_cli_print_list (cli, banks, (PsemsCliDescribeFunc) describe_bank, columns);
  return report_problems (cli, problems) ? PSEMS_EXIT_OK : PSEMS_EXIT_DATA;
}

static int
bank_show (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  g_autofree char *version = NULL;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_STRING, &version, N_("The version (default the newest)"), N_("VERSION") },
    { NULL }
  };
  static const char * const question_columns[] = { "code", "area", "reference", "text", NULL };
  static const PsemsCliSection sections[] = {
    { "questions", N_("Questions"), question_columns },
    { NULL }
  };
  g_autoptr(GPtrArray) banks = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  PsemsBank *bank;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("CODE"),
                        _("Prints a question bank with its questions: code, area, reference, text and "
                          "guidance (JSON)."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1,
                                           _("which bank? Give its code (see “bank list”)"))) != PSEMS_EXIT_OK)
    return status;
  banks = all_banks (cli, &problems);
  bank = psems_bank_find (banks, argv[1], version);
  if (bank == NULL)
    {
      report_problems (cli, problems);
      if (version != NULL)
        g_printerr (_("%s: there is no question bank “%s” version %s\n"), cli->command, argv[1], version);
      else
        g_printerr (_("%s: there is no question bank “%s”\n"), cli->command, argv[1]);
      return PSEMS_EXIT_DATA;
    }

  json_builder_begin_object (builder);
  describe_bank (builder, bank);
  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bank->questions->len; i++)
    {
      const PsemsQuestion *q = g_ptr_array_index (bank->questions, i);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "code", q->code);
      psems_json_add_string (builder, "area", q->area);
      psems_json_add_string (builder, "reference", q->reference);
      psems_json_add_string (builder, "text", q->text);
      psems_json_add_string (builder, "guidance", q->guidance);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  psems_cli_print_record (cli, root, sections);
  return PSEMS_EXIT_OK;
}

static const PsemsCliVerb bank_verbs[] = {
  { "list", N_("List the question banks and any file that does not load"), bank_list },
  { "show", N_("Print a question bank's questions"), bank_show },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_bank = {
  "bank", N_("Question banks of the GAP self-assessment"), bank_verbs,
};
