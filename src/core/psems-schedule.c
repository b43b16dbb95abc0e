/* psems-schedule.c — the schedule: audits, drills, exercises and reviews per facility, their completions and their clocks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-error.h"
#include "psems-evidence.h"
#include "psems-ref.h"
#include "psems-schedule.h"
#include "psems-schedule-private.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * Field names in problems and refusals, as the schema spells them:
 * facility_id, kind, title, rule, interval_months, next_due, anchor,
 * done_on, duration_minutes, schedule_item_id.
 *
 * The item's start day (the clock's anchor for most rules) is anchor_on
 * (migration 0006): an obligation often started before its item was entered,
 * and created_at keeps when the row was written.
 */

#define ITEM_COLUMNS \
  "SELECT s.id, s.ref, s.facility_id, f.code, s.kind, s.title, s.description, s.rule," \
  " s.interval_months, s.next_due, s.last_done, s.assignee, s.created_at, s.updated_at," \
  " s.anchor_on FROM schedule_item s JOIN facility f ON f.id = s.facility_id"

#define COMPLETION_COLUMNS \
  "SELECT id, ref, schedule_item_id, due_on, done_on, duration_minutes, description, participants," \
  " lessons_learned, recorded_by, created_at FROM completion"

/* The longest a drill or exercise may take as recorded: two weeks. */
#define MAX_DURATION_MINUTES (14 * 24 * 60)
#define MAX_INTERVAL_MONTHS 120
#define ONCE_WARN_DAYS 30

static const char * const kinds[] = {
  "audit", "drill", "exercise", "cyber-drill", "assessment-review", "gap-self-assessment",
  "training", "plan-review", NULL
};

static const char * const kind_labels[] = {
  N_("Audit"), N_("Drill"), N_("Exercise"), N_("Cyber drill"), N_("Assessment review"),
  N_("GAP self-assessment"), N_("Training session"), N_("Plan review"),
};

const char * const *
psems_schedule_kinds (void)
{
  return kinds;
}

const char *
psems_schedule_kind_label (const char *kind)
{
  int i = psems_sql_find_name (kinds, G_N_ELEMENTS (kinds) - 1, kind);

  return i >= 0 ? _(kind_labels[i]) : kind;
}

/* ───────────────────────────── values ───────────────────────────── */

PsemsScheduleItem *
psems_schedule_item_new (void)
{
  return g_new0 (PsemsScheduleItem, 1);
}

void
psems_schedule_status_free (PsemsScheduleStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->explanation);
  g_free (status->citation);
  g_free (status);
}

void
psems_schedule_violation_free (PsemsScheduleViolation *violation)
{
  if (violation == NULL)
    return;
  g_free (violation->explanation);
  g_free (violation);
}

void
psems_schedule_item_free (PsemsScheduleItem *item)
{
  if (item == NULL)
    return;
  g_free (item->ref);
  g_free (item->facility_code);
  g_free (item->kind);
  g_free (item->title);
  g_free (item->description);
  g_free (item->rule);
  g_free (item->next_due);
  g_free (item->last_done);
  g_free (item->assignee);
  g_free (item->anchor);
  g_free (item->created_at);
  g_free (item->updated_at);
  psems_schedule_status_free (item->status);
  g_free (item);
}

PsemsCompletion *
psems_completion_new (void)
{
  return g_new0 (PsemsCompletion, 1);
}

void
psems_completion_free (PsemsCompletion *completion)
{
  if (completion == NULL)
    return;
  g_free (completion->ref);
  g_free (completion->due_on);
  g_free (completion->done_on);
  g_free (completion->description);
  g_free (completion->participants);
  g_free (completion->lessons_learned);
  g_free (completion->recorded_by);
  g_free (completion->created_at);
  g_free (completion);
}

static PsemsScheduleItem *
item_from_row (sqlite3_stmt *stmt)
{
  PsemsScheduleItem *s = g_new0 (PsemsScheduleItem, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->ref = psems_sql_dup_column (stmt, 1);
  s->facility_id = sqlite3_column_int64 (stmt, 2);
  s->facility_code = psems_sql_dup_column (stmt, 3);
  s->kind = psems_sql_dup_column (stmt, 4);
  s->title = psems_sql_dup_column (stmt, 5);
  s->description = psems_sql_dup_column (stmt, 6);
  s->rule = psems_sql_dup_column (stmt, 7);
  s->interval_months = sqlite3_column_int (stmt, 8);
  s->next_due = psems_sql_dup_column (stmt, 9);
  s->last_done = psems_sql_dup_column (stmt, 10);
  s->assignee = psems_sql_dup_column (stmt, 11);
  s->created_at = psems_sql_dup_column (stmt, 12);
  s->updated_at = psems_sql_dup_column (stmt, 13);
  s->anchor = psems_sql_dup_column (stmt, 14);
  if (s->anchor == NULL && s->created_at != NULL)
    s->anchor = g_strndup (s->created_at, 10);
  return s;
}

static PsemsCompletion *
completion_from_row (sqlite3_stmt *stmt)
{
  PsemsCompletion *c = g_new0 (PsemsCompletion, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->ref = psems_sql_dup_column (stmt, 1);
  c->schedule_item_id = sqlite3_column_int64 (stmt, 2);
  c->due_on = psems_sql_dup_column (stmt, 3);
  c->done_on = psems_sql_dup_column (stmt, 4);
  c->duration_minutes = sqlite3_column_int (stmt, 5);
  c->description = psems_sql_dup_column (stmt, 6);
  c->participants = psems_sql_dup_column (stmt, 7);
  c->lessons_learned = psems_sql_dup_column (stmt, 8);
  c->recorded_by = psems_sql_dup_column (stmt, 9);
  c->created_at = psems_sql_dup_column (stmt, 10);
  return c;
}

static PsemsDay
parse_day_or_none (const char *text)
{
  return text != NULL ? psems_day_parse (text) : PSEMS_DAY_NONE;
}

static char *
day_or_null (PsemsDay day)
{
  return day != PSEMS_DAY_NONE ? psems_day_format_iso (day) : NULL;
}

static PsemsClockSpan
months (guint n)
{
  return (PsemsClockSpan) { n, PSEMS_CLOCK_MONTHS };
}

/* ───────────────────────────── the clock of an item ───────────────────────────── */

typedef struct
{
  PsemsDay done;
  PsemsDay due_on;
} Done;

typedef struct
{
  PsemsRegimeRule *rule;      /* by rule; NULL by hand or once */
  PsemsClockRule clock;       /* by rule: the rule's; by hand: the interval from the last one */
  gboolean by_hand;
  PsemsDay anchor;
  PsemsDay stored_next_due;   /* by hand or once: the due date set */
  GArray *history;            /* Done, by day */
} ItemClock;

static void
item_clock_clear (ItemClock *c)
{
  g_clear_pointer (&c->rule, psems_regime_rule_free);
  g_clear_pointer (&c->history, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ItemClock, item_clock_clear)

static int
done_compare (gconstpointer a,
              gconstpointer b)
{
  const Done *x = a, *y = b;

  return x->done < y->done ? -1 : x->done > y->done;
}

/* The approval day of the facility's plan in force, or PSEMS_DAY_NONE. */
static PsemsDay
plan_approval_day (PsemsStore  *store,
                   gint64       facility_id,
                   GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  PsemsDay day = PSEMS_DAY_NONE;

  stmt = psems_store_prepare (store,
                              "SELECT approved_on FROM plan WHERE facility_id = ?1 AND status = 'approved'"
                              " AND deleted_at IS NULL ORDER BY approved_on DESC, version DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return PSEMS_DAY_NONE;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    day = psems_day_parse ((const char *) sqlite3_column_text (stmt, 0));
  return day;
}

static GArray *
load_history (PsemsStore  *store,
              gint64       item_id,
              GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GArray) history = g_array_new (FALSE, FALSE, sizeof (Done));
  int rc;

  stmt = psems_store_prepare (store,
                              "SELECT done_on, due_on FROM completion WHERE schedule_item_id = ?1"
                              " AND deleted_at IS NULL ORDER BY done_on, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Done d;

      d.done = psems_day_parse ((const char *) sqlite3_column_text (stmt, 0));
      d.due_on = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? PSEMS_DAY_NONE
               : psems_day_parse ((const char *) sqlite3_column_text (stmt, 1));
      g_array_append_val (history, d);
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "completion");
      return NULL;
    }
  return g_steal_pointer (&history);
}

/* Sets up @c for @item: its rule (from @rules when given, else the regime
 * files), anchor and completions. */
static gboolean
item_clock_init (ItemClock               *c,
                 PsemsStore              *store,
                 const PsemsScheduleItem *item,
                 GHashTable              *rules,
                 GError                 **error)
{
  memset (c, 0, sizeof *c);
  c->anchor = parse_day_or_none (item->anchor);
  if (c->anchor == PSEMS_DAY_NONE)
    c->anchor = psems_day_today ();
  c->stored_next_due = parse_day_or_none (item->next_due);

  if (item->rule != NULL)
    {
      const PsemsRegimeRule *known = rules != NULL ? g_hash_table_lookup (rules, item->rule) : NULL;

      c->rule = known != NULL ? psems_regime_rule_copy (known) : psems_regime_find_rule (item->rule, error);
      if (c->rule == NULL)
        {
          g_prefix_error (error, "%s: ", item->ref != NULL ? item->ref : item->title);
          return FALSE;
        }
      c->clock = c->rule->clock;
      if (c->rule->anchor == PSEMS_REGIME_ANCHOR_PLAN_APPROVAL && item->facility_id > 0)
        {
          g_autoptr(GError) local = NULL;
          PsemsDay approved = plan_approval_day (store, item->facility_id, &local);

          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (approved != PSEMS_DAY_NONE)
            c->anchor = approved;
        }
    }
  else if (item->interval_months > 0)
    {
      c->by_hand = TRUE;
      c->clock = (PsemsClockRule) { PSEMS_CLOCK_FROM_LAST, months ((guint) item->interval_months),
                                    1, { 0, PSEMS_CLOCK_DAYS }, 0 };
    }
  else
    /* Once: a clock only for the words of psems_clock_explain_violation(). */
    c->clock = (PsemsClockRule) { PSEMS_CLOCK_FROM_LAST, months (1), 1, { 0, PSEMS_CLOCK_DAYS }, 0 };

  if (item->id > 0)
    {
      c->history = load_history (store, item->id, error);
      if (c->history == NULL)
        return FALSE;
    }
  else
    c->history = g_array_new (FALSE, FALSE, sizeof (Done));
  return TRUE;
}

static PsemsDay *
history_days (const ItemClock *c)
{
  PsemsDay *days = g_new (PsemsDay, c->history->len + 1);

  for (guint i = 0; i < c->history->len; i++)
    days[i] = g_array_index (c->history, Done, i).done;
  return days;
}

static PsemsDay
history_last (const ItemClock *c)
{
  return c->history->len > 0 ? g_array_index (c->history, Done, c->history->len - 1).done
                             : PSEMS_DAY_NONE;
}

/* "Overdue since …", "Due today", "Due in 3 days, on …", "Next due on …". */
static char *
state_words (const PsemsScheduleStatus *st)
{
  g_autofree char *day = NULL;

  if (st->state == PSEMS_CLOCK_OVERDUE)
    {
      day = psems_day_format (st->overdue_since);
      return g_strdup_printf (_("Overdue since %s"), day);
    }
  if (st->due == st->as_of)
    return g_strdup (_("Due today"));
  day = psems_day_format (st->due);
  if (st->state == PSEMS_CLOCK_DUE_SOON && st->due > st->as_of)
    {
      guint left = st->due - st->as_of;

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Due in %u day, on %s",
                                           "Due in %u days, on %s", left), left, day);
    }
  return g_strdup_printf (_("Next due on %s"), day);
}

/* The status as of @as_of from the completions on or before it. */
static PsemsScheduleStatus *
item_clock_evaluate (const ItemClock *c,
                     PsemsDay         as_of)
{
  PsemsScheduleStatus *st = g_new0 (PsemsScheduleStatus, 1);
  PsemsDay last = PSEMS_DAY_NONE, due;
  const Done *next = NULL;
  guint warn;

  st->as_of = as_of;
  if (c->rule != NULL)
    {
      g_autofree PsemsDay *days = history_days (c);
      PsemsClockStatus cs;

      psems_clock_evaluate (&c->clock, c->anchor, days, c->history->len, as_of, &cs);
      st->state = cs.state;
      st->due = cs.due;
      st->overdue_since = cs.overdue_since;
      st->last_done = cs.last_done;
      st->explanation = psems_regime_rule_explain (c->rule, &cs, as_of);
      st->citation = g_strdup (c->rule->citation);
      return st;
    }

  /* By hand or once: each completion kept the deadline it answered, so the
   * deadline as of a past day is the one the next completion answered. */
  for (guint i = 0; i < c->history->len; i++)
    {
      const Done *d = &g_array_index (c->history, Done, i);

      if (d->done <= as_of)
        last = d->done;
      else if (next == NULL)
        next = d;
    }
  st->last_done = last;

  if (!c->by_hand && last != PSEMS_DAY_NONE)
    {
      g_autofree char *day = psems_day_format (last);

      st->state = PSEMS_CLOCK_OK;
      st->explanation = g_strdup_printf (_("Done on %s (once)"), day);
      return st;
    }

  if (next != NULL && next->due_on != PSEMS_DAY_NONE)
    due = next->due_on;
  else if (next != NULL && c->by_hand && last != PSEMS_DAY_NONE)
    due = psems_day_add (last, c->clock.interval, 1);
  else
    due = c->stored_next_due;

  if (due == PSEMS_DAY_NONE)
    {
      st->state = PSEMS_CLOCK_OK;
      st->explanation = g_strdup (_("No due date (once)"));
      return st;
    }

  st->due = due;
  warn = c->by_hand ? psems_clock_rule_warn_days (&c->clock) : ONCE_WARN_DAYS;
  if (due < as_of)
    {
      st->state = PSEMS_CLOCK_OVERDUE;
      st->overdue_since = due + 1;
    }
  else
    st->state = due - as_of <= warn ? PSEMS_CLOCK_DUE_SOON : PSEMS_CLOCK_OK;

  if (c->by_hand)
    {
      PsemsClockStatus cs = { st->state, st->due, st->overdue_since, st->last_done,
                              PSEMS_CLOCK_BY_INTERVAL };

      st->explanation = psems_clock_explain (&c->clock, &cs, as_of, NULL);
    }
  else
    {
      g_autofree char *words = state_words (st);

      /* TRANSLATORS: "Overdue since 3 April 2026 (once)" */
      st->explanation = g_strdup_printf (_("%s (once)"), words);
    }
  return st;
}

/* The first deadline the whole history does not meet: what next_due keeps.
 * By rule it does not depend on the day asked once that day is on or after
 * the last completion, so any such day gives the same answer. */
static PsemsDay
item_clock_next_due (const ItemClock *c,
                     PsemsDay         today)
{
  PsemsDay last = history_last (c);

  if (c->rule != NULL)
    {
      g_autofree PsemsDay *days = history_days (c);
      PsemsClockStatus cs;

      psems_clock_evaluate (&c->clock, c->anchor, days, c->history->len,
                            MAX (MAX (today, last), c->anchor), &cs);
      return cs.due;
    }
  if (c->by_hand)
    {
      if (last != PSEMS_DAY_NONE)
        return psems_day_add (last, c->clock.interval, 1);
      return c->stored_next_due != PSEMS_DAY_NONE ? c->stored_next_due
                                                  : psems_day_add (c->anchor, c->clock.interval, 1);
    }
  return last != PSEMS_DAY_NONE ? PSEMS_DAY_NONE : c->stored_next_due;
}

static GPtrArray *
item_clock_check (const ItemClock *c,
                  PsemsDay         from,
                  PsemsDay         to)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_schedule_violation_free);
  g_autoptr(GArray) found = NULL;

  if (c->rule != NULL)
    {
      g_autofree PsemsDay *days = history_days (c);

      found = psems_clock_check (&c->clock, c->anchor, days, c->history->len, from, to);
    }
  else
    {
      /* By hand or once: a deadline is missed when the completion that
       * answered it came later, or none came by @to. */
      PsemsDay since = c->anchor, pending = c->stored_next_due;
      gboolean open = TRUE;

      found = g_array_new (FALSE, TRUE, sizeof (PsemsClockViolation));
      for (guint i = 0; i < c->history->len; i++)
        {
          const Done *d = &g_array_index (c->history, Done, i);
          PsemsDay due = d->due_on;

          if (d->done > to)
            {
              pending = due;
              break;
            }
          if (due == PSEMS_DAY_NONE && c->by_hand && i > 0)
            due = psems_day_add (since, c->clock.interval, 1);
          if (due != PSEMS_DAY_NONE && d->done > due)
            {
              PsemsClockViolation v = { PSEMS_CLOCK_BY_INTERVAL, since, due, d->done, 0 };

              g_array_append_val (found, v);
            }
          since = d->done;
          if (!c->by_hand)
            open = FALSE;
        }
      if (open && pending != PSEMS_DAY_NONE && pending < to)
        {
          PsemsClockViolation v = { PSEMS_CLOCK_BY_INTERVAL, since, pending, PSEMS_DAY_NONE, 0 };

          g_array_append_val (found, v);
        }
      for (guint i = found->len; i > 0; i--)
        {
          const PsemsClockViolation *v = &g_array_index (found, PsemsClockViolation, i - 1);
          PsemsDay end = v->done_on != PSEMS_DAY_NONE ? v->done_on : to;

          if (v->due + 1 > to || end < from)
            g_array_remove_index (found, i - 1);
        }
    }

  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      PsemsScheduleViolation *v = g_new0 (PsemsScheduleViolation, 1);

      v->violation = g_array_index (found, PsemsClockViolation, i);
      v->explanation = psems_clock_explain_violation (&c->clock, &v->violation);
      g_ptr_array_add (out, v);
    }
  return out;
}

/* ───────────────────────────── validation ───────────────────────────── */

static PsemsScheduleItem *
item_normalize (const PsemsScheduleItem *in)
{
  PsemsScheduleItem *s = psems_schedule_item_new ();
  g_autofree char *kind = psems_sql_dup_field (in->kind);

  s->id = in->id;
  s->ref = g_strdup (in->ref);
  s->facility_id = in->facility_id;
  s->kind = kind != NULL ? g_ascii_strdown (kind, -1) : NULL;
  s->title = psems_sql_dup_field (in->title);
  s->description = psems_sql_dup_field (in->description);
  s->rule = psems_sql_dup_field (in->rule);
  s->interval_months = in->interval_months;
  s->next_due = psems_sql_dup_field (in->next_due);
  s->assignee = psems_sql_dup_field (in->assignee);
  s->anchor = psems_sql_dup_field (in->anchor);
  return s;
}

static PsemsDay
check_day (GPtrArray  *problems,
           const char *field,
           const char *text)
{
  PsemsDay day;

  if (text == NULL)
    return PSEMS_DAY_NONE;
  day = psems_day_parse (text);
  if (day == PSEMS_DAY_NONE)
    psems_field_problems_add (problems, field, _("“%s” is not a day written YYYY-MM-DD"), text);
  return day;
}

static void
validate_normalized (PsemsStore              *store,
                     const PsemsScheduleItem *s,
                     GPtrArray               *problems)
{
  if (s->facility_id <= 0)
    psems_field_problems_add (problems, "facility_id", _("A facility is required"));
  else if (s->id == 0)
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "SELECT ref, deleted_at FROM facility WHERE id = ?1", NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, s->facility_id);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            psems_field_problems_add (problems, "facility_id", _("There is no facility with id %lld"),
                                      (long long) s->facility_id);
          else if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            psems_field_problems_add (problems, "facility_id",
                                      _("%s is archived; restore it first"),
                                      (const char *) sqlite3_column_text (stmt, 0));
        }
    }

  if (s->kind == NULL)
    psems_field_problems_add (problems, "kind", _("A kind is required"));
  else if (psems_sql_find_name (kinds, G_N_ELEMENTS (kinds) - 1, s->kind) < 0)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) kinds);

      psems_field_problems_add (problems, "kind", _("“%s” is not a kind of schedule item (%s)"),
                                s->kind, known);
    }

  if (s->title == NULL)
    psems_field_problems_add (problems, "title", _("A title is required"));

  if (s->interval_months < 0 || s->interval_months > MAX_INTERVAL_MONTHS)
    psems_field_problems_add (problems, "interval_months",
                              _("%d is not an interval: give 1 to %d months"), s->interval_months,
                              MAX_INTERVAL_MONTHS);

  if (s->rule != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsemsRegimeRule) rule = psems_regime_find_rule (s->rule, &error);

      if (rule == NULL)
        psems_field_problems_add (problems, "rule", "%s", error->message);
      else if (rule->clock.kind == PSEMS_CLOCK_RETENTION)
        psems_field_problems_add (problems, "rule",
                                  _("“%s” (%s) is a retention rule, not a recurring obligation"),
                                  rule->id, rule->citation);
      else if (s->kind != NULL && rule->activity != NULL && !g_str_equal (rule->activity, s->kind) &&
               psems_sql_find_name (kinds, G_N_ELEMENTS (kinds) - 1, rule->activity) >= 0)
        psems_field_problems_add (problems, "rule",
                                  _("“%s” (%s) schedules items of kind %s, not %s"),
                                  rule->id, rule->citation, rule->activity, s->kind);
      if (s->interval_months != 0)
        psems_field_problems_add (problems, "interval_months",
                                  _("The rule %s sets the clock: give a rule or an interval, not both"),
                                  s->rule);
      if (s->next_due != NULL)
        psems_field_problems_add (problems, "next_due",
                                  _("The rule %s sets the due dates: give an anchor day instead"),
                                  s->rule);
    }

  check_day (problems, "next_due", s->next_due);
  check_day (problems, "anchor", s->anchor);
}

/**
 * psems_schedule_validate:
 * @item: the values of a form; @item->id 0 for a new item
 *
 * Every problem with @item's values: the facility (a new item's must exist
 * and not be archived), the kind, the title, the rule (it must be a regime
 * rule, recurring, of the item's kind; a rule excludes an interval and a
 * due date), the interval (1 to 120 months) and the days.
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): the problems.
 */
GPtrArray *
psems_schedule_validate (PsemsStore              *store,
                         const PsemsScheduleItem *item)
{
  g_autoptr(PsemsScheduleItem) s = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  s = item_normalize (item);
  problems = psems_field_problems_new ();
  validate_normalized (store, s, problems);
  return problems;
}

/* ───────────────────────────── reading ───────────────────────────── */

static PsemsScheduleItem *
item_lookup (PsemsStore  *store,
             gint64       id,
             GError     **error)
{
  return psems_sql_get_row (store, ITEM_COLUMNS " WHERE s.id = ?1 AND s.deleted_at IS NULL", id,
                            (PsemsRowFunc) item_from_row, "schedule_item", error,
                            _("There is no schedule item with id %lld"), (long long) id);
}

/**
 * psems_schedule_get:
 *
 * Returns: (transfer full): the item (without status), or %NULL with
 * %PSEMS_ERROR_NOT_FOUND.
 */
PsemsScheduleItem *
psems_schedule_get (PsemsStore  *store,
                    gint64       id,
                    GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return item_lookup (store, id, error);
}

/**
 * psems_schedule_resolve:
 * @text: an item's reference, SCH-2026-0001, in any letter case
 *
 * Returns: its id, or 0 with %PSEMS_ERROR_NOT_FOUND or _INVALID naming @text.
 */
gint64
psems_schedule_resolve (PsemsStore  *store,
                        const char  *text,
                        GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No schedule item given: name one by its reference, SCH-YYYY-NNNN"));
      return 0;
    }
  return psems_ref_resolve (store, "schedule", trimmed, error);
}

/* Every rule of every regime file by id, loaded once for a list. */
static GHashTable *
load_rules (void)
{
  g_autoptr(GPtrArray) regimes = psems_regime_load_all (NULL);
  GHashTable *rules = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) psems_regime_rule_free);

  for (guint i = 0; i < regimes->len; i++)
    {
      const PsemsRegime *regime = g_ptr_array_index (regimes, i);

      for (guint j = 0; j < regime->rules->len; j++)
        {
          PsemsRegimeRule *rule = psems_regime_rule_copy (g_ptr_array_index (regime->rules, j));

          g_hash_table_replace (rules, rule->id, rule);
        }
    }
  return rules;
}

/* Overdue first, then by due date (none last), then by reference. */
static int
item_compare (gconstpointer a,
              gconstpointer b)
{
  const PsemsScheduleItem *x = *(PsemsScheduleItem * const *) a;
  const PsemsScheduleItem *y = *(PsemsScheduleItem * const *) b;
  gboolean ox = x->status->state == PSEMS_CLOCK_OVERDUE, oy = y->status->state == PSEMS_CLOCK_OVERDUE;
  guint32 dx = x->status->due != PSEMS_DAY_NONE ? x->status->due : G_MAXUINT32;
  guint32 dy = y->status->due != PSEMS_DAY_NONE ? y->status->due : G_MAXUINT32;

  if (ox != oy)
    return ox ? -1 : 1;
  if (dx != dy)
    return dx < dy ? -1 : 1;
  return g_strcmp0 (x->ref, y->ref);
}

/**
 * psems_schedule_list:
 * @filter: (nullable): which items, as of which day; %NULL for all as of today
 *
 * Returns: (transfer full) (element-type PsemsScheduleItem): the items with
 * their status as of the filter's day (overdue first, then by due date and
 * reference), or %NULL with @error set (%PSEMS_ERROR_INVALID for a filter
 * day that is not YYYY-MM-DD or an unknown kind). An item whose rule is in
 * no regime file is listed with an explanation saying so and its stored
 * due date.
 */
GPtrArray *
psems_schedule_list (PsemsStore                *store,
                     const PsemsScheduleFilter *filter,
                     GError                   **error)
{
  static const PsemsScheduleFilter all = { 0 };
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) rules = NULL;
  GPtrArray *out;
  PsemsDay as_of;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter == NULL)
    filter = &all;
  as_of = filter->as_of != NULL ? psems_day_parse (filter->as_of) : psems_day_today ();
  if (as_of == PSEMS_DAY_NONE)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Schedule: as_of: “%s” is not a day written YYYY-MM-DD"), filter->as_of);
      return NULL;
    }
  if (filter->kind != NULL && psems_sql_find_name (kinds, G_N_ELEMENTS (kinds) - 1, filter->kind) < 0)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) kinds);

      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Schedule: kind: “%s” is not a kind of schedule item (%s)"), filter->kind, known);
      return NULL;
    }

  stmt = psems_store_prepare (store,
                              ITEM_COLUMNS " WHERE s.deleted_at IS NULL"
                              " AND (?1 = 0 OR s.facility_id = ?1) AND (?2 IS NULL OR s.kind = ?2)"
                              " ORDER BY s.ref", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, filter->facility_id);
  psems_sql_bind_text (stmt, 2, filter->kind);
  items = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) item_from_row,
                                  (GDestroyNotify) psems_schedule_item_free, "schedule_item", error);
  if (items == NULL)
    return NULL;
  g_clear_pointer (&stmt, psems_stmt_release);

  rules = load_rules ();
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_schedule_item_free);
  for (guint i = 0; i < items->len; i++)
    {
      PsemsScheduleItem *item = g_ptr_array_index (items, i);
      g_auto(ItemClock) clock = { 0 };
      g_autoptr(GError) local = NULL;
      PsemsScheduleStatus *st;

      if (item_clock_init (&clock, store, item, rules, &local))
        st = item_clock_evaluate (&clock, as_of);
      else if (g_error_matches (local, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND))
        {
          st = g_new0 (PsemsScheduleStatus, 1);
          st->as_of = as_of;
          st->due = parse_day_or_none (item->next_due);
          st->last_done = parse_day_or_none (item->last_done);
          if (st->due != PSEMS_DAY_NONE && st->due < as_of)
            {
              st->state = PSEMS_CLOCK_OVERDUE;
              st->overdue_since = st->due + 1;
            }
          st->explanation = g_strdup_printf (_("The rule “%s” is in no regime file; the due date "
                                               "is the one last stored"), item->rule);
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local));
          g_ptr_array_unref (out);
          return NULL;
        }

      if ((filter->overdue && st->state != PSEMS_CLOCK_OVERDUE) ||
          (filter->due_within_set &&
           (st->due == PSEMS_DAY_NONE || st->due > as_of + filter->due_within_days)))
        {
          psems_schedule_status_free (st);
          continue;
        }
      item->status = st;
      g_ptr_array_add (out, g_steal_pointer (&items->pdata[i]));
    }
  g_ptr_array_sort (out, item_compare);
  return out;
}

/**
 * psems_schedule_list_completions:
 *
 * Returns: (transfer full) (element-type PsemsCompletion): the item's
 * completions, the latest first.
 */
GPtrArray *
psems_schedule_list_completions (PsemsStore  *store,
                                 gint64       item_id,
                                 GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = psems_store_prepare (store,
                              COMPLETION_COLUMNS " WHERE schedule_item_id = ?1 AND deleted_at IS NULL"
                              " ORDER BY done_on DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, item_id);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) completion_from_row,
                                 (GDestroyNotify) psems_completion_free, "completion", error);
}

/**
 * psems_schedule_evaluate:
 * @item: an item as psems_schedule_get() returns it
 * @as_of: the day asked about; completions after it do not count
 *
 * Returns: (transfer full): where @item stood on @as_of: ok, due soon or
 * overdue (and since when), the deadline, the last completion and the
 * explanation in words; %NULL with @error set when its rule is in no
 * regime file.
 */
PsemsScheduleStatus *
psems_schedule_evaluate (PsemsStore              *store,
                         const PsemsScheduleItem *item,
                         PsemsDay                 as_of,
                         GError                 **error)
{
  g_auto(ItemClock) clock = { 0 };

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (as_of != PSEMS_DAY_NONE, NULL);

  if (!item_clock_init (&clock, store, item, NULL, error))
    return NULL;
  return item_clock_evaluate (&clock, as_of);
}

/**
 * psems_schedule_check:
 * @from: the first day of the period, @to its last (both counted)
 *
 * Compliance over a period (psems_clock_check() for an item by rule; for an
 * item by hand or once, each deadline answered late or not at all by @to).
 *
 * Returns: (transfer full) (element-type PsemsScheduleViolation): the
 * missed deadlines whose overdue spell meets the period, empty when the
 * item was compliant; %NULL with @error set.
 */
GPtrArray *
psems_schedule_check (PsemsStore              *store,
                      const PsemsScheduleItem *item,
                      PsemsDay                 from,
                      PsemsDay                 to,
                      GError                 **error)
{
  g_auto(ItemClock) clock = { 0 };

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (from != PSEMS_DAY_NONE && to >= from, NULL);

  if (!item_clock_init (&clock, store, item, NULL, error))
    return NULL;
  return item_clock_check (&clock, from, to);
}

/**
 * psems_schedule_describe_clock:
 * @rule: (nullable): @item's rule when it has one
 *
 * Returns: (transfer full): how @item's due dates are set, in words:
 * "within 3 months of the last one; ISPS Code B/18.5", "every 6 months,
 * set by hand", "once".
 */
char *
psems_schedule_describe_clock (const PsemsScheduleItem *item,
                               const PsemsRegimeRule   *rule)
{
  g_return_val_if_fail (item != NULL, NULL);

  if (rule != NULL)
    {
      g_autofree char *how = psems_clock_rule_describe (&rule->clock);

      /* TRANSLATORS: rule in words; citation */
      return g_strdup_printf (_("%s; %s"), how, rule->citation);
    }
  if (item->interval_months > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "every %d month from the last one, set by hand",
                                         "every %d months from the last one, set by hand",
                                         (gulong) item->interval_months),
                            item->interval_months);
  return g_strdup (_("once"));
}

/* ───────────────────────────── writing ───────────────────────────── */

/* The stored due dates of @id after a write, in @txn. */
static gboolean
store_due_dates (PsemsStore       *store,
                 gint64            id,
                 PsemsDay          next_due,
                 PsemsDay          last_done,
                 GError          **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *next = day_or_null (next_due);
  g_autofree char *last = day_or_null (last_done);

  stmt = psems_store_prepare (store, "UPDATE schedule_item SET next_due = ?2, last_done = ?3 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  psems_sql_bind_text (stmt, 2, next);
  psems_sql_bind_text (stmt, 3, last);
  return psems_sql_step_done (store, stmt, "schedule_item", error);
}

/**
 * psems_schedule_refresh_due_dates:
 * @today: the day the write happens
 *
 * Recomputes an item's next_due and last_done from its rule (or interval)
 * and its completions, inside the caller's transaction. The demo data uses
 * it; every write here does the same.
 */
gboolean
psems_schedule_refresh_due_dates (PsemsStore  *store,
                                  gint64       id,
                                  PsemsDay     today,
                                  GError     **error)
{
  g_autoptr(PsemsScheduleItem) item = NULL;
  g_auto(ItemClock) clock = { 0 };

  item = item_lookup (store, id, error);
  if (item == NULL || !item_clock_init (&clock, store, item, NULL, error))
    return FALSE;
  return store_due_dates (store, id, item_clock_next_due (&clock, today), history_last (&clock), error);
}

/**
 * psems_schedule_create:
 * @item: the new item's values (@id and @ref are ignored); @anchor, when
 *   given, is its start day (back-dated or ahead), else today
 * @ref: (out) (optional): the new item's reference
 *
 * Adds an item after psems_schedule_validate(); any problem refuses the
 * whole write ("<what>: <field>: <message>") and nothing is written. Its
 * next_due is computed (see the top of psems-schedule.h).
 *
 * Returns: the new item's id, or 0 with @error set.
 */
gint64
psems_schedule_create (PsemsStore              *store,
                       PsemsActor              *actor,
                       const PsemsScheduleItem *item,
                       char                   **ref,
                       GError                 **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsScheduleItem) s = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_auto(ItemClock) clock = { 0 };
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  g_autofree char *next_due = NULL;
  g_autofree char *what = NULL;
  int year;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (item != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  s = item_normalize (item);
  s->id = 0;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "schedule", s->facility_id, error);
  if (txn == NULL)
    return 0;

  problems = psems_field_problems_new ();
  validate_normalized (store, s, problems);
  what = s->title != NULL ? g_strdup_printf (_("Schedule item “%s”"), s->title)
                          : g_strdup (_("New schedule item"));
  if (!psems_field_problems_to_error (problems, what, error))
    return 0;

  now = psems_sql_now_stamp (&year);
  if (s->anchor == NULL)
    s->anchor = g_strndup (now, 10);
  if (!item_clock_init (&clock, store, s, NULL, error))
    return 0;
  next_due = day_or_null (item_clock_next_due (&clock, psems_day_today ()));

  new_ref = psems_ref_allocate (txn, "SCH", year, error);
  if (new_ref == NULL)
    return 0;
  stmt = psems_store_prepare (store,
                              "INSERT INTO schedule_item (ref, facility_id, kind, title, description, rule,"
                              " interval_months, next_due, assignee, anchor_on, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  sqlite3_bind_int64 (stmt, 2, s->facility_id);
  psems_sql_bind_text (stmt, 3, s->kind);
  psems_sql_bind_text (stmt, 4, s->title);
  psems_sql_bind_text (stmt, 5, s->description);
  psems_sql_bind_text (stmt, 6, s->rule);
  if (s->interval_months > 0)
    sqlite3_bind_int (stmt, 7, s->interval_months);
  psems_sql_bind_text (stmt, 8, next_due);
  psems_sql_bind_text (stmt, 9, s->assignee);
  psems_sql_bind_text (stmt, 10, s->anchor);
  psems_sql_bind_text (stmt, 11, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));

  if (!psems_transaction_record_row (txn, "create", "schedule", id, NULL, error))
    return 0;
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/**
 * psems_schedule_update:
 * @item: the item's new values; @id names it; @facility_id is ignored;
 *   @anchor %NULL keeps the start day; @next_due is taken for an item by
 *   hand or once (%NULL: computed), and must be %NULL or unchanged for an
 *   item by rule
 *
 * Writes an item's values after psems_schedule_validate() and recomputes
 * its due dates; any problem refuses the write ("<ref>: <field>:
 * <message>") and nothing is written.
 */
gboolean
psems_schedule_update (PsemsStore              *store,
                       PsemsActor              *actor,
                       const PsemsScheduleItem *item,
                       GError                 **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsScheduleItem) s = NULL;
  g_autoptr(PsemsScheduleItem) current = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_auto(ItemClock) clock = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  g_autofree char *next_due = NULL;
  g_autofree char *last_done = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (item != NULL && item->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = item_lookup (store, item->id, error);
  if (current == NULL)
    return FALSE;
  s = item_normalize (item);
  s->facility_id = current->facility_id;
  g_free (s->ref);
  s->ref = g_strdup (current->ref);
  /* A form hands back the computed due date of an item by rule unchanged. */
  if (s->rule != NULL && g_strcmp0 (s->next_due, current->next_due) == 0)
    g_clear_pointer (&s->next_due, g_free);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "schedule", s->facility_id, error);
  if (txn == NULL)
    return FALSE;

  problems = psems_field_problems_new ();
  validate_normalized (store, s, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;

  if (s->anchor == NULL)
    s->anchor = g_strdup (current->anchor);

  if (!item_clock_init (&clock, store, s, NULL, error))
    return FALSE;
  /* By hand or once, a due date given is the one that holds (postponed or
   * brought forward); a once item done has none. */
  if (s->rule == NULL && s->next_due != NULL && (clock.by_hand || clock.history->len == 0))
    next_due = g_strdup (s->next_due);
  else
    next_due = day_or_null (item_clock_next_due (&clock, psems_day_today ()));
  last_done = day_or_null (history_last (&clock));

  if (g_strcmp0 (s->kind, current->kind) == 0 && g_strcmp0 (s->title, current->title) == 0 &&
      g_strcmp0 (s->description, current->description) == 0 && g_strcmp0 (s->rule, current->rule) == 0 &&
      s->interval_months == current->interval_months && g_strcmp0 (next_due, current->next_due) == 0 &&
      g_strcmp0 (last_done, current->last_done) == 0 && g_strcmp0 (s->assignee, current->assignee) == 0 &&
      g_strcmp0 (s->anchor, current->anchor) == 0)
    return TRUE;

  before = psems_transaction_image (txn, "schedule", s->id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store,
                              "UPDATE schedule_item SET kind = ?2, title = ?3, description = ?4, rule = ?5,"
                              " interval_months = ?6, next_due = ?7, last_done = ?8, assignee = ?9,"
                              " anchor_on = ?10, updated_at = ?11 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, s->id);
  psems_sql_bind_text (stmt, 2, s->kind);
  psems_sql_bind_text (stmt, 3, s->title);
  psems_sql_bind_text (stmt, 4, s->description);
  psems_sql_bind_text (stmt, 5, s->rule);
  if (s->interval_months > 0)
    sqlite3_bind_int (stmt, 6, s->interval_months);
  psems_sql_bind_text (stmt, 7, next_due);
  psems_sql_bind_text (stmt, 8, last_done);
  psems_sql_bind_text (stmt, 9, s->assignee);
  psems_sql_bind_text (stmt, 10, s->anchor);
  psems_sql_bind_text (stmt, 11, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error))
    return FALSE;
  if (!psems_transaction_record_row (txn, "update", "schedule", s->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* Deletes (@delete) or restores a schedule item in one audited write; its completions stay. */
static gboolean
set_item_deleted (PsemsStore  *store,
                  PsemsActor  *actor,
                  gint64       id,
                  gboolean     delete,
                  GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsCachedStmt) find = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  gint64 facility_id;
  gboolean deleted;

  find = psems_store_prepare (store, "SELECT facility_id, ref, deleted_at IS NOT NULL FROM schedule_item"
                                     " WHERE id = ?1", error);
  if (find == NULL)
    return FALSE;
  sqlite3_bind_int64 (find, 1, id);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                   _("There is no schedule item with id %lld"), (long long) id);
      return FALSE;
    }
  facility_id = sqlite3_column_int64 (find, 0);
  ref = psems_sql_dup_column (find, 1);
  deleted = sqlite3_column_int (find, 2) != 0;
  sqlite3_reset (find);

  txn = psems_transaction_begin (store, actor, delete ? PSEMS_OP_DELETE : PSEMS_OP_RESTORE, "schedule",
                                 facility_id, error);
  if (txn == NULL)
    return FALSE;
  if (delete == deleted)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   delete ? _("%s is already deleted") : _("%s is not deleted"), ref);
      return FALSE;
    }
  before = psems_transaction_image (txn, "schedule", id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE schedule_item SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  psems_sql_bind_text (stmt, 2, delete ? now : NULL);
  psems_sql_bind_text (stmt, 3, now);
  if (!psems_sql_step_done (store, stmt, ref, error) ||
      !psems_transaction_record_row (txn, delete ? "delete" : "restore", "schedule", id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_schedule_delete:
 *
 * Deletes a schedule item entered by mistake or no longer required (soft: the row, its
 * completions and their evidence stay, and psems_schedule_restore() brings it back).
 */
gboolean
psems_schedule_delete (PsemsStore  *store,
                       PsemsActor  *actor,
                       gint64       id,
                       GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_item_deleted (store, actor, id, TRUE, error);
}

/**
 * psems_schedule_restore:
 *
 * Brings back a deleted schedule item (the undo of psems_schedule_delete()), with the same
 * permission as deleting it.
 */
gboolean
psems_schedule_restore (PsemsStore  *store,
                        PsemsActor  *actor,
                        gint64       id,
                        GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_item_deleted (store, actor, id, FALSE, error);
}

/* ───────────────────────────── completions ───────────────────────────── */

static PsemsCompletion *
completion_normalize (const PsemsCompletion *in)
{
  PsemsCompletion *c = psems_completion_new ();

  c->schedule_item_id = in->schedule_item_id;
  c->done_on = psems_sql_dup_field (in->done_on);
  c->duration_minutes = in->duration_minutes;
  c->description = psems_sql_dup_field (in->description);
  c->participants = psems_sql_dup_field (in->participants);
  c->lessons_learned = psems_sql_dup_field (in->lessons_learned);
  c->recorded_by = psems_sql_dup_field (in->recorded_by);
  return c;
}

static void
validate_completion (PsemsStore             *store,
                     const PsemsCompletion  *c,
                     const PsemsScheduleItem *item,
                     GPtrArray              *problems)
{
  PsemsDay done;

  if (item == NULL)
    psems_field_problems_add (problems, "schedule_item_id", _("There is no schedule item with id %lld"),
                              (long long) c->schedule_item_id);

  if (c->done_on == NULL)
    psems_field_problems_add (problems, "done_on", _("The day it was done is required (YYYY-MM-DD)"));
  else if ((done = psems_day_parse (c->done_on)) == PSEMS_DAY_NONE)
    psems_field_problems_add (problems, "done_on", _("“%s” is not a day written YYYY-MM-DD"), c->done_on);
  else if (done > psems_day_today ())
    psems_field_problems_add (problems, "done_on",
                              _("%s is in the future: record a completion once it is done"), c->done_on);
  else if (item != NULL && item->anchor != NULL && done < psems_day_parse (item->anchor))
    psems_field_problems_add (problems, "done_on",
                              _("%s is before %s started on %s: move its start (anchor) back first"),
                              c->done_on, item->ref, item->anchor);

  if (c->duration_minutes < 0 || c->duration_minutes > MAX_DURATION_MINUTES)
    psems_field_problems_add (problems, "duration_minutes",
                              _("%d is not a duration: give 1 to %d minutes (0 when not recorded)"),
                              c->duration_minutes, MAX_DURATION_MINUTES);
}

/**
 * psems_completion_validate:
 *
 * Every problem with @completion's values: the item, the day it was done
 * (required, not in the future, not before the item's start) and the
 * duration.
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): the problems.
 */
GPtrArray *
psems_completion_validate (PsemsStore            *store,
                           const PsemsCompletion *completion)
{
  g_autoptr(PsemsCompletion) c = NULL;
  g_autoptr(PsemsScheduleItem) item = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (completion != NULL, NULL);

  c = completion_normalize (completion);
  item = item_lookup (store, c->schedule_item_id, NULL);
  problems = psems_field_problems_new ();
  validate_completion (store, c, item, problems);
  return problems;
}

/**
 * psems_schedule_record_completion:
 * @completion: what was done (33 CFR 105.225: the day, the duration, the
 *   description or scenario, the participants, the lessons learned)
 * @evidence: (nullable) (array zero-terminated=1): files to keep as its
 *   evidence (a drill sheet, photos), attached to it
 * @ref: (out) (optional): the new completion's reference
 *
 * Records that an item was done and, in the same write, recomputes its
 * next_due and last_done. The completion keeps the deadline it answered
 * (due_on). A completion dated in the future is refused naming the day; a
 * refused evidence file refuses the completion too; nothing is written then.
 *
 * Returns: the new completion's id, or 0 with @error set.
 */
gint64
psems_schedule_record_completion (PsemsStore            *store,
                                  PsemsActor            *actor,
                                  const PsemsCompletion *completion,
                                  const char * const    *evidence,
                                  char                 **ref,
                                  GError               **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsCompletion) c = NULL;
  g_autoptr(PsemsScheduleItem) item = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(PsemsScheduleStatus) answered = NULL;
  g_auto(ItemClock) clock = { 0 };
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  g_autofree char *due_on = NULL;
  g_autofree char *before = NULL;
  g_autofree char *what = NULL;
  PsemsDay done;
  Done entry;
  int year;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (completion != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  c = completion_normalize (completion);
  item = item_lookup (store, c->schedule_item_id, error);
  if (item == NULL)
    return 0;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "completion", item->facility_id, error);
  if (txn == NULL)
    return 0;

  problems = psems_field_problems_new ();
  validate_completion (store, c, item, problems);
  what = g_strdup_printf (_("Completion of %s"), item->ref);
  if (!psems_field_problems_to_error (problems, what, error))
    return 0;
  done = psems_day_parse (c->done_on);

  if (!item_clock_init (&clock, store, item, NULL, error))
    return 0;
  /* The deadline it answers: the one in force on the day it was done. */
  answered = item_clock_evaluate (&clock, done);
  due_on = day_or_null (answered->due);

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "CMP", year, error);
  if (new_ref == NULL)
    return 0;
  stmt = psems_store_prepare (store,
                              "INSERT INTO completion (ref, schedule_item_id, due_on, done_on, duration_minutes,"
                              " description, participants, lessons_learned, recorded_by, created_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  sqlite3_bind_int64 (stmt, 2, item->id);
  psems_sql_bind_text (stmt, 3, due_on);
  psems_sql_bind_text (stmt, 4, c->done_on);
  if (c->duration_minutes > 0)
    sqlite3_bind_int (stmt, 5, c->duration_minutes);
  psems_sql_bind_text (stmt, 6, c->description);
  psems_sql_bind_text (stmt, 7, c->participants);
  psems_sql_bind_text (stmt, 8, c->lessons_learned);
  psems_sql_bind_text (stmt, 9, c->recorded_by != NULL ? c->recorded_by
                                                       : psems_actor_get_name (actor));
  psems_sql_bind_text (stmt, 10, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!psems_transaction_record_row (txn, "create", "completion", id, NULL, error))
    return 0;

  /* The item's stored due dates follow, audited as its update. */
  entry.done = done;
  entry.due_on = answered->due;
  g_array_append_val (clock.history, entry);
  g_array_sort (clock.history, done_compare);
  before = psems_transaction_image (txn, "schedule", item->id, error);
  if (before == NULL)
    return 0;
  if (!store_due_dates (store, item->id, item_clock_next_due (&clock, psems_day_today ()),
                        history_last (&clock), error))
    return 0;
  if (!psems_transaction_record_row (txn, "update", "schedule", item->id, before, error))
    return 0;

  for (guint i = 0; evidence != NULL && evidence[i] != NULL; i++)
    if (psems_evidence_add_in_transaction (txn, evidence[i], NULL, "completion", id, NULL, NULL,
                                           error) <= 0)
      {
        g_prefix_error (error, "%s: ", what);
        return 0;
      }
  if (!psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}
