/* psems-backup.h — backups of a PSeMS database: online copy, optional encryption, check, restore, rotation. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "psems-store.h"

G_BEGIN_DECLS

/* The file name every backup file ends with; rotation only touches
 * "<database name>-YYYYMMDD-HHMMSS.psems-backup" (UTC). */
#define PSEMS_BACKUP_SUFFIX ".psems-backup"
/* The first bytes of an encrypted backup (a plain one is an SQLite file). */
#define PSEMS_BACKUP_MAGIC "PSEMSBK1"

/**
 * PsemsBackupProgressFunc:
 * @fraction: how much is copied, 0 to 1
 *
 * Called from the thread that makes the backup, after each chunk.
 */
typedef void (*PsemsBackupProgressFunc) (double   fraction,
                                         gpointer user_data);

gboolean  psems_backup_write          (PsemsStore               *store,
                                       const char               *path,
                                       const char               *passphrase,
                                       PsemsBackupProgressFunc   progress,
                                       gpointer                  progress_data,
                                       GCancellable             *cancellable,
                                       GError                  **error);
gboolean  psems_backup_is_encrypted   (const char               *path,
                                       gboolean                 *encrypted,
                                       GError                  **error);
gboolean  psems_backup_check          (const char               *path,
                                       const char               *passphrase,
                                       int                      *schema_version,
                                       GError                  **error);
gboolean  psems_backup_restore        (const char               *db_path,
                                       const char               *backup_path,
                                       const char               *passphrase,
                                       char                    **kept_path,
                                       GError                  **error);
char     *psems_backup_default_folder (const char               *db_path);
char     *psems_backup_automatic      (PsemsStore               *store,
                                       const char               *folder,
                                       guint                     keep,
                                       GCancellable             *cancellable,
                                       GError                  **error);
guint     psems_backup_rotate         (const char               *folder,
                                       const char               *db_path,
                                       guint                     keep,
                                       GError                  **error);

G_END_DECLS
