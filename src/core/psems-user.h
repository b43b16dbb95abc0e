/* psems-user.h — the people who sign in: accounts, Argon2id passwords, rate-limited sign-in, facility assignment. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

/* After this many consecutive failed sign-ins for one user name, the name is
 * locked for a window that doubles with every further failure. */
#define PSEMS_SIGN_IN_FREE_ATTEMPTS 5
#define PSEMS_SIGN_IN_FIRST_LOCK_SECONDS 30
#define PSEMS_SIGN_IN_MAX_LOCK_SECONDS (60 * 60)

#define PSEMS_PASSWORD_MIN_LENGTH 12

/* Plain value struct, as PsemsFacility: read from the store, or filled in as
 * the input of psems_user_create() / psems_user_update(). */
typedef struct
{
  gint64 id;               /* 0 for a new user */
  char *ref;               /* USR-2026-0001, assigned on creation */
  char *user_name;         /* what the user types to sign in; unique, case-insensitive */
  char *full_name;         /* nullable */
  char *email;             /* nullable */
  PsemsRole role;
  gboolean disabled;       /* read-only here: psems_user_disable() / psems_user_enable() */
  char *last_sign_in_at;   /* read-only; nullable; UTC, YYYY-MM-DDTHH:MM:SSZ */
  char *created_at;        /* read-only */
  GArray *facility_ids;    /* read-only: gint64 ids of the facilities assigned
                            * (psems_user_assign_facilities()); never NULL from the store */
} PsemsUser;

PsemsUser  *psems_user_new               (void);
void        psems_user_free              (PsemsUser *user);

/* Number of users (disabled ones included); -1 and @error when the database
 * cannot be read. */
gint64      psems_user_count             (PsemsStore *store,
                                          GError    **error);
/* Whether opening this database needs a sign-in: some enabled user has a
 * password. Otherwise it is in single-user mode: the operating-system login
 * acts as administrator (psems_actor_new_for_login()). Users without a
 * password (the demo's, or accounts not yet given one) cannot sign in. On a
 * read error returns TRUE (the safe answer) and sets @error. */
gboolean    psems_user_sign_in_required  (PsemsStore *store,
                                          GError    **error);

/* Every field problem of @user (user_name, full_name, email, role); the UI
 * marks them inline. Does not look at the password. */
GPtrArray  *psems_user_validate          (PsemsStore      *store,
                                          const PsemsUser *user);

/* NULL when @password is acceptable; otherwise a translated sentence saying
 * what is wrong ("at least 12 characters, or a passphrase of 4 words …").
 * @user_name (nullable): a password containing the user name is refused. */
char       *psems_password_check_strength (const char *password,
                                           const char *user_name);

GPtrArray  *psems_user_list              (PsemsStore *store,
                                          gboolean    include_disabled,
                                          GError    **error);
PsemsUser  *psems_user_get               (PsemsStore *store,
                                          gint64      id,
                                          GError    **error);
/* @text: a reference (USR-2026-0001), a user name (case-insensitive) or an id. */
gint64      psems_user_resolve           (PsemsStore *store,
                                          const char *text,
                                          GError    **error);

/* Administrators only. While no account can sign in (single-user mode, the
 * operating-system login acting), the account created or given the first
 * password must be an administrator, so administration is never locked out. The
 * password is checked with psems_password_check_strength() and stored as an
 * Argon2id hash; the caller should wipe its own copy (sodium_memzero). */
gint64      psems_user_create            (PsemsStore      *store,
                                          PsemsActor      *actor,
                                          const PsemsUser *user,
                                          const char      *password,
                                          char           **ref,
                                          GError         **error);
/* Changes user_name, full_name, email and role (administrators only). The last
 * enabled administrator cannot be demoted. */
gboolean    psems_user_update            (PsemsStore      *store,
                                          PsemsActor      *actor,
                                          const PsemsUser *user,
                                          GError         **error);
/* An administrator sets anyone's password; every user may set their own. */
gboolean    psems_user_set_password      (PsemsStore *store,
                                          PsemsActor *actor,
                                          gint64      id,
                                          const char *password,
                                          GError    **error);
/* Administrators only; the last enabled administrator cannot be disabled. */
gboolean    psems_user_disable           (PsemsStore *store,
                                          PsemsActor *actor,
                                          gint64      id,
                                          GError    **error);
gboolean    psems_user_enable            (PsemsStore *store,
                                          PsemsActor *actor,
                                          gint64      id,
                                          GError    **error);
/* Replaces the user's facility assignments with @facility_ids (administrators only). */
gboolean    psems_user_assign_facilities (PsemsStore   *store,
                                          PsemsActor   *actor,
                                          gint64        id,
                                          const gint64 *facility_ids,
                                          guint         n_facility_ids,
                                          GError      **error);

/**
 * psems_user_sign_in:
 * @actor_out: (out): on success, the signed-in user's actor (role and
 *   assigned facilities set)
 *
 * Unknown user name and wrong password fail alike (%PSEMS_ERROR_PERMISSION,
 * the same message), so a sign-in page never tells which names exist. After
 * %PSEMS_SIGN_IN_FREE_ATTEMPTS consecutive failures for a name the name is
 * locked (%PSEMS_ERROR_BUSY, the message says for how long); the count is in
 * the database, so restarting does not reset it. Success and failure are
 * written to the audit trail, never the password. A disabled account is
 * refused (%PSEMS_ERROR_PERMISSION) only after its password is verified.
 */
gboolean    psems_user_sign_in           (PsemsStore  *store,
                                          const char  *user_name,
                                          const char  *password,
                                          PsemsActor **actor_out,
                                          GError     **error);
/* Seconds until @user_name may try again (0 when it may try now). */
gint64      psems_user_sign_in_wait      (PsemsStore *store,
                                          const char *user_name,
                                          GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsUser, psems_user_free)

G_END_DECLS
