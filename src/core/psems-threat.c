/* psems-threat.c — the facility security assessment (ISPS A/15): risk matrix, threat scenarios, residual risk. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "psems-error.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-threat.h"
#include "psems-transaction.h"

/*
 * Field names in problems and refusals: facility_id, pfsa_id, name,
 * description, target, likelihood, consequence, control_ids; for the PFSA
 * facility_id, title, assessed_on, assessor, organization, approved_on,
 * approved_by, review_due, summary; for the matrix levels, cells.
 */

/* The default matrix: a level by likelihood × consequence up to a score. */
static const struct
{
  const char *name;
  const char *colour;
  int max_score;
} default_levels[] = {
  { N_("Low"), "#4caf50", 4 },
  { N_("Medium"), "#ffc107", 9 },
  { N_("High"), "#ff9800", 16 },
  { N_("Very high"), "#f44336", 25 },
};

#define RISK_LEVELS_MAX 10

/* ───────────────────────────── values ───────────────────────────── */

static void
risk_level_free (PsemsRiskLevel *level)
{
  if (level == NULL)
    return;
  g_free (level->name);
  g_free (level->colour);
  g_free (level);
}

static PsemsRiskLevel *
risk_level_new (gint64      id,
                const char *name,
                const char *colour,
                int         position)
{
  PsemsRiskLevel *level = g_new0 (PsemsRiskLevel, 1);

  level->id = id;
  level->name = g_strdup (name);
  level->colour = g_strdup (colour);
  level->position = position;
  return level;
}

static PsemsRiskMatrix *
risk_matrix_new_empty (void)
{
  PsemsRiskMatrix *matrix = g_new0 (PsemsRiskMatrix, 1);

  matrix->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) risk_level_free);
  return matrix;
}

/**
 * psems_risk_matrix_new_default:
 *
 * Returns: (transfer full): the matrix a database starts with: Low up to a
 * score (likelihood × consequence) of 4, Medium up to 9, High up to 16,
 * Very high above.
 */
PsemsRiskMatrix *
psems_risk_matrix_new_default (void)
{
  PsemsRiskMatrix *matrix = risk_matrix_new_empty ();

  for (guint i = 0; i < G_N_ELEMENTS (default_levels); i++)
    g_ptr_array_add (matrix->levels,
                     risk_level_new (0, _(default_levels[i].name), default_levels[i].colour, (int) i + 1));
  for (int l = 1; l <= PSEMS_RISK_SCALE; l++)
    for (int c = 1; c <= PSEMS_RISK_SCALE; c++)
      {
        int level = 0;

        while (l * c > default_levels[level].max_score)
          level++;
        matrix->cell[l - 1][c - 1] = level;
      }
  return matrix;
}

void
psems_risk_matrix_free (PsemsRiskMatrix *matrix)
{
  if (matrix == NULL)
    return;
  g_clear_pointer (&matrix->levels, g_ptr_array_unref);
  g_free (matrix);
}

/* The level of a cell; NULL when the cell or its index is out of range. */
const PsemsRiskLevel *
psems_risk_matrix_lookup (const PsemsRiskMatrix *matrix,
                          int                    likelihood,
                          int                    consequence)
{
  int index;

  g_return_val_if_fail (matrix != NULL, NULL);

  if (likelihood < 1 || likelihood > PSEMS_RISK_SCALE || consequence < 1 || consequence > PSEMS_RISK_SCALE)
    return NULL;
  index = matrix->cell[likelihood - 1][consequence - 1];
  if (matrix->levels == NULL || index < 0 || (guint) index >= matrix->levels->len)
    return NULL;
  return g_ptr_array_index (matrix->levels, index);
}

PsemsThreat *
psems_threat_new (void)
{
  PsemsThreat *threat = g_new0 (PsemsThreat, 1);

  threat->likelihood = 1;
  threat->consequence = 1;
  threat->control_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return threat;
}

void
psems_threat_assessment_clear (PsemsThreatAssessment *assessment)
{
  if (assessment == NULL)
    return;
  g_clear_pointer (&assessment->unopposed_layers, g_array_unref);
  g_clear_pointer (&assessment->best_per_layer, g_array_unref);
  memset (assessment, 0, sizeof *assessment);
}

void
psems_threat_free (PsemsThreat *threat)
{
  if (threat == NULL)
    return;
  g_free (threat->ref);
  g_free (threat->name);
  g_free (threat->description);
  g_free (threat->target);
  g_clear_pointer (&threat->control_ids, g_array_unref);
  psems_threat_assessment_clear (&threat->assessment);
  g_free (threat);
}

PsemsPfsa *
psems_pfsa_new (void)
{
  return g_new0 (PsemsPfsa, 1);
}

void
psems_pfsa_free (PsemsPfsa *pfsa)
{
  if (pfsa == NULL)
    return;
  g_free (pfsa->ref);
  g_free (pfsa->title);
  g_free (pfsa->assessed_on);
  g_free (pfsa->assessor);
  g_free (pfsa->organization);
  g_free (pfsa->approved_on);
  g_free (pfsa->approved_by);
  g_free (pfsa->review_due);
  g_free (pfsa->summary);
  g_free (pfsa);
}

/* ───────────────────────────── the formula ───────────────────────────── */

static gboolean
threat_has_control (const PsemsThreat *threat,
                    gint64             control_id)
{
  if (threat->control_ids == NULL)
    return FALSE;
  for (guint i = 0; i < threat->control_ids->len; i++)
    if (g_array_index (threat->control_ids, gint64, i) == control_id)
      return TRUE;
  return FALSE;
}

static int
matrix_index (const PsemsRiskMatrix *matrix,
              int                    likelihood,
              int                    consequence)
{
  likelihood = CLAMP (likelihood, 1, PSEMS_RISK_SCALE);
  consequence = CLAMP (consequence, 1, PSEMS_RISK_SCALE);
  return matrix->cell[likelihood - 1][consequence - 1];
}

/**
 * psems_threat_assess:
 * @threat: the scenario: its likelihood, consequence and mitigating controls
 * @layers: (element-type PsemsLayer): its facility's layers, outside in
 * @controls: (element-type PsemsControl): controls with their derived fields
 *   filled (as of the day judged); others than the threat's are ignored
 * @matrix: the risk matrix
 * @out: (out caller-allocates): cleared, then filled
 *
 * The one residual-risk formula (see psems-threat.h).
 */
void
psems_threat_assess (const PsemsThreat     *threat,
                     GPtrArray             *layers,
                     GPtrArray             *controls,
                     const PsemsRiskMatrix *matrix,
                     PsemsThreatAssessment *out)
{
  double residual;
  int residual_class;

  g_return_if_fail (threat != NULL);
  g_return_if_fail (layers != NULL);
  g_return_if_fail (matrix != NULL);
  g_return_if_fail (out != NULL);

  psems_threat_assessment_clear (out);
  out->unopposed_layers = g_array_new (FALSE, FALSE, sizeof (gint64));
  out->best_per_layer = g_array_new (FALSE, FALSE, sizeof (int));
  out->inherent_score = threat->likelihood * threat->consequence;
  out->inherent_level = matrix_index (matrix, threat->likelihood, threat->consequence);

  residual = threat->likelihood;
  for (guint i = 0; i < layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (layers, i);
      int best = 0;

      for (guint k = 0; controls != NULL && k < controls->len; k++)
        {
          const PsemsControl *control = g_ptr_array_index (controls, k);

          if (control->layer_id == layer->id && control->effective &&
              threat_has_control (threat, control->id))
            best = MAX (best, CLAMP (control->effectiveness, 0, 100));
        }
      g_array_append_val (out->best_per_layer, best);
      if (best > 0)
        {
          residual *= 1.0 - best / 100.0;
          if (out->stop_position == 0)
            {
              out->stop_position = layer->position;
              out->stop_layer_id = layer->id;
            }
        }
      else
        g_array_append_val (out->unopposed_layers, layer->id);
    }

  out->residual_likelihood = residual;
  /* Rounded up, with a tolerance so that 4 × 50 % is class 2, not 3 by a
   * rounding error; a threat never drops below the lowest class. */
  residual_class = (int) ceil (residual - 1e-9);
  out->residual_likelihood_class = CLAMP (residual_class, 1, PSEMS_RISK_SCALE);
  out->residual_level = matrix_index (matrix, out->residual_likelihood_class, threat->consequence);
}

/* ───────────────────────────── dates ───────────────────────────── */

/* @as_of checked, or today (local calendar) for NULL; NULL with @error when not a date. */
static char *
dup_as_of (const char  *as_of,
           GError     **error)
{
  if (as_of == NULL)
    return psems_day_text_today ();
  if (!psems_day_text_resolve (as_of, NULL, error))
    return NULL;
  return g_strdup (as_of);
}

/* ───────────────────────────── reading the matrix ───────────────────────────── */

/**
 * psems_risk_matrix_load:
 *
 * Returns: (transfer full): the stored matrix; a database that has none
 * stored reads as psems_risk_matrix_new_default() (psems_risk_matrix_save()
 * stores it). %NULL with @error when the stored matrix lacks a cell.
 */
PsemsRiskMatrix *
psems_risk_matrix_load (PsemsStore  *store,
                        GError     **error)
{
  g_autoptr(PsemsRiskMatrix) matrix = NULL;
  g_autoptr(PsemsCachedStmt) levels = NULL;
  g_autoptr(PsemsCachedStmt) cells = NULL;
  gboolean seen[PSEMS_RISK_SCALE][PSEMS_RISK_SCALE] = { { FALSE } };
  int rc;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  levels = psems_store_prepare (store, "SELECT id, name, colour, position FROM risk_level ORDER BY position",
                                error);
  if (levels == NULL)
    return NULL;
  matrix = risk_matrix_new_empty ();
  while ((rc = sqlite3_step (levels)) == SQLITE_ROW)
    g_ptr_array_add (matrix->levels,
                     risk_level_new (sqlite3_column_int64 (levels, 0),
                                     (const char *) sqlite3_column_text (levels, 1),
                                     (const char *) sqlite3_column_text (levels, 2),
                                     (int) matrix->levels->len + 1));
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "risk_level");
      return NULL;
    }
  if (matrix->levels->len == 0)
    return psems_risk_matrix_new_default ();

  cells = psems_store_prepare (store, "SELECT likelihood, consequence, level_id FROM risk_matrix_cell", error);
  if (cells == NULL)
    return NULL;
  while ((rc = sqlite3_step (cells)) == SQLITE_ROW)
    {
      int l = sqlite3_column_int (cells, 0);
      int c = sqlite3_column_int (cells, 1);
      gint64 level_id = sqlite3_column_int64 (cells, 2);

      if (l < 1 || l > PSEMS_RISK_SCALE || c < 1 || c > PSEMS_RISK_SCALE)
        continue;
      for (guint i = 0; i < matrix->levels->len; i++)
        if (((PsemsRiskLevel *) g_ptr_array_index (matrix->levels, i))->id == level_id)
          {
            matrix->cell[l - 1][c - 1] = (int) i;
            seen[l - 1][c - 1] = TRUE;
          }
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "risk_matrix_cell");
      return NULL;
    }
  for (int l = 0; l < PSEMS_RISK_SCALE; l++)
    for (int c = 0; c < PSEMS_RISK_SCALE; c++)
      if (!seen[l][c])
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                       _("The stored risk matrix has no level for likelihood %d and consequence %d; "
                         "save the matrix again"), l + 1, c + 1);
          return NULL;
        }
  return g_steal_pointer (&matrix);
}

/* ───────────────────────────── reading threats ───────────────────────────── */

#define THREAT_COLUMNS \
  "SELECT t.id, t.ref, t.facility_id, t.pfsa_id, t.name, t.description, t.target, t.likelihood," \
  " t.consequence FROM threat_scenario t"

/* ?1 a facility (0: all), ?2 one scenario (0: all live ones). */
#define THREAT_SCOPE \
  " (?1 = 0 OR t.facility_id = ?1) AND (?2 = 0 OR t.id = ?2) AND (?2 <> 0 OR t.deleted_at IS NULL)"

static PsemsThreat *
threat_from_row (sqlite3_stmt *stmt)
{
  PsemsThreat *t = psems_threat_new ();

  t->id = sqlite3_column_int64 (stmt, 0);
  t->ref = psems_sql_dup_column (stmt, 1);
  t->facility_id = sqlite3_column_int64 (stmt, 2);
  t->pfsa_id = sqlite3_column_int64 (stmt, 3);
  t->name = psems_sql_dup_column (stmt, 4);
  t->description = psems_sql_dup_column (stmt, 5);
  t->target = psems_sql_dup_column (stmt, 6);
  t->likelihood = sqlite3_column_int (stmt, 7);
  t->consequence = sqlite3_column_int (stmt, 8);
  return t;
}

static int
compare_threats (gconstpointer a,
                 gconstpointer b)
{
  const PsemsThreat *x = *(PsemsThreat * const *) a;
  const PsemsThreat *y = *(PsemsThreat * const *) b;
  int score_x = x->likelihood * x->consequence;
  int score_y = y->likelihood * y->consequence;
  int by_name;

  if (score_x != score_y)
    return score_y - score_x;
  by_name = g_utf8_collate (x->name, y->name);
  if (by_name != 0)
    return by_name;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The scenarios in scope with their mitigating controls and assessment as of
 * @as_of: a fixed number of queries (one layer query per facility concerned). */
static GPtrArray *
threat_query (PsemsStore  *store,
              gint64       facility_id,
              gint64       threat_id,
              const char  *as_of,
              GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(PsemsCachedStmt) links = NULL;
  g_autoptr(GPtrArray) threats = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GHashTable) layers = NULL;
  g_autoptr(PsemsRiskMatrix) matrix = NULL;
  g_autofree char *day = NULL;
  gint64 control_scope;
  int rc;

  day = dup_as_of (as_of, error);
  if (day == NULL)
    return NULL;

  stmt = psems_store_prepare (store, THREAT_COLUMNS " WHERE" THREAT_SCOPE, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  sqlite3_bind_int64 (stmt, 2, threat_id);
  threats = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) threat_from_row,
                                    (GDestroyNotify) psems_threat_free, "threat_scenario", error);
  if (threats == NULL)
    return NULL;
  if (threats->len == 0)
    return g_steal_pointer (&threats);
  g_ptr_array_sort (threats, compare_threats);

  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < threats->len; i++)
    {
      PsemsThreat *t = g_ptr_array_index (threats, i);
      g_hash_table_insert (by_id, &t->id, t);
    }

  links = psems_store_prepare (store,
                               "SELECT m.threat_id, m.control_id FROM threat_mitigation m"
                               " JOIN threat_scenario t ON t.id = m.threat_id"
                               " JOIN control c ON c.id = m.control_id"
                               " WHERE m.deleted_at IS NULL AND c.deleted_at IS NULL AND" THREAT_SCOPE
                               " ORDER BY m.threat_id, m.id", error);
  if (links == NULL)
    return NULL;
  sqlite3_bind_int64 (links, 1, facility_id);
  sqlite3_bind_int64 (links, 2, threat_id);
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (links, 0);
      gint64 control_id = sqlite3_column_int64 (links, 1);
      PsemsThreat *t = g_hash_table_lookup (by_id, &id);

      if (t != NULL)
        g_array_append_val (t->control_ids, control_id);
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "threat_mitigation");
      return NULL;
    }

  /* One scenario: only its facility's controls are needed. */
  control_scope = threat_id != 0 ? ((PsemsThreat *) g_ptr_array_index (threats, 0))->facility_id : facility_id;
  controls = psems_control_list (store, control_scope, day, error);
  if (controls == NULL)
    return NULL;
  matrix = psems_risk_matrix_load (store, error);
  if (matrix == NULL)
    return NULL;

  layers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < threats->len; i++)
    {
      PsemsThreat *t = g_ptr_array_index (threats, i);
      GPtrArray *facility_layers = g_hash_table_lookup (layers, &t->facility_id);

      if (facility_layers == NULL)
        {
          facility_layers = psems_layer_list (store, t->facility_id, error);
          if (facility_layers == NULL)
            return NULL;
          g_hash_table_insert (layers, g_memdup2 (&t->facility_id, sizeof (gint64)), facility_layers);
        }
      psems_threat_assess (t, facility_layers, controls, matrix, &t->assessment);
    }
  return g_steal_pointer (&threats);
}

/**
 * psems_threat_get:
 * @as_of: (nullable): the day the controls are judged on; %NULL: today
 *
 * Returns: (transfer full): the scenario (deleted or not) with its
 * mitigating controls and assessment, or %NULL with %PSEMS_ERROR_NOT_FOUND.
 */
PsemsThreat *
psems_threat_get (PsemsStore  *store,
                  gint64       id,
                  const char  *as_of,
                  GError     **error)
{
  g_autoptr(GPtrArray) threats = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (id > 0)
    {
      threats = threat_query (store, 0, id, as_of, error);
      if (threats == NULL)
        return NULL;
      if (threats->len > 0)
        return g_ptr_array_steal_index (threats, 0);
    }
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no threat scenario with id %lld"),
               (long long) id);
  return NULL;
}

/**
 * psems_threat_list:
 * @facility_id: a facility, or 0 for every facility
 * @as_of: (nullable): the day the controls are judged on; %NULL: today
 *
 * Returns: (transfer full) (element-type PsemsThreat): the live scenarios,
 * highest inherent score first, then by name, each assessed.
 */
GPtrArray *
psems_threat_list (PsemsStore  *store,
                   gint64       facility_id,
                   const char  *as_of,
                   GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return threat_query (store, facility_id, 0, as_of, error);
}

/**
 * psems_threat_resolve:
 * @text: a scenario reference (THR-2026-0001), in any letter case, or an id
 *
 * Returns: the scenario's id, or 0 with @error set naming @text.
 */
gint64
psems_threat_resolve (PsemsStore  *store,
                      const char  *text,
                      GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No threat scenario given: name one by its reference (THR-YYYY-NNNN)"));
      return 0;
    }
  if (!psems_sql_parse_id (trimmed, &id))
    return psems_ref_resolve (store, "threat", trimmed, error);

  stmt = psems_store_prepare (store, "SELECT id FROM threat_scenario WHERE id = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no threat scenario with id %lld"),
                   (long long) id);
      return 0;
    }
  return id;
}

/* ───────────────────────────── reading assessments ───────────────────────────── */

#define PFSA_COLUMNS \
  "SELECT a.id, a.ref, a.facility_id, a.title, a.assessed_on, a.assessor, a.organization, a.approved_on," \
  " a.approved_by, a.review_due, a.summary," \
  " (SELECT count(*) FROM threat_scenario t WHERE t.pfsa_id = a.id AND t.deleted_at IS NULL)," \
  " a.review_due IS NOT NULL AND a.review_due < ?9" \
  " FROM facility_assessment a"

static PsemsPfsa *
pfsa_from_row (sqlite3_stmt *stmt)
{
  PsemsPfsa *p = psems_pfsa_new ();

  p->id = sqlite3_column_int64 (stmt, 0);
  p->ref = psems_sql_dup_column (stmt, 1);
  p->facility_id = sqlite3_column_int64 (stmt, 2);
  p->title = psems_sql_dup_column (stmt, 3);
  p->assessed_on = psems_sql_dup_column (stmt, 4);
  p->assessor = psems_sql_dup_column (stmt, 5);
  p->organization = psems_sql_dup_column (stmt, 6);
  p->approved_on = psems_sql_dup_column (stmt, 7);
  p->approved_by = psems_sql_dup_column (stmt, 8);
  p->review_due = psems_sql_dup_column (stmt, 9);
  p->summary = psems_sql_dup_column (stmt, 10);
  p->n_threats = sqlite3_column_int (stmt, 11);
  p->review_overdue = sqlite3_column_int (stmt, 12) != 0;
  return p;
}

static GPtrArray *
pfsa_query (PsemsStore  *store,
            const char  *where,
            gint64       facility_id,
            gint64       id,
            const char  *as_of,
            GError     **error)
{
  g_autofree char *day = dup_as_of (as_of, error);
  g_autofree char *sql = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  if (day == NULL)
    return NULL;
  sql = g_strconcat (PFSA_COLUMNS " WHERE ", where, NULL);
  stmt = psems_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_text (stmt, 9, day, -1, SQLITE_STATIC);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) pfsa_from_row,
                                 (GDestroyNotify) psems_pfsa_free, "facility_assessment", error);
}

/**
 * psems_pfsa_get_current:
 * @as_of: (nullable): the day "review overdue" is judged on; %NULL: today
 *
 * Returns: (transfer full) (nullable): the facility's live assessment with
 * the latest assessed_on, or %NULL without an error when it has none.
 */
PsemsPfsa *
psems_pfsa_get_current (PsemsStore  *store,
                        gint64       facility_id,
                        const char  *as_of,
                        GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  list = pfsa_query (store,
                     "a.facility_id = ?1 AND a.deleted_at IS NULL"
                     " ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1", facility_id, 0, as_of, error);
  if (list == NULL || list->len == 0)
    return NULL;
  return g_ptr_array_steal_index (list, 0);
}

/**
 * psems_pfsa_list:
 * @facility_id: a facility, or 0 for every facility
 *
 * Returns: (transfer full) (element-type PsemsPfsa): the live assessments,
 * latest first.
 */
GPtrArray *
psems_pfsa_list (PsemsStore  *store,
                 gint64       facility_id,
                 const char  *as_of,
                 GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return pfsa_query (store,
                     "(?1 = 0 OR a.facility_id = ?1) AND a.deleted_at IS NULL"
                     " ORDER BY a.assessed_on DESC, a.id DESC", facility_id, 0, as_of, error);
}

/* ───────────────────────────── writing the matrix ───────────────────────────── */

static gboolean
is_colour (const char *text)
{
  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* Every problem with a matrix about to be saved. */
static GPtrArray *
risk_matrix_validate (const PsemsRiskMatrix *matrix)
{
  GPtrArray *problems = psems_field_problems_new ();
  guint n = matrix->levels != NULL ? matrix->levels->len : 0;

  if (n < 1 || n > RISK_LEVELS_MAX)
    psems_field_problems_add (problems, "levels",
                              g_dngettext (GETTEXT_PACKAGE, "%u level given: a risk matrix has 1 to %d levels",
                                           "%u levels given: a risk matrix has 1 to %d levels", n),
                              n, RISK_LEVELS_MAX);
  for (guint i = 0; i < n; i++)
    {
      const PsemsRiskLevel *level = g_ptr_array_index (matrix->levels, i);
      g_autofree char *name = psems_sql_dup_field (level->name);

      if (name == NULL)
        psems_field_problems_add (problems, "levels", _("Level %u has no name"), i + 1);
      else
        for (guint k = 0; k < i; k++)
          {
            g_autofree char *other = psems_sql_dup_field (((PsemsRiskLevel *) g_ptr_array_index (matrix->levels,
                                                                                                   k))->name);
            g_autofree char *a = other != NULL ? g_utf8_casefold (other, -1) : NULL;
            g_autofree char *b = g_utf8_casefold (name, -1);

            if (g_strcmp0 (a, b) == 0)
              psems_field_problems_add (problems, "levels", _("Levels %u and %u are both named “%s”"),
                                        k + 1, i + 1, name);
          }
      if (!is_colour (level->colour))
        psems_field_problems_add (problems, "levels",
                                  _("“%s” is not a colour for level %u: give #rrggbb, e.g. #f44336"),
                                  level->colour != NULL ? level->colour : "", i + 1);
    }
  for (int l = 0; l < PSEMS_RISK_SCALE; l++)
    for (int c = 0; c < PSEMS_RISK_SCALE; c++)
      if (matrix->cell[l][c] < 0 || (guint) matrix->cell[l][c] >= n)
        psems_field_problems_add (problems, "cells",
                                  _("The cell for likelihood %d and consequence %d names no level"), l + 1, c + 1);
  return problems;
}

static char *
matrix_cells_image (const PsemsRiskMatrix *matrix)
{
  GString *out = g_string_new ("{\"cells\":[");

  for (int l = 0; l < PSEMS_RISK_SCALE; l++)
    for (int c = 0; c < PSEMS_RISK_SCALE; c++)
      {
        const PsemsRiskLevel *level = psems_risk_matrix_lookup (matrix, l + 1, c + 1);

        if (l + c > 0)
          g_string_append_c (out, ',');
        psems_sql_append_json_string (out, level != NULL ? level->name : "");
      }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static gboolean
exec_simple (PsemsStore  *store,
             const char  *sql,
             GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, error);

  return stmt != NULL && psems_sql_step_done (store, stmt, "risk_matrix", error);
}

/**
 * psems_risk_matrix_save:
 * @matrix: levels lowest first (an @id names a stored level, 0 a new one)
 *   and a level for every cell
 *
 * Replaces the stored matrix in one transaction. Problems refuse it
 * ("Risk matrix: <levels|cells>: <message>"): no level or more than 10,
 * a level without a name or with the name of another, a colour that is not
 * #rrggbb, a cell naming no level.
 */
gboolean
psems_risk_matrix_save (PsemsStore            *store,
                        PsemsActor            *actor,
                        const PsemsRiskMatrix *matrix,
                        GError               **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsRiskMatrix) before = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) images = NULL;
  g_autofree char *before_cells = NULL;
  g_autofree char *after_cells = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (matrix != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "risk-level", 0, error);
  if (txn == NULL)
    return FALSE;

  problems = risk_matrix_validate (matrix);
  if (!psems_field_problems_to_error (problems, _("Risk matrix"), error))
    return FALSE;
  for (guint i = 0; i < matrix->levels->len; i++)
    {
      const PsemsRiskLevel *level = g_ptr_array_index (matrix->levels, i);
      g_autoptr(PsemsCachedStmt) stmt = NULL;

      if (level->id == 0)
        continue;
      stmt = psems_store_prepare (store, "SELECT 1 FROM risk_level WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, level->id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("Risk matrix: levels: there is no risk level with id %lld"), (long long) level->id);
          return FALSE;
        }
    }

  /* The stored matrix, for the audit trail (a database without one reads as the default). */
  {
    g_autoptr(PsemsCachedStmt) count = psems_store_prepare (store, "SELECT count(*) FROM risk_level", error);

    if (count == NULL || sqlite3_step (count) != SQLITE_ROW)
      return FALSE;
    if (sqlite3_column_int (count, 0) > 0)
      {
        before = psems_risk_matrix_load (store, error);
        if (before == NULL)
          return FALSE;
        before_cells = matrix_cells_image (before);
      }
  }

  images = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; before != NULL && i < before->levels->len; i++)
    {
      const PsemsRiskLevel *old = g_ptr_array_index (before->levels, i);
      char *image = psems_transaction_image (txn, "risk-level", old->id, error);

      if (image == NULL)
        return FALSE;
      g_hash_table_insert (images, g_memdup2 (&old->id, sizeof old->id), image);
    }

  if (!exec_simple (store, "DELETE FROM risk_matrix_cell", error))
    return FALSE;

  /* Levels no longer listed go; the kept ones are parked on free names and
   * positions first so that reordering and renaming never trip UNIQUE. */
  ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  for (guint i = 0; before != NULL && i < before->levels->len; i++)
    {
      const PsemsRiskLevel *old = g_ptr_array_index (before->levels, i);
      gboolean kept = FALSE;

      for (guint k = 0; k < matrix->levels->len && !kept; k++)
        kept = ((PsemsRiskLevel *) g_ptr_array_index (matrix->levels, k))->id == old->id;
      if (!kept)
        {
          const char *image = g_hash_table_lookup (images, &old->id);
          g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, "DELETE FROM risk_level WHERE id = ?1",
                                                                 error);

          if (image == NULL || stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, old->id);
          if (!psems_sql_step_done (store, stmt, "risk_level", error) ||
              !psems_transaction_record (txn, "delete", "risk-level", old->id, NULL, image, NULL, error))
            return FALSE;
        }
    }
  if (!exec_simple (store, "UPDATE risk_level SET name = char(1) || id, position = 1000 + id", error))
    return FALSE;

  for (guint i = 0; i < matrix->levels->len; i++)
    {
      const PsemsRiskLevel *level = g_ptr_array_index (matrix->levels, i);
      g_autofree char *name = psems_sql_dup_field (level->name);
      g_autoptr(PsemsCachedStmt) stmt = NULL;
      gint64 id = level->id;

      if (id != 0)
        stmt = psems_store_prepare (store, "UPDATE risk_level SET name = ?1, colour = ?2, position = ?3"
                                    " WHERE id = ?4", error);
      else
        stmt = psems_store_prepare (store, "INSERT INTO risk_level (name, colour, position) VALUES (?1, ?2, ?3)",
                                    error);
      if (stmt == NULL)
        return FALSE;
      psems_sql_bind_text (stmt, 1, name);
      psems_sql_bind_text (stmt, 2, level->colour);
      sqlite3_bind_int (stmt, 3, (int) i + 1);
      if (id != 0)
        sqlite3_bind_int64 (stmt, 4, id);
      if (!psems_sql_step_done (store, stmt, "risk_level", error))
        return FALSE;
      if (id == 0)
        id = sqlite3_last_insert_rowid (psems_store_get_db (store));
      g_array_append_val (ids, id);
    }

  for (int l = 0; l < PSEMS_RISK_SCALE; l++)
    for (int c = 0; c < PSEMS_RISK_SCALE; c++)
      {
        g_autoptr(PsemsCachedStmt) stmt =
          psems_store_prepare (store, "INSERT INTO risk_matrix_cell (likelihood, consequence, level_id)"
                               " VALUES (?1, ?2, ?3)", error);

        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int (stmt, 1, l + 1);
        sqlite3_bind_int (stmt, 2, c + 1);
        sqlite3_bind_int64 (stmt, 3, g_array_index (ids, gint64, matrix->cell[l][c]));
        if (!psems_sql_step_done (store, stmt, "risk_matrix_cell", error))
          return FALSE;
      }

  /* One audit entry per level whose row changed, and one for the cells. */
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      const char *old_image = g_hash_table_lookup (images, &id);
      g_autofree char *after = psems_transaction_image (txn, "risk-level", id, error);

      if (after == NULL)
        return FALSE;
      if (g_strcmp0 (old_image, after) == 0)
        continue;
      if (!psems_transaction_record (txn, old_image != NULL ? "update" : "create", "risk-level", id, NULL,
                                     old_image, after, error))
        return FALSE;
    }
  {
    g_autoptr(PsemsRiskMatrix) stored = psems_risk_matrix_load (store, error);

    if (stored == NULL)
      return FALSE;
    after_cells = matrix_cells_image (stored);
    if (g_strcmp0 (before_cells, after_cells) != 0 &&
        !psems_transaction_record (txn, "update", "risk-matrix", 0, NULL, before_cells, after_cells, error))
      return FALSE;
  }
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* ───────────────────────────── writing threats ───────────────────────────── */

static PsemsThreat *
threat_normalize (const PsemsThreat *in)
{
  PsemsThreat *t = psems_threat_new ();

  t->id = in->id;
  t->ref = g_strdup (in->ref);
  t->facility_id = in->facility_id;
  t->pfsa_id = in->pfsa_id;
  t->name = psems_sql_dup_field (in->name);
  t->description = psems_sql_dup_field (in->description);
  t->target = psems_sql_dup_field (in->target);
  t->likelihood = in->likelihood;
  t->consequence = in->consequence;
  for (guint i = 0; in->control_ids != NULL && i < in->control_ids->len; i++)
    {
      gint64 id = g_array_index (in->control_ids, gint64, i);
      gboolean seen = FALSE;

      for (guint k = 0; k < t->control_ids->len && !seen; k++)
        seen = g_array_index (t->control_ids, gint64, k) == id;
      if (!seen)
        g_array_append_val (t->control_ids, id);
    }
  return t;
}

/* The problem, if any, with @control_id as a mitigating control of a threat at @facility_id. */
static char *
control_problem (PsemsStore *store,
                 gint64      facility_id,
                 gint64      control_id)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT ref, facility_id, deleted_at FROM control WHERE id = ?1", NULL);

  if (stmt == NULL)
    return g_strdup (_("The controls cannot be read"));
  sqlite3_bind_int64 (stmt, 1, control_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup_printf (_("There is no control with id %lld"), (long long) control_id);
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    return g_strdup_printf (_("%s was deleted"), (const char *) sqlite3_column_text (stmt, 0));
  if (sqlite3_column_int64 (stmt, 1) != facility_id)
    return g_strdup_printf (_("%s is a control of another facility"), (const char *) sqlite3_column_text (stmt, 0));
  return NULL;
}

static void
threat_validate_normalized (PsemsStore        *store,
                            const PsemsThreat *t,
                            GPtrArray         *problems)
{
  gboolean facility_ok = psems_facility_check_owner (store, t->facility_id, NULL, problems);

  if (t->id != 0)
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "SELECT facility_id, deleted_at, ref FROM threat_scenario WHERE id = ?1", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, t->id);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            psems_field_problems_add (problems, "id", _("There is no threat scenario with id %lld"),
                                      (long long) t->id);
          else if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            psems_field_problems_add (problems, "id", _("%s was deleted"),
                                      (const char *) sqlite3_column_text (stmt, 2));
          else if (sqlite3_column_int64 (stmt, 0) != t->facility_id)
            psems_field_problems_add (problems, "facility_id",
                                      _("A threat scenario cannot move to another facility; create it there"));
        }
    }

  if (t->pfsa_id != 0)
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "SELECT facility_id, deleted_at, ref FROM facility_assessment WHERE id = ?1",
                             NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, t->pfsa_id);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            psems_field_problems_add (problems, "pfsa_id", _("There is no facility security assessment with id %lld"),
                                      (long long) t->pfsa_id);
          else if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            psems_field_problems_add (problems, "pfsa_id", _("%s was deleted"),
                                      (const char *) sqlite3_column_text (stmt, 2));
          else if (facility_ok && sqlite3_column_int64 (stmt, 0) != t->facility_id)
            psems_field_problems_add (problems, "pfsa_id", _("%s is the assessment of another facility"),
                                      (const char *) sqlite3_column_text (stmt, 2));
        }
    }

  if (t->name == NULL)
    psems_field_problems_add (problems, "name", _("A name is required"));
  if (t->likelihood < 1 || t->likelihood > PSEMS_RISK_SCALE)
    psems_field_problems_add (problems, "likelihood", _("%d is not a likelihood: give 1 to %d"), t->likelihood,
                              PSEMS_RISK_SCALE);
  if (t->consequence < 1 || t->consequence > PSEMS_RISK_SCALE)
    psems_field_problems_add (problems, "consequence", _("%d is not a consequence: give 1 to %d"),
                              t->consequence, PSEMS_RISK_SCALE);

  for (guint i = 0; facility_ok && i < t->control_ids->len; i++)
    {
      g_autofree char *problem = control_problem (store, t->facility_id,
                                                  g_array_index (t->control_ids, gint64, i));

      if (problem != NULL)
        psems_field_problems_add (problems, "control_ids", "%s", problem);
    }
}

/**
 * psems_threat_validate:
 * @threat: the values of a form; @threat->id 0 for a new scenario
 *
 * Every problem with @threat's values: the facility, the assessment (of the
 * same facility), the name, likelihood and consequence 1–5, and mitigating
 * controls that exist, are live and belong to the same facility.
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): the problems.
 */
GPtrArray *
psems_threat_validate (PsemsStore        *store,
                       const PsemsThreat *threat)
{
  g_autoptr(PsemsThreat) t = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (threat != NULL, NULL);

  t = threat_normalize (threat);
  problems = psems_field_problems_new ();
  threat_validate_normalized (store, t, problems);
  return problems;
}

/* The live mitigating controls of a threat, as stored, by reference. */
static GStrv
stored_mitigations (PsemsStore *store,
                    gint64      threat_id)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store,
                         "SELECT c.ref FROM threat_mitigation m JOIN control c ON c.id = m.control_id"
                         " WHERE m.threat_id = ?1 AND m.deleted_at IS NULL ORDER BY c.ref", NULL);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, threat_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (refs, psems_sql_dup_column (stmt, 0));
    }
  g_ptr_array_add (refs, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&refs), FALSE);
}

/* The audit image of a scenario: its row and its mitigating controls. */
static char *
threat_image (PsemsTransaction  *txn,
              gint64             id,
              GError           **error)
{
  GError *local_error = NULL;
  g_autofree char *row = psems_transaction_image (txn, "threat", id, &local_error);
  g_auto(GStrv) refs = NULL;
  GString *out;

  if (row == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no threat scenario with id %lld"),
                     (long long) id);
      return NULL;
    }
  refs = stored_mitigations (psems_transaction_get_store (txn), id);
  out = g_string_new_len (row, (gssize) strlen (row) - 1);
  g_string_append (out, ",\"controls\":[");
  for (guint i = 0; refs[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      psems_sql_append_json_string (out, refs[i]);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static gboolean
record_threat (PsemsTransaction  *txn,
               const char        *action,
               gint64             id,
               const char        *before,
               GError           **error)
{
  g_autofree char *after = threat_image (txn, id, error);
  g_autofree char *ref = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  if (after == NULL)
    return FALSE;
  stmt = psems_store_prepare (psems_transaction_get_store (txn), "SELECT ref FROM threat_scenario WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ref = psems_sql_dup_column (stmt, 0);
  return psems_transaction_record (txn, action, "threat", id, ref, before, after, error);
}

/* Makes the threat's live mitigating controls exactly @control_ids; rows of
 * removed ones are marked deleted, re-added ones brought back. */
static gboolean
write_mitigations (PsemsStore  *store,
                   gint64       threat_id,
                   GArray      *control_ids,
                   GError     **error)
{
  g_autofree char *now = psems_sql_now_stamp (NULL);
  g_autoptr(PsemsCachedStmt) clear = NULL;

  clear = psems_store_prepare (store,
                               "UPDATE threat_mitigation SET deleted_at = ?2 WHERE threat_id = ?1 AND deleted_at IS NULL",
                               error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, threat_id);
  psems_sql_bind_text (clear, 2, now);
  if (!psems_sql_step_done (store, clear, "threat_mitigation", error))
    return FALSE;

  for (guint i = 0; i < control_ids->len; i++)
    {
      g_autoptr(PsemsCachedStmt) upsert =
        psems_store_prepare (store,
                             "INSERT INTO threat_mitigation (threat_id, control_id) VALUES (?1, ?2)"
                             " ON CONFLICT (threat_id, control_id) DO UPDATE SET deleted_at = NULL", error);

      if (upsert == NULL)
        return FALSE;
      sqlite3_bind_int64 (upsert, 1, threat_id);
      sqlite3_bind_int64 (upsert, 2, g_array_index (control_ids, gint64, i));
      if (!psems_sql_step_done (store, upsert, "threat_mitigation", error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_threat_values (sqlite3_stmt      *stmt,
                    const PsemsThreat *t)
{
  if (t->pfsa_id != 0)
    sqlite3_bind_int64 (stmt, 1, t->pfsa_id);
  else
    sqlite3_bind_null (stmt, 1);
  psems_sql_bind_text (stmt, 2, t->name);
  psems_sql_bind_text (stmt, 3, t->description);
  psems_sql_bind_text (stmt, 4, t->target);
  sqlite3_bind_int (stmt, 5, t->likelihood);
  sqlite3_bind_int (stmt, 6, t->consequence);
}

/**
 * psems_threat_create:
 * @threat: the new scenario's values and mitigating controls (@id and @ref ignored)
 * @ref: (out) (optional): its reference
 *
 * Creates a scenario after psems_threat_validate(); any problem refuses the
 * whole write ("<name>: <field>: <message>") and nothing is written.
 *
 * Returns: the new scenario's id, or 0 with @error set.
 */
gint64
psems_threat_create (PsemsStore        *store,
                     PsemsActor        *actor,
                     const PsemsThreat *threat,
                     char             **ref,
                     GError           **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsThreat) t = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  int year;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (threat != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  t = threat_normalize (threat);
  t->id = 0;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "threat", t->facility_id, error);
  if (txn == NULL)
    return 0;
  problems = psems_field_problems_new ();
  threat_validate_normalized (store, t, problems);
  if (!psems_field_problems_to_error (problems, t->name != NULL ? t->name : _("New threat scenario"), error))
    return 0;

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "THR", year, error);
  if (new_ref == NULL)
    return 0;
  stmt = psems_store_prepare (store,
                              "INSERT INTO threat_scenario (pfsa_id, name, description, target, likelihood,"
                              " consequence, ref, facility_id, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)", error);
  if (stmt == NULL)
    return 0;
  bind_threat_values (stmt, t);
  psems_sql_bind_text (stmt, 7, new_ref);
  sqlite3_bind_int64 (stmt, 8, t->facility_id);
  psems_sql_bind_text (stmt, 9, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));

  if (!write_mitigations (store, id, t->control_ids, error) ||
      !record_threat (txn, "create", id, NULL, error))
    return 0;
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/* Whether two id lists hold the same ids, in any order (each list without repeats). */
static gboolean
same_ids (GArray *a,
          GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < b->len && !found; k++)
        found = g_array_index (a, gint64, i) == g_array_index (b, gint64, k);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/**
 * psems_threat_update:
 *
 * Writes a live scenario's values and replaces its mitigating controls with
 * @threat->control_ids after psems_threat_validate(); any problem refuses
 * the write ("<ref>: <field>: <message>"). Equal values write nothing.
 */
gboolean
psems_threat_update (PsemsStore        *store,
                     PsemsActor        *actor,
                     const PsemsThreat *threat,
                     GError           **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsThreat) t = NULL;
  g_autoptr(PsemsThreat) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (threat != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = psems_threat_get (store, threat->id, NULL, error);
  if (current == NULL)
    return FALSE;
  t = threat_normalize (threat);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "threat", current->facility_id, error);
  if (txn == NULL)
    return FALSE;
  problems = psems_field_problems_new ();
  threat_validate_normalized (store, t, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;

  if (t->pfsa_id == current->pfsa_id && g_strcmp0 (t->name, current->name) == 0 &&
      g_strcmp0 (t->description, current->description) == 0 && g_strcmp0 (t->target, current->target) == 0 &&
      t->likelihood == current->likelihood && t->consequence == current->consequence &&
      same_ids (t->control_ids, current->control_ids))
    return TRUE;

  before = threat_image (txn, t->id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store,
                              "UPDATE threat_scenario SET pfsa_id = ?1, name = ?2, description = ?3, target = ?4,"
                              " likelihood = ?5, consequence = ?6, updated_at = ?7 WHERE id = ?8", error);
  if (stmt == NULL)
    return FALSE;
  bind_threat_values (stmt, t);
  psems_sql_bind_text (stmt, 7, now);
  sqlite3_bind_int64 (stmt, 8, t->id);
  if (!psems_sql_step_done (store, stmt, current->ref, error) ||
      !write_mitigations (store, t->id, t->control_ids, error))
    return FALSE;

  if (!record_threat (txn, "update", t->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_threat_link:
 * @link: %TRUE adds @control_id to the scenario's mitigating controls,
 *   %FALSE removes it
 *
 * A control of another facility, or a deleted one, is refused
 * ("<ref>: control_ids: <message>"). Adding a control already linked, or
 * removing one that is not, writes nothing.
 */
gboolean
psems_threat_link (PsemsStore  *store,
                   PsemsActor  *actor,
                   gint64       threat_id,
                   gint64       control_id,
                   gboolean     link,
                   GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsThreat) current = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *before = NULL;
  gboolean linked = FALSE;
  guint index = 0;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = psems_threat_get (store, threat_id, NULL, error);
  if (current == NULL)
    return FALSE;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "threat", current->facility_id, error);
  if (txn == NULL)
    return FALSE;

  if (link)
    {
      g_autofree char *problem = control_problem (store, current->facility_id, control_id);

      if (problem != NULL)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, "%s: control_ids: %s", current->ref, problem);
          return FALSE;
        }
    }

  ids = g_array_copy (current->control_ids);
  for (guint i = 0; i < ids->len && !linked; i++)
    if (g_array_index (ids, gint64, i) == control_id)
      {
        linked = TRUE;
        index = i;
      }
  if (linked == link)
    return TRUE;
  if (link)
    g_array_append_val (ids, control_id);
  else
    g_array_remove_index (ids, index);

  before = threat_image (txn, threat_id, error);
  if (before == NULL ||
      !write_mitigations (store, threat_id, ids, error) ||
      !record_threat (txn, link ? "link" : "unlink", threat_id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* ───────────────────────────── writing assessments ───────────────────────────── */

static PsemsPfsa *
pfsa_normalize (const PsemsPfsa *in)
{
  PsemsPfsa *p = psems_pfsa_new ();

  p->id = in->id;
  p->ref = g_strdup (in->ref);
  p->facility_id = in->facility_id;
  p->title = psems_sql_dup_field (in->title);
  p->assessed_on = psems_sql_dup_field (in->assessed_on);
  p->assessor = psems_sql_dup_field (in->assessor);
  p->organization = psems_sql_dup_field (in->organization);
  p->approved_on = psems_sql_dup_field (in->approved_on);
  p->approved_by = psems_sql_dup_field (in->approved_by);
  p->review_due = psems_sql_dup_field (in->review_due);
  p->summary = psems_sql_dup_field (in->summary);
  return p;
}

static gboolean
check_date (GPtrArray  *problems,
            const char *field,
            const char *value)
{
  if (value == NULL)
    return FALSE;
  if (!psems_day_text_parse (value, NULL))
    {
      psems_field_problems_add (problems, field, _("“%s” is not a date (YYYY-MM-DD)"), value);
      return FALSE;
    }
  return TRUE;
}

/* The problems that need no database. */
static void
pfsa_validate_values (const PsemsPfsa *p,
                      GPtrArray       *problems)
{
  gboolean assessed_ok, approved_ok, review_ok;
  g_autofree char *today = dup_as_of (NULL, NULL);

  if (p->facility_id <= 0)
    psems_field_problems_add (problems, "facility_id", _("A facility is required"));
  if (p->title == NULL)
    psems_field_problems_add (problems, "title", _("A title is required"));
  if (p->assessor == NULL)
    psems_field_problems_add (problems, "assessor", _("The assessor is required"));

  if (p->assessed_on == NULL)
    psems_field_problems_add (problems, "assessed_on", _("The date of the assessment is required"));
  assessed_ok = check_date (problems, "assessed_on", p->assessed_on);
  if (assessed_ok && strcmp (p->assessed_on, today) > 0)
    psems_field_problems_add (problems, "assessed_on", _("%s is in the future"), p->assessed_on);

  approved_ok = check_date (problems, "approved_on", p->approved_on);
  if (approved_ok && p->approved_by == NULL)
    psems_field_problems_add (problems, "approved_by", _("An approval needs the approving authority"));
  if (p->approved_on == NULL && p->approved_by != NULL)
    psems_field_problems_add (problems, "approved_on", _("Give the date %s approved the assessment"),
                              p->approved_by);
  if (approved_ok && assessed_ok && strcmp (p->approved_on, p->assessed_on) < 0)
    psems_field_problems_add (problems, "approved_on", _("Approved on %s, before the assessment on %s"),
                              p->approved_on, p->assessed_on);
  if (approved_ok && strcmp (p->approved_on, today) > 0)
    psems_field_problems_add (problems, "approved_on", _("%s is in the future"), p->approved_on);

  review_ok = check_date (problems, "review_due", p->review_due);
  if (review_ok && assessed_ok && strcmp (p->review_due, p->assessed_on) <= 0)
    psems_field_problems_add (problems, "review_due", _("The review is due on %s, not after the assessment on %s"),
                              p->review_due, p->assessed_on);
}

/**
 * psems_pfsa_validate:
 *
 * Every problem with an assessment's values that needs no database:
 * facility, title, assessor, the dates (assessed_on not in the future,
 * approved_on with approved_by, not before assessed_on nor in the future,
 * review_due after assessed_on). psems_pfsa_save() checks the facility too.
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): the problems.
 */
GPtrArray *
psems_pfsa_validate (const PsemsPfsa *pfsa)
{
  g_autoptr(PsemsPfsa) p = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (pfsa != NULL, NULL);

  p = pfsa_normalize (pfsa);
  problems = psems_field_problems_new ();
  pfsa_validate_values (p, problems);
  return problems;
}

/**
 * psems_pfsa_save:
 * @pfsa: the values; @id 0 creates the record and sets @id and @ref
 *
 * Creates or updates an assessment after psems_pfsa_validate() and a check
 * of the facility (live; an update never moves the record to another
 * facility). Any problem refuses the write ("<title or ref>: <field>:
 * <message>") and nothing is written.
 */
gboolean
psems_pfsa_save (PsemsStore  *store,
                 PsemsActor  *actor,
                 PsemsPfsa   *pfsa,
                 GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPfsa) p = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *current_ref = NULL;
  g_autofree char *now = NULL;
  int year;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (pfsa != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  p = pfsa_normalize (pfsa);
  txn = psems_transaction_begin (store, actor, p->id == 0 ? PSEMS_OP_CREATE : PSEMS_OP_UPDATE, "pfsa",
                                 p->facility_id, error);
  if (txn == NULL)
    return FALSE;

  problems = psems_field_problems_new ();
  if (p->facility_id > 0)
    psems_facility_check_owner (store, p->facility_id, NULL, problems);
  pfsa_validate_values (p, problems);
  if (p->id != 0)
    {
      g_autoptr(PsemsCachedStmt) find =
        psems_store_prepare (store, "SELECT ref, facility_id, deleted_at FROM facility_assessment WHERE id = ?1",
                             error);

      if (find == NULL)
        return FALSE;
      sqlite3_bind_int64 (find, 1, p->id);
      if (sqlite3_step (find) != SQLITE_ROW)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                       _("There is no facility security assessment with id %lld"), (long long) p->id);
          return FALSE;
        }
      current_ref = psems_sql_dup_column (find, 0);
      if (sqlite3_column_type (find, 2) != SQLITE_NULL)
        psems_field_problems_add (problems, "id", _("%s was deleted"), current_ref);
      else if (sqlite3_column_int64 (find, 1) != p->facility_id)
        psems_field_problems_add (problems, "facility_id",
                                  _("An assessment cannot move to another facility"));
    }
  if (!psems_field_problems_to_error (problems,
                                      current_ref != NULL ? current_ref
                                      : p->title != NULL ? p->title : _("New assessment"), error))
    return FALSE;

  if (p->id != 0)
    {
      g_autoptr(GPtrArray) stored = pfsa_query (store, "a.id = ?2", 0, p->id, NULL, error);
      const PsemsPfsa *old;

      if (stored == NULL || stored->len == 0)
        return FALSE;
      old = g_ptr_array_index (stored, 0);
      if (g_strcmp0 (old->title, p->title) == 0 && g_strcmp0 (old->assessed_on, p->assessed_on) == 0 &&
          g_strcmp0 (old->assessor, p->assessor) == 0 && g_strcmp0 (old->organization, p->organization) == 0 &&
          g_strcmp0 (old->approved_on, p->approved_on) == 0 && g_strcmp0 (old->approved_by, p->approved_by) == 0 &&
          g_strcmp0 (old->review_due, p->review_due) == 0 && g_strcmp0 (old->summary, p->summary) == 0)
        return TRUE;
    }

  now = psems_sql_now_stamp (&year);
  if (p->id == 0)
    {
      new_ref = psems_ref_allocate (txn, "PFSA", year, error);
      if (new_ref == NULL)
        return FALSE;
      stmt = psems_store_prepare (store,
                                  "INSERT INTO facility_assessment (title, assessed_on, assessor, organization,"
                                  " approved_on, approved_by, review_due, summary, ref, facility_id,"
                                  " created_at, updated_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)", error);
    }
  else
    {
      before = psems_transaction_image (txn, "pfsa", p->id, error);
      if (before == NULL)
        return FALSE;
      stmt = psems_store_prepare (store,
                                  "UPDATE facility_assessment SET title = ?1, assessed_on = ?2, assessor = ?3,"
                                  " organization = ?4, approved_on = ?5, approved_by = ?6, review_due = ?7,"
                                  " summary = ?8, updated_at = ?11 WHERE id = ?12",
                                  error);
    }
  if (stmt == NULL)
    return FALSE;
  psems_sql_bind_text (stmt, 1, p->title);
  psems_sql_bind_text (stmt, 2, p->assessed_on);
  psems_sql_bind_text (stmt, 3, p->assessor);
  psems_sql_bind_text (stmt, 4, p->organization);
  psems_sql_bind_text (stmt, 5, p->approved_on);
  psems_sql_bind_text (stmt, 6, p->approved_by);
  psems_sql_bind_text (stmt, 7, p->review_due);
  psems_sql_bind_text (stmt, 8, p->summary);
  psems_sql_bind_text (stmt, 9, new_ref);
  sqlite3_bind_int64 (stmt, 10, p->facility_id);
  psems_sql_bind_text (stmt, 11, now);
  sqlite3_bind_int64 (stmt, 12, p->id);
  if (!psems_sql_step_done (store, stmt, new_ref != NULL ? new_ref : current_ref, error))
    return FALSE;
  id = p->id != 0 ? p->id : sqlite3_last_insert_rowid (psems_store_get_db (store));

  if (!psems_transaction_record_row (txn, p->id == 0 ? "create" : "update", "pfsa", id, before, error) ||
      !psems_transaction_commit (g_steal_pointer (&txn), error))
    return FALSE;

  if (pfsa->id == 0)
    {
      pfsa->id = id;
      g_free (pfsa->ref);
      pfsa->ref = g_steal_pointer (&new_ref);
    }
  return TRUE;
}
