/* test-incident.c — incidents: the reporting clocks as a table, every field problem, defaults from the facility, reports sent, lists, lessons raising their findings in one write. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-test-util.h"

/* ───────────────────────── the clocks, pure ───────────────────────── */

static gint64
at (const char *text)
{
  gint64 instant = 0;

  g_assert_true (psems_instant_parse (text, NULL, &instant));
  return instant;
}

static gint64
at_or_none (const char *text)
{
  return text != NULL ? at (text) : PSEMS_INSTANT_NONE;
}

typedef struct
{
  const char *name;
  PsemsReportKind kind;
  const char *zone;
  const char *aware;
  const char *notified;    /* final report only */
  const char *sent;
  const char *as_of;
  PsemsReportState state;
  const char *due;         /* UTC; NULL: none */
  const char *explanation; /* in @zone; NULL: not checked */
} ClockCase;

static const ClockCase clock_cases[] = {
  { "early warning due", PSEMS_REPORT_EARLY_WARNING, "UTC", "2026-11-26T14:05:00Z", NULL, NULL,
    "2026-11-27T00:05:00Z", PSEMS_REPORT_DUE, "2026-11-27T14:05:00Z",
    "Early warning due by 27 Nov 2026 14:05 UTC (within 24 h of awareness, NIS2 Art. 23(4)(a)) — 14 h left" },
  { "early warning overdue", PSEMS_REPORT_EARLY_WARNING, "UTC", "2026-11-26T14:05:00Z", NULL, NULL,
    "2026-11-27T17:05:00Z", PSEMS_REPORT_OVERDUE, "2026-11-27T14:05:00Z",
    "Early warning due by 27 Nov 2026 14:05 UTC (within 24 h of awareness, NIS2 Art. 23(4)(a)) — overdue by 3 h" },
  { "due instant itself is not yet missed", PSEMS_REPORT_EARLY_WARNING, "UTC", "2026-11-26T14:05:00Z", NULL,
    NULL, "2026-11-27T14:05:00Z", PSEMS_REPORT_DUE, "2026-11-27T14:05:00Z", NULL },
  { "sent at the due instant is on time", PSEMS_REPORT_EARLY_WARNING, "UTC", "2026-11-26T14:05:00Z", NULL,
    "2026-11-27T14:05:00Z", "2026-12-01T00:00:00Z", PSEMS_REPORT_SENT_ON_TIME, "2026-11-27T14:05:00Z",
    "Early warning due by 27 Nov 2026 14:05 UTC (within 24 h of awareness, NIS2 Art. 23(4)(a)) — sent 27 Nov "
    "2026 14:05 UTC, on time" },
  { "a second after is late", PSEMS_REPORT_EARLY_WARNING, "UTC", "2026-11-26T14:05:00Z", NULL,
    "2026-11-27T14:05:01Z", "2026-12-01T00:00:00Z", PSEMS_REPORT_SENT_LATE, "2026-11-27T14:05:00Z",
    "Early warning due by 27 Nov 2026 14:05 UTC (within 24 h of awareness, NIS2 Art. 23(4)(a)) — sent 27 Nov "
    "2026 14:05 UTC, late by 1 min" },
  { "sent later than as-of is not sent yet", PSEMS_REPORT_EARLY_WARNING, "UTC", "2026-11-26T14:05:00Z", NULL,
    "2026-11-26T20:00:00Z", "2026-11-26T18:00:00Z", PSEMS_REPORT_DUE, "2026-11-27T14:05:00Z", NULL },
  { "before awareness nothing is due", PSEMS_REPORT_NOTIFICATION, "UTC", "2026-11-26T14:05:00Z", NULL, NULL,
    "2026-11-26T14:04:59Z", PSEMS_REPORT_NOT_DUE, "2026-11-29T14:05:00Z",
    "Incident notification (within 72 h of awareness, NIS2 Art. 23(4)(b)) — not yet due: the clock starts at "
    "awareness, 26 Nov 2026 14:05 UTC" },
  { "notification 72 h", PSEMS_REPORT_NOTIFICATION, "UTC", "2026-11-26T14:05:00Z", NULL, NULL,
    "2026-11-28T12:00:00Z", PSEMS_REPORT_DUE, "2026-11-29T14:05:00Z",
    "Incident notification due by 29 Nov 2026 14:05 UTC (within 72 h of awareness, NIS2 Art. 23(4)(b)) — "
    "1 day 2 h left" },
  { "notification sent late", PSEMS_REPORT_NOTIFICATION, "UTC", "2026-11-26T14:05:00Z", NULL,
    "2026-11-30T16:35:00Z", "2026-12-01T00:00:00Z", PSEMS_REPORT_SENT_LATE, "2026-11-29T14:05:00Z",
    "Incident notification due by 29 Nov 2026 14:05 UTC (within 72 h of awareness, NIS2 Art. 23(4)(b)) — sent "
    "30 Nov 2026 16:35 UTC, late by 1 day 2 h" },
  /* 24 real hours across the spring change (29 March 2026, 02:00 CET → 03:00 CEST): the wall clock says 13:00. */
  { "DST spring: 24 real hours", PSEMS_REPORT_EARLY_WARNING, "Europe/Amsterdam", "2026-03-28T12:00:00+01:00",
    NULL, NULL, "2026-03-29T12:30:00+02:00", PSEMS_REPORT_DUE, "2026-03-29T11:00:00Z",
    "Early warning due by 29 Mar 2026 13:00 CEST (within 24 h of awareness, NIS2 Art. 23(4)(a)) — 30 min left" },
  /* And the autumn change (25 October 2026, 03:00 CEST → 02:00 CET): 11:00 on the wall clock. */
  { "DST autumn: 24 real hours", PSEMS_REPORT_EARLY_WARNING, "Europe/Amsterdam", "2026-10-24T12:00:00+02:00",
    NULL, NULL, "2026-10-25T11:30:00+01:00", PSEMS_REPORT_OVERDUE, "2026-10-25T10:00:00Z",
    "Early warning due by 25 Oct 2026 11:00 CET (within 24 h of awareness, NIS2 Art. 23(4)(a)) — overdue by "
    "30 min" },
  { "final report: not before the notification", PSEMS_REPORT_FINAL_REPORT, "UTC", "2026-01-28T10:00:00Z", NULL,
    NULL, "2026-02-10T00:00:00Z", PSEMS_REPORT_NOT_DUE, NULL,
    "Final report (within one month of the notification, NIS2 Art. 23(4)(d)) — not yet due: the notification "
    "has not been sent as of 10 Feb 2026 00:00 UTC" },
  { "final report: a notification after as-of does not count", PSEMS_REPORT_FINAL_REPORT, "UTC",
    "2026-01-28T10:00:00Z", "2026-01-31T10:00:00Z", NULL, "2026-01-30T00:00:00Z", PSEMS_REPORT_NOT_DUE, NULL, NULL },
  { "final report: 31 January + 1 month = 28 February", PSEMS_REPORT_FINAL_REPORT, "UTC", "2026-01-28T10:00:00Z",
    "2026-01-31T10:00:00Z", NULL, "2026-02-10T00:00:00Z", PSEMS_REPORT_DUE, "2026-02-28T10:00:00Z",
    "Final report due by 28 Feb 2026 10:00 UTC (within one month of the notification, NIS2 Art. 23(4)(d)) — "
    "18 days 10 h left" },
  { "final report: leap year, 29 February", PSEMS_REPORT_FINAL_REPORT, "UTC", "2028-01-29T10:00:00Z",
    "2028-01-31T10:00:00Z", NULL, "2028-02-10T00:00:00Z", PSEMS_REPORT_DUE, "2028-02-29T10:00:00Z", NULL },
  { "final report: 31 March + 1 month = 30 April", PSEMS_REPORT_FINAL_REPORT, "UTC", "2026-03-29T10:00:00Z",
    "2026-03-31T10:00:00Z", NULL, "2026-05-01T00:00:00Z", PSEMS_REPORT_OVERDUE, "2026-04-30T10:00:00Z", NULL },
  { "final report: over the year's end", PSEMS_REPORT_FINAL_REPORT, "UTC", "2026-12-13T10:00:00Z",
    "2026-12-15T10:00:00Z", "2027-01-15T10:00:00Z", "2027-02-01T00:00:00Z", PSEMS_REPORT_SENT_ON_TIME,
    "2027-01-15T10:00:00Z", NULL },
  /* The month is counted in the incident's zone: 31 Jan 23:30 UTC is 1 Feb 00:30 in Amsterdam. */
  { "final report: calendar month in the incident's zone", PSEMS_REPORT_FINAL_REPORT, "Europe/Amsterdam",
    "2026-01-30T10:00:00Z", "2026-01-31T23:30:00Z", NULL, "2026-02-10T00:00:00Z", PSEMS_REPORT_DUE,
    "2026-02-28T23:30:00Z", NULL },
  { "NRC: without delay, overdue once aware", PSEMS_REPORT_NRC, "America/New_York", "2026-11-26T14:05:00Z", NULL,
    NULL, "2026-11-26T16:35:00Z", PSEMS_REPORT_OVERDUE, "2026-11-26T14:05:00Z",
    "Report to the National Response Center without delay after awareness at 26 Nov 2026 09:05 EST (33 CFR 101 "
    "subpart F) — not sent, 2 h 30 min since awareness" },
  { "NRC: sent", PSEMS_REPORT_NRC, "UTC", "2026-11-26T14:05:00Z", NULL, "2026-11-26T14:50:00Z",
    "2026-11-27T00:00:00Z", PSEMS_REPORT_SENT, "2026-11-26T14:05:00Z",
    "Report to the National Response Center without delay after awareness at 26 Nov 2026 14:05 UTC (33 CFR 101 "
    "subpart F) — sent 26 Nov 2026 14:50 UTC, 45 min after awareness" },
  { "NRC: before awareness", PSEMS_REPORT_NRC, "UTC", "2026-11-26T14:05:00Z", NULL, NULL,
    "2026-11-26T14:00:00Z", PSEMS_REPORT_NOT_DUE, "2026-11-26T14:05:00Z", NULL },
};

static void
test_clock_table (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (clock_cases); k++)
    {
      const ClockCase *c = &clock_cases[k];
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (c->zone);
      PsemsReportClock clock;

      g_test_message ("case %u: %s", k, c->name);
      g_assert_nonnull (zone);
      psems_report_clock_evaluate (c->kind, zone, at (c->aware), at_or_none (c->notified), at_or_none (c->sent),
                                   at (c->as_of), &clock);
      g_assert_cmpstr (psems_report_state_to_string (clock.state), ==, psems_report_state_to_string (c->state));
      if (c->due != NULL)
        g_assert_cmpint (clock.due, ==, at (c->due));
      else
        g_assert_cmpint (clock.due, ==, PSEMS_INSTANT_NONE);
      if (c->explanation != NULL)
        {
          g_autofree char *text = psems_report_clock_explain (&clock, zone);

          g_assert_cmpstr (text, ==, c->explanation);
        }
    }
}

static void
test_instants (void)
{
  g_autoptr(GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autofree char *stamp = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *d1 = psems_duration_format (59);
  g_autofree char *d2 = psems_duration_format (2 * 86400);
  g_autofree char *d3 = psems_duration_format (3600 + 60);
  gint64 instant;
  PsemsReportKind kind;

  /* Without an offset: wall-clock time where it happened. */
  g_assert_true (psems_instant_parse ("2026-07-01T14:05", amsterdam, &instant));
  stamp = psems_instant_to_stamp (instant);
  g_assert_cmpstr (stamp, ==, "2026-07-01T12:05:00Z");
  g_assert_true (psems_instant_parse ("2026-07-01 14:05:30+00:00", amsterdam, &instant));
  g_clear_pointer (&stamp, g_free);
  stamp = psems_instant_to_stamp (instant);
  g_assert_cmpstr (stamp, ==, "2026-07-01T14:05:30Z");
  shown = psems_instant_format (instant, amsterdam);
  g_assert_cmpstr (shown, ==, "1 Jul 2026 16:05 CEST");
  g_assert_false (psems_instant_parse ("2026-02-30T10:00", NULL, &instant));
  g_assert_false (psems_instant_parse ("yesterday", NULL, &instant));
  g_assert_false (psems_instant_parse ("2026-02-03", NULL, &instant));

  g_assert_cmpstr (d1, ==, "1 min");
  g_assert_cmpstr (d2, ==, "2 days");
  g_assert_cmpstr (d3, ==, "1 h 1 min");

  g_assert_true (psems_report_kind_from_string ("final-report", &kind));
  g_assert_cmpint (kind, ==, PSEMS_REPORT_FINAL_REPORT);
  g_assert_false (psems_report_kind_from_string ("fax", &kind));
  g_assert_cmpstr (psems_report_kind_citation (PSEMS_REPORT_NRC), ==, "33 CFR 101 subpart F");
  g_assert_cmpstr (psems_incident_kind_label ("see-say-act"), ==, "See-Say-Act report");
  g_assert_null (psems_incident_kind_label ("ufo"));
}

/* ───────────────────────── the store ───────────────────────── */

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility;      /* Europe/Amsterdam; level 1, raised to 2 on 2026-03-01T00:00Z */
  gint64 other;         /* UTC, no zone given */
  gint64 fence;         /* a control of the facility */
  gint64 cctv;          /* another */
  gint64 other_control; /* the other facility's */
  gint64 drill;         /* a completion of a drill at the facility */
  gint64 training;      /* a completion of a training at the facility */
  gint64 element;       /* an element of the facility's plan */
  gint64 other_element; /* an element of the other facility's plan */
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
  c->function = g_strdup ("detect");
  g_free (c->status);
  c->status = g_strdup ("implemented");
  c->effectiveness = 80;
  id = psems_control_create (f->store, f->actor, c, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
insert (Fixture    *f,
        const char *sql)
{
  psems_test_exec (f->store, sql);
  return psems_test_count (f->store, "SELECT last_insert_rowid()");
}

static gint64
create_completion (Fixture    *f,
                   const char *kind,
                   int         n)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO schedule_item (ref, facility_id, kind, title, created_at,"
                                          " updated_at) VALUES ('SCH-2026-%04d', %lld, '%s', 'Item',"
                                          " '2026-01-01T08:00:00Z', '2026-01-01T08:00:00Z')",
                                          n, (long long) f->facility, kind);
  gint64 item = insert (f, sql);

  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO completion (ref, schedule_item_id, done_on, created_at)"
                         " VALUES ('CMP-2026-%04d', %lld, '2026-02-10', '2026-02-10T08:00:00Z')",
                         n, (long long) item);
  return insert (f, sql);
}

/* The "unauthorized-access" element of a new plan of @facility, found as PLN-…:KEY. */
static gint64
create_plan_element (Fixture *f,
                     gint64   facility)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *text = NULL;
  gint64 plan = psems_plan_new_version (f->store, f->actor, facility, "Plan", NULL, &ref, &error);
  gint64 id;

  g_assert_no_error (error);
  g_assert_cmpint (plan, >, 0);
  g_assert_cmpint (psems_lesson_resolve_plan_element (f->store, ref, &error), ==, 0);   /* a plan is no element */
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  text = g_strdup_printf ("%s:unauthorized-access", ref);
  id = psems_lesson_resolve_plan_element (f->store, text, &error);
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) changed = g_date_time_new_utc (2026, 3, 1, 0, 0, 0);

  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "incident.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  f->facility = psems_test_create_facility (f->store, f->actor, "ECT", "Europe/Amsterdam");
  f->other = psems_test_create_facility (f->store, f->actor, "WCT", NULL);
  /* The facility's first level, as if recorded on 1 January; then raised on 1 March. */
  psems_test_exec (f->store, "UPDATE facility_level_change SET changed_at = '2026-01-01T00:00:00Z'");
  g_assert_true (psems_facility_set_level (f->store, f->actor, f->facility, 2, "Threat warning", changed, NULL,
                                           NULL, &error));
  g_assert_no_error (error);
  f->fence = create_control (f, f->facility, "Perimeter fence");
  f->cctv = create_control (f, f->facility, "CCTV");
  f->other_control = create_control (f, f->other, "West gate");
  f->drill = create_completion (f, "cyber-drill", 1);
  f->training = create_completion (f, "training", 2);
  f->element = create_plan_element (f, f->facility);
  f->other_element = create_plan_element (f, f->other);
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

static GArray *
ids (gint64 first,
     ...)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (gint64));
  va_list args;

  va_start (args, first);
  for (gint64 id = first; id != 0; id = va_arg (args, gint64))
    g_array_append_val (array, id);
  va_end (args);
  return array;
}

/* A valid incident at the facility: local times in Amsterdam. */
static PsemsIncident *
valid_incident (Fixture *f)
{
  PsemsIncident *i = psems_incident_new ();

  i->facility_id = f->facility;
  i->kind = g_strdup ("intrusion");
  i->title = g_strdup ("Person on the fence at section 12");
  i->occurred_at = g_strdup ("2026-02-10T02:25");
  i->aware_at = g_strdup ("2026-02-10T02:31");
  i->reported_by = g_strdup ("Patrol officer");
  i->failed_control_ids = ids (f->fence, (gint64) 0);
  i->worked_control_ids = ids (f->cctv, (gint64) 0);
  return i;
}

static gint64
create (Fixture       *f,
        PsemsIncident *i)
{
  g_autoptr(GError) error = NULL;
  gint64 id = psems_incident_create (f->store, f->actor, i, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

typedef void (*Spoil) (Fixture *f, PsemsIncident *i);

#define SPOIL(name, body) \
  static void spoil_##name (Fixture *f, PsemsIncident *i) { body; }

SPOIL (no_facility, i->facility_id = 0)
SPOIL (unknown_facility, i->facility_id = 999)
SPOIL (aware_before, g_free (i->aware_at); i->aware_at = g_strdup ("2026-02-10T02:00"))
SPOIL (future_occurred, g_free (i->occurred_at); i->occurred_at = g_strdup ("2099-01-01T00:00Z"))
SPOIL (future_aware, g_free (i->aware_at); i->aware_at = g_strdup ("2099-01-01T00:00Z"))
SPOIL (no_occurred, g_clear_pointer (&i->occurred_at, g_free))
SPOIL (bad_occurred, g_free (i->occurred_at); i->occurred_at = g_strdup ("last Tuesday"))
SPOIL (bad_day, g_free (i->aware_at); i->aware_at = g_strdup ("2026-02-30T10:00"))
SPOIL (unknown_kind, g_free (i->kind); i->kind = g_strdup ("alien-landing"))
SPOIL (no_kind, g_free (i->kind); i->kind = g_strdup ("  "))
SPOIL (no_title, g_free (i->title); i->title = g_strdup (""))
SPOIL (bad_zone, i->time_zone = g_strdup ("Mars/Olympus_Mons"))
SPOIL (offset_zone, i->time_zone = g_strdup ("+01:00"))
SPOIL (level, i->security_level = 4)
SPOIL (other_control, g_array_append_val (i->failed_control_ids, f->other_control))
SPOIL (unknown_control, gint64 id = 9999; g_array_append_val (i->worked_control_ids, id))
SPOIL (failed_and_worked, g_array_append_val (i->worked_control_ids, f->fence))
SPOIL (twice, g_array_append_val (i->failed_control_ids, f->fence))

static const struct
{
  const char *name;
  Spoil spoil;
  const char *field;
} problem_cases[] = {
  { "no facility", spoil_no_facility, "facility_id" },
  { "unknown facility", spoil_unknown_facility, "facility_id" },
  { "aware before it occurred", spoil_aware_before, "aware_at" },
  { "occurred in the future", spoil_future_occurred, "occurred_at" },
  { "aware in the future", spoil_future_aware, "aware_at" },
  { "no occurrence", spoil_no_occurred, "occurred_at" },
  { "occurrence not an instant", spoil_bad_occurred, "occurred_at" },
  { "30 February", spoil_bad_day, "aware_at" },
  { "unknown kind", spoil_unknown_kind, "kind" },
  { "blank kind", spoil_no_kind, "kind" },
  { "no title", spoil_no_title, "title" },
  { "not an IANA zone", spoil_bad_zone, "time_zone" },
  { "a bare offset is no zone", spoil_offset_zone, "time_zone" },
  { "level 4", spoil_level, "security_level" },
  { "control of another facility", spoil_other_control, "failed_controls" },
  { "unknown control", spoil_unknown_control, "worked_controls" },
  { "failed and worked", spoil_failed_and_worked, "worked_controls" },
  { "named twice", spoil_twice, "failed_controls" },
};

static void
test_field_problems (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PsemsIncident) good = valid_incident (f);
  g_autoptr(GPtrArray) none = psems_incident_validate (f->store, good);
  g_autofree char *before = psems_test_dump_database (f->store);

  g_assert_cmpuint (none->len, ==, 0);
  for (guint k = 0; k < G_N_ELEMENTS (problem_cases); k++)
    {
      g_autoptr(PsemsIncident) i = valid_incident (f);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_test_message ("case %u: %s", k, problem_cases[k].name);
      problem_cases[k].spoil (f, i);
      problems = psems_incident_validate (f->store, i);
      g_assert_true (psems_test_has_problem (problems, problem_cases[k].field));
      g_assert_cmpint (psems_incident_create (f->store, f->actor, i, NULL, NULL, &error), ==, 0);
      psems_test_assert_refused (error, problem_cases[k].field);
      after = psems_test_dump_database (f->store);
      g_assert_cmpstr (after, ==, before);
    }
}

static void
test_create_defaults (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PsemsIncident) in = valid_incident (f);
  g_autoptr(PsemsIncident) got = NULL;
  g_autoptr(PsemsIncident) later = NULL;
  g_autoptr(PsemsIncident) utc = psems_incident_new ();
  g_autoptr(PsemsIncident) utc_got = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, id2, id3;

  id = create (f, in);
  got = psems_incident_get (f->store, id, "2026-02-10T12:00", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->ref, ==, "INC-2026-0001");
  g_assert_cmpstr (got->time_zone, ==, "Europe/Amsterdam");
  g_assert_cmpstr (got->occurred_at, ==, "2026-02-10T01:25:00Z");   /* 02:25 CET */
  g_assert_cmpstr (got->aware_at, ==, "2026-02-10T01:31:00Z");
  g_assert_cmpint (got->security_level, ==, 1);                       /* before the raise */
  g_assert_cmpstr (got->status, ==, "open");
  g_assert_cmpuint (got->clocks->len, ==, 0);                          /* neither regime applies */
  g_assert_cmpuint (got->failed_control_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (got->failed_control_ids, gint64, 0), ==, f->fence);

  controls = psems_incident_list_controls (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (controls->len, ==, 2);
  g_assert_cmpstr (((PsemsIncidentControl *) g_ptr_array_index (controls, 0))->outcome, ==, "failed");
  g_assert_cmpstr (((PsemsIncidentControl *) g_ptr_array_index (controls, 1))->name, ==, "CCTV");

  /* After the raise to level 2 the level at the time is 2. */
  g_free (in->occurred_at);
  in->occurred_at = g_strdup ("2026-03-02T10:00Z");
  g_free (in->aware_at);
  in->aware_at = g_strdup ("2026-03-02T10:00Z");
  id2 = create (f, in);
  later = psems_incident_get (f->store, id2, NULL, &error);
  g_assert_cmpint (later->security_level, ==, 2);

  /* A facility without a zone gives UTC; the reporter is hashed in the audit trail. */
  utc->facility_id = f->other;
  utc->kind = g_strdup ("see-say-act");
  utc->title = g_strdup ("Unattended bag");
  utc->occurred_at = g_strdup ("2026-02-01T09:00");
  utc->aware_at = g_strdup ("2026-02-01T09:30");
  utc->reported_by = g_strdup ("Member of the public");
  id3 = create (f, utc);
  utc_got = psems_incident_get (f->store, id3, NULL, &error);
  g_assert_cmpstr (utc_got->time_zone, ==, "UTC");
  g_assert_cmpstr (utc_got->aware_at, ==, "2026-02-01T09:30:00Z");
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'incident'"
                                     " AND after LIKE '%%Member of the public%%'"), ==, 0);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'incident'"
                                     " AND action = 'create' AND after LIKE '%%failed_controls%%'"), ==, 3);
}

static void
test_reports (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PsemsIncident) in = valid_incident (f);
  g_autoptr(PsemsIncident) got = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;
  const struct { PsemsReportKind what; const char *at; const char *field; } refused[] = {
    { PSEMS_REPORT_EARLY_WARNING, "2026-02-10T02:30", "early_warning_sent_at" },   /* before awareness */
    { PSEMS_REPORT_EARLY_WARNING, "2099-02-10T02:30Z", "early_warning_sent_at" },  /* future */
    { PSEMS_REPORT_NOTIFICATION, "soon", "notification_sent_at" },
    { PSEMS_REPORT_FINAL_REPORT, "2026-02-20T10:00", "final_report_sent_at" },     /* no notification yet */
    { PSEMS_REPORT_NRC, "2026-02-10T02:30", "nrc_reported_at" },                  /* before awareness */
    { PSEMS_REPORT_NRC, "2099-02-10T02:30Z", "nrc_reported_at" },                 /* future */
  };

  in->significant = TRUE;
  in->cyber_reportable = TRUE;
  id = create (f, in);

  /* Not significant: nothing owed. */
  {
    g_autoptr(PsemsIncident) plain = valid_incident (f);
    gint64 plain_id = create (f, plain);

    g_assert_false (psems_incident_record_report (f->store, f->actor, plain_id, PSEMS_REPORT_EARLY_WARNING, NULL,
                                                  &error));
    psems_test_assert_refused (error, "early_warning_sent_at");
    g_clear_error (&error);
  }

  before = psems_test_dump_database (f->store);
  for (guint k = 0; k < G_N_ELEMENTS (refused); k++)
    {
      g_test_message ("refused %u", k);
      g_assert_false (psems_incident_record_report (f->store, f->actor, id, refused[k].what, refused[k].at,
                                                    &error));
      psems_test_assert_refused (error, refused[k].field);
      g_clear_error (&error);
    }
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (after, ==, before);

  /* Aware 02:31 CET = 01:31Z on 10 Feb; early warning 03:00 CET (on time); notification 4 days later (late). */
  g_assert_true (psems_incident_record_report (f->store, f->actor, id, PSEMS_REPORT_EARLY_WARNING,
                                               "2026-02-10T03:00", &error));
  g_assert_no_error (error);
  g_assert_true (psems_incident_record_report (f->store, f->actor, id, PSEMS_REPORT_NOTIFICATION,
                                               "2026-02-14T09:00:00Z", &error));
  g_assert_no_error (error);
  g_assert_false (psems_incident_record_report (f->store, f->actor, id, PSEMS_REPORT_FINAL_REPORT,
                                                "2026-02-14T08:00:00Z", &error));
  psems_test_assert_refused (error, "final_report_sent_at");
  g_clear_error (&error);
  /* The National Response Center heard of it two hours after awareness ("without delay": sent). */
  g_assert_true (psems_incident_record_report (f->store, f->actor, id, PSEMS_REPORT_NRC,
                                               "2026-02-10T04:30", &error));
  g_assert_no_error (error);

  got = psems_incident_get (f->store, id, "2026-03-20T00:00Z", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->early_warning_sent_at, ==, "2026-02-10T02:00:00Z");
  g_assert_cmpuint (got->clocks->len, ==, 4);
  g_assert_cmpint (g_array_index (got->clocks, PsemsReportClock, 0).state, ==, PSEMS_REPORT_SENT_ON_TIME);
  g_assert_cmpint (g_array_index (got->clocks, PsemsReportClock, 1).state, ==, PSEMS_REPORT_SENT_LATE);
  g_assert_cmpint (g_array_index (got->clocks, PsemsReportClock, 2).state, ==, PSEMS_REPORT_OVERDUE);
  g_assert_cmpstr (got->nrc_reported_at, ==, "2026-02-10T03:30:00Z");
  g_assert_cmpint (g_array_index (got->clocks, PsemsReportClock, 3).state, !=, PSEMS_REPORT_OVERDUE);
  g_assert_false (psems_report_state_is_open (g_array_index (got->clocks, PsemsReportClock, 3).state));
  g_assert_cmpint (got->n_open_clocks, ==, 1);
  lines = psems_incident_explain_clocks (got);
  /* Notified 14 Feb 10:00 CET: the final report is due by 14 March 10:00 CET. */
  g_assert_cmpstr (g_ptr_array_index (lines, 2), ==,
                   "Final report due by 14 Mar 2026 10:00 CET (within one month of the notification, NIS2 Art. "
                   "23(4)(d)) — overdue by 5 days 15 h");

  /* Awareness cannot move after a report already sent. */
  g_free (got->aware_at);
  got->aware_at = g_strdup ("2026-02-10T04:00");
  g_assert_false (psems_incident_update (f->store, f->actor, got, NULL, &error));
  psems_test_assert_refused (error, "aware_at");
}

static void
test_update_and_list (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PsemsIncident) a = valid_incident (f);
  g_autoptr(PsemsIncident) b = valid_incident (f);
  g_autoptr(PsemsIncident) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  PsemsIncidentFilter filter = { 0 };
  gint64 ia, ib;
  gint64 audits;

  ia = create (f, a);
  g_free (b->kind);
  b->kind = g_strdup ("cyber");
  b->significant = TRUE;
  g_free (b->occurred_at);
  b->occurred_at = g_strdup ("2026-03-31T23:30:00Z");   /* 1 April in Amsterdam */
  g_free (b->aware_at);
  b->aware_at = g_strdup ("2026-04-01T00:00:00Z");
  ib = create (f, b);

  /* Same values write nothing; new control sets replace the old. */
  got = psems_incident_get (f->store, ia, NULL, &error);
  audits = psems_test_count (f->store, "SELECT count(*) FROM audit_trail");
  g_assert_true (psems_incident_update (f->store, f->actor, got, NULL, &error));
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==, audits);
  g_clear_pointer (&got->failed_control_ids, g_array_unref);
  got->failed_control_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_clear_pointer (&got->worked_control_ids, g_array_unref);
  got->worked_control_ids = ids (f->fence, f->cctv, (gint64) 0);
  g_free (got->title);
  got->title = g_strdup ("Intruder on the fence");
  g_assert_true (psems_incident_update (f->store, f->actor, got, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM incident_control WHERE outcome = 'worked'"
                                     " AND incident_id = %lld", (long long) ia), ==, 2);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM incident_control WHERE outcome = 'failed'"
                                     " AND incident_id = %lld", (long long) ia), ==, 0);

  list = psems_incident_list (f->store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((PsemsIncident *) g_ptr_array_index (list, 0))->id, ==, ib);   /* latest first */
  g_clear_pointer (&list, g_ptr_array_unref);

  filter.kind = "cyber";
  list = psems_incident_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  filter.kind = NULL;
  filter.open_clocks = TRUE;
  filter.as_of = "2026-04-01T12:00:00Z";
  list = psems_incident_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((PsemsIncident *) g_ptr_array_index (list, 0))->n_open_clocks, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The period is read in the incident's zone: 23:30Z on 31 March is 1 April in Amsterdam. */
  filter.open_clocks = FALSE;
  filter.as_of = NULL;
  filter.from = "2026-04-01";
  list = psems_incident_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.from = NULL;
  filter.to = "2026-03-31";
  filter.facility_id = f->facility;
  list = psems_incident_list (f->store, &filter, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((PsemsIncident *) g_ptr_array_index (list, 0))->id, ==, ia);
  g_clear_pointer (&list, g_ptr_array_unref);

  filter.kind = "ufo";
  g_assert_null (psems_incident_list (f->store, &filter, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);

  /* Close and reopen. */
  g_assert_false (psems_incident_close (f->store, f->actor, ia, "2026-02-01", &error));
  psems_test_assert_refused (error, "closed_on");
  g_clear_error (&error);
  g_assert_true (psems_incident_close (f->store, f->actor, ia, "2026-02-11", &error));
  g_assert_false (psems_incident_close (f->store, f->actor, ia, NULL, &error));
  g_clear_error (&error);
  g_assert_true (psems_incident_reopen (f->store, f->actor, ia, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM incident WHERE closed_on IS NULL"), ==, 2);
  g_assert_cmpint (psems_incident_resolve (f->store, "inc-2026-0002", &error), ==, ib);
}

static void
test_lessons (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PsemsIncident) in = valid_incident (f);
  g_autoptr(PsemsLesson) lesson = NULL;
  g_autoptr(PsemsFinding) finding = NULL;
  g_autoptr(GPtrArray) lessons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *finding_ref = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PsemsLessonInput input = { 0 };
  gint64 incident, id, drill_lesson;

  incident = create (f, in);
  input.incident_id = incident;
  input.text = "Inspect the anti-climb topping monthly and after storms.";
  input.plan_element_id = f->element;
  input.owner = "Facilities manager";
  input.due_on = "2099-12-31";
  id = psems_lesson_add (f->store, f->actor, &input, &ref, &finding_ref, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ref, ==, "LSN-2026-0001");
  g_assert_cmpstr (finding_ref, ==, "FND-2026-0001");

  lesson = psems_lesson_get (f->store, id, &error);
  g_assert_cmpstr (lesson->status, ==, "open");
  g_assert_cmpstr (lesson->incident_ref, ==, "INC-2026-0001");
  g_assert_cmpstr (lesson->finding_ref, ==, "FND-2026-0001");
  g_assert_cmpstr (lesson->finding_owner, ==, "Facilities manager");
  g_assert_cmpstr (lesson->plan_element_key, ==, "unauthorized-access");
  finding = psems_finding_get (f->store, lesson->finding_id, NULL, &error);
  g_assert_cmpstr (finding->source, ==, "incident");
  g_assert_cmpint (finding->incident_id, ==, incident);
  g_assert_cmpstr (finding->corrective_action, ==, input.text);
  g_assert_cmpstr (finding->requirement_ref, ==, "ISPS A/16.3.2");
  g_assert_cmpstr (finding->severity, ==, "observation");

  /* A failing tracked action leaves nothing behind: no lesson, no finding, no reference used. */
  before = psems_test_dump_database (f->store);
  input.due_on = "2020-01-01";
  g_assert_cmpint (psems_lesson_add (f->store, f->actor, &input, NULL, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "due_on");
  g_clear_error (&error);
  input.due_on = NULL;
  input.plan_element_id = f->other_element;
  g_assert_cmpint (psems_lesson_add (f->store, f->actor, &input, NULL, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "plan_element_id");
  g_clear_error (&error);
  input.plan_element_id = 0;
  input.text = "  ";
  g_assert_cmpint (psems_lesson_add (f->store, f->actor, &input, NULL, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "text");
  g_clear_error (&error);
  input.text = "From a training";
  input.incident_id = 0;
  input.completion_id = f->training;
  g_assert_cmpint (psems_lesson_add (f->store, f->actor, &input, NULL, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "completion_id");
  g_clear_error (&error);
  input.completion_id = 0;
  g_assert_cmpint (psems_lesson_add (f->store, f->actor, &input, NULL, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "incident_id");
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (after, ==, before);

  /* A drill's lesson: the finding's source is the drill (a cyber drill is a drill). */
  input.completion_id = f->drill;
  input.text = "Call-out list needs the IT on-call number.";
  drill_lesson = psems_lesson_add (f->store, f->actor, &input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM finding WHERE source = 'drill'"
                                     " AND completion_id IS NOT NULL"), ==, 1);
  lessons = psems_lesson_list (f->store, 0, f->drill, &error);
  g_assert_cmpuint (lessons->len, ==, 1);
  g_assert_cmpint (((PsemsLesson *) g_ptr_array_index (lessons, 0))->id, ==, drill_lesson);
  g_clear_pointer (&lessons, g_ptr_array_unref);

  /* Implemented only once the action is done. */
  g_assert_false (psems_lesson_implement (f->store, f->actor, id, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "FND-2026-0001"));
  g_clear_error (&error);
  g_assert_true (psems_lesson_start (f->store, f->actor, id, &error));
  g_assert_false (psems_lesson_start (f->store, f->actor, id, &error));
  g_clear_error (&error);
  g_assert_true (psems_finding_close (f->store, f->actor, finding->id, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (psems_lesson_implement (f->store, f->actor, id, "2099-01-01", &error));
  psems_test_assert_refused (error, "implemented_on");
  g_clear_error (&error);
  g_assert_true (psems_lesson_implement (f->store, f->actor, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (psems_lesson_implement (f->store, f->actor, id, NULL, &error));
  g_clear_error (&error);

  lessons = psems_lesson_list (f->store, incident, 0, &error);
  g_assert_cmpuint (lessons->len, ==, 1);
  g_assert_cmpstr (((PsemsLesson *) g_ptr_array_index (lessons, 0))->status, ==, "implemented");
  g_assert_cmpstr (((PsemsLesson *) g_ptr_array_index (lessons, 0))->finding_status, ==, "closed");
  g_assert_cmpint (psems_lesson_resolve (f->store, "lsn-2026-0001", &error), ==, id);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'lesson'"), ==, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/incident/clock-table", test_clock_table);
  g_test_add_func ("/incident/instants", test_instants);
  g_test_add ("/incident/field-problems", Fixture, NULL, fixture_set_up, test_field_problems, fixture_tear_down);
  g_test_add ("/incident/create-defaults", Fixture, NULL, fixture_set_up, test_create_defaults, fixture_tear_down);
  g_test_add ("/incident/reports", Fixture, NULL, fixture_set_up, test_reports, fixture_tear_down);
  g_test_add ("/incident/update-and-list", Fixture, NULL, fixture_set_up, test_update_and_list, fixture_tear_down);
  g_test_add ("/incident/lessons", Fixture, NULL, fixture_set_up, test_lessons, fixture_tear_down);
  return g_test_run ();
}
