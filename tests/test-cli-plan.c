/* test-cli-plan.c — psems-cli plan: workflow, supersession, coverage, bad input, no writes. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *db;
  char *facility;       /* the facility's reference */
} Fixture;

#define RUN(out, err, ...) psems_test_run_cli (out, err, "--db", f->db, __VA_ARGS__, NULL)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;

  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "plan.db", NULL);
  g_assert_cmpint (RUN (NULL, NULL, "db", "init"), ==, 0);
  g_assert_cmpint (RUN (&out, NULL, "facility", "add", "--code", "NHV-ECT",
                        "--name", "Eastern Container Terminal", "--kind", "container-terminal",
                        "--un-locode", "NLNHV", "--imo-number", "NLNHV-0001"),
                   ==, 0);
  f->facility = psems_test_first_word (out);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->facility);
}

static gint64
count_audit (Fixture *f)
{
  return psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail");
}

static char *
new_version (Fixture *f)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = RUN (&out, &err, "plan", "new-version", "NHV-ECT");

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "PLN-"));
  g_assert_nonnull (strstr (out, "created"));
  return psems_test_first_word (out);
}

static JsonNode *
show_json (Fixture    *f,
           const char *plan)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = RUN (&out, &err, "plan", "show", plan, "--format", "json");

  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  return psems_test_parse_json (out);
}

/* One member (key, title, …) of each of the plan's elements, of the required ones only if asked. */
static GPtrArray *
element_values (Fixture    *f,
                const char *plan,
                const char *member,
                gboolean    required_only)
{
  g_autoptr(JsonNode) root = show_json (f, plan);
  JsonArray *elements = json_object_get_array_member (json_node_get_object (root), "elements");
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (elements); i++)
    {
      JsonObject *element = json_array_get_object_element (elements, i);

      if (!required_only || json_object_get_boolean_member (element, "required"))
        g_ptr_array_add (keys, g_strdup (json_object_get_string_member (element, member)));
    }
  return keys;
}

static GPtrArray *
element_keys (Fixture    *f,
              const char *plan,
              gboolean    required_only)
{
  return element_values (f, plan, "key", required_only);
}

static void
complete_all (Fixture    *f,
              const char *plan)
{
  g_autoptr(GPtrArray) keys = element_keys (f, plan, TRUE);

  for (guint i = 0; i < keys->len; i++)
    {
      g_autofree char *err = NULL;
      int status = RUN (NULL, &err, "plan", "edit-element", plan, g_ptr_array_index (keys, i),
                        "--level", "1", "--text", "Measures at level 1.", "--status", "complete");

      g_test_message ("%s", err);
      g_assert_cmpint (status, ==, 0);
    }
}

static JsonObject *
find_plan (JsonArray  *plans,
           const char *ref)
{
  for (guint i = 0; i < json_array_get_length (plans); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (plans, i),
                                                    "ref"), ref))
      return json_array_get_object_element (plans, i);
  g_assert_not_reached ();
}

static void
test_new_version_list_show (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *plan = new_version (f);
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *elements;
  gint64 audit;

  g_assert_cmpint (RUN (&out, NULL, "plan", "list"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "ref"));
  g_assert_nonnull (strstr (out, plan));
  g_assert_nonnull (strstr (out, "draft"));
  g_assert_nonnull (strstr (out, "gaps"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "plan", "list", "--facility", f->facility, "--format", "json"),
                   ==, 0);
  list = psems_test_parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "facility"), ==, "NHV-ECT");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "draft");
  /* A first plan from the ISPS A/16.3 template: every element missing, every required one a gap. */
  g_assert_cmpint (json_object_get_int_member (object, "required"), >=, 15);
  g_assert_cmpint (json_object_get_int_member (object, "complete"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "gaps"),
                   ==, json_object_get_int_member (object, "required"));

  g_assert_cmpint (RUN (&csv, NULL, "plan", "list", "--format", "csv"), ==, 0);
  g_assert_true (g_str_has_prefix (csv,
                                   "ref,facility,version,status,approved_on,next_review_due,"));

  root = show_json (f, plan);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, plan);
  elements = json_object_get_array_member (object, "elements");
  g_assert_cmpuint (json_array_get_length (elements),
                    >=, json_object_get_int_member (object, "required"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "missing")),
                    ==, json_object_get_int_member (object, "gaps"));
  object = json_array_get_object_element (elements, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "missing");
  g_assert_false (json_object_get_boolean_member (object, "level1"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "reference"),
                                   "ISPS A/16.3"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "plan", "show", plan), ==, 0);
  g_assert_nonnull (strstr (out, "Elements"));
  g_assert_nonnull (strstr (out, "level1"));
  g_assert_nonnull (strstr (out, "ISPS A/16.3"));

  /* One version in the works at a time. */
  audit = count_audit (f);
  g_assert_cmpint (RUN (NULL, &err, "plan", "new-version", "NHV-ECT"), ==, 1);
  g_assert_nonnull (strstr (err, plan));
  g_assert_nonnull (strstr (err, "still draft"));
  g_assert_cmpint (count_audit (f), ==, audit);

  /* Plans of an unknown facility: exit 1. */
  g_assert_cmpint (RUN (NULL, NULL, "plan", "list", "--facility", "NHV-NONE"), ==, 1);
}

static void
test_edit_element (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *plan = new_version (f);
  g_autoptr(GPtrArray) keys = element_keys (f, plan, FALSE);
  const char *key = g_ptr_array_index (keys, 0);
  g_autofree char *file = g_build_filename (f->dir, "level2.txt", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  JsonObject *object;

  g_assert_cmpint (RUN (&out, NULL, "plan", "edit-element", plan, key, "--level", "1",
                        "--text", "Fences and gates; ID checked at the gate."), ==, 0);
  g_assert_true (g_str_has_prefix (out, plan));
  g_assert_nonnull (strstr (out, key));

  /* From a file, the trailing line end dropped. */
  g_file_set_contents (file, "Patrols every hour.\nVehicles searched.\n", -1, NULL);
  g_assert_cmpint (RUN (NULL, NULL, "plan", "edit-element", plan, key, "--level", "2",
                        "--text-file", file), ==, 0);

  /* From standard input. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              g_getenv ("PSEMS_CLI"), "--db", f->db,
                              "plan", "edit-element", plan, key,
                              "--level", "3", "--text-file", "-", "--status", "complete", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "Operations suspended.\n", NULL, &stdout_text, NULL,
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "plan", "show", plan, "--element", key, "--format", "json"),
                   ==, 0);
  root = psems_test_parse_json (out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "plan"), ==, plan);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "complete");
  g_assert_cmpstr (json_object_get_string_member (object, "text_level1"),
                   ==, "Fences and gates; ID checked at the gate.");
  g_assert_cmpstr (json_object_get_string_member (object, "text_level2"),
                   ==, "Patrols every hour.\nVehicles searched.");
  g_assert_cmpstr (json_object_get_string_member (object, "text_level3"),
                   ==, "Operations suspended.");
  g_assert_true (json_object_get_boolean_member (object, "level3"));

  /* Status alone; JSON prints the element. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "plan", "edit-element", plan, key, "--status", "draft",
                        "--format", "json"),
                   ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = psems_test_parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"),
                   ==, "draft");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "plan", "show", plan, "--element", key), ==, 0);
  g_assert_nonnull (strstr (out, "Patrols every hour."));
}

/* draft → submitted → approved; a new version approved supersedes it. */
static void
test_workflow (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *first = new_version (f);
  g_autofree char *second = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  JsonObject *object;
  int status;

  complete_all (f, first);
  g_assert_cmpint (RUN (&out, NULL, "plan", "submit", first, "--on", "2026-01-10"), ==, 0);
  g_assert_nonnull (strstr (out, "submitted on 2026-01-10"));

  /* Sent back, then submitted again. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "plan", "return", first, "--reason", "Section 3 unclear"),
                   ==, 0);
  g_assert_nonnull (strstr (out, "draft"));
  g_assert_cmpint (RUN (NULL, NULL, "plan", "submit", first, "--on", "2026-01-20"), ==, 0);

  g_clear_pointer (&out, g_free);
  status = RUN (&out, &err, "plan", "approve", first,
                "--authority", "Nordhaven Port Security Authority",
                "--approval-ref", "NPSA-2026-001",
                "--on", "2026-02-01", "--next-review", "2027-02-01");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, first));
  g_assert_cmpstr (out + strlen (first), ==, " approved on 2026-02-01\n");

  root = show_json (f, first);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "approved");
  g_assert_cmpstr (json_object_get_string_member (object, "approved_by"),
                   ==, "Nordhaven Port Security Authority");
  g_assert_cmpstr (json_object_get_string_member (object, "approval_ref"), ==, "NPSA-2026-001");
  g_assert_cmpstr (json_object_get_string_member (object, "next_review_due"), ==, "2027-02-01");
  g_assert_cmpint (json_object_get_int_member (object, "gaps"), ==, 0);

  /* Version 2 copies version 1's elements. */
  second = new_version (f);
  g_clear_pointer (&root, json_node_unref);
  root = show_json (f, second);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "gaps"), ==, 0);
  keys = element_keys (f, second, TRUE);
  g_assert_cmpint (RUN (NULL, NULL, "plan", "edit-element", second, g_ptr_array_index (keys, 0),
                        "--level", "2", "--text", "Revised."), ==, 0);
  g_assert_cmpint (RUN (NULL, NULL, "plan", "submit", second, "--on", "2026-06-01"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "plan", "approve", second, "--authority", "NPSA",
                        "--approval-ref", "NPSA-2",
                        "--on", "2026-06-15", "--format", "json"), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = psems_test_parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"),
                   ==, "approved");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "plan", "list", "--format", "json"), ==, 0);
  list = psems_test_parse_json (out);
  object = find_plan (json_node_get_array (list), first);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "superseded");
  object = find_plan (json_node_get_array (list), second);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "approved");
}

static void
test_supersede_line (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *first = new_version (f);
  g_autofree char *second = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;

  complete_all (f, first);
  g_assert_cmpint (RUN (NULL, NULL, "plan", "submit", first), ==, 0);
  g_assert_cmpint (RUN (NULL, NULL, "plan", "approve", first, "--authority", "NPSA",
                        "--approval-ref", "1"), ==, 0);
  second = new_version (f);
  g_assert_cmpint (RUN (NULL, NULL, "plan", "submit", second), ==, 0);
  g_assert_cmpint (RUN (&out, NULL, "plan", "approve", second, "--authority", "NPSA",
                        "--approval-ref", "2"), ==, 0);
  expected = g_strdup_printf ("; %s superseded\n", first);
  g_assert_true (g_str_has_prefix (out, second));
  g_assert_true (g_str_has_suffix (out, expected));
}

/* The bad input of issue 5: exit 1 naming what is wrong, nothing written. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *draft = new_version (f);
  g_autoptr(GPtrArray) keys = element_keys (f, draft, TRUE);
  g_autoptr(GPtrArray) titles = element_values (f, draft, "title", TRUE);
  const char *key = g_ptr_array_index (keys, 0);
  const char *missing = g_ptr_array_index (titles, titles->len - 1);
  g_autofree char *approved = NULL;
  g_autofree char *err = NULL;
  gint64 audit;

  /* A second facility, without plans. */
  g_assert_cmpint (RUN (NULL, NULL, "facility", "add", "--code", "NHV-FT", "--name",
                        "Ferry terminal",
                        "--kind", "ferry-terminal"), ==, 0);

  /* Elements of a draft: an unknown key; complete without any measure. */
  audit = count_audit (f);
  g_assert_cmpint (RUN (NULL, &err, "plan", "edit-element", draft, "no-such-element", "--status",
                        "draft"), ==, 1);
  g_assert_nonnull (strstr (err, "no-such-element"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "plan", "edit-element", draft, key, "--status", "complete"),
                   ==, 1);
  g_assert_nonnull (strstr (err, "status"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (count_audit (f), ==, audit);

  /* A missing required element: submitting is allowed, approving is refused naming it. */
  g_assert_cmpint (RUN (NULL, NULL, "plan", "submit", draft), ==, 0);
  audit = count_audit (f);
  g_assert_cmpint (RUN (NULL, &err, "plan", "approve", draft, "--authority", "NPSA",
                        "--approval-ref", "1"), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, missing));
  g_assert_cmpint (count_audit (f), ==, audit);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "plan", "approve", draft, "--authority", " ", "--approval-ref",
                        "1"), ==, 1);
  g_assert_nonnull (strstr (err, "approved_by"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "plan", "approve", draft, "--authority", "NPSA",
                        "--approval-ref", "1",
                        "--on", "2030-03-01", "--next-review", "2030-02-01"), ==, 1);
  g_assert_nonnull (strstr (err, "next_review_due"));
  g_assert_cmpint (count_audit (f), ==, audit);

  /* Editing a submitted version. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "plan", "edit-element", draft, key, "--status", "draft"),
                   ==, 1);
  g_test_message ("%s", err);
  g_assert_cmpint (count_audit (f), ==, audit);

  g_assert_cmpint (RUN (NULL, NULL, "plan", "return", draft, "--reason", "Gaps"), ==, 0);
  complete_all (f, draft);
  g_assert_cmpint (RUN (NULL, NULL, "plan", "submit", draft), ==, 0);
  g_assert_cmpint (RUN (NULL, NULL, "plan", "approve", draft, "--authority", "NPSA",
                        "--approval-ref", "1"), ==, 0);
  approved = g_strdup (draft);
  audit = count_audit (f);

  {
    const struct
    {
      const char *args[10];
      const char *says;
    } cases[] = {
      /* editing an approved version */
      { { "plan", "edit-element", approved, key, "--level", "1", "--text", "Changed" }, approved },
      { { "plan", "edit-element", approved, key, "--status", "draft" }, approved },
      /* a level outside 1–3 */
      { { "plan", "edit-element", approved, key, "--level", "4", "--text", "X" }, "level" },
      { { "plan", "edit-element", approved, key, "--level", "0", "--text", "X" }, "level" },
      /* illegal transitions */
      { { "plan", "submit", approved }, approved },
      { { "plan", "approve", approved, "--authority", "A", "--approval-ref", "R" }, approved },
      { { "plan", "return", approved, "--reason", "R" }, approved },
      /* unknown references */
      { { "plan", "show", "PLN-2001-0099" }, "PLN-2001-0099" },
      { { "plan", "show", "NHV-ECT" }, "NHV-ECT" },
      { { "plan", "new-version", "NHV-NONE" }, "NHV-NONE" },
      { { "plan", "new-version", "NHV-FT", "--template", "no-such-template" }, "no-such-template" },
      { { "plan", "new-version", "NHV-ECT", "--template", "isps-a16.3" }, "template" },
      { { "plan", "show", approved, "--element", "no-such-element" }, "no-such-element" },
      { { "plan", "edit-element", approved, key, "--level", "1", "--text-file",
          "/nonexistent/file" },
        "/nonexistent/file" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const char * const *a = cases[i].args;
        g_autofree char *out = NULL;
        g_autofree char *message = NULL;
        int status = RUN (&out, &message, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
                          a[9]);

        g_test_message ("case %u: %s", i, message);
        g_assert_cmpint (status, ==, 1);
        g_assert_cmpstr (out, ==, "");
        g_assert_nonnull (strstr (message, cases[i].says));
        g_assert_cmpint (count_audit (f), ==, audit);
      }
  }
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *plan = new_version (f);
  const PsemsTestCliCase cases[] = {
    { { "plan", "edit-element", plan, "gates" }, "nothing to change" },
    { { "plan", "edit-element", plan }, "which element" },
    { { "plan", "edit-element" }, "which plan" },
    { { "plan", "edit-element", plan, "gates", "--level", "1" }, "--text" },
    { { "plan", "edit-element", plan, "gates", "--text", "X" }, "--level" },
    { { "plan", "edit-element", plan, "gates", "--level", "1", "--text", "X", "--text-file", "-" },
      "--text-file" },
    { { "plan", "edit-element", plan, "gates", "--level", "one", "--text", "X" }, "--level" },
    { { "plan", "edit-element", plan, "gates", "--status", "done" }, "--status" },
    { { "plan", "edit-element", plan, "gates", "extra", "--status", "draft" }, "extra" },
    { { "plan", "submit", plan, "--on", "2025-02-30" }, "--on" },
    { { "plan", "submit", plan, "--on", "2025-13-01" }, "--on" },
    { { "plan", "submit", plan, "--on", "1.2.2025" }, "--on" },
    { { "plan", "submit" }, "which plan" },
    { { "plan", "approve", plan, "--approval-ref", "R" }, "--authority" },
    { { "plan", "approve", plan, "--authority", "A" }, "--approval-ref" },
    { { "plan", "approve", plan, "--authority", "A", "--approval-ref", "R", "--next-review",
        "2027-02-29" },
      "--next-review" },
    { { "plan", "return", plan }, "--reason" },
    { { "plan", "new-version" }, "which facility" },
    { { "plan", "new-version", "NHV-ECT", "--bogus" }, "bogus" },
    { { "plan", "show" }, "which plan" },
    { { "plan", "list", "extra" }, "extra" },
    { { "plan", "list", "--format", "yaml" }, "yaml" },
    { { "plan", "explode" }, "explode" },
  };
  psems_test_check_cli_usage_errors (f->db, cases, G_N_ELEMENTS (cases));
}

/* The demo port: three facilities, each with an approved plan. */
static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *plans;
  guint n_approved = 0;

  psems_test_remove_dir (f->dir);
  g_mkdir_with_parents (f->dir, 0700);
  g_assert_cmpint (RUN (NULL, NULL, "db", "demo", "--persons", "20"), ==, 0);
  g_assert_cmpint (RUN (&out, NULL, "plan", "list", "--format", "json"), ==, 0);
  list = psems_test_parse_json (out);
  plans = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (plans); i++)
    {
      JsonObject *plan = json_array_get_object_element (plans, i);
      g_autoptr(JsonNode) root = NULL;
      JsonArray *elements;

      if (!g_str_equal (json_object_get_string_member (plan, "status"), "approved"))
        continue;
      n_approved++;
      root = show_json (f, json_object_get_string_member (plan, "ref"));
      elements = json_object_get_array_member (json_node_get_object (root), "elements");
      g_assert_cmpuint (json_array_get_length (elements), >, 0);
    }
  g_assert_cmpuint (n_approved, ==, 3);
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char * const verbs[] = { "list", "show", "new-version", "edit-element", "submit", "return",
                                 "approve", NULL };

  psems_test_check_cli_help (f->db, "plan", verbs);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/plan/new-version-list-show", test_new_version_list_show);
  ADD ("/cli/plan/edit-element", test_edit_element);
  ADD ("/cli/plan/workflow", test_workflow);
  ADD ("/cli/plan/supersede-line", test_supersede_line);
  ADD ("/cli/plan/bad-input", test_bad_input);
  ADD ("/cli/plan/usage-errors", test_usage_errors);
  ADD ("/cli/plan/demo", test_demo);
  ADD ("/cli/plan/help", test_help);
#undef ADD
  return g_test_run ();
}
