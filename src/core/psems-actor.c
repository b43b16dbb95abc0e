/* psems-actor.c — the acting user and the permission check. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "psems-actor.h"
#include "psems-error.h"

struct _PsemsActor
{
  gatomicrefcount ref_count;
  gint64 user_id;   /* 0 when no user table row stands behind the actor */
  char *name;
  PsemsRole role;
};

G_DEFINE_BOXED_TYPE (PsemsActor, psems_actor, psems_actor_ref, psems_actor_unref)

static const struct {
  const char *id;
  const char *label;
} roles[PSEMS_N_ROLES] = {
  [PSEMS_ROLE_ADMINISTRATOR]    = { "administrator",    N_("Administrator") },
  [PSEMS_ROLE_SECURITY_OFFICER] = { "security-officer", N_("Security officer") },
  [PSEMS_ROLE_AUDITOR]          = { "auditor",          N_("Auditor") },
  [PSEMS_ROLE_MANAGER]          = { "manager",          N_("Manager") },
};

PsemsActor *
psems_actor_new (gint64      user_id,
                 const char *name,
                 PsemsRole   role)
{
  PsemsActor *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail ((guint) role < PSEMS_N_ROLES, NULL);

  self = g_new0 (PsemsActor, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->user_id = user_id;
  self->name = g_strdup (name);
  self->role = role;
  return self;
}

/* Until sign-in exists (single-user mode) the operating-system login acts
 * as security officer. */
PsemsActor *
psems_actor_new_for_login (void)
{
  const char *login = g_get_user_name ();

  return psems_actor_new (0, login != NULL && *login != '\0' ? login : "unknown",
                          PSEMS_ROLE_SECURITY_OFFICER);
}

PsemsActor *
psems_actor_ref (PsemsActor *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
psems_actor_unref (PsemsActor *self)
{
  g_return_if_fail (self != NULL);
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->name);
      g_free (self);
    }
}

gint64
psems_actor_get_user_id (const PsemsActor *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->user_id;
}

const char *
psems_actor_get_name (const PsemsActor *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

PsemsRole
psems_actor_get_role (const PsemsActor *self)
{
  g_return_val_if_fail (self != NULL, PSEMS_ROLE_AUDITOR);
  return self->role;
}

/**
 * psems_actor_check:
 * @self: (nullable): the acting user; %NULL is always refused
 * @op: what the caller is about to do
 * @entity: the entity name (see psems-entity.h)
 * @facility_id: the facility the record belongs to, or 0
 *
 * The single permission check. Every mutating core function calls it
 * (through psems_transaction_begin()) before it touches the database, so
 * the role matrix lives in one place. Single-user mode allows every
 * operation to the acting user; the role matrix arrives with sign-in.
 */
gboolean
psems_actor_check (const PsemsActor *self,
                   PsemsOperation    op,
                   const char       *entity,
                   gint64            facility_id,
                   GError          **error)
{
  g_return_val_if_fail (entity != NULL, FALSE);

  if (self == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                   _("No acting user: cannot %s %s"),
                   psems_operation_to_string (op), entity);
      return FALSE;
    }

  return TRUE;
}

const char *
psems_role_to_string (PsemsRole role)
{
  g_return_val_if_fail ((guint) role < PSEMS_N_ROLES, NULL);
  return roles[role].id;
}

const char *
psems_role_get_label (PsemsRole role)
{
  g_return_val_if_fail ((guint) role < PSEMS_N_ROLES, NULL);
  return _(roles[role].label);
}

gboolean
psems_role_from_string (const char *text,
                        PsemsRole  *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < PSEMS_N_ROLES; i++)
    {
      if (g_ascii_strcasecmp (text, roles[i].id) == 0)
        {
          *role = (PsemsRole) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
psems_operation_to_string (PsemsOperation op)
{
  switch (op)
    {
    case PSEMS_OP_READ:       return "read";
    case PSEMS_OP_CREATE:     return "create";
    case PSEMS_OP_UPDATE:     return "update";
    case PSEMS_OP_DELETE:     return "delete";
    case PSEMS_OP_RESTORE:    return "restore";
    case PSEMS_OP_ADMINISTER: return "administer";
    default:                  g_return_val_if_reached ("unknown");
    }
}
