/* psems-plan-editor.h — a plan version's elements beside the one being edited, level by level. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-plan.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_PLAN_EDITOR (psems_plan_editor_get_type ())

G_DECLARE_FINAL_TYPE (PsemsPlanEditor, psems_plan_editor, PSEMS, PLAN_EDITOR, GtkWidget)

GtkWidget   *psems_plan_editor_new                (void);
void         psems_plan_editor_set_store          (PsemsPlanEditor    *self,
                                                   PsemsStore         *store,
                                                   PsemsActor         *actor);
void         psems_plan_editor_set_plan           (PsemsPlanEditor    *self,
                                                   const PsemsPlan    *plan);
void         psems_plan_editor_reload             (PsemsPlanEditor    *self);
GPtrArray   *psems_plan_editor_get_elements       (PsemsPlanEditor    *self);
const char  *psems_plan_editor_get_element_key    (PsemsPlanEditor    *self);
gboolean     psems_plan_editor_select_element     (PsemsPlanEditor    *self,
                                                   const char         *key);
gboolean     psems_plan_editor_get_editable       (PsemsPlanEditor    *self);
gboolean     psems_plan_editor_get_dirty          (PsemsPlanEditor    *self);
gboolean     psems_plan_editor_save               (PsemsPlanEditor    *self,
                                                   GError            **error);
void         psems_plan_editor_revert             (PsemsPlanEditor    *self);
void         psems_plan_editor_set_status         (PsemsPlanEditor    *self,
                                                   PsemsElementStatus  status);
void         psems_plan_editor_show_elements      (PsemsPlanEditor    *self);
void         psems_plan_editor_start_search       (PsemsPlanEditor    *self);
GtkTextView *psems_plan_editor_get_text_view      (PsemsPlanEditor    *self,
                                                   int                 level);

G_END_DECLS
