/* psems-bench.c — the benchmark harness: data made once and reused, one child process per run, one table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "psems-bench.h"
#include "psems-measure.h"
#include "psems-store-private.h"

/* ─────────────────────────────── options ─────────────────────────────── */

static gboolean
parse_count (const char  *name,
             const char  *text,
             guint       *value,
             GError     **error)
{
  guint64 n;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &n, error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  *value = (guint) n;
  return TRUE;
}

gboolean
psems_bench_options_parse (PsemsBenchOptions  *options,
                           int                *argc,
                           char             ***argv,
                           GError            **error)
{
  g_autofree char *persons = NULL, *import_persons = NULL, *pack_persons = NULL, *audit_rows = NULL;
  g_autofree char *only = NULL;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &options->runs, "Runs of each case (default 5)", "N" },
    { "slow-runs", 0, 0, G_OPTION_ARG_INT, &options->slow_runs,
      "Runs of the CSV import and its bare inserts (default 1)", "N" },
    { "persons", 0, 0, G_OPTION_ARG_STRING, &persons, "Persons in the large database (default 1000000)", "N" },
    { "import-persons", 0, 0, G_OPTION_ARG_STRING, &import_persons,
      "Rows of the CSV import (default: --persons)", "N" },
    { "pack-persons", 0, 0, G_OPTION_ARG_STRING, &pack_persons,
      "Persons in the pack's database (default 100000)", "N" },
    { "audit-rows", 0, 0, G_OPTION_ARG_STRING, &audit_rows,
      "Audit-trail entries db verify checks (default 1000000)", "N" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &options->data_dir,
      "Where the data is made once and kept (default $PSEMS_BENCH_DIR or ./bench-data)", "DIR" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &options->format, "table (default), tsv or json", "FORMAT" },
    { "tsv", 0, 0, G_OPTION_ARG_FILENAME, &options->tsv_path, "Also write the results as TSV to FILE", "FILE" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only these cases (comma-separated)", "CASES" },
    { "window", 0, 0, G_OPTION_ARG_FILENAME, &options->window, "The empty-window program", "PROGRAM" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options->verbose, "Show the cases' own output", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[--child CASE] — PSeMS benchmarks");

  memset (options, 0, sizeof *options);
  options->runs = 5;
  options->slow_runs = 1;
  options->persons = 1000000;
  options->pack_persons = 100000;
  options->audit_rows = 1000000;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, error)
      || !parse_count ("--persons", persons, &options->persons, error)
      || !parse_count ("--pack-persons", pack_persons, &options->pack_persons, error)
      || !parse_count ("--audit-rows", audit_rows, &options->audit_rows, error))
    return FALSE;
  options->import_persons = options->persons;
  if (!parse_count ("--import-persons", import_persons, &options->import_persons, error))
    return FALSE;
  if (options->runs < 1 || options->slow_runs < 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--runs and --slow-runs must be at least 1");
      return FALSE;
    }
  if (options->format == NULL)
    options->format = g_strdup ("table");
  if (!g_str_equal (options->format, "table") && !g_str_equal (options->format, "tsv")
      && !g_str_equal (options->format, "json"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--format: “%s” is not table, tsv or json",
                   options->format);
      return FALSE;
    }
  if (options->data_dir == NULL)
    options->data_dir = g_strdup (g_getenv ("PSEMS_BENCH_DIR") != NULL ? g_getenv ("PSEMS_BENCH_DIR") : "bench-data");
  if (!g_path_is_absolute (options->data_dir))
    {
      g_autofree char *relative = g_steal_pointer (&options->data_dir);

      options->data_dir = g_canonicalize_filename (relative, NULL);
    }
  if (g_mkdir_with_parents (options->data_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", options->data_dir,
                   g_strerror (saved));
      return FALSE;
    }
  if (only != NULL)
    options->only = g_strsplit (only, ",", -1);
  options->self = g_canonicalize_filename ((*argv)[0], NULL);
  return TRUE;
}

void
psems_bench_options_clear (PsemsBenchOptions *options)
{
  g_clear_pointer (&options->data_dir, g_free);
  g_clear_pointer (&options->format, g_free);
  g_clear_pointer (&options->tsv_path, g_free);
  g_clear_pointer (&options->only, g_strfreev);
  g_clear_pointer (&options->self, g_free);
  g_clear_pointer (&options->window, g_free);
}

/* ─────────────────────────────── data ─────────────────────────────── */

void
psems_bench_as_of (GDate *day)
{
  g_date_clear (day, 1);
  g_date_set_dmy (day, PSEMS_BENCH_AS_OF_D, PSEMS_BENCH_AS_OF_M, PSEMS_BENCH_AS_OF_Y);
}

/* "<stem>-<n>-seed1-v<schema>.<extension>": a schema change makes new data, never reuses old. */
static char *
data_path (const PsemsBenchOptions *options,
           const char              *stem,
           guint                    n,
           const char              *extension)
{
  g_autofree char *name = g_strdup_printf ("%s-%u-seed%d-v%d.%s", stem, n, PSEMS_BENCH_SEED,
                                           psems_store_get_latest_schema_version (), extension);

  return g_build_filename (options->data_dir, name, NULL);
}

static void
remove_database (const char *path)
{
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm", "-journal" }[i], NULL);

      g_remove (file);
    }
}

/* Made under a temporary name and renamed when complete: an interrupted run leaves no half
 * database that a later run would take for made. */
static gboolean
finish_file (const char  *part,
             const char  *path,
             GError     **error)
{
  if (g_rename (part, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

char *
psems_bench_demo_db (const PsemsBenchOptions  *options,
                     guint                     persons,
                     GError                  **error)
{
  g_autofree char *path = data_path (options, "persons", persons, "db");
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsActor) actor = NULL;
  PsemsDemoOptions demo;
  double t0;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  remove_database (part);
  g_printerr ("bench: making %s (%u persons, once)\n", path, persons);
  t0 = psems_bench_now_ms ();
  store = psems_store_open (part, PSEMS_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return NULL;
  actor = psems_actor_new (0, "bench", PSEMS_ROLE_ADMINISTRATOR);
  psems_demo_options_init (&demo);
  demo.persons = persons;
  demo.seed = PSEMS_BENCH_SEED;
  psems_bench_as_of (&demo.as_of);
  if (!psems_demo_generate (store, actor, &demo, error)
      || !psems_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", error))
    return NULL;
  g_clear_object (&store);
  if (!finish_file (part, path, error))
    return NULL;
  g_printerr ("bench: made in %.0f s\n", (psems_bench_now_ms () - t0) / 1000);
  return g_steal_pointer (&path);
}

char *
psems_bench_persons_csv (const PsemsBenchOptions  *options,
                         guint                     persons,
                         GError                  **error)
{
  g_autofree char *path = data_path (options, "persons", persons, "csv");
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *db = NULL;
  g_autoptr(PsemsStore) store = NULL;
  PsemsPersonQuery query;
  gboolean ok;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  db = psems_bench_demo_db (options, persons, error);
  if (db == NULL)
    return NULL;
  g_printerr ("bench: exporting %s (once)\n", path);
  store = psems_store_open (db, PSEMS_STORE_OPEN_READ_ONLY, error);
  if (store == NULL)
    return NULL;
  psems_person_query_init (&query);
  psems_bench_as_of (&query.as_of);
  ok = psems_person_export_csv_to_path (store, &query, part, error);
  psems_person_query_clear (&query);
  if (!ok || !finish_file (part, path, error))
    return NULL;
  return g_steal_pointer (&path);
}

char *
psems_bench_audit_db (const PsemsBenchOptions  *options,
                      guint                     rows,
                      GError                  **error)
{
  g_autofree char *path = data_path (options, "audit", rows, "db");
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsActor) actor = NULL;
  gint64 n;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  remove_database (part);
  g_printerr ("bench: making %s (%u audit entries, once)\n", path, rows);
  store = psems_store_open (part, PSEMS_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return NULL;
  actor = psems_actor_new (0, "bench", PSEMS_ROLE_ADMINISTRATOR);
  n = psems_store_count (store, "SELECT count(*) FROM audit_trail", error);
  if (n < 0)
    return NULL;
  /* Audited writes of a setting, 1000 to a transaction: each is one entry of the chain. */
  while (n < rows)
    {
      g_autoptr(PsemsTransaction) txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "setting", 0, error);

      if (txn == NULL)
        return NULL;
      for (guint j = 0; j < 1000 && n < rows; j++, n++)
        {
          g_autofree char *after = g_strdup_printf ("{\"bench.%" G_GINT64_FORMAT "\":%u}", n % 5000, j);

          if (!psems_transaction_record (txn, "update", "setting", 0, NULL, NULL, after, error))
            return NULL;
        }
      if (!psems_transaction_commit (g_steal_pointer (&txn), error))
        return NULL;
    }
  if (!psems_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", error))
    return NULL;
  g_clear_object (&store);
  if (!finish_file (part, path, error))
    return NULL;
  return g_steal_pointer (&path);
}

char *
psems_bench_scratch_dir (const PsemsBenchOptions *options)
{
  g_autofree char *template = g_build_filename (options->data_dir, "run-XXXXXX", NULL);

  return g_mkdtemp (template) != NULL ? g_steal_pointer (&template) : NULL;
}

void
psems_bench_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL || (d = g_dir_open (dir, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        psems_bench_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* ─────────────────────────── measurements ─────────────────────────── */

void
psems_bench_metric (const char *name,
                    double      value)
{
  printf ("metric %s %.6g\n", name, value);
  fflush (stdout);
}

double
psems_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

gint64
psems_bench_peak_rss_kib (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  line = strstr (text, "\nVmHWM:");
  return line != NULL ? g_ascii_strtoll (line + strlen ("\nVmHWM:"), NULL, 10) : -1;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
psems_bench_percentile (GArray *values,
                        double  percent)
{
  double rank;
  guint low;

  if (values->len == 0)
    return NAN;
  g_array_sort (values, compare_doubles);
  /* Linear interpolation between the closest ranks (the median of an even count is the mean
   * of the middle two). */
  rank = percent / 100.0 * (values->len - 1);
  low = (guint) floor (rank);
  if (low + 1 >= values->len)
    return g_array_index (values, double, values->len - 1);
  return g_array_index (values, double, low)
         + (rank - low) * (g_array_index (values, double, low + 1) - g_array_index (values, double, low));
}

void
psems_bench_run_clear (PsemsBenchRun *run)
{
  g_clear_pointer (&run->metrics, g_hash_table_unref);
}

static void
parse_output (PsemsBenchRun *run,
              const char    *text,
              gboolean       echo)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      double *value;

      if (echo && lines[i][0] != '\0')
        g_printerr ("  | %s\n", lines[i]);
      if (!g_str_has_prefix (lines[i], "metric "))
        {
          /* psems --measure-startup's "name=value name=value…" */
          words = g_strsplit (lines[i], " ", -1);
          for (guint w = 0; words[w] != NULL; w++)
            {
              const char *equals = strchr (words[w], '=');
              char *end = NULL;
              double number;

              if (equals == NULL || equals == words[w])
                continue;
              number = g_ascii_strtod (equals + 1, &end);
              if (end == equals + 1 || *end != '\0')
                continue;
              value = g_new (double, 1);
              *value = number;
              g_hash_table_replace (run->metrics, g_strndup (words[w], equals - words[w]), value);
            }
          continue;
        }
      words = g_strsplit (lines[i], " ", 3);
      if (g_strv_length (words) != 3)
        continue;
      value = g_new (double, 1);
      *value = g_ascii_strtod (words[2], NULL);
      g_hash_table_replace (run->metrics, g_strdup (words[1]), value);
    }
}

gboolean
psems_bench_spawn (const PsemsBenchOptions  *options,
                   const char * const       *argv,
                   const char * const       *env,
                   PsemsBenchRun            *run,
                   GError                  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  struct rusage usage;
  int fds[2], status = 0;
  gint64 t0;
  pid_t pid;
  char buffer[4096];
  ssize_t n;

  memset (run, 0, sizeof *run);
  run->metrics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (pipe (fds) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "pipe: %s", g_strerror (errno));
      return FALSE;
    }
  fflush (stdout);
  fflush (stderr);
  t0 = g_get_monotonic_time ();
  pid = fork ();
  if (pid < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "fork: %s", g_strerror (errno));
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  if (pid == 0)
    {
      char t0_text[32];

      dup2 (fds[1], STDOUT_FILENO);
      close (fds[0]);
      close (fds[1]);
      g_snprintf (t0_text, sizeof t0_text, "%" G_GINT64_FORMAT, t0);
      setenv (PSEMS_MEASURE_T0_ENV, t0_text, 1);
      for (guint i = 0; env != NULL && env[i] != NULL; i++)
        putenv ((char *) env[i]);
      execv (argv[0], (char * const *) argv);
      fprintf (stderr, "bench: %s: %s\n", argv[0], g_strerror (errno));
      _exit (127);
    }
  close (fds[1]);
  while ((n = read (fds[0], buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      g_string_append_len (out, buffer, n);
    }
  close (fds[0]);
  while (wait4 (pid, &status, 0, &usage) < 0)
    if (errno != EINTR)
      {
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "wait4: %s", g_strerror (errno));
        return FALSE;
      }
  run->wall_ms = (g_get_monotonic_time () - t0) / 1000.0;
  run->peak_rss_kib = usage.ru_maxrss;
  parse_output (run, out->str, options->verbose);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_set_error (error, G_SPAWN_EXIT_ERROR, WIFEXITED (status) ? WEXITSTATUS (status) : 128,
                   "%s %s: %s %d", argv[0], argv[1] != NULL ? argv[1] : "",
                   WIFEXITED (status) ? "exit status" : "killed by signal",
                   WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status));
      if (!options->verbose)
        g_printerr ("%s", out->str);
      return FALSE;
    }
  return TRUE;
}

/* ─────────────────────────────── table ─────────────────────────────── */

typedef struct
{
  char *name;
  char *unit;
  char *baseline;
  char *rss_baseline;
  PsemsBenchTarget target;
  double target_value;
  double rss_budget_mib;
  GArray *samples;
  gint64 peak_rss_kib;   /* the highest over the runs, -1 when not measured */
} Row;

struct _PsemsBenchTable
{
  GPtrArray *rows;
};

static void
row_free (Row *row)
{
  g_free (row->name);
  g_free (row->unit);
  g_free (row->baseline);
  g_free (row->rss_baseline);
  g_array_unref (row->samples);
  g_free (row);
}

PsemsBenchTable *
psems_bench_table_new (void)
{
  PsemsBenchTable *table = g_new0 (PsemsBenchTable, 1);

  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  return table;
}

void
psems_bench_table_free (PsemsBenchTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->rows);
  g_free (table);
}

static Row *
find_row (PsemsBenchTable *table,
          const char      *name)
{
  for (guint i = 0; name != NULL && i < table->rows->len; i++)
    {
      Row *row = g_ptr_array_index (table->rows, i);

      if (g_str_equal (row->name, name))
        return row;
    }
  return NULL;
}

void
psems_bench_table_add_row (PsemsBenchTable  *table,
                           const char       *name,
                           const char       *unit,
                           const char       *baseline,
                           const char       *rss_baseline,
                           PsemsBenchTarget  target,
                           double            target_value,
                           double            rss_budget_mib)
{
  Row *row = g_new0 (Row, 1);

  g_return_if_fail (find_row (table, name) == NULL);
  row->name = g_strdup (name);
  row->unit = g_strdup (unit);
  row->baseline = g_strdup (baseline);
  row->rss_baseline = g_strdup (rss_baseline != NULL ? rss_baseline : baseline);
  row->target = target;
  row->target_value = target_value;
  row->rss_budget_mib = rss_budget_mib;
  row->samples = g_array_new (FALSE, FALSE, sizeof (double));
  row->peak_rss_kib = -1;
  g_ptr_array_add (table->rows, row);
}

void
psems_bench_table_add_sample (PsemsBenchTable *table,
                              const char      *name,
                              double           value,
                              gint64           peak_rss_kib)
{
  Row *row = find_row (table, name);

  g_return_if_fail (row != NULL);
  g_array_append_val (row->samples, value);
  row->peak_rss_kib = MAX (row->peak_rss_kib, peak_rss_kib);
}

typedef struct
{
  double median, min, max, ratio, rss_over_mib;
  const char *verdict;   /* "pass", "MISS", "" (no target) or "no data" */
  char *target_text;
} Summary;

static void
summarize (PsemsBenchTable *table,
           Row             *row,
           Summary         *s)
{
  Row *base = find_row (table, row->baseline);
  Row *rss_base = find_row (table, row->rss_baseline);
  g_autoptr(GArray) copy = g_array_copy (row->samples);
  gboolean pass = TRUE, has_target = FALSE;

  s->median = psems_bench_percentile (copy, 50);
  s->min = copy->len > 0 ? g_array_index (copy, double, 0) : NAN;
  s->max = copy->len > 0 ? g_array_index (copy, double, copy->len - 1) : NAN;
  s->ratio = NAN;
  s->rss_over_mib = NAN;
  if (base != NULL && base->samples->len > 0)
    {
      g_autoptr(GArray) base_copy = g_array_copy (base->samples);

      s->ratio = s->median / psems_bench_percentile (base_copy, 50);
    }
  if (rss_base != NULL && row->peak_rss_kib >= 0 && rss_base->peak_rss_kib >= 0)
    s->rss_over_mib = (row->peak_rss_kib - rss_base->peak_rss_kib) / 1024.0;
  switch (row->target)
    {
    case PSEMS_BENCH_TARGET_NONE:
      s->target_text = g_strdup ("");
      break;
    case PSEMS_BENCH_TARGET_MAX:
      s->target_text = g_strdup_printf ("< %g %s", row->target_value, row->unit);
      pass = s->median < row->target_value;
      has_target = TRUE;
      break;
    case PSEMS_BENCH_TARGET_MIN:
      s->target_text = g_strdup_printf ("≥ %g %s", row->target_value, row->unit);
      pass = s->median >= row->target_value;
      has_target = TRUE;
      break;
    case PSEMS_BENCH_TARGET_MAX_RATIO:
      s->target_text = g_strdup_printf ("≤ %g×", row->target_value);
      pass = s->ratio <= row->target_value;
      has_target = TRUE;
      break;
    case PSEMS_BENCH_TARGET_MIN_RATIO:
      s->target_text = g_strdup_printf ("≥ %g×", row->target_value);
      pass = s->ratio >= row->target_value;
      has_target = TRUE;
      break;
    }
  if (row->rss_budget_mib >= 0)
    {
      g_autofree char *text = g_steal_pointer (&s->target_text);

      s->target_text = g_strdup_printf ("%s%sRSS +%g MiB", text, *text ? ", " : "", row->rss_budget_mib);
      pass = pass && s->rss_over_mib <= row->rss_budget_mib;
      has_target = TRUE;
    }
  if (row->samples->len == 0)
    s->verdict = "no data";
  else
    s->verdict = !has_target ? "" : pass ? "pass" : "MISS";
}

static void
format_number (char   *buffer,
               gsize   size,
               double  value)
{
  if (isnan (value))
    g_strlcpy (buffer, "–", size);
  else if (fabs (value) >= 1000)
    g_snprintf (buffer, size, "%.0f", value);
  else if (fabs (value) >= 10)
    g_snprintf (buffer, size, "%.1f", value);
  else
    g_snprintf (buffer, size, "%.2f", value);
}

static void
print_json_string (FILE       *out,
                   const char *text)
{
  fputc ('"', out);
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        fprintf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        fprintf (out, "\\u%04x", (guchar) *p);
      else
        fputc (*p, out);
    }
  fputc ('"', out);
}

static void
print_json_number (FILE   *out,
                   double  value)
{
  if (isnan (value))
    fputs ("null", out);
  else
    fprintf (out, "%.6g", value);
}

void
psems_bench_table_print (PsemsBenchTable *table,
                         const char      *format,
                         FILE            *out)
{
  if (g_str_equal (format, "tsv"))
    fputs ("case\tunit\truns\tmedian\tmin\tmax\tpeak_rss_mib\tbaseline\tratio\trss_over_baseline_mib\ttarget\tresult\n", out);
  else if (g_str_equal (format, "json"))
    fputs ("[\n", out);
  else
    fprintf (out, "%-40s %9s %9s %9s %-7s %13s  %-30s %7s  %-22s %s\n", "case", "median", "min", "max", "unit",
             "peak RSS MiB", "baseline", "ratio", "target", "result");

  for (guint i = 0; i < table->rows->len; i++)
    {
      Row *row = g_ptr_array_index (table->rows, i);
      Summary s = { 0 };
      char median[32], min[32], max[32], ratio[32], rss[32];

      summarize (table, row, &s);
      format_number (median, sizeof median, s.median);
      format_number (min, sizeof min, s.min);
      format_number (max, sizeof max, s.max);
      format_number (ratio, sizeof ratio, s.ratio);
      format_number (rss, sizeof rss, row->peak_rss_kib >= 0 ? row->peak_rss_kib / 1024.0 : NAN);
      if (g_str_equal (format, "tsv"))
        {
          fprintf (out, "%s\t%s\t%u\t", row->name, row->unit, row->samples->len);
          fprintf (out, "%.6g\t%.6g\t%.6g\t", s.median, s.min, s.max);
          if (row->peak_rss_kib >= 0)
            fprintf (out, "%.1f", row->peak_rss_kib / 1024.0);
          fprintf (out, "\t%s\t", row->baseline != NULL ? row->baseline : "");
          if (!isnan (s.ratio))
            fprintf (out, "%.3f", s.ratio);
          fputc ('\t', out);
          if (!isnan (s.rss_over_mib))
            fprintf (out, "%.1f", s.rss_over_mib);
          fprintf (out, "\t%s\t%s\n", s.target_text, s.verdict);
        }
      else if (g_str_equal (format, "json"))
        {
          fputs ("  {\"case\": ", out);
          print_json_string (out, row->name);
          fputs (", \"unit\": ", out);
          print_json_string (out, row->unit);
          fprintf (out, ", \"runs\": %u, \"median\": ", row->samples->len);
          print_json_number (out, s.median);
          fputs (", \"min\": ", out);
          print_json_number (out, s.min);
          fputs (", \"max\": ", out);
          print_json_number (out, s.max);
          fputs (", \"peak_rss_mib\": ", out);
          print_json_number (out, row->peak_rss_kib >= 0 ? row->peak_rss_kib / 1024.0 : NAN);
          fputs (", \"baseline\": ", out);
          print_json_string (out, row->baseline);
          fputs (", \"ratio\": ", out);
          print_json_number (out, s.ratio);
          fputs (", \"rss_over_baseline_mib\": ", out);
          print_json_number (out, s.rss_over_mib);
          fputs (", \"target\": ", out);
          print_json_string (out, s.target_text);
          fputs (", \"result\": ", out);
          print_json_string (out, s.verdict);
          fprintf (out, "}%s\n", i + 1 < table->rows->len ? "," : "");
        }
      else
        {
          g_autofree char *ratio_text = isnan (s.ratio) ? g_strdup ("") : g_strdup_printf ("%s×", ratio);
          g_autofree char *rss_text = isnan (s.rss_over_mib) ? g_strdup (rss)
                                      : g_strdup_printf ("%s (%+.0f)", rss, s.rss_over_mib);

          /* Column widths count characters, not bytes: pad by hand. */
          fprintf (out, "%-40s %9s %9s %9s %-7s %13s  %-30s %7s  ", row->name, median, min, max, row->unit,
                   rss_text, row->baseline != NULL ? row->baseline : "", ratio_text);
          fputs (s.target_text, out);
          for (glong pad = 22 - g_utf8_strlen (s.target_text, -1); pad > 0; pad--)
            fputc (' ', out);
          fprintf (out, " %s\n", s.verdict);
        }
      g_free (s.target_text);
    }
  if (g_str_equal (format, "json"))
    fputs ("]\n", out);
}

guint
psems_bench_table_count_missed (PsemsBenchTable *table)
{
  guint missed = 0;

  for (guint i = 0; i < table->rows->len; i++)
    {
      Summary s = { 0 };

      summarize (table, g_ptr_array_index (table->rows, i), &s);
      missed += g_str_equal (s.verdict, "MISS") || g_str_equal (s.verdict, "no data");
      g_free (s.target_text);
    }
  return missed;
}
