/* psems-test-util.c — temporary databases, running psems-cli and reading results for the tests. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

char *
psems_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("psems-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
psems_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_chmod (path, 0600);
      g_remove (path);
    }
  g_chmod (dir, 0700);
  g_rmdir (dir);
}

PsemsStore *
psems_test_new_store (const char *dir,
                      const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  PsemsStore *store = psems_store_open (path, PSEMS_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

GBytes *
psems_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Runs the psems-cli built with the tests (PSEMS_CLI in the environment) and
 * returns its exit status. */
int
psems_test_run_cli (char      **out,
                    char      **err,
                    const char *first_arg,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PSEMS_CLI");
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Output not asked for is dropped: inherited, it would corrupt the test's TAP stream. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                (out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0) |
                (err == NULL ? G_SPAWN_STDERR_TO_DEV_NULL : 0),
                NULL, NULL, out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

/* The one number a query returns (a count), failing the test on any error. */
gint64
psems_test_count (PsemsStore *store,
                  const char *format,
                  ...)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  if (sqlite3_prepare_v2 (psems_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (psems_store_get_db (store)));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

void
psems_test_exec (PsemsStore *store,
                 const char *sql)
{
  g_autoptr(GError) error = NULL;

  psems_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

/* psems_test_count() on the database at @db_path, opened read-only (as after psems-cli ran). */
gint64
psems_test_count_path (const char *db_path,
                       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = psems_store_open (db_path, PSEMS_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return psems_test_count (store, "%s", sql);
}

/* Every row of every table, as text: what "nothing was written" compares. */
char *
psems_test_dump_database (PsemsStore *store)
{
  sqlite3 *db = psems_store_get_db (store);
  GString *out = g_string_new (NULL);
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1, 2",
                                              (const char *) sqlite3_column_text (tables, 0));
      sqlite3_stmt *rows = NULL;

      g_string_append_printf (out, "[%s]\n", (const char *) sqlite3_column_text (tables, 0));
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int i = 0; i < sqlite3_column_count (rows); i++)
            {
              const char *text = (const char *) sqlite3_column_text (rows, i);
              g_string_append_printf (out, "%s|", text != NULL ? text : "∅");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  return g_string_free (out, FALSE);
}

/* A refusal: PSEMS_ERROR_INVALID whose message names @field as "…: <field>: …". */
void
psems_test_assert_refused (const GError *error,
                           const char   *field)
{
  g_autofree char *needle = g_strdup_printf (": %s: ", field);

  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not name the field %s", error->message, field);
}

JsonNode *
psems_test_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The first word of a confirming line: the reference. */
char *
psems_test_first_word (const char *line)
{
  return g_strndup (line, strcspn (line, " \n"));
}

/* `psems-cli NOUN --help` names each of @verbs (%NULL-terminated), and each verb's own --help
 * gives its usage and the --format option. */
void
psems_test_check_cli_help (const char         *db_path,
                           const char         *noun,
                           const char * const *verbs)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (psems_test_run_cli (&out, NULL, "--db", db_path, noun, "--help", NULL), ==, 0);
  for (guint i = 0; verbs[i] != NULL; i++)
    g_assert_nonnull (strstr (out, verbs[i]));
  for (guint i = 0; verbs[i] != NULL; i++)
    {
      g_autofree char *help = NULL;

      g_assert_cmpint (psems_test_run_cli (&help, NULL, "--db", db_path, noun, verbs[i], "--help",
                                           NULL), ==, 0);
      g_assert_nonnull (strstr (help, "Usage"));
      g_assert_nonnull (strstr (help, "--format"));
    }
}

/* Each of @cases exits 2 (a usage error) naming what it says, and writes nothing. */
void
psems_test_check_cli_usage_errors (const char             *db_path,
                                   const PsemsTestCliCase *cases,
                                   guint                   n_cases)
{
  const char *count_audit = "SELECT count(*) FROM audit_trail";
  gint64 audit = psems_test_count_path (db_path, count_audit);

  for (guint i = 0; i < n_cases; i++)
    {
      const char * const *a = cases[i].args;
      g_autofree char *err = NULL;
      int status = psems_test_run_cli (NULL, &err, "--db", db_path, a[0], a[1], a[2], a[3], a[4],
                                       a[5], a[6], a[7], a[8], a[9], NULL);

      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_nonnull (strstr (err, cases[i].says));
      g_assert_cmpint (psems_test_count_path (db_path, count_audit), ==, audit);
    }
}

/* A container terminal with @code (and @time_zone, optional) created by
 * @actor at security level 1; its id. */
gint64
psems_test_create_facility (PsemsStore *store,
                            PsemsActor *actor,
                            const char *code,
                            const char *time_zone)
{
  g_autoptr(PsemsFacility) facility = psems_facility_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  facility->code = g_strdup (code);
  facility->name = g_strdup ("Eastern Container Terminal");
  facility->kind = g_strdup ("container-terminal");
  facility->time_zone = g_strdup (time_zone);
  id = psems_facility_create (store, actor, facility, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Whether a validation reported a problem for @field; every problem must
 * say something. */
gboolean
psems_test_has_problem (GPtrArray  *problems,
                        const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      g_assert_nonnull (problem->message);
      g_assert_cmpstr (problem->message, !=, "");
      if (g_str_equal (problem->field, field))
        return TRUE;
    }
  return FALSE;
}

/* The data-file problem that starts with @prefix (a file's path); fails the
 * test when there is none. */
const char *
psems_test_find_problem (GPtrArray  *problems,
                         const char *prefix)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);

      if (g_str_has_prefix (problem, prefix))
        return problem;
    }
  g_error ("no problem reported for %s", prefix);
  return NULL;
}

/* Writes @contents to @dir/@name, making @dir first; the path. */
char *
psems_test_write_file (const char *dir,
                       const char *name,
                       const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}
