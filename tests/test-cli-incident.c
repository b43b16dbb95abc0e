/* test-cli-incident.c — psems-cli incident: each verb on the demo database, the clocks in JSON, the lesson → action → plan loop, bad input (exit 1) and usage errors (exit 2), nothing written on a refusal. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *db;
  char *failed;    /* two controls of NHV-CT */
  char *worked;
  char *plan;      /* a plan version of NHV-CT */
} Fixture;

#define RUN(out, err, ...) psems_test_run_cli (out, err, "--db", f->db, __VA_ARGS__, NULL)

/* The references of the first two rows of a JSON list that pass @facility. */
static void
first_refs (Fixture    *f,
            const char *noun,
            char      **first,
            char      **second)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;
  int found = 0;

  g_assert_cmpint (RUN (&out, NULL, "--format", "json", noun, "list", "--facility", "NHV-CT"), ==, 0);
  root = psems_test_parse_json (out);
  rows = json_node_get_array (root);
  for (guint k = 0; k < json_array_get_length (rows) && found < 2; k++)
    {
      const char *ref = json_object_get_string_member (json_array_get_object_element (rows, k), "ref");

      if (found == 0)
        *first = g_strdup (ref);
      else if (second != NULL)
        *second = g_strdup (ref);
      found++;
    }
  g_assert_cmpint (found, >=, second != NULL ? 2 : 1);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *err = NULL;

  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "incident.db", NULL);
  g_assert_cmpint (RUN (NULL, &err, "db", "demo", "--persons", "20"), ==, 0);
  first_refs (f, "control", &f->failed, &f->worked);
  first_refs (f, "plan", &f->plan, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->failed);
  g_free (f->worked);
  g_free (f->plan);
}

static gint64
count_audit (Fixture *f)
{
  return psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail");
}

/* Adds a significant, cyber-reportable incident aware at 26 Nov 2025 08:20 in Amsterdam; its reference. */
static char *
add_incident (Fixture *f)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *evidence = g_build_filename (f->dir, "statement.txt", NULL);
  int status;

  g_assert_true (g_file_set_contents (evidence, "Crane driver's statement\n", -1, NULL));
  status = RUN (&out, &err, "incident", "add", "--facility", "NHV-CT", "--kind", "see-say-act", "--title",
                "Drone over the reefer stack", "--occurred-at", "2025-11-26T08:00", "--aware-at",
                "2025-11-26T08:20", "--time-zone", "Europe/Amsterdam", "--level", "2", "--reported-by",
                "Crane driver", "--significant", "--cyber-reportable", "--failed", f->failed, "--worked",
                f->worked, "--evidence", evidence);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_suffix (out, " created\n"));
  return psems_test_first_word (out);
}

static JsonObject *
show_json (Fixture    *f,
           const char *ref,
           const char *as_of,
           JsonNode  **root)
{
  g_autofree char *out = NULL;
  int status;

  if (as_of != NULL)
    status = RUN (&out, NULL, "--format", "json", "incident", "show", ref, "--as-of", as_of);
  else
    status = RUN (&out, NULL, "--format", "json", "incident", "show", ref);
  g_assert_cmpint (status, ==, 0);
  *root = psems_test_parse_json (out);
  return json_node_get_object (*root);
}

static const char *
clock_member (JsonObject *incident,
              guint       k,
              const char *member)
{
  JsonArray *clocks = json_object_get_array_member (incident, "clocks");

  return json_object_get_string_member (json_array_get_object_element (clocks, k), member);
}

static void
test_add_show_report (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *ref = add_incident (f);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) later = NULL;
  JsonObject *o;
  JsonArray *controls;

  o = show_json (f, ref, "2025-11-26T12:00", &root);
  g_assert_cmpstr (json_object_get_string_member (o, "aware_at"), ==, "2025-11-26T07:20:00Z");
  g_assert_cmpstr (json_object_get_string_member (o, "aware"), ==, "26 Nov 2025 08:20 CET");
  g_assert_cmpint (json_object_get_int_member (o, "security_level"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "evidence_files"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "clocks")), ==, 4);
  g_assert_cmpstr (clock_member (o, 0, "report"), ==, "early-warning");
  g_assert_cmpstr (clock_member (o, 0, "state"), ==, "due");
  g_assert_cmpstr (clock_member (o, 0, "due_at"), ==, "2025-11-27T07:20:00Z");
  g_assert_cmpstr (clock_member (o, 0, "explanation"), ==,
                   "Early warning due by 27 Nov 2025 08:20 CET (within 24 h of awareness, NIS2 Art. 23(4)(a)) — "
                   "20 h 20 min left");
  g_assert_cmpstr (clock_member (o, 2, "state"), ==, "not-due");
  g_assert_cmpstr (clock_member (o, 3, "report"), ==, "nrc");
  g_assert_cmpstr (clock_member (o, 3, "due"), ==, "without delay");
  g_assert_cmpstr (clock_member (o, 3, "state"), ==, "overdue");
  controls = json_object_get_array_member (o, "controls");
  g_assert_cmpuint (json_array_get_length (controls), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (controls, 0), "outcome"), ==,
                   "failed");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (controls, 0), "ref"), ==,
                   f->failed);

  /* Sent late: the early warning 29 hours after awareness. */
  g_assert_cmpint (RUN (&out, &err, "incident", "report-sent", ref, "--what", "early-warning", "--at",
                        "2025-11-27T13:20"), ==, 0);
  g_assert_nonnull (strstr (out, "late by 5 h"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "incident", "report-sent", ref, "--what", "notification", "--at",
                        "2025-11-28T10:00:00Z"), ==, 0);
  g_assert_nonnull (strstr (out, "on time"));
  o = show_json (f, ref, "2025-12-29T00:00Z", &later);
  g_assert_cmpstr (clock_member (o, 0, "state"), ==, "sent-late");
  g_assert_cmpstr (clock_member (o, 1, "state"), ==, "sent-on-time");
  g_assert_cmpstr (clock_member (o, 2, "state"), ==, "overdue");
  g_assert_cmpstr (clock_member (o, 2, "due_at"), ==, "2025-12-28T10:00:00Z");

  /* Text shows the clocks and their sentences. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "incident", "show", ref, "--as-of", "2025-12-29T00:00Z"), ==, 0);
  g_assert_nonnull (strstr (out, "Reporting clocks"));
  g_assert_nonnull (strstr (out, "Final report due by 28 Dec 2025 11:00 CET"));
  g_assert_nonnull (strstr (out, "Controls that failed or worked"));
}

static void
test_data_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *ref = add_incident (f);
  const char *cases[][14] = {
    { "incident", "add", "--facility", "NHV-CT", "--kind", "other", "--title", "T", "--occurred-at",
      "2025-11-26T08:00", "--aware-at", "2025-11-26T07:59", NULL },
    { "incident", "add", "--facility", "NHV-CT", "--kind", "other", "--title", "T", "--occurred-at",
      "2099-11-26T08:00", "--aware-at", "2099-11-26T09:00", NULL },
    { "incident", "add", "--facility", "NHV-XX", "--kind", "other", "--title", "T", "--occurred-at",
      "2025-11-26T08:00", "--aware-at", "2025-11-26T09:00", NULL },
    { "incident", "add", "--facility", "NHV-CT", "--kind", "other", "--title", "T", "--occurred-at",
      "2025-11-26T08:00", "--aware-at", "2025-11-26T09:00", "--time-zone", "Atlantis/Capital" },
    { "incident", "report-sent", ref, "--what", "early-warning", "--at", "2025-11-26T08:00", NULL },
    { "incident", "report-sent", ref, "--what", "notification", "--at", "2099-01-01T00:00Z", NULL },
    { "incident", "report-sent", ref, "--what", "final-report", NULL },
    { "incident", "report-sent", ref, "--what", "nrc", "--at", "2025-11-26T08:00", NULL },
    { "incident", "show", "INC-2000-0099", NULL },
    { "incident", "lesson", ref, "--text", "T", "--due", "2020-01-01", NULL },
    { "incident", "lesson", ref, "--text", "T", "--amends", "PLN-2000-0001:access", NULL },
    { "incident", "lesson", "INC-2000-0099", "--text", "T", NULL },
    { "incident", "edit", ref, "--failed", "CTL-2000-0001", NULL },
  };
  const char *says[] = {
    "aware_at", "occurred_at", "NHV-XX", "time_zone", "early_warning_sent_at", "notification_sent_at",
    "final_report_sent_at", "nrc_reported_at", "INC-2000-0099", "due_on", "PLN-2000-0001",
    "INC-2000-0099", "CTL-2000-0001",
  };
  gint64 audit = count_audit (f);

  G_STATIC_ASSERT (G_N_ELEMENTS (cases) == G_N_ELEMENTS (says));
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const char * const *a = cases[k];
      g_autofree char *err = NULL;
      int status = psems_test_run_cli (NULL, &err, "--db", f->db, a[0], a[1], a[2], a[3], a[4], a[5], a[6],
                                       a[7], a[8], a[9], a[10], a[11], a[12], a[13], NULL);

      g_test_message ("case %u: %s", k, err);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, says[k]));
      g_assert_cmpint (count_audit (f), ==, audit);
    }
}

static void
test_lesson_loop (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *ref = add_incident (f);
  g_autofree char *amends = g_strdup_printf ("%s:unauthorized-access", f->plan);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *lesson = NULL;
  g_autofree char *finding = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *o;
  JsonArray *lessons;
  JsonObject *l;
  gint64 findings = psems_test_count_path (f->db, "SELECT count(*) FROM finding");

  g_assert_cmpint (RUN (&out, &err, "--format", "json", "incident", "lesson", ref, "--text",
                        "Add drone detection to the night patrol round", "--amends", amends, "--owner",
                        "Security manager", "--due", "2099-12-31"), ==, 0);
  root = psems_test_parse_json (out);
  o = json_node_get_object (root);
  lesson = g_strdup (json_object_get_string_member (o, "ref"));
  finding = g_strdup (json_object_get_string_member (o, "action"));
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (o, "action_status"), ==, "open");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "amends"), amends));
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM finding"), ==, findings + 1);

  /* Not implemented while its finding is open. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "incident", "lesson-done", lesson), ==, 1);
  g_assert_nonnull (strstr (err, finding));
  g_assert_cmpint (RUN (NULL, NULL, "incident", "lesson-start", lesson), ==, 0);
  g_assert_cmpint (RUN (NULL, NULL, "finding", "close", finding, "--corrective-action", "Done"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "incident", "lesson-done", lesson), ==, 0);
  g_assert_nonnull (strstr (out, " implemented on "));

  /* The loop in show: incident → lesson → action → plan element. */
  o = show_json (f, ref, NULL, &shown);
  lessons = json_object_get_array_member (o, "lessons");
  g_assert_cmpuint (json_array_get_length (lessons), ==, 1);
  l = json_array_get_object_element (lessons, 0);
  g_assert_cmpstr (json_object_get_string_member (l, "ref"), ==, lesson);
  g_assert_cmpstr (json_object_get_string_member (l, "status"), ==, "implemented");
  g_assert_cmpstr (json_object_get_string_member (l, "action"), ==, finding);
  g_assert_cmpstr (json_object_get_string_member (l, "action_status"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (l, "owner"), ==, "Security manager");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (l, "amends"), amends));
  g_assert_cmpint (json_object_get_int_member (o, "open_lessons"), ==, 0);
}

/* A drill's lesson: CMP-… instead of INC-…; its finding's source is the drill. */
static void
test_drill_lesson (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *completion = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) lesson = NULL;
  g_autoptr(JsonNode) finding = NULL;
  JsonArray *rows;
  const char *action;

  g_assert_cmpint (RUN (&out, NULL, "--format", "json", "finding", "list", "--facility", "NHV-CT", "--source",
                        "drill"), ==, 0);
  root = psems_test_parse_json (out);
  rows = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  completion = g_strdup (json_object_get_string_member (json_array_get_object_element (rows, 0), "completion"));
  g_assert_nonnull (completion);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, &err, "--format", "json", "incident", "lesson", completion, "--text",
                        "Patrol radios need spare batteries", "--severity", "minor"), ==, 0);
  lesson = psems_test_parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (lesson), "completion"), ==, completion);
  action = json_object_get_string_member (json_node_get_object (lesson), "action");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--format", "json", "finding", "show", action), ==, 0);
  finding = psems_test_parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (finding), "source"), ==, "drill");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (finding), "severity"), ==, "minor");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (finding), "completion"), ==, completion);
}

static void
test_list_edit_close (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *ref = add_incident (f);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonArray *rows;
  JsonObject *o;
  gboolean seen = FALSE;

  g_assert_cmpint (RUN (&out, NULL, "--format", "json", "incident", "list", "--open-clocks", "--as-of",
                        "2025-11-26T12:00Z"), ==, 0);
  root = psems_test_parse_json (out);
  rows = json_node_get_array (root);
  for (guint k = 0; k < json_array_get_length (rows); k++)
    {
      JsonObject *row = json_array_get_object_element (rows, k);

      g_assert_cmpint (json_object_get_int_member (row, "open_clocks"), >, 0);
      seen |= g_str_equal (json_object_get_string_member (row, "ref"), ref);
    }
  g_assert_true (seen);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--format", "csv", "incident", "list", "--kind", "see-say-act", "--from",
                        "2025-11-26", "--to", "2025-11-26"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "ref,facility,occurred,kind,title,status,reports,open_lessons\r\n"));
  g_assert_nonnull (strstr (out, ref));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "incident", "edit", ref, "--not-significant", "--failed", "",
                        "--response", "Police informed"), ==, 0);
  g_assert_nonnull (strstr (out, "significant"));
  o = show_json (f, ref, NULL, &after);
  g_assert_false (json_object_get_boolean_member (o, "significant"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "clocks")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "controls")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "response"), ==, "Police informed");

  g_assert_cmpint (RUN (NULL, NULL, "incident", "close", ref, "--on", "2025-11-27"), ==, 0);
  g_assert_cmpint (RUN (NULL, NULL, "incident", "close", ref), ==, 1);
  g_assert_cmpint (RUN (NULL, NULL, "incident", "reopen", ref), ==, 0);
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  static const PsemsTestCliCase cases[] = {
    { { "incident", "list", "--kind", "alien" }, "--kind" },
    { { "incident", "list", "--from", "yesterday" }, "--from" },
    { { "incident", "list", "extra" }, "extra" },
    { { "incident", "show" }, "which incident" },
    { { "incident", "show", "INC-2025-0001", "--as-of", "soon" }, "--as-of" },
    { { "incident", "add", "--kind", "other" }, "--facility" },
    { { "incident", "add", "--facility", "NHV-CT", "--title", "T" }, "--kind" },
    { { "incident", "add", "--facility", "NHV-CT", "--kind", "other", "--title", "T", "--occurred-at",
        "2025-01-01T00:00" }, "--aware-at" },
    { { "incident", "add", "--facility", "NHV-CT", "--kind", "other", "--title", "T", "--occurred-at",
        "noon" }, "--occurred-at" },
    { { "incident", "add", "--facility", "NHV-CT", "--kind", "other", "--level", "4" }, "--level" },
    { { "incident", "edit", "INC-2025-0001" }, "nothing to change" },
    { { "incident", "edit", "INC-2025-0001", "--significant", "--not-significant" }, "contradict" },
    { { "incident", "report-sent", "INC-2025-0001" }, "--what" },
    { { "incident", "report-sent", "INC-2025-0001", "--what", "fax" }, "fax" },
    { { "incident", "lesson", "INC-2025-0001" }, "--text" },
    { { "incident", "lesson", "INC-2025-0001", "--text", "T", "--severity", "huge" }, "--severity" },
    { { "incident", "lesson-done" }, "which lesson" },
    { { "incident", "lesson-done", "LSN-2025-0001", "--on", "2025-02-30" }, "--on" },
    { { "incident", "frobnicate" }, "frobnicate" },
  };
  static const char * const verbs[] = {
    "list", "show", "add", "edit", "report-sent", "close", "reopen", "lesson", "lesson-start", "lesson-done", NULL
  };

  psems_test_check_cli_usage_errors (f->db, cases, G_N_ELEMENTS (cases));
  psems_test_check_cli_help (f->db, "incident", verbs);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli-incident/add-show-report", Fixture, NULL, fixture_set_up, test_add_show_report,
              fixture_tear_down);
  g_test_add ("/cli-incident/data-errors", Fixture, NULL, fixture_set_up, test_data_errors, fixture_tear_down);
  g_test_add ("/cli-incident/lesson-loop", Fixture, NULL, fixture_set_up, test_lesson_loop, fixture_tear_down);
  g_test_add ("/cli-incident/drill-lesson", Fixture, NULL, fixture_set_up, test_drill_lesson, fixture_tear_down);
  g_test_add ("/cli-incident/list-edit-close", Fixture, NULL, fixture_set_up, test_list_edit_close,
              fixture_tear_down);
  g_test_add ("/cli-incident/usage-errors", Fixture, NULL, fixture_set_up, test_usage_errors, fixture_tear_down);
  return g_test_run ();
}
