/* fuzz-bank.c — libFuzzer: any bytes as a GAP question bank; a bank read is compared and versioned. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"


#include "psems-bank.h"
#include "psems-core.h"
#include "psems-fuzz.h"

static char *path;
static PsemsBank *shipped;   /* a real bank to compare with */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *isps = g_build_filename (SOURCE_DATADIR, "banks", "isps-pfsp.json", NULL);

  path = g_build_filename (psems_fuzz_init ("bank"), "fuzz.json", NULL);
  shipped = psems_bank_load_file (isps, NULL, NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PsemsBank) bank = NULL;
  g_autoptr(GError) error = NULL;

  psems_fuzz_write (path, data, size);

  bank = psems_bank_load_file (path, problems, &error);
  if (bank == NULL)
    return 0;
  g_assert_nonnull (bank->code);
  g_assert_nonnull (bank->version);
  /* Versions order totally: antisymmetric, and equal to themselves. */
  g_assert_cmpint (psems_bank_compare_versions (bank->version, bank->version), ==, 0);
  g_assert_true (psems_bank_same_questions (bank, bank, NULL));
  for (guint i = 0; i < bank->questions->len; i++)
    {
      const PsemsQuestion *q = g_ptr_array_index (bank->questions, i);

      g_assert_nonnull (q->code);
      g_assert_nonnull (q->text);
      g_assert_cmpuint (q->position, ==, i + 1);
    }
  if (shipped != NULL)
    {
      g_autofree char *difference = NULL;
      int ab = psems_bank_compare_versions (bank->version, shipped->version);
      int ba = psems_bank_compare_versions (shipped->version, bank->version);

      g_assert_cmpint ((ab > 0) - (ab < 0), ==, -((ba > 0) - (ba < 0)));
      if (!psems_bank_same_questions (bank, shipped, &difference))
        g_assert_nonnull (difference);
    }
  {
    g_autoptr(GPtrArray) banks = g_ptr_array_new ();

    g_ptr_array_add (banks, bank);
    g_assert_true (psems_bank_find (banks, bank->code, bank->version) == bank);
  }
  return 0;
}
