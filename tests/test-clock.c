/* test-clock.c — the regulation clock as a table of regulatory cases: history, as-of day, expected state and violations. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-clock.h"

/* The rules the cases use, as the shipped regime files state them. */
static const PsemsClockRule drill_3m = { PSEMS_CLOCK_FROM_LAST, { 3, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 0 };      /* 33 CFR 105.220 */
static const PsemsClockRule isps_b18_5 = { PSEMS_CLOCK_FROM_LAST, { 3, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 0 };    /* ISPS B/18.5 */
static const PsemsClockRule exercise = { PSEMS_CLOCK_CALENDAR, { 12, PSEMS_CLOCK_MONTHS }, 1,
                                         { 18, PSEMS_CLOCK_MONTHS }, 0 };                                     /* ISPS B/18.6 */
static const PsemsClockRule audit = { PSEMS_CLOCK_FIXED, { 12, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 0 };           /* 105.415(b) */
static const PsemsClockRule monthly_last = { PSEMS_CLOCK_FROM_LAST, { 1, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 0 };
static const PsemsClockRule monthly_fixed = { PSEMS_CLOCK_FIXED, { 1, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 0 };
static const PsemsClockRule two_a_year = { PSEMS_CLOCK_ROLLING, { 12, PSEMS_CLOCK_MONTHS }, 2, { 0 }, 0 };
static const PsemsClockRule drill_warn_14 = { PSEMS_CLOCK_FROM_LAST, { 3, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 14 };
static const PsemsClockRule quarterly_twice = { PSEMS_CLOCK_CALENDAR, { 3, PSEMS_CLOCK_MONTHS }, 2, { 0 }, 0 };
static const PsemsClockRule weekly = { PSEMS_CLOCK_FROM_LAST, { 7, PSEMS_CLOCK_DAYS }, 1, { 0 }, 0 };

#define OK PSEMS_CLOCK_OK
#define SOON PSEMS_CLOCK_DUE_SOON
#define LATE PSEMS_CLOCK_OVERDUE
#define GAP PSEMS_CLOCK_BY_MAX_GAP
#define INT PSEMS_CLOCK_BY_INTERVAL

typedef struct
{
  const char *name;
  const PsemsClockRule *rule;
  const char *anchor;
  const char *done[6];        /* completion days, as entered: any order, duplicates */
  const char *as_of;
  PsemsClockState state;
  const char *due;
  const char *overdue_since;  /* NULL unless overdue */
  PsemsClockConstraint cause;
} StateCase;

static const StateCase state_cases[] = {
  /* Month ends clamp, and never drift. */
  { "31 Jan + 1 month = 28 Feb", &monthly_last, "2026-01-01", { "2026-01-31" }, "2026-02-10",
    OK, "2026-02-28", NULL, INT },
  { "31 Jan + 1 month = 29 Feb in 2028", &monthly_last, "2028-01-01", { "2028-01-31" }, "2028-02-10",
    OK, "2028-02-29", NULL, INT },
  { "from the last: 28 Feb + 1 month = 28 Mar", &monthly_last, "2026-01-01", { "2026-01-31", "2026-02-28" },
    "2026-03-01", OK, "2026-03-28", NULL, INT },
  { "fixed from 31 Jan: 2nd period ends 31 Mar", &monthly_fixed, "2026-01-31", { "2026-02-10" }, "2026-03-05",
    OK, "2026-03-31", NULL, INT },
  { "fixed from 31 Jan: 2nd period missed", &monthly_fixed, "2026-01-31", { "2026-02-10" }, "2026-04-05",
    LATE, "2026-03-31", "2026-04-01", INT },
  { "fixed from 29 Feb 2024: due 28 Feb in common years, 29 Feb 2028", &audit, "2024-02-29",
    { "2025-01-10", "2026-01-10", "2027-01-10" }, "2027-03-10", OK, "2028-02-29", NULL, INT },
  { "fixed from 29 Feb 2024: first due 28 Feb 2025", &audit, "2024-02-29", { NULL }, "2025-01-01",
    OK, "2025-02-28", NULL, INT },

  /* The 18-month cap inside the calendar-year rule (ISPS B/18.6, 33 CFR 105.220). */
  { "exercise Jan 2025, none by Oct 2026: gap broken", &exercise, "2025-01-01", { "2025-01-15" }, "2026-10-01",
    LATE, "2026-07-15", "2026-07-16", GAP },
  { "exercise Jan 2025 and Dec 2026: current again", &exercise, "2025-01-01", { "2025-01-15", "2026-12-10" },
    "2026-12-31", OK, "2027-12-31", NULL, INT },
  { "exercise in 2024 only: gap before the year is missed", &exercise, "2024-01-01", { "2024-06-01" },
    "2026-01-01", LATE, "2025-12-01", "2025-12-02", GAP },
  { "calendar year met: never due soon", &exercise, "2025-01-01", { "2025-06-01", "2026-12-20" }, "2026-12-21",
    OK, "2027-12-31", NULL, INT },
  { "calendar year: due on 31 Dec, soon within 30 days", &exercise, "2025-01-01", { "2025-08-15" },
    "2026-12-01", SOON, "2026-12-31", NULL, INT },
  { "calendar: the anchor's partial year owes nothing", &exercise, "2026-12-20", { NULL }, "2026-12-25",
    OK, "2027-12-31", NULL, INT },
  { "calendar: anchor in March, the gap comes first", &exercise, "2026-03-01", { NULL }, "2026-04-01",
    OK, "2027-09-01", NULL, GAP },

  /* Year boundaries. */
  { "exercise on 31 Dec counts for that year", &exercise, "2025-01-01", { "2025-12-31" }, "2026-01-01",
    OK, "2026-12-31", NULL, INT },
  { "drill on 15 Nov: due 15 Feb next year", &drill_3m, "2026-01-01", { "2026-11-15" }, "2026-12-31",
    OK, "2027-02-15", NULL, INT },
  { "drill on 30 Nov: due 28 Feb next year", &drill_3m, "2026-01-01", { "2026-11-30" }, "2027-02-28",
    SOON, "2027-02-28", NULL, INT },

  /* The last allowed day, and the day after. */
  { "drill on the last allowed day", &drill_3m, "2026-01-01", { "2026-01-02", "2026-04-02" }, "2026-04-02",
    OK, "2026-07-02", NULL, INT },
  { "due today, not yet done", &drill_3m, "2026-01-01", { "2026-01-02" }, "2026-04-02",
    SOON, "2026-04-02", NULL, INT },
  { "the day after: overdue", &drill_3m, "2026-01-01", { "2026-01-02" }, "2026-04-03",
    LATE, "2026-04-02", "2026-04-03", INT },

  /* 2 January then 29 April under "three months from the last drill". */
  { "33 CFR 105.220: 2 Jan, as of 15 Apr", &drill_3m, "2026-01-01", { "2026-01-02", "2026-04-29" },
    "2026-04-15", LATE, "2026-04-02", "2026-04-03", INT },
  { "33 CFR 105.220: 2 Jan and 29 Apr, as of 29 Apr", &drill_3m, "2026-01-01", { "2026-01-02", "2026-04-29" },
    "2026-04-29", OK, "2026-07-29", NULL, INT },
  { "ISPS B/18.5: 2 Jan, as of 15 Apr", &isps_b18_5, "2026-01-01", { "2026-04-29", "2026-01-02" },
    "2026-04-15", LATE, "2026-04-02", "2026-04-03", INT },

  /* The annual audit from the approval date (33 CFR 105.415(b)). */
  { "audit: first due on the anniversary, soon", &audit, "2026-03-01", { NULL }, "2027-02-01",
    SOON, "2027-03-01", NULL, INT },
  { "audit: on the anniversary", &audit, "2026-03-01", { "2027-03-01" }, "2027-03-02",
    OK, "2028-03-01", NULL, INT },
  { "audit: early audit, next still by the anniversary", &audit, "2026-03-01", { "2026-06-01" }, "2027-06-01",
    OK, "2028-03-01", NULL, INT },
  { "audit: anniversary missed", &audit, "2026-03-01", { NULL }, "2027-03-02",
    LATE, "2027-03-01", "2027-03-02", INT },
  { "audit: approval day itself counts", &audit, "2026-03-01", { "2026-03-01" }, "2026-03-01",
    OK, "2028-03-01", NULL, INT },

  /* As of before any completion, before the anchor, and in the future. */
  { "no completion yet: due from the anchor", &drill_3m, "2026-03-15", { NULL }, "2026-04-01",
    OK, "2026-06-15", NULL, INT },
  { "as of before the anchor", &drill_3m, "2026-03-15", { NULL }, "2026-01-01",
    OK, "2026-06-15", NULL, INT },
  { "a drill before the anchor is ignored", &drill_3m, "2026-03-15", { "2026-03-01" }, "2026-06-16",
    LATE, "2026-06-15", "2026-06-16", INT },
  { "future as of: overdue since long ago", &drill_3m, "2026-01-01", { "2026-01-02" }, "2030-01-01",
    LATE, "2026-04-02", "2026-04-03", INT },
  { "a completion after as of does not exist yet", &drill_3m, "2026-01-01", { "2026-05-01", "2026-01-02" },
    "2026-04-10", LATE, "2026-04-02", "2026-04-03", INT },

  /* Warning windows. */
  { "default warning for 3 months: 22 days", &drill_3m, "2026-01-01", { "2026-01-02" }, "2026-03-11",
    SOON, "2026-04-02", NULL, INT },
  { "default warning: 23 days before is ok", &drill_3m, "2026-01-01", { "2026-01-02" }, "2026-03-10",
    OK, "2026-04-02", NULL, INT },
  { "rule's own warning: 14 days", &drill_warn_14, "2026-01-01", { "2026-01-02" }, "2026-03-19",
    SOON, "2026-04-02", NULL, INT },
  { "rule's own warning: 15 days before is ok", &drill_warn_14, "2026-01-01", { "2026-01-02" }, "2026-03-18",
    OK, "2026-04-02", NULL, INT },
  { "weekly, in days", &weekly, "2026-01-01", { "2026-01-05" }, "2026-01-12", SOON, "2026-01-12", NULL, INT },
  { "weekly, a day late", &weekly, "2026-01-01", { "2026-01-05" }, "2026-01-13",
    LATE, "2026-01-12", "2026-01-13", INT },

  /* Counts: rolling windows and calendar quarters; a duplicate counts once. */
  { "two in any 12 months: due when the older leaves", &two_a_year, "2025-01-01",
    { "2025-03-01", "2025-09-01" }, "2026-02-01", SOON, "2026-03-01", NULL, INT },
  { "two in any 12 months: a duplicate counts once", &two_a_year, "2025-01-01",
    { "2025-03-01", "2025-03-01" }, "2025-06-01", OK, "2026-01-01", NULL, INT },
  { "two in any 12 months: second missed", &two_a_year, "2025-01-01", { "2025-03-01" }, "2026-01-02",
    LATE, "2026-01-01", "2026-01-02", INT },
  { "twice a quarter: one of two, last quarter missed", &quarterly_twice, "2026-01-01",
    { "2026-02-01", "2026-04-10" }, "2026-05-01", LATE, "2026-03-31", "2026-04-01", INT },
  { "twice a quarter: made good", &quarterly_twice, "2026-01-01",
    { "2026-02-01", "2026-04-10", "2026-05-02" }, "2026-05-03", OK, "2026-09-30", NULL, INT },
};

static PsemsDay
day (const char *text)
{
  PsemsDay d = psems_day_parse (text);

  g_assert_cmpuint (d, !=, PSEMS_DAY_NONE);
  return d;
}

static char *
iso (PsemsDay d)
{
  return psems_day_format_iso (d);
}

static gsize
load_days (const char * const *texts,
           guint               max,
           PsemsDay           *out)
{
  gsize n = 0;

  for (guint i = 0; i < max && texts[i] != NULL; i++)
    out[n++] = day (texts[i]);
  return n;
}

static void
test_state_table (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (state_cases); c++)
    {
      const StateCase *tc = &state_cases[c];
      PsemsDay done[G_N_ELEMENTS (tc->done)];
      gsize n = load_days (tc->done, G_N_ELEMENTS (tc->done), done);
      PsemsClockStatus st;
      g_autofree char *due = NULL;
      g_autofree char *since = NULL;

      g_test_message ("case: %s", tc->name);
      g_assert_true (psems_clock_evaluate (tc->rule, day (tc->anchor), done, n, day (tc->as_of), &st));
      due = iso (st.due);
      since = iso (st.overdue_since);
      if (st.state != tc->state || g_strcmp0 (due, tc->due) != 0 ||
          g_strcmp0 (since, tc->overdue_since != NULL ? tc->overdue_since : "") != 0 || st.cause != tc->cause)
        g_error ("%s: got %s due %s overdue since %s cause %d; expected %s due %s since %s cause %d",
                 tc->name, psems_clock_state_to_string (st.state), due, since, st.cause,
                 psems_clock_state_to_string (tc->state), tc->due,
                 tc->overdue_since != NULL ? tc->overdue_since : "-", tc->cause);
    }
}

typedef struct
{
  PsemsClockConstraint constraint;
  const char *since;
  const char *due;
  const char *done_on;   /* NULL: still open as of to */
} Expected;

typedef struct
{
  const char *name;
  const PsemsClockRule *rule;
  const char *anchor;
  const char *done[6];
  const char *from, *to;
  Expected expect[4];    /* by due date; since NULL ends the list */
} CheckCase;

static const CheckCase check_cases[] = {
  { "2 Jan then 29 Apr: late, due 2 Apr", &drill_3m, "2026-01-01", { "2026-01-02", "2026-04-29" },
    "2026-01-01", "2026-06-30", { { INT, "2026-01-02", "2026-04-02", "2026-04-29" } } },
  { "ISPS B/18.5: the same", &isps_b18_5, "2026-01-01", { "2026-04-29", "2026-01-02" },
    "2026-01-01", "2026-06-30", { { INT, "2026-01-02", "2026-04-02", "2026-04-29" } } },
  { "drill on the last allowed day: compliant", &drill_3m, "2026-01-01", { "2026-01-02", "2026-04-02" },
    "2026-01-01", "2026-07-02", { { 0 } } },
  { "a deadline on to is not missed yet", &drill_3m, "2026-01-01", { "2026-01-02" },
    "2026-01-01", "2026-04-02", { { 0 } } },
  { "the day after: open", &drill_3m, "2026-01-01", { "2026-01-02" },
    "2026-01-01", "2026-04-03", { { INT, "2026-01-02", "2026-04-02", NULL } } },
  { "Jan 2025 and Dec 2026: each year met, the 18-month gap broken", &exercise, "2025-01-01",
    { "2025-01-15", "2026-12-10" }, "2025-01-01", "2026-12-31",
    { { GAP, "2025-01-15", "2026-07-15", "2026-12-10" } } },
  { "a calendar year missed and the gap", &exercise, "2025-01-01", { "2025-05-01", "2027-02-01" },
    "2025-01-01", "2027-12-31",
    { { GAP, "2025-05-01", "2026-11-01", "2027-02-01" }, { INT, "2026-01-01", "2026-12-31", "2027-02-01" } } },
  { "violations over before from are not listed", &exercise, "2025-01-01", { "2025-05-01", "2027-02-01" },
    "2027-03-01", "2027-12-31", { { 0 } } },
  { "a violation reaching into the period is listed", &exercise, "2025-01-01", { "2025-05-01", "2027-02-01" },
    "2027-02-01", "2027-12-31",
    { { GAP, "2025-05-01", "2026-11-01", "2027-02-01" }, { INT, "2026-01-01", "2026-12-31", "2027-02-01" } } },
  { "fixed monthly from 31 Jan: March missed", &monthly_fixed, "2026-01-31", { "2026-02-15", "2026-04-30" },
    "2026-01-31", "2026-05-31", { { INT, "2026-03-01", "2026-03-31", "2026-04-30" } } },
  { "audit: two anniversaries missed, made good later", &audit, "2026-03-01", { "2028-05-01" },
    "2026-03-01", "2028-12-31",
    { { INT, "2026-03-01", "2027-03-01", "2028-05-01" }, { INT, "2027-03-02", "2028-03-01", "2028-05-01" } } },
  { "two in 12 months: one unbroken spell", &two_a_year, "2025-01-01",
    { "2025-01-15", "2025-12-01", "2027-03-01" }, "2025-01-01", "2027-06-30",
    { { INT, "2025-01-15", "2026-01-15", NULL } } },
  { "nothing ever done: open from the anchor", &drill_3m, "2026-01-01", { NULL },
    "2026-01-01", "2026-12-31", { { INT, "2026-01-01", "2026-04-01", NULL } } },
};

static void
test_check_table (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (check_cases); c++)
    {
      const CheckCase *tc = &check_cases[c];
      PsemsDay done[G_N_ELEMENTS (tc->done)];
      gsize n = load_days (tc->done, G_N_ELEMENTS (tc->done), done);
      g_autoptr(GArray) found = NULL;
      guint expected = 0;

      g_test_message ("case: %s", tc->name);
      while (expected < G_N_ELEMENTS (tc->expect) && tc->expect[expected].since != NULL)
        expected++;
      found = psems_clock_check (tc->rule, day (tc->anchor), done, n, day (tc->from), day (tc->to));
      g_assert_nonnull (found);
      for (guint i = 0; i < found->len; i++)
        {
          const PsemsClockViolation *v = &g_array_index (found, PsemsClockViolation, i);
          g_autofree char *since = iso (v->since);
          g_autofree char *due = iso (v->due);
          g_autofree char *done_on = iso (v->done_on);
          g_autofree char *words = psems_clock_explain_violation (tc->rule, v);

          g_test_message ("  %d %s %s %s: %s", v->constraint, since, due, done_on, words);
        }
      g_assert_cmpuint (found->len, ==, expected);
      for (guint i = 0; i < expected; i++)
        {
          const PsemsClockViolation *v = &g_array_index (found, PsemsClockViolation, i);
          const Expected *e = &tc->expect[i];
          g_autofree char *since = iso (v->since);
          g_autofree char *due = iso (v->due);
          g_autofree char *done_on = iso (v->done_on);

          g_assert_cmpint (v->constraint, ==, e->constraint);
          g_assert_cmpstr (since, ==, e->since);
          g_assert_cmpstr (due, ==, e->due);
          g_assert_cmpstr (done_on, ==, e->done_on != NULL ? e->done_on : "");
        }
    }
}

/* Days: parsing is strict, month arithmetic clamps and never drifts. */
static void
test_days (void)
{
  static const struct { const char *from; guint amount; PsemsClockUnit unit; guint times; const char *to; } adds[] = {
    { "2026-01-31", 1, PSEMS_CLOCK_MONTHS, 1, "2026-02-28" },
    { "2028-01-31", 1, PSEMS_CLOCK_MONTHS, 1, "2028-02-29" },
    { "2026-01-31", 1, PSEMS_CLOCK_MONTHS, 2, "2026-03-31" },
    { "2026-01-31", 1, PSEMS_CLOCK_MONTHS, 3, "2026-04-30" },
    { "2024-02-29", 12, PSEMS_CLOCK_MONTHS, 1, "2025-02-28" },
    { "2024-02-29", 12, PSEMS_CLOCK_MONTHS, 4, "2028-02-29" },
    { "2026-11-30", 3, PSEMS_CLOCK_MONTHS, 1, "2027-02-28" },
    { "2026-12-31", 1, PSEMS_CLOCK_DAYS, 1, "2027-01-01" },
    { "2028-02-28", 1, PSEMS_CLOCK_DAYS, 1, "2028-02-29" },
    { "2026-01-01", 90, PSEMS_CLOCK_DAYS, 1, "2026-04-01" },
    { "2026-01-01", 7, PSEMS_CLOCK_DAYS, 0, "2026-01-01" },
    { "9999-06-01", 12, PSEMS_CLOCK_MONTHS, 1, "9999-12-31" },
  };
  static const char * const bad[] = { "", "2026-1-01", "2026-02-30", "2026-13-01", "26-01-01", "2026-01-01x",
                                      "2026/01/01", "0000-01-01", "2026-00-10", "2026-01-00" };
  g_autofree char *words = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (adds); i++)
    {
      g_autofree char *got = iso (psems_day_add (day (adds[i].from),
                                                 (PsemsClockSpan) { adds[i].amount, adds[i].unit }, adds[i].times));

      g_assert_cmpstr (got, ==, adds[i].to);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpuint (psems_day_parse (bad[i]), ==, PSEMS_DAY_NONE);
  g_assert_cmpuint (psems_day_parse (NULL), ==, PSEMS_DAY_NONE);
  g_assert_cmpuint (day ("2028-02-29") + 1, ==, day ("2028-03-01"));
  g_assert_cmpuint (psems_day_from_ymd (2027, 2, 29), ==, PSEMS_DAY_NONE);

  {
    GDate date;

    psems_day_to_date (day ("2026-04-03"), &date);
    g_assert_cmpint (g_date_get_year (&date), ==, 2026);
    g_assert_cmpint (g_date_get_month (&date), ==, 4);
    g_assert_cmpint (g_date_get_day (&date), ==, 3);
    g_assert_cmpuint (psems_day_from_date (&date), ==, day ("2026-04-03"));
    psems_day_to_date (PSEMS_DAY_NONE, &date);
    g_assert_false (g_date_valid (&date));
  }
  /* Day numbers are GDate's Julian days: both calendars agree, leap centuries included. */
  for (PsemsDay d = day ("1599-12-25"); d < day ("2401-01-05"); d++)
    {
      GDate date;
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, d);
      g_assert_cmpuint (psems_day_from_ymd (g_date_get_year (&date), g_date_get_month (&date),
                                            g_date_get_day (&date)), ==, d);
      if (g_date_get_day (&date) == 1)
        {
          text = iso (d);
          expected = g_strdup_printf ("%04d-%02d-01", g_date_get_year (&date), g_date_get_month (&date));
          g_assert_cmpstr (text, ==, expected);
        }
    }
  words = psems_day_format (day ("2026-04-03"));
  g_assert_cmpstr (words, ==, "3 April 2026");
  g_assert_cmpuint (psems_day_today (), !=, PSEMS_DAY_NONE);
}

/* What a rule must be (the evaluation refuses anything else, as a programming error). */
static void
test_rule_check (void)
{
  static const struct { PsemsClockRule rule; const char *field; } cases[] = {
    { { PSEMS_CLOCK_FROM_LAST, { 0, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 0 }, "interval" },
    { { PSEMS_CLOCK_CALENDAR, { 5, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 0 }, "interval" },
    { { PSEMS_CLOCK_CALENDAR, { 30, PSEMS_CLOCK_DAYS }, 1, { 0 }, 0 }, "interval" },
    { { PSEMS_CLOCK_FROM_LAST, { 3, PSEMS_CLOCK_MONTHS }, 2, { 0 }, 0 }, "count" },
    { { PSEMS_CLOCK_RETENTION, { 2, PSEMS_CLOCK_MONTHS }, 1, { 1, PSEMS_CLOCK_MONTHS }, 0 }, "max_gap" },
    { { PSEMS_CLOCK_FIXED, { 1300, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 0 }, "interval" },
    { { (PsemsClockKind) 17, { 3, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 0 }, "kind" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *field = NULL;
      g_autofree char *message = NULL;

      g_assert_false (psems_clock_rule_check (&cases[i].rule, &field, &message));
      g_assert_cmpstr (field, ==, cases[i].field);
      g_assert_nonnull (message);
    }
  g_assert_true (psems_clock_rule_check (&exercise, NULL, NULL));
  g_assert_cmpuint (psems_clock_rule_warn_days (&exercise), ==, 30);
  g_assert_cmpuint (psems_clock_rule_warn_days (&drill_3m), ==, 22);
  g_assert_cmpuint (psems_clock_rule_warn_days (&monthly_last), ==, 7);
  g_assert_cmpuint (psems_clock_rule_warn_days (&weekly), ==, 1);
  g_assert_cmpuint (psems_clock_rule_warn_days (&drill_warn_14), ==, 14);

}

/* Records: kept until the day the rule says, purgeable from the next. */
static void
test_retention (void)
{
  const PsemsClockRule records = { PSEMS_CLOCK_RETENTION, { 24, PSEMS_CLOCK_MONTHS }, 1, { 0 }, 0 };
  const PsemsClockRule dos = { PSEMS_CLOCK_RETENTION, { 90, PSEMS_CLOCK_DAYS }, 1, { 0 }, 0 };
  g_autofree char *until = iso (psems_clock_retain_until (&records, day ("2024-02-29")));
  g_autofree char *dos_until = iso (psems_clock_retain_until (&dos, day ("2026-03-31")));
  g_autofree char *words = psems_clock_rule_describe (&dos);

  g_assert_cmpstr (until, ==, "2026-02-28");
  g_assert_cmpstr (dos_until, ==, "2026-06-29");
  g_assert_cmpstr (words, ==, "kept for 90 days");
}

/* The state in words, for the UI and the CLI. */
static void
test_explain (void)
{
  static const struct { const PsemsClockRule *rule; const char *anchor; const char *done; const char *as_of;
                        const char *citation; const char *says; } cases[] = {
    { &isps_b18_5, "2026-01-01", "2026-01-02", "2026-04-15", "ISPS Code B/18.5",
      "Overdue since 3 April 2026 (within 3 months of the last one; ISPS Code B/18.5)" },
    { &drill_3m, "2026-01-01", "2026-01-02", "2026-04-02", NULL, "Due today (within 3 months of the last one)" },
    { &drill_3m, "2026-01-01", "2026-01-02", "2026-03-31", NULL,
      "Due in 2 days, on 2 April 2026 (within 3 months of the last one)" },
    { &drill_3m, "2026-01-01", "2026-01-02", "2026-03-01", NULL,
      "Next due on 2 April 2026 (within 3 months of the last one)" },
    { &exercise, "2025-01-01", "2025-06-01", "2025-07-01", "ISPS Code B/18.6",
      "Next due on 1 December 2026 (at least once each calendar year, no more than 18 months apart; "
      "ISPS Code B/18.6)" },
    { &audit, "2026-03-01", "2026-03-05", "2026-04-01", "33 CFR 105.415(b)",
      "Next due on 1 March 2028 (once in each period of 1 year from the start; 33 CFR 105.415(b))" },
    { &two_a_year, "2025-01-01", "2025-03-01", "2025-04-01", NULL,
      "Next due on 1 January 2026 (at least 2 times in any period of 1 year)" },
    { &quarterly_twice, "2026-01-01", "2026-01-10", "2026-01-11", NULL,
      "Next due on 31 March 2026 (at least 2 times each calendar quarter)" },
    { &weekly, "2026-01-01", "2026-01-05", "2026-01-06", NULL,
      "Next due on 12 January 2026 (within 1 week of the last one)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PsemsDay done = day (cases[i].done);
      PsemsClockStatus st;
      g_autofree char *says = NULL;

      g_assert_true (psems_clock_evaluate (cases[i].rule, day (cases[i].anchor), &done, 1, day (cases[i].as_of),
                                           &st));
      says = psems_clock_explain (cases[i].rule, &st, day (cases[i].as_of), cases[i].citation);
      g_assert_cmpstr (says, ==, cases[i].says);
    }

  {
    PsemsDay done[] = { day ("2026-01-02"), day ("2026-04-29") };
    g_autoptr(GArray) v = psems_clock_check (&drill_3m, day ("2026-01-01"), done, 2, day ("2026-01-01"),
                                             day ("2026-12-31"));
    g_autofree char *says = NULL;

    g_assert_cmpuint (v->len, >=, 1);
    says = psems_clock_explain_violation (&drill_3m, &g_array_index (v, PsemsClockViolation, 0));
    g_assert_cmpstr (says, ==, "Due on 2 April 2026, done 27 days late on 29 April 2026");
  }
}

/* The state and the compliance check agree for any history: overdue as of
 * a day exactly when the check up to that day has a violation still open,
 * and "overdue since" is the earliest open one's. The evaluation skips
 * stretches without completions; the check walks every period. */
static void
test_state_agrees_with_check (void)
{
  const PsemsClockRule *rules[] = { &drill_3m, &exercise, &audit, &monthly_fixed, &two_a_year, &quarterly_twice,
                                    &weekly };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260403);
  PsemsDay base = day ("2024-01-01");

  for (guint round = 0; round < 4000; round++)
    {
      const PsemsClockRule *rule = rules[round % G_N_ELEMENTS (rules)];
      PsemsDay anchor = base + (PsemsDay) g_rand_int_range (rand, 0, 400);
      PsemsDay done[12];
      gsize n = (gsize) g_rand_int_range (rand, 0, G_N_ELEMENTS (done) + 1);
      PsemsDay as_of = base + (PsemsDay) g_rand_int_range (rand, 0, 365 * 5);
      PsemsClockStatus st;
      g_autoptr(GArray) v = NULL;
      PsemsDay first_open = PSEMS_DAY_NONE;

      for (gsize i = 0; i < n; i++)
        done[i] = base + (PsemsDay) g_rand_int_range (rand, 0, 365 * 5);
      g_assert_true (psems_clock_evaluate (rule, anchor, done, n, as_of, &st));
      v = psems_clock_check (rule, anchor, done, n, as_of, as_of);
      for (guint i = 0; i < v->len; i++)
        {
          const PsemsClockViolation *x = &g_array_index (v, PsemsClockViolation, i);

          g_assert_cmpuint (x->due, <, as_of);
          if (x->done_on == PSEMS_DAY_NONE && first_open == PSEMS_DAY_NONE)
            first_open = x->due;
        }
      g_assert_cmpint (st.state == PSEMS_CLOCK_OVERDUE, ==, first_open != PSEMS_DAY_NONE);
      if (st.state == PSEMS_CLOCK_OVERDUE)
        {
          g_assert_cmpuint (st.due, ==, first_open);
          g_assert_cmpuint (st.overdue_since, ==, first_open + 1);
        }
      else
        g_assert_cmpuint (st.due, >=, as_of);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/days", test_days);
  g_test_add_func ("/clock/state-table", test_state_table);
  g_test_add_func ("/clock/check-table", test_check_table);
  g_test_add_func ("/clock/rule-check", test_rule_check);
  g_test_add_func ("/clock/retention", test_retention);
  g_test_add_func ("/clock/explain", test_explain);
  g_test_add_func ("/clock/state-agrees-with-check", test_state_agrees_with_check);

  return g_test_run ();
}
