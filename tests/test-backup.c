/* test-backup.c — backups and restore (plain and encrypted, while writing, rotation, modes) and bad database files. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "psems-backup.h"
#include "psems-store-private.h"
#include "psems-test-util.h"

#define PASSPHRASE "tide table 1947 harbour"

typedef struct
{
  char *dir;
  char *path;       /* the database */
  PsemsStore *store;
  PsemsActor *actor;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->path = g_build_filename (f->dir, "port.db", NULL);
  f->store = psems_test_new_store (f->dir, "port.db");
  f->actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  psems_test_create_facility (f->store, f->actor, "ECT", "Europe/Amsterdam");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  psems_actor_unref (f->actor);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
in_dir (Fixture    *f,
        const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static char *
dump_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = psems_store_open (path, PSEMS_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return psems_test_dump_database (store);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
assert_bytes_equal (const char *path,
                    GBytes     *before)
{
  g_autoptr(GBytes) now = psems_test_read_file (path);

  g_assert_true (g_bytes_equal (before, now));
}

/* The folder holds exactly these names (a temporary file left behind would show). */
static void
assert_folder_holds (const char          *dir,
                     const char * const  *names)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (found, g_strdup (name));
  for (guint i = 0; i < found->len; i++)
    {
      const char *have = g_ptr_array_index (found, i);

      if (!g_strv_contains (names, have))
        g_error ("unexpected file %s in %s", have, dir);
    }
  g_assert_cmpuint (found->len, ==, g_strv_length ((char **) names));
}

/* No kept copy of a restore that did not happen, no temporary file. */
static void
assert_no_leftovers (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (name[0] == '.' || strstr (name, "before-restore") != NULL)
      g_error ("unexpected file %s in %s", name, dir);
}

static void
corrupt_bytes (const char *path,
               goffset     offset,
               gsize       length)
{
  g_autofree char *contents = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  g_assert_cmpuint (offset + length, <=, size);
  for (gsize i = 0; i < length; i++)
    contents[offset + i] ^= 0x5a;
  g_assert_true (g_file_set_contents (path, contents, (gssize) size, NULL));
}

static void
truncate_copy (const char *from,
               const char *to,
               gsize       keep)
{
  g_autofree char *contents = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (from, &contents, &size, NULL));
  g_assert_cmpuint (keep, <, size);
  g_assert_true (g_file_set_contents (to, contents, (gssize) keep, NULL));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  const char *passphrase = data;
  g_autofree char *backup = in_dir (f, "port.psems-backup");
  g_autofree char *at_backup = psems_test_dump_database (f->store);
  g_autofree char *modified = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_dump = NULL;
  g_autofree char *kept_name = NULL;
  g_autoptr(GError) error = NULL;
  int version = 0;

  g_assert_true (psems_backup_write (f->store, backup, passphrase, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (backup), ==, 0600);
  g_assert_true (psems_backup_check (backup, passphrase, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, psems_store_get_latest_schema_version ());

  if (passphrase != NULL)
    {
      g_autofree char *contents = NULL;
      gsize size;

      /* Nothing of the database shows through: no SQLite header, no facility name. */
      g_assert_true (g_file_get_contents (backup, &contents, &size, NULL));
      g_assert_cmpmem (contents, 8, PSEMS_BACKUP_MAGIC, 8);
      g_assert_null (g_strstr_len (contents, (gssize) size, "SQLite format 3"));
      g_assert_null (g_strstr_len (contents, (gssize) size, "Eastern Container Terminal"));
    }

  psems_test_create_facility (f->store, f->actor, "WCT", "Europe/Amsterdam");
  modified = psems_test_dump_database (f->store);
  g_assert_cmpstr (modified, !=, at_backup);
  g_clear_object (&f->store);

  g_assert_true (psems_backup_restore (f->path, backup, passphrase, &kept, &error));
  g_assert_no_error (error);
  restored = dump_path (f->path);
  g_assert_cmpstr (restored, ==, at_backup);
  g_assert_cmpuint (file_mode (f->path), ==, 0600);

  /* The database that was replaced is kept beside it, whole. */
  g_assert_nonnull (kept);
  kept_name = g_path_get_basename (kept);
  g_assert_true (g_str_has_prefix (kept_name, "port-before-restore-"));
  g_assert_true (g_str_has_suffix (kept_name, PSEMS_BACKUP_SUFFIX));
  g_assert_cmpuint (file_mode (kept), ==, 0600);
  kept_dump = dump_path (kept);
  g_assert_cmpstr (kept_dump, ==, modified);
  g_assert_true (psems_backup_check (kept, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The restored database is a working one. */
  f->store = psems_store_open (f->path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (psems_store_check_integrity (f->store, &error));
  g_assert_no_error (error);
  psems_test_create_facility (f->store, f->actor, "NCT", "Europe/Amsterdam");
}

static void
test_wrong_passphrase (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *backup = in_dir (f, "port.psems-backup");
  g_autoptr(GBytes) db_before = NULL;
  g_autoptr(GError) error = NULL;
  gboolean encrypted = FALSE;

  g_assert_true (psems_backup_write (f->store, backup, PASSPHRASE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (psems_backup_is_encrypted (backup, &encrypted, &error));
  g_assert_true (encrypted);
  g_clear_object (&f->store);
  db_before = psems_test_read_file (f->path);

  g_assert_false (psems_backup_check (backup, "tide table 1948 harbour", NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Wrong passphrase"));
  g_clear_error (&error);

  g_assert_false (psems_backup_check (backup, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "passphrase"));
  g_clear_error (&error);

  g_assert_false (psems_backup_restore (f->path, backup, "tide table 1948 harbour", NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  assert_bytes_equal (f->path, db_before);
  assert_folder_holds (f->dir, (const char *[]) { "port.db", "port.psems-backup", NULL });

  /* Too short a passphrase is refused before anything is written. */
  g_clear_error (&error);
  f->store = psems_store_open (f->path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_false (psems_backup_write (f->store, backup, "short", NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
}

static void
assert_damaged (const char *backup,
                const char *says)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (psems_backup_check (backup, PASSPHRASE, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, says));
}

static void
test_encrypted_damage (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *backup = in_dir (f, "port.psems-backup");
  g_autofree char *bad = in_dir (f, "bad.psems-backup");
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) db_before = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_assert_true (psems_backup_write (f->store, backup, PASSPHRASE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);
  db_before = psems_test_read_file (f->path);
  g_assert_true (g_file_get_contents (backup, &contents, &size, NULL));
  g_assert_cmpuint (size, >, 70000);   /* more than one chunk */

  /* Cut short: in the middle, at a chunk boundary, inside the header. */
  truncate_copy (backup, bad, size / 2);
  assert_damaged (bad, "truncated");
  truncate_copy (backup, bad, 112 + 65536 + 17);
  assert_damaged (bad, "truncated");
  truncate_copy (backup, bad, 60);
  assert_damaged (bad, "truncated");

  /* Altered: a byte inside the second chunk, the last byte, bytes added. */
  g_assert_true (g_file_set_contents (bad, contents, (gssize) size, NULL));
  corrupt_bytes (bad, 112 + 65536 + 17 + 100, 1);
  assert_damaged (bad, "altered");
  g_assert_true (g_file_set_contents (bad, contents, (gssize) size, NULL));
  corrupt_bytes (bad, (goffset) size - 1, 1);
  assert_damaged (bad, "altered");
  {
    g_autofree char *longer = g_malloc (size + 1);

    memcpy (longer, contents, size);
    longer[size] = 'x';
    g_assert_true (g_file_set_contents (bad, longer, (gssize) size + 1, NULL));
    assert_damaged (bad, "altered");
  }

  /* None of them is restored, and the database stays as it was. */
  g_assert_false (psems_backup_restore (f->path, bad, PASSPHRASE, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT);
  assert_bytes_equal (f->path, db_before);
  assert_folder_holds (f->dir, (const char *[]) { "port.db", "port.psems-backup", "bad.psems-backup", NULL });
}

typedef struct
{
  char *path;
  gint stop;
  gint written;
  GError *error;
} Writer;

/* Another connection committing one row after another, as the application would. */
static gpointer
write_rows_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(PsemsStore) store = psems_store_open (w->path, PSEMS_STORE_OPEN_DEFAULT, &w->error);

  if (store == NULL)
    return NULL;
  while (!g_atomic_int_get (&w->stop))
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO setting (key, value) VALUES ('row-%06d', 'x')",
                                              g_atomic_int_get (&w->written));

      if (!psems_store_exec (store, sql, &w->error))
        return NULL;
      g_atomic_int_inc (&w->written);
      g_usleep (200);
    }
  return NULL;
}

typedef struct
{
  Writer *writer;
  GPtrArray *fractions;
  int written_at_start;
  GCancellable *cancel_at;   /* cancelled at the first report, if set */
} Progress;

static void
record_progress_cb (double   fraction,
                    gpointer user_data)
{
  Progress *p = user_data;
  double *copy = g_new (double, 1);

  *copy = fraction;
  g_ptr_array_add (p->fractions, copy);
  if (p->cancel_at != NULL)
    g_cancellable_cancel (p->cancel_at);
  /* Let the writer commit between the steps of the copy. */
  g_usleep (20 * 1000);
}

static void
test_backup_while_writing (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *backup = in_dir (f, "live.psems-backup");
  g_autofree char *cancelled = in_dir (f, "cancelled.psems-backup");
  g_autoptr(GPtrArray) fractions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) copy = NULL;
  PsemsDemoOptions options;
  Writer writer = { .path = f->path };
  Progress progress = { &writer, fractions, 0, NULL };
  GThread *thread;
  gint64 rows, last;

  /* Big enough (several MiB) for the copy to take several steps. */
  g_clear_object (&f->store);
  g_remove (f->path);
  f->store = psems_test_new_store (f->dir, "port.db");
  psems_demo_options_init (&options);
  options.persons = 6000;
  g_assert_true (psems_demo_generate (f->store, f->actor, &options, &error));
  g_assert_no_error (error);

  thread = g_thread_new ("writer", write_rows_thread, &writer);
  while (g_atomic_int_get (&writer.written) < 20 && writer.error == NULL)
    g_usleep (1000);
  progress.written_at_start = g_atomic_int_get (&writer.written);
  g_assert_true (psems_backup_write (f->store, backup, NULL, record_progress_cb, &progress, NULL, &error));
  g_assert_no_error (error);

  /* Cancelled midway: nothing is left behind. */
  progress.cancel_at = cancellable;
  g_assert_false (psems_backup_write (f->store, cancelled, NULL, record_progress_cb, &progress,
                                      cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);
  g_assert_no_error (writer.error);

  /* The writer was never held back, and wrote during the copy. */
  g_assert_cmpint (g_atomic_int_get (&writer.written), >, progress.written_at_start + 5);
  g_assert_cmpuint (fractions->len, >=, 3);
  for (guint i = 1; i < fractions->len; i++)
    if (*(double *) g_ptr_array_index (fractions, i) < *(double *) g_ptr_array_index (fractions, i - 1))
      g_assert_nonnull (progress.cancel_at);   /* only the second backup starts over */

  /* The copy is the database at one moment: rows 0..n-1 with no gap. */
  g_assert_true (psems_backup_check (backup, NULL, NULL, &error));
  g_assert_no_error (error);
  copy = psems_store_open (backup, PSEMS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  rows = psems_test_count (copy, "SELECT count(*) FROM setting WHERE key LIKE 'row-%%'");
  last = psems_test_count (copy, "SELECT coalesce(max(CAST(substr(key, 5) AS INTEGER)), -1) FROM setting "
                                 "WHERE key LIKE 'row-%%'");
  g_assert_cmpint (rows, >=, progress.written_at_start);
  g_assert_cmpint (rows, ==, last + 1);
  g_assert_cmpint (psems_test_count (copy, "SELECT count(*) FROM person"), ==, 6000);
  g_clear_object (&copy);
  g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
  assert_folder_holds (f->dir, (const char *[]) { "port.db", "port.db-wal", "port.db-shm",
                                                  "live.psems-backup", NULL });
}

static void
test_rotation (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *folder = in_dir (f, "backups");
  g_autofree char *subdir = NULL;
  g_autofree char *written = NULL;
  g_autofree char *written_name = NULL;
  g_autoptr(GError) error = NULL;
  const char *old[] = {
    "port-20250101-000000.psems-backup", "port-20250102-000000.psems-backup",
    "port-20250103-000000.psems-backup", "port-20250104-120000.psems-backup",
    "port-20251231-235959.psems-backup",
  };
  const char *others[] = {
    "harbour-20240101-000000.psems-backup",       /* another database */
    "port-2025.psems-backup",                     /* not the pattern */
    "port-20240101-000000.psems-backup.txt",
    "port-before-restore-20240101-000000.psems-backup",
    "notes.txt",
  };

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (old); i++)
    g_free (psems_test_write_file (folder, old[i], "old backup"));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_free (psems_test_write_file (folder, others[i], "keep me"));
  /* A folder with a backup's name is not a backup. */
  subdir = g_build_filename (folder, "port-20200101-000000.psems-backup", NULL);
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);

  written = psems_backup_automatic (f->store, folder, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (written);
  written_name = g_path_get_basename (written);
  g_assert_cmpuint (file_mode (written), ==, 0600);
  g_assert_true (psems_backup_check (written, NULL, NULL, &error));
  g_assert_no_error (error);

  {
    const char *expect[] = {
      written_name, "port-20250104-120000.psems-backup", "port-20251231-235959.psems-backup",
      others[0], others[1], others[2], others[3], others[4], "port-20200101-000000.psems-backup", NULL,
    };
    assert_folder_holds (folder, expect);
  }

  /* Keep one: only the newest stays. */
  g_assert_cmpuint (psems_backup_rotate (folder, f->path, 1, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_true (g_file_test (written, G_FILE_TEST_EXISTS));
  {
    g_autofree char *older = g_build_filename (folder, "port-20251231-235959.psems-backup", NULL);

    g_assert_false (g_file_test (older, G_FILE_TEST_EXISTS));
  }

  g_assert_null (psems_backup_automatic (f->store, folder, 0, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);

  g_rmdir (subdir);
  psems_test_remove_dir (folder);
}

/* Nothing changed since the newest automatic backup (the trail ends at the same head): nothing
 * is copied again; after a change, a new one is written. */
static void
test_automatic_unchanged (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *folder = in_dir (f, "unchanged");
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  first = psems_backup_automatic (f->store, folder, 3, NULL, &error);
  g_assert_no_error (error);
  again = psems_backup_automatic (f->store, folder, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, first);
  {
    const char *expect[] = { NULL, NULL };
    g_autofree char *name = g_path_get_basename (first);

    expect[0] = name;
    assert_folder_holds (folder, expect);
  }

  g_usleep (1100 * 1000);   /* the names carry the second */
  psems_test_create_facility (f->store, f->actor, "CHG", NULL);
  after = psems_backup_automatic (f->store, folder, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, !=, first);
  g_assert_true (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_true (psems_backup_check (after, NULL, NULL, &error));
  g_assert_no_error (error);
  psems_test_remove_dir (folder);
}

static void
test_default_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *folder = psems_backup_default_folder (f->path);
  g_autofree char *other_dir = in_dir (f, "elsewhere");
  g_autofree char *other_db = g_build_filename (other_dir, "port.db", NULL);
  g_autofree char *other_folder = psems_backup_default_folder (other_db);
  g_autofree char *root = g_build_filename (g_get_user_state_dir (), "psems", "backups", NULL);
  g_autofree char *written = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (folder, root));
  name = g_path_get_basename (folder);
  g_assert_true (g_str_has_prefix (name, "port-"));
  g_assert_cmpstr (folder, !=, other_folder);

  written = psems_backup_automatic (f->store, NULL, 7, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (written, folder));
  g_assert_cmpuint (file_mode (folder), ==, 0700);
  g_assert_cmpuint (file_mode (written), ==, 0600);
  g_unlink (written);
  g_rmdir (folder);
}

static void
test_modes (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *db = in_dir (f, "fresh.db");
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *encrypted = in_dir (f, "fresh.psems-backup");
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  mode_t saved = umask (0);

  /* Whatever the umask, even none at all. */
  store = psems_store_open (db, PSEMS_STORE_OPEN_CREATE, &error);
  umask (saved);
  g_assert_no_error (error);
  psems_test_create_facility (store, f->actor, "ECT", "Europe/Amsterdam");
  g_assert_cmpuint (file_mode (db), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);

  saved = umask (0);
  g_assert_true (psems_backup_write (store, encrypted, PASSPHRASE, NULL, NULL, NULL, &error));
  umask (saved);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (encrypted), ==, 0600);

  /* A backup is never written over the database itself. */
  g_assert_false (psems_backup_write (store, db, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
}

/* A restore refused for a bad backup changes nothing at all. */
static void
assert_restore_refused (Fixture    *f,
                        const char *backup,
                        int         code,
                        const char *says)
{
  g_autoptr(GBytes) before = psems_test_read_file (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (backup);
  char *kept = (char *) "unset";

  g_assert_false (psems_backup_restore (f->path, backup, NULL, &kept, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, PSEMS_ERROR, code);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_null (kept);
  assert_bytes_equal (f->path, before);
  assert_folder_holds (f->dir, (const char *[]) { "port.db", "good.psems-backup", name, NULL });
}

static void
test_restore_refuses_bad_backups (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *good = in_dir (f, "good.psems-backup");
  g_autofree char *bad = in_dir (f, "bad.psems-backup");
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *random = g_malloc (8192);
  GStatBuf st;
  sqlite3 *db;

  g_assert_true (psems_backup_write (f->store, good, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);

  /* Random bytes. */
  for (guint i = 0; i < 8192; i++)
    random[i] = (char) g_random_int_range (0, 256);
  g_assert_true (g_file_set_contents (bad, random, 8192, NULL));
  assert_restore_refused (f, bad, PSEMS_ERROR_NOT_DATABASE, "not a PSeMS backup");

  /* Cut short. */
  g_assert_cmpint (g_stat (good, &st), ==, 0);
  truncate_copy (good, bad, (gsize) st.st_size / 2);
  assert_restore_refused (f, bad, PSEMS_ERROR_CORRUPT, "truncated");

  /* A damaged page (the last one). */
  {
    g_autofree char *contents = NULL;
    gsize size;

    g_assert_true (g_file_get_contents (good, &contents, &size, NULL));
    g_assert_true (g_file_set_contents (bad, contents, (gssize) size, NULL));
  }
  corrupt_bytes (bad, (goffset) st.st_size - 4096, 16);
  assert_restore_refused (f, bad, PSEMS_ERROR_CORRUPT, "damaged");

  /* From a newer PSeMS. */
  {
    g_autofree char *contents = NULL;
    gsize size;

    g_assert_true (g_file_get_contents (good, &contents, &size, NULL));
    g_assert_true (g_file_set_contents (bad, contents, (gssize) size, NULL));
  }
  sql = g_strdup_printf ("PRAGMA user_version = %d", psems_store_get_latest_schema_version () + 1);
  g_assert_cmpint (sqlite3_open (bad, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_restore_refused (f, bad, PSEMS_ERROR_TOO_NEW, "newer PSeMS");

  /* Another application's database. */
  g_remove (bad);
  g_assert_cmpint (sqlite3_open (bad, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE songs (title TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_restore_refused (f, bad, PSEMS_ERROR_FOREIGN_DATABASE, "another application");

  /* The database itself. */
  {
    g_autoptr(GBytes) before = psems_test_read_file (f->path);

    g_assert_false (psems_backup_restore (f->path, f->path, NULL, NULL, &error));
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
    g_clear_error (&error);
    assert_bytes_equal (f->path, before);
  }

  /* The good one restores. */
  g_remove (bad);
  g_assert_true (psems_backup_restore (f->path, good, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_restore_refused_while_open (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *backup = in_dir (f, "port.psems-backup");
  g_autofree char *kept = NULL;
  g_autofree char *fresh = in_dir (f, "new.db");
  g_autoptr(GBytes) before = NULL;
  sqlite3 *reader;
  g_autoptr(GError) error = NULL;

  g_assert_true (psems_backup_write (f->store, backup, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  before = psems_test_read_file (f->path);

  /* Open in this process (the fixture's store), then by another program reading. */
  g_assert_false (psems_backup_restore (f->path, backup, NULL, &kept, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "close it"));
  g_clear_error (&error);
  assert_bytes_equal (f->path, before);
  g_clear_object (&f->store);
  g_clear_pointer (&before, g_bytes_unref);
  before = psems_test_read_file (f->path);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &reader, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (reader, "BEGIN; SELECT count(*) FROM facility", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_false (psems_backup_restore (f->path, backup, NULL, &kept, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_null (kept);
  assert_bytes_equal (f->path, before);
  assert_no_leftovers (f->dir);
  sqlite3_exec (reader, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (reader);

  g_assert_true (psems_backup_restore (f->path, backup, NULL, &kept, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kept);

  /* Where there was no database, the backup simply becomes it. */
  g_clear_pointer (&kept, g_free);
  g_assert_true (psems_backup_restore (fresh, backup, NULL, &kept, &error));
  g_assert_no_error (error);
  g_assert_null (kept);
  g_assert_cmpuint (file_mode (fresh), ==, 0600);
}

/* A damaged current database (the usual reason to restore) is kept too. */
static void
test_restore_over_damaged (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *backup = in_dir (f, "port.psems-backup");
  g_autofree char *kept = NULL;
  g_autoptr(GBytes) garbage = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (psems_backup_write (f->store, backup, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);
  g_assert_true (g_file_set_contents (f->path, "this database was overwritten by mistake", -1, NULL));
  garbage = psems_test_read_file (f->path);

  g_assert_true (psems_backup_restore (f->path, backup, NULL, &kept, &error));
  g_assert_no_error (error);
  assert_bytes_equal (kept, garbage);
  f->store = psems_store_open (f->path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM facility"), ==, 1);
}

/* ---- Bad database files: refused, said why and what to do, never written ---- */

static void
assert_open_refused (const char *path,
                     PsemsStoreOpenFlags flags,
                     int         code,
                     const char *what,
                     const char *what_to_do)
{
  g_autoptr(GBytes) before = psems_test_read_file (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gboolean had_wal = g_file_test (wal, G_FILE_TEST_EXISTS);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = psems_store_open (path, flags, &error);

  g_assert_null (store);
  g_test_message ("%s", error->message);
  g_assert_error (error, PSEMS_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, what));
  g_assert_nonnull (strstr (error->message, what_to_do));
  assert_bytes_equal (path, before);
  g_assert_cmpint (g_file_test (wal, G_FILE_TEST_EXISTS), ==, had_wal);
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *copy = in_dir (f, "copy.db");
  g_autofree char *cut = in_dir (f, "cut.db");
  g_autofree char *noise = in_dir (f, "noise.db");
  g_autofree char *newer = in_dir (f, "newer.db");
  g_autofree char *sql = NULL;
  g_autofree char *random = g_malloc (65536);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  sqlite3 *db;

  g_assert_true (psems_backup_write (f->store, copy, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A truncated copy of a real database. */
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  truncate_copy (copy, cut, (gsize) st.st_size * 2 / 3);
  assert_open_refused (cut, PSEMS_STORE_OPEN_DEFAULT, PSEMS_ERROR_CORRUPT, "cut short", "Restore the database");
  assert_open_refused (cut, PSEMS_STORE_OPEN_READ_ONLY, PSEMS_ERROR_CORRUPT, "cut short", "from a backup");

  /* An intact header over a damaged first page (the schema's). */
  {
    g_autofree char *damaged = in_dir (f, "damaged.db");
    g_autofree char *contents = NULL;
    gsize size;

    g_assert_true (g_file_get_contents (copy, &contents, &size, NULL));
    memset (contents + 100, 0xee, 200);
    g_assert_true (g_file_set_contents (damaged, contents, (gssize) size, NULL));
    assert_open_refused (damaged, PSEMS_STORE_OPEN_DEFAULT, PSEMS_ERROR_CORRUPT, "is damaged",
                         "Restore the database from a backup");
    assert_open_refused (damaged, PSEMS_STORE_OPEN_READ_ONLY, PSEMS_ERROR_CORRUPT, "is damaged",
                         "from a backup");
  }

  /* Random bytes. */
  for (guint i = 0; i < 65536; i++)
    random[i] = (char) g_random_int_range (0, 256);
  g_assert_true (g_file_set_contents (noise, random, 65536, NULL));
  assert_open_refused (noise, PSEMS_STORE_OPEN_CREATE, PSEMS_ERROR_NOT_DATABASE, "not a PSeMS database",
                       "restore the database from a backup");

  /* From a newer PSeMS. */
  {
    g_autofree char *contents = NULL;
    gsize size;

    g_assert_true (g_file_get_contents (copy, &contents, &size, NULL));
    g_assert_true (g_file_set_contents (newer, contents, (gssize) size, NULL));
  }
  sql = g_strdup_printf ("PRAGMA user_version = %d", psems_store_get_latest_schema_version () + 3);
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_open_refused (newer, PSEMS_STORE_OPEN_DEFAULT, PSEMS_ERROR_TOO_NEW, "newer PSeMS", "Update PSeMS");
}

static void
test_locked_file (Fixture       *f,
                  gconstpointer  data)
{
  sqlite3 *other;

  g_clear_object (&f->store);
  /* Another program in the middle of a long write. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE; INSERT INTO setting (key, value) VALUES ('x', 'y')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  assert_open_refused (f->path, PSEMS_STORE_OPEN_DEFAULT, PSEMS_ERROR_BUSY, "locked by another program",
                       "Close that program");
  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  f->store = psems_store_open (f->path, PSEMS_STORE_OPEN_DEFAULT, NULL);
  g_assert_nonnull (f->store);
}

static void
test_read_only_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old = in_dir (f, "old.db");
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = 1;",
                                          PSEMS_APPLICATION_ID);
  PsemsTransaction *txn;
  sqlite3 *db;

  /* The store honours the mode bits even for root, so this runs as root too. */
  g_clear_object (&f->store);
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  before = psems_test_read_file (f->path);
  f->store = psems_store_open (f->path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (psems_store_get_read_only (f->store));
  txn = psems_transaction_begin (f->store, f->actor, PSEMS_OP_UPDATE, "setting", 0, &error);
  g_assert_null (txn);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_READ_ONLY);
  g_clear_object (&f->store);
  assert_bytes_equal (f->path, before);

  /* One that needs upgrading says how to make it writable. */
  g_assert_cmpint (sqlite3_open (old, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (g_chmod (old, 0444), ==, 0);
  assert_open_refused (old, PSEMS_STORE_OPEN_DEFAULT, PSEMS_ERROR_READ_ONLY, "cannot be written",
                       "Make the file and its folder writable");
}

static void
test_network_shares (void)
{
  static const struct { guint32 magic; const char *type; const char *kind; } cases[] = {
    { 0x6969, "nfs4", "NFS" },
    { 0x517B, "smbfs", "SMB" },
    { 0xFE534D42, "smb3", "SMB2" },
    { 0xFF534D42, "cifs", "CIFS" },
    { 0x65735546, "fuse.sshfs", "sshfs" },
    { 0x65735546, "fuse.rclone", "rclone" },
    { 0x65735546, "fuse.ntfs-3g", NULL },      /* a local disk through FUSE */
    { 0x65735546, "fuse.portal", NULL },       /* the document portal */
    { 0x65735546, NULL, NULL },
    { 0xEF53, "ext4", NULL },
    { 0x58465342, "xfs", NULL },
    { 0x01021994, "tmpfs", NULL },
  };
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "local.db", NULL);
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (psems_store_network_share_kind (cases[i].magic, cases[i].type), ==, cases[i].kind);

  /* The test's own folder is local. */
  store = psems_store_open (path, PSEMS_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *state = psems_test_make_dir ();
  int status;

  /* Automatic backups go to the user's state folder: a private one here. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, data) g_test_add (name, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/backup/round-trip", test_round_trip, NULL);
  ADD ("/backup/round-trip-encrypted", test_round_trip, PASSPHRASE);
  ADD ("/backup/wrong-passphrase", test_wrong_passphrase, NULL);
  ADD ("/backup/encrypted-truncated-or-altered", test_encrypted_damage, NULL);
  ADD ("/backup/while-writing", test_backup_while_writing, NULL);
  ADD ("/backup/rotation", test_rotation, NULL);
  ADD ("/backup/automatic-unchanged", test_automatic_unchanged, NULL);
  ADD ("/backup/default-folder", test_default_folder, NULL);
  ADD ("/backup/modes", test_modes, NULL);
  ADD ("/backup/restore-refuses-bad-backups", test_restore_refuses_bad_backups, NULL);
  ADD ("/backup/restore-refused-while-open", test_restore_refused_while_open, NULL);
  ADD ("/backup/restore-over-damaged", test_restore_over_damaged, NULL);
  ADD ("/store/bad-files", test_bad_files, NULL);
  ADD ("/store/locked-file", test_locked_file, NULL);
  ADD ("/store/read-only-file", test_read_only_file, NULL);
  g_test_add_func ("/store/network-shares", test_network_shares);
#undef ADD

  status = g_test_run ();
  {
    g_autofree char *psems_state = g_build_filename (state, "psems", "backups", NULL);
    g_autofree char *psems_dir = g_build_filename (state, "psems", NULL);

    g_rmdir (psems_state);
    g_rmdir (psems_dir);
  }
  psems_test_remove_dir (state);
  return status;
}
