/* psems-control-dialog.c — adds or edits a control: its layer, domain, function, status, tests, regulations and plan elements. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-control-dialog.h"
#include "psems-facility.h"
#include "psems-plan.h"
#include "psems-problem-row.h"
#include "psems-ui-util.h"

struct _PsemsControlDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *save_button;
  GtkLabel *state_label;
  GtkLabel *error_label;
  GtkWidget *facility_group;
  AdwComboRow *facility_row;
  GtkWidget *facility_problem;
  AdwEntryRow *name_row;
  GtkWidget *name_problem;
  AdwEntryRow *description_row;
  GtkWidget *description_problem;
  AdwEntryRow *owner_row;
  GtkWidget *owner_problem;
  AdwComboRow *layer_row;
  GtkWidget *layer_problem;
  AdwComboRow *domain_row;
  GtkWidget *domain_problem;
  AdwComboRow *function_row;
  GtkWidget *function_problem;
  AdwComboRow *status_row;
  GtkWidget *status_problem;
  AdwActionRow *effectiveness_row;
  GtkSpinButton *effectiveness_spin;
  GtkWidget *effectiveness_problem;
  AdwActionRow *interval_row;
  GtkSpinButton *interval_spin;
  GtkWidget *interval_problem;
  AdwEntryRow *tested_row;
  GtkWidget *tested_problem;
  GtkListBox *regulation_list;
  AdwEntryRow *regulation_entry;
  GtkWidget *regulations_problem;
  GtkWidget *elements_group;
  GtkListBox *element_list;
  GtkWidget *elements_problem;

  PsemsStore *store;
  PsemsActor *actor;
  PsemsControl *loaded;        /* the control edited; NULL while adding one */
  GPtrArray *facilities;       /* PsemsFacility the user may choose from (adding, all facilities) */
  GPtrArray *layers;           /* PsemsLayer of the chosen facility, outside in */
  GPtrArray *regulations;      /* char *, as the form has them */
  GPtrArray *elements;         /* ElementChoice, as the form shows them */
  GHashTable *touched;         /* fields the user has been in */
  char *error_field;           /* a field core refused on the last save … */
  char *error_message;         /* … and why, shown until the field is edited */
  gint64 facility_id;
  gint64 saved_id;
  gboolean filling;
  gboolean save_attempted;
};

G_DEFINE_FINAL_TYPE (PsemsControlDialog, psems_control_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *key;
  char *title;
  char *reference;
  gboolean linked;
} ElementChoice;

static void
element_choice_free (ElementChoice *choice)
{
  g_free (choice->key);
  g_free (choice->title);
  g_free (choice->reference);
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
  { name, G_STRUCT_OFFSET (PsemsControlDialog, row), G_STRUCT_OFFSET (PsemsControlDialog, problem) }

static const Field form_fields[] = {
  FIELD ("facility_id", facility_row, facility_problem),
  FIELD ("name", name_row, name_problem),
  FIELD ("description", description_row, description_problem),
  FIELD ("owner", owner_row, owner_problem),
  FIELD ("layer_id", layer_row, layer_problem),
  FIELD ("domain", domain_row, domain_problem),
  FIELD ("function", function_row, function_problem),
  FIELD ("status", status_row, status_problem),
  FIELD ("effectiveness", effectiveness_row, effectiveness_problem),
  FIELD ("test_interval_days", interval_row, interval_problem),
  FIELD ("last_tested_on", tested_row, tested_problem),
  FIELD ("regulations", regulation_entry, regulations_problem),
  FIELD ("plan_elements", element_list, elements_problem),
};

static const char * const field_names[] = {
  "facility_id", "name", "description", "owner", "layer_id", "domain", "function", "status",
  "effectiveness", "test_interval_days", "last_tested_on", "regulations", "plan_elements", NULL
};

#define FIELD_ROW(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->row_offset))
#define FIELD_PROBLEM(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->problem_offset))

/* Core names some fields in more than one way; the form shows them in one place. */
static const char *
canonical_field (const char *field)
{
  if (g_strcmp0 (field, "layer") == 0)
    return "layer_id";
  if (g_strcmp0 (field, "facility") == 0)
    return "facility_id";
  if (g_strcmp0 (field, "test_interval") == 0)
    return "test_interval_days";
  if (g_strcmp0 (field, "last_tested") == 0 || g_strcmp0 (field, "tested_on") == 0)
    return "last_tested_on";
  if (g_strcmp0 (field, "regulation") == 0)
    return "regulations";
  if (g_strcmp0 (field, "plan_element") == 0)
    return "plan_elements";
  return field;
}

/* ───────────────────────────── reading the form ───────────────────────────── */

static gint64
chosen_facility_id (PsemsControlDialog *self)
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

static char *
dup_entry (AdwEntryRow *row)
{
  return psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));
}

/* Returns: (transfer full): the control as the form has it, on top of what was loaded */
static PsemsControl *
read_form (PsemsControlDialog *self)
{
  PsemsControl *control = self->loaded != NULL ? psems_control_copy (self->loaded)
                                               : psems_control_new ();
  guint layer = adw_combo_row_get_selected (self->layer_row);
  g_autoptr(GStrvBuilder) regulations = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) elements = g_strv_builder_new ();

  control->facility_id = chosen_facility_id (self);
  g_free (control->name);
  control->name = dup_entry (self->name_row);
  g_free (control->description);
  control->description = dup_entry (self->description_row);
  g_free (control->owner);
  control->owner = dup_entry (self->owner_row);
  control->layer_id = self->layers != NULL && layer < self->layers->len
                      ? ((PsemsLayer *) g_ptr_array_index (self->layers, layer))->id : 0;
  g_free (control->domain);
  control->domain = g_strdup (psems_ui_id_at (psems_control_domains (),
                                     adw_combo_row_get_selected (self->domain_row)));
  g_free (control->function);
  control->function = g_strdup (psems_ui_id_at (psems_control_functions (),
                                       adw_combo_row_get_selected (self->function_row)));
  g_free (control->status);
  control->status = g_strdup (psems_ui_id_at (psems_control_statuses (),
                                     adw_combo_row_get_selected (self->status_row)));
  /* The spin buttons clamp what they show; read what was typed, so 150 is refused, not 100. */
  control->effectiveness = atoi (gtk_editable_get_text (GTK_EDITABLE (self->effectiveness_spin)));
  control->test_interval_days = atoi (gtk_editable_get_text (GTK_EDITABLE (self->interval_spin)));
  g_free (control->last_tested_on);
  control->last_tested_on = dup_entry (self->tested_row);

  for (guint i = 0; i < self->regulations->len; i++)
    g_strv_builder_add (regulations, g_ptr_array_index (self->regulations, i));
  g_strfreev (control->regulations);
  control->regulations = g_strv_builder_end (regulations);
  for (guint i = 0; i < self->elements->len; i++)
    {
      ElementChoice *choice = g_ptr_array_index (self->elements, i);

      if (choice->linked)
        g_strv_builder_add (elements, choice->key);
    }
  g_strfreev (control->plan_elements);
  control->plan_elements = g_strv_builder_end (elements);
  return control;
}

/* Problems the form itself sees before core does: text where a number or a date belongs. */
static void
add_form_problems (PsemsControlDialog *self,
                   GPtrArray          *problems)
{
  const char *effectiveness = gtk_editable_get_text (GTK_EDITABLE (self->effectiveness_spin));
  const char *interval = gtk_editable_get_text (GTK_EDITABLE (self->interval_spin));
  const char *tested = gtk_editable_get_text (GTK_EDITABLE (self->tested_row));
  guint64 number;

  if (psems_ui_find_problem (problems, "effectiveness") == NULL
      && !g_ascii_string_to_unsigned (effectiveness, 10, 0, 100, &number, NULL))
    psems_field_problems_add (problems, "effectiveness",
                              _("Give the effectiveness as a whole number from 0 to 100"));
  if (psems_ui_find_problem (problems, "test_interval_days") == NULL
      && !g_ascii_string_to_unsigned (interval, 10, 0, G_MAXINT, &number, NULL))
    psems_field_problems_add (problems, "test_interval_days",
                              _("Give the interval as a whole number of days, 0 for none"));
  if (psems_ui_find_problem (problems, "last_tested_on") == NULL && *tested != '\0')
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      if (!psems_ui_parse_date (tested, &date, &error))
        psems_field_problems_add (problems, "last_tested_on", "%s", error->message);
    }
  if (self->loaded == NULL && chosen_facility_id (self) == 0)
    psems_field_problems_add (problems, "facility_id",
                              _("Choose the facility the control protects"));
}

static GPtrArray *
validate (PsemsControlDialog *self)
{
  g_autoptr(PsemsControl) draft = read_form (self);
  GPtrArray *problems = psems_control_validate (self->store, draft);

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
update_problems (PsemsControlDialog *self)
{
  g_autoptr(GPtrArray) problems = validate (self);
  g_autofree char *other = NULL;
  guint n_shown = 0;

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      const Field *f = &form_fields[i];
      const char *message = find_problem (problems, f->field);

      if (message == NULL && g_strcmp0 (self->error_field, f->field) == 0)
        message = self->error_message;
      /* A new form is not wrong yet: only fields the user has been in, or all after Save. */
      if (!self->save_attempted && !g_hash_table_contains (self->touched, f->field))
        message = NULL;
      /* Layers come with the facility: until one is chosen, the facility's problem says it all. */
      if (g_str_equal (f->field, "layer_id") && chosen_facility_id (self) == 0)
        message = NULL;
      if (message != NULL)
        n_shown++;
      psems_ui_set_field_problem (FIELD_ROW (self, f), FIELD_PROBLEM (self, f), message);
    }

  /* What core finds in a field the form does not show must not go unseen. */
  for (guint i = 0; self->save_attempted && i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (!g_strv_contains (field_names, canonical_field (problem->field)))
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

static void
update_state_label (PsemsControlDialog *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->loaded == NULL)
    {
      gtk_label_set_text (self->state_label,
                          _("A name, a layer, a domain and a function are all it needs; "
                            "the rest can follow."));
      return;
    }
  if (self->loaded->degraded)
    {
      g_string_append (text, _("Degraded: it stops no threat until it is tested and its "
                               "findings are closed."));
      g_string_append_c (text, ' ');
    }
  if (self->loaded->test_due_on != NULL)
    {
      g_autofree char *due = psems_ui_format_date (self->loaded->test_due_on);

      if (self->loaded->test_overdue)
        /* Translators: %s is a date */
        g_string_append_printf (text, _("Test overdue since %s."), due);
      else
        /* Translators: %s is a date */
        g_string_append_printf (text, _("Next test due %s."), due);
    }
  else if (self->loaded->test_overdue)
    {
      g_string_append (text, _("Never tested."));
    }
  if (self->loaded->open_findings > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d open finding against it.",
                                                 "%d open findings against it.",
                                                 self->loaded->open_findings),
                              self->loaded->open_findings);
    }
  gtk_label_set_text (self->state_label, text->str);
  if (self->loaded->degraded)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");
}

static void
form_changed (PsemsControlDialog *self,
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
                  PsemsControlDialog *self)
{
  form_changed (self, g_object_get_data (row, "psems-field"));
}

static void
spin_changed_cb (GtkEditable        *editable,
                 PsemsControlDialog *self)
{
  form_changed (self, g_object_get_data (G_OBJECT (editable), "psems-field"));
}

/* ───────────────────────────── lists in the form ───────────────────────────── */

static void
fill_layers (PsemsControlDialog *self,
             gint64              keep_layer_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 facility_id = chosen_facility_id (self);
  guint selected = 0;

  g_clear_pointer (&self->layers, g_ptr_array_unref);
  /* A facility without layers gets the usual rings, so the control has somewhere to go. */
  if (facility_id != 0 && !psems_layers_ensure_default (self->store, self->actor, facility_id,
                                                        &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      g_clear_error (&error);
    }
  if (facility_id != 0)
    {
      self->layers = psems_layer_list (self->store, facility_id, &error);
      if (self->layers == NULL)
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      else
        {
          g_ptr_array_set_free_func (self->layers, (GDestroyNotify) psems_layer_free);
        }
    }
  for (guint i = 0; self->layers != NULL && i < self->layers->len; i++)
    {
      PsemsLayer *layer = g_ptr_array_index (self->layers, i);
      /* Translators: a layer's position outside in, then its name: "1 · Perimeter" */
      g_autofree char *label = g_strdup_printf (_("%d · %s"), layer->position, layer->name);

      gtk_string_list_append (names, label);
      if (layer->id == keep_layer_id)
        selected = i;
    }
  adw_combo_row_set_model (self->layer_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->layer_row, selected);
}

static void
remove_regulation_cb (GtkButton          *button,
                      PsemsControlDialog *self);

static void
fill_regulations (PsemsControlDialog *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->regulation_list));

  /* Every row but the entry at the end goes; then one row a code. */
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (GTK_IS_LIST_BOX_ROW (child) && child != GTK_WIDGET (self->regulation_entry))
        gtk_list_box_remove (self->regulation_list, child);
      child = next;
    }
  for (guint i = 0; i < self->regulations->len; i++)
    {
      const char *code = g_ptr_array_index (self->regulations, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *tooltip = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), code);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      /* Translators: %s is a regulation reference such as "ISPS A/16.3.2" */
      tooltip = g_strdup_printf (_("Remove %s"), code);
      gtk_widget_set_tooltip_text (remove, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tooltip, -1);
      g_object_set_data_full (G_OBJECT (remove), "psems-code", g_strdup (code), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_regulation_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_insert (self->regulation_list, row, (int) i);
    }
}

static void
remove_regulation_cb (GtkButton          *button,
                      PsemsControlDialog *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "psems-code");

  for (guint i = 0; i < self->regulations->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->regulations, i), code) == 0)
      {
        g_ptr_array_remove_index (self->regulations, i);
        break;
      }
  fill_regulations (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->regulation_entry));
  form_changed (self, "regulations");
}

static void
add_regulation (PsemsControlDialog *self)
{
  g_autofree char *code = dup_entry (self->regulation_entry);

  if (code == NULL)
    return;
  for (guint i = 0; i < self->regulations->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->regulations, i), code) == 0)
      {
        gtk_editable_set_text (GTK_EDITABLE (self->regulation_entry), "");
        return;
      }
  g_ptr_array_add (self->regulations, g_steal_pointer (&code));
  gtk_editable_set_text (GTK_EDITABLE (self->regulation_entry), "");
  fill_regulations (self);
  form_changed (self, "regulations");
}

static void
element_toggled_cb (GtkCheckButton     *check,
                    PsemsControlDialog *self)
{
  ElementChoice *choice = g_object_get_data (G_OBJECT (check), "psems-choice");

  choice->linked = gtk_check_button_get_active (check);
  form_changed (self, "plan_elements");
}

/* The elements of the facility's newest plan version, each ticked when the control serves it;
 * keys the control names that the plan no longer has stay listed, so saving does not drop them. */
static void
fill_elements (PsemsControlDialog *self,
               const char * const *linked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  gint64 facility_id = chosen_facility_id (self);
  PsemsPlan *newest = NULL;

  g_ptr_array_set_size (self->elements, 0);
  psems_ui_clear_list_box (self->element_list);

  if (facility_id != 0)
    plans = psems_plan_list (self->store, facility_id, &error);
  if (plans != NULL)
    g_ptr_array_set_free_func (plans, (GDestroyNotify) psems_plan_free);
  for (guint i = 0; plans != NULL && i < plans->len; i++)
    {
      PsemsPlan *plan = g_ptr_array_index (plans, i);

      if (newest == NULL || plan->version > newest->version)
        newest = plan;
    }
  if (newest != NULL)
    {
      g_autoptr(GPtrArray) elements = psems_plan_list_elements (self->store, newest->id, &error);

      if (elements != NULL)
        g_ptr_array_set_free_func (elements, (GDestroyNotify) psems_plan_element_free);
      for (guint i = 0; elements != NULL && i < elements->len; i++)
        {
          PsemsPlanElement *element = g_ptr_array_index (elements, i);
          ElementChoice *choice = g_new0 (ElementChoice, 1);

          choice->key = g_strdup (element->key);
          choice->title = g_strdup (element->title);
          choice->reference = g_strdup (element->reference);
          choice->linked = linked != NULL && g_strv_contains (linked, element->key);
          g_ptr_array_add (self->elements, choice);
        }
    }
  for (guint i = 0; linked != NULL && linked[i] != NULL; i++)
    {
      gboolean listed = FALSE;

      for (guint j = 0; j < self->elements->len && !listed; j++)
        listed = g_str_equal (((ElementChoice *) g_ptr_array_index (self->elements, j))->key,
                              linked[i]);
      if (!listed)
        {
          ElementChoice *choice = g_new0 (ElementChoice, 1);

          choice->key = g_strdup (linked[i]);
          choice->linked = TRUE;
          g_ptr_array_add (self->elements, choice);
        }
    }

  for (guint i = 0; i < self->elements->len; i++)
    {
      ElementChoice *choice = g_ptr_array_index (self->elements, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     choice->title != NULL ? choice->title : choice->key);
      if (choice->title == NULL)
        subtitle = g_strdup (_("Not in the facility's current plan"));
      else if (choice->reference != NULL)
        subtitle = g_strdup_printf ("%s · %s", choice->reference, choice->key);
      else
        subtitle = g_strdup (choice->key);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), choice->linked);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (check), "psems-choice", choice);
      gtk_widget_set_name (check, choice->key);
      g_signal_connect (check, "toggled", G_CALLBACK (element_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->element_list, row);
    }
  psems_ui_set_empty_text (self->element_list,
                           facility_id == 0 ? _("Choose the facility first")
                                            : _("The facility has no security plan yet"));
}

static void
facility_chosen_cb (PsemsControlDialog *self)
{
  g_autoptr(PsemsControl) draft = NULL;

  if (self->filling)
    return;
  draft = read_form (self);
  self->filling = TRUE;
  fill_layers (self, 0);
  fill_elements (self, (const char * const *) draft->plan_elements);
  self->filling = FALSE;
  form_changed (self, "facility_id");
}

/* ───────────────────────────── actions ───────────────────────────── */

static void
show_error (PsemsControlDialog *self,
            const GError       *error)
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
    if (g_str_equal (form_fields[i].field, self->error_field))
      gtk_widget_grab_focus (FIELD_ROW (self, &form_fields[i]));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsControlDialog *self = PSEMS_CONTROL_DIALOG (widget);
  g_autoptr(PsemsControl) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  /* A reference typed but not yet added is surely meant to be. */
  add_regulation (self);

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
  if (self->loaded == NULL)
    {
      g_autofree char *ref = NULL;
      gint64 id = psems_control_create (self->store, self->actor, draft, &ref, &error);

      if (id <= 0)
        {
          show_error (self, error);
          return;
        }
      self->saved_id = id;
      /* Translators: the first %s is a control's name, the second its new reference */
      message = g_strdup_printf (_("%s added as %s"), draft->name, ref != NULL ? ref : "");
    }
  else
    {
      if (!psems_control_update (self->store, self->actor, draft, &error))
        {
          show_error (self, error);
          return;
        }
      self->saved_id = draft->id;
      /* Translators: %s is a control's name */
      message = g_strdup_printf (_("Changes to %s saved"), draft->name);
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->saved_id, message);
  gtk_window_close (GTK_WINDOW (self));
}

static void
tested_today_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsControlDialog *self = PSEMS_CONTROL_DIALOG (widget);
  g_autofree char *today = psems_ui_dup_today_text ();

  gtk_editable_set_text (GTK_EDITABLE (self->tested_row), today);
}

static void
regulation_apply_cb (PsemsControlDialog *self)
{
  add_regulation (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->regulation_entry));
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_control_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_CONTROL_DIALOG);

  G_OBJECT_CLASS (psems_control_dialog_parent_class)->dispose (object);
}

static void
psems_control_dialog_finalize (GObject *object)
{
  PsemsControlDialog *self = PSEMS_CONTROL_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->loaded, psems_control_free);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->regulations, g_ptr_array_unref);
  g_clear_pointer (&self->elements, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (psems_control_dialog_parent_class)->finalize (object);
}

static void
psems_control_dialog_class_init (PsemsControlDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_control_dialog_dispose;
  object_class->finalize = psems_control_dialog_finalize;

  /**
   * PsemsControlDialog::saved:
   * @id: the control written
   * @message: what was done, for a toast
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-control-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, state_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, facility_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, facility_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, facility_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, name_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, description_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, owner_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, owner_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, layer_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, layer_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, domain_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, domain_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, function_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, function_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, status_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, effectiveness_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, effectiveness_spin);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, effectiveness_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, interval_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, interval_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, tested_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, tested_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, regulation_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, regulation_entry);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, regulations_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, elements_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, element_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlDialog, elements_problem);

  gtk_widget_class_install_action (widget_class, "control.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "control.tested-today", NULL,
                                   tested_today_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "control.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "control.save", NULL);
}

static void
psems_control_dialog_init (PsemsControlDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  self->regulations = g_ptr_array_new_with_free_func (g_free);
  self->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) element_choice_free);

  adw_combo_row_set_model (self->domain_row,
                           psems_ui_new_label_model (psems_control_domains (), psems_control_domain_label));
  g_object_unref (adw_combo_row_get_model (self->domain_row));
  adw_combo_row_set_model (self->function_row,
                           psems_ui_new_label_model (psems_control_functions (),
                                            psems_control_function_label));
  g_object_unref (adw_combo_row_get_model (self->function_row));
  adw_combo_row_set_model (self->status_row,
                           psems_ui_new_label_model (psems_control_statuses (), psems_control_status_label));
  g_object_unref (adw_combo_row_get_model (self->status_row));

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      GtkWidget *row = FIELD_ROW (self, &form_fields[i]);

      g_object_set_data (G_OBJECT (row), "psems-field", (gpointer) form_fields[i].field);
      if (ADW_IS_ENTRY_ROW (row) && row != GTK_WIDGET (self->regulation_entry))
        g_signal_connect (row, "notify::text", G_CALLBACK (field_changed_cb), self);
      else if (ADW_IS_COMBO_ROW (row) && row != GTK_WIDGET (self->facility_row))
        g_signal_connect (row, "notify::selected", G_CALLBACK (field_changed_cb), self);
    }
  g_object_set_data (G_OBJECT (self->effectiveness_spin), "psems-field", "effectiveness");
  g_object_set_data (G_OBJECT (self->interval_spin), "psems-field", "test_interval_days");
  g_signal_connect (self->effectiveness_spin, "changed", G_CALLBACK (spin_changed_cb), self);
  g_signal_connect (self->interval_spin, "changed", G_CALLBACK (spin_changed_cb), self);
  g_signal_connect_swapped (self->facility_row, "notify::selected",
                            G_CALLBACK (facility_chosen_cb), self);
  g_signal_connect_swapped (self->regulation_entry, "apply", G_CALLBACK (regulation_apply_cb),
                            self);
  g_signal_connect_swapped (self->regulation_entry, "entry-activated",
                            G_CALLBACK (regulation_apply_cb), self);
}

/**
 * psems_control_dialog_new:
 *
 * A dialog that writes the control through core and closes once done; it emits
 * #PsemsControlDialog::saved first. The store's `changed` signal tells the pages.
 */
PsemsControlDialog *
psems_control_dialog_new (GtkWindow          *parent,
                          PsemsStore         *store,
                          PsemsActor         *actor,
                          const PsemsControl *control,
                          gint64              facility_id)
{
  PsemsControlDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  self = g_object_new (PSEMS_TYPE_CONTROL_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  self->facility_id = control != NULL ? control->facility_id : facility_id;
  self->loaded = control != NULL ? psems_control_copy (control) : NULL;

  self->filling = TRUE;
  if (control == NULL && facility_id == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      self->facilities = psems_facility_list (store, FALSE, &error);
      if (self->facilities == NULL)
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
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

  if (control != NULL)
    {
      g_autofree char *effectiveness = g_strdup_printf ("%d", control->effectiveness);
      g_autofree char *interval = g_strdup_printf ("%d", control->test_interval_days);

      adw_window_title_set_title (self->window_title, _("Edit Control"));
      adw_window_title_set_subtitle (self->window_title, control->ref);
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), control->name != NULL
                                                            ? control->name : "");
      gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                             control->description != NULL ? control->description : "");
      gtk_editable_set_text (GTK_EDITABLE (self->owner_row), control->owner != NULL
                                                             ? control->owner : "");
      adw_combo_row_set_selected (self->domain_row,
                                  psems_ui_id_position (psems_control_domains (), control->domain, 0));
      adw_combo_row_set_selected (self->function_row,
                                  psems_ui_id_position (psems_control_functions (), control->function, 0));
      adw_combo_row_set_selected (self->status_row,
                                  psems_ui_id_position (psems_control_statuses (), control->status, 0));
      gtk_spin_button_set_value (self->effectiveness_spin, control->effectiveness);
      gtk_editable_set_text (GTK_EDITABLE (self->effectiveness_spin), effectiveness);
      gtk_spin_button_set_value (self->interval_spin, control->test_interval_days);
      gtk_editable_set_text (GTK_EDITABLE (self->interval_spin), interval);
      gtk_editable_set_text (GTK_EDITABLE (self->tested_row),
                             control->last_tested_on != NULL ? control->last_tested_on : "");
      for (guint i = 0; control->regulations != NULL && control->regulations[i] != NULL; i++)
        g_ptr_array_add (self->regulations, g_strdup (control->regulations[i]));
      fill_layers (self, control->layer_id);
      fill_elements (self, (const char * const *) control->plan_elements);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("New Control"));
      gtk_button_set_label (self->save_button, _("_Add"));
      /* Most controls being added are in place already. */
      adw_combo_row_set_selected (self->status_row,
                                  psems_ui_id_position (psems_control_statuses (), "implemented", 0));
      gtk_spin_button_set_value (self->effectiveness_spin, 50);
      gtk_editable_set_text (GTK_EDITABLE (self->effectiveness_spin), "50");
      gtk_spin_button_set_value (self->interval_spin, 90);
      gtk_editable_set_text (GTK_EDITABLE (self->interval_spin), "90");
      fill_layers (self, 0);
      fill_elements (self, NULL);
    }
  fill_regulations (self);
  self->filling = FALSE;

  update_state_label (self);
  update_problems (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

gint64
psems_control_dialog_get_saved_id (PsemsControlDialog *self)
{
  g_return_val_if_fail (PSEMS_IS_CONTROL_DIALOG (self), 0);
  return self->saved_id;
}
