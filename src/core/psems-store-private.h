/* psems-store-private.h — what core modules (and only they) know of the store: the SQLite handle. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "psems-error.h"
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

/* Row-level helpers (psems-sql.c). */
typedef gpointer (*PsemsRowFunc) (sqlite3_stmt *stmt);

char         *psems_sql_dup_column     (sqlite3_stmt  *stmt,
                                        int            column);
void          psems_sql_bind_text      (sqlite3_stmt  *stmt,
                                        int            i,
                                        const char    *text);
gboolean      psems_sql_step_done      (PsemsStore    *store,
                                        sqlite3_stmt  *stmt,
                                        const char    *what,
                                        GError       **error);
gpointer      psems_sql_get_row        (PsemsStore    *store,
                                        const char    *sql,
                                        gint64         id,
                                        PsemsRowFunc   from_row,
                                        const char    *table,
                                        GError       **error,
                                        const char    *not_found,
                                        ...) G_GNUC_PRINTF (7, 8);
GPtrArray    *psems_sql_collect_rows   (PsemsStore    *store,
                                        sqlite3_stmt  *stmt,
                                        PsemsRowFunc   from_row,
                                        GDestroyNotify free_row,
                                        const char    *table,
                                        GError       **error);
char         *psems_sql_format_stamp   (GDateTime     *when);
char         *psems_sql_now_stamp      (int           *year);
gboolean      psems_sql_parse_id       (const char    *text,
                                        gint64        *number);
/* Days typed as text, "YYYY-MM-DD" (psems-clock.c). */
gboolean      psems_day_text_parse      (const char    *text,
                                         GDate         *date);
char         *psems_day_text_today      (void);
gboolean      psems_day_text_resolve    (const char    *as_of,
                                         GDate         *date,
                                         GError       **error);
gboolean      psems_day_text_check_past (GPtrArray     *problems,
                                         const char    *field,
                                         const char    *day);
/* The facility that is to own a record (psems-facility.c). */
gboolean      psems_facility_check_owner (PsemsStore   *store,
                                          gint64        facility_id,
                                          char        **time_zone,
                                          GPtrArray    *problems);
/* Form text is public (the app reads fields the same way); core modules use this name. */
#define psems_sql_dup_field(text) psems_text_dup_field (text)
void          psems_sql_append_json_string (GString    *out,
                                            const char *text);

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

int           psems_sql_find_name      (const char * const *ids,
                                        guint               n_ids,
                                        const char         *text);

G_END_DECLS
