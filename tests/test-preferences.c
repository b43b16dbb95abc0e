/* test-preferences.c — the Preferences window: built from the schema and psems-pack's sections, every row changing its key and back, the Reports page starting from the keys, and no schema. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "psems-app-resources.h"
#include "psems-pack.h"
#include "psems-preferences-window.h"
#include "psems-reports-page.h"
#include "psems-test-ui.h"

static const char * const keys[] = {
  "reminders-on-start", "reminder-horizon-days", "expiry-warning-days", "backup-keep",
  "backup-folder", "pack-marking", "pack-sections", NULL
};

typedef struct
{
  GSettings *settings;       /* the same memory backend the window writes to */
  GtkWindow *parent;
  GtkWindow *window;
} Fixture;

static GtkWidget *
get_named (gpointer    root,
           const char *name)
{
  GtkWidget *widget = psems_test_find_widget (GTK_WIDGET (root), G_TYPE_NONE, name);

  if (widget == NULL)
    g_error ("no widget named %s", name);
  return widget;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  f->settings = g_settings_new (APP_ID);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (f->settings, keys[i]);
  f->parent = GTK_WINDOW (adw_application_window_new (NULL));
  f->window = psems_preferences_window_new (f->parent);
  g_assert_true (PSEMS_IS_PREFERENCES_WINDOW (f->window));
  g_assert_true (gtk_window_get_transient_for (f->window) == f->parent);
  gtk_window_present (f->window);
  psems_test_iterate_for (50);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  gtk_window_destroy (f->window);
  gtk_window_destroy (f->parent);
  psems_test_iterate_for (20);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (f->settings, keys[i]);
  g_clear_object (&f->settings);
}

static const char *
subtitle_of (Fixture    *f,
             const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (get_named (f->window, name)));
}

/* Every row there, showing the defaults; one switch row per pack section, titled as the pack
 * titles it. */
static void
test_builds (Fixture       *f,
             gconstpointer  user_data)
{
  GtkWidget *marking_button = get_named (f->window, "prefs-pack-marking-menu");
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (marking_button));
  GtkSpinButton *horizon = GTK_SPIN_BUTTON (get_named (f->window, "prefs-reminder-horizon-spin"));
  double min, max;

  g_assert_true (gtk_switch_get_active (GTK_SWITCH (get_named (f->window,
                                                               "prefs-reminders-on-start-switch"))));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (horizon), ==, 7);
  /* The schema's range: 1 … 90 days. */
  gtk_spin_button_get_range (horizon, &min, &max);
  g_assert_cmpfloat (min, ==, 1);
  g_assert_cmpfloat (max, ==, 90);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (get_named (f->window, "prefs-expiry-warning-spin"))),
                   ==, 30);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (get_named (f->window, "prefs-backup-keep-spin"))),
                   ==, 7);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_named (f->window, "prefs-pack-marking"))),
                   ==, "OFFICIAL-SENSITIVE");
  g_assert_false (gtk_widget_get_visible (get_named (f->window, "prefs-unavailable")));

  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);

  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    {
      PsemsPackSection section = (PsemsPackSection) (1u << i);
      g_autofree char *name = g_strdup_printf ("prefs-section-%s",
                                               psems_pack_section_to_string (section));
      GtkWidget *row = get_named (f->window, name);
      GtkWidget *sw = psems_test_find_widget (row, GTK_TYPE_SWITCH, NULL);

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       psems_pack_section_get_title (section));
      /* [] is every section. */
      g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
      g_assert_true (gtk_widget_get_sensitive (sw));
    }
}

static void
test_switch_and_spin (Fixture       *f,
                      gconstpointer  user_data)
{
  GtkSwitch *on_start = GTK_SWITCH (get_named (f->window, "prefs-reminders-on-start-switch"));
  GtkWidget *horizon_row = get_named (f->window, "prefs-reminder-horizon");
  GtkSpinButton *horizon = GTK_SPIN_BUTTON (get_named (f->window, "prefs-reminder-horizon-spin"));
  GtkSpinButton *keep = GTK_SPIN_BUTTON (get_named (f->window, "prefs-backup-keep-spin"));

  /* Activating the row flips its switch, which writes the key; and back. */
  g_assert_true (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (get_named (f->window, "prefs-reminders-on-start")))
                 == GTK_WIDGET (on_start));
  gtk_switch_set_active (on_start, FALSE);
  g_assert_false (g_settings_get_boolean (f->settings, "reminders-on-start"));
  /* No reminders: their horizon is greyed. */
  g_assert_false (gtk_widget_get_sensitive (horizon_row));
  gtk_switch_set_active (on_start, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "reminders-on-start"));
  g_assert_true (gtk_widget_get_sensitive (horizon_row));

  /* A key changed elsewhere shows at once. */
  g_settings_set_boolean (f->settings, "reminders-on-start", FALSE);
  g_assert_false (gtk_switch_get_active (on_start));
  g_settings_reset (f->settings, "reminders-on-start");
  g_assert_true (gtk_switch_get_active (on_start));

  gtk_spin_button_set_value (horizon, 14);
  g_assert_cmpint (g_settings_get_int (f->settings, "reminder-horizon-days"), ==, 14);
  /* Beyond the schema's range the spin button stops at its end. */
  gtk_spin_button_set_value (horizon, 500);
  g_assert_cmpint (g_settings_get_int (f->settings, "reminder-horizon-days"), ==, 90);
  gtk_spin_button_set_value (horizon, 7);
  g_assert_cmpint (g_settings_get_int (f->settings, "reminder-horizon-days"), ==, 7);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get_named (f->window, "prefs-expiry-warning-spin")), 60);
  g_assert_cmpint (g_settings_get_int (f->settings, "expiry-warning-days"), ==, 60);

  /* 0 backups kept turns automatic backups off. */
  gtk_spin_button_set_value (keep, 0);
  g_assert_cmpint (g_settings_get_int (f->settings, "backup-keep"), ==, 0);
  gtk_spin_button_set_value (keep, 7);
  g_assert_cmpint (g_settings_get_int (f->settings, "backup-keep"), ==, 7);
}

static GtkSwitch *
section_switch (Fixture          *f,
                PsemsPackSection  section)
{
  g_autofree char *name = g_strdup_printf ("prefs-section-%s", psems_pack_section_to_string (section));

  return GTK_SWITCH (psems_test_find_widget (get_named (f->window, name), GTK_TYPE_SWITCH, NULL));
}

static void
test_sections (Fixture       *f,
               gconstpointer  user_data)
{
  g_auto(GStrv) chosen = NULL;

  /* One off: the others are listed by key. */
  gtk_switch_set_active (section_switch (f, PSEMS_PACK_DIAGRAM), FALSE);
  chosen = g_settings_get_strv (f->settings, "pack-sections");
  g_assert_cmpuint (g_strv_length (chosen), ==, PSEMS_PACK_N_SECTIONS - 1);
  g_assert_false (g_strv_contains ((const char * const *) chosen, "diagram"));
  g_assert_true (g_strv_contains ((const char * const *) chosen, "summary"));
  g_assert_true (g_strv_contains ((const char * const *) chosen, "signoff"));
  g_clear_pointer (&chosen, g_strfreev);

  /* On again: every section is [] again. */
  gtk_switch_set_active (section_switch (f, PSEMS_PACK_DIAGRAM), TRUE);
  chosen = g_settings_get_strv (f->settings, "pack-sections");
  g_assert_cmpuint (g_strv_length (chosen), ==, 0);
  g_clear_pointer (&chosen, g_strfreev);

  /* Keys set elsewhere (unknown ones skipped) show; the last section on cannot be turned off. */
  g_settings_set_strv (f->settings, "pack-sections",
                       (const char * const[]) { "plan", "no-such-section", NULL });
  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    {
      GtkSwitch *sw = section_switch (f, (PsemsPackSection) (1u << i));
      gboolean is_plan = (1u << i) == PSEMS_PACK_PLAN;

      g_assert_cmpint (gtk_switch_get_active (sw), ==, is_plan);
      g_assert_cmpint (gtk_widget_get_sensitive (GTK_WIDGET (sw)), ==, !is_plan);
    }
  gtk_switch_set_active (section_switch (f, PSEMS_PACK_PLAN), FALSE);
  g_assert_true (gtk_switch_get_active (section_switch (f, PSEMS_PACK_PLAN)));
  chosen = g_settings_get_strv (f->settings, "pack-sections");
  g_assert_true (g_strv_contains ((const char * const *) chosen, "plan"));
  for (guint i = 0; chosen[i] != NULL; i++)
    g_assert_true (g_str_equal (chosen[i], "plan") || g_str_equal (chosen[i], "no-such-section"));
  g_clear_pointer (&chosen, g_strfreev);

  gtk_switch_set_active (section_switch (f, PSEMS_PACK_FINDINGS), TRUE);
  chosen = g_settings_get_strv (f->settings, "pack-sections");
  g_assert_cmpuint (g_strv_length (chosen), ==, 2);
  g_assert_cmpstr (chosen[0], ==, "plan");
  g_assert_cmpstr (chosen[1], ==, "findings");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (section_switch (f, PSEMS_PACK_PLAN))));
}

static void
test_marking (Fixture       *f,
              gconstpointer  user_data)
{
  GtkWidget *row = get_named (f->window, "prefs-pack-marking");
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (get_named (f->window,
                                                                                 "prefs-pack-marking-menu")));
  g_autoptr(GMenuModel) common = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (common, 3,
                                                                      G_MENU_ATTRIBUTE_TARGET,
                                                                      G_VARIANT_TYPE_STRING);
  g_autofree char *marking = NULL;

  /* The Reports page's menu, the same four markings. */
  g_assert_cmpint (g_menu_model_get_n_items (common), ==, 4);
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->window), "prefs.set-marking",
                                                     target));
  marking = g_settings_get_string (f->settings, "pack-marking");
  g_assert_cmpstr (marking, ==, "CONFIDENTIAL");
  g_clear_pointer (&marking, g_free);

  gtk_editable_set_text (GTK_EDITABLE (row), "SECRET");
  marking = g_settings_get_string (f->settings, "pack-marking");
  g_assert_cmpstr (marking, ==, "SECRET");
  g_clear_pointer (&marking, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.set-marking", "s", ""));
  marking = g_settings_get_string (f->settings, "pack-marking");
  g_assert_cmpstr (marking, ==, "");
}

static void
test_backup_folder (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *folder = NULL;

  /* Empty: the default, one folder per database under the state folder. */
  g_assert_nonnull (strstr (subtitle_of (f, "prefs-backup-folder"), "psems"));
  g_assert_false (gtk_widget_get_sensitive (get_named (f->window, "prefs-backup-folder-reset")));

  g_settings_set_string (f->settings, "backup-folder", "/srv/backups/psems");
  psems_test_iterate_for (10);
  g_assert_cmpstr (subtitle_of (f, "prefs-backup-folder"), ==, "/srv/backups/psems");
  g_assert_true (gtk_widget_get_sensitive (get_named (f->window, "prefs-backup-folder-reset")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "prefs.reset-backup-folder",
                                             NULL));
  folder = g_settings_get_string (f->settings, "backup-folder");
  g_assert_cmpstr (folder, ==, "");
  psems_test_iterate_for (10);
  g_assert_cmpstr (subtitle_of (f, "prefs-backup-folder"), !=, "/srv/backups/psems");
  g_assert_false (gtk_widget_get_sensitive (get_named (f->window, "prefs-backup-folder-reset")));
}

/* A new Reports page starts from the preferences' marking and sections. */
static void
test_reports_page (Fixture       *f,
                   gconstpointer  user_data)
{
  GtkWidget *page;
  guint sections = 0;

  g_settings_set_string (f->settings, "pack-marking", "RESTRICTED");
  g_settings_set_strv (f->settings, "pack-sections",
                       (const char * const[]) { "controls", "findings", NULL });
  page = g_object_ref_sink (psems_reports_page_new ());
  g_object_get (page, "sections", &sections, NULL);
  g_assert_cmpuint (sections, ==, PSEMS_PACK_CONTROLS | PSEMS_PACK_FINDINGS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_named (page, "reports-marking"))), ==,
                   "RESTRICTED");
  g_object_unref (page);

  g_settings_reset (f->settings, "pack-sections");
  g_settings_set_string (f->settings, "pack-marking", "");
  page = g_object_ref_sink (psems_reports_page_new ());
  g_object_get (page, "sections", &sections, NULL);
  g_assert_cmpuint (sections, ==, PSEMS_PACK_ALL_SECTIONS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_named (page, "reports-marking"))), ==,
                   "");
  g_object_unref (page);
}

/* Without the schema the window still opens, with the defaults greyed and the reason shown. */
static void
test_no_schema (void)
{
  if (g_test_subprocess ())
    {
      GtkWindow *window = psems_preferences_window_new (NULL);

      gtk_window_present (window);
      psems_test_iterate_for (20);
      g_assert_true (gtk_widget_get_visible (get_named (window, "prefs-unavailable")));
      g_assert_false (gtk_widget_is_sensitive (get_named (window, "prefs-reminders-on-start-switch")));
      g_assert_false (gtk_widget_is_sensitive (get_named (window, "prefs-pack-marking")));
      gtk_window_destroy (window);
      psems_test_iterate_for (20);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The child of test_no_schema: only the system's schemas, which never hold ours. */
  if (g_test_subprocess ())
    g_unsetenv ("GSETTINGS_SCHEMA_DIR");
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return 77;
  adw_init ();
  g_assert_nonnull (psems_app_get_resource ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/preferences/builds", test_builds);
  ADD ("/preferences/switch-and-spin", test_switch_and_spin);
  ADD ("/preferences/sections", test_sections);
  ADD ("/preferences/marking", test_marking);
  ADD ("/preferences/backup-folder", test_backup_folder);
  ADD ("/preferences/reports-page", test_reports_page);
#undef ADD
  g_test_add_func ("/preferences/no-schema", test_no_schema);

  return g_test_run ();
}
