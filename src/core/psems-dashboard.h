/* psems-dashboard.h — the figures the dashboard shows, computed in core as plain structs. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-person.h"
#include "psems-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;
  char *ref;
  char *code;
  char *name;
  int security_level;   /* 1–3 */
} PsemsDashboardFacility;

typedef struct
{
  GDate as_of;
  GArray *facilities;             /* PsemsDashboardFacility, by code */
  gint64 persons_cleared;         /* vetting cleared and not expired as of the day */
  gint64 vetting_expiring_30d;    /* cleared, expiring within 30 days of the day */
  gint64 schedule_overdue;        /* schedule items past due and not done */
  gint64 findings_open;           /* open or in progress */
  gint64 actions_overdue;         /* open findings whose corrective action is past due */
  gint64 plans_review_due;        /* approved plans whose next review is due within 60 days (not yet past) */
  gint64 plans_review_overdue;    /* approved plans whose next review date has passed */
  gint64 persons_by_status[PSEMS_CLEARANCE_REVOKED + 1];  /* live persons by PsemsClearance as of the day */
  gint64 training_lapsed;         /* live persons with a training whose latest record lapsed before the day */
} PsemsDashboard;

PsemsDashboard *psems_dashboard_compute (PsemsStore    *store,
                                         gint64         facility_id,
                                         const GDate   *as_of,
                                         GError       **error);
PsemsDashboard *psems_dashboard_load_cached (PsemsStore  *store,
                                             gint64       facility_id,
                                             const GDate *as_of,
                                             gboolean    *exact,
                                             GError     **error);
void            psems_dashboard_free    (PsemsDashboard *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsDashboard, psems_dashboard_free)

G_END_DECLS
