/* test-dos.c — declarations of security: IMO check digits, every field problem, create, update, list, retention. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-test-util.h"

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
  f->store = psems_test_new_store (f->dir, "dos.db");
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

static PsemsDos *
make_dos (Fixture    *f,
          const char *ship,
          const char *from,
          const char *until)
{
  PsemsDos *dos = psems_dos_new ();

  dos->facility_id = f->facility_id;
  dos->ship_name = g_strdup (ship);
  dos->ship_imo = g_strdup ("9074729");
  dos->security_level = 2;
  dos->valid_from = g_strdup (from);
  dos->valid_until = g_strdup (until);
  dos->reason = g_strdup ("Ship at security level 2, facility at level 1");
  dos->responsibilities = g_strdup ("Gangway watch: ship. Access control at the berth: facility.");
  return dos;
}

static gint64
create_ok (Fixture        *f,
           const PsemsDos *dos,
           char          **ref)
{
  g_autoptr(GError) error = NULL;
  gint64 id = psems_dos_create (f->store, f->actor, dos, ref, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The fields @dos has problems with, sorted and joined: "ship_imo,valid_until". */
static char *
problem_fields (Fixture        *f,
                const PsemsDos *dos)
{
  g_autoptr(GPtrArray) problems = psems_dos_validate (f->store, dos);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();

  for (guint i = 0; i < problems->len; i++)
    {
      const PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      g_assert_nonnull (problem->message);
      g_assert_cmpstr (problem->message, !=, "");
      g_ptr_array_add (fields, problem->field);
    }
  g_ptr_array_sort (fields, compare_strings);
  g_ptr_array_add (fields, NULL);
  return g_strjoinv (",", (char **) fields->pdata);
}

/* ───────────────────────────── IMO numbers ───────────────────────────── */

static void
test_imo (void)
{
  static const struct { const char *text; gboolean ok; } cases[] = {
    { "9074729", TRUE },    /* 9×7 + 0×6 + 7×5 + 4×4 + 7×3 + 2×2 = 139 → 9 */
    { "9176187", TRUE },    /* 147 → 7 */
    { "8814275", TRUE },    /* 8×7 + 8×6 + 1×5 + 4×4 + 2×3 + 7×2 = 145 → 5 */
    { "1000000", FALSE },   /* 7 → 7, not 0 */
    { "1000007", TRUE },
    { "9074728", FALSE },   /* wrong check digit */
    { "9074792", FALSE },   /* two digits swapped */
    { "907472", FALSE },
    { "90747290", FALSE },
    { "90747a9", FALSE },
    { " 9074729", FALSE },  /* not normalized */
    { "", FALSE },
    { NULL, FALSE },
  };
  static const struct { const char *in, *out; } normalized[] = {
    { "9074729", "9074729" }, { "IMO 9074729", "9074729" }, { "imo9074729", "9074729" },
    { "  IMO-9074729 ", "9074729" }, { "IMO", "IMO" }, { "", NULL }, { "   ", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (psems_validate_ship_imo (cases[i].text) != cases[i].ok)
      g_error ("IMO ship number “%s”: expected %s", cases[i].text,
               cases[i].ok ? "valid" : "invalid");
  for (guint i = 0; i < G_N_ELEMENTS (normalized); i++)
    {
      g_autofree char *out = psems_ship_imo_normalize (normalized[i].in);

      g_assert_cmpstr (out, ==, normalized[i].out);
    }
}

/* ───────────────────────────── validation ───────────────────────────── */

static void
test_validate (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *tomorrow = day_from_today (1);
  g_autofree char *yesterday = day_from_today (-1);
  g_autofree char *next_week = day_from_today (7);
  g_autofree char *last_week = day_from_today (-7);
  g_autoptr(PsemsDos) good = make_dos (f, "Nordic Star", "2026-03-01", "2026-03-03");
  g_autofree char *fields = problem_fields (f, good);

  g_assert_cmpstr (fields, ==, "");

#define CHECK(setup, expected_fields) \
  G_STMT_START { \
    g_autoptr(PsemsDos) d = make_dos (f, "Nordic Star", "2026-03-01", "2026-03-03"); \
    g_autofree char *got = NULL; \
    setup; \
    got = problem_fields (f, d); \
    if (g_strcmp0 (got, expected_fields) != 0) \
      g_error ("%s: expected problems with “%s”, got “%s”", #setup, expected_fields, got); \
  } G_STMT_END

  /* Every required field at once, and each on its own. */
  {
    g_autoptr(PsemsDos) empty = psems_dos_new ();
    g_autofree char *got = problem_fields (f, empty);

    g_assert_cmpstr (got, ==, "facility_id,ship_imo,ship_name,valid_from,valid_until");
  }
  CHECK (d->facility_id = 0, "facility_id");
  CHECK (d->facility_id = 999, "facility_id");
  CHECK ((g_free (d->ship_name), d->ship_name = g_strdup ("   ")), "ship_name");
  CHECK ((g_free (d->ship_imo), d->ship_imo = NULL), "ship_imo");
  /* The IMO number: its form and its check digit. */
  CHECK ((g_free (d->ship_imo), d->ship_imo = g_strdup ("9074728")), "ship_imo");
  CHECK ((g_free (d->ship_imo), d->ship_imo = g_strdup ("907472")), "ship_imo");
  CHECK ((g_free (d->ship_imo), d->ship_imo = g_strdup ("IMO 90A4729")), "ship_imo");
  CHECK ((g_free (d->ship_imo), d->ship_imo = g_strdup ("IMO 9074729")), "");
  /* The security level: 1–3. */
  CHECK (d->security_level = 0, "security_level");
  CHECK (d->security_level = 4, "security_level");
  CHECK (d->security_level = -1, "security_level");
  CHECK (d->security_level = 3, "");
  /* The period. */
  CHECK ((g_free (d->valid_from), d->valid_from = g_strdup ("2026-02-30")), "valid_from");
  CHECK ((g_free (d->valid_from), d->valid_from = g_strdup ("1 March 2026")), "valid_from");
  CHECK ((g_free (d->valid_until), d->valid_until = g_strdup ("2026-13-01")), "valid_until");
  CHECK ((g_free (d->valid_until), d->valid_until = g_strdup ("2026-02-28")), "valid_until");
  CHECK ((g_free (d->valid_until), d->valid_until = g_strdup ("2026-03-01")), "");
  /* The signature: a real day, not in the future, within the period, by both. */
  CHECK ((d->signed_on = g_strdup ("2026-03-01"), d->ship_signatory = g_strdup ("Capt. Lind"),
          d->facility_signatory = g_strdup ("A. Ruiz")), "");
  CHECK ((d->signed_on = g_strdup ("2026-03-01")), "facility_signatory,ship_signatory");
  CHECK ((d->signed_on = g_strdup ("2026-03-01"), d->ship_signatory = g_strdup ("Capt. Lind")),
         "facility_signatory");
  CHECK ((d->signed_on = g_strdup ("2026-03-32"), d->ship_signatory = g_strdup ("Capt. Lind"),
          d->facility_signatory = g_strdup ("A. Ruiz")), "signed_on");
  CHECK ((d->signed_on = g_strdup ("2026-03-04"), d->ship_signatory = g_strdup ("Capt. Lind"),
          d->facility_signatory = g_strdup ("A. Ruiz")), "signed_on");
  CHECK ((g_free (d->valid_from), d->valid_from = g_strdup (last_week),
          g_free (d->valid_until), d->valid_until = g_strdup (next_week),
          d->signed_on = g_strdup (tomorrow), d->ship_signatory = g_strdup ("Capt. Lind"),
          d->facility_signatory = g_strdup ("A. Ruiz")), "signed_on");
  CHECK ((g_free (d->valid_from), d->valid_from = g_strdup (last_week),
          g_free (d->valid_until), d->valid_until = g_strdup (next_week),
          d->signed_on = g_strdup (yesterday), d->ship_signatory = g_strdup ("Capt. Lind"),
          d->facility_signatory = g_strdup ("A. Ruiz")), "");
  /* Several at once, each named. */
  CHECK ((d->security_level = 4, g_free (d->ship_imo), d->ship_imo = g_strdup ("9074728"),
          g_free (d->valid_until), d->valid_until = g_strdup ("2026-01-01")),
         "security_level,ship_imo,valid_until");
#undef CHECK

  /* An archived facility takes no new declarations. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsemsDos) d = make_dos (f, "Nordic Star", "2026-03-01", "2026-03-03");
    g_autofree char *got = NULL;

    g_assert_true (psems_facility_archive (f->store, f->actor, f->facility_id, &error));
    g_assert_no_error (error);
    got = problem_fields (f, d);
    g_assert_cmpstr (got, ==, "facility_id");
  }
}

static void
test_refused_writes_nothing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(PsemsDos) dos = make_dos (f, "Nordic Star", "2026-03-01", "2026-03-03");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = psems_test_dump_database (f->store);
  g_autofree char *after = NULL;

  g_free (dos->ship_imo);
  dos->ship_imo = g_strdup ("9074728");
  g_assert_cmpint (psems_dos_create (f->store, f->actor, dos, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "ship_imo");
  g_assert_nonnull (strstr (error->message, "Nordic Star"));
  g_assert_nonnull (strstr (error->message, "9074728"));
  g_clear_error (&error);

  dos->ship_imo[6] = '9';
  dos->security_level = 4;
  g_assert_cmpint (psems_dos_create (f->store, f->actor, dos, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "security_level");
  g_clear_error (&error);

  dos->security_level = 1;
  g_free (dos->valid_until);
  dos->valid_until = g_strdup ("2026-02-01");
  g_assert_cmpint (psems_dos_create (f->store, f->actor, dos, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "valid_until");

  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* ───────────────────────────── create, update, read ───────────────────────────── */

static void
test_create_get_update (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PsemsDos) dos = make_dos (f, "  Nordic Star ", "2026-03-01", "2026-03-03");
  g_autoptr(PsemsDos) got = NULL;
  g_autoptr(PsemsDos) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *expected_ref = NULL;
  gint64 audit_before, id;

  g_free (dos->ship_imo);
  dos->ship_imo = g_strdup ("IMO 9074729");
  dos->ship_signatory = g_strdup ("Captain Erik Lind");
  dos->facility_signatory = g_strdup ("Maria Vos");
  dos->signed_on = g_strdup ("2026-03-01");
  audit_before = psems_test_count (f->store, "SELECT count(*) FROM audit_trail");
  id = create_ok (f, dos, &ref);

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    expected_ref = g_strdup_printf ("DOS-%d-0001", g_date_time_get_year (now));
  }
  g_assert_cmpstr (ref, ==, expected_ref);
  g_assert_cmpint (psems_dos_resolve (f->store, ref, &error), ==, id);
  g_assert_no_error (error);
  {
    g_autofree char *lower = g_ascii_strdown (ref, -1);

    g_assert_cmpint (psems_dos_resolve (f->store, lower, &error), ==, id);
    g_assert_no_error (error);
  }
  g_assert_cmpint (psems_dos_resolve (f->store, "DOS-2020-0099", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "DOS-2020-0099"));
  g_clear_error (&error);
  g_assert_cmpint (psems_dos_resolve (f->store, "FAC-2026-0001", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);

  got = psems_dos_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->ref, ==, ref);
  g_assert_cmpint (got->facility_id, ==, f->facility_id);
  g_assert_cmpstr (got->facility_code, ==, "ECT");
  g_assert_cmpstr (got->ship_name, ==, "Nordic Star");   /* trimmed */
  g_assert_cmpstr (got->ship_imo, ==, "9074729");        /* without the prefix */
  g_assert_cmpint (got->security_level, ==, 2);
  g_assert_cmpstr (got->valid_from, ==, "2026-03-01");
  g_assert_cmpstr (got->valid_until, ==, "2026-03-03");
  g_assert_cmpstr (got->signed_on, ==, "2026-03-01");
  g_assert_cmpstr (got->ship_signatory, ==, "Captain Erik Lind");
  g_assert_cmpstr (got->responsibilities, ==, dos->responsibilities);
  g_assert_nonnull (got->created_at);

  /* One audit entry, whose images keep the signatories as keyed hashes only. */
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==,
                   audit_before + 1);
  g_assert_cmpint (psems_test_count (f->store,
                                     "SELECT count(*) FROM audit_trail WHERE entity = 'dos'"
                                     " AND action = 'create' AND after LIKE '%%Nordic Star%%'"
                                     " AND after LIKE '%%hmac-sha256:%%'"), ==, 1);
  g_assert_cmpint (psems_test_count (f->store,
                                     "SELECT count(*) FROM audit_trail"
                                     " WHERE after LIKE '%%Erik Lind%%'"
                                     " OR after LIKE '%%Maria Vos%%'"), ==, 0);

  /* Update: the facility stays; equal values write nothing. */
  got->security_level = 3;
  g_free (got->valid_until);
  got->valid_until = g_strdup ("2026-03-05");
  got->facility_id = 12345;
  g_assert_true (psems_dos_update (f->store, f->actor, got, &error));
  g_assert_no_error (error);
  again = psems_dos_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->security_level, ==, 3);
  g_assert_cmpstr (again->valid_until, ==, "2026-03-05");
  g_assert_cmpint (again->facility_id, ==, f->facility_id);
  g_assert_cmpint (psems_test_count (f->store,
                                     "SELECT count(*) FROM audit_trail WHERE entity = 'dos'"
                                     " AND action = 'update' AND before IS NOT NULL"), ==, 1);
  g_assert_true (psems_dos_update (f->store, f->actor, again, &error));
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail"), ==,
                   audit_before + 2);

  /* A refused update changes nothing and names the reference and the field. */
  again->security_level = 7;
  g_assert_false (psems_dos_update (f->store, f->actor, again, &error));
  psems_test_assert_refused (error, "security_level");
  g_assert_true (g_str_has_prefix (error->message, ref));
  g_clear_error (&error);
  g_clear_pointer (&got, psems_dos_free);
  got = psems_dos_get (f->store, id, &error);
  g_assert_cmpint (got->security_level, ==, 3);

  g_assert_null (psems_dos_get (f->store, id + 100, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);

  /* The chain still verifies. */
  g_clear_error (&error);
  g_assert_true (psems_audit_verify (f->store, NULL, &error));
  g_assert_no_error (error);
}

/* The references of a list, joined: "DOS-…-0002,DOS-…-0001". */
static char *
list_ships (Fixture              *f,
            const PsemsDosFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = psems_dos_list (f->store, filter, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "," : "",
                            ((PsemsDos *) g_ptr_array_index (list, i))->ship_name);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  gint64 other = psems_test_create_facility (f->store, f->actor, "CRU", NULL);
  g_autoptr(GError) error = NULL;
  static const struct { const char *ship, *from, *until; gboolean other; } rows[] = {
    { "Alpha", "2026-01-10", "2026-01-12", FALSE },
    { "Bravo", "2026-01-12", "2026-01-12", FALSE },
    { "Charlie", "2026-02-01", "2026-02-28", FALSE },
    { "Delta", "2026-01-11", "2026-01-20", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(PsemsDos) dos = make_dos (f, rows[i].ship, rows[i].from, rows[i].until);

      if (rows[i].other)
        dos->facility_id = other;
      create_ok (f, dos, NULL);
    }

#define EXPECT(filter_init, expected) \
  G_STMT_START { \
    PsemsDosFilter filter = filter_init; \
    g_autofree char *got = list_ships (f, &filter); \
    if (g_strcmp0 (got, expected) != 0) \
      g_error ("%s: expected “%s”, got “%s”", #filter_init, expected, got); \
  } G_STMT_END

  /* Latest period first. */
  EXPECT (((PsemsDosFilter) { 0 }), "Charlie,Bravo,Delta,Alpha");
  EXPECT (((PsemsDosFilter) { .facility_id = f->facility_id }), "Charlie,Bravo,Alpha");
  EXPECT (((PsemsDosFilter) { .facility_id = other }), "Delta");
  /* Active on a day: both ends of the period count. */
  EXPECT (((PsemsDosFilter) { .active_on = "2026-01-12" }), "Bravo,Delta,Alpha");
  EXPECT (((PsemsDosFilter) { .active_on = "2026-01-10" }), "Alpha");
  EXPECT (((PsemsDosFilter) { .active_on = "2026-01-09" }), "");
  EXPECT (((PsemsDosFilter) { .active_on = "2026-01-13" }), "Delta");
  EXPECT (((PsemsDosFilter) { .active_on = "2026-02-28" }), "Charlie");
  EXPECT (((PsemsDosFilter) { .facility_id = f->facility_id, .active_on = "2026-01-13" }), "");
  /* Periods that meet [from, until]. */
  EXPECT (((PsemsDosFilter) { .from = "2026-01-13", .until = "2026-01-31" }), "Delta");
  EXPECT (((PsemsDosFilter) { .from = "2026-01-20", .until = "2026-02-01" }), "Charlie,Delta");
  EXPECT (((PsemsDosFilter) { .from = "2026-03-01" }), "");
  EXPECT (((PsemsDosFilter) { .until = "2026-01-11" }), "Delta,Alpha");
#undef EXPECT

  {
    PsemsDosFilter bad = { .active_on = "2026-02-30" };

    g_assert_null (psems_dos_list (f->store, &bad, &error));
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "2026-02-30"));
  }
}

/* ───────────────────────────── with evidence ───────────────────────────── */

static void
test_create_with_evidence (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PsemsDos) dos = make_dos (f, "Nordic Star", "2026-03-01", "2026-03-03");
  g_autofree char *scan = g_build_filename (f->dir, "signed-dos.pdf", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-scan.pdf", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *ref = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad[] = { scan, missing, NULL };
  const char *good[] = { scan, NULL };
  gint64 id;

  g_assert_true (g_file_set_contents (scan, "%PDF-1.4\nsigned by both\n", -1, NULL));

  /* One file refused: no declaration, no evidence, no audit entry. */
  before = psems_test_dump_database (f->store);
  g_assert_cmpint (psems_dos_create_with_evidence (f->store, f->actor, dos, bad, NULL, &error), ==,
                   0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-scan.pdf"));
  g_assert_nonnull (strstr (error->message, "Nordic Star"));
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);

  id = psems_dos_create_with_evidence (f->store, f->actor, dos, good, &ref, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  evidence = psems_evidence_list (f->store, "dos", id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evidence->len, ==, 1);
  g_assert_cmpstr (((PsemsEvidence *) g_ptr_array_index (evidence, 0))->file_name, ==,
                   "signed-dos.pdf");
}

/* ───────────────────────────── retention ───────────────────────────── */

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  /* The rule as a regime file states 33 CFR 105.225 for declarations. */
  PsemsRegimeRule rule = {
    .id = (char *) "test-dos-retention",
    .anchor = PSEMS_REGIME_ANCHOR_RECORD_END,
    .clock = { .kind = PSEMS_CLOCK_RETENTION, .interval = { 90, PSEMS_CLOCK_DAYS } },
  };
  static const struct { const char *until, *keep; } cases[] = {
    { "2026-03-31", "2026-06-29" },
    { "2026-12-15", "2027-03-15" },
    { "2027-12-31", "2028-03-30" },   /* across a leap day */
    { "2026-01-01", "2026-04-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PsemsDos) dos = make_dos (f, "Nordic Star", "2026-01-01", cases[i].until);
      g_autofree char *keep = psems_day_format_iso (psems_dos_retain_until (dos, &rule));

      g_assert_cmpstr (keep, ==, cases[i].keep);
    }

  /* The shipped 33 CFR regime says it (data/regimes/33cfr.json). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsemsRegimeRule) shipped = psems_dos_retention_rule (&error);
    g_autoptr(PsemsDos) dos = make_dos (f, "Nordic Star", "2026-01-01", "2026-03-31");
    g_autofree char *keep = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (shipped->id, ==, PSEMS_DOS_RETENTION_RULE);
    g_assert_cmpint (shipped->clock.kind, ==, PSEMS_CLOCK_RETENTION);
    g_assert_cmpint (shipped->anchor, ==, PSEMS_REGIME_ANCHOR_RECORD_END);
    g_assert_nonnull (strstr (shipped->citation, "105.225"));
    keep = psems_day_format_iso (psems_dos_retain_until (dos, shipped));
    g_assert_cmpstr (keep, ==, "2026-06-29");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/dos/imo", test_imo);
  ADD ("/dos/validate", test_validate);
  ADD ("/dos/refused-writes-nothing", test_refused_writes_nothing);
  ADD ("/dos/create-get-update", test_create_get_update);
  ADD ("/dos/list", test_list);
  ADD ("/dos/create-with-evidence", test_create_with_evidence);
  ADD ("/dos/retention", test_retention);
#undef ADD

  return g_test_run ();
}
