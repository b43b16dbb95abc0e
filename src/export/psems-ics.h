/* psems-ics.h — the schedule as iCalendar (RFC 5545, written with libical) for calendar clients. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-core.h"

G_BEGIN_DECLS

char *psems_ics_from_schedule (GPtrArray  *items,
                               GDateTime  *stamp);

G_END_DECLS
