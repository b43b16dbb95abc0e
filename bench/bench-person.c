/* bench-person.c — personnel at port-authority scale: CSV import vs bare prepared inserts, search-as-you-type latency. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "psems-core.h"
#include "psems-store-private.h"

/* Demo persons without a badge (about 4 %) are rejected by the import
 * (skip-invalid) and left out of the bare inserts: both rates count inserted rows. */

/* PSEMS_BENCH_PERSONS overrides the 1,000,000 persons (for a quick run). */

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static PsemsStore *
open_store (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  PsemsStore *store = psems_store_open (path, PSEMS_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  return store;
}

/* A target with the demo's reference data (levels, facilities, areas) and
 * its three PFSOs, their badges moved out of the way of the import's. */
static PsemsStore *
make_target (const char *dir,
             const char *name,
             PsemsActor *actor)
{
  g_autoptr(GError) error = NULL;
  PsemsStore *store = open_store (dir, name);
  PsemsDemoOptions options;

  psems_demo_options_init (&options);
  options.persons = 3;
  psems_demo_generate (store, actor, &options, &error);
  g_assert_no_error (error);
  g_assert_true (psems_store_exec (store, "UPDATE person SET badge_no = 'PFSO-' || id", NULL));
  return store;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

#define SOURCE_SQL \
  "SELECT p.badge_no, p.given_name, p.family_name, p.display_name, p.sort_name, p.employer, p.job_title," \
  " p.nationality, p.date_of_birth, p.phone, v.level_id, v.status, v.issued_on, v.expires_on, v.authority," \
  " (SELECT group_concat(pa.area_id, ';') FROM person_area pa WHERE pa.person_id = p.id AND pa.deleted_at IS NULL)" \
  " FROM person p LEFT JOIN vetting v ON v.id = (SELECT max(id) FROM vetting WHERE person_id = p.id)" \
  " WHERE p.badge_no IS NOT NULL ORDER BY p.id"

/* The same rows as the export, inserted with bare prepared statements into
 * the same schema, indexes and search index, in one transaction. Returns
 * the seconds spent inserting: the time of a read-only pass over the source
 * is subtracted. */
static double
bare_inserts (PsemsStore *source,
              PsemsStore *target,
              guint      *rows)
{
  sqlite3 *db = psems_store_get_db (target);
  sqlite3_stmt *read, *person, *fts, *vetting, *area;
  double t0, t_read, t_all;
  gint64 n = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (source), SOURCE_SQL, -1, &read, NULL), ==, SQLITE_OK);
  t0 = now_s ();
  while (sqlite3_step (read) == SQLITE_ROW)
    for (int c = 0; c < 16; c++)
      (void) sqlite3_column_text (read, c);
  t_read = now_s () - t0;
  sqlite3_reset (read);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO person (ref, badge_no, given_name, family_name, display_name,"
                                           " sort_name, employer, job_title, nationality, date_of_birth, phone,"
                                           " created_at, updated_at)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
                                       -1, &person, NULL), ==, SQLITE_OK);
  /* The index holds folded text (Ø → o …), read through the view the import reads too. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO person_fts (rowid, given_name, family_name, display_name,"
                                           " employer, badge_no) SELECT id, given_name, family_name, display_name,"
                                           " employer, badge_no FROM person_search WHERE id = ?1",
                                       -1, &fts, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO vetting (ref, person_id, level_id, status, requested_on,"
                                           " issued_on, expires_on, authority, created_at, updated_at)"
                                           " VALUES (?1, ?2, ?3, ?4, coalesce(?5, '2026-01-01'), ?5, ?6, ?7, ?8, ?8)",
                                       -1, &vetting, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO person_area (person_id, area_id, granted_on)"
                                           " VALUES (?1, ?2, '2026-01-01')", -1, &area, NULL), ==, SQLITE_OK);
  /* The cache the import and the demo use for big writes. */
  sqlite3_exec (db, "PRAGMA cache_size = -262144", NULL, NULL, NULL);
  t0 = now_s ();
  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  while (sqlite3_step (read) == SQLITE_ROW)
    {
      char ref[32];
      gint64 id;

      g_snprintf (ref, sizeof ref, "BPER-%09" G_GINT64_FORMAT, ++n);
      sqlite3_bind_text (person, 1, ref, -1, SQLITE_TRANSIENT);
      for (int c = 0; c < 10; c++)
        sqlite3_bind_value (person, 2 + c, sqlite3_column_value (read, c == 4 ? 4 : c));
      sqlite3_bind_text (person, 12, "2026-01-01T00:00:00Z", -1, SQLITE_STATIC);
      /* columns: 0 badge 1 given 2 family 3 display 4 sort 5 employer 6 job 7 nat 8 dob 9 phone */
      sqlite3_bind_value (person, 2, sqlite3_column_value (read, 0));
      sqlite3_bind_value (person, 3, sqlite3_column_value (read, 1));
      sqlite3_bind_value (person, 4, sqlite3_column_value (read, 2));
      sqlite3_bind_value (person, 5, sqlite3_column_value (read, 3));
      sqlite3_bind_value (person, 6, sqlite3_column_value (read, 4));
      sqlite3_bind_value (person, 7, sqlite3_column_value (read, 5));
      sqlite3_bind_value (person, 8, sqlite3_column_value (read, 6));
      sqlite3_bind_value (person, 9, sqlite3_column_value (read, 7));
      sqlite3_bind_value (person, 10, sqlite3_column_value (read, 8));
      sqlite3_bind_value (person, 11, sqlite3_column_value (read, 9));
      g_assert_cmpint (sqlite3_step (person), ==, SQLITE_DONE);
      sqlite3_reset (person);
      id = sqlite3_last_insert_rowid (db);
      sqlite3_bind_int64 (fts, 1, id);
      g_assert_cmpint (sqlite3_step (fts), ==, SQLITE_DONE);
      sqlite3_reset (fts);
      if (sqlite3_column_type (read, 10) != SQLITE_NULL)
        {
          g_snprintf (ref, sizeof ref, "BVET-%09" G_GINT64_FORMAT, n);
          sqlite3_bind_text (vetting, 1, ref, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (vetting, 2, id);
          sqlite3_bind_value (vetting, 3, sqlite3_column_value (read, 10));
          sqlite3_bind_value (vetting, 4, sqlite3_column_value (read, 11));
          sqlite3_bind_value (vetting, 5, sqlite3_column_value (read, 12));
          sqlite3_bind_value (vetting, 6, sqlite3_column_value (read, 13));
          sqlite3_bind_value (vetting, 7, sqlite3_column_value (read, 14));
          sqlite3_bind_text (vetting, 8, "2026-01-01T00:00:00Z", -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (vetting), ==, SQLITE_DONE);
          sqlite3_reset (vetting);
        }
      if (sqlite3_column_type (read, 15) != SQLITE_NULL)
        {
          g_auto(GStrv) areas = g_strsplit ((const char *) sqlite3_column_text (read, 15), ";", -1);

          for (guint i = 0; areas[i] != NULL; i++)
            {
              sqlite3_bind_int64 (area, 1, id);
              sqlite3_bind_int64 (area, 2, g_ascii_strtoll (areas[i], NULL, 10));
              g_assert_cmpint (sqlite3_step (area), ==, SQLITE_DONE);
              sqlite3_reset (area);
            }
        }
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  t_all = now_s () - t0;
  sqlite3_finalize (read);
  sqlite3_finalize (person);
  sqlite3_finalize (fts);
  sqlite3_finalize (vetting);
  sqlite3_finalize (area);
  *rows = (guint) n;
  return t_all - t_read;
}

/* A prefix of 2–6 characters of a surname, an employer or a badge of a random person. */
static char *
sample_prefix (PsemsStore *store,
               GRand      *rand,
               gint64      max_id)
{
  static const char * const columns[] = { "family_name", "employer", "badge_no" };

  for (;;)
    {
      const char *column = columns[g_rand_int_range (rand, 0, 3)];
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM person WHERE id = ?1", column);
      sqlite3_stmt *stmt;
      g_autofree char *text = NULL;
      glong len;

      sqlite3_prepare_v2 (psems_store_get_db (store), sql, -1, &stmt, NULL);
      sqlite3_bind_int64 (stmt, 1, g_rand_int_range (rand, 1, (gint32) max_id + 1));
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      if (text == NULL)
        continue;
      /* The first word: a typist starts a name at its beginning. */
      text[strcspn (text, " -,")] = '\0';
      len = g_utf8_strlen (text, -1);
      if (len < 2)
        continue;
      len = MIN (len, g_rand_int_range (rand, 2, 7));
      return g_utf8_substring (text, 0, len);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("psems-bench-person-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "persons.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "bench", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(PsemsStore) source = NULL;
  g_autoptr(PsemsStore) import_target = NULL;
  g_autoptr(PsemsStore) bare_target = NULL;
  g_autoptr(PsemsImportReport) report = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  const char *env = g_getenv ("PSEMS_BENCH_PERSONS");
  guint persons = env != NULL ? (guint) atoi (env) : 1000000;
  PsemsDemoOptions options;
  PsemsPersonQuery q;
  double t0, t_demo, t_export, t_import, t_bare, t_first = 0;
  guint bare_rows = 0, typed = 0;
  gint64 max_id;

  setvbuf (stdout, NULL, _IOLBF, 0);
  printf ("# bench-person: %u persons in %s\n", persons, dir);

  source = open_store (dir, "source.db");
  psems_demo_options_init (&options);
  options.persons = persons;
  t0 = now_s ();
  psems_demo_generate (source, actor, &options, &error);
  g_assert_no_error (error);
  t_demo = now_s () - t0;
  printf ("demo generate:        %8.2f s (%.0f persons/s, search index rebuilt in bulk)\n", t_demo,
          persons / t_demo);

  /* Search-as-you-type on the demo database: 200 prefixes, typed one character at a time from the second. */
  max_id = psems_store_count (source, "SELECT max(id) FROM person", NULL);
  psems_person_query_init (&q);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *prefix = sample_prefix (source, rand, max_id);
      glong len = g_utf8_strlen (prefix, -1);

      for (glong k = 2; k <= len; k++)
        {
          g_autofree char *typed_text = g_utf8_substring (prefix, 0, k);
          g_autoptr(GPtrArray) page = NULL;
          double t;

          g_free (q.text);
          q.text = g_strdup (typed_text);
          t = now_s ();
          page = psems_person_list_first (source, &q, 50, &error);
          t = (now_s () - t) * 1000.0;
          g_assert_no_error (error);
          g_array_append_val (latencies, t);
          typed++;
        }
    }
  g_array_sort (latencies, cmp_double);
  printf ("search-as-you-type:   200 prefixes, %u keystrokes; first page (50 rows, by name):"
          " p50 %.2f ms, p95 %.2f ms, max %.2f ms\n", typed,
          g_array_index (latencies, double, latencies->len / 2),
          g_array_index (latencies, double, (latencies->len * 95) / 100),
          g_array_index (latencies, double, latencies->len - 1));
  g_clear_pointer (&q.text, g_free);
  {
    g_autoptr(GArray) ids = NULL;

    t0 = now_s ();
    ids = psems_person_list_ids (source, &q, NULL, &error);
    printf ("full id list (worker): %u ids in %.0f ms\n", ids->len, (now_s () - t0) * 1000.0);
    t0 = now_s ();
    g_autoptr(GPtrArray) first = psems_person_list_first (source, &q, 50, &error);
    t_first = (now_s () - t0) * 1000.0;
    printf ("first page, no text:  %.2f ms\n", t_first);
  }

  /* A 1M-row CSV: the export of the demo database. */
  t0 = now_s ();
  psems_person_export_csv_to_path (source, &q, csv, &error);
  g_assert_no_error (error);
  t_export = now_s () - t0;
  printf ("export CSV:           %8.2f s\n", t_export);

  import_target = make_target (dir, "import.db", actor);
  t0 = now_s ();
  report = psems_person_import_csv (import_target, actor, csv, PSEMS_IMPORT_INSERT, PSEMS_IMPORT_SKIP_INVALID, NULL, NULL, NULL, NULL,
                                    &error);
  t_import = now_s () - t0;
  g_assert_no_error (error);
  printf ("CSV import:           %8.2f s, %u rows inserted (%.0f rows/s), %u without badge rejected,"
          " one audit entry\n", t_import, report->inserted, report->inserted / t_import, report->rejected);

  bare_target = make_target (dir, "bare.db", actor);
  t_bare = bare_inserts (source, bare_target, &bare_rows);
  printf ("bare prepared inserts:%8.2f s, %u rows (%.0f rows/s)\n", t_bare, bare_rows, bare_rows / t_bare);
  printf ("import rate / bare rate: %.2f (goal ≥ 0.50)\n", (report->inserted / t_import) / (bare_rows / t_bare));

  g_clear_object (&source);
  g_clear_object (&import_target);
  g_clear_object (&bare_target);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (dir);
  return 0;
}
