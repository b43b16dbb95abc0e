/* test-finding.c — findings: every field problem, links by source, the workflow and its refusals, four-eyes verification, degraded controls, lists. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-test-util.h"

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility;
  gint64 other;            /* a second facility */
  gint64 control;          /* implemented, no test interval: degraded only by findings */
  gint64 other_control;    /* the other facility's */
  /* Records written as rows (their modules are not what is tested here): */
  gint64 audit;            /* completion of an audit at the facility, done 2025-03-10 */
  gint64 drill;            /* completion of a drill at the facility, done 2025-04-02 */
  gint64 other_audit;      /* completion of an audit at the other facility */
  gint64 incident;         /* at the facility */
  gint64 other_incident;   /* at the other facility */
  gint64 non_compliant;    /* answer of GAP-2025-0001, question A16-03 (reference ISPS A/16.3.2) */
  gint64 compliant;        /* answer of the same assessment, compliant */
} Fixture;

static gint64
create_control (Fixture    *f,
                gint64      facility,
                const char *name)
{
  g_autoptr(PsemsControl) c = psems_control_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  c->facility_id = facility;
  c->layer_id = psems_layer_resolve (f->store, facility, "1", &error);
  g_assert_no_error (error);
  c->name = g_strdup (name);
  c->domain = g_strdup ("physical");
  c->function = g_strdup ("deter");
  g_free (c->status);
  c->status = g_strdup ("implemented");
  c->effectiveness = 80;
  id = psems_control_create (f->store, f->actor, c, NULL, &error);
  g_assert_no_error (error);
  return id;
}

/* Inserts a row with @sql and answers its id. */
static gint64
insert (Fixture    *f,
        const char *sql)
{
  psems_test_exec (f->store, sql);
  return psems_test_count (f->store, "SELECT last_insert_rowid()");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *sql = NULL;
  gint64 item, other_item, bank, q3, q4, assessment;

  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "finding.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  f->facility = psems_test_create_facility (f->store, f->actor, "ECT", NULL);
  f->other = psems_test_create_facility (f->store, f->actor, "WCT", NULL);
  f->control = create_control (f, f->facility, "Perimeter fence");
  f->other_control = create_control (f, f->other, "West gate");

#define STAMP "'2025-01-01T08:00:00Z'"
  sql = g_strdup_printf ("INSERT INTO schedule_item (ref, facility_id, kind, title, created_at, updated_at)"
                         " VALUES ('SCH-2025-0001', %lld, 'audit', 'Internal audit', " STAMP ", " STAMP ")",
                         (long long) f->facility);
  item = insert (f, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO completion (ref, schedule_item_id, done_on, created_at)"
                         " VALUES ('CMP-2025-0001', %lld, '2025-03-10', " STAMP ")", (long long) item);
  f->audit = insert (f, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO schedule_item (ref, facility_id, kind, title, created_at, updated_at)"
                         " VALUES ('SCH-2025-0002', %lld, 'drill', 'Quarterly drill', " STAMP ", " STAMP ")",
                         (long long) f->facility);
  item = insert (f, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO completion (ref, schedule_item_id, done_on, created_at)"
                         " VALUES ('CMP-2025-0002', %lld, '2025-04-02', " STAMP ")", (long long) item);
  f->drill = insert (f, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO schedule_item (ref, facility_id, kind, title, created_at, updated_at)"
                         " VALUES ('SCH-2025-0003', %lld, 'audit', 'Audit', " STAMP ", " STAMP ")",
                         (long long) f->other);
  other_item = insert (f, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO completion (ref, schedule_item_id, done_on, created_at)"
                         " VALUES ('CMP-2025-0003', %lld, '2025-03-01', " STAMP ")", (long long) other_item);
  f->other_audit = insert (f, sql);
  g_clear_pointer (&sql, g_free);

  for (int i = 0; i < 2; i++)
    {
      g_clear_pointer (&sql, g_free);
      sql = g_strdup_printf ("INSERT INTO incident (ref, facility_id, occurred_at, aware_at, time_zone, kind,"
                             " title, security_level, status, created_at, updated_at)"
                             " VALUES ('INC-2025-000%d', %lld, '2025-02-01T22:10:00Z', '2025-02-01T22:15:00Z',"
                             " 'Europe/Amsterdam', 'intrusion', 'Fence breached', 1, 'open', " STAMP ", " STAMP ")",
                             i + 1, (long long) (i == 0 ? f->facility : f->other));
      if (i == 0)
        f->incident = insert (f, sql);
      else
        f->other_incident = insert (f, sql);
    }

  bank = insert (f, "INSERT INTO question_bank (ref, code, framework, version, title)"
                    " VALUES ('QB-2025-0001', 'isps-a16', 'ISPS Code', '1', 'Plan elements')");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO question (bank_id, code, position, area, reference, text)"
                         " VALUES (%lld, 'A16-03', 3, 'Plan', 'ISPS A/16.3.2', 'Are restricted areas"
                         " protected?')", (long long) bank);
  q3 = insert (f, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO question (bank_id, code, position, area, reference, text)"
                         " VALUES (%lld, 'A16-04', 4, 'Plan', 'ISPS A/16.3.3', 'Is there a response plan?')",
                         (long long) bank);
  q4 = insert (f, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO assessment (ref, facility_id, bank_id, title, status, started_on,"
                         " created_at, updated_at) VALUES ('GAP-2025-0001', %lld, %lld, 'GAP 2025',"
                         " 'in-progress', '2025-05-01', " STAMP ", " STAMP ")",
                         (long long) f->facility, (long long) bank);
  assessment = insert (f, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO answer (assessment_id, question_id, value, answered_at)"
                         " VALUES (%lld, %lld, 'non-compliant', " STAMP ")", (long long) assessment, (long long) q3);
  f->non_compliant = insert (f, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO answer (assessment_id, question_id, value, answered_at)"
                         " VALUES (%lld, %lld, 'compliant', " STAMP ")", (long long) assessment, (long long) q4);
  f->compliant = insert (f, sql);
#undef STAMP
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->actor, psems_actor_unref);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
}

static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* A valid audit finding against the control, raised on 2025-03-12. */
static PsemsFinding *
make_finding (Fixture *f)
{
  PsemsFinding *finding = psems_finding_new ();

  finding->facility_id = f->facility;
  finding->source = g_strdup ("audit");
  finding->completion_id = f->audit;
  finding->control_id = f->control;
  finding->severity = g_strdup ("major");
  finding->title = g_strdup ("Gate 3 turnstiles accept expired badges");
  finding->requirement_ref = g_strdup ("ISPS A/16.3.2");
  finding->raised_on = g_strdup ("2025-03-12");
  finding->due_on = g_strdup ("2025-04-30");
  return finding;
}

static gint64
create (Fixture            *f,
        const PsemsFinding *finding)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  gint64 id = psems_finding_create (f->store, f->actor, finding, NULL, &ref, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (g_str_has_prefix (ref, "FND-"));
  return id;
}

static PsemsFinding *
get (Fixture *f,
     gint64   id)
{
  g_autoptr(GError) error = NULL;
  PsemsFinding *finding = psems_finding_get (f->store, id, "2025-06-01", &error);

  g_assert_no_error (error);
  return finding;
}

static gint64
count_audit (Fixture    *f,
             const char *action,
             gint64      id)
{
  return psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'finding'"
                           " AND action = '%s' AND entity_id = %lld", action, (long long) id);
}

/* ───────────────────────────── field problems ───────────────────────────── */

typedef enum
{
  NO_FACILITY, NO_SOURCE, BAD_SOURCE, NO_SEVERITY, BAD_SEVERITY, NO_TITLE, BAD_RAISED, FUTURE_RAISED,
  BAD_DUE, DUE_BEFORE_RAISED, COMPLETION_FOR_MANUAL, COMPLETION_ELSEWHERE, COMPLETION_OTHER_KIND,
  NO_SUCH_COMPLETION, RAISED_BEFORE_COMPLETION, INCIDENT_FOR_AUDIT, INCIDENT_ELSEWHERE, ANSWER_FOR_INCIDENT,
  ANSWER_COMPLIANT, NO_SUCH_ANSWER, CONTROL_ELSEWHERE, NO_SUCH_CONTROL,
} Break;

static const struct
{
  Break what;
  const char *field;
} problem_cases[] = {
  { NO_FACILITY, "facility_id" },
  { NO_SOURCE, "source" },
  { BAD_SOURCE, "source" },
  { NO_SEVERITY, "severity" },
  { BAD_SEVERITY, "severity" },
  { NO_TITLE, "title" },
  { BAD_RAISED, "raised_on" },
  { FUTURE_RAISED, "raised_on" },
  { BAD_DUE, "due_on" },
  { DUE_BEFORE_RAISED, "due_on" },
  { COMPLETION_FOR_MANUAL, "completion_id" },
  { COMPLETION_ELSEWHERE, "completion_id" },
  { COMPLETION_OTHER_KIND, "completion_id" },
  { NO_SUCH_COMPLETION, "completion_id" },
  { RAISED_BEFORE_COMPLETION, "raised_on" },
  { INCIDENT_FOR_AUDIT, "incident_id" },
  { INCIDENT_ELSEWHERE, "incident_id" },
  { ANSWER_FOR_INCIDENT, "answer_id" },
  { ANSWER_COMPLIANT, "answer_id" },
  { NO_SUCH_ANSWER, "answer_id" },
  { CONTROL_ELSEWHERE, "control_id" },
  { NO_SUCH_CONTROL, "control_id" },
};

static void
set_text (char      **field,
          const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
break_finding (Fixture      *f,
               PsemsFinding *finding,
               Break         what)
{
  switch (what)
    {
    case NO_FACILITY: finding->facility_id = 0; break;
    case NO_SOURCE: set_text (&finding->source, " "); break;
    case BAD_SOURCE: set_text (&finding->source, "rumour"); break;
    case NO_SEVERITY: set_text (&finding->severity, NULL); break;
    case BAD_SEVERITY: set_text (&finding->severity, "critical"); break;
    case NO_TITLE: set_text (&finding->title, "   "); break;
    case BAD_RAISED: set_text (&finding->raised_on, "2025-02-30"); break;
    case FUTURE_RAISED:
      g_free (finding->raised_on);
      finding->raised_on = day_from_today (1);
      set_text (&finding->due_on, NULL);
      break;
    case BAD_DUE: set_text (&finding->due_on, "soon"); break;
    case DUE_BEFORE_RAISED: set_text (&finding->due_on, "2025-03-11"); break;
    case COMPLETION_FOR_MANUAL: set_text (&finding->source, "manual"); break;
    case COMPLETION_ELSEWHERE: finding->completion_id = f->other_audit; break;
    case COMPLETION_OTHER_KIND: finding->completion_id = f->drill; break;
    case NO_SUCH_COMPLETION: finding->completion_id = 9999; break;
    case RAISED_BEFORE_COMPLETION: set_text (&finding->raised_on, "2025-03-09"); break;
    case INCIDENT_FOR_AUDIT: finding->incident_id = f->incident; break;
    case INCIDENT_ELSEWHERE:
      set_text (&finding->source, "incident");
      finding->completion_id = 0;
      finding->incident_id = f->other_incident;
      break;
    case ANSWER_FOR_INCIDENT:
      set_text (&finding->source, "incident");
      finding->completion_id = 0;
      finding->answer_id = f->non_compliant;
      break;
    case ANSWER_COMPLIANT:
      set_text (&finding->source, "gap");
      finding->completion_id = 0;
      finding->answer_id = f->compliant;
      break;
    case NO_SUCH_ANSWER:
      set_text (&finding->source, "gap");
      finding->completion_id = 0;
      finding->answer_id = 9999;
      break;
    case CONTROL_ELSEWHERE: finding->control_id = f->other_control; break;
    case NO_SUCH_CONTROL: finding->control_id = 9999; break;
    default: g_assert_not_reached ();
    }
}

static void
test_field_problems (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PsemsFinding) valid = make_finding (f);
  g_autoptr(GPtrArray) none = psems_finding_validate (f->store, valid);

  g_assert_cmpuint (none->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (problem_cases); i++)
    {
      g_autoptr(PsemsFinding) finding = make_finding (f);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      g_test_message ("case %u: %s", i, problem_cases[i].field);
      break_finding (f, finding, problem_cases[i].what);
      problems = psems_finding_validate (f->store, finding);
      g_assert_true (psems_test_has_problem (problems, problem_cases[i].field));

      before = psems_test_dump_database (f->store);
      g_assert_cmpint (psems_finding_create (f->store, f->actor, finding, NULL, NULL, &error), ==, 0);
      psems_test_assert_refused (error, problem_cases[i].field);
      after = psems_test_dump_database (f->store);
      g_assert_cmpstr (before, ==, after);
    }
}

/* ───────────────────────────── create, get, update ───────────────────────────── */

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PsemsFinding) finding = make_finding (f);
  g_autoptr(PsemsFinding) gap = psems_finding_new ();
  g_autoptr(PsemsFinding) stored = NULL;
  g_autoptr(PsemsFinding) stored_gap = NULL;
  gint64 id, gap_id;

  set_text (&finding->description, "  Three expired badges opened the turnstiles.  ");
  set_text (&finding->owner, "Security manager");
  set_text (&finding->root_cause, "");
  id = create (f, finding);
  stored = get (f, id);
  g_assert_cmpstr (stored->status, ==, "open");
  g_assert_cmpstr (stored->raised_by, ==, "Ana Ruiz");
  g_assert_cmpstr (stored->description, ==, "Three expired badges opened the turnstiles.");
  g_assert_null (stored->root_cause);
  g_assert_cmpstr (stored->completion_ref, ==, "CMP-2025-0001");
  g_assert_cmpstr (stored->control_ref, !=, NULL);
  g_assert_cmpint (stored->control_id, ==, f->control);
  g_assert_null (stored->closed_on);
  g_assert_false (stored->self_verified);
  /* As of 2025-06-01: due 2025-04-30, so overdue; raised 2025-03-12, 81 days. */
  g_assert_true (stored->overdue);
  g_assert_cmpint (stored->days_open, ==, 81);
  g_assert_cmpint (count_audit (f, "create", id), ==, 1);

  /* A GAP finding takes its question's reference; no raised day is today. */
  gap->facility_id = f->facility;
  gap->source = g_strdup ("gap");
  gap->answer_id = f->non_compliant;
  gap->severity = g_strdup ("minor");
  gap->title = g_strdup ("Restricted areas not marked");
  gap_id = create (f, gap);
  stored_gap = psems_finding_get (f->store, gap_id, NULL, NULL);
  g_assert_cmpstr (stored_gap->requirement_ref, ==, "ISPS A/16.3.2");
  g_assert_cmpstr (stored_gap->answer_ref, ==, "GAP-2025-0001/A16-03");
  {
    g_autofree char *today = day_from_today (0);
    g_assert_cmpstr (stored_gap->raised_on, ==, today);
  }
  g_assert_false (stored_gap->overdue);
  g_assert_cmpint (stored_gap->days_open, ==, 0);
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PsemsFinding) finding = make_finding (f);
  g_autoptr(PsemsFinding) stored = NULL;
  g_autoptr(PsemsFinding) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = create (f, finding);

  stored = get (f, id);
  set_text (&stored->severity, "minor");
  set_text (&stored->root_cause, "Badge expiry not synchronised");
  stored->control_id = 0;
  g_assert_true (psems_finding_update (f->store, f->actor, stored, &error));
  g_assert_no_error (error);
  edited = get (f, id);
  g_assert_cmpstr (edited->severity, ==, "minor");
  g_assert_cmpstr (edited->root_cause, ==, "Badge expiry not synchronised");
  g_assert_cmpint (edited->control_id, ==, 0);
  g_assert_cmpint (count_audit (f, "update", id), ==, 1);

  /* The same values again write nothing. */
  g_assert_true (psems_finding_update (f->store, f->actor, edited, &error));
  g_assert_cmpint (count_audit (f, "update", id), ==, 1);

  /* A finding does not move to another facility. */
  edited->facility_id = f->other;
  before = psems_test_dump_database (f->store);
  g_assert_false (psems_finding_update (f->store, f->actor, edited, &error));
  psems_test_assert_refused (error, "facility_id");
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* ───────────────────────────── workflow ───────────────────────────── */

static void
test_workflow (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PsemsFinding) finding = make_finding (f);
  g_autoptr(PsemsActor) auditor = psems_actor_new (0, "Jon Berg", PSEMS_ROLE_AUDITOR);
  g_autoptr(PsemsFinding) started = NULL;
  g_autoptr(PsemsFinding) closed = NULL;
  g_autoptr(PsemsFinding) verified = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = create (f, finding);

  g_assert_true (psems_finding_start (f->store, f->actor, id, &error));
  g_assert_no_error (error);
  started = get (f, id);
  g_assert_cmpstr (started->status, ==, "in-progress");
  g_assert_true (started->overdue);

  g_assert_true (psems_finding_close (f->store, f->actor, id, "2025-04-20", "Nightly expiry synchronisation",
                                      NULL, &error));
  g_assert_no_error (error);
  closed = get (f, id);
  g_assert_cmpstr (closed->status, ==, "closed");
  g_assert_cmpstr (closed->closed_on, ==, "2025-04-20");
  g_assert_cmpstr (closed->closed_by, ==, "Ana Ruiz");
  g_assert_cmpstr (closed->corrective_action, ==, "Nightly expiry synchronisation");
  g_assert_false (closed->overdue);
  g_assert_cmpint (closed->days_open, ==, 39);

  g_assert_true (psems_finding_verify (f->store, auditor, id, "2025-05-02", &error));
  g_assert_no_error (error);
  verified = get (f, id);
  g_assert_cmpstr (verified->status, ==, "verified");
  g_assert_cmpstr (verified->verified_on, ==, "2025-05-02");
  g_assert_cmpstr (verified->verified_by, ==, "Jon Berg");
  g_assert_false (verified->self_verified);
  g_assert_cmpint (verified->days_open, ==, 39);

  g_assert_cmpint (count_audit (f, "start", id), ==, 1);
  g_assert_cmpint (count_audit (f, "close", id), ==, 1);
  g_assert_cmpint (count_audit (f, "verify", id), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'verify'"
                                     " AND user_name = 'Jon Berg'"), ==, 1);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PsemsFinding) finding = make_finding (f);
  g_autoptr(PsemsFinding) reopened = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  set_text (&finding->corrective_action, "Badge readers reconfigured");
  id = create (f, finding);
  /* Closed straight from open, with the action stored at creation. */
  g_assert_true (psems_finding_close (f->store, f->actor, id, "2025-03-20", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (psems_finding_reopen (f->store, f->actor, id, &error));
  g_assert_no_error (error);
  reopened = get (f, id);
  g_assert_cmpstr (reopened->status, ==, "open");
  g_assert_null (reopened->closed_on);
  g_assert_null (reopened->closed_by);
  g_assert_cmpstr (reopened->corrective_action, ==, "Badge readers reconfigured");
  g_assert_cmpint (count_audit (f, "reopen", id), ==, 1);

  /* Editable again. */
  set_text (&reopened->title, "Gate 3 and gate 4 turnstiles accept expired badges");
  g_assert_true (psems_finding_update (f->store, f->actor, reopened, &error));
  g_assert_no_error (error);
}

typedef enum
{
  VERIFY_OPEN, START_IN_PROGRESS, CLOSE_WITHOUT_ACTION, CLOSE_BEFORE_RAISED, CLOSE_IN_FUTURE, CLOSE_NOT_A_DAY,
  CLOSE_CLOSED, VERIFY_IN_FUTURE, VERIFY_BEFORE_CLOSED, REOPEN_OPEN, REOPEN_VERIFIED, EDIT_CLOSED,
  EDIT_VERIFIED, START_CLOSED,
} Step;

static const struct
{
  Step step;
  const char *prepare;     /* the steps before: s start, c close, v verify */
  const char *field;
} illegal_cases[] = {
  { VERIFY_OPEN, "", "status" },
  { START_IN_PROGRESS, "s", "status" },
  { CLOSE_WITHOUT_ACTION, "s", "corrective_action" },
  { CLOSE_BEFORE_RAISED, "", "closed_on" },
  { CLOSE_IN_FUTURE, "", "closed_on" },
  { CLOSE_NOT_A_DAY, "", "closed_on" },
  { CLOSE_CLOSED, "c", "status" },
  { VERIFY_IN_FUTURE, "c", "verified_on" },
  { VERIFY_BEFORE_CLOSED, "c", "verified_on" },
  { REOPEN_OPEN, "", "status" },
  { REOPEN_VERIFIED, "cv", "status" },
  { EDIT_CLOSED, "c", "status" },
  { EDIT_VERIFIED, "cv", "status" },
  { START_CLOSED, "c", "status" },
};

static void
test_illegal_transitions (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PsemsActor) auditor = psems_actor_new (0, "Jon Berg", PSEMS_ROLE_AUDITOR);

  for (guint i = 0; i < G_N_ELEMENTS (illegal_cases); i++)
    {
      g_autoptr(PsemsFinding) finding = make_finding (f);
      g_autoptr(PsemsFinding) current = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *tomorrow = day_from_today (1);
      gboolean done = TRUE;
      gint64 id;

      g_test_message ("case %u: %s", i, illegal_cases[i].field);
      id = create (f, finding);
      for (const char *p = illegal_cases[i].prepare; *p != '\0'; p++)
        {
          if (*p == 's')
            done = psems_finding_start (f->store, f->actor, id, &error);
          else if (*p == 'c')
            done = psems_finding_close (f->store, f->actor, id, "2025-04-01", "Fixed", NULL, &error);
          else
            done = psems_finding_verify (f->store, auditor, id, "2025-04-05", &error);
          g_assert_no_error (error);
          g_assert_true (done);
        }
      current = get (f, id);

      before = psems_test_dump_database (f->store);
      switch (illegal_cases[i].step)
        {
        case VERIFY_OPEN:
          done = psems_finding_verify (f->store, auditor, id, NULL, &error);
          break;
        case START_IN_PROGRESS:
        case START_CLOSED:
          done = psems_finding_start (f->store, f->actor, id, &error);
          break;
        case CLOSE_WITHOUT_ACTION:
          done = psems_finding_close (f->store, f->actor, id, "2025-04-01", "  ", NULL, &error);
          break;
        case CLOSE_BEFORE_RAISED:
          done = psems_finding_close (f->store, f->actor, id, "2025-03-11", "Fixed", NULL, &error);
          break;
        case CLOSE_IN_FUTURE:
          done = psems_finding_close (f->store, f->actor, id, tomorrow, "Fixed", NULL, &error);
          break;
        case CLOSE_NOT_A_DAY:
          done = psems_finding_close (f->store, f->actor, id, "yesterday", "Fixed", NULL, &error);
          break;
        case CLOSE_CLOSED:
          done = psems_finding_close (f->store, f->actor, id, "2025-04-02", "Fixed again", NULL, &error);
          break;
        case VERIFY_IN_FUTURE:
          done = psems_finding_verify (f->store, auditor, id, tomorrow, &error);
          break;
        case VERIFY_BEFORE_CLOSED:
          done = psems_finding_verify (f->store, auditor, id, "2025-03-31", &error);
          break;
        case REOPEN_OPEN:
        case REOPEN_VERIFIED:
          done = psems_finding_reopen (f->store, f->actor, id, &error);
          break;
        case EDIT_CLOSED:
        case EDIT_VERIFIED:
          set_text (&current->title, "Changed afterwards");
          done = psems_finding_update (f->store, f->actor, current, &error);
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_false (done);
      psems_test_assert_refused (error, illegal_cases[i].field);
      after = psems_test_dump_database (f->store);
      g_assert_cmpstr (before, ==, after);
    }
}

/* ───────────────────────────── four eyes ───────────────────────────── */

static void
test_verify_own_closure_refused (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(PsemsFinding) finding = make_finding (f);
  g_autoptr(PsemsActor) ana = NULL;
  g_autoptr(PsemsActor) ana_again = NULL;
  g_autoptr(PsemsActor) jon = NULL;
  g_autoptr(PsemsFinding) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 ana_id, jon_id, id;

  ana_id = insert (f, "INSERT INTO app_user (ref, user_name, role, created_at, updated_at) VALUES"
                      " ('USR-2025-0001', 'Ana Ruiz', 'security-officer', '2025-01-01T08:00:00Z',"
                      " '2025-01-01T08:00:00Z')");
  jon_id = insert (f, "INSERT INTO app_user (ref, user_name, role, created_at, updated_at) VALUES"
                      " ('USR-2025-0002', 'Jon Berg', 'auditor', '2025-01-01T08:00:00Z',"
                      " '2025-01-01T08:00:00Z')");
  ana = psems_actor_new (ana_id, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  ana_again = psems_actor_new (ana_id, "ANA RUIZ", PSEMS_ROLE_SECURITY_OFFICER);
  jon = psems_actor_new (jon_id, "Jon Berg", PSEMS_ROLE_AUDITOR);
  /* A security officer changes the facilities assigned to them. */
  psems_actor_set_facilities (ana, &f->facility, 1);
  psems_actor_set_facilities (ana_again, &f->facility, 1);

  id = create (f, finding);
  g_assert_true (psems_finding_close (f->store, ana, id, "2025-04-01", "Fixed", NULL, &error));
  g_assert_no_error (error);

  before = psems_test_dump_database (f->store);
  g_assert_false (psems_finding_verify (f->store, ana, id, "2025-04-02", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Ana Ruiz closed this finding"));
  g_clear_error (&error);
  g_assert_false (psems_finding_verify (f->store, ana_again, id, "2025-04-02", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (psems_finding_verify (f->store, jon, id, "2025-04-02", &error));
  g_assert_no_error (error);
  verified = get (f, id);
  g_assert_cmpstr (verified->verified_by, ==, "Jon Berg");
  g_assert_false (verified->self_verified);
}

static void
test_single_user_self_verifies (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(PsemsFinding) finding = make_finding (f);
  g_autoptr(PsemsFinding) verified = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM app_user"), ==, 0);
  id = create (f, finding);
  g_assert_true (psems_finding_close (f->store, f->actor, id, "2025-04-01", "Fixed", NULL, &error));
  g_assert_true (psems_finding_verify (f->store, f->actor, id, "2025-04-01", &error));
  g_assert_no_error (error);
  verified = get (f, id);
  g_assert_cmpstr (verified->status, ==, "verified");
  g_assert_cmpstr (verified->verified_by, ==, "Ana Ruiz");
  g_assert_true (verified->self_verified);
  g_assert_cmpint (psems_test_count (f->store, "SELECT self_verified FROM finding WHERE id = %lld",
                                     (long long) id), ==, 1);
}

/* ───────────────────────────── controls ───────────────────────────── */

static gboolean
control_degraded (Fixture *f,
                  int     *open_findings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsControl) control = psems_control_get (f->store, f->control, NULL, &error);

  g_assert_no_error (error);
  *open_findings = control->open_findings;
  return control->degraded;
}

static void
test_control_degraded (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PsemsFinding) finding = make_finding (f);
  g_autoptr(PsemsFinding) elsewhere = make_finding (f);
  g_autoptr(GError) error = NULL;
  int n = -1;
  gint64 id;

  g_assert_false (control_degraded (f, &n));
  g_assert_cmpint (n, ==, 0);

  /* A finding against another control leaves this one alone. */
  elsewhere->control_id = 0;
  create (f, elsewhere);
  g_assert_false (control_degraded (f, &n));

  id = create (f, finding);
  g_assert_true (control_degraded (f, &n));
  g_assert_cmpint (n, ==, 1);
  g_assert_true (psems_finding_start (f->store, f->actor, id, &error));
  g_assert_true (control_degraded (f, &n));

  g_assert_true (psems_finding_close (f->store, f->actor, id, "2025-04-01", "Fence repaired", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (control_degraded (f, &n));
  g_assert_cmpint (n, ==, 0);

  g_assert_true (psems_finding_reopen (f->store, f->actor, id, &error));
  g_assert_true (control_degraded (f, &n));
}

/* ───────────────────────────── lists ───────────────────────────── */

static gint64
create_with (Fixture    *f,
             gint64      facility,
             const char *source,
             const char *severity,
             const char *due_on,
             gint64      control)
{
  g_autoptr(PsemsFinding) finding = psems_finding_new ();

  finding->facility_id = facility;
  finding->source = g_strdup (source);
  finding->severity = g_strdup (severity);
  finding->title = g_strdup_printf ("%s %s finding", severity, source);
  finding->raised_on = g_strdup ("2025-03-12");
  finding->due_on = g_strdup (due_on);
  finding->control_id = control;
  return create (f, finding);
}

static void
assert_list (Fixture                  *f,
             const PsemsFindingFilter *filter,
             const gint64             *expected,
             guint                     n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = psems_finding_list (f->store, filter, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (((PsemsFinding *) g_ptr_array_index (list, i))->id, ==, expected[i]);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;
  gint64 a, b, c, d;

  a = create_with (f, f->facility, "audit", "major", "2025-04-30", f->control);
  b = create_with (f, f->facility, "manual", "minor", "2025-03-31", 0);
  c = create_with (f, f->other, "drill", "observation", NULL, f->other_control);
  d = create_with (f, f->facility, "manual", "minor", "2025-05-15", 0);
  g_assert_true (psems_finding_close (f->store, f->actor, d, "2025-04-01", "Done", NULL, &error));
  g_assert_no_error (error);

  {
    /* Unresolved first, by due date (none last), then the resolved ones. */
    const gint64 all[] = { b, a, c, d };
    const PsemsFindingFilter filter = { .as_of = "2025-04-15" };
    assert_list (f, NULL, all, G_N_ELEMENTS (all));
    assert_list (f, &filter, all, G_N_ELEMENTS (all));
  }
  {
    const gint64 expected[] = { b, a, d };
    const PsemsFindingFilter filter = { .facility_id = f->facility };
    assert_list (f, &filter, expected, G_N_ELEMENTS (expected));
  }
  {
    const gint64 expected[] = { d };
    const PsemsFindingFilter filter = { .status = "closed" };
    assert_list (f, &filter, expected, G_N_ELEMENTS (expected));
  }
  {
    const gint64 expected[] = { b, a, c };
    const PsemsFindingFilter filter = { .status = "unresolved" };
    assert_list (f, &filter, expected, G_N_ELEMENTS (expected));
  }
  {
    const gint64 expected[] = { b, d };
    const PsemsFindingFilter filter = { .severity = "minor" };
    assert_list (f, &filter, expected, G_N_ELEMENTS (expected));
  }
  {
    const gint64 expected[] = { c };
    const PsemsFindingFilter filter = { .source = "drill" };
    assert_list (f, &filter, expected, G_N_ELEMENTS (expected));
  }
  {
    const gint64 expected[] = { a };
    const PsemsFindingFilter filter = { .control_id = f->control };
    assert_list (f, &filter, expected, G_N_ELEMENTS (expected));
  }
  {
    /* Due 2025-03-31 is overdue from 2025-04-01; due on the day asked is not yet. */
    const gint64 on_due[] = { 0 };
    const gint64 after_due[] = { b };
    const gint64 both[] = { b, a };
    const PsemsFindingFilter due_day = { .overdue = TRUE, .as_of = "2025-03-31" };
    const PsemsFindingFilter next_day = { .overdue = TRUE, .as_of = "2025-04-01" };
    const PsemsFindingFilter later = { .overdue = TRUE, .as_of = "2025-05-01" };
    assert_list (f, &due_day, on_due, 0);
    assert_list (f, &next_day, after_due, G_N_ELEMENTS (after_due));
    assert_list (f, &later, both, G_N_ELEMENTS (both));
  }

  {
    const PsemsFindingFilter bad = { .status = "pending" };
    none = psems_finding_list (f->store, &bad, &error);
    g_assert_null (none);
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "pending"));
  }
}

static void
test_resolve (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PsemsFinding) finding = make_finding (f);
  g_autoptr(PsemsFinding) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *id_text = NULL;
  gint64 id = create (f, finding);

  stored = get (f, id);
  lower = g_ascii_strdown (stored->ref, -1);
  g_assert_cmpint (psems_finding_resolve (f->store, lower, &error), ==, id);
  id_text = g_strdup_printf (" %lld ", (long long) id);
  g_assert_cmpint (psems_finding_resolve (f->store, id_text, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (psems_finding_resolve (f->store, "FND-2020-0099", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (psems_finding_resolve (f->store, "CTL-2025-0001", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (psems_finding_resolve (f->store, "9999", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (psems_finding_resolve_answer (f->store, "gap-2025-0001/a16-03", &error), ==, f->non_compliant);
  g_assert_no_error (error);
  g_assert_cmpint (psems_finding_resolve_answer (f->store, "GAP-2025-0001/Z99", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Z99"));
  g_clear_error (&error);
  g_assert_cmpint (psems_finding_resolve_answer (f->store, "A16-03", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
}

/* ───────────────────────────── evidence ───────────────────────────── */

static void
test_evidence (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PsemsFinding) finding = make_finding (f);
  g_autoptr(PsemsFinding) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo = g_build_filename (f->dir, "turnstile.txt", NULL);
  g_autofree char *record = g_build_filename (f->dir, "action-record.txt", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.pdf", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *create_paths[] = { photo, NULL };
  const char *close_paths[] = { record, NULL };
  const char *missing_paths[] = { missing, NULL };
  gint64 id;

  g_assert_true (g_file_set_contents (photo, "turnstile log", -1, NULL));
  g_assert_true (g_file_set_contents (record, "synchronisation configured", -1, NULL));

  id = psems_finding_create (f->store, f->actor, finding, create_paths, NULL, &error);
  g_assert_no_error (error);

  /* A file that cannot be kept refuses the closure with it. */
  before = psems_test_dump_database (f->store);
  g_assert_false (psems_finding_close (f->store, f->actor, id, "2025-04-01", "Fixed", missing_paths, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "missing.pdf"));
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (psems_finding_close (f->store, f->actor, id, "2025-04-01", "Fixed", close_paths, &error));
  g_assert_no_error (error);
  stored = get (f, id);
  g_assert_cmpint (stored->n_evidence, ==, 2);
  g_assert_cmpstr (stored->status, ==, "closed");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/finding/field-problems", test_field_problems);
  ADD ("/finding/create", test_create);
  ADD ("/finding/update", test_update);
  ADD ("/finding/workflow", test_workflow);
  ADD ("/finding/reopen", test_reopen);
  ADD ("/finding/illegal-transitions", test_illegal_transitions);
  ADD ("/finding/verify-own-closure-refused", test_verify_own_closure_refused);
  ADD ("/finding/single-user-self-verifies", test_single_user_self_verifies);
  ADD ("/finding/control-degraded", test_control_degraded);
  ADD ("/finding/list", test_list);
  ADD ("/finding/resolve", test_resolve);
  ADD ("/finding/evidence", test_evidence);
#undef ADD

  return g_test_run ();
}
