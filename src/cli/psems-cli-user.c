/* psems-cli-user.c — psems-cli user: list, show, add, edit, disable, passwd, assign. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-user.h"

static const char which_user[] = N_("which user? Give their reference or user name");

/* ─────────────────────────── records ─────────────────────────── */

/* The facility codes of @user, comma-separated; "" for none. */
static char *
facility_codes_text (GHashTable      *codes,
                     const PsemsUser *user)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < user->facility_ids->len; i++)
    {
      gint64 id = g_array_index (user->facility_ids, gint64, i);
      const char *code = g_hash_table_lookup (codes, &id);

      g_string_append_printf (text, "%s%s", text->len ? ", " : "", code != NULL ? code : "?");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
describe_user (JsonBuilder     *builder,
               const PsemsUser *user,
               GHashTable      *codes)
{
  g_autofree char *facilities = facility_codes_text (codes, user);

  psems_json_add_string (builder, "ref", user->ref);
  psems_json_add_string (builder, "user_name", user->user_name);
  psems_json_add_string (builder, "full_name", user->full_name);
  psems_json_add_string (builder, "email", user->email);
  psems_json_add_string (builder, "role", psems_role_to_string (user->role));
  psems_json_add_boolean (builder, "disabled", user->disabled);
  psems_json_add_string (builder, "facilities", facilities);
  psems_json_add_string (builder, "last_sign_in_at", user->last_sign_in_at);
  psems_json_add_string (builder, "created_at", user->created_at);
}

static JsonNode *
build_user_record (PsemsStore  *store,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(PsemsUser) user = NULL;
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  user = psems_user_get (store, id, error);
  if (user == NULL)
    return NULL;
  codes = psems_cli_facility_codes (store, error);
  if (codes == NULL)
    return NULL;
  json_builder_begin_object (builder);
  describe_user (builder, user, codes);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A user with the facility codes, for psems_cli_print_list()'s describe function. */
typedef struct
{
  const PsemsUser *user;
  GHashTable *codes;
} UserRow;

static void
describe_user_row (JsonBuilder   *builder,
                   const UserRow *row)
{
  describe_user (builder, row->user, row->codes);
}

/* The new password of `add` and `passwd`: --password-file, else
 * PSEMS_PASSWORD_FILE when the sign-in did not use it, else asked twice. */
static char *
read_new_password (PsemsCli    *cli,
                   const char  *password_file,
                   const char  *user_name,
                   int         *status)
{
  g_autoptr(GError) error = NULL;
  const char *env = g_getenv ("PSEMS_PASSWORD_FILE");
  g_autofree char *prompt = NULL;
  char *password;
  char *again;

  if (password_file != NULL)
    password = psems_cli_read_password_file (password_file, &error);
  else if (env != NULL && *env != '\0' && !psems_cli_password_file_used ())
    password = psems_cli_read_password_file (env, &error);
  else
    {
      prompt = g_strdup_printf (_("New password for %s: "), user_name);
      password = psems_cli_read_password (prompt, "PSEMS_PASSWORD_FILE", &error);
      if (password != NULL)
        {
          again = psems_cli_read_password (_("The same password again: "), "PSEMS_PASSWORD_FILE", &error);
          if (again == NULL || strcmp (password, again) != 0)
            {
              psems_cli_free_password (password);
              psems_cli_free_password (again);
              if (error == NULL)
                {
                  *status = psems_cli_usage_error (cli, _("the two passwords differ; nothing was changed"));
                  return NULL;
                }
              password = NULL;
            }
          else
            psems_cli_free_password (again);
        }
    }
  if (password == NULL)
    {
      if (error->domain == PSEMS_ERROR && error->code == PSEMS_ERROR_INVALID && password_file == NULL &&
          (env == NULL || psems_cli_password_file_used ()))
        *status = psems_cli_usage_error (cli, "%s", _("a new password is needed: give --password-file FILE"
                                                      " or run on a terminal"));
      else
        *status = psems_cli_data_error (cli, error);
      return NULL;
    }
  return password;
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
user_list (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  gboolean disabled = FALSE;
  const GOptionEntry entries[] = {
    { "disabled", 0, 0, G_OPTION_ARG_NONE, &disabled, N_("Include disabled accounts"), NULL },
    { NULL }
  };
  static const char * const columns[] = {
    "ref", "user_name", "full_name", "role", "facilities", "disabled", "last_sign_in_at", NULL
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the user accounts: reference, user name, full name, role, the "
                          "facilities assigned to them and their last sign-in. Disabled accounts "
                          "are left out unless --disabled is given. A database without accounts "
                          "is in single-user mode: your login acts as administrator."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  users = psems_user_list (store, disabled, &error);
  if (users == NULL)
    return psems_cli_data_error (cli, error);
  codes = psems_cli_facility_codes (store, &error);
  if (codes == NULL)
    return psems_cli_data_error (cli, error);
  for (guint i = 0; i < users->len; i++)
    {
      UserRow *row = g_new0 (UserRow, 1);

      row->user = g_ptr_array_index (users, i);
      row->codes = codes;
      g_ptr_array_add (rows, row);
    }
  psems_cli_print_list (cli, rows, (PsemsCliDescribeFunc) describe_user_row, columns);
  return PSEMS_EXIT_OK;
}

static int
user_show (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  g_autoptr(PsemsStore) store = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, _("USER"),
                        _("Prints a user account (USER is its reference, USR-YYYY-NNNN, or the user "
                          "name): names, e-mail, role, assigned facilities, whether it is disabled "
                          "and the last sign-in. The password is never shown, not even its hash."),
                        TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_user))) != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_user_resolve, argv[1], &id, &status);
  if (store == NULL)
    return status;
  return psems_cli_show_record (cli, store, id, build_user_record, NULL);
}

typedef struct
{
  char *name;
  char *full_name;
  char *email;
  char *role;
  char *password_file;
} UserOptions;

static void
user_options_clear (UserOptions *o)
{
  g_free (o->name);
  g_free (o->full_name);
  g_free (o->email);
  g_free (o->role);
  g_free (o->password_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UserOptions, user_options_clear)

#define USER_OPTION_ENTRIES(o) \
  { "name", 0, 0, G_OPTION_ARG_STRING, &(o).name, \
    N_("The user name, typed to sign in (one word)"), N_("NAME") }, \
  { "full-name", 0, 0, G_OPTION_ARG_STRING, &(o).full_name, N_("The person's full name"), N_("TEXT") }, \
  { "email", 0, 0, G_OPTION_ARG_STRING, &(o).email, N_("E-mail address"), N_("ADDRESS") }, \
  { "role", 0, 0, G_OPTION_ARG_STRING, &(o).role, \
    N_("administrator, security-officer, auditor or manager"), N_("ROLE") }

#define PASSWORD_FILE_ENTRY(o) \
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &(o).password_file, \
    N_("Read the new password from the first line of FILE instead of asking"), N_("FILE") }

static gboolean
parse_role (PsemsCli    *cli,
            const char  *text,
            PsemsRole   *role,
            int         *status)
{
  if (psems_role_from_string (text, role))
    return TRUE;
  *status = psems_cli_usage_error (cli, _("--role: unknown role “%s” (use administrator, security-officer,"
                                          " auditor or manager)"), text);
  return FALSE;
}

static int
user_add (PsemsCli *cli,
          int       argc,
          char    **argv)
{
  g_auto(UserOptions) o = { NULL };
  const GOptionEntry entries[] = {
    USER_OPTION_ENTRIES (o),
    PASSWORD_FILE_ENTRY (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsUser) user = psems_user_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  char *password;
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Creates a user account. --name and --role are required. The password is "
                          "read from --password-file, else from PSEMS_PASSWORD_FILE when the sign-in "
                          "did not use it, else asked twice on the terminal; never from the command "
                          "line. It needs at least 12 characters (a passphrase of a few words is "
                          "good) and is stored as an Argon2id hash. Only an administrator adds users; "
                          "the first account of a database must be an administrator."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (o.name == NULL)
    return psems_cli_usage_error (cli, _("--name is required"));
  if (o.role == NULL)
    return psems_cli_usage_error (cli, _("--role is required (administrator, security-officer, auditor or"
                                         " manager)"));
  if (!parse_role (cli, o.role, &user->role, &status))
    return status;
  user->user_name = g_strdup (o.name);
  user->full_name = psems_cli_dup_optional (o.full_name);
  user->email = psems_cli_dup_optional (o.email);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  password = read_new_password (cli, o.password_file, o.name, &status);
  if (password == NULL)
    return status;
  id = psems_user_create (store, cli->actor, user, password, &ref, &error);
  psems_cli_free_password (password);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s created"), ref);
  return psems_cli_confirm (cli, store, id, build_user_record, NULL, line);
}

static int
user_edit (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  g_auto(UserOptions) o = { NULL };
  const GOptionEntry entries[] = {
    USER_OPTION_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsUser) user = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("USER"),
                        _("Changes the fields of a user account that are given as options and leaves "
                          "the others as they are; an empty value (--email '') clears an optional "
                          "field. The password changes with “passwd”, facilities with “assign”. The "
                          "last administrator who can sign in keeps that role."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_user))) != PSEMS_EXIT_OK)
    return status;
  if (o.name == NULL && o.full_name == NULL && o.email == NULL && o.role == NULL)
    return psems_cli_usage_error (cli, _("nothing to change: give at least one field as an option"));

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_user_resolve, argv[1], &id, &status);
  if (store == NULL)
    return status;
  user = psems_user_get (store, id, &error);
  if (user == NULL)
    return psems_cli_data_error (cli, error);
  if (o.name != NULL)
    {
      g_free (user->user_name);
      user->user_name = g_strdup (o.name);
      psems_cli_note_changed (changed, "user_name");
    }
  if (o.full_name != NULL)
    {
      g_free (user->full_name);
      user->full_name = psems_cli_dup_optional (o.full_name);
      psems_cli_note_changed (changed, "full_name");
    }
  if (o.email != NULL)
    {
      g_free (user->email);
      user->email = psems_cli_dup_optional (o.email);
      psems_cli_note_changed (changed, "email");
    }
  if (o.role != NULL)
    {
      if (!parse_role (cli, o.role, &user->role, &status))
        return status;
      psems_cli_note_changed (changed, "role");
    }
  if (!psems_user_update (store, cli->actor, user, &error))
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s updated: %s"), user->ref, changed->str);
  return psems_cli_confirm (cli, store, id, build_user_record, NULL, line);
}

static int
user_disable (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  gboolean enable = FALSE;
  const GOptionEntry entries[] = {
    { "enable", 0, 0, G_OPTION_ARG_NONE, &enable, N_("Enable a disabled account again instead"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  gboolean ok;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("USER"),
                        _("Disables a user account: it can no longer sign in, and everything it "
                          "recorded stays under its name (an account is never deleted). --enable "
                          "brings it back. The last administrator who can sign in cannot be "
                          "disabled."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_user))) != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_user_resolve, argv[1], &id, &status);
  if (store == NULL)
    return status;
  ok = enable ? psems_user_enable (store, cli->actor, id, &error)
              : psems_user_disable (store, cli->actor, id, &error);
  if (!ok)
    return psems_cli_data_error (cli, error);
  user = psems_user_get (store, id, &error);
  if (user == NULL)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (enable ? _("%s enabled") : _("%s disabled"), user->ref);
  return psems_cli_confirm (cli, store, id, build_user_record, NULL, line);
}

static int
user_passwd (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_auto(UserOptions) o = { NULL };
  const GOptionEntry entries[] = {
    PASSWORD_FILE_ENTRY (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *who;
  char *password;
  gint64 id = 0;
  int status;
  gboolean ok;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("[USER]"),
                        _("Sets a user's password (your own when USER is left out). An administrator "
                          "sets anyone's; everyone sets their own. The new password is read from "
                          "--password-file, else from PSEMS_PASSWORD_FILE when the sign-in did not use "
                          "it, else asked twice on the terminal. Failed sign-ins counted against the "
                          "user name are cleared."), TRUE, &status))
    return status;
  if (argc > 2)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[2]);
  who = argc == 2 ? argv[1] : cli->user;
  if (who == NULL)
    return psems_cli_usage_error (cli, "%s", _(which_user));

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_user_resolve, who, &id, &status);
  if (store == NULL)
    return status;
  user = psems_user_get (store, id, &error);
  if (user == NULL)
    return psems_cli_data_error (cli, error);
  password = read_new_password (cli, o.password_file, user->user_name, &status);
  if (password == NULL)
    return status;
  ok = psems_user_set_password (store, cli->actor, id, password, &error);
  psems_cli_free_password (password);
  if (!ok)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s: password set"), user->ref);
  return psems_cli_confirm (cli, store, id, build_user_record, NULL, line);
}

static int
user_assign (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_auto(GStrv) facilities = NULL;
  gboolean none = FALSE;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING_ARRAY, &facilities,
      N_("A facility assigned to the user, by reference or code (repeat for more)"), N_("FACILITY") },
    { "none", 0, 0, G_OPTION_ARG_NONE, &none, N_("Take every facility away"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(PsemsUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("USER"),
                        _("Sets the facilities assigned to a user: exactly those given with --facility "
                          "(repeated), or none with --none. A security officer changes the records of "
                          "the facilities assigned to them only."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_user))) != PSEMS_EXIT_OK)
    return status;
  if ((facilities == NULL) == !none)
    return psems_cli_usage_error (cli, _("give the facilities with --facility FACILITY (repeated), or --none"));

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_user_resolve, argv[1], &id, &status);
  if (store == NULL)
    return status;
  for (guint i = 0; facilities != NULL && facilities[i] != NULL; i++)
    {
      gint64 facility_id = psems_facility_resolve (store, facilities[i], &error);

      if (facility_id <= 0)
        {
          g_prefix_error (&error, "--facility: ");
          return psems_cli_data_error (cli, error);
        }
      g_array_append_val (ids, facility_id);
    }
  if (!psems_user_assign_facilities (store, cli->actor, id, (const gint64 *) (gpointer) ids->data, ids->len,
                                     &error))
    return psems_cli_data_error (cli, error);
  user = psems_user_get (store, id, &error);
  if (user == NULL)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (ngettext ("%s: %u facility assigned", "%s: %u facilities assigned",
                                    user->facility_ids->len),
                          user->ref, user->facility_ids->len);
  return psems_cli_confirm (cli, store, id, build_user_record, NULL, line);
}

static const PsemsCliVerb verbs[] = {
  { "list", N_("List the user accounts"), user_list },
  { "show", N_("Print one user account"), user_show },
  { "add", N_("Create a user account"), user_add },
  { "edit", N_("Change a user's names, e-mail or role"), user_edit },
  { "disable", N_("Disable (or --enable) an account"), user_disable },
  { "passwd", N_("Set a password"), user_passwd },
  { "assign", N_("Set the facilities assigned to a user"), user_assign },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_user = {
  "user", N_("User accounts, roles, passwords and facility assignments"), verbs
};
