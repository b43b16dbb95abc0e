/* test-user.c — accounts: the first-administrator rule, Argon2id hashes, password strength, sign-in and its rate limit. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-store-private.h"
#include "psems-test-util.h"
#include "psems-user.h"

#define ADMIN_PASSWORD "harbour crane at dawn"
#define OTHER_PASSWORD "quiet tide under the pier"

typedef struct
{
  char *dir;
  char *path;
  PsemsStore *store;
  PsemsActor *login;   /* single-user mode's actor */
  PsemsActor *admin;   /* signed in, after add_admin () */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "user.db");
  f->path = g_strdup (psems_store_get_path (f->store));
  f->login = psems_actor_new_for_login ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->login, psems_actor_unref);
  g_clear_pointer (&f->admin, psems_actor_unref);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static PsemsUser *
make_user (const char *name,
           PsemsRole   role)
{
  PsemsUser *user = psems_user_new ();

  user->user_name = g_strdup (name);
  user->full_name = g_strdup ("Ana Ruiz");
  user->email = g_strdup ("ana@port.example");
  user->role = role;
  return user;
}

static gint64
create_user (Fixture    *f,
             PsemsActor *actor,
             const char *name,
             PsemsRole   role,
             const char *password)
{
  g_autoptr(PsemsUser) user = make_user (name, role);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  gint64 id = psems_user_create (f->store, actor, user, password, &ref, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (g_str_has_prefix (ref, "USR-"));
  return id;
}

static PsemsActor *
sign_in_ok (Fixture    *f,
            const char *name,
            const char *password)
{
  g_autoptr(GError) error = NULL;
  PsemsActor *actor = NULL;

  g_assert_true (psems_user_sign_in (f->store, name, password, &actor, &error));
  g_assert_no_error (error);
  g_assert_nonnull (actor);
  return actor;
}

static gint64
add_admin (Fixture *f)
{
  gint64 id = create_user (f, f->login, "admin", PSEMS_ROLE_ADMINISTRATOR, ADMIN_PASSWORD);

  f->admin = sign_in_ok (f, "admin", ADMIN_PASSWORD);
  return id;
}

/* A refused sign-in: the error's code and message. */
static char *
sign_in_refused (Fixture    *f,
                 const char *name,
                 const char *password,
                 int         code)
{
  g_autoptr(GError) error = NULL;
  PsemsActor *actor = NULL;

  g_assert_false (psems_user_sign_in (f->store, name, password, &actor, &error));
  g_assert_null (actor);
  g_assert_error (error, PSEMS_ERROR, code);
  return g_strdup (error->message);
}

/* No text column of the audit trail, nor any setting, holds @secret. */
static void
assert_nowhere (Fixture    *f,
                const char *secret)
{
  g_autofree char *dump = psems_test_dump_database (f->store);
  g_autofree char *like = g_strdup_printf ("%%%s%%", secret);
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (f->store, "SELECT count(*) FROM audit_trail WHERE user_name LIKE ?1 OR before LIKE ?1"
                                   " OR after LIKE ?1 OR ref LIKE ?1", NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, like, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  g_assert_null (strstr (dump, secret));
}

static void
test_first_user (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PsemsUser) auditor = make_user ("olu", PSEMS_ROLE_AUDITOR);
  g_autoptr(PsemsUser) second = make_user ("second", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = psems_test_dump_database (f->store);
  g_autofree char *after = NULL;

  g_assert_cmpint (psems_user_count (f->store, &error), ==, 0);
  g_assert_false (psems_user_sign_in_required (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_actor_get_role (f->login), ==, PSEMS_ROLE_ADMINISTRATOR);

  /* The first account must be an administrator: nothing is written otherwise. */
  g_assert_cmpint (psems_user_create (f->store, f->login, auditor, OTHER_PASSWORD, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "role");
  g_assert_nonnull (strstr (error->message, "administrator"));
  g_clear_error (&error);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);

  add_admin (f);
  g_assert_cmpint (psems_user_count (f->store, &error), ==, 1);
  g_assert_true (psems_user_sign_in_required (f->store, &error));
  g_assert_no_error (error);

  /* With an account that can sign in, the login actor no longer manages users. */
  g_assert_cmpint (psems_user_create (f->store, f->login, second, OTHER_PASSWORD, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "sign in as an administrator"));
  g_clear_error (&error);

  /* After the first, any role. */
  create_user (f, f->admin, "olu", PSEMS_ROLE_AUDITOR, OTHER_PASSWORD);
  g_assert_cmpint (psems_user_count (f->store, &error), ==, 2);
}

static void
test_hash (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  const char *hash;

  add_admin (f);
  stmt = psems_store_prepare (f->store, "SELECT password_hash FROM app_user WHERE user_name = 'admin'", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  hash = (const char *) sqlite3_column_text (stmt, 0);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, ADMIN_PASSWORD));
  /* The audit trail holds a keyed hash of the column, never the password or its hash. */
  assert_nowhere (f, ADMIN_PASSWORD);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE after LIKE '%%argon2%%'"),
                   ==, 0);
}

static void
test_strength (void)
{
  static const struct { const char *password; const char *user; const char *says; } cases[] = {
    { "", NULL, "required" },
    { "short", NULL, "at least 12" },
    { "elevenchars", NULL, "at least 12" },
    { "123456789012345", NULL, "only digits" },
    { "abababababababab", NULL, "different characters" },
    { "my-marit-is-the-best", "Marit", "user name" },
    { "correct horse battery", "marit", NULL },
    { "Tr0ub4dor&3xyz", NULL, NULL },
    { "ålesund hamn kai", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *problem = psems_password_check_strength (cases[i].password, cases[i].user);

      g_test_message ("case %u: %s", i, problem != NULL ? problem : "(accepted)");
      if (cases[i].says == NULL)
        g_assert_null (problem);
      else
        {
          g_assert_nonnull (problem);
          g_assert_nonnull (strstr (problem, cases[i].says));
        }
    }
}

static void
test_create_list_update (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PsemsUser) weak = make_user ("weak", PSEMS_ROLE_AUDITOR);
  g_autoptr(PsemsUser) dup = make_user ("OLU", PSEMS_ROLE_AUDITOR);
  g_autoptr(PsemsUser) bad = make_user ("two words", PSEMS_ROLE_AUDITOR);
  g_autoptr(PsemsUser) user = NULL;
  g_autoptr(PsemsActor) auditor = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  gint64 olu, admin;

  admin = add_admin (f);
  olu = create_user (f, f->admin, "olu", PSEMS_ROLE_AUDITOR, OTHER_PASSWORD);

  g_assert_cmpint (psems_user_create (f->store, f->admin, weak, "short", NULL, &error), ==, 0);
  psems_test_assert_refused (error, "password");
  g_clear_error (&error);
  g_assert_cmpint (psems_user_create (f->store, f->admin, dup, OTHER_PASSWORD, NULL, &error), ==, 0);
  psems_test_assert_refused (error, "user_name");
  g_clear_error (&error);

  g_free (bad->email);
  bad->email = g_strdup ("not an address");
  problems = psems_user_validate (f->store, bad);
  g_assert_true (psems_test_has_problem (problems, "user_name"));
  g_assert_true (psems_test_has_problem (problems, "email"));
  g_assert_false (psems_test_has_problem (problems, "full_name"));

  /* Only an administrator adds users. */
  auditor = sign_in_ok (f, "olu", OTHER_PASSWORD);
  g_clear_pointer (&weak->user_name, g_free);
  weak->user_name = g_strdup ("third");
  g_assert_cmpint (psems_user_create (f->store, auditor, weak, OTHER_PASSWORD, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_clear_error (&error);

  list = psems_user_list (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((PsemsUser *) g_ptr_array_index (list, 0))->user_name, ==, "admin");

  g_assert_cmpint (psems_user_resolve (f->store, "OLU", &error), ==, olu);
  user = psems_user_get (f->store, olu, &error);
  g_assert_no_error (error);
  g_assert_cmpint (psems_user_resolve (f->store, user->ref, &error), ==, olu);
  g_assert_no_error (error);
  g_assert_cmpint (psems_user_resolve (f->store, "ghost", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_free (user->full_name);
  user->full_name = g_strdup ("Olu Adeyemi");
  user->role = PSEMS_ROLE_MANAGER;
  g_assert_true (psems_user_update (f->store, f->admin, user, &error));
  g_assert_no_error (error);
  g_clear_pointer (&user, psems_user_free);
  user = psems_user_get (f->store, olu, &error);
  g_assert_cmpstr (user->full_name, ==, "Olu Adeyemi");
  g_assert_cmpint (user->role, ==, PSEMS_ROLE_MANAGER);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'user'"
                                               " AND action = 'update'"), ==, 1);

  /* The last administrator who can sign in is neither demoted nor disabled. */
  g_clear_pointer (&user, psems_user_free);
  user = psems_user_get (f->store, admin, &error);
  user->role = PSEMS_ROLE_AUDITOR;
  g_assert_false (psems_user_update (f->store, f->admin, user, &error));
  psems_test_assert_refused (error, "role");
  g_clear_error (&error);
  g_assert_false (psems_user_disable (f->store, f->admin, admin, &error));
  psems_test_assert_refused (error, "role");
  g_clear_error (&error);

  /* Disabled: out of the list, refused at sign-in (after the password), back when enabled. */
  g_assert_true (psems_user_disable (f->store, f->admin, olu, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_user_list (f->store, FALSE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_user_list (f->store, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 2);
  {
    g_autofree char *message = sign_in_refused (f, "olu", OTHER_PASSWORD, PSEMS_ERROR_PERMISSION);

    g_assert_nonnull (strstr (message, "disabled"));
  }
  g_assert_true (psems_user_enable (f->store, f->admin, olu, &error));
  g_assert_no_error (error);
  g_clear_pointer (&auditor, psems_actor_unref);
  auditor = sign_in_ok (f, "olu", OTHER_PASSWORD);
  g_assert_cmpint (psems_actor_get_role (auditor), ==, PSEMS_ROLE_MANAGER);
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PsemsActor) pfso = NULL;
  g_autoptr(PsemsUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *typed_secret = NULL;
  gint64 ct, cru, id;
  guint n;
  const gint64 *ids;

  add_admin (f);
  ct = psems_test_create_facility (f->store, f->admin, "NHV-CT", NULL);
  cru = psems_test_create_facility (f->store, f->admin, "NHV-CRU", NULL);
  id = create_user (f, f->admin, "marit", PSEMS_ROLE_SECURITY_OFFICER, OTHER_PASSWORD);
  g_assert_true (psems_user_assign_facilities (f->store, f->admin, id, (gint64[]) { cru, ct, ct }, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM user_facility"), ==, 2);
  g_assert_false (psems_user_assign_facilities (f->store, f->admin, id, (gint64[]) { 999 }, 1, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  pfso = sign_in_ok (f, "Marit", OTHER_PASSWORD);
  g_assert_cmpint (psems_actor_get_user_id (pfso), ==, id);
  g_assert_cmpint (psems_actor_get_role (pfso), ==, PSEMS_ROLE_SECURITY_OFFICER);
  ids = psems_actor_get_facilities (pfso, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (psems_actor_has_facility (pfso, ct) && psems_actor_has_facility (pfso, cru));
  g_assert_true (ids[0] == ct || ids[0] == cru);
  user = psems_user_get (f->store, id, &error);
  g_assert_nonnull (user->last_sign_in_at);

  /* Wrong password and unknown name read the same: no user enumeration. */
  wrong = sign_in_refused (f, "marit", "not her password", PSEMS_ERROR_PERMISSION);
  unknown = sign_in_refused (f, "nobody", "not her password", PSEMS_ERROR_PERMISSION);
  g_assert_cmpstr (wrong, ==, unknown);
  g_assert_nonnull (strstr (wrong, "Wrong user name or password"));

  /* A password typed into the name field is never stored. */
  typed_secret = sign_in_refused (f, "quiet-tide-secret-typed-as-name", "x", PSEMS_ERROR_PERMISSION);
  assert_nowhere (f, "quiet-tide-secret");
  assert_nowhere (f, OTHER_PASSWORD);
  assert_nowhere (f, "not her password");

  /* Each attempt is in the trail, the known account named, the unknown one not. */
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'sign-in'"
                                               " AND entity_id = %lld AND user_name = 'marit'", (long long) id),
                   ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'sign-in-failed'"
                                               " AND entity_id = %lld", (long long) id), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'sign-in-failed'"
                                               " AND entity_id IS NULL AND user_name = 'unknown-user'"), ==, 2);
  g_assert_true (psems_audit_verify (f->store, NULL, &error));
  g_assert_no_error (error);

  /* Empty fields are a different, harmless answer. */
  g_free (sign_in_refused (f, "  ", "x", PSEMS_ERROR_INVALID));
  g_free (sign_in_refused (f, "marit", "", PSEMS_ERROR_INVALID));
}

/* Sets the lock of every throttled name to have ended, as if time had passed. */
static void
expire_locks (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (psems_store_exec (f->store, "UPDATE setting SET value = substr (value, 1, instr (value, ' ')) || '0'"
                                             " WHERE key LIKE 'sign-in.throttle.%'", &error));
  g_assert_no_error (error);
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PsemsActor) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 wait;

  add_admin (f);
  create_user (f, f->admin, "marit", PSEMS_ROLE_AUDITOR, OTHER_PASSWORD);

  for (int i = 1; i <= PSEMS_SIGN_IN_FREE_ATTEMPTS; i++)
    {
      g_autofree char *message = sign_in_refused (f, "marit", "guess number one", PSEMS_ERROR_PERMISSION);

      g_assert_true ((strstr (message, "try again") != NULL) == (i == PSEMS_SIGN_IN_FREE_ATTEMPTS));
    }
  /* Locked: even the right password is refused, and restarting does not help. */
  g_free (sign_in_refused (f, "marit", OTHER_PASSWORD, PSEMS_ERROR_BUSY));
  g_clear_object (&f->store);
  f->store = psems_store_open (f->path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  wait = psems_user_sign_in_wait (f->store, "MARIT", &error);
  g_assert_cmpint (wait, >, 0);
  g_assert_cmpint (wait, <=, PSEMS_SIGN_IN_FIRST_LOCK_SECONDS);
  {
    g_autofree char *message = sign_in_refused (f, "marit", OTHER_PASSWORD, PSEMS_ERROR_BUSY);

    g_assert_nonnull (strstr (message, "try again in"));
  }
  /* Another name is not affected. */
  g_clear_pointer (&again, psems_actor_unref);
  again = sign_in_ok (f, "admin", ADMIN_PASSWORD);

  /* After the lock, one more failure locks for twice as long. */
  expire_locks (f);
  g_free (sign_in_refused (f, "marit", "guess number two", PSEMS_ERROR_PERMISSION));
  wait = psems_user_sign_in_wait (f->store, "marit", &error);
  g_assert_cmpint (wait, >, PSEMS_SIGN_IN_FIRST_LOCK_SECONDS);
  g_assert_cmpint (wait, <=, 2 * PSEMS_SIGN_IN_FIRST_LOCK_SECONDS);

  /* The right password after the lock signs in and clears the count. */
  expire_locks (f);
  g_clear_pointer (&again, psems_actor_unref);
  again = sign_in_ok (f, "marit", OTHER_PASSWORD);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM setting WHERE key LIKE 'sign-in.throttle.%%'"),
                   ==, 0);

  /* Unknown names are throttled alike, so a lock tells nothing either. */
  for (int i = 0; i < PSEMS_SIGN_IN_FREE_ATTEMPTS; i++)
    g_free (sign_in_refused (f, "ghost", "guess", PSEMS_ERROR_PERMISSION));
  g_free (sign_in_refused (f, "ghost", "guess", PSEMS_ERROR_BUSY));
}

static void
test_set_password (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PsemsActor) olu = NULL;
  g_autoptr(GError) error = NULL;
  gint64 admin, olu_id;

  admin = add_admin (f);
  olu_id = create_user (f, f->admin, "olu", PSEMS_ROLE_AUDITOR, OTHER_PASSWORD);
  olu = sign_in_ok (f, "olu", OTHER_PASSWORD);

  /* Everyone sets their own, nobody but an administrator anyone else's. */
  g_assert_true (psems_user_set_password (f->store, olu, olu_id, "a brand new passphrase", &error));
  g_assert_no_error (error);
  g_assert_false (psems_user_set_password (f->store, olu, admin, "a brand new passphrase", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (psems_user_set_password (f->store, olu, olu_id, "short", &error));
  psems_test_assert_refused (error, "password");
  g_clear_error (&error);

  g_free (sign_in_refused (f, "olu", OTHER_PASSWORD, PSEMS_ERROR_PERMISSION));
  g_clear_pointer (&olu, psems_actor_unref);
  olu = sign_in_ok (f, "olu", "a brand new passphrase");

  /* An administrator's reset lifts a lock. */
  for (int i = 0; i < PSEMS_SIGN_IN_FREE_ATTEMPTS; i++)
    g_free (sign_in_refused (f, "olu", "guess", PSEMS_ERROR_PERMISSION));
  g_assert_true (psems_user_set_password (f->store, f->admin, olu_id, OTHER_PASSWORD, &error));
  g_assert_no_error (error);
  g_clear_pointer (&olu, psems_actor_unref);
  olu = sign_in_ok (f, "olu", OTHER_PASSWORD);
  assert_nowhere (f, "a brand new passphrase");
}

/* The demo's accounts have no password: the database stays in single-user mode
 * until an administrator gets one. */
static void
test_accounts_without_password (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;
  gint64 auditor, admin;

  g_clear_object (&f->store);
  f->store = psems_test_new_store (f->dir, "demo.db");
  psems_demo_options_init (&options);
  options.persons = 10;
  options.with_users = TRUE;
  g_assert_true (psems_demo_generate (f->store, f->login, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (psems_user_count (f->store, &error), ==, 4);
  g_assert_false (psems_user_sign_in_required (f->store, &error));

  auditor = psems_user_resolve (f->store, "auditor", &error);
  admin = psems_user_resolve (f->store, "admin", &error);
  g_assert_no_error (error);
  g_assert_false (psems_user_set_password (f->store, f->login, auditor, OTHER_PASSWORD, &error));
  psems_test_assert_refused (error, "role");
  g_clear_error (&error);
  g_free (sign_in_refused (f, "auditor", OTHER_PASSWORD, PSEMS_ERROR_PERMISSION));

  g_assert_true (psems_user_set_password (f->store, f->login, admin, ADMIN_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (psems_user_sign_in_required (f->store, &error));
  g_assert_false (psems_user_set_password (f->store, f->login, auditor, OTHER_PASSWORD, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/user/first-user", test_first_user);
  ADD ("/user/hash", test_hash);
  g_test_add_func ("/user/strength", test_strength);
  ADD ("/user/create-list-update", test_create_list_update);
  ADD ("/user/sign-in", test_sign_in);
  ADD ("/user/rate-limit", test_rate_limit);
  ADD ("/user/set-password", test_set_password);
  ADD ("/user/accounts-without-password", test_accounts_without_password);
#undef ADD
  return g_test_run ();
}
