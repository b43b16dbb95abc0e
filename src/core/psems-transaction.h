/* psems-transaction.h — a write: permission check, BEGIN IMMEDIATE, audit entries, commit, change signals. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

typedef struct _PsemsTransaction PsemsTransaction;

PsemsTransaction *psems_transaction_begin    (PsemsStore        *store,
                                              PsemsActor        *actor,
                                              PsemsOperation     op,
                                              const char        *entity,
                                              gint64             facility_id,
                                              GError           **error);
PsemsStore       *psems_transaction_get_store (PsemsTransaction *self);
PsemsActor       *psems_transaction_get_actor (PsemsTransaction *self);
char             *psems_transaction_image     (PsemsTransaction  *self,
                                               const char        *entity,
                                               gint64             id,
                                               GError           **error);
gboolean          psems_transaction_record    (PsemsTransaction  *self,
                                               const char        *action,
                                               const char        *entity,
                                               gint64             id,
                                               const char        *ref,
                                               const char        *before,
                                               const char        *after,
                                               GError           **error);
gboolean          psems_transaction_record_row (PsemsTransaction *self,
                                                const char       *action,
                                                const char       *entity,
                                                gint64            id,
                                                const char       *before,
                                                GError          **error);
gboolean          psems_transaction_commit    (PsemsTransaction  *self,
                                               GError           **error);
void              psems_transaction_rollback  (PsemsTransaction  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsTransaction, psems_transaction_rollback)

G_END_DECLS
