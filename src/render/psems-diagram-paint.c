/* psems-diagram-paint.c — draws a defence-in-depth diagram layout through a pen (psems-diagram-pen.h),
 * and the pen that draws on any cairo_t, text through Pango. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "psems-diagram-pen.h"
#include "psems-diagram-private.h"

/* Cantarell where GNOME's font is installed, DejaVu Sans on a bare Debian; Pango falls back
 * per character for any script neither covers. */
#define FONT_FAMILY "Cantarell,DejaVu Sans,sans-serif"

typedef PsemsDiagramColour Rgb;

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

/* Paper. Status fills from the GNOME palette, darkened where white numbers sit on them so that
 * each reaches 4.5:1; amber carries dark text; the white outline is the paper's gap between
 * neighbours. Retired controls are hollow. */
static const PsemsDiagramPalette light_palette = {
  .name = "light",
  .background = RGB (0xffffff),
  .ink = RGB (0x241f31),
  .muted = RGB (0x5e5c64),
  .ring_base = RGB (0xffffff),
  .ring_tint = RGB (0x3584e4),
  .ring_mix_outer = 0.05,
  .ring_mix_inner = 0.19,
  .ring_edge = RGB (0x99c1f1),
  .ring_text = RGB (0x1a5fb4),
  .core_fill = RGB (0x1c3d66),
  .core_text = RGB (0xffffff),
  .stopped = RGB (0x3d3846),
  .passes = RGB (0xe01b24),
  .badge_text = RGB (0xffffff),
  .degraded = RGB (0xc01c28),
  .accent = RGB (0x1c71d8),
  .statuses = {
    { "planned",             RGB (0x77767b), RGB (0xffffff), RGB (0xffffff) },
    { "implemented",         RGB (0x1d8450), RGB (0xffffff), RGB (0xffffff) },
    { "partially-effective", RGB (0xe5a50a), RGB (0x241f31), RGB (0x9c6e03) },
    { "ineffective",         RGB (0xc01c28), RGB (0xffffff), RGB (0xffffff) },
    { "retired",             RGB (0xffffff), RGB (0x5e5c64), RGB (0x77767b) },
  },
};

/* The dark style's canvas is libadwaita's dark view background. On it a fill carrying white
 * numbers would need a luminance between 0.14 (3:1 against the canvas) and 0.18 (4.5:1 under
 * white), narrower still against the rings: so the status fills are the GNOME palette's lighter
 * shades with dark numbers, as libadwaita's own status colours turn lighter in the dark style. */
static const PsemsDiagramPalette dark_palette = {
  .name = "dark",
  .background = RGB (0x1e1e1e),
  .ink = RGB (0xffffff),
  .muted = RGB (0xc0bfbc),
  .ring_base = RGB (0x1e1e1e),
  .ring_tint = RGB (0x3584e4),
  .ring_mix_outer = 0.07,
  .ring_mix_inner = 0.20,
  .ring_edge = RGB (0x1a5fb4),
  .ring_text = RGB (0x99c1f1),
  .core_fill = RGB (0x1a5fb4),
  .core_text = RGB (0xffffff),
  .stopped = RGB (0xc0bfbc),
  .passes = RGB (0xff7b63),
  .badge_text = RGB (0x1e1e1e),
  .degraded = RGB (0xff7b63),
  .accent = RGB (0x78aeed),
  .statuses = {
    { "planned",             RGB (0x9a9996), RGB (0x1e1e1e), RGB (0x1e1e1e) },
    { "implemented",         RGB (0x2ec27e), RGB (0x1e1e1e), RGB (0x1e1e1e) },
    { "partially-effective", RGB (0xe5a50a), RGB (0x1e1e1e), RGB (0x1e1e1e) },
    { "ineffective",         RGB (0xf66151), RGB (0x1e1e1e), RGB (0x1e1e1e) },
    { "retired",             RGB (0x1e1e1e), RGB (0xc0bfbc), RGB (0x9a9996) },
  },
};

const PsemsDiagramPalette *
psems_diagram_palette_get (PsemsDiagramStyle style)
{
  return style == PSEMS_DIAGRAM_STYLE_DARK ? &dark_palette : &light_palette;
}

const PsemsDiagramStatusStyle *
psems_diagram_palette_get_status_style (const PsemsDiagramPalette *palette,
                                        const char                *status)
{
  g_return_val_if_fail (palette != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (palette->statuses); i++)
    if (g_strcmp0 (status, palette->statuses[i].status) == 0)
      return &palette->statuses[i];
  return &palette->statuses[0];   /* unknown: shown as planned */
}

void
psems_diagram_get_status_colour (const char *status,
                                 double      rgba[4])
{
  const Rgb *fill;

  g_return_if_fail (rgba != NULL);
  fill = &psems_diagram_palette_get_status_style (&light_palette, status)->fill;
  rgba[0] = fill->r;
  rgba[1] = fill->g;
  rgba[2] = fill->b;
  rgba[3] = 1.0;
}

void
psems_diagram_palette_get_ring_colour (const PsemsDiagramPalette *palette,
                                       guint                      ring,
                                       guint                      n_rings,
                                       double                     rgba[4])
{
  double t;

  g_return_if_fail (palette != NULL);
  g_return_if_fail (rgba != NULL);
  /* Each layer a shade of the same blue, from the base outside to the most tinted inside. */
  t = palette->ring_mix_outer
      + (n_rings > 1 ? (palette->ring_mix_inner - palette->ring_mix_outer)
                       * MIN (ring, n_rings - 1) / (n_rings - 1) : 0);
  rgba[0] = palette->ring_base.r + t * (palette->ring_tint.r - palette->ring_base.r);
  rgba[1] = palette->ring_base.g + t * (palette->ring_tint.g - palette->ring_base.g);
  rgba[2] = palette->ring_base.b + t * (palette->ring_tint.b - palette->ring_base.b);
  rgba[3] = 1.0;
}

void
psems_diagram_get_ring_colour (guint  ring,
                               guint  n_rings,
                               double rgba[4])
{
  psems_diagram_palette_get_ring_colour (&light_palette, ring, n_rings, rgba);
}

/* ───────────────────────────── the cairo pen ───────────────────────────── */

typedef struct
{
  double fill[4];
  double stroke[4];
} CairoColours;

typedef struct
{
  PsemsDiagramPen pen;           /* first: the public pointer is this struct's */
  cairo_t *cr;
  CairoColours colours;          /* cairo has one source; a fill or stroke picks its own */
  GArray *saved;                 /* CairoColours, one per save; made on the first save */
  PangoLayout *layout;           /* made on the first text: the widget's frames draw none */
  PangoFontDescription *regular;
  PangoFontDescription *bold;
} CairoPen;

static void
cairo_pen_save (gpointer user_data)
{
  CairoPen *self = user_data;

  if (self->saved == NULL)
    self->saved = g_array_new (FALSE, FALSE, sizeof (CairoColours));
  g_array_append_val (self->saved, self->colours);
  cairo_save (self->cr);
}

static void
cairo_pen_restore (gpointer user_data)
{
  CairoPen *self = user_data;

  g_assert (self->saved != NULL && self->saved->len > 0);
  self->colours = g_array_index (self->saved, CairoColours, self->saved->len - 1);
  g_array_set_size (self->saved, self->saved->len - 1);
  cairo_restore (self->cr);
}

static void
set_colour (double colour[4],
            double r,
            double g,
            double b,
            double alpha)
{
  colour[0] = r;
  colour[1] = g;
  colour[2] = b;
  colour[3] = alpha;
}

static void
cairo_pen_set_fill (gpointer user_data,
                    double   r,
                    double   g,
                    double   b,
                    double   alpha)
{
  CairoPen *self = user_data;

  set_colour (self->colours.fill, r, g, b, alpha);
}

static void
cairo_pen_set_stroke (gpointer user_data,
                      double   r,
                      double   g,
                      double   b,
                      double   alpha)
{
  CairoPen *self = user_data;

  set_colour (self->colours.stroke, r, g, b, alpha);
}

static void
cairo_pen_set_line_width (gpointer user_data,
                          double   width)
{
  cairo_set_line_width (((CairoPen *) user_data)->cr, width);
}

static void
cairo_pen_set_line_cap (gpointer           user_data,
                        PsemsDiagramPenCap cap)
{
  cairo_set_line_cap (((CairoPen *) user_data)->cr,
                      cap == PSEMS_DIAGRAM_PEN_CAP_ROUND ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
}

static void
cairo_pen_set_line_join (gpointer            user_data,
                         PsemsDiagramPenJoin join)
{
  cairo_set_line_join (((CairoPen *) user_data)->cr,
                       join == PSEMS_DIAGRAM_PEN_JOIN_ROUND ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
}

static void
cairo_pen_set_dash (gpointer      user_data,
                    const double *dashes,
                    guint         n_dashes,
                    double        offset)
{
  cairo_set_dash (((CairoPen *) user_data)->cr, n_dashes > 0 ? dashes : NULL, (int) n_dashes, offset);
}

static void
cairo_pen_move_to (gpointer user_data,
                   double   x,
                   double   y)
{
  cairo_move_to (((CairoPen *) user_data)->cr, x, y);
}

static void
cairo_pen_line_to (gpointer user_data,
                   double   x,
                   double   y)
{
  cairo_line_to (((CairoPen *) user_data)->cr, x, y);
}

static void
cairo_pen_curve_to (gpointer user_data,
                    double   x1,
                    double   y1,
                    double   x2,
                    double   y2,
                    double   x3,
                    double   y3)
{
  cairo_curve_to (((CairoPen *) user_data)->cr, x1, y1, x2, y2, x3, y3);
}

static void
cairo_pen_arc (gpointer user_data,
               double   xc,
               double   yc,
               double   radius,
               double   angle1,
               double   angle2)
{
  cairo_arc (((CairoPen *) user_data)->cr, xc, yc, radius, angle1, angle2);
}

static void
cairo_pen_rectangle (gpointer user_data,
                     double   x,
                     double   y,
                     double   width,
                     double   height)
{
  cairo_rectangle (((CairoPen *) user_data)->cr, x, y, width, height);
}

static void
cairo_pen_close_path (gpointer user_data)
{
  cairo_close_path (((CairoPen *) user_data)->cr);
}

static void
use_colour (cairo_t      *cr,
            const double  colour[4])
{
  cairo_set_source_rgba (cr, colour[0], colour[1], colour[2], colour[3]);
}

static void
cairo_pen_fill (gpointer user_data,
                gboolean even_odd)
{
  CairoPen *self = user_data;

  use_colour (self->cr, self->colours.fill);
  if (even_odd)
    cairo_set_fill_rule (self->cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_fill (self->cr);
  if (even_odd)
    cairo_set_fill_rule (self->cr, CAIRO_FILL_RULE_WINDING);
}

static void
cairo_pen_stroke (gpointer user_data)
{
  CairoPen *self = user_data;

  use_colour (self->cr, self->colours.stroke);
  cairo_stroke (self->cr);
}

static void
cairo_pen_fill_stroke (gpointer user_data)
{
  CairoPen *self = user_data;

  use_colour (self->cr, self->colours.fill);
  cairo_fill_preserve (self->cr);
  use_colour (self->cr, self->colours.stroke);
  cairo_stroke (self->cr);
}

/* Sets up the Pango layout for @string; returns its logical extents. */
static void
prepare_text (CairoPen              *self,
              const char            *string,
              double                 size,
              PsemsDiagramPenWeight  weight,
              double                 max_width,
              double                 letter_spacing,
              PangoRectangle        *logical)
{
  PangoFontDescription *desc;

  if (self->layout == NULL)
    {
      self->layout = pango_cairo_create_layout (self->cr);
      self->regular = pango_font_description_new ();
      pango_font_description_set_family_static (self->regular, FONT_FAMILY);
      self->bold = pango_font_description_copy_static (self->regular);
      pango_font_description_set_weight (self->bold, PANGO_WEIGHT_BOLD);
    }
  desc = weight == PSEMS_DIAGRAM_PEN_BOLD ? self->bold : self->regular;
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (self->layout, desc);
  pango_layout_set_text (self->layout, string, -1);
  if (letter_spacing != 0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new ((int) (letter_spacing * PANGO_SCALE)));
      pango_layout_set_attributes (self->layout, attrs);
      pango_attr_list_unref (attrs);
    }
  else
    pango_layout_set_attributes (self->layout, NULL);
  pango_layout_set_width (self->layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (self->layout, max_width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_get_extents (self->layout, NULL, logical);
}

static double
cairo_pen_show_text (gpointer              user_data,
                     double                x,
                     double                y,
                     const char           *string,
                     double                size,
                     PsemsDiagramPenWeight weight,
                     PsemsDiagramPenAnchor anchor,
                     double                max_width,
                     double                letter_spacing)
{
  CairoPen *self = user_data;
  PangoRectangle logical;

  prepare_text (self, string, size, weight, max_width, letter_spacing, &logical);
  if (anchor == PSEMS_DIAGRAM_PEN_CENTRE)
    {
      x -= (logical.x + logical.width / 2.0) / PANGO_SCALE;
      y -= (logical.y + logical.height / 2.0) / PANGO_SCALE;
    }
  use_colour (self->cr, self->colours.fill);
  cairo_move_to (self->cr, x, y);
  pango_cairo_show_layout (self->cr, self->layout);
  /* Text is not part of a path: leave none behind for the next one. */
  cairo_new_path (self->cr);
  return logical.width / (double) PANGO_SCALE;
}

static double
cairo_pen_text_width (gpointer              user_data,
                      const char           *string,
                      double                size,
                      PsemsDiagramPenWeight weight,
                      double                letter_spacing)
{
  PangoRectangle logical;

  prepare_text (user_data, string, size, weight, 0, letter_spacing, &logical);
  return logical.width / (double) PANGO_SCALE;
}

static const PsemsDiagramPenFuncs cairo_pen_funcs = {
  .save = cairo_pen_save,
  .restore = cairo_pen_restore,
  .set_fill = cairo_pen_set_fill,
  .set_stroke = cairo_pen_set_stroke,
  .set_line_width = cairo_pen_set_line_width,
  .set_line_cap = cairo_pen_set_line_cap,
  .set_line_join = cairo_pen_set_line_join,
  .set_dash = cairo_pen_set_dash,
  .move_to = cairo_pen_move_to,
  .line_to = cairo_pen_line_to,
  .curve_to = cairo_pen_curve_to,
  .arc = cairo_pen_arc,
  .rectangle = cairo_pen_rectangle,
  .close_path = cairo_pen_close_path,
  .fill = cairo_pen_fill,
  .stroke = cairo_pen_stroke,
  .fill_stroke = cairo_pen_fill_stroke,
  .show_text = cairo_pen_show_text,
  .text_width = cairo_pen_text_width,
};

static void
cairo_pen_init (CairoPen *self,
                cairo_t  *cr)
{
  memset (self, 0, sizeof *self);
  self->pen.funcs = &cairo_pen_funcs;
  self->pen.user_data = self;
  self->cr = cairo_reference (cr);
  set_colour (self->colours.fill, 0, 0, 0, 1);
  set_colour (self->colours.stroke, 0, 0, 0, 1);
  /* The painter starts every path on an empty one (an arc joins a current point). */
  cairo_new_path (cr);
}

static void
cairo_pen_clear (CairoPen *self)
{
  g_clear_object (&self->layout);
  g_clear_pointer (&self->regular, pango_font_description_free);
  g_clear_pointer (&self->bold, pango_font_description_free);
  g_clear_pointer (&self->saved, g_array_unref);
  g_clear_pointer (&self->cr, cairo_destroy);
}

PsemsDiagramPen *
psems_diagram_pen_new_cairo (cairo_t *cr)
{
  CairoPen *self;

  g_return_val_if_fail (cr != NULL, NULL);

  self = g_new (CairoPen, 1);
  cairo_pen_init (self, cr);
  return &self->pen;
}

void
psems_diagram_pen_free_cairo (PsemsDiagramPen *pen)
{
  CairoPen *self;

  if (pen == NULL)
    return;
  g_return_if_fail (pen->funcs == &cairo_pen_funcs);
  self = (CairoPen *) pen;
  cairo_pen_clear (self);
  g_free (self);
}

/* ───────────────────────────── drawing through a pen ───────────────────────────── */

static void
fill_colour (const PsemsDiagramPen *pen,
             const Rgb             *colour,
             double                 alpha)
{
  pen->funcs->set_fill (pen->user_data, colour->r, colour->g, colour->b, alpha);
}

static void
stroke_colour (const PsemsDiagramPen *pen,
               const Rgb             *colour,
               double                 alpha)
{
  pen->funcs->set_stroke (pen->user_data, colour->r, colour->g, colour->b, alpha);
}

#define PEN_CALL(pen, op, ...) ((pen)->funcs->op ((pen)->user_data, __VA_ARGS__))

static void
line_width (const PsemsDiagramPen *pen,
            double                 width)
{
  PEN_CALL (pen, set_line_width, width);
}

static void
move_to (const PsemsDiagramPen *pen,
         double                 x,
         double                 y)
{
  PEN_CALL (pen, move_to, x, y);
}

static void
line_to (const PsemsDiagramPen *pen,
         double                 x,
         double                 y)
{
  PEN_CALL (pen, line_to, x, y);
}

static void
circle (const PsemsDiagramPen *pen,
        double                 x,
        double                 y,
        double                 radius)
{
  PEN_CALL (pen, arc, x, y, radius, 0, 2 * G_PI);
}

static void
close_path (const PsemsDiagramPen *pen)
{
  pen->funcs->close_path (pen->user_data);
}

static void
fill (const PsemsDiagramPen *pen)
{
  PEN_CALL (pen, fill, FALSE);
}

static void
stroke (const PsemsDiagramPen *pen)
{
  pen->funcs->stroke (pen->user_data);
}

static void
fill_stroke (const PsemsDiagramPen *pen)
{
  pen->funcs->fill_stroke (pen->user_data);
}

/* Draws @string in the fill colour with its top-left (or centre) at x, y, ellipsized to @width
 * when > 0. */
static void
draw_text (const PsemsDiagramPen *pen,
           const char            *string,
           double                 size,
           gboolean               bold,
           double                 letter_spacing,
           double                 x,
           double                 y,
           double                 width,
           PsemsDiagramPenAnchor  anchor)
{
  PEN_CALL (pen, show_text, x, y, string, size,
            bold ? PSEMS_DIAGRAM_PEN_BOLD : PSEMS_DIAGRAM_PEN_REGULAR, anchor, width, letter_spacing);
}

#define TEXT_LEFT   PSEMS_DIAGRAM_PEN_TOP_LEFT
#define TEXT_CENTRE PSEMS_DIAGRAM_PEN_CENTRE

/* The width @string takes at @size, unellipsized. */
static double
measure_text (const PsemsDiagramPen *pen,
              const char            *string,
              double                 size,
              gboolean               bold)
{
  return PEN_CALL (pen, text_width, string, size,
                   bold ? PSEMS_DIAGRAM_PEN_BOLD : PSEMS_DIAGRAM_PEN_REGULAR, 0);
}

/* ───────────────────────────── markers ───────────────────────────── */

/* The path of a function's marker of diameter @size centred on x, y. The shapes are sized so
 * they look equally heavy: a triangle reaches further out than a circle of the same size. */
static void
marker_path (const PsemsDiagramPen *pen,
             const char            *function,
             double                 x,
             double                 y,
             double                 size)
{
  double r = size / 2;

  if (g_strcmp0 (function, "deter") == 0)
    {
      double t = r * 1.34;   /* circumradius; the centroid on x, y */

      move_to (pen, x, y - t);
      line_to (pen, x + t * 0.866, y + t * 0.5);
      line_to (pen, x - t * 0.866, y + t * 0.5);
      close_path (pen);
    }
  else if (g_strcmp0 (function, "delay") == 0)
    PEN_CALL (pen, rectangle, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
  else if (g_strcmp0 (function, "respond") == 0)
    {
      double d = r * 1.2;

      move_to (pen, x, y - d);
      line_to (pen, x + d, y);
      line_to (pen, x, y + d);
      line_to (pen, x - d, y);
      close_path (pen);
    }
  else if (g_strcmp0 (function, "recover") == 0)
    {
      double h = r * 1.07;

      for (int i = 0; i < 6; i++)
        {
          double a = G_PI / 6 + i * G_PI / 3;

          if (i == 0)
            move_to (pen, x + h * cos (a), y + h * sin (a));
          else
            line_to (pen, x + h * cos (a), y + h * sin (a));
        }
      close_path (pen);
    }
  else   /* detect, and anything unknown */
    circle (pen, x, y, r);
}

static void
draw_marker (const PsemsDiagramPen     *pen,
             const PsemsDiagramPalette *pal,
             const char                *function,
             const char                *status,
             gboolean                   degraded,
             double                     x,
             double                     y,
             double                     size)
{
  const PsemsDiagramStatusStyle *style = psems_diagram_palette_get_status_style (pal, status);
  double line = MAX (1.0, size * 0.1);

  marker_path (pen, function, x, y, size);
  fill_colour (pen, &style->fill, 1.0);
  stroke_colour (pen, &style->outline, 1.0);
  line_width (pen, line);
  PEN_CALL (pen, set_line_join, PSEMS_DIAGRAM_PEN_JOIN_ROUND);
  fill_stroke (pen);

  if (degraded)
    {
      double radius = size * 0.68 + line;
      /* Whole dashes round the circle, so the ring closes evenly. */
      double period = 2 * G_PI * radius / MAX (6, round (2 * G_PI * radius / (size * 0.36)));
      double dash[] = { period * 0.6, period * 0.4 };

      circle (pen, x, y, radius);
      stroke_colour (pen, &pal->degraded, 1.0);
      line_width (pen, MAX (1.3, size * 0.09));
      PEN_CALL (pen, set_dash, dash, 2, 0);
      stroke (pen);
      PEN_CALL (pen, set_dash, NULL, 0, 0);
    }
}

/* A threat arrow from x0, y0 to x1, y1: a stop bar across its end, or a head when it passes. */
static void
draw_arrow (const PsemsDiagramPen     *pen,
            const PsemsDiagramPalette *pal,
            double                     x0,
            double                     y0,
            double                     x1,
            double                     y1,
            gboolean                   passes,
            double                     fs)
{
  double dx = x1 - x0, dy = y1 - y0;
  double length = hypot (dx, dy);
  double ux, uy, width = passes ? fs * 0.2 : fs * 0.15;
  double head = fs * 0.9;

  if (length < 1e-6)
    return;
  ux = dx / length;
  uy = dy / length;
  fill_colour (pen, passes ? &pal->passes : &pal->stopped, passes ? 0.95 : 0.85);
  stroke_colour (pen, passes ? &pal->passes : &pal->stopped, passes ? 0.95 : 0.85);
  PEN_CALL (pen, set_line_cap, PSEMS_DIAGRAM_PEN_CAP_ROUND);
  line_width (pen, width);
  move_to (pen, x0, y0);
  if (passes)
    {
      line_to (pen, x1 - ux * head * 0.8, y1 - uy * head * 0.8);
      stroke (pen);
      move_to (pen, x1, y1);
      line_to (pen, x1 - ux * head + uy * head * 0.45, y1 - uy * head - ux * head * 0.45);
      line_to (pen, x1 - ux * head - uy * head * 0.45, y1 - uy * head + ux * head * 0.45);
      close_path (pen);
      fill (pen);
    }
  else
    {
      double bar = fs * 0.7;

      line_to (pen, x1, y1);
      stroke (pen);
      PEN_CALL (pen, set_line_cap, PSEMS_DIAGRAM_PEN_CAP_BUTT);
      line_width (pen, fs * 0.32);
      move_to (pen, x1 + uy * bar, y1 - ux * bar);
      line_to (pen, x1 - uy * bar, y1 + ux * bar);
      stroke (pen);
    }
  PEN_CALL (pen, set_line_cap, PSEMS_DIAGRAM_PEN_CAP_BUTT);
}

/* "T3" in a pill: the tail of an arrow and its row in the key. */
static void
draw_threat_badge (const PsemsDiagramPen     *pen,
                   const PsemsDiagramPalette *pal,
                   int                        number,
                   gboolean                   passes,
                   double                     x,
                   double                     y,
                   double                     size)
{
  g_autofree char *label = g_strdup_printf ("T%d", number);
  double h = size * 1.5, w = MAX (h, size * (0.62 * strlen (label) + 0.7)), r = h / 2;

  PEN_CALL (pen, arc, x - w / 2 + r, y, r, G_PI / 2, 3 * G_PI / 2);
  PEN_CALL (pen, arc, x + w / 2 - r, y, r, -G_PI / 2, G_PI / 2);
  close_path (pen);
  fill_colour (pen, passes ? &pal->passes : &pal->stopped, 1.0);
  fill (pen);
  fill_colour (pen, &pal->badge_text, 1.0);
  draw_text (pen, label, size, TRUE, 0, x, y, 0, TEXT_CENTRE);
}

/* ───────────────────────────── the picture ───────────────────────────── */

static void
paint_rings (const PsemsDiagramPen     *pen,
             const PsemsDiagramPalette *pal,
             const PsemsDiagramLayout  *layout)
{
  guint n = layout->rings->len;
  double cx = layout->centre_x, cy = layout->centre_y, fs = layout->font_size;

  for (guint i = 0; i < n; i++)
    {
      const PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing, i);
      double rgba[4];

      psems_diagram_palette_get_ring_colour (pal, i, n, rgba);
      circle (pen, cx, cy, ring->outer_radius);
      PEN_CALL (pen, set_fill, rgba[0], rgba[1], rgba[2], 1.0);
      stroke_colour (pen, &pal->ring_edge, 1.0);
      line_width (pen, MAX (1.0, fs * 0.08));
      fill_stroke (pen);
    }

  /* The asset the layers protect. */
  if (n > 0 && layout->core_radius > 0)
    {
      double r = layout->core_radius;

      circle (pen, cx, cy, r);
      fill_colour (pen, &pal->core_fill, 1.0);
      stroke_colour (pen, &pal->background, 1.0);
      line_width (pen, MAX (1.5, fs * 0.15));
      fill_stroke (pen);
      if (r > fs * 2.2)
        {
          g_autofree char *asset = g_utf8_strup (C_("diagram", "Asset"), -1);

          fill_colour (pen, &pal->core_text, 1.0);
          draw_text (pen, asset, layout->key_font_size * 0.9, TRUE, fs * 0.1, cx, cy,
                     0, TEXT_CENTRE);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      const PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing, i);
      g_autofree char *name = g_utf8_strup (ring->name, -1);

      /* Opaque: small bold capitals need the full 4.5:1 on the deepest ring. */
      fill_colour (pen, &pal->ring_text, 1.0);
      draw_text (pen, name, layout->font_size * PSEMS_DIAGRAM_RING_LABEL_SCALE, TRUE,
                 fs * 0.08, ring->label_x, ring->label_y, 0, TEXT_CENTRE);
    }
}

static void
paint_arrows (const PsemsDiagramPen     *pen,
              const PsemsDiagramPalette *pal,
              const PsemsDiagramLayout  *layout)
{
  double fs = layout->font_size;

  /* Stopped ones first: a threat that passes through is never hidden under one that does not. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < layout->arrows->len; i++)
      {
        const PsemsDiagramArrow *arrow = &g_array_index (layout->arrows, PsemsDiagramArrow, i);

        if (arrow->passes_through != (pass == 1))
          continue;
        draw_arrow (pen, pal, arrow->start_x, arrow->start_y, arrow->end_x, arrow->end_y,
                    arrow->passes_through, fs);
      }
  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const PsemsDiagramArrow *arrow = &g_array_index (layout->arrows, PsemsDiagramArrow, i);
      double r = hypot (arrow->start_x - layout->centre_x, arrow->start_y - layout->centre_y) + fs * 1.1;

      draw_threat_badge (pen, pal, arrow->number, arrow->passes_through,
                         layout->centre_x + r * sin (arrow->angle),
                         layout->centre_y - r * cos (arrow->angle), layout->key_font_size * 0.95);
    }
}

static void
paint_nodes (const PsemsDiagramPen     *pen,
             const PsemsDiagramPalette *pal,
             const PsemsDiagramLayout  *layout,
             const PsemsDiagramInput   *input)
{
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);

      draw_marker (pen, pal, node->function, node->status, node->degraded, node->x, node->y, node->size);
    }

  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);

      if (node->labelled)
        {
          const char *name = NULL;

          for (guint c = 0; c < input->controls->len && name == NULL; c++)
            {
              const PsemsControl *control = g_ptr_array_index (input->controls, c);

              if (control->id == node->control_id)
                name = control->name;
            }
          if (name == NULL)
            continue;
          fill_colour (pen, &pal->ink, 1.0);
          /* Labels may cross a ring's edge; the ring tint is light enough to read them on. */
          draw_text (pen, name, layout->key_font_size, FALSE, 0, node->label_box.x,
                     node->label_box.y + (node->label_box.height - layout->key_font_size * 1.2) / 2,
                     node->label_box.width + layout->key_font_size, TEXT_LEFT);
        }
      else if (layout->numbered)
        {
          char number[16];
          int digits;
          double size;
          /* A triangle's middle is lower than its centroid looks. */
          double shift = g_strcmp0 (node->function, "deter") == 0 ? node->size * 0.06 : 0;

          digits = g_snprintf (number, sizeof number, "%d", node->number);
          size = node->size * (digits <= 2 ? 0.48 : 0.38) * (shift > 0 ? 0.9 : 1.0);
          fill_colour (pen, &psems_diagram_palette_get_status_style (pal, node->status)->text, 1.0);
          draw_text (pen, number, size, TRUE, 0, node->x, node->y + shift, 0, TEXT_CENTRE);
        }
    }
}

static void
paint_key (const PsemsDiagramPen     *pen,
           const PsemsDiagramPalette *pal,
           const PsemsDiagramLayout  *layout)
{
  double kfs = layout->key_font_size;
  double digit, number_column;
  char widest[16];

  /* The names start in one column, after the widest number, which is right-aligned; digits
   * are as wide as each other in the fonts we ask for, so one is measured. */
  digit = measure_text (pen, "0", kfs, TRUE);
  number_column = digit * g_snprintf (widest, sizeof widest, "%u", MAX (1u, layout->nodes->len));

  for (guint i = 0; i < layout->key_entries->len; i++)
    {
      const PsemsDiagramKeyEntry *entry = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i);
      const PsemsDiagramRect *box = &entry->box;
      double mid = box->y + box->height / 2;
      double text_top = mid - kfs * 0.62;
      double sample = kfs * 1.05;             /* marker size in the key */
      double indent = kfs * 2.2;              /* where the row's text starts */
      double text_width = box->width - indent;

      switch (entry->kind)
        {
        case PSEMS_DIAGRAM_KEY_HEADING:
          fill_colour (pen, entry->id != 0 ? &pal->ring_text : &pal->ink, 1.0);
          draw_text (pen, entry->text, kfs, TRUE, 0, box->x, text_top, box->width, TEXT_LEFT);
          continue;
        case PSEMS_DIAGRAM_KEY_STATUS:
          draw_marker (pen, pal, "detect", entry->status, FALSE, box->x + kfs * 0.8, mid, sample);
          break;
        case PSEMS_DIAGRAM_KEY_FUNCTION:
          marker_path (pen, entry->function, box->x + kfs * 0.8, mid, sample);
          fill_colour (pen, &pal->muted, 1.0);
          fill (pen);
          break;
        case PSEMS_DIAGRAM_KEY_DEGRADED:
          draw_marker (pen, pal, "detect", "implemented", TRUE, box->x + kfs * 0.8, mid, sample * 0.8);
          break;
        case PSEMS_DIAGRAM_KEY_STOPPED:
        case PSEMS_DIAGRAM_KEY_PASSES:
          draw_arrow (pen, pal, box->x, mid, box->x + kfs * 1.6, mid,
                      entry->kind == PSEMS_DIAGRAM_KEY_PASSES, layout->font_size * 0.8);
          break;
        case PSEMS_DIAGRAM_KEY_THREAT:
          {
            const char *outcome = NULL;
            double outcome_width;

            draw_threat_badge (pen, pal, entry->number, entry->passes_through, box->x + kfs * 1.0, mid,
                               kfs * 0.8);
            indent = kfs * 2.5;
            /* Where it stops, right-aligned: the picture's answer in words. */
            for (guint a = 0; a < layout->arrows->len && outcome == NULL; a++)
              {
                const PsemsDiagramArrow *arrow = &g_array_index (layout->arrows, PsemsDiagramArrow, a);

                if (arrow->threat_id != entry->id)
                  continue;
                if (arrow->passes_through)
                  outcome = _("passes through");
                else
                  outcome = g_array_index (layout->rings, PsemsDiagramRing, arrow->stop_ring).name;
              }
            outcome_width = outcome != NULL ? MIN (measure_text (pen, outcome, kfs * 0.92, entry->passes_through),
                                                   box->width * 0.55) : 0;
            if (outcome != NULL)
              {
                fill_colour (pen, entry->passes_through ? &pal->passes : &pal->muted, 1.0);
                draw_text (pen, outcome, kfs * 0.92, entry->passes_through, 0,
                           box->x + box->width - outcome_width, mid - kfs * 0.92 * 0.62,
                           outcome_width + 0.5, TEXT_LEFT);
              }
            text_width = box->width - indent - outcome_width - kfs;
          }
          break;
        case PSEMS_DIAGRAM_KEY_CONTROL:
          {
            char number[16];

            draw_marker (pen, pal, entry->function, entry->status, entry->degraded,
                         box->x + kfs * 0.7, mid, kfs * 0.8);
            g_snprintf (number, sizeof number, "%d", entry->number);
            fill_colour (pen, &pal->muted, 1.0);
            draw_text (pen, number, kfs, TRUE, 0,
                       box->x + kfs * 1.7 + number_column - digit * strlen (number),
                       text_top, 0, TEXT_LEFT);
            indent = kfs * 1.7 + number_column + kfs * 0.5;
            text_width = box->width - indent;
          }
          break;
        case PSEMS_DIAGRAM_KEY_MORE:
          indent = 0;
          text_width = box->width;
          fill_colour (pen, &pal->muted, 1.0);
          draw_text (pen, entry->text, kfs, FALSE, 0, box->x, text_top, text_width, TEXT_LEFT);
          continue;
        default:
          break;
        }
      fill_colour (pen, &pal->ink, 1.0);
      draw_text (pen, entry->text, kfs, FALSE, 0, box->x + indent, text_top, MAX (1.0, text_width),
                 TEXT_LEFT);
    }
}

static void
paint_static (const PsemsDiagramPen     *pen,
              const PsemsDiagramPalette *pal,
              const PsemsDiagramLayout  *layout,
              const PsemsDiagramInput   *input)
{
  pen->funcs->save (pen->user_data);

  PEN_CALL (pen, rectangle, 0, 0, layout->width, layout->height);
  fill_colour (pen, &pal->background, 1.0);
  fill (pen);

  fill_colour (pen, &pal->ink, 1.0);
  draw_text (pen, layout->title, layout->title_font_size, TRUE, 0, layout->title_box.x,
             layout->title_box.y, layout->title_box.width, TEXT_LEFT);
  {
    /* The subtitle, the figures, and in red what passes every layer: one line, as much as fits. */
    const PsemsDiagramRect *box = &layout->subtitle_box;
    double x = box->x, fs = layout->font_size;
    const char *parts[] = { layout->subtitle, layout->summary, layout->alert };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      {
        gboolean alert = (i == 2);
        double room = box->x + box->width - x;

        if (parts[i] == NULL || *parts[i] == '\0' || room < fs * 3)
          continue;
        if (x > box->x)
          {
            fill_colour (pen, &pal->muted, 1.0);
            draw_text (pen, "·", fs, FALSE, 0, x, box->y, 0, TEXT_LEFT);
            x += fs * 0.75;
            room -= fs * 0.75;
          }
        fill_colour (pen, alert ? &pal->passes : &pal->muted, 1.0);
        draw_text (pen, parts[i], fs, alert, 0, x, box->y, room, TEXT_LEFT);
        x += MIN (room, measure_text (pen, parts[i], fs, alert)) + fs * 0.4;
      }
  }

  if (layout->rings->len == 0)
    {
      fill_colour (pen, &pal->muted, 1.0);
      draw_text (pen, _("This facility has no layers of defence yet."), layout->font_size, FALSE, 0,
                 layout->centre_x, layout->centre_y, 0, TEXT_CENTRE);
    }
  paint_rings (pen, pal, layout);
  paint_arrows (pen, pal, layout);
  paint_nodes (pen, pal, layout, input);
  paint_key (pen, pal, layout);

  pen->funcs->restore (pen->user_data);
}

void
psems_diagram_paint_static_pen (const PsemsDiagramPen    *pen,
                                const PsemsDiagramLayout *layout,
                                const PsemsDiagramInput  *input)
{
  g_return_if_fail (pen != NULL && pen->funcs != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (input != NULL);

  paint_static (pen, &light_palette, layout, input);
}

void
psems_diagram_paint_static_with_palette (cairo_t                   *cr,
                                         const PsemsDiagramLayout  *layout,
                                         const PsemsDiagramInput   *input,
                                         const PsemsDiagramPalette *palette)
{
  CairoPen pen;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (input != NULL);
  g_return_if_fail (palette != NULL);

  cairo_pen_init (&pen, cr);
  paint_static (&pen.pen, palette, layout, input);
  cairo_pen_clear (&pen);
}

void
psems_diagram_paint_static (cairo_t                  *cr,
                            const PsemsDiagramLayout *layout,
                            const PsemsDiagramInput  *input)
{
  psems_diagram_paint_static_with_palette (cr, layout, input, &light_palette);
}

static void
ring_node (const PsemsDiagramPen  *pen,
           const PsemsDiagramNode *node,
           double                  gap,
           double                  width,
           const Rgb              *colour,
           double                  alpha)
{
  circle (pen, node->x, node->y, node->size * 0.5 + gap);
  stroke_colour (pen, colour, alpha);
  line_width (pen, width);
  stroke (pen);
}

static void
paint_dynamic (const PsemsDiagramPen     *pen,
               const PsemsDiagramPalette *pal,
               const PsemsDiagramLayout  *layout,
               gint64                     highlight_control,
               gint64                     hover_control)
{
  double fs = layout->font_size;

  pen->funcs->save (pen->user_data);
  if (hover_control != 0 && hover_control != highlight_control)
    {
      const PsemsDiagramNode *node = psems_diagram_layout_find_node (layout, hover_control);

      if (node != NULL)
        ring_node (pen, node, node->size * 0.45, MAX (1.5, fs * 0.15), &pal->accent, 0.55);
    }
  if (highlight_control != 0)
    {
      const PsemsDiagramNode *node = psems_diagram_layout_find_node (layout, highlight_control);

      if (node != NULL)
        {
          ring_node (pen, node, node->size * 0.5, MAX (5.0, fs * 0.5), &pal->accent, 0.25);
          ring_node (pen, node, node->size * 0.5, MAX (2.0, fs * 0.2), &pal->accent, 1.0);
        }
      for (guint i = 0; i < layout->key_entries->len; i++)
        {
          const PsemsDiagramKeyEntry *entry = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i);

          if (entry->kind != PSEMS_DIAGRAM_KEY_CONTROL || entry->id != highlight_control)
            continue;
          PEN_CALL (pen, rectangle, entry->box.x - fs * 0.2, entry->box.y, entry->box.width + fs * 0.4,
                    entry->box.height);
          fill_colour (pen, &pal->accent, 0.16);
          fill (pen);
        }
    }
  pen->funcs->restore (pen->user_data);
}

void
psems_diagram_paint_dynamic_pen (const PsemsDiagramPen    *pen,
                                 const PsemsDiagramLayout *layout,
                                 gint64                    highlight_control,
                                 gint64                    hover_control)
{
  g_return_if_fail (pen != NULL && pen->funcs != NULL);
  g_return_if_fail (layout != NULL);

  paint_dynamic (pen, &light_palette, layout, highlight_control, hover_control);
}

void
psems_diagram_paint_dynamic_with_palette (cairo_t                   *cr,
                                          const PsemsDiagramLayout  *layout,
                                          gint64                     highlight_control,
                                          gint64                     hover_control,
                                          const PsemsDiagramPalette *palette)
{
  CairoPen pen;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (palette != NULL);

  cairo_pen_init (&pen, cr);
  paint_dynamic (&pen.pen, palette, layout, highlight_control, hover_control);
  cairo_pen_clear (&pen);
}

void
psems_diagram_paint_dynamic (cairo_t                  *cr,
                             const PsemsDiagramLayout *layout,
                             gint64                    highlight_control,
                             gint64                    hover_control)
{
  psems_diagram_paint_dynamic_with_palette (cr, layout, highlight_control, hover_control,
                                            &light_palette);
}

void
psems_diagram_paint (cairo_t                  *cr,
                     const PsemsDiagramLayout *layout,
                     const PsemsDiagramInput  *input,
                     gint64                    highlight_control)
{
  psems_diagram_paint_static (cr, layout, input);
  psems_diagram_paint_dynamic (cr, layout, highlight_control, 0);
}
