/* psems-level-indicator.h — a small widget showing a security level as the render library's badge. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PSEMS_TYPE_LEVEL_INDICATOR (psems_level_indicator_get_type ())

G_DECLARE_FINAL_TYPE (PsemsLevelIndicator, psems_level_indicator, PSEMS, LEVEL_INDICATOR, GtkWidget)

GtkWidget *psems_level_indicator_new       (int                  level);
int        psems_level_indicator_get_level (PsemsLevelIndicator *self);
void       psems_level_indicator_set_level (PsemsLevelIndicator *self,
                                            int                  level);
char      *psems_level_indicator_dup_label (PsemsLevelIndicator *self);

G_END_DECLS
