/* psems-ref.c — readable references: PREFIX-YEAR-NNNN, numbered per prefix and year, never reused. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-entity.h"
#include "psems-error.h"
#include "psems-ref.h"
#include "psems-store-private.h"

char *
psems_ref_format (const char *prefix,
                  int         year,
                  gint64      number)
{
  g_return_val_if_fail (prefix != NULL, NULL);
  return g_strdup_printf ("%s-%04d-%04" G_GINT64_FORMAT, prefix, year, number);
}

/**
 * psems_ref_allocate:
 *
 * The next reference for @prefix in @year, counted inside @txn so a rolled
 * back write gives its number back and two writers never share one.
 */
char *
psems_ref_allocate (PsemsTransaction  *txn,
                    const char        *prefix,
                    int                year,
                    GError           **error)
{
  PsemsStore *store;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  gint64 number;

  g_return_val_if_fail (txn != NULL, NULL);
  g_return_val_if_fail (prefix != NULL, NULL);
  g_return_val_if_fail (year > 0 && year < 10000, NULL);

  store = psems_transaction_get_store (txn);
  {
    /* Upsert, then read back: RETURNING costs a temporary table on every call. */
    g_autoptr(PsemsCachedStmt) bump =
      psems_store_prepare (store,
                           "INSERT INTO ref_counter (prefix, year, last) VALUES (?1, ?2, 1)"
                           " ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1", error);

    if (bump == NULL)
      return NULL;
    sqlite3_bind_text (bump, 1, prefix, -1, SQLITE_STATIC);
    sqlite3_bind_int (bump, 2, year);
    if (!psems_sql_step_done (store, bump, "reference counter", error))
      return NULL;
  }
  stmt = psems_store_prepare (store, "SELECT last FROM ref_counter WHERE prefix = ?1 AND year = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, year);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      psems_store_set_sqlite_error (store, error, "reference counter");
      return NULL;
    }
  number = sqlite3_column_int64 (stmt, 0);
  return psems_ref_format (prefix, year, number);
}

gboolean
psems_ref_parse (const char  *text,
                 char       **prefix,
                 int         *year,
                 gint64      *number)
{
  g_auto(GStrv) parts = NULL;
  guint64 y, n;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, "-", -1);
  if (g_strv_length (parts) != 3 || parts[0][0] == '\0')
    return FALSE;
  for (const char *p = parts[0]; *p; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  if (strlen (parts[1]) != 4 ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 9999, &y, NULL) ||
      strlen (parts[2]) < 4 ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, G_MAXINT64, &n, NULL))
    return FALSE;

  if (prefix != NULL)
    *prefix = g_ascii_strup (parts[0], -1);
  if (year != NULL)
    *year = (int) y;
  if (number != NULL)
    *number = (gint64) n;
  return TRUE;
}

/**
 * psems_ref_resolve:
 * @entity: the entity the caller expects
 * @text: a readable reference, in any letter case
 *
 * Returns: the row id, or 0 with %PSEMS_ERROR_NOT_FOUND (or _INVALID for text
 * that is no reference of this entity) naming what was looked for.
 */
gint64
psems_ref_resolve (PsemsStore  *store,
                   const char  *entity,
                   const char  *text,
                   GError     **error)
{
  const PsemsEntityInfo *info;
  g_autofree char *prefix = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  int year;
  gint64 number;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (entity != NULL, 0);

  info = psems_entity_lookup (entity);
  g_return_val_if_fail (info != NULL && info->ref_prefix != NULL, 0);

  if (!psems_ref_parse (text, &prefix, &year, &number) || g_strcmp0 (prefix, info->ref_prefix) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is not a %s reference (expected %s-YYYY-NNNN)"),
                   text ? text : "", entity, info->ref_prefix);
      return 0;
    }

  canonical = psems_ref_format (prefix, year, number);
  sql = g_strdup_printf ("SELECT id FROM %s WHERE ref = ?1", info->table);
  stmt = psems_store_prepare (store, sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, canonical, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no %s %s"), entity, canonical);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}
