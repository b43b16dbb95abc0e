/* test-crash.c — SIGKILL psems-cli mid-import and mid-export: the database and files stay whole. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

/*
 * Each kill lands after a random delay (a fixed seed, so a failure repeats)
 * spread evenly over the duration of one complete run, measured first: kill
 * i of n waits (i + r) / n of 1.1 times that duration, r uniform in [0, 1),
 * so the kills cover start-up, validation, the write, the commit and the
 * moment just after it.
 *
 * The suite runs 20 kills of an import and 5 of a pack export.
 * build-aux/soak-crash runs the same program with more kills
 * (PSEMS_CRASH_KILLS), another seed (PSEMS_CRASH_SEED) and, with
 * PSEMS_CRASH_ROWS, a different file size.
 */

#define DEFAULT_KILLS 25   /* four fifths imports, one fifth pack exports */
#define DEFAULT_SEED 11
#define DEFAULT_ROWS 20000
#define KILLS_PER_DATABASE 20  /* then a fresh copy: completed imports grow the file */
#define FACILITY "NHV-CT"     /* the demo's container terminal */

typedef struct
{
  char *dir;
  char *pristine;   /* the demo database every round starts from */
  GRand *rand;
  guint import_kills;
  guint export_kills;
  guint rows;
} Fixture;

typedef enum
{
  RUN_KILLED,     /* SIGKILL landed while it ran */
  RUN_FINISHED,   /* it exited before the kill */
} RunOutcome;

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || *text == '\0')
    return fallback;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    g_error ("%s: “%s” is not a positive number", name, text);
  return (guint) value;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  guint kills = env_uint ("PSEMS_CRASH_KILLS", DEFAULT_KILLS);
  guint seed = env_uint ("PSEMS_CRASH_SEED", DEFAULT_SEED);

  f->dir = psems_test_make_dir ();
  f->pristine = g_build_filename (f->dir, "pristine.db", NULL);
  f->rand = g_rand_new_with_seed (seed);
  f->export_kills = MAX (kills / 5, 1);
  f->import_kills = MAX (kills - f->export_kills, 1);
  f->rows = env_uint ("PSEMS_CRASH_ROWS", DEFAULT_ROWS);
  g_test_message ("seed %u, %u rows an import", seed, f->rows);
  /* Vetting levels, facilities, restricted areas; few persons, so the import dominates. */
  g_assert_cmpint (psems_test_run_cli (NULL, NULL, "--db", f->pristine, "db", "demo",
                                       "--persons", "200", NULL), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  psems_test_remove_dir (f->dir);
  g_rand_free (f->rand);
  g_free (f->pristine);
  g_free (f->dir);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Starts psems-cli with @args (NULL-terminated, without --db), waits @delay_us, kills it with
 * SIGKILL unless it has exited, and says which happened; a run that exits must succeed. */
static RunOutcome
run_and_kill (const char  *db,
              const char **args,
              gint64       delay_us,
              gint64      *elapsed_us)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status = 0;
  gint64 start;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PSEMS_CLI"));
  g_assert_nonnull (argv->pdata[0]);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  start = g_get_monotonic_time ();
  g_spawn_async (NULL, (char **) argv->pdata, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                 G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  if (delay_us >= 0)
    {
      g_usleep ((gulong) delay_us);
      /* A child that has exited stays a zombie until waited for: the signal cannot reach
       * another process that took its id. */
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (elapsed_us != NULL)
    *elapsed_us = g_get_monotonic_time () - start;
  g_spawn_close_pid (pid);
  if (WIFSIGNALED (status))
    {
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      return RUN_KILLED;
    }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return RUN_FINISHED;
}

/* Kill @i of @n lands within (i + r) / n of the span (1.1 × one run). */
static gint64
spread_delay (Fixture *f,
              guint    i,
              guint    n,
              gint64   duration_us)
{
  double at = ((double) i + g_rand_double (f->rand)) / (double) n;

  return (gint64) (at * 1.1 * (double) duration_us);
}

static char *
query_text (PsemsStore *store,
            const char *sql)
{
  sqlite3 *db = psems_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, (const char *) sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

/* Opens the database as the next user would (SQLite recovers the write-ahead log a killed
 * writer left) and checks the file, the search index and the audit chain. */
static PsemsStore *
open_and_check (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = psems_store_open (db, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_autofree char *integrity = NULL;
  g_autofree char *foreign = NULL;
  gint64 checked = 0;

  g_assert_no_error (error);
  integrity = query_text (store, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  foreign = query_text (store, "PRAGMA foreign_key_check");
  g_assert_cmpstr (foreign, ==, "");
  /* An external-content FTS5 index checked against the rows it indexes. */
  psems_test_exec (store,
                   "INSERT INTO person_fts (person_fts, rank) VALUES ('integrity-check', 1)");
  g_assert_true (psems_audit_verify (store, &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, >, 0);
  return g_steal_pointer (&store);
}

/* Closing the last connection checkpoints the log and removes it: nothing of the killed
 * writer is left for a later run to trip on. */
static void
assert_no_log (const char *db)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *journal = g_strconcat (db, "-journal", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

/* @rows persons whose badges start with @prefix (letters and digits: one search token, so a
 * prefix query finds exactly them); every third has a pending vetting and two
 * restricted areas, so the write touches person, vetting, person_area, the search index and the
 * reference counters. */
static void
write_persons_csv (const char *path,
                   const char *prefix,
                   guint       rows)
{
  static const char * const employers[] = {
    "Nordhaven Stevedoring", "Søndre Lashing AS", "Harbour Security Ltd", "Quayside Logistics",
  };
  g_autoptr(GString) csv = g_string_sized_new ((gsize) rows * 120);
  g_autoptr(GError) error = NULL;

  g_string_append (csv, "badge_no,given_name,family_name,employer,job_title,nationality,"
                        "date_of_birth,email,vetting_level,vetting_status,areas\r\n");
  for (guint i = 0; i < rows; i++)
    g_string_append_printf (csv, "%s%06u,Given%u,Family%u,%s,Lasher,NO,19%02u-%02u-%02u,"
                                 "p%u@example.org,%s,%s,%s\r\n",
                            prefix, i, i, i % 997, employers[i % G_N_ELEMENTS (employers)],
                            50 + i % 50, 1 + i % 12, 1 + i % 28, i,
                            i % 3 == 0 ? "STANDARD" : "", i % 3 == 0 ? "pending" : "",
                            i % 3 == 0 ? "NHV-CT:QUAY;NHV-CT:GATE" : "");
  g_file_set_contents (path, csv->str, (gssize) csv->len, &error);
  g_assert_no_error (error);
}

/* The import of @file (prefix @prefix, @rows rows) is wholly there or wholly absent: persons,
 * their vettings and areas, and its one audit entry. Returns whether it is there. */
static gboolean
check_import (PsemsStore *store,
              const char *file,
              const char *prefix,
              guint       rows)
{
  gint64 persons = psems_test_count (store, "SELECT count(*) FROM person"
                                            " WHERE badge_no LIKE '%s%%'", prefix);
  gint64 vettings = psems_test_count (store, "SELECT count(*) FROM vetting v JOIN person p"
                                             " ON p.id = v.person_id WHERE p.badge_no LIKE '%s%%'",
                                      prefix);
  gint64 areas = psems_test_count (store, "SELECT count(*) FROM person_area a JOIN person p"
                                          " ON p.id = a.person_id WHERE p.badge_no LIKE '%s%%'",
                                   prefix);
  gint64 indexed = psems_test_count (store, "SELECT count(*) FROM person_fts WHERE badge_no"
                                            " MATCH '%s*'", prefix);
  gint64 audit = psems_test_count (store, "SELECT count(*) FROM audit_trail"
                                          " WHERE action = 'import' AND entity = 'person'"
                                          " AND after LIKE '%%\"file\":\"%s\"%%'", file);
  gint64 vetted = (rows + 2) / 3;

  if (persons == 0)
    {
      g_assert_cmpint (vettings, ==, 0);
      g_assert_cmpint (areas, ==, 0);
      g_assert_cmpint (indexed, ==, 0);
      g_assert_cmpint (audit, ==, 0);
      return FALSE;
    }
  g_assert_cmpint (persons, ==, rows);
  g_assert_cmpint (vettings, ==, vetted);
  g_assert_cmpint (areas, ==, 2 * vetted);
  g_assert_cmpint (indexed, ==, rows);
  g_assert_cmpint (audit, ==, 1);
  return TRUE;
}

static void
test_import_killed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "import.db", NULL);
  g_autofree char *measure_csv = g_build_filename (f->dir, "measure.csv", NULL);
  gint64 duration = 0;
  guint killed_absent = 0, killed_present = 0, finished = 0, left_log = 0;

  /* One complete run on a copy of the starting database: how long an import takes. */
  copy_file (f->pristine, db);
  write_persons_csv (measure_csv, "CRASHMX", f->rows);
  {
    const char *args[] = { "person", "import", measure_csv, NULL };
    g_autoptr(PsemsStore) store = NULL;

    g_assert_cmpint (run_and_kill (db, args, -1, &duration), ==, RUN_FINISHED);
    store = open_and_check (db);
    g_assert_true (check_import (store, "measure.csv", "CRASHMX", f->rows));
  }
  g_test_message ("one import of %u rows: %.2f s", f->rows, duration / 1e6);

  for (guint i = 0; i < f->import_kills; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("CRASH%04uX", i);
      g_autofree char *name = g_strdup_printf ("kill-%04u.csv", i);
      g_autofree char *csv = g_build_filename (f->dir, name, NULL);
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      const char *args[] = { "person", "import", csv, NULL };
      guint in_round = i % KILLS_PER_DATABASE;
      RunOutcome outcome;
      gboolean present;
      gint64 delay;

      if (in_round == 0)
        copy_file (f->pristine, db);
      write_persons_csv (csv, prefix, f->rows);
      delay = spread_delay (f, in_round, MIN (KILLS_PER_DATABASE, f->import_kills), duration);
      outcome = run_and_kill (db, args, delay, NULL);
      if (g_file_test (wal, G_FILE_TEST_EXISTS))
        left_log++;
      {
        g_autoptr(PsemsStore) store = open_and_check (db);

        present = check_import (store, name, prefix, f->rows);
      }
      assert_no_log (db);
      g_remove (csv);
      g_test_message ("import kill %u/%u at %.2f s: %s, %s", i + 1, f->import_kills, delay / 1e6,
                      outcome == RUN_KILLED ? "killed" : "had ended",
                      present ? "all imported" : "nothing imported");
      if (outcome == RUN_FINISHED)
        {
          g_assert_true (present);
          finished++;
        }
      else if (present)
        killed_present++;
      else
        killed_absent++;
    }
  g_test_message ("import: %u kills survived (%u before the commit: nothing imported, "
                  "%u after it: all imported); %u runs ended before their kill; "
                  "%u kills left a write-ahead log, recovered on the next open",
                  killed_absent + killed_present, killed_absent, killed_present, finished,
                  left_log);
  g_assert_cmpuint (killed_absent + killed_present + finished, ==, f->import_kills);
  /* Kills meant to land mid-import must mostly do so, or the test tests nothing. */
  g_assert_cmpuint (killed_absent, >=, f->import_kills / 2);
}

/* "%PDF-" to "%%EOF" and, where qpdf is installed, qpdf --check. */
static void
assert_complete_pdf (const char *path)
{
  g_autoptr(GBytes) bytes = psems_test_read_file (path);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");

  g_assert_cmpuint (size, >, 16);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
  g_assert_nonnull (g_strstr_len (data + size - 16, 16, "%%EOF"));
  if (qpdf != NULL)
    {
      const char *argv[] = { qpdf, "--check", path, NULL };
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL,
                    G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                    &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* What killed pack writers leave beside their targets: ".pack-NNNN.pdf.XXXXXX" (the PDF being
 * written, hidden) and "pack-NNNN.pdf.sha256.XXXXXX" (g_file_set_contents' temporary). */
static char *
list_strays (const char *dir,
             guint      *count)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_prefix (name, ".pack-") ||
        (g_str_has_prefix (name, "pack-") && strstr (name, ".sha256.") != NULL))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  *count = names->len;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static gint64
count_exports (PsemsStore *store,
               const char *pdf_name)
{
  return psems_test_count (store, "SELECT count(*) FROM audit_trail WHERE action = 'export'"
                                  " AND after LIKE '%%%s%%'", pdf_name);
}

static void
test_export_killed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "export.db", NULL);
  g_autofree char *measure = g_build_filename (f->dir, "measure.pdf", NULL);
  gint64 duration = 0;
  guint killed_absent = 0, killed_complete = 0, finished = 0, strays = 0, unrecorded = 0;
  g_autofree char *stray_names = NULL;

  copy_file (f->pristine, db);
  {
    const char *args[] = { "pack", "export", "--facility", FACILITY, "--out", measure, NULL };
    g_autoptr(PsemsStore) store = NULL;

    g_assert_cmpint (run_and_kill (db, args, -1, &duration), ==, RUN_FINISHED);
    assert_complete_pdf (measure);
    store = open_and_check (db);
    g_assert_cmpint (count_exports (store, "measure.pdf"), ==, 1);
  }
  g_test_message ("one pack export: %.2f s", duration / 1e6);

  for (guint i = 0; i < f->export_kills; i++)
    {
      g_autofree char *name = g_strdup_printf ("pack-%04u.pdf", i);
      g_autofree char *pdf = g_build_filename (f->dir, name, NULL);
      g_autofree char *sha = g_strconcat (pdf, ".sha256", NULL);
      const char *args[] = { "pack", "export", "--facility", FACILITY, "--out", pdf, NULL };
      RunOutcome outcome;
      gboolean has_pdf, has_sha;
      gint64 recorded, delay;

      delay = spread_delay (f, i % KILLS_PER_DATABASE, MIN (KILLS_PER_DATABASE, f->export_kills),
                            duration);
      outcome = run_and_kill (db, args, delay, NULL);
      {
        g_autoptr(PsemsStore) store = open_and_check (db);

        recorded = count_exports (store, name);
      }
      assert_no_log (db);
      has_pdf = g_file_test (pdf, G_FILE_TEST_EXISTS);
      has_sha = g_file_test (sha, G_FILE_TEST_EXISTS);
      if (has_pdf)
        assert_complete_pdf (pdf);
      /* The checksum is written after the pack is in place and matches it. */
      if (has_sha)
        {
          g_autoptr(GBytes) text = psems_test_read_file (sha);
          g_autoptr(GBytes) bytes = psems_test_read_file (pdf);
          g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

          g_assert_true (has_pdf);
          g_assert_true (g_str_has_prefix (g_bytes_get_data (text, NULL), digest));
        }
      /* The audit entry is the last step: recorded means everything is in place. */
      g_assert_cmpint (recorded, <=, 1);
      if (recorded == 1)
        g_assert_true (has_pdf && has_sha);
      if (has_pdf && recorded == 0)
        unrecorded++;
      g_test_message ("export kill %u/%u at %.2f s: %s, %s", i + 1, f->export_kills, delay / 1e6,
                      outcome == RUN_KILLED ? "killed" : "had ended",
                      !has_pdf ? "no PDF" : recorded ? "complete PDF, recorded"
                                                     : "complete PDF, not recorded");
      if (outcome == RUN_FINISHED)
        {
          g_assert_true (has_pdf && has_sha && recorded == 1);
          finished++;
        }
      else if (has_pdf)
        killed_complete++;
      else
        killed_absent++;
    }

  stray_names = list_strays (f->dir, &strays);

  /* A later export to a target whose killed writer left its temporary beside it succeeds. */
  {
    g_autofree char *pdf = g_build_filename (f->dir, "pack-0000.pdf", NULL);
    const char *args[] = { "pack", "export", "--facility", FACILITY, "--out", pdf, NULL };
    g_autoptr(PsemsStore) store = NULL;

    g_assert_cmpint (run_and_kill (db, args, -1, NULL), ==, RUN_FINISHED);
    assert_complete_pdf (pdf);
    store = open_and_check (db);
    g_assert_cmpint (count_exports (store, "pack-0000.pdf"), >=, 1);
  }

  g_test_message ("pack export: %u kills survived (%u left no PDF, %u a complete one); "
                  "%u runs ended before their kill; %u complete PDFs without their audit entry; "
                  "%u temporaries left beside the targets (nothing removes them): %s",
                  killed_absent + killed_complete, killed_absent, killed_complete, finished,
                  unrecorded, strays, stray_names);
  g_assert_cmpuint (killed_absent + killed_complete + finished, ==, f->export_kills);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/crash/import-killed", Fixture, NULL, fixture_set_up, test_import_killed,
              fixture_tear_down);
  g_test_add ("/crash/pack-export-killed", Fixture, NULL, fixture_set_up, test_export_killed,
              fixture_tear_down);
  return g_test_run ();
}
