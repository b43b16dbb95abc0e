/* psems-regime.h — regulatory regimes as data: the clock rules of ISPS, 33 CFR, … read from JSON files. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "psems-clock.h"

G_BEGIN_DECLS

/* What the caller passes as the clock's anchor for a rule. */
typedef enum
{
  PSEMS_REGIME_ANCHOR_START,          /* "start": the schedule item's start (the default) */
  PSEMS_REGIME_ANCHOR_PLAN_APPROVAL,  /* "plan-approval": the approval of the facility's plan */
  PSEMS_REGIME_ANCHOR_RECORD,         /* "record": the record's own day (retention) */
  PSEMS_REGIME_ANCHOR_RECORD_END,     /* "record-end": the end of what the record covers
                                       * (a declaration of security's period) */
} PsemsRegimeAnchor;

typedef struct
{
  char              *id;         /* isps-b18.5: unique over all regimes */
  char              *regime_id;  /* isps */
  char              *title;      /* Security drills */
  char              *citation;   /* ISPS Code B/18.5 */
  char              *activity;   /* drill, exercise, audit, … (nullable): what it schedules */
  char              *note;       /* nullable: how the text was read, caveats */
  PsemsRegimeAnchor  anchor;
  PsemsClockRule     clock;
  char              *path;       /* the file it came from */
  guint              line;       /* the line of its id there */
} PsemsRegimeRule;

typedef struct
{
  char      *id;        /* isps */
  char      *title;     /* ISPS Code */
  char      *path;      /* the file it came from */
  GPtrArray *rules;     /* PsemsRegimeRule, in file order */
} PsemsRegime;

void             psems_regime_rule_free (PsemsRegimeRule       *rule);
PsemsRegimeRule *psems_regime_rule_copy (const PsemsRegimeRule *rule);
void             psems_regime_free      (PsemsRegime           *regime);

PsemsRegime     *psems_regime_load_file (const char  *path,
                                         GPtrArray   *problems,
                                         GError     **error);
GPtrArray       *psems_regime_load_all  (GPtrArray  **problems);
PsemsRegimeRule *psems_regime_find_rule (const char  *id,
                                         GError     **error);
const PsemsRegimeRule *psems_regime_get_rule (const PsemsRegime *regime,
                                              const char        *id);

const char      *psems_regime_anchor_to_string (PsemsRegimeAnchor anchor);
char            *psems_regime_rule_explain     (const PsemsRegimeRule  *rule,
                                                const PsemsClockStatus *status,
                                                PsemsDay                as_of);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsRegimeRule, psems_regime_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsRegime, psems_regime_free)

G_END_DECLS
