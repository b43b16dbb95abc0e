/* test-users-page.c — the Users page: the list, adding a user through the dialog, editing and disabling, the status page non-administrators see (and their own password), the first administrator in single-user mode. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "psems-app-resources.h"
#include "psems-core.h"
#include "psems-problem-row.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-user.h"
#include "psems-users-page.h"

typedef struct
{
  char *dir;
  char *db_path;
  PsemsStore *store;
  PsemsActor *actor;
  GtkWindow *window;
  PsemsUsersPage *page;
  gint64 facility_id;            /* the container terminal */
} Fixture;

static GtkWidget *
find_named (gpointer    root,
            const char *name)
{
  return psems_test_find_widget (GTK_WIDGET (root), G_TYPE_NONE, name);
}

static GtkWidget *
get_named (gpointer    root,
           const char *name)
{
  GtkWidget *widget = find_named (root, name);

  g_assert_nonnull (widget);
  return widget;
}

/* The visible window named @name, if one is open. */
static GtkWindow *
find_window (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (GTK_WIDGET (window))
          && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0)
        return window;
    }
  return NULL;
}

static void
close_windows (const char *name)
{
  GtkWindow *window;

  while ((window = find_window (name)) != NULL)
    gtk_window_destroy (window);
}

static void
set_up (Fixture    *fixture,
        const char *extra_arg,
        PsemsRole   role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  fixture->dir = psems_test_make_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  status = psems_test_run_cli (&out, &err, "--db", fixture->db_path, "db", "demo", extra_arg,
                               NULL);
  if (status != 0)
    g_test_message ("psems-cli db demo: %s", err);
  g_assert_cmpint (status, ==, 0);

  fixture->store = psems_store_open (fixture->db_path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fixture->facility_id = psems_facility_resolve (fixture->store, "NHV-CT", &error);
  g_assert_no_error (error);
  if (extra_arg != NULL)
    {
      g_autoptr(PsemsActor) login = psems_actor_new_for_login ();

      /* The demo's accounts have no passwords: giving the administrator one turns sign-in on. */
      g_assert_true (psems_user_set_password (fixture->store, login,
                                              psems_user_resolve (fixture->store, "admin", NULL),
                                              "harbour office keys", &error));
      g_assert_no_error (error);
    }
  if (extra_arg == NULL)
    fixture->actor = psems_actor_new_for_login ();
  else if (role == PSEMS_ROLE_ADMINISTRATOR)
    fixture->actor = psems_actor_new (psems_user_resolve (fixture->store, "admin", NULL), "admin",
                                      role);
  else
    fixture->actor = psems_actor_new (psems_user_resolve (fixture->store, "pfso", NULL), "pfso",
                                      role);

  fixture->window = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_set_default_size (fixture->window, 1100, 800);
  fixture->page = PSEMS_USERS_PAGE (psems_users_page_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));
  psems_users_page_set_store (fixture->page, fixture->store, fixture->actor);
  gtk_window_present (fixture->window);
  psems_test_iterate_for (100);
}

static void
fixture_set_up_admin (Fixture       *fixture,
                      gconstpointer  user_data)
{
  set_up (fixture, "--with-users", PSEMS_ROLE_ADMINISTRATOR);
}

static void
fixture_set_up_officer (Fixture       *fixture,
                        gconstpointer  user_data)
{
  set_up (fixture, "--with-users", PSEMS_ROLE_SECURITY_OFFICER);
}

static void
fixture_set_up_single_user (Fixture       *fixture,
                            gconstpointer  user_data)
{
  set_up (fixture, NULL, PSEMS_ROLE_ADMINISTRATOR);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  close_windows ("user-dialog");
  close_windows ("users-sign-in-now");
  gtk_window_destroy (fixture->window);
  psems_test_iterate_for (20);
  g_clear_pointer (&fixture->actor, psems_actor_unref);
  g_clear_object (&fixture->store);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static const char *
visible_state (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (get_named (fixture->page, "users-state")));
}

static GtkWidget *
find_user_row (Fixture    *fixture,
               const char *user_name)
{
  g_autofree char *name = g_strdup_printf ("user-%s", user_name);

  return find_named (get_named (fixture->page, "users-list"), name);
}

static GtkWindow *
open_dialog (Fixture    *fixture,
             const char *action,
             GVariant   *target)
{
  GtkWindow *dialog;
  /* Widget-class actions do not sink a floating target: sink it here, so it is freed. */
  g_autoptr(GVariant) parameter = target != NULL ? g_variant_ref_sink (target) : NULL;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fixture->page), action,
                                                     parameter));
  psems_test_iterate_for (50);
  dialog = find_window ("user-dialog");
  g_assert_nonnull (dialog);
  return dialog;
}

static void
set_text (GtkWindow  *dialog,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get_named (dialog, name)), text);
}

static gboolean
dialog_idle_or_closed (gpointer data)
{
  return find_window ("user-dialog") == NULL
         || gtk_widget_get_sensitive (get_named (data, "user-save"));
}

static const char * const user_problems[] = {
  "user-name-problem", "user-full-name-problem", "user-email-problem", "user-role-problem",
  "user-password-problem", NULL
};

static gboolean
problem_shown (GtkWindow  *dialog,
               const char *name)
{
  return gtk_widget_get_visible (get_named (dialog, name));
}

/* Saves, and waits for the thread to finish: the dialog closes, or shows what is wrong. */
static void
save (GtkWindow *dialog,
      gboolean   expect_closed)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "user.save", NULL));
  /* The save button is insensitive while the thread writes; closing the dialog ends it. */
  psems_test_iterate_until (dialog_idle_or_closed, dialog);
  psems_test_iterate_for (50);
  if (expect_closed && find_window ("user-dialog") != NULL)
    {
      for (const char * const *name = user_problems; *name != NULL; name++)
        if (problem_shown (dialog, *name))
          g_test_message ("%s: %s", *name,
                          psems_problem_row_get_message (PSEMS_PROBLEM_ROW (get_named (dialog,
                                                                                       *name))));
      g_error ("The user dialog stayed open: %s",
               gtk_label_get_text (GTK_LABEL (get_named (dialog, "user-error"))));
    }
  g_assert_true (expect_closed == (find_window ("user-dialog") == NULL));
}


static void
test_list (Fixture       *fixture,
           gconstpointer  user_data)
{
  GtkWidget *row;
  GtkWidget *activity;

  g_assert_cmpstr (visible_state (fixture), ==, "content");
  for (const char * const *name = (const char * const[]) { "admin", "pfso", "auditor", "manager",
                                                           NULL }; *name != NULL; name++)
    g_assert_nonnull (find_user_row (fixture, *name));

  /* The security officer's facilities and the never-used account are said. */
  row = find_user_row (fixture, "pfso");
  activity = get_named (row, "user-activity");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (activity)), "NHV-CT"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (activity)), "Never signed in"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get_named (row, "user-role-pill"))), ==,
                   "Security officer");

  /* The search narrows the list. */
  gtk_editable_set_text (GTK_EDITABLE (get_named (fixture->page, "users-search")), "fatima");
  psems_test_iterate_for (300);
  g_assert_nonnull (find_user_row (fixture, "manager"));
  g_assert_null (find_user_row (fixture, "pfso"));
  gtk_editable_set_text (GTK_EDITABLE (get_named (fixture->page, "users-search")), "");
  psems_test_iterate_for (300);
  g_assert_nonnull (find_user_row (fixture, "pfso"));
}

static void
test_add (Fixture       *fixture,
          gconstpointer  user_data)
{
  GtkWindow *dialog;
  gint64 id;
  GtkWidget *check;

  g_assert_null (find_user_row (fixture, "dockmaster"));
  dialog = open_dialog (fixture, "users.new", NULL);

  /* Empty: the user name is wanted, said under the field; nothing is written. */
  save (dialog, FALSE);
  g_assert_true (problem_shown (dialog, "user-name-problem"));
  g_assert_true (problem_shown (dialog, "user-password-problem"));
  g_assert_cmpint (psems_user_count (fixture->store, NULL), ==, 4);

  set_text (dialog, "user-name", "dockmaster");
  set_text (dialog, "user-full-name", "Jonas Berg");
  set_text (dialog, "user-email", "jonas@nordhaven-port.example");
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_named (dialog, "user-role")),
                              PSEMS_ROLE_SECURITY_OFFICER);
  check = get_named (dialog, "user-facility-NHV-CT");
  g_assert_true (gtk_widget_get_visible (get_named (dialog, "user-facilities")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  set_text (dialog, "user-password", "container stack forty high");
  set_text (dialog, "user-confirm", "container stack forty high");
  save (dialog, TRUE);

  /* In the list, and in the database as typed, with its facility and a hashed password. */
  g_assert_nonnull (find_user_row (fixture, "dockmaster"));
  id = psems_user_resolve (fixture->store, "dockmaster", NULL);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM app_user WHERE id = %lld AND role = "
                                     "'security-officer' AND full_name = 'Jonas Berg' AND "
                                     "password_hash LIKE '$argon2id$%%' AND disabled = 0",
                                     (long long) id), ==, 1);
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM user_facility WHERE user_id = %lld "
                                     "AND facility_id = %lld", (long long) id,
                                     (long long) fixture->facility_id), ==, 1);
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM user_facility WHERE user_id = %lld",
                                     (long long) id), ==, 1);
  /* The new user can sign in with the password given. */
  {
    g_autoptr(PsemsActor) signed_in = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (psems_user_sign_in (fixture->store, "dockmaster", "container stack forty high",
                                       &signed_in, &error));
    g_assert_no_error (error);
    g_assert_cmpint (psems_actor_get_role (signed_in), ==, PSEMS_ROLE_SECURITY_OFFICER);
  }
}

static void
test_edit (Fixture       *fixture,
           gconstpointer  user_data)
{
  GtkWindow *dialog;
  gint64 id = psems_user_resolve (fixture->store, "auditor", NULL);
  g_autoptr(PsemsActor) signed_in = NULL;
  g_autoptr(GError) error = NULL;

  /* A weak new password is refused inline; the account is left as it was. */
  dialog = open_dialog (fixture, "users.edit", g_variant_new_int64 (id));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_named (dialog, "user-name"))), ==,
                   "auditor");
  g_assert_false (gtk_widget_get_visible (get_named (dialog, "user-facilities")));
  set_text (dialog, "user-password", "auditor1");
  set_text (dialog, "user-confirm", "auditor1");
  save (dialog, FALSE);
  g_assert_true (problem_shown (dialog, "user-password-problem"));

  /* A reset password and a disabled account. */
  set_text (dialog, "user-password", "ledger lantern meadow");
  set_text (dialog, "user-confirm", "ledger lantern meadow");
  gtk_switch_set_active (GTK_SWITCH (get_named (dialog, "user-disabled")), TRUE);
  save (dialog, TRUE);
  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM app_user WHERE id = %lld AND "
                                     "disabled = 1 AND password_hash LIKE '$argon2id$%%'",
                                     (long long) id), ==, 1);
  g_assert_false (psems_user_sign_in (fixture->store, "auditor", "ledger lantern meadow",
                                      &signed_in, &error));
  g_assert_null (signed_in);

  /* Disabled users leave the list unless asked for. */
  g_assert_null (find_user_row (fixture, "auditor"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "users.show-disabled",
                                             NULL));
  psems_test_iterate_for (50);
  g_assert_nonnull (find_user_row (fixture, "auditor"));
  g_assert_nonnull (find_named (find_user_row (fixture, "auditor"), "user-disabled-pill"));
}

static void
test_not_admin (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *status = get_named (fixture->page, "users-not-admin");

  g_assert_cmpstr (visible_state (fixture), ==, "not-admin");
  g_assert_true (gtk_widget_get_mapped (status));
  /* It says who may: the administrator, by name. */
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), "admin"));
  /* Adding is not theirs: the action does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "users.new", NULL);
  psems_test_iterate_for (50);
  g_assert_null (find_window ("user-dialog"));

  /* Their own password is theirs to change: only that is shown. */
  {
    GtkWindow *dialog = open_dialog (fixture, "users.change-password", NULL);
    g_autoptr(PsemsActor) signed_in = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_false (gtk_widget_is_visible (get_named (dialog, "user-name")));
    g_assert_false (gtk_widget_is_visible (get_named (dialog, "user-role")));
    g_assert_false (gtk_widget_get_visible (get_named (dialog, "user-facilities")));
    set_text (dialog, "user-password", "pilot boat at slack water");
    set_text (dialog, "user-confirm", "pilot boat at slack tide");
    save (dialog, FALSE);
    g_assert_true (problem_shown (dialog, "user-password-problem"));
    set_text (dialog, "user-password", "pilot boat at slack water");
    set_text (dialog, "user-confirm", "pilot boat at slack water");
    save (dialog, TRUE);
    g_assert_true (psems_user_sign_in (fixture->store, "pfso", "pilot boat at slack water",
                                       &signed_in, &error));
    g_assert_no_error (error);
    g_assert_cmpint (psems_actor_get_role (signed_in), ==, PSEMS_ROLE_SECURITY_OFFICER);
  }

  /* The same page, an administrator acting: the list. */
  {
    gint64 admin_id = psems_user_resolve (fixture->store, "admin", NULL);
    g_autoptr(PsemsActor) admin = psems_actor_new (admin_id, "admin", PSEMS_ROLE_ADMINISTRATOR);

    psems_users_page_set_store (fixture->page, fixture->store, admin);
    g_assert_cmpstr (visible_state (fixture), ==, "content");
  }
}

static void
test_first_administrator (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkWindow *dialog;

  g_assert_cmpstr (visible_state (fixture), ==, "single-user");
  dialog = open_dialog (fixture, "users.new", NULL);
  /* The first user is an administrator: the role is not for choosing. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (get_named (dialog, "user-role"))),
                    ==, PSEMS_ROLE_ADMINISTRATOR);
  g_assert_false (gtk_widget_get_sensitive (get_named (dialog, "user-role")));
  set_text (dialog, "user-name", "harbourmaster");
  set_text (dialog, "user-full-name", "Ingrid Solberg");
  set_text (dialog, "user-password", "ferry ramp at dawn");
  set_text (dialog, "user-confirm", "ferry ramp at dawn");
  save (dialog, TRUE);

  g_assert_cmpint (psems_test_count (fixture->store,
                                     "SELECT count(*) FROM app_user WHERE user_name = "
                                     "'harbourmaster' AND role = 'administrator'"), ==, 1);
  /* Sign-in is on from now: the page offers to sign in at once. */
  g_assert_nonnull (find_window ("users-sign-in-now"));
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

  g_test_add ("/users-page/list", Fixture, NULL, fixture_set_up_admin, test_list,
              fixture_tear_down);
  g_test_add ("/users-page/add", Fixture, NULL, fixture_set_up_admin, test_add,
              fixture_tear_down);
  g_test_add ("/users-page/edit", Fixture, NULL, fixture_set_up_admin, test_edit,
              fixture_tear_down);
  g_test_add ("/users-page/not-admin", Fixture, NULL, fixture_set_up_officer, test_not_admin,
              fixture_tear_down);
  g_test_add ("/users-page/first-administrator", Fixture, NULL, fixture_set_up_single_user,
              test_first_administrator, fixture_tear_down);
  return g_test_run ();
}
