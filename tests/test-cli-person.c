/* test-cli-person.c — psems-cli person: every verb, imports with mistakes, upsert, dry run, rejects, export, expiry. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

#define RUN(out, err, ...) psems_test_run_cli (out, err, "--db", f->db, __VA_ARGS__, NULL)
#define RUN_ON(db, out, err, ...) psems_test_run_cli (out, err, "--db", db, __VA_ARGS__, NULL)

/* Three persons of one employer, cleared until March and April 2026, and one pending. */
static const char persons_csv[] =
  "badge_no,given_name,family_name,employer,job_title,nationality,date_of_birth,"
  "vetting_level,vetting_status,vetting_issued,vetting_expires,areas\r\n"
  "B001,Anna,Jansen,Test Stevedoring,Crane driver,NL,1980-04-02,"
  "STANDARD,cleared,2025-03-01,2026-03-10,QUAY;GATE\r\n"
  "B002,Björn,Ødegård,Test Stevedoring,\"Lasher, senior\",NO,,"
  "BASIC,cleared,2024-01-01,2026-04-20,REEF\r\n"
  "B003,Chen,Wei,Test Stevedoring,,CN,,ENHANCED,pending,,,\r\n";

/* One mistake a line (physical lines; the record of line 2 runs on to line 3),
 * and one valid row. */
static const char bad_csv[] =
  "badge_no,given_name,family_name,employer,job_title,vetting_level,vetting_status,"
  "vetting_issued,vetting_expires\n"
  "X001,Ann,Smith,Acme,\"Line one\nline two\",STANDARD,cleared,2025-02-30,2027-01-01\n"
  "X002,Bob,Jones,Acme,,STANDARD,approved,,\n"
  "X003,Cy,Brown,Acme,,PLATINUM,pending,,\n"
  "X004,,White,Acme,,,,,\n"
  "X005,Dee,Green,Acme,,,,,\n"
  "X005,Eve,Black,Acme,,,,,\n";

static const char trainings_csv[] =
  "badge_no,course,completed_on,expires_on,provider\n"
  "B001,AWARE,2025-01-10,,Port Academy\n"
  "B002,CYBER,2024-01-01,,\n";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "person.db", NULL);
  /* The demo's reference data: vetting levels, facilities with restricted areas, courses. */
  g_assert_cmpint (RUN (NULL, NULL, "db", "demo", "--persons", "0", "--as-of", "2026-01-15"),
                   ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static gint64
count_in (const char *db,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = psems_store_open (db, PSEMS_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return psems_test_count (store, "%s", sql);
}

static gint64
count_audit (Fixture *f)
{
  return count_in (f->db, "SELECT count(*) FROM audit_trail");
}

static gint64
count_persons (Fixture *f)
{
  return count_in (f->db, "SELECT count(*) FROM person");
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
show_json (Fixture    *f,
           const char *person,
           JsonNode  **root)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = RUN (&out, &err, "--format", "json", "person", "show", person, "--as-of",
                    "2026-03-01");

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  *root = parse_json (out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*root));
  return json_node_get_object (*root);
}

static JsonArray *
list_json (Fixture  *f,
           JsonNode **root,
           const char *first_arg,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PSEMS_CLI");
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  g_ptr_array_add (argv, (gpointer) "--format");
  g_ptr_array_add (argv, (gpointer) "json");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, &out, &err, &wait_status,
                &error);
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);
  *root = parse_json (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*root));
  return json_node_get_array (*root);
}

static const char *
member (JsonArray  *array,
        guint       i,
        const char *name)
{
  return json_object_get_string_member (json_array_get_object_element (array, i), name);
}

static void
import_persons (Fixture *f)
{
  g_autofree char *path = write_file (f, "persons.csv", persons_csv);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = RUN (&out, &err, "person", "import", path);

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "persons.csv"));
}

/* ─────────────────────────── add, show, list, search ─────────────────────────── */

static void
test_add_show_list (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ref = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *object;
  JsonArray *array;
  gint64 audit;
  int status;

  status = RUN (&out, &err, "person", "add", "--given-name", "Zoë", "--family-name", "Achterberg",
                "--employer", "Nordhaven Pilots", "--job-title", "Pilot", "--badge", "P-100",
                "--nationality", "NL", "--date-of-birth", "1979-05-06",
                "--email", "zoe@example.org", "--areas", "QUAY;NHV-CRU:APR",
                "--vetting-level", "STANDARD", "--vetting-status", "cleared",
                "--vetting-requested", "2025-05-01", "--vetting-issued", "2025-06-01",
                "--vetting-expires", "2030-06-01", "--vetting-authority", "National Vetting Agency",
                "--vetting-ref", "NVA-77");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "PER-"));
  g_assert_nonnull (strstr (out, "created"));
  ref = g_strndup (out, strcspn (out, " \n"));

  /* By reference and by badge; reading the vetting details records a view. */
  audit = count_audit (f);
  object = show_json (f, "P-100", &root);
  g_assert_cmpint (count_audit (f), ==, audit + 1);
  g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, ref);
  g_assert_cmpstr (json_object_get_string_member (object, "display_name"), ==, "Zoë Achterberg");
  g_assert_cmpstr (json_object_get_string_member (object, "employer"), ==, "Nordhaven Pilots");
  g_assert_cmpstr (json_object_get_string_member (object, "nationality"), ==, "NL");
  g_assert_cmpstr (json_object_get_string_member (object, "clearance"), ==, "cleared");
  g_assert_cmpstr (json_object_get_string_member (object, "expires_on"), ==, "2030-06-01");
  g_assert_true (json_object_get_boolean_member (object, "view_recorded"));
  g_assert_true (json_object_get_null_member (object, "phone"));
  array = json_object_get_array_member (object, "restricted_areas");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  array = json_object_get_array_member (object, "vettings");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member (array, 0, "level"), ==, "STANDARD");
  g_assert_cmpstr (member (array, 0, "status"), ==, "cleared");
  g_assert_cmpstr (member (array, 0, "authority_ref"), ==, "NVA-77");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "trainings")),
                    ==, 0);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "person", "show", ref), ==, 0);
  g_assert_nonnull (strstr (out, "Achterberg"));
  g_assert_nonnull (strstr (out, "Restricted areas"));
  g_assert_nonnull (strstr (out, "Vettings"));
  g_assert_nonnull (strstr (out, "Trainings"));
  g_assert_nonnull (strstr (out, "NVA-77"));

  import_persons (f);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "person", "list"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "ref"));
  g_assert_nonnull (strstr (out, "Achterberg"));
  g_assert_nonnull (strstr (out, "B003"));

  array = list_json (f, &list, "person", "list", "--employer", "Test Stevedoring", NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (member (array, 0, "badge_no"), ==, "B001");   /* Jansen, Wei, Ødegård */
  g_clear_pointer (&list, json_node_unref);
  array = list_json (f, &list, "person", "list", "--level", "standard", "--as-of", "2026-03-01",
                     "--status", "cleared", NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_clear_pointer (&list, json_node_unref);
  array = list_json (f, &list, "person", "list", "--area", "NHV-CT:GATE", NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member (array, 0, "badge_no"), ==, "B001");
  g_clear_pointer (&list, json_node_unref);
  array = list_json (f, &list, "person", "list", "--sort", "badge", "--descending", "--limit", "2",
                     NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (member (array, 0, "badge_no"), ==, "P-100");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "person", "list", "--format", "csv"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "ref,sort_name,employer,badge_no,level,clearance"));
  g_assert_nonnull (strstr (out, "\r\nPER-"));

  /* Search: prefixes, any case, without accents. */
  g_clear_pointer (&list, json_node_unref);
  array = list_json (f, &list, "person", "search", "BJOR", NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member (array, 0, "badge_no"), ==, "B002");
  g_clear_pointer (&list, json_node_unref);
  array = list_json (f, &list, "person", "search", "test", "ja", NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_clear_pointer (&list, json_node_unref);
  array = list_json (f, &list, "person", "search", "nobodyatall", NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 0);
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *array;
  int status;

  import_persons (f);
  status = RUN (&out, &err, "person", "edit", "B001", "--employer", "Nordhaven Stevedores",
                "--job-title", "", "--phone", "+999 10 555 0199", "--areas", "REEF",
                "--vetting-level", "STANDARD", "--vetting-status", "cleared",
                "--vetting-requested", "2026-02-01", "--vetting-issued", "2026-02-20",
                "--vetting-expires", "2031-02-20");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "updated"));
  g_assert_nonnull (strstr (out, "employer"));
  g_assert_nonnull (strstr (out, "areas"));

  object = show_json (f, "B001", &root);
  g_assert_cmpstr (json_object_get_string_member (object, "employer"), ==, "Nordhaven Stevedores");
  g_assert_true (json_object_get_null_member (object, "job_title"));
  g_assert_cmpstr (json_object_get_string_member (object, "phone"), ==, "+999 10 555 0199");
  /* Fields not given stay as they were. */
  g_assert_cmpstr (json_object_get_string_member (object, "given_name"), ==, "Anna");
  g_assert_cmpstr (json_object_get_string_member (object, "nationality"), ==, "NL");
  array = json_object_get_array_member (object, "restricted_areas");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member (array, 0, "code"), ==, "REEF");
  /* The renewal adds a vetting; the history stays. */
  array = json_object_get_array_member (object, "vettings");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "expires_on"), ==, "2031-02-20");

  /* --areas '' removes them all. */
  g_assert_cmpint (RUN (NULL, NULL, "person", "edit", "B001", "--areas", ""), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  object = show_json (f, "B001", &root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object,
                                                                          "restricted_areas")),
                    ==, 0);
}

/* A read-only database: the details are shown, and the output says the view was not recorded. */
static void
test_show_read_only (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 audit;

  import_persons (f);
  audit = count_audit (f);
  g_assert_cmpint (g_chmod (f->db, 0444), ==, 0);
  g_assert_cmpint (RUN (&out, &err, "--format", "json", "person", "show", "B002"), ==, 0);
  root = parse_json (out);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "view_recorded"));
  g_assert_nonnull (strstr (err, "could not be recorded"));
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (json_node_get_object (root), "vettings")),
                    ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "person", "show", "B002"), ==, 0);
  g_assert_nonnull (strstr (out, "view_recorded"));
  g_assert_cmpint (g_chmod (f->db, 0600), ==, 0);
  g_assert_cmpint (count_audit (f), ==, audit);
}

/* ─────────────────────────── import ─────────────────────────── */

static void
test_import_mistakes (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_file (f, "bad.csv", bad_csv);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *expected[] = {
    "bad.csv:2: vetting_issued: ",
    "bad.csv:4: vetting_status: ",
    "bad.csv:5: vetting_level: ",
    "bad.csv:6: given_name: ",
    "bad.csv:8: badge_no: ",
  };
  gint64 audit = count_audit (f);
  gint64 persons = count_persons (f);
  int status;

  status = RUN (&out, &err, "person", "import", path);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_nonnull (strstr (err, expected[i]));
  g_assert_null (strstr (err, "bad.csv:7:"));
  g_assert_null (strstr (err, "bad.csv:3:"));
  g_assert_cmpint (count_audit (f), ==, audit);
  g_assert_cmpint (count_persons (f), ==, persons);

  /* A dry run reports the same and writes nothing either. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "person", "import", "--dry-run", path), ==, 1);
  g_assert_nonnull (strstr (err, expected[0]));
  g_assert_cmpint (count_audit (f), ==, audit);
  g_assert_cmpint (count_persons (f), ==, persons);

  /* A file that is not there. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "person", "import", "nowhere.csv"), ==, 1);
  g_assert_nonnull (strstr (err, "nowhere.csv"));
  g_assert_cmpint (count_audit (f), ==, audit);
}

static void
test_import_upsert (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = write_file (f, "persons.csv", persons_csv);
  g_autofree char *update = write_file (f, "update.csv",
                                        "badge_no,given_name,family_name,employer\n"
                                        "B001,Anna,Jansen-de Vries,Nordhaven Stevedores\n"
                                        "B004,Dirk,Visser,Test Stevedoring\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  gint64 audit, persons;
  int status;

  audit = count_audit (f);
  g_assert_cmpint (RUN (&out, NULL, "--format", "json", "person", "import", path), ==, 0);
  report = parse_json (out);
  object = json_node_get_object (report);
  g_assert_cmpint (json_object_get_int_member (object, "rows_read"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "inserted"), ==, 3);
  g_assert_true (json_object_get_boolean_member (object, "written"));
  g_assert_cmpstr (json_object_get_string_member (object, "sha256"), !=, NULL);
  /* One audit entry for the whole import. */
  g_assert_cmpint (count_audit (f), ==, audit + 1);

  /* Again in insert mode: every badge is taken. */
  audit = count_audit (f);
  persons = count_persons (f);
  g_assert_cmpint (RUN (NULL, &err, "person", "import", update), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "update.csv:2: badge_no: "));
  g_assert_null (strstr (err, "update.csv:3:"));
  g_assert_cmpint (count_audit (f), ==, audit);
  g_assert_cmpint (count_persons (f), ==, persons);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&report, json_node_unref);
  status = RUN (&out, NULL, "--format", "json", "person", "import", "--mode", "upsert", update);
  g_assert_cmpint (status, ==, 0);
  report = parse_json (out);
  object = json_node_get_object (report);
  g_assert_cmpint (json_object_get_int_member (object, "inserted"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "updated"), ==, 1);
  g_assert_cmpint (count_persons (f), ==, persons + 1);
  object = show_json (f, "B001", &root);
  g_assert_cmpstr (json_object_get_string_member (object, "family_name"), ==, "Jansen-de Vries");
  g_assert_cmpstr (json_object_get_string_member (object, "employer"), ==, "Nordhaven Stevedores");
}

static void
test_import_dry_run (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (f, "persons.csv", persons_csv);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) report = NULL;
  JsonObject *object;
  gint64 audit = count_audit (f);
  gint64 persons = count_persons (f);

  g_assert_cmpint (RUN (&out, NULL, "person", "import", "--dry-run", path), ==, 0);
  g_assert_nonnull (strstr (out, "dry run"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--format", "json", "person", "import", "--dry-run", path),
                   ==, 0);
  report = parse_json (out);
  object = json_node_get_object (report);
  g_assert_cmpint (json_object_get_int_member (object, "rows_read"), ==, 3);
  g_assert_false (json_object_get_boolean_member (object, "written"));
  g_assert_true (json_object_get_boolean_member (object, "dry_run"));
  g_assert_cmpint (count_audit (f), ==, audit);
  g_assert_cmpint (count_persons (f), ==, persons);
}

static void
test_import_skip_invalid (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = write_file (f, "bad.csv", bad_csv);
  g_autofree char *rejects = g_build_filename (f->dir, "rejects.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  gint64 persons = count_persons (f);
  int status;

  status = RUN (&out, &err, "--format", "json", "person", "import", "--skip-invalid",
                "--rejects", rejects, path);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err, "bad.csv:4: vetting_status: "));
  report = parse_json (out);
  object = json_node_get_object (report);
  g_assert_cmpint (json_object_get_int_member (object, "inserted"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "rejected"), ==, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "problems")),
                    ==, 5);
  g_assert_cmpint (count_persons (f), ==, persons + 1);

  g_file_get_contents (rejects, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "X002"));
  g_assert_nonnull (strstr (text, "approved"));
  g_assert_nonnull (strstr (text, "X004"));
  g_assert_null (strstr (text, "Dee"));

  /* The valid row is there. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "person", "show", "X005"), ==, 0);
  g_assert_nonnull (strstr (out, "Green"));
}

static void
test_import_trainings (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = write_file (f, "trainings.csv", trainings_csv);
  g_autofree char *bad = write_file (f, "bad-trainings.csv",
                                     "badge_no,course,completed_on\n"
                                     "B001,AWARE,2025-01-10\n"
                                     "B999,AWARE,2025-01-10\n"
                                     "B002,JUGGLING,2025-01-10\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *object;
  JsonArray *array;
  gint64 audit;
  int status;

  import_persons (f);
  audit = count_audit (f);
  g_assert_cmpint (RUN (NULL, &err, "person", "import", "--trainings", bad), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "bad-trainings.csv:3: badge_no: "));
  g_assert_nonnull (strstr (err, "bad-trainings.csv:4: course: "));
  g_assert_cmpint (count_audit (f), ==, audit);
  g_assert_cmpint (count_in (f->db, "SELECT count(*) FROM training_record"), ==, 0);

  status = RUN (&out, NULL, "person", "import", "--trainings", path);
  g_assert_cmpint (status, ==, 0);
  object = show_json (f, "B001", &root);
  array = json_object_get_array_member (object, "trainings");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member (array, 0, "course"), ==, "AWARE");
  g_assert_cmpstr (member (array, 0, "provider"), ==, "Port Academy");

  /* CYBER lapses after 12 months: B002's has, as of March 2026. */
  array = list_json (f, &list, "person", "list", "--training-lapsed", "--as-of", "2026-03-01",
                     NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member (array, 0, "badge_no"), ==, "B002");
}

/* ─────────────────────────── export ─────────────────────────── */

static void
test_export_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *file = g_build_filename (f->dir, "export.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  g_autofree char *err = NULL;
  g_autofree char *from_file = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  import_persons (f);
  g_assert_cmpint (RUN (NULL, NULL, "person", "edit", "B003", "--areas", "NHV-CRU:EMB",
                        "--email", "chen@example.org"), ==, 0);
  g_assert_cmpint (RUN (&out, NULL, "person", "export", "--employer", "Test Stevedoring"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "badge_no") || strstr (out, "badge_no") != NULL);
  g_assert_nonnull (strstr (out, "B001"));
  g_assert_nonnull (strstr (out, "Ødegård"));
  g_assert_nonnull (strstr (out, "chen@example.org"));
  g_assert_cmpint (RUN (NULL, NULL, "person", "export", "--employer", "Test Stevedoring",
                        "--output", file), ==, 0);
  g_file_get_contents (file, &from_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_file, ==, out);

  /* Into a fresh database with the same reference data: the same persons come out. */
  g_assert_cmpint (RUN_ON (other, NULL, NULL, "db", "demo", "--persons", "0", "--as-of",
                           "2026-01-15"), ==, 0);
  status = RUN_ON (other, NULL, &err, "person", "import", file);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (RUN_ON (other, &again, NULL, "person", "export", "--employer",
                           "Test Stevedoring"), ==, 0);
  g_assert_cmpstr (again, ==, out);

  /* Filters narrow the export. */
  g_clear_pointer (&again, g_free);
  g_assert_cmpint (RUN (&again, NULL, "person", "export", "--search", "jansen"), ==, 0);
  g_assert_nonnull (strstr (again, "B001"));
  g_assert_null (strstr (again, "B002"));
}

/* ─────────────────────────── expiring ─────────────────────────── */

static void
test_expiring (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;

  import_persons (f);
  /* B001 expires 2026-03-10, B002 2026-04-20; B003 is pending. */
  array = list_json (f, &list, "person", "expiring", "--within", "30", "--as-of", "2026-03-01",
                     NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member (array, 0, "badge_no"), ==, "B001");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0),
                                               "days_left"), ==, 9);

  g_clear_pointer (&list, json_node_unref);
  array = list_json (f, &list, "person", "expiring", "--within", "60", "--as-of", "2026-03-01",
                     NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (member (array, 0, "badge_no"), ==, "B001");   /* soonest first */
  g_assert_cmpstr (member (array, 1, "badge_no"), ==, "B002");

  /* After B001's expiry it is expired, not expiring. */
  g_clear_pointer (&list, json_node_unref);
  array = list_json (f, &list, "person", "expiring", "--within", "60", "--as-of", "2026-03-15",
                     NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member (array, 0, "badge_no"), ==, "B002");
  g_clear_pointer (&list, json_node_unref);
  array = list_json (f, &list, "person", "list", "--status", "expired", "--as-of", "2026-03-15",
                     NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (member (array, 0, "badge_no"), ==, "B001");

  g_clear_pointer (&list, json_node_unref);
  array = list_json (f, &list, "person", "expiring", "--within", "60", "--as-of", "2026-03-01",
                     "--level", "BASIC", NULL);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);

  g_assert_cmpint (RUN (&out, NULL, "person", "expiring", "--within", "30", "--as-of",
                        "2026-03-01"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "ref"));
  g_assert_nonnull (strstr (out, "days_left"));
  g_assert_nonnull (strstr (out, "2026-03-10"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "person", "expiring", "--within", "30", "--as-of",
                        "2026-03-01", "--format", "csv"), ==, 0);
  g_assert_nonnull (strstr (out, "B001"));
  g_assert_null (strstr (out, "B002"));
}

/* ─────────────────────────── errors ─────────────────────────── */

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  const struct
  {
    const char *args[14];
    const char *field;
  } cases[] = {
    { { "person", "add", "--given-name", "A", "--family-name", "B", "--employer", "C",
        "--nationality", "Netherlands" }, "nationality" },
    { { "person", "add", "--given-name", "A", "--family-name", "B", "--employer", "C",
        "--date-of-birth", "1980-02-30" }, "date_of_birth" },
    { { "person", "add", "--given-name", "A", "--family-name", "B", "--employer", "C",
        "--email", "nobody" }, "email" },
    { { "person", "add", "--given-name", "A", "--family-name", "B", "--employer", "C",
        "--badge", "B001" }, "badge" },
    { { "person", "add", "--given-name", "A", "--family-name", "B", "--employer", "C",
        "--areas", "QUAY;NOWHERE" }, "NOWHERE" },
    { { "person", "add", "--given-name", "A", "--family-name", "B", "--employer", "C",
        "--vetting-level", "PLATINUM" }, "vetting_level" },
    { { "person", "add", "--given-name", "A", "--family-name", "B", "--employer", "C",
        "--vetting-level", "BASIC", "--vetting-status", "cleared" }, "issued" },
    { { "person", "add", "--given-name", "", "--family-name", "B", "--employer", "C" },
      "given_name" },
    { { "person", "edit", "B001", "--given-name", "" }, "given_name" },
    { { "person", "edit", "B001", "--badge", "B002" }, "badge" },
    { { "person", "edit", "B001", "--areas", "NOWHERE" }, "NOWHERE" },
    { { "person", "edit", "PER-2001-9999", "--phone", "1" }, "PER-2001-9999" },
    { { "person", "show", "NOBADGE" }, "NOBADGE" },
    { { "person", "list", "--level", "PLATINUM" }, "PLATINUM" },
    { { "person", "list", "--area", "NOWHERE" }, "NOWHERE" },
  };
  gint64 audit, persons;

  import_persons (f);
  audit = count_audit (f);
  persons = count_persons (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char * const *a = cases[i].args;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = RUN (&out, &err, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9],
                        a[10], a[11], a[12], a[13]);

      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "psems-cli person "));
      g_assert_nonnull (strstr (err, cases[i].field));
      g_assert_cmpint (count_audit (f), ==, audit);
      g_assert_cmpint (count_persons (f), ==, persons);
    }
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const struct
  {
    const char *args[12];
    const char *says;
  } cases[] = {
    { { "person", "list", "--status", "happy" }, "happy" },
    { { "person", "list", "--sort", "height" }, "height" },
    { { "person", "list", "--as-of", "2026-02-30" }, "--as-of" },
    { { "person", "list", "--limit", "0" }, "--limit" },
    { { "person", "list", "--expiring-within", "soon" }, "--expiring-within" },
    { { "person", "list", "extra" }, "extra" },
    { { "person", "list", "--format", "xml" }, "xml" },
    { { "person", "expiring" }, "--within" },
    { { "person", "expiring", "--within", "abc" }, "abc" },
    { { "person", "expiring", "--within", "0" }, "--within" },
    { { "person", "expiring", "--within", "30", "--as-of", "yesterday" }, "--as-of" },
    { { "person", "show" }, "which person" },
    { { "person", "show", "B001", "more" }, "more" },
    { { "person", "add", "--family-name", "B", "--employer", "C" }, "--given-name" },
    { { "person", "add", "--given-name", "A", "--employer", "C" }, "--family-name" },
    { { "person", "add", "--given-name", "A", "--family-name", "B" }, "--employer" },
    { { "person", "add", "--given-name", "A", "--family-name", "B", "--employer", "C",
        "--vetting-status", "cleared" }, "--vetting-level" },
    { { "person", "add", "--given-name", "A", "--family-name", "B", "--employer", "C",
        "--vetting-level", "BASIC", "--vetting-issued", "2025-13-01" }, "--vetting-issued" },
    { { "person", "add", "--bogus" }, "bogus" },
    { { "person", "edit", "B001" }, "nothing to change" },
    { { "person", "edit" }, "which person" },
    { { "person", "import" }, "which file" },
    { { "person", "import", "x.csv", "--mode", "merge" }, "merge" },
    { { "person", "import", "x.csv", "--rejects", "r.csv" }, "--skip-invalid" },
    { { "person", "import", "x.csv", "--trainings", "--mode", "upsert" }, "upsert" },
    { { "person", "search" }, "what to search" },
    { { "person", "search", "ab", "--limit", "-3" }, "--limit" },
    { { "person", "export", "extra" }, "extra" },
    { { "person", "export", "--status", "happy" }, "happy" },
    { { "person", "frobnicate" }, "frobnicate" },
  };
  gint64 audit;

  import_persons (f);
  audit = count_audit (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char * const *a = cases[i].args;
      g_autofree char *err = NULL;
      int status = RUN (NULL, &err, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9],
                        a[10], a[11]);

      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_nonnull (strstr (err, cases[i].says));
      g_assert_cmpint (count_audit (f), ==, audit);
    }
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char *verbs[] = { "list", "show", "add", "edit", "import", "export", "search", "expiring" };
  g_autofree char *out = NULL;

  g_assert_cmpint (RUN (&out, NULL, "person", "--help"), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    g_assert_nonnull (strstr (out, verbs[i]));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autofree char *help = NULL;

      g_assert_cmpint (RUN (&help, NULL, "person", verbs[i], "--help"), ==, 0);
      g_assert_nonnull (strstr (help, "Usage"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/person/add-show-list", test_add_show_list);
  ADD ("/cli/person/edit", test_edit);
  ADD ("/cli/person/show-read-only", test_show_read_only);
  ADD ("/cli/person/import-mistakes", test_import_mistakes);
  ADD ("/cli/person/import-upsert", test_import_upsert);
  ADD ("/cli/person/import-dry-run", test_import_dry_run);
  ADD ("/cli/person/import-skip-invalid", test_import_skip_invalid);
  ADD ("/cli/person/import-trainings", test_import_trainings);
  ADD ("/cli/person/export-round-trip", test_export_round_trip);
  ADD ("/cli/person/expiring", test_expiring);
  ADD ("/cli/person/bad-input", test_bad_input);
  ADD ("/cli/person/usage-errors", test_usage_errors);
  ADD ("/cli/person/help", test_help);
#undef ADD
  return g_test_run ();
}
