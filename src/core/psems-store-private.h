/* psems-store-private.h — what core modules (and only they) know of the store: the SQLite handle. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "psems-store.h"

G_BEGIN_DECLS

sqlite3      *psems_store_get_db       (PsemsStore  *self);
sqlite3_stmt *psems_store_prepare      (PsemsStore  *self,
                                        const char  *sql,
                                        GError     **error);
void          psems_store_emit_changed (PsemsStore  *self,
                                        const char  *entity,
                                        gint64       id);
gboolean      psems_store_exec         (PsemsStore  *self,
                                        const char  *sql,
                                        GError     **error);
void          psems_store_set_sqlite_error (PsemsStore *self,
                                            GError    **error,
                                            const char *what);
gint64        psems_store_count        (PsemsStore  *self,
                                        const char  *sql,
                                        GError     **error);

/* A cached statement is reset and its bindings cleared when the scope ends. */
static inline void
psems_stmt_release (sqlite3_stmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}
typedef sqlite3_stmt PsemsCachedStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsCachedStmt, psems_stmt_release)

G_END_DECLS
