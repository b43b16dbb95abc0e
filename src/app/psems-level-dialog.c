/* psems-level-dialog.c — a change of security level with the times 33 CFR 105.230 keeps. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-level-dialog.h"
#include "psems-level-indicator.h"
#include "psems-problem-row.h"
#include "psems-ui-util.h"

struct _PsemsLevelDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *apply_button;
  PsemsLevelIndicator *current_indicator;
  GtkLabel *intro_label;
  GtkLabel *error_label;
  AdwPreferencesGroup *level_group;
  AdwComboRow *level_row;
  GtkWidget *level_problem;
  AdwEntryRow *reason_row;
  GtkWidget *reason_problem;
  AdwEntryRow *changed_row;
  GtkWidget *changed_now;
  GtkWidget *changed_problem;
  AdwEntryRow *notified_row;
  GtkWidget *notified_problem;
  AdwEntryRow *compliant_row;
  GtkWidget *compliant_problem;

  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility_id;
  char *facility_name;
  int current_level;
  gint64 change_id;            /* recording the times of this change; 0 when changing the level */
  gboolean reason_touched;
};

G_DEFINE_FINAL_TYPE (PsemsLevelDialog, psems_level_dialog, ADW_TYPE_WINDOW)

static const char * const fields[] = {
  "level", "reason", "changed_at", "notified_at", "compliant_at", NULL
};

static GtkWidget *
get_problem_row (PsemsLevelDialog *self,
                 const char       *field)
{
  if (g_str_equal (field, "level"))
    return self->level_problem;
  if (g_str_equal (field, "reason"))
    return self->reason_problem;
  if (g_str_equal (field, "changed_at"))
    return self->changed_problem;
  if (g_str_equal (field, "notified_at"))
    return self->notified_problem;
  return self->compliant_problem;
}

static GtkWidget *
get_field_row (PsemsLevelDialog *self,
               const char       *field)
{
  if (g_str_equal (field, "level"))
    return GTK_WIDGET (self->level_row);
  if (g_str_equal (field, "reason"))
    return GTK_WIDGET (self->reason_row);
  if (g_str_equal (field, "changed_at"))
    return GTK_WIDGET (self->changed_row);
  if (g_str_equal (field, "notified_at"))
    return GTK_WIDGET (self->notified_row);
  return GTK_WIDGET (self->compliant_row);
}

typedef struct
{
  int level;
  char *reason;
  GDateTime *changed_at;
  GDateTime *notified_at;
  GDateTime *compliant_at;
  GPtrArray *problems;
} Input;

static void
input_clear (Input *input)
{
  g_clear_pointer (&input->reason, g_free);
  g_clear_pointer (&input->changed_at, g_date_time_unref);
  g_clear_pointer (&input->notified_at, g_date_time_unref);
  g_clear_pointer (&input->compliant_at, g_date_time_unref);
  g_clear_pointer (&input->problems, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Input, input_clear)

static void
parse_time (GPtrArray   *problems,
            const char  *field,
            AdwEntryRow *row,
            GDateTime   *now,
            GDateTime  **time)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *minute = NULL;
  g_autofree char *now_minute = NULL;

  if (!psems_ui_parse_local_time (gtk_editable_get_text (GTK_EDITABLE (row)), time, &error))
    {
      psems_field_problems_add (problems, field, "%s", error->message);
      return;
    }
  if (*time == NULL)
    return;

  /* The fields hold minutes; the current minute means now, to the second, so a change made
   * in the same minute as the one before it still comes after it. */
  minute = g_date_time_format (*time, "%Y-%m-%d %H:%M");
  now_minute = g_date_time_format (now, "%Y-%m-%d %H:%M");
  if (g_strcmp0 (minute, now_minute) == 0)
    {
      g_date_time_unref (*time);
      *time = g_date_time_ref (now);
    }
}

/* What the form holds, and what is wrong with it; core checks again when it writes. */
static void
read_input (PsemsLevelDialog *self,
            Input            *input)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  input->problems = psems_field_problems_new ();
  input->level = (int) adw_combo_row_get_selected (self->level_row) + 1;
  input->reason = psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));

  parse_time (input->problems, "changed_at", self->changed_row, now, &input->changed_at);
  parse_time (input->problems, "notified_at", self->notified_row, now, &input->notified_at);
  parse_time (input->problems, "compliant_at", self->compliant_row, now, &input->compliant_at);

  if (self->change_id == 0)
    {
      if (input->level == self->current_level)
        psems_field_problems_add (input->problems, "level",
                                  _("Level %d is already in force; choose another level"),
                                  input->level);
      if (input->reason == NULL)
        psems_field_problems_add (input->problems, "reason",
                                  _("Say why the level changes, for the record"));
      if (input->changed_at == NULL && psems_ui_find_problem (input->problems,
                                                              "changed_at") == NULL)
        psems_field_problems_add (input->problems, "changed_at",
                                  _("Say from when the new level is in force"));
    }

  if (input->changed_at != NULL)
    {
      if (input->notified_at != NULL && g_date_time_compare (input->notified_at,
                                                             input->changed_at) < 0)
        psems_field_problems_add (input->problems, "notified_at",
                                  _("Notification cannot come before the level was in force"));
      if (input->compliant_at != NULL && g_date_time_compare (input->compliant_at,
                                                              input->changed_at) < 0)
        psems_field_problems_add (input->problems, "compliant_at",
                                  _("Compliance cannot come before the level was in force"));
    }
}

static void
update (PsemsLevelDialog *self)
{
  g_auto(Input) input = { 0, };

  read_input (self, &input);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *message = psems_ui_find_problem (input.problems, fields[i]);

      /* An empty reason is only a problem once the user has been there. */
      if (g_str_equal (fields[i], "reason") && !self->reason_touched)
        message = NULL;
      psems_ui_set_field_problem (get_field_row (self, fields[i]), get_problem_row (self,
                                                                                    fields[i]),
                                  message);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "level.apply", input.problems->len == 0);
}

static void
field_changed_cb (PsemsLevelDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update (self);
}

static void
reason_changed_cb (PsemsLevelDialog *self)
{
  self->reason_touched = TRUE;
  field_changed_cb (self);
}

static void
show_error (PsemsLevelDialog *self,
            const GError     *error)
{
  g_autofree char *field = NULL;
  const char *message;

  field = psems_ui_split_field_error (error, fields, &message);
  if (field != NULL)
    {
      psems_ui_set_field_problem (get_field_row (self, field), get_problem_row (self, field),
                                  message);
      gtk_widget_grab_focus (get_field_row (self, field));
    }
  else
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PsemsLevelDialog *self = PSEMS_LEVEL_DIALOG (widget);
  g_auto(Input) input = { 0, };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  self->reason_touched = TRUE;
  read_input (self, &input);
  if (input.problems->len > 0)
    {
      update (self);
      return;
    }

  if (self->change_id != 0)
    ok = psems_facility_record_level_times (self->store, self->actor, self->change_id,
                                            input.notified_at, input.compliant_at, &error);
  else
    ok = psems_facility_set_level (self->store, self->actor, self->facility_id, input.level,
                                   input.reason, input.changed_at, input.notified_at,
                                   input.compliant_at, &error);
  if (!ok)
    {
      show_error (self, error);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
now_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PsemsLevelDialog *self = PSEMS_LEVEL_DIALOG (widget);
  const char *which = g_variant_get_string (parameter, NULL);
  g_autofree char *now = psems_ui_dup_now_text ();
  AdwEntryRow *row;

  if (g_str_equal (which, "changed"))
    row = self->changed_row;
  else if (g_str_equal (which, "notified"))
    row = self->notified_row;
  else
    row = self->compliant_row;
  gtk_editable_set_text (GTK_EDITABLE (row), now);
}

static void
psems_level_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_LEVEL_DIALOG);

  G_OBJECT_CLASS (psems_level_dialog_parent_class)->dispose (object);
}

static void
psems_level_dialog_finalize (GObject *object)
{
  PsemsLevelDialog *self = PSEMS_LEVEL_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->facility_name, g_free);

  G_OBJECT_CLASS (psems_level_dialog_parent_class)->finalize (object);
}

static void
psems_level_dialog_class_init (PsemsLevelDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_level_dialog_dispose;
  object_class->finalize = psems_level_dialog_finalize;

  g_type_ensure (PSEMS_TYPE_LEVEL_INDICATOR);
  g_type_ensure (PSEMS_TYPE_PROBLEM_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-level-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, current_indicator);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, level_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, level_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, level_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, reason_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, changed_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, changed_now);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, changed_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, notified_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, notified_problem);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, compliant_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelDialog, compliant_problem);

  gtk_widget_class_install_action (widget_class, "level.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "level.now", "s", now_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "level.apply", NULL);
}

static void
psems_level_dialog_init (PsemsLevelDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->level_row, "notify::selected", G_CALLBACK (field_changed_cb),
                            self);
  g_signal_connect_swapped (self->reason_row, "changed", G_CALLBACK (reason_changed_cb), self);
  g_signal_connect_swapped (self->changed_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->notified_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->compliant_row, "changed", G_CALLBACK (field_changed_cb), self);
}

static PsemsLevelDialog *
create (GtkWindow           *parent,
        PsemsStore          *store,
        PsemsActor          *actor,
        const PsemsFacility *facility)
{
  PsemsLevelDialog *self = g_object_new (PSEMS_TYPE_LEVEL_DIALOG,
                                         "transient-for", parent,
                                         NULL);

  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  self->facility_id = facility->id;
  self->facility_name = g_strdup (facility->name);
  self->current_level = facility->security_level;
  psems_level_indicator_set_level (self->current_indicator, facility->security_level);
  adw_window_title_set_subtitle (self->window_title, facility->name);
  return self;
}

/**
 * psems_level_dialog_new:
 * @facility: the facility, as core gave it
 *
 * A dialog that changes @facility's level; it writes through core and closes once done.
 * The store's `changed` signal tells the pages.
 */
PsemsLevelDialog *
psems_level_dialog_new (GtkWindow           *parent,
                        PsemsStore          *store,
                        PsemsActor          *actor,
                        const PsemsFacility *facility)
{
  PsemsLevelDialog *self;
  g_autofree char *intro = NULL;
  g_autofree char *now = psems_ui_dup_now_text ();

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (facility != NULL, NULL);

  self = create (parent, store, actor, facility);
  adw_window_title_set_title (self->window_title, _("Change Security Level"));
  gtk_button_set_label (self->apply_button, _("C_hange Level"));
  /* Translators: %d is the security level (1–3) in force now */
  intro = g_strdup_printf (_("Level %d is in force now. The change is recorded with your name, "
                             "the reason and the times below."), facility->security_level);
  gtk_label_set_text (self->intro_label, intro);
  /* The level asked for is most often the next one up. */
  adw_combo_row_set_selected (self->level_row, facility->security_level >= 3
                                               ? 0 : (guint) facility->security_level);
  gtk_editable_set_text (GTK_EDITABLE (self->changed_row), now);
  self->reason_touched = FALSE;
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
  return self;
}

/**
 * psems_level_dialog_new_for_times:
 * @change: the recorded change whose notification and compliance times are to be filled in
 *
 * A dialog that records when ships were notified of @change and when the facility complied.
 */
PsemsLevelDialog *
psems_level_dialog_new_for_times (GtkWindow              *parent,
                                  PsemsStore             *store,
                                  PsemsActor             *actor,
                                  const PsemsFacility    *facility,
                                  const PsemsLevelChange *change)
{
  PsemsLevelDialog *self;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (facility != NULL, NULL);
  g_return_val_if_fail (change != NULL, NULL);

  self = create (parent, store, actor, facility);
  self->change_id = change->id;
  self->current_level = change->level;
  psems_level_indicator_set_level (self->current_indicator, change->level);
  adw_window_title_set_title (self->window_title, _("Record Times"));
  gtk_button_set_label (self->apply_button, _("_Record"));
  /* Translators: %d is a security level (1–3), %s the reason given for the change */
  intro = g_strdup_printf (_("The change to level %d: “%s”."), change->level, change->reason);
  gtk_label_set_text (self->intro_label, intro);
  gtk_widget_set_visible (GTK_WIDGET (self->level_group), FALSE);

  utc = g_date_time_new_from_iso8601 (change->changed_at, NULL);
  if (utc != NULL)
    {
      local = g_date_time_to_local (utc);
      changed = g_date_time_format (local, "%Y-%m-%d %H:%M");
      gtk_editable_set_text (GTK_EDITABLE (self->changed_row), changed);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->changed_row), FALSE);
  gtk_widget_set_visible (self->changed_now, FALSE);
  if (change->notified_at != NULL)
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (change->notified_at, NULL);
      g_autoptr(GDateTime) l = t != NULL ? g_date_time_to_local (t) : NULL;
      g_autofree char *text = l != NULL ? g_date_time_format (l, "%Y-%m-%d %H:%M") : NULL;

      gtk_editable_set_text (GTK_EDITABLE (self->notified_row), text != NULL ? text : "");
    }
  if (change->compliant_at != NULL)
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (change->compliant_at, NULL);
      g_autoptr(GDateTime) l = t != NULL ? g_date_time_to_local (t) : NULL;
      g_autofree char *text = l != NULL ? g_date_time_format (l, "%Y-%m-%d %H:%M") : NULL;

      gtk_editable_set_text (GTK_EDITABLE (self->compliant_row), text != NULL ? text : "");
    }
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->notified_row));
  return self;
}
