/* psems-assessment.c — GAP self-assessments: answers to a question bank, scores per area, comparisons. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-assessment.h"
#include "psems-data.h"
#include "psems-error.h"
#include "psems-evidence.h"
#include "psems-finding.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * An assessment answers the questions of one stored bank (psems-bank.c
 * imports the file when the assessment starts, so later edits of the file
 * never move the questions under the answers). Field names in refusals:
 * facility_id, bank, title, started_on, completed_on, value, question.
 *
 * Scores (see PsemsScore): (compliant + ½ partial) / (answered − not
 * applicable), per area and overall; unanswered questions are counted apart.
 */

static const char * const value_ids[] = { "compliant", "partial", "non-compliant", "not-applicable", NULL };
static const char * const value_labels[] = {
  N_("Compliant"), N_("Partial"), N_("Non-compliant"), N_("Not applicable"),
};
static const char * const status_ids[] = { "in-progress", "completed", NULL };
static const char * const status_labels[] = { N_("In progress"), N_("Completed") };
static const char * const verdict_ids[] = {
  "unchanged", "improved", "regressed", "not-comparable", "new", "removed",
};
static const char * const verdict_labels[] = {
  N_("Unchanged"), N_("Improved"), N_("Regressed"), N_("Not comparable"), N_("New"), N_("Removed"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (value_ids) == G_N_ELEMENTS (value_labels) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (status_ids) == G_N_ELEMENTS (status_labels) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (verdict_ids) == PSEMS_VERDICT_REMOVED + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (verdict_labels) == G_N_ELEMENTS (verdict_ids));

#define ASSESSMENT_COLUMNS \
  "SELECT a.id, a.ref, a.facility_id, f.code, a.bank_id, b.ref, b.code, b.version, b.framework, a.title," \
  " a.status, a.started_on, a.completed_on, a.assessor, a.created_at, a.updated_at," \
  " (SELECT count(*) FROM question q WHERE q.bank_id = a.bank_id)," \
  " (SELECT count(*) FROM answer r WHERE r.assessment_id = a.id)," \
  " (SELECT total(CASE r.value WHEN 'compliant' THEN 1.0 WHEN 'partial' THEN 0.5 ELSE 0.0 END)" \
  "    FROM answer r WHERE r.assessment_id = a.id)," \
  " (SELECT count(*) FROM answer r WHERE r.assessment_id = a.id AND r.value <> 'not-applicable')" \
  " FROM assessment a JOIN facility f ON f.id = a.facility_id JOIN question_bank b ON b.id = a.bank_id"

/* ───────────────────────────── names ───────────────────────────── */

const char * const *
psems_answer_values (void)
{
  return value_ids;
}

const char *
psems_answer_value_label (const char *value)
{
  int i = psems_sql_find_name (value_ids, G_N_ELEMENTS (value_labels), value);

  return i >= 0 ? _(value_labels[i]) : NULL;
}

const char * const *
psems_assessment_statuses (void)
{
  return status_ids;
}

const char *
psems_assessment_status_label (const char *status)
{
  int i = psems_sql_find_name (status_ids, G_N_ELEMENTS (status_labels), status);

  return i >= 0 ? _(status_labels[i]) : NULL;
}

const char *
psems_verdict_to_string (PsemsVerdict verdict)
{
  g_return_val_if_fail ((guint) verdict < G_N_ELEMENTS (verdict_ids), NULL);
  return verdict_ids[verdict];
}

const char *
psems_verdict_label (PsemsVerdict verdict)
{
  g_return_val_if_fail ((guint) verdict < G_N_ELEMENTS (verdict_labels), NULL);
  return _(verdict_labels[verdict]);
}

/* ───────────────────────────── values ───────────────────────────── */

void
psems_assessment_free (PsemsAssessment *a)
{
  if (a == NULL)
    return;
  g_free (a->ref);
  g_free (a->facility_code);
  g_free (a->bank_ref);
  g_free (a->bank_code);
  g_free (a->bank_version);
  g_free (a->framework);
  g_free (a->title);
  g_free (a->status);
  g_free (a->started_on);
  g_free (a->completed_on);
  g_free (a->assessor);
  g_free (a->created_at);
  g_free (a->updated_at);
  g_free (a);
}

void
psems_answer_free (PsemsAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->code);
  g_free (answer->area);
  g_free (answer->reference);
  g_free (answer->text);
  g_free (answer->guidance);
  g_free (answer->value);
  g_free (answer->notes);
  g_free (answer->answered_at);
  g_free (answer->answered_by);
  g_free (answer->findings);
  g_free (answer);
}

void
psems_score_free (PsemsScore *score)
{
  if (score == NULL)
    return;
  g_free (score->area);
  g_free (score);
}

static void
comparison_item_free (PsemsComparisonItem *item)
{
  g_free (item->code);
  g_free (item->before_code);
  g_free (item->area);
  g_free (item->reference);
  g_free (item->text);
  g_free (item->before);
  g_free (item->after);
  g_free (item);
}

static void
area_delta_free (PsemsAreaDelta *delta)
{
  g_free (delta->area);
  g_free (delta);
}

void
psems_comparison_free (PsemsComparison *comparison)
{
  if (comparison == NULL)
    return;
  g_free (comparison->before_ref);
  g_free (comparison->after_ref);
  g_clear_pointer (&comparison->items, g_ptr_array_unref);
  g_clear_pointer (&comparison->areas, g_ptr_array_unref);
  g_free (comparison);
}

static PsemsAssessment *
assessment_from_row (sqlite3_stmt *stmt)
{
  PsemsAssessment *a = g_new0 (PsemsAssessment, 1);
  double points = sqlite3_column_double (stmt, 18);
  int scored = sqlite3_column_int (stmt, 19);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->ref = psems_sql_dup_column (stmt, 1);
  a->facility_id = sqlite3_column_int64 (stmt, 2);
  a->facility_code = psems_sql_dup_column (stmt, 3);
  a->bank_id = sqlite3_column_int64 (stmt, 4);
  a->bank_ref = psems_sql_dup_column (stmt, 5);
  a->bank_code = psems_sql_dup_column (stmt, 6);
  a->bank_version = psems_sql_dup_column (stmt, 7);
  a->framework = psems_sql_dup_column (stmt, 8);
  a->title = psems_sql_dup_column (stmt, 9);
  a->status = psems_sql_dup_column (stmt, 10);
  a->started_on = psems_sql_dup_column (stmt, 11);
  a->completed_on = psems_sql_dup_column (stmt, 12);
  a->assessor = psems_sql_dup_column (stmt, 13);
  a->created_at = psems_sql_dup_column (stmt, 14);
  a->updated_at = psems_sql_dup_column (stmt, 15);
  a->n_questions = sqlite3_column_int (stmt, 16);
  a->n_answered = sqlite3_column_int (stmt, 17);
  a->score = scored > 0 ? 100.0 * points / scored : -1.0;
  return a;
}

static PsemsAnswer *
answer_from_row (sqlite3_stmt *stmt)
{
  PsemsAnswer *r = g_new0 (PsemsAnswer, 1);

  r->question_id = sqlite3_column_int64 (stmt, 0);
  r->code = psems_sql_dup_column (stmt, 1);
  r->position = sqlite3_column_int (stmt, 2);
  r->area = psems_sql_dup_column (stmt, 3);
  r->reference = psems_sql_dup_column (stmt, 4);
  r->text = psems_sql_dup_column (stmt, 5);
  r->guidance = psems_sql_dup_column (stmt, 6);
  r->answer_id = sqlite3_column_int64 (stmt, 7);
  r->value = psems_sql_dup_column (stmt, 8);
  r->notes = psems_sql_dup_column (stmt, 9);
  r->answered_at = psems_sql_dup_column (stmt, 10);
  r->answered_by = psems_sql_dup_column (stmt, 11);
  r->findings = psems_sql_dup_column (stmt, 12);
  r->n_evidence = sqlite3_column_int (stmt, 13);
  return r;
}

/* ───────────────────────────── days ───────────────────────────── */

/* A day that is a real day and not after today; NULL means today. */
static gboolean
check_day (const char  *what,
           const char  *field,
           const char  *day,
           char       **out,
           GError     **error)
{
  g_autofree char *today = psems_day_text_today ();

  if (day == NULL)
    {
      *out = g_steal_pointer (&today);
      return TRUE;
    }
  if (!psems_day_text_parse (day, NULL))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: %s: “%s” is not a day written YYYY-MM-DD"),
                   what, field, day);
      return FALSE;
    }
  if (strcmp (day, today) > 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: %s: %s is in the future"), what, field, day);
      return FALSE;
    }
  *out = g_strdup (day);
  return TRUE;
}

/* ───────────────────────────── reading ───────────────────────────── */

/**
 * psems_assessment_get:
 *
 * Returns: (transfer full): the assessment, or %NULL with %PSEMS_ERROR_NOT_FOUND.
 */
PsemsAssessment *
psems_assessment_get (PsemsStore  *store,
                      gint64       id,
                      GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  return psems_sql_get_row (store, ASSESSMENT_COLUMNS " WHERE a.id = ?1 AND a.deleted_at IS NULL", id,
                            (PsemsRowFunc) assessment_from_row, "assessment", error,
                            _("There is no assessment with id %lld"), (long long) id);
}

GPtrArray *
psems_assessment_list (PsemsStore  *store,
                       gint64       facility_id,
                       GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store, ASSESSMENT_COLUMNS
                              " WHERE a.deleted_at IS NULL AND (?1 = 0 OR a.facility_id = ?1)"
                              " ORDER BY a.started_on DESC, a.ref DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) assessment_from_row,
                                 (GDestroyNotify) psems_assessment_free, "assessment", error);
}

gint64
psems_assessment_resolve (PsemsStore  *store,
                          const char  *text,
                          GError     **error)
{
  g_autoptr(PsemsAssessment) a = NULL;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                           _("No assessment given: name one as GAP-YYYY-NNNN"));
      return 0;
    }
  if (g_ascii_isdigit (*text) && g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &id, NULL))
    ;
  else if ((id = psems_ref_resolve (store, "assessment", text, error)) <= 0)
    return 0;
  a = psems_assessment_get (store, id, error);
  return a != NULL ? id : 0;
}

GPtrArray *
psems_assessment_list_answers (PsemsStore  *store,
                               gint64       id,
                               GError     **error)
{
  g_autoptr(PsemsAssessment) a = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  a = psems_assessment_get (store, id, error);
  if (a == NULL)
    return NULL;
  stmt = psems_store_prepare (store,
                              "SELECT q.id, q.code, q.position, q.area, q.reference, q.text, q.guidance, r.id,"
                              " r.value, r.notes, r.answered_at, r.answered_by,"
                              " (SELECT group_concat (ref, ', ') FROM (SELECT ref FROM finding"
                              "   WHERE answer_id = r.id AND deleted_at IS NULL ORDER BY ref)),"
                              " (SELECT count(*) FROM answer_evidence e WHERE e.answer_id = r.id)"
                              " FROM question q"
                              " LEFT JOIN answer r ON r.question_id = q.id AND r.assessment_id = ?1"
                              " WHERE q.bank_id = ?2 ORDER BY q.position, q.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, a->bank_id);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) answer_from_row,
                                 (GDestroyNotify) psems_answer_free, "answer", error);
}

/* ───────────────────────────── scores ───────────────────────────── */

static void
score_add (PsemsScore  *score,
           const char  *value)
{
  score->n_questions++;
  if (value == NULL)
    score->unanswered++;
  else if (g_str_equal (value, "compliant"))
    score->compliant++;
  else if (g_str_equal (value, "partial"))
    score->partial++;
  else if (g_str_equal (value, "non-compliant"))
    score->non_compliant++;
  else
    score->not_applicable++;
}

static void
score_finish (PsemsScore *score)
{
  int scored = score->compliant + score->partial + score->non_compliant;

  score->has_score = scored > 0;
  score->score = scored > 0 ? 100.0 * (score->compliant + 0.5 * score->partial) / scored : 0.0;
}

/**
 * psems_assessment_compute_scores:
 * @answers: (element-type PsemsAnswer): questions with their answers
 *
 * Returns: (transfer full) (element-type PsemsScore): the overall score
 * (area %NULL) first, then one per area in the order of its first question.
 */
GPtrArray *
psems_assessment_compute_scores (GPtrArray *answers)
{
  GPtrArray *scores = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_score_free);
  g_autoptr(GHashTable) areas = g_hash_table_new (g_str_hash, g_str_equal);
  PsemsScore *overall = g_new0 (PsemsScore, 1);

  g_return_val_if_fail (answers != NULL, scores);

  g_ptr_array_add (scores, overall);
  for (guint i = 0; i < answers->len; i++)
    {
      const PsemsAnswer *r = g_ptr_array_index (answers, i);
      PsemsScore *area = g_hash_table_lookup (areas, r->area);

      if (area == NULL)
        {
          area = g_new0 (PsemsScore, 1);
          area->area = g_strdup (r->area);
          g_ptr_array_add (scores, area);
          g_hash_table_insert (areas, area->area, area);
        }
      score_add (overall, r->value);
      score_add (area, r->value);
    }
  for (guint i = 0; i < scores->len; i++)
    score_finish (g_ptr_array_index (scores, i));
  return scores;
}

GPtrArray *
psems_assessment_scores (PsemsStore  *store,
                         gint64       id,
                         GError     **error)
{
  g_autoptr(GPtrArray) answers = psems_assessment_list_answers (store, id, error);

  return answers != NULL ? psems_assessment_compute_scores (answers) : NULL;
}

/* ───────────────────────────── comparison ───────────────────────────── */

static int
value_rank (const char *value)
{
  if (g_strcmp0 (value, "compliant") == 0)
    return 2;
  if (g_strcmp0 (value, "partial") == 0)
    return 1;
  if (g_strcmp0 (value, "non-compliant") == 0)
    return 0;
  return -1;   /* not applicable or unanswered: no rank */
}

static PsemsVerdict
verdict_of (const char *before,
            const char *after)
{
  int b = value_rank (before), a = value_rank (after);

  if (g_strcmp0 (before, after) == 0)
    return PSEMS_VERDICT_UNCHANGED;
  if (a < 0 || b < 0)
    return PSEMS_VERDICT_NOT_COMPARABLE;
  return a > b ? PSEMS_VERDICT_IMPROVED : a < b ? PSEMS_VERDICT_REGRESSED : PSEMS_VERDICT_UNCHANGED;
}

static const PsemsScore *
find_score (GPtrArray  *scores,
            const char *area)
{
  for (guint i = 0; i < scores->len; i++)
    {
      const PsemsScore *s = g_ptr_array_index (scores, i);

      if (g_strcmp0 (s->area, area) == 0)
        return s;
    }
  return NULL;
}

static void
add_delta (PsemsComparison  *c,
           const char       *area,
           const PsemsScore *before,
           const PsemsScore *after)
{
  PsemsAreaDelta *d = g_new0 (PsemsAreaDelta, 1);

  d->area = g_strdup (area);
  d->before_has_score = before != NULL && before->has_score;
  d->before = d->before_has_score ? before->score : 0.0;
  d->after_has_score = after != NULL && after->has_score;
  d->after = d->after_has_score ? after->score : 0.0;
  d->has_delta = d->before_has_score && d->after_has_score;
  d->delta = d->has_delta ? d->after - d->before : 0.0;
  g_ptr_array_add (c->areas, d);
}

/**
 * psems_assessment_compare_answers:
 * @before: (element-type PsemsAnswer): the earlier assessment's questions and answers
 * @after: (element-type PsemsAnswer): the later one's
 *
 * Matches questions (see psems_assessment_compare()) and judges each:
 * answers rank compliant > partial > non-compliant; improved or regressed
 * when both answers rank; unchanged when both are the same; not comparable
 * when one side is unanswered or not applicable and the other differs; new
 * and removed for questions of only one bank.
 *
 * Returns: (transfer full): the comparison, refs unset.
 */
PsemsComparison *
psems_assessment_compare_answers (GPtrArray *before,
                                  GPtrArray *after)
{
  PsemsComparison *c = g_new0 (PsemsComparison, 1);
  g_autofree int *match = g_new0 (int, after->len + 1);          /* after → before index + 1 */
  g_autofree gboolean *taken = g_new0 (gboolean, before->len + 1);
  g_autoptr(GPtrArray) before_scores = psems_assessment_compute_scores (before);
  g_autoptr(GPtrArray) after_scores = psems_assessment_compute_scores (after);

  c->items = g_ptr_array_new_with_free_func ((GDestroyNotify) comparison_item_free);
  c->areas = g_ptr_array_new_with_free_func ((GDestroyNotify) area_delta_free);

  /* By code first. */
  for (guint i = 0; i < after->len; i++)
    {
      const PsemsAnswer *a = g_ptr_array_index (after, i);

      for (guint k = 0; k < before->len && match[i] == 0; k++)
        if (!taken[k] && g_ascii_strcasecmp (a->code, ((PsemsAnswer *) g_ptr_array_index (before, k))->code) == 0)
          {
            match[i] = (int) k + 1;
            taken[k] = TRUE;
          }
    }
  /* Then a renumbered question by its reference, when that is unambiguous on both sides. */
  for (guint i = 0; i < after->len; i++)
    {
      const PsemsAnswer *a = g_ptr_array_index (after, i);
      int candidate = -1, n_before = 0, n_after = 0;

      if (match[i] != 0 || a->reference == NULL)
        continue;
      for (guint k = 0; k < before->len; k++)
        if (!taken[k] && g_strcmp0 (((PsemsAnswer *) g_ptr_array_index (before, k))->reference, a->reference) == 0)
          {
            candidate = (int) k;
            n_before++;
          }
      for (guint j = 0; j < after->len; j++)
        if (match[j] == 0 && g_strcmp0 (((PsemsAnswer *) g_ptr_array_index (after, j))->reference, a->reference) == 0)
          n_after++;
      if (n_before == 1 && n_after == 1)
        {
          match[i] = candidate + 1;
          taken[candidate] = TRUE;
        }
    }

  for (guint i = 0; i < after->len; i++)
    {
      const PsemsAnswer *a = g_ptr_array_index (after, i);
      const PsemsAnswer *b = match[i] != 0 ? g_ptr_array_index (before, match[i] - 1) : NULL;
      PsemsComparisonItem *item = g_new0 (PsemsComparisonItem, 1);

      item->code = g_strdup (a->code);
      item->area = g_strdup (a->area);
      item->reference = g_strdup (a->reference);
      item->text = g_strdup (a->text);
      item->after = g_strdup (a->value);
      if (b != NULL)
        {
          item->before = g_strdup (b->value);
          if (g_strcmp0 (b->code, a->code) != 0)
            item->before_code = g_strdup (b->code);
          item->verdict = verdict_of (b->value, a->value);
        }
      else
        item->verdict = PSEMS_VERDICT_NEW;
      g_ptr_array_add (c->items, item);
    }
  for (guint k = 0; k < before->len; k++)
    if (!taken[k])
      {
        const PsemsAnswer *b = g_ptr_array_index (before, k);
        PsemsComparisonItem *item = g_new0 (PsemsComparisonItem, 1);

        item->code = g_strdup (b->code);
        item->area = g_strdup (b->area);
        item->reference = g_strdup (b->reference);
        item->text = g_strdup (b->text);
        item->before = g_strdup (b->value);
        item->verdict = PSEMS_VERDICT_REMOVED;
        g_ptr_array_add (c->items, item);
      }
  for (guint i = 0; i < c->items->len; i++)
    switch (((PsemsComparisonItem *) g_ptr_array_index (c->items, i))->verdict)
      {
      case PSEMS_VERDICT_UNCHANGED: c->n_unchanged++; break;
      case PSEMS_VERDICT_IMPROVED: c->n_improved++; break;
      case PSEMS_VERDICT_REGRESSED: c->n_regressed++; break;
      case PSEMS_VERDICT_NOT_COMPARABLE: c->n_not_comparable++; break;
      case PSEMS_VERDICT_NEW: c->n_new++; break;
      case PSEMS_VERDICT_REMOVED: c->n_removed++; break;
      default: g_assert_not_reached ();
      }

  /* Areas match by name: overall, the later bank's areas, then areas only the earlier had. */
  for (guint i = 0; i < after_scores->len; i++)
    {
      const PsemsScore *s = g_ptr_array_index (after_scores, i);

      add_delta (c, s->area, find_score (before_scores, s->area), s);
    }
  for (guint i = 1; i < before_scores->len; i++)
    {
      const PsemsScore *s = g_ptr_array_index (before_scores, i);

      if (find_score (after_scores, s->area) == NULL)
        add_delta (c, s->area, s, NULL);
    }
  return c;
}

/**
 * psems_assessment_compare:
 *
 * Compares two assessments of one facility, @before_id as the earlier.
 *
 * Returns: (transfer full): the comparison, or %NULL with @error set
 * (%PSEMS_ERROR_INVALID for assessments of different facilities).
 */
PsemsComparison *
psems_assessment_compare (PsemsStore  *store,
                          gint64       before_id,
                          gint64       after_id,
                          GError     **error)
{
  g_autoptr(PsemsAssessment) before = NULL;
  g_autoptr(PsemsAssessment) after = NULL;
  g_autoptr(GPtrArray) before_answers = NULL;
  g_autoptr(GPtrArray) after_answers = NULL;
  PsemsComparison *c;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  before = psems_assessment_get (store, before_id, error);
  if (before == NULL)
    return NULL;
  after = psems_assessment_get (store, after_id, error);
  if (after == NULL)
    return NULL;
  if (before->facility_id != after->facility_id)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s and %s assess different facilities (%s, %s): compare assessments of one facility"),
                   before->ref, after->ref, before->facility_code, after->facility_code);
      return NULL;
    }
  before_answers = psems_assessment_list_answers (store, before_id, error);
  if (before_answers == NULL)
    return NULL;
  after_answers = psems_assessment_list_answers (store, after_id, error);
  if (after_answers == NULL)
    return NULL;
  c = psems_assessment_compare_answers (before_answers, after_answers);
  c->before_ref = g_strdup (before->ref);
  c->after_ref = g_strdup (after->ref);
  return c;
}

/* ───────────────────────────── writing ───────────────────────────── */

/* The bank @code (@version, or the newest) from the files, or else the
 * database: exactly one of *@file and *@stored_id is set. */
static gboolean
choose_bank (PsemsStore  *store,
             const char  *code,
             const char  *version,
             PsemsBank  **file,
             gint64      *stored_id,
             GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) banks = psems_bank_load_all (&problems);
  g_autoptr(GPtrArray) stored = NULL;
  PsemsBank *from_file = psems_bank_find (banks, code, version);
  PsemsBank *from_db = NULL;

  *file = NULL;
  *stored_id = 0;
  stored = psems_bank_list_stored (store, error);
  if (stored == NULL)
    return FALSE;
  from_db = psems_bank_find (stored, code, version);

  if (from_file != NULL &&
      (from_db == NULL || psems_bank_compare_versions (from_file->version, from_db->version) >= 0))
    {
      guint index = 0;

      g_ptr_array_find (banks, from_file, &index);
      *file = g_ptr_array_steal_index (banks, index);
      return TRUE;
    }
  if (from_db != NULL)
    {
      *stored_id = from_db->id;
      return TRUE;
    }

  {
    g_autoptr(GString) why = g_string_new (NULL);
    g_autoptr(GPtrArray) dirs = psems_data_dirs ("banks", NULL);

    for (guint i = 0; i < dirs->len; i++)
      g_string_append_printf (why, "%s%s", i > 0 ? ", " : "", (const char *) g_ptr_array_index (dirs, i));
    /* The bank asked for may be one that was skipped: say why. */
    for (guint i = 0; i < problems->len; i++)
      g_string_append_printf (why, "; %s", (const char *) g_ptr_array_index (problems, i));
    if (version != NULL)
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                   _("There is no question bank “%s” version %s (banks are read from %s)"), code, version,
                   why->str);
    else
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                   _("There is no question bank “%s” (banks are read from %s)"), code, why->str);
  }
  return FALSE;
}

/* The facility's code when it exists and is not archived. */
static char *
live_facility (PsemsStore  *store,
               gint64       facility_id,
               GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT code, deleted_at FROM facility WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no facility with id %lld"),
                   (long long) facility_id);
      return NULL;
    }
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Facility %s is archived: restore it before assessing it"),
                   (const char *) sqlite3_column_text (stmt, 0));
      return NULL;
    }
  return psems_sql_dup_column (stmt, 0);
}

/**
 * psems_assessment_create:
 * @ref: (out) (optional): the new assessment's reference
 *
 * Returns: the new assessment's id, or 0 with @error set; nothing is
 * written then.
 */
gint64
psems_assessment_create (PsemsStore   *store,
                         PsemsActor   *actor,
                         gint64        facility_id,
                         const char   *bank_code,
                         const char   *version,
                         const char   *title,
                         const char   *started_on,
                         const char   *assessor,
                         char        **ref,
                         GError      **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsBank) file = NULL;
  g_autoptr(PsemsBank) stored = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *facility_code = NULL;
  g_autofree char *code = psems_sql_dup_field (bank_code);
  g_autofree char *wanted = psems_sql_dup_field (version);
  g_autofree char *the_title = psems_sql_dup_field (title);
  g_autofree char *the_assessor = psems_sql_dup_field (assessor);
  g_autofree char *day = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  const char *what = _("New assessment");
  gint64 stored_id = 0, bank_id, id;
  int year;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  facility_code = live_facility (store, facility_id, error);
  if (facility_code == NULL)
    return 0;
  if (code == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: bank: a question bank is required"), what);
      return 0;
    }
  if (!check_day (what, "started_on", started_on, &day, error))
    return 0;
  if (!choose_bank (store, code, wanted, &file, &stored_id, error))
    return 0;
  if (file == NULL)
    {
      stored = psems_bank_get (store, stored_id, error);
      if (stored == NULL)
        return 0;
    }
  if (the_title == NULL)
    the_title = g_strdup (file != NULL ? file->title : stored->title);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "assessment", facility_id, error);
  if (txn == NULL)
    return 0;
  bank_id = file != NULL ? psems_bank_import (txn, file, PSEMS_BANK_IMPORT_DEFAULT, 0, NULL, error) : stored_id;
  if (bank_id <= 0)
    return 0;

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "GAP", year, error);
  if (new_ref == NULL)
    return 0;
  stmt = psems_store_prepare (store,
                              "INSERT INTO assessment (ref, facility_id, bank_id, title, status, started_on,"
                              " assessor, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, 'in-progress', ?5, ?6, ?7, ?7)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  sqlite3_bind_int64 (stmt, 2, facility_id);
  sqlite3_bind_int64 (stmt, 3, bank_id);
  psems_sql_bind_text (stmt, 4, the_title);
  psems_sql_bind_text (stmt, 5, day);
  psems_sql_bind_text (stmt, 6, the_assessor != NULL ? the_assessor : psems_actor_get_name (actor));
  psems_sql_bind_text (stmt, 7, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!psems_transaction_record_row (txn, "create", "assessment", id, NULL, error))
    return 0;
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/* The assessment, refused unless it is in progress. */
static PsemsAssessment *
open_assessment (PsemsStore  *store,
                 gint64       id,
                 GError     **error)
{
  g_autoptr(PsemsAssessment) a = psems_assessment_get (store, id, error);

  if (a == NULL)
    return NULL;
  if (g_str_equal (a->status, "completed"))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s was completed on %s: its answers are final; start a new assessment"),
                   a->ref, a->completed_on);
      return NULL;
    }
  return g_steal_pointer (&a);
}

/* The question @code (any letter case) of the assessment's bank; its id,
 * canonical code, text and reference. */
static gint64
find_question (PsemsStore             *store,
               const PsemsAssessment  *a,
               const char             *code,
               char                  **canonical,
               char                  **text,
               GError                **error)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT id, code, text FROM question WHERE bank_id = ?1"
                                " AND code = ?2 COLLATE NOCASE", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, a->bank_id);
  psems_sql_bind_text (stmt, 2, code);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                   _("%s: question “%s” is not in bank %s version %s (%s); nothing was written"),
                   a->ref, code, a->bank_code, a->bank_version, a->bank_ref);
      return 0;
    }
  *canonical = psems_sql_dup_column (stmt, 1);
  if (text != NULL)
    *text = psems_sql_dup_column (stmt, 2);
  return sqlite3_column_int64 (stmt, 0);
}

/* Raises a finding from answer @answer_id inside @txn. */
static gint64
raise_in_txn (PsemsTransaction         *txn,
              const PsemsAssessment    *a,
              gint64                    answer_id,
              const char               *code,
              const char               *question,
              const char               *value,
              const char               *notes,
              const PsemsAnswerFinding *raise,
              char                    **finding_ref,
              GError                  **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(PsemsFinding) f = psems_finding_new ();
  g_autofree char *title = NULL;

  if (!g_str_equal (value, "partial") && !g_str_equal (value, "non-compliant"))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s/%s is answered “%s”: only a partial or non-compliant answer raises a finding"),
                   a->ref, code, value);
      return 0;
    }
  stmt = psems_store_prepare (store, "SELECT ref FROM finding WHERE answer_id = ?1 AND deleted_at IS NULL"
                                     " AND status IN ('open', 'in-progress') ORDER BY ref", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, answer_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s/%s already raised %s, which is not resolved yet"), a->ref, code,
                   (const char *) sqlite3_column_text (stmt, 0));
      return 0;
    }

  title = raise != NULL && raise->title != NULL ? g_strdup (raise->title)
                                               : g_strdup_printf ("%s/%s: %s", a->ref, code, question);
  f->facility_id = a->facility_id;
  f->source = g_strdup ("gap");
  f->answer_id = answer_id;
  f->severity = g_strdup (raise != NULL && raise->severity != NULL ? raise->severity
                          : g_str_equal (value, "non-compliant") ? "major" : "minor");
  f->title = g_steal_pointer (&title);
  f->description = g_strdup (notes);
  f->owner = g_strdup (raise != NULL ? raise->owner : NULL);
  f->due_on = g_strdup (raise != NULL ? raise->due_on : NULL);
  return psems_finding_insert (txn, f, finding_ref, error);
}

/**
 * psems_assessment_answer:
 * @value: compliant, partial, non-compliant or not-applicable (any letter case)
 * @finding_ref: (out) (optional): the finding raised, when @raise was given
 *
 * A question not in the assessment's bank, a completed assessment, a bad
 * value or a refused finding or evidence file refuse the whole write:
 * nothing is written.
 */
gboolean
psems_assessment_answer (PsemsStore               *store,
                         PsemsActor               *actor,
                         gint64                    id,
                         const char               *code,
                         const char               *value,
                         const char               *notes,
                         const char * const       *evidence_paths,
                         const PsemsAnswerFinding *raise,
                         char                    **finding_ref,
                         GError                  **error)
{
  g_autoptr(PsemsAssessment) a = NULL;
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsCachedStmt) find = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *question = NULL;
  g_autofree char *before = NULL;
  g_autofree char *the_notes = psems_sql_dup_field (notes);
  g_autofree char *now = NULL;
  gint64 question_id, answer_id = 0;
  int v;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  a = open_assessment (store, id, error);
  if (a == NULL)
    return FALSE;
  question_id = find_question (store, a, code, &canonical, &question, error);
  if (question_id <= 0)
    return FALSE;
  v = psems_sql_find_name (value_ids, G_N_ELEMENTS (value_labels), value);
  if (v < 0)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) value_ids);

      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s/%s: value: “%s” is not an answer (one of %s)"),
                   a->ref, canonical, value != NULL ? value : "", list);
      return FALSE;
    }
  if (raise != NULL && v != 1 && v != 2)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s/%s is answered “%s”: only a partial or non-compliant answer raises a finding"),
                   a->ref, canonical, value_ids[v]);
      return FALSE;
    }

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "assessment", a->facility_id, error);
  if (txn == NULL)
    return FALSE;
  find = psems_store_prepare (store, "SELECT id FROM answer WHERE assessment_id = ?1 AND question_id = ?2", error);
  if (find == NULL)
    return FALSE;
  sqlite3_bind_int64 (find, 1, id);
  sqlite3_bind_int64 (find, 2, question_id);
  if (sqlite3_step (find) == SQLITE_ROW)
    answer_id = sqlite3_column_int64 (find, 0);
  sqlite3_reset (find);

  now = psems_sql_now_stamp (NULL);
  if (answer_id != 0)
    {
      before = psems_transaction_image (txn, "answer", answer_id, error);
      if (before == NULL)
        return FALSE;
      stmt = psems_store_prepare (store, "UPDATE answer SET value = ?2, notes = ?3, answered_at = ?4,"
                                         " answered_by = ?5 WHERE id = ?1", error);
    }
  else
    stmt = psems_store_prepare (store, "INSERT INTO answer (assessment_id, question_id, value, notes,"
                                       " answered_at, answered_by) VALUES (?6, ?7, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  if (answer_id != 0)
    sqlite3_bind_int64 (stmt, 1, answer_id);
  else
    {
      sqlite3_bind_int64 (stmt, 6, id);
      sqlite3_bind_int64 (stmt, 7, question_id);
    }
  psems_sql_bind_text (stmt, 2, value_ids[v]);
  psems_sql_bind_text (stmt, 3, the_notes);
  psems_sql_bind_text (stmt, 4, now);
  psems_sql_bind_text (stmt, 5, psems_actor_get_name (actor));
  if (!psems_sql_step_done (store, stmt, a->ref, error))
    return FALSE;
  if (answer_id == 0)
    answer_id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!psems_transaction_record_row (txn, before != NULL ? "update" : "create", "answer", answer_id, before,
                                     error))
    return FALSE;

  for (guint i = 0; evidence_paths != NULL && evidence_paths[i] != NULL; i++)
    if (psems_evidence_add_in_transaction (txn, evidence_paths[i], NULL, "answer", answer_id, NULL, NULL,
                                           error) <= 0)
      return FALSE;

  if (raise != NULL &&
      raise_in_txn (txn, a, answer_id, canonical, question, value_ids[v], the_notes, raise, finding_ref,
                    error) <= 0)
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_assessment_raise_finding:
 * @finding_ref: (out) (optional): the new finding's reference
 *
 * Returns: the new finding's id, or 0 with @error set.
 */
gint64
psems_assessment_raise_finding (PsemsStore               *store,
                                PsemsActor               *actor,
                                gint64                    id,
                                const char               *code,
                                const PsemsAnswerFinding *raise,
                                char                    **finding_ref,
                                GError                  **error)
{
  g_autoptr(PsemsAssessment) a = NULL;
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *question = NULL;
  g_autofree char *value = NULL;
  g_autofree char *notes = NULL;
  gint64 question_id, answer_id, finding_id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (code != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  a = psems_assessment_get (store, id, error);
  if (a == NULL)
    return 0;
  question_id = find_question (store, a, code, &canonical, &question, error);
  if (question_id <= 0)
    return 0;
  stmt = psems_store_prepare (store, "SELECT id, value, notes FROM answer WHERE assessment_id = ?1"
                                     " AND question_id = ?2", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, question_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s/%s is not answered yet: answer it partial or non-compliant first"), a->ref, canonical);
      return 0;
    }
  answer_id = sqlite3_column_int64 (stmt, 0);
  value = psems_sql_dup_column (stmt, 1);
  notes = psems_sql_dup_column (stmt, 2);
  sqlite3_reset (stmt);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "finding", a->facility_id, error);
  if (txn == NULL)
    return 0;
  finding_id = raise_in_txn (txn, a, answer_id, canonical, question, value, notes, raise, finding_ref, error);
  if (finding_id <= 0 || !psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  return finding_id;
}

/**
 * psems_assessment_complete:
 *
 * Refused while a question is unanswered (the message names how many and
 * the first few) or when @completed_on is before the start or in the future.
 */
gboolean
psems_assessment_complete (PsemsStore   *store,
                           PsemsActor   *actor,
                           gint64        id,
                           const char   *completed_on,
                           GError      **error)
{
  g_autoptr(PsemsAssessment) a = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *day = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  guint n_missing = 0;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  a = open_assessment (store, id, error);
  if (a == NULL)
    return FALSE;
  if (!check_day (a->ref, "completed_on", completed_on, &day, error))
    return FALSE;
  if (strcmp (day, a->started_on) < 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: completed_on: %s is before the start, %s"),
                   a->ref, day, a->started_on);
      return FALSE;
    }
  answers = psems_assessment_list_answers (store, id, error);
  if (answers == NULL)
    return FALSE;
  for (guint i = 0; i < answers->len; i++)
    {
      const PsemsAnswer *r = g_ptr_array_index (answers, i);

      if (r->value != NULL)
        continue;
      if (n_missing < 5)
        g_string_append_printf (missing, "%s%s", n_missing > 0 ? ", " : "", r->code);
      n_missing++;
    }
  if (n_missing > 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: %u question is not answered yet (%s%s): answer every question, "
                                "not applicable where it does not apply",
                                "%s: %u questions are not answered yet (%s%s): answer every question, "
                                "not applicable where it does not apply", n_missing),
                   a->ref, n_missing, missing->str, n_missing > 5 ? ", …" : "");
      return FALSE;
    }

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "assessment", a->facility_id, error);
  if (txn == NULL)
    return FALSE;
  before = psems_transaction_image (txn, "assessment", id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE assessment SET status = 'completed', completed_on = ?2,"
                                     " updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  psems_sql_bind_text (stmt, 2, day);
  psems_sql_bind_text (stmt, 3, now);
  if (!psems_sql_step_done (store, stmt, a->ref, error))
    return FALSE;
  if (!psems_transaction_record_row (txn, "update", "assessment", id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}
