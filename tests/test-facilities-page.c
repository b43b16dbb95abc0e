/* test-facilities-page.c — the Facilities page: archiving a facility or an area asks nothing and its toast's Undo restores it; Ctrl+F searches the list, Ctrl+N starts a facility. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "psems-app-resources.h"
#include "psems-core.h"
#include "psems-facilities-page.h"
#include "psems-facility.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-undo.h"

typedef struct
{
  char *dir;
  char *db_path;
  PsemsStore *store;
  PsemsActor *actor;
  GtkWindow *window;
  PsemsFacilitiesPage *page;
  gint64 facility_id;            /* the container terminal */
} Fixture;

static GtkWidget *
get_named (gpointer    root,
           const char *name)
{
  GtkWidget *widget = psems_test_find_widget (GTK_WIDGET (root), G_TYPE_NONE, name);

  g_assert_nonnull (widget);
  return widget;
}

static GtkWindow *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  fixture->dir = psems_test_make_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  status = psems_test_run_cli (&out, &err, "--db", fixture->db_path, "db", "demo", NULL);
  g_assert_cmpint (status, ==, 0);

  fixture->store = psems_store_open (fixture->db_path, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fixture->actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  fixture->facility_id = psems_facility_resolve (fixture->store, "NHV-CT", &error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_set_default_size (fixture->window, 1300, 860);
  fixture->page = PSEMS_FACILITIES_PAGE (psems_facilities_page_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      GTK_WIDGET (fixture->page));
  psems_facilities_page_set_store (fixture->page, fixture->store, fixture->actor);
  gtk_window_present (fixture->window);
  psems_test_iterate_for (200);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWindow *dialog;

  while ((dialog = find_dialog ()) != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (fixture->window);
  psems_test_iterate_for (20);
  g_clear_pointer (&fixture->actor, psems_actor_unref);
  g_clear_object (&fixture->store);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static guint
count_rows (GtkWidget *list,
            gboolean   shown_only)
{
  GtkListBoxRow *row;
  guint n = 0;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)) != NULL; i++)
    if (!shown_only || gtk_widget_get_child_visible (GTK_WIDGET (row)))
      n++;
  return n;
}

static AdwToastOverlay *
get_overlay (Fixture *fixture)
{
  GtkWidget *overlay = psems_test_find_widget (GTK_WIDGET (fixture->page), ADW_TYPE_TOAST_OVERLAY,
                                               NULL);

  g_assert_nonnull (overlay);
  return ADW_TOAST_OVERLAY (overlay);
}

/* What the toast's button does: its signal, then the toast goes. */
static void
press_undo (AdwToast *toast)
{
  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  psems_test_iterate_for (200);
}

/* Archiving an area asks nothing; Undo brings the same row back, in the list again. */
static void
test_area_undo (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *areas;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  PsemsArea *area;
  AdwToast *toast;
  guint before;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "facility.select", "x",
                                             fixture->facility_id));
  psems_test_iterate_for (200);
  areas = get_named (fixture->page, "area-list");
  listed = psems_area_list (fixture->store, fixture->facility_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, >, 0);
  area = g_ptr_array_index (listed, 0);
  before = count_rows (areas, FALSE);
  g_assert_cmpuint (before, ==, listed->len);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "facility.archive-area",
                                             "x", area->id));
  psems_test_iterate_for (200);
  g_assert_null (find_dialog ());
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM restricted_area WHERE id = %lld"
                                                     " AND deleted_at IS NOT NULL", (long long) area->id),
                   ==, 1);
  g_assert_cmpuint (count_rows (areas, FALSE), ==, before - 1);
  toast = psems_undo_get_pending (get_overlay (fixture));
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), area->name));

  press_undo (toast);
  g_assert_null (psems_undo_get_pending (get_overlay (fixture)));
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM restricted_area WHERE id = %lld"
                                                     " AND deleted_at IS NULL", (long long) area->id),
                   ==, 1);
  g_assert_cmpuint (count_rows (areas, FALSE), ==, before);
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM audit_trail WHERE entity = 'area'"
                                                     " AND action = 'restore'"), ==, 1);
}

/* Archiving a facility: the toast's Undo (or Ctrl+Z) restores it and shows it again. */
static void
test_facility_undo (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWidget *list = get_named (fixture->page, "facility-list");
  guint before;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "facility.select", "x",
                                             fixture->facility_id));
  psems_test_iterate_for (200);
  before = count_rows (list, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "facility.archive", NULL));
  psems_test_iterate_for (200);
  g_assert_null (find_dialog ());
  g_assert_cmpuint (count_rows (list, FALSE), ==, before - 1);
  g_assert_nonnull (psems_undo_get_pending (get_overlay (fixture)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.undo", NULL));
  psems_test_iterate_for (200);
  g_assert_cmpuint (count_rows (list, FALSE), ==, before);
  g_assert_cmpint (psems_facilities_page_get_selected_id (fixture->page), ==, fixture->facility_id);
  g_assert_cmpint (psems_test_count (fixture->store, "SELECT count(*) FROM facility WHERE id = %lld"
                                                     " AND deleted_at IS NULL",
                                     (long long) fixture->facility_id), ==, 1);
  g_assert_null (psems_undo_get_pending (get_overlay (fixture)));
}

/* Ctrl+F searches the facilities listed, Ctrl+N starts a new one (a security officer, who may
 * not create facilities, gets nothing). */
static void
test_page_keys (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *search = get_named (page, "facility-search");
  GtkWidget *list = get_named (page, "facility-list");
  g_autoptr(PsemsActor) officer = psems_actor_new (5, "Ana", PSEMS_ROLE_SECURITY_OFFICER);
  guint n_rows = count_rows (list, TRUE);

  g_assert_cmpuint (n_rows, >, 1);
  g_assert_true (psems_test_has_binding (page, GDK_KEY_f, GDK_CONTROL_MASK, "page.find"));
  g_assert_true (psems_test_has_binding (page, GDK_KEY_n, GDK_CONTROL_MASK, "page.new"));
  g_assert_true (psems_test_has_binding (page, GDK_KEY_z, GDK_CONTROL_MASK, "page.undo"));

  g_assert_true (gtk_widget_activate_action (page, "page.find", NULL));
  psems_test_iterate_for (50);
  g_assert_true (psems_test_has_focus_within (search));
  gtk_editable_set_text (GTK_EDITABLE (search), "NHV-CT");
  psems_test_iterate_for (400);
  g_assert_cmpuint (count_rows (list, TRUE), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  psems_test_iterate_for (400);
  g_assert_cmpuint (count_rows (list, TRUE), ==, n_rows);

  g_assert_true (gtk_widget_activate_action (page, "page.new", NULL));
  psems_test_iterate_for (50);
  g_assert_cmpint (psems_facilities_page_get_selected_id (fixture->page), ==, 0);
  g_assert_true (psems_test_has_focus_within (get_named (page, "facility-name")));
  g_assert_true (gtk_widget_activate_action (page, "facility.cancel", NULL));
  psems_test_iterate_for (50);

  psems_facilities_page_set_store (fixture->page, fixture->store, officer);
  psems_test_iterate_for (50);
  gtk_widget_activate_action (page, "page.new", NULL);   /* disabled: found, does nothing */
  psems_test_iterate_for (50);
  g_assert_cmpint (psems_facilities_page_get_selected_id (fixture->page), !=, 0);
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
  g_test_add ("/facilities-page/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("area-undo", test_area_undo);
  ADD ("facility-undo", test_facility_undo);
  ADD ("page-keys", test_page_keys);
#undef ADD

  return g_test_run ();
}
