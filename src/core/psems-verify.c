/* psems-verify.c — tamper evidence: the trail's hash chain, a head recorded outside, data rows changed behind the app's back; reading the trail. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "psems-audit.h"
#include "psems-entity.h"
#include "psems-store-private.h"
#include "psems-verify.h"

/*
 * How `db verify` decides, in two passes:
 *
 * 1. One pass over the trail in id order recomputes every entry's hash
 *    (psems-audit.c's canonical serialization, repeated here without
 *    allocations: this pass must run well over 100,000 entries a second),
 *    checks each entry's link to the one before, finds the expected head, and
 *    keeps, for each (entity, id), the SHA-256 of the after-image of its
 *    latest entry that holds a row image.
 * 2. One pass per audited table computes each live row's canonical image
 *    exactly as psems_audit_image_row() writes it (tests/test-verify.c checks
 *    the two agree on every row of the demo) and compares. A row image may be
 *    extended by its module with keys after the columns (a control's
 *    regulations): the row is unchanged when the image is a prefix of the
 *    entry's. Columns missing from an old image (a later migration added them)
 *    are not differences.
 *
 * Bulk entries (the demo, a person import) record one entry for many rows,
 * with a count. Rows no entry of their own accounts for are accepted up to
 * that count, and reported beyond it: an insert behind the app's back gets the
 * highest id, so the highest ids are named. Such rows have no image to
 * compare; the report counts them (n_bulk_rows).
 */

/* ───────────────────────────── problems and reports ───────────────────────────── */

static void
problem_free (PsemsVerifyProblem *problem)
{
  g_free (problem->table);
  g_free (problem->ref);
  g_free (problem->detail);
  g_free (problem);
}

void
psems_verify_report_free (PsemsVerifyReport *report)
{
  if (report == NULL)
    return;
  g_free (report->head);
  g_free (report->expected_head);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

gboolean
psems_verify_report_ok (const PsemsVerifyReport *report)
{
  g_return_val_if_fail (report != NULL, FALSE);
  return report->n_problems == 0;
}

const char *
psems_verify_kind_to_string (PsemsVerifyKind kind)
{
  switch (kind)
    {
    case PSEMS_VERIFY_TRAIL_BROKEN:   return "trail-broken";
    case PSEMS_VERIFY_HEAD_MISSING:   return "head-missing";
    case PSEMS_VERIFY_ROW_ALTERED:    return "row-altered";
    case PSEMS_VERIFY_ROW_UNRECORDED: return "row-unrecorded";
    case PSEMS_VERIFY_ROW_MISSING:    return "row-missing";
    default:                          return "unknown";
    }
}

const char *
psems_verify_kind_label (PsemsVerifyKind kind)
{
  switch (kind)
    {
    case PSEMS_VERIFY_TRAIL_BROKEN:   return _("Audit trail broken");
    case PSEMS_VERIFY_HEAD_MISSING:   return _("Recorded head not found");
    case PSEMS_VERIFY_ROW_ALTERED:    return _("Record altered outside PSeMS");
    case PSEMS_VERIFY_ROW_UNRECORDED: return _("Record added outside PSeMS");
    case PSEMS_VERIFY_ROW_MISSING:    return _("Record removed outside PSeMS");
    default:                          return _("Problem");
    }
}

static void
add_problem (PsemsVerifyReport *report,
             PsemsVerifyKind    kind,
             const char        *table,
             const char        *ref,
             gint64             entry_id,
             char              *detail)    /* (transfer full) */
{
  PsemsVerifyProblem *problem;

  report->n_problems++;
  if (report->problems->len >= PSEMS_VERIFY_MAX_PROBLEMS)
    {
      g_free (detail);
      return;
    }
  problem = g_new0 (PsemsVerifyProblem, 1);
  problem->kind = kind;
  problem->table = g_strdup (table);
  problem->ref = g_strdup (ref);
  problem->entry_id = entry_id;
  problem->detail = detail;
  g_ptr_array_add (report->problems, problem);
}

/**
 * psems_verify_normalize_hash:
 *
 * @text as a chain hash (64 hex digits, any letter case, surrounding space
 * ignored) in lowercase, or %NULL when it is not one.
 */
char *
psems_verify_normalize_hash (const char *text)
{
  g_autofree char *copy = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  copy = g_strstrip (g_strdup (text));
  hash = g_ascii_strdown (copy, -1);
  if (strlen (hash) != 64)
    return NULL;
  for (const char *p = hash; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return NULL;
  return g_steal_pointer (&hash);
}

/**
 * psems_verify_dup_head:
 * @n_entries: (out) (optional): the newest entry's id (the trail's length
 *   while the chain is intact)
 *
 * The hash of the newest entry, the genesis hash for an empty trail: what a
 * pack or a person records to check later with `db verify --expect`.
 */
char *
psems_verify_dup_head (PsemsStore  *store,
                       gint64      *n_entries,
                       GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store, "SELECT id, hash FROM audit_trail ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      if (n_entries != NULL)
        *n_entries = sqlite3_column_int64 (stmt, 0);
      return psems_sql_dup_column (stmt, 1);
    case SQLITE_DONE:
      if (n_entries != NULL)
        *n_entries = 0;
      return g_strdup (PSEMS_AUDIT_GENESIS_HASH);
    default:
      psems_store_set_sqlite_error (store, error, "audit trail");
      return NULL;
    }
}

/* ───────────────────────────── SHA-256 ───────────────────────────── */

/* The chain's hash is SHA-256, through libsodium (audited code, not ours): about 130,000 trail
 * entries a second of CPU here, above the 100,000 the issue asks for. */

static void
hash_sha256 (guint8        out[32],
             const void   *data,
             gsize         length)
{
  crypto_hash_sha256 (out, data, length);
}

/* HMAC-SHA-256 with one key for many values: the key is folded in once and the state copied. */
typedef struct
{
  crypto_auth_hmacsha256_state portable;
} Hmac;

static void
hmac_init (Hmac         *hmac,
           const guint8 *key,
           gsize         length)
{
  crypto_auth_hmacsha256_init (&hmac->portable, key, length);
}

static void
hmac_compute (const Hmac   *hmac,
              guint8        out[32],
              const guint8 *data,
              gsize         length)
{
  crypto_auth_hmacsha256_state state = hmac->portable;

  crypto_auth_hmacsha256_update (&state, data, length);
  crypto_auth_hmacsha256_final (&state, out);
  sodium_memzero (&state, sizeof state);
}

static void
hmac_clear (Hmac *hmac)
{
  sodium_memzero (hmac, sizeof *hmac);
}

/* Lowercase hex, as the trail stores hashes (not constant-time: nothing secret). */
static void
format_hex (char          *out,
            const guint8  *bytes,
            gsize          n)
{
  static const char digits[] = "0123456789abcdef";

  for (gsize i = 0; i < n; i++)
    {
      out[2 * i] = digits[bytes[i] >> 4];
      out[2 * i + 1] = digits[bytes[i] & 15];
    }
  out[2 * n] = '\0';
}

/* Decimal text of @value, written backwards ending at @end; returns its start. */
static char *
format_int64 (char   *end,
              gint64  value)
{
  guint64 n = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  char *p = end;

  do
    *--p = (char) ('0' + n % 10);
  while ((n /= 10) > 0);
  if (value < 0)
    *--p = '-';
  return p;
}

/* psems_sql_append_json_string()'s output, copying runs that need no escape
 * in one go: images are mostly such runs. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':  g_string_append_len (out, "\\\"", 2); break;
        case '\\': g_string_append_len (out, "\\\\", 2); break;
        case '\b': g_string_append_len (out, "\\b", 2); break;
        case '\f': g_string_append_len (out, "\\f", 2); break;
        case '\n': g_string_append_len (out, "\\n", 2); break;
        case '\r': g_string_append_len (out, "\\r", 2); break;
        case '\t': g_string_append_len (out, "\\t", 2); break;
        default:    g_string_append_printf (out, "\\u%04x", c);
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

/* ───────────────────────────── pass 1: the chain ───────────────────────────── */

enum {
  LATEST_AFTER_NULL = 1 << 0,   /* the entry deleted the row */
  LATEST_CREATED    = 1 << 1,   /* some entry of this row created it (no before-image) */
};

typedef struct
{
  gint64 row_id;
  gint64 entry_id;
  guint8 sha[crypto_hash_sha256_BYTES];
  guint8 flags;
} Latest;

typedef struct
{
  const PsemsEntityInfo *info;
  GArray *latest;               /* Latest: every row entry, then one per row */
  gboolean has_bulk;
  gboolean bulk_unknown;        /* a bulk entry without a count */
  gint64 bulk_total;
  gint64 last_bulk_update;      /* the newest bulk entry that may have changed existing rows */
} EntityState;

typedef struct
{
  PsemsStore *store;
  PsemsVerifyReport *report;
  EntityState *entities;
  guint n_entities;
  GHashTable *by_name;          /* entity name → EntityState */
  gint64 last_purge;            /* the newest retention purge: rows it deleted have no entry of their own */
  GString *buf;
} Verify;

/* Rows some writes account for in another entity's entry rather than in
 * their own: a person import's vettings and area accesses (in its one bulk
 * entry), a threat's mitigations (in the threat's image, as its controls). */
static const struct
{
  const char *child;
  const char *parent;
  const char *parent_column;
  gboolean in_parent_image;
} children[] = {
  { "vetting",     "person", "person_id", FALSE },
  { "area-access", "person", "person_id", FALSE },
  { "mitigation",  "threat", "threat_id", TRUE },
};

static void
append_field (GString    *out,
              const char *text,
              int         length)
{
  char num[24];
  char *p = num + sizeof num;
  unsigned int n = (unsigned int) length;

  if (text == NULL)
    {
      g_string_append_len (out, "-\n", 2);
      return;
    }
  *--p = ':';
  do
    *--p = (char) ('0' + n % 10);
  while ((n /= 10) > 0);
  g_string_append_len (out, p, num + sizeof num - p);
  g_string_append_len (out, text, length);
  g_string_append_c (out, '\n');
}

static void
append_column (GString      *out,
               sqlite3_stmt *stmt,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  append_field (out, text, text != NULL ? sqlite3_column_bytes (stmt, column) : 0);
}

static void
append_int (GString *out,
            gint64   value,
            gboolean zero_is_null)
{
  char num[32];
  char *start;

  if (zero_is_null && value == 0)
    {
      append_field (out, NULL, 0);
      return;
    }
  start = format_int64 (num + sizeof num, value);
  append_field (out, start, (int) (num + sizeof num - start));
}

/* An integer member of a bulk entry's image ("count":300), -1 when absent. */
static gint64
image_integer (const char *image,
               const char *member)
{
  g_autofree char *key = g_strdup_printf ("\"%s\":", member);
  const char *p = strstr (image, key);

  if (p == NULL)
    return -1;
  p += strlen (key);
  if (!g_ascii_isdigit (*p))
    return -1;
  return g_ascii_strtoll (p, NULL, 10);
}

/* Whether @after is a row's image (an object holding the row's id), not a
 * list of links or another summary some modules record against a row. */
static gboolean
is_row_image (const char *after,
              gint64      row_id)
{
  char key[48];
  const char *p;
  gsize n;

  if (after[0] != '{')
    return FALSE;
  n = (gsize) g_snprintf (key, sizeof key, "\"id\":%" G_GINT64_FORMAT, row_id);
  for (p = strstr (after, key); p != NULL; p = strstr (p + 1, key))
    if ((p[-1] == '{' || p[-1] == ',') && (p[n] == ',' || p[n] == '}'))
      return TRUE;
  return FALSE;
}

static void
note_entry (Verify       *v,
            sqlite3_stmt *stmt,
            gint64        entry_id)
{
  const char *entity = (const char *) sqlite3_column_text (stmt, 6);
  const char *action = (const char *) sqlite3_column_text (stmt, 5);
  const char *after = (const char *) sqlite3_column_text (stmt, 10);
  gboolean has_before = sqlite3_column_type (stmt, 9) != SQLITE_NULL;
  EntityState *state;

  if (entity == NULL)
    return;
  if (g_strcmp0 (entity, "retention") == 0 && g_strcmp0 (action, "purge") == 0)
    {
      v->last_purge = entry_id;
      return;
    }
  state = g_hash_table_lookup (v->by_name, entity);
  if (state == NULL)
    return;

  if (sqlite3_column_type (stmt, 7) == SQLITE_NULL || sqlite3_column_int64 (stmt, 7) == 0)
    {
      gint64 count, updated;

      if (after == NULL)
        return;
      count = image_integer (after, "inserted");
      if (count < 0)
        count = image_integer (after, "count");
      updated = image_integer (after, "updated");
      state->has_bulk = TRUE;
      if (count < 0)
        state->bulk_unknown = TRUE;
      else
        state->bulk_total += count;
      if (count < 0 || updated > 0)
        state->last_bulk_update = entry_id;   /* an upsert import, or a bulk entry we cannot read */
      /* An import writes the children it names too, without saying how many. */
      for (guint i = 0; g_strcmp0 (action, "import") == 0 && i < G_N_ELEMENTS (children); i++)
        if (g_str_equal (children[i].parent, entity))
          {
            EntityState *child = g_hash_table_lookup (v->by_name, children[i].child);

            if (child == NULL)
              continue;
            child->has_bulk = TRUE;
            child->bulk_unknown = TRUE;
            if (updated > 0)
              child->last_bulk_update = entry_id;
          }
      return;
    }

  {
    gint64 row_id = sqlite3_column_int64 (stmt, 7);
    Latest latest = { .row_id = row_id, .entry_id = entry_id };

    if (after == NULL)
      {
        if (!has_before)
          return;                 /* a view, a sign-in: no row changed */
        latest.flags = LATEST_AFTER_NULL;
      }
    else
      {
        if (!is_row_image (after, row_id))
          return;
        hash_sha256 (latest.sha, after, (gsize) sqlite3_column_bytes (stmt, 10));
        if (!has_before)
          latest.flags = LATEST_CREATED;
      }
    g_array_append_val (state->latest, latest);
  }
}

static gboolean
check_chain (Verify        *v,
             GCancellable  *cancellable,
             GError       **error)
{
  PsemsVerifyReport *report = v->report;
  sqlite3_stmt *stmt = NULL;
  char expected_prev[65] = PSEMS_AUDIT_GENESIS_HASH;
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  guint8 sum[crypto_hash_sha256_BYTES];
  gint64 expected_id = 1;
  int rc = SQLITE_DONE;

  if (sqlite3_prepare_v2 (psems_store_get_db (v->store),
                          "SELECT id, at, user_id, user_name, role, action, entity, entity_id, ref,"
                          " before, after, prev_hash, hash FROM audit_trail ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      psems_store_set_sqlite_error (v->store, error, "audit trail");
      return FALSE;
    }

  if (report->expected_head != NULL && g_str_equal (report->expected_head, PSEMS_AUDIT_GENESIS_HASH))
    report->expected_found = TRUE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 11);
      const char *stored_hash = (const char *) sqlite3_column_text (stmt, 12);
      g_autofree char *where = NULL;

      if ((report->n_entries & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }

      g_string_truncate (v->buf, 0);
      g_string_append_len (v->buf, "PSEMS-AUDIT-1\n", 14);
      append_int (v->buf, id, FALSE);
      append_column (v->buf, stmt, 1);
      append_int (v->buf, sqlite3_column_int64 (stmt, 2), TRUE);
      for (int c = 3; c <= 6; c++)
        append_column (v->buf, stmt, c);
      append_int (v->buf, sqlite3_column_int64 (stmt, 7), TRUE);
      for (int c = 8; c <= 11; c++)
        append_column (v->buf, stmt, c);
      hash_sha256 (sum, v->buf->str, v->buf->len);
      format_hex (hex, sum, sizeof sum);

      if (id != expected_id)
        {
          where = g_strdup_printf (_("entry %lld"), (long long) id);
          add_problem (report, PSEMS_VERIFY_TRAIL_BROKEN, "audit_trail", where, id,
                       id > expected_id
                       ? g_strdup_printf (ngettext ("Entry %lld follows entry %lld: %lld entry is missing",
                                                    "Entry %lld follows entry %lld: %lld entries are missing",
                                                    (gulong) (id - expected_id)),
                                          (long long) id, (long long) expected_id - 1,
                                          (long long) (id - expected_id))
                       : g_strdup_printf (_("Entry %lld is out of order"), (long long) id));
        }
      else if (g_strcmp0 (stored_prev, expected_prev) != 0)
        {
          where = g_strdup_printf (_("entry %lld"), (long long) id);
          add_problem (report, PSEMS_VERIFY_TRAIL_BROKEN, "audit_trail", where, id,
                       g_strdup_printf (_("Entry %lld (%s %s %s by %s) does not follow the entry before "
                                          "it: an entry was removed, inserted or rewritten"),
                                        (long long) id, sqlite3_column_text (stmt, 1),
                                        sqlite3_column_text (stmt, 5), sqlite3_column_text (stmt, 6),
                                        sqlite3_column_text (stmt, 3)));
        }
      else if (stored_hash == NULL || memcmp (stored_hash, hex, 64) != 0)
        {
          where = g_strdup_printf (_("entry %lld"), (long long) id);
          add_problem (report, PSEMS_VERIFY_TRAIL_BROKEN, "audit_trail", where, id,
                       g_strdup_printf (_("Entry %lld (%s %s %s by %s) was altered after it was written: "
                                          "its content does not match its hash"),
                                        (long long) id, sqlite3_column_text (stmt, 1),
                                        sqlite3_column_text (stmt, 5), sqlite3_column_text (stmt, 6),
                                        sqlite3_column_text (stmt, 3)));
        }

      g_strlcpy (expected_prev, stored_hash != NULL ? stored_hash : "", sizeof expected_prev);
      expected_id = id + 1;
      report->n_entries++;

      if (report->expected_head != NULL && !report->expected_found && stored_hash != NULL &&
          g_str_equal (stored_hash, report->expected_head))
        {
          report->expected_found = TRUE;
          report->expected_entry = id;
        }

      note_entry (v, stmt, id);
    }

  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (v->store, error, "audit trail");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  report->head = g_strdup (expected_prev);
  if (report->expected_head != NULL)
    {
      if (report->expected_found)
        report->n_after_expected = report->n_entries - report->expected_entry;
      else
        add_problem (report, PSEMS_VERIFY_HEAD_MISSING, "audit_trail", NULL, 0,
                     g_strdup_printf (_("The recorded head %s is not an entry of this audit trail: the "
                                        "trail was rewritten or truncated, or this is another database"),
                                      report->expected_head));
    }
  return TRUE;
}

/* ───────────────────────────── pass 2: the rows ───────────────────────────── */

static int
compare_latest (gconstpointer a,
                gconstpointer b)
{
  const Latest *x = a, *y = b;

  if (x->row_id != y->row_id)
    return x->row_id < y->row_id ? -1 : 1;
  return x->entry_id < y->entry_id ? -1 : x->entry_id > y->entry_id;
}

/* Sorts by row and keeps each row's newest entry, with the flags of all. */
static void
reduce_latest (GArray *latest)
{
  guint out = 0;

  g_array_sort (latest, compare_latest);
  for (guint i = 0; i < latest->len; i++)
    {
      Latest *l = &g_array_index (latest, Latest, i);

      if (out > 0 && g_array_index (latest, Latest, out - 1).row_id == l->row_id)
        {
          Latest *prev = &g_array_index (latest, Latest, out - 1);
          guint8 created = (prev->flags | l->flags) & LATEST_CREATED;

          *prev = *l;
          prev->flags = (guint8) ((l->flags & ~LATEST_CREATED) | created);
        }
      else
        g_array_index (latest, Latest, out++) = *l;
    }
  g_array_set_size (latest, out);
}

/* The newest entry of row @row_id in a reduced array, if it holds its image. */
static const Latest *
find_latest (GArray *latest,
             gint64  row_id)
{
  guint lo = 0, hi = latest->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Latest *l = &g_array_index (latest, Latest, mid);

      if (l->row_id == row_id)
        return (l->flags & LATEST_AFTER_NULL) ? NULL : l;
      if (l->row_id < row_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

typedef struct
{
  int n;
  int *order;                   /* columns in ascending name order */
  char **keys;                  /* in that order, as JSON keys with their colon */
  gboolean *personal;
  int id_column;
  int ref_column;               /* -1: none */
  Hmac hmac;
  gboolean keyed;
} Table;

static int
compare_column_names (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  sqlite3_stmt *stmt = user_data;

  return strcmp (sqlite3_column_name (stmt, *(const int *) a), sqlite3_column_name (stmt, *(const int *) b));
}

/* The row's canonical image, as psems_audit_image_row() writes it. */
static void
build_image (Table        *t,
             sqlite3_stmt *stmt,
             GString      *out)
{
  g_string_truncate (out, 0);
  g_string_append_c (out, '{');
  for (int k = 0; k < t->n; k++)
    {
      int i = t->order[k];
      int type = sqlite3_column_type (stmt, i);

      if (k > 0)
        g_string_append_c (out, ',');
      g_string_append (out, t->keys[k]);      /* "name": */

      if (type == SQLITE_NULL)
        g_string_append_len (out, "null", 4);
      else if (t->keyed && t->personal[i])
        {
          const guchar *text = sqlite3_column_text (stmt, i);
          guint8 mac[crypto_auth_hmacsha256_BYTES];
          char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];

          hmac_compute (&t->hmac, mac, text, (gsize) sqlite3_column_bytes (stmt, i));
          format_hex (hex, mac, sizeof mac);
          g_string_append_len (out, "\"hmac-sha256:", 13);
          g_string_append_len (out, hex, 64);
          g_string_append_c (out, '"');
        }
      else if (type == SQLITE_INTEGER)
        {
          char num[32];
          char *start = format_int64 (num + sizeof num, sqlite3_column_int64 (stmt, i));

          g_string_append_len (out, start, num + sizeof num - start);
        }
      else if (type == SQLITE_FLOAT)
        {
          char num[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append (out, g_ascii_formatd (num, sizeof num, "%.17g", sqlite3_column_double (stmt, i)));
        }
      else if (type == SQLITE_BLOB)
        {
          guint8 sum[crypto_hash_sha256_BYTES];
          char hex[crypto_hash_sha256_BYTES * 2 + 1];
          const void *blob = sqlite3_column_blob (stmt, i);

          hash_sha256 (sum, blob != NULL ? blob : (const void *) "", (gsize) sqlite3_column_bytes (stmt, i));
          format_hex (hex, sum, sizeof sum);
          g_string_append_len (out, "\"sha256:", 8);
          g_string_append_len (out, hex, 64);
          g_string_append_c (out, '"');
        }
      else
        append_json_string (out, (const char *) sqlite3_column_text (stmt, i));
    }
  g_string_append_c (out, '}');
}

static char *
row_ref (Table        *t,
         sqlite3_stmt *stmt,
         gint64        id)
{
  if (t->ref_column >= 0 && sqlite3_column_type (stmt, t->ref_column) != SQLITE_NULL)
    return g_strdup ((const char *) sqlite3_column_text (stmt, t->ref_column));
  return g_strdup_printf ("#%" G_GINT64_FORMAT, id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The members of @after whose values differ in @before; keys @after lacks are
 * not differences (@before is the older image, made before a migration added
 * a column, or the row image of an extended entry). NULL when either is not
 * a JSON object. */
static GPtrArray *
diff_members (const char *older,
              const char *newer,
              gboolean    only_newer_keys)
{
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) members = NULL;
  JsonObject *a = NULL, *b = NULL;

  if (older != NULL && json_parser_load_from_data (p1, older, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p1)))
    a = json_node_get_object (json_parser_get_root (p1));
  if (newer != NULL && json_parser_load_from_data (p2, newer, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p2)))
    b = json_node_get_object (json_parser_get_root (p2));
  if ((older != NULL && a == NULL) || (newer != NULL && b == NULL))
    return NULL;

  if (b != NULL)
    {
      members = json_object_get_members (b);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *x = a != NULL ? json_object_get_member (a, l->data) : NULL;
          JsonNode *y = json_object_get_member (b, l->data);

          if (x == NULL && only_newer_keys)
            continue;
          if (x == NULL || !json_node_equal (x, y))
            g_ptr_array_add (fields, g_strdup (l->data));
        }
      g_clear_pointer (&members, g_list_free);
    }
  if (a != NULL && !only_newer_keys)
    {
      members = json_object_get_members (a);
      for (GList *l = members; l != NULL; l = l->next)
        if (b == NULL || !json_object_has_member (b, l->data))
          g_ptr_array_add (fields, g_strdup (l->data));
    }
  g_ptr_array_sort (fields, compare_strings);
  return g_steal_pointer (&fields);
}

/**
 * psems_trail_diff_fields:
 * @before: (nullable): an image
 * @after: (nullable): the image after it
 *
 * The names of the members that differ between two images (added, removed
 * or changed), sorted; %NULL when either is not a JSON object.
 */
GPtrArray *
psems_trail_diff_fields (const char *before,
                         const char *after)
{
  GPtrArray *fields = diff_members (before, after, FALSE);

  if (fields != NULL)
    {
      /* diff_members lists a member on both sides when only one has it. */
      for (guint i = 1; i < fields->len;)
        if (g_strcmp0 (g_ptr_array_index (fields, i), g_ptr_array_index (fields, i - 1)) == 0)
          g_ptr_array_remove_index (fields, i);
        else
          i++;
    }
  return fields;
}

typedef struct
{
  char *at;
  char *user_name;
  char *action;
  char *after;
} EntryText;

static gboolean
read_entry (Verify     *v,
            gint64      entry_id,
            EntryText  *entry,
            GError    **error)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (v->store, "SELECT at, user_name, action, after FROM audit_trail WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      psems_store_set_sqlite_error (v->store, error, "audit trail");
      return FALSE;
    }
  entry->at = psems_sql_dup_column (stmt, 0);
  entry->user_name = psems_sql_dup_column (stmt, 1);
  entry->action = psems_sql_dup_column (stmt, 2);
  entry->after = psems_sql_dup_column (stmt, 3);
  return TRUE;
}

static void
entry_text_clear (EntryText *entry)
{
  g_free (entry->at);
  g_free (entry->user_name);
  g_free (entry->action);
  g_free (entry->after);
}

/* The row's image differs from its entry's by hash: an extension, a column
 * added since, or a real change? */
static gboolean
compare_slowly (Verify        *v,
                EntityState   *state,
                const Latest  *latest,
                const char    *image,
                const char    *ref,
                GError       **error)
{
  EntryText entry = { NULL };
  g_autoptr(GPtrArray) fields = NULL;
  gsize n = strlen (image);

  if (!read_entry (v, latest->entry_id, &entry, error))
    return FALSE;

  if (entry.after != NULL && strncmp (entry.after, image, n - 1) == 0 && entry.after[n - 1] == ',')
    {
      v->report->n_rows++;          /* the module's extended image begins with the row's */
      entry_text_clear (&entry);
      return TRUE;
    }

  fields = diff_members (entry.after, image, TRUE);
  if (fields != NULL && fields->len == 0)
    {
      v->report->n_rows++;          /* only columns a later migration added */
      entry_text_clear (&entry);
      return TRUE;
    }

  {
    g_autofree char *list = NULL;

    if (fields != NULL)
      {
        g_ptr_array_add (fields, NULL);
        list = g_strjoinv (", ", (char **) fields->pdata);
      }
    add_problem (v->report, PSEMS_VERIFY_ROW_ALTERED, state->info->table, ref, latest->entry_id,
                 g_strdup_printf (_("%s %s differs from its last audit entry %lld (%s %s by %s): %s"),
                                  state->info->table, ref, (long long) latest->entry_id,
                                  entry.action, entry.at, entry.user_name,
                                  list != NULL ? list : _("its content cannot be compared")));
  }
  v->report->n_rows++;
  entry_text_clear (&entry);
  return TRUE;
}

static void
report_missing (Verify       *v,
                EntityState  *state,
                const Latest *latest)
{
  g_autofree char *ref = NULL;

  if (latest->flags & LATEST_AFTER_NULL)
    return;                     /* deleted through the app */
  if (v->last_purge > latest->entry_id)
    return;                     /* a retention purge deleted it (its entry lists references) */
  ref = g_strdup_printf ("#%" G_GINT64_FORMAT, latest->row_id);
  add_problem (v->report, PSEMS_VERIFY_ROW_MISSING, state->info->table, ref, latest->entry_id,
               g_strdup_printf (_("%s %s is gone, but no audit entry deleted it (its last entry is %lld)"),
                                state->info->table, ref, (long long) latest->entry_id));
}

/* A row's readable reference, or "#<id>". */
static char *
dup_row_ref (Verify                *v,
             const PsemsEntityInfo *info,
             gint64                 id)
{
  if (info->ref_prefix != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT ref FROM %s WHERE id = ?1", info->table);
      g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (v->store, sql, NULL);

      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
            return psems_sql_dup_column (stmt, 0);
        }
    }
  return g_strdup_printf ("#%" G_GINT64_FORMAT, id);
}

static gboolean
check_table (Verify        *v,
             EntityState   *state,
             GCancellable  *cancellable,
             GError       **error)
{
  const PsemsEntityInfo *info = state->info;
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", info->table);
  g_autofree char *key = NULL;
  g_autoptr(GArray) unrecorded = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) image = g_string_sized_new (1024);
  GArray *latest = state->latest;
  sqlite3_stmt *stmt = NULL;
  gint64 moved_out = 0, allowed;
  Table t = { 0 };
  EntityState *parent = NULL;
  int parent_column = -1;
  guint j = 0;
  gboolean ok = TRUE;
  guint64 n_seen = 0;
  int rc = SQLITE_DONE;

  for (guint i = 0; i < latest->len; i++)
    if (!(g_array_index (latest, Latest, i).flags & LATEST_CREATED))
      moved_out++;

  if (sqlite3_prepare_v2 (psems_store_get_db (v->store), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      psems_store_set_sqlite_error (v->store, error, info->table);
      return FALSE;
    }

  t.n = sqlite3_column_count (stmt);
  t.order = g_new (int, t.n);
  t.personal = g_new0 (gboolean, t.n);
  t.ref_column = -1;
  t.id_column = -1;
  for (int i = 0; i < t.n; i++)
    {
      if (g_str_equal (sqlite3_column_name (stmt, i), "id"))
        t.id_column = i;
      t.order[i] = i;
      t.personal[i] = psems_entity_is_personal (info, sqlite3_column_name (stmt, i));
      if (info->ref_prefix != NULL && g_str_equal (sqlite3_column_name (stmt, i), "ref"))
        t.ref_column = i;
    }
  g_qsort_with_data (t.order, t.n, sizeof (int), compare_column_names, stmt);
  t.keys = g_new0 (char *, t.n + 1);
  for (int k = 0; k < t.n; k++)
    {
      GString *key_text = g_string_new (NULL);

      psems_sql_append_json_string (key_text, sqlite3_column_name (stmt, t.order[k]));
      g_string_append_c (key_text, ':');
      t.keys[k] = g_string_free (key_text, FALSE);
    }
  if (t.id_column < 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Table %s has no id column"), info->table);
      ok = FALSE;
    }
  if (info->personal != NULL)
    key = psems_store_dup_setting (v->store, "audit.personal_key");
  if (key != NULL)
    {
      hmac_init (&t.hmac, (const guint8 *) key, strlen (key));
      t.keyed = TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    if (children[i].in_parent_image && g_str_equal (children[i].child, info->name))
      {
        parent = g_hash_table_lookup (v->by_name, children[i].parent);
        for (int c = 0; c < t.n; c++)
          if (g_str_equal (sqlite3_column_name (stmt, c), children[i].parent_column))
            parent_column = c;
      }

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, t.id_column);
      Latest *l;

      if ((++n_seen & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      while (j < latest->len && g_array_index (latest, Latest, j).row_id < id)
        report_missing (v, state, &g_array_index (latest, Latest, j++));

      if (j < latest->len && g_array_index (latest, Latest, j).row_id == id)
        {
          l = &g_array_index (latest, Latest, j++);
          if (l->flags & LATEST_AFTER_NULL)
            {
              g_autofree char *ref = row_ref (&t, stmt, id);

              add_problem (v->report, PSEMS_VERIFY_ROW_UNRECORDED, info->table, ref, l->entry_id,
                           g_strdup_printf (_("%s %s is present, but audit entry %lld deleted it: it was "
                                              "put back outside PSeMS"),
                                            info->table, ref, (long long) l->entry_id));
              continue;
            }
          if (state->last_bulk_update > l->entry_id)
            {
              v->report->n_bulk_rows++;    /* a later import may have changed it without an image */
              continue;
            }
          {
            guint8 sum[crypto_hash_sha256_BYTES];

            build_image (&t, stmt, image);
            hash_sha256 (sum, image->str, image->len);
            if (sodium_memcmp (sum, l->sha, sizeof sum) == 0)
              v->report->n_rows++;
            else
              {
                g_autofree char *ref = row_ref (&t, stmt, id);

                ok = compare_slowly (v, state, l, image->str, ref, error);
              }
          }
        }
      else if (parent != NULL && parent_column >= 0 &&
               find_latest (parent->latest, sqlite3_column_int64 (stmt, parent_column)) != NULL)
        v->report->n_bulk_rows++;    /* its parent's entry lists it */
      else
        {
          g_array_append_val (unrecorded, id);   /* bulk rows, mostly: references only for those reported */
        }
    }
  if (ok && rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (v->store, error, info->table);
      ok = FALSE;
    }
  sqlite3_finalize (stmt);
  g_free (t.order);
  g_strfreev (t.keys);
  g_free (t.personal);
  hmac_clear (&t.hmac);
  if (!ok)
    return FALSE;

  while (j < latest->len)
    report_missing (v, state, &g_array_index (latest, Latest, j++));

  allowed = !state->has_bulk ? 0 : state->bulk_unknown ? G_MAXINT64 : MAX (state->bulk_total - moved_out, 0);
  v->report->n_bulk_rows += MIN ((gint64) unrecorded->len, allowed);
  for (gint64 i = allowed; i < (gint64) unrecorded->len; i++)
    {
      g_autofree char *ref = NULL;

      if (v->report->problems->len >= PSEMS_VERIFY_MAX_PROBLEMS)
        {
          v->report->n_problems += (guint) ((gint64) unrecorded->len - i);   /* counted, not listed */
          break;
        }
      ref = dup_row_ref (v, info, g_array_index (unrecorded, gint64, i));
      add_problem (v->report, PSEMS_VERIFY_ROW_UNRECORDED, info->table, ref, 0,
                   state->has_bulk
                   ? g_strdup_printf (_("%s %s has no audit entry of its own, and the bulk entries "
                                        "for %s account for fewer rows: it was added outside PSeMS"),
                                      info->table, ref, info->name)
                   : g_strdup_printf (_("%s %s has no audit entry: it was added outside PSeMS"),
                                      info->table, ref));
    }
  return TRUE;
}

/**
 * psems_verify_run:
 * @expected_head: (nullable): a head hash recorded earlier (a pack's, a
 *   note's); the trail must still lead through it
 *
 * Checks the chain, the expected head and every audited row; see the comment
 * at the top of this file. Problems go to the report; @error is only for a
 * database that cannot be read (or @cancellable). Run it on a worker's
 * connection (psems_store_open_worker()) to keep a window responsive.
 */
PsemsVerifyReport *
psems_verify_run (PsemsStore    *store,
                  const char    *expected_head,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(PsemsVerifyReport) report = g_new0 (PsemsVerifyReport, 1);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  const PsemsEntityInfo *all;
  Verify v = { 0 };
  gboolean ok = TRUE;
  guint n;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  if (sodium_init () < 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("The cryptography library cannot start"));
      return NULL;
    }
  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  if (expected_head != NULL)
    {
      report->expected_head = psems_verify_normalize_hash (expected_head);
      if (report->expected_head == NULL)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("“%s” is not an audit trail head: a head is 64 hexadecimal digits"), expected_head);
          return NULL;
        }
    }

  all = psems_entity_get_all (&n);
  v.store = store;
  v.report = report;
  v.by_name = by_name;
  v.entities = g_new0 (EntityState, n);
  v.buf = g_string_sized_new (4096);
  for (guint i = 0; i < n; i++)
    {
      /* The trail is checked by its chain; settings hold the audit key itself. */
      if (g_str_equal (all[i].name, "audit") || g_str_equal (all[i].name, "setting"))
        continue;
      v.entities[v.n_entities].info = &all[i];
      v.entities[v.n_entities].latest = g_array_new (FALSE, FALSE, sizeof (Latest));
      g_hash_table_insert (by_name, (gpointer) all[i].name, &v.entities[v.n_entities]);
      v.n_entities++;
    }

  /* One read transaction: both passes see the same database. */
  if (!psems_store_exec (store, "BEGIN", error))
    ok = FALSE;
  else
    {
      ok = check_chain (&v, cancellable, error);
      g_debug ("verify: %lld entries in %.3f s", (long long) report->n_entries, g_timer_elapsed (timer, NULL));
      for (guint i = 0; ok && i < v.n_entities; i++)
        reduce_latest (v.entities[i].latest);
      for (guint i = 0; ok && i < v.n_entities; i++)
        ok = check_table (&v, &v.entities[i], cancellable, error);
      psems_store_exec (store, "COMMIT", NULL);
    }

  for (guint i = 0; i < v.n_entities; i++)
    g_clear_pointer (&v.entities[i].latest, g_array_unref);
  g_free (v.entities);
  g_string_free (v.buf, TRUE);
  if (!ok)
    return NULL;

  report->seconds = g_timer_elapsed (timer, NULL);
  g_debug ("verify: %lld rows compared, %lld bulk, in %.3f s", (long long) report->n_rows,
           (long long) report->n_bulk_rows, report->seconds);
  return g_steal_pointer (&report);
}

/* ───────────────────────────── reading the trail ───────────────────────────── */

void
psems_trail_entry_free (PsemsTrailEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->user_name);
  g_free (entry->role);
  g_free (entry->action);
  g_free (entry->entity);
  g_free (entry->ref);
  g_free (entry->before);
  g_free (entry->after);
  g_free (entry->hash);
  g_free (entry);
}

#define ENTRY_COLUMNS "SELECT id, at, user_name, role, action, entity, entity_id, ref, hash"

static PsemsTrailEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  PsemsTrailEntry *entry = g_new0 (PsemsTrailEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->at = psems_sql_dup_column (stmt, 1);
  entry->user_name = psems_sql_dup_column (stmt, 2);
  entry->role = psems_sql_dup_column (stmt, 3);
  entry->action = psems_sql_dup_column (stmt, 4);
  entry->entity = psems_sql_dup_column (stmt, 5);
  entry->entity_id = sqlite3_column_int64 (stmt, 6);
  entry->ref = psems_sql_dup_column (stmt, 7);
  entry->hash = psems_sql_dup_column (stmt, 8);
  return entry;
}

/* " WHERE …" for @filter with parameters ?1…?4 (each bound, NULL when unused). */
static void
append_where (GString                *sql,
              const PsemsTrailFilter *filter,
              gint64                  before_id)
{
  const char *glue = " WHERE ";

  if (filter != NULL && filter->user != NULL)
    {
      g_string_append_printf (sql, "%suser_name = ?1 COLLATE NOCASE", glue);
      glue = " AND ";
    }
  if (filter != NULL && filter->entity != NULL)
    {
      g_string_append_printf (sql, "%sentity = ?2", glue);
      glue = " AND ";
    }
  if (filter != NULL && filter->from_at != NULL)
    {
      g_string_append_printf (sql, "%sat >= ?3", glue);
      glue = " AND ";
    }
  if (filter != NULL && filter->until_at != NULL)
    {
      g_string_append_printf (sql, "%sat < ?4", glue);
      glue = " AND ";
    }
  if (before_id > 0)
    g_string_append_printf (sql, "%sid < ?5", glue);
}

static void
bind_filter (sqlite3_stmt           *stmt,
             const PsemsTrailFilter *filter,
             gint64                  before_id)
{
  if (filter != NULL)
    {
      if (filter->user != NULL)
        sqlite3_bind_text (stmt, 1, filter->user, -1, SQLITE_TRANSIENT);
      if (filter->entity != NULL)
        sqlite3_bind_text (stmt, 2, filter->entity, -1, SQLITE_TRANSIENT);
      if (filter->from_at != NULL)
        sqlite3_bind_text (stmt, 3, filter->from_at, -1, SQLITE_TRANSIENT);
      if (filter->until_at != NULL)
        sqlite3_bind_text (stmt, 4, filter->until_at, -1, SQLITE_TRANSIENT);
    }
  if (before_id > 0)
    sqlite3_bind_int64 (stmt, 5, before_id);
}

/**
 * psems_trail_count:
 *
 * How many entries @filter lets through (%NULL: all); -1 after an error.
 */
gint64
psems_trail_count (PsemsStore             *store,
                   const PsemsTrailFilter *filter,
                   GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM audit_trail");
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), -1);

  append_where (sql, filter, 0);
  stmt = psems_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return -1;
  bind_filter (stmt, filter, 0);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      psems_store_set_sqlite_error (store, error, "audit trail");
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * psems_trail_list:
 * @before_id: only entries older than this one (0: from the newest); pass
 *   the last id of one page to get the next
 * @limit: at most this many
 *
 * Entries @filter lets through, newest first, without their images
 * (psems_trail_get() reads one whole). Pages by id, so a trail of millions
 * is never read whole.
 */
GPtrArray *
psems_trail_list (PsemsStore             *store,
                  const PsemsTrailFilter *filter,
                  gint64                  before_id,
                  guint                   limit,
                  GError                **error)
{
  g_autoptr(GString) sql = g_string_new (ENTRY_COLUMNS " FROM audit_trail");
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  append_where (sql, filter, before_id);
  g_string_append (sql, " ORDER BY id DESC LIMIT ?6");
  stmt = psems_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, filter, before_id);
  sqlite3_bind_int64 (stmt, 6, limit);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) entry_from_row,
                                 (GDestroyNotify) psems_trail_entry_free, "audit trail", error);
}

/**
 * psems_trail_get:
 *
 * One entry with its before- and after-images.
 */
PsemsTrailEntry *
psems_trail_get (PsemsStore  *store,
                 gint64       id,
                 GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  PsemsTrailEntry *entry;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store, ENTRY_COLUMNS ", before, after FROM audit_trail WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      break;
    case SQLITE_DONE:
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no audit entry %lld"), (long long) id);
      return NULL;
    default:
      psems_store_set_sqlite_error (store, error, "audit trail");
      return NULL;
    }
  entry = entry_from_row (stmt);
  entry->before = psems_sql_dup_column (stmt, 9);
  entry->after = psems_sql_dup_column (stmt, 10);
  return entry;
}

/**
 * psems_trail_dup_entities:
 *
 * The entity names the trail holds entries about, sorted (a scan of the
 * trail's entity index: about 0.1 s for a million entries).
 */
GStrv
psems_trail_dup_entities (PsemsStore  *store,
                          GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc = SQLITE_DONE;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store, "SELECT DISTINCT entity FROM audit_trail ORDER BY entity", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "audit trail");
      return NULL;
    }
  return g_strv_builder_end (builder);
}

/* One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula gets a
 * leading apostrophe: user names and references are typed by people. */
static void
append_csv_cell (GString    *out,
                 const char *text,
                 gboolean    last)
{
  gboolean formula = text != NULL && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;

  if (text != NULL)
    {
      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append (out, last ? "\r\n" : ",");
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/**
 * psems_trail_export_csv:
 * @n_written: (out) (optional): entries written
 *
 * Writes the entries @filter lets through, oldest first, with their images
 * and hashes (so the chain can be rechecked from the file), to @path: a file
 * beside it first, renamed over @path once complete, so @path is never a
 * partial export. Created readable by the owner only: images hold records.
 */
gboolean
psems_trail_export_csv (PsemsStore             *store,
                        const PsemsTrailFilter *filter,
                        const char             *path,
                        gint64                 *n_written,
                        GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, at, user_name, role, action, entity, entity_id, ref,"
                                         " before, after, prev_hash, hash FROM audit_trail");
  g_autoptr(GString) out = g_string_sized_new (1 << 16);
  g_autofree char *tmp = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = 0;
  gboolean ok = TRUE;
  int fd, rc = SQLITE_DONE, saved_errno = 0;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  append_where (sql, filter, 0);
  g_string_append (sql, " ORDER BY id");
  if (sqlite3_prepare_v2 (psems_store_get_db (store), sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      psems_store_set_sqlite_error (store, error, "audit trail");
      return FALSE;
    }
  bind_filter (stmt, filter, 0);

  tmp = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      sqlite3_finalize (stmt);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  g_string_append (out, "id,at,user,role,action,entity,entity_id,ref,before,after,prev_hash,hash\r\n");
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char num[32];

      g_snprintf (num, sizeof num, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));
      g_string_append (out, num);
      g_string_append_c (out, ',');
      for (int c = 1; c <= 11; c++)
        {
          if (c == 6)
            {
              if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
                g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 6));
              g_string_append_c (out, ',');
              continue;
            }
          append_csv_cell (out, (const char *) sqlite3_column_text (stmt, c), c == 11);
        }
      count++;
      if (out->len > (1 << 20))
        {
          ok = write_all (fd, out->str, out->len);
          saved_errno = errno;
          g_string_truncate (out, 0);
        }
    }
  if (ok && rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "audit trail");
      sqlite3_finalize (stmt);
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (ok)
    {
      ok = write_all (fd, out->str, out->len) && fsync (fd) == 0;
      saved_errno = errno;
    }
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (!ok)
    {
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  if (n_written != NULL)
    *n_written = count;
  return TRUE;
}
