/* test-cli-facility.c — psems-cli facility: each verb, bad input, usage errors, nothing written. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
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
  f->db = g_build_filename (f->dir, "facility.db", NULL);
  g_assert_cmpint (RUN (NULL, NULL, "db", "init"), ==, 0);
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
count_audit (Fixture *f)
{
  return psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail");
}

static char *
add_facility (Fixture    *f,
              const char *code,
              const char *locode)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *imo = g_strdup_printf ("%s-0001", locode);
  int status = RUN (&out, &err, "facility", "add", "--code", code, "--name",
                    "Eastern Container Terminal",
                    "--kind", "container-terminal", "--un-locode", locode, "--imo-number", imo,
                    "--contact-24h", "+31 10 555 0100", "--address", "Quay 1, Nordhaven",
                    "--time-zone", "Europe/Amsterdam");

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "FAC-"));
  g_assert_nonnull (strstr (out, "created"));
  return psems_test_first_word (out);
}

static JsonObject *
show_json (Fixture    *f,
           const char *ref,
           JsonNode  **root)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (RUN (&out, NULL, "--format", "json", "facility", "show", ref), ==, 0);
  *root = psems_test_parse_json (out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*root));
  return json_node_get_object (*root);
}

static void
test_add_show_list (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *ref = add_facility (f, "NHV-ECT", "NLNHV");
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *object;
  JsonArray *history;

  /* By reference, in any case, and by code. */
  g_assert_cmpint (RUN (&out, NULL, "facility", "show", "NHV-ECT"), ==, 0);
  g_assert_nonnull (strstr (out, ref));
  g_assert_nonnull (strstr (out, "NLNHV-0001"));
  g_assert_nonnull (strstr (out, "Restricted areas"));
  g_assert_nonnull (strstr (out, "Security level history"));

  object = show_json (f, ref, &root);
  g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, ref);
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "NHV-ECT");
  g_assert_cmpstr (json_object_get_string_member (object, "un_locode"), ==, "NLNHV");
  g_assert_cmpstr (json_object_get_string_member (object, "time_zone"), ==, "Europe/Amsterdam");
  g_assert_cmpint (json_object_get_int_member (object, "security_level"), ==, 1);
  g_assert_true (json_object_get_null_member (object, "pfso"));
  history = json_object_get_array_member (object, "restricted_areas");
  g_assert_cmpuint (json_array_get_length (history), ==, 0);
  history = json_object_get_array_member (object, "level_history");
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (history, 0), "level"),
                   ==, 1);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "facility", "list"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "ref"));
  g_assert_nonnull (strstr (out, "NHV-ECT"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "facility", "list", "--format", "json"), ==, 0);
  list = psems_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);

  g_assert_cmpint (RUN (&csv, NULL, "facility", "list", "--format", "csv"), ==, 0);
  g_assert_true (g_str_has_prefix (csv, "ref,code,name,kind,security_level"));
  g_assert_nonnull (strstr (csv, "\r\nFAC-"));
}

static void
test_add_json_and_level (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  /* An airport cargo area: outside the ISPS Code, no IMO number. */
  g_assert_cmpint (RUN (&out, NULL, "facility", "add", "--code", "NHV-AIR", "--name",
                        "Airport cargo area",
                        "--kind", "airport", "--level", "2", "--format", "json"), ==, 0);
  root = psems_test_parse_json (out);
  object = json_node_get_object (root);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "ref"), "FAC-"));
  g_assert_cmpint (json_object_get_int_member (object, "security_level"), ==, 2);
  g_assert_true (json_object_get_null_member (object, "imo_number"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "level_history")),
                    ==, 1);
}

static void
test_pfso (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *person = NULL;
  g_autoptr(JsonNode) root = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 before;

  /* Persons come with the demo data; a fresh file, then the demo's first person. */
  psems_test_remove_dir (f->dir);
  g_mkdir_with_parents (f->dir, 0700);
  g_assert_cmpint (RUN (NULL, NULL, "db", "demo", "--persons", "20"), ==, 0);
  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ref FROM person ORDER BY id LIMIT 1", -1, &stmt,
                                       NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  person = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_cmpint (RUN (&out, NULL, "facility", "add", "--code", "NHV-NEW", "--name", "New quay",
                        "--kind", "general-cargo-terminal", "--pfso", person), ==, 0);
  show_json (f, "NHV-NEW", &root);
  g_assert_false (json_object_get_null_member (json_node_get_object (root), "pfso"));

  /* The demo's facilities are there too, with restricted areas and level history. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "facility", "list", "--format", "json"), ==, 0);
  {
    g_autoptr(JsonNode) list = psems_test_parse_json (out);
    JsonArray *array = json_node_get_array (list);
    g_autoptr(JsonNode) first = NULL;
    JsonObject *object;

    g_assert_cmpuint (json_array_get_length (array), ==, 4);
    show_json (f, json_object_get_string_member (json_array_get_object_element (array, 0), "ref"),
               &first);
    object = json_node_get_object (first);
    array = json_object_get_array_member (object, "restricted_areas");
    g_assert_cmpuint (json_array_get_length (array), >, 0);
  }

  before = count_audit (f);
  g_assert_cmpint (RUN (NULL, &err, "facility", "edit", "NHV-NEW", "--pfso", "PER-2001-9999"),
                   ==, 1);
  g_assert_nonnull (strstr (err, "pfso"));
  g_assert_cmpint (count_audit (f), ==, before);

  /* An empty value clears it. */
  g_assert_cmpint (RUN (NULL, NULL, "facility", "edit", "NHV-NEW", "--pfso", ""), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  show_json (f, "NHV-NEW", &root);
  g_assert_true (json_object_get_null_member (json_node_get_object (root), "pfso"));
}

/* The bad input of issue 5: exit 1, a message naming the field, nothing written. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *ref = add_facility (f, "NHV-ECT", "NLNHV");
  const struct
  {
    const char *args[12];
    const char *field;
  } cases[] = {
    { { "facility", "add", "--code", "NHV-ECT", "--name", "Again", "--kind", "airport" }, "code" },
    { { "facility", "add", "--code", "X1", "--name", "X", "--kind", "airport", "--un-locode",
        "NL1AB" },
      "un_locode" },
    { { "facility", "add", "--code", "X1", "--name", "X", "--kind", "airport", "--un-locode",
        "NLNHV",
        "--imo-number", "NLNHV-12" }, "imo_number" },
    { { "facility", "add", "--code", "X1", "--name", "X", "--kind", "airport", "--un-locode",
        "NLNHV",
        "--imo-number", "DEHAM-0001" }, "imo_number" },
    { { "facility", "add", "--code", "X1", "--name", "X", "--kind", "airport", "--level", "4" },
      "level" },
    { { "facility", "add", "--code", "X1", "--name", "X", "--kind", "airport", "--level", "0" },
      "level" },
    { { "facility", "add", "--code", "X1", "--name", "X", "--kind", "spaceport" }, "kind" },
    { { "facility", "add", "--code", "", "--name", "X", "--kind", "airport" }, "code" },
    { { "facility", "add", "--code", "X1", "--name", "X", "--kind", "airport", "--pfso",
        "PER-2001-0001" },
      "pfso" },
    { { "facility", "edit", "NHV-ECT", "--un-locode", "NL-NH" }, "un_locode" },
    { { "facility", "edit", "NHV-ECT", "--imo-number", "NLNHV-00001" }, "imo_number" },
    { { "facility", "edit", "NHV-ECT", "--name", "" }, "name" },
    { { "facility", "set-level", "NHV-ECT", "4", "--reason", "Drill" }, "level" },
    { { "facility", "set-level", "NHV-ECT", "0", "--reason", "Drill" }, "level" },
    { { "facility", "set-level", "NHV-ECT", "2", "--reason", "Threat", "--changed-at",
        "2030-03-01T10:00:00Z",
        "--notified-at", "2030-03-01T09:00:00Z" }, "notified_at" },
    { { "facility", "set-level", "NHV-ECT", "2", "--reason", "Threat", "--changed-at",
        "2020-03-01T10:00:00Z" },
      "changed_at" },
    { { "facility", "set-level", "NHV-ECT", "2", "--reason", "" }, "reason" },
    { { "facility", "set-level", "NHV-ECT", "1", "--reason", "Same" }, "level" },
    { { "facility", "show", "NHV-NONE" }, "NHV-NONE" },
    { { "facility", "edit", "FAC-2001-0042", "--name", "X" }, "FAC-2001-0042" },
    { { "facility", "archive", "FAC-2001-0042" }, "FAC-2001-0042" },
  };
  gint64 audit = count_audit (f);
  gint64 facilities = psems_test_count_path (f->db, "SELECT count(*) FROM facility");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char * const *a = cases[i].args;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = RUN (&out, &err, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9],
                        a[10], a[11]);

      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "psems-cli facility "));
      g_assert_nonnull (strstr (err, cases[i].field));
      g_assert_cmpint (count_audit (f), ==, audit);
      g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM facility"), ==,
                       facilities);
    }
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *ref = add_facility (f, "NHV-ECT", "NLNHV");
  const PsemsTestCliCase cases[] = {
    { { "facility", "add", "--name", "X", "--kind", "airport" }, "--code" },
    { { "facility", "add", "--code", "X1", "--kind", "airport" }, "--name" },
    { { "facility", "add", "--code", "X1", "--name", "X" }, "--kind" },
    { { "facility", "add", "--code", "X1", "--name", "X", "--kind", "airport", "--level", "two" },
      "--level" },
    { { "facility", "add", "--bogus" }, "bogus" },
    { { "facility", "add", "extra" }, "extra" },
    { { "facility", "edit", "NHV-ECT" }, "nothing to change" },
    { { "facility", "edit" }, "which facility" },
    { { "facility", "edit", "NHV-ECT", "--level", "2" }, "--level" },
    { { "facility", "show" }, "which facility" },
    { { "facility", "show", "NHV-ECT", "more" }, "more" },
    { { "facility", "list", "--format", "xml" }, "xml" },
    { { "facility", "list", "extra" }, "extra" },
    { { "facility", "archive" }, "which facility" },
    { { "facility", "set-level", "NHV-ECT", "2" }, "--reason" },
    { { "facility", "set-level", "NHV-ECT" }, "which level" },
    { { "facility", "set-level", "NHV-ECT", "high", "--reason", "R" }, "high" },
    { { "facility", "set-level", "NHV-ECT", "2", "--reason", "R", "--changed-at",
        "2026-02-30T10:00:00Z" },
      "--changed-at" },
    { { "facility", "set-level", "NHV-ECT", "2", "--reason", "R", "--notified-at", "yesterday" },
      "--notified-at" },
    { { "facility", "set-level", "NHV-ECT", "2", "--reason", "R", "--compliant-at", "2026-01-01" },
      "--compliant-at" },
    { { "facility", "frobnicate" }, "frobnicate" },
  };
  psems_test_check_cli_usage_errors (f->db, cases, G_N_ELEMENTS (cases));
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *ref = add_facility (f, "NHV-ECT", "NLNHV");
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  gint64 audit = count_audit (f);

  g_assert_cmpint (RUN (&out, NULL, "facility", "edit", ref, "--name", "East Terminal",
                        "--imo-number", "", "--address", "Quay 2"), ==, 0);
  g_assert_true (g_str_has_prefix (out, ref));
  g_assert_nonnull (strstr (out, "updated"));
  g_assert_nonnull (strstr (out, "imo_number"));
  g_assert_cmpint (count_audit (f), >, audit);

  object = show_json (f, "NHV-ECT", &root);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "East Terminal");
  g_assert_cmpstr (json_object_get_string_member (object, "address"), ==, "Quay 2");
  g_assert_true (json_object_get_null_member (object, "imo_number"));
  /* Fields not given stay as they were. */
  g_assert_cmpstr (json_object_get_string_member (object, "un_locode"), ==, "NLNHV");
  g_assert_cmpstr (json_object_get_string_member (object, "contact_24h"), ==, "+31 10 555 0100");

  /* The code can change; the reference never does. */
  g_assert_cmpint (RUN (NULL, NULL, "facility", "edit", "NHV-ECT", "--code", "NHV-EAST"), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  object = show_json (f, "NHV-EAST", &root);
  g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, ref);
}

static void
test_archive (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *ref = add_facility (f, "NHV-ECT", "NLNHV");
  g_autofree char *other = add_facility (f, "NHV-FT", "NLNHF");
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_autofree char *expected = g_strdup_printf ("%s archived\n", ref);

  g_assert_cmpint (RUN (&out, NULL, "facility", "archive", "NHV-ECT"), ==, 0);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "facility", "list"), ==, 0);
  g_assert_null (strstr (out, "NHV-ECT"));
  g_assert_nonnull (strstr (out, "NHV-FT"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "facility", "list", "--archived", "--format", "json"), ==, 0);
  list = psems_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);

  /* Still there to show, with the day it was archived. */
  show_json (f, ref, &root);
  g_assert_false (json_object_get_null_member (json_node_get_object (root), "archived_at"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "facility", "archive", ref, "--restore"), ==, 0);
  g_assert_nonnull (strstr (out, "restored"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "facility", "list"), ==, 0);
  g_assert_nonnull (strstr (out, "NHV-ECT"));
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM facility"), ==, 2);
}

/* Times a little in the future, so they follow the level recorded at creation. */
static char *
stamp (GDateTime  *base,
       int         minutes,
       const char *zone)
{
  g_autoptr(GDateTime) later = g_date_time_add_minutes (base, minutes);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (later, tz);

  return g_date_time_format (local,
                             g_str_equal (zone,
                                          "UTC") ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S%:z");
}

static void
test_set_level (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *ref = add_facility (f, "NHV-ECT", "NLNHV");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) base = g_date_time_new_utc (g_date_time_get_year (now),
                                                   g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now),
                                                   g_date_time_get_hour (now),
                                                   g_date_time_get_minute (now), 0);
  g_autofree char *changed = stamp (base, 2, "UTC");
  g_autofree char *notified = stamp (base, 22, "UTC");
  g_autofree char *compliant = stamp (base, 62, "+01:00");
  g_autofree char *compliant_utc = stamp (base, 62, "UTC");
  g_autofree char *later = stamp (base, 120, "UTC");
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *history;
  JsonObject *change = NULL;

  g_assert_cmpint (RUN (&out, NULL, "facility", "set-level", "NHV-ECT", "2",
                        "--reason", "Threat to cruise ships", "--changed-at", changed,
                        "--notified-at", notified, "--compliant-at", compliant),
                   ==, 0);
  g_assert_nonnull (strstr (out, "security level 2 (was 1)"));

  object = show_json (f, ref, &root);
  g_assert_cmpint (json_object_get_int_member (object, "security_level"), ==, 2);
  history = json_object_get_array_member (object, "level_history");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  for (guint i = 0; i < 2; i++)
    if (json_object_get_int_member (json_array_get_object_element (history, i), "level") == 2)
      change = json_array_get_object_element (history, i);
  g_assert_nonnull (change);
  g_assert_cmpint (json_object_get_int_member (change, "from_level"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (change, "reason"), ==, "Threat to cruise ships");
  g_assert_cmpstr (json_object_get_string_member (change, "changed_at"), ==, changed);
  g_assert_cmpstr (json_object_get_string_member (change, "notified_at"), ==, notified);
  g_assert_cmpstr (json_object_get_string_member (change, "compliant_at"), ==, compliant_utc);

  /* Back down; the text view shows the history. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "facility", "set-level", ref, "1", "--reason", "Threat over",
                        "--changed-at", later), ==, 0);
  g_assert_nonnull (strstr (out, "security level 1 (was 2)"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "facility", "show", ref), ==, 0);
  g_assert_nonnull (strstr (out, "Threat to cruise ships"));
  g_assert_nonnull (strstr (out, "Threat over"));
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char * const verbs[] = { "list", "show", "add", "edit", "archive", "set-level", NULL };

  psems_test_check_cli_help (f->db, "facility", verbs);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/facility/add-show-list", test_add_show_list);
  ADD ("/cli/facility/add-json-and-level", test_add_json_and_level);
  ADD ("/cli/facility/pfso", test_pfso);
  ADD ("/cli/facility/bad-input", test_bad_input);
  ADD ("/cli/facility/usage-errors", test_usage_errors);
  ADD ("/cli/facility/edit", test_edit);
  ADD ("/cli/facility/archive", test_archive);
  ADD ("/cli/facility/set-level", test_set_level);
  ADD ("/cli/facility/help", test_help);
#undef ADD
  return g_test_run ();
}
