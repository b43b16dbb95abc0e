/* psems-preferences-window.c — the Preferences window: reminders, compliance pack defaults and automatic backups, kept in GSettings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "psems-pack.h"
#include "psems-preferences-window.h"
#include "psems-ui-util.h"

struct _PsemsPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwPreferencesGroup *unavailable_group;
  AdwPreferencesGroup *reminders_group;
  AdwPreferencesGroup *backups_group;
  AdwPreferencesGroup *marking_group;
  AdwPreferencesGroup *sections_group;
  GtkSwitch *reminders_on_start_switch;
  AdwActionRow *reminder_horizon_row;
  GtkSpinButton *reminder_horizon_spin;
  GtkSpinButton *expiry_warning_spin;
  GtkSpinButton *backup_keep_spin;
  AdwActionRow *backup_folder_row;
  AdwEntryRow *marking_row;
  GtkMenuButton *marking_button;

  GtkSwitch *section_switches[PSEMS_PACK_N_SECTIONS];

  GSettings *settings;              /* NULL when the schema is not installed */
  GtkFileChooserNative *chooser;
  gboolean updating_sections;
};

G_DEFINE_FINAL_TYPE (PsemsPreferencesWindow, psems_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Bounds from the schema's range, so the spin button cannot offer what the key refuses. */
static void
bind_spin (PsemsPreferencesWindow *self,
           GtkSpinButton          *spin,
           const char             *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) bounds = NULL;
  const char *type;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &type, &bounds);
  if (g_strcmp0 (type, "range") == 0)
    {
      gint32 min, max;

      g_variant_get (bounds, "(ii)", &min, &max);
      gtk_spin_button_set_range (spin, min, max);
    }
  else
    {
      gtk_spin_button_set_range (spin, 0, G_MAXINT32);
    }
  g_settings_bind (self->settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
}

/* ---- Backup folder ------------------------------------------------------------ */

/* Folders under the home folder read as ~/… */
static char *
dup_display_folder (const char *folder)
{
  const char *home = g_get_home_dir ();
  size_t len = strlen (home);

  if (len > 1 && strncmp (folder, home, len) == 0 && folder[len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", folder + len, NULL);
  return g_strdup (folder);
}

static void
update_backup_folder (PsemsPreferencesWindow *self)
{
  g_autofree char *folder = NULL;
  g_autofree char *fallback = NULL;

  if (self->settings != NULL)
    folder = g_settings_get_string (self->settings, "backup-folder");
  if (folder != NULL && *folder != '\0')
    {
      g_autofree char *shown = dup_display_folder (folder);

      adw_action_row_set_subtitle (self->backup_folder_row, shown);
    }
  else
    {
      g_autofree char *state = g_build_filename (g_get_user_state_dir (), "psems", "backups", NULL);
      g_autofree char *shown = dup_display_folder (state);

      /* Translators: %s is a folder such as /home/ana/.local/state/psems/backups */
      fallback = g_strdup_printf (_("A folder for each database in %s"), shown);
      adw_action_row_set_subtitle (self->backup_folder_row, fallback);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.reset-backup-folder",
                                 folder != NULL && *folder != '\0');
}

static void
backup_folder_changed_cb (GSettings              *settings,
                          const char             *key,
                          PsemsPreferencesWindow *self)
{
  update_backup_folder (self);
}

static void
chooser_response_cb (GtkNativeDialog        *dialog,
                     int                     response,
                     PsemsPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->settings != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      /* A folder without a local path (a remote location) cannot hold backups. */
      if (path != NULL)
        g_settings_set_string (self->settings, "backup-folder", path);
      else
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                          psems_ui_new_toast (_("Choose a folder on this computer")));
    }
  g_clear_object (&self->chooser);
}

static void
choose_backup_folder_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  PsemsPreferencesWindow *self = PSEMS_PREFERENCES_WINDOW (widget);
  g_autofree char *folder = NULL;

  if (self->chooser != NULL || self->settings == NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Backup Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  folder = g_settings_get_string (self->settings, "backup-folder");
  if (*folder != '\0')
    {
      g_autoptr(GFile) current = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_backup_folder_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  PsemsPreferencesWindow *self = PSEMS_PREFERENCES_WINDOW (widget);

  if (self->settings != NULL)
    g_settings_reset (self->settings, "backup-folder");
}

/* ---- Marking and sections ----------------------------------------------------- */

static void
set_marking_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsPreferencesWindow *self = PSEMS_PREFERENCES_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->marking_row), g_variant_get_string (parameter, NULL));
}

/* pack-sections lists section keys; none means every section. */
static guint
read_sections (PsemsPreferencesWindow *self)
{
  g_auto(GStrv) keys = NULL;
  guint sections = 0;

  if (self->settings == NULL)
    return PSEMS_PACK_ALL_SECTIONS;
  keys = g_settings_get_strv (self->settings, "pack-sections");
  for (guint k = 0; keys[k] != NULL; k++)
    for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
      if (g_strcmp0 (keys[k], psems_pack_section_to_string ((PsemsPackSection) (1u << i))) == 0)
        sections |= 1u << i;
  return sections != 0 ? sections : PSEMS_PACK_ALL_SECTIONS;
}

static void
show_sections (PsemsPreferencesWindow *self)
{
  guint sections = read_sections (self);
  gboolean only_one = (sections & (sections - 1)) == 0;

  self->updating_sections = TRUE;
  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    {
      gboolean on = (sections & (1u << i)) != 0;

      gtk_switch_set_active (self->section_switches[i], on);
      /* A pack of the cover alone says nothing: the last section on stays on. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->section_switches[i]), !(on && only_one));
    }
  self->updating_sections = FALSE;
}

static void
sections_changed_cb (GSettings              *settings,
                     const char             *key,
                     PsemsPreferencesWindow *self)
{
  show_sections (self);
}

static void
section_switch_active_cb (GtkSwitch              *sw,
                          GParamSpec             *pspec,
                          PsemsPreferencesWindow *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) keys = NULL;
  guint sections = 0;

  if (self->updating_sections || self->settings == NULL)
    return;
  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    if (gtk_switch_get_active (self->section_switches[i]))
      sections |= 1u << i;
  if (sections == 0)
    {
      show_sections (self);
      return;
    }

  builder = g_strv_builder_new ();
  if (sections != PSEMS_PACK_ALL_SECTIONS)
    for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
      if (sections & (1u << i))
        g_strv_builder_add (builder, psems_pack_section_to_string ((PsemsPackSection) (1u << i)));
  keys = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "pack-sections", (const char * const *) keys);
}

static void
add_section_rows (PsemsPreferencesWindow *self)
{
  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    {
      PsemsPackSection section = (PsemsPackSection) (1u << i);
      g_autofree char *name = g_strdup_printf ("prefs-section-%s",
                                               psems_pack_section_to_string (section));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), psems_pack_section_get_title (section));
      gtk_widget_set_name (row, name);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      psems_pack_section_get_title (section), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      g_signal_connect (sw, "notify::active", G_CALLBACK (section_switch_active_cb), self);
      adw_preferences_group_add (self->sections_group, row);
      self->section_switches[i] = GTK_SWITCH (sw);
    }
}

/* ---- The window --------------------------------------------------------------- */

static void
psems_preferences_window_dispose (GObject *object)
{
  PsemsPreferencesWindow *self = PSEMS_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (psems_preferences_window_parent_class)->dispose (object);
}

static void
psems_preferences_window_class_init (PsemsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, unavailable_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, reminders_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, backups_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, marking_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, sections_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow,
                                        reminders_on_start_switch);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, reminder_horizon_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, reminder_horizon_spin);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, expiry_warning_spin);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, backup_keep_spin);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, backup_folder_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, marking_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsPreferencesWindow, marking_button);

  gtk_widget_class_install_action (widget_class, "prefs.set-marking", "s", set_marking_action);
  gtk_widget_class_install_action (widget_class, "prefs.choose-backup-folder", NULL,
                                   choose_backup_folder_action);
  gtk_widget_class_install_action (widget_class, "prefs.reset-backup-folder", NULL,
                                   reset_backup_folder_action);
}

static void
psems_preferences_window_init (PsemsPreferencesWindow *self)
{
  g_autoptr(GMenuModel) marking_menu = psems_ui_new_marking_menu ("prefs.set-marking");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_menu_model (self->marking_button, marking_menu);
  add_section_rows (self);

  self->settings = psems_ui_dup_settings ();
  if (self->settings == NULL)
    {
      /* Nothing could be kept: show the defaults, greyed, and say why. */
      gtk_widget_set_visible (GTK_WIDGET (self->unavailable_group), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->reminders_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->backups_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->marking_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->sections_group), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.choose-backup-folder", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.set-marking", FALSE);
      show_sections (self);
      update_backup_folder (self);
      return;
    }

  g_settings_bind (self->settings, "reminders-on-start", self->reminders_on_start_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  /* The horizon matters only while reminders are shown. */
  g_settings_bind (self->settings, "reminders-on-start", self->reminder_horizon_row, "sensitive",
                   G_SETTINGS_BIND_GET);
  bind_spin (self, self->reminder_horizon_spin, "reminder-horizon-days");
  bind_spin (self, self->expiry_warning_spin, "expiry-warning-days");
  bind_spin (self, self->backup_keep_spin, "backup-keep");
  g_settings_bind (self->settings, "pack-marking", self->marking_row, "text",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect (self->settings, "changed::backup-folder",
                    G_CALLBACK (backup_folder_changed_cb), self);
  g_signal_connect (self->settings, "changed::pack-sections",
                    G_CALLBACK (sections_changed_cb), self);
  update_backup_folder (self);
  show_sections (self);
}

/**
 * psems_preferences_window_new:
 * @parent: (nullable): the window the preferences are opened from
 *
 * Returns: (transfer none): a new Preferences window, modal over @parent and in its
 *   application; present it.
 */
GtkWindow *
psems_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (PSEMS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
}
