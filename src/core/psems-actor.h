/* psems-actor.h — who is acting, and the one permission check every write passes. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  PSEMS_ROLE_ADMINISTRATOR,
  PSEMS_ROLE_SECURITY_OFFICER,
  PSEMS_ROLE_AUDITOR,
  PSEMS_ROLE_MANAGER,
} PsemsRole;

#define PSEMS_N_ROLES 4

/* What a write does; the permission check is keyed on it and on the entity. */
typedef enum
{
  PSEMS_OP_READ,
  PSEMS_OP_CREATE,
  PSEMS_OP_UPDATE,
  PSEMS_OP_DELETE,
  PSEMS_OP_RESTORE,
  PSEMS_OP_ADMINISTER,  /* schema, settings, users, demo data */
} PsemsOperation;

#define PSEMS_TYPE_ACTOR (psems_actor_get_type ())

typedef struct _PsemsActor PsemsActor;

GType        psems_actor_get_type      (void) G_GNUC_CONST;
PsemsActor  *psems_actor_new           (gint64      user_id,
                                        const char *name,
                                        PsemsRole   role);
PsemsActor  *psems_actor_new_for_login (void);
PsemsActor  *psems_actor_ref           (PsemsActor *self);
void         psems_actor_unref         (PsemsActor *self);
gint64       psems_actor_get_user_id   (const PsemsActor *self);
const char  *psems_actor_get_name      (const PsemsActor *self);
PsemsRole    psems_actor_get_role      (const PsemsActor *self);

gboolean     psems_actor_check         (const PsemsActor *self,
                                        PsemsOperation    op,
                                        const char       *entity,
                                        gint64            facility_id,
                                        GError          **error);

void         psems_actor_set_facilities (PsemsActor   *self,
                                         const gint64 *facility_ids,
                                         guint         n_facility_ids);
const gint64 *psems_actor_get_facilities (const PsemsActor *self,
                                          guint            *n_facility_ids);
gboolean     psems_actor_has_facility  (const PsemsActor *self,
                                        gint64            facility_id);

/* Where a security officer's write is allowed. */
typedef enum
{
  PSEMS_SCOPE_GLOBAL,     /* not tied to a facility: the table decides alone */
  PSEMS_SCOPE_FACILITY,   /* a facility's record: only in the facilities assigned to them;
                           * a record of no facility (0) is shared by all: administrators only */
  PSEMS_SCOPE_PERSONNEL,  /* people, vetting, training: shared by the facilities; a security
                           * officer needs at least one assigned facility */
} PsemsScope;

#define PSEMS_OP_BIT(op) (1u << (op))

/* One row of the role matrix: which operations each role may do on an entity. */
typedef struct
{
  const char *entity;     /* as psems_transaction_begin() names it; NULL: every other entity */
  PsemsScope scope;
  guint allowed[PSEMS_N_ROLES]; /* PSEMS_OP_BIT() of each allowed PsemsOperation */
} PsemsPermission;

const PsemsPermission *psems_permission_table   (guint          *n_rows);
const PsemsPermission *psems_permission_lookup  (const char     *entity);
gboolean     psems_role_allows         (PsemsRole       role,
                                        PsemsOperation  op,
                                        const char     *entity);
char        *psems_permission_table_to_markdown (void);

const char  *psems_role_to_string      (PsemsRole   role);
const char  *psems_role_get_label      (PsemsRole   role);
gboolean     psems_role_from_string    (const char *text,
                                        PsemsRole  *role);
const char  *psems_operation_to_string (PsemsOperation op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsActor, psems_actor_unref)

G_END_DECLS
