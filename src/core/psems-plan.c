/* psems-plan.c — port facility security plans: versions, the approval workflow, elements, coverage. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-error.h"
#include "psems-plan-template.h"
#include "psems-plan.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * The workflow, enforced here and nowhere else:
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──(next approval)──▶ superseded
 *     ▲                   │
 *     └─return_to_draft───┘
 *
 * Every other transition is refused naming both statuses. Field names in
 * refusals follow the schema: title, reason, approved_by (the authority),
 * approved_on, next_review_due, status, controls.
 */

#define DEFAULT_TEMPLATE "isps-a16.3"

#define PLAN_COLUMNS \
  "SELECT p.id, p.ref, p.facility_id, f.ref, f.code, p.version, p.title, p.status, p.submitted_on," \
  " p.approved_on, p.approved_by, p.approval_ref, p.superseded_on, p.next_review_due," \
  " count(e.id), coalesce(sum(e.required), 0), coalesce(sum(e.status = 'complete'), 0)," \
  " coalesce(sum(e.required AND e.status = 'missing'), 0)" \
  " FROM plan p JOIN facility f ON f.id = p.facility_id" \
  " LEFT JOIN plan_element e ON e.plan_id = p.id AND e.deleted_at IS NULL"

#define ELEMENT_COLUMNS \
  "SELECT id, plan_id, template, element_key, reference, position, title, required, status," \
  " text_level1, text_level2, text_level3 FROM plan_element"

static const char * const plan_status_ids[] = { "draft", "submitted", "approved", "superseded" };
static const char * const plan_status_labels[] = {
  N_("Draft"), N_("Submitted"), N_("Approved"), N_("Superseded"),
};
static const char * const element_status_ids[] = { "missing", "draft", "complete" };
static const char * const element_status_labels[] = { N_("Missing"), N_("Draft"), N_("Complete") };

G_STATIC_ASSERT (G_N_ELEMENTS (plan_status_ids) == PSEMS_PLAN_SUPERSEDED + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (element_status_ids) == PSEMS_ELEMENT_COMPLETE + 1);

/* ───────────────────────────── small helpers ───────────────────────────── */

/* A day as the schema stores it; @day NULL is today where the user is. */
static char *
format_day (const GDate *day)
{
  char text[16];

  if (day == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      return g_date_time_format (now, "%Y-%m-%d");
    }
  g_return_val_if_fail (g_date_valid (day), NULL);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", day);
  return g_strdup (text);
}

/* ───────────────────────────── values and names ───────────────────────────── */

void
psems_plan_free (PsemsPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->ref);
  g_free (plan->facility_ref);
  g_free (plan->facility_code);
  g_free (plan->title);
  g_free (plan->submitted_on);
  g_free (plan->approved_on);
  g_free (plan->approved_by);
  g_free (plan->approval_ref);
  g_free (plan->superseded_on);
  g_free (plan->next_review_due);
  g_free (plan);
}

void
psems_plan_element_free (PsemsPlanElement *element)
{
  if (element == NULL)
    return;
  g_free (element->template_id);
  g_free (element->key);
  g_free (element->reference);
  g_free (element->title);
  for (int i = 0; i < 3; i++)
    g_free (element->text[i]);
  g_clear_pointer (&element->control_ids, g_array_unref);
  g_free (element);
}

/* The status as the database and the CLI spell it: draft, submitted, approved, superseded. */
const char *
psems_plan_status_to_string (PsemsPlanStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (plan_status_ids), NULL);
  return plan_status_ids[status];
}

const char *
psems_plan_status_label (PsemsPlanStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (plan_status_labels), NULL);
  return _(plan_status_labels[status]);
}

gboolean
psems_plan_status_from_string (const char      *text,
                               PsemsPlanStatus *status)
{
  int i;

  g_return_val_if_fail (status != NULL, FALSE);

  i = psems_sql_find_name (plan_status_ids, G_N_ELEMENTS (plan_status_ids), text);
  if (i < 0)
    return FALSE;
  *status = (PsemsPlanStatus) i;
  return TRUE;
}

/* The element status as the database and the CLI spell it: missing, draft, complete. */
const char *
psems_element_status_to_string (PsemsElementStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (element_status_ids), NULL);
  return element_status_ids[status];
}

const char *
psems_element_status_label (PsemsElementStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (element_status_labels), NULL);
  return _(element_status_labels[status]);
}

gboolean
psems_element_status_from_string (const char         *text,
                                  PsemsElementStatus *status)
{
  int i;

  g_return_val_if_fail (status != NULL, FALSE);

  i = psems_sql_find_name (element_status_ids, G_N_ELEMENTS (element_status_ids), text);
  if (i < 0)
    return FALSE;
  *status = (PsemsElementStatus) i;
  return TRUE;
}

/* ───────────────────────────── reading ───────────────────────────── */

static PsemsPlan *
plan_from_row (sqlite3_stmt *stmt)
{
  PsemsPlan *p = g_new0 (PsemsPlan, 1);
  PsemsPlanStatus status = PSEMS_PLAN_DRAFT;

  p->id = sqlite3_column_int64 (stmt, 0);
  p->ref = psems_sql_dup_column (stmt, 1);
  p->facility_id = sqlite3_column_int64 (stmt, 2);
  p->facility_ref = psems_sql_dup_column (stmt, 3);
  p->facility_code = psems_sql_dup_column (stmt, 4);
  p->version = sqlite3_column_int (stmt, 5);
  p->title = psems_sql_dup_column (stmt, 6);
  psems_plan_status_from_string ((const char *) sqlite3_column_text (stmt, 7), &status);
  p->status = status;
  p->submitted_on = psems_sql_dup_column (stmt, 8);
  p->approved_on = psems_sql_dup_column (stmt, 9);
  p->approved_by = psems_sql_dup_column (stmt, 10);
  p->approval_ref = psems_sql_dup_column (stmt, 11);
  p->superseded_on = psems_sql_dup_column (stmt, 12);
  p->next_review_due = psems_sql_dup_column (stmt, 13);
  p->n_elements = (guint) sqlite3_column_int64 (stmt, 14);
  p->n_required = (guint) sqlite3_column_int64 (stmt, 15);
  p->n_complete = (guint) sqlite3_column_int64 (stmt, 16);
  p->n_missing_required = (guint) sqlite3_column_int64 (stmt, 17);
  return p;
}

static PsemsPlan *
plan_lookup (PsemsStore  *store,
             gint64       plan_id,
             GError     **error)
{
  return psems_sql_get_row (store, PLAN_COLUMNS " WHERE p.id = ?1 GROUP BY p.id", plan_id,
                            (PsemsRowFunc) plan_from_row, "plan", error,
                            _("There is no plan with id %lld"), (long long) plan_id);
}

/* Appends the id in the first column of each row of @stmt to @ids. */
static gboolean
append_ids (PsemsStore    *store,
            sqlite3_stmt  *stmt,
            GArray        *ids,
            const char    *table,
            GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, table);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_control_ids (PsemsStore        *store,
                  PsemsPlanElement  *element,
                  GError           **error)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store,
                         "SELECT control_id FROM control_plan_element WHERE plan_element_id = ?1"
                         " ORDER BY control_id", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, element->id);
  return append_ids (store, stmt, element->control_ids, "control_plan_element", error);
}

static PsemsPlanElement *
element_from_row (sqlite3_stmt *stmt)
{
  PsemsPlanElement *e = g_new0 (PsemsPlanElement, 1);
  PsemsElementStatus status = PSEMS_ELEMENT_MISSING;

  e->id = sqlite3_column_int64 (stmt, 0);
  e->plan_id = sqlite3_column_int64 (stmt, 1);
  e->template_id = psems_sql_dup_column (stmt, 2);
  e->key = psems_sql_dup_column (stmt, 3);
  e->reference = psems_sql_dup_column (stmt, 4);
  e->position = sqlite3_column_int (stmt, 5);
  e->title = psems_sql_dup_column (stmt, 6);
  e->required = sqlite3_column_int (stmt, 7) != 0;
  psems_element_status_from_string ((const char *) sqlite3_column_text (stmt, 8), &status);
  e->status = status;
  for (int i = 0; i < 3; i++)
    e->text[i] = psems_sql_dup_column (stmt, 9 + i);
  e->control_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return e;
}

/**
 * psems_plan_get:
 *
 * Returns: (transfer full): the plan with its coverage, or %NULL with
 * %PSEMS_ERROR_NOT_FOUND.
 */
PsemsPlan *
psems_plan_get (PsemsStore  *store,
                gint64       plan_id,
                GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return plan_lookup (store, plan_id, error);
}

/**
 * psems_plan_list:
 * @facility_id: one facility's plans, or 0 for those of every live facility
 *
 * Returns: (transfer full) (element-type PsemsPlan): the plans with their
 * coverage, by facility code, the latest version first.
 */
GPtrArray *
psems_plan_list (PsemsStore  *store,
                 gint64       facility_id,
                 GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = psems_store_prepare (store,
                              PLAN_COLUMNS
                              " WHERE p.deleted_at IS NULL"
                              "   AND (p.facility_id = ?1 OR (?1 = 0 AND f.deleted_at IS NULL))"
                              " GROUP BY p.id ORDER BY f.code, p.facility_id, p.version DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) plan_from_row,
                                 (GDestroyNotify) psems_plan_free, "plan", error);
}

/**
 * psems_plan_list_elements:
 *
 * Returns: (transfer full) (element-type PsemsPlanElement): the plan's
 * elements in template order, each with its linked controls.
 */
GPtrArray *
psems_plan_list_elements (PsemsStore  *store,
                          gint64       plan_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PsemsPlan) plan = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan = plan_lookup (store, plan_id, error);
  if (plan == NULL)
    return NULL;

  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store, ELEMENT_COLUMNS " WHERE plan_id = ?1 AND deleted_at IS NULL"
                                  " ORDER BY position, id", error);

    if (stmt == NULL)
      return NULL;
    sqlite3_bind_int64 (stmt, 1, plan_id);
    list = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) element_from_row,
                                   (GDestroyNotify) psems_plan_element_free, "plan_element", error);
    if (list == NULL)
      return NULL;
  }
  for (guint i = 0; i < list->len; i++)
    if (!load_control_ids (store, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

static PsemsPlanElement *
element_lookup (PsemsStore       *store,
                const PsemsPlan  *plan,
                const char       *key,
                GError          **error)
{
  g_autoptr(PsemsPlanElement) element = NULL;

  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store, ELEMENT_COLUMNS " WHERE plan_id = ?1 AND element_key = ?2"
                                  " AND deleted_at IS NULL", error);

    if (stmt == NULL)
      return NULL;
    sqlite3_bind_int64 (stmt, 1, plan->id);
    sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
    switch (sqlite3_step (stmt))
      {
      case SQLITE_ROW:
        element = element_from_row (stmt);
        break;
      case SQLITE_DONE:
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                     _("%s has no element “%s”"), plan->ref, key);
        return NULL;
      default:
        psems_store_set_sqlite_error (store, error, "plan_element");
        return NULL;
      }
  }
  if (!load_control_ids (store, element, error))
    return NULL;
  return g_steal_pointer (&element);
}

/**
 * psems_plan_get_element:
 * @key: the element's key (unauthorized-access)
 *
 * Returns: (transfer full): the element, or %NULL with
 * %PSEMS_ERROR_NOT_FOUND naming the plan and the key.
 */
PsemsPlanElement *
psems_plan_get_element (PsemsStore  *store,
                        gint64       plan_id,
                        const char  *key,
                        GError     **error)
{
  g_autoptr(PsemsPlan) plan = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan = plan_lookup (store, plan_id, error);
  if (plan == NULL)
    return NULL;
  return element_lookup (store, plan, key, error);
}

/**
 * psems_plan_resolve:
 * @text: a plan reference (PLN-2026-0003), in any letter case
 *
 * Returns: the plan's id, or 0 with @error set.
 */
gint64
psems_plan_resolve (PsemsStore  *store,
                    const char  *text,
                    GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  return psems_ref_resolve (store, "plan", trimmed, error);
}

/* ───────────────────────────── writing ───────────────────────────── */

/* Starts a write on a plan: finds its facility for the permission check,
 * then reads the plan inside the transaction. */
static PsemsTransaction *
begin_on_plan (PsemsStore      *store,
               PsemsActor      *actor,
               const char      *entity,
               gint64           plan_id,
               PsemsPlan      **plan,
               GError         **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPlan) found = plan_lookup (store, plan_id, error);

  if (found == NULL)
    return NULL;
  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, entity, found->facility_id, error);
  if (txn == NULL)
    return NULL;
  /* Another program may have moved it on between the read and the lock. */
  g_clear_pointer (&found, psems_plan_free);
  found = plan_lookup (store, plan_id, error);
  if (found == NULL)
    return NULL;
  *plan = g_steal_pointer (&found);
  return g_steal_pointer (&txn);
}

/* Whether the workflow allows @plan to go to @to; refused naming both statuses. */
static gboolean
check_transition (const PsemsPlan  *plan,
                  PsemsPlanStatus   to,
                  GError          **error)
{
  PsemsPlanStatus from = plan->status;
  gboolean allowed = (from == PSEMS_PLAN_DRAFT && to == PSEMS_PLAN_SUBMITTED) ||
                     (from == PSEMS_PLAN_SUBMITTED && to == PSEMS_PLAN_DRAFT) ||
                     (from == PSEMS_PLAN_SUBMITTED && to == PSEMS_PLAN_APPROVED);

  if (allowed)
    return TRUE;
  if (from == to)
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s (version %d) is already %s"),
                 plan->ref, plan->version, psems_plan_status_to_string (from));
  else
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                 _("%s (version %d): a plan cannot go from %s to %s"),
                 plan->ref, plan->version, psems_plan_status_to_string (from),
                 psems_plan_status_to_string (to));
  return FALSE;
}

static gboolean
check_draft (const PsemsPlan  *plan,
             GError          **error)
{
  if (plan->status == PSEMS_PLAN_DRAFT)
    return TRUE;
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
               _("%s (version %d) is %s: only a draft can be edited; start a new version to change it"),
               plan->ref, plan->version, psems_plan_status_to_string (plan->status));
  return FALSE;
}

static gint64
insert_element (PsemsStore  *store,
                gint64       plan_id,
                const char  *template_id,
                const char  *key,
                const char  *reference,
                int          position,
                const char  *title,
                gboolean     required,
                const char  *now,
                GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store,
                         "INSERT INTO plan_element (plan_id, template, element_key, reference, position, title,"
                         " required, status, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'missing', ?8)",
                         error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  psems_sql_bind_text (stmt, 2, template_id);
  psems_sql_bind_text (stmt, 3, key);
  psems_sql_bind_text (stmt, 4, reference);
  sqlite3_bind_int (stmt, 5, position);
  psems_sql_bind_text (stmt, 6, title);
  sqlite3_bind_int (stmt, 7, required ? 1 : 0);
  psems_sql_bind_text (stmt, 8, now);
  if (!psems_sql_step_done (store, stmt, key, error))
    return 0;
  return sqlite3_last_insert_rowid (psems_store_get_db (store));
}

/* Copies @from's elements and their control links into @to. */
static gboolean
copy_elements (PsemsStore  *store,
               gint64       from,
               gint64       to,
               const char  *now,
               GError     **error)
{
  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store,
                           "INSERT INTO plan_element (plan_id, template, element_key, reference, position, title,"
                           " required, status, text_level1, text_level2, text_level3, updated_at)"
                           " SELECT ?2, template, element_key, reference, position, title, required, status,"
                           " text_level1, text_level2, text_level3, ?3 FROM plan_element"
                           " WHERE plan_id = ?1 AND deleted_at IS NULL ORDER BY position, id", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, from);
    sqlite3_bind_int64 (stmt, 2, to);
    psems_sql_bind_text (stmt, 3, now);
    if (!psems_sql_step_done (store, stmt, "plan_element", error))
      return FALSE;
  }
  {
    /* Links to controls since deleted stay behind with the old version. */
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store,
                           "INSERT INTO control_plan_element (control_id, plan_element_id)"
                           " SELECT l.control_id, n.id FROM control_plan_element l"
                           " JOIN plan_element o ON o.id = l.plan_element_id"
                           " JOIN plan_element n ON n.plan_id = ?2 AND n.element_key = o.element_key"
                           " JOIN control c ON c.id = l.control_id"
                           " WHERE o.plan_id = ?1 AND o.deleted_at IS NULL AND c.deleted_at IS NULL", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, from);
    sqlite3_bind_int64 (stmt, 2, to);
    if (!psems_sql_step_done (store, stmt, "control_plan_element", error))
      return FALSE;
  }
  return TRUE;
}

static GArray *
list_element_ids (PsemsStore  *store,
                  gint64       plan_id,
                  GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT id FROM plan_element WHERE plan_id = ?1 ORDER BY position, id", error);
  g_autoptr(GArray) ids = NULL;

  if (stmt == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (!append_ids (store, stmt, ids, "plan_element", error))
    return NULL;
  return g_steal_pointer (&ids);
}

/**
 * psems_plan_new_version:
 * @facility_id: a live facility
 * @title: (nullable): the plan's title; %NULL keeps the latest version's, or
 *   for a first plan names it after the facility
 * @template_id: (nullable): the template of a facility's first plan;
 *   %NULL for isps-a16.3. Later versions copy their elements instead.
 * @ref: (out) (optional): the new plan's reference
 *
 * Starts a new draft, version = the facility's highest + 1: a copy of the
 * latest version's elements (texts, statuses, control links), or for a
 * first plan one element per template element, all missing. Refused while
 * another version of the facility is draft or submitted, naming it.
 *
 * Returns: the new plan's id, or 0 with @error set.
 */
gint64
psems_plan_new_version (PsemsStore  *store,
                        PsemsActor  *actor,
                        gint64       facility_id,
                        const char  *title,
                        const char  *template_id,
                        char       **ref,
                        GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPlanTemplate) template = NULL;
  g_autoptr(GArray) element_ids = NULL;
  g_autofree char *facility_ref = NULL;
  g_autofree char *facility_name = NULL;
  g_autofree char *the_title = psems_sql_dup_field (title);
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  gint64 latest_id = 0, pfsa_id = 0, plan_id;
  int version = 0, year;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "plan", facility_id, error);
  if (txn == NULL)
    return 0;

  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store, "SELECT ref, code, name, deleted_at FROM facility WHERE id = ?1", error);

    if (stmt == NULL)
      return 0;
    sqlite3_bind_int64 (stmt, 1, facility_id);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                     _("There is no facility with id %lld"), (long long) facility_id);
        return 0;
      }
    if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
      {
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s (%s) is archived; restore it first"),
                     (const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1));
        return 0;
      }
    facility_ref = psems_sql_dup_column (stmt, 0);
    facility_name = psems_sql_dup_column (stmt, 2);
  }

  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store,
                           "SELECT ref, version, status FROM plan WHERE facility_id = ?1 AND deleted_at IS NULL"
                           " AND status IN ('draft', 'submitted') ORDER BY version LIMIT 1", error);

    if (stmt == NULL)
      return 0;
    sqlite3_bind_int64 (stmt, 1, facility_id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                     _("%s: %s (version %d) is still %s; approve it or work on it before starting "
                       "another version"), facility_ref, (const char *) sqlite3_column_text (stmt, 0),
                     sqlite3_column_int (stmt, 1), (const char *) sqlite3_column_text (stmt, 2));
        return 0;
      }
  }

  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store,
                           "SELECT id, title, pfsa_id FROM plan WHERE facility_id = ?1 AND deleted_at IS NULL"
                           " ORDER BY version DESC LIMIT 1", error);

    if (stmt == NULL)
      return 0;
    sqlite3_bind_int64 (stmt, 1, facility_id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        latest_id = sqlite3_column_int64 (stmt, 0);
        if (the_title == NULL)
          the_title = psems_sql_dup_column (stmt, 1);
        pfsa_id = sqlite3_column_int64 (stmt, 2);
      }
  }
  {
    /* Deleted versions keep their numbers: (facility, version) is unique over all rows. */
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store, "SELECT coalesce(max(version), 0) FROM plan WHERE facility_id = ?1", error);

    if (stmt == NULL)
      return 0;
    sqlite3_bind_int64 (stmt, 1, facility_id);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        psems_store_set_sqlite_error (store, error, "plan");
        return 0;
      }
    version = sqlite3_column_int (stmt, 0) + 1;
  }

  if (latest_id == 0)
    {
      template = psems_plan_template_find (template_id != NULL ? template_id : DEFAULT_TEMPLATE, error);
      if (template == NULL)
        return 0;
    }
  if (the_title == NULL)
    the_title = g_strdup_printf (_("Port facility security plan — %s"), facility_name);

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "PLN", year, error);
  if (new_ref == NULL)
    return 0;
  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store,
                           "INSERT INTO plan (ref, facility_id, version, title, status, pfsa_id, created_at,"
                           " updated_at) VALUES (?1, ?2, ?3, ?4, 'draft', ?5, ?6, ?6)", error);

    if (stmt == NULL)
      return 0;
    psems_sql_bind_text (stmt, 1, new_ref);
    sqlite3_bind_int64 (stmt, 2, facility_id);
    sqlite3_bind_int (stmt, 3, version);
    psems_sql_bind_text (stmt, 4, the_title);
    if (pfsa_id != 0)
      sqlite3_bind_int64 (stmt, 5, pfsa_id);
    psems_sql_bind_text (stmt, 6, now);
    if (!psems_sql_step_done (store, stmt, new_ref, error))
      return 0;
    plan_id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  }
  if (!psems_transaction_record_row (txn, "create", "plan", plan_id, NULL, error))
    return 0;

  if (latest_id != 0)
    {
      if (!copy_elements (store, latest_id, plan_id, now, error))
        return 0;
    }
  else
    {
      for (guint i = 0; i < template->elements->len; i++)
        {
          const PsemsTemplateElement *e = g_ptr_array_index (template->elements, i);

          if (insert_element (store, plan_id, template->id, e->key, e->reference, (int) i + 1, e->title,
                              e->required, now, error) == 0)
            return 0;
        }
    }

  element_ids = list_element_ids (store, plan_id, error);
  if (element_ids == NULL)
    return 0;
  for (guint i = 0; i < element_ids->len; i++)
    if (!psems_transaction_record_row (txn, "create", "plan-element", g_array_index (element_ids, gint64, i),
                                       NULL, error))
      return 0;

  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return plan_id;
}

/* The links as audit images read them: {"control_ids":[1,2]}. */
static char *
links_image (GArray *ids)
{
  GString *out = g_string_new ("{\"control_ids\":[");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (ids, gint64, i));
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The control ids sorted, without repeats; problems for those that are not
 * live controls of @facility_id. */
static GArray *
check_controls (PsemsStore  *store,
                gint64       facility_id,
                GArray      *control_ids,
                GPtrArray   *problems)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < control_ids->len; i++)
    {
      gint64 id = g_array_index (control_ids, gint64, i);
      gboolean seen = FALSE;

      for (guint k = 0; k < ids->len && !seen; k++)
        seen = g_array_index (ids, gint64, k) == id;
      if (!seen)
        g_array_append_val (ids, id);
    }
  g_array_sort (ids, compare_ids);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "SELECT ref, facility_id, deleted_at FROM control WHERE id = ?1", NULL);
      gint64 id = g_array_index (ids, gint64, i);

      if (stmt == NULL)
        continue;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        psems_field_problems_add (problems, "controls", _("There is no control with id %lld"),
                                  (long long) id);
      else if (sqlite3_column_int64 (stmt, 1) != facility_id)
        psems_field_problems_add (problems, "controls", _("%s is a control of another facility"),
                                  (const char *) sqlite3_column_text (stmt, 0));
      else if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        psems_field_problems_add (problems, "controls", _("%s has been deleted"),
                                  (const char *) sqlite3_column_text (stmt, 0));
    }
  return ids;
}

/**
 * psems_plan_edit_element:
 * @key: the element's key
 * @texts: (nullable) (array fixed-size=3): the measures at levels 1, 2 and
 *   3; a %NULL entry (or @texts %NULL) leaves that level, an empty text clears it
 * @status: (nullable): the new status; %NULL leaves it, except that a
 *   missing element given a measure becomes a draft
 * @control_ids: (nullable) (element-type gint64): the linked controls,
 *   replacing the links; %NULL leaves them
 *
 * Writes one element of a draft. Refused, naming the plan and its status,
 * unless the plan is a draft; refused naming @key when the plan has no such
 * element; "complete" with no measure at any level, or a control that is
 * not a live control of the plan's facility, is refused naming the field.
 */
gboolean
psems_plan_edit_element (PsemsStore                *store,
                         PsemsActor                *actor,
                         gint64                     plan_id,
                         const char                *key,
                         const char * const         texts[3],
                         const PsemsElementStatus  *status,
                         GArray                    *control_ids,
                         GError                   **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(PsemsPlanElement) element = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GArray) links = NULL;
  g_autofree char *what = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  char *new_text[3] = { NULL, NULL, NULL };
  PsemsElementStatus new_status;
  gboolean any_text = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (status == NULL || (guint) *status <= PSEMS_ELEMENT_COMPLETE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = begin_on_plan (store, actor, "plan-element", plan_id, &plan, error);
  if (txn == NULL)
    return FALSE;
  if (!check_draft (plan, error))
    return FALSE;
  element = element_lookup (store, plan, key, error);
  if (element == NULL)
    return FALSE;

  for (int l = 0; l < 3; l++)
    {
      new_text[l] = texts != NULL && texts[l] != NULL ? psems_sql_dup_field (texts[l])
                                                      : g_strdup (element->text[l]);
      any_text = any_text || new_text[l] != NULL;
    }
  if (status != NULL)
    new_status = *status;
  else if (element->status == PSEMS_ELEMENT_MISSING && any_text)
    new_status = PSEMS_ELEMENT_DRAFT;
  else
    new_status = element->status;

  problems = psems_field_problems_new ();
  if (new_status == PSEMS_ELEMENT_COMPLETE && !any_text)
    psems_field_problems_add (problems, "status",
                              _("an element cannot be complete without measures for a security level"));
  if (control_ids != NULL)
    links = check_controls (store, plan->facility_id, control_ids, problems);
  what = g_strdup_printf ("%s, %s", plan->ref, key);
  if (!psems_field_problems_to_error (problems, what, error))
    goto out;

  before = psems_transaction_image (txn, "plan-element", element->id, error);
  if (before == NULL)
    goto out;
  now = psems_sql_now_stamp (NULL);
  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store,
                           "UPDATE plan_element SET status = ?2, text_level1 = ?3, text_level2 = ?4,"
                           " text_level3 = ?5, updated_at = ?6 WHERE id = ?1", error);

    if (stmt == NULL)
      goto out;
    sqlite3_bind_int64 (stmt, 1, element->id);
    psems_sql_bind_text (stmt, 2, psems_element_status_to_string (new_status));
    for (int l = 0; l < 3; l++)
      psems_sql_bind_text (stmt, 3 + l, new_text[l]);
    psems_sql_bind_text (stmt, 6, now);
    if (!psems_sql_step_done (store, stmt, what, error))
      goto out;
  }
  if (!psems_transaction_record_row (txn, "update", "plan-element", element->id, before, error))
    goto out;

  if (links != NULL)
    {
      g_autofree char *links_before = links_image (element->control_ids);
      g_autofree char *links_after = links_image (links);

      if (!g_str_equal (links_before, links_after))
        {
          {
            g_autoptr(PsemsCachedStmt) stmt =
              psems_store_prepare (store, "DELETE FROM control_plan_element WHERE plan_element_id = ?1", error);

            if (stmt == NULL)
              goto out;
            sqlite3_bind_int64 (stmt, 1, element->id);
            if (!psems_sql_step_done (store, stmt, what, error))
              goto out;
          }
          for (guint i = 0; i < links->len; i++)
            {
              g_autoptr(PsemsCachedStmt) stmt =
                psems_store_prepare (store,
                                     "INSERT INTO control_plan_element (control_id, plan_element_id)"
                                     " VALUES (?1, ?2)", error);

              if (stmt == NULL)
                goto out;
              sqlite3_bind_int64 (stmt, 1, g_array_index (links, gint64, i));
              sqlite3_bind_int64 (stmt, 2, element->id);
              if (!psems_sql_step_done (store, stmt, what, error))
                goto out;
            }
          if (!psems_transaction_record (txn, "link-controls", "plan-element", element->id, NULL,
                                         links_before, links_after, error))
            goto out;
        }
    }

  ok = psems_transaction_commit (g_steal_pointer (&txn), error);

out:
  for (int l = 0; l < 3; l++)
    g_free (new_text[l]);
  return ok;
}

/* Changes plan columns of the row @plan in @txn and records it as @action. */
static gboolean
update_plan_row (PsemsTransaction  *txn,
                 const PsemsPlan   *plan,
                 const char        *action,
                 const char        *sql,
                 const char        *reason,
                 GError           **error,
                 ...) G_GNUC_NULL_TERMINATED;

static gboolean
update_plan_row (PsemsTransaction  *txn,
                 const PsemsPlan   *plan,
                 const char        *action,
                 const char        *sql,
                 const char        *reason,
                 GError           **error,
                 ...)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = psems_sql_now_stamp (NULL);
  va_list args;
  int i = 3;

  before = psems_transaction_image (txn, "plan", plan->id, error);
  if (before == NULL)
    return FALSE;
  stmt = psems_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan->id);
  psems_sql_bind_text (stmt, 2, now);
  va_start (args, error);
  for (const char **text = va_arg (args, const char **); text != NULL; text = va_arg (args, const char **), i++)
    psems_sql_bind_text (stmt, i, *text);
  va_end (args);
  if (!psems_sql_step_done (store, stmt, plan->ref, error))
    return FALSE;

  if (reason == NULL)
    return psems_transaction_record_row (txn, action, "plan", plan->id, before, error);

  /* The reason travels in the after image, next to the columns it explains. */
  {
    g_autofree char *image = psems_transaction_image (txn, "plan", plan->id, error);
    g_autoptr(GString) after = NULL;

    if (image == NULL)
      return FALSE;
    after = g_string_new (image);
    g_string_truncate (after, after->len - 1);   /* the closing brace */
    g_string_append (after, ",\"reason\":");
    psems_sql_append_json_string (after, reason);
    g_string_append_c (after, '}');
    return psems_transaction_record (txn, action, "plan", plan->id, plan->ref, before, after->str, error);
  }
}

/**
 * psems_plan_set_title:
 *
 * Renames a draft. The title is required.
 */
gboolean
psems_plan_set_title (PsemsStore  *store,
                      PsemsActor  *actor,
                      gint64       plan_id,
                      const char  *title,
                      GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autofree char *the_title = psems_sql_dup_field (title);

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = begin_on_plan (store, actor, "plan", plan_id, &plan, error);
  if (txn == NULL)
    return FALSE;
  if (!check_draft (plan, error))
    return FALSE;
  if (the_title == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, "%s: title: %s", plan->ref, _("A title is required"));
      return FALSE;
    }
  if (g_str_equal (the_title, plan->title))
    return TRUE;
  if (!update_plan_row (txn, plan, "update", "UPDATE plan SET updated_at = ?2, title = ?3 WHERE id = ?1", NULL,
                        error, &the_title, NULL))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_plan_submit:
 * @on: (nullable): the day it went to the authority; %NULL for today
 *
 * draft → submitted. Missing elements do not stop a submission (the
 * authority may accept gaps to be closed); they stop the approval.
 */
gboolean
psems_plan_submit (PsemsStore   *store,
                   PsemsActor   *actor,
                   gint64        plan_id,
                   const GDate  *on,
                   GError      **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (on == NULL || g_date_valid (on), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = begin_on_plan (store, actor, "plan", plan_id, &plan, error);
  if (txn == NULL)
    return FALSE;
  if (!check_transition (plan, PSEMS_PLAN_SUBMITTED, error))
    return FALSE;
  day = format_day (on);
  if (!update_plan_row (txn, plan, "submit",
                        "UPDATE plan SET updated_at = ?2, status = 'submitted', submitted_on = ?3 WHERE id = ?1",
                        NULL, error, &day, NULL))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_plan_return_to_draft:
 * @reason: why the authority sent it back; required, kept in the audit trail
 *
 * submitted → draft, so the plan can be edited and submitted again.
 */
gboolean
psems_plan_return_to_draft (PsemsStore  *store,
                            PsemsActor  *actor,
                            gint64       plan_id,
                            const char  *reason,
                            GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autofree char *why = psems_sql_dup_field (reason);

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = begin_on_plan (store, actor, "plan", plan_id, &plan, error);
  if (txn == NULL)
    return FALSE;
  if (!check_transition (plan, PSEMS_PLAN_DRAFT, error))
    return FALSE;
  if (why == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, "%s: reason: %s", plan->ref,
                   _("A reason for returning the plan to draft is required"));
      return FALSE;
    }
  if (!update_plan_row (txn, plan, "return-to-draft",
                        "UPDATE plan SET updated_at = ?2, status = 'draft', submitted_on = NULL WHERE id = ?1",
                        why, error, NULL))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* "ISPS A/16.3.14 Response to …; …" for the required elements still missing, or NULL. */
static char *
describe_missing_required (PsemsStore  *store,
                           gint64       plan_id,
                           GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store,
                         "SELECT reference, title FROM plan_element WHERE plan_id = ?1 AND deleted_at IS NULL"
                         " AND required = 1 AND status = 'missing' ORDER BY position, id", error);
  g_autoptr(GString) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  list = g_string_new (NULL);
  sqlite3_bind_int64 (stmt, 1, plan_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *reference = (const char *) sqlite3_column_text (stmt, 0);

      if (list->len > 0)
        g_string_append (list, "; ");
      if (reference != NULL)
        g_string_append_printf (list, "%s ", reference);
      g_string_append (list, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "plan_element");
      return NULL;
    }
  if (list->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/**
 * psems_plan_approve:
 * @authority: the approving authority; required
 * @approval_ref: (nullable): the authority's reference for the approval
 * @on: the day of the approval; required
 * @next_review_due: (nullable): when the plan is to be reviewed; %NULL for
 *   one year after @on
 *
 * submitted → approved. Refused while a required element is missing (the
 * message lists their references and titles), and for an approval before
 * the submission or before the approval it supersedes, or a review not
 * after the approval. The facility's approved version, if any, becomes
 * superseded on @on in the same transaction.
 */
gboolean
psems_plan_approve (PsemsStore   *store,
                    PsemsActor   *actor,
                    gint64        plan_id,
                    const char   *authority,
                    const char   *approval_ref,
                    const GDate  *on,
                    const GDate  *next_review_due,
                    GError      **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(PsemsPlan) previous = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *by = psems_sql_dup_field (authority);
  g_autofree char *their_ref = psems_sql_dup_field (approval_ref);
  g_autofree char *day = NULL;
  g_autofree char *review = NULL;
  g_autofree char *missing = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (on == NULL || g_date_valid (on), FALSE);
  g_return_val_if_fail (next_review_due == NULL || g_date_valid (next_review_due), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = begin_on_plan (store, actor, "plan", plan_id, &plan, error);
  if (txn == NULL)
    return FALSE;
  if (!check_transition (plan, PSEMS_PLAN_APPROVED, error))
    return FALSE;

  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store, "SELECT id FROM plan WHERE facility_id = ?1 AND status = 'approved'"
                                  " AND deleted_at IS NULL AND id <> ?2", error);
    gint64 previous_id = 0;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, plan->facility_id);
    sqlite3_bind_int64 (stmt, 2, plan->id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      previous_id = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
    if (previous_id != 0 && (previous = plan_lookup (store, previous_id, error)) == NULL)
      return FALSE;
  }

  problems = psems_field_problems_new ();
  if (by == NULL)
    psems_field_problems_add (problems, "approved_by", _("The approving authority is required"));
  if (on == NULL)
    psems_field_problems_add (problems, "approved_on", _("The day of the approval is required"));
  else
    {
      GDate due;

      day = format_day (on);
      if (plan->submitted_on != NULL && strcmp (day, plan->submitted_on) < 0)
        psems_field_problems_add (problems, "approved_on", _("%s is before the plan was submitted (%s)"),
                                  day, plan->submitted_on);
      if (previous != NULL && previous->approved_on != NULL && strcmp (day, previous->approved_on) < 0)
        psems_field_problems_add (problems, "approved_on",
                                  _("%s is before the approval of %s (%s), which this version supersedes"),
                                  day, previous->ref, previous->approved_on);
      if (next_review_due != NULL)
        due = *next_review_due;
      else
        {
          due = *on;
          g_date_add_years (&due, 1);
        }
      review = format_day (&due);
      if (strcmp (review, day) <= 0)
        psems_field_problems_add (problems, "next_review_due", _("%s is not after the approval on %s"),
                                  review, day);
    }
  if (!psems_field_problems_to_error (problems, plan->ref, error))
    return FALSE;

  missing = describe_missing_required (store, plan->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (missing != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s cannot be approved while required elements are missing: %s"), plan->ref, missing);
      return FALSE;
    }

  /* One approved version per facility (ISPS A/16.1): the old one goes first. */
  if (previous != NULL &&
      !update_plan_row (txn, previous, "supersede",
                        "UPDATE plan SET updated_at = ?2, status = 'superseded', superseded_on = ?3 WHERE id = ?1",
                        NULL, error, &day, NULL))
    return FALSE;
  if (!update_plan_row (txn, plan, "approve",
                        "UPDATE plan SET updated_at = ?2, status = 'approved', approved_on = ?3, approved_by = ?4,"
                        " approval_ref = ?5, next_review_due = ?6 WHERE id = ?1",
                        NULL, error, &day, &by, &their_ref, &review, NULL))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}
