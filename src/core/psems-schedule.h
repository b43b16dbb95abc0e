/* psems-schedule.h — the schedule: audits, drills, exercises and reviews per facility, their completions and their clocks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-clock.h"
#include "psems-regime.h"
#include "psems-store.h"

G_BEGIN_DECLS

/*
 * How an item's due dates are set (one of three, chosen by its fields):
 *
 *  by rule   rule names a regime rule (a file in data/regimes/, e.g. isps-b18.5);
 *            the clock engine (psems-clock.h) computes every due date from
 *            the rule, the anchor and the completions. The anchor is the
 *            item's start day (the day part of created_at: the day it was
 *            created, or the anchor day given on creation or edit), except
 *            for rules anchored at "plan-approval" (33 CFR 105.415), which
 *            count from the approval day of the facility's approved plan
 *            (the item's start when it has none). interval_months is 0 and
 *            next_due is computed, never set.
 *  by hand   interval_months > 0 and no rule: next_due is the first due date
 *            (the one given, or the start plus the interval); each completion
 *            moves it to interval_months after the latest completion.
 *  once      neither: next_due is the one due date (or none); done once.
 *
 * next_due and last_done are stored for the dashboard's SQL and kept by
 * every write here: next_due is the first deadline the history does not
 * meet (so next_due < D and last_done < next_due is "overdue on D"), NULL
 * for a once item done. "As of" answers (psems_schedule_evaluate(), the
 * list) are computed from the completions on or before the day asked, so
 * they hold for any day in the past; each completion keeps in due_on the
 * deadline it answered.
 */

typedef struct
{
  PsemsClockState state;       /* OK, DUE_SOON or OVERDUE */
  PsemsDay        due;         /* the deadline (see psems-clock.h), or PSEMS_DAY_NONE */
  PsemsDay        overdue_since;
  PsemsDay        last_done;   /* the latest completion on or before the day asked */
  PsemsDay        as_of;
  char           *explanation; /* "Overdue since 3 April 2026 (within 3 months of the last one; ISPS Code B/18.5)" */
  char           *citation;    /* the rule's citation, "ISPS Code B/18.5"; NULL without a rule */
} PsemsScheduleStatus;

typedef struct
{
  gint64 id;                 /* 0 for a new item */
  char *ref;                 /* SCH-2026-0001, assigned on creation */
  gint64 facility_id;        /* never changes after creation */
  char *facility_code;       /* read-only */
  char *kind;                /* psems_schedule_kinds() */
  char *title;
  char *description;         /* nullable */
  char *rule;                /* nullable: a regime rule id */
  int interval_months;       /* 0: none (by rule, or once) */
  char *next_due;            /* YYYY-MM-DD; input only for items by hand or once */
  char *last_done;           /* read-only */
  char *assignee;            /* nullable */
  char *anchor;              /* YYYY-MM-DD, nullable on input (the creation day; on edit: unchanged);
                              * read: the item's start day */
  char *created_at;          /* read-only */
  char *updated_at;          /* read-only */
  PsemsScheduleStatus *status; /* read-only, nullable: filled by psems_schedule_list() */
} PsemsScheduleItem;

typedef struct
{
  gint64 id;                 /* 0 for a new completion */
  char *ref;                 /* CMP-2026-0001, assigned on recording */
  gint64 schedule_item_id;
  char *due_on;              /* read-only: the deadline it answered */
  char *done_on;             /* YYYY-MM-DD, not in the future */
  int duration_minutes;      /* 0: not recorded */
  char *description;         /* description or scenario */
  char *participants;
  char *lessons_learned;
  char *recorded_by;         /* nullable: the acting user's name when NULL */
  char *created_at;          /* read-only */
} PsemsCompletion;

/* What psems_schedule_list() returns; zero values select everything as of today. */
typedef struct
{
  gint64 facility_id;        /* 0: every facility */
  const char *kind;          /* NULL: every kind */
  const char *as_of;         /* YYYY-MM-DD; NULL: today */
  gboolean overdue;          /* only items overdue as of as_of */
  gboolean due_within_set;   /* only items overdue or due within due_within_days of as_of */
  guint due_within_days;
} PsemsScheduleFilter;

/* One missed deadline over a period (psems_schedule_check()). */
typedef struct
{
  PsemsClockViolation violation;
  char *explanation;         /* "Due on 2 April 2026, done 27 days late on 29 April 2026" */
} PsemsScheduleViolation;

const char * const *psems_schedule_kinds      (void);
const char         *psems_schedule_kind_label (const char *kind);

PsemsScheduleItem *psems_schedule_item_new    (void);
void               psems_schedule_item_free   (PsemsScheduleItem    *item);
PsemsCompletion   *psems_completion_new       (void);
void               psems_completion_free      (PsemsCompletion      *completion);
void               psems_schedule_status_free (PsemsScheduleStatus  *status);
void               psems_schedule_violation_free (PsemsScheduleViolation *violation);

GPtrArray         *psems_schedule_validate    (PsemsStore              *store,
                                               const PsemsScheduleItem *item);
gint64             psems_schedule_create      (PsemsStore              *store,
                                               PsemsActor              *actor,
                                               const PsemsScheduleItem *item,
                                               char                   **ref,
                                               GError                 **error);
gboolean           psems_schedule_update      (PsemsStore              *store,
                                               PsemsActor              *actor,
                                               const PsemsScheduleItem *item,
                                               GError                 **error);
/* Soft deletion of an item, and its undo; completions and evidence stay. */
gboolean           psems_schedule_delete      (PsemsStore              *store,
                                               PsemsActor              *actor,
                                               gint64                   id,
                                               GError                 **error);
gboolean           psems_schedule_restore     (PsemsStore              *store,
                                               PsemsActor              *actor,
                                               gint64                   id,
                                               GError                 **error);
PsemsScheduleItem *psems_schedule_get         (PsemsStore              *store,
                                               gint64                   id,
                                               GError                 **error);
GPtrArray         *psems_schedule_list        (PsemsStore              *store,
                                               const PsemsScheduleFilter *filter,
                                               GError                 **error);
gint64             psems_schedule_resolve     (PsemsStore              *store,
                                               const char              *text,
                                               GError                 **error);

GPtrArray         *psems_completion_validate  (PsemsStore              *store,
                                               const PsemsCompletion   *completion);
gint64             psems_schedule_record_completion (PsemsStore         *store,
                                                     PsemsActor         *actor,
                                                     const PsemsCompletion *completion,
                                                     const char * const *evidence,
                                                     char              **ref,
                                                     GError            **error);
GPtrArray         *psems_schedule_list_completions (PsemsStore          *store,
                                                    gint64               item_id,
                                                    GError             **error);

PsemsScheduleStatus *psems_schedule_evaluate  (PsemsStore              *store,
                                               const PsemsScheduleItem *item,
                                               PsemsDay                 as_of,
                                               GError                 **error);
GPtrArray         *psems_schedule_check       (PsemsStore              *store,
                                               const PsemsScheduleItem *item,
                                               PsemsDay                 from,
                                               PsemsDay                 to,
                                               GError                 **error);
char              *psems_schedule_describe_clock (const PsemsScheduleItem *item,
                                                  const PsemsRegimeRule   *rule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsScheduleItem, psems_schedule_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsCompletion, psems_completion_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsScheduleStatus, psems_schedule_status_free)

G_END_DECLS
