/* psems-diagram-pdf.c — the diagram painter's libharu backend: a pen (psems-diagram-pen.h) over the
 * PDF writer's canvas, so the pack carries the diagram as vectors and text. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-diagram-pdf.h"

/* The height of a line box in em: DejaVu Sans' ascent and descent (1901 + 483 of 2048 units),
 * the box Pango centres the cairo painter's text on and the canvas sets text top-down in. */
#define LINE_BOX 1.164

static void
pdf_pen_save (gpointer user_data)
{
  psems_pdf_canvas_save (user_data);
}

static void
pdf_pen_restore (gpointer user_data)
{
  psems_pdf_canvas_restore (user_data);
}

static void
pdf_pen_set_fill (gpointer user_data,
                  double   r,
                  double   g,
                  double   b,
                  double   alpha)
{
  psems_pdf_canvas_set_fill (user_data, r, g, b, alpha);
}

static void
pdf_pen_set_stroke (gpointer user_data,
                    double   r,
                    double   g,
                    double   b,
                    double   alpha)
{
  psems_pdf_canvas_set_stroke (user_data, r, g, b, alpha);
}

static void
pdf_pen_set_line_width (gpointer user_data,
                        double   width)
{
  psems_pdf_canvas_set_line_width (user_data, width);
}

static void
pdf_pen_set_line_cap (gpointer           user_data,
                      PsemsDiagramPenCap cap)
{
  psems_pdf_canvas_set_line_cap (user_data, cap == PSEMS_DIAGRAM_PEN_CAP_ROUND ? PSEMS_PDF_CAP_ROUND
                                                                               : PSEMS_PDF_CAP_BUTT);
}

static void
pdf_pen_set_line_join (gpointer            user_data,
                       PsemsDiagramPenJoin join)
{
  psems_pdf_canvas_set_line_join (user_data, join == PSEMS_DIAGRAM_PEN_JOIN_ROUND ? PSEMS_PDF_JOIN_ROUND
                                                                                  : PSEMS_PDF_JOIN_MITER);
}

static void
pdf_pen_set_dash (gpointer      user_data,
                  const double *dashes,
                  guint         n_dashes,
                  double        offset)
{
  psems_pdf_canvas_set_dash (user_data, dashes, n_dashes, offset);
}

static void
pdf_pen_move_to (gpointer user_data,
                 double   x,
                 double   y)
{
  psems_pdf_canvas_move_to (user_data, x, y);
}

static void
pdf_pen_line_to (gpointer user_data,
                 double   x,
                 double   y)
{
  psems_pdf_canvas_line_to (user_data, x, y);
}

static void
pdf_pen_curve_to (gpointer user_data,
                  double   x1,
                  double   y1,
                  double   x2,
                  double   y2,
                  double   x3,
                  double   y3)
{
  psems_pdf_canvas_curve_to (user_data, x1, y1, x2, y2, x3, y3);
}

static void
pdf_pen_arc (gpointer user_data,
             double   xc,
             double   yc,
             double   radius,
             double   angle1,
             double   angle2)
{
  psems_pdf_canvas_arc (user_data, xc, yc, radius, angle1, angle2);
}

static void
pdf_pen_rectangle (gpointer user_data,
                   double   x,
                   double   y,
                   double   width,
                   double   height)
{
  psems_pdf_canvas_rectangle (user_data, x, y, width, height);
}

static void
pdf_pen_close_path (gpointer user_data)
{
  psems_pdf_canvas_close_path (user_data);
}

static void
pdf_pen_fill (gpointer user_data,
              gboolean even_odd)
{
  psems_pdf_canvas_fill (user_data, even_odd);
}

static void
pdf_pen_stroke (gpointer user_data)
{
  psems_pdf_canvas_stroke (user_data);
}

static void
pdf_pen_fill_stroke (gpointer user_data)
{
  psems_pdf_canvas_fill_stroke (user_data);
}

static PsemsPdfWeight
pdf_weight (PsemsDiagramPenWeight weight)
{
  return weight == PSEMS_DIAGRAM_PEN_BOLD ? PSEMS_PDF_WEIGHT_BOLD : PSEMS_PDF_WEIGHT_REGULAR;
}

static double
pdf_pen_show_text (gpointer              user_data,
                   double                x,
                   double                y,
                   const char           *text,
                   double                size,
                   PsemsDiagramPenWeight weight,
                   PsemsDiagramPenAnchor anchor,
                   double                max_width,
                   double                letter_spacing)
{
  PsemsPdfAlign align = PSEMS_PDF_ALIGN_START;

  /* The painter centres on the middle of the line box; the canvas on its top. */
  if (anchor == PSEMS_DIAGRAM_PEN_CENTRE)
    {
      align = PSEMS_PDF_ALIGN_CENTRE;
      y -= size * LINE_BOX / 2;
    }
  return psems_pdf_canvas_show_text (user_data, x, y, text, size, pdf_weight (weight), align,
                                     max_width, letter_spacing);
}

static double
pdf_pen_text_width (gpointer              user_data,
                    const char           *text,
                    double                size,
                    PsemsDiagramPenWeight weight,
                    double                letter_spacing)
{
  return psems_pdf_canvas_text_width (user_data, text, size, pdf_weight (weight), letter_spacing);
}

static const PsemsDiagramPenFuncs pdf_pen_funcs = {
  .save = pdf_pen_save,
  .restore = pdf_pen_restore,
  .set_fill = pdf_pen_set_fill,
  .set_stroke = pdf_pen_set_stroke,
  .set_line_width = pdf_pen_set_line_width,
  .set_line_cap = pdf_pen_set_line_cap,
  .set_line_join = pdf_pen_set_line_join,
  .set_dash = pdf_pen_set_dash,
  .move_to = pdf_pen_move_to,
  .line_to = pdf_pen_line_to,
  .curve_to = pdf_pen_curve_to,
  .arc = pdf_pen_arc,
  .rectangle = pdf_pen_rectangle,
  .close_path = pdf_pen_close_path,
  .fill = pdf_pen_fill,
  .stroke = pdf_pen_stroke,
  .fill_stroke = pdf_pen_fill_stroke,
  .show_text = pdf_pen_show_text,
  .text_width = pdf_pen_text_width,
};

void
psems_diagram_pdf_pen_init (PsemsDiagramPen *pen,
                            PsemsPdfCanvas  *canvas)
{
  g_return_if_fail (pen != NULL);
  g_return_if_fail (canvas != NULL);

  pen->funcs = &pdf_pen_funcs;
  pen->user_data = canvas;
}

void
psems_diagram_paint_pdf (PsemsPdfCanvas           *canvas,
                         const PsemsDiagramLayout *layout,
                         const PsemsDiagramInput  *input)
{
  PsemsDiagramPen pen;

  g_return_if_fail (canvas != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (input != NULL);

  psems_diagram_pdf_pen_init (&pen, canvas);
  psems_diagram_paint_static_pen (&pen, layout, input);
}

/* What a drawing in the document holds until the document is written and freed. */
typedef struct
{
  PsemsDiagramInput *input;
  PsemsDiagramLayout *layout;
} Drawing;

static void
drawing_free (gpointer data)
{
  Drawing *drawing = data;

  psems_diagram_layout_free (drawing->layout);
  psems_diagram_input_free (drawing->input);
  g_free (drawing);
}

static void
draw_cb (PsemsPdfCanvas *canvas,
         double          width,
         double          height,
         gpointer        user_data)
{
  Drawing *drawing = user_data;

  psems_diagram_paint_pdf (canvas, drawing->layout, drawing->input);
}

void
psems_diagram_add_to_pdf (PsemsPdfDoc       *doc,
                          PsemsDiagramInput *input,
                          double             width,
                          double             height)
{
  Drawing *drawing;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (input != NULL);
  g_return_if_fail (width > 0 && height > 0);

  drawing = g_new (Drawing, 1);
  drawing->input = input;
  /* Laid out now, at the size it is drawn: the layout is pure and the input may be freed with
   * the document only. */
  drawing->layout = psems_diagram_layout_new (input, width, height);
  psems_pdf_doc_add_drawing (doc, width, height, draw_cb, drawing, drawing_free);
}
