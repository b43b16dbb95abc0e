/* psems-plan-diff-view.h — an element of two plan versions side by side, changed lines marked. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-plan.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_PLAN_DIFF_VIEW (psems_plan_diff_view_get_type ())

G_DECLARE_FINAL_TYPE (PsemsPlanDiffView, psems_plan_diff_view, PSEMS, PLAN_DIFF_VIEW, GtkWidget)

GtkWidget *psems_plan_diff_view_new             (void);
void       psems_plan_diff_view_set_store       (PsemsPlanDiffView *self,
                                                 PsemsStore        *store);
void       psems_plan_diff_view_set_plans       (PsemsPlanDiffView *self,
                                                 GPtrArray         *plans,
                                                 gint64             current_plan_id);
void       psems_plan_diff_view_set_versions    (PsemsPlanDiffView *self,
                                                 gint64             old_plan_id,
                                                 gint64             new_plan_id);
void       psems_plan_diff_view_set_element_key (PsemsPlanDiffView *self,
                                                 const char        *key);
void       psems_plan_diff_view_refresh         (PsemsPlanDiffView *self);
guint      psems_plan_diff_view_count_lines     (PsemsPlanDiffView *self,
                                                 const char        *css_class);

G_END_DECLS
