/* test-control.c — layers and controls: validation of every field, degraded and effective as of a day, layers_save, links. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility;   /* created through psems_facility_create: default layers */
  gint64 other;      /* a second facility */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "control.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  f->facility = psems_test_create_facility (f->store, f->actor, "ECT", NULL);
  f->other = psems_test_create_facility (f->store, f->actor, "WCT", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->actor, psems_actor_unref);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
layer_id (Fixture *f,
          gint64   facility,
          int      position)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%d", position);
  gint64 id = psems_layer_resolve (f->store, facility, text, &error);

  g_assert_no_error (error);
  return id;
}

static PsemsControl *
make_control (Fixture    *f,
              const char *name)
{
  PsemsControl *c = psems_control_new ();

  c->facility_id = f->facility;
  c->layer_id = layer_id (f, f->facility, 1);
  c->name = g_strdup (name);
  c->domain = g_strdup ("physical");
  c->function = g_strdup ("deter");
  g_free (c->status);
  c->status = g_strdup ("implemented");
  c->effectiveness = 70;
  return c;
}

static gint64
create_control (Fixture            *f,
                const PsemsControl *c)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  gint64 id = psems_control_create (f->store, f->actor, c, &ref, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (g_str_has_prefix (ref, "CTL-"));
  return id;
}

static gint64
add_plan (Fixture *f,
          gint64   facility)
{
  g_autoptr(GError) error = NULL;
  gint64 id = psems_plan_new_version (f->store, f->actor, facility, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return id;
}

/* ───────────────────────────── layers ───────────────────────────── */

static void
test_default_layers (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *names = psems_layer_default_names ();
  gint64 bare;

  layers = psems_layer_list (f->store, f->facility, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layers->len, ==, 4);
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 4);
  for (guint i = 0; i < layers->len; i++)
    {
      PsemsLayer *layer = g_ptr_array_index (layers, i);

      g_assert_cmpint (layer->position, ==, (int) i + 1);
      g_assert_cmpstr (layer->name, ==, names[i]);
      g_assert_cmpint (layer->facility_id, ==, f->facility);
      g_assert_cmpint (layer->n_controls, ==, 0);
    }
  g_assert_cmpstr (((PsemsLayer *) g_ptr_array_index (layers, 0))->name, ==, "Perimeter");
  g_assert_cmpstr (((PsemsLayer *) g_ptr_array_index (layers, 3))->name, ==, "Critical asset");
  /* Created inside the facility's own transaction, and audited. */
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'layer'"), ==, 8);

  /* ensure_default leaves a facility with layers alone … */
  g_assert_true (psems_layers_ensure_default (f->store, f->actor, f->facility, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM layer"), ==, 8);

  /* … and gives one without layers the defaults. */
  psems_test_exec (f->store,
                   "INSERT INTO facility (ref, code, name, kind, security_level, created_at, updated_at)"
                   " VALUES ('FAC-2026-0099', 'BARE', 'Bare', 'other', 1, '2026-01-01T00:00:00Z',"
                   " '2026-01-01T00:00:00Z')");
  bare = psems_test_count (f->store, "SELECT id FROM facility WHERE code = 'BARE'");
  g_assert_true (psems_layers_ensure_default (f->store, f->actor, bare, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM layer WHERE facility_id = %lld",
                                     (long long) bare), ==, 4);
}

static GPtrArray *
current_layers (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *layers = psems_layer_list (f->store, f->facility, &error);

  g_assert_no_error (error);
  return layers;
}

static char *
layer_names (Fixture *f)
{
  g_autoptr(GPtrArray) layers = current_layers (f);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < layers->len; i++)
    {
      PsemsLayer *layer = g_ptr_array_index (layers, i);

      g_assert_cmpint (layer->position, ==, (int) i + 1);
      g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", layer->name);
    }
  return g_string_free (out, FALSE);
}

static PsemsLayer *
new_layer (gint64      id,
           const char *name)
{
  PsemsLayer *layer = psems_layer_new ();

  layer->id = id;
  layer->name = g_strdup (name);
  return layer;
}

static void
save_layers_ok (Fixture   *f,
                GPtrArray *layers)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (psems_layers_save (f->store, f->actor, f->facility, layers, &error));
  g_assert_no_error (error);
}

static void
save_layers_refused (Fixture    *f,
                     GPtrArray  *layers,
                     const char *field,
                     const char *says)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = psems_test_dump_database (f->store);
  g_autofree char *after = NULL;

  g_assert_false (psems_layers_save (f->store, f->actor, f->facility, layers, &error));
  psems_test_assert_refused (error, field);
  if (says != NULL && strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_layers_save (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) layers = current_layers (f);
  g_autoptr(GPtrArray) edit = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_layer_free);
  g_autoptr(PsemsControl) c = make_control (f, "Fence");
  gint64 ids[4];
  g_autofree char *names = NULL;

  for (guint i = 0; i < 4; i++)
    ids[i] = ((PsemsLayer *) g_ptr_array_index (layers, i))->id;

  /* Reorder and swap two names in one go: the schema's unique names must not trip. */
  g_ptr_array_add (edit, new_layer (ids[1], "Perimeter"));
  g_ptr_array_add (edit, new_layer (ids[0], "Access control"));
  g_ptr_array_add (edit, new_layer (ids[2], "Restricted area"));
  g_ptr_array_add (edit, new_layer (ids[3], "Critical asset"));
  save_layers_ok (f, edit);
  names = layer_names (f);
  g_assert_cmpstr (names, ==, "Perimeter|Access control|Restricted area|Critical asset");
  g_clear_pointer (&layers, g_ptr_array_unref);
  layers = current_layers (f);
  g_assert_cmpint (((PsemsLayer *) g_ptr_array_index (layers, 0))->id, ==, ids[1]);
  g_assert_cmpint (((PsemsLayer *) g_ptr_array_index (layers, 1))->id, ==, ids[0]);

  /* Rename, add one in the middle. */
  g_ptr_array_set_size (edit, 0);
  g_ptr_array_add (edit, new_layer (ids[1], "Outer fence"));
  g_ptr_array_add (edit, new_layer (0, "Gate"));
  g_ptr_array_add (edit, new_layer (ids[0], "Access control"));
  g_ptr_array_add (edit, new_layer (ids[2], "Restricted area"));
  g_ptr_array_add (edit, new_layer (ids[3], "Critical asset"));
  save_layers_ok (f, edit);
  g_free (names);
  names = layer_names (f);
  g_assert_cmpstr (names, ==, "Outer fence|Gate|Access control|Restricted area|Critical asset");

  /* A layer controls stand on cannot go; an empty one can. */
  c->layer_id = ids[3];
  create_control (f, c);
  g_ptr_array_set_size (edit, 0);
  g_ptr_array_add (edit, new_layer (ids[1], "Outer fence"));
  g_ptr_array_add (edit, new_layer (ids[0], "Access control"));
  save_layers_refused (f, edit, "layers", "Critical asset");

  g_ptr_array_set_size (edit, 0);
  g_ptr_array_add (edit, new_layer (ids[1], "Outer fence"));
  g_ptr_array_add (edit, new_layer (ids[3], "Critical asset"));
  save_layers_ok (f, edit);
  g_free (names);
  names = layer_names (f);
  g_assert_cmpstr (names, ==, "Outer fence|Critical asset");
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM layer WHERE facility_id = %lld"
                                     " AND deleted_at IS NOT NULL", (long long) f->facility), ==, 3);

  /* A new layer named like a deleted one brings it back. */
  g_ptr_array_add (edit, new_layer (0, "Gate"));
  save_layers_ok (f, edit);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM layer WHERE facility_id = %lld",
                                     (long long) f->facility), ==, 5);
  g_free (names);
  names = layer_names (f);
  g_assert_cmpstr (names, ==, "Outer fence|Critical asset|Gate");

  /* Too few, too many, no name, twice the same name, an unknown id. */
  g_ptr_array_set_size (edit, 0);
  g_ptr_array_add (edit, new_layer (ids[3], "Critical asset"));
  save_layers_refused (f, edit, "layers", NULL);
  g_ptr_array_set_size (edit, 0);
  g_ptr_array_add (edit, new_layer (ids[3], "Critical asset"));
  for (int i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("Ring %d", i);
      g_ptr_array_add (edit, new_layer (0, name));
    }
  save_layers_refused (f, edit, "layers", NULL);
  g_ptr_array_set_size (edit, 0);
  g_ptr_array_add (edit, new_layer (ids[3], "Critical asset"));
  g_ptr_array_add (edit, new_layer (0, "  "));
  save_layers_refused (f, edit, "name", NULL);
  g_ptr_array_set_size (edit, 0);
  g_ptr_array_add (edit, new_layer (ids[3], "Critical asset"));
  g_ptr_array_add (edit, new_layer (0, "critical ASSET"));
  save_layers_refused (f, edit, "name", NULL);
  g_ptr_array_set_size (edit, 0);
  g_ptr_array_add (edit, new_layer (ids[3], "Critical asset"));
  g_ptr_array_add (edit, new_layer (layer_id (f, f->other, 1), "Stolen"));
  save_layers_refused (f, edit, "layers", NULL);
}

static void
test_layer_resolve (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 second = layer_id (f, f->facility, 2);

  g_assert_cmpint (psems_layer_resolve (f->store, f->facility, "access CONTROL", &error), ==, second);
  g_assert_no_error (error);
  g_assert_cmpint (psems_layer_resolve (f->store, f->facility, " 2 ", &error), ==, second);
  g_assert_no_error (error);
  g_assert_cmpint (psems_layer_resolve (f->store, f->other, "2", &error), !=, second);
  g_assert_no_error (error);
  g_assert_cmpint (psems_layer_resolve (f->store, f->facility, "Moat", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Moat"));
  g_clear_error (&error);
  g_assert_cmpint (psems_layer_resolve (f->store, f->facility, "9", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
}

/* ───────────────────────────── validation ───────────────────────────── */

typedef struct
{
  const char *name;
  const char *field;
  void (*change) (Fixture *f, PsemsControl *c);
} ProblemCase;

static void no_facility_cb (Fixture *f, PsemsControl *c) { c->facility_id = 0; }
static void unknown_facility_cb (Fixture *f, PsemsControl *c) { c->facility_id = 9999; }
static void archived_facility_cb (Fixture *f, PsemsControl *c)
{
  psems_test_exec (f->store, "UPDATE facility SET deleted_at = '2026-01-01T00:00:00Z' WHERE code = 'ECT'");
}
static void no_layer_cb (Fixture *f, PsemsControl *c) { c->layer_id = 0; }
static void unknown_layer_cb (Fixture *f, PsemsControl *c) { c->layer_id = 9999; }
static void other_layer_cb (Fixture *f, PsemsControl *c) { c->layer_id = layer_id (f, f->other, 1); }
static void deleted_layer_cb (Fixture *f, PsemsControl *c)
{
  psems_test_exec (f->store, "UPDATE layer SET deleted_at = '2026-01-01T00:00:00Z' WHERE name = 'Critical asset'");
  c->layer_id = psems_test_count (f->store, "SELECT min(id) FROM layer WHERE name = 'Critical asset'");
}
static void no_name_cb (Fixture *f, PsemsControl *c) { g_free (c->name); c->name = g_strdup ("   "); }
static void no_domain_cb (Fixture *f, PsemsControl *c) { g_clear_pointer (&c->domain, g_free); }
static void bad_domain_cb (Fixture *f, PsemsControl *c) { g_free (c->domain); c->domain = g_strdup ("moral"); }
static void no_function_cb (Fixture *f, PsemsControl *c) { g_clear_pointer (&c->function, g_free); }
static void bad_function_cb (Fixture *f, PsemsControl *c) { g_free (c->function); c->function = g_strdup ("hope"); }
static void no_status_cb (Fixture *f, PsemsControl *c) { g_clear_pointer (&c->status, g_free); }
static void bad_status_cb (Fixture *f, PsemsControl *c) { g_free (c->status); c->status = g_strdup ("broken"); }
static void low_effectiveness_cb (Fixture *f, PsemsControl *c) { c->effectiveness = -1; }
static void high_effectiveness_cb (Fixture *f, PsemsControl *c) { c->effectiveness = 101; }
static void negative_interval_cb (Fixture *f, PsemsControl *c) { c->test_interval_days = -7; }
static void huge_interval_cb (Fixture *f, PsemsControl *c) { c->test_interval_days = 100000; }
static void bad_date_cb (Fixture *f, PsemsControl *c) { c->last_tested_on = g_strdup ("2025-02-30"); }
static void future_date_cb (Fixture *f, PsemsControl *c) { c->last_tested_on = g_strdup ("2999-01-01"); }
static void element_without_plan_cb (Fixture *f, PsemsControl *c)
{
  c->plan_elements = g_strsplit ("unauthorized-access", ",", -1);
}
static void unknown_element_cb (Fixture *f, PsemsControl *c)
{
  add_plan (f, f->facility);
  c->plan_elements = g_strsplit ("unauthorized-access,no-such-element", ",", -1);
}

static const ProblemCase problem_cases[] = {
  { "no-facility", "facility_id", no_facility_cb },
  { "unknown-facility", "facility_id", unknown_facility_cb },
  { "archived-facility", "facility_id", archived_facility_cb },
  { "no-layer", "layer_id", no_layer_cb },
  { "unknown-layer", "layer_id", unknown_layer_cb },
  { "other-facility-layer", "layer_id", other_layer_cb },
  { "deleted-layer", "layer_id", deleted_layer_cb },
  { "no-name", "name", no_name_cb },
  { "no-domain", "domain", no_domain_cb },
  { "unknown-domain", "domain", bad_domain_cb },
  { "no-function", "function", no_function_cb },
  { "unknown-function", "function", bad_function_cb },
  { "no-status", "status", no_status_cb },
  { "unknown-status", "status", bad_status_cb },
  { "effectiveness-below-0", "effectiveness", low_effectiveness_cb },
  { "effectiveness-above-100", "effectiveness", high_effectiveness_cb },
  { "negative-interval", "test_interval_days", negative_interval_cb },
  { "huge-interval", "test_interval_days", huge_interval_cb },
  { "not-a-date", "last_tested_on", bad_date_cb },
  { "tested-in-the-future", "last_tested_on", future_date_cb },
  { "element-without-plan", "plan_elements", element_without_plan_cb },
  { "unknown-element", "plan_elements", unknown_element_cb },
};

static void
test_validate (Fixture       *f,
               gconstpointer  data)
{
  const ProblemCase *pc = data;
  g_autoptr(PsemsControl) c = make_control (f, "Fence");
  g_autoptr(PsemsControl) valid = make_control (f, "Fence");
  g_autoptr(GPtrArray) none = psems_control_validate (f->store, valid);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpuint (none->len, ==, 0);
  pc->change (f, c);
  problems = psems_control_validate (f->store, c);
  g_assert_true (psems_test_has_problem (problems, pc->field));

  /* The write refuses with the problem and leaves every row as it was. */
  before = psems_test_dump_database (f->store);
  g_assert_cmpint (psems_control_create (f->store, f->actor, c, NULL, &error), ==, 0);
  psems_test_assert_refused (error, pc->field);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);

  /* So does an update of an existing control to the same values. */
  if (!g_str_equal (pc->field, "facility_id"))
    {
      gint64 id = create_control (f, valid);

      g_clear_error (&error);
      g_free (before);
      g_free (after);
      before = psems_test_dump_database (f->store);
      c->id = id;
      g_assert_false (psems_control_update (f->store, f->actor, c, &error));
      psems_test_assert_refused (error, pc->field);
      after = psems_test_dump_database (f->store);
      g_assert_cmpstr (before, ==, after);
    }
}

/* ───────────────────────────── create, read, update ───────────────────────────── */

static void
test_create_and_read (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PsemsControl) c = make_control (f, "  Perimeter fence  ");
  g_autoptr(PsemsControl) got = NULL;
  g_autoptr(GError) error = NULL;
  gint64 plan, id;
  const char *regulations[] = { "ISPS A/16.3.2", " isps a/16.3.2 ", "33 CFR 105.255", "", NULL };
  const char *elements[] = { "unauthorized-access", "threat-response", NULL };

  plan = add_plan (f, f->facility);
  c->description = g_strdup ("Anti-climb, 2.4 m");
  c->owner = g_strdup ("Security manager");
  c->test_interval_days = 90;
  c->last_tested_on = g_strdup ("2025-03-01");
  c->regulations = g_strdupv ((char **) regulations);
  c->plan_elements = g_strdupv ((char **) elements);
  id = create_control (f, c);

  got = psems_control_get (f->store, id, "2025-04-01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->name, ==, "Perimeter fence");
  g_assert_cmpstr (got->description, ==, "Anti-climb, 2.4 m");
  g_assert_cmpstr (got->owner, ==, "Security manager");
  g_assert_cmpstr (got->domain, ==, "physical");
  g_assert_cmpstr (got->function, ==, "deter");
  g_assert_cmpstr (got->status, ==, "implemented");
  g_assert_cmpint (got->effectiveness, ==, 70);
  g_assert_cmpint (got->facility_id, ==, f->facility);
  g_assert_cmpint (got->layer_position, ==, 1);
  g_assert_cmpstr (got->layer_name, ==, "Perimeter");
  g_assert_cmpstr (got->test_due_on, ==, "2025-05-30");
  g_assert_false (got->test_overdue);
  g_assert_true (got->effective);
  /* Trimmed, empty and case-duplicates dropped. */
  g_assert_cmpuint (g_strv_length (got->regulations), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) got->regulations, "ISPS A/16.3.2"));
  g_assert_true (g_strv_contains ((const char * const *) got->regulations, "33 CFR 105.255"));
  g_assert_cmpuint (g_strv_length (got->plan_elements), ==, 2);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM control_plan_element cpe"
                                     " JOIN plan_element e ON e.id = cpe.plan_element_id"
                                     " WHERE e.plan_id = %lld", (long long) plan), ==, 2);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'control'"
                                     " AND action = 'create' AND entity_id = %lld", (long long) id), ==, 1);

  /* The copy is deep. */
  {
    g_autoptr(PsemsControl) copy = psems_control_copy (got);

    g_assert_true (copy->name != got->name);
    g_assert_cmpstr (copy->name, ==, got->name);
    g_assert_cmpstrv (copy->regulations, got->regulations);
    g_assert_cmpstr (copy->test_due_on, ==, got->test_due_on);
  }

  /* Resolve by reference and id. */
  g_assert_cmpint (psems_control_resolve (f->store, got->ref, &error), ==, id);
  g_assert_no_error (error);
  {
    g_autofree char *lower = g_ascii_strdown (got->ref, -1);
    g_autofree char *number = g_strdup_printf ("%lld", (long long) id);

    g_assert_cmpint (psems_control_resolve (f->store, lower, &error), ==, id);
    g_assert_no_error (error);
    g_assert_cmpint (psems_control_resolve (f->store, number, &error), ==, id);
    g_assert_no_error (error);
  }
  g_assert_cmpint (psems_control_resolve (f->store, "CTL-2020-9999", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (psems_control_resolve (f->store, "9999", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (psems_control_get (f->store, 9999, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (psems_control_get (f->store, id, "someday", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
}

typedef struct
{
  const char *code;
  const char *regime;
} RegimeCase;

static const RegimeCase regime_cases[] = {
  { "ISPS B/16.8", "isps" },
  { "33 CFR 105.275", "33cfr" },
  { "MSC.428(98)", "imo-cyber" },
  { "IMO FAL.1/Circ.3", "imo-cyber" },
  { "NIS2 Art. 21(2)(d)", "nis2" },
  { "ISO 27001 A.5.15", "other" },
};

static void
test_regulation_regimes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PsemsControl) c = make_control (f, "Everything");
  g_autoptr(PsemsControl) got = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  c->regulations = g_new0 (char *, G_N_ELEMENTS (regime_cases) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (regime_cases); i++)
    c->regulations[i] = g_strdup (regime_cases[i].code);
  id = create_control (f, c);

  for (guint i = 0; i < G_N_ELEMENTS (regime_cases); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM regulation_ref WHERE code = '%s'"
                                              " AND regime = '%s'", regime_cases[i].code, regime_cases[i].regime);
      g_assert_cmpint (psems_test_count (f->store, "%s", sql), ==, 1);
    }
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'regulation'"), ==,
                   G_N_ELEMENTS (regime_cases));

  got = psems_control_get (f->store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (got->regulations), ==, G_N_ELEMENTS (regime_cases));
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PsemsControl) c = make_control (f, "Badge check");
  g_autoptr(PsemsControl) got = NULL;
  g_autoptr(PsemsControl) again = NULL;
  g_autoptr(GError) error = NULL;
  const char *regulations[] = { "ISPS A/16.3.2", NULL };
  gint64 id, audit;

  c->regulations = g_strdupv ((char **) regulations);
  id = create_control (f, c);
  got = psems_control_get (f->store, id, NULL, &error);
  g_assert_no_error (error);

  /* Unchanged values write nothing. */
  audit = psems_test_count (f->store, "SELECT count(*) FROM audit_trail");
  g_assert_true (psems_control_update (f->store, f->actor, got, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==, audit);

  got->layer_id = layer_id (f, f->facility, 2);
  g_free (got->status);
  got->status = g_strdup ("partially-effective");
  g_strfreev (got->regulations);
  got->regulations = g_strsplit ("NIS2 Art. 21(2)(i)", ",", -1);
  g_assert_true (psems_control_update (f->store, f->actor, got, &error));
  g_assert_no_error (error);
  again = psems_control_get (f->store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->layer_position, ==, 2);
  g_assert_cmpstr (again->status, ==, "partially-effective");
  g_assert_cmpuint (g_strv_length (again->regulations), ==, 1);
  g_assert_cmpstr (again->regulations[0], ==, "NIS2 Art. 21(2)(i)");
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'control'"
                                     " AND action = 'update' AND before LIKE '%%ISPS A/16.3.2%%'"
                                     " AND after LIKE '%%NIS2%%'"), ==, 1);

  /* A control does not move to another facility. */
  again->facility_id = f->other;
  again->layer_id = layer_id (f, f->other, 1);
  g_assert_false (psems_control_update (f->store, f->actor, again, &error));
  psems_test_assert_refused (error, "facility_id");
}

/* A write that fails half-way (here: the database refuses the plan element
 * links after the control, its reference and its regulations were written)
 * leaves no row behind, audit entries included. */
static void
test_rollback_midway (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PsemsControl) c = make_control (f, "Half-written");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_plan (f, f->facility);
  c->regulations = g_strsplit ("ISO 27001 A.7.2|ISPS A/16.3.2", "|", -1);
  c->plan_elements = g_strsplit ("unauthorized-access", ",", -1);
  psems_test_exec (f->store, "CREATE TEMP TRIGGER refuse_links BEFORE INSERT ON control_plan_element"
                             " BEGIN SELECT RAISE (ABORT, 'links refused'); END");
  before = psems_test_dump_database (f->store);
  g_assert_cmpint (psems_control_create (f->store, f->actor, c, NULL, &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "links refused"));
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM control"), ==, 0);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM regulation_ref"), ==, 0);
  psems_test_exec (f->store, "DROP TRIGGER temp.refuse_links");

  /* The same write goes through once the database takes it. */
  g_clear_error (&error);
  g_assert_cmpint (psems_control_create (f->store, f->actor, c, NULL, &error), >, 0);
  g_assert_no_error (error);
}

/* ───────────────────────────── degraded and effective ───────────────────────────── */

typedef struct
{
  const char *name;
  const char *status;
  int interval;
  const char *last_tested_on;
  const char *finding;       /* status of a finding against it, NULL: none; "deleted-open" */
  const char *as_of;
  const char *test_due_on;
  gboolean overdue;
  gboolean degraded;
  gboolean effective;
} DegradedCase;

static const DegradedCase degraded_cases[] = {
  { "due-today", "implemented", 30, "2025-01-01", NULL, "2025-01-31", "2025-01-31", FALSE, FALSE, TRUE },
  { "day-after-due", "implemented", 30, "2025-01-01", NULL, "2025-02-01", "2025-01-31", TRUE, TRUE, FALSE },
  { "before-test", "implemented", 30, "2025-01-01", NULL, "2024-12-01", "2025-01-31", FALSE, FALSE, TRUE },
  { "never-tested", "implemented", 30, NULL, NULL, "2025-01-01", NULL, TRUE, TRUE, FALSE },
  { "no-schedule", "implemented", 0, NULL, NULL, "2025-01-01", NULL, FALSE, FALSE, TRUE },
  { "no-schedule-tested", "partially-effective", 0, "2020-01-01", NULL, "2025-01-01", NULL, FALSE, FALSE, TRUE },
  { "partially-overdue", "partially-effective", 10, "2025-01-01", NULL, "2025-01-12", "2025-01-11", TRUE, TRUE,
    FALSE },
  { "ineffective-on-time", "ineffective", 30, "2025-01-01", NULL, "2025-01-02", "2025-01-31", FALSE, FALSE, FALSE },
  { "ineffective-overdue", "ineffective", 30, "2025-01-01", NULL, "2025-03-01", "2025-01-31", TRUE, TRUE, FALSE },
  { "planned-overdue", "planned", 30, NULL, NULL, "2025-03-01", NULL, TRUE, FALSE, FALSE },
  { "retired-overdue", "retired", 30, "2020-01-01", NULL, "2025-03-01", "2020-01-31", TRUE, FALSE, FALSE },
  { "open-finding", "implemented", 0, NULL, "open", "2025-01-01", NULL, FALSE, TRUE, FALSE },
  { "finding-in-progress", "implemented", 0, NULL, "in-progress", "2025-01-01", NULL, FALSE, TRUE, FALSE },
  { "finding-closed", "implemented", 0, NULL, "closed", "2025-01-01", NULL, FALSE, FALSE, TRUE },
  { "finding-deleted", "implemented", 0, NULL, "deleted-open", "2025-01-01", NULL, FALSE, FALSE, TRUE },
  { "finding-on-planned", "planned", 0, NULL, "open", "2025-01-01", NULL, FALSE, FALSE, FALSE },
};

static void
add_finding (Fixture    *f,
             gint64      control_id,
             const char *status)
{
  gboolean deleted = g_str_equal (status, "deleted-open");
  gboolean closed = g_str_equal (status, "closed");
  g_autofree char *sql =
    g_strdup_printf ("INSERT INTO finding (ref, facility_id, source, control_id, severity, title, raised_on,"
                     " status, closed_on, created_at, updated_at, deleted_at)"
                     " VALUES ('FND-2025-%04lld', %lld, 'manual', %lld, 'minor', 'Gate left open',"
                     " '2024-12-01', '%s', %s, '2024-12-01T00:00:00Z', '2024-12-01T00:00:00Z', %s)",
                     (long long) control_id, (long long) f->facility, (long long) control_id,
                     deleted ? "open" : status, closed ? "'2024-12-02'" : "NULL",
                     deleted ? "'2024-12-03T00:00:00Z'" : "NULL");

  psems_test_exec (f->store, sql);
}

static void
test_degraded (Fixture       *f,
               gconstpointer  data)
{
  const DegradedCase *dc = data;
  g_autoptr(PsemsControl) c = make_control (f, dc->name);
  g_autoptr(PsemsControl) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (c->status);
  c->status = g_strdup (dc->status);
  c->test_interval_days = dc->interval;
  c->last_tested_on = g_strdup (dc->last_tested_on);
  id = create_control (f, c);
  if (dc->finding != NULL)
    add_finding (f, id, dc->finding);

  got = psems_control_get (f->store, id, dc->as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->test_due_on, ==, dc->test_due_on);
  g_assert_cmpint (got->test_overdue, ==, dc->overdue);
  g_assert_cmpint (got->degraded, ==, dc->degraded);
  g_assert_cmpint (got->effective, ==, dc->effective);
  g_assert_cmpint (got->open_findings, ==,
                   dc->finding != NULL && (g_str_equal (dc->finding, "open") ||
                                           g_str_equal (dc->finding, "in-progress")) ? 1 : 0);

  /* The list derives the same. */
  list = psems_control_list (f->store, f->facility, dc->as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((PsemsControl *) g_ptr_array_index (list, 0))->degraded, ==, dc->degraded);
  g_assert_cmpint (((PsemsControl *) g_ptr_array_index (list, 0))->effective, ==, dc->effective);
}

static void
test_record_test (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PsemsControl) c = make_control (f, "CCTV");
  g_autoptr(PsemsControl) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  c->test_interval_days = 30;
  c->last_tested_on = g_strdup ("2025-01-01");
  id = create_control (f, c);
  got = psems_control_get (f->store, id, "2025-03-01", &error);
  g_assert_no_error (error);
  g_assert_true (got->degraded);
  g_clear_pointer (&got, psems_control_free);

  g_assert_true (psems_control_record_test (f->store, f->actor, id, "2025-02-20", &error));
  g_assert_no_error (error);
  got = psems_control_get (f->store, id, "2025-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->last_tested_on, ==, "2025-02-20");
  g_assert_false (got->degraded);
  g_assert_true (got->effective);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'record-test'"),
                   ==, 1);

  /* Refused: not a date, in the future, before the last test; nothing changes. */
  before = psems_test_dump_database (f->store);
  g_assert_false (psems_control_record_test (f->store, f->actor, id, "2025-13-01", &error));
  psems_test_assert_refused (error, "last_tested_on");
  g_clear_error (&error);
  g_assert_false (psems_control_record_test (f->store, f->actor, id, "2999-01-01", &error));
  psems_test_assert_refused (error, "last_tested_on");
  g_clear_error (&error);
  g_assert_false (psems_control_record_test (f->store, f->actor, id, "2025-02-01", &error));
  psems_test_assert_refused (error, "last_tested_on");
  g_clear_error (&error);
  g_assert_false (psems_control_record_test (f->store, f->actor, 9999, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);

  /* Today by default. */
  g_assert_true (psems_control_record_test (f->store, f->actor, id, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, psems_control_free);
  got = psems_control_get (f->store, id, NULL, &error);
  g_assert_false (got->test_overdue);
  g_assert_cmpstr (got->last_tested_on, >, "2025-02-20");
}

/* ───────────────────────────── listing ───────────────────────────── */

static int n_statements;

static int
count_statement_cb (unsigned int  type,
                    void         *context,
                    void         *p,
                    void         *x)
{
  n_statements++;
  return 0;
}

static void
test_list_is_set_wise (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = psems_store_get_db (f->store);
  const char *names[] = { "Zeta gate", "alpha patrol", "Beta camera", NULL };
  const char *regulations[] = { "ISPS A/16.3.2", "NIS2 Art. 21(2)(i)", NULL };
  gint64 first = 0;

  add_plan (f, f->facility);
  for (int i = 0; i < 60; i++)
    {
      g_autoptr(PsemsControl) c = make_control (f, names[i % 3]);

      c->layer_id = layer_id (f, f->facility, 4 - i % 4);
      c->regulations = g_strdupv ((char **) regulations);
      c->plan_elements = g_strsplit ("unauthorized-access", ",", -1);
      c->test_interval_days = 30;
      c->last_tested_on = g_strdup ("2025-01-01");
      if (i == 0)
        first = create_control (f, c);
      else
        create_control (f, c);
    }
  add_finding (f, first, "open");
  add_finding (f, first + 1, "in-progress");

  n_statements = 0;
  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, count_statement_cb, NULL);
  list = psems_control_list (f->store, f->facility, "2025-01-15", &error);
  sqlite3_trace_v2 (db, 0, NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 60);
  /* The controls, their regulations, their plan elements: not one query per control. */
  g_assert_cmpint (n_statements, <=, 4);

  for (guint i = 0; i < list->len; i++)
    {
      PsemsControl *c = g_ptr_array_index (list, i);

      g_assert_cmpuint (g_strv_length (c->regulations), ==, 2);
      g_assert_cmpuint (g_strv_length (c->plan_elements), ==, 1);
      g_assert_cmpint (c->degraded, ==, c->id == first || c->id == first + 1);
      if (i > 0)
        {
          PsemsControl *p = g_ptr_array_index (list, i - 1);

          g_assert_cmpint (p->layer_position, <=, c->layer_position);
          if (p->layer_position == c->layer_position)
            g_assert_cmpint (g_ascii_strcasecmp (p->name, c->name), <=, 0);
        }
    }

  /* All facilities; another facility's list is empty. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_control_list (f->store, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 60);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_control_list (f->store, f->other, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_enumerations (void)
{
  g_assert_cmpuint (g_strv_length ((char **) psems_control_domains ()), ==, 4);
  g_assert_cmpuint (g_strv_length ((char **) psems_control_functions ()), ==, 5);
  g_assert_cmpuint (g_strv_length ((char **) psems_control_statuses ()), ==, 5);
  g_assert_cmpstr (psems_control_status_label ("partially-effective"), ==, "Partially effective");
  g_assert_cmpstr (psems_control_function_label ("respond"), ==, "Respond");
  g_assert_cmpstr (psems_control_domain_label ("cyber"), ==, "Cyber");
  g_assert_null (psems_control_domain_label ("moral"));
  g_assert_null (psems_control_status_label (NULL));
}

static void
test_demo (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "demo.db");
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;
  gint64 terminal;
  guint degraded = 0, with_regulations = 0, with_elements = 0;

  psems_demo_options_init (&options);
  options.persons = 10;
  g_date_set_dmy (&options.as_of, 1, 3, 2026);
  g_assert_true (psems_demo_generate (store, actor, &options, &error));
  g_assert_no_error (error);

  terminal = psems_facility_resolve (store, "NHV-CT", &error);
  g_assert_no_error (error);
  layers = psems_layer_list (store, terminal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layers->len, ==, 4);
  controls = psems_control_list (store, terminal, "2026-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (controls->len, ==, 20);
  for (guint i = 0; i < controls->len; i++)
    {
      PsemsControl *c = g_ptr_array_index (controls, i);

      g_assert_cmpint (c->facility_id, ==, terminal);
      g_assert_nonnull (c->layer_name);
      degraded += c->degraded;
      with_regulations += c->regulations != NULL;
      with_elements += c->plan_elements != NULL;
      if (c->degraded)
        g_assert_true (c->test_overdue || c->open_findings > 0);
    }
  g_assert_cmpuint (with_regulations, ==, controls->len);
  g_assert_cmpuint (with_elements, >, 0);
  g_assert_cmpuint (degraded, >, 0);
  g_assert_cmpuint (degraded, <, controls->len);
  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/control/layers/default", test_default_layers);
  ADD ("/control/layers/save", test_layers_save);
  ADD ("/control/layers/resolve", test_layer_resolve);
  for (guint i = 0; i < G_N_ELEMENTS (problem_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/control/validate/%s", problem_cases[i].name);
      g_test_add (path, Fixture, &problem_cases[i], fixture_set_up, test_validate, fixture_tear_down);
    }
  ADD ("/control/create-and-read", test_create_and_read);
  ADD ("/control/regulation-regimes", test_regulation_regimes);
  ADD ("/control/update", test_update);
  ADD ("/control/rollback-midway", test_rollback_midway);
  for (guint i = 0; i < G_N_ELEMENTS (degraded_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/control/degraded/%s", degraded_cases[i].name);
      g_test_add (path, Fixture, &degraded_cases[i], fixture_set_up, test_degraded, fixture_tear_down);
    }
  ADD ("/control/record-test", test_record_test);
  ADD ("/control/list-is-set-wise", test_list_is_set_wise);
#undef ADD
  g_test_add_func ("/control/enumerations", test_enumerations);
  g_test_add_func ("/control/demo", test_demo);

  return g_test_run ();
}
