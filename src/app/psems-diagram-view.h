/* psems-diagram-view.h — draws a defence-in-depth diagram; zooms, scrolls, picks a control. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "psems-diagram.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_DIAGRAM_VIEW (psems_diagram_view_get_type ())

G_DECLARE_FINAL_TYPE (PsemsDiagramView, psems_diagram_view, PSEMS, DIAGRAM_VIEW, GtkWidget)

#define PSEMS_DIAGRAM_VIEW_MIN_ZOOM 1.0
#define PSEMS_DIAGRAM_VIEW_MAX_ZOOM 8.0

GtkWidget               *psems_diagram_view_new                 (void);
/* Takes @input (nullable); the view draws it until the next call. */
void                     psems_diagram_view_set_input           (PsemsDiagramView  *self,
                                                                 PsemsDiagramInput *input);
const PsemsDiagramInput *psems_diagram_view_get_input           (PsemsDiagramView  *self);
/* Shows or hides a threat's arrow. */
void                     psems_diagram_view_set_threat_selected (PsemsDiagramView  *self,
                                                                 gint64             threat_id,
                                                                 gboolean           selected);
gboolean                 psems_diagram_view_get_threat_selected (PsemsDiagramView  *self,
                                                                 gint64             threat_id);
/* The layout drawn now (at the view's size); NULL before the first allocation or without input. */
const PsemsDiagramLayout *psems_diagram_view_get_layout         (PsemsDiagramView  *self);

gint64                   psems_diagram_view_get_selected_control (PsemsDiagramView *self);
/* 0: none. A control not in the input selects none. */
void                     psems_diagram_view_set_selected_control (PsemsDiagramView *self,
                                                                  gint64            control_id);

double                   psems_diagram_view_get_zoom            (PsemsDiagramView  *self);
/* 1 fits the whole diagram in the view; larger magnifies around the view's centre. */
void                     psems_diagram_view_set_zoom            (PsemsDiagramView  *self,
                                                                 double             zoom);

/* What the tooltip says about a control (name, reference, layer, status, why degraded). */
char                    *psems_diagram_view_describe_control    (const PsemsControl *control,
                                                                 gboolean            markup);

/* The diagram in a few sentences (layers, controls by status, degraded, threats passing), for
 * the view's accessible description. */
char                    *psems_diagram_view_summarize           (const PsemsDiagramInput *input);

/* The palette the view paints in now: the dark one while the desktop's style is dark. */
const PsemsDiagramPalette *psems_diagram_view_get_palette        (PsemsDiagramView  *self);

/* How often the cached still part was painted (for tests and profiling). */
guint                    psems_diagram_view_get_n_static_paints (PsemsDiagramView  *self);

G_END_DECLS
