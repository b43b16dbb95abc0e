/* psems-backup-ui.h — the application's backups: the Back Up Database… dialog, automatic backups, open-error headings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-core.h"

G_BEGIN_DECLS

void        psems_backup_ui_run                (GtkWindow    *parent,
                                                PsemsStore   *store);
void        psems_backup_ui_schedule_automatic (GtkWidget    *window,
                                                PsemsStore   *store,
                                                GSettings    *settings);
const char *psems_backup_ui_open_error_heading (const GError *error);

G_END_DECLS
