/* psems-fuzz.h — what the fuzz targets share: a temporary folder removed at exit, input files. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The libFuzzer entry points; tests/test-fuzz-regressions.c calls the same two to replay a
 * corpus without libFuzzer. */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *psems_fuzz_dir;

static void
psems_fuzz_remove_dir (void)
{
  g_autoptr(GDir) handle = g_dir_open (psems_fuzz_dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (psems_fuzz_dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (psems_fuzz_dir);
}

/* A fresh folder for the target's files, removed when the process exits normally. A critical
 * is a broken promise in our code or a misuse of GLib: the run stops on it like on a crash. */
static inline const char *
psems_fuzz_init (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("psems-fuzz-%s-XXXXXX", name);

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  psems_fuzz_dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  atexit (psems_fuzz_remove_dir);
  return psems_fuzz_dir;
}

static inline void
psems_fuzz_write (const char    *path,
                  const uint8_t *data,
                  size_t         size)
{
  FILE *fp = fopen (path, "wb");

  g_assert_nonnull (fp);
  g_assert_cmpuint (fwrite (data, 1, size, fp), ==, size);
  g_assert_cmpint (fclose (fp), ==, 0);
}
