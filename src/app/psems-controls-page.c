/* psems-controls-page.c — layers, controls, threat scenarios and the facility security assessment of a facility. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-adaptive-bin.h"
#include "psems-control.h"
#include "psems-control-dialog.h"
#include "psems-controls-page.h"
#include "psems-facility.h"
#include "psems-layers-dialog.h"
#include "psems-pfsa-dialog.h"
#include "psems-threat.h"
#include "psems-threat-dialog.h"
#include "psems-page-habits.h"
#include "psems-ui-util.h"

struct _PsemsControlsPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  PsemsAdaptiveBin *adaptive;
  AdwViewSwitcher *view_switcher;
  AdwViewStack *view_stack;
  GtkGrid *controls_toolbar;
  GtkWidget *toolbar_separator;
  GtkButton *layers_button;
  GtkButton *new_button;
  GtkWidget *new_content;       /* owned while the narrow toolbar shows an icon instead */
  GtkWidget *degraded_content;  /* likewise */
  GtkSearchEntry *search_entry;
  GtkDropDown *status_filter;
  GtkDropDown *domain_filter;
  GtkToggleButton *degraded_toggle;
  GtkLabel *controls_summary;
  GtkStack *controls_stack;
  GtkScrolledWindow *controls_scroller;
  GtkBox *controls_box;
  GtkLabel *threats_summary;
  GtkStack *threats_stack;
  GtkListBox *threat_list;
  AdwPreferencesGroup *pfsa_group;
  GtkButton *pfsa_button;
  GtkListBox *pfsa_list;
  AdwPreferencesGroup *matrix_group;
  GtkDrawingArea *matrix_area;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;
  gint64 facility_id;           /* 0: all facilities */

  GHashTable *facilities;       /* id → PsemsFacility, archived ones too */
  GHashTable *layers;           /* facility id → GPtrArray of PsemsLayer, outside in */
  GPtrArray *controls;          /* PsemsControl in scope, as core listed them */
  GPtrArray *threats;           /* PsemsThreat in scope, highest inherent risk first */
  PsemsRiskMatrix *matrix;
  PsemsPfsa *pfsa;              /* the facility's current assessment; NULL when none */
  GPtrArray *control_lists;     /* GtkListBox, one a layer shown */
  gint64 selected_control_id;
  int focus_likelihood;         /* the matrix cell the keyboard is on */
  int focus_consequence;
  gboolean degraded_only;
  gboolean selecting;
  gboolean narrow;              /* folded: rows on two lines, the toolbar on two rows */
};

G_DEFINE_FINAL_TYPE (PsemsControlsPage, psems_controls_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FACILITY_ID,
  PROP_DEGRADED_ONLY,
  PROP_SELECTED_CONTROL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (PsemsControlsPage *self);
static void fill_controls (PsemsControlsPage *self);

static void
show_toast (PsemsControlsPage *self,
            const char        *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static void
show_error_dialog (PsemsControlsPage *self,
                   const char        *heading,
                   const GError      *error)
{
  psems_ui_show_error_dialog (GTK_WIDGET (self), "controls-error", heading, error);
}

static const PsemsFacility *
find_facility (PsemsControlsPage *self,
               gint64             id)
{
  return self->facilities != NULL ? g_hash_table_lookup (self->facilities, &id) : NULL;
}

static const char *
facility_code (PsemsControlsPage *self,
               gint64             id)
{
  const PsemsFacility *facility = find_facility (self, id);

  return facility != NULL ? facility->code : "";
}

static GPtrArray *
layers_of (PsemsControlsPage *self,
           gint64             facility_id)
{
  return self->layers != NULL ? g_hash_table_lookup (self->layers, &facility_id) : NULL;
}

static const PsemsLayer *
find_layer (PsemsControlsPage *self,
            gint64             facility_id,
            gint64             layer_id)
{
  GPtrArray *layers = layers_of (self, facility_id);

  for (guint i = 0; layers != NULL && i < layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (layers, i);

      if (layer->id == layer_id)
        return layer;
    }
  return NULL;
}

static PsemsControl *
find_control (PsemsControlsPage *self,
              gint64             id)
{
  for (guint i = 0; self->controls != NULL && i < self->controls->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (self->controls, i);

      if (control->id == id)
        return control;
    }
  return NULL;
}

static const PsemsRiskLevel *
matrix_level (PsemsControlsPage *self,
              int                index)
{
  if (self->matrix == NULL || index < 0 || (guint) index >= self->matrix->levels->len)
    return NULL;
  return g_ptr_array_index (self->matrix->levels, index);
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

/* Status colours say what a status means for the defence: working, partly, not at all. */
static const char *
status_class (const char *status)
{
  if (g_strcmp0 (status, "implemented") == 0)
    return "success";
  if (g_strcmp0 (status, "partially-effective") == 0)
    return "warning";
  if (g_strcmp0 (status, "ineffective") == 0)
    return "error";
  return "dim-label";
}

static GtkWidget *
new_status_pill (const char *status)
{
  const char *label = psems_control_status_label (status);
  GtkWidget *pill = gtk_label_new (label != NULL ? label : status);

  g_autofree char *css = g_strconcat ("control-", status, NULL);

  gtk_widget_add_css_class (pill, "status-pill");
  gtk_widget_add_css_class (pill, status_class (status));
  gtk_widget_add_css_class (pill, css);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

static GtkWidget *
new_risk_pill (PsemsControlsPage *self,
               int                level)
{
  const PsemsRiskLevel *risk = matrix_level (self, level);
  GtkWidget *pill = gtk_label_new (risk != NULL ? risk->name : "—");
  g_autofree char *css = g_strdup_printf ("risk-level-%d", level);

  gtk_widget_add_css_class (pill, "status-pill");
  if (risk != NULL)
    gtk_widget_add_css_class (pill, css);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

/* A fixed-width slot with @child centred in it, so columns line up down a list. */
static GtkWidget *
new_slot (GtkWidget *child,
          int        width)
{
  GtkWidget *slot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_size_request (slot, width, -1);
  /* Set, not computed: the child's expansion must not widen the slot. */
  gtk_widget_set_hexpand (slot, FALSE);
  gtk_widget_set_hexpand (child, TRUE);
  gtk_widget_set_halign (child, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (slot), child);
  return slot;
}

/* Why a control is degraded, in a sentence for its tooltip. */
static char *
describe_degraded (const PsemsControl *control)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (control->test_overdue)
    {
      if (control->test_due_on != NULL)
        {
          g_autofree char *due = psems_ui_format_date (control->test_due_on);

          /* Translators: %s is a date */
          g_string_append_printf (text, _("Test overdue since %s."), due);
        }
      else
        {
          g_string_append (text, _("Never tested, though a test interval is set."));
        }
    }
  if (control->open_findings > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%d finding against it is open.",
                                                 "%d findings against it are open.",
                                                 control->open_findings),
                              control->open_findings);
    }
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, _("A degraded control stops no threat."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ───────────────────────────── controls ───────────────────────────── */

static const char *
selected_id_of (GtkDropDown        *dropdown,
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
filters_active (PsemsControlsPage *self)
{
  return self->degraded_only
         || gtk_drop_down_get_selected (self->status_filter) > 0
         || gtk_drop_down_get_selected (self->domain_filter) > 0
         || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
}

static gboolean
control_shown (PsemsControlsPage  *self,
               const PsemsControl *control,
               const char         *needle)
{
  const char *status = selected_id_of (self->status_filter, psems_control_statuses ());
  const char *domain = selected_id_of (self->domain_filter, psems_control_domains ());

  if (self->degraded_only && !control->degraded)
    return FALSE;
  if (status != NULL && g_strcmp0 (control->status, status) != 0)
    return FALSE;
  if (domain != NULL && g_strcmp0 (control->domain, domain) != 0)
    return FALSE;
  if (needle != NULL && *needle != '\0')
    {
      gboolean found = text_matches (control->name, needle) || text_matches (control->ref, needle)
                       || text_matches (control->owner, needle)
                       || text_matches (control->description, needle)
                       || text_matches (control->layer_name, needle);

      for (guint i = 0; !found && control->regulations != NULL && control->regulations[i] != NULL;
           i++)
        found = text_matches (control->regulations[i], needle);
      if (!found)
        return FALSE;
    }
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

/* The warning that a control is degraded; narrow, the icon alone says it (its tooltip and
 * accessible name keep the word). */
static GtkWidget *
new_degraded_badge (const PsemsControl *control,
                    gboolean            narrow)
{
  GtkWidget *degraded = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char *why = describe_degraded (control);

  gtk_box_append (GTK_BOX (degraded), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  if (!narrow)
    gtk_box_append (GTK_BOX (degraded), gtk_label_new (_("Degraded")));
  gtk_widget_add_css_class (degraded, "warning");
  gtk_widget_set_valign (degraded, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (degraded, why);
  gtk_widget_set_name (degraded, "control-degraded");
  gtk_accessible_update_property (GTK_ACCESSIBLE (degraded),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Degraded"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why, -1);
  return degraded;
}

/* A control's row. Wide, its figures stand in fixed columns that line up down the list; narrow,
 * they go on a second line under the name, and nothing is left out. */
static GtkWidget *
create_control_row (PsemsControlsPage  *self,
                    const PsemsControl *control)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *function;
  GtkWidget *name = new_label (control->name, "heading", NULL);
  GtkWidget *details;
  GtkWidget *effect = gtk_box_new (self->narrow ? GTK_ORIENTATION_HORIZONTAL
                                                : GTK_ORIENTATION_VERTICAL, self->narrow ? 6 : 2);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 100);
  GtkWidget *test = gtk_button_new_from_icon_name ("emblem-ok-symbolic");
  GtkWidget *status = new_status_pill (control->status);
  const char *function_label = psems_control_function_label (control->function);
  const char *domain_label = psems_control_domain_label (control->domain);
  g_autofree char *percent = NULL;
  g_autofree char *detail_text = NULL;
  g_autofree char *widget_name = g_strdup_printf ("control-%" G_GINT64_FORMAT, control->id);
  g_autofree char *tooltip = NULL;

  function = gtk_label_new (function_label != NULL ? function_label : control->function);
  gtk_widget_add_css_class (function, "caption");
  gtk_widget_add_css_class (function, "dim-label");
  if (!self->narrow)
    gtk_label_set_width_chars (GTK_LABEL (function), 8);
  gtk_label_set_xalign (GTK_LABEL (function), 0.0);
  gtk_widget_set_valign (function, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (function, _("What the control does: deter, detect, delay, respond "
                                           "or recover"));

  if (self->facility_id == 0)
    detail_text = g_strdup_printf ("%s · %s · %s%s%s", facility_code (self, control->facility_id),
                                   control->ref,
                                   domain_label != NULL ? domain_label : control->domain,
                                   control->owner != NULL ? " · " : "",
                                   control->owner != NULL ? control->owner : "");
  else
    detail_text = g_strdup_printf ("%s · %s%s%s", control->ref,
                                   domain_label != NULL ? domain_label : control->domain,
                                   control->owner != NULL ? " · " : "",
                                   control->owner != NULL ? control->owner : "");
  details = new_label (detail_text, "caption", "dim-label", NULL);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), details);

  /* Translators: a control's effectiveness, e.g. "80 %" */
  percent = g_strdup_printf (_("%d %%"), control->effectiveness);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (control->effectiveness, 0, 100));
  /* One colour for every value: the figure is a share, not a warning. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (effect, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (effect, _("Effectiveness"));

  gtk_widget_add_css_class (test, "flat");
  gtk_widget_set_valign (test, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (test, _("Record a test…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (test), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Record a test…"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (test), "controls.record-test");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (test), "x", control->id);

  if (self->narrow)
    {
      /* Name and test button on the first line; what it does, its state and its figures on
       * the whole second line. */
      GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

      gtk_widget_set_size_request (bar, 48, -1);
      gtk_box_append (GTK_BOX (effect), bar);
      gtk_box_append (GTK_BOX (effect), new_label (percent, "caption", "numeric", NULL));
      gtk_box_append (GTK_BOX (figures), function);
      gtk_box_append (GTK_BOX (figures), status);
      gtk_box_append (GTK_BOX (figures), effect);
      if (control->degraded)
        gtk_box_append (GTK_BOX (figures), new_degraded_badge (control, TRUE));
      gtk_box_append (GTK_BOX (top), labels);
      gtk_box_append (GTK_BOX (top), test);
      gtk_orientable_set_orientation (GTK_ORIENTABLE (box), GTK_ORIENTATION_VERTICAL);
      gtk_box_set_spacing (GTK_BOX (box), 6);
      gtk_box_append (GTK_BOX (box), top);
      gtk_box_append (GTK_BOX (box), figures);
    }
  else
    {
      /* Fixed slots, so the figures line up down the list whatever each row holds. */
      GtkWidget *slot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_box_append (GTK_BOX (box), function);
      gtk_box_append (GTK_BOX (box), labels);
      gtk_widget_set_size_request (slot, 104, -1);
      gtk_widget_set_hexpand (slot, FALSE);
      if (control->degraded)
        {
          GtkWidget *degraded = new_degraded_badge (control, FALSE);

          gtk_widget_set_halign (degraded, GTK_ALIGN_END);
          gtk_widget_set_hexpand (degraded, TRUE);
          gtk_box_append (GTK_BOX (slot), degraded);
        }
      gtk_box_append (GTK_BOX (box), slot);
      gtk_widget_set_size_request (bar, 72, -1);
      gtk_box_append (GTK_BOX (effect), new_label (percent, "caption", "numeric", NULL));
      gtk_box_append (GTK_BOX (effect), bar);
      gtk_box_append (GTK_BOX (box), new_slot (effect, 80));
      gtk_box_append (GTK_BOX (box), new_slot (status, 150));
      gtk_box_append (GTK_BOX (box), test);
    }

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, widget_name);
  set_row_id (row, control->id);
  tooltip = control->description != NULL ? g_strdup (control->description) : NULL;
  gtk_widget_set_tooltip_text (labels, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  control->name, -1);
  return row;
}

static void
control_selected_cb (GtkListBox        *list,
                     GtkListBoxRow     *row,
                     PsemsControlsPage *self)
{
  if (self->selecting || row == NULL)
    return;
  /* One selection across the layers' lists. */
  self->selecting = TRUE;
  for (guint i = 0; i < self->control_lists->len; i++)
    if (g_ptr_array_index (self->control_lists, i) != list)
      gtk_list_box_unselect_all (g_ptr_array_index (self->control_lists, i));
  self->selecting = FALSE;
  if (self->selected_control_id != row_get_id (row))
    {
      self->selected_control_id = row_get_id (row);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL_ID]);
    }
}

static void
control_activated_cb (GtkListBox        *list,
                      GtkListBoxRow     *row,
                      PsemsControlsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "controls.edit", "x", row_get_id (row));
}

/* Returns: (transfer none): the row showing @id, or %NULL when the filters hide it */
static GtkListBoxRow *
find_control_row (PsemsControlsPage *self,
                  gint64             id,
                  GtkListBox       **list_out)
{
  for (guint i = 0; i < self->control_lists->len; i++)
    {
      GtkListBox *list = g_ptr_array_index (self->control_lists, i);
      GtkListBoxRow *row;

      for (int j = 0; (row = gtk_list_box_get_row_at_index (list, j)) != NULL; j++)
        if (row_get_id (row) == id)
          {
            if (list_out != NULL)
              *list_out = list;
            return row;
          }
    }
  return NULL;
}

static void
select_control_row (PsemsControlsPage *self,
                    gint64             id)
{
  GtkListBox *list = NULL;
  GtkListBoxRow *row = find_control_row (self, id, &list);

  self->selecting = TRUE;
  for (guint i = 0; i < self->control_lists->len; i++)
    gtk_list_box_unselect_all (g_ptr_array_index (self->control_lists, i));
  if (row != NULL)
    gtk_list_box_select_row (list, row);
  self->selecting = FALSE;
}

static GtkWidget *
create_layer_section (PsemsControlsPage *self,
                      const char        *title,
                      const char        *subtitle,
                      gboolean           unopposed,
                      GtkListBox       **list_out)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *list = gtk_list_box_new ();

  gtk_box_append (GTK_BOX (header), new_label (title, "heading", NULL));
  gtk_box_append (GTK_BOX (header), new_label (subtitle, unopposed ? "warning" : "dim-label",
                                               NULL));
  gtk_widget_set_margin_start (header, 6);
  gtk_box_append (GTK_BOX (section), header);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect (list, "row-selected", G_CALLBACK (control_selected_cb), self);
  g_signal_connect (list, "row-activated", G_CALLBACK (control_activated_cb), self);
  psems_ui_set_empty_text (GTK_LIST_BOX (list),
                           _("No controls on this layer: a threat passes it unopposed"));
  gtk_box_append (GTK_BOX (section), list);
  g_ptr_array_add (self->control_lists, list);
  *list_out = GTK_LIST_BOX (list);
  return section;
}

static int
compare_facility_codes (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  PsemsControlsPage *self = user_data;
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return g_strcmp0 (facility_code (self, x), facility_code (self, y));
}

/* The facilities in scope, by code: the one chosen, or every one with layers. */
static GArray *
facilities_in_scope (PsemsControlsPage *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  if (self->facility_id != 0)
    {
      g_array_append_val (ids, self->facility_id);
      return ids;
    }
  g_hash_table_iter_init (&iter, self->layers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  g_array_sort_with_data (ids, compare_facility_codes, self);
  return ids;
}

static void
fill_controls (PsemsControlsPage *self)
{
  g_autoptr(GArray) facility_ids = NULL;
  g_autofree char *needle = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *child;
  gboolean filtering = filters_active (self);
  guint n_shown = 0, n_degraded = 0, n_effective = 0;
  guint n_total = self->controls != NULL ? self->controls->len : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->controls_box))) != NULL)
    gtk_box_remove (self->controls_box, child);
  g_ptr_array_set_size (self->control_lists, 0);
  if (self->controls == NULL || self->layers == NULL)
    return;

  needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  g_strstrip (needle);
  facility_ids = facilities_in_scope (self);
  for (guint f = 0; f < facility_ids->len; f++)
    {
      gint64 facility_id = g_array_index (facility_ids, gint64, f);
      GPtrArray *layers = layers_of (self, facility_id);

      for (guint l = 0; layers != NULL && l < layers->len; l++)
        {
          const PsemsLayer *layer = g_ptr_array_index (layers, l);
          g_autofree char *title = NULL;
          g_autofree char *subtitle = NULL;
          g_autoptr(GPtrArray) rows = g_ptr_array_new ();
          GtkListBox *list = NULL;
          GtkWidget *section;
          guint n_layer = 0;
          guint n_effective_layer = 0;

          for (guint i = 0; i < self->controls->len; i++)
            {
              PsemsControl *control = g_ptr_array_index (self->controls, i);

              if (control->layer_id != layer->id)
                continue;
              n_layer++;
              n_effective_layer += control->effective ? 1 : 0;
              if (control_shown (self, control, needle))
                g_ptr_array_add (rows, control);
            }
          /* Filtering hides empty layers; otherwise an empty layer is worth seeing. */
          if (filtering && rows->len == 0)
            continue;
          /* Facilities without controls say nothing in the all-facilities list. */
          if (self->facility_id == 0 && n_layer == 0)
            continue;

          if (self->facility_id == 0)
            /* Translators: facility code, layer position outside in, layer name: "NHV-CT · 1 · Perimeter" */
            title = g_strdup_printf (_("%s · %d · %s"), facility_code (self, facility_id),
                                     layer->position, layer->name);
          else
            /* Translators: layer position outside in, layer name: "1 · Perimeter" */
            title = g_strdup_printf (_("%d · %s"), layer->position, layer->name);
          {
            g_autofree char *count = NULL;

            count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u control", "%u controls",
                                                  n_layer), n_layer);
            if (n_effective_layer > 0)
              /* Translators: "4 controls · 3 effective" */
              subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u effective",
                                                       "%s · %u effective", n_effective_layer),
                                          count, n_effective_layer);
            else
              /* Translators: "4 controls · none effective" */
              subtitle = g_strdup_printf (_("%s · none effective: threats pass unopposed"),
                                          count);
          }
          section = create_layer_section (self, title, subtitle, n_effective_layer == 0, &list);
          for (guint i = 0; i < rows->len; i++)
            gtk_list_box_append (list, create_control_row (self, g_ptr_array_index (rows, i)));
          gtk_box_append (self->controls_box, section);
          n_shown += rows->len;
        }
    }

  for (guint i = 0; i < self->controls->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (self->controls, i);

      n_degraded += control->degraded ? 1 : 0;
      n_effective += control->effective ? 1 : 0;
    }
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u control", "%u controls", n_total),
                             n_total);
  {
    g_autofree char *effective = NULL;
    g_autofree char *degraded = NULL;
    g_autofree char *text = NULL;

    /* Translators: how many controls count against threats */
    effective = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u effective", "%u effective",
                                              n_effective), n_effective);
    degraded = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u degraded", "%u degraded",
                                             n_degraded), n_degraded);
    if (filtering)
      /* Translators: "20 controls · 16 effective · 3 degraded · 5 shown" */
      text = g_strdup_printf (_("%s · %s · %s · %u shown"), summary, effective, degraded, n_shown);
    else
      /* Translators: "20 controls · 16 effective · 3 degraded" */
      text = g_strdup_printf (_("%s · %s · %s"), summary, effective, degraded);
    gtk_label_set_text (self->controls_summary, text);
  }

  if (n_total == 0 && !filtering && self->facility_id == 0)
    gtk_stack_set_visible_child_name (self->controls_stack, "empty");
  else if (filtering && n_shown == 0)
    gtk_stack_set_visible_child_name (self->controls_stack, "no-match");
  else if (gtk_widget_get_first_child (GTK_WIDGET (self->controls_box)) == NULL)
    gtk_stack_set_visible_child_name (self->controls_stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->controls_stack, "list");

  if (self->selected_control_id != 0)
    select_control_row (self, self->selected_control_id);
}

static void
filter_changed_cb (PsemsControlsPage *self)
{
  fill_controls (self);
}

/* ───────────────────────────── threats ───────────────────────────── */

static char *
join_layer_names (PsemsControlsPage *self,
                  gint64             facility_id,
                  GArray            *layer_ids)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; layer_ids != NULL && i < layer_ids->len; i++)
    {
      const PsemsLayer *layer = find_layer (self, facility_id, g_array_index (layer_ids, gint64, i));

      if (layer == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append (text, layer->name);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
passes_unopposed (const PsemsThreat *threat)
{
  return threat->assessment.stop_position == 0;
}

/* The layers outside in, each marked with whether the scenario meets an effective control
 * there: the defence-in-depth picture of one threat at a glance. */
static GtkWidget *
create_path_strip (PsemsControlsPage *self,
                   const PsemsThreat *threat)
{
  GPtrArray *layers = layers_of (self, threat->facility_id);
  GArray *best = threat->assessment.best_per_layer;
  GtkWidget *strip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 3);

  gtk_widget_set_valign (strip, GTK_ALIGN_CENTER);
  for (guint i = 0; layers != NULL && i < layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (layers, i);
      int value = best != NULL && i < best->len ? g_array_index (best, int, i) : 0;
      g_autofree char *number = g_strdup_printf ("%d", layer->position);
      g_autofree char *tooltip = NULL;
      GtkWidget *chip = gtk_label_new (number);

      if (value > 0)
        /* Translators: a layer's name and the best effectiveness of the controls there */
        tooltip = g_strdup_printf (_("%s: opposed, best effective control %d %%"), layer->name,
                                   value);
      else
        /* Translators: %s is a layer's name */
        tooltip = g_strdup_printf (_("%s: unopposed"), layer->name);
      gtk_widget_add_css_class (chip, "status-pill");
      gtk_widget_add_css_class (chip, "numeric");
      gtk_widget_add_css_class (chip, value > 0 ? "success" : "error");
      gtk_widget_add_css_class (chip, value > 0 ? "layer-opposed" : "layer-unopposed");
      gtk_widget_set_tooltip_text (chip, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tooltip, -1);
      gtk_box_append (GTK_BOX (strip), chip);
    }
  return strip;
}

static GtkWidget *
create_threat_row (PsemsControlsPage *self,
                   const PsemsThreat *threat)
{
  const PsemsThreatAssessment *assessment = &threat->assessment;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *line = box;        /* where the figures go */
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = new_label (threat->name, "heading", NULL);
  GtkWidget *details;
  GtkWidget *path;
  GtkWidget *score;
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autofree char *detail_text = NULL;
  g_autofree char *path_text = NULL;
  g_autofree char *score_text = NULL;
  g_autofree char *widget_name = g_strdup_printf ("threat-%" G_GINT64_FORMAT, threat->id);
  g_autofree char *residual_tip = NULL;
  GtkWidget *residual;

  if (self->facility_id == 0)
    detail_text = g_strdup_printf ("%s · %s%s%s", facility_code (self, threat->facility_id),
                                   threat->ref, threat->target != NULL ? " · " : "",
                                   threat->target != NULL ? threat->target : "");
  else
    detail_text = g_strdup_printf ("%s%s%s", threat->ref, threat->target != NULL ? " · " : "",
                                   threat->target != NULL ? threat->target : "");
  details = new_label (detail_text, "caption", "dim-label", NULL);

  if (passes_unopposed (threat))
    {
      path = new_label (_("Passes every layer unopposed"), "caption", "error", NULL);
    }
  else
    {
      g_autofree char *unopposed = join_layer_names (self, threat->facility_id,
                                                     assessment->unopposed_layers);
      const PsemsLayer *stop = find_layer (self, threat->facility_id, assessment->stop_layer_id);

      if (*unopposed != '\0')
        /* Translators: a list of layer names */
        path_text = g_strdup_printf (_("Unopposed at: %s"), unopposed);
      else
        path_text = g_strdup (_("Opposed at every layer"));
      if (stop != NULL)
        {
          g_autofree char *with_stop = NULL;

          /* Translators: the first %s says where the threat is unopposed, the second is a layer */
          with_stop = g_strdup_printf (_("%s · first stopped at %s"), path_text, stop->name);
          g_free (path_text);
          path_text = g_steal_pointer (&with_stop);
        }
      path = new_label (path_text, "caption", *unopposed != '\0' ? "warning" : "success", NULL);
    }
  gtk_widget_set_name (path, "threat-path");
  gtk_label_set_wrap (GTK_LABEL (path), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), details);
  gtk_box_append (GTK_BOX (labels), path);
  if (threat->description != NULL)
    gtk_widget_set_tooltip_text (labels, threat->description);
  if (self->narrow)
    {
      /* Narrow, the layers' strip and the figures go on lines of their own under the name. */
      GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

      gtk_widget_set_hexpand (text, TRUE);
      gtk_box_append (GTK_BOX (text), labels);
      gtk_box_append (GTK_BOX (text), create_path_strip (self, threat));
      gtk_box_append (GTK_BOX (text), figures);
      gtk_box_append (GTK_BOX (box), text);
      gtk_widget_set_halign (gtk_widget_get_prev_sibling (figures), GTK_ALIGN_START);
      line = figures;
    }
  else
    {
      gtk_box_append (GTK_BOX (box), labels);
      gtk_box_append (GTK_BOX (box), create_path_strip (self, threat));
    }

  /* Translators: likelihood × consequence, e.g. "L4 × C5" */
  score_text = g_strdup_printf (_("L%d × C%d"), threat->likelihood, threat->consequence);
  score = new_label (score_text, "numeric", "dim-label", NULL);
  gtk_widget_set_valign (score, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (score, _("Likelihood × consequence, each from 1 to 5"));
  gtk_box_append (GTK_BOX (line), score);
  {
    GtkWidget *inherent = new_risk_pill (self, assessment->inherent_level);

    gtk_widget_set_name (inherent, "threat-inherent");
    gtk_widget_set_tooltip_text (inherent, _("Inherent risk, before any control acts"));
    gtk_box_append (GTK_BOX (line), self->narrow ? inherent : new_slot (inherent, 96));
  }
  gtk_widget_add_css_class (arrow, "dim-label");
  gtk_widget_set_valign (arrow, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (line), arrow);
  residual = new_risk_pill (self, assessment->residual_level);
  gtk_widget_set_name (residual, "threat-residual");
  /* Translators: the likelihood that remains after the layers, to one decimal */
  residual_tip = g_strdup_printf (_("Residual risk: likelihood %.1f after the layers"),
                                  assessment->residual_likelihood);
  gtk_widget_set_tooltip_text (residual, residual_tip);
  gtk_box_append (GTK_BOX (line), self->narrow ? residual : new_slot (residual, 96));

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, widget_name);
  set_row_id (row, threat->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  threat->name, -1);
  return row;
}

static void
threat_activated_cb (GtkListBox        *list,
                     GtkListBoxRow     *row,
                     PsemsControlsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "controls.edit-threat", "x", row_get_id (row));
}

static void
fill_threats (PsemsControlsPage *self)
{
  guint n = self->threats != NULL ? self->threats->len : 0;
  guint n_unopposed = 0;
  g_autofree char *count = NULL;

  psems_ui_clear_list_box (self->threat_list);
  for (guint i = 0; i < n; i++)
    {
      PsemsThreat *threat = g_ptr_array_index (self->threats, i);

      gtk_list_box_append (self->threat_list, create_threat_row (self, threat));
      n_unopposed += passes_unopposed (threat) ? 1 : 0;
    }
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u threat scenario",
                                        "%u threat scenarios", n), n);
  if (n_unopposed > 0)
    {
      g_autofree char *text = NULL;
      g_autofree char *unopposed = NULL;

      unopposed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u passes every layer unopposed",
                                                "%u pass every layer unopposed", n_unopposed),
                                   n_unopposed);
      /* Translators: "8 threat scenarios · 2 pass every layer unopposed" */
      text = g_strdup_printf (_("%s · %s"), count, unopposed);
      gtk_label_set_text (self->threats_summary, text);
    }
  else
    {
      gtk_label_set_text (self->threats_summary, count);
    }
  gtk_stack_set_visible_child_name (self->threats_stack, n > 0 ? "list" : "empty");
}

/* ───────────────────────────── assessment ───────────────────────────── */

static void
add_pfsa_row (PsemsControlsPage *self,
              const char        *title,
              const char        *value,
              const char        *css_class)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value != NULL ? value : _("Not recorded"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (label, "pfsa-value");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (value == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->pfsa_list, row);
}

static void
fill_assessment (PsemsControlsPage *self)
{
  const PsemsPfsa *pfsa = self->pfsa;

  psems_ui_clear_list_box (self->pfsa_list);
  gtk_widget_set_visible (GTK_WIDGET (self->pfsa_button), self->facility_id != 0);
  if (self->facility_id == 0)
    {
      adw_preferences_group_set_description (self->pfsa_group,
                                             _("Each facility has its own assessment: choose a "
                                               "facility in the header bar to see it."));
      gtk_widget_set_visible (GTK_WIDGET (self->pfsa_list), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pfsa_list), TRUE);
  adw_preferences_group_set_description (self->pfsa_group,
                                         _("The record ISPS A/15 asks for: who assessed the "
                                           "facility, when, and when the assessment is next "
                                           "reviewed."));
  if (pfsa == NULL)
    {
      gtk_button_set_label (self->pfsa_button, _("_Record…"));
      psems_ui_set_empty_text (self->pfsa_list,
                               _("No assessment recorded yet. Record who assessed the facility "
                                 "and when."));
      return;
    }

  gtk_button_set_label (self->pfsa_button, _("_Edit…"));
  add_pfsa_row (self, _("Title"), pfsa->title, NULL);
  add_pfsa_row (self, _("Reference"), pfsa->ref, NULL);
  {
    g_autofree char *assessed = psems_ui_format_date (pfsa->assessed_on);
    g_autofree char *by = NULL;

    if (pfsa->organization != NULL)
      /* Translators: the assessor, then the recognized security organization */
      by = g_strdup_printf (_("%s, %s"), pfsa->assessor, pfsa->organization);
    else
      by = g_strdup (pfsa->assessor);
    add_pfsa_row (self, _("Assessed on"), assessed, NULL);
    add_pfsa_row (self, _("Assessor"), by, NULL);
  }
  {
    g_autofree char *approved = psems_ui_format_date (pfsa->approved_on);
    g_autofree char *text = NULL;

    if (approved != NULL)
      /* Translators: a date, then who approved: "12 March 2026 by the Port State authority" */
      text = g_strdup_printf (_("%s by %s"), approved,
                              pfsa->approved_by != NULL ? pfsa->approved_by : "");
    add_pfsa_row (self, _("Approved"), text != NULL ? text : _("Not approved yet"),
                  text != NULL ? NULL : "warning");
  }
  {
    g_autofree char *due = psems_ui_format_date (pfsa->review_due);
    g_autofree char *text = NULL;

    if (due != NULL && pfsa->review_overdue)
      /* Translators: %s is a date */
      text = g_strdup_printf (_("%s — overdue"), due);
    add_pfsa_row (self, _("Review due"), text != NULL ? text : due,
                  pfsa->review_overdue ? "error" : NULL);
  }
  {
    g_autofree char *n = g_strdup_printf ("%d", pfsa->n_threats);

    add_pfsa_row (self, _("Threat scenarios assessed"), n, NULL);
  }
  if (pfsa->summary != NULL)
    add_pfsa_row (self, _("Summary"), pfsa->summary, NULL);
}

/* The matrix: likelihood 5 at the top, consequence 1 on the left, each threat's
 * reference in the cell of its inherent risk. */
typedef struct
{
  double left, top, cell_w, cell_h;
} MatrixGeometry;

static void
get_matrix_geometry (int             width,
                     int             height,
                     MatrixGeometry *g)
{
  double grid_w, grid_h;

  g->left = 72;
  g->top = 12;
  grid_w = MAX (width - g->left - 16, 100);
  grid_h = MAX (height - g->top - 88, 100);
  g->cell_w = grid_w / PSEMS_RISK_SCALE;
  g->cell_h = grid_h / PSEMS_RISK_SCALE;
}

static void
draw_text (cairo_t              *cr,
           PangoLayout          *layout,
           const char           *text,
           double                x,
           double                y,
           double                width,
           PangoAlignment        alignment)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_alignment (layout, alignment);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
set_source_for_text_on (cairo_t    *cr,
                        const char *colour)
{
  GdkRGBA rgba;

  if (colour != NULL && gdk_rgba_parse (&rgba, colour)
      && 0.2126 * rgba.red + 0.7152 * rgba.green + 0.0722 * rgba.blue <= 0.55)
    cairo_set_source_rgb (cr, 1, 1, 1);
  else
    cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
}

static void
draw_matrix_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  PsemsControlsPage *self = user_data;
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  PangoFontDescription *font;
  MatrixGeometry g;
  GdkRGBA fg;
  double legend_x, legend_y;

  if (self->matrix == NULL)
    return;
  get_matrix_geometry (width, height, &g);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);

  for (int l = 1; l <= PSEMS_RISK_SCALE; l++)
    for (int c = 1; c <= PSEMS_RISK_SCALE; c++)
      {
        const PsemsRiskLevel *level = psems_risk_matrix_lookup (self->matrix, l, c);
        double x = g.left + (c - 1) * g.cell_w;
        double y = g.top + (PSEMS_RISK_SCALE - l) * g.cell_h;
        g_autoptr(GString) refs = g_string_new (NULL);
        guint n = 0;
        GdkRGBA rgba;

        if (level != NULL && level->colour != NULL && gdk_rgba_parse (&rgba, level->colour))
          cairo_set_source_rgba (cr, rgba.red, rgba.green, rgba.blue, 0.9);
        else
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.08);
        cairo_rectangle (cr, x + 1, y + 1, g.cell_w - 2, g.cell_h - 2);
        cairo_fill (cr);

        for (guint i = 0; self->threats != NULL && i < self->threats->len; i++)
          {
            const PsemsThreat *threat = g_ptr_array_index (self->threats, i);

            if (threat->likelihood != l || threat->consequence != c)
              continue;
            if (n < 4)
              {
                if (refs->len > 0)
                  g_string_append_c (refs, '\n');
                g_string_append (refs, threat->ref);
              }
            n++;
          }
        if (n > 4)
          {
            g_string_append_c (refs, '\n');
            /* Translators: more threat scenarios in a cell than fit, e.g. "+3 more" */
            g_string_append_printf (refs, _("+%u more"), n - 4);
          }

        set_source_for_text_on (cr, level != NULL ? level->colour : NULL);
        font = pango_font_description_from_string ("Sans 8");
        pango_layout_set_font_description (layout, font);
        pango_font_description_free (font);
        if (level != NULL)
          draw_text (cr, layout, level->name, x + 6, y + 4, g.cell_w - 12, PANGO_ALIGN_LEFT);
        if (refs->len > 0)
          {
            int text_h;

            font = pango_font_description_from_string ("Monospace Bold 8");
            pango_layout_set_font_description (layout, font);
            pango_font_description_free (font);
            pango_layout_set_text (layout, refs->str, -1);
            pango_layout_set_width (layout, (int) ((g.cell_w - 8) * PANGO_SCALE));
            pango_layout_get_pixel_size (layout, NULL, &text_h);
            draw_text (cr, layout, refs->str, x + 4, y + MAX (18, (g.cell_h - text_h) / 2 + 6),
                       g.cell_w - 8, PANGO_ALIGN_CENTER);
          }
      }

  if (gtk_widget_has_focus (GTK_WIDGET (area)))
    {
      GdkRGBA accent;

      gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (area)),
                                      "accent_color", &accent);
      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_set_line_width (cr, 3);
      cairo_rectangle (cr, g.left + (self->focus_consequence - 1) * g.cell_w + 2.5,
                       g.top + (PSEMS_RISK_SCALE - self->focus_likelihood) * g.cell_h + 2.5,
                       g.cell_w - 5, g.cell_h - 5);
      cairo_stroke (cr);
    }

  /* Axes */
  gdk_cairo_set_source_rgba (cr, &fg);
  font = pango_font_description_from_string ("Sans 9");
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  for (int i = 1; i <= PSEMS_RISK_SCALE; i++)
    {
      g_autofree char *number = g_strdup_printf ("%d", i);

      draw_text (cr, layout, number, g.left - 24, g.top + (PSEMS_RISK_SCALE - i) * g.cell_h
                 + g.cell_h / 2 - 8, 16, PANGO_ALIGN_RIGHT);
      draw_text (cr, layout, number, g.left + (i - 1) * g.cell_w, g.top + PSEMS_RISK_SCALE
                 * g.cell_h + 4, g.cell_w, PANGO_ALIGN_CENTER);
    }
  cairo_save (cr);
  cairo_move_to (cr, 8, g.top + PSEMS_RISK_SCALE * g.cell_h / 2 + 30);
  cairo_rotate (cr, -G_PI / 2);
  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, _("Likelihood"), -1);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  draw_text (cr, layout, _("Consequence"), g.left, g.top + PSEMS_RISK_SCALE * g.cell_h + 22,
             PSEMS_RISK_SCALE * g.cell_w, PANGO_ALIGN_CENTER);

  /* Legend: each level's colour and name */
  legend_x = g.left;
  legend_y = g.top + PSEMS_RISK_SCALE * g.cell_h + 50;
  for (guint i = 0; i < self->matrix->levels->len; i++)
    {
      const PsemsRiskLevel *level = g_ptr_array_index (self->matrix->levels, i);
      GdkRGBA rgba;
      int text_w;

      if (level->colour != NULL && gdk_rgba_parse (&rgba, level->colour))
        {
          gdk_cairo_set_source_rgba (cr, &rgba);
          cairo_rectangle (cr, legend_x, legend_y + 3, 14, 14);
          cairo_fill (cr);
        }
      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_set_width (layout, -1);
      pango_layout_set_text (layout, level->name, -1);
      pango_layout_get_pixel_size (layout, &text_w, NULL);
      cairo_move_to (cr, legend_x + 20, legend_y + 1);
      pango_cairo_show_layout (cr, layout);
      legend_x += 20 + text_w + 18;
    }
}

static gboolean
matrix_query_tooltip_cb (GtkWidget         *widget,
                         int                x,
                         int                y,
                         gboolean           keyboard,
                         GtkTooltip        *tooltip,
                         PsemsControlsPage *self)
{
  MatrixGeometry g;
  g_autoptr(GString) text = g_string_new (NULL);
  const PsemsRiskLevel *level;
  int l, c;

  if (self->matrix == NULL || keyboard)
    return FALSE;
  get_matrix_geometry (gtk_widget_get_width (widget), gtk_widget_get_height (widget), &g);
  if (x < g.left || y < g.top)
    return FALSE;
  c = (int) ((x - g.left) / g.cell_w) + 1;
  l = PSEMS_RISK_SCALE - (int) ((y - g.top) / g.cell_h);
  if (c < 1 || c > PSEMS_RISK_SCALE || l < 1 || l > PSEMS_RISK_SCALE)
    return FALSE;
  level = psems_risk_matrix_lookup (self->matrix, l, c);
  /* Translators: likelihood, consequence and the risk level of their cell */
  g_string_append_printf (text, _("Likelihood %d × consequence %d: %s"), l, c,
                          level != NULL ? level->name : "—");
  for (guint i = 0; self->threats != NULL && i < self->threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (self->threats, i);

      if (threat->likelihood == l && threat->consequence == c)
        g_string_append_printf (text, "\n%s  %s", threat->ref, threat->name);
    }
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static gboolean
unparent_idle_cb (gpointer data)
{
  gtk_widget_unparent (data);
  return G_SOURCE_REMOVE;
}

/* The button that closed it is still in its click handler: let it return first. */
static void
popover_closed_cb (GtkPopover *popover)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, unparent_idle_cb, g_object_ref (popover),
                   g_object_unref);
}

/* A click on a cell offers the matrix's levels for it: the matrix is configurable, cell by cell. */
static void
open_cell_popover (PsemsControlsPage *self,
                   int                l,
                   int                c)
{
  GtkWidget *area = GTK_WIDGET (self->matrix_area);
  GtkWidget *popover, *box;
  MatrixGeometry g;
  GdkRectangle cell;
  g_autofree char *heading = NULL;

  if (self->matrix == NULL || self->store == NULL || self->actor == NULL)
    return;
  get_matrix_geometry (gtk_widget_get_width (area), gtk_widget_get_height (area), &g);
  popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  /* Translators: a cell of the risk matrix */
  heading = g_strdup_printf (_("Likelihood %d × consequence %d"), l, c);
  gtk_box_append (GTK_BOX (box), new_label (heading, "heading", NULL));
  for (guint i = 0; i < self->matrix->levels->len; i++)
    {
      const PsemsRiskLevel *level = g_ptr_array_index (self->matrix->levels, i);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *mark = gtk_image_new ();
      gboolean current = self->matrix->cell[l - 1][c - 1] == (int) i;

      /* The level the cell has now carries a tick. */
      if (current)
        gtk_image_set_from_icon_name (GTK_IMAGE (mark), "object-select-symbolic");
      gtk_image_set_pixel_size (GTK_IMAGE (mark), 16);
      gtk_box_append (GTK_BOX (content), mark);
      gtk_box_append (GTK_BOX (content), new_label (level->name, NULL));
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "controls.set-risk-cell");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(iii)", l, c, (int) i);
      gtk_widget_add_css_class (button, "flat");
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (gtk_popover_popdown), popover);
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_set_parent (popover, area);
  cell.x = (int) (g.left + (c - 1) * g.cell_w);
  cell.y = (int) (g.top + (PSEMS_RISK_SCALE - l) * g.cell_h);
  cell.width = (int) g.cell_w;
  cell.height = (int) g.cell_h;
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &cell);
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
matrix_pressed_cb (GtkGestureClick   *gesture,
                   int                n_press,
                   double             x,
                   double             y,
                   PsemsControlsPage *self)
{
  GtkWidget *area = GTK_WIDGET (self->matrix_area);
  MatrixGeometry g;
  int l, c;

  get_matrix_geometry (gtk_widget_get_width (area), gtk_widget_get_height (area), &g);
  if (x < g.left || y < g.top)
    return;
  c = (int) ((x - g.left) / g.cell_w) + 1;
  l = PSEMS_RISK_SCALE - (int) ((y - g.top) / g.cell_h);
  if (c < 1 || c > PSEMS_RISK_SCALE || l < 1 || l > PSEMS_RISK_SCALE)
    return;
  self->focus_likelihood = l;
  self->focus_consequence = c;
  gtk_widget_grab_focus (area);
  gtk_widget_queue_draw (area);
  open_cell_popover (self, l, c);
}

/* The keyboard reaches every cell: arrows move, Enter or Space offers the levels. */
static gboolean
matrix_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       PsemsControlsPage     *self)
{
  int l = self->focus_likelihood, c = self->focus_consequence;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      c = MAX (c - 1, 1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      c = MIN (c + 1, PSEMS_RISK_SCALE);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      l = MIN (l + 1, PSEMS_RISK_SCALE);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      l = MAX (l - 1, 1);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      open_cell_popover (self, l, c);
      return TRUE;
    default:
      return FALSE;
    }
  self->focus_likelihood = l;
  self->focus_consequence = c;
  gtk_widget_queue_draw (GTK_WIDGET (self->matrix_area));
  return TRUE;
}

static void
set_risk_cell_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const PsemsRiskLevel *level;
  AdwToast *toast;
  int l, c, index, before;

  g_variant_get (parameter, "(iii)", &l, &c, &index);
  if (self->store == NULL || self->actor == NULL || self->matrix == NULL || l < 1 || l > PSEMS_RISK_SCALE || c < 1
      || c > PSEMS_RISK_SCALE || index < 0 || (guint) index >= self->matrix->levels->len)
    return;
  before = self->matrix->cell[l - 1][c - 1];
  if (before == index)
    return;
  self->matrix->cell[l - 1][c - 1] = index;
  if (!psems_risk_matrix_save (self->store, self->actor, self->matrix, &error))
    {
      self->matrix->cell[l - 1][c - 1] = before;
      show_error_dialog (self, _("Risk Matrix Not Changed"), error);
      return;
    }
  level = g_ptr_array_index (self->matrix->levels, index);
  /* Translators: likelihood, consequence, and the level their cell now has */
  text = g_strdup_printf (_("Likelihood %d × consequence %d is now %s"), l, c, level->name);
  toast = psems_ui_new_toast (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "controls.set-risk-cell");
  adw_toast_set_action_target_value (toast, g_variant_new ("(iii)", l, c, before));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* What the matrix shows, for screen readers. */
static void
describe_matrix (PsemsControlsPage *self)
{
  g_autoptr(GString) text = g_string_new (_("Risk matrix"));

  for (guint i = 0; self->threats != NULL && i < self->threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (self->threats, i);
      const PsemsRiskLevel *level = matrix_level (self, threat->assessment.inherent_level);

      /* Translators: a threat's reference, likelihood, consequence and inherent level */
      g_string_append_printf (text, _("; %s: likelihood %d, consequence %d, %s"), threat->ref,
                              threat->likelihood, threat->consequence,
                              level != NULL ? level->name : "");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->matrix_area),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
}

/* ───────────────────────────── loading ───────────────────────────── */

static gboolean
load (PsemsControlsPage *self,
      GError           **error)
{
  g_autoptr(GPtrArray) facilities = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  facilities = psems_facility_list (self->store, TRUE, error);
  if (facilities == NULL)
    return FALSE;
  g_hash_table_remove_all (self->facilities);
  g_hash_table_remove_all (self->layers);
  for (guint i = 0; i < facilities->len; i++)
    {
      PsemsFacility *facility = g_ptr_array_index (facilities, i);

      g_hash_table_insert (self->facilities, &facility->id, facility);
      if (self->facility_id == 0 ? facility->archived_at == NULL : facility->id == self->facility_id)
        g_array_append_val (ids, facility->id);
    }
  /* The table owns them now. */
  g_ptr_array_set_free_func (facilities, NULL);

  g_clear_pointer (&self->controls, g_ptr_array_unref);
  self->controls = psems_control_list (self->store, self->facility_id, NULL, error);
  if (self->controls == NULL)
    return FALSE;
  g_ptr_array_set_free_func (self->controls, (GDestroyNotify) psems_control_free);
  /* An archived facility's controls are still listed, on their layers. */
  for (guint i = 0; i < self->controls->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (self->controls, i);
      gboolean listed = FALSE;

      for (guint j = 0; j < ids->len && !listed; j++)
        listed = g_array_index (ids, gint64, j) == control->facility_id;
      if (!listed)
        g_array_append_val (ids, control->facility_id);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      GPtrArray *layers = psems_layer_list (self->store, id, error);
      gint64 *key;

      if (layers == NULL)
        return FALSE;
      g_ptr_array_set_free_func (layers, (GDestroyNotify) psems_layer_free);
      key = g_new (gint64, 1);
      *key = id;
      g_hash_table_insert (self->layers, key, layers);
    }

  g_clear_pointer (&self->matrix, psems_risk_matrix_free);
  self->matrix = psems_risk_matrix_load (self->store, error);
  if (self->matrix == NULL)
    return FALSE;
  psems_threat_dialog_set_risk_colours (gtk_widget_get_display (GTK_WIDGET (self)), self->matrix);


  g_clear_pointer (&self->threats, g_ptr_array_unref);
  self->threats = psems_threat_list (self->store, self->facility_id, NULL, error);
  if (self->threats == NULL)
    return FALSE;
  g_ptr_array_set_free_func (self->threats, (GDestroyNotify) psems_threat_free);

  g_clear_pointer (&self->pfsa, psems_pfsa_free);
  if (self->facility_id != 0)
    {
      g_autoptr(GError) local_error = NULL;

      self->pfsa = psems_pfsa_get_current (self->store, self->facility_id, NULL, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

static void
reload (PsemsControlsPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->state_stack, "no-database");
      return;
    }
  gtk_stack_set_visible_child_name (self->state_stack, "content");

  if (!load (self, &error))
    {
      show_error_dialog (self, _("Controls Unavailable"), error);
      return;
    }
  if (self->selected_control_id != 0 && find_control (self, self->selected_control_id) == NULL)
    {
      self->selected_control_id = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL_ID]);
    }
  fill_controls (self);
  fill_threats (self);
  fill_assessment (self);
  describe_matrix (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->matrix_area));
}

static void
store_changed_cb (PsemsStore        *store,
                  const char        *entity,
                  gint64             id,
                  PsemsControlsPage *self)
{
  /* After the writer's call returns, and once for a burst of changes. */
  psems_ui_queue_reload (&self->reload_source, "[psems] controls reload",
                         (PsemsUiReloadFunc) reload, self);
}

/* ───────────────────────────── actions ───────────────────────────── */

static void
dialog_saved_cb (GtkWidget         *dialog,
                 gint64             id,
                 const char        *message,
                 PsemsControlsPage *self)
{
  show_toast (self, message);
  if (PSEMS_IS_CONTROL_DIALOG (dialog))
    {
      self->selected_control_id = id;
      /* Show the control now, not at the next idle: the user looks for it at once. */
      reload (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL_ID]);
    }
}

static gboolean
require_store (PsemsControlsPage *self)
{
  return self->store != NULL && self->actor != NULL;
}

static void
new_control_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  PsemsControlDialog *dialog;

  if (!require_store (self))
    return;
  /* A facility without layers gets the usual rings, so the control has somewhere to go. */
  if (self->facility_id != 0
      && !psems_layers_ensure_default (self->store, self->actor, self->facility_id, &error))
    {
      show_error_dialog (self, _("Layers Not Created"), error);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, "controls");
  dialog = psems_control_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                     NULL, self->facility_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_control_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(PsemsControl) control = NULL;
  g_autoptr(GError) error = NULL;
  PsemsControlDialog *dialog;

  if (!require_store (self))
    return;
  control = psems_control_get (self->store, id, NULL, &error);
  if (control == NULL)
    {
      show_error_dialog (self, _("Control Unavailable"), error);
      return;
    }
  dialog = psems_control_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                     control, control->facility_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_test_response_cb (AdwMessageDialog  *dialog,
                         const char        *response,
                         PsemsControlsPage *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "psems-id");
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;
  PsemsControl *control;
  GDate parsed;

  if (g_strcmp0 (response, "record") != 0)
    return;
  if (!psems_ui_parse_date (gtk_editable_get_text (entry), &parsed, &error))
    {
      show_error_dialog (self, _("Test Not Recorded"), error);
      return;
    }
  date = psems_text_dup_field (gtk_editable_get_text (entry));
  if (!psems_control_record_test (self->store, self->actor, id, date, &error))
    {
      show_error_dialog (self, _("Test Not Recorded"), error);
      return;
    }
  control = find_control (self, id);
  when = date != NULL ? psems_ui_format_date (date) : g_strdup (_("today"));
  /* Translators: a control's name, then a date */
  text = g_strdup_printf (_("Test of %s recorded on %s"), control != NULL ? control->name : "",
                          when);
  show_toast (self, text);
}

static void
record_test_entry_changed_cb (GtkEditable      *entry,
                              AdwMessageDialog *dialog)
{
  GDate date;

  adw_message_dialog_set_response_enabled (dialog, "record",
                                           psems_ui_parse_date (gtk_editable_get_text (entry),
                                                                &date, NULL)
                                           && g_date_valid (&date));
}

static void
record_test_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  PsemsControl *control = find_control (self, id);
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *today = psems_ui_dup_today_text ();
  gint64 *data;

  if (!require_store (self) || control == NULL)
    return;
  dialog = adw_message_dialog_new (psems_ui_get_window (widget), _("Record a Test"), NULL);
  /* Translators: %s is a control's name */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The day %s was last tested (YYYY-MM-DD). The next test falls "
                                    "due one interval later."), control->name);
  gtk_editable_set_text (GTK_EDITABLE (entry), today);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_name (entry, "record-test-date");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tested on"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record Test"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_widget_set_name (dialog, "record-test");
  data = g_new (gint64, 1);
  *data = id;
  g_object_set_data_full (G_OBJECT (dialog), "psems-id", data, g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (record_test_entry_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (record_test_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *
facility_name (PsemsControlsPage *self,
               gint64             id)
{
  const PsemsFacility *facility = find_facility (self, id);

  return facility != NULL ? facility->name : NULL;
}

static void
edit_layers_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  PsemsLayersDialog *dialog;

  if (!require_store (self))
    return;
  if (self->facility_id == 0)
    {
      show_toast (self, _("Each facility has its own layers: choose one in the header bar first"));
      return;
    }
  if (!psems_layers_ensure_default (self->store, self->actor, self->facility_id, &error))
    {
      show_error_dialog (self, _("Layers Not Created"), error);
      return;
    }
  dialog = psems_layers_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                    self->facility_id, facility_name (self, self->facility_id),
                                    &error);
  if (dialog == NULL)
    {
      show_error_dialog (self, _("Layers Unavailable"), error);
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_threat_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);
  PsemsThreatDialog *dialog;

  if (!require_store (self))
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, "threats");
  dialog = psems_threat_dialog_new (psems_ui_get_window (widget), self->store, self->actor, NULL,
                                    self->facility_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_threat_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);
  g_autoptr(PsemsThreat) threat = NULL;
  g_autoptr(GError) error = NULL;
  PsemsThreatDialog *dialog;

  if (!require_store (self))
    return;
  threat = psems_threat_get (self->store, g_variant_get_int64 (parameter), NULL, &error);
  if (threat == NULL)
    {
      show_error_dialog (self, _("Threat Scenario Unavailable"), error);
      return;
    }
  dialog = psems_threat_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                    threat, threat->facility_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_pfsa_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);
  PsemsPfsaDialog *dialog;

  if (!require_store (self))
    return;
  if (self->facility_id == 0)
    {
      show_toast (self, _("Each facility has its own assessment: choose one in the header bar "
                          "first"));
      return;
    }
  dialog = psems_pfsa_dialog_new (psems_ui_get_window (widget), self->store, self->actor,
                                  self->pfsa, self->facility_id,
                                  facility_name (self, self->facility_id));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
clear_filters (PsemsControlsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_filter, 0);
  gtk_drop_down_set_selected (self->domain_filter, 0);
  if (self->degraded_only)
    {
      self->degraded_only = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEGRADED_ONLY]);
    }
  fill_controls (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  clear_filters (PSEMS_CONTROLS_PAGE (widget));
}

static void
new_in_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (view, "threats") == 0)
    gtk_widget_activate_action (widget, "controls.new-threat", NULL);
  else if (g_strcmp0 (view, "assessment") == 0)
    gtk_widget_activate_action (widget, "controls.edit-pfsa", NULL);
  else
    gtk_widget_activate_action (widget, "controls.new", NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "controls");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (widget);
  const char *view = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, view) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, view);
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
set_degraded_only (PsemsControlsPage *self,
                   gboolean           degraded_only)
{
  if (self->degraded_only == !!degraded_only)
    return;
  self->degraded_only = !!degraded_only;
  fill_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEGRADED_ONLY]);
}

static void
psems_controls_page_dispose (GObject *object)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_CONTROLS_PAGE);

  G_OBJECT_CLASS (psems_controls_page_parent_class)->dispose (object);
}

static void
psems_controls_page_finalize (GObject *object)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_object (&self->new_content);
  g_clear_object (&self->degraded_content);
  g_clear_pointer (&self->facilities, g_hash_table_unref);
  g_clear_pointer (&self->layers, g_hash_table_unref);
  g_clear_pointer (&self->controls, g_ptr_array_unref);
  g_clear_pointer (&self->threats, g_ptr_array_unref);
  g_clear_pointer (&self->matrix, psems_risk_matrix_free);
  g_clear_pointer (&self->pfsa, psems_pfsa_free);
  g_clear_pointer (&self->control_lists, g_ptr_array_unref);

  G_OBJECT_CLASS (psems_controls_page_parent_class)->finalize (object);
}

static void
psems_controls_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;
    case PROP_DEGRADED_ONLY:
      g_value_set_boolean (value, self->degraded_only);
      break;
    case PROP_SELECTED_CONTROL_ID:
      g_value_set_int64 (value, self->selected_control_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_controls_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PsemsControlsPage *self = PSEMS_CONTROLS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      psems_controls_page_set_facility_id (self, g_value_get_int64 (value));
      break;
    case PROP_DEGRADED_ONLY:
      set_degraded_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
place_tool (PsemsControlsPage *self,
            GtkWidget         *tool,
            int                column,
            int                row,
            int                span)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self->controls_toolbar));
  GtkGridLayoutChild *child = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout,
                                                                                          tool));

  gtk_grid_layout_child_set_column (child, column);
  gtk_grid_layout_child_set_row (child, row);
  gtk_grid_layout_child_set_column_span (child, span);
}

/* Wide, the toolbar is one row: search, filters, then the buttons. Narrow, the search and the
 * new control's button share the first row and the filters the second, the buttons show their
 * icons alone (their tooltips and accessible names keep the words). */
static void
arrange_toolbar (PsemsControlsPage *self)
{
  GtkWidget *search = GTK_WIDGET (self->search_entry);
  GtkWidget *status = GTK_WIDGET (self->status_filter);
  GtkWidget *domain = GTK_WIDGET (self->domain_filter);
  GtkWidget *degraded = GTK_WIDGET (self->degraded_toggle);
  GtkWidget *layers = GTK_WIDGET (self->layers_button);
  GtkWidget *add = GTK_WIDGET (self->new_button);

  if (self->narrow)
    {
      place_tool (self, search, 0, 0, 4);
      place_tool (self, add, 4, 0, 1);
      place_tool (self, status, 0, 1, 1);
      place_tool (self, domain, 1, 1, 1);
      place_tool (self, degraded, 2, 1, 1);
      place_tool (self, layers, 3, 1, 2);
      place_tool (self, self->toolbar_separator, 5, 0, 1);
      gtk_widget_set_visible (self->toolbar_separator, FALSE);
      gtk_button_set_icon_name (GTK_BUTTON (degraded), "dialog-warning-symbolic");
      gtk_button_set_icon_name (self->layers_button, "view-list-symbolic");
      gtk_button_set_icon_name (self->new_button, "list-add-symbolic");
      gtk_widget_set_halign (layers, GTK_ALIGN_END);
      adw_view_switcher_set_policy (self->view_switcher, ADW_VIEW_SWITCHER_POLICY_NARROW);
    }
  else
    {
      place_tool (self, search, 0, 0, 1);
      place_tool (self, status, 1, 0, 1);
      place_tool (self, domain, 2, 0, 1);
      place_tool (self, degraded, 3, 0, 1);
      place_tool (self, self->toolbar_separator, 4, 0, 1);
      place_tool (self, layers, 5, 0, 1);
      place_tool (self, add, 6, 0, 1);
      gtk_widget_set_visible (self->toolbar_separator, TRUE);
      gtk_button_set_child (GTK_BUTTON (degraded), self->degraded_content);
      gtk_button_set_label (self->layers_button, _("Edit _Layers…"));
      gtk_button_set_use_underline (self->layers_button, TRUE);
      gtk_button_set_child (self->new_button, self->new_content);
      gtk_widget_set_halign (layers, GTK_ALIGN_FILL);
      adw_view_switcher_set_policy (self->view_switcher, ADW_VIEW_SWITCHER_POLICY_WIDE);
    }
}

static void
folded_cb (PsemsControlsPage *self)
{
  gboolean narrow = psems_adaptive_bin_get_folded (self->adaptive);

  if (narrow == self->narrow)
    return;
  self->narrow = narrow;
  arrange_toolbar (self);
  /* The matrix's cells stay square enough to read, five across a phone's width. */
  gtk_drawing_area_set_content_width (self->matrix_area, narrow ? 280 : 520);
  gtk_drawing_area_set_content_height (self->matrix_area, narrow ? 320 : 420);
  fill_controls (self);
  fill_threats (self);
}

static void
psems_controls_page_class_init (PsemsControlsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_controls_page_dispose;
  object_class->finalize = psems_controls_page_finalize;
  object_class->get_property = psems_controls_page_get_property;
  object_class->set_property = psems_controls_page_set_property;

  /**
   * PsemsControlsPage:facility-id:
   *
   * The facility shown; 0 lists every facility's controls and threats.
   */
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEGRADED_ONLY] =
    g_param_spec_boolean ("degraded-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_CONTROL_ID] =
    g_param_spec_int64 ("selected-control-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_ADAPTIVE_BIN);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-controls-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, adaptive);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, controls_toolbar);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, toolbar_separator);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, layers_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, domain_filter);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, degraded_toggle);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, controls_summary);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, controls_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, controls_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, controls_box);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, threats_summary);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, threats_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, threat_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, pfsa_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, pfsa_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, pfsa_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, matrix_group);
  gtk_widget_class_bind_template_child (widget_class, PsemsControlsPage, matrix_area);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "controls.new", NULL, new_control_action);
  gtk_widget_class_install_action (widget_class, "controls.edit", "x", edit_control_action);
  gtk_widget_class_install_action (widget_class, "controls.record-test", "x", record_test_action);
  gtk_widget_class_install_action (widget_class, "controls.edit-layers", NULL, edit_layers_action);
  gtk_widget_class_install_action (widget_class, "controls.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "controls.new-threat", NULL, new_threat_action);
  gtk_widget_class_install_action (widget_class, "controls.edit-threat", "x", edit_threat_action);
  gtk_widget_class_install_action (widget_class, "controls.edit-pfsa", NULL, edit_pfsa_action);
  gtk_widget_class_install_action (widget_class, "controls.new-in-view", NULL, new_in_view_action);
  gtk_widget_class_install_action (widget_class, "controls.search", NULL, search_action);
  psems_page_install_habits (widget_class, search_action, new_in_view_action);
  gtk_widget_class_install_action (widget_class, "controls.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "controls.set-risk-cell", "(iii)",
                                   set_risk_cell_action);
  gtk_widget_class_install_property_action (widget_class, "controls.degraded-only",
                                            "degraded-only");
}

static void
add_managed_shortcut (GtkEventController *controller,
                      guint               key,
                      GdkModifierType     modifiers,
                      const char         *action,
                      GVariant           *target)
{
  GtkShortcutAction *named = gtk_named_action_new (action);
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers), named);

  if (target != NULL)
    gtk_shortcut_set_arguments (shortcut, target);
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
psems_controls_page_init (PsemsControlsPage *self)
{
  GtkEventController *shortcuts;
  GtkGesture *click;
  GtkEventController *key;
  GListModel *model;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Kept while a narrow toolbar shows the buttons' icons in their place. */
  self->new_content = g_object_ref (gtk_button_get_child (self->new_button));
  self->degraded_content = g_object_ref (gtk_button_get_child (GTK_BUTTON (self->degraded_toggle)));
  arrange_toolbar (self);
  g_signal_connect_swapped (self->adaptive, "notify::folded", G_CALLBACK (folded_cb), self);

  self->facilities = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                            (GDestroyNotify) psems_facility_free);
  self->layers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->control_lists = g_ptr_array_new ();

  model = new_filter_model (_("Any status"), psems_control_statuses (),
                            psems_control_status_label);
  gtk_drop_down_set_model (self->status_filter, model);
  g_object_unref (model);
  model = new_filter_model (_("Any domain"), psems_control_domains (), psems_control_domain_label);
  gtk_drop_down_set_model (self->domain_filter, model);
  g_object_unref (model);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (filter_changed_cb),
                            self);
  g_signal_connect_swapped (self->status_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->domain_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect (self->threat_list, "row-activated", G_CALLBACK (threat_activated_cb), self);
  psems_ui_set_empty_text (self->threat_list, _("No threat scenarios"));

  gtk_drawing_area_set_draw_func (self->matrix_area, draw_matrix_cb, self, NULL);
  g_signal_connect (self->matrix_area, "query-tooltip", G_CALLBACK (matrix_query_tooltip_cb),
                    self);
  self->focus_likelihood = 3;
  self->focus_consequence = 3;
  gtk_widget_set_focusable (GTK_WIDGET (self->matrix_area), TRUE);
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (matrix_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->matrix_area), key);
  g_signal_connect_swapped (self->matrix_area, "notify::has-focus",
                            G_CALLBACK (gtk_widget_queue_draw), self->matrix_area);
  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (matrix_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->matrix_area), GTK_EVENT_CONTROLLER (click));

  /* While the page is shown, wherever the focus is: the window hands these to its mapped pages. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_managed_shortcut (shortcuts, GDK_KEY_n, GDK_CONTROL_MASK, "page.new", NULL);
  add_managed_shortcut (shortcuts, GDK_KEY_f, GDK_CONTROL_MASK, "page.find", NULL);
  add_managed_shortcut (shortcuts, GDK_KEY_1, GDK_ALT_MASK, "controls.show-view",
                        g_variant_new_string ("controls"));
  add_managed_shortcut (shortcuts, GDK_KEY_2, GDK_ALT_MASK, "controls.show-view",
                        g_variant_new_string ("threats"));
  add_managed_shortcut (shortcuts, GDK_KEY_3, GDK_ALT_MASK, "controls.show-view",
                        g_variant_new_string ("assessment"));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_stack_set_visible_child_name (self->state_stack, "no-database");
}

GtkWidget *
psems_controls_page_new (void)
{
  return g_object_new (PSEMS_TYPE_CONTROLS_PAGE, NULL);
}

/**
 * psems_controls_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who writes; needed with a store
 */
void
psems_controls_page_set_store (PsemsControlsPage *self,
                               PsemsStore        *store,
                               PsemsActor        *actor)
{
  g_return_if_fail (PSEMS_IS_CONTROLS_PAGE (self));
  g_return_if_fail (store == NULL || PSEMS_IS_STORE (store));
  g_return_if_fail (store == NULL || actor != NULL);

  if (actor != NULL)
    psems_actor_ref (actor);
  g_clear_pointer (&self->actor, psems_actor_unref);
  self->actor = actor;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.new",
                                 psems_page_may_create (store, actor, "control"));

  if (self->store == store)
    return;
  psems_ui_follow_store (&self->store, &self->changed_handler, store,
                         G_CALLBACK (store_changed_cb), self);
  /* Ids belong to the database they came from. */
  self->selected_control_id = 0;
  reload (self);
}

/**
 * psems_controls_page_set_facility_id:
 * @facility_id: the facility to show; 0 for all facilities
 */
void
psems_controls_page_set_facility_id (PsemsControlsPage *self,
                                     gint64             facility_id)
{
  g_return_if_fail (PSEMS_IS_CONTROLS_PAGE (self));
  g_return_if_fail (facility_id >= 0);

  if (self->facility_id == facility_id)
    return;
  self->facility_id = facility_id;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}

/**
 * psems_controls_page_show_control:
 * @control_id: a control of the facility shown (or of any, with all facilities shown)
 *
 * Shows the Controls view with the control selected and in sight, clearing filters that hide
 * it, and opens it for editing.
 *
 * Returns: %FALSE when the page does not list that control
 */
gboolean
psems_controls_page_show_control (PsemsControlsPage *self,
                                  gint64             control_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (PSEMS_IS_CONTROLS_PAGE (self), FALSE);

  if (self->store == NULL)
    return FALSE;
  /* A change not yet reloaded may be the control itself. */
  if (self->reload_source != 0)
    reload (self);
  if (find_control (self, control_id) == NULL)
    return FALSE;

  adw_view_stack_set_visible_child_name (self->view_stack, "controls");
  row = find_control_row (self, control_id, NULL);
  if (row == NULL)
    {
      clear_filters (self);
      row = find_control_row (self, control_id, NULL);
    }
  if (row == NULL)
    return FALSE;
  if (self->selected_control_id != control_id)
    {
      self->selected_control_id = control_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL_ID]);
    }
  select_control_row (self, control_id);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_widget_activate_action (GTK_WIDGET (self), "controls.edit", "x", control_id);
  return TRUE;
}

/**
 * psems_controls_page_get_selected_control_id:
 *
 * Returns: the control selected in the Controls view, 0 when none is
 */
gint64
psems_controls_page_get_selected_control_id (PsemsControlsPage *self)
{
  g_return_val_if_fail (PSEMS_IS_CONTROLS_PAGE (self), 0);
  return self->selected_control_id;
}
