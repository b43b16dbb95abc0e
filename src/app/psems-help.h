/* psems-help.h — the user guide (F1): through the system's help viewer when it has the guide, or
 * the guide's HTML version in the web browser otherwise. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

const char *psems_help_page_for_section (const char  *section);
char       *psems_help_get_uri          (const char  *page,
                                         GError     **error);
gboolean    psems_help_show             (GtkWindow   *parent,
                                         const char  *page,
                                         GError     **error);

G_END_DECLS
