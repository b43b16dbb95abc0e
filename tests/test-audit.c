/* test-audit.c — the audit trail: canonical serialization, the hash chain, tamper detection, personal data. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

static const char * const sample_personal[] = { "secret", NULL };
static const PsemsEntityInfo sample_info = {
  "sample", "sample", NULL, "Samples", sample_personal, FALSE, FALSE
};

static void
test_serialization_is_canonical (void)
{
  PsemsAuditRecord record = {
    .id = 12,
    .at = "2026-11-26T10:00:00.000001Z",
    .user_id = 0,
    .user_name = "Ana Ruiz",
    .role = "security-officer",
    .action = "update",
    .entity = "facility",
    .entity_id = 3,
    .ref = "FAC-2026-0003",
    .before = "{\"level\":1}",
    .after = "{\"level\":2}",
    .prev_hash = PSEMS_AUDIT_GENESIS_HASH,
  };
  gsize length;
  g_autofree char *bytes = psems_audit_serialize (&record, &length);

  g_assert_cmpstr (bytes, ==,
                   "PSEMS-AUDIT-1\n"
                   "2:12\n"
                   "27:2026-11-26T10:00:00.000001Z\n"
                   "-\n"
                   "8:Ana Ruiz\n"
                   "16:security-officer\n"
                   "6:update\n"
                   "8:facility\n"
                   "1:3\n"
                   "13:FAC-2026-0003\n"
                   "11:{\"level\":1}\n"
                   "11:{\"level\":2}\n"
                   "64:" PSEMS_AUDIT_GENESIS_HASH "\n");
  g_assert_cmpuint (length, ==, strlen (bytes));

  /* Lengths count bytes, not characters. */
  record.user_name = "Ἀθηνᾶ";
  g_free (bytes);
  bytes = psems_audit_serialize (&record, NULL);
  g_assert_nonnull (strstr (bytes, "\n12:Ἀθηνᾶ\n"));
}

static gboolean
write_sample (PsemsStore  *store,
              PsemsActor  *actor,
              gint64       id,
              const char  *name,
              const char  *secret,
              GError     **error)
{
  g_autoptr(PsemsTransaction) txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "sample", 0, error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt = NULL;

  if (txn == NULL)
    return FALSE;
  before = psems_audit_image_row (store, &sample_info, id, error);
  sqlite3_prepare_v2 (psems_store_get_db (store),
                      "INSERT INTO sample (id, name, secret, score, data) VALUES (?1, ?2, ?3, 0.5, x'0102')"
                      " ON CONFLICT (id) DO UPDATE SET name = ?2, secret = ?3", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, secret, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  after = psems_audit_image_row (store, &sample_info, id, error);
  if (!psems_transaction_record (txn, before ? "update" : "create", "sample", id, NULL, before, after, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

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

  f->dir = psems_test_make_dir ();
  f->path = g_build_filename (f->dir, "audit.db", NULL);
  f->store = psems_test_new_store (f->dir, "audit.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  psems_store_exec (f->store, "CREATE TABLE sample (id INTEGER PRIMARY KEY, name TEXT, secret TEXT,"
                              " score REAL, data BLOB) STRICT", &error);
  g_assert_no_error (error);
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("row \"%d\"\n", i);

      g_assert_true (write_sample (f->store, f->actor, i, name, "Μαρία Παπαδοπούλου", &error));
      g_assert_no_error (error);
    }
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

static void
test_chain_verifies (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_assert_true (psems_audit_verify (f->store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 6);   /* creation + five writes */
  g_assert_cmpint (psems_store_count (f->store,
                                      "SELECT count(*) FROM audit_trail a JOIN audit_trail b ON b.id = a.id + 1"
                                      " WHERE b.prev_hash <> a.hash", NULL), ==, 0);
}

static void
test_image_hides_personal_values (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *image = psems_audit_image_row (f->store, &sample_info, 1, &error);
  g_autofree char *key = psems_store_dup_setting (f->store, "audit.personal_key");
  g_autofree char *mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key),
                                                    "Μαρία Παπαδοπούλου", -1);
  g_autofree char *expected = g_strdup_printf ("{\"data\":\"sha256:%s\",\"id\":1,\"name\":\"row \\\"1\\\"\\n\","
                                               "\"score\":0.5,\"secret\":\"hmac-sha256:%s\"}",
                                               "a12871fee210fb8619291eaea194581cbd2531e4b23759d225f6806923f63222",
                                               mac);

  g_assert_no_error (error);
  g_assert_cmpint (strlen (key), ==, 64);
  g_assert_cmpstr (image, ==, expected);
  g_assert_cmpint (psems_store_count (f->store, "SELECT count(*) FROM audit_trail WHERE after LIKE '%Μαρία%'", NULL), ==, 0);

  /* A missing row has no image and is no error. */
  g_assert_null (psems_audit_image_row (f->store, &sample_info, 99, &error));
  g_assert_no_error (error);
}

static void
test_trail_refuses_updates (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (psems_store_exec (f->store, "UPDATE audit_trail SET user_name = 'x' WHERE id = 2", &error));
  g_assert_nonnull (strstr (error->message, "audit trail cannot be changed"));
  g_clear_error (&error);
  g_assert_false (psems_store_exec (f->store, "DELETE FROM audit_trail WHERE id = 2", &error));
  g_assert_nonnull (strstr (error->message, "audit trail cannot be changed"));
}

/* Tampering the way an attacker would: another SQLite client, triggers dropped. */
static void
tamper (const char *path,
        const char *sql)
{
  sqlite3 *db = NULL;
  g_autofree char *full = g_strconcat ("DROP TRIGGER audit_trail_no_update; DROP TRIGGER audit_trail_no_delete; ",
                                       sql, NULL);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, full, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
assert_broken_at (Fixture    *f,
                  const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = NULL;

  g_clear_object (&f->store);
  store = psems_store_open (f->path, PSEMS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (psems_audit_verify (store, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT);
  if (strstr (error->message, needle) == NULL)
    g_error ("expected “%s” in “%s”", needle, error->message);
}

static void
test_altered_value_found (Fixture       *f,
                          gconstpointer  data)
{
  tamper (f->path, "UPDATE audit_trail SET user_name = 'Mallory' WHERE id = 4");
  assert_broken_at (f, "entry 4 ");
}

static void
test_rehashed_row_found (Fixture       *f,
                         gconstpointer  data)
{
  /* Even a forger who recomputes the row's own hash breaks the next link. */
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  PsemsAuditRecord record = { 0 };
  g_autofree char *hex = NULL;
  gsize length;
  g_autofree char *bytes = NULL;

  sqlite3_prepare_v2 (psems_store_get_db (f->store),
                      "SELECT id, at, user_name, role, action, entity, entity_id, before, prev_hash"
                      " FROM audit_trail WHERE id = 3", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  record.id = 3;
  g_strlcpy (record.at, (const char *) sqlite3_column_text (stmt, 1), sizeof record.at);
  record.user_name = (const char *) sqlite3_column_text (stmt, 2);
  record.role = (const char *) sqlite3_column_text (stmt, 3);
  record.action = (const char *) sqlite3_column_text (stmt, 4);
  record.entity = (const char *) sqlite3_column_text (stmt, 5);
  record.entity_id = sqlite3_column_int64 (stmt, 6);
  record.before = (const char *) sqlite3_column_text (stmt, 7);
  record.after = "{\"forged\":true}";
  g_strlcpy (record.prev_hash, (const char *) sqlite3_column_text (stmt, 8), sizeof record.prev_hash);
  bytes = psems_audit_serialize (&record, &length);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, length);
  sqlite3_finalize (stmt);

  sql = g_strdup_printf ("UPDATE audit_trail SET after = '{\"forged\":true}', hash = '%s' WHERE id = 3", hex);
  tamper (f->path, sql);
  assert_broken_at (f, "entry 4 ");
  g_assert_no_error (error);
}

static void
test_deleted_row_found (Fixture       *f,
                        gconstpointer  data)
{
  tamper (f->path, "DELETE FROM audit_trail WHERE id = 2");
  assert_broken_at (f, "entry 2 is missing");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit/serialization", test_serialization_is_canonical);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/audit/chain-verifies", test_chain_verifies);
  ADD ("/audit/personal-values-hidden", test_image_hides_personal_values);
  ADD ("/audit/trail-refuses-updates", test_trail_refuses_updates);
  ADD ("/audit/tamper/altered-value", test_altered_value_found);
  ADD ("/audit/tamper/rehashed-row", test_rehashed_row_found);
  ADD ("/audit/tamper/deleted-row", test_deleted_row_found);
#undef ADD
  return g_test_run ();
}
