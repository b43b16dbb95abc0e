/* psems-page-habits.h — what every section page does the same way: Ctrl+F and Ctrl+N as page.find
 * and page.new, searching what a list shows, and whether the acting user may create a record. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

void     psems_page_install_habits   (GtkWidgetClass     *widget_class,
                                      GtkWidgetActionActivateFunc find,
                                      GtkWidgetActionActivateFunc create);
gboolean psems_page_may_create       (PsemsStore         *store,
                                      PsemsActor         *actor,
                                      const char         *entity);
void     psems_page_bind_list_search (GtkSearchBar       *bar,
                                      GtkSearchEntry     *entry,
                                      GtkListBox         *first_list,
                                      ...) G_GNUC_NULL_TERMINATED;
void     psems_page_start_search     (GtkSearchBar       *bar,
                                      GtkSearchEntry     *entry);
gboolean psems_page_row_matches      (GtkWidget          *row,
                                      const char         *text);

G_END_DECLS
