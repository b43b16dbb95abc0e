/* psems-personnel-page.h — vetted personnel: a searchable, filtered table beside the chosen person. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-person-import.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_PERSONNEL_PAGE (psems_personnel_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsPersonnelPage, psems_personnel_page, PSEMS, PERSONNEL_PAGE, GtkWidget)

GtkWidget  *psems_personnel_page_new             (void);
void        psems_personnel_page_set_store       (PsemsPersonnelPage *self,
                                                  PsemsStore         *store,
                                                  PsemsActor         *actor);
GListModel *psems_personnel_page_get_model       (PsemsPersonnelPage *self);
gboolean    psems_personnel_page_get_loading     (PsemsPersonnelPage *self);
gint64      psems_personnel_page_get_selected_id (PsemsPersonnelPage *self);
gboolean    psems_personnel_page_get_dirty       (PsemsPersonnelPage *self);
void        psems_personnel_page_import_file     (PsemsPersonnelPage *self,
                                                  GFile              *file);
gboolean    psems_personnel_page_get_importing   (PsemsPersonnelPage *self);
const char *psems_personnel_page_get_import_report (PsemsPersonnelPage *self);
gboolean    psems_personnel_page_drop_files      (PsemsPersonnelPage *self,
                                                  GSList             *files);

G_END_DECLS
