/* test-assessment.c — GAP self-assessments: start, answer, refusals, findings, scores, comparison across bank versions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "psems-test-util.h"

static char *user_data_dir;

/* Two versions of a small bank: in version 2 Q3 is renumbered Q3a (same
 * reference), Q4 is gone and Q5 (a new area) is new. */
static const char bank_v1[] =
  "{ \"code\": \"gap-test\", \"framework\": \"Test\", \"version\": \"1\", \"title\": \"Test bank\",\n"
  "  \"questions\": [\n"
  "  { \"code\": \"Q1\", \"area\": \"Access\", \"reference\": \"R1\", \"text\": \"Gates?\" },\n"
  "  { \"code\": \"Q2\", \"area\": \"Access\", \"reference\": \"R2\", \"text\": \"Badges?\" },\n"
  "  { \"code\": \"Q3\", \"area\": \"Cargo\", \"reference\": \"R3\", \"text\": \"Seals?\" },\n"
  "  { \"code\": \"Q4\", \"area\": \"Access\", \"reference\": \"R4\", \"text\": \"Fences?\" },\n"
  "  { \"code\": \"Q6\", \"area\": \"Access\", \"reference\": \"R6\", \"text\": \"Boats?\" } ] }\n";
static const char bank_v2[] =
  "{ \"code\": \"gap-test\", \"framework\": \"Test\", \"version\": \"2\", \"title\": \"Test bank, second\",\n"
  "  \"questions\": [\n"
  "  { \"code\": \"Q1\", \"area\": \"Access\", \"reference\": \"R1\", \"text\": \"Gates?\" },\n"
  "  { \"code\": \"Q2\", \"area\": \"Access\", \"reference\": \"R2\", \"text\": \"Badges?\" },\n"
  "  { \"code\": \"Q3a\", \"area\": \"Cargo\", \"reference\": \"R3\", \"text\": \"Seals checked?\" },\n"
  "  { \"code\": \"Q5\", \"area\": \"Cyber\", \"reference\": \"R5\", \"text\": \"Backups?\" },\n"
  "  { \"code\": \"Q6\", \"area\": \"Access\", \"reference\": \"R6\", \"text\": \"Boats?\" } ] }\n";

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility;
  gint64 other;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "gap.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  f->facility = psems_test_create_facility (f->store, f->actor, "ECT", NULL);
  f->other = psems_test_create_facility (f->store, f->actor, "WCT", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  psems_actor_unref (f->actor);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
start (Fixture    *f,
       gint64      facility,
       const char *bank,
       const char *version,
       const char *on)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  gint64 id = psems_assessment_create (f->store, f->actor, facility, bank, version, NULL, on, NULL, &ref, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ref, "GAP-"));
  return id;
}

static void
answer (Fixture    *f,
        gint64      id,
        const char *code,
        const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (psems_assessment_answer (f->store, f->actor, id, code, value, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsAssessment) a = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *after = NULL;
  gint64 id, second;

  id = start (f, f->facility, "ISPS-PFSP", NULL, "2026-01-05");
  a = psems_assessment_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->bank_code, ==, "isps-pfsp");
  g_assert_cmpstr (a->status, ==, "in-progress");
  g_assert_cmpstr (a->started_on, ==, "2026-01-05");
  g_assert_cmpstr (a->assessor, ==, "Ana Ruiz");
  g_assert_cmpstr (a->title, ==, "ISPS Code: port facility security plan and PFSO duties");
  g_assert_cmpint (a->n_questions, ==, 33);
  g_assert_cmpint (a->n_answered, ==, 0);
  g_assert_cmpfloat (a->score, <, 0);
  g_assert_cmpint (psems_assessment_resolve (f->store, a->ref, &error), ==, id);
  g_assert_no_error (error);

  /* The bank row is reused by the next assessment. */
  second = start (f, f->other, "isps-pfsp", "2026.1", NULL);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM question_bank"), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM question"), ==, 33);
  list = psems_assessment_list (f->store, f->other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((PsemsAssessment *) g_ptr_array_index (list, 0))->id, ==, second);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_assessment_list (f->store, 0, &error);
  g_assert_cmpuint (list->len, ==, 2);

  /* Refusals write nothing. */
  dump = psems_test_dump_database (f->store);
  g_assert_cmpint (psems_assessment_create (f->store, f->actor, f->facility, "no-such-bank", NULL, NULL, NULL, NULL,
                                            NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-bank"));
  g_clear_error (&error);
  g_assert_cmpint (psems_assessment_create (f->store, f->actor, f->facility, "isps-pfsp", "1999", NULL, NULL, NULL,
                                            NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "1999"));
  g_clear_error (&error);
  g_assert_cmpint (psems_assessment_create (f->store, f->actor, f->facility, "isps-pfsp", NULL, NULL, "2999-01-01",
                                            NULL, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "started_on"));
  g_clear_error (&error);
  g_assert_cmpint (psems_assessment_create (f->store, f->actor, f->facility, "isps-pfsp", NULL, NULL, "2026-02-30",
                                            NULL, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (psems_facility_archive (f->store, f->actor, f->other, &error));
  g_clear_pointer (&dump, g_free);
  dump = psems_test_dump_database (f->store);
  g_assert_cmpint (psems_assessment_create (f->store, f->actor, f->other, "isps-pfsp", NULL, NULL, NULL, NULL,
                                            NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "WCT"));
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, after);
}

static PsemsAnswer *
row (const char *area,
     const char *value)
{
  PsemsAnswer *r = g_new0 (PsemsAnswer, 1);

  r->area = g_strdup (area);
  r->value = g_strdup (value);
  return r;
}

static void
check_score (const PsemsScore *s,
             const char       *area,
             int               counts[6],
             gboolean          has_score,
             double            score)
{
  g_assert_cmpstr (s->area, ==, area);
  g_assert_cmpint (s->n_questions, ==, counts[0]);
  g_assert_cmpint (s->compliant, ==, counts[1]);
  g_assert_cmpint (s->partial, ==, counts[2]);
  g_assert_cmpint (s->non_compliant, ==, counts[3]);
  g_assert_cmpint (s->not_applicable, ==, counts[4]);
  g_assert_cmpint (s->unanswered, ==, counts[5]);
  g_assert_cmpint (s->has_score, ==, has_score);
  g_assert_cmpfloat_with_epsilon (s->score, score, 1e-9);
}

/* (compliant + ½ partial) / (answered − not applicable), by hand. */
static void
test_scores_table (void)
{
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_answer_free);
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(GPtrArray) none = NULL;

  g_ptr_array_add (answers, row ("A", "compliant"));
  g_ptr_array_add (answers, row ("A", "partial"));
  g_ptr_array_add (answers, row ("B", "not-applicable"));
  g_ptr_array_add (answers, row ("A", "non-compliant"));
  g_ptr_array_add (answers, row ("A", "not-applicable"));
  g_ptr_array_add (answers, row ("A", NULL));
  g_ptr_array_add (answers, row ("C", "compliant"));
  g_ptr_array_add (answers, row ("B", "not-applicable"));
  g_ptr_array_add (answers, row ("C", "compliant"));
  g_ptr_array_add (answers, row ("C", "partial"));
  g_ptr_array_add (answers, row ("D", NULL));

  scores = psems_assessment_compute_scores (answers);
  g_assert_cmpuint (scores->len, ==, 5);
  /* Overall: (3 + 0.5 × 2) / (9 answered − 3 not applicable) = 4 / 6. */
  check_score (g_ptr_array_index (scores, 0), NULL, (int[]) { 11, 3, 2, 1, 3, 2 }, TRUE, 100.0 * 4 / 6);
  check_score (g_ptr_array_index (scores, 1), "A", (int[]) { 5, 1, 1, 1, 1, 1 }, TRUE, 50.0);
  check_score (g_ptr_array_index (scores, 2), "B", (int[]) { 2, 0, 0, 0, 2, 0 }, FALSE, 0.0);
  check_score (g_ptr_array_index (scores, 3), "C", (int[]) { 3, 2, 1, 0, 0, 0 }, TRUE, 100.0 * 2.5 / 3);
  check_score (g_ptr_array_index (scores, 4), "D", (int[]) { 1, 0, 0, 0, 0, 1 }, FALSE, 0.0);

  none = psems_assessment_compute_scores (empty);
  g_assert_cmpuint (none->len, ==, 1);
  g_assert_false (((PsemsScore *) g_ptr_array_index (none, 0))->has_score);
}

/* Scores from the database agree with the hand-made rule, and the list's
 * overall score with them. */
static void
test_scores_stored (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(PsemsAssessment) a = NULL;
  gint64 id = start (f, f->facility, "gap-test", "1", NULL);

  answer (f, id, "Q1", "compliant");
  answer (f, id, "q2", "Partial");
  answer (f, id, "Q3", "non-compliant");
  answer (f, id, "Q6", "not-applicable");
  scores = psems_assessment_scores (f->store, id, &error);
  g_assert_no_error (error);
  check_score (g_ptr_array_index (scores, 0), NULL, (int[]) { 5, 1, 1, 1, 1, 1 }, TRUE, 50.0);
  check_score (g_ptr_array_index (scores, 1), "Access", (int[]) { 4, 1, 1, 0, 1, 1 }, TRUE, 75.0);
  check_score (g_ptr_array_index (scores, 2), "Cargo", (int[]) { 1, 0, 0, 1, 0, 0 }, TRUE, 0.0);
  a = psems_assessment_get (f->store, id, &error);
  g_assert_cmpint (a->n_answered, ==, 4);
  g_assert_cmpfloat_with_epsilon (a->score, 50.0, 1e-9);
}

/* A question not in the bank, a bad value: refused naming what, nothing written. */
static void
test_answer_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  gint64 id = start (f, f->facility, "gap-test", NULL, NULL);
  const PsemsAnswer *q1;

  answer (f, id, "Q1", "partial");
  dump = psems_test_dump_database (f->store);

  /* Q3 is not in version 2 (it became Q3a). */
  g_assert_false (psems_assessment_answer (f->store, f->actor, id, "Q3", "compliant", "seen", NULL, NULL, NULL,
                                           &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“Q3”"));
  g_assert_nonnull (strstr (error->message, "gap-test"));
  g_assert_nonnull (strstr (error->message, "version 2"));
  g_clear_error (&error);
  g_assert_false (psems_assessment_answer (f->store, f->actor, id, "Q1", "yes", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "value"));
  g_clear_error (&error);
  g_assert_false (psems_assessment_answer (f->store, f->actor, id, "Q1", "compliant", NULL,
                                           (const char *[]) { "/nonexistent/evidence.pdf", NULL }, NULL, NULL,
                                           &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* A finding only from a partial or non-compliant answer. */
  g_assert_false (psems_assessment_answer (f->store, f->actor, id, "Q1", "compliant", NULL, NULL,
                                           &(PsemsAnswerFinding) { NULL }, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, after);

  /* Answering again replaces the answer. */
  g_assert_true (psems_assessment_answer (f->store, f->actor, id, "Q1", "compliant", "Gates fixed", NULL, NULL,
                                          NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM answer"), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'answer'"), ==, 2);
  answers = psems_assessment_list_answers (f->store, id, &error);
  g_assert_cmpuint (answers->len, ==, 5);
  q1 = g_ptr_array_index (answers, 0);
  g_assert_cmpstr (q1->value, ==, "compliant");
  g_assert_cmpstr (q1->notes, ==, "Gates fixed");
  g_assert_cmpstr (q1->answered_by, ==, "Ana Ruiz");
  g_assert_null (((PsemsAnswer *) g_ptr_array_index (answers, 1))->value);
}

/* One click: a partial answer raises a finding linked to it, with the
 * question's reference as the requirement. */
static void
test_raise_finding (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsAssessment) a = NULL;
  g_autoptr(PsemsFinding) finding = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *second = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *after = NULL;
  gint64 id = start (f, f->facility, "gap-test", "1", NULL);
  gint64 finding_id;

  a = psems_assessment_get (f->store, id, &error);
  g_assert_true (psems_assessment_answer (f->store, f->actor, id, "Q2", "partial", "Visitors' badges not checked",
                                          NULL, &(PsemsAnswerFinding) { .due_on = "2099-01-01" }, &ref, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ref, "FND-"));
  finding_id = psems_finding_resolve (f->store, ref, &error);
  g_assert_no_error (error);
  finding = psems_finding_get (f->store, finding_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (finding->source, ==, "gap");
  g_assert_cmpstr (finding->severity, ==, "minor");
  g_assert_cmpstr (finding->requirement_ref, ==, "R2");
  g_assert_cmpstr (finding->status, ==, "open");
  g_assert_cmpstr (finding->description, ==, "Visitors' badges not checked");
  g_assert_cmpstr (finding->due_on, ==, "2099-01-01");
  g_assert_cmpint (finding->facility_id, ==, f->facility);
  g_assert_nonnull (strstr (finding->title, "/Q2: Badges?"));
  g_assert_cmpint (finding->answer_id, ==,
                   psems_test_count (f->store, "SELECT id FROM answer WHERE assessment_id = %lld", (long long) id));
  answers = psems_assessment_list_answers (f->store, id, &error);
  g_assert_cmpstr (((PsemsAnswer *) g_ptr_array_index (answers, 1))->findings, ==, ref);

  /* Not twice while it is open; not from a compliant or unanswered question. */
  dump = psems_test_dump_database (f->store);
  g_assert_cmpint (psems_assessment_raise_finding (f->store, f->actor, id, "Q2", NULL, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, ref));
  g_clear_error (&error);
  g_assert_cmpint (psems_assessment_raise_finding (f->store, f->actor, id, "Q3", NULL, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (psems_assessment_raise_finding (f->store, f->actor, id, "Q99", NULL, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, after);

  /* A non-compliant answer, then the one click: a major finding. */
  answer (f, id, "Q3", "non-compliant");
  g_assert_cmpint (psems_assessment_raise_finding (f->store, f->actor, id, "q3", NULL, &second, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM finding WHERE ref = '%s' AND severity = 'major'"
                                     " AND requirement_ref = 'R3' AND source = 'gap'", second), ==, 1);
}

static void
test_complete (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsAssessment) a = NULL;
  gint64 id = start (f, f->facility, "gap-test", "1", "2026-01-10");

  answer (f, id, "Q1", "compliant");
  g_assert_false (psems_assessment_complete (f->store, f->actor, id, "2026-01-20", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "4 questions"));
  g_assert_nonnull (strstr (error->message, "Q2, Q3, Q4, Q6"));
  g_clear_error (&error);
  for (const char * const *code = (const char *[]) { "Q2", "Q3", "Q4", "Q6", NULL }; *code != NULL; code++)
    answer (f, id, *code, "not-applicable");
  g_assert_false (psems_assessment_complete (f->store, f->actor, id, "2026-01-09", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "completed_on"));
  g_clear_error (&error);
  g_assert_true (psems_assessment_complete (f->store, f->actor, id, "2026-01-20", &error));
  g_assert_no_error (error);
  a = psems_assessment_get (f->store, id, &error);
  g_assert_cmpstr (a->status, ==, "completed");
  g_assert_cmpstr (a->completed_on, ==, "2026-01-20");

  /* Its answers are final. */
  g_assert_false (psems_assessment_answer (f->store, f->actor, id, "Q1", "partial", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-01-20"));
  g_clear_error (&error);
  g_assert_false (psems_assessment_complete (f->store, f->actor, id, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
}

static const PsemsComparisonItem *
item (const PsemsComparison *c,
      const char            *code)
{
  for (guint i = 0; i < c->items->len; i++)
    if (g_str_equal (((PsemsComparisonItem *) g_ptr_array_index (c->items, i))->code, code))
      return g_ptr_array_index (c->items, i);
  g_assert_not_reached ();
  return NULL;
}

static const PsemsAreaDelta *
delta (const PsemsComparison *c,
       const char            *area)
{
  for (guint i = 0; i < c->areas->len; i++)
    if (g_strcmp0 (((PsemsAreaDelta *) g_ptr_array_index (c->areas, i))->area, area) == 0)
      return g_ptr_array_index (c->areas, i);
  g_assert_not_reached ();
  return NULL;
}

/* Version 1 against version 2 of a bank: every verdict, and the area deltas. */
static void
test_compare_versions (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsComparison) c = NULL;
  gint64 before = start (f, f->facility, "gap-test", "1", "2025-01-10");
  gint64 after = start (f, f->facility, "gap-test", NULL, "2026-01-10");
  gint64 elsewhere = start (f, f->other, "gap-test", NULL, NULL);
  const PsemsAreaDelta *d;

  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM question_bank WHERE code = 'gap-test'"), ==, 2);
  answer (f, before, "Q1", "partial");
  answer (f, before, "Q2", "compliant");
  answer (f, before, "Q3", "non-compliant");
  answer (f, before, "Q4", "compliant");
  answer (f, before, "Q6", "not-applicable");
  answer (f, after, "Q1", "compliant");
  answer (f, after, "Q2", "partial");
  answer (f, after, "Q3a", "non-compliant");
  answer (f, after, "Q5", "compliant");
  answer (f, after, "Q6", "compliant");

  c = psems_assessment_compare (f->store, before, after, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->items->len, ==, 6);
  g_assert_cmpint (item (c, "Q1")->verdict, ==, PSEMS_VERDICT_IMPROVED);
  g_assert_cmpint (item (c, "Q2")->verdict, ==, PSEMS_VERDICT_REGRESSED);
  g_assert_cmpint (item (c, "Q3a")->verdict, ==, PSEMS_VERDICT_UNCHANGED);
  g_assert_cmpstr (item (c, "Q3a")->before_code, ==, "Q3");
  g_assert_cmpstr (item (c, "Q3a")->before, ==, "non-compliant");
  g_assert_cmpint (item (c, "Q5")->verdict, ==, PSEMS_VERDICT_NEW);
  g_assert_null (item (c, "Q5")->before);
  g_assert_cmpint (item (c, "Q6")->verdict, ==, PSEMS_VERDICT_NOT_COMPARABLE);
  g_assert_cmpint (item (c, "Q4")->verdict, ==, PSEMS_VERDICT_REMOVED);
  g_assert_cmpstr (item (c, "Q4")->before, ==, "compliant");
  g_assert_cmpstr (((PsemsComparisonItem *) g_ptr_array_index (c->items, 5))->code, ==, "Q4");
  g_assert_cmpint (c->n_improved, ==, 1);
  g_assert_cmpint (c->n_regressed, ==, 1);
  g_assert_cmpint (c->n_unchanged, ==, 1);
  g_assert_cmpint (c->n_not_comparable, ==, 1);
  g_assert_cmpint (c->n_new, ==, 1);
  g_assert_cmpint (c->n_removed, ==, 1);

  /* Overall 2.5/4 → 3.5/5; Access 2.5/3 → 2.5/3; Cargo 0 → 0; Cyber new. */
  g_assert_null (((PsemsAreaDelta *) g_ptr_array_index (c->areas, 0))->area);
  d = delta (c, NULL);
  g_assert_true (d->has_delta);
  g_assert_cmpfloat_with_epsilon (d->before, 62.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (d->after, 70.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (d->delta, 7.5, 1e-9);
  d = delta (c, "Access");
  g_assert_cmpfloat_with_epsilon (d->delta, 0.0, 1e-9);
  d = delta (c, "Cargo");
  g_assert_true (d->has_delta);
  g_assert_cmpfloat_with_epsilon (d->after, 0.0, 1e-9);
  d = delta (c, "Cyber");
  g_assert_false (d->before_has_score);
  g_assert_true (d->after_has_score);
  g_assert_false (d->has_delta);

  /* Read the other way round, the verdicts turn. */
  g_clear_pointer (&c, psems_comparison_free);
  c = psems_assessment_compare (f->store, after, before, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item (c, "Q1")->verdict, ==, PSEMS_VERDICT_REGRESSED);
  g_assert_cmpint (item (c, "Q4")->verdict, ==, PSEMS_VERDICT_NEW);
  g_assert_cmpint (item (c, "Q5")->verdict, ==, PSEMS_VERDICT_REMOVED);
  g_clear_pointer (&c, psems_comparison_free);

  /* Only assessments of one facility compare. */
  g_assert_null (psems_assessment_compare (f->store, before, elsewhere, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "WCT"));
}

/* The demo fills two assessments of the container terminal, one completed a
 * year before the demo day, one in progress, with a finding raised from an answer. */
static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PsemsStore) store = psems_test_new_store (f->dir, "demo.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PsemsComparison) c = NULL;
  PsemsDemoOptions options;
  const PsemsAssessment *now, *then;

  psems_demo_options_init (&options);
  options.persons = 20;
  g_date_set_dmy (&options.as_of, 26, G_DATE_NOVEMBER, 2026);
  g_assert_true (psems_demo_generate (store, f->actor, &options, &error));
  g_assert_no_error (error);
  list = psems_assessment_list (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  now = g_ptr_array_index (list, 0);
  then = g_ptr_array_index (list, 1);
  g_assert_cmpstr (now->facility_code, ==, "NHV-CT");
  g_assert_cmpstr (now->status, ==, "in-progress");
  g_assert_cmpint (now->n_answered, <, now->n_questions);
  g_assert_cmpstr (then->status, ==, "completed");
  g_assert_cmpstr (then->completed_on, ==, "2025-11-26");
  g_assert_cmpint (then->n_answered, ==, then->n_questions);
  g_assert_cmpstr (now->bank_code, ==, "isps-pfsp");
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM answer WHERE value IN ('partial', 'non-compliant')"), >, 2);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM finding f JOIN answer a ON a.id = f.answer_id"
                                     " WHERE f.source = 'gap' AND a.value IN ('partial', 'non-compliant')"), ==, 1);
  c = psems_assessment_compare (store, then->id, now->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->n_improved, >, 0);
  g_assert_cmpint (c->n_regressed, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *banks = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *psems = NULL;
  int status;

  /* The test bank lives in the user's folder, here, never in the real home. */
  user_data_dir = g_dir_make_tmp ("psems-test-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", user_data_dir, TRUE);
  g_unsetenv ("PSEMS_DATADIR");
  psems = g_build_filename (user_data_dir, "psems", NULL);
  banks = g_build_filename (psems, "banks", NULL);
  g_assert_cmpint (g_mkdir_with_parents (banks, 0700), ==, 0);
  v1 = g_build_filename (banks, "gap-test-1.json", NULL);
  v2 = g_build_filename (banks, "gap-test-2.json", NULL);
  g_assert_true (g_file_set_contents (v1, bank_v1, -1, NULL));
  g_assert_true (g_file_set_contents (v2, bank_v2, -1, NULL));

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/assessment/create", test_create);
  g_test_add_func ("/assessment/scores-table", test_scores_table);
  ADD ("/assessment/scores-stored", test_scores_stored);
  ADD ("/assessment/answer-refusals", test_answer_refusals);
  ADD ("/assessment/raise-finding", test_raise_finding);
  ADD ("/assessment/complete", test_complete);
  ADD ("/assessment/compare-versions", test_compare_versions);
  ADD ("/assessment/demo", test_demo);
#undef ADD

  status = g_test_run ();
  psems_test_remove_dir (banks);
  g_rmdir (psems);
  g_rmdir (user_data_dir);
  g_free (user_data_dir);
  return status;
}
