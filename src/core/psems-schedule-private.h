/* psems-schedule-private.h — what other core modules (the demo data) use of the schedule. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-schedule.h"

G_BEGIN_DECLS

gboolean psems_schedule_refresh_due_dates (PsemsStore  *store,
                                           gint64       id,
                                           PsemsDay     today,
                                           GError     **error);

G_END_DECLS
