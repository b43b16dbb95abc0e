/* psems-signin-page.c — who works on the database: signing in, or on a new database creating the administrator or choosing single-user mode. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "psems-problem-row.h"
#include "psems-signin-page.h"
#include "psems-ui-util.h"
#include "psems-user.h"

struct _PsemsSigninPage
{
  GtkWidget parent_instance;

  AdwWindowTitle *window_title;
  GtkImage *app_icon;
  GtkButton *back_button;
  GtkLabel *heading_label;
  GtkLabel *database_label;
  GtkStack *step_stack;
  AdwEntryRow *user_row;
  AdwEntryRow *password_row;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkButton *sign_in_button;
  GtkSpinner *sign_in_spinner;
  GtkLabel *sign_in_label;
  AdwActionRow *single_user_row;
  AdwEntryRow *admin_user_row;
  GtkWidget *admin_user_problem;
  AdwEntryRow *admin_full_name_row;
  GtkWidget *admin_full_name_problem;
  AdwEntryRow *admin_email_row;
  GtkWidget *admin_email_problem;
  AdwEntryRow *admin_password_row;
  AdwEntryRow *admin_confirm_row;
  GtkWidget *admin_password_problem;
  GtkLabel *strength_label;
  GtkRevealer *admin_error_revealer;
  GtkLabel *admin_error_label;
  GtkButton *create_button;
  GtkSpinner *create_spinner;
  GtkLabel *signed_in_label;
  GtkLabel *signed_in_role_label;

  PsemsStore *store;
  PsemsSigninStep step;
  PsemsActor *actor;            /* the last sign-in's */
  GCancellable *cancellable;    /* the running job's; cancelled when the page goes */
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (PsemsSigninPage, psems_signin_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SIGNED_IN,
  SIGNAL_SINGLE_USER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The fields of the administrator's form, as core names them in its refusals. */
static const char * const admin_fields[] = { "user_name", "full_name", "email", "password", NULL };

/* ───────────────────────────── a password out of its row ───────────────────────────── */

/* A copy in guarded memory that is wiped when freed: the hashing runs in a thread, after
 * the row has been emptied. */
static char *
take_password (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  size_t length = strlen (text);
  char *copy = sodium_malloc (length + 1);

  if (copy == NULL)
    g_error ("Out of guarded memory for a password");
  memcpy (copy, text, length + 1);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  return copy;
}

static void
free_password (char *password)
{
  if (password == NULL)
    return;
  sodium_memzero (password, strlen (password));
  sodium_free (password);
}

/* ───────────────────────────── what is shown ───────────────────────────── */

static void
set_busy (PsemsSigninPage *self,
          gboolean         busy)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_spinner), busy);
  gtk_spinner_set_spinning (self->sign_in_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), busy);
  gtk_spinner_set_spinning (self->create_spinner, busy);
  gtk_widget_action_set_enabled (widget, "signin.sign-in", !busy);
  gtk_widget_action_set_enabled (widget, "signin.create", !busy);
  gtk_widget_action_set_enabled (widget, "signin.back", !busy);
  gtk_widget_action_set_enabled (widget, "signin.create-admin", !busy);
  gtk_widget_action_set_enabled (widget, "signin.single-user", !busy);
  gtk_label_set_text_with_mnemonic (self->sign_in_label, busy ? _("Checking…") : _("_Sign In"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (PsemsSigninPage *self,
            const char      *message)
{
  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
}

static void
show_admin_error (PsemsSigninPage *self,
                  const char      *message)
{
  if (message != NULL)
    gtk_label_set_text (self->admin_error_label, message);
  gtk_revealer_set_reveal_child (self->admin_error_revealer, message != NULL);
}

static void
clear_admin_problems (PsemsSigninPage *self)
{
  psems_ui_set_field_problem (GTK_WIDGET (self->admin_user_row), self->admin_user_problem, NULL);
  psems_ui_set_field_problem (GTK_WIDGET (self->admin_full_name_row),
                              self->admin_full_name_problem, NULL);
  psems_ui_set_field_problem (GTK_WIDGET (self->admin_email_row), self->admin_email_problem, NULL);
  psems_ui_set_field_problem (GTK_WIDGET (self->admin_password_row),
                              self->admin_password_problem, NULL);
  show_admin_error (self, NULL);
}

/* Puts @message under the field core named; TRUE when @field is one the form shows. */
static gboolean
show_admin_problem (PsemsSigninPage *self,
                    const char      *field,
                    const char      *message)
{
  if (g_strcmp0 (field, "user_name") == 0)
    psems_ui_set_field_problem (GTK_WIDGET (self->admin_user_row), self->admin_user_problem,
                                message);
  else if (g_strcmp0 (field, "full_name") == 0)
    psems_ui_set_field_problem (GTK_WIDGET (self->admin_full_name_row),
                                self->admin_full_name_problem, message);
  else if (g_strcmp0 (field, "email") == 0)
    psems_ui_set_field_problem (GTK_WIDGET (self->admin_email_row), self->admin_email_problem,
                                message);
  else if (g_strcmp0 (field, "password") == 0)
    {
      psems_ui_set_field_problem (GTK_WIDGET (self->admin_password_row),
                                  self->admin_password_problem, message);
      /* The problem row says it now; the live hint comes back with the next key. */
      gtk_widget_set_visible (GTK_WIDGET (self->strength_label), message == NULL);
    }
  else
    return FALSE;
  return TRUE;
}

static void
show_step (PsemsSigninPage *self,
           const char      *name)
{
  g_autofree char *basename = NULL;
  const char *path = self->store != NULL ? psems_store_get_path (self->store) : NULL;

  gtk_stack_set_visible_child_name (self->step_stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), g_str_equal (name, "create-admin"));
  /* The form is long: it gets the icon's room. */
  gtk_widget_set_visible (GTK_WIDGET (self->app_icon), !g_str_equal (name, "create-admin"));
  basename = path != NULL ? g_path_get_basename (path) : NULL;
  adw_window_title_set_subtitle (self->window_title, basename != NULL ? basename : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->database_label), path);

  if (g_str_equal (name, "sign-in"))
    {
      g_autofree char *text = NULL;

      gtk_label_set_text (self->heading_label, _("Sign In"));
      /* Translators: %s is a database file's name, "security.db" */
      text = g_strdup_printf (_("to the database %s"), basename != NULL ? basename : "");
      gtk_label_set_text (self->database_label, text);
    }
  else if (g_str_equal (name, "first-user"))
    {
      g_autofree char *text = NULL;

      gtk_label_set_text (self->heading_label, _("Welcome to PSeMS"));
      /* Translators: %s is a database file's name, "security.db" */
      text = g_strdup_printf (_("The new database %s has no users yet."),
                              basename != NULL ? basename : "");
      gtk_label_set_text (self->database_label, text);
    }
  else if (g_str_equal (name, "create-admin"))
    {
      gtk_label_set_text (self->heading_label, _("Create the Administrator"));
      gtk_label_set_text (self->database_label,
                          _("The first user of the database. Add everyone else in Users once "
                            "signed in."));
    }
  else
    {
      gtk_label_set_text (self->heading_label, _("Signed In"));
      gtk_label_set_text (self->database_label, basename != NULL ? basename : "");
    }
}

static void
focus_first_field (PsemsSigninPage *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->step_stack);

  if (g_strcmp0 (step, "sign-in") == 0)
    {
      if (*gtk_editable_get_text (GTK_EDITABLE (self->user_row)) == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }
  else if (g_strcmp0 (step, "create-admin") == 0)
    {
      /* The first field with a problem, or the first field. */
      GtkWidget *rows[] = { GTK_WIDGET (self->admin_user_row),
                            GTK_WIDGET (self->admin_full_name_row),
                            GTK_WIDGET (self->admin_email_row),
                            GTK_WIDGET (self->admin_password_row) };

      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        if (gtk_widget_has_css_class (rows[i], "error"))
          {
            gtk_widget_grab_focus (rows[i]);
            return;
          }
      gtk_widget_grab_focus (rows[0]);
    }
}

static void
clear_form (PsemsSigninPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->admin_user_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->admin_full_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->admin_email_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->admin_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->admin_confirm_row), "");
  show_error (self, NULL);
  clear_admin_problems (self);
}

/* The single-user row says whose name the audit trail will carry. */
static void
update_single_user_row (PsemsSigninPage *self)
{
  g_autoptr(PsemsActor) login = psems_actor_new_for_login ();
  g_autofree char *subtitle = NULL;

  /* Translators: %s is the computer's login name, "jdoe" */
  subtitle = g_strdup_printf (_("No sign-in; every change is recorded as %s"),
                              psems_actor_get_name (login));
  adw_action_row_set_subtitle (self->single_user_row, subtitle);
}

/* ───────────────────────────── signed in ───────────────────────────── */

static void
finish_sign_in (PsemsSigninPage *self,
                PsemsActor      *actor)
{
  g_autoptr(PsemsUser) user = NULL;
  g_autofree char *text = NULL;
  g_autofree char *role = NULL;
  const char *shown;

  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = psems_actor_ref (actor);
  if (self->store != NULL && psems_actor_get_user_id (actor) > 0)
    user = psems_user_get (self->store, psems_actor_get_user_id (actor), NULL);
  shown = user != NULL && user->full_name != NULL ? user->full_name : psems_actor_get_name (actor);
  /* Translators: %s is a person's name */
  text = g_strdup_printf (_("Signed in as %s"), shown);
  /* Translators: a role and a user name: "Security officer · pfso" */
  role = g_strdup_printf (_("%s · %s"), psems_role_get_label (psems_actor_get_role (actor)),
                          psems_actor_get_name (actor));
  gtk_label_set_text (self->signed_in_label, text);
  gtk_label_set_text (self->signed_in_role_label, role);
  show_step (self, "signed-in");
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, actor);
}

/* ───────────────────────────── signing in, in a thread ───────────────────────────── */

typedef struct
{
  PsemsStore *store;            /* the page's; only its path is read in the thread */
  char *user_name;
  char *password;               /* guarded memory */
  PsemsUser *new_user;          /* creating the administrator: the user to create first */
} Job;

typedef struct
{
  PsemsActor *actor;            /* success */
  GError *error;                /* failure */
  gint64 wait_seconds;          /* a locked name: how long until it may try again */
} JobResult;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->store);
  g_free (job->user_name);
  free_password (job->password);
  g_clear_pointer (&job->new_user, psems_user_free);
  g_free (job);
}

static void
job_result_free (gpointer data)
{
  JobResult *result = data;

  g_clear_pointer (&result->actor, psems_actor_unref);
  g_clear_error (&result->error);
  g_free (result);
}

/* The Argon2id work takes a good part of a second: it runs on a connection of its own. */
static void
run_job (GTask        *task,
         gpointer      source_object,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Job *job = task_data;
  JobResult *result = g_new0 (JobResult, 1);
  g_autoptr(PsemsStore) worker = psems_store_open_worker (job->store, &result->error);

  if (worker != NULL && job->new_user != NULL)
    {
      g_autoptr(PsemsActor) login = psems_actor_new_for_login ();
      g_autofree char *ref = NULL;

      if (psems_user_create (worker, login, job->new_user, job->password, &ref,
                             &result->error) <= 0)
        g_clear_object (&worker);
    }
  if (worker != NULL
      && !psems_user_sign_in (worker, job->user_name, job->password, &result->actor,
                              &result->error)
      && g_error_matches (result->error, PSEMS_ERROR, PSEMS_ERROR_BUSY))
    result->wait_seconds = psems_user_sign_in_wait (worker, job->user_name, NULL);
  g_task_return_pointer (task, result, job_result_free);
}

/* "Try again at 16:42 (in 5 minutes)": a locked name is told until when. */
static char *
describe_lock (const char *user_name,
               gint64      wait_seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) until = g_date_time_add_seconds (now, (gdouble) wait_seconds);
  g_autofree char *time = g_date_time_format (until, "%H:%M");
  guint minutes = (guint) ((wait_seconds + 59) / 60);
  g_autofree char *in = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u minute",
                                                      "in %u minutes", minutes), minutes);

  /* Translators: a user name, a time of day ("16:42") and "in 5 minutes" */
  return g_strdup_printf (_("Too many failed attempts for “%s”. Sign-in for this name is "
                            "locked until %s (%s)."), user_name, time, in);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  PsemsSigninPage *self = PSEMS_SIGNIN_PAGE (source);
  GTask *task = G_TASK (res);
  Job *job = g_task_get_task_data (task);
  JobResult *result = g_task_propagate_pointer (task, NULL);
  gboolean creating = job->new_user != NULL;

  /* Cancelled: the page went, or was given another database; the result is not for it. */
  if (result == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_clear_pointer (&result, job_result_free);
      return;
    }
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (result->actor != NULL)
    finish_sign_in (self, result->actor);
  else if (creating && self->step == PSEMS_SIGNIN_STEP_FIRST_USER
           && !psems_user_sign_in_required (self->store, NULL))
    {
      const char *message;
      g_autofree char *field = psems_ui_split_field_error (result->error, admin_fields, &message);

      if (field == NULL || !show_admin_problem (self, field, message))
        show_admin_error (self, result->error->message);
      focus_first_field (self);
    }
  else if (creating)
    {
      /* The administrator exists but signing in failed (someone else got there first, or
       * the database changed): from here on it is an ordinary sign-in. */
      self->step = PSEMS_SIGNIN_STEP_SIGN_IN;
      gtk_editable_set_text (GTK_EDITABLE (self->user_row), job->user_name);
      show_step (self, "sign-in");
      show_error (self, result->error->message);
      focus_first_field (self);
    }
  else
    {
      g_autofree char *lock = NULL;

      if (result->wait_seconds > 0)
        lock = describe_lock (job->user_name, result->wait_seconds);
      show_error (self, lock != NULL ? lock : result->error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }
  job_result_free (result);
}

static void
start_job (PsemsSigninPage *self,
           Job             *job)
{
  g_autoptr(GTask) task = NULL;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, job_done_cb, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_name (task, "[psems] sign in");
  g_task_set_task_data (task, job, job_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, run_job);
}

/* ───────────────────────────── actions ───────────────────────────── */

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PsemsSigninPage *self = PSEMS_SIGNIN_PAGE (widget);
  g_autofree char *user_name = NULL;
  Job *job;

  if (self->busy || self->store == NULL || self->step != PSEMS_SIGNIN_STEP_SIGN_IN)
    return;
  user_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  if (*user_name == '\0')
    {
      show_error (self, _("Type your user name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
      return;
    }
  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    {
      show_error (self, _("Type your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  show_error (self, NULL);

  job = g_new0 (Job, 1);
  job->store = g_object_ref (self->store);
  job->user_name = g_steal_pointer (&user_name);
  job->password = take_password (self->password_row);
  start_job (self, job);
}

static void
create_admin_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsSigninPage *self = PSEMS_SIGNIN_PAGE (widget);

  if (self->step != PSEMS_SIGNIN_STEP_FIRST_USER)
    return;
  show_step (self, "create-admin");
  focus_first_field (self);
}

static void
single_user_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsSigninPage *self = PSEMS_SIGNIN_PAGE (widget);

  if (self->step != PSEMS_SIGNIN_STEP_FIRST_USER)
    return;
  g_signal_emit (self, signals[SIGNAL_SINGLE_USER], 0);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsSigninPage *self = PSEMS_SIGNIN_PAGE (widget);

  clear_admin_problems (self);
  show_step (self, "first-user");
}

static char *
dup_field (AdwEntryRow *row)
{
  return psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsSigninPage *self = PSEMS_SIGNIN_PAGE (widget);
  g_autoptr(PsemsUser) user = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *strength = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->admin_password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->admin_confirm_row));
  gboolean ok = TRUE;
  Job *job;

  if (self->busy || self->store == NULL || self->step != PSEMS_SIGNIN_STEP_FIRST_USER)
    return;
  clear_admin_problems (self);

  user = psems_user_new ();
  user->user_name = dup_field (self->admin_user_row);
  user->full_name = dup_field (self->admin_full_name_row);
  user->email = dup_field (self->admin_email_row);
  user->role = PSEMS_ROLE_ADMINISTRATOR;
  problems = psems_user_validate (self->store, user);
  for (guint i = 0; i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      /* The first problem of each field is the one to fix first. */
      if (!show_admin_problem (self, problem->field, problem->message))
        show_admin_error (self, problem->message);
      ok = FALSE;
    }

  strength = psems_password_check_strength (password, user->user_name);
  if (strength != NULL)
    {
      show_admin_problem (self, "password", strength);
      ok = FALSE;
    }
  else if (g_strcmp0 (password, confirm) != 0)
    {
      show_admin_problem (self, "password",
                          _("The two passwords differ: type the same one twice."));
      ok = FALSE;
    }
  if (!ok)
    {
      focus_first_field (self);
      return;
    }

  job = g_new0 (Job, 1);
  job->store = g_object_ref (self->store);
  job->user_name = g_strdup (user->user_name);
  job->password = take_password (self->admin_password_row);
  gtk_editable_set_text (GTK_EDITABLE (self->admin_confirm_row), "");
  job->new_user = g_steal_pointer (&user);
  start_job (self, job);
}

/* ───────────────────────────── live feedback ───────────────────────────── */

static void
password_changed_cb (PsemsSigninPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->admin_password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->admin_confirm_row));
  g_autofree char *user_name = dup_field (self->admin_user_row);
  g_autofree char *problem = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->strength_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->strength_label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->strength_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->strength_label), "dim-label");
  psems_ui_set_field_problem (GTK_WIDGET (self->admin_password_row),
                              self->admin_password_problem, NULL);
  if (*password == '\0')
    {
      g_autofree char *hint = g_strdup_printf (_("At least %d characters; a few unrelated words "
                                                 "make a password easy to remember and hard to "
                                                 "guess."), PSEMS_PASSWORD_MIN_LENGTH);

      gtk_label_set_text (self->strength_label, hint);
      return;
    }
  problem = psems_password_check_strength (password, user_name);
  if (problem != NULL)
    {
      gtk_label_set_text (self->strength_label, problem);
      gtk_widget_add_css_class (GTK_WIDGET (self->strength_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->strength_label), "dim-label");
    }
  else if (*confirm != '\0' && !g_str_has_prefix (password, confirm))
    {
      gtk_label_set_text (self->strength_label, _("Strong enough, but the two passwords differ."));
      gtk_widget_add_css_class (GTK_WIDGET (self->strength_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->strength_label), "dim-label");
    }
  else if (*confirm != '\0' && g_str_equal (password, confirm))
    {
      gtk_label_set_text (self->strength_label, _("Strong enough, and both passwords match."));
      gtk_widget_add_css_class (GTK_WIDGET (self->strength_label), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->strength_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->strength_label, *confirm == '\0'
                                                ? _("Strong enough. Now type it again.")
                                                : _("Strong enough."));
      gtk_widget_add_css_class (GTK_WIDGET (self->strength_label), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->strength_label), "dim-label");
    }
}

static void
user_activated_cb (PsemsSigninPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
password_activated_cb (PsemsSigninPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "signin.sign-in", NULL);
}

static void
sign_in_field_changed_cb (PsemsSigninPage *self)
{
  /* A message about the last attempt stays until the user types again. */
  if (gtk_revealer_get_reveal_child (self->error_revealer)
      && *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0')
    show_error (self, NULL);
}

static void
admin_field_activated_cb (AdwEntryRow     *row,
                          PsemsSigninPage *self)
{
  GtkWidget *next = NULL;

  if (row == self->admin_user_row)
    next = GTK_WIDGET (self->admin_full_name_row);
  else if (row == self->admin_full_name_row)
    next = GTK_WIDGET (self->admin_email_row);
  else if (row == self->admin_email_row)
    next = GTK_WIDGET (self->admin_password_row);
  else if (row == self->admin_password_row)
    next = GTK_WIDGET (self->admin_confirm_row);

  if (next != NULL)
    gtk_widget_grab_focus (next);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "signin.create", NULL);
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_signin_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (psems_signin_page_parent_class)->map (widget);
  focus_first_field (PSEMS_SIGNIN_PAGE (widget));
}

static void
psems_signin_page_dispose (GObject *object)
{
  PsemsSigninPage *self = PSEMS_SIGNIN_PAGE (object);
  GtkWidget *child;

  /* A running job finishes in its thread; its result is dropped. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_SIGNIN_PAGE);
  /* The template's outer box is not a bound child: it goes here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (psems_signin_page_parent_class)->dispose (object);
}

static void
psems_signin_page_finalize (GObject *object)
{
  PsemsSigninPage *self = PSEMS_SIGNIN_PAGE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);

  G_OBJECT_CLASS (psems_signin_page_parent_class)->finalize (object);
}

static void
psems_signin_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PsemsSigninPage *self = PSEMS_SIGNIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_signin_page_class_init (PsemsSigninPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_signin_page_dispose;
  object_class->finalize = psems_signin_page_finalize;
  object_class->get_property = psems_signin_page_get_property;
  widget_class->map = psems_signin_page_map;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsemsSigninPage::signed-in:
   * @actor: the signed-in user's actor
   *
   * Someone signed in, or created the administrator and was signed in as it.
   */
  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, PSEMS_TYPE_ACTOR);
  /**
   * PsemsSigninPage::single-user:
   *
   * On a new database, the user chose to work without users: the operating-system login acts.
   */
  signals[SIGNAL_SINGLE_USER] =
    g_signal_new ("single-user", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-signin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, app_icon);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, database_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, step_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, sign_in_spinner);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, single_user_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_user_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_user_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_full_name_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_full_name_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_email_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_email_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_password_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_confirm_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_password_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, strength_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, admin_error_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, create_spinner);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, signed_in_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsSigninPage, signed_in_role_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "signin.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "signin.create-admin", NULL, create_admin_action);
  gtk_widget_class_install_action (widget_class, "signin.single-user", NULL, single_user_action);
  gtk_widget_class_install_action (widget_class, "signin.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "signin.create", NULL, create_action);
}

static void
psems_signin_page_init (PsemsSigninPage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");

  g_signal_connect_swapped (self->user_row, "entry-activated", G_CALLBACK (user_activated_cb),
                            self);
  g_signal_connect_swapped (self->password_row, "entry-activated",
                            G_CALLBACK (password_activated_cb), self);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (sign_in_field_changed_cb),
                            self);
  g_signal_connect (self->admin_user_row, "entry-activated", G_CALLBACK (admin_field_activated_cb),
                    self);
  g_signal_connect (self->admin_full_name_row, "entry-activated",
                    G_CALLBACK (admin_field_activated_cb), self);
  g_signal_connect (self->admin_email_row, "entry-activated",
                    G_CALLBACK (admin_field_activated_cb), self);
  g_signal_connect (self->admin_password_row, "entry-activated",
                    G_CALLBACK (admin_field_activated_cb), self);
  g_signal_connect (self->admin_confirm_row, "entry-activated",
                    G_CALLBACK (admin_field_activated_cb), self);
  g_signal_connect_swapped (self->admin_password_row, "changed", G_CALLBACK (password_changed_cb),
                            self);
  g_signal_connect_swapped (self->admin_confirm_row, "changed", G_CALLBACK (password_changed_cb),
                            self);
  g_signal_connect_swapped (self->admin_user_row, "changed", G_CALLBACK (password_changed_cb),
                            self);

  /* Escape leaves the administrator's form for the choice it came from. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape,
                                                                                  0),
                                                          gtk_named_action_new ("signin.back")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_single_user_row (self);
  password_changed_cb (self);
  show_step (self, "sign-in");
}

GtkWidget *
psems_signin_page_new (void)
{
  return g_object_new (PSEMS_TYPE_SIGNIN_PAGE, NULL);
}

/**
 * psems_signin_page_set_store:
 * @store: (nullable): the database opened
 *
 * Shows what @store asks: sign-in on a database with users, the first-user choice on a
 * database just created without users. Forgets any earlier sign-in and clears the forms.
 *
 * Returns: what the page asks; %PSEMS_SIGNIN_STEP_NONE when nobody need sign in, and the
 *   database opens in single-user mode
 */
PsemsSigninStep
psems_signin_page_set_store (PsemsSigninPage *self,
                             PsemsStore      *store)
{
  g_autoptr(GError) error = NULL;
  gboolean required = FALSE;
  gint64 n_users = 0;

  g_return_val_if_fail (PSEMS_IS_SIGNIN_PAGE (self), PSEMS_SIGNIN_STEP_NONE);
  g_return_val_if_fail (store == NULL || PSEMS_IS_STORE (store), PSEMS_SIGNIN_STEP_NONE);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  clear_form (self);

  if (store != NULL)
    {
      /* A user table that cannot be read lets nobody in unasked (the answer is then TRUE). */
      required = psems_user_sign_in_required (store, &error);
      if (error != NULL)
        g_warning ("Cannot read the users of %s: %s", psems_store_get_path (store),
                   error->message);
      g_clear_error (&error);
      n_users = required ? 1 : psems_user_count (store, NULL);
    }
  if (store == NULL)
    self->step = PSEMS_SIGNIN_STEP_NONE;
  else if (required)
    self->step = PSEMS_SIGNIN_STEP_SIGN_IN;
  else if (n_users == 0 && psems_store_get_created (store) && !psems_store_get_read_only (store))
    self->step = PSEMS_SIGNIN_STEP_FIRST_USER;
  else
    self->step = PSEMS_SIGNIN_STEP_NONE;

  show_step (self, self->step == PSEMS_SIGNIN_STEP_FIRST_USER ? "first-user" : "sign-in");
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    focus_first_field (self);
  return self->step;
}

PsemsSigninStep
psems_signin_page_get_step (PsemsSigninPage *self)
{
  g_return_val_if_fail (PSEMS_IS_SIGNIN_PAGE (self), PSEMS_SIGNIN_STEP_NONE);
  return self->step;
}

/**
 * psems_signin_page_reset:
 *
 * An empty sign-in form for the same database, as after signing out; a database whose
 * users were all created since asks for sign-in now.
 */
void
psems_signin_page_reset (PsemsSigninPage *self)
{
  g_return_if_fail (PSEMS_IS_SIGNIN_PAGE (self));

  psems_signin_page_set_store (self, self->store);
}

/**
 * psems_signin_page_get_actor:
 *
 * Returns: (transfer none) (nullable): who signed in last, %NULL before anyone did
 */
PsemsActor *
psems_signin_page_get_actor (PsemsSigninPage *self)
{
  g_return_val_if_fail (PSEMS_IS_SIGNIN_PAGE (self), NULL);
  return self->actor;
}

gboolean
psems_signin_page_get_busy (PsemsSigninPage *self)
{
  g_return_val_if_fail (PSEMS_IS_SIGNIN_PAGE (self), FALSE);
  return self->busy;
}
