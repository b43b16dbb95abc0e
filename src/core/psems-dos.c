/* psems-dos.c — declarations of security (ISPS A/5, 33 CFR 105.245): ship and facility agree who does what. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-dos.h"
#include "psems-error.h"
#include "psems-evidence.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * Field names in problems and refusals, as the schema spells them:
 * facility_id, ship_name, ship_imo, security_level, valid_from, valid_until,
 * ship_signatory, facility_signatory, signed_on. A declaration belongs to
 * one facility for good; its signatories are personal data, which the audit
 * trail keeps only as keyed hashes (psems-entity.c).
 */

#define DOS_COLUMNS \
  "SELECT d.id, d.ref, d.facility_id, f.code, d.ship_name, d.ship_imo, d.security_level," \
  " d.valid_from, d.valid_until, d.reason, d.responsibilities, d.ship_signatory," \
  " d.facility_signatory, d.signed_on, d.created_at, d.updated_at" \
  " FROM declaration_of_security d JOIN facility f ON f.id = d.facility_id"

/* ───────────────────────────── values ───────────────────────────── */

PsemsDos *
psems_dos_new (void)
{
  PsemsDos *dos = g_new0 (PsemsDos, 1);

  dos->security_level = 1;
  return dos;
}

void
psems_dos_free (PsemsDos *dos)
{
  if (dos == NULL)
    return;
  g_free (dos->ref);
  g_free (dos->facility_code);
  g_free (dos->ship_name);
  g_free (dos->ship_imo);
  g_free (dos->valid_from);
  g_free (dos->valid_until);
  g_free (dos->reason);
  g_free (dos->responsibilities);
  g_free (dos->ship_signatory);
  g_free (dos->facility_signatory);
  g_free (dos->signed_on);
  g_free (dos->created_at);
  g_free (dos->updated_at);
  g_free (dos);
}

static PsemsDos *
dos_from_row (sqlite3_stmt *stmt)
{
  PsemsDos *d = g_new0 (PsemsDos, 1);

  d->id = sqlite3_column_int64 (stmt, 0);
  d->ref = psems_sql_dup_column (stmt, 1);
  d->facility_id = sqlite3_column_int64 (stmt, 2);
  d->facility_code = psems_sql_dup_column (stmt, 3);
  d->ship_name = psems_sql_dup_column (stmt, 4);
  d->ship_imo = psems_sql_dup_column (stmt, 5);
  d->security_level = sqlite3_column_int (stmt, 6);
  d->valid_from = psems_sql_dup_column (stmt, 7);
  d->valid_until = psems_sql_dup_column (stmt, 8);
  d->reason = psems_sql_dup_column (stmt, 9);
  d->responsibilities = psems_sql_dup_column (stmt, 10);
  d->ship_signatory = psems_sql_dup_column (stmt, 11);
  d->facility_signatory = psems_sql_dup_column (stmt, 12);
  d->signed_on = psems_sql_dup_column (stmt, 13);
  d->created_at = psems_sql_dup_column (stmt, 14);
  d->updated_at = psems_sql_dup_column (stmt, 15);
  return d;
}

/* ───────────────────────────── IMO ship numbers ───────────────────────────── */

/**
 * psems_ship_imo_normalize:
 * @text: (nullable): an IMO ship number as people write it: "9074729",
 *   "IMO 9074729", "imo9074729"
 *
 * Returns: (transfer full) (nullable): the number as it is stored (the
 * seven characters after an optional "IMO" prefix, spaces trimmed), or
 * %NULL for empty text. The result is not checked: see
 * psems_validate_ship_imo().
 */
char *
psems_ship_imo_normalize (const char *text)
{
  g_autofree char *trimmed = psems_sql_dup_field (text);
  const char *p;

  if (trimmed == NULL)
    return NULL;
  p = trimmed;
  if (g_ascii_strncasecmp (p, "IMO", 3) == 0)
    {
      p += 3;
      while (*p == ' ' || *p == '-' || *p == ':')
        p++;
    }
  return *p != '\0' ? g_strdup (p) : g_strdup (trimmed);
}

/**
 * psems_validate_ship_imo:
 * @text: (nullable): an IMO ship number, seven digits (normalized)
 *
 * Whether @text is an IMO ship number (IMO Res. A.1078(28)): seven digits,
 * the last the check digit: the first six multiplied by 7, 6, 5, 4, 3 and 2,
 * summed, modulo 10 (9074729: 9×7 + 0×6 + 7×5 + 4×4 + 7×3 + 2×2 = 139 → 9).
 */
gboolean
psems_validate_ship_imo (const char *text)
{
  int sum = 0;

  if (text == NULL || strlen (text) != 7)
    return FALSE;
  for (int i = 0; i < 7; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  for (int i = 0; i < 6; i++)
    sum += (text[i] - '0') * (7 - i);
  return sum % 10 == text[6] - '0';
}

/* ───────────────────────────── validation ───────────────────────────── */

/* The form's values as they are stored: trimmed, empty as NULL, the IMO
 * number without its prefix. */
static PsemsDos *
dos_normalize (const PsemsDos *in)
{
  PsemsDos *d = psems_dos_new ();

  d->id = in->id;
  d->ref = g_strdup (in->ref);
  d->facility_id = in->facility_id;
  d->ship_name = psems_sql_dup_field (in->ship_name);
  d->ship_imo = psems_ship_imo_normalize (in->ship_imo);
  d->security_level = in->security_level;
  d->valid_from = psems_sql_dup_field (in->valid_from);
  d->valid_until = psems_sql_dup_field (in->valid_until);
  d->reason = psems_sql_dup_field (in->reason);
  d->responsibilities = psems_sql_dup_field (in->responsibilities);
  d->ship_signatory = psems_sql_dup_field (in->ship_signatory);
  d->facility_signatory = psems_sql_dup_field (in->facility_signatory);
  d->signed_on = psems_sql_dup_field (in->signed_on);
  return d;
}

static gboolean
dos_same_values (const PsemsDos *a,
                 const PsemsDos *b)
{
  return g_strcmp0 (a->ship_name, b->ship_name) == 0 &&
         g_strcmp0 (a->ship_imo, b->ship_imo) == 0 &&
         a->security_level == b->security_level &&
         g_strcmp0 (a->valid_from, b->valid_from) == 0 &&
         g_strcmp0 (a->valid_until, b->valid_until) == 0 &&
         g_strcmp0 (a->reason, b->reason) == 0 &&
         g_strcmp0 (a->responsibilities, b->responsibilities) == 0 &&
         g_strcmp0 (a->ship_signatory, b->ship_signatory) == 0 &&
         g_strcmp0 (a->facility_signatory, b->facility_signatory) == 0 &&
         g_strcmp0 (a->signed_on, b->signed_on) == 0;
}

/* A required or optional day field: a problem unless @text is NULL (when
 * optional) or a real day written YYYY-MM-DD. */
static PsemsDay
check_day (GPtrArray  *problems,
           const char *field,
           const char *text,
           gboolean    required)
{
  PsemsDay day;

  if (text == NULL)
    {
      if (required)
        psems_field_problems_add (problems, field, _("A day is required (YYYY-MM-DD)"));
      return PSEMS_DAY_NONE;
    }
  day = psems_day_parse (text);
  if (day == PSEMS_DAY_NONE)
    psems_field_problems_add (problems, field, _("“%s” is not a day written YYYY-MM-DD"), text);
  return day;
}

static void
validate_normalized (PsemsStore     *store,
                     const PsemsDos *d,
                     GPtrArray      *problems)
{
  PsemsDay from, until, signed_on;

  if (d->facility_id <= 0)
    psems_field_problems_add (problems, "facility_id", _("A facility is required"));
  else if (d->id == 0)
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "SELECT ref, deleted_at FROM facility WHERE id = ?1", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, d->facility_id);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            psems_field_problems_add (problems, "facility_id",
                                      _("There is no facility with id %lld"),
                                      (long long) d->facility_id);
          else if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            psems_field_problems_add (problems, "facility_id",
                                      _("%s is archived; restore it first"),
                                      (const char *) sqlite3_column_text (stmt, 0));
        }
    }

  if (d->ship_name == NULL)
    psems_field_problems_add (problems, "ship_name", _("The ship’s name is required"));

  if (d->ship_imo == NULL)
    psems_field_problems_add (problems, "ship_imo", _("The ship’s IMO number is required"));
  else if (strlen (d->ship_imo) != 7 || strspn (d->ship_imo, "0123456789") != 7)
    psems_field_problems_add (problems, "ship_imo",
                              _("“%s” is not an IMO ship number: seven digits, e.g. 9074729"),
                              d->ship_imo);
  else if (!psems_validate_ship_imo (d->ship_imo))
    psems_field_problems_add (problems, "ship_imo",
                              _("“%s” is not an IMO ship number: its check digit (the last) does "
                                "not match the first six"), d->ship_imo);

  if (d->security_level < 1 || d->security_level > 3)
    psems_field_problems_add (problems, "security_level",
                              _("%d is not a security level (1, 2 or 3)"), d->security_level);

  from = check_day (problems, "valid_from", d->valid_from, TRUE);
  until = check_day (problems, "valid_until", d->valid_until, TRUE);
  if (from != PSEMS_DAY_NONE && until != PSEMS_DAY_NONE && until < from)
    psems_field_problems_add (problems, "valid_until",
                              _("The period ends on %s, before it starts on %s"),
                              d->valid_until, d->valid_from);

  signed_on = check_day (problems, "signed_on", d->signed_on, FALSE);
  if (signed_on != PSEMS_DAY_NONE)
    {
      /* A signature not yet given is not a record of one. */
      if (signed_on > psems_day_today ())
        psems_field_problems_add (problems, "signed_on",
                                  _("%s is in the future: record a signature once it is given"),
                                  d->signed_on);
      else if (until != PSEMS_DAY_NONE && signed_on > until)
        psems_field_problems_add (problems, "signed_on",
                                  _("%s is after the period ends on %s: a declaration is signed "
                                    "before or while it applies"), d->signed_on, d->valid_until);
      /* ISPS A/5.4: completed and signed by both the ship and the facility. */
      if (d->ship_signatory == NULL)
        psems_field_problems_add (problems, "ship_signatory",
                                  _("A signed declaration needs the ship’s signatory (master or "
                                    "ship security officer)"));
      if (d->facility_signatory == NULL)
        psems_field_problems_add (problems, "facility_signatory",
                                  _("A signed declaration needs the facility’s signatory (the "
                                    "port facility security officer)"));
    }
}

/**
 * psems_dos_validate:
 * @dos: the values of a form; @dos->id 0 for a new declaration
 *
 * Every problem with @dos's values, for showing each next to its field: the
 * facility (a new declaration's must exist and not be archived), the ship's
 * name, the IMO ship number and its check digit, the security level, the
 * period (both days real, the end not before the start), the signature day
 * (a real day, not in the future, not after the period) and, once signed,
 * both signatories. Values are judged as they would be stored (trimmed, an
 * "IMO" prefix dropped).
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): the problems,
 * empty when there are none.
 */
GPtrArray *
psems_dos_validate (PsemsStore     *store,
                    const PsemsDos *dos)
{
  g_autoptr(PsemsDos) d = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (dos != NULL, NULL);

  d = dos_normalize (dos);
  problems = psems_field_problems_new ();
  validate_normalized (store, d, problems);
  return problems;
}

/* ───────────────────────────── reading ───────────────────────────── */

static PsemsDos *
dos_lookup (PsemsStore  *store,
            gint64       id,
            GError     **error)
{
  return psems_sql_get_row (store, DOS_COLUMNS " WHERE d.id = ?1 AND d.deleted_at IS NULL", id,
                            (PsemsRowFunc) dos_from_row, "declaration_of_security", error,
                            _("There is no declaration of security with id %lld"), (long long) id);
}

/**
 * psems_dos_get:
 *
 * Returns: (transfer full): the declaration, or %NULL with
 * %PSEMS_ERROR_NOT_FOUND.
 */
PsemsDos *
psems_dos_get (PsemsStore  *store,
               gint64       id,
               GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return dos_lookup (store, id, error);
}

/**
 * psems_dos_list:
 * @filter: (nullable): which declarations; %NULL for all
 *
 * Returns: (transfer full) (element-type PsemsDos): the declarations, the
 * latest period first (then by reference), or %NULL with @error set (a day
 * in @filter that is not YYYY-MM-DD is %PSEMS_ERROR_INVALID).
 */
GPtrArray *
psems_dos_list (PsemsStore            *store,
                const PsemsDosFilter  *filter,
                GError               **error)
{
  static const PsemsDosFilter all = { 0 };
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  struct { const char *name; const char *value; } days[3];

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter == NULL)
    filter = &all;
  days[0].name = "active_on"; days[0].value = filter->active_on;
  days[1].name = "from";      days[1].value = filter->from;
  days[2].name = "until";     days[2].value = filter->until;
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    if (days[i].value != NULL && psems_day_parse (days[i].value) == PSEMS_DAY_NONE)
      {
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                     _("Declarations of security: %s: “%s” is not a day written YYYY-MM-DD"),
                     days[i].name, days[i].value);
        return NULL;
      }

  stmt = psems_store_prepare (store,
                              DOS_COLUMNS " WHERE d.deleted_at IS NULL"
                              " AND (?1 = 0 OR d.facility_id = ?1)"
                              " AND (?2 IS NULL OR (d.valid_from <= ?2 AND d.valid_until >= ?2))"
                              " AND (?3 IS NULL OR d.valid_until >= ?3)"
                              " AND (?4 IS NULL OR d.valid_from <= ?4)"
                              " ORDER BY d.valid_from DESC, d.ref DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, filter->facility_id);
  psems_sql_bind_text (stmt, 2, filter->active_on);
  psems_sql_bind_text (stmt, 3, filter->from);
  psems_sql_bind_text (stmt, 4, filter->until);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) dos_from_row,
                                 (GDestroyNotify) psems_dos_free, "declaration_of_security", error);
}

/**
 * psems_dos_resolve:
 * @text: a declaration's reference, DOS-2026-0001, in any letter case
 *
 * Returns: its id, or 0 with %PSEMS_ERROR_NOT_FOUND (or _INVALID for text
 * that is no such reference) naming @text.
 */
gint64
psems_dos_resolve (PsemsStore  *store,
                   const char  *text,
                   GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No declaration of security given: name one by its reference, DOS-YYYY-NNNN"));
      return 0;
    }
  return psems_ref_resolve (store, "dos", trimmed, error);
}

/* ───────────────────────────── writing ───────────────────────────── */

static void
bind_values (sqlite3_stmt   *stmt,
             const PsemsDos *d)
{
  psems_sql_bind_text (stmt, 3, d->ship_name);
  psems_sql_bind_text (stmt, 4, d->ship_imo);
  sqlite3_bind_int (stmt, 5, d->security_level);
  psems_sql_bind_text (stmt, 6, d->valid_from);
  psems_sql_bind_text (stmt, 7, d->valid_until);
  psems_sql_bind_text (stmt, 8, d->reason);
  psems_sql_bind_text (stmt, 9, d->responsibilities);
  psems_sql_bind_text (stmt, 10, d->ship_signatory);
  psems_sql_bind_text (stmt, 11, d->facility_signatory);
  psems_sql_bind_text (stmt, 12, d->signed_on);
}

/**
 * psems_dos_create:
 * @dos: the new declaration's values (@id and @ref are ignored)
 * @ref: (out) (optional): the new declaration's reference
 *
 * Records a declaration of security after psems_dos_validate(); any problem
 * refuses the whole write with %PSEMS_ERROR_INVALID ("<what>: <field>:
 * <message>") and nothing is written.
 *
 * Returns: the new declaration's id, or 0 with @error set.
 */
gint64
psems_dos_create (PsemsStore      *store,
                  PsemsActor      *actor,
                  const PsemsDos  *dos,
                  char           **ref,
                  GError         **error)
{
  return psems_dos_create_with_evidence (store, actor, dos, NULL, ref, error);
}

/**
 * psems_dos_create_with_evidence:
 * @evidence: (nullable) (array zero-terminated=1): files to keep as its
 *   evidence (the signed declaration, a scan), attached to it
 *
 * psems_dos_create() and psems_evidence_add_to() for each file in one
 * write: a refused file (missing, a folder, empty, too large) refuses the
 * declaration too, naming the file, and nothing is written.
 *
 * Returns: the new declaration's id, or 0 with @error set.
 */
gint64
psems_dos_create_with_evidence (PsemsStore          *store,
                                PsemsActor          *actor,
                                const PsemsDos      *dos,
                                const char * const  *evidence,
                                char               **ref,
                                GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsDos) d = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  g_autofree char *what = NULL;
  int year;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (dos != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  d = dos_normalize (dos);
  d->id = 0;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "dos", d->facility_id, error);
  if (txn == NULL)
    return 0;

  problems = psems_field_problems_new ();
  validate_normalized (store, d, problems);
  what = d->ship_name != NULL
       ? g_strdup_printf (_("Declaration of security with %s"), d->ship_name)
       : g_strdup (_("New declaration of security"));
  if (!psems_field_problems_to_error (problems, what, error))
    return 0;

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "DOS", year, error);
  if (new_ref == NULL)
    return 0;

  stmt = psems_store_prepare (store,
                              "INSERT INTO declaration_of_security (ref, facility_id, ship_name,"
                              " ship_imo, security_level, valid_from, valid_until, reason,"
                              " responsibilities, ship_signatory, facility_signatory, signed_on,"
                              " created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                              " ?13)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  sqlite3_bind_int64 (stmt, 2, d->facility_id);
  bind_values (stmt, d);
  psems_sql_bind_text (stmt, 13, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));

  if (!psems_transaction_record_row (txn, "create", "dos", id, NULL, error))
    return 0;
  for (guint i = 0; evidence != NULL && evidence[i] != NULL; i++)
    if (psems_evidence_add_in_transaction (txn, evidence[i], NULL, "dos", id, NULL, NULL,
                                           error) <= 0)
      {
        g_prefix_error (error, "%s: ", what);
        return 0;
      }
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/**
 * psems_dos_update:
 * @dos: the declaration's new values; @id names it; @facility_id is ignored
 *   (a declaration stays with its facility)
 *
 * Writes a declaration's values after psems_dos_validate(); any problem
 * refuses the write ("<ref>: <field>: <message>") and nothing is written.
 * Values equal to the stored ones write nothing.
 */
gboolean
psems_dos_update (PsemsStore      *store,
                  PsemsActor      *actor,
                  const PsemsDos  *dos,
                  GError         **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsDos) d = NULL;
  g_autoptr(PsemsDos) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (dos != NULL && dos->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = dos_lookup (store, dos->id, error);
  if (current == NULL)
    return FALSE;
  d = dos_normalize (dos);
  d->facility_id = current->facility_id;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "dos", d->facility_id, error);
  if (txn == NULL)
    return FALSE;

  problems = psems_field_problems_new ();
  validate_normalized (store, d, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;
  if (dos_same_values (d, current))
    return TRUE;

  before = psems_transaction_image (txn, "dos", d->id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store,
                              "UPDATE declaration_of_security SET ship_name = ?3,"
                              " ship_imo = ?4, security_level = ?5, valid_from = ?6,"
                              " valid_until = ?7, reason = ?8, responsibilities = ?9,"
                              " ship_signatory = ?10, facility_signatory = ?11, signed_on = ?12,"
                              " updated_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->id);
  psems_sql_bind_text (stmt, 2, now);
  bind_values (stmt, d);
  if (!psems_sql_step_done (store, stmt, current->ref, error))
    return FALSE;
  if (!psems_transaction_record_row (txn, "update", "dos", d->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* ───────────────────────────── retention ───────────────────────────── */

/**
 * psems_dos_retention_rule:
 *
 * The regime rule %PSEMS_DOS_RETENTION_RULE (33 CFR 105.225: a declaration
 * is kept at least 90 days after its period ends), as the regime files say
 * it: the number of days lives there, not here.
 *
 * Returns: (transfer full): the rule, or %NULL with %PSEMS_ERROR_NOT_FOUND
 * (no such rule; the message says where rules were looked for) or
 * %PSEMS_ERROR_INVALID (the rule is not a retention rule).
 */
PsemsRegimeRule *
psems_dos_retention_rule (GError **error)
{
  g_autoptr(PsemsRegimeRule) rule = psems_regime_find_rule (PSEMS_DOS_RETENTION_RULE, error);

  if (rule == NULL)
    return NULL;
  if (rule->clock.kind != PSEMS_CLOCK_RETENTION)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s:%u: the rule “%s” must be a retention rule to say how long declarations "
                     "of security are kept"), rule->path, rule->line, rule->id);
      return NULL;
    }
  return g_steal_pointer (&rule);
}

/**
 * psems_dos_retain_until:
 * @rule: a RETENTION rule (psems_dos_retention_rule()); it counts from the
 *   end of the declaration's period when anchored at record-end, from the
 *   day it was signed (or else its start) when anchored at record
 *
 * Returns: the last day @dos must be kept; it may be purged from the next
 * day on. %PSEMS_DAY_NONE when @dos has no valid period.
 */
PsemsDay
psems_dos_retain_until (const PsemsDos        *dos,
                        const PsemsRegimeRule *rule)
{
  PsemsDay from;

  g_return_val_if_fail (dos != NULL, PSEMS_DAY_NONE);
  g_return_val_if_fail (rule != NULL && rule->clock.kind == PSEMS_CLOCK_RETENTION, PSEMS_DAY_NONE);

  if (rule->anchor == PSEMS_REGIME_ANCHOR_RECORD)
    from = psems_day_parse (dos->signed_on != NULL ? dos->signed_on : dos->valid_from);
  else
    from = psems_day_parse (dos->valid_until);
  if (from == PSEMS_DAY_NONE)
    return PSEMS_DAY_NONE;
  return psems_clock_retain_until (&rule->clock, from);
}
