/* test-verify.c — tamper evidence: the chain, an expected head, records altered, added or removed outside PSeMS; reading and exporting the trail. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "psems-store-private.h"
#include "psems-test-util.h"
#include "psems-verify.h"

typedef struct
{
  char *dir;
  char *path;
  PsemsStore *store;
  PsemsActor *actor;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;

  f->dir = psems_test_make_dir ();
  f->path = g_build_filename (f->dir, "verify.db", NULL);
  f->store = psems_store_open (f->path, PSEMS_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_ADMINISTRATOR);
  psems_demo_options_init (&options);
  options.persons = GPOINTER_TO_UINT (data);
  g_assert_true (psems_demo_generate (f->store, f->actor, &options, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->actor, psems_actor_unref);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Raw SQL through a second connection: what anyone holding the file can do. */
static void
tamper (Fixture    *f,
        const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static PsemsVerifyReport *
verify (Fixture    *f,
        const char *expect)
{
  g_autoptr(GError) error = NULL;
  PsemsVerifyReport *report = psems_verify_run (f->store, expect, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  for (guint i = 0; i < MIN (report->problems->len, 10); i++)
    {
      const PsemsVerifyProblem *p = g_ptr_array_index (report->problems, i);
      g_test_message ("%s %s %s: %s", psems_verify_kind_to_string (p->kind), p->table, p->ref, p->detail);
    }
  return report;
}

static const PsemsVerifyProblem *
only_problem (const PsemsVerifyReport *report,
              PsemsVerifyKind          kind)
{
  const PsemsVerifyProblem *problem;

  g_assert_cmpuint (report->n_problems, ==, 1);
  g_assert_cmpuint (report->problems->len, ==, 1);
  problem = g_ptr_array_index (report->problems, 0);
  g_assert_cmpint (problem->kind, ==, kind);
  return problem;
}

static gint64
first_id (Fixture    *f,
          const char *sql)
{
  return psems_test_count (f->store, "%s", sql);
}

static char *
dup_text (Fixture    *f,
          const char *sql)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (f->store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Edits demo person @id through the app: it gets an entry with its image. */
static void
edit_person (Fixture    *f,
             gint64      id,
             const char *job_title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPerson) person = psems_person_get (f->store, id, NULL, &error);
  static guint serial;

  g_assert_no_error (error);
  g_free (person->job_title);
  person->job_title = g_strdup_printf ("%s %u", job_title, ++serial);   /* always a change */
  g_assert_true (psems_person_update (f->store, f->actor, person, &error));
  g_assert_no_error (error);
}

/* Records every row of every audited table as an update, through
 * psems_transaction_record_row(): afterwards every row has an image of its own. */
static gint64
record_every_row (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  const PsemsEntityInfo *all;
  gint64 n_recorded = 0;
  guint n;

  all = psems_entity_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsemsTransaction) txn = NULL;
      g_autofree char *sql = NULL;
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_stmt *stmt = NULL;

      if (g_str_equal (all[i].name, "audit") || g_str_equal (all[i].name, "setting"))
        continue;
      sql = g_strdup_printf ("SELECT id FROM %s ORDER BY id", all[i].table);
      g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
      sqlite3_finalize (stmt);

      txn = psems_transaction_begin (f->store, f->actor, PSEMS_OP_UPDATE, all[i].name, 0, &error);
      g_assert_no_error (error);
      for (guint k = 0; k < ids->len; k++)
        {
          g_assert_true (psems_transaction_record_row (txn, "update", all[i].name,
                                                       g_array_index (ids, gint64, k), NULL, &error));
          g_assert_no_error (error);
        }
      g_assert_true (psems_transaction_commit (g_steal_pointer (&txn), &error));
      n_recorded += ids->len;
    }
  return n_recorded;
}

static void
test_clean_demo (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PsemsVerifyReport) report = verify (f, NULL);
  g_autofree char *head = psems_audit_dup_head (f->store, NULL);
  gint64 n_entries = 0;
  g_autofree char *head2 = psems_verify_dup_head (f->store, &n_entries, NULL);

  g_assert_true (psems_verify_report_ok (report));
  g_assert_cmpint (report->n_entries, ==, psems_test_count (f->store, "SELECT count(*) FROM audit_trail"));
  g_assert_cmpint (report->n_entries, >, 0);
  g_assert_cmpint (report->n_bulk_rows, >, 200);     /* the demo's rows, one entry per table */
  g_assert_cmpstr (report->head, ==, head);
  g_assert_cmpstr (head2, ==, head);
  g_assert_cmpint (n_entries, ==, report->n_entries);
  g_assert_null (report->expected_head);

  /* Writes through the app keep it clean, and their rows are compared. */
  edit_person (f, 1, "Crane operator");
  edit_person (f, 2, "Gate officer");
  edit_person (f, 1, "Senior crane operator");
  psems_test_create_facility (f->store, f->actor, "NHV-NEW", "Europe/Oslo");
  g_clear_pointer (&report, psems_verify_report_free);
  report = verify (f, NULL);
  g_assert_true (psems_verify_report_ok (report));
  g_assert_cmpint (report->n_rows, >=, 3);
}

/* The verifier's own images equal psems_audit_image_row()'s on every row of
 * the demo: personal columns (keyed hashes), blobs, reals, NULLs, extended
 * images (controls, incidents) — nothing is left to the bulk entries. */
static void
test_images_agree (Fixture       *f,
                   gconstpointer  data)
{
  gint64 n_recorded = record_every_row (f);
  g_autoptr(PsemsVerifyReport) report = verify (f, NULL);

  g_assert_true (psems_verify_report_ok (report));
  g_assert_cmpint (report->n_rows, ==, n_recorded);
  g_assert_cmpint (report->n_bulk_rows, ==, 0);
}

static void
test_trail_altered (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PsemsVerifyReport) report = NULL;
  const PsemsVerifyProblem *problem;
  gint64 entry;

  edit_person (f, 3, "Lashing supervisor");
  entry = first_id (f, "SELECT max(id) FROM audit_trail WHERE entity = 'person' AND entity_id = 3");
  g_assert_cmpint (entry, >, 0);
  {
    g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_trail_no_update;"
                                            "UPDATE audit_trail SET user_name = 'Mallory' WHERE id = %lld",
                                            (long long) entry);
    tamper (f, sql);
  }

  report = verify (f, NULL);
  problem = only_problem (report, PSEMS_VERIFY_TRAIL_BROKEN);
  g_assert_cmpint (problem->entry_id, ==, entry);
  g_assert_cmpstr (problem->table, ==, "audit_trail");
  g_assert_true (g_str_has_prefix (problem->ref, "entry "));
  g_assert_nonnull (strstr (problem->detail, "Mallory"));
  g_assert_nonnull (strstr (problem->detail, "altered"));

  /* Giving that entry another hash as well breaks the link of the entry after it. */
  g_clear_pointer (&report, psems_verify_report_free);
  edit_person (f, 4, "Stevedore");
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE audit_trail SET hash = '%s' WHERE id = %lld",
                                            PSEMS_AUDIT_GENESIS_HASH, (long long) entry);
    tamper (f, sql);
  }
  report = verify (f, NULL);
  g_assert_cmpuint (report->n_problems, ==, 2);

  /* A removed entry is named too. */
  g_clear_pointer (&report, psems_verify_report_free);
  {
    g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_trail_no_delete;"
                                            "DELETE FROM audit_trail WHERE id = %lld", (long long) entry - 1);
    tamper (f, sql);
  }
  report = verify (f, NULL);
  g_assert_false (psems_verify_report_ok (report));
  {
    const PsemsVerifyProblem *first = g_ptr_array_index (report->problems, 0);
    g_autofree char *missing = g_strdup_printf ("entry %lld", (long long) entry);

    g_assert_cmpint (first->kind, ==, PSEMS_VERIFY_TRAIL_BROKEN);
    g_assert_cmpstr (first->ref, ==, missing);
    g_assert_nonnull (strstr (first->detail, "missing"));
  }
}

static void
test_row_altered (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PsemsVerifyReport) report = NULL;
  g_autofree char *ref = dup_text (f, "SELECT ref FROM person WHERE id = 5");
  g_autofree char *control_ref = dup_text (f, "SELECT ref FROM control ORDER BY id LIMIT 1");
  const PsemsVerifyProblem *problem;
  gint64 entry;

  edit_person (f, 5, "Reefer technician");
  entry = first_id (f, "SELECT max(id) FROM audit_trail WHERE entity = 'person' AND entity_id = 5");
  tamper (f, "UPDATE person SET display_name = 'Someone Else', badge_no = 'X-1' WHERE id = 5");

  report = verify (f, NULL);
  problem = only_problem (report, PSEMS_VERIFY_ROW_ALTERED);
  g_assert_cmpstr (problem->table, ==, "person");
  g_assert_cmpstr (problem->ref, ==, ref);
  g_assert_cmpint (problem->entry_id, ==, entry);
  g_assert_nonnull (strstr (problem->detail, "badge_no, display_name"));
  g_assert_null (strstr (problem->detail, "Someone Else"));   /* personal values stay out of reports */

  /* A control's entry extends the row's image with its links; a changed
   * column is still found. */
  g_clear_pointer (&report, psems_verify_report_free);
  record_every_row (f);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE control SET owner = 'Nobody' WHERE ref = '%s'", control_ref);
    tamper (f, sql);
  }
  report = verify (f, NULL);
  problem = only_problem (report, PSEMS_VERIFY_ROW_ALTERED);
  g_assert_cmpstr (problem->table, ==, "control");
  g_assert_cmpstr (problem->ref, ==, control_ref);
  g_assert_nonnull (strstr (problem->detail, ": owner"));
}

static void
test_row_inserted_or_removed (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(PsemsVerifyReport) report = NULL;
  const PsemsVerifyProblem *problem;
  g_autofree char *ref = NULL;

  /* The demo filled facility in bulk: one more row than its entry counts. */
  tamper (f, "INSERT INTO facility (ref, code, name, kind, security_level, time_zone, created_at, updated_at)"
             " VALUES ('FAC-2026-0999', 'NHV-X', 'Shadow quay', 'other', 1, 'UTC', '2026-01-01T00:00:00Z',"
             " '2026-01-01T00:00:00Z')");
  report = verify (f, NULL);
  problem = only_problem (report, PSEMS_VERIFY_ROW_UNRECORDED);
  g_assert_cmpstr (problem->table, ==, "facility");
  g_assert_cmpstr (problem->ref, ==, "FAC-2026-0999");
  tamper (f, "DELETE FROM facility WHERE ref = 'FAC-2026-0999'");

  /* Removing a row the trail holds an image of. */
  g_clear_pointer (&report, psems_verify_report_free);
  edit_person (f, 6, "Pilot");
  tamper (f, "PRAGMA foreign_keys = OFF; DELETE FROM person WHERE id = 6");
  report = verify (f, NULL);
  problem = only_problem (report, PSEMS_VERIFY_ROW_MISSING);
  g_assert_cmpstr (problem->table, ==, "person");
  g_assert_cmpstr (problem->ref, ==, "#6");

  /* A row put back under the removed row's id is compared with its image. */
  g_clear_pointer (&report, psems_verify_report_free);
  tamper (f, "PRAGMA foreign_keys = OFF;"
             "INSERT INTO person (id, ref, given_name, family_name, display_name, sort_name, employer,"
             " created_at, updated_at) SELECT 6, 'PER-2026-9999', given_name, family_name, display_name,"
             " sort_name, employer, created_at, updated_at FROM person WHERE id = 7");
  ref = g_strdup ("PER-2026-9999");
  report = verify (f, NULL);
  g_assert_cmpuint (report->n_problems, >=, 1);
  problem = g_ptr_array_index (report->problems, 0);
  g_assert_cmpint (problem->kind, ==, PSEMS_VERIFY_ROW_ALTERED);
  g_assert_cmpstr (problem->ref, ==, ref);
}

/* An administrator added behind the app's back: the demo made no users, so
 * no bulk entry can account for one. */
static void
test_user_inserted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PsemsVerifyReport) report = NULL;
  const PsemsVerifyProblem *problem;

  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM app_user"), ==, 0);
  tamper (f, "INSERT INTO app_user (ref, user_name, role, created_at, updated_at)"
             " VALUES ('USR-2026-0666', 'mallory', 'administrator', '2026-01-01T00:00:00Z',"
             " '2026-01-01T00:00:00Z')");
  report = verify (f, NULL);
  problem = only_problem (report, PSEMS_VERIFY_ROW_UNRECORDED);
  g_assert_cmpstr (problem->table, ==, "app_user");
  g_assert_cmpstr (problem->ref, ==, "USR-2026-0666");
  g_assert_nonnull (strstr (problem->detail, "no audit entry"));

  /* A table filled behind the app's back: every row counted, the first ones listed. */
  g_clear_pointer (&report, psems_verify_report_free);
  tamper (f, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 700)"
             " INSERT INTO app_user (ref, user_name, role, created_at, updated_at)"
             " SELECT printf('USR-2026-%04d', 1000 + i), 'user' || i, 'auditor', '2026-01-01T00:00:00Z',"
             " '2026-01-01T00:00:00Z' FROM n");
  report = verify (f, NULL);
  g_assert_cmpuint (report->n_problems, ==, 701);
  g_assert_cmpuint (report->problems->len, ==, PSEMS_VERIFY_MAX_PROBLEMS);
}

static void
test_expect_head (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PsemsVerifyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_entries = 0;
  g_autofree char *head = psems_verify_dup_head (f->store, &n_entries, NULL);
  g_autofree char *upper = g_ascii_strup (head, -1);
  g_autofree char *padded = g_strdup_printf ("  %s\n", upper);

  /* The current head passes, in any letter case. */
  report = verify (f, padded);
  g_assert_true (psems_verify_report_ok (report));
  g_assert_true (report->expected_found);
  g_assert_cmpint (report->expected_entry, ==, n_entries);
  g_assert_cmpint (report->n_after_expected, ==, 0);

  /* Still after more entries, which it counts. */
  g_clear_pointer (&report, psems_verify_report_free);
  edit_person (f, 8, "Harbour master");
  edit_person (f, 9, "Harbour master");
  report = verify (f, head);
  g_assert_true (psems_verify_report_ok (report));
  g_assert_cmpint (report->expected_entry, ==, n_entries);
  g_assert_cmpint (report->n_after_expected, ==, 2);

  /* The empty trail's head is where every trail starts. */
  g_clear_pointer (&report, psems_verify_report_free);
  report = verify (f, PSEMS_AUDIT_GENESIS_HASH);
  g_assert_true (psems_verify_report_ok (report));
  g_assert_cmpint (report->expected_entry, ==, 0);
  g_assert_cmpint (report->n_after_expected, ==, report->n_entries);

  /* A head this trail never had fails, naming it. */
  g_clear_pointer (&report, psems_verify_report_free);
  report = verify (f, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_assert_nonnull (strstr (only_problem (report, PSEMS_VERIFY_HEAD_MISSING)->detail,
                            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));

  /* Not a hash at all: refused before anything is read. */
  g_assert_null (psems_verify_run (f->store, "cafe", NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);

  /* A trail rewritten from an earlier point no longer leads to a head recorded
   * after it, though its chain is whole again: the entries from there on were
   * replaced by others. */
  g_clear_pointer (&report, psems_verify_report_free);
  g_free (head);
  head = psems_verify_dup_head (f->store, &n_entries, NULL);
  {
    g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_trail_no_delete;"
                                            "DELETE FROM audit_trail WHERE id >= %lld", (long long) n_entries);
    tamper (f, sql);
  }
  edit_person (f, 9, "Harbour master");
  report = verify (f, NULL);
  g_assert_true (psems_verify_report_ok (report));
  g_clear_pointer (&report, psems_verify_report_free);
  report = verify (f, head);
  only_problem (report, PSEMS_VERIFY_HEAD_MISSING);
}

static void
test_trail_reading (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) next = NULL;
  g_autoptr(PsemsTrailEntry) entry = NULL;
  g_auto(GStrv) entities = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "trail.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(PsemsActor) other = psems_actor_new (0, "Olav Berg", PSEMS_ROLE_ADMINISTRATOR);
  PsemsTrailFilter by_olav = { .user = "olav berg" };
  PsemsTrailFilter persons = { .entity = "person", .from_at = "2000-01-01", .until_at = "2999-01-01" };
  PsemsTrailFilter nothing = { .until_at = "2000-01-01" };
  gint64 total, n_written = 0;
  g_autoptr(GPtrArray) changed = NULL;

  edit_person (f, 10, "Linesman");
  psems_actor_unref (f->actor);
  f->actor = g_steal_pointer (&other);
  edit_person (f, 11, "Linesman");
  edit_person (f, 12, "Linesman");

  total = psems_trail_count (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, psems_test_count (f->store, "SELECT count(*) FROM audit_trail"));
  g_assert_cmpint (psems_trail_count (f->store, &by_olav, NULL), ==, 2);
  g_assert_cmpint (psems_trail_count (f->store, &persons, NULL), ==, 4);   /* the demo's and three edits */
  g_assert_cmpint (psems_trail_count (f->store, &nothing, NULL), ==, 0);

  /* Newest first, paged by id. */
  page = psems_trail_list (f->store, NULL, 0, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpint (((PsemsTrailEntry *) page->pdata[0])->id, ==, total);
  g_assert_cmpstr (((PsemsTrailEntry *) page->pdata[0])->user_name, ==, "Olav Berg");
  next = psems_trail_list (f->store, NULL, ((PsemsTrailEntry *) page->pdata[1])->id, 2, &error);
  g_assert_cmpint (((PsemsTrailEntry *) next->pdata[0])->id, ==, total - 2);
  g_assert_null (((PsemsTrailEntry *) next->pdata[0])->after);          /* lists carry no images */

  entry = psems_trail_get (f->store, total, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (entry->before, "\"job_title\":"));
  changed = psems_trail_diff_fields (entry->before, entry->after);
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpstr (changed->pdata[0], ==, "job_title");
  g_assert_cmpstr (changed->pdata[1], ==, "updated_at");

  entities = psems_trail_dup_entities (f->store, &error);
  g_assert_true (g_strv_contains ((const char * const *) entities, "person"));

  /* The export holds what the filter lets through, oldest first. */
  g_assert_true (psems_trail_export_csv (f->store, &by_olav, csv_path, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_written, ==, 2);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "id,at,user,role,action,entity,entity_id,ref,before,after,prev_hash,hash\r\n"));
  g_assert_nonnull (strstr (csv, ",\"Olav Berg\",\"administrator\",\"update\",\"person\",11,"));
  g_assert_true (strstr (csv, ",11,") < strstr (csv, ",12,"));
  g_assert_null (strstr (csv, "Ana Ruiz"));

  /* An export that cannot be written leaves nothing behind. */
  {
    g_autofree char *bad = g_build_filename (f->dir, "missing", "trail.csv", NULL);

    g_assert_false (psems_trail_export_csv (f->store, NULL, bad, NULL, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, bad));
  }
}

/* A benchmark, not a test: entries checked a second. `-m perf` builds a trail
 * of a million entries first (a minute or two); otherwise a small one. */
static void
test_speed (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(PsemsVerifyReport) report = NULL;
  gint64 target = g_test_perf () ? 1000000 : 20000;

  while (psems_test_count (f->store, "SELECT count(*) FROM audit_trail") < target)
    record_every_row (f);
  report = verify (f, NULL);
  g_assert_true (psems_verify_report_ok (report));
  g_test_message ("verify: %lld entries and %lld rows in %.2f s: %.0f entries/s",
                  (long long) report->n_entries, (long long) report->n_rows, report->seconds,
                  report->n_entries / MAX (report->seconds, 1e-6));
  if (g_test_perf ())
    g_test_minimized_result (report->seconds, "verify %lld entries: %.2f s", (long long) report->n_entries,
                             report->seconds);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, persons, func) \
  g_test_add (name, Fixture, GUINT_TO_POINTER (persons), fixture_set_up, func, fixture_tear_down)
  ADD ("/verify/clean-demo", 60, test_clean_demo);
  ADD ("/verify/images-agree", 60, test_images_agree);
  ADD ("/verify/trail-altered", 30, test_trail_altered);
  ADD ("/verify/row-altered", 30, test_row_altered);
  ADD ("/verify/row-inserted-or-removed", 30, test_row_inserted_or_removed);
  ADD ("/verify/user-inserted", 30, test_user_inserted);
  ADD ("/verify/expect-head", 30, test_expect_head);
  ADD ("/verify/trail-reading", 30, test_trail_reading);
  ADD ("/verify/speed", 300, test_speed);
  return g_test_run ();
}
