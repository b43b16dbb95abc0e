/* psems-person-import.h — CSV import and export of persons and trainings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "psems-actor.h"
#include "psems-person.h"
#include "psems-store.h"

G_BEGIN_DECLS

/* Persons CSV (RFC 4180, UTF-8 with or without BOM, CRLF or LF; columns matched
 * by header name, case-insensitive, unknown columns refused; dates ISO 8601 YYYY-MM-DD):
 *   badge_no          required; unique per authority (the upsert key)
 *   given_name        required
 *   family_name       required
 *   display_name      optional; default "given_name family_name"
 *   employer          required
 *   job_title         optional
 *   nationality       optional; ISO 3166-1 alpha-2 (GB)
 *   date_of_birth     optional
 *   email             optional
 *   phone             optional
 *   vetting_level     optional; a vetting level code (e.g. SV); with it a vetting is recorded
 *   vetting_status    with vetting_level: pending|cleared|refused|suspended|revoked (default pending)
 *   vetting_issued    required when cleared
 *   vetting_expires   required when cleared unless the level has a validity
 *   vetting_authority optional
 *   vetting_ref       optional; the authority's reference
 *   areas             optional; ';'-separated restricted-area codes, or FACILITY:AREA
 * Trainings CSV:
 *   badge_no          required; an existing person's badge
 *   course            required; a training course code
 *   completed_on      required
 *   expires_on        optional; default completed_on + the course's validity
 *   provider          optional
 */

typedef enum
{
  PSEMS_IMPORT_INSERT,   /* every badge must be new */
  PSEMS_IMPORT_UPSERT,   /* a known badge updates that person */
} PsemsImportMode;

typedef enum
{
  PSEMS_IMPORT_FLAGS_NONE = 0,
  PSEMS_IMPORT_DRY_RUN = 1 << 0,       /* validate and count; write nothing */
  PSEMS_IMPORT_SKIP_INVALID = 1 << 1,  /* import the valid rows; rejected ones go to the rejects file */
} PsemsImportFlags;

typedef struct
{
  char *file;        /* the file's basename as given */
  guint line;        /* physical line (1-based) where the record starts; 0: the whole file */
  char *field;       /* column name, or "file" / "header" */
  char *reason;      /* translated */
} PsemsImportProblem;

typedef struct
{
  guint rows_read;
  guint inserted;
  guint updated;
  guint rejected;
  gboolean written;        /* FALSE on dry run or when refused */
  char *sha256;            /* of the file's bytes */
  GPtrArray *problems;     /* PsemsImportProblem, in line order */
} PsemsImportReport;

/* Called from the importing thread: @done rows (or bytes) of @total; total 0 when unknown. */
typedef void (*PsemsImportProgressFunc) (guint64  done,
                                         guint64  total,
                                         gpointer user_data);

void    psems_import_problem_free  (PsemsImportProblem *problem);
char   *psems_import_problem_format (const PsemsImportProblem *problem);  /* "file:line: field: reason" */
void    psems_import_report_free   (PsemsImportReport  *report);

/* Returns the report (also on refusal because of invalid rows: then an error
 * PSEMS_ERROR_INVALID is set too, and nothing is written). NULL with @error
 * when the file cannot be read, the import is cancelled (nothing written) or the
 * write fails. One audit entry: entity "person", action "import", with the file
 * name, SHA-256 and counts. */
PsemsImportReport *psems_person_import_csv    (PsemsStore              *store,
                                               PsemsActor              *actor,
                                               const char              *path,
                                               PsemsImportMode          mode,
                                               PsemsImportFlags         flags,
                                               const char              *rejects_path,
                                               GCancellable            *cancellable,
                                               PsemsImportProgressFunc  progress,
                                               gpointer                 user_data,
                                               GError                 **error);
/* Trainings keyed by badge; mode is insert only (a training record is a new row). */
PsemsImportReport *psems_training_import_csv  (PsemsStore              *store,
                                               PsemsActor              *actor,
                                               const char              *path,
                                               PsemsImportFlags         flags,
                                               const char              *rejects_path,
                                               GCancellable            *cancellable,
                                               PsemsImportProgressFunc  progress,
                                               gpointer                 user_data,
                                               GError                 **error);

/* Exports the query's persons in the import's column set (header row first). */
gboolean psems_person_export_csv        (PsemsStore             *store,
                                         const PsemsPersonQuery *query,
                                         GOutputStream          *out,
                                         GCancellable           *cancellable,
                                         GError                **error);
gboolean psems_person_export_csv_to_path (PsemsStore             *store,
                                          const PsemsPersonQuery *query,
                                          const char             *path,
                                          GError                **error);
/* The same with Cancel (nothing written then) and progress (rows written of rows counted). */
gboolean psems_person_export_csv_to_file (PsemsStore              *store,
                                          const PsemsPersonQuery  *query,
                                          const char              *path,
                                          GCancellable            *cancellable,
                                          PsemsImportProgressFunc  progress,
                                          gpointer                 user_data,
                                          GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsImportProblem, psems_import_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsImportReport, psems_import_report_free)

G_END_DECLS
