/* bench-store.c — db verify over a long audit trail, and the regulation clock over 10,000 schedule items. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "bench-cases.h"
#include "psems-core.h"

/* What `psems-cli db verify` does: the whole hash chain checked, entry by entry. */
int
bench_case_verify (const PsemsBenchOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = psems_bench_audit_db (options, options->audit_rows, &error);
  g_autoptr(PsemsStore) store = NULL;
  gint64 n_checked = 0;
  double t0, seconds;

  if (path == NULL || (store = psems_store_open (path, PSEMS_STORE_OPEN_READ_ONLY, &error)) == NULL)
    {
      g_printerr ("bench: verify: %s\n", error->message);
      return 1;
    }
  t0 = psems_bench_now_ms ();
  if (!psems_audit_verify (store, &n_checked, &error))
    {
      g_printerr ("bench: verify %s: %s\n", path, error->message);
      return 1;
    }
  seconds = (psems_bench_now_ms () - t0) / 1000;
  psems_bench_metric ("rows-per-s", n_checked / seconds);
  psems_bench_metric ("rows", n_checked);
  return 0;
}

#define N_ITEMS 10000

typedef struct
{
  PsemsClockRule rule;
  PsemsDay anchor;
  GArray *done;   /* PsemsDay, ascending */
} Item;

/* 10,000 schedule items of every kind with about two years of completions each, some late,
 * some missed (fixed seed); each evaluated as of the bench day and checked for compliance over
 * 24 months, as the Schedule page and the compliance report do. */
int
bench_case_clock (const PsemsBenchOptions *options)
{
  static const PsemsClockKind kinds[] = { PSEMS_CLOCK_FROM_LAST, PSEMS_CLOCK_ROLLING, PSEMS_CLOCK_FIXED,
                                          PSEMS_CLOCK_CALENDAR };
  static const guint calendar_months[] = { 1, 3, 6, 12 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (PSEMS_BENCH_QUERY_SEED);
  g_autofree Item *items = g_new0 (Item, N_ITEMS);
  GDate as_of_date;
  PsemsDay as_of, from;
  guint overdue = 0, violations = 0;
  double t0, t_eval, t_check;

  psems_bench_as_of (&as_of_date);
  as_of = psems_day_from_date (&as_of_date);
  from = as_of - 730;   /* PsemsDay counts days */
  for (guint i = 0; i < N_ITEMS; i++)
    {
      Item *item = &items[i];
      PsemsDay day;
      guint step;

      item->rule.kind = kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];
      if (item->rule.kind == PSEMS_CLOCK_CALENDAR)
        {
          item->rule.interval.amount = calendar_months[g_rand_int_range (rand, 0, G_N_ELEMENTS (calendar_months))];
          item->rule.interval.unit = PSEMS_CLOCK_MONTHS;
        }
      else if (g_rand_boolean (rand))
        {
          item->rule.interval.amount = g_rand_int_range (rand, 1, 13);
          item->rule.interval.unit = PSEMS_CLOCK_MONTHS;
        }
      else
        {
          item->rule.interval.amount = 7 * g_rand_int_range (rand, 1, 9);
          item->rule.interval.unit = PSEMS_CLOCK_DAYS;
        }
      item->rule.count = item->rule.kind == PSEMS_CLOCK_ROLLING ? g_rand_int_range (rand, 1, 4) : 1;
      item->anchor = from - (PsemsDay) g_rand_int_range (rand, 0, 90);
      item->done = g_array_new (FALSE, FALSE, sizeof (PsemsDay));
      step = item->rule.interval.unit == PSEMS_CLOCK_DAYS ? item->rule.interval.amount
                                                          : 30 * item->rule.interval.amount;
      step = MAX (1, step / MAX (1, item->rule.count));
      for (day = item->anchor; day <= as_of; day += step + (guint) g_rand_int_range (rand, 0, (int) step / 4 + 2) - step / 8)
        if (g_rand_int_range (rand, 0, 20) != 0)   /* one in twenty missed */
          g_array_append_val (item->done, day);
    }

  t0 = psems_bench_now_ms ();
  for (guint i = 0; i < N_ITEMS; i++)
    {
      PsemsClockStatus status;

      if (!psems_clock_evaluate (&items[i].rule, items[i].anchor, (const PsemsDay *) items[i].done->data,
                                 items[i].done->len, as_of, &status))
        {
          g_printerr ("bench: clock: item %u refused\n", i);
          return 1;
        }
      overdue += status.state == PSEMS_CLOCK_OVERDUE;
    }
  t_eval = psems_bench_now_ms () - t0;
  t0 = psems_bench_now_ms ();
  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_autoptr(GArray) found = psems_clock_check (&items[i].rule, items[i].anchor,
                                                   (const PsemsDay *) items[i].done->data,
                                                   items[i].done->len, from, as_of);

      violations += found != NULL ? found->len : 0;
    }
  t_check = psems_bench_now_ms () - t0;
  for (guint i = 0; i < N_ITEMS; i++)
    g_array_unref (items[i].done);
  printf ("%u items: %u overdue, %u violations over 24 months\n", N_ITEMS, overdue, violations);
  psems_bench_metric ("evaluate-ms", t_eval);
  psems_bench_metric ("check-ms", t_check);
  return 0;
}

/* The dashboard's figures counted on the large database (its cache dropped before each run and
 * the store read-only, so nothing is cached), on a worker's connection as the page counts. */
int
bench_case_dashboard (const PsemsBenchOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = psems_bench_demo_db (options, options->persons, &error);
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsStore) worker = NULL;
  g_autoptr(PsemsDashboard) figures = NULL;
  GDate as_of;
  double t0;

  if (path == NULL || (store = psems_store_open (path, PSEMS_STORE_OPEN_READ_ONLY, &error)) == NULL
      || (worker = psems_store_open_worker (store, &error)) == NULL)
    {
      g_printerr ("bench: dashboard: %s\n", error->message);
      return 1;
    }
  psems_bench_as_of (&as_of);
  t0 = psems_bench_now_ms ();
  figures = psems_dashboard_compute (worker, 0, &as_of, &error);
  if (figures == NULL)
    {
      g_printerr ("bench: dashboard: %s\n", error->message);
      return 1;
    }
  printf ("cleared %" G_GINT64_FORMAT ", expiring %" G_GINT64_FORMAT ", training lapsed %" G_GINT64_FORMAT "\n",
          figures->persons_cleared, figures->vetting_expiring_30d, figures->training_lapsed);
  psems_bench_metric ("count-ms", psems_bench_now_ms () - t0);
  return 0;
}
