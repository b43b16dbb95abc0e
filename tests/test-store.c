/* test-store.c — opening, refusing, migrating and writing through PsemsStore. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->path = g_build_filename (f->dir, "test.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Writes a raw SQLite file as another program would; with @keep_wal its
 * last commits stay in the write-ahead log, as after a crash. */
static void
write_raw_sqlite_full (const char *path,
                       const char *sql,
                       gboolean    keep_wal)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (keep_wal)
    sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
write_raw_sqlite (const char *path,
                  const char *sql)
{
  write_raw_sqlite_full (path, sql, FALSE);
}

static gint64
count_rows (PsemsStore *store,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(GError) error = NULL;
  gint64 n = psems_store_count (store, sql, &error);

  g_assert_no_error (error);
  return n;
}

static void
assert_refused_untouched (const char          *path,
                          PsemsStoreOpenFlags  flags,
                          int                  code)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gboolean had_wal = g_file_test (wal, G_FILE_TEST_EXISTS);
  g_autoptr(GBytes) before = psems_test_read_file (path);
  g_autoptr(GBytes) wal_before = had_wal ? psems_test_read_file (wal) : NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = psems_store_open (path, flags, &error);

  g_assert_null (store);
  g_assert_error (error, PSEMS_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  after = psems_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (g_file_test (wal, G_FILE_TEST_EXISTS), ==, had_wal);
  if (had_wal)
    {
      g_autoptr(GBytes) wal_after = psems_test_read_file (wal);
      g_assert_true (g_bytes_equal (wal_before, wal_after));
    }
}

static void
test_create_and_reopen (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsStore) again = NULL;
  g_autoptr(GError) error = NULL;
  int latest = psems_store_get_latest_schema_version ();
  gint64 trail;

  g_assert_cmpint (latest, >=, 1);
  store = psems_store_open (f->path, PSEMS_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (psems_store_get_created (store));
  g_assert_cmpint (psems_store_get_schema_version (store), ==, latest);
  g_assert_false (psems_store_get_read_only (store));
  trail = count_rows (store, "audit_trail");
  g_assert_cmpint (trail, ==, 1);
  g_clear_object (&store);

  /* Opening again changes nothing: no migration, no new audit entry. */
  again = psems_store_open (f->path, PSEMS_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_false (psems_store_get_created (again));
  g_assert_cmpint (psems_store_get_schema_version (again), ==, latest);
  g_assert_cmpint (count_rows (again, "audit_trail"), ==, trail);
}

static void
test_pragmas (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PsemsStore) store = psems_test_new_store (f->dir, "p.db");
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (store), "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (psems_store_count (store, "PRAGMA foreign_keys", NULL), ==, 1);
  g_assert_cmpint (psems_store_count (store, "PRAGMA application_id", NULL), ==, PSEMS_APPLICATION_ID);
}

static void
test_empty_file_is_new (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->path, "", 0, &error);
  g_assert_no_error (error);

  store = psems_store_open (f->path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NO_DATABASE);
  g_clear_error (&error);

  store = psems_store_open (f->path, PSEMS_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (psems_store_get_created (store));
}

static void
test_missing_without_create (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = psems_store_open (f->path, PSEMS_STORE_OPEN_DEFAULT, &error);

  g_assert_null (store);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NO_DATABASE);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_refuse_text_file (Fixture       *f,
                       gconstpointer  data)
{
  const char *text = "# README\n\nThis is not a database, and it is long enough to fill a header "
                     "of one hundred bytes completely, so the magic is what decides.\n";

  g_file_set_contents (f->path, text, -1, NULL);
  assert_refused_untouched (f->path, PSEMS_STORE_OPEN_CREATE, PSEMS_ERROR_NOT_DATABASE);

  g_file_set_contents (f->path, "tiny", -1, NULL);
  assert_refused_untouched (f->path, PSEMS_STORE_OPEN_CREATE, PSEMS_ERROR_NOT_DATABASE);
}

static void
test_refuse_foreign_sqlite (Fixture       *f,
                            gconstpointer  data)
{
  write_raw_sqlite (f->path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');");
  assert_refused_untouched (f->path, PSEMS_STORE_OPEN_CREATE, PSEMS_ERROR_FOREIGN_DATABASE);

  /* Another application that sets its own id, in WAL mode. */
  g_remove (f->path);
  write_raw_sqlite (f->path, "PRAGMA application_id = 1234; PRAGMA journal_mode = WAL; CREATE TABLE t (x);");
  assert_refused_untouched (f->path, PSEMS_STORE_OPEN_DEFAULT, PSEMS_ERROR_FOREIGN_DATABASE);

  /* Its header still blank, its identity only in the write-ahead log left by a crash. */
  g_remove (f->path);
  write_raw_sqlite_full (f->path, "PRAGMA journal_mode = WAL; PRAGMA application_id = 99;"
                                  "CREATE TABLE t (x); INSERT INTO t VALUES (1);", TRUE);
  assert_refused_untouched (f->path, PSEMS_STORE_OPEN_CREATE, PSEMS_ERROR_FOREIGN_DATABASE);
}

static void
test_refuse_newer (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *sql = NULL;

  g_object_unref (psems_test_new_store (f->dir, "test.db"));
  sql = g_strdup_printf ("PRAGMA user_version = %d", psems_store_get_latest_schema_version () + 1);
  write_raw_sqlite (f->path, sql);
  assert_refused_untouched (f->path, PSEMS_STORE_OPEN_CREATE, PSEMS_ERROR_TOO_NEW);
  assert_refused_untouched (f->path, PSEMS_STORE_OPEN_READ_ONLY, PSEMS_ERROR_TOO_NEW);
}

/* A PSeMS file at schema version 0 (as an interrupted first start could leave). */
static void
write_version_zero (const char *path)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = 0;"
                                          "PRAGMA page_size = 4096; VACUUM;", PSEMS_APPLICATION_ID);
  write_raw_sqlite (path, sql);
}

static void
test_migrate_old (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = NULL;

  write_version_zero (f->path);
  store = psems_store_open (f->path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (psems_store_get_created (store));
  g_assert_cmpint (psems_store_get_schema_version (store), ==, psems_store_get_latest_schema_version ());
  g_assert_cmpint (psems_store_count (store, "SELECT count(*) FROM audit_trail WHERE action = 'migrate'", NULL), ==, 1);
}

static void
test_refuse_read_only_migration (Fixture       *f,
                                 gconstpointer  data)
{
  write_version_zero (f->path);
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  assert_refused_untouched (f->path, PSEMS_STORE_OPEN_DEFAULT, PSEMS_ERROR_READ_ONLY);
  g_chmod (f->path, 0644);
  assert_refused_untouched (f->path, PSEMS_STORE_OPEN_READ_ONLY, PSEMS_ERROR_READ_ONLY);
}

static void
test_read_only_current (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_SECURITY_OFFICER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  PsemsTransaction *txn;

  g_object_unref (psems_test_new_store (f->dir, "test.db"));
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  before = psems_test_read_file (f->path);

  store = psems_store_open (f->path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (psems_store_get_read_only (store));
  g_assert_cmpint (psems_store_count (store, "SELECT count(*) FROM audit_trail", NULL), ==, 1);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "setting", 0, &error);
  g_assert_null (txn);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_READ_ONLY);
  g_clear_object (&store);

  after = psems_test_read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
on_changed (PsemsStore *store,
            const char *entity,
            gint64      id,
            GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s:%" G_GINT64_FORMAT, entity, id));
}

static gboolean
write_setting (PsemsStore  *store,
               PsemsActor  *actor,
               const char  *key,
               const char  *value,
               gboolean     fail_after_audit,
               GError     **error)
{
  g_autoptr(PsemsTransaction) txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "setting", 0, error);
  g_autofree char *sql = NULL;
  g_autofree char *after = NULL;

  if (txn == NULL)
    return FALSE;
  sql = g_strdup_printf ("INSERT INTO setting (key, value) VALUES ('%s', '%s')", key, value);
  if (!psems_store_exec (store, sql, error))
    return FALSE;
  after = g_strdup_printf ("{\"%s\":\"%s\"}", key, value);
  if (!psems_transaction_record (txn, "update", "setting", 0, NULL, NULL, after, error))
    return FALSE;
  /* A write that fails after its audit entry was appended. */
  if (fail_after_audit && !psems_store_exec (store, "INSERT INTO setting (key) VALUES (NULL)", error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

static void
test_write_signals_and_rollback (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(PsemsStore) store = psems_test_new_store (f->dir, "w.db");
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_SECURITY_OFFICER);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gint64 trail = count_rows (store, "audit_trail");

  g_signal_connect (store, "changed", G_CALLBACK (on_changed), seen);

  g_assert_true (write_setting (store, actor, "ui.colour", "blue", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "setting:0");
  g_assert_cmpint (count_rows (store, "audit_trail"), ==, trail + 1);

  /* The failed write leaves neither its row nor its audit entry, and says nothing. */
  g_assert_false (write_setting (store, actor, "ui.size", "large", TRUE, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_CONSTRAINT);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpint (count_rows (store, "audit_trail"), ==, trail + 1);
  g_assert_cmpint (psems_store_count (store, "SELECT count(*) FROM setting WHERE key = 'ui.size'", NULL), ==, 0);
  g_clear_error (&error);

  /* No actor, no write. */
  g_assert_null (psems_transaction_begin (store, NULL, PSEMS_OP_UPDATE, "setting", 0, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
}

static void
test_worker_connection (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PsemsStore) store = psems_test_new_store (f->dir, "w.db");
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_SECURITY_OFFICER);
  g_autoptr(PsemsStore) worker = NULL;
  g_autoptr(GError) error = NULL;

  worker = psems_store_open_worker (store, &error);
  g_assert_no_error (error);
  g_assert_true (psems_store_get_db (worker) != psems_store_get_db (store));
  g_assert_true (write_setting (store, actor, "a", "b", FALSE, &error));
  g_assert_cmpint (psems_store_count (worker, "SELECT count(*) FROM setting WHERE key = 'a'", NULL), ==, 1);
}

static void
test_integrity (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PsemsStore) store = psems_test_new_store (f->dir, "i.db");
  g_autoptr(GError) error = NULL;

  g_assert_true (psems_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/create-and-reopen", test_create_and_reopen);
  ADD ("/store/pragmas", test_pragmas);
  ADD ("/store/empty-file-is-new", test_empty_file_is_new);
  ADD ("/store/missing-without-create", test_missing_without_create);
  ADD ("/store/refuse/text-file", test_refuse_text_file);
  ADD ("/store/refuse/foreign-sqlite", test_refuse_foreign_sqlite);
  ADD ("/store/refuse/newer", test_refuse_newer);
  ADD ("/store/refuse/read-only-migration", test_refuse_read_only_migration);
  ADD ("/store/migrate-old", test_migrate_old);
  ADD ("/store/read-only-current", test_read_only_current);
  ADD ("/store/write/signals-and-rollback", test_write_signals_and_rollback);
  ADD ("/store/worker-connection", test_worker_connection);
  ADD ("/store/integrity", test_integrity);
#undef ADD

  return g_test_run ();
}
