/* psems-audit.c — the audit trail as a SHA-256 hash chain over a canonical serialization. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "psems-audit.h"
#include "psems-error.h"
#include "psems-store-private.h"

/*
 * Canonical serialization, version 1 (README "Audit trail" repeats this):
 *
 *   "PSEMS-AUDIT-1\n" followed by twelve fields in this order:
 *   id, at, user_id, user_name, role, action, entity, entity_id, ref,
 *   before, after, prev_hash
 *
 * Each field is written as "<n>:<bytes>\n" where <bytes> is its UTF-8 text and
 * <n> the number of bytes in decimal; a NULL field is written as "-\n".
 * Integers are written in decimal without leading zeros. The entry's hash is
 * the lowercase hex SHA-256 of those bytes; prev_hash is the hash of the entry
 * before it (64 zeros for the first), so changing, removing or reordering any
 * entry breaks every hash after it.
 *
 * Before/after images are JSON objects, keys in ascending byte order, no white
 * space; text as JSON strings (only '"', '\' and control characters escaped),
 * integers in decimal, reals with %.17g, NULL as null, blobs as
 * "sha256:<hex>". Columns listed as personal in psems-entity.c are written as
 * "hmac-sha256:<hex>" keyed with the database's audit key, so erasing a person
 * later leaves the chain intact and the trail never holds the values.
 */

static void
append_field (GString    *out,
              const char *value)
{
  if (value == NULL)
    {
      g_string_append (out, "-\n");
      return;
    }
  g_string_append_printf (out, "%" G_GSIZE_FORMAT ":", strlen (value));
  g_string_append (out, value);
  g_string_append_c (out, '\n');
}

static void
append_int_field (GString *out,
                  gint64   value,
                  gboolean zero_is_null)
{
  char buf[32];

  if (zero_is_null && value == 0)
    {
      append_field (out, NULL);
      return;
    }
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  append_field (out, buf);
}

char *
psems_audit_serialize (const PsemsAuditRecord *record,
                       gsize                  *length)
{
  GString *out = g_string_new ("PSEMS-AUDIT-1\n");

  g_return_val_if_fail (record != NULL, NULL);

  append_int_field (out, record->id, FALSE);
  append_field (out, record->at);
  append_int_field (out, record->user_id, TRUE);
  append_field (out, record->user_name);
  append_field (out, record->role);
  append_field (out, record->action);
  append_field (out, record->entity);
  append_int_field (out, record->entity_id, TRUE);
  append_field (out, record->ref);
  append_field (out, record->before);
  append_field (out, record->after);
  append_field (out, record->prev_hash);

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

static void
compute_hash (const PsemsAuditRecord *record,
              char                    hash[65])
{
  gsize length;
  g_autofree char *bytes = psems_audit_serialize (record, &length);
  g_autofree char *hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, length);

  memcpy (hash, hex, 65);
}

static void
format_now_utc (char at[64])
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");

  g_strlcpy (at, text, 64);
}

/**
 * psems_audit_append:
 *
 * Appends @record to the chain. Call it inside the write transaction whose
 * change it records (psems_transaction_record() does), so the change and its
 * entry commit or roll back together.
 */
gboolean
psems_audit_append (PsemsStore        *store,
                    PsemsAuditRecord  *record,
                    GError           **error)
{
  g_autoptr(PsemsCachedStmt) last = NULL;
  g_autoptr(PsemsCachedStmt) insert = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (record != NULL && record->action != NULL && record->entity != NULL, FALSE);
  g_return_val_if_fail (record->user_name != NULL && record->role != NULL, FALSE);

  last = psems_store_prepare (store, "SELECT id, hash FROM audit_trail ORDER BY id DESC LIMIT 1", error);
  if (last == NULL)
    return FALSE;
  switch (sqlite3_step (last))
    {
    case SQLITE_ROW:
      record->id = sqlite3_column_int64 (last, 0) + 1;
      g_strlcpy (record->prev_hash, (const char *) sqlite3_column_text (last, 1), sizeof record->prev_hash);
      break;
    case SQLITE_DONE:
      record->id = 1;
      g_strlcpy (record->prev_hash, PSEMS_AUDIT_GENESIS_HASH, sizeof record->prev_hash);
      break;
    default:
      psems_store_set_sqlite_error (store, error, "audit trail");
      return FALSE;
    }

  format_now_utc (record->at);
  compute_hash (record, record->hash);

  insert = psems_store_prepare (store,
                                "INSERT INTO audit_trail (id, at, user_id, user_name, role, action, entity,"
                                " entity_id, ref, before, after, prev_hash, hash)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, record->id);
  sqlite3_bind_text (insert, 2, record->at, -1, SQLITE_STATIC);
  if (record->user_id != 0)
    sqlite3_bind_int64 (insert, 3, record->user_id);
  sqlite3_bind_text (insert, 4, record->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, record->role, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, record->action, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, record->entity, -1, SQLITE_STATIC);
  if (record->entity_id != 0)
    sqlite3_bind_int64 (insert, 8, record->entity_id);
  sqlite3_bind_text (insert, 9, record->ref, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 10, record->before, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 11, record->after, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 12, record->prev_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 13, record->hash, -1, SQLITE_STATIC);
  return psems_sql_step_done (store, insert, "audit trail", error);
}

/**
 * psems_audit_dup_head:
 *
 * The hash of the newest entry: what a document (a compliance pack) quotes so
 * a reader can later check the trail it was made from had not been rewritten.
 */
char *
psems_audit_dup_head (PsemsStore  *store,
                      GError     **error)
{
  g_autoptr(PsemsCachedStmt) last = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  last = psems_store_prepare (store, "SELECT hash FROM audit_trail ORDER BY id DESC LIMIT 1",
                              error);
  if (last == NULL)
    return NULL;
  switch (sqlite3_step (last))
    {
    case SQLITE_ROW:
      return g_strdup ((const char *) sqlite3_column_text (last, 0));
    case SQLITE_DONE:
      return g_strdup (PSEMS_AUDIT_GENESIS_HASH);
    default:
      psems_store_set_sqlite_error (store, error, "audit trail");
      return NULL;
    }
}

static char *
hmac_value (const char *key,
            const char *value,
            gssize      length)
{
  return g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key),
                                  (const guchar *) value, length < 0 ? strlen (value) : (gsize) length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * psems_audit_image_row:
 *
 * The canonical JSON image of one row (every column), personal columns as
 * keyed hashes. Returns %NULL without an error when the row does not exist.
 */
char *
psems_audit_image_row (PsemsStore             *store,
                       const PsemsEntityInfo  *info,
                       gint64                  id,
                       GError                **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *key = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  GString *out;
  int n;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (info != NULL, NULL);

  sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?1", info->table);
  stmt = psems_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW: break;
    case SQLITE_DONE: return NULL;
    default:
      psems_store_set_sqlite_error (store, error, info->table);
      return NULL;
    }

  if (info->personal != NULL)
    key = psems_store_dup_setting (store, "audit.personal_key");

  n = sqlite3_column_count (stmt);
  columns = g_ptr_array_sized_new (n);
  for (int i = 0; i < n; i++)
    g_ptr_array_add (columns, (gpointer) sqlite3_column_name (stmt, i));
  g_ptr_array_sort (columns, compare_names);

  out = g_string_new ("{");
  for (guint k = 0; k < columns->len; k++)
    {
      const char *name = g_ptr_array_index (columns, k);
      int i;

      for (i = 0; i < n; i++)
        if (strcmp (sqlite3_column_name (stmt, i), name) == 0)
          break;

      if (k > 0)
        g_string_append_c (out, ',');
      psems_sql_append_json_string (out, name);
      g_string_append_c (out, ':');

      if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
        {
          g_string_append (out, "null");
        }
      else if (key != NULL && psems_entity_is_personal (info, name))
        {
          g_autofree char *mac = hmac_value (key, (const char *) sqlite3_column_text (stmt, i),
                                             sqlite3_column_bytes (stmt, i));
          g_autofree char *text = g_strconcat ("hmac-sha256:", mac, NULL);
          psems_sql_append_json_string (out, text);
        }
      else
        {
          switch (sqlite3_column_type (stmt, i))
            {
            case SQLITE_INTEGER:
              g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, i));
              break;
            case SQLITE_FLOAT:
              {
                char buf[G_ASCII_DTOSTR_BUF_SIZE];
                g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.17g", sqlite3_column_double (stmt, i)));
              }
              break;
            case SQLITE_BLOB:
              {
                g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                                    sqlite3_column_blob (stmt, i),
                                                                    sqlite3_column_bytes (stmt, i));
                g_autofree char *text = g_strconcat ("sha256:", sum, NULL);
                psems_sql_append_json_string (out, text);
              }
              break;
            default:
              psems_sql_append_json_string (out, (const char *) sqlite3_column_text (stmt, i));
            }
        }
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/**
 * psems_audit_verify:
 * @n_checked: (out) (optional): how many entries were checked
 *
 * Walks the chain from the first entry and recomputes every hash. The first
 * entry that does not match is reported as %PSEMS_ERROR_CORRUPT, naming its id.
 */
gboolean
psems_audit_verify (PsemsStore  *store,
                    gint64      *n_checked,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char expected_prev[65] = PSEMS_AUDIT_GENESIS_HASH;
  gint64 expected_id = 1;
  gint64 count = 0;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);

  if (sqlite3_prepare_v2 (psems_store_get_db (store),
                          "SELECT id, at, user_id, user_name, role, action, entity, entity_id, ref,"
                          " before, after, prev_hash, hash FROM audit_trail ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      psems_store_set_sqlite_error (store, error, "audit trail");
      return FALSE;
    }

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *at = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *user_name = psems_sql_dup_column (stmt, 3);
      g_autofree char *role = psems_sql_dup_column (stmt, 4);
      g_autofree char *action = psems_sql_dup_column (stmt, 5);
      g_autofree char *entity = psems_sql_dup_column (stmt, 6);
      g_autofree char *ref = psems_sql_dup_column (stmt, 8);
      g_autofree char *before = psems_sql_dup_column (stmt, 9);
      g_autofree char *after = psems_sql_dup_column (stmt, 10);
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 11);
      const char *stored_hash = (const char *) sqlite3_column_text (stmt, 12);
      PsemsAuditRecord record = {
        .id = sqlite3_column_int64 (stmt, 0),
        .user_id = sqlite3_column_int64 (stmt, 2),
        .user_name = user_name,
        .role = role,
        .action = action,
        .entity = entity,
        .entity_id = sqlite3_column_int64 (stmt, 7),
        .ref = ref,
        .before = before,
        .after = after,
      };

      if (record.id != expected_id)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                       _("Audit trail broken at entry %lld: entry %lld is missing"),
                       (long long) record.id, (long long) expected_id);
          ok = FALSE;
          break;
        }
      g_strlcpy (record.at, at != NULL ? at : "", sizeof record.at);
      g_strlcpy (record.prev_hash, stored_prev != NULL ? stored_prev : "", sizeof record.prev_hash);
      compute_hash (&record, record.hash);

      if (g_strcmp0 (stored_prev, expected_prev) != 0)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                       _("Audit trail broken at entry %lld (%s %s %s by %s): "
                         "it does not follow the entry before it"),
                       (long long) record.id, at ? at : "?", action ? action : "?", entity ? entity : "?",
                       user_name ? user_name : "?");
          ok = FALSE;
        }
      else if (g_strcmp0 (stored_hash, record.hash) != 0)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                       _("Audit trail broken at entry %lld (%s %s %s by %s): "
                         "its content was altered after it was written"),
                       (long long) record.id, at ? at : "?", action ? action : "?", entity ? entity : "?",
                       user_name ? user_name : "?");
          ok = FALSE;
        }
      g_strlcpy (expected_prev, stored_hash != NULL ? stored_hash : "", sizeof expected_prev);
      expected_id++;
      count++;
    }

  if (ok && rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "audit trail");
      ok = FALSE;
    }
  sqlite3_finalize (stmt);

  if (n_checked != NULL)
    *n_checked = count;
  return ok;
}
