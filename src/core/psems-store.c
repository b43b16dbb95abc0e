/* psems-store.c — opening, identifying and migrating a PSeMS database; one connection per thread. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "psems-audit.h"
#include "psems-backup.h"
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
  const char *advice = NULL;
  PsemsError psems_code;

  /* The codes a user can meet on a sound program: each says what to do about it. */
  switch (code)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      psems_code = PSEMS_ERROR_BUSY;
      advice = _("Another program is writing to the database; wait for it to finish or close it, "
                 "then try again");
      break;
    case SQLITE_READONLY:
      psems_code = PSEMS_ERROR_READ_ONLY;
      advice = _("The file or its folder cannot be written; make them writable and open the database again");
      break;
    case SQLITE_CONSTRAINT:
      psems_code = PSEMS_ERROR_CONSTRAINT;
      break;
    case SQLITE_CORRUPT:
      psems_code = PSEMS_ERROR_CORRUPT;
      advice = _("The database is damaged; stop using it and restore it from a backup "
                 "(“psems-cli db restore”)");
      break;
    case SQLITE_NOTADB:
      psems_code = PSEMS_ERROR_NOT_DATABASE;
      advice = _("The file is not a database or is damaged; restore it from a backup (“psems-cli db restore”)");
      break;
    case SQLITE_FULL:
      psems_code = PSEMS_ERROR_FAILED;
      advice = _("The disk is full; free some space and try again");
      break;
    case SQLITE_IOERR:
      psems_code = PSEMS_ERROR_FAILED;
      advice = _("The disk could not be read or written; check the disk and make a backup");
      break;
    default:
      psems_code = PSEMS_ERROR_FAILED;
      break;
    }

  if (what != NULL && advice != NULL)
    g_set_error (error, PSEMS_ERROR, psems_code, "%s: %s: %s. %s", self->path, what, message, advice);
  else if (what != NULL)
    g_set_error (error, PSEMS_ERROR, psems_code, "%s: %s: %s", self->path, what, message);
  else if (advice != NULL)
    g_set_error (error, PSEMS_ERROR, psems_code, "%s: %s. %s", self->path, message, advice);
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

static guint32
read_be32 (const guint8 *bytes)
{
  return (guint32) bytes[0] << 24 | (guint32) bytes[1] << 16 | (guint32) bytes[2] << 8 | bytes[3];
}

/* Reads the 100-byte SQLite header without SQLite, so a file that is not
 * ours is refused before anything could write to it. */
static gboolean
inspect_header (const char *path,
                Header     *header,
                GError    **error)
{
  guint8 bytes[100];
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  struct stat st;
  gint64 file_size;
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
  if (fstat (fileno (fp), &st) != 0)
    st.st_size = (goffset) n;
  fclose (fp);

  if (n == 0)
    {
      header->is_new = TRUE;
      return TRUE;
    }
  if (n < sizeof bytes || memcmp (bytes, SQLITE_HEADER_MAGIC, sizeof SQLITE_HEADER_MAGIC) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_DATABASE,
                   _("“%s” is not a PSeMS database (it is not an SQLite file). Check that you chose the "
                     "right file, or restore the database from a backup; the file was left untouched"),
                   path);
      return FALSE;
    }

  header->application_id = read_be32 (bytes + 68);
  header->user_version = (int) read_be32 (bytes + 60);
  file_size = st.st_size;
  header->has_wal = g_stat (wal, &st) == 0 && st.st_size > 0;

  /* The header records the file's length in pages, valid when the two
   * change counters agree. A shorter file was cut off (an interrupted copy,
   * a full disk); SQLite would only find out page by page, later. With a
   * write-ahead log (or a rollback journal left by a crash) beside it the
   * header may run ahead of the file until SQLite folds the log in or rolls
   * the journal back, so the check is left to SQLite then. */
  if (!header->has_wal && !(g_stat (journal, &st) == 0 && st.st_size > 0))
    {
      guint32 page_size = (guint32) bytes[16] << 8 | bytes[17];
      guint32 n_pages = read_be32 (bytes + 28);
      gint64 expected;

      if (page_size == 1)
        page_size = 65536;
      expected = (gint64) n_pages * page_size;
      if (n_pages > 0 && read_be32 (bytes + 24) == read_be32 (bytes + 92) && file_size < expected)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                       _("“%s” is damaged: it holds %lld bytes where its header says %lld, so it was "
                         "cut short (an interrupted copy or a full disk). Restore the database from a "
                         "backup; the file was left untouched"),
                       path, (long long) file_size, (long long) expected);
          return FALSE;
        }
    }
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
 * psems_store_network_share_kind:
 * @magic: a filesystem's `statfs()` type
 * @mount_type: its type in /proc/self/mountinfo ("fuse.sshfs"), or %NULL
 *
 * SQLite's locking is unreliable over network filesystems, so a database
 * there can be damaged by two writers. Refused: NFS, SMB/SMB2/CIFS, AFS,
 * Ceph, Coda, NCP, and the FUSE filesystems that reach another machine
 * (sshfs, rclone, s3fs, gcsfuse, curlftpfs, smbnetfs, davfs, GVFS mounts).
 * Other FUSE filesystems (NTFS or exFAT disks, encrypted folders, the
 * document portal) are local and allowed.
 *
 * Returns: (nullable): a short name of the network filesystem, or %NULL for
 *   a local one
 */
const char *
psems_store_network_share_kind (guint32     magic,
                                const char *mount_type)
{
  static const char * const network_fuse[] = {
    "sshfs", "rclone", "s3fs", "gcsfuse", "curlftpfs", "smbnetfs", "davfs", "davfs2",
    "gvfsd-fuse", "glusterfs", "ceph-fuse", "goofys",
  };

  switch (magic)
    {
    case 0x6969:     return "NFS";
    case 0x517B:     return "SMB";
    case 0xFE534D42: return "SMB2";
    case 0xFF534D42: return "CIFS";
    case 0x5346414F: return "AFS";
    case 0x00C36400: return "Ceph";
    case 0x73757245: return "Coda";
    case 0x564C:     return "NCP";
    case 0x65735546:
      if (mount_type != NULL && g_str_has_prefix (mount_type, "fuse."))
        {
          for (guint i = 0; i < G_N_ELEMENTS (network_fuse); i++)
            if (g_str_equal (mount_type + strlen ("fuse."), network_fuse[i]))
              return network_fuse[i];
        }
      return NULL;
    default:
      return NULL;
    }
}

/* mountinfo spells spaces and the like as \ooo. */
static char *
unescape_mount_field (const char *field)
{
  GString *out = g_string_new (NULL);

  for (const char *p = field; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
          p[3] >= '0' && p[3] <= '7')
        {
          g_string_append_c (out, (char) ((p[1] - '0') << 6 | (p[2] - '0') << 3 | (p[3] - '0')));
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The type of the mount holding @dir ("ext4", "fuse.sshfs"): the longest
 * mount point that contains it. */
static char *
dup_mount_type (const char *dir)
{
  g_autofree char *contents = NULL;
  g_autofree char *best_type = NULL;
  g_auto(GStrv) lines = NULL;
  size_t best_length = 0;

  if (!g_file_get_contents ("/proc/self/mountinfo", &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", -1);
      g_autofree char *mount_point = NULL;
      const char *type = NULL;
      size_t length;

      if (g_strv_length (fields) < 7)
        continue;
      for (guint j = 6; fields[j] != NULL; j++)
        if (g_str_equal (fields[j], "-"))
          {
            type = fields[j + 1];
            break;
          }
      if (type == NULL)
        continue;
      mount_point = unescape_mount_field (fields[4]);
      length = strlen (mount_point);
      if (length == 1 || (g_str_has_prefix (dir, mount_point) &&
                          (dir[length] == '\0' || dir[length] == '/')))
        {
          if (length >= best_length)
            {
              best_length = length;
              g_free (best_type);
              best_type = g_strdup (type);
            }
        }
    }
  return g_steal_pointer (&best_type);
}

/* Refuses a database to be written on a network share. The folder is asked,
 * so a file about to be created is checked too. */
static gboolean
check_local_disk (const char *path,
                  GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *real_dir = NULL;
  g_autofree char *mount_type = NULL;
  struct statfs st;
  const char *kind;

  if (statfs (dir, &st) != 0)
    return TRUE;   /* a missing folder is reported where the file is opened */
  real_dir = realpath (dir, NULL);
  if ((guint32) st.f_type == 0x65735546 && real_dir != NULL)
    mount_type = dup_mount_type (real_dir);
  kind = psems_store_network_share_kind ((guint32) st.f_type, mount_type);
  if (kind == NULL)
    return TRUE;

  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_READ_ONLY,
               _("“%s” is on a network share (%s). PSeMS does not support databases on network shares, "
                 "where file locking is unreliable and the database can be damaged: copy it to a local "
                 "disk and open the copy, or open it read-only; the file was left untouched"),
               path, kind);
  return FALSE;
}

/* A new database is created private to its owner (0600) whatever the umask;
 * SQLite gives the write-ahead log and shared-memory files the same mode. */
static gboolean
create_private_file (const char *path,
                     gboolean   *created,
                     GError    **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  int saved;

  *created = FALSE;
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, PSEMS_ERROR, saved == EACCES || saved == EROFS ? PSEMS_ERROR_READ_ONLY
                                                                         : PSEMS_ERROR_FAILED,
                   _("Cannot create the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fchmod (fd, 0600) != 0)
    {
      saved = errno;
      close (fd);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Cannot make the database “%s” private to you: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  *created = TRUE;
  return TRUE;
}

static void
set_locked_error (const char *path,
                  GError    **error)
{
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_BUSY,
               _("“%s” is locked by another program that is writing to it (another PSeMS window, "
                 "psems-cli, or a database tool). Close that program or wait for it to finish, then "
                 "open the database again; the file was left untouched"), path);
}

/* A writer that holds the file for longer than the busy timeout would make
 * every write fail later: say so now, before anything is written. */
static gboolean
probe_write_lock (PsemsStore *self,
                  GError    **error)
{
  int rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    return psems_store_exec (self, "ROLLBACK", error);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    set_locked_error (self->path, error);
  else
    psems_store_set_sqlite_error (self, error, NULL);
  return FALSE;
}

/* Reading the schema reads the first pages: a file whose header is intact
 * but whose pages are not is told now, before anything writes to it. */
static gboolean
check_schema_readable (PsemsStore *self,
                       GError    **error)
{
  int rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);

  switch (rc & 0xff)
    {
    case SQLITE_OK:
      return TRUE;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      set_locked_error (self->path, error);
      return FALSE;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("“%s” is damaged (%s). Restore the database from a backup; the file was left "
                     "untouched"), self->path, sqlite3_errmsg (self->db));
      return FALSE;
    default:
      psems_store_set_sqlite_error (self, error, NULL);
      return FALSE;
    }
}

static PsemsStore *
open_store (const char           *path,
            PsemsStoreOpenFlags   flags,
            gboolean              probe_lock,
            gboolean             *created_file,
            GError              **error)
{
  g_autoptr(PsemsStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  Header header;
  int latest = psems_store_get_latest_schema_version ();
  int open_flags;

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

  if (!(flags & PSEMS_STORE_OPEN_READ_ONLY) && !check_local_disk (path, error))
    return NULL;

  self = g_object_new (PSEMS_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->created = header.is_new;
  self->read_only = (flags & PSEMS_STORE_OPEN_READ_ONLY) != 0 ||
                    (!header.is_new && !file_is_writable (path));
  self->schema_version = header.user_version;

  if (header.is_new && !create_private_file (path, created_file, error))
    return NULL;

  open_flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI |
               (self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
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

  sqlite3_busy_timeout (self->db, 5000);
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
                     "(read-only file or folder). Make the file and its folder writable, or copy it to "
                     "a folder you can write to, and open it again; the file was left untouched"),
                   path, self->schema_version, latest);
      return NULL;
    }

  if (!check_schema_readable (self, error))
    {
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      return NULL;
    }
  if (!configure_connection (self, &local_error))
    {
      if (g_error_matches (local_error, PSEMS_ERROR, PSEMS_ERROR_BUSY))
        set_locked_error (path, error);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (probe_lock && !self->read_only && !probe_write_lock (self, error))
    return NULL;
  if (!self->read_only && self->schema_version < latest)
    {
      if (!run_migrations (self, error))
        return NULL;
      /* Bring the header up to date, so the next open can identify the file before SQLite touches it. */
      sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    }
  if (self->created)
    {
      /* Already the database's mode as SQLite creates them; made sure of whatever the umask. */
      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *side = g_strconcat (path, i == 0 ? "-wal" : "-shm", NULL);

          if (g_chmod (side, 0600) != 0 && errno != ENOENT)
            g_warning ("Cannot make “%s” private to you: %s", side, g_strerror (errno));
        }
    }

  return g_steal_pointer (&self);
}

/**
 * psems_store_open:
 * @path: the database file
 * @flags: whether a missing file may be created, whether to stay read-only
 *
 * Opens a PSeMS database and brings its schema to this build's version.
 * A file that is not SQLite, belongs to another application, was written by
 * a newer PSeMS, is shorter than its header says (truncated), is locked by
 * another writer, or cannot be written where migrating needs it, is refused
 * with a #PsemsError that says what to do, and is left byte-identical: its
 * header is read before SQLite is given the file, and nothing writes before
 * all checks pass. A database on a network share is refused unless it is
 * opened read-only (see psems_store_network_share_kind()). A new database
 * is created mode 0600, and so are its -wal and -shm files.
 *
 * Each thread opens its own store (see psems_store_open_worker()).
 */
PsemsStore *
psems_store_open (const char           *path,
                  PsemsStoreOpenFlags   flags,
                  GError              **error)
{
  PsemsStore *store;
  gboolean created_file = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  store = open_store (path, flags, TRUE, &created_file, error);
  if (store == NULL && created_file)
    {
      /* Nothing of a database that could not be set up is left behind. */
      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *side = g_strconcat (path, (const char *[]) { "-wal", "-shm", "-journal" }[i],
                                               NULL);
          g_remove (side);
        }
      g_remove (path);
    }
  return store;
}

/**
 * psems_store_open_worker:
 *
 * Opens a second connection to the same file for a worker thread. SQLite
 * connections are not shared between threads here. A worker's page cache is
 * small (512 KiB). It does not wait for another writer at open: the
 * application's own connection may be writing.
 */
PsemsStore *
psems_store_open_worker (PsemsStore  *self,
                         GError     **error)
{
  g_autoptr(PsemsStore) worker = NULL;
  gboolean created_file = FALSE;

  g_return_val_if_fail (PSEMS_IS_STORE (self), NULL);

  worker = open_store (self->path,
                       self->read_only ? PSEMS_STORE_OPEN_READ_ONLY : PSEMS_STORE_OPEN_DEFAULT,
                       FALSE, &created_file, error);
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
