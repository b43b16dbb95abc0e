/* test-french.c — PSeMS in French: the dashboard (and the Preferences) show no message left in English, dates and counts follow the locale. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "psems-app-resources.h"
#include "psems-application.h"
#include "psems-dashboard-page.h"
#include "psems-facility-item.h"
#include "psems-preferences-window.h"
#include "psems-test-ui.h"
#include "psems-test-util.h"
#include "psems-ui-util.h"
#include "psems-window.h"

/* What po/fr.po holds. */
typedef struct
{
  GHashTable *english;       /* every msgid and msgid_plural */
  GHashTable *same;          /* msgids a translator deliberately left as they are */
  GHashTable *french;        /* every msgstr of an entry neither fuzzy nor empty */
} Catalog;

static Catalog catalog;
static char *demo_path;
static char *shared_dir;

/* ---- po/fr.po ----------------------------------------------------------------- */

/* The text of a PO string line ("…" with C escapes). */
static void
append_po_string (GString    *out,
                  const char *line)
{
  const char *start = strchr (line, '"');
  const char *end = strrchr (line, '"');
  g_autofree char *quoted = NULL;
  g_autofree char *text = NULL;

  g_assert_true (start != NULL && end > start);
  quoted = g_strndup (start + 1, end - start - 1);
  text = g_strcompress (quoted);
  g_string_append (out, text);
}

typedef enum { FIELD_NONE, FIELD_CTXT, FIELD_ID, FIELD_PLURAL, FIELD_STR } Field;

typedef struct
{
  gboolean fuzzy;
  GString *ctxt;
  GString *id;
  GString *plural;
  GPtrArray *strs;           /* GString */
} Entry;

static void
free_gstring (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
entry_reset (Entry *e)
{
  e->fuzzy = FALSE;
  g_string_truncate (e->ctxt, 0);
  g_string_truncate (e->id, 0);
  g_string_truncate (e->plural, 0);
  g_ptr_array_set_size (e->strs, 0);
}

static void
entry_commit (Entry *e)
{
  gboolean translated = FALSE;

  /* The header (empty msgid) is no message. */
  if (e->id->len == 0)
    return;
  g_hash_table_add (catalog.english, g_strdup (e->id->str));
  if (e->plural->len > 0)
    g_hash_table_add (catalog.english, g_strdup (e->plural->str));
  if (e->fuzzy)
    return;
  for (guint i = 0; i < e->strs->len; i++)
    {
      GString *str = g_ptr_array_index (e->strs, i);

      if (str->len == 0)
        continue;
      translated = TRUE;
      g_hash_table_add (catalog.french, g_strdup (str->str));
    }
  if (!translated)
    return;
  for (guint i = 0; i < e->strs->len; i++)
    {
      GString *str = g_ptr_array_index (e->strs, i);

      if (g_strcmp0 (str->str, e->id->str) == 0 || g_strcmp0 (str->str, e->plural->str) == 0)
        g_hash_table_add (catalog.same, g_strdup (str->str));
    }
}

static void
load_catalog (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  Entry e = { FALSE, g_string_new (NULL), g_string_new (NULL), g_string_new (NULL),
              g_ptr_array_new_with_free_func (free_gstring) };
  Field field = FIELD_NONE;
  gboolean in_entry = FALSE;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  catalog.english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  catalog.same = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  catalog.french = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  lines = g_strsplit (contents, "\n", -1);
  for (guint n = 0; ; n++)
    {
      const char *line = lines[n];

      /* A blank line or a comment after strings ends an entry. */
      if (line == NULL || *line == '\0' || (*line == '#' && field != FIELD_NONE))
        {
          if (in_entry)
            entry_commit (&e);
          entry_reset (&e);
          in_entry = FALSE;
          field = FIELD_NONE;
          if (line == NULL)
            break;
        }
      if (*line == '\0' || g_str_has_prefix (line, "#~"))
        continue;
      if (g_str_has_prefix (line, "#,"))
        {
          if (strstr (line, "fuzzy") != NULL)
            e.fuzzy = TRUE;
          continue;
        }
      if (*line == '#')
        continue;

      in_entry = TRUE;
      if (g_str_has_prefix (line, "msgctxt "))
        {
          field = FIELD_CTXT;
          append_po_string (e.ctxt, line);
        }
      else if (g_str_has_prefix (line, "msgid_plural "))
        {
          field = FIELD_PLURAL;
          append_po_string (e.plural, line);
        }
      else if (g_str_has_prefix (line, "msgid "))
        {
          field = FIELD_ID;
          append_po_string (e.id, line);
        }
      else if (g_str_has_prefix (line, "msgstr"))
        {
          field = FIELD_STR;
          g_ptr_array_add (e.strs, g_string_new (NULL));
          append_po_string (g_ptr_array_index (e.strs, e.strs->len - 1), line);
        }
      else if (*line == '"')
        {
          GString *target = field == FIELD_CTXT ? e.ctxt
                          : field == FIELD_ID ? e.id
                          : field == FIELD_PLURAL ? e.plural
                          : g_ptr_array_index (e.strs, e.strs->len - 1);

          g_assert_true (field != FIELD_NONE);
          append_po_string (target, line);
        }
      else
        {
          g_error ("%s:%u: cannot read: %s", path, n + 1, line);
        }
    }
  g_string_free (e.ctxt, TRUE);
  g_string_free (e.id, TRUE);
  g_string_free (e.plural, TRUE);
  g_ptr_array_unref (e.strs);
}

/* ---- Walking the widgets ------------------------------------------------------ */

typedef struct
{
  GHashTable *skip;          /* data shown as it is: facility names, codes, references */
  GRegex *reference;         /* FND-2026-0001, FAC-2026-0001, PACK-… */
  GHashTable *seen;
  GPtrArray *untranslated;
  GPtrArray *unknown;        /* texts in no catalog: composed, data, or not marked */
  guint n_checked;
  guint n_french;
} Walk;

static gboolean
has_letters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static void
check_text (Walk       *walk,
            const char *text)
{
  if (text == NULL || !has_letters (text) || g_hash_table_contains (walk->skip, text)
      || g_regex_match (walk->reference, text, 0, NULL)
      || !g_hash_table_add (walk->seen, g_strdup (text)))
    return;

  walk->n_checked++;
  if (g_hash_table_contains (catalog.french, text))
    {
      walk->n_french++;
      return;
    }
  if (g_hash_table_contains (catalog.english, text))
    {
      if (!g_hash_table_contains (catalog.same, text))
        g_ptr_array_add (walk->untranslated, g_strdup (text));
      return;
    }
  g_ptr_array_add (walk->unknown, g_strdup (text));
}

/* What a person sees: the text of every mapped label (row titles and subtitles, buttons, window
 * titles are labels inside) and every mapped widget's tooltip. */
static void
walk_widget (Walk      *walk,
             GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    check_text (walk, gtk_label_get_text (GTK_LABEL (widget)));
  check_text (walk, gtk_widget_get_tooltip_text (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_widget (walk, child);
}

static void
walk_init (Walk *walk)
{
  walk->skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->reference = g_regex_new ("^[A-Z]{2,}(-[A-Z0-9]+)*-[0-9]{4}(-[0-9]+)?$", 0, 0, NULL);
  walk->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->untranslated = g_ptr_array_new_with_free_func (g_free);
  walk->unknown = g_ptr_array_new_with_free_func (g_free);
  /* The application's name is a name. */
  g_hash_table_add (walk->skip, g_strdup ("PSeMS"));
}

static void
walk_clear (Walk *walk)
{
  g_hash_table_unref (walk->skip);
  g_regex_unref (walk->reference);
  g_hash_table_unref (walk->seen);
  g_ptr_array_unref (walk->untranslated);
  g_ptr_array_unref (walk->unknown);
}

static void
report_walk (Walk       *walk,
             const char *where,
             guint       min_checked)
{
  for (guint i = 0; i < walk->unknown->len; i++)
    g_test_message ("%s: not in the catalog (composed or data?): %s", where,
                    (const char *) g_ptr_array_index (walk->unknown, i));
  g_test_message ("%s: %u texts checked, %u French from the catalog, %u left in English",
                  where, walk->n_checked, walk->n_french, walk->untranslated->len);
  /* Not vacuous: the walk saw the page, and the catalog was loaded. */
  g_assert_cmpuint (walk->n_checked, >=, min_checked);
  g_assert_cmpuint (walk->n_french, >=, min_checked / 2);
  if (walk->untranslated->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < walk->untranslated->len; i++)
        g_string_append_printf (list, " “%s”", (const char *) g_ptr_array_index (walk->untranslated, i));
      g_test_fail_printf ("%s: %u texts shown in English:%s", where, walk->untranslated->len,
                          list->str);
    }
}

/* ---- Tests -------------------------------------------------------------------- */

static gboolean
dashboard_loaded (gpointer data)
{
  return !psems_dashboard_page_get_loading (data);
}

static gboolean
contains_text (GtkWidget  *widget,
               const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (contains_text (child, text))
      return TRUE;
  return FALSE;
}

static void
test_dashboard (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (demo_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(PsemsApplication) application = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%-d %B %Y");
  g_autofree char *month = g_date_time_format (now, "%B");
  PsemsDashboardPage *page;
  PsemsWindow *window;
  GListModel *facilities;
  GtkWindow *preferences;
  Walk walk = { 0 };

  /* The catalog answers in French before any widget is made. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Dashboard"), !=, "Dashboard");
  g_assert_true (g_hash_table_contains (catalog.french, g_dgettext (GETTEXT_PACKAGE, "Dashboard")));

  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  application = psems_application_new ("io.github.psems.Psems.Test", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  window = psems_application_open_path (application, path, PSEMS_STORE_OPEN_DEFAULT, NULL);
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  page = psems_window_get_dashboard_page (window);
  psems_test_iterate_until (dashboard_loaded, page);
  /* What opening the database reminds of is counted in a worker too, then revealed. */
  psems_test_iterate_for (1500);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));

  walk_init (&walk);
  /* The demo's facilities are data, shown as they were typed. */
  facilities = psems_dashboard_page_get_facilities (page);
  g_assert_cmpuint (g_list_model_get_n_items (facilities), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (facilities); i++)
    {
      g_autoptr(PsemsFacilityItem) item = g_list_model_get_item (facilities, i);

      g_hash_table_add (walk.skip, g_strdup (psems_facility_item_get_name (item)));
      g_hash_table_add (walk.skip, g_strdup (psems_facility_item_get_code (item)));
      g_hash_table_add (walk.skip, g_strdup (psems_facility_item_get_ref (item)));
    }
  g_hash_table_add (walk.skip, g_path_get_basename (path));
  g_hash_table_add (walk.skip, g_strdup (path));

  walk_widget (&walk, GTK_WIDGET (window));
  report_walk (&walk, "dashboard", 20);
  walk_clear (&walk);

  /* Dates as the French write them: "26 novembre 2026". */
  g_assert_true (contains_text (GTK_WIDGET (page), today));
  g_assert_cmpstr (month, !=, "November");

  /* The Preferences, over the window. */
  preferences = psems_preferences_window_new (GTK_WINDOW (window));
  gtk_window_present (preferences);
  psems_test_iterate_for (200);
  walk_init (&walk);
  walk_widget (&walk, GTK_WIDGET (preferences));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "prefs-packs");
  psems_test_iterate_for (500);
  walk_widget (&walk, GTK_WIDGET (preferences));
  report_walk (&walk, "preferences", 16);
  walk_clear (&walk);
  gtk_window_destroy (preferences);

  psems_test_close_windows (GTK_APPLICATION (application));
  g_clear_object (&application);
  psems_test_remove_dir (dir);
}

/* Counts group thousands as each locale does: a narrow no-break space in French, a dot in
 * Dutch. */
static void
test_numbers (void)
{
  g_autofree char *french = psems_ui_format_count (1000000);
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  g_assert_cmpstr (french, ==, "1\u202f000\u202f000");
  if (setlocale (LC_NUMERIC, "nl_NL.UTF-8") == NULL)
    {
      g_test_skip ("the nl_NL.UTF-8 locale is not installed (build-aux/dev generates it)");
      return;
    }
  {
    g_autofree char *dutch = psems_ui_format_count (1000000);
    g_autofree char *small = psems_ui_format_count (999);

    setlocale (LC_NUMERIC, saved);
    g_assert_cmpstr (dutch, ==, "1.000.000");
    g_assert_cmpstr (small, ==, "999");
  }
}

static void
test_dates (void)
{
  g_autofree char *date = psems_ui_format_date ("2026-11-26");
  g_autofree char *saved = g_strdup (setlocale (LC_TIME, NULL));

  g_autofree char *short_date = psems_ui_format_date_short ("2026-11-26");
  g_autofree char *typed = psems_ui_format_date ("not a date");

  g_assert_cmpstr (date, ==, "26 novembre 2026");
  /* The French catalog may reorder the format; the month is French either way. */
  g_assert_nonnull (strstr (short_date, "nov."));
  /* Typed text that is not a date is shown as it is. */
  g_assert_cmpstr (typed, ==, "not a date");
  if (setlocale (LC_TIME, "nl_NL.UTF-8") == NULL)
    {
      g_test_skip ("the nl_NL.UTF-8 locale is not installed (build-aux/dev generates it)");
      return;
    }
  {
    /* The format is French (LANGUAGE=fr); the month names come from LC_TIME. */
    g_autofree char *dutch = psems_ui_format_date ("2026-03-05");

    setlocale (LC_TIME, saved);
    g_assert_cmpstr (dutch, ==, "5 maart 2026");
  }
}

static void
skip_test (gconstpointer data)
{
  g_test_skip (data);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *po = g_build_filename (PSEMS_TEST_PO_DIR, "fr.po", NULL);
  g_autofree char *mo = g_build_filename (PSEMS_TEST_LOCALEDIR, "fr", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *err = NULL;
  const char *missing = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* French before GTK starts, as a French desktop session would have it. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
  if (setlocale (LC_ALL, "") == NULL)
    missing = "the fr_FR.UTF-8 locale is not installed (build-aux/dev generates it)";
  else if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    missing = "the French catalog is not built (ninja psems-gmo)";
  if (missing != NULL)
    {
      g_test_add_data_func ("/french/numbers", missing, skip_test);
      g_test_add_data_func ("/french/dates", missing, skip_test);
      g_test_add_data_func ("/french/dashboard", missing, skip_test);
      return g_test_run ();
    }
  bindtextdomain (GETTEXT_PACKAGE, PSEMS_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    return 77;
  adw_init ();
  g_assert_nonnull (psems_app_get_resource ());
  load_catalog (po);

  shared_dir = psems_test_make_dir ();
  demo_path = g_build_filename (shared_dir, "demo.db", NULL);
  status = psems_test_run_cli (NULL, &err, "--db", demo_path, "db", "demo", NULL);
  if (status != 0)
    g_printerr ("psems-cli db demo: %s\n", err);
  g_assert_cmpint (status, ==, 0);

  g_test_add_func ("/french/numbers", test_numbers);
  g_test_add_func ("/french/dates", test_dates);
  g_test_add_func ("/french/dashboard", test_dashboard);
  status = g_test_run ();

  psems_test_remove_dir (shared_dir);
  g_free (shared_dir);
  g_free (demo_path);
  g_hash_table_unref (catalog.english);
  g_hash_table_unref (catalog.same);
  g_hash_table_unref (catalog.french);
  return status;
}
