/* psems-schedule-dialog.h — adds or edits a schedule item: its kind, title, clock (a regulation's rule, every N months or once), start and assignee. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-schedule.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_SCHEDULE_DIALOG (psems_schedule_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsScheduleDialog, psems_schedule_dialog, PSEMS, SCHEDULE_DIALOG, AdwWindow)

/* How an item's due dates are set (the rows of the "Due dates" choice). */
typedef enum
{
  PSEMS_SCHEDULE_CLOCK_RULE,
  PSEMS_SCHEDULE_CLOCK_INTERVAL,
  PSEMS_SCHEDULE_CLOCK_ONCE,
} PsemsScheduleClockChoice;

/* @item: (nullable): the item to edit, as core gave it; %NULL for a new one.
 * @facility_id: the new item's facility; 0 lets the user choose one. */
PsemsScheduleDialog *psems_schedule_dialog_new          (GtkWindow               *parent,
                                                         PsemsStore              *store,
                                                         PsemsActor              *actor,
                                                         const PsemsScheduleItem *item,
                                                         gint64                   facility_id);
/* Chooses the regime rule with @rule_id (and the "by rule" clock); %FALSE when it is not listed. */
gboolean             psems_schedule_dialog_select_rule  (PsemsScheduleDialog     *self,
                                                         const char              *rule_id);
/* The item written by the last save; 0 before one. */
gint64               psems_schedule_dialog_get_saved_id (PsemsScheduleDialog     *self);

G_END_DECLS
