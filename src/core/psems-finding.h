/* psems-finding.h — findings and their corrective actions: open → in progress → closed → verified. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-store.h"
#include "psems-transaction.h"

G_BEGIN_DECLS

/* Plain value struct. Dates are ISO 8601 "YYYY-MM-DD" strings (NULL: none). */
typedef struct
{
  gint64 id;               /* 0 for a new finding */
  char *ref;               /* FND-2026-0001, assigned on creation */
  gint64 facility_id;
  char *source;            /* audit, drill, exercise, incident, gap, manual (psems_finding_sources) */
  gint64 completion_id;    /* 0: none; the audit, drill or exercise it was raised in */
  gint64 incident_id;      /* 0: none; source incident only */
  gint64 answer_id;        /* 0: none; source gap only: a partial or non-compliant answer */
  gint64 control_id;       /* 0: none; the facility's control it is against (degrades it while unresolved) */
  char *severity;          /* major, minor, observation (psems_finding_severities) */
  char *title;
  char *description;       /* nullable */
  char *requirement_ref;   /* nullable; "ISPS A/16.3.2"; a GAP finding defaults to its question's reference */
  char *root_cause;        /* nullable */
  char *corrective_action; /* nullable until closed */
  char *owner;             /* nullable: who carries out the action */
  char *raised_on;         /* NULL on create: today; never in the future */
  char *due_on;            /* nullable; not before raised_on */

  /* Read-only: set by the workflow functions, never by create or update. */
  char *raised_by;         /* the actor who raised it */
  char *status;            /* open, in-progress, closed, verified (psems_finding_statuses) */
  char *closed_on;
  char *closed_by;
  char *verified_on;
  char *verified_by;
  gboolean self_verified;  /* verified by whoever closed it, in single-user mode */
  char *created_at;        /* UTC, YYYY-MM-DDTHH:MM:SSZ */
  char *updated_at;
  char *deleted_at;

  /* Read-only, for display: the linked records' references. */
  char *completion_ref;    /* CMP-2026-0001 */
  char *incident_ref;      /* INC-2026-0001 */
  char *answer_ref;        /* GAP-2026-0001/<question code> */
  char *control_ref;       /* CTL-2026-0001 */
  int n_evidence;          /* evidence files attached */

  /* Read-only, derived as of the day the list or get was asked for: */
  gboolean overdue;        /* open or in progress and due_on before the day */
  int days_open;           /* raised_on to closed_on, or to the day while unresolved; never negative */
} PsemsFinding;

/* Which findings psems_finding_list() answers; zero / NULL members do not filter. */
typedef struct
{
  gint64 facility_id;
  const char *status;      /* one of psems_finding_statuses(), or "unresolved": open or in progress */
  const char *severity;
  const char *source;
  gint64 control_id;
  gboolean overdue;        /* only findings overdue as of @as_of */
  const char *as_of;       /* the day derived fields are judged on; NULL: today */
} PsemsFindingFilter;

const char * const *psems_finding_sources        (void);
const char         *psems_finding_source_label   (const char *source);    /* translated */
const char * const *psems_finding_severities     (void);
const char         *psems_finding_severity_label (const char *severity);  /* translated */
const char * const *psems_finding_statuses       (void);
const char         *psems_finding_status_label   (const char *status);    /* translated */

PsemsFinding *psems_finding_new      (void);
void          psems_finding_free     (PsemsFinding *finding);
PsemsFinding *psems_finding_copy     (const PsemsFinding *finding);

/* Problems with a finding as the user typed it: every one, for a form to mark inline. */
GPtrArray    *psems_finding_validate (PsemsStore         *store,
                                      const PsemsFinding *finding);

/* Creates an open finding raised by the actor; @evidence_paths (nullable,
 * NULL-terminated) are kept as its evidence in the same write. */
gint64        psems_finding_create   (PsemsStore          *store,
                                      PsemsActor          *actor,
                                      const PsemsFinding  *finding,
                                      const char * const  *evidence_paths,
                                      char               **ref,
                                      GError             **error);
/* The same inside a write under way (an assessment raising a finding from an
 * answer, a lesson becoming an action): refused findings drop @txn's write. */
gint64        psems_finding_insert   (PsemsTransaction    *txn,
                                      const PsemsFinding  *finding,
                                      char               **ref,
                                      GError             **error);
/* Writes the editable fields of an open or in-progress finding; a closed or
 * verified finding is read-only. Status and workflow fields are ignored. */
gboolean      psems_finding_update   (PsemsStore          *store,
                                      PsemsActor          *actor,
                                      const PsemsFinding  *finding,
                                      GError             **error);

/* open → in-progress. */
gboolean      psems_finding_start    (PsemsStore          *store,
                                      PsemsActor          *actor,
                                      gint64               id,
                                      GError             **error);
/* open or in-progress → closed on @closed_on (NULL: today), by the actor.
 * @corrective_action (nullable) replaces the stored one; one is required. */
gboolean      psems_finding_close    (PsemsStore          *store,
                                      PsemsActor          *actor,
                                      gint64               id,
                                      const char          *closed_on,
                                      const char          *corrective_action,
                                      const char * const  *evidence_paths,
                                      GError             **error);
/* closed → verified on @verified_on (NULL: today), by the actor, who must not
 * be the one who closed it unless the database has no users (single-user
 * mode), in which case the record says it was self-verified. */
gboolean      psems_finding_verify   (PsemsStore          *store,
                                      PsemsActor          *actor,
                                      gint64               id,
                                      const char          *verified_on,
                                      GError             **error);
/* closed → open, the closure cleared. A verified finding is final. */
gboolean      psems_finding_reopen   (PsemsStore          *store,
                                      PsemsActor          *actor,
                                      gint64               id,
                                      GError             **error);

/* @as_of: the day "overdue" and "days open" are judged on (NULL: today). */
PsemsFinding *psems_finding_get      (PsemsStore          *store,
                                      gint64               id,
                                      const char          *as_of,
                                      GError             **error);
/* Live findings: unresolved first, then by due date, then reference. */
GPtrArray    *psems_finding_list     (PsemsStore               *store,
                                      const PsemsFindingFilter *filter,
                                      GError                  **error);
/* A finding by reference (FND-2026-0001) or id. */
gint64        psems_finding_resolve  (PsemsStore          *store,
                                      const char          *text,
                                      GError             **error);
/* A GAP answer by "GAP-2026-0001/<question code>" or its id. */
gint64        psems_finding_resolve_answer (PsemsStore    *store,
                                            const char    *text,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsFinding, psems_finding_free)

G_END_DECLS
