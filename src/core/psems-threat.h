/* psems-threat.h — the facility security assessment (ISPS A/15): the risk matrix, threat scenarios,
 * the controls that mitigate them and the residual risk. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-control.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_RISK_SCALE 5   /* likelihood and consequence are 1 … 5 */

typedef struct
{
  gint64 id;             /* 0 for a new level */
  char *name;            /* "Low", "Medium", … */
  char *colour;          /* "#rrggbb" */
  int position;          /* 1 the lowest; read-only: the order given to psems_risk_matrix_save */
} PsemsRiskLevel;

/* The configurable 5×5 matrix: named levels (lowest first) and, for each cell,
 * the index into @levels of its level. */
typedef struct
{
  GPtrArray *levels;     /* PsemsRiskLevel*, lowest first, 1 … 10 */
  int cell[PSEMS_RISK_SCALE][PSEMS_RISK_SCALE];  /* [likelihood - 1][consequence - 1] → index into levels */
} PsemsRiskMatrix;

PsemsRiskMatrix *psems_risk_matrix_new_default (void);   /* Low/Medium/High/Very high by score */
void             psems_risk_matrix_free        (PsemsRiskMatrix *matrix);
/* The level of a cell; NULL when out of range. */
const PsemsRiskLevel *psems_risk_matrix_lookup (const PsemsRiskMatrix *matrix,
                                                int                    likelihood,
                                                int                    consequence);
/* The matrix stored in the database; one that has none stored reads as the
 * default one (psems_risk_matrix_save() stores it; reading never writes). */
PsemsRiskMatrix *psems_risk_matrix_load        (PsemsStore            *store,
                                                GError               **error);
/* Replaces the stored matrix: every level needs a name and a #rrggbb colour, every cell a level. */
gboolean         psems_risk_matrix_save        (PsemsStore            *store,
                                                PsemsActor            *actor,
                                                const PsemsRiskMatrix *matrix,
                                                GError               **error);

/* What the layers do to a threat, computed by psems_threat_assess() (one formula, documented there). */
typedef struct
{
  int inherent_score;        /* likelihood × consequence */
  int inherent_level;        /* index into the matrix's levels */
  double residual_likelihood;/* likelihood × Π over layers (1 − best effective mitigation / 100) */
  int residual_likelihood_class; /* 1 … 5: residual_likelihood rounded up, at least 1 */
  int residual_level;        /* index into the matrix's levels of (residual class, consequence) */
  int stop_position;         /* the first layer (1 outermost) with an effective mitigating control; 0: passes through */
  gint64 stop_layer_id;      /* its id, 0 when none */
  GArray *unopposed_layers;  /* gint64 layer ids, outside in: layers without an effective mitigating control
                              * (best 0 there, an effective control rated 0 % included) */
  GArray *best_per_layer;    /* int per layer (outside in): best effective mitigation there, 0 … 100 */
} PsemsThreatAssessment;

typedef struct
{
  gint64 id;             /* 0 for a new scenario */
  char *ref;             /* THR-2026-0001 */
  gint64 facility_id;
  gint64 pfsa_id;        /* 0: none */
  char *name;
  char *description;     /* nullable */
  char *target;          /* nullable: the asset or infrastructure threatened */
  int likelihood;        /* 1 … 5 */
  int consequence;       /* 1 … 5 */
  GArray *control_ids;   /* gint64: the mitigating controls (on the facility's layers) */

  /* Read-only, filled by list and get (as of the day they were asked for): */
  PsemsThreatAssessment assessment;
} PsemsThreat;

PsemsThreat *psems_threat_new      (void);
void         psems_threat_free     (PsemsThreat *threat);
void         psems_threat_assessment_clear (PsemsThreatAssessment *assessment);

/* The one residual-risk formula, pure: @layers (PsemsLayer*, outside in) and
 * @controls (PsemsControl*, their derived fields filled as of the day judged)
 * of the threat's facility; @out is cleared, then filled.
 *
 *   best(layer)          = the highest effectiveness (0 … 100 %) among the threat's
 *                          mitigating controls on that layer that are effective
 *                          (implemented or partially effective, and not degraded:
 *                          test not overdue, no open or in-progress finding);
 *                          0 when there is none. Planned, ineffective, retired and
 *                          degraded controls never count.
 *   residual likelihood  = likelihood × Π over layers (1 − best(layer) / 100)
 *   residual class       = the residual likelihood rounded up, clamped to 1 … 5
 *                          (4 × 50 % = 2.0 is class 2; 3 × 40 % = 1.2 is class 2;
 *                          a fully stopped threat is class 1)
 *   residual level       = the matrix cell (residual class, consequence)
 *   stop layer           = the outermost layer with best > 0; none: the threat
 *                          passes through
 *   unopposed layers     = the layers with best = 0, outside in
 *
 * Layers act independently: each removes its share of what got past the ones
 * outside it, so the order of the layers changes where a threat stops but not
 * its residual likelihood. */
void         psems_threat_assess   (const PsemsThreat     *threat,
                                    GPtrArray             *layers,
                                    GPtrArray             *controls,
                                    const PsemsRiskMatrix *matrix,
                                    PsemsThreatAssessment *out);

GPtrArray   *psems_threat_validate (PsemsStore        *store,
                                    const PsemsThreat *threat);
gint64       psems_threat_create   (PsemsStore        *store,
                                    PsemsActor        *actor,
                                    const PsemsThreat *threat,
                                    char             **ref,
                                    GError           **error);
/* Updates the fields and replaces the mitigating controls with threat->control_ids. */
gboolean     psems_threat_update   (PsemsStore        *store,
                                    PsemsActor        *actor,
                                    const PsemsThreat *threat,
                                    GError           **error);
/* Adds (@link TRUE) or removes one mitigating control. A control of another facility is refused. */
gboolean     psems_threat_link     (PsemsStore        *store,
                                    PsemsActor        *actor,
                                    gint64             threat_id,
                                    gint64             control_id,
                                    gboolean           link,
                                    GError           **error);
PsemsThreat *psems_threat_get      (PsemsStore        *store,
                                    gint64             id,
                                    const char        *as_of,
                                    GError           **error);
/* Scenarios of a facility (0: all), by inherent score (highest first), then name. */
GPtrArray   *psems_threat_list     (PsemsStore        *store,
                                    gint64             facility_id,
                                    const char        *as_of,
                                    GError           **error);
gint64       psems_threat_resolve  (PsemsStore        *store,
                                    const char        *text,
                                    GError           **error);

/* The facility security assessment record (ISPS A/15). */
typedef struct
{
  gint64 id;             /* 0 for a new one */
  char *ref;             /* PFSA-2026-0001 */
  gint64 facility_id;
  char *title;
  char *assessed_on;
  char *assessor;
  char *organization;    /* nullable: the RSO */
  char *approved_on;     /* nullable */
  char *approved_by;     /* nullable; needed with approved_on */
  char *review_due;      /* nullable */
  char *summary;         /* nullable */
  /* read-only */
  gboolean review_overdue;  /* review_due before the day asked for */
  int n_threats;
} PsemsPfsa;

PsemsPfsa   *psems_pfsa_new        (void);
void         psems_pfsa_free       (PsemsPfsa *pfsa);
GPtrArray   *psems_pfsa_validate   (const PsemsPfsa *pfsa);
/* Creates (id 0) or updates the record. */
gboolean     psems_pfsa_save       (PsemsStore      *store,
                                    PsemsActor      *actor,
                                    PsemsPfsa       *pfsa,     /* id and ref set on creation */
                                    GError         **error);
/* The facility's latest assessment (by assessed_on); NULL without error when it has none. */
PsemsPfsa   *psems_pfsa_get_current (PsemsStore     *store,
                                     gint64          facility_id,
                                     const char     *as_of,
                                     GError        **error);
GPtrArray   *psems_pfsa_list       (PsemsStore      *store,
                                    gint64           facility_id,
                                    const char      *as_of,
                                    GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsRiskMatrix, psems_risk_matrix_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsThreat, psems_threat_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsPfsa, psems_pfsa_free)

G_END_DECLS
