/* test-help.c — F1: which page of the guide each section opens, the help viewer when it has the
 * guide, the HTML guide in the user's language otherwise, and an error naming what is missing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "psems-help.h"

/* A home of its own, set before GLib caches any folder: data, config, system data, HTML guide. */
static char *tmp_dir;
static char *html_dir;
static char *marker;

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static char *
html_uri (const char *lang,
          const char *page)
{
  g_autofree char *file_name = g_strconcat (page, ".html", NULL);
  g_autofree char *path = g_build_filename (html_dir, lang, file_name, NULL);

  return g_filename_to_uri (path, NULL, NULL);
}

/* Every section opens a page the guide has. */
static void
test_section_pages (void)
{
  static const char * const sections[] = {
    "dashboard", "facilities", "plans", "personnel", "controls", "diagram", "schedule",
    "assessments", "findings", "incidents", "reports", "audit", "users",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      const char *page = psems_help_page_for_section (sections[i]);
      g_autofree char *file_name = g_strconcat (page, ".page", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "help", "C", file_name, NULL);

      g_assert_cmpstr (page, !=, "index");
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpstr (psems_help_page_for_section ("audit"), ==, "audit-trail");
  g_assert_cmpstr (psems_help_page_for_section ("dashboard"), ==, "getting-started");
  g_assert_cmpstr (psems_help_page_for_section (NULL), ==, "index");
  g_assert_cmpstr (psems_help_page_for_section ("welcome"), ==, "index");
}

/* No installed guide for a help viewer: the HTML page in the first of the
 * user's languages that has it, C last. */
static void
test_html_language (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fr = html_uri ("fr", "personnel");
  g_autofree char *c = html_uri ("C", "personnel");
  g_autofree char *c_index = html_uri ("C", "index");
  char *uri;

  g_setenv ("LANGUAGE", "fr", TRUE);
  uri = psems_help_get_uri ("personnel", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, fr);
  g_free (uri);

  /* No Dutch build of the guide: the C one. */
  g_setenv ("LANGUAGE", "nl", TRUE);
  uri = psems_help_get_uri ("personnel", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, c);
  g_free (uri);

  uri = psems_help_get_uri (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, c_index);
  g_free (uri);
  g_setenv ("LANGUAGE", "C", TRUE);
}

static void
test_missing_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = psems_help_get_uri ("no-such-page", &error);

  g_assert_null (uri);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-page.html"));
  g_assert_nonnull (strstr (error->message, html_dir));
}

/* A help viewer and the installed guide: help: URIs, and F1 starts the viewer with one. */
static void
test_help_viewer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *index = g_build_filename (g_get_user_data_dir (), "help", "C", APP_ID,
                                             "index.page", NULL);
  g_autofree char *contents = NULL;
  char *uri;

  write_file (index, "<page xmlns=\"http://projectmallard.org/1.0/\" id=\"index\"/>\n");

  uri = psems_help_get_uri ("backups", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "help:" APP_ID "/backups");
  g_free (uri);
  uri = psems_help_get_uri (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "help:" APP_ID);
  g_free (uri);

  g_assert_true (psems_help_show (NULL, "schedule", &error));
  g_assert_no_error (error);
  for (int i = 0; i < 100 && !g_file_get_contents (marker, &contents, NULL, NULL); i++)
    g_usleep (50 * 1000);
  g_assert_nonnull (contents);
  g_assert_cmpstr (g_strstrip (contents), ==, "help:" APP_ID "/schedule");

  g_assert_cmpint (g_unlink (index), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *viewer = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *mimeapps = NULL;
  g_autofree char *desktop_text = NULL;
  g_autofree char *path = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("psems-test-help-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  html_dir = g_build_filename (tmp_dir, "html", NULL);
  marker = g_build_filename (tmp_dir, "viewer-ran", NULL);
  path = g_build_filename (tmp_dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", path, TRUE);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (tmp_dir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", path, TRUE);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (tmp_dir, "system", NULL);
  g_setenv ("XDG_DATA_DIRS", path, TRUE);
  g_clear_pointer (&path, g_free);
  g_setenv ("PSEMS_HELP_DIR", html_dir, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  for (const char * const *lang = (const char * const[]) { "C", "fr", NULL }; *lang != NULL; lang++)
    for (const char * const *page = (const char * const[]) { "index", "personnel", NULL }; *page != NULL; page++)
      {
        g_autofree char *file_name = g_strconcat (*page, ".html", NULL);
        g_autofree char *file = g_build_filename (html_dir, *lang, file_name, NULL);

        write_file (file, "<html></html>\n");
      }

  /* A stand-in help viewer: writes the URI it was given into the marker. */
  viewer = g_build_filename (tmp_dir, "viewer", NULL);
  path = g_strdup_printf ("#!/bin/sh\necho \"$1\" > '%s'\n", marker);
  write_file (viewer, path);
  g_clear_pointer (&path, g_free);
  g_assert_cmpint (g_chmod (viewer, 0700), ==, 0);
  desktop = g_build_filename (g_get_user_data_dir (), "applications", "psems-test-help.desktop", NULL);
  desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Help\nExec=%s %%u\n"
                                  "MimeType=x-scheme-handler/help;\n", viewer);
  write_file (desktop, desktop_text);
  mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  write_file (mimeapps, "[Default Applications]\nx-scheme-handler/help=psems-test-help.desktop\n");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/help/section-pages", test_section_pages);
  g_test_add_func ("/help/html-language", test_html_language);
  g_test_add_func ("/help/missing-page", test_missing_page);
  g_test_add_func ("/help/help-viewer", test_help_viewer);
  status = g_test_run ();

  remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (html_dir);
  g_free (marker);
  return status;
}
