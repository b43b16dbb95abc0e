/* psems-problem-row.c — a row under a form field saying what is wrong with it, hidden otherwise. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-problem-row.h"

struct _PsemsProblemRow
{
  AdwPreferencesRow parent_instance;

  GtkLabel *label;
};

G_DEFINE_FINAL_TYPE (PsemsProblemRow, psems_problem_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
psems_problem_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PsemsProblemRow *self = PSEMS_PROBLEM_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_string (value, psems_problem_row_get_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_problem_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PsemsProblemRow *self = PSEMS_PROBLEM_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      psems_problem_row_set_message (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_problem_row_class_init (PsemsProblemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = psems_problem_row_get_property;
  object_class->set_property = psems_problem_row_set_property;

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
psems_problem_row_init (PsemsProblemRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0.0);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "field-problem");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
psems_problem_row_new (void)
{
  return g_object_new (PSEMS_TYPE_PROBLEM_ROW, NULL);
}

const char *
psems_problem_row_get_message (PsemsProblemRow *self)
{
  g_return_val_if_fail (PSEMS_IS_PROBLEM_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_text (self->label) : NULL;
}

/**
 * psems_problem_row_set_message:
 * @message: (nullable): what is wrong, as core said it; %NULL hides the row
 */
void
psems_problem_row_set_message (PsemsProblemRow *self,
                               const char      *message)
{
  g_return_if_fail (PSEMS_IS_PROBLEM_ROW (self));

  if (g_strcmp0 (psems_problem_row_get_message (self), message) == 0)
    return;
  gtk_label_set_text (self->label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self), message != NULL);
  /* Screen readers hear the problem as the field's description, not as a row of its own. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), message != NULL ? message : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}
