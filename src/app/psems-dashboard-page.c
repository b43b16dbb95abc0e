/* psems-dashboard-page.c — the dashboard: live figures from core, computed off the main thread. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-dashboard.h"
#include "psems-dashboard-page.h"
#include "psems-facility-item.h"
#include "psems-figure-card.h"
#include "psems-level-indicator.h"
#include "psems-ui-util.h"

/* Writes often come in bursts (an import, a transaction touching many rows):
 * gather them into one recount. */
#define REFRESH_DELAY_MS 200

struct _PsemsDashboardPage
{
  GtkWidget parent_instance;

  GtkStack *state_stack;
  AdwStatusPage *error_page;
  GtkLabel *summary_label;
  GtkSpinner *spinner;
  PsemsFigureCard *persons_cleared;
  PsemsFigureCard *vetting_expiring;
  PsemsFigureCard *schedule_overdue;
  PsemsFigureCard *findings_open;
  PsemsFigureCard *actions_overdue;
  PsemsFigureCard *plans_review_due;
  GtkListBox *facilities_list;

  PsemsStore *store;
  gulong changed_handler;
  gint64 facility_id;
  GListStore *facilities;          /* PsemsFacilityItem, every facility */
  GtkFilterListModel *shown_facilities;
  GtkCustomFilter *facility_filter;
  int highest_level;

  GCancellable *cancellable;
  guint refresh_source;
  guint generation;                /* of the latest refresh asked for */
  guint loading : 1;
};

G_DEFINE_FINAL_TYPE (PsemsDashboardPage, psems_dashboard_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FACILITY_ID,
  PROP_FACILITIES,
  PROP_HIGHEST_LEVEL,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a worker thread is asked to count. */
typedef struct
{
  PsemsStore *store;
  gint64 facility_id;
  GDate as_of;
} Request;

typedef struct
{
  PsemsDashboard *figures;   /* for the facility asked for */
  PsemsDashboard *all;       /* for all facilities, when one was asked for; the switcher lists them */
} Result;

/* The callback holds the page weakly: a window closed mid-count is simply gone. */
typedef struct
{
  GWeakRef page;
  guint generation;
} Callback;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->store);
  g_free (request);
}

static void
result_free (gpointer data)
{
  Result *result = data;

  g_clear_pointer (&result->figures, psems_dashboard_free);
  g_clear_pointer (&result->all, psems_dashboard_free);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static void
callback_free (Callback *callback)
{
  g_weak_ref_clear (&callback->page);
  g_free (callback);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Callback, callback_free)

static void
set_loading (PsemsDashboardPage *self,
             gboolean            loading)
{
  if (self->loading == !!loading)
    return;
  self->loading = !!loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  /* The list is empty while the first figures are counted: say so, not "no facilities". */
  psems_ui_set_empty_text (self->facilities_list,
                           loading ? _("Counting…") : _("This database holds no facilities yet"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(PsemsStore) worker = NULL;
  g_autoptr(Result) result = g_new0 (Result, 1);
  GError *error = NULL;

  /* SQLite connections stay with one thread: the worker gets its own. */
  worker = psems_store_open_worker (request->store, &error);
  if (worker == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result->figures = psems_dashboard_compute (worker, request->facility_id, &request->as_of, &error);
  if (result->figures == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (request->facility_id != 0 && !g_cancellable_is_cancelled (cancellable))
    {
      result->all = psems_dashboard_compute (worker, 0, &request->as_of, &error);
      if (result->all == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&result), result_free);
}

static gboolean
facility_list_matches (GArray     *facilities,
                       GListModel *model)
{
  guint n_items = g_list_model_get_n_items (model);

  if (n_items != facilities->len)
    return FALSE;
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(PsemsFacilityItem) item = g_list_model_get_item (model, i);
      const PsemsDashboardFacility *facility = &g_array_index (facilities, PsemsDashboardFacility, i);

      if (psems_facility_item_get_id (item) != facility->id)
        return FALSE;
    }
  return TRUE;
}

/* Levels and names change in place; only a different set of facilities replaces
 * the items, so the facility switcher keeps its selection through a recount. */
static void
update_facilities (PsemsDashboardPage *self,
                   GArray             *facilities)
{
  GListModel *model = G_LIST_MODEL (self->facilities);
  int highest = 0;

  if (facility_list_matches (facilities, model))
    {
      for (guint i = 0; i < facilities->len; i++)
        {
          g_autoptr(PsemsFacilityItem) item = g_list_model_get_item (model, i);
          const PsemsDashboardFacility *facility = &g_array_index (facilities, PsemsDashboardFacility, i);

          psems_facility_item_set_name (item, facility->name);
          psems_facility_item_set_security_level (item, facility->security_level);
        }
    }
  else
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < facilities->len; i++)
        {
          const PsemsDashboardFacility *facility = &g_array_index (facilities, PsemsDashboardFacility, i);

          g_ptr_array_add (items, psems_facility_item_new (facility->id, facility->ref,
                                                           facility->code, facility->name,
                                                           facility->security_level));
        }
      g_list_store_splice (self->facilities, 0, g_list_model_get_n_items (model),
                           items->pdata, items->len);
    }

  for (guint i = 0; i < facilities->len; i++)
    highest = MAX (highest, g_array_index (facilities, PsemsDashboardFacility, i).security_level);
  if (highest != self->highest_level)
    {
      self->highest_level = highest;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHEST_LEVEL]);
    }
}

static PsemsFacilityItem *
find_facility (PsemsDashboardPage *self,
               gint64              id)
{
  GListModel *model = G_LIST_MODEL (self->facilities);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PsemsFacilityItem) item = g_list_model_get_item (model, i);

      if (psems_facility_item_get_id (item) == id)
        return item;
    }
  return NULL;
}

static void
update_summary (PsemsDashboardPage *self,
                const GDate        *as_of)
{
  g_autofree char *date_text = psems_ui_format_date_value (as_of);
  g_autofree char *summary = NULL;
  PsemsFacilityItem *facility = find_facility (self, self->facility_id);

  if (self->facility_id == 0 || facility == NULL)
    /* Translators: %s is a date */
    summary = g_strdup_printf (_("All facilities, as of %s"), date_text);
  else
    /* Translators: the first %s is a facility's name, the second a date */
    summary = g_strdup_printf (_("%s, as of %s"), psems_facility_item_get_name (facility), date_text);
  gtk_label_set_text (self->summary_label, summary);
}

static void
show_figures (PsemsDashboardPage   *self,
              const PsemsDashboard *figures)
{
  psems_figure_card_set_count (self->persons_cleared, figures->persons_cleared,
                               PSEMS_FIGURE_TONE_NEUTRAL);
  psems_figure_card_set_count (self->vetting_expiring, figures->vetting_expiring_30d,
                               PSEMS_FIGURE_TONE_WARNING);
  psems_figure_card_set_count (self->schedule_overdue, figures->schedule_overdue,
                               PSEMS_FIGURE_TONE_ERROR);
  psems_figure_card_set_count (self->findings_open, figures->findings_open,
                               PSEMS_FIGURE_TONE_WARNING);
  psems_figure_card_set_count (self->actions_overdue, figures->actions_overdue,
                               PSEMS_FIGURE_TONE_ERROR);
  psems_figure_card_set_count (self->plans_review_due, figures->plans_review_due,
                               PSEMS_FIGURE_TONE_WARNING);
  /* Reviews already overdue are the second line of the same card, and turn it red. */
  if (figures->plans_review_overdue > 0)
    {
      g_autofree char *description = NULL;

      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Reviews due within the next 60 days, and %lld already overdue",
                                                  "Reviews due within the next 60 days, and %lld already overdue",
                                                  figures->plans_review_overdue),
                                     (long long) figures->plans_review_overdue);
      g_object_set (self->plans_review_due, "description", description, NULL);
      psems_figure_card_set_tone (self->plans_review_due, PSEMS_FIGURE_TONE_ERROR);
    }
  else
    {
      g_object_set (self->plans_review_due, "description",
                    _("Approved plans whose review is due within the next 60 days"), NULL);
    }
}

static void
compute_done_cb (GObject      *source_object,
                 GAsyncResult *async_result,
                 gpointer      user_data)
{
  g_autoptr(Callback) callback = user_data;
  g_autoptr(PsemsDashboardPage) self = g_weak_ref_get (&callback->page);
  g_autoptr(Result) result = NULL;
  g_autoptr(GError) error = NULL;

  result = g_task_propagate_pointer (G_TASK (async_result), &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A newer count is on its way; this one is already out of date. */
  if (callback->generation != self->generation)
    return;

  set_loading (self, FALSE);

  if (result == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "error");
      return;
    }

  update_facilities (self, (result->all != NULL ? result->all : result->figures)->facilities);
  gtk_filter_changed (GTK_FILTER (self->facility_filter), GTK_FILTER_CHANGE_DIFFERENT);
  show_figures (self, result->figures);
  update_summary (self, &result->figures->as_of);
  gtk_stack_set_visible_child_name (self->state_stack, "figures");
}

/**
 * psems_dashboard_page_refresh:
 *
 * Counts again now, in a worker thread; the figures follow when it is done.
 * An earlier count still running is cancelled and its result ignored.
 */
void
psems_dashboard_page_refresh (PsemsDashboardPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = NULL;
  Request *request;
  Callback *callback;

  g_return_if_fail (PSEMS_IS_DASHBOARD_PAGE (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;

  if (self->store == NULL)
    {
      set_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      return;
    }

  self->cancellable = g_cancellable_new ();
  now = g_date_time_new_now_local ();

  request = g_new0 (Request, 1);
  request->store = g_object_ref (self->store);
  request->facility_id = self->facility_id;
  g_date_set_dmy (&request->as_of, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));

  callback = g_new0 (Callback, 1);
  g_weak_ref_init (&callback->page, self);
  callback->generation = self->generation;

  task = g_task_new (NULL, self->cancellable, compute_done_cb, callback);
  g_task_set_source_tag (task, psems_dashboard_page_refresh);
  g_task_set_name (task, "psems-dashboard-compute");
  g_task_set_task_data (task, request, request_free);
  set_loading (self, TRUE);
  /* A database is open: never "No Database Open" while its first figures are counted. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "no-database") == 0)
    gtk_stack_set_visible_child_name (self->state_stack, "figures");
  /* The figures counted last time show at once (exact when nothing has changed since; else
   * until the count below replaces them, the spinner turning meanwhile). */
  {
    g_autoptr(PsemsDashboard) cached = psems_dashboard_load_cached (self->store, self->facility_id,
                                                                    &request->as_of, NULL, NULL);

    if (cached != NULL)
      {
        if (self->facility_id == 0)
          update_facilities (self, cached->facilities);
        show_figures (self, cached);
        update_summary (self, &cached->as_of);
        gtk_stack_set_visible_child_name (self->state_stack, "figures");
      }
  }
  g_task_run_in_thread (task, compute_thread);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  PsemsDashboardPage *self = user_data;

  self->refresh_source = 0;
  psems_dashboard_page_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (PsemsDashboardPage *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
  g_source_set_name_by_id (self->refresh_source, "[psems] dashboard refresh");
  set_loading (self, TRUE);
}

static void
store_changed_cb (PsemsStore         *store,
                  const char         *entity,
                  gint64              id,
                  PsemsDashboardPage *self)
{
  queue_refresh (self);
}

static gboolean
filter_facility_cb (gpointer item,
                    gpointer user_data)
{
  PsemsDashboardPage *self = user_data;

  return self->facility_id == 0 || psems_facility_item_get_id (item) == self->facility_id;
}

static GtkWidget *
create_facility_row_cb (gpointer item,
                        gpointer user_data)
{
  PsemsFacilityItem *facility = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *indicator = psems_level_indicator_new (0);

  g_object_bind_property (facility, "name", row, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (facility, "security-level", indicator, "level", G_BINDING_SYNC_CREATE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), psems_facility_item_get_code (facility));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), indicator);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.select-facility");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", psems_facility_item_get_id (facility));
  gtk_widget_set_tooltip_text (row, _("Show the figures of this facility"));
  return row;
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  psems_dashboard_page_refresh (PSEMS_DASHBOARD_PAGE (widget));
}

static void
psems_dashboard_page_dispose (GObject *object)
{
  PsemsDashboardPage *self = PSEMS_DASHBOARD_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (psems_dashboard_page_parent_class)->dispose (object);
}

static void
psems_dashboard_page_finalize (GObject *object)
{
  PsemsDashboardPage *self = PSEMS_DASHBOARD_PAGE (object);

  g_clear_object (&self->shown_facilities);
  g_clear_object (&self->facilities);

  G_OBJECT_CLASS (psems_dashboard_page_parent_class)->finalize (object);
}

static void
psems_dashboard_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PsemsDashboardPage *self = PSEMS_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;
    case PROP_FACILITIES:
      g_value_set_object (value, self->facilities);
      break;
    case PROP_HIGHEST_LEVEL:
      g_value_set_int (value, self->highest_level);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_dashboard_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PsemsDashboardPage *self = PSEMS_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      psems_dashboard_page_set_store (self, g_value_get_object (value));
      break;
    case PROP_FACILITY_ID:
      psems_dashboard_page_set_facility_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_dashboard_page_class_init (PsemsDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_dashboard_page_dispose;
  object_class->finalize = psems_dashboard_page_finalize;
  object_class->get_property = psems_dashboard_page_get_property;
  object_class->set_property = psems_dashboard_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PSEMS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PsemsDashboardPage:facility-id:
   *
   * The facility whose figures are shown; 0 for all facilities.
   */
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FACILITIES] =
    g_param_spec_object ("facilities", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGHEST_LEVEL] =
    g_param_spec_int ("highest-level", NULL, NULL, 0, 3, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PsemsDashboardPage:loading:
   *
   * Whether a count is queued or running; %FALSE once the figures shown are current.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_FIGURE_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, persons_cleared);
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, vetting_expiring);
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, schedule_overdue);
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, findings_open);
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, actions_overdue);
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, plans_review_due);
  gtk_widget_class_bind_template_child (widget_class, PsemsDashboardPage, facilities_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "dashboard.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "dashboard.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "dashboard.refresh", NULL);
}

static void
psems_dashboard_page_init (PsemsDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->facilities = g_list_store_new (PSEMS_TYPE_FACILITY_ITEM);
  self->facility_filter = gtk_custom_filter_new (filter_facility_cb, self, NULL);
  self->shown_facilities = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->facilities)),
                                                      GTK_FILTER (self->facility_filter));
  gtk_list_box_bind_model (self->facilities_list, G_LIST_MODEL (self->shown_facilities),
                           create_facility_row_cb, self, NULL);
  psems_ui_set_empty_text (self->facilities_list, _("This database holds no facilities yet"));


  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
}

GtkWidget *
psems_dashboard_page_new (void)
{
  return g_object_new (PSEMS_TYPE_DASHBOARD_PAGE, NULL);
}

PsemsStore *
psems_dashboard_page_get_store (PsemsDashboardPage *self)
{
  g_return_val_if_fail (PSEMS_IS_DASHBOARD_PAGE (self), NULL);
  return self->store;
}

/**
 * psems_dashboard_page_set_store:
 * @store: (nullable): the database to show, or %NULL when none is open
 *
 * Counts at once, then again whenever @store reports a change.
 */
void
psems_dashboard_page_set_store (PsemsDashboardPage *self,
                                PsemsStore         *store)
{
  g_return_if_fail (PSEMS_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));

  if (self->store == store)
    return;

  psems_ui_follow_store (&self->store, &self->changed_handler, store,
                         G_CALLBACK (store_changed_cb), self);

  /* Facility ids belong to the database they came from. */
  self->facility_id = 0;
  g_list_store_remove_all (self->facilities);
  psems_dashboard_page_refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gint64
psems_dashboard_page_get_facility_id (PsemsDashboardPage *self)
{
  g_return_val_if_fail (PSEMS_IS_DASHBOARD_PAGE (self), 0);
  return self->facility_id;
}

void
psems_dashboard_page_set_facility_id (PsemsDashboardPage *self,
                                      gint64              facility_id)
{
  g_return_if_fail (PSEMS_IS_DASHBOARD_PAGE (self));

  if (self->facility_id == facility_id)
    return;
  self->facility_id = facility_id;
  gtk_filter_changed (GTK_FILTER (self->facility_filter), GTK_FILTER_CHANGE_DIFFERENT);
  psems_dashboard_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}

/**
 * psems_dashboard_page_get_facilities:
 *
 * Returns: (transfer none): every facility of the database, as #PsemsFacilityItem,
 *   kept current by each count.
 */
GListModel *
psems_dashboard_page_get_facilities (PsemsDashboardPage *self)
{
  g_return_val_if_fail (PSEMS_IS_DASHBOARD_PAGE (self), NULL);
  return G_LIST_MODEL (self->facilities);
}

int
psems_dashboard_page_get_highest_level (PsemsDashboardPage *self)
{
  g_return_val_if_fail (PSEMS_IS_DASHBOARD_PAGE (self), 0);
  return self->highest_level;
}

gboolean
psems_dashboard_page_get_loading (PsemsDashboardPage *self)
{
  g_return_val_if_fail (PSEMS_IS_DASHBOARD_PAGE (self), FALSE);
  return self->loading;
}
