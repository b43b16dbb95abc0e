/* test-ref.c — readable references: format, parse, allocation inside transactions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-store-private.h"
#include "psems-test-util.h"

static void
test_format_parse (void)
{
  g_autofree char *ref = psems_ref_format ("FND", 2026, 12);
  g_autofree char *prefix = NULL;
  g_autofree char *big = psems_ref_format ("PER", 2026, 123456);
  int year;
  gint64 number;

  g_assert_cmpstr (ref, ==, "FND-2026-0012");
  g_assert_cmpstr (big, ==, "PER-2026-123456");
  g_assert_true (psems_ref_parse ("fnd-2026-0012", &prefix, &year, &number));
  g_assert_cmpstr (prefix, ==, "FND");
  g_assert_cmpint (year, ==, 2026);
  g_assert_cmpint (number, ==, 12);

  g_assert_false (psems_ref_parse ("FND-26-0012", NULL, NULL, NULL));
  g_assert_false (psems_ref_parse ("FND-2026-12", NULL, NULL, NULL));
  g_assert_false (psems_ref_parse ("FND-2026-0000", NULL, NULL, NULL));
  g_assert_false (psems_ref_parse ("F1D-2026-0012", NULL, NULL, NULL));
  g_assert_false (psems_ref_parse ("FND20260012", NULL, NULL, NULL));
  g_assert_false (psems_ref_parse ("", NULL, NULL, NULL));
  g_assert_false (psems_ref_parse (NULL, NULL, NULL, NULL));
}

static char *
allocate (PsemsStore *store,
          PsemsActor *actor,
          const char *prefix,
          int         year,
          gboolean    commit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsTransaction) txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "finding", 0, &error);
  char *ref;

  g_assert_no_error (error);
  ref = psems_ref_allocate (txn, prefix, year, &error);
  g_assert_no_error (error);
  if (commit)
    {
      psems_transaction_commit (g_steal_pointer (&txn), &error);
      g_assert_no_error (error);
    }
  return ref;
}

static void
test_allocate (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "r.db");
  g_autoptr(PsemsActor) actor = psems_actor_new_for_login ();
  g_autofree char *a = allocate (store, actor, "FND", 2026, TRUE);
  g_autofree char *b = allocate (store, actor, "FND", 2026, TRUE);
  g_autofree char *c = allocate (store, actor, "FND", 2027, TRUE);
  g_autofree char *d = allocate (store, actor, "INC", 2026, TRUE);
  g_autofree char *rolled_back = allocate (store, actor, "FND", 2026, FALSE);
  g_autofree char *e = allocate (store, actor, "FND", 2026, TRUE);

  g_assert_cmpstr (a, ==, "FND-2026-0001");
  g_assert_cmpstr (b, ==, "FND-2026-0002");
  g_assert_cmpstr (c, ==, "FND-2027-0001");
  g_assert_cmpstr (d, ==, "INC-2026-0001");
  /* A rolled-back write gives its number back: no gaps from failed writes. */
  g_assert_cmpstr (rolled_back, ==, "FND-2026-0003");
  g_assert_cmpstr (e, ==, "FND-2026-0003");

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

static void
test_resolve_errors (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "r.db");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (psems_ref_resolve (store, "facility", "FND-2026-0001", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "FAC-YYYY-NNNN"));
  g_clear_error (&error);

  g_assert_cmpint (psems_ref_resolve (store, "facility", "nonsense", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ref/format-parse", test_format_parse);
  g_test_add_func ("/ref/allocate", test_allocate);
  g_test_add_func ("/ref/resolve-errors", test_resolve_errors);
  return g_test_run ();
}
