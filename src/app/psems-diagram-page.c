/* psems-diagram-page.c — the live defence-in-depth diagram of one facility, with a text alternative beside it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "psems-adaptive-bin.h"
#include "psems-diagram-page.h"
#include "psems-diagram-view.h"
#include "psems-facility.h"
#include "psems-ui-util.h"

/* The size of an exported diagram, in layout units (pixels for PNG, points for SVG and PDF). */
#define EXPORT_WIDTH 1600.0
#define EXPORT_HEIGHT 1200.0
#define ZOOM_STEP 1.25

struct _PsemsDiagramPage
{
  GtkWidget parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *state_stack;
  AdwStatusPage *no_layers_status;
  AdwStatusPage *error_status;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkMenuButton *threats_button;
  GtkLabel *threats_label;
  GtkLabel *threats_short_label;
  GtkScrolledWindow *threat_scroller;
  GtkListBox *threat_list;
  PsemsDiagramView *view;
  GtkPaned *paned;
  PsemsAdaptiveBin *adaptive;
  GtkWidget *list_pane;
  GtkScrolledWindow *list_scroller;
  GtkListBox *control_list;

  PsemsStore *store;
  PsemsActor *actor;
  gulong changed_handler;
  guint reload_source;
  gint64 facility_id;
  char *facility_code;
  GHashTable *hidden_threats;   /* gint64 ids of scenarios the user turned off; new ones show */
  GtkFileChooserNative *chooser;
  gboolean syncing;             /* the list and the view are being brought into line */
};

/* Folded (narrower than the adaptive bin's fold-width, 720 px), the list goes below the diagram
 * instead of beside it. */
#define LIST_WIDTH 300
#define LIST_HEIGHT 220

G_DEFINE_FINAL_TYPE (PsemsDiagramPage, psems_diagram_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FACILITY_ID,
  PROP_LIST_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (PsemsDiagramPage *self);

static const PsemsDiagramInput *
get_input (PsemsDiagramPage *self)
{
  return psems_diagram_view_get_input (self->view);
}

static gint64
row_get_id (GtkListBoxRow *row,
            const char    *key)
{
  gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), key) : NULL;

  return id != NULL ? *id : 0;
}

static void
row_set_id (GtkWidget  *row,
            const char *key,
            gint64      id)
{
  gint64 *data = g_new (gint64, 1);

  *data = id;
  g_object_set_data_full (G_OBJECT (row), key, data, g_free);
}

static void
show_control (PsemsDiagramPage *self,
              gint64            control_id)
{
  if (control_id == 0)
    return;
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.show-control", "x", control_id))
    g_debug ("diagram: no win.show-control to open control %lld", (long long) control_id);
}

static void
update_actions (PsemsDiagramPage *self)
{
  gboolean shown = get_input (self) != NULL;
  double zoom = psems_diagram_view_get_zoom (self->view);
  gboolean any_threats = shown && get_input (self)->threats->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.zoom-in",
                                 shown && zoom < PSEMS_DIAGRAM_VIEW_MAX_ZOOM);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.zoom-out",
                                 shown && zoom > PSEMS_DIAGRAM_VIEW_MIN_ZOOM);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.zoom-fit",
                                 shown && zoom > PSEMS_DIAGRAM_VIEW_MIN_ZOOM);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.export", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.export-to", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.show-threat", any_threats);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.show-all-threats", any_threats);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.show-no-threats", any_threats);
}

/* ───────────────────────────── threats ───────────────────────────── */

static const char *
find_layer_name (const PsemsDiagramInput *input,
                 gint64                   layer_id)
{
  for (guint i = 0; i < input->layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (input->layers, i);

      if (layer->id == layer_id)
        return layer->name;
    }
  return NULL;
}

/* Returns: (transfer full): where the threat's path ends, for reading */
static char *
describe_threat_path (const PsemsDiagramInput *input,
                      const PsemsThreat       *threat)
{
  const char *layer = find_layer_name (input, threat->assessment.stop_layer_id);

  if (threat->assessment.stop_position == 0 || layer == NULL)
    return g_strdup (_("Passes every layer unopposed"));
  /* Translators: %s is a layer of defence, as in "Stopped at Access control" */
  return g_strdup_printf (_("Stopped at %s"), layer);
}

static const char *
risk_name (const PsemsRiskMatrix *matrix,
           int                    level_index)
{
  if (matrix == NULL || level_index < 0 || (guint) level_index >= matrix->levels->len)
    return "";
  return ((const PsemsRiskLevel *) g_ptr_array_index (matrix->levels, level_index))->name;
}

/* Returns: (transfer full): the residual risk level as Pango markup, with its colour as a dot */
static char *
dup_risk_markup (const PsemsRiskMatrix *matrix,
                 int                    level_index)
{
  const PsemsRiskLevel *level;
  g_autofree char *name = NULL;

  if (matrix == NULL || level_index < 0 || (guint) level_index >= matrix->levels->len)
    return g_strdup ("");
  level = g_ptr_array_index (matrix->levels, level_index);
  name = g_markup_escape_text (level->name, -1);
  if (level->colour == NULL || !g_regex_match_simple ("^#[0-9a-fA-F]{6}$", level->colour, 0, 0))
    return g_steal_pointer (&name);
  return g_strdup_printf ("<span foreground=\"%s\">●</span> %s", level->colour, name);
}

/* Returns: (transfer full): a threat's number on the diagram (T1 … Tn, its place in the input),
 * reference and name */
static char *
dup_threat_title (guint              number,
                  const PsemsThreat *threat)
{
  /* Translators: a threat scenario's number on the diagram, reference and name, as in
   * "T1 · THR-2026-0001 Vehicle ramming" */
  return g_strdup_printf (_("T%u · %s %s"), number, threat->ref != NULL ? threat->ref : "",
                          threat->name);
}

/* @text without its mnemonic underscores ("__" is a literal one). */
static char *
strip_mnemonic (const char *text)
{
  GString *plain = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (plain, *p);
    }
  return g_string_free (plain, FALSE);
}

static void
update_threats_button (PsemsDiagramPage *self)
{
  const PsemsDiagramInput *input = get_input (self);
  g_autofree char *label = NULL;
  guint n = input != NULL ? input->threats->len : 0;
  guint shown = input != NULL ? input->selected_threats->len : 0;

  g_autofree char *short_label = NULL;
  g_autofree char *spoken = NULL;

  if (n == 0)
    {
      label = g_strdup (_("No _Threats"));
      /* Translators: the threats button on a narrow window, when there are none */
      short_label = g_strdup (C_("threats", "None"));
    }
  else
    {
      /* Translators: the button that chooses the threat paths drawn, as in "Threats: 3 of 5" */
      label = g_strdup_printf (_("_Threats: %u of %u"), shown, n);
      /* Translators: the same on a narrow window, as in "3/5" */
      short_label = g_strdup_printf (_("%u/%u"), shown, n);
    }
  gtk_label_set_text_with_mnemonic (self->threats_label, label);
  gtk_label_set_text (self->threats_short_label, short_label);
  /* Either way, a screen reader says it in full. */
  spoken = strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->threats_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

static void
threat_toggled_cb (GtkCheckButton   *check,
                   PsemsDiagramPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (check), "psems-threat-id");

  if (self->syncing)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "diagram.show-threat", "(xb)", *id,
                              gtk_check_button_get_active (check));
}

static void
sync_threat_checks (PsemsDiagramPage *self)
{
  GtkListBoxRow *row;

  self->syncing = TRUE;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->threat_list, i)) != NULL; i++)
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "psems-check");

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   psems_diagram_view_get_threat_selected (
                                     self->view, row_get_id (row, "psems-threat-id")));
    }
  self->syncing = FALSE;
  update_threats_button (self);
}

static GtkWidget *
new_threat_row (PsemsDiagramPage      *self,
                guint                  number,
                const PsemsThreat     *threat,
                const PsemsRiskMatrix *matrix)
{
  const PsemsDiagramInput *input = get_input (self);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title;
  GtkWidget *detail;
  GtkWidget *risk;
  g_autofree char *title_text = NULL;
  g_autofree char *path = describe_threat_path (input, threat);
  g_autofree char *risk_markup = dup_risk_markup (matrix, threat->assessment.residual_level);
  g_autofree char *detail_text = NULL;
  gint64 *id = g_new (gint64, 1);

  title_text = dup_threat_title (number, threat);
  title = gtk_label_new (title_text);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_box_append (GTK_BOX (box), title);

  /* Translators: where a threat's path ends and its residual risk level, as in
   * "Stopped at Access control; residual risk Medium" */
  detail_text = g_strdup_printf (_("%s; residual risk %s"), path,
                                 risk_name (matrix, threat->assessment.residual_level));
  detail = gtk_label_new (path);
  gtk_label_set_xalign (GTK_LABEL (detail), 0.0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), detail);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), box);
  gtk_widget_set_hexpand (check, TRUE);

  risk = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (risk), risk_markup);
  gtk_widget_set_valign (risk, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (risk, _("Residual risk"));

  {
    GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

    gtk_box_append (GTK_BOX (line), check);
    gtk_box_append (GTK_BOX (line), risk);
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), line);
  }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  *id = threat->id;
  g_object_set_data_full (G_OBJECT (check), "psems-threat-id", id, g_free);
  row_set_id (row, "psems-threat-id", threat->id);
  g_object_set_data (G_OBJECT (row), "psems-check", check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               psems_diagram_view_get_threat_selected (self->view, threat->id));
  g_signal_connect (check, "toggled", G_CALLBACK (threat_toggled_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  detail_text, -1);
  return row;
}

static void
fill_threat_list (PsemsDiagramPage      *self,
                  const PsemsRiskMatrix *matrix)
{
  const PsemsDiagramInput *input = get_input (self);

  psems_ui_clear_list_box (self->threat_list);
  for (guint i = 0; input != NULL && i < input->threats->len; i++)
    gtk_list_box_append (self->threat_list,
                         new_threat_row (self, i + 1, g_ptr_array_index (input->threats, i),
                                         matrix));
  /* Wrapped names make rows taller than the list asks for at first: room for a few at once. */
  gtk_scrolled_window_set_min_content_height (self->threat_scroller,
                                              input != NULL
                                              ? (int) MIN (input->threats->len, 6) * 84 : 0);
  update_threats_button (self);
}

static void
set_threat_shown (PsemsDiagramPage *self,
                  gint64            threat_id,
                  gboolean          shown)
{
  if (shown)
    g_hash_table_remove (self->hidden_threats, &threat_id);
  else
    g_hash_table_add (self->hidden_threats, g_memdup2 (&threat_id, sizeof threat_id));
  psems_diagram_view_set_threat_selected (self->view, threat_id, shown);
}

static void
show_threat_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PsemsDiagramPage *self = PSEMS_DIAGRAM_PAGE (widget);
  gint64 threat_id;
  gboolean shown;

  g_variant_get (parameter, "(xb)", &threat_id, &shown);
  set_threat_shown (self, threat_id, shown);
  sync_threat_checks (self);
}

static void
show_all_threats (PsemsDiagramPage *self,
                  gboolean          shown)
{
  const PsemsDiagramInput *input = get_input (self);

  for (guint i = 0; input != NULL && i < input->threats->len; i++)
    set_threat_shown (self, ((const PsemsThreat *) g_ptr_array_index (input->threats, i))->id,
                      shown);
  sync_threat_checks (self);
}

static void
show_all_threats_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  show_all_threats (PSEMS_DIAGRAM_PAGE (widget), TRUE);
}

static void
show_no_threats_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  show_all_threats (PSEMS_DIAGRAM_PAGE (widget), FALSE);
}

/* ───────────────────────────── the text alternative ───────────────────────────── */

static GtkWidget *
new_heading_row (const char *text,
                 const char *detail)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);
  /* Translators: a layer heading in the diagram's list, read by a screen reader, as in
   * "1. Perimeter: 4 controls" */
  g_autofree char *accessible_heading = g_strdup_printf (_("%s: %s"), text, detail != NULL ? detail : "");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  if (detail != NULL)
    {
      GtkWidget *count = gtk_label_new (detail);

      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "caption");
      gtk_box_append (GTK_BOX (box), count);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* Focusable, so that Tab enters the list at its first row (GTK gives up on a list whose first
   * row cannot take the focus) and the arrow keys read the layers between their controls. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  detail != NULL ? accessible_heading : text, -1);
  return row;
}

static GtkWidget *
new_note_row (const char *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  return row;
}

/* What a control's state comes to, as the diagram colours it. */
static const char *
control_state (const PsemsControl *control,
               const char        **css_class)
{
  /* style.css's colours keep 4.5:1 on the sidebar in both styles; libadwaita's .success and
   * .warning do not on its window background. */
  if (control->degraded)
    {
      *css_class = "diagram-state-degraded";
      return _("Degraded");
    }
  if (control->effective)
    {
      *css_class = "diagram-state-effective";
      return _("Effective");
    }
  *css_class = "diagram-state-not-effective";
  return _("Not effective");
}

static GtkWidget *
new_control_row (const PsemsControl        *control,
                 const PsemsDiagramPalette *palette)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state;
  const char *css_class;
  const char *state_text = control_state (control, &css_class);
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;
  g_autofree char *swatch_markup = NULL;
  g_autofree char *tooltip = NULL;
  GtkWidget *swatch;
  const PsemsDiagramColour *fill;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), control->name);
  /* Translators: a control's reference and effectiveness, as in "CTL-2026-0001 · 80 %" */
  subtitle = g_strdup_printf (_("%s · %d %%"), control->ref != NULL ? control->ref : "",
                              control->effectiveness);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  tooltip = psems_diagram_view_describe_control (control, TRUE);
  gtk_widget_set_tooltip_markup (row, tooltip);

  /* The colour the diagram fills the node with, in the style it is drawn in, so the two read
   * together (and the dot keeps its contrast on a dark list). */
  fill = &psems_diagram_palette_get_status_style (palette, control->status)->fill;
  swatch_markup = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\">●</span>",
                                   (guint) CLAMP (fill->r * 255.0 + 0.5, 0, 255),
                                   (guint) CLAMP (fill->g * 255.0 + 0.5, 0, 255),
                                   (guint) CLAMP (fill->b * 255.0 + 0.5, 0, 255));
  /* The status is read in the description: the swatch is only for the eye. */
  swatch = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_label_set_markup (GTK_LABEL (swatch), swatch_markup);
  gtk_widget_set_tooltip_text (swatch, psems_control_status_label (control->status));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);

  state = gtk_label_new (state_text);
  gtk_widget_add_css_class (state, css_class);
  gtk_widget_add_css_class (state, "caption-heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  /* Read out with the layer, for one who tabs straight to a control. */
  /* Translators: what a screen reader says about a control in the diagram's list, as in
   * "Perimeter layer, Implemented, Degraded" */
  description = g_strdup_printf (_("%s layer, %s, %s"),
                                 control->layer_name != NULL ? control->layer_name : "",
                                 psems_control_status_label (control->status), state_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  row_set_id (row, "psems-control-id", control->id);
  return row;
}

static void
fill_control_list (PsemsDiagramPage *self)
{
  const PsemsDiagramInput *input = get_input (self);

  /* Rows going away unselect themselves: that is not the user clearing the selection. */
  self->syncing = TRUE;
  psems_ui_clear_list_box (self->control_list);
  self->syncing = FALSE;
  if (input == NULL)
    return;
  for (guint i = 0; i < input->layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (input->layers, i);
      g_autofree char *heading = NULL;
      g_autofree char *count = NULL;
      guint n = 0;

      for (guint j = 0; j < input->controls->len; j++)
        if (((const PsemsControl *) g_ptr_array_index (input->controls, j))->layer_id == layer->id)
          n++;
      /* Translators: a layer of defence with its position, outside in, as in "1 Perimeter" */
      heading = g_strdup_printf (_("%d %s"), layer->position, layer->name);
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u control", "%u controls", n), n);
      {
        GtkWidget *row = new_heading_row (heading, count);

        row_set_id (row, "psems-layer-id", layer->id);
        gtk_list_box_append (self->control_list, row);
      }
      if (n == 0)
        gtk_list_box_append (self->control_list, new_note_row (_("No controls on this layer")));
      for (guint j = 0; j < input->controls->len; j++)
        {
          const PsemsControl *control = g_ptr_array_index (input->controls, j);

          if (control->layer_id == layer->id)
            gtk_list_box_append (self->control_list,
                                 new_control_row (control, psems_diagram_view_get_palette (self->view)));
        }
    }

  if (input->threats->len > 0)
    gtk_list_box_append (self->control_list, new_heading_row (_("Threat Paths"), NULL));
  for (guint i = 0; i < input->threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (input->threats, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = dup_threat_title (i + 1, threat);
      g_autofree char *path = describe_threat_path (input, threat);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), path);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      row_set_id (row, "psems-threat-id", threat->id);
      gtk_list_box_append (self->control_list, row);
    }
}

static GtkListBoxRow *
find_control_row (PsemsDiagramPage *self,
                  gint64            control_id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->control_list, i)) != NULL; i++)
    if (row_get_id (row, "psems-control-id") == control_id)
      return row;
  return NULL;
}

/* Scrolls the list so that @row is in view, without taking the focus from the diagram. */
static void
scroll_to_row (PsemsDiagramPage *self,
               GtkListBoxRow    *row)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  graphene_rect_t bounds;
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);

  if (!gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->control_list), &bounds))
    return;
  if (bounds.origin.y < value)
    gtk_adjustment_set_value (adjustment, bounds.origin.y);
  else if (bounds.origin.y + bounds.size.height > value + page)
    gtk_adjustment_set_value (adjustment, bounds.origin.y + bounds.size.height - page);
}

static void
select_list_row (PsemsDiagramPage *self,
                 gint64            control_id)
{
  GtkListBoxRow *row = control_id != 0 ? find_control_row (self, control_id) : NULL;

  self->syncing = TRUE;
  if (row != NULL)
    {
      gtk_list_box_select_row (self->control_list, row);
      scroll_to_row (self, row);
    }
  else
    {
      gtk_list_box_unselect_all (self->control_list);
    }
  self->syncing = FALSE;
}

static void
list_row_selected_cb (GtkListBox       *list,
                      GtkListBoxRow    *row,
                      PsemsDiagramPage *self)
{
  if (self->syncing)
    return;
  self->syncing = TRUE;
  psems_diagram_view_set_selected_control (self->view, row_get_id (row, "psems-control-id"));
  self->syncing = FALSE;
}

static void
list_row_activated_cb (GtkListBox       *list,
                       GtkListBoxRow    *row,
                       PsemsDiagramPage *self)
{
  show_control (self, row_get_id (row, "psems-control-id"));
}

static void
view_selected_cb (PsemsDiagramPage *self)
{
  if (self->syncing)
    return;
  select_list_row (self, psems_diagram_view_get_selected_control (self->view));
}

static void
view_activated_cb (PsemsDiagramView *view,
                   gint64            control_id,
                   PsemsDiagramPage *self)
{
  show_control (self, control_id);
}

/* ───────────────────────────── loading ───────────────────────────── */

static void
show_state (PsemsDiagramPage *self,
            const char       *state)
{
  if (g_strcmp0 (state, "diagram") != 0)
    {
      psems_diagram_view_set_input (self->view, NULL);
      fill_control_list (self);
      psems_ui_clear_list_box (self->threat_list);
    }
  gtk_stack_set_visible_child_name (self->state_stack, state);
  update_actions (self);
}

static void
show_load_error (PsemsDiagramPage *self,
                 const GError     *error)
{
  adw_status_page_set_description (self->error_status, error->message);
  show_state (self, "error");
}

static void
reload (PsemsDiagramPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(PsemsDiagramInput) input = NULL;
  g_autoptr(PsemsRiskMatrix) matrix = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  const char *title;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    {
      show_state (self, "no-database");
      return;
    }
  if (self->facility_id == 0)
    {
      show_state (self, "no-facility");
      return;
    }

  facility = psems_facility_get (self->store, self->facility_id, &error);
  if (facility != NULL)
    input = psems_diagram_input_load (self->store, self->facility_id, NULL, &error);
  if (input != NULL)
    matrix = psems_risk_matrix_load (self->store, &error);
  if (matrix == NULL)
    {
      show_load_error (self, error);
      return;
    }
  g_free (self->facility_code);
  self->facility_code = g_strdup (facility->code);
  title = facility->name != NULL && *facility->name != '\0' ? facility->name : facility->code;

  if (input->layers->len == 0)
    {
      g_autofree char *text =
        /* Translators: %s is a port facility's name */
        g_strdup_printf (_("%s has no layers of defence yet. Add its layers, from the perimeter "
                           "to the critical asset, and the controls on them on the Controls "
                           "page."), title);

      adw_status_page_set_description (self->no_layers_status, text);
      show_state (self, "no-layers");
      return;
    }

  for (guint i = 0; i < input->threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (input->threats, i);

      if (g_hash_table_contains (self->hidden_threats, &threat->id))
        psems_diagram_input_select_threat (input, threat->id, FALSE);
    }

  gtk_label_set_text (self->title_label, title);
  as_of = psems_ui_format_date (input->as_of);
  /* Translators: %s is a date, as in "Defence in depth as of 26 November 2026" */
  subtitle = g_strdup_printf (_("Defence in depth as of %s"), as_of != NULL ? as_of : "");
  gtk_label_set_text (self->subtitle_label, subtitle);
  /* Translators: the diagram's name for screen readers; %s is a port facility's name */
  label = g_strdup_printf (_("Defence-in-depth diagram of %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);

  /* The view keeps its selection when the control is still there. */
  psems_diagram_view_set_input (self->view, g_steal_pointer (&input));
  fill_threat_list (self, matrix);
  fill_control_list (self);
  select_list_row (self, psems_diagram_view_get_selected_control (self->view));
  show_state (self, "diagram");
}

/* Records the diagram does not draw from. Anything else (an entity added later included) reloads:
 * a needless reload costs milliseconds, a missed one shows a stale picture. */
static const char * const unrelated_entities[] = {
  "person", "vetting", "training", "area", "area-access", "plan", "plan-element", "level-change",
  NULL
};

static void
store_changed_cb (PsemsStore       *store,
                  const char       *entity,
                  gint64            id,
                  PsemsDiagramPage *self)
{
  if (entity != NULL && g_strv_contains (unrelated_entities, entity))
    return;
  /* After the writer's call returns, and once for a burst of changes. */
  psems_ui_queue_reload (&self->reload_source, "[psems] diagram reload",
                         (PsemsUiReloadFunc) reload, self);
}

/* ───────────────────────────── zoom ───────────────────────────── */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PsemsDiagramPage *self = PSEMS_DIAGRAM_PAGE (widget);

  psems_diagram_view_set_zoom (self->view, psems_diagram_view_get_zoom (self->view) * ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PsemsDiagramPage *self = PSEMS_DIAGRAM_PAGE (widget);

  psems_diagram_view_set_zoom (self->view, psems_diagram_view_get_zoom (self->view) / ZOOM_STEP);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PsemsDiagramPage *self = PSEMS_DIAGRAM_PAGE (widget);

  psems_diagram_view_set_zoom (self->view, PSEMS_DIAGRAM_VIEW_MIN_ZOOM);
}

/* ───────────────────────────── export ───────────────────────────── */

/**
 * psems_diagram_page_export:
 * @path: where to write; PNG, SVG or PDF by its extension
 *
 * Writes the diagram as shown (the same facility, date and threat paths) to @path.
 */
gboolean
psems_diagram_page_export (PsemsDiagramPage  *self,
                           const char        *path,
                           GError           **error)
{
  const PsemsDiagramInput *input;

  g_return_val_if_fail (PSEMS_IS_DIAGRAM_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  input = get_input (self);
  if (input == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: there is no diagram to export; choose a facility with layers first"),
                   path);
      return FALSE;
    }
  return psems_diagram_export (input, path, EXPORT_WIDTH, EXPORT_HEIGHT, error);
}

/* Exports and tells the user how it went: a toast, or a dialog saying why not. */
static void
export_to (PsemsDiagramPage *self,
           const char       *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (!psems_diagram_page_export (self, path, &error))
    {
      psems_ui_show_error_dialog (GTK_WIDGET (self), "diagram-error",
                                  _("Could Not Export the Diagram"), error);
      return;
    }
  name = g_filename_display_basename (path);
  /* Translators: %s is a file name */
  title = g_strdup_printf (_("Diagram exported to %s"), name);
  adw_toast_overlay_add_toast (self->toast_overlay, psems_ui_new_toast (title));
}

static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  export_to (PSEMS_DIAGRAM_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
chooser_response_cb (GtkNativeDialog  *dialog,
                     int               response,
                     PsemsDiagramPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  GtkFileFilter *filter;
  const char *extension;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (path, -1);

      /* A name typed without an extension takes the one of the format chosen. */
      filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      extension = filter != NULL ? g_object_get_data (G_OBJECT (filter), "psems-extension") : NULL;
      if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg")
          && !g_str_has_suffix (lower, ".pdf") && extension != NULL)
        {
          char *with_extension = g_strconcat (path, extension, NULL);

          g_free (path);
          path = with_extension;
        }
      export_to (self, path);
    }
  else if (file != NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autoptr(GError) error = g_error_new (PSEMS_ERROR, PSEMS_ERROR_INVALID,
                                             _("%s: not a local file; choose a folder on this "
                                               "computer"), uri);

      psems_ui_show_error_dialog (GTK_WIDGET (self), "diagram-error",
                                  _("Could Not Export the Diagram"), error);
    }
}

/* Choosing a format changes the extension of the name typed so far to match it. */
static void
chooser_filter_changed_cb (GtkFileChooser *chooser)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
  const char *extension = filter != NULL ? g_object_get_data (G_OBJECT (filter),
                                                              "psems-extension") : NULL;
  g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;
  g_autofree char *renamed = NULL;

  if (extension == NULL || lower == NULL || g_str_has_suffix (lower, extension))
    return;
  if (g_str_has_suffix (lower, ".png") || g_str_has_suffix (lower, ".svg")
      || g_str_has_suffix (lower, ".pdf"))
    name[strlen (name) - 4] = '\0';
  renamed = g_strconcat (name, extension, NULL);
  gtk_file_chooser_set_current_name (chooser, renamed);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_type,
            const char     *extension)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *pattern = g_strconcat ("*", extension, NULL);

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_suffix (filter, extension + 1);
  g_object_set_data (G_OBJECT (filter), "psems-extension", (gpointer) extension);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PsemsDiagramPage *self = PSEMS_DIAGRAM_PAGE (widget);
  g_autofree char *name = NULL;
  const char *folder;

  /* One chooser, kept: it remembers the folder and format last chosen. */
  if (self->chooser == NULL)
    {
      self->chooser = gtk_file_chooser_native_new (_("Export Diagram"),
                                                   psems_ui_get_window (widget),
                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                                   _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
      add_filter (GTK_FILE_CHOOSER (self->chooser), _("PNG image"), "image/png", ".png");
      add_filter (GTK_FILE_CHOOSER (self->chooser), _("SVG drawing"), "image/svg+xml", ".svg");
      add_filter (GTK_FILE_CHOOSER (self->chooser), _("PDF document"), "application/pdf", ".pdf");
      folder = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
      if (folder != NULL && g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GFile) file = g_file_new_for_path (folder);

          gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), file, NULL);
        }
      g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
      g_signal_connect (self->chooser, "notify::filter", G_CALLBACK (chooser_filter_changed_cb),
                        NULL);
    }
  gtk_native_dialog_set_transient_for (GTK_NATIVE_DIALOG (self->chooser),
                                       psems_ui_get_window (widget));
  /* Translators: the file name an exported diagram is offered under; %s is the facility's code */
  name = g_strdup_printf (_("%s-defence-in-depth.png"),
                          self->facility_code != NULL ? self->facility_code : "facility");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  /* … with the extension of the format chosen last time. */
  chooser_filter_changed_cb (GTK_FILE_CHOOSER (self->chooser));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ───────────────────────────── narrow windows ───────────────────────────── */

static void
folded_cb (PsemsAdaptiveBin *adaptive,
           GParamSpec       *pspec,
           PsemsDiagramPage *self)
{
  gboolean narrow = psems_adaptive_bin_get_folded (adaptive);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_size_request (self->list_pane, narrow ? -1 : LIST_WIDTH,
                               narrow ? LIST_HEIGHT : -1);
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_diagram_page_dispose (GObject *object)
{
  PsemsDiagramPage *self = PSEMS_DIAGRAM_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  psems_ui_follow_store (&self->store, &self->changed_handler, NULL, NULL, NULL);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->chooser, chooser_response_cb, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  /* The list and the view go one after the other: neither may follow the other any more. */
  self->syncing = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), PSEMS_TYPE_DIAGRAM_PAGE);

  G_OBJECT_CLASS (psems_diagram_page_parent_class)->dispose (object);
}

static void
psems_diagram_page_finalize (GObject *object)
{
  PsemsDiagramPage *self = PSEMS_DIAGRAM_PAGE (object);

  g_clear_pointer (&self->actor, psems_actor_unref);
  g_clear_pointer (&self->hidden_threats, g_hash_table_unref);
  g_clear_pointer (&self->facility_code, g_free);

  G_OBJECT_CLASS (psems_diagram_page_parent_class)->finalize (object);
}

static void
psems_diagram_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PsemsDiagramPage *self = PSEMS_DIAGRAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      g_value_set_int64 (value, self->facility_id);
      break;
    case PROP_LIST_VISIBLE:
      g_value_set_boolean (value, gtk_widget_get_visible (self->list_pane));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_diagram_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PsemsDiagramPage *self = PSEMS_DIAGRAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_FACILITY_ID:
      psems_diagram_page_set_facility_id (self, g_value_get_int64 (value));
      break;
    case PROP_LIST_VISIBLE:
      if (gtk_widget_get_visible (self->list_pane) != g_value_get_boolean (value))
        {
          gtk_widget_set_visible (self->list_pane, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_diagram_page_class_init (PsemsDiagramPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_diagram_page_dispose;
  object_class->finalize = psems_diagram_page_finalize;
  object_class->get_property = psems_diagram_page_get_property;
  object_class->set_property = psems_diagram_page_set_property;

  /**
   * PsemsDiagramPage:facility-id:
   *
   * The facility drawn; 0 (all facilities) asks the user to choose one.
   */
  properties[PROP_FACILITY_ID] =
    g_param_spec_int64 ("facility-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * PsemsDiagramPage:list-visible:
   *
   * Whether the list of layers and controls, the diagram's text alternative, is shown beside it.
   */
  properties[PROP_LIST_VISIBLE] =
    g_param_spec_boolean ("list-visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PSEMS_TYPE_DIAGRAM_VIEW);
  g_type_ensure (PSEMS_TYPE_ADAPTIVE_BIN);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-diagram-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, no_layers_status);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, threats_button);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, threat_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, threat_list);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, view);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, threats_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, threats_short_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, paned);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, adaptive);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, PsemsDiagramPage, control_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "diagram.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "diagram.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "diagram.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "diagram.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "diagram.export-to", "s", export_to_action);
  gtk_widget_class_install_action (widget_class, "diagram.show-threat", "(xb)",
                                   show_threat_action);
  gtk_widget_class_install_action (widget_class, "diagram.show-all-threats", NULL,
                                   show_all_threats_action);
  gtk_widget_class_install_action (widget_class, "diagram.show-no-threats", NULL,
                                   show_no_threats_action);
  gtk_widget_class_install_property_action (widget_class, "diagram.show-list", "list-visible");
}

static void
add_managed_shortcut (GtkEventController *controller,
                      guint               key,
                      GdkModifierType     modifiers,
                      const char         *action)
{
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                                          gtk_named_action_new (action)));
}

static void
psems_diagram_page_init (PsemsDiagramPage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->adaptive, "notify::folded", G_CALLBACK (folded_cb), self);
  /* The list's status dots take the diagram's dark or light fills: after the view has changed
   * its palette (it follows the style from its realization, later than this). */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (fill_control_list),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->hidden_threats = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_signal_connect (self->control_list, "row-selected", G_CALLBACK (list_row_selected_cb), self);
  g_signal_connect (self->control_list, "row-activated", G_CALLBACK (list_row_activated_cb),
                    self);
  g_signal_connect_swapped (self->view, "notify::selected-control",
                            G_CALLBACK (view_selected_cb), self);
  g_signal_connect (self->view, "control-activated", G_CALLBACK (view_activated_cb), self);
  g_signal_connect_swapped (self->view, "notify::zoom", G_CALLBACK (update_actions), self);
  psems_ui_set_empty_text (self->threat_list, _("No threat scenarios assessed for this facility"));

  /* While the page is shown, wherever the focus is: the window hands these to its mapped pages. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  add_managed_shortcut (shortcuts, GDK_KEY_plus, GDK_CONTROL_MASK, "diagram.zoom-in");
  add_managed_shortcut (shortcuts, GDK_KEY_equal, GDK_CONTROL_MASK, "diagram.zoom-in");
  add_managed_shortcut (shortcuts, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "diagram.zoom-in");
  add_managed_shortcut (shortcuts, GDK_KEY_minus, GDK_CONTROL_MASK, "diagram.zoom-out");
  add_managed_shortcut (shortcuts, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "diagram.zoom-out");
  add_managed_shortcut (shortcuts, GDK_KEY_0, GDK_CONTROL_MASK, "diagram.zoom-fit");
  add_managed_shortcut (shortcuts, GDK_KEY_KP_0, GDK_CONTROL_MASK, "diagram.zoom-fit");
  add_managed_shortcut (shortcuts, GDK_KEY_e, GDK_CONTROL_MASK, "diagram.export");
  add_managed_shortcut (shortcuts, GDK_KEY_F9, 0, "diagram.show-list");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  show_state (self, "no-database");
}

GtkWidget *
psems_diagram_page_new (void)
{
  return g_object_new (PSEMS_TYPE_DIAGRAM_PAGE, NULL);
}

/**
 * psems_diagram_page_set_store:
 * @store: (nullable): the database, or %NULL when none is open
 * @actor: (nullable): who acts; needed with a store
 */
void
psems_diagram_page_set_store (PsemsDiagramPage *self,
                              PsemsStore       *store,
                              PsemsActor       *actor)
{
  g_return_if_fail (PSEMS_IS_DIAGRAM_PAGE (self));
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
  /* Ids belong to the database they came from. */
  g_hash_table_remove_all (self->hidden_threats);
  psems_diagram_view_set_input (self->view, NULL);
  reload (self);
}

void
psems_diagram_page_set_facility_id (PsemsDiagramPage *self,
                                    gint64            facility_id)
{
  g_return_if_fail (PSEMS_IS_DIAGRAM_PAGE (self));
  g_return_if_fail (facility_id >= 0);

  if (self->facility_id == facility_id)
    return;
  self->facility_id = facility_id;
  psems_diagram_view_set_input (self->view, NULL);
  psems_diagram_view_set_zoom (self->view, PSEMS_DIAGRAM_VIEW_MIN_ZOOM);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACILITY_ID]);
}

gint64
psems_diagram_page_get_facility_id (PsemsDiagramPage *self)
{
  g_return_val_if_fail (PSEMS_IS_DIAGRAM_PAGE (self), 0);
  return self->facility_id;
}
