/* psems-user.c — accounts, Argon2id passwords (libsodium), rate-limited sign-in, facility assignment. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "psems-audit.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"
#include "psems-user.h"

#define USER_COLUMNS \
  "SELECT u.id, u.ref, u.user_name, u.full_name, u.email, u.role, u.disabled," \
  " u.last_sign_in_at, u.created_at FROM app_user u"

#define USER_NAME_MAX 64
#define FULL_NAME_MAX 200
#define EMAIL_MAX 254
/* Argon2 takes any length; a bound keeps a pasted file from being hashed. */
#define PASSWORD_MAX_BYTES 1024

/* An enabled administrator who can sign in: the one kind of account that must never run out. */
#define ADMIN_CAN_SIGN_IN \
  "role = 'administrator' AND disabled = 0 AND deleted_at IS NULL AND password_hash IS NOT NULL"

#define THROTTLE_KEY_PREFIX "sign-in.throttle."

PsemsUser *
psems_user_new (void)
{
  PsemsUser *user = g_new0 (PsemsUser, 1);

  user->role = PSEMS_ROLE_AUDITOR;
  user->facility_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return user;
}

void
psems_user_free (PsemsUser *user)
{
  if (user == NULL)
    return;
  g_free (user->ref);
  g_free (user->user_name);
  g_free (user->full_name);
  g_free (user->email);
  g_free (user->last_sign_in_at);
  g_free (user->created_at);
  g_clear_pointer (&user->facility_ids, g_array_unref);
  g_free (user);
}

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("The cryptography library (libsodium) could not be initialised"));
      return FALSE;
    }
  return TRUE;
}

/* ───────────────────────────── reading ───────────────────────────── */

static PsemsUser *
user_from_row (sqlite3_stmt *stmt)
{
  PsemsUser *user = psems_user_new ();
  g_autofree char *role = NULL;

  user->id = sqlite3_column_int64 (stmt, 0);
  user->ref = psems_sql_dup_column (stmt, 1);
  user->user_name = psems_sql_dup_column (stmt, 2);
  user->full_name = psems_sql_dup_column (stmt, 3);
  user->email = psems_sql_dup_column (stmt, 4);
  role = psems_sql_dup_column (stmt, 5);
  if (!psems_role_from_string (role, &user->role))
    user->role = PSEMS_ROLE_AUDITOR;  /* the schema's CHECK makes this unreachable */
  user->disabled = sqlite3_column_int (stmt, 6) != 0;
  user->last_sign_in_at = psems_sql_dup_column (stmt, 7);
  user->created_at = psems_sql_dup_column (stmt, 8);
  return user;
}

static gboolean
load_facilities (PsemsStore  *store,
                 PsemsUser   *user,
                 GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  int rc;

  stmt = psems_store_prepare (store, "SELECT facility_id FROM user_facility WHERE user_id = ?1"
                                     " ORDER BY facility_id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user->id);
  g_array_set_size (user->facility_ids, 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (user->facility_ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "user_facility");
      return FALSE;
    }
  return TRUE;
}

static PsemsUser *
user_lookup (PsemsStore  *store,
             gint64       id,
             GError     **error)
{
  g_autoptr(PsemsUser) user = psems_sql_get_row (store, USER_COLUMNS " WHERE u.id = ?1 AND u.deleted_at IS NULL",
                                                 id, (PsemsRowFunc) user_from_row, "app_user", error,
                                                 _("There is no user with id %lld"), (long long) id);

  if (user == NULL || !load_facilities (store, user, error))
    return NULL;
  return g_steal_pointer (&user);
}

gint64
psems_user_count (PsemsStore  *store,
                  GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), -1);

  return psems_store_count (store, "SELECT count(*) FROM app_user WHERE deleted_at IS NULL", error);
}

gboolean
psems_user_sign_in_required (PsemsStore  *store,
                             GError     **error)
{
  gint64 n;

  g_return_val_if_fail (PSEMS_IS_STORE (store), TRUE);

  n = psems_store_count (store, "SELECT count(*) FROM app_user WHERE deleted_at IS NULL AND disabled = 0"
                                " AND password_hash IS NOT NULL", error);
  return n != 0;
}

/**
 * psems_user_get:
 *
 * Returns: (transfer full): the user with its assigned facilities, or %NULL
 * with %PSEMS_ERROR_NOT_FOUND.
 */
PsemsUser *
psems_user_get (PsemsStore  *store,
                gint64       id,
                GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return user_lookup (store, id, error);
}

/**
 * psems_user_list:
 * @include_disabled: list disabled accounts too
 *
 * Returns: (transfer full) (element-type PsemsUser): the users by user name.
 */
GPtrArray *
psems_user_list (PsemsStore  *store,
                 gboolean     include_disabled,
                 GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store, USER_COLUMNS " WHERE u.deleted_at IS NULL AND (?1 OR u.disabled = 0)"
                                     " ORDER BY u.user_name COLLATE NOCASE, u.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_disabled ? 1 : 0);
  list = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) user_from_row,
                                 (GDestroyNotify) psems_user_free, "app_user", error);
  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    if (!load_facilities (store, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

/* The live user named @name in any letter case, 0 when there is none. */
static gint64
find_by_name (PsemsStore  *store,
              const char  *name,
              GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  int rc;

  stmt = psems_store_prepare (store, "SELECT id FROM app_user WHERE user_name = ?1 COLLATE NOCASE"
                                     " AND deleted_at IS NULL ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "app_user");
      return -1;
    }
  return 0;
}

/**
 * psems_user_resolve:
 * @text: a reference (USR-2026-0001), a user name in any letter case, or an id
 *
 * Returns: the user's id, or 0 with %PSEMS_ERROR_NOT_FOUND naming @text.
 */
gint64
psems_user_resolve (PsemsStore  *store,
                    const char  *text,
                    GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *prefix = NULL;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = psems_sql_dup_field (text);
  if (trimmed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("No user given: name one by its reference or user name"));
      return 0;
    }
  if (psems_ref_parse (trimmed, &prefix, NULL, NULL) && g_str_equal (prefix, "USR"))
    return psems_ref_resolve (store, "user", trimmed, error);

  id = find_by_name (store, trimmed, error);
  if (id < 0)
    return 0;
  if (id == 0 && psems_sql_parse_id (trimmed, &id))
    {
      g_autoptr(PsemsUser) user = user_lookup (store, id, NULL);

      if (user != NULL)
        return id;
      id = 0;
    }
  if (id == 0)
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                 _("There is no user with the reference or user name “%s”"), trimmed);
  return id;
}

/* ───────────────────────────── validation ───────────────────────────── */

static gboolean
looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');
  const char *dot;

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return FALSE;
  dot = strrchr (at + 1, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

static PsemsUser *
user_normalize (const PsemsUser *user)
{
  PsemsUser *n = psems_user_new ();

  n->id = user->id;
  n->user_name = psems_sql_dup_field (user->user_name);
  n->full_name = psems_sql_dup_field (user->full_name);
  n->email = psems_sql_dup_field (user->email);
  n->role = user->role;
  return n;
}

static void
validate_normalized (PsemsStore      *store,
                     const PsemsUser *u,
                     GPtrArray       *problems)
{
  if (u->user_name == NULL)
    psems_field_problems_add (problems, "user_name", _("A user name is required"));
  else
    {
      gboolean printable = g_utf8_validate (u->user_name, -1, NULL);

      for (const char *p = u->user_name; printable && *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_isspace (c) || !g_unichar_isprint (c))
            printable = FALSE;
        }
      if (!printable)
        psems_field_problems_add (problems, "user_name",
                                  _("A user name is one word: no spaces or control characters"));
      else if (g_utf8_strlen (u->user_name, -1) > USER_NAME_MAX)
        psems_field_problems_add (problems, "user_name", _("A user name has at most %d characters"),
                                  USER_NAME_MAX);
      else
        {
          g_autoptr(GError) error = NULL;
          gint64 other = find_by_name (store, u->user_name, &error);

          if (other > 0 && other != u->id)
            psems_field_problems_add (problems, "user_name",
                                      _("The user name “%s” is already taken"), u->user_name);
        }
    }

  if (u->full_name != NULL && g_utf8_strlen (u->full_name, -1) > FULL_NAME_MAX)
    psems_field_problems_add (problems, "full_name", _("A full name has at most %d characters"),
                              FULL_NAME_MAX);

  if (u->email != NULL && (strlen (u->email) > EMAIL_MAX || !looks_like_email (u->email)))
    psems_field_problems_add (problems, "email",
                              _("“%s” is not an e-mail address (name@example.org)"), u->email);

  if ((guint) u->role >= PSEMS_N_ROLES)
    psems_field_problems_add (problems, "role",
                              _("Choose a role: administrator, security-officer, auditor or manager"));
}

/**
 * psems_user_validate:
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): every problem
 * of @user's fields, empty when there is none.
 */
GPtrArray *
psems_user_validate (PsemsStore      *store,
                     const PsemsUser *user)
{
  g_autoptr(PsemsUser) n = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  n = user_normalize (user);
  problems = psems_field_problems_new ();
  validate_normalized (store, n, problems);
  return problems;
}

/**
 * psems_password_check_strength:
 * @password: the proposed password
 * @user_name: (nullable): whose it is to be
 *
 * The rule: at least %PSEMS_PASSWORD_MIN_LENGTH characters (a passphrase of
 * a few ordinary words passes), not a single repeated pattern of few
 * characters, not only digits, and not containing the user name.
 *
 * Returns: (transfer full) (nullable): %NULL when acceptable, otherwise what
 *   is wrong, translated.
 */
char *
psems_password_check_strength (const char *password,
                               const char *user_name)
{
  GHashTable *distinct;
  glong length;
  guint n_distinct;
  gboolean digits_only = TRUE;

  if (password == NULL || *password == '\0')
    return g_strdup (_("A password is required"));
  if (!g_utf8_validate (password, -1, NULL))
    return g_strdup (_("The password is not valid UTF-8 text"));
  if (strlen (password) > PASSWORD_MAX_BYTES)
    return g_strdup_printf (_("A password has at most %d bytes"), PASSWORD_MAX_BYTES);

  length = g_utf8_strlen (password, -1);
  if (length < PSEMS_PASSWORD_MIN_LENGTH)
    return g_strdup_printf (ngettext ("The password is %ld character long: it needs at least %d"
                                      " (a passphrase of three or four words is easy to remember)",
                                      "The password is %ld characters long: it needs at least %d"
                                      " (a passphrase of three or four words is easy to remember)",
                                      (unsigned long) length),
                            length, PSEMS_PASSWORD_MIN_LENGTH);

  distinct = g_hash_table_new (NULL, NULL);
  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_hash_table_add (distinct, GUINT_TO_POINTER (c));
      if (!g_unichar_isdigit (c))
        digits_only = FALSE;
    }
  n_distinct = g_hash_table_size (distinct);
  g_hash_table_unref (distinct);

  if (digits_only)
    return g_strdup (_("The password is only digits: use letters or words too"));
  if (n_distinct < 5)
    return g_strdup (_("The password repeats too few different characters: use at least 5"));

  if (user_name != NULL && g_utf8_strlen (user_name, -1) >= 3)
    {
      g_autofree char *folded_password = g_utf8_casefold (password, -1);
      g_autofree char *folded_name = g_utf8_casefold (user_name, -1);
      gboolean contains = strstr (folded_password, folded_name) != NULL;

      sodium_memzero (folded_password, strlen (folded_password));
      if (contains)
        return g_strdup (_("The password contains the user name"));
    }
  return NULL;
}

/* ───────────────────────────── writing ───────────────────────────── */

/* The Argon2id encoded string of @password, with libsodium's interactive
 * limits (its working memory is freed before this returns). */
static char *
hash_password (const char  *password,
               GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str_alg (out, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Not enough memory to hash the password (Argon2id needs %zu MiB)"),
                   (size_t) (crypto_pwhash_MEMLIMIT_INTERACTIVE >> 20));
      return NULL;
    }
  return g_strdup (out);
}

static gboolean
check_password (const char  *password,
                const char  *user_name,
                GError     **error)
{
  g_autofree char *problem = psems_password_check_strength (password, user_name);

  if (problem == NULL)
    return TRUE;
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, "%s: password: %s",
               user_name != NULL ? user_name : _("New user"), problem);
  return FALSE;
}

/* A signed-in database refuses user administration by an actor that stands
 * for no account (the operating-system login of single-user mode): whoever
 * holds the file must still sign in as an administrator. */
static gboolean
check_actor_signed_in (PsemsStore  *store,
                       PsemsActor  *actor,
                       gboolean     sign_in_required,
                       GError     **error)
{
  if (actor != NULL && psems_actor_get_user_id (actor) == 0 && sign_in_required)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                   _("Permission denied: this database has accounts; sign in as an administrator"
                     " to manage users"));
      return FALSE;
    }
  return TRUE;
}

static gint64
count_admins_can_sign_in (PsemsStore  *store,
                          GError     **error)
{
  return psems_store_count (store, "SELECT count(*) FROM app_user WHERE " ADMIN_CAN_SIGN_IN, error);
}

/* Whether user @id is one of the administrators who can sign in. */
static int
is_admin_can_sign_in (PsemsStore  *store,
                      gint64       id,
                      GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  int rc;

  stmt = psems_store_prepare (store, "SELECT 1 FROM app_user WHERE id = ?1 AND " ADMIN_CAN_SIGN_IN, error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return 1;
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "app_user");
      return -1;
    }
  return 0;
}

/* Refuses a change that would leave a signed-in database without an
 * administrator who can sign in. */
static gboolean
check_not_last_admin (PsemsStore  *store,
                      gint64       id,
                      const char  *user_name,
                      const char  *what,
                      GError     **error)
{
  int admin = is_admin_can_sign_in (store, id, error);
  gint64 n;

  if (admin < 0)
    return FALSE;
  if (admin == 0)
    return TRUE;
  n = count_admins_can_sign_in (store, error);
  if (n < 0)
    return FALSE;
  if (n <= 1)
    {
      /* TRANSLATORS: the second %s is what was refused, e.g. "disable" */
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: role: the last administrator who can sign in cannot be %s;"
                     " make another user an administrator first"), user_name, what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
forget_throttle (PsemsStore  *store,
                 const char  *user_name,
                 GError     **error);

/**
 * psems_user_create:
 * @ref: (out) (optional): the new user's reference
 *
 * Returns: the new user's id, or 0 with an error.
 */
gint64
psems_user_create (PsemsStore      *store,
                   PsemsActor      *actor,
                   const PsemsUser *user,
                   const char      *password,
                   char           **ref,
                   GError         **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsUser) u = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  gboolean required;
  GError *local = NULL;
  int year;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (user != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  /* Checked before hashing, so a refused caller costs no Argon2 run. */
  if (!psems_actor_check (actor, PSEMS_OP_CREATE, "user", 0, error))
    return 0;
  required = psems_user_sign_in_required (store, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return 0;
    }
  if (!check_actor_signed_in (store, actor, required, error))
    return 0;

  u = user_normalize (user);
  u->id = 0;
  problems = psems_field_problems_new ();
  validate_normalized (store, u, problems);
  if (!required && u->role != PSEMS_ROLE_ADMINISTRATOR && (guint) u->role < PSEMS_N_ROLES)
    psems_field_problems_add (problems, "role",
                              _("The first account that can sign in must be an administrator"));
  if (!psems_field_problems_to_error (problems, u->user_name != NULL ? u->user_name : _("New user"), error))
    return 0;
  if (!check_password (password, u->user_name, error))
    return 0;

  hash = hash_password (password, error);
  if (hash == NULL)
    return 0;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "user", 0, error);
  if (txn == NULL)
    return 0;

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "USR", year, error);
  if (new_ref == NULL)
    return 0;

  stmt = psems_store_prepare (store,
                              "INSERT INTO app_user (ref, user_name, full_name, email, role, password_hash,"
                              " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  psems_sql_bind_text (stmt, 2, u->user_name);
  psems_sql_bind_text (stmt, 3, u->full_name);
  psems_sql_bind_text (stmt, 4, u->email);
  psems_sql_bind_text (stmt, 5, psems_role_to_string (u->role));
  psems_sql_bind_text (stmt, 6, hash);
  psems_sql_bind_text (stmt, 7, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  sodium_memzero (hash, strlen (hash));

  if (!psems_transaction_record_row (txn, "create", "user", id, NULL, error) ||
      !forget_throttle (store, u->user_name, error) ||
      !psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;

  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

/* Starts an administrator's write on user @id and reads the user as it is. */
static PsemsTransaction *
begin_on_user (PsemsStore      *store,
               PsemsActor      *actor,
               const char      *entity,
               gint64           id,
               PsemsUser      **current,
               char           **before,
               GError         **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  GError *local = NULL;
  gboolean required = psems_user_sign_in_required (store, &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (!psems_actor_check (actor, PSEMS_OP_UPDATE, entity, 0, error) ||
      !check_actor_signed_in (store, actor, required, error))
    return NULL;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, entity, 0, error);
  if (txn == NULL)
    return NULL;
  *current = user_lookup (store, id, error);
  if (*current == NULL)
    return NULL;
  if (before != NULL)
    {
      *before = psems_transaction_image (txn, "user", id, error);
      if (*before == NULL)
        return NULL;
    }
  return g_steal_pointer (&txn);
}

gboolean
psems_user_update (PsemsStore      *store,
                   PsemsActor      *actor,
                   const PsemsUser *user,
                   GError         **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsUser) current = NULL;
  g_autoptr(PsemsUser) u = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = begin_on_user (store, actor, "user", user->id, &current, &before, error);
  if (txn == NULL)
    return FALSE;

  u = user_normalize (user);
  problems = psems_field_problems_new ();
  validate_normalized (store, u, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;
  if (u->role != PSEMS_ROLE_ADMINISTRATOR &&
      !check_not_last_admin (store, u->id, current->user_name, _("given another role"), error))
    return FALSE;

  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE app_user SET user_name = ?2, full_name = ?3, email = ?4, role = ?5,"
                                     " updated_at = ?6 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, u->id);
  psems_sql_bind_text (stmt, 2, u->user_name);
  psems_sql_bind_text (stmt, 3, u->full_name);
  psems_sql_bind_text (stmt, 4, u->email);
  psems_sql_bind_text (stmt, 5, psems_role_to_string (u->role));
  psems_sql_bind_text (stmt, 6, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error) ||
      !psems_transaction_record_row (txn, "update", "user", u->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_user_set_password:
 *
 * An administrator sets anyone's password, every user their own (the
 * matrix's "password" entity). Clears the user name's failed sign-ins.
 */
gboolean
psems_user_set_password (PsemsStore  *store,
                         PsemsActor  *actor,
                         gint64       id,
                         const char  *password,
                         GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsUser) current = NULL;
  g_autoptr(PsemsUser) probe = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;
  GError *local = NULL;
  gboolean own, required;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  own = actor != NULL && psems_actor_get_user_id (actor) == id;
  if (!psems_actor_check (actor, PSEMS_OP_UPDATE, own ? "password" : "user", 0, error))
    return FALSE;
  probe = user_lookup (store, id, error);
  if (probe == NULL)
    return FALSE;
  required = psems_user_sign_in_required (store, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (!own && !check_actor_signed_in (store, actor, required, error))
    return FALSE;
  if (!required && probe->role != PSEMS_ROLE_ADMINISTRATOR)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: role: the first account that can sign in must be an administrator;"
                     " give an administrator a password first"), probe->user_name);
      return FALSE;
    }
  if (!check_password (password, probe->user_name, error))
    return FALSE;
  hash = hash_password (password, error);
  if (hash == NULL)
    return FALSE;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, own ? "password" : "user", 0, error);
  if (txn == NULL)
    return FALSE;
  current = user_lookup (store, id, error);
  if (current == NULL)
    return FALSE;
  before = psems_transaction_image (txn, "user", id, error);
  if (before == NULL)
    return FALSE;

  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE app_user SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  psems_sql_bind_text (stmt, 2, hash);
  psems_sql_bind_text (stmt, 3, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error))
    return FALSE;
  sodium_memzero (hash, strlen (hash));
  if (!psems_transaction_record_row (txn, "set-password", "user", id, before, error) ||
      !forget_throttle (store, current->user_name, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

static gboolean
set_disabled (PsemsStore  *store,
              PsemsActor  *actor,
              gint64       id,
              gboolean     disabled,
              GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsUser) current = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = begin_on_user (store, actor, "user", id, &current, &before, error);
  if (txn == NULL)
    return FALSE;
  if (current->disabled == disabled)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   disabled ? _("%s is already disabled") : _("%s is not disabled"), current->user_name);
      return FALSE;
    }
  if (disabled && !check_not_last_admin (store, id, current->user_name, _("disabled"), error))
    return FALSE;

  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE app_user SET disabled = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, disabled ? 1 : 0);
  psems_sql_bind_text (stmt, 3, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error) ||
      !psems_transaction_record_row (txn, disabled ? "disable" : "enable", "user", id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

gboolean
psems_user_disable (PsemsStore  *store,
                    PsemsActor  *actor,
                    gint64       id,
                    GError     **error)
{
  return set_disabled (store, actor, id, TRUE, error);
}

gboolean
psems_user_enable (PsemsStore  *store,
                   PsemsActor  *actor,
                   gint64       id,
                   GError     **error)
{
  return set_disabled (store, actor, id, FALSE, error);
}

static gboolean
contains_id (const gint64 *ids,
             guint         n,
             gint64        id)
{
  for (guint i = 0; i < n; i++)
    if (ids[i] == id)
      return TRUE;
  return FALSE;
}

gboolean
psems_user_assign_facilities (PsemsStore   *store,
                              PsemsActor   *actor,
                              gint64        id,
                              const gint64 *facility_ids,
                              guint         n_facility_ids,
                              GError      **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsUser) current = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (facility_ids != NULL || n_facility_ids == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  txn = begin_on_user (store, actor, "user-facility", id, &current, NULL, error);
  if (txn == NULL)
    return FALSE;

  for (guint i = 0; i < n_facility_ids; i++)
    {
      g_autoptr(PsemsCachedStmt) stmt =
        psems_store_prepare (store, "SELECT 1 FROM facility WHERE id = ?1 AND deleted_at IS NULL", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, facility_ids[i]);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                       _("%s: facilities: there is no current facility with id %lld"),
                       current->user_name, (long long) facility_ids[i]);
          return FALSE;
        }
    }

  /* Removed assignments first, each audited with its image. */
  for (guint i = 0; i < current->facility_ids->len; i++)
    {
      gint64 facility_id = g_array_index (current->facility_ids, gint64, i);
      g_autoptr(PsemsCachedStmt) find = NULL;
      g_autoptr(PsemsCachedStmt) del = NULL;
      g_autofree char *before = NULL;
      gint64 row_id;

      if (contains_id (facility_ids, n_facility_ids, facility_id))
        continue;
      find = psems_store_prepare (store, "SELECT id FROM user_facility WHERE user_id = ?1 AND facility_id = ?2",
                                  error);
      if (find == NULL)
        return FALSE;
      sqlite3_bind_int64 (find, 1, id);
      sqlite3_bind_int64 (find, 2, facility_id);
      if (sqlite3_step (find) != SQLITE_ROW)
        continue;
      row_id = sqlite3_column_int64 (find, 0);
      before = psems_transaction_image (txn, "user-facility", row_id, error);
      if (before == NULL)
        return FALSE;
      del = psems_store_prepare (store, "DELETE FROM user_facility WHERE id = ?1", error);
      if (del == NULL)
        return FALSE;
      sqlite3_bind_int64 (del, 1, row_id);
      if (!psems_sql_step_done (store, del, current->ref, error) ||
          !psems_transaction_record (txn, "delete", "user-facility", row_id, current->ref, before, NULL, error))
        return FALSE;
    }

  for (guint i = 0; i < n_facility_ids; i++)
    {
      g_autoptr(PsemsCachedStmt) ins = NULL;
      gint64 row_id;

      if (contains_id ((const gint64 *) (gpointer) current->facility_ids->data, current->facility_ids->len,
                       facility_ids[i]) ||
          contains_id (facility_ids, i, facility_ids[i]))
        continue;
      ins = psems_store_prepare (store, "INSERT INTO user_facility (user_id, facility_id) VALUES (?1, ?2)", error);
      if (ins == NULL)
        return FALSE;
      sqlite3_bind_int64 (ins, 1, id);
      sqlite3_bind_int64 (ins, 2, facility_ids[i]);
      if (!psems_sql_step_done (store, ins, current->ref, error))
        return FALSE;
      row_id = sqlite3_last_insert_rowid (psems_store_get_db (store));
      if (!psems_transaction_record_row (txn, "create", "user-facility", row_id, NULL, error))
        return FALSE;
    }
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* ───────────────────────────── sign-in ───────────────────────────── */

/* The setting that counts failed sign-ins for a user name as typed. The name
 * is stored hashed: a password typed into the name field stays unreadable. */
static char *
throttle_key (const char *user_name)
{
  g_autofree char *folded = g_utf8_casefold (user_name, -1);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, folded, -1);

  sodium_memzero (folded, strlen (folded));
  return g_strconcat (THROTTLE_KEY_PREFIX, digest, NULL);
}

typedef struct
{
  gint64 failures;
  gint64 locked_until;  /* Unix seconds, 0 for none */
} Throttle;

static void
read_throttle (PsemsStore  *store,
               const char  *user_name,
               Throttle    *throttle)
{
  g_autofree char *key = throttle_key (user_name);
  g_autofree char *value = psems_store_dup_setting (store, key);
  g_auto(GStrv) parts = NULL;

  throttle->failures = 0;
  throttle->locked_until = 0;
  if (value == NULL)
    return;
  /* "failures locked-until": a count and a Unix time (0 when not locked). */
  parts = g_strsplit (value, " ", 2);
  if (parts[0] != NULL)
    throttle->failures = g_ascii_strtoll (parts[0], NULL, 10);
  if (parts[0] != NULL && parts[1] != NULL)
    throttle->locked_until = g_ascii_strtoll (parts[1], NULL, 10);
}

static gboolean
write_throttle (PsemsStore      *store,
                const char      *user_name,
                const Throttle  *throttle,
                GError         **error)
{
  g_autofree char *key = throttle_key (user_name);
  g_autofree char *value = g_strdup_printf ("%lld %lld", (long long) throttle->failures,
                                            (long long) throttle->locked_until);
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  psems_sql_bind_text (stmt, 1, key);
  psems_sql_bind_text (stmt, 2, value);
  return psems_sql_step_done (store, stmt, "setting", error);
}

static gboolean
forget_throttle (PsemsStore  *store,
                 const char  *user_name,
                 GError     **error)
{
  g_autofree char *key = throttle_key (user_name);
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, "DELETE FROM setting WHERE key = ?1", error);

  if (stmt == NULL)
    return FALSE;
  psems_sql_bind_text (stmt, 1, key);
  return psems_sql_step_done (store, stmt, "setting", error);
}

/* The lock after @failures consecutive failures: none for the first free
 * attempts, then 30 s doubling with every further failure, up to an hour. */
static gint64
lock_seconds (gint64 failures)
{
  gint64 seconds = PSEMS_SIGN_IN_FIRST_LOCK_SECONDS;

  if (failures < PSEMS_SIGN_IN_FREE_ATTEMPTS)
    return 0;
  for (gint64 i = PSEMS_SIGN_IN_FREE_ATTEMPTS; i < failures && seconds < PSEMS_SIGN_IN_MAX_LOCK_SECONDS; i++)
    seconds *= 2;
  return MIN (seconds, PSEMS_SIGN_IN_MAX_LOCK_SECONDS);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
set_locked_error (gint64    wait,
                  GError  **error)
{
  if (wait >= 120)
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_BUSY,
                 ngettext ("Too many failed sign-ins with this user name: try again in %lld minute",
                           "Too many failed sign-ins with this user name: try again in %lld minutes",
                           (unsigned long) ((wait + 59) / 60)),
                 (long long) ((wait + 59) / 60));
  else
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_BUSY,
                 ngettext ("Too many failed sign-ins with this user name: try again in %lld second",
                           "Too many failed sign-ins with this user name: try again in %lld seconds",
                           (unsigned long) wait),
                 (long long) wait);
}

gint64
psems_user_sign_in_wait (PsemsStore  *store,
                         const char  *user_name,
                         GError     **error)
{
  g_autofree char *trimmed = NULL;
  Throttle throttle;
  gint64 now;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);

  trimmed = psems_sql_dup_field (user_name);
  if (trimmed == NULL)
    return 0;
  read_throttle (store, trimmed, &throttle);
  now = now_seconds ();
  return throttle.locked_until > now ? throttle.locked_until - now : 0;
}

/* A hash to verify against when the user name is unknown or has no password,
 * so those answers take as long as a wrong password. */
static const char *
dummy_hash (void)
{
  static gsize made;
  static char *hash;

  if (g_once_init_enter (&made))
    {
      hash = hash_password ("psems-no-such-user-placeholder", NULL);
      if (hash == NULL)
        hash = g_strdup ("");
      g_once_init_leave (&made, 1);
    }
  return hash;
}

/* Records a refused sign-in: the count and lock for the name, an audit entry
 * naming the account when there is one — never the password, and never the
 * typed name when it matches no account (it may be a password typed in the
 * wrong field). */
static gboolean
record_failure (PsemsStore       *store,
                const char       *typed_name,
                const PsemsUser  *user,
                const char       *action,
                gboolean          count_it,
                gint64           *wait,
                GError          **error)
{
  g_autoptr(PsemsActor) actor = NULL;
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autofree char *image = NULL;
  Throttle throttle;

  *wait = 0;
  if (psems_store_get_read_only (store))
    return TRUE;

  actor = user != NULL ? psems_actor_new (user->id, user->user_name, user->role)
                       : psems_actor_new (0, "unknown-user", PSEMS_ROLE_AUDITOR);
  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "sign-in", 0, error);
  if (txn == NULL)
    return FALSE;

  if (count_it)
    {
      read_throttle (store, typed_name, &throttle);
      throttle.failures++;
      *wait = lock_seconds (throttle.failures);
      throttle.locked_until = *wait > 0 ? now_seconds () + *wait : 0;
      if (!write_throttle (store, typed_name, &throttle, error))
        return FALSE;
    }

  if (user != NULL)
    {
      /* Before and after are the unchanged row, so a verifier comparing a row
       * with its last trail entry still finds them equal. */
      image = psems_transaction_image (txn, "user", user->id, error);
      if (image == NULL)
        return FALSE;
    }
  if (!psems_transaction_record (txn, action, "user", user != NULL ? user->id : 0,
                                 user != NULL ? user->ref : NULL, image, image, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

static gboolean
record_success (PsemsStore       *store,
                PsemsActor       *actor,
                const PsemsUser  *user,
                const char       *typed_name,
                const char       *password,
                const char       *stored_hash,
                GError          **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  g_autofree char *rehash = NULL;

  if (psems_store_get_read_only (store))
    return TRUE;

  /* Hashes made with weaker limits than today's are replaced while the password is at hand. */
  if (crypto_pwhash_str_needs_rehash (stored_hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      rehash = hash_password (password, error);
      if (rehash == NULL)
        return FALSE;
    }

  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "sign-in", 0, error);
  if (txn == NULL)
    return FALSE;
  before = psems_transaction_image (txn, "user", user->id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store, "UPDATE app_user SET last_sign_in_at = ?2,"
                                     " password_hash = coalesce (?3, password_hash) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user->id);
  psems_sql_bind_text (stmt, 2, now);
  psems_sql_bind_text (stmt, 3, rehash);
  if (rehash != NULL)
    sodium_memzero (rehash, strlen (rehash));
  if (!psems_sql_step_done (store, stmt, user->ref, error) ||
      !forget_throttle (store, typed_name, error) ||
      !psems_transaction_record_row (txn, "sign-in", "user", user->id, before, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

static char *
dup_password_hash (PsemsStore  *store,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = psems_store_prepare (store, "SELECT password_hash FROM app_user WHERE id = ?1",
                                                         error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return psems_sql_dup_column (stmt, 0);
}

gboolean
psems_user_sign_in (PsemsStore  *store,
                    const char  *user_name,
                    const char  *password,
                    PsemsActor **actor_out,
                    GError     **error)
{
  g_autofree char *typed = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(PsemsUser) user = NULL;
  g_autoptr(PsemsActor) actor = NULL;
  gboolean verified;
  gint64 wait, id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (actor_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *actor_out = NULL;
  if (!ensure_sodium (error))
    return FALSE;

  typed = psems_sql_dup_field (user_name);
  if (typed == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("Enter your user name"));
      return FALSE;
    }
  if (password == NULL || *password == '\0')
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("Enter your password"));
      return FALSE;
    }

  wait = psems_user_sign_in_wait (store, typed, NULL);
  if (wait > 0)
    {
      set_locked_error (wait, error);
      return FALSE;
    }

  id = find_by_name (store, typed, error);
  if (id < 0)
    return FALSE;
  if (id > 0)
    {
      user = user_lookup (store, id, error);
      if (user == NULL)
        return FALSE;
      stored = dup_password_hash (store, id, NULL);
    }

  verified = stored != NULL && strlen (password) <= PASSWORD_MAX_BYTES &&
             crypto_pwhash_str_verify (stored, password, strlen (password)) == 0;
  if (stored == NULL)
    {
      const char *dummy = dummy_hash ();

      /* The answer is wrong whatever this says: only its time matters. */
      if (*dummy != '\0' && crypto_pwhash_str_verify (dummy, password, strlen (password)) == 0)
        verified = FALSE;
    }

  if (!verified)
    {
      if (!record_failure (store, typed, user, "sign-in-failed", TRUE, &wait, error))
        return FALSE;
      if (wait > 0)
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                     ngettext ("Wrong user name or password; too many failed sign-ins: try again in %lld second",
                               "Wrong user name or password; too many failed sign-ins: try again in %lld seconds",
                               (unsigned long) wait),
                     (long long) wait);
      else
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION, _("Wrong user name or password"));
      return FALSE;
    }

  if (user->disabled)
    {
      if (!record_failure (store, typed, user, "sign-in-refused", FALSE, &wait, error))
        return FALSE;
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION,
                   _("The account “%s” is disabled: ask an administrator"), user->user_name);
      return FALSE;
    }

  actor = psems_actor_new (user->id, user->user_name, user->role);
  psems_actor_set_facilities (actor, (const gint64 *) (gpointer) user->facility_ids->data,
                              user->facility_ids->len);
  if (!record_success (store, actor, user, typed, password, stored, error))
    return FALSE;

  *actor_out = g_steal_pointer (&actor);
  return TRUE;
}
