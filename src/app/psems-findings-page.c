/* psems-findings-page.c — findings and corrective actions: list, filters, the selected finding and its workflow open → in progress → closed → verified. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-adaptive-bin.h"
#include "psems-control.h"
#include "psems-evidence.h"
#include "psems-facility.h"
#include "psems-finding.h"
#include "psems-finding-dialog.h"
#include "psems-findings-page.h"
#include "psems-stats.h"
#include "psems-page-habits.h"
#include "psems-ui-util.h"

struct _PsemsFindingsPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  PsemsAdaptiveBin *adaptive;
  GtkWidget *list_pane;
  GtkWidget *detail_pane;
  GtkWidget *back_bar;
  GtkWidget *back_button;
  GtkSearchEntry *search_entry;
  GtkDropDown *status_filter;
  GtkDropDown *severity_filter;
  GtkDropDown *source_filter;
  GtkToggleButton *overdue_toggle;
  GtkLabel *summary_label;
  GtkStack *list_stack;
  GtkListBox *finding_list;
  AdwStatusPage *empty_page;
  GtkStack *detail_stack;
  GtkScrolledWindow *detail_scroller;
  GtkBox *pill_box;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkBox *step_box;
  GtkLabel *workflow_label;
  GtkButton *edit_button;
  GtkButton *start_button;
  GtkButton *close_button;
  GtkButton *verify_button;
  GtkButton *reopen_button;
  GtkLabel *readonly_label;
  GtkListBox *details_list;
  GtkBox *text_box;
  GtkWidget *evidence_group;
  GtkButton *evidence_button;
  GtkListBox *evidence_list;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;
  gint64 facility_id;           /* 0: all facilities */
  gboolean reload_due;          /* data changed while the page was not shown */

  GHashTable *facilities;       /* id → PsemsFacility, archived ones too */
  GPtrArray *all;               /* PsemsFinding in scope, unfiltered: the summary counts them */
  GPtrArray *findings;          /* PsemsFinding the filters let through */
  GtkFileChooserNative *chooser;
  gint64 chooser_target;        /* the finding or evidence the chooser is for */
  gint64 selected_id;
  gint64 pending_show_id;       /* a finding asked for before the page was shown */
  gboolean overdue_only;
  gboolean selecting;
  gboolean detail_shown;        /* folded, the detail is shown instead of the list */
};

G_DEFINE_FINAL_TYPE (PsemsFindingsPage, psems_findings_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FACILITY_ID,
  PROP_OVERDUE_ONLY,
  PROP_SELECTED_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The status filter's choices, in its order: unresolved first, as a PFSO works. */
static const char * const status_choices[] = {
  "unresolved", "open", "in-progress", "closed", "verified", NULL
};

static void reload (PsemsFindingsPage *self);
static void update_panes (PsemsFindingsPage *self);
static void fill_list (PsemsFindingsPage *self);
static void fill_detail (PsemsFindingsPage *self);

static void
show_toast (PsemsFindingsPage *self,
            const char        *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static void
show_error_dialog (PsemsFindingsPage *self,
                   const char        *heading,
                   const GError      *error)
{
  psems_ui_show_error_dialog (GTK_WIDGET (self), "findings-error", heading, error);
}

static const char *
facility_code (PsemsFindingsPage *self,
               gint64             id)
{
  const PsemsFacility *facility = self->facilities != NULL
                                  ? g_hash_table_lookup (self->facilities, &id) : NULL;

  return facility != NULL ? facility->code : "";
}

static PsemsFinding *
find_finding (PsemsFindingsPage *self,
              gint64             id)
{
  for (guint i = 0; self->all != NULL && i < self->all->len; i++)
    {
      PsemsFinding *finding = g_ptr_array_index (self->all, i);

      if (finding->id == id)
        return finding;
    }
  return NULL;
}

static gboolean
is_unresolved (const PsemsFinding *finding)
{
  return g_strcmp0 (finding->status, "open") == 0
         || g_strcmp0 (finding->status, "in-progress") == 0;
}

static gboolean
is_read_only (const PsemsFinding *finding)
{
  return !is_unresolved (finding);
}

/* Days from @due_on to today; 0 when not past. */
static int
days_overdue (const char *due_on)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate due, today;

  if (!psems_ui_parse_date (due_on, &due, NULL) || !g_date_valid (&due))
    return 0;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return MAX (g_date_days_between (&due, &today), 0);
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

static const char *
severity_short_label (const char *severity)
{
  if (g_strcmp0 (severity, "major") == 0)
    return C_("severity", "Major");
  if (g_strcmp0 (severity, "minor") == 0)
    return C_("severity", "Minor");
  return C_("severity", "Observation");
}

/* Major is red, minor amber, an observation blue: the weight an auditor gives each. */
static GtkWidget *
new_severity_pill (const char *severity)
{
  GtkWidget *pill = gtk_label_new (severity_short_label (severity));
  g_autofree char *css = g_strconcat ("finding-", severity, NULL);

  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_add_css_class (pill, g_strcmp0 (severity, "major") == 0 ? "error"
                                  : g_strcmp0 (severity, "minor") == 0 ? "warning" : "accent");
  gtk_widget_add_css_class (pill, css);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (pill, psems_finding_severity_label (severity));
  gtk_widget_set_name (pill, "finding-severity");
  return pill;
}

static GtkWidget *
new_status_pill (const char *status)
{
  GtkWidget *pill = gtk_label_new (psems_finding_status_label (status));
  g_autofree char *css = g_strconcat ("finding-", status, NULL);
  gtk_widget_add_css_class (pill, "status-pill");
  /* Severity has the colours; a status only turns green once the action is done. */
  if (g_strcmp0 (status, "closed") == 0 || g_strcmp0 (status, "verified") == 0)
    gtk_widget_add_css_class (pill, "success");
  gtk_widget_add_css_class (pill, css);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_set_name (pill, "finding-status");
  return pill;
}

/* A fixed-width slot with @child in it, so pills line up down the list. */
static GtkWidget *
new_slot (GtkWidget *child,
          int        width,
          GtkAlign   align)
{
  GtkWidget *slot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_size_request (slot, width, -1);
  gtk_widget_set_hexpand (slot, FALSE);
  gtk_widget_set_hexpand (child, TRUE);
  gtk_widget_set_halign (child, align);
  gtk_box_append (GTK_BOX (slot), child);
  return slot;
}

/* The record a finding came from, as a reader names it: "Audit CMP-2026-0004". */
static char *
describe_source (const PsemsFinding *finding)
{
  const char *label = psems_finding_source_label (finding->source);
  const char *record = finding->completion_ref != NULL ? finding->completion_ref
                       : finding->incident_ref != NULL ? finding->incident_ref
                       : finding->answer_ref;

  if (record != NULL)
    /* Translators: a finding's source and the record it came from: "Audit CMP-2026-0004" */
    return g_strdup_printf (_("%s %s"), label, record);
  return g_strdup (label);
}

/* What the due date means today: a date, or how late the action is. */
static char *
describe_due (const PsemsFinding *finding,
              gboolean           *late)
{
  g_autofree char *due = psems_ui_format_date (finding->due_on);

  *late = FALSE;
  if (due == NULL)
    return is_unresolved (finding) ? g_strdup (_("No due date")) : NULL;
  if (finding->overdue)
    {
      int days = days_overdue (finding->due_on);

      *late = TRUE;
      if (days > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue by %d day",
                                             "Overdue by %d days", days), days);
      /* Translators: %s is a date */
      return g_strdup_printf (_("Overdue since %s"), due);
    }
  /* Translators: %s is a date */
  return g_strdup_printf (_("Due %s"), due);
}

/* ───────────────────────────── the list ───────────────────────────── */

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

static gboolean
text_matches (const char *haystack,
              const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
finding_matches (PsemsFindingsPage  *self,
                 const PsemsFinding *f,
                 const char         *needle)
{
  if (needle == NULL || *needle == '\0')
    return TRUE;
  return text_matches (f->title, needle) || text_matches (f->ref, needle)
         || text_matches (f->owner, needle) || text_matches (f->requirement_ref, needle)
         || text_matches (f->description, needle) || text_matches (f->root_cause, needle)
         || text_matches (f->corrective_action, needle) || text_matches (f->control_ref, needle)
         || text_matches (f->completion_ref, needle) || text_matches (f->incident_ref, needle)
         || text_matches (f->answer_ref, needle)
         || text_matches (facility_code (self, f->facility_id), needle);
}

static GtkWidget *
create_finding_row (PsemsFindingsPage  *self,
                    const PsemsFinding *f)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = new_label (f->title, "heading", NULL);
  GtkWidget *origin;
  GtkWidget *action_line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autofree char *source = describe_source (f);
  g_autoptr(GString) origin_text = g_string_new (NULL);
  g_autofree char *widget_name = g_strdup_printf ("finding-%" G_GINT64_FORMAT, f->id);
  g_autofree char *due = NULL;
  gboolean late = FALSE;

  g_string_append (origin_text, f->ref);
  if (self->facility_id == 0)
    g_string_append_printf (origin_text, " · %s", facility_code (self, f->facility_id));
  g_string_append_printf (origin_text, " · %s", source);
  if (f->requirement_ref != NULL)
    g_string_append_printf (origin_text, " · %s", f->requirement_ref);
  origin = new_label (origin_text->str, "caption", "dim-label", NULL);
  gtk_widget_set_name (origin, "finding-origin");

  /* Two lines: a finding's title is a sentence, and the list is where it is read. */
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (origin), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (title, f->title);
  gtk_widget_set_tooltip_text (origin, origin_text->str);

  if (f->owner != NULL)
    {
      GtkWidget *owner = new_label (f->owner, "caption", NULL);

      gtk_label_set_ellipsize (GTK_LABEL (owner), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (owner, _("Owner of the corrective action"));
      gtk_box_append (GTK_BOX (action_line), owner);
    }
  /* Once the action is done, when it was done matters, not when it was due. */
  due = is_unresolved (f) ? describe_due (f, &late) : NULL;
  if (due != NULL)
    {
      GtkWidget *due_label;

      if (f->owner != NULL)
        gtk_box_append (GTK_BOX (action_line), new_label (" · ", "caption", "dim-label", NULL));
      due_label = new_label (due, "caption", late ? "error" : "dim-label", NULL);
      gtk_label_set_ellipsize (GTK_LABEL (due_label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (due_label, due);
      gtk_widget_set_name (due_label, "finding-due");
      gtk_box_append (GTK_BOX (action_line), due_label);
    }
  else if (f->closed_on != NULL)
    {
      g_autofree char *closed = psems_ui_format_date (g_strcmp0 (f->status, "verified") == 0
                                                      ? f->verified_on : f->closed_on);
      g_autofree char *text = NULL;

      if (g_strcmp0 (f->status, "verified") == 0)
        /* Translators: %s is a date */
        text = g_strdup_printf (_("verified %s"), closed);
      else
        /* Translators: %s is a date */
        text = g_strdup_printf (_("closed %s"), closed);
      if (f->owner != NULL)
        gtk_box_append (GTK_BOX (action_line), new_label (" · ", "caption", "dim-label", NULL));
      gtk_box_append (GTK_BOX (action_line), new_label (text, "caption", "dim-label", NULL));
    }

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), origin);
  gtk_box_append (GTK_BOX (labels), action_line);

  {
    GtkWidget *severity = new_severity_pill (f->severity);
    GtkWidget *status = new_status_pill (f->status);

    if (f->self_verified)
      gtk_widget_set_tooltip_text (status, _("Self-verified: whoever closed it also verified it, "
                                             "in single-user mode"));
    /* Folded, the row has the page's width alone: the pills go on a line above the title. */
    if (psems_adaptive_bin_get_folded (self->adaptive))
      {
        GtkWidget *pills = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

        gtk_orientable_set_orientation (GTK_ORIENTABLE (box), GTK_ORIENTATION_VERTICAL);
        gtk_box_set_spacing (GTK_BOX (box), 6);
        gtk_widget_set_halign (severity, GTK_ALIGN_START);
        gtk_widget_set_halign (status, GTK_ALIGN_START);
        gtk_box_append (GTK_BOX (pills), severity);
        gtk_box_append (GTK_BOX (pills), status);
        gtk_box_append (GTK_BOX (box), pills);
        gtk_box_append (GTK_BOX (box), labels);
      }
    else
      {
        gtk_box_append (GTK_BOX (box), new_slot (severity, 96, GTK_ALIGN_START));
        gtk_box_append (GTK_BOX (box), labels);
        gtk_box_append (GTK_BOX (box), new_slot (status, 96, GTK_ALIGN_END));
      }
  }

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, widget_name);
  set_row_id (row, f->id);
  {
    /* Translators: severity, title, status, for screen readers */
    g_autofree char *label = g_strdup_printf (_("%s: %s, %s"),
                                              psems_finding_severity_label (f->severity), f->title,
                                              psems_finding_status_label (f->status));

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  }
  return row;
}

static gboolean
filters_active (PsemsFindingsPage *self)
{
  /* The status filter starts on "Unresolved": that is the page's view, not a narrowing. */
  return self->overdue_only
         || gtk_drop_down_get_selected (self->severity_filter) > 0
         || gtk_drop_down_get_selected (self->source_filter) > 0
         || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
}

static GtkListBoxRow *
find_row (PsemsFindingsPage *self,
          gint64             id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->finding_list, i)) != NULL; i++)
    if (row_get_id (row) == id)
      return row;
  return NULL;
}

static void
update_summary (PsemsFindingsPage *self,
                guint              n_shown)
{
  guint n_unresolved = 0, n_overdue = 0, n_major = 0;
  g_autofree char *unresolved = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *major = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; self->all != NULL && i < self->all->len; i++)
    {
      PsemsFinding *f = g_ptr_array_index (self->all, i);

      if (!is_unresolved (f))
        continue;
      n_unresolved++;
      n_overdue += f->overdue ? 1 : 0;
      n_major += g_strcmp0 (f->severity, "major") == 0 ? 1 : 0;
    }
  unresolved = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unresolved", "%u unresolved",
                                             n_unresolved), n_unresolved);
  overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue",
                                          n_overdue), n_overdue);
  major = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u major", "%u major", n_major),
                           n_major);
  shown = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u shown", "%u shown", n_shown),
                           n_shown);
  /* Translators: "7 unresolved · 5 overdue · 2 major · 7 shown" */
  text = g_strdup_printf (_("%s · %s · %s · %s"), unresolved, overdue, major, shown);
  gtk_label_set_text (self->summary_label, text);
}

static void
fill_list (PsemsFindingsPage *self)
{
  g_autofree char *needle = NULL;
  guint n_shown = 0;

  self->selecting = TRUE;
  psems_ui_clear_list_box (self->finding_list);
  needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  g_strstrip (needle);
  for (guint i = 0; self->findings != NULL && i < self->findings->len; i++)
    {
      PsemsFinding *f = g_ptr_array_index (self->findings, i);

      if (!finding_matches (self, f, needle))
        continue;
      gtk_list_box_append (self->finding_list, create_finding_row (self, f));
      n_shown++;
    }
  update_summary (self, n_shown);

  if (n_shown > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else if (filters_active (self))
    gtk_stack_set_visible_child_name (self->list_stack, "no-match");
  else
    {
      guint status = gtk_drop_down_get_selected (self->status_filter);

      adw_status_page_set_title (self->empty_page, status == 0 ? _("Nothing Unresolved")
                                                               : _("No Findings"));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }

  if (self->selected_id != 0)
    {
      GtkListBoxRow *row = find_row (self, self->selected_id);

      if (row != NULL)
        gtk_list_box_select_row (self->finding_list, row);
    }
  self->selecting = FALSE;
}

static void
finding_selected_cb (GtkListBox        *list,
                     GtkListBoxRow     *row,
                     PsemsFindingsPage *self)
{
  gint64 id;

  if (self->selecting || row == NULL)
    return;
  id = row_get_id (row);
  if (id == self->selected_id)
    return;
  self->selected_id = id;
  fill_detail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

/* Folded, choosing a finding (a click, Enter) shows its detail in place of the list. */
static void
finding_activated_cb (GtkListBox        *list,
                      GtkListBoxRow     *row,
                      PsemsFindingsPage *self)
{
  if (row_get_id (row) != self->selected_id)
    finding_selected_cb (list, row, self);
  self->detail_shown = TRUE;
  update_panes (self);
  if (psems_adaptive_bin_get_folded (self->adaptive))
    gtk_widget_grab_focus (self->back_button);
}

static void
search_changed_cb (PsemsFindingsPage *self)
{
  fill_list (self);
}

static void
filter_changed_cb (PsemsFindingsPage *self)
{
  reload (self);
}

/* ───────────────────────────── the detail ───────────────────────────── */

static void
add_detail_row (PsemsFindingsPage *self,
                const char        *title,
                const char        *value,
                const char        *name,
                const char        *css_class)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value != NULL ? value : _("Not recorded"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (name != NULL)
    gtk_widget_set_name (label, name);
  if (value == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->details_list, row);
}

static void
add_text_section (PsemsFindingsPage *self,
                  const char        *title,
                  const char        *text,
                  const char        *empty,
                  const char        *name)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *label = gtk_label_new (text != NULL ? text : empty);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "card");
  gtk_widget_add_css_class (label, "psems-notice");
  gtk_widget_set_name (label, name);
  if (text == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
  gtk_box_append (self->text_box, group);
}

/* Open → in progress → closed → verified, each step marked done, current or to come. */
static void
fill_steps (PsemsFindingsPage  *self,
            const PsemsFinding *f)
{
  const char * const *statuses = psems_finding_statuses ();
  GtkWidget *child;
  guint current = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->step_box))) != NULL)
    gtk_box_remove (self->step_box, child);
  for (guint i = 0; statuses[i] != NULL; i++)
    if (g_strcmp0 (statuses[i], f->status) == 0)
      current = i;
  for (guint i = 0; statuses[i] != NULL; i++)
    {
      GtkWidget *step = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *icon;
      GtkWidget *label = gtk_label_new (psems_finding_status_label (statuses[i]));
      g_autofree char *name = g_strconcat ("step-", statuses[i], NULL);

      if (i > 0)
        {
          GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

          gtk_widget_add_css_class (arrow, "dim-label");
          gtk_box_append (self->step_box, arrow);
        }
      if (i < current || (i == current && g_strcmp0 (statuses[i], "verified") == 0))
        icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
      else if (i == current)
        icon = gtk_image_new_from_icon_name ("media-record-symbolic");
      else
        icon = gtk_image_new_from_icon_name ("radio-symbolic");
      gtk_box_append (GTK_BOX (step), icon);
      gtk_box_append (GTK_BOX (step), label);
      gtk_widget_set_name (step, name);
      /* Folded, only the current step is named: the others are icons, named on demand. */
      if (i != current && psems_adaptive_bin_get_folded (self->adaptive))
        {
          gtk_widget_set_visible (label, FALSE);
          gtk_widget_set_tooltip_text (step, psems_finding_status_label (statuses[i]));
          gtk_accessible_update_property (GTK_ACCESSIBLE (step), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          psems_finding_status_label (statuses[i]), -1);
        }
      if (i == current)
        {
          gtk_widget_add_css_class (step, "status-pill");
          gtk_widget_add_css_class (step, "accent");
          gtk_accessible_update_state (GTK_ACCESSIBLE (step), GTK_ACCESSIBLE_STATE_SELECTED,
                                       TRUE, -1);
        }
      else if (i < current)
        gtk_widget_add_css_class (step, "success");
      else
        gtk_widget_add_css_class (step, "dim-label");
      gtk_widget_set_margin_start (step, 4);
      gtk_widget_set_margin_end (step, 4);
      gtk_box_append (self->step_box, step);
    }
}

/* The template leaves the actions out: they take the finding, known only now. */
static void
set_step_button (GtkButton  *button,
                 const char *action,
                 gint64      id,
                 gboolean    visible)
{
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_visible (GTK_WIDGET (button), visible);
}

static void
fill_workflow (PsemsFindingsPage  *self,
               const PsemsFinding *f)
{
  gboolean open = g_strcmp0 (f->status, "open") == 0;
  gboolean unresolved = is_unresolved (f);
  gboolean closed = g_strcmp0 (f->status, "closed") == 0;
  gboolean verified = g_strcmp0 (f->status, "verified") == 0;
  g_autofree char *note = NULL;

  fill_steps (self, f);
  set_step_button (self->edit_button, "findings.edit", f->id, unresolved);
  set_step_button (self->start_button, "findings.start", f->id, open);
  set_step_button (self->close_button, "findings.close", f->id, unresolved);
  set_step_button (self->verify_button, "findings.verify", f->id, closed);
  set_step_button (self->reopen_button, "findings.reopen", f->id, closed);
  set_step_button (self->evidence_button, "findings.add-evidence", f->id, unresolved);

  if (open)
    note = g_strdup (_("Start it when work on the corrective action begins; close it once the "
                       "action is done."));
  else if (unresolved)
    note = g_strdup (_("Close it once the corrective action is done."));
  else if (closed)
    {
      g_autofree char *day = psems_ui_format_date (f->closed_on);

      /* Translators: who closed a finding, and when */
      note = g_strdup_printf (_("Closed by %s on %s. Someone other than whoever closed it checks "
                                "that the action works, and verifies it."),
                              f->closed_by != NULL ? f->closed_by : "", day != NULL ? day : "");
    }
  else if (verified)
    {
      g_autofree char *day = psems_ui_format_date (f->verified_on);

      if (f->self_verified)
        /* Translators: who verified a finding, and when */
        note = g_strdup_printf (_("Self-verified by %s on %s: whoever closed it also verified "
                                  "it, as a lone security officer may in single-user mode."),
                                f->verified_by != NULL ? f->verified_by : "",
                                day != NULL ? day : "");
      else
        /* Translators: who verified a finding, and when */
        note = g_strdup_printf (_("Verified by %s on %s. The finding is final: if the problem "
                                  "comes back, raise a new one."),
                                f->verified_by != NULL ? f->verified_by : "",
                                day != NULL ? day : "");
    }
  gtk_label_set_text (self->workflow_label, note);
  gtk_widget_remove_css_class (GTK_WIDGET (self->workflow_label), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->workflow_label),
                            f->self_verified ? "warning" : "dim-label");
  if (f->self_verified)
    gtk_widget_remove_css_class (GTK_WIDGET (self->workflow_label), "dim-label");

  gtk_widget_set_visible (GTK_WIDGET (self->readonly_label), is_read_only (f));
  if (closed)
    gtk_label_set_text (self->readonly_label,
                        _("This finding is closed and read-only. Reopen it to change it."));
  else if (verified)
    gtk_label_set_text (self->readonly_label,
                        _("This finding is verified and read-only: the record is final."));
}

static void
fill_control_row (PsemsFindingsPage  *self,
                  const PsemsFinding *f)
{
  g_autoptr(PsemsControl) control = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  GtkWidget *arrow;
  g_autofree char *title = NULL;

  if (f->control_id == 0)
    {
      add_detail_row (self, _("Control"), NULL, "finding-control", NULL);
      return;
    }
  control = psems_control_get (self->store, f->control_id, NULL, &error);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Control"));
  if (control != NULL)
    {
      /* Translators: a control's reference and name */
      title = g_strdup_printf (_("%s · %s"), control->ref, control->name);
      if (control->degraded)
        {
          GtkWidget *degraded = gtk_label_new (_("Degraded"));

          gtk_widget_add_css_class (degraded, "warning");
          gtk_widget_add_css_class (degraded, "caption");
          gtk_widget_set_tooltip_text (degraded, _("An unresolved finding or an overdue test marks "
                                                   "a control degraded: it stops no threat"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), degraded);
        }
    }
  else
    {
      title = g_strdup (f->control_ref != NULL ? f->control_ref : error->message);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), title);
  gtk_widget_add_css_class (row, "property");
  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-control");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", f->control_id);
  gtk_widget_set_tooltip_text (row, _("Show the control"));
  gtk_widget_set_name (row, "finding-control");
  gtk_list_box_append (self->details_list, row);
}

static void
fill_evidence (PsemsFindingsPage  *self,
               const PsemsFinding *f)
{
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GError) error = NULL;

  psems_ui_clear_list_box (self->evidence_list);
  evidence = psems_evidence_list (self->store, "finding", f->id, &error);
  if (evidence == NULL)
    {
      psems_ui_set_empty_text (self->evidence_list, error->message);
      return;
    }
  g_ptr_array_set_free_func (evidence, (GDestroyNotify) psems_evidence_free);
  for (guint i = 0; i < evidence->len; i++)
    {
      PsemsEvidence *e = g_ptr_array_index (evidence, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *save = gtk_button_new_from_icon_name ("document-save-symbolic");
      g_autofree char *size = g_format_size (e->size);
      g_autofree char *added = psems_ui_format_date (e->added_on);
      g_autofree char *subtitle = NULL;
      g_autofree char *tooltip = NULL;

      if (e->added_by != NULL)
        /* Translators: an evidence file's reference, size, the day it was added and by whom */
        subtitle = g_strdup_printf (_("%s · %s · added %s by %s"), e->ref, size,
                                    added != NULL ? added : "", e->added_by);
      else
        /* Translators: an evidence file's reference, size and the day it was added */
        subtitle = g_strdup_printf (_("%s · %s · added %s"), e->ref, size,
                                    added != NULL ? added : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->file_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("text-x-generic-symbolic"));
      /* Translators: %s is the content's SHA-256 checksum */
      tooltip = g_strdup_printf (_("SHA-256 %s"), e->sha256);
      gtk_widget_set_tooltip_text (row, tooltip);
      gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (save, "flat");
      gtk_widget_set_tooltip_text (save, _("Save a copy…"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (save), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Save a copy…"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "findings.save-evidence");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (save), "x", e->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), psems_ui_new_open_evidence_button (e->id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), save);
      gtk_list_box_append (self->evidence_list, row);
    }
  psems_ui_set_empty_text (self->evidence_list,
                           is_unresolved (f) ? _("No evidence yet: add the photos, reports or "
                                                 "letters that show the action was taken")
                                             : _("No evidence was kept"));
}

static void
fill_detail (PsemsFindingsPage *self)
{
  PsemsFinding *f = find_finding (self, self->selected_id);
  GtkWidget *child;
  g_autofree char *raised = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *source = NULL;
  g_autofree char *due = NULL;
  gboolean late = FALSE;

  if (f == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pill_box))) != NULL)
    gtk_box_remove (self->pill_box, child);
  gtk_box_append (self->pill_box, new_severity_pill (f->severity));
  gtk_box_append (self->pill_box, new_status_pill (f->status));
  if (f->overdue)
    {
      GtkWidget *overdue = new_label (_("Overdue"), "status-pill", "error", NULL);

      gtk_widget_set_name (overdue, "finding-overdue");
      gtk_box_append (self->pill_box, overdue);
    }

  gtk_label_set_text (self->title_label, f->title);
  raised = psems_ui_format_date (f->raised_on);
  if (self->facility_id == 0)
    /* Translators: reference, facility code, day raised, who raised it */
    subtitle = g_strdup_printf (_("%s · %s · raised on %s by %s"), f->ref,
                                facility_code (self, f->facility_id), raised,
                                f->raised_by != NULL ? f->raised_by : "");
  else
    /* Translators: reference, day raised, who raised it */
    subtitle = g_strdup_printf (_("%s · raised on %s by %s"), f->ref, raised,
                                f->raised_by != NULL ? f->raised_by : "");
  gtk_label_set_text (self->subtitle_label, subtitle);

  fill_workflow (self, f);

  psems_ui_clear_list_box (self->details_list);
  add_detail_row (self, _("Severity"), psems_finding_severity_label (f->severity), NULL, NULL);
  source = describe_source (f);
  add_detail_row (self, _("Source"), source, "finding-source", NULL);
  add_detail_row (self, _("Requirement"), f->requirement_ref, "finding-requirement", NULL);
  fill_control_row (self, f);
  add_detail_row (self, _("Owner"), f->owner, "finding-owner", NULL);
  due = describe_due (f, &late);
  if (due != NULL && f->due_on != NULL)
    {
      g_autofree char *date = psems_ui_format_date (f->due_on);

      g_free (due);
      if (late && days_overdue (f->due_on) > 0)
        {
          int days = days_overdue (f->due_on);

          /* Translators: a due date, then how many days late the action is */
          due = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — overdue by %d day",
                                              "%s — overdue by %d days", days), date, days);
        }
      else
        due = g_steal_pointer (&date);
    }
  add_detail_row (self, _("Due"), due, "finding-due-date", late ? "error" : NULL);
  if (f->closed_on != NULL)
    {
      g_autofree char *closed = psems_ui_format_date (f->closed_on);
      /* Translators: a date, then who */
      g_autofree char *text = g_strdup_printf (_("%s by %s"), closed,
                                               f->closed_by != NULL ? f->closed_by : "");

      add_detail_row (self, _("Closed"), text, "finding-closed", NULL);
    }
  if (f->verified_on != NULL)
    {
      g_autofree char *verified = psems_ui_format_date (f->verified_on);
      g_autofree char *text = NULL;

      if (f->self_verified)
        /* Translators: a date, then who; the closer verified it in single-user mode */
        text = g_strdup_printf (_("%s by %s (self-verified)"), verified,
                                f->verified_by != NULL ? f->verified_by : "");
      else
        /* Translators: a date, then who */
        text = g_strdup_printf (_("%s by %s"), verified,
                                f->verified_by != NULL ? f->verified_by : "");
      add_detail_row (self, _("Verified"), text, "finding-verified",
                      f->self_verified ? "warning" : NULL);
    }
  {
    g_autofree char *days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days",
                                                          f->days_open), f->days_open);

    add_detail_row (self, is_unresolved (f) ? _("Open for") : _("Was open for"), days, NULL,
                    NULL);
  }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->text_box))) != NULL)
    gtk_box_remove (self->text_box, child);
  add_text_section (self, _("Description"), f->description, _("No description"),
                    "finding-description");
  add_text_section (self, _("Root Cause"), f->root_cause, _("Not analysed yet"),
                    "finding-root-cause");
  add_text_section (self, _("Corrective Action"), f->corrective_action,
                    _("None recorded yet: one is required to close the finding"),
                    "finding-corrective-action");

  fill_evidence (self, f);
}

/* ───────────────────────────── loading ───────────────────────────── */

static const char *
chosen_status (PsemsFindingsPage *self)
{
  guint position = gtk_drop_down_get_selected (self->status_filter);

  /* The last choice is "All". */
  if (position < G_N_ELEMENTS (status_choices) - 1)
    return status_choices[position];
  return NULL;
}

static const char *
chosen_id (GtkDropDown        *dropdown,
           const char * const *ids)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  /* Position 0 is "Any …". */
  if (position == 0 || position == GTK_INVALID_LIST_POSITION)
    return NULL;
  for (guint i = 0; ids[i] != NULL; i++)
    if (i + 1 == position)
      return ids[i];
  return NULL;
}

static gboolean
load (PsemsFindingsPage *self,
      GError           **error)
{
  g_autoptr(GPtrArray) facilities = NULL;
  PsemsFindingFilter filter = { 0 };

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
  g_clear_pointer (&self->all, g_ptr_array_unref);
  self->all = psems_finding_list (self->store, &filter, error);
  if (self->all == NULL)
    return FALSE;
  g_ptr_array_set_free_func (self->all, (GDestroyNotify) psems_finding_free);

  filter.status = chosen_status (self);
  filter.severity = chosen_id (self->severity_filter, psems_finding_severities ());
  filter.source = chosen_id (self->source_filter, psems_finding_sources ());
  filter.overdue = self->overdue_only;
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = psems_finding_list (self->store, &filter, error);
  if (self->findings == NULL)
    return FALSE;
  g_ptr_array_set_free_func (self->findings, (GDestroyNotify) psems_finding_free);
  return TRUE;
}

static void
reload (PsemsFindingsPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    {
      self->reload_due = FALSE;
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      return;
    }
  /* The page reads the database only while it is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->reload_due = TRUE;
      return;
    }
  self->reload_due = FALSE;
  gtk_stack_set_visible_child_name (self->state_stack, "content");

  if (!load (self, &error))
    {
      show_error_dialog (self, _("Findings Unavailable"), error);
      return;
    }
  if (self->selected_id != 0 && find_finding (self, self->selected_id) == NULL)
    {
      self->selected_id = 0;
      self->detail_shown = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
    }
  fill_list (self);
  fill_detail (self);
  update_panes (self);
}

static void
store_changed_cb (PsemsStore        *store,
                  const char        *entity,
                  gint64             id,
                  PsemsFindingsPage *self)
{
  /* After the writer's call returns, and once for a burst of changes. */
  psems_ui_queue_reload (&self->reload_source, "[psems] findings reload",
                         (PsemsUiReloadFunc) reload, self);
}

/* ───────────────────────────── actions ───────────────────────────── */

static gboolean
require_store (PsemsFindingsPage *self)
{
  return self->store != NULL && self->actor != NULL;
}

static void
select_finding (PsemsFindingsPage *self,
                gint64             id)
{
  if (self->selected_id != id)
    {
      self->selected_id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
    }
}

static void
dialog_saved_cb (PsemsFindingDialog *dialog,
                 gint64              id,
                 const char         *message,
                 PsemsFindingsPage  *self)
{
  show_toast (self, message);
  select_finding (self, id);
  /* Show the finding now, not at the next idle: the user looks for it at once. */
  reload (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);
  PsemsFindingDialog *dialog;

  if (!require_store (self))
    return;
  dialog = psems_finding_dialog_new (psems_ui_get_window (widget), self->store, self->actor, NULL,
                                     self->facility_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The finding @parameter names, read again: the list may be a moment old. */
static PsemsFinding *
get_finding (PsemsFindingsPage *self,
             GVariant          *parameter,
             const char        *heading)
{
  g_autoptr(GError) error = NULL;
  PsemsFinding *finding;

  if (!require_store (self))
    return NULL;
  finding = psems_finding_get (self->store, g_variant_get_int64 (parameter), NULL, &error);
  if (finding == NULL)
    show_error_dialog (self, heading, error);
  return finding;
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);
  g_autoptr(PsemsFinding) finding = get_finding (self, parameter, _("Finding Unavailable"));
  PsemsFindingDialog *dialog;

  if (finding == NULL)
    return;
  if (is_read_only (finding))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a finding's reference */
      text = g_strdup_printf (_("%s is %s and read-only"), finding->ref,
                              psems_finding_status_label (finding->status));
      show_toast (self, text);
      return;
    }
  dialog = psems_finding_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                     finding, finding->facility_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);
  g_autoptr(PsemsFinding) finding = get_finding (self, parameter, _("Finding Not Started"));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (finding == NULL)
    return;
  if (!psems_finding_start (self->store, self->actor, finding->id, &error))
    {
      show_error_dialog (self, _("Finding Not Started"), error);
      return;
    }
  /* Translators: %s is a finding's reference */
  text = g_strdup_printf (_("%s is in progress"), finding->ref);
  show_toast (self, text);
}

static gint64
dialog_finding_id (GObject *dialog)
{
  return *(gint64 *) g_object_get_data (dialog, "psems-id");
}

static void
set_dialog_finding_id (GObject *dialog,
                       gint64   id)
{
  gint64 *data = g_new (gint64, 1);

  *data = id;
  g_object_set_data_full (dialog, "psems-id", data, g_free);
}

static GtkWidget *
new_date_entry (const char *name,
                const char *label)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *today = psems_ui_dup_today_text ();

  gtk_editable_set_text (GTK_EDITABLE (entry), today);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_name (entry, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return entry;
}

static gboolean
date_entry_ok (GtkEditable *entry)
{
  GDate date;

  return psems_ui_parse_date (gtk_editable_get_text (entry), &date, NULL);
}

/* Close…: the corrective action (required) and the day it was completed. */
static void
close_form_changed_cb (AdwMessageDialog *dialog)
{
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "psems-action");
  GtkWidget *hint = g_object_get_data (G_OBJECT (dialog), "psems-hint");
  GtkEditable *date = g_object_get_data (G_OBJECT (dialog), "psems-date");
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *action = NULL;
  gboolean has_action, date_ok;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  action = psems_text_dup_field (text);
  has_action = action != NULL;
  date_ok = date_entry_ok (date);
  gtk_widget_set_visible (hint, !has_action || !date_ok);
  gtk_label_set_text (GTK_LABEL (hint),
                      !has_action ? _("Say what corrective action was taken: a finding cannot be "
                                      "closed without one.")
                                  : _("Write the closing day as YYYY-MM-DD, or leave it empty "
                                      "for today."));
  adw_message_dialog_set_response_enabled (dialog, "close", has_action && date_ok);
}

static void
close_response_cb (AdwMessageDialog  *dialog,
                   const char        *response,
                   PsemsFindingsPage *self)
{
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "psems-action");
  GtkEditable *date_entry = g_object_get_data (G_OBJECT (dialog), "psems-date");
  GPtrArray *paths = g_object_get_data (G_OBJECT (dialog), "psems-paths");
  gint64 id = dialog_finding_id (G_OBJECT (dialog));
  g_autoptr(GError) error = NULL;
  g_autofree char *action = NULL;
  gboolean closed;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  PsemsFinding *finding;

  if (g_strcmp0 (response, "close") != 0 || !require_store (self))
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  action = psems_text_dup_field (text);
  date = psems_text_dup_field (gtk_editable_get_text (date_entry));
  g_ptr_array_add (paths, NULL);
  closed = psems_finding_close (self->store, self->actor, id, date, action,
                                (const char * const *) paths->pdata, &error);
  g_ptr_array_remove_index (paths, paths->len - 1);
  if (!closed)
    {
      show_error_dialog (self, _("Finding Not Closed"), error);
      return;
    }
  finding = find_finding (self, id);
  g_clear_pointer (&text, g_free);
  /* Translators: %s is a finding's reference */
  text = g_strdup_printf (_("%s closed: it now awaits verification"),
                          finding != NULL ? finding->ref : "");
  show_toast (self, text);
}

/* Files kept as evidence of the action, in the closing write itself. */
static void
close_files_chosen_cb (GtkNativeDialog  *chooser,
                       int               response,
                       AdwMessageDialog *dialog)
{
  GPtrArray *paths = g_object_get_data (G_OBJECT (dialog), "psems-paths");
  GtkLabel *files = g_object_get_data (G_OBJECT (dialog), "psems-files");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (chosen, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      for (guint i = 0; i < paths->len; i++)
        {
          g_autofree char *name = g_path_get_basename (g_ptr_array_index (paths, i));

          if (names->len > 0)
            g_string_append (names, _(", "));
          g_string_append (names, name);
        }
      gtk_label_set_text (files, names->str);
      gtk_widget_set_visible (GTK_WIDGET (files), paths->len > 0);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
close_attach_clicked_cb (GtkButton        *button,
                         AdwMessageDialog *dialog)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Keep Files as Evidence"), GTK_WINDOW (dialog),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (close_files_chosen_cb), dialog, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);
  g_autoptr(PsemsFinding) finding = get_finding (self, parameter, _("Finding Not Closed"));
  GtkWidget *dialog, *box, *frame, *view, *hint, *date, *attach, *files;
  GtkTextBuffer *buffer;
  g_autofree char *heading = NULL;

  if (finding == NULL)
    return;
  /* Translators: %s is a finding's reference */
  heading = g_strdup_printf (_("Close %s?"), finding->ref);
  dialog = adw_message_dialog_new (psems_ui_get_window (widget), heading,
                                   _("Record the corrective action taken and the day it was "
                                     "completed. A closed finding is read-only until it is "
                                     "verified — by another user, where the database has "
                                     "several — or reopened."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), new_label (_("Corrective action taken"), "heading", NULL));
  view = gtk_text_view_new ();
  gtk_widget_set_name (view, "close-action");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "plan-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Corrective action taken"), -1);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_text (buffer, finding->corrective_action != NULL
                                    ? finding->corrective_action : "", -1);
  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "plan-text-frame");
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_box_append (GTK_BOX (box), frame);
  hint = new_label (NULL, "caption", "error", NULL);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_set_name (hint, "close-hint");
  gtk_box_append (GTK_BOX (box), hint);
  gtk_box_append (GTK_BOX (box), new_label (_("Closed on (YYYY-MM-DD)"), "heading", NULL));
  date = new_date_entry ("close-date", _("Closed on"));
  gtk_box_append (GTK_BOX (box), date);
  attach = gtk_button_new_with_mnemonic (_("_Attach Evidence…"));
  gtk_widget_set_name (attach, "close-attach");
  gtk_widget_set_halign (attach, GTK_ALIGN_START);
  gtk_widget_set_margin_top (attach, 6);
  gtk_widget_set_tooltip_text (attach, _("Photos, reports or letters that show the action was "
                                         "taken, kept with the closure"));
  gtk_box_append (GTK_BOX (box), attach);
  files = new_label (NULL, "caption", "dim-label", NULL);
  gtk_label_set_wrap (GTK_LABEL (files), TRUE);
  gtk_widget_set_name (files, "close-files");
  gtk_widget_set_visible (files, FALSE);
  gtk_box_append (GTK_BOX (box), files);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("C_lose Finding"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "close-finding");
  set_dialog_finding_id (G_OBJECT (dialog), finding->id);
  g_object_set_data (G_OBJECT (dialog), "psems-action", buffer);
  g_object_set_data (G_OBJECT (dialog), "psems-hint", hint);
  g_object_set_data (G_OBJECT (dialog), "psems-date", date);
  g_object_set_data (G_OBJECT (dialog), "psems-files", files);
  g_object_set_data_full (G_OBJECT (dialog), "psems-paths", g_ptr_array_new_with_free_func (g_free),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (attach, "clicked", G_CALLBACK (close_attach_clicked_cb), dialog);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (close_form_changed_cb), dialog);
  g_signal_connect_swapped (date, "changed", G_CALLBACK (close_form_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  close_form_changed_cb (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

/* Whether the database has no users: then a lone security officer may verify a closure of
 * their own, and the record says so. */
static gboolean
is_single_user (PsemsFindingsPage *self)
{
  g_autoptr(GArray) counts = psems_stats_count_entities (self->store, NULL);

  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      PsemsEntityCount *count = &g_array_index (counts, PsemsEntityCount, i);

      if (g_strcmp0 (count->info->name, "user") == 0)
        return count->count == 0;
    }
  return FALSE;
}

static gboolean
same_person (const char *a,
             const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return g_str_equal (fa, fb);
}

static void
verify_date_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "verify", date_entry_ok (entry));
}

static void
verify_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    PsemsFindingsPage *self)
{
  GtkEditable *date_entry = g_object_get_data (G_OBJECT (dialog), "psems-date");
  gint64 id = dialog_finding_id (G_OBJECT (dialog));
  g_autoptr(PsemsFinding) finding = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "verify") != 0 || !require_store (self))
    return;
  date = psems_text_dup_field (gtk_editable_get_text (date_entry));
  if (!psems_finding_verify (self->store, self->actor, id, date, &error))
    {
      /* The four-eyes rule is the one refusal a user meets in normal work: say it plainly. */
      show_error_dialog (self, g_error_matches (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION)
                               ? _("Verification Refused") : _("Finding Not Verified"), error);
      return;
    }
  finding = psems_finding_get (self->store, id, NULL, NULL);
  if (finding != NULL && finding->self_verified)
    /* Translators: %s is a finding's reference */
    text = g_strdup_printf (_("%s verified; the record says it was self-verified"), finding->ref);
  else
    /* Translators: %s is a finding's reference */
    text = g_strdup_printf (_("%s verified"), finding != NULL ? finding->ref : "");
  show_toast (self, text);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);
  g_autoptr(PsemsFinding) finding = get_finding (self, parameter, _("Finding Not Verified"));
  GtkWidget *dialog, *box, *date;
  g_autofree char *heading = NULL;
  g_autofree char *closed = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean own = FALSE;

  if (finding == NULL)
    return;
  own = same_person (psems_actor_get_name (self->actor), finding->closed_by);
  closed = psems_ui_format_date (finding->closed_on);
  /* Translators: who closed a finding, and when */
  g_string_append_printf (body, _("Confirm that the corrective action recorded by %s on %s "
                                  "was carried out and works. A verified finding is final."),
                          finding->closed_by != NULL ? finding->closed_by : "",
                          closed != NULL ? closed : "");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  if (own)
    {
      GtkWidget *note;

      if (is_single_user (self))
        note = new_label (_("You closed this finding yourself. As the only user of this "
                            "database you may verify it too, and the record will say it was "
                            "self-verified."), "warning", NULL);
      else
        note = new_label (_("You closed this finding yourself: another user must verify it."),
                          "error", NULL);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_widget_set_name (note, "verify-note");
      gtk_box_append (GTK_BOX (box), note);
    }
  gtk_box_append (GTK_BOX (box), new_label (_("Verified on (YYYY-MM-DD)"), "heading", NULL));
  date = new_date_entry ("verify-date", _("Verified on"));
  gtk_box_append (GTK_BOX (box), date);

  /* Translators: %s is a finding's reference */
  heading = g_strdup_printf (_("Verify %s?"), finding->ref);
  dialog = adw_message_dialog_new (psems_ui_get_window (widget), heading, body->str);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "verify", _("_Verify"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "verify",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "verify");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "verify-finding");
  set_dialog_finding_id (G_OBJECT (dialog), finding->id);
  g_object_set_data (G_OBJECT (dialog), "psems-date", date);
  g_signal_connect (date, "changed", G_CALLBACK (verify_date_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (verify_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reopen_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    PsemsFindingsPage *self)
{
  gint64 id = dialog_finding_id (G_OBJECT (dialog));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PsemsFinding *finding;

  if (g_strcmp0 (response, "reopen") != 0 || !require_store (self))
    return;
  if (!psems_finding_reopen (self->store, self->actor, id, &error))
    {
      show_error_dialog (self, _("Finding Not Reopened"), error);
      return;
    }
  finding = find_finding (self, id);
  /* Translators: %s is a finding's reference */
  text = g_strdup_printf (_("%s is open again"), finding != NULL ? finding->ref : "");
  show_toast (self, text);
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);
  g_autoptr(PsemsFinding) finding = get_finding (self, parameter, _("Finding Not Reopened"));
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (finding == NULL)
    return;
  /* Translators: %s is a finding's reference */
  heading = g_strdup_printf (_("Reopen %s?"), finding->ref);
  dialog = adw_message_dialog_new (psems_ui_get_window (widget), heading,
                                   _("The finding goes back to open and its closure is cleared; "
                                     "the audit trail keeps who closed it and when. The control "
                                     "it is against counts as degraded again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reopen", _("_Reopen"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reopen",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "reopen-finding");
  set_dialog_finding_id (G_OBJECT (dialog), finding->id);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reopen_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_evidence_response_cb (GtkNativeDialog   *chooser,
                          int                response,
                          PsemsFindingsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT && require_store (self))
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      guint n_kept = 0;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);
          g_autoptr(GError) error = NULL;

          if (path == NULL)
            continue;
          if (psems_evidence_add_to (self->store, self->actor, path, NULL, "finding",
                                     self->chooser_target, NULL, NULL, &error) <= 0)
            {
              show_error_dialog (self, _("Evidence Not Kept"), error);
              break;
            }
          n_kept++;
        }
      if (n_kept > 0)
        {
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u file kept as evidence",
                                                                "%u files kept as evidence",
                                                                n_kept), n_kept);

          show_toast (self, text);
        }
    }
  g_clear_object (&self->chooser);
}

static void
add_evidence_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);

  if (!require_store (self) || self->chooser != NULL)
    return;
  self->chooser_target = g_variant_get_int64 (parameter);
  self->chooser = gtk_file_chooser_native_new (_("Keep Files as Evidence"),
                                               psems_ui_get_window (widget),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (add_evidence_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_evidence_response_cb (GtkNativeDialog   *chooser,
                           int                response,
                           PsemsFindingsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      /* The chooser asked before replacing a file. */
      if (path != NULL
          && !psems_evidence_save_to (self->store, self->chooser_target, path, TRUE, &error))
        show_error_dialog (self, _("Copy Not Saved"), error);
      else if (path != NULL)
        {
          g_autofree char *name = g_path_get_basename (path);
          /* Translators: %s is a file name */
          g_autofree char *text = g_strdup_printf (_("Saved a copy as %s"), name);

          show_toast (self, text);
        }
    }
  g_clear_object (&self->chooser);
}

static void
save_evidence_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);
  g_autoptr(PsemsEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->chooser != NULL)
    return;
  evidence = psems_evidence_get (self->store, g_variant_get_int64 (parameter), &error);
  if (evidence == NULL)
    {
      show_error_dialog (self, _("Evidence Unavailable"), error);
      return;
    }
  self->chooser_target = evidence->id;
  self->chooser = gtk_file_chooser_native_new (_("Save a Copy of the Evidence"),
                                               psems_ui_get_window (widget),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), evidence->file_name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_evidence_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  psems_findings_page_show_finding (PSEMS_FINDINGS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
clear_filters (PsemsFindingsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->severity_filter, 0);
  gtk_drop_down_set_selected (self->source_filter, 0);
  if (self->overdue_only)
    {
      self->overdue_only = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERDUE_ONLY]);
    }
  reload (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  clear_filters (PSEMS_FINDINGS_PAGE (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (PSEMS_FINDINGS_PAGE (widget)->search_entry));
}

/* Ctrl+E, Ctrl+Return: the selected finding's edit and next step. */
static void
edit_selected_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);

  if (self->selected_id != 0)
    gtk_widget_activate_action (widget, "findings.edit", "x", self->selected_id);
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
set_overdue_only (PsemsFindingsPage *self,
                  gboolean           overdue_only)
{
  if (self->overdue_only == !!overdue_only)
    return;
  self->overdue_only = !!overdue_only;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERDUE_ONLY]);
}

/* ───────────────────────────── narrow windows ───────────────────────────── */

/* Side by side, the list and the detail keep these widths. Folded (narrower than the adaptive
 * bin's fold-width, 720 px, or than both panes), one of them fills the page as in a leaflet: the
 * list, or the chosen finding's detail with the way back to the list above it. */
#define LIST_WIDTH 400
#define DETAIL_WIDTH 420

static void
update_panes (PsemsFindingsPage *self)
{
  gboolean folded = psems_adaptive_bin_get_folded (self->adaptive);
  gboolean detail = folded && self->detail_shown && self->selected_id != 0;

  gtk_widget_set_size_request (self->list_pane, folded ? -1 : LIST_WIDTH, -1);
  gtk_widget_set_size_request (self->detail_pane, folded ? -1 : DETAIL_WIDTH, -1);
  gtk_widget_set_visible (self->list_pane, !detail);
  gtk_widget_set_visible (self->detail_pane, !folded || detail);
  gtk_widget_set_visible (self->back_bar, folded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "findings.back", detail);
}

static void
folded_cb (PsemsAdaptiveBin  *adaptive,
           GParamSpec        *pspec,
           PsemsFindingsPage *self)
{
  update_panes (self);
  /* The rows and the workflow's steps are laid out for the width they have. */
  if (self->findings != NULL)
    fill_list (self);
  if (self->selected_id != 0)
    fill_detail (self);
}

/* Alt+Left, or the button above the detail: back to the list, on the finding that was shown. */
static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);
  GtkListBoxRow *row = self->selected_id != 0 ? find_row (self, self->selected_id) : NULL;

  self->detail_shown = FALSE;
  update_panes (self);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
psems_findings_page_map (GtkWidget *widget)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (widget);

  GTK_WIDGET_CLASS (psems_findings_page_parent_class)->map (widget);
  if (self->reload_due)
    reload (self);
  if (self->pending_show_id != 0)
    psems_findings_page_show_finding (self, self->pending_show_id);
}

static void
psems_findings_page_dispose (GObject *object)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_FINDINGS_PAGE);

  G_OBJECT_CLASS (psems_findings_page_parent_class)->dispose (object);
}

static void
psems_findings_page_finalize (GObject *object)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->facilities, g_hash_table_unref);
  g_clear_pointer (&self->all, g_ptr_array_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (psems_findings_page_parent_class)->finalize (object);
}

static void
psems_findings_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;
    case PROP_OVERDUE_ONLY:
      g_value_set_boolean (value, self->overdue_only);
      break;
    case PROP_SELECTED_ID:
      g_value_set_int64 (value, self->selected_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_findings_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PsemsFindingsPage *self = PSEMS_FINDINGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      psems_findings_page_set_facility_id (self, g_value_get_int64 (value));
      break;
    case PROP_OVERDUE_ONLY:
      set_overdue_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_findings_page_class_init (PsemsFindingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_findings_page_dispose;
  object_class->finalize = psems_findings_page_finalize;
  object_class->get_property = psems_findings_page_get_property;
  object_class->set_property = psems_findings_page_set_property;
  widget_class->map = psems_findings_page_map;

  /**
   * PsemsFindingsPage:facility-id:
   *
   * The facility shown; 0 lists every facility's findings.
   */
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OVERDUE_ONLY] =
    g_param_spec_boolean ("overdue-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ID] =
    g_param_spec_int64 ("selected-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_ADAPTIVE_BIN);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-findings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, severity_filter);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, source_filter);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, overdue_toggle);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, finding_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, adaptive);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, back_bar);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, pill_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, step_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, workflow_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, close_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, verify_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, readonly_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, details_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, text_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, evidence_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, evidence_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsFindingsPage, evidence_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "findings.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "findings.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "findings.edit-selected", NULL,
                                   edit_selected_action);
  gtk_widget_class_install_action (widget_class, "findings.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "findings.start", "x", start_action);
  gtk_widget_class_install_action (widget_class, "findings.close", "x", close_action);
  gtk_widget_class_install_action (widget_class, "findings.verify", "x", verify_action);
  gtk_widget_class_install_action (widget_class, "findings.reopen", "x", reopen_action);
  gtk_widget_class_install_action (widget_class, "findings.add-evidence", "x",
                                   add_evidence_action);
  gtk_widget_class_install_action (widget_class, "findings.save-evidence", "x",
                                   save_evidence_action);
  gtk_widget_class_install_action (widget_class, "findings.select", "x", select_action);
  gtk_widget_class_install_action (widget_class, "findings.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "findings.search", NULL, search_action);
  psems_page_install_habits (widget_class, search_action, new_action);
  gtk_widget_class_install_property_action (widget_class, "findings.overdue-only",
                                            "overdue-only");
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

static GListModel *
new_filter_model (const char         *any,
                  const char * const *ids,
                  const char       *(*label) (const char *))
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, any);
  for (guint i = 0; ids[i] != NULL; i++)
    gtk_string_list_append (list, label (ids[i]));
  return G_LIST_MODEL (list);
}

static void
psems_findings_page_init (PsemsFindingsPage *self)
{
  GtkEventController *shortcuts;
  GtkStringList *statuses;
  GListModel *model;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->facilities = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                            (GDestroyNotify) psems_facility_free);

  statuses = gtk_string_list_new (NULL);
  gtk_string_list_append (statuses, _("Unresolved"));
  for (guint i = 1; status_choices[i] != NULL; i++)
    gtk_string_list_append (statuses, psems_finding_status_label (status_choices[i]));
  gtk_string_list_append (statuses, _("All statuses"));
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (statuses));
  g_object_unref (statuses);
  model = new_filter_model (_("Any severity"), psems_finding_severities (),
                            psems_finding_severity_label);
  gtk_drop_down_set_model (self->severity_filter, model);
  g_object_unref (model);
  model = new_filter_model (_("Any source"), psems_finding_sources (),
                            psems_finding_source_label);
  gtk_drop_down_set_model (self->source_filter, model);
  g_object_unref (model);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                            self);
  g_signal_connect_swapped (self->status_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->severity_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->source_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect (self->finding_list, "row-selected", G_CALLBACK (finding_selected_cb), self);
  g_signal_connect (self->finding_list, "row-activated", G_CALLBACK (finding_activated_cb), self);
  g_signal_connect (self->adaptive, "notify::folded", G_CALLBACK (folded_cb), self);
  psems_ui_set_empty_text (self->evidence_list, _("No evidence yet"));

  /* While the page is shown, wherever the focus is: the window hands these to its mapped pages. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_managed_shortcut (shortcuts, GDK_KEY_n, GDK_CONTROL_MASK, "page.new");
  add_managed_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, "page.find");
  add_managed_shortcut (shortcuts, GDK_KEY_e, GDK_CONTROL_MASK, "findings.edit-selected");
  add_managed_shortcut (shortcuts, GDK_KEY_Left, GDK_ALT_MASK, "findings.back");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
  gtk_stack_set_visible_child_name (self->detail_stack, "none");
  update_panes (self);
}

GtkWidget *
psems_findings_page_new (void)
{
  return g_object_new (PSEMS_TYPE_FINDINGS_PAGE, NULL);
}

/**
 * psems_findings_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who writes; needed with a store
 */
void
psems_findings_page_set_store (PsemsFindingsPage *self,
                               PsemsStore        *store,
                               PsemsActor        *actor)
{
  g_return_if_fail (PSEMS_IS_FINDINGS_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || actor != NULL);

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.new",
                                 psems_page_may_create (store, actor, "finding"));

  if (self->store == store)
    {
      /* Who acts decides what the verify step says. */
      if (self->selected_id != 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
        fill_detail (self);
      return;
    }
  psems_ui_follow_store (&self->store, &self->changed_handler, store,
                         G_CALLBACK (store_changed_cb), self);
  /* Ids belong to the database they came from. */
  self->selected_id = 0;
  self->pending_show_id = 0;
  self->detail_shown = FALSE;
  reload (self);
  update_panes (self);
}

/**
 * psems_findings_page_set_facility_id:
 * @facility_id: the facility to show; 0 for all facilities
 */
void
psems_findings_page_set_facility_id (PsemsFindingsPage *self,
                                     gint64             facility_id)
{
  g_return_if_fail (PSEMS_IS_FINDINGS_PAGE (self));
  g_return_if_fail (facility_id >= 0);

  if (self->facility_id == facility_id)
    return;
  self->facility_id = facility_id;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}

/**
 * psems_findings_page_show_finding:
 * @finding_id: a finding of the facility shown (or of any, with all facilities shown)
 *
 * Shows the finding in the detail pane with its row selected, widening the status filter and
 * clearing the others when they hide it. Asked before the page is shown, it does so once the
 * page is mapped.
 *
 * Returns: %FALSE when the page does not list that finding (known only once shown)
 */
gboolean
psems_findings_page_show_finding (PsemsFindingsPage *self,
                                  gint64             finding_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (PSEMS_IS_FINDINGS_PAGE (self), FALSE);

  if (self->store == NULL)
    return FALSE;
  /* Until the page is shown it has read nothing: it shows the finding once it has. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->pending_show_id = finding_id;
      select_finding (self, finding_id);
      return TRUE;
    }
  self->pending_show_id = 0;
  /* A change not yet reloaded may be the finding itself. */
  if (self->reload_source != 0 || self->reload_due || self->all == NULL)
    reload (self);
  select_finding (self, finding_id);
  if (find_finding (self, finding_id) == NULL)
    {
      select_finding (self, 0);
      return FALSE;
    }
  row = find_row (self, finding_id);
  if (row == NULL)
    {
      /* "All statuses" is the last choice. */
      gtk_drop_down_set_selected (self->status_filter, G_N_ELEMENTS (status_choices) - 1);
      clear_filters (self);
      row = find_row (self, finding_id);
    }
  fill_detail (self);
  self->detail_shown = TRUE;
  update_panes (self);
  if (row != NULL)
    {
      self->selecting = TRUE;
      gtk_list_box_select_row (self->finding_list, row);
      self->selecting = FALSE;
      /* Focus brings the row into sight in its scrolled list; folded, the list is not shown. */
      gtk_widget_grab_focus (psems_adaptive_bin_get_folded (self->adaptive) ? self->back_button
                                                                            : GTK_WIDGET (row));
    }
  return row != NULL;
}

/**
 * psems_findings_page_get_selected_id:
 *
 * Returns: the finding shown in the detail pane, 0 when none is
 */
gint64
psems_findings_page_get_selected_id (PsemsFindingsPage *self)
{
  g_return_val_if_fail (PSEMS_IS_FINDINGS_PAGE (self), 0);
  return self->selected_id;
}
