/* psems-incident.h — incidents, their reporting clocks (NIS2 Art. 23, 33 CFR 101 subpart F) and lessons learned. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-store.h"
#include "psems-transaction.h"

G_BEGIN_DECLS

/* ───────────────────────── reporting clocks (pure) ─────────────────────────
 *
 * Instants are seconds since 1970-01-01T00:00:00Z; PSEMS_INSTANT_NONE is "none".
 * Every clock starts when the facility became aware of the incident:
 *  EARLY_WARNING  NIS2 Art. 23(4)(a), a significant incident: within 24 hours.
 *  NOTIFICATION   NIS2 Art. 23(4)(b): within 72 hours.
 *  FINAL_REPORT   NIS2 Art. 23(4)(d): within one month of the notification,
 *                 a calendar month in the incident's time zone, clamped to the
 *                 month's end (notified 31 January: due by 28 February, same
 *                 time of day). Until the notification is sent it is not due.
 *  NRC            33 CFR 101 subpart F, a reportable cyber incident: to the
 *                 National Response Center without delay, so due from the
 *                 moment of awareness and overdue while not sent.
 * Hours are real hours: a 24-hour clock over a change of daylight saving time
 * ends 24 hours later, whatever the wall clock says.
 * "Due by D": sent at D is on time, D + 1 s is late. As of A: what is sent
 * after A has not been sent yet (asking about the past answers "where did we
 * stand then?"); before awareness nothing is due.
 */
#define PSEMS_INSTANT_NONE G_MININT64

typedef enum
{
  PSEMS_REPORT_EARLY_WARNING,
  PSEMS_REPORT_NOTIFICATION,
  PSEMS_REPORT_FINAL_REPORT,
  PSEMS_REPORT_NRC,
} PsemsReportKind;

typedef enum
{
  PSEMS_REPORT_NOT_DUE,       /* before awareness, or the final report before the notification */
  PSEMS_REPORT_DUE,           /* not sent, the deadline not passed */
  PSEMS_REPORT_OVERDUE,       /* not sent, the deadline passed ("without delay": not sent) */
  PSEMS_REPORT_SENT_ON_TIME,
  PSEMS_REPORT_SENT_LATE,
  PSEMS_REPORT_SENT,          /* "without delay" sent: no deadline to judge it against */
} PsemsReportState;

typedef struct
{
  PsemsReportKind  kind;
  PsemsReportState state;
  gint64           aware;     /* the start */
  gint64           due;       /* the deadline, PSEMS_INSTANT_NONE when not due yet (final report) */
  gint64           sent;      /* as of the evaluation, PSEMS_INSTANT_NONE when not sent */
  gint64           as_of;
  gint64           margin;    /* seconds: overdue or late by (>= 0), or left until due (DUE) */
} PsemsReportClock;

const char *psems_report_kind_to_string   (PsemsReportKind   kind);    /* early-warning, … nrc */
gboolean    psems_report_kind_from_string (const char       *text,
                                           PsemsReportKind  *kind);
const char *psems_report_kind_label       (PsemsReportKind   kind);    /* translated */
const char *psems_report_kind_citation    (PsemsReportKind   kind);    /* NIS2 Art. 23(4)(a), … */
const char *psems_report_state_to_string  (PsemsReportState  state);   /* not-due, due, overdue, … */
const char *psems_report_state_label      (PsemsReportState  state);   /* translated */
/* Whether the state asks for action: due or overdue. */
gboolean    psems_report_state_is_open    (PsemsReportState  state);

/* @notified: the notification's sending (FINAL_REPORT only; else ignored);
 * @zone: where calendar months are counted (FINAL_REPORT). */
void        psems_report_clock_evaluate   (PsemsReportKind   kind,
                                           GTimeZone        *zone,
                                           gint64            aware,
                                           gint64            notified,
                                           gint64            sent,
                                           gint64            as_of,
                                           PsemsReportClock *clock);
/* "Early warning due by 27 Nov 2026 14:05 CET (within 24 h of awareness,
 * NIS2 Art. 23(4)(a)) — overdue by 3 h", instants in @zone; translated. */
char       *psems_report_clock_explain    (const PsemsReportClock *clock,
                                           GTimeZone              *zone);
/* "3 h 20 min", "2 days 4 h", "45 min"; translated. */
char       *psems_duration_format         (gint64            seconds);
/* An instant shown in @zone: "27 Nov 2026 14:05 CET". */
char       *psems_instant_format          (gint64            instant,
                                           GTimeZone        *zone);
/* Parses "YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]" (a space may replace the T); text
 * without an offset is a wall-clock time in @zone. */
gboolean    psems_instant_parse           (const char       *text,
                                           GTimeZone        *zone,
                                           gint64           *instant);
/* The stored form, "YYYY-MM-DDTHH:MM:SSZ". */
char       *psems_instant_to_stamp        (gint64            instant);

/* ───────────────────────────── incidents ───────────────────────────── */

typedef struct
{
  gint64 id;                   /* 0 for a new incident */
  char *ref;                   /* INC-2026-0001, assigned on creation */
  gint64 facility_id;
  char *occurred_at;           /* an instant: stored "YYYY-MM-DDTHH:MM:SSZ"; input also
                                * local wall-clock time in time_zone or with an offset */
  char *aware_at;              /* when the facility became aware; the clocks start here */
  char *time_zone;             /* IANA zone where it happened; NULL on create: the facility's */
  char *location;              /* nullable */
  char *kind;                  /* psems_incident_kinds() */
  char *title;
  char *description;           /* nullable */
  int security_level;          /* 1–3 at the time; 0 on create: the facility's level then */
  char *reported_by;           /* nullable; personal (hashed in the audit trail) */
  char *reported_to;           /* nullable: authorities told */
  char *response;              /* nullable */
  gboolean significant;        /* NIS2 Art. 23 */
  gboolean cyber_reportable;   /* 33 CFR 101 subpart F */
  GArray *failed_control_ids;  /* gint64; on update NULL leaves the set as it is */
  GArray *worked_control_ids;  /* gint64; a control is in at most one of them */

  /* Read-only: set by psems_incident_record_report() and close/reopen. */
  char *early_warning_sent_at;
  char *notification_sent_at;
  char *final_report_sent_at;
  char *nrc_reported_at;       /* 33 CFR 101 subpart F (migration 0007) */
  char *status;                /* open, closed */
  char *closed_on;             /* YYYY-MM-DD */
  char *created_at;
  char *updated_at;
  char *deleted_at;
  int n_evidence;
  int n_lessons;
  int n_open_lessons;          /* not implemented */

  /* Read-only, derived as of the instant the get or list was asked for: */
  gint64 as_of;                /* the instant they were judged at */
  GArray *clocks;              /* PsemsReportClock of the regimes that apply, in kind order */
  int n_open_clocks;           /* due or overdue */
  int n_overdue_clocks;
} PsemsIncident;

/* A control named in an incident. */
typedef struct
{
  gint64 control_id;
  char *control_ref;
  char *name;
  char *layer_name;
  char *outcome;               /* failed, worked */
} PsemsIncidentControl;

typedef struct
{
  gint64 facility_id;          /* 0: every facility */
  const char *kind;            /* NULL: every kind */
  gboolean open_clocks;        /* only incidents with a clock due or overdue */
  const char *from;            /* YYYY-MM-DD: occurred on or after (incident's zone); NULL: no bound */
  const char *to;              /* YYYY-MM-DD: occurred on or before; NULL: no bound */
  const char *as_of;           /* instant the clocks are judged at; NULL: now */
} PsemsIncidentFilter;

const char * const *psems_incident_kinds      (void);
const char         *psems_incident_kind_label (const char *kind);   /* translated */

PsemsIncident *psems_incident_new      (void);
void           psems_incident_free     (PsemsIncident *incident);
void           psems_incident_control_free (PsemsIncidentControl *control);

GPtrArray     *psems_incident_validate (PsemsStore          *store,
                                        const PsemsIncident *incident);
gint64         psems_incident_create   (PsemsStore          *store,
                                        PsemsActor          *actor,
                                        const PsemsIncident *incident,
                                        const char * const  *evidence_paths,
                                        char               **ref,
                                        GError             **error);
gboolean       psems_incident_update   (PsemsStore          *store,
                                        PsemsActor          *actor,
                                        const PsemsIncident *incident,
                                        const char * const  *evidence_paths,
                                        GError             **error);
/* Records that a report was sent at @at (NULL: now); text without an offset
 * is wall-clock time in the incident's zone. */
gboolean       psems_incident_record_report (PsemsStore   *store,
                                             PsemsActor   *actor,
                                             gint64        id,
                                             PsemsReportKind what,
                                             const char   *at,
                                             GError      **error);
gboolean       psems_incident_close    (PsemsStore          *store,
                                        PsemsActor          *actor,
                                        gint64               id,
                                        const char          *closed_on,
                                        GError             **error);
gboolean       psems_incident_reopen   (PsemsStore          *store,
                                        PsemsActor          *actor,
                                        gint64               id,
                                        GError             **error);
/* @as_of: instant the clocks are judged at (NULL: now). */
PsemsIncident *psems_incident_get      (PsemsStore          *store,
                                        gint64               id,
                                        const char          *as_of,
                                        GError             **error);
/* Live incidents, latest first. */
GPtrArray     *psems_incident_list     (PsemsStore                *store,
                                        const PsemsIncidentFilter *filter,
                                        GError                   **error);
GPtrArray     *psems_incident_list_controls (PsemsStore     *store,
                                             gint64          id,
                                             GError        **error);
gint64         psems_incident_resolve  (PsemsStore          *store,
                                        const char          *text,
                                        GError             **error);
/* The incident's clocks as of @as_of, each with its explanation: for a page. */
GPtrArray     *psems_incident_explain_clocks (const PsemsIncident *incident);

/* ───────────────────────────── lessons ─────────────────────────────
 *
 * A lesson comes from an incident or from a completed audit, drill or
 * exercise. Adding one raises its tracked action as a finding (source
 * "incident", or the completion's kind) in the same write, linked through
 * lesson.finding_id; it may name the plan element the lesson amends.
 * open → in-progress → implemented. A lesson is implemented only once its
 * action is done: its finding closed or verified (not before the closing
 * day). The loop incident or drill → lesson → finding → plan element is what
 * psems_lesson_list() returns.
 */
typedef struct
{
  gint64 id;
  char *ref;                   /* LSN-2026-0001 */
  gint64 facility_id;
  gint64 incident_id;          /* 0: none */
  gint64 completion_id;        /* 0: none */
  char *text;
  gint64 finding_id;           /* 0: none (lessons recorded before tracking) */
  gint64 plan_element_id;      /* 0: none */
  char *status;                /* open, in-progress, implemented */
  char *implemented_on;
  char *created_at;
  char *updated_at;
  /* Read-only, for display: */
  char *incident_ref;
  char *completion_ref;
  char *finding_ref;
  char *finding_status;
  char *finding_owner;
  char *finding_due_on;
  char *plan_ref;              /* PLN-2026-0001 */
  char *plan_element_key;
  char *plan_element_title;
} PsemsLesson;

/* What a new lesson needs besides its text. */
typedef struct
{
  gint64 incident_id;          /* exactly one of incident_id and completion_id */
  gint64 completion_id;
  const char *text;
  gint64 plan_element_id;      /* 0: none */
  const char *owner;           /* the action's owner, nullable */
  const char *due_on;          /* the action's due day, nullable */
  const char *severity;        /* the finding's; NULL: observation */
} PsemsLessonInput;

const char * const *psems_lesson_statuses      (void);
const char         *psems_lesson_status_label  (const char *status);   /* translated */

void          psems_lesson_free        (PsemsLesson *lesson);
gint64        psems_lesson_add         (PsemsStore             *store,
                                        PsemsActor             *actor,
                                        const PsemsLessonInput *input,
                                        char                  **ref,
                                        char                  **finding_ref,
                                        GError                **error);
gboolean      psems_lesson_start       (PsemsStore             *store,
                                        PsemsActor             *actor,
                                        gint64                  id,
                                        GError                **error);
gboolean      psems_lesson_implement   (PsemsStore             *store,
                                        PsemsActor             *actor,
                                        gint64                  id,
                                        const char             *implemented_on,
                                        GError                **error);
PsemsLesson  *psems_lesson_get         (PsemsStore             *store,
                                        gint64                  id,
                                        GError                **error);
/* Lessons of an incident (@incident_id) or of a completion; in reference order. */
GPtrArray    *psems_lesson_list        (PsemsStore             *store,
                                        gint64                  incident_id,
                                        gint64                  completion_id,
                                        GError                **error);
gint64        psems_lesson_resolve     (PsemsStore             *store,
                                        const char             *text,
                                        GError                **error);
/* A plan element by "PLN-YYYY-NNNN:KEY". */
gint64        psems_lesson_resolve_plan_element (PsemsStore    *store,
                                                 const char    *text,
                                                 GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsIncident, psems_incident_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsIncidentControl, psems_incident_control_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsLesson, psems_lesson_free)

G_END_DECLS
