/* test-cli-user.c — psems-cli user and sign-in: the first administrator, --user, PSEMS_PASSWORD_FILE, refusals. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-test-util.h"

#define ADMIN_PASSWORD "harbour crane at dawn"
#define AUDITOR_PASSWORD "quiet tide under the pier"
#define NEW_PASSWORD "gulls over the breakwater"

typedef struct
{
  char *dir;
  char *db;
  char *admin_file;
  char *auditor_file;
  char *wrong_file;
  char *new_file;
} Fixture;

#define RUN(out, err, ...) psems_test_run_cli (out, err, "--db", f->db, __VA_ARGS__, NULL)

static char *
password_file (Fixture    *f,
               const char *name,
               const char *password)
{
  g_autofree char *line = g_strdup_printf ("%s\n", password);
  char *path = psems_test_write_file (f->dir, name, line);

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  return path;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "user.db", NULL);
  f->admin_file = password_file (f, "admin.pw", ADMIN_PASSWORD);
  f->auditor_file = password_file (f, "auditor.pw", AUDITOR_PASSWORD);
  f->wrong_file = password_file (f, "wrong.pw", "not the password at all");
  f->new_file = password_file (f, "new.pw", NEW_PASSWORD);
  g_unsetenv ("PSEMS_PASSWORD_FILE");
  g_unsetenv ("PSEMS_USER");
  g_assert_cmpint (RUN (NULL, NULL, "db", "demo", "--persons", "5"), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_unsetenv ("PSEMS_PASSWORD_FILE");
  g_unsetenv ("PSEMS_USER");
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->admin_file);
  g_free (f->auditor_file);
  g_free (f->wrong_file);
  g_free (f->new_file);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return psems_test_count_path (f->db, sql);
}

/* Exit 1 with a message that says @says. */
static void
refused (Fixture    *f,
         const char *says,
         int         status,
         const char *err)
{
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, says));
}

/* The first administrator, created in single-user mode with the password from the file. */
static void
add_first_admin (Fixture *f)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_setenv ("PSEMS_PASSWORD_FILE", f->admin_file, TRUE);
  status = RUN (&out, &err, "user", "add", "--name", "admin", "--full-name", "Marit Ødegård", "--role",
                "administrator");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "USR-"));
  g_assert_nonnull (strstr (out, "created"));
}

static void
test_first_admin_and_sign_in (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *unknown = NULL;
  int status;

  /* Single-user mode: no --user needed. */
  g_assert_cmpint (RUN (&out, NULL, "facility", "list"), ==, 0);
  g_assert_nonnull (strstr (out, "NHV-CT"));
  g_clear_pointer (&out, g_free);

  /* The first account must be an administrator. */
  g_setenv ("PSEMS_PASSWORD_FILE", f->admin_file, TRUE);
  status = RUN (NULL, &err, "user", "add", "--name", "olu", "--role", "auditor");
  refused (f, "must be an administrator", status, err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (count (f, "SELECT count(*) FROM app_user"), ==, 0);

  add_first_admin (f);

  /* Now a user is required: a usage error that says how. */
  g_unsetenv ("PSEMS_PASSWORD_FILE");
  status = RUN (NULL, &err, "facility", "list");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--user"));
  g_clear_pointer (&err, g_free);

  /* No terminal and no file: said so, not hung. */
  status = RUN (NULL, &err, "--user", "admin", "facility", "list");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "PSEMS_PASSWORD_FILE"));
  g_clear_pointer (&err, g_free);

  /* With the password file it works, by --user or PSEMS_USER. */
  g_setenv ("PSEMS_PASSWORD_FILE", f->admin_file, TRUE);
  g_assert_cmpint (RUN (&out, NULL, "--user", "admin", "facility", "list"), ==, 0);
  g_assert_nonnull (strstr (out, "NHV-CT"));
  g_clear_pointer (&out, g_free);
  g_setenv ("PSEMS_USER", "admin", TRUE);
  g_assert_cmpint (RUN (&out, NULL, "facility", "list"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_unsetenv ("PSEMS_USER");

  /* A wrong password and an unknown name: exit 1, the same words. */
  g_setenv ("PSEMS_PASSWORD_FILE", f->wrong_file, TRUE);
  status = RUN (NULL, &wrong, "--user", "admin", "facility", "list");
  refused (f, "Wrong user name or password", status, wrong);
  status = RUN (NULL, &unknown, "--user", "nobody", "facility", "list");
  refused (f, "Wrong user name or password", status, unknown);
  g_assert_cmpstr (strstr (wrong, ": "), ==, strstr (unknown, ": "));

  /* Sign-ins are in the trail; the passwords nowhere in the file's trail. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail WHERE action = 'sign-in'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail WHERE action = 'sign-in-failed'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail WHERE coalesce (before, '') || coalesce (after, '')"
                             " || user_name LIKE '%harbour crane%' OR user_name LIKE '%not the password%'"),
                   ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM app_user WHERE password_hash LIKE '$argon2id$%'"), ==, 1);
  g_assert_cmpint (RUN (NULL, NULL, "--user", "admin", "db", "verify"), ==, 1);   /* wrong password still set */
  g_setenv ("PSEMS_PASSWORD_FILE", f->admin_file, TRUE);
  g_assert_cmpint (RUN (NULL, NULL, "--user", "admin", "db", "verify"), ==, 0);
}

static void
test_roles_and_accounts (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *control = NULL;
  g_autofree char *sql = NULL;
  JsonObject *record;
  int status;

  add_first_admin (f);
  g_setenv ("PSEMS_PASSWORD_FILE", f->admin_file, TRUE);

  /* The administrator adds an auditor; the new password comes from --password-file. */
  status = RUN (&out, &err, "--user", "admin", "user", "add", "--name", "olu", "--full-name", "Olu Adeyemi",
                "--email", "olu@port.example", "--role", "auditor", "--password-file", f->auditor_file);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* Without a new password source and no terminal: a usage error, nothing written. */
  status = RUN (NULL, &err, "--user", "admin", "user", "add", "--name", "kai", "--role", "manager");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--password-file"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (count (f, "SELECT count(*) FROM app_user"), ==, 2);

  /* The auditor reads, and may not change a control: exit 1 naming the permission. */
  g_setenv ("PSEMS_PASSWORD_FILE", f->auditor_file, TRUE);
  g_assert_cmpint (RUN (&out, NULL, "--user", "olu", "control", "list"), ==, 0);
  g_clear_pointer (&out, g_free);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsemsStore) store = psems_store_open (f->db, PSEMS_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(GPtrArray) controls = NULL;

    g_assert_no_error (error);
    controls = psems_control_list (store, 0, NULL, &error);
    g_assert_no_error (error);
    control = g_strdup (((PsemsControl *) g_ptr_array_index (controls, 0))->ref);
  }
  sql = g_strdup ("SELECT count(*) FROM audit_trail WHERE entity = 'control'");
  {
    gint64 before = count (f, sql);

    status = RUN (NULL, &err, "--user", "olu", "control", "edit", control, "--owner", "Somebody");
    refused (f, "olu (auditor) may not update control", status, err);
    g_assert_nonnull (strstr (err, "Permission denied"));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (count (f, sql), ==, before);
  }
  /* Nor manage users. */
  status = RUN (NULL, &err, "--user", "olu", "user", "disable", "admin");
  refused (f, "may not update user", status, err);
  g_clear_pointer (&err, g_free);

  /* Everyone sets their own password. */
  g_assert_cmpint (RUN (NULL, NULL, "--user", "olu", "user", "passwd", "--password-file", f->new_file), ==, 0);
  status = RUN (NULL, &err, "--user", "olu", "user", "list");
  refused (f, "Wrong user name or password", status, err);
  g_clear_pointer (&err, g_free);
  g_setenv ("PSEMS_PASSWORD_FILE", f->new_file, TRUE);
  g_assert_cmpint (RUN (NULL, NULL, "--user", "olu", "user", "list"), ==, 0);

  /* The administrator edits, assigns facilities, disables. */
  g_setenv ("PSEMS_PASSWORD_FILE", f->admin_file, TRUE);
  g_assert_cmpint (RUN (&out, NULL, "--user", "admin", "user", "edit", "olu", "--role", "security-officer"), ==, 0);
  g_assert_nonnull (strstr (out, "role"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--user", "admin", "user", "assign", "olu", "--facility", "NHV-CT",
                        "--facility", "NHV-CRU"), ==, 0);
  g_assert_nonnull (strstr (out, "2 facilities"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--user", "admin", "--format", "json", "user", "show", "OLU"), ==, 0);
  root = psems_test_parse_json (out);
  record = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (record, "role"), ==, "security-officer");
  g_assert_cmpstr (json_object_get_string_member (record, "facilities"), ==, "NHV-CT, NHV-CRU");
  g_assert_nonnull (json_object_get_string_member (record, "last_sign_in_at"));
  g_assert_false (json_object_has_member (record, "password_hash"));
  g_clear_pointer (&out, g_free);

  /* The last administrator stays one. */
  status = RUN (NULL, &err, "--user", "admin", "user", "disable", "admin");
  refused (f, "last administrator", status, err);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (RUN (NULL, NULL, "--user", "admin", "user", "disable", "olu"), ==, 0);
  g_setenv ("PSEMS_PASSWORD_FILE", f->new_file, TRUE);
  status = RUN (NULL, &err, "--user", "olu", "user", "list");
  refused (f, "disabled", status, err);
  g_clear_pointer (&err, g_free);

  g_setenv ("PSEMS_PASSWORD_FILE", f->admin_file, TRUE);
  g_assert_cmpint (RUN (&out, NULL, "--user", "admin", "user", "list"), ==, 0);
  g_assert_null (strstr (out, "olu"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (RUN (&out, NULL, "--user", "admin", "user", "list", "--disabled"), ==, 0);
  g_assert_nonnull (strstr (out, "olu"));
}

static void
test_help_and_usage (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const verbs[] = { "list", "show", "add", "edit", "disable", "passwd", "assign", NULL };
  static const PsemsTestCliCase cases[] = {
    { { "user", "add", "--role", "auditor" }, "--name is required" },
    { { "user", "add", "--name", "kai" }, "--role is required" },
    { { "user", "add", "--name", "kai", "--role", "captain" }, "unknown role" },
    { { "user", "show" }, "which user" },
    { { "user", "edit", "olu" }, "nothing to change" },
    { { "user", "assign", "olu" }, "--facility" },
    { { "user", "passwd", "a", "b" }, "unexpected argument" },
    { { "--user", "", "user", "list" }, "--user needs a name" },
  };

  psems_test_check_cli_help (f->db, "user", verbs);
  psems_test_check_cli_usage_errors (f->db, cases, G_N_ELEMENTS (cases));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-user/first-admin-and-sign-in", test_first_admin_and_sign_in);
  ADD ("/cli-user/roles-and-accounts", test_roles_and_accounts);
  ADD ("/cli-user/help-and-usage", test_help_and_usage);
#undef ADD
  return g_test_run ();
}
