/* test-actor.c — the acting user and its single permission check. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-core.h"

static void
test_roles_round_trip (void)
{
  for (guint i = 0; i < PSEMS_N_ROLES; i++)
    {
      PsemsRole role;

      g_assert_true (psems_role_from_string (psems_role_to_string (i), &role));
      g_assert_cmpint (role, ==, i);
      g_assert_nonnull (psems_role_get_label (i));
    }
  {
    PsemsRole role = PSEMS_ROLE_MANAGER;

    g_assert_false (psems_role_from_string ("captain", &role));
    g_assert_false (psems_role_from_string (NULL, &role));
    g_assert_cmpint (role, ==, PSEMS_ROLE_MANAGER);
    g_assert_true (psems_role_from_string ("Security-Officer", &role));
    g_assert_cmpint (role, ==, PSEMS_ROLE_SECURITY_OFFICER);
  }
}

static void
test_login_actor (void)
{
  g_autoptr(PsemsActor) actor = psems_actor_new_for_login ();

  g_assert_cmpstr (psems_actor_get_name (actor), ==, g_get_user_name ());
  /* Single-user mode: the login is the administrator. */
  g_assert_cmpint (psems_actor_get_role (actor), ==, PSEMS_ROLE_ADMINISTRATOR);
  g_assert_cmpint (psems_actor_get_user_id (actor), ==, 0);
}

static void
test_check (void)
{
  g_autoptr(PsemsActor) actor = psems_actor_new (7, "Ana Ruiz", PSEMS_ROLE_AUDITOR);
  g_autoptr(PsemsActor) single = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_AUDITOR);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (psems_actor_get_user_id (actor), ==, 7);
  /* Single-user mode (no user id): everything is allowed ... */
  g_assert_true (psems_actor_check (single, PSEMS_OP_DELETE, "facility", 1, &error));
  g_assert_no_error (error);
  /* ... a signed-in auditor may not delete a facility (the role matrix, test-roles) ... */
  g_assert_false (psems_actor_check (actor, PSEMS_OP_DELETE, "facility", 1, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_clear_error (&error);
  /* ... and nothing to no actor, with a message that says what was refused. */
  g_assert_false (psems_actor_check (NULL, PSEMS_OP_DELETE, "facility", 1, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "delete facility"));
}

static void
test_boxed (void)
{
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "x", PSEMS_ROLE_MANAGER);
  PsemsActor *copy = g_boxed_copy (PSEMS_TYPE_ACTOR, actor);

  g_assert_true (copy == actor);
  g_boxed_free (PSEMS_TYPE_ACTOR, copy);
  g_assert_cmpstr (psems_actor_get_name (actor), ==, "x");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/actor/roles-round-trip", test_roles_round_trip);
  g_test_add_func ("/actor/login", test_login_actor);
  g_test_add_func ("/actor/check", test_check);
  g_test_add_func ("/actor/boxed", test_boxed);
  return g_test_run ();
}
