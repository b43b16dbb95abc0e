/* test-threat.c — the residual-risk formula, the risk matrix, threat scenarios and their links, the PFSA record. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

/* ───────────────────────────── the formula, on hand-made cases ───────────────────────────── */

/* A hand-made control: id, layer (1 … 4 = layer ids 1 … 4), effectiveness, effective. */
typedef struct
{
  gint64 id;
  gint64 layer_id;
  int effectiveness;
  gboolean effective;
} HandControl;

typedef struct
{
  const char *name;
  int likelihood;
  int consequence;
  HandControl controls[4];   /* ended by id 0 */
  gint64 linked[4];          /* the threat's mitigating controls, ended by 0 */
  double residual;
  int residual_class;
  int stop_position;
  const char *unopposed;     /* layer ids, "1,3,4" */
  const char *best;          /* per layer, "0,50,0,0" */
  const char *inherent_level;
  const char *residual_level;
} AssessCase;

static const AssessCase assess_cases[] = {
  { "no-controls-passes-through", 4, 3, { { 0 } }, { 0 }, 4.0, 4, 0, "1,2,3,4", "0,0,0,0", "High", "High" },
  { "one-layer-halves", 4, 3, { { 1, 2, 50, TRUE } }, { 1, 0 }, 2.0, 2, 2, "1,3,4", "0,50,0,0", "High", "Medium" },
  { "planned-does-not-count", 4, 3, { { 1, 1, 90, FALSE } }, { 1, 0 }, 4.0, 4, 0, "1,2,3,4", "0,0,0,0", "High",
    "High" },
  { "unlinked-does-not-count", 4, 3, { { 1, 1, 90, TRUE } }, { 0 }, 4.0, 4, 0, "1,2,3,4", "0,0,0,0", "High", "High" },
  { "best-of-two-on-a-layer", 5, 2, { { 1, 3, 40, TRUE }, { 2, 3, 70, TRUE } }, { 1, 2, 0 }, 1.5, 2, 3, "1,2,4",
    "0,0,70,0", "High", "Low" },
  { "degraded-better-one-ignored", 5, 2, { { 1, 3, 40, TRUE }, { 2, 3, 90, FALSE } }, { 1, 2, 0 }, 3.0, 3, 3,
    "1,2,4", "0,0,40,0", "High", "Medium" },
  { "two-layers-multiply", 4, 4, { { 1, 1, 50, TRUE }, { 2, 4, 50, TRUE } }, { 1, 2, 0 }, 1.0, 1, 1, "2,3", "50,0,0,50",
    "High", "Low" },
  { "stops-at-first-effective", 3, 5, { { 1, 3, 60, TRUE }, { 2, 2, 30, TRUE } }, { 1, 2, 0 }, 0.84, 1, 2, "1,4",
    "0,30,60,0", "High", "Medium" },
  { "class-rounds-up", 3, 3, { { 1, 1, 60, TRUE } }, { 1, 0 }, 1.2, 2, 1, "2,3,4", "60,0,0,0", "Medium", "Medium" },
  { "full-effect-floors-at-1", 5, 5, { { 1, 4, 100, TRUE } }, { 1, 0 }, 0.0, 1, 4, "1,2,3", "0,0,0,100",
    "Very high", "Medium" },
  { "effective-at-zero-does-not-stop", 2, 2, { { 1, 1, 0, TRUE } }, { 1, 0 }, 2.0, 2, 0, "1,2,3,4", "0,0,0,0", "Low",
    "Low" },
};

static char *
join_ids (GArray *ids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%lld", i > 0 ? "," : "", (long long) g_array_index (ids, gint64, i));
  return g_string_free (out, FALSE);
}

static char *
join_ints (GArray *ints)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ints->len; i++)
    g_string_append_printf (out, "%s%d", i > 0 ? "," : "", g_array_index (ints, int, i));
  return g_string_free (out, FALSE);
}

static void
test_assess (gconstpointer data)
{
  const AssessCase *ac = data;
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_layer_free);
  g_autoptr(GPtrArray) controls = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_control_free);
  g_autoptr(PsemsThreat) threat = psems_threat_new ();
  g_autoptr(PsemsRiskMatrix) matrix = psems_risk_matrix_new_default ();
  g_autofree char *unopposed = NULL;
  g_autofree char *best = NULL;
  PsemsThreatAssessment *a = &threat->assessment;

  for (int i = 1; i <= 4; i++)
    {
      PsemsLayer *layer = psems_layer_new ();

      layer->id = i;
      layer->position = i;
      layer->name = g_strdup_printf ("Ring %d", i);
      g_ptr_array_add (layers, layer);
    }
  for (guint i = 0; ac->controls[i].id != 0; i++)
    {
      PsemsControl *c = psems_control_new ();

      c->id = ac->controls[i].id;
      c->layer_id = ac->controls[i].layer_id;
      c->effectiveness = ac->controls[i].effectiveness;
      c->effective = ac->controls[i].effective;
      g_ptr_array_add (controls, c);
    }
  threat->likelihood = ac->likelihood;
  threat->consequence = ac->consequence;
  for (guint i = 0; ac->linked[i] != 0; i++)
    g_array_append_val (threat->control_ids, ac->linked[i]);

  /* Twice: the second call clears what the first filled. */
  psems_threat_assess (threat, layers, controls, matrix, a);
  psems_threat_assess (threat, layers, controls, matrix, a);

  g_assert_cmpint (a->inherent_score, ==, ac->likelihood * ac->consequence);
  g_assert_cmpfloat_with_epsilon (a->residual_likelihood, ac->residual, 1e-9);
  g_assert_cmpint (a->residual_likelihood_class, ==, ac->residual_class);
  g_assert_cmpint (a->stop_position, ==, ac->stop_position);
  g_assert_cmpint (a->stop_layer_id, ==, ac->stop_position);   /* layer ids equal positions here */
  unopposed = join_ids (a->unopposed_layers);
  g_assert_cmpstr (unopposed, ==, ac->unopposed);
  best = join_ints (a->best_per_layer);
  g_assert_cmpstr (best, ==, ac->best);
  g_assert_cmpstr (((PsemsRiskLevel *) g_ptr_array_index (matrix->levels, a->inherent_level))->name, ==,
                   ac->inherent_level);
  g_assert_cmpstr (((PsemsRiskLevel *) g_ptr_array_index (matrix->levels, a->residual_level))->name, ==,
                   ac->residual_level);
}

/* ───────────────────────────── the risk matrix ───────────────────────────── */

static void
test_matrix_default (void)
{
  g_autoptr(PsemsRiskMatrix) matrix = psems_risk_matrix_new_default ();
  static const struct { int l, c; const char *level; } cells[] = {
    { 1, 1, "Low" }, { 2, 2, "Low" }, { 1, 5, "Medium" }, { 3, 3, "Medium" }, { 2, 5, "High" },
    { 4, 4, "High" }, { 3, 5, "High" }, { 4, 5, "Very high" }, { 5, 5, "Very high" },
  };

  g_assert_cmpuint (matrix->levels->len, ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    g_assert_cmpstr (psems_risk_matrix_lookup (matrix, cells[i].l, cells[i].c)->name, ==, cells[i].level);
  for (guint i = 0; i < matrix->levels->len; i++)
    {
      PsemsRiskLevel *level = g_ptr_array_index (matrix->levels, i);

      g_assert_cmpint (level->position, ==, (int) i + 1);
      g_assert_cmpuint (strlen (level->colour), ==, 7);
    }
  g_assert_null (psems_risk_matrix_lookup (matrix, 0, 3));
  g_assert_null (psems_risk_matrix_lookup (matrix, 3, 6));
}

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility;
  gint64 other;
  gint64 layer[4];
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "threat.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  f->facility = psems_test_create_facility (f->store, f->actor, "ECT", NULL);
  f->other = psems_test_create_facility (f->store, f->actor, "WCT", NULL);
  layers = psems_layer_list (f->store, f->facility, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layers->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    f->layer[i] = ((PsemsLayer *) g_ptr_array_index (layers, i))->id;
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

static void
assert_same_matrix (const PsemsRiskMatrix *a,
                    const PsemsRiskMatrix *b)
{
  g_assert_cmpuint (a->levels->len, ==, b->levels->len);
  for (guint i = 0; i < a->levels->len; i++)
    {
      PsemsRiskLevel *x = g_ptr_array_index (a->levels, i);
      PsemsRiskLevel *y = g_ptr_array_index (b->levels, i);

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->colour, ==, y->colour);
      g_assert_cmpint (x->position, ==, y->position);
    }
  for (int l = 0; l < PSEMS_RISK_SCALE; l++)
    for (int c = 0; c < PSEMS_RISK_SCALE; c++)
      g_assert_cmpint (a->cell[l][c], ==, b->cell[l][c]);
}

static void
save_matrix_refused (Fixture               *f,
                     const PsemsRiskMatrix *matrix,
                     const char            *field)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = psems_test_dump_database (f->store);
  g_autofree char *after = NULL;

  g_assert_false (psems_risk_matrix_save (f->store, f->actor, matrix, &error));
  psems_test_assert_refused (error, field);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_matrix_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PsemsRiskMatrix) fresh = NULL;
  g_autoptr(PsemsRiskMatrix) def = psems_risk_matrix_new_default ();
  g_autoptr(PsemsRiskMatrix) stored = NULL;
  g_autoptr(PsemsRiskMatrix) again = NULL;
  g_autoptr(GError) error = NULL;
  PsemsRiskLevel *extreme;
  gint64 low_id;

  /* An empty database reads as the default. */
  fresh = psems_risk_matrix_load (f->store, &error);
  g_assert_no_error (error);
  assert_same_matrix (fresh, def);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM risk_level"), ==, 0);

  g_assert_true (psems_risk_matrix_save (f->store, f->actor, def, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM risk_level"), ==, 4);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM risk_matrix_cell"), ==, 25);
  stored = psems_risk_matrix_load (f->store, &error);
  g_assert_no_error (error);
  assert_same_matrix (stored, def);
  low_id = ((PsemsRiskLevel *) g_ptr_array_index (stored->levels, 0))->id;
  g_assert_cmpint (low_id, >, 0);

  /* Rename, recolour, swap two names, add a level on top and give it a cell. */
  {
    PsemsRiskLevel *low = g_ptr_array_index (stored->levels, 0);
    PsemsRiskLevel *high = g_ptr_array_index (stored->levels, 2);
    PsemsRiskLevel *very = g_ptr_array_index (stored->levels, 3);

    g_free (low->name);
    low->name = g_strdup ("Negligible");
    g_free (low->colour);
    low->colour = g_strdup ("#00ff00");
    g_free (high->name);
    high->name = g_strdup ("Very high");
    g_free (very->name);
    very->name = g_strdup ("High");
  }
  extreme = g_new0 (PsemsRiskLevel, 1);
  extreme->name = g_strdup ("Extreme");
  extreme->colour = g_strdup ("#800080");
  g_ptr_array_add (stored->levels, extreme);
  stored->cell[4][4] = 4;
  g_assert_true (psems_risk_matrix_save (f->store, f->actor, stored, &error));
  g_assert_no_error (error);
  again = psems_risk_matrix_load (f->store, &error);
  g_assert_no_error (error);
  extreme->position = 5;
  assert_same_matrix (again, stored);
  g_assert_cmpint (((PsemsRiskLevel *) g_ptr_array_index (again->levels, 0))->id, ==, low_id);
  g_assert_cmpstr (psems_risk_matrix_lookup (again, 5, 5)->name, ==, "Extreme");
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'risk-matrix'"),
                   ==, 2);

  /* Dropping a level. */
  g_ptr_array_remove_index (again->levels, 4);
  again->cell[4][4] = 3;
  g_assert_true (psems_risk_matrix_save (f->store, f->actor, again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM risk_level"), ==, 4);

  /* Refusals write nothing. */
  {
    g_autoptr(PsemsRiskMatrix) bad = psems_risk_matrix_new_default ();

    g_free (((PsemsRiskLevel *) g_ptr_array_index (bad->levels, 1))->colour);
    ((PsemsRiskLevel *) g_ptr_array_index (bad->levels, 1))->colour = g_strdup ("orange");
    save_matrix_refused (f, bad, "levels");
  }
  {
    g_autoptr(PsemsRiskMatrix) bad = psems_risk_matrix_new_default ();

    g_free (((PsemsRiskLevel *) g_ptr_array_index (bad->levels, 1))->name);
    ((PsemsRiskLevel *) g_ptr_array_index (bad->levels, 1))->name = g_strdup (" low ");
    save_matrix_refused (f, bad, "levels");
  }
  {
    g_autoptr(PsemsRiskMatrix) bad = psems_risk_matrix_new_default ();

    g_free (((PsemsRiskLevel *) g_ptr_array_index (bad->levels, 2))->name);
    ((PsemsRiskLevel *) g_ptr_array_index (bad->levels, 2))->name = g_strdup ("");
    save_matrix_refused (f, bad, "levels");
  }
  {
    g_autoptr(PsemsRiskMatrix) bad = psems_risk_matrix_new_default ();

    g_ptr_array_set_size (bad->levels, 0);
    save_matrix_refused (f, bad, "levels");
  }
  {
    g_autoptr(PsemsRiskMatrix) bad = psems_risk_matrix_new_default ();

    for (int i = 0; i < 7; i++)
      {
        PsemsRiskLevel *level = g_new0 (PsemsRiskLevel, 1);

        level->name = g_strdup_printf ("Level %d", i);
        level->colour = g_strdup ("#123456");
        g_ptr_array_add (bad->levels, level);
      }
    save_matrix_refused (f, bad, "levels");
  }
  {
    g_autoptr(PsemsRiskMatrix) bad = psems_risk_matrix_new_default ();

    bad->cell[2][3] = 4;
    save_matrix_refused (f, bad, "cells");
    bad->cell[2][3] = -1;
    save_matrix_refused (f, bad, "cells");
  }
  {
    g_autoptr(PsemsRiskMatrix) bad = psems_risk_matrix_new_default ();

    ((PsemsRiskLevel *) g_ptr_array_index (bad->levels, 0))->id = 9999;
    save_matrix_refused (f, bad, "levels");
  }
}

/* ───────────────────────────── scenarios ───────────────────────────── */

static gint64
create_control (Fixture    *f,
                gint64      facility,
                gint64      layer,
                const char *status,
                int         effectiveness)
{
  g_autoptr(PsemsControl) c = psems_control_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  c->facility_id = facility;
  c->layer_id = layer;
  c->name = g_strdup_printf ("Control at %d %%", effectiveness);
  c->domain = g_strdup ("physical");
  c->function = g_strdup ("delay");
  g_free (c->status);
  c->status = g_strdup (status);
  c->effectiveness = effectiveness;
  id = psems_control_create (f->store, f->actor, c, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static PsemsThreat *
make_threat (Fixture    *f,
             const char *name,
             int         likelihood,
             int         consequence)
{
  PsemsThreat *t = psems_threat_new ();

  t->facility_id = f->facility;
  t->name = g_strdup (name);
  t->likelihood = likelihood;
  t->consequence = consequence;
  return t;
}

typedef struct
{
  const char *name;
  const char *field;
  void (*change) (Fixture *f, PsemsThreat *t);
} ThreatProblem;

static void t_no_facility_cb (Fixture *f, PsemsThreat *t) { t->facility_id = 0; }
static void t_unknown_facility_cb (Fixture *f, PsemsThreat *t) { t->facility_id = 4242; }
static void t_no_name_cb (Fixture *f, PsemsThreat *t) { g_free (t->name); t->name = g_strdup (" "); }
static void t_likelihood_0_cb (Fixture *f, PsemsThreat *t) { t->likelihood = 0; }
static void t_likelihood_6_cb (Fixture *f, PsemsThreat *t) { t->likelihood = 6; }
static void t_consequence_0_cb (Fixture *f, PsemsThreat *t) { t->consequence = 0; }
static void t_consequence_6_cb (Fixture *f, PsemsThreat *t) { t->consequence = 6; }
static void t_unknown_control_cb (Fixture *f, PsemsThreat *t)
{
  gint64 id = 4242;
  g_array_append_val (t->control_ids, id);
}
static void t_other_control_cb (Fixture *f, PsemsThreat *t)
{
  g_autoptr(GPtrArray) layers = psems_layer_list (f->store, f->other, NULL);
  gint64 id = create_control (f, f->other, ((PsemsLayer *) g_ptr_array_index (layers, 0))->id, "implemented", 50);

  g_array_append_val (t->control_ids, id);
}
static void t_unknown_pfsa_cb (Fixture *f, PsemsThreat *t) { t->pfsa_id = 4242; }
static void t_other_pfsa_cb (Fixture *f, PsemsThreat *t)
{
  g_autoptr(PsemsPfsa) p = psems_pfsa_new ();
  g_autoptr(GError) error = NULL;

  p->facility_id = f->other;
  p->title = g_strdup ("PFSA west");
  p->assessed_on = g_strdup ("2025-01-10");
  p->assessor = g_strdup ("RSO");
  g_assert_true (psems_pfsa_save (f->store, f->actor, p, &error));
  g_assert_no_error (error);
  t->pfsa_id = p->id;
}

static const ThreatProblem threat_problems[] = {
  { "no-facility", "facility_id", t_no_facility_cb },
  { "unknown-facility", "facility_id", t_unknown_facility_cb },
  { "no-name", "name", t_no_name_cb },
  { "likelihood-0", "likelihood", t_likelihood_0_cb },
  { "likelihood-6", "likelihood", t_likelihood_6_cb },
  { "consequence-0", "consequence", t_consequence_0_cb },
  { "consequence-6", "consequence", t_consequence_6_cb },
  { "unknown-control", "control_ids", t_unknown_control_cb },
  { "control-of-another-facility", "control_ids", t_other_control_cb },
  { "unknown-pfsa", "pfsa_id", t_unknown_pfsa_cb },
  { "pfsa-of-another-facility", "pfsa_id", t_other_pfsa_cb },
};

static void
test_threat_validate (Fixture       *f,
                      gconstpointer  data)
{
  const ThreatProblem *tp = data;
  g_autoptr(PsemsThreat) valid = make_threat (f, "Intrusion", 3, 4);
  g_autoptr(PsemsThreat) t = make_threat (f, "Intrusion", 3, 4);
  g_autoptr(GPtrArray) none = psems_threat_validate (f->store, valid);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpuint (none->len, ==, 0);
  tp->change (f, t);
  problems = psems_threat_validate (f->store, t);
  g_assert_true (psems_test_has_problem (problems, tp->field));

  before = psems_test_dump_database (f->store);
  g_assert_cmpint (psems_threat_create (f->store, f->actor, t, NULL, &error), ==, 0);
  psems_test_assert_refused (error, tp->field);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_threat_write_and_read (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PsemsThreat) t = make_threat (f, "  Intrusion over the fence  ", 3, 4);
  g_autoptr(PsemsThreat) low = make_threat (f, "Graffiti", 2, 1);
  g_autoptr(PsemsThreat) got = NULL;
  g_autoptr(PsemsThreat) updated = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *unopposed = NULL;
  gint64 fence, patrol, planned, id, audit;

  fence = create_control (f, f->facility, f->layer[0], "implemented", 50);
  patrol = create_control (f, f->facility, f->layer[2], "partially-effective", 75);
  planned = create_control (f, f->facility, f->layer[1], "planned", 90);
  g_array_append_val (t->control_ids, fence);
  g_array_append_val (t->control_ids, planned);
  g_array_append_val (t->control_ids, fence);   /* a repeat is dropped */
  t->target = g_strdup ("Container stack");

  id = psems_threat_create (f->store, f->actor, t, &ref, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ref, "THR-"));
  g_assert_cmpint (psems_threat_resolve (f->store, ref, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (psems_threat_resolve (f->store, "THR-1999-0001", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (psems_threat_create (f->store, f->actor, low, NULL, &error), >, 0);
  g_assert_no_error (error);

  got = psems_threat_get (f->store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->name, ==, "Intrusion over the fence");
  g_assert_cmpstr (got->target, ==, "Container stack");
  g_assert_cmpuint (got->control_ids->len, ==, 2);
  /* 3 × (1 − 0.5) = 1.5: stops at the perimeter; the planned control does not count. */
  g_assert_cmpfloat_with_epsilon (got->assessment.residual_likelihood, 1.5, 1e-9);
  g_assert_cmpint (got->assessment.stop_position, ==, 1);
  g_assert_cmpint (got->assessment.stop_layer_id, ==, f->layer[0]);
  unopposed = join_ids (got->assessment.unopposed_layers);
  {
    g_autofree char *expected = g_strdup_printf ("%lld,%lld,%lld", (long long) f->layer[1],
                                                 (long long) f->layer[2], (long long) f->layer[3]);
    g_assert_cmpstr (unopposed, ==, expected);
  }

  /* Highest inherent score first. */
  list = psems_threat_list (f->store, f->facility, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((PsemsThreat *) g_ptr_array_index (list, 0))->id, ==, id);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_threat_list (f->store, f->other, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);

  /* Update replaces the controls; an unchanged update writes nothing. */
  g_array_set_size (got->control_ids, 0);
  g_array_append_val (got->control_ids, patrol);
  got->likelihood = 4;
  g_assert_true (psems_threat_update (f->store, f->actor, got, &error));
  g_assert_no_error (error);
  updated = psems_threat_get (f->store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (updated->control_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (updated->control_ids, gint64, 0), ==, patrol);
  g_assert_cmpint (updated->assessment.stop_position, ==, 3);
  g_assert_cmpfloat_with_epsilon (updated->assessment.residual_likelihood, 1.0, 1e-9);
  audit = psems_test_count (f->store, "SELECT count(*) FROM audit_trail");
  g_assert_true (psems_threat_update (f->store, f->actor, updated, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==, audit);

  /* A finding against the patrol degrades it: the threat passes through. */
  psems_test_exec (f->store, "INSERT INTO finding (ref, facility_id, source, control_id, severity, title, raised_on,"
                             " status, created_at, updated_at) SELECT 'FND-2025-0001', facility_id, 'manual', id,"
                             " 'major', 'Patrol skipped', '2025-01-01', 'open', '2025-01-01T00:00:00Z',"
                             " '2025-01-01T00:00:00Z' FROM control WHERE name = 'Control at 75 %'");
  g_clear_pointer (&updated, psems_threat_free);
  updated = psems_threat_get (f->store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (updated->assessment.stop_position, ==, 0);
  g_assert_cmpuint (updated->assessment.unopposed_layers->len, ==, 4);
}

static void
test_threat_link (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PsemsThreat) t = make_threat (f, "Stowaways", 4, 3);
  g_autoptr(PsemsThreat) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) other_layers = psems_layer_list (f->store, f->other, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id, mine, theirs, audit;

  mine = create_control (f, f->facility, f->layer[1], "implemented", 80);
  theirs = create_control (f, f->other, ((PsemsLayer *) g_ptr_array_index (other_layers, 0))->id, "implemented", 80);
  id = psems_threat_create (f->store, f->actor, t, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (psems_threat_link (f->store, f->actor, id, mine, TRUE, &error));
  g_assert_no_error (error);
  got = psems_threat_get (f->store, id, NULL, &error);
  g_assert_cmpuint (got->control_ids->len, ==, 1);
  g_assert_cmpint (got->assessment.stop_position, ==, 2);

  /* Linking again changes nothing. */
  audit = psems_test_count (f->store, "SELECT count(*) FROM audit_trail");
  g_assert_true (psems_threat_link (f->store, f->actor, id, mine, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==, audit);

  /* A control of another facility is refused and nothing is written. */
  before = psems_test_dump_database (f->store);
  g_assert_false (psems_threat_link (f->store, f->actor, id, theirs, TRUE, &error));
  psems_test_assert_refused (error, "control_ids");
  g_clear_error (&error);
  g_assert_false (psems_threat_link (f->store, f->actor, id, 4242, TRUE, &error));
  psems_test_assert_refused (error, "control_ids");
  g_clear_error (&error);
  g_assert_false (psems_threat_link (f->store, f->actor, 4242, mine, TRUE, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);

  /* Unlink, then link back: the same row comes back. */
  g_assert_true (psems_threat_link (f->store, f->actor, id, mine, FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, psems_threat_free);
  got = psems_threat_get (f->store, id, NULL, &error);
  g_assert_cmpuint (got->control_ids->len, ==, 0);
  g_assert_cmpint (got->assessment.stop_position, ==, 0);
  g_assert_true (psems_threat_link (f->store, f->actor, id, mine, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM threat_mitigation"), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'threat'"
                                     " AND action IN ('link', 'unlink')"), ==, 3);
}

/* A write refused half-way by the database leaves no row behind. */
static void
test_threat_rollback_midway (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(PsemsThreat) t = make_threat (f, "Half-written", 3, 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 fence = create_control (f, f->facility, f->layer[0], "implemented", 50);

  g_array_append_val (t->control_ids, fence);
  psems_test_exec (f->store, "CREATE TEMP TRIGGER refuse_links BEFORE INSERT ON threat_mitigation"
                             " BEGIN SELECT RAISE (ABORT, 'links refused'); END");
  before = psems_test_dump_database (f->store);
  g_assert_cmpint (psems_threat_create (f->store, f->actor, t, NULL, &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "links refused"));
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM threat_scenario"), ==, 0);
}

/* ───────────────────────────── the PFSA record ───────────────────────────── */

typedef struct
{
  const char *name;
  const char *field;
  const char *title, *assessed_on, *assessor, *approved_on, *approved_by, *review_due;
} PfsaCase;

static const PfsaCase pfsa_cases[] = {
  { "no-title", "title", " ", "2025-01-10", "RSO", NULL, NULL, NULL },
  { "no-assessor", "assessor", "PFSA", "2025-01-10", NULL, NULL, NULL, NULL },
  { "no-date", "assessed_on", "PFSA", NULL, "RSO", NULL, NULL, NULL },
  { "not-a-date", "assessed_on", "PFSA", "10/01/2025", "RSO", NULL, NULL, NULL },
  { "assessed-in-the-future", "assessed_on", "PFSA", "2999-01-01", "RSO", NULL, NULL, NULL },
  { "approved-without-approver", "approved_by", "PFSA", "2025-01-10", "RSO", "2025-02-01", NULL, NULL },
  { "approver-without-date", "approved_on", "PFSA", "2025-01-10", "RSO", NULL, "Authority", NULL },
  { "approved-before-assessed", "approved_on", "PFSA", "2025-01-10", "RSO", "2025-01-09", "Authority", NULL },
  { "approved-not-a-date", "approved_on", "PFSA", "2025-01-10", "RSO", "2025-02-30", "Authority", NULL },
  { "review-before-assessed", "review_due", "PFSA", "2025-01-10", "RSO", NULL, NULL, "2024-12-31" },
};

static PsemsPfsa *
make_pfsa (const PfsaCase *pc,
           gint64          facility)
{
  PsemsPfsa *p = psems_pfsa_new ();

  p->facility_id = facility;
  p->title = g_strdup (pc->title);
  p->assessed_on = g_strdup (pc->assessed_on);
  p->assessor = g_strdup (pc->assessor);
  p->approved_on = g_strdup (pc->approved_on);
  p->approved_by = g_strdup (pc->approved_by);
  p->review_due = g_strdup (pc->review_due);
  return p;
}

static void
test_pfsa_validate (Fixture       *f,
                    gconstpointer  data)
{
  const PfsaCase *pc = data;
  g_autoptr(PsemsPfsa) p = make_pfsa (pc, f->facility);
  g_autoptr(GPtrArray) problems = psems_pfsa_validate (p);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (psems_test_has_problem (problems, pc->field));
  before = psems_test_dump_database (f->store);
  g_assert_false (psems_pfsa_save (f->store, f->actor, p, &error));
  psems_test_assert_refused (error, pc->field);
  g_assert_cmpint (p->id, ==, 0);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_pfsa_save (Fixture       *f,
                gconstpointer  data)
{
  static const PfsaCase first = { NULL, NULL, "PFSA 2024", "2024-03-01", "Nordic RSO", "2024-04-01", "Authority",
                                  "2025-03-01" };
  static const PfsaCase second = { NULL, NULL, "PFSA 2025", "2025-03-01", "Nordic RSO", NULL, NULL, "2030-03-01" };
  g_autoptr(PsemsPfsa) a = make_pfsa (&first, f->facility);
  g_autoptr(PsemsPfsa) b = make_pfsa (&second, f->facility);
  g_autoptr(PsemsPfsa) current = NULL;
  g_autoptr(PsemsPfsa) moved = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) none = psems_pfsa_validate (a);
  g_autoptr(PsemsThreat) t = make_threat (f, "Intrusion", 3, 3);
  g_autoptr(GError) error = NULL;
  gint64 audit;

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_null (psems_pfsa_get_current (f->store, f->facility, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (psems_pfsa_save (f->store, f->actor, a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (a->id, >, 0);
  g_assert_true (g_str_has_prefix (a->ref, "PFSA-"));
  g_assert_true (psems_pfsa_save (f->store, f->actor, b, &error));
  g_assert_no_error (error);

  t->pfsa_id = b->id;
  g_assert_cmpint (psems_threat_create (f->store, f->actor, t, NULL, &error), >, 0);
  g_assert_no_error (error);

  current = psems_pfsa_get_current (f->store, f->facility, "2026-01-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (current->id, ==, b->id);
  g_assert_cmpint (current->n_threats, ==, 1);
  g_assert_false (current->review_overdue);
  g_clear_pointer (&current, psems_pfsa_free);
  current = psems_pfsa_get_current (f->store, f->facility, "2030-03-02", &error);
  g_assert_true (current->review_overdue);

  list = psems_pfsa_list (f->store, f->facility, "2025-06-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((PsemsPfsa *) g_ptr_array_index (list, 0))->id, ==, b->id);
  g_assert_true (((PsemsPfsa *) g_ptr_array_index (list, 1))->review_overdue);
  g_assert_cmpstr (((PsemsPfsa *) g_ptr_array_index (list, 1))->approved_by, ==, "Authority");

  /* Update: approve the second; unchanged values write nothing. */
  b->approved_on = g_strdup ("2025-04-01");
  b->approved_by = g_strdup ("Designated Authority");
  g_assert_true (psems_pfsa_save (f->store, f->actor, b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM facility_assessment WHERE approved_by ="
                                     " 'Designated Authority'"), ==, 1);
  audit = psems_test_count (f->store, "SELECT count(*) FROM audit_trail");
  g_assert_true (psems_pfsa_save (f->store, f->actor, b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==, audit);

  /* It does not move to another facility. */
  moved = make_pfsa (&second, f->other);
  moved->id = b->id;
  g_assert_false (psems_pfsa_save (f->store, f->actor, moved, &error));
  psems_test_assert_refused (error, "facility_id");
}

/* ───────────────────────────── the demo ───────────────────────────── */

static void
test_demo (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "demo.db");
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GPtrArray) threats = NULL;
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(PsemsRiskMatrix) matrix = NULL;
  g_autoptr(PsemsPfsa) pfsa = NULL;
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;
  gint64 terminal;

  psems_demo_options_init (&options);
  options.persons = 10;
  g_date_set_dmy (&options.as_of, 1, 3, 2026);
  g_assert_true (psems_demo_generate (store, actor, &options, &error));
  g_assert_no_error (error);
  terminal = psems_facility_resolve (store, "NHV-CT", &error);
  g_assert_no_error (error);

  matrix = psems_risk_matrix_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matrix->levels->len, ==, 4);
  g_assert_cmpint (((PsemsRiskLevel *) g_ptr_array_index (matrix->levels, 0))->id, >, 0);

  pfsa = psems_pfsa_get_current (store, terminal, "2026-03-01", &error);
  g_assert_no_error (error);
  g_assert_nonnull (pfsa);
  g_assert_cmpint (pfsa->n_threats, ==, 5);

  threats = psems_threat_list (store, terminal, "2026-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (threats->len, ==, 5);
  layers = psems_layer_list (store, terminal, &error);
  g_assert_no_error (error);
  controls = psems_control_list (store, terminal, "2026-03-01", &error);
  g_assert_no_error (error);

  /* What list computed is what the formula gives on the same inputs. */
  for (guint i = 0; i < threats->len; i++)
    {
      PsemsThreat *t = g_ptr_array_index (threats, i);
      PsemsThreatAssessment again = { 0 };

      g_assert_cmpuint (t->control_ids->len, >, 0);
      psems_threat_assess (t, layers, controls, matrix, &again);
      g_assert_cmpfloat_with_epsilon (again.residual_likelihood, t->assessment.residual_likelihood, 1e-12);
      g_assert_cmpint (again.stop_position, ==, t->assessment.stop_position);
      g_assert_cmpuint (again.unopposed_layers->len, ==, t->assessment.unopposed_layers->len);
      g_assert_cmpuint (t->assessment.best_per_layer->len, ==, layers->len);
      g_assert_cmpfloat (t->assessment.residual_likelihood, <=, t->likelihood);
      if (i > 0)
        {
          PsemsThreat *p = g_ptr_array_index (threats, i - 1);
          g_assert_cmpint (p->likelihood * p->consequence, >=, t->likelihood * t->consequence);
        }
      psems_threat_assessment_clear (&again);
    }
  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (assess_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/threat/assess/%s", assess_cases[i].name);
      g_test_add_data_func (path, &assess_cases[i], test_assess);
    }
  g_test_add_func ("/threat/matrix/default", test_matrix_default);
  g_test_add ("/threat/matrix/round-trip", Fixture, NULL, fixture_set_up, test_matrix_round_trip, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (threat_problems); i++)
    {
      g_autofree char *path = g_strdup_printf ("/threat/validate/%s", threat_problems[i].name);
      g_test_add (path, Fixture, &threat_problems[i], fixture_set_up, test_threat_validate, fixture_tear_down);
    }
  g_test_add ("/threat/write-and-read", Fixture, NULL, fixture_set_up, test_threat_write_and_read,
              fixture_tear_down);
  g_test_add ("/threat/link", Fixture, NULL, fixture_set_up, test_threat_link, fixture_tear_down);
  g_test_add ("/threat/rollback-midway", Fixture, NULL, fixture_set_up, test_threat_rollback_midway,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (pfsa_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/threat/pfsa/validate/%s", pfsa_cases[i].name);
      g_test_add (path, Fixture, &pfsa_cases[i], fixture_set_up, test_pfsa_validate, fixture_tear_down);
    }
  g_test_add ("/threat/pfsa/save", Fixture, NULL, fixture_set_up, test_pfsa_save, fixture_tear_down);
  g_test_add_func ("/threat/demo", test_demo);

  return g_test_run ();
}
