/* psems-clock.h — the regulation clock: when a recurring obligation is due, overdue, and whether it was met. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Semantics (binding for every caller; the tests in tests/test-clock.c are
 * the worked examples).
 *
 * Days. A PsemsDay is a calendar day as GDate's Julian day number (1 is
 * 1 January of year 1); 0 (PSEMS_DAY_NONE) is "no day". Days are plain
 * integers: they compare with < and ==, and day + 1 is the next day. There is
 * no time of day and no time zone: the caller converts its timestamps to the
 * facility's local day first.
 *
 * Spans. "3 months" adds calendar months and clamps to the last day of the
 * target month: 31 January + 1 month = 28 February (29 February 2028);
 * 31 January + 2 months = 31 March. A span is always added to the day it
 * counts from (the anchor + k × interval), never step by step, so clamping
 * never drifts: fixed periods from 31 January end on 28 Feb, 31 Mar, 30 Apr.
 *
 * Due. "Due on D" means a completion on D is on time and D + 1 is the first
 * day overdue. Every due date below is inclusive in that sense.
 *
 * As of. Every answer is "as of" a day A: completions after A do not exist
 * yet, completions on A count, and a deadline on A is not yet missed. Asking
 * as of a day in the past answers "where did we stand then?"; a future day
 * projects the current history forward.
 *
 * Anchor. Every evaluation takes an anchor: the day the obligation started
 * (the item's start, the plan's approval, the record's date; the rule file
 * says which). Completions before the anchor are ignored. The anchor is day
 * zero of the first interval: with no completion yet, a "3 months from the
 * last" rule is due on anchor + 3 months.
 *
 * History. Completions may come unsorted and with duplicates; several on one
 * day count as one (a double entry never satisfies a "count": 2 rule).
 *
 * Kinds (PsemsClockRule.kind):
 *  FROM_LAST  the next completion is due interval after the latest one
 *             (33 CFR 105.220 drills, ISPS B/18.5 "at least every three
 *             months"); before the first, interval after the anchor.
 *             Drills on 2 January and 29 April under 3 months: the second
 *             was due on 2 April, overdue from 3 April, late by 27 days.
 *  ROLLING    at least count completions in every window of interval: after
 *             completions c1 < … < cj (j >= count) the next is due on
 *             c(j-count+1) + interval; until count are done, all are due on
 *             anchor + interval. FROM_LAST is ROLLING with count 1.
 *  FIXED      fixed periods from the anchor, each needing count completions:
 *             with Dk = anchor + k × interval, period 0 is [anchor, D1] and
 *             period k is [Dk + 1, Dk+1], due on its last day. "Annually from
 *             the approval date" (33 CFR 105.415(b)): approved 1 March 2026,
 *             the first audit is due by 1 March 2027, the next by 1 March 2028
 *             whenever the first was done.
 *  CALENDAR   calendar periods of interval months (12: each calendar year,
 *             3: each quarter, 1: each month; the interval divides 12), each
 *             needing count completions, due on the period's last day. The
 *             first period counted is the first that starts on or after the
 *             anchor (a plan approved on 20 December owes nothing for those
 *             eleven days; max_gap below still runs from the anchor).
 *  RETENTION  not a recurring clock: how long a record is kept
 *             (psems_clock_retain_until()); the evaluation functions refuse it.
 *
 * max_gap (optional, any recurring kind): no more than max_gap between two
 * consecutive completions, nor from the anchor to the first; checked as a
 * FROM_LAST clock of its own. ISPS B/18.6: CALENDAR 12 months with max_gap
 * 18 months; exercises in January 2025 and December 2026 meet every calendar
 * year but break the gap (overdue from 16 July 2026 for one on 15 January).
 *
 * State as of A (psems_clock_evaluate()):
 *  OVERDUE    a deadline before A was missed and nothing since made it good:
 *             for FROM_LAST/ROLLING/max_gap the current deadline is before A;
 *             for periods, the period before the current one was missed and
 *             the current one is not yet met. status.due is the first missed
 *             deadline of that unbroken overdue spell, status.overdue_since
 *             is status.due + 1.
 *  DUE_SOON   not overdue, the next deadline is within the warning window
 *             (due - A <= warn days) and a completion today would count
 *             towards it (a period already met is never "due soon").
 *  OK         otherwise. status.due is the next deadline: for a period that
 *             is already met, the end of the next period.
 * With several constraints (the interval and max_gap) the worst state wins;
 * OVERDUE reports the earliest overdue_since, the others the earliest due.
 * warn_days 0 means the default: 30 days, but never more than a quarter of
 * the interval (3 months: 22 days; 1 month: 7 days; 7 days: 1 day).
 *
 * Compliance over [from, to], both inclusive (psems_clock_check()): the
 * history as of to; a violation is a missed deadline whose overdue spell
 * [due + 1, done_on] (or [due + 1, to] while still open) meets [from, to].
 * A completion counts for the period it falls in: a late one makes the item
 * current again but the missed period stays missed (it is not moved back).
 * Consecutive missed deadlines of one constraint that never let the item
 * become current again are one violation (FROM_LAST, ROLLING, max_gap); for
 * periods each missed period is its own violation and done_on is the day a
 * later period was met. A deadline on to itself is not missed yet.
 */

typedef guint32 PsemsDay;

#define PSEMS_DAY_NONE ((PsemsDay) 0)

typedef enum
{
  PSEMS_CLOCK_DAYS,
  PSEMS_CLOCK_MONTHS,
} PsemsClockUnit;

/* amount 0 means "none" (no max_gap, default warning). Weeks are stored as
 * 7 days, years as 12 months. */
typedef struct
{
  guint          amount;
  PsemsClockUnit unit;
} PsemsClockSpan;

typedef enum
{
  PSEMS_CLOCK_FROM_LAST,
  PSEMS_CLOCK_ROLLING,
  PSEMS_CLOCK_FIXED,
  PSEMS_CLOCK_CALENDAR,
  PSEMS_CLOCK_RETENTION,
} PsemsClockKind;

/* A rule's parameters, a value type (no allocations). */
typedef struct
{
  PsemsClockKind kind;
  PsemsClockSpan interval;   /* required, amount >= 1; CALENDAR: months dividing 12 */
  guint          count;      /* completions per window or period; 0 counts as 1 */
  PsemsClockSpan max_gap;    /* optional (amount 0: none) */
  guint          warn_days;  /* 0: the default (see above) */
} PsemsClockRule;

typedef enum
{
  PSEMS_CLOCK_OK,
  PSEMS_CLOCK_DUE_SOON,
  PSEMS_CLOCK_OVERDUE,
} PsemsClockState;

/* Which part of a rule set a date or was broken. */
typedef enum
{
  PSEMS_CLOCK_BY_INTERVAL,   /* the rule's interval, window or period */
  PSEMS_CLOCK_BY_MAX_GAP,    /* the rule's max_gap */
} PsemsClockConstraint;

typedef struct
{
  PsemsClockState      state;
  PsemsDay             due;            /* see "State as of A" */
  PsemsDay             overdue_since;  /* due + 1 when OVERDUE, else PSEMS_DAY_NONE */
  PsemsDay             last_done;      /* latest completion counted, or PSEMS_DAY_NONE */
  PsemsClockConstraint cause;          /* which constraint gave due */
} PsemsClockStatus;

typedef struct
{
  PsemsClockConstraint constraint;
  PsemsDay             since;     /* periods: the period's first day; otherwise the completion
                                   * (or the anchor) the missed clock counted from */
  PsemsDay             due;       /* the missed deadline (periods: the period's last day) */
  PsemsDay             done_on;   /* the late completion that ended the spell, or
                                   * PSEMS_DAY_NONE when still open as of to */
  guint                found;     /* periods: completions in the period (< count) */
} PsemsClockViolation;

/* Days. */
PsemsDay  psems_day_from_ymd   (int             year,
                                int             month,
                                int             day);
PsemsDay  psems_day_from_date  (const GDate    *date);
void      psems_day_to_date    (PsemsDay        day,
                                GDate          *date);
PsemsDay  psems_day_parse      (const char     *text);
char     *psems_day_format_iso (PsemsDay        day);
char     *psems_day_format     (PsemsDay        day);
PsemsDay  psems_day_add        (PsemsDay        day,
                                PsemsClockSpan  span,
                                guint           times);
PsemsDay  psems_day_today      (void);

/* Rules. */
gboolean  psems_clock_rule_check    (const PsemsClockRule *rule,
                                     const char          **field,
                                     char                **message);
guint     psems_clock_rule_warn_days (const PsemsClockRule *rule);
char     *psems_clock_span_describe (PsemsClockSpan        span);
char     *psems_clock_rule_describe (const PsemsClockRule *rule);

/* Evaluation. */
gboolean  psems_clock_evaluate (const PsemsClockRule *rule,
                                PsemsDay              anchor,
                                const PsemsDay       *done,
                                gsize                 n_done,
                                PsemsDay              as_of,
                                PsemsClockStatus     *status);
GArray   *psems_clock_check    (const PsemsClockRule *rule,
                                PsemsDay              anchor,
                                const PsemsDay       *done,
                                gsize                 n_done,
                                PsemsDay              from,
                                PsemsDay              to);
PsemsDay  psems_clock_retain_until (const PsemsClockRule *rule,
                                    PsemsDay              from);
char     *psems_clock_explain  (const PsemsClockRule   *rule,
                                const PsemsClockStatus *status,
                                PsemsDay                as_of,
                                const char             *citation);
char     *psems_clock_explain_violation (const PsemsClockRule      *rule,
                                         const PsemsClockViolation *violation);

const char *psems_clock_kind_to_string  (PsemsClockKind  kind);
gboolean    psems_clock_kind_from_string (const char     *text,
                                          PsemsClockKind *kind);
const char *psems_clock_state_to_string (PsemsClockState state);

G_END_DECLS
