/* psems-level-dialog.h — a change of security level with the times 33 CFR 105.230 keeps. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-facility.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_LEVEL_DIALOG (psems_level_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsLevelDialog, psems_level_dialog, PSEMS, LEVEL_DIALOG, AdwWindow)

PsemsLevelDialog *psems_level_dialog_new           (GtkWindow              *parent,
                                                    PsemsStore             *store,
                                                    PsemsActor             *actor,
                                                    const PsemsFacility    *facility);
PsemsLevelDialog *psems_level_dialog_new_for_times (GtkWindow              *parent,
                                                    PsemsStore             *store,
                                                    PsemsActor             *actor,
                                                    const PsemsFacility    *facility,
                                                    const PsemsLevelChange *change);

G_END_DECLS
