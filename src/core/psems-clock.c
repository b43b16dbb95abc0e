/* psems-clock.c — the regulation clock: due dates, states and compliance of recurring obligations, as of any day. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "psems-clock.h"
#include "psems-store-private.h"

/* The clock is plain arithmetic on day numbers: the dashboard evaluates
 * every schedule item on each refresh, so an evaluation allocates nothing
 * unless the history arrives unsorted, and walks the history once. */

/* Sums past year 9999 stop at its last day, so GDate can still hold every day. */
#define LAST_YEAR 9999
#define MAX_INTERVAL_MONTHS (12 * 100)
#define MAX_INTERVAL_DAYS (366 * 100)
#define DEFAULT_WARN_DAYS 30

/* Day numbers and the proleptic Gregorian calendar, in integer arithmetic
 * (H. Hinnant's days_from_civil / civil_from_days): an evaluation converts
 * days for every deadline, and GDate's conversions cost more than the rest
 * of the walk. GDate's Julian day 719163 is 1 January 1970, day 0 of those
 * formulas; test-clock checks both agree. */
#define UNIX_EPOCH_DAY 719163

static PsemsDay
day_from_civil (int   year,
                guint month,
                guint mday)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  guint yoe = (guint) (y - era * 400);
  guint doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + mday - 1;
  guint doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return (PsemsDay) (era * 146097 + (gint64) doe - 719468 + UNIX_EPOCH_DAY);
}

static void
civil_from_day (PsemsDay  day,
                int      *year,
                guint    *month,
                guint    *mday)
{
  gint64 z = (gint64) day - UNIX_EPOCH_DAY + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  guint doe = (guint) (z - era * 146097);
  guint yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  guint doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  guint mp = (5 * doy + 2) / 153;

  *mday = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = (int) (yoe + era * 400) + (*month <= 2);
}

static guint
days_in_month (int   year,
               guint month)
{
  static const guint8 days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : days[month - 1];
}

PsemsDay
psems_day_from_ymd (int year,
                    int month,
                    int day)
{
  if (year < 1 || year > LAST_YEAR || month < 1 || month > 12 || day < 1 ||
      (guint) day > days_in_month (year, (guint) month))
    return PSEMS_DAY_NONE;
  return day_from_civil (year, (guint) month, (guint) day);
}

PsemsDay
psems_day_from_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL, PSEMS_DAY_NONE);

  if (!g_date_valid (date))
    return PSEMS_DAY_NONE;
  return g_date_get_julian (date);
}

/* Sets @date to @day, or clears it for PSEMS_DAY_NONE. */
void
psems_day_to_date (PsemsDay  day,
                   GDate    *date)
{
  g_return_if_fail (date != NULL);

  g_date_clear (date, 1);
  if (day != PSEMS_DAY_NONE && g_date_valid_julian (day))
    g_date_set_julian (date, day);
}

/* "2026-04-03" (exactly that shape) to a day; PSEMS_DAY_NONE for anything else. */
PsemsDay
psems_day_parse (const char *text)
{
  int v[3] = { 0, 0, 0 };
  const int widths[3] = { 4, 2, 2 };
  const char *p = text;

  if (text == NULL)
    return PSEMS_DAY_NONE;
  for (guint f = 0; f < 3; f++)
    {
      for (int w = 0; w < widths[f]; w++, p++)
        {
          if (!g_ascii_isdigit (*p))
            return PSEMS_DAY_NONE;
          v[f] = v[f] * 10 + (*p - '0');
        }
      if (f < 2 && *p++ != '-')
        return PSEMS_DAY_NONE;
    }
  if (*p != '\0')
    return PSEMS_DAY_NONE;
  return psems_day_from_ymd (v[0], v[1], v[2]);
}

char *
psems_day_format_iso (PsemsDay day)
{
  int year;
  guint month, mday;

  if (day == PSEMS_DAY_NONE)
    return g_strdup ("");
  civil_from_day (day, &year, &month, &mday);
  return g_strdup_printf ("%04d-%02u-%02u", year, month, mday);
}

/* The day for people: "3 April 2026" in the user's language. */
char *
psems_day_format (PsemsDay day)
{
  GDate date;
  char buffer[128];

  psems_day_to_date (day, &date);
  if (!g_date_valid (&date))
    return g_strdup ("");
  /* TRANSLATORS: a day in a sentence ("Overdue since 3 April 2026"); strftime(3) format. */
  if (g_date_strftime (buffer, sizeof buffer, C_("day format", "%-d %B %Y"), &date) == 0)
    return psems_day_format_iso (day);
  return g_strdup (buffer);
}

PsemsDay
psems_day_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return psems_day_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                             g_date_time_get_day_of_month (now));
}

/* ---- days as the user types them, "YYYY-MM-DD", for the modules that store
 * them as text (core-internal, declared in psems-store-private.h) ---------- */

/* Whether @text is a strict ISO 8601 calendar date ("2026-03-01") naming a
 * real day; @date (optional) gets it. */
gboolean
psems_day_text_parse (const char *text,
                     GDate      *date)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = atoi (text);
  m = atoi (text + 5);
  d = atoi (text + 8);
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  if (date != NULL)
    {
      g_date_clear (date, 1);
      g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
    }
  return TRUE;
}

/* Today in the local time zone, as the user's calendar reads it ("YYYY-MM-DD"). */
char *
psems_day_text_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The day @as_of names, today for NULL; FALSE (with @error) when it is not a date. */
gboolean
psems_day_text_resolve (const char  *as_of,
                       GDate       *date,
                       GError     **error)
{
  g_autofree char *today = NULL;

  if (as_of == NULL)
    as_of = today = psems_day_text_today ();
  if (!psems_day_text_parse (as_of, date))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("“%s” is not a date (YYYY-MM-DD)"), as_of);
      return FALSE;
    }
  return TRUE;
}

/* Checks a day the user gave for @field: a date, not after today. Adds a
 * problem for @field and returns FALSE otherwise. */
gboolean
psems_day_text_check_past (GPtrArray  *problems,
                          const char *field,
                          const char *day)
{
  g_autofree char *today = NULL;

  if (!psems_day_text_parse (day, NULL))
    {
      psems_field_problems_add (problems, field, _("“%s” is not a date (YYYY-MM-DD)"), day);
      return FALSE;
    }
  today = psems_day_text_today ();
  if (strcmp (day, today) > 0)
    {
      psems_field_problems_add (problems, field, _("%s is in the future"), day);
      return FALSE;
    }
  return TRUE;
}

/* @day plus @times × @span, months clamped to the target month's last day. */
PsemsDay
psems_day_add (PsemsDay       day,
               PsemsClockSpan span,
               guint          times)
{
  PsemsDay last = day_from_civil (LAST_YEAR, 12, 31);
  guint64 total = (guint64) span.amount * times;
  guint64 months;
  int year;
  guint month, mday;

  g_return_val_if_fail (day != PSEMS_DAY_NONE, PSEMS_DAY_NONE);

  if (day >= last)
    return day;
  if (span.unit == PSEMS_CLOCK_DAYS)
    return total >= (guint64) (last - day) ? last : day + (PsemsDay) total;

  civil_from_day (day, &year, &month, &mday);
  months = (guint64) year * 12 + (month - 1) + total;
  if (months > (guint64) LAST_YEAR * 12 + 11)
    return last;
  year = (int) (months / 12);
  month = (guint) (months % 12) + 1;
  return day_from_civil (year, month, MIN (mday, days_in_month (year, month)));
}

/* Months from @a's month to @b's month (negative when @b is earlier). */
static gint64
months_between (PsemsDay a,
                PsemsDay b)
{
  int ya, yb;
  guint ma, mb, da, db;

  civil_from_day (a, &ya, &ma, &da);
  civil_from_day (b, &yb, &mb, &db);
  return ((gint64) yb * 12 + mb) - ((gint64) ya * 12 + ma);
}

static guint
span_approx_days (PsemsClockSpan span)
{
  return span.unit == PSEMS_CLOCK_MONTHS ? span.amount * 365 / 12 : span.amount;
}

/* ---- rules ---------------------------------------------------------------- */

static gboolean
check_span (PsemsClockSpan span,
            gboolean       required,
            const char    *name,
            const char   **field,
            char         **message)
{
  const char *what = NULL;

  if (span.amount == 0)
    {
      if (!required)
        return TRUE;
      what = _("must be at least one day or one month");
    }
  else if (span.unit != PSEMS_CLOCK_DAYS && span.unit != PSEMS_CLOCK_MONTHS)
    what = _("has an unknown unit");
  else if ((span.unit == PSEMS_CLOCK_MONTHS && span.amount > MAX_INTERVAL_MONTHS) ||
           (span.unit == PSEMS_CLOCK_DAYS && span.amount > MAX_INTERVAL_DAYS))
    what = _("must be at most 100 years");
  if (what == NULL)
    return TRUE;
  if (field != NULL)
    *field = name;
  if (message != NULL)
    *message = g_strdup (what);
  return FALSE;
}

/**
 * psems_clock_rule_check:
 * @field: (out) (optional) (transfer none): the field at fault ("interval", "kind", …)
 * @message: (out) (optional) (transfer full): what is wrong with it, translated
 *
 * Returns: %TRUE when @rule can be evaluated (or, for RETENTION, used for
 * psems_clock_retain_until()).
 */
gboolean
psems_clock_rule_check (const PsemsClockRule  *rule,
                        const char           **field,
                        char                 **message)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  if ((guint) rule->kind > PSEMS_CLOCK_RETENTION)
    {
      if (field != NULL)
        *field = "kind";
      if (message != NULL)
        *message = g_strdup (_("is not a known kind of rule"));
      return FALSE;
    }
  if (!check_span (rule->interval, TRUE, "interval", field, message) ||
      !check_span (rule->max_gap, FALSE, "max_gap", field, message))
    return FALSE;
  if (rule->kind == PSEMS_CLOCK_CALENDAR &&
      (rule->interval.unit != PSEMS_CLOCK_MONTHS || 12 % rule->interval.amount != 0))
    {
      if (field != NULL)
        *field = "interval";
      if (message != NULL)
        *message = g_strdup (_("a calendar rule counts 1, 2, 3, 4, 6 or 12 months"));
      return FALSE;
    }
  if ((rule->kind == PSEMS_CLOCK_RETENTION || rule->kind == PSEMS_CLOCK_FROM_LAST) && rule->count > 1)
    {
      if (field != NULL)
        *field = "count";
      if (message != NULL)
        *message = g_strdup (_("only rolling, fixed and calendar rules count completions"));
      return FALSE;
    }
  if (rule->kind == PSEMS_CLOCK_RETENTION && rule->max_gap.amount != 0)
    {
      if (field != NULL)
        *field = "max_gap";
      if (message != NULL)
        *message = g_strdup (_("a retention rule has no gap"));
      return FALSE;
    }
  if (rule->count > 1000)
    {
      if (field != NULL)
        *field = "count";
      if (message != NULL)
        *message = g_strdup (_("must be at most 1000"));
      return FALSE;
    }
  if (rule->warn_days > MAX_INTERVAL_DAYS)
    {
      if (field != NULL)
        *field = "warning";
      if (message != NULL)
        *message = g_strdup (_("must be at most 100 years"));
      return FALSE;
    }
  return TRUE;
}

/* The rule's warning window in days: its own, or 30 days but never more than
 * a quarter of the interval. */
guint
psems_clock_rule_warn_days (const PsemsClockRule *rule)
{
  g_return_val_if_fail (rule != NULL, 0);

  if (rule->warn_days != 0)
    return rule->warn_days;
  return CLAMP (span_approx_days (rule->interval) / 4, 1, DEFAULT_WARN_DAYS);
}

/* ---- the history ------------------------------------------------------------ */

typedef struct
{
  const PsemsDay *days;   /* strictly increasing, all within [anchor, limit] */
  gsize n;
  PsemsDay *owned;
} History;

static int
compare_days (const void *a,
              const void *b)
{
  PsemsDay x = *(const PsemsDay *) a, y = *(const PsemsDay *) b;

  return x < y ? -1 : x > y;
}

/* Borrows @done when it is already strictly increasing (what a query with
 * ORDER BY gives); otherwise sorts a copy and drops duplicates. */
static void
history_init (History        *h,
              const PsemsDay *done,
              gsize           n_done,
              PsemsDay        anchor,
              PsemsDay        limit)
{
  gboolean sorted = TRUE;
  gsize lo = 0, hi;

  for (gsize i = 1; i < n_done && sorted; i++)
    sorted = done[i] > done[i - 1];
  h->owned = NULL;
  h->days = done;
  h->n = n_done;
  if (!sorted)
    {
      gsize k = 0;

      h->owned = g_new (PsemsDay, n_done);
      memcpy (h->owned, done, n_done * sizeof (PsemsDay));
      qsort (h->owned, n_done, sizeof (PsemsDay), compare_days);
      for (gsize i = 0; i < n_done; i++)
        if (k == 0 || h->owned[i] != h->owned[k - 1])
          h->owned[k++] = h->owned[i];
      h->days = h->owned;
      h->n = k;
    }

  while (lo < h->n && h->days[lo] < anchor)
    lo++;
  hi = h->n;
  while (hi > lo && h->days[hi - 1] > limit)
    hi--;
  /* No completions may come as NULL: no arithmetic on it, not even + 0 (undefined). */
  if (lo > 0)
    h->days += lo;
  h->n = hi - lo;
}

static void
history_clear (History *h)
{
  g_clear_pointer (&h->owned, g_free);
}

/* ---- the walks ------------------------------------------------------------ */

typedef struct
{
  PsemsClockState state;
  PsemsDay due;
} Part;

typedef struct
{
  GArray *out;                 /* violations, or NULL when only the state is wanted */
  PsemsClockConstraint constraint;
  gboolean open;
  PsemsClockViolation spell;
} Spell;

static void
spell_flush (Spell *s)
{
  if (s->open && s->out != NULL)
    g_array_append_val (s->out, s->spell);
  s->open = FALSE;
}

static void
spell_start (Spell    *s,
             PsemsDay  since,
             PsemsDay  due,
             PsemsDay  done_on)
{
  spell_flush (s);
  s->open = TRUE;
  s->spell = (PsemsClockViolation) { s->constraint, since, due, done_on, 0 };
}

static PsemsClockState
state_for_due (PsemsDay due,
               PsemsDay limit,
               guint    warn)
{
  return due - limit <= warn ? PSEMS_CLOCK_DUE_SOON : PSEMS_CLOCK_OK;
}

/* A rolling clock: at least @count completions in every @window; FROM_LAST
 * and max_gap are the @count 1 case. One pass over the history. */
static void
walk_chain (const History        *h,
            PsemsDay              anchor,
            PsemsClockSpan        window,
            guint                 count,
            PsemsDay              limit,
            guint                 warn,
            PsemsClockConstraint  constraint,
            GArray               *out,
            Part                 *part)
{
  Spell s = { out, constraint, FALSE, { 0 } };

  for (gsize j = 0;; j++)
    {
      PsemsDay since = j < count ? anchor : h->days[j - count];
      PsemsDay deadline = psems_day_add (since, window, 1);

      if (j == h->n)
        {
          if (deadline < limit)
            {
              /* Already overdue at the last (late) completion: one unbroken spell. */
              if (s.open && deadline < s.spell.done_on)
                s.spell.done_on = PSEMS_DAY_NONE;
              else
                spell_start (&s, since, deadline, PSEMS_DAY_NONE);
              part->state = PSEMS_CLOCK_OVERDUE;
              part->due = s.spell.due;
            }
          else
            {
              part->state = state_for_due (deadline, limit, warn);
              part->due = deadline;
            }
          spell_flush (&s);
          return;
        }
      if (h->days[j] > deadline)
        {
          if (s.open && deadline < s.spell.done_on)
            s.spell.done_on = h->days[j];
          else
            spell_start (&s, since, deadline, h->days[j]);
        }
    }
}

/* The first day of the first calendar period starting on or after @anchor. */
static PsemsDay
calendar_base (PsemsDay anchor,
               guint    months)
{
  int year;
  guint month, mday;
  PsemsDay start;

  civil_from_day (anchor, &year, &month, &mday);
  start = day_from_civil (year, (month - 1) / months * months + 1, 1);
  if (start < anchor)
    start = psems_day_add (start, (PsemsClockSpan) { months, PSEMS_CLOCK_MONTHS }, 1);
  return start;
}

/* The last day of period @k of a FIXED or CALENDAR rule (see the header);
 * period k starts the day after period k - 1 ends, period 0 on @origin. */
static PsemsDay
period_end (const PsemsClockRule *rule,
            PsemsDay              origin,
            guint                 k)
{
  PsemsDay end = psems_day_add (origin, rule->interval, k + 1);

  return rule->kind == PSEMS_CLOCK_CALENDAR ? end - 1 : end;
}

/* The first period whose end is on or after @day. */
static guint
period_index_of (const PsemsClockRule *rule,
                 PsemsDay              origin,
                 PsemsDay              day)
{
  gint64 k;

  if (day <= origin)
    return 0;
  if (rule->interval.unit == PSEMS_CLOCK_DAYS)
    k = (day - origin - 1) / rule->interval.amount;
  else
    k = months_between (origin, day) / rule->interval.amount - 1;
  k = MAX (k, 0);
  while (period_end (rule, origin, (guint) k) < day)
    k++;
  while (k > 0 && period_end (rule, origin, (guint) k - 1) >= day)
    k--;
  return (guint) k;
}

/* FIXED and CALENDAR: each period needs @count completions. With @out NULL
 * the walk jumps over stretches without completions. */
static void
walk_periods (const PsemsClockRule *rule,
              const History        *h,
              PsemsDay              anchor,
              guint                 count,
              PsemsDay              limit,
              guint                 warn,
              GArray               *out,
              Part                 *part)
{
  PsemsDay origin = rule->kind == PSEMS_CLOCK_CALENDAR ? calendar_base (anchor, rule->interval.amount)
                                                       : anchor;
  guint pending = 0;           /* missed periods not made good yet */
  guint pending_index = 0;     /* where they start in @out */
  PsemsDay pending_due = PSEMS_DAY_NONE;
  PsemsDay start = origin;
  PsemsDay end = period_end (rule, origin, 0);
  gsize i = 0;

  for (guint k = 0;; k++)
    {
      PsemsDay met = PSEMS_DAY_NONE, next_end, target;
      guint found = 0;

      if (start > limit)
        {
          /* Only before the first period: nothing is owed yet. */
          part->state = PSEMS_CLOCK_OK;
          part->due = end;
          return;
        }
      while (i < h->n && h->days[i] < start)
        i++;
      for (; i < h->n && h->days[i] <= end; i++)
        if (++found == count)
          met = h->days[i];
      next_end = period_end (rule, origin, k + 1);

      if (met != PSEMS_DAY_NONE)
        {
          if (out != NULL)
            for (guint v = pending_index; v < pending_index + pending; v++)
              g_array_index (out, PsemsClockViolation, v).done_on = met;
          pending = 0;
          if (end >= limit)
            {
              part->state = PSEMS_CLOCK_OK;
              part->due = next_end;
              return;
            }
        }
      else if (end < limit)
        {
          if (pending == 0)
            {
              pending_due = end;
              pending_index = out != NULL ? out->len : 0;
            }
          pending++;
          if (out != NULL)
            {
              PsemsClockViolation v = { PSEMS_CLOCK_BY_INTERVAL, start, end, PSEMS_DAY_NONE, found };

              g_array_append_val (out, v);
            }
        }
      else
        {
          part->state = pending > 0 ? PSEMS_CLOCK_OVERDUE : state_for_due (end, limit, warn);
          part->due = pending > 0 ? pending_due : end;
          return;
        }

      /* Only the state wanted: the periods ending before the next completion
       * (or the limit) are all missed, so skip them. */
      target = i < h->n ? MIN (h->days[i], limit) : limit;
      if (out == NULL && target > next_end)
        {
          guint kt = period_index_of (rule, origin, target);

          if (pending == 0)
            pending_due = next_end;
          pending += kt - k - 1;
          k = kt - 1;
          start = period_end (rule, origin, kt - 1) + 1;
          end = period_end (rule, origin, kt);
          continue;
        }
      start = end + 1;
      end = next_end;
    }
}

static guint
rule_count (const PsemsClockRule *rule)
{
  return MAX (rule->count, 1);
}

static gboolean
rule_is_clock (const PsemsClockRule *rule)
{
  return psems_clock_rule_check (rule, NULL, NULL) && rule->kind != PSEMS_CLOCK_RETENTION;
}

static guint
evaluate_parts (const PsemsClockRule *rule,
                PsemsDay              anchor,
                const History        *h,
                PsemsDay              limit,
                GArray               *out,
                Part                  parts[2])
{
  guint warn = psems_clock_rule_warn_days (rule);
  guint n = 1;

  if (rule->kind == PSEMS_CLOCK_FIXED || rule->kind == PSEMS_CLOCK_CALENDAR)
    walk_periods (rule, h, anchor, rule_count (rule), limit, warn, out, &parts[0]);
  else
    walk_chain (h, anchor, rule->interval, rule_count (rule), limit, warn, PSEMS_CLOCK_BY_INTERVAL,
                out, &parts[0]);
  if (rule->max_gap.amount > 0)
    walk_chain (h, anchor, rule->max_gap, 1, limit, warn, PSEMS_CLOCK_BY_MAX_GAP, out, &parts[n++]);
  return n;
}

/**
 * psems_clock_evaluate:
 * @rule: a recurring rule (not RETENTION)
 * @anchor: the day the obligation started
 * @done: (array length=n_done) (nullable): completion days, any order, duplicates allowed
 * @as_of: the day asked about
 * @status: (out caller-allocates): the answer, see "State as of A" in the header
 *
 * Returns: %FALSE (with a critical) only for a rule psems_clock_rule_check() refuses.
 */
gboolean
psems_clock_evaluate (const PsemsClockRule *rule,
                      PsemsDay              anchor,
                      const PsemsDay       *done,
                      gsize                 n_done,
                      PsemsDay              as_of,
                      PsemsClockStatus     *status)
{
  History h;
  Part parts[2];
  guint n, pick = 0;

  g_return_val_if_fail (rule != NULL && rule_is_clock (rule), FALSE);
  g_return_val_if_fail (anchor != PSEMS_DAY_NONE && as_of != PSEMS_DAY_NONE, FALSE);
  g_return_val_if_fail (done != NULL || n_done == 0, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  history_init (&h, done, n_done, anchor, as_of);
  n = evaluate_parts (rule, anchor, &h, as_of, NULL, parts);
  for (guint p = 1; p < n; p++)
    if (parts[p].state > parts[pick].state ||
        (parts[p].state == parts[pick].state && parts[p].due < parts[pick].due))
      pick = p;

  status->state = parts[pick].state;
  status->due = parts[pick].due;
  status->overdue_since = status->state == PSEMS_CLOCK_OVERDUE ? status->due + 1 : PSEMS_DAY_NONE;
  status->last_done = h.n > 0 ? h.days[h.n - 1] : PSEMS_DAY_NONE;
  status->cause = pick == 0 ? PSEMS_CLOCK_BY_INTERVAL : PSEMS_CLOCK_BY_MAX_GAP;
  history_clear (&h);
  return TRUE;
}

static int
compare_violations (gconstpointer a,
                    gconstpointer b)
{
  const PsemsClockViolation *x = a, *y = b;

  if (x->due != y->due)
    return x->due < y->due ? -1 : 1;
  return (int) x->constraint - (int) y->constraint;
}

/**
 * psems_clock_check:
 * @from: the first day of the period looked at
 * @to: its last day (inclusive); the history counts as of @to
 *
 * Returns: (transfer full) (element-type PsemsClockViolation): the
 * violations in [@from, @to] by due date, empty when compliant; %NULL (with
 * a critical) for a rule psems_clock_rule_check() refuses or @from after @to.
 */
GArray *
psems_clock_check (const PsemsClockRule *rule,
                   PsemsDay              anchor,
                   const PsemsDay       *done,
                   gsize                 n_done,
                   PsemsDay              from,
                   PsemsDay              to)
{
  GArray *out;
  History h;
  Part parts[2];
  guint kept = 0;

  g_return_val_if_fail (rule != NULL && rule_is_clock (rule), NULL);
  g_return_val_if_fail (anchor != PSEMS_DAY_NONE, NULL);
  g_return_val_if_fail (from != PSEMS_DAY_NONE && to != PSEMS_DAY_NONE && from <= to, NULL);
  g_return_val_if_fail (done != NULL || n_done == 0, NULL);

  out = g_array_new (FALSE, FALSE, sizeof (PsemsClockViolation));
  history_init (&h, done, n_done, anchor, to);
  evaluate_parts (rule, anchor, &h, to, out, parts);
  history_clear (&h);

  for (guint i = 0; i < out->len; i++)
    {
      PsemsClockViolation *v = &g_array_index (out, PsemsClockViolation, i);

      if (v->done_on == PSEMS_DAY_NONE || v->done_on >= from)
        g_array_index (out, PsemsClockViolation, kept++) = *v;
    }
  g_array_set_size (out, kept);
  g_array_sort (out, compare_violations);
  return out;
}

/**
 * psems_clock_retain_until:
 * @rule: a RETENTION rule
 * @from: the day the retention counts from (the record's day, or its end)
 *
 * Returns: the last day the record must be kept; it may be purged from the
 * next day on.
 */
PsemsDay
psems_clock_retain_until (const PsemsClockRule *rule,
                          PsemsDay              from)
{
  g_return_val_if_fail (rule != NULL && psems_clock_rule_check (rule, NULL, NULL), PSEMS_DAY_NONE);
  g_return_val_if_fail (rule->kind == PSEMS_CLOCK_RETENTION, PSEMS_DAY_NONE);
  g_return_val_if_fail (from != PSEMS_DAY_NONE, PSEMS_DAY_NONE);

  return psems_day_add (from, rule->interval, 1);
}

/* ---- words -------------------------------------------------------------------- */

static const char * const kind_names[] = {
  [PSEMS_CLOCK_FROM_LAST] = "from-last",
  [PSEMS_CLOCK_ROLLING] = "rolling",
  [PSEMS_CLOCK_FIXED] = "fixed",
  [PSEMS_CLOCK_CALENDAR] = "calendar",
  [PSEMS_CLOCK_RETENTION] = "retention",
};

/* The kind as rule files spell it. */
const char *
psems_clock_kind_to_string (PsemsClockKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
psems_clock_kind_from_string (const char     *text,
                              PsemsClockKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *kind = (PsemsClockKind) i;
        return TRUE;
      }
  return FALSE;
}

/* "ok", "due-soon", "overdue": for JSON and CSV, never translated. */
const char *
psems_clock_state_to_string (PsemsClockState state)
{
  switch (state)
    {
    case PSEMS_CLOCK_OK:
      return "ok";
    case PSEMS_CLOCK_DUE_SOON:
      return "due-soon";
    case PSEMS_CLOCK_OVERDUE:
      return "overdue";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* "3 months", "1 year", "2 weeks", "10 days", translated. */
char *
psems_clock_span_describe (PsemsClockSpan span)
{
  guint n = span.amount;

  if (span.unit == PSEMS_CLOCK_MONTHS && n % 12 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year", "%u years", n / 12), n / 12);
  if (span.unit == PSEMS_CLOCK_MONTHS)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months", n), n);
  if (n % 7 == 0 && n > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u week", "%u weeks", n / 7), n / 7);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), n);
}

static char *
describe_calendar_period (guint months)
{
  switch (months)
    {
    case 12:
      return g_strdup (_("each calendar year"));
    case 6:
      return g_strdup (_("each calendar half-year"));
    case 3:
      return g_strdup (_("each calendar quarter"));
    case 1:
      return g_strdup (_("each calendar month"));
    default:
      /* TRANSLATORS: %u is 2 or 4 */
      return g_strdup_printf (_("each calendar period of %u months"), months);
    }
}

/**
 * psems_clock_rule_describe:
 *
 * Returns: (transfer full): the rule in words, translated: "within 3 months
 * of the last one", "at least once each calendar year, no more than 18
 * months apart", "kept for 2 years".
 */
char *
psems_clock_rule_describe (const PsemsClockRule *rule)
{
  g_autofree char *interval = NULL;
  g_autofree char *base = NULL;
  guint count;

  g_return_val_if_fail (rule != NULL, NULL);

  interval = psems_clock_span_describe (rule->interval);
  count = rule_count (rule);
  switch (rule->kind)
    {
    case PSEMS_CLOCK_FROM_LAST:
      base = g_strdup_printf (_("within %s of the last one"), interval);
      break;
    case PSEMS_CLOCK_ROLLING:
      if (count == 1)
        base = g_strdup_printf (_("within %s of the last one"), interval);
      else
        base = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "at least %u time in any period of %s",
                                             "at least %u times in any period of %s", count),
                                count, interval);
      break;
    case PSEMS_CLOCK_FIXED:
      if (count == 1)
        base = g_strdup_printf (_("once in each period of %s from the start"), interval);
      else
        base = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u time in each period of %s from the start",
                                             "%u times in each period of %s from the start", count),
                                count, interval);
      break;
    case PSEMS_CLOCK_CALENDAR:
      {
        g_autofree char *period = describe_calendar_period (rule->interval.amount);

        if (count == 1)
          base = g_strdup_printf (_("at least once %s"), period);
        else
          base = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "at least %u time %s",
                                               "at least %u times %s", count),
                                  count, period);
      }
      break;
    case PSEMS_CLOCK_RETENTION:
      base = g_strdup_printf (_("kept for %s"), interval);
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  if (rule->max_gap.amount > 0 && rule->kind != PSEMS_CLOCK_RETENTION)
    {
      g_autofree char *gap = psems_clock_span_describe (rule->max_gap);

      /* TRANSLATORS: "at least once each calendar year, no more than 18 months apart" */
      return g_strdup_printf (_("%s, no more than %s apart"), base, gap);
    }
  return g_steal_pointer (&base);
}

/**
 * psems_clock_explain:
 * @status: what psems_clock_evaluate() said as of @as_of
 * @citation: (nullable): where the rule comes from ("ISPS Code B/18.5")
 *
 * Returns: (transfer full): the state in words, translated: "Overdue since
 * 3 April 2026 (within 3 months of the last one; ISPS Code B/18.5)".
 */
char *
psems_clock_explain (const PsemsClockRule   *rule,
                     const PsemsClockStatus *status,
                     PsemsDay                as_of,
                     const char             *citation)
{
  g_autofree char *how = NULL;
  g_autofree char *day = NULL;
  g_autofree char *state = NULL;

  g_return_val_if_fail (rule != NULL && status != NULL, NULL);
  g_return_val_if_fail (as_of != PSEMS_DAY_NONE, NULL);

  how = psems_clock_rule_describe (rule);
  if (status->state == PSEMS_CLOCK_OVERDUE)
    {
      day = psems_day_format (status->overdue_since);
      state = g_strdup_printf (_("Overdue since %s"), day);
    }
  else if (status->due == as_of)
    state = g_strdup (_("Due today"));
  else if (status->state == PSEMS_CLOCK_DUE_SOON && status->due > as_of)
    {
      guint left = status->due - as_of;

      day = psems_day_format (status->due);
      state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Due in %u day, on %s",
                                            "Due in %u days, on %s", left),
                               left, day);
    }
  else
    {
      day = psems_day_format (status->due);
      state = g_strdup_printf (_("Next due on %s"), day);
    }

  if (citation != NULL && *citation != '\0')
    /* TRANSLATORS: state (rule in words; citation) */
    return g_strdup_printf (_("%s (%s; %s)"), state, how, citation);
  /* TRANSLATORS: state (rule in words) */
  return g_strdup_printf (_("%s (%s)"), state, how);
}

/**
 * psems_clock_explain_violation:
 *
 * Returns: (transfer full): one line of psems_clock_check()'s answer in
 * words, translated: "Due on 2 April 2026, done 27 days late on 29 April 2026".
 */
char *
psems_clock_explain_violation (const PsemsClockRule      *rule,
                               const PsemsClockViolation *violation)
{
  g_autofree char *due = NULL;
  g_autofree char *since = NULL;
  g_autofree char *done = NULL;
  g_autofree char *what = NULL;
  gboolean period;

  g_return_val_if_fail (rule != NULL && violation != NULL, NULL);

  due = psems_day_format (violation->due);
  since = psems_day_format (violation->since);
  period = violation->constraint == PSEMS_CLOCK_BY_INTERVAL &&
           (rule->kind == PSEMS_CLOCK_FIXED || rule->kind == PSEMS_CLOCK_CALENDAR);

  if (period && violation->found == 0)
    what = g_strdup_printf (_("Nothing done in the period %s – %s"), since, due);
  else if (period)
    what = g_strdup_printf (_("Only %u of %u done in the period %s – %s"), violation->found,
                            rule_count (rule), since, due);
  else if (violation->constraint == PSEMS_CLOCK_BY_MAX_GAP)
    {
      g_autofree char *gap = psems_clock_span_describe (rule->max_gap);

      what = g_strdup_printf (_("More than %s after %s (due on %s)"), gap, since, due);
    }
  else
    what = g_strdup_printf (_("Due on %s"), due);

  if (violation->done_on == PSEMS_DAY_NONE)
    /* TRANSLATORS: a violation still open: "Due on 2 April 2026, still not done" */
    return g_strdup_printf (_("%s, still not done"), what);
  done = psems_day_format (violation->done_on);
  if (period)
    /* TRANSLATORS: "Nothing done in the period …, made good on 3 March 2027" */
    return g_strdup_printf (_("%s, made good on %s"), what, done);
  {
    guint late = violation->done_on - violation->due;

    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, done %u day late on %s",
                                         "%s, done %u days late on %s", late),
                            what, late, done);
  }
}
