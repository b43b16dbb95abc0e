/* psems-verify.h — tamper evidence: the trail's hash chain, a head recorded outside, data rows changed behind the app's back; reading the trail. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "psems-store.h"

G_BEGIN_DECLS

typedef enum
{
  PSEMS_VERIFY_TRAIL_BROKEN,   /* an entry's content or link to the one before does not match */
  PSEMS_VERIFY_HEAD_MISSING,   /* the expected head is not an entry of the chain */
  PSEMS_VERIFY_ROW_ALTERED,    /* a row differs from the after-image of its last entry */
  PSEMS_VERIFY_ROW_UNRECORDED, /* a row no entry accounts for: inserted behind the app */
  PSEMS_VERIFY_ROW_MISSING,    /* the trail says the row exists; it does not */
} PsemsVerifyKind;

/**
 * PsemsVerifyProblem:
 * @table: the SQL table ("audit_trail" for the chain itself)
 * @ref: the row's readable reference, or "#<id>" when it has none; for the
 *   trail, "entry <id>"; %NULL for the expected head
 * @entry_id: the trail entry concerned, 0 when none
 * @detail: a translated sentence saying what is wrong
 */
typedef struct
{
  PsemsVerifyKind kind;
  char *table;
  char *ref;
  gint64 entry_id;
  char *detail;
} PsemsVerifyProblem;

/**
 * PsemsVerifyReport:
 * @n_entries: trail entries checked
 * @n_rows: data rows compared with their last after-image
 * @n_bulk_rows: rows only a bulk entry (the demo, an import) or their
 *   parent's entry (a threat's mitigations) accounts for: they have no image
 *   of their own to compare
 * @head: the hash of the newest entry (the genesis hash for an empty trail)
 * @expected_entry: with an expected head: the entry it is the hash of
 *   (0 for the genesis hash or when it is absent)
 * @n_after_expected: entries appended after the expected head
 * @n_problems: every problem found; @problems may hold fewer (a cap keeps
 *   a wholly rewritten database's report readable)
 */
typedef struct
{
  gint64 n_entries;
  gint64 n_rows;
  gint64 n_bulk_rows;
  char *head;
  char *expected_head;
  gboolean expected_found;
  gint64 expected_entry;
  gint64 n_after_expected;
  double seconds;
  guint n_problems;
  GPtrArray *problems;          /* PsemsVerifyProblem */
} PsemsVerifyReport;

#define PSEMS_VERIFY_MAX_PROBLEMS 500

PsemsVerifyReport *psems_verify_run              (PsemsStore         *store,
                                                  const char         *expected_head,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
gboolean           psems_verify_report_ok        (const PsemsVerifyReport *report);
void               psems_verify_report_free      (PsemsVerifyReport  *report);
const char        *psems_verify_kind_to_string   (PsemsVerifyKind     kind);
const char        *psems_verify_kind_label       (PsemsVerifyKind     kind);
char              *psems_verify_normalize_hash   (const char         *text);
char              *psems_verify_dup_head         (PsemsStore         *store,
                                                  gint64             *n_entries,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsVerifyReport, psems_verify_report_free)

/* ───────────────────────── reading the trail (the audit page, exports) ───────────────────────── */

/**
 * PsemsTrailFilter:
 * @user: (nullable): entries by this user name (any letter case)
 * @entity: (nullable): entries about this entity ("person", …)
 * @from_at: (nullable): entries at or after this UTC stamp (the trail's
 *   format, YYYY-MM-DDTHH:MM:SS.ffffffZ, or any prefix of it)
 * @until_at: (nullable): entries before this UTC stamp
 */
typedef struct
{
  const char *user;
  const char *entity;
  const char *from_at;
  const char *until_at;
} PsemsTrailFilter;

typedef struct
{
  gint64 id;
  char *at;
  char *user_name;
  char *role;
  char *action;
  char *entity;
  gint64 entity_id;
  char *ref;
  char *before;                 /* NULL unless asked for, or none */
  char *after;
  char *hash;
} PsemsTrailEntry;

void             psems_trail_entry_free (PsemsTrailEntry        *entry);
gint64           psems_trail_count      (PsemsStore             *store,
                                         const PsemsTrailFilter *filter,
                                         GError                **error);
GPtrArray       *psems_trail_list       (PsemsStore             *store,
                                         const PsemsTrailFilter *filter,
                                         gint64                  before_id,
                                         guint                   limit,
                                         GError                **error);
PsemsTrailEntry *psems_trail_get        (PsemsStore             *store,
                                         gint64                  id,
                                         GError                **error);
GStrv            psems_trail_dup_entities (PsemsStore           *store,
                                           GError              **error);
gboolean         psems_trail_export_csv (PsemsStore             *store,
                                         const PsemsTrailFilter *filter,
                                         const char             *path,
                                         gint64                 *n_written,
                                         GError                **error);
GPtrArray       *psems_trail_diff_fields (const char            *before,
                                          const char            *after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsTrailEntry, psems_trail_entry_free)

G_END_DECLS
