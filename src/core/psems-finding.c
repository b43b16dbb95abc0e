/* psems-finding.c — findings and their corrective actions: open → in progress → closed → verified. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "psems-error.h"
#include "psems-evidence.h"
#include "psems-finding.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * Field names in problems and refusals, as the schema spells them:
 * facility_id, source, completion_id, incident_id, answer_id, control_id,
 * severity, title, raised_on, due_on, corrective_action, closed_on,
 * verified_on, verified_by, status.
 *
 * Links follow the source: a completion (of an audit, drill or exercise of
 * the same kind) only for those sources, an incident only for "incident", a
 * GAP answer (partial or non-compliant) only for "gap", none for "manual".
 * Each link is optional: an external audit or a paper self-assessment has no
 * record here. Every linked record and the control must be the finding's
 * facility's.
 *
 * Workflow: open → in-progress → closed → verified; a finding may also be
 * closed straight from open, and a closed one reopened (closure cleared).
 * A verified finding is final: the verifier accepted the action, so a
 * recurrence is a new finding that can point at the same control. Closed and
 * verified findings are read-only. Verification is the four-eyes check: the
 * verifier must not be who closed it, except in single-user mode (no live
 * row in app_user), where the lone PFSO may and the record says so
 * (self_verified). No day in a finding may lie in the future, except the
 * due date.
 */

static const char * const source_ids[] = { "audit", "drill", "exercise", "incident", "gap", "manual", NULL };
static const char * const source_labels[] = {
  N_("Audit"), N_("Drill"), N_("Exercise"), N_("Incident"), N_("GAP self-assessment"), N_("Raised by hand")
};
static const char * const severity_ids[] = { "major", "minor", "observation", NULL };
static const char * const severity_labels[] = {
  N_("Major non-conformity"), N_("Minor non-conformity"), N_("Observation")
};
static const char * const status_ids[] = { "open", "in-progress", "closed", "verified", NULL };
static const char * const status_labels[] = { N_("Open"), N_("In progress"), N_("Closed"), N_("Verified") };

G_STATIC_ASSERT (G_N_ELEMENTS (source_ids) == G_N_ELEMENTS (source_labels) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (severity_ids) == G_N_ELEMENTS (severity_labels) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (status_ids) == G_N_ELEMENTS (status_labels) + 1);

#define FINDING_COLUMNS \
  "SELECT f.id, f.ref, f.facility_id, f.source, f.completion_id, f.incident_id, f.answer_id," \
  " f.control_id, f.severity, f.title, f.description, f.requirement_ref, f.root_cause," \
  " f.corrective_action, f.owner, f.raised_on, f.raised_by, f.due_on, f.status, f.closed_on," \
  " f.closed_by, f.verified_on, f.verified_by, f.self_verified, f.created_at, f.updated_at," \
  " f.deleted_at, cmp.ref, inc.ref, gap.ref || '/' || q.code, ctl.ref," \
  " (SELECT count(*) FROM finding_evidence fe WHERE fe.finding_id = f.id)" \
  " FROM finding f" \
  " LEFT JOIN completion cmp ON cmp.id = f.completion_id" \
  " LEFT JOIN incident inc ON inc.id = f.incident_id" \
  " LEFT JOIN answer ans ON ans.id = f.answer_id" \
  " LEFT JOIN assessment gap ON gap.id = ans.assessment_id" \
  " LEFT JOIN question q ON q.id = ans.question_id" \
  " LEFT JOIN control ctl ON ctl.id = f.control_id"

#define UNRESOLVED "f.status IN ('open', 'in-progress')"

/* ───────────────────────────── enumerations ───────────────────────────── */

static const char *
label_of (const char * const *ids,
          const char * const *labels,
          const char         *id)
{
  int i = psems_sql_find_name (ids, g_strv_length ((char **) ids), id);

  return i >= 0 ? _(labels[i]) : NULL;
}

/**
 * psems_finding_sources:
 *
 * Returns: (transfer none): where a finding can come from, %NULL-terminated.
 */
const char * const *
psems_finding_sources (void)
{
  return source_ids;
}

/* The translated label of a source, or %NULL for one the schema does not know. */
const char *
psems_finding_source_label (const char *source)
{
  return label_of (source_ids, source_labels, source);
}

const char * const *
psems_finding_severities (void)
{
  return severity_ids;
}

const char *
psems_finding_severity_label (const char *severity)
{
  return label_of (severity_ids, severity_labels, severity);
}

const char * const *
psems_finding_statuses (void)
{
  return status_ids;
}

const char *
psems_finding_status_label (const char *status)
{
  return label_of (status_ids, status_labels, status);
}

/* ───────────────────────────── values ───────────────────────────── */

PsemsFinding *
psems_finding_new (void)
{
  PsemsFinding *finding = g_new0 (PsemsFinding, 1);

  finding->status = g_strdup ("open");
  return finding;
}

void
psems_finding_free (PsemsFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->ref);
  g_free (finding->source);
  g_free (finding->severity);
  g_free (finding->title);
  g_free (finding->description);
  g_free (finding->requirement_ref);
  g_free (finding->root_cause);
  g_free (finding->corrective_action);
  g_free (finding->owner);
  g_free (finding->raised_on);
  g_free (finding->due_on);
  g_free (finding->raised_by);
  g_free (finding->status);
  g_free (finding->closed_on);
  g_free (finding->closed_by);
  g_free (finding->verified_on);
  g_free (finding->verified_by);
  g_free (finding->created_at);
  g_free (finding->updated_at);
  g_free (finding->deleted_at);
  g_free (finding->completion_ref);
  g_free (finding->incident_ref);
  g_free (finding->answer_ref);
  g_free (finding->control_ref);
  g_free (finding);
}

PsemsFinding *
psems_finding_copy (const PsemsFinding *finding)
{
  PsemsFinding *copy;

  g_return_val_if_fail (finding != NULL, NULL);

  copy = g_new0 (PsemsFinding, 1);
  *copy = *finding;
  copy->ref = g_strdup (finding->ref);
  copy->source = g_strdup (finding->source);
  copy->severity = g_strdup (finding->severity);
  copy->title = g_strdup (finding->title);
  copy->description = g_strdup (finding->description);
  copy->requirement_ref = g_strdup (finding->requirement_ref);
  copy->root_cause = g_strdup (finding->root_cause);
  copy->corrective_action = g_strdup (finding->corrective_action);
  copy->owner = g_strdup (finding->owner);
  copy->raised_on = g_strdup (finding->raised_on);
  copy->due_on = g_strdup (finding->due_on);
  copy->raised_by = g_strdup (finding->raised_by);
  copy->status = g_strdup (finding->status);
  copy->closed_on = g_strdup (finding->closed_on);
  copy->closed_by = g_strdup (finding->closed_by);
  copy->verified_on = g_strdup (finding->verified_on);
  copy->verified_by = g_strdup (finding->verified_by);
  copy->created_at = g_strdup (finding->created_at);
  copy->updated_at = g_strdup (finding->updated_at);
  copy->deleted_at = g_strdup (finding->deleted_at);
  copy->completion_ref = g_strdup (finding->completion_ref);
  copy->incident_ref = g_strdup (finding->incident_ref);
  copy->answer_ref = g_strdup (finding->answer_ref);
  copy->control_ref = g_strdup (finding->control_ref);
  return copy;
}

/* ───────────────────────────── dates ───────────────────────────── */

/* ───────────────────────────── reading ───────────────────────────── */

static PsemsFinding *
finding_from_row (sqlite3_stmt *stmt)
{
  PsemsFinding *f = g_new0 (PsemsFinding, 1);

  f->id = sqlite3_column_int64 (stmt, 0);
  f->ref = psems_sql_dup_column (stmt, 1);
  f->facility_id = sqlite3_column_int64 (stmt, 2);
  f->source = psems_sql_dup_column (stmt, 3);
  f->completion_id = sqlite3_column_int64 (stmt, 4);
  f->incident_id = sqlite3_column_int64 (stmt, 5);
  f->answer_id = sqlite3_column_int64 (stmt, 6);
  f->control_id = sqlite3_column_int64 (stmt, 7);
  f->severity = psems_sql_dup_column (stmt, 8);
  f->title = psems_sql_dup_column (stmt, 9);
  f->description = psems_sql_dup_column (stmt, 10);
  f->requirement_ref = psems_sql_dup_column (stmt, 11);
  f->root_cause = psems_sql_dup_column (stmt, 12);
  f->corrective_action = psems_sql_dup_column (stmt, 13);
  f->owner = psems_sql_dup_column (stmt, 14);
  f->raised_on = psems_sql_dup_column (stmt, 15);
  f->raised_by = psems_sql_dup_column (stmt, 16);
  f->due_on = psems_sql_dup_column (stmt, 17);
  f->status = psems_sql_dup_column (stmt, 18);
  f->closed_on = psems_sql_dup_column (stmt, 19);
  f->closed_by = psems_sql_dup_column (stmt, 20);
  f->verified_on = psems_sql_dup_column (stmt, 21);
  f->verified_by = psems_sql_dup_column (stmt, 22);
  f->self_verified = sqlite3_column_int (stmt, 23) != 0;
  f->created_at = psems_sql_dup_column (stmt, 24);
  f->updated_at = psems_sql_dup_column (stmt, 25);
  f->deleted_at = psems_sql_dup_column (stmt, 26);
  f->completion_ref = psems_sql_dup_column (stmt, 27);
  f->incident_ref = psems_sql_dup_column (stmt, 28);
  f->answer_ref = psems_sql_dup_column (stmt, 29);
  f->control_ref = psems_sql_dup_column (stmt, 30);
  f->n_evidence = sqlite3_column_int (stmt, 31);
  return f;
}

static gboolean
is_unresolved (const char *status)
{
  return g_strcmp0 (status, "open") == 0 || g_strcmp0 (status, "in-progress") == 0;
}

/* Fills the fields judged as of @day. */
static void
finding_derive (PsemsFinding *f,
                const GDate  *day)
{
  GDate raised, end, due;

  f->overdue = is_unresolved (f->status) && psems_day_text_parse (f->due_on, &due) &&
               g_date_compare (&due, day) < 0;
  f->days_open = 0;
  if (!psems_day_text_parse (f->raised_on, &raised))
    return;
  if (is_unresolved (f->status) || !psems_day_text_parse (f->closed_on, &end))
    end = *day;
  f->days_open = MAX (0, g_date_days_between (&raised, &end));
}

/* The finding @id as stored (deleted or not), without derived fields. */
static PsemsFinding *
finding_lookup (PsemsStore  *store,
                gint64       id,
                GError     **error)
{
  return psems_sql_get_row (store, FINDING_COLUMNS " WHERE f.id = ?1", id,
                            (PsemsRowFunc) finding_from_row, "finding", error,
                            _("There is no finding with id %lld"), (long long) id);
}

/**
 * psems_finding_get:
 * @as_of: (nullable): the day "overdue" and "days open" are judged on; %NULL: today
 *
 * Returns: (transfer full): the finding (deleted or not), or %NULL with
 * %PSEMS_ERROR_NOT_FOUND.
 */
PsemsFinding *
psems_finding_get (PsemsStore  *store,
                   gint64       id,
                   const char  *as_of,
                   GError     **error)
{
  PsemsFinding *finding;
  GDate day;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!psems_day_text_resolve (as_of, &day, error))
    return NULL;
  finding = finding_lookup (store, id, error);
  if (finding != NULL)
    finding_derive (finding, &day);
  return finding;
}

/* "a, b, c": the names an enumeration is stored under, for messages. */
static char *
join_ids (const char * const *ids)
{
  return g_strjoinv (", ", (char **) ids);
}

/* Refuses a filter naming a status, severity or source the schema does not know. */
static gboolean
check_filter (const PsemsFindingFilter  *filter,
              GError                   **error)
{
  g_autofree char *list = NULL;

  if (filter->status != NULL && !g_strv_contains (status_ids, filter->status) &&
      !g_str_equal (filter->status, "unresolved"))
    {
      list = join_ids (status_ids);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is not a finding status (one of %s, or unresolved)"), filter->status, list);
      return FALSE;
    }
  if (filter->severity != NULL && !g_strv_contains (severity_ids, filter->severity))
    {
      list = join_ids (severity_ids);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("“%s” is not a severity (one of %s)"),
                   filter->severity, list);
      return FALSE;
    }
  if (filter->source != NULL && !g_strv_contains (source_ids, filter->source))
    {
      list = join_ids (source_ids);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("“%s” is not a finding source (one of %s)"),
                   filter->source, list);
      return FALSE;
    }
  return TRUE;
}

/**
 * psems_finding_list:
 * @filter: (nullable): which findings; %NULL: every live one, judged today
 *
 * Returns: (transfer full) (element-type PsemsFinding): the live findings
 * that pass @filter: unresolved ones first, then by due date (none last),
 * then reference; an unknown status, severity or source in @filter is
 * refused with %PSEMS_ERROR_INVALID.
 */
GPtrArray *
psems_finding_list (PsemsStore               *store,
                    const PsemsFindingFilter *filter,
                    GError                  **error)
{
  static const PsemsFindingFilter all = { 0 };
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *day_text = NULL;
  GPtrArray *findings;
  GDate day;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter == NULL)
    filter = &all;
  if (!psems_day_text_resolve (filter->as_of, &day, error) || !check_filter (filter, error))
    return NULL;
  day_text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&day), g_date_get_month (&day),
                              g_date_get_day (&day));

  stmt = psems_store_prepare (store,
                              FINDING_COLUMNS
                              " WHERE f.deleted_at IS NULL AND (?1 = 0 OR f.facility_id = ?1)"
                              " AND (?2 IS NULL OR f.status = ?2 OR (?2 = 'unresolved' AND " UNRESOLVED "))"
                              " AND (?3 IS NULL OR f.severity = ?3) AND (?4 IS NULL OR f.source = ?4)"
                              " AND (?5 = 0 OR f.control_id = ?5)"
                              " AND (?6 = 0 OR (" UNRESOLVED " AND f.due_on < ?7))"
                              " ORDER BY " UNRESOLVED " DESC, f.due_on IS NULL, f.due_on, f.ref", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, filter->facility_id);
  psems_sql_bind_text (stmt, 2, filter->status);
  psems_sql_bind_text (stmt, 3, filter->severity);
  psems_sql_bind_text (stmt, 4, filter->source);
  sqlite3_bind_int64 (stmt, 5, filter->control_id);
  sqlite3_bind_int (stmt, 6, filter->overdue ? 1 : 0);
  psems_sql_bind_text (stmt, 7, day_text);
  findings = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) finding_from_row,
                                     (GDestroyNotify) psems_finding_free, "finding", error);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    finding_derive (g_ptr_array_index (findings, i), &day);
  return findings;
}

/* Whether the query @sql (?1 = @id) finds a row; FALSE on a database error too. */
static gboolean
row_exists (PsemsStore *store,
            const char *sql,
            gint64      id)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * psems_finding_resolve:
 * @text: a finding reference (FND-2026-0001), in any letter case, or an id
 *
 * Returns: the finding's id, or 0 with @error set naming @text.
 */
gint64
psems_finding_resolve (PsemsStore  *store,
                       const char  *text,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No finding given: name one by its reference (FND-YYYY-NNNN)"));
      return 0;
    }
  if (!psems_sql_parse_id (trimmed, &id))
    return psems_ref_resolve (store, "finding", trimmed, error);
  if (!row_exists (store, "SELECT id FROM finding WHERE id = ?1", id))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no finding with id %lld"), (long long) id);
      return 0;
    }
  return id;
}

/**
 * psems_finding_resolve_answer:
 * @text: "GAP-2026-0001/<question code>" (the assessment's reference, any
 *   letter case, and the question's code) or an answer's id
 *
 * Returns: the answer's id, or 0 with @error set naming @text.
 */
gint64
psems_finding_resolve_answer (PsemsStore  *store,
                              const char  *text,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  const char *slash;
  g_autofree char *assessment = NULL;
  gint64 assessment_id, id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No answer given: name one as GAP-YYYY-NNNN/QUESTION or by its id"));
      return 0;
    }
  if (psems_sql_parse_id (trimmed, &id))
    {
      if (!row_exists (store, "SELECT id FROM answer WHERE id = ?1", id))
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no answer with id %lld"),
                       (long long) id);
          return 0;
        }
      return id;
    }

  slash = strchr (trimmed, '/');
  if (slash == NULL || slash[1] == '\0')
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is not an answer: write GAP-YYYY-NNNN/QUESTION (the assessment and the "
                     "question's code) or the answer's id"), trimmed);
      return 0;
    }
  assessment = g_strndup (trimmed, (gsize) (slash - trimmed));
  assessment_id = psems_ref_resolve (store, "assessment", assessment, error);
  if (assessment_id <= 0)
    return 0;
  stmt = psems_store_prepare (store,
                              "SELECT a.id FROM answer a JOIN question q ON q.id = a.question_id"
                              " WHERE a.assessment_id = ?1 AND q.code = ?2 COLLATE NOCASE", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, assessment_id);
  sqlite3_bind_text (stmt, 2, slash + 1, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("%s has no answer to question “%s”"),
                   assessment, slash + 1);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* ───────────────────────────── validation ───────────────────────────── */

/* The form's values as they are stored: trimmed, empty as NULL; no raised day is today. */
static PsemsFinding *
finding_normalize (const PsemsFinding *in)
{
  PsemsFinding *f = g_new0 (PsemsFinding, 1);

  f->id = in->id;
  f->ref = g_strdup (in->ref);
  f->facility_id = in->facility_id;
  f->source = psems_sql_dup_field (in->source);
  f->completion_id = in->completion_id;
  f->incident_id = in->incident_id;
  f->answer_id = in->answer_id;
  f->control_id = in->control_id;
  f->severity = psems_sql_dup_field (in->severity);
  f->title = psems_sql_dup_field (in->title);
  f->description = psems_sql_dup_field (in->description);
  f->requirement_ref = psems_sql_dup_field (in->requirement_ref);
  f->root_cause = psems_sql_dup_field (in->root_cause);
  f->corrective_action = psems_sql_dup_field (in->corrective_action);
  f->owner = psems_sql_dup_field (in->owner);
  f->raised_on = psems_sql_dup_field (in->raised_on);
  if (f->raised_on == NULL)
    f->raised_on = psems_day_text_today ();
  f->due_on = psems_sql_dup_field (in->due_on);
  return f;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

/* Whether the editable fields of @a and @b are the same. */
static gboolean
finding_same_values (const PsemsFinding *a,
                     const PsemsFinding *b)
{
  return same_text (a->source, b->source) && a->completion_id == b->completion_id &&
         a->incident_id == b->incident_id && a->answer_id == b->answer_id &&
         a->control_id == b->control_id && same_text (a->severity, b->severity) &&
         same_text (a->title, b->title) && same_text (a->description, b->description) &&
         same_text (a->requirement_ref, b->requirement_ref) && same_text (a->root_cause, b->root_cause) &&
         same_text (a->corrective_action, b->corrective_action) && same_text (a->owner, b->owner) &&
         same_text (a->raised_on, b->raised_on) && same_text (a->due_on, b->due_on);
}

/* Whether a completion of a schedule item of @kind answers a finding from @source. */
static gboolean
kind_matches_source (const char *kind,
                     const char *source)
{
  if (g_str_equal (source, "drill"))
    return g_str_equal (kind, "drill") || g_str_equal (kind, "cyber-drill");
  return g_str_equal (kind, source);
}

static void
check_completion (PsemsStore         *store,
                  const PsemsFinding *f,
                  gboolean            facility_ok,
                  GPtrArray          *problems)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store,
                         "SELECT c.ref, c.deleted_at, s.facility_id, s.kind, c.done_on FROM completion c"
                         " JOIN schedule_item s ON s.id = c.schedule_item_id WHERE c.id = ?1", NULL);
  const char *ref;

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, f->completion_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      psems_field_problems_add (problems, "completion_id", _("There is no completion with id %lld"),
                                (long long) f->completion_id);
      return;
    }
  ref = (const char *) sqlite3_column_text (stmt, 0);
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    psems_field_problems_add (problems, "completion_id", _("%s was deleted"), ref);
  else if (facility_ok && sqlite3_column_int64 (stmt, 2) != f->facility_id)
    psems_field_problems_add (problems, "completion_id", _("%s was done at another facility"), ref);
  else if (f->source != NULL && !kind_matches_source ((const char *) sqlite3_column_text (stmt, 3), f->source))
    psems_field_problems_add (problems, "completion_id", _("%s records a %s, not a %s"), ref,
                              (const char *) sqlite3_column_text (stmt, 3), f->source);
  else if (f->raised_on != NULL && g_strcmp0 (f->raised_on, (const char *) sqlite3_column_text (stmt, 4)) < 0)
    psems_field_problems_add (problems, "raised_on", _("%s is before %s took place on %s"), f->raised_on, ref,
                              (const char *) sqlite3_column_text (stmt, 4));
}

static void
check_incident (PsemsStore         *store,
                const PsemsFinding *f,
                gboolean            facility_ok,
                GPtrArray          *problems)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT ref, deleted_at, facility_id FROM incident WHERE id = ?1", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, f->incident_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    psems_field_problems_add (problems, "incident_id", _("There is no incident with id %lld"),
                              (long long) f->incident_id);
  else if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    psems_field_problems_add (problems, "incident_id", _("%s was deleted"),
                              (const char *) sqlite3_column_text (stmt, 0));
  else if (facility_ok && sqlite3_column_int64 (stmt, 2) != f->facility_id)
    psems_field_problems_add (problems, "incident_id", _("%s happened at another facility"),
                              (const char *) sqlite3_column_text (stmt, 0));
}

static void
check_answer (PsemsStore         *store,
              const PsemsFinding *f,
              gboolean            facility_ok,
              GPtrArray          *problems)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store,
                         "SELECT s.ref || '/' || q.code, s.deleted_at, s.facility_id, a.value FROM answer a"
                         " JOIN assessment s ON s.id = a.assessment_id JOIN question q ON q.id = a.question_id"
                         " WHERE a.id = ?1", NULL);
  const char *name;
  const char *value;

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, f->answer_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      psems_field_problems_add (problems, "answer_id", _("There is no answer with id %lld"),
                                (long long) f->answer_id);
      return;
    }
  name = (const char *) sqlite3_column_text (stmt, 0);
  value = (const char *) sqlite3_column_text (stmt, 3);
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    psems_field_problems_add (problems, "answer_id", _("The assessment of %s was deleted"), name);
  else if (facility_ok && sqlite3_column_int64 (stmt, 2) != f->facility_id)
    psems_field_problems_add (problems, "answer_id", _("%s answers an assessment of another facility"), name);
  else if (!g_str_equal (value, "partial") && !g_str_equal (value, "non-compliant"))
    psems_field_problems_add (problems, "answer_id",
                              _("%s is answered “%s”: only a partial or non-compliant answer raises a finding"),
                              name, value);
}

static void
check_control (PsemsStore         *store,
               const PsemsFinding *f,
               gboolean            facility_ok,
               GPtrArray          *problems)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT ref, deleted_at, facility_id FROM control WHERE id = ?1", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, f->control_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    psems_field_problems_add (problems, "control_id", _("There is no control with id %lld"),
                              (long long) f->control_id);
  else if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    psems_field_problems_add (problems, "control_id", _("%s was deleted"),
                              (const char *) sqlite3_column_text (stmt, 0));
  else if (facility_ok && sqlite3_column_int64 (stmt, 2) != f->facility_id)
    psems_field_problems_add (problems, "control_id", _("%s is a control of another facility"),
                              (const char *) sqlite3_column_text (stmt, 0));
}

/* Every problem with the normalized finding @f (a new one when its id is 0). */
static void
validate_normalized (PsemsStore         *store,
                     const PsemsFinding *f,
                     GPtrArray          *problems)
{
  gboolean facility_ok = psems_facility_check_owner (store, f->facility_id, NULL, problems);
  gboolean source_ok;
  gboolean raised_ok = FALSE;

  if (f->id != 0)
    {
      g_autoptr(PsemsFinding) current = finding_lookup (store, f->id, NULL);

      if (current == NULL)
        psems_field_problems_add (problems, "id", _("There is no finding with id %lld"), (long long) f->id);
      else if (current->deleted_at != NULL)
        psems_field_problems_add (problems, "id", _("%s was deleted"), current->ref);
      else if (current->facility_id != f->facility_id)
        psems_field_problems_add (problems, "facility_id",
                                  _("A finding cannot move to another facility; raise it there"));
      else if (g_str_equal (current->status, "closed"))
        psems_field_problems_add (problems, "status", _("%s is closed and cannot be changed; reopen it first"),
                                  current->ref);
      else if (g_str_equal (current->status, "verified"))
        psems_field_problems_add (problems, "status", _("%s is verified and cannot be changed"), current->ref);
    }

  source_ok = f->source != NULL && g_strv_contains (source_ids, f->source);
  if (f->source == NULL)
    psems_field_problems_add (problems, "source", _("A source is required"));
  else if (!source_ok)
    {
      g_autofree char *list = join_ids (source_ids);
      psems_field_problems_add (problems, "source", _("“%s” is not a finding source (one of %s)"), f->source,
                                list);
    }
  if (f->severity == NULL)
    psems_field_problems_add (problems, "severity", _("A severity is required"));
  else if (!g_strv_contains (severity_ids, f->severity))
    {
      g_autofree char *list = join_ids (severity_ids);
      psems_field_problems_add (problems, "severity", _("“%s” is not a severity (one of %s)"), f->severity,
                                list);
    }
  if (f->title == NULL)
    psems_field_problems_add (problems, "title", _("A title is required"));

  if (f->raised_on != NULL)
    raised_ok = psems_day_text_check_past (problems, "raised_on", f->raised_on);
  if (f->due_on != NULL)
    {
      GDate due;

      if (!psems_day_text_parse (f->due_on, &due))
        psems_field_problems_add (problems, "due_on", _("“%s” is not a date (YYYY-MM-DD)"), f->due_on);
      else if (raised_ok && g_strcmp0 (f->due_on, f->raised_on) < 0)
        psems_field_problems_add (problems, "due_on", _("%s is before the finding was raised on %s"),
                                  f->due_on, f->raised_on);
    }

  if (f->completion_id != 0)
    {
      if (source_ok && !g_str_equal (f->source, "audit") && !g_str_equal (f->source, "drill") &&
          !g_str_equal (f->source, "exercise"))
        psems_field_problems_add (problems, "completion_id",
                                  _("Only a finding from an audit, drill or exercise links a completion, "
                                    "not one from source “%s”"), f->source);
      else
        check_completion (store, f, facility_ok, problems);
    }
  if (f->incident_id != 0)
    {
      if (source_ok && !g_str_equal (f->source, "incident"))
        psems_field_problems_add (problems, "incident_id",
                                  _("Only a finding from an incident links an incident, not one from source “%s”"),
                                  f->source);
      else
        check_incident (store, f, facility_ok, problems);
    }
  if (f->answer_id != 0)
    {
      if (source_ok && !g_str_equal (f->source, "gap"))
        psems_field_problems_add (problems, "answer_id",
                                  _("Only a finding from a GAP self-assessment links an answer, "
                                    "not one from source “%s”"), f->source);
      else
        check_answer (store, f, facility_ok, problems);
    }
  if (f->control_id != 0)
    check_control (store, f, facility_ok, problems);
}

/**
 * psems_finding_validate:
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): every problem
 * with @finding as typed (see the top of this file), empty when none.
 */
GPtrArray *
psems_finding_validate (PsemsStore         *store,
                        const PsemsFinding *finding)
{
  g_autoptr(PsemsFinding) f = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (finding != NULL, NULL);

  f = finding_normalize (finding);
  problems = psems_field_problems_new ();
  validate_normalized (store, f, problems);
  return problems;
}

/* How a finding is named in refusals before it has a reference. */
static const char *
finding_name (const PsemsFinding *f)
{
  if (f->ref != NULL)
    return f->ref;
  return f->title != NULL ? f->title : _("New finding");
}

/* ───────────────────────────── writing ───────────────────────────── */

/* The reference of the question a GAP answer answers, NULL for none. */
static char *
question_reference (PsemsStore *store,
                    gint64      answer_id)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT q.reference FROM answer a JOIN question q ON q.id = a.question_id"
                         " WHERE a.id = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, answer_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return psems_sql_dup_field ((const char *) sqlite3_column_text (stmt, 0));
}

static void
bind_id (sqlite3_stmt *stmt,
         int           i,
         gint64        id)
{
  if (id != 0)
    sqlite3_bind_int64 (stmt, i, id);
  else
    sqlite3_bind_null (stmt, i);
}

static gboolean
attach_evidence (PsemsTransaction    *txn,
                 gint64               id,
                 const char * const  *paths,
                 const char          *description,
                 GError             **error)
{
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    if (psems_evidence_add_in_transaction (txn, paths[i], description, "finding", id, NULL, NULL, error) <= 0)
      return FALSE;
  return TRUE;
}

/**
 * psems_finding_insert:
 * @txn: a write under way; its actor raises the finding
 * @finding: the new finding; @id, @status and the workflow fields are ignored
 * @ref: (out) (optional): the new finding's reference
 *
 * Creates an open finding inside @txn after psems_finding_validate(); any
 * problem refuses it ("<title>: <field>: <message>"), and the caller drops
 * its write. A GAP finding without a requirement reference takes its
 * question's.
 *
 * Returns: the new finding's id, or 0 with @error set.
 */
gint64
psems_finding_insert (PsemsTransaction    *txn,
                      const PsemsFinding  *finding,
                      char               **ref,
                      GError             **error)
{
  PsemsStore *store;
  g_autoptr(PsemsFinding) f = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  int year;
  gint64 id;

  g_return_val_if_fail (txn != NULL, 0);
  g_return_val_if_fail (finding != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  store = psems_transaction_get_store (txn);
  f = finding_normalize (finding);
  f->id = 0;
  g_clear_pointer (&f->ref, g_free);

  problems = psems_field_problems_new ();
  validate_normalized (store, f, problems);
  if (!psems_field_problems_to_error (problems, finding_name (f), error))
    return 0;
  if (f->requirement_ref == NULL && f->answer_id != 0)
    f->requirement_ref = question_reference (store, f->answer_id);

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "FND", year, error);
  if (new_ref == NULL)
    return 0;
  stmt = psems_store_prepare (store,
                              "INSERT INTO finding (ref, facility_id, source, completion_id, incident_id, answer_id,"
                              " control_id, severity, title, description, requirement_ref, root_cause,"
                              " corrective_action, owner, raised_on, raised_by, due_on, status, created_at,"
                              " updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                              " 'open', ?18, ?18)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  sqlite3_bind_int64 (stmt, 2, f->facility_id);
  psems_sql_bind_text (stmt, 3, f->source);
  bind_id (stmt, 4, f->completion_id);
  bind_id (stmt, 5, f->incident_id);
  bind_id (stmt, 6, f->answer_id);
  bind_id (stmt, 7, f->control_id);
  psems_sql_bind_text (stmt, 8, f->severity);
  psems_sql_bind_text (stmt, 9, f->title);
  psems_sql_bind_text (stmt, 10, f->description);
  psems_sql_bind_text (stmt, 11, f->requirement_ref);
  psems_sql_bind_text (stmt, 12, f->root_cause);
  psems_sql_bind_text (stmt, 13, f->corrective_action);
  psems_sql_bind_text (stmt, 14, f->owner);
  psems_sql_bind_text (stmt, 15, f->raised_on);
  psems_sql_bind_text (stmt, 16, psems_actor_get_name (psems_transaction_get_actor (txn)));
  psems_sql_bind_text (stmt, 17, f->due_on);
  psems_sql_bind_text (stmt, 18, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!psems_transaction_record_row (txn, "create", "finding", id, NULL, error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/**
 * psems_finding_create:
 * @evidence_paths: (nullable) (array zero-terminated=1): files kept as the
 *   finding's evidence in the same write
 * @ref: (out) (optional): the new finding's reference
 *
 * Raises an open finding (see psems_finding_insert()); a problem with it or
 * with an evidence file refuses the whole write and nothing is written.
 *
 * Returns: the new finding's id, or 0 with @error set.
 */
gint64
psems_finding_create (PsemsStore          *store,
                      PsemsActor          *actor,
                      const PsemsFinding  *finding,
                      const char * const  *evidence_paths,
                      char               **ref,
                      GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autofree char *new_ref = NULL;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (finding != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "finding", finding->facility_id, error);
  if (txn == NULL)
    return 0;
  id = psems_finding_insert (txn, finding, &new_ref, error);
  if (id <= 0 || !attach_evidence (txn, id, evidence_paths, NULL, error))
    return 0;
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/**
 * psems_finding_update:
 * @finding: the new values; @id names the finding
 *
 * Writes the editable fields (source and its link, control, severity,
 * title, texts, owner, raised and due days) of an open or in-progress
 * finding after psems_finding_validate(); any problem refuses the write
 * ("<ref>: <field>: <message>") and nothing is written. Values equal to the
 * stored ones write nothing.
 */
gboolean
psems_finding_update (PsemsStore          *store,
                      PsemsActor          *actor,
                      const PsemsFinding  *finding,
                      GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsFinding) f = NULL;
  g_autoptr(PsemsFinding) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (finding != NULL && finding->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = finding_lookup (store, finding->id, error);
  if (current == NULL)
    return FALSE;
  f = finding_normalize (finding);
  g_free (f->ref);
  f->ref = g_strdup (current->ref);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "finding", current->facility_id, error);
  if (txn == NULL)
    return FALSE;
  /* Read again under the write lock: what is compared and checked is what is stored. */
  g_clear_pointer (&current, psems_finding_free);
  current = finding_lookup (store, finding->id, error);
  if (current == NULL)
    return FALSE;
  problems = psems_field_problems_new ();
  validate_normalized (store, f, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;
  if (finding_same_values (f, current))
    return TRUE;

  before = psems_transaction_image (txn, "finding", f->id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store,
                              "UPDATE finding SET source = ?2, completion_id = ?3, incident_id = ?4, answer_id = ?5,"
                              " control_id = ?6, severity = ?7, title = ?8, description = ?9,"
                              " requirement_ref = ?10, root_cause = ?11, corrective_action = ?12, owner = ?13,"
                              " raised_on = ?14, due_on = ?15, updated_at = ?16 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, f->id);
  psems_sql_bind_text (stmt, 2, f->source);
  bind_id (stmt, 3, f->completion_id);
  bind_id (stmt, 4, f->incident_id);
  bind_id (stmt, 5, f->answer_id);
  bind_id (stmt, 6, f->control_id);
  psems_sql_bind_text (stmt, 7, f->severity);
  psems_sql_bind_text (stmt, 8, f->title);
  psems_sql_bind_text (stmt, 9, f->description);
  psems_sql_bind_text (stmt, 10, f->requirement_ref);
  psems_sql_bind_text (stmt, 11, f->root_cause);
  psems_sql_bind_text (stmt, 12, f->corrective_action);
  psems_sql_bind_text (stmt, 13, f->owner);
  psems_sql_bind_text (stmt, 14, f->raised_on);
  psems_sql_bind_text (stmt, 15, f->due_on);
  psems_sql_bind_text (stmt, 16, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error) ||
      !psems_transaction_record_row (txn, "update", "finding", f->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* ───────────────────────────── workflow ───────────────────────────── */

/* Starts the write of a workflow step on finding @id and reads the finding
 * inside it; refuses a deleted finding. */
static PsemsFinding *
begin_step (PsemsStore         *store,
            PsemsActor         *actor,
            gint64              id,
            PsemsTransaction  **txn,
            GError            **error)
{
  g_autoptr(PsemsFinding) current = NULL;

  current = finding_lookup (store, id, error);
  if (current == NULL)
    return NULL;
  *txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "finding", current->facility_id, error);
  if (*txn == NULL)
    return NULL;
  /* Read again under the write lock: another writer may have moved it on. */
  g_clear_pointer (&current, psems_finding_free);
  current = finding_lookup (store, id, error);
  if (current == NULL)
    return NULL;
  if (current->deleted_at != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s was deleted"), current->ref);
      return NULL;
    }
  return g_steal_pointer (&current);
}

/* Refuses a step from the status @f is in; @why says which statuses it starts from. */
static gboolean
refuse_status (const PsemsFinding  *f,
               const char          *why,
               GError             **error)
{
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: status: it is %s; %s"), f->ref, f->status, why);
  return FALSE;
}

/* Runs one UPDATE of a workflow step (?1 the id, ?2 the time, then @texts as ?3…)
 * and records it as @action. */
static gboolean
write_step (PsemsTransaction  *txn,
            const PsemsFinding *f,
            const char        *action,
            const char        *sql,
            const char        *texts[],
            guint              n_texts,
            GError           **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = psems_sql_now_stamp (NULL);

  before = psems_transaction_image (txn, "finding", f->id, error);
  if (before == NULL)
    return FALSE;
  stmt = psems_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, f->id);
  psems_sql_bind_text (stmt, 2, now);
  for (guint i = 0; i < n_texts; i++)
    psems_sql_bind_text (stmt, (int) i + 3, texts[i]);
  return psems_sql_step_done (store, stmt, f->ref, error) &&
         psems_transaction_record_row (txn, action, "finding", f->id, before, error);
}

/**
 * psems_finding_start:
 *
 * Moves an open finding to in progress; any other status is refused
 * ("<ref>: status: …").
 */
gboolean
psems_finding_start (PsemsStore  *store,
                     PsemsActor  *actor,
                     gint64       id,
                     GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsFinding) f = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  f = begin_step (store, actor, id, &txn, error);
  if (f == NULL)
    return FALSE;
  if (!g_str_equal (f->status, "open"))
    return refuse_status (f, _("only an open finding can be started"), error);
  if (!write_step (txn, f, "start", "UPDATE finding SET status = 'in-progress', updated_at = ?2 WHERE id = ?1",
                   NULL, 0, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_finding_close:
 * @closed_on: (nullable): the day the action was completed; %NULL: today
 * @corrective_action: (nullable): the action taken, replacing the stored
 *   one; %NULL keeps it
 * @evidence_paths: (nullable) (array zero-terminated=1): files kept as
 *   evidence of the action in the same write
 *
 * Closes an open or in-progress finding, recording the actor as who closed
 * it. Refused, writing nothing: another status, no corrective action, a
 * closing day that is not a date, in the future or before the finding was
 * raised, an evidence file that cannot be kept.
 */
gboolean
psems_finding_close (PsemsStore          *store,
                     PsemsActor          *actor,
                     gint64               id,
                     const char          *closed_on,
                     const char          *corrective_action,
                     const char * const  *evidence_paths,
                     GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsFinding) f = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *day = NULL;
  g_autofree char *action = NULL;
  const char *texts[3];

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  f = begin_step (store, actor, id, &txn, error);
  if (f == NULL)
    return FALSE;
  if (!is_unresolved (f->status))
    return refuse_status (f, _("only an open or in-progress finding can be closed"),
                          error);

  day = psems_sql_dup_field (closed_on);
  if (day == NULL)
    day = psems_day_text_today ();
  action = psems_sql_dup_field (corrective_action);
  if (action == NULL)
    action = g_strdup (f->corrective_action);

  problems = psems_field_problems_new ();
  if (action == NULL)
    psems_field_problems_add (problems, "corrective_action",
                              _("Say what corrective action was taken before closing the finding"));
  if (psems_day_text_check_past (problems, "closed_on", day) && g_strcmp0 (day, f->raised_on) < 0)
    psems_field_problems_add (problems, "closed_on", _("%s is before the finding was raised on %s"), day,
                              f->raised_on);
  if (!psems_field_problems_to_error (problems, f->ref, error))
    return FALSE;

  texts[0] = day;
  texts[1] = psems_actor_get_name (actor);
  texts[2] = action;
  if (!write_step (txn, f, "close",
                   "UPDATE finding SET status = 'closed', closed_on = ?3, closed_by = ?4,"
                   " corrective_action = ?5, updated_at = ?2 WHERE id = ?1", texts, 3, error) ||
      !attach_evidence (txn, f->id, evidence_paths, _("Evidence of the corrective action"), error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* Whether the database has no live user: single-user mode. */
static gboolean
is_single_user (PsemsStore  *store,
                gboolean    *single,
                GError     **error)
{
  gint64 n = psems_store_count (store, "SELECT count(*) FROM app_user WHERE deleted_at IS NULL", error);

  if (n < 0)
    return FALSE;
  *single = n == 0;
  return TRUE;
}

static gboolean
same_person (const char *a,
             const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return g_str_equal (fa, fb);
}

/**
 * psems_finding_verify:
 * @verified_on: (nullable): the day the action was checked; %NULL: today
 *
 * Verifies a closed finding, recording the actor as verifier. Whoever
 * closed it (names compared in any letter case) may not verify it while the
 * database has users (%PSEMS_ERROR_PERMISSION); in single-user mode they may,
 * and self_verified records it. Refused too, writing nothing: another status,
 * a day that is not a date, in the future or before the closure.
 */
gboolean
psems_finding_verify (PsemsStore  *store,
                      PsemsActor  *actor,
                      gint64       id,
                      const char  *verified_on,
                      GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsFinding) f = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *day = NULL;
  const char *name;
  const char *texts[3];
  gboolean single = FALSE;
  gboolean self = FALSE;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  f = begin_step (store, actor, id, &txn, error);
  if (f == NULL)
    return FALSE;
  if (!g_str_equal (f->status, "closed"))
    return refuse_status (f, _("only a closed finding can be verified"), error);

  name = psems_actor_get_name (actor);
  if (!is_single_user (store, &single, error))
    return FALSE;
  self = same_person (name, f->closed_by);
  if (self && !single)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                   _("%s: verified_by: %s closed this finding and cannot also verify it; another user "
                     "must (only in single-user mode may whoever closed a finding verify it)"),
                   f->ref, f->closed_by);
      return FALSE;
    }

  day = psems_sql_dup_field (verified_on);
  if (day == NULL)
    day = psems_day_text_today ();
  problems = psems_field_problems_new ();
  if (psems_day_text_check_past (problems, "verified_on", day) && g_strcmp0 (day, f->closed_on) < 0)
    psems_field_problems_add (problems, "verified_on", _("%s is before the finding was closed on %s"), day,
                              f->closed_on);
  if (!psems_field_problems_to_error (problems, f->ref, error))
    return FALSE;

  texts[0] = day;
  texts[1] = name;
  texts[2] = self ? "1" : "0";
  if (!write_step (txn, f, "verify",
                   "UPDATE finding SET status = 'verified', verified_on = ?3, verified_by = ?4,"
                   " self_verified = CAST(?5 AS INTEGER), updated_at = ?2 WHERE id = ?1", texts, 3, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_finding_reopen:
 *
 * Reopens a closed finding: back to open, its closing day and closer
 * cleared (the audit trail keeps them). A verified finding is final and
 * refused: raise a new finding when the problem comes back.
 */
gboolean
psems_finding_reopen (PsemsStore  *store,
                      PsemsActor  *actor,
                      gint64       id,
                      GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsFinding) f = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  f = begin_step (store, actor, id, &txn, error);
  if (f == NULL)
    return FALSE;
  if (g_str_equal (f->status, "verified"))
    return refuse_status (f, _("a verified finding is final; raise a new finding if the problem comes back"),
                          error);
  if (!g_str_equal (f->status, "closed"))
    return refuse_status (f, _("only a closed finding can be reopened"), error);
  if (!write_step (txn, f, "reopen",
                   "UPDATE finding SET status = 'open', closed_on = NULL, closed_by = NULL, updated_at = ?2"
                   " WHERE id = ?1", NULL, 0, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}
