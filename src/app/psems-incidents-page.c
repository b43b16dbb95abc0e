/* psems-incidents-page.c — incidents and after-action reviews: what happened, the reporting clocks, controls, lessons. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-evidence.h"
#include "psems-facility.h"
#include "psems-finding.h"
#include "psems-incident-dialog.h"
#include "psems-incident.h"
#include "psems-incidents-page.h"
#include "psems-plan.h"
#include "psems-page-habits.h"
#include "psems-ui-util.h"

#define N_REPORT_KINDS (PSEMS_REPORT_NRC + 1)

struct _PsemsIncidentsPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  GtkDropDown *kind_filter;
  GtkLabel *list_summary;
  GtkStack *list_stack;
  GtkListBox *incident_list;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  AdwStatusPage *empty_status;
  GtkWidget *empty_button;
  GtkStack *detail_stack;
  GtkScrolledWindow *detail_scroller;
  GtkBox *detail_box;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;
  gint64 facility_id;           /* 0: all facilities */
  gboolean reload_due;          /* set while unmapped: load when shown */

  GHashTable *facilities;       /* id → PsemsFacility, archived ones too */
  GPtrArray *incidents;         /* PsemsIncident in scope, newest first */
  gint64 selected_id;
  gboolean open_only;
  gboolean open_clocks;
  gboolean selecting;

  /* The detail's widgets the actions read; borrowed, replaced with the detail. */
  PsemsIncident *detail;
  GtkEditable *report_entry[N_REPORT_KINDS];
  GtkLabel *report_error[N_REPORT_KINDS];
  GtkWidget *report_popover[N_REPORT_KINDS];
  GtkEditable *lesson_text;
  GtkDropDown *lesson_element;
  GtkEditable *lesson_owner;
  GtkEditable *lesson_due;
  GtkLabel *lesson_error;
  GtkWidget *lesson_popover;
  GtkLabel *lessons_problem;
  GArray *lesson_element_ids;   /* gint64 per lesson_element position; 0 first: none */
};

G_DEFINE_FINAL_TYPE (PsemsIncidentsPage, psems_incidents_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FACILITY_ID,
  PROP_OPEN_ONLY,
  PROP_OPEN_CLOCKS,
  PROP_SELECTED_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (PsemsIncidentsPage *self);
static void fill_detail (PsemsIncidentsPage *self);

static void
show_toast (PsemsIncidentsPage *self,
            const char         *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static void
show_error_dialog (PsemsIncidentsPage *self,
                   const char         *heading,
                   const GError       *error)
{
  psems_ui_show_error_dialog (GTK_WIDGET (self), "incidents-error", heading, error);
}

static const PsemsFacility *
find_facility (PsemsIncidentsPage *self,
               gint64              id)
{
  return self->facilities != NULL ? g_hash_table_lookup (self->facilities, &id) : NULL;
}

static PsemsIncident *
find_incident (PsemsIncidentsPage *self,
               gint64              id)
{
  for (guint i = 0; self->incidents != NULL && i < self->incidents->len; i++)
    {
      PsemsIncident *incident = g_ptr_array_index (self->incidents, i);

      if (incident->id == id)
        return incident;
    }
  return NULL;
}

/* ───────────────────────────── small widgets ───────────────────────────── */

static GtkWidget *
new_label (const char *text,
           const char *first_class,
           ...)
{
  GtkWidget *label = gtk_label_new (text);
  va_list classes;

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  va_start (classes, first_class);
  for (const char *css = first_class; css != NULL; css = va_arg (classes, const char *))
    gtk_widget_add_css_class (label, css);
  va_end (classes);
  return label;
}

/* @tone: success, warning, error or NULL for a quiet pill. The control-* classes give the colours
 * the other pages use for the same meanings. */
static GtkWidget *
new_pill (const char *text,
          const char *tone,
          const char *name)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_add_css_class (pill, "status-pill");
  if (g_strcmp0 (tone, "success") == 0)
    gtk_widget_add_css_class (pill, "control-implemented");
  else if (g_strcmp0 (tone, "warning") == 0)
    gtk_widget_add_css_class (pill, "control-partially-effective");
  else if (g_strcmp0 (tone, "error") == 0)
    gtk_widget_add_css_class (pill, "control-ineffective");
  else
    gtk_widget_add_css_class (pill, "control-planned");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  if (name != NULL)
    gtk_widget_set_name (pill, name);
  return pill;
}

static const char *
kind_icon (const char *kind)
{
  static const struct { const char *kind, *icon; } icons[] = {
    { "unauthorized-access", "system-lock-screen-symbolic" },
    { "intrusion", "security-low-symbolic" },
    { "suspicious-item", "package-x-generic-symbolic" },
    { "suspicious-behaviour", "view-reveal-symbolic" },
    { "stowaway", "avatar-default-symbolic" },
    { "theft", "edit-find-symbolic" },
    { "cargo-tampering", "emblem-important-symbolic" },
    { "bomb-threat", "dialog-error-symbolic" },
    { "cyber", "network-error-symbolic" },
    { "ssas-alert", "alarm-symbolic" },
    { "see-say-act", "system-users-symbolic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    if (g_strcmp0 (icons[i].kind, kind) == 0)
      return icons[i].icon;
  return "dialog-question-symbolic";
}

static const char *
kind_label (const char *kind)
{
  const char *label = psems_incident_kind_label (kind);

  return label != NULL ? label : kind;
}

static GTimeZone *
incident_zone (const PsemsIncident *incident)
{
  GTimeZone *zone = incident->time_zone != NULL
                    ? g_time_zone_new_identifier (incident->time_zone) : NULL;

  return zone != NULL ? zone : g_time_zone_new_utc ();
}

/* A stored instant shown where the incident happened. */
static char *
format_in_zone (const char *stamp,
                GTimeZone  *zone)
{
  gint64 instant;

  if (stamp == NULL)
    return g_strdup ("—");
  if (!psems_instant_parse (stamp, NULL, &instant))
    return g_strdup (stamp);
  return psems_instant_format (instant, zone);
}

/* What the list says about an incident's clocks: the worst first. */
static char *
describe_clocks (const PsemsIncident *incident,
                 const char         **tone)
{
  gint64 soonest = G_MAXINT64;
  gboolean all_sent = TRUE;

  *tone = NULL;
  if (incident->clocks == NULL || incident->clocks->len == 0)
    return NULL;
  if (incident->n_overdue_clocks > 0)
    {
      *tone = "error";
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d overdue", "%d overdue",
                                           incident->n_overdue_clocks),
                              incident->n_overdue_clocks);
    }
  for (guint k = 0; k < incident->clocks->len; k++)
    {
      const PsemsReportClock *clock = &g_array_index (incident->clocks, PsemsReportClock, k);

      if (clock->state == PSEMS_REPORT_DUE)
        soonest = MIN (soonest, clock->margin);
      if (clock->state != PSEMS_REPORT_SENT && clock->state != PSEMS_REPORT_SENT_ON_TIME
          && clock->state != PSEMS_REPORT_SENT_LATE)
        all_sent = FALSE;
    }
  if (soonest != G_MAXINT64)
    {
      g_autofree char *left = psems_duration_format (soonest);

      *tone = "warning";
      /* Translators: %s is a duration such as "5 h" or "2 days 4 h" */
      return g_strdup_printf (_("due in %s"), left);
    }
  if (all_sent)
    {
      *tone = "success";
      return g_strdup (_("all sent"));
    }
  return g_strdup (_("none due yet"));
}

/* ───────────────────────────── the list ───────────────────────────── */

static const char *
selected_kind (PsemsIncidentsPage *self)
{
  guint position = gtk_drop_down_get_selected (self->kind_filter);
  const char * const *kinds = psems_incident_kinds ();

  /* Position 0 is "Any kind". */
  if (position == 0 || position == GTK_INVALID_LIST_POSITION)
    return NULL;
  for (guint i = 0; kinds[i] != NULL; i++)
    if (i + 1 == position)
      return kinds[i];
  return NULL;
}

static gboolean
incident_shown (PsemsIncidentsPage  *self,
                const PsemsIncident *incident)
{
  const char *kind = selected_kind (self);

  if (kind != NULL && g_strcmp0 (incident->kind, kind) != 0)
    return FALSE;
  if (self->open_only && g_strcmp0 (incident->status, "open") != 0)
    return FALSE;
  if (self->open_clocks && incident->n_open_clocks == 0)
    return FALSE;
  return TRUE;
}

static gint64
row_get_id (GtkListBoxRow *row)
{
  gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "psems-id") : NULL;

  return id != NULL ? *id : 0;
}

static void
set_row_id (GtkWidget *row,
            gint64     value)
{
  gint64 *id = g_new (gint64, 1);

  *id = value;
  g_object_set_data_full (G_OBJECT (row), "psems-id", id, g_free);
}

static GtkWidget *
create_incident_row (PsemsIncidentsPage  *self,
                     const PsemsIncident *incident)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *badges = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_icon (incident->kind));
  GtkWidget *title = new_label (incident->title, "heading", NULL);
  GtkWidget *details;
  GtkWidget *status;
  g_autoptr(GTimeZone) zone = incident_zone (incident);
  g_autofree char *occurred = format_in_zone (incident->occurred_at, zone);
  g_autofree char *detail_text = NULL;
  g_autofree char *name = g_strdup_printf ("incident-%" G_GINT64_FORMAT, incident->id);
  g_autofree char *clocks = NULL;
  const PsemsFacility *facility = find_facility (self, incident->facility_id);
  const char *tone;

  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (icon, kind_label (incident->kind));
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 24);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  /* Translators: an incident's reference, when it occurred and the security level then:
   * "INC-2026-0003 · 4 Oct 2026 03:10 CEST · Level 1" */
  detail_text = g_strdup_printf (_("%s · %s · Level %d"), incident->ref, occurred,
                                 incident->security_level);
  if (self->facility_id == 0 && facility != NULL)
    {
      char *with_code = g_strdup_printf ("%s · %s", facility->code, detail_text);

      g_free (detail_text);
      detail_text = with_code;
    }
  details = new_label (detail_text, "caption", "dim-label", NULL);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), details);

  gtk_widget_set_valign (badges, GTK_ALIGN_CENTER);
  status = new_pill (g_strcmp0 (incident->status, "open") == 0 ? _("Open") : _("Closed"),
                     g_strcmp0 (incident->status, "open") == 0 ? "warning" : NULL, NULL);
  gtk_widget_set_halign (status, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (badges), status);
  clocks = describe_clocks (incident, &tone);
  if (clocks != NULL)
    {
      GtkWidget *badge = new_pill (clocks, tone, NULL);
      g_autofree char *badge_name = g_strdup_printf ("incident-clocks-%" G_GINT64_FORMAT,
                                                     incident->id);

      gtk_widget_set_name (badge, badge_name);
      gtk_widget_set_halign (badge, GTK_ALIGN_END);
      gtk_widget_set_tooltip_text (badge, _("Reporting clocks (NIS2 Art. 23, 33 CFR 101 subpart F)"));
      gtk_box_append (GTK_BOX (badges), badge);
    }

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), badges);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, name);
  set_row_id (row, incident->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  incident->title, -1);
  return row;
}

static void
update_summary (PsemsIncidentsPage *self,
                guint               n_shown)
{
  guint n_open = 0, n_overdue = 0;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; self->incidents != NULL && i < self->incidents->len; i++)
    {
      PsemsIncident *incident = g_ptr_array_index (self->incidents, i);

      n_open += g_strcmp0 (incident->status, "open") == 0;
      n_overdue += incident->n_overdue_clocks > 0;
    }
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u incident", "%u incidents",
                                             self->incidents != NULL ? self->incidents->len : 0),
                          self->incidents != NULL ? self->incidents->len : 0);
  g_string_append (text, " · ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u open", "%u open", n_open),
                          n_open);
  if (n_overdue > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u with a report overdue",
                                                 "%u with a report overdue", n_overdue),
                              n_overdue);
    }
  if (self->incidents != NULL && n_shown < self->incidents->len)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u shown", "%u shown",
                                                 n_shown), n_shown);
    }
  gtk_label_set_text (self->list_summary, text->str);
}

static void
fill_list (PsemsIncidentsPage *self)
{
  GtkListBoxRow *selected_row = NULL;
  guint n_shown = 0;

  self->selecting = TRUE;
  psems_ui_clear_list_box (self->incident_list);
  for (guint i = 0; self->incidents != NULL && i < self->incidents->len; i++)
    {
      PsemsIncident *incident = g_ptr_array_index (self->incidents, i);
      GtkWidget *row;

      if (!incident_shown (self, incident))
        continue;
      row = create_incident_row (self, incident);
      gtk_list_box_append (self->incident_list, row);
      n_shown++;
      if (incident->id == self->selected_id)
        selected_row = GTK_LIST_BOX_ROW (row);
    }
  gtk_list_box_select_row (self->incident_list, selected_row);
  self->selecting = FALSE;

  if (n_shown == 0)
    {
      gboolean filtered = self->incidents != NULL && self->incidents->len > 0;

      adw_status_page_set_title (self->empty_status, filtered ? _("No Matching Incidents")
                                                             : _("No Incidents"));
      adw_status_page_set_description (self->empty_status,
                                       filtered ? _("No incident passes the filters.")
                                                : _("Incidents, See-Say-Act reports and their "
                                                    "lessons are recorded here."));
      gtk_widget_set_visible (self->empty_button, !filtered);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
    }
  update_summary (self, n_shown);
}

static void
set_selected_id (PsemsIncidentsPage *self,
                 gint64              id)
{
  if (self->selected_id == id)
    return;
  self->selected_id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

static void
incident_selected_cb (GtkListBox         *list,
                      GtkListBoxRow      *row,
                      PsemsIncidentsPage *self)
{
  if (self->selecting || row == NULL)
    return;
  set_selected_id (self, row_get_id (row));
  fill_detail (self);
}

static void
filter_changed_cb (PsemsIncidentsPage *self)
{
  fill_list (self);
}

/* ───────────────────────────── the detail ───────────────────────────── */

static void
forget_detail_widgets (PsemsIncidentsPage *self)
{
  for (int k = 0; k < N_REPORT_KINDS; k++)
    {
      self->report_entry[k] = NULL;
      self->report_error[k] = NULL;
      self->report_popover[k] = NULL;
    }
  self->lesson_text = NULL;
  self->lesson_element = NULL;
  self->lesson_owner = NULL;
  self->lesson_due = NULL;
  self->lesson_error = NULL;
  self->lesson_popover = NULL;
  self->lessons_problem = NULL;
}

static GtkWidget *
new_group (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

/* One line of the facts: what, then its value, wrapping and selectable for copying into a report. */
static void
add_fact (GtkGrid    *grid,
          int         line,
          const char *title,
          const char *value,
          const char *name)
{
  GtkWidget *label = new_label (title, "dim-label", NULL);
  GtkWidget *text = new_label (value != NULL ? value : "—", NULL);

  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  if (name != NULL)
    gtk_widget_set_name (text, name);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_grid_attach (grid, label, 0, line, 1, 1);
  gtk_grid_attach (grid, text, 1, line, 1, 1);
}

static GtkWidget *
create_header (PsemsIncidentsPage  *self,
               const PsemsIncident *incident)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *pills = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_icon (incident->kind));
  GtkWidget *title = new_label (incident->title, "title-2", NULL);
  GtkWidget *edit = gtk_button_new_with_mnemonic (_("_Edit…"));
  GtkWidget *state;
  GtkWidget *subtitle;
  const PsemsFacility *facility = find_facility (self, incident->facility_id);
  gboolean open = g_strcmp0 (incident->status, "open") == 0;
  g_autofree char *subtitle_text = NULL;
  g_autofree char *level = g_strdup_printf (_("Level %d at the time"), incident->security_level);
  g_autofree char *closed_text = NULL;

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 48);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_name (title, "incident-title");
  if (facility != NULL)
    /* Translators: reference, kind, facility: "INC-2026-0003 · Cyber incident · NHV-CT" */
    subtitle_text = g_strdup_printf (_("%s · %s · %s"), incident->ref, kind_label (incident->kind),
                                     facility->code);
  else
    subtitle_text = g_strdup_printf ("%s · %s", incident->ref, kind_label (incident->kind));
  subtitle = new_label (subtitle_text, "dim-label", NULL);
  gtk_widget_set_name (subtitle, "incident-ref");

  if (open)
    {
      state = new_pill (_("Open"), "warning", "incident-status");
    }
  else
    {
      g_autofree char *day = psems_ui_format_date (incident->closed_on);

      /* Translators: %s is a date */
      closed_text = g_strdup_printf (_("Closed %s"), day);
      state = new_pill (closed_text, NULL, "incident-status");
    }
  gtk_box_append (GTK_BOX (pills), state);
  gtk_box_append (GTK_BOX (pills), new_pill (level, NULL, NULL));
  if (incident->significant)
    gtk_box_append (GTK_BOX (pills), new_pill (_("Significant · NIS2"), NULL, NULL));
  if (incident->cyber_reportable)
    gtk_box_append (GTK_BOX (pills), new_pill (_("Reportable · 33 CFR 101"), NULL, NULL));
  gtk_widget_set_margin_top (pills, 4);

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (labels), pills);

  gtk_widget_set_name (edit, "incident-edit");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "incidents.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "x", incident->id);
  gtk_box_append (GTK_BOX (buttons), edit);
  if (open)
    {
      GtkWidget *close = gtk_button_new_with_mnemonic (_("C_lose…"));

      gtk_widget_set_name (close, "incident-close");
      gtk_widget_set_tooltip_text (close, _("Close the incident: the review is done"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "incidents.close");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (close), "x", incident->id);
      gtk_box_append (GTK_BOX (buttons), close);
    }
  else
    {
      GtkWidget *reopen = gtk_button_new_with_mnemonic (_("_Reopen"));

      gtk_widget_set_name (reopen, "incident-reopen");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (reopen), "incidents.reopen");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (reopen), "x", incident->id);
      gtk_box_append (GTK_BOX (buttons), reopen);
    }
  gtk_widget_set_valign (buttons, GTK_ALIGN_START);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), buttons);
  return box;
}

static GtkWidget *
create_facts (PsemsIncidentsPage  *self,
              const PsemsIncident *incident)
{
  GtkWidget *group = new_group (_("What Happened"), NULL);
  GtkWidget *grid = gtk_grid_new ();
  g_autoptr(GTimeZone) zone = incident_zone (incident);
  g_autofree char *occurred = format_in_zone (incident->occurred_at, zone);
  g_autofree char *aware = format_in_zone (incident->aware_at, zone);
  g_autofree char *occurred_text = NULL;
  g_autofree char *aware_text = NULL;
  g_autofree char *level = g_strdup_printf (_("Level %d"), incident->security_level);
  gint64 occurred_at, aware_at;
  int line = 0;

  /* Translators: an instant, then the IANA time zone it is shown in */
  occurred_text = g_strdup_printf (_("%s (%s)"), occurred, incident->time_zone);
  if (psems_instant_parse (incident->occurred_at, NULL, &occurred_at)
      && psems_instant_parse (incident->aware_at, NULL, &aware_at) && aware_at > occurred_at)
    {
      g_autofree char *after = psems_duration_format (aware_at - occurred_at);

      /* Translators: an instant, then how long after the incident it was */
      aware_text = g_strdup_printf (_("%s, %s after it occurred"), aware, after);
    }
  else
    {
      aware_text = g_strdup (aware);
    }
  gtk_grid_set_row_spacing (GTK_GRID (grid), 10);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_widget_set_margin_top (grid, 14);
  gtk_widget_set_margin_bottom (grid, 14);
  gtk_widget_set_margin_start (grid, 14);
  gtk_widget_set_margin_end (grid, 14);
  add_fact (GTK_GRID (grid), line++, _("Occurred"), occurred_text, "incident-occurred");
  add_fact (GTK_GRID (grid), line++, _("Became aware"), aware_text, "incident-aware");
  add_fact (GTK_GRID (grid), line++, _("Location"), incident->location, "incident-location");
  add_fact (GTK_GRID (grid), line++, _("Security level then"), level, "incident-level");
  if (incident->description != NULL)
    add_fact (GTK_GRID (grid), line++, _("Description"), incident->description,
              "incident-description");
  add_fact (GTK_GRID (grid), line++, _("Reported by"), incident->reported_by,
            "incident-reported-by");
  add_fact (GTK_GRID (grid), line++, _("Reported to"), incident->reported_to,
            "incident-reported-to");
  add_fact (GTK_GRID (grid), line++, _("Response"), incident->response, "incident-response");
  {
    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_widget_add_css_class (card, "card");
    gtk_box_append (GTK_BOX (card), grid);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), card);
  }
  return group;
}

static const char *
clock_icon (PsemsReportState state)
{
  switch (state)
    {
    case PSEMS_REPORT_DUE:
      return "alarm-symbolic";
    case PSEMS_REPORT_OVERDUE:
      return "dialog-error-symbolic";
    case PSEMS_REPORT_SENT_ON_TIME:
    case PSEMS_REPORT_SENT:
      return "emblem-ok-symbolic";
    case PSEMS_REPORT_SENT_LATE:
      return "dialog-warning-symbolic";
    case PSEMS_REPORT_NOT_DUE:
    default:
      return "appointment-soon-symbolic";
    }
}

/* The pill: the state and, where it matters, by how much. */
static char *
describe_state (const PsemsReportClock *clock,
                const char            **tone)
{
  g_autofree char *margin = psems_duration_format (clock->margin);

  switch (clock->state)
    {
    case PSEMS_REPORT_DUE:
      *tone = "warning";
      /* Translators: %s is a duration: "Due · 20 h 20 min left" */
      return g_strdup_printf (_("Due · %s left"), margin);
    case PSEMS_REPORT_OVERDUE:
      *tone = "error";
      /* Translators: %s is a duration */
      return g_strdup_printf (_("Overdue by %s"), margin);
    case PSEMS_REPORT_SENT_ON_TIME:
      *tone = "success";
      return g_strdup (psems_report_state_label (clock->state));
    case PSEMS_REPORT_SENT_LATE:
      *tone = "error";
      /* Translators: %s is a duration */
      return g_strdup_printf (_("Sent late by %s"), margin);
    case PSEMS_REPORT_SENT:
      *tone = "success";
      return g_strdup (psems_report_state_label (clock->state));
    case PSEMS_REPORT_NOT_DUE:
    default:
      *tone = NULL;
      return g_strdup (psems_report_state_label (clock->state));
    }
}

/* A refusal stands until the time is edited. */
static void
report_entry_changed_cb (GtkEditable *entry,
                         GtkWidget   *error)
{
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_visible (error, FALSE);
}

/* "Record sent…": when, in the incident's zone, defaulting to now; a refusal stays in the popover. */
static GtkWidget *
create_record_button (PsemsIncidentsPage     *self,
                      const PsemsIncident    *incident,
                      const PsemsReportClock *clock,
                      GTimeZone              *zone)
{
  const char *kind = psems_report_kind_to_string (clock->kind);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *heading;
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *error = new_label (NULL, "error", NULL);
  GtkWidget *record = gtk_button_new_with_mnemonic (_("_Record"));
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *heading_text = NULL;
  g_autofree char *name = NULL;

  /* Translators: %s is an IANA time zone: "YYYY-MM-DD HH:MM, Europe/Amsterdam time" */
  heading_text = g_strdup_printf (_("YYYY-MM-DD HH:MM, %s time"), incident->time_zone);
  heading = new_label (heading_text, "caption", "dim-label", NULL);
  gtk_box_append (GTK_BOX (box), new_label (_("Sent At"), "heading", NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), now_text);
  name = g_strdup_printf ("report-at-%s", kind);
  gtk_widget_set_name (entry, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  heading_text, -1);
  g_free (name);
  name = g_strdup_printf ("report-error-%s", kind);
  gtk_widget_set_name (error, name);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error), 36);
  gtk_widget_set_visible (error, FALSE);
  gtk_widget_add_css_class (record, "suggested-action");
  gtk_widget_set_halign (record, GTK_ALIGN_END);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (record), "incidents.record-report");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (record), "s", kind);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (gtk_widget_activate), record);
  g_signal_connect (entry, "changed", G_CALLBACK (report_entry_changed_cb), error);

  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error);
  gtk_box_append (GTK_BOX (box), record);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Record Sent…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_free (name);
  name = g_strdup_printf ("report-record-%s", kind);
  gtk_widget_set_name (button, name);

  self->report_entry[clock->kind] = GTK_EDITABLE (entry);
  self->report_error[clock->kind] = GTK_LABEL (error);
  self->report_popover[clock->kind] = popover;
  return button;
}

static GtkWidget *
create_clocks (PsemsIncidentsPage  *self,
               const PsemsIncident *incident)
{
  g_autoptr(GTimeZone) zone = incident_zone (incident);
  g_autofree char *aware = format_in_zone (incident->aware_at, zone);
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) lines = psems_incident_explain_clocks (incident);
  GtkWidget *group;

  if (incident->clocks == NULL || incident->clocks->len == 0)
    description = g_strdup (_("No reporting clock runs: the incident is neither significant under "
                              "NIS2 Art. 23 nor a reportable cyber incident under 33 CFR 101 "
                              "subpart F."));
  else
    /* Translators: %s is an instant */
    description = g_strdup_printf (_("The clocks started when the facility became aware, %s."),
                                   aware);
  group = new_group (_("Reporting Clocks"), description);
  gtk_widget_set_name (group, "incident-clocks");

  for (guint k = 0; incident->clocks != NULL && k < incident->clocks->len; k++)
    {
      const PsemsReportClock *clock = &g_array_index (incident->clocks, PsemsReportClock, k);
      const char *kind = psems_report_kind_to_string (clock->kind);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (clock_icon (clock->state));
      g_autofree char *state_text = NULL;
      g_autofree char *name = g_strdup_printf ("clock-%s", kind);
      g_autofree char *pill_name = g_strdup_printf ("clock-state-%s", kind);
      const char *tone = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     psems_report_kind_label (clock->kind));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_ptr_array_index (lines, k));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_set_name (row, name);
      state_text = describe_state (clock, &tone);
      if (tone != NULL)
        gtk_widget_add_css_class (icon, tone);
      else
        gtk_widget_add_css_class (icon, "dim-label");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_pill (state_text, tone, pill_name));
      if (clock->state != PSEMS_REPORT_SENT && clock->state != PSEMS_REPORT_SENT_ON_TIME
          && clock->state != PSEMS_REPORT_SENT_LATE)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   create_record_button (self, incident, clock, zone));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static GtkWidget *
create_controls (PsemsIncidentsPage  *self,
                 const PsemsIncident *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) controls = psems_incident_list_controls (self->store, incident->id, &error);
  GtkWidget *group;
  guint n = 0;

  if (controls != NULL)
    g_ptr_array_set_free_func (controls, (GDestroyNotify) psems_incident_control_free);
  group = new_group (_("Controls"), controls == NULL ? error->message : NULL);
  gtk_widget_set_name (group, "incident-controls");
  /* Failures first: they are what the review is about. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; controls != NULL && i < controls->len; i++)
      {
        PsemsIncidentControl *control = g_ptr_array_index (controls, i);
        gboolean failed = g_strcmp0 (control->outcome, "failed") == 0;
        GtkWidget *row;
        GtkWidget *icon;
        g_autofree char *subtitle = NULL;
        g_autofree char *name = NULL;

        if (failed != (pass == 0))
          continue;
        row = adw_action_row_new ();
        icon = gtk_image_new_from_icon_name (failed ? "dialog-error-symbolic"
                                                    : "emblem-ok-symbolic");
        gtk_widget_add_css_class (icon, failed ? "error" : "success");
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), control->name);
        /* Translators: failed or worked, the control's reference, its layer */
        subtitle = g_strdup_printf (_("%s · %s · %s"), failed ? _("Failed") : _("Worked"),
                                    control->control_ref,
                                    control->layer_name != NULL ? control->layer_name : "");
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   gtk_image_new_from_icon_name ("go-next-symbolic"));
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-control");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", control->control_id);
        gtk_widget_set_tooltip_text (row, _("Show the control"));
        name = g_strdup_printf ("incident-control-%" G_GINT64_FORMAT, control->control_id);
        gtk_widget_set_name (row, name);
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        n++;
      }
  if (controls != NULL && n == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("No control is named as having failed or worked."));
  return group;
}

/* The plan elements a lesson may amend: those of the facility's newest plan version. */
static GListModel *
load_plan_elements (PsemsIncidentsPage *self,
                    gint64              facility_id)
{
  g_autoptr(GPtrArray) plans = psems_plan_list (self->store, facility_id, NULL);
  g_autoptr(GPtrArray) elements = NULL;
  GtkStringList *names = gtk_string_list_new (NULL);
  const PsemsPlan *newest = NULL;
  gint64 none = 0;

  g_array_set_size (self->lesson_element_ids, 0);
  g_array_append_val (self->lesson_element_ids, none);
  gtk_string_list_append (names, _("No plan element"));
  if (plans != NULL)
    g_ptr_array_set_free_func (plans, (GDestroyNotify) psems_plan_free);
  for (guint i = 0; plans != NULL && i < plans->len; i++)
    {
      const PsemsPlan *plan = g_ptr_array_index (plans, i);

      if (newest == NULL || plan->version > newest->version)
        newest = plan;
    }
  if (newest != NULL)
    elements = psems_plan_list_elements (self->store, newest->id, NULL);
  if (elements != NULL)
    g_ptr_array_set_free_func (elements, (GDestroyNotify) psems_plan_element_free);
  for (guint i = 0; elements != NULL && i < elements->len; i++)
    {
      const PsemsPlanElement *element = g_ptr_array_index (elements, i);
      /* Translators: a plan reference and an element's title: "PLN-2026-0001 · Access control" */
      g_autofree char *label = g_strdup_printf (_("%s · %s"), newest->ref, element->title);

      gtk_string_list_append (names, label);
      g_array_append_val (self->lesson_element_ids, element->id);
    }
  return G_LIST_MODEL (names);
}

static GtkWidget *
new_popover_entry (GtkWidget  *box,
                   const char *label,
                   const char *name)
{
  GtkWidget *heading = new_label (label, "caption-heading", NULL);
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static GtkWidget *
create_add_lesson_button (PsemsIncidentsPage  *self,
                          const PsemsIncident *incident)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *element_heading = new_label (_("Plan element it amends"), "caption-heading", NULL);
  GtkWidget *element;
  GtkWidget *error = new_label (NULL, "error", NULL);
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Lesson"));
  g_autoptr(GListModel) elements = load_plan_elements (self, incident->facility_id);
  GtkWidget *content = adw_button_content_new ();

  gtk_widget_set_size_request (box, 340, -1);
  gtk_box_append (GTK_BOX (box), new_label (_("A lesson becomes a tracked action (a finding) until "
                                              "it is implemented."), "dim-label", NULL));
  gtk_label_set_wrap (GTK_LABEL (gtk_widget_get_first_child (box)), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (gtk_widget_get_first_child (box)), 40);
  self->lesson_text = GTK_EDITABLE (new_popover_entry (box, _("What was learned"), "lesson-text"));
  element = gtk_drop_down_new (g_object_ref (elements), NULL);
  gtk_widget_set_name (element, "lesson-element");
  gtk_accessible_update_property (GTK_ACCESSIBLE (element), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Plan element it amends"), -1);
  gtk_box_append (GTK_BOX (box), element_heading);
  gtk_box_append (GTK_BOX (box), element);
  self->lesson_element = GTK_DROP_DOWN (element);
  self->lesson_owner = GTK_EDITABLE (new_popover_entry (box, _("Action owner"), "lesson-owner"));
  self->lesson_due = GTK_EDITABLE (new_popover_entry (box, _("Action due (YYYY-MM-DD)"),
                                                      "lesson-due"));
  gtk_widget_set_name (error, "lesson-error");
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error), 40);
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (box), error);
  self->lesson_error = GTK_LABEL (error);
  gtk_widget_add_css_class (add, "suggested-action");
  gtk_widget_set_halign (add, GTK_ALIGN_END);
  gtk_widget_set_margin_top (add, 6);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "incidents.add-lesson");
  gtk_box_append (GTK_BOX (box), add);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  self->lesson_popover = popover;

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Add _Lesson…"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, "lesson-add");
  return button;
}

static const char *
lesson_tone (const char *status)
{
  if (g_strcmp0 (status, "implemented") == 0)
    return "success";
  if (g_strcmp0 (status, "in-progress") == 0)
    return "warning";
  return NULL;
}

static GtkWidget *
create_lessons (PsemsIncidentsPage  *self,
                const PsemsIncident *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lessons = psems_lesson_list (self->store, incident->id, 0, &error);
  GtkWidget *group = new_group (_("Lessons Learned"), NULL);
  GtkWidget *problem = new_label (NULL, "error", NULL);

  gtk_widget_set_name (group, "incident-lessons");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                           create_add_lesson_button (self, incident));
  if (lessons == NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), error->message);
  else
    g_ptr_array_set_free_func (lessons, (GDestroyNotify) psems_lesson_free);
  if (lessons != NULL && lessons->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("No lesson recorded yet. Each lesson becomes a "
                                             "tracked action until it is implemented."));
  for (guint i = 0; lessons != NULL && i < lessons->len; i++)
    {
      PsemsLesson *lesson = g_ptr_array_index (lessons, i);
      GtkWidget *row = adw_action_row_new ();
      const char *status = psems_lesson_status_label (lesson->status);
      g_autoptr(GString) subtitle = g_string_new (lesson->ref);
      g_autofree char *name = g_strdup_printf ("lesson-%" G_GINT64_FORMAT, lesson->id);
      g_autofree char *pill_name = g_strdup_printf ("lesson-status-%" G_GINT64_FORMAT,
                                                    lesson->id);

      if (lesson->finding_ref != NULL)
        {
          const char *finding_status = psems_finding_status_label (lesson->finding_status);

          g_string_append (subtitle, " · ");
          /* Translators: a finding's reference and its status: "action FND-2026-0007 (open)" */
          g_string_append_printf (subtitle, _("action %s (%s)"), lesson->finding_ref,
                                  finding_status != NULL ? finding_status
                                                         : lesson->finding_status);
        }
      if (lesson->finding_owner != NULL)
        g_string_append_printf (subtitle, " · %s", lesson->finding_owner);
      if (lesson->finding_due_on != NULL)
        {
          g_autofree char *due = psems_ui_format_date (lesson->finding_due_on);

          g_string_append (subtitle, " · ");
          /* Translators: %s is a date */
          g_string_append_printf (subtitle, _("due %s"), due);
        }
      if (lesson->plan_element_id != 0)
        {
          g_string_append_c (subtitle, '\n');
          /* Translators: a plan's reference and the element's title */
          g_string_append_printf (subtitle, _("Amends %s · %s"),
                                  lesson->plan_ref != NULL ? lesson->plan_ref : "",
                                  lesson->plan_element_title != NULL
                                  ? lesson->plan_element_title : lesson->plan_element_key);
        }
      if (g_strcmp0 (lesson->status, "implemented") == 0 && lesson->implemented_on != NULL)
        {
          g_autofree char *day = psems_ui_format_date (lesson->implemented_on);

          g_string_append_c (subtitle, '\n');
          /* Translators: %s is a date */
          g_string_append_printf (subtitle, _("Implemented %s"), day);
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lesson->text);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_set_name (row, name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 new_pill (status != NULL ? status : lesson->status,
                                           lesson_tone (lesson->status), pill_name));
      if (g_strcmp0 (lesson->status, "implemented") != 0)
        {
          GtkWidget *implement = gtk_button_new_with_mnemonic (_("Mark _Implemented"));
          g_autofree char *button_name = g_strdup_printf ("lesson-implement-%" G_GINT64_FORMAT,
                                                          lesson->id);

          gtk_widget_set_name (implement, button_name);
          gtk_widget_set_valign (implement, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (implement, _("Implemented once its action is closed"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (implement), "incidents.implement-lesson");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (implement), "x", lesson->id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), implement);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_widget_set_name (problem, "lessons-problem");
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_widget_set_margin_top (problem, 6);
  gtk_widget_set_visible (problem, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), problem);
  self->lessons_problem = GTK_LABEL (problem);
  return group;
}

static GtkWidget *
create_evidence (PsemsIncidentsPage  *self,
                 const PsemsIncident *incident)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = psems_evidence_list (self->store, "incident", incident->id, &error);
  GtkWidget *group = new_group (_("Evidence"), NULL);

  gtk_widget_set_name (group, "incident-evidence");
  if (files == NULL)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), error->message);
      return group;
    }
  g_ptr_array_set_free_func (files, (GDestroyNotify) psems_evidence_free);
  if (files->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("No files. Add them when editing the incident."));
  for (guint i = 0; i < files->len; i++)
    {
      PsemsEvidence *evidence = g_ptr_array_index (files, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *size = g_format_size (evidence->size);
      g_autofree char *added = psems_ui_format_date (evidence->added_on);
      g_autofree char *subtitle = NULL;

      /* Translators: reference, size, day added, the first digits of the SHA-256 */
      subtitle = g_strdup_printf (_("%s · %s · added %s · SHA-256 %.12s…"), evidence->ref, size,
                                  added, evidence->sha256);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), evidence->file_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("mail-attachment-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), psems_ui_new_open_evidence_button (evidence->id));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static void
fill_detail (PsemsIncidentsPage *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  forget_detail_widgets (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_box))) != NULL)
    gtk_box_remove (self->detail_box, child);
  g_clear_pointer (&self->detail, psems_incident_free);

  if (self->store == NULL || self->selected_id == 0)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  self->detail = psems_incident_get (self->store, self->selected_id, NULL, &error);
  if (self->detail == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      show_error_dialog (self, _("Incident Unavailable"), error);
      return;
    }
  gtk_box_append (self->detail_box, create_header (self, self->detail));
  gtk_box_append (self->detail_box, create_clocks (self, self->detail));
  gtk_box_append (self->detail_box, create_facts (self, self->detail));
  gtk_box_append (self->detail_box, create_controls (self, self->detail));
  gtk_box_append (self->detail_box, create_lessons (self, self->detail));
  gtk_box_append (self->detail_box, create_evidence (self, self->detail));
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

/* ───────────────────────────── loading ───────────────────────────── */

static gboolean
load (PsemsIncidentsPage *self,
      GError            **error)
{
  g_autoptr(GPtrArray) facilities = NULL;
  PsemsIncidentFilter filter = { 0 };

  facilities = psems_facility_list (self->store, TRUE, error);
  if (facilities == NULL)
    return FALSE;
  g_hash_table_remove_all (self->facilities);
  for (guint i = 0; i < facilities->len; i++)
    {
      PsemsFacility *facility = g_ptr_array_index (facilities, i);

      g_hash_table_insert (self->facilities, &facility->id, facility);
    }
  /* The table owns them now. */
  g_ptr_array_set_free_func (facilities, NULL);

  filter.facility_id = self->facility_id;
  g_clear_pointer (&self->incidents, g_ptr_array_unref);
  self->incidents = psems_incident_list (self->store, &filter, error);
  if (self->incidents == NULL)
    return FALSE;
  g_ptr_array_set_free_func (self->incidents, (GDestroyNotify) psems_incident_free);
  return TRUE;
}

static void
reload (PsemsIncidentsPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    {
      self->reload_due = FALSE;
      g_clear_pointer (&self->incidents, g_ptr_array_unref);
      g_clear_pointer (&self->detail, psems_incident_free);
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      return;
    }
  gtk_stack_set_visible_child_name (self->state_stack, "content");
  /* The app stays light while the section is never opened. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->reload_due = TRUE;
      return;
    }
  self->reload_due = FALSE;

  if (!load (self, &error))
    {
      show_error_dialog (self, _("Incidents Unavailable"), error);
      return;
    }
  if (self->selected_id != 0 && find_incident (self, self->selected_id) == NULL)
    set_selected_id (self, 0);
  fill_list (self);
  fill_detail (self);
}

static void
store_changed_cb (PsemsStore         *store,
                  const char         *entity,
                  gint64              id,
                  PsemsIncidentsPage *self)
{
  /* After the writer's call returns, and once for a burst of changes. */
  psems_ui_queue_reload (&self->reload_source, "[psems] incidents reload",
                         (PsemsUiReloadFunc) reload, self);
}

/* ───────────────────────────── actions ───────────────────────────── */

static gboolean
require_store (PsemsIncidentsPage *self)
{
  return self->store != NULL && self->actor != NULL;
}

static void
dialog_saved_cb (PsemsIncidentDialog *dialog,
                 gint64               id,
                 const char          *message,
                 PsemsIncidentsPage  *self)
{
  show_toast (self, message);
  set_selected_id (self, id);
  /* Show the incident now, not at the next idle: the user looks for it at once. */
  reload (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);
  PsemsIncidentDialog *dialog;

  if (!require_store (self))
    return;
  dialog = psems_incident_dialog_new (psems_ui_get_window (widget), self->store, self->actor, NULL,
                                      self->facility_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(PsemsIncident) incident = NULL;
  g_autoptr(GError) error = NULL;
  PsemsIncidentDialog *dialog;

  if (!require_store (self))
    return;
  incident = psems_incident_get (self->store, id, NULL, &error);
  if (incident == NULL)
    {
      show_error_dialog (self, _("Incident Unavailable"), error);
      return;
    }
  dialog = psems_incident_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                      incident, incident->facility_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (self->reload_source != 0 || self->reload_due)
    reload (self);
  /* Not shown yet: the incident is shown, if it is listed, once the page loads. */
  if (self->reload_due)
    {
      set_selected_id (self, id);
      return;
    }
  if (find_incident (self, id) == NULL)
    return;
  set_selected_id (self, id);
  fill_list (self);
  fill_detail (self);
}

static void
record_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);
  const char *kind_text = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *at = NULL;
  g_autofree char *message = NULL;
  PsemsReportKind kind;
  gint64 id;

  if (!require_store (self) || self->detail == NULL
      || !psems_report_kind_from_string (kind_text, &kind) || self->report_entry[kind] == NULL)
    return;
  id = self->detail->id;
  at = psems_text_dup_field (gtk_editable_get_text (self->report_entry[kind]));
  if (!psems_incident_record_report (self->store, self->actor, id, kind, at, &error))
    {
      /* The popover stays open with the refusal under the time. */
      gtk_label_set_text (self->report_error[kind], error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->report_error[kind]), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->report_entry[kind]), "error");
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (self->report_popover[kind]));
  /* Translators: a report such as "Early warning", then an incident's reference */
  message = g_strdup_printf (_("%s for %s recorded as sent"), psems_report_kind_label (kind),
                             self->detail->ref);
  show_toast (self, message);
  reload (self);
}

static void
add_lesson_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *due = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *finding_ref = NULL;
  g_autofree char *message = NULL;
  PsemsLessonInput input = { 0 };
  guint element;
  GDate date;

  if (!require_store (self) || self->detail == NULL || self->lesson_text == NULL)
    return;
  text = psems_text_dup_field (gtk_editable_get_text (self->lesson_text));
  owner = psems_text_dup_field (gtk_editable_get_text (self->lesson_owner));
  due = psems_text_dup_field (gtk_editable_get_text (self->lesson_due));
  element = gtk_drop_down_get_selected (self->lesson_element);
  if (!psems_ui_parse_date (due, &date, &error))
    {
      gtk_label_set_text (self->lesson_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->lesson_error), TRUE);
      return;
    }
  input.incident_id = self->detail->id;
  input.text = text;
  input.owner = owner;
  input.due_on = due;
  input.plan_element_id = element < self->lesson_element_ids->len
                          ? g_array_index (self->lesson_element_ids, gint64, element) : 0;
  if (psems_lesson_add (self->store, self->actor, &input, &ref, &finding_ref, &error) <= 0)
    {
      gtk_label_set_text (self->lesson_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->lesson_error), TRUE);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (self->lesson_popover));
  /* Translators: a lesson's reference, then the finding that tracks its action */
  message = g_strdup_printf (_("Lesson %s added; its action is tracked as %s"), ref,
                             finding_ref != NULL ? finding_ref : "—");
  show_toast (self, message);
  reload (self);
}

static void
implement_lesson_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;

  if (!require_store (self))
    return;
  if (!psems_lesson_implement (self->store, self->actor, id, NULL, &error))
    {
      if (self->lessons_problem != NULL)
        {
          gtk_label_set_text (self->lessons_problem, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->lessons_problem), TRUE);
        }
      else
        {
          show_error_dialog (self, _("Lesson Not Implemented"), error);
        }
      return;
    }
  show_toast (self, _("Lesson marked implemented"));
  reload (self);
}

static void
close_response_cb (AdwMessageDialog   *dialog,
                   const char         *response,
                   PsemsIncidentsPage *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "psems-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "close") != 0)
    return;
  if (!psems_incident_close (self->store, self->actor, id, NULL, &error))
    {
      show_error_dialog (self, _("Incident Not Closed"), error);
      return;
    }
  show_toast (self, _("Incident closed"));
  reload (self);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  PsemsIncident *incident = find_incident (self, id);
  GtkWidget *dialog;
  gint64 *data;
  int n_open_lessons;

  if (!require_store (self) || incident == NULL)
    return;
  dialog = adw_message_dialog_new (psems_ui_get_window (widget), _("Close the Incident?"), NULL);
  n_open_lessons = incident->n_open_lessons;
  if (incident->n_open_clocks > 0)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 _("A report to the authorities is still due. Closing the "
                                   "incident does not stop its clocks."));
  else if (n_open_lessons > 0)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "%d lesson is not implemented yet; it stays "
                                                 "tracked as an action.",
                                                 "%d lessons are not implemented yet; they stay "
                                                 "tracked as actions.", n_open_lessons),
                                    n_open_lessons);
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 _("The review is done; it can be reopened later."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("C_lose Incident"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "incident-close-dialog");
  data = g_new (gint64, 1);
  *data = id;
  g_object_set_data_full (G_OBJECT (dialog), "psems-id", data, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!require_store (self))
    return;
  if (!psems_incident_reopen (self->store, self->actor, g_variant_get_int64 (parameter), &error))
    {
      show_error_dialog (self, _("Incident Not Reopened"), error);
      return;
    }
  show_toast (self, _("Incident reopened"));
  reload (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);

  gtk_drop_down_set_selected (self->kind_filter, 0);
  g_object_set (self, "open-only", FALSE, "open-clocks", FALSE, NULL);
  fill_list (self);
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
set_flag (PsemsIncidentsPage *self,
          gboolean           *flag,
          gboolean            value,
          guint               prop)
{
  if (*flag == !!value)
    return;
  *flag = !!value;
  fill_list (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
psems_incidents_page_map (GtkWidget *widget)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);

  GTK_WIDGET_CLASS (psems_incidents_page_parent_class)->map (widget);
  if (self->reload_due)
    reload (self);
}

static void
psems_incidents_page_dispose (GObject *object)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  forget_detail_widgets (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_INCIDENTS_PAGE);

  G_OBJECT_CLASS (psems_incidents_page_parent_class)->dispose (object);
}

static void
psems_incidents_page_finalize (GObject *object)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->facilities, g_hash_table_unref);
  g_clear_pointer (&self->incidents, g_ptr_array_unref);
  g_clear_pointer (&self->detail, psems_incident_free);
  g_clear_pointer (&self->lesson_element_ids, g_array_unref);

  G_OBJECT_CLASS (psems_incidents_page_parent_class)->finalize (object);
}

static void
psems_incidents_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;
    case PROP_OPEN_ONLY:
      g_value_set_boolean (value, self->open_only);
      break;
    case PROP_OPEN_CLOCKS:
      g_value_set_boolean (value, self->open_clocks);
      break;
    case PROP_SELECTED_ID:
      g_value_set_int64 (value, self->selected_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_incidents_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      psems_incidents_page_set_facility_id (self, g_value_get_int64 (value));
      break;
    case PROP_OPEN_ONLY:
      set_flag (self, &self->open_only, g_value_get_boolean (value), PROP_OPEN_ONLY);
      break;
    case PROP_OPEN_CLOCKS:
      set_flag (self, &self->open_clocks, g_value_get_boolean (value), PROP_OPEN_CLOCKS);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Ctrl+F: search the incidents listed. */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsIncidentsPage *self = PSEMS_INCIDENTS_PAGE (widget);

  psems_page_start_search (self->search_bar, self->search_entry);
}

static void
psems_incidents_page_class_init (PsemsIncidentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_incidents_page_dispose;
  object_class->finalize = psems_incidents_page_finalize;
  object_class->get_property = psems_incidents_page_get_property;
  object_class->set_property = psems_incidents_page_set_property;
  widget_class->map = psems_incidents_page_map;

  /**
   * PsemsIncidentsPage:facility-id:
   *
   * The facility shown; 0 lists every facility's incidents.
   */
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN_ONLY] =
    g_param_spec_boolean ("open-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN_CLOCKS] =
    g_param_spec_boolean ("open-clocks", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ID] =
    g_param_spec_int64 ("selected-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-incidents-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, list_summary);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, incident_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, empty_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, detail_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "incidents.new", NULL, new_action);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PsemsIncidentsPage, search_entry);
  psems_page_install_habits (widget_class, find_action, new_action);
  gtk_widget_class_install_action (widget_class, "incidents.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "incidents.select", "x", select_action);
  gtk_widget_class_install_action (widget_class, "incidents.record-report", "s",
                                   record_report_action);
  gtk_widget_class_install_action (widget_class, "incidents.add-lesson", NULL, add_lesson_action);
  gtk_widget_class_install_action (widget_class, "incidents.implement-lesson", "x",
                                   implement_lesson_action);
  gtk_widget_class_install_action (widget_class, "incidents.close", "x", close_action);
  gtk_widget_class_install_action (widget_class, "incidents.reopen", "x", reopen_action);
  gtk_widget_class_install_action (widget_class, "incidents.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_property_action (widget_class, "incidents.open-only", "open-only");
  gtk_widget_class_install_property_action (widget_class, "incidents.open-clocks", "open-clocks");
}

static void
add_managed_shortcut (GtkEventController *controller,
                      guint               key,
                      GdkModifierType     modifiers,
                      const char         *action)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                            gtk_named_action_new (action));

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
}

static void
psems_incidents_page_init (PsemsIncidentsPage *self)
{
  GtkStringList *kinds = gtk_string_list_new (NULL);
  const char * const *ids = psems_incident_kinds ();
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  psems_page_bind_list_search (self->search_bar, self->search_entry, self->incident_list, NULL);

  self->facilities = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                            (GDestroyNotify) psems_facility_free);
  self->lesson_element_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_string_list_append (kinds, _("Any kind"));
  for (guint i = 0; ids[i] != NULL; i++)
    gtk_string_list_append (kinds, kind_label (ids[i]));
  gtk_drop_down_set_model (self->kind_filter, G_LIST_MODEL (kinds));
  g_object_unref (kinds);

  g_signal_connect_swapped (self->kind_filter, "notify::selected", G_CALLBACK (filter_changed_cb),
                            self);
  g_signal_connect (self->incident_list, "row-selected", G_CALLBACK (incident_selected_cb), self);

  /* While the page is shown, wherever the focus is: the window hands these to its mapped pages. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_managed_shortcut (shortcuts, GDK_KEY_n, GDK_CONTROL_MASK, "page.new");
  add_managed_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, "page.find");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
  gtk_stack_set_visible_child_name (self->detail_stack, "none");
}

GtkWidget *
psems_incidents_page_new (void)
{
  return g_object_new (PSEMS_TYPE_INCIDENTS_PAGE, NULL);
}

/**
 * psems_incidents_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who writes; needed with a store
 */
void
psems_incidents_page_set_store (PsemsIncidentsPage *self,
                                PsemsStore         *store,
                                PsemsActor         *actor)
{
  g_return_if_fail (PSEMS_IS_INCIDENTS_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || actor != NULL);

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.new",
                                 psems_page_may_create (store, actor, "incident"));

  if (self->store == store)
    return;
  psems_ui_follow_store (&self->store, &self->changed_handler, store,
                         G_CALLBACK (store_changed_cb), self);
  /* Ids belong to the database they came from. */
  set_selected_id (self, 0);
  reload (self);
}

/**
 * psems_incidents_page_set_facility_id:
 * @facility_id: the facility to show; 0 for all facilities
 */
void
psems_incidents_page_set_facility_id (PsemsIncidentsPage *self,
                                      gint64              facility_id)
{
  g_return_if_fail (PSEMS_IS_INCIDENTS_PAGE (self));
  g_return_if_fail (facility_id >= 0);

  if (self->facility_id == facility_id)
    return;
  self->facility_id = facility_id;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}

/**
 * psems_incidents_page_get_selected_id:
 *
 * Returns: the incident shown in the detail, 0 when none is
 */
gint64
psems_incidents_page_get_selected_id (PsemsIncidentsPage *self)
{
  g_return_val_if_fail (PSEMS_IS_INCIDENTS_PAGE (self), 0);
  return self->selected_id;
}
