/* psems-pfsa-dialog.c — records or edits a facility security assessment (ISPS A/15). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-pfsa-dialog.h"
#include "psems-problem-row.h"
#include "psems-ui-util.h"

struct _PsemsPfsaDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *save_button;
  GtkLabel *error_label;
  AdwEntryRow *title_row;
  GtkWidget *title_problem;
  AdwEntryRow *assessed_row;
  GtkWidget *assessed_problem;
  AdwEntryRow *assessor_row;
  GtkWidget *assessor_problem;
  AdwEntryRow *organization_row;
  GtkWidget *organization_problem;
  AdwEntryRow *approved_row;
  GtkWidget *approved_problem;
  AdwEntryRow *approver_row;
  GtkWidget *approver_problem;
  AdwEntryRow *review_row;
  GtkWidget *review_problem;
  AdwEntryRow *summary_row;
  GtkWidget *summary_problem;

  PsemsStore *store;
  PsemsActor *actor;
  PsemsPfsa *loaded;            /* the record edited, or a blank one for the facility */
  GHashTable *touched;
  char *error_field;
  char *error_message;
  gboolean filling;
  gboolean save_attempted;
};

G_DEFINE_FINAL_TYPE (PsemsPfsaDialog, psems_pfsa_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  const char *field;
  gsize row_offset;
  gsize problem_offset;
  gboolean date;
} Field;

#define FIELD(name, row, problem, date) \
  { name, G_STRUCT_OFFSET (PsemsPfsaDialog, row), G_STRUCT_OFFSET (PsemsPfsaDialog, problem), date }

static const Field form_fields[] = {
  FIELD ("title", title_row, title_problem, FALSE),
  FIELD ("assessed_on", assessed_row, assessed_problem, TRUE),
  FIELD ("assessor", assessor_row, assessor_problem, FALSE),
  FIELD ("organization", organization_row, organization_problem, FALSE),
  FIELD ("approved_on", approved_row, approved_problem, TRUE),
  FIELD ("approved_by", approver_row, approver_problem, FALSE),
  FIELD ("review_due", review_row, review_problem, TRUE),
  FIELD ("summary", summary_row, summary_problem, FALSE),
};

static const char * const field_names[] = {
  "title", "assessed_on", "assessor", "organization", "approved_on", "approved_by", "review_due",
  "summary", NULL
};

#define FIELD_ROW(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->row_offset))
#define FIELD_PROBLEM(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->problem_offset))

static char *
dup_entry (AdwEntryRow *row)
{
  return psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static PsemsPfsa *
read_form (PsemsPfsaDialog *self)
{
  PsemsPfsa *pfsa = psems_pfsa_new ();

  pfsa->id = self->loaded->id;
  pfsa->ref = g_strdup (self->loaded->ref);
  pfsa->facility_id = self->loaded->facility_id;
  pfsa->title = dup_entry (self->title_row);
  pfsa->assessed_on = dup_entry (self->assessed_row);
  pfsa->assessor = dup_entry (self->assessor_row);
  pfsa->organization = dup_entry (self->organization_row);
  pfsa->approved_on = dup_entry (self->approved_row);
  pfsa->approved_by = dup_entry (self->approver_row);
  pfsa->review_due = dup_entry (self->review_row);
  pfsa->summary = dup_entry (self->summary_row);
  return pfsa;
}

static GPtrArray *
validate (PsemsPfsaDialog *self)
{
  g_autoptr(PsemsPfsa) draft = read_form (self);
  GPtrArray *problems = psems_pfsa_validate (draft);

  if (problems == NULL)
    problems = psems_field_problems_new ();
  /* Dates as typed: say how to write them, under the field. */
  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      const Field *f = &form_fields[i];
      g_autoptr(GError) error = NULL;
      GDate date;

      if (f->date && psems_ui_find_problem (problems, f->field) == NULL
          && !psems_ui_parse_date (gtk_editable_get_text (GTK_EDITABLE (FIELD_ROW (self, f))),
                                   &date, &error))
        psems_field_problems_add (problems, f->field, "%s", error->message);
    }
  return problems;
}

static guint
update_problems (PsemsPfsaDialog *self)
{
  g_autoptr(GPtrArray) problems = validate (self);

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      const Field *f = &form_fields[i];
      const char *message = psems_ui_find_problem (problems, f->field);

      if (message == NULL && g_strcmp0 (self->error_field, f->field) == 0)
        message = self->error_message;
      if (!self->save_attempted && !g_hash_table_contains (self->touched, f->field))
        message = NULL;
      psems_ui_set_field_problem (FIELD_ROW (self, f), FIELD_PROBLEM (self, f), message);
    }
  for (guint i = 0; self->save_attempted && i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (!g_strv_contains (field_names, problem->field))
        {
          g_autofree char *text = g_strdup_printf ("%s: %s", problem->field, problem->message);

          gtk_label_set_text (self->error_label, text);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          break;
        }
    }
  return problems->len;
}

static void
field_changed_cb (GObject         *row,
                  GParamSpec      *pspec,
                  PsemsPfsaDialog *self)
{
  const char *field = g_object_get_data (row, "psems-field");

  if (self->filling)
    return;
  g_hash_table_add (self->touched, (gpointer) field);
  if (g_strcmp0 (self->error_field, field) == 0)
    {
      g_clear_pointer (&self->error_field, g_free);
      g_clear_pointer (&self->error_message, g_free);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_problems (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsPfsaDialog *self = PSEMS_PFSA_DIALOG (widget);
  g_autoptr(PsemsPfsa) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean creating = self->loaded->id == 0;

  self->save_attempted = TRUE;
  if (update_problems (self) > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
        if (psems_problem_row_get_message (PSEMS_PROBLEM_ROW (FIELD_PROBLEM (self,
                                                                             &form_fields[i])))
            != NULL)
          {
            gtk_widget_grab_focus (FIELD_ROW (self, &form_fields[i]));
            break;
          }
      return;
    }

  draft = read_form (self);
  if (!psems_pfsa_save (self->store, self->actor, draft, &error))
    {
      g_autofree char *field = NULL;
      const char *text;

      field = psems_ui_split_field_error (error, field_names, &text);
      if (field == NULL)
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          return;
        }
      g_free (self->error_field);
      g_free (self->error_message);
      self->error_field = g_steal_pointer (&field);
      self->error_message = g_strdup (text);
      update_problems (self);
      return;
    }
  if (creating)
    /* Translators: %s is the new assessment's reference */
    message = g_strdup_printf (_("Assessment recorded as %s"), draft->ref != NULL ? draft->ref : "");
  else
    /* Translators: %s is an assessment's reference */
    message = g_strdup_printf (_("Changes to %s saved"), draft->ref != NULL ? draft->ref : "");
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, draft->id, message);
  gtk_window_close (GTK_WINDOW (self));
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PsemsPfsaDialog *self = PSEMS_PFSA_DIALOG (widget);
  g_autofree char *today = psems_ui_dup_today_text ();
  const char *which = g_variant_get_string (parameter, NULL);

  gtk_editable_set_text (GTK_EDITABLE (g_str_equal (which, "approved") ? self->approved_row
                                                                       : self->assessed_row),
                         today);
}

static void
psems_pfsa_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_PFSA_DIALOG);

  G_OBJECT_CLASS (psems_pfsa_dialog_parent_class)->dispose (object);
}

static void
psems_pfsa_dialog_finalize (GObject *object)
{
  PsemsPfsaDialog *self = PSEMS_PFSA_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->loaded, psems_pfsa_free);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (psems_pfsa_dialog_parent_class)->finalize (object);
}

static void
psems_pfsa_dialog_class_init (PsemsPfsaDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_pfsa_dialog_dispose;
  object_class->finalize = psems_pfsa_dialog_finalize;

  /**
   * PsemsPfsaDialog::saved:
   * @id: the assessment written
   * @message: what was done, for a toast
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-pfsa-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, title_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, assessed_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, assessed_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, assessor_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, assessor_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, organization_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, organization_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, approved_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, approved_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, approver_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, approver_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, review_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, review_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, summary_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPfsaDialog, summary_problem);

  gtk_widget_class_install_action (widget_class, "pfsa.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "pfsa.today", "s", today_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "pfsa.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "pfsa.save", NULL);
}

static void
psems_pfsa_dialog_init (PsemsPfsaDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      GtkWidget *row = FIELD_ROW (self, &form_fields[i]);

      g_object_set_data (G_OBJECT (row), "psems-field", (gpointer) form_fields[i].field);
      g_signal_connect (row, "notify::text", G_CALLBACK (field_changed_cb), self);
    }
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/**
 * psems_pfsa_dialog_new:
 *
 * A dialog that saves the assessment through core and closes once done; it emits
 * #PsemsPfsaDialog::saved first.
 */
PsemsPfsaDialog *
psems_pfsa_dialog_new (GtkWindow       *parent,
                       PsemsStore      *store,
                       PsemsActor      *actor,
                       const PsemsPfsa *pfsa,
                       gint64           facility_id,
                       const char      *facility_name)
{
  PsemsPfsaDialog *self;
  PsemsPfsa *loaded;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (pfsa != NULL || facility_id > 0, NULL);

  self = g_object_new (PSEMS_TYPE_PFSA_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  loaded = self->loaded = psems_pfsa_new ();
  loaded->id = pfsa != NULL ? pfsa->id : 0;
  loaded->ref = pfsa != NULL ? g_strdup (pfsa->ref) : NULL;
  loaded->facility_id = pfsa != NULL ? pfsa->facility_id : facility_id;

  self->filling = TRUE;
  if (pfsa != NULL)
    {
      adw_window_title_set_title (self->window_title, _("Edit Assessment"));
      adw_window_title_set_subtitle (self->window_title, pfsa->ref);
      gtk_button_set_label (self->save_button, _("_Save"));
      set_entry (self->title_row, pfsa->title);
      set_entry (self->assessed_row, pfsa->assessed_on);
      set_entry (self->assessor_row, pfsa->assessor);
      set_entry (self->organization_row, pfsa->organization);
      set_entry (self->approved_row, pfsa->approved_on);
      set_entry (self->approver_row, pfsa->approved_by);
      set_entry (self->review_row, pfsa->review_due);
      set_entry (self->summary_row, pfsa->summary);
    }
  else
    {
      g_autofree char *today = psems_ui_dup_today_text ();

      adw_window_title_set_title (self->window_title, _("Record Assessment"));
      adw_window_title_set_subtitle (self->window_title, facility_name);
      gtk_button_set_label (self->save_button, _("_Record"));
      set_entry (self->assessed_row, today);
    }
  self->filling = FALSE;
  update_problems (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  return self;
}
