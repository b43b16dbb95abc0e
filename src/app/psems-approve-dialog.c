/* psems-approve-dialog.c — recording a plan version's approval: authority, reference, dates. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-approve-dialog.h"
#include "psems-problem-row.h"
#include "psems-ui-util.h"

struct _PsemsApproveDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel *intro_label;
  GtkLabel *error_label;
  AdwEntryRow *authority_row;
  GtkWidget *authority_problem;
  AdwEntryRow *reference_row;
  GtkWidget *reference_problem;
  AdwEntryRow *approved_row;
  GtkWidget *approved_problem;
  AdwEntryRow *review_row;
  GtkWidget *review_problem;

  PsemsStore *store;
  PsemsActor *actor;
  gint64 plan_id;
  gboolean authority_touched;
};

G_DEFINE_FINAL_TYPE (PsemsApproveDialog, psems_approve_dialog, ADW_TYPE_WINDOW)

static const char * const fields[] = {
  "approved_by", "approval_ref", "approved_on", "next_review_due", NULL
};

static void
get_field (PsemsApproveDialog  *self,
           const char          *field,
           GtkWidget          **row,
           GtkWidget          **problem)
{
  if (g_str_equal (field, "approved_by"))
    *row = GTK_WIDGET (self->authority_row), *problem = self->authority_problem;
  else if (g_str_equal (field, "approval_ref"))
    *row = GTK_WIDGET (self->reference_row), *problem = self->reference_problem;
  else if (g_str_equal (field, "approved_on"))
    *row = GTK_WIDGET (self->approved_row), *problem = self->approved_problem;
  else
    *row = GTK_WIDGET (self->review_row), *problem = self->review_problem;
}

/* Returns: (transfer full): what is wrong with the form, before core is asked */
static GPtrArray *
check (PsemsApproveDialog *self,
       GDate              *approved_on,
       GDate              *review_due)
{
  GPtrArray *problems = psems_field_problems_new ();
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->authority_row));
  g_autofree char *authority = psems_text_dup_field (text);
  g_autoptr(GError) error = NULL;

  if (authority == NULL)
    psems_field_problems_add (problems, "approved_by",
                              _("Name the authority that approved the plan"));
  if (!psems_ui_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->approved_row)), approved_on,
                            &error))
    psems_field_problems_add (problems, "approved_on", "%s", error->message);
  else if (!g_date_valid (approved_on))
    psems_field_problems_add (problems, "approved_on", _("The day of the approval is required"));
  g_clear_error (&error);
  if (!psems_ui_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->review_row)), review_due,
                            &error))
    psems_field_problems_add (problems, "next_review_due", "%s", error->message);
  else if (g_date_valid (review_due) && g_date_valid (approved_on)
           && g_date_compare (review_due, approved_on) <= 0)
    psems_field_problems_add (problems, "next_review_due",
                              _("The review falls after the approval"));
  return problems;
}

static void
update (PsemsApproveDialog *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  GDate approved_on, review_due;

  problems = check (self, &approved_on, &review_due);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      GtkWidget *row, *problem;
      const char *message = psems_ui_find_problem (problems, fields[i]);

      if (g_str_equal (fields[i], "approved_by") && !self->authority_touched)
        message = NULL;
      get_field (self, fields[i], &row, &problem);
      psems_ui_set_field_problem (row, problem, message);
    }
}

static void
changed_cb (PsemsApproveDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update (self);
}

static void
authority_changed_cb (PsemsApproveDialog *self)
{
  self->authority_touched = TRUE;
  changed_cb (self);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PsemsApproveDialog *self = PSEMS_APPROVE_DIALOG (widget);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authority = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *field = NULL;
  const char *message;
  GDate approved_on, review_due;

  self->authority_touched = TRUE;
  update (self);
  problems = check (self, &approved_on, &review_due);
  if (problems->len > 0)
    return;

  authority = psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (self->authority_row)));
  reference = psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (self->reference_row)));
  if (psems_plan_approve (self->store, self->actor, self->plan_id, authority, reference,
                          &approved_on,
                          g_date_valid (&review_due) ? &review_due : NULL, &error))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  /* A field core refused goes next to it; anything else (missing required elements) above all. */
  field = psems_ui_split_field_error (error, fields, &message);
  if (field != NULL)
    {
      GtkWidget *row, *problem;

      get_field (self, field, &row, &problem);
      psems_ui_set_field_problem (row, problem, message);
      gtk_widget_grab_focus (row);
    }
  else
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
}

static void
psems_approve_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_APPROVE_DIALOG);

  G_OBJECT_CLASS (psems_approve_dialog_parent_class)->dispose (object);
}

static void
psems_approve_dialog_finalize (GObject *object)
{
  PsemsApproveDialog *self = PSEMS_APPROVE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);

  G_OBJECT_CLASS (psems_approve_dialog_parent_class)->finalize (object);
}

static void
psems_approve_dialog_class_init (PsemsApproveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_approve_dialog_dispose;
  object_class->finalize = psems_approve_dialog_finalize;

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-approve-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, authority_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, authority_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, reference_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, reference_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, approved_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, approved_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, review_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsApproveDialog, review_problem);

  gtk_widget_class_install_action (widget_class, "approve.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "approve.apply", NULL);
}

static void
psems_approve_dialog_init (PsemsApproveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->authority_row, "changed", G_CALLBACK (authority_changed_cb),
                            self);
  g_signal_connect_swapped (self->reference_row, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->approved_row, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->review_row, "changed", G_CALLBACK (changed_cb), self);
}

/**
 * psems_approve_dialog_new:
 * @plan: a submitted version
 *
 * A dialog that records @plan's approval through core and closes once done; core
 * refuses while a required element is missing, and the dialog says which.
 */
PsemsApproveDialog *
psems_approve_dialog_new (GtkWindow       *parent,
                          PsemsStore      *store,
                          PsemsActor      *actor,
                          const PsemsPlan *plan)
{
  PsemsApproveDialog *self;
  g_autofree char *subtitle = NULL;
  g_autofree char *intro = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *review = g_date_time_format (next_year, "%Y-%m-%d");

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  self = g_object_new (PSEMS_TYPE_APPROVE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  self->plan_id = plan->id;

  /* Translators: a plan's reference and version: "PLN-2026-0003, version 2" */
  subtitle = g_strdup_printf (_("%s, version %d"), plan->ref, plan->version);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  intro = g_strdup_printf (_("Record the approval the authority gave for “%s”. The approval and "
                             "the "
                             "next review are kept with the plan; the approved version can no "
                             "longer be changed."), plan->title);
  gtk_label_set_text (self->intro_label, intro);
  gtk_editable_set_text (GTK_EDITABLE (self->approved_row), today);
  gtk_editable_set_text (GTK_EDITABLE (self->review_row), review);
  self->authority_touched = FALSE;
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->authority_row));
  return self;
}
