/* psems-plans-page.h — a facility's security plan: versions, workflow, editor, history. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-plan-diff-view.h"
#include "psems-plan-editor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_PLANS_PAGE (psems_plans_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsPlansPage, psems_plans_page, PSEMS, PLANS_PAGE, GtkWidget)

GtkWidget         *psems_plans_page_new           (void);
void               psems_plans_page_set_store     (PsemsPlansPage *self,
                                                   PsemsStore     *store,
                                                   PsemsActor     *actor);
gint64             psems_plans_page_get_plan_id   (PsemsPlansPage *self);
PsemsPlanEditor   *psems_plans_page_get_editor    (PsemsPlansPage *self);
PsemsPlanDiffView *psems_plans_page_get_diff_view (PsemsPlansPage *self);

G_END_DECLS
