/* bench-store.c — what a write costs: permission check, BEGIN IMMEDIATE, audit entry and commit. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "psems-core.h"
#include "psems-store-private.h"

static double
write_settings (PsemsStore *store,
                PsemsActor *actor,
                int         n,
                int         per_transaction)
{
  gint64 start = g_get_monotonic_time ();

  for (int i = 0; i < n; i += per_transaction)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsemsTransaction) txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "setting", 0, &error);

      for (int j = i; j < i + per_transaction && j < n; j++)
        {
          g_autofree char *after = g_strdup_printf ("{\"bench.%d\":%d}", j, j);
          g_autoptr(PsemsCachedStmt) stmt =
            psems_store_prepare (store, "INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)", &error);

          sqlite3_bind_text (stmt, 1, after, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 2, j);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          psems_transaction_record (txn, "update", "setting", 0, NULL, NULL, after, &error);
          g_assert_no_error (error);
        }
      psems_transaction_commit (g_steal_pointer (&txn), &error);
      g_assert_no_error (error);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("psems-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = psems_store_open (path, PSEMS_STORE_OPEN_CREATE, &error);
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "bench", PSEMS_ROLE_ADMINISTRATOR);
  const int single = 2000, batched = 100000;
  double t_single, t_batched, t_verify;
  gint64 start, n_checked = 0;

  g_assert_no_error (error);
  t_single = write_settings (store, actor, single, 1);
  t_batched = write_settings (store, actor, batched, 1000);
  start = g_get_monotonic_time ();
  psems_audit_verify (store, &n_checked, &error);
  g_assert_no_error (error);
  t_verify = (g_get_monotonic_time () - start) / 1e6;

  printf ("%-44s %12s %14s\n", "case", "total s", "per op µs");
  printf ("%-44s %12.3f %14.1f\n", "audited write, one per transaction", t_single, t_single * 1e6 / single);
  printf ("%-44s %12.3f %14.1f\n", "audited write, 1000 per transaction", t_batched, t_batched * 1e6 / batched);
  printf ("%-44s %12.3f %14.1f\n", "verify audit chain (per entry)", t_verify, t_verify * 1e6 / n_checked);

  g_clear_object (&store);
  for (const char *suffix = ""; suffix != NULL; suffix = *suffix ? NULL : "-wal")
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);
      g_remove (file);
    }
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_remove (shm);
  g_rmdir (dir);
  return 0;
}
