/* psems-assessments-page.h — GAP self-assessments of a facility: answering a question bank, scores, comparisons. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_ASSESSMENTS_PAGE (psems_assessments_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsAssessmentsPage, psems_assessments_page, PSEMS, ASSESSMENTS_PAGE,
                      GtkWidget)

GtkWidget *psems_assessments_page_new             (void);
void       psems_assessments_page_set_store       (PsemsAssessmentsPage *self,
                                                   PsemsStore           *store,
                                                   PsemsActor           *actor);
/* 0: all facilities. */
void       psems_assessments_page_set_facility_id (PsemsAssessmentsPage *self,
                                                   gint64                facility_id);

G_END_DECLS
