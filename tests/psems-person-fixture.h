/* psems-person-fixture.h — the reference data the person tests share: levels, a facility with areas, courses. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-test-util.h"

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 level_basic;     /* BASIC, 60 months */
  gint64 level_sv;        /* SV, no validity */
  gint64 facility;        /* NHV-CT */
  gint64 area_quay;       /* QUAY */
  gint64 area_gate;       /* GATE */
  gint64 course_aware;    /* AWARE, 24 months */
} PersonFixture;

static inline void
person_fixture_set_up (PersonFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsFacility) fac = psems_facility_new ();

  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "person.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  psems_test_exec (f->store,
                   "INSERT INTO vetting_level (id, code, name, rank, validity_months) VALUES"
                   " (1, 'BASIC', 'Basic check', 1, 60), (2, 'SV', 'Security vetting', 2, NULL);"
                   "INSERT INTO training_course (id, ref, code, name, validity_months) VALUES"
                   " (1, 'CRS-2026-0001', 'AWARE', 'Security awareness', 24);");
  f->level_basic = 1;
  f->level_sv = 2;
  f->course_aware = 1;
  fac->code = g_strdup ("NHV-CT");
  fac->name = g_strdup ("Container terminal");
  fac->kind = g_strdup ("container-terminal");
  f->facility = psems_facility_create (f->store, f->actor, fac, 1, NULL, &error);
  g_assert_no_error (error);
  f->area_quay = psems_area_create (f->store, f->actor, f->facility, "QUAY", "Quay", NULL, NULL, &error);
  g_assert_no_error (error);
  f->area_gate = psems_area_create (f->store, f->actor, f->facility, "GATE", "Gate", NULL, NULL, &error);
  g_assert_no_error (error);
}

static inline void
person_fixture_tear_down (PersonFixture *f,
                          gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->actor, psems_actor_unref);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
}

static inline gint64
add_person_full (PersonFixture *f,
                 const char    *given,
                 const char    *family,
                 const char    *employer,
                 const char    *badge)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsPerson) p = psems_person_new ();
  gint64 id;

  p->given_name = g_strdup (given);
  p->family_name = g_strdup (family);
  p->employer = g_strdup (employer);
  p->badge_no = g_strdup (badge);
  id = psems_person_create (f->store, f->actor, p, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static inline gint64
add_vetting_full (PersonFixture      *f,
                  gint64              person,
                  gint64              level,
                  PsemsVettingStatus  status,
                  const char         *requested,
                  const char         *issued,
                  const char         *expires)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsVetting) v = psems_vetting_new ();
  gint64 id;

  v->person_id = person;
  v->level_id = level;
  v->status = status;
  v->requested_on = g_strdup (requested);
  v->issued_on = g_strdup (issued);
  v->expires_on = g_strdup (expires);
  id = psems_vetting_add (f->store, f->actor, v, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static inline GDate
day_of (const char *text)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, text);
  g_assert_true (g_date_valid (&d));
  return d;
}
