/* test-retention.c — records past their retention: listed as of a day, purged with their orphaned evidence in one audited write, never early, never held or still referenced; psems-cli records. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *db;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility_id;
} Fixture;

#define TS "'2020-01-01T00:00:00Z'"

/*
 * One facility (created today: its first level change is today's, the
 * latest) and, written as the records were kept back then:
 *
 *  SCH-2020-0001  CMP-2020-0001 2020-03-01  EVD-2020-0001 (only here), EVD-2020-0002
 *                 CMP-2020-0002 2020-06-01  open finding FND-2020-0001
 *                 CMP-2020-0003 2020-09-01  closed finding FND-2020-0002
 *                 CMP-2020-0004 2021-01-10  the item's latest
 *  SCH-2020-0002  CMP-2020-0005 2020-04-01  lesson LSN-2020-0001
 *                 CMP-2020-0006 2020-05-01  the item's latest
 *  DOS-2020-0001  2020-01-01 … 2020-01-05   EVD-2020-0003 (only here)
 *  DOS-2022-0001  2022-01-01 … 2022-01-02   EVD-2020-0002 (shared with CMP-2020-0001)
 *  INC-2020-0001  closed 2020-02-01          EVD-2020-0004 (only here)
 *  INC-2020-0002  open since 2020-01-01
 *  two level changes in 2020
 */
static void
add_records (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO schedule_item (id, ref, facility_id, kind, title, created_at, updated_at) VALUES"
    " (1, 'SCH-2020-0001', %1$lld, 'drill', 'Quarterly drill', " TS ", " TS "),"
    " (2, 'SCH-2020-0002', %1$lld, 'exercise', 'Annual exercise', " TS ", " TS ");"
    "INSERT INTO completion (id, ref, schedule_item_id, done_on, description, created_at) VALUES"
    " (1, 'CMP-2020-0001', 1, '2020-03-01', 'Gate intrusion drill', " TS "),"
    " (2, 'CMP-2020-0002', 1, '2020-06-01', 'Bomb threat drill', " TS "),"
    " (3, 'CMP-2020-0003', 1, '2020-09-01', 'Stowaway search drill', " TS "),"
    " (4, 'CMP-2020-0004', 1, '2021-01-10', 'SSAS drill', " TS "),"
    " (5, 'CMP-2020-0005', 2, '2020-04-01', 'Port-wide exercise', " TS "),"
    " (6, 'CMP-2020-0006', 2, '2020-05-01', 'Tabletop exercise', " TS ");"
    "INSERT INTO evidence (id, ref, file_name, media_type, size, sha256, content, added_on) VALUES"
    " (1, 'EVD-2020-0001', 'sheet1.pdf', 'application/pdf', 3, replace(hex(zeroblob(32)), '0', '1'), x'010203', '2020-03-01'),"
    " (2, 'EVD-2020-0002', 'photo.jpg', 'image/jpeg', 2, replace(hex(zeroblob(32)), '0', '2'), x'0405', '2020-03-01'),"
    " (3, 'EVD-2020-0003', 'dos.pdf', 'application/pdf', 1, replace(hex(zeroblob(32)), '0', '3'), x'06', '2020-01-05'),"
    " (4, 'EVD-2020-0004', 'report.pdf', 'application/pdf', 22, replace(hex(zeroblob(32)), '0', '4'),"
    "  CAST('FENCE-REPORT-MARKER-04' AS BLOB), '2020-02-01');"
    "INSERT INTO completion_evidence (completion_id, evidence_id) VALUES (1, 1), (1, 2);"
    "INSERT INTO finding (ref, facility_id, source, completion_id, severity, title, raised_on,"
    " status, closed_on, created_at, updated_at) VALUES"
    " ('FND-2020-0001', %1$lld, 'drill', 2, 'minor', 'Radio dead spot', '2020-06-01', 'open', NULL, " TS ", " TS "),"
    " ('FND-2020-0002', %1$lld, 'drill', 3, 'minor', 'Search too slow', '2020-09-01', 'closed', '2020-10-01', " TS ", " TS ");"
    "INSERT INTO lesson (ref, facility_id, completion_id, text, status, created_at, updated_at) VALUES"
    " ('LSN-2020-0001', %1$lld, 5, 'Brief the tug crews', 'open', " TS ", " TS ");"
    "INSERT INTO declaration_of_security (id, ref, facility_id, ship_name, ship_imo, security_level,"
    " valid_from, valid_until, created_at, updated_at) VALUES"
    " (1, 'DOS-2020-0001', %1$lld, 'Nordic Star', '9074729', 2, '2020-01-01', '2020-01-05', " TS ", " TS "),"
    " (2, 'DOS-2022-0001', %1$lld, 'Baltic Rose', '9074729', 1, '2022-01-01', '2022-01-02', " TS ", " TS ");"
    "INSERT INTO dos_evidence (dos_id, evidence_id) VALUES (1, 3), (2, 2);"
    "INSERT INTO incident (id, ref, facility_id, occurred_at, aware_at, time_zone, kind, title,"
    " security_level, status, closed_on, created_at, updated_at) VALUES"
    " (1, 'INC-2020-0001', %1$lld, '2020-01-20T10:00:00Z', '2020-01-20T10:05:00Z', 'UTC', 'intrusion',"
    "  'Fence cut at gate 3', 1, 'closed', '2020-02-01', " TS ", " TS "),"
    " (2, 'INC-2020-0002', %1$lld, '2020-01-01T10:00:00Z', '2020-01-01T10:05:00Z', 'UTC', 'theft',"
    "  'Missing seals', 1, 'open', NULL, " TS ", " TS ");"
    "INSERT INTO incident_evidence (incident_id, evidence_id) VALUES (1, 4);"
    "INSERT INTO facility_level_change (facility_id, from_level, level, reason, changed_at, changed_by) VALUES"
    " (%1$lld, 1, 2, 'Threat report', '2020-02-10T08:00:00Z', 'PFSO'),"
    " (%1$lld, 2, 1, 'Threat over', '2020-02-20T08:00:00Z', 'PFSO');",
    (long long) f->facility_id);

  psems_test_exec (f->store, sql);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PsemsFacility) facility = psems_facility_new ();
  g_autoptr(GError) error = NULL;

  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "retention.db", NULL);
  f->store = psems_test_new_store (f->dir, "retention.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  facility->code = g_strdup ("ECT");
  facility->name = g_strdup ("Eastern Container Terminal");
  facility->kind = g_strdup ("container-terminal");
  f->facility_id = psems_facility_create (f->store, f->actor, facility, 1, NULL, &error);
  g_assert_no_error (error);
  add_records (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->actor, psems_actor_unref);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static const PsemsRetentionRecord *
find (GPtrArray  *records,
      const char *ref)
{
  for (guint i = 0; i < records->len; i++)
    {
      const PsemsRetentionRecord *r = g_ptr_array_index (records, i);

      if (g_str_equal (r->ref, ref))
        return r;
    }
  return NULL;
}

static gint64
count (Fixture    *f,
       const char *table)
{
  return psems_test_count (f->store, "SELECT count(*) FROM %s", table);
}

/* Whether @marker is anywhere in the database's files (the WAL included). */
static gboolean
files_contain (Fixture    *f,
               const char *marker)
{
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->db, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      gsize n = strlen (marker);

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      for (gsize at = 0; at + n <= length; at++)
        if (memcmp (contents + at, marker, n) == 0)
          return TRUE;
    }
  return FALSE;
}

static void
assert_chain_verifies (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_assert_true (psems_audit_verify (f->store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
}

/* ─────────────────────────── listing ─────────────────────────── */

static void
test_nothing_before_retention (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = psems_retention_list_purgeable (f->store, "2020-01-01", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);

  /* A declaration is kept 90 days after its period ends: 2020-01-05 + 90 days. */
  g_clear_pointer (&records, g_ptr_array_unref);
  records = psems_retention_list_purgeable (f->store, "2020-04-04", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = psems_retention_list_purgeable (f->store, "2020-04-05", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((PsemsRetentionRecord *) g_ptr_array_index (records, 0))->ref, ==,
                   "DOS-2020-0001");
  g_assert_cmpstr (((PsemsRetentionRecord *) g_ptr_array_index (records, 0))->rule_id, ==,
                   PSEMS_DOS_RETENTION_RULE);
}

static void
test_two_years_to_the_day (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = psems_retention_list_purgeable (f->store, "2022-03-01", &error);

  g_assert_no_error (error);
  /* Done on 2020-03-01: kept until 2022-03-01 inclusive. */
  g_assert_null (find (records, "CMP-2020-0001"));
  g_clear_pointer (&records, g_ptr_array_unref);
  records = psems_retention_list_purgeable (f->store, "2022-03-02", &error);
  g_assert_no_error (error);
  g_assert_nonnull (find (records, "CMP-2020-0001"));
  g_assert_cmpstr (find (records, "CMP-2020-0001")->retain_until, ==, "2022-03-01");
  g_assert_cmpstr (find (records, "CMP-2020-0001")->rule_id, ==, PSEMS_RETENTION_RECORDS_RULE);
  g_assert_cmpstr (find (records, "CMP-2020-0001")->citation, ==, "33 CFR 105.225");
  g_assert_cmpuint (find (records, "CMP-2020-0001")->n_evidence, ==, 2);
  /* An incident counts from its closing day, 2020-02-01. */
  g_assert_cmpstr (find (records, "INC-2020-0001")->retain_until, ==, "2022-02-01");
}

static void
test_list_says_why_kept (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const char * const purgeable[] = {
    "CMP-2020-0001", "CMP-2020-0003", "DOS-2020-0001", "INC-2020-0001", NULL
  };
  guint n_purgeable = 0;

  psems_retention_hold (f->store, f->actor, "dos-2022-0001", "Claim 2022/4 by the shipowner", &error);
  g_assert_no_error (error);
  records = psems_retention_list_purgeable (f->store, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; purgeable[i] != NULL; i++)
    {
      g_assert_nonnull (find (records, purgeable[i]));
      g_assert_cmpint (find (records, purgeable[i])->block, ==, PSEMS_RETENTION_PURGEABLE);
      g_assert_null (find (records, purgeable[i])->kept_because);
    }
  for (guint i = 0; i < records->len; i++)
    if (((PsemsRetentionRecord *) g_ptr_array_index (records, i))->kept_because == NULL)
      n_purgeable++;
  /* Those four and the two level changes of 2020; not today's (the current level). */
  g_assert_cmpuint (n_purgeable, ==, 6);
  g_assert_cmpuint (records->len, ==, 11);

  g_assert_cmpint (find (records, "CMP-2020-0002")->block, ==, PSEMS_RETENTION_REFERENCED);
  g_assert_nonnull (strstr (find (records, "CMP-2020-0002")->kept_because, "FND-2020-0001"));
  g_assert_cmpint (find (records, "CMP-2020-0005")->block, ==, PSEMS_RETENTION_REFERENCED);
  g_assert_nonnull (strstr (find (records, "CMP-2020-0005")->kept_because, "LSN-2020-0001"));
  g_assert_cmpint (find (records, "CMP-2020-0004")->block, ==, PSEMS_RETENTION_CURRENT);
  g_assert_nonnull (strstr (find (records, "CMP-2020-0004")->kept_because, "SCH-2020-0001"));
  g_assert_cmpint (find (records, "CMP-2020-0006")->block, ==, PSEMS_RETENTION_CURRENT);
  g_assert_cmpint (find (records, "DOS-2022-0001")->block, ==, PSEMS_RETENTION_HELD);
  g_assert_nonnull (strstr (find (records, "DOS-2022-0001")->kept_because, "Claim 2022/4"));
  /* An open incident is never past retention; the whole list says why. */
  g_assert_null (find (records, "INC-2020-0002"));
  g_clear_pointer (&records, g_ptr_array_unref);
  records = psems_retention_list (f->store, NULL, (const char * const []) { "incident", NULL },
                                  TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpint (find (records, "INC-2020-0002")->block, ==, PSEMS_RETENTION_OPEN);
  g_assert_null (find (records, "INC-2020-0002")->retain_until);
  g_assert_false (find (records, "INC-2020-0002")->past_retention);
  g_assert_nonnull (find (records, "INC-2020-0002")->kept_because);
}

static void
test_bad_day_and_kind (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char * const bogus[] = { "drill", NULL };

  g_assert_null (psems_retention_list_purgeable (f->store, "2020-02-30", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2020-02-30"));
  g_clear_error (&error);
  g_assert_null (psems_retention_list (f->store, NULL, bogus, FALSE, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "drill"));
}

/* ─────────────────────────── purging ─────────────────────────── */

static void
test_purge_removes_exactly_those (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsRetentionPurge) purge = NULL;
  gint64 audit_before = count (f, "audit_trail");
  g_autofree char *image = NULL;

  psems_retention_hold (f->store, f->actor, "DOS-2022-0001", "Claim 2022/4", &error);
  g_assert_no_error (error);
  audit_before++;

  purge = psems_retention_purge (f->store, f->actor, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (purge->purged->len, ==, 6);
  g_assert_cmpuint (purge->kept->len, ==, 5);
  g_assert_cmpuint (purge->evidence->len, ==, 3);
  g_assert_cmpuint (g_strv_length (purge->unlinked_findings), ==, 1);
  g_assert_cmpstr (purge->unlinked_findings[0], ==, "FND-2020-0002");
  g_assert_cmpint (purge->audit_id, >, 0);

  /* Exactly the purgeable rows are gone, with their links and orphaned evidence. */
  g_assert_cmpint (count (f, "completion"), ==, 4);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM completion WHERE ref IN"
                                     " ('CMP-2020-0001', 'CMP-2020-0003')"), ==, 0);
  g_assert_cmpint (count (f, "declaration_of_security"), ==, 1);
  g_assert_cmpint (count (f, "incident"), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM incident WHERE ref ="
                                     " 'INC-2020-0002'"), ==, 1);
  g_assert_cmpint (count (f, "facility_level_change"), ==, 1);
  g_assert_cmpint (count (f, "completion_evidence"), ==, 0);
  g_assert_cmpint (count (f, "dos_evidence"), ==, 1);
  g_assert_cmpint (count (f, "incident_evidence"), ==, 0);
  /* EVD-2020-0002 is still linked to the held declaration. */
  g_assert_cmpint (count (f, "evidence"), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM evidence WHERE ref ="
                                     " 'EVD-2020-0002'"), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM finding WHERE ref ="
                                     " 'FND-2020-0002' AND completion_id IS NULL"), ==, 1);
  g_assert_cmpint (count (f, "finding"), ==, 2);
  g_assert_cmpint (count (f, "lesson"), ==, 1);

  /* One audit entry, with references and rule ids, and the chain still verifies. */
  g_assert_cmpint (count (f, "audit_trail"), ==, audit_before + 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE"
                                     " action = 'purge' AND entity = 'retention' AND id = %lld",
                                     (long long) purge->audit_id), ==, 1);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (f->store),
                                         "SELECT before FROM audit_trail WHERE action = 'purge'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    image = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  g_assert_nonnull (strstr (image, "\"CMP-2020-0001\""));
  g_assert_nonnull (strstr (image, "\"EVD-2020-0004\""));
  g_assert_nonnull (strstr (image, "\"rule\":\"33cfr-105.225-dos\""));
  g_assert_nonnull (strstr (image, "{\"count\":2,\"kind\":\"completion\""));
  /* No values from the records: not a ship's name, a title, a file name. */
  g_assert_null (strstr (image, "Nordic Star"));
  g_assert_null (strstr (image, "Fence cut"));
  g_assert_null (strstr (image, "sheet1.pdf"));
  assert_chain_verifies (f);

  /* A second run finds nothing and writes nothing. */
  g_clear_pointer (&purge, psems_retention_purge_free);
  purge = psems_retention_purge (f->store, f->actor, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (purge->purged->len, ==, 0);
  g_assert_cmpint (purge->audit_id, ==, 0);
  g_assert_cmpint (count (f, "audit_trail"), ==, audit_before + 1);

  /* Real deletion: the purged evidence's bytes are not left in the file. */
  g_clear_object (&f->store);
  g_assert_false (files_contain (f, "FENCE-REPORT-MARKER-04"));
}

static void
test_marker_is_in_the_file (Fixture       *f,
                            gconstpointer  data)
{
  /* The check above can fail: without a purge the bytes are there. */
  g_clear_object (&f->store);
  g_assert_true (files_contain (f, "FENCE-REPORT-MARKER-04"));
}

static void
test_purge_by_kind_and_dry_run (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsRetentionPurge) purge = NULL;
  g_autofree char *before = psems_test_dump_database (f->store);
  g_autofree char *after = NULL;
  const char * const only_dos[] = { "dos", NULL };
  PsemsRetentionSelection selection = { only_dos, NULL, TRUE };

  purge = psems_retention_purge (f->store, f->actor, NULL, &selection, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (purge->purged->len, ==, 2);
  g_assert_cmpuint (purge->evidence->len, ==, 1);   /* EVD-2020-0002 stays with CMP-2020-0001 */
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (after, ==, before);

  selection.dry_run = FALSE;
  g_clear_pointer (&purge, psems_retention_purge_free);
  purge = psems_retention_purge (f->store, f->actor, NULL, &selection, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (purge->purged->len, ==, 2);
  g_assert_cmpint (count (f, "declaration_of_security"), ==, 0);
  g_assert_cmpint (count (f, "completion"), ==, 6);
  g_assert_cmpint (count (f, "evidence"), ==, 3);
  assert_chain_verifies (f);
}

static void
test_purge_refuses_early_held_referenced (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsRetentionPurge) purge = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char * const not_due[] = { "CMP-2020-0001", "INC-2020-0002", "CMP-2020-0003", NULL };
  const char * const kept[] = { "CMP-2020-0002", "dos-2022-0001", NULL };
  const char * const unknown[] = { "CMP-2020-0099", NULL };
  PsemsRetentionSelection selection = { NULL, not_due, FALSE };

  psems_retention_hold (f->store, f->actor, "DOS-2022-0001", "Claim 2022/4", &error);
  g_assert_no_error (error);
  before = psems_test_dump_database (f->store);

  /* As of 2022-01-01 CMP-2020-0001 is not due; an open incident never is. */
  g_assert_null (psems_retention_purge (f->store, f->actor, "2022-01-01", &selection, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "CMP-2020-0001 (kept until 2022-03-01)"));
  g_assert_nonnull (strstr (error->message, "INC-2020-0002"));
  g_assert_nonnull (strstr (error->message, "CMP-2020-0003 (kept until 2022-09-01)"));
  g_clear_error (&error);

  /* Held and referenced records are refused by name. */
  selection.refs = kept;
  g_assert_null (psems_retention_purge (f->store, f->actor, NULL, &selection, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "CMP-2020-0002"));
  g_assert_nonnull (strstr (error->message, "FND-2020-0001"));
  g_assert_nonnull (strstr (error->message, "DOS-2022-0001"));
  g_assert_nonnull (strstr (error->message, "legal hold"));
  g_clear_error (&error);

  selection.refs = unknown;
  g_assert_null (psems_retention_purge (f->store, f->actor, NULL, &selection, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A day after today would purge early. */
  selection.refs = NULL;
  g_assert_null (psems_retention_purge (f->store, f->actor, "2999-01-01", &selection, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2999-01-01"));
  g_clear_error (&error);

  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (after, ==, before);

  /* Released, the declaration goes; the shared evidence stays with CMP-2020-0001. */
  psems_retention_release (f->store, f->actor, "DOS-2022-0001", &error);
  g_assert_no_error (error);
  selection.refs = (const char * const []) { "DOS-2022-0001", " dos-2022-0001 ", NULL };
  purge = psems_retention_purge (f->store, f->actor, NULL, &selection, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (purge->purged->len, ==, 1);
  g_assert_cmpuint (purge->evidence->len, ==, 0);
  g_assert_cmpint (count (f, "declaration_of_security"), ==, 1);
  g_assert_cmpint (count (f, "evidence"), ==, 4);
  /* Its released hold went with it. */
  g_assert_cmpint (count (f, "legal_hold"), ==, 0);
  assert_chain_verifies (f);
}

static void
test_hold_and_release (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  gint64 audit = count (f, "audit_trail");

  /* A reason is required; a second hold on a held record is refused. */
  g_assert_false (psems_retention_hold (f->store, f->actor, "CMP-2020-0001", "  ", &error));
  psems_test_assert_refused (error, "reason");
  g_clear_error (&error);
  g_assert_false (psems_retention_hold (f->store, f->actor, "PLN-2020-0001", "x", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (psems_retention_hold (f->store, f->actor, "level-change:999", "x", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (psems_retention_release (f->store, f->actor, "CMP-2020-0001", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "audit_trail"), ==, audit);

  g_assert_true (psems_retention_hold (f->store, f->actor, "CMP-2020-0001", "Case 17", &error));
  g_assert_no_error (error);
  g_assert_false (psems_retention_hold (f->store, f->actor, "cmp-2020-0001", "Case 18", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Case 17"));
  g_clear_error (&error);
  g_assert_true (psems_retention_hold (f->store, f->actor, "level-change:2", "Inquiry", &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE"
                                     " action = 'hold' AND entity = 'legal-hold'"
                                     " AND ref = 'CMP-2020-0001'"), ==, 1);

  holds = psems_retention_list_holds (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (holds->len, ==, 2);

  g_assert_true (psems_retention_release (f->store, f->actor, "CMP-2020-0001", &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE"
                                     " action = 'release' AND ref = 'CMP-2020-0001'"), ==, 1);
  g_clear_pointer (&holds, g_ptr_array_unref);
  holds = psems_retention_list_holds (f->store, FALSE, &error);
  g_assert_cmpuint (holds->len, ==, 1);
  g_clear_pointer (&holds, g_ptr_array_unref);
  holds = psems_retention_list_holds (f->store, TRUE, &error);
  g_assert_cmpuint (holds->len, ==, 2);
  g_assert_cmpint (count (f, "audit_trail"), ==, audit + 3);
  assert_chain_verifies (f);

  /* The held level change stays through a purge; the other goes. */
  {
    g_autoptr(PsemsRetentionPurge) purge =
      psems_retention_purge (f->store, f->actor, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM facility_level_change"
                                       " WHERE id = 2"), ==, 1);
    g_assert_cmpint (count (f, "facility_level_change"), ==, 2);
  }
}

/* ─────────────────────────── psems-cli records ─────────────────────────── */

#define RUN(out, err, ...) psems_test_run_cli (out, err, "--db", f->db, __VA_ARGS__, NULL)

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  static const PsemsTestCliCase usage[] = {
    { { "records", "purgeable", "--kind", "drill" }, "drill" },
    { { "records", "purgeable", "--as-of", "2020-13-01" }, "--as-of" },
    { { "records", "purge", "--kind", "plan" }, "plan" },
    { { "records", "hold", "CMP-2020-0001" }, "--reason" },
    { { "records", "hold" }, "which record" },
    { { "records", "release", "CMP-2020-0001", "CMP-2020-0002" }, "CMP-2020-0002" },
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  gint64 audit;

  g_clear_object (&f->store);
  psems_test_check_cli_usage_errors (f->db, usage, G_N_ELEMENTS (usage));
  g_assert_cmpint (psems_test_run_cli (&out, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "records"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "records", "--help"), ==, 0);
  for (guint i = 0; i < 5; i++)
    g_assert_nonnull (strstr (out, ((const char *[]) { "purgeable", "purge", "hold", "release",
                                                       "holds" })[i]));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (RUN (&out, NULL, "records", "purgeable", "--as-of", "2020-01-01", "--format",
                        "json"), ==, 0);
  root = psems_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (RUN (&out, NULL, "records", "purgeable", "--kind", "incident", "--format",
                        "json"), ==, 0);
  root = psems_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, "INC-2020-0001");
  g_assert_cmpstr (json_object_get_string_member (object, "retain_until"), ==, "2022-02-01");
  g_assert_cmpstr (json_object_get_string_member (object, "rule"), ==, "33cfr-105.225-records");
  g_assert_true (json_object_get_boolean_member (object, "purgeable"));
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (RUN (NULL, NULL, "records", "hold", "INC-2020-0001", "--reason",
                        "Insurance claim"), ==, 0);
  g_assert_cmpint (RUN (NULL, &err, "records", "hold", "INC-2020-0001", "--reason", "again"), ==, 1);
  g_assert_nonnull (strstr (err, "Insurance claim"));
  g_clear_pointer (&err, g_free);

  /* Refused purges exit 1, name the records and write nothing. */
  audit = psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail");
  g_assert_cmpint (RUN (NULL, &err, "records", "purge", "--ref", "INC-2020-0001"), ==, 1);
  g_assert_nonnull (strstr (err, "INC-2020-0001"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "records", "purge", "--ref", "CMP-2020-0001", "--as-of",
                        "2021-06-01"), ==, 1);
  g_assert_nonnull (strstr (err, "kept until 2022-03-01"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "records", "purge", "--as-of", "2999-01-01"), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail"), ==, audit);

  /* A dry run in JSON, then the purge. */
  g_assert_cmpint (RUN (&out, NULL, "records", "purge", "--dry-run", "--format", "json"), ==, 0);
  root = psems_test_parse_json (out);
  object = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (object, "dry_run"));
  g_assert_cmpint (json_object_get_int_member (object, "records_purged"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (object, "evidence_purged"), ==, 3);
  g_assert_true (json_object_get_null_member (object, "audit_id"));
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail"), ==, audit);

  g_assert_cmpint (RUN (&out, NULL, "records", "purge", "--kind", "completion", "--kind", "dos"),
                   ==, 0);
  g_assert_nonnull (strstr (out, "CMP-2020-0003"));
  g_assert_nonnull (strstr (out, "Purged 4 records"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail"), ==,
                   audit + 1);
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM completion"), ==, 4);

  g_assert_cmpint (RUN (&out, NULL, "records", "holds", "--format", "json"), ==, 0);
  root = psems_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (RUN (NULL, NULL, "records", "release", "INC-2020-0001"), ==, 0);
  g_assert_cmpint (RUN (&out, NULL, "records", "purge", "--format", "json"), ==, 0);
  root = psems_test_parse_json (out);
  object = json_node_get_object (root);
  g_assert_false (json_object_get_boolean_member (object, "dry_run"));
  g_assert_cmpint (json_object_get_int_member (object, "records_purged"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "audit_id"), >, 0);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&out, g_free);

  /* The fixture wrote rows with raw SQL, behind the app's back: verify says so, and only that. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, &err, "db", "verify"), ==, 1);
  g_assert_null (strstr (err, "trail-broken"));
  g_assert_nonnull (strstr (err, "row-unrecorded"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM incident"), ==, 1);
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM evidence"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/retention/list/nothing-before-retention", test_nothing_before_retention);
  ADD ("/retention/list/two-years-to-the-day", test_two_years_to_the_day);
  ADD ("/retention/list/says-why-kept", test_list_says_why_kept);
  ADD ("/retention/list/bad-day-and-kind", test_bad_day_and_kind);
  ADD ("/retention/purge/removes-exactly-those", test_purge_removes_exactly_those);
  ADD ("/retention/purge/marker-is-in-the-file", test_marker_is_in_the_file);
  ADD ("/retention/purge/by-kind-and-dry-run", test_purge_by_kind_and_dry_run);
  ADD ("/retention/purge/refuses-early-held-referenced", test_purge_refuses_early_held_referenced);
  ADD ("/retention/hold/hold-and-release", test_hold_and_release);
  ADD ("/retention/cli", test_cli);

  return g_test_run ();
}
