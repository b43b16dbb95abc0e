/* psems-ui-util.c — helpers the pages share: dates as people type and read them, field problems,
 * dialogs and toasts, following a store. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "psems-application.h"
#include "psems-problem-row.h"
#include "psems-ui-util.h"

/**
 * psems_ui_format_timestamp:
 * @iso_utc: (nullable): a UTC time as core stores it, YYYY-MM-DDTHH:MM:SSZ
 *
 * Returns: (transfer full) (nullable): the time in local time for reading, or %NULL
 */
char *
psems_ui_format_timestamp (const char *iso_utc)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso_utc == NULL || *iso_utc == '\0')
    return NULL;
  utc = g_date_time_new_from_iso8601 (iso_utc, NULL);
  if (utc == NULL)
    return g_strdup (iso_utc);
  local = g_date_time_to_local (utc);
  /* Translators: a date and time as in "26 Nov 2026, 14:05"; see the GDateTime format codes */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

/**
 * psems_ui_format_date:
 * @iso_date: (nullable): YYYY-MM-DD
 *
 * Returns: (transfer full) (nullable): the date for reading ("26 November 2026"), or %NULL
 */
char *
psems_ui_format_date (const char *iso_date)
{
  GDate date;

  if (iso_date == NULL || *iso_date == '\0')
    return NULL;
  if (!psems_ui_parse_date (iso_date, &date, NULL))
    return g_strdup (iso_date);
  return psems_ui_format_date_value (&date);
}

char *
psems_ui_format_date_value (const GDate *date)
{
  g_autoptr(GDateTime) time = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  time = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), 0, 0, 0);
  /* Translators: a date as in "26 November 2026"; see the GDateTime format codes */
  return g_date_time_format (time, _("%-d %B %Y"));
}

/**
 * psems_ui_format_date_short:
 * @iso_date: (nullable): YYYY-MM-DD
 *
 * For table columns and other tight places.
 *
 * Returns: (transfer full) (nullable): the date with an abbreviated month ("26 Nov 2026",
 *   "26 nov. 2026"), or %NULL
 */
char *
psems_ui_format_date_short (const char *iso_date)
{
  g_autoptr(GDateTime) time = NULL;
  GDate date;

  if (iso_date == NULL || *iso_date == '\0')
    return NULL;
  if (!psems_ui_parse_date (iso_date, &date, NULL))
    return g_strdup (iso_date);
  time = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), 0, 0, 0);
  /* Translators: a short date as in "26 Nov 2026"; see the GDateTime format codes */
  return g_date_time_format (time, _("%-d %b %Y"));
}

/**
 * psems_ui_format_count:
 * @n: a count
 *
 * Returns: (transfer full): @n with the locale's thousands separators ("1 000 000" in French,
 *   "1.000.000" in Dutch, "1,000,000" in English), as LC_NUMERIC says
 */
char *
psems_ui_format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

/* Returns: the current local time the way the time fields take it: YYYY-MM-DD HH:MM */
char *
psems_ui_dup_now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d %H:%M");
}

char *
psems_ui_dup_today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * psems_ui_parse_local_time:
 * @text: "YYYY-MM-DD HH:MM" in local time; empty means no time
 * @time: (out) (transfer full) (nullable): the time, %NULL for empty text
 *
 * Returns: %FALSE with @error set when @text is not a time
 */
gboolean
psems_ui_parse_local_time (const char  *text,
                           GDateTime  **time,
                           GError     **error)
{
  g_autofree char *stripped = psems_text_dup_field (text);
  int year, month, day, hour, minute;
  char end;

  *time = NULL;
  if (stripped == NULL)
    return TRUE;
  if (sscanf (stripped, "%4d-%2d-%2d %2d:%2d%c", &year, &month, &day, &hour, &minute, &end) != 5
      || !g_date_valid_dmy (day, month, year) || hour > 23 || minute > 59 || hour < 0 || minute < 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Write the time as YYYY-MM-DD HH:MM, for example %s"), "2026-11-26 14:05");
      return FALSE;
    }
  *time = g_date_time_new_local (year, month, day, hour, minute, 0);
  return TRUE;
}

/**
 * psems_ui_parse_date:
 * @text: YYYY-MM-DD
 * @date: (out): the date; cleared when @text is empty
 *
 * Returns: %FALSE with @error set when @text is not a date
 */
gboolean
psems_ui_parse_date (const char  *text,
                     GDate       *date,
                     GError     **error)
{
  g_autofree char *stripped = psems_text_dup_field (text);
  int year, month, day;
  char end;

  g_date_clear (date, 1);
  if (stripped == NULL)
    return TRUE;
  if (sscanf (stripped, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3
      || !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Write the date as YYYY-MM-DD, for example %s"), "2026-11-26");
      return FALSE;
    }
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* Returns: (nullable): the first problem core found with @field */
const char *
psems_ui_find_problem (GPtrArray  *problems,
                       const char *field)
{
  if (problems == NULL)
    return NULL;
  for (guint i = 0; i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, field) == 0)
        return problem->message;
    }
  return NULL;
}

/**
 * psems_ui_split_field_error:
 * @fields: the fields the form shows
 * @message: (out): the part of the message after "field: "
 *
 * Core refuses a write with "<field>: <message>", or "<what>: <field>: <message>" (see
 * psems_field_problems_to_error()); a form shows that message next to the field.
 *
 * Returns: (transfer full) (nullable): the field, when it is one of @fields
 */
char *
psems_ui_split_field_error (const GError        *error,
                            const char * const  *fields,
                            const char         **message)
{
  *message = error->message;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *prefix = g_strconcat (fields[i], ": ", NULL);
      g_autofree char *inner = g_strconcat (": ", fields[i], ": ", NULL);
      const char *found;

      if (g_str_has_prefix (error->message, prefix))
        {
          *message = error->message + strlen (prefix);
          return g_strdup (fields[i]);
        }
      found = strstr (error->message, inner);
      if (found != NULL)
        {
          *message = found + strlen (inner);
          return g_strdup (fields[i]);
        }
    }
  return NULL;
}

/**
 * psems_ui_set_field_problem:
 * @field: the row the user types in
 * @problem_row: the #PsemsProblemRow under it
 * @message: (nullable): what is wrong; %NULL when nothing is
 */
void
psems_ui_set_field_problem (GtkWidget  *field,
                            GtkWidget  *problem_row,
                            const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (PSEMS_IS_PROBLEM_ROW (problem_row));

  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
  psems_problem_row_set_message (PSEMS_PROBLEM_ROW (problem_row), message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
  if (message != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                 GTK_ACCESSIBLE_INVALID_TRUE, -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
}

/* Returns: (nullable) (transfer none): the window @widget is in, the parent of its dialogs */
GtkWindow *
psems_ui_get_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Toast titles are markup in libadwaita 1.2; names typed by users are not. */
AdwToast *
psems_ui_new_toast (const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  return adw_toast_new (escaped);
}

/**
 * psems_ui_show_error_dialog:
 * @widget: the page the error happened in
 * @name: the dialog's widget name, which tests look for
 * @heading: what failed
 * @error: why, as core reported it
 *
 * Errors core reports that belong to no field: said in a dialog, so they are read.
 */
void
psems_ui_show_error_dialog (GtkWidget    *widget,
                            const char   *name,
                            const char   *heading,
                            const GError *error)
{
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (error != NULL);

  dialog = adw_message_dialog_new (psems_ui_get_window (widget), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_name (dialog, name);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * psems_ui_follow_store:
 * @store_slot: where the page keeps its store (a reference)
 * @changed_handler: where the page keeps its handler of the store's "changed" signal
 * @store: (nullable): the store to follow now, %NULL to follow none (in dispose)
 * @changed_cb: (nullable): the page's handler of "changed"; unused when @store is %NULL
 * @user_data: what @changed_cb gets
 *
 * Moves the "changed" handler from the store followed so far to @store.
 */
void
psems_ui_follow_store (PsemsStore **store_slot,
                       gulong      *changed_handler,
                       PsemsStore  *store,
                       GCallback    changed_cb,
                       gpointer     user_data)
{
  g_return_if_fail (store_slot != NULL);
  g_return_if_fail (changed_handler != NULL);
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || changed_cb != NULL);

  if (*store_slot != NULL)
    g_clear_signal_handler (changed_handler, *store_slot);
  g_set_object (store_slot, store);
  if (store != NULL)
    *changed_handler = g_signal_connect (store, "changed", changed_cb, user_data);
}

typedef struct
{
  guint            *source_id;
  PsemsUiReloadFunc reload;
  gpointer          user_data;
} ReloadIdle;

static gboolean
reload_idle_cb (gpointer data)
{
  ReloadIdle *idle = data;

  *idle->source_id = 0;
  idle->reload (idle->user_data);
  return G_SOURCE_REMOVE;
}

/**
 * psems_ui_queue_reload:
 * @source_id: where the page keeps the pending reload (0 when none); the page clears it with
 *   g_clear_handle_id() when it reloads at once or goes away
 * @name: the source's name, for profilers
 * @reload: what reloads the page
 * @user_data: what @reload gets
 *
 * Reloads once at idle for a burst of changes (so after the writer's call returns), unless a
 * reload is already pending.
 */
void
psems_ui_queue_reload (guint            *source_id,
                       const char       *name,
                       PsemsUiReloadFunc reload,
                       gpointer          user_data)
{
  ReloadIdle *idle;

  g_return_if_fail (source_id != NULL);
  g_return_if_fail (reload != NULL);

  if (*source_id != 0)
    return;
  idle = g_new (ReloadIdle, 1);
  idle->source_id = source_id;
  idle->reload = reload;
  idle->user_data = user_data;
  /* Default priority: redraws (a spinner elsewhere in the window) must not starve it. */
  *source_id = g_idle_add_full (G_PRIORITY_DEFAULT, reload_idle_cb, idle, g_free);
  g_source_set_name_by_id (*source_id, name);
}

/* What an empty list says instead of showing nothing: a dim, wrapping label. */
void
psems_ui_set_empty_text (GtkListBox *list,
                         const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_set_placeholder (list, label);
}

/* Removes every row; the list's placeholder, a child too, stays wherever it stands. */
void
psems_ui_clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  child = gtk_widget_get_first_child (GTK_WIDGET (list));
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (list, child);
      child = next;
    }
}

/* A flat "Open" button for an evidence row: the window opens the file in the system's viewer
 * ("win.open-evidence"). */
GtkWidget *
psems_ui_new_open_evidence_button (gint64 evidence_id)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("document-open-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Open"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-evidence");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", evidence_id);
  return button;
}

/* A string list of the ids' labels, in order; an id without a label shows as itself. */
GListModel *
psems_ui_new_label_model (const char * const *ids,
                          const char       *(*label) (const char *id))
{
  GtkStringList *list = gtk_string_list_new (NULL);

  g_return_val_if_fail (ids != NULL && label != NULL, NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    gtk_string_list_append (list, label (ids[i]) != NULL ? label (ids[i]) : ids[i]);
  return G_LIST_MODEL (list);
}

/* Where @id stands in @ids, or @not_found. */
guint
psems_ui_id_position (const char * const *ids,
                      const char         *id,
                      guint               not_found)
{
  g_return_val_if_fail (ids != NULL, not_found);

  for (guint i = 0; id != NULL && ids[i] != NULL; i++)
    if (g_str_equal (ids[i], id))
      return i;
  return not_found;
}

/* The id at a dropdown position, %NULL past the end (GTK_INVALID_LIST_POSITION included). */
const char *
psems_ui_id_at (const char * const *ids,
                guint               position)
{
  g_return_val_if_fail (ids != NULL, NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    if (i == position)
      return ids[i];
  return NULL;
}

static void
status_page_map_cb (GtkWidget *page,
                    gpointer   user_data)
{
  const char *icon_name = g_object_get_data (G_OBJECT (page), "psems-deferred-icon");

  if (icon_name != NULL && adw_status_page_get_icon_name (ADW_STATUS_PAGE (page)) == NULL)
    adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon_name);
}

/**
 * psems_ui_defer_status_icons:
 * @root: a page, just built from its template
 *
 * Every AdwStatusPage under @root that is not shown gets its icon only when it is first
 * shown. GTK looks up the icon of every image in the tree, shown or not, and a status page's
 * is drawn at 128 px from an SVG through librsvg: some 10 MiB a window may never need
 * (an empty list's or an error's page, hidden behind a full list).
 */
void
psems_ui_defer_status_icons (GtkWidget *root)
{
  const char *icon_name;

  g_return_if_fail (GTK_IS_WIDGET (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    psems_ui_defer_status_icons (child);

  if (!ADW_IS_STATUS_PAGE (root) || gtk_widget_get_mapped (root))
    return;
  icon_name = adw_status_page_get_icon_name (ADW_STATUS_PAGE (root));
  if (icon_name == NULL || g_object_get_data (G_OBJECT (root), "psems-deferred-icon") != NULL)
    return;
  g_object_set_data_full (G_OBJECT (root), "psems-deferred-icon", g_strdup (icon_name), g_free);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (root), NULL);
  g_signal_connect (root, "map", G_CALLBACK (status_page_map_cb), NULL);
}

/**
 * psems_ui_dup_settings:
 *
 * The running application's settings; without a #PsemsApplication (a page in a test), settings
 * of the same schema, which share its backend.
 *
 * Returns: (transfer full) (nullable): the settings, or %NULL when the schema is not installed
 */
GSettings *
psems_ui_dup_settings (void)
{
  GApplication *application = g_application_get_default ();
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (PSEMS_IS_APPLICATION (application))
    {
      GSettings *settings = psems_application_get_settings (PSEMS_APPLICATION (application));

      return settings != NULL ? g_object_ref (settings) : NULL;
    }
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/* Markings as the UK, US and other regimes print them; the label is also the marking except
 * OFFICIAL-SENSITIVE, a UK classification that is never translated. */
static const struct
{
  const char *label;
  const char *marking;     /* NULL: the translated label */
} markings[] = {
  { N_("OFFICIAL-SENSITIVE"), "OFFICIAL-SENSITIVE" },
  { N_("SSI — Sensitive Security Information"), NULL },
  { N_("RESTRICTED"), NULL },
  { N_("CONFIDENTIAL"), NULL },
};

GMenuModel *
psems_ui_new_marking_menu (const char *action_name)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) none = g_menu_new ();
  g_autoptr(GMenu) common = g_menu_new ();
  g_autoptr(GMenuItem) no_marking = NULL;

  g_return_val_if_fail (action_name != NULL, NULL);

  no_marking = g_menu_item_new (_("No Marking"), NULL);
  g_menu_item_set_action_and_target (no_marking, action_name, "s", "");
  g_menu_append_item (none, no_marking);
  for (guint i = 0; i < G_N_ELEMENTS (markings); i++)
    {
      const char *label = _(markings[i].label);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, action_name, "s",
                                         markings[i].marking != NULL ? markings[i].marking : label);
      g_menu_append_item (common, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (none));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (common));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}
