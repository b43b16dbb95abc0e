/* psems-retention.c — records kept as long as their regime says, then purged for good; legal holds. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-audit.h"
#include "psems-clock.h"
#include "psems-dos.h"
#include "psems-entity.h"
#include "psems-error.h"
#include "psems-ref.h"
#include "psems-regime.h"
#include "psems-retention.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * Which records, kept how long (33 CFR 105.225, read in ../shared/regulations.md):
 *
 *  completion    drills, exercises, audits, training sessions and the other
 *                scheduled activities: PSEMS_RETENTION_RECORDS_RULE from the
 *                day it was done.
 *  incident      incidents and breaches: the same rule, from the day the
 *                incident was closed. The record (response, to whom it was
 *                reported) is complete only then, and counting from the
 *                closure is never shorter than counting from the occurrence,
 *                so it meets "at least two years" either way. An open
 *                incident is never past retention.
 *  level-change  MARSEC / security level changes: the same rule, from the
 *                day of the change.
 *  dos           declarations of security: PSEMS_DOS_RETENTION_RULE (90 days
 *                after the period ends), psems_dos_retain_until().
 *
 * A record past retention is still kept while
 *  - a legal hold is in force on it (legal_hold, migration 0008);
 *  - an open (or in-progress) finding or any lesson names it: the follow-up
 *    still needs it; a closed finding's link is cleared instead;
 *  - it sets something still in use: the latest completion of a live
 *    schedule item (its clock and last_done count from it), the latest
 *    level change of a live facility (it says the current level).
 *
 * A purge is real deletion, the point of retention: the rows, their evidence
 * links, the incident's control outcomes, their released holds, and every
 * evidence file left linked to nothing, with SQLite's secure_delete on so the
 * bytes are overwritten. One transaction, one audit-trail entry (counts,
 * references and rule ids; never personal values); the hash chain goes on.
 */

typedef struct
{
  const char *kind;
  const char *label;          /* N_() */
  const char *prefix;         /* reference prefix; NULL: named "level-change:ID" */
  const char *lookup_sql;     /* ?1 the canonical reference (or id) → id, facility_id */
  const char *list_sql;       /* see read_record () */
  const char *evidence_sql;   /* ?1 id → evidence ids; NULL when it has none */
  const char *findings_sql;   /* ?1 id → findings linked to it (refs); NULL when none can be */
  const char *delete_sql[6];  /* ?1 id, in order; NULL-terminated */
} RetentionKind;

/* list_sql columns: 0 id, 1 ref, 2 facility_id, 3 facility code, 4 the day retention counts
 * from (dos: valid_until), 5 evidence links, 6 hold reason, 7 hold placed_at, 8 open findings,
 * 9 lessons, 10 sets something still in use, 11 what it sets (schedule ref, facility code),
 * 12 dos valid_from, 13 dos signed_on. */
#define HOLD_JOIN(entity, alias) \
  " LEFT JOIN legal_hold h ON h.entity = '" entity "' AND h.record_id = " alias ".id" \
  " AND h.released_at IS NULL"

static const RetentionKind kinds[] = {
  { "completion", N_("Completion"), "CMP",
    "SELECT c.id, s.facility_id FROM completion c JOIN schedule_item s ON s.id = c.schedule_item_id"
    " WHERE c.ref = ?1",
    "SELECT c.id, c.ref, s.facility_id, f.code, c.done_on,"
    " (SELECT count(*) FROM completion_evidence l WHERE l.completion_id = c.id), h.reason,"
    " h.placed_at,"
    " (SELECT group_concat(x.ref, ', ') FROM finding x WHERE x.completion_id = c.id"
    "  AND x.deleted_at IS NULL AND x.status IN ('open', 'in-progress')),"
    " (SELECT group_concat(x.ref, ', ') FROM lesson x WHERE x.completion_id = c.id),"
    " (s.deleted_at IS NULL AND c.deleted_at IS NULL AND c.done_on ="
    "  (SELECT max(o.done_on) FROM completion o WHERE o.schedule_item_id = s.id"
    "   AND o.deleted_at IS NULL)),"
    " s.ref, NULL, NULL"
    " FROM completion c JOIN schedule_item s ON s.id = c.schedule_item_id"
    " JOIN facility f ON f.id = s.facility_id" HOLD_JOIN ("completion", "c")
    " ORDER BY c.done_on, c.ref",
    "SELECT evidence_id FROM completion_evidence WHERE completion_id = ?1",
    "SELECT ref FROM finding WHERE completion_id = ?1 ORDER BY ref",
    { "UPDATE finding SET completion_id = NULL WHERE completion_id = ?1",
      "DELETE FROM completion_evidence WHERE completion_id = ?1",
      "DELETE FROM legal_hold WHERE entity = 'completion' AND record_id = ?1",
      "DELETE FROM completion WHERE id = ?1",
      NULL } },
  { "dos", N_("Declaration of security"), "DOS",
    "SELECT id, facility_id FROM declaration_of_security WHERE ref = ?1",
    "SELECT d.id, d.ref, d.facility_id, f.code, d.valid_until,"
    " (SELECT count(*) FROM dos_evidence l WHERE l.dos_id = d.id), h.reason, h.placed_at,"
    " NULL, NULL, 0, NULL, d.valid_from, d.signed_on"
    " FROM declaration_of_security d JOIN facility f ON f.id = d.facility_id"
    HOLD_JOIN ("dos", "d") " ORDER BY d.valid_until, d.ref",
    "SELECT evidence_id FROM dos_evidence WHERE dos_id = ?1",
    NULL,
    { "DELETE FROM dos_evidence WHERE dos_id = ?1",
      "DELETE FROM legal_hold WHERE entity = 'dos' AND record_id = ?1",
      "DELETE FROM declaration_of_security WHERE id = ?1",
      NULL } },
  { "incident", N_("Incident"), "INC",
    "SELECT id, facility_id FROM incident WHERE ref = ?1",
    "SELECT i.id, i.ref, i.facility_id, f.code,"
    " CASE WHEN i.status = 'closed' THEN i.closed_on END,"
    " (SELECT count(*) FROM incident_evidence l WHERE l.incident_id = i.id), h.reason,"
    " h.placed_at,"
    " (SELECT group_concat(x.ref, ', ') FROM finding x WHERE x.incident_id = i.id"
    "  AND x.deleted_at IS NULL AND x.status IN ('open', 'in-progress')),"
    " (SELECT group_concat(x.ref, ', ') FROM lesson x WHERE x.incident_id = i.id),"
    " 0, NULL, NULL, NULL"
    " FROM incident i JOIN facility f ON f.id = i.facility_id" HOLD_JOIN ("incident", "i")
    " ORDER BY i.closed_on, i.ref",
    "SELECT evidence_id FROM incident_evidence WHERE incident_id = ?1",
    "SELECT ref FROM finding WHERE incident_id = ?1 ORDER BY ref",
    { "UPDATE finding SET incident_id = NULL WHERE incident_id = ?1",
      "DELETE FROM incident_control WHERE incident_id = ?1",
      "DELETE FROM incident_evidence WHERE incident_id = ?1",
      "DELETE FROM legal_hold WHERE entity = 'incident' AND record_id = ?1",
      "DELETE FROM incident WHERE id = ?1",
      NULL } },
  { "level-change", N_("Security level change"), NULL,
    "SELECT id, facility_id FROM facility_level_change WHERE id = ?1",
    "SELECT c.id, 'level-change:' || c.id, c.facility_id, f.code, substr(c.changed_at, 1, 10),"
    " 0, h.reason, h.placed_at, NULL, NULL,"
    " (f.deleted_at IS NULL AND c.id = (SELECT o.id FROM facility_level_change o"
    "  WHERE o.facility_id = c.facility_id ORDER BY o.changed_at DESC, o.id DESC LIMIT 1)),"
    " f.code, NULL, NULL"
    " FROM facility_level_change c JOIN facility f ON f.id = c.facility_id"
    HOLD_JOIN ("level-change", "c") " ORDER BY c.changed_at, c.id",
    NULL,
    NULL,
    { "DELETE FROM legal_hold WHERE entity = 'level-change' AND record_id = ?1",
      "DELETE FROM facility_level_change WHERE id = ?1",
      NULL } },
};

static const char * const kind_names[] = { "completion", "dos", "incident", "level-change", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) + 1 == G_N_ELEMENTS (kind_names));

#define LEVEL_CHANGE_REF_PREFIX "level-change:"

/* Every link an evidence file can have (psems-evidence.c's link tables). */
#define EVIDENCE_LINKS_SQL \
  "SELECT (SELECT count(*) FROM completion_evidence WHERE evidence_id = ?1)" \
  " + (SELECT count(*) FROM finding_evidence WHERE evidence_id = ?1)" \
  " + (SELECT count(*) FROM plan_evidence WHERE evidence_id = ?1)" \
  " + (SELECT count(*) FROM incident_evidence WHERE evidence_id = ?1)" \
  " + (SELECT count(*) FROM dos_evidence WHERE evidence_id = ?1)" \
  " + (SELECT count(*) FROM answer_evidence WHERE evidence_id = ?1)"

/* legal_hold is not (yet) in the entity registry; its audit images use this. */
static const PsemsEntityInfo legal_hold_info = {
  "legal-hold", "legal_hold", NULL, N_("Legal holds"), NULL, FALSE, FALSE
};

static const PsemsEntityInfo *
hold_info (void)
{
  const PsemsEntityInfo *info = psems_entity_lookup ("legal-hold");

  return info != NULL ? info : &legal_hold_info;
}

/* ───────────────────────────── values ───────────────────────────── */

void
psems_retention_record_free (PsemsRetentionRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->ref);
  g_free (record->facility_code);
  g_free (record->record_day);
  g_free (record->rule_id);
  g_free (record->citation);
  g_free (record->retain_until);
  g_free (record->kept_because);
  g_free (record);
}

static void
evidence_free (PsemsRetentionEvidence *evidence)
{
  g_free (evidence->ref);
  g_free (evidence);
}

void
psems_retention_purge_free (PsemsRetentionPurge *purge)
{
  if (purge == NULL)
    return;
  g_free (purge->as_of);
  g_clear_pointer (&purge->purged, g_ptr_array_unref);
  g_clear_pointer (&purge->kept, g_ptr_array_unref);
  g_clear_pointer (&purge->evidence, g_ptr_array_unref);
  g_strfreev (purge->unlinked_findings);
  g_free (purge);
}

void
psems_legal_hold_free (PsemsLegalHold *hold)
{
  if (hold == NULL)
    return;
  g_free (hold->kind);
  g_free (hold->ref);
  g_free (hold->reason);
  g_free (hold->placed_at);
  g_free (hold->placed_by);
  g_free (hold->released_at);
  g_free (hold->released_by);
  g_free (hold);
}

/**
 * psems_retention_kinds:
 *
 * Returns: (transfer none): the kinds of record retention purges,
 * %NULL-terminated: completion, dos, incident, level-change.
 */
const char * const *
psems_retention_kinds (void)
{
  return kind_names;
}

static const RetentionKind *
find_kind (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (kinds[i].kind, name) == 0)
      return &kinds[i];
  return NULL;
}

/**
 * psems_retention_kind_label:
 *
 * Returns: (transfer none) (nullable): @kind's translated name, %NULL for
 * no such kind.
 */
const char *
psems_retention_kind_label (const char *kind)
{
  const RetentionKind *k = find_kind (kind);

  return k != NULL ? _(k->label) : NULL;
}

static gboolean
check_kinds (const char * const  *names,
             GError             **error)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (find_kind (names[i]) == NULL)
      {
        g_autofree char *known = g_strjoinv (", ", (char **) kind_names);

        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                     _("Retention: kind: “%s” is not a kind of record retention purges (one of %s)"),
                     names[i], known);
        return FALSE;
      }
  return TRUE;
}

static gboolean
kind_selected (const RetentionKind *k,
               const char * const  *names)
{
  if (names == NULL || names[0] == NULL)
    return TRUE;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], k->kind) == 0)
      return TRUE;
  return FALSE;
}

/* @as_of as a day; NULL is today. */
static gboolean
resolve_as_of (const char  *as_of,
               PsemsDay    *day,
               GError     **error)
{
  if (as_of == NULL)
    {
      *day = psems_day_today ();
      return TRUE;
    }
  *day = psems_day_parse (as_of);
  if (*day == PSEMS_DAY_NONE)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Retention: as_of: “%s” is not a day written YYYY-MM-DD"), as_of);
      return FALSE;
    }
  return TRUE;
}

/* ───────────────────────────── rules ───────────────────────────── */

typedef struct
{
  PsemsRegimeRule *records;   /* PSEMS_RETENTION_RECORDS_RULE */
  PsemsRegimeRule *dos;       /* PSEMS_DOS_RETENTION_RULE */
} Rules;

static void
rules_clear (Rules *rules)
{
  g_clear_pointer (&rules->records, psems_regime_rule_free);
  g_clear_pointer (&rules->dos, psems_regime_rule_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rules, rules_clear)

/* The rules the selected kinds need: a purge never runs on a guess, so a
 * missing or wrong rule refuses, naming the rule and where it was looked for. */
static gboolean
load_rules (Rules               *rules,
            const char * const  *names,
            GError             **error)
{
  if (kind_selected (&kinds[1], names))
    {
      rules->dos = psems_dos_retention_rule (error);
      if (rules->dos == NULL)
        return FALSE;
    }
  if (kind_selected (&kinds[0], names) || kind_selected (&kinds[2], names) ||
      kind_selected (&kinds[3], names))
    {
      rules->records = psems_regime_find_rule (PSEMS_RETENTION_RECORDS_RULE, error);
      if (rules->records == NULL)
        return FALSE;
      if (rules->records->clock.kind != PSEMS_CLOCK_RETENTION)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("%s:%u: the rule “%s” must be a retention rule to say how long records "
                         "are kept"), rules->records->path, rules->records->line,
                       rules->records->id);
          return FALSE;
        }
    }
  return TRUE;
}

/* ───────────────────────────── listing ───────────────────────────── */

static void
append_reason (GString    *reasons,
               const char *reason)
{
  if (reasons->len > 0)
    g_string_append (reasons, "; ");
  g_string_append (reasons, reason);
}

static guint
count_refs (const char *list)
{
  guint n = 1;

  for (const char *p = strstr (list, ", "); p != NULL; p = strstr (p + 2, ", "))
    n++;
  return n;
}

/* One row of a kind's list_sql as a record, judged as of @as_of. */
static PsemsRetentionRecord *
read_record (sqlite3_stmt        *stmt,
             const RetentionKind *k,
             const Rules         *rules,
             PsemsDay             as_of)
{
  PsemsRetentionRecord *r = g_new0 (PsemsRetentionRecord, 1);
  const PsemsRegimeRule *rule = g_str_equal (k->kind, "dos") ? rules->dos : rules->records;
  g_autoptr(GString) reasons = g_string_new (NULL);
  PsemsDay keep = PSEMS_DAY_NONE;

  r->kind = g_strdup (k->kind);
  r->id = sqlite3_column_int64 (stmt, 0);
  r->ref = psems_sql_dup_column (stmt, 1);
  r->facility_id = sqlite3_column_int64 (stmt, 2);
  r->facility_code = psems_sql_dup_column (stmt, 3);
  r->n_evidence = (guint) sqlite3_column_int (stmt, 5);
  r->rule_id = g_strdup (rule->id);
  r->citation = g_strdup (rule->citation);

  if (g_str_equal (k->kind, "dos"))
    {
      PsemsDos dos = { 0 };

      dos.valid_until = (char *) sqlite3_column_text (stmt, 4);
      dos.valid_from = (char *) sqlite3_column_text (stmt, 12);
      dos.signed_on = (char *) sqlite3_column_text (stmt, 13);
      r->record_day = g_strdup (rule->anchor == PSEMS_REGIME_ANCHOR_RECORD
                                ? (dos.signed_on != NULL ? dos.signed_on : dos.valid_from)
                                : dos.valid_until);
      keep = psems_dos_retain_until (&dos, rule);
    }
  else
    {
      PsemsDay from;

      r->record_day = psems_sql_dup_column (stmt, 4);
      from = psems_day_parse (r->record_day);
      if (from != PSEMS_DAY_NONE)
        keep = psems_clock_retain_until (&rule->clock, from);
    }
  r->block = PSEMS_RETENTION_PURGEABLE;
  if (keep != PSEMS_DAY_NONE)
    {
      r->retain_until = psems_day_format_iso (keep);
      r->past_retention = keep < as_of;
    }
  else
    {
      r->block = PSEMS_RETENTION_OPEN;
      append_reason (reasons, _("still open: its retention starts when it is closed"));
    }
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    {
      g_autofree char *since = g_strndup ((const char *) sqlite3_column_text (stmt, 7), 10);
      g_autofree char *reason = g_strdup_printf (_("legal hold since %s: %s"), since,
                                                 (const char *) sqlite3_column_text (stmt, 6));

      r->block = PSEMS_RETENTION_HELD;
      append_reason (reasons, reason);
    }
  for (int column = 8; column <= 9; column++)
    if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
      {
        const char *refs = (const char *) sqlite3_column_text (stmt, column);
        guint n = count_refs (refs);
        g_autofree char *reason = NULL;

        if (column == 8)
          reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "named by open finding %s",
                                                 "named by open findings %s", n), refs);
        else
          reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "named by lesson %s",
                                                 "named by lessons %s", n), refs);
        if (r->block == PSEMS_RETENTION_PURGEABLE)
          r->block = PSEMS_RETENTION_REFERENCED;
        append_reason (reasons, reason);
      }
  if (sqlite3_column_int (stmt, 10) != 0)
    {
      g_autofree char *reason = NULL;

      if (g_str_equal (k->kind, "completion"))
        reason = g_strdup_printf (_("the latest completion of %s: its clock counts from it"),
                                  (const char *) sqlite3_column_text (stmt, 11));
      else
        reason = g_strdup_printf (_("the latest level change of %s: it gives the current "
                                    "security level"),
                                  (const char *) sqlite3_column_text (stmt, 11));
      if (r->block == PSEMS_RETENTION_PURGEABLE)
        r->block = PSEMS_RETENTION_CURRENT;
      append_reason (reasons, reason);
    }
  if (reasons->len > 0)
    r->kept_because = g_strdup (reasons->str);
  return r;
}

/* Every record of the selected kinds (all) or only those past retention. */
static GPtrArray *
collect (PsemsStore          *store,
         const Rules         *rules,
         PsemsDay             as_of,
         const char * const  *names,
         gboolean             all,
         GError             **error)
{
  g_autoptr(GPtrArray) records =
    g_ptr_array_new_with_free_func ((GDestroyNotify) psems_retention_record_free);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(PsemsCachedStmt) stmt = NULL;
      int rc;

      if (!kind_selected (&kinds[i], names))
        continue;
      stmt = psems_store_prepare (store, kinds[i].list_sql, error);
      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          PsemsRetentionRecord *r = read_record (stmt, &kinds[i], rules, as_of);

          if (all || r->past_retention)
            g_ptr_array_add (records, r);
          else
            psems_retention_record_free (r);
        }
      if (rc != SQLITE_DONE)
        {
          psems_store_set_sqlite_error (store, error, kinds[i].kind);
          return NULL;
        }
    }
  return g_steal_pointer (&records);
}

/**
 * psems_retention_list:
 * @as_of: (nullable): the day retention is judged on, YYYY-MM-DD; %NULL: today
 * @names: (nullable) (array zero-terminated=1): only these kinds
 *   (psems_retention_kinds()); %NULL: all
 * @all: every record of those kinds, also those still within retention;
 *   %FALSE: only those past retention as of @as_of
 *
 * Records, each with the rule that keeps it, the last day it must be kept
 * and, when past retention, why it is still kept (a legal hold, an open
 * finding or a lesson naming it, or a clock or level it still sets).
 * Soft-deleted records are listed too: only a purge removes them. By kind,
 * then the day retention counts from.
 *
 * Returns: (transfer full) (element-type PsemsRetentionRecord): the
 * records, or %NULL with @error set (a bad day or kind is
 * %PSEMS_ERROR_INVALID; a missing retention rule %PSEMS_ERROR_NOT_FOUND).
 */
GPtrArray *
psems_retention_list (PsemsStore          *store,
                      const char          *as_of,
                      const char * const  *names,
                      gboolean             all,
                      GError             **error)
{
  g_auto(Rules) rules = { NULL, NULL };
  PsemsDay day;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!resolve_as_of (as_of, &day, error) || !check_kinds (names, error) ||
      !load_rules (&rules, names, error))
    return NULL;
  return collect (store, &rules, day, names, all, error);
}

/**
 * psems_retention_list_purgeable:
 * @as_of: (nullable): YYYY-MM-DD; %NULL: today
 *
 * psems_retention_list() of every kind past retention as of @as_of: those
 * with @kept_because %NULL may be purged; the others say why not.
 *
 * Returns: (transfer full) (element-type PsemsRetentionRecord): the records,
 * or %NULL with @error set.
 */
GPtrArray *
psems_retention_list_purgeable (PsemsStore  *store,
                                const char  *as_of,
                                GError     **error)
{
  return psems_retention_list (store, as_of, NULL, FALSE, error);
}

/* ───────────────────────────── naming records ───────────────────────────── */

/* The record @text names: CMP-/DOS-/INC-YYYY-NNNN or level-change:ID, in any
 * letter case, deleted or not. */
static const RetentionKind *
resolve_record (PsemsStore  *store,
                const char  *text,
                gint64      *id,
                char       **ref,
                gint64      *facility_id,
                GError     **error)
{
  g_autofree char *trimmed = psems_sql_dup_field (text);
  g_autofree char *canonical = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  const RetentionKind *k = NULL;
  gint64 number = 0;
  guint64 n;

  if (trimmed != NULL && g_ascii_strncasecmp (trimmed, LEVEL_CHANGE_REF_PREFIX,
                                              strlen (LEVEL_CHANGE_REF_PREFIX)) == 0)
    {
      if (g_ascii_string_to_unsigned (trimmed + strlen (LEVEL_CHANGE_REF_PREFIX), 10, 1,
                                      G_MAXINT64, &n, NULL))
        {
          number = (gint64) n;
          k = &kinds[3];
          canonical = g_strdup_printf (LEVEL_CHANGE_REF_PREFIX "%lld", (long long) number);
        }
    }
  else
    {
      g_autofree char *prefix = NULL;
      int year;

      if (psems_ref_parse (trimmed, &prefix, &year, &number))
        for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
          if (kinds[i].prefix != NULL && g_str_equal (kinds[i].prefix, prefix))
            {
              k = &kinds[i];
              canonical = psems_ref_format (prefix, year, number);
            }
    }
  if (k == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is not a record retention keeps: give a completion (CMP-YYYY-NNNN), a "
                     "declaration of security (DOS-…), an incident (INC-…) or a security level "
                     "change (level-change:ID, as “records purgeable” lists it)"),
                   trimmed != NULL ? trimmed : "");
      return NULL;
    }

  stmt = psems_store_prepare (store, k->lookup_sql, error);
  if (stmt == NULL)
    return NULL;
  if (k->prefix != NULL)
    psems_sql_bind_text (stmt, 1, canonical);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      break;
    case SQLITE_DONE:
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no %s %s"),
                   k->kind, canonical);
      return NULL;
    default:
      psems_store_set_sqlite_error (store, error, canonical);
      return NULL;
    }
  *id = sqlite3_column_int64 (stmt, 0);
  if (facility_id != NULL)
    *facility_id = sqlite3_column_int64 (stmt, 1);
  if (ref != NULL)
    *ref = g_steal_pointer (&canonical);
  return k;
}

/* ───────────────────────────── purging ───────────────────────────── */

static PsemsRetentionRecord *
find_in (GPtrArray  *records,
         const char *kind,
         gint64      id)
{
  for (guint i = 0; i < records->len; i++)
    {
      PsemsRetentionRecord *r = g_ptr_array_index (records, i);

      if (r->id == id && g_str_equal (r->kind, kind))
        return r;
    }
  return NULL;
}

/* Moves the records @refs names out of @all into @purge->purged, or refuses
 * every one that may not go yet, naming each and why; nothing is purged then. */
static gboolean
select_refs (PsemsStore           *store,
             GPtrArray            *all,
             const char * const   *refs,
             const char           *as_of,
             PsemsRetentionPurge  *purge,
             GError              **error)
{
  g_autoptr(GString) not_due = g_string_new (NULL);
  g_autoptr(GString) kept = g_string_new (NULL);

  for (guint i = 0; refs[i] != NULL; i++)
    {
      g_autofree char *ref = NULL;
      const RetentionKind *k;
      PsemsRetentionRecord *r;
      gint64 id = 0;
      guint index;

      k = resolve_record (store, refs[i], &id, &ref, NULL, error);
      if (k == NULL)
        return FALSE;
      if (find_in (purge->purged, k->kind, id) != NULL)
        continue;   /* named twice */
      r = find_in (all, k->kind, id);
      if (r == NULL)
        {
          /* Resolved but not listed: its kind was not selected. */
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("%s is a %s, not of the kinds selected for this purge"), ref, k->kind);
          return FALSE;
        }
      if (!r->past_retention)
        {
          if (not_due->len > 0)
            g_string_append (not_due, ", ");
          if (r->retain_until != NULL)
            g_string_append_printf (not_due, _("%s (kept until %s)"), r->ref, r->retain_until);
          else
            g_string_append_printf (not_due, _("%s (still open)"), r->ref);
          continue;
        }
      if (r->kept_because != NULL)
        {
          if (kept->len > 0)
            g_string_append (kept, ", ");
          g_string_append_printf (kept, "%s (%s)", r->ref, r->kept_because);
          continue;
        }
      if (!g_ptr_array_find (all, r, &index))
        g_assert_not_reached ();
      g_ptr_array_add (purge->purged, g_ptr_array_steal_index (all, index));
    }

  if (not_due->len > 0 && kept->len > 0)
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                 _("Nothing was purged: not past retention as of %s: %s. Still kept: %s."), as_of,
                 not_due->str, kept->str);
  else if (not_due->len > 0)
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                 _("Nothing was purged: not past retention as of %s: %s."), as_of, not_due->str);
  else if (kept->len > 0)
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                 _("Nothing was purged: still kept: %s."), kept->str);
  else
    return TRUE;
  return FALSE;
}

/* The evidence files the purged records leave linked to nothing (each once),
 * and the closed findings whose link to them is cleared. */
static gboolean
find_orphans (PsemsStore           *store,
              PsemsRetentionPurge  *purge,
              GError              **error)
{
  g_autoptr(GHashTable) purged_links = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                              g_free, NULL);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GStrvBuilder) findings = g_strv_builder_new ();

  for (guint i = 0; i < purge->purged->len; i++)
    {
      const PsemsRetentionRecord *r = g_ptr_array_index (purge->purged, i);
      const RetentionKind *k = find_kind (r->kind);

      if (k->evidence_sql != NULL)
        {
          g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, k->evidence_sql, error);
          int rc;

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, r->id);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              gint64 evidence_id = sqlite3_column_int64 (stmt, 0);
              gpointer n = g_hash_table_lookup (purged_links, &evidence_id);

              if (n == NULL)
                g_array_append_val (order, evidence_id);
              g_hash_table_insert (purged_links, g_memdup2 (&evidence_id, sizeof evidence_id),
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
            }
          if (rc != SQLITE_DONE)
            {
              psems_store_set_sqlite_error (store, error, r->ref);
              return FALSE;
            }
        }
      if (k->findings_sql != NULL)
        {
          g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, k->findings_sql, error);
          int rc;

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, r->id);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            g_strv_builder_add (findings, (const char *) sqlite3_column_text (stmt, 0));
          if (rc != SQLITE_DONE)
            {
              psems_store_set_sqlite_error (store, error, r->ref);
              return FALSE;
            }
        }
    }

  for (guint i = 0; i < order->len; i++)
    {
      gint64 evidence_id = g_array_index (order, gint64, i);
      guint purged = GPOINTER_TO_UINT (g_hash_table_lookup (purged_links, &evidence_id));
      g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, EVIDENCE_LINKS_SQL, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, evidence_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          psems_store_set_sqlite_error (store, error, "evidence");
          return FALSE;
        }
      if (sqlite3_column_int64 (stmt, 0) == (gint64) purged)
        {
          g_autoptr(PsemsCachedStmt) row =
            psems_store_prepare (store, "SELECT ref, size FROM evidence WHERE id = ?1", error);
          PsemsRetentionEvidence *e;

          if (row == NULL)
            return FALSE;
          sqlite3_bind_int64 (row, 1, evidence_id);
          if (sqlite3_step (row) != SQLITE_ROW)
            continue;
          e = g_new0 (PsemsRetentionEvidence, 1);
          e->ref = psems_sql_dup_column (row, 0);
          e->size = sqlite3_column_int64 (row, 1);
          g_ptr_array_add (purge->evidence, e);
        }
    }
  purge->unlinked_findings = g_strv_builder_end (findings);
  return TRUE;
}

static gboolean
run_by_id (PsemsStore  *store,
           const char  *sql,
           gint64       id,
           const char  *what,
           GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return psems_sql_step_done (store, stmt, what, error);
}

static void
append_ref_array (GString   *out,
                  GPtrArray *refs)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < refs->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      psems_sql_append_json_string (out, g_ptr_array_index (refs, i));
    }
  g_string_append_c (out, ']');
}

/* The purge's audit image: what went, by kind, with the rule that let it go.
 * References, counts and rule ids only: never a value from the records. Keys
 * in ascending order as every audit image (psems-audit.c). */
static char *
purge_image (const PsemsRetentionPurge *purge)
{
  GString *out = g_string_new ("{\"as_of\":");
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();
  gboolean first = TRUE;

  psems_sql_append_json_string (out, purge->as_of);
  g_string_append (out, ",\"evidence\":{\"count\":");
  g_string_append_printf (out, "%u,\"refs\":", purge->evidence->len);
  for (guint i = 0; i < purge->evidence->len; i++)
    g_ptr_array_add (refs, ((PsemsRetentionEvidence *) g_ptr_array_index (purge->evidence, i))->ref);
  append_ref_array (out, refs);
  g_string_append (out, "},\"records\":[");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const char *rule = NULL;

      g_ptr_array_set_size (refs, 0);
      for (guint j = 0; j < purge->purged->len; j++)
        {
          const PsemsRetentionRecord *r = g_ptr_array_index (purge->purged, j);

          if (g_str_equal (r->kind, kinds[i].kind))
            {
              g_ptr_array_add (refs, r->ref);
              rule = r->rule_id;
            }
        }
      if (refs->len == 0)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_printf (out, "{\"count\":%u,\"kind\":", refs->len);
      psems_sql_append_json_string (out, kinds[i].kind);
      g_string_append (out, ",\"refs\":");
      append_ref_array (out, refs);
      g_string_append (out, ",\"rule\":");
      psems_sql_append_json_string (out, rule);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"unlinked_findings\":");
  g_ptr_array_set_size (refs, 0);
  for (guint i = 0; purge->unlinked_findings[i] != NULL; i++)
    g_ptr_array_add (refs, purge->unlinked_findings[i]);
  append_ref_array (out, refs);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
delete_all (PsemsTransaction           *txn,
            const PsemsRetentionPurge  *purge,
            GError                    **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);

  for (guint i = 0; i < purge->purged->len; i++)
    {
      const PsemsRetentionRecord *r = g_ptr_array_index (purge->purged, i);
      const RetentionKind *k = find_kind (r->kind);

      for (guint s = 0; k->delete_sql[s] != NULL; s++)
        if (!run_by_id (store, k->delete_sql[s], r->id, r->ref, error))
          return FALSE;
    }
  for (guint i = 0; i < purge->evidence->len; i++)
    {
      const PsemsRetentionEvidence *e = g_ptr_array_index (purge->evidence, i);
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "DELETE FROM evidence WHERE ref = ?1", error);

      if (stmt == NULL)
        return FALSE;
      psems_sql_bind_text (stmt, 1, e->ref);
      if (!psems_sql_step_done (store, stmt, e->ref, error))
        return FALSE;
    }
  return TRUE;
}

/* Sets secure_delete on this connection (deleted content is overwritten in
 * the file, not only unlinked) and returns the setting it had. */
static int
set_secure_delete (PsemsStore *store,
                   int         value)
{
  sqlite3 *db = psems_store_get_db (store);
  g_autofree char *sql = g_strdup_printf ("PRAGMA secure_delete = %d", value);
  sqlite3_stmt *stmt = NULL;
  int previous = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA secure_delete", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    previous = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_exec (db, sql, NULL, NULL, NULL);
  return previous;
}

static PsemsRetentionPurge *
purge_in_transaction (PsemsStore                     *store,
                      PsemsTransaction               *txn,
                      PsemsDay                        day,
                      const PsemsRetentionSelection  *selection,
                      GError                        **error)
{
  g_autoptr(PsemsRetentionPurge) purge = g_new0 (PsemsRetentionPurge, 1);
  g_auto(Rules) rules = { NULL, NULL };
  g_autoptr(GPtrArray) records = NULL;
  gboolean by_ref = selection->refs != NULL && selection->refs[0] != NULL;

  purge->as_of = psems_day_format_iso (day);
  purge->purged = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_retention_record_free);
  purge->kept = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_retention_record_free);
  purge->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) evidence_free);

  if (!load_rules (&rules, selection->kinds, error))
    return NULL;
  records = collect (store, &rules, day, selection->kinds, by_ref, error);
  if (records == NULL)
    return NULL;

  if (by_ref)
    {
      if (!select_refs (store, records, selection->refs, purge->as_of, purge, error))
        return NULL;
    }
  else
    while (records->len > 0)
      {
        PsemsRetentionRecord *r = g_ptr_array_steal_index (records, 0);

        g_ptr_array_add (r->kept_because == NULL ? purge->purged : purge->kept, r);
      }

  if (!find_orphans (store, purge, error))
    return NULL;
  if (txn == NULL || purge->purged->len == 0)
    return g_steal_pointer (&purge);

  {
    g_autofree char *image = purge_image (purge);

    if (!delete_all (txn, purge, error) ||
        !psems_transaction_record (txn, "purge", "retention", 0, NULL, image, NULL, error))
      return NULL;
    purge->audit_id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  }
  return g_steal_pointer (&purge);
}

/**
 * psems_retention_purge:
 * @actor: who purges; the one permission check decides (delete, "retention")
 * @as_of: (nullable): the day retention is judged on, YYYY-MM-DD, today or
 *   before; %NULL: today. A day after today is refused: that would purge
 *   records before their retention has run out.
 * @selection: (nullable): which records; %NULL: every kind
 *
 * Deletes, in one transaction with one audit-trail entry, the records past
 * retention as of @as_of that nothing keeps (see psems_retention_list()),
 * their evidence links, and the evidence files left linked to nothing.
 *
 * With @selection->refs every record named must be purgeable: one not yet
 * past retention, held, or still referenced refuses the whole purge, naming
 * each (%PSEMS_ERROR_INVALID), and nothing is written. Without refs, the
 * records past retention that are still kept are reported in @kept and stay.
 * A purge that finds nothing to remove, or a dry run, writes nothing.
 *
 * Returns: (transfer full): what was (or would be) removed, or %NULL with
 * @error set.
 */
PsemsRetentionPurge *
psems_retention_purge (PsemsStore                     *store,
                       PsemsActor                     *actor,
                       const char                     *as_of,
                       const PsemsRetentionSelection  *selection,
                       GError                        **error)
{
  static const PsemsRetentionSelection everything = { NULL, NULL, FALSE };
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsRetentionPurge) purge = NULL;
  PsemsDay day, today = psems_day_today ();
  int secure_delete;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (selection == NULL)
    selection = &everything;
  if (!resolve_as_of (as_of, &day, error) || !check_kinds (selection->kinds, error))
    return NULL;
  if (day > today)
    {
      g_autofree char *today_text = psems_day_format_iso (today);

      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Retention: as_of: %s is after today (%s): records are purged once their "
                     "retention has run out, never ahead of it"), as_of, today_text);
      return NULL;
    }

  if (selection->dry_run)
    {
      /* The permission check still decides whether this user may see it. */
      if (!psems_actor_check (actor, PSEMS_OP_READ, "retention", 0, error))
        return NULL;
      return purge_in_transaction (store, NULL, day, selection, error);
    }

  secure_delete = set_secure_delete (store, 1);
  txn = psems_transaction_begin (store, actor, PSEMS_OP_DELETE, "retention", 0, error);
  if (txn != NULL)
    purge = purge_in_transaction (store, txn, day, selection, error);
  if (purge != NULL && purge->purged->len > 0 &&
      !psems_transaction_commit (g_steal_pointer (&txn), error))
    g_clear_pointer (&purge, psems_retention_purge_free);
  g_clear_pointer (&txn, psems_transaction_rollback);
  set_secure_delete (store, secure_delete);
  if (purge == NULL || purge->purged->len == 0)
    return g_steal_pointer (&purge);

  /* Many rows changed: one signal per kind, id 0. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    for (guint j = 0; j < purge->purged->len; j++)
      if (g_str_equal (((PsemsRetentionRecord *) g_ptr_array_index (purge->purged, j))->kind,
                       kinds[i].kind))
        {
          psems_store_emit_changed (store, kinds[i].kind, 0);
          break;
        }
  if (purge->evidence->len > 0)
    psems_store_emit_changed (store, "evidence", 0);
  if (purge->unlinked_findings[0] != NULL)
    psems_store_emit_changed (store, "finding", 0);
  return g_steal_pointer (&purge);
}

/* ───────────────────────────── legal holds ───────────────────────────── */

/* The hold in force on a record: its id (0 for none), when it was placed and why. */
static gint64
active_hold (PsemsStore  *store,
             const char  *kind,
             gint64       record_id,
             char       **placed_at,
             char       **reason,
             GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT id, placed_at, reason FROM legal_hold WHERE entity = ?1"
                         " AND record_id = ?2 AND released_at IS NULL", error);

  if (stmt == NULL)
    return -1;
  psems_sql_bind_text (stmt, 1, kind);
  sqlite3_bind_int64 (stmt, 2, record_id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      if (placed_at != NULL)
        *placed_at = psems_sql_dup_column (stmt, 1);
      if (reason != NULL)
        *reason = psems_sql_dup_column (stmt, 2);
      return sqlite3_column_int64 (stmt, 0);
    case SQLITE_DONE:
      return 0;
    default:
      psems_store_set_sqlite_error (store, error, "legal_hold");
      return -1;
    }
}

/**
 * psems_retention_hold:
 * @ref: the record: CMP-, DOS-, INC-YYYY-NNNN or level-change:ID
 * @reason: why it must be kept (the matter, case or request); required
 *
 * Places a legal hold on a record: it is not purged, whatever its
 * retention, until psems_retention_release(). A hold may be placed before
 * the record is due. One audit-trail entry ("hold", entity "legal-hold",
 * the record's reference).
 */
gboolean
psems_retention_hold (PsemsStore  *store,
                      PsemsActor  *actor,
                      const char  *ref,
                      const char  *reason,
                      GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *why = NULL;
  g_autofree char *now = NULL;
  g_autofree char *since = NULL;
  g_autofree char *held_for = NULL;
  g_autofree char *after = NULL;
  const RetentionKind *k;
  gint64 record_id = 0, facility_id = 0, hold_id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  k = resolve_record (store, ref, &record_id, &canonical, &facility_id, error);
  if (k == NULL)
    return FALSE;
  why = psems_sql_dup_field (reason);
  if (why == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: reason: a legal hold needs a reason (the matter, case or request it "
                     "is kept for)"), canonical);
      return FALSE;
    }

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "legal-hold", facility_id, error);
  if (txn == NULL)
    return FALSE;
  hold_id = active_hold (store, k->kind, record_id, &since, &held_for, error);
  if (hold_id < 0)
    return FALSE;
  if (hold_id > 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s is already under a legal hold since %s: %s"), canonical, since,
                   held_for);
      return FALSE;
    }

  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "INSERT INTO legal_hold (entity, record_id, reason,"
                              " placed_at, placed_by) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  psems_sql_bind_text (stmt, 1, k->kind);
  sqlite3_bind_int64 (stmt, 2, record_id);
  psems_sql_bind_text (stmt, 3, why);
  psems_sql_bind_text (stmt, 4, now);
  psems_sql_bind_text (stmt, 5, psems_actor_get_name (actor));
  if (!psems_sql_step_done (store, stmt, canonical, error))
    return FALSE;
  hold_id = sqlite3_last_insert_rowid (psems_store_get_db (store));

  after = psems_audit_image_row (store, hold_info (), hold_id, error);
  if (after == NULL ||
      !psems_transaction_record (txn, "hold", "legal-hold", hold_id, canonical, NULL, after, error))
    return FALSE;
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return FALSE;
  psems_store_emit_changed (store, k->kind, record_id);
  return TRUE;
}

/**
 * psems_retention_release:
 * @ref: a record under a legal hold
 *
 * Lifts the hold in force on @ref (the hold's row stays, with who released
 * it and when); the record is purgeable again once past retention. One
 * audit-trail entry ("release"). A record under no hold is
 * %PSEMS_ERROR_INVALID.
 */
gboolean
psems_retention_release (PsemsStore  *store,
                         PsemsActor  *actor,
                         const char  *ref,
                         GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *now = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const RetentionKind *k;
  gint64 record_id = 0, facility_id = 0, hold_id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  k = resolve_record (store, ref, &record_id, &canonical, &facility_id, error);
  if (k == NULL)
    return FALSE;
  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "legal-hold", facility_id, error);
  if (txn == NULL)
    return FALSE;
  hold_id = active_hold (store, k->kind, record_id, NULL, NULL, error);
  if (hold_id < 0)
    return FALSE;
  if (hold_id == 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s is not under a legal hold"),
                   canonical);
      return FALSE;
    }

  before = psems_audit_image_row (store, hold_info (), hold_id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE legal_hold SET released_at = ?2, released_by = ?3"
                              " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, hold_id);
  psems_sql_bind_text (stmt, 2, now);
  psems_sql_bind_text (stmt, 3, psems_actor_get_name (actor));
  if (!psems_sql_step_done (store, stmt, canonical, error))
    return FALSE;
  after = psems_audit_image_row (store, hold_info (), hold_id, error);
  if (after == NULL ||
      !psems_transaction_record (txn, "release", "legal-hold", hold_id, canonical, before, after,
                                 error))
    return FALSE;
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return FALSE;
  psems_store_emit_changed (store, k->kind, record_id);
  return TRUE;
}

static PsemsLegalHold *
hold_from_row (sqlite3_stmt *stmt)
{
  PsemsLegalHold *h = g_new0 (PsemsLegalHold, 1);

  h->id = sqlite3_column_int64 (stmt, 0);
  h->kind = psems_sql_dup_column (stmt, 1);
  h->record_id = sqlite3_column_int64 (stmt, 2);
  h->ref = psems_sql_dup_column (stmt, 3);
  h->reason = psems_sql_dup_column (stmt, 4);
  h->placed_at = psems_sql_dup_column (stmt, 5);
  h->placed_by = psems_sql_dup_column (stmt, 6);
  h->released_at = psems_sql_dup_column (stmt, 7);
  h->released_by = psems_sql_dup_column (stmt, 8);
  return h;
}

/**
 * psems_retention_list_holds:
 * @include_released: also holds already released
 *
 * Returns: (transfer full) (element-type PsemsLegalHold): legal holds, the
 * latest placed first, or %NULL with @error set.
 */
GPtrArray *
psems_retention_list_holds (PsemsStore  *store,
                            gboolean     include_released,
                            GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = psems_store_prepare (store,
                              "SELECT h.id, h.entity, h.record_id,"
                              " CASE h.entity"
                              "  WHEN 'completion' THEN (SELECT ref FROM completion WHERE id = h.record_id)"
                              "  WHEN 'dos' THEN (SELECT ref FROM declaration_of_security"
                              "   WHERE id = h.record_id)"
                              "  WHEN 'incident' THEN (SELECT ref FROM incident WHERE id = h.record_id)"
                              "  ELSE 'level-change:' || h.record_id END,"
                              " h.reason, h.placed_at, h.placed_by, h.released_at, h.released_by"
                              " FROM legal_hold h WHERE ?1 OR h.released_at IS NULL"
                              " ORDER BY h.placed_at DESC, h.id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_released ? 1 : 0);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) hold_from_row,
                                 (GDestroyNotify) psems_legal_hold_free, "legal_hold", error);
}
