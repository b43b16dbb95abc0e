/* test-cli-register.c — psems-cli register export end to end on the demo: each register as XLSX and CSV, JSON output, data and usage errors, nothing left behind. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

#define RUN(out, err, ...) psems_test_run_cli (out, err, "--db", f->db, __VA_ARGS__, NULL)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "demo.db", NULL);
  g_assert_cmpint (RUN (NULL, NULL, "db", "demo"), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* The number of CRLF-ended records in a CSV file, the header included (no field of the demo
 * holds a line break). */
static guint
count_records (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (const char *p = strstr (text, "\r\n"); p != NULL; p = strstr (p + 2, "\r\n"))
    n++;
  return n;
}

static char *
unzip_member (const char *path,
              const char *member)
{
  const char *argv[] = { "unzip", "-p", path, member, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_export_each (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const kinds[] = { "findings", "controls", "schedule" };
  static const char * const first_columns[] = { "Reference,", "Control,", "Item," };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *csv_name = g_strdup_printf ("%s.csv", kinds[k]);
      g_autofree char *xlsx_name = g_strdup_printf ("%s.xlsx", kinds[k]);
      g_autofree char *csv = g_build_filename (f->dir, csv_name, NULL);
      g_autofree char *xlsx = g_build_filename (f->dir, xlsx_name, NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *json = NULL;
      g_autofree char *text = NULL;
      g_autofree char *sheet = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonObject *record;
      gint64 rows;

      g_assert_cmpint (RUN (&out, &err, "register", "export", "--kind", kinds[k], "--facility",
                            "NHV-CT", "--out", csv), ==, 0);
      g_assert_nonnull (strstr (out, csv));
      g_assert_nonnull (strstr (out, "NHV-CT"));
      g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
      g_assert_true (g_str_has_prefix (text, first_columns[k]));
      g_assert_true (g_utf8_validate (text, -1, NULL));

      g_assert_cmpint (RUN (&json, NULL, "--format", "json", "register", "export", "--kind",
                            kinds[k], "--facility", "NHV-CT", "--out", xlsx), ==, 0);
      root = psems_test_parse_json (json);
      record = json_node_get_object (root);
      g_assert_cmpstr (json_object_get_string_member (record, "kind"), ==, kinds[k]);
      g_assert_cmpstr (json_object_get_string_member (record, "format"), ==, "XLSX");
      g_assert_cmpstr (json_object_get_string_member (record, "facility"), ==, "NHV-CT");
      rows = json_object_get_int_member (record, "rows");
      /* The demo has findings, controls and schedule history at the container terminal. */
      g_assert_cmpint (rows, >, 0);
      /* The same rows in both formats. */
      g_assert_cmpint (count_records (csv), ==, rows + 1);
      sheet = unzip_member (xlsx, "xl/worksheets/sheet1.xml");
      g_assert_nonnull (sheet);
      {
        g_autofree char *last_row = g_strdup_printf ("<row r=\"%" G_GINT64_FORMAT "\"", rows + 1);
        g_autofree char *beyond = g_strdup_printf ("<row r=\"%" G_GINT64_FORMAT "\"", rows + 2);

        g_assert_nonnull (strstr (sheet, last_row));
        g_assert_null (strstr (sheet, beyond));
      }
    }
}

static void
test_every_facility_and_as_of (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *all = g_build_filename (f->dir, "all.csv", NULL);
  g_autofree char *one = g_build_filename (f->dir, "one.csv", NULL);
  g_autofree char *old = g_build_filename (f->dir, "old.csv", NULL);
  g_autofree char *text = NULL;

  g_assert_cmpint (RUN (NULL, NULL, "register", "export", "--kind", "findings", "--out", all),
                   ==, 0);
  g_assert_cmpint (RUN (NULL, NULL, "register", "export", "--kind", "findings", "--facility",
                        "NHV-CT", "--out", one), ==, 0);
  g_assert_cmpuint (count_records (all), >, count_records (one));
  g_assert_true (g_file_get_contents (all, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, ",NHV-CRU,"));
  g_assert_nonnull (strstr (text, ",NHV-CT,"));

  /* Long before the demo's history: a header and nothing else. */
  g_assert_cmpint (RUN (NULL, NULL, "register", "export", "--kind", "findings", "--as-of",
                        "2001-01-01", "--out", old), ==, 0);
  g_assert_cmpuint (count_records (old), ==, 1);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing", "findings.xlsx", NULL);
  g_autofree char *wrong = g_build_filename (f->dir, "findings.pdf", NULL);
  g_autofree char *good = g_build_filename (f->dir, "findings.csv", NULL);
  static const char * const verbs[] = { "export", NULL };
  const PsemsTestCliCase usage[] = {
    { { "register", "export", "--out", "x.csv" }, "--kind" },
    { { "register", "export", "--kind", "threats", "--out", "x.csv" }, "threats" },
    { { "register", "export", "--kind", "findings" }, "--out" },
    { { "register", "export", "--kind", "findings", "--out", "x.csv", "--as-of", "2025-02-30" },
      "2025-02-30" },
    { { "register", "export", "--kind", "findings", "--out", "x.csv", "extra" }, "extra" },
  };
  struct
  {
    const char *facility;
    const char *out;
    const char *says;
  } data_errors[] = {
    { "NHV-CT", missing, missing },
    { "NHV-CT", wrong, ".xlsx" },
    { "NOPE", good, "NOPE" },
  };

  psems_test_check_cli_help (f->db, "register", verbs);
  psems_test_check_cli_usage_errors (f->db, usage, G_N_ELEMENTS (usage));
  for (guint i = 0; i < G_N_ELEMENTS (data_errors); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (RUN (NULL, &err, "register", "export", "--kind", "findings", "--facility",
                            data_errors[i].facility, "--out", data_errors[i].out), ==, 1);
      g_assert_nonnull (strstr (err, data_errors[i].says));
      g_assert_false (g_file_test (data_errors[i].out, G_FILE_TEST_EXISTS));
    }
  g_assert_false (g_file_test (wrong, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-register/export-each", test_export_each);
  ADD ("/cli-register/every-facility-and-as-of", test_every_facility_and_as_of);
  ADD ("/cli-register/errors", test_errors);
#undef ADD

  return g_test_run ();
}
