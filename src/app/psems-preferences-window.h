/* psems-preferences-window.h — the Preferences window: reminders, compliance pack defaults and automatic backups, kept in GSettings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PSEMS_TYPE_PREFERENCES_WINDOW (psems_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PsemsPreferencesWindow, psems_preferences_window, PSEMS,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWindow *psems_preferences_window_new (GtkWindow *parent);

G_END_DECLS
