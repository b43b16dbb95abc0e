/* test-cli-finding.c — psems-cli finding: each verb on the demo database, the workflow with and
 * without users, bad input (exit 1) and usage errors (exit 2), nothing written on a refusal. */
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
set_up (Fixture  *f,
        gboolean  with_users)
{
  g_autofree char *err = NULL;
  int status;

  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "finding.db", NULL);
  if (with_users)
    status = RUN (NULL, &err, "db", "demo", "--persons", "20", "--with-users");
  else
    status = RUN (NULL, &err, "db", "demo", "--persons", "20");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  set_up (f, data != NULL);
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
count (Fixture    *f,
       const char *sql)
{
  return psems_test_count_path (f->db, sql);
}

static gint64
count_audit (Fixture *f)
{
  return count (f, "SELECT count(*) FROM audit_trail");
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static char *
tomorrow (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, 1);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Runs psems-cli with --format json, which must succeed, and parses what it printed. */
#define JSON(root, ...) json_of (f, root, __VA_ARGS__, NULL)

static JsonNode *
json_of (Fixture    *f,
         JsonNode  **root,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *a[24] = { NULL };
  va_list args;
  int status;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_assert_cmpuint (argv->len, <=, G_N_ELEMENTS (a));
  for (guint i = 0; i < argv->len; i++)
    a[i] = g_ptr_array_index (argv, i);

  status = psems_test_run_cli (&out, &err, "--db", f->db, "--format", "json", a[0], a[1], a[2],
                               a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12],
                               a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21],
                               a[22], a[23], NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (root, json_node_unref);
  *root = psems_test_parse_json (out);
  return *root;
}

static JsonArray *
array_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
member (JsonObject *object,
        const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_string_member_with_default (object, name, NULL);
}

/* A failing command: exit 1, its message naming @says, nothing written. */
#define REFUSED(says, ...) refused (f, says, __VA_ARGS__, NULL)

static void
refused (Fixture    *f,
         const char *says,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  const char *a[16] = { NULL };
  gint64 audit = count_audit (f);
  va_list args;
  int status;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_assert_cmpuint (argv->len, <=, G_N_ELEMENTS (a));
  for (guint i = 0; i < argv->len; i++)
    a[i] = g_ptr_array_index (argv, i);

  status = psems_test_run_cli (NULL, &err, "--db", f->db, a[0], a[1], a[2], a[3], a[4], a[5], a[6],
                               a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, says));
  g_assert_cmpint (count_audit (f), ==, audit);
}

/* Raises a manual finding at NHV-CT and answers its reference. */
static char *
add_finding (Fixture    *f,
             const char *user,
             const char *control)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (control != NULL)
    status = psems_test_run_cli (&out, &err, "--db", f->db, "--user", user, "finding", "add", "--facility",
                                 "NHV-CT", "--title", "Camera 14 blind spot", "--severity", "minor",
                                 "--source", "manual", "--control", control, NULL);
  else
    status = psems_test_run_cli (&out, &err, "--db", f->db, "--user", user, "finding", "add", "--facility",
                                 "NHV-CT", "--title", "Camera 14 blind spot", "--severity", "minor",
                                 "--source", "manual", NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_suffix (out, " created\n"));
  return psems_test_first_word (out);
}

/* ───────────────────────────── list and show ───────────────────────────── */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  JsonArray *rows;
  guint n_all;

  rows = array_of (JSON (&root, "finding", "list"));
  n_all = json_array_get_length (rows);
  g_assert_cmpint (n_all, ==, count (f, "SELECT count(*) FROM finding WHERE deleted_at IS NULL"));
  g_assert_cmpuint (n_all, >, 0);

  rows = array_of (JSON (&root, "finding", "list", "--status", "unresolved"));
  g_assert_cmpint (json_array_get_length (rows), ==,
                   count (f, "SELECT count(*) FROM finding WHERE status IN ('open', 'in-progress')"));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      const char *status = member (json_array_get_object_element (rows, i), "status");
      g_assert_true (g_str_equal (status, "open") || g_str_equal (status, "in-progress"));
    }

  rows = array_of (JSON (&root, "finding", "list", "--overdue"));
  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (rows, i), "overdue"));

  rows = array_of (JSON (&root, "finding", "list", "--facility", "NHV-CRU", "--severity", "major"));
  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_assert_cmpstr (member (row, "facility"), ==, "NHV-CRU");
      g_assert_cmpstr (member (row, "severity"), ==, "major");
    }

  /* Nothing is overdue before anything was due. */
  rows = array_of (JSON (&root, "finding", "list", "--overdue", "--as-of", "2000-01-01"));
  g_assert_cmpuint (json_array_get_length (rows), ==, 0);

  g_assert_cmpint (RUN (&out, NULL, "finding", "list", "--source", "audit"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "ref"));
  g_assert_nonnull (strstr (out, "overdue"));
}

static void
test_show (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *first, *record;

  first = json_array_get_object_element (array_of (JSON (&root, "finding", "list")), 0);
  record = object_of (JSON (&shown, "finding", "show", member (first, "ref")));
  g_assert_cmpstr (member (record, "ref"), ==, member (first, "ref"));
  g_assert_cmpstr (member (record, "title"), ==, member (first, "title"));
  g_assert_nonnull (member (record, "raised_on"));
  g_assert_true (json_object_has_member (record, "self_verified"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (record, "evidence")));

  g_assert_cmpint (RUN (&out, NULL, "finding", "show", member (first, "ref")), ==, 0);
  g_assert_nonnull (strstr (out, "corrective_action"));
  g_assert_nonnull (strstr (out, "Evidence"));

  g_assert_cmpint (RUN (NULL, &err, "finding", "show", "FND-1999-0001"), ==, 1);
  g_assert_nonnull (strstr (err, "FND-1999-0001"));
}

/* ───────────────────────────── writes ───────────────────────────── */

static void
test_add_edit (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) controls = NULL;
  g_autofree char *evidence = g_build_filename (f->dir, "photo.txt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  const char *control;
  JsonObject *record;

  g_assert_true (g_file_set_contents (evidence, "camera 14 view", -1, NULL));
  control = member (json_array_get_object_element (array_of (JSON (&controls, "control", "list", "--facility",
                                                                    "NHV-CT")), 0), "ref");

  record = object_of (JSON (&root, "--user", "Kari Nord", "finding", "add", "--facility", "NHV-CT", "--title",
                            "Camera 14 blind spot", "--severity", "major", "--source", "manual", "--control",
                            control, "--requirement", "ISPS A/16.3.10", "--owner", "Security manager",
                            "--due", "2099-01-31", "--evidence", evidence));
  ref = g_strdup (member (record, "ref"));
  g_assert_true (g_str_has_prefix (ref, "FND-"));
  g_assert_cmpstr (member (record, "status"), ==, "open");
  g_assert_cmpstr (member (record, "raised_by"), ==, "Kari Nord");
  g_assert_cmpstr (member (record, "control"), ==, control);
  g_assert_cmpstr (member (record, "requirement"), ==, "ISPS A/16.3.10");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (record, "evidence")), ==, 1);

  record = object_of (JSON (&root, "finding", "edit", ref, "--root-cause", "Camera moved in 2024", "--control",
                            "", "--severity", "minor"));
  g_assert_cmpstr (member (record, "root_cause"), ==, "Camera moved in 2024");
  g_assert_null (member (record, "control"));
  g_assert_cmpstr (member (record, "severity"), ==, "minor");

  g_assert_cmpint (RUN (&out, NULL, "finding", "edit", ref, "--owner", ""), ==, 0);
  line = g_strdup_printf ("%s updated: owner\n", ref);
  g_assert_cmpstr (out, ==, line);
}

static void
test_workflow_single_user (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *ref = add_finding (f, "Kari Nord", NULL);
  g_autofree char *day = today ();
  g_autofree char *expected = NULL;
  JsonObject *record;

  g_assert_cmpint (count (f, "SELECT count(*) FROM app_user"), ==, 0);
  g_assert_cmpint (RUN (&out, NULL, "finding", "start", ref), ==, 0);
  expected = g_strdup_printf ("%s in progress\n", ref);
  g_assert_cmpstr (out, ==, expected);

  REFUSED ("corrective_action", "finding", "close", ref);
  record = object_of (JSON (&root, "--user", "Kari Nord", "finding", "close", ref, "--corrective-action",
                            "Camera moved to the mast"));
  g_assert_cmpstr (member (record, "status"), ==, "closed");
  g_assert_cmpstr (member (record, "closed_on"), ==, day);
  g_assert_cmpstr (member (record, "closed_by"), ==, "Kari Nord");

  /* A lone PFSO verifies their own closure, and the record says so. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--user", "Kari Nord", "finding", "verify", ref), ==, 0);
  g_assert_nonnull (strstr (out, "single-user mode"));
  record = object_of (JSON (&root, "finding", "show", ref));
  g_assert_cmpstr (member (record, "status"), ==, "verified");
  g_assert_cmpstr (member (record, "verified_by"), ==, "Kari Nord");
  g_assert_true (json_object_get_boolean_member (record, "self_verified"));

  REFUSED ("final", "finding", "reopen", ref);
  REFUSED ("status", "finding", "edit", ref, "--title", "Changed");
}

static void
test_workflow_with_users (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *ref = add_finding (f, "pfso", NULL);
  JsonObject *record;

  g_assert_cmpint (count (f, "SELECT count(*) FROM app_user"), >, 1);
  record = object_of (JSON (&root, "--user", "pfso", "finding", "close", ref, "--corrective-action", "Fixed"));
  g_assert_cmpstr (member (record, "closed_by"), ==, "pfso");

  REFUSED ("pfso closed this finding", "--user", "pfso", "finding", "verify", ref);
  REFUSED ("pfso closed this finding", "--user", "PFSO", "finding", "verify", ref);

  /* Reopened and closed again, then verified by another user. */
  record = object_of (JSON (&root, "--user", "pfso", "finding", "reopen", ref));
  g_assert_cmpstr (member (record, "status"), ==, "open");
  g_assert_null (member (record, "closed_by"));
  JSON (&root, "--user", "pfso", "finding", "close", ref);
  record = object_of (JSON (&root, "--user", "auditor", "finding", "verify", ref));
  g_assert_cmpstr (member (record, "status"), ==, "verified");
  g_assert_cmpstr (member (record, "verified_by"), ==, "auditor");
  g_assert_false (json_object_get_boolean_member (record, "self_verified"));

  /* Every step is in the trail, under who took it, and the chain holds. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail WHERE entity = 'finding' AND action IN"
                             " ('create', 'close', 'reopen', 'verify')"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail WHERE action = 'verify'"
                             " AND user_name = 'auditor'"), ==, 1);
  g_assert_cmpint (RUN (NULL, NULL, "db", "verify"), ==, 0);
}

static void
test_control_degraded (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) controls = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *control = NULL;
  JsonArray *rows;
  JsonObject *shown;
  gint64 before;

  /* A control degraded by nothing yet. */
  rows = array_of (JSON (&controls, "control", "list", "--facility", "NHV-CT"));
  for (guint i = 0; i < json_array_get_length (rows) && control == NULL; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (!json_object_get_boolean_member (row, "degraded") && g_str_equal (member (row, "status"), "implemented"))
        control = g_strdup (member (row, "ref"));
    }
  g_assert_nonnull (control);

  shown = object_of (JSON (&root, "control", "show", control));
  before = json_object_get_int_member (shown, "open_findings");
  ref = add_finding (f, "Kari Nord", control);
  shown = object_of (JSON (&root, "control", "show", control));
  g_assert_true (json_object_get_boolean_member (shown, "degraded"));
  g_assert_cmpint (json_object_get_int_member (shown, "open_findings"), ==, before + 1);

  JSON (&root, "finding", "close", ref, "--corrective-action", "Camera moved");
  shown = object_of (JSON (&root, "control", "show", control));
  g_assert_false (json_object_get_boolean_member (shown, "degraded"));
  g_assert_cmpint (json_object_get_int_member (shown, "open_findings"), ==, before);

  rows = array_of (JSON (&root, "finding", "list", "--control", control, "--status", "closed"));
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
}

/* ───────────────────────────── refusals ───────────────────────────── */

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *ref = add_finding (f, "Kari Nord", NULL);
  g_autofree char *future = tomorrow ();
  const char *completion = NULL;
  JsonArray *rows;

  /* A completion of the demo: the audit a finding came from. */
  rows = array_of (JSON (&root, "finding", "list", "--source", "audit"));
  for (guint i = 0; i < json_array_get_length (rows) && completion == NULL; i++)
    completion = member (json_array_get_object_element (rows, i), "completion");
  g_assert_nonnull (completion);

  REFUSED ("raised_on", "finding", "add", "--facility", "NHV-CT", "--title", "X", "--severity", "minor",
           "--source", "manual", "--raised-on", future);
  REFUSED ("completion_id", "finding", "add", "--facility", "NHV-CT", "--title", "X", "--severity", "minor",
           "--source", "manual", "--completion", completion);
  REFUSED ("--control", "finding", "add", "--facility", "NHV-CT", "--title", "X", "--severity", "minor",
           "--source", "manual", "--control", "CTL-1999-0001");
  REFUSED ("NOWHERE", "finding", "add", "--facility", "NOWHERE", "--title", "X", "--severity", "minor",
           "--source", "manual");
  REFUSED ("due_on", "finding", "add", "--facility", "NHV-CT", "--title", "X", "--severity", "minor",
           "--source", "manual", "--raised-on", "2026-01-10", "--due", "2026-01-09");
  REFUSED ("missing.pdf", "finding", "add", "--facility", "NHV-CT", "--title", "X", "--severity", "minor",
           "--source", "manual", "--evidence", "/nonexistent/missing.pdf");
  REFUSED ("status", "finding", "verify", ref);
  REFUSED ("status", "finding", "reopen", ref);
  REFUSED ("closed_on", "finding", "close", ref, "--corrective-action", "Fixed", "--on", future);
  REFUSED ("closed_on", "finding", "close", ref, "--corrective-action", "Fixed", "--on", "2000-01-01");
  REFUSED ("FND-1999-0001", "finding", "start", "FND-1999-0001");
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const PsemsTestCliCase cases[] = {
    { { "finding", "list", "extra" }, "extra" },
    { { "finding", "list", "--status", "pending" }, "pending" },
    { { "finding", "list", "--severity", "critical" }, "critical" },
    { { "finding", "list", "--source", "rumour" }, "rumour" },
    { { "finding", "list", "--as-of", "tomorrow" }, "--as-of" },
    { { "finding", "show" }, "which finding" },
    { { "finding", "show", "FND-2026-0001", "FND-2026-0002" }, "FND-2026-0002" },
    { { "finding", "add", "--title", "X", "--severity", "minor", "--source", "manual" }, "which facility" },
    { { "finding", "add", "--facility", "NHV-CT", "--severity", "minor", "--source", "manual" }, "--title" },
    { { "finding", "add", "--facility", "NHV-CT", "--title", "X", "--source", "manual" }, "--severity" },
    { { "finding", "add", "--facility", "NHV-CT", "--title", "X", "--severity", "minor" }, "--source" },
    { { "finding", "edit", "FND-2026-0001", "--due", "soon" }, "--due" },
    { { "finding", "add", "--facility", "NHV-CT", "--title", "X", "--severity", "minor", "--source",
        "rumour" }, "rumour" },
    { { "finding", "edit", "FND-2026-0001" }, "nothing to change" },
    { { "finding", "edit", "FND-2026-0001", "--facility", "NHV-CRU" }, "--facility" },
    { { "finding", "start" }, "which finding" },
    { { "finding", "close", "FND-2026-0001", "--on", "2026-02-30" }, "--on" },
    { { "finding", "verify" }, "which finding" },
    { { "finding", "start", "FND-2026-0001", "--on", "2026-01-01" }, "--on" },
    { { "finding", "frobnicate" }, "frobnicate" },
  };

  psems_test_check_cli_usage_errors (f->db, cases, G_N_ELEMENTS (cases));
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char * const verbs[] = { "list", "show", "add", "edit", "start", "close", "verify", "reopen", NULL };
  g_autofree char *out = NULL;

  psems_test_check_cli_help (f->db, "finding", verbs);
  g_assert_cmpint (psems_test_run_cli (&out, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "finding"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, users, func) \
  g_test_add (name, Fixture, users, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/finding/list", NULL, test_list);
  ADD ("/cli/finding/show", NULL, test_show);
  ADD ("/cli/finding/add-edit", NULL, test_add_edit);
  ADD ("/cli/finding/workflow-single-user", NULL, test_workflow_single_user);
  ADD ("/cli/finding/workflow-with-users", "users", test_workflow_with_users);
  ADD ("/cli/finding/control-degraded", NULL, test_control_degraded);
  ADD ("/cli/finding/bad-input", NULL, test_bad_input);
  ADD ("/cli/finding/usage-errors", NULL, test_usage_errors);
  ADD ("/cli/finding/help", NULL, test_help);
#undef ADD
  return g_test_run ();
}
