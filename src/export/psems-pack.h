/* psems-pack.h — a facility's compliance pack: one PDF an auditor reviews (cover, summary, plan,
 * PFSA, controls, diagram, threats, schedule compliance, declarations, findings, GAP scores,
 * incidents, evidence, personnel, sign-off), with FILE.pdf.sha256 beside it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

/* Sections, in the pack's order. The cover and the contents are always there. */
typedef enum
{
  PSEMS_PACK_SUMMARY      = 1 << 0,   /* facility summary */
  PSEMS_PACK_PLAN         = 1 << 1,   /* plan status, approval, review, element coverage, gaps */
  PSEMS_PACK_PFSA         = 1 << 2,
  PSEMS_PACK_CONTROLS     = 1 << 3,   /* by layer and domain, status, last test */
  PSEMS_PACK_DIAGRAM      = 1 << 4,
  PSEMS_PACK_THREATS      = 1 << 5,   /* risk matrix, threats, residual risk */
  PSEMS_PACK_SCHEDULE     = 1 << 6,   /* 24 months' compliance and upcoming items */
  PSEMS_PACK_DECLARATIONS = 1 << 7,
  PSEMS_PACK_FINDINGS     = 1 << 8,   /* findings and corrective actions */
  PSEMS_PACK_GAP          = 1 << 9,   /* latest GAP scores per area, chart, previous */
  PSEMS_PACK_INCIDENTS    = 1 << 10,  /* incidents and lessons */
  PSEMS_PACK_EVIDENCE     = 1 << 11,  /* evidence with SHA-256 */
  PSEMS_PACK_PERSONNEL    = 1 << 12,  /* counts; the named list only with include_personnel */
  PSEMS_PACK_SIGNOFF      = 1 << 13,
} PsemsPackSection;

#define PSEMS_PACK_ALL_SECTIONS 0x3FFFu
#define PSEMS_PACK_N_SECTIONS   14

/* The section's key ("summary", "plan", "pfsa", "controls", "diagram", "threats", "schedule",
 * "declarations", "findings", "gap", "incidents", "evidence", "personnel", "signoff") and its
 * translated title. */
const char *psems_pack_section_to_string (PsemsPackSection section);
const char *psems_pack_section_get_title (PsemsPackSection section);
/* Parses a comma-separated list of keys ("all" for every section); an unknown key is
 * PSEMS_ERROR_INVALID naming it and listing the valid ones. */
gboolean    psems_pack_sections_parse    (const char       *list,
                                          guint            *sections,
                                          GError          **error);

typedef struct
{
  gint64 facility_id;
  char *as_of;               /* "YYYY-MM-DD"; NULL for today */
  char *marking;             /* e.g. "OFFICIAL-SENSITIVE"; NULL or "" for none */
  guint sections;            /* PsemsPackSection bits; 0 means every section */
  gboolean include_personnel;/* the named list of persons (needs read access to vetting) */
  char *logo_path;           /* PNG or JPEG for the cover; NULL for none */
  char *prepared_by;         /* NULL: the actor's name */
} PsemsPackOptions;

PsemsPackOptions *psems_pack_options_new  (void);
void              psems_pack_options_free (PsemsPackOptions *options);

typedef struct
{
  char reference[32];        /* the pack's reference, e.g. "PACK-FAC-2026-0001-20261126" */
  guint n_pages;
  guint64 n_bytes;
  char sha256[65];
  char *sha256_path;         /* FILE.pdf.sha256 */
  char *audit_head;          /* the audit trail's head hash at export time */
} PsemsPackResult;

void psems_pack_result_clear (PsemsPackResult *result);

/* @fraction 0 … 1 and what is being done ("Controls", "Writing page 12 of 80"). */
typedef void (*PsemsPackProgressFunc) (double      fraction,
                                       const char *what,
                                       gpointer    user_data);

/* Builds and writes the pack of options->facility_id to @path (and @path.sha256), as of
 * options->as_of; appends one audit entry (the file name, its SHA-256 and page count).
 * Safe to call from a worker thread with a worker store. A failure leaves neither file behind
 * and an older pair untouched. Errors: PSEMS_ERROR_NOT_FOUND (facility), PSEMS_ERROR_PERMISSION
 * (personnel names without vetting access), PSEMS_ERROR_INVALID (options), PSEMS_ERROR_FAILED
 * (the write, naming @path), G_IO_ERROR_CANCELLED. */
gboolean psems_pack_export (PsemsStore             *store,
                            PsemsActor             *actor,
                            const PsemsPackOptions *options,
                            const char             *path,
                            PsemsPackProgressFunc   progress,
                            gpointer                progress_data,
                            GCancellable           *cancellable,
                            PsemsPackResult        *result,
                            GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsPackOptions, psems_pack_options_free)

G_END_DECLS
