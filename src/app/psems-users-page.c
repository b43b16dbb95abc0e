/* psems-users-page.c — the people who sign in: their roles, facilities, last sign-in; adding, editing, resetting passwords and disabling (administrators only). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "psems-facility.h"
#include "psems-problem-row.h"
#include "psems-ui-util.h"
#include "psems-user.h"
#include "psems-users-page.h"

/* The fields of the user dialog, as core names them in its refusals. */
static const char * const user_fields[] = { "user_name", "full_name", "email", "role", "password",
                                            NULL };

/* ═════════════════════════════ the user dialog ═════════════════════════════ */

#define PSEMS_TYPE_USER_DIALOG (psems_user_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PsemsUserDialog, psems_user_dialog, PSEMS, USER_DIALOG, AdwWindow)

struct _PsemsUserDialog
{
  AdwWindow parent_instance;

  GtkWidget *save_button;
  GtkWidget *save_spinner;
  GtkWidget *error_label;
  GtkWidget *user_row;
  GtkWidget *user_problem;
  GtkWidget *full_name_row;
  GtkWidget *full_name_problem;
  GtkWidget *email_row;
  GtkWidget *email_problem;
  GtkWidget *role_row;
  GtkWidget *role_problem;
  GtkWidget *facility_group;
  GPtrArray *facility_checks;   /* GtkCheckButton, the facility id in "psems-id" */
  GtkWidget *password_group;
  GtkWidget *password_row;
  GtkWidget *confirm_row;
  GtkWidget *password_problem;
  GtkWidget *strength_label;
  GtkWidget *disabled_switch;

  PsemsStore *store;
  PsemsActor *actor;
  PsemsUser *user;              /* as read; %NULL when adding */
  gboolean first_user;          /* nobody can sign in yet: the account made is an administrator */
  gboolean own_password;        /* only the acting user's own password: nothing else shown */
  GCancellable *cancellable;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (PsemsUserDialog, psems_user_dialog, ADW_TYPE_WINDOW)

enum {
  DIALOG_SIGNAL_SAVED,
  N_DIALOG_SIGNALS
};

static guint dialog_signals[N_DIALOG_SIGNALS];

/* What each role may do, as the role row's subtitle says it. */
static const char *
role_description (PsemsRole role)
{
  switch (role)
    {
    case PSEMS_ROLE_ADMINISTRATOR:
      return _("Manages users and settings, and may change everything");
    case PSEMS_ROLE_SECURITY_OFFICER:
      return _("Changes plans, personnel, controls and records at the facilities ticked below");
    case PSEMS_ROLE_AUDITOR:
      return _("Reads everything; records assessment answers and findings");
    case PSEMS_ROLE_MANAGER:
      return _("Schedules and assigns at the facilities ticked below; reads, without vetting "
               "details");
    default:
      g_return_val_if_reached ("");
    }
}

static gboolean
role_uses_facilities (PsemsRole role)
{
  return role == PSEMS_ROLE_SECURITY_OFFICER || role == PSEMS_ROLE_MANAGER;
}

static PsemsRole
dialog_get_role (PsemsUserDialog *self)
{
  return (PsemsRole) adw_combo_row_get_selected (ADW_COMBO_ROW (self->role_row));
}

static void
role_changed_cb (PsemsUserDialog *self)
{
  PsemsRole role = dialog_get_role (self);

  if ((guint) role >= PSEMS_N_ROLES)
    return;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row), role_description (role));
  gtk_widget_set_visible (self->facility_group, role_uses_facilities (role));
}

static char *
dup_row_field (GtkWidget *row)
{
  return psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
password_changed_cb (PsemsUserDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  g_autofree char *user_name = dup_row_field (self->user_row);
  g_autofree char *problem = NULL;
  GtkWidget *label = self->strength_label;

  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_set_visible (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  psems_ui_set_field_problem (self->password_row, self->password_problem, NULL);
  if (*password == '\0')
    {
      g_autofree char *hint = NULL;

      if (self->user != NULL && !self->own_password)
        hint = g_strdup (_("Leave both empty to keep the current password."));
      else
        hint = g_strdup_printf (_("At least %d characters; a few unrelated words make a "
                                  "password easy to remember and hard to guess."),
                                PSEMS_PASSWORD_MIN_LENGTH);
      gtk_label_set_text (GTK_LABEL (label), hint);
      return;
    }
  problem = psems_password_check_strength (password, user_name);
  if (problem != NULL)
    {
      gtk_label_set_text (GTK_LABEL (label), problem);
      gtk_widget_add_css_class (label, "warning");
      gtk_widget_remove_css_class (label, "dim-label");
    }
  else if (*confirm != '\0' && !g_str_has_prefix (password, confirm))
    {
      gtk_label_set_text (GTK_LABEL (label), _("Strong enough, but the two passwords differ."));
      gtk_widget_add_css_class (label, "warning");
      gtk_widget_remove_css_class (label, "dim-label");
    }
  else if (*confirm != '\0' && g_str_equal (password, confirm))
    {
      gtk_label_set_text (GTK_LABEL (label), _("Strong enough, and both passwords match."));
      gtk_widget_add_css_class (label, "success");
      gtk_widget_remove_css_class (label, "dim-label");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (label), *confirm == '\0'
                                             ? _("Strong enough. Now type it again.")
                                             : _("Strong enough."));
      gtk_widget_add_css_class (label, "success");
      gtk_widget_remove_css_class (label, "dim-label");
    }
}

static void
dialog_set_busy (PsemsUserDialog *self,
                 gboolean         busy)
{
  self->busy = busy;
  gtk_widget_set_visible (self->save_spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->save_spinner), busy);
  gtk_widget_set_sensitive (self->save_button, !busy);
}

static void
dialog_show_error (PsemsUserDialog *self,
                   const char      *message)
{
  gtk_widget_set_visible (self->error_label, message != NULL);
  if (message != NULL)
    gtk_label_set_text (GTK_LABEL (self->error_label), message);
}

/* Puts @message under the field core named; FALSE when the form has no such field. */
static gboolean
dialog_show_problem (PsemsUserDialog *self,
                     const char      *field,
                     const char      *message)
{
  if (g_strcmp0 (field, "user_name") == 0)
    psems_ui_set_field_problem (self->user_row, self->user_problem, message);
  else if (g_strcmp0 (field, "full_name") == 0)
    psems_ui_set_field_problem (self->full_name_row, self->full_name_problem, message);
  else if (g_strcmp0 (field, "email") == 0)
    psems_ui_set_field_problem (self->email_row, self->email_problem, message);
  else if (g_strcmp0 (field, "role") == 0)
    psems_ui_set_field_problem (self->role_row, self->role_problem, message);
  else if (g_strcmp0 (field, "password") == 0)
    {
      psems_ui_set_field_problem (self->password_row, self->password_problem, message);
      /* The problem row says it now; the live hint comes back with the next key. */
      gtk_widget_set_visible (self->strength_label, message == NULL);
    }
  else
    return FALSE;
  return TRUE;
}

static void
dialog_clear_problems (PsemsUserDialog *self)
{
  for (guint i = 0; user_fields[i] != NULL; i++)
    dialog_show_problem (self, user_fields[i], NULL);
  dialog_show_error (self, NULL);
}

/* ─────────────── saving, in a thread: hashing a password takes a good part of a second ─────────────── */

typedef struct
{
  PsemsStore *store;
  PsemsActor *actor;
  PsemsUser *user;              /* what to write; id 0 to create */
  char *password;               /* guarded memory; %NULL keeps the current one */
  GArray *facility_ids;         /* gint64 */
  gboolean own_password;        /* set the acting user's own password, nothing else */
  gboolean set_disabled;        /* change the account's state … */
  gboolean disabled;            /* … to this */
} SaveJob;

typedef struct
{
  gint64 id;                    /* the user written; set once created, even if a later step
                                 * failed */
  GError *error;
} SaveResult;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  g_clear_object (&job->store);
  g_clear_pointer (&job->actor, psems_actor_unref);
  g_clear_pointer (&job->user, psems_user_free);
  if (job->password != NULL)
    {
      sodium_memzero (job->password, strlen (job->password));
      sodium_free (job->password);
    }
  g_clear_pointer (&job->facility_ids, g_array_unref);
  g_free (job);
}

static void
save_result_free (gpointer data)
{
  SaveResult *result = data;

  g_clear_error (&result->error);
  g_free (result);
}

static void
run_save (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
  SaveJob *job = task_data;
  SaveResult *result = g_new0 (SaveResult, 1);
  g_autoptr(PsemsStore) worker = psems_store_open_worker (job->store, &result->error);
  gboolean ok = worker != NULL;

  result->id = job->user->id;
  if (ok && job->own_password)
    {
      psems_user_set_password (worker, job->actor, result->id, job->password, &result->error);
      g_task_return_pointer (task, result, save_result_free);
      return;
    }
  if (ok && result->id == 0)
    {
      g_autofree char *ref = NULL;

      result->id = psems_user_create (worker, job->actor, job->user, job->password, &ref,
                                      &result->error);
      ok = result->id > 0;
      if (!ok)
        result->id = 0;
    }
  else if (ok)
    {
      ok = psems_user_update (worker, job->actor, job->user, &result->error);
      if (ok && job->password != NULL)
        ok = psems_user_set_password (worker, job->actor, result->id, job->password,
                                      &result->error);
    }
  if (ok && job->facility_ids != NULL)
    ok = psems_user_assign_facilities (worker, job->actor, result->id,
                                       (const gint64 *) (gpointer) job->facility_ids->data,
                                       job->facility_ids->len, &result->error);
  if (ok && job->set_disabled)
    ok = job->disabled ? psems_user_disable (worker, job->actor, result->id, &result->error)
                       : psems_user_enable (worker, job->actor, result->id, &result->error);
  g_task_return_pointer (task, result, save_result_free);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  PsemsUserDialog *self = PSEMS_USER_DIALOG (source);
  GTask *task = G_TASK (res);
  SaveJob *job = g_task_get_task_data (task);
  SaveResult *result = g_task_propagate_pointer (task, NULL);
  g_autofree char *message = NULL;
  const char *name = job->user->user_name;

  if (result == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_clear_pointer (&result, save_result_free);
      return;
    }
  dialog_set_busy (self, FALSE);
  if (result->error != NULL)
    {
      const char *text;
      g_autofree char *field = psems_ui_split_field_error (result->error, user_fields, &text);

      if (field == NULL || !dialog_show_problem (self, field, text))
        dialog_show_error (self, result->error->message);
      /* A user created before a later step failed is edited from now on, not created twice. */
      if (result->id > 0 && self->user == NULL)
        {
          self->user = psems_user_get (self->store, result->id, NULL);
          g_signal_emit (self, dialog_signals[DIALOG_SIGNAL_SAVED], 0, result->id,
                         (const char *) NULL);
        }
      save_result_free (result);
      return;
    }

  if (job->own_password)
    message = g_strdup (_("Your password is changed"));
  else if (job->user->id == 0)
    /* Translators: %s is a user name */
    message = g_strdup_printf (_("Added %s"), name);
  else
    /* Translators: %s is a user name */
    message = g_strdup_printf (_("Saved %s"), name);
  g_signal_emit (self, dialog_signals[DIALOG_SIGNAL_SAVED], 0, result->id, message);
  save_result_free (result);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Takes the password out of its rows (into guarded memory) and writes in a thread. */
static void
start_save (PsemsUserDialog *self,
            SaveJob         *job)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr(GTask) task = NULL;

  if (*password != '\0')
    {
      size_t length = strlen (password);

      job->password = sodium_malloc (length + 1);
      if (job->password == NULL)
        g_error ("Out of guarded memory for a password");
      memcpy (job->password, password, length + 1);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, save_done_cb, NULL);
  g_task_set_source_tag (task, start_save);
  g_task_set_name (task, "[psems] save user");
  g_task_set_task_data (task, job, save_job_free);
  dialog_set_busy (self, TRUE);
  g_task_run_in_thread (task, run_save);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsUserDialog *self = PSEMS_USER_DIALOG (widget);
  g_autoptr(PsemsUser) user = psems_user_new ();
  g_autoptr(GPtrArray) problems = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  gboolean ok = TRUE;
  gboolean disabled;
  GtkWidget *first_bad = NULL;
  SaveJob *job;

  if (self->busy)
    return;
  dialog_clear_problems (self);

  if (self->own_password)
    {
      g_autofree char *strength = NULL;

      user->id = self->user->id;
      user->user_name = g_strdup (self->user->user_name);
      strength = psems_password_check_strength (password, user->user_name);
      if (strength != NULL || g_strcmp0 (password, confirm) != 0)
        {
          dialog_show_problem (self, "password",
                               strength != NULL ? strength
                                                : _("The two passwords differ: type the same "
                                                    "one twice."));
          gtk_widget_grab_focus (self->password_row);
          return;
        }
      job = g_new0 (SaveJob, 1);
      job->store = g_object_ref (self->store);
      job->actor = psems_actor_ref (self->actor);
      job->user = g_steal_pointer (&user);
      job->own_password = TRUE;
      start_save (self, job);
      return;
    }

  user->id = self->user != NULL ? self->user->id : 0;
  user->user_name = dup_row_field (self->user_row);
  user->full_name = dup_row_field (self->full_name_row);
  user->email = dup_row_field (self->email_row);
  user->role = dialog_get_role (self);
  problems = psems_user_validate (self->store, user);
  for (guint i = 0; i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (!dialog_show_problem (self, problem->field, problem->message))
        dialog_show_error (self, problem->message);
      ok = FALSE;
    }
  if (!ok)
    first_bad = self->user_row;

  /* Adding asks for a password; editing sets one only when it is typed. */
  if (self->user == NULL || *password != '\0' || *confirm != '\0')
    {
      g_autofree char *strength = psems_password_check_strength (password, user->user_name);

      if (strength != NULL)
        dialog_show_problem (self, "password", strength);
      else if (g_strcmp0 (password, confirm) != 0)
        dialog_show_problem (self, "password",
                             _("The two passwords differ: type the same one twice."));
      if (strength != NULL || g_strcmp0 (password, confirm) != 0)
        {
          ok = FALSE;
          if (first_bad == NULL)
            first_bad = self->password_row;
        }
    }
  if (!ok)
    {
      gtk_widget_grab_focus (first_bad);
      return;
    }

  job = g_new0 (SaveJob, 1);
  job->store = g_object_ref (self->store);
  job->actor = psems_actor_ref (self->actor);
  job->user = g_steal_pointer (&user);

  job->facility_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (role_uses_facilities (job->user->role))
    for (guint i = 0; i < self->facility_checks->len; i++)
      {
        GtkCheckButton *check = g_ptr_array_index (self->facility_checks, i);
        gint64 *id = g_object_get_data (G_OBJECT (check), "psems-id");

        if (gtk_check_button_get_active (check))
          g_array_append_val (job->facility_ids, *id);
      }
  /* The first administrator is made in single-user mode, where only that user may be made. */
  if (self->first_user)
    g_clear_pointer (&job->facility_ids, g_array_unref);

  disabled = self->disabled_switch != NULL
             && gtk_switch_get_active (GTK_SWITCH (self->disabled_switch));
  job->set_disabled = self->user != NULL && disabled != self->user->disabled;
  job->disabled = disabled;
  start_save (self, job);
}

/* ─────────────── building the dialog ─────────────── */

static GtkWidget *
add_entry_row (GtkWidget  *group,
               const char *title,
               const char *name,
               GtkWidget **problem)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *problem_name = g_strconcat (name, "-problem", NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  if (problem != NULL)
    {
      *problem = psems_problem_row_new ();
      gtk_widget_set_name (*problem, problem_name);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), *problem);
    }
  return row;
}

static GtkWidget *
add_password_row (GtkWidget  *group,
                  const char *title,
                  const char *name)
{
  GtkWidget *row = adw_password_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
free_id (gpointer data)
{
  g_free (data);
}

static void
add_facility_rows (PsemsUserDialog *self)
{
  g_autoptr(GPtrArray) facilities = NULL;
  g_autoptr(GError) error = NULL;

  facilities = psems_facility_list (self->store, FALSE, &error);
  if (facilities == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The facilities cannot be listed: %s"),
                                               error->message);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->facility_group),
                                 gtk_label_new (text));
      return;
    }
  if (facilities->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No facilities yet: add them in Facilities."));

      gtk_widget_add_css_class (label, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->facility_group), label);
    }
  for (guint i = 0; i < facilities->len; i++)
    {
      PsemsFacility *facility = g_ptr_array_index (facilities, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *name = g_strconcat ("user-facility-", facility->code, NULL);
      gint64 *id = g_new (gint64, 1);
      gboolean assigned = FALSE;

      *id = facility->id;
      for (guint j = 0; self->user != NULL && j < self->user->facility_ids->len; j++)
        assigned |= g_array_index (self->user->facility_ids, gint64, j) == facility->id;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), facility->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), facility->code);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), assigned);
      gtk_widget_set_name (check, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      facility->name, -1);
      g_object_set_data_full (G_OBJECT (check), "psems-id", id, free_id);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->facility_group), row);
      g_ptr_array_add (self->facility_checks, check);
    }
}

static void
build_dialog (PsemsUserDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *account = adw_preferences_group_new ();
  GtkWidget *role_group = adw_preferences_group_new ();
  GtkWidget *password_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  const char *title;

  title = self->own_password ? _("Change Your Password")
          : self->first_user ? _("Create Administrator")
          : self->user != NULL ? _("Edit User") : _("Add User");
  gtk_window_set_title (GTK_WINDOW (self), title);

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->save_spinner, FALSE);
  gtk_box_append (GTK_BOX (save_box), self->save_spinner);
  gtk_box_append (GTK_BOX (save_box),
                  gtk_label_new_with_mnemonic (self->own_password ? _("C_hange")
                                               : self->user != NULL ? _("_Save") : _("_Add")));
  self->save_button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->save_button), save_box);
  gtk_widget_set_name (self->save_button, "user-save");
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->save_button), "user.save");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  self->error_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->error_label, "user-error");
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (self->error_label), TRUE);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (content), self->error_label);

  if (self->first_user)
    {
      GtkWidget *note = gtk_label_new (_("Nobody can sign in to this database yet, so the "
                                         "first account is an administrator. Once it exists, "
                                         "everyone signs in."));

      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_xalign (GTK_LABEL (note), 0.0);
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_append (GTK_BOX (content), note);
    }

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (account), _("Account"));
  self->user_row = add_entry_row (account, _("User name"), "user-name", &self->user_problem);
  self->full_name_row = add_entry_row (account, _("Full name"), "user-full-name",
                                       &self->full_name_problem);
  self->email_row = add_entry_row (account, _("Email (optional)"), "user-email",
                                   &self->email_problem);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->email_row), GTK_INPUT_PURPOSE_EMAIL);
  gtk_box_append (GTK_BOX (content), account);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (role_group), _("Role"));
  for (guint i = 0; i < PSEMS_N_ROLES; i++)
    gtk_string_list_append (roles, psems_role_get_label ((PsemsRole) i));
  self->role_row = adw_combo_row_new ();
  gtk_widget_set_name (self->role_row, "user-role");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->role_row), _("Role"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->role_row), G_LIST_MODEL (roles));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (role_group), self->role_row);
  self->role_problem = psems_problem_row_new ();
  gtk_widget_set_name (self->role_problem, "user-role-problem");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (role_group), self->role_problem);
  gtk_box_append (GTK_BOX (content), role_group);

  self->facility_group = adw_preferences_group_new ();
  gtk_widget_set_name (self->facility_group, "user-facilities");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->facility_group), _("Facilities"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->facility_group),
                                         _("Where this user works. Administrators and auditors "
                                           "work at every facility."));
  self->facility_checks = g_ptr_array_new ();
  add_facility_rows (self);
  gtk_box_append (GTK_BOX (content), self->facility_group);

  self->password_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->password_group),
                                   self->own_password ? _("New Password")
                                   : self->user != NULL ? _("Reset Password") : _("Password"));
  if (self->user != NULL && !self->own_password)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->password_group),
                                           _("Give the user the new password in person; they can "
                                             "change it once signed in."));
  self->password_row = add_password_row (self->password_group, _("New password"),
                                         "user-password");
  self->confirm_row = add_password_row (self->password_group, _("New password again"),
                                        "user-confirm");
  self->password_problem = psems_problem_row_new ();
  gtk_widget_set_name (self->password_problem, "user-password-problem");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->password_group), self->password_problem);
  gtk_box_append (GTK_BOX (password_box), self->password_group);
  self->strength_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->strength_label, "user-password-strength");
  gtk_label_set_wrap (GTK_LABEL (self->strength_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->strength_label), 0.0);
  gtk_widget_set_margin_start (self->strength_label, 6);
  gtk_widget_add_css_class (self->strength_label, "caption");
  gtk_widget_add_css_class (self->strength_label, "dim-label");
  gtk_box_append (GTK_BOX (password_box), self->strength_label);
  gtk_box_append (GTK_BOX (content), password_box);

  /* Changing one's own password shows nothing else. */
  gtk_widget_set_visible (account, !self->own_password);
  gtk_widget_set_visible (role_group, !self->own_password);
  if (self->own_password)
    gtk_widget_set_visible (self->facility_group, FALSE);
  if (self->user != NULL && !self->own_password)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Account State"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Disabled"));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("A disabled user cannot sign in; their name stays on "
                                     "everything they recorded"));
      self->disabled_switch = gtk_switch_new ();
      gtk_widget_set_name (self->disabled_switch, "user-disabled");
      gtk_widget_set_valign (self->disabled_switch, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (self->disabled_switch), self->user->disabled);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->disabled_switch);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->disabled_switch);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      gtk_box_append (GTK_BOX (content), group);
    }

  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (self), box);

  if (self->user != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->user_row), self->user->user_name);
      gtk_editable_set_text (GTK_EDITABLE (self->full_name_row),
                             self->user->full_name != NULL ? self->user->full_name : "");
      gtk_editable_set_text (GTK_EDITABLE (self->email_row),
                             self->user->email != NULL ? self->user->email : "");
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->role_row), self->user->role);
    }
  else
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->role_row),
                                self->first_user ? PSEMS_ROLE_ADMINISTRATOR
                                                 : PSEMS_ROLE_SECURITY_OFFICER);
  gtk_widget_set_sensitive (self->role_row, !self->first_user);

  g_signal_connect_swapped (self->role_row, "notify::selected", G_CALLBACK (role_changed_cb), self);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (password_changed_cb), self);
  g_signal_connect_swapped (self->confirm_row, "changed", G_CALLBACK (password_changed_cb), self);
  g_signal_connect_swapped (self->user_row, "changed", G_CALLBACK (password_changed_cb), self);
  role_changed_cb (self);
  password_changed_cb (self);
  if (self->own_password)
    gtk_widget_set_visible (self->facility_group, FALSE);
}

/* A save under way finishes first: the page learns of it only through this dialog. */
static gboolean
psems_user_dialog_close_request (GtkWindow *window)
{
  if (PSEMS_USER_DIALOG (window)->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (psems_user_dialog_parent_class)->close_request (window);
}

static void
psems_user_dialog_dispose (GObject *object)
{
  PsemsUserDialog *self = PSEMS_USER_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (psems_user_dialog_parent_class)->dispose (object);
}

static void
psems_user_dialog_finalize (GObject *object)
{
  PsemsUserDialog *self = PSEMS_USER_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->user, psems_user_free);
  g_clear_pointer (&self->facility_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (psems_user_dialog_parent_class)->finalize (object);
}

static void
psems_user_dialog_class_init (PsemsUserDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_user_dialog_dispose;
  object_class->finalize = psems_user_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = psems_user_dialog_close_request;

  /**
   * PsemsUserDialog::saved:
   * @id: the user written
   * @message: (nullable): what to tell, %NULL when a later step of the save failed
   */
  dialog_signals[DIALOG_SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "user.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "user.save",
                                       NULL);
}

static void
psems_user_dialog_init (PsemsUserDialog *self)
{
}

/* @user: (nullable): the user to edit, %NULL to add one */
static PsemsUserDialog *
psems_user_dialog_new (GtkWindow       *parent,
                       PsemsStore      *store,
                       PsemsActor      *actor,
                       const PsemsUser *user,
                       gboolean         first_user,
                       gboolean         own_password)
{
  PsemsUserDialog *self = g_object_new (PSEMS_TYPE_USER_DIALOG,
                                        "modal", TRUE,
                                        "destroy-with-parent", TRUE,
                                        "transient-for", parent,
                                        "default-width", 560,
                                        "default-height", 720,
                                        "width-request", 360,
                                        NULL);

  gtk_widget_set_name (GTK_WIDGET (self), "user-dialog");
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  if (user != NULL)
    self->user = psems_user_get (store, user->id, NULL);
  self->first_user = first_user;
  self->own_password = own_password && self->user != NULL;
  if (self->own_password)
    gtk_window_set_default_size (GTK_WINDOW (self), 480, 360);
  build_dialog (self);
  return self;
}

/* ═════════════════════════════ the page ═════════════════════════════ */

struct _PsemsUsersPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  AdwStatusPage *not_admin_page;
  AdwStatusPage *single_user_page;
  GtkSearchEntry *search_entry;
  GtkToggleButton *disabled_toggle;
  GtkLabel *summary_label;
  GtkStack *list_stack;
  GtkListBox *user_list;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;
  gboolean reload_due;          /* data changed while the page was not shown */
  gboolean show_disabled;

  GPtrArray *users;             /* PsemsUser, disabled ones too */
  gboolean sign_in_required;    /* FALSE: single-user mode, however many accounts exist */
  GHashTable *facility_codes;   /* id → code */
};

G_DEFINE_FINAL_TYPE (PsemsUsersPage, psems_users_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_DISABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ACCOUNTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (PsemsUsersPage *self);

static void
show_toast (PsemsUsersPage *self,
            const char     *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static gboolean
is_administrator (PsemsUsersPage *self)
{
  return self->actor != NULL && psems_actor_get_role (self->actor) == PSEMS_ROLE_ADMINISTRATOR;
}

static PsemsUser *
find_user (PsemsUsersPage *self,
           gint64          id)
{
  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    {
      PsemsUser *user = g_ptr_array_index (self->users, i);

      if (user->id == id)
        return user;
    }
  return NULL;
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
new_pill (const char *text,
          const char *css_class,
          const char *name)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_add_css_class (pill, "status-pill");
  if (css_class != NULL)
    gtk_widget_add_css_class (pill, css_class);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_set_name (pill, name);
  return pill;
}

/* "NHV-CT, NHV-CRU", or what the role means when it works everywhere. */
static char *
describe_facilities (PsemsUsersPage  *self,
                     const PsemsUser *user)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (user->role == PSEMS_ROLE_ADMINISTRATOR || user->role == PSEMS_ROLE_AUDITOR)
    return g_strdup (_("All facilities"));
  for (guint i = 0; i < user->facility_ids->len; i++)
    {
      gint64 id = g_array_index (user->facility_ids, gint64, i);
      const char *code = g_hash_table_lookup (self->facility_codes, &id);

      if (code == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, code);
    }
  if (text->len == 0)
    return g_strdup (_("No facility assigned"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
create_user_row (PsemsUsersPage  *self,
                 const PsemsUser *user)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  const char *shown = user->full_name != NULL ? user->full_name : user->user_name;
  GtkWidget *avatar = adw_avatar_new (40, shown, TRUE);
  GtkWidget *title = new_label (shown, "heading");
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  g_autofree char *facilities = describe_facilities (self, user);
  g_autofree char *last = psems_ui_format_timestamp (user->last_sign_in_at);
  g_autofree char *account = NULL;
  g_autofree char *activity = NULL;
  g_autofree char *widget_name = g_strdup_printf ("user-%s", user->user_name);
  g_autofree char *a11y = NULL;
  GtkWidget *line;

  account = user->email != NULL ? g_strdup_printf (_("%s · %s"), user->user_name, user->email)
                                : g_strdup (user->user_name);
  if (last != NULL)
    /* Translators: %s is a date and time */
    activity = g_strdup_printf (_("Last signed in %s"), last);
  else
    activity = g_strdup (_("Never signed in"));

  gtk_box_append (GTK_BOX (labels), title);
  line = new_label (account, "caption");
  gtk_widget_set_name (line, "user-account");
  gtk_box_append (GTK_BOX (labels), line);
  {
    /* Translators: where a user works, and their last sign-in:
     * "NHV-CT, NHV-CRU · Never signed in" */
    g_autofree char *text = g_strdup_printf (_("%s · %s"), facilities, activity);

    line = new_label (text, "caption");
    gtk_widget_add_css_class (line, "dim-label");
    gtk_widget_set_name (line, "user-activity");
    gtk_widget_set_tooltip_text (line, text);
    gtk_box_append (GTK_BOX (labels), line);
  }
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (box), avatar);
  gtk_box_append (GTK_BOX (box), labels);
  if (user->disabled)
    gtk_box_append (GTK_BOX (box), new_pill (_("Disabled"), "error", "user-disabled-pill"));
  gtk_box_append (GTK_BOX (box), new_pill (psems_role_get_label (user->role),
                                           user->role == PSEMS_ROLE_ADMINISTRATOR ? "accent" : NULL,
                                           "user-role-pill"));
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  /* Translators: %s is a user name */
  a11y = g_strdup_printf (_("Edit %s"), user->user_name);
  gtk_widget_set_tooltip_text (edit, a11y);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "x", user->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "users.edit");
  gtk_box_append (GTK_BOX (box), edit);

  if (user->disabled)
    gtk_widget_set_opacity (labels, 0.6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", user->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "users.edit");
  gtk_widget_set_name (row, widget_name);
  {
    /* Translators: for screen readers: name, role, and "disabled" when it is */
    g_autofree char *label = g_strdup_printf (user->disabled ? _("%s, %s, disabled") : _("%s, %s"),
                                              shown, psems_role_get_label (user->role));

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  }
  return row;
}

static gboolean
text_matches (const char *haystack,
              const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static void
fill_list (PsemsUsersPage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = g_utf8_casefold (search, -1);
  guint n_shown = 0, n_enabled = 0, n_admins = 0, n_disabled = 0;
  g_autofree char *users = NULL;
  g_autofree char *admins = NULL;
  g_autofree char *disabled = NULL;
  g_autofree char *text = NULL;

  g_strstrip (needle);
  psems_ui_clear_list_box (self->user_list);
  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    {
      PsemsUser *user = g_ptr_array_index (self->users, i);

      if (user->disabled)
        n_disabled++;
      else
        {
          n_enabled++;
          n_admins += user->role == PSEMS_ROLE_ADMINISTRATOR ? 1 : 0;
        }
      if (user->disabled && !self->show_disabled)
        continue;
      if (*needle != '\0' && !text_matches (user->user_name, needle)
          && !text_matches (user->full_name, needle) && !text_matches (user->email, needle)
          && !text_matches (psems_role_get_label (user->role), needle))
        continue;
      gtk_list_box_append (self->user_list, create_user_row (self, user));
      n_shown++;
    }
  users = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u user", "%u users",
                                        n_enabled), n_enabled);
  admins = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u administrator", "%u administrators",
                                         n_admins), n_admins);
  disabled = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u disabled", "%u disabled",
                                           n_disabled), n_disabled);
  if (self->sign_in_required)
    /* Translators: "5 users · 1 administrator · 2 disabled" */
    text = g_strdup_printf (_("%s · %s · %s"), users, admins, disabled);
  else
    /* Translators: "5 users · 1 administrator · 2 disabled"; nobody has a password yet */
    text = g_strdup_printf (_("%s · %s · %s. Single-user mode: nobody can sign in until an "
                              "administrator has a password."), users, admins, disabled);
  gtk_label_set_text (self->summary_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n_shown > 0 ? "list" : "no-match");
}

/* Who may manage users, for a user who may not: their names, so they know whom to ask. */
static void
fill_not_admin (PsemsUsersPage *self)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *description = NULL;

  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    {
      PsemsUser *user = g_ptr_array_index (self->users, i);

      if (user->disabled || user->role != PSEMS_ROLE_ADMINISTRATOR)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      if (user->full_name != NULL)
        g_string_append_printf (names, "%s (%s)", user->full_name, user->user_name);
      else
        g_string_append (names, user->user_name);
    }
  if (names->len > 0)
    /* Translators: %s lists administrators: "Marit Ødegård (pfso), admin" */
    description = g_strdup_printf (_("Adding users, changing roles and facilities, resetting "
                                     "passwords and disabling accounts is for administrators. "
                                     "Ask one of them: %s."), names->str);
  else
    description = g_strdup (_("Adding users, changing roles and facilities, resetting passwords "
                              "and disabling accounts is for administrators."));
  adw_status_page_set_description (self->not_admin_page, description);
}

static void
fill_single_user (PsemsUsersPage *self)
{
  g_autofree char *description = NULL;

  /* Translators: %s is the computer's login name */
  description = g_strdup_printf (_("Nobody signs in to this database: every change is recorded "
                                   "as %s. Create an administrator to have everyone sign in, "
                                   "each with a role that decides what they may change."),
                                 self->actor != NULL ? psems_actor_get_name (self->actor) : "");
  adw_status_page_set_description (self->single_user_page, description);
}

static gboolean
load (PsemsUsersPage  *self,
      GError         **error)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) facilities = NULL;

  users = psems_user_list (self->store, TRUE, error);
  if (users == NULL)
    return FALSE;
  facilities = psems_facility_list (self->store, TRUE, error);
  if (facilities == NULL)
    return FALSE;
  g_hash_table_remove_all (self->facility_codes);
  for (guint i = 0; i < facilities->len; i++)
    {
      PsemsFacility *facility = g_ptr_array_index (facilities, i);
      gint64 *id = g_new (gint64, 1);

      *id = facility->id;
      g_hash_table_insert (self->facility_codes, id, g_strdup (facility->code));
    }
  g_clear_pointer (&self->users, g_ptr_array_unref);
  self->users = g_steal_pointer (&users);
  self->sign_in_required = psems_user_sign_in_required (self->store, NULL);
  return TRUE;
}

static void
reload (PsemsUsersPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *state;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    {
      self->reload_due = FALSE;
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.new", FALSE);
      return;
    }
  /* The page reads the database only while it is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->reload_due = TRUE;
      return;
    }
  self->reload_due = FALSE;
  if (!load (self, &error))
    {
      psems_ui_show_error_dialog (GTK_WIDGET (self), "users-error", _("Users Unavailable"), error);
      return;
    }
  if (self->users->len == 0)
    state = "single-user";
  else if (!is_administrator (self))
    state = "not-admin";
  else
    state = "content";
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.new",
                                 g_str_equal (state, "content")
                                 || g_str_equal (state, "single-user"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.edit", g_str_equal (state, "content"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.change-password",
                                 find_user (self, psems_actor_get_user_id (self->actor)) != NULL);
  if (g_str_equal (state, "content"))
    fill_list (self);
  else if (g_str_equal (state, "not-admin"))
    fill_not_admin (self);
  else
    fill_single_user (self);
  gtk_stack_set_visible_child_name (self->state_stack, state);
}

static void
store_changed_cb (PsemsStore     *store,
                  const char     *entity,
                  gint64          id,
                  PsemsUsersPage *self)
{
  if (g_strcmp0 (entity, "user") == 0 || g_strcmp0 (entity, "facility") == 0)
    psems_ui_queue_reload (&self->reload_source, "[psems] users reload",
                           (PsemsUiReloadFunc) reload, self);
}

/* ───────────────────────────── actions ───────────────────────────── */

static void
first_admin_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         PsemsUsersPage   *self)
{
  if (g_strcmp0 (response, "sign-in") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.sign-out", NULL);
}

static void
dialog_saved_cb (PsemsUserDialog *dialog,
                 gint64           id,
                 const char      *message,
                 PsemsUsersPage  *self)
{
  gboolean was_single_user = !self->sign_in_required;

  if (message != NULL)
    show_toast (self, message);
  reload (self);
  /* The dialog wrote on a connection of its own: the store's "changed" did not fire here. */
  g_signal_emit (self, signals[SIGNAL_ACCOUNTS_CHANGED], 0);
  if (was_single_user && self->sign_in_required && message != NULL)
    {
      PsemsUser *user = find_user (self, id);
      g_autofree char *body = NULL;
      GtkWidget *ask;

      /* Translators: %s is a user name */
      body = g_strdup_printf (_("From now on everyone signs in to this database. Sign in as "
                                "“%s” to go on working as its administrator."),
                              user != NULL ? user->user_name : "");
      ask = adw_message_dialog_new (psems_ui_get_window (GTK_WIDGET (self)),
                                    _("Sign-In Is On"), body);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (ask),
                                        "later", _("_Later"),
                                        "sign-in", _("_Sign In Now"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (ask), "sign-in",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (ask), "sign-in");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (ask), "later");
      gtk_widget_set_name (ask, "users-sign-in-now");
      g_signal_connect_object (ask, "response", G_CALLBACK (first_admin_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (ask));
    }
}

static void
open_dialog (PsemsUsersPage  *self,
             const PsemsUser *user)
{
  PsemsUserDialog *dialog;
  /* Until an account can sign in, the first to get a password must be an administrator. */
  gboolean first_user = user == NULL && !self->sign_in_required;

  if (self->store == NULL || self->actor == NULL)
    return;
  dialog = psems_user_dialog_new (psems_ui_get_window (GTK_WIDGET (self)), self->store,
                                  self->actor, user, first_user, FALSE);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PsemsUsersPage *self = PSEMS_USERS_PAGE (widget);

  if (self->users == NULL || !is_administrator (self))
    return;
  open_dialog (self, NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsUsersPage *self = PSEMS_USERS_PAGE (widget);
  PsemsUser *user = find_user (self, g_variant_get_int64 (parameter));

  if (user == NULL || !is_administrator (self))
    return;
  open_dialog (self, user);
}

/* Every user may set their own password; the page offers it to those it shows nothing else. */
static void
change_password_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PsemsUsersPage *self = PSEMS_USERS_PAGE (widget);
  PsemsUser *user = self->actor != NULL ? find_user (self, psems_actor_get_user_id (self->actor))
                                        : NULL;
  PsemsUserDialog *dialog;

  if (user == NULL || self->store == NULL)
    return;
  dialog = psems_user_dialog_new (psems_ui_get_window (widget), self->store, self->actor, user,
                                  FALSE, TRUE);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (PSEMS_USERS_PAGE (widget)->search_entry));
}

static void
search_changed_cb (PsemsUsersPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "content") == 0)
    fill_list (self);
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_users_page_map (GtkWidget *widget)
{
  PsemsUsersPage *self = PSEMS_USERS_PAGE (widget);

  GTK_WIDGET_CLASS (psems_users_page_parent_class)->map (widget);
  if (self->reload_due)
    reload (self);
}

static void
psems_users_page_dispose (GObject *object)
{
  PsemsUsersPage *self = PSEMS_USERS_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_USERS_PAGE);

  G_OBJECT_CLASS (psems_users_page_parent_class)->dispose (object);
}

static void
psems_users_page_finalize (GObject *object)
{
  PsemsUsersPage *self = PSEMS_USERS_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->facility_codes, g_hash_table_unref);

  G_OBJECT_CLASS (psems_users_page_parent_class)->finalize (object);
}

static void
psems_users_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PsemsUsersPage *self = PSEMS_USERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_DISABLED:
      g_value_set_boolean (value, self->show_disabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_users_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PsemsUsersPage *self = PSEMS_USERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_DISABLED:
      if (self->show_disabled != g_value_get_boolean (value))
        {
          self->show_disabled = g_value_get_boolean (value);
          if (g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "content") == 0)
            fill_list (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_users_page_class_init (PsemsUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_users_page_dispose;
  object_class->finalize = psems_users_page_finalize;
  object_class->get_property = psems_users_page_get_property;
  object_class->set_property = psems_users_page_set_property;
  widget_class->map = psems_users_page_map;

  properties[PROP_SHOW_DISABLED] =
    g_param_spec_boolean ("show-disabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsemsUsersPage::accounts-changed:
   *
   * The page added or changed an account (on a worker connection, so the store's "changed"
   * is not emitted): whether the database needs sign-in may have changed.
   */
  signals[SIGNAL_ACCOUNTS_CHANGED] =
    g_signal_new ("accounts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsUsersPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsemsUsersPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsUsersPage, not_admin_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsUsersPage, single_user_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsUsersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PsemsUsersPage, disabled_toggle);
  gtk_widget_class_bind_template_child (widget_class, PsemsUsersPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsUsersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsUsersPage, user_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "users.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "users.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "users.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "users.change-password", NULL,
                                   change_password_action);
  gtk_widget_class_install_property_action (widget_class, "users.show-disabled", "show-disabled");
}

static void
add_managed_shortcut (GtkEventController *controller,
                      guint               key,
                      GdkModifierType     modifiers,
                      const char         *action)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                            gtk_named_action_new (action));

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
}

static void
psems_users_page_init (PsemsUsersPage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");
  self->facility_codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                            self);

  /* While the page is shown, wherever the focus is: the window hands these to its mapped pages. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_managed_shortcut (shortcuts, GDK_KEY_n, GDK_CONTROL_MASK, "users.new");
  add_managed_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, "users.search");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.new", FALSE);
}

GtkWidget *
psems_users_page_new (void)
{
  return g_object_new (PSEMS_TYPE_USERS_PAGE, NULL);
}

/**
 * psems_users_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who acts; needed with a store. Only an administrator sees the users; in
 *   single-user mode (no users yet) the acting login may create the first administrator.
 */
void
psems_users_page_set_store (PsemsUsersPage *self,
                            PsemsStore     *store,
                            PsemsActor     *actor)
{
  g_return_if_fail (PSEMS_IS_USERS_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || actor != NULL);

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;

  if (self->store != store)
    psems_ui_follow_store (&self->store, &self->changed_handler, store,
                           G_CALLBACK (store_changed_cb), self);
  /* Who acts decides what the page shows, so a new actor reloads too. */
  reload (self);
}
