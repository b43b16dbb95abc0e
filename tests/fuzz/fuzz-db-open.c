/* fuzz-db-open.c — libFuzzer: any bytes as a database file, opened read-only and read-write. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-audit.h"
#include "psems-core.h"
#include "psems-fuzz.h"

/*
 * An odd first byte: the rest is the whole file. An even one: the rest edits
 * a valid, freshly created database (each edit: 4 bytes of offset, 1 byte of
 * length, the bytes), so inputs reach SQLite's pages and our checks of a file
 * that is ours but damaged, where random files stop at the header. Either way
 * psems_store_open() must succeed or fail with an error, and a store that
 * opens must survive reading its audit trail.
 */

static char *db_path;
static char *side_paths[3];
static GBytes *template;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  const char *dir = psems_fuzz_init ("db-open");
  g_autofree char *seed = NULL;
  char *contents = NULL;
  gsize length = 0;

  db_path = g_build_filename (dir, "fuzz.db", NULL);
  side_paths[0] = g_strconcat (db_path, "-wal", NULL);
  side_paths[1] = g_strconcat (db_path, "-shm", NULL);
  side_paths[2] = g_strconcat (db_path, "-journal", NULL);
  seed = g_build_filename (dir, "template.db", NULL);
  {
    g_autoptr(PsemsStore) store = psems_store_open (seed, PSEMS_STORE_OPEN_CREATE, &error);

    g_assert_no_error (error);
    g_assert_nonnull (store);
  }
  g_file_get_contents (seed, &contents, &length, &error);
  g_assert_no_error (error);
  template = g_bytes_new_take (contents, length);
  return 0;
}

static void
write_input (const uint8_t *data,
             size_t         size)
{
  FILE *fp;

  /* A log left by the previous input would be replayed into this one. */
  g_unlink (db_path);
  for (guint i = 0; i < G_N_ELEMENTS (side_paths); i++)
    g_unlink (side_paths[i]);
  fp = fopen (db_path, "wb");
  g_assert_nonnull (fp);
  if (size == 0 || (data[0] & 1))
    {
      if (size > 0)
        g_assert_cmpuint (fwrite (data + 1, 1, size - 1, fp), ==, size - 1);
    }
  else
    {
      gsize length = 0;
      const guint8 *base = g_bytes_get_data (template, &length);
      g_autofree guint8 *file = g_memdup2 (base, length);
      size_t at = 1;

      while (at + 5 <= size)
        {
          guint32 offset;
          guint n = data[at + 4];

          memcpy (&offset, data + at, 4);
          offset %= (guint32) length;
          at += 5;
          n = MIN (n, (guint) (size - at));
          n = MIN (n, (guint) (length - offset));
          memcpy (file + offset, data + at, n);
          at += n;
        }
      g_assert_cmpuint (fwrite (file, 1, length, fp), ==, length);
    }
  fclose (fp);
}

static void
try_open (PsemsStoreOpenFlags flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = psems_store_open (db_path, flags, &error);

  g_assert_true ((store == NULL) == (error != NULL));
  if (store == NULL)
    {
      g_assert_nonnull (error->message);
      return;
    }
  {
    g_autoptr(GError) verify_error = NULL;
    g_autofree char *head = NULL;
    gint64 checked = 0;

    if (!psems_audit_verify (store, &checked, &verify_error))
      g_assert_nonnull (verify_error);
    head = psems_audit_dup_head (store, NULL);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  write_input (data, size);
  try_open (PSEMS_STORE_OPEN_READ_ONLY);
  try_open (PSEMS_STORE_OPEN_DEFAULT);
  return 0;
}
