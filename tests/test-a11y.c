/* test-a11y.c — every control a screen reader can land on has a name; the diagram's text
 * alternative is reachable by keyboard. Under Xvfb, with GTK's test accessibility backend. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "psems-application.h"
#include "psems-dashboard-page.h"
#include "psems-diagram-page.h"
#include "psems-diagram-view.h"
#include "psems-facility-item.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-window.h"

/* Each section, and the fewest named controls it must show: a walk that finds fewer has not
 * really looked (a page that did not load, a stack on the wrong child). */
static const struct
{
  const char *name;
  guint min_checked;
} sections[] = {
  { "dashboard", 6 },
  { "facilities", 10 },
  { "plans", 3 },
  { "personnel", 10 },
  { "controls", 20 },
  { "diagram", 9 },
  { "schedule", 15 },
  { "assessments", 4 },
  { "findings", 8 },
  { "incidents", 6 },
  { "reports", 8 },
  { "audit", 10 },
  { "users", 4 },
};

/* Actions that open a dialog from a section's page, and the section. */
static const struct
{
  const char *section;
  const char *action;
  guint min_checked;
} dialogs[] = {
  /* These two edit in the page, not in a window: the page is walked again with its editor. */
  { "facilities", "facility.new", 6 },
  { "personnel", "personnel.new", 10 },
  { "controls", "controls.new", 10 },
  { "controls", "controls.edit-layers", 2 },
  { "controls", "controls.new-threat", 10 },
  { "controls", "controls.edit-pfsa", 2 },
  { "schedule", "schedule.new-item", 2 },
  { "schedule", "schedule.new-declaration", 2 },
  { "assessments", "assessments.new", 2 },
  { "findings", "findings.new", 4 },
  { "incidents", "incidents.new", 20 },
  { "users", "users.new", 2 },
};

typedef struct
{
  char *dir;
  char *db_path;
  PsemsApplication *application;
  PsemsWindow *window;
} Fixture;

typedef struct
{
  const char *where;     /* the section or dialog walked */
  guint checked;         /* interactive widgets whose name was checked */
  GString *failures;     /* one line per unnamed widget */
  GHashTable *seen;      /* widgets already checked (composites are checked once) */
} Walk;

static char *shared_dir;
static char *demo_path;

static gboolean
dashboard_loaded (gpointer data)
{
  return !psems_dashboard_page_get_loading (data);
}

/* The demo's first facility (the container terminal) has layers, controls, threats and a plan:
 * the sections of one facility (plans, diagram) show their content, not "Choose a Facility". */
static void
select_demo_facility (PsemsWindow *window)
{
  GListModel *facilities = psems_dashboard_page_get_facilities (psems_window_get_dashboard_page (window));
  gint64 id = 0;

  for (guint i = 0; i < g_list_model_get_n_items (facilities); i++)
    {
      g_autoptr(PsemsFacilityItem) item = g_list_model_get_item (facilities, i);

      if (g_str_has_suffix (psems_facility_item_get_ref (item), "-0001"))
        id = psems_facility_item_get_id (item);
    }
  g_assert_cmpint (id, >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.select-facility", "x", id));
  g_assert_cmpint (psems_window_get_facility_id (window), ==, id);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (demo_path);
  g_autoptr(GFile) to = NULL;

  fixture->dir = psems_test_make_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  to = g_file_new_for_path (fixture->db_path);
  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  if (user_data != NULL)
    {
      /* A window restored at a phone's width (the memory backend is the process's). */
      g_autoptr(GSettings) settings = g_settings_new ("io.github.psems.Psems");

      g_settings_set_int (settings, "window-width", GPOINTER_TO_INT (user_data));
      g_settings_set_int (settings, "window-height", 640);
    }
  fixture->application = psems_application_new ("io.github.psems.Psems.Test",
                                                 G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (fixture->application), NULL, &error);
  g_assert_no_error (error);
  fixture->window = psems_application_open_path (fixture->application, fixture->db_path,
                                                 PSEMS_STORE_OPEN_DEFAULT, NULL);
  g_assert_nonnull (fixture->window);
  psems_test_iterate_until (dashboard_loaded, psems_window_get_dashboard_page (fixture->window));
  select_demo_facility (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  psems_test_close_windows (GTK_APPLICATION (fixture->application));
  g_clear_object (&fixture->application);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

/* ───────────────────────────── what a screen reader would say ───────────────────────────── */

/* The accessible label set on @widget (GTK_ACCESSIBLE_PROPERTY_LABEL), or NULL. GTK 4.8 has no
 * getter; the test API's check returns the real value whenever it differs from the one given. */
static char *
accessible_label (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  /* NULL: the label equals "", which names nothing. */
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL, "");
}

static gboolean
has_text (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)) && *p != '_')
      return TRUE;
  return FALSE;
}

/* The text of the first visible label in @widget's content (a button's label, an
 * AdwButtonContent's, a box with an icon and a label), or NULL. */
static const char *
content_text (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && has_text (gtk_label_get_text (GTK_LABEL (widget))))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (ADW_IS_BUTTON_CONTENT (widget) && has_text (adw_button_content_get_label (ADW_BUTTON_CONTENT (widget))))
    return adw_button_content_get_label (ADW_BUTTON_CONTENT (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = content_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* The title of the row @widget sits in (AdwActionRow, AdwComboRow, AdwEntryRow, AdwExpanderRow),
 * which names a switch, entry, spin button, drop-down or check button placed in it. */
static const char *
row_title (GtkWidget *widget)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    {
      if (ADW_IS_PREFERENCES_ROW (w))
        return has_text (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)))
               ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)) : NULL;
      if (GTK_IS_LIST_BOX_ROW (w) || GTK_IS_WINDOW (w))
        return NULL;
    }
  return NULL;
}

typedef enum
{
  KIND_NONE,
  KIND_BUTTON,        /* named by its content, or its label */
  KIND_FIELD,         /* named only by a label, a relation, a mnemonic label or its row */
  KIND_CUSTOM,        /* a focusable widget of ours: named only by a label or a relation */
} Kind;

/* Composite widgets whose parts (an entry's GtkText, a drop-down's button, a spin button's
 * arrows, a menu button's toggle) are named through the composite. */
static gboolean
is_composite (GtkWidget *widget)
{
  return GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_SPIN_BUTTON (widget)
         || GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget)
         || ADW_IS_ENTRY_ROW (widget) || ADW_IS_SPLIT_BUTTON (widget) || GTK_IS_CALENDAR (widget)
         || GTK_IS_WINDOW_CONTROLS (widget);
}

static Kind
kind_of (GtkWidget *widget)
{
  const char *type_name = G_OBJECT_TYPE_NAME (widget);

  if (GTK_IS_MENU_BUTTON (widget) || ADW_IS_SPLIT_BUTTON (widget))
    return KIND_BUTTON;
  if (GTK_IS_CHECK_BUTTON (widget) || GTK_IS_BUTTON (widget))
    return KIND_BUTTON;
  if (GTK_IS_SWITCH (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget)
      || GTK_IS_PASSWORD_ENTRY (widget) || GTK_IS_TEXT (widget) || GTK_IS_SPIN_BUTTON (widget)
      || GTK_IS_DROP_DOWN (widget) || GTK_IS_SCALE (widget) || GTK_IS_TEXT_VIEW (widget))
    return KIND_FIELD;
  if (GTK_IS_DRAWING_AREA (widget) && gtk_widget_get_focusable (widget))
    return KIND_CUSTOM;
  if (gtk_widget_get_focusable (widget) && !g_str_has_prefix (type_name, "Gtk")
      && !g_str_has_prefix (type_name, "Adw"))
    return KIND_CUSTOM;
  return KIND_NONE;
}

/* Why @widget has a name, or NULL if a screen reader would find it nameless. */
static char *
name_source (GtkWidget *widget,
             Kind       kind)
{
  g_autofree char *label = accessible_label (widget);
  g_autoptr(GList) mnemonics = NULL;

  if (has_text (label))
    return g_strdup_printf ("label “%s”", label);
  if (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return g_strdup ("labelled-by");
  mnemonics = gtk_widget_list_mnemonic_labels (widget);
  for (GList *l = mnemonics; l != NULL; l = l->next)
    if (GTK_IS_LABEL (l->data) && has_text (gtk_label_get_text (l->data)))
      return g_strdup_printf ("mnemonic label “%s”", gtk_label_get_text (l->data));
  if (kind == KIND_BUTTON)
    {
      const char *text = content_text (widget);

      if (GTK_IS_CHECK_BUTTON (widget) && text == NULL && row_title (widget) != NULL)
        return g_strdup_printf ("row “%s”", row_title (widget));
      return text != NULL ? g_strdup_printf ("content “%s”", text) : NULL;
    }
  if (kind == KIND_FIELD && row_title (widget) != NULL)
    return g_strdup_printf ("row “%s”", row_title (widget));
  return NULL;
}

/* Where @widget is, for a failure message: the nearest ancestor that says what it is about. */
static char *
describe (GtkWidget  *widget,
          const char *where)
{
  GString *text = g_string_new (G_OBJECT_TYPE_NAME (widget));
  const char *id = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;
  const char *name = gtk_widget_get_name (widget);
  const char *icon = GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget))
                     : GTK_IS_MENU_BUTTON (widget) ? gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget))
                     : NULL;
  const char *action = GTK_IS_ACTIONABLE (widget) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) : NULL;
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (id != NULL)
    g_string_append_printf (text, " id=%s", id);
  if (name != NULL && g_strcmp0 (name, G_OBJECT_TYPE_NAME (widget)) != 0)
    g_string_append_printf (text, " name=%s", name);
  g_string_append_printf (text, " css=%s", gtk_widget_get_css_name (widget));
  if (icon != NULL)
    g_string_append_printf (text, " icon=%s", icon);
  if (action != NULL)
    g_string_append_printf (text, " action=%s", action);
  if (tooltip != NULL)
    g_string_append_printf (text, " tooltip=“%s”", tooltip);
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *context = NULL;
      const char *w_name = gtk_widget_get_name (w);

      if (ADW_IS_PREFERENCES_ROW (w))
        context = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w));
      else if (ADW_IS_PREFERENCES_GROUP (w))
        context = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (w));
      else if (ADW_IS_STATUS_PAGE (w))
        context = adw_status_page_get_title (ADW_STATUS_PAGE (w));
      else if (GTK_IS_WINDOW (w))
        context = gtk_window_get_title (GTK_WINDOW (w));
      if (has_text (context))
        {
          g_string_append_printf (text, " in %s “%s”", G_OBJECT_TYPE_NAME (w), context);
          break;
        }
      if (w_name != NULL && g_strcmp0 (w_name, G_OBJECT_TYPE_NAME (w)) != 0)
        {
          g_string_append_printf (text, " in %s name=%s", G_OBJECT_TYPE_NAME (w), w_name);
          break;
        }
    }
  g_string_append_printf (text, " [%s]", where);
  return g_string_free (text, FALSE);
}

static void
check_widget (Walk      *walk,
              GtkWidget *widget)
{
  Kind kind = kind_of (widget);
  g_autofree char *source = NULL;
  gboolean icon_only;

  /* A part of a composite is named through the composite, checked once. */
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    if (is_composite (w))
      {
        if (GTK_IS_WINDOW_CONTROLS (w))
          return;   /* GTK names the window's own buttons */
        widget = w;
        kind = kind_of (w);
      }
  if (kind == KIND_NONE || !g_hash_table_add (walk->seen, widget))
    return;
  /* Insensitive or not, a screen reader reads it. */
  walk->checked++;
  source = name_source (widget, kind);
  if (source == NULL)
    {
      g_autofree char *where = describe (widget, walk->where);

      g_string_append_printf (walk->failures, "no accessible name: %s\n", where);
      return;
    }
  /* GNOME HIG: an icon-only button says what it does when pointed at, too. */
  icon_only = kind == KIND_BUTTON && !GTK_IS_CHECK_BUTTON (widget) && content_text (widget) == NULL;
  if (icon_only && !has_text (gtk_widget_get_tooltip_text (widget)))
    {
      g_autofree char *where = describe (widget, walk->where);

      g_string_append_printf (walk->failures, "icon-only, no tooltip: %s\n", where);
    }
}

/* Walks what is shown: mapped widgets (a stack's other pages, the sections shown before, are
 * not), and the content of popovers, which a menu button shows on demand. */
static void
walk_widget (Walk      *walk,
             GtkWidget *widget,
             gboolean   in_popover)
{
  in_popover = in_popover || GTK_IS_POPOVER (widget);
  if (in_popover ? !(gtk_widget_get_visible (widget) || GTK_IS_POPOVER (widget))
                     || !gtk_widget_get_child_visible (widget)
                 : !gtk_widget_get_mapped (widget))
    return;
  /* Menus built from a GMenuModel are named by their items' labels. */
  if (GTK_IS_POPOVER_MENU (widget))
    return;
  check_widget (walk, widget);
  /* A stack in a transition still maps the page it leaves. */
  if (GTK_IS_STACK (widget))
    {
      if (gtk_stack_get_visible_child (GTK_STACK (widget)) != NULL)
        walk_widget (walk, gtk_stack_get_visible_child (GTK_STACK (widget)), in_popover);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_widget (walk, child, in_popover);
}

static void
walk_and_assert (GtkWidget  *root,
                 const char *where,
                 guint       min_checked,
                 GString    *failures)
{
  Walk walk = { where, 0, failures, g_hash_table_new (NULL, NULL) };

  walk_widget (&walk, root, FALSE);
  g_test_message ("%s: %u interactive widgets checked", where, walk.checked);
  if (walk.checked < min_checked)
    g_string_append_printf (failures, "%s: only %u interactive widgets found, expected at least %u\n",
                            where, walk.checked, min_checked);
  g_hash_table_unref (walk.seen);
}

/* Fails the test with every problem found, one a line, rather than with the first. */
static void
report (GString *failures)
{
  if (failures->len == 0)
    return;
  guint n = 0;

  for (const char *p = failures->str; *p != '\0'; p++)
    n += *p == '\n';
  g_test_message ("%s", failures->str);
  g_test_fail_printf ("%u problems (listed above)", n);
}

static void
show_section (Fixture    *fixture,
              const char *section)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section",
                                             "s", section));
  /* Pages fill their lists off the main thread. */
  psems_test_iterate_for (400);
  g_assert_cmpstr (psems_window_get_section (fixture->window), ==, section);
}

static void
test_a11y_names (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      show_section (fixture, sections[i].name);
      walk_and_assert (GTK_WIDGET (fixture->window), sections[i].name, sections[i].min_checked,
                       failures);
    }
  report (failures);
}

static void
test_a11y_dialogs (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      GtkWidget *page;
      g_autoptr(GList) before = NULL;
      g_autoptr(GList) after = NULL;
      guint n_opened = 0;

      show_section (fixture, dialogs[i].section);
      page = psems_window_get_section_page (fixture->window, dialogs[i].section);
      before = gtk_window_list_toplevels ();
      if (!gtk_widget_activate_action (page, dialogs[i].action, NULL))
        {
          g_string_append_printf (failures, "%s: no action %s\n", dialogs[i].section, dialogs[i].action);
          continue;
        }
      psems_test_iterate_for (300);
      after = gtk_window_list_toplevels ();
      for (GList *l = after; l != NULL; l = l->next)
        {
          if (g_list_find (before, l->data) != NULL || !gtk_widget_get_visible (l->data))
            continue;
          n_opened++;
          walk_and_assert (l->data, dialogs[i].action, dialogs[i].min_checked, failures);
          gtk_window_destroy (l->data);
        }
      psems_test_iterate_for (50);
      if (n_opened == 0)
        walk_and_assert (GTK_WIDGET (fixture->window), dialogs[i].action, dialogs[i].min_checked,
                         failures);
    }
  report (failures);
}

/* ───────────────────────────── the diagram's text alternative ───────────────────────────── */

static void
collect_focus_chain (GtkWidget *widget,
                     GPtrArray *chain)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget)
      || !gtk_widget_get_sensitive (widget))
    return;
  if (gtk_widget_get_focusable (widget) && gtk_widget_get_can_focus (widget))
    g_ptr_array_add (chain, widget);
  if (!gtk_widget_get_can_focus (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_focus_chain (child, chain);
}

static gboolean
focus_is_in (gpointer data)
{
  GtkWidget **widgets = data;   /* { window, target } */
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widgets[0]));

  return focus != NULL && (focus == widgets[1] || gtk_widget_is_ancestor (focus, widgets[1]));
}

static void
test_a11y_diagram (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *page;
  GtkWidget *view;
  GtkWidget *list;
  GtkWidget *toggle;
  GtkWidget *targets[2];
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  const PsemsDiagramInput *input;
  guint view_index = G_MAXUINT;
  guint list_index = G_MAXUINT;
  guint n_named_rows = 0;
  guint n_controls = 0;
  guint n_steps = 0;
  GtkListBoxRow *row;

  show_section (fixture, "diagram");
  page = psems_window_get_section_page (fixture->window, "diagram");
  view = psems_test_find_widget (page, PSEMS_TYPE_DIAGRAM_VIEW, NULL);
  list = psems_test_find_widget (page, GTK_TYPE_LIST_BOX, "diagram-list");
  toggle = psems_test_find_widget (page, GTK_TYPE_TOGGLE_BUTTON, "diagram-show-list");
  g_assert_nonnull (view);
  g_assert_nonnull (list);
  g_assert_nonnull (toggle);
  input = psems_diagram_view_get_input (PSEMS_DIAGRAM_VIEW (view));
  g_assert_nonnull (input);
  g_assert_cmpuint (input->controls->len, >, 0);

  /* The image: named after its facility, described by a summary that counts what it shows. */
  g_assert_true (gtk_widget_get_focusable (view));
  label = accessible_label (view);
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (label, input->title));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (view),
                                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  description = psems_diagram_view_summarize (input);
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (view),
                                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                     description));
  {
    g_autofree char *count = g_strdup_printf ("%u controls", input->controls->len);

    g_assert_nonnull (strstr (description, count));
  }

  /* The list: shown with F9's action, after the diagram in the focus order. */
  if (!gtk_widget_get_mapped (list))
    gtk_widget_activate_action (page, "diagram.show-list", NULL);
  psems_test_iterate_for (50);
  g_assert_true (gtk_widget_get_mapped (list));
  collect_focus_chain (GTK_WIDGET (fixture->window), chain);
  for (guint i = 0; i < chain->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (chain, i);

      if (w == view)
        view_index = i;
      if ((w == list || gtk_widget_is_ancestor (w, list)) && list_index == G_MAXUINT)
        list_index = i;
    }
  g_assert_cmpuint (view_index, <, chain->len);
  g_assert_cmpuint (list_index, <, chain->len);
  g_assert_cmpuint (view_index, <, list_index);
  g_assert_cmpuint (g_ptr_array_find (chain, toggle, NULL), ==, TRUE);

  /* Each control is a focusable row named by the control, described by its layer and status. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)) != NULL; i++)
    {
      g_autofree char *row_label = NULL;

      if (!ADW_IS_ACTION_ROW (row) || !gtk_list_box_row_get_activatable (row))
        continue;
      n_controls++;
      g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (row)));
      row_label = accessible_label (GTK_WIDGET (row));
      if ((has_text (row_label)
           || (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY)
               && has_text (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)))))
          && gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION))
        n_named_rows++;
      else
        g_test_message ("diagram list row %d (%s) has no name or no description", i,
                        adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
    }
  g_assert_cmpuint (n_controls, ==, input->controls->len);
  /* The layer headings are rows too, named, so that Tab enters the list and arrows read them. */
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (row)));
  {
    g_autofree char *heading = accessible_label (GTK_WIDGET (row));

    g_assert_true (has_text (heading));
  }
  g_assert_cmpuint (n_named_rows, ==, n_controls);

  /* By keyboard: from the diagram, Tab reaches the list before leaving the page. */
  gtk_widget_grab_focus (view);
  psems_test_iterate_for (20);
  targets[0] = GTK_WIDGET (fixture->window);
  targets[1] = view;
  g_assert_true (focus_is_in (targets));
  targets[1] = list;
  while (!focus_is_in (targets) && n_steps < 20)
    {
      GtkWidget *focus;

      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
      n_steps++;
      focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      g_assert_nonnull (focus);
      {
        g_autofree char *where = describe (focus, "diagram, Tab");

        g_test_message ("Tab %u: %s", n_steps, where);
      }
      g_assert_true (gtk_widget_is_ancestor (focus, page));
    }
  g_assert_true (focus_is_in (targets));
  g_test_message ("Tab from the diagram to its list: %u presses", n_steps);
  g_assert_cmpuint (n_steps, <=, 2);
}

/* ───────────────────────────── narrow windows ───────────────────────────── */

#define NARROW_WIDTH 360

static int
minimum_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* The widget where a too-wide minimum comes from: down the widest child while that child alone
 * is wider than @limit; where none is, the widget adds its children up (a row of filters). */
static GtkWidget *
widest_origin (GtkWidget *widget,
               int        limit)
{
  GtkWidget *widest = NULL;
  int widest_width = 0;

  /* A stack that is not homogeneous asks for its shown page only. */
  if (GTK_IS_STACK (widget) && gtk_stack_get_visible_child (GTK_STACK (widget)) != NULL)
    {
      GtkWidget *shown = gtk_stack_get_visible_child (GTK_STACK (widget));

      return minimum_width (shown) > limit ? widest_origin (shown, limit) : widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && minimum_width (child) > widest_width)
      {
        widest = child;
        widest_width = minimum_width (child);
      }
  return widest != NULL && widest_width > limit ? widest_origin (widest, limit) : widget;
}

/* "GtkButton 120, GtkDropDown 140, …": what @widget's children ask for. */
static char *
children_widths (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      {
        const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (child));

        g_string_append_printf (text, "%s%s%s%s %d", text->len > 0 ? ", " : "",
                                G_OBJECT_TYPE_NAME (child), id != NULL && id[0] != '_' ? "#" : "",
                                id != NULL && id[0] != '_' ? id : "", minimum_width (child));
      }
  return g_string_free (text, FALSE);
}

/* Where a section or dialog still needs more than a phone's width, as measured when it was
 * written down: the test fails if one grows past its figure, and reports the rest as not yet done
 * (a TODO in the TAP output). Lower a figure, or remove the line, when a layout gets narrower. */
static const struct
{
  const char *name;
  int ceiling;
} still_wide[] = {
  { NULL, 0 },                      /* every section and dialog fits; a gap goes above this line */
};

/* The window's header, measured while it still holds the facility switcher: a window shown
 * again may come up unfolded first and fold once it has the width, moving them under the header
 * (leaflet_folded_cb in psems-window.c); the window keeps the width it was given. */
#define HEADER_CEILING 651

static int
ceiling_for (const char *name)
{
  for (guint i = 0; still_wide[i].name != NULL; i++)
    if (g_str_equal (still_wide[i].name, name))
      return still_wide[i].ceiling;
  return NARROW_WIDTH;
}

/* @width is over the phone's width: a failure past @name's ceiling, else a known gap. */
static void
note_wide (GString    *failures,
           GString    *todo,
           const char *name,
           int         width,
           const char *text)
{
  if (width > ceiling_for (name))
    g_string_append (failures, text);
  else
    g_string_append_printf (todo, "%s%s %d px", todo->len > 0 ? ", " : "", name, width);
}

/* Every section fits a phone's 360 pixels: the window's leaflet folds, and no page asks for
 * more than the width it gets. */
static void
test_a11y_narrow (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autoptr(GString) todo = g_string_new (NULL);
  /* The content pane has the window's width: a folded leaflet shows one child. */
  int limit = NARROW_WIDTH;

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *root = GTK_WIDGET (fixture->window);
      GtkWidget *page;
      int width;

      show_section (fixture, sections[i].name);
      /* A window never shrinks by itself when a page that asked for more is left: shown again
       * at the phone's width, it gets what this page asks. Pages that rearrange themselves when
       * narrow do it once they are given the width. */
      psems_test_present_at_width (GTK_WINDOW (root), NARROW_WIDTH);
      /* The window's content: client-side decorations add a frame outside it. */
      width = minimum_width (gtk_window_get_child (GTK_WINDOW (root)));
      page = psems_window_get_section_page (fixture->window, sections[i].name);
      g_test_message ("%s: the window is %d px wide, at least %d px (page %d px)", sections[i].name,
                      gtk_widget_get_width (root), width, minimum_width (page));
      if (width > limit)
        {
          GtkWidget *origin = widest_origin (root, limit);
          g_autofree char *where = describe (origin, sections[i].name);
          g_autofree char *parts = children_widths (origin);

          g_autofree char *text = g_strdup_printf ("%s needs %d px (> %d): from %s, %d px = { %s }\n",
                                                   sections[i].name, width, limit, where,
                                                   minimum_width (origin), parts);

          if (GTK_IS_CENTER_BOX (origin) && gtk_widget_get_ancestor (origin, ADW_TYPE_HEADER_BAR) != NULL
              && width <= HEADER_CEILING)
            g_string_append_printf (todo, "%s%s header %d px", todo->len > 0 ? ", " : "",
                                    sections[i].name, width);
          else
            note_wide (failures, todo, sections[i].name, width, text);
        }
      /* The page itself, which the window's header may hide. */
      if (minimum_width (page) > limit)
        {
          GtkWidget *origin = widest_origin (page, limit);
          g_autofree char *where = describe (origin, sections[i].name);
          g_autofree char *parts = children_widths (origin);

          g_autofree char *text = g_strdup_printf ("%s page needs %d px (> %d): from %s, %d px = { %s }\n",
                                                   sections[i].name, minimum_width (page), limit,
                                                   where, minimum_width (origin), parts);

          note_wide (failures, todo, sections[i].name, minimum_width (page), text);
        }
    }

  /* The dialogs can shrink to the phone's width (they may open wider on a desktop: a phone's
   * shell fits them to the screen). */
  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      GtkWidget *page;
      g_autoptr(GList) before = NULL;
      g_autoptr(GList) after = NULL;

      show_section (fixture, dialogs[i].section);
      page = psems_window_get_section_page (fixture->window, dialogs[i].section);
      before = gtk_window_list_toplevels ();
      gtk_widget_activate_action (page, dialogs[i].action, NULL);
      psems_test_iterate_for (300);
      after = gtk_window_list_toplevels ();
      for (GList *l = after; l != NULL; l = l->next)
        {
          int default_width = 0;
          int default_height = 0;
          int width;

          if (g_list_find (before, l->data) != NULL || !gtk_widget_get_visible (l->data))
            continue;
          width = minimum_width (l->data);
          gtk_window_get_default_size (l->data, &default_width, &default_height);
          g_test_message ("%s: at least %d px wide, %d px at first", dialogs[i].action, width,
                          default_width);
          if (width > limit)
            {
              GtkWidget *origin = widest_origin (l->data, limit);
              g_autofree char *where = describe (origin, dialogs[i].action);
              g_autofree char *parts = children_widths (origin);

              g_autofree char *text = g_strdup_printf ("%s needs %d px (> %d): from %s, %d px = { %s }\n",
                                                       dialogs[i].action, width, limit, where,
                                                       minimum_width (origin), parts);

              note_wide (failures, todo, dialogs[i].action, width, text);
            }
          gtk_window_destroy (l->data);
        }
      psems_test_iterate_for (50);
    }
  report (failures);
  /* Only when nothing failed: an incomplete test is not a failed one. */
  if (failures->len == 0 && todo->len > 0)
    {
      g_autofree char *text = g_strdup_printf ("still wider than %d px: %s", NARROW_WIDTH, todo->str);

      g_test_incomplete (text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  int exit_code;

  /* The test backend keeps every accessible attribute where gtk_test_accessible_* reads it
   * (the suite's environment turns accessibility off). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return 77;
  adw_init ();

  shared_dir = psems_test_make_dir ();
  demo_path = g_build_filename (shared_dir, "demo.db", NULL);
  status = psems_test_run_cli (&out, &err, "--db", demo_path, "db", "demo", "--persons", "60", NULL);
  if (status != 0)
    g_error ("psems-cli db demo failed (%d): %s", status, err);

#define ADD(name, func) \
  g_test_add ("/a11y/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("names", test_a11y_names);
  ADD ("dialogs", test_a11y_dialogs);
  ADD ("diagram", test_a11y_diagram);
  g_test_add ("/a11y/narrow", Fixture, GINT_TO_POINTER (NARROW_WIDTH), fixture_set_up,
              test_a11y_narrow, fixture_tear_down);
#undef ADD

  exit_code = g_test_run ();
  psems_test_remove_dir (shared_dir);
  g_free (demo_path);
  g_free (shared_dir);
  return exit_code;
}
