/* test-roles.c — the role matrix: every function that takes an actor, called as every role, allowed or refused as documented. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "psems-store-private.h"
#include "psems-test-util.h"
#include "psems-user.h"

#define PASSWORD "harbour crane at dawn"

/* The actors each row is called as, in the order of its expectation string. */
enum
{
  AS_ADMIN,
  AS_SO_ASSIGNED,   /* a security officer assigned the container terminal, where every row's record is */
  AS_SO_OTHER,      /* a security officer assigned the cruise terminal only */
  AS_AUDITOR,
  AS_MANAGER,
  N_AS
};

static const char * const as_names[N_AS] = {
  "administrator", "security officer (assigned)", "security officer (other facility)", "auditor", "manager"
};

/* Ids in the demo template, all of the container terminal unless named otherwise. */
typedef struct
{
  char *dir;
  char *template_path;
  char *path;
  PsemsStore *store;
  PsemsActor *setup;      /* an administrator: prepares what a row needs */
  gint64 ct, cru;
  gint64 control, threat, finding, incident, dos, schedule;
  gint64 person, training_course, area, assessment;
  char *bank_code, *bank_version, *question_code;
  gint64 scratch;         /* what a row's prepare made for its call */
  gint64 extra_facility;  /* a facility a row's prepare made, assigned like the terminal */
  char *scratch_text;
  PsemsVetting *vetting;  /* read by a prepare: reading vettings is itself audited */
} Ctx;

typedef void (*PrepareFunc) (Ctx *c);
typedef gboolean (*CallFunc) (Ctx *c, PsemsActor *actor, GError **error);

typedef struct
{
  const char *function;   /* the public function this row calls */
  const char *variant;    /* nullable: what distinguishes a second row of the same function */
  const char *expect;     /* N_AS letters: y allowed, n refused with PSEMS_ERROR_PERMISSION */
  PrepareFunc prepare;    /* nullable: run as the setup actor before the call */
  CallFunc call;
} Row;

/* ───────────────────────────── helpers ───────────────────────────── */

static gint64
id_of (Ctx        *c,
       const char *sql)
{
  gint64 id = psems_test_count (c->store, "%s", sql);

  if (id <= 0)
    g_error ("the demo has no row for: %s", sql);
  return id;
}

static char *
text_of (Ctx        *c,
         const char *sql)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (c->store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

#define OK(expr) G_STMT_START { g_autoptr(GError) ok_e_ = NULL; \
  if (!(expr)) g_error ("prepare: %s: %s", #expr, ok_e_ ? ok_e_->message : "?"); } G_STMT_END
#define E (&ok_e_)

static GDateTime *
hours_ago (int hours)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add_hours (now, -hours);
}

static char *
yesterday (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -1);

  return g_date_time_format (then, "%Y-%m-%d");
}

static char *
write_file (Ctx        *c,
            const char *name,
            const char *contents)
{
  return psems_test_write_file (c->dir, name, contents);
}

/* ───────────────────────────── facilities, areas, layers ───────────────────────────── */

static gboolean
call_facility_create (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsFacility) f = psems_facility_get (c->store, c->ct, error);

  g_clear_pointer (&f->code, g_free);
  f->code = g_strdup ("NHV-NEW");
  f->imo_number = (g_free (f->imo_number), NULL);
  f->id = 0;
  return psems_facility_create (c->store, a, f, 1, NULL, error) > 0;
}

static gboolean
call_facility_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsFacility) f = psems_facility_get (c->store, c->ct, error);

  g_free (f->contact_24h);
  f->contact_24h = g_strdup ("+999 10 555 0199");
  return psems_facility_update (c->store, a, f, error);
}

static gboolean
call_facility_archive (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_facility_archive (c->store, a, c->ct, error);
}

static void
prepare_archived (Ctx *c)
{
  OK (psems_facility_archive (c->store, c->setup, c->ct, E));
}

static gboolean
call_facility_restore (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_facility_restore (c->store, a, c->ct, error);
}

static gboolean
call_facility_set_level (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(GDateTime) at = hours_ago (1);

  return psems_facility_set_level (c->store, a, c->ct, 3, "Threat reported by the police", at, NULL, NULL, error);
}

static void
prepare_level_change (Ctx *c)
{
  g_autoptr(GDateTime) at = hours_ago (2);

  OK (psems_facility_set_level (c->store, c->setup, c->ct, 2, "Exercise", at, NULL, NULL, E));
  c->scratch = id_of (c, "SELECT max(id) FROM facility_level_change");
}

static gboolean
call_facility_record_level_times (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(GDateTime) at = hours_ago (1);

  return psems_facility_record_level_times (c->store, a, c->scratch, at, NULL, error);
}

static gboolean
call_area_create (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_area_create (c->store, a, c->ct, "NEW-AREA", "New restricted area", NULL, NULL, error) > 0;
}

static gboolean
call_area_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(GPtrArray) areas = psems_area_list (c->store, c->ct, FALSE, error);
  PsemsArea *area = g_ptr_array_index (areas, 0);

  g_free (area->description);
  area->description = g_strdup ("Fenced, badge readers at both gates");
  return psems_area_update (c->store, a, area, error);
}

static gboolean
call_area_archive (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_area_archive (c->store, a, c->area, error);
}

static gboolean
call_layers_save (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(GPtrArray) layers = psems_layer_list (c->store, c->ct, error);
  PsemsLayer *layer = g_ptr_array_index (layers, 0);

  g_free (layer->description);
  layer->description = g_strdup ("The fence line and the gates");
  return psems_layers_save (c->store, a, c->ct, layers, error);
}

/* A facility without layers, as one registered before layers existed. */
static void
prepare_facility_without_layers (Ctx *c)
{
  g_autoptr(PsemsFacility) f = psems_facility_get (c->store, c->ct, NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) e_ = NULL;

  g_free (f->code);
  f->code = g_strdup ("NHV-OLD");
  g_clear_pointer (&f->imo_number, g_free);
  c->extra_facility = psems_facility_create (c->store, c->setup, f, 1, NULL, &e_);
  g_assert_no_error (e_);
  sql = g_strdup_printf ("DELETE FROM layer WHERE facility_id = %lld", (long long) c->extra_facility);
  OK (psems_store_exec (c->store, sql, E));
}

static gboolean
call_layers_ensure_default (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_layers_ensure_default (c->store, a, c->extra_facility, error);
}

/* ───────────────────────────── controls, threats, PFSA, risk matrix ───────────────────────────── */

static gboolean
call_control_create (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsControl) control = psems_control_get (c->store, c->control, NULL, error);

  control->id = 0;
  g_free (control->name);
  control->name = g_strdup ("Second patrol at night");
  return psems_control_create (c->store, a, control, NULL, error) > 0;
}

static gboolean
call_control_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsControl) control = psems_control_get (c->store, c->control, NULL, error);

  g_free (control->owner);
  control->owner = g_strdup ("Gate supervisor");
  return psems_control_update (c->store, a, control, error);
}

static gboolean
call_control_record_test (Ctx *c, PsemsActor *a, GError **error)
{
  g_autofree char *day = yesterday ();

  return psems_control_record_test (c->store, a, c->control, day, error);
}

static gboolean
call_threat_create (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsThreat) threat = psems_threat_get (c->store, c->threat, NULL, error);

  threat->id = 0;
  g_free (threat->name);
  threat->name = g_strdup ("Drone over the stacks");
  return psems_threat_create (c->store, a, threat, NULL, error) > 0;
}

static gboolean
call_threat_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsThreat) threat = psems_threat_get (c->store, c->threat, NULL, error);

  threat->likelihood = threat->likelihood == 5 ? 4 : threat->likelihood + 1;
  return psems_threat_update (c->store, a, threat, error);
}

static gboolean
call_threat_link (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsThreat) threat = psems_threat_get (c->store, c->threat, NULL, error);
  gboolean linked = FALSE;

  for (guint i = 0; i < threat->control_ids->len; i++)
    linked |= g_array_index (threat->control_ids, gint64, i) == c->control;
  return psems_threat_link (c->store, a, c->threat, c->control, !linked, error);
}

static gboolean
call_pfsa_save (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsPfsa) pfsa = psems_pfsa_get_current (c->store, c->ct, NULL, error);

  g_free (pfsa->summary);
  pfsa->summary = g_strdup ("Reviewed after the quay extension");
  return psems_pfsa_save (c->store, a, pfsa, error);
}

static gboolean
call_risk_matrix_save (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsRiskMatrix) matrix = psems_risk_matrix_load (c->store, error);
  PsemsRiskLevel *level = g_ptr_array_index (matrix->levels, 0);

  g_free (level->name);
  level->name = g_strdup ("Negligible");
  return psems_risk_matrix_save (c->store, a, matrix, error);
}

/* ───────────────────────────── plans ───────────────────────────── */

static gboolean
call_plan_new_version (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_plan_new_version (c->store, a, c->ct, NULL, NULL, NULL, error) > 0;
}

/* The terminal's plan version in draft (the demo has one). */
static void
prepare_draft_plan (Ctx *c)
{
  c->scratch = psems_test_count (c->store, "SELECT max(id) FROM plan WHERE facility_id = %lld AND status = 'draft'",
                                 (long long) c->ct);
  g_assert_cmpint (c->scratch, >, 0);
}

static void
prepare_submitted_plan (Ctx *c)
{
  g_autoptr(GPtrArray) elements = NULL;
  GDate today;

  prepare_draft_plan (c);
  elements = psems_plan_list_elements (c->store, c->scratch, NULL);
  for (guint i = 0; i < elements->len; i++)
    {
      const PsemsPlanElement *el = g_ptr_array_index (elements, i);
      const char * const texts[3] = { "Measures at level 1", "Measures at level 2", "Measures at level 3" };
      PsemsElementStatus complete = PSEMS_ELEMENT_COMPLETE;

      OK (psems_plan_edit_element (c->store, c->setup, c->scratch, el->key, texts, &complete, NULL, E));
    }
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  OK (psems_plan_submit (c->store, c->setup, c->scratch, &today, E));
}

/* No draft: a new version may start. */
static void
prepare_no_draft (Ctx *c)
{
  GDate today;

  prepare_submitted_plan (c);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  OK (psems_plan_approve (c->store, c->setup, c->scratch, "Designated Authority", "DA-1", &today, NULL, E));
}

static gboolean
call_plan_edit_element (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(GPtrArray) elements = psems_plan_list_elements (c->store, c->scratch, error);
  const PsemsPlanElement *el = g_ptr_array_index (elements, 0);
  const char * const texts[3] = { "Gates staffed", "Gates staffed, searches", "Gates closed" };

  return psems_plan_edit_element (c->store, a, c->scratch, el->key, texts, NULL, NULL, error);
}

static gboolean
call_plan_set_title (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_plan_set_title (c->store, a, c->scratch, "PFSP, revision for the quay extension", error);
}

static gboolean
call_plan_submit (Ctx *c, PsemsActor *a, GError **error)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  return psems_plan_submit (c->store, a, c->scratch, &today, error);
}

static gboolean
call_plan_return_to_draft (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_plan_return_to_draft (c->store, a, c->scratch, "The authority asked for changes", error);
}

static gboolean
call_plan_approve (Ctx *c, PsemsActor *a, GError **error)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  return psems_plan_approve (c->store, a, c->scratch, "Designated Authority", "DA-2026-17", &today, NULL, error);
}

/* ───────────────────────────── declarations of security ───────────────────────────── */

static gboolean
call_dos_create (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsDos) dos = psems_dos_get (c->store, c->dos, error);

  dos->id = 0;
  g_free (dos->ship_name);
  dos->ship_name = g_strdup ("MV Nordic Star");
  return psems_dos_create (c->store, a, dos, NULL, error) > 0;
}

static gboolean
call_dos_create_with_evidence (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsDos) dos = psems_dos_get (c->store, c->dos, error);
  g_autofree char *path = write_file (c, "dos-scan.txt", "signed declaration");
  const char * const evidence[] = { path, NULL };

  dos->id = 0;
  return psems_dos_create_with_evidence (c->store, a, dos, evidence, NULL, error) > 0;
}

static gboolean
call_dos_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsDos) dos = psems_dos_get (c->store, c->dos, error);

  g_free (dos->reason);
  dos->reason = g_strdup ("Ship at a higher security level than the facility");
  return psems_dos_update (c->store, a, dos, error);
}

/* ───────────────────────────── evidence ───────────────────────────── */

static gboolean
call_evidence_add (Ctx *c, PsemsActor *a, GError **error)
{
  g_autofree char *path = write_file (c, "photo.txt", "a photograph of the fence");

  return psems_evidence_add (c->store, a, path, "Fence", NULL, NULL, error) > 0;
}

static gboolean
call_evidence_add_to (Ctx *c, PsemsActor *a, GError **error)
{
  g_autofree char *path = write_file (c, "fix.txt", "the repaired fence");

  return psems_evidence_add_to (c->store, a, path, "Repair", "finding", c->finding, NULL, NULL, error) > 0;
}

static void
prepare_loose_evidence (Ctx *c)
{
  g_autofree char *path = write_file (c, "loose.txt", "not yet attached");
  g_autoptr(GError) e_ = NULL;

  c->scratch = psems_evidence_add (c->store, c->setup, path, NULL, NULL, NULL, &e_);
  g_assert_no_error (e_);
}

static gboolean
call_evidence_attach (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_evidence_attach (c->store, a, c->scratch, "finding", c->finding, error);
}

/* ───────────────────────────── findings ───────────────────────────── */

static gboolean
call_finding_create (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsFinding) finding = psems_finding_new ();

  finding->facility_id = c->ct;
  finding->source = g_strdup ("audit");
  finding->severity = g_strdup ("minor");
  finding->title = g_strdup ("Gate log not countersigned");
  return psems_finding_create (c->store, a, finding, NULL, NULL, error) > 0;
}

static gboolean
call_finding_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsFinding) finding = psems_finding_get (c->store, c->finding, NULL, error);

  g_free (finding->owner);
  finding->owner = g_strdup ("Fatima Benali");
  return psems_finding_update (c->store, a, finding, error);
}

static gboolean
call_finding_start (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_finding_start (c->store, a, c->finding, error);
}

static gboolean
call_finding_close (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_finding_close (c->store, a, c->finding, NULL, "Fence repaired and inspected", NULL, error);
}

static void
prepare_closed_finding (Ctx *c)
{
  OK (psems_finding_close (c->store, c->setup, c->finding, NULL, "Fence repaired and inspected", NULL, E));
}

static gboolean
call_finding_verify (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_finding_verify (c->store, a, c->finding, NULL, error);
}

static gboolean
call_finding_reopen (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_finding_reopen (c->store, a, c->finding, error);
}

/* ───────────────────────────── incidents and lessons ───────────────────────────── */

static gboolean
call_incident_create (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsIncident) incident = psems_incident_get (c->store, c->incident, NULL, error);

  incident->id = 0;
  g_clear_pointer (&incident->failed_control_ids, g_array_unref);
  g_clear_pointer (&incident->worked_control_ids, g_array_unref);
  g_clear_pointer (&incident->early_warning_sent_at, g_free);
  g_clear_pointer (&incident->notification_sent_at, g_free);
  g_clear_pointer (&incident->final_report_sent_at, g_free);
  g_clear_pointer (&incident->nrc_reported_at, g_free);
  g_clear_pointer (&incident->closed_on, g_free);
  g_free (incident->title);
  incident->title = g_strdup ("Fence cut at the north gate");
  return psems_incident_create (c->store, a, incident, NULL, NULL, error) > 0;
}

static gboolean
call_incident_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsIncident) incident = psems_incident_get (c->store, c->incident, NULL, error);

  g_free (incident->location);
  incident->location = g_strdup ("North gate");
  g_clear_pointer (&incident->failed_control_ids, g_array_unref);
  g_clear_pointer (&incident->worked_control_ids, g_array_unref);
  return psems_incident_update (c->store, a, incident, NULL, error);
}

/* Only a significant incident owes the NIS2 notification. */
static void
prepare_significant_incident (Ctx *c)
{
  g_autoptr(PsemsIncident) incident = psems_incident_get (c->store, c->incident, NULL, NULL);

  incident->significant = TRUE;
  g_clear_pointer (&incident->failed_control_ids, g_array_unref);
  g_clear_pointer (&incident->worked_control_ids, g_array_unref);
  OK (psems_incident_update (c->store, c->setup, incident, NULL, E));
}

static gboolean
call_incident_record_report (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsIncident) incident = psems_incident_get (c->store, c->incident, NULL, error);
  g_autoptr(GDateTime) at = hours_ago (0);
  g_autofree char *text = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");

  return psems_incident_record_report (c->store, a, c->incident, PSEMS_REPORT_NOTIFICATION, text, error);
}

static gboolean
call_incident_close (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_incident_close (c->store, a, c->incident, NULL, error);
}

static void
prepare_closed_incident (Ctx *c)
{
  OK (psems_incident_close (c->store, c->setup, c->incident, NULL, E));
}

static gboolean
call_incident_reopen (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_incident_reopen (c->store, a, c->incident, error);
}

static gboolean
call_lesson_add (Ctx *c, PsemsActor *a, GError **error)
{
  PsemsLessonInput input = { .incident_id = c->incident, .text = "Patrol the north fence at night" };

  return psems_lesson_add (c->store, a, &input, NULL, NULL, error) > 0;
}

static void
prepare_lesson (Ctx *c)
{
  PsemsLessonInput input = { .incident_id = c->incident, .text = "Light the north fence" };
  g_autoptr(GError) e_ = NULL;

  c->scratch = psems_lesson_add (c->store, c->setup, &input, NULL, NULL, &e_);
  g_assert_no_error (e_);
}

static gboolean
call_lesson_start (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_lesson_start (c->store, a, c->scratch, error);
}

/* A lesson whose action (its finding) is closed. */
static void
prepare_lesson_done (Ctx *c)
{
  g_autoptr(PsemsLesson) lesson = NULL;

  prepare_lesson (c);
  lesson = psems_lesson_get (c->store, c->scratch, NULL);
  OK (psems_finding_close (c->store, c->setup, lesson->finding_id, NULL, "Lights installed", NULL, E));
}

static gboolean
call_lesson_implement (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_lesson_implement (c->store, a, c->scratch, NULL, error);
}

/* ───────────────────────────── assessments ───────────────────────────── */

static gboolean
call_assessment_create (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_assessment_create (c->store, a, c->ct, c->bank_code, c->bank_version, "Second opinion",
                                  NULL, NULL, NULL, error) > 0;
}

static gboolean
call_assessment_answer (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_assessment_answer (c->store, a, c->assessment, c->question_code, "partial",
                                  "Half the gates only", NULL, NULL, NULL, error);
}

static void
prepare_partial_answer (Ctx *c)
{
  OK (psems_assessment_answer (c->store, c->setup, c->assessment, c->question_code, "non-compliant",
                               "No log kept", NULL, NULL, NULL, E));
}

static gboolean
call_assessment_raise_finding (Ctx *c, PsemsActor *a, GError **error)
{
  PsemsAnswerFinding raise = { .severity = "minor" };

  return psems_assessment_raise_finding (c->store, a, c->assessment, c->question_code, &raise, NULL, error) > 0;
}

static void
prepare_all_answered (Ctx *c)
{
  g_autoptr(GPtrArray) answers = psems_assessment_list_answers (c->store, c->assessment, NULL);

  for (guint i = 0; i < answers->len; i++)
    {
      const PsemsAnswer *answer = g_ptr_array_index (answers, i);

      if (answer->value == NULL)
        OK (psems_assessment_answer (c->store, c->setup, c->assessment, answer->code, "compliant", NULL,
                                     NULL, NULL, NULL, E));
    }
}

static gboolean
call_assessment_complete (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_assessment_complete (c->store, a, c->assessment, NULL, error);
}

/* ───────────────────────────── schedule ───────────────────────────── */

static gboolean
call_schedule_create (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsScheduleItem) item = psems_schedule_get (c->store, c->schedule, error);

  item->id = 0;
  g_free (item->title);
  item->title = g_strdup ("Extra drill for the new quay");
  if (item->rule != NULL)
    {
      /* A rule sets the due dates from an anchor day. */
      g_clear_pointer (&item->next_due, g_free);
      g_free (item->anchor);
      item->anchor = yesterday ();
    }
  return psems_schedule_create (c->store, a, item, NULL, error) > 0;
}

static gboolean
call_schedule_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsScheduleItem) item = psems_schedule_get (c->store, c->schedule, error);

  g_free (item->assignee);
  item->assignee = g_strdup ("Fatima Benali");
  return psems_schedule_update (c->store, a, item, error);
}

static gboolean
call_schedule_record_completion (Ctx *c, PsemsActor *a, GError **error)
{
  g_autofree char *day = yesterday ();
  PsemsCompletion completion = {
    .schedule_item_id = c->schedule, .done_on = day, .description = (char *) "Night drill",
  };

  return psems_schedule_record_completion (c->store, a, &completion, NULL, NULL, error) > 0;
}

/* ───────────────────────────── retention ───────────────────────────── */

static gboolean
call_retention_purge (Ctx *c, PsemsActor *a, GError **error)
{
  PsemsRetentionSelection selection = { .dry_run = FALSE };
  g_autoptr(PsemsRetentionPurge) purge = psems_retention_purge (c->store, a, NULL, &selection, error);

  return purge != NULL;
}

static gboolean
call_retention_purge_dry_run (Ctx *c, PsemsActor *a, GError **error)
{
  PsemsRetentionSelection selection = { .dry_run = TRUE };
  g_autoptr(PsemsRetentionPurge) purge = psems_retention_purge (c->store, a, NULL, &selection, error);

  return purge != NULL;
}

static void
prepare_dos_ref (Ctx *c)
{
  g_autofree char *sql = g_strdup_printf ("SELECT ref FROM declaration_of_security WHERE id = %lld",
                                          (long long) c->dos);

  g_free (c->scratch_text);
  c->scratch_text = text_of (c, sql);
}

static gboolean
call_retention_hold (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_retention_hold (c->store, a, c->scratch_text, "Claim by the shipowner", error);
}

static void
prepare_hold (Ctx *c)
{
  prepare_dos_ref (c);
  OK (psems_retention_hold (c->store, c->setup, c->scratch_text, "Claim by the shipowner", E));
}

static gboolean
call_retention_release (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_retention_release (c->store, a, c->scratch_text, error);
}

/* ───────────────────────────── personnel ───────────────────────────── */

static PsemsPerson *
new_person (void)
{
  PsemsPerson *person = psems_person_new ();

  person->given_name = g_strdup ("Ingrid");
  person->family_name = g_strdup ("Solberg");
  person->employer = g_strdup ("Nordhaven Stevedores");
  return person;
}

static gboolean
call_person_create (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsPerson) person = new_person ();

  return psems_person_create (c->store, a, person, NULL, error) > 0;
}

static gboolean
call_person_create_full (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsPerson) person = new_person ();
  g_autofree char *day = yesterday ();
  PsemsVetting vetting = {
    .level_id = id_of (c, "SELECT min(id) FROM vetting_level"), .status = PSEMS_VETTING_PENDING,
    .requested_on = day,
  };

  return psems_person_create_full (c->store, a, person, &c->area, 1, &vetting, NULL, error) > 0;
}

static gboolean
call_person_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsPerson) person = psems_person_get (c->store, c->person, NULL, error);

  g_free (person->job_title);
  person->job_title = g_strdup ("Crane operator");
  return psems_person_update (c->store, a, person, error);
}

static gboolean
call_person_archive (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_person_archive (c->store, a, c->person, error);
}

static void
prepare_archived_person (Ctx *c)
{
  OK (psems_person_archive (c->store, c->setup, c->person, E));
}

static gboolean
call_person_restore (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_person_restore (c->store, a, c->person, error);
}

static gboolean
call_vetting_add (Ctx *c, PsemsActor *a, GError **error)
{
  g_autofree char *day = yesterday ();
  PsemsVetting vetting = {
    .person_id = c->person, .level_id = id_of (c, "SELECT min(id) FROM vetting_level"),
    .status = PSEMS_VETTING_PENDING, .requested_on = day,
  };

  return psems_vetting_add (c->store, a, &vetting, NULL, error) > 0;
}

static void
prepare_vetting (Ctx *c)
{
  g_autoptr(GPtrArray) vettings = NULL;
  g_autoptr(GError) e_ = NULL;

  vettings = psems_person_get_vettings (c->store, c->setup, c->person, NULL, &e_);
  g_assert_no_error (e_);
  c->vetting = g_ptr_array_steal_index (vettings, 0);
}

static gboolean
call_vetting_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_free (c->vetting->notes);
  c->vetting->notes = g_strdup ("File checked again");
  return psems_vetting_update (c->store, a, c->vetting, error);
}

static gboolean
call_person_get_vettings (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(GPtrArray) vettings = psems_person_get_vettings (c->store, a, c->person, NULL, error);

  return vettings != NULL;
}

static gboolean
call_person_set_areas (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_person_set_areas (c->store, a, c->person, &c->area, 1, error);
}

static gboolean
call_training_add (Ctx *c, PsemsActor *a, GError **error)
{
  g_autofree char *day = yesterday ();
  PsemsTraining training = {
    .person_id = c->person, .course_id = c->training_course, .completed_on = day,
  };

  return psems_training_add (c->store, a, &training, error);
}

static void
prepare_training (Ctx *c)
{
  g_autofree char *day = yesterday ();
  PsemsTraining training = {
    .person_id = c->person, .course_id = c->training_course, .completed_on = day,
  };

  OK (psems_training_add (c->store, c->setup, &training, E));
  c->scratch = id_of (c, "SELECT max(id) FROM training_record");
}

static gboolean
call_training_remove (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_training_remove (c->store, a, c->scratch, error);
}

static gboolean
call_area_restore (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_area_restore (c->store, a, c->area, error);
}

static void
prepare_area_archived (Ctx *c)
{
  OK (psems_area_archive (c->store, c->setup, c->area, E));
}

static gboolean
call_schedule_delete (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_schedule_delete (c->store, a, c->schedule, error);
}

static void
prepare_schedule_deleted (Ctx *c)
{
  OK (psems_schedule_delete (c->store, c->setup, c->schedule, E));
}

static gboolean
call_schedule_restore (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_schedule_restore (c->store, a, c->schedule, error);
}

static void
prepare_training_removed (Ctx *c)
{
  prepare_training (c);
  OK (psems_training_remove (c->store, c->setup, c->scratch, E));
}

static gboolean
call_training_restore (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_training_restore (c->store, a, c->scratch, error);
}

static gboolean
call_person_import_csv (Ctx *c, PsemsActor *a, GError **error)
{
  g_autofree char *path = write_file (c, "persons.csv", "badge_no,given_name,family_name,employer\n"
                                                        "B-90001,Ola,Nordmann,Nordhaven Stevedores\n");
  g_autoptr(PsemsImportReport) report = psems_person_import_csv (c->store, a, path, PSEMS_IMPORT_INSERT, 0, NULL,
                                                                 NULL, NULL, NULL, error);

  return report != NULL;
}

static gboolean
call_training_import_csv (Ctx *c, PsemsActor *a, GError **error)
{
  g_autofree char *badge_sql = g_strdup_printf ("SELECT badge_no FROM person WHERE id = %lld", (long long) c->person);
  g_autofree char *course_sql = g_strdup_printf ("SELECT code FROM training_course WHERE id = %lld",
                                                 (long long) c->training_course);
  g_autofree char *badge = text_of (c, badge_sql);
  g_autofree char *course = text_of (c, course_sql);
  g_autofree char *day = yesterday ();
  g_autofree char *csv = g_strdup_printf ("badge_no,course,completed_on\n%s,%s,%s\n", badge, course, day);
  g_autofree char *path = write_file (c, "trainings.csv", csv);
  g_autoptr(PsemsImportReport) report = psems_training_import_csv (c->store, a, path, 0, NULL, NULL, NULL, NULL,
                                                                   error);

  return report != NULL;
}

/* ───────────────────────────── demo and users ───────────────────────────── */

static gboolean
call_demo_generate (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsStore) empty = psems_test_new_store (c->dir, "empty.db");
  PsemsDemoOptions options;

  psems_demo_options_init (&options);
  options.persons = 5;
  return psems_demo_generate (empty, a, &options, error);
}

/* The template's auditor account (made once: Argon2id is slow on purpose). */
static void
prepare_accounts (Ctx *c)
{
  c->scratch = psems_test_count (c->store, "SELECT id FROM app_user WHERE user_name = 'olu'");
  g_assert_cmpint (c->scratch, >, 0);
}

static gboolean
call_user_create (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsUser) user = psems_user_new ();

  user->user_name = g_strdup ("newcomer");
  user->role = PSEMS_ROLE_MANAGER;
  return psems_user_create (c->store, a, user, PASSWORD, NULL, error) > 0;
}

static gboolean
call_user_update (Ctx *c, PsemsActor *a, GError **error)
{
  g_autoptr(PsemsUser) user = psems_user_get (c->store, c->scratch, error);

  g_free (user->full_name);
  user->full_name = g_strdup ("Olu Adeyemi");
  return psems_user_update (c->store, a, user, error);
}

static gboolean
call_user_set_password (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_user_set_password (c->store, a, c->scratch, "another long passphrase", error);
}

static gboolean
call_user_disable (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_user_disable (c->store, a, c->scratch, error);
}

static void
prepare_disabled_account (Ctx *c)
{
  g_autoptr(PsemsActor) admin = psems_actor_new (9500, "boss", PSEMS_ROLE_ADMINISTRATOR);

  prepare_accounts (c);
  OK (psems_user_disable (c->store, admin, c->scratch, E));
}

static gboolean
call_user_enable (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_user_enable (c->store, a, c->scratch, error);
}

static gboolean
call_user_assign_facilities (Ctx *c, PsemsActor *a, GError **error)
{
  return psems_user_assign_facilities (c->store, a, c->scratch, &c->ct, 1, error);
}

/* ───────────────────────────── the table ───────────────────────────── */

/* Columns: administrator, security officer assigned the record's facility,
 * security officer of another facility, auditor, manager. */
static const Row rows[] = {
  { "psems_facility_create",            NULL, "ynnnn", NULL,                    call_facility_create },
  { "psems_facility_update",            NULL, "yynnn", NULL,                    call_facility_update },
  { "psems_facility_archive",           NULL, "ynnnn", NULL,                    call_facility_archive },
  { "psems_facility_restore",           NULL, "ynnnn", prepare_archived,        call_facility_restore },
  { "psems_facility_set_level",         NULL, "yynnn", NULL,                    call_facility_set_level },
  { "psems_facility_record_level_times", NULL, "yynnn", prepare_level_change,   call_facility_record_level_times },
  { "psems_area_create",                NULL, "yynnn", NULL,                    call_area_create },
  { "psems_area_update",                NULL, "yynnn", NULL,                    call_area_update },
  { "psems_area_archive",               NULL, "yynnn", NULL,                    call_area_archive },
  { "psems_area_restore",               NULL, "yynnn", prepare_area_archived,   call_area_restore },
  { "psems_layers_save",                NULL, "yynnn", NULL,                    call_layers_save },
  { "psems_layers_ensure_default",      NULL, "yynnn", prepare_facility_without_layers,                   call_layers_ensure_default },
  { "psems_control_create",             NULL, "yynnn", NULL,                    call_control_create },
  { "psems_control_update",             NULL, "yynnn", NULL,                    call_control_update },
  { "psems_control_record_test",        NULL, "yynnn", NULL,                    call_control_record_test },
  { "psems_threat_create",              NULL, "yynnn", NULL,                    call_threat_create },
  { "psems_threat_update",              NULL, "yynnn", NULL,                    call_threat_update },
  { "psems_threat_link",                NULL, "yynnn", NULL,                    call_threat_link },
  { "psems_pfsa_save",                  NULL, "yynnn", NULL,                    call_pfsa_save },
  { "psems_risk_matrix_save",           NULL, "ynnnn", NULL,                    call_risk_matrix_save },
  { "psems_plan_new_version",           NULL, "yynnn", prepare_no_draft,                   call_plan_new_version },
  { "psems_plan_edit_element",          NULL, "yynnn", prepare_draft_plan,      call_plan_edit_element },
  { "psems_plan_set_title",             NULL, "yynnn", prepare_draft_plan,      call_plan_set_title },
  { "psems_plan_submit",                NULL, "yynnn", prepare_draft_plan,      call_plan_submit },
  { "psems_plan_return_to_draft",       NULL, "yynnn", prepare_submitted_plan,  call_plan_return_to_draft },
  { "psems_plan_approve",               NULL, "yynnn", prepare_submitted_plan,  call_plan_approve },
  { "psems_dos_create",                 NULL, "yynnn", NULL,                    call_dos_create },
  { "psems_dos_create_with_evidence",   NULL, "yynnn", NULL,                    call_dos_create_with_evidence },
  { "psems_dos_update",                 NULL, "yynnn", NULL,                    call_dos_update },
  { "psems_evidence_add",               "no record: shared", "ynnyn", NULL,     call_evidence_add },
  { "psems_evidence_add_to",            NULL, "yynyn", NULL,                    call_evidence_add_to },
  { "psems_evidence_attach",            NULL, "yynyn", prepare_loose_evidence,  call_evidence_attach },
  { "psems_finding_create",             NULL, "yynyn", NULL,                    call_finding_create },
  { "psems_finding_update",             NULL, "yynyy", NULL,                    call_finding_update },
  { "psems_finding_start",              NULL, "yynyy", NULL,                    call_finding_start },
  { "psems_finding_close",              NULL, "yynyy", NULL,                    call_finding_close },
  { "psems_finding_verify",             NULL, "yynyy", prepare_closed_finding,  call_finding_verify },
  { "psems_finding_reopen",             NULL, "yynyy", prepare_closed_finding,  call_finding_reopen },
  { "psems_incident_create",            NULL, "yynnn", NULL,                    call_incident_create },
  { "psems_incident_update",            NULL, "yynnn", NULL,                    call_incident_update },
  { "psems_incident_record_report",     NULL, "yynnn", prepare_significant_incident,                   call_incident_record_report },
  { "psems_incident_close",             NULL, "yynnn", NULL,                    call_incident_close },
  { "psems_incident_reopen",            NULL, "yynnn", prepare_closed_incident, call_incident_reopen },
  { "psems_lesson_add",                 NULL, "yynnn", NULL,                    call_lesson_add },
  { "psems_lesson_start",               NULL, "yynnn", prepare_lesson,          call_lesson_start },
  { "psems_lesson_implement",           NULL, "yynnn", prepare_lesson_done,         call_lesson_implement },
  { "psems_assessment_create",          NULL, "yynyn", NULL,                    call_assessment_create },
  { "psems_assessment_answer",          NULL, "yynyn", NULL,                    call_assessment_answer },
  { "psems_assessment_raise_finding",   NULL, "yynyn", prepare_partial_answer,  call_assessment_raise_finding },
  { "psems_assessment_complete",        NULL, "yynyn", prepare_all_answered,                   call_assessment_complete },
  { "psems_schedule_create",            NULL, "yynny", NULL,                    call_schedule_create },
  { "psems_schedule_update",            NULL, "yynny", NULL,                    call_schedule_update },
  { "psems_schedule_record_completion", NULL, "yynny", NULL,                    call_schedule_record_completion },
  { "psems_schedule_delete",            NULL, "yynnn", NULL,                    call_schedule_delete },
  { "psems_schedule_restore",           NULL, "yynnn", prepare_schedule_deleted, call_schedule_restore },
  { "psems_retention_purge",            NULL, "ynnnn", NULL,                    call_retention_purge },
  { "psems_retention_purge",            "dry run: a read", "yyyyy", NULL,       call_retention_purge_dry_run },
  { "psems_retention_hold",             NULL, "yynnn", prepare_dos_ref,         call_retention_hold },
  { "psems_retention_release",          NULL, "yynnn", prepare_hold,            call_retention_release },
  { "psems_person_create",              NULL, "yyynn", NULL,                    call_person_create },
  { "psems_person_create_full",         NULL, "yyynn", NULL,                    call_person_create_full },
  { "psems_person_update",              NULL, "yyynn", NULL,                    call_person_update },
  { "psems_person_archive",             NULL, "yyynn", NULL,                    call_person_archive },
  { "psems_person_restore",             NULL, "yyynn", prepare_archived_person, call_person_restore },
  { "psems_vetting_add",                NULL, "yyynn", NULL,                    call_vetting_add },
  { "psems_vetting_update",             NULL, "yyynn", prepare_vetting,                   call_vetting_update },
  { "psems_person_get_vettings",        "a read", "yyyyn", NULL,                call_person_get_vettings },
  { "psems_person_set_areas",           NULL, "yyynn", NULL,                    call_person_set_areas },
  { "psems_training_add",               NULL, "yyynn", NULL,                    call_training_add },
  { "psems_training_remove",            NULL, "yyynn", prepare_training,        call_training_remove },
  { "psems_training_restore",           NULL, "yyynn", prepare_training_removed, call_training_restore },
  { "psems_person_import_csv",          NULL, "yyynn", NULL,                    call_person_import_csv },
  { "psems_training_import_csv",        NULL, "yyynn", NULL,                    call_training_import_csv },
  { "psems_demo_generate",              NULL, "ynnnn", NULL,                    call_demo_generate },
  { "psems_user_create",                NULL, "ynnnn", prepare_accounts,        call_user_create },
  { "psems_user_update",                NULL, "ynnnn", prepare_accounts,        call_user_update },
  { "psems_user_set_password",          "someone else's", "ynnnn", prepare_accounts, call_user_set_password },
  { "psems_user_disable",               NULL, "ynnnn", prepare_accounts,        call_user_disable },
  { "psems_user_enable",                NULL, "ynnnn", prepare_disabled_account, call_user_enable },
  { "psems_user_assign_facilities",     NULL, "ynnnn", prepare_accounts,        call_user_assign_facilities },
};

/* Functions that take an actor and are not in the table, each for a reason. */
static const char * const not_in_table[] = {
  "psems_actor_ref", "psems_actor_unref", "psems_actor_get_user_id", "psems_actor_get_name",
  "psems_actor_get_role", "psems_actor_check", "psems_actor_set_facilities", "psems_actor_get_facilities",
  "psems_actor_has_facility",   /* the actor itself */
  "psems_transaction_begin",    /* every row goes through it */
  "psems_user_sign_in",         /* gives an actor, takes none: test-user.c */
  "psems_reminders_compute",    /* a read; what a manager may not see: test-reminder.c */
  NULL
};

/* ───────────────────────────── running ───────────────────────────── */

static Ctx *ctx;

static void
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) store = NULL;
  PsemsDemoOptions options;

  ctx = g_new0 (Ctx, 1);
  ctx->dir = psems_test_make_dir ();
  /* An account's actor, not the login's: the database has accounts that sign in. */
  ctx->setup = psems_actor_new (9500, "boss", PSEMS_ROLE_ADMINISTRATOR);
  store = psems_test_new_store (ctx->dir, "template.db");
  ctx->template_path = g_strdup (psems_store_get_path (store));
  psems_demo_options_init (&options);
  options.persons = 12;
  g_assert_true (psems_demo_generate (store, ctx->setup, &options, &error));
  g_assert_no_error (error);
  ctx->store = store;

  /* Accounts: an administrator who can sign in (so accounts of any role may
   * follow) and an auditor, for the rows on users. */
  {
    g_autoptr(PsemsUser) boss = psems_user_new ();
    g_autoptr(PsemsUser) olu = psems_user_new ();
    PsemsActor *admin = ctx->setup;

    boss->user_name = g_strdup ("boss");
    boss->role = PSEMS_ROLE_ADMINISTRATOR;
    g_assert_cmpint (psems_user_create (store, ctx->setup, boss, PASSWORD, NULL, &error), >, 0);
    g_assert_no_error (error);
    olu->user_name = g_strdup ("olu");
    olu->role = PSEMS_ROLE_AUDITOR;
    g_assert_cmpint (psems_user_create (store, admin, olu, PASSWORD, NULL, &error), >, 0);
    g_assert_no_error (error);
  }

  ctx->ct = id_of (ctx, "SELECT id FROM facility WHERE code = 'NHV-CT'");
  ctx->cru = id_of (ctx, "SELECT id FROM facility WHERE code = 'NHV-CRU'");
  ctx->control = psems_test_count (store, "SELECT min(id) FROM control WHERE facility_id = %lld"
                                          " AND status = 'implemented'", (long long) ctx->ct);
  ctx->threat = psems_test_count (store, "SELECT min(id) FROM threat_scenario WHERE facility_id = %lld"
                                         " AND deleted_at IS NULL", (long long) ctx->ct);
  ctx->finding = psems_test_count (store, "SELECT min(id) FROM finding WHERE facility_id = %lld"
                                          " AND status = 'open' AND deleted_at IS NULL", (long long) ctx->ct);
  /* The demo's incidents at the terminal are closed: the newest is reopened for the rows. */
  ctx->incident = psems_test_count (store, "SELECT max(id) FROM incident WHERE facility_id = %lld"
                                           " AND deleted_at IS NULL", (long long) ctx->ct);
  g_assert_true (psems_incident_reopen (store, ctx->setup, ctx->incident, &error));
  g_assert_no_error (error);
  ctx->dos = psems_test_count (store, "SELECT max(id) FROM declaration_of_security WHERE facility_id = %lld"
                                      " AND deleted_at IS NULL", (long long) ctx->ct);
  ctx->schedule = psems_test_count (store, "SELECT min(id) FROM schedule_item WHERE facility_id = %lld"
                                           " AND deleted_at IS NULL AND kind = 'drill'", (long long) ctx->ct);
  ctx->assessment = psems_test_count (store, "SELECT min(id) FROM assessment WHERE facility_id = %lld"
                                             " AND status = 'in-progress'", (long long) ctx->ct);
  ctx->area = psems_test_count (store, "SELECT min(id) FROM restricted_area WHERE facility_id = %lld"
                                       " AND deleted_at IS NULL", (long long) ctx->ct);
  ctx->person = psems_test_count (store, "SELECT min(person_id) FROM vetting WHERE deleted_at IS NULL");
  ctx->training_course = psems_test_count (store, "SELECT min(id) FROM training_course");
  g_assert_cmpint (ctx->control, >, 0);
  g_assert_cmpint (ctx->threat, >, 0);
  g_assert_cmpint (ctx->finding, >, 0);
  g_assert_cmpint (ctx->incident, >, 0);
  g_assert_cmpint (ctx->dos, >, 0);
  g_assert_cmpint (ctx->schedule, >, 0);
  g_assert_cmpint (ctx->assessment, >, 0);
  g_assert_cmpint (ctx->area, >, 0);
  g_assert_cmpint (ctx->person, >, 0);
  g_assert_cmpint (ctx->training_course, >, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT b.code FROM assessment a JOIN question_bank b"
                                            " ON b.id = a.bank_id WHERE a.id = %lld", (long long) ctx->assessment);
    g_autofree char *vsql = g_strdup_printf ("SELECT b.version FROM assessment a JOIN question_bank b"
                                             " ON b.id = a.bank_id WHERE a.id = %lld", (long long) ctx->assessment);
    g_autofree char *qsql = g_strdup_printf ("SELECT q.code FROM question q JOIN assessment a"
                                             " ON a.bank_id = q.bank_id WHERE a.id = %lld ORDER BY q.id LIMIT 1",
                                             (long long) ctx->assessment);

    ctx->bank_code = text_of (ctx, sql);
    ctx->bank_version = text_of (ctx, vsql);
    ctx->question_code = text_of (ctx, qsql);
  }
  ctx->store = NULL;
}

static PsemsActor *
make_actor (int as)
{
  static const PsemsRole roles[N_AS] = {
    PSEMS_ROLE_ADMINISTRATOR, PSEMS_ROLE_SECURITY_OFFICER, PSEMS_ROLE_SECURITY_OFFICER,
    PSEMS_ROLE_AUDITOR, PSEMS_ROLE_MANAGER,
  };
  /* Ids no account has: the matrix judges the actor, never looks it up. */
  PsemsActor *actor = psems_actor_new (9001 + as, as_names[as], roles[as]);

  if (as == AS_SO_ASSIGNED)
    psems_actor_set_facilities (actor, (gint64[]) { ctx->cru, ctx->ct, ctx->extra_facility },
                                ctx->extra_facility != 0 ? 3 : 2);
  else if (as == AS_SO_OTHER)
    psems_actor_set_facilities (actor, &ctx->cru, 1);
  return actor;
}

/* A fresh copy of the template for one call. */
static void
open_copy (void)
{
  g_autoptr(GFile) from = g_file_new_for_path (ctx->template_path);
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&ctx->store);
  g_free (ctx->path);
  ctx->path = g_build_filename (ctx->dir, "copy.db", NULL);
  to = g_file_new_for_path (ctx->path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *empty = g_build_filename (ctx->dir, "empty.db", NULL);

    g_remove (empty);
  }
  ctx->store = psems_store_open (ctx->path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  ctx->scratch = 0;
  ctx->extra_facility = 0;
  g_clear_pointer (&ctx->vetting, psems_vetting_free);
}

static void
test_row (gconstpointer data)
{
  const Row *row = data;

  g_assert_cmpuint (strlen (row->expect), ==, N_AS);
  for (int as = 0; as < N_AS; as++)
    {
      g_autoptr(PsemsActor) actor = NULL;
      g_autoptr(GError) error = NULL;
      gint64 audit_before;
      gboolean ok;

      /* A refused call changed nothing: the next actor may use the same copy. */
      if (ctx->store == NULL || row->prepare != NULL ||
          sqlite3_total_changes (psems_store_get_db (ctx->store)) > 0)
        open_copy ();
      if (row->prepare != NULL)
        row->prepare (ctx);
      actor = make_actor (as);
      audit_before = psems_test_count (ctx->store, "SELECT count(*) FROM audit_trail");
      ok = row->call (ctx, actor, &error);
      g_test_message ("%s%s%s as %s: %s", row->function, row->variant ? " — " : "", row->variant ? row->variant : "",
                      as_names[as], ok ? "done" : error->message);

      /* Every actor is tried and every miss reported before the row fails. */
      if (row->expect[as] == 'y' && !ok)
        g_test_fail_printf ("%s as %s should be allowed and work: %s", row->function, as_names[as],
                            error->message);
      else if (row->expect[as] == 'n' && ok)
        g_test_fail_printf ("%s as %s should be refused, and was done", row->function, as_names[as]);
      else if (row->expect[as] == 'n' && !g_error_matches (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION))
        g_test_fail_printf ("%s as %s should be refused for permission, not: %s", row->function,
                            as_names[as], error->message);
      else if (row->expect[as] == 'n' &&
               psems_test_count (ctx->store, "SELECT count(*) FROM audit_trail") != audit_before)
        g_test_fail_printf ("%s as %s was refused but wrote to the audit trail", row->function, as_names[as]);
    }
  g_clear_object (&ctx->store);
}

/* Every public function of the core that takes a PsemsActor is in the table
 * (or named in not_in_table with its reason): a new one cannot escape. */
static void
test_covers_every_function (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *core = g_build_filename (srcdir, "..", "src", "core", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) decl = NULL;
  g_autoptr(GRegex) comments = NULL;
  g_autoptr(GHashTable) in_table = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) missing = g_string_new (NULL);
  const char *name;
  guint n_found = 0;

  g_assert_nonnull (srcdir);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_hash_table_add (in_table, (gpointer) rows[i].function);
  for (guint i = 0; not_in_table[i] != NULL; i++)
    g_hash_table_add (in_table, (gpointer) not_in_table[i]);

  comments = g_regex_new ("/\\*.*?\\*/", G_REGEX_DOTALL, 0, &error);
  g_assert_no_error (error);
  /* name (params) ; — params without parentheses or semicolons. */
  decl = g_regex_new ("\\b(psems_\\w+)\\s*\\(([^();{}]*)\\)[^;(){}]*;", 0, 0, &error);
  g_assert_no_error (error);

  dir = g_dir_open (core, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *plain = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_str_has_suffix (name, ".h") || g_str_has_suffix (name, "-private.h"))
        continue;
      path = g_build_filename (core, name, NULL);
      g_assert_true (g_file_get_contents (path, &text, NULL, &error));
      plain = g_regex_replace_literal (comments, text, -1, 0, "", 0, &error);
      g_assert_no_error (error);
      g_regex_match (decl, plain, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *function = g_match_info_fetch (match, 1);
          g_autofree char *params = g_match_info_fetch (match, 2);

          if (strstr (params, "PsemsActor") != NULL)
            {
              n_found++;
              if (!g_hash_table_contains (in_table, function))
                g_string_append_printf (missing, " %s (%s)", function, name);
            }
          g_match_info_next (match, NULL);
        }
    }
  g_test_message ("%u public functions take an actor", n_found);
  g_assert_cmpuint (n_found, >=, 70);
  if (missing->len > 0)
    g_error ("not in the role table of test-roles.c:%s", missing->str);

  /* And every row names a function that exists in a header. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_true (g_str_has_prefix (rows[i].function, "psems_"));
}

/* A security officer without any assigned facility changes no personnel record. */
static void
test_officer_without_facility (void)
{
  g_autoptr(PsemsActor) officer = psems_actor_new (9100, "Unassigned", PSEMS_ROLE_SECURITY_OFFICER);
  g_autoptr(GError) error = NULL;

  open_copy ();
  g_assert_false (call_person_create (ctx, officer, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "no facility is assigned"));
  g_clear_error (&error);
  /* Reading is not a facility's business. */
  g_assert_true (call_person_get_vettings (ctx, officer, &error));
  g_assert_no_error (error);
  g_clear_object (&ctx->store);
}

/* The matrix as the README prints it, and the messages name who and what. */
static void
test_matrix_text (void)
{
  g_autofree char *markdown = psems_permission_table_to_markdown ();
  g_autoptr(PsemsActor) auditor = psems_actor_new (5, "Olu", PSEMS_ROLE_AUDITOR);
  g_autoptr(PsemsActor) login = psems_actor_new_for_login ();
  g_autoptr(GError) error = NULL;
  guint n;

  g_test_message ("\n%s", markdown);
  g_assert_true (g_str_has_prefix (markdown, "| Entity |"));
  g_assert_nonnull (strstr (markdown, "| vetting | personnel | rcudxa | rcudx | r | — |"));
  psems_permission_table (&n);
  g_assert_cmpuint (n, >, 20);

  g_assert_false (psems_actor_check (auditor, PSEMS_OP_UPDATE, "control", 1, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Olu (auditor) may not update control"));
  g_clear_error (&error);
  /* An entity nobody listed is the administrator's alone. */
  g_assert_false (psems_role_allows (PSEMS_ROLE_SECURITY_OFFICER, PSEMS_OP_CREATE, "no-such-entity"));
  g_assert_true (psems_role_allows (PSEMS_ROLE_MANAGER, PSEMS_OP_READ, "no-such-entity"));
  /* Single-user mode: the login acts as administrator. */
  g_assert_cmpint (psems_actor_get_role (login), ==, PSEMS_ROLE_ADMINISTRATOR);
  g_assert_true (psems_actor_check (login, PSEMS_OP_ADMINISTER, "database", 0, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Some 400 fresh copies of a database, each write fsynced: on a RAM disk
   * when the machine has one, the run takes seconds instead of half a minute. */
  if (g_getenv ("TMPDIR") == NULL && g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) &&
      g_access ("/dev/shm", W_OK) == 0)
    g_setenv ("TMPDIR", "/dev/shm", TRUE);
  g_test_init (&argc, &argv, NULL);
  make_template ();
  g_test_add_func ("/roles/covers-every-function", test_covers_every_function);
  g_test_add_func ("/roles/matrix-text", test_matrix_text);
  g_test_add_func ("/roles/officer-without-facility", test_officer_without_facility);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/roles/%s%s%s", rows[i].function + strlen ("psems_"),
                                               rows[i].variant ? "/" : "",
                                               rows[i].variant ? rows[i].variant : "");

      g_strdelimit (path + 1, " :',", '-');
      g_test_add_data_func (path, &rows[i], test_row);
    }
  status = g_test_run ();

  g_clear_object (&ctx->store);
  g_clear_pointer (&ctx->setup, psems_actor_unref);
  psems_test_remove_dir (ctx->dir);
  g_free (ctx->dir);
  g_free (ctx->template_path);
  g_free (ctx->path);
  g_free (ctx->bank_code);
  g_free (ctx->bank_version);
  g_free (ctx->question_code);
  g_free (ctx->scratch_text);
  g_free (ctx);
  return status;
}
