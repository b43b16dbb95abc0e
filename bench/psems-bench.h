/* psems-bench.h — the benchmark harness: data made once and reused, one child process per run, one table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "psems-core.h"

G_BEGIN_DECLS

/* The seeds and the day every generated data set uses: the same options give the same rows. */
#define PSEMS_BENCH_SEED        1
#define PSEMS_BENCH_QUERY_SEED  20261126
#define PSEMS_BENCH_AS_OF_Y     2026
#define PSEMS_BENCH_AS_OF_M     11
#define PSEMS_BENCH_AS_OF_D     26

typedef struct
{
  int runs;             /* runs of each case (--runs, default 5) */
  int slow_runs;        /* runs of the 1M import and its bare inserts (--slow-runs, default 1) */
  guint persons;        /* the large database (--persons, default 1,000,000) */
  guint import_persons; /* rows of the CSV import (--import-persons, default = persons) */
  guint pack_persons;   /* the pack's database (--pack-persons, default 100,000) */
  guint audit_rows;     /* entries of the verified trail (--audit-rows, default 1,000,000) */
  char *data_dir;       /* where the data is made once (--data-dir, $PSEMS_BENCH_DIR, ./bench-data) */
  char *format;         /* table, tsv or json (--format) */
  char *tsv_path;       /* also write the TSV there (--tsv) */
  char **only;          /* only these cases (--only a,b) */
  char *self;           /* this program, for the child runs */
  char *window;         /* the empty window program (--window) */
  gboolean verbose;     /* pass the children's own output through (-v) */
} PsemsBenchOptions;

gboolean    psems_bench_options_parse (PsemsBenchOptions  *options,
                                       int                *argc,
                                       char             ***argv,
                                       GError            **error);
void        psems_bench_options_clear (PsemsBenchOptions  *options);

/* ─────────────────────────────── data ─────────────────────────────── */

void        psems_bench_as_of         (GDate              *day);
/* A demo database of @persons (seed PSEMS_BENCH_SEED, as of the bench day) in the data folder,
 * made on first use and reused while the schema version matches (it is in the file's name). */
char       *psems_bench_demo_db       (const PsemsBenchOptions *options,
                                       guint               persons,
                                       GError            **error);
/* The CSV export of psems_bench_demo_db (@persons), made once. */
char       *psems_bench_persons_csv   (const PsemsBenchOptions *options,
                                       guint               persons,
                                       GError            **error);
/* A database whose audit trail holds @rows entries (audited setting writes, 1000 a transaction). */
char       *psems_bench_audit_db      (const PsemsBenchOptions *options,
                                       guint               rows,
                                       GError            **error);
/* A new empty folder under the data folder for a run's scratch files; removed by _remove_dir. */
char       *psems_bench_scratch_dir   (const PsemsBenchOptions *options);
void        psems_bench_remove_dir    (const char         *dir);

/* ─────────────────────────── measurements ─────────────────────────── */

/* A child prints each figure on a line of its own: "metric NAME VALUE". */
void        psems_bench_metric        (const char         *name,
                                       double              value);
double      psems_bench_now_ms        (void);
/* This process's peak RSS (VmHWM), KiB; -1 when unknown. */
gint64      psems_bench_peak_rss_kib  (void);
/* The median and the @percent percentile of @values (sorted in place). */
double      psems_bench_percentile    (GArray             *values,
                                       double              percent);

typedef struct
{
  GHashTable *metrics;  /* metric name → double *, what the child printed */
  double wall_ms;       /* from fork to exit */
  gint64 peak_rss_kib;  /* the child's ru_maxrss */
} PsemsBenchRun;

void        psems_bench_run_clear     (PsemsBenchRun      *run);
/* Runs @argv (with @env added: "NAME=value" strings) in a child process; PSEMS_MEASURE_T0 is set
 * to the monotonic time just before the fork. Fails when it exits other than with 0. */
gboolean    psems_bench_spawn         (const PsemsBenchOptions *options,
                                       const char * const *argv,
                                       const char * const *env,
                                       PsemsBenchRun      *run,
                                       GError            **error);

/* ─────────────────────────────── table ─────────────────────────────── */

typedef enum
{
  PSEMS_BENCH_TARGET_NONE,
  PSEMS_BENCH_TARGET_MAX,        /* median ≤ target (in the row's unit) */
  PSEMS_BENCH_TARGET_MIN,        /* median ≥ target */
  PSEMS_BENCH_TARGET_MAX_RATIO,  /* median / baseline ≤ target */
  PSEMS_BENCH_TARGET_MIN_RATIO,  /* median / baseline ≥ target */
} PsemsBenchTarget;

typedef struct _PsemsBenchTable PsemsBenchTable;

PsemsBenchTable *psems_bench_table_new  (void);
void        psems_bench_table_free      (PsemsBenchTable    *table);
/* A row: its samples are added run by run. @baseline names another row (or NULL), whose median
 * the ratio divides by. A peak-RSS budget (@rss_budget_mib ≥ 0) is checked against the peak RSS
 * of @rss_baseline (or of @baseline when NULL). */
void        psems_bench_table_add_row   (PsemsBenchTable    *table,
                                         const char         *name,
                                         const char         *unit,
                                         const char         *baseline,
                                         const char         *rss_baseline,
                                         PsemsBenchTarget    target,
                                         double              target_value,
                                         double              rss_budget_mib);
void        psems_bench_table_add_sample (PsemsBenchTable   *table,
                                          const char        *name,
                                          double             value,
                                          gint64             peak_rss_kib);
void        psems_bench_table_print     (PsemsBenchTable    *table,
                                         const char         *format,
                                         FILE               *out);
/* How many rows missed their target (rows without samples count as missed). */
guint       psems_bench_table_count_missed (PsemsBenchTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsBenchTable, psems_bench_table_free)

G_END_DECLS
