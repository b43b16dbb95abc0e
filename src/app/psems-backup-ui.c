/* psems-backup-ui.c — the application's backups: the Back Up Database… dialog, automatic backups, open-error headings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "psems-application.h"
#include "psems-backup.h"
#include "psems-backup-ui.h"
#include "psems-ui-util.h"

#define MIN_PASSPHRASE_LENGTH 8

/* ---- Back Up Database… -------------------------------------------------- */

typedef struct
{
  GWeakRef parent;
  PsemsStore *store;
  char *path;
  char *passphrase;        /* NULL: not encrypted */
  GtkEditable *entry;      /* the passphrase dialog's fields, while it shows */
  GtkEditable *again;
} BackupJob;

static void
backup_job_free (gpointer data)
{
  BackupJob *job = data;

  g_weak_ref_clear (&job->parent);
  g_clear_object (&job->store);
  g_free (job->path);
  if (job->passphrase != NULL)
    {
      sodium_memzero (job->passphrase, strlen (job->passphrase));
      g_free (job->passphrase);
    }
  g_free (job);
}

static void
write_backup_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  BackupJob *job = task_data;
  GError *error = NULL;

  /* psems_backup_write() reads through a connection of its own, in this thread. */
  if (psems_backup_write (job->store, job->path, job->passphrase, NULL, NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
backup_written_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BackupJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GtkWidget) parent = g_weak_ref_get (&job->parent);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (parent != NULL)
        psems_ui_show_error_dialog (parent, "backup-error", _("Backup Not Saved"), error);
      return;
    }
  if (parent == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (parent), _("Backup Saved"), NULL);
  if (job->passphrase != NULL)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The database was copied to “%s” and encrypted. Without the "
                                      "passphrase nobody can restore it. Keep a copy on another disk "
                                      "or computer too."), job->path);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The database was copied to “%s”. It is not encrypted: keep it "
                                      "where only you can read it, and a copy on another disk or "
                                      "computer too."), job->path);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_name (dialog, "backup-saved");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_backup (BackupJob *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, backup_written_cb, NULL);

  g_task_set_task_data (task, job, backup_job_free);
  g_task_set_name (task, "psems-backup-write");
  g_task_run_in_thread (task, write_backup_thread);
}

static gboolean
passphrase_ready (BackupJob *job)
{
  const char *text = gtk_editable_get_text (job->entry);

  return g_utf8_strlen (text, -1) >= MIN_PASSPHRASE_LENGTH &&
         g_strcmp0 (text, gtk_editable_get_text (job->again)) == 0;
}

static void
passphrase_changed_cb (GtkEditable      *editable,
                       AdwMessageDialog *dialog)
{
  BackupJob *job = g_object_get_data (G_OBJECT (dialog), "psems-backup-job");

  adw_message_dialog_set_response_enabled (dialog, "encrypt", passphrase_ready (job));
}

static void
passphrase_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  BackupJob *job = g_object_steal_data (G_OBJECT (dialog), "psems-backup-job");

  if (g_str_equal (response, "encrypt") && passphrase_ready (job))
    job->passphrase = g_strdup (gtk_editable_get_text (job->entry));
  job->entry = job->again = NULL;
  if (g_str_equal (response, "encrypt") || g_str_equal (response, "plain"))
    start_backup (job);
  else
    backup_job_free (job);
}

/* Encrypt or not: a backup holds the personal vetting data too. */
static void
ask_passphrase (GtkWindow *parent,
                BackupJob *job)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Encrypt the Backup?"), NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_password_entry_new ();
  GtkWidget *again = gtk_password_entry_new ();

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("A backup holds the whole database, personal vetting data included. "
                                 "With a passphrase (at least 8 characters) nobody can read it without "
                                 "the passphrase — and nobody can restore it if the passphrase is lost."));
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (again), TRUE);
  g_object_set (entry, "placeholder-text", _("Passphrase"), NULL);
  g_object_set (again, "placeholder-text", _("Passphrase again"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Passphrase"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (again), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Passphrase again"), -1);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), again);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "plain", _("Save _Without Passphrase"),
                                    "encrypt", _("_Encrypt and Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "encrypt",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "encrypt", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "backup-passphrase");

  job->entry = GTK_EDITABLE (entry);
  job->again = GTK_EDITABLE (again);
  g_object_set_data_full (G_OBJECT (dialog), "psems-backup-job", job, backup_job_free);
  g_signal_connect (entry, "changed", G_CALLBACK (passphrase_changed_cb), dialog);
  g_signal_connect (again, "changed", G_CALLBACK (passphrase_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (passphrase_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
backup_chooser_response_cb (GtkNativeDialog *native,
                            int              response,
                            gpointer         user_data)
{
  BackupJob *job = g_object_steal_data (G_OBJECT (native), "psems-backup-job");
  g_autoptr(GtkWidget) parent = g_weak_ref_get (&job->parent);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  job->path = file != NULL ? g_file_get_path (file) : NULL;
  gtk_native_dialog_destroy (native);
  g_object_unref (native);

  if (job->path == NULL || parent == NULL)
    {
      backup_job_free (job);
      return;
    }
  ask_passphrase (GTK_WINDOW (parent), job);
}

/**
 * psems_backup_ui_run:
 * @parent: the window whose database is backed up
 *
 * Back Up Database…: asks where (a file chooser), whether to encrypt (a
 * passphrase, twice), copies in a worker thread while the window stays
 * usable, and says where the backup went.
 */
void
psems_backup_ui_run (GtkWindow  *parent,
                     PsemsStore *store)
{
  g_autoptr(GtkFileFilter) backups = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *base = NULL;
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *native;
  BackupJob *job;
  char *dot;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (PSEMS_IS_STORE (store));

  base = g_path_get_basename (psems_store_get_path (store));
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strdup_printf ("%s-%s%s", base, day, PSEMS_BACKUP_SUFFIX);

  native = gtk_file_chooser_native_new (_("Back Up Database"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (backups, _("PSeMS backups"));
  gtk_file_filter_add_pattern (backups, "*" PSEMS_BACKUP_SUFFIX);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), backups);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  job = g_new0 (BackupJob, 1);
  g_weak_ref_init (&job->parent, parent);
  job->store = g_object_ref (store);
  g_object_set_data_full (G_OBJECT (native), "psems-backup-job", job, backup_job_free);
  g_signal_connect (native, "response", G_CALLBACK (backup_chooser_response_cb), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- Automatic backups ------------------------------------------------------ */

typedef struct
{
  GWeakRef window;
  PsemsStore *store;
  char *folder;            /* NULL: psems_backup_default_folder() */
  guint keep;
  gboolean started;
} AutomaticJob;

static void
automatic_job_free (gpointer data)
{
  AutomaticJob *job = data;

  g_weak_ref_clear (&job->window);
  g_clear_object (&job->store);
  g_free (job->folder);
  g_free (job);
}

static void
automatic_backup_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  AutomaticJob *job = task_data;
  g_autoptr(PsemsStore) worker = NULL;
  GError *error = NULL;
  char *path;

  /* One connection per thread: this worker's own. */
  worker = psems_store_open_worker (job->store, &error);
  path = worker != NULL ? psems_backup_automatic (worker, job->folder, job->keep, cancellable, &error) : NULL;
  if (path != NULL)
    g_task_return_pointer (task, path, g_free);
  else
    g_task_return_error (task, error);
}

static void
automatic_backup_done_cb (GObject      *source_object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  AutomaticJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GtkWidget) window = g_weak_ref_get (&job->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);

  if (path != NULL)
    {
      g_debug ("Automatic backup written to %s", path);
      return;
    }
  if (window != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    psems_ui_show_error_dialog (window, "automatic-backup-error", _("Automatic Backup Failed"), error);
}

static gboolean
start_automatic_backup_cb (gpointer data)
{
  AutomaticJob *job = data;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, automatic_backup_done_cb, NULL);

  g_task_set_task_data (task, job, automatic_job_free);
  g_task_set_name (task, "psems-backup-automatic");
  g_task_run_in_thread (task, automatic_backup_thread);
  return G_SOURCE_REMOVE;
}

/* The first frame is being drawn: the backup starts once it is on screen
 * (an idle below the redraw priority). */
static gboolean
first_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  AutomaticJob *job = data;

  job->started = TRUE;
  g_idle_add_full (G_PRIORITY_LOW, start_automatic_backup_cb, job, NULL);
  return G_SOURCE_REMOVE;
}

static void
first_frame_removed (gpointer data)
{
  AutomaticJob *job = data;

  if (!job->started)
    automatic_job_free (job);
}

/**
 * psems_backup_ui_schedule_automatic:
 * @window: the window showing @store
 *
 * Once the window has drawn its first frame, backs @store up in a worker
 * thread into the `backup-folder` setting's folder (empty: a folder per
 * database under `$XDG_STATE_HOME/psems/backups`) and keeps the newest
 * `backup-keep` (0: no automatic backups). Only a failure is shown.
 */
void
psems_backup_ui_schedule_automatic (GtkWidget  *window,
                                    PsemsStore *store,
                                    GSettings  *settings)
{
  g_autofree char *folder = NULL;
  AutomaticJob *job;
  int keep;

  g_return_if_fail (GTK_IS_WIDGET (window));
  g_return_if_fail (PSEMS_IS_STORE (store));

  if (settings == NULL)
    return;
  keep = g_settings_get_int (settings, "backup-keep");
  if (keep <= 0)
    return;
  folder = g_settings_get_string (settings, "backup-folder");

  job = g_new0 (AutomaticJob, 1);
  g_weak_ref_init (&job->window, window);
  job->store = g_object_ref (store);
  job->folder = *folder != '\0' ? g_steal_pointer (&folder) : NULL;
  job->keep = (guint) keep;
  gtk_widget_add_tick_callback (window, first_frame_cb, job, first_frame_removed);
}

/* ---- Open errors ------------------------------------------------------------ */

/**
 * psems_backup_ui_open_error_heading:
 *
 * The heading of the dialog that says why a database did not open; the
 * error's message says what to do.
 */
const char *
psems_backup_ui_open_error_heading (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != PSEMS_ERROR)
    return _("Cannot Open Database");
  switch (error->code)
    {
    case PSEMS_ERROR_NOT_DATABASE:
    case PSEMS_ERROR_FOREIGN_DATABASE:
      return _("Not a PSeMS Database");
    case PSEMS_ERROR_CORRUPT:
      return _("Database Damaged");
    case PSEMS_ERROR_TOO_NEW:
      return _("Database From a Newer PSeMS");
    case PSEMS_ERROR_BUSY:
      return _("Database in Use");
    case PSEMS_ERROR_READ_ONLY:
      return _("Database Cannot Be Written Here");
    default:
      return _("Cannot Open Database");
    }
}
