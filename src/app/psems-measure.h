/* psems-measure.h — `psems --measure-startup`: how long start-up takes to the first frame and to the dashboard's figures. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The environment variable a benchmark sets to the g_get_monotonic_time() at which it started
 * the process, so that the times include the program's own loading. */
#define PSEMS_MEASURE_T0_ENV "PSEMS_MEASURE_T0"

void psems_measure_startup_arm (GtkApplication *application);

G_END_DECLS
