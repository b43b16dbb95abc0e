/* psems-undo.h — the "Undo" toast a page shows after a soft deletion, and Ctrl+Z while it shows. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-actor.h"
#include "psems-store.h"

G_BEGIN_DECLS

/* Restores what was deleted; @error says why it could not. */
typedef gboolean (*PsemsUndoFunc) (gpointer   data,
                                   GError   **error);

AdwToast *psems_undo_toast_new     (const char      *title,
                                    PsemsUndoFunc    restore,
                                    gpointer         data,
                                    GDestroyNotify   destroy);
AdwToast *psems_undo_show          (AdwToastOverlay *overlay,
                                    const char      *title,
                                    PsemsUndoFunc    restore,
                                    gpointer         data,
                                    GDestroyNotify   destroy);
/* A core restore function: psems_facility_restore(), psems_area_restore(), … */
typedef gboolean (*PsemsRestoreFunc) (PsemsStore  *store,
                                      PsemsActor  *actor,
                                      gint64       id,
                                      GError     **error);

AdwToast *psems_undo_show_record   (AdwToastOverlay  *overlay,
                                    const char       *title,
                                    PsemsStore       *store,
                                    PsemsActor       *actor,
                                    gint64            id,
                                    PsemsRestoreFunc  restore);
AdwToast *psems_undo_get_pending   (AdwToastOverlay *overlay);
gboolean  psems_undo_activate      (AdwToastOverlay *overlay);

G_END_DECLS
