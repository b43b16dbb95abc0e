/* test-signin.c — the sign-in page: wrong and right passwords, the lock after repeated failures, the first-user flow (administrator or single-user mode). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "psems-app-resources.h"
#include "psems-core.h"
#include "psems-signin-page.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-user.h"

#define ADMIN_PASSWORD "correct horse battery staple"

typedef struct
{
  char *dir;
  PsemsStore *store;
  GtkWindow *window;
  PsemsSigninPage *page;
  PsemsActor *signed_in;        /* what the signed-in signal gave */
  guint n_signed_in;
  guint n_single_user;
} Fixture;

static GtkWidget *
get_named (gpointer    root,
           const char *name)
{
  GtkWidget *widget = psems_test_find_widget (GTK_WIDGET (root), G_TYPE_NONE, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
set_text (Fixture    *fixture,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_named (fixture->page, name)), text);
}

static const char *
get_text (Fixture    *fixture,
          const char *name)
{
  GtkWidget *widget = get_named (fixture->page, name);

  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  return gtk_editable_get_text (GTK_EDITABLE (widget));
}

static const char *
visible_step (Fixture *fixture)
{
  GtkWidget *stack = get_named (fixture->page, "signin-step");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static gboolean
error_shown (Fixture *fixture)
{
  GtkWidget *label = get_named (fixture->page, "signin-error");
  GtkWidget *revealer = gtk_widget_get_parent (label);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static void
signed_in_cb (PsemsSigninPage *page,
              PsemsActor      *actor,
              Fixture         *fixture)
{
  g_clear_pointer (&fixture->signed_in, psems_actor_unref);
  fixture->signed_in = psems_actor_ref (actor);
  fixture->n_signed_in++;
}

static void
single_user_cb (PsemsSigninPage *page,
                Fixture         *fixture)
{
  fixture->n_single_user++;
}

static gboolean
page_idle (gpointer data)
{
  Fixture *fixture = data;

  return !psems_signin_page_get_busy (fixture->page);
}

/* Activates @action and waits until the thread doing the work has reported. */
static void
activate_and_wait (Fixture    *fixture,
                   const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, NULL));
  psems_test_iterate_until (page_idle, fixture);
  psems_test_iterate_for (20);
}

static void
create_user (Fixture    *fixture,
             const char *user_name,
             const char *full_name,
             PsemsRole   role,
             const char *password)
{
  g_autoptr(PsemsUser) user = psems_user_new ();
  g_autoptr(PsemsActor) actor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;

  /* The first user is made by the single-user login; the others by that administrator. */
  if (psems_user_count (fixture->store, NULL) == 0)
    actor = psems_actor_new_for_login ();
  else
    actor = psems_actor_new (psems_user_resolve (fixture->store, "admin", NULL), "admin",
                             PSEMS_ROLE_ADMINISTRATOR);
  user->user_name = g_strdup (user_name);
  user->full_name = g_strdup (full_name);
  user->role = role;
  g_assert_cmpint (psems_user_create (fixture->store, actor, user, password, &ref, &error), >, 0);
  g_assert_no_error (error);
}

static void
show_page (Fixture *fixture)
{
  fixture->window = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_set_default_size (fixture->window, 900, 760);
  fixture->page = PSEMS_SIGNIN_PAGE (psems_signin_page_new ());
  g_signal_connect (fixture->page, "signed-in", G_CALLBACK (signed_in_cb), fixture);
  g_signal_connect (fixture->page, "single-user", G_CALLBACK (single_user_cb), fixture);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  psems_test_iterate_for (50);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = psems_test_make_dir ();
  fixture->store = psems_test_new_store (fixture->dir, "security.db");
  show_page (fixture);
}

static void
fixture_set_up_with_admin (Fixture       *fixture,
                           gconstpointer  user_data)
{
  fixture_set_up (fixture, user_data);
  create_user (fixture, "admin", "Ingrid Solberg", PSEMS_ROLE_ADMINISTRATOR, ADMIN_PASSWORD);
  create_user (fixture, "pfso", "Marit Ødegård", PSEMS_ROLE_SECURITY_OFFICER,
               "tidal basin quay crane");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  psems_test_iterate_for (20);
  g_clear_pointer (&fixture->signed_in, psems_actor_unref);
  g_clear_object (&fixture->store);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *wrong_password = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpint (psems_signin_page_set_store (fixture->page, fixture->store), ==,
                   PSEMS_SIGNIN_STEP_SIGN_IN);
  g_assert_cmpstr (visible_step (fixture), ==, "sign-in");
  g_assert_nonnull (strstr (get_text (fixture, "signin-database"), "security.db"));
  g_assert_false (error_shown (fixture));

  /* Nothing typed: said inline, nothing asked of core. */
  activate_and_wait (fixture, "signin.sign-in");
  g_assert_true (error_shown (fixture));
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);

  /* A wrong password: the message inline, the password field emptied. */
  set_text (fixture, "signin-user", "admin");
  set_text (fixture, "signin-password", "not the password at all");
  activate_and_wait (fixture, "signin.sign-in");
  g_assert_true (error_shown (fixture));
  wrong_password = g_strdup (get_text (fixture, "signin-error"));
  g_assert_cmpstr (wrong_password, !=, "");
  g_assert_cmpstr (get_text (fixture, "signin-password"), ==, "");
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  g_assert_null (psems_signin_page_get_actor (fixture->page));
  g_assert_cmpstr (visible_step (fixture), ==, "sign-in");

  /* An unknown name reads exactly as a wrong password: names are not given away. */
  set_text (fixture, "signin-user", "nobody");
  set_text (fixture, "signin-password", "not the password at all");
  activate_and_wait (fixture, "signin.sign-in");
  g_assert_cmpstr (get_text (fixture, "signin-error"), ==, wrong_password);

  /* Typing again takes the old message away. */
  set_text (fixture, "signin-password", "x");
  g_assert_false (error_shown (fixture));

  /* The right password signs in as that user, with that user's role. */
  set_text (fixture, "signin-user", "pfso");
  set_text (fixture, "signin-password", "tidal basin quay crane");
  activate_and_wait (fixture, "signin.sign-in");
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);
  g_assert_nonnull (fixture->signed_in);
  g_assert_cmpstr (psems_actor_get_name (fixture->signed_in), ==, "pfso");
  g_assert_cmpint (psems_actor_get_role (fixture->signed_in), ==, PSEMS_ROLE_SECURITY_OFFICER);
  g_assert_cmpint (psems_actor_get_user_id (fixture->signed_in), ==,
                   psems_user_resolve (fixture->store, "pfso", NULL));
  g_assert_true (psems_signin_page_get_actor (fixture->page) == fixture->signed_in);
  g_assert_cmpstr (visible_step (fixture), ==, "signed-in");
  g_assert_nonnull (strstr (get_text (fixture, "signin-result"), "Marit Ødegård"));
  g_assert_nonnull (strstr (get_text (fixture, "signin-result-role"), "Security officer"));
  g_assert_cmpstr (get_text (fixture, "signin-password"), ==, "");
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM app_user WHERE user_name = 'pfso'"
                                     " AND last_sign_in_at IS NOT NULL"), ==, 1);

  /* Signing out: an empty form again, and no actor. */
  psems_signin_page_reset (fixture->page);
  g_assert_cmpstr (visible_step (fixture), ==, "sign-in");
  g_assert_null (psems_signin_page_get_actor (fixture->page));
  g_assert_cmpstr (get_text (fixture, "signin-user"), ==, "");
  g_assert_false (error_shown (fixture));

  /* The password never reaches the database or its trail in clear. */
  path = g_strdup (psems_store_get_path (fixture->store));
  {
    g_autoptr(GBytes) bytes = psems_test_read_file (path);
    gsize size;
    const char *data = g_bytes_get_data (bytes, &size);

    g_assert_null (g_strstr_len (data, (gssize) size, "tidal basin quay crane"));
    g_assert_null (g_strstr_len (data, (gssize) size, "not the password at all"));
  }
}

static void
test_lockout (Fixture       *fixture,
              gconstpointer  user_data)
{
  psems_signin_page_set_store (fixture->page, fixture->store);
  for (int i = 0; i < PSEMS_SIGN_IN_FREE_ATTEMPTS; i++)
    {
      set_text (fixture, "signin-user", "admin");
      set_text (fixture, "signin-password", "wrong password number x");
      activate_and_wait (fixture, "signin.sign-in");
      g_assert_true (error_shown (fixture));
    }
  /* Locked now: even the right password is refused, and the page says until when. */
  set_text (fixture, "signin-user", "admin");
  set_text (fixture, "signin-password", ADMIN_PASSWORD);
  activate_and_wait (fixture, "signin.sign-in");
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  g_assert_true (error_shown (fixture));
  g_assert_nonnull (strstr (get_text (fixture, "signin-error"), "locked until"));
  g_assert_nonnull (strstr (get_text (fixture, "signin-error"), "“admin”"));
}

static gboolean
problem_shown (Fixture    *fixture,
               const char *name)
{
  return gtk_widget_get_visible (get_named (fixture->page, name));
}

static void
test_first_user (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_assert_cmpint (psems_signin_page_set_store (fixture->page, fixture->store), ==,
                   PSEMS_SIGNIN_STEP_FIRST_USER);
  g_assert_cmpstr (visible_step (fixture), ==, "first-user");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "signin.create-admin",
                                             NULL));
  g_assert_cmpstr (visible_step (fixture), ==, "create-admin");

  /* A weak password is refused inline, with the strength message; nothing is written. */
  set_text (fixture, "admin-user-name", "harbourmaster");
  set_text (fixture, "admin-full-name", "Ingrid Solberg");
  set_text (fixture, "admin-email", "ingrid@nordhaven-port.example");
  set_text (fixture, "admin-password", "short");
  g_assert_true (gtk_widget_has_css_class (get_named (fixture->page, "admin-password-strength"),
                                           "warning"));
  set_text (fixture, "admin-confirm", "short");
  activate_and_wait (fixture, "signin.create");
  g_assert_true (problem_shown (fixture, "admin-password-problem"));
  g_assert_cmpint (psems_user_count (fixture->store, NULL), ==, 0);

  /* Two different passwords: refused inline too. */
  set_text (fixture, "admin-password", "ferry ramp at dawn");
  set_text (fixture, "admin-confirm", "ferry ramp at dusk");
  activate_and_wait (fixture, "signin.create");
  g_assert_true (problem_shown (fixture, "admin-password-problem"));
  g_assert_cmpint (psems_user_count (fixture->store, NULL), ==, 0);

  /* A bad email is the core's refusal, shown under the field. */
  set_text (fixture, "admin-email", "not an address");
  set_text (fixture, "admin-password", "ferry ramp at dawn");
  set_text (fixture, "admin-confirm", "ferry ramp at dawn");
  g_assert_true (gtk_widget_has_css_class (get_named (fixture->page, "admin-password-strength"),
                                           "success"));
  activate_and_wait (fixture, "signin.create");
  g_assert_true (problem_shown (fixture, "admin-email-problem"));
  g_assert_cmpint (psems_user_count (fixture->store, NULL), ==, 0);

  /* All good: the administrator is created and signed in. */
  set_text (fixture, "admin-email", "ingrid@nordhaven-port.example");
  set_text (fixture, "admin-password", "ferry ramp at dawn");
  set_text (fixture, "admin-confirm", "ferry ramp at dawn");
  activate_and_wait (fixture, "signin.create");
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);
  g_assert_cmpstr (psems_actor_get_name (fixture->signed_in), ==, "harbourmaster");
  g_assert_cmpint (psems_actor_get_role (fixture->signed_in), ==, PSEMS_ROLE_ADMINISTRATOR);
  g_assert_cmpint (psems_user_count (fixture->store, NULL), ==, 1);
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM app_user WHERE user_name = "
                                     "'harbourmaster' AND role = 'administrator' AND full_name = "
                                     "'Ingrid Solberg' AND password_hash LIKE '$argon2id$%%'"),
                   ==, 1);
  g_assert_cmpstr (visible_step (fixture), ==, "signed-in");
  g_assert_cmpstr (get_text (fixture, "admin-password"), ==, "");
  g_assert_cmpstr (get_text (fixture, "admin-confirm"), ==, "");

  /* The database has a user now: signing out asks for sign-in, not the first-user choice. */
  psems_signin_page_reset (fixture->page);
  g_assert_cmpint (psems_signin_page_get_step (fixture->page), ==, PSEMS_SIGNIN_STEP_SIGN_IN);
  g_assert_cmpstr (visible_step (fixture), ==, "sign-in");
}

static void
test_single_user (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(PsemsStore) reopened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (psems_signin_page_set_store (fixture->page, fixture->store), ==,
                   PSEMS_SIGNIN_STEP_FIRST_USER);
  /* Back from the administrator's form to the choice. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "signin.create-admin",
                                             NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "signin.back", NULL));
  g_assert_cmpstr (visible_step (fixture), ==, "first-user");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "signin.single-user",
                                             NULL));
  g_assert_cmpuint (fixture->n_single_user, ==, 1);
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  g_assert_cmpint (psems_user_count (fixture->store, NULL), ==, 0);

  /* Opened again later, a database without users asks nothing: single-user mode. */
  reopened = psems_store_open (psems_store_get_path (fixture->store), PSEMS_STORE_OPEN_DEFAULT,
                               &error);
  g_assert_no_error (error);
  g_assert_cmpint (psems_signin_page_set_store (fixture->page, reopened), ==,
                   PSEMS_SIGNIN_STEP_NONE);
  g_assert_cmpint (psems_signin_page_set_store (fixture->page, NULL), ==, PSEMS_SIGNIN_STEP_NONE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return 77;
  adw_init ();
  /* Naming the resources links them in from the static library; no application loads them here. */
  g_assert_nonnull (psems_app_get_resource ());

  g_test_add ("/signin/sign-in", Fixture, NULL, fixture_set_up_with_admin, test_sign_in,
              fixture_tear_down);
  g_test_add ("/signin/lockout", Fixture, NULL, fixture_set_up_with_admin, test_lockout,
              fixture_tear_down);
  g_test_add ("/signin/first-user", Fixture, NULL, fixture_set_up, test_first_user,
              fixture_tear_down);
  g_test_add ("/signin/single-user", Fixture, NULL, fixture_set_up, test_single_user,
              fixture_tear_down);
  return g_test_run ();
}
