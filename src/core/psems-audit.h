/* psems-audit.h — the tamper-evident audit trail: canonical serialization, hash chain, verification. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "psems-entity.h"
#include "psems-store.h"

G_BEGIN_DECLS

/**
 * PsemsAuditRecord:
 *
 * One audit-trail entry. The caller fills what happened; psems_audit_append()
 * fills @id, @at, @prev_hash and @hash. @user_id 0 is stored as NULL.
 * @before and @after are canonical JSON images (psems_audit_image_row()).
 */
typedef struct
{
  gint64 id;
  char at[64];          /* UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ */
  gint64 user_id;
  const char *user_name;
  const char *role;
  const char *action;
  const char *entity;
  gint64 entity_id;
  const char *ref;
  const char *before;
  const char *after;
  char prev_hash[65];
  char hash[65];
} PsemsAuditRecord;

#define PSEMS_AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

char     *psems_audit_serialize     (const PsemsAuditRecord *record,
                                     gsize                  *length);
gboolean  psems_audit_append        (PsemsStore             *store,
                                     PsemsAuditRecord       *record,
                                     GError                **error);
char     *psems_audit_image_row     (PsemsStore             *store,
                                     const PsemsEntityInfo  *info,
                                     gint64                  id,
                                     GError                **error);
gboolean  psems_audit_verify        (PsemsStore             *store,
                                     gint64                 *n_checked,
                                     GError                **error);
/* The hash of the newest entry (the chain's head), or the genesis hash of an empty trail. */
char     *psems_audit_dup_head      (PsemsStore             *store,
                                     GError                **error);

G_END_DECLS
