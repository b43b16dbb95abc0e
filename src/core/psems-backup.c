/* psems-backup.c — backups of a PSeMS database: online copy, optional encryption, check, restore, rotation. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/*
 * A backup is either a plain SQLite file (what SQLite's online backup API
 * copies) or that same file encrypted. Every backup file is written to a
 * temporary file beside its target (mode 0600), synced, then renamed over the
 * target, so a backup is whole or absent.
 *
 * Encrypted backup format, version 1 (integers little-endian):
 *
 *   offset size
 *        0    8  magic "PSEMSBK1"
 *        8    1  format version, 1
 *        9    1  key derivation: 2 = Argon2id v1.3 (crypto_pwhash_ALG_ARGON2ID13)
 *       10    2  reserved, 0
 *       12    4  plaintext bytes per chunk (65536)
 *       16    8  plaintext size (the SQLite file's length)
 *       24    8  Argon2id opslimit
 *       32    8  Argon2id memlimit (bytes)
 *       40   16  salt
 *       56   24  crypto_secretstream_xchacha20poly1305 header
 *       80   32  key check: BLAKE2b-256 of bytes 0–79 keyed with the derived key
 *      112       the chunks: each plaintext chunk encrypted with secretstream
 *                (17 bytes longer); the last one, and only it, tagged FINAL
 *
 * The 32-byte key comes from the passphrase by crypto_pwhash (Argon2id,
 * libsodium's "moderate" limits: 3 passes, 256 MiB). The key check tells a
 * wrong passphrase from a damaged file before anything is decrypted, and it
 * authenticates the header. The file's length is checked against the header
 * first (no passphrase needed to tell a file was cut short), then every chunk
 * authenticates, the last one alone marked final.
 */

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "psems-audit.h"
#include "psems-backup.h"
#include "psems-store-private.h"

#define SQLITE_MAGIC "SQLite format 3"
#define FORMAT_VERSION 1
#define KDF_ARGON2ID13 2
#define CHUNK_SIZE 65536
#define HEADER_SIZE 112
#define KEY_CHECK_OFFSET 80
#define KEY_SIZE crypto_secretstream_xchacha20poly1305_KEYBYTES
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
/* Pages copied per step: a progress report and a cancellation check every 4 MiB (4 KiB pages). */
#define STEP_PAGES 1024
#define MIN_PASSPHRASE_LENGTH 8

G_STATIC_ASSERT (KEY_SIZE == 32);
G_STATIC_ASSERT (crypto_pwhash_SALTBYTES == 16);
G_STATIC_ASSERT (crypto_secretstream_xchacha20poly1305_HEADERBYTES == 24);
G_STATIC_ASSERT (crypto_pwhash_ALG_ARGON2ID13 == KDF_ARGON2ID13);

typedef enum
{
  BACKUP_PLAIN,
  BACKUP_ENCRYPTED,
} BackupKind;

static gboolean
init_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("The encryption library (libsodium) could not be initialised"));
      return FALSE;
    }
  return TRUE;
}

static void set_errno_error (GError    **error,
                             int         saved,
                             const char *format,
                             ...) G_GNUC_PRINTF (3, 4);

static void
set_errno_error (GError    **error,
                 int         saved,
                 const char *format,
                 ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PSEMS_ERROR,
               saved == EACCES || saved == EPERM || saved == EROFS ? PSEMS_ERROR_READ_ONLY
                                                                   : PSEMS_ERROR_FAILED,
               "%s: %s", what, g_strerror (saved));
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           size_t        size,
           const char   *path,
           GError      **error)
{
  while (size > 0)
    {
      ssize_t n = write (fd, data, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, _("Cannot write “%s”"), path);
          return FALSE;
        }
      data += n;
      size -= (size_t) n;
    }
  return TRUE;
}

/* Reads up to @size bytes, fewer only at the end of the file. */
static gboolean
read_full (int         fd,
           guint8     *data,
           size_t      size,
           size_t     *got,
           const char *path,
           GError    **error)
{
  *got = 0;
  while (*got < size)
    {
      ssize_t n = read (fd, data + *got, size - *got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, _("Cannot read “%s”"), path);
          return FALSE;
        }
      if (n == 0)
        break;
      *got += (size_t) n;
    }
  return TRUE;
}

/* A rename is durable once the folder that holds the name is synced. */
static void
sync_folder_of (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* A private (0600) temporary file beside @path, so the final rename stays on one filesystem. */
static int
open_temp_beside (const char  *path,
                  char       **temp_path,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template = g_strdup_printf (".%s.XXXXXX", base);
  char *temp = g_build_filename (dir, template, NULL);
  int fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      set_errno_error (error, errno, _("Cannot create a file in “%s”"), dir);
      g_free (temp);
      return -1;
    }
  *temp_path = temp;
  return fd;
}

/* Makes the temporary file @path for good: mode 0600, synced, renamed over @target. Closes @fd. */
static gboolean
commit_temp (int         fd,
             const char *temp_path,
             const char *target,
             GError    **error)
{
  if (fchmod (fd, 0600) != 0 || fsync (fd) != 0)
    {
      set_errno_error (error, errno, _("Cannot write “%s”"), target);
      close (fd);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      set_errno_error (error, errno, _("Cannot write “%s”"), target);
      return FALSE;
    }
  if (g_rename (temp_path, target) != 0)
    {
      set_errno_error (error, errno, _("Cannot write “%s”"), target);
      return FALSE;
    }
  sync_folder_of (target);
  return TRUE;
}

static void
discard_temp (int   fd,
              char *temp_path)
{
  if (fd >= 0)
    close (fd);
  if (temp_path != NULL)
    g_unlink (temp_path);
}

static char *
dup_file_uri (const char *path,
              const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

  return g_strconcat ("file:", escaped, query, NULL);
}

static void
set_db_error (GError    **error,
              sqlite3    *db,
              const char *path,
              const char *what)
{
  int code = sqlite3_extended_errcode (db) & 0xff;

  g_set_error (error, PSEMS_ERROR,
               code == SQLITE_BUSY || code == SQLITE_LOCKED ? PSEMS_ERROR_BUSY :
               code == SQLITE_CORRUPT ? PSEMS_ERROR_CORRUPT :
               code == SQLITE_NOTADB ? PSEMS_ERROR_NOT_DATABASE : PSEMS_ERROR_FAILED,
               "%s: %s: %s", path, what, sqlite3_errmsg (db));
}

/* The first column of the first row of @sql, as an integer; -1 on error. */
static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* ---- Copying a live database ---------------------------------------- */

/* A private read-only connection holding one read transaction for the whole
 * copy: in WAL mode it does not hold back writers, and the copy is the
 * database as of that moment, whatever is committed meanwhile. */
static sqlite3 *
open_snapshot (const char  *db_path,
               int         *page_size,
               GError     **error)
{
  g_autofree char *uri = dup_file_uri (db_path, NULL);
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot open “%s” to back it up: %s"),
                   db_path, db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_db_error (error, db, db_path, _("cannot read it to back it up"));
      sqlite3_close (db);
      return NULL;
    }
  *page_size = (int) query_int (db, "PRAGMA page_size");
  return db;
}

static gboolean
copy_pages (sqlite3                  *source,
            sqlite3                  *dest,
            const char               *db_path,
            PsemsBackupProgressFunc   progress,
            gpointer                  progress_data,
            GCancellable             *cancellable,
            GError                  **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (dest, "main", source, "main");
  guint busy_tries = 0;
  int rc;

  if (backup == NULL)
    {
      set_db_error (error, dest, db_path, _("cannot start the backup"));
      return FALSE;
    }

  do
    {
      rc = sqlite3_backup_step (backup, STEP_PAGES);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        {
          if (++busy_tries > 100)
            break;
          g_usleep (50 * 1000);
          continue;
        }
      if (progress != NULL && (rc == SQLITE_OK || rc == SQLITE_DONE))
        {
          int total = sqlite3_backup_pagecount (backup);
          int remaining = sqlite3_backup_remaining (backup);

          progress (total > 0 ? (double) (total - remaining) / total : 1.0, progress_data);
        }
      if (rc == SQLITE_OK && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_backup_finish (backup);
          return FALSE;
        }
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PSEMS_ERROR,
                   rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? PSEMS_ERROR_BUSY : PSEMS_ERROR_FAILED,
                   _("%s: the backup failed: %s"), db_path, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/* A copy that would not restore is not a backup: SQLite's quick check, on
 * the snapshot the copy is taken from (the same pages). */
static gboolean
quick_check_copy (sqlite3    *dest,
                  const char *db_path,
                  GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *result = NULL;

  if (sqlite3_prepare_v2 (dest, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("%s: the copy fails SQLite's check (%s): the database is damaged; run "
                     "“psems-cli db verify” and restore it from an earlier backup"),
                   db_path, result != NULL ? result : sqlite3_errmsg (dest));
      return FALSE;
    }
  return TRUE;
}

/* The copy keeps the source's header, which names write-ahead logging; a
 * backup is one self-contained file, so it says "rollback journal" (PSeMS
 * turns logging back on when it opens a restored database). */
static gboolean
mark_rollback_journal (int         fd,
                       const char *path,
                       GError    **error)
{
  guint8 mode[2];

  if (pread (fd, mode, 2, 18) != 2)
    {
      set_errno_error (error, errno, _("Cannot read “%s”"), path);
      return FALSE;
    }
  if (mode[0] == 2 && mode[1] == 2)
    {
      mode[0] = mode[1] = 1;
      if (pwrite (fd, mode, 2, 18) != 2)
        {
          set_errno_error (error, errno, _("Cannot write “%s”"), path);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- Encryption -------------------------------------------------------- */

static void
put_le32 (guint8 *out,
          guint32 value)
{
  for (guint i = 0; i < 4; i++)
    out[i] = (guint8) (value >> (8 * i));
}

static void
put_le64 (guint8 *out,
          guint64 value)
{
  for (guint i = 0; i < 8; i++)
    out[i] = (guint8) (value >> (8 * i));
}

static guint32
get_le32 (const guint8 *in)
{
  return (guint32) in[0] | (guint32) in[1] << 8 | (guint32) in[2] << 16 | (guint32) in[3] << 24;
}

static guint64
get_le64 (const guint8 *in)
{
  guint64 value = 0;

  for (guint i = 0; i < 8; i++)
    value |= (guint64) in[i] << (8 * i);
  return value;
}

/* Returns a sodium_malloc()ed key (guarded, never swapped), or NULL. */
static guint8 *
derive_key (const char   *passphrase,
            const guint8 *salt,
            guint64       opslimit,
            guint64       memlimit,
            GError      **error)
{
  guint8 *key = sodium_malloc (KEY_SIZE);

  if (key == NULL ||
      crypto_pwhash (key, KEY_SIZE, passphrase, strlen (passphrase), salt, opslimit,
                     (size_t) memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Not enough memory to derive the key from the passphrase (%llu MiB needed)"),
                   (unsigned long long) (memlimit >> 20));
      sodium_free (key);
      return NULL;
    }
  return key;
}

static gboolean
encrypt_to (int           fd,
            const char   *path,
            const guint8 *data,
            guint64       size,
            const char   *passphrase,
            GError      **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 header[HEADER_SIZE] = { 0 };
  g_autofree guint8 *cipher = g_malloc (CHUNK_SIZE + ABYTES);
  guint64 opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
  guint64 memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
  guint8 *key;
  gboolean ok;

  memcpy (header, PSEMS_BACKUP_MAGIC, 8);
  header[8] = FORMAT_VERSION;
  header[9] = KDF_ARGON2ID13;
  put_le32 (header + 12, CHUNK_SIZE);
  put_le64 (header + 16, size);
  put_le64 (header + 24, opslimit);
  put_le64 (header + 32, memlimit);
  randombytes_buf (header + 40, crypto_pwhash_SALTBYTES);

  key = derive_key (passphrase, header + 40, opslimit, memlimit, error);
  if (key == NULL)
    return FALSE;
  crypto_secretstream_xchacha20poly1305_init_push (&state, header + 56, key);
  crypto_generichash (header + KEY_CHECK_OFFSET, 32, header, KEY_CHECK_OFFSET, key, KEY_SIZE);
  sodium_free (key);

  ok = write_all (fd, header, sizeof header, path, error);
  for (guint64 offset = 0; ok; )
    {
      size_t n = (size_t) MIN ((guint64) CHUNK_SIZE, size - offset);
      gboolean last = offset + n == size;
      unsigned long long cipher_size;

      crypto_secretstream_xchacha20poly1305_push (&state, cipher, &cipher_size, data + offset, n,
                                                  NULL, 0,
                                                  last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                                       : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
      ok = write_all (fd, cipher, (size_t) cipher_size, path, error);
      offset += n;
      if (last)
        break;
    }
  sodium_memzero (&state, sizeof state);
  return ok;
}

/* Decrypts the encrypted backup @path into @out_fd, telling a wrong
 * passphrase, a truncated file and an altered one apart. */
static gboolean
decrypt_to (const char  *path,
            const char  *passphrase,
            int          out_fd,
            const char  *out_path,
            GError     **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  guint8 header[HEADER_SIZE];
  guint8 check[32];
  g_autofree guint8 *cipher = NULL;
  guint8 *plain = NULL;
  guint64 plain_size, opslimit, memlimit, n_chunks, expected;
  guint32 chunk_size;
  guint8 *key;
  struct stat st;
  size_t got;
  gboolean ok = FALSE;
  int fd;

  if (passphrase == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                   _("“%s” is an encrypted backup: its passphrase is needed to open it"), path);
      return FALSE;
    }
  if (!init_sodium (error))
    return FALSE;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      set_errno_error (error, errno, _("Cannot read “%s”"), path);
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
  if (!read_full (fd, header, sizeof header, &got, path, error))
    goto out;
  if (got < sizeof header)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("“%s” is truncated: it ends inside its header (%lld bytes). Use another backup"),
                   path, (long long) got);
      goto out;
    }
  if (header[8] != FORMAT_VERSION || header[9] != KDF_ARGON2ID13)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_TOO_NEW,
                   _("“%s” is an encrypted backup of format %d, which this PSeMS does not know: update "
                     "PSeMS to restore it"), path, header[8]);
      goto out;
    }

  chunk_size = get_le32 (header + 12);
  plain_size = get_le64 (header + 16);
  opslimit = get_le64 (header + 24);
  memlimit = get_le64 (header + 32);
  /* Bounds before any work: a forged header must not make the key derivation take hours or all memory. */
  if (chunk_size < 1024 || chunk_size > 16 * 1024 * 1024 || plain_size > G_MAXINT64 / 2 ||
      opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE ||
      memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("“%s” was altered: its header holds impossible values. Use another backup"), path);
      goto out;
    }

  n_chunks = plain_size == 0 ? 1 : (plain_size + chunk_size - 1) / chunk_size;
  expected = HEADER_SIZE + plain_size + n_chunks * ABYTES;
  if ((guint64) st.st_size < expected)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("“%s” is truncated: it holds %lld of its %lld bytes (an interrupted copy?). "
                     "Use another backup"), path, (long long) st.st_size, (long long) expected);
      goto out;
    }
  if ((guint64) st.st_size > expected)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("“%s” was altered: data was added after its end. Use another backup"), path);
      goto out;
    }

  key = derive_key (passphrase, header + 40, opslimit, memlimit, error);
  if (key == NULL)
    goto out;
  crypto_generichash (check, sizeof check, header, KEY_CHECK_OFFSET, key, KEY_SIZE);
  if (sodium_memcmp (check, header + KEY_CHECK_OFFSET, sizeof check) != 0)
    {
      sodium_free (key);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                   _("Wrong passphrase for “%s” (or its header was altered): nothing was decrypted"), path);
      goto out;
    }
  if (crypto_secretstream_xchacha20poly1305_init_pull (&state, header + 56, key) != 0)
    {
      sodium_free (key);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("“%s” was altered: its stream header is invalid. Use another backup"), path);
      goto out;
    }
  sodium_free (key);

  cipher = g_malloc (chunk_size + ABYTES);
  plain = sodium_malloc (chunk_size);
  if (plain == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Out of memory decrypting “%s”"), path);
      goto out;
    }
  for (guint64 i = 0; i < n_chunks; i++)
    {
      size_t want = (size_t) MIN ((guint64) chunk_size, plain_size - i * chunk_size) + ABYTES;
      unsigned long long plain_got;
      unsigned char tag;

      if (!read_full (fd, cipher, want, &got, path, error))
        goto out;
      if (got < want)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                       _("“%s” is truncated: it ends inside part %llu of %llu. Use another backup"), path,
                       (unsigned long long) i + 1, (unsigned long long) n_chunks);
          goto out;
        }
      if (crypto_secretstream_xchacha20poly1305_pull (&state, plain, &plain_got, &tag, cipher, got,
                                                      NULL, 0) != 0 ||
          (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) != (i + 1 == n_chunks))
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                       _("“%s” was altered: part %llu of %llu does not authenticate. Use another backup"),
                       path, (unsigned long long) i + 1, (unsigned long long) n_chunks);
          goto out;
        }
      if (!write_all (out_fd, plain, (size_t) plain_got, out_path, error))
        goto out;
    }
  ok = TRUE;

out:
  sodium_memzero (&state, sizeof state);
  sodium_free (plain);
  close (fd);
  return ok;
}

/* ---- Writing a backup -------------------------------------------------- */

static gboolean
write_plain (sqlite3                  *source,
             const char               *db_path,
             const char               *path,
             PsemsBackupProgressFunc   progress,
             gpointer                  progress_data,
             GCancellable             *cancellable,
             GError                  **error)
{
  g_autofree char *temp_path = NULL;
  g_autofree char *uri = NULL;
  sqlite3 *dest = NULL;
  int fd = open_temp_beside (path, &temp_path, error);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  uri = dup_file_uri (temp_path, NULL);
  /* No journal: the copy is private until it is renamed, and synced before. */
  ok = sqlite3_open_v2 (uri, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) == SQLITE_OK &&
       sqlite3_exec (dest, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", NULL, NULL, NULL) == SQLITE_OK;
  if (!ok)
    set_db_error (error, dest, path, _("cannot create the backup"));
  ok = ok && copy_pages (source, dest, db_path, progress, progress_data, cancellable, error);
  sqlite3_close (dest);
  ok = ok && mark_rollback_journal (fd, temp_path, error);
  if (!ok)
    {
      discard_temp (fd, temp_path);
      return FALSE;
    }
  if (!commit_temp (fd, temp_path, path, error))
    {
      g_unlink (temp_path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_encrypted (sqlite3                  *source,
                 int                       page_size,
                 const char               *db_path,
                 const char               *path,
                 const char               *passphrase,
                 PsemsBackupProgressFunc   progress,
                 gpointer                  progress_data,
                 GCancellable             *cancellable,
                 GError                  **error)
{
  g_autofree char *temp_path = NULL;
  /* memdb opens no files at all: a sort during the check must stay in memory too. */
  g_autofree char *page_sql = g_strdup_printf ("PRAGMA page_size = %d; PRAGMA temp_store = MEMORY",
                                               page_size);
  sqlite3 *dest = NULL;
  sqlite3_int64 size = 0;
  unsigned char *data;
  gboolean ok;
  int fd;

  /* The plaintext copy never reaches a disk: it is built in memory (SQLite's
   * memdb), encrypted from there and wiped. */
  ok = sqlite3_open_v2 ("file:psems-backup?vfs=memdb", &dest,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) == SQLITE_OK &&
       sqlite3_exec (dest, page_sql, NULL, NULL, NULL) == SQLITE_OK;
  if (!ok)
    set_db_error (error, dest, path, _("cannot prepare the backup in memory"));
  ok = ok && copy_pages (source, dest, db_path, progress, progress_data, cancellable, error);
  if (!ok)
    {
      sqlite3_close (dest);
      return FALSE;
    }
  /* The pages as they are, not through the pager (which would look for the log the header names). */
  data = sqlite3_serialize (dest, "main", &size, SQLITE_SERIALIZE_NOCOPY);
  if (data != NULL && size >= 100 && data[18] == 2 && data[19] == 2)
    data[18] = data[19] = 1;
  if (data == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("%s: the backup could not be held in memory"),
                   db_path);
      sqlite3_close (dest);
      return FALSE;
    }

  fd = open_temp_beside (path, &temp_path, error);
  ok = fd >= 0 && encrypt_to (fd, path, data, (guint64) size, passphrase, error);
  sodium_memzero (data, (size_t) size);
  sqlite3_close (dest);
  if (!ok)
    {
      discard_temp (fd, temp_path);
      return FALSE;
    }
  if (!commit_temp (fd, temp_path, path, error))
    {
      g_unlink (temp_path);
      return FALSE;
    }
  return TRUE;
}

/**
 * psems_backup_write:
 * @store: the database to back up (any connection to it; the copy uses its own)
 * @path: the backup file to write; replaced if it exists
 * @passphrase: (nullable): encrypt with this passphrase (at least 8 characters)
 * @progress: (nullable): told how far the copy is, in the calling thread
 * @cancellable: (nullable): stops the copy; nothing is left at @path
 *
 * Copies the database with SQLite's online backup API, safe while the
 * application (or anyone) writes: the copy is the database at one moment.
 * The backup is checked (SQLite's quick check), written to a temporary file
 * beside @path, synced and renamed, mode 0600. Runs in any thread; a worker
 * may pass its own store.
 */
gboolean
psems_backup_write (PsemsStore               *store,
                    const char               *path,
                    const char               *passphrase,
                    PsemsBackupProgressFunc   progress,
                    gpointer                  progress_data,
                    GCancellable             *cancellable,
                    GError                  **error)
{
  const char *db_path;
  sqlite3 *source;
  int page_size = 4096;
  gboolean ok;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  db_path = psems_store_get_path (store);
  if (passphrase != NULL && g_utf8_strlen (passphrase, -1) < MIN_PASSPHRASE_LENGTH)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("backup: passphrase: at least %d characters, please"), MIN_PASSPHRASE_LENGTH);
      return FALSE;
    }
  if (passphrase != NULL && !init_sodium (error))
    return FALSE;
  {
    GStatBuf db_st, target_st;

    if (g_stat (db_path, &db_st) == 0 && g_stat (path, &target_st) == 0 &&
        db_st.st_dev == target_st.st_dev && db_st.st_ino == target_st.st_ino)
      {
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                     _("“%s” is the database itself: choose another file for the backup"), path);
        return FALSE;
      }
  }

  source = open_snapshot (db_path, &page_size, error);
  if (source == NULL)
    return FALSE;
  if (!quick_check_copy (source, db_path, error))
    ok = FALSE;
  else if (passphrase != NULL)
    ok = write_encrypted (source, page_size, db_path, path, passphrase, progress, progress_data,
                          cancellable, error);
  else
    ok = write_plain (source, db_path, path, progress, progress_data, cancellable, error);
  sqlite3_exec (source, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (source);
  return ok;
}

/* ---- Reading and checking a backup ------------------------------------- */

static gboolean
read_kind (const char  *path,
           BackupKind  *kind,
           GError     **error)
{
  guint8 bytes[16];
  size_t got = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no backup file “%s”"), path);
      else
        set_errno_error (error, saved, _("Cannot read “%s”"), path);
      return FALSE;
    }
  ok = read_full (fd, bytes, sizeof bytes, &got, path, error);
  close (fd);
  if (!ok)
    return FALSE;

  if (got >= 8 && memcmp (bytes, PSEMS_BACKUP_MAGIC, 8) == 0)
    *kind = BACKUP_ENCRYPTED;
  else if (got == sizeof bytes && memcmp (bytes, SQLITE_MAGIC, sizeof SQLITE_MAGIC) == 0)
    *kind = BACKUP_PLAIN;
  else
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_DATABASE,
                   _("“%s” is not a PSeMS backup: it is neither a PSeMS database nor an encrypted "
                     "PSeMS backup. Check that you chose the right file"), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * psems_backup_is_encrypted:
 *
 * Whether @path is an encrypted backup (so a passphrase must be asked for).
 * Fails for a file that is no backup at all.
 */
gboolean
psems_backup_is_encrypted (const char  *path,
                           gboolean    *encrypted,
                           GError     **error)
{
  BackupKind kind;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (encrypted != NULL, FALSE);

  if (!read_kind (path, &kind, error))
    return FALSE;
  *encrypted = kind == BACKUP_ENCRYPTED;
  return TRUE;
}

/* The length the SQLite header gives the file (its page count, valid when
 * the two change counters agree, times the page size). */
static gboolean
read_header_size (const char *file,
                  gint64     *size)
{
  guint8 header[100];
  size_t got = 0;
  guint32 page_size;
  int fd = g_open (file, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = read_full (fd, header, sizeof header, &got, file, NULL) && got == sizeof header;
  close (fd);
  if (!ok || memcmp (header + 24, header + 92, 4) != 0)
    return FALSE;
  page_size = (guint32) header[16] << 8 | header[17];
  if (page_size == 1)
    page_size = 65536;
  *size = (gint64) page_size * (gint64) ((guint32) header[28] << 24 | (guint32) header[29] << 16 |
                                         (guint32) header[30] << 8 | header[31]);
  return *size > 0;
}

/* Checks the plain SQLite file @file (@name is what the user calls it),
 * opened immutable: nothing is written beside it, not even a lock. */
static gboolean
check_plain (const char  *name,
             const char  *file,
             int         *schema_version,
             GError     **error)
{
  g_autofree char *uri = dup_file_uri (file, "?immutable=1");
  g_autofree char *problem = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;
  gint64 app_id, version, expected_size;
  int latest = psems_store_get_latest_schema_version ();
  int rc;

  if (g_stat (file, &st) != 0)
    {
      set_errno_error (error, errno, _("Cannot read “%s”"), name);
      return FALSE;
    }
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot open “%s”: %s"), name,
                   db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return FALSE;
    }

  /* Cut short, SQLite only says "malformed": the header's page count says more. */
  if (read_header_size (file, &expected_size) && expected_size > (gint64) st.st_size)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("“%s” is truncated: it holds %lld of its %lld bytes (an interrupted copy?). "
                     "Use another backup"), name, (long long) st.st_size, (long long) expected_size);
      goto fail;
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA application_id", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  app_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("“%s” is damaged: %s. Use another backup"), name, sqlite3_errmsg (db));
      goto fail;
    }
  if ((guint32) app_id != PSEMS_APPLICATION_ID)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FOREIGN_DATABASE,
                   _("“%s” is an SQLite database of another application (application id 0x%08x), not a "
                     "PSeMS backup"), name, (guint32) app_id);
      goto fail;
    }
  version = query_int (db, "PRAGMA user_version");
  if (version > latest)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_TOO_NEW,
                   _("“%s” was made by a newer PSeMS (schema version %d; this build knows up to %d): "
                     "update PSeMS to restore it"), name, (int) version, latest);
      goto fail;
    }
  if (version < 1)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_DATABASE,
                   _("“%s” holds no PSeMS data (schema version %d). Use another backup"), name, (int) version);
      goto fail;
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (g_str_has_prefix (text, "*** in database main ***\n"))
        text += strlen ("*** in database main ***\n");
      problem = g_strdelimit (g_strdup (text), "\n", ' ');
    }
  else if (rc != SQLITE_ROW)
    problem = g_strdup (sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (problem == NULL &&
      sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL) == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        problem = g_strdup_printf (_("row %lld of table %s refers to a missing row of %s"),
                                   (long long) sqlite3_column_int64 (stmt, 1),
                                   (const char *) sqlite3_column_text (stmt, 0),
                                   (const char *) sqlite3_column_text (stmt, 2));
      else if (rc != SQLITE_DONE)
        problem = g_strdup (sqlite3_errmsg (db));
    }
  sqlite3_finalize (stmt);
  if (problem != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT,
                   _("“%s” is damaged (integrity check: %s). Use another backup"), name, problem);
      goto fail;
    }

  if (schema_version != NULL)
    *schema_version = (int) version;
  sqlite3_close (db);
  return TRUE;

fail:
  sqlite3_close (db);
  return FALSE;
}

/* A private place for a decrypted copy that is only checked: the user's
 * runtime folder (memory on most systems), else the cache. */
static int
open_private_temp (char   **temp_path,
                   GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "psems", NULL);
  char *temp;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_errno_error (error, errno, _("Cannot create the folder “%s”"), dir);
      return -1;
    }
  temp = g_build_filename (dir, "check-XXXXXX", NULL);
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_errno_error (error, errno, _("Cannot create a file in “%s”"), dir);
      g_free (temp);
      return -1;
    }
  *temp_path = temp;
  return fd;
}

/**
 * psems_backup_check:
 * @passphrase: (nullable): for an encrypted backup
 * @schema_version: (out) (optional): the backup's schema version
 *
 * Checks that @path is a backup PSeMS can restore: decrypts it if it is
 * encrypted (to a private temporary file, removed afterwards; a wrong
 * passphrase, a truncated file and an altered one are each named), then
 * opens it read-only and runs SQLite's integrity and foreign-key checks, and
 * checks that it is a PSeMS database no newer than this build.
 */
gboolean
psems_backup_check (const char  *path,
                    const char  *passphrase,
                    int         *schema_version,
                    GError     **error)
{
  g_autofree char *temp_path = NULL;
  BackupKind kind;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_kind (path, &kind, error))
    return FALSE;
  if (kind == BACKUP_PLAIN)
    return check_plain (path, path, schema_version, error);

  if (passphrase == NULL)
    return decrypt_to (path, NULL, -1, NULL, error);
  fd = open_private_temp (&temp_path, error);
  if (fd < 0)
    return FALSE;
  ok = decrypt_to (path, passphrase, fd, temp_path, error) &&
       check_plain (path, temp_path, schema_version, error);
  discard_temp (fd, temp_path);
  return ok;
}

/* ---- Restoring --------------------------------------------------------- */

static char *
dup_database_stem (const char *db_path)
{
  g_autofree char *base = g_path_get_basename (db_path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strdup (base);
}

static char *
dup_utc_stamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y%m%d-%H%M%S");
}

/* Copies @from to a new file @to (through a temporary file, synced, 0600). */
static gboolean
copy_file (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autofree char *temp_path = NULL;
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  int in = g_open (from, O_RDONLY | O_CLOEXEC, 0);
  int out;
  size_t got;

  if (in < 0)
    {
      set_errno_error (error, errno, _("Cannot read “%s”"), from);
      return FALSE;
    }
  out = open_temp_beside (to, &temp_path, error);
  if (out < 0)
    {
      close (in);
      return FALSE;
    }
  do
    {
      if (!read_full (in, buffer, CHUNK_SIZE, &got, from, error) ||
          !write_all (out, buffer, got, to, error))
        {
          close (in);
          discard_temp (out, temp_path);
          return FALSE;
        }
    }
  while (got == CHUNK_SIZE);
  close (in);
  if (!commit_temp (out, temp_path, to, error))
    {
      g_unlink (temp_path);
      return FALSE;
    }
  return TRUE;
}

/* Locks the current database against every other connection, in this
 * process or another, and folds its write-ahead log into the file. Returns
 * the connection holding the lock, or NULL with @error set; %NULL without an
 * error when the file is not a usable SQLite database (nobody can be using
 * it then). */
static sqlite3 *
lock_current (const char  *db_path,
              GError     **error)
{
  g_autofree char *uri = dup_file_uri (db_path, NULL);
  sqlite3 *db = NULL;
  int rc;

  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_READ_ONLY,
                   _("Cannot open “%s” to replace it: %s; nothing was changed"), db_path,
                   db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 1000);
  /* An exclusive lock taken before the log is first read keeps the
   * log's index in this connection's memory and every other connection out. */
  rc = sqlite3_exec (db, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_BUSY,
                   _("“%s” is open in PSeMS or another program: close it, then restore again; nothing "
                     "was changed"), db_path);
      sqlite3_close (db);
      return NULL;
    }
  if (rc != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  /* The file alone then holds everything, and closing this connection after
   * the swap touches no log that could belong to the restored database. */
  if (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      set_db_error (error, db, db_path, _("cannot fold its write-ahead log in; nothing was changed"));
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* Keeps the current database as "<stem>-before-restore-<UTC>.psems-backup"
 * beside it: a second name for the same file where the filesystem allows
 * (instant, nothing copied), a copy elsewhere. */
static char *
keep_current (const char  *db_path,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *stem = dup_database_stem (db_path);
  g_autofree char *stamp = dup_utc_stamp ();
  g_autofree char *kept = NULL;

  for (guint i = 1; kept == NULL || g_file_test (kept, G_FILE_TEST_EXISTS); i++)
    {
      g_autofree char *name = i == 1
        ? g_strdup_printf ("%s-before-restore-%s%s", stem, stamp, PSEMS_BACKUP_SUFFIX)
        : g_strdup_printf ("%s-before-restore-%s-%u%s", stem, stamp, i, PSEMS_BACKUP_SUFFIX);

      g_free (kept);
      kept = g_build_filename (dir, name, NULL);
    }

  if (link (db_path, kept) != 0)
    {
      if (!copy_file (db_path, kept, error))
        return NULL;
    }
  if (g_chmod (kept, 0600) != 0)
    {
      set_errno_error (error, errno, _("Cannot make “%s” private to you"), kept);
      g_unlink (kept);
      return NULL;
    }
  sync_folder_of (kept);
  return g_steal_pointer (&kept);
}

/**
 * psems_backup_restore:
 * @db_path: the database to replace (it need not exist)
 * @backup_path: the backup to restore
 * @passphrase: (nullable): for an encrypted backup
 * @kept_path: (out) (optional) (nullable): where the replaced database was kept, or %NULL if
 *   there was none
 *
 * Replaces the database with a backup, all or nothing:
 * 1. the backup is decrypted or copied to a temporary file beside the
 *    database and checked there (psems_backup_check()'s checks, on exactly
 *    the bytes that will be installed); a bad backup changes nothing;
 * 2. the current database is locked exclusively: while any connection has it
 *    open — a PsemsStore in this process, the application, psems-cli — the
 *    restore is refused with %PSEMS_ERROR_BUSY and nothing is changed (close
 *    the database first);
 * 3. the current database is kept beside it as
 *    "<name>-before-restore-YYYYMMDD-HHMMSS.psems-backup" (UTC, 0600);
 * 4. the checked file is renamed over the database (atomic), mode 0600.
 *
 * A backup from an older PSeMS is restored as it is; opening it migrates it.
 */
gboolean
psems_backup_restore (const char  *db_path,
                      const char  *backup_path,
                      const char  *passphrase,
                      char       **kept_path,
                      GError     **error)
{
  g_autofree char *temp_path = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  sqlite3 *lock = NULL;
  GStatBuf db_st, backup_st;
  BackupKind kind;
  gboolean has_current;
  gboolean ok;
  int fd;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (kept_path != NULL)
    *kept_path = NULL;
  if (!read_kind (backup_path, &kind, error))
    return FALSE;
  has_current = g_stat (db_path, &db_st) == 0;
  if (has_current && g_stat (backup_path, &backup_st) == 0 &&
      db_st.st_dev == backup_st.st_dev && db_st.st_ino == backup_st.st_ino)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is the database itself, not a backup of it"), backup_path);
      return FALSE;
    }

  /* 1. The bytes to install, checked where they will be installed from. */
  fd = open_temp_beside (db_path, &temp_path, error);
  if (fd < 0)
    return FALSE;
  if (kind == BACKUP_ENCRYPTED)
    ok = decrypt_to (backup_path, passphrase, fd, temp_path, error);
  else
    {
      close (fd);
      fd = -1;
      ok = copy_file (backup_path, temp_path, error);
      if (ok)
        {
          fd = g_open (temp_path, O_RDWR | O_CLOEXEC, 0);
          if (fd < 0)
            {
              set_errno_error (error, errno, _("Cannot read “%s”"), temp_path);
              ok = FALSE;
            }
        }
    }
  ok = ok && check_plain (backup_path, temp_path, NULL, error);
  if (!ok)
    {
      discard_temp (fd, temp_path);
      return FALSE;
    }

  /* 2. Nobody else may have the database open. */
  wal = g_strconcat (db_path, "-wal", NULL);
  shm = g_strconcat (db_path, "-shm", NULL);
  if (has_current)
    {
      g_autoptr(GError) lock_error = NULL;

      lock = lock_current (db_path, &lock_error);
      if (lock == NULL && lock_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&lock_error));
          discard_temp (fd, temp_path);
          return FALSE;
        }

      /* 3. Keep what is there. */
      kept = keep_current (db_path, error);
      if (kept == NULL)
        {
          sqlite3_close (lock);
          discard_temp (fd, temp_path);
          return FALSE;
        }
      /* A log left beside a damaged file goes with it: replayed onto the
       * restored file it could overwrite its pages. */
      if (g_file_test (wal, G_FILE_TEST_EXISTS))
        {
          g_autofree char *kept_wal = g_strconcat (kept, "-wal", NULL);

          if (g_rename (wal, kept_wal) != 0)
            {
              set_errno_error (error, errno, _("Cannot move “%s” aside"), wal);
              g_unlink (kept);
              g_clear_pointer (&kept, g_free);
              sqlite3_close (lock);
              discard_temp (fd, temp_path);
              return FALSE;
            }
        }
      g_unlink (shm);
    }

  /* 4. The swap. */
  if (!commit_temp (fd, temp_path, db_path, error))
    {
      g_unlink (temp_path);
      if (kept != NULL)
        g_unlink (kept);
      sqlite3_close (lock);
      return FALSE;
    }
  sqlite3_close (lock);
  if (kept_path != NULL)
    *kept_path = g_steal_pointer (&kept);
  return TRUE;
}

/* ---- Automatic backups and rotation ------------------------------------ */

/**
 * psems_backup_default_folder:
 *
 * Where automatic backups of @db_path go unless the user names a folder:
 * `$XDG_STATE_HOME/psems/backups/<name>-<hash>` (`~/.local/state/…`), one
 * folder per database (the hash is of its absolute path, so two databases
 * of the same name never share a rotation). The state folder is private to
 * the user and is not where the database lives, so a deleted database
 * folder does not take its backups with it.
 */
char *
psems_backup_default_folder (const char *db_path)
{
  g_autofree char *absolute = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  absolute = g_canonicalize_filename (db_path, NULL);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);
  stem = dup_database_stem (db_path);
  name = g_strdup_printf ("%s-%.8s", stem, hash);
  return g_build_filename (g_get_user_state_dir (), "psems", "backups", name, NULL);
}

/* "<stem>-YYYYMMDD-HHMMSS.psems-backup", and nothing else. */
static gboolean
is_rotated_name (const char *name,
                 const char *stem)
{
  size_t stem_length = strlen (stem);
  const char *p;

  if (strncmp (name, stem, stem_length) != 0 || name[stem_length] != '-')
    return FALSE;
  p = name + stem_length + 1;
  for (guint i = 0; i < 15; i++)
    {
      if (i == 8 ? p[i] != '-' : !g_ascii_isdigit (p[i]))
        return FALSE;
    }
  return g_str_equal (p + 15, PSEMS_BACKUP_SUFFIX);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The automatic backups of @db_path in @folder, oldest first (the UTC stamp in the name makes
 * the name order the time order); NULL with @error when the folder cannot be read. */
static GPtrArray *
list_rotated (const char  *folder,
              const char  *db_path,
              GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *stem = dup_database_stem (db_path);
  GError *local_error = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot list the backup folder “%s”: %s"),
                   folder, local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      GStatBuf st;

      if (is_rotated_name (name, stem) && g_lstat (path, &st) == 0 && S_ISREG (st.st_mode))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/* The audit trail's head in the (unencrypted) backup @path; NULL when it cannot be read. */
static char *
dup_backup_head (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *head = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT hash FROM audit_trail ORDER BY id DESC LIMIT 1", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      int rc = sqlite3_step (stmt);

      if (rc == SQLITE_ROW)
        head = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      else if (rc == SQLITE_DONE)
        head = g_strdup (PSEMS_AUDIT_GENESIS_HASH);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return head;
}

/**
 * psems_backup_rotate:
 * @keep: how many of the newest automatic backups stay
 *
 * Deletes the oldest automatic backups of @db_path in @folder beyond @keep.
 * Only regular files named "<database name>-YYYYMMDD-HHMMSS.psems-backup"
 * count; any other file is left alone.
 *
 * Returns: how many were deleted; with @error set on failure.
 */
guint
psems_backup_rotate (const char  *folder,
                     const char  *db_path,
                     guint        keep,
                     GError     **error)
{
  g_autoptr(GPtrArray) names = NULL;
  guint deleted = 0;

  g_return_val_if_fail (folder != NULL, 0);
  g_return_val_if_fail (db_path != NULL, 0);

  names = list_rotated (folder, db_path, error);
  if (names == NULL)
    return 0;
  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);

      if (g_unlink (path) != 0)
        {
          set_errno_error (error, errno, _("Cannot delete the old backup “%s”"), path);
          return deleted;
        }
      deleted++;
    }
  return deleted;
}

/**
 * psems_backup_automatic:
 * @folder: (nullable): where to write; %NULL for psems_backup_default_folder()
 * @keep: how many automatic backups to keep, at least 1
 *
 * Writes "<database name>-YYYYMMDD-HHMMSS.psems-backup" (UTC, not
 * encrypted, 0600) into @folder (created 0700 if missing) and deletes the
 * oldest beyond @keep (psems_backup_rotate()) — unless the newest backup there
 * ends at the trail's current head (nothing changed since): then it returns
 * that one and writes nothing. Meant for a worker thread:
 * pass the worker's own store.
 *
 * Returns: (transfer full): the backup written (or the newest, unchanged), or %NULL with @error set
 */
char *
psems_backup_automatic (PsemsStore    *store,
                        const char    *folder,
                        guint          keep,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *default_folder = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) rotate_error = NULL;
  const char *db_path;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (keep < 1)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("automatic backup: keep: at least 1 backup must be kept"));
      return NULL;
    }
  db_path = psems_store_get_path (store);
  if (folder == NULL || *folder == '\0')
    folder = default_folder = psems_backup_default_folder (db_path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      set_errno_error (error, errno, _("Cannot create the backup folder “%s”"), folder);
      return NULL;
    }

  /* Every change PSeMS makes is an entry of the trail: when the newest backup ends at the same
   * head, nothing changed since, and a large database is not copied again on every start. */
  {
    g_autoptr(GPtrArray) names = list_rotated (folder, db_path, NULL);
    g_autofree char *head = psems_audit_dup_head (store, NULL);

    if (names != NULL && names->len > 0 && head != NULL)
      {
        g_autofree char *newest = g_build_filename (folder, g_ptr_array_index (names, names->len - 1), NULL);
        g_autofree char *newest_head = dup_backup_head (newest);

        if (g_strcmp0 (newest_head, head) == 0)
          return g_steal_pointer (&newest);
      }
  }

  stem = dup_database_stem (db_path);
  stamp = dup_utc_stamp ();
  name = g_strdup_printf ("%s-%s%s", stem, stamp, PSEMS_BACKUP_SUFFIX);
  path = g_build_filename (folder, name, NULL);
  if (!psems_backup_write (store, path, NULL, NULL, NULL, cancellable, error))
    return NULL;

  psems_backup_rotate (folder, db_path, keep, &rotate_error);
  if (rotate_error != NULL)
    {
      g_set_error (error, PSEMS_ERROR, rotate_error->code,
                   _("The backup “%s” was written, but old backups could not be removed: %s"),
                   path, rotate_error->message);
      return NULL;
    }
  return g_steal_pointer (&path);
}
