/* test-fuzz-regressions.c — each fuzz corpus file replayed through its target without libFuzzer. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-test-util.h"
#include "fuzz/psems-fuzz.h"

/*
 * Built once per target (FUZZ_TARGET names it; tests/meson.build links this
 * file with tests/fuzz/fuzz-FUZZ_TARGET.c): one test per file of
 * tests/fuzz/corpus-FUZZ_TARGET/, which holds the seeds and every input that
 * once crashed the target (named crash-*), so each found bug stays found. The
 * target's own assertions are the checks; under `build-aux/dev test
 * --sanitize` AddressSanitizer and UBSan watch the replay too.
 */

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
replay (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GBytes) bytes = psems_test_read_file (path);
  gsize size = 0;
  const guint8 *input = g_bytes_get_data (bytes, &size);

  g_assert_cmpint (LLVMFuzzerTestOneInput (input, size), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);
  dir = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-" FUZZ_TARGET, NULL);
  handle = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test = g_strdup_printf ("/fuzz-" FUZZ_TARGET "/%s", file);

      /* The paths live as long as the program: the tests run after this loop. */
      g_test_add_data_func_full (test, g_build_filename (dir, file, NULL), replay, g_free);
    }
  LLVMFuzzerInitialize (&argc, &argv);
  return g_test_run ();
}
