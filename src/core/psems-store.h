/* psems-store.h — the one door to a PSeMS database file: open, identify, migrate, signal changes. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* "PSeM" — written in the SQLite header so a PSeMS file is known before anything writes. */
#define PSEMS_APPLICATION_ID 0x5053654d

typedef enum
{
  PSEMS_STORE_OPEN_DEFAULT   = 0,
  PSEMS_STORE_OPEN_CREATE    = 1 << 0,  /* a missing or empty file becomes a new database */
  PSEMS_STORE_OPEN_READ_ONLY = 1 << 1,  /* never write; refuse a file that needs migrating */
} PsemsStoreOpenFlags;

#define PSEMS_TYPE_STORE (psems_store_get_type ())

G_DECLARE_FINAL_TYPE (PsemsStore, psems_store, PSEMS, STORE, GObject)

PsemsStore  *psems_store_open                     (const char           *path,
                                                   PsemsStoreOpenFlags   flags,
                                                   GError              **error);
PsemsStore  *psems_store_open_worker              (PsemsStore           *self,
                                                   GError              **error);
const char  *psems_store_get_path                 (PsemsStore           *self);
int          psems_store_get_schema_version       (PsemsStore           *self);
gboolean     psems_store_get_read_only            (PsemsStore           *self);
gboolean     psems_store_get_created              (PsemsStore           *self);
int          psems_store_get_latest_schema_version (void);
char        *psems_store_default_path             (void);
char        *psems_store_dup_setting              (PsemsStore           *self,
                                                   const char           *key);
gboolean     psems_store_check_integrity          (PsemsStore           *self,
                                                   GError              **error);
/* Which network filesystem a statfs() type (and mountinfo type, for FUSE) is; NULL for a local
 * one. Databases on network shares open read-only only. */
const char  *psems_store_network_share_kind       (guint32               magic,
                                                   const char           *mount_type);

G_END_DECLS
