/* psems-transaction.c — every write in PSeMS goes through here, so none escapes the check or the trail. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "psems-audit.h"
#include "psems-entity.h"
#include "psems-error.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

typedef struct
{
  const char *entity;   /* static: from the entity registry or a literal */
  gint64 id;
} Change;

struct _PsemsTransaction
{
  PsemsStore *store;
  PsemsActor *actor;
  GArray *changes;
};

/**
 * psems_transaction_begin:
 * @actor: who acts; psems_actor_check() decides first
 * @op: what the write does
 * @entity: the entity it does it to
 * @facility_id: the facility concerned, or 0
 *
 * Starts a write: the single permission check, then `BEGIN IMMEDIATE` so the
 * write lock is taken at once and the audit chain cannot fork. Hold the
 * result in a `g_autoptr(PsemsTransaction)`: leaving the scope without
 * psems_transaction_commit() rolls everything back, audit entries included.
 */
PsemsTransaction *
psems_transaction_begin (PsemsStore      *store,
                         PsemsActor      *actor,
                         PsemsOperation   op,
                         const char      *entity,
                         gint64           facility_id,
                         GError         **error)
{
  PsemsTransaction *self;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  if (!psems_actor_check (actor, op, entity, facility_id, error))
    return NULL;

  if (psems_store_get_read_only (store))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_READ_ONLY,
                   _("“%s” is open read-only: cannot %s %s"), psems_store_get_path (store),
                   psems_operation_to_string (op), entity);
      return NULL;
    }

  if (!psems_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;

  self = g_new0 (PsemsTransaction, 1);
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  self->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  return self;
}

PsemsStore *
psems_transaction_get_store (PsemsTransaction *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->store;
}

PsemsActor *
psems_transaction_get_actor (PsemsTransaction *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->actor;
}

/* The canonical image of a row as it is now; take it before changing the row. */
char *
psems_transaction_image (PsemsTransaction  *self,
                         const char        *entity,
                         gint64             id,
                         GError           **error)
{
  const PsemsEntityInfo *info;

  g_return_val_if_fail (self != NULL, NULL);

  info = psems_entity_lookup (entity);
  g_return_val_if_fail (info != NULL, NULL);
  return psems_audit_image_row (self->store, info, id, error);
}

/**
 * psems_transaction_record:
 *
 * Appends an audit entry inside this transaction and remembers the change so
 * the store's `changed` signal is emitted for it after the commit.
 */
gboolean
psems_transaction_record (PsemsTransaction  *self,
                          const char        *action,
                          const char        *entity,
                          gint64             id,
                          const char        *ref,
                          const char        *before,
                          const char        *after,
                          GError           **error)
{
  const PsemsEntityInfo *info;
  PsemsAuditRecord record = {
    .user_id = psems_actor_get_user_id (self->actor),
    .user_name = psems_actor_get_name (self->actor),
    .role = psems_role_to_string (psems_actor_get_role (self->actor)),
    .action = action,
    .entity = entity,
    .entity_id = id,
    .ref = ref,
    .before = before,
    .after = after,
  };
  Change change;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (action != NULL && entity != NULL, FALSE);

  if (!psems_audit_append (self->store, &record, error))
    return FALSE;

  info = psems_entity_lookup (entity);
  change.entity = info != NULL ? info->name : g_intern_string (entity);
  change.id = id;
  g_array_append_val (self->changes, change);
  return TRUE;
}

/**
 * psems_transaction_record_row:
 * @before: (nullable): the image taken with psems_transaction_image() before
 *   the change, %NULL for a new row
 *
 * Records a change to one row, reading its after-image and its readable
 * reference (when the table has one) from the database.
 */
gboolean
psems_transaction_record_row (PsemsTransaction  *self,
                              const char        *action,
                              const char        *entity,
                              gint64             id,
                              const char        *before,
                              GError           **error)
{
  const PsemsEntityInfo *info = psems_entity_lookup (entity);
  g_autofree char *after = NULL;
  g_autofree char *ref = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (info != NULL, FALSE);

  after = psems_audit_image_row (self->store, info, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (info->ref_prefix != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT ref FROM %s WHERE id = ?1", info->table);
      g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (self->store, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        ref = psems_sql_dup_column (stmt, 0);
    }

  return psems_transaction_record (self, action, info->name, id, ref, before, after, error);
}

static void
transaction_free (PsemsTransaction *self)
{
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->changes, g_array_unref);
  g_free (self);
}

/**
 * psems_transaction_commit:
 *
 * Commits and frees @self; on success emits `changed` once for each recorded
 * change. On failure everything is rolled back and nothing is emitted.
 */
gboolean
psems_transaction_commit (PsemsTransaction  *self,
                          GError           **error)
{
  g_autoptr(GArray) changes = NULL;
  g_autoptr(PsemsStore) store = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!psems_store_exec (self->store, "COMMIT", error))
    {
      psems_transaction_rollback (self);
      return FALSE;
    }

  changes = g_steal_pointer (&self->changes);
  store = g_object_ref (self->store);
  transaction_free (self);

  for (guint i = 0; i < changes->len; i++)
    {
      const Change *change = &g_array_index (changes, Change, i);
      psems_store_emit_changed (store, change->entity, change->id);
    }
  return TRUE;
}

void
psems_transaction_rollback (PsemsTransaction *self)
{
  if (self == NULL)
    return;
  sqlite3_exec (psems_store_get_db (self->store), "ROLLBACK", NULL, NULL, NULL);
  transaction_free (self);
}
