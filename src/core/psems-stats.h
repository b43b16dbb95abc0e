/* psems-stats.h — how many records of each entity a database holds (db stats). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-entity.h"
#include "psems-store.h"

G_BEGIN_DECLS

typedef struct
{
  const PsemsEntityInfo *info;
  gint64 count;   /* live rows: soft-deleted ones are not counted */
} PsemsEntityCount;

GArray *psems_stats_count_entities (PsemsStore  *store,
                                    GError     **error);

G_END_DECLS
