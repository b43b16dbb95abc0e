/* test-schedule.c — schedule items: due dates by rule, by hand and once; completions; state as of a day; compliance; iCalendar. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-test-util.h"

/* The iCalendar export lives in the export library, which this test links
 * once tests/meson.build gives it psems_export_dep. */
#if __has_include ("psems-ics.h")
#define HAVE_PSEMS_ICS 1
#include <libical/ical.h>
#include "psems-ics.h"
#endif

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "schedule.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  f->facility_id = psems_test_create_facility (f->store, f->actor, "ECT", NULL);
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

/* How an item is made in the tables below. */
typedef struct
{
  const char *kind;
  const char *rule;       /* NULL: by hand (every > 0) or once */
  int every;
  const char *anchor;
  const char *due;
} ItemSpec;

static PsemsScheduleItem *
spec_item (Fixture        *f,
           const ItemSpec *spec)
{
  PsemsScheduleItem *item = psems_schedule_item_new ();

  item->facility_id = f->facility_id;
  item->kind = g_strdup (spec->kind);
  item->title = g_strdup_printf ("A %s", spec->kind);
  item->rule = g_strdup (spec->rule);
  item->interval_months = spec->every;
  item->anchor = g_strdup (spec->anchor);
  item->next_due = g_strdup (spec->due);
  item->assignee = g_strdup ("PFSO");
  return item;
}

static gint64
create_item (Fixture        *f,
             const ItemSpec *spec)
{
  g_autoptr(PsemsScheduleItem) item = spec_item (f, spec);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  gint64 id = psems_schedule_create (f->store, f->actor, item, &ref, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (g_str_has_prefix (ref, "SCH-"));
  return id;
}

static gint64
record (Fixture    *f,
        gint64      item_id,
        const char *done_on)
{
  g_autoptr(PsemsCompletion) c = psems_completion_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  c->schedule_item_id = item_id;
  c->done_on = g_strdup (done_on);
  c->duration_minutes = 90;
  c->description = g_strdup ("Unauthorized person at the gate");
  c->participants = g_strdup ("PFSO, 4 guards");
  c->lessons_learned = g_strdup ("Radio check before the start");
  id = psems_schedule_record_completion (f->store, f->actor, c, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static PsemsScheduleItem *
get_item (Fixture *f,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  PsemsScheduleItem *item = psems_schedule_get (f->store, id, &error);

  g_assert_no_error (error);
  return item;
}

static void
add_approved_plan (Fixture    *f,
                   const char *approved_on)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO plan (ref, facility_id, version, title, status,"
                                          " submitted_on, approved_on, approved_by, created_at, updated_at)"
                                          " VALUES ('PLN-2024-0001', %lld, 1, 'Plan', 'approved', '%s', '%s',"
                                          " 'Authority', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')",
                                          (long long) f->facility_id, approved_on, approved_on);

  psems_test_exec (f->store, sql);
}

/* ───────────────────────────── creating: where next_due comes from ───────────────────────────── */

static const struct
{
  const char *name;
  ItemSpec spec;
  const char *plan_approved;   /* a plan in force approved on that day, or NULL */
  const char *next_due;        /* stored; NULL: none */
} create_cases[] = {
  /* 3 months from the start before any drill (ISPS B/18.5). */
  { "rule-from-last", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, NULL, "2025-04-02" },
  /* Month ends clamp: 30 November + 3 months = 28 February. */
  { "rule-month-end", { "drill", "33cfr-105.220-drills", 0, "2024-11-30", NULL }, NULL, "2025-02-28" },
  /* Each calendar year from the first whole one (ISPS B/18.6). */
  { "rule-calendar", { "exercise", "isps-b18.6", 0, "2025-01-01", NULL }, NULL, "2025-12-31" },
  /* Annually from the start when the facility has no approved plan … */
  { "rule-fixed-start", { "audit", "33cfr-105.415-audit", 0, "2025-03-01", NULL }, NULL, "2026-03-01" },
  /* … and from the plan's approval when it has one (33 CFR 105.415(b)). */
  { "rule-fixed-plan", { "audit", "33cfr-105.415-audit", 0, "2025-03-01", NULL }, "2024-06-10", "2025-06-10" },
  /* By hand: the interval from the start, or the first due day given. */
  { "hand-from-start", { "training", NULL, 6, "2025-01-31", NULL }, NULL, "2025-07-31" },
  { "hand-first-due", { "training", NULL, 6, "2025-01-31", "2025-03-15" }, NULL, "2025-03-15" },
  /* Once, on a day or with none. */
  { "once-due", { "plan-review", NULL, 0, "2025-01-01", "2025-05-01" }, NULL, "2025-05-01" },
  { "once-none", { "gap-self-assessment", NULL, 0, "2025-01-01", NULL }, NULL, NULL },
};

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (create_cases); i++)
    {
      g_autoptr(PsemsScheduleItem) item = NULL;
      gint64 id;

      g_test_message ("case %s", create_cases[i].name);
      if (create_cases[i].plan_approved != NULL)
        add_approved_plan (f, create_cases[i].plan_approved);
      id = create_item (f, &create_cases[i].spec);
      item = get_item (f, id);
      g_assert_cmpstr (item->next_due, ==, create_cases[i].next_due);
      g_assert_null (item->last_done);
      g_assert_cmpstr (item->anchor, ==, create_cases[i].spec.anchor);
      g_assert_cmpstr (item->facility_code, ==, "ECT");
      if (create_cases[i].plan_approved != NULL)
        psems_test_exec (f->store, "DELETE FROM plan");
    }
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'schedule'"
                                     " AND action = 'create'"), ==, G_N_ELEMENTS (create_cases));
}

/* ───────────────────────────── refusals ───────────────────────────── */

static const struct
{
  const char *name;
  ItemSpec spec;
  const char *title;           /* replaces the default title when not NULL; "" for none */
  const char *field;
  const char *says;
} refused_cases[] = {
  { "unknown-rule", { "drill", "isps-b99.9", 0, NULL, NULL }, NULL, "rule", "isps-b99.9" },
  { "retention-rule", { "drill", "33cfr-105.225-records", 0, NULL, NULL }, NULL, "rule", "retention" },
  { "rule-of-other-kind", { "audit", "isps-b18.5", 0, NULL, NULL }, NULL, "rule", "drill" },
  { "rule-and-interval", { "drill", "isps-b18.5", 3, NULL, NULL }, NULL, "interval_months", "not both" },
  { "rule-and-due", { "drill", "isps-b18.5", 0, NULL, "2025-05-01" }, NULL, "next_due", "anchor" },
  { "unknown-kind", { "party", NULL, 0, NULL, NULL }, NULL, "kind", "party" },
  { "no-title", { "drill", NULL, 0, NULL, NULL }, "", "title", "required" },
  { "bad-anchor", { "drill", "isps-b18.5", 0, "2025-02-30", NULL }, NULL, "anchor", "2025-02-30" },
  { "bad-interval", { "drill", NULL, 500, NULL, NULL }, NULL, "interval_months", "500" },
};

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *before = psems_test_dump_database (f->store);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused_cases); i++)
    {
      g_autoptr(PsemsScheduleItem) item = spec_item (f, &refused_cases[i].spec);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      gboolean named = FALSE;

      g_test_message ("case %s", refused_cases[i].name);
      if (refused_cases[i].title != NULL)
        {
          g_free (item->title);
          item->title = g_strdup (refused_cases[i].title);
        }
      problems = psems_schedule_validate (f->store, item);
      for (guint p = 0; p < problems->len; p++)
        {
          const PsemsFieldProblem *problem = g_ptr_array_index (problems, p);

          if (g_str_equal (problem->field, refused_cases[i].field) &&
              strstr (problem->message, refused_cases[i].says) != NULL)
            named = TRUE;
        }
      g_assert_true (named);
      g_assert_cmpint (psems_schedule_create (f->store, f->actor, item, NULL, &error), ==, 0);
      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
    }
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* ───────────────────────────── completions ───────────────────────────── */

static const struct
{
  const char *name;
  ItemSpec spec;
  const char *done[3];
  const char *due_on[3];       /* what each completion answered */
  const char *next_due;
  const char *last_done;
} done_cases[] = {
  { "drill", { "drill", "isps-b18.5", 0, "2025-01-02", NULL },
    { "2025-03-10", "2025-04-29" }, { "2025-04-02", "2025-06-10" }, "2025-07-29", "2025-04-29" },
  /* A late drill: the next counts from it (2 January, 29 April: due 2 April). */
  { "drill-late", { "drill", "isps-b18.5", 0, "2025-01-02", NULL },
    { "2025-01-02", "2025-04-29" }, { "2025-04-02", "2025-04-02" }, "2025-07-29", "2025-04-29" },
  /* Two cyber drills a calendar year: one is not enough for 2025. */
  { "calendar-count", { "cyber-drill", "33cfr-101.635-cyber-drills", 0, "2025-01-01", NULL },
    { "2025-02-01", "2025-03-01" }, { "2025-12-31", "2025-12-31" }, "2026-12-31", "2025-03-01" },
  /* By hand: 6 months from the last, months clamped. */
  { "hand", { "training", NULL, 6, "2025-01-31", NULL },
    { "2025-08-31" }, { "2025-07-31" }, "2026-02-28", "2025-08-31" },
  /* Once: done, nothing more due. */
  { "once", { "plan-review", NULL, 0, "2025-01-01", "2025-05-01" },
    { "2025-05-03" }, { "2025-05-01" }, NULL, "2025-05-03" },
  /* Recorded out of order: the latest counts. */
  { "out-of-order", { "drill", "isps-b18.5", 0, "2025-01-02", NULL },
    { "2025-06-01", "2025-03-01" }, { "2025-04-02", "2025-04-02" }, "2025-09-01", "2025-06-01" },
};

static void
test_done (Fixture       *f,
           gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (done_cases); i++)
    {
      g_autoptr(PsemsScheduleItem) item = NULL;
      g_autoptr(GPtrArray) completions = NULL;
      g_autoptr(GError) error = NULL;
      gint64 id;
      guint n = 0;

      g_test_message ("case %s", done_cases[i].name);
      id = create_item (f, &done_cases[i].spec);
      for (; n < G_N_ELEMENTS (done_cases[i].done) && done_cases[i].done[n] != NULL; n++)
        {
          gint64 audit = psems_test_count (f->store, "SELECT count(*) FROM audit_trail");

          record (f, id, done_cases[i].done[n]);
          /* One audited write: the completion and the item's new due dates. */
          g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==, audit + 2);
        }
      item = get_item (f, id);
      g_assert_cmpstr (item->next_due, ==, done_cases[i].next_due);
      g_assert_cmpstr (item->last_done, ==, done_cases[i].last_done);

      completions = psems_schedule_list_completions (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (completions->len, ==, n);
      for (guint c = 0; c < n; c++)
        for (guint k = 0; k < completions->len; k++)
          {
            const PsemsCompletion *comp = g_ptr_array_index (completions, k);

            if (g_str_equal (comp->done_on, done_cases[i].done[c]))
              {
                g_assert_cmpstr (comp->due_on, ==, done_cases[i].due_on[c]);
                g_assert_cmpint (comp->duration_minutes, ==, 90);
                g_assert_cmpstr (comp->recorded_by, ==, "Ana Ruiz");
                g_assert_cmpstr (comp->lessons_learned, ==, "Radio check before the start");
              }
          }
    }
}

static void
test_done_refused (Fixture       *f,
                   gconstpointer  data)
{
  static const ItemSpec spec = { "drill", "isps-b18.5", 0, "2025-01-02", NULL };
  gint64 id = create_item (f, &spec);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *tomorrow = psems_day_format_iso (psems_day_today () + 1);
  const struct { const char *done_on; int minutes; const char *field; const char *says; } cases[] = {
    { tomorrow, 0, "done_on", tomorrow },         /* a completion in the future, naming the day */
    { "2024-12-31", 0, "done_on", "2025-01-02" }, /* before the item started */
    { "2025-13-01", 0, "done_on", "2025-13-01" },
    { NULL, 0, "done_on", "required" },
    { "2025-02-01", -5, "duration_minutes", "-5" },
  };

  record (f, id, "2025-02-01");
  before = psems_test_dump_database (f->store);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PsemsCompletion) c = psems_completion_new ();
      g_autoptr(GError) error = NULL;

      c->schedule_item_id = id;
      c->done_on = g_strdup (cases[i].done_on);
      c->duration_minutes = cases[i].minutes;
      g_assert_cmpint (psems_schedule_record_completion (f->store, f->actor, c, NULL, NULL, &error), ==, 0);
      psems_test_assert_refused (error, cases[i].field);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
  {
    /* A refused evidence file refuses the completion too. */
    g_autoptr(PsemsCompletion) c = psems_completion_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *missing = g_build_filename (f->dir, "no-such-sheet.pdf", NULL);
    const char *evidence[] = { missing, NULL };

    c->schedule_item_id = id;
    c->done_on = g_strdup ("2025-03-01");
    g_assert_cmpint (psems_schedule_record_completion (f->store, f->actor, c, evidence, NULL, &error), ==, 0);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "no-such-sheet.pdf"));
  }
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_done_evidence (Fixture       *f,
                    gconstpointer  data)
{
  static const ItemSpec spec = { "drill", "isps-b18.5", 0, "2025-01-02", NULL };
  gint64 id = create_item (f, &spec);
  g_autofree char *sheet = g_build_filename (f->dir, "drill-sheet.csv", NULL);
  g_autoptr(PsemsCompletion) c = psems_completion_new ();
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[] = { sheet, NULL };
  gint64 cid;

  g_assert_true (g_file_set_contents (sheet, "name,role\nPFSO,lead\n", -1, NULL));
  c->schedule_item_id = id;
  c->done_on = g_strdup ("2025-03-01");
  cid = psems_schedule_record_completion (f->store, f->actor, c, files, NULL, &error);
  g_assert_no_error (error);
  evidence = psems_evidence_list (f->store, "completion", cid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evidence->len, ==, 1);
}

/* ───────────────────────────── as of a day ───────────────────────────── */

static const struct
{
  const char *name;
  ItemSpec spec;
  const char *done[3];
  const char *as_of;
  PsemsClockState state;
  const char *due;
  const char *overdue_since;   /* NULL unless overdue */
  const char *last_done;
  const char *says;            /* in the explanation */
} as_of_cases[] = {
  /* Drills on 2 January and 29 April under "every three months". */
  { "before-deadline", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, { "2025-01-02", "2025-04-29" },
    "2025-03-01", PSEMS_CLOCK_OK, "2025-04-02", NULL, "2025-01-02",
    "Next due on 2 April 2025 (within 3 months of the last one; ISPS Code B/18.5)" },
  { "due-soon", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, { "2025-01-02", "2025-04-29" },
    "2025-03-20", PSEMS_CLOCK_DUE_SOON, "2025-04-02", NULL, "2025-01-02", "Due in 13 days, on 2 April 2025" },
  { "due-today", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, { "2025-01-02", "2025-04-29" },
    "2025-04-02", PSEMS_CLOCK_DUE_SOON, "2025-04-02", NULL, "2025-01-02", "Due today" },
  { "overdue", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, { "2025-01-02", "2025-04-29" },
    "2025-04-03", PSEMS_CLOCK_OVERDUE, "2025-04-02", "2025-04-03", "2025-01-02",
    "Overdue since 3 April 2025" },
  { "made-good", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, { "2025-01-02", "2025-04-29" },
    "2025-04-29", PSEMS_CLOCK_OK, "2025-07-29", NULL, "2025-04-29", "Next due on 29 July 2025" },
  { "before-start", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, { "2025-01-02" },
    "2000-01-01", PSEMS_CLOCK_OK, "2025-04-02", NULL, NULL, "Next due on 2 April 2025" },
  /* By hand: the deadline a later completion answered. */
  { "hand-overdue", { "training", NULL, 6, "2025-01-31", NULL }, { "2025-08-10" },
    "2025-08-01", PSEMS_CLOCK_OVERDUE, "2025-07-31", "2025-08-01", NULL,
    "Overdue since 1 August 2025 (within 6 months of the last one)" },
  { "hand-done", { "training", NULL, 6, "2025-01-31", NULL }, { "2025-08-10" },
    "2025-08-10", PSEMS_CLOCK_OK, "2026-02-10", NULL, "2025-08-10", "Next due on 10 February 2026" },
  /* Once. */
  { "once-overdue", { "plan-review", NULL, 0, "2025-01-01", "2025-05-01" }, { "2025-05-03" },
    "2025-05-02", PSEMS_CLOCK_OVERDUE, "2025-05-01", "2025-05-02", NULL, "Overdue since 2 May 2025 (once)" },
  { "once-done", { "plan-review", NULL, 0, "2025-01-01", "2025-05-01" }, { "2025-05-03" },
    "2025-06-01", PSEMS_CLOCK_OK, NULL, NULL, "2025-05-03", "Done on 3 May 2025 (once)" },
};

static void
test_as_of (Fixture       *f,
            gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (as_of_cases); i++)
    {
      g_autoptr(PsemsScheduleItem) item = NULL;
      g_autoptr(PsemsScheduleStatus) st = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *due = NULL, *since = NULL, *last = NULL;
      gint64 id;

      g_test_message ("case %s", as_of_cases[i].name);
      id = create_item (f, &as_of_cases[i].spec);
      for (guint n = 0; n < G_N_ELEMENTS (as_of_cases[i].done) && as_of_cases[i].done[n] != NULL; n++)
        record (f, id, as_of_cases[i].done[n]);
      item = get_item (f, id);
      st = psems_schedule_evaluate (f->store, item, psems_day_parse (as_of_cases[i].as_of), &error);
      g_assert_no_error (error);
      g_test_message ("%s", st->explanation);
      g_assert_cmpint (st->state, ==, as_of_cases[i].state);
      due = st->due != PSEMS_DAY_NONE ? psems_day_format_iso (st->due) : NULL;
      since = st->overdue_since != PSEMS_DAY_NONE ? psems_day_format_iso (st->overdue_since) : NULL;
      last = st->last_done != PSEMS_DAY_NONE ? psems_day_format_iso (st->last_done) : NULL;
      g_assert_cmpstr (due, ==, as_of_cases[i].due);
      g_assert_cmpstr (since, ==, as_of_cases[i].overdue_since);
      g_assert_cmpstr (last, ==, as_of_cases[i].last_done);
      g_assert_nonnull (strstr (st->explanation, as_of_cases[i].says));
    }
}

/* ───────────────────────────── compliance over a period ───────────────────────────── */

static const struct
{
  const char *name;
  ItemSpec spec;
  const char *done[3];
  const char *from, *to;
  guint n;                     /* violations */
  const char *says;            /* in the first one's explanation */
} check_cases[] = {
  { "late-drill", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, { "2025-01-02", "2025-04-29" },
    "2025-01-01", "2025-06-30", 1, "Due on 2 April 2025, done 27 days late on 29 April 2025" },
  { "before-the-miss", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, { "2025-01-02", "2025-04-29" },
    "2025-01-01", "2025-04-02", 0, NULL },
  { "on-time", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, { "2025-03-30", "2025-06-20" },
    "2025-01-01", "2025-09-01", 0, NULL },
  { "still-open", { "drill", "isps-b18.5", 0, "2025-01-02", NULL }, { "2025-03-30" },
    "2025-01-01", "2025-12-31", 1, "still not done" },
  { "hand-late", { "training", NULL, 6, "2025-01-31", NULL }, { "2025-08-10" },
    "2025-01-01", "2025-12-31", 1, "Due on 31 July 2025, done 10 days late on 10 August 2025" },
  { "once-late", { "plan-review", NULL, 0, "2025-01-01", "2025-05-01" }, { "2025-05-03" },
    "2025-01-01", "2025-12-31", 1, "done 2 days late" },
  { "once-on-time", { "plan-review", NULL, 0, "2025-01-01", "2025-05-01" }, { "2025-04-03" },
    "2025-01-01", "2025-12-31", 0, NULL },
};

static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      g_autoptr(PsemsScheduleItem) item = NULL;
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GError) error = NULL;
      gint64 id;

      g_test_message ("case %s", check_cases[i].name);
      id = create_item (f, &check_cases[i].spec);
      for (guint n = 0; n < G_N_ELEMENTS (check_cases[i].done) && check_cases[i].done[n] != NULL; n++)
        record (f, id, check_cases[i].done[n]);
      item = get_item (f, id);
      found = psems_schedule_check (f->store, item, psems_day_parse (check_cases[i].from),
                                    psems_day_parse (check_cases[i].to), &error);
      g_assert_no_error (error);
      for (guint v = 0; v < found->len; v++)
        g_test_message ("%s", ((PsemsScheduleViolation *) g_ptr_array_index (found, v))->explanation);
      g_assert_cmpuint (found->len, ==, check_cases[i].n);
      if (check_cases[i].says != NULL)
        g_assert_nonnull (strstr (((PsemsScheduleViolation *) g_ptr_array_index (found, 0))->explanation,
                                  check_cases[i].says));
    }
}

/* ───────────────────────────── update ───────────────────────────── */

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  static const ItemSpec spec = { "drill", "isps-b18.5", 0, "2025-01-02", NULL };
  gint64 id = create_item (f, &spec);
  g_autoptr(PsemsScheduleItem) item = get_item (f, id);
  g_autoptr(PsemsScheduleItem) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 audit;

  /* Handing the item back unchanged writes nothing. */
  audit = psems_test_count (f->store, "SELECT count(*) FROM audit_trail");
  g_assert_true (psems_schedule_update (f->store, f->actor, item, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==, audit);

  /* A new start moves the rule's first deadline. */
  g_free (item->anchor);
  item->anchor = g_strdup ("2025-02-15");
  g_assert_true (psems_schedule_update (f->store, f->actor, item, &error));
  g_assert_no_error (error);
  after = get_item (f, id);
  g_assert_cmpstr (after->next_due, ==, "2025-05-15");
  g_assert_cmpstr (after->anchor, ==, "2025-02-15");
  g_clear_pointer (&after, psems_schedule_item_free);

  /* From the rule to by hand: every 2 months, first due on a day given. */
  g_clear_pointer (&item->rule, g_free);
  item->interval_months = 2;
  g_free (item->next_due);
  item->next_due = g_strdup ("2025-03-20");
  g_assert_true (psems_schedule_update (f->store, f->actor, item, &error));
  g_assert_no_error (error);
  after = get_item (f, id);
  g_assert_null (after->rule);
  g_assert_cmpstr (after->next_due, ==, "2025-03-20");
  g_clear_pointer (&after, psems_schedule_item_free);
  record (f, id, "2025-03-18");
  after = get_item (f, id);
  g_assert_cmpstr (after->next_due, ==, "2025-05-18");
  g_clear_pointer (&after, psems_schedule_item_free);

  /* An unknown rule is refused naming the field; nothing changes. */
  g_free (item->rule);
  item->rule = g_strdup ("no-such-rule");
  item->interval_months = 0;
  g_clear_pointer (&item->next_due, g_free);
  g_assert_false (psems_schedule_update (f->store, f->actor, item, &error));
  psems_test_assert_refused (error, "rule");
  after = get_item (f, id);
  g_assert_null (after->rule);
}

/* ───────────────────────────── lists ───────────────────────────── */

static const ItemSpec list_items[] = {
  { "drill", "isps-b18.5", 0, "2025-01-02", NULL },           /* due 2 April 2025 */
  { "exercise", "isps-b18.6", 0, "2025-01-01", NULL },        /* due 31 December 2025 */
  { "training", NULL, 6, "2025-01-31", NULL },                /* due 31 July 2025 */
  { "plan-review", NULL, 0, "2025-01-01", "2025-05-01" },     /* once, due 1 May 2025 */
};

static const struct
{
  const char *name;
  gboolean other_facility;
  const char *kind;
  const char *as_of;
  gboolean overdue;
  int due_within;              /* -1: no limit */
  guint n;
  const char *first_kind;      /* the first listed */
} list_cases[] = {
  { "all", FALSE, NULL, "2025-03-01", FALSE, -1, 4, "drill" },
  { "none-overdue-early", FALSE, NULL, "2000-01-01", TRUE, -1, 0, NULL },
  { "overdue", FALSE, NULL, "2025-06-01", TRUE, -1, 2, "drill" },
  { "overdue-later", FALSE, NULL, "2025-08-15", TRUE, -1, 3, "drill" },
  { "kind", FALSE, "training", "2025-08-15", FALSE, -1, 1, "training" },
  { "due-within-30", FALSE, NULL, "2025-03-10", FALSE, 30, 1, "drill" },
  { "due-within-90", FALSE, NULL, "2025-03-10", FALSE, 90, 2, "drill" },
  { "other-facility", TRUE, NULL, "2025-08-15", FALSE, -1, 0, NULL },
};

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  gint64 other = psems_test_create_facility (f->store, f->actor, "CRU", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (list_items); i++)
    create_item (f, &list_items[i]);

  for (guint i = 0; i < G_N_ELEMENTS (list_cases); i++)
    {
      PsemsScheduleFilter filter = { 0 };
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case %s", list_cases[i].name);
      filter.facility_id = list_cases[i].other_facility ? other : f->facility_id;
      filter.kind = list_cases[i].kind;
      filter.as_of = list_cases[i].as_of;
      filter.overdue = list_cases[i].overdue;
      filter.due_within_set = list_cases[i].due_within >= 0;
      filter.due_within_days = list_cases[i].due_within >= 0 ? (guint) list_cases[i].due_within : 0;
      list = psems_schedule_list (f->store, &filter, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, list_cases[i].n);
      for (guint k = 0; k < list->len; k++)
        {
          const PsemsScheduleItem *item = g_ptr_array_index (list, k);

          g_assert_nonnull (item->status);
          g_assert_nonnull (item->status->explanation);
          if (list_cases[i].overdue)
            g_assert_cmpint (item->status->state, ==, PSEMS_CLOCK_OVERDUE);
        }
      if (list_cases[i].first_kind != NULL)
        g_assert_cmpstr (((PsemsScheduleItem *) g_ptr_array_index (list, 0))->kind, ==,
                         list_cases[i].first_kind);
    }

  {
    PsemsScheduleFilter bad = { 0 };
    g_autoptr(GError) error = NULL;

    bad.as_of = "2025-02-30";
    g_assert_null (psems_schedule_list (f->store, &bad, &error));
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "as_of"));
  }
}

/* ───────────────────────────── iCalendar ───────────────────────────── */

static void
test_ics (Fixture       *f,
          gconstpointer  data)
{
#ifndef HAVE_PSEMS_ICS
  g_test_skip ("psems-ics.h is not on the include path: tests/meson.build must give test-schedule "
               "psems_export_dep");
#else
  PsemsScheduleFilter filter = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) stamp = g_date_time_new_utc (2025, 3, 1, 12, 0, 0);
  g_autofree char *text = NULL;
  icalcomponent *calendar;
  guint n_events = 0;

  for (guint i = 0; i < G_N_ELEMENTS (list_items); i++)
    create_item (f, &list_items[i]);
  /* A once item done has no due date and no event. */
  {
    static const ItemSpec done_once = { "gap-self-assessment", NULL, 0, "2025-01-01", "2025-02-01" };

    record (f, create_item (f, &done_once), "2025-01-20");
  }

  filter.as_of = "2025-03-01";
  list = psems_schedule_list (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 5);
  text = psems_ics_from_schedule (list, stamp);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\n"));

  calendar = icalparser_parse_string (text);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_count_errors (calendar), ==, 0);
  g_assert_cmpint (icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT), ==, 4);

  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      const char *uid = icalcomponent_get_uid (event);
      struct icaltimetype start = icalcomponent_get_dtstart (event);
      icalproperty *rrule = icalcomponent_get_first_property (event, ICAL_RRULE_PROPERTY);
      const PsemsScheduleItem *item = NULL;
      g_autofree char *due = NULL;
      char day[11];

      for (guint k = 0; k < list->len; k++)
        {
          const PsemsScheduleItem *candidate = g_ptr_array_index (list, k);
          g_autofree char *expected = g_strdup_printf ("%s@psems", candidate->ref);

          if (g_str_equal (expected, uid))
            item = candidate;
        }
      g_assert_nonnull (item);
      n_events++;

      g_assert_true (start.is_date);
      g_snprintf (day, sizeof day, "%04d-%02d-%02d", start.year, start.month, start.day);
      due = psems_day_format_iso (item->status->due);
      g_assert_cmpstr (day, ==, due);
      g_assert_nonnull (strstr (icalcomponent_get_summary (event), item->title));
      g_assert_nonnull (strstr (icalcomponent_get_summary (event), "ECT"));
      g_assert_nonnull (strstr (icalcomponent_get_description (event), item->status->explanation));
      if (item->rule != NULL)
        g_assert_nonnull (strstr (icalcomponent_get_description (event), item->status->citation));
      if (item->rule == NULL && item->interval_months > 0)
        {
          struct icalrecurrencetype r;

          g_assert_nonnull (rrule);
          r = icalproperty_get_rrule (rrule);
          g_assert_cmpint (r.freq, ==, ICAL_MONTHLY_RECURRENCE);
          g_assert_cmpint (r.interval, ==, item->interval_months);
        }
      else
        g_assert_null (rrule);
    }
  g_assert_cmpuint (n_events, ==, 4);
  icalcomponent_free (calendar);
#endif
}

/* Deleting an item is soft and undone by a restore: the same row, completions kept, audited,
 * and a manager (who may edit items) may do neither. */
static void
test_delete_restore (Fixture       *f,
                     gconstpointer  data)
{
  static const ItemSpec drill = { "drill", NULL, 3, "2025-06-01", "2026-03-01" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsActor) manager = psems_actor_new (5, "Mo", PSEMS_ROLE_MANAGER);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(PsemsScheduleItem) before = NULL;
  gint64 id = create_item (f, &drill);

  record (f, id, "2026-01-10");
  before = psems_schedule_get (f->store, id, &error);
  g_assert_no_error (error);

  g_assert_false (psems_schedule_restore (f->store, f->actor, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (psems_schedule_delete (f->store, manager, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_true (psems_schedule_delete (f->store, f->actor, id, &error));
  g_assert_no_error (error);
  g_assert_null (psems_schedule_get (f->store, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM completion WHERE schedule_item_id = %lld"
                                               " AND deleted_at IS NULL", (long long) id), ==, 1);
  g_assert_false (psems_schedule_delete (f->store, f->actor, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (psems_schedule_restore (f->store, manager, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_true (psems_schedule_restore (f->store, f->actor, id, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PsemsScheduleItem) back = psems_schedule_get (f->store, id, &error);

    /* The item as it was: its clock and its history. */
    g_assert_no_error (error);
    g_assert_cmpstr (back->ref, ==, before->ref);
    g_assert_cmpstr (back->title, ==, before->title);
    g_assert_cmpstr (back->next_due, ==, before->next_due);
    g_assert_cmpstr (back->last_done, ==, before->last_done);
    g_assert_cmpstr (back->assignee, ==, before->assignee);
    g_assert_cmpint (back->interval_months, ==, before->interval_months);
  }
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'schedule'"
                                               " AND action IN ('delete', 'restore') AND entity_id = %lld",
                                     (long long) id), ==, 2);
  g_assert_false (psems_schedule_delete (f->store, f->actor, 999, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/schedule/create", test_create);
  ADD ("/schedule/refused", test_refused);
  ADD ("/schedule/done", test_done);
  ADD ("/schedule/delete-restore", test_delete_restore);
  ADD ("/schedule/done-refused", test_done_refused);
  ADD ("/schedule/done-evidence", test_done_evidence);
  ADD ("/schedule/as-of", test_as_of);
  ADD ("/schedule/check", test_check);
  ADD ("/schedule/update", test_update);
  ADD ("/schedule/list", test_list);
  ADD ("/schedule/ics", test_ics);
#undef ADD

  return g_test_run ();
}
