/* psems-cli-backup.c — psems-cli db backup and db restore: online copies, optional passphrase, checked restore. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "psems-backup.h"
#include "psems-cli.h"

#define PASSPHRASE_FILE_VARIABLE "PSEMS_BACKUP_PASSPHRASE_FILE"

typedef char PsemsCliPassphrase;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsCliPassphrase, psems_cli_free_password)

/* From PSEMS_BACKUP_PASSPHRASE_FILE, else the terminal (twice when
 * @confirm); never from the command line, where every user of the machine
 * could read it. */
static char *
get_passphrase (gboolean   confirm,
                GError   **error)
{
  const char *file = g_getenv (PASSPHRASE_FILE_VARIABLE);
  g_autoptr(PsemsCliPassphrase) first = NULL;
  g_autoptr(PsemsCliPassphrase) again = NULL;

  if (file != NULL && *file != '\0')
    return psems_cli_read_password_file (file, error);

  first = psems_cli_read_password (_("Backup passphrase: "), PASSPHRASE_FILE_VARIABLE, error);
  if (first == NULL || !confirm)
    return g_steal_pointer (&first);
  again = psems_cli_read_password (_("The same passphrase again: "), PASSPHRASE_FILE_VARIABLE, error);
  if (again == NULL)
    return NULL;
  if (strcmp (first, again) != 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("The two passphrases differ; nothing was written"));
      return NULL;
    }
  return g_steal_pointer (&first);
}

static void
show_progress_cb (double   fraction,
                  gpointer user_data)
{
  g_printerr ("\r%3d %%", (int) (fraction * 100 + 0.5));
}

int
psems_cli_db_backup (PsemsCli *cli,
                     int       argc,
                     char    **argv)
{
  gboolean encrypt = FALSE;
  const GOptionEntry entries[] = {
    { "encrypt", 0, 0, G_OPTION_ARG_NONE, &encrypt,
      N_("Encrypt the backup with a passphrase (from PSEMS_BACKUP_PASSPHRASE_FILE or asked on the "
         "terminal)"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsCliPassphrase) passphrase = NULL;
  g_autoptr(GError) error = NULL;
  gboolean show_progress;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("FILE"),
                        _("Copies the database to FILE with SQLite's online backup, safely while PSeMS "
                          "or psems-cli have it open; the copy is checked, then written whole (mode "
                          "0600). With --encrypt, FILE is encrypted with a passphrase (Argon2id and "
                          "XChaCha20-Poly1305); without the passphrase it cannot be restored."),
                        FALSE, &status))
    return status;
  status = psems_cli_check_arguments (cli, argc, argv, 1, _("name the backup FILE to write"));
  if (status != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (!psems_actor_check (cli->actor, PSEMS_OP_ADMINISTER, "database", 0, &error))
    return psems_cli_data_error (cli, error);
  if (encrypt)
    {
      passphrase = get_passphrase (TRUE, &error);
      if (passphrase == NULL)
        return psems_cli_data_error (cli, error);
    }

  show_progress = isatty (STDERR_FILENO);
  if (!psems_backup_write (store, argv[1], passphrase, show_progress ? show_progress_cb : NULL, NULL,
                           NULL, &error))
    {
      if (show_progress)
        g_printerr ("\n");
      return psems_cli_data_error (cli, error);
    }
  if (show_progress)
    g_printerr ("\n");

  if (encrypt)
    g_print (_("Backed up “%s” to “%s” (encrypted)\n"), psems_store_get_path (store), argv[1]);
  else
    g_print (_("Backed up “%s” to “%s” (not encrypted)\n"), psems_store_get_path (store), argv[1]);
  return PSEMS_EXIT_OK;
}

/* The current database's administrator must agree, if it can tell. */
static int
check_may_restore (PsemsCli *cli)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (cli->db_path, G_FILE_TEST_EXISTS))
    return PSEMS_EXIT_OK;
  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  /* A database that does not open (damaged, not ours, newer) has no accounts to ask;
   * whoever may replace the file may restore it, as they could by copying it. */
  if (store == NULL && !g_error_matches (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION))
    return PSEMS_EXIT_OK;
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (!psems_actor_check (cli->actor, PSEMS_OP_ADMINISTER, "database", 0, &error))
    return psems_cli_data_error (cli, error);
  return PSEMS_EXIT_OK;
}

int
psems_cli_db_restore (PsemsCli *cli,
                      int       argc,
                      char    **argv)
{
  g_autoptr(PsemsCliPassphrase) passphrase = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  gboolean encrypted = FALSE;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, _("FILE"),
                        _("Replaces the database with the backup FILE. The backup is checked first "
                          "(decrypted, integrity and foreign keys, a PSeMS database no newer than this "
                          "build); the current database is kept beside it as "
                          "NAME-before-restore-YYYYMMDD-HHMMSS.psems-backup, and the swap is atomic. "
                          "Refused while PSeMS or another program has the database open. An encrypted "
                          "backup's passphrase comes from PSEMS_BACKUP_PASSPHRASE_FILE or the terminal."),
                        FALSE, &status))
    return status;
  status = psems_cli_check_arguments (cli, argc, argv, 1, _("name the backup FILE to restore"));
  if (status != PSEMS_EXIT_OK)
    return status;

  status = check_may_restore (cli);
  if (status != PSEMS_EXIT_OK)
    return status;
  if (!psems_backup_is_encrypted (argv[1], &encrypted, &error))
    return psems_cli_data_error (cli, error);
  if (encrypted)
    {
      passphrase = get_passphrase (FALSE, &error);
      if (passphrase == NULL)
        return psems_cli_data_error (cli, error);
    }

  if (!psems_backup_restore (cli->db_path, argv[1], passphrase, &kept, &error))
    return psems_cli_data_error (cli, error);

  g_print (_("Restored “%s” from “%s”\n"), cli->db_path, argv[1]);
  if (kept != NULL)
    g_print (_("The previous database was kept as “%s”\n"), kept);
  else
    g_print (_("There was no database there before\n"));
  return PSEMS_EXIT_OK;
}
