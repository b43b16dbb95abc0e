/* test-dashboard.c — the dashboard's figures on a hand-made case and against independent counts of demo data. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-audit.h"
#include "psems-store-private.h"
#include "psems-test-util.h"

#define TS "'2026-01-01T00:00:00Z'"

static GDate *
make_day (int year,
          int month,
          int day)
{
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* Facilities A and B live, C archived; as of 2026-03-15 (+30 days = 2026-04-14).
 * Each row says what it should count for. */
static void
build_case (PsemsStore *store)
{
  psems_test_exec (store,
                   "INSERT INTO facility (id, ref, code, name, kind, security_level, created_at, updated_at, deleted_at) VALUES"
                   " (1, 'FAC-2026-0001', 'A', 'Alpha', 'container-terminal', 2, " TS ", " TS ", NULL),"
                   " (2, 'FAC-2026-0002', 'B', 'Bravo', 'cruise-terminal', 1, " TS ", " TS ", NULL),"
                   " (3, 'FAC-2026-0003', 'C', 'Charlie', 'airport', 3, " TS ", " TS ", " TS ");"
                   "INSERT INTO restricted_area (id, ref, facility_id, code, name, created_at, updated_at) VALUES"
                   " (1, 'RA-2026-0001', 1, 'a1', 'a1', " TS ", " TS "),"
                   " (2, 'RA-2026-0002', 2, 'b1', 'b1', " TS ", " TS "),"
                   " (3, 'RA-2026-0003', 3, 'c1', 'c1', " TS ", " TS ");"
                   "INSERT INTO vetting_level (id, code, name, rank) VALUES (1, 'L', 'Level', 1);");

  for (int p = 1; p <= 12; p++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO person (id, ref, given_name, family_name, display_name,"
                                              " sort_name, employer, created_at, updated_at, deleted_at)"
                                              " VALUES (%d, 'PER-2026-%04d', 'G', 'F', 'G F', 'F, G', 'E', "
                                              TS ", " TS ", %s)", p, p, p == 10 ? TS : "NULL");
      psems_test_exec (store, sql);
    }

#define VET(id, person, status, issued, expires) \
  "(" #id ", 'VET-2026-" #id "', " #person ", 1, '" status "', '2020-01-01', " issued ", " expires ", " TS ", " TS ")"
  psems_test_exec (store,
                   "INSERT INTO vetting (id, ref, person_id, level_id, status, requested_on, issued_on, expires_on,"
                   " created_at, updated_at) VALUES "
                   VET (1, 1, "cleared", "'2024-01-01'", "'2027-01-01'") ","      /* cleared */
                   VET (2, 2, "cleared", "'2021-04-01'", "'2026-04-10'") ","      /* cleared, expiring */
                   VET (3, 3, "cleared", "'2021-03-14'", "'2026-03-14'") ","      /* expired the day before */
                   VET (4, 4, "cleared", "'2021-03-15'", "'2026-03-15'") ","      /* valid through the day: expiring */
                   VET (5, 5, "cleared", "'2021-04-15'", "'2026-04-15'") ","      /* day 31: not expiring */
                   VET (6, 6, "cleared", "'2021-03-20'", "'2026-03-20'") ","      /* would expire … */
                   VET (7, 6, "cleared", "'2026-03-01'", "'2031-03-01'") ","      /* … but was renewed */
                   VET (8, 7, "suspended", "'2024-01-01'", "'2027-01-01'") ","
                   VET (9, 8, "pending", "NULL", "NULL") ","
                   VET (10, 9, "cleared", "'2026-04-01'", "'2031-04-01'") ","     /* issued after the day */
                   VET (11, 10, "cleared", "'2024-01-01'", "'2027-01-01'") ","    /* person deleted */
                   VET (12, 11, "cleared", "'2024-01-01'", "'2027-01-01'") ","    /* only in archived C */
                   VET (13, 12, "cleared", "'2024-01-01'", "'2027-01-01'"));      /* access to A revoked */
#undef VET

  psems_test_exec (store,
                   "INSERT INTO person_area (person_id, area_id, granted_on, deleted_at) VALUES"
                   " (1, 1, '2024-01-01', NULL), (2, 1, '2024-01-01', NULL), (3, 2, '2024-01-01', NULL),"
                   " (4, 2, '2024-01-01', NULL), (5, 1, '2024-01-01', NULL), (5, 2, '2024-01-01', NULL),"
                   " (6, 2, '2024-01-01', NULL), (7, 1, '2024-01-01', NULL), (10, 1, '2024-01-01', NULL),"
                   " (11, 3, '2024-01-01', NULL), (12, 1, '2024-01-01', " TS ");");

  psems_test_exec (store,
                   "INSERT INTO schedule_item (ref, facility_id, kind, title, next_due, last_done, created_at, updated_at,"
                   " deleted_at) VALUES"
                   " ('SCH-2026-0001', 1, 'drill', 's1', '2026-03-14', '2025-12-14', " TS ", " TS ", NULL),"  /* overdue */
                   " ('SCH-2026-0002', 1, 'drill', 's2', '2026-03-15', NULL, " TS ", " TS ", NULL),"          /* due today */
                   " ('SCH-2026-0003', 1, 'audit', 's3', '2026-03-01', '2026-03-02', " TS ", " TS ", NULL),"  /* done late */
                   " ('SCH-2026-0004', 2, 'exercise', 's4', '2026-01-01', NULL, " TS ", " TS ", NULL),"       /* overdue */
                   " ('SCH-2026-0005', 2, 'drill', 's5', '2025-01-01', NULL, " TS ", " TS ", " TS "),"        /* deleted */
                   " ('SCH-2026-0006', 3, 'drill', 's6', '2025-01-01', NULL, " TS ", " TS ", NULL),"          /* archived C */
                   " ('SCH-2026-0007', 1, 'training', 's7', NULL, NULL, " TS ", " TS ", NULL);");

  psems_test_exec (store,
                   "INSERT INTO finding (ref, facility_id, source, severity, title, raised_on, due_on, status, closed_on,"
                   " verified_on, verified_by, created_at, updated_at, deleted_at) VALUES"
                   " ('FND-2026-0001', 1, 'audit', 'major', 'f1', '2026-01-01', '2026-03-01', 'open', NULL, NULL, NULL, "
                   TS ", " TS ", NULL),"                                                                   /* open, overdue */
                   " ('FND-2026-0002', 1, 'audit', 'minor', 'f2', '2026-02-01', '2026-03-15', 'in-progress', NULL, NULL,"
                   " NULL, " TS ", " TS ", NULL),"                                                         /* open, due today */
                   " ('FND-2026-0003', 1, 'drill', 'minor', 'f3', '2025-10-01', '2026-02-01', 'closed', '2026-03-20', NULL,"
                   " NULL, " TS ", " TS ", NULL),"                                          /* closed after the day: open then */
                   " ('FND-2026-0004', 1, 'manual', 'observation', 'f4', '2025-01-01', '2025-02-01', 'verified',"
                   " '2025-02-01', '2025-02-10', 'X', " TS ", " TS ", NULL),"
                   " ('FND-2026-0005', 2, 'manual', 'minor', 'f5', '2026-04-01', NULL, 'open', NULL, NULL, NULL, "
                   TS ", " TS ", NULL),"                                                                   /* raised later */
                   " ('FND-2026-0006', 2, 'manual', 'minor', 'f6', '2026-03-01', NULL, 'open', NULL, NULL, NULL, "
                   TS ", " TS ", NULL),"                                                                   /* open, no due */
                   " ('FND-2026-0007', 2, 'manual', 'minor', 'f7', '2026-03-01', '2026-03-02', 'open', NULL, NULL, NULL, "
                   TS ", " TS ", " TS "),"                                                                 /* deleted */
                   " ('FND-2026-0008', 3, 'manual', 'minor', 'f8', '2026-03-01', '2026-03-02', 'open', NULL, NULL, NULL, "
                   TS ", " TS ", NULL);");                                                                /* archived C */

  psems_test_exec (store,
                   "INSERT INTO plan (ref, facility_id, version, title, status, submitted_on, approved_on, approved_by,"
                   " superseded_on, next_review_due, created_at, updated_at) VALUES"
                   " ('PLN-2026-0001', 1, 2, 'p', 'approved', '2025-01-01', '2025-02-01', 'DA', NULL, '2026-04-14', "
                   TS ", " TS "),"                                                                         /* due in 30 days */
                   " ('PLN-2026-0002', 1, 1, 'p', 'superseded', '2019-01-01', '2019-02-01', 'DA', '2025-02-01', "
                   "'2020-02-01', " TS ", " TS "),"
                   " ('PLN-2026-0003', 2, 1, 'p', 'approved', '2025-01-01', '2025-02-01', 'DA', NULL, '2026-04-15', "
                   TS ", " TS "),"                                                                   /* day 31: within 60 */
                   " ('PLN-2026-0004', 2, 2, 'p', 'draft', NULL, NULL, NULL, NULL, '2020-01-01', " TS ", " TS "),"
                   " ('PLN-2026-0005', 3, 1, 'p', 'approved', '2019-01-01', '2019-02-01', 'DA', NULL, '2020-01-01', "
                   TS ", " TS ");");
}

static void
check_figures (PsemsStore   *store,
               gint64        facility_id,
               const GDate  *as_of,
               gint64        cleared,
               gint64        expiring,
               gint64        overdue,
               gint64        open,
               gint64        actions,
               gint64        plans,
               gint64        plans_overdue)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsDashboard) dash = psems_dashboard_compute (store, facility_id, as_of, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dash);
  g_assert_cmpint (g_date_compare (&dash->as_of, as_of), ==, 0);
  g_assert_cmpint (dash->persons_cleared, ==, cleared);
  g_assert_cmpint (dash->vetting_expiring_30d, ==, expiring);
  g_assert_cmpint (dash->schedule_overdue, ==, overdue);
  g_assert_cmpint (dash->findings_open, ==, open);
  g_assert_cmpint (dash->actions_overdue, ==, actions);
  g_assert_cmpint (dash->plans_review_due, ==, plans);
  g_assert_cmpint (dash->plans_review_overdue, ==, plans_overdue);
}

static void
test_hand_made (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "dash.db");
  g_autoptr(GDate) as_of = make_day (2026, 3, 15);
  g_autoptr(GDate) early = make_day (2000, 1, 1);
  g_autoptr(PsemsDashboard) dash = NULL;
  g_autoptr(GError) error = NULL;
  const PsemsDashboardFacility *f;

  build_case (store);

  /*                              cleared expiring overdue open actions plans review-overdue */
  check_figures (store, 0, as_of,    7,      2,       2,     4,    2,     2,    0);
  check_figures (store, 1, as_of,    3,      1,       1,     3,    2,     1,    0);
  check_figures (store, 2, as_of,    3,      1,       1,     1,    0,     1,    0);
  check_figures (store, 3, as_of,    1,      0,       1,     1,    1,     0,    1);   /* archived, when asked by id */
  check_figures (store, 0, early,    0,      0,       0,     0,    0,     0,    0);

  dash = psems_dashboard_compute (store, 0, as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dash->facilities->len, ==, 2);
  f = &g_array_index (dash->facilities, PsemsDashboardFacility, 0);
  g_assert_cmpint (f->id, ==, 1);
  g_assert_cmpstr (f->ref, ==, "FAC-2026-0001");
  g_assert_cmpstr (f->code, ==, "A");
  g_assert_cmpstr (f->name, ==, "Alpha");
  g_assert_cmpint (f->security_level, ==, 2);
  f = &g_array_index (dash->facilities, PsemsDashboardFacility, 1);
  g_assert_cmpstr (f->code, ==, "B");
  g_clear_pointer (&dash, psems_dashboard_free);

  dash = psems_dashboard_compute (store, 3, as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dash->facilities->len, ==, 1);
  g_assert_cmpint (g_array_index (dash->facilities, PsemsDashboardFacility, 0).security_level, ==, 3);
  g_clear_pointer (&dash, psems_dashboard_free);

  dash = psems_dashboard_compute (store, 42, as_of, &error);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_null (dash);

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

static void
test_empty (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "empty.db");
  g_autoptr(GDate) as_of = make_day (2026, 3, 15);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsDashboard) dash = psems_dashboard_compute (store, 0, as_of, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (dash->facilities->len, ==, 0);
  check_figures (store, 0, as_of, 0, 0, 0, 0, 0, 0, 0);

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

/* The review window's edges: overdue the day after the due day; due from the day itself to 60 days ahead. */
static void
test_plan_review (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "review.db");
  g_autoptr(GDate) as_of = make_day (2026, 3, 15);
  g_autoptr(GDate) next_day = make_day (2026, 3, 16);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsDashboard) dash = NULL;

  for (int i = 1; i <= 4; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO facility (id, ref, code, name, kind, created_at, updated_at)"
                                              " VALUES (%d, 'FAC-2026-%04d', 'F%d', 'F', 'other', " TS ", " TS ")",
                                              i, i, i);
      psems_test_exec (store, sql);
    }
  psems_test_exec (store,
                   "INSERT INTO plan (ref, facility_id, version, title, status, submitted_on, approved_on, approved_by,"
                   " next_review_due, created_at, updated_at) VALUES"
                   " ('PLN-2026-0001', 1, 1, 'p', 'approved', '2025-01-01', '2025-02-01', 'DA', '2026-03-14', " TS ", " TS "),"
                   " ('PLN-2026-0002', 2, 1, 'p', 'approved', '2025-01-01', '2025-02-01', 'DA', '2026-03-15', " TS ", " TS "),"
                   " ('PLN-2026-0003', 3, 1, 'p', 'approved', '2025-01-01', '2025-02-01', 'DA', '2026-05-14', " TS ", " TS "),"
                   " ('PLN-2026-0004', 4, 1, 'p', 'approved', '2025-01-01', '2025-02-01', 'DA', '2026-05-15', " TS ", " TS ");");

  dash = psems_dashboard_compute (store, 0, as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dash->plans_review_due, ==, 2);      /* today and day 60 */
  g_assert_cmpint (dash->plans_review_overdue, ==, 1);  /* yesterday */
  g_clear_pointer (&dash, psems_dashboard_free);

  dash = psems_dashboard_compute (store, 0, next_day, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dash->plans_review_due, ==, 2);      /* day 59 and day 60 */
  g_assert_cmpint (dash->plans_review_overdue, ==, 2);
  g_clear_pointer (&dash, psems_dashboard_free);

  dash = psems_dashboard_compute (store, 2, as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dash->plans_review_due, ==, 1);
  g_assert_cmpint (dash->plans_review_overdue, ==, 0);

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

/* Counts written another way than psems-dashboard.c's queries. */
static void
test_demo_counts (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "demo.db");
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;
  const char *day = "2026-03-15", *day30 = "2026-04-14", *day60 = "2026-05-14";

  psems_demo_options_init (&options);
  options.persons = 800;
  g_date_set_dmy (&options.as_of, 15, G_DATE_MARCH, 2026);
  psems_demo_generate (store, actor, &options, &error);
  g_assert_no_error (error);

  for (gint64 facility = 0; facility <= 3; facility++)
    {
      g_autoptr(PsemsDashboard) dash = psems_dashboard_compute (store, facility, &options.as_of, &error);
      g_autofree char *person_filter = facility == 0 ? g_strdup ("")
        : g_strdup_printf (" AND v.person_id IN (SELECT pa.person_id FROM person_area pa, restricted_area ra"
                           " WHERE ra.id = pa.area_id AND ra.facility_id = %" G_GINT64_FORMAT
                           " AND pa.deleted_at IS NULL)", facility);
      g_autofree char *where = facility == 0 ? g_strdup ("1") : g_strdup_printf ("facility_id = %" G_GINT64_FORMAT, facility);
      gint64 cleared, expiring, overdue, open, actions, plans, plans_overdue;

      g_assert_no_error (error);
      cleared = psems_test_count (store, "SELECT count(DISTINCT v.person_id) FROM vetting v WHERE v.status = 'cleared'"
                           " AND '%s' BETWEEN v.issued_on AND v.expires_on%s", day, person_filter);
      /* expiring: cleared on the day, and no cleared vetting of theirs runs past day + 30 */
      expiring = psems_test_count (store, "SELECT count(DISTINCT v.person_id) FROM vetting v WHERE v.status = 'cleared'"
                            " AND '%s' BETWEEN v.issued_on AND v.expires_on%s"
                            " AND NOT EXISTS (SELECT 1 FROM vetting w WHERE w.person_id = v.person_id"
                            " AND w.status = 'cleared' AND w.issued_on <= '%s' AND w.expires_on > '%s')",
                            day, person_filter, day, day30);
      overdue = psems_test_count (store, "SELECT count(*) FROM schedule_item WHERE %s AND julianday(next_due) < julianday('%s')"
                           " AND coalesce(last_done, '0000') < next_due", where, day);
      open = psems_test_count (store, "SELECT count(*) FROM finding WHERE %s AND raised_on <= '%s'"
                        " AND (status IN ('open', 'in-progress') OR closed_on > '%s')", where, day, day);
      actions = psems_test_count (store, "SELECT count(*) FROM finding WHERE %s AND raised_on <= '%s'"
                           " AND (status IN ('open', 'in-progress') OR closed_on > '%s') AND due_on < '%s'",
                           where, day, day, day);
      plans = psems_test_count (store, "SELECT count(*) FROM plan WHERE %s AND status = 'approved'"
                         " AND next_review_due BETWEEN '%s' AND '%s'", where, day, day60);
      plans_overdue = psems_test_count (store, "SELECT count(*) FROM plan WHERE %s AND status = 'approved'"
                                 " AND julianday(next_review_due) < julianday('%s')", where, day);

      g_assert_cmpint (dash->persons_cleared, ==, cleared);
      g_assert_cmpint (dash->vetting_expiring_30d, ==, expiring);
      g_assert_cmpint (dash->schedule_overdue, ==, overdue);
      g_assert_cmpint (dash->findings_open, ==, open);
      g_assert_cmpint (dash->actions_overdue, ==, actions);
      g_assert_cmpint (dash->plans_review_due, ==, plans);
      g_assert_cmpint (dash->plans_review_overdue, ==, plans_overdue);
      g_assert_cmpuint (dash->facilities->len, ==, facility == 0 ? 3 : 1);

      /* The demo is built to show something in every figure. */
      if (facility == 0)
        {
          g_assert_cmpint (cleared, >, 500);
          g_assert_cmpint (expiring, >, 0);
          g_assert_cmpint (overdue, >=, 3);
          g_assert_cmpint (open, >, 0);
          g_assert_cmpint (actions, >, 0);
          g_assert_cmpint (plans, >, 0);
          g_assert_cmpint (plans_overdue, >, 0);
        }
    }

  /* The dashboard counts clearances and lapsed training in one pass each; the person list
   * decides them per person (psems-person-private.h). Both must agree on any day. */
  for (int shift = -400; shift <= 400; shift += 200)
    {
      GDate as_of = options.as_of;
      g_autoptr(PsemsDashboard) dash = NULL;
      PsemsPersonQuery query;

      if (shift < 0)
        g_date_subtract_days (&as_of, (guint) -shift);
      else
        g_date_add_days (&as_of, (guint) shift);
      dash = psems_dashboard_compute (store, 0, &as_of, &error);
      g_assert_no_error (error);
      for (int c = 0; c <= PSEMS_CLEARANCE_REVOKED; c++)
        {
          psems_person_query_init (&query);
          query.as_of = as_of;
          query.status = g_strdup (psems_clearance_to_string (c));
          g_assert_cmpint (dash->persons_by_status[c], ==, psems_person_count (store, &query, &error));
          g_assert_no_error (error);
          psems_person_query_clear (&query);
        }
      psems_person_query_init (&query);
      query.as_of = as_of;
      query.training_lapsed = TRUE;
      g_assert_cmpint (dash->training_lapsed, ==, psems_person_count (store, &query, &error));
      g_assert_no_error (error);
      psems_person_query_clear (&query);
      if (shift == 0)
        g_assert_cmpint (dash->training_lapsed, >, 0);
    }

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

/* The figures' cache: a second count on an unchanged database reads the cached figures (a forged
 * entry under the current audit chain head is what comes back), and any audited change — here a
 * person archived — makes the next count real again, equal to the person list's. */
static void
test_cache (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (dir, "cache.db");
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsDashboard) first = NULL;
  g_autoptr(PsemsDashboard) dash = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *head = NULL;
  PsemsDemoOptions options;
  PsemsPersonQuery query;
  gint64 person_id, cleared;
  GDate next_day;

  psems_demo_options_init (&options);
  options.persons = 300;
  g_date_set_dmy (&options.as_of, 15, G_DATE_MARCH, 2026);
  psems_demo_generate (store, actor, &options, &error);
  g_assert_no_error (error);

  first = psems_dashboard_compute (store, 0, &options.as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->persons_cleared, >, 0);
  cached = psems_store_dup_setting (store, "dashboard.figures.0");
  head = psems_audit_dup_head (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cached);
  g_assert_nonnull (strstr (cached, head));
  g_assert_nonnull (strstr (cached, "\"day\":\"2026-03-15\""));

  /* The same state: the cache answers, whatever it says. */
  psems_test_exec (store, "UPDATE setting SET value = json_replace(value, '$.counts[0]', 999999)"
                          " WHERE key = 'dashboard.figures.0'");
  dash = psems_dashboard_compute (store, 0, &options.as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dash->persons_cleared, ==, 999999);
  g_assert_cmpint (dash->schedule_overdue, ==, first->schedule_overdue);
  g_assert_cmpuint (dash->facilities->len, ==, first->facilities->len);
  g_clear_pointer (&dash, psems_dashboard_free);

  /* Another day is counted, not read. */
  next_day = options.as_of;
  g_date_add_days (&next_day, 1);
  dash = psems_dashboard_compute (store, 0, &next_day, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dash->persons_cleared, <, 999999);
  g_clear_pointer (&dash, psems_dashboard_free);
  psems_test_exec (store, "UPDATE setting SET value = json_replace(value, '$.counts[0]', 999999, '$.day', '2026-03-15')"
                          " WHERE key = 'dashboard.figures.0'");

  /* An audited change to a person: counted again, and equal to the person list. */
  person_id = psems_test_count (store, "SELECT v.person_id FROM vetting v JOIN person p ON p.id = v.person_id"
                                " WHERE v.status = 'cleared' AND v.deleted_at IS NULL AND p.deleted_at IS NULL"
                                " AND '2026-03-15' BETWEEN v.issued_on AND v.expires_on ORDER BY 1 LIMIT 1");
  g_assert_cmpint (person_id, >, 0);
  g_assert_true (psems_person_archive (store, actor, person_id, &error));
  g_assert_no_error (error);
  /* What a page shows while it counts again: the last figures, known to be out of date. */
  {
    g_autoptr(PsemsDashboard) stale = NULL;
    gboolean exact = TRUE;

    stale = psems_dashboard_load_cached (store, 0, &options.as_of, &exact, &error);
    g_assert_no_error (error);
    g_assert_nonnull (stale);
    g_assert_false (exact);
    g_assert_cmpint (stale->persons_cleared, ==, 999999);
    g_assert_cmpuint (stale->facilities->len, ==, first->facilities->len);
    g_clear_pointer (&stale, psems_dashboard_free);
    stale = psems_dashboard_load_cached (store, 0, &next_day, &exact, &error);
    g_assert_no_error (error);
    g_assert_null (stale);
  }
  dash = psems_dashboard_compute (store, 0, &options.as_of, &error);
  g_assert_no_error (error);
  psems_person_query_init (&query);
  query.as_of = options.as_of;
  query.status = g_strdup ("cleared");
  cleared = psems_person_count (store, &query, &error);
  g_assert_no_error (error);
  psems_person_query_clear (&query);
  g_assert_cmpint (dash->persons_cleared, ==, first->persons_cleared - 1);
  g_assert_cmpint (dash->persons_by_status[PSEMS_CLEARANCE_CLEARED], ==, cleared);
  g_clear_pointer (&dash, psems_dashboard_free);
  {
    gboolean exact = FALSE;
    g_autoptr(PsemsDashboard) fresh = psems_dashboard_load_cached (store, 0, &options.as_of, &exact, &error);

    g_assert_no_error (error);
    g_assert_true (exact);
    g_assert_cmpint (fresh->persons_cleared, ==, first->persons_cleared - 1);
  }

  /* A damaged entry is ignored, and replaced by the counted figures. */
  psems_test_exec (store, "UPDATE setting SET value = '{\"format\":1,' WHERE key = 'dashboard.figures.0'");
  dash = psems_dashboard_compute (store, 0, &options.as_of, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dash->persons_cleared, ==, first->persons_cleared - 1);
  g_clear_pointer (&cached, g_free);
  cached = psems_store_dup_setting (store, "dashboard.figures.0");
  g_assert_nonnull (strstr (cached, "\"counts\":["));

  g_clear_object (&store);
  psems_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dashboard/hand-made", test_hand_made);
  g_test_add_func ("/dashboard/empty", test_empty);
  g_test_add_func ("/dashboard/plan-review", test_plan_review);
  g_test_add_func ("/dashboard/demo-counts", test_demo_counts);
  g_test_add_func ("/dashboard/cache", test_cache);

  return g_test_run ();
}
