/* psems-schedule-page.c — the schedule: an agenda of what is overdue and due, a month grid, declarations of security. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-adaptive-bin.h"
#include "psems-completion-dialog.h"
#include "psems-dos.h"
#include "psems-error.h"
#include "psems-evidence.h"
#include "psems-facility.h"
#include "psems-month-grid.h"
#include "psems-schedule.h"
#include "psems-schedule-dialog.h"
#include "psems-schedule-page.h"
#include "psems-page-habits.h"
#include "psems-ui-util.h"
#include "psems-undo.h"

/* The agenda's horizon: "due in the next 30 days" and "done recently". */
#define AGENDA_DAYS 30

struct _PsemsSchedulePage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  AdwViewStack *view_stack;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
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
  GtkBox *month_box;
  GtkWidget *day_separator;
  GtkWidget *day_pane;
  PsemsAdaptiveBin *adaptive;
  PsemsAdaptiveBin *page_adaptive;
  GtkWidget *view_switcher;
  AdwViewSwitcherBar *switcher_bar;
  GtkWidget *new_button;
  GtkLabel *day_title;
  GtkListBox *day_list;
  GtkListBox *dos_list;
  GtkLabel *history_title;
  GtkLabel *history_subtitle;
  GtkWidget *history_record_button;
  AdwPreferencesGroup *compliance_group;
  GtkListBox *compliance_list;
  AdwPreferencesGroup *history_group;
  GtkListBox *history_list;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;
  gint64 facility_id;           /* 0: all facilities */
  gboolean reload_due;          /* set while unmapped: reload when shown */

  GPtrArray *items;             /* PsemsScheduleItem in scope, with their status as of today */
  GPtrArray *declarations;      /* PsemsDos in scope */
  PsemsDay today;
  gint64 history_id;            /* the item whose history is shown, 0: none */
};

G_DEFINE_FINAL_TYPE (PsemsSchedulePage, psems_schedule_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FACILITY_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (PsemsSchedulePage *self);
static void fill_history (PsemsSchedulePage *self);

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

static gboolean
require_store (PsemsSchedulePage *self)
{
  return self->store != NULL && self->actor != NULL;
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

  /* In the month's narrow day list, and on a narrow page, the explanation under the title says
   * it already. */
  if (g_str_equal (prefix, "item") && !psems_adaptive_bin_get_folded (self->page_adaptive))
    {
      pill = gtk_label_new (pill_text);
      gtk_widget_add_css_class (pill, "status-pill");
      gtk_widget_add_css_class (pill, state_class (item));
      gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (pill, explanation);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
    }
  else if (g_str_equal (prefix, "item"))
    /* No room for the pill: the kind's icon takes its colour. */
    gtk_widget_add_css_class (icon, state_class (item));

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

  /* The row itself opens the item's history: what was done, when, and its evidence. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "schedule.show-history");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", item->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
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

  if (self->history_id == 0)
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

/* ───────────────────────────── evidence ───────────────────────────── */

/* A row for one evidence file, with the button that opens it in the system's viewer. */
static GtkWidget *
new_evidence_row (const PsemsEvidence *evidence)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = g_strdup_printf ("evidence-%" G_GINT64_FORMAT, evidence->id);
  g_autofree char *size = g_format_size ((guint64) MAX (evidence->size, 0));
  g_autofree char *content_type = evidence->media_type != NULL
                                  ? g_content_type_from_mime_type (evidence->media_type) : NULL;
  g_autoptr(GIcon) icon = content_type != NULL ? g_content_type_get_symbolic_icon (content_type)
                                               : NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *image;

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), evidence->file_name);
  /* Translators: an evidence file's reference, size and SHA-256 checksum's first digits */
  subtitle = g_strdup_printf (_("%s · %s · SHA-256 %.12s…"), evidence->ref, size,
                              evidence->sha256 != NULL ? evidence->sha256 : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  image = icon != NULL ? gtk_image_new_from_gicon (icon)
                       : gtk_image_new_from_icon_name ("text-x-generic-symbolic");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), psems_ui_new_open_evidence_button (evidence->id));
  return row;
}

/* ───────────────────────────── an item's history ───────────────────────────── */

static GtkWidget *
new_field_row (const char *label,
               const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static char *
format_duration (int minutes)
{
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes",
                                         (gulong) minutes), minutes);
  if (minutes % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours",
                                         (gulong) (minutes / 60)), minutes / 60);
  /* Translators: a duration in hours and minutes, "1 h 30 min" */
  return g_strdup_printf (_("%d h %d min"), minutes / 60, minutes % 60);
}

/* The completion as the regulator would read it: when, against which deadline, who, what, proof. */
static GtkWidget *
new_completion_row (PsemsSchedulePage     *self,
                    const PsemsCompletion *completion,
                    gboolean               expanded)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *pill;
  PsemsDay done = psems_day_parse (completion->done_on);
  PsemsDay due = completion->due_on != NULL ? psems_day_parse (completion->due_on)
                                            : PSEMS_DAY_NONE;
  g_autofree char *name = g_strdup_printf ("completion-%" G_GINT64_FORMAT, completion->id);
  g_autofree char *done_text = psems_ui_format_date (completion->done_on);
  g_autofree char *due_text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GError) error = NULL;
  gboolean late = FALSE;

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Translators: %s is the day a drill, audit or review was done */
  title = g_strdup_printf (_("Done on %s"), done_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (due != PSEMS_DAY_NONE && done != PSEMS_DAY_NONE)
    {
      due_text = psems_day_format (due);
      late = done > due;
      if (late)
        state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day late", "%u days late",
                                              done - due), done - due);
      else
        state = g_strdup (_("On time"));
      /* Translators: a completion's reference, then the deadline it answered */
      subtitle = g_strdup_printf (_("%s · answered the deadline of %s"), completion->ref, due_text);
    }
  else
    {
      state = g_strdup (_("No deadline"));
      subtitle = g_strdup (completion->ref);
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                               gtk_image_new_from_icon_name (late ? "dialog-warning-symbolic"
                                                                  : "emblem-ok-symbolic"));
  pill = gtk_label_new (state);
  gtk_widget_set_name (pill, "completion-state");
  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_add_css_class (pill, late ? "warning" : "success");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), pill);

  if (completion->duration_minutes > 0)
    {
      g_autofree char *duration = format_duration (completion->duration_minutes);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_field_row (_("Duration"), duration));
    }
  if (completion->participants != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              new_field_row (_("Participants"), completion->participants));
  if (completion->description != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              new_field_row (_("Description or scenario"),
                                             completion->description));
  if (completion->lessons_learned != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              new_field_row (_("Lessons learned"), completion->lessons_learned));
  {
    g_autofree char *at = completion->created_at != NULL
                          ? psems_ui_format_timestamp (completion->created_at) : NULL;
    g_autofree char *by = NULL;

    if (at != NULL)
      /* Translators: who recorded a completion, then when */
      by = g_strdup_printf (_("%s, on %s"),
                            completion->recorded_by != NULL ? completion->recorded_by : "—", at);
    else
      by = g_strdup (completion->recorded_by != NULL ? completion->recorded_by : "—");
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_field_row (_("Recorded by"), by));
  }

  evidence = psems_evidence_list (self->store, "completion", completion->id, &error);
  if (evidence == NULL)
    {
      GtkWidget *problem = new_field_row (_("Evidence"), error->message);

      gtk_widget_add_css_class (problem, "error");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), problem);
    }
  else
    {
      g_ptr_array_set_free_func (evidence, (GDestroyNotify) psems_evidence_free);
      if (evidence->len == 0)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  new_field_row (_("Evidence"), _("No files kept")));
      for (guint i = 0; i < evidence->len; i++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  new_evidence_row (g_ptr_array_index (evidence, i)));
    }
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), expanded);
  return row;
}

static void
fill_compliance (PsemsSchedulePage       *self,
                 const PsemsScheduleItem *item)
{
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *description = NULL;
  PsemsDay anchor = item->anchor != NULL ? psems_day_parse (item->anchor) : PSEMS_DAY_NONE;
  PsemsDay from;
  GDate date;

  psems_ui_clear_list_box (self->compliance_list);
  psems_day_to_date (self->today, &date);
  g_date_subtract_months (&date, 24);
  from = psems_day_from_date (&date);
  /* Nothing was owed before the item started. */
  if (anchor != PSEMS_DAY_NONE && anchor > from && anchor <= self->today)
    from = anchor;
  from_text = psems_day_format (from);
  violations = psems_schedule_check (self->store, item, from, self->today, &error);
  if (violations == NULL)
    {
      GtkWidget *row = new_field_row (_("Compliance unavailable"), error->message);

      gtk_widget_add_css_class (row, "error");
      gtk_list_box_append (self->compliance_list, row);
      adw_preferences_group_set_description (self->compliance_group, NULL);
      return;
    }
  g_ptr_array_set_free_func (violations, (GDestroyNotify) psems_schedule_violation_free);
  if (violations->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      gtk_widget_set_name (row, "compliance-ok");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Every deadline met"));
      /* Translators: %s is a date */
      description = g_strdup_printf (_("No deadline missed since %s"), from_text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      gtk_widget_add_css_class (icon, "success");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->compliance_list, row);
      g_clear_pointer (&description, g_free);
    }
  for (guint i = 0; i < violations->len; i++)
    {
      const PsemsScheduleViolation *violation = g_ptr_array_index (violations, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      g_autofree char *name = g_strdup_printf ("violation-%u", i);

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), violation->explanation);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, violation->violation.done_on == PSEMS_DAY_NONE ? "error"
                                                                                   : "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->compliance_list, row);
    }
  if (violations->len > 0)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u deadline missed since %s",
                                                "%u deadlines missed since %s",
                                                violations->len),
                                   violations->len, from_text);
  adw_preferences_group_set_description (self->compliance_group, description);
}

static void
fill_history (PsemsSchedulePage *self)
{
  g_autoptr(PsemsScheduleItem) fetched = NULL;
  const PsemsScheduleItem *item = find_item (self, self->history_id);
  g_autoptr(GPtrArray) completions = NULL;
  g_autoptr(PsemsRegimeRule) rule = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *count = NULL;

  if (item == NULL)
    {
      fetched = psems_schedule_get (self->store, self->history_id, &error);
      if (fetched == NULL)
        {
          /* Gone (deleted elsewhere, another facility): back to the agenda. */
          gtk_widget_activate_action (GTK_WIDGET (self), "schedule.close-history", NULL);
          return;
        }
      item = fetched;
    }
  if (item->rule != NULL)
    rule = psems_regime_find_rule (item->rule, NULL);
  clock = psems_schedule_describe_clock (item, rule);
  gtk_label_set_text (self->history_title, item->title);
  /* The status's explanation names the clock already; without one, the clock in words. */
  if (item->status != NULL && item->status->explanation != NULL)
    /* Translators: an item's reference, its kind, then where its clock stands */
    subtitle = g_strdup_printf (_("%s · %s\n%s"), item->ref,
                                psems_schedule_kind_label (item->kind), item->status->explanation);
  else
    /* Translators: an item's reference, its kind, then how its due dates are set */
    subtitle = g_strdup_printf (_("%s · %s · %s"), item->ref,
                                psems_schedule_kind_label (item->kind), clock);
  gtk_label_set_text (self->history_subtitle, subtitle);
  /* Set in this order: the action with no target would not match its parameter type. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->history_record_button), "x", item->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->history_record_button),
                                  "schedule.record-completion");

  fill_compliance (self, item);

  psems_ui_clear_list_box (self->history_list);
  completions = psems_schedule_list_completions (self->store, item->id, &error);
  if (completions == NULL)
    {
      GtkWidget *row = new_field_row (_("Completions unavailable"), error->message);

      gtk_widget_add_css_class (row, "error");
      gtk_list_box_append (self->history_list, row);
      return;
    }
  g_ptr_array_set_free_func (completions, (GDestroyNotify) psems_completion_free);
  /* The latest first, open: the one an inspector asks about. */
  for (guint i = 0; i < completions->len; i++)
    gtk_list_box_append (self->history_list,
                         new_completion_row (self, g_ptr_array_index (completions, i), i == 0));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u recorded, the latest first",
                                        "%u recorded, the latest first", completions->len),
                           completions->len);
  adw_preferences_group_set_description (self->history_group,
                                         completions->len > 0 ? count : NULL);
  psems_ui_set_empty_text (self->history_list, _("Not done yet"));
}

static void
show_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);

  if (!require_store (self))
    return;
  self->history_id = g_variant_get_int64 (parameter);
  gtk_widget_action_set_enabled (widget, "schedule.close-history", TRUE);
  adw_view_stack_set_visible_child_name (self->view_stack, "agenda");
  fill_history (self);
  if (self->history_id != 0)
    gtk_stack_set_visible_child_name (self->agenda_stack, "history");
}

/* Deleting asks nothing: the toast's Undo restores the item (completions were never touched). */
static void
delete_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);
  g_autoptr(PsemsScheduleItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 id = self->history_id;

  if (!require_store (self) || id == 0)
    return;
  item = psems_schedule_get (self->store, id, &error);
  if (item == NULL || !psems_schedule_delete (self->store, self->actor, id, &error))
    {
      psems_ui_show_error_dialog (widget, "schedule-error", _("Item Not Deleted"), error);
      return;
    }
  gtk_widget_activate_action (widget, "schedule.close-history", NULL);
  /* Translators: %s is a schedule item's title */
  title = g_strdup_printf (_("“%s” deleted"), item->title);
  psems_undo_show_record (self->toast_overlay, title, self->store, self->actor, id,
                          psems_schedule_restore);
}

static void
close_history_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);
  g_autofree char *name = g_strdup_printf ("item-%" G_GINT64_FORMAT, self->history_id);
  GtkListBox *lists[] = { self->overdue_list, self->soon_list, self->later_list, self->done_list };

  self->history_id = 0;
  gtk_widget_action_set_enabled (widget, "schedule.close-history", FALSE);
  gtk_stack_set_visible_child_name (self->agenda_stack,
                                    self->items != NULL && self->items->len > 0 ? "list"
                                                                                : "empty");
  /* Back where the user was. */
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (lists[i])); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        {
          gtk_widget_grab_focus (row);
          return;
        }
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
      GtkWidget *row = adw_expander_row_new ();
      GtkWidget *level;
      g_autoptr(GPtrArray) evidence = NULL;
      g_autoptr(GError) evidence_error = NULL;
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
      evidence = psems_evidence_list (self->store, "dos", dos->id, &evidence_error);
      if (evidence != NULL)
        g_ptr_array_set_free_func (evidence, (GDestroyNotify) psems_evidence_free);
      if (retain != NULL)
        g_string_append_printf (where, " · %s · %s", period, retain);
      else
        g_string_append_printf (where, " · %s", period);
      if (dos->signed_on == NULL)
        g_string_append_printf (where, " · %s", _("not signed"));
      if (evidence != NULL && evidence->len > 0)
        {
          g_string_append (where, " · ");
          g_string_append_printf (where, g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files",
                                                      evidence->len), evidence->len);
        }
      subtitle = g_string_free (g_steal_pointer (&where), FALSE);
      gtk_widget_set_name (row, name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                                   gtk_image_new_from_icon_name ("emblem-documents-symbolic"));
      /* Translators: a security level, 1 to 3 */
      level_text = g_strdup_printf (_("Level %d"), dos->security_level);
      level = gtk_label_new (level_text);
      gtk_widget_add_css_class (level, "status-pill");
      gtk_widget_set_valign (level, GTK_ALIGN_CENTER);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), level);

      if (dos->reason != NULL)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_field_row (_("Reason"), dos->reason));
      if (dos->responsibilities != NULL)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  new_field_row (_("Responsibilities agreed"),
                                                 dos->responsibilities));
      {
        g_autofree char *signatures = NULL;

        if (dos->signed_on != NULL)
          {
            g_autofree char *signed_on = psems_ui_format_date (dos->signed_on);

            /* Translators: the signing day, the ship's signatory, the facility's signatory */
            signatures = g_strdup_printf (_("Signed on %s by %s for the ship and %s for the "
                                            "facility"), signed_on,
                                          dos->ship_signatory != NULL ? dos->ship_signatory : "—",
                                          dos->facility_signatory != NULL
                                          ? dos->facility_signatory : "—");
          }
        else if (dos->ship_signatory != NULL || dos->facility_signatory != NULL)
          /* Translators: the ship's signatory, then the facility's */
          signatures = g_strdup_printf (_("Not signed yet; to be signed by %s for the ship and %s "
                                          "for the facility"),
                                        dos->ship_signatory != NULL ? dos->ship_signatory : "—",
                                        dos->facility_signatory != NULL
                                        ? dos->facility_signatory : "—");
        else
          signatures = g_strdup (_("Not signed yet"));
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  new_field_row (_("Signatures"), signatures));
      }
      if (evidence == NULL)
        {
          GtkWidget *problem = new_field_row (_("Evidence"), evidence_error->message);

          gtk_widget_add_css_class (problem, "error");
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), problem);
        }
      else if (evidence->len == 0)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  new_field_row (_("Evidence"), _("No files kept")));
      for (guint e = 0; evidence != NULL && e < evidence->len; e++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  new_evidence_row (g_ptr_array_index (evidence, e)));
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
  if (self->history_id != 0)
    fill_history (self);
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
  AdwMessageDialog *dialog;     /* owns this form */
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
  GtkWidget *reason_row;
  GtkWidget *responsibilities_row;
  GtkWidget *ship_signatory_row;
  GtkWidget *facility_signatory_row;
  GtkWidget *signed_on_row;
  GtkListBox *evidence_list;
  GPtrArray *evidence;          /* paths of the files to keep, in the order added */
  GPtrArray *file_problems;     /* (char *) what is wrong with a file, when something is */
  GtkFileChooserNative *chooser;
  GtkWidget *problems_label;
} DosForm;

static void
dos_form_free (DosForm *form)
{
  if (form->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (form->chooser));
  g_clear_object (&form->chooser);
  g_clear_weak_pointer (&form->self);
  g_clear_object (&form->store);
  g_clear_pointer (&form->actor, psems_actor_unref);
  g_clear_pointer (&form->facilities, g_ptr_array_unref);
  g_clear_pointer (&form->evidence, g_ptr_array_unref);
  g_clear_pointer (&form->file_problems, g_ptr_array_unref);
  g_free (form);
}

static char *
dup_row_text (GtkWidget *row)
{
  return psems_text_dup_field (gtk_editable_get_text (GTK_EDITABLE (row)));
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
  dos->ship_name = dup_row_text (form->ship_row);
  dos->ship_imo = dup_row_text (form->imo_row);
  dos->security_level = level == GTK_INVALID_LIST_POSITION ? 0 : (int) level + 1;
  dos->valid_from = dup_row_text (form->from_row);
  dos->valid_until = dup_row_text (form->until_row);
  dos->reason = dup_row_text (form->reason_row);
  dos->responsibilities = dup_row_text (form->responsibilities_row);
  dos->ship_signatory = dup_row_text (form->ship_signatory_row);
  dos->facility_signatory = dup_row_text (form->facility_signatory_row);
  dos->signed_on = dup_row_text (form->signed_on_row);
  return dos;
}

static void
dos_form_changed_cb (AdwMessageDialog *dialog)
{
  DosForm *form = g_object_get_data (G_OBJECT (dialog), "psems-form");
  g_autoptr(PsemsDos) dos = dos_form_read (form);
  g_autoptr(GPtrArray) problems = psems_dos_validate (form->store, dos);
  g_autoptr(GString) text = g_string_new (NULL);
  struct { const char *field; GtkWidget *row; } fields[] = {
    { "facility_id", form->facility_row },
    { "ship_name", form->ship_row },
    { "ship_imo", form->imo_row },
    { "security_level", form->level_row },
    { "valid_from", form->from_row },
    { "valid_until", form->until_row },
    { "reason", form->reason_row },
    { "responsibilities", form->responsibilities_row },
    { "ship_signatory", form->ship_signatory_row },
    { "facility_signatory", form->facility_signatory_row },
    { "signed_on", form->signed_on_row },
  };

  /* Each field with a problem is marked where it is; the words are listed under the form. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (fields[i].row == NULL)
        continue;
      if (psems_ui_find_problem (problems, fields[i].field) != NULL)
        gtk_widget_add_css_class (fields[i].row, "error");
      else
        gtk_widget_remove_css_class (fields[i].row, "error");
    }
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", problem->message);
    }
  for (guint i = 0; i < form->file_problems->len; i++)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (form->file_problems, i));
  gtk_label_set_text (GTK_LABEL (form->problems_label), text->str);
  gtk_widget_set_visible (form->problems_label, text->len > 0);
  adw_message_dialog_set_response_enabled (dialog, "add", text->len == 0);
}

/* What is wrong with the files chosen, as the list shows them (core refuses the same). */
static void
dos_form_check_files (DosForm *form)
{
  g_ptr_array_set_size (form->file_problems, 0);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (form->evidence_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *problem = g_object_get_data (G_OBJECT (row), "psems-problem");

      if (problem != NULL)
        g_ptr_array_add (form->file_problems, g_strdup (problem));
    }
}

static void
dos_remove_file_cb (GtkButton *button,
                    DosForm   *form)
{
  const char *path = g_object_get_data (G_OBJECT (button), "psems-path");
  guint index;

  if (g_ptr_array_find_with_equal_func (form->evidence, path, g_str_equal, &index))
    {
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

      gtk_list_box_remove (form->evidence_list, row);
      g_ptr_array_remove_index (form->evidence, index);
    }
  dos_form_check_files (form);
  dos_form_changed_cb (form->dialog);
}

static void
dos_form_add_file (DosForm *form,
                   GFile   *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *subtitle = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *tooltip = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  GtkWidget *remove;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      /* Translators: %s is a URI */
      problem = g_strdup_printf (_("%s is not a local file; copy it to this computer first"), uri);
    }
  else if (g_ptr_array_find_with_equal_func (form->evidence, path, g_str_equal, NULL))
    {
      return;
    }
  else
    {
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                G_FILE_QUERY_INFO_NONE, NULL, &error);
      if (info == NULL)
        /* Translators: a file's name, then why it cannot be read */
        problem = g_strdup_printf (_("%s: %s"), name, error->message);
      else if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        /* Translators: %s is a file's name */
        problem = g_strdup_printf (_("%s is not a file"), name);
      else if (g_file_info_get_size (info) == 0)
        /* Translators: %s is a file's name */
        problem = g_strdup_printf (_("%s is empty"), name);
      else if (g_file_info_get_size (info) > PSEMS_EVIDENCE_MAX_SIZE)
        {
          g_autofree char *limit = g_format_size (PSEMS_EVIDENCE_MAX_SIZE);

          /* Translators: a file's name, then the largest size kept */
          problem = g_strdup_printf (_("%s is larger than the %s evidence may have"), name, limit);
        }
      else
        subtitle = g_format_size ((guint64) g_file_info_get_size (info));
    }

  row = adw_action_row_new ();
  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem != NULL ? problem : subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("text-x-generic-symbolic"));
  if (problem != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      g_object_set_data_full (G_OBJECT (row), "psems-problem", g_strdup (problem), g_free);
    }
  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  /* Translators: %s is a file name */
  tooltip = g_strdup_printf (_("Remove %s"), name);
  gtk_widget_set_tooltip_text (remove, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  /* A file that is not local has no path: its row holds its URI, to be removed the same way. */
  if (path == NULL)
    path = g_file_get_uri (file);
  g_object_set_data_full (G_OBJECT (remove), "psems-path", g_strdup (path), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (dos_remove_file_cb), form);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  gtk_list_box_append (form->evidence_list, row);
  g_ptr_array_add (form->evidence, g_steal_pointer (&path));
  dos_form_check_files (form);
  dos_form_changed_cb (form->dialog);
}

static void
dos_files_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     DosForm         *form)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          dos_form_add_file (form, file);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&form->chooser);
}

static void
dos_add_files_clicked_cb (GtkButton *button,
                          DosForm   *form)
{
  if (form->chooser != NULL)
    return;
  form->chooser = gtk_file_chooser_native_new (_("Keep Files as Evidence"),
                                               GTK_WINDOW (form->dialog),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"),
                                               _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (form->chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (form->chooser), TRUE);
  g_signal_connect (form->chooser, "response", G_CALLBACK (dos_files_chosen_cb), form);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (form->chooser));
}

/* Files dragged from a file manager onto the evidence list. */
static gboolean
dos_files_dropped_cb (GtkDropTarget *target,
                      const GValue  *value,
                      double         x,
                      double         y,
                      DosForm       *form)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    dos_form_add_file (form, l->data);
  g_slist_free (files);
  return TRUE;
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
  /* The declaration and its files in one write: a refused file refuses both. */
  g_ptr_array_add (form->evidence, NULL);
  if (psems_dos_create_with_evidence (form->store, form->actor, dos,
                                      (const char * const *) form->evidence->pdata, &ref,
                                      &error) <= 0)
    {
      g_ptr_array_remove_index (form->evidence, form->evidence->len - 1);
      if (form->self != NULL)
        show_error_dialog (form->self, _("Declaration Not Added"), error);
      return;
    }
  g_ptr_array_remove_index (form->evidence, form->evidence->len - 1);
  if (form->self == NULL)
    return;
  /* Translators: a declaration's reference, the ship's name, then how many files */
  if (form->evidence->len > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s added for %s, with %u file",
                                            "%s added for %s, with %u files",
                                            form->evidence->len),
                               ref != NULL ? ref : "", dos->ship_name, form->evidence->len);
  else
    /* Translators: a declaration's reference, then the ship's name */
    message = g_strdup_printf (_("%s added for %s"), ref != NULL ? ref : "", dos->ship_name);
  show_toast (form->self, message);
  reload (form->self);
}

static GtkWidget *
new_entry_row (GtkWidget  *list,
               const char *name,
               const char *title,
               const char *text,
               GtkWidget  *dialog)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  g_signal_connect_swapped (row, "changed", G_CALLBACK (dos_form_changed_cb), dialog);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static GtkWidget *
new_form_group (GtkWidget  *box,
                const char *title,
                const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = gtk_list_box_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (GTK_BOX (box), group);
  return list;
}

/* The declaration's form is this wide in a window at least DOS_FORM_ROOMY_WINDOW wide. */
#define DOS_FORM_WIDTH 460
#define DOS_FORM_ROOMY_WINDOW 600

static void
new_declaration_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);
  GtkWidget *dialog;
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *list;
  GtkWidget *evidence_group;
  GtkWidget *add_files;
  GtkDropTarget *drop;
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);
  g_autofree char *today = psems_day_format_iso (psems_day_today ());
  DosForm *form;
  GtkWindow *window;
  gboolean roomy;

  if (!require_store (self))
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "declarations");
  dialog = adw_message_dialog_new (psems_ui_get_window (widget), _("New Declaration of Security"),
                                   _("What the ship and the facility agreed, for which period, "
                                     "and who signed it"));
  gtk_widget_set_name (dialog, "dos-dialog");
  form = g_new0 (DosForm, 1);
  g_set_weak_pointer (&form->self, self);
  form->dialog = ADW_MESSAGE_DIALOG (dialog);
  form->store = g_object_ref (self->store);
  form->actor = psems_actor_ref (self->actor);
  form->facility_id = self->facility_id;
  form->evidence = g_ptr_array_new_with_free_func (g_free);
  form->file_problems = g_ptr_array_new_with_free_func (g_free);
  g_object_set_data_full (G_OBJECT (dialog), "psems-form", form, (GDestroyNotify) dos_form_free);

  /* The ship and the period. */
  list = new_form_group (box, NULL, NULL);
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
  form->ship_row = new_entry_row (list, "dos-ship", _("Ship’s name"), NULL, dialog);
  form->imo_row = new_entry_row (list, "dos-imo", _("IMO number"), NULL, dialog);
  for (int level = 1; level <= 3; level++)
    {
      /* Translators: a security level, 1 to 3 */
      g_autofree char *label = g_strdup_printf (_("Level %d"), level);

      gtk_string_list_append (levels, label);
    }
  form->level_row = adw_combo_row_new ();
  gtk_widget_set_name (form->level_row, "dos-level");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->level_row), _("Security level"));
  adw_combo_row_set_model (ADW_COMBO_ROW (form->level_row), G_LIST_MODEL (levels));
  g_signal_connect_swapped (form->level_row, "notify::selected", G_CALLBACK (dos_form_changed_cb),
                            dialog);
  gtk_list_box_append (GTK_LIST_BOX (list), form->level_row);
  form->from_row = new_entry_row (list, "dos-from", _("From (YYYY-MM-DD)"), today, dialog);
  form->until_row = new_entry_row (list, "dos-until", _("Until (YYYY-MM-DD)"), today, dialog);

  /* What was agreed (ISPS Code A/5.2, B/5.5). */
  list = new_form_group (box, _("Agreement"), NULL);
  form->reason_row = new_entry_row (list, "dos-reason", _("Reason (optional)"), NULL, dialog);
  form->responsibilities_row = new_entry_row (list, "dos-responsibilities",
                                              _("Responsibilities agreed (optional)"), NULL,
                                              dialog);

  /* ISPS Code A/5.4: signed by both; the day goes with the two names. */
  list = new_form_group (box, _("Signatures"),
                         _("A signing day needs both signatories"));
  form->ship_signatory_row = new_entry_row (list, "dos-ship-signatory",
                                            _("For the ship (master or SSO)"), NULL, dialog);
  form->facility_signatory_row = new_entry_row (list, "dos-facility-signatory",
                                                _("For the facility (PFSO)"), NULL, dialog);
  form->signed_on_row = new_entry_row (list, "dos-signed-on", _("Signed on (YYYY-MM-DD)"), NULL,
                                       dialog);

  /* The signed copy and any scans, kept in the same write. */
  list = new_form_group (box, _("Evidence"), _("The signed declaration, scans; drop files here"));
  gtk_widget_set_name (list, "dos-evidence");
  form->evidence_list = GTK_LIST_BOX (list);
  psems_ui_set_empty_text (form->evidence_list, _("No files"));
  evidence_group = gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_GROUP);
  add_files = gtk_button_new_with_mnemonic (_("Add _Files…"));
  gtk_widget_set_name (add_files, "dos-add-files");
  gtk_widget_set_valign (add_files, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (add_files, "flat");
  g_signal_connect (add_files, "clicked", G_CALLBACK (dos_add_files_clicked_cb), form);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (evidence_group), add_files);
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (dos_files_dropped_cb), form);
  gtk_widget_add_controller (list, GTK_EVENT_CONTROLLER (drop));

  form->problems_label = gtk_label_new (NULL);
  gtk_widget_set_name (form->problems_label, "dos-problems");
  gtk_label_set_wrap (GTK_LABEL (form->problems_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (form->problems_label), 0.0);
  gtk_widget_add_css_class (form->problems_label, "error");
  gtk_box_append (GTK_BOX (box), form->problems_label);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 520);
  /* Names and agreements are long: wider than a question's dialog, where the window leaves room
   * for it; on a phone's width the rows take what there is. */
  window = psems_ui_get_window (widget);
  roomy = window == NULL || gtk_widget_get_width (GTK_WIDGET (window)) >= DOS_FORM_ROOMY_WINDOW;
  gtk_widget_set_size_request (scrolled, roomy ? DOS_FORM_WIDTH : -1, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
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

/* The add button names what the view adds; narrow, it shows its icon only and the name is
 * left to its tooltip and to screen readers. */
static void
view_changed_cb (PsemsSchedulePage *self)
{
  gboolean declarations =
    g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "declarations") == 0;
  gboolean narrow = psems_adaptive_bin_get_folded (self->page_adaptive);
  const char *label = declarations ? _("_New Declaration") : _("_New Item");

  adw_button_content_set_label (self->new_button_content, narrow ? "" : label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  declarations ? _("New Declaration") : _("New Item"), -1);
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

/* ───────────────────────────── narrow windows ───────────────────────────── */

/* Folded (narrower than the adaptive bin's fold-width, 720 px, or than the month and the day side
 * by side), the selected day goes below the month's grid instead of beside it. */
#define DAY_PANE_WIDTH 340

static void
folded_cb (PsemsAdaptiveBin  *adaptive,
           GParamSpec        *pspec,
           PsemsSchedulePage *self)
{
  gboolean narrow = psems_adaptive_bin_get_folded (adaptive);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->month_box),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->day_separator),
                                  narrow ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_size_request (self->day_pane, narrow ? -1 : DAY_PANE_WIDTH, -1);
  psems_month_grid_set_compact (self->month_grid, narrow);
}

/* Narrower than the page's own adaptive bin's fold-width (600 px), the views are switched from a
 * bar at the bottom and the add button shows its icon only (its tooltip names it). */
static void
page_folded_cb (PsemsAdaptiveBin  *adaptive,
                GParamSpec        *pspec,
                PsemsSchedulePage *self)
{
  gboolean narrow = psems_adaptive_bin_get_folded (adaptive);

  gtk_widget_set_visible (self->view_switcher, !narrow);
  adw_view_switcher_bar_set_reveal (self->switcher_bar, narrow);
  view_changed_cb (self);
  /* The agenda's rows are laid out for the width they have. */
  if (self->items != NULL)
    fill_agenda (self);
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

/* Ctrl+F: search the items and declarations listed (the month grid shows no text to search:
 * the agenda does). */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "month") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "agenda");
  psems_page_start_search (self->search_bar, self->search_entry);
}

/* Ctrl+Z while an undo toast shows. */
static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsSchedulePage *self = PSEMS_SCHEDULE_PAGE (widget);

  if (!psems_undo_activate (self->toast_overlay))
    gtk_widget_error_bell (widget);
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
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

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
  g_type_ensure (PSEMS_TYPE_ADAPTIVE_BIN);
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
  BIND (month_box);
  BIND (day_separator);
  BIND (day_pane);
  BIND (adaptive);
  BIND (page_adaptive);
  BIND (view_switcher);
  BIND (new_button);
  BIND (switcher_bar);
  BIND (day_title);
  BIND (day_list);
  BIND (dos_list);
  BIND (history_title);
  BIND (history_subtitle);
  BIND (history_record_button);
  BIND (compliance_group);
  BIND (compliance_list);
  BIND (history_group);
  BIND (history_list);
#undef BIND


  gtk_widget_class_install_action (widget_class, "schedule.new-item", NULL, new_item_action);
  gtk_widget_class_install_action (widget_class, "schedule.delete-item", NULL, delete_item_action);
  gtk_widget_class_install_action (widget_class, "page.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "page.undo", NULL);
  gtk_widget_class_bind_template_child (widget_class, PsemsSchedulePage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PsemsSchedulePage, search_entry);
  psems_page_install_habits (widget_class, find_action, new_in_view_action);
  gtk_widget_class_install_action (widget_class, "schedule.edit-item", "x", edit_item_action);
  gtk_widget_class_install_action (widget_class, "schedule.record-completion", "x",
                                   record_completion_action);
  gtk_widget_class_install_action (widget_class, "schedule.show-history", "x",
                                   show_history_action);
  gtk_widget_class_install_action (widget_class, "schedule.close-history", NULL,
                                   close_history_action);
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
  g_signal_connect (self->adaptive, "notify::folded", G_CALLBACK (folded_cb), self);
  g_signal_connect (self->page_adaptive, "notify::folded", G_CALLBACK (page_folded_cb), self);
  psems_page_bind_list_search (self->search_bar, self->search_entry, self->overdue_list, self->soon_list, self->later_list, self->done_list, self->day_list, self->dos_list, NULL);

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
  add_managed_shortcut (shortcuts, GDK_KEY_n, GDK_CONTROL_MASK, "page.new", NULL);
  add_managed_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, "page.find", NULL);
  add_managed_shortcut (shortcuts, GDK_KEY_1, GDK_ALT_MASK, "schedule.show-view",
                        g_variant_new_string ("agenda"));
  add_managed_shortcut (shortcuts, GDK_KEY_2, GDK_ALT_MASK, "schedule.show-view",
                        g_variant_new_string ("month"));
  add_managed_shortcut (shortcuts, GDK_KEY_3, GDK_ALT_MASK, "schedule.show-view",
                        g_variant_new_string ("declarations"));
  add_managed_shortcut (shortcuts, GDK_KEY_t, GDK_CONTROL_MASK, "schedule.today", NULL);
  add_managed_shortcut (shortcuts, GDK_KEY_Escape, 0, "schedule.close-history", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schedule.close-history", FALSE);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.new",
                                 psems_page_may_create (store, actor, "schedule"));

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
  /* Another facility's agenda: the history shown was of this one's item. */
  self->history_id = 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "schedule.close-history", FALSE);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}
