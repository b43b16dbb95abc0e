/* psems-register.h — the registers auditors ask for as spreadsheets: findings and corrective
 * actions, the controls matrix, schedule compliance; as XLSX (libxlsxwriter) or CSV. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

typedef enum
{
  PSEMS_REGISTER_FINDINGS,   /* findings with their corrective actions */
  PSEMS_REGISTER_CONTROLS,   /* controls × layer, domain, function, status, tests, regulations, threats */
  PSEMS_REGISTER_SCHEDULE,   /* each occurrence of the last 24 months: due, done, on time or late */
} PsemsRegisterKind;

#define PSEMS_REGISTER_N_KINDS 3

/* "findings", "controls", "schedule" and the translated title. */
const char *psems_register_kind_to_string   (PsemsRegisterKind  kind);
const char *psems_register_kind_get_title   (PsemsRegisterKind  kind);
gboolean    psems_register_kind_from_string (const char        *text,
                                             PsemsRegisterKind *kind);

typedef enum
{
  PSEMS_REGISTER_XLSX,
  PSEMS_REGISTER_CSV,
} PsemsRegisterFormat;

/* The format from @path's extension (.xlsx or .csv, any case); FALSE for any other. */
gboolean psems_register_format_from_path (const char          *path,
                                          PsemsRegisterFormat *format);

/* Writes register @kind of @facility_id (0: every facility) as of @as_of (NULL: today) to @path
 * in the format of its extension: a temporary file renamed when complete, so a failure leaves
 * no file and an older one untouched. XLSX has a header row (bold, frozen, filtered), typed cells
 * (dates as dates, numbers as numbers) and fitted column widths; CSV is RFC 4180 UTF-8.
 * @n_rows (nullable) receives the number of data rows. Errors name @path. */
gboolean psems_register_export (PsemsStore        *store,
                                PsemsActor        *actor,
                                PsemsRegisterKind  kind,
                                gint64             facility_id,
                                const char        *as_of,
                                const char        *path,
                                guint             *n_rows,
                                GError           **error);

G_END_DECLS
