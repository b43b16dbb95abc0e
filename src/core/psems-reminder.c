/* psems-reminder.c — what became overdue and what expires soon, as of a day: the reminders shown when a database opens. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "psems-clock.h"
#include "psems-reminder.h"
#include "psems-schedule.h"
#include "psems-store-private.h"

/* Every query binds :day (YYYY-MM-DD) and :until (the day plus the horizon) and returns, most
 * urgent first: id, ref, title, detail, facility code, day, and whether the record belongs to
 * an incident (lessons: shown with the incident, else with the drill's schedule item).
 * Soft-deleted rows and records of archived facilities never count; the definitions follow
 * psems-dashboard.c's, so the dashboard and the reminders agree. */

static const char sql_actions_overdue[] =
  "SELECT f.id, f.ref, f.title, NULL, fa.code, f.due_on, 0 FROM finding f"
  " JOIN facility fa ON fa.id = f.facility_id"
  " WHERE f.deleted_at IS NULL AND fa.deleted_at IS NULL AND f.raised_on <= :day"
  "   AND (f.closed_on IS NULL OR f.closed_on > :day) AND f.due_on < :day"
  " ORDER BY f.due_on, f.ref";

static const char sql_lessons_overdue[] =
  "SELECT l.id, l.ref, l.text, NULL, fa.code, f.due_on, l.incident_id IS NOT NULL FROM lesson l"
  " JOIN finding f ON f.id = l.finding_id"
  " JOIN facility fa ON fa.id = l.facility_id"
  " WHERE l.deleted_at IS NULL AND f.deleted_at IS NULL AND fa.deleted_at IS NULL"
  "   AND substr (l.created_at, 1, 10) <= :day"
  "   AND (l.implemented_on IS NULL OR l.implemented_on > :day) AND f.due_on < :day"
  " ORDER BY f.due_on, l.ref";

#define PLAN_REVIEWS(condition) \
  "SELECT p.id, p.ref, p.title, NULL, fa.code, p.next_review_due, 0 FROM plan p" \
  " JOIN facility fa ON fa.id = p.facility_id" \
  " WHERE p.deleted_at IS NULL AND fa.deleted_at IS NULL AND p.status = 'approved'" \
  "   AND " condition \
  " ORDER BY p.next_review_due, p.ref"

static const char sql_plan_reviews_overdue[] = PLAN_REVIEWS ("p.next_review_due < :day");
static const char sql_plan_reviews_due[] =
  PLAN_REVIEWS ("p.next_review_due >= :day AND p.next_review_due <= :until");

/* A renewal already granted (a later expiry among the vettings covering the day) takes a
 * person out, as on the dashboard. */
static const char sql_vetting_expiring[] =
  "SELECT p.id, p.ref, p.display_name, NULL, NULL, x.until, 0 FROM ("
  "  SELECT v.person_id, max (v.expires_on) AS until"
  "  FROM vetting v JOIN person p ON p.id = v.person_id"
  "  WHERE v.status = 'cleared' AND v.deleted_at IS NULL AND p.deleted_at IS NULL"
  "    AND v.issued_on <= :day AND v.expires_on >= :day"
  "  GROUP BY v.person_id) x"
  " JOIN person p ON p.id = x.person_id"
  " WHERE x.until <= :until"
  " ORDER BY x.until, p.sort_name, p.id";

/* A person's training of a course lapses on the latest expiry among its records; a record that
 * never lapses keeps it. */
static const char sql_training_expiring[] =
  "SELECT p.id, p.ref, p.display_name, c.name, NULL, t.until, 0 FROM ("
  "  SELECT person_id, course_id, max (expires_on) AS until,"
  "         max (expires_on IS NULL) AS forever"
  "  FROM training_record WHERE deleted_at IS NULL AND completed_on <= :day"
  "  GROUP BY person_id, course_id) t"
  " JOIN person p ON p.id = t.person_id"
  " JOIN training_course c ON c.id = t.course_id"
  " WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL AND NOT t.forever"
  "   AND t.until >= :day AND t.until <= :until"
  " ORDER BY t.until, p.sort_name, c.name, p.id";

typedef struct
{
  PsemsReminderKind kind;
  const char *name;
  gboolean overdue;
  const char *entity;
  const char *section;
  const char *sql;          /* NULL: the schedule, through the clock engine */
} KindInfo;

static const KindInfo kinds[PSEMS_N_REMINDER_KINDS] = {
  { PSEMS_REMINDER_SCHEDULE_OVERDUE, "schedule-overdue", TRUE, "schedule", "schedule", NULL },
  { PSEMS_REMINDER_ACTION_OVERDUE, "actions-overdue", TRUE, "finding", "findings",
    sql_actions_overdue },
  { PSEMS_REMINDER_LESSON_OVERDUE, "lessons-overdue", TRUE, "lesson", "incidents",
    sql_lessons_overdue },
  { PSEMS_REMINDER_PLAN_REVIEW_OVERDUE, "plan-reviews-overdue", TRUE, "plan", "plans",
    sql_plan_reviews_overdue },
  { PSEMS_REMINDER_SCHEDULE_DUE, "schedule-due", FALSE, "schedule", "schedule", NULL },
  { PSEMS_REMINDER_VETTING_EXPIRING, "vetting-expiring", FALSE, "vetting", "personnel",
    sql_vetting_expiring },
  { PSEMS_REMINDER_TRAINING_EXPIRING, "training-expiring", FALSE, "training", "personnel",
    sql_training_expiring },
  { PSEMS_REMINDER_PLAN_REVIEW_DUE, "plan-reviews-due", FALSE, "plan", "plans",
    sql_plan_reviews_due },
};

static void
reminder_item_free (PsemsReminderItem *item)
{
  if (item == NULL)
    return;
  g_free (item->ref);
  g_free (item->title);
  g_free (item->detail);
  g_free (item->facility_code);
  g_free (item->day);
  g_free (item);
}

static void
reminder_free (PsemsReminder *reminder)
{
  if (reminder == NULL)
    return;
  g_clear_pointer (&reminder->items, g_ptr_array_unref);
  g_free (reminder);
}

static PsemsReminder *
reminder_new (const KindInfo *info,
              gboolean        counts_only)
{
  PsemsReminder *reminder = g_new0 (PsemsReminder, 1);

  reminder->kind = info->kind;
  reminder->overdue = info->overdue;
  reminder->entity = info->entity;
  reminder->section = info->section;
  reminder->counts_only = counts_only;
  reminder->items = g_ptr_array_new_with_free_func ((GDestroyNotify) reminder_item_free);
  return reminder;
}

static gboolean
query_kind (PsemsStore     *store,
            PsemsReminder  *reminder,
            const char     *sql,
            const char     *day,
            const char     *until,
            GError        **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":day"), day, -1, SQLITE_STATIC);
  /* Only the horizon's queries read :until; index 0 is refused harmlessly by the others. */
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":until"), until, -1,
                     SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PsemsReminderItem *item;

      reminder->count++;
      if (reminder->counts_only || reminder->items->len >= PSEMS_REMINDER_MAX_ITEMS)
        continue;
      item = g_new0 (PsemsReminderItem, 1);
      item->id = sqlite3_column_int64 (stmt, 0);
      item->ref = psems_sql_dup_column (stmt, 1);
      item->title = psems_sql_dup_column (stmt, 2);
      item->detail = psems_sql_dup_column (stmt, 3);
      item->facility_code = psems_sql_dup_column (stmt, 4);
      item->day = psems_sql_dup_column (stmt, 5);
      item->section = reminder->kind == PSEMS_REMINDER_LESSON_OVERDUE && !sqlite3_column_int (stmt, 6)
                      ? "schedule" : reminder->section;
      g_ptr_array_add (reminder->items, item);
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, psems_reminder_kind_to_string (reminder->kind));
      return FALSE;
    }
  /* Lessons live with their incident or their drill: the reminder leads to the most urgent. */
  if (reminder->items->len > 0)
    reminder->section = ((PsemsReminderItem *) g_ptr_array_index (reminder->items, 0))->section;
  return TRUE;
}

static void
add_schedule_item (PsemsReminder           *reminder,
                   const PsemsScheduleItem *schedule_item,
                   PsemsDay                 day)
{
  PsemsReminderItem *item;

  reminder->count++;
  if (reminder->counts_only || reminder->items->len >= PSEMS_REMINDER_MAX_ITEMS)
    return;
  item = g_new0 (PsemsReminderItem, 1);
  item->id = schedule_item->id;
  item->ref = g_strdup (schedule_item->ref);
  item->title = g_strdup (schedule_item->title);
  item->facility_code = g_strdup (schedule_item->facility_code);
  item->day = psems_day_format_iso (day);
  item->section = reminder->section;
  g_ptr_array_add (reminder->items, item);
}

/* The schedule's deadlines come from the clock engine (rules, anchors, completions), so both
 * schedule kinds read psems_schedule_list(): overdue first, then by deadline. */
static gboolean
query_schedule (PsemsStore     *store,
                PsemsReminder  *overdue,
                PsemsReminder  *due,
                const char     *day,
                guint           horizon_days,
                GError        **error)
{
  PsemsScheduleFilter filter = { 0 };
  g_autoptr(GPtrArray) items = NULL;
  PsemsDay as_of = psems_day_parse (day);

  filter.as_of = day;
  filter.due_within_set = TRUE;
  filter.due_within_days = horizon_days;
  items = psems_schedule_list (store, &filter, error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      const PsemsScheduleItem *item = g_ptr_array_index (items, i);
      const PsemsScheduleStatus *status = item->status;

      if (status == NULL || status->due == PSEMS_DAY_NONE)
        continue;
      if (status->state == PSEMS_CLOCK_OVERDUE)
        add_schedule_item (overdue, item, status->due);
      else if (status->due >= as_of && status->due <= as_of + horizon_days)
        add_schedule_item (due, item, status->due);
    }
  return TRUE;
}

/**
 * psems_reminders_compute:
 * @actor: who will read them: kinds whose records the actor may not read one by one (a
 *   manager and vetting) are counted without naming any record
 * @as_of: the day
 * @horizon_days: how far ahead "expires soon" looks (0: the day itself)
 *
 * What is overdue on @as_of and what falls due or expires within @horizon_days of it (see
 * #PsemsReminderKind). Safe on a worker's connection (psems_store_open_worker()).
 *
 * Returns: (transfer full): the reminders, or %NULL with @error set
 */
PsemsReminders *
psems_reminders_compute (PsemsStore        *store,
                         const PsemsActor  *actor,
                         const GDate       *as_of,
                         guint              horizon_days,
                         GError           **error)
{
  g_autoptr(PsemsReminders) self = NULL;
  PsemsReminder *found[PSEMS_N_REMINDER_KINDS] = { NULL };
  GDate until_date;
  char day[16], until[16];

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (as_of != NULL && g_date_valid (as_of), NULL);
  g_return_val_if_fail (horizon_days <= 3660, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (PsemsReminders, 1);
  self->as_of = *as_of;
  self->horizon_days = horizon_days;
  self->reminders = g_ptr_array_new_with_free_func ((GDestroyNotify) reminder_free);
  until_date = *as_of;
  g_date_add_days (&until_date, horizon_days);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", as_of);
  g_date_strftime (until, sizeof until, "%Y-%m-%d", &until_date);

  for (guint i = 0; i < PSEMS_N_REMINDER_KINDS; i++)
    {
      gboolean counts_only = !psems_actor_check (actor, PSEMS_OP_READ, kinds[i].entity, 0, NULL);

      g_assert (kinds[i].kind == i);
      found[i] = reminder_new (&kinds[i], counts_only);
      g_ptr_array_add (self->reminders, found[i]);
      if (kinds[i].sql != NULL && !query_kind (store, found[i], kinds[i].sql, day, until, error))
        return NULL;
    }
  if (!query_schedule (store, found[PSEMS_REMINDER_SCHEDULE_OVERDUE],
                       found[PSEMS_REMINDER_SCHEDULE_DUE], day, horizon_days, error))
    return NULL;

  /* Only what has something to say. */
  for (guint i = self->reminders->len; i > 0; i--)
    if (((PsemsReminder *) g_ptr_array_index (self->reminders, i - 1))->count == 0)
      g_ptr_array_remove_index (self->reminders, i - 1);
  return g_steal_pointer (&self);
}

void
psems_reminders_free (PsemsReminders *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->reminders, g_ptr_array_unref);
  g_free (self);
}

/**
 * psems_reminders_find:
 *
 * Returns: (transfer none) (nullable): the reminder of @kind, %NULL when nothing is of that kind
 */
const PsemsReminder *
psems_reminders_find (const PsemsReminders *self,
                      PsemsReminderKind     kind)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->reminders->len; i++)
    {
      const PsemsReminder *reminder = g_ptr_array_index (self->reminders, i);

      if (reminder->kind == kind)
        return reminder;
    }
  return NULL;
}

/* How many records are overdue, of every kind. */
gint64
psems_reminders_count_overdue (const PsemsReminders *self)
{
  gint64 n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->reminders->len; i++)
    {
      const PsemsReminder *reminder = g_ptr_array_index (self->reminders, i);

      if (reminder->overdue)
        n += reminder->count;
    }
  return n;
}

/* "schedule-overdue", "vetting-expiring", …: stable names for tests and machine output. */
const char *
psems_reminder_kind_to_string (PsemsReminderKind kind)
{
  g_return_val_if_fail ((guint) kind < PSEMS_N_REMINDER_KINDS, NULL);
  return kinds[kind].name;
}

/**
 * psems_reminder_describe:
 * @horizon_days: the horizon the reminders were computed for
 *
 * Returns: (transfer full): one translated line saying how many and what
 */
char *
psems_reminder_describe (const PsemsReminder *reminder,
                         guint                horizon_days)
{
  g_autofree char *within = NULL;
  long long n;
  gulong plural;

  g_return_val_if_fail (reminder != NULL, NULL);

  n = (long long) reminder->count;
  plural = (gulong) reminder->count;
  /* Translators: completes "… expire within %s" in the reminders shown on opening a database */
  within = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", horizon_days),
                            horizon_days);
  switch (reminder->kind)
    {
    case PSEMS_REMINDER_SCHEDULE_OVERDUE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lld audit, drill, exercise or review is overdue",
                                           "%lld audits, drills, exercises or reviews are overdue",
                                           plural), n);
    case PSEMS_REMINDER_ACTION_OVERDUE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lld corrective action is overdue",
                                           "%lld corrective actions are overdue", plural), n);
    case PSEMS_REMINDER_LESSON_OVERDUE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lld lesson learned is past its due date",
                                           "%lld lessons learned are past their due date",
                                           plural), n);
    case PSEMS_REMINDER_PLAN_REVIEW_OVERDUE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lld security plan review is overdue",
                                           "%lld security plan reviews are overdue", plural), n);
    case PSEMS_REMINDER_SCHEDULE_DUE:
      /* Translators: %s is a number of days, "7 days" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lld audit, drill, exercise or review falls due within %s",
                                           "%lld audits, drills, exercises or reviews fall due within %s",
                                           plural), n, within);
    case PSEMS_REMINDER_VETTING_EXPIRING:
      /* Translators: %s is a number of days, "7 days" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lld security clearance expires within %s",
                                           "%lld security clearances expire within %s", plural),
                              n, within);
    case PSEMS_REMINDER_TRAINING_EXPIRING:
      /* Translators: %s is a number of days, "7 days" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lld training expires within %s",
                                           "%lld trainings expire within %s", plural), n, within);
    case PSEMS_REMINDER_PLAN_REVIEW_DUE:
      /* Translators: %s is a number of days, "7 days" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%lld security plan review falls due within %s",
                                           "%lld security plan reviews fall due within %s",
                                           plural), n, within);
    default:
      g_return_val_if_reached (NULL);
    }
}
