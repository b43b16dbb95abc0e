/* psems-help.c — the user guide (F1).
 *
 * The guide is written in Mallard (the pages in help/C/, translations in help/<lang>/<lang>.po). Where
 * the system has a viewer for help: URIs (Yelp) and the guide is installed where it looks
 * ($XDG_DATA_DIRS/help/<lang>/io.github.psems.Psems/), the guide opens there. Otherwise the HTML
 * build of the guide (help/html/meson.build, installed in $datadir/psems/help/<lang>/) opens in the
 * web browser, in the first of the user's languages it exists in. PSEMS_HELP_DIR names another
 * folder of HTML builds, so an uninstalled build (build-aux/dev run) opens its own. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-help.h"

#include <glib/gi18n.h>

#define HELP_ID APP_ID

/* Each section of the window and the guide's page about it. */
static const struct
{
  const char *section;
  const char *page;
} section_pages[] = {
  { "dashboard", "getting-started" },
  { "facilities", "facilities" },
  { "plans", "plans" },
  { "personnel", "personnel" },
  { "controls", "controls" },
  { "diagram", "diagram" },
  { "schedule", "schedule" },
  { "assessments", "assessments" },
  { "findings", "findings" },
  { "incidents", "incidents" },
  { "reports", "reports" },
  { "audit", "audit-trail" },
  { "users", "users" },
};

/**
 * psems_help_page_for_section:
 * @section: (nullable): a section of the window ("dashboard", "personnel", …)
 *
 * Returns: the id of the guide's page about @section, or "index" for
 *   anything else (no section, the welcome or sign-in page).
 */
const char *
psems_help_page_for_section (const char *section)
{
  for (gsize i = 0; section != NULL && i < G_N_ELEMENTS (section_pages); i++)
    if (g_str_equal (section_pages[i].section, section))
      return section_pages[i].page;
  return "index";
}

static gboolean
is_page_id (const char *page)
{
  if (*page == '\0')
    return FALSE;
  for (const char *p = page; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* The Mallard guide where a help viewer finds it: an index.page in one of
 * the user's languages (or C) under a data folder. */
static gboolean
mallard_guide_installed (void)
{
  const char * const *languages = g_get_language_names ();
  const char * const *dirs = g_get_system_data_dirs ();
  GPtrArray *all = g_ptr_array_new ();
  gboolean found = FALSE;

  g_ptr_array_add (all, (gpointer) g_get_user_data_dir ());
  for (gsize i = 0; dirs[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) dirs[i]);

  for (guint i = 0; i < all->len && !found; i++)
    for (gsize j = 0; languages[j] != NULL && !found; j++)
      {
        g_autofree char *index = g_build_filename (g_ptr_array_index (all, i), "help", languages[j],
                                                   HELP_ID, "index.page", NULL);

        found = g_file_test (index, G_FILE_TEST_IS_REGULAR);
      }
  g_ptr_array_unref (all);
  return found;
}

static gboolean
help_viewer_exists (void)
{
  g_autoptr(GAppInfo) viewer = g_app_info_get_default_for_uri_scheme ("help");

  return viewer != NULL;
}

/* The folders that may hold HTML builds of the guide, one subfolder per language. */
static GPtrArray *
html_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("PSEMS_HELP_DIR");

  if (env != NULL && *env != '\0')
    g_ptr_array_add (dirs, g_strdup (env));
  g_ptr_array_add (dirs, g_build_filename (PKGDATADIR, "help", NULL));
  return dirs;
}

/**
 * psems_help_get_uri:
 * @page: (nullable): a page of the guide ("personnel"); %NULL for its index
 * @error: where to put why the guide cannot be shown
 *
 * Finds where @page of the guide can be shown: a help: URI when a help
 * viewer and the installed guide both exist, else the file: URI of the
 * page's HTML in the first of the user's languages that has it.
 *
 * Returns: (transfer full): the URI, or %NULL with @error set
 *   (G_IO_ERROR_NOT_FOUND), naming the folders searched.
 */
char *
psems_help_get_uri (const char  *page,
                    GError     **error)
{
  const char * const *languages = g_get_language_names ();
  g_autoptr(GPtrArray) dirs = NULL;
  g_autoptr(GString) searched = NULL;

  if (page == NULL)
    page = "index";
  g_return_val_if_fail (is_page_id (page), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (mallard_guide_installed () && help_viewer_exists ())
    {
      if (g_str_equal (page, "index"))
        return g_strdup ("help:" HELP_ID);
      return g_strdup_printf ("help:%s/%s", HELP_ID, page);
    }

  dirs = html_dirs ();
  searched = g_string_new (NULL);
  for (guint i = 0; i < dirs->len; i++)
    {
      for (gsize j = 0; languages[j] != NULL; j++)
        {
          g_autofree char *file_name = g_strconcat (page, ".html", NULL);
          g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), languages[j],
                                                    file_name, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return g_filename_to_uri (path, NULL, error);
        }
      if (searched->len > 0)
        g_string_append (searched, ", ");
      g_string_append (searched, g_ptr_array_index (dirs, i));
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("The user guide is not installed: there is no help viewer with the guide “%s”, and "
                 "no page “%s.html” in %s. Install PSeMS with its help files (“meson install”), or "
                 "install Yelp"),
               HELP_ID, page, searched->str);
  return NULL;
}

/**
 * psems_help_show:
 * @parent: (nullable): the window the guide is opened for
 * @page: (nullable): a page of the guide ("personnel"); %NULL for its index
 * @error: where to put why the guide could not be opened
 *
 * Opens @page of the user guide in the help viewer, or its HTML version in
 * the web browser (see psems_help_get_uri()).
 *
 * Returns: %TRUE when the viewer or browser was started
 */
gboolean
psems_help_show (GtkWindow   *parent,
                 const char  *page,
                 GError     **error)
{
  g_autofree char *uri = NULL;
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  uri = psems_help_get_uri (page, error);
  if (uri == NULL)
    return FALSE;

  if (parent != NULL)
    context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
      gtk_widget_get_display (GTK_WIDGET (parent))));
  if (!g_app_info_launch_default_for_uri (uri, context, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   g_str_has_prefix (uri, "help:")
                     ? _("Cannot open the user guide in the help viewer (%s): %s")
                     : _("Cannot open the user guide in the web browser (%s): %s"),
                   uri, local_error->message);
      return FALSE;
    }
  return TRUE;
}
