/* psems-facilities-page.h — the facilities: a list beside the chosen one, edited in place. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_FACILITIES_PAGE (psems_facilities_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsFacilitiesPage, psems_facilities_page, PSEMS, FACILITIES_PAGE, GtkWidget)

GtkWidget  *psems_facilities_page_new             (void);
void        psems_facilities_page_set_store       (PsemsFacilitiesPage *self,
                                                   PsemsStore          *store,
                                                   PsemsActor          *actor);
gint64      psems_facilities_page_get_selected_id (PsemsFacilitiesPage *self);
gboolean    psems_facilities_page_get_dirty       (PsemsFacilitiesPage *self);

G_END_DECLS
