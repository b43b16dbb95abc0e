/* psems-application.c — the application: its actions, its settings, and opening databases into windows. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <epoxy/gl.h>
#include <glib/gi18n.h>
#include <malloc.h>
#include <string.h>

#include "psems-app-resources.h"
#include "psems-application.h"
#include "psems-help.h"
#include "psems-measure.h"
#include "psems-ui-util.h"
#include "psems-preferences-window.h"
#include "psems-welcome-page.h"
#include "psems-window.h"

#define MAX_RECENT_DATABASES 10

struct _PsemsApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  char *db_path;            /* from --db, for the first window */
};

G_DEFINE_FINAL_TYPE (PsemsApplication, psems_application, ADW_TYPE_APPLICATION)

static GSettings *
new_settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      /* Running from the build tree without GSETTINGS_SCHEMA_DIR: work, but forget. */
      g_warning ("The settings schema %s is not installed; window size and section "
                 "will not be remembered", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
remember_recent (PsemsApplication *self,
                 const char       *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  /* The demo is made again each time: it is not a database to come back to. */
  if (self->settings == NULL || psems_welcome_is_demo_path (path))
    return;

  old = g_settings_get_strv (self->settings, "recent-databases");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_DATABASES; i++)
    {
      if (g_strcmp0 (old[i], path) == 0)
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-databases", (const char * const *) recent);
}

/**
 * psems_application_open_path:
 * @path: the database file
 * @flags: %PSEMS_STORE_OPEN_CREATE to make a new database of a missing or empty file
 * @window: (nullable): the window to show it in; %NULL for a new window
 *
 * Opens @path and shows it. A database the store refuses is left untouched, and the
 * window (the one it had, or a new empty one) explains why in a dialog.
 *
 * Returns: (transfer none): the window
 */
PsemsWindow *
psems_application_open_path (PsemsApplication    *self,
                             const char          *path,
                             PsemsStoreOpenFlags  flags,
                             PsemsWindow         *window)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (PSEMS_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (window == NULL || PSEMS_IS_WINDOW (window), NULL);

  store = psems_store_open (path, flags, &error);

  if (window == NULL)
    window = psems_window_new (GTK_APPLICATION (self), store);
  else if (store != NULL)
    psems_window_set_store (window, store);
  gtk_window_present (GTK_WINDOW (window));

  if (store == NULL)
    psems_window_show_open_error (window, error);
  else
    remember_recent (self, psems_store_get_path (store));
  return window;
}

/**
 * psems_application_open_default:
 *
 * Opens the database the user worked on last (the first of the recent databases that is still
 * there), else their own (`$XDG_DATA_HOME/psems/psems.db`) if it exists, in a new window. On
 * the first run there is neither: the window shows the welcome page, which creates, opens or
 * makes demo data; nothing is created unasked.
 *
 * Returns: (transfer none): the window
 */
PsemsWindow *
psems_application_open_default (PsemsApplication *self)
{
  g_autofree char *path = psems_store_default_path ();
  g_auto(GStrv) recent = NULL;
  PsemsWindow *window;

  g_return_val_if_fail (PSEMS_IS_APPLICATION (self), NULL);

  if (self->settings != NULL)
    recent = g_settings_get_strv (self->settings, "recent-databases");
  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    if (!psems_welcome_is_demo_path (recent[i]) && g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
      return psems_application_open_path (self, recent[i], PSEMS_STORE_OPEN_DEFAULT, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return psems_application_open_path (self, path, PSEMS_STORE_OPEN_DEFAULT, NULL);

  window = psems_window_new (GTK_APPLICATION (self), NULL);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static PsemsWindow *
get_active_window (PsemsApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return PSEMS_IS_WINDOW (window) ? PSEMS_WINDOW (window) : NULL;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PsemsApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing, not destroying, so each window saves its size and section. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PsemsApplication *self = user_data;
  PsemsWindow *window = get_active_window (self);
  PsemsStore *store = window != NULL ? psems_window_get_store (window) : NULL;
  g_autofree char *debug_info = NULL;
  const char *developers[] = { "The PSeMS developers", NULL };

  if (store != NULL)
    debug_info = g_strdup_printf ("PSeMS %s\nDatabase: %s\nSchema version: %d\n"
                                  "GTK %u.%u.%u, libadwaita %u.%u.%u, GLib %u.%u.%u\n",
                                  PACKAGE_VERSION, psems_store_get_path (store),
                                  psems_store_get_schema_version (store),
                                  gtk_get_major_version (), gtk_get_minor_version (),
                                  gtk_get_micro_version (),
                                  adw_get_major_version (), adw_get_minor_version (),
                                  adw_get_micro_version (),
                                  glib_major_version, glib_minor_version, glib_micro_version);
  else
    debug_info = g_strdup_printf ("PSeMS %s\nNo database open\n", PACKAGE_VERSION);

  adw_show_about_window (window != NULL ? GTK_WINDOW (window) : NULL,
                         "application-name", _("PSeMS"),
                         "application-icon", APP_ID,
                         "developer-name", _("The PSeMS developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Port Security Management System: security levels, plans, "
                                       "vetting, controls, audits and findings for port facilities"),
                         "website", "https://github.com/psems/psems",
                         "issue-url", "https://github.com/psems/psems/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", _("© 2026 The PSeMS developers"),
                         "developers", developers,
                         /* Translators: your name and email, one translator a line */
                         "translator-credits", _("translator-credits"),
                         "debug-info", debug_info,
                         NULL);
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PsemsWindow *window = get_active_window (user_data);

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

/* The user guide, in the system's help viewer. */
/* F1: the user guide at the page for the section shown (yelp when installed, else its HTML). */
static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PsemsWindow *window = get_active_window (user_data);
  const char *page = psems_help_page_for_section (window != NULL ? psems_window_get_section (window) : NULL);
  g_autoptr(GError) error = NULL;

  if (psems_help_show (window != NULL ? GTK_WINDOW (window) : NULL, page, &error))
    return;
  if (window != NULL)
    psems_ui_show_error_dialog (GTK_WIDGET (window), "help-error", _("Cannot Open the User Guide"), error);
  else
    g_printerr ("%s\n", error->message);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PsemsWindow *window = get_active_window (user_data);

  gtk_window_present (psems_preferences_window_new (window != NULL ? GTK_WINDOW (window) : NULL));
}

typedef struct
{
  PsemsApplication *application;
  GWeakRef window;
  PsemsStoreOpenFlags flags;
} ChooserData;

static void
chooser_data_free (gpointer data)
{
  ChooserData *chooser_data = data;

  g_object_unref (chooser_data->application);
  g_weak_ref_clear (&chooser_data->window);
  g_free (chooser_data);
}

static void
chooser_response_cb (GtkNativeDialog *native,
                     int              response,
                     gpointer         user_data)
{
  ChooserData *data = g_object_get_data (G_OBJECT (native), "psems-chooser");
  g_autoptr(PsemsWindow) window = g_weak_ref_get (&data->window);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path != NULL)
        psems_application_open_path (data->application, path, data->flags, window);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
add_database_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) databases = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (databases, _("PSeMS databases"));
  gtk_file_filter_add_pattern (databases, "*.db");
  gtk_file_filter_add_pattern (databases, "*.psems");
  gtk_file_filter_add_pattern (databases, "*.sqlite");
  gtk_file_filter_add_pattern (databases, "*.sqlite3");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, databases);
  gtk_file_chooser_add_filter (chooser, all);
}

static void
run_chooser (PsemsApplication     *self,
             GtkFileChooserAction  chooser_action,
             const char           *title,
             const char           *accept_label,
             PsemsStoreOpenFlags   flags)
{
  PsemsWindow *window = get_active_window (self);
  GtkFileChooserNative *native;
  ChooserData *data;
  g_autofree char *default_path = psems_store_default_path ();
  g_autofree char *default_folder = g_path_get_dirname (default_path);
  g_autoptr(GFile) folder = NULL;

  native = gtk_file_chooser_native_new (title, window != NULL ? GTK_WINDOW (window) : NULL,
                                        chooser_action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_database_filters (GTK_FILE_CHOOSER (native));
  if (g_file_test (default_folder, G_FILE_TEST_IS_DIR))
    {
      folder = g_file_new_for_path (default_folder);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }
  if (chooser_action == GTK_FILE_CHOOSER_ACTION_SAVE)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("security.db"));

  data = g_new0 (ChooserData, 1);
  data->application = g_object_ref (self);
  g_weak_ref_init (&data->window, window);
  data->flags = flags;
  g_object_set_data_full (G_OBJECT (native), "psems-chooser", data, chooser_data_free);
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_database_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  run_chooser (user_data, GTK_FILE_CHOOSER_ACTION_OPEN,
               _("Open Database"), _("_Open"), PSEMS_STORE_OPEN_DEFAULT);
}

static void
new_database_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  run_chooser (user_data, GTK_FILE_CHOOSER_ACTION_SAVE,
               _("New Database"), _("C_reate"), PSEMS_STORE_OPEN_CREATE);
}

static void
show_section_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PsemsApplication *self = user_data;
  PsemsWindow *window = get_active_window (self);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = get_active_window (self);
    }
  if (window == NULL)
    return;
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-section", parameter);
  gtk_window_present (GTK_WINDOW (window));
}

/* Signs out of every window that has someone signed in: whoever leaves the workstation
 * leaves no database open to the next person. Each window's own "Sign Out" is win.sign-out;
 * this one also answers `gapplication action io.github.psems.Psems sign-out`. */
static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PsemsApplication *self = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PSEMS_IS_WINDOW (l->data))
      gtk_widget_activate_action (GTK_WIDGET (l->data), "win.sign-out", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "shortcuts", shortcuts_action },
  { "help", help_action },
  { "preferences", preferences_action },
  { "open-database", open_database_action },
  { "new-database", new_database_action },
  { "show-section", show_section_action, "s" },
  { "sign-out", sign_out_action },
};

static int
psems_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  PsemsApplication *self = PSEMS_APPLICATION (application);
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("psems %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "measure-startup"))
    psems_measure_startup_arm (GTK_APPLICATION (self));

  if (!g_variant_dict_lookup (options, "db", "^ay", &db))
    return -1;

  g_clear_pointer (&self->db_path, g_free);
  self->db_path = g_canonicalize_filename (db, NULL);

  /* A running PSeMS opens the file in a window of its own. */
  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (g_application_get_is_remote (application))
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->db_path);

      g_application_open (application, &file, 1, "");
      return 0;
    }
  return -1;
}

/* GTK 4.8 draws with OpenGL wherever it can, also on Mesa's llvmpipe: OpenGL emulated on the
 * processor, as in virtual machines, remote desktops and thin clients without a graphics card.
 * There the cairo renderer is faster, and lighter by tens of MiB (llvmpipe keeps the textures,
 * glyph atlases among them, in the process's memory: 233 against 134 MiB on Personnel with a
 * million persons). GTK itself makes this choice from 4.14 on; PSeMS makes it on 4.8, unless
 * GSK_RENDERER says otherwise. Before any window has a renderer. */
static void
avoid_software_gl (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;

  if (display == NULL || g_getenv ("GSK_RENDERER") != NULL)
    return;
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return;
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  /* The display's own choice, which GTK asks before GSK_RENDERER (checked above): no setenv(),
   * which is unsafe once threads run. */
  if (renderer != NULL && strstr (renderer, "llvmpipe") != NULL)
    g_object_set_data (G_OBJECT (display), "gsk-renderer", (gpointer) "cairo");
  gdk_gl_context_clear_current ();
}

static void
psems_application_startup (GApplication *application)
{
  PsemsApplication *self = PSEMS_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  /* Ctrl+N is each section's own "new" (a facility, …); a new database is rarer. */
  static const char *new_accels[] = { "<Control><Shift>n", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static gsize name_set = 0;

  G_APPLICATION_CLASS (psems_application_parent_class)->startup (application);

  /* Once a process, however many applications it runs (the tests run several). */
  if (g_once_init_enter (&name_set))
    {
      /* glibc gives each thread that allocates an arena of its own and keeps what it frees
       * there; the workers (counts, searches, backups) made several, 5–7 MiB of peak memory
       * together on a large database. Two arenas serve a desktop application's few threads
       * without contention worth measuring. Before any worker starts. */
      mallopt (M_ARENA_MAX, 2);
      /* glibc raises its mmap threshold to the size of each large block freed, up to 32 MiB:
       * after the first frame, GTK's per-frame image of the window (3–4 MiB with the cairo
       * renderer) came from the heap and its pages stayed there, 8–10 MiB of peak on the
       * Personnel page at 1400 × 900. A fixed threshold gives such blocks back when freed. */
      mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
      avoid_software_gl ();
      g_set_application_name (_("PSeMS"));
      g_once_init_leave (&name_set, 1);
    }
  gtk_window_set_default_icon_name (APP_ID);
  self->settings = new_settings_if_installed ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.open-database", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-database", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  /* GTK sets this only for a gtk/help-overlay.ui resource, which PsemsWindow no longer has. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
}

static void
psems_application_activate (GApplication *application)
{
  PsemsApplication *self = PSEMS_APPLICATION (application);
  PsemsWindow *window = get_active_window (self);
  g_autofree char *db_path = g_steal_pointer (&self->db_path);

  if (db_path != NULL)
    psems_application_open_path (self, db_path, PSEMS_STORE_OPEN_DEFAULT, NULL);
  else if (window != NULL)
    gtk_window_present (GTK_WINDOW (window));
  else
    psems_application_open_default (self);
}

static void
psems_application_open (GApplication  *application,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  PsemsApplication *self = PSEMS_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        psems_application_open_path (self, path, PSEMS_STORE_OPEN_DEFAULT, NULL);
    }
}

static void
psems_application_finalize (GObject *object)
{
  PsemsApplication *self = PSEMS_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (psems_application_parent_class)->finalize (object);
}

static void
psems_application_class_init (PsemsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = psems_application_finalize;
  application_class->handle_local_options = psems_application_handle_local_options;
  application_class->startup = psems_application_startup;
  application_class->activate = psems_application_activate;
  application_class->open = psems_application_open;

  /* The resources live in a static library: naming them keeps the linker from
   * dropping them, and their constructor registers them. */
  g_assert (psems_app_get_resource () != NULL);
}

static void
psems_application_init (PsemsApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "db", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_FILENAME,
                                 _("Open the database FILE instead of your own"), _("FILE"));
  g_application_add_main_option (G_APPLICATION (self), "version", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Show the version and exit"), NULL);
  g_application_add_main_option (G_APPLICATION (self), "measure-startup", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Time the start-up to the first frame and to the dashboard’s figures, print both and quit"),
                                 NULL);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Port Security Management System"));
}

/**
 * psems_application_new:
 * @flags: %G_APPLICATION_HANDLES_OPEN for the program; tests add %G_APPLICATION_NON_UNIQUE
 */
PsemsApplication *
psems_application_new (const char        *application_id,
                       GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (PSEMS_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * psems_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the application's settings, or %NULL when the
 *   schema is not installed
 */
GSettings *
psems_application_get_settings (PsemsApplication *self)
{
  g_return_val_if_fail (PSEMS_IS_APPLICATION (self), NULL);
  return self->settings;
}
