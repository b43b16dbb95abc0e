/* psems-test-ui.c — what the UI tests share: running the main loop, finding widgets, closing windows. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-test-ui.h"

#include "psems-adaptive-bin.h"

#define WAIT_SECONDS 30

/* PSEMS_TEST_WAIT_MULTIPLIER, 1 when unset: build-aux/dev sets it for the sanitizer run, where
 * everything is several times slower, as meson's --timeout-multiplier stretches the test's own
 * timeout. Every wait below is that many times longer. */
static guint
wait_factor (void)
{
  const char *multiplier = g_getenv ("PSEMS_TEST_WAIT_MULTIPLIER");
  guint64 factor = 1;

  if (multiplier != NULL && !g_ascii_string_to_unsigned (multiplier, 10, 1, 100, &factor, NULL))
    g_error ("PSEMS_TEST_WAIT_MULTIPLIER=%s: not a whole number from 1 to 100", multiplier);
  return (guint) factor;
}

/* How long psems_test_iterate_until() waits before failing. */
static guint
wait_seconds (void)
{
  return WAIT_SECONDS * wait_factor ();
}

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done says so, failing the test after wait_seconds(). */
void
psems_test_iterate_until (gboolean (*done) (gpointer data),
                          gpointer   data)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (wait_seconds (), timed_out_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

void
psems_test_iterate_for (guint milliseconds)
{
  gboolean timed_out = FALSE;

  g_timeout_add (milliseconds * wait_factor (), timed_out_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/* The first widget at or below @widget of @type (G_TYPE_NONE: any) named @name (%NULL: any). */
GtkWidget *
psems_test_find_widget (GtkWidget  *widget,
                        GType       type,
                        const char *name)
{
  if ((type == G_TYPE_NONE || G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
      && (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = psems_test_find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Destroys every window of @application and lets the main loop finish what that started. */
void
psems_test_close_windows (GtkApplication *application)
{
  GList *windows = gtk_application_get_windows (application);

  while (windows != NULL)
    {
      gtk_window_destroy (windows->data);
      windows = gtk_application_get_windows (application);
    }
  psems_test_iterate_for (50);
}

/* Whether @widget's class binds @keyval with @modifiers to @action (Ctrl+F/Ctrl+N while the focus
 * is inside the page; the window forwards its own Ctrl+F/Ctrl+N to the same actions). */
gboolean
psems_test_has_binding (GtkWidget       *widget,
                        guint            keyval,
                        GdkModifierType  modifiers,
                        const char      *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *named = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers
              && GTK_IS_NAMED_ACTION (named)
              && g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (named)), action) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* Whether the keyboard focus is in @widget (a search entry focuses its text inside). */
gboolean
psems_test_has_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Shows @window again at @width, as a phone's shell or a user resizing it would: a window that
 * was wider keeps its width until it is shown again. Twice: folding moves widgets (the window's
 * header among them), and only the next showing gets the width they leave. */
void
psems_test_present_at_width (GtkWindow *window,
                             int        width)
{
  for (int k = 0; k < 2; k++)
    {
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      gtk_window_set_default_size (window, width, 700);
      gtk_window_present (window);
      psems_test_iterate_for (300);
    }
}

/* The least width @widget's layout needs; for an adaptive bin, what its child needs as laid out
 * now (unfolded, the bin itself claims none). */
int
psems_test_least_width (GtkWidget *widget)
{
  int minimum = 0;

  if (PSEMS_IS_ADAPTIVE_BIN (widget))
    widget = psems_adaptive_bin_get_child (PSEMS_ADAPTIVE_BIN (widget));
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}
