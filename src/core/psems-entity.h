/* psems-entity.h — the registry of what the database holds: names, tables, references, personal fields. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * PsemsEntityInfo:
 * @name: the entity's name in the CLI, the audit trail and the store's
 *   `changed` signal ("facility", "person", …)
 * @table: its SQL table
 * @ref_prefix: (nullable): the prefix of its readable reference
 *   ("FND" gives FND-2026-0012), %NULL when users never name its records
 * @label: untranslated plural label, for `db stats` and the UI
 * @personal: (nullable): %NULL-terminated columns that hold personal data;
 *   the audit trail stores keyed hashes of their values, never the values
 * @soft_delete: the table has a `deleted_at` column; counts skip deleted rows
 * @in_stats: `db stats` lists it
 */
typedef struct
{
  const char *name;
  const char *table;
  const char *ref_prefix;
  const char *label;
  const char * const *personal;
  gboolean soft_delete;
  gboolean in_stats;
} PsemsEntityInfo;

const PsemsEntityInfo *psems_entity_lookup     (const char *name);
const PsemsEntityInfo *psems_entity_for_prefix (const char *ref_prefix);
const PsemsEntityInfo *psems_entity_get_all    (guint      *n_entities);
gboolean               psems_entity_is_personal (const PsemsEntityInfo *info,
                                                 const char            *column);

G_END_DECLS
