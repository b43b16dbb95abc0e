/* test-cli-assessment.c — psems-cli assessment and bank: each verb, JSON, refusals with exit codes, nothing written. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-test-util.h"

static char *user_data_dir;

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
  f->db = g_build_filename (f->dir, "gap.db", NULL);
  g_assert_cmpint (RUN (NULL, NULL, "db", "init"), ==, 0);
  g_assert_cmpint (RUN (NULL, NULL, "facility", "add", "--code", "ECT", "--name", "Eastern Container Terminal",
                        "--kind", "container-terminal"), ==, 0);
  g_assert_cmpint (RUN (NULL, NULL, "facility", "add", "--code", "WCT", "--name", "Western Terminal",
                        "--kind", "container-terminal"), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static char *
start (Fixture    *f,
       const char *facility,
       const char *on)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = RUN (&out, &err, "assessment", "new", "--facility", facility, "--bank", "isps-pfsp", "--on", on);

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "GAP-"));
  g_assert_nonnull (strstr (out, "started: isps-pfsp version 2026.1, 33 questions"));
  return psems_test_first_word (out);
}

static void
answer (Fixture    *f,
        const char *ref,
        const char *code,
        const char *value)
{
  g_autofree char *err = NULL;
  int status = RUN (NULL, &err, "assessment", "answer", ref, code, value);

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
}

static JsonNode *
run_json (Fixture    *f,
          const char *verb,
          const char *arg1,
          const char *arg2)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = arg2 != NULL ? RUN (&out, &err, "--format", "json", "assessment", verb, arg1, arg2)
                            : RUN (&out, &err, "--format", "json", "assessment", verb, arg1);

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  return psems_test_parse_json (out);
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  static const char * const verbs[] = { "list", "show", "new", "answer", "raise-finding", "score", "compare",
                                        "complete", NULL };
  static const char * const bank_verbs[] = { "list", "show", NULL };

  psems_test_check_cli_help (f->db, "assessment", verbs);
  psems_test_check_cli_help (f->db, "bank", bank_verbs);
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *ref = start (f, "ECT", "2026-01-05");
  const PsemsTestCliCase cases[] = {
    { { "assessment", "new", "--bank", "isps-pfsp" }, "--facility is required" },
    { { "assessment", "new", "--facility", "ECT" }, "--bank is required" },
    { { "assessment", "new", "--facility", "ECT", "--bank", "isps-pfsp", "--on", "2026-13-01" }, "--on" },
    { { "assessment", "show" }, "which assessment?" },
    { { "assessment", "answer", ref }, "which question?" },
    { { "assessment", "answer", ref, "A16.1" }, "which answer?" },
    { { "assessment", "answer", ref, "A16.1", "compliant", "extra" }, "unexpected argument" },
    { { "assessment", "answer", ref, "A16.1", "partial", "--severity", "major" }, "--raise-finding" },
    { { "assessment", "answer", ref, "A16.1", "partial", "--raise-finding", "--due", "soon" }, "--due" },
    { { "assessment", "compare", ref }, "compare with which assessment?" },
    { { "assessment", "complete", ref, "--on", "yesterday" }, "--on" },
    { { "assessment", "score", ref, "--format", "xml" }, "unknown format" },
    { { "assessment", "frobnicate" }, "frobnicate" },
    { { "bank", "show" }, "which bank?" },
  };

  psems_test_check_cli_usage_errors (f->db, cases, G_N_ELEMENTS (cases));
}

static void
test_workflow (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *ref = start (f, "ECT", "2026-01-05");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *evidence = g_build_filename (f->dir, "badge-log.txt", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) scores = NULL;
  g_autoptr(JsonNode) show = NULL;
  g_autoptr(JsonNode) done = NULL;
  JsonObject *object;
  JsonArray *answers;
  gint64 audit;

  list = run_json (f, "list", "--facility", "ECT");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, ref);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "in-progress");
  g_assert_true (json_object_get_null_member (object, "score"));

  answer (f, ref, "A16.1", "compliant");
  answer (f, ref, "a16.2", "NOT-APPLICABLE");
  g_assert_true (g_file_set_contents (evidence, "Badge log, January\n", -1, NULL));
  g_assert_cmpint (RUN (&out, &err, "assessment", "answer", ref, "A16.3.2", "partial", "--notes",
                        "Visitor badges not checked at gate 3", "--evidence", evidence, "--raise-finding",
                        "--owner", "Gate supervisor"), ==, 0);
  g_assert_nonnull (strstr (out, "FND-"));
  g_assert_nonnull (strstr (out, "raised"));
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM finding WHERE source = 'gap'"
                                          " AND severity = 'minor' AND requirement_ref = 'ISPS A/16.3.2'"
                                          " AND owner = 'Gate supervisor'"), ==, 1);
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM answer_evidence"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A question not in the bank: exit 1, named with the bank, nothing written. */
  audit = psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail");
  g_assert_cmpint (RUN (&out, &err, "assessment", "answer", ref, "Z99", "compliant"), ==, 1);
  g_assert_nonnull (strstr (err, "“Z99”"));
  g_assert_nonnull (strstr (err, "isps-pfsp"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "assessment", "answer", ref, "A16.1", "mostly"), ==, 1);
  g_assert_nonnull (strstr (err, "“mostly”"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "assessment", "raise-finding", ref, "A16.1"), ==, 1);
  g_assert_nonnull (strstr (err, "only a partial or non-compliant answer"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "assessment", "raise-finding", ref, "A16.3.2"), ==, 1);
  g_assert_nonnull (strstr (err, "already raised"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "assessment", "complete", ref), ==, 1);
  g_assert_nonnull (strstr (err, "30 questions are not answered"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "assessment", "show", "GAP-2099-0001"), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "assessment", "show", ref, "--area", "nowhere"), ==, 1);
  g_assert_nonnull (strstr (err, "PFSO duties"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "assessment", "new", "--facility", "ECT", "--bank", "no-such"), ==, 1);
  g_assert_nonnull (strstr (err, "no-such"));
  g_assert_cmpint (psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail"), ==, audit);

  /* Scores: (1 + 0.5) / 2 over the plan area; the not-applicable answer is left out. */
  scores = run_json (f, "score", ref, NULL);
  object = json_array_get_object_element (json_node_get_array (scores), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "area"), ==, "Overall");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "score"), 75.0, 1e-9);
  g_assert_cmpint (json_object_get_int_member (object, "unanswered"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (object, "not_applicable"), ==, 1);

  /* show --area: only that area's questions. */
  {
    g_autofree char *sout = NULL;

    g_assert_cmpint (RUN (&sout, NULL, "--format", "json", "assessment", "show", ref, "--area", "a/17"), ==, 0);
    show = psems_test_parse_json (sout);
  }
  answers = json_object_get_array_member (json_node_get_object (show), "answers");
  g_assert_cmpuint (json_array_get_length (answers), ==, 13);
  for (guint i = 0; i < json_array_get_length (answers); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (answers, i), "area"), ==,
                     "PFSO duties (A/17.2)");

  /* Everything answered, then complete. */
  {
    g_autoptr(JsonNode) full = run_json (f, "show", ref, NULL);
    JsonArray *all = json_object_get_array_member (json_node_get_object (full), "answers");

    for (guint i = 0; i < json_array_get_length (all); i++)
      {
        JsonObject *a = json_array_get_object_element (all, i);

        if (json_object_get_null_member (a, "value"))
          answer (f, ref, json_object_get_string_member (a, "code"), "compliant");
      }
  }
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--format", "json", "assessment", "complete", ref, "--on", "2026-01-20"), ==, 0);
  done = psems_test_parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (done), "status"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (done), "answered"), ==, 33);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "assessment", "answer", ref, "A16.1", "partial"), ==, 1);
  g_assert_nonnull (strstr (err, "final"));
}

static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *earlier = start (f, "ECT", "2025-01-05");
  g_autofree char *later = start (f, "ECT", "2026-01-05");
  g_autofree char *elsewhere = start (f, "WCT", "2026-01-05");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *c;
  JsonArray *questions, *areas;

  answer (f, earlier, "A16.1", "partial");
  answer (f, earlier, "A16.2", "compliant");
  answer (f, earlier, "A16.3.1", "non-compliant");
  answer (f, later, "A16.1", "compliant");
  answer (f, later, "A16.2", "non-compliant");
  answer (f, later, "A16.3.1", "non-compliant");

  root = run_json (f, "compare", earlier, later);
  c = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (c, "before"), ==, earlier);
  g_assert_cmpint (json_object_get_int_member (c, "improved"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (c, "regressed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (c, "unchanged"), ==, 31);   /* one, and 30 unanswered twice */
  questions = json_object_get_array_member (c, "questions");
  g_assert_cmpuint (json_array_get_length (questions), ==, 33);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (questions, 0), "verdict"), ==,
                   "improved");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (questions, 1), "verdict"), ==,
                   "regressed");
  areas = json_object_get_array_member (c, "areas");
  /* Overall 1.5/3 = 50 → 1/3 = 33.3. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (areas, 0), "before"),
                                  50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (areas, 0), "delta"),
                                  -16.7, 1e-9);

  g_assert_cmpint (RUN (&out, NULL, "assessment", "compare", earlier, later), ==, 0);
  g_assert_nonnull (strstr (out, "improved"));
  g_assert_nonnull (strstr (out, "Questions"));
  g_assert_cmpint (RUN (NULL, &err, "assessment", "compare", earlier, elsewhere), ==, 1);
  g_assert_nonnull (strstr (err, "different facilities"));
}

static void
test_bank (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *banks = g_build_filename (user_data_dir, "psems", "banks", NULL);
  g_autofree char *broken = g_build_filename (banks, "broken.json", NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (RUN (&out, &err, "bank", "list"), ==, 0);
  g_assert_cmpstr (err, ==, "");
  for (const char * const *code = (const char *[]) { "isps-pfsp", "port-records", "drills-training", "cyber-fal",
                                                      "nis2-art21", NULL }; *code != NULL; code++)
    g_assert_nonnull (strstr (out, *code));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (&out, NULL, "--format", "json", "bank", "show", "isps-pfsp"), ==, 0);
  root = psems_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "questions")),
                    ==, 33);
  g_assert_cmpint (RUN (NULL, &err, "bank", "show", "nope"), ==, 1);
  g_assert_nonnull (strstr (err, "“nope”"));
  g_clear_pointer (&err, g_free);

  /* A file that does not parse: named with its line, the others still listed, exit 1. */
  g_assert_cmpint (g_mkdir_with_parents (banks, 0700), ==, 0);
  g_assert_true (g_file_set_contents (broken, "{\n  \"code\": \"broken\",\n  \"version\": \"1\" \"title\": \"x\"\n}\n", -1, NULL));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, &err, "bank", "list"), ==, 1);
  g_assert_nonnull (strstr (err, "broken.json:3:"));
  g_assert_nonnull (strstr (out, "isps-pfsp"));
  /* … and an assessment from a good bank still starts. */
  g_free (start (f, "ECT", "2026-01-05"));
  g_remove (broken);
  g_rmdir (banks);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *psems = NULL;
  int status;

  /* psems-cli inherits this: the user's banks come from here, never from the real home. */
  user_data_dir = g_dir_make_tmp ("psems-test-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", user_data_dir, TRUE);
  g_unsetenv ("PSEMS_DATADIR");

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-assessment/help", test_help);
  ADD ("/cli-assessment/usage-errors", test_usage_errors);
  ADD ("/cli-assessment/workflow", test_workflow);
  ADD ("/cli-assessment/compare", test_compare);
  ADD ("/cli-assessment/bank", test_bank);
#undef ADD

  status = g_test_run ();
  psems = g_build_filename (user_data_dir, "psems", NULL);
  g_rmdir (psems);
  g_rmdir (user_data_dir);
  g_free (user_data_dir);
  return status;
}
