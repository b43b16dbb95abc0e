/* psems-schedule-dialog.c — adds or edits a schedule item: its kind, title, clock (a regulation's rule, every N months or once), start and assignee. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-error.h"
#include "psems-facility.h"
#include "psems-problem-row.h"
#include "psems-regime.h"
#include "psems-schedule-dialog.h"
#include "psems-ui-util.h"

struct _PsemsScheduleDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *save_button;
  GtkLabel *error_label;
  GtkWidget *facility_group;
  GtkWidget *facility_row;
  GtkWidget *facility_problem;
  GtkWidget *kind_row;
  GtkWidget *kind_problem;
  GtkWidget *title_row;
  GtkWidget *title_problem;
  GtkWidget *description_row;
  GtkWidget *description_problem;
  GtkWidget *assignee_row;
  GtkWidget *assignee_problem;
  GtkWidget *clock_row;
  GtkWidget *rule_row;
  GtkWidget *rule_problem;
  GtkWidget *interval_row;
  GtkWidget *interval_spin;
  GtkWidget *interval_problem;
  GtkWidget *due_row;
  GtkWidget *due_problem;
  GtkWidget *anchor_row;
  GtkWidget *anchor_problem;

  PsemsStore *store;
  PsemsActor *actor;
  PsemsScheduleItem *loaded;   /* the item edited; NULL while adding one */
  GPtrArray *facilities;       /* PsemsFacility to choose from (adding, all facilities) */
  GPtrArray *rules;            /* PsemsRegimeRule, recurring ones, in regime order */
  GHashTable *touched;         /* fields the user has been in */
  char *error_field;           /* a field core refused on the last save … */
  char *error_message;         /* … and why, shown until the field is edited */
  gint64 facility_id;
  gint64 saved_id;
  gboolean filling;
  gboolean save_attempted;
};

G_DEFINE_FINAL_TYPE (PsemsScheduleDialog, psems_schedule_dialog, ADW_TYPE_WINDOW)

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
  { name, G_STRUCT_OFFSET (PsemsScheduleDialog, row), \
    G_STRUCT_OFFSET (PsemsScheduleDialog, problem) }

/* The form's fields, by the names core's field problems use. */
static const Field form_fields[] = {
  FIELD ("facility_id", facility_row, facility_problem),
  FIELD ("kind", kind_row, kind_problem),
  FIELD ("title", title_row, title_problem),
  FIELD ("description", description_row, description_problem),
  FIELD ("assignee", assignee_row, assignee_problem),
  FIELD ("rule", rule_row, rule_problem),
  FIELD ("interval_months", interval_spin, interval_problem),
  FIELD ("next_due", due_row, due_problem),
  FIELD ("anchor", anchor_row, anchor_problem),
};

static const char * const field_names[] = {
  "facility_id", "kind", "title", "description", "assignee", "rule", "interval_months",
  "next_due", "anchor", NULL
};

#define FIELD_ROW(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->row_offset))
#define FIELD_PROBLEM(self, f) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->problem_offset))

static PsemsScheduleClockChoice
chosen_clock (PsemsScheduleDialog *self)
{
  return (PsemsScheduleClockChoice) adw_combo_row_get_selected (ADW_COMBO_ROW (self->clock_row));
}

static const PsemsRegimeRule *
chosen_rule (PsemsScheduleDialog *self)
{
  guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (self->rule_row));

  if (position == GTK_INVALID_LIST_POSITION || position >= self->rules->len)
    return NULL;
  return g_ptr_array_index (self->rules, position);
}

static const char *
chosen_kind (PsemsScheduleDialog *self)
{
  const char * const *kinds = psems_schedule_kinds ();
  guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));

  if (position == GTK_INVALID_LIST_POSITION || position >= g_strv_length ((char **) kinds))
    return NULL;
  return kinds[position];
}

static gint64
chosen_facility_id (PsemsScheduleDialog *self)
{
  guint position;

  if (self->loaded != NULL)
    return self->loaded->facility_id;
  if (self->facilities == NULL)
    return self->facility_id;
  position = adw_combo_row_get_selected (ADW_COMBO_ROW (self->facility_row));
  if (position == GTK_INVALID_LIST_POSITION || position >= self->facilities->len)
    return 0;
  return ((PsemsFacility *) g_ptr_array_index (self->facilities, position))->id;
}

static char *
dup_row_text (GtkWidget *row)
{
  return psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static PsemsScheduleItem *
read_form (PsemsScheduleDialog *self)
{
  PsemsScheduleItem *item = psems_schedule_item_new ();
  PsemsScheduleClockChoice clock = chosen_clock (self);
  const PsemsRegimeRule *rule = chosen_rule (self);

  item->id = self->loaded != NULL ? self->loaded->id : 0;
  item->facility_id = chosen_facility_id (self);
  item->kind = g_strdup (chosen_kind (self));
  item->title = dup_row_text (self->title_row);
  item->description = dup_row_text (self->description_row);
  item->assignee = dup_row_text (self->assignee_row);
  item->anchor = dup_row_text (self->anchor_row);
  switch (clock)
    {
    case PSEMS_SCHEDULE_CLOCK_RULE:
      item->rule = rule != NULL ? g_strdup (rule->id) : NULL;
      break;
    case PSEMS_SCHEDULE_CLOCK_INTERVAL:
      item->interval_months =
        gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->interval_spin));
      item->next_due = dup_row_text (self->due_row);
      break;
    case PSEMS_SCHEDULE_CLOCK_ONCE:
    default:
      item->next_due = dup_row_text (self->due_row);
      break;
    }
  return item;
}

static GPtrArray *
validate (PsemsScheduleDialog *self)
{
  g_autoptr(PsemsScheduleItem) draft = read_form (self);
  GPtrArray *problems = psems_schedule_validate (self->store, draft);

  if (problems == NULL)
    problems = psems_field_problems_new ();
  if (chosen_clock (self) == PSEMS_SCHEDULE_CLOCK_RULE && draft->rule == NULL
      && psems_ui_find_problem (problems, "rule") == NULL)
    psems_field_problems_add (problems, "rule", _("Choose the rule that sets the due dates"));
  if (self->loaded == NULL && draft->facility_id == 0
      && psems_ui_find_problem (problems, "facility_id") == NULL)
    psems_field_problems_add (problems, "facility_id", _("Choose the facility"));
  return problems;
}

static void
update_clock_rows (PsemsScheduleDialog *self)
{
  PsemsScheduleClockChoice clock = chosen_clock (self);
  const PsemsRegimeRule *rule = chosen_rule (self);

  gtk_widget_set_visible (self->rule_row, clock == PSEMS_SCHEDULE_CLOCK_RULE);
  gtk_widget_set_visible (self->interval_row, clock == PSEMS_SCHEDULE_CLOCK_INTERVAL);
  gtk_widget_set_visible (self->due_row, clock != PSEMS_SCHEDULE_CLOCK_RULE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->due_row),
                                 clock == PSEMS_SCHEDULE_CLOCK_ONCE
                                 ? _("Due on (YYYY-MM-DD)")
                                 : _("First due on (YYYY-MM-DD, optional)"));
  if (rule != NULL)
    {
      g_autofree char *clock_text = psems_clock_rule_describe (&rule->clock);
      /* Translators: a rule's citation, then how its clock runs:
       * "ISPS Code B/18.5 · within 3 months of the last one" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), rule->citation, clock_text);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->rule_row), subtitle);
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->rule_row), "");
    }
}

/* Checks the form with core and shows each problem under its field. */
static guint
update_problems (PsemsScheduleDialog *self)
{
  g_autoptr(GPtrArray) problems = validate (self);
  const char *other = NULL;
  const char *other_field = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      const Field *f = &form_fields[i];
      const char *message = psems_ui_find_problem (problems, f->field);

      if (message == NULL && g_strcmp0 (self->error_field, f->field) == 0)
        message = self->error_message;
      /* A new form is not wrong yet: only fields the user has been in, or all after Save. */
      if (!self->save_attempted && !g_hash_table_contains (self->touched, f->field))
        message = NULL;
      psems_ui_set_field_problem (FIELD_ROW (self, f), FIELD_PROBLEM (self, f), message);
    }
  for (guint i = 0; self->save_attempted && i < problems->len && other == NULL; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (!g_strv_contains (field_names, problem->field))
        {
          other_field = problem->field;
          other = problem->message;
        }
    }
  if (other != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", other_field, other);

      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  return problems->len;
}

static void
form_changed (PsemsScheduleDialog *self,
              const char          *field)
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
  update_clock_rows (self);
  update_problems (self);
}

static void
field_changed_cb (GObject             *row,
                  GParamSpec          *pspec,
                  PsemsScheduleDialog *self)
{
  form_changed (self, g_object_get_data (row, "psems-field"));
}

static void
spin_changed_cb (GtkSpinButton       *spin,
                 PsemsScheduleDialog *self)
{
  form_changed (self, "interval_months");
}

static void
clock_changed_cb (PsemsScheduleDialog *self)
{
  form_changed (self, NULL);
}

/* A rule for another kind of activity would be refused: follow the kind where a rule fits. */
static void
kind_changed_cb (PsemsScheduleDialog *self)
{
  const PsemsRegimeRule *rule = chosen_rule (self);
  const char *kind = chosen_kind (self);

  if (self->filling || kind == NULL)
    return;
  if (rule == NULL || (rule->activity != NULL && g_strcmp0 (rule->activity, kind) != 0))
    for (guint i = 0; i < self->rules->len; i++)
      {
        const PsemsRegimeRule *candidate = g_ptr_array_index (self->rules, i);

        if (g_strcmp0 (candidate->activity, kind) == 0)
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (self->rule_row), i);
            break;
          }
      }
}

/* ───────────────────────────── saving ───────────────────────────── */

static void
show_error (PsemsScheduleDialog *self,
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
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsScheduleDialog *self = PSEMS_SCHEDULE_DIALOG (widget);
  g_autoptr(PsemsScheduleItem) draft = NULL;
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
      gint64 id = psems_schedule_create (self->store, self->actor, draft, &ref, &error);

      if (id <= 0)
        {
          show_error (self, error);
          return;
        }
      self->saved_id = id;
      /* Translators: the first %s is a schedule item's title, the second its new reference */
      message = g_strdup_printf (_("%s scheduled as %s"), draft->title, ref != NULL ? ref : "");
    }
  else
    {
      if (!psems_schedule_update (self->store, self->actor, draft, &error))
        {
          show_error (self, error);
          return;
        }
      self->saved_id = draft->id;
      /* Translators: %s is a schedule item's title */
      message = g_strdup_printf (_("Changes to %s saved"), draft->title);
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->saved_id, message);
  gtk_window_close (GTK_WINDOW (self));
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_schedule_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_SCHEDULE_DIALOG);

  G_OBJECT_CLASS (psems_schedule_dialog_parent_class)->dispose (object);
}

static void
psems_schedule_dialog_finalize (GObject *object)
{
  PsemsScheduleDialog *self = PSEMS_SCHEDULE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->loaded, psems_schedule_item_free);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (psems_schedule_dialog_parent_class)->finalize (object);
}

static void
psems_schedule_dialog_class_init (PsemsScheduleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_schedule_dialog_dispose;
  object_class->finalize = psems_schedule_dialog_finalize;

  /**
   * PsemsScheduleDialog::saved:
   * @id: the item written
   * @message: what was done, for a toast
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-schedule-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PsemsScheduleDialog, name)
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
  BIND (description_row);
  BIND (description_problem);
  BIND (assignee_row);
  BIND (assignee_problem);
  BIND (clock_row);
  BIND (rule_row);
  BIND (rule_problem);
  BIND (interval_row);
  BIND (interval_spin);
  BIND (interval_problem);
  BIND (due_row);
  BIND (due_problem);
  BIND (anchor_row);
  BIND (anchor_problem);
#undef BIND

  gtk_widget_class_install_action (widget_class, "schedule-item.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "schedule-item.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "schedule-item.save", NULL);
}

static void
load_rules (PsemsScheduleDialog *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) regimes = psems_regime_load_all (&problems);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_regime_rule_free);
  for (guint r = 0; regimes != NULL && r < regimes->len; r++)
    {
      PsemsRegime *regime = g_ptr_array_index (regimes, r);

      for (guint i = 0; i < regime->rules->len; i++)
        {
          PsemsRegimeRule *rule = g_ptr_array_index (regime->rules, i);
          g_autofree char *label = NULL;

          if (rule->clock.kind == PSEMS_CLOCK_RETENTION)
            continue;
          /* Translators: a rule's title, then its citation: "Security drills — ISPS Code B/18.5" */
          label = g_strdup_printf (_("%s — %s"), rule->title, rule->citation);
          gtk_string_list_append (names, label);
          g_ptr_array_add (self->rules, psems_regime_rule_copy (rule));
        }
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->rule_row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->rule_row), GTK_INVALID_LIST_POSITION);
  /* A rule file that does not read is skipped, and said here where its rules would be chosen. */
  if (problems != NULL && problems->len > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < problems->len; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", (const char *) problems->pdata[i]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->rule_row), text->str);
      gtk_widget_set_tooltip_text (self->rule_row,
                                   _("Some rule files could not be read and were skipped; the lines say why"));
    }
}

static void
psems_schedule_dialog_init (PsemsScheduleDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) clocks = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  for (const char * const *kind = psems_schedule_kinds (); *kind != NULL; kind++)
    gtk_string_list_append (kinds, psems_schedule_kind_label (*kind));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->kind_row), G_LIST_MODEL (kinds));
  gtk_string_list_append (clocks, _("By a regulation's rule"));
  gtk_string_list_append (clocks, _("Every N months"));
  gtk_string_list_append (clocks, _("Once"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->clock_row), G_LIST_MODEL (clocks));
  load_rules (self);

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      GtkWidget *row = FIELD_ROW (self, &form_fields[i]);

      g_object_set_data (G_OBJECT (row), "psems-field", (gpointer) form_fields[i].field);
      if (ADW_IS_ENTRY_ROW (row))
        g_signal_connect (row, "notify::text", G_CALLBACK (field_changed_cb), self);
      else if (ADW_IS_COMBO_ROW (row))
        g_signal_connect (row, "notify::selected", G_CALLBACK (field_changed_cb), self);
    }
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb),
                            self);
  g_signal_connect (self->interval_spin, "value-changed", G_CALLBACK (spin_changed_cb), self);
  g_signal_connect_swapped (self->clock_row, "notify::selected", G_CALLBACK (clock_changed_cb),
                            self);
}

static guint
position_of (const char * const *ids,
             const char         *id)
{
  for (guint i = 0; id != NULL && ids[i] != NULL; i++)
    if (g_str_equal (ids[i], id))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
set_row_text (GtkWidget  *row,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/**
 * psems_schedule_dialog_new:
 *
 * A dialog that writes the item through core and closes once done; it emits
 * #PsemsScheduleDialog::saved first. The store's `changed` signal tells the pages.
 */
PsemsScheduleDialog *
psems_schedule_dialog_new (GtkWindow               *parent,
                           PsemsStore              *store,
                           PsemsActor              *actor,
                           const PsemsScheduleItem *item,
                           gint64                   facility_id)
{
  PsemsScheduleDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  self = g_object_new (PSEMS_TYPE_SCHEDULE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  self->facility_id = item != NULL ? item->facility_id : facility_id;
  if (item != NULL)
    self->loaded = psems_schedule_get (store, item->id, NULL);

  self->filling = TRUE;
  if (item == NULL && facility_id == 0)
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
      adw_combo_row_set_model (ADW_COMBO_ROW (self->facility_row), G_LIST_MODEL (names));
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->facility_row), GTK_INVALID_LIST_POSITION);
    }
  gtk_widget_set_visible (self->facility_group, self->facilities != NULL);

  if (self->loaded != NULL)
    {
      const PsemsScheduleItem *s = self->loaded;

      adw_window_title_set_title (self->window_title, _("Edit Schedule Item"));
      adw_window_title_set_subtitle (self->window_title, s->ref);
      gtk_button_set_label (self->save_button, _("_Save"));
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row),
                                  position_of (psems_schedule_kinds (), s->kind));
      set_row_text (self->title_row, s->title);
      set_row_text (self->description_row, s->description);
      set_row_text (self->assignee_row, s->assignee);
      set_row_text (self->anchor_row, s->anchor);
      if (s->rule != NULL)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (self->clock_row), PSEMS_SCHEDULE_CLOCK_RULE);
          psems_schedule_dialog_select_rule (self, s->rule);
        }
      else if (s->interval_months > 0)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (self->clock_row),
                                      PSEMS_SCHEDULE_CLOCK_INTERVAL);
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->interval_spin), s->interval_months);
          set_row_text (self->due_row, s->next_due);
        }
      else
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (self->clock_row), PSEMS_SCHEDULE_CLOCK_ONCE);
          set_row_text (self->due_row, s->next_due);
        }
    }
  else
    {
      g_autofree char *today = psems_day_format_iso (psems_day_today ());

      adw_window_title_set_title (self->window_title, _("New Schedule Item"));
      gtk_button_set_label (self->save_button, _("_Add"));
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row),
                                  position_of (psems_schedule_kinds (), "drill"));
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->clock_row), PSEMS_SCHEDULE_CLOCK_RULE);
      set_row_text (self->anchor_row, today);
      self->filling = FALSE;
      kind_changed_cb (self);
      self->filling = TRUE;
    }
  self->filling = FALSE;

  update_clock_rows (self);
  update_problems (self);
  gtk_widget_grab_focus (self->title_row);
  return self;
}

gboolean
psems_schedule_dialog_select_rule (PsemsScheduleDialog *self,
                                   const char          *rule_id)
{
  g_return_val_if_fail (PSEMS_IS_SCHEDULE_DIALOG (self), FALSE);
  g_return_val_if_fail (rule_id != NULL, FALSE);

  for (guint i = 0; i < self->rules->len; i++)
    {
      const PsemsRegimeRule *rule = g_ptr_array_index (self->rules, i);

      if (g_str_equal (rule->id, rule_id))
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (self->clock_row), PSEMS_SCHEDULE_CLOCK_RULE);
          adw_combo_row_set_selected (ADW_COMBO_ROW (self->rule_row), i);
          return TRUE;
        }
    }
  return FALSE;
}

gint64
psems_schedule_dialog_get_saved_id (PsemsScheduleDialog *self)
{
  g_return_val_if_fail (PSEMS_IS_SCHEDULE_DIALOG (self), 0);
  return self->saved_id;
}
