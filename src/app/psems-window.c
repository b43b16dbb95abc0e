/* psems-window.c — the main window: sections in a sidebar, a facility switcher, the open database. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "psems-application.h"
#include "psems-controls-page.h"
#include "psems-dashboard-page.h"
#include "psems-diagram-page.h"
#include "psems-evidence.h"
#include "psems-assessments-page.h"
#include "psems-schedule-page.h"
#include "psems-schedule.h"
#include "psems-findings-page.h"
#include "psems-incidents-page.h"
#include "psems-facilities-page.h"
#include "psems-facility-item.h"
#include "psems-level-indicator.h"
#include "psems-personnel-page.h"
#include "psems-plans-page.h"
#include "psems-ui-util.h"
#include "psems-window.h"

struct _PsemsWindow
{
  AdwApplicationWindow parent_instance;

  AdwLeaflet *leaflet;
  GtkWidget *sidebar_pane;
  GtkWidget *content_pane;
  GtkListBox *sidebar;
  GtkStack *stack;
  AdwWindowTitle *section_title;
  GtkDropDown *facility_dropdown;
  PsemsLevelIndicator *level_indicator;
  GtkButton *overdue_button;      /* "N overdue" beside the level: the schedule's missed dates */
  gulong store_changed_handler;
  PsemsDashboardPage *dashboard_page;
  PsemsFacilitiesPage *facilities_page;
  PsemsPersonnelPage *personnel_page;
  PsemsPlansPage *plans_page;
  PsemsControlsPage *controls_page;
  PsemsDiagramPage *diagram_page;
  PsemsAssessmentsPage *assessments_page;
  PsemsSchedulePage *schedule_page;
  PsemsFindingsPage *findings_page;
  PsemsIncidentsPage *incidents_page;

  PsemsStore *store;
  PsemsActor *actor;              /* who the window writes as */
  GSettings *settings;
  GListStore *all_store;          /* the one "All facilities" item, first in the switcher */
  PsemsFacilityItem *all_item;
  GBinding *level_binding;        /* selected facility → level indicator */
  gint64 facility_id;
  gboolean restoring_facility;
};

G_DEFINE_FINAL_TYPE (PsemsWindow, psems_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SECTION,
  PROP_FACILITY_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The first section of each group in the sidebar; a separator goes above it. */
static const char * const group_starts[] = { "facilities", "schedule", "reports", NULL };

static void
update_title (PsemsWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);
  GtkStackPage *page = child != NULL ? gtk_stack_get_page (self->stack, child) : NULL;
  g_autofree char *basename = NULL;

  adw_window_title_set_title (self->section_title,
                              page != NULL ? gtk_stack_page_get_title (page) : "");
  if (self->store != NULL)
    {
      basename = g_path_get_basename (psems_store_get_path (self->store));
      adw_window_title_set_subtitle (self->section_title, basename);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->section_title),
                                   psems_store_get_path (self->store));
    }
  else
    {
      adw_window_title_set_subtitle (self->section_title, _("No database open"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->section_title), NULL);
    }
}

static GtkWidget *
create_sidebar_row_cb (gpointer item,
                       gpointer user_data)
{
  GtkStackPage *page = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (gtk_stack_page_get_icon_name (page));
  GtkWidget *label = gtk_label_new (gtk_stack_page_get_title (page));
  const char *name = gtk_stack_page_get_name (page);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-section");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", name);
  g_object_set_data_full (G_OBJECT (row), "psems-section", g_strdup (name), g_free);
  return row;
}

static void
sidebar_header_cb (GtkListBoxRow *row,
                   GtkListBoxRow *before,
                   gpointer       user_data)
{
  const char *name = g_object_get_data (G_OBJECT (row), "psems-section");

  if (before != NULL && name != NULL && g_strv_contains (group_starts, name))
    {
      if (gtk_list_box_row_get_header (row) == NULL)
        gtk_list_box_row_set_header (row, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
    }
  else
    {
      gtk_list_box_row_set_header (row, NULL);
    }
}

static void
select_sidebar_row (PsemsWindow *self,
                    const char  *section)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "psems-section"), section) == 0)
        {
          gtk_list_box_select_row (self->sidebar, row);
          return;
        }
    }
}

const char *
psems_window_get_section (PsemsWindow *self)
{
  g_return_val_if_fail (PSEMS_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * psems_window_set_section:
 * @section: a section's name: "dashboard", "facilities", "plans", "personnel", "controls",
 *   "diagram", "schedule", "assessments", "findings", "incidents", "reports", "audit", "users"
 *
 * Shows @section, and on a folded window moves from the sidebar to it.
 *
 * Returns: %FALSE if there is no section of that name
 */
gboolean
psems_window_set_section (PsemsWindow *self,
                          const char  *section)
{
  g_return_val_if_fail (PSEMS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (section != NULL, FALSE);

  if (gtk_stack_get_child_by_name (self->stack, section) == NULL)
    return FALSE;

  select_sidebar_row (self, section);
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), section) == 0)
    return TRUE;

  gtk_stack_set_visible_child_name (self->stack, section);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-section", section);
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
  return TRUE;
}

static void
update_level_indicator (PsemsWindow       *self,
                        PsemsFacilityItem *item)
{
  g_autofree char *tooltip = NULL;

  g_clear_pointer (&self->level_binding, g_binding_unbind);
  if (item == NULL)
    item = self->all_item;

  self->level_binding = g_object_bind_property (item, "security-level",
                                                self->level_indicator, "level",
                                                G_BINDING_SYNC_CREATE);
  if (item == self->all_item)
    tooltip = g_strdup (_("The highest security level in force at any facility"));
  else
    /* Translators: %s is a port facility's name */
    tooltip = g_strdup_printf (_("The security level in force at %s"),
                               psems_facility_item_get_name (item));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->level_indicator), tooltip);
}

/* The facility header says how many schedule items are overdue today (the clock engine's
 * verdict); the dashboard counts the same. */
static void
update_overdue_badge (PsemsWindow *self)
{
  PsemsScheduleFilter filter = { 0 };
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *tooltip = NULL;

  if (self->store != NULL)
    {
      filter.facility_id = self->facility_id;
      filter.overdue = TRUE;
      overdue = psems_schedule_list (self->store, &filter, &error);
      if (overdue == NULL)
        g_warning ("Cannot count overdue schedule items: %s", error->message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_button), overdue != NULL && overdue->len > 0);
  if (overdue == NULL || overdue->len == 0)
    return;
  /* Translators: in the window's header, beside the security level; %u is a number */
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", overdue->len),
                           overdue->len);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u audit, drill, exercise or review is overdue: show the schedule",
                                          "%u audits, drills, exercises or reviews are overdue: show the schedule",
                                          overdue->len),
                             overdue->len);
  gtk_button_set_label (self->overdue_button, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->overdue_button), tooltip);
}

static void
store_changed_cb (PsemsStore  *store,
                  const char  *entity,
                  gint64       id,
                  PsemsWindow *self)
{
  if (g_strcmp0 (entity, "schedule") == 0 || g_strcmp0 (entity, "completion") == 0 ||
      g_strcmp0 (entity, "plan") == 0 || g_strcmp0 (entity, "facility") == 0)
    update_overdue_badge (self);
}

static void
set_facility_id (PsemsWindow *self,
                 gint64       facility_id)
{
  if (self->facility_id == facility_id)
    return;
  self->facility_id = facility_id;
  update_overdue_badge (self);
  psems_dashboard_page_set_facility_id (self->dashboard_page, facility_id);
  psems_controls_page_set_facility_id (self->controls_page, facility_id);
  psems_diagram_page_set_facility_id (self->diagram_page, facility_id);
  psems_assessments_page_set_facility_id (self->assessments_page, facility_id);
  psems_schedule_page_set_facility_id (self->schedule_page, facility_id);
  psems_findings_page_set_facility_id (self->findings_page, facility_id);
  psems_incidents_page_set_facility_id (self->incidents_page, facility_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}

static void
facility_selected_cb (PsemsWindow *self)
{
  PsemsFacilityItem *item;

  if (self->restoring_facility)
    return;
  item = gtk_drop_down_get_selected_item (self->facility_dropdown);
  set_facility_id (self, item != NULL ? psems_facility_item_get_id (item) : 0);
  update_level_indicator (self, item);
}

static gboolean
select_facility (PsemsWindow *self,
                 gint64       facility_id)
{
  GListModel *model = gtk_drop_down_get_model (self->facility_dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PsemsFacilityItem) item = g_list_model_get_item (model, i);

      if (psems_facility_item_get_id (item) == facility_id)
        {
          gtk_drop_down_set_selected (self->facility_dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* The switcher's selection follows positions; when the set of facilities changes,
 * hold the selection still and put it back on the same facility afterwards. */
static void
facilities_changing_cb (PsemsWindow *self)
{
  self->restoring_facility = TRUE;
}

static void
facilities_changed_cb (GListModel  *facilities,
                       guint        position,
                       guint        removed,
                       guint        added,
                       PsemsWindow *self)
{
  gboolean found;

  found = select_facility (self, self->facility_id);
  self->restoring_facility = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->facility_dropdown),
                          g_list_model_get_n_items (facilities) > 0);
  if (!found)
    gtk_drop_down_set_selected (self->facility_dropdown, 0);
  facility_selected_cb (self);
}

static void
level_changed_cb (PsemsWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->level_indicator),
                          psems_level_indicator_get_level (self->level_indicator) > 0);
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsWindow *self = PSEMS_WINDOW (widget);
  const char *section = g_variant_get_string (parameter, NULL);

  if (!psems_window_set_section (self, section))
    g_debug ("No section named “%s”", section);
}

static void
select_facility_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PsemsWindow *self = PSEMS_WINDOW (widget);

  if (!select_facility (self, g_variant_get_int64 (parameter)))
    g_debug ("No facility with id %" G_GINT64_FORMAT, g_variant_get_int64 (parameter));
  psems_window_set_section (self, "dashboard");
}

static void
show_control_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsWindow *self = PSEMS_WINDOW (widget);
  gint64 control_id = g_variant_get_int64 (parameter);

  psems_window_set_section (self, "controls");
  if (!psems_controls_page_show_control (self->controls_page, control_id))
    g_debug ("The controls page does not list control %" G_GINT64_FORMAT, control_id);
}

/* Evidence opens in the system's viewer: its content is written (and checked against its
 * SHA-256) to a private cache folder under its reference and name, then handed to the viewer. */
static void
open_evidence_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsWindow *self = PSEMS_WINDOW (widget);
  gint64 evidence_id = g_variant_get_int64 (parameter);
  g_autoptr(PsemsEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  if (self->store == NULL)
    return;
  evidence = psems_evidence_get (self->store, evidence_id, &error);
  if (evidence != NULL)
    {
      dir = g_build_filename (g_get_user_cache_dir (), "psems", "evidence", NULL);
      name = g_strdup_printf ("%s-%s", evidence->ref, evidence->file_name);
      path = g_build_filename (dir, name, NULL);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno),
                     _("%s: cannot make the folder: %s"), dir, g_strerror (errno));
      else if (psems_evidence_save_to (self->store, evidence_id, path, TRUE, &error))
        uri = g_filename_to_uri (path, NULL, &error);
    }
  if (uri == NULL)
    {
      psems_ui_show_error_dialog (GTK_WIDGET (self), "open-evidence-error", _("Cannot Open the Evidence"),
                                  error);
      return;
    }
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsWindow *self = PSEMS_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
open_error_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        PsemsWindow      *self)
{
  if (g_strcmp0 (response, "open") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.open-database", NULL);
  else if (g_strcmp0 (response, "new") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.new-database", NULL);
}

/**
 * psems_window_show_open_error:
 * @error: why the store refused the database; its message names the file
 *
 * Tells the user why a database could not be opened and what to do next.
 *
 * Returns: (transfer none): the dialog, already presented
 */
GtkWindow *
psems_window_show_open_error (PsemsWindow  *self,
                              const GError *error)
{
  GtkWidget *dialog;

  g_return_val_if_fail (PSEMS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Cannot Open Database"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s",
                                  error->message,
                                  _("Open another database, or create a new one."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "new", _("_New Database…"),
                                    "open", _("_Open Database…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_error_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static gboolean
psems_window_close_request (GtkWindow *window)
{
  PsemsWindow *self = PSEMS_WINDOW (window);
  int width, height;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (psems_window_parent_class)->close_request (window);
}

/* The application, and with it the settings, arrives after construction: restore
 * the window's size and section when it does. */
static void
application_set_cb (PsemsWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *section = NULL;

  if (self->settings != NULL || !PSEMS_IS_APPLICATION (application))
    return;

  g_set_object (&self->settings, psems_application_get_settings (PSEMS_APPLICATION (application)));
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  section = g_settings_get_string (self->settings, "last-section");
  if (psems_window_set_section (self, section))
    /* Start on the sidebar when folded: going into a section is for the user to choose. */
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar_pane);
}

static void
psems_window_dispose (GObject *object)
{
  PsemsWindow *self = PSEMS_WINDOW (object);

  g_clear_pointer (&self->level_binding, g_binding_unbind);
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_handler, self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_WINDOW);

  G_OBJECT_CLASS (psems_window_parent_class)->dispose (object);
}

static void
psems_window_finalize (GObject *object)
{
  PsemsWindow *self = PSEMS_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->all_store);
  g_clear_object (&self->all_item);

  G_OBJECT_CLASS (psems_window_parent_class)->finalize (object);
}

static void
psems_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PsemsWindow *self = PSEMS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SECTION:
      g_value_set_string (value, psems_window_get_section (self));
      break;
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PsemsWindow *self = PSEMS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      psems_window_set_store (self, g_value_get_object (value));
      break;
    case PROP_SECTION:
      psems_window_set_section (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_window_class_init (PsemsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = psems_window_dispose;
  object_class->finalize = psems_window_finalize;
  object_class->get_property = psems_window_get_property;
  object_class->set_property = psems_window_set_property;
  window_class->close_request = psems_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PSEMS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL, "dashboard",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_DASHBOARD_PAGE);
  g_type_ensure (PSEMS_TYPE_FACILITIES_PAGE);
  g_type_ensure (PSEMS_TYPE_PERSONNEL_PAGE);
  g_type_ensure (PSEMS_TYPE_PLANS_PAGE);
  g_type_ensure (PSEMS_TYPE_CONTROLS_PAGE);
  g_type_ensure (PSEMS_TYPE_DIAGRAM_PAGE);
  g_type_ensure (PSEMS_TYPE_ASSESSMENTS_PAGE);
  g_type_ensure (PSEMS_TYPE_SCHEDULE_PAGE);
  g_type_ensure (PSEMS_TYPE_FINDINGS_PAGE);
  g_type_ensure (PSEMS_TYPE_INCIDENTS_PAGE);
  g_type_ensure (PSEMS_TYPE_FACILITY_ITEM);
  g_type_ensure (PSEMS_TYPE_LEVEL_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/psems-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, section_title);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, facility_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, level_indicator);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, overdue_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, facilities_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, personnel_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, plans_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, controls_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, diagram_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, assessments_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, schedule_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, findings_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, incidents_page);

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.select-facility", "x", select_facility_action);
  gtk_widget_class_install_action (widget_class, "win.show-control", "x", show_control_action);
  gtk_widget_class_install_action (widget_class, "win.open-evidence", "x", open_evidence_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
}

static void
psems_window_init (PsemsWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = NULL;
  GListModel *facilities;
  GListStore *models;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Until users sign in, the operating-system login writes. */
  self->actor = psems_actor_new_for_login ();
  g_object_bind_property (self, "facility-id", self->facilities_page, "facility-id", 0);
  g_object_bind_property (self, "facility-id", self->plans_page, "facility-id", 0);

  pages = gtk_stack_get_pages (self->stack);
  gtk_list_box_bind_model (self->sidebar, G_LIST_MODEL (pages), create_sidebar_row_cb, self, NULL);
  gtk_list_box_set_header_func (self->sidebar, sidebar_header_cb, NULL, NULL);

  /* The switcher lists "All facilities", then the facilities the dashboard counted. */
  self->all_item = psems_facility_item_new (0, NULL, NULL, _("All facilities"), 0);
  self->all_store = g_list_store_new (PSEMS_TYPE_FACILITY_ITEM);
  g_list_store_append (self->all_store, self->all_item);
  g_object_bind_property (self->dashboard_page, "highest-level",
                          self->all_item, "security-level", G_BINDING_SYNC_CREATE);

  facilities = psems_dashboard_page_get_facilities (self->dashboard_page);
  /* Connected before the flattened model exists, so it runs before the switcher moves. */
  g_signal_connect_object (facilities, "items-changed", G_CALLBACK (facilities_changing_cb), self,
                           G_CONNECT_SWAPPED);
  models = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (models, self->all_store);
  g_list_store_append (models, facilities);
  gtk_drop_down_set_model (self->facility_dropdown,
                           G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (models))));
  g_object_unref (gtk_drop_down_get_model (self->facility_dropdown));
  g_signal_connect_object (facilities, "items-changed", G_CALLBACK (facilities_changed_cb), self,
                           G_CONNECT_AFTER);
  g_signal_connect_swapped (self->facility_dropdown, "notify::selected-item",
                            G_CALLBACK (facility_selected_cb), self);
  g_signal_connect_swapped (self->level_indicator, "notify::level",
                            G_CALLBACK (level_changed_cb), self);

  gtk_widget_set_visible (GTK_WIDGET (self->facility_dropdown), FALSE);
  update_level_indicator (self, NULL);
  level_changed_cb (self);

  psems_window_set_section (self, "dashboard");
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_pane);
  update_title (self);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_set_cb), NULL);
}

PsemsWindow *
psems_window_new (GtkApplication *application,
                  PsemsStore     *store)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store == NULL || PSEMS_IS_STORE (store), NULL);

  return g_object_new (PSEMS_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

PsemsStore *
psems_window_get_store (PsemsWindow *self)
{
  g_return_val_if_fail (PSEMS_IS_WINDOW (self), NULL);
  return self->store;
}

/**
 * psems_window_set_store:
 * @store: (nullable): the database the window shows
 */
void
psems_window_set_store (PsemsWindow *self,
                        PsemsStore  *store)
{
  g_return_if_fail (PSEMS_IS_WINDOW (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_handler, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->store_changed_handler = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);

  self->facility_id = 0;
  gtk_drop_down_set_selected (self->facility_dropdown, 0);
  psems_dashboard_page_set_store (self->dashboard_page, store);
  psems_facilities_page_set_store (self->facilities_page, store, self->actor);
  psems_personnel_page_set_store (self->personnel_page, store, self->actor);
  psems_plans_page_set_store (self->plans_page, store, self->actor);
  psems_controls_page_set_facility_id (self->controls_page, 0);
  psems_controls_page_set_store (self->controls_page, store, self->actor);
  psems_diagram_page_set_facility_id (self->diagram_page, 0);
  psems_diagram_page_set_store (self->diagram_page, store, self->actor);
  psems_assessments_page_set_facility_id (self->assessments_page, 0);
  psems_assessments_page_set_store (self->assessments_page, store, self->actor);
  psems_schedule_page_set_facility_id (self->schedule_page, 0);
  psems_schedule_page_set_store (self->schedule_page, store, self->actor);
  psems_findings_page_set_facility_id (self->findings_page, 0);
  psems_findings_page_set_store (self->findings_page, store, self->actor);
  psems_incidents_page_set_facility_id (self->incidents_page, 0);
  psems_incidents_page_set_store (self->incidents_page, store, self->actor);
  update_overdue_badge (self);
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * psems_window_get_actor:
 *
 * Returns: (transfer none): who the window's writes are recorded as
 */
PsemsActor *
psems_window_get_actor (PsemsWindow *self)
{
  g_return_val_if_fail (PSEMS_IS_WINDOW (self), NULL);
  return self->actor;
}

gint64
psems_window_get_facility_id (PsemsWindow *self)
{
  g_return_val_if_fail (PSEMS_IS_WINDOW (self), 0);
  return self->facility_id;
}

/**
 * psems_window_get_dashboard_page:
 *
 * Returns: (transfer none): the dashboard section
 */
PsemsDashboardPage *
psems_window_get_dashboard_page (PsemsWindow *self)
{
  g_return_val_if_fail (PSEMS_IS_WINDOW (self), NULL);
  return self->dashboard_page;
}
