/* test-diagram-render.c — the diagram painted and exported: PNG pixels, SVG and PDF files, refusals,
 * the light and dark palettes. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "psems-diagram.h"
#include "psems-test-util.h"

#define WIDTH  1600
#define HEIGHT 1200
#define AS_OF  "2026-11-26"

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsDiagramInput *input;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;
  gint64 facility;

  fixture->dir = psems_test_make_dir ();
  fixture->store = psems_test_new_store (fixture->dir, "demo.db");
  psems_demo_options_init (&options);
  options.persons = 20;
  g_date_set_dmy (&options.as_of, 26, G_DATE_NOVEMBER, 2026);
  psems_demo_generate (fixture->store, actor, &options, &error);
  g_assert_no_error (error);

  facility = psems_facility_resolve (fixture->store, "NHV-CT", &error);
  g_assert_no_error (error);
  fixture->input = psems_diagram_input_load (fixture->store, facility, AS_OF, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->input);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->input, psems_diagram_input_free);
  g_clear_object (&fixture->store);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static void
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y,
           double           rgb[3])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 pixel;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  cairo_surface_flush (surface);
  memcpy (&pixel, data + y * cairo_image_surface_get_stride (surface) + x * 4, sizeof pixel);
  rgb[0] = ((pixel >> 16) & 0xff) / 255.0;
  rgb[1] = ((pixel >> 8) & 0xff) / 255.0;
  rgb[2] = (pixel & 0xff) / 255.0;
}

static void
assert_colour (cairo_surface_t *surface,
               double           x,
               double           y,
               const double     expected[3],
               const char      *what)
{
  double rgb[3];

  get_pixel (surface, (int) round (x), (int) round (y), rgb);
  for (int c = 0; c < 3; c++)
    if (fabs (rgb[c] - expected[c]) > 3.0 / 255)
      g_error ("%s at %.0f,%.0f: #%02x%02x%02x, expected #%02x%02x%02x", what, x, y,
               (int) round (rgb[0] * 255), (int) round (rgb[1] * 255), (int) round (rgb[2] * 255),
               (int) round (expected[0] * 255), (int) round (expected[1] * 255),
               (int) round (expected[2] * 255));
}

static double
distance_to_segment (double px,
                     double py,
                     double x0,
                     double y0,
                     double x1,
                     double y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  double t = ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy);

  t = CLAMP (t, 0, 1);
  return hypot (px - (x0 + t * dx), py - (y0 + t * dy));
}

/* A point in the middle of ring @index's band, away from nodes, arrows and the ring's name. */
static gboolean
find_free_point (const PsemsDiagramLayout *layout,
                 guint                     index,
                 double                   *x,
                 double                   *y)
{
  const PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing, index);
  double inner = index + 1 == layout->rings->len ? layout->core_radius : ring->inner_radius;

  for (double f = 0.5; f > 0.1; f -= 0.1)
    for (int side = -1; side <= 1; side += 2)
      for (int degrees = 60; degrees < 300; degrees++)
        {
          double r = inner + (0.5 + side * (0.5 - f)) * (ring->outer_radius - inner);
          double a = degrees * G_PI / 180;
          gboolean free = TRUE;

          *x = layout->centre_x + r * sin (a);
          *y = layout->centre_y - r * cos (a);
          /* Clear of the ring's edges (antialiased), nodes and their marks, and arrows. */
          free = r - inner > 3 && ring->outer_radius - r > 3;
          for (guint i = 0; i < layout->nodes->len && free; i++)
            {
              const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);

              free = hypot (*x - node->x, *y - node->y) > node->size;
            }
          for (guint i = 0; i < layout->arrows->len && free; i++)
            {
              const PsemsDiagramArrow *arrow = &g_array_index (layout->arrows, PsemsDiagramArrow, i);

              free = distance_to_segment (*x, *y, arrow->start_x, arrow->start_y, arrow->end_x, arrow->end_y)
                     > layout->font_size * 1.5;
            }
          if (free)
            return TRUE;
        }
  return FALSE;
}

static void
test_render_input (Fixture       *fixture,
                   gconstpointer  data)
{
  PsemsDiagramInput *input = fixture->input;

  g_assert_cmpstr (input->title, ==, "Nordhaven Container Terminal");
  g_assert_cmpstr (input->as_of, ==, AS_OF);
  g_assert_true (strstr (input->subtitle, "26 November 2026") != NULL);
  g_assert_cmpuint (input->layers->len, ==, 4);
  g_assert_cmpuint (input->controls->len, ==, 20);
  g_assert_cmpuint (input->threats->len, ==, 5);
  /* Every threat drawn at first. */
  g_assert_cmpuint (input->selected_threats->len, ==, 5);
  for (guint i = 0; i < input->threats->len; i++)
    g_assert_true (psems_diagram_input_is_selected (input, ((PsemsThreat *) g_ptr_array_index (input->threats, i))->id));
  /* Layers outside in, controls with their derived fields, threats assessed. */
  for (guint i = 0; i < input->layers->len; i++)
    g_assert_cmpint (((PsemsLayer *) g_ptr_array_index (input->layers, i))->position, ==, i + 1);
  {
    gboolean any_degraded = FALSE, any_stopped = FALSE;

    for (guint i = 0; i < input->controls->len; i++)
      any_degraded |= ((PsemsControl *) g_ptr_array_index (input->controls, i))->degraded;
    for (guint i = 0; i < input->threats->len; i++)
      any_stopped |= ((PsemsThreat *) g_ptr_array_index (input->threats, i))->assessment.stop_position > 0;
    g_assert_true (any_degraded);
    g_assert_true (any_stopped);
  }

  /* A facility that does not exist, a day that is not one: errors, no input. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsemsDiagramInput) none = psems_diagram_input_load (fixture->store, 4242, AS_OF, &error);

    g_assert_null (none);
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
    g_clear_error (&error);
    none = psems_diagram_input_load (fixture->store, 1, "26/11/2026", &error);
    g_assert_null (none);
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  }
}

static void
test_render_png (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "diagram.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (fixture->input, WIDTH, HEIGHT);
  cairo_surface_t *png;
  const double white[3] = { 1, 1, 1 };
  guint checked_nodes = 0;

  g_assert_true (psems_diagram_export (fixture->input, path, WIDTH, HEIGHT, &error));
  g_assert_no_error (error);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, HEIGHT);

  /* White paper around the picture. */
  assert_colour (png, 2, HEIGHT - 2, white, "background");

  /* Each ring its own shade, deeper inwards. */
  for (guint i = 0; i < layout->rings->len; i++)
    {
      double x, y, rgba[4];

      g_assert_true (find_free_point (layout, i, &x, &y));
      psems_diagram_get_ring_colour (i, layout->rings->len, rgba);
      assert_colour (png, x, y, rgba, g_array_index (layout->rings, PsemsDiagramRing, i).name);
      if (i > 0)
        {
          double outer[4];

          psems_diagram_get_ring_colour (i - 1, layout->rings->len, outer);
          g_assert_cmpfloat (rgba[0], <, outer[0]);
        }
    }

  /* Nodes in their status colour: the middle of the marker, left of its number. */
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);
      double rgba[4];

      if (g_str_equal (node->status, "retired") || g_str_equal (node->function, "deter") || node->number >= 10)
        continue;
      psems_diagram_get_status_colour (node->status, rgba);
      assert_colour (png, node->x - node->size * 0.3, node->y, rgba, "node");
      checked_nodes++;
    }
  g_assert_cmpuint (checked_nodes, >=, 3);
  cairo_surface_destroy (png);
}

/* The value of a "Name:   value" line of pdfinfo's output. */
static char *
pdfinfo_field (const char *out,
               const char *name)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autofree char *prefix = g_strconcat (name, ":", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strstrip (g_strdup (lines[i] + strlen (prefix)));
  return NULL;
}

static void
test_render_svg_pdf (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *svg = g_build_filename (fixture->dir, "diagram.svg", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "Diagram.PDF", NULL);
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) svg_bytes = NULL;
  g_autoptr(GBytes) pdf_bytes = NULL;
  const char *text;
  gsize length;

  g_assert_true (psems_diagram_export (fixture->input, svg, WIDTH, HEIGHT, &error));
  g_assert_no_error (error);
  svg_bytes = psems_test_read_file (svg);
  text = g_bytes_get_data (svg_bytes, &length);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (g_strstr_len (text, length, "<svg"));
  g_assert_nonnull (g_strstr_len (text, length, "</svg>"));

  /* The extension's case does not matter. */
  g_assert_true (psems_diagram_export (fixture->input, pdf, 842, 595, &error));
  g_assert_no_error (error);
  pdf_bytes = psems_test_read_file (pdf);
  text = g_bytes_get_data (pdf_bytes, &length);
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  /* A whole file: its trailer and end marker. */
  g_assert_nonnull (g_strstr_len (text + length - MIN (length, 1024), MIN (length, 1024), "trailer"));
  g_assert_nonnull (g_strstr_len (text + length - MIN (length, 64), MIN (length, 64), "%%EOF"));

  if (pdfinfo != NULL)
    {
      g_autofree char *out = NULL;
      int status;
      const char *argv[] = { pdfinfo, pdf, NULL };

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                                   &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, &error));
      g_assert_no_error (error);
      g_autofree char *pages = pdfinfo_field (out, "Pages");
      g_autofree char *title = pdfinfo_field (out, "Title");
      g_autofree char *size = pdfinfo_field (out, "Page size");

      g_assert_cmpstr (pages, ==, "1");
      g_assert_cmpstr (title, ==, "Nordhaven Container Terminal");
      g_assert_true (g_str_has_prefix (size, "842 x 595 pts"));
    }
  else
    g_test_message ("pdfinfo not found: the PDF was checked by its header and trailer only");
}

static void
test_render_refusals (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *gif = g_build_filename (fixture->dir, "diagram.gif", NULL);
  g_autofree char *bare = g_build_filename (fixture->dir, "diagram", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", "diagram.png", NULL);
  g_autofree char *existing = g_build_filename (fixture->dir, "old.png", NULL);
  g_autoptr(GError) error = NULL;

  /* An unknown type: refused, naming the file, nothing written. */
  g_assert_false (psems_diagram_export (fixture->input, gif, WIDTH, HEIGHT, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, gif));
  g_assert_nonnull (strstr (error->message, ".png"));
  g_assert_false (g_file_test (gif, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (psems_diagram_export (fixture->input, bare, WIDTH, HEIGHT, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_false (g_file_test (bare, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* An impossible size. */
  g_assert_false (psems_diagram_export (fixture->input, existing, 0, HEIGHT, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, existing));
  g_clear_error (&error);

  /* A folder that does not exist: the error names the file. */
  g_assert_false (psems_diagram_export (fixture->input, missing, WIDTH, HEIGHT, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* An existing file is replaced. */
  g_assert_true (g_file_set_contents (existing, "old", -1, NULL));
  g_assert_true (psems_diagram_export (fixture->input, existing, 320, 240, &error));
  g_assert_no_error (error);
  {
    cairo_surface_t *png = cairo_image_surface_create_from_png (existing);

    g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (png), ==, 320);
    cairo_surface_destroy (png);
  }
}

/* What a widget caches (the static part in a surface) plus the dynamic part draws the same
 * picture as one full paint; the highlight shows round the selected control only. */
static void
test_render_static_dynamic (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (fixture->input, 1000, 700);
  const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, 0);
  cairo_surface_t *full = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1000, 700);
  cairo_surface_t *cache = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1000, 700);
  cairo_surface_t *frame = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1000, 700);
  cairo_t *cr;
  double plain[3], lit[3];
  double ring_x = node->x, ring_y = node->y - node->size;

  cr = cairo_create (full);
  psems_diagram_paint (cr, layout, fixture->input, node->control_id);
  cairo_destroy (cr);

  cr = cairo_create (cache);
  psems_diagram_paint_static (cr, layout, fixture->input);
  cairo_destroy (cr);
  cr = cairo_create (frame);
  cairo_set_source_surface (cr, cache, 0, 0);
  cairo_paint (cr);
  psems_diagram_paint_dynamic (cr, layout, node->control_id, 0);
  cairo_destroy (cr);

  cairo_surface_flush (full);
  cairo_surface_flush (frame);
  g_assert_cmpint (memcmp (cairo_image_surface_get_data (full), cairo_image_surface_get_data (frame),
                           cairo_image_surface_get_stride (full) * 700), ==, 0);

  /* Just outside the node: the ring's tint without a highlight, the accent blue with it. */
  get_pixel (cache, (int) round (ring_x), (int) round (ring_y), plain);
  get_pixel (frame, (int) round (ring_x), (int) round (ring_y), lit);
  g_assert_cmpfloat (lit[2] - lit[0], >, plain[2] - plain[0] + 0.2);

  cairo_surface_destroy (full);
  cairo_surface_destroy (cache);
  cairo_surface_destroy (frame);
}

static double
luminance_of (const double rgb[3])
{
  double l[3];

  for (int c = 0; c < 3; c++)
    l[c] = rgb[c] <= 0.04045 ? rgb[c] / 12.92 : pow ((rgb[c] + 0.055) / 1.055, 2.4);
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

/* The widget's dark palette paints a dark canvas, dark rings and its own status fills, and its
 * selection in its accent; the exports stay on white paper whatever palette a widget used. */
static void
test_render_palettes (Fixture       *fixture,
                      gconstpointer  data)
{
  const PsemsDiagramPalette *light = psems_diagram_palette_get (PSEMS_DIAGRAM_STYLE_LIGHT);
  const PsemsDiagramPalette *dark = psems_diagram_palette_get (PSEMS_DIAGRAM_STYLE_DARK);
  g_autofree char *path = g_build_filename (fixture->dir, "after-dark.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsDiagramLayout) layout = psems_diagram_layout_new (fixture->input, WIDTH, HEIGHT);
  const PsemsDiagramNode *selected = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_surface_t *png;
  cairo_t *cr;
  double rgb[3], plain[3];
  guint checked_nodes = 0;

  g_assert_cmpstr (light->name, ==, "light");
  g_assert_cmpstr (dark->name, ==, "dark");
  /* The light palette is the one the plain functions paint in. */
  {
    double a[4], b[4];

    psems_diagram_get_ring_colour (1, 4, a);
    psems_diagram_palette_get_ring_colour (light, 1, 4, b);
    g_assert_cmpmem (a, sizeof a, b, sizeof b);
  }

  cr = cairo_create (surface);
  psems_diagram_paint_static_with_palette (cr, layout, fixture->input, dark);
  cairo_destroy (cr);

  /* A dark canvas: the palette's background, darker than 5 % luminance. */
  get_pixel (surface, 2, HEIGHT - 2, rgb);
  g_assert_cmpfloat (luminance_of (rgb), <, 0.05);
  assert_colour (surface, 2, HEIGHT - 2, (double[3]) { dark->background.r, dark->background.g,
                                                       dark->background.b }, "dark background");
  /* Dark rings, each its own shade, lighter inwards. */
  for (guint i = 0; i < layout->rings->len; i++)
    {
      double x, y, rgba[4];

      g_assert_true (find_free_point (layout, i, &x, &y));
      psems_diagram_palette_get_ring_colour (dark, i, layout->rings->len, rgba);
      assert_colour (surface, x, y, rgba, g_array_index (layout->rings, PsemsDiagramRing, i).name);
      get_pixel (surface, (int) round (x), (int) round (y), rgb);
      g_assert_cmpfloat (luminance_of (rgb), <, 0.05);
    }
  /* Nodes in the dark palette's status fills. */
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);
      const PsemsDiagramStatusStyle *style = psems_diagram_palette_get_status_style (dark, node->status);

      if (g_str_equal (node->status, "retired") || g_str_equal (node->function, "deter") || node->number >= 10)
        continue;
      assert_colour (surface, node->x - node->size * 0.3, node->y,
                     (double[3]) { style->fill.r, style->fill.g, style->fill.b }, "dark node");
      if (selected == NULL)
        selected = node;
      checked_nodes++;
    }
  g_assert_cmpuint (checked_nodes, >=, 3);

  /* The selection ring in the dark palette's accent, just outside the node. */
  g_assert_nonnull (selected);
  get_pixel (surface, (int) round (selected->x), (int) round (selected->y - selected->size), plain);
  cr = cairo_create (surface);
  psems_diagram_paint_dynamic_with_palette (cr, layout, selected->control_id, 0, dark);
  cairo_destroy (cr);
  assert_colour (surface, selected->x, selected->y - selected->size,
                 (double[3]) { dark->accent.r, dark->accent.g, dark->accent.b }, "dark selection ring");
  g_assert_cmpfloat (luminance_of ((double[3]) { dark->accent.r, dark->accent.g, dark->accent.b }),
                     >, luminance_of (plain) * 3);
  cairo_surface_destroy (surface);

  /* The export after all that: white paper, the light palette's rings. */
  g_assert_true (psems_diagram_export (fixture->input, path, WIDTH, HEIGHT, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  get_pixel (png, 2, HEIGHT - 2, rgb);
  g_assert_cmpfloat (luminance_of (rgb), >, 0.95);
  {
    double x, y, rgba[4];

    g_assert_true (find_free_point (layout, 0, &x, &y));
    psems_diagram_palette_get_ring_colour (light, 0, layout->rings->len, rgba);
    assert_colour (png, x, y, rgba, "exported outer ring");
  }
  cairo_surface_destroy (png);
}

/* Text in any script, through Pango, on every surface. */
static void
test_render_scripts (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "scripts.pdf", NULL);
  g_autoptr(GError) error = NULL;
  PsemsLayer *layer = g_ptr_array_index (fixture->input->layers, 0);
  PsemsControl *control = g_ptr_array_index (fixture->input->controls, 0);

  g_free (fixture->input->title);
  fixture->input->title = g_strdup ("Терминал Søndre Kai · 港口设施 · مرفأ");
  g_free (layer->name);
  layer->name = g_strdup ("Périmètre");
  g_free (control->name);
  control->name = g_strdup ("Clôture périmétrique — 周界围栏");
  g_assert_true (psems_diagram_export (fixture->input, path, WIDTH, HEIGHT, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/diagram-render/input", Fixture, NULL, fixture_set_up, test_render_input, fixture_tear_down);
  g_test_add ("/diagram-render/png", Fixture, NULL, fixture_set_up, test_render_png, fixture_tear_down);
  g_test_add ("/diagram-render/svg-pdf", Fixture, NULL, fixture_set_up, test_render_svg_pdf, fixture_tear_down);
  g_test_add ("/diagram-render/refusals", Fixture, NULL, fixture_set_up, test_render_refusals, fixture_tear_down);
  g_test_add ("/diagram-render/static-dynamic", Fixture, NULL, fixture_set_up, test_render_static_dynamic,
              fixture_tear_down);
  g_test_add ("/diagram-render/palettes", Fixture, NULL, fixture_set_up, test_render_palettes,
              fixture_tear_down);
  g_test_add ("/diagram-render/scripts", Fixture, NULL, fixture_set_up, test_render_scripts, fixture_tear_down);
  return g_test_run ();
}
