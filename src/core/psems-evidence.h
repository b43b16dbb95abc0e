/* psems-evidence.h — evidence files kept in the database with their SHA-256, attached to records. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "psems-actor.h"
#include "psems-store.h"
#include "psems-transaction.h"

G_BEGIN_DECLS

/* The largest file kept as evidence: scans, photos and letters fit; videos
 * do not belong in the database. */
#define PSEMS_EVIDENCE_MAX_SIZE (64 * 1024 * 1024)

typedef struct
{
  gint64 id;
  char *ref;            /* EVD-2026-0001 */
  char *file_name;      /* the name it was added under, without folders */
  char *media_type;     /* application/pdf, image/jpeg, … */
  gint64 size;          /* bytes */
  char *sha256;         /* 64 lower-case hex digits of the content */
  char *description;    /* nullable */
  char *added_on;       /* YYYY-MM-DD */
  char *added_by;       /* nullable */
  GStrv attached_to;    /* "dos:DOS-2026-0001", "answer:12", … in kind order */
} PsemsEvidence;

void           psems_evidence_free          (PsemsEvidence  *evidence);

const char * const *psems_evidence_kinds    (void);
gint64         psems_evidence_resolve_record (PsemsStore    *store,
                                              const char    *kind,
                                              const char    *text,
                                              GError       **error);

gint64         psems_evidence_add           (PsemsStore     *store,
                                             PsemsActor     *actor,
                                             const char     *path,
                                             const char     *description,
                                             char          **ref,
                                             gboolean       *reused,
                                             GError        **error);
gint64         psems_evidence_add_to        (PsemsStore     *store,
                                             PsemsActor     *actor,
                                             const char     *path,
                                             const char     *description,
                                             const char     *kind,
                                             gint64          record_id,
                                             char          **ref,
                                             gboolean       *reused,
                                             GError        **error);
gint64         psems_evidence_add_in_transaction (PsemsTransaction *txn,
                                                  const char       *path,
                                                  const char       *description,
                                                  const char       *kind,
                                                  gint64            record_id,
                                                  char            **ref,
                                                  gboolean         *reused,
                                                  GError          **error);
gboolean       psems_evidence_attach        (PsemsStore     *store,
                                             PsemsActor     *actor,
                                             gint64          evidence_id,
                                             const char     *kind,
                                             gint64          record_id,
                                             GError        **error);
PsemsEvidence *psems_evidence_get           (PsemsStore     *store,
                                             gint64          id,
                                             GError        **error);
GPtrArray     *psems_evidence_list          (PsemsStore     *store,
                                             const char     *kind,
                                             gint64          record_id,
                                             GError        **error);
gint64         psems_evidence_resolve       (PsemsStore     *store,
                                             const char     *text,
                                             GError        **error);
GBytes        *psems_evidence_get_content   (PsemsStore     *store,
                                             gint64          id,
                                             GError        **error);
gboolean       psems_evidence_save_to       (PsemsStore     *store,
                                             gint64          id,
                                             const char     *path,
                                             gboolean        overwrite,
                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsEvidence, psems_evidence_free)

G_END_DECLS
