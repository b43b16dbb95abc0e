/* test-cli-control.c — psems-cli layer, control, threat, risk-matrix, pfsa and diagram: each verb on
 * the demo database, bad input and usage errors, nothing written on a refusal. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
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
  g_autofree char *err = NULL;
  int status;

  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "control.db", NULL);
  status = RUN (NULL, &err, "db", "demo", "--persons", "20");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
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
  const char *a[16] = { NULL };
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
                               a[13], a[14], a[15], NULL);
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

static gboolean
strv_node_contains (JsonArray  *array,
                    const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* The reference of the first item of a list whose member @name is @value. */
static char *
find_ref (JsonArray  *array,
          const char *name,
          const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (item, name), value) == 0)
        return g_strdup (json_object_get_string_member (item, "ref"));
    }
  g_assert_not_reached ();
}

/* ─────────────────────────── layers ─────────────────────────── */

static void
test_layer (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ctl = NULL;
  JsonArray *layers;
  gint64 audit;

  layers = array_of (JSON (&root, "layer", "list", "--facility", "NHV-CT"));
  g_assert_cmpuint (json_array_get_length (layers), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *layer = json_array_get_object_element (layers, i);

      g_assert_cmpint (json_object_get_int_member (layer, "position"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (layer, "controls"), >, 0);
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (layers, 0),
                                                  "name"), ==, "Perimeter");

  /* A new facility: set two rings, put a control on one, rename and add around it. */
  g_assert_cmpint (RUN (NULL, NULL, "facility", "add", "--code", "NHV-NEW", "--name", "New quay",
                        "--kind", "general-cargo-terminal"), ==, 0);
  g_assert_cmpint (RUN (&out, &err, "layer", "set", "--facility", "NHV-NEW", "Fence", "Quay"),
                   ==, 0);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (out, "Fence › Quay"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (&out, NULL, "control", "add", "--facility", "NHV-NEW", "--layer", "quay",
                        "--name", "Quay patrol", "--domain", "physical", "--function", "respond"),
                   ==, 0);
  ctl = psems_test_first_word (out);
  g_assert_true (g_str_has_prefix (ctl, "CTL-"));

  g_assert_cmpint (RUN (NULL, &err, "layer", "set", "--facility", "NHV-NEW", "Fence",
                        "Gate", "2=Berth"), ==, 0);
  layers = array_of (JSON (&root, "layer", "list", "--facility", "NHV-NEW"));
  g_assert_cmpuint (json_array_get_length (layers), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (layers, 1),
                                                  "name"), ==, "Gate");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (layers, 2),
                                                  "name"), ==, "Berth");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (layers, 2),
                                               "controls"), ==, 1);
  /* The control followed its layer through the rename. */
  {
    g_autoptr(JsonNode) control = NULL;
    JsonObject *object = object_of (JSON (&control, "control", "show", ctl));

    g_assert_cmpstr (json_object_get_string_member (object, "layer"), ==, "Berth");
    g_assert_cmpint (json_object_get_int_member (object, "layer_position"), ==, 3);
  }

  /* Dropping the layer a control stands on is refused, naming it, and changes nothing. */
  audit = count_audit (f);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "layer", "set", "--facility", "NHV-NEW", "Fence", "Gate"), ==,
                   1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "Berth"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "layer", "set", "--facility", "NHV-NEW", "Berth"), ==, 1);
  g_test_message ("%s", err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "layer", "set", "--facility", "NHV-NEW", "Fence", "9=Moat",
                        "Berth"), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "9"));
  g_assert_cmpint (count_audit (f), ==, audit);
  layers = array_of (JSON (&root, "layer", "list", "--facility", "NHV-NEW"));
  g_assert_cmpuint (json_array_get_length (layers), ==, 3);
}

/* ─────────────────────────── controls ─────────────────────────── */

static void
test_control_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root2 = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  JsonArray *all;
  JsonArray *list;
  guint n_all;
  guint n_degraded = 0;

  all = array_of (JSON (&root, "control", "list", "--facility", "NHV-CT"));
  n_all = json_array_get_length (all);
  g_assert_cmpuint (n_all, ==, 20);
  for (guint i = 0; i < n_all; i++)
    {
      JsonObject *control = json_array_get_object_element (all, i);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (control, "ref"), "CTL-"));
      g_assert_cmpstr (json_object_get_string_member (control, "facility"), ==, "NHV-CT");
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (control, "regulations")));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (control,
                                                                             "regulations")),
                        >, 0);
      /* Outside in. */
      if (i > 0)
        g_assert_cmpint (json_object_get_int_member (control, "layer_position"), >=,
                         json_object_get_int_member (json_array_get_object_element (all, i - 1),
                                                     "layer_position"));
      n_degraded += json_object_get_boolean_member (control, "degraded");
    }

  list = array_of (JSON (&root, "control", "list", "--facility", "NHV-CT", "--layer", "1"));
  g_assert_cmpuint (json_array_get_length (list), ==,
                    count (f, "SELECT count(*) FROM control c JOIN layer l ON l.id = c.layer_id"
                              " JOIN facility f ON f.id = c.facility_id"
                              " WHERE l.position = 1 AND f.code = 'NHV-CT' AND c.deleted_at IS NULL"));
  g_assert_cmpuint (json_array_get_length (list), >, 0);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i),
                                                    "layer"), ==, "Perimeter");
  list = array_of (JSON (&root, "control", "list", "--layer", "perimeter"));
  g_assert_cmpuint (json_array_get_length (list), ==,
                    count (f, "SELECT count(*) FROM control c JOIN layer l ON l.id = c.layer_id"
                              " WHERE l.position = 1 AND c.deleted_at IS NULL"));
  g_assert_cmpuint (json_array_get_length (list), >, json_array_get_length (
                      array_of (JSON (&root2, "control", "list", "--facility", "NHV-CT", "--layer",
                                      "Perimeter"))));
  list = array_of (JSON (&root, "control", "list", "--facility", "NHV-CT", "--domain", "cyber"));
  g_assert_cmpuint (json_array_get_length (list), ==, 5);
  list = array_of (JSON (&root, "control", "list", "--status", "implemented"));
  g_assert_cmpuint (json_array_get_length (list), >, 0);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i),
                                                    "status"), ==, "implemented");
  list = array_of (JSON (&root, "control", "list", "--facility", "NHV-CT", "--degraded"));
  g_assert_cmpuint (json_array_get_length (list), ==, n_degraded);

  /* Far ahead every scheduled test is overdue: every control in service is degraded then. */
  list = array_of (JSON (&root, "control", "list", "--facility", "NHV-CT", "--as-of",
                         "2100-01-01"));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *control = json_array_get_object_element (list, i);
      const char *status = json_object_get_string_member (control, "status");

      g_assert_cmpint (json_object_get_boolean_member (control, "degraded"), ==,
                       !g_str_equal (status, "planned") && !g_str_equal (status, "retired"));
      g_assert_false (json_object_get_boolean_member (control, "effective"));
    }

  g_assert_cmpint (RUN (&text, NULL, "control", "list", "--facility", "NHV-CT"), ==, 0);
  g_assert_true (g_str_has_prefix (text, "ref"));
  g_assert_nonnull (strstr (text, "Perimeter fence with anti-climb topping"));
  g_assert_cmpint (RUN (&csv, NULL, "control", "list", "--format", "csv"), ==, 0);
  g_assert_true (g_str_has_prefix (csv, "ref,facility,layer,name,domain,function,status,"));
}

static void
test_control_add_edit (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *tested = day_from_today (-3);
  g_autofree char *retested = day_from_today (-1);
  g_autofree char *due = day_from_today (27);
  JsonObject *control;
  JsonArray *values;
  gint64 audit = count_audit (f);
  int status;

  status = RUN (&out, &err, "control", "add", "--facility", "NHV-CT", "--layer", "Access control",
                "--name", "Vehicle search at the gate", "--description", "One in ten lorries searched",
                "--domain", "physical", "--function", "detect", "--owner", "Gate supervisor",
                "--status", "implemented", "--effectiveness", "60", "--test-interval", "30",
                "--tested", tested, "--regulation", "ISPS A/16.3.2", "--regulation",
                "33 CFR 105.255", "--plan-element", "unauthorized-access");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "CTL-"));
  g_assert_nonnull (strstr (out, "created"));
  ref = psems_test_first_word (out);
  g_assert_cmpint (count_audit (f), >, audit);

  control = object_of (JSON (&root, "control", "show", ref));
  g_assert_cmpstr (json_object_get_string_member (control, "ref"), ==, ref);
  g_assert_cmpstr (json_object_get_string_member (control, "facility"), ==, "NHV-CT");
  g_assert_cmpstr (json_object_get_string_member (control, "layer"), ==, "Access control");
  g_assert_cmpint (json_object_get_int_member (control, "layer_position"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (control, "name"), ==,
                   "Vehicle search at the gate");
  g_assert_cmpstr (json_object_get_string_member (control, "description"), ==,
                   "One in ten lorries searched");
  g_assert_cmpstr (json_object_get_string_member (control, "domain"), ==, "physical");
  g_assert_cmpstr (json_object_get_string_member (control, "function"), ==, "detect");
  g_assert_cmpstr (json_object_get_string_member (control, "owner"), ==, "Gate supervisor");
  g_assert_cmpstr (json_object_get_string_member (control, "status"), ==, "implemented");
  g_assert_cmpint (json_object_get_int_member (control, "effectiveness"), ==, 60);
  g_assert_cmpint (json_object_get_int_member (control, "test_interval_days"), ==, 30);
  g_assert_cmpstr (json_object_get_string_member (control, "last_tested_on"), ==, tested);
  g_assert_cmpstr (json_object_get_string_member (control, "test_due_on"), ==, due);
  g_assert_false (json_object_get_boolean_member (control, "degraded"));
  g_assert_true (json_object_get_boolean_member (control, "effective"));
  values = json_object_get_array_member (control, "regulations");
  g_assert_cmpuint (json_array_get_length (values), ==, 2);
  g_assert_true (strv_node_contains (values, "ISPS A/16.3.2"));
  g_assert_true (strv_node_contains (values, "33 CFR 105.255"));
  values = json_object_get_array_member (control, "plan_elements");
  g_assert_true (strv_node_contains (values, "unauthorized-access"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (control, "threats")),
                    ==, 0);

  /* Degraded once the test is overdue. */
  control = object_of (JSON (&root, "control", "show", ref, "--as-of", "2100-01-01"));
  g_assert_true (json_object_get_boolean_member (control, "test_overdue"));
  g_assert_true (json_object_get_boolean_member (control, "degraded"));

  /* Edit: the fields given change, an empty value clears, the others stay. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "control", "edit", ref, "--effectiveness", "75", "--owner", "",
                        "--regulation", "", "--layer", "3"), ==, 0);
  g_assert_true (g_str_has_prefix (out, ref));
  g_assert_nonnull (strstr (out, "updated"));
  g_assert_nonnull (strstr (out, "effectiveness"));
  control = object_of (JSON (&root, "control", "show", ref));
  g_assert_cmpint (json_object_get_int_member (control, "effectiveness"), ==, 75);
  g_assert_true (json_object_get_null_member (control, "owner"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (control, "regulations")),
                    ==, 0);
  g_assert_cmpint (json_object_get_int_member (control, "layer_position"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (control, "domain"), ==, "physical");
  g_assert_true (strv_node_contains (json_object_get_array_member (control, "plan_elements"),
                                     "unauthorized-access"));

  /* A test on its own. */
  audit = count_audit (f);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "control", "edit", ref, "--tested", retested), ==, 0);
  g_assert_nonnull (strstr (out, "tested"));
  g_assert_cmpint (count_audit (f), >, audit);
  control = object_of (JSON (&root, "control", "show", ref));
  g_assert_cmpstr (json_object_get_string_member (control, "last_tested_on"), ==, retested);

  /* A test with other changes: one update. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "control", "edit", ref, "--tested", tested, "--owner",
                        "Gate team"), ==, 0);
  g_assert_nonnull (strstr (out, "last_tested_on"));
  control = object_of (JSON (&root, "control", "show", ref));
  g_assert_cmpstr (json_object_get_string_member (control, "last_tested_on"), ==, tested);
  g_assert_cmpstr (json_object_get_string_member (control, "owner"), ==, "Gate team");

  /* With --format the write prints the record. */
  control = object_of (JSON (&root, "control", "edit", ref, "--status", "partially-effective"));
  g_assert_cmpstr (json_object_get_string_member (control, "status"), ==, "partially-effective");
  g_assert_cmpstr (json_object_get_string_member (control, "ref"), ==, ref);

  /* The text view: fields, then the threats it mitigates. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "control", "show", ref), ==, 0);
  g_assert_nonnull (strstr (out, "Vehicle search at the gate"));
  g_assert_nonnull (strstr (out, "Threat scenarios it mitigates"));
}

static void
test_control_bad_input (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *future = day_from_today (30);
  JsonArray *list;
  const struct
  {
    const char *args[14];
    const char *says;
  } cases[] = {
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--name", "X", "--domain",
        "physical", "--function", "deter", "--effectiveness", "150" }, "effectiveness" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--name", "X", "--domain",
        "physical", "--function", "deter", "--effectiveness", "-1" }, "effectiveness" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "9", "--name", "X", "--domain",
        "physical", "--function", "deter" }, "layer" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "Moat", "--name", "X", "--domain",
        "physical", "--function", "deter" }, "layer" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--name", "X", "--domain",
        "magic", "--function", "deter" }, "domain" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--name", "X", "--domain",
        "physical", "--function", "guard" }, "function" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--name", "X", "--domain",
        "physical", "--function", "deter", "--status", "broken" }, "status" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--name", "", "--domain",
        "physical", "--function", "deter" }, "name" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--name", "X", "--domain",
        "physical", "--function", "deter", "--test-interval", "-5" }, "test_interval" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--name", "X", "--domain",
        "physical", "--function", "deter", "--tested", future }, "tested" },
    { { "control", "add", "--facility", "NHV-NONE", "--layer", "1", "--name", "X", "--domain",
        "physical", "--function", "deter" }, "NHV-NONE" },
    { { "control", "show", "CTL-1999-0042" }, "CTL-1999-0042" },
    { { "control", "edit", "CTL-1999-0042", "--name", "X" }, "CTL-1999-0042" },
    { { "control", "list", "--facility", "NHV-NONE" }, "NHV-NONE" },
    { { "control", "list", "--facility", "NHV-CT", "--layer", "Moat" }, "Moat" },
  };
  gint64 audit = count_audit (f);
  gint64 controls = count (f, "SELECT count(*) FROM control");

  list = array_of (JSON (&root, "control", "list", "--facility", "NHV-CT", "--layer", "1"));
  ref = g_strdup (json_object_get_string_member (json_array_get_object_element (list, 0), "ref"));

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
      g_assert_true (g_str_has_prefix (err, "psems-cli control "));
      g_assert_nonnull (strstr (err, cases[i].says));
      g_assert_cmpint (count_audit (f), ==, audit);
      g_assert_cmpint (count (f, "SELECT count(*) FROM control"), ==, controls);
    }

  /* Edits refused: the message names the control and the field; the control is unchanged. */
  {
    const char *edits[][4] = {
      { "--effectiveness", "101", "effectiveness" },
      { "--name", "", "name" },
      { "--status", "lost", "status" },
      { "--tested", future, "tested" },
      { "--layer", "Moat", "layer" },
      { "--plan-element", "no-such-element", "plan_elements" },
    };
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    g_assert_cmpint (RUN (&before, NULL, "--format", "json", "control", "show", ref), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
      {
        g_autofree char *err = NULL;

        g_assert_cmpint (RUN (NULL, &err, "control", "edit", ref, edits[i][0], edits[i][1]), ==, 1);
        g_test_message ("edit %u: %s", i, err);
        g_assert_nonnull (strstr (err, ref));
        g_assert_nonnull (strstr (err, edits[i][2]));
      }
    g_assert_cmpint (RUN (&after, NULL, "--format", "json", "control", "show", ref), ==, 0);
    g_assert_cmpstr (before, ==, after);
    g_assert_cmpint (count_audit (f), ==, audit);
  }
}

/* ─────────────────────────── threats ─────────────────────────── */

static void
check_assessment (JsonObject *threat,
                  JsonArray  *layers)
{
  double expected = (double) json_object_get_int_member (threat, "likelihood");
  JsonArray *unopposed = json_object_get_array_member (threat, "unopposed_layers");
  const char *first_stop = NULL;
  guint n_unopposed = 0;

  for (guint i = 0; i < json_array_get_length (layers); i++)
    {
      JsonObject *layer = json_array_get_object_element (layers, i);
      gint64 best = json_object_get_int_member (layer, "best_mitigation");
      const char *name = json_object_get_string_member (layer, "layer");

      g_assert_cmpint (json_object_get_boolean_member (layer, "unopposed"), ==, best == 0);
      g_assert_cmpint (strv_node_contains (unopposed, name), ==, best == 0);
      n_unopposed += best == 0;
      if (best > 0 && first_stop == NULL)
        first_stop = name;
      expected *= 1.0 - (double) best / 100.0;
    }
  g_assert_cmpuint (json_array_get_length (unopposed), ==, n_unopposed);
  g_assert_cmpstr (json_object_get_string_member (threat, "stops_at"), ==, first_stop);
  g_assert_cmpint (json_object_get_boolean_member (threat, "passes_through"), ==,
                   first_stop == NULL);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (threat, "residual_likelihood"),
                                  expected, 1e-6);
  g_assert_cmpint (json_object_get_int_member (threat, "inherent_score"), ==,
                   json_object_get_int_member (threat, "likelihood") *
                   json_object_get_int_member (threat, "consequence"));
}

static void
test_threat_list_show (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  JsonArray *list;
  guint n_through = 0;

  list = array_of (JSON (&root, "threat", "list", "--facility", "NHV-CT"));
  g_assert_cmpuint (json_array_get_length (list), ==, 5);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *threat = json_array_get_object_element (list, i);
      JsonObject *detail;
      JsonArray *mitigations;

      g_assert_true (g_str_has_prefix (json_object_get_string_member (threat, "ref"), "THR-"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (threat, "pfsa"), "PFSA-"));
      g_assert_nonnull (json_object_get_string_member (threat, "inherent_level"));
      g_assert_nonnull (json_object_get_string_member (threat, "residual_level"));
      /* Highest inherent risk first. */
      if (i > 0)
        g_assert_cmpint (json_object_get_int_member (threat, "inherent_score"), <=,
                         json_object_get_int_member (json_array_get_object_element (list, i - 1),
                                                     "inherent_score"));
      n_through += json_object_get_boolean_member (threat, "passes_through");

      detail = object_of (JSON (&shown, "threat", "show",
                                json_object_get_string_member (threat, "ref")));
      mitigations = json_object_get_array_member (detail, "mitigations");
      g_assert_cmpuint (json_array_get_length (mitigations), ==,
                        json_array_get_length (json_object_get_array_member (threat, "controls")));
      g_assert_cmpuint (json_array_get_length (mitigations), >, 0);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (detail, "layers")),
                        ==, 4);
      check_assessment (detail, json_object_get_array_member (detail, "layers"));
      g_assert_cmpstr (json_object_get_string_member (detail, "residual_level"), ==,
                       json_object_get_string_member (threat, "residual_level"));
    }

  list = array_of (JSON (&root, "threat", "list", "--facility", "NHV-CT", "--passes-through"));
  g_assert_cmpuint (json_array_get_length (list), ==, n_through);
  list = array_of (JSON (&root, "threat", "list"));
  g_assert_cmpuint (json_array_get_length (list), ==,
                    count (f, "SELECT count(*) FROM threat_scenario WHERE deleted_at IS NULL"));
  g_assert_cmpuint (json_array_get_length (list), >, 5);

  /* Far ahead no control is effective: every scenario passes every layer. */
  list = array_of (JSON (&root, "threat", "list", "--facility", "NHV-CT", "--as-of",
                         "2100-01-01"));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *threat = json_array_get_object_element (list, i);

      g_assert_true (json_object_get_boolean_member (threat, "passes_through"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (threat,
                                                                             "unopposed_layers")),
                        ==, 4);
      g_assert_cmpstr (json_object_get_string_member (threat, "residual_level"), ==,
                       json_object_get_string_member (threat, "inherent_level"));
    }

  g_assert_cmpint (RUN (&text, NULL, "threat", "list", "--facility", "NHV-CT"), ==, 0);
  g_assert_true (g_str_has_prefix (text, "ref"));
  g_assert_nonnull (strstr (text, "unopposed_layers"));
  g_assert_nonnull (strstr (text, "Ransomware on the terminal operating system"));
  g_assert_cmpint (RUN (&csv, NULL, "threat", "list", "--format", "csv"), ==, 0);
  g_assert_true (g_str_has_prefix (csv, "ref,facility,name,likelihood,consequence,"
                                        "inherent_level,residual_level,stops_at,"));
}

static void
test_threat_add_edit_link (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) controls = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) pfsa = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *fence = NULL;
  g_autofree char *mfa = NULL;
  g_autofree char *patrol = NULL;
  g_autofree char *foreign = NULL;
  JsonArray *list;
  JsonObject *threat;
  gint64 audit;
  int status;

  list = array_of (JSON (&controls, "control", "list", "--facility", "NHV-CT"));
  fence = find_ref (list, "name", "Perimeter fence with anti-climb topping and signage");
  mfa = find_ref (list, "name", "Multi-factor authentication for remote access");
  patrol = find_ref (list, "name", "Security patrol response team");
  list = array_of (JSON (&other, "control", "list", "--facility", "NHV-CRU"));
  foreign = find_ref (list, "name", "Security patrol response team");

  status = RUN (&out, &err, "threat", "add", "--facility", "NHV-CT", "--name",
                "Drone delivery of contraband", "--description", "A drone drops a package in the stack",
                "--target", "Container stack", "--likelihood", "4", "--consequence", "5",
                "--control", fence, "--control", mfa);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "THR-"));
  ref = psems_test_first_word (out);

  threat = object_of (JSON (&root, "threat", "show", ref));
  g_assert_cmpstr (json_object_get_string_member (threat, "name"), ==,
                   "Drone delivery of contraband");
  g_assert_cmpstr (json_object_get_string_member (threat, "target"), ==, "Container stack");
  g_assert_cmpint (json_object_get_int_member (threat, "inherent_score"), ==, 20);
  g_assert_cmpstr (json_object_get_string_member (threat, "inherent_level"), ==, "Very high");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (threat, "controls")), ==,
                    2);
  /* It joins the facility's current assessment. */
  g_assert_cmpstr (json_object_get_string_member (threat, "pfsa"), ==,
                   json_object_get_string_member (object_of (JSON (&pfsa, "pfsa", "show",
                                                                   "--facility", "NHV-CT")),
                                                  "ref"));
  check_assessment (threat, json_object_get_array_member (threat, "layers"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "threat", "edit", ref, "--likelihood", "2", "--target", ""),
                   ==, 0);
  g_assert_nonnull (strstr (out, "updated"));
  threat = object_of (JSON (&root, "threat", "show", ref));
  g_assert_cmpint (json_object_get_int_member (threat, "inherent_score"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (threat, "inherent_level"), ==, "High");
  g_assert_true (json_object_get_null_member (threat, "target"));
  g_assert_cmpint (json_object_get_int_member (threat, "consequence"), ==, 5);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "threat", "link", ref, patrol), ==, 0);
  g_assert_nonnull (strstr (out, patrol));
  threat = object_of (JSON (&root, "threat", "show", ref));
  g_assert_true (strv_node_contains (json_object_get_array_member (threat, "controls"), patrol));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (threat, "mitigations")),
                    ==, 3);
  check_assessment (threat, json_object_get_array_member (threat, "layers"));

  threat = object_of (JSON (&root, "threat", "link", ref, fence, "--remove"));
  g_assert_false (strv_node_contains (json_object_get_array_member (threat, "controls"), fence));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (threat, "controls")), ==,
                    2);

  /* --control replaces the list; '' clears it. */
  threat = object_of (JSON (&root, "threat", "edit", ref, "--control", ""));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (threat, "controls")), ==,
                    0);
  g_assert_true (json_object_get_boolean_member (threat, "passes_through"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (threat,
                                                                         "unopposed_layers")),
                    ==, 4);

  /* A control of another facility is refused, and nothing changes. */
  audit = count_audit (f);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "threat", "link", ref, foreign), ==, 1);
  g_test_message ("%s", err);
  g_assert_true (g_str_has_prefix (err, "psems-cli threat link: "));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "threat", "edit", ref, "--control", foreign), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, ref));
  g_assert_cmpint (count_audit (f), ==, audit);
  threat = object_of (JSON (&root, "threat", "show", ref));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (threat, "controls")), ==,
                    0);
}

static void
test_threat_bad_input (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *ref = NULL;
  const struct
  {
    const char *args[12];
    const char *says;
  } cases[] = {
    { { "threat", "add", "--facility", "NHV-CT", "--name", "X", "--likelihood", "6",
        "--consequence", "3" }, "likelihood" },
    { { "threat", "add", "--facility", "NHV-CT", "--name", "X", "--likelihood", "3",
        "--consequence", "0" }, "consequence" },
    { { "threat", "add", "--facility", "NHV-CT", "--name", "", "--likelihood", "3",
        "--consequence", "3" }, "name" },
    { { "threat", "add", "--facility", "NHV-CT", "--name", "X", "--likelihood", "3",
        "--consequence", "3", "--control", "CTL-1999-0042" }, "CTL-1999-0042" },
    { { "threat", "add", "--facility", "NHV-CT", "--name", "X", "--likelihood", "3",
        "--consequence", "3", "--pfsa", "PFSA-1999-0042" }, "pfsa" },
    { { "threat", "add", "--facility", "NHV-NONE", "--name", "X", "--likelihood", "3",
        "--consequence", "3" }, "NHV-NONE" },
    { { "threat", "show", "THR-1999-0042" }, "THR-1999-0042" },
    { { "threat", "link", "THR-1999-0042", "CTL-1999-0042" }, "THR-1999-0042" },
  };
  gint64 audit = count_audit (f);
  gint64 threats = count (f, "SELECT count(*) FROM threat_scenario");

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
      g_assert_true (g_str_has_prefix (err, "psems-cli threat "));
      g_assert_nonnull (strstr (err, cases[i].says));
      g_assert_cmpint (count_audit (f), ==, audit);
      g_assert_cmpint (count (f, "SELECT count(*) FROM threat_scenario"), ==, threats);
    }

  ref = g_strdup (json_object_get_string_member (
    json_array_get_object_element (array_of (JSON (&root, "threat", "list", "--facility",
                                                   "NHV-CT")), 0), "ref"));
  {
    const char *edits[][3] = {
      { "--likelihood", "0", "likelihood" },
      { "--consequence", "9", "consequence" },
      { "--name", "", "name" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
      {
        g_autofree char *err = NULL;

        g_assert_cmpint (RUN (NULL, &err, "threat", "edit", ref, edits[i][0], edits[i][1]), ==, 1);
        g_test_message ("edit %u: %s", i, err);
        g_assert_nonnull (strstr (err, edits[i][2]));
      }
    g_assert_cmpint (count_audit (f), ==, audit);
  }
}

/* ─────────────────────────── the risk matrix ─────────────────────────── */

static void
test_risk_matrix (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *matrix;
  JsonArray *levels;
  JsonArray *grid;

  matrix = object_of (JSON (&root, "risk-matrix", "show"));
  levels = json_object_get_array_member (matrix, "levels");
  g_assert_cmpuint (json_array_get_length (levels), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (levels, 0),
                                                  "name"), ==, "Low");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (levels, 3),
                                                  "colour"), ==, "#f44336");
  grid = json_object_get_array_member (matrix, "grid");
  g_assert_cmpuint (json_array_get_length (grid), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (grid, 0),
                                               "likelihood"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (grid, 0),
                                                  "consequence_5"), ==, "Very high");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (grid, 4),
                                                  "consequence_1"), ==, "Low");
  /* 3 × 3 = 9: Medium in the demo's matrix. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (grid, 2),
                                                  "consequence_3"), ==, "Medium");

  g_assert_cmpint (RUN (&text, NULL, "risk-matrix", "show"), ==, 0);
  g_assert_nonnull (strstr (text, "Very high"));
  g_assert_nonnull (strstr (text, "consequence_5"));
  g_assert_cmpint (RUN (&csv, NULL, "risk-matrix", "show", "--format", "csv"), ==, 0);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 25 + 1);
  g_assert_cmpstr (lines[0], ==, "likelihood,consequence,score,level,colour");
}

/* ─────────────────────────── the assessment record ─────────────────────────── */

static void
test_pfsa (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ref = NULL;
  JsonObject *pfsa;
  gint64 audit;
  gint64 n_pfsa = count (f, "SELECT count(*) FROM facility_assessment");

  pfsa = object_of (JSON (&root, "pfsa", "show", "--facility", "NHV-CT"));
  ref = g_strdup (json_object_get_string_member (pfsa, "ref"));
  g_assert_true (g_str_has_prefix (ref, "PFSA-"));
  g_assert_cmpstr (json_object_get_string_member (pfsa, "facility"), ==, "NHV-CT");
  g_assert_nonnull (json_object_get_string_member (pfsa, "assessor"));
  g_assert_nonnull (json_object_get_string_member (pfsa, "approved_on"));
  g_assert_false (json_object_get_boolean_member (pfsa, "review_overdue"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pfsa, "threats")), ==, 5);
  pfsa = object_of (JSON (&root, "pfsa", "show", "--facility", "NHV-CT", "--as-of",
                          "2100-01-01"));
  g_assert_true (json_object_get_boolean_member (pfsa, "review_overdue"));

  g_assert_cmpint (RUN (&out, NULL, "pfsa", "edit", "--facility", "NHV-CT", "--summary",
                        "Reviewed after the drone incident", "--review-due", "2031-06-30"), ==, 0);
  g_assert_true (g_str_has_prefix (out, ref));
  g_assert_nonnull (strstr (out, "summary"));
  pfsa = object_of (JSON (&root, "pfsa", "show", "--facility", "NHV-CT"));
  g_assert_cmpstr (json_object_get_string_member (pfsa, "ref"), ==, ref);
  g_assert_cmpstr (json_object_get_string_member (pfsa, "summary"), ==,
                   "Reviewed after the drone incident");
  g_assert_cmpstr (json_object_get_string_member (pfsa, "review_due"), ==, "2031-06-30");

  g_assert_cmpint (RUN (&text, NULL, "pfsa", "show", "--facility", "NHV-CT"), ==, 0);
  g_assert_nonnull (strstr (text, "Threat scenarios"));
  g_assert_nonnull (strstr (text, "Reviewed after the drone incident"));

  /* A facility without an assessment: show says so; edit creates one. */
  g_assert_cmpint (RUN (NULL, NULL, "facility", "add", "--code", "NHV-NEW", "--name", "New quay",
                        "--kind", "general-cargo-terminal"), ==, 0);
  g_assert_cmpint (RUN (NULL, &err, "pfsa", "show", "--facility", "NHV-NEW"), ==, 1);
  g_assert_nonnull (strstr (err, "NHV-NEW"));

  audit = count_audit (f);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "pfsa", "edit", "--facility", "NHV-NEW", "--title",
                        "First assessment"), ==, 1);
  g_test_message ("%s", err);
  g_assert_true (strstr (err, "assessed_on") != NULL || strstr (err, "assessor") != NULL);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "pfsa", "edit", "--facility", "NHV-NEW", "--title",
                        "First assessment", "--assessed-on", "2026-01-10", "--assessor", "RSO",
                        "--approved-on", "2025-12-01", "--approved-by", "Authority"), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "approved_on"));
  g_assert_cmpint (count_audit (f), ==, audit);
  g_assert_cmpint (count (f, "SELECT count(*) FROM facility_assessment"), ==, n_pfsa);

  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, &err, "pfsa", "edit", "--facility", "NHV-NEW", "--title",
                        "First assessment", "--assessed-on", "2026-01-10", "--assessor",
                        "Nordic Maritime Security RSO", "--organization", "NMS"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "PFSA-"));
  g_assert_nonnull (strstr (out, "created"));
  pfsa = object_of (JSON (&root, "pfsa", "show", "--facility", "NHV-NEW"));
  g_assert_cmpstr (json_object_get_string_member (pfsa, "title"), ==, "First assessment");
  g_assert_cmpstr (json_object_get_string_member (pfsa, "assessed_on"), ==, "2026-01-10");
  g_assert_cmpstr (json_object_get_string_member (pfsa, "organization"), ==, "NMS");
  g_assert_true (json_object_get_null_member (pfsa, "approved_on"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pfsa, "threats")), ==, 0);
}

/* ─────────────────────────── the diagram ─────────────────────────── */

static void
test_diagram_export (Fixture       *f,
                     gconstpointer  data)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *png = g_build_filename (f->dir, "ct.png", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "ct.svg", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "ct.PDF", NULL);
  g_autofree char *bmp = g_build_filename (f->dir, "ct.bmp", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *threat = NULL;
  g_autofree char *foreign = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) threats = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *content;
  gsize size;
  JsonObject *written;
  int status;

  status = RUN (&out, &err, "diagram", "export", "--facility", "NHV-CT", "--out", png);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "written"));
  bytes = psems_test_read_file (png);
  content = g_bytes_get_data (bytes, &size);
  g_assert_cmpuint (size, >, 1000);
  g_assert_cmpmem (content, 8, png_signature, 8);
  /* IHDR: the width and height asked for (the defaults). */
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (content + 16)), ==, 1600);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (content + 20)), ==, 1200);
  g_clear_pointer (&bytes, g_bytes_unref);

  threat = g_strdup (json_object_get_string_member (
    json_array_get_object_element (array_of (JSON (&threats, "threat", "list", "--facility",
                                                   "NHV-CT")), 0), "ref"));
  written = object_of (JSON (&root, "diagram", "export", "--facility", "NHV-CT", "--out", svg,
                             "--width", "800", "--height", "600", "--threat", threat));
  g_assert_cmpstr (json_object_get_string_member (written, "format"), ==, "SVG");
  g_assert_cmpint (json_object_get_int_member (written, "width"), ==, 800);
  g_assert_cmpint (json_object_get_int_member (written, "threats"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (written, "layers"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (written, "controls"), ==, 20);
  bytes = psems_test_read_file (svg);
  content = g_bytes_get_data (bytes, &size);
  g_assert_nonnull (g_strstr_len ((const char *) content, (gssize) MIN (size, 400), "<svg"));
  g_clear_pointer (&bytes, g_bytes_unref);

  written = object_of (JSON (&root, "diagram", "export", "--facility", "NHV-CT", "--out", pdf,
                             "--no-threats"));
  g_assert_cmpstr (json_object_get_string_member (written, "format"), ==, "PDF");
  g_assert_cmpint (json_object_get_int_member (written, "threats"), ==, 0);
  bytes = psems_test_read_file (pdf);
  content = g_bytes_get_data (bytes, &size);
  g_assert_cmpuint (size, >, 5);
  g_assert_cmpmem (content, 5, "%PDF-", 5);

  /* Refused, writing no file: an unknown extension, a threat of another facility. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "diagram", "export", "--facility", "NHV-CT", "--out", bmp),
                   ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, ".bmp"));
  g_assert_false (g_file_test (bmp, G_FILE_TEST_EXISTS));

  foreign = g_strdup (json_object_get_string_member (
    json_array_get_object_element (array_of (JSON (&threats, "threat", "list", "--facility",
                                                   "NHV-CRU")), 0), "ref"));
  g_remove (png);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "diagram", "export", "--facility", "NHV-CT", "--out", png,
                        "--threat", foreign), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, foreign));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "diagram", "export", "--facility", "NHV-NONE", "--out", png),
                   ==, 1);
  g_assert_nonnull (strstr (err, "NHV-NONE"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

/* ─────────────────────────── usage ─────────────────────────── */

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const PsemsTestCliCase cases[] = {
    { { "layer", "list" }, "which facility" },
    { { "layer", "list", "--facility", "NHV-CT", "extra" }, "extra" },
    { { "layer", "set", "--facility", "NHV-CT" }, "which layers" },
    { { "layer", "set", "--facility", "NHV-CT", "--default", "A", "B" }, "--default" },
    { { "layer", "set", "--facility", "NHV-CT", "A", "=B" }, "=B" },
    { { "layer", "set", "--facility", "NHV-CT", "Perimeter", "perimeter" }, "twice" },
    { { "control", "list", "--status", "bogus" }, "bogus" },
    { { "control", "list", "--domain", "spiritual" }, "spiritual" },
    { { "control", "list", "--as-of", "2026-13-01" }, "--as-of" },
    { { "control", "list", "--format", "xml" }, "xml" },
    { { "control", "list", "extra" }, "extra" },
    { { "control", "show" }, "which control" },
    { { "control", "add", "--layer", "1", "--name", "X", "--domain", "physical", "--function",
        "deter" }, "which facility" },
    { { "control", "add", "--facility", "NHV-CT", "--name", "X", "--domain", "physical",
        "--function", "deter" }, "--layer" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--domain", "physical",
        "--function", "deter" }, "--name" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--name", "X", "--function",
        "deter" }, "--domain" },
    { { "control", "add", "--facility", "NHV-CT", "--layer", "1", "--name", "X", "--domain",
        "physical" }, "--function" },
    { { "control", "edit", "CTL-2026-0001", "--effectiveness", "high" }, "--effectiveness" },
    { { "control", "edit", "CTL-2026-0001" }, "nothing to change" },
    { { "control", "edit", "CTL-2026-0001", "--tested", "yesterday" }, "--tested" },
    { { "control", "edit", "CTL-2026-0001", "--test-interval", "weekly" }, "--test-interval" },
    { { "control", "edit", "CTL-2026-0001", "--facility", "NHV-CRU" }, "--facility" },
    { { "threat", "list", "extra" }, "extra" },
    { { "threat", "show" }, "which threat" },
    { { "threat", "add", "--facility", "NHV-CT", "--likelihood", "3", "--consequence", "3" },
      "--name" },
    { { "threat", "add", "--facility", "NHV-CT", "--name", "X", "--consequence", "3" },
      "--likelihood" },
    { { "threat", "add", "--facility", "NHV-CT", "--name", "X", "--likelihood", "three",
        "--consequence", "3" }, "three" },
    { { "threat", "edit", "THR-2026-0001" }, "nothing to change" },
    { { "threat", "link", "THR-2026-0001" }, "which control" },
    { { "threat", "link" }, "which threat" },
    { { "risk-matrix", "show", "extra" }, "extra" },
    { { "pfsa", "show" }, "which facility" },
    { { "pfsa", "edit", "--facility", "NHV-CT" }, "nothing to change" },
    { { "pfsa", "edit", "--facility", "NHV-CT", "--review-due", "2026-02-30" }, "--review-due" },
    { { "diagram", "export", "--facility", "NHV-CT" }, "--out" },
    { { "diagram", "export", "--out", "x.png" }, "which facility" },
    { { "diagram", "export", "--facility", "NHV-CT", "--out", "x.png", "--width", "5" },
      "--width" },
    { { "diagram", "export", "--facility", "NHV-CT", "--out", "x.png", "--threat", "THR-1",
        "--no-threats" }, "--no-threats" },
    { { "diagram", "frobnicate" }, "frobnicate" },
  };

  psems_test_check_cli_usage_errors (f->db, cases, G_N_ELEMENTS (cases));
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char * const layer[] = { "list", "set", NULL };
  const char * const control[] = { "list", "show", "add", "edit", NULL };
  const char * const threat[] = { "list", "show", "add", "edit", "link", NULL };
  const char * const matrix[] = { "show", NULL };
  const char * const pfsa[] = { "show", "edit", NULL };
  const char * const diagram[] = { "export", NULL };
  g_autofree char *out = NULL;

  psems_test_check_cli_help (f->db, "layer", layer);
  psems_test_check_cli_help (f->db, "control", control);
  psems_test_check_cli_help (f->db, "threat", threat);
  psems_test_check_cli_help (f->db, "risk-matrix", matrix);
  psems_test_check_cli_help (f->db, "pfsa", pfsa);
  psems_test_check_cli_help (f->db, "diagram", diagram);
  g_assert_cmpint (psems_test_run_cli (&out, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "control"));
  g_assert_nonnull (strstr (out, "diagram"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/layer/list-set", test_layer);
  ADD ("/cli/control/list", test_control_list);
  ADD ("/cli/control/add-edit", test_control_add_edit);
  ADD ("/cli/control/bad-input", test_control_bad_input);
  ADD ("/cli/threat/list-show", test_threat_list_show);
  ADD ("/cli/threat/add-edit-link", test_threat_add_edit_link);
  ADD ("/cli/threat/bad-input", test_threat_bad_input);
  ADD ("/cli/risk-matrix/show", test_risk_matrix);
  ADD ("/cli/pfsa/show-edit", test_pfsa);
  ADD ("/cli/diagram/export", test_diagram_export);
  ADD ("/cli/control/usage-errors", test_usage_errors);
  ADD ("/cli/control/help", test_help);
#undef ADD
  return g_test_run ();
}
