/* psems-data.c — where PSeMS finds its data files and how it reads them: shipped, then the user's. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-data.h"
#include "psems-error.h"

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

/* Lowercase letters, digits, and "-" or "." between them, at most 64: the
 * same in a file, a database and a command line (ids of templates, plan
 * elements, regimes, rules, activities and banks). */
gboolean
psems_data_is_identifier (const char *text)
{
  gsize n;

  g_return_val_if_fail (text != NULL, FALSE);

  n = strlen (text);
  if (n == 0 || n > 64 || !g_ascii_isalnum (text[0]) || !g_ascii_isalnum (text[n - 1]))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '.'))
      return FALSE;
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * psems_data_list_json:
 * @dir: a folder from psems_data_dirs()
 *
 * The `*.json` files of @dir, in file-name order (the order files are read
 * in, so which of two wins never depends on the file system).
 *
 * Returns: (transfer full) (nullable) (element-type filename): the file
 * names (without @dir), or %NULL when @dir cannot be read.
 */
GPtrArray *
psems_data_list_json (const char *dir)
{
  g_autoptr(GDir) handle = NULL;
  GPtrArray *names;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  handle = g_dir_open (dir, 0, NULL);
  if (handle == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

/**
 * psems_data_parse_json:
 * @parser: the parser to load @path into
 * @path: a data file
 * @error: return location for a #GError
 *
 * Parses @path. A missing file is %PSEMS_ERROR_NOT_FOUND; anything else is
 * %PSEMS_ERROR_INVALID with a message that starts with @path (json-glib's
 * "<path>:<line>:<column>: Parse error: …" as it is).
 *
 * Returns: %TRUE when @path parsed
 */
gboolean
psems_data_parse_json (JsonParser  *parser,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (json_parser_load_from_file (parser, path, &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, "%s: %s", path, local_error->message);
  else if (local_error->domain == JSON_PARSER_ERROR && g_str_has_prefix (local_error->message, path))
    /* json-glib's message already reads "<path>:<line>:<column>: Parse error: …". */
    g_set_error_literal (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, local_error->message);
  else
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, "%s: %s", path, local_error->message);
  return FALSE;
}

/* ---- lines: where each object and member is, for messages ------------------ */

static void
object_start_cb (JsonParser *parser,
                 gpointer    user_data)
{
  PsemsJsonLines *lines = user_data;
  guint line = json_parser_get_current_line (parser);

  g_array_append_val (lines->starts, line);
}

static void
object_member_cb (JsonParser *parser,
                  JsonObject *object,
                  const char *member,
                  gpointer    user_data)
{
  PsemsJsonLines *lines = user_data;

  g_hash_table_insert (lines->lines, g_strdup_printf ("%p/%s", (void *) object, member),
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static void
object_end_cb (JsonParser *parser,
               JsonObject *object,
               gpointer    user_data)
{
  PsemsJsonLines *lines = user_data;

  if (lines->starts->len == 0)
    return;
  g_hash_table_insert (lines->lines, g_strdup_printf ("%p", (void *) object),
                       GUINT_TO_POINTER (g_array_index (lines->starts, guint,
                                                        lines->starts->len - 1)));
  g_array_set_size (lines->starts, lines->starts->len - 1);
}

/**
 * psems_json_lines_init:
 * @lines: the record to fill
 * @parser: a parser that has not parsed yet
 *
 * Follows @parser so that psems_json_lines_get() can name the line of every
 * object and member it parses. @lines must outlive the parse; release it
 * with psems_json_lines_clear().
 */
void
psems_json_lines_init (PsemsJsonLines *lines,
                       JsonParser     *parser)
{
  g_return_if_fail (lines != NULL);
  g_return_if_fail (JSON_IS_PARSER (parser));

  lines->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lines->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (parser, "object-start", G_CALLBACK (object_start_cb), lines);
  g_signal_connect (parser, "object-member", G_CALLBACK (object_member_cb), lines);
  g_signal_connect (parser, "object-end", G_CALLBACK (object_end_cb), lines);
}

void
psems_json_lines_clear (PsemsJsonLines *lines)
{
  g_return_if_fail (lines != NULL);

  g_clear_pointer (&lines->lines, g_hash_table_unref);
  g_clear_pointer (&lines->starts, g_array_unref);
}

/**
 * psems_json_lines_get:
 * @lines: filled by a parse
 * @object: an object of the parsed file
 * @member: (nullable): one of its members
 *
 * Returns: the line of @member in @object, else of @object itself, else 1
 */
guint
psems_json_lines_get (const PsemsJsonLines *lines,
                      JsonObject           *object,
                      const char           *member)
{
  g_autofree char *key = NULL;
  gpointer line;

  g_return_val_if_fail (lines != NULL, 1);

  if (member != NULL)
    {
      key = g_strdup_printf ("%p/%s", (void *) object, member);
      if (g_hash_table_lookup_extended (lines->lines, key, NULL, &line))
        return GPOINTER_TO_UINT (line);
      g_free (key);
    }
  key = g_strdup_printf ("%p", (void *) object);
  if (g_hash_table_lookup_extended (lines->lines, key, NULL, &line))
    return GPOINTER_TO_UINT (line);
  return 1;
}
