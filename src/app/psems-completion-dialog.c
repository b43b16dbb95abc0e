/* psems-completion-dialog.c — records that a scheduled drill, exercise, audit or review was done, with its evidence. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-completion-dialog.h"
#include "psems-error.h"
#include "psems-evidence.h"
#include "psems-problem-row.h"
#include "psems-ui-util.h"

struct _PsemsCompletionDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *save_button;
  GtkLabel *state_label;
  GtkLabel *error_label;
  GtkWidget *done_row;
  GtkWidget *done_problem;
  GtkSpinButton *duration_spin;
  GtkWidget *duration_problem;
  AdwEntryRow *participants_row;
  GtkTextView *description_view;
  GtkTextView *lessons_view;
  GtkListBox *evidence_list;

  PsemsStore *store;
  PsemsActor *actor;
  PsemsScheduleItem *item;
  GPtrArray *evidence;          /* char *: the files' paths, in the order added */
  GtkFileChooserNative *chooser;
  gint64 saved_id;
  gboolean save_attempted;
  gboolean done_touched;
};

G_DEFINE_FINAL_TYPE (PsemsCompletionDialog, psems_completion_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const field_names[] = { "done_on", "duration_minutes", NULL };

static char *
dup_text_view (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return psems_text_dup_field (text);
}

static PsemsCompletion *
read_form (PsemsCompletionDialog *self)
{
  PsemsCompletion *completion = psems_completion_new ();

  completion->schedule_item_id = self->item->id;
  completion->done_on =
    psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (self->done_row)));
  completion->duration_minutes = gtk_spin_button_get_value_as_int (self->duration_spin);
  completion->participants =
    psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (self->participants_row)));
  completion->description = dup_text_view (self->description_view);
  completion->lessons_learned = dup_text_view (self->lessons_view);
  return completion;
}

/* Shows core's problems under their fields; returns how many there are. */
static guint
update_problems (PsemsCompletionDialog *self)
{
  g_autoptr(PsemsCompletion) draft = read_form (self);
  g_autoptr(GPtrArray) problems = psems_completion_validate (self->store, draft);
  const char *done = NULL;
  const char *duration = NULL;

  if (problems == NULL)
    problems = psems_field_problems_new ();
  if (self->save_attempted || self->done_touched)
    done = psems_ui_find_problem (problems, "done_on");
  duration = psems_ui_find_problem (problems, "duration_minutes");
  psems_ui_set_field_problem (self->done_row, self->done_problem, done);
  psems_ui_set_field_problem (GTK_WIDGET (self->duration_spin), self->duration_problem, duration);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            !self->save_attempted || problems->len == 0);
  return problems->len;
}

static void
form_changed_cb (PsemsCompletionDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_problems (self);
}

static void
done_changed_cb (PsemsCompletionDialog *self)
{
  self->done_touched = TRUE;
  form_changed_cb (self);
}

/* ───────────────────────────── evidence ───────────────────────────── */

static void
remove_file_cb (GtkButton             *button,
                PsemsCompletionDialog *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "psems-path");

  for (guint i = 0; i < self->evidence->len; i++)
    if (g_str_equal (g_ptr_array_index (self->evidence, i), path))
      {
        GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

        gtk_list_box_remove (self->evidence_list, row);
        g_ptr_array_remove_index (self->evidence, i);
        return;
      }
}

void
psems_completion_dialog_add_evidence (PsemsCompletionDialog *self,
                                      GFile                 *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  GtkWidget *remove;

  g_return_if_fail (PSEMS_IS_COMPLETION_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      /* Translators: %s is a URI */
      subtitle = g_strdup_printf (_("%s is not a local file; copy it to this computer first"), uri);
      gtk_label_set_text (self->error_label, subtitle);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  for (guint i = 0; i < self->evidence->len; i++)
    if (g_str_equal (g_ptr_array_index (self->evidence, i), path))
      return;

  name = g_file_get_basename (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                            &error);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (info == NULL)
    {
      subtitle = g_strdup (error->message);
      gtk_widget_add_css_class (row, "error");
    }
  else if (g_file_info_get_size (info) > PSEMS_EVIDENCE_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (PSEMS_EVIDENCE_MAX_SIZE);

      /* Translators: the file's size, then the largest size kept */
      subtitle = g_strdup_printf (_("%s: larger than the %s evidence may have"), size, limit);
      gtk_widget_add_css_class (row, "error");
    }
  else
    {
      subtitle = g_format_size (g_file_info_get_size (info));
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("text-x-generic-symbolic"));
  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  {
    /* Translators: %s is a file name */
    g_autofree char *tooltip = g_strdup_printf (_("Remove %s"), name);

    gtk_widget_set_tooltip_text (remove, tooltip);
  }
  g_object_set_data_full (G_OBJECT (remove), "psems-path", g_strdup (path), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_file_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  gtk_widget_set_name (row, name);
  gtk_list_box_append (self->evidence_list, row);
  g_ptr_array_add (self->evidence, g_steal_pointer (&path));
}

static void
chooser_response_cb (GtkNativeDialog       *chooser,
                     int                    response,
                     PsemsCompletionDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          psems_completion_dialog_add_evidence (self, file);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
add_files_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PsemsCompletionDialog *self = PSEMS_COMPLETION_DIALOG (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Add Evidence"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"),
                                               _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ───────────────────────────── saving ───────────────────────────── */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsCompletionDialog *self = PSEMS_COMPLETION_DIALOG (widget);
  g_autoptr(PsemsCompletion) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *field = NULL;
  g_autofree char *message = NULL;
  const char *problem;
  gint64 id;

  self->save_attempted = TRUE;
  if (update_problems (self) > 0)
    {
      gtk_widget_grab_focus (self->done_row);
      return;
    }
  draft = read_form (self);
  g_ptr_array_add (self->evidence, NULL);
  /* One write: the completion and its files commit together or not at all. */
  id = psems_schedule_record_completion (self->store, self->actor, draft,
                                         (const char * const *) self->evidence->pdata, &ref,
                                         &error);
  g_ptr_array_remove_index (self->evidence, self->evidence->len - 1);
  if (id <= 0)
    {
      field = psems_ui_split_field_error (error, field_names, &problem);
      if (g_strcmp0 (field, "done_on") == 0)
        psems_ui_set_field_problem (self->done_row, self->done_problem, problem);
      else if (g_strcmp0 (field, "duration_minutes") == 0)
        psems_ui_set_field_problem (GTK_WIDGET (self->duration_spin), self->duration_problem,
                                    problem);
      else
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      return;
    }
  self->saved_id = id;
  /* Translators: the first %s is a schedule item's title, the second the completion's reference */
  message = g_strdup_printf (_("%s recorded as done (%s)"), self->item->title,
                             ref != NULL ? ref : "");
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, id, message);
  gtk_window_close (GTK_WINDOW (self));
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_completion_dialog_dispose (GObject *object)
{
  PsemsCompletionDialog *self = PSEMS_COMPLETION_DIALOG (object);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_COMPLETION_DIALOG);

  G_OBJECT_CLASS (psems_completion_dialog_parent_class)->dispose (object);
}

static void
psems_completion_dialog_finalize (GObject *object)
{
  PsemsCompletionDialog *self = PSEMS_COMPLETION_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->item, psems_schedule_item_free);
  g_clear_pointer (&self->evidence, g_ptr_array_unref);

  G_OBJECT_CLASS (psems_completion_dialog_parent_class)->finalize (object);
}

static void
psems_completion_dialog_class_init (PsemsCompletionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_completion_dialog_dispose;
  object_class->finalize = psems_completion_dialog_finalize;

  /**
   * PsemsCompletionDialog::saved:
   * @id: the completion written
   * @message: what was done, for a toast
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-completion-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, state_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, done_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, done_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, duration_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, participants_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, lessons_view);
  gtk_widget_class_bind_template_child (widget_class, PsemsCompletionDialog, evidence_list);

  gtk_widget_class_install_action (widget_class, "completion.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "completion.add-files", NULL, add_files_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "completion.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "completion.save", NULL);
}

static void
psems_completion_dialog_init (PsemsCompletionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->evidence = g_ptr_array_new_with_free_func (g_free);
  psems_ui_set_empty_text (self->evidence_list, _("No files attached"));
  g_signal_connect_swapped (self->done_row, "notify::text", G_CALLBACK (done_changed_cb), self);
  g_signal_connect_swapped (self->duration_spin, "value-changed", G_CALLBACK (form_changed_cb),
                            self);
}

/**
 * psems_completion_dialog_new:
 *
 * A dialog that records the completion and its evidence through core in one write and closes
 * once done; it emits #PsemsCompletionDialog::saved first.
 */
PsemsCompletionDialog *
psems_completion_dialog_new (GtkWindow               *parent,
                             PsemsStore              *store,
                             PsemsActor              *actor,
                             const PsemsScheduleItem *item)
{
  PsemsCompletionDialog *self;
  g_autofree char *today = NULL;
  g_autoptr(GString) state = g_string_new (NULL);

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (item != NULL && item->id > 0, NULL);

  self = g_object_new (PSEMS_TYPE_COMPLETION_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  self->item = psems_schedule_get (store, item->id, NULL);
  if (self->item == NULL)
    {
      /* Deleted meanwhile: the write will say so; the form still needs the id and title. */
      self->item = psems_schedule_item_new ();
      self->item->id = item->id;
      self->item->title = g_strdup (item->title);
    }

  adw_window_title_set_subtitle (self->window_title, item->title);
  /* Translators: a schedule item's kind, then its reference: "Drill · SCH-2026-0003" */
  g_string_append_printf (state, _("%s · %s"),
                          item->kind != NULL ? psems_schedule_kind_label (item->kind) : "",
                          item->ref != NULL ? item->ref : "");
  if (item->status != NULL && item->status->explanation != NULL)
    g_string_append_printf (state, "\n%s", item->status->explanation);
  gtk_label_set_text (self->state_label, state->str);

  today = psems_day_format_iso (psems_day_today ());
  gtk_editable_set_text (GTK_EDITABLE (self->done_row), today);
  self->done_touched = FALSE;
  update_problems (self);
  gtk_widget_grab_focus (self->done_row);
  return self;
}

gint64
psems_completion_dialog_get_saved_id (PsemsCompletionDialog *self)
{
  g_return_val_if_fail (PSEMS_IS_COMPLETION_DIALOG (self), 0);
  return self->saved_id;
}
