/* psems-actor.c — the acting user and the permission check. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "psems-actor.h"
#include "psems-error.h"

struct _PsemsActor
{
  gatomicrefcount ref_count;
  gint64 user_id;   /* 0 when no user table row stands behind the actor */
  char *name;
  PsemsRole role;
  GArray *facility_ids; /* gint64; the facilities a security officer may change */
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
  self->facility_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

/* Single-user mode (no account can sign in): the operating-system login acts
 * as administrator. */
PsemsActor *
psems_actor_new_for_login (void)
{
  const char *login = g_get_user_name ();

  return psems_actor_new (0, login != NULL && *login != '\0' ? login : "unknown",
                          PSEMS_ROLE_ADMINISTRATOR);
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
      g_array_unref (self->facility_ids);
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

void
psems_actor_set_facilities (PsemsActor   *self,
                            const gint64 *facility_ids,
                            guint         n_facility_ids)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (facility_ids != NULL || n_facility_ids == 0);

  g_array_set_size (self->facility_ids, 0);
  if (n_facility_ids > 0)
    g_array_append_vals (self->facility_ids, facility_ids, n_facility_ids);
}

const gint64 *
psems_actor_get_facilities (const PsemsActor *self,
                            guint            *n_facility_ids)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_facility_ids != NULL)
    *n_facility_ids = self->facility_ids->len;
  return (const gint64 *) (gpointer) self->facility_ids->data;
}

gboolean
psems_actor_has_facility (const PsemsActor *self,
                          gint64            facility_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->facility_ids->len; i++)
    if (g_array_index (self->facility_ids, gint64, i) == facility_id)
      return TRUE;
  return FALSE;
}

/* The role matrix, the one place it is written. Rows name the entities as
 * psems_transaction_begin() and the read checks name them; the last row
 * (entity NULL) covers any entity not listed: administrators only, everyone
 * reads, so a new kind of record is closed until someone decides. */
#define R  PSEMS_OP_BIT (PSEMS_OP_READ)
#define C  PSEMS_OP_BIT (PSEMS_OP_CREATE)
#define U  PSEMS_OP_BIT (PSEMS_OP_UPDATE)
#define D  PSEMS_OP_BIT (PSEMS_OP_DELETE)
#define X  PSEMS_OP_BIT (PSEMS_OP_RESTORE)
#define A  PSEMS_OP_BIT (PSEMS_OP_ADMINISTER)
#define ALL (R | C | U | D | X | A)
#define WRITE (R | C | U | D | X)

#define ROW(entity, scope, so, au, ma) { entity, scope, { ALL, so, au, ma } }

static const PsemsPermission permissions[] = {
  /* entity           scope                  security officer  auditor    manager */
  ROW ("facility",     PSEMS_SCOPE_FACILITY,  R | U,            R,         R),
  ROW ("level-change", PSEMS_SCOPE_FACILITY,  R | U,            R,         R),
  ROW ("area",         PSEMS_SCOPE_FACILITY,  WRITE,            R,         R),
  ROW ("layer",        PSEMS_SCOPE_FACILITY,  WRITE,            R,         R),
  ROW ("control",      PSEMS_SCOPE_FACILITY,  WRITE,            R,         R),
  ROW ("threat",       PSEMS_SCOPE_FACILITY,  WRITE,            R,         R),
  ROW ("pfsa",         PSEMS_SCOPE_FACILITY,  WRITE,            R,         R),
  ROW ("risk-level",   PSEMS_SCOPE_GLOBAL,    R,                R,         R),
  ROW ("plan",         PSEMS_SCOPE_FACILITY,  WRITE,            R,         R),
  ROW ("plan-element", PSEMS_SCOPE_FACILITY,  WRITE,            R,         R),
  ROW ("dos",          PSEMS_SCOPE_FACILITY,  WRITE,            R,         R),
  ROW ("incident",     PSEMS_SCOPE_FACILITY,  WRITE,            R,         R),
  ROW ("lesson",       PSEMS_SCOPE_FACILITY,  WRITE,            R,         R),
  ROW ("assessment",   PSEMS_SCOPE_FACILITY,  WRITE,            R | C | U, R),
  ROW ("finding",      PSEMS_SCOPE_FACILITY,  WRITE,            R | C | U, R | U),
  ROW ("evidence",     PSEMS_SCOPE_FACILITY,  WRITE,            R | C | U, R),
  ROW ("schedule",     PSEMS_SCOPE_FACILITY,  WRITE,            R,         R | C | U),
  ROW ("completion",   PSEMS_SCOPE_FACILITY,  WRITE,            R,         R | C),
  ROW ("legal-hold",   PSEMS_SCOPE_FACILITY,  R | U,            R,         R),
  ROW ("person",       PSEMS_SCOPE_PERSONNEL, WRITE,            R,         R),
  ROW ("training",     PSEMS_SCOPE_PERSONNEL, WRITE,            R,         R),
  ROW ("area-access",  PSEMS_SCOPE_PERSONNEL, WRITE,            R,         R),
  ROW ("vetting",      PSEMS_SCOPE_PERSONNEL, WRITE,            R,         0),
  ROW ("retention",    PSEMS_SCOPE_GLOBAL,    R,                R,         R),
  ROW ("user",         PSEMS_SCOPE_GLOBAL,    R,                R,         R),
  ROW ("user-facility", PSEMS_SCOPE_GLOBAL,   R,                R,         R),
  ROW ("password",     PSEMS_SCOPE_GLOBAL,    U,                U,         U),
  ROW ("sign-in",      PSEMS_SCOPE_GLOBAL,    U,                U,         U),
  ROW ("settings",     PSEMS_SCOPE_GLOBAL,    R,                R,         R),
  ROW ("database",     PSEMS_SCOPE_GLOBAL,    R,                R,         R),
  ROW (NULL,           PSEMS_SCOPE_GLOBAL,    R,                R,         R),
};

#undef ROW
#undef R
#undef C
#undef U
#undef D
#undef X
#undef A
#undef ALL
#undef WRITE

/**
 * psems_permission_table:
 * @n_rows: (out): number of rows, the catch-all row (entity %NULL) last
 *
 * The role matrix, for the README, the users page and the tests.
 */
const PsemsPermission *
psems_permission_table (guint *n_rows)
{
  g_return_val_if_fail (n_rows != NULL, NULL);
  *n_rows = G_N_ELEMENTS (permissions);
  return permissions;
}

/* The row for @entity, the catch-all row when it has none. */
const PsemsPermission *
psems_permission_lookup (const char *entity)
{
  g_return_val_if_fail (entity != NULL, NULL);

  for (guint i = 0; i + 1 < G_N_ELEMENTS (permissions); i++)
    if (strcmp (permissions[i].entity, entity) == 0)
      return &permissions[i];
  return &permissions[G_N_ELEMENTS (permissions) - 1];
}

/* What the table allows, before the facility rule of security officers. */
gboolean
psems_role_allows (PsemsRole       role,
                   PsemsOperation  op,
                   const char     *entity)
{
  g_return_val_if_fail ((guint) role < PSEMS_N_ROLES, FALSE);
  g_return_val_if_fail ((guint) op <= PSEMS_OP_ADMINISTER, FALSE);
  g_return_val_if_fail (entity != NULL, FALSE);

  return (psems_permission_lookup (entity)->allowed[role] & PSEMS_OP_BIT (op)) != 0;
}

/**
 * psems_permission_table_to_markdown:
 *
 * The role matrix as a Markdown table (untranslated: it is the README's),
 * one row per entity, one column per role, operations abbreviated.
 */
char *
psems_permission_table_to_markdown (void)
{
  static const char letters[] = "rcudxa";
  GString *out = g_string_new ("| Entity | Scope |");

  for (guint r = 0; r < PSEMS_N_ROLES; r++)
    g_string_append_printf (out, " %s |", roles[r].label);
  g_string_append (out, "\n|---|---|");
  for (guint r = 0; r < PSEMS_N_ROLES; r++)
    g_string_append (out, "---|");
  g_string_append_c (out, '\n');

  for (guint i = 0; i < G_N_ELEMENTS (permissions); i++)
    {
      const PsemsPermission *p = &permissions[i];
      static const char * const scopes[] = { "—", "facility", "personnel" };

      g_string_append_printf (out, "| %s | %s |", p->entity != NULL ? p->entity : "*(any other)*",
                              scopes[p->scope]);
      for (guint r = 0; r < PSEMS_N_ROLES; r++)
        {
          g_string_append_c (out, ' ');
          if (p->allowed[r] == 0)
            g_string_append (out, "—");
          for (guint op = 0; op <= PSEMS_OP_ADMINISTER; op++)
            if (p->allowed[r] & PSEMS_OP_BIT (op))
              g_string_append_c (out, letters[op]);
          g_string_append (out, " |");
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
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
 * the role matrix (psems_permission_table()) is applied in one place.
 *
 * An actor without a user row (user id 0) is single-user mode's: the
 * database has no account that can sign in, and the operating-system login
 * acts as administrator whatever role it carries. Signed-in users (user id
 * above 0) get exactly what the matrix gives their role; a security
 * officer's writes to a facility's records are further limited to the
 * facilities assigned to them (psems_actor_set_facilities()).
 */
gboolean
psems_actor_check (const PsemsActor *self,
                   PsemsOperation    op,
                   const char       *entity,
                   gint64            facility_id,
                   GError          **error)
{
  const PsemsPermission *rule;

  g_return_val_if_fail (entity != NULL, FALSE);

  if (self == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                   _("No acting user: cannot %s %s"),
                   psems_operation_to_string (op), entity);
      return FALSE;
    }

  if (self->user_id == 0)
    return TRUE;

  rule = psems_permission_lookup (entity);
  if ((rule->allowed[self->role] & PSEMS_OP_BIT (op)) == 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                   _("Permission denied: %s (%s) may not %s %s"), self->name,
                   psems_role_to_string (self->role), psems_operation_to_string (op), entity);
      return FALSE;
    }

  if (self->role != PSEMS_ROLE_SECURITY_OFFICER || op == PSEMS_OP_READ)
    return TRUE;

  switch (rule->scope)
    {
    case PSEMS_SCOPE_FACILITY:
      if (facility_id == 0)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                       _("Permission denied: %s (%s) may not %s %s shared by all facilities;"
                         " only an administrator may"), self->name,
                       psems_role_to_string (self->role), psems_operation_to_string (op), entity);
          return FALSE;
        }
      if (!psems_actor_has_facility (self, facility_id))
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                       _("Permission denied: %s (%s) may not %s %s of facility %lld,"
                         " which is not assigned to them"), self->name,
                       psems_role_to_string (self->role), psems_operation_to_string (op), entity,
                       (long long) facility_id);
          return FALSE;
        }
      return TRUE;
    case PSEMS_SCOPE_PERSONNEL:
      if (self->facility_ids->len == 0)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                       _("Permission denied: %s (%s) may not %s %s: no facility is assigned to them"),
                       self->name, psems_role_to_string (self->role),
                       psems_operation_to_string (op), entity);
          return FALSE;
        }
      return TRUE;
    case PSEMS_SCOPE_GLOBAL:
    default:
      return TRUE;
    }
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
