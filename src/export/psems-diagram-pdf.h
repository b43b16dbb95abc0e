/* psems-diagram-pdf.h — the defence-in-depth diagram as PDF vectors: the diagram painter's
 * libharu backend (through the writer's canvas), so a compliance pack carries the diagram as
 * lines, arcs, fills and text, not as a picture. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-diagram.h"
#include "psems-diagram-pen.h"
#include "psems-pdf.h"

G_BEGIN_DECLS

/* Paints @layout on @canvas, in the layout's units (1 unit = 1 point), exactly what
 * psems_diagram_paint_static() draws on a cairo_t. */
void psems_diagram_paint_pdf  (PsemsPdfCanvas           *canvas,
                               const PsemsDiagramLayout *layout,
                               const PsemsDiagramInput  *input);
/* The pen psems_diagram_paint_pdf() paints with: @canvas's operations behind the painter's
 * interface (psems-diagram-pen.h), valid while @canvas is. */
void psems_diagram_pdf_pen_init (PsemsDiagramPen          *pen,
                                 PsemsPdfCanvas           *canvas);
/* Lays @input out at @width × @height points and adds it to @doc as a drawing;
 * @doc takes @input. */
void psems_diagram_add_to_pdf (PsemsPdfDoc              *doc,
                               PsemsDiagramInput        *input,
                               double                    width,
                               double                    height);

G_END_DECLS
