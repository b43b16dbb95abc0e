/* psems-incident-dialog.c — records or edits an incident: when, where, what, the level then, reporting duties, controls, evidence. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-control.h"
#include "psems-facility.h"
#include "psems-incident-dialog.h"
#include "psems-problem-row.h"
#include "psems-ui-util.h"

struct _PsemsIncidentDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *save_button;
  GtkLabel *error_label;
  GtkWidget *facility_group;
  AdwComboRow *facility_row;
  GtkWidget *facility_problem;
  AdwComboRow *kind_row;
  GtkWidget *kind_problem;
  AdwEntryRow *title_row;
  GtkWidget *title_problem;
  AdwEntryRow *location_row;
  GtkWidget *location_problem;
  AdwEntryRow *description_row;
  GtkWidget *description_problem;
  AdwEntryRow *occurred_row;
  GtkWidget *occurred_problem;
  AdwEntryRow *aware_row;
  GtkWidget *aware_problem;
  AdwEntryRow *zone_row;
  GtkWidget *zone_problem;
  AdwComboRow *level_row;
  GtkWidget *level_problem;
  AdwEntryRow *reported_by_row;
  GtkWidget *reported_by_problem;
  AdwEntryRow *reported_to_row;
  GtkWidget *reported_to_problem;
  AdwEntryRow *response_row;
  GtkWidget *response_problem;
  GtkSwitch *significant_switch;
  GtkSwitch *cyber_switch;
  GtkBox *controls_box;
  GtkWidget *controls_problem;
  GtkWidget *evidence_group;
  GtkListBox *evidence_list;

  PsemsStore *store;
  PsemsActor *actor;
  PsemsIncident *loaded;       /* the incident edited; NULL while recording one */
  GPtrArray *facilities;       /* PsemsFacility the user may choose from (recording, all facilities) */
  GPtrArray *choices;          /* ControlChoice of the facility, by layer */
  GPtrArray *evidence_paths;   /* char *: files to attach on save */
  GHashTable *touched;         /* fields the user has been in */
  char *error_field;           /* a field core refused on the last save … */
  char *error_message;         /* … and why, shown until the field is edited */
  gint64 facility_id;
  gint64 saved_id;
  gboolean choosing;            /* the user chooses the facility */
  gboolean filling;
  gboolean save_attempted;
};

G_DEFINE_FINAL_TYPE (PsemsIncidentDialog, psems_incident_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  OUTCOME_NONE,
  OUTCOME_FAILED,
  OUTCOME_WORKED,
};

typedef struct
{
  gint64 id;
  char *ref;
  char *name;
  char *layer_name;
  int layer_position;
  int outcome;
  GtkCheckButton *failed;
  GtkCheckButton *worked;
} ControlChoice;

static void
control_choice_free (ControlChoice *choice)
{
  g_free (choice->ref);
  g_free (choice->name);
  g_free (choice->layer_name);
  g_free (choice);
}

/* The form's fields, by the names core's field problems use. */
typedef struct
{
  const char *field;
  gsize row_offset;
  gsize problem_offset;
} Field;

#define FIELD(name, row, problem) \
  { name, G_STRUCT_OFFSET (PsemsIncidentDialog, row), G_STRUCT_OFFSET (PsemsIncidentDialog, problem) }

static const Field form_fields[] = {
  FIELD ("facility_id", facility_row, facility_problem),
  FIELD ("kind", kind_row, kind_problem),
  FIELD ("title", title_row, title_problem),
  FIELD ("location", location_row, location_problem),
  FIELD ("description", description_row, description_problem),
  FIELD ("occurred_at", occurred_row, occurred_problem),
  FIELD ("aware_at", aware_row, aware_problem),
  FIELD ("time_zone", zone_row, zone_problem),
  FIELD ("security_level", level_row, level_problem),
  FIELD ("reported_by", reported_by_row, reported_by_problem),
  FIELD ("reported_to", reported_to_row, reported_to_problem),
  FIELD ("response", response_row, response_problem),
  FIELD ("controls", controls_box, controls_problem),
};

#undef FIELD

static const char * const field_names[] = {
  "facility_id", "kind", "title", "location", "description", "occurred_at", "aware_at", "time_zone",
  "security_level", "reported_by", "reported_to", "response", "failed_controls", "worked_controls",
  NULL
};

#define FIELD_ROW(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->row_offset))
#define FIELD_PROBLEM(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->problem_offset))

/* Both control sets show under one list. */
static const char *
canonical_field (const char *field)
{
  if (g_strcmp0 (field, "failed_controls") == 0 || g_strcmp0 (field, "worked_controls") == 0)
    return "controls";
  return field;
}

static char *
dup_entry (AdwEntryRow *row)
{
  return psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static gint64
chosen_facility_id (PsemsIncidentDialog *self)
{
  guint position;

  if (!self->choosing || self->facilities == NULL)
    return self->facility_id;
  position = adw_combo_row_get_selected (self->facility_row);
  if (position == GTK_INVALID_LIST_POSITION || position >= self->facilities->len)
    return 0;
  return ((PsemsFacility *) g_ptr_array_index (self->facilities, position))->id;
}

/* An instant as the form shows it: wall-clock time in @zone, seconds only when there are some. */
static char *
format_wall_clock (gint64     instant,
                   GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, g_date_time_get_second (local) != 0 ? "%Y-%m-%d %H:%M:%S"
                                                                         : "%Y-%m-%d %H:%M");
}

static char *
format_stamp_in (const char *stamp,
                 GTimeZone  *zone)
{
  gint64 instant;

  if (stamp == NULL || !psems_instant_parse (stamp, NULL, &instant))
    return g_strdup (stamp != NULL ? stamp : "");
  return format_wall_clock (instant, zone);
}

/* The zone typed, or UTC while it is not one (the zone's own problem says so). */
static GTimeZone *
typed_zone (PsemsIncidentDialog *self)
{
  g_autofree char *name = dup_entry (self->zone_row);
  GTimeZone *zone = name != NULL ? g_time_zone_new_identifier (name) : NULL;

  return zone != NULL ? zone : g_time_zone_new_utc ();
}

static PsemsIncident *
read_form (PsemsIncidentDialog *self)
{
  PsemsIncident *draft = psems_incident_new ();
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint level = adw_combo_row_get_selected (self->level_row);

  if (self->loaded != NULL)
    {
      draft->id = self->loaded->id;
      draft->ref = g_strdup (self->loaded->ref);
    }
  draft->facility_id = chosen_facility_id (self);
  draft->kind = kind < g_strv_length ((char **) psems_incident_kinds ())
                ? g_strdup (psems_incident_kinds ()[kind]) : NULL;
  draft->title = dup_entry (self->title_row);
  draft->location = dup_entry (self->location_row);
  draft->description = dup_entry (self->description_row);
  draft->occurred_at = dup_entry (self->occurred_row);
  draft->aware_at = dup_entry (self->aware_row);
  draft->time_zone = dup_entry (self->zone_row);
  /* Position 0 is "as the level history has it", core's 0. */
  draft->security_level = level == GTK_INVALID_LIST_POSITION ? 0 : (int) level;
  if (draft->security_level == 0 && self->loaded != NULL)
    draft->security_level = self->loaded->security_level;
  draft->reported_by = dup_entry (self->reported_by_row);
  draft->reported_to = dup_entry (self->reported_to_row);
  draft->response = dup_entry (self->response_row);
  draft->significant = gtk_switch_get_active (self->significant_switch);
  draft->cyber_reportable = gtk_switch_get_active (self->cyber_switch);
  draft->failed_control_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  draft->worked_control_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->choices->len; i++)
    {
      ControlChoice *choice = g_ptr_array_index (self->choices, i);

      if (choice->outcome == OUTCOME_FAILED)
        g_array_append_val (draft->failed_control_ids, choice->id);
      else if (choice->outcome == OUTCOME_WORKED)
        g_array_append_val (draft->worked_control_ids, choice->id);
    }
  return draft;
}

static GPtrArray *
validate (PsemsIncidentDialog *self)
{
  g_autoptr(PsemsIncident) draft = read_form (self);
  GPtrArray *problems = NULL;

  if (draft->facility_id != 0)
    problems = psems_incident_validate (self->store, draft);
  if (problems == NULL)
    problems = psems_field_problems_new ();
  if (self->loaded == NULL && draft->facility_id == 0)
    psems_field_problems_add (problems, "facility_id",
                              _("Choose the facility where it happened"));
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
update_problems (PsemsIncidentDialog *self)
{
  g_autoptr(GPtrArray) problems = validate (self);
  g_autofree char *other = NULL;
  guint n_shown = 0;

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      const Field *f = &form_fields[i];
      const char *message = find_problem (problems, f->field);

      if (message == NULL && g_strcmp0 (canonical_field (self->error_field), f->field) == 0)
        message = self->error_message;
      /* A new form is not wrong yet: only fields the user has been in, or all after Save. */
      if (!self->save_attempted && !g_hash_table_contains (self->touched, f->field))
        message = NULL;
      if (message != NULL)
        n_shown++;
      psems_ui_set_field_problem (FIELD_ROW (self, f), FIELD_PROBLEM (self, f), message);
    }

  /* What core finds in a field the form does not show must not go unseen. */
  for (guint i = 0; self->save_attempted && i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (!g_strv_contains (field_names, problem->field))
        {
          other = g_strdup_printf ("%s: %s", problem->field, problem->message);
          break;
        }
    }
  if (other != NULL)
    {
      gtk_label_set_text (self->error_label, other);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  return problems->len;
}

/* What the level history says the level was when the incident occurred, next to "from history". */
static void
update_level_hint (PsemsIncidentDialog *self)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GTimeZone) zone = typed_zone (self);
  g_autofree char *occurred = dup_entry (self->occurred_row);
  g_autofree char *stamp = NULL;
  gint64 facility_id = chosen_facility_id (self);
  const PsemsLevelChange *last = NULL;
  int level = 0;
  gint64 instant;

  if (facility_id == 0 || occurred == NULL || !psems_instant_parse (occurred, zone, &instant))
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->level_row),
                                   _("From the facility's level history once the time is known"));
      return;
    }
  stamp = psems_instant_to_stamp (instant);
  changes = psems_facility_list_level_changes (self->store, facility_id, NULL);
  if (changes != NULL)
    g_ptr_array_set_free_func (changes, (GDestroyNotify) psems_level_change_free);
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      const PsemsLevelChange *change = g_ptr_array_index (changes, i);

      if (g_strcmp0 (change->changed_at, stamp) <= 0
          && (last == NULL || g_strcmp0 (change->changed_at, last->changed_at) >= 0))
        last = change;
    }
  if (last != NULL)
    level = last->level;
  else
    for (guint i = 0; self->facilities != NULL && i < self->facilities->len; i++)
      if (((PsemsFacility *) g_ptr_array_index (self->facilities, i))->id == facility_id)
        level = ((PsemsFacility *) g_ptr_array_index (self->facilities, i))->security_level;
  if (level == 0)
    {
      g_autoptr(PsemsFacility) facility = psems_facility_get (self->store, facility_id, NULL);

      level = facility != NULL ? facility->security_level : 0;
    }
  if (level > 0)
    {
      /* Translators: %d is a security level, 1 to 3 */
      g_autofree char *text = g_strdup_printf (_("The level history says level %d then"), level);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->level_row), text);
    }
}

static void
form_changed (PsemsIncidentDialog *self,
              const char          *field)
{
  if (self->filling)
    return;
  if (field != NULL)
    {
      g_hash_table_add (self->touched, (gpointer) field);
      if (g_strcmp0 (canonical_field (self->error_field), field) == 0)
        {
          g_clear_pointer (&self->error_field, g_free);
          g_clear_pointer (&self->error_message, g_free);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (g_strcmp0 (field, "occurred_at") == 0 || g_strcmp0 (field, "time_zone") == 0)
    update_level_hint (self);
  update_problems (self);
}

static void
field_changed_cb (GObject             *row,
                  GParamSpec          *pspec,
                  PsemsIncidentDialog *self)
{
  form_changed (self, g_object_get_data (row, "psems-field"));
}

static void
switch_changed_cb (PsemsIncidentDialog *self)
{
  form_changed (self, NULL);
}

/* ───────────────────────────── controls ───────────────────────────── */

static void
outcome_toggled_cb (GtkCheckButton      *check,
                    PsemsIncidentDialog *self)
{
  ControlChoice *choice = g_object_get_data (G_OBJECT (check), "psems-choice");
  gboolean active = gtk_check_button_get_active (check);
  int outcome = check == choice->failed ? OUTCOME_FAILED : OUTCOME_WORKED;

  if (self->filling)
    return;
  if (active)
    {
      choice->outcome = outcome;
      /* A control either failed or worked in one incident, never both. */
      self->filling = TRUE;
      gtk_check_button_set_active (outcome == OUTCOME_FAILED ? choice->worked : choice->failed,
                                   FALSE);
      self->filling = FALSE;
    }
  else if (choice->outcome == outcome)
    {
      choice->outcome = OUTCOME_NONE;
    }
  form_changed (self, "controls");
}

static GtkWidget *
new_outcome_check (PsemsIncidentDialog *self,
                   ControlChoice       *choice,
                   const char          *label,
                   const char          *prefix,
                   gboolean             active)
{
  GtkWidget *check = gtk_check_button_new_with_mnemonic (label);
  g_autofree char *name = g_strdup_printf ("%s-%" G_GINT64_FORMAT, prefix, choice->id);

  gtk_widget_set_name (check, name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  g_object_set_data (G_OBJECT (check), "psems-choice", choice);
  g_signal_connect (check, "toggled", G_CALLBACK (outcome_toggled_cb), self);
  return check;
}

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const ControlChoice *x = *(ControlChoice * const *) a;
  const ControlChoice *y = *(ControlChoice * const *) b;

  if (x->layer_position != y->layer_position)
    return x->layer_position < y->layer_position ? -1 : 1;
  return g_utf8_collate (x->name, y->name);
}

/* The facility's controls layer by layer, each ticked as failed, worked or neither. */
static void
fill_controls (PsemsIncidentDialog *self,
               const GArray        *failed,
               const GArray        *worked)
{
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(GError) error = NULL;
  gint64 facility_id = chosen_facility_id (self);
  GtkWidget *child;
  GtkWidget *list = NULL;
  const char *layer = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->controls_box))) != NULL)
    gtk_box_remove (self->controls_box, child);
  g_ptr_array_set_size (self->choices, 0);

  if (facility_id != 0)
    {
      controls = psems_control_list (self->store, facility_id, NULL, &error);
      if (controls == NULL)
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      else
        {
          g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_control_free);
        }
    }
  for (guint i = 0; controls != NULL && i < controls->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (controls, i);
      ControlChoice *choice;
      gboolean named = FALSE;

      for (guint k = 0; failed != NULL && k < failed->len; k++)
        named |= g_array_index (failed, gint64, k) == control->id;
      for (guint k = 0; worked != NULL && k < worked->len; k++)
        named |= g_array_index (worked, gint64, k) == control->id;
      /* A retired control is offered only where the incident already names it. */
      if (g_strcmp0 (control->status, "retired") == 0 && !named)
        continue;
      choice = g_new0 (ControlChoice, 1);
      choice->id = control->id;
      choice->ref = g_strdup (control->ref);
      choice->name = g_strdup (control->name);
      choice->layer_name = g_strdup (control->layer_name != NULL ? control->layer_name : "");
      choice->layer_position = control->layer_position;
      for (guint k = 0; failed != NULL && k < failed->len; k++)
        if (g_array_index (failed, gint64, k) == control->id)
          choice->outcome = OUTCOME_FAILED;
      for (guint k = 0; worked != NULL && k < worked->len; k++)
        if (g_array_index (worked, gint64, k) == control->id)
          choice->outcome = OUTCOME_WORKED;
      g_ptr_array_add (self->choices, choice);
    }
  g_ptr_array_sort (self->choices, compare_choices);

  for (guint i = 0; i < self->choices->len; i++)
    {
      ControlChoice *choice = g_ptr_array_index (self->choices, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *failed_check;
      GtkWidget *worked_check;

      if (list == NULL || g_strcmp0 (layer, choice->layer_name) != 0)
        {
          GtkWidget *heading = gtk_label_new (choice->layer_name);

          gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
          gtk_widget_add_css_class (heading, "heading");
          gtk_widget_set_margin_top (heading, list == NULL ? 0 : 6);
          gtk_box_append (self->controls_box, heading);
          list = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          choice->layer_name, -1);
          gtk_box_append (self->controls_box, list);
          layer = choice->layer_name;
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), choice->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), choice->ref);
      failed_check = new_outcome_check (self, choice, _("Failed"), "failed",
                                        choice->outcome == OUTCOME_FAILED);
      worked_check = new_outcome_check (self, choice, _("Worked"), "worked",
                                        choice->outcome == OUTCOME_WORKED);
      choice->failed = GTK_CHECK_BUTTON (failed_check);
      choice->worked = GTK_CHECK_BUTTON (worked_check);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), failed_check);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), worked_check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  if (self->choices->len == 0)
    {
      GtkWidget *empty = gtk_label_new (facility_id == 0 ? _("Choose the facility first")
                                                         : _("The facility has no controls yet"));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (empty), 0.0);
      gtk_box_append (self->controls_box, empty);
    }
}

/* ───────────────────────────── evidence ───────────────────────────── */

static void fill_evidence (PsemsIncidentDialog *self);

static void
remove_evidence_cb (GtkButton           *button,
                    PsemsIncidentDialog *self)
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
fill_evidence (PsemsIncidentDialog *self)
{
  psems_ui_clear_list_box (self->evidence_list);
  if (self->loaded != NULL && self->loaded->n_evidence > 0)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%d file already attached",
                                                            "%d files already attached",
                                                            self->loaded->n_evidence),
                                               self->loaded->n_evidence);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
      gtk_list_box_append (self->evidence_list, row);
    }
  for (guint i = 0; i < self->evidence_paths->len; i++)
    {
      const char *path = g_ptr_array_index (self->evidence_paths, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *tooltip = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), base);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), path);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      /* Translators: %s is a file name */
      tooltip = g_strdup_printf (_("Remove %s"), base);
      gtk_widget_set_tooltip_text (remove, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tooltip, -1);
      g_object_set_data_full (G_OBJECT (remove), "psems-path", g_strdup (path), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_evidence_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->evidence_list, row);
    }
  psems_ui_set_empty_text (self->evidence_list, _("No files"));
}

static void
evidence_chosen_cb (GtkNativeDialog     *chooser,
                    int                  response,
                    PsemsIncidentDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);
          gboolean listed = FALSE;

          for (guint k = 0; path != NULL && k < self->evidence_paths->len && !listed; k++)
            listed = g_str_equal (g_ptr_array_index (self->evidence_paths, k), path);
          if (path != NULL && !listed)
            g_ptr_array_add (self->evidence_paths, path);
          else
            g_free (path);
        }
      fill_evidence (self);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
add_evidence_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsIncidentDialog *self = PSEMS_INCIDENT_DIALOG (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Add Evidence"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (evidence_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ───────────────────────────── facility ───────────────────────────── */

static const PsemsFacility *
find_facility (PsemsIncidentDialog *self,
               gint64               id)
{
  for (guint i = 0; self->facilities != NULL && i < self->facilities->len; i++)
    {
      const PsemsFacility *facility = g_ptr_array_index (self->facilities, i);

      if (facility->id == id)
        return facility;
    }
  return NULL;
}

/* A new incident happened where the facility is, unless the user says otherwise. */
static void
set_default_zone (PsemsIncidentDialog *self)
{
  gint64 facility_id = chosen_facility_id (self);
  const PsemsFacility *facility = find_facility (self, facility_id);
  g_autoptr(PsemsFacility) fetched = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = NULL;

  if (facility == NULL && facility_id != 0)
    facility = fetched = psems_facility_get (self->store, facility_id, NULL);
  if (facility == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->zone_row),
                         facility->time_zone != NULL ? facility->time_zone : "UTC");
  zone = typed_zone (self);
  now_text = format_wall_clock (g_date_time_to_unix (now) / 60 * 60, zone);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->aware_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->aware_row), now_text);
}

static void
facility_chosen_cb (PsemsIncidentDialog *self)
{
  if (self->filling)
    return;
  self->filling = TRUE;
  set_default_zone (self);
  fill_controls (self, NULL, NULL);
  self->filling = FALSE;
  update_level_hint (self);
  form_changed (self, "facility_id");
}

/* ───────────────────────────── saving ───────────────────────────── */

static void
show_error (PsemsIncidentDialog *self,
            const GError        *error)
{
  g_autofree char *field = NULL;
  const char *message;

  field = psems_ui_split_field_error (error, field_names, &message);
  if (field == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_free (self->error_field);
  g_free (self->error_message);
  self->error_field = g_steal_pointer (&field);
  self->error_message = g_strdup (message);
  self->save_attempted = TRUE;
  update_problems (self);
  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    if (g_str_equal (form_fields[i].field, canonical_field (self->error_field)))
      gtk_widget_grab_focus (FIELD_ROW (self, &form_fields[i]));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsIncidentDialog *self = PSEMS_INCIDENT_DIALOG (widget);
  g_autoptr(PsemsIncident) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  g_autofree char *message = NULL;

  self->save_attempted = TRUE;
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
  for (guint i = 0; i < self->evidence_paths->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->evidence_paths, i));
  paths = g_strv_builder_end (builder);
  if (self->loaded == NULL)
    {
      g_autofree char *ref = NULL;
      gint64 id = psems_incident_create (self->store, self->actor, draft,
                                         (const char * const *) paths, &ref, &error);

      if (id <= 0)
        {
          show_error (self, error);
          return;
        }
      self->saved_id = id;
      /* Translators: the first %s is an incident's title, the second its new reference */
      message = g_strdup_printf (_("%s recorded as %s"), draft->title, ref != NULL ? ref : "");
    }
  else
    {
      if (!psems_incident_update (self->store, self->actor, draft, (const char * const *) paths,
                                  &error))
        {
          show_error (self, error);
          return;
        }
      self->saved_id = draft->id;
      /* Translators: %s is an incident's reference */
      message = g_strdup_printf (_("Changes to %s saved"), draft->ref);
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->saved_id, message);
  gtk_window_close (GTK_WINDOW (self));
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_incident_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_INCIDENT_DIALOG);

  G_OBJECT_CLASS (psems_incident_dialog_parent_class)->dispose (object);
}

static void
psems_incident_dialog_finalize (GObject *object)
{
  PsemsIncidentDialog *self = PSEMS_INCIDENT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->loaded, psems_incident_free);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_pointer (&self->evidence_paths, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (psems_incident_dialog_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PsemsIncidentDialog, name)

static void
psems_incident_dialog_class_init (PsemsIncidentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_incident_dialog_dispose;
  object_class->finalize = psems_incident_dialog_finalize;

  /**
   * PsemsIncidentDialog::saved:
   * @id: the incident written
   * @message: what was done, for a toast
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-incident-dialog.ui");
  BIND (window_title);
  BIND (save_button);
  BIND (error_label);
  BIND (facility_group);
  BIND (facility_row);
  BIND (facility_problem);
  BIND (kind_row);
  BIND (kind_problem);
  BIND (title_row);
  BIND (title_problem);
  BIND (location_row);
  BIND (location_problem);
  BIND (description_row);
  BIND (description_problem);
  BIND (occurred_row);
  BIND (occurred_problem);
  BIND (aware_row);
  BIND (aware_problem);
  BIND (zone_row);
  BIND (zone_problem);
  BIND (level_row);
  BIND (level_problem);
  BIND (reported_by_row);
  BIND (reported_by_problem);
  BIND (reported_to_row);
  BIND (reported_to_problem);
  BIND (response_row);
  BIND (response_problem);
  BIND (significant_switch);
  BIND (cyber_switch);
  BIND (controls_box);
  BIND (controls_problem);
  BIND (evidence_group);
  BIND (evidence_list);

  gtk_widget_class_install_action (widget_class, "incident.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "incident.add-evidence", NULL,
                                   add_evidence_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "incident.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "incident.save", NULL);
}

#undef BIND

static void
psems_incident_dialog_init (PsemsIncidentDialog *self)
{
  const char *levels[] = { N_("From history"), N_("Level 1 (normal)"),
                           N_("Level 2 (heightened)"), N_("Level 3 (exceptional)"), NULL };
  g_autoptr(GtkStringList) level_names = gtk_string_list_new (NULL);
  GListModel *kinds;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) control_choice_free);
  self->evidence_paths = g_ptr_array_new_with_free_func (g_free);

  kinds = psems_ui_new_label_model (psems_incident_kinds (), psems_incident_kind_label);
  adw_combo_row_set_model (self->kind_row, kinds);
  g_object_unref (kinds);
  adw_combo_row_set_selected (self->kind_row, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; levels[i] != NULL; i++)
    gtk_string_list_append (level_names, _(levels[i]));
  adw_combo_row_set_model (self->level_row, G_LIST_MODEL (level_names));

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      GtkWidget *row = FIELD_ROW (self, &form_fields[i]);

      g_object_set_data (G_OBJECT (row), "psems-field", (gpointer) form_fields[i].field);
      if (ADW_IS_ENTRY_ROW (row))
        g_signal_connect (row, "notify::text", G_CALLBACK (field_changed_cb), self);
      else if (ADW_IS_COMBO_ROW (row) && row != GTK_WIDGET (self->facility_row))
        g_signal_connect (row, "notify::selected", G_CALLBACK (field_changed_cb), self);
    }
  g_signal_connect_swapped (self->significant_switch, "notify::active",
                            G_CALLBACK (switch_changed_cb), self);
  g_signal_connect_swapped (self->cyber_switch, "notify::active",
                            G_CALLBACK (switch_changed_cb), self);
  g_signal_connect_swapped (self->facility_row, "notify::selected",
                            G_CALLBACK (facility_chosen_cb), self);
}

/**
 * psems_incident_dialog_new:
 *
 * A dialog that writes the incident through core and closes once done; it emits
 * #PsemsIncidentDialog::saved first. The store's `changed` signal tells the pages.
 */
PsemsIncidentDialog *
psems_incident_dialog_new (GtkWindow           *parent,
                           PsemsStore          *store,
                           PsemsActor          *actor,
                           const PsemsIncident *incident,
                           gint64               facility_id)
{
  PsemsIncidentDialog *self;
  g_autoptr(GArray) failed = NULL;
  g_autoptr(GArray) worked = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  self = g_object_new (PSEMS_TYPE_INCIDENT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  self->facility_id = incident != NULL ? incident->facility_id : facility_id;
  self->filling = TRUE;

  if (incident != NULL)
    {
      self->loaded = psems_incident_get (store, incident->id, NULL, &error);
      if (self->loaded == NULL)
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
          g_clear_error (&error);
        }
    }

  /* The facilities' zones and levels serve the defaults; the list is offered only when choosing. */
  self->facilities = psems_facility_list (store, FALSE, &error);
  if (self->facilities == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      self->facilities = g_ptr_array_new ();
      g_clear_error (&error);
    }
  g_ptr_array_set_free_func (self->facilities, (GDestroyNotify) psems_facility_free);
  if (incident == NULL && facility_id == 0)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      for (guint i = 0; i < self->facilities->len; i++)
        {
          PsemsFacility *facility = g_ptr_array_index (self->facilities, i);
          /* Translators: a facility's code and name: "NHV-CT — Nordhaven Container Terminal" */
          g_autofree char *label = g_strdup_printf (_("%s — %s"), facility->code, facility->name);

          gtk_string_list_append (names, label);
        }
      self->choosing = TRUE;
      adw_combo_row_set_model (self->facility_row, G_LIST_MODEL (names));
      adw_combo_row_set_selected (self->facility_row, GTK_INVALID_LIST_POSITION);
      gtk_widget_set_visible (self->facility_group, TRUE);
    }
  else
    {
      /* Recording for a given facility: no choice to offer. */
      g_clear_pointer (&self->facilities, g_ptr_array_unref);
      self->facilities = psems_facility_list (store, TRUE, NULL);
      if (self->facilities != NULL)
        g_ptr_array_set_free_func (self->facilities, (GDestroyNotify) psems_facility_free);
      gtk_widget_set_visible (self->facility_group, FALSE);
    }

  if (self->loaded != NULL)
    {
      PsemsIncident *i = self->loaded;
      g_autoptr(GTimeZone) zone = NULL;
      g_autofree char *occurred = NULL;
      g_autofree char *aware = NULL;
      g_autoptr(GPtrArray) controls = NULL;

      adw_window_title_set_title (self->window_title, _("Edit Incident"));
      adw_window_title_set_subtitle (self->window_title, i->ref);
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->zone_row), i->time_zone);
      zone = typed_zone (self);
      occurred = format_stamp_in (i->occurred_at, zone);
      aware = format_stamp_in (i->aware_at, zone);
      adw_combo_row_set_selected (self->kind_row, psems_ui_id_position (psems_incident_kinds (), i->kind,
                                                                        GTK_INVALID_LIST_POSITION));
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), i->title != NULL ? i->title : "");
      gtk_editable_set_text (GTK_EDITABLE (self->location_row),
                             i->location != NULL ? i->location : "");
      gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                             i->description != NULL ? i->description : "");
      gtk_editable_set_text (GTK_EDITABLE (self->occurred_row), occurred);
      gtk_editable_set_text (GTK_EDITABLE (self->aware_row), aware);
      adw_combo_row_set_selected (self->level_row, (guint) CLAMP (i->security_level, 0, 3));
      gtk_editable_set_text (GTK_EDITABLE (self->reported_by_row),
                             i->reported_by != NULL ? i->reported_by : "");
      gtk_editable_set_text (GTK_EDITABLE (self->reported_to_row),
                             i->reported_to != NULL ? i->reported_to : "");
      gtk_editable_set_text (GTK_EDITABLE (self->response_row),
                             i->response != NULL ? i->response : "");
      gtk_switch_set_active (self->significant_switch, i->significant);
      gtk_switch_set_active (self->cyber_switch, i->cyber_reportable);

      failed = g_array_new (FALSE, FALSE, sizeof (gint64));
      worked = g_array_new (FALSE, FALSE, sizeof (gint64));
      controls = psems_incident_list_controls (store, i->id, &error);
      if (controls != NULL)
        g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_incident_control_free);
      for (guint k = 0; controls != NULL && k < controls->len; k++)
        {
          PsemsIncidentControl *control = g_ptr_array_index (controls, k);

          g_array_append_val (g_str_equal (control->outcome, "failed") ? failed : worked,
                              control->control_id);
        }
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Record Incident"));
      gtk_button_set_label (self->save_button, _("_Record"));
      set_default_zone (self);
      gtk_editable_set_text (GTK_EDITABLE (self->occurred_row),
                             gtk_editable_get_text (GTK_EDITABLE (self->aware_row)));
    }
  fill_controls (self, failed, worked);
  fill_evidence (self);
  self->filling = FALSE;
  update_level_hint (self);
  update_problems (self);
  return self;
}

gint64
psems_incident_dialog_get_saved_id (PsemsIncidentDialog *self)
{
  g_return_val_if_fail (PSEMS_IS_INCIDENT_DIALOG (self), 0);
  return self->saved_id;
}
