/* fuzz-regime.c — libFuzzer: any bytes as a regime file; the rules it accepts are evaluated. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"


#include "psems-core.h"
#include "psems-fuzz.h"
#include "psems-regime.h"

/* A rule the loader accepts is data the schedule computes with: every clock
 * function must take it without crashing, overflowing or looping. */

static char *path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  path = g_build_filename (psems_fuzz_init ("regime"), "fuzz.json", NULL);
  return 0;
}

static void
exercise_rule (const PsemsRegimeRule *rule)
{
  const PsemsDay anchor = psems_day_from_ymd (2020, 2, 29);
  const PsemsDay done[] = {
    psems_day_from_ymd (2020, 3, 1), psems_day_from_ymd (2021, 12, 31),
    psems_day_from_ymd (2024, 2, 29), psems_day_from_ymd (2026, 11, 1),
  };
  const PsemsDay as_of = psems_day_from_ymd (2026, 11, 26);
  const char *field = NULL;
  g_autofree char *message = NULL;
  g_autofree char *described = psems_clock_rule_describe (&rule->clock);
  PsemsClockStatus status;
  g_autoptr(PsemsRegimeRule) copy = psems_regime_rule_copy (rule);

  g_assert_cmpstr (copy->id, ==, rule->id);
  g_assert_true (psems_clock_rule_check (&rule->clock, &field, &message));
  g_assert_nonnull (described);
  (void) psems_clock_rule_warn_days (&rule->clock);
  if (rule->clock.kind == PSEMS_CLOCK_RETENTION)
    {
      (void) psems_clock_retain_until (&rule->clock, anchor);
      return;
    }
  /* No completions come as NULL, as from an empty query: psems-clock.c once did arithmetic on
   * that NULL (UBSan, found by fuzz-csv-import through the demo's schedule). */
  for (gsize n = 0; n <= G_N_ELEMENTS (done); n += 2)
    if (psems_clock_evaluate (&rule->clock, anchor, n > 0 ? done : NULL, n, as_of, &status))
      {
        g_autofree char *explained = psems_regime_rule_explain (rule, &status, as_of);
        g_autofree char *clock = psems_clock_explain (&rule->clock, &status, as_of,
                                                      rule->citation);

        g_assert_nonnull (explained);
        g_assert_nonnull (clock);
      }
  {
    g_autoptr(GArray) none = psems_clock_check (&rule->clock, anchor, NULL, 0, anchor, as_of);
    g_autoptr(GArray) violations = psems_clock_check (&rule->clock, anchor, done,
                                                      G_N_ELEMENTS (done), anchor, as_of);

    g_assert_nonnull (none);

    for (guint i = 0; violations != NULL && i < violations->len; i++)
      g_free (psems_clock_explain_violation (&rule->clock,
                                             &g_array_index (violations, PsemsClockViolation, i)));
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PsemsRegime) regime = NULL;
  g_autoptr(GError) error = NULL;

  psems_fuzz_write (path, data, size);

  regime = psems_regime_load_file (path, problems, &error);
  g_assert_true ((regime == NULL) == (error != NULL));
  if (regime == NULL)
    return 0;
  g_assert_nonnull (regime->id);
  for (guint i = 0; i < regime->rules->len; i++)
    {
      const PsemsRegimeRule *rule = g_ptr_array_index (regime->rules, i);

      g_assert_true (psems_regime_get_rule (regime, rule->id) != NULL);
      exercise_rule (rule);
    }
  return 0;
}
