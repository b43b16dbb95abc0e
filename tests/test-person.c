/* test-person.c — persons: create, validation of every field, update, archive, vettings and derived expiry, view recording, areas, trainings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-person-fixture.h"
#include "psems-store-private.h"

static void
test_create_get_update (PersonFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPerson) p = psems_person_new ();
  g_autoptr(PsemsPerson) got = NULL;
  g_autoptr(PsemsPerson) again = NULL;
  g_autofree char *ref = NULL;
  gint64 id;

  p->given_name = g_strdup ("  Zoë ");
  p->family_name = g_strdup ("Müller");
  p->employer = g_strdup ("Harbour Ops");
  p->badge_no = g_strdup ("B-0001");
  p->nationality = g_strdup ("de");
  p->email = g_strdup ("zoe@example.org");
  id = psems_person_create (f->store, f->actor, p, &ref, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ref, "PER-"));

  got = psems_person_get (f->store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->given_name, ==, "Zoë");
  g_assert_cmpstr (got->display_name, ==, "Zoë Müller");
  g_assert_cmpstr (got->sort_name, ==, "Müller, Zoë");
  g_assert_cmpstr (got->nationality, ==, "DE");
  g_assert_cmpint (got->clearance, ==, PSEMS_CLEARANCE_NONE);
  g_assert_cmpuint (got->area_ids->len, ==, 0);

  g_assert_cmpint (psems_person_resolve (f->store, "B-0001", &error), ==, id);
  g_assert_cmpint (psems_person_resolve (f->store, ref, &error), ==, id);
  g_assert_cmpint (psems_person_resolve (f->store, "B-9999", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_free (got->employer);
  got->employer = g_strdup ("Stevedores Ltd");
  g_clear_pointer (&got->display_name, g_free);
  g_assert_true (psems_person_update (f->store, f->actor, got, &error));
  g_assert_no_error (error);
  again = psems_person_get (f->store, id, NULL, &error);
  g_assert_cmpstr (again->employer, ==, "Stevedores Ltd");
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'person'"
                                               " AND action = 'update'"), ==, 1);

  /* Personal values never reach the audit images. */
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE after LIKE '%%Zoë%%'"
                                               " OR after LIKE '%%zoe@example%%' OR before LIKE '%%Müller%%'"), ==, 0);

  g_assert_true (psems_person_archive (f->store, f->actor, id, &error));
  g_assert_false (psems_person_archive (f->store, f->actor, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (psems_person_update (f->store, f->actor, again, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (psems_person_restore (f->store, f->actor, id, &error));
  g_assert_no_error (error);
}

static void
test_validation (PersonFixture *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPerson) p = psems_person_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsVetting) v = psems_vetting_new ();
  g_autoptr(GPtrArray) vproblems = NULL;

  add_person_full (f, "Ann", "Lee", "Ops", "B-1");
  p->given_name = g_strdup ("  ");
  p->date_of_birth = g_strdup ("2025-02-30");
  p->nationality = g_strdup ("D1");
  p->email = g_strdup ("nobody");
  p->badge_no = g_strdup ("B-1");
  problems = psems_person_validate (f->store, p);
  for (const char * const *field = (const char * const[]) { "given_name", "family_name", "employer",
                                                            "date_of_birth", "nationality", "email", "badge_no",
                                                            NULL };
       *field != NULL; field++)
    g_assert_true (psems_test_has_problem (problems, *field));
  g_assert_cmpint (psems_person_create (f->store, f->actor, p, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "given_name");
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM person"), ==, 1);

  v->level_id = 99;
  v->status = PSEMS_VETTING_CLEARED;
  v->requested_on = g_strdup ("2026-13-01");
  vproblems = psems_vetting_validate (f->store, v);
  g_assert_true (psems_test_has_problem (vproblems, "level_id"));
  g_assert_true (psems_test_has_problem (vproblems, "requested_on"));
  g_assert_true (psems_test_has_problem (vproblems, "issued_on"));
  g_assert_true (psems_test_has_problem (vproblems, "expires_on"));
}

static void
test_derived_expiry (PersonFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_person_full (f, "Ivan", "Petrov", "Ops", "B-2");
  struct { const char *day; PsemsClearance expect; } cases[] = {
    { "2025-12-31", PSEMS_CLEARANCE_PENDING },   /* requested, not yet issued */
    { "2026-01-10", PSEMS_CLEARANCE_CLEARED },
    { "2026-06-30", PSEMS_CLEARANCE_CLEARED },   /* the last day is covered */
    { "2026-07-01", PSEMS_CLEARANCE_EXPIRED },
  };

  add_vetting_full (f, id, f->level_sv, PSEMS_VETTING_CLEARED, "2025-11-01", "2026-01-01", "2026-06-30");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate d = day_of (cases[i].day);
      g_autoptr(PsemsPerson) p = psems_person_get (f->store, id, &d, &error);

      g_assert_no_error (error);
      g_test_message ("as of %s", cases[i].day);
      g_assert_cmpint (p->clearance, ==, cases[i].expect);
    }

  /* A renewal pending while the old clearance runs: still cleared; the
   * expiry derived from the level's validity (BASIC, 60 months). */
  {
    gint64 vid = add_vetting_full (f, id, f->level_basic, PSEMS_VETTING_PENDING, "2026-06-01", NULL, NULL);
    GDate d = day_of ("2026-06-15");
    GDate later = day_of ("2026-07-15");
    g_autoptr(PsemsPerson) p = psems_person_get (f->store, id, &d, &error);
    g_autoptr(PsemsPerson) q = psems_person_get (f->store, id, &later, &error);
    g_autoptr(GPtrArray) list = NULL;
    PsemsVetting *latest;

    g_assert_cmpint (p->clearance, ==, PSEMS_CLEARANCE_CLEARED);
    g_assert_cmpint (q->clearance, ==, PSEMS_CLEARANCE_PENDING);

    list = psems_person_get_vettings (f->store, f->actor, id, NULL, &error);
    g_assert_no_error (error);
    latest = list->pdata[0];
    g_assert_cmpint (latest->id, ==, vid);
    g_free (latest->issued_on);
    latest->issued_on = g_strdup ("2026-07-20");
    latest->status = PSEMS_VETTING_CLEARED;
    g_clear_pointer (&latest->expires_on, g_free);
    g_assert_true (psems_vetting_update (f->store, f->actor, latest, &error));
    g_assert_no_error (error);
  }
  {
    GDate d = day_of ("2031-07-20");
    GDate after = day_of ("2031-07-21");
    g_autoptr(PsemsPerson) p = psems_person_get (f->store, id, &d, &error);
    g_autoptr(PsemsPerson) q = psems_person_get (f->store, id, &after, &error);

    g_assert_cmpint (p->clearance, ==, PSEMS_CLEARANCE_CLEARED);
    g_assert_cmpstr (p->expires_on, ==, "2031-07-20");
    g_assert_cmpstr (p->level_name, ==, "Basic check");
    g_assert_cmpint (q->clearance, ==, PSEMS_CLEARANCE_EXPIRED);
  }
  {
    g_autoptr(PsemsVetting) v = psems_vetting_new ();
    GDate d = day_of ("2026-01-01");

    v->status = PSEMS_VETTING_REVOKED;
    g_assert_cmpint (psems_vetting_clearance (v, &d), ==, PSEMS_CLEARANCE_REVOKED);
    g_assert_cmpint (psems_vetting_clearance (NULL, &d), ==, PSEMS_CLEARANCE_NONE);
  }
}

static void
test_view_recorded (PersonFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PsemsStore) ro = NULL;
  g_autoptr(GPtrArray) ro_list = NULL;
  g_autoptr(PsemsActor) auditor = psems_actor_new (0, "Olu", PSEMS_ROLE_AUDITOR);
  gint64 id = add_person_full (f, "Mei", "王", "Ops", "B-3");
  gboolean recorded = FALSE;
  gint64 before;

  add_vetting_full (f, id, f->level_sv, PSEMS_VETTING_CLEARED, "2026-01-01", "2026-01-02", "2027-01-01");
  before = psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'view'");
  list = psems_person_get_vettings (f->store, f->actor, id, &recorded, &error);
  g_assert_no_error (error);
  g_assert_true (recorded);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'view'"
                                               " AND entity = 'person' AND entity_id = %lld", (long long) id),
                   ==, before + 1);

  ro = psems_store_open (psems_store_get_path (f->store), PSEMS_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  recorded = TRUE;
  ro_list = psems_person_get_vettings (ro, auditor, id, &recorded, &error);
  g_assert_no_error (error);
  g_assert_false (recorded);
  g_assert_cmpuint (ro_list->len, ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'view'"),
                   ==, before + 1);
}

static void
test_areas_trainings (PersonFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_person_full (f, "Ola", "Nordmann", "Ops", "B-4");
  gint64 both[] = { f->area_quay, f->area_gate };
  gint64 bogus[] = { 999 };
  g_autoptr(PsemsPerson) p = NULL;
  g_autoptr(GPtrArray) trainings = NULL;
  PsemsTraining t = { 0, };

  g_assert_true (psems_person_set_areas (f->store, f->actor, id, both, 2, &error));
  g_assert_no_error (error);
  g_assert_true (psems_person_set_areas (f->store, f->actor, id, &f->area_gate, 1, &error));
  g_assert_false (psems_person_set_areas (f->store, f->actor, id, bogus, 1, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  p = psems_person_get (f->store, id, NULL, &error);
  g_assert_cmpuint (p->area_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (p->area_ids, gint64, 0), ==, f->area_gate);

  t.person_id = id;
  t.course_id = f->course_aware;
  t.completed_on = (char *) "2024-03-01";
  g_assert_cmpint (psems_training_add (f->store, f->actor, &t, &error), >, 0);
  g_assert_no_error (error);
  t.completed_on = (char *) "2024-02-31";
  g_assert_cmpint (psems_training_add (f->store, f->actor, &t, &error), ==, 0);
  psems_test_assert_refused (error, "completed_on");
  trainings = psems_person_list_trainings (f->store, id, &error);
  g_assert_cmpuint (trainings->len, ==, 1);
  g_assert_cmpstr (((PsemsTraining *) trainings->pdata[0])->expires_on, ==, "2026-03-01");
}

static void
test_dashboard_counts (PersonFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsDashboard) dash = NULL;
  gint64 a = add_person_full (f, "A", "One", "Ops", "D-1");
  gint64 b = add_person_full (f, "B", "Two", "Ops", "D-2");
  gint64 c = add_person_full (f, "C", "Three", "Ops", "D-3");
  PsemsTraining t = { 0, };
  GDate d = day_of ("2026-06-01");

  add_vetting_full (f, a, f->level_sv, PSEMS_VETTING_CLEARED, "2026-01-01", "2026-01-01", "2027-01-01");
  add_vetting_full (f, b, f->level_sv, PSEMS_VETTING_CLEARED, "2020-01-01", "2020-01-01", "2021-01-01");
  add_vetting_full (f, c, f->level_sv, PSEMS_VETTING_PENDING, "2026-05-01", NULL, NULL);
  t.person_id = a;
  t.course_id = f->course_aware;
  t.completed_on = (char *) "2020-01-01";
  psems_training_add (f->store, f->actor, &t, &error);
  g_assert_no_error (error);

  dash = psems_dashboard_compute (f->store, 0, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dash->persons_by_status[PSEMS_CLEARANCE_CLEARED], ==, 1);
  g_assert_cmpint (dash->persons_by_status[PSEMS_CLEARANCE_EXPIRED], ==, 1);
  g_assert_cmpint (dash->persons_by_status[PSEMS_CLEARANCE_PENDING], ==, 1);
  g_assert_cmpint (dash->training_lapsed, ==, 1);
}

/* A person with areas and a first vetting is one write: a bad vetting or a
 * missing area leaves no person, no vetting, no audit entry behind. */
static void
test_create_full (PersonFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPerson) p = psems_person_new ();
  g_autoptr(PsemsVetting) v = psems_vetting_new ();
  g_autoptr(PsemsPerson) got = NULL;
  g_autoptr(GPtrArray) vettings = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *ref = NULL;
  gint64 bogus[] = { 999 };
  gint64 audit;
  gint64 id;

  p->given_name = g_strdup ("Kari");
  p->family_name = g_strdup ("Nordmann");
  p->employer = g_strdup ("Ops");
  p->badge_no = g_strdup ("F-1");
  v->level_id = f->level_basic;
  v->status = PSEMS_VETTING_CLEARED;
  v->requested_on = g_strdup ("2026-01-05");
  v->issued_on = g_strdup ("2026-02-30");    /* no such day */
  v->authority = g_strdup ("NSV");

  before = psems_test_dump_database (f->store);
  audit = psems_test_count (f->store, "SELECT count(*) FROM audit_trail");
  g_assert_cmpint (psems_person_create_full (f->store, f->actor, p, &f->area_quay, 1, v, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "issued_on");
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==, audit);

  /* An area that does not exist is found after the person row is written: still nothing stays. */
  g_free (v->issued_on);
  v->issued_on = g_strdup ("2026-02-10");
  g_assert_cmpint (psems_person_create_full (f->store, f->actor, p, bogus, 1, v, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_free (after);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (after, ==, before);

  /* All good: one person, one area, one vetting (expiry from the level's 60 months), one transaction. */
  id = psems_person_create_full (f->store, f->actor, p, &f->area_quay, 1, v, &ref, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (g_str_has_prefix (ref, "PER-"));
  got = psems_person_get (f->store, id, NULL, &error);
  g_assert_cmpuint (got->area_ids->len, ==, 1);
  vettings = psems_person_get_vettings (f->store, f->actor, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vettings->len, ==, 1);
  g_assert_cmpstr (((PsemsVetting *) vettings->pdata[0])->expires_on, ==, "2031-02-10");
  g_assert_cmpint (((PsemsVetting *) vettings->pdata[0])->person_id, ==, id);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity IN"
                                               " ('person', 'vetting', 'area-access') AND action = 'create'"),
                   ==, 3);

  /* Without a vetting or areas it is psems_person_create(). */
  g_free (p->badge_no);
  p->badge_no = g_strdup ("F-2");
  g_assert_cmpint (psems_person_create_full (f->store, f->actor, p, NULL, 0, NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
}

/* Courses for the picker, a training's default expiry, its checks, and removing one entered by mistake. */
static void
test_training_courses (PersonFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) courses = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) trainings = NULL;
  g_autofree char *expiry = NULL;
  PsemsTrainingCourse *aware;
  PsemsTraining t = { 0, };
  gint64 person = add_person_full (f, "Ola", "Nordmann", "Ops", "B-5");
  gint64 id;

  psems_test_exec (f->store, "INSERT INTO training_course (id, ref, code, name, validity_months) VALUES"
                             " (2, 'CRS-2026-0002', 'PFSO', 'Port facility security officer', NULL);"
                             "INSERT INTO training_course (id, ref, code, name, deleted_at) VALUES"
                             " (3, 'CRS-2026-0003', 'OLD', 'Retired course', '2026-01-01T00:00:00Z')");
  courses = psems_training_course_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (courses->len, ==, 2);   /* the retired one is not offered */
  g_assert_cmpstr (((PsemsTrainingCourse *) courses->pdata[0])->code, ==, "PFSO");
  aware = courses->pdata[1];
  g_assert_cmpstr (aware->code, ==, "AWARE");
  g_assert_cmpint (aware->validity_months, ==, 24);
  expiry = psems_training_course_expiry (aware, "2024-02-29");
  g_assert_cmpstr (expiry, ==, "2026-02-28");
  g_assert_null (psems_training_course_expiry (courses->pdata[0], "2024-02-29"));
  g_assert_null (psems_training_course_expiry (aware, "2024-02-30"));

  t.person_id = person;
  t.course_id = 3;
  t.completed_on = (char *) "2024-02-30";
  t.expires_on = (char *) "2023-01-01";
  problems = psems_training_validate (f->store, &t);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_true (psems_test_has_problem (problems, "course_id"));
  g_assert_true (psems_test_has_problem (problems, "completed_on"));
  g_clear_pointer (&problems, g_ptr_array_unref);
  t.course_id = f->course_aware;
  t.completed_on = (char *) "2024-03-01";
  problems = psems_training_validate (f->store, &t);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (psems_test_has_problem (problems, "expires_on"));
  g_clear_pointer (&problems, g_ptr_array_unref);
  t.expires_on = NULL;
  problems = psems_training_validate (f->store, &t);
  g_assert_cmpuint (problems->len, ==, 0);

  id = psems_training_add (f->store, f->actor, &t, &error);
  g_assert_no_error (error);
  g_assert_true (psems_training_remove (f->store, f->actor, id, &error));
  g_assert_no_error (error);
  trainings = psems_person_list_trainings (f->store, person, &error);
  g_assert_cmpuint (trainings->len, ==, 0);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM training_record WHERE id = %lld"
                                               " AND deleted_at IS NOT NULL", (long long) id), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'training'"
                                               " AND action = 'archive'"), ==, 1);
  g_assert_false (psems_training_remove (f->store, f->actor, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
}

/* A row as text, every column but the ones a deletion and its undo may change. */
static char *
dup_row_text (PsemsStore *store,
              const char *table,
              gint64      id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE id = %lld", table, (long long) id);
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (psems_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *name = sqlite3_column_name (stmt, i);
      const unsigned char *value = sqlite3_column_text (stmt, i);

      if (g_str_equal (name, "deleted_at") || g_str_equal (name, "updated_at"))
        continue;
      g_string_append_printf (out, "%s=%s\n", name, value != NULL ? (const char *) value : "NULL");
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

/* Undo of a removed training: the row comes back as it was, audited, with the same permission;
 * undo of an archived person: the row and its search-index entry come back. */
static void
test_training_restore (PersonFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) trainings = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(PsemsActor) auditor = psems_actor_new (5, "Olu", PSEMS_ROLE_AUDITOR);
  g_autoptr(PsemsPerson) p = psems_person_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *person_before = NULL;
  g_autofree char *person_after = NULL;
  PsemsTraining t = { 0 };
  gint64 person, id, fts;

  p->given_name = g_strdup ("Ingrid");
  p->family_name = g_strdup ("Østergaard");
  p->employer = g_strdup ("Quayside Lashing");
  person = psems_person_create (f->store, f->actor, p, NULL, &error);
  g_assert_no_error (error);
  t.person_id = person;
  t.course_id = f->course_aware;
  t.completed_on = (char *) "2024-03-01";
  t.provider = (char *) "Port academy";
  id = psems_training_add (f->store, f->actor, &t, &error);
  g_assert_no_error (error);
  before = dup_row_text (f->store, "training_record", id);

  g_assert_false (psems_training_restore (f->store, f->actor, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (psems_training_remove (f->store, f->actor, id, &error));
  g_assert_no_error (error);
  g_assert_false (psems_training_restore (f->store, auditor, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_true (psems_training_restore (f->store, f->actor, id, &error));
  g_assert_no_error (error);
  after = dup_row_text (f->store, "training_record", id);
  g_assert_cmpstr (after, ==, before);
  trainings = psems_person_list_trainings (f->store, person, &error);
  g_assert_cmpuint (trainings->len, ==, 1);
  g_assert_cmpint (((PsemsTraining *) g_ptr_array_index (trainings, 0))->id, ==, id);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'training'"
                                               " AND action = 'restore'"), ==, 1);

  /* A person archived and restored: the same row, the same index entry, found again. */
  person_before = dup_row_text (f->store, "person", person);
  fts = psems_test_count (f->store, "SELECT count(*) FROM person_fts WHERE rowid = %lld", (long long) person);
  g_assert_cmpint (fts, ==, 1);
  g_assert_true (psems_person_archive (f->store, f->actor, person, &error));
  g_assert_no_error (error);
  g_assert_false (psems_person_restore (f->store, auditor, person, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (psems_person_restore (f->store, f->actor, person, &error));
  g_assert_no_error (error);
  person_after = dup_row_text (f->store, "person", person);
  g_assert_cmpstr (person_after, ==, person_before);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM person_fts WHERE rowid = %lld"
                                               " AND person_fts MATCH 'ostergaard'", (long long) person), ==, 1);
  psems_test_exec (f->store, "INSERT INTO person_fts (person_fts) VALUES ('integrity-check')");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, PersonFixture, NULL, person_fixture_set_up, fn, person_fixture_tear_down)
  ADD ("/person/create-get-update", test_create_get_update);
  ADD ("/person/validation", test_validation);
  ADD ("/person/derived-expiry", test_derived_expiry);
  ADD ("/person/view-recorded", test_view_recorded);
  ADD ("/person/areas-trainings", test_areas_trainings);
  ADD ("/person/dashboard-counts", test_dashboard_counts);
  ADD ("/person/create-full", test_create_full);
  ADD ("/person/training-courses", test_training_courses);
  ADD ("/person/training-restore", test_training_restore);
#undef ADD
  return g_test_run ();
}
