/* main.c — the psems program: set up translations, then run the application. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "psems-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PsemsApplication) application = NULL;
  /* Lets `build-aux/dev run` use the catalogues built in the build tree. */
  const char *localedir = g_getenv ("PSEMS_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = psems_application_new (APP_ID, G_APPLICATION_HANDLES_OPEN);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
