/* test-diagram-layout.c — the diagram's pure layout: rings, nodes on their own ring without overlap, hit testing, arrows, the key. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "psems-diagram.h"

#define WIDTH  1600.0
#define HEIGHT 1200.0

static const char * const layer_names[] = {
  "Perimeter", "Access control", "Restricted area", "Critical asset", "Vault", "Core", "Inner", "Heart"
};
static const char * const statuses[] = {
  "planned", "implemented", "partially-effective", "ineffective", "retired"
};
static const char * const functions[] = { "deter", "detect", "delay", "respond", "recover" };

static PsemsLayer *
add_layer (PsemsDiagramInput *input,
           gint64             id,
           const char        *name)
{
  PsemsLayer *layer = psems_layer_new ();

  layer->id = id;
  layer->facility_id = 1;
  layer->position = input->layers->len + 1;
  layer->name = g_strdup (name);
  g_ptr_array_add (input->layers, layer);
  return layer;
}

static PsemsControl *
add_control (PsemsDiagramInput *input,
             gint64             id,
             int                ring,
             const char        *name,
             const char        *status,
             int                effectiveness)
{
  PsemsControl *control = psems_control_new ();
  const PsemsLayer *layer = g_ptr_array_index (input->layers, ring);

  control->id = id;
  control->ref = g_strdup_printf ("CTL-2026-%04d", (int) id);
  control->facility_id = 1;
  control->layer_id = layer->id;
  control->layer_position = layer->position;
  control->name = g_strdup (name);
  g_free (control->status);
  control->status = g_strdup (status);
  control->function = g_strdup (functions[id % G_N_ELEMENTS (functions)]);
  control->domain = g_strdup ("physical");
  control->effectiveness = effectiveness;
  control->effective = g_str_equal (status, "implemented") || g_str_equal (status, "partially-effective");
  control->degraded = id % 7 == 0 && !g_str_equal (status, "planned") && !g_str_equal (status, "retired");
  if (control->degraded)
    control->effective = FALSE;
  g_ptr_array_add (input->controls, control);
  return control;
}

/* @n_controls on @n_layers, each on a layer drawn from a seeded generator, with long names. */
static PsemsDiagramInput *
make_input (int     n_layers,
            int     n_controls,
            guint32 seed)
{
  PsemsDiagramInput *input = psems_diagram_input_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  input->title = g_strdup ("Nordhaven Container Terminal");
  input->subtitle = g_strdup ("Defence in depth · 26 November 2026");
  input->as_of = g_strdup ("2026-11-26");
  for (int i = 0; i < n_layers; i++)
    add_layer (input, 100 + i, layer_names[i]);
  for (int c = 1; c <= n_controls; c++)
    {
      g_autofree char *name = g_strdup_printf ("Control %d with a name that takes room", c);

      add_control (input, c, g_rand_int_range (rand, 0, n_layers), name,
                   statuses[c % G_N_ELEMENTS (statuses)], 50);
    }
  return input;
}

static const PsemsControl *
find_control (const PsemsDiagramInput *input,
              gint64                   id)
{
  for (guint i = 0; i < input->controls->len; i++)
    if (((PsemsControl *) g_ptr_array_index (input->controls, i))->id == id)
      return g_ptr_array_index (input->controls, i);
  return NULL;
}

static double
radius_of (const PsemsDiagramLayout *layout,
           double                    x,
           double                    y)
{
  return hypot (x - layout->centre_x, y - layout->centre_y);
}

static void
test_layout_rings (void)
{
  g_autoptr(PsemsDiagramInput) input = make_input (4, 20, 1);
  g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, WIDTH, HEIGHT);
  double previous = G_MAXDOUBLE;

  g_assert_cmpuint (layout->rings->len, ==, 4);
  g_assert_cmpstr (layout->title, ==, "Nordhaven Container Terminal");
  for (guint i = 0; i < layout->rings->len; i++)
    {
      const PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing, i);

      /* Outside in, each ring inside the one before, touching it. */
      g_assert_cmpint (ring->layer_id, ==, 100 + i);
      g_assert_cmpstr (ring->name, ==, layer_names[i]);
      g_assert_cmpfloat (ring->outer_radius, <=, previous + 1e-9);
      if (i > 0)
        g_assert_cmpfloat_with_epsilon (ring->outer_radius, previous, 1e-6);
      g_assert_cmpfloat (ring->inner_radius, <, ring->outer_radius);
      previous = ring->inner_radius;
      /* Its name inside its band, at 12 o'clock. */
      g_assert_cmpfloat (layout->centre_y - ring->label_y, >, i + 1 < layout->rings->len ? ring->inner_radius : layout->core_radius);
      g_assert_cmpfloat (layout->centre_y - ring->label_y, <, ring->outer_radius);
      g_assert_cmpfloat (ring->label_x, ==, layout->centre_x);
    }
  /* The innermost is a disc around the asset core. */
  g_assert_cmpfloat (g_array_index (layout->rings, PsemsDiagramRing, 3).inner_radius, ==, 0);
  g_assert_cmpfloat (layout->core_radius, >, 0);
  /* Everything on the canvas: rings, title and panel do not overlap. */
  g_assert_cmpfloat (layout->centre_x - layout->outer_radius, >=, 0);
  g_assert_cmpfloat (layout->centre_x + layout->outer_radius, <=, layout->panel.x);
  g_assert_cmpfloat (layout->centre_y - layout->outer_radius, >=, layout->subtitle_box.y + layout->subtitle_box.height);
  g_assert_cmpfloat (layout->centre_y + layout->outer_radius, <=, HEIGHT);
}

/* Every control one node, on its own layer's ring, at least the smallest size, none overlapping. */
static void
check_nodes (guint n_controls,
             int   n_layers)
{
  g_autoptr(PsemsDiagramInput) input = make_input (n_layers, n_controls, 42 + n_controls);
  g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, WIDTH, HEIGHT);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_assert_cmpuint (layout->nodes->len, ==, n_controls);
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);
      const PsemsControl *control = find_control (input, node->control_id);
      const PsemsDiagramRing *ring;
      double r = radius_of (layout, node->x, node->y);
      double inner;

      g_assert_nonnull (control);
      g_assert_false (g_hash_table_contains (seen, &node->control_id));
      g_hash_table_add (seen, (gpointer) &node->control_id);

      g_assert_cmpint (node->ring, >=, 0);
      g_assert_cmpint (node->ring, <, (int) layout->rings->len);
      ring = &g_array_index (layout->rings, PsemsDiagramRing, node->ring);
      g_assert_cmpint (ring->layer_id, ==, control->layer_id);
      g_assert_cmpint (node->track, <, ring->n_tracks);
      g_assert_cmpfloat (node->size, >=, PSEMS_DIAGRAM_MIN_NODE);
      /* The whole node inside its band (the innermost one's band starts at the asset core). */
      inner = node->ring + 1 == (int) layout->rings->len ? layout->core_radius : ring->inner_radius;
      g_assert_cmpfloat (r - node->size / 2, >=, inner - 1e-6);
      g_assert_cmpfloat (r + node->size / 2, <=, ring->outer_radius + 1e-6);
      g_assert_cmpstr (node->status, ==, control->status);
      g_assert_cmpstr (node->function, ==, control->function);
      g_assert_cmpint (node->degraded, ==, control->degraded);
      g_assert_cmpint (node->number, ==, (int) i + 1);

      for (guint j = 0; j < i; j++)
        {
          const PsemsDiagramNode *other = &g_array_index (layout->nodes, PsemsDiagramNode, j);
          double distance = hypot (node->x - other->x, node->y - other->y);

          if (distance < (node->size + other->size) / 2)
            g_error ("%u controls: nodes %d and %d overlap (%.1f apart, size %.1f)", n_controls,
                     node->number, other->number, distance, node->size);
        }
    }
  /* Crowded rings get more tracks. */
  if (n_controls >= 500)
    {
      gboolean several = FALSE;

      for (guint i = 0; i < layout->rings->len; i++)
        several |= g_array_index (layout->rings, PsemsDiagramRing, i).n_tracks > 1;
      g_assert_true (several);
    }
}

static void
test_layout_nodes (void)
{
  static const guint counts[] = { 1, 10, 100, 500 };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    for (int layers = 2; layers <= 8; layers += 2)
      check_nodes (counts[i], layers);
}

/* The most a small canvas holds still keeps nodes apart at the smallest size. */
static void
test_layout_nodes_small_canvas (void)
{
  g_autoptr(PsemsDiagramInput) input = make_input (4, 500, 7);
  g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, 1000, 800);

  for (guint i = 0; i < layout->nodes->len; i++)
    for (guint j = 0; j < i; j++)
      {
        const PsemsDiagramNode *a = &g_array_index (layout->nodes, PsemsDiagramNode, i);
        const PsemsDiagramNode *b = &g_array_index (layout->nodes, PsemsDiagramNode, j);

        g_assert_cmpfloat (a->size, >=, PSEMS_DIAGRAM_MIN_NODE);
        g_assert_cmpfloat (hypot (a->x - b->x, a->y - b->y), >=, (a->size + b->size) / 2);
      }
}

static void
test_layout_hit (void)
{
  static const guint counts[] = { 10, 100, 500 };

  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      g_autoptr(PsemsDiagramInput) input = make_input (4, counts[c], 3);
      g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, WIDTH, HEIGHT);

      for (guint i = 0; i < layout->nodes->len; i++)
        {
          const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);

          g_assert_cmpint (psems_diagram_layout_hit (layout, node->x, node->y), ==, node->control_id);
          /* A little off centre, still inside the marker. */
          g_assert_cmpint (psems_diagram_layout_hit (layout, node->x + node->size * 0.3, node->y),
                           ==, node->control_id);
          g_assert_true (psems_diagram_layout_find_node (layout, node->control_id) == node);
        }
      /* Nothing at the corners, the asset core or a ring's name. */
      g_assert_cmpint (psems_diagram_layout_hit (layout, 1, 1), ==, 0);
      g_assert_cmpint (psems_diagram_layout_hit (layout, 1, HEIGHT - 1), ==, 0);
      g_assert_cmpint (psems_diagram_layout_hit (layout, layout->centre_x, layout->centre_y), ==, 0);
      g_assert_cmpint (psems_diagram_layout_hit (layout, g_array_index (layout->rings, PsemsDiagramRing, 0).label_x,
                                                 g_array_index (layout->rings, PsemsDiagramRing, 0).label_y), ==, 0);
      g_assert_null (psems_diagram_layout_find_node (layout, 999999));
      /* Rows of the key select their control too. */
      for (guint i = 0; i < layout->key_entries->len; i++)
        {
          const PsemsDiagramKeyEntry *entry = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i);

          if (entry->kind == PSEMS_DIAGRAM_KEY_CONTROL)
            g_assert_cmpint (psems_diagram_layout_hit (layout, entry->box.x + entry->box.width / 2,
                                                       entry->box.y + entry->box.height / 2), ==, entry->id);
          else
            g_assert_cmpint (psems_diagram_layout_hit (layout, entry->box.x + entry->box.width / 2,
                                                       entry->box.y + entry->box.height / 2), ==, 0);
        }
    }
}

static void
assert_rects_equal (const PsemsDiagramRect *a,
                    const PsemsDiagramRect *b)
{
  g_assert_true (memcmp (a, b, sizeof *a) == 0);
}

static void
assert_layouts_equal (const PsemsDiagramLayout *a,
                      const PsemsDiagramLayout *b)
{
  g_assert_cmpfloat (a->centre_x, ==, b->centre_x);
  g_assert_cmpfloat (a->centre_y, ==, b->centre_y);
  g_assert_cmpfloat (a->font_size, ==, b->font_size);
  g_assert_cmpint (a->numbered, ==, b->numbered);
  assert_rects_equal (&a->legend, &b->legend);
  assert_rects_equal (&a->key, &b->key);
  g_assert_cmpuint (a->rings->len, ==, b->rings->len);
  for (guint i = 0; i < a->rings->len; i++)
    {
      const PsemsDiagramRing *ra = &g_array_index (a->rings, PsemsDiagramRing, i);
      const PsemsDiagramRing *rb = &g_array_index (b->rings, PsemsDiagramRing, i);

      g_assert_cmpstr (ra->name, ==, rb->name);
      g_assert_cmpfloat (ra->inner_radius, ==, rb->inner_radius);
      g_assert_cmpfloat (ra->outer_radius, ==, rb->outer_radius);
      g_assert_cmpint (ra->n_tracks, ==, rb->n_tracks);
    }
  g_assert_cmpuint (a->nodes->len, ==, b->nodes->len);
  for (guint i = 0; i < a->nodes->len; i++)
    {
      const PsemsDiagramNode *na = &g_array_index (a->nodes, PsemsDiagramNode, i);
      const PsemsDiagramNode *nb = &g_array_index (b->nodes, PsemsDiagramNode, i);

      g_assert_cmpint (na->control_id, ==, nb->control_id);
      g_assert_cmpfloat (na->x, ==, nb->x);
      g_assert_cmpfloat (na->y, ==, nb->y);
      g_assert_cmpfloat (na->size, ==, nb->size);
      g_assert_cmpint (na->number, ==, nb->number);
      assert_rects_equal (&na->hit, &nb->hit);
      assert_rects_equal (&na->label_box, &nb->label_box);
    }
  g_assert_cmpuint (a->arrows->len, ==, b->arrows->len);
  for (guint i = 0; i < a->arrows->len; i++)
    {
      const PsemsDiagramArrow *aa = &g_array_index (a->arrows, PsemsDiagramArrow, i);
      const PsemsDiagramArrow *ab = &g_array_index (b->arrows, PsemsDiagramArrow, i);

      g_assert_cmpint (aa->threat_id, ==, ab->threat_id);
      g_assert_cmpfloat (aa->end_x, ==, ab->end_x);
      g_assert_cmpfloat (aa->end_y, ==, ab->end_y);
      g_assert_cmpint (aa->stop_ring, ==, ab->stop_ring);
    }
  g_assert_cmpuint (a->key_entries->len, ==, b->key_entries->len);
  for (guint i = 0; i < a->key_entries->len; i++)
    {
      const PsemsDiagramKeyEntry *ea = &g_array_index (a->key_entries, PsemsDiagramKeyEntry, i);
      const PsemsDiagramKeyEntry *eb = &g_array_index (b->key_entries, PsemsDiagramKeyEntry, i);

      g_assert_cmpint (ea->kind, ==, eb->kind);
      g_assert_cmpstr (ea->text, ==, eb->text);
      assert_rects_equal (&ea->box, &eb->box);
    }
}

static void
test_layout_deterministic (void)
{
  g_autoptr(PsemsDiagramInput) first_input = make_input (5, 137, 9);
  g_autoptr(PsemsDiagramInput) second_input = make_input (5, 137, 9);
  g_autoptr(PsemsDiagramLayout) a = psems_diagram_layout_new (first_input, WIDTH, HEIGHT);
  g_autoptr(PsemsDiagramLayout) b = psems_diagram_layout_new (first_input, WIDTH, HEIGHT);
  g_autoptr(PsemsDiagramLayout) c = psems_diagram_layout_new (second_input, WIDTH, HEIGHT);
  g_autoptr(PsemsDiagramLayout) smaller = psems_diagram_layout_new (first_input, 800, 600);

  assert_layouts_equal (a, b);
  assert_layouts_equal (a, c);
  /* The size matters: a smaller canvas, smaller rings. */
  g_assert_cmpfloat (smaller->outer_radius, <, a->outer_radius);
}

/* Four layers, a control on each, and threats that meet effective controls on different layers. */
static void
test_layout_arrows (void)
{
  g_autoptr(PsemsDiagramInput) input = make_input (4, 0, 1);
  g_autoptr(PsemsRiskMatrix) matrix = psems_risk_matrix_new_default ();
  static const struct
  {
    gint64 controls[3];
    int stop_ring;            /* -1: passes through */
    double residual;          /* likelihood after the layers */
  } cases[] = {
    { { 1, 0 }, 0, 4 * 0.5 },            /* stopped at the perimeter */
    { { 3, 4, 0 }, 2, 4 * 0.2 * 0.4 },   /* the restricted area first (2 is not linked) */
    { { 2, 0 }, -1, 4 },                 /* only an ineffective control: passes through */
    { { 0 }, -1, 4 },                    /* nothing at all */
    { { 5, 4, 0 }, 3, 4 * 0.4 },         /* degraded 5 does not count */
  };

  add_control (input, 1, 0, "Fence", "implemented", 50);
  add_control (input, 2, 1, "Badge check", "ineffective", 90);
  add_control (input, 3, 2, "Patrol", "partially-effective", 80);
  add_control (input, 4, 3, "Two-person rule", "implemented", 60);
  {
    PsemsControl *degraded = add_control (input, 5, 2, "Monitoring", "implemented", 90);

    degraded->degraded = TRUE;
    degraded->effective = FALSE;
  }
  for (guint t = 0; t < G_N_ELEMENTS (cases); t++)
    {
      PsemsThreat *threat = psems_threat_new ();

      threat->id = 10 + t;
      threat->ref = g_strdup_printf ("THR-2026-%04u", t + 1);
      threat->facility_id = 1;
      threat->name = g_strdup_printf ("Threat %u", t + 1);
      threat->likelihood = 4;
      threat->consequence = 3;
      for (int k = 0; cases[t].controls[k] != 0; k++)
        g_array_append_val (threat->control_ids, cases[t].controls[k]);
      psems_threat_assess (threat, input->layers, input->controls, matrix, &threat->assessment);
      g_ptr_array_add (input->threats, threat);
      psems_diagram_input_select_threat (input, threat->id, TRUE);
    }

  {
    g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, WIDTH, HEIGHT);
    double outermost = g_array_index (layout->rings, PsemsDiagramRing, 0).outer_radius;

    g_assert_cmpuint (layout->arrows->len, ==, G_N_ELEMENTS (cases));
    for (guint t = 0; t < G_N_ELEMENTS (cases); t++)
      {
        const PsemsDiagramArrow *arrow = &g_array_index (layout->arrows, PsemsDiagramArrow, t);
        const PsemsThreat *threat = g_ptr_array_index (input->threats, t);
        double end = radius_of (layout, arrow->end_x, arrow->end_y);

        g_assert_cmpint (arrow->threat_id, ==, threat->id);
        g_assert_cmpfloat_with_epsilon (threat->assessment.residual_likelihood, cases[t].residual, 1e-9);
        g_assert_cmpint (arrow->stop_ring, ==, cases[t].stop_ring);
        g_assert_cmpint (arrow->passes_through, ==, cases[t].stop_ring < 0);
        g_assert_cmpint (arrow->number, ==, (int) t + 1);
        g_assert_true (strstr (arrow->label, threat->ref) != NULL);
        /* From outside the outermost ring … */
        g_assert_cmpfloat (radius_of (layout, arrow->start_x, arrow->start_y), >, outermost);
        /* … to the stopping ring, or into the asset core. */
        if (cases[t].stop_ring >= 0)
          {
            const PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing, cases[t].stop_ring);

            g_assert_cmpfloat (end, <, ring->outer_radius);
            g_assert_cmpfloat (end, >, ring->inner_radius);
            g_assert_cmpfloat (end, >, ring->outer_radius - layout->font_size);
          }
        else
          g_assert_cmpfloat (end, <, layout->core_radius);
        /* Towards the centre, along its own angle. */
        g_assert_cmpfloat_with_epsilon (atan2 (arrow->end_x - layout->centre_x, layout->centre_y - arrow->end_y),
                                        atan2 (arrow->start_x - layout->centre_x, layout->centre_y - arrow->start_y),
                                        1e-9);
        for (guint u = 0; u < t; u++)
          g_assert_cmpfloat (fabs (arrow->angle - g_array_index (layout->arrows, PsemsDiagramArrow, u).angle),
                             >, 0.3);
      }
    /* The key lists each drawn threat. */
    {
      guint n = 0;

      for (guint i = 0; i < layout->key_entries->len; i++)
        n += g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i).kind == PSEMS_DIAGRAM_KEY_THREAT;
      g_assert_cmpuint (n, ==, G_N_ELEMENTS (cases));
    }
  }

  /* An unselected threat has no arrow; the others keep their angle. */
  {
    g_autoptr(PsemsDiagramLayout) all = psems_diagram_layout_new (input, WIDTH, HEIGHT);
    g_autoptr(PsemsDiagramLayout) some = NULL;

    psems_diagram_input_select_threat (input, 11, FALSE);
    psems_diagram_input_select_threat (input, 11, FALSE);
    g_assert_false (psems_diagram_input_is_selected (input, 11));
    g_assert_true (psems_diagram_input_is_selected (input, 12));
    some = psems_diagram_layout_new (input, WIDTH, HEIGHT);
    g_assert_cmpuint (some->arrows->len, ==, G_N_ELEMENTS (cases) - 1);
    for (guint i = 0; i < some->arrows->len; i++)
      {
        const PsemsDiagramArrow *arrow = &g_array_index (some->arrows, PsemsDiagramArrow, i);

        g_assert_cmpint (arrow->threat_id, !=, 11);
        for (guint k = 0; k < all->arrows->len; k++)
          if (g_array_index (all->arrows, PsemsDiagramArrow, k).threat_id == arrow->threat_id)
            g_assert_cmpfloat (g_array_index (all->arrows, PsemsDiagramArrow, k).angle, ==, arrow->angle);
      }
  }
}

static void
test_layout_labels_or_key (void)
{
  /* A few short names fit beside their nodes. */
  {
    g_autoptr(PsemsDiagramInput) input = make_input (3, 0, 1);
    g_autoptr(PsemsDiagramLayout) layout = NULL;

    add_control (input, 1, 0, "Fence", "implemented", 50);
    add_control (input, 2, 0, "CCTV", "implemented", 50);
    add_control (input, 3, 1, "Gate", "planned", 50);
    add_control (input, 4, 2, "Safe", "retired", 50);
    layout = psems_diagram_layout_new (input, WIDTH, HEIGHT);
    g_assert_false (layout->numbered);
    g_assert_cmpfloat (layout->key.width, ==, 0);
    for (guint i = 0; i < layout->nodes->len; i++)
      {
        const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);

        g_assert_true (node->labelled);
        g_assert_cmpfloat (node->label_box.width, >, 0);
        /* The name's box is part of the hit box, and hits its control. */
        g_assert_cmpint (psems_diagram_layout_hit (layout, node->label_box.x + node->label_box.width / 2,
                                                   node->label_box.y + node->label_box.height / 2),
                         ==, node->control_id);
        for (guint j = 0; j < layout->nodes->len; j++)
          {
            const PsemsDiagramNode *other = &g_array_index (layout->nodes, PsemsDiagramNode, j);
            PsemsDiagramRect a = node->label_box;
            PsemsDiagramRect b = { other->x - other->size / 2, other->y - other->size / 2, other->size, other->size };

            g_assert_false (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height);
          }
      }
  }

  /* Many long names do not: numbers on the nodes and a numbered key beside the rings. */
  {
    g_autoptr(PsemsDiagramInput) input = make_input (4, 40, 5);
    g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, WIDTH, HEIGHT);
    int expected = 1;

    g_assert_true (layout->numbered);
    g_assert_cmpfloat (layout->key.width, >, 0);
    g_assert_cmpfloat (layout->key.x, >=, layout->centre_x + layout->outer_radius);
    g_assert_cmpint (layout->n_unlisted, ==, 0);
    for (guint i = 0; i < layout->key_entries->len; i++)
      {
        const PsemsDiagramKeyEntry *entry = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i);
        const PsemsDiagramNode *node;

        if (entry->kind != PSEMS_DIAGRAM_KEY_CONTROL)
          continue;
        node = psems_diagram_layout_find_node (layout, entry->id);
        g_assert_nonnull (node);
        g_assert_false (node->labelled);
        g_assert_cmpint (entry->number, ==, node->number);
        g_assert_cmpint (entry->number, ==, expected++);
        g_assert_cmpstr (entry->text, ==, find_control (input, entry->id)->name);
      }
    g_assert_cmpint (expected, ==, 41);
  }

  /* More than the panel holds: as many as fit, then "… and N more", all inside the panel. */
  {
    g_autoptr(PsemsDiagramInput) input = make_input (4, 500, 5);
    g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, WIDTH, HEIGHT);
    const PsemsDiagramKeyEntry *last;
    int listed = 0;

    g_assert_true (layout->numbered);
    for (guint i = 0; i < layout->key_entries->len; i++)
      {
        const PsemsDiagramKeyEntry *entry = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i);

        listed += entry->kind == PSEMS_DIAGRAM_KEY_CONTROL;
        g_assert_cmpfloat (entry->box.x, >=, layout->panel.x - 1e-6);
        g_assert_cmpfloat (entry->box.x + entry->box.width, <=, layout->panel.x + layout->panel.width + 1e-6);
        g_assert_cmpfloat (entry->box.y + entry->box.height, <=, layout->panel.y + layout->panel.height + 1e-6);
      }
    last = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, layout->key_entries->len - 1);
    g_assert_cmpint (last->kind, ==, PSEMS_DIAGRAM_KEY_MORE);
    g_assert_cmpint (layout->n_unlisted, ==, 500 - listed);
    g_assert_cmpint (layout->n_unlisted, >, 0);
    g_assert_true (strstr (last->text, "more") != NULL);
  }
}

static void
test_layout_legend (void)
{
  g_autoptr(PsemsDiagramInput) input = make_input (4, 10, 1);
  g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, WIDTH, HEIGHT);
  guint n_status = 0, n_function = 0, n_degraded = 0;

  for (guint i = 0; i < layout->key_entries->len; i++)
    {
      const PsemsDiagramKeyEntry *entry = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i);

      n_status += entry->kind == PSEMS_DIAGRAM_KEY_STATUS;
      n_function += entry->kind == PSEMS_DIAGRAM_KEY_FUNCTION;
      n_degraded += entry->kind == PSEMS_DIAGRAM_KEY_DEGRADED;
      if (entry->kind == PSEMS_DIAGRAM_KEY_STATUS)
        g_assert_cmpstr (entry->text, ==, psems_control_status_label (entry->status));
    }
  g_assert_cmpuint (n_status, ==, g_strv_length ((char **) psems_control_statuses ()));
  g_assert_cmpuint (n_function, ==, g_strv_length ((char **) psems_control_functions ()));
  g_assert_cmpuint (n_degraded, ==, 1);
  g_assert_cmpfloat (layout->legend.height, >, 0);
  g_assert_cmpfloat (layout->legend.x, >=, layout->centre_x + layout->outer_radius);
}

/* Degenerate inputs lay out without nodes and without failing. */
static void
test_layout_empty (void)
{
  g_autoptr(PsemsDiagramInput) input = psems_diagram_input_new ();
  g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, 300, 200);
  g_autoptr(PsemsDiagramLayout) portrait = NULL;

  g_assert_cmpuint (layout->rings->len, ==, 0);
  g_assert_cmpuint (layout->nodes->len, ==, 0);
  g_assert_cmpint (psems_diagram_layout_hit (layout, 150, 100), ==, 0);

  /* A tall picture puts the panel below the rings. */
  g_clear_pointer (&input, psems_diagram_input_free);
  input = make_input (3, 30, 2);
  portrait = psems_diagram_layout_new (input, 800, 1400);
  g_assert_cmpuint (portrait->nodes->len, ==, 30);
  g_assert_cmpfloat (portrait->panel.y, >=, portrait->centre_y + portrait->outer_radius);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diagram-layout/rings", test_layout_rings);
  g_test_add_func ("/diagram-layout/nodes", test_layout_nodes);
  g_test_add_func ("/diagram-layout/nodes-small-canvas", test_layout_nodes_small_canvas);
  g_test_add_func ("/diagram-layout/hit", test_layout_hit);
  g_test_add_func ("/diagram-layout/deterministic", test_layout_deterministic);
  g_test_add_func ("/diagram-layout/arrows", test_layout_arrows);
  g_test_add_func ("/diagram-layout/labels-or-key", test_layout_labels_or_key);
  g_test_add_func ("/diagram-layout/legend", test_layout_legend);
  g_test_add_func ("/diagram-layout/empty", test_layout_empty);
  return g_test_run ();
}
