/* psems-level-badge.c — the security level badge (colour, rounded pill, number) painted on any cairo_t. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "psems-level-badge.h"

/* ISPS/MARSEC custom: green for normal, amber for heightened, red for exceptional.
 * The GNOME palette's green 5, yellow 5 and red 3, so the badge sits well in the app
 * and still prints clearly. */
static const double level_colours[][4] = {
  { 0x77 / 255.0, 0x76 / 255.0, 0x7b / 255.0, 1.0 },  /* unknown: grey */
  { 0x1d / 255.0, 0x84 / 255.0, 0x50 / 255.0, 1.0 },  /* level 1 */
  { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0, 1.0 },  /* level 2 */
  { 0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0, 1.0 },  /* level 3 */
};

#define FONT_FAMILY "Sans"

static int
clamp_level (int level)
{
  return (level >= PSEMS_LEVEL_MIN && level <= PSEMS_LEVEL_MAX) ? level : 0;
}

/**
 * psems_level_get_colour:
 * @level: the security level, 1–3; anything else is "unknown"
 * @rgba: (out): red, green, blue and alpha, each 0–1
 *
 * The colour a security level is shown in, everywhere: window, diagram, PDF.
 */
void
psems_level_get_colour (int    level,
                        double rgba[4])
{
  g_return_if_fail (rgba != NULL);
  memcpy (rgba, level_colours[clamp_level (level)], sizeof level_colours[0]);
}

/**
 * psems_level_get_text_colour:
 *
 * The colour of text drawn on psems_level_get_colour(): dark on amber, white on the others,
 * so each reaches a contrast of at least 4.5:1.
 */
void
psems_level_get_text_colour (int    level,
                             double rgba[4])
{
  g_return_if_fail (rgba != NULL);
  if (clamp_level (level) == 2)
    {
      rgba[0] = rgba[1] = rgba[2] = 0.1;
      rgba[3] = 1.0;
    }
  else
    {
      rgba[0] = rgba[1] = rgba[2] = rgba[3] = 1.0;
    }
}

typedef struct
{
  double inset;        /* between the pill's edge and the number disc */
  double disc;         /* the number disc's diameter */
  double gap;          /* between the disc and the label */
  double end_padding;  /* after the label */
  double label_size;   /* font sizes */
  double number_size;
} BadgeMetrics;

static void
compute_metrics (double        height,
                 BadgeMetrics *m)
{
  m->inset = round (height * 0.125);
  m->disc = height - 2 * m->inset;
  m->gap = round (height * 0.3);
  m->end_padding = round (height * 0.45);
  m->label_size = height * 0.5;
  m->number_size = height * 0.5;
}

static double
label_advance (cairo_t      *cr,
               BadgeMetrics *m,
               const char   *label)
{
  cairo_text_extents_t extents;

  cairo_select_font_face (cr, FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, m->label_size);
  cairo_text_extents (cr, label, &extents);
  return ceil (extents.x_advance);
}

/**
 * psems_level_badge_get_width:
 * @cr: a context to measure text with (nothing is painted)
 * @label: (nullable): the text after the number, e.g. "Level 2"; %NULL for the number alone
 *
 * Returns: the width psems_paint_level_badge() will paint at @height.
 */
double
psems_level_badge_get_width (cairo_t    *cr,
                             double      height,
                             const char *label)
{
  BadgeMetrics m;
  double width;

  g_return_val_if_fail (cr != NULL, 0.0);
  g_return_val_if_fail (height > 0.0, 0.0);

  compute_metrics (height, &m);
  if (label == NULL || *label == '\0')
    return height;

  cairo_save (cr);
  width = m.inset + m.disc + m.gap + label_advance (cr, &m, label) + m.end_padding;
  cairo_restore (cr);
  return width;
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height)
{
  double r = height / 2.0;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - r, y + r, r, -G_PI / 2.0, G_PI / 2.0);
  cairo_arc (cr, x + r, y + r, r, G_PI / 2.0, 3.0 * G_PI / 2.0);
  cairo_close_path (cr);
}

static void
show_centred_text (cairo_t    *cr,
                   const char *text,
                   double      cx,
                   double      cy)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr,
                 cx - (extents.x_bearing + extents.width / 2.0),
                 cy - (extents.y_bearing + extents.height / 2.0));
  cairo_show_text (cr, text);
}

/**
 * psems_paint_level_badge:
 * @cr: where to paint: a widget snapshot, a PNG, SVG or PDF surface
 * @x: @y: the badge's top-left corner
 * @height: its height; the width follows (see psems_level_badge_get_width())
 * @level: the security level, 1–3; anything else paints a grey "?"
 * @label: (nullable): text after the number, already translated
 *
 * A rounded pill in the level's colour holding a disc with the level number,
 * then @label. The state of @cr is left as it was.
 */
void
psems_paint_level_badge (cairo_t    *cr,
                         double      x,
                         double      y,
                         double      height,
                         int         level,
                         const char *label)
{
  double fill[4], ink[4];
  double width;
  char number[4];
  BadgeMetrics m;
  cairo_font_extents_t font_extents;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (height > 0.0);

  level = clamp_level (level);
  psems_level_get_colour (level, fill);
  psems_level_get_text_colour (level, ink);
  compute_metrics (height, &m);
  width = psems_level_badge_get_width (cr, height, label);
  if (level == 0)
    g_strlcpy (number, "?", sizeof number);
  else
    g_snprintf (number, sizeof number, "%d", level);

  cairo_save (cr);

  rounded_rectangle (cr, x, y, width, height);
  cairo_set_source_rgba (cr, fill[0], fill[1], fill[2], fill[3]);
  cairo_fill (cr);

  /* The disc takes the ink colour and the number the level colour, so the number
   * stays legible in greyscale print. */
  cairo_arc (cr, x + height / 2.0, y + height / 2.0, m.disc / 2.0, 0.0, 2.0 * G_PI);
  cairo_set_source_rgba (cr, ink[0], ink[1], ink[2], ink[3]);
  cairo_fill (cr);

  cairo_select_font_face (cr, FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, m.number_size);
  cairo_set_source_rgba (cr, fill[0], fill[1], fill[2], fill[3]);
  show_centred_text (cr, number, x + height / 2.0, y + height / 2.0);

  if (label != NULL && *label != '\0')
    {
      cairo_set_font_size (cr, m.label_size);
      cairo_font_extents (cr, &font_extents);
      cairo_set_source_rgba (cr, ink[0], ink[1], ink[2], ink[3]);
      /* Centre on the font's ascent and descent, not the label's own extents, so
       * "Level 2" and "Niveau 2" share a baseline. */
      cairo_move_to (cr,
                     x + m.inset + m.disc + m.gap,
                     y + height / 2.0 + (font_extents.ascent - font_extents.descent) / 2.0);
      cairo_show_text (cr, label);
    }

  cairo_restore (cr);
}
