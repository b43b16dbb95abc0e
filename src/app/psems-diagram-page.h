/* psems-diagram-page.h — the live defence-in-depth diagram of one facility, with a text alternative beside it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_DIAGRAM_PAGE (psems_diagram_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsDiagramPage, psems_diagram_page, PSEMS, DIAGRAM_PAGE, GtkWidget)

GtkWidget *psems_diagram_page_new             (void);
void       psems_diagram_page_set_store       (PsemsDiagramPage *self,
                                               PsemsStore       *store,
                                               PsemsActor       *actor);
/* 0: all facilities (the page then asks for one). */
void       psems_diagram_page_set_facility_id (PsemsDiagramPage *self,
                                               gint64            facility_id);
gint64     psems_diagram_page_get_facility_id (PsemsDiagramPage *self);
/* Writes the diagram as shown (its threat paths) to @path: PNG, SVG or PDF by the extension.
 * The Export… button's file chooser ends here, and so does "diagram.export-to" (s). */
gboolean   psems_diagram_page_export          (PsemsDiagramPage *self,
                                               const char       *path,
                                               GError          **error);

/* Clicking a control activates "win.show-control" with its id (int64, "x"). */

G_END_DECLS
