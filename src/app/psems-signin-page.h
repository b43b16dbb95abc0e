/* psems-signin-page.h — who works on the database: signing in, or on a new database creating the administrator or choosing single-user mode. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

/**
 * PsemsSigninStep:
 * @PSEMS_SIGNIN_STEP_NONE: nothing to ask: no database, or a database where no account can sign
 *   in (none has a password) that was not just created (single-user mode)
 * @PSEMS_SIGNIN_STEP_SIGN_IN: an enabled account has a password: someone must sign in
 * @PSEMS_SIGNIN_STEP_FIRST_USER: a database just created: create its administrator, or
 *   choose single-user mode
 *
 * What the page asks for the database it was given.
 */
typedef enum
{
  PSEMS_SIGNIN_STEP_NONE,
  PSEMS_SIGNIN_STEP_SIGN_IN,
  PSEMS_SIGNIN_STEP_FIRST_USER,
} PsemsSigninStep;

#define PSEMS_TYPE_SIGNIN_PAGE (psems_signin_page_get_type ())

G_DECLARE_FINAL_TYPE (PsemsSigninPage, psems_signin_page, PSEMS, SIGNIN_PAGE, GtkWidget)

GtkWidget       *psems_signin_page_new       (void);
/* Reads whether @store has users and returns what the page will ask. */
PsemsSigninStep  psems_signin_page_set_store (PsemsSigninPage *self,
                                              PsemsStore      *store);
PsemsSigninStep  psems_signin_page_get_step  (PsemsSigninPage *self);
/* Back to an empty sign-in form (sign-out, switch user); forgets the signed-in actor. */
void             psems_signin_page_reset     (PsemsSigninPage *self);
/* The actor of the last successful sign-in; %NULL before one. */
PsemsActor      *psems_signin_page_get_actor (PsemsSigninPage *self);
/* TRUE while a password is being checked or an administrator created. */
gboolean         psems_signin_page_get_busy  (PsemsSigninPage *self);

G_END_DECLS
