/* psems-layers-dialog.c — a facility's rings of defence: named and ordered outside in, added and removed. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-control.h"
#include "psems-layers-dialog.h"
#include "psems-ui-util.h"

struct _PsemsLayersDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel *error_label;
  GtkListBox *layer_list;
  GtkButton *add_button;

  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility_id;
  GPtrArray *layers;            /* PsemsLayer as the form has them, outside in */
  gboolean filling;
};

G_DEFINE_FINAL_TYPE (PsemsLayersDialog, psems_layers_dialog, ADW_TYPE_WINDOW)

static void fill_list (PsemsLayersDialog *self);

static void
update_actions (PsemsLayersDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "layers.add",
                                 self->layers->len < PSEMS_LAYERS_MAX);
  if (self->layers->len >= PSEMS_LAYERS_MAX)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button),
                                 _("A facility has at most 8 layers"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button),
                                 _("Add a layer inside the innermost one"));
}

static void
hide_error (PsemsLayersDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_message (PsemsLayersDialog *self,
              const char        *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
name_changed_cb (AdwEntryRow       *row,
                 GParamSpec        *pspec,
                 PsemsLayersDialog *self)
{
  PsemsLayer *layer = g_object_get_data (G_OBJECT (row), "psems-layer");

  if (self->filling)
    return;
  g_free (layer->name);
  layer->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  if (g_strstrip (layer->name)[0] == '\0')
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  hide_error (self);
}

static GtkWidget *
new_icon_button (const char *icon,
                 const char *tooltip,
                 const char *action,
                 guint       position,
                 gboolean    sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", position);
  gtk_widget_set_sensitive (button, sensitive);
  return button;
}

static void
fill_list (PsemsLayersDialog *self)
{
  self->filling = TRUE;
  psems_ui_clear_list_box (self->layer_list);
  for (guint i = 0; i < self->layers->len; i++)
    {
      PsemsLayer *layer = g_ptr_array_index (self->layers, i);
      GtkWidget *row = adw_entry_row_new ();
      g_autofree char *title = NULL;
      g_autofree char *name = g_strdup_printf ("layer-%u", i + 1);

      if (layer->n_controls > 0)
        /* Translators: a layer's position outside in and how many controls stand on it */
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Layer %u · %d control",
                                              "Layer %u · %d controls", layer->n_controls),
                                 i + 1, layer->n_controls);
      else if (i == 0)
        /* Translators: the outermost layer */
        title = g_strdup_printf (_("Layer %u · outermost"), i + 1);
      else if (i + 1 == self->layers->len)
        /* Translators: the innermost layer */
        title = g_strdup_printf (_("Layer %u · innermost"), i + 1);
      else
        title = g_strdup_printf (_("Layer %u"), i + 1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_name (row, name);
      gtk_editable_set_text (GTK_EDITABLE (row), layer->name != NULL ? layer->name : "");
      g_object_set_data (G_OBJECT (row), "psems-layer", layer);
      g_signal_connect (row, "notify::text", G_CALLBACK (name_changed_cb), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                                new_icon_button ("go-up-symbolic", _("Move outwards"),
                                                 "layers.move-up", i, i > 0));
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                                new_icon_button ("go-down-symbolic", _("Move inwards"),
                                                 "layers.move-down", i,
                                                 i + 1 < self->layers->len));
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                                new_icon_button ("user-trash-symbolic", _("Remove the layer"),
                                                 "layers.remove", i, TRUE));
      gtk_list_box_append (self->layer_list, row);
    }
  self->filling = FALSE;
  update_actions (self);
}

static void
move (PsemsLayersDialog *self,
      guint              from,
      guint              to)
{
  gpointer layer;

  if (from >= self->layers->len || to >= self->layers->len)
    return;
  layer = g_ptr_array_steal_index (self->layers, from);
  g_ptr_array_insert (self->layers, (int) to, layer);
  hide_error (self);
  fill_list (self);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  guint position = g_variant_get_uint32 (parameter);

  if (position > 0)
    move (PSEMS_LAYERS_DIALOG (widget), position, position - 1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  guint position = g_variant_get_uint32 (parameter);

  move (PSEMS_LAYERS_DIALOG (widget), position, position + 1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsLayersDialog *self = PSEMS_LAYERS_DIALOG (widget);
  guint position = g_variant_get_uint32 (parameter);

  if (position >= self->layers->len)
    return;
  /* Core decides what may go (a layer with controls on it may not): Save says why. */
  g_ptr_array_remove_index (self->layers, position);
  hide_error (self);
  fill_list (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PsemsLayersDialog *self = PSEMS_LAYERS_DIALOG (widget);
  PsemsLayer *layer;
  GtkListBoxRow *row;

  if (self->layers->len >= PSEMS_LAYERS_MAX)
    return;
  layer = psems_layer_new ();
  layer->facility_id = self->facility_id;
  layer->name = g_strdup ("");
  g_ptr_array_add (self->layers, layer);
  hide_error (self);
  fill_list (self);
  row = gtk_list_box_get_row_at_index (self->layer_list, (int) self->layers->len - 1);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsLayersDialog *self = PSEMS_LAYERS_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->layers->len; i++)
    {
      PsemsLayer *layer = g_ptr_array_index (self->layers, i);
      g_autofree char *name = psems_text_dup_field (layer->name);

      if (name == NULL)
        {
          g_autofree char *text = NULL;
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->layer_list, (int) i);

          /* Translators: %u is a layer's position outside in */
          text = g_strdup_printf (_("Layer %u needs a name"), i + 1);
          show_message (self, text);
          if (row != NULL)
            gtk_widget_grab_focus (GTK_WIDGET (row));
          return;
        }
      g_free (layer->name);
      layer->name = g_steal_pointer (&name);
    }

  if (!psems_layers_save (self->store, self->actor, self->facility_id, self->layers, &error))
    {
      static const char * const fields[] = { "layers", "name", NULL };
      g_autofree char *field = NULL;
      const char *message;

      /* "Layers: layers: Layer “Perimeter” cannot be removed: …" reads best without its prefix. */
      field = psems_ui_split_field_error (error, fields, &message);
      show_message (self, message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
psems_layers_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_LAYERS_DIALOG);

  G_OBJECT_CLASS (psems_layers_dialog_parent_class)->dispose (object);
}

static void
psems_layers_dialog_finalize (GObject *object)
{
  PsemsLayersDialog *self = PSEMS_LAYERS_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->layers, g_ptr_array_unref);

  G_OBJECT_CLASS (psems_layers_dialog_parent_class)->finalize (object);
}

static void
psems_layers_dialog_class_init (PsemsLayersDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_layers_dialog_dispose;
  object_class->finalize = psems_layers_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-layers-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsLayersDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsLayersDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsLayersDialog, layer_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsLayersDialog, add_button);

  gtk_widget_class_install_action (widget_class, "layers.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "layers.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "layers.remove", "u", remove_action);
  gtk_widget_class_install_action (widget_class, "layers.move-up", "u", move_up_action);
  gtk_widget_class_install_action (widget_class, "layers.move-down", "u", move_down_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "layers.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "layers.save", NULL);
}

static void
psems_layers_dialog_init (PsemsLayersDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_layer_free);
}

/**
 * psems_layers_dialog_new:
 * @facility_name: shown under the title
 *
 * A dialog that saves the layers through core in one go and closes once done.
 */
PsemsLayersDialog *
psems_layers_dialog_new (GtkWindow   *parent,
                         PsemsStore  *store,
                         PsemsActor  *actor,
                         gint64       facility_id,
                         const char  *facility_name,
                         GError     **error)
{
  PsemsLayersDialog *self;
  g_autoptr(GPtrArray) layers = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (facility_id > 0, NULL);

  layers = psems_layer_list (store, facility_id, error);
  if (layers == NULL)
    return NULL;
  g_ptr_array_set_free_func (layers, (GDestroyNotify) psems_layer_free);

  self = g_object_new (PSEMS_TYPE_LAYERS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor = psems_actor_ref (actor);
  self->facility_id = facility_id;
  while (layers->len > 0)
    g_ptr_array_add (self->layers, g_ptr_array_steal_index (layers, 0));
  adw_window_title_set_subtitle (self->window_title, facility_name);
  fill_list (self);
  return self;
}
