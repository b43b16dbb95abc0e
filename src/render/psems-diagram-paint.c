/* psems-diagram-paint.c — draws a defence-in-depth diagram layout on any cairo_t, text through Pango. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "psems-diagram-private.h"

/* Cantarell where GNOME's font is installed, DejaVu Sans on a bare Debian; Pango falls back
 * per character for any script neither covers. */
#define FONT_FAMILY "Cantarell,DejaVu Sans,sans-serif"

typedef struct
{
  double r, g, b;
} Rgb;

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

/* Status fills from the GNOME palette, darkened where white numbers sit on them so that each
 * reaches 4.5:1; amber carries dark text. Retired controls are hollow. */
static const struct
{
  const char *status;
  Rgb fill;
  Rgb text;
  Rgb outline;
} status_styles[] = {
  { "planned",             RGB (0x77767b), RGB (0xffffff), RGB (0xffffff) },
  { "implemented",         RGB (0x1d8450), RGB (0xffffff), RGB (0xffffff) },
  { "partially-effective", RGB (0xe5a50a), RGB (0x241f31), RGB (0xffffff) },
  { "ineffective",         RGB (0xc01c28), RGB (0xffffff), RGB (0xffffff) },
  { "retired",             RGB (0xffffff), RGB (0x5e5c64), RGB (0x9a9996) },
};

static const Rgb ink = RGB (0x241f31);          /* titles, labels */
static const Rgb muted = RGB (0x5e5c64);        /* subtitle, legend samples */
static const Rgb ring_tint = RGB (0x3584e4);    /* ring fills are white mixed with this */
static const Rgb ring_edge = RGB (0x99c1f1);
static const Rgb ring_text = RGB (0x1a5fb4);
static const Rgb core_fill = RGB (0x1c3d66);
static const Rgb stopped_colour = RGB (0x3d3846);
static const Rgb passes_colour = RGB (0xe01b24);
static const Rgb degraded_colour = RGB (0xc01c28);
static const Rgb accent = RGB (0x1c71d8);

static int
find_status_style (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_styles); i++)
    if (g_strcmp0 (status, status_styles[i].status) == 0)
      return i;
  return 0;   /* unknown: shown as planned */
}

void
psems_diagram_get_status_colour (const char *status,
                                 double      rgba[4])
{
  const Rgb *fill;

  g_return_if_fail (rgba != NULL);
  fill = &status_styles[find_status_style (status)].fill;
  rgba[0] = fill->r;
  rgba[1] = fill->g;
  rgba[2] = fill->b;
  rgba[3] = 1.0;
}

void
psems_diagram_get_ring_colour (guint  ring,
                               guint  n_rings,
                               double rgba[4])
{
  /* Each layer a shade of the same blue, from nearly white outside to a light blue inside. */
  double t = 0.05 + (n_rings > 1 ? 0.14 * MIN (ring, n_rings - 1) / (n_rings - 1) : 0);

  g_return_if_fail (rgba != NULL);
  rgba[0] = 1 - t * (1 - ring_tint.r);
  rgba[1] = 1 - t * (1 - ring_tint.g);
  rgba[2] = 1 - t * (1 - ring_tint.b);
  rgba[3] = 1.0;
}

static void
set_rgb (cairo_t   *cr,
         const Rgb *colour,
         double     alpha)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, alpha);
}

/* ───────────────────────────── text ───────────────────────────── */

typedef struct
{
  cairo_t *cr;
  PangoLayout *layout;
  PangoFontDescription *regular;
  PangoFontDescription *bold;
} Text;

static void
text_init (Text    *text,
           cairo_t *cr)
{
  text->cr = cr;
  text->layout = pango_cairo_create_layout (cr);
  text->regular = pango_font_description_new ();
  pango_font_description_set_family_static (text->regular, FONT_FAMILY);
  text->bold = pango_font_description_copy_static (text->regular);
  pango_font_description_set_weight (text->bold, PANGO_WEIGHT_BOLD);
}

static void
text_clear (Text *text)
{
  g_clear_object (&text->layout);
  g_clear_pointer (&text->regular, pango_font_description_free);
  g_clear_pointer (&text->bold, pango_font_description_free);
}

typedef enum
{
  TEXT_LEFT,
  TEXT_CENTRE,   /* centred on x, and vertically on y */
} TextAnchor;

/* Draws @string with its top-left (or centre) at x, y, ellipsized to @width when > 0. */
static void
draw_text (Text        *text,
           const char  *string,
           double       size,
           gboolean     bold,
           double       letter_spacing,
           double       x,
           double       y,
           double       width,
           TextAnchor   anchor)
{
  PangoFontDescription *desc = bold ? text->bold : text->regular;
  PangoRectangle logical;

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (text->layout, desc);
  pango_layout_set_text (text->layout, string, -1);
  if (letter_spacing != 0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new ((int) (letter_spacing * PANGO_SCALE)));
      pango_layout_set_attributes (text->layout, attrs);
      pango_attr_list_unref (attrs);
    }
  else
    pango_layout_set_attributes (text->layout, NULL);
  pango_layout_set_width (text->layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (text->layout, width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_get_extents (text->layout, NULL, &logical);
  if (anchor == TEXT_CENTRE)
    {
      x -= (logical.x + logical.width / 2.0) / PANGO_SCALE;
      y -= (logical.y + logical.height / 2.0) / PANGO_SCALE;
    }
  cairo_move_to (text->cr, x, y);
  pango_cairo_show_layout (text->cr, text->layout);
}

/* The width @string takes at @size, unellipsized. */
static double
measure_text (Text       *text,
              const char *string,
              double      size,
              gboolean    bold)
{
  PangoFontDescription *desc = bold ? text->bold : text->regular;
  PangoRectangle logical;

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (text->layout, desc);
  pango_layout_set_attributes (text->layout, NULL);
  pango_layout_set_width (text->layout, -1);
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (text->layout, string, -1);
  pango_layout_get_extents (text->layout, NULL, &logical);
  return logical.width / (double) PANGO_SCALE;
}

/* ───────────────────────────── markers ───────────────────────────── */

/* The path of a function's marker of diameter @size centred on x, y. The shapes are sized so
 * they look equally heavy: a triangle reaches further out than a circle of the same size. */
static void
marker_path (cairo_t    *cr,
             const char *function,
             double      x,
             double      y,
             double      size)
{
  double r = size / 2;

  if (g_strcmp0 (function, "deter") == 0)
    {
      double t = r * 1.34;   /* circumradius; the centroid on x, y */

      cairo_move_to (cr, x, y - t);
      cairo_line_to (cr, x + t * 0.866, y + t * 0.5);
      cairo_line_to (cr, x - t * 0.866, y + t * 0.5);
      cairo_close_path (cr);
    }
  else if (g_strcmp0 (function, "delay") == 0)
    cairo_rectangle (cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
  else if (g_strcmp0 (function, "respond") == 0)
    {
      double d = r * 1.2;

      cairo_move_to (cr, x, y - d);
      cairo_line_to (cr, x + d, y);
      cairo_line_to (cr, x, y + d);
      cairo_line_to (cr, x - d, y);
      cairo_close_path (cr);
    }
  else if (g_strcmp0 (function, "recover") == 0)
    {
      double h = r * 1.07;

      for (int i = 0; i < 6; i++)
        {
          double a = G_PI / 6 + i * G_PI / 3;

          if (i == 0)
            cairo_move_to (cr, x + h * cos (a), y + h * sin (a));
          else
            cairo_line_to (cr, x + h * cos (a), y + h * sin (a));
        }
      cairo_close_path (cr);
    }
  else   /* detect, and anything unknown */
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
    }
}

static void
draw_marker (cairo_t    *cr,
             const char *function,
             const char *status,
             gboolean    degraded,
             double      x,
             double      y,
             double      size)
{
  int style = find_status_style (status);
  double line = MAX (1.0, size * 0.1);

  marker_path (cr, function, x, y, size);
  set_rgb (cr, &status_styles[style].fill, 1.0);
  cairo_fill_preserve (cr);
  set_rgb (cr, &status_styles[style].outline, 1.0);
  cairo_set_line_width (cr, line);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  if (degraded)
    {
      double radius = size * 0.68 + line;
      /* Whole dashes round the circle, so the ring closes evenly. */
      double period = 2 * G_PI * radius / MAX (6, round (2 * G_PI * radius / (size * 0.36)));
      double dash[] = { period * 0.6, period * 0.4 };

      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
      set_rgb (cr, &degraded_colour, 1.0);
      cairo_set_line_width (cr, MAX (1.3, size * 0.09));
      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

/* A threat arrow from x0, y0 to x1, y1: a stop bar across its end, or a head when it passes. */
static void
draw_arrow (cairo_t  *cr,
            double    x0,
            double    y0,
            double    x1,
            double    y1,
            gboolean  passes,
            double    fs)
{
  double dx = x1 - x0, dy = y1 - y0;
  double length = hypot (dx, dy);
  double ux, uy, width = passes ? fs * 0.2 : fs * 0.15;
  double head = fs * 0.9;

  if (length < 1e-6)
    return;
  ux = dx / length;
  uy = dy / length;
  set_rgb (cr, passes ? &passes_colour : &stopped_colour, passes ? 0.95 : 0.85);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y0);
  if (passes)
    {
      cairo_line_to (cr, x1 - ux * head * 0.8, y1 - uy * head * 0.8);
      cairo_stroke (cr);
      cairo_move_to (cr, x1, y1);
      cairo_line_to (cr, x1 - ux * head + uy * head * 0.45, y1 - uy * head - ux * head * 0.45);
      cairo_line_to (cr, x1 - ux * head - uy * head * 0.45, y1 - uy * head + ux * head * 0.45);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  else
    {
      double bar = fs * 0.7;

      cairo_line_to (cr, x1, y1);
      cairo_stroke (cr);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_line_width (cr, fs * 0.32);
      cairo_move_to (cr, x1 + uy * bar, y1 - ux * bar);
      cairo_line_to (cr, x1 - uy * bar, y1 + ux * bar);
      cairo_stroke (cr);
    }
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
}

/* "T3" in a pill: the tail of an arrow and its row in the key. */
static void
draw_threat_badge (Text     *text,
                   int       number,
                   gboolean  passes,
                   double    x,
                   double    y,
                   double    size)
{
  cairo_t *cr = text->cr;
  g_autofree char *label = g_strdup_printf ("T%d", number);
  double h = size * 1.5, w = MAX (h, size * (0.62 * strlen (label) + 0.7)), r = h / 2;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x - w / 2 + r, y, r, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, x + w / 2 - r, y, r, -G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  set_rgb (cr, passes ? &passes_colour : &stopped_colour, 1.0);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  draw_text (text, label, size, TRUE, 0, x, y, 0, TEXT_CENTRE);
}

/* ───────────────────────────── the picture ───────────────────────────── */

static void
paint_rings (cairo_t                  *cr,
             Text                     *text,
             const PsemsDiagramLayout *layout)
{
  guint n = layout->rings->len;
  double cx = layout->centre_x, cy = layout->centre_y, fs = layout->font_size;

  for (guint i = 0; i < n; i++)
    {
      const PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing, i);
      double fill[4];

      psems_diagram_get_ring_colour (i, n, fill);
      cairo_new_sub_path (cr);
      cairo_arc (cr, cx, cy, ring->outer_radius, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, fill[0], fill[1], fill[2]);
      cairo_fill_preserve (cr);
      set_rgb (cr, &ring_edge, 1.0);
      cairo_set_line_width (cr, MAX (1.0, fs * 0.08));
      cairo_stroke (cr);
    }

  /* The asset the layers protect. */
  if (n > 0 && layout->core_radius > 0)
    {
      double r = layout->core_radius;

      cairo_new_sub_path (cr);
      cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
      set_rgb (cr, &core_fill, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, MAX (1.5, fs * 0.15));
      cairo_stroke (cr);
      if (r > fs * 2.2)
        {
          g_autofree char *asset = g_utf8_strup (C_("diagram", "Asset"), -1);

          cairo_set_source_rgb (cr, 1, 1, 1);
          draw_text (text, asset, layout->key_font_size * 0.9, TRUE, fs * 0.1, cx, cy,
                     0, TEXT_CENTRE);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      const PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing, i);
      g_autofree char *name = g_utf8_strup (ring->name, -1);

      set_rgb (cr, &ring_text, 0.9);
      draw_text (text, name, layout->font_size * PSEMS_DIAGRAM_RING_LABEL_SCALE, TRUE,
                 fs * 0.08, ring->label_x, ring->label_y, 0, TEXT_CENTRE);
    }
}

static void
paint_arrows (cairo_t                  *cr,
              Text                     *text,
              const PsemsDiagramLayout *layout)
{
  double fs = layout->font_size;

  /* Stopped ones first: a threat that passes through is never hidden under one that does not. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < layout->arrows->len; i++)
      {
        const PsemsDiagramArrow *arrow = &g_array_index (layout->arrows, PsemsDiagramArrow, i);

        if (arrow->passes_through != (pass == 1))
          continue;
        draw_arrow (cr, arrow->start_x, arrow->start_y, arrow->end_x, arrow->end_y,
                    arrow->passes_through, fs);
      }
  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const PsemsDiagramArrow *arrow = &g_array_index (layout->arrows, PsemsDiagramArrow, i);
      double r = hypot (arrow->start_x - layout->centre_x, arrow->start_y - layout->centre_y) + fs * 1.1;

      draw_threat_badge (text, arrow->number, arrow->passes_through,
                         layout->centre_x + r * sin (arrow->angle),
                         layout->centre_y - r * cos (arrow->angle), layout->key_font_size * 0.95);
    }
}

static void
paint_nodes (cairo_t                  *cr,
             Text                     *text,
             const PsemsDiagramLayout *layout,
             const PsemsDiagramInput  *input)
{
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);

      draw_marker (cr, node->function, node->status, node->degraded, node->x, node->y, node->size);
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
          set_rgb (cr, &ink, 1.0);
          /* Labels may cross a ring's edge; the ring tint is light enough to read them on. */
          draw_text (text, name, layout->key_font_size, FALSE, 0, node->label_box.x,
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
          set_rgb (cr, &status_styles[find_status_style (node->status)].text, 1.0);
          draw_text (text, number, size, TRUE, 0, node->x, node->y + shift, 0, TEXT_CENTRE);
        }
    }
}

static void
paint_key (cairo_t                  *cr,
           Text                     *text,
           const PsemsDiagramLayout *layout)
{
  double kfs = layout->key_font_size;
  double digit, number_column;
  char widest[16];

  /* The names start in one column, after the widest number, which is right-aligned; digits
   * are as wide as each other in the fonts we ask for, so one is measured. */
  digit = measure_text (text, "0", kfs, TRUE);
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
          set_rgb (cr, entry->id != 0 ? &ring_text : &ink, 1.0);
          draw_text (text, entry->text, kfs, TRUE, 0, box->x, text_top, box->width, TEXT_LEFT);
          continue;
        case PSEMS_DIAGRAM_KEY_STATUS:
          draw_marker (cr, "detect", entry->status, FALSE, box->x + kfs * 0.8, mid, sample);
          break;
        case PSEMS_DIAGRAM_KEY_FUNCTION:
          marker_path (cr, entry->function, box->x + kfs * 0.8, mid, sample);
          set_rgb (cr, &muted, 1.0);
          cairo_fill (cr);
          break;
        case PSEMS_DIAGRAM_KEY_DEGRADED:
          draw_marker (cr, "detect", "implemented", TRUE, box->x + kfs * 0.8, mid, sample * 0.8);
          break;
        case PSEMS_DIAGRAM_KEY_STOPPED:
        case PSEMS_DIAGRAM_KEY_PASSES:
          draw_arrow (cr, box->x, mid, box->x + kfs * 1.6, mid,
                      entry->kind == PSEMS_DIAGRAM_KEY_PASSES, layout->font_size * 0.8);
          break;
        case PSEMS_DIAGRAM_KEY_THREAT:
          {
            const char *outcome = NULL;
            double outcome_width;

            draw_threat_badge (text, entry->number, entry->passes_through, box->x + kfs * 1.0, mid,
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
            outcome_width = outcome != NULL ? MIN (measure_text (text, outcome, kfs * 0.92, entry->passes_through),
                                                   box->width * 0.55) : 0;
            if (outcome != NULL)
              {
                set_rgb (cr, entry->passes_through ? &passes_colour : &muted, 1.0);
                draw_text (text, outcome, kfs * 0.92, entry->passes_through, 0,
                           box->x + box->width - outcome_width, mid - kfs * 0.92 * 0.62,
                           outcome_width + 0.5, TEXT_LEFT);
              }
            text_width = box->width - indent - outcome_width - kfs;
          }
          break;
        case PSEMS_DIAGRAM_KEY_CONTROL:
          {
            char number[16];

            draw_marker (cr, entry->function, entry->status, entry->degraded,
                         box->x + kfs * 0.7, mid, kfs * 0.8);
            g_snprintf (number, sizeof number, "%d", entry->number);
            set_rgb (cr, &muted, 1.0);
            draw_text (text, number, kfs, TRUE, 0,
                       box->x + kfs * 1.7 + number_column - digit * strlen (number),
                       text_top, 0, TEXT_LEFT);
            indent = kfs * 1.7 + number_column + kfs * 0.5;
            text_width = box->width - indent;
          }
          break;
        case PSEMS_DIAGRAM_KEY_MORE:
          indent = 0;
          text_width = box->width;
          set_rgb (cr, &muted, 1.0);
          draw_text (text, entry->text, kfs, FALSE, 0, box->x, text_top, text_width, TEXT_LEFT);
          continue;
        default:
          break;
        }
      set_rgb (cr, &ink, 1.0);
      draw_text (text, entry->text, kfs, FALSE, 0, box->x + indent, text_top, MAX (1.0, text_width),
                 TEXT_LEFT);
    }
}

void
psems_diagram_paint_static (cairo_t                  *cr,
                            const PsemsDiagramLayout *layout,
                            const PsemsDiagramInput  *input)
{
  Text text;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (input != NULL);

  cairo_save (cr);
  text_init (&text, cr);

  cairo_rectangle (cr, 0, 0, layout->width, layout->height);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  set_rgb (cr, &ink, 1.0);
  draw_text (&text, layout->title, layout->title_font_size, TRUE, 0, layout->title_box.x,
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
            set_rgb (cr, &muted, 1.0);
            draw_text (&text, "·", fs, FALSE, 0, x, box->y, 0, TEXT_LEFT);
            x += fs * 0.75;
            room -= fs * 0.75;
          }
        set_rgb (cr, alert ? &passes_colour : &muted, 1.0);
        draw_text (&text, parts[i], fs, alert, 0, x, box->y, room, TEXT_LEFT);
        x += MIN (room, measure_text (&text, parts[i], fs, alert)) + fs * 0.4;
      }
  }

  if (layout->rings->len == 0)
    {
      set_rgb (cr, &muted, 1.0);
      draw_text (&text, _("This facility has no layers of defence yet."), layout->font_size, FALSE, 0,
                 layout->centre_x, layout->centre_y, 0, TEXT_CENTRE);
    }
  paint_rings (cr, &text, layout);
  paint_arrows (cr, &text, layout);
  paint_nodes (cr, &text, layout, input);
  paint_key (cr, &text, layout);

  text_clear (&text);
  cairo_restore (cr);
}

static void
ring_node (cairo_t                *cr,
           const PsemsDiagramNode *node,
           double                  gap,
           double                  width,
           const Rgb              *colour,
           double                  alpha)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, node->x, node->y, node->size * 0.5 + gap, 0, 2 * G_PI);
  set_rgb (cr, colour, alpha);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

void
psems_diagram_paint_dynamic (cairo_t                  *cr,
                             const PsemsDiagramLayout *layout,
                             gint64                    highlight_control,
                             gint64                    hover_control)
{
  double fs;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);

  fs = layout->font_size;
  cairo_save (cr);
  if (hover_control != 0 && hover_control != highlight_control)
    {
      const PsemsDiagramNode *node = psems_diagram_layout_find_node (layout, hover_control);

      if (node != NULL)
        ring_node (cr, node, node->size * 0.45, MAX (1.5, fs * 0.15), &accent, 0.55);
    }
  if (highlight_control != 0)
    {
      const PsemsDiagramNode *node = psems_diagram_layout_find_node (layout, highlight_control);

      if (node != NULL)
        {
          ring_node (cr, node, node->size * 0.5, MAX (5.0, fs * 0.5), &accent, 0.25);
          ring_node (cr, node, node->size * 0.5, MAX (2.0, fs * 0.2), &accent, 1.0);
        }
      for (guint i = 0; i < layout->key_entries->len; i++)
        {
          const PsemsDiagramKeyEntry *entry = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i);

          if (entry->kind != PSEMS_DIAGRAM_KEY_CONTROL || entry->id != highlight_control)
            continue;
          cairo_rectangle (cr, entry->box.x - fs * 0.2, entry->box.y, entry->box.width + fs * 0.4,
                           entry->box.height);
          set_rgb (cr, &accent, 0.16);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
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
