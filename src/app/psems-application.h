/* psems-application.h — the application: its actions, its settings, and opening databases into windows. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-store.h"
#include "psems-window.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_APPLICATION (psems_application_get_type ())

G_DECLARE_FINAL_TYPE (PsemsApplication, psems_application, PSEMS, APPLICATION, AdwApplication)

PsemsApplication *psems_application_new          (const char          *application_id,
                                                  GApplicationFlags    flags);
GSettings        *psems_application_get_settings (PsemsApplication    *self);
PsemsWindow      *psems_application_open_path    (PsemsApplication    *self,
                                                  const char          *path,
                                                  PsemsStoreOpenFlags  flags,
                                                  PsemsWindow         *window);
PsemsWindow      *psems_application_open_default (PsemsApplication    *self);

G_END_DECLS
