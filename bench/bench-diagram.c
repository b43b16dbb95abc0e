/* bench-diagram.c — the defence-in-depth diagram at 500 controls and 40 threats on 1600×1200: cold layout and paint, warm repaint from the cached static part, against bare Cairo. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-cases.h"
#include "psems-diagram.h"

#define WIDTH       1600
#define HEIGHT      1200
#define N_CONTROLS  500
#define N_THREATS   40
#define N_COLD      15
#define N_FRAMES    300

static const char * const layer_names[] = { "Perimeter", "Access control", "Restricted area", "Critical asset" };
static const char * const statuses[] = { "planned", "implemented", "implemented", "partially-effective", "ineffective", "retired" };
static const char * const functions[] = { "deter", "detect", "delay", "respond", "recover" };
static const char * const words[] = {
  "Perimeter", "fence", "CCTV", "patrol", "badge", "check", "barrier", "lighting", "monitoring", "backup",
  "screening", "alarm", "response", "segmentation", "encryption", "training", "drill", "lock", "seal", "logging",
};

/* A port-authority-sized facility: realistic names, every status and function, some degraded,
 * threats with 1–4 mitigations, assessed by core's one formula. */
static PsemsDiagramInput *
make_input (void)
{
  PsemsDiagramInput *input = psems_diagram_input_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(PsemsRiskMatrix) matrix = psems_risk_matrix_new_default ();

  input->title = g_strdup ("Nordhaven Port Authority — all terminals");
  input->subtitle = g_strdup ("Defence in depth · 26 November 2026");
  input->as_of = g_strdup ("2026-11-26");
  for (guint i = 0; i < G_N_ELEMENTS (layer_names); i++)
    {
      PsemsLayer *layer = psems_layer_new ();

      layer->id = 1 + i;
      layer->position = 1 + i;
      layer->name = g_strdup (layer_names[i]);
      g_ptr_array_add (input->layers, layer);
    }
  for (int c = 1; c <= N_CONTROLS; c++)
    {
      PsemsControl *control = psems_control_new ();
      int layer = g_rand_int_range (rand, 0, G_N_ELEMENTS (layer_names));

      control->id = c;
      control->ref = g_strdup_printf ("CTL-2026-%04d", c);
      control->layer_id = 1 + layer;
      control->layer_position = 1 + layer;
      control->name = g_strdup_printf ("%s %s %s %d", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                       words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                       words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))], c);
      g_free (control->status);
      control->status = g_strdup (statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))]);
      control->function = g_strdup (functions[g_rand_int_range (rand, 0, G_N_ELEMENTS (functions))]);
      control->effectiveness = g_rand_int_range (rand, 20, 95);
      control->degraded = g_rand_int_range (rand, 0, 10) == 0;
      control->effective = !control->degraded && (g_str_equal (control->status, "implemented")
                                                   || g_str_equal (control->status, "partially-effective"));
      g_ptr_array_add (input->controls, control);
    }
  for (int t = 1; t <= N_THREATS; t++)
    {
      PsemsThreat *threat = psems_threat_new ();
      int n = g_rand_int_range (rand, 1, 5);

      threat->id = t;
      threat->ref = g_strdup_printf ("THR-2026-%04d", t);
      threat->name = g_strdup_printf ("Threat scenario %d against the terminal", t);
      threat->likelihood = g_rand_int_range (rand, 1, 6);
      threat->consequence = g_rand_int_range (rand, 1, 6);
      for (int k = 0; k < n; k++)
        {
          gint64 id = g_rand_int_range (rand, 1, N_CONTROLS + 1);

          g_array_append_val (threat->control_ids, id);
        }
      psems_threat_assess (threat, input->layers, input->controls, matrix, &threat->assessment);
      g_ptr_array_add (input->threats, threat);
      g_array_append_val (input->selected_threats, threat->id);
    }
  return input;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
median (double *ms,
        int     n)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_append_vals (values, ms, n);
  return psems_bench_percentile (values, 50);
}

/* Bare Cairo drawing what the painter draws for @layout, primitive for primitive: the same
 * arcs, paths, fills, strokes, dashes and as many strings (toy text API, no shaping). */
static void
paint_bare (cairo_t                  *cr,
            const PsemsDiagramLayout *layout,
            guint                     n_texts)
{
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  for (guint i = 0; i < layout->rings->len; i++)
    {
      const PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing, i);

      cairo_arc (cr, layout->centre_x, layout->centre_y, ring->outer_radius, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.9, 0.95, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.6, 0.75, 0.95);
      cairo_stroke (cr);
    }
  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const PsemsDiagramArrow *arrow = &g_array_index (layout->arrows, PsemsDiagramArrow, i);

      cairo_move_to (cr, arrow->start_x, arrow->start_y);
      cairo_line_to (cr, arrow->end_x, arrow->end_y);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.25);
      cairo_stroke (cr);
      cairo_arc (cr, arrow->start_x, arrow->start_y, 8, 0, 2 * G_PI);   /* the badge */
      cairo_fill (cr);
    }
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);

      cairo_new_sub_path (cr);
      cairo_arc (cr, node->x, node->y, node->size / 2, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.1, 0.5, 0.3);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_stroke (cr);
      if (node->degraded)
        {
          double dash[] = { 3, 2 };

          cairo_set_dash (cr, dash, 2, 0);
          cairo_arc (cr, node->x, node->y, node->size * 0.7, 0, 2 * G_PI);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
    }
  /* The panel's markers. */
  for (guint i = 0; i < layout->key_entries->len; i++)
    {
      const PsemsDiagramKeyEntry *entry = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i);

      cairo_arc (cr, entry->box.x + 6, entry->box.y + entry->box.height / 2, 5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, layout->key_font_size);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.15);
  for (guint i = 0; i < n_texts; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i % layout->nodes->len);

      cairo_move_to (cr, node->x, node->y);
      cairo_show_text (cr, i % 3 ? "Perimeter fence and CCTV" : "123");
    }
}

/* The strings psems_diagram_paint() draws for @layout. */
static guint
count_texts (const PsemsDiagramLayout *layout)
{
  guint n = 2 + layout->rings->len + 1;   /* title, subtitle, ring names, "Asset" */

  n += layout->nodes->len;               /* numbers or names */
  n += layout->arrows->len;              /* badges */
  for (guint i = 0; i < layout->key_entries->len; i++)
    {
      PsemsDiagramKeyKind kind = g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i).kind;

      n += kind == PSEMS_DIAGRAM_KEY_THREAT ? 3 : kind == PSEMS_DIAGRAM_KEY_CONTROL ? 2 : 1;
    }
  return n;
}

static void
paint_full (cairo_surface_t          *target,
            const PsemsDiagramLayout *layout,
            PsemsDiagramInput        *input,
            gint64                    selected)
{
  cairo_t *cr = cairo_create (target);

  psems_diagram_paint (cr, layout, input, selected);
  cairo_destroy (cr);
  cairo_surface_flush (target);
}

/* Cold: new data → a new layout and a whole paint (after one first paint that loads the fonts);
 * warm: the widget's way, the static part cached in an image surface, then per frame that
 * surface and the dynamic part (the selected control's highlight and the hovered one's halo). */
int
bench_case_diagram (const PsemsBenchOptions *options)
{
  g_autoptr(PsemsDiagramInput) input = make_input ();
  g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, WIDTH, HEIGHT);
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_surface_t *cache = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  double cold_ms[N_COLD], frame_ms[N_FRAMES], t0;
  cairo_t *cr;

  paint_full (target, layout, input, 0);
  for (int i = 0; i < N_COLD; i++)
    {
      g_autoptr(PsemsDiagramLayout) fresh = NULL;

      t0 = now_ms ();
      fresh = psems_diagram_layout_new (input, WIDTH, HEIGHT);
      paint_full (target, fresh, input, 0);
      cold_ms[i] = now_ms () - t0;
    }
  cr = cairo_create (cache);
  psems_diagram_paint_static (cr, layout, input);
  cairo_destroy (cr);
  cairo_surface_flush (cache);
  for (int i = 0; i < N_FRAMES; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i % layout->nodes->len);
      const PsemsDiagramNode *hover = &g_array_index (layout->nodes, PsemsDiagramNode, (i * 7) % layout->nodes->len);

      t0 = now_ms ();
      cr = cairo_create (target);
      cairo_set_source_surface (cr, cache, 0, 0);
      cairo_paint (cr);
      psems_diagram_paint_dynamic (cr, layout, node->control_id, hover->control_id);
      cairo_destroy (cr);
      cairo_surface_flush (target);
      frame_ms[i] = now_ms () - t0;
    }
  printf ("diagram: %d controls (%u on rings), %d threats (%u arrows), %d×%d\n", N_CONTROLS,
          layout->nodes->len, N_THREATS, layout->arrows->len, WIDTH, HEIGHT);
  psems_bench_metric ("cold-ms", median (cold_ms, N_COLD));
  psems_bench_metric ("warm-ms", median (frame_ms, N_FRAMES));
  cairo_surface_destroy (cache);
  cairo_surface_destroy (target);
  return 0;
}

/* Bare Cairo in the same run: the cold paint's primitives without Pango (toy text), and a warm
 * frame's primitives (one surface blit, three arcs). */
int
bench_case_bare_cairo (const PsemsBenchOptions *options)
{
  g_autoptr(PsemsDiagramInput) input = make_input ();
  g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (input, WIDTH, HEIGHT);
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_surface_t *cache = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  double cold_ms[N_COLD], frame_ms[N_FRAMES], t0;
  guint n_texts = count_texts (layout);
  cairo_t *cr;

  cr = cairo_create (target);
  paint_bare (cr, layout, n_texts);
  cairo_destroy (cr);
  for (int i = 0; i < N_COLD; i++)
    {
      t0 = now_ms ();
      cr = cairo_create (target);
      paint_bare (cr, layout, n_texts);
      cairo_destroy (cr);
      cairo_surface_flush (target);
      cold_ms[i] = now_ms () - t0;
    }
  cr = cairo_create (cache);
  paint_bare (cr, layout, n_texts);
  cairo_destroy (cr);
  cairo_surface_flush (cache);
  for (int i = 0; i < N_FRAMES; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i % layout->nodes->len);

      t0 = now_ms ();
      cr = cairo_create (target);
      cairo_set_source_surface (cr, cache, 0, 0);
      cairo_paint (cr);
      for (int k = 0; k < 3; k++)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, node->x, node->y, node->size * (0.9 + 0.1 * k), 0, 2 * G_PI);
          cairo_set_source_rgba (cr, 0.1, 0.4, 0.9, 0.5);
          cairo_stroke (cr);
        }
      cairo_destroy (cr);
      cairo_surface_flush (target);
      frame_ms[i] = now_ms () - t0;
    }
  psems_bench_metric ("cold-ms", median (cold_ms, N_COLD));
  psems_bench_metric ("warm-ms", median (frame_ms, N_FRAMES));
  cairo_surface_destroy (cache);
  cairo_surface_destroy (target);
  return 0;
}
