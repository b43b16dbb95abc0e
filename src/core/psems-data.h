/* psems-data.h — where PSeMS finds its data files (plan templates, regimes): shipped, then the user's. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *psems_data_dirs (const char *subdir,
                            guint      *n_shipped);

G_END_DECLS
