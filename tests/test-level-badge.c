/* test-level-badge.c — the security level badge: colours, measured width, what it paints. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib.h>
#include <string.h>

#include "psems-level-badge.h"

static void
test_level_colours (void)
{
  double colours[4][4];

  for (int level = 0; level <= 3; level++)
    {
      psems_level_get_colour (level, colours[level]);
      g_assert_cmpfloat (colours[level][3], ==, 1.0);
    }
  /* Each level its own colour; out-of-range levels are "unknown". */
  for (int a = 0; a <= 3; a++)
    for (int b = a + 1; b <= 3; b++)
      g_assert_true (memcmp (colours[a], colours[b], sizeof colours[a]) != 0);
  {
    double unknown[4], too_high[4];

    psems_level_get_colour (0, unknown);
    psems_level_get_colour (7, too_high);
    g_assert_true (memcmp (unknown, too_high, sizeof unknown) == 0);
  }
  /* Red for level 3, green for level 1. */
  g_assert_cmpfloat (colours[3][0], >, colours[3][1]);
  g_assert_cmpfloat (colours[1][1], >, colours[1][0]);
}

static void
test_level_badge_width (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  double number_only = psems_level_badge_get_width (cr, 24, NULL);
  double short_label = psems_level_badge_get_width (cr, 24, "L 2");
  double long_label = psems_level_badge_get_width (cr, 24, "Sicherheitsstufe 2");

  g_assert_cmpfloat (number_only, ==, 24);
  g_assert_cmpfloat (short_label, >, number_only);
  g_assert_cmpfloat (long_label, >, short_label);
  /* Twice the height, about twice the width. */
  g_assert_cmpfloat (psems_level_badge_get_width (cr, 48, "L 2"), >, 1.8 * short_label);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y,
           guint8           rgb[3])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);

  rgb[0] = (pixel >> 16) & 0xff;
  rgb[1] = (pixel >> 8) & 0xff;
  rgb[2] = pixel & 0xff;
}

static void
test_level_badge_paint (void)
{
  for (int level = 1; level <= 3; level++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 40);
      cairo_t *cr = cairo_create (surface);
      double colour[4];
      double width;
      guint8 rgb[3];

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      width = psems_level_badge_get_width (cr, 24, "Level");
      psems_paint_level_badge (cr, 10, 8, 24, level, "Level");
      cairo_surface_flush (surface);

      /* The pill's colour just inside its right end, and nothing painted past it. */
      psems_level_get_colour (level, colour);
      get_pixel (surface, 10 + (int) width - 6, 8 + 12, rgb);
      g_assert_cmpint (ABS (rgb[0] - (int) (colour[0] * 255)), <=, 2);
      g_assert_cmpint (ABS (rgb[1] - (int) (colour[1] * 255)), <=, 2);
      g_assert_cmpint (ABS (rgb[2] - (int) (colour[2] * 255)), <=, 2);
      get_pixel (surface, 10 + (int) width + 3, 8 + 12, rgb);
      g_assert_cmpint (rgb[0] + rgb[1] + rgb[2], ==, 3 * 255);
      /* The painter leaves the context as it found it. */
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/level-badge/colours", test_level_colours);
  g_test_add_func ("/level-badge/width", test_level_badge_width);
  g_test_add_func ("/level-badge/paint", test_level_badge_paint);

  return g_test_run ();
}
