/* psems-window.c — the main window: sections in a sidebar, a facility switcher, the open database. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "psems-application.h"
#include "psems-audit-page.h"
#include "psems-controls-page.h"
#include "psems-dashboard-page.h"
#include "psems-diagram-page.h"
#include "psems-evidence.h"
#include "psems-assessments-page.h"
#include "psems-backup-ui.h"
#include "psems-schedule-page.h"
#include "psems-schedule.h"
#include "psems-findings-page.h"
#include "psems-incidents-page.h"
#include "psems-facilities-page.h"
#include "psems-facility-item.h"
#include "psems-level-indicator.h"
#include "psems-personnel-page.h"
#include "psems-plans-page.h"
#include "psems-reminder.h"
#include "psems-reports-page.h"
#include "psems-signin-page.h"
#include "psems-ui-util.h"
#include "psems-user.h"
#include "psems-users-page.h"
#include "psems-welcome-page.h"
#include "psems-window.h"

struct _PsemsWindow
{
  AdwApplicationWindow parent_instance;

  GtkStack *lock_stack;            /* "welcome" without a database, "signin" until someone
                                   * signs in, then "main" */
  PsemsWelcomePage *welcome_page;
  PsemsSigninPage *signin_page;
  GtkMenuButton *user_button;     /* who is signed in, with Switch User */
  AdwButtonContent *user_content;
  GtkWidget *single_user_button;  /* "Single-user mode": nobody signs in */
  AdwLeaflet *leaflet;
  GtkWidget *sidebar_pane;
  GtkWidget *content_pane;
  AdwHeaderBar *content_header;
  GtkBox *facility_bar;
  gboolean compact_header;        /* switcher, level and overdue badge in facility_bar */
  GtkListBox *sidebar;
  GtkStack *stack;
  AdwWindowTitle *section_title;
  GtkDropDown *facility_dropdown;
  PsemsLevelIndicator *level_indicator;
  GtkButton *overdue_button;      /* "N overdue" beside the level: the schedule's missed dates */
  guint overdue_count;
  AdwButtonContent *single_user_content;
  GtkRevealer *demo_revealer;     /* "this is demo data", over the sections of the demo */
  GtkRevealer *reminders_revealer;/* what is overdue or expires soon, once the database opens */
  GtkBox *reminders_box;
  GtkWidget *reminders_summary_row;
  GtkLabel *reminders_summary;
  GtkButton *reminders_expand;
  gboolean reminders_expanded;    /* a folded window shows them all, not just their sum */
  GtkImage *reminders_icon;
  guint reminders_source;         /* the idle that starts counting them */
  GCancellable *reminders_cancellable;
  gulong store_changed_handler;
  PsemsDashboardPage *dashboard_page;

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

/* Sections whose page is made the first time it is shown (the stack holds an empty AdwBin
 * until then): a page never visited costs neither its widgets nor its data. The dashboard is
 * made with the window (the facility switcher lists its facilities). */
typedef struct
{
  const char *name;
  GType (*get_type) (void);
  void (*set_store) (gpointer page, PsemsStore *store, PsemsActor *actor);
  void (*set_facility_id) (gpointer page, gint64 facility_id);
} PsemsLazySection;

/* The facilities and plans pages follow the facility through a property. */
static void
set_facility_id_property (gpointer page,
                          gint64   facility_id)
{
  g_object_set (page, "facility-id", facility_id, NULL);
}

#define LAZY_SECTION(name, type, prefix, set_facility) \
  { name, type, (void (*) (gpointer, PsemsStore *, PsemsActor *)) prefix##_set_store, \
    (void (*) (gpointer, gint64)) set_facility }

static const PsemsLazySection lazy_sections[] = {
  LAZY_SECTION ("facilities", psems_facilities_page_get_type, psems_facilities_page, set_facility_id_property),
  LAZY_SECTION ("plans", psems_plans_page_get_type, psems_plans_page, set_facility_id_property),
  LAZY_SECTION ("personnel", psems_personnel_page_get_type, psems_personnel_page, NULL),
  LAZY_SECTION ("controls", psems_controls_page_get_type, psems_controls_page,
                psems_controls_page_set_facility_id),
  LAZY_SECTION ("diagram", psems_diagram_page_get_type, psems_diagram_page,
                psems_diagram_page_set_facility_id),
  LAZY_SECTION ("schedule", psems_schedule_page_get_type, psems_schedule_page,
                psems_schedule_page_set_facility_id),
  LAZY_SECTION ("assessments", psems_assessments_page_get_type, psems_assessments_page,
                psems_assessments_page_set_facility_id),
  LAZY_SECTION ("findings", psems_findings_page_get_type, psems_findings_page,
                psems_findings_page_set_facility_id),
  LAZY_SECTION ("incidents", psems_incidents_page_get_type, psems_incidents_page,
                psems_incidents_page_set_facility_id),
  LAZY_SECTION ("reports", psems_reports_page_get_type, psems_reports_page,
                psems_reports_page_set_facility_id),
  LAZY_SECTION ("audit", psems_audit_page_get_type, psems_audit_page, NULL),
  LAZY_SECTION ("users", psems_users_page_get_type, psems_users_page, NULL),
};

static void update_sign_out_action (PsemsWindow *self);

static const PsemsLazySection *
find_lazy_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (lazy_sections); i++)
    if (g_strcmp0 (lazy_sections[i].name, name) == 0)
      return &lazy_sections[i];
  return NULL;
}

/* The page of a lazily made section, or NULL while it has not been made. */
static GtkWidget *
peek_section_page (PsemsWindow *self,
                   const char  *name)
{
  GtkWidget *bin = gtk_stack_get_child_by_name (self->stack, name);

  return bin != NULL && ADW_IS_BIN (bin) ? adw_bin_get_child (ADW_BIN (bin)) : NULL;
}

static void
update_title (PsemsWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->stack);
  GtkStackPage *page = child != NULL ? gtk_stack_get_page (self->stack, child) : NULL;
  g_autofree char *basename = NULL;

  adw_window_title_set_title (self->section_title,
                              page != NULL ? gtk_stack_page_get_title (page) : "");
  if (self->store != NULL && psems_welcome_is_demo_path (psems_store_get_path (self->store)))
    {
      adw_window_title_set_subtitle (self->section_title, _("Demo data, thrown away"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->section_title),
                                   _("A made-up port authority in a throwaway database"));
    }
  else if (self->store != NULL)
    {
      basename = g_path_get_basename (psems_store_get_path (self->store));
      adw_window_title_set_subtitle (self->section_title, basename);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->section_title),
                                   psems_store_get_path (self->store));
    }
  else
    {
      /* Without a database the welcome page covers the sections: this is never seen. */
      adw_window_title_set_subtitle (self->section_title, "");
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

/**
 * psems_window_get_section_page:
 * @section: a section's name (see psems_window_set_section())
 *
 * The page of @section, made (and given the store, the actor and the facility) if it has not
 * been shown yet.
 *
 * Returns: (transfer none) (nullable): the page; %NULL if there is no section of that name
 */
GtkWidget *
psems_window_get_section_page (PsemsWindow *self,
                               const char  *section)
{
  const PsemsLazySection *lazy;
  GtkWidget *bin;
  GtkWidget *page;

  g_return_val_if_fail (PSEMS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (section != NULL, NULL);

  bin = gtk_stack_get_child_by_name (self->stack, section);
  lazy = find_lazy_section (section);
  if (bin == NULL || lazy == NULL || !ADW_IS_BIN (bin))
    return bin;
  page = adw_bin_get_child (ADW_BIN (bin));
  if (page != NULL)
    return page;

  page = g_object_new (lazy->get_type (), NULL);
  if (lazy->set_facility_id != NULL)
    lazy->set_facility_id (page, self->facility_id);
  if (self->store != NULL)
    lazy->set_store (page, self->store, self->actor);
  /* The users page writes on a worker connection: it says when accounts changed. */
  if (PSEMS_IS_USERS_PAGE (page))
    g_signal_connect_object (page, "accounts-changed", G_CALLBACK (update_sign_out_action), self,
                             G_CONNECT_SWAPPED);
  psems_ui_defer_status_icons (page);
  adw_bin_set_child (ADW_BIN (bin), page);
  return page;
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

  psems_window_get_section_page (self, section);
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
  self->overdue_count = overdue != NULL ? overdue->len : 0;
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_button), self->overdue_count > 0);
  if (self->overdue_count == 0)
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
  for (guint i = 0; i < G_N_ELEMENTS (lazy_sections); i++)
    {
      GtkWidget *page = peek_section_page (self, lazy_sections[i].name);

      if (page != NULL && lazy_sections[i].set_facility_id != NULL)
        lazy_sections[i].set_facility_id (page, facility_id);
    }
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
  if (!psems_controls_page_show_control (PSEMS_CONTROLS_PAGE (psems_window_get_section_page (self, "controls")),
                                         control_id))
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
 * Tells the user why a database could not be opened and what to do next: on the welcome
 * page when the window has no database, in a dialog over the database it keeps otherwise.
 *
 * Returns: (transfer none) (nullable): the dialog, already presented; %NULL when the welcome
 *   page says it
 */
GtkWindow *
psems_window_show_open_error (PsemsWindow  *self,
                              const GError *error)
{
  GtkWidget *dialog;

  g_return_val_if_fail (PSEMS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  /* A window without a database shows its welcome page: the error goes there, with the
   * ways on right under it. */
  if (self->store == NULL)
    {
      psems_welcome_page_show_error (self->welcome_page, psems_backup_ui_open_error_heading (error),
                                     error->message);
      return NULL;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), psems_backup_ui_open_error_heading (error), NULL);
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

/* ───────────────────────────── reminders on opening ───────────────────────────── */

typedef struct
{
  PsemsStore *store;
  PsemsActor *actor;
  GDate as_of;
  guint horizon_days;
} RemindersJob;

static void
reminders_job_free (gpointer data)
{
  RemindersJob *job = data;

  g_clear_object (&job->store);
  g_clear_pointer (&job->actor, psems_actor_unref);
  g_free (job);
}

/* Counted on a connection of its own: a large register takes a moment. */
static void
compute_reminders (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RemindersJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsStore) worker = psems_store_open_worker (job->store, &error);
  PsemsReminders *reminders = NULL;

  if (worker != NULL)
    reminders = psems_reminders_compute (worker, job->actor, &job->as_of, job->horizon_days,
                                         &error);
  if (reminders == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reminders, (GDestroyNotify) psems_reminders_free);
}

/* "SCH-2026-0004 Gate drill (CT, due 14 March 2026); …, and 3 more" */
static char *
describe_reminder_items (const PsemsReminder *reminder)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean expiring = reminder->kind == PSEMS_REMINDER_VETTING_EXPIRING
                      || reminder->kind == PSEMS_REMINDER_TRAINING_EXPIRING;

  if (reminder->counts_only)
    return g_strdup (_("Your role shows how many, not who: ask a security officer for the names."));
  for (guint i = 0; i < reminder->items->len; i++)
    {
      const PsemsReminderItem *item = g_ptr_array_index (reminder->items, i);
      g_autofree char *date = psems_ui_format_date (item->day);
      /* Translators: %s is a date; said of a clearance or a training */
      g_autofree char *day = g_strdup_printf (expiring ? _("expires %s")
      /* Translators: %s is a date; said of a drill, an action or a plan review */
                                                       : _("due %s"), date);
      g_autofree char *name = item->detail != NULL
                              /* Translators: a person's name and a training course */
                              ? g_strdup_printf (_("%s, %s"), item->title, item->detail)
                              : g_strdup (item->title);

      if (i > 0)
        /* Translators: between the records a reminder names */
        g_string_append (text, _("; "));
      /* A title that names its facility already needs no code after it. */
      if (item->facility_code != NULL && strstr (item->title, item->facility_code) == NULL)
        /* Translators: a reference, a title, a facility's code and "due 14 March 2026":
         * "SCH-2026-0004 Gate drill (CT, due 14 March 2026)" */
        g_string_append_printf (text, _("%s %s (%s, %s)"), item->ref, name, item->facility_code,
                                day);
      else
        /* Translators: a reference, a name and "expires 14 March 2026":
         * "PER-2026-0012 Ana Lopes (expires 14 March 2026)" */
        g_string_append_printf (text, _("%s %s (%s)"), item->ref, name, day);
    }
  if (reminder->count > (gint64) reminder->items->len)
    {
      gint64 more = reminder->count - (gint64) reminder->items->len;

      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", and %lld more",
                                                 ", and %lld more", (gulong) more),
                              (long long) more);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
new_reminder_line (const PsemsReminder *reminder,
                   guint                horizon_days)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *summary = psems_reminder_describe (reminder, horizon_days);
  g_autofree char *items = describe_reminder_items (reminder);
  g_autofree char *name = g_strdup_printf ("reminder-%s", psems_reminder_kind_to_string (reminder->kind));
  GtkWidget *label = gtk_label_new (summary);
  GtkWidget *detail = gtk_label_new (items);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Show"));
  /* Translators: a button's accessible name; %s is a reminder, "3 corrective actions are overdue" */
  g_autofree char *show_label = g_strdup_printf (_("Show: %s"), summary);

  gtk_widget_set_name (line, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (reminder->overdue)
    gtk_widget_add_css_class (label, "heading");
  /* One line each, so the strip stays a strip; the whole of it in the tooltip. */
  gtk_label_set_xalign (GTK_LABEL (detail), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (detail), TRUE);
  gtk_widget_set_tooltip_text (detail, items);
  gtk_widget_set_name (detail, "reminder-detail");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), label);
  gtk_box_append (GTK_BOX (texts), detail);
  gtk_box_append (GTK_BOX (line), texts);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-section");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", reminder->section);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  show_label, -1);
  gtk_box_append (GTK_BOX (line), button);
  return line;
}

static void
hide_reminders (PsemsWindow *self)
{
  g_clear_handle_id (&self->reminders_source, g_source_remove);
  if (self->reminders_cancellable != NULL)
    g_cancellable_cancel (self->reminders_cancellable);
  g_clear_object (&self->reminders_cancellable);
  gtk_revealer_set_reveal_child (self->reminders_revealer, FALSE);
}

/* A folded window sums the reminders up in one line, with a button that shows them (each line
 * without the records it names, which are in its tooltip): six of them would take half of a
 * phone's screen. A wide window shows every line and its records. */
static void
update_reminders_layout (PsemsWindow *self)
{
  gboolean summed = self->compact_header && !self->reminders_expanded;

  gtk_widget_set_visible (self->reminders_summary_row, self->compact_header);
  gtk_widget_set_visible (GTK_WIDGET (self->reminders_box), !summed);
  gtk_button_set_label (self->reminders_expand, summed ? _("Show _All") : _("_Hide"));
  for (GtkWidget *line = gtk_widget_get_first_child (GTK_WIDGET (self->reminders_box)); line != NULL;
       line = gtk_widget_get_next_sibling (line))
    for (GtkWidget *texts = gtk_widget_get_first_child (line); texts != NULL;
         texts = gtk_widget_get_next_sibling (texts))
      for (GtkWidget *label = gtk_widget_get_first_child (texts); label != NULL;
           label = gtk_widget_get_next_sibling (label))
        if (g_strcmp0 (gtk_widget_get_name (label), "reminder-detail") == 0)
          gtk_widget_set_visible (label, !self->compact_header);
}

static void
reminders_expand_cb (PsemsWindow *self)
{
  self->reminders_expanded = !self->reminders_expanded;
  update_reminders_layout (self);
}

/* "3 records are overdue, 51 expire soon": the reminders in one line. */
static char *
sum_reminders_up (const PsemsReminders *reminders)
{
  gint64 overdue = psems_reminders_count_overdue (reminders);
  gint64 total = 0;
  g_autofree char *late = NULL;
  g_autofree char *soon = NULL;

  for (guint i = 0; i < reminders->reminders->len; i++)
    total += ((const PsemsReminder *) g_ptr_array_index (reminders->reminders, i))->count;
  if (overdue > 0)
    {
      g_autofree char *n = psems_ui_format_count ((guint64) overdue);

      late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record is overdue",
                                           "%s records are overdue", (gulong) overdue), n);
    }
  if (total > overdue)
    {
      g_autofree char *n = psems_ui_format_count ((guint64) (total - overdue));

      soon = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s expires soon", "%s expire soon",
                                           (gulong) (total - overdue)), n);
    }
  if (late != NULL && soon != NULL)
    /* Translators: the reminders summed up, "3 records are overdue, 51 expire soon" */
    return g_strdup_printf (_("%s, %s"), late, soon);
  return g_strdup (late != NULL ? late : soon);
}

/* Going to another section from the sidebar means the reminders were read: they leave the
 * room to the page. A reminder's own Show button keeps them, for the next one. */
static void
sidebar_row_activated_cb (PsemsWindow *self)
{
  /* Only when they were in sight: a folded window shows the sidebar instead of them, and its
   * first step to a section is the way to them. */
  if (gtk_revealer_get_reveal_child (self->reminders_revealer)
      && gtk_widget_get_mapped (GTK_WIDGET (self->reminders_revealer)))
    gtk_revealer_set_reveal_child (self->reminders_revealer, FALSE);
}

static void
reminders_computed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  PsemsWindow *self = PSEMS_WINDOW (source);
  GTask *task = G_TASK (result);
  RemindersJob *job = g_task_get_task_data (task);
  g_autoptr(PsemsReminders) reminders = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  g_clear_object (&self->reminders_cancellable);
  reminders = g_task_propagate_pointer (task, &error);
  if (reminders == NULL)
    {
      /* Reminders are a courtesy: the sections say the same, and say why they cannot. */
      g_warning ("Cannot compute the reminders of %s: %s", psems_store_get_path (job->store),
                 error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reminders_box))) != NULL)
    gtk_box_remove (self->reminders_box, child);
  for (guint i = 0; i < reminders->reminders->len; i++)
    gtk_box_append (self->reminders_box,
                    new_reminder_line (g_ptr_array_index (reminders->reminders, i),
                                       reminders->horizon_days));
  {
    g_autofree char *sum = sum_reminders_up (reminders);

    gtk_label_set_text (self->reminders_summary, sum != NULL ? sum : "");
  }
  self->reminders_expanded = FALSE;
  update_reminders_layout (self);
  gtk_image_set_from_icon_name (self->reminders_icon,
                                psems_reminders_count_overdue (reminders) > 0
                                ? "dialog-warning-symbolic" : "alarm-symbolic");
  gtk_revealer_set_reveal_child (self->reminders_revealer, reminders->reminders->len > 0);
}

static gboolean
start_reminders_cb (gpointer user_data)
{
  PsemsWindow *self = user_data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  RemindersJob *job;

  self->reminders_source = 0;
  if (self->store == NULL)
    return G_SOURCE_REMOVE;
  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "reminders-on-start"))
    return G_SOURCE_REMOVE;

  job = g_new0 (RemindersJob, 1);
  job->store = g_object_ref (self->store);
  job->actor = psems_actor_ref (self->actor);
  g_date_clear (&job->as_of, 1);
  g_date_set_dmy (&job->as_of, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  job->horizon_days = self->settings != NULL
                      ? (guint) CLAMP (g_settings_get_int (self->settings, "reminder-horizon-days"), 0, 366)
                      : 7;

  self->reminders_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->reminders_cancellable, reminders_computed_cb, NULL);
  g_task_set_source_tag (task, start_reminders_cb);
  g_task_set_name (task, "[psems] reminders");
  g_task_set_task_data (task, job, reminders_job_free);
  g_task_run_in_thread (task, compute_reminders);
  return G_SOURCE_REMOVE;
}

/* Once a database opens to someone (after sign-in, if any), what is overdue and what expires
 * within the horizon is said once, above the sections, until closed. Counted after the first
 * frame: the settings arrive with the application, after the window is built. */
static void
queue_reminders (PsemsWindow *self)
{
  hide_reminders (self);
  if (self->store != NULL)
    self->reminders_source = g_idle_add_full (G_PRIORITY_LOW, start_reminders_cb, self, NULL);
}

static void
close_reminders_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  hide_reminders (PSEMS_WINDOW (widget));
}

/* The Keyboard Shortcuts window, built the first time it is asked for: GTK would build it with
 * every window (from a resource named gtk/help-overlay.ui), 2.4 MiB of widgets nobody sees. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/psems/Psems/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

/* ───────────────────────────── who works: sign-in ───────────────────────────── */

/* The header says who writes: a signed-in user, or single-user mode. */
static void
update_user_indicator (PsemsWindow *self)
{
  gboolean open = self->store != NULL
                  && g_strcmp0 (gtk_stack_get_visible_child_name (self->lock_stack), "main") == 0;
  gboolean single_user = open && psems_actor_get_user_id (self->actor) == 0;
  gboolean signed_in = open && psems_actor_get_user_id (self->actor) > 0;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (self->single_user_button, single_user);
  gtk_widget_set_visible (GTK_WIDGET (self->user_button), signed_in);
  if (single_user)
    {
      /* Translators: %s is the computer's login name */
      tooltip = g_strdup_printf (_("Nobody signs in to this database: every change is recorded "
                                   "as %s. Create an administrator in Users to have everyone "
                                   "sign in."), psems_actor_get_name (self->actor));
      gtk_widget_set_tooltip_text (self->single_user_button, tooltip);
    }
  if (signed_in)
    {
      g_autoptr(GMenu) menu = g_menu_new ();
      g_autoptr(GMenu) section = g_menu_new ();
      /* Translators: the user menu's heading: a user name and a role, "pfso · Security officer" */
      g_autofree char *heading = g_strdup_printf (_("%s · %s"), psems_actor_get_name (self->actor),
                                                  psems_role_get_label (psems_actor_get_role (self->actor)));

      g_menu_append (section, _("_Switch User…"), "win.sign-out");
      g_menu_append_section (menu, heading, G_MENU_MODEL (section));
      gtk_menu_button_set_menu_model (self->user_button, G_MENU_MODEL (menu));
      adw_button_content_set_label (self->user_content,
                                    self->compact_header ? "" : psems_actor_get_name (self->actor));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->user_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, psems_actor_get_name (self->actor), -1);
      /* Translators: %s is a user name and a role */
      tooltip = g_strdup_printf (_("Signed in as %s"), heading);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_button), tooltip);
    }
}

/* A folded window (phone width) has no room in its header: the facility switcher, the level and
 * the overdue badge move to a bar under it, and the user buttons keep only their icon (tooltips
 * and accessible names keep the words). */
static void
arrange_header (PsemsWindow *self,
                gboolean     folded)
{
  GtkWidget *moving[] = { GTK_WIDGET (self->facility_dropdown), GTK_WIDGET (self->level_indicator),
                          GTK_WIDGET (self->overdue_button) };
  gboolean in_bar = gtk_widget_get_parent (moving[0]) == GTK_WIDGET (self->facility_bar);

  if (folded != in_bar)
    for (guint i = 0; i < G_N_ELEMENTS (moving); i++)
      {
        g_object_ref (moving[i]);
        if (folded)
          {
            adw_header_bar_remove (self->content_header, moving[i]);
            gtk_box_append (self->facility_bar, moving[i]);
          }
        else
          {
            gtk_box_remove (self->facility_bar, moving[i]);
            adw_header_bar_pack_start (self->content_header, moving[i]);
          }
        g_object_unref (moving[i]);
      }
  gtk_widget_set_visible (GTK_WIDGET (self->facility_bar), folded);

  adw_button_content_set_label (self->single_user_content, folded ? "" : _("Single-user mode"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->single_user_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Single-user mode"), -1);
  self->compact_header = folded;
  update_user_indicator (self);
  update_reminders_layout (self);
}

static void
leaflet_folded_cb (PsemsWindow *self)
{
  arrange_header (self, adw_leaflet_get_folded (self->leaflet));
}

/* Pages made for one actor are not shown to the next: they are made again, empty, when shown. */
static void
drop_section_pages (PsemsWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (lazy_sections); i++)
    {
      GtkWidget *bin = gtk_stack_get_child_by_name (self->stack, lazy_sections[i].name);

      if (bin != NULL && ADW_IS_BIN (bin))
        adw_bin_set_child (ADW_BIN (bin), NULL);
    }
}

/* "Sign Out" is offered where there is sign-in: an account of the database has a password. */
static void
update_sign_out_action (PsemsWindow *self)
{
  gboolean locked = g_strcmp0 (gtk_stack_get_visible_child_name (self->lock_stack), "signin") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out",
                                 !locked && self->store != NULL
                                 && psems_user_sign_in_required (self->store, NULL));
}

/* Shows the welcome page without a database, the sign-in page while @locked, the sections
 * otherwise; opening them to someone brings the reminders. */
static void
set_locked (PsemsWindow *self,
            gboolean     locked)
{
  const char *view = self->store == NULL ? "welcome" : locked ? "signin" : "main";
  gboolean open = g_str_equal (view, "main");

  /* Locking is at once; unlocking fades the sections in. */
  gtk_stack_set_visible_child_full (self->lock_stack, view,
                                    open ? GTK_STACK_TRANSITION_TYPE_CROSSFADE
                                         : GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-section", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-facility", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-control", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-evidence", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new", open);
  update_sign_out_action (self);
  gtk_revealer_set_reveal_child (self->demo_revealer,
                                 self->store != NULL
                                 && psems_welcome_is_demo_path (psems_store_get_path (self->store)));
  if (open)
    queue_reminders (self);
  else
    hide_reminders (self);
}

/**
 * psems_window_set_actor:
 * @actor: who the window's writes are recorded as from now on
 *
 * Pages already made are made again for @actor when next shown (the one shown at once).
 */
void
psems_window_set_actor (PsemsWindow *self,
                        PsemsActor  *actor)
{
  const char *section;

  g_return_if_fail (PSEMS_IS_WINDOW (self));
  g_return_if_fail (actor != NULL);

  psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;
  drop_section_pages (self);
  section = gtk_stack_get_visible_child_name (self->stack);
  if (section != NULL)
    psems_window_get_section_page (self, section);
  set_locked (self, FALSE);
  update_user_indicator (self);
}

/**
 * psems_window_sign_out:
 *
 * Shows the sign-in page over the window, its pages dropped, when the database has accounts
 * that can sign in; does nothing in single-user mode.
 *
 * Returns: %TRUE when the window now asks for sign-in
 */
gboolean
psems_window_sign_out (PsemsWindow *self)
{
  g_return_val_if_fail (PSEMS_IS_WINDOW (self), FALSE);

  if (self->store == NULL || psems_signin_page_set_store (self->signin_page, self->store)
                             != PSEMS_SIGNIN_STEP_SIGN_IN)
    return FALSE;
  drop_section_pages (self);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = psems_actor_new_for_login ();
  set_locked (self, TRUE);
  update_user_indicator (self);
  return TRUE;
}

static void
signed_in_cb (PsemsSigninPage *page,
              PsemsActor      *actor,
              PsemsWindow     *self)
{
  psems_window_set_actor (self, actor);
}

static void
single_user_cb (PsemsSigninPage *page,
                PsemsWindow     *self)
{
  g_autoptr(PsemsActor) login = psems_actor_new_for_login ();

  psems_window_set_actor (self, login);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  psems_window_sign_out (PSEMS_WINDOW (widget));
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

/* A window opened narrower than the unfolded layout folds once it is shown; arranged for that
 * already, its header does not hold it at the unfolded width (GTK gives a window at least what
 * it asks, and the unfolded header asks for some 640 px). */
static void
arrange_for_default_width (PsemsWindow *self)
{
  int width = 0;
  int height = 0;   /* GTK 4.8 writes it unasked */
  int header = 0;
  int sidebar = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width <= 0 || self->compact_header)
    return;
  gtk_widget_measure (GTK_WIDGET (self->content_header), GTK_ORIENTATION_HORIZONTAL, -1,
                      &header, NULL, NULL, NULL);
  gtk_widget_measure (self->sidebar_pane, GTK_ORIENTATION_HORIZONTAL, -1, &sidebar, NULL, NULL, NULL);
  if (width < header + sidebar)
    arrange_header (self, TRUE);
}

/* Shown again, as after being hidden, a window takes its default size anew. */
static void
psems_window_show (GtkWidget *widget)
{
  arrange_for_default_width (PSEMS_WINDOW (widget));
  GTK_WIDGET_CLASS (psems_window_parent_class)->show (widget);
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
  psems_welcome_page_set_settings (self->welcome_page, self->settings);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  /* psems_window_show() arranges the header for that width. */
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (self->store != NULL)
    psems_backup_ui_schedule_automatic (GTK_WIDGET (self), self->store, self->settings);

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
  g_clear_handle_id (&self->reminders_source, g_source_remove);
  if (self->reminders_cancellable != NULL)
    g_cancellable_cancel (self->reminders_cancellable);
  g_clear_object (&self->reminders_cancellable);
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

/* Ctrl+F and Ctrl+N mean "search" and "new" on whatever section is shown: each page says
 * what that is with its page.find and page.new actions. A page without one lets the key go on
 * (to its own shortcuts, if it has them). */
static gboolean
forward_to_page (PsemsWindow *self,
                 const char  *action)
{
  GtkWidget *child;
  GtkWidget *page;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->lock_stack), "main") != 0)
    return FALSE;
  child = gtk_stack_get_visible_child (self->stack);
  page = child != NULL && ADW_IS_BIN (child) ? adw_bin_get_child (ADW_BIN (child)) : child;
  if (page == NULL || !gtk_widget_activate_action (page, action, NULL))
    return FALSE;
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  return TRUE;
}

static gboolean
forward_shortcut_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  return forward_to_page (PSEMS_WINDOW (widget), g_variant_get_string (args, NULL));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  if (!forward_to_page (PSEMS_WINDOW (widget), "page.find"))
    gtk_widget_error_bell (widget);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  if (!forward_to_page (PSEMS_WINDOW (widget), "page.new"))
    gtk_widget_error_bell (widget);
}

/* A recent database or the demo chosen on the welcome page opens in this window. */
static void
welcome_open_cb (PsemsWelcomePage *page,
                 const char       *path,
                 PsemsWindow      *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (PSEMS_IS_APPLICATION (application))
    psems_application_open_path (PSEMS_APPLICATION (application), path, PSEMS_STORE_OPEN_DEFAULT,
                                 self);
}

static void
back_up_database_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PsemsWindow *self = PSEMS_WINDOW (widget);

  if (self->store != NULL)
    psems_backup_ui_run (GTK_WINDOW (self), self->store);
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
  widget_class->show = psems_window_show;

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
  g_type_ensure (PSEMS_TYPE_SIGNIN_PAGE);
  g_type_ensure (PSEMS_TYPE_WELCOME_PAGE);
  g_type_ensure (PSEMS_TYPE_FACILITY_ITEM);
  g_type_ensure (PSEMS_TYPE_LEVEL_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/psems-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, lock_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, reminders_revealer);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, reminders_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, reminders_summary_row);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, reminders_summary);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, reminders_expand);
  gtk_widget_class_bind_template_callback (widget_class, reminders_expand_cb);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, reminders_icon);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, signin_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, user_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, user_content);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, single_user_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, single_user_content);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, PsemsWindow, facility_bar);
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

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.select-facility", "x", select_facility_action);
  gtk_widget_class_install_action (widget_class, "win.show-control", "x", show_control_action);
  gtk_widget_class_install_action (widget_class, "win.open-evidence", "x", open_evidence_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.back-up-database", NULL, back_up_database_action);
  gtk_widget_class_install_action (widget_class, "win.close-reminders", NULL, close_reminders_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, forward_shortcut_cb,
                                "s", "page.find");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, forward_shortcut_cb,
                                "s", "page.new");
}

static void
psems_window_init (PsemsWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = NULL;
  GListModel *facilities;
  GListStore *models;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (leaflet_folded_cb), self);
  psems_ui_defer_status_icons (GTK_WIDGET (self->dashboard_page));
  /* Most windows open a database at once: the welcome page's icon waits until it is shown. */
  psems_ui_defer_status_icons (GTK_WIDGET (self->welcome_page));

  /* Until someone signs in (or in single-user mode), the operating-system login writes. */
  self->actor = psems_actor_new_for_login ();
  g_signal_connect_object (self->signin_page, "signed-in", G_CALLBACK (signed_in_cb), self, 0);
  g_signal_connect_object (self->signin_page, "single-user", G_CALLBACK (single_user_cb), self, 0);
  g_signal_connect_object (self->welcome_page, "open", G_CALLBACK (welcome_open_cb), self, 0);
  set_locked (self, FALSE);

  pages = gtk_stack_get_pages (self->stack);
  gtk_list_box_bind_model (self->sidebar, G_LIST_MODEL (pages), create_sidebar_row_cb, self, NULL);
  gtk_list_box_set_header_func (self->sidebar, sidebar_header_cb, NULL, NULL);
  g_signal_connect_swapped (self->sidebar, "row-activated", G_CALLBACK (sidebar_row_activated_cb), self);
  /* A click selects before it activates: a folded window has gone to the section by then, and
   * no row-activated comes. The click itself says the sidebar was used. */
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect_swapped (click, "pressed", G_CALLBACK (sidebar_row_activated_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->sidebar), GTK_EVENT_CONTROLLER (click));
  }

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
  const char *section;
  gboolean locked;

  g_return_if_fail (PSEMS_IS_WINDOW (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_handler, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->store_changed_handler = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back-up-database", store != NULL);
  if (store != NULL)
    psems_welcome_page_show_error (self->welcome_page, NULL, NULL);
  /* Without settings yet (a window built with its store), application_set_cb schedules it. */
  if (store != NULL && self->settings != NULL)
    psems_backup_ui_schedule_automatic (GTK_WIDGET (self), store, self->settings);

  /* A database with accounts opens on the sign-in page, a new one on the first-user choice;
   * the pages wait, unmade, for whoever comes. Any other opens as the operating-system login. */
  locked = psems_signin_page_set_store (self->signin_page, store) != PSEMS_SIGNIN_STEP_NONE;
  drop_section_pages (self);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = psems_actor_new_for_login ();
  set_locked (self, locked);

  self->facility_id = 0;
  gtk_drop_down_set_selected (self->facility_dropdown, 0);
  psems_dashboard_page_set_store (self->dashboard_page, store);
  section = gtk_stack_get_visible_child_name (self->stack);
  if (!locked && section != NULL)
    psems_window_get_section_page (self, section);
  update_overdue_badge (self);
  update_title (self);
  update_user_indicator (self);
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
