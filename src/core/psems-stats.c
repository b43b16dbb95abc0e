/* psems-stats.c — record counts for every entity in the registry. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-stats.h"
#include "psems-store-private.h"

/**
 * psems_stats_count_entities:
 *
 * Returns: (transfer full): a #GArray of #PsemsEntityCount, one for each
 * entity the registry marks for statistics, in registry order.
 */
GArray *
psems_stats_count_entities (PsemsStore  *store,
                            GError     **error)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (PsemsEntityCount));
  const PsemsEntityInfo *all;
  guint n;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  all = psems_entity_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = NULL;
      PsemsEntityCount count = { &all[i], 0 };

      if (!all[i].in_stats)
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM %s%s", all[i].table,
                             all[i].soft_delete ? " WHERE deleted_at IS NULL" : "");
      count.count = psems_store_count (store, sql, error);
      if (count.count < 0)
        return NULL;
      g_array_append_val (counts, count);
    }
  return g_steal_pointer (&counts);
}
