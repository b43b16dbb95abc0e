/* psems-threat-dialog.c — adds or edits a threat scenario and shows its residual risk as mitigating controls are chosen. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-adaptive-bin.h"
#include "psems-facility.h"
#include "psems-problem-row.h"
#include "psems-threat-dialog.h"
#include "psems-ui-util.h"

struct _PsemsThreatDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *save_button;
  GtkLabel *inherent_pill;
  GtkLabel *residual_pill;
  PsemsAdaptiveBin *assessment_fold;
  GtkBox *assessment_bar;
  GtkLabel *path_label;
  GtkLabel *error_label;
  GtkWidget *facility_group;
  AdwComboRow *facility_row;
  GtkWidget *facility_problem;
  AdwEntryRow *name_row;
  GtkWidget *name_problem;
  AdwEntryRow *target_row;
  GtkWidget *target_problem;
  AdwEntryRow *description_row;
  GtkWidget *description_problem;
  AdwComboRow *likelihood_row;
  GtkWidget *likelihood_problem;
  AdwComboRow *consequence_row;
  GtkWidget *consequence_problem;
  GtkLabel *controls_problem;
  GtkBox *mitigation_box;

  PsemsStore *store;
  PsemsActor *actor;
  PsemsThreat *loaded;          /* the scenario edited; NULL while adding one */
  PsemsRiskMatrix *matrix;
  GPtrArray *facilities;        /* PsemsFacility to choose from (adding, all facilities) */
  GPtrArray *layers;            /* PsemsLayer of the scenario's facility, outside in */
  GPtrArray *controls;          /* PsemsControl of that facility */
  GHashTable *mitigating;       /* control ids (gint64 *) ticked */
  GHashTable *checks;           /* control id → its GtkCheckButton */
  GPtrArray *layer_groups;      /* AdwPreferencesGroup per layer, as layers */
  GHashTable *touched;
  char *inherent_name;
  char *residual_name;
  char *error_field;
  char *error_message;
  gint64 facility_id;
  gint64 saved_id;
  gboolean filling;
  gboolean save_attempted;
};

G_DEFINE_FINAL_TYPE (PsemsThreatDialog, psems_threat_dialog, ADW_TYPE_WINDOW)

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
} Field;

#define FIELD(name, row, problem) \
  { name, G_STRUCT_OFFSET (PsemsThreatDialog, row), G_STRUCT_OFFSET (PsemsThreatDialog, problem) }

static const Field form_fields[] = {
  FIELD ("facility_id", facility_row, facility_problem),
  FIELD ("name", name_row, name_problem),
  FIELD ("target", target_row, target_problem),
  FIELD ("description", description_row, description_problem),
  FIELD ("likelihood", likelihood_row, likelihood_problem),
  FIELD ("consequence", consequence_row, consequence_problem),
};

static const char * const field_names[] = {
  "facility_id", "name", "target", "description", "likelihood", "consequence", "control_ids", NULL
};

#define FIELD_ROW(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->row_offset))
#define FIELD_PROBLEM(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->problem_offset))

static const char *
canonical_field (const char *field)
{
  if (g_strcmp0 (field, "facility") == 0)
    return "facility_id";
  if (g_strcmp0 (field, "controls") == 0 || g_strcmp0 (field, "control_id") == 0
      || g_strcmp0 (field, "mitigations") == 0)
    return "control_ids";
  return field;
}

/* ───────────────────────────── risk colours ───────────────────────────── */

/* Black or white, whichever reads better on @colour. */
static const char *
text_colour_on (const char *colour)
{
  GdkRGBA rgba;
  double luminance;

  if (colour == NULL || !gdk_rgba_parse (&rgba, colour))
    return "inherit";
  luminance = 0.2126 * rgba.red + 0.7152 * rgba.green + 0.0722 * rgba.blue;
  return luminance > 0.55 ? "#1e1e1e" : "#ffffff";
}

void
psems_threat_dialog_set_risk_colours (GdkDisplay            *display,
                                      const PsemsRiskMatrix *matrix)
{
  GtkCssProvider *provider;
  g_autoptr(GString) css = g_string_new (NULL);

  g_return_if_fail (GDK_IS_DISPLAY (display));
  g_return_if_fail (matrix != NULL);

  provider = g_object_get_data (G_OBJECT (display), "psems-risk-css");
  if (provider == NULL)
    {
      provider = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
      g_object_set_data_full (G_OBJECT (display), "psems-risk-css", provider, g_object_unref);
    }
  for (guint i = 0; matrix->levels != NULL && i < matrix->levels->len; i++)
    {
      const PsemsRiskLevel *level = g_ptr_array_index (matrix->levels, i);
      GdkRGBA rgba;

      /* Only colours that parse: the stored text goes into a style sheet. */
      if (level->colour == NULL || !gdk_rgba_parse (&rgba, level->colour))
        continue;
      g_string_append_printf (css,
                              ".status-pill.risk-level-%u { background-color: %s; color: %s; }\n",
                              i, level->colour, text_colour_on (level->colour));
    }
  gtk_css_provider_load_from_data (provider, css->str, (gssize) css->len);
}

static void
set_level_pill (GtkLabel              *pill,
                const PsemsRiskMatrix *matrix,
                int                    level)
{
  const PsemsRiskLevel *risk = NULL;

  for (guint i = 0; i < 16; i++)
    {
      g_autofree char *name = g_strdup_printf ("risk-level-%u", i);

      gtk_widget_remove_css_class (GTK_WIDGET (pill), name);
    }
  if (matrix != NULL && level >= 0 && (guint) level < matrix->levels->len)
    risk = g_ptr_array_index (matrix->levels, level);
  if (risk == NULL)
    {
      gtk_label_set_text (pill, "—");
      return;
    }
  {
    g_autofree char *name = g_strdup_printf ("risk-level-%d", level);

    gtk_widget_add_css_class (GTK_WIDGET (pill), name);
  }
  gtk_label_set_text (pill, risk->name);
}

/* ───────────────────────────── reading the form ───────────────────────────── */

static gint64
chosen_facility_id (PsemsThreatDialog *self)
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

/* Returns: (transfer full): the scenario as the form has it, its mitigations in list order */
static PsemsThreat *
read_form (PsemsThreatDialog *self)
{
  PsemsThreat *threat = psems_threat_new ();

  if (self->loaded != NULL)
    {
      threat->id = self->loaded->id;
      threat->ref = g_strdup (self->loaded->ref);
      threat->pfsa_id = self->loaded->pfsa_id;
    }
  threat->facility_id = chosen_facility_id (self);
  threat->name = dup_entry (self->name_row);
  threat->target = dup_entry (self->target_row);
  threat->description = dup_entry (self->description_row);
  threat->likelihood = (int) adw_combo_row_get_selected (self->likelihood_row) + 1;
  threat->consequence = (int) adw_combo_row_get_selected (self->consequence_row) + 1;
  if (threat->control_ids == NULL)
    threat->control_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_set_size (threat->control_ids, 0);
  for (guint i = 0; self->controls != NULL && i < self->controls->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (self->controls, i);

      if (g_hash_table_contains (self->mitigating, &control->id))
        g_array_append_val (threat->control_ids, control->id);
    }
  return threat;
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

static char *
join_layer_names (PsemsThreatDialog *self,
                  GArray            *layer_ids)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; layer_ids != NULL && i < layer_ids->len; i++)
    {
      gint64 id = g_array_index (layer_ids, gint64, i);

      for (guint j = 0; self->layers != NULL && j < self->layers->len; j++)
        {
          PsemsLayer *layer = g_ptr_array_index (self->layers, j);

          if (layer->id == id)
            {
              if (text->len > 0)
                g_string_append (text, _(", "));
              g_string_append (text, layer->name);
            }
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The formula is core's: assess the scenario as the form has it, on every change. */
static void
update_assessment (PsemsThreatDialog *self)
{
  g_autoptr(PsemsThreat) draft = read_form (self);
  PsemsThreatAssessment assessment = { 0, };
  g_autofree char *inherent = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tooltip = NULL;
  const PsemsRiskLevel *level;

  if (self->matrix == NULL || self->layers == NULL || self->controls == NULL)
    {
      set_level_pill (self->inherent_pill, NULL, -1);
      set_level_pill (self->residual_pill, NULL, -1);
      gtk_label_set_text (self->path_label, _("Choose the facility to weigh its controls"));
      return;
    }

  psems_threat_assess (draft, self->layers, self->controls, self->matrix, &assessment);
  set_level_pill (self->inherent_pill, self->matrix, assessment.inherent_level);
  set_level_pill (self->residual_pill, self->matrix, assessment.residual_level);
  level = (guint) assessment.inherent_level < self->matrix->levels->len
          ? g_ptr_array_index (self->matrix->levels, assessment.inherent_level) : NULL;
  g_free (self->inherent_name);
  self->inherent_name = g_strdup (level != NULL ? level->name : NULL);
  level = (guint) assessment.residual_level < self->matrix->levels->len
          ? g_ptr_array_index (self->matrix->levels, assessment.residual_level) : NULL;
  g_free (self->residual_name);
  self->residual_name = g_strdup (level != NULL ? level->name : NULL);

  /* Translators: likelihood × consequence = score, e.g. "4 × 5 = 20" */
  inherent = g_strdup_printf (_("%d × %d = %d"), draft->likelihood, draft->consequence,
                              assessment.inherent_score);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->inherent_pill), inherent);
  /* Translators: the likelihood that remains after the layers, to one decimal, e.g. "1.4" */
  tooltip = g_strdup_printf (_("Likelihood after the layers: %.1f of %d"),
                             assessment.residual_likelihood, draft->likelihood);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->residual_pill), tooltip);

  gtk_widget_remove_css_class (GTK_WIDGET (self->path_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->path_label), "dim-label");
  if (assessment.stop_position == 0)
    {
      path = g_strdup (_("Passes every layer unopposed"));
      gtk_widget_add_css_class (GTK_WIDGET (self->path_label), "error");
    }
  else
    {
      g_autofree char *unopposed = join_layer_names (self, assessment.unopposed_layers);
      g_autofree char *stop = NULL;
      GArray *stop_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      g_array_append_val (stop_ids, assessment.stop_layer_id);
      stop = join_layer_names (self, stop_ids);
      g_array_unref (stop_ids);
      if (*unopposed != '\0')
        /* Translators: the first %s is a layer's name, the second a list of layers */
        path = g_strdup_printf (_("Stopped at %s · unopposed at: %s"), stop, unopposed);
      else
        /* Translators: %s is a layer's name */
        path = g_strdup_printf (_("Stopped at %s"), stop);
      gtk_widget_add_css_class (GTK_WIDGET (self->path_label), "dim-label");
    }
  gtk_label_set_text (self->path_label, path);

  /* Each layer says what it takes off the likelihood. */
  for (guint i = 0; i < self->layer_groups->len && assessment.best_per_layer != NULL; i++)
    {
      AdwPreferencesGroup *group = g_ptr_array_index (self->layer_groups, i);
      int best = i < assessment.best_per_layer->len
                 ? g_array_index (assessment.best_per_layer, int, i) : 0;
      g_autofree char *text = NULL;

      if (best > 0)
        /* Translators: %d is a percentage */
        text = g_strdup_printf (_("Best effective control here: %d %%"), best);
      else
        text = g_strdup (_("Nothing effective here: the scenario passes this layer"));
      adw_preferences_group_set_description (group, text);
    }
  psems_threat_assessment_clear (&assessment);
}

static guint
update_problems (PsemsThreatDialog *self)
{
  g_autoptr(PsemsThreat) draft = read_form (self);
  g_autoptr(GPtrArray) problems = psems_threat_validate (self->store, draft);
  const char *controls;
  guint n;

  if (problems == NULL)
    problems = psems_field_problems_new ();
  if (self->loaded == NULL && chosen_facility_id (self) == 0
      && find_problem (problems, "facility_id") == NULL)
    psems_field_problems_add (problems, "facility_id",
                              _("Choose the facility the scenario threatens"));

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      const Field *f = &form_fields[i];
      const char *message = find_problem (problems, f->field);

      if (message == NULL && g_strcmp0 (self->error_field, f->field) == 0)
        message = self->error_message;
      if (!self->save_attempted && !g_hash_table_contains (self->touched, f->field))
        message = NULL;
      psems_ui_set_field_problem (FIELD_ROW (self, f), FIELD_PROBLEM (self, f), message);
    }
  controls = find_problem (problems, "control_ids");
  if (controls == NULL && g_strcmp0 (self->error_field, "control_ids") == 0)
    controls = self->error_message;
  gtk_label_set_text (self->controls_problem, controls != NULL ? controls : "");
  gtk_widget_set_visible (GTK_WIDGET (self->controls_problem), controls != NULL);

  for (guint i = 0; self->save_attempted && i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (!g_strv_contains (field_names, canonical_field (problem->field)))
        {
          g_autofree char *text = g_strdup_printf ("%s: %s", problem->field, problem->message);

          gtk_label_set_text (self->error_label, text);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          break;
        }
    }
  n = problems->len;
  return n;
}

static void
form_changed (PsemsThreatDialog *self,
              const char        *field)
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
  update_assessment (self);
}

static void
field_changed_cb (GObject           *row,
                  GParamSpec        *pspec,
                  PsemsThreatDialog *self)
{
  form_changed (self, g_object_get_data (row, "psems-field"));
}

/* ───────────────────────────── mitigating controls ───────────────────────────── */

static void
mitigation_toggled_cb (GtkCheckButton    *check,
                       PsemsThreatDialog *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (check), "psems-id");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->mitigating, g_memdup2 (id, sizeof *id));
  else
    g_hash_table_remove (self->mitigating, id);
  form_changed (self, "control_ids");
}

static char *
describe_control (const PsemsControl *control)
{
  const char *status = psems_control_status_label (control->status);
  const char *function = psems_control_function_label (control->function);
  g_autofree char *state = NULL;

  if (control->degraded)
    state = g_strdup (_("degraded: does not count"));
  else if (!control->effective)
    state = g_strdup (_("not effective: does not count"));
  else
    /* Translators: a control's effectiveness, e.g. "80 %" */
    state = g_strdup_printf (_("%d %%"), control->effectiveness);
  /* Translators: reference · function · status · effectiveness or why it does not count */
  return g_strdup_printf (_("%s · %s · %s · %s"), control->ref,
                          function != NULL ? function : control->function,
                          status != NULL ? status : control->status, state);
}

static void
fill_mitigations (PsemsThreatDialog *self)
{
  GtkWidget *child;
  g_autoptr(GError) error = NULL;
  gint64 facility_id = chosen_facility_id (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->mitigation_box))) != NULL)
    gtk_box_remove (self->mitigation_box, child);
  g_ptr_array_set_size (self->layer_groups, 0);
  g_hash_table_remove_all (self->checks);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->controls, g_ptr_array_unref);
  if (facility_id == 0)
    return;

  self->layers = psems_layer_list (self->store, facility_id, &error);
  if (self->layers != NULL)
    {
      g_ptr_array_set_free_func (self->layers, (GDestroyNotify) psems_layer_free);
      self->controls = psems_control_list (self->store, facility_id, NULL, &error);
      if (self->controls != NULL)
        g_ptr_array_set_free_func (self->controls, (GDestroyNotify) psems_control_free);
    }
  if (self->layers == NULL || self->controls == NULL)
    {
      g_clear_pointer (&self->layers, g_ptr_array_unref);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  for (guint i = 0; i < self->layers->len; i++)
    {
      PsemsLayer *layer = g_ptr_array_index (self->layers, i);
      GtkWidget *group = adw_preferences_group_new ();
      /* Translators: a layer's position outside in, then its name: "1 · Perimeter" */
      g_autofree char *title = g_strdup_printf (_("%d · %s"), layer->position, layer->name);
      guint n = 0;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      for (guint j = 0; j < self->controls->len; j++)
        {
          PsemsControl *control = g_ptr_array_index (self->controls, j);
          GtkWidget *row, *check;
          g_autofree char *subtitle = NULL;
          g_autofree char *name = NULL;
          gint64 *id;

          if (control->layer_id != layer->id)
            continue;
          row = adw_action_row_new ();
          check = gtk_check_button_new ();
          subtitle = describe_control (control);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), control->name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          if (!control->effective)
            gtk_widget_add_css_class (row, "dim-label");
          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          name = g_strdup_printf ("mitigation-%" G_GINT64_FORMAT, control->id);
          gtk_widget_set_name (check, name);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       g_hash_table_contains (self->mitigating, &control->id));
          id = g_new (gint64, 1);
          *id = control->id;
          g_object_set_data_full (G_OBJECT (check), "psems-id", id, g_free);
          g_signal_connect (check, "toggled", G_CALLBACK (mitigation_toggled_cb), self);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
          g_hash_table_insert (self->checks, id, check);
          n++;
        }
      if (n == 0)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No controls on this layer"));
          gtk_widget_add_css_class (row, "dim-label");
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      gtk_box_append (self->mitigation_box, group);
      g_ptr_array_add (self->layer_groups, group);
    }
}

static void
facility_chosen_cb (PsemsThreatDialog *self)
{
  if (self->filling)
    return;
  /* Controls of one facility never mitigate another's scenario. */
  g_hash_table_remove_all (self->mitigating);
  fill_mitigations (self);
  form_changed (self, "facility_id");
}

/* ───────────────────────────── actions ───────────────────────────── */

static void
show_error (PsemsThreatDialog *self,
            const GError      *error)
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
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsThreatDialog *self = PSEMS_THREAT_DIALOG (widget);
  g_autoptr(PsemsThreat) draft = NULL;
  g_autoptr(GError) error = NULL;
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
  if (self->loaded == NULL)
    {
      g_autofree char *ref = NULL;
      gint64 id = psems_threat_create (self->store, self->actor, draft, &ref, &error);

      if (id <= 0)
        {
          show_error (self, error);
          return;
        }
      self->saved_id = id;
      /* Translators: the first %s is a threat scenario's name, the second its new reference */
      message = g_strdup_printf (_("%s added as %s"), draft->name, ref != NULL ? ref : "");
    }
  else
    {
      if (!psems_threat_update (self->store, self->actor, draft, &error))
        {
          show_error (self, error);
          return;
        }
      self->saved_id = draft->id;
      /* Translators: %s is a threat scenario's name */
      message = g_strdup_printf (_("Changes to %s saved"), draft->name);
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->saved_id, message);
  gtk_window_close (GTK_WINDOW (self));
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_threat_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_THREAT_DIALOG);

  G_OBJECT_CLASS (psems_threat_dialog_parent_class)->dispose (object);
}

static void
psems_threat_dialog_finalize (GObject *object)
{
  PsemsThreatDialog *self = PSEMS_THREAT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->loaded, psems_threat_free);
  g_clear_pointer (&self->matrix, psems_risk_matrix_free);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->controls, g_ptr_array_unref);
  g_clear_pointer (&self->mitigating, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->layer_groups, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->inherent_name, g_free);
  g_clear_pointer (&self->residual_name, g_free);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (psems_threat_dialog_parent_class)->finalize (object);
}

static void
psems_threat_dialog_class_init (PsemsThreatDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_threat_dialog_dispose;
  object_class->finalize = psems_threat_dialog_finalize;

  /**
   * PsemsThreatDialog::saved:
   * @id: the scenario written
   * @message: what was done, for a toast
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);
  g_type_ensure (PSEMS_TYPE_ADAPTIVE_BIN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-threat-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, inherent_pill);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, residual_pill);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, assessment_fold);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, assessment_bar);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, path_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, facility_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, facility_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, facility_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, name_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, target_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, description_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, likelihood_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, likelihood_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, consequence_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, consequence_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, controls_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsThreatDialog, mitigation_box);

  gtk_widget_class_install_action (widget_class, "threat.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "threat.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "threat.save", NULL);
}

/* Narrow, the path through the layers goes under the inherent and residual risks. */
static void
assessment_folded_cb (PsemsThreatDialog *self)
{
  gboolean folded = psems_adaptive_bin_get_folded (self->assessment_fold);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->assessment_bar),
                                  folded ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (self->assessment_bar, folded ? 6 : 10);
  gtk_label_set_xalign (self->path_label, folded ? 0.0 : 1.0);
  gtk_label_set_justify (self->path_label, folded ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_RIGHT);
}

static void
psems_threat_dialog_init (PsemsThreatDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->assessment_fold, "notify::folded",
                            G_CALLBACK (assessment_folded_cb), self);

  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  self->mitigating = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->checks = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->layer_groups = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      GtkWidget *row = FIELD_ROW (self, &form_fields[i]);

      g_object_set_data (G_OBJECT (row), "psems-field", (gpointer) form_fields[i].field);
      if (ADW_IS_ENTRY_ROW (row))
        g_signal_connect (row, "notify::text", G_CALLBACK (field_changed_cb), self);
      else if (row != GTK_WIDGET (self->facility_row))
        g_signal_connect (row, "notify::selected", G_CALLBACK (field_changed_cb), self);
    }
  g_signal_connect_swapped (self->facility_row, "notify::selected",
                            G_CALLBACK (facility_chosen_cb), self);
}

/**
 * psems_threat_dialog_new:
 *
 * A dialog that writes the scenario and its mitigating controls through core and closes once
 * done; it emits #PsemsThreatDialog::saved first.
 */
PsemsThreatDialog *
psems_threat_dialog_new (GtkWindow         *parent,
                         PsemsStore        *store,
                         PsemsActor        *actor,
                         const PsemsThreat *threat,
                         gint64             facility_id)
{
  PsemsThreatDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  self = g_object_new (PSEMS_TYPE_THREAT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  self->facility_id = threat != NULL ? threat->facility_id : facility_id;
  if (threat != NULL)
    {
      self->loaded = psems_threat_new ();
      self->loaded->id = threat->id;
      self->loaded->ref = g_strdup (threat->ref);
      self->loaded->facility_id = threat->facility_id;
      self->loaded->pfsa_id = threat->pfsa_id;
    }

  self->matrix = psems_risk_matrix_load (store, &error);
  if (self->matrix == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      g_clear_error (&error);
    }
  else
    {
      psems_threat_dialog_set_risk_colours (gtk_widget_get_display (GTK_WIDGET (self)),
                                            self->matrix);
    }

  self->filling = TRUE;
  if (threat == NULL && facility_id == 0)
    {
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

  if (threat != NULL)
    {
      adw_window_title_set_title (self->window_title, _("Edit Threat Scenario"));
      adw_window_title_set_subtitle (self->window_title, threat->ref);
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), threat->name != NULL
                                                            ? threat->name : "");
      gtk_editable_set_text (GTK_EDITABLE (self->target_row), threat->target != NULL
                                                              ? threat->target : "");
      gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                             threat->description != NULL ? threat->description : "");
      adw_combo_row_set_selected (self->likelihood_row,
                                  (guint) CLAMP (threat->likelihood, 1, PSEMS_RISK_SCALE) - 1);
      adw_combo_row_set_selected (self->consequence_row,
                                  (guint) CLAMP (threat->consequence, 1, PSEMS_RISK_SCALE) - 1);
      for (guint i = 0; threat->control_ids != NULL && i < threat->control_ids->len; i++)
        {
          gint64 id = g_array_index (threat->control_ids, gint64, i);

          g_hash_table_add (self->mitigating, g_memdup2 (&id, sizeof id));
        }
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("New Threat Scenario"));
      gtk_button_set_label (self->save_button, _("_Add"));
      adw_combo_row_set_selected (self->likelihood_row, 2);
      adw_combo_row_set_selected (self->consequence_row, 2);
    }
  fill_mitigations (self);
  self->filling = FALSE;

  update_problems (self);
  update_assessment (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

gboolean
psems_threat_dialog_set_mitigation (PsemsThreatDialog *self,
                                    gint64             control_id,
                                    gboolean           mitigates)
{
  GtkCheckButton *check;

  g_return_val_if_fail (PSEMS_IS_THREAT_DIALOG (self), FALSE);

  check = g_hash_table_lookup (self->checks, &control_id);
  if (check == NULL)
    return FALSE;
  gtk_check_button_set_active (check, mitigates);
  return TRUE;
}

/* Returns: (nullable): the inherent level's name as the form stands */
const char *
psems_threat_dialog_get_inherent_level (PsemsThreatDialog *self)
{
  g_return_val_if_fail (PSEMS_IS_THREAT_DIALOG (self), NULL);
  return self->inherent_name;
}

/* Returns: (nullable): the residual level's name as the form stands */
const char *
psems_threat_dialog_get_residual_level (PsemsThreatDialog *self)
{
  g_return_val_if_fail (PSEMS_IS_THREAT_DIALOG (self), NULL);
  return self->residual_name;
}

gint64
psems_threat_dialog_get_saved_id (PsemsThreatDialog *self)
{
  g_return_val_if_fail (PSEMS_IS_THREAT_DIALOG (self), 0);
  return self->saved_id;
}
