/* test-cli.c — psems-cli's grammar and exit codes: 0 success, 1 data error, 2 usage error. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "cli.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

#define RUN(out, err, ...) psems_test_run_cli (out, err, __VA_ARGS__, NULL)

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const char *const cases[][4] = {
    { NULL },
    { "frobnicate" },
    { "db" },
    { "db", "explode" },
    { "db", "init", "--bogus" },
    { "db", "stats", "--format", "xml" },
    { "--format", "yaml", "db", "stats" },
    { "--nonsense", "db", "init" },
    { "db", "init", "extra" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = psems_test_run_cli (&out, &err, "--db", f->db,
                                       cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);

      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (err, !=, "");
      /* A usage error writes nothing, not even a new database. */
      g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
    }
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char *const cases[][3] = {
    { "--help" }, { "db", "--help" }, { "db", "init", "--help" }, { "db", "stats", "--help" },
    { "db", "verify", "--help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;

      g_assert_cmpint (psems_test_run_cli (&out, NULL, cases[i][0], cases[i][1], cases[i][2], NULL), ==, 0);
      g_assert_nonnull (strstr (out, "Usage"));
    }
}

static void
test_init_verify_stats (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_cmpint (RUN (&out, NULL, "--db", f->db, "db", "init"), ==, 0);
  g_assert_nonnull (strstr (out, "schema_version"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--db", f->db, "db", "verify"), ==, 0);
  g_assert_nonnull (strstr (out, "Verified:"));
  g_assert_nonnull (strstr (out, "Audit trail: 1 entry checked"));

  g_assert_cmpint (RUN (&json, NULL, "--db", f->db, "db", "stats", "--format", "json"), ==, 0);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (object, "audit"));
  g_assert_cmpint (json_object_get_int_member (object, "audit"), ==, 1);

  /* init is idempotent. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--db", f->db, "--format", "json", "db", "init"), ==, 0);
  g_assert_nonnull (strstr (out, "\"created\" : \"no\""));
}

static void
test_refused_file_untouched (Fixture       *f,
                             gconstpointer  data)
{
  const char *text = "# PSeMS\n\nA README is not a database; psems-cli must say so and leave it alone.\n"
                     "Padding to pass the first hundred bytes of an SQLite header ..........\n";
  const char *verbs[] = { "stats", "verify", "init" };

  g_file_set_contents (f->db, text, -1, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *contents = NULL;

      g_assert_cmpint (RUN (NULL, &err, "--db", f->db, "db", verbs[i]), ==, 1);
      g_assert_nonnull (strstr (err, f->db));
      g_assert_nonnull (strstr (err, "not a PSeMS database"));
      g_file_get_contents (f->db, &contents, NULL, NULL);
      g_assert_cmpstr (contents, ==, text);
    }
}

static void
test_missing_database (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (RUN (NULL, &err, "--db", f->db, "db", "stats"), ==, 1);
  g_assert_nonnull (strstr (err, "db init"));
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

static void
test_verify_finds_tampering (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *err = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (RUN (NULL, NULL, "--db", f->db, "db", "init"), ==, 0);
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_trail_no_update;"
                                     "UPDATE audit_trail SET user_name = 'Mallory' WHERE id = 1", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (RUN (NULL, &err, "--db", f->db, "db", "verify"), ==, 1);
  g_assert_nonnull (strstr (err, "trail-broken: Entry 1 ("));
  g_assert_nonnull (strstr (err, "Mallory"));
  g_assert_nonnull (strstr (err, "was altered after it was written"));
}

/* db verify --expect: a head recorded earlier; records altered behind the app's back. */
static void
test_verify_expect (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *head = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *ref = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *line;

  g_assert_cmpint (RUN (NULL, NULL, "--db", f->db, "db", "demo", "--persons", "20"), ==, 0);
  g_assert_cmpint (RUN (&out, NULL, "--db", f->db, "db", "verify"), ==, 0);
  line = strstr (out, "head ");
  g_assert_nonnull (line);
  head = g_strndup (line + 5, 64);
  g_assert_cmpuint (strlen (head), ==, 64);

  /* The head passes; after more entries too, saying how many came after it. */
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ref FROM person WHERE id = 2", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  ref = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (RUN (NULL, NULL, "--db", f->db, "person", "edit", ref, "--job-title", "Lasher"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--db", f->db, "db", "verify", "--expect", head), ==, 0);
  expected = g_strdup_printf ("Expected head %s: entry ", head);
  g_assert_nonnull (strstr (out, expected));
  g_assert_nonnull (strstr (out, "; 1 entry came after it"));

  /* A head this trail never had, or not a head at all. */
  g_assert_cmpint (RUN (NULL, &err, "--db", f->db, "db", "verify", "--expect",
                        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"), ==, 1);
  g_assert_nonnull (strstr (err, "head-missing: The recorded head ffff"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "--db", f->db, "db", "verify", "--expect", "abc"), ==, 2);
  g_assert_nonnull (strstr (err, "--expect"));

  /* A record changed with another SQLite client is named with its table and reference. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE person SET employer = 'Elsewhere' WHERE id = 2", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "--db", f->db, "db", "verify"), ==, 1);
  {
    g_autofree char *says = g_strdup_printf ("row-altered: person %s differs from its last audit entry", ref);

    g_assert_nonnull (strstr (err, says));
    g_assert_nonnull (strstr (err, ": employer\n"));
    g_assert_nonnull (strstr (err, "1 problem found"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/usage-errors", test_usage_errors);
  ADD ("/cli/verify-expect", test_verify_expect);
  ADD ("/cli/help", test_help);
  ADD ("/cli/init-verify-stats", test_init_verify_stats);
  ADD ("/cli/refused-file-untouched", test_refused_file_untouched);
  ADD ("/cli/missing-database", test_missing_database);
  ADD ("/cli/verify-finds-tampering", test_verify_finds_tampering);
#undef ADD
  return g_test_run ();
}
