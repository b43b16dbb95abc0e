/* psems-diagram-pen.h — what the diagram painter draws with: a small cairo-like pen (paths,
 * fills, strokes, dashes, text), so one painter serves cairo (the widget, PNG, SVG, PDF) and
 * other backends (libharu in src/export). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "psems-diagram.h"

G_BEGIN_DECLS

typedef enum
{
  PSEMS_DIAGRAM_PEN_REGULAR,
  PSEMS_DIAGRAM_PEN_BOLD,
} PsemsDiagramPenWeight;

typedef enum
{
  PSEMS_DIAGRAM_PEN_TOP_LEFT,  /* (x, y) is the top-left of the text's line box */
  PSEMS_DIAGRAM_PEN_CENTRE,    /* (x, y) is the centre of the text's line box */
} PsemsDiagramPenAnchor;

typedef enum
{
  PSEMS_DIAGRAM_PEN_CAP_BUTT,
  PSEMS_DIAGRAM_PEN_CAP_ROUND,
} PsemsDiagramPenCap;

typedef enum
{
  PSEMS_DIAGRAM_PEN_JOIN_MITER,
  PSEMS_DIAGRAM_PEN_JOIN_ROUND,
} PsemsDiagramPenJoin;

/* A backend's operations, in the layout's units: top-left origin, y grows downwards, angles in
 * radians clockwise from 3 o'clock (as cairo). The fill and stroke colours are separate, as in
 * PDF; text is drawn in the fill colour. A path is built with move/line/curve/arc/rectangle/close
 * and consumed by fill, stroke or fill_stroke. save/restore keep colours, line width, cap, join
 * and dash. The initial state: black fill and stroke, width 1, butt caps, miter joins, no dash. */
typedef struct
{
  void   (*save)           (gpointer user_data);
  void   (*restore)        (gpointer user_data);
  void   (*set_fill)       (gpointer user_data,
                            double r, double g, double b, double alpha);
  void   (*set_stroke)     (gpointer user_data,
                            double r, double g, double b, double alpha);
  void   (*set_line_width) (gpointer user_data,
                            double width);
  void   (*set_line_cap)   (gpointer user_data,
                            PsemsDiagramPenCap cap);
  void   (*set_line_join)  (gpointer user_data,
                            PsemsDiagramPenJoin join);
  /* @n_dashes 0: solid. */
  void   (*set_dash)       (gpointer user_data,
                            const double *dashes, guint n_dashes, double offset);
  void   (*move_to)        (gpointer user_data,
                            double x, double y);
  void   (*line_to)        (gpointer user_data,
                            double x, double y);
  void   (*curve_to)       (gpointer user_data,
                            double x1, double y1, double x2, double y2, double x3, double y3);
  /* As cairo_arc(): from @angle1 to @angle2 (increasing); a line joins it to the current
   * point, if any. */
  void   (*arc)            (gpointer user_data,
                            double xc, double yc, double radius, double angle1, double angle2);
  void   (*rectangle)      (gpointer user_data,
                            double x, double y, double width, double height);
  void   (*close_path)     (gpointer user_data);
  void   (*fill)           (gpointer user_data,
                            gboolean even_odd);
  void   (*stroke)         (gpointer user_data);
  /* Fills in the fill colour, then strokes the same path in the stroke colour. */
  void   (*fill_stroke)    (gpointer user_data);
  /* One line of @text in the fill colour, at @size (the em size, in units), anchored at (x, y);
   * cut with "…" when wider than @max_width (> 0; 0 for no limit); @letter_spacing added
   * between letters. Returns the width drawn. */
  double (*show_text)      (gpointer user_data,
                            double x, double y, const char *text, double size,
                            PsemsDiagramPenWeight weight, PsemsDiagramPenAnchor anchor,
                            double max_width, double letter_spacing);
  /* The width @text would take, uncut. */
  double (*text_width)     (gpointer user_data,
                            const char *text, double size, PsemsDiagramPenWeight weight,
                            double letter_spacing);
} PsemsDiagramPenFuncs;

typedef struct
{
  const PsemsDiagramPenFuncs *funcs;
  gpointer user_data;
} PsemsDiagramPen;

/* A pen drawing on @cr at its current transformation, text through Pango (the look of the
 * widget and the PNG, SVG and PDF exports). Free with psems_diagram_pen_free_cairo(). */
PsemsDiagramPen *psems_diagram_pen_new_cairo  (cairo_t         *cr);
void             psems_diagram_pen_free_cairo (PsemsDiagramPen *pen);

/* psems_diagram_paint_static() and psems_diagram_paint_dynamic() through any pen. */
void psems_diagram_paint_static_pen  (const PsemsDiagramPen   *pen,
                                      const PsemsDiagramLayout *layout,
                                      const PsemsDiagramInput  *input);
void psems_diagram_paint_dynamic_pen (const PsemsDiagramPen   *pen,
                                      const PsemsDiagramLayout *layout,
                                      gint64                    highlight_control,
                                      gint64                    hover_control);

G_END_DECLS
