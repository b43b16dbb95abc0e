/* psems-finding-dialog.c — raises or edits a finding: severity, source and its record, control, requirement, root cause, corrective action, owner, due date, evidence. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-control.h"
#include "psems-evidence.h"
#include "psems-facility.h"
#include "psems-finding-dialog.h"
#include "psems-problem-row.h"
#include "psems-ref.h"
#include "psems-ui-util.h"

struct _PsemsFindingDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *save_button;
  GtkLabel *state_label;
  GtkLabel *error_label;
  GtkWidget *facility_group;
  AdwComboRow *facility_row;
  GtkWidget *facility_problem;
  AdwEntryRow *title_row;
  GtkWidget *title_problem;
  AdwComboRow *severity_row;
  GtkWidget *severity_problem;
  AdwEntryRow *requirement_row;
  GtkWidget *requirement_problem;
  AdwComboRow *source_row;
  GtkWidget *source_problem;
  AdwEntryRow *record_row;
  GtkWidget *record_problem;
  AdwComboRow *control_row;
  GtkWidget *control_problem;
  GtkTextView *description_view;
  GtkTextView *root_cause_view;
  GtkTextView *action_view;
  AdwEntryRow *owner_row;
  GtkWidget *owner_problem;
  AdwEntryRow *due_row;
  GtkWidget *due_problem;
  GtkListBox *evidence_list;

  PsemsStore *store;
  PsemsActor *actor;
  PsemsFinding *loaded;        /* the finding edited; NULL while raising one */
  GPtrArray *facilities;       /* PsemsFacility to choose from (raising, all) */
  GPtrArray *controls;         /* PsemsControl of the facility, after "None" */
  GPtrArray *evidence;         /* PsemsEvidence already attached (editing) */
  GPtrArray *evidence_paths;   /* char *: files to keep as evidence on save */
  GtkFileChooserNative *chooser;
  GHashTable *touched;         /* fields the user has been in */
  char *error_field;           /* a field core refused on the last save … */
  char *error_message;         /* … and why, shown until the field is edited */
  gint64 facility_id;
  gint64 saved_id;
  gboolean filling;
  gboolean save_attempted;
};

G_DEFINE_FINAL_TYPE (PsemsFindingDialog, psems_finding_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The form's fields, by the names core's field problems use ("record" stands for the
 * completion, incident or answer the source links). */
typedef struct
{
  const char *field;
  gsize row_offset;
  gsize problem_offset;
} Field;

#define FIELD(name, row, problem) \
  { name, G_STRUCT_OFFSET (PsemsFindingDialog, row), G_STRUCT_OFFSET (PsemsFindingDialog, problem) }

static const Field form_fields[] = {
  FIELD ("facility_id", facility_row, facility_problem),
  FIELD ("title", title_row, title_problem),
  FIELD ("severity", severity_row, severity_problem),
  FIELD ("requirement_ref", requirement_row, requirement_problem),
  FIELD ("source", source_row, source_problem),
  FIELD ("record", record_row, record_problem),
  FIELD ("control_id", control_row, control_problem),
  FIELD ("owner", owner_row, owner_problem),
  FIELD ("due_on", due_row, due_problem),
};

static const char * const field_names[] = {
  "facility_id", "title", "severity", "requirement_ref", "source", "completion_id", "incident_id",
  "answer_id", "record", "control_id", "owner", "due_on", NULL
};

#define FIELD_ROW(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->row_offset))
#define FIELD_PROBLEM(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->problem_offset))

static void form_changed (PsemsFindingDialog *self,
                          const char         *field);

static const char *
canonical_field (const char *field)
{
  if (g_strcmp0 (field, "completion_id") == 0 || g_strcmp0 (field, "incident_id") == 0
      || g_strcmp0 (field, "answer_id") == 0)
    return "record";
  if (g_strcmp0 (field, "facility") == 0)
    return "facility_id";
  if (g_strcmp0 (field, "control") == 0)
    return "control_id";
  return field;
}

static void
show_error_text (PsemsFindingDialog *self,
                 const char         *text)
{
  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* ───────────────────────────── reading the form ───────────────────────────── */

static gint64
chosen_facility_id (PsemsFindingDialog *self)
{
  guint position;

  if (self->loaded != NULL)
    return self->loaded->facility_id;
  if (self->facilities == NULL)
    return self->facility_id;
  position = adw_combo_row_get_selected (self->facility_row);
  if (position == GTK_INVALID_LIST_POSITION || position >= self->facilities->len)
    return 0;
  return ((PsemsFacility *) g_ptr_array_index (self->facilities, position))->id;
}

static const char *
chosen_source (PsemsFindingDialog *self)
{
  return psems_ui_id_at (psems_finding_sources (), adw_combo_row_get_selected (self->source_row));
}

static char *
dup_entry (AdwEntryRow *row)
{
  return psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));
}

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

static void
set_text_view (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

/* Which kind of record the chosen source links: "completion", "incident", "answer" or NULL. */
static const char *
record_kind (const char *source)
{
  if (g_strcmp0 (source, "audit") == 0 || g_strcmp0 (source, "drill") == 0
      || g_strcmp0 (source, "exercise") == 0)
    return "completion";
  if (g_strcmp0 (source, "incident") == 0)
    return "incident";
  if (g_strcmp0 (source, "gap") == 0)
    return "answer";
  return NULL;
}

/* The record the user typed, resolved for the chosen source; 0 when none is typed.
 * Returns: %FALSE with @error set when the text names no such record */
static gboolean
resolve_record (PsemsFindingDialog *self,
                gint64             *id,
                GError            **error)
{
  g_autofree char *text = dup_entry (self->record_row);
  const char *kind = record_kind (chosen_source (self));

  *id = 0;
  if (text == NULL || kind == NULL)
    return TRUE;
  if (g_str_equal (kind, "answer"))
    *id = psems_finding_resolve_answer (self->store, text, error);
  else
    *id = psems_ref_resolve (self->store, kind, text, error);
  return *id > 0;
}

/* Returns: (transfer full): the finding as the form has it, on top of what was loaded */
static PsemsFinding *
read_form (PsemsFindingDialog *self)
{
  PsemsFinding *finding = self->loaded != NULL ? psems_finding_copy (self->loaded)
                                               : psems_finding_new ();
  const char *kind = record_kind (chosen_source (self));
  guint control = adw_combo_row_get_selected (self->control_row);
  gint64 record = 0;

  finding->facility_id = chosen_facility_id (self);
  g_free (finding->title);
  finding->title = dup_entry (self->title_row);
  g_free (finding->severity);
  finding->severity = g_strdup (psems_ui_id_at (psems_finding_severities (),
                                       adw_combo_row_get_selected (self->severity_row)));
  g_free (finding->source);
  finding->source = g_strdup (chosen_source (self));
  g_free (finding->requirement_ref);
  finding->requirement_ref = dup_entry (self->requirement_row);
  resolve_record (self, &record, NULL);
  finding->completion_id = g_strcmp0 (kind, "completion") == 0 ? MAX (record, 0) : 0;
  finding->incident_id = g_strcmp0 (kind, "incident") == 0 ? MAX (record, 0) : 0;
  finding->answer_id = g_strcmp0 (kind, "answer") == 0 ? MAX (record, 0) : 0;
  /* Position 0 is "None". */
  finding->control_id = control != GTK_INVALID_LIST_POSITION && control > 0
                        && self->controls != NULL && control - 1 < self->controls->len
                        ? ((PsemsControl *) g_ptr_array_index (self->controls, control - 1))->id
                        : 0;
  g_free (finding->description);
  finding->description = dup_text_view (self->description_view);
  g_free (finding->root_cause);
  finding->root_cause = dup_text_view (self->root_cause_view);
  g_free (finding->corrective_action);
  finding->corrective_action = dup_text_view (self->action_view);
  g_free (finding->owner);
  finding->owner = dup_entry (self->owner_row);
  g_free (finding->due_on);
  finding->due_on = dup_entry (self->due_row);
  return finding;
}

/* Problems the form sees before core does: a record reference that names nothing,
 * a due date that is not one, no facility chosen. */
static void
add_form_problems (PsemsFindingDialog *self,
                   GPtrArray          *problems)
{
  g_autoptr(GError) error = NULL;
  const char *due = gtk_editable_get_text (GTK_EDITABLE (self->due_row));
  gint64 record = 0;

  if (!resolve_record (self, &record, &error) && psems_ui_find_problem (problems, "record") == NULL)
    psems_field_problems_add (problems, "record", "%s", error->message);
  g_clear_error (&error);
  if (psems_ui_find_problem (problems, "due_on") == NULL && *due != '\0')
    {
      GDate date;

      if (!psems_ui_parse_date (due, &date, &error))
        psems_field_problems_add (problems, "due_on", "%s", error->message);
    }
  if (self->loaded == NULL && chosen_facility_id (self) == 0)
    psems_field_problems_add (problems, "facility_id",
                              _("Choose the facility where the finding was made"));
}

static GPtrArray *
validate (PsemsFindingDialog *self)
{
  g_autoptr(PsemsFinding) draft = read_form (self);
  GPtrArray *problems = psems_finding_validate (self->store, draft);

  if (problems == NULL)
    problems = psems_field_problems_new ();
  add_form_problems (self, problems);
  return problems;
}

static const char *
find_problem (GPtrArray  *problems,
              const char *field)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (canonical_field (problem->field), field) == 0)
        return problem->message;
    }
  return NULL;
}

/* Checks the form with core and shows each problem under its field. */
static guint
update_problems (PsemsFindingDialog *self)
{
  g_autoptr(GPtrArray) problems = validate (self);
  g_autofree char *other = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      const Field *f = &form_fields[i];
      const char *message = find_problem (problems, f->field);

      if (message == NULL && g_strcmp0 (self->error_field, f->field) == 0)
        message = self->error_message;
      /* A new form is not wrong yet: only fields the user has been in, or all after Save. */
      if (!self->save_attempted && !g_hash_table_contains (self->touched, f->field))
        message = NULL;
      psems_ui_set_field_problem (FIELD_ROW (self, f), FIELD_PROBLEM (self, f), message);
    }

  /* What core finds in a field the form does not show (its status, its raising day) must not
   * go unseen. */
  for (guint i = 0; self->save_attempted && i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (!g_strv_contains (field_names, canonical_field (problem->field)))
        {
          other = g_strdup (problem->message);
          break;
        }
    }
  if (other != NULL)
    show_error_text (self, other);
  return problems->len;
}

static void
update_record_row (PsemsFindingDialog *self)
{
  const char *kind = record_kind (chosen_source (self));

  gtk_widget_set_visible (GTK_WIDGET (self->record_row), kind != NULL);
  gtk_widget_set_visible (self->record_problem, kind != NULL);
  if (g_strcmp0 (kind, "completion") == 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->record_row),
                                   _("Completion it was raised in (optional), e.g. CMP-2026-0001"));
  else if (g_strcmp0 (kind, "incident") == 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->record_row),
                                   _("Incident (optional), e.g. INC-2026-0001"));
  else if (g_strcmp0 (kind, "answer") == 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->record_row),
                                   _("GAP answer (optional), e.g. GAP-2026-0001/A16.3.4"));
}

static void
update_state_label (PsemsFindingDialog *self)
{
  const PsemsFinding *f = self->loaded;

  if (f == NULL)
    {
      gtk_label_set_text (self->state_label,
                          _("A title, a severity and a source are all it needs to be raised; "
                            "the corrective action can follow, but closing needs one."));
      return;
    }
  if (g_strcmp0 (f->status, "closed") == 0 || g_strcmp0 (f->status, "verified") == 0)
    {
      /* Translators: %s is a finding's status, "Closed" or "Verified" */
      g_autofree char *text = g_strdup_printf (_("%s: the record is read-only. Reopen a closed "
                                                 "finding to change it."),
                                               psems_finding_status_label (f->status));

      gtk_label_set_text (self->state_label, text);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
      return;
    }
  {
    g_autofree char *raised = psems_ui_format_date (f->raised_on);
    /* Translators: a finding's status, the day it was raised and who raised it */
    g_autofree char *text = g_strdup_printf (_("%s · raised on %s by %s"),
                                             psems_finding_status_label (f->status),
                                             raised != NULL ? raised : "",
                                             f->raised_by != NULL ? f->raised_by : "");

    gtk_label_set_text (self->state_label, text);
  }
}

static void
form_changed (PsemsFindingDialog *self,
              const char         *field)
{
  if (self->filling)
    return;
  if (field != NULL)
    {
      g_hash_table_add (self->touched, (gpointer) field);
      if (g_strcmp0 (self->error_field, field) == 0)
        {
          g_clear_pointer (&self->error_field, g_free);
          g_clear_pointer (&self->error_message, g_free);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_problems (self);
}

static void
field_changed_cb (GObject            *row,
                  GParamSpec         *pspec,
                  PsemsFindingDialog *self)
{
  form_changed (self, g_object_get_data (row, "psems-field"));
}

static void
source_changed_cb (PsemsFindingDialog *self)
{
  update_record_row (self);
  form_changed (self, "source");
}

/* ───────────────────────────── lists in the form ───────────────────────────── */

static void
fill_controls (PsemsFindingDialog *self,
               gint64              keep_control_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 facility_id = chosen_facility_id (self);
  guint selected = 0;

  g_clear_pointer (&self->controls, g_ptr_array_unref);
  gtk_string_list_append (names, _("None"));
  if (facility_id != 0)
    {
      self->controls = psems_control_list (self->store, facility_id, NULL, &error);
      if (self->controls == NULL)
        show_error_text (self, error->message);
      else
        g_ptr_array_set_free_func (self->controls, (GDestroyNotify) psems_control_free);
    }
  for (guint i = 0; self->controls != NULL && i < self->controls->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (self->controls, i);
      /* Translators: a control's reference and name: "CTL-2026-0003 · Gate 3 turnstiles" */
      g_autofree char *label = g_strdup_printf (_("%s · %s"), control->ref, control->name);

      gtk_string_list_append (names, label);
      if (control->id == keep_control_id)
        selected = i + 1;
    }
  adw_combo_row_set_model (self->control_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->control_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->control_row), facility_id != 0);
}

static void remove_path_cb (GtkButton          *button,
                            PsemsFindingDialog *self);

static GtkWidget *
new_evidence_row (const char *title,
                  const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("text-x-generic-symbolic"));
  return row;
}

static void
fill_evidence (PsemsFindingDialog *self)
{
  psems_ui_clear_list_box (self->evidence_list);
  for (guint i = 0; self->evidence != NULL && i < self->evidence->len; i++)
    {
      PsemsEvidence *evidence = g_ptr_array_index (self->evidence, i);
      g_autofree char *size = g_format_size (evidence->size);
      g_autofree char *added = psems_ui_format_date (evidence->added_on);
      /* Translators: an evidence file's reference, size and the day it was added */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · added %s"), evidence->ref, size,
                                                   added != NULL ? added : "");

      gtk_list_box_append (self->evidence_list, new_evidence_row (evidence->file_name, subtitle));
    }
  for (guint i = 0; i < self->evidence_paths->len; i++)
    {
      const char *path = g_ptr_array_index (self->evidence_paths, i);
      g_autofree char *name = g_path_get_basename (path);
      GtkWidget *row = new_evidence_row (name, _("Kept when the finding is saved"));
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      /* Translators: %s is a file name */
      g_autofree char *tooltip = g_strdup_printf (_("Do not keep %s"), name);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tooltip, -1);
      g_object_set_data_full (G_OBJECT (remove), "psems-path", g_strdup (path), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_path_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->evidence_list, row);
    }
}

static void
remove_path_cb (GtkButton          *button,
                PsemsFindingDialog *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "psems-path");

  for (guint i = 0; i < self->evidence_paths->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->evidence_paths, i), path) == 0)
      {
        g_ptr_array_remove_index (self->evidence_paths, i);
        break;
      }
  fill_evidence (self);
}

static void
facility_chosen_cb (PsemsFindingDialog *self)
{
  if (self->filling)
    return;
  self->filling = TRUE;
  fill_controls (self, 0);
  self->filling = FALSE;
  form_changed (self, "facility_id");
}

/* ───────────────────────────── actions ───────────────────────────── */

static void
show_error (PsemsFindingDialog *self,
            const GError       *error)
{
  g_autofree char *field = NULL;
  const char *message;

  field = psems_ui_split_field_error (error, field_names, &message);
  if (field == NULL)
    {
      show_error_text (self, error->message);
      return;
    }
  g_free (self->error_field);
  g_free (self->error_message);
  self->error_field = g_strdup (canonical_field (field));
  self->error_message = g_strdup (message);
  self->save_attempted = TRUE;
  update_problems (self);
  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    if (g_str_equal (form_fields[i].field, self->error_field))
      gtk_widget_grab_focus (FIELD_ROW (self, &form_fields[i]));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsFindingDialog *self = PSEMS_FINDING_DIALOG (widget);
  g_autoptr(PsemsFinding) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  self->save_attempted = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (update_problems (self) > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
        {
          GtkWidget *problem = FIELD_PROBLEM (self, &form_fields[i]);

          if (psems_problem_row_get_message (PSEMS_PROBLEM_ROW (problem)) != NULL)
            {
              gtk_widget_grab_focus (FIELD_ROW (self, &form_fields[i]));
              break;
            }
        }
      return;
    }

  draft = read_form (self);
  g_ptr_array_add (self->evidence_paths, NULL);
  if (self->loaded == NULL)
    {
      g_autofree char *ref = NULL;
      gint64 id = psems_finding_create (self->store, self->actor, draft,
                                        (const char * const *) self->evidence_paths->pdata, &ref,
                                        &error);

      g_ptr_array_remove_index (self->evidence_paths, self->evidence_paths->len - 1);
      if (id <= 0)
        {
          show_error (self, error);
          return;
        }
      self->saved_id = id;
      /* Translators: the first %s is a finding's new reference, the second its title */
      message = g_strdup_printf (_("%s raised: %s"), ref != NULL ? ref : "", draft->title);
    }
  else
    {
      g_ptr_array_remove_index (self->evidence_paths, self->evidence_paths->len - 1);
      if (!psems_finding_update (self->store, self->actor, draft, &error))
        {
          show_error (self, error);
          return;
        }
      self->saved_id = draft->id;
      /* Files added while editing are attached one by one; one that cannot be kept stays
       * listed, with why, so nothing is lost silently. */
      while (self->evidence_paths->len > 0)
        {
          const char *path = g_ptr_array_index (self->evidence_paths, 0);

          if (psems_evidence_add_to (self->store, self->actor, path, NULL, "finding", draft->id,
                                     NULL, NULL, &error) <= 0)
            {
              g_autofree char *text = NULL;

              /* Translators: %s says why a file could not be kept */
              text = g_strdup_printf (_("The changes are saved, but a file was not kept: %s"),
                                      error->message);
              show_error_text (self, text);
              fill_evidence (self);
              return;
            }
          g_ptr_array_remove_index (self->evidence_paths, 0);
        }
      /* Translators: %s is a finding's reference */
      message = g_strdup_printf (_("Changes to %s saved"), draft->ref);
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->saved_id, message);
  gtk_window_close (GTK_WINDOW (self));
}

static void
chooser_response_cb (GtkNativeDialog    *chooser,
                     int                 response,
                     PsemsFindingDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            psems_finding_dialog_add_evidence_path (self, path);
        }
    }
  g_clear_object (&self->chooser);
}

static void
add_evidence_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsFindingDialog *self = PSEMS_FINDING_DIALOG (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Keep Files as Evidence"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_finding_dialog_dispose (GObject *object)
{
  PsemsFindingDialog *self = PSEMS_FINDING_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_FINDING_DIALOG);

  G_OBJECT_CLASS (psems_finding_dialog_parent_class)->dispose (object);
}

static void
psems_finding_dialog_finalize (GObject *object)
{
  PsemsFindingDialog *self = PSEMS_FINDING_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->loaded, psems_finding_free);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  g_clear_pointer (&self->controls, g_ptr_array_unref);
  g_clear_pointer (&self->evidence, g_ptr_array_unref);
  g_clear_pointer (&self->evidence_paths, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (psems_finding_dialog_parent_class)->finalize (object);
}

static void
psems_finding_dialog_class_init (PsemsFindingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_finding_dialog_dispose;
  object_class->finalize = psems_finding_dialog_finalize;

  /**
   * PsemsFindingDialog::saved:
   * @id: the finding written
   * @message: what was done, for a toast
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-finding-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, state_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, facility_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, facility_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, facility_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, title_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, severity_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, severity_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, requirement_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, requirement_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, source_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, record_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, record_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, control_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, control_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, root_cause_view);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, action_view);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, owner_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, owner_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, due_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingDialog, evidence_list);

  gtk_widget_class_install_action (widget_class, "finding.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "finding.add-evidence", NULL,
                                   add_evidence_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "finding.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "finding.save", NULL);
}

static void
psems_finding_dialog_init (PsemsFindingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  self->evidence_paths = g_ptr_array_new_with_free_func (g_free);

  adw_combo_row_set_model (self->severity_row,
                           psems_ui_new_label_model (psems_finding_severities (),
                                            psems_finding_severity_label));
  g_object_unref (adw_combo_row_get_model (self->severity_row));
  adw_combo_row_set_model (self->source_row,
                           psems_ui_new_label_model (psems_finding_sources (), psems_finding_source_label));
  g_object_unref (adw_combo_row_get_model (self->source_row));

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      GtkWidget *row = FIELD_ROW (self, &form_fields[i]);

      g_object_set_data (G_OBJECT (row), "psems-field", (gpointer) form_fields[i].field);
      if (ADW_IS_ENTRY_ROW (row))
        g_signal_connect (row, "notify::text", G_CALLBACK (field_changed_cb), self);
      else if (ADW_IS_COMBO_ROW (row) && row != GTK_WIDGET (self->facility_row)
               && row != GTK_WIDGET (self->source_row))
        g_signal_connect (row, "notify::selected", G_CALLBACK (field_changed_cb), self);
    }
  g_signal_connect_swapped (self->facility_row, "notify::selected",
                            G_CALLBACK (facility_chosen_cb), self);
  g_signal_connect_swapped (self->source_row, "notify::selected", G_CALLBACK (source_changed_cb),
                            self);
  psems_ui_set_empty_text (self->evidence_list, _("No files yet"));
}

static void
select_if_listed (AdwComboRow        *row,
                  const char * const *ids,
                  const char         *id)
{
  adw_combo_row_set_selected (row, psems_ui_id_position (ids, id, 0));
}

/**
 * psems_finding_dialog_new:
 *
 * A dialog that writes the finding (and the files kept as its evidence) through core and
 * closes once done; it emits #PsemsFindingDialog::saved first. The store's `changed` signal
 * tells the pages.
 */
PsemsFindingDialog *
psems_finding_dialog_new (GtkWindow          *parent,
                          PsemsStore         *store,
                          PsemsActor         *actor,
                          const PsemsFinding *finding,
                          gint64              facility_id)
{
  PsemsFindingDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  self = g_object_new (PSEMS_TYPE_FINDING_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  self->facility_id = finding != NULL ? finding->facility_id : facility_id;
  self->loaded = finding != NULL ? psems_finding_copy (finding) : NULL;

  self->filling = TRUE;
  if (finding == NULL && facility_id == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      self->facilities = psems_facility_list (store, FALSE, &error);
      if (self->facilities == NULL)
        {
          show_error_text (self, error->message);
          self->facilities = g_ptr_array_new ();
        }
      g_ptr_array_set_free_func (self->facilities, (GDestroyNotify) psems_facility_free);
      for (guint i = 0; i < self->facilities->len; i++)
        {
          PsemsFacility *facility = g_ptr_array_index (self->facilities, i);
          /* Translators: a facility's code and name: "NHV-CT — Nordhaven Container Terminal" */
          g_autofree char *label = g_strdup_printf (_("%s — %s"), facility->code, facility->name);

          gtk_string_list_append (names, label);
        }
      adw_combo_row_set_model (self->facility_row, G_LIST_MODEL (names));
      adw_combo_row_set_selected (self->facility_row, GTK_INVALID_LIST_POSITION);
    }
  gtk_widget_set_visible (self->facility_group, self->facilities != NULL);

  if (finding != NULL)
    {
      const char *record = finding->completion_ref != NULL ? finding->completion_ref
                           : finding->incident_ref != NULL ? finding->incident_ref
                           : finding->answer_ref;
      g_autoptr(GError) error = NULL;

      adw_window_title_set_title (self->window_title, _("Edit Finding"));
      adw_window_title_set_subtitle (self->window_title, finding->ref);
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                             finding->title != NULL ? finding->title : "");
      select_if_listed (self->severity_row, psems_finding_severities (), finding->severity);
      select_if_listed (self->source_row, psems_finding_sources (), finding->source);
      gtk_editable_set_text (GTK_EDITABLE (self->record_row), record != NULL ? record : "");
      gtk_editable_set_text (GTK_EDITABLE (self->requirement_row),
                             finding->requirement_ref != NULL ? finding->requirement_ref : "");
      set_text_view (self->description_view, finding->description);
      set_text_view (self->root_cause_view, finding->root_cause);
      set_text_view (self->action_view, finding->corrective_action);
      gtk_editable_set_text (GTK_EDITABLE (self->owner_row),
                             finding->owner != NULL ? finding->owner : "");
      gtk_editable_set_text (GTK_EDITABLE (self->due_row),
                             finding->due_on != NULL ? finding->due_on : "");
      fill_controls (self, finding->control_id);
      self->evidence = psems_evidence_list (store, "finding", finding->id, &error);
      if (self->evidence == NULL)
        show_error_text (self, error->message);
      else
        g_ptr_array_set_free_func (self->evidence, (GDestroyNotify) psems_evidence_free);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Raise a Finding"));
      gtk_button_set_label (self->save_button, _("_Raise"));
      /* Most findings raised by hand come from an audit and are minor non-conformities. */
      select_if_listed (self->severity_row, psems_finding_severities (), "minor");
      select_if_listed (self->source_row, psems_finding_sources (), "audit");
      fill_controls (self, 0);
    }
  update_record_row (self);
  fill_evidence (self);
  self->filling = FALSE;

  update_state_label (self);
  update_problems (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  return self;
}

/**
 * psems_finding_dialog_add_evidence_path:
 * @path: a file to keep as evidence when the finding is saved
 */
void
psems_finding_dialog_add_evidence_path (PsemsFindingDialog *self,
                                        const char         *path)
{
  g_return_if_fail (PSEMS_IS_FINDING_DIALOG (self));
  g_return_if_fail (path != NULL);

  for (guint i = 0; i < self->evidence_paths->len; i++)
    if (g_str_equal (g_ptr_array_index (self->evidence_paths, i), path))
      return;
  g_ptr_array_add (self->evidence_paths, g_strdup (path));
  fill_evidence (self);
}

gint64
psems_finding_dialog_get_saved_id (PsemsFindingDialog *self)
{
  g_return_val_if_fail (PSEMS_IS_FINDING_DIALOG (self), 0);
  return self->saved_id;
}
