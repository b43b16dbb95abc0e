/* psems-pack-private.h — what the pack's orchestration (psems-pack.c) and its sections
 * (psems-pack-sections.c) share: the context of one export. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-core.h"
#include "psems-pack.h"
#include "psems-pdf.h"

G_BEGIN_DECLS

/* Cell tints shared by every section's tables. */
#define PSEMS_PACK_FILL_GOOD  0xDCEFE1u
#define PSEMS_PACK_FILL_WARN  0xFCEFC7u
#define PSEMS_PACK_FILL_BAD   0xF6D2D2u
#define PSEMS_PACK_FILL_MUTED 0xECECECu

typedef struct
{
  PsemsStore *store;
  PsemsActor *actor;
  const PsemsPackOptions *options;
  PsemsFacility *facility;
  PsemsPdfDoc *doc;
  GCancellable *cancellable;
  guint sections;            /* PsemsPackSection bits */
  char *as_of;               /* YYYY-MM-DD */
  PsemsDay as_of_day;
  GDate as_of_date;
  char *as_of_text;          /* "26 November 2026" */
  char *as_of_instant;       /* the end of the as-of day, "YYYY-MM-DDT23:59:59Z" */
  gboolean names_allowed;    /* include_personnel and the actor may read vettings */
  const char *reference;     /* the pack's reference */
  /* Building progress, reported by the orchestration between sections and by the personnel
   * section while it reads many persons. */
  void (*step) (gpointer data, double within, const char *what);
  gpointer step_data;
} PsemsPackContext;

typedef gboolean (*PsemsPackSectionFunc) (PsemsPackContext *ctx,
                                          GError          **error);

gboolean psems_pack_add_summary      (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_plan         (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_pfsa         (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_controls     (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_diagram      (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_threats      (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_schedule     (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_declarations (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_findings     (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_gap          (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_incidents    (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_evidence     (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_personnel    (PsemsPackContext *ctx, GError **error);
gboolean psems_pack_add_signoff      (PsemsPackContext *ctx, GError **error);

/* The facility's security level on a day, from its history (0 when none was recorded by then). */
int      psems_pack_level_on         (PsemsPackContext *ctx,
                                      GError          **error);

G_END_DECLS
