/* psems-adaptive-bin.h — a container that tells its page when the page must fold to fit. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PSEMS_TYPE_ADAPTIVE_BIN (psems_adaptive_bin_get_type ())

G_DECLARE_FINAL_TYPE (PsemsAdaptiveBin, psems_adaptive_bin, PSEMS, ADAPTIVE_BIN, GtkWidget)

GtkWidget *psems_adaptive_bin_new            (void);
GtkWidget *psems_adaptive_bin_get_child      (PsemsAdaptiveBin *self);
void       psems_adaptive_bin_set_child      (PsemsAdaptiveBin *self,
                                              GtkWidget        *child);
int        psems_adaptive_bin_get_fold_width (PsemsAdaptiveBin *self);
void       psems_adaptive_bin_set_fold_width (PsemsAdaptiveBin *self,
                                              int               fold_width);
gboolean   psems_adaptive_bin_get_folded     (PsemsAdaptiveBin *self);

G_END_DECLS
