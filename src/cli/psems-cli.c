/* psems-cli.c — psems-cli: global options, noun and verb dispatch, and the helpers verbs share. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-user.h"

extern const PsemsCliNoun psems_cli_noun_dos;
extern const PsemsCliNoun psems_cli_noun_evidence;
extern const PsemsCliNoun psems_cli_noun_finding;
extern const PsemsCliNoun psems_cli_noun_schedule;
extern const PsemsCliNoun psems_cli_noun_pack;
extern const PsemsCliNoun psems_cli_noun_register;
extern const PsemsCliNoun psems_cli_noun_user;


/* Whether this command's sign-in took its password from PSEMS_PASSWORD_FILE
 * (then a new password for `user add` / `user passwd` must come from elsewhere). */
static gboolean password_file_used;

static const PsemsCliNoun *nouns[] = {
  &psems_cli_noun_db,
  &psems_cli_noun_facility,
  &psems_cli_noun_person,
  &psems_cli_noun_plan,
  &psems_cli_noun_layer,
  &psems_cli_noun_control,
  &psems_cli_noun_threat,
  &psems_cli_noun_risk_matrix,
  &psems_cli_noun_pfsa,
  &psems_cli_noun_diagram,
  &psems_cli_noun_dos,
  &psems_cli_noun_evidence,
  &psems_cli_noun_finding,
  &psems_cli_noun_schedule,
  &psems_cli_noun_assessment,
  &psems_cli_noun_bank,
  &psems_cli_noun_incident,
  &psems_cli_noun_records,
  &psems_cli_noun_pack,
  &psems_cli_noun_register,
  &psems_cli_noun_user,
};

int
psems_cli_usage_error (PsemsCli   *cli,
                       const char *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("%s: %s\n", cli->command, message);
  g_printerr (_("Try “%s --help”.\n"), cli->command);
  return PSEMS_EXIT_USAGE;
}

/* Refuses a command line without the verb's first argument (saying @missing)
 * or with more than @n_arguments; otherwise %PSEMS_EXIT_OK. */
int
psems_cli_check_arguments (PsemsCli    *cli,
                           int          argc,
                           char       **argv,
                           int          n_arguments,
                           const char  *missing)
{
  if (argc < 2)
    return psems_cli_usage_error (cli, "%s", missing);
  if (argc > n_arguments + 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[n_arguments + 1]);
  return PSEMS_EXIT_OK;
}

int
psems_cli_data_error (PsemsCli     *cli,
                      const GError *error)
{
  g_printerr ("%s: %s\n", cli->command, error->message);
  return PSEMS_EXIT_DATA;
}

/**
 * psems_cli_parse:
 * @prints_records: the verb prints records, so it takes `--format`
 *
 * Parses a verb's options; `--help` prints its help and exits 0. A usage
 * error prints what was wrong and sets @exit_code to 2.
 */
gboolean
psems_cli_parse (PsemsCli            *cli,
                 int                 *argc,
                 char              ***argv,
                 const GOptionEntry  *entries,
                 const char          *parameters,
                 const char          *summary,
                 gboolean             prints_records,
                 int                 *exit_code)
{
  const GOptionEntry format_entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &cli->format_name,
      N_("How to print records: text, json or csv"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (prints_records)
    g_option_context_add_main_entries (context, format_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = psems_cli_usage_error (cli, "%s", error->message);
      return FALSE;
    }
  if (cli->format_name != NULL && !psems_format_from_string (cli->format_name, &cli->format))
    {
      *exit_code = psems_cli_usage_error (cli, _("unknown format “%s” (use text, json or csv)"),
                                          cli->format_name);
      return FALSE;
    }
  return TRUE;
}

/* Wipes and frees a password read by the functions below. */
void
psems_cli_free_password (char *password)
{
  if (password == NULL)
    return;
  sodium_memzero (password, strlen (password));
  g_free (password);
}

gboolean
psems_cli_password_file_used (void)
{
  return password_file_used;
}

/* The first line of @path, without its line end. The file should be readable
 * by its owner alone; a wider mode is named in a warning, not refused, since
 * the operator chose it. */
char *
psems_cli_read_password_file (const char  *path,
                              GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local = NULL;
  char *contents = NULL;
  gsize length = 0;
  GStatBuf st;
  char *password;

  if (g_stat (path, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    g_printerr (_("psems-cli: warning: the password or passphrase file “%s” can be read by other users (chmod 600 it)\n"),
                display);
  if (!g_file_get_contents (path, &contents, &length, &local))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Cannot read the password or passphrase file: %s"), local->message);
      return NULL;
    }
  password = g_strndup (contents, strcspn (contents, "\r\n"));
  sodium_memzero (contents, length);
  g_free (contents);
  if (*password == '\0')
    {
      psems_cli_free_password (password);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("The file “%s” is empty: its first line is the password or passphrase"), display);
      return NULL;
    }
  return password;
}

/* Asks on the terminal with echo off; never from the command line, where
 * every user of the machine could read it. Without a terminal, the error names
 * @file_variable, the environment variable that names a file to read instead. */
char *
psems_cli_read_password (const char  *prompt,
                         const char  *file_variable,
                         GError     **error)
{
  struct termios saved, quiet;
  char buffer[1100];
  gboolean got;
  char *password;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("A password or passphrase is needed and there is no terminal to ask on:"
                     " put it on the first line of a file named by %s"), file_variable);
      return NULL;
    }
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHONL);
  quiet.c_lflag |= ICANON;
  g_printerr ("%s", prompt);
  if (tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Cannot turn off the terminal's echo: %s"), g_strerror (errno));
      return NULL;
    }
  got = fgets (buffer, sizeof buffer, stdin) != NULL;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");
  if (!got)
    {
      sodium_memzero (buffer, sizeof buffer);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("No password was typed"));
      return NULL;
    }
  password = g_strndup (buffer, strcspn (buffer, "\r\n"));
  sodium_memzero (buffer, sizeof buffer);
  return password;
}

/* The signing-in user's password: PSEMS_PASSWORD_FILE's first line, or the terminal. */
static char *
read_sign_in_password (PsemsCli  *cli,
                       GError   **error)
{
  const char *file = g_getenv ("PSEMS_PASSWORD_FILE");
  g_autofree char *prompt = NULL;

  if (file != NULL && *file != '\0')
    {
      password_file_used = TRUE;
      return psems_cli_read_password_file (file, error);
    }
  prompt = g_strdup_printf (_("Password for %s: "), cli->user);
  return psems_cli_read_password (prompt, "PSEMS_PASSWORD_FILE", error);
}

/**
 * psems_cli_open_store:
 *
 * Opens the database and, when it has accounts that can sign in, signs in
 * the user named by --user or PSEMS_USER (cli->actor becomes theirs). A
 * database with accounts and no user named is a usage error: this prints it
 * and exits 2. A wrong password returns %NULL with the error (exit 1).
 */
PsemsStore *
psems_cli_open_store (PsemsCli             *cli,
                      PsemsStoreOpenFlags   flags,
                      GError              **error)
{
  g_autoptr(PsemsStore) store = psems_store_open (cli->db_path, flags, error);
  g_autoptr(PsemsActor) actor = NULL;
  GError *local = NULL;
  char *password;
  gboolean required, ok;

  if (store == NULL)
    return NULL;
  /* Signed in already, by an earlier open in the same command. */
  if (psems_actor_get_user_id (cli->actor) > 0)
    return g_steal_pointer (&store);

  required = psems_user_sign_in_required (store, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (!required)
    return g_steal_pointer (&store);

  if (cli->user == NULL)
    {
      g_clear_object (&store);
      g_clear_pointer (&cli->actor, psems_actor_unref);
      exit (psems_cli_usage_error (cli, _("this database has user accounts: say who you are with"
                                          " --user NAME or PSEMS_USER")));
    }

  password = read_sign_in_password (cli, &local);
  if (password == NULL)
    {
      g_clear_object (&store);
      g_clear_pointer (&cli->actor, psems_actor_unref);
      exit (psems_cli_usage_error (cli, "%s", local->message));
    }
  /* A read-only command still signs in on a writable connection, so the
   * attempt is counted and audited: reading must not be a way round the
   * rate limit. Only a file nobody may write is signed in without a record. */
  if ((flags & PSEMS_STORE_OPEN_READ_ONLY) != 0)
    {
      g_autoptr(PsemsStore) writable = psems_store_open (cli->db_path, PSEMS_STORE_OPEN_DEFAULT, NULL);

      ok = psems_user_sign_in (writable != NULL ? writable : store, cli->user, password, &actor, error);
    }
  else
    ok = psems_user_sign_in (store, cli->user, password, &actor, error);
  psems_cli_free_password (password);
  if (!ok)
    return NULL;

  psems_actor_unref (cli->actor);
  cli->actor = g_steal_pointer (&actor);
  return g_steal_pointer (&store);
}

/* Opens the store and resolves the record a verb names; on failure prints
 * why, sets @status and returns %NULL. */
PsemsStore *
psems_cli_open_resolved (PsemsCli             *cli,
                         PsemsStoreOpenFlags   flags,
                         PsemsCliResolveFunc   resolve,
                         const char           *text,
                         gint64               *id,
                         int                  *status)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = psems_cli_open_store (cli, flags, &error);
  if (store != NULL)
    *id = resolve (store, text, &error);
  if (store == NULL || *id <= 0)
    {
      *status = psems_cli_data_error (cli, error);
      return NULL;
    }
  return g_steal_pointer (&store);
}

void
psems_cli_print (PsemsCli     *cli,
                 PsemsRecords *records)
{
  g_autofree char *text = psems_records_to_string (records, cli->format);

  fputs (text, stdout);
}

/* A day option kept as the text the core takes: checked as YYYY-MM-DD and a
 * real day (a usage error naming @option otherwise); with @empty_clears, ""
 * gives *@day = %NULL, clearing an optional date. */
gboolean
psems_cli_parse_day_text (PsemsCli    *cli,
                          const char  *option,
                          const char  *text,
                          gboolean     empty_clears,
                          char       **day,
                          int         *status)
{
  GDate date;
  gboolean given;
  char buffer[16];

  *day = NULL;
  if (text == NULL || (empty_clears && *text == '\0'))
    return TRUE;
  if (!psems_cli_parse_day (cli, option, text, &date, &given, status))
    return FALSE;
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", &date);
  *day = g_strdup (buffer);
  return TRUE;
}

/* Today as the core judges it when no day is given: the local calendar day. */
char *
psems_cli_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Facility id → code, archived facilities included, for lists that span facilities. */
GHashTable *
psems_cli_facility_codes (PsemsStore  *store,
                          GError     **error)
{
  g_autoptr(GPtrArray) facilities = psems_facility_list (store, TRUE, error);
  GHashTable *codes;

  if (facilities == NULL)
    return NULL;
  codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < facilities->len; i++)
    {
      const PsemsFacility *facility = g_ptr_array_index (facilities, i);

      g_hash_table_insert (codes, g_memdup2 (&facility->id, sizeof facility->id),
                           g_strdup (facility->code));
    }
  return codes;
}

/* The name of a level of the risk matrix by its index, NULL when out of range. */
const char *
psems_cli_risk_level_name (const PsemsRiskMatrix *matrix,
                           int                    index)
{
  const PsemsRiskLevel *level;

  if (matrix == NULL || matrix->levels == NULL || index < 0 || (guint) index >= matrix->levels->len)
    return NULL;
  level = g_ptr_array_index (matrix->levels, (guint) index);
  return level->name;
}

static void
print_main_help (FILE *to)
{
  g_autofree char *default_db = psems_store_default_path ();

  fprintf (to, _("Usage: psems-cli [--db FILE] [--user NAME] [--format FORMAT] NOUN VERB [options]\n\n"));
  fprintf (to, _("PSeMS, the port security management system, without a screen.\n\nNouns:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (nouns); i++)
    fprintf (to, "  %-14s %s\n", nouns[i]->name, _(nouns[i]->summary));
  fprintf (to, _("\nGlobal options:\n"
                 "  --db FILE        the database (default: %s)\n"
                 "  --user NAME      who signs in (or PSEMS_USER); required when the database has\n"
                 "                   user accounts, the password then comes from the file named by\n"
                 "                   PSEMS_PASSWORD_FILE (its first line) or is asked on the terminal\n"
                 "  --format FORMAT  text, json or csv, where records are printed\n"
                 "  --version        print the version\n"
                 "  -h, --help       this help; “psems-cli NOUN --help” lists a noun's verbs\n\n"
                 "Exit status: 0 success, 1 a data error, 2 a usage error.\n"),
           default_db);
}

static void
print_noun_help (const PsemsCliNoun *noun,
                 FILE               *to)
{
  fprintf (to, _("Usage: psems-cli [global options] %s VERB [options]\n\n%s\n\nVerbs:\n"),
           noun->name, _(noun->summary));
  for (const PsemsCliVerb *verb = noun->verbs; verb->name != NULL; verb++)
    fprintf (to, "  %-14s %s\n", verb->name, _(verb->summary));
  fprintf (to, _("\n“psems-cli %s VERB --help” describes a verb.\n"), noun->name);
}

static gboolean
is_help (const char *arg)
{
  return g_strcmp0 (arg, "--help") == 0 || g_strcmp0 (arg, "-h") == 0 || g_strcmp0 (arg, "help") == 0;
}

/* Global options stop at the noun; a verb parses its own. */
static int
parse_global (PsemsCli *cli,
              int      *argc,
              char   ***argv)
{
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli->db_path, NULL, NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &cli->user, NULL, NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &cli->format_name, NULL, NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    return psems_cli_usage_error (cli, "%s", error->message);

  if (version)
    {
      printf ("psems-cli %s\n", PACKAGE_VERSION);
      exit (PSEMS_EXIT_OK);
    }
  if (cli->format_name != NULL && !psems_format_from_string (cli->format_name, &cli->format))
    return psems_cli_usage_error (cli, _("unknown format “%s” (use text, json or csv)"), cli->format_name);
  if (cli->db_path == NULL)
    cli->db_path = psems_store_default_path ();
  if (cli->user == NULL && g_getenv ("PSEMS_USER") != NULL)
    cli->user = g_strdup (g_getenv ("PSEMS_USER"));
  if (cli->user != NULL && *cli->user == '\0')
    return psems_cli_usage_error (cli, _("--user needs a name"));
  /* Single-user mode's actor: the name given or the login, acting as
   * administrator. psems_cli_open_store() replaces it by the signed-in
   * user's when the database has accounts. */
  cli->actor = cli->user != NULL
             ? psems_actor_new (0, cli->user, PSEMS_ROLE_ADMINISTRATOR)
             : psems_actor_new_for_login ();
  return PSEMS_EXIT_OK;
}

int
main (int    argc,
      char **argv)
{
  PsemsCli cli = { .format = PSEMS_FORMAT_TEXT };
  const PsemsCliNoun *noun = NULL;
  const PsemsCliVerb *verb = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  cli.command = g_strdup ("psems-cli");
  if (argc > 1 && is_help (argv[1]))
    {
      print_main_help (stdout);
      status = PSEMS_EXIT_OK;
      goto out;
    }

  status = parse_global (&cli, &argc, &argv);
  if (status != PSEMS_EXIT_OK)
    goto out;

  if (argc < 2)
    {
      print_main_help (stderr);
      status = PSEMS_EXIT_USAGE;
      goto out;
    }
  if (is_help (argv[1]))
    {
      print_main_help (stdout);
      goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (nouns); i++)
    if (g_str_equal (nouns[i]->name, argv[1]))
      noun = nouns[i];
  if (noun == NULL)
    {
      status = psems_cli_usage_error (&cli, _("unknown noun “%s”"), argv[1]);
      goto out;
    }

  g_free (cli.command);
  cli.command = g_strdup_printf ("psems-cli %s", noun->name);
  if (argc < 3 || is_help (argv[2]))
    {
      print_noun_help (noun, argc < 3 ? stderr : stdout);
      status = argc < 3 ? PSEMS_EXIT_USAGE : PSEMS_EXIT_OK;
      goto out;
    }

  for (verb = noun->verbs; verb->name != NULL; verb++)
    if (g_str_equal (verb->name, argv[2]))
      break;
  if (verb->name == NULL)
    {
      status = psems_cli_usage_error (&cli, _("unknown verb “%s”"), argv[2]);
      goto out;
    }

  g_free (cli.command);
  cli.command = g_strdup_printf ("psems-cli %s %s", noun->name, verb->name);
  argv[2] = cli.command;
  g_set_prgname (cli.command);   /* GOption's help names the program from it: "psems-cli db init" */
  status = verb->run (&cli, argc - 2, argv + 2);

out:
  g_clear_pointer (&cli.actor, psems_actor_unref);
  g_free (cli.db_path);
  g_free (cli.user);
  g_free (cli.format_name);
  g_free (cli.command);
  return status;
}
