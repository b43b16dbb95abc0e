/* psems-reminder.h — what became overdue and what expires soon, as of a day: the reminders shown when a database opens. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

/* How many records a reminder names; the rest are counted. */
#define PSEMS_REMINDER_MAX_ITEMS 3

/**
 * PsemsReminderKind:
 * @PSEMS_REMINDER_SCHEDULE_OVERDUE: audits, drills, exercises and reviews past their deadline
 *   (the clock engine's verdict, as the schedule and the window's badge count them)
 * @PSEMS_REMINDER_ACTION_OVERDUE: findings unresolved on the day whose corrective action was
 *   due before it (the dashboard's "actions overdue")
 * @PSEMS_REMINDER_LESSON_OVERDUE: lessons learned not implemented on the day whose action was
 *   due before it
 * @PSEMS_REMINDER_PLAN_REVIEW_OVERDUE: approved plans whose next review date has passed
 * @PSEMS_REMINDER_SCHEDULE_DUE: audits, drills, exercises and reviews not overdue, due within
 *   the horizon
 * @PSEMS_REMINDER_VETTING_EXPIRING: persons cleared on the day whose clearance (the latest
 *   expiry among the vettings covering the day) ends within the horizon
 * @PSEMS_REMINDER_TRAINING_EXPIRING: trainings (a person's latest record of a course) valid on
 *   the day that lapse within the horizon
 * @PSEMS_REMINDER_PLAN_REVIEW_DUE: approved plans whose next review falls within the horizon
 *
 * "Within the horizon" is from the day to the day plus the horizon, both included. The overdue
 * kinds come first.
 */
typedef enum
{
  PSEMS_REMINDER_SCHEDULE_OVERDUE,
  PSEMS_REMINDER_ACTION_OVERDUE,
  PSEMS_REMINDER_LESSON_OVERDUE,
  PSEMS_REMINDER_PLAN_REVIEW_OVERDUE,
  PSEMS_REMINDER_SCHEDULE_DUE,
  PSEMS_REMINDER_VETTING_EXPIRING,
  PSEMS_REMINDER_TRAINING_EXPIRING,
  PSEMS_REMINDER_PLAN_REVIEW_DUE,
} PsemsReminderKind;

#define PSEMS_N_REMINDER_KINDS 8

/* One record a reminder names. */
typedef struct
{
  gint64 id;
  char *ref;             /* SCH-2026-0004, FND-…, LSN-…, PLN-…, PER-… */
  char *title;           /* the item's title, the person's name, the lesson's text */
  char *detail;          /* nullable: a training's course */
  char *facility_code;   /* nullable: records of no facility (persons) */
  char *day;             /* YYYY-MM-DD: the deadline missed, or the day it expires or falls due */
  const char *section;   /* the window's section that shows it */
} PsemsReminderItem;

typedef struct
{
  PsemsReminderKind kind;
  gboolean overdue;      /* past due; otherwise due or expiring within the horizon */
  const char *entity;    /* what psems_actor_check() is asked about */
  const char *section;   /* the window's section that lists them (lessons: the most urgent's) */
  gint64 count;          /* > 0 */
  gboolean counts_only;  /* the actor may not read these records one by one: no items */
  GPtrArray *items;      /* PsemsReminderItem, at most PSEMS_REMINDER_MAX_ITEMS, most urgent first */
} PsemsReminder;

typedef struct
{
  GDate as_of;
  guint horizon_days;
  GPtrArray *reminders;  /* PsemsReminder, the kinds with something to say, in kind order */
} PsemsReminders;

PsemsReminders *psems_reminders_compute       (PsemsStore            *store,
                                               const PsemsActor      *actor,
                                               const GDate           *as_of,
                                               guint                  horizon_days,
                                               GError               **error);
void            psems_reminders_free          (PsemsReminders        *self);
const PsemsReminder *psems_reminders_find     (const PsemsReminders  *self,
                                               PsemsReminderKind      kind);
gint64          psems_reminders_count_overdue (const PsemsReminders  *self);

const char     *psems_reminder_kind_to_string (PsemsReminderKind      kind);
/* One translated line: "3 corrective actions are overdue", "12 clearances expire within 7 days". */
char           *psems_reminder_describe       (const PsemsReminder   *reminder,
                                               guint                  horizon_days);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsReminders, psems_reminders_free)

G_END_DECLS
