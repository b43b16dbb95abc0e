/* psems-completion-dialog.h — records that a scheduled drill, exercise, audit or review was done, with its evidence. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-schedule.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_COMPLETION_DIALOG (psems_completion_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsCompletionDialog, psems_completion_dialog, PSEMS, COMPLETION_DIALOG,
                      AdwWindow)

/* @item: the schedule item done, as core gave it (its status, when listed, is shown). */
PsemsCompletionDialog *psems_completion_dialog_new          (GtkWindow               *parent,
                                                             PsemsStore              *store,
                                                             PsemsActor              *actor,
                                                             const PsemsScheduleItem *item);
/* Adds a file to the evidence list, as "Add Files…" does. */
void                   psems_completion_dialog_add_evidence (PsemsCompletionDialog   *self,
                                                             GFile                   *file);
/* The completion written by the last save; 0 before one. */
gint64                 psems_completion_dialog_get_saved_id (PsemsCompletionDialog   *self);

G_END_DECLS
