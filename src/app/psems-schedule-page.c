/* psems-schedule-page.c — the schedule: an agenda of what is overdue and due, a month grid, declarations of security. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-completion-dialog.h"
#include "psems-dos.h"
#include "psems-error.h"
#include "psems-facility.h"
#include "psems-month-grid.h"
#include "psems-schedule.h"
#include "psems-schedule-dialog.h"
#include "psems-schedule-page.h"
#include "psems-ui-util.h"

/* The agenda's horizon: "due in the next 30 days" and "done recently". */
#define AGENDA_DAYS 30

struct _PsemsSchedulePage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  AdwViewStack *view_stack;
  AdwButtonContent *new_button_content;
  GtkStack *agenda_stack;
  GtkLabel *agenda_summary;
  GtkWidget *overdue_group;
  GtkListBox *overdue_list;
  GtkWidget *soon_group;
  GtkListBox *soon_list;
  GtkWidget *later_group;
  GtkListBox *later_list;
  GtkWidget *done_group;
  GtkListBox *done_list;
  GtkLabel *month_title;
  PsemsMonthGrid *month_grid;
  GtkLabel *day_title;
  GtkListBox *day_list;
  GtkListBox *dos_list;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;
  gint64 facility_id;           /* 0: all facilities */
  gboolean reload_due;          /* set while unmapped: reload when shown */

  GPtrArray *items;             /* PsemsScheduleItem in scope, with their status as of today */
  GPtrArray *declarations;      /* PsemsDos in scope */
  PsemsDay today;
};

G_DEFINE_FINAL_TYPE (PsemsSchedulePage, psems_schedule_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FACILITY_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (PsemsSchedulePage *self);

static void
show_toast (PsemsSchedulePage *self,
            const char        *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static void
show_error_dialog (PsemsSchedulePage *self,
                   const char        *heading,
                   const GError      *error)
{
  psems_ui_show_error_dialog (GTK_WIDGET (self), "schedule-error", heading, error);
}

static PsemsScheduleItem *
find_item (PsemsSchedulePage *self,
           gint64             id)
{
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      PsemsScheduleItem *item = g_ptr_array_index (self->items, i);

      if (item->id == id)
        return item;
    }
  return NULL;
}

/* ───────────────────────────── rows ───────────────────────────── */

static const char *
kind_icon (const char *kind)
{
  static const struct { const char *kind; const char *icon; } icons[] = {
    { "audit", "edit-find-symbolic" },
    { "drill", "system-run-symbolic" },
    { "exercise", "system-users-symbolic" },
    { "cyber-drill", "network-wired-symbolic" },
    { "assessment-review", "security-high-symbolic" },
    { "gap-self-assessment", "view-list-symbolic" },
    { "training", "avatar-default-symbolic" },
    { "plan-review", "x-office-document-symbolic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    if (g_strcmp0 (icons[i].kind, kind) == 0)
      return icons[i].icon;
  return "x-office-calendar-symbolic";
}

static char *
format_day (PsemsDay day)
{
  return day != PSEMS_DAY_NONE ? psems_day_format (day) : NULL;
}

/* The pill's words: the state, with the one date that matters for it. */
static char *
describe_state (const PsemsScheduleItem *item)
{
  const PsemsScheduleStatus *status = item->status;
  g_autofree char *date = NULL;

  if (status == NULL)
    return g_strdup ("—");
  if (status->state == PSEMS_CLOCK_OVERDUE)
    {
      date = format_day (status->overdue_since);
      /* Translators: %s is a date */
      return g_strdup_printf (_("Overdue since %s"), date != NULL ? date : "");
    }
  if (status->due == PSEMS_DAY_NONE)
    return g_strdup (status->last_done != PSEMS_DAY_NONE ? _("Done") : _("No due date"));
  date = format_day (status->due);
  if (status->state == PSEMS_CLOCK_DUE_SOON)
    /* Translators: %s is a date */
    return g_strdup_printf (_("Due soon, %s"), date);
  /* Translators: %s is a date */
  return g_strdup_printf (_("Due %s"), date);
}

static const char *
state_class (const PsemsScheduleItem *item)
{
  if (item->status == NULL)
    return "dim-label";
  switch (item->status->state)
    {
    case PSEMS_CLOCK_OVERDUE:
      return "error";
    case PSEMS_CLOCK_DUE_SOON:
      return "warning";
    case PSEMS_CLOCK_OK:
    default:
      return "success";
    }
}

static GtkWidget *
new_item_row (PsemsSchedulePage       *self,
              const PsemsScheduleItem *item,
              const char              *prefix)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_icon (item->kind));
  GtkWidget *pill;
  GtkWidget *done;
  GtkWidget *edit;
  g_autofree char *pill_text = describe_state (item);
  g_autofree char *name = g_strdup_printf ("%s-%" G_GINT64_FORMAT, prefix, item->id);
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *subtitle = NULL;
  const char *explanation = item->status != NULL ? item->status->explanation : NULL;

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->title);
  if (self->facility_id == 0 && item->facility_code != NULL)
    g_string_append_printf (meta, "%s · ", item->facility_code);
  g_string_append (meta, psems_schedule_kind_label (item->kind));
  if (item->ref != NULL)
    g_string_append_printf (meta, " · %s", item->ref);
  if (item->assignee != NULL)
    g_string_append_printf (meta, " · %s", item->assignee);
  subtitle = explanation != NULL ? g_strdup_printf ("%s\n%s", meta->str, explanation)
                                 : g_strdup (meta->str);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_tooltip_text (icon, psems_schedule_kind_label (item->kind));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  /* In the month's narrow day list the explanation under the title says it already. */
  if (g_str_equal (prefix, "item"))
    {
      pill = gtk_label_new (pill_text);
      gtk_widget_add_css_class (pill, "status-pill");
      gtk_widget_add_css_class (pill, state_class (item));
      gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (pill, explanation);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
    }

  done = gtk_button_new_from_icon_name ("emblem-ok-symbolic");
  gtk_widget_set_name (done, "record-completion");
  gtk_widget_set_tooltip_text (done, _("Record Completion…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (done), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Record Completion…"), -1);
  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (done, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (done), "schedule.record-completion");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (done), "x", item->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);

  edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_name (edit, "edit-item");
  gtk_widget_set_tooltip_text (edit, _("Edit…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Edit…"), -1);
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "schedule.edit-item");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "x", item->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  return row;
}

/* ───────────────────────────── the agenda ───────────────────────────── */

typedef enum
{
  AGENDA_OVERDUE,
  AGENDA_SOON,
  AGENDA_LATER,
  AGENDA_DONE,
} AgendaGroup;

static AgendaGroup
agenda_group_of (PsemsSchedulePage       *self,
                 const PsemsScheduleItem *item)
{
  const PsemsScheduleStatus *status = item->status;

  if (status == NULL)
    return AGENDA_LATER;
  if (status->state == PSEMS_CLOCK_OVERDUE)
    return AGENDA_OVERDUE;
  if (status->state == PSEMS_CLOCK_DUE_SOON
      || (status->due != PSEMS_DAY_NONE && status->due <= self->today + AGENDA_DAYS))
    return AGENDA_SOON;
  if (status->last_done != PSEMS_DAY_NONE && status->last_done + AGENDA_DAYS >= self->today)
    return AGENDA_DONE;
  return AGENDA_LATER;
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const PsemsScheduleItem *x = *(PsemsScheduleItem * const *) a;
  const PsemsScheduleItem *y = *(PsemsScheduleItem * const *) b;
  /* Items without a due date last. */
  PsemsDay dx = x->status != NULL && x->status->due != PSEMS_DAY_NONE ? x->status->due
                                                                        : G_MAXUINT32;
  PsemsDay dy = y->status != NULL && y->status->due != PSEMS_DAY_NONE ? y->status->due
                                                                        : G_MAXUINT32;

  if (dx != dy)
    return dx < dy ? -1 : 1;
  return g_strcmp0 (x->title, y->title);
}

static void
fill_agenda (PsemsSchedulePage *self)
{
  GtkListBox *lists[] = { self->overdue_list, self->soon_list, self->later_list, self->done_list };
  GtkWidget *groups[] = { self->overdue_group, self->soon_group, self->later_group,
                          self->done_group };
  guint counts[G_N_ELEMENTS (lists)] = { 0 };
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *summary = NULL;

  for (guint g = 0; g < G_N_ELEMENTS (lists); g++)
    psems_ui_clear_list_box (lists[g]);
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (self->items, i));
  g_ptr_array_sort (sorted, compare_due);
  for (guint i = 0; i < sorted->len; i++)
    {
      const PsemsScheduleItem *item = g_ptr_array_index (sorted, i);
      AgendaGroup group = agenda_group_of (self, item);

      /* A one-off done long ago is history, not agenda. */
      if (group == AGENDA_LATER && item->status != NULL && item->status->due == PSEMS_DAY_NONE
          && item->status->last_done != PSEMS_DAY_NONE)
        continue;
      gtk_list_box_append (lists[group], new_item_row (self, item, "item"));
      counts[group]++;
    }
  for (guint g = 0; g < G_N_ELEMENTS (lists); g++)
    gtk_widget_set_visible (groups[g], counts[g] > 0);

  gtk_stack_set_visible_child_name (self->agenda_stack, sorted->len > 0 ? "list" : "empty");
  if (counts[AGENDA_OVERDUE] > 0)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u item overdue, %u due in the next 30 days.",
                                            "%u items overdue, %u due in the next 30 days.",
                                            counts[AGENDA_OVERDUE]),
                               counts[AGENDA_OVERDUE], counts[AGENDA_SOON]);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Nothing overdue; %u item due in the next 30 days.",
                                            "Nothing overdue; %u items due in the next 30 days.",
                                            counts[AGENDA_SOON]),
                               counts[AGENDA_SOON]);
  gtk_label_set_text (self->agenda_summary, summary);
}

/* ───────────────────────────── the month ───────────────────────────── */

static void
fill_day (PsemsSchedulePage *self)
{
  PsemsDay day = psems_month_grid_get_day (self->month_grid);
  g_autofree char *date = psems_day_format (day);

  psems_ui_clear_list_box (self->day_list);
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      const PsemsScheduleItem *item = g_ptr_array_index (self->items, i);

      if (item->status != NULL && item->status->due == day)
        gtk_list_box_append (self->day_list, new_item_row (self, item, "day-item"));
    }
  gtk_label_set_text (self->day_title, date);
  psems_ui_set_empty_text (self->day_list, _("Nothing due this day"));
}

static void
fill_month_title (PsemsSchedulePage *self)
{
  g_autofree char *title = psems_month_grid_dup_title (self->month_grid);

  gtk_label_set_text (self->month_title, title);
}

static void
fill_month (PsemsSchedulePage *self)
{
  g_autoptr(GPtrArray) entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify) psems_month_grid_entry_free);

  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      const PsemsScheduleItem *item = g_ptr_array_index (self->items, i);

      if (item->status == NULL || item->status->due == PSEMS_DAY_NONE)
        continue;
      g_ptr_array_add (entries, psems_month_grid_entry_new (item->id, item->status->due,
                                                            item->title, item->status->state));
    }
  psems_month_grid_set_today (self->month_grid, self->today);
  psems_month_grid_set_entries (self->month_grid, entries);
  fill_month_title (self);
  fill_day (self);
}

static void
grid_day_changed_cb (PsemsSchedulePage *self)
{
  fill_month_title (self);
  fill_day (self);
}

static void
grid_day_activated_cb (PsemsMonthGrid    *grid,
                       guint              day,
                       PsemsSchedulePage *self)
{
  /* The day's list is current (it follows the grid's day): Enter takes the keyboard there. */
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->day_list, 0);

  if (first != NULL && gtk_widget_get_name (GTK_WIDGET (first)) != NULL
      && g_str_has_prefix (gtk_widget_get_name (GTK_WIDGET (first)), "day-item-"))
    gtk_widget_grab_focus (GTK_WIDGET (first));
}

/* ───────────────────────────── declarations ───────────────────────────── */

static void
fill_declarations (PsemsSchedulePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsRegimeRule) rule = psems_dos_retention_rule (&error);

  psems_ui_clear_list_box (self->dos_list);
  for (guint i = 0; self->declarations != NULL && i < self->declarations->len; i++)
    {
      const PsemsDos *dos = g_ptr_array_index (self->declarations, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *level;
      g_autofree char *title = NULL;
      g_autofree char *from = psems_ui_format_date (dos->valid_from);
      g_autofree char *until = psems_ui_format_date (dos->valid_until);
      g_autofree char *retain = NULL;
      g_autofree char *period = NULL;
      g_autoptr(GString) where = g_string_new (NULL);
      g_autofree char *subtitle = NULL;
      g_autofree char *level_text = NULL;
      g_autofree char *name = g_strdup_printf ("dos-%" G_GINT64_FORMAT, dos->id);

      if (rule != NULL)
        {
          PsemsDay until_day = psems_dos_retain_until (dos, rule);
          g_autofree char *date = format_day (until_day);

          if (date != NULL && until_day < self->today)
            /* Translators: %s is a date */
            retain = g_strdup_printf (_("retention ended on %s"), date);
          else if (date != NULL)
            /* Translators: %s is a date */
            retain = g_strdup_printf (_("keep until %s"), date);
        }
      if (self->facility_id == 0 && dos->facility_code != NULL)
        g_string_append_printf (where, "%s · ", dos->facility_code);
      g_string_append (where, dos->ref);
      /* Translators: a ship's name and its IMO number: "Nordic Star (IMO 9074729)" */
      title = g_strdup_printf (_("%s (IMO %s)"), dos->ship_name, dos->ship_imo);
      if (g_strcmp0 (dos->valid_from, dos->valid_until) == 0)
        period = g_strdup (from);
      else
        /* Translators: a period's first and last days */
        period = g_strdup_printf (_("%s to %s"), from, until);
      subtitle = retain != NULL ? g_strdup_printf ("%s · %s · %s", where->str, period, retain)
                                : g_strdup_printf ("%s · %s", where->str, period);
      gtk_widget_set_name (row, name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("emblem-documents-symbolic"));
      /* Translators: a security level, 1 to 3 */
      level_text = g_strdup_printf (_("Level %d"), dos->security_level);
      level = gtk_label_new (level_text);
      gtk_widget_add_css_class (level, "status-pill");
      gtk_widget_set_valign (level, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), level);
      gtk_list_box_append (self->dos_list, row);
    }
  psems_ui_set_empty_text (self->dos_list, _("No declarations of security"));
}

/* ───────────────────────────── loading ───────────────────────────── */

static gboolean
load (PsemsSchedulePage *self,
      GError           **error)
{
  PsemsScheduleFilter filter = { 0 };
  PsemsDosFilter dos_filter = { 0 };

  self->today = psems_day_today ();
  filter.facility_id = self->facility_id;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = psems_schedule_list (self->store, &filter, error);
  if (self->items == NULL)
    return FALSE;

  dos_filter.facility_id = self->facility_id;
  g_clear_pointer (&self->declarations, g_ptr_array_unref);
  self->declarations = psems_dos_list (self->store, &dos_filter, error);
  return self->declarations != NULL;
}

static void
reload (PsemsSchedulePage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    {
      self->reload_due = FALSE;
      g_clear_pointer (&self->items, g_ptr_array_unref);
      g_clear_pointer (&self->declarations, g_ptr_array_unref);
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      return;
    }
  /* A section never opened costs nothing: load when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->reload_due = TRUE;
      return;
    }
  self->reload_due = FALSE;
  gtk_stack_set_visible_child_name (self->state_stack, "content");
  if (!load (self, &error))
    {
      show_error_dialog (self, _("Schedule Unavailable"), error);
      return;
    }
  fill_agenda (self);
  fill_month (self);
  fill_declarations (self);
}

static void
store_changed_cb (PsemsStore        *store,
                  const char        *entity,
                  gint64             id,
                  PsemsSchedulePage *self)
{
  /* After the writer's call returns, and once for a burst of changes. */
  psems_ui_queue_reload (&self->reload_source, "[psems] schedule reload",
                         (PsemsUiReloadFunc) reload, self);
}

/* ───────────────────────────── actions ───────────────────────────── */

static gboolean
require_store (PsemsSchedulePage *self)
{
  return self->store != NULL && self->actor != NULL;
}

static void
dialog_saved_cb (GtkWidget         *dialog,
                 gint64             id,
                 const char        *message,
                 PsemsSchedulePage *self)
{
  show_toast (self, message);
  /* Show the change now, not at the next idle: the user looks for it at once. */
  reload (self);
}

static void
new_item_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);
  PsemsScheduleDialog *dialog;

  if (!require_store (self))
    return;
  dialog = psems_schedule_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                      NULL, self->facility_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_item_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(PsemsScheduleItem) item = NULL;
  g_autoptr(GError) error = NULL;
  PsemsScheduleDialog *dialog;

  if (!require_store (self))
    return;
  item = psems_schedule_get (self->store, id, &error);
  if (item == NULL)
    {
      show_error_dialog (self, _("Schedule Item Unavailable"), error);
      return;
    }
  dialog = psems_schedule_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                      item, item->facility_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_completion_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(PsemsScheduleItem) fetched = NULL;
  const PsemsScheduleItem *item;
  g_autoptr(GError) error = NULL;
  PsemsCompletionDialog *dialog;

  if (!require_store (self))
    return;
  /* The listed copy carries the status the dialog explains. */
  item = find_item (self, id);
  if (item == NULL)
    {
      fetched = psems_schedule_get (self->store, id, &error);
      if (fetched == NULL)
        {
          show_error_dialog (self, _("Schedule Item Unavailable"), error);
          return;
        }
      item = fetched;
    }
  dialog = psems_completion_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                        item);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
shift_month_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "month");
  psems_month_grid_shift_months (self->month_grid,
                                 g_str_equal (action_name, "schedule.next-month") ? 1 : -1);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "month");
  psems_month_grid_set_day (self->month_grid, psems_day_today ());
}

static void
show_day_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);
  PsemsDay day = g_variant_get_uint32 (parameter);
  GtkWidget *cell;

  if (day == PSEMS_DAY_NONE)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "month");
  psems_month_grid_set_day (self->month_grid, day);
  cell = psems_month_grid_get_cell (self->month_grid, day);
  if (cell != NULL)
    gtk_widget_grab_focus (cell);
}

/* ── adding a declaration of security ── */

typedef struct
{
  PsemsSchedulePage *self;      /* weak: the dialog may outlive the page */
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility_id;
  GtkWidget *facility_row;      /* NULL with one facility shown */
  GPtrArray *facilities;
  GtkWidget *ship_row;
  GtkWidget *imo_row;
  GtkWidget *level_row;
  GtkWidget *from_row;
  GtkWidget *until_row;
  GtkWidget *responsibilities_row;
  GtkWidget *problems_label;
} DosForm;

static void
dos_form_free (DosForm *form)
{
  g_clear_weak_pointer (&form->self);
  g_clear_object (&form->store);
  g_clear_pointer (&form->actor, psems_actor_unref);
  g_clear_pointer (&form->facilities, g_ptr_array_unref);
  g_free (form);
}

static PsemsDos *
dos_form_read (DosForm *form)
{
  PsemsDos *dos = psems_dos_new ();
  guint level = adw_combo_row_get_selected (ADW_COMBO_ROW (form->level_row));

  if (form->facility_row != NULL)
    {
      guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (form->facility_row));

      if (position != GTK_INVALID_LIST_POSITION && position < form->facilities->len)
        dos->facility_id = ((PsemsFacility *) g_ptr_array_index (form->facilities, position))->id;
    }
  else
    {
      dos->facility_id = form->facility_id;
    }
  dos->ship_name = psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (form->ship_row)));
  dos->ship_imo = psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (form->imo_row)));
  dos->security_level = level == GTK_INVALID_LIST_POSITION ? 0 : (int) level + 1;
  dos->valid_from = psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (form->from_row)));
  dos->valid_until = psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (form->until_row)));
  dos->responsibilities =
    psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (form->responsibilities_row)));
  return dos;
}

static void
dos_form_changed_cb (AdwMessageDialog *dialog)
{
  DosForm *form = g_object_get_data (G_OBJECT (dialog), "psems-form");
  g_autoptr(PsemsDos) dos = dos_form_read (form);
  g_autoptr(GPtrArray) problems = psems_dos_validate (form->store, dos);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", problem->message);
    }
  gtk_label_set_text (GTK_LABEL (form->problems_label), text->str);
  gtk_widget_set_visible (form->problems_label, text->len > 0);
  adw_message_dialog_set_response_enabled (dialog, "add", text->len == 0);
}

static void
dos_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 gpointer          user_data)
{
  DosForm *form = g_object_get_data (G_OBJECT (dialog), "psems-form");
  g_autoptr(PsemsDos) dos = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "add"))
    return;
  dos = dos_form_read (form);
  if (psems_dos_create (form->store, form->actor, dos, &ref, &error) <= 0)
    {
      if (form->self != NULL)
        show_error_dialog (form->self, _("Declaration Not Added"), error);
      return;
    }
  if (form->self == NULL)
    return;
  /* Translators: a declaration's reference, then the ship's name */
  message = g_strdup_printf (_("%s added for %s"), ref != NULL ? ref : "", dos->ship_name);
  show_toast (form->self, message);
  reload (form->self);
}

static GtkWidget *
new_entry_row (GtkWidget  *list,
               const char *title,
               const char *text,
               GtkWidget  *dialog)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  g_signal_connect_swapped (row, "changed", G_CALLBACK (dos_form_changed_cb), dialog);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static void
new_declaration_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);
  g_autofree char *today = psems_day_format_iso (psems_day_today ());
  DosForm *form;

  if (!require_store (self))
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "declarations");
  dialog = adw_message_dialog_new (psems_ui_get_window (widget), _("New Declaration of Security"),
                                   _("What the ship and the facility agreed, and for which "
                                     "period"));
  gtk_widget_set_name (dialog, "dos-dialog");
  form = g_new0 (DosForm, 1);
  g_set_weak_pointer (&form->self, self);
  form->store = g_object_ref (self->store);
  form->actor = psems_actor_ref (self->actor);
  form->facility_id = self->facility_id;
  g_object_set_data_full (G_OBJECT (dialog), "psems-form", form, (GDestroyNotify) dos_form_free);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  if (self->facility_id == 0)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      g_autoptr(GError) error = NULL;

      form->facilities = psems_facility_list (self->store, FALSE, &error);
      if (form->facilities == NULL)
        form->facilities = g_ptr_array_new ();
      g_ptr_array_set_free_func (form->facilities, (GDestroyNotify) psems_facility_free);
      for (guint i = 0; i < form->facilities->len; i++)
        gtk_string_list_append (names, ((PsemsFacility *) g_ptr_array_index (form->facilities,
                                                                             i))->code);
      form->facility_row = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->facility_row), _("Facility"));
      adw_combo_row_set_model (ADW_COMBO_ROW (form->facility_row), G_LIST_MODEL (names));
      g_signal_connect_swapped (form->facility_row, "notify::selected",
                                G_CALLBACK (dos_form_changed_cb), dialog);
      gtk_list_box_append (GTK_LIST_BOX (list), form->facility_row);
    }
  form->ship_row = new_entry_row (list, _("Ship’s name"), NULL, dialog);
  gtk_widget_set_name (form->ship_row, "dos-ship");
  form->imo_row = new_entry_row (list, _("IMO number"), NULL, dialog);
  gtk_widget_set_name (form->imo_row, "dos-imo");
  for (int level = 1; level <= 3; level++)
    {
      /* Translators: a security level, 1 to 3 */
      g_autofree char *label = g_strdup_printf (_("Level %d"), level);

      gtk_string_list_append (levels, label);
    }
  form->level_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->level_row), _("Security level"));
  adw_combo_row_set_model (ADW_COMBO_ROW (form->level_row), G_LIST_MODEL (levels));
  g_signal_connect_swapped (form->level_row, "notify::selected", G_CALLBACK (dos_form_changed_cb),
                            dialog);
  gtk_list_box_append (GTK_LIST_BOX (list), form->level_row);
  form->from_row = new_entry_row (list, _("From (YYYY-MM-DD)"), today, dialog);
  gtk_widget_set_name (form->from_row, "dos-from");
  form->until_row = new_entry_row (list, _("Until (YYYY-MM-DD)"), today, dialog);
  gtk_widget_set_name (form->until_row, "dos-until");
  form->responsibilities_row = new_entry_row (list, _("Responsibilities agreed (optional)"), NULL,
                                              dialog);
  form->problems_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (form->problems_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (form->problems_label), 0.0);
  gtk_widget_add_css_class (form->problems_label, "error");
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), form->problems_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (dos_response_cb), NULL);
  dos_form_changed_cb (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_in_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "declarations") == 0)
    gtk_widget_activate_action (widget, "schedule.new-declaration", NULL);
  else
    gtk_widget_activate_action (widget, "schedule.new-item", NULL);
}

static void
view_changed_cb (PsemsSchedulePage *self)
{
  gboolean declarations =
    g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "declarations") == 0;

  adw_button_content_set_label (self->new_button_content,
                                declarations ? _("_New Declaration") : _("_New Item"));
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_schedule_page_map (GtkWidget *widget)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);

  GTK_WIDGET_CLASS (psems_schedule_page_parent_class)->map (widget);
  if (self->reload_due)
    reload (self);
}

static void
psems_schedule_page_dispose (GObject *object)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_SCHEDULE_PAGE);

  G_OBJECT_CLASS (psems_schedule_page_parent_class)->dispose (object);
}

static void
psems_schedule_page_finalize (GObject *object)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->declarations, g_ptr_array_unref);

  G_OBJECT_CLASS (psems_schedule_page_parent_class)->finalize (object);
}

static void
psems_schedule_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_schedule_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      psems_schedule_page_set_facility_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_managed_shortcut (GtkEventController *controller,
                      guint               key,
                      GdkModifierType     modifiers,
                      const char         *action,
                      GVariant           *target)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                            gtk_named_action_new (action));

  if (target != NULL)
    gtk_shortcut_set_arguments (shortcut, target);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
}

static void
psems_schedule_page_class_init (PsemsSchedulePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_schedule_page_dispose;
  object_class->finalize = psems_schedule_page_finalize;
  object_class->get_property = psems_schedule_page_get_property;
  object_class->set_property = psems_schedule_page_set_property;
  widget_class->map = psems_schedule_page_map;

  /**
   * PsemsSchedulePage:facility-id:
   *
   * The facility shown; 0 lists every facility's schedule.
   */
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_MONTH_GRID);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-schedule-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PsemsSchedulePage, name)
  BIND (toast_overlay);
  BIND (state_stack);
  BIND (view_stack);
  BIND (new_button_content);
  BIND (agenda_stack);
  BIND (agenda_summary);
  BIND (overdue_group);
  BIND (overdue_list);
  BIND (soon_group);
  BIND (soon_list);
  BIND (later_group);
  BIND (later_list);
  BIND (done_group);
  BIND (done_list);
  BIND (month_title);
  BIND (month_grid);
  BIND (day_title);
  BIND (day_list);
  BIND (dos_list);
#undef BIND

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "schedule.new-item", NULL, new_item_action);
  gtk_widget_class_install_action (widget_class, "schedule.edit-item", "x", edit_item_action);
  gtk_widget_class_install_action (widget_class, "schedule.record-completion", "x",
                                   record_completion_action);
  gtk_widget_class_install_action (widget_class, "schedule.new-declaration", NULL,
                                   new_declaration_action);
  gtk_widget_class_install_action (widget_class, "schedule.new-in-view", NULL,
                                   new_in_view_action);
  gtk_widget_class_install_action (widget_class, "schedule.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "schedule.previous-month", NULL,
                                   shift_month_action);
  gtk_widget_class_install_action (widget_class, "schedule.next-month", NULL, shift_month_action);
  gtk_widget_class_install_action (widget_class, "schedule.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "schedule.show-day", "u", show_day_action);
}

static void
psems_schedule_page_init (PsemsSchedulePage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->month_grid, "notify::day", G_CALLBACK (grid_day_changed_cb),
                            self);
  g_signal_connect (self->month_grid, "day-activated", G_CALLBACK (grid_day_activated_cb), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child-name",
                            G_CALLBACK (view_changed_cb), self);
  fill_month_title (self);

  /* While the page is shown, wherever the focus is: the window hands these to its mapped pages. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_managed_shortcut (shortcuts, GDK_KEY_n, GDK_CONTROL_MASK, "schedule.new-in-view", NULL);
  add_managed_shortcut (shortcuts, GDK_KEY_1, GDK_ALT_MASK, "schedule.show-view",
                        g_variant_new_string ("agenda"));
  add_managed_shortcut (shortcuts, GDK_KEY_2, GDK_ALT_MASK, "schedule.show-view",
                        g_variant_new_string ("month"));
  add_managed_shortcut (shortcuts, GDK_KEY_3, GDK_ALT_MASK, "schedule.show-view",
                        g_variant_new_string ("declarations"));
  add_managed_shortcut (shortcuts, GDK_KEY_t, GDK_CONTROL_MASK, "schedule.today", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
}

GtkWidget *
psems_schedule_page_new (void)
{
  return g_object_new (PSEMS_TYPE_SCHEDULE_PAGE, NULL);
}

/**
 * psems_schedule_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who writes; needed with a store
 */
void
psems_schedule_page_set_store (PsemsSchedulePage *self,
                               PsemsStore        *store,
                               PsemsActor        *actor)
{
  g_return_if_fail (PSEMS_IS_SCHEDULE_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || actor != NULL);

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;

  if (self->store == store)
    return;
  psems_ui_follow_store (&self->store, &self->changed_handler, store,
                         G_CALLBACK (store_changed_cb), self);
  reload (self);
}

/**
 * psems_schedule_page_set_facility_id:
 * @facility_id: the facility to show; 0 for all facilities
 */
void
psems_schedule_page_set_facility_id (PsemsSchedulePage *self,
                                     gint64             facility_id)
{
  g_return_if_fail (PSEMS_IS_SCHEDULE_PAGE (self));
  g_return_if_fail (facility_id >= 0);

  if (self->facility_id == facility_id)
    return;
  self->facility_id = facility_id;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}
