/* psems-welcome-page.c — the window without a database: create one, open one, explore demo data, or reopen a recent one. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "psems-demo.h"
#include "psems-welcome-page.h"
#include "psems-window.h"

struct _PsemsWelcomePage
{
  GtkWidget parent_instance;

  AdwStatusPage *status_page;
  GtkRevealer *error_revealer;
  GtkLabel *error_heading;
  GtkLabel *error_message;
  GtkButton *demo_button;
  GtkSpinner *demo_spinner;
  GtkLabel *demo_label;
  GtkWidget *recent_box;
  GtkListBox *recent_list;

  GSettings *settings;
  gulong recent_changed_handler;
  GCancellable *cancellable;      /* the demo being made; cancelled when the page goes */
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (PsemsWelcomePage, psems_welcome_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_OPEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * psems_welcome_dup_demo_path:
 *
 * The demo database lives in the user's cache: it is thrown away and made again each time
 * "Explore Demo Data" is chosen.
 *
 * Returns: (transfer full): its path
 */
char *
psems_welcome_dup_demo_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "psems", "demo", "demo.db", NULL);
}

gboolean
psems_welcome_is_demo_path (const char *path)
{
  g_autofree char *demo = psems_welcome_dup_demo_path ();

  return path != NULL && g_strcmp0 (path, demo) == 0;
}

static void
set_busy (PsemsWelcomePage *self,
          gboolean          busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->demo_spinner), busy);
  gtk_spinner_set_spinning (self->demo_spinner, busy);
  gtk_label_set_text_with_mnemonic (self->demo_label, busy ? _("Preparing Demo Data…")
                                                           : _("_Explore Demo Data"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.explore-demo", !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_list), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ───────────────────────────── recent databases ───────────────────────────── */

static void
remove_recent (PsemsWelcomePage *self,
               const char       *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) recent = NULL;

  if (self->settings == NULL)
    return;
  old = g_settings_get_strv (self->settings, "recent-databases");
  builder = g_strv_builder_new ();
  for (guint i = 0; old[i] != NULL; i++)
    if (g_strcmp0 (old[i], path) != 0)
      g_strv_builder_add (builder, old[i]);
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-databases", (const char * const *) recent);
}

static void
remove_clicked_cb (GtkButton        *button,
                   PsemsWelcomePage *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "psems-path");

  remove_recent (self, path);
}

static void
recent_activated_cb (AdwActionRow     *row,
                     PsemsWelcomePage *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "psems-path");

  if (!self->busy && path != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN], 0, path);
}

/* "~/Documents/port" for a folder in the home folder. */
static char *
describe_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  const char *home = g_get_home_dir ();
  size_t n = strlen (home);

  if (n > 1 && g_str_has_prefix (folder, home) && (folder[n] == '\0' || folder[n] == G_DIR_SEPARATOR))
    return g_strconcat ("~", folder + n, NULL);
  return g_steal_pointer (&folder);
}

static GtkWidget *
new_recent_row (PsemsWelcomePage *self,
                const char       *path)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *folder = describe_folder (path);
  gboolean exists = g_file_test (path, G_FILE_TEST_IS_REGULAR);
  /* Translators: %s is a database file's name, "security.db" */
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s From the List"), basename);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), basename);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  if (exists)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_widget_set_tooltip_text (row, path);
      g_signal_connect (row, "activated", G_CALLBACK (recent_activated_cb), self);
    }
  else
    {
      /* Translators: %s is a folder, "~/Documents"; said of a recent database no longer there */
      g_autofree char *subtitle = g_strdup_printf (_("Not found in %s"), folder);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "dim-label");
    }
  g_object_set_data_full (G_OBJECT (row), "psems-path", g_strdup (path), g_free);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "psems-path", g_strdup (path), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
update_recent (PsemsWelcomePage *self)
{
  g_auto(GStrv) recent = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  if (self->settings != NULL)
    recent = g_settings_get_strv (self->settings, "recent-databases");
  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      if (*recent[i] == '\0' || psems_welcome_is_demo_path (recent[i]))
        continue;
      gtk_list_box_append (self->recent_list, new_recent_row (self, recent[i]));
      n++;
    }
  gtk_widget_set_visible (self->recent_box, n > 0);
}

/* ───────────────────────────── the demo ───────────────────────────── */

/* A fresh demo each time: the old file and its journal go first. */
static void
make_demo (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  const char *path = task_data;
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsActor) actor = psems_actor_new_for_login ();
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot create the folder “%s”: %s"), folder,
                               g_strerror (saved_errno));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_remove (file) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   _("Cannot remove the old demo database “%s”: %s"), file,
                                   g_strerror (saved_errno));
          return;
        }
    }

  psems_demo_options_init (&options);
  store = psems_store_open (path, PSEMS_STORE_OPEN_CREATE, &error);
  if (store == NULL || !psems_demo_generate (store, actor, &options, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
demo_made_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PsemsWelcomePage *self = PSEMS_WELCOME_PAGE (source);
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (task, &error))
    {
      psems_welcome_page_show_error (self, _("Cannot Make the Demo Data"), error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_OPEN], 0, g_task_get_task_data (task));
}

/* A window already showing the demo keeps its file: it is opened again, not made again. */
static gboolean
demo_is_open (PsemsWelcomePage *self,
              const char       *path)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                                     : NULL;

  if (application == NULL)
    return FALSE;
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    {
      PsemsStore *store = PSEMS_IS_WINDOW (l->data) ? psems_window_get_store (l->data) : NULL;

      if (store != NULL && g_strcmp0 (psems_store_get_path (store), path) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
explore_demo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsWelcomePage *self = PSEMS_WELCOME_PAGE (widget);
  g_autofree char *path = psems_welcome_dup_demo_path ();
  g_autoptr(GTask) task = NULL;

  if (self->busy)
    return;
  psems_welcome_page_show_error (self, NULL, NULL);
  if (demo_is_open (self, path))
    {
      g_signal_emit (self, signals[SIGNAL_OPEN], 0, path);
      return;
    }

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, demo_made_cb, NULL);
  g_task_set_source_tag (task, explore_demo_action);
  g_task_set_name (task, "[psems] demo data");
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, make_demo);
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_welcome_page_map (GtkWidget *widget)
{
  PsemsWelcomePage *self = PSEMS_WELCOME_PAGE (widget);

  /* Files come and go while the page is away: look again each time it is shown. */
  update_recent (self);
  GTK_WIDGET_CLASS (psems_welcome_page_parent_class)->map (widget);
}

static void
psems_welcome_page_dispose (GObject *object)
{
  PsemsWelcomePage *self = PSEMS_WELCOME_PAGE (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings != NULL)
    g_clear_signal_handler (&self->recent_changed_handler, self->settings);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_WELCOME_PAGE);
  /* The template's outer box is not a bound child: it goes here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (psems_welcome_page_parent_class)->dispose (object);
}

static void
psems_welcome_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PsemsWelcomePage *self = PSEMS_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_welcome_page_class_init (PsemsWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_welcome_page_dispose;
  object_class->get_property = psems_welcome_page_get_property;
  widget_class->map = psems_welcome_page_map;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PsemsWelcomePage::open:
   * @path: the database to open: a recent one, or the demo just made
   */
  signals[SIGNAL_OPEN] =
    g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWelcomePage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsemsWelcomePage, error_heading);
  gtk_widget_class_bind_template_child (widget_class, PsemsWelcomePage, error_message);
  gtk_widget_class_bind_template_child (widget_class, PsemsWelcomePage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsWelcomePage, demo_spinner);
  gtk_widget_class_bind_template_child (widget_class, PsemsWelcomePage, demo_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsWelcomePage, recent_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsWelcomePage, recent_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "welcome.explore-demo", NULL, explore_demo_action);
}

static void
psems_welcome_page_init (PsemsWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
psems_welcome_page_new (void)
{
  return g_object_new (PSEMS_TYPE_WELCOME_PAGE, NULL);
}

void
psems_welcome_page_set_settings (PsemsWelcomePage *self,
                                 GSettings        *settings)
{
  g_return_if_fail (PSEMS_IS_WELCOME_PAGE (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (self->settings == settings)
    return;
  if (self->settings != NULL)
    g_clear_signal_handler (&self->recent_changed_handler, self->settings);
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    self->recent_changed_handler = g_signal_connect_swapped (settings, "changed::recent-databases",
                                                             G_CALLBACK (update_recent), self);
  update_recent (self);
}

/**
 * psems_welcome_page_show_error:
 * @heading: (nullable): what failed, "Not a PSeMS Database"
 * @message: (nullable): why, naming the file; %NULL hides the error
 */
void
psems_welcome_page_show_error (PsemsWelcomePage *self,
                               const char       *heading,
                               const char       *message)
{
  g_return_if_fail (PSEMS_IS_WELCOME_PAGE (self));

  if (message != NULL)
    {
      gtk_label_set_text (self->error_heading, heading != NULL ? heading
                                                               : _("Cannot Open the Database"));
      gtk_label_set_text (self->error_message, message);
    }
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

gboolean
psems_welcome_page_get_busy (PsemsWelcomePage *self)
{
  g_return_val_if_fail (PSEMS_IS_WELCOME_PAGE (self), FALSE);
  return self->busy;
}
