/* psems-sql.c — the small row-level helpers every core module reads and writes with. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-error.h"
#include "psems-store-private.h"

/* A column's text as the caller's own copy; NULL stays NULL. */
char *
psems_sql_dup_column (sqlite3_stmt *stmt,
                      int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Binds @text, or NULL when @text is NULL. The text must outlive the step. */
void
psems_sql_bind_text (sqlite3_stmt *stmt,
                     int           i,
                     const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, i);
}

/* Steps a write statement; on failure sets @error naming @what. */
gboolean
psems_sql_step_done (PsemsStore    *store,
                     sqlite3_stmt  *stmt,
                     const char    *what,
                     GError       **error)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  psems_store_set_sqlite_error (store, error, what);
  return FALSE;
}

/**
 * psems_sql_get_row:
 * @sql: selects at most one row, by `?1 = @id`
 * @from_row: makes the value of the row
 * @table: names the table in an SQLite error
 * @not_found: the message of %PSEMS_ERROR_NOT_FOUND when there is no row
 *
 * Returns: (transfer full): the value @from_row makes of the row, or %NULL
 * with @error set.
 */
gpointer
psems_sql_get_row (PsemsStore   *store,
                   const char   *sql,
                   gint64        id,
                   PsemsRowFunc  from_row,
                   const char   *table,
                   GError      **error,
                   const char   *not_found,
                   ...)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return from_row (stmt);
    case SQLITE_DONE:
      {
        g_autofree char *message = NULL;
        va_list args;

        va_start (args, not_found);
        message = g_strdup_vprintf (not_found, args);
        va_end (args);
        g_set_error_literal (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, message);
      }
      return NULL;
    default:
      psems_store_set_sqlite_error (store, error, table);
      return NULL;
    }
}

/**
 * psems_sql_collect_rows:
 * @stmt: a bound query
 * @free_row: frees what @from_row makes
 * @table: names the table in an SQLite error
 *
 * Returns: (transfer full): what @from_row makes of each row, in order, or
 * %NULL with @error set.
 */
GPtrArray *
psems_sql_collect_rows (PsemsStore      *store,
                        sqlite3_stmt    *stmt,
                        PsemsRowFunc     from_row,
                        GDestroyNotify   free_row,
                        const char      *table,
                        GError         **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_row);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, table);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* A timestamp as the schema stores it: UTC, to the second. */
char *
psems_sql_format_stamp (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* Now as the schema stores it; @year (optional) gets the year, for references. */
char *
psems_sql_now_stamp (int *year)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (year != NULL)
    *year = g_date_time_get_year (now);
  return psems_sql_format_stamp (now);
}

/* Whether @text is a positive decimal number (an id typed instead of a
 * reference); its value in @number. */
gboolean
psems_sql_parse_id (const char *text,
                    gint64     *number)
{
  guint64 value;

  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *number = (gint64) value;
  return TRUE;
}

/* @text as a JSON string the way audit images write it (see psems-audit.c):
 * only '"', '\' and control characters escaped. */
void
psems_sql_append_json_string (GString    *out,
                              const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* The index of @text, in any letter case, among the names an enumeration is
 * stored under (@ids, @n_ids of them); -1 for none. */
int
psems_sql_find_name (const char * const *ids,
                     guint               n_ids,
                     const char         *text)
{
  for (guint i = 0; text != NULL && i < n_ids; i++)
    if (g_ascii_strcasecmp (text, ids[i]) == 0)
      return (int) i;
  return -1;
}
