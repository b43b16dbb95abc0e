/* psems-undo.c — the "Undo" toast a page shows after a soft deletion, and Ctrl+Z while it shows. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-ui-util.h"
#include "psems-undo.h"

/* Deleting asks nothing (the deletion is soft); the toast's button brings the record back
 * through its core restore function, which is audited and permission-checked like the
 * deletion. Pages follow their store, so the restored row reappears when the store says
 * it changed; a restore that fails is said in a second toast on the same overlay. */

#define PENDING_KEY "psems-undo-pending"

typedef struct
{
  PsemsUndoFunc    restore;
  gpointer         data;
  GDestroyNotify   destroy;
  AdwToastOverlay *overlay;   /* weak: set when shown */
  gboolean         done;
} UndoClosure;

static void
undo_closure_free (gpointer user_data)
{
  UndoClosure *closure = user_data;

  if (closure->destroy != NULL)
    closure->destroy (closure->data);
  g_clear_weak_pointer (&closure->overlay);
  g_free (closure);
}

static void
forget_pending (AdwToast *toast)
{
  UndoClosure *closure = g_object_get_data (G_OBJECT (toast), "psems-undo");

  if (closure != NULL && closure->overlay != NULL &&
      g_object_get_data (G_OBJECT (closure->overlay), PENDING_KEY) == toast)
    g_object_set_data (G_OBJECT (closure->overlay), PENDING_KEY, NULL);
}

static void
button_clicked_cb (AdwToast *toast,
                   gpointer  user_data)
{
  UndoClosure *closure = user_data;
  g_autoptr(GError) error = NULL;

  if (closure->done)
    return;
  closure->done = TRUE;
  forget_pending (toast);
  if (!closure->restore (closure->data, &error))
    {
      g_autofree char *text = NULL;

      g_warn_if_fail (error != NULL);
      /* Translators: %s says why a deleted record could not be brought back */
      text = g_strdup_printf (_("Not restored: %s"),
                              error != NULL ? error->message : _("unknown error"));
      if (closure->overlay != NULL)
        {
          AdwToast *failed = psems_ui_new_toast (text);

          adw_toast_set_timeout (failed, 0);
          adw_toast_overlay_add_toast (closure->overlay, failed);
        }
      else
        g_warning ("%s", text);
    }
}

static void
dismissed_cb (AdwToast *toast,
              gpointer  user_data)
{
  forget_pending (toast);
}

/**
 * psems_undo_toast_new:
 * @title: what was deleted, e.g. "“Night patrol” deleted" (plain text)
 * @restore: brings it back
 * @data: (transfer full): @restore's argument, freed with @destroy with the toast
 *
 * Returns: (transfer full): a toast whose "Undo" button calls @restore once.
 * Show it with psems_undo_show() so that a failed restore is reported and Ctrl+Z finds it.
 */
AdwToast *
psems_undo_toast_new (const char     *title,
                      PsemsUndoFunc   restore,
                      gpointer        data,
                      GDestroyNotify  destroy)
{
  AdwToast *toast;
  UndoClosure *closure;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (restore != NULL, NULL);

  toast = psems_ui_new_toast (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  closure = g_new0 (UndoClosure, 1);
  closure->restore = restore;
  closure->data = data;
  closure->destroy = destroy;
  g_object_set_data_full (G_OBJECT (toast), "psems-undo", closure, undo_closure_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (button_clicked_cb), closure);
  g_signal_connect (toast, "dismissed", G_CALLBACK (dismissed_cb), NULL);
  return toast;
}

/**
 * psems_undo_show:
 * @overlay: the page's toast overlay
 *
 * Shows an undo toast (see psems_undo_toast_new()) on @overlay and makes it the one
 * psems_undo_activate() acts on.
 *
 * Returns: (transfer none): the toast, for tests.
 */
AdwToast *
psems_undo_show (AdwToastOverlay *overlay,
                 const char      *title,
                 PsemsUndoFunc    restore,
                 gpointer         data,
                 GDestroyNotify   destroy)
{
  AdwToast *toast;
  AdwToast *previous;
  UndoClosure *closure;

  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), NULL);

  /* One deletion at a time can be undone: the newest. Its toast replaces the previous one
   * at once rather than waiting behind it (libadwaita 1.2 cannot show a high-priority toast
   * over another without losing the other). */
  previous = psems_undo_get_pending (overlay);
  if (previous != NULL)
    adw_toast_dismiss (previous);
  toast = psems_undo_toast_new (title, restore, data, destroy);
  closure = g_object_get_data (G_OBJECT (toast), "psems-undo");
  g_set_weak_pointer (&closure->overlay, overlay);
  /* The overlay keeps its own reference while the toast shows. */
  g_object_set_data_full (G_OBJECT (overlay), PENDING_KEY, g_object_ref (toast), g_object_unref);
  adw_toast_overlay_add_toast (overlay, toast);
  return toast;
}

typedef struct
{
  PsemsStore       *store;
  PsemsActor       *actor;
  gint64            id;
  PsemsRestoreFunc  restore;
} RecordUndo;

static void
record_undo_free (gpointer user_data)
{
  RecordUndo *undo = user_data;

  g_clear_object (&undo->store);
  g_clear_pointer (&undo->actor, psems_actor_unref);
  g_free (undo);
}

static gboolean
restore_record (gpointer   user_data,
                GError   **error)
{
  RecordUndo *undo = user_data;

  return undo->restore (undo->store, undo->actor, undo->id, error);
}

/**
 * psems_undo_show_record:
 * @title: what was deleted (plain text)
 * @store: where
 * @actor: (nullable): who deleted it, and so may restore it
 * @id: the deleted record
 * @restore: its core restore function
 *
 * psems_undo_show() for the usual case: one record, brought back by its core restore
 * function. The store's `changed` signal then reloads the pages that list it.
 *
 * Returns: (transfer none): the toast, for tests.
 */
AdwToast *
psems_undo_show_record (AdwToastOverlay  *overlay,
                        const char       *title,
                        PsemsStore       *store,
                        PsemsActor       *actor,
                        gint64            id,
                        PsemsRestoreFunc  restore)
{
  RecordUndo *undo;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (restore != NULL, NULL);

  undo = g_new0 (RecordUndo, 1);
  undo->store = g_object_ref (store);
  undo->actor = actor != NULL ? psems_actor_ref (actor) : NULL;
  undo->id = id;
  undo->restore = restore;
  return psems_undo_show (overlay, title, restore_record, undo, record_undo_free);
}

/**
 * psems_undo_get_pending:
 *
 * Returns: (transfer none) (nullable): the undo toast @overlay shows, if any.
 */
AdwToast *
psems_undo_get_pending (AdwToastOverlay *overlay)
{
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), NULL);
  return g_object_get_data (G_OBJECT (overlay), PENDING_KEY);
}

/**
 * psems_undo_activate:
 *
 * Undoes the deletion whose toast @overlay shows (Ctrl+Z), and dismisses the toast.
 *
 * Returns: %TRUE if there was one.
 */
gboolean
psems_undo_activate (AdwToastOverlay *overlay)
{
  g_autoptr(AdwToast) toast = NULL;

  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), FALSE);

  toast = psems_undo_get_pending (overlay);
  if (toast == NULL)
    return FALSE;
  g_object_ref (toast);
  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  return TRUE;
}
