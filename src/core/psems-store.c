/* psems-store.c — opening, identifying and migrating a PSeMS database; one connection per thread. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>

#include "psems-audit.h"
#include "psems-core-resources.h"
#include "psems-error.h"
#include "psems-store-private.h"

#define MIGRATIONS_PATH RESOURCE_PREFIX "/core/migrations/"
#define SQLITE_HEADER_MAGIC "SQLite format 3"

struct _PsemsStore
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  GHashTable *statements;   /* SQL text → sqlite3_stmt, finalized with the store */
  int schema_version;
  guint read_only : 1;
  guint created : 1;
};

G_DEFINE_FINAL_TYPE (PsemsStore, psems_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_SCHEMA_VERSION,
  PROP_READ_ONLY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  int version;
  char *name;   /* resource file name, e.g. 0002-domain.sql */
} Migration;

static void
migration_clear (gpointer data)
{
  Migration *m = data;
  g_free (m->name);
}

static int
migration_compare (gconstpointer a,
                   gconstpointer b)
{
  const Migration *ma = a, *mb = b;
  return (ma->version > mb->version) - (ma->version < mb->version);
}

/* The migrations compiled into this build, in order. Their file names start
 * with the schema version they bring the database to. */
static GArray *
list_migrations (void)
{
  g_auto(GStrv) names = NULL;
  GArray *migrations = g_array_new (FALSE, TRUE, sizeof (Migration));

  g_array_set_clear_func (migrations, migration_clear);
  names = g_resource_enumerate_children (psems_core_get_resource (), MIGRATIONS_PATH,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      Migration m = { (int) g_ascii_strtoll (names[i], NULL, 10), g_strdup (names[i]) };

      g_assert (m.version > 0);
      g_array_append_val (migrations, m);
    }
  g_array_sort (migrations, migration_compare);
  return migrations;
}

int
psems_store_get_latest_schema_version (void)
{
  g_autoptr(GArray) migrations = list_migrations ();

  if (migrations->len == 0)
    return 0;
  return g_array_index (migrations, Migration, migrations->len - 1).version;
}

void
psems_store_set_sqlite_error (PsemsStore *self,
                              GError    **error,
                              const char *what)
{
  int code = sqlite3_extended_errcode (self->db) & 0xff;
  const char *message = sqlite3_errmsg (self->db);
  PsemsError psems_code;

  switch (code)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:     psems_code = PSEMS_ERROR_BUSY; break;
    case SQLITE_READONLY:   psems_code = PSEMS_ERROR_READ_ONLY; break;
    case SQLITE_CONSTRAINT: psems_code = PSEMS_ERROR_CONSTRAINT; break;
    case SQLITE_CORRUPT:    psems_code = PSEMS_ERROR_CORRUPT; break;
    case SQLITE_NOTADB:     psems_code = PSEMS_ERROR_NOT_DATABASE; break;
    default:                psems_code = PSEMS_ERROR_FAILED; break;
    }

  if (what != NULL)
    g_set_error (error, PSEMS_ERROR, psems_code, "%s: %s: %s", self->path, what, message);
  else
    g_set_error (error, PSEMS_ERROR, psems_code, "%s: %s", self->path, message);
}

gboolean
psems_store_exec (PsemsStore  *self,
                  const char  *sql,
                  GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      psems_store_set_sqlite_error (self, error, NULL);
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
psems_store_get_db (PsemsStore *self)
{
  g_return_val_if_fail (PSEMS_IS_STORE (self), NULL);
  return self->db;
}

/**
 * psems_store_prepare:
 *
 * Returns a statement from the store's cache, prepared on first use. Hold it
 * in a `g_autoptr(PsemsCachedStmt)` so it is reset when the scope ends; never
 * finalize it.
 */
sqlite3_stmt *
psems_store_prepare (PsemsStore  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PSEMS_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      psems_store_set_sqlite_error (self, error, NULL);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gint64
psems_store_count (PsemsStore  *self,
                   const char  *sql,
                   GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (self, sql, error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      psems_store_set_sqlite_error (self, error, NULL);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

void
psems_store_emit_changed (PsemsStore *self,
                          const char *entity,
                          gint64      id)
{
  g_return_if_fail (PSEMS_IS_STORE (self));
  g_signal_emit (self, signals[CHANGED], g_quark_try_string (entity), entity, id);
}

static gboolean
file_is_writable (const char *path)
{
  GStatBuf st;
  g_autofree char *dir = g_path_get_dirname (path);

  /* Honour the mode bits even for root: a file its owner made read-only
   * is treated as read-only. The folder must take the WAL files. */
  if (g_stat (path, &st) != 0 || (st.st_mode & 0222) == 0)
    return FALSE;
  return g_access (path, W_OK) == 0 && g_access (dir, W_OK) == 0;
}

typedef struct
{
  gboolean is_new;
  gboolean has_wal;       /* a non-empty write-ahead log: the header may lag behind it */
  guint32 application_id;
  int user_version;
} Header;

/* Reads the 100-byte SQLite header without SQLite, so a file that is not
 * ours is refused before anything could write to it. */
static gboolean
inspect_header (const char *path,
                Header     *header,
                GError    **error)
{
  guint8 bytes[100];
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  FILE *fp;
  size_t n;

  memset (header, 0, sizeof *header);

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    {
      int saved = errno;

      if (saved == ENOENT)
        {
          header->is_new = TRUE;
          return TRUE;
        }
      g_set_error (error, PSEMS_ERROR, saved == EACCES ? PSEMS_ERROR_READ_ONLY : PSEMS_ERROR_FAILED,
                   _("Cannot read “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  n = fread (bytes, 1, sizeof bytes, fp);
  fclose (fp);

  if (n == 0)
    {
      header->is_new = TRUE;
      return TRUE;
    }
  if (n < sizeof bytes || memcmp (bytes, SQLITE_HEADER_MAGIC, sizeof SQLITE_HEADER_MAGIC) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_DATABASE,
                   _("“%s” is not a PSeMS database (it is not an SQLite file); it was left untouched"),
                   path);
      return FALSE;
    }

  header->application_id = (guint32) bytes[68] << 24 | (guint32) bytes[69] << 16 |
                           (guint32) bytes[70] << 8 | bytes[71];
  header->user_version = (int) ((guint32) bytes[60] << 24 | (guint32) bytes[61] << 16 |
                                (guint32) bytes[62] << 8 | bytes[63]);
  header->has_wal = g_stat (wal, &st) == 0 && st.st_size > 0;
  return TRUE;
}

static gboolean
check_application_id (const char *path,
                      guint32     application_id,
                      GError    **error)
{
  if (application_id != PSEMS_APPLICATION_ID)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FOREIGN_DATABASE,
                   _("“%s” is an SQLite database of another application (application id 0x%08x), "
                     "not a PSeMS database; it was left untouched"), path, application_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_version (const char *path,
               int         version,
               GError    **error)
{
  int latest = psems_store_get_latest_schema_version ();

  if (version > latest)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_TOO_NEW,
                   _("“%s” was written by a newer PSeMS (schema version %d; this build knows up to %d). "
                     "Update PSeMS to open it; the file was left untouched"), path, version, latest);
      return FALSE;
    }
  return TRUE;
}

static int
query_int_pragma (PsemsStore *self,
                  const char *pragma,
                  GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  else
    psems_store_set_sqlite_error (self, error, pragma);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
run_migrations (PsemsStore *self,
                GError    **error)
{
  g_autoptr(GArray) migrations = list_migrations ();
  int from = self->schema_version;
  int to = from;

  if (!psems_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (self->created)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d", PSEMS_APPLICATION_ID);

      if (!psems_store_exec (self, sql, error))
        goto fail;
    }

  for (guint i = 0; i < migrations->len; i++)
    {
      const Migration *m = &g_array_index (migrations, Migration, i);
      g_autofree char *resource = g_strconcat (MIGRATIONS_PATH, m->name, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;
      g_autoptr(GError) local_error = NULL;

      if (m->version <= from)
        continue;

      bytes = g_resource_lookup_data (psems_core_get_resource (), resource,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_assert (bytes != NULL);
      sql = g_strdup_printf ("%.*s;\nPRAGMA user_version = %d;",
                             (int) g_bytes_get_size (bytes),
                             (const char *) g_bytes_get_data (bytes, NULL), m->version);
      if (!psems_store_exec (self, sql, &local_error))
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                       _("Migration %s failed: %s"), m->name, local_error->message);
          goto fail;
        }
      to = m->version;
    }

  if (to != from)
    {
      g_autofree char *after = g_strdup_printf ("{\"schema_version\":%d}", to);
      g_autofree char *before = g_strdup_printf ("{\"schema_version\":%d}", from);
      PsemsAuditRecord record = {
        .user_name = "PSeMS " PACKAGE_VERSION,
        .role = "system",
        .action = self->created ? "create" : "migrate",
        .entity = "database",
        .before = self->created ? NULL : before,
        .after = after,
      };

      if (!psems_audit_append (self, &record, error))
        goto fail;
    }

  if (!psems_store_exec (self, "COMMIT", error))
    goto fail;
  self->schema_version = to;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
configure_connection (PsemsStore *self,
                      GError    **error)
{
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, TRUE);

  if (!psems_store_exec (self, "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF", error))
    return FALSE;
  if (self->read_only)
    return TRUE;
  /* FULL: a committed write survives a power cut; commits stay well under a millisecond. */
  return psems_store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", error);
}

/**
 * psems_store_open:
 * @path: the database file
 * @flags: whether a missing file may be created, whether to stay read-only
 *
 * Opens a PSeMS database and brings its schema to this build's version.
 * A file that is not SQLite, belongs to another application, was written by
 * a newer PSeMS, or cannot be written where migrating needs it, is refused
 * with a #PsemsError and is left byte-identical: its header is read before
 * SQLite is given the file, and nothing writes before all checks pass.
 *
 * Each thread opens its own store (see psems_store_open_worker()).
 */
PsemsStore *
psems_store_open (const char           *path,
                  PsemsStoreOpenFlags   flags,
                  GError              **error)
{
  g_autoptr(PsemsStore) self = NULL;
  Header header;
  int latest = psems_store_get_latest_schema_version ();
  int open_flags;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!inspect_header (path, &header, error))
    return NULL;

  if (header.is_new && (!(flags & PSEMS_STORE_OPEN_CREATE) || (flags & PSEMS_STORE_OPEN_READ_ONLY)))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NO_DATABASE,
                   _("There is no PSeMS database at “%s”; create one with “psems-cli --db %s db init”"),
                   path, path);
      return NULL;
    }

  /* With a write-ahead log beside it, the header may not show the last
   * commits yet; SQLite is asked below instead, still without writing. */
  if (!header.is_new && !header.has_wal &&
      (!check_application_id (path, header.application_id, error) ||
       !check_version (path, header.user_version, error)))
    return NULL;

  self = g_object_new (PSEMS_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->created = header.is_new;
  self->read_only = (flags & PSEMS_STORE_OPEN_READ_ONLY) != 0 ||
                    (!header.is_new && !file_is_writable (path));
  self->schema_version = header.user_version;

  open_flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI |
               (self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
               (header.is_new ? SQLITE_OPEN_CREATE : 0);
  {
    g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
    g_autofree char *uri = g_strconcat ("file:", escaped, NULL);

    if (sqlite3_open_v2 (uri, &self->db, open_flags, NULL) != SQLITE_OK)
      {
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot open “%s”: %s"),
                     path, self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
        return NULL;
      }
  }

  if (header.has_wal)
    {
      int app_id;

      /* Closing the last connection would fold the log into the file: not before it is known to be ours. */
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      app_id = query_int_pragma (self, "application_id", error);

      if (app_id == -1 && error != NULL && *error != NULL)
        return NULL;
      if (!check_application_id (path, (guint32) app_id, error))
        return NULL;
      self->schema_version = query_int_pragma (self, "user_version", error);
      if (self->schema_version < 0 || !check_version (path, self->schema_version, error))
        return NULL;
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
    }

  if (self->read_only && self->schema_version < latest)
    {
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_READ_ONLY,
                   _("“%s” needs upgrading from schema version %d to %d, but it cannot be written here "
                     "(read-only file or folder); the file was left untouched"),
                   path, self->schema_version, latest);
      return NULL;
    }

  if (!configure_connection (self, error))
    return NULL;
  if (!self->read_only && self->schema_version < latest)
    {
      if (!run_migrations (self, error))
        return NULL;
      /* Bring the header up to date, so the next open can identify the file before SQLite touches it. */
      sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    }

  return g_steal_pointer (&self);
}

/**
 * psems_store_open_worker:
 *
 * Opens a second connection to the same file for a worker thread. SQLite
 * connections are not shared between threads here. A worker's page cache is
 * small (512 KiB).
 */
PsemsStore *
psems_store_open_worker (PsemsStore  *self,
                         GError     **error)
{
  g_autoptr(PsemsStore) worker = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (self), NULL);

  worker = psems_store_open (self->path,
                             self->read_only ? PSEMS_STORE_OPEN_READ_ONLY : PSEMS_STORE_OPEN_DEFAULT,
                             error);
  /* Workers count and list: they scan, and a scan gains nothing from a large page cache, while
   * every cached page (and a sorter's buffer, sized from the cache) stays in the process's peak
   * memory. A worker that writes in bulk (an import) raises its own cache for the while. */
  if (worker != NULL && !psems_store_exec (worker, "PRAGMA cache_size = -512", error))
    return NULL;
  return g_steal_pointer (&worker);
}

const char *
psems_store_get_path (PsemsStore *self)
{
  g_return_val_if_fail (PSEMS_IS_STORE (self), NULL);
  return self->path;
}

int
psems_store_get_schema_version (PsemsStore *self)
{
  g_return_val_if_fail (PSEMS_IS_STORE (self), 0);
  return self->schema_version;
}

gboolean
psems_store_get_read_only (PsemsStore *self)
{
  g_return_val_if_fail (PSEMS_IS_STORE (self), TRUE);
  return self->read_only;
}

/* Whether this open created the database. */
gboolean
psems_store_get_created (PsemsStore *self)
{
  g_return_val_if_fail (PSEMS_IS_STORE (self), FALSE);
  return self->created;
}

/**
 * psems_store_default_path:
 *
 * Where a user's database lives unless they name another:
 * `$XDG_DATA_HOME/psems/psems.db`.
 */
char *
psems_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "psems", "psems.db", NULL);
}

char *
psems_store_dup_setting (PsemsStore *self,
                         const char *key)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = psems_store_prepare (self, "SELECT value FROM setting WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return psems_sql_dup_column (stmt, 0);
}

/**
 * psems_store_check_integrity:
 *
 * SQLite's own integrity and foreign-key checks. The first problem found is
 * reported as %PSEMS_ERROR_CORRUPT.
 */
gboolean
psems_store_check_integrity (PsemsStore  *self,
                             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *problem = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      psems_store_set_sqlite_error (self, error, "integrity check");
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (text, "ok") != 0)
        problem = g_strdup (text);
    }
  else
    {
      psems_store_set_sqlite_error (self, error, "integrity check");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (problem == NULL &&
      sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        problem = g_strdup_printf (_("row %lld of table %s refers to a missing row of %s"),
                                   (long long) sqlite3_column_int64 (stmt, 1),
                                   (const char *) sqlite3_column_text (stmt, 0),
                                   (const char *) sqlite3_column_text (stmt, 2));
      sqlite3_finalize (stmt);
    }

  if (problem != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT, _("%s: integrity check failed: %s"),
                   self->path, problem);
      return FALSE;
    }
  return TRUE;
}

static void
psems_store_finalize (GObject *object)
{
  PsemsStore *self = (PsemsStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (psems_store_parent_class)->finalize (object);
}

static void
psems_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PsemsStore *self = PSEMS_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_SCHEMA_VERSION:
      g_value_set_int (value, self->schema_version);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_store_class_init (PsemsStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = psems_store_finalize;
  object_class->get_property = psems_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCHEMA_VERSION] =
    g_param_spec_int ("schema-version", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsemsStore::changed:
   * @entity: the entity name (see psems-entity.h); the signal detail too
   * @id: the row id, or 0 when many rows changed
   *
   * Emitted after a transaction commits, once for each record it wrote.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
psems_store_init (PsemsStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}
