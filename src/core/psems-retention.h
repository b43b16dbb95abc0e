/* psems-retention.h — records kept as long as their regime says, then purged for good; legal holds. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

/* The regime rule that says how long completions (drills, exercises, audits,
 * training sessions), closed incidents and security level changes are kept
 * (33 CFR 105.225: at least two years). Declarations of security follow
 * PSEMS_DOS_RETENTION_RULE. A user regime file may replace either rule by
 * its id (a port under a longer national rule). */
#define PSEMS_RETENTION_RECORDS_RULE "33cfr-105.225-records"

/* Why a record past its retention is still kept. */
typedef enum
{
  PSEMS_RETENTION_PURGEABLE,      /* nothing keeps it */
  PSEMS_RETENTION_HELD,           /* a legal hold is in force */
  PSEMS_RETENTION_REFERENCED,     /* an open finding or a lesson names it */
  PSEMS_RETENTION_CURRENT,        /* it sets a clock or a level still in use */
  PSEMS_RETENTION_OPEN,           /* an open incident: its retention starts when it closes */
} PsemsRetentionBlock;

/**
 * PsemsRetentionRecord:
 * @kind: "completion", "dos", "incident" or "level-change" (an entity name)
 * @ref: its reference (CMP-2024-0003); a level change, which has none, is
 *   "level-change:ID"
 * @record_day: the day its retention counts from (YYYY-MM-DD): a
 *   completion's day, a closed incident's closing day, a level change's day,
 *   a declaration's last day (or its signature, per its rule's anchor)
 * @retain_until: the last day it must be kept (YYYY-MM-DD), %NULL while it
 *   cannot be judged (an open incident)
 * @kept_because: (nullable): translated, why it is kept although past
 *   retention ("legal hold since …: reason", "referenced by open finding
 *   FND-…", …); %NULL when @block is PURGEABLE
 * @n_evidence: evidence files linked to it
 */
typedef struct
{
  char *kind;
  gint64 id;
  char *ref;
  gint64 facility_id;
  char *facility_code;
  char *record_day;
  char *rule_id;
  char *citation;
  char *retain_until;
  gboolean past_retention;
  PsemsRetentionBlock block;
  char *kept_because;
  guint n_evidence;
} PsemsRetentionRecord;

/* What psems_retention_purge() removes; zero values select every kind. */
typedef struct
{
  const char * const *kinds;   /* nullable: only these kinds (psems_retention_kinds()) */
  const char * const *refs;    /* nullable: only these records; each must be purgeable */
  gboolean dry_run;            /* work out what would go, write nothing */
} PsemsRetentionSelection;

typedef struct
{
  char *ref;                   /* EVD-2024-0002 */
  gint64 size;                 /* bytes */
} PsemsRetentionEvidence;

typedef struct
{
  char *as_of;                 /* YYYY-MM-DD */
  GPtrArray *purged;           /* PsemsRetentionRecord removed (or, dry run, that would be) */
  GPtrArray *kept;             /* PsemsRetentionRecord selected, past retention, still kept */
  GPtrArray *evidence;         /* PsemsRetentionEvidence removed with them (no links left) */
  GStrv unlinked_findings;     /* closed findings whose link to a purged record was cleared */
  gint64 audit_id;             /* the purge's audit-trail entry; 0 for a dry run or nothing */
} PsemsRetentionPurge;

/* A legal hold in force or released. */
typedef struct
{
  gint64 id;
  char *kind;
  gint64 record_id;
  char *ref;
  char *reason;
  char *placed_at;             /* timestamp, UTC */
  char *placed_by;
  char *released_at;           /* nullable */
  char *released_by;           /* nullable */
} PsemsLegalHold;

void        psems_retention_record_free (PsemsRetentionRecord *record);
void        psems_retention_purge_free  (PsemsRetentionPurge  *purge);
void        psems_legal_hold_free       (PsemsLegalHold       *hold);

const char * const *psems_retention_kinds (void);
const char *psems_retention_kind_label  (const char *kind);

GPtrArray  *psems_retention_list        (PsemsStore           *store,
                                         const char           *as_of,
                                         const char * const   *names,
                                         gboolean              all,
                                         GError              **error);
GPtrArray  *psems_retention_list_purgeable (PsemsStore        *store,
                                            const char        *as_of,
                                            GError           **error);
PsemsRetentionPurge *psems_retention_purge (PsemsStore                    *store,
                                            PsemsActor                    *actor,
                                            const char                    *as_of,
                                            const PsemsRetentionSelection *selection,
                                            GError                       **error);

gboolean    psems_retention_hold        (PsemsStore           *store,
                                         PsemsActor           *actor,
                                         const char           *ref,
                                         const char           *reason,
                                         GError              **error);
gboolean    psems_retention_release     (PsemsStore           *store,
                                         PsemsActor           *actor,
                                         const char           *ref,
                                         GError              **error);
GPtrArray  *psems_retention_list_holds  (PsemsStore           *store,
                                         gboolean              include_released,
                                         GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsRetentionRecord, psems_retention_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsRetentionPurge, psems_retention_purge_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsLegalHold, psems_legal_hold_free)

G_END_DECLS
