/* psems-welcome-page.h — the window without a database: create one, open one, explore demo data, or reopen a recent one. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PSEMS_TYPE_WELCOME_PAGE (psems_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsWelcomePage, psems_welcome_page, PSEMS, WELCOME_PAGE, GtkWidget)

GtkWidget *psems_welcome_page_new          (void);
/* The settings whose `recent-databases` the page lists and edits; %NULL: none listed. */
void       psems_welcome_page_set_settings (PsemsWelcomePage *self,
                                            GSettings        *settings);
/* Why the last database could not be opened, shown on the page; %NULL hides it. */
void       psems_welcome_page_show_error   (PsemsWelcomePage *self,
                                            const char       *heading,
                                            const char       *message);
gboolean   psems_welcome_page_get_busy     (PsemsWelcomePage *self);

/* Where "Explore Demo Data" writes its throwaway database (in the user's cache). */
char      *psems_welcome_dup_demo_path     (void);
gboolean   psems_welcome_is_demo_path      (const char       *path);

G_END_DECLS
