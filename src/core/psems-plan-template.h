/* psems-plan-template.h — plan templates as data: the required elements of a plan (ISPS A/16.3, …). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *key;          /* stable across versions: unauthorized-access */
  char *reference;    /* ISPS A/16.3.2 */
  char *title;
  char *guidance;     /* what the element must address, shown in the editor */
  gboolean required;
} PsemsTemplateElement;

typedef struct
{
  char *id;           /* isps-a16.3 */
  char *title;
  char *regime;       /* ISPS Code */
  GPtrArray *elements; /* PsemsTemplateElement, in order */
} PsemsPlanTemplate;

void               psems_plan_template_free      (PsemsPlanTemplate *self);
PsemsPlanTemplate *psems_plan_template_load_file (const char        *path,
                                                  GError           **error);
/* Templates shipped in data/plan-templates/ (installed, or the source tree's
 * while running from the build), then the user's in
 * $XDG_DATA_HOME/psems/plan-templates/. A file that does not parse is
 * reported in @problems (file: line: what) and skipped. */
GPtrArray         *psems_plan_template_load_all  (GPtrArray        **problems);
PsemsPlanTemplate *psems_plan_template_find      (const char        *id,
                                                  GError           **error);
const PsemsTemplateElement *psems_plan_template_get_element (const PsemsPlanTemplate *self,
                                                             const char              *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsPlanTemplate, psems_plan_template_free)

G_END_DECLS
