/* bench-person.c — personnel at port-authority scale: CSV import vs bare prepared inserts, search-as-you-type vs bare FTS5, scrolling the lazy model. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-cases.h"
#include "psems-core.h"
#include "psems-person-private.h"
#include "psems-store-private.h"

/* Demo persons without a badge (about 4 %) are rejected by the import
 * (skip-invalid) and left out of the bare inserts: both rates count inserted rows. */

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

/* The 200-prefix query set, typed one character at a time from the second: every keystroke's
 * text, in order. The same on every run (fixed seed, the same database). */
static GPtrArray *
keystrokes (PsemsStore *store)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (PSEMS_BENCH_QUERY_SEED);
  GPtrArray *typed = g_ptr_array_new_with_free_func (g_free);
  gint64 max_id = psems_store_count (store, "SELECT max(id) FROM person", NULL);

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *prefix = sample_prefix (store, rand, max_id);
      glong len = g_utf8_strlen (prefix, -1);

      for (glong k = 2; k <= len; k++)
        g_ptr_array_add (typed, g_utf8_substring (prefix, 0, k));
    }
  return typed;
}

static PsemsStore *
open_big (const PsemsBenchOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = psems_bench_demo_db (options, options->persons, &error);
  PsemsStore *store = path != NULL ? psems_store_open (path, PSEMS_STORE_OPEN_READ_ONLY, &error) : NULL;

  if (store == NULL)
    g_printerr ("bench: %s\n", error->message);
  return store;
}

static void
print_latencies (GArray *ms)
{
  psems_bench_metric ("p50-ms", psems_bench_percentile (ms, 50));
  psems_bench_metric ("p95-ms", psems_bench_percentile (ms, 95));
  psems_bench_metric ("keystrokes", ms->len);
}

/* The app's query: the first page (50 rows, by name) for each keystroke. */
int
bench_case_search (const PsemsBenchOptions *options)
{
  g_autoptr(PsemsStore) store = open_big (options);
  g_autoptr(GPtrArray) typed = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  PsemsPersonQuery q;

  if (store == NULL)
    return 1;
  typed = keystrokes (store);
  psems_person_query_init (&q);
  psems_bench_as_of (&q.as_of);
  for (guint i = 0; i < typed->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = NULL;
      double t;

      g_free (q.text);
      q.text = g_strdup (g_ptr_array_index (typed, i));
      t = psems_bench_now_ms ();
      page = psems_person_list_first (store, &q, 50, &error);
      t = psems_bench_now_ms () - t;
      if (page == NULL)
        {
          g_printerr ("bench: search “%s”: %s\n", q.text, error->message);
          return 1;
        }
      g_array_append_val (ms, t);
    }
  psems_person_query_clear (&q);
  print_latencies (ms);
  return 0;
}

/* The baseline: the same keystrokes as bare unranked FTS5 prefix queries, LIMIT 50, the ids only. */
int
bench_case_bare_fts (const PsemsBenchOptions *options)
{
  g_autoptr(PsemsStore) store = open_big (options);
  g_autoptr(GPtrArray) typed = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;

  if (store == NULL)
    return 1;
  typed = keystrokes (store);
  g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (store),
                                       "SELECT rowid FROM person_fts WHERE person_fts MATCH ?1 LIMIT 50",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < typed->len; i++)
    {
      g_autofree char *match = psems_person_match_expr (g_ptr_array_index (typed, i));
      double t = psems_bench_now_ms ();
      gint64 sum = 0;

      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        sum += sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      t = psems_bench_now_ms () - t;
      g_array_append_val (ms, t);
      (void) sum;
    }
  sqlite3_finalize (stmt);
  print_latencies (ms);
  return 0;
}

static PsemsStore *
open_import_source (const PsemsBenchOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = psems_bench_demo_db (options, options->import_persons, &error);
  PsemsStore *store = path != NULL ? psems_store_open (path, PSEMS_STORE_OPEN_READ_ONLY, &error) : NULL;

  if (store == NULL)
    g_printerr ("bench: %s\n", error->message);
  return store;
}

int
bench_case_bare_inserts (const PsemsBenchOptions *options)
{
  g_autoptr(PsemsStore) source = open_import_source (options);
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "bench", PSEMS_ROLE_ADMINISTRATOR);
  g_autofree char *dir = psems_bench_scratch_dir (options);
  g_autoptr(PsemsStore) target = NULL;
  guint rows = 0;
  double seconds;

  if (source == NULL || dir == NULL)
    return 1;
  target = make_target (dir, "bare.db", actor);
  seconds = bare_inserts (source, target, &rows);
  psems_bench_metric ("rows-per-s", rows / seconds);
  psems_bench_metric ("rows", rows);
  g_clear_object (&target);
  psems_bench_remove_dir (dir);
  return 0;
}

int
bench_case_import (const PsemsBenchOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = psems_bench_persons_csv (options, options->import_persons, &error);
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "bench", PSEMS_ROLE_ADMINISTRATOR);
  g_autofree char *dir = psems_bench_scratch_dir (options);
  g_autoptr(PsemsStore) target = NULL;
  g_autoptr(PsemsImportReport) report = NULL;
  double t0, seconds;

  if (csv == NULL || dir == NULL)
    {
      g_printerr ("bench: import: %s\n", error != NULL ? error->message : "no scratch folder");
      return 1;
    }
  target = make_target (dir, "import.db", actor);
  t0 = now_s ();
  report = psems_person_import_csv (target, actor, csv, PSEMS_IMPORT_INSERT, PSEMS_IMPORT_SKIP_INVALID,
                                    NULL, NULL, NULL, NULL, &error);
  seconds = now_s () - t0;
  if (report == NULL)
    {
      g_printerr ("bench: import %s: %s\n", csv, error->message);
      return 1;
    }
  psems_bench_metric ("rows-per-s", report->inserted / seconds);
  psems_bench_metric ("rows", report->inserted);
  psems_bench_metric ("rejected", report->rejected);
  g_clear_object (&target);
  psems_bench_remove_dir (dir);
  return 0;
}

static void
loading_cb (GObject    *model,
            GParamSpec *pspec,
            gpointer    user_data)
{
  *(gboolean *) user_data = psems_person_model_get_loading (PSEMS_PERSON_MODEL (model));
}

/* The Personnel page's lazy model on the large database: its id list read (the count shown),
 * then every item from the first to the last, as a list view asks for them scrolling down. */
int
bench_case_scroll (const PsemsBenchOptions *options)
{
  g_autoptr(PsemsStore) store = open_big (options);
  g_autoptr(PsemsPersonModel) model = NULL;
  gboolean loading;
  double t0, t_count;
  guint n;

  if (store == NULL)
    return 1;
  t0 = psems_bench_now_ms ();
  model = psems_person_model_new (store);
  loading = psems_person_model_get_loading (model);
  g_signal_connect (model, "notify::loading", G_CALLBACK (loading_cb), &loading);
  while (loading)
    g_main_context_iteration (NULL, TRUE);
  t_count = psems_bench_now_ms () - t0;
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  t0 = psems_bench_now_ms ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (item == NULL)
        {
          g_printerr ("bench: scroll: no item %u of %u\n", i, n);
          return 1;
        }
    }
  psems_bench_metric ("count-ms", t_count);
  psems_bench_metric ("scroll-ms", psems_bench_now_ms () - t0);
  psems_bench_metric ("items", n);
  return 0;
}
