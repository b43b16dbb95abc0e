/* test-facility.c — facilities: create, validation of every field, archive, security level history, areas, resolve. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-store-private.h"
#include "psems-test-util.h"

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "facility.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
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

static gint64
count_audit (PsemsStore *store)
{
  return psems_test_count (store, "SELECT count(*) FROM audit_trail");
}

static PsemsFacility *
make_facility (const char *code)
{
  PsemsFacility *facility = psems_facility_new ();

  facility->code = g_strdup (code);
  facility->name = g_strdup ("Eastern Container Terminal");
  facility->kind = g_strdup ("container-terminal");
  facility->un_locode = g_strdup ("XZNHV");
  facility->imo_number = NULL;
  facility->contact_24h = g_strdup ("+999 10 555 0101");
  facility->address = g_strdup ("Containerweg 1");
  facility->time_zone = g_strdup ("Europe/Amsterdam");
  return facility;
}

static gint64
create_ok (Fixture    *f,
           const char *code,
           char      **ref)
{
  g_autoptr(PsemsFacility) facility = make_facility (code);
  g_autoptr(GError) error = NULL;
  gint64 id = psems_facility_create (f->store, f->actor, facility, 1, ref, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static GDateTime *
stamp (const char *iso)
{
  GDateTime *dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return dt;
}

/* ───────────────────────────── codes ───────────────────────────── */

static void
test_codes (void)
{
  static const struct { const char *text; gboolean ok; } locodes[] = {
    { "NLRTM", TRUE }, { "nlrtm", TRUE }, { "XZNHV", TRUE }, { "USNYC", TRUE }, { "GB2AB", TRUE },
    { "DE999", TRUE }, { "NLRT", FALSE }, { "NLRTMX", FALSE }, { "N1RTM", FALSE }, { "NLRT1", FALSE },
    { "NLR0M", FALSE }, { "NL-RT", FALSE }, { "", FALSE }, { NULL, FALSE }, { "ÉLRTM", FALSE },
  };
  static const struct { const char *text, *locode; gboolean ok; } imos[] = {
    { "NLRTM-0001", "NLRTM", TRUE }, { "nlrtm-0001", "NLRTM", TRUE }, { "NLRTM-0001", "nlrtm", TRUE },
    { "NLRTM-0001", NULL, TRUE }, { "NLRTM-0001", "DEHAM", FALSE }, { "NLRTM-001", "NLRTM", FALSE },
    { "NLRTM-00012", "NLRTM", FALSE }, { "NLRTM0001", NULL, FALSE }, { "NLRTM-00A1", NULL, FALSE },
    { "NL1TM-0001", NULL, FALSE }, { "", NULL, FALSE }, { NULL, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (locodes); i++)
    if (psems_validate_un_locode (locodes[i].text) != locodes[i].ok)
      g_error ("UN/LOCODE “%s”: expected %s", locodes[i].text, locodes[i].ok ? "valid" : "invalid");
  for (guint i = 0; i < G_N_ELEMENTS (imos); i++)
    if (psems_validate_imo_number (imos[i].text, imos[i].locode) != imos[i].ok)
      g_error ("IMO number “%s” (%s): expected %s", imos[i].text, imos[i].locode,
               imos[i].ok ? "valid" : "invalid");
}

static void
test_kinds (Fixture       *f,
            gconstpointer  data)
{
  const char * const *kinds = psems_facility_kinds ();
  guint n = 0;

  /* Every kind offered is one the schema accepts. */
  for (; kinds[n] != NULL; n++)
    {
      g_autofree char *code = g_strdup_printf ("K%u", n);
      g_autoptr(PsemsFacility) facility = make_facility (code);
      g_autoptr(GError) error = NULL;

      g_free (facility->kind);
      facility->kind = g_strdup (kinds[n]);
      g_assert_cmpint (psems_facility_create (f->store, f->actor, facility, 1, NULL, &error), >, 0);
      g_assert_no_error (error);
      g_assert_nonnull (psems_facility_kind_label (kinds[n]));
    }
  g_assert_cmpuint (n, ==, 9);
  g_assert_null (psems_facility_kind_label ("spaceport"));
  g_assert_null (psems_facility_kind_label (NULL));
}

/* ───────────────────────────── create and validate ───────────────────────────── */

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PsemsFacility) facility = make_facility ("  NHV-ECT ");
  g_autoptr(PsemsFacility) got = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *expected_ref = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const PsemsLevelChange *change;
  gint64 before = count_audit (f->store);
  gint64 id;

  g_free (facility->un_locode);
  facility->un_locode = g_strdup ("xznhv");
  facility->imo_number = g_strdup ("xznhv-0007");
  g_free (facility->address);
  facility->address = g_strdup ("   ");

  id = psems_facility_create (f->store, f->actor, facility, 2, &ref, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  expected_ref = g_strdup_printf ("FAC-%d-0001", g_date_time_get_year (now));
  g_assert_cmpstr (ref, ==, expected_ref);

  got = psems_facility_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->ref, ==, ref);
  g_assert_cmpstr (got->code, ==, "NHV-ECT");          /* trimmed */
  g_assert_cmpstr (got->name, ==, "Eastern Container Terminal");
  g_assert_cmpstr (got->kind, ==, "container-terminal");
  g_assert_cmpstr (got->un_locode, ==, "XZNHV");        /* upper case */
  g_assert_cmpstr (got->imo_number, ==, "XZNHV-0007");
  g_assert_null (got->address);                        /* blank is empty */
  g_assert_cmpstr (got->time_zone, ==, "Europe/Amsterdam");
  g_assert_cmpstr (got->contact_24h, ==, "+999 10 555 0101");
  g_assert_cmpint (got->security_level, ==, 2);
  g_assert_null (got->archived_at);
  g_assert_cmpint (got->pfso_person_id, ==, 0);

  /* The facility, its first level and its four default layers: six audit entries. */
  g_assert_cmpint (count_audit (f->store), ==, before + 6);
  changes = psems_facility_list_level_changes (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  change = g_ptr_array_index (changes, 0);
  g_assert_cmpint (change->from_level, ==, 0);
  g_assert_cmpint (change->level, ==, 2);
  g_assert_cmpstr (change->changed_by, ==, "Ana Ruiz");
  g_assert_nonnull (change->reason);

  /* A PFSO who is a person. */
  psems_store_exec (f->store,
                    "INSERT INTO person (id, ref, given_name, family_name, display_name, sort_name, employer,"
                    " created_at, updated_at) VALUES (7, 'PER-2026-0001', 'Marit', 'Ødegård', 'Marit Ødegård',"
                    " 'Ødegård, Marit', 'NPA', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", &error);
  g_assert_no_error (error);
  got->pfso_person_id = 7;
  g_assert_true (psems_facility_update (f->store, f->actor, got, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, psems_facility_free);
  got = psems_facility_get (f->store, id, &error);
  g_assert_cmpint (got->pfso_person_id, ==, 7);
  g_assert_cmpstr (got->pfso_name, ==, "Marit Ødegård");

  g_clear_pointer (&got, psems_facility_free);
  got = psems_facility_get (f->store, 999, &error);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_null (got);
}

typedef struct
{
  const char *field;
  const char *member;   /* which member to set */
  const char *value;
  int level;            /* the initial level */
  int pfso;
} BadCase;

static void
apply_case (PsemsFacility *facility,
            const BadCase *c)
{
  char **slot = NULL;

  if (g_strcmp0 (c->member, "code") == 0) slot = &facility->code;
  else if (g_strcmp0 (c->member, "name") == 0) slot = &facility->name;
  else if (g_strcmp0 (c->member, "kind") == 0) slot = &facility->kind;
  else if (g_strcmp0 (c->member, "un_locode") == 0) slot = &facility->un_locode;
  else if (g_strcmp0 (c->member, "imo_number") == 0) slot = &facility->imo_number;
  else if (g_strcmp0 (c->member, "time_zone") == 0) slot = &facility->time_zone;
  if (slot != NULL)
    {
      g_free (*slot);
      *slot = g_strdup (c->value);
    }
  facility->pfso_person_id = c->pfso;
}

static const BadCase bad_cases[] = {
  { "code",           "code",       NULL,              1, 0 },
  { "code",           "code",       "   ",             1, 0 },
  { "code",           "code",       "FAC-2026-0001",   1, 0 },   /* would shadow a reference */
  { "name",           "name",       NULL,              1, 0 },
  { "name",           "name",       "",                1, 0 },
  { "kind",           "kind",       NULL,              1, 0 },
  { "kind",           "kind",       "spaceport",       1, 0 },
  { "un_locode",      "un_locode",  "XZNH",            1, 0 },
  { "un_locode",      "un_locode",  "X1NHV",           1, 0 },
  { "un_locode",      "un_locode",  "XZNH0",           1, 0 },
  { "imo_number",     "imo_number", "XZNHV-01",        1, 0 },
  { "imo_number",     "imo_number", "XZNHV0001",       1, 0 },
  { "imo_number",     "imo_number", "NLRTM-0001",      1, 0 },   /* not the facility's LOCODE */
  { "time_zone",      "time_zone",  "Mars/Olympus",    1, 0 },
  { "time_zone",      "time_zone",  "europe/amsterdam", 1, 0 },
  { "pfso_person_id", NULL,         NULL,              1, 42 },
  { "security_level", NULL,         NULL,              0, 0 },
  { "security_level", NULL,         NULL,              4, 0 },
};

/* Each bad value: validate names the field; create refuses naming it and writes nothing. */
static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  create_ok (f, "EXISTING", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr(PsemsFacility) facility = make_facility ("NHV-NEW");
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *dump = psems_test_dump_database (f->store);
      g_autofree char *dump_after = NULL;
      gint64 audit = count_audit (f->store);

      g_test_message ("case %u: %s = %s", i, c->field, c->value);
      apply_case (facility, c);
      facility->security_level = c->level;
      problems = psems_facility_validate (f->store, facility);
      g_assert_true (psems_test_has_problem (problems, c->field));
      g_assert_cmpuint (problems->len, ==, 1);

      g_assert_cmpint (psems_facility_create (f->store, f->actor, facility, c->level, NULL, &error), ==, 0);
      psems_test_assert_refused (error, c->field);
      dump_after = psems_test_dump_database (f->store);
      g_assert_cmpstr (dump, ==, dump_after);
      g_assert_cmpint (count_audit (f->store), ==, audit);
    }

  /* An IMO number without a UN/LOCODE to start with. */
  {
    g_autoptr(PsemsFacility) facility = make_facility ("NHV-NEW");
    g_autoptr(GPtrArray) problems = NULL;

    g_clear_pointer (&facility->un_locode, g_free);
    facility->imo_number = g_strdup ("XZNHV-0001");
    problems = psems_facility_validate (f->store, facility);
    g_assert_true (psems_test_has_problem (problems, "imo_number"));
  }

  /* Every problem at once, for the form. */
  {
    g_autoptr(PsemsFacility) facility = psems_facility_new ();
    g_autoptr(GPtrArray) problems = NULL;

    facility->kind = g_strdup ("spaceport");
    facility->un_locode = g_strdup ("12345");
    facility->imo_number = g_strdup ("nonsense");
    facility->time_zone = g_strdup ("Nowhere/Land");
    problems = psems_facility_validate (f->store, facility);
    g_assert_true (psems_test_has_problem (problems, "code"));
    g_assert_true (psems_test_has_problem (problems, "name"));
    g_assert_true (psems_test_has_problem (problems, "kind"));
    g_assert_true (psems_test_has_problem (problems, "un_locode"));
    g_assert_true (psems_test_has_problem (problems, "imo_number"));
    g_assert_true (psems_test_has_problem (problems, "time_zone"));
    g_assert_cmpuint (problems->len, ==, 6);
  }

  /* A valid one has no problems; optional fields may be empty. */
  {
    g_autoptr(PsemsFacility) facility = make_facility ("NHV-ACA");
    g_autoptr(GPtrArray) problems = NULL;

    g_clear_pointer (&facility->un_locode, g_free);
    g_clear_pointer (&facility->time_zone, g_free);
    problems = psems_facility_validate (f->store, facility);
    g_assert_cmpuint (problems->len, ==, 0);
  }
}

static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *first_ref = NULL;
  g_autoptr(PsemsFacility) first = make_facility ("NHV-ECT");
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *dump_after = NULL;
  gint64 audit;

  first->imo_number = g_strdup ("XZNHV-0001");
  g_assert_cmpint (psems_facility_create (f->store, f->actor, first, 1, &first_ref, &error), >, 0);
  g_assert_no_error (error);
  dump = psems_test_dump_database (f->store);
  audit = count_audit (f->store);

  /* The same code in another letter case. */
  {
    g_autoptr(PsemsFacility) facility = make_facility ("nhv-ect");
    g_autoptr(GPtrArray) problems = psems_facility_validate (f->store, facility);

    g_assert_true (psems_test_has_problem (problems, "code"));
    g_assert_cmpint (psems_facility_create (f->store, f->actor, facility, 1, NULL, &error), ==, 0);
    psems_test_assert_refused (error, "code");
    g_assert_nonnull (strstr (error->message, first_ref));   /* names the facility that has it */
    g_assert_true (g_str_has_prefix (error->message, "nhv-ect: code: "));
    g_clear_error (&error);
  }
  /* The same IMO number. */
  {
    g_autoptr(PsemsFacility) facility = make_facility ("NHV-WCT");

    facility->imo_number = g_strdup ("xznhv-0001");
    g_assert_cmpint (psems_facility_create (f->store, f->actor, facility, 1, NULL, &error), ==, 0);
    psems_test_assert_refused (error, "imo_number");
    g_clear_error (&error);
  }
  dump_after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, dump_after);
  g_assert_cmpint (count_audit (f->store), ==, audit);

  /* An archived facility keeps its code. */
  {
    g_autoptr(PsemsFacility) facility = make_facility ("NHV-ECT");

    g_assert_true (psems_facility_archive (f->store, f->actor, 1, &error));
    g_assert_no_error (error);
    g_assert_cmpint (psems_facility_create (f->store, f->actor, facility, 1, NULL, &error), ==, 0);
    psems_test_assert_refused (error, "code");
  }
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = create_ok (f, "NHV-ECT", NULL);
  gint64 other = create_ok (f, "NHV-WCT", NULL);
  g_autoptr(PsemsFacility) facility = psems_facility_get (f->store, id, NULL);
  g_autoptr(PsemsFacility) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *dump_after = NULL;
  gint64 audit = count_audit (f->store);

  g_free (facility->name);
  facility->name = g_strdup ("East Container Terminal");
  facility->imo_number = g_strdup ("xznhv-0003");
  facility->security_level = 3;   /* ignored: levels change through set_level */
  g_assert_true (psems_facility_update (f->store, f->actor, facility, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (f->store), ==, audit + 1);
  got = psems_facility_get (f->store, id, &error);
  g_assert_cmpstr (got->name, ==, "East Container Terminal");
  g_assert_cmpstr (got->imo_number, ==, "XZNHV-0003");
  g_assert_cmpint (got->security_level, ==, 1);

  /* The same values again write nothing. */
  dump = psems_test_dump_database (f->store);
  g_assert_true (psems_facility_update (f->store, f->actor, got, &error));
  g_assert_no_error (error);
  dump_after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, dump_after);

  /* Its own code is no duplicate; another facility's is. */
  g_free (got->code);
  got->code = g_strdup ("nhv-wct");
  g_assert_false (psems_facility_update (f->store, f->actor, got, &error));
  psems_test_assert_refused (error, "code");
  g_assert_true (g_str_has_prefix (error->message, got->ref));
  g_clear_error (&error);
  g_free (got->code);
  got->code = g_strdup ("NHV-ECT");
  g_free (got->un_locode);
  got->un_locode = g_strdup ("DEHAM");     /* the IMO number no longer matches */
  g_assert_false (psems_facility_update (f->store, f->actor, got, &error));
  psems_test_assert_refused (error, "imo_number");
  g_clear_error (&error);
  g_free (dump_after);
  dump_after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, dump_after);

  /* An archived facility is not edited. */
  g_assert_true (psems_facility_archive (f->store, f->actor, other, &error));
  g_clear_pointer (&got, psems_facility_free);
  got = psems_facility_get (f->store, other, &error);
  g_free (got->name);
  got->name = g_strdup ("Renamed");
  g_assert_false (psems_facility_update (f->store, f->actor, got, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "archived"));
  g_clear_error (&error);

  /* A facility that does not exist. */
  got->id = 999;
  g_assert_false (psems_facility_update (f->store, f->actor, got, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
}

static void
test_archive (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *ref = NULL;
  gint64 id = create_ok (f, "NHV-ECT", &ref);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PsemsFacility) got = NULL;
  g_autoptr(GError) error = NULL;
  gint64 audit;

  create_ok (f, "NHV-ACA", NULL);
  g_assert_true (psems_facility_archive (f->store, f->actor, id, &error));
  g_assert_no_error (error);

  list = psems_facility_list (f->store, FALSE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_facility_list (f->store, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((PsemsFacility *) g_ptr_array_index (list, 0))->code, ==, "NHV-ACA");   /* by code */
  got = psems_facility_get (f->store, id, &error);
  g_assert_nonnull (got->archived_at);
  /* Never deleted: the row stays. */
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM facility"), ==, 2);
  g_assert_cmpint (psems_facility_resolve (f->store, "NHV-ECT", &error), ==, id);

  audit = count_audit (f->store);
  g_assert_false (psems_facility_archive (f->store, f->actor, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, ref));
  g_clear_error (&error);
  g_assert_false (psems_facility_set_level (f->store, f->actor, id, 2, "drill", NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (f->store), ==, audit);

  g_assert_true (psems_facility_restore (f->store, f->actor, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&got, psems_facility_free);
  got = psems_facility_get (f->store, id, &error);
  g_assert_null (got->archived_at);
  g_assert_false (psems_facility_restore (f->store, f->actor, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (psems_facility_archive (f->store, f->actor, 999, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* No actor, no write. */
  g_assert_false (psems_facility_archive (f->store, NULL, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
}

/* ───────────────────────────── security level ───────────────────────────── */

typedef struct
{
  const char *field;
  int level;
  const char *reason;
  const char *changed_at, *notified_at, *compliant_at;
} LevelCase;

static void
test_level (Fixture       *f,
            gconstpointer  data)
{
  static const LevelCase bad[] = {
    { "level", 0, "drill", NULL, NULL, NULL },
    { "level", 4, "drill", NULL, NULL, NULL },
    { "level", -1, "drill", NULL, NULL, NULL },
    { "level", 2, "drill", NULL, NULL, NULL },        /* unchanged */
    { "reason", 3, NULL, NULL, NULL, NULL },
    { "reason", 3, "  ", NULL, NULL, NULL },
    { "notified_at", 3, "x", "2001-03-01T10:00:00Z", "2001-03-01T09:59:59Z", NULL },
    { "compliant_at", 3, "x", "2001-03-01T10:00:00Z", "2001-03-01T10:05:00Z", "2001-03-01T09:00:00Z" },
    { "changed_at", 3, "x", "2001-02-01T10:00:00Z", NULL, NULL },   /* before the last change */
  };
  gint64 id = create_ok (f, "NHV-ECT", NULL);
  g_autoptr(GDateTime) changed = stamp ("2001-03-01T11:00:00+01:00");
  g_autoptr(GDateTime) notified = stamp ("2001-03-01T10:25:00Z");
  g_autoptr(GDateTime) compliant = stamp ("2001-03-01T12:30:00Z");
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(PsemsFacility) got = NULL;
  g_autoptr(GError) error = NULL;
  const PsemsLevelChange *change;
  gint64 audit = count_audit (f->store);
  gint64 change_id;

  /* The first level was recorded at creation (now); this test's changes are earlier: move it back. */
  psems_store_exec (f->store, "UPDATE facility_level_change SET changed_at = '2001-02-15T00:00:00Z'", &error);
  g_assert_no_error (error);

  g_assert_true (psems_facility_set_level (f->store, f->actor, id, 2, "Threat assessment raised", changed,
                                           notified, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (f->store), ==, audit + 2);   /* the change and the facility */
  got = psems_facility_get (f->store, id, &error);
  g_assert_cmpint (got->security_level, ==, 2);

  changes = psems_facility_list_level_changes (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  change = g_ptr_array_index (changes, 0);            /* the latest first */
  g_assert_cmpint (change->from_level, ==, 1);
  g_assert_cmpint (change->level, ==, 2);
  g_assert_cmpstr (change->reason, ==, "Threat assessment raised");
  g_assert_cmpstr (change->changed_at, ==, "2001-03-01T10:00:00Z");   /* in UTC */
  g_assert_cmpstr (change->changed_by, ==, "Ana Ruiz");
  g_assert_cmpstr (change->notified_at, ==, "2001-03-01T10:25:00Z");
  g_assert_null (change->compliant_at);
  change_id = change->id;
  g_assert_cmpint (((PsemsLevelChange *) g_ptr_array_index (changes, 1))->from_level, ==, 0);

  /* Every bad change is refused naming its field, and writes nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GDateTime) c = bad[i].changed_at ? stamp (bad[i].changed_at) : NULL;
      g_autoptr(GDateTime) n = bad[i].notified_at ? stamp (bad[i].notified_at) : NULL;
      g_autoptr(GDateTime) k = bad[i].compliant_at ? stamp (bad[i].compliant_at) : NULL;
      g_autofree char *dump = psems_test_dump_database (f->store);
      g_autofree char *dump_after = NULL;

      g_test_message ("bad level change %u: %s", i, bad[i].field);
      g_assert_false (psems_facility_set_level (f->store, f->actor, id, bad[i].level, bad[i].reason, c, n, k,
                                                &error));
      psems_test_assert_refused (error, bad[i].field);
      g_assert_true (g_str_has_prefix (error->message, got->ref));
      g_clear_error (&error);
      dump_after = psems_test_dump_database (f->store);
      g_assert_cmpstr (dump, ==, dump_after);
    }

  /* The compliance time, filled in later; one before the change is refused. */
  {
    g_autoptr(GDateTime) early = stamp ("2001-03-01T09:00:00Z");
    g_autofree char *dump = psems_test_dump_database (f->store);
    g_autofree char *dump_after = NULL;

    g_assert_false (psems_facility_record_level_times (f->store, f->actor, change_id, NULL, early, &error));
    psems_test_assert_refused (error, "compliant_at");
    g_clear_error (&error);
    dump_after = psems_test_dump_database (f->store);
    g_assert_cmpstr (dump, ==, dump_after);
  }
  audit = count_audit (f->store);
  g_assert_true (psems_facility_record_level_times (f->store, f->actor, change_id, NULL, compliant, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (f->store), ==, audit + 1);
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = psems_facility_list_level_changes (f->store, id, &error);
  change = g_ptr_array_index (changes, 0);
  g_assert_cmpstr (change->notified_at, ==, "2001-03-01T10:25:00Z");   /* left as it was */
  g_assert_cmpstr (change->compliant_at, ==, "2001-03-01T12:30:00Z");
  g_assert_false (psems_facility_record_level_times (f->store, f->actor, 999, NULL, compliant, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Down to 1 again, now (changed_at defaults to the present). */
  g_assert_true (psems_facility_set_level (f->store, f->actor, id, 1, "Authority lowered the level", NULL, NULL,
                                           NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = psems_facility_list_level_changes (f->store, id, &error);
  g_assert_cmpuint (changes->len, ==, 3);
  change = g_ptr_array_index (changes, 0);
  g_assert_cmpint (change->from_level, ==, 2);
  g_assert_cmpint (change->level, ==, 1);

  g_assert_false (psems_facility_set_level (f->store, f->actor, 999, 2, "x", NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
}

/* ───────────────────────────── areas ───────────────────────────── */

static void
test_areas (Fixture       *f,
            gconstpointer  data)
{
  gint64 ect = create_ok (f, "NHV-ECT", NULL);
  gint64 wct = create_ok (f, "NHV-WCT", NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *dump_after = NULL;
  PsemsArea *area;
  gint64 quay, reef;

  quay = psems_area_create (f->store, f->actor, ect, " QUAY ", "Quay apron", "Berths 1–6", &ref, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ref, "RA-"));
  reef = psems_area_create (f->store, f->actor, ect, "REEF", "Reefer stack", NULL, NULL, &error);
  g_assert_no_error (error);
  /* The same code at another facility is another area. */
  g_assert_cmpint (psems_area_create (f->store, f->actor, wct, "QUAY", "Quay", NULL, NULL, &error), >, 0);
  g_assert_no_error (error);

  dump = psems_test_dump_database (f->store);
  g_assert_cmpint (psems_area_create (f->store, f->actor, ect, "quay", "Quay again", NULL, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "code");
  g_clear_error (&error);
  g_assert_cmpint (psems_area_create (f->store, f->actor, ect, "", "Nameless code", NULL, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "code");
  g_clear_error (&error);
  g_assert_cmpint (psems_area_create (f->store, f->actor, ect, "GATE", " ", NULL, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "name");
  g_clear_error (&error);
  g_assert_cmpint (psems_area_create (f->store, f->actor, 999, "GATE", "Gate", NULL, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  dump_after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, dump_after);

  list = psems_area_list (f->store, ect, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  area = g_ptr_array_index (list, 0);
  g_assert_cmpint (area->id, ==, quay);
  g_assert_cmpstr (area->code, ==, "QUAY");
  g_assert_cmpstr (area->ref, ==, ref);
  g_assert_cmpint (area->facility_id, ==, ect);
  g_assert_cmpstr (area->description, ==, "Berths 1–6");

  /* Edit: a code taken by another area of the facility is refused. */
  g_free (area->code);
  area->code = g_strdup ("REEF");
  g_assert_false (psems_area_update (f->store, f->actor, area, &error));
  psems_test_assert_refused (error, "code");
  g_clear_error (&error);
  g_free (area->code);
  area->code = g_strdup ("APRON");
  g_free (area->name);
  area->name = g_strdup ("Quay apron and crane rails");
  g_assert_true (psems_area_update (f->store, f->actor, area, &error));
  g_assert_no_error (error);

  g_assert_true (psems_area_archive (f->store, f->actor, reef, &error));
  g_assert_no_error (error);
  g_assert_false (psems_area_archive (f->store, f->actor, reef, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_area_list (f->store, ect, FALSE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((PsemsArea *) g_ptr_array_index (list, 0))->code, ==, "APRON");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_area_list (f->store, ect, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_nonnull (((PsemsArea *) g_ptr_array_index (list, 1))->archived_at);

  /* An archived area is not edited; an archived facility gets no new areas. */
  area = g_ptr_array_index (list, 1);
  g_assert_false (psems_area_update (f->store, f->actor, area, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (psems_facility_archive (f->store, f->actor, wct, &error));
  g_assert_cmpint (psems_area_create (f->store, f->actor, wct, "GATE", "Gate", NULL, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
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

/* Undo of an archived area: the row comes back as it was, audited, with the same permission. */
static void
test_area_restore (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PsemsActor) auditor = psems_actor_new (5, "Olu", PSEMS_ROLE_AUDITOR);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 ect = create_ok (f, "NHV-ECT", NULL);
  gint64 reef;

  reef = psems_area_create (f->store, f->actor, ect, "REEF", "Reefer stack", "Rows 40–48", NULL, &error);
  g_assert_no_error (error);
  before = dup_row_text (f->store, "restricted_area", reef);

  /* Not archived: nothing to restore. */
  g_assert_false (psems_area_restore (f->store, f->actor, reef, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (psems_area_archive (f->store, f->actor, reef, &error));
  g_assert_no_error (error);
  list = psems_area_list (f->store, ect, FALSE, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* An auditor may not undo what a security officer archived. */
  g_assert_false (psems_area_restore (f->store, auditor, reef, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM restricted_area WHERE id = %lld"
                                               " AND deleted_at IS NOT NULL", (long long) reef), ==, 1);

  g_assert_true (psems_area_restore (f->store, f->actor, reef, &error));
  g_assert_no_error (error);
  after = dup_row_text (f->store, "restricted_area", reef);
  g_assert_cmpstr (after, ==, before);
  list = psems_area_list (f->store, ect, FALSE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_null (((PsemsArea *) g_ptr_array_index (list, 0))->archived_at);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'area'"
                                               " AND action = 'restore' AND entity_id = %lld",
                                     (long long) reef), ==, 1);
  g_assert_false (psems_area_restore (f->store, f->actor, 999, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Not into an archived facility. */
  g_assert_true (psems_area_archive (f->store, f->actor, reef, &error));
  g_assert_true (psems_facility_archive (f->store, f->actor, ect, &error));
  g_assert_false (psems_area_restore (f->store, f->actor, reef, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "restore it first"));
}

/* ───────────────────────────── resolve ───────────────────────────── */

static void
test_resolve (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *ref = NULL;
  g_autofree char *lower = NULL;
  gint64 id = create_ok (f, "NHV-ECT", &ref);
  g_autoptr(GError) error = NULL;

  create_ok (f, "NHV-CRU", NULL);
  g_assert_cmpint (psems_facility_resolve (f->store, ref, &error), ==, id);
  g_assert_no_error (error);
  lower = g_ascii_strdown (ref, -1);
  g_assert_cmpint (psems_facility_resolve (f->store, lower, &error), ==, id);
  g_assert_cmpint (psems_facility_resolve (f->store, "NHV-ECT", &error), ==, id);
  g_assert_cmpint (psems_facility_resolve (f->store, " nhv-ect ", &error), ==, id);
  g_assert_no_error (error);

  g_assert_cmpint (psems_facility_resolve (f->store, "NHV-XXX", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NHV-XXX"));
  g_clear_error (&error);
  g_assert_cmpint (psems_facility_resolve (f->store, "FAC-2020-0042", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (psems_facility_resolve (f->store, "", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (psems_facility_resolve (f->store, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
}

static void
test_field_problems (void)
{
  g_autoptr(GPtrArray) problems = psems_field_problems_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (psems_field_problems_to_error (problems, "FAC-2026-0001", &error));
  g_assert_no_error (error);
  g_assert_true (psems_field_problems_to_error (NULL, "x", &error));

  psems_field_problems_add (problems, "un_locode", "“%s” is not a UN/LOCODE", "NL1");
  psems_field_problems_add (problems, "name", "A name is required");
  g_assert_false (psems_field_problems_to_error (problems, "FAC-2026-0001", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "FAC-2026-0001: un_locode: “NL1” is not a UN/LOCODE");
  g_clear_error (&error);
  g_assert_false (psems_field_problems_to_error (problems, NULL, &error));
  g_assert_cmpstr (error->message, ==, "un_locode: “NL1” is not a UN/LOCODE");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/facility/codes", test_codes);
  g_test_add_func ("/facility/field-problems", test_field_problems);
  ADD ("/facility/kinds", test_kinds);
  ADD ("/facility/create", test_create);
  ADD ("/facility/validation", test_validation);
  ADD ("/facility/duplicate", test_duplicate);
  ADD ("/facility/update", test_update);
  ADD ("/facility/archive", test_archive);
  ADD ("/facility/level", test_level);
  ADD ("/facility/areas", test_areas);
  ADD ("/facility/area-restore", test_area_restore);
  ADD ("/facility/resolve", test_resolve);
#undef ADD

  return g_test_run ();
}
