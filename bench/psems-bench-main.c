/* psems-bench-main.c — psems-bench: every benchmark case and its baseline, each run several times in a process of its own, in one table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-cases.h"
#include "psems-bench.h"
#include "psems-store-private.h"

/* Usage: psems-bench [--runs N] [--format table|tsv|json] [--only case,…] [--data-dir DIR] …
 *        psems-bench --child CASE …   (one run of one case; what the harness itself starts)
 *
 * Each case runs in a child process (fork/exec): its figures come back as "metric" lines, its
 * peak RSS from wait4(). Baselines are measured in the same run, so the ratios survive a busy
 * machine better than the absolute figures. The data (a 1,000,000-person demo database, its
 * CSV, a 100,000-person one for the pack, a 1,000,000-entry audit trail) is made once in the
 * data folder and reused while the schema version (in the file names) is the same. */

typedef struct
{
  const char *metric;
  const char *row;
  const char *unit;
  const char *baseline;
  const char *rss_baseline;
  PsemsBenchTarget target;
  double target_value;
  double rss_budget_mib;
} Output;

typedef enum
{
  DATA_NONE = 0,
  DATA_BIG = 1 << 0,
  DATA_IMPORT = 1 << 1,
  DATA_PACK = 1 << 2,
  DATA_AUDIT = 1 << 3,
} Data;

typedef struct
{
  const char *name;
  const char *env;            /* added to the child's environment */
  gboolean window_program;    /* bench-window instead of a child of this program */
  gboolean slow;              /* --slow-runs instead of --runs */
  gboolean drop_cache;        /* the dashboard's cached figures removed before each run */
  Data data;
  int (*child) (const PsemsBenchOptions *options);
  Output outputs[3];
} Case;

#define WINDOW       "empty window: first frame"
#define WINDOW_CAIRO "empty window (cairo): first frame"
#define WINDOW_SETTLED "empty window, drawn 3 s"
#define WINDOW_SETTLED_CAIRO "empty window (cairo), drawn 3 s"
#define NO_RSS       -1

static const Case cases[] = {
  { "window", NULL, TRUE, FALSE, FALSE, DATA_NONE, NULL,
    { { "first-frame-ms", WINDOW, "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  { "window-cairo", "GSK_RENDERER=cairo", TRUE, FALSE, FALSE, DATA_NONE, NULL,
    { { "first-frame-ms", WINDOW_CAIRO, "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  { "window-settled", NULL, TRUE, FALSE, FALSE, DATA_NONE, NULL,
    { { "first-frame-ms", WINDOW_SETTLED, "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  /* Mesa's software GL (llvmpipe, what Xvfb offers) keeps textures in the process's memory and
   * they grow with what is drawn: the same pair with GTK's cairo renderer measures the
   * application without the driver's buffers. */
  { "window-settled-cairo", "GSK_RENDERER=cairo", TRUE, FALSE, FALSE, DATA_NONE, NULL,
    { { "first-frame-ms", WINDOW_SETTLED_CAIRO, "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  { "startup", NULL, FALSE, FALSE, FALSE, DATA_BIG, bench_case_startup,
    { { "first-frame-ms", "start-up: first frame", "ms", WINDOW, NULL, PSEMS_BENCH_TARGET_MAX_RATIO, 1.3, 40 },
      { "figures-ms", "start-up: figures (cached)", "ms", WINDOW, NULL, PSEMS_BENCH_TARGET_MAX_RATIO, 2, NO_RSS } } },
  { "startup-count", NULL, FALSE, FALSE, TRUE, DATA_BIG, bench_case_startup,
    { { "figures-ms", "start-up: figures (counted)", "ms", WINDOW, NULL, PSEMS_BENCH_TARGET_MAX_RATIO, 2, NO_RSS } } },
  { "startup-cairo", "GSK_RENDERER=cairo", FALSE, FALSE, FALSE, DATA_BIG, bench_case_startup,
    { { "first-frame-ms", "start-up (cairo): first frame", "ms", WINDOW_CAIRO, NULL, PSEMS_BENCH_TARGET_MAX_RATIO, 1.3, 40 },
      { "figures-ms", "start-up (cairo): figures", "ms", WINDOW_CAIRO, NULL, PSEMS_BENCH_TARGET_MAX_RATIO, 2, NO_RSS } } },
  { "dashboard", NULL, FALSE, FALSE, TRUE, DATA_BIG, bench_case_dashboard,
    { { "count-ms", "dashboard figures counted (core)", "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  /* The application as it starts: on llvmpipe it draws with cairo (avoid_software_gl() in
   * psems-application.c), where the empty window still uses GL. */
  { "personnel", NULL, FALSE, FALSE, FALSE, DATA_BIG, bench_case_personnel,
    { { "count-ms", "app: Personnel counted, scrolled", "ms", NULL, WINDOW_SETTLED, PSEMS_BENCH_TARGET_NONE, 0, 40 } } },
  /* The same renderer on both sides: the measure. */
  { "personnel-cairo", "GSK_RENDERER=cairo", FALSE, FALSE, FALSE, DATA_BIG, bench_case_personnel,
    { { "count-ms", "app (cairo): Personnel counted, scrolled", "ms", NULL, WINDOW_SETTLED_CAIRO, PSEMS_BENCH_TARGET_NONE, 0, 40 } } },
  /* GL forced on llvmpipe, for the record: its textures grow with the glyphs drawn. */
  { "personnel-gl", "GSK_RENDERER=gl", FALSE, FALSE, FALSE, DATA_BIG, bench_case_personnel,
    { { "count-ms", "app (GL forced): Personnel counted, scrolled", "ms", NULL, WINDOW_SETTLED, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  { "bare-fts", NULL, FALSE, FALSE, FALSE, DATA_BIG, bench_case_bare_fts,
    { { "p50-ms", "bare FTS5 prefix query p50", "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS },
      { "p95-ms", "bare FTS5 prefix query p95", "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  { "search", NULL, FALSE, FALSE, FALSE, DATA_BIG, bench_case_search,
    { { "p50-ms", "search-as-you-type p50", "ms", "bare FTS5 prefix query p50", NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS },
      { "p95-ms", "search-as-you-type p95", "ms", "bare FTS5 prefix query p95", NULL, PSEMS_BENCH_TARGET_MAX, 16, NO_RSS } } },
  { "scroll", NULL, FALSE, TRUE, FALSE, DATA_BIG, bench_case_scroll,
    { { "count-ms", "person model: id list", "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS },
      { "scroll-ms", "person model: every row, in order", "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  { "bare-inserts", NULL, FALSE, TRUE, FALSE, DATA_IMPORT, bench_case_bare_inserts,
    { { "rows-per-s", "bare prepared inserts", "rows/s", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  { "import", NULL, FALSE, TRUE, FALSE, DATA_IMPORT, bench_case_import,
    { { "rows-per-s", "CSV import", "rows/s", "bare prepared inserts", NULL, PSEMS_BENCH_TARGET_MIN_RATIO, 0.5, NO_RSS } } },
  { "clock", NULL, FALSE, FALSE, FALSE, DATA_NONE, bench_case_clock,
    { { "evaluate-ms", "clock: state of 10,000 items", "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS },
      { "check-ms", "clock: 24 months' check, 10,000", "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  { "bare-cairo", NULL, FALSE, FALSE, FALSE, DATA_NONE, bench_case_bare_cairo,
    { { "cold-ms", "bare Cairo: the diagram's primitives", "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS },
      { "warm-ms", "bare Cairo: blit + 3 arcs", "ms", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  { "diagram", NULL, FALSE, FALSE, FALSE, DATA_NONE, bench_case_diagram,
    { { "cold-ms", "diagram 500: cold layout + paint", "ms", "bare Cairo: the diagram's primitives", NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS },
      { "warm-ms", "diagram 500: warm repaint", "ms", "bare Cairo: blit + 3 arcs", NULL, PSEMS_BENCH_TARGET_MAX, 8, NO_RSS } } },
  { "bare-libharu", NULL, FALSE, FALSE, FALSE, DATA_PACK, bench_case_bare_libharu,
    { { "pages-per-s", "bare libharu loop, same cells", "pages/s", NULL, NULL, PSEMS_BENCH_TARGET_NONE, 0, NO_RSS } } },
  { "pack", NULL, FALSE, FALSE, FALSE, DATA_PACK, bench_case_pack,
    { { "pages-per-s", "pack export with named list", "pages/s", "bare libharu loop, same cells", NULL, PSEMS_BENCH_TARGET_MIN_RATIO, 0.5, NO_RSS } } },
  { "verify", NULL, FALSE, FALSE, FALSE, DATA_AUDIT, bench_case_verify,
    { { "rows-per-s", "db verify", "rows/s", NULL, NULL, PSEMS_BENCH_TARGET_MIN, 100000, NO_RSS } } },
};

static const Case *
find_case (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (g_str_equal (cases[i].name, name))
      return &cases[i];
  return NULL;
}

static gboolean
selected (const PsemsBenchOptions *options,
          const Case              *c)
{
  return options->only == NULL || g_strv_contains ((const char * const *) options->only, c->name);
}

/* The figures of the dashboard's cache, so that the next start-up counts them. */
static gboolean
drop_dashboard_cache (const PsemsBenchOptions  *options,
                      GError                  **error)
{
  g_autofree char *path = psems_bench_demo_db (options, options->persons, error);
  g_autoptr(PsemsStore) store = NULL;

  if (path == NULL || (store = psems_store_open (path, PSEMS_STORE_OPEN_DEFAULT, error)) == NULL)
    return FALSE;
  return psems_store_exec (store, "DELETE FROM setting WHERE key LIKE 'dashboard.figures.%'", error);
}

static gboolean
prepare_data (const PsemsBenchOptions  *options,
              Data                      data,
              GError                  **error)
{
  g_autofree char *big = NULL, *csv = NULL, *pack = NULL, *audit = NULL;

  if ((data & DATA_BIG) && (big = psems_bench_demo_db (options, options->persons, error)) == NULL)
    return FALSE;
  if ((data & DATA_IMPORT) && (csv = psems_bench_persons_csv (options, options->import_persons, error)) == NULL)
    return FALSE;
  if ((data & DATA_PACK) && (pack = psems_bench_demo_db (options, options->pack_persons, error)) == NULL)
    return FALSE;
  if ((data & DATA_AUDIT) && (audit = psems_bench_audit_db (options, options->audit_rows, error)) == NULL)
    return FALSE;
  return TRUE;
}

/* The psems program next to this one in the build tree, when it has --measure-startup (until
 * then the start-up cases run the same application in a child of this program). */
static char *
find_psems (const PsemsBenchOptions *options)
{
  g_autofree char *bench_dir = g_path_get_dirname (options->self);
  g_autofree char *build_dir = g_path_get_dirname (bench_dir);
  g_autofree char *psems = g_build_filename (build_dir, "src", "app", "psems", NULL);
  g_autofree char *help = NULL;
  const char *argv[] = { psems, "--help-all", NULL };

  if (!g_file_test (psems, G_FILE_TEST_IS_EXECUTABLE)
      || !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &help, NULL, NULL, NULL)
      || help == NULL || strstr (help, "--measure-startup") == NULL)
    return NULL;
  return g_steal_pointer (&psems);
}

static char *psems_program;

static GPtrArray *
child_argv (const PsemsBenchOptions *options,
            const Case              *c)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  if (c->child == bench_case_startup && psems_program != NULL)
    {
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (argv, g_strdup (psems_program));
      g_ptr_array_add (argv, g_strdup ("--measure-startup"));
      g_ptr_array_add (argv, g_strdup ("--db"));
      g_ptr_array_add (argv, psems_bench_demo_db (options, options->persons, &error));
      g_ptr_array_add (argv, NULL);
      return argv;
    }

  if (c->window_program)
    {
      g_ptr_array_add (argv, g_strdup (options->window));
      /* Drawn as long as the app's Personnel case settles (bench-memory.c's SETTLE_MS). */
      if (g_str_has_prefix (c->name, "window-settled"))
        g_ptr_array_add (argv, g_strdup ("--settle-ms=3000"));
      g_ptr_array_add (argv, NULL);
      return argv;
    }
  g_ptr_array_add (argv, g_strdup (options->self));
  g_ptr_array_add (argv, g_strdup ("--child"));
  g_ptr_array_add (argv, g_strdup (c->name));
  g_ptr_array_add (argv, g_strdup_printf ("--data-dir=%s", options->data_dir));
  g_ptr_array_add (argv, g_strdup_printf ("--persons=%u", options->persons));
  g_ptr_array_add (argv, g_strdup_printf ("--import-persons=%u", options->import_persons));
  g_ptr_array_add (argv, g_strdup_printf ("--pack-persons=%u", options->pack_persons));
  g_ptr_array_add (argv, g_strdup_printf ("--audit-rows=%u", options->audit_rows));
  g_ptr_array_add (argv, NULL);
  return argv;
}

static int
run_child (const PsemsBenchOptions *options,
           const char              *name)
{
  const Case *c = find_case (name);
  int status;

  if (c == NULL || c->child == NULL)
    {
      g_printerr ("psems-bench: no case “%s” to run in this program\n", name);
      return 2;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);
  status = c->child (options);
  psems_bench_metric ("peak-rss-kib", psems_bench_peak_rss_kib ());
  return status;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsBenchTable) table = psems_bench_table_new ();
  PsemsBenchOptions options;
  const char *child = NULL;
  double t_start = psems_bench_now_ms ();
  gboolean failed = FALSE;
  int status;

  for (int i = 1; i + 1 < argc; i++)
    if (g_str_equal (argv[i], "--child"))
      {
        child = argv[i + 1];
        memmove (&argv[i], &argv[i + 2], (argc - i - 1) * sizeof *argv);
        argc -= 2;
        break;
      }
  if (!psems_bench_options_parse (&options, &argc, &argv, &error))
    {
      g_printerr ("psems-bench: %s\n", error->message);
      return 2;
    }
  if (child != NULL)
    {
      status = run_child (&options, child);
      psems_bench_options_clear (&options);
      return status;
    }
  if (options.window == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (options.self);

      options.window = g_build_filename (dir, "bench-window", NULL);
    }
  for (guint i = 0; options.only != NULL && options.only[i] != NULL; i++)
    if (find_case (options.only[i]) == NULL)
      {
        g_printerr ("psems-bench: --only: no case “%s”\n", options.only[i]);
        return 2;
      }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint o = 0; o < G_N_ELEMENTS (cases[i].outputs) && cases[i].outputs[o].metric != NULL; o++)
      {
        const Output *out = &cases[i].outputs[o];

        if (selected (&options, &cases[i]))
          psems_bench_table_add_row (table, out->row, out->unit, out->baseline, out->rss_baseline,
                                     out->target, out->target_value, out->rss_budget_mib);
      }

  psems_program = find_psems (&options);
  g_printerr ("psems-bench: %d runs a case (%d for the import and the scroll), data in %s; start-up measured %s\n",
              options.runs, options.slow_runs, options.data_dir,
              psems_program != NULL ? "with psems --measure-startup" : "in a child of psems-bench (psems has no --measure-startup)");
  for (guint i = 0; i < G_N_ELEMENTS (cases) && !failed; i++)
    {
      const Case *c = &cases[i];
      g_autoptr(GPtrArray) child_args = NULL;
      const char *env[] = { c->env, NULL };
      int runs = c->slow ? options.slow_runs : options.runs;

      if (!selected (&options, c))
        continue;
      if (!prepare_data (&options, c->data, &error))
        {
          g_printerr ("psems-bench: %s: %s\n", c->name, error->message);
          failed = TRUE;
          break;
        }
      child_args = child_argv (&options, c);
      for (int run = 0; run < runs; run++)
        {
          PsemsBenchRun result;
          const double *hwm;
          gint64 peak_rss;

          if (c->drop_cache && !drop_dashboard_cache (&options, &error))
            {
              g_printerr ("psems-bench: %s: %s\n", c->name, error->message);
              failed = TRUE;
              break;
            }
          if (!psems_bench_spawn (&options, (const char * const *) child_args->pdata, env, &result, &error))
            {
              g_printerr ("psems-bench: %s: %s\n", c->name, error->message);
              psems_bench_run_clear (&result);
              failed = TRUE;
              break;
            }
          /* The child's own high-water mark: ru_maxrss also counts this process's pages the child
           * had between fork and exec. */
          hwm = g_hash_table_lookup (result.metrics, "peak-rss-kib");
          peak_rss = hwm != NULL && *hwm > 0 ? (gint64) *hwm : result.peak_rss_kib;
          g_printerr ("psems-bench: %-14s run %d/%d  %8.0f ms  peak RSS %6.1f MiB\n", c->name, run + 1, runs,
                      result.wall_ms, peak_rss / 1024.0);
          for (guint o = 0; o < G_N_ELEMENTS (c->outputs) && c->outputs[o].metric != NULL; o++)
            {
              double *value = g_hash_table_lookup (result.metrics, c->outputs[o].metric);

              if (value == NULL || *value < 0)
                {
                  g_printerr ("psems-bench: %s: no %s in its output\n", c->name, c->outputs[o].metric);
                  failed = TRUE;
                  continue;
                }
              psems_bench_table_add_sample (table, c->outputs[o].row, *value, peak_rss);
            }
          psems_bench_run_clear (&result);
        }
    }

  if (g_str_equal (options.format, "table"))
    printf ("PSeMS %s benchmarks: %u persons (import %u, pack %u), %u audit entries, %d runs a case;"
            " peak RSS is each child's VmHWM, (+N) its difference in MiB from its baseline's\n",
            PACKAGE_VERSION, options.persons, options.import_persons, options.pack_persons, options.audit_rows,
            options.runs);
  psems_bench_table_print (table, options.format, stdout);
  if (options.tsv_path != NULL)
    {
      FILE *file = fopen (options.tsv_path, "w");

      if (file == NULL)
        g_printerr ("psems-bench: %s: %s\n", options.tsv_path, g_strerror (errno));
      else
        {
          psems_bench_table_print (table, "tsv", file);
          fclose (file);
        }
    }
  g_printerr ("psems-bench: %u target(s) missed; total time %.0f s\n", psems_bench_table_count_missed (table),
              (psems_bench_now_ms () - t_start) / 1000);
  psems_bench_options_clear (&options);
  g_free (psems_program);
  return failed ? 1 : 0;
}
