/* psems-facility.c — port facilities, their restricted areas and their security level with its history. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-control.h"
#include "psems-error.h"
#include "psems-facility.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * Field names in problems and refusals, as the schema spells them: code,
 * name, kind, un_locode, imo_number, pfso_person_id, time_zone,
 * security_level (the initial level of a new facility); for a level change
 * level, reason, changed_at, notified_at, compliant_at; for an area code and
 * name. Facilities and areas are archived (deleted_at), never deleted.
 */

#define FACILITY_COLUMNS \
  "SELECT f.id, f.ref, f.code, f.name, f.kind, f.un_locode, f.imo_number, f.security_level," \
  " f.pfso_person_id, p.display_name, f.contact_24h, f.address, f.time_zone, f.deleted_at" \
  " FROM facility f LEFT JOIN person p ON p.id = f.pfso_person_id"

#define AREA_COLUMNS \
  "SELECT id, ref, facility_id, code, name, description, deleted_at FROM restricted_area"

#define LEVEL_CHANGE_COLUMNS \
  "SELECT id, from_level, level, reason, changed_at, changed_by, notified_at, compliant_at" \
  " FROM facility_level_change"

/* The schema's CHECK list, in the order forms offer it. */
static const char * const kind_ids[] = {
  "container-terminal", "cruise-terminal", "ferry-terminal", "ro-ro-terminal", "bulk-terminal",
  "tanker-terminal", "general-cargo-terminal", "airport", "other", NULL
};

static const char * const kind_labels[] = {
  N_("Container terminal"), N_("Cruise terminal"), N_("Ferry terminal"), N_("Ro-ro terminal"),
  N_("Bulk terminal"), N_("Tanker terminal"), N_("General cargo terminal"), N_("Airport"), N_("Other"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (kind_ids) == G_N_ELEMENTS (kind_labels) + 1);

/* ───────────────────────────── small helpers ───────────────────────────── */

static char *
dup_field_upper (const char *text)
{
  g_autofree char *copy = psems_sql_dup_field (text);

  return copy != NULL ? g_ascii_strup (copy, -1) : NULL;
}

/* ───────────────────────────── values ───────────────────────────── */

PsemsFacility *
psems_facility_new (void)
{
  PsemsFacility *facility = g_new0 (PsemsFacility, 1);

  facility->security_level = 1;
  return facility;
}

void
psems_facility_free (PsemsFacility *facility)
{
  if (facility == NULL)
    return;
  g_free (facility->ref);
  g_free (facility->code);
  g_free (facility->name);
  g_free (facility->kind);
  g_free (facility->un_locode);
  g_free (facility->imo_number);
  g_free (facility->pfso_name);
  g_free (facility->contact_24h);
  g_free (facility->address);
  g_free (facility->time_zone);
  g_free (facility->archived_at);
  g_free (facility);
}

void
psems_level_change_free (PsemsLevelChange *change)
{
  if (change == NULL)
    return;
  g_free (change->reason);
  g_free (change->changed_at);
  g_free (change->changed_by);
  g_free (change->notified_at);
  g_free (change->compliant_at);
  g_free (change);
}

void
psems_area_free (PsemsArea *area)
{
  if (area == NULL)
    return;
  g_free (area->ref);
  g_free (area->code);
  g_free (area->name);
  g_free (area->description);
  g_free (area->archived_at);
  g_free (area);
}

/* The form's values as they are stored: trimmed, empty as NULL, codes of
 * UN/LOCODE and IMO number in upper case. */
static PsemsFacility *
facility_normalize (const PsemsFacility *in)
{
  PsemsFacility *f = psems_facility_new ();

  f->id = in->id;
  f->ref = g_strdup (in->ref);
  f->code = psems_sql_dup_field (in->code);
  f->name = psems_sql_dup_field (in->name);
  f->kind = psems_sql_dup_field (in->kind);
  f->un_locode = dup_field_upper (in->un_locode);
  f->imo_number = dup_field_upper (in->imo_number);
  f->security_level = in->security_level;
  f->pfso_person_id = in->pfso_person_id;
  f->contact_24h = psems_sql_dup_field (in->contact_24h);
  f->address = psems_sql_dup_field (in->address);
  f->time_zone = psems_sql_dup_field (in->time_zone);
  return f;
}

/* Whether two facilities hold the same editable values. */
static gboolean
facility_same_values (const PsemsFacility *a,
                      const PsemsFacility *b)
{
  return g_strcmp0 (a->code, b->code) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->kind, b->kind) == 0 &&
         g_strcmp0 (a->un_locode, b->un_locode) == 0 &&
         g_strcmp0 (a->imo_number, b->imo_number) == 0 &&
         a->pfso_person_id == b->pfso_person_id &&
         g_strcmp0 (a->contact_24h, b->contact_24h) == 0 &&
         g_strcmp0 (a->address, b->address) == 0 &&
         g_strcmp0 (a->time_zone, b->time_zone) == 0;
}

static PsemsFacility *
facility_from_row (sqlite3_stmt *stmt)
{
  PsemsFacility *f = g_new0 (PsemsFacility, 1);

  f->id = sqlite3_column_int64 (stmt, 0);
  f->ref = psems_sql_dup_column (stmt, 1);
  f->code = psems_sql_dup_column (stmt, 2);
  f->name = psems_sql_dup_column (stmt, 3);
  f->kind = psems_sql_dup_column (stmt, 4);
  f->un_locode = psems_sql_dup_column (stmt, 5);
  f->imo_number = psems_sql_dup_column (stmt, 6);
  f->security_level = sqlite3_column_int (stmt, 7);
  f->pfso_person_id = sqlite3_column_int64 (stmt, 8);
  f->pfso_name = psems_sql_dup_column (stmt, 9);
  f->contact_24h = psems_sql_dup_column (stmt, 10);
  f->address = psems_sql_dup_column (stmt, 11);
  f->time_zone = psems_sql_dup_column (stmt, 12);
  f->archived_at = psems_sql_dup_column (stmt, 13);
  return f;
}

static PsemsArea *
area_from_row (sqlite3_stmt *stmt)
{
  PsemsArea *a = g_new0 (PsemsArea, 1);

  a->id = sqlite3_column_int64 (stmt, 0);
  a->ref = psems_sql_dup_column (stmt, 1);
  a->facility_id = sqlite3_column_int64 (stmt, 2);
  a->code = psems_sql_dup_column (stmt, 3);
  a->name = psems_sql_dup_column (stmt, 4);
  a->description = psems_sql_dup_column (stmt, 5);
  a->archived_at = psems_sql_dup_column (stmt, 6);
  return a;
}

static PsemsLevelChange *
level_change_from_row (sqlite3_stmt *stmt)
{
  PsemsLevelChange *c = g_new0 (PsemsLevelChange, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->from_level = sqlite3_column_int (stmt, 1);   /* NULL reads as 0: the first level */
  c->level = sqlite3_column_int (stmt, 2);
  c->reason = psems_sql_dup_column (stmt, 3);
  c->changed_at = psems_sql_dup_column (stmt, 4);
  c->changed_by = psems_sql_dup_column (stmt, 5);
  c->notified_at = psems_sql_dup_column (stmt, 6);
  c->compliant_at = psems_sql_dup_column (stmt, 7);
  return c;
}

/* ───────────────────────────── kinds and codes ───────────────────────────── */

/**
 * psems_facility_kinds:
 *
 * Returns: (transfer none): the facility kinds the schema knows, %NULL-terminated.
 */
const char * const *
psems_facility_kinds (void)
{
  return kind_ids;
}

/* The translated label of a kind, or %NULL for a kind the schema does not know. */
const char *
psems_facility_kind_label (const char *kind)
{
  if (kind == NULL)
    return NULL;
  for (guint i = 0; kind_ids[i] != NULL; i++)
    if (g_str_equal (kind_ids[i], kind))
      return _(kind_labels[i]);
  return NULL;
}

static gboolean
is_locode_location_char (char c)
{
  c = g_ascii_toupper (c);
  return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '9');
}

/**
 * psems_validate_un_locode:
 * @text: (nullable): a UN/LOCODE in either letter case
 *
 * Whether @text has the form of a UN/LOCODE: two letters for the country,
 * then three of A–Z or 2–9 for the place (NLRTM, XZNHV).
 */
gboolean
psems_validate_un_locode (const char *text)
{
  if (text == NULL || strlen (text) != 5)
    return FALSE;
  if (!g_ascii_isalpha (text[0]) || !g_ascii_isalpha (text[1]))
    return FALSE;
  for (int i = 2; i < 5; i++)
    if (!is_locode_location_char (text[i]))
      return FALSE;
  return TRUE;
}

/**
 * psems_validate_imo_number:
 * @text: (nullable): an IMO port facility number, LOCODE-NNNN
 * @un_locode: (nullable): the facility's UN/LOCODE; %NULL checks the form only
 *
 * Whether @text has the form of an IMO port facility number (GISIS) and,
 * given @un_locode, starts with it. Letter case does not matter.
 */
gboolean
psems_validate_imo_number (const char *text,
                           const char *un_locode)
{
  g_autofree char *locode = NULL;

  if (text == NULL || strlen (text) != 10 || text[5] != '-')
    return FALSE;
  locode = g_strndup (text, 5);
  if (!psems_validate_un_locode (locode))
    return FALSE;
  for (int i = 6; i < 10; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return un_locode == NULL || g_ascii_strcasecmp (locode, un_locode) == 0;
}

/* ───────────────────────────── validation ───────────────────────────── */

static gboolean
kind_is_known (const char *kind)
{
  return g_strv_contains (kind_ids, kind);
}

/* Another facility's reference for a column value, or NULL. */
static char *
find_other_facility (PsemsStore *store,
                     const char *sql,
                     const char *value,
                     gint64      id)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return psems_sql_dup_column (stmt, 0);
}

static void
validate_normalized (PsemsStore          *store,
                     const PsemsFacility *f,
                     GPtrArray           *problems)
{
  g_autofree char *prefix = NULL;

  if (f->code == NULL)
    psems_field_problems_add (problems, "code", _("A code is required"));
  else if (psems_ref_parse (f->code, &prefix, NULL, NULL) && g_str_equal (prefix, "FAC"))
    psems_field_problems_add (problems, "code",
                              _("“%s” reads as a facility reference; choose a code that does not"), f->code);
  else
    {
      /* Codes name facilities on the command line in any letter case, so
       * two codes differing only in case would be ambiguous. */
      g_autofree char *other =
        find_other_facility (store,
                             "SELECT ref || coalesce(' (' || name || ')', '') FROM facility"
                             " WHERE code = ?1 COLLATE NOCASE AND id <> ?2",
                             f->code, f->id);

      if (other != NULL)
        psems_field_problems_add (problems, "code", _("“%s” is already the code of %s"), f->code, other);
    }

  if (f->name == NULL)
    psems_field_problems_add (problems, "name", _("A name is required"));

  if (f->kind == NULL)
    psems_field_problems_add (problems, "kind", _("A kind is required"));
  else if (!kind_is_known (f->kind))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) kind_ids);

      psems_field_problems_add (problems, "kind", _("“%s” is not a facility kind (one of %s)"), f->kind, list);
    }

  if (f->un_locode != NULL && !psems_validate_un_locode (f->un_locode))
    psems_field_problems_add (problems, "un_locode",
                              _("“%s” is not a UN/LOCODE: two letters for the country, then three of "
                                "A–Z or 2–9, e.g. NLRTM"), f->un_locode);

  if (f->imo_number != NULL)
    {
      if (!psems_validate_imo_number (f->imo_number, NULL))
        psems_field_problems_add (problems, "imo_number",
                                  _("“%s” is not an IMO port facility number: the UN/LOCODE, a hyphen "
                                    "and four digits, e.g. NLRTM-0001"), f->imo_number);
      else if (f->un_locode == NULL)
        psems_field_problems_add (problems, "imo_number",
                                  _("“%s” needs the facility’s UN/LOCODE, which it starts with"),
                                  f->imo_number);
      else if (!psems_validate_imo_number (f->imo_number, f->un_locode))
        psems_field_problems_add (problems, "imo_number",
                                  _("“%s” does not start with the facility’s UN/LOCODE %s"),
                                  f->imo_number, f->un_locode);
      else
        {
          g_autofree char *other =
            find_other_facility (store, "SELECT ref FROM facility WHERE imo_number = ?1 AND id <> ?2",
                                 f->imo_number, f->id);

          if (other != NULL)
            psems_field_problems_add (problems, "imo_number",
                                      _("“%s” is already the IMO number of %s"), f->imo_number, other);
        }
    }

  if (f->pfso_person_id != 0)
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "SELECT 1 FROM person WHERE id = ?1 AND deleted_at IS NULL", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, f->pfso_person_id);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            psems_field_problems_add (problems, "pfso_person_id",
                                      _("There is no person with id %lld"),
                                      (long long) f->pfso_person_id);
        }
    }

  if (f->time_zone != NULL)
    {
      GTimeZone *tz = g_time_zone_new_identifier (f->time_zone);

      if (tz == NULL)
        psems_field_problems_add (problems, "time_zone",
                                  _("“%s” is not a time zone this system knows: give an IANA name "
                                    "such as Europe/Amsterdam"), f->time_zone);
      else
        g_time_zone_unref (tz);
    }

  if (f->id == 0 && (f->security_level < 1 || f->security_level > 3))
    psems_field_problems_add (problems, "security_level",
                              _("%d is not a security level (1, 2 or 3)"), f->security_level);
}

/**
 * psems_facility_validate:
 * @facility: the values of a form; @facility->id 0 for a new facility
 *   (whose @security_level is then its initial level)
 *
 * Every problem with @facility's values, for showing each next to its
 * field: required fields, the kind, the form of the UN/LOCODE and the IMO
 * number (and that it starts with the UN/LOCODE), a code or IMO number
 * already used by another facility, the PFSO, the time zone. Values are
 * judged as they would be stored: trimmed, UN/LOCODE and IMO number in
 * upper case.
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): the problems,
 * empty when there are none.
 */
GPtrArray *
psems_facility_validate (PsemsStore          *store,
                         const PsemsFacility *facility)
{
  g_autoptr(PsemsFacility) f = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (facility != NULL, NULL);

  f = facility_normalize (facility);
  problems = psems_field_problems_new ();
  validate_normalized (store, f, problems);
  return problems;
}

/* ───────────────────────────── reading ───────────────────────────── */

static PsemsFacility *
facility_lookup (PsemsStore  *store,
                 gint64       id,
                 GError     **error)
{
  return psems_sql_get_row (store, FACILITY_COLUMNS " WHERE f.id = ?1", id,
                            (PsemsRowFunc) facility_from_row, "facility", error,
                            _("There is no facility with id %lld"), (long long) id);
}

/**
 * psems_facility_get:
 *
 * Returns: (transfer full): the facility, archived or not, or %NULL with
 * %PSEMS_ERROR_NOT_FOUND.
 */
PsemsFacility *
psems_facility_get (PsemsStore  *store,
                    gint64       id,
                    GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return facility_lookup (store, id, error);
}

/**
 * psems_facility_list:
 * @include_archived: list archived facilities too
 *
 * Returns: (transfer full) (element-type PsemsFacility): the facilities by code.
 */
GPtrArray *
psems_facility_list (PsemsStore  *store,
                     gboolean     include_archived,
                     GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store,
                              FACILITY_COLUMNS " WHERE ?1 OR f.deleted_at IS NULL ORDER BY f.code, f.id",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_archived ? 1 : 0);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) facility_from_row,
                                 (GDestroyNotify) psems_facility_free, "facility", error);
}

/**
 * psems_facility_resolve:
 * @text: a facility reference (FAC-2026-0001) or a facility code, in any
 *   letter case
 *
 * Returns: the facility's id (archived or not), or 0 with
 * %PSEMS_ERROR_NOT_FOUND naming @text.
 */
gint64
psems_facility_resolve (PsemsStore  *store,
                        const char  *text,
                        GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No facility given: name one by its reference or code"));
      return 0;
    }
  if (psems_ref_parse (trimmed, &prefix, NULL, NULL) && g_str_equal (prefix, "FAC"))
    return psems_ref_resolve (store, "facility", trimmed, error);

  stmt = psems_store_prepare (store, "SELECT id FROM facility WHERE code = ?1 COLLATE NOCASE", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                   _("There is no facility with the reference or code “%s”"), trimmed);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* ───────────────────────────── writing facilities ───────────────────────────── */

static gboolean
insert_level_change (PsemsTransaction  *txn,
                     gint64             facility_id,
                     int                from_level,
                     int                level,
                     const char        *reason,
                     const char        *changed_at,
                     const char        *notified_at,
                     const char        *compliant_at,
                     GError           **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  gint64 id;

  stmt = psems_store_prepare (store,
                              "INSERT INTO facility_level_change (facility_id, from_level, level, reason,"
                              " changed_at, changed_by, notified_at, compliant_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  if (from_level != 0)
    sqlite3_bind_int (stmt, 2, from_level);
  sqlite3_bind_int (stmt, 3, level);
  psems_sql_bind_text (stmt, 4, reason);
  psems_sql_bind_text (stmt, 5, changed_at);
  psems_sql_bind_text (stmt, 6, psems_actor_get_name (psems_transaction_get_actor (txn)));
  psems_sql_bind_text (stmt, 7, notified_at);
  psems_sql_bind_text (stmt, 8, compliant_at);
  if (!psems_sql_step_done (store, stmt, "facility_level_change", error))
    return FALSE;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  return psems_transaction_record_row (txn, "create", "level-change", id, NULL, error);
}

/**
 * psems_facility_create:
 * @facility: the new facility's values (@id, @ref and @security_level are ignored)
 * @initial_level: its security level, 1–3, recorded as the first level change
 * @ref: (out) (optional): the new facility's reference
 *
 * Creates a facility after psems_facility_validate(); any problem refuses
 * the whole write with %PSEMS_ERROR_INVALID ("<code>: <field>: <message>")
 * and nothing is written.
 *
 * Returns: the new facility's id, or 0 with @error set.
 */
gint64
psems_facility_create (PsemsStore          *store,
                       PsemsActor          *actor,
                       const PsemsFacility *facility,
                       int                  initial_level,
                       char               **ref,
                       GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsFacility) f = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  g_autofree char *reason = NULL;
  int year;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (facility != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  f = facility_normalize (facility);
  f->id = 0;
  f->security_level = initial_level;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "facility", 0, error);
  if (txn == NULL)
    return 0;

  problems = psems_field_problems_new ();
  validate_normalized (store, f, problems);
  if (!psems_field_problems_to_error (problems, f->code != NULL ? f->code : _("New facility"), error))
    return 0;

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "FAC", year, error);
  if (new_ref == NULL)
    return 0;

  stmt = psems_store_prepare (store,
                              "INSERT INTO facility (ref, code, name, kind, un_locode, imo_number, security_level,"
                              " pfso_person_id, contact_24h, address, time_zone, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  psems_sql_bind_text (stmt, 2, f->code);
  psems_sql_bind_text (stmt, 3, f->name);
  psems_sql_bind_text (stmt, 4, f->kind);
  psems_sql_bind_text (stmt, 5, f->un_locode);
  psems_sql_bind_text (stmt, 6, f->imo_number);
  sqlite3_bind_int (stmt, 7, initial_level);
  if (f->pfso_person_id != 0)
    sqlite3_bind_int64 (stmt, 8, f->pfso_person_id);
  psems_sql_bind_text (stmt, 9, f->contact_24h);
  psems_sql_bind_text (stmt, 10, f->address);
  psems_sql_bind_text (stmt, 11, f->time_zone);
  psems_sql_bind_text (stmt, 12, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));

  if (!psems_transaction_record_row (txn, "create", "facility", id, NULL, error))
    return 0;

  /* The first level is history too: 33 CFR 105.225 asks for every level the facility was at. */
  reason = g_strdup_printf (_("Security level %d set when the facility was registered"), initial_level);
  if (!insert_level_change (txn, id, 0, initial_level, reason, now, NULL, NULL, error))
    return 0;

  /* Defence in depth starts from the default rings, which the PFSO then edits. */
  if (!psems_layers_add_default (txn, id, error))
    return 0;

  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/* The live facility @id inside a write, refused when archived. */
static PsemsFacility *
get_live_facility (PsemsStore  *store,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(PsemsFacility) current = facility_lookup (store, id, error);

  if (current == NULL)
    return NULL;
  if (current->archived_at != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s (%s) is archived; restore it first"), current->ref, current->code);
      return NULL;
    }
  return g_steal_pointer (&current);
}

/**
 * psems_facility_update:
 * @facility: the facility's new values; @id names it; @security_level is
 *   ignored (see psems_facility_set_level())
 *
 * Writes a live facility's values after psems_facility_validate(); any
 * problem refuses the write ("<ref>: <field>: <message>") and nothing is
 * written. An archived facility is refused; values equal to the stored ones
 * write nothing.
 */
gboolean
psems_facility_update (PsemsStore          *store,
                       PsemsActor          *actor,
                       const PsemsFacility *facility,
                       GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsFacility) f = NULL;
  g_autoptr(PsemsFacility) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (facility != NULL && facility->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  f = facility_normalize (facility);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "facility", f->id, error);
  if (txn == NULL)
    return FALSE;
  current = get_live_facility (store, f->id, error);
  if (current == NULL)
    return FALSE;

  problems = psems_field_problems_new ();
  validate_normalized (store, f, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;
  if (facility_same_values (f, current))
    return TRUE;

  before = psems_transaction_image (txn, "facility", f->id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store,
                              "UPDATE facility SET code = ?2, name = ?3, kind = ?4, un_locode = ?5,"
                              " imo_number = ?6, pfso_person_id = ?7, contact_24h = ?8, address = ?9,"
                              " time_zone = ?10, updated_at = ?11 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, f->id);
  psems_sql_bind_text (stmt, 2, f->code);
  psems_sql_bind_text (stmt, 3, f->name);
  psems_sql_bind_text (stmt, 4, f->kind);
  psems_sql_bind_text (stmt, 5, f->un_locode);
  psems_sql_bind_text (stmt, 6, f->imo_number);
  if (f->pfso_person_id != 0)
    sqlite3_bind_int64 (stmt, 7, f->pfso_person_id);
  else
    sqlite3_bind_null (stmt, 7);
  psems_sql_bind_text (stmt, 8, f->contact_24h);
  psems_sql_bind_text (stmt, 9, f->address);
  psems_sql_bind_text (stmt, 10, f->time_zone);
  psems_sql_bind_text (stmt, 11, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error))
    return FALSE;
  if (!psems_transaction_record_row (txn, "update", "facility", f->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

static gboolean
set_archived (PsemsStore  *store,
              PsemsActor  *actor,
              gint64       id,
              gboolean     archive,
              GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsFacility) current = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  txn = psems_transaction_begin (store, actor, archive ? PSEMS_OP_DELETE : PSEMS_OP_RESTORE,
                                 "facility", id, error);
  if (txn == NULL)
    return FALSE;
  current = facility_lookup (store, id, error);
  if (current == NULL)
    return FALSE;
  if (archive && current->archived_at != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s (%s) is already archived (since %s)"), current->ref, current->code,
                   current->archived_at);
      return FALSE;
    }
  if (!archive && current->archived_at == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s (%s) is not archived"), current->ref, current->code);
      return FALSE;
    }

  before = psems_transaction_image (txn, "facility", id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE facility SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  psems_sql_bind_text (stmt, 2, archive ? now : NULL);
  psems_sql_bind_text (stmt, 3, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error))
    return FALSE;
  if (!psems_transaction_record_row (txn, archive ? "archive" : "restore", "facility", id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_facility_archive:
 *
 * Archives a facility: it leaves the lists and the dashboard, and keeps
 * every record. A facility is never deleted.
 */
gboolean
psems_facility_archive (PsemsStore  *store,
                        PsemsActor  *actor,
                        gint64       id,
                        GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_archived (store, actor, id, TRUE, error);
}

gboolean
psems_facility_restore (PsemsStore  *store,
                        PsemsActor  *actor,
                        gint64       id,
                        GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_archived (store, actor, id, FALSE, error);
}

/* ───────────────────────────── security level ───────────────────────────── */

/* Checks an optional time against the change's; fills *@text with the stored form. */
static void
check_time_after (GPtrArray   *problems,
                  const char  *field,
                  GDateTime   *when,
                  const char  *changed_at,
                  char       **text)
{
  if (when == NULL)
    return;
  *text = psems_sql_format_stamp (when);
  if (strcmp (*text, changed_at) < 0)
    psems_field_problems_add (problems, field, _("%s is before the level change at %s"), *text, changed_at);
}

/**
 * psems_facility_set_level:
 * @level: the new security level, 1–3
 * @reason: why (the authority's direction, the threat)
 * @changed_at: (nullable): when the level changed; %NULL for now
 * @notified_at: (nullable): when ships and parties were notified
 * @compliant_at: (nullable): when the facility reported being compliant
 *
 * Changes a live facility's security level and records the change with who
 * (the actor), when and why (33 CFR 105.230) in one transaction. Refused,
 * naming the field, for a level outside 1–3 or equal to the current one,
 * no reason, a notified or compliant time before the change, or a change
 * before the last recorded one.
 */
gboolean
psems_facility_set_level (PsemsStore   *store,
                          PsemsActor   *actor,
                          gint64        id,
                          int           level,
                          const char   *reason,
                          GDateTime    *changed_at,
                          GDateTime    *notified_at,
                          GDateTime    *compliant_at,
                          GError      **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsFacility) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *why = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *notified = NULL;
  g_autofree char *compliant = NULL;
  g_autofree char *before = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "facility", id, error);
  if (txn == NULL)
    return FALSE;
  current = get_live_facility (store, id, error);
  if (current == NULL)
    return FALSE;

  problems = psems_field_problems_new ();
  why = psems_sql_dup_field (reason);
  changed = changed_at != NULL ? psems_sql_format_stamp (changed_at) : psems_sql_now_stamp (NULL);

  if (level < 1 || level > 3)
    psems_field_problems_add (problems, "level", _("%d is not a security level (1, 2 or 3)"), level);
  else if (level == current->security_level)
    psems_field_problems_add (problems, "level", _("the facility is already at security level %d"), level);
  if (why == NULL)
    psems_field_problems_add (problems, "reason", _("A reason for the change is required"));
  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store, "SELECT max(changed_at) FROM facility_level_change WHERE facility_id = ?1",
                           error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, id);
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL &&
        strcmp (changed, (const char *) sqlite3_column_text (stmt, 0)) < 0)
      psems_field_problems_add (problems, "changed_at",
                                _("%s is before the last recorded level change (%s)"), changed,
                                (const char *) sqlite3_column_text (stmt, 0));
  }
  check_time_after (problems, "notified_at", notified_at, changed, &notified);
  check_time_after (problems, "compliant_at", compliant_at, changed, &compliant);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;

  if (!insert_level_change (txn, id, current->security_level, level, why, changed, notified, compliant, error))
    return FALSE;

  before = psems_transaction_image (txn, "facility", id, error);
  if (before == NULL)
    return FALSE;
  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store, "UPDATE facility SET security_level = ?2, updated_at = ?3 WHERE id = ?1", error);
    g_autofree char *now = psems_sql_now_stamp (NULL);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int (stmt, 2, level);
    psems_sql_bind_text (stmt, 3, now);
    if (!psems_sql_step_done (store, stmt, current->ref, error))
      return FALSE;
  }
  if (!psems_transaction_record_row (txn, "set-level", "facility", id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_facility_record_level_times:
 * @change_id: a level change (PsemsLevelChange.id)
 * @notified_at: (nullable): when ships and parties were notified; %NULL leaves it
 * @compliant_at: (nullable): when the facility was compliant; %NULL leaves it
 *
 * Fills in the times of a level change that were not known when it was
 * recorded. A time before the change is refused naming its field.
 */
gboolean
psems_facility_record_level_times (PsemsStore  *store,
                                   PsemsActor  *actor,
                                   gint64       change_id,
                                   GDateTime   *notified_at,
                                   GDateTime   *compliant_at,
                                   GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *facility_ref = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *notified = NULL;
  g_autofree char *compliant = NULL;
  g_autofree char *before = NULL;
  g_autofree char *what = NULL;
  gint64 facility_id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store,
                           "SELECT c.facility_id, c.changed_at, f.ref FROM facility_level_change c"
                           " JOIN facility f ON f.id = c.facility_id WHERE c.id = ?1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, change_id);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                     _("There is no security level change with id %lld"), (long long) change_id);
        return FALSE;
      }
    facility_id = sqlite3_column_int64 (stmt, 0);
    changed = psems_sql_dup_column (stmt, 1);
    facility_ref = psems_sql_dup_column (stmt, 2);
  }

  if (notified_at == NULL && compliant_at == NULL)
    return TRUE;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "level-change", facility_id, error);
  if (txn == NULL)
    return FALSE;

  problems = psems_field_problems_new ();
  check_time_after (problems, "notified_at", notified_at, changed, &notified);
  check_time_after (problems, "compliant_at", compliant_at, changed, &compliant);
  what = g_strdup_printf (_("%s, level change of %s"), facility_ref, changed);
  if (!psems_field_problems_to_error (problems, what, error))
    return FALSE;

  before = psems_transaction_image (txn, "level-change", change_id, error);
  if (before == NULL)
    return FALSE;
  {
    g_autoptr(PsemsCachedStmt) stmt =
      psems_store_prepare (store,
                           "UPDATE facility_level_change SET notified_at = coalesce(?2, notified_at),"
                           " compliant_at = coalesce(?3, compliant_at) WHERE id = ?1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, change_id);
    psems_sql_bind_text (stmt, 2, notified);
    psems_sql_bind_text (stmt, 3, compliant);
    if (!psems_sql_step_done (store, stmt, what, error))
      return FALSE;
  }
  if (!psems_transaction_record_row (txn, "update", "level-change", change_id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_facility_list_level_changes:
 *
 * Returns: (transfer full) (element-type PsemsLevelChange): the facility's
 * level history, the latest change first.
 */
GPtrArray *
psems_facility_list_level_changes (PsemsStore  *store,
                                   gint64       id,
                                   GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(PsemsFacility) facility = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  facility = facility_lookup (store, id, error);
  if (facility == NULL)
    return NULL;
  stmt = psems_store_prepare (store,
                              LEVEL_CHANGE_COLUMNS " WHERE facility_id = ?1 ORDER BY changed_at DESC, id DESC",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) level_change_from_row,
                                 (GDestroyNotify) psems_level_change_free, "facility_level_change",
                                 error);
}

/* ───────────────────────────── restricted areas ───────────────────────────── */

static PsemsArea *
area_lookup (PsemsStore  *store,
             gint64       id,
             GError     **error)
{
  return psems_sql_get_row (store, AREA_COLUMNS " WHERE id = ?1", id, (PsemsRowFunc) area_from_row,
                            "restricted_area", error, _("There is no restricted area with id %lld"),
                            (long long) id);
}

static void
validate_area (PsemsStore  *store,
               gint64       facility_id,
               gint64       id,
               const char  *code,
               const char  *name,
               GPtrArray   *problems)
{
  if (code == NULL)
    psems_field_problems_add (problems, "code", _("A code is required"));
  else
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store,
                             "SELECT ref, name FROM restricted_area"
                             " WHERE facility_id = ?1 AND code = ?2 COLLATE NOCASE AND id <> ?3", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, facility_id);
          sqlite3_bind_text (stmt, 2, code, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            psems_field_problems_add (problems, "code",
                                      _("“%s” is already the code of %s (%s) at this facility"), code,
                                      (const char *) sqlite3_column_text (stmt, 0),
                                      (const char *) sqlite3_column_text (stmt, 1));
        }
    }
  if (name == NULL)
    psems_field_problems_add (problems, "name", _("A name is required"));
}

/**
 * psems_area_create:
 * @facility_id: a live facility
 * @code: short code, unique within the facility in any letter case
 * @ref: (out) (optional): the new area's reference (RA-2026-0001)
 *
 * Returns: the new area's id, or 0 with @error set; a problem with a field
 * is refused naming it and nothing is written.
 */
gint64
psems_area_create (PsemsStore   *store,
                   PsemsActor   *actor,
                   gint64        facility_id,
                   const char   *code,
                   const char   *name,
                   const char   *description,
                   char        **ref,
                   GError      **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *the_code = psems_sql_dup_field (code);
  g_autofree char *the_name = psems_sql_dup_field (name);
  g_autofree char *the_description = psems_sql_dup_field (description);
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  int year;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "area", facility_id, error);
  if (txn == NULL)
    return 0;
  facility = get_live_facility (store, facility_id, error);
  if (facility == NULL)
    return 0;

  problems = psems_field_problems_new ();
  validate_area (store, facility_id, 0, the_code, the_name, problems);
  if (!psems_field_problems_to_error (problems, facility->ref, error))
    return 0;

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "RA", year, error);
  if (new_ref == NULL)
    return 0;
  stmt = psems_store_prepare (store,
                              "INSERT INTO restricted_area (ref, facility_id, code, name, description,"
                              " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  sqlite3_bind_int64 (stmt, 2, facility_id);
  psems_sql_bind_text (stmt, 3, the_code);
  psems_sql_bind_text (stmt, 4, the_name);
  psems_sql_bind_text (stmt, 5, the_description);
  psems_sql_bind_text (stmt, 6, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!psems_transaction_record_row (txn, "create", "area", id, NULL, error))
    return 0;
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/**
 * psems_area_update:
 * @area: the area's new code, name and description; @id names it (its
 *   facility is the one it was created at)
 */
gboolean
psems_area_update (PsemsStore       *store,
                   PsemsActor       *actor,
                   const PsemsArea  *area,
                   GError          **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsArea) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *the_code = NULL;
  g_autofree char *the_name = NULL;
  g_autofree char *the_description = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (area != NULL && area->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = area_lookup (store, area->id, error);
  if (current == NULL)
    return FALSE;
  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "area", current->facility_id, error);
  if (txn == NULL)
    return FALSE;
  if (current->archived_at != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s (%s) is archived and cannot be edited"), current->ref, current->code);
      return FALSE;
    }

  the_code = psems_sql_dup_field (area->code);
  the_name = psems_sql_dup_field (area->name);
  the_description = psems_sql_dup_field (area->description);
  problems = psems_field_problems_new ();
  validate_area (store, current->facility_id, current->id, the_code, the_name, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;
  if (g_strcmp0 (the_code, current->code) == 0 && g_strcmp0 (the_name, current->name) == 0 &&
      g_strcmp0 (the_description, current->description) == 0)
    return TRUE;

  before = psems_transaction_image (txn, "area", current->id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store,
                              "UPDATE restricted_area SET code = ?2, name = ?3, description = ?4, updated_at = ?5"
                              " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, current->id);
  psems_sql_bind_text (stmt, 2, the_code);
  psems_sql_bind_text (stmt, 3, the_name);
  psems_sql_bind_text (stmt, 4, the_description);
  psems_sql_bind_text (stmt, 5, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error))
    return FALSE;
  if (!psems_transaction_record_row (txn, "update", "area", current->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* Archives (@archive) or restores a restricted area in one audited write. */
static gboolean
set_area_archived (PsemsStore  *store,
                   PsemsActor  *actor,
                   gint64       id,
                   gboolean     archive,
                   GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsArea) current = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  current = area_lookup (store, id, error);
  if (current == NULL)
    return FALSE;
  txn = psems_transaction_begin (store, actor, archive ? PSEMS_OP_DELETE : PSEMS_OP_RESTORE,
                                 "area", current->facility_id, error);
  if (txn == NULL)
    return FALSE;
  if (archive && current->archived_at != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s (%s) is already archived (since %s)"), current->ref, current->code,
                   current->archived_at);
      return FALSE;
    }
  if (!archive && current->archived_at == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s (%s) is not archived"), current->ref, current->code);
      return FALSE;
    }
  if (!archive)
    {
      /* An archived facility gets no areas back, as it gets no new ones. */
      g_autoptr(PsemsFacility) facility = facility_lookup (store, current->facility_id, error);

      if (facility == NULL)
        return FALSE;
      if (facility->archived_at != NULL)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("%s (%s) is archived; restore it first"), facility->ref, facility->code);
          return FALSE;
        }
    }

  before = psems_transaction_image (txn, "area", id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE restricted_area SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  psems_sql_bind_text (stmt, 2, archive ? now : NULL);
  psems_sql_bind_text (stmt, 3, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error))
    return FALSE;
  if (!psems_transaction_record_row (txn, archive ? "archive" : "restore", "area", id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_area_archive:
 *
 * Archives a restricted area; its accesses and history stay.
 */
gboolean
psems_area_archive (PsemsStore  *store,
                    PsemsActor  *actor,
                    gint64       id,
                    GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_area_archived (store, actor, id, TRUE, error);
}

/**
 * psems_area_restore:
 *
 * Brings an archived restricted area back to its facility's list (the undo of
 * psems_area_archive()), with the same permission as archiving it.
 */
gboolean
psems_area_restore (PsemsStore  *store,
                    PsemsActor  *actor,
                    gint64       id,
                    GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_area_archived (store, actor, id, FALSE, error);
}

/**
 * psems_area_list:
 *
 * Returns: (transfer full) (element-type PsemsArea): the facility's
 * restricted areas by code.
 */
GPtrArray *
psems_area_list (PsemsStore  *store,
                 gint64       facility_id,
                 gboolean     include_archived,
                 GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = psems_store_prepare (store,
                              AREA_COLUMNS " WHERE facility_id = ?1 AND (?2 OR deleted_at IS NULL)"
                              " ORDER BY code, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  sqlite3_bind_int (stmt, 2, include_archived ? 1 : 0);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) area_from_row,
                                 (GDestroyNotify) psems_area_free, "restricted_area", error);
}

/* Core-internal (psems-store-private.h). Problems with the facility
 * @facility_id as the owner of a record (none given, none with that id,
 * archived), added for "facility_id"; FALSE when there are some. @time_zone
 * (optional) gets the facility's time zone, NULL when it has none. */
gboolean
psems_facility_check_owner (PsemsStore  *store,
                            gint64       facility_id,
                            char       **time_zone,
                            GPtrArray   *problems)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  if (facility_id <= 0)
    {
      psems_field_problems_add (problems, "facility_id", _("A facility is required"));
      return FALSE;
    }
  stmt = psems_store_prepare (store, "SELECT ref, deleted_at, time_zone FROM facility WHERE id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      psems_field_problems_add (problems, "facility_id", _("There is no facility with id %lld"),
                                (long long) facility_id);
      return FALSE;
    }
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      psems_field_problems_add (problems, "facility_id", _("%s is archived; restore it first"),
                                (const char *) sqlite3_column_text (stmt, 0));
      return FALSE;
    }
  if (time_zone != NULL)
    *time_zone = psems_sql_dup_field ((const char *) sqlite3_column_text (stmt, 2));
  return TRUE;
}
