/* psems-plan.h — port facility security plans: versions, the approval workflow, elements, coverage. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

/*
 * The workflow (ISPS A/16): draft → submitted → approved → superseded.
 * A submitted plan the authority sends back returns to draft. Approving a
 * version supersedes the facility's approved one in the same transaction.
 * Only drafts can be edited; approved and superseded versions are read-only.
 * A plan cannot be approved while a required element is missing.
 */
typedef enum
{
  PSEMS_PLAN_DRAFT,
  PSEMS_PLAN_SUBMITTED,
  PSEMS_PLAN_APPROVED,
  PSEMS_PLAN_SUPERSEDED,
} PsemsPlanStatus;

typedef enum
{
  PSEMS_ELEMENT_MISSING,
  PSEMS_ELEMENT_DRAFT,
  PSEMS_ELEMENT_COMPLETE,
} PsemsElementStatus;

typedef struct
{
  gint64 id;
  char *ref;                /* PLN-2026-0003 */
  gint64 facility_id;
  char *facility_ref;
  char *facility_code;
  int version;
  char *title;
  PsemsPlanStatus status;
  char *submitted_on;       /* YYYY-MM-DD or NULL */
  char *approved_on;
  char *approved_by;        /* the approving authority */
  char *approval_ref;       /* its reference */
  char *superseded_on;
  char *next_review_due;
  /* coverage */
  guint n_elements;
  guint n_required;
  guint n_complete;
  guint n_missing_required; /* required elements whose status is missing: the plan's gaps */
} PsemsPlan;

typedef struct
{
  gint64 id;
  gint64 plan_id;
  char *template_id;        /* isps-a16.3 */
  char *key;                /* unauthorized-access */
  char *reference;          /* ISPS A/16.3.2 */
  int position;
  char *title;
  gboolean required;
  PsemsElementStatus status;
  char *text[3];            /* measures at security levels 1, 2 and 3 (index level - 1) */
  GArray *control_ids;      /* gint64: linked controls */
} PsemsPlanElement;

void        psems_plan_free               (PsemsPlan *plan);
void        psems_plan_element_free       (PsemsPlanElement *element);

const char *psems_plan_status_to_string   (PsemsPlanStatus status);
const char *psems_plan_status_label       (PsemsPlanStatus status);
gboolean    psems_plan_status_from_string (const char      *text,
                                           PsemsPlanStatus *status);
const char *psems_element_status_to_string (PsemsElementStatus status);
const char *psems_element_status_label    (PsemsElementStatus status);
gboolean    psems_element_status_from_string (const char         *text,
                                              PsemsElementStatus *status);

/* A new draft: a copy of the facility's latest version's elements, or the
 * template's elements (all missing) for a facility's first plan. */
gint64      psems_plan_new_version        (PsemsStore  *store,
                                           PsemsActor  *actor,
                                           gint64       facility_id,
                                           const char  *title,
                                           const char  *template_id,
                                           char       **ref,
                                           GError     **error);
/* Writes one element of a draft. @texts may hold NULL for a level left as
 * it is; @status NULL leaves the status; @control_ids NULL leaves the links. */
gboolean    psems_plan_edit_element       (PsemsStore         *store,
                                           PsemsActor         *actor,
                                           gint64              plan_id,
                                           const char         *key,
                                           const char * const  texts[3],
                                           const PsemsElementStatus *status,
                                           GArray             *control_ids,
                                           GError            **error);
gboolean    psems_plan_set_title          (PsemsStore  *store,
                                           PsemsActor  *actor,
                                           gint64       plan_id,
                                           const char  *title,
                                           GError     **error);
gboolean    psems_plan_submit             (PsemsStore  *store,
                                           PsemsActor  *actor,
                                           gint64       plan_id,
                                           const GDate *on,
                                           GError     **error);
gboolean    psems_plan_return_to_draft    (PsemsStore  *store,
                                           PsemsActor  *actor,
                                           gint64       plan_id,
                                           const char  *reason,
                                           GError     **error);
gboolean    psems_plan_approve            (PsemsStore  *store,
                                           PsemsActor  *actor,
                                           gint64       plan_id,
                                           const char  *authority,
                                           const char  *approval_ref,
                                           const GDate *on,
                                           const GDate *next_review_due,
                                           GError     **error);

PsemsPlan  *psems_plan_get                (PsemsStore  *store,
                                           gint64       plan_id,
                                           GError     **error);
GPtrArray  *psems_plan_list               (PsemsStore  *store,
                                           gint64       facility_id,
                                           GError     **error);
GPtrArray  *psems_plan_list_elements      (PsemsStore  *store,
                                           gint64       plan_id,
                                           GError     **error);
PsemsPlanElement *psems_plan_get_element  (PsemsStore  *store,
                                           gint64       plan_id,
                                           const char  *key,
                                           GError     **error);
gint64      psems_plan_resolve            (PsemsStore  *store,
                                           const char  *text,
                                           GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsPlan, psems_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsPlanElement, psems_plan_element_free)

G_END_DECLS
