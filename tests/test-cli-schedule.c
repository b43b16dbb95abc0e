/* test-cli-schedule.c — psems-cli schedule: the demo's overdue list, add, done, edit, show, iCalendar, refusals and usage errors. */
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

/* The demo's day: every test that uses the demo asks about a fixed day. */
#define DEMO_DAY "2026-03-15"

/* An iCalendar text without its DTSTAMP lines (the time it was written, different in every run). */
static char *
without_dtstamp (const char *ics)
{
  g_auto(GStrv) lines = g_strsplit (ics, "\r\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "DTSTAMP:"))
      g_string_append_printf (out, "%s\r\n", lines[i]);
  return g_string_free (out, FALSE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "schedule.db", NULL);
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

static void
add_facility (Fixture *f)
{
  g_autofree char *err = NULL;
  int status = RUN (NULL, &err, "facility", "add", "--code", "ECT", "--name", "Eastern Container Terminal",
                    "--kind", "container-terminal");

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
}

/* Adds an item and returns its reference. */
static char *
add_item (Fixture    *f,
          const char *first,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PSEMS_CLI");
  int wait_status;
  va_list ap;

  g_ptr_array_add (args, (gpointer) cli);
  g_ptr_array_add (args, "--db");
  g_ptr_array_add (args, f->db);
  g_ptr_array_add (args, "schedule");
  g_ptr_array_add (args, "add");
  g_ptr_array_add (args, "--facility");
  g_ptr_array_add (args, "ECT");
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_spawn_sync (NULL, (char **) args->pdata, NULL, 0, NULL, NULL, &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  g_assert_true (g_str_has_prefix (out, "SCH-"));
  g_assert_nonnull (strstr (out, "created"));
  return psems_test_first_word (out);
}

static JsonArray *
list_json (Fixture    *f,
           JsonNode  **root,
           const char *a1,
           const char *a2,
           const char *a3,
           const char *a4)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = RUN (&out, &err, "schedule", "list", "--format", "json", a1, a2, a3, a4);

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  *root = psems_test_parse_json (out);
  return json_node_get_array (*root);
}

/* The acceptance: nothing overdue on 1 January 2000, something on the demo's day. */
static void
test_demo_overdue (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) early = NULL;
  g_autoptr(JsonNode) on_day = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  JsonArray *items;

  g_assert_cmpint (RUN (NULL, NULL, "db", "demo", "--persons", "20", "--as-of", DEMO_DAY), ==, 0);

  items = list_json (f, &early, "--overdue", "--as-of", "2000-01-01", NULL);
  g_assert_cmpuint (json_array_get_length (items), ==, 0);
  g_assert_cmpint (RUN (&text, &err, "schedule", "list", "--overdue", "--as-of", "2000-01-01"), ==, 0);
  g_assert_null (strstr (text, "SCH-"));

  items = list_json (f, &on_day, "--overdue", "--as-of", DEMO_DAY, NULL);
  g_assert_cmpuint (json_array_get_length (items), >=, 2);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "overdue");
      g_assert_cmpstr (json_object_get_string_member (item, "as_of"), ==, DEMO_DAY);
      g_assert_cmpstr (json_object_get_string_member (item, "due"), <, DEMO_DAY);
      g_assert_nonnull (strstr (json_object_get_string_member (item, "explanation"), "Overdue since"));
    }
  /* The demo's rules are the regime files' rules. */
  {
    g_autoptr(JsonNode) all = NULL;
    JsonArray *every = list_json (f, &all, "--as-of", DEMO_DAY, NULL, NULL);
    guint with_citation = 0;

    g_assert_cmpuint (json_array_get_length (every), ==, 24);
    for (guint i = 0; i < json_array_get_length (every); i++)
      {
        JsonObject *item = json_array_get_object_element (every, i);

        if (!json_object_get_null_member (item, "rule"))
          {
            g_assert_false (json_object_get_null_member (item, "citation"));
            with_citation++;
          }
      }
    g_assert_cmpuint (with_citation, ==, 12);
  }
}

static void
test_add_done_show (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *ref = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sheet = g_build_filename (f->dir, "drill-sheet.csv", NULL);
  JsonObject *record;
  JsonArray *completions, *violations;

  add_facility (f);
  ref = add_item (f, "--kind", "drill", "--title", "Quarterly security drill", "--rule", "isps-b18.5",
                  "--anchor", "2025-01-02", "--assignee", "PFSO", NULL);

  g_assert_true (g_file_set_contents (sheet, "name,role\nPFSO,lead\n", -1, NULL));
  g_assert_cmpint (RUN (&out, &err, "schedule", "done", ref, "--on", "2025-04-29", "--duration", "90",
                        "--description", "Intruder on the quay", "--participants", "PFSO, 4 guards",
                        "--lessons", "Radio check first", "--evidence", sheet), ==, 0);
  g_assert_true (g_str_has_prefix (out, "CMP-"));
  g_assert_nonnull (strstr (out, ref));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (&out, &err, "schedule", "show", ref, "--as-of", "2025-06-30", "--format", "json"),
                   ==, 0);
  root = psems_test_parse_json (out);
  record = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (record, "state"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (record, "due"), ==, "2025-07-29");
  g_assert_cmpstr (json_object_get_string_member (record, "last_done"), ==, "2025-04-29");
  g_assert_cmpstr (json_object_get_string_member (record, "citation"), ==, "ISPS Code B/18.5");
  g_assert_false (json_object_get_boolean_member (record, "compliant"));
  completions = json_object_get_array_member (record, "completions");
  g_assert_cmpuint (json_array_get_length (completions), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (completions, 0), "due_on"),
                   ==, "2025-04-02");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (completions, 0),
                                               "duration_minutes"), ==, 90);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (completions, 0),
                                                                         "evidence")), ==, 1);
  violations = json_object_get_array_member (record, "violations");
  g_assert_cmpuint (json_array_get_length (violations), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (violations, 0),
                                                           "explanation"), "27 days late"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* As of before the drill: overdue, and the completion not yet in the history. */
  g_assert_cmpint (RUN (&out, &err, "schedule", "show", ref, "--as-of", "2025-04-10"), ==, 0);
  g_assert_nonnull (strstr (out, "overdue"));
  g_assert_nonnull (strstr (out, "Overdue since 3 April 2025"));
  g_assert_null (strstr (out, "CMP-"));
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *ref = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *record;

  add_facility (f);
  ref = add_item (f, "--kind", "training", "--title", "Awareness training", "--every", "6",
                  "--anchor", "2025-01-31", NULL);
  g_assert_cmpint (RUN (&out, &err, "schedule", "edit", ref, "--every", "3", "--assignee", "Training officer",
                        "--format", "json"), ==, 0);
  root = psems_test_parse_json (out);
  record = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (record, "interval_months"), ==, 3);
  g_assert_true (json_object_get_null_member (record, "rule"));
  g_assert_cmpstr (json_object_get_string_member (record, "assignee"), ==, "Training officer");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&root, json_node_unref);

  /* Onto a regime rule: the clock comes from it. */
  g_assert_cmpint (RUN (&out, &err, "schedule", "edit", ref, "--kind", "drill", "--rule",
                        "33cfr-105.220-drills", "--format", "json"), ==, 0);
  root = psems_test_parse_json (out);
  record = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (record, "rule"), ==, "33cfr-105.220-drills");
  g_assert_true (json_object_get_null_member (record, "interval_months"));
  g_assert_cmpstr (json_object_get_string_member (record, "citation"), ==, "33 CFR 105.220");
}

/* Refused writes exit 1, name what and where, and write nothing. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *ref = NULL;
  g_autofree char *tomorrow = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next = g_date_time_add_days (now, 1);
  gint64 audit;

  add_facility (f);
  ref = add_item (f, "--kind", "drill", "--title", "Drill", "--rule", "isps-b18.5", "--anchor", "2025-01-02",
                  NULL);
  tomorrow = g_date_time_format (next, "%Y-%m-%d");
  audit = psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail");

  {
    g_autofree char *err = NULL;

    g_assert_cmpint (RUN (NULL, &err, "schedule", "done", ref, "--on", tomorrow), ==, 1);
    g_assert_nonnull (strstr (err, tomorrow));
    g_assert_nonnull (strstr (err, "future"));
  }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (RUN (NULL, &err, "schedule", "add", "--facility", "ECT", "--kind", "drill", "--title", "D",
                          "--rule", "isps-b99"), ==, 1);
    g_assert_nonnull (strstr (err, "rule"));
    g_assert_nonnull (strstr (err, "isps-b99"));
  }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (RUN (NULL, &err, "schedule", "add", "--facility", "NOPE", "--kind", "drill", "--title",
                          "D"), ==, 1);
    g_assert_nonnull (strstr (err, "NOPE"));
  }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (RUN (NULL, &err, "schedule", "show", "SCH-2020-0099"), ==, 1);
    g_assert_nonnull (strstr (err, "SCH-2020-0099"));
  }
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail"), ==, audit);
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM completion"), ==, 0);
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM schedule_item"), ==, 1);
}

static void
test_formats (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *ref = NULL;
  g_autofree char *hand = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *file = g_build_filename (f->dir, "schedule.ics", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *uid = NULL;

  add_facility (f);
  ref = add_item (f, "--kind", "drill", "--title", "Drill", "--rule", "isps-b18.5", "--anchor", "2025-01-02",
                  NULL);
  hand = add_item (f, "--kind", "training", "--title", "Training", "--every", "6", "--anchor", "2025-01-31",
                   NULL);

  g_assert_cmpint (RUN (&out, &err, "schedule", "list", "--as-of", "2025-03-01", "--format", "csv"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "ref,facility,kind,title,state,due,last_done,assignee"));
  g_assert_nonnull (strstr (out, ref));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (&out, &err, "schedule", "list", "--as-of", "2025-03-01", "--format", "ics"), ==, 0);
  uid = g_strdup_printf ("UID:%s@psems\r\n", ref);
  g_assert_true (g_str_has_prefix (out, "BEGIN:VCALENDAR\r\n"));
  g_assert_nonnull (strstr (out, uid));
  g_assert_nonnull (strstr (out, "DTSTART;VALUE=DATE:20250402\r\n"));
  g_assert_nonnull (strstr (out, "RRULE:FREQ=MONTHLY;INTERVAL=6\r\n"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "schedule", "list", "--as-of", "2025-03-01", "--format", "ics",
                        "--output", file), ==, 0);
  g_assert_true (g_file_get_contents (file, &saved, NULL, NULL));
  {
    g_autofree char *saved_body = without_dtstamp (saved);
    g_autofree char *out_body = without_dtstamp (out);

    g_assert_cmpstr (saved_body, ==, out_body);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (&out, &err, "schedule", "list", "--kind", "training", "--due-within", "200",
                        "--as-of", "2025-03-01"), ==, 0);
  g_assert_nonnull (strstr (out, hand));
  g_assert_null (strstr (out, ref));
}

static const PsemsTestCliCase usage_cases[] = {
  { { "schedule", "list", "--format", "xml" }, "xml" },
  { { "schedule", "list", "--output", "x.ics" }, "--format ics" },
  { { "schedule", "list", "--due-within", "soon" }, "--due-within" },
  { { "schedule", "list", "--as-of", "2025-02-30" }, "--as-of" },
  { { "schedule", "list", "--kind", "party" }, "party" },
  { { "schedule", "add", "--kind", "drill", "--title", "D" }, "--facility" },
  { { "schedule", "add", "--facility", "ECT", "--title", "D" }, "--kind" },
  { { "schedule", "add", "--facility=ECT", "--kind=drill", "--title=D", "--rule=isps-b18.5", "--every=3" },
    "not both" },
  { { "schedule", "done", "SCH-2025-0001" }, "--on" },
  { { "schedule", "show" }, "SCH-YYYY-NNNN" },
};

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  static const char * const verbs[] = { "list", "show", "add", "edit", "done", NULL };

  psems_test_check_cli_help (f->db, "schedule", verbs);
  psems_test_check_cli_usage_errors (f->db, usage_cases, G_N_ELEMENTS (usage_cases));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-schedule/demo-overdue", test_demo_overdue);
  ADD ("/cli-schedule/add-done-show", test_add_done_show);
  ADD ("/cli-schedule/edit", test_edit);
  ADD ("/cli-schedule/refused", test_refused);
  ADD ("/cli-schedule/formats", test_formats);
  ADD ("/cli-schedule/usage", test_usage);
#undef ADD

  return g_test_run ();
}
