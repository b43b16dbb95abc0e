/* psems-assessment.h — GAP self-assessments: answers to a question bank, scores per area, comparisons. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-bank.h"
#include "psems-store.h"

G_BEGIN_DECLS

/* Plain value structs. Dates are "YYYY-MM-DD", stamps UTC "YYYY-MM-DDTHH:MM:SSZ". */
typedef struct
{
  gint64 id;
  char *ref;               /* GAP-2026-0001 */
  gint64 facility_id;
  char *facility_code;     /* read-only */
  gint64 bank_id;
  char *bank_ref;          /* read-only: QB-2026-0001 */
  char *bank_code;         /* read-only: isps-pfsp */
  char *bank_version;      /* read-only */
  char *framework;         /* read-only */
  char *title;
  char *status;            /* in-progress, completed (psems_assessment_statuses) */
  char *started_on;
  char *completed_on;      /* nullable */
  char *assessor;          /* nullable */
  char *created_at;
  char *updated_at;
  /* Read-only, derived: */
  int n_questions;
  int n_answered;
  double score;            /* overall score in percent; < 0 when nothing is scored yet */
} PsemsAssessment;

/* One question of an assessment's bank with its answer (value NULL: unanswered). */
typedef struct
{
  gint64 question_id;
  char *code;
  int position;
  char *area;
  char *reference;         /* nullable */
  char *text;
  char *guidance;          /* nullable */
  gint64 answer_id;        /* 0: unanswered */
  char *value;             /* compliant, partial, non-compliant, not-applicable, or NULL */
  char *notes;
  char *answered_at;
  char *answered_by;
  char *findings;          /* nullable: the findings raised from the answer, "FND-2026-0001, …" */
  int n_evidence;
} PsemsAnswer;

/*
 * A score, for one area or (area NULL) the whole assessment:
 *
 *   score = (compliant + 0.5 × partial) / (answered − not applicable) × 100
 *
 * Unanswered questions are counted apart and never lower the score; when
 * every answered question is not applicable (or none is answered) there is
 * no score (has_score FALSE, score 0).
 */
typedef struct
{
  char *area;              /* NULL: overall */
  int n_questions;
  int compliant;
  int partial;
  int non_compliant;
  int not_applicable;
  int unanswered;
  gboolean has_score;
  double score;            /* percent, 0–100 */
} PsemsScore;

/* Options of a finding raised from an answer (NULL members: defaults). */
typedef struct
{
  const char *severity;    /* major, minor, observation; default: major for a non-compliant answer,
                            * minor for a partial one */
  const char *title;       /* default: "<GAP ref>/<code>: <question>" */
  const char *owner;
  const char *due_on;
} PsemsAnswerFinding;

/* Comparison of two assessments, question by question. */
typedef enum
{
  PSEMS_VERDICT_UNCHANGED,
  PSEMS_VERDICT_IMPROVED,
  PSEMS_VERDICT_REGRESSED,
  PSEMS_VERDICT_NOT_COMPARABLE,   /* one side is unanswered or not applicable, the other not the same */
  PSEMS_VERDICT_NEW,              /* only in the later bank */
  PSEMS_VERDICT_REMOVED,          /* only in the earlier bank */
} PsemsVerdict;

typedef struct
{
  char *code;              /* the later bank's code (the earlier one's for a removed question) */
  char *before_code;       /* the earlier bank's code when it differs (matched by reference), else NULL */
  char *area;
  char *reference;
  char *text;
  char *before;            /* the earlier answer, NULL: unanswered or not in that bank */
  char *after;
  PsemsVerdict verdict;
} PsemsComparisonItem;

typedef struct
{
  char *area;              /* NULL: overall */
  gboolean before_has_score;
  double before;
  gboolean after_has_score;
  double after;
  gboolean has_delta;
  double delta;            /* after − before, percentage points */
} PsemsAreaDelta;

typedef struct
{
  char *before_ref;
  char *after_ref;
  GPtrArray *items;        /* PsemsComparisonItem: the later bank's order, then removed questions */
  GPtrArray *areas;        /* PsemsAreaDelta: overall first, then areas in the later bank's order */
  int n_improved, n_regressed, n_unchanged, n_not_comparable, n_new, n_removed;
} PsemsComparison;

const char * const *psems_answer_values          (void);
const char         *psems_answer_value_label     (const char *value);    /* translated */
const char * const *psems_assessment_statuses    (void);
const char         *psems_assessment_status_label (const char *status);  /* translated */
const char         *psems_verdict_to_string      (PsemsVerdict verdict);
const char         *psems_verdict_label          (PsemsVerdict verdict); /* translated */

void           psems_assessment_free      (PsemsAssessment *assessment);
void           psems_answer_free          (PsemsAnswer     *answer);
void           psems_score_free           (PsemsScore      *score);
void           psems_comparison_free      (PsemsComparison *comparison);

/* Starts an assessment of @facility_id from bank @bank_code (any letter
 * case) at @version (NULL: the newest in the bank files, or in the database
 * when no file holds that code); the bank is imported in the same write.
 * @title NULL: the bank's title; @started_on NULL: today; @assessor NULL:
 * the actor. */
gint64         psems_assessment_create    (PsemsStore   *store,
                                           PsemsActor   *actor,
                                           gint64        facility_id,
                                           const char   *bank_code,
                                           const char   *version,
                                           const char   *title,
                                           const char   *started_on,
                                           const char   *assessor,
                                           char        **ref,
                                           GError      **error);
/* Answers (or re-answers) question @code of an in-progress assessment.
 * @evidence_paths (nullable, NULL-terminated) are kept as the answer's
 * evidence; @raise (nullable) raises a finding from a partial or
 * non-compliant answer in the same write. */
gboolean       psems_assessment_answer    (PsemsStore               *store,
                                           PsemsActor               *actor,
                                           gint64                    id,
                                           const char               *code,
                                           const char               *value,
                                           const char               *notes,
                                           const char * const       *evidence_paths,
                                           const PsemsAnswerFinding *raise,
                                           char                    **finding_ref,
                                           GError                  **error);
/* Raises a finding from an answer already given (partial or non-compliant). */
gint64         psems_assessment_raise_finding (PsemsStore               *store,
                                               PsemsActor               *actor,
                                               gint64                    id,
                                               const char               *code,
                                               const PsemsAnswerFinding *raise,
                                               char                    **finding_ref,
                                               GError                  **error);
/* in-progress → completed on @completed_on (NULL: today); every question must be answered. */
gboolean       psems_assessment_complete  (PsemsStore   *store,
                                           PsemsActor   *actor,
                                           gint64        id,
                                           const char   *completed_on,
                                           GError      **error);

PsemsAssessment *psems_assessment_get     (PsemsStore   *store,
                                           gint64        id,
                                           GError      **error);
/* Live assessments (@facility_id 0: all), newest start first. */
GPtrArray     *psems_assessment_list      (PsemsStore   *store,
                                           gint64        facility_id,
                                           GError      **error);
/* By reference (GAP-2026-0001) or id. */
gint64         psems_assessment_resolve   (PsemsStore   *store,
                                           const char   *text,
                                           GError      **error);
/* Every question of the assessment's bank, in order, with its answer. */
GPtrArray     *psems_assessment_list_answers (PsemsStore *store,
                                              gint64      id,
                                              GError    **error);
/* Scores of @answers (PsemsAnswer): overall first, then each area in the
 * order its first question comes. Pure: tests hand it a table. */
GPtrArray     *psems_assessment_compute_scores (GPtrArray *answers);
GPtrArray     *psems_assessment_scores    (PsemsStore   *store,
                                           gint64        id,
                                           GError      **error);
/* @before_id and @after_id: assessments of one facility, possibly from
 * different versions of a bank (or different banks). Questions match by
 * code; a question of the later bank whose code is not in the earlier one
 * matches the earlier question with the same reference when exactly one
 * unmatched earlier question has it (a renumbered question). */
PsemsComparison *psems_assessment_compare (PsemsStore   *store,
                                           gint64        before_id,
                                           gint64        after_id,
                                           GError      **error);
PsemsComparison *psems_assessment_compare_answers (GPtrArray *before,
                                                   GPtrArray *after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsAssessment, psems_assessment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsAnswer, psems_answer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsScore, psems_score_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsComparison, psems_comparison_free)

G_END_DECLS
