/* psems-dashboard.c — the dashboard's figures as of a day, for one facility or all of them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "psems-dashboard.h"
#include "psems-error.h"
#include "psems-person-private.h"
#include "psems-store-private.h"

/* Every query binds ?1 = the day (YYYY-MM-DD), ?2 = the facility id or 0 for
 * all live facilities, ?3 = the day + 30 days, ?4 = the day + 60 days. Archived facilities and
 * soft-deleted rows never count. The definitions, as of the day D:
 *
 * - a person is cleared on D when one of their live vettings has status
 *   'cleared' and issued_on ≤ D ≤ expires_on (a renewal adds a vetting; a
 *   suspension or revocation changes the vetting's status);
 * - a cleared person's vetting is expiring when the latest expiry among the
 *   vettings covering D falls within D … D + 30 (a renewal already granted
 *   takes them out);
 * - for one facility, persons are those with access to one of its
 *   restricted areas;
 * - a schedule item is overdue when next_due < D and last_done is not on or
 *   after next_due;
 * - a finding is open on D when raised on or before D and not closed on or
 *   before D; its action is overdue when its due date is before D;
 * - an approved plan is due for review when D ≤ next_review_due ≤ D + 60,
 *   and its review is overdue when next_review_due < D.
 */

#define FACILITY_FILTER(alias) \
  " AND (?2 = 0 OR " alias ".facility_id = ?2)" \
  " AND " alias ".facility_id IN (SELECT id FROM facility WHERE deleted_at IS NULL OR id = ?2)"

static const char sql_vetting[] =
  "SELECT count(*), coalesce(sum(until <= ?3), 0) FROM ("
  "  SELECT v.person_id, max(v.expires_on) AS until"
  "  FROM vetting v JOIN person p ON p.id = v.person_id"
  "  WHERE v.status = 'cleared' AND v.deleted_at IS NULL AND p.deleted_at IS NULL"
  "    AND v.issued_on <= ?1 AND v.expires_on >= ?1"
  "    AND (?2 = 0 OR v.person_id IN (SELECT pa.person_id FROM person_area pa"
  "                                   JOIN restricted_area ra ON ra.id = pa.area_id"
  "                                   WHERE ra.facility_id = ?2"
  "                                     AND pa.deleted_at IS NULL AND ra.deleted_at IS NULL))"
  "  GROUP BY v.person_id)";

/* Persons in the dashboard's scope: every live person, or those with access to one of the
 * facility's restricted areas. */
#define PERSON_IN_SCOPE(col) \
  " AND (:facility = 0 OR " col " IN (SELECT pa.person_id FROM person_area pa" \
  "                                  JOIN restricted_area ra ON ra.id = pa.area_id" \
  "                                  WHERE ra.facility_id = :facility" \
  "                                    AND pa.deleted_at IS NULL AND ra.deleted_at IS NULL))"

/* Persons by clearance, psems-person.c's definition (test-dashboard compares the two). */
static const char sql_person_status[] =
  "SELECT " CLEARANCE_EXPR ("v") ", count(*) FROM person p"
  " LEFT JOIN vetting v ON v.id = " CURRENT_VETTING ("p")
  " WHERE p.deleted_at IS NULL" PERSON_IN_SCOPE ("p.id") " GROUP BY 1";

/* A person's training has lapsed when, for some course, a record expired before the day and no
 * record of that course is valid on it (TRAINING_LAPSED in psems-person-private.h, which the
 * person list filters with): here one pass over training_record by (person, course), a quarter
 * of the time on a million persons. */
static const char sql_training_lapsed[] =
  "SELECT count(*) FROM person p"
  " WHERE p.deleted_at IS NULL" PERSON_IN_SCOPE ("p.id")
  "   AND p.id IN (SELECT t.person_id FROM training_record t WHERE t.deleted_at IS NULL"
  "                GROUP BY t.person_id, t.course_id"
  "                HAVING max(t.expires_on < :day)"
  "                   AND NOT coalesce (max(t.completed_on <= :day"
  "                                         AND (t.expires_on IS NULL OR t.expires_on >= :day)), 0))";

static gboolean
query_persons (PsemsStore      *store,
               PsemsDashboard  *self,
               const char      *day,
               gint64           facility_id,
               GError         **error)
{
  g_autoptr(PsemsCachedStmt) status = psems_store_prepare (store, sql_person_status, error);
  g_autoptr(PsemsCachedStmt) lapsed = NULL;
  int rc;

  if (status == NULL)
    return FALSE;
  sqlite3_bind_text (status, sqlite3_bind_parameter_index (status, ":day"), day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (status, sqlite3_bind_parameter_index (status, ":facility"), facility_id);
  while ((rc = sqlite3_step (status)) == SQLITE_ROW)
    {
      PsemsClearance c;

      if (psems_clearance_from_string ((const char *) sqlite3_column_text (status, 0), &c))
        self->persons_by_status[c] = sqlite3_column_int64 (status, 1);
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "person");
      return FALSE;
    }
  lapsed = psems_store_prepare (store, sql_training_lapsed, error);
  if (lapsed == NULL)
    return FALSE;
  sqlite3_bind_text (lapsed, sqlite3_bind_parameter_index (lapsed, ":day"), day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (lapsed, sqlite3_bind_parameter_index (lapsed, ":facility"), facility_id);
  if (sqlite3_step (lapsed) != SQLITE_ROW)
    {
      psems_store_set_sqlite_error (store, error, "training_record");
      return FALSE;
    }
  self->training_lapsed = sqlite3_column_int64 (lapsed, 0);
  return TRUE;
}

static const char sql_schedule[] =
  "SELECT count(*) FROM schedule_item s"
  " WHERE s.deleted_at IS NULL AND s.next_due < ?1"
  "   AND (s.last_done IS NULL OR s.last_done < s.next_due)"
  FACILITY_FILTER ("s");

static const char sql_findings[] =
  "SELECT count(*), coalesce(sum(f.due_on < ?1), 0) FROM finding f"
  " WHERE f.deleted_at IS NULL AND f.raised_on <= ?1"
  "   AND (f.closed_on IS NULL OR f.closed_on > ?1)"
  FACILITY_FILTER ("f");

static const char sql_plans[] =
  "SELECT coalesce(sum(p.next_review_due >= ?1 AND p.next_review_due <= ?4), 0),"
  "       coalesce(sum(p.next_review_due < ?1), 0) FROM plan p"
  " WHERE p.deleted_at IS NULL AND p.status = 'approved'"
  FACILITY_FILTER ("p");

static const char sql_facilities[] =
  "SELECT id, ref, code, name, security_level FROM facility"
  " WHERE (?2 = 0 AND deleted_at IS NULL) OR id = ?2"
  " ORDER BY code";

static void
clear_facility (gpointer data)
{
  PsemsDashboardFacility *facility = data;

  g_clear_pointer (&facility->ref, g_free);
  g_clear_pointer (&facility->code, g_free);
  g_clear_pointer (&facility->name, g_free);
}

/* Runs one of the queries above; fills up to two integer columns. */
static gboolean
query_counts (PsemsStore  *store,
              const char  *sql,
              const char  *day,
              gint64       facility_id,
              const char  *day_plus_30,
              const char  *day_plus_60,
              gint64      *first,
              gint64      *second,
              GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, facility_id);
  sqlite3_bind_text (stmt, 3, day_plus_30, -1, SQLITE_STATIC);
  /* Only the plans' query reads ?4; SQLite refuses the others' binding harmlessly. */
  sqlite3_bind_text (stmt, 4, day_plus_60, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      psems_store_set_sqlite_error (store, error, "dashboard");
      return FALSE;
    }
  *first = sqlite3_column_int64 (stmt, 0);
  if (second != NULL)
    *second = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static gboolean
load_facilities (PsemsStore      *store,
                 PsemsDashboard  *self,
                 gint64           facility_id,
                 GError         **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql_facilities, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, facility_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PsemsDashboardFacility facility = {
        .id = sqlite3_column_int64 (stmt, 0),
        .ref = psems_sql_dup_column (stmt, 1),
        .code = psems_sql_dup_column (stmt, 2),
        .name = psems_sql_dup_column (stmt, 3),
        .security_level = sqlite3_column_int (stmt, 4),
      };
      g_array_append_val (self->facilities, facility);
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "dashboard: facilities");
      return FALSE;
    }
  if (facility_id != 0 && self->facilities->len == 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                   _("There is no facility with id %lld"), (long long) facility_id);
      return FALSE;
    }
  return TRUE;
}

/**
 * psems_dashboard_compute:
 * @facility_id: one facility, or 0 for all live facilities
 * @as_of: the day the figures are for
 *
 * Computes the dashboard's figures as of @as_of (see the definitions at the
 * top of this file). Safe to call from a worker thread on its own store
 * (psems_store_open_worker()).
 *
 * Returns: (transfer full): the figures, or %NULL with @error set
 * (%PSEMS_ERROR_NOT_FOUND for an unknown @facility_id).
 */
PsemsDashboard *
psems_dashboard_compute (PsemsStore   *store,
                         gint64        facility_id,
                         const GDate  *as_of,
                         GError      **error)
{
  g_autoptr(PsemsDashboard) self = NULL;
  GDate plus_30, plus_60;
  char day[16], day_plus_30[16], day_plus_60[16];

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (facility_id >= 0, NULL);
  g_return_val_if_fail (as_of != NULL && g_date_valid (as_of), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (PsemsDashboard, 1);
  self->as_of = *as_of;
  self->facilities = g_array_new (FALSE, TRUE, sizeof (PsemsDashboardFacility));
  g_array_set_clear_func (self->facilities, clear_facility);

  plus_30 = *as_of;
  g_date_add_days (&plus_30, 30);
  plus_60 = *as_of;
  g_date_add_days (&plus_60, 60);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", as_of);
  g_date_strftime (day_plus_30, sizeof day_plus_30, "%Y-%m-%d", &plus_30);
  g_date_strftime (day_plus_60, sizeof day_plus_60, "%Y-%m-%d", &plus_60);

  if (!load_facilities (store, self, facility_id, error) ||
      !query_counts (store, sql_vetting, day, facility_id, day_plus_30, day_plus_60,
                     &self->persons_cleared, &self->vetting_expiring_30d, error) ||
      !query_counts (store, sql_schedule, day, facility_id, day_plus_30, day_plus_60,
                     &self->schedule_overdue, NULL, error) ||
      !query_counts (store, sql_findings, day, facility_id, day_plus_30, day_plus_60,
                     &self->findings_open, &self->actions_overdue, error) ||
      !query_counts (store, sql_plans, day, facility_id, day_plus_30, day_plus_60,
                     &self->plans_review_due, &self->plans_review_overdue, error) ||
      !query_persons (store, self, day, facility_id, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
psems_dashboard_free (PsemsDashboard *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->facilities, g_array_unref);
  g_free (self);
}
