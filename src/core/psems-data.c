/* psems-data.c — where PSeMS finds its data files (plan templates, regimes): shipped, then the user's. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-data.h"

/**
 * psems_data_dirs:
 * @subdir: the kind of data ("plan-templates", "regimes")
 * @n_shipped: (out) (optional): how many of the folders hold shipped data
 *
 * The folders data of one kind is read from, in order: the shipped ones
 * ($PSEMS_DATADIR, the installed $datadir/psems, the source tree's data/ so
 * the build runs without installing; each once), then the user's,
 * $XDG_DATA_HOME/psems/@subdir, always last. Folders that do not exist are
 * listed too: the caller skips them, and messages can say where it looked.
 *
 * Returns: (transfer full) (element-type filename): the folders.
 */
GPtrArray *
psems_data_dirs (const char *subdir,
                 guint      *n_shipped)
{
  GPtrArray *dirs;
  const char *env = g_getenv ("PSEMS_DATADIR");
  const char *shipped[] = { env != NULL && *env != '\0' ? env : NULL, PKGDATADIR, SOURCE_DATADIR };

  g_return_val_if_fail (subdir != NULL, NULL);

  dirs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      g_autofree char *dir = NULL;
      gboolean seen = FALSE;

      if (shipped[i] == NULL)
        continue;
      dir = g_build_filename (shipped[i], subdir, NULL);
      for (guint k = 0; k < dirs->len && !seen; k++)
        seen = g_str_equal (g_ptr_array_index (dirs, k), dir);
      if (!seen)
        g_ptr_array_add (dirs, g_steal_pointer (&dir));
    }
  if (n_shipped != NULL)
    *n_shipped = dirs->len;
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "psems", subdir, NULL));
  return dirs;
}
