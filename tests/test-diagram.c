/* test-diagram.c — the Diagram page: its text alternative, selection both ways, threat paths,
 * live reloads, the cached drawing and the export through its action. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "psems-app-resources.h"
#include "psems-control.h"
#include "psems-core.h"
#include "psems-diagram-page.h"
#include "psems-diagram-view.h"
#include "psems-facility.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-threat.h"

typedef struct
{
  char *dir;
  char *db_path;
  PsemsStore *store;
  PsemsActor *actor;
  GtkWindow *window;
  PsemsDiagramPage *page;
  PsemsDiagramView *view;
  GtkListBox *list;
  gint64 facility_id;
  gint64 shown_control;     /* what "win.show-control" was last asked to show */
  guint n_shown;
} Fixture;

static GtkWidget *
get_named (gpointer    root,
           const char *name)
{
  GtkWidget *widget = psems_test_find_widget (GTK_WIDGET (root), G_TYPE_NONE, name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
page_state (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (get_named (fixture->page, "diagram-state")));
}

static gboolean
diagram_drawn (gpointer data)
{
  Fixture *fixture = data;

  return psems_diagram_view_get_layout (fixture->view) != NULL
         && psems_diagram_view_get_n_static_paints (fixture->view) > 0;
}

static void
show_control_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->shown_control = g_variant_get_int64 (parameter);
  fixture->n_shown++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSimpleActionGroup) win_actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) show_control = g_simple_action_new ("show-control",
                                                               G_VARIANT_TYPE_INT64);
  int status;

  fixture->dir = psems_test_make_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  status = psems_test_run_cli (&out, &err, "--db", fixture->db_path, "db", "demo", NULL);
  if (status != 0)
    g_test_message ("psems-cli db demo: %s", err);
  g_assert_cmpint (status, ==, 0);

  fixture->store = psems_store_open (fixture->db_path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fixture->actor = psems_actor_new_for_login ();
  /* The demo's container terminal (its reference carries the year the demo dates it to). */
  fixture->facility_id = psems_facility_resolve (fixture->store, "NHV-CT", &error);
  g_assert_no_error (error);

  /* The page in a window of its own: the test stands in for the main window's "win" actions. */
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1200, 800);
  g_signal_connect (show_control, "activate", G_CALLBACK (show_control_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (win_actions), G_ACTION (show_control));
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win",
                                  G_ACTION_GROUP (win_actions));
  fixture->page = PSEMS_DIAGRAM_PAGE (psems_diagram_page_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);

  psems_diagram_page_set_store (fixture->page, fixture->store, fixture->actor);
  g_assert_cmpstr (page_state (fixture), ==, "no-facility");
  psems_diagram_page_set_facility_id (fixture->page, fixture->facility_id);
  g_assert_cmpstr (page_state (fixture), ==, "diagram");

  fixture->view = PSEMS_DIAGRAM_VIEW (get_named (fixture->page, "diagram-view"));
  fixture->list = GTK_LIST_BOX (get_named (fixture->page, "diagram-list"));
  psems_test_iterate_until (diagram_drawn, fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  psems_test_iterate_for (20);
  g_clear_pointer (&fixture->actor, psems_actor_unref);
  g_clear_object (&fixture->store);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static gint64
row_id (GtkListBoxRow *row,
        const char    *key)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), key);

  return id != NULL ? *id : 0;
}

static GtkListBoxRow *
find_row (Fixture    *fixture,
          const char *key,
          gint64      id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (fixture->list, i)) != NULL; i++)
    if (row_id (row, key) == id)
      return row;
  return NULL;
}

static void
test_list (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layers = psems_layer_list (fixture->store, fixture->facility_id, &error);
  g_autoptr(GPtrArray) controls = NULL;
  GtkListBoxRow *row;
  guint n_control_rows = 0;
  int last_layer_index = -1;

  g_assert_no_error (error);
  controls = psems_control_list (fixture->store, fixture->facility_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layers->len, >=, 2);
  g_assert_cmpuint (controls->len, >, 0);

  /* Every layer is a heading, outside in, and every control is a row under its own layer. */
  for (guint i = 0; i < layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (layers, i);

      row = find_row (fixture, "psems-layer-id", layer->id);
      g_assert_nonnull (row);
      g_assert_cmpint (gtk_list_box_row_get_index (row), >, last_layer_index);
      g_assert_false (gtk_list_box_row_get_selectable (row));
      last_layer_index = gtk_list_box_row_get_index (row);
    }
  for (guint i = 0; i < controls->len; i++)
    {
      const PsemsControl *control = g_ptr_array_index (controls, i);
      GtkListBoxRow *heading = find_row (fixture, "psems-layer-id", control->layer_id);
      GtkListBoxRow *next_heading = NULL;

      row = find_row (fixture, "psems-control-id", control->id);
      g_assert_nonnull (row);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       control->name);
      g_assert_true (gtk_list_box_row_get_selectable (row));
      g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (row)));
      g_assert_cmpint (gtk_list_box_row_get_index (row), >, gtk_list_box_row_get_index (heading));
      for (guint j = 0; j < layers->len; j++)
        if (((const PsemsLayer *) g_ptr_array_index (layers, j))->id == control->layer_id
            && j + 1 < layers->len)
          next_heading = find_row (fixture, "psems-layer-id",
                                   ((const PsemsLayer *) g_ptr_array_index (layers, j + 1))->id);
      if (next_heading != NULL)
        g_assert_cmpint (gtk_list_box_row_get_index (row), <,
                         gtk_list_box_row_get_index (next_heading));
    }
  for (int i = 0; (row = gtk_list_box_get_row_at_index (fixture->list, i)) != NULL; i++)
    if (row_id (row, "psems-control-id") != 0)
      n_control_rows++;
  g_assert_cmpuint (n_control_rows, ==, controls->len);

  /* The drawing has a node for each of them too, and a name for screen readers. */
  for (guint i = 0; i < controls->len; i++)
    g_assert_nonnull (psems_diagram_layout_find_node (psems_diagram_view_get_layout (fixture->view),
                                                      ((const PsemsControl *)
                                                       g_ptr_array_index (controls, i))->id));
}

static void
test_select (Fixture       *fixture,
             gconstpointer  user_data)
{
  const PsemsDiagramInput *input = psems_diagram_view_get_input (fixture->view);
  const PsemsControl *first = g_ptr_array_index (input->controls, 0);
  const PsemsControl *last = g_ptr_array_index (input->controls, input->controls->len - 1);
  const PsemsDiagramNode *node;
  GtkListBoxRow *row;

  /* The list selects the node … */
  g_assert_cmpint (psems_diagram_view_get_selected_control (fixture->view), ==, 0);
  row = find_row (fixture, "psems-control-id", last->id);
  gtk_list_box_select_row (fixture->list, row);
  g_assert_cmpint (psems_diagram_view_get_selected_control (fixture->view), ==, last->id);

  /* … and the node selects the row. */
  psems_diagram_view_set_selected_control (fixture->view, first->id);
  row = gtk_list_box_get_selected_row (fixture->list);
  g_assert_nonnull (row);
  g_assert_cmpint (row_id (row, "psems-control-id"), ==, first->id);

  /* What a click at a node's centre selects: that node. */
  node = psems_diagram_layout_find_node (psems_diagram_view_get_layout (fixture->view), last->id);
  g_assert_nonnull (node);
  g_assert_cmpint (psems_diagram_layout_hit (psems_diagram_view_get_layout (fixture->view),
                                             node->x, node->y), ==, last->id);

  /* Enter on a row, or activating the view's selection, asks the window to show the control. */
  g_signal_emit_by_name (find_row (fixture, "psems-control-id", last->id), "activate");
  g_assert_cmpuint (fixture->n_shown, ==, 1);
  g_assert_cmpint (fixture->shown_control, ==, last->id);
  g_signal_emit_by_name (fixture->view, "control-activated", first->id);
  g_assert_cmpuint (fixture->n_shown, ==, 2);
  g_assert_cmpint (fixture->shown_control, ==, first->id);

  /* Heading rows cannot be selected, and selecting none clears the view. */
  gtk_list_box_unselect_all (fixture->list);
  g_assert_cmpint (psems_diagram_view_get_selected_control (fixture->view), ==, 0);
}

static guint
n_arrows (Fixture *fixture)
{
  return psems_diagram_view_get_layout (fixture->view)->arrows->len;
}

static GtkCheckButton *
threat_check (Fixture *fixture,
              gint64   threat_id)
{
  GtkListBox *threats = GTK_LIST_BOX (get_named (fixture->page, "diagram-threat-list"));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (threats, i)) != NULL; i++)
    if (row_id (row, "psems-threat-id") == threat_id)
      return GTK_CHECK_BUTTON (g_object_get_data (G_OBJECT (row), "psems-check"));
  g_assert_not_reached ();
}

static void
test_threats (Fixture       *fixture,
              gconstpointer  user_data)
{
  const PsemsDiagramInput *input = psems_diagram_view_get_input (fixture->view);
  const PsemsThreat *threat;
  GtkCheckButton *check;
  gint64 threat_id;
  guint n_threats = input->threats->len;

  g_assert_cmpuint (n_threats, >, 0);
  threat = g_ptr_array_index (input->threats, 0);
  threat_id = threat->id;
  check = threat_check (fixture, threat_id);
  g_assert_true (gtk_check_button_get_active (check));
  g_assert_cmpuint (n_arrows (fixture), ==, n_threats);

  /* Off through its check button, as a user does … */
  gtk_check_button_set_active (check, FALSE);
  g_assert_false (psems_diagram_view_get_threat_selected (fixture->view, threat_id));
  g_assert_cmpuint (n_arrows (fixture), ==, n_threats - 1);
  for (guint i = 0; i < n_arrows (fixture); i++)
    g_assert_cmpint (g_array_index (psems_diagram_view_get_layout (fixture->view)->arrows,
                                    PsemsDiagramArrow, i).threat_id, !=, threat_id);

  /* … it stays off when the data changes under it … */
  {
    g_autoptr(GError) error = NULL;
    gint64 control_id = ((const PsemsControl *) g_ptr_array_index (input->controls, 0))->id;

    g_assert_true (psems_control_record_test (fixture->store, fixture->actor, control_id, NULL,
                                              &error));
    g_assert_no_error (error);
    psems_test_iterate_for (50);
    input = psems_diagram_view_get_input (fixture->view);
  }
  g_assert_false (psems_diagram_view_get_threat_selected (fixture->view, threat_id));
  g_assert_false (gtk_check_button_get_active (threat_check (fixture, threat_id)));

  /* … and on again through the action the check buttons use. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "diagram.show-threat",
                                             "(xb)", threat_id, TRUE));
  g_assert_true (psems_diagram_view_get_threat_selected (fixture->view, threat_id));
  g_assert_true (gtk_check_button_get_active (threat_check (fixture, threat_id)));
  g_assert_cmpuint (n_arrows (fixture), ==, n_threats);

  /* None, then All. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "diagram.show-no-threats", NULL));
  g_assert_cmpuint (n_arrows (fixture), ==, 0);
  g_assert_false (gtk_check_button_get_active (threat_check (fixture, threat_id)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "diagram.show-all-threats", NULL));
  g_assert_cmpuint (n_arrows (fixture), ==, n_threats);
  g_assert_true (gtk_check_button_get_active (threat_check (fixture, threat_id)));
}

static void
test_live (Fixture       *fixture,
           gconstpointer  user_data)
{
  const PsemsDiagramInput *input = psems_diagram_view_get_input (fixture->view);
  g_autoptr(PsemsControl) control = psems_control_copy (g_ptr_array_index (input->controls, 0));
  g_autoptr(GError) error = NULL;
  guint paints;

  /* Selection and hover only move the rings on top: the still part is not painted again. */
  psems_test_iterate_for (100);
  paints = psems_diagram_view_get_n_static_paints (fixture->view);
  psems_diagram_view_set_selected_control (fixture->view, control->id);
  psems_test_iterate_for (100);
  g_assert_cmpuint (psems_diagram_view_get_n_static_paints (fixture->view), ==, paints);
  /* Nor does the focus (a change of style state) coming to the drawing. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (fixture->view)));
  psems_test_iterate_for (100);
  g_assert_cmpuint (psems_diagram_view_get_n_static_paints (fixture->view), ==, paints);

  /* Zooming does repaint it, and zoom to fit goes back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "diagram.zoom-in", NULL));
  g_assert_cmpfloat (psems_diagram_view_get_zoom (fixture->view), >, 1.0);
  psems_test_iterate_for (100);
  g_assert_cmpuint (psems_diagram_view_get_n_static_paints (fixture->view), >, paints);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "diagram.zoom-fit", NULL));
  g_assert_cmpfloat (psems_diagram_view_get_zoom (fixture->view), ==, 1.0);

  /* A write elsewhere reaches the page through the store's "changed" signal. */
  g_free (control->name);
  control->name = g_strdup ("Perimeter fence, renamed while the diagram is open");
  g_assert_true (psems_control_update (fixture->store, fixture->actor, control, &error));
  g_assert_no_error (error);
  psems_test_iterate_for (50);
  {
    GtkListBoxRow *row = find_row (fixture, "psems-control-id", control->id);

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                     control->name);
  }
  /* The selection survives the reload. */
  g_assert_cmpint (psems_diagram_view_get_selected_control (fixture->view), ==, control->id);
}

static void
check_png (const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  g_autoptr(GBytes) bytes = psems_test_read_file (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1600);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 1200);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 10000);
  cairo_surface_destroy (surface);
}

static GtkWindow *
find_named_toplevel (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0)
        return window;
    }
  return NULL;
}

static void
test_export (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *png = g_build_filename (fixture->dir, "NHV-CT-defence-in-depth.png", NULL);
  g_autofree char *svg = g_build_filename (fixture->dir, "diagram.svg", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "diagram.pdf", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "missing", "diagram.png", NULL);
  g_autoptr(GBytes) bytes = NULL;
  GtkWindow *dialog;

  /* The same path as the Export… button's, minus the file chooser. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "diagram.export-to", "s",
                                             png));
  check_png (png);
  g_assert_null (find_named_toplevel ("diagram-error"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "diagram.export-to", "s",
                                             svg));
  bytes = psems_test_read_file (svg);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "<svg"));
  g_clear_pointer (&bytes, g_bytes_unref);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "diagram.export-to", "s",
                                             pdf));
  bytes = psems_test_read_file (pdf);
  g_assert_true (g_bytes_get_size (bytes) > 5 && memcmp (g_bytes_get_data (bytes, NULL), "%PDF-",
                                                         5) == 0);

  /* A folder that is not there: said in a dialog, nothing written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "diagram.export-to", "s",
                                             nowhere));
  dialog = find_named_toplevel ("diagram-error");
  g_assert_nonnull (dialog);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  gtk_window_destroy (dialog);
}

static void
test_states (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(PsemsFacility) facility = psems_facility_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layers = NULL;
  g_autofree char *ref = NULL;
  gint64 id;

  /* "All facilities": the page asks for one, and draws nothing. */
  psems_diagram_page_set_facility_id (fixture->page, 0);
  g_assert_cmpstr (page_state (fixture), ==, "no-facility");
  g_assert_null (psems_diagram_view_get_input (fixture->view));

  /* A facility without layers (as one from before layers were kept) says so. */
  facility->name = g_strdup ("Empty Quay");
  facility->code = g_strdup ("NHV-EQ");
  facility->kind = g_strdup (psems_facility_kinds ()[0]);
  id = psems_facility_create (fixture->store, fixture->actor, facility, 1, &ref, &error);
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE layer SET deleted_at = '2026-01-01T00:00:00Z'"
                                            " WHERE facility_id = %lld", (long long) id);

    psems_test_exec (fixture->store, sql);
  }
  layers = psems_layer_list (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layers->len, ==, 0);
  psems_diagram_page_set_facility_id (fixture->page, id);
  g_assert_cmpstr (page_state (fixture), ==, "no-layers");
  g_assert_nonnull (strstr (adw_status_page_get_description (
    ADW_STATUS_PAGE (get_named (fixture->page, "diagram-no-layers"))), "Empty Quay"));

  /* Once it has layers, the diagram appears by itself. */
  {
    g_autoptr(GPtrArray) rings = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_layer_free);
    const char * const names[] = { "Fence line", "Quay apron" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        PsemsLayer *layer = psems_layer_new ();

        layer->name = g_strdup (names[i]);
        g_ptr_array_add (rings, layer);
      }
    g_assert_true (psems_layers_save (fixture->store, fixture->actor, id, rings, &error));
    g_assert_no_error (error);
  }
  psems_test_iterate_for (50);
  g_assert_cmpstr (page_state (fixture), ==, "diagram");
  psems_test_iterate_until (diagram_drawn, fixture);
  g_assert_cmpuint (psems_diagram_view_get_layout (fixture->view)->rings->len, ==, 2);
  g_assert_nonnull (find_row (fixture, "psems-layer-id",
                              g_array_index (psems_diagram_view_get_layout (fixture->view)->rings,
                                             PsemsDiagramRing, 0).layer_id));
}

/* Finds, in @node's tree, a border drawn all round in @colour. */
static gboolean
has_border_node (GskRenderNode *node,
                 const GdkRGBA *colour)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_BORDER_NODE:
      return gdk_rgba_equal (&gsk_border_node_get_colors (node)[0], colour);
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        if (has_border_node (gsk_container_node_get_child (node, i), colour))
          return TRUE;
      return FALSE;
    case GSK_TRANSFORM_NODE:
      return has_border_node (gsk_transform_node_get_child (node), colour);
    case GSK_CLIP_NODE:
      return has_border_node (gsk_clip_node_get_child (node), colour);
    default:
      return FALSE;
    }
}

/* Whether the view, drawn now, shows its keyboard focus ring in @palette's accent. */
static gboolean
draws_focus_ring (Fixture                   *fixture,
                  const PsemsDiagramPalette *palette)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GdkRGBA accent = { palette->accent.r, palette->accent.g, palette->accent.b, 1.0 };
  g_autoptr(GskRenderNode) node = NULL;
  gboolean found;

  GTK_WIDGET_GET_CLASS (fixture->view)->snapshot (GTK_WIDGET (fixture->view), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  found = node != NULL && has_border_node (node, &accent);
  return found;
}

static guint painted_before;

/* The still part painted again since painted_before was taken (on the next frame, however
 * slow: the sanitizer run is). */
static gboolean
painted_again (gpointer data)
{
  return psems_diagram_view_get_n_static_paints (data) > painted_before;
}

/* The view follows the desktop's dark style (AdwStyleManager:dark) and back, painting its still
 * part again each time; its keyboard focus ring shows in either palette's accent. */
static void
test_style (Fixture       *fixture,
            gconstpointer  user_data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  const PsemsDiagramPalette *light = psems_diagram_palette_get (PSEMS_DIAGRAM_STYLE_LIGHT);
  const PsemsDiagramPalette *dark = psems_diagram_palette_get (PSEMS_DIAGRAM_STYLE_DARK);

  psems_test_iterate_for (50);
  g_assert_false (adw_style_manager_get_dark (manager));
  g_assert_true (psems_diagram_view_get_palette (fixture->view) == light);

  /* Focus by keyboard: a ring in the light accent; gone when the focus is not visible. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (fixture->view)));
  gtk_window_set_focus_visible (fixture->window, TRUE);
  psems_test_iterate_for (20);
  g_assert_true (gtk_widget_has_visible_focus (GTK_WIDGET (fixture->view)));
  g_assert_true (draws_focus_ring (fixture, light));
  gtk_window_set_focus_visible (fixture->window, FALSE);
  psems_test_iterate_for (20);
  g_assert_false (draws_focus_ring (fixture, light));
  gtk_window_set_focus_visible (fixture->window, TRUE);

  painted_before = psems_diagram_view_get_n_static_paints (fixture->view);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  psems_test_iterate_until (painted_again, fixture->view);
  g_assert_true (adw_style_manager_get_dark (manager));
  g_assert_true (psems_diagram_view_get_palette (fixture->view) == dark);
  g_assert_true (draws_focus_ring (fixture, dark));
  g_assert_false (draws_focus_ring (fixture, light));

  painted_before = psems_diagram_view_get_n_static_paints (fixture->view);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  psems_test_iterate_until (painted_again, fixture->view);
  g_assert_false (adw_style_manager_get_dark (manager));
  g_assert_true (psems_diagram_view_get_palette (fixture->view) == light);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return 77;
  adw_init ();
  /* Naming the resources links them in from the static library; no application loads them here. */
  g_assert_nonnull (psems_app_get_resource ());

#define ADD(name, func) \
  g_test_add ("/diagram/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("list", test_list);
  ADD ("select", test_select);
  ADD ("threats", test_threats);
  ADD ("live", test_live);
  ADD ("export", test_export);
  ADD ("states", test_states);
  ADD ("style", test_style);
#undef ADD

  return g_test_run ();
}
