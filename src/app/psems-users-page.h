/* psems-users-page.h — the people who sign in: their roles, facilities, last sign-in; adding, editing, resetting passwords and disabling (administrators only). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_USERS_PAGE (psems_users_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsUsersPage, psems_users_page, PSEMS, USERS_PAGE, GtkWidget)

GtkWidget *psems_users_page_new       (void);
void       psems_users_page_set_store (PsemsUsersPage *self,
                                       PsemsStore     *store,
                                       PsemsActor     *actor);

G_END_DECLS
