/* psems-dashboard.c — the dashboard's figures as of a day, for one facility or all of them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "psems-audit.h"
#include "psems-dashboard.h"
#include "psems-error.h"
#include "psems-person-private.h"
#include "psems-store-private.h"

/* The count queries bind ?1 = the day (YYYY-MM-DD), ?2 = the facility id or 0 for
 * all live facilities, ?3 = the day + 30 days, ?4 = the day + 60 days; the person queries
 * :day and :facility. Archived facilities and
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

/* Persons in the dashboard's scope: every live person, or those with access to one of the
 * facility's restricted areas. */
#define PERSON_IN_SCOPE(col) \
  " AND (:facility = 0 OR " col " IN (SELECT pa.person_id FROM person_area pa" \
  "                                  JOIN restricted_area ra ON ra.id = pa.area_id" \
  "                                  WHERE ra.facility_id = :facility" \
  "                                    AND pa.deleted_at IS NULL AND ra.deleted_at IS NULL))"

/* One pass over the live vettings of live persons in scope, in person order (vetting_person),
 * decides for each person in C what the person list decides per person in SQL
 * (CURRENT_VETTING and CLEARANCE_EXPR in psems-person-private.h; test-dashboard compares the
 * two): the clearance, and whether and until when a cleared vetting covers the day. It replaces
 * a correlated pair of subqueries per person and a second pass over vetting whose person lookups
 * came in expiry order, i.e. at random: on a million persons, most of the time. Persons without
 * a live vetting are the live persons in scope (counted on the narrow person_live_name index)
 * less the ones seen. */
static const char sql_vetting_pass[] =
  "SELECT v.person_id, v.id, v.status, v.requested_on, v.issued_on, v.expires_on"
  " FROM vetting v INDEXED BY vetting_person JOIN person p ON p.id = v.person_id"
  " WHERE v.deleted_at IS NULL AND p.deleted_at IS NULL" PERSON_IN_SCOPE ("v.person_id")
  " ORDER BY v.person_id";

static const char sql_live_persons[] =
  "SELECT count(*) FROM person p INDEXED BY person_live_name"
  " WHERE p.deleted_at IS NULL" PERSON_IN_SCOPE ("p.id");

typedef struct
{
  gint64 person_id;
  char until[16];          /* the latest expiry among cleared vettings covering the day; "" for none */
  gint64 latest_id;        /* the latest vetting by (requested_on, id) */
  char latest_requested[16];
  char latest_status[16];
  char latest_issued[16];  /* "" for NULL */
  char latest_expires[16];
  gboolean latest_issued_null, latest_expires_null;
} PersonVetting;

static void
copy_day (char         *to,
          sqlite3_stmt *stmt,
          int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  g_strlcpy (to, text != NULL ? text : "", 16);
}

/* CLEARANCE_EXPR for the person's current vetting (CURRENT_VETTING): a cleared vetting covering
 * the day, else the latest one. SQL's NULL comparisons are never true. */
static void
count_person (PsemsDashboard      *self,
              const PersonVetting *pv,
              const char          *day,
              const char          *day_plus_30,
              gint64              *seen)
{
  PsemsClearance clearance;
  const char *status;

  (*seen)++;
  if (pv->until[0] != '\0')
    {
      self->persons_cleared++;
      self->vetting_expiring_30d += strcmp (pv->until, day_plus_30) <= 0;
      self->persons_by_status[PSEMS_CLEARANCE_CLEARED]++;
      return;
    }
  if (strcmp (pv->latest_status, "cleared") != 0)
    status = pv->latest_status;
  else if (!pv->latest_expires_null && strcmp (pv->latest_expires, day) < 0)
    status = "expired";
  else if (!pv->latest_issued_null && strcmp (pv->latest_issued, day) > 0)
    status = "pending";
  else
    status = "cleared";
  if (psems_clearance_from_string (status, &clearance))
    self->persons_by_status[clearance]++;
}

static gboolean
query_vetting (PsemsStore      *store,
               PsemsDashboard  *self,
               const char      *day,
               const char      *day_plus_30,
               gint64           facility_id,
               GError         **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql_vetting_pass, error);
  PersonVetting pv = { 0 };
  gint64 seen = 0, live;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":facility"), facility_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 person_id = sqlite3_column_int64 (stmt, 0);
      gint64 id = sqlite3_column_int64 (stmt, 1);
      const char *status = (const char *) sqlite3_column_text (stmt, 2);
      const char *requested = (const char *) sqlite3_column_text (stmt, 3);
      const char *issued = (const char *) sqlite3_column_text (stmt, 4);
      const char *expires = (const char *) sqlite3_column_text (stmt, 5);
      int later;

      if (person_id != pv.person_id)
        {
          if (pv.person_id != 0)
            count_person (self, &pv, day, day_plus_30, &seen);
          memset (&pv, 0, sizeof pv);
          pv.person_id = person_id;
        }
      if (g_strcmp0 (status, "cleared") == 0 && issued != NULL && expires != NULL
          && strcmp (issued, day) <= 0 && strcmp (expires, day) >= 0 && strcmp (expires, pv.until) > 0)
        g_strlcpy (pv.until, expires, sizeof pv.until);
      later = pv.latest_id == 0 ? 1 : g_strcmp0 (requested, pv.latest_requested);
      if (later > 0 || (later == 0 && id > pv.latest_id))
        {
          pv.latest_id = id;
          g_strlcpy (pv.latest_requested, requested != NULL ? requested : "", sizeof pv.latest_requested);
          g_strlcpy (pv.latest_status, status != NULL ? status : "", sizeof pv.latest_status);
          copy_day (pv.latest_issued, stmt, 4);
          copy_day (pv.latest_expires, stmt, 5);
          pv.latest_issued_null = issued == NULL;
          pv.latest_expires_null = expires == NULL;
        }
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "vetting");
      return FALSE;
    }
  if (pv.person_id != 0)
    count_person (self, &pv, day, day_plus_30, &seen);

  {
    g_autoptr(PsemsCachedStmt) count = psems_store_prepare (store, sql_live_persons, error);

    if (count == NULL)
      return FALSE;
    sqlite3_bind_int64 (count, sqlite3_bind_parameter_index (count, ":facility"), facility_id);
    if (sqlite3_step (count) != SQLITE_ROW)
      {
        psems_store_set_sqlite_error (store, error, "person");
        return FALSE;
      }
    live = sqlite3_column_int64 (count, 0);
  }
  self->persons_by_status[PSEMS_CLEARANCE_NONE] = live - seen;
  return TRUE;
}

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
query_training (PsemsStore      *store,
                PsemsDashboard  *self,
                const char      *day,
                gint64           facility_id,
                GError         **error)
{
  g_autoptr(PsemsCachedStmt) lapsed = psems_store_prepare (store, sql_training_lapsed, error);

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

/* ─────────────────────────── the figures' cache ───────────────────────────
 *
 * On a million persons the counts read most of the database (seconds with a worker's small page
 * cache); an unchanged database shows the same figures. So the last figures for each facility
 * are kept in the `setting` table, under "dashboard.figures.<facility id>", as JSON:
 *
 *   {"format":1,"schema":8,"day":"2026-11-26","head":"<audit chain head>","counts":[…]}
 *
 * and used only when the day, the schema version and the audit chain's head are the same: every
 * write is audit-trailed (HACKING.md), so a new head is a new database and the figures are counted
 * again. A cache hit is therefore exact, never stale. The counts are read in one read transaction
 * together with the head, so figures are never stored under a head they were not counted at.
 * Read-only databases are counted every time (nothing is written). */

#define CACHE_FORMAT 1
#define CACHE_KEY_PREFIX "dashboard.figures."

/* The counts in their stored order. */
static gint64 *
count_slot (PsemsDashboard *self,
            guint           i)
{
  gint64 *fixed[] = {
    &self->persons_cleared, &self->vetting_expiring_30d, &self->schedule_overdue,
    &self->findings_open, &self->actions_overdue, &self->plans_review_due,
    &self->plans_review_overdue, &self->training_lapsed,
  };

  if (i < G_N_ELEMENTS (fixed))
    return fixed[i];
  i -= G_N_ELEMENTS (fixed);
  return i < G_N_ELEMENTS (self->persons_by_status) ? &self->persons_by_status[i] : NULL;
}

#define N_COUNTS (8 + PSEMS_CLEARANCE_REVOKED + 1)

static char *
cache_key (gint64 facility_id)
{
  return g_strdup_printf (CACHE_KEY_PREFIX "%" G_GINT64_FORMAT, facility_id);
}

/* Fills @self's counts from the cache when its entry was stored for @day and (unless @head is
 * NULL) @head; *@exact says whether the head was the same. */
static gboolean
cache_lookup (PsemsStore     *store,
              PsemsDashboard *self,
              gint64          facility_id,
              const char     *day,
              const char     *head,
              gboolean       *exact)
{
  g_autofree char *key = cache_key (facility_id);
  g_autofree char *value = psems_store_dup_setting (store, key);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  JsonArray *counts;

  if (value == NULL)
    return FALSE;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, value, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (object, "format", 0) != CACHE_FORMAT
      || json_object_get_int_member_with_default (object, "schema", 0) != psems_store_get_schema_version (store)
      || g_strcmp0 (json_object_get_string_member_with_default (object, "day", NULL), day) != 0
      || (head != NULL && g_strcmp0 (json_object_get_string_member_with_default (object, "head", NULL), head) != 0)
      || !json_object_has_member (object, "counts")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "counts")))
    return FALSE;
  counts = json_object_get_array_member (object, "counts");
  if (json_array_get_length (counts) != N_COUNTS)
    return FALSE;
  for (guint i = 0; i < N_COUNTS; i++)
    {
      JsonNode *node = json_array_get_element (counts, i);

      if (json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 0)
        return FALSE;
      *count_slot (self, i) = json_node_get_int (node);
    }
  if (exact != NULL)
    {
      g_autofree char *current = head != NULL ? NULL : psems_audit_dup_head (store, NULL);

      *exact = g_strcmp0 (json_object_get_string_member_with_default (object, "head", NULL),
                          head != NULL ? head : current) == 0;
    }
  return TRUE;
}

/* Best effort: a cache that cannot be written (another connection is writing, a full disk)
 * only means counting again next time. */
static void
cache_store (PsemsStore           *store,
             const PsemsDashboard *self,
             gint64                facility_id,
             const char           *day,
             const char           *head)
{
  g_autofree char *key = cache_key (facility_id);
  g_autoptr(GString) value = g_string_new (NULL);
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  gint64 busy_ms;

  if (psems_store_get_read_only (store))
    return;
  g_string_append_printf (value, "{\"format\":%d,\"schema\":%d,\"day\":\"%s\",\"head\":\"%s\",\"counts\":[",
                          CACHE_FORMAT, psems_store_get_schema_version (store), day, head);
  for (guint i = 0; i < N_COUNTS; i++)
    g_string_append_printf (value, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            *count_slot ((PsemsDashboard *) self, i));
  g_string_append (value, "]}");
  stmt = psems_store_prepare (store, "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value", NULL);
  if (stmt == NULL)
    return;
  psems_sql_bind_text (stmt, 1, key);
  psems_sql_bind_text (stmt, 2, value->str);
  /* Never wait for another connection's write (an import may hold the file for minutes): the
   * figures are due now, and the next count caches them. */
  busy_ms = psems_store_count (store, "PRAGMA busy_timeout", NULL);
  if (busy_ms < 0)
    return;
  sqlite3_busy_timeout (psems_store_get_db (store), 0);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_debug ("dashboard: figures not cached: %s", sqlite3_errmsg (psems_store_get_db (store)));
  sqlite3_busy_timeout (psems_store_get_db (store), (int) busy_ms);
}

static gboolean
count_all (PsemsStore      *store,
           PsemsDashboard  *self,
           gint64           facility_id,
           const char      *day,
           const char      *day_plus_30,
           const char      *day_plus_60,
           GError         **error)
{
  return query_vetting (store, self, day, day_plus_30, facility_id, error)
         && query_counts (store, sql_schedule, day, facility_id, day_plus_30, day_plus_60,
                          &self->schedule_overdue, NULL, error)
         && query_counts (store, sql_findings, day, facility_id, day_plus_30, day_plus_60,
                          &self->findings_open, &self->actions_overdue, error)
         && query_counts (store, sql_plans, day, facility_id, day_plus_30, day_plus_60,
                          &self->plans_review_due, &self->plans_review_overdue, error)
         && query_training (store, self, day, facility_id, error);
}

/**
 * psems_dashboard_compute:
 * @facility_id: one facility, or 0 for all live facilities
 * @as_of: the day the figures are for
 *
 * Computes the dashboard's figures as of @as_of (see the definitions at the
 * top of this file). Figures counted before on the same database state (the
 * same audit chain head) and day come from the cache in the `setting` table
 * at once; they are exactly the counts. Safe to call from a worker thread on
 * its own store (psems_store_open_worker()).
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
  g_autofree char *head = NULL;
  GDate plus_30, plus_60;
  char day[16], day_plus_30[16], day_plus_60[16];
  gboolean own_transaction, ok, cached = FALSE;

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

  /* One snapshot for the head and the counts (a caller's own transaction already is one). */
  own_transaction = sqlite3_get_autocommit (psems_store_get_db (store))
                    && psems_store_exec (store, "BEGIN", error);
  if (sqlite3_get_autocommit (psems_store_get_db (store)) && !own_transaction)
    return NULL;
  ok = load_facilities (store, self, facility_id, error)
       && (head = psems_audit_dup_head (store, error)) != NULL;
  if (ok)
    {
      cached = cache_lookup (store, self, facility_id, day, head, NULL);
      ok = cached || count_all (store, self, facility_id, day, day_plus_30, day_plus_60, error);
    }
  if (own_transaction)
    psems_store_exec (store, ok ? "COMMIT" : "ROLLBACK", NULL);
  if (!ok)
    return NULL;
  if (!cached && own_transaction)
    cache_store (store, self, facility_id, day, head);

  return g_steal_pointer (&self);
}

/**
 * psems_dashboard_load_cached:
 * @facility_id: one facility, or 0 for all live facilities
 * @as_of: the day the figures are for
 * @exact: (out) (optional): whether nothing has changed since they were counted
 *
 * The figures last counted for @facility_id and @as_of, even when the
 * database has changed since (*@exact is then %FALSE): a page shows them at
 * once, marked as being counted again, while psems_dashboard_compute() counts
 * in a worker ("stale while revalidating"). Reads one setting and the
 * facilities: cheap enough for the main thread.
 *
 * Returns: (transfer full) (nullable): the figures, or %NULL when none were
 * kept for that day (or @error is set).
 */
PsemsDashboard *
psems_dashboard_load_cached (PsemsStore   *store,
                             gint64        facility_id,
                             const GDate  *as_of,
                             gboolean     *exact,
                             GError      **error)
{
  g_autoptr(PsemsDashboard) self = NULL;
  char day[16];

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (facility_id >= 0, NULL);
  g_return_val_if_fail (as_of != NULL && g_date_valid (as_of), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (PsemsDashboard, 1);
  self->as_of = *as_of;
  self->facilities = g_array_new (FALSE, TRUE, sizeof (PsemsDashboardFacility));
  g_array_set_clear_func (self->facilities, clear_facility);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", as_of);
  if (!load_facilities (store, self, facility_id, error))
    return NULL;
  if (!cache_lookup (store, self, facility_id, day, NULL, exact))
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
