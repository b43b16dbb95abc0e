/* psems-diagram-view.c — draws a defence-in-depth diagram; zooms, scrolls, picks a control. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "psems-diagram-view.h"
#include "psems-ui-util.h"

#define ZOOM_STEP 1.25

struct _PsemsDiagramView
{
  GtkWidget parent_instance;

  PsemsDiagramInput *input;
  PsemsDiagramLayout *layout;   /* laid out at layout_width × layout_height (the view's size) */
  double layout_width;
  double layout_height;

  /* The still part (everything but the selection and hover rings) of what is visible, painted
   * once at the view's size, scale, zoom and scroll position; dropped when any of those or the
   * data change. Frames in between (hover, selection) only blit it. */
  GdkTexture *cache;
  guint n_static_paints;
  /* The desktop's light or dark style (AdwStyleManager:dark), followed while the view is
   * realized; the exports keep the light palette whatever this says. */
  AdwStyleManager *style_manager;
  const PsemsDiagramPalette *palette;

  gint64 selected;
  gint64 hovered;
  double zoom;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  GtkScrollablePolicy hscroll_policy;
  GtkScrollablePolicy vscroll_policy;
  double drag_start_h;
  double drag_start_v;
  double pointer_x;             /* where the pointer was last seen, in widget coordinates */
  double pointer_y;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (PsemsDiagramView, psems_diagram_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum {
  PROP_0,
  PROP_SELECTED_CONTROL,
  PROP_ZOOM,
  N_PROPS,
  /* GtkScrollable's */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

enum {
  CONTROL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ───────────────────────────── data ───────────────────────────── */

static const PsemsControl *
find_control (PsemsDiagramView *self,
              gint64            id)
{
  for (guint i = 0; self->input != NULL && i < self->input->controls->len; i++)
    {
      const PsemsControl *control = g_ptr_array_index (self->input->controls, i);

      if (control->id == id)
        return control;
    }
  return NULL;
}

static void
invalidate_cache (PsemsDiagramView *self)
{
  g_clear_object (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
invalidate_layout (PsemsDiagramView *self)
{
  g_clear_pointer (&self->layout, psems_diagram_layout_free);
  invalidate_cache (self);
}

static gboolean
ensure_layout (PsemsDiagramView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->input == NULL || width <= 0 || height <= 0)
    return FALSE;
  if (self->layout != NULL && self->layout_width == width && self->layout_height == height)
    return TRUE;
  g_clear_pointer (&self->layout, psems_diagram_layout_free);
  self->layout = psems_diagram_layout_new (self->input, width, height);
  self->layout_width = width;
  self->layout_height = height;
  g_clear_object (&self->cache);
  return self->layout != NULL;
}

static double
get_scroll_x (PsemsDiagramView *self)
{
  return self->hadjustment != NULL ? gtk_adjustment_get_value (self->hadjustment) : 0.0;
}

static double
get_scroll_y (PsemsDiagramView *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0.0;
}

/* Widget coordinates → layout units. */
static void
to_layout (PsemsDiagramView *self,
           double            x,
           double            y,
           double           *lx,
           double           *ly)
{
  *lx = (x + get_scroll_x (self)) / self->zoom;
  *ly = (y + get_scroll_y (self)) / self->zoom;
}

static gint64
hit (PsemsDiagramView *self,
     double            x,
     double            y)
{
  double lx, ly;

  if (!ensure_layout (self))
    return 0;
  to_layout (self, x, y, &lx, &ly);
  return psems_diagram_layout_hit (self->layout, lx, ly);
}

/* ───────────────────────────── scrolling and zoom ───────────────────────────── */

static void
configure_adjustment (GtkAdjustment *adjustment,
                      double         value,
                      double         page,
                      double         zoom)
{
  double upper = MAX (page * zoom, page);

  if (adjustment == NULL)
    return;
  gtk_adjustment_configure (adjustment, CLAMP (value, 0.0, MAX (upper - page, 0.0)), 0.0, upper,
                            page * 0.1, page * 0.9, page);
}

static void
configure_adjustments (PsemsDiagramView *self,
                       double            h_value,
                       double            v_value)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  configure_adjustment (self->hadjustment, h_value, width, self->zoom);
  configure_adjustment (self->vadjustment, v_value, height, self->zoom);
}

/* Changes the zoom keeping the layout point under (@x, @y), in widget coordinates, where it is. */
static void
zoom_around (PsemsDiagramView *self,
             double            zoom,
             double            x,
             double            y)
{
  double lx, ly;

  zoom = CLAMP (zoom, PSEMS_DIAGRAM_VIEW_MIN_ZOOM, PSEMS_DIAGRAM_VIEW_MAX_ZOOM);
  if (fabs (zoom - self->zoom) < 1e-9)
    return;
  to_layout (self, x, y, &lx, &ly);
  self->zoom = zoom;
  configure_adjustments (self, lx * zoom - x, ly * zoom - y);
  invalidate_cache (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

double
psems_diagram_view_get_zoom (PsemsDiagramView *self)
{
  g_return_val_if_fail (PSEMS_IS_DIAGRAM_VIEW (self), 1.0);
  return self->zoom;
}

void
psems_diagram_view_set_zoom (PsemsDiagramView *self,
                             double            zoom)
{
  g_return_if_fail (PSEMS_IS_DIAGRAM_VIEW (self));

  zoom_around (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
adjustment_value_changed_cb (PsemsDiagramView *self)
{
  invalidate_cache (self);
}

static void
set_adjustment (PsemsDiagramView *self,
                GtkAdjustment   **slot,
                GtkAdjustment    *adjustment)
{
  if (adjustment != NULL && *slot == adjustment)
    return;
  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed_cb, self);
      g_clear_object (slot);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed",
                            G_CALLBACK (adjustment_value_changed_cb), self);
  configure_adjustments (self, get_scroll_x (self), get_scroll_y (self));
}

/* Scrolls, when zoomed in, so that the node of @control_id is in view. */
static void
scroll_to_control (PsemsDiagramView *self,
                   gint64            control_id)
{
  const PsemsDiagramNode *node;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double x, y, margin, h_value, v_value;

  if (self->zoom <= PSEMS_DIAGRAM_VIEW_MIN_ZOOM || !ensure_layout (self))
    return;
  node = psems_diagram_layout_find_node (self->layout, control_id);
  if (node == NULL)
    return;
  x = node->x * self->zoom;
  y = node->y * self->zoom;
  margin = node->size * self->zoom + 24.0;
  h_value = get_scroll_x (self);
  v_value = get_scroll_y (self);
  if (x - margin < h_value || x + margin > h_value + width)
    h_value = x - width / 2.0;
  if (y - margin < v_value || y + margin > v_value + height)
    v_value = y - height / 2.0;
  configure_adjustments (self, h_value, v_value);
}

/* ───────────────────────────── selection ───────────────────────────── */

/**
 * psems_diagram_view_describe_control:
 * @markup: whether to return Pango markup (the name in bold) or plain text
 *
 * Returns: (transfer full): what the diagram's tooltip says about @control: its name, reference,
 *   layer, function, domain, status, effectiveness and why it is degraded
 */
char *
psems_diagram_view_describe_control (const PsemsControl *control,
                                     gboolean            markup)
{
  GString *text = g_string_new (NULL);
  g_autofree char *name = markup ? g_markup_escape_text (control->name, -1)
                                 : g_strdup (control->name);

  if (markup)
    g_string_append_printf (text, "<b>%s</b>", name);
  else
    g_string_append (text, name);
  g_string_append_c (text, '\n');
  /* Translators: a control's reference and the layer of defence it stands on,
   * as in "CTL-2026-0001 · Access control" */
  g_string_append_printf (text, _("%s · %s"), control->ref != NULL ? control->ref : "",
                          control->layer_name != NULL ? control->layer_name : "");
  g_string_append_c (text, '\n');
  /* Translators: a control's function and domain, as in "Detect · Physical" */
  g_string_append_printf (text, _("%s · %s"), psems_control_function_label (control->function),
                          psems_control_domain_label (control->domain));
  g_string_append_c (text, '\n');
  /* Translators: a control's status and how effective it is judged, as in
   * "Implemented, 80 % effective" */
  g_string_append_printf (text, _("%s, %d %% effective"),
                          psems_control_status_label (control->status), control->effectiveness);
  if (control->degraded && control->test_overdue)
    {
      g_autofree char *due = psems_ui_format_date (control->test_due_on);

      g_string_append_c (text, '\n');
      if (due != NULL)
        g_string_append_printf (text, _("Degraded: test overdue since %s"), due);
      else
        g_string_append (text, _("Degraded: never tested"));
    }
  if (control->degraded && control->open_findings > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Degraded: %d open finding",
                                                 "Degraded: %d open findings",
                                                 control->open_findings),
                              control->open_findings);
    }
  return g_string_free (text, FALSE);
}

/**
 * psems_diagram_view_summarize:
 * @input: (nullable): what the diagram is drawn from
 *
 * Returns: (transfer full): the diagram in a few sentences, for a screen reader: how many layers
 *   and controls, the controls by status, how many are degraded, how many of the drawn threat
 *   scenarios pass every layer, and where the full text alternative is
 */
char *
psems_diagram_view_summarize (const PsemsDiagramInput *input)
{
  GString *text = g_string_new (NULL);
  guint n_layers = input != NULL && input->layers != NULL ? input->layers->len : 0;
  guint n_controls = input != NULL && input->controls != NULL ? input->controls->len : 0;
  const char * const *statuses = psems_control_statuses ();
  guint n_degraded = 0;
  guint n_drawn = 0;
  guint n_passing = 0;

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u layer of defence",
                                             "%u layers of defence", n_layers), n_layers);
  g_string_append (text, ", ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u control", "%u controls",
                                             n_controls), n_controls);
  for (guint s = 0; statuses[s] != NULL; s++)
    {
      guint n = 0;

      for (guint i = 0; i < n_controls; i++)
        if (g_strcmp0 (((PsemsControl *) g_ptr_array_index (input->controls, i))->status,
                       statuses[s]) == 0)
          n++;
      if (n > 0)
        /* Translators: how many controls have a status, as in ", 3 implemented" (the status
         * is psems_control_status_label's, e.g. "Implemented") */
        g_string_append_printf (text, _(", %u %s"), n, psems_control_status_label (statuses[s]));
    }
  g_string_append (text, ". ");
  for (guint i = 0; i < n_controls; i++)
    if (((PsemsControl *) g_ptr_array_index (input->controls, i))->degraded)
      n_degraded++;
  if (n_degraded > 0)
    {
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u control is degraded.",
                                                 "%u controls are degraded.", n_degraded),
                              n_degraded);
      g_string_append_c (text, ' ');
    }
  for (guint i = 0; input != NULL && input->threats != NULL && i < input->threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (input->threats, i);

      if (!psems_diagram_input_is_selected (input, threat->id))
        continue;
      n_drawn++;
      if (threat->assessment.stop_position == 0)
        n_passing++;
    }
  if (n_drawn > 0)
    {
      /* Translators: "2 of 5 threat scenarios drawn pass every layer." */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u of %u threat scenario drawn passes every layer.",
                                                 "%u of %u threat scenarios drawn pass every layer.",
                                                 n_drawn),
                              n_passing, n_drawn);
      g_string_append_c (text, ' ');
    }
  g_string_append (text, _("The list of layers and controls beside the diagram (F9) reads it as text; "
                           "arrow keys move between controls."));
  return g_string_free (text, FALSE);
}

/* A screen reader hears the diagram's summary as the image's name, and the selected control's
 * details (or the summary again, when none is selected) as its description. */
static void
update_accessible_description (PsemsDiagramView *self)
{
  const PsemsControl *control = find_control (self, self->selected);
  g_autofree char *summary = psems_diagram_view_summarize (self->input);
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;

  if (self->input != NULL && self->input->title != NULL)
    /* Translators: the diagram's accessible name; %s is the facility */
    label = g_strdup_printf (_("Defence-in-depth diagram of %s"), self->input->title);
  else
    label = g_strdup (_("Defence-in-depth diagram"));
  if (control != NULL)
    {
      g_autofree char *details = psems_diagram_view_describe_control (control, FALSE);

      /* Translators: the diagram's accessible description: the selected control, then the
       * summary of the whole diagram */
      text = g_strdup_printf (_("Selected: %s\n%s"), details, summary);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text != NULL ? text : summary,
                                  -1);
}

gint64
psems_diagram_view_get_selected_control (PsemsDiagramView *self)
{
  g_return_val_if_fail (PSEMS_IS_DIAGRAM_VIEW (self), 0);
  return self->selected;
}

void
psems_diagram_view_set_selected_control (PsemsDiagramView *self,
                                         gint64            control_id)
{
  g_return_if_fail (PSEMS_IS_DIAGRAM_VIEW (self));

  if (find_control (self, control_id) == NULL)
    control_id = 0;
  if (self->selected == control_id)
    return;
  self->selected = control_id;
  if (control_id != 0)
    scroll_to_control (self, control_id);
  update_accessible_description (self);
  /* Only the rings on top move: the cached still part stays. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL]);
}

static void
activate_selected (PsemsDiagramView *self)
{
  if (self->selected != 0)
    g_signal_emit (self, signals[CONTROL_ACTIVATED], 0, self->selected);
}

/* Moves the selection @step nodes along the layout's order (rings outside in, around each). */
static void
move_selection (PsemsDiagramView *self,
                int               step)
{
  GArray *nodes;
  int index = -1;
  int n;

  if (!ensure_layout (self) || self->layout->nodes->len == 0)
    return;
  nodes = self->layout->nodes;
  n = (int) nodes->len;
  for (int i = 0; i < n; i++)
    if (g_array_index (nodes, PsemsDiagramNode, i).control_id == self->selected)
      index = i;
  if (index < 0)
    index = step > 0 ? 0 : n - 1;
  else
    index = CLAMP (index + step, 0, n - 1);
  psems_diagram_view_set_selected_control (self, g_array_index (nodes, PsemsDiagramNode,
                                                               index).control_id);
}

/* ───────────────────────────── input ───────────────────────────── */

void
psems_diagram_view_set_input (PsemsDiagramView  *self,
                              PsemsDiagramInput *input)
{
  g_return_if_fail (PSEMS_IS_DIAGRAM_VIEW (self));

  /* The layout points into the input's records: it goes first. */
  g_clear_pointer (&self->layout, psems_diagram_layout_free);
  g_clear_pointer (&self->input, psems_diagram_input_free);
  self->input = input;
  self->hovered = 0;
  invalidate_cache (self);
  if (self->selected != 0 && find_control (self, self->selected) == NULL)
    {
      self->selected = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONTROL]);
    }
  update_accessible_description (self);
}

const PsemsDiagramInput *
psems_diagram_view_get_input (PsemsDiagramView *self)
{
  g_return_val_if_fail (PSEMS_IS_DIAGRAM_VIEW (self), NULL);
  return self->input;
}

const PsemsDiagramLayout *
psems_diagram_view_get_layout (PsemsDiagramView *self)
{
  g_return_val_if_fail (PSEMS_IS_DIAGRAM_VIEW (self), NULL);
  return ensure_layout (self) ? self->layout : NULL;
}

gboolean
psems_diagram_view_get_threat_selected (PsemsDiagramView *self,
                                        gint64            threat_id)
{
  g_return_val_if_fail (PSEMS_IS_DIAGRAM_VIEW (self), FALSE);

  return self->input != NULL && psems_diagram_input_is_selected (self->input, threat_id);
}

void
psems_diagram_view_set_threat_selected (PsemsDiagramView *self,
                                        gint64            threat_id,
                                        gboolean          selected)
{
  g_return_if_fail (PSEMS_IS_DIAGRAM_VIEW (self));

  if (self->input == NULL
      || psems_diagram_view_get_threat_selected (self, threat_id) == !!selected)
    return;
  psems_diagram_input_select_threat (self->input, threat_id, selected);
  /* Arrows are part of the layout. */
  invalidate_layout (self);
  update_accessible_description (self);
}

const PsemsDiagramPalette *
psems_diagram_view_get_palette (PsemsDiagramView *self)
{
  g_return_val_if_fail (PSEMS_IS_DIAGRAM_VIEW (self), NULL);
  return self->palette;
}

guint
psems_diagram_view_get_n_static_paints (PsemsDiagramView *self)
{
  g_return_val_if_fail (PSEMS_IS_DIAGRAM_VIEW (self), 0);
  return self->n_static_paints;
}

/* ───────────────────────────── drawing ───────────────────────────── */

static void
paint_cache (PsemsDiagramView *self,
             int               width,
             int               height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  /* The canvas beyond the diagram (scrolled or zoomed) is its paper too. */
  cairo_set_source_rgb (cr, self->palette->background.r, self->palette->background.g,
                        self->palette->background.b);
  cairo_paint (cr);
  cairo_translate (cr, -get_scroll_x (self), -get_scroll_y (self));
  cairo_scale (cr, self->zoom, self->zoom);
  psems_diagram_paint_static_with_palette (cr, self->layout, self->input, self->palette);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* The texture keeps the surface's pixels without a copy. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface)
                                      * (gsize) (height * scale),
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  self->cache = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT, bytes,
                                        (gsize) cairo_image_surface_get_stride (surface));
  self->n_static_paints++;
}

static void
add_bounds (graphene_rect_t       *bounds,
            gboolean              *empty,
            const graphene_rect_t *rect)
{
  if (*empty)
    *bounds = *rect;
  else
    graphene_rect_union (bounds, rect, bounds);
  *empty = FALSE;
}

/* Layout units → a rectangle in widget coordinates, grown by @margin layout units. */
static void
to_widget_rect (PsemsDiagramView       *self,
                const PsemsDiagramRect *box,
                double                  margin,
                graphene_rect_t        *rect)
{
  graphene_rect_init (rect, (box->x - margin) * self->zoom - get_scroll_x (self),
                      (box->y - margin) * self->zoom - get_scroll_y (self),
                      (box->width + 2 * margin) * self->zoom,
                      (box->height + 2 * margin) * self->zoom);
}

/* Adds where the highlight of @control_id is painted to @bounds: around its node, and over its
 * row in the diagram's key when it has one. */
static void
add_highlight_bounds (PsemsDiagramView *self,
                      gint64            control_id,
                      graphene_rect_t  *bounds,
                      gboolean         *empty)
{
  const PsemsDiagramNode *node = control_id != 0
                                 ? psems_diagram_layout_find_node (self->layout, control_id) : NULL;
  graphene_rect_t rect;

  if (node == NULL)
    return;
  /* A few strokes around the node: a node size and a label's height clear are room enough. */
  to_widget_rect (self, &(PsemsDiagramRect) { node->x, node->y, 0, 0 },
                  node->size + self->layout->font_size, &rect);
  add_bounds (bounds, empty, &rect);
  for (guint i = 0; i < self->layout->key_entries->len; i++)
    {
      const PsemsDiagramKeyEntry *entry = &g_array_index (self->layout->key_entries,
                                                          PsemsDiagramKeyEntry, i);

      if (entry->kind == PSEMS_DIAGRAM_KEY_CONTROL && entry->id == control_id)
        {
          to_widget_rect (self, &entry->box, self->layout->font_size, &rect);
          add_bounds (bounds, empty, &rect);
        }
    }
}

/* The keyboard focus ring: the view is one focusable image, so it draws its own inside its
 * edge (the theme has no rule for it), in the palette's accent, which keeps 3:1 against the
 * canvas and every ring in both styles. */
static void
snapshot_focus_ring (PsemsDiagramView *self,
                     GtkSnapshot      *snapshot,
                     int               width,
                     int               height)
{
  const PsemsDiagramColour *accent = &self->palette->accent;
  GdkRGBA colour = { accent->r, accent->g, accent->b, 1.0 };
  GskRoundedRect outline;

  if (!gtk_widget_has_visible_focus (GTK_WIDGET (self)))
    return;
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 6);
  gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 2, 2, 2, 2 },
                              (GdkRGBA[4]) { colour, colour, colour, colour });
}

static void
psems_diagram_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  PsemsDiagramView *self = PSEMS_DIAGRAM_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (!ensure_layout (self))
    return;
  if (self->cache == NULL)
    paint_cache (self, width, height);
  gtk_snapshot_append_texture (snapshot, self->cache, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The selection and hover rings: painted every frame, but only over the nodes they ring. */
  if (self->selected != 0 || self->hovered != 0)
    {
      graphene_rect_t bounds;
      gboolean empty = TRUE;
      cairo_t *cr;

      add_highlight_bounds (self, self->selected, &bounds, &empty);
      add_highlight_bounds (self, self->hovered, &bounds, &empty);
      if (!empty)
        {
          cr = gtk_snapshot_append_cairo (snapshot, &bounds);
          cairo_translate (cr, -get_scroll_x (self), -get_scroll_y (self));
          cairo_scale (cr, self->zoom, self->zoom);
          gint64 hovered = self->hovered != self->selected ? self->hovered : 0;

          psems_diagram_paint_dynamic_with_palette (cr, self->layout, self->selected, hovered,
                                                    self->palette);
          cairo_destroy (cr);
        }
    }
  snapshot_focus_ring (self, snapshot, width, height);
}


static void
psems_diagram_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = 240;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

static void
psems_diagram_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  PsemsDiagramView *self = PSEMS_DIAGRAM_VIEW (widget);

  configure_adjustments (self, get_scroll_x (self), get_scroll_y (self));
  if (self->layout != NULL && (self->layout_width != width || self->layout_height != height))
    invalidate_layout (self);
}

static gboolean
psems_diagram_view_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard_mode,
                                  GtkTooltip *tooltip)
{
  PsemsDiagramView *self = PSEMS_DIAGRAM_VIEW (widget);
  gint64 id = keyboard_mode ? self->selected : hit (self, x, y);
  const PsemsControl *control = find_control (self, id);
  const PsemsDiagramNode *node;
  g_autofree char *markup = NULL;

  if (control == NULL || !ensure_layout (self))
    return FALSE;
  markup = psems_diagram_view_describe_control (control, TRUE);
  gtk_tooltip_set_markup (tooltip, markup);
  /* The tooltip stays while the pointer is over the same node, label or key row. */
  if (!keyboard_mode)
    {
      const PsemsDiagramRect *box = NULL;
      double lx, ly;
      graphene_rect_t rect;

      to_layout (self, x, y, &lx, &ly);
      node = psems_diagram_layout_find_node (self->layout, id);
      if (node != NULL && lx >= node->hit.x && lx <= node->hit.x + node->hit.width
          && ly >= node->hit.y && ly <= node->hit.y + node->hit.height)
        box = &node->hit;
      for (guint i = 0; box == NULL && i < self->layout->key_entries->len; i++)
        {
          const PsemsDiagramKeyEntry *entry = &g_array_index (self->layout->key_entries,
                                                              PsemsDiagramKeyEntry, i);

          if (entry->kind == PSEMS_DIAGRAM_KEY_CONTROL && entry->id == id
              && lx >= entry->box.x && lx <= entry->box.x + entry->box.width
              && ly >= entry->box.y && ly <= entry->box.y + entry->box.height)
            box = &entry->box;
        }
      if (box != NULL)
        {
          GdkRectangle area;

          to_widget_rect (self, box, 0.0, &rect);
          area.x = (int) floor (rect.origin.x);
          area.y = (int) floor (rect.origin.y);
          area.width = (int) ceil (rect.size.width);
          area.height = (int) ceil (rect.size.height);
          gtk_tooltip_set_tip_area (tooltip, &area);
        }
    }
  return TRUE;
}

/* ───────────────────────────── input events ───────────────────────────── */

static void
click_pressed_cb (GtkGestureClick  *gesture,
                  int               n_press,
                  double            x,
                  double            y,
                  PsemsDiagramView *self)
{
  gint64 id = hit (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 1)
    psems_diagram_view_set_selected_control (self, id);
  else if (n_press == 2 && id != 0 && id == self->selected)
    activate_selected (self);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           PsemsDiagramView         *self)
{
  gint64 id = hit (self, x, y);

  self->pointer_x = x;
  self->pointer_y = y;
  if (id == self->hovered)
    return;
  self->hovered = id;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), id != 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          PsemsDiagramView         *self)
{
  if (self->hovered == 0)
    return;
  self->hovered = 0;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           PsemsDiagramView         *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (
    GTK_EVENT_CONTROLLER (controller));
  double x = self->pointer_x;
  double y = self->pointer_y;

  if (!(state & GDK_CONTROL_MASK) || dy == 0.0)
    return FALSE;
  /* Ctrl+wheel zooms around the pointer, as image viewers and maps do. */
  zoom_around (self, self->zoom * pow (ZOOM_STEP, -dy), x, y);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag   *gesture,
               double            x,
               double            y,
               PsemsDiagramView *self)
{
  self->drag_start_h = get_scroll_x (self);
  self->drag_start_v = get_scroll_y (self);
}

static void
drag_update_cb (GtkGestureDrag   *gesture,
                double            dx,
                double            dy,
                PsemsDiagramView *self)
{
  if (self->zoom <= PSEMS_DIAGRAM_VIEW_MIN_ZOOM)
    return;
  if (self->hadjustment != NULL)
    gtk_adjustment_set_value (self->hadjustment, self->drag_start_h - dx);
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, self->drag_start_v - dy);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PsemsDiagramView      *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (self->selected == 0)
        return FALSE;
      activate_selected (self);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Right:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Left:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return TRUE;
    case GDK_KEY_Home:
      move_selection (self, -G_MAXINT / 2);
      return TRUE;
    case GDK_KEY_End:
      move_selection (self, G_MAXINT / 2);
      return TRUE;
    case GDK_KEY_Escape:
      if (self->selected == 0)
        return FALSE;
      psems_diagram_view_set_selected_control (self, 0);
      return TRUE;
    default:
      return FALSE;
    }
}

/* ───────────────────────────── the desktop's style ───────────────────────────── */

static void
update_palette (PsemsDiagramView *self)
{
  gboolean dark = self->style_manager != NULL && adw_style_manager_get_dark (self->style_manager);
  const PsemsDiagramPalette *palette =
    psems_diagram_palette_get (dark ? PSEMS_DIAGRAM_STYLE_DARK : PSEMS_DIAGRAM_STYLE_LIGHT);

  if (palette == self->palette)
    return;
  self->palette = palette;
  invalidate_cache (self);
}

static void
style_dark_changed_cb (AdwStyleManager  *style_manager,
                       GParamSpec       *pspec,
                       PsemsDiagramView *self)
{
  update_palette (self);
}

/* The style manager of the view's display: known once the view is realized. */
static void
psems_diagram_view_realize (GtkWidget *widget)
{
  PsemsDiagramView *self = PSEMS_DIAGRAM_VIEW (widget);

  GTK_WIDGET_CLASS (psems_diagram_view_parent_class)->realize (widget);
  if (adw_is_initialized ())
    {
      GdkDisplay *display = gtk_widget_get_display (widget);

      self->style_manager = g_object_ref (adw_style_manager_get_for_display (display));
      g_signal_connect_object (self->style_manager, "notify::dark",
                               G_CALLBACK (style_dark_changed_cb), self, G_CONNECT_DEFAULT);
    }
  update_palette (self);
}

static void
disconnect_style_manager (PsemsDiagramView *self)
{
  if (self->style_manager == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->style_manager, style_dark_changed_cb, self);
  g_clear_object (&self->style_manager);
}

static void
psems_diagram_view_unrealize (GtkWidget *widget)
{
  disconnect_style_manager (PSEMS_DIAGRAM_VIEW (widget));
  GTK_WIDGET_CLASS (psems_diagram_view_parent_class)->unrealize (widget);
}

static void
psems_diagram_view_state_flags_changed (GtkWidget     *widget,
                                        GtkStateFlags  previous)
{
  GtkStateFlags changed = previous ^ gtk_widget_get_state_flags (widget);

  GTK_WIDGET_CLASS (psems_diagram_view_parent_class)->state_flags_changed (widget, previous);
  /* The focus ring is drawn, not styled: nothing else redraws the view when it comes or goes. */
  if (changed & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE))
    gtk_widget_queue_draw (widget);
}

/* ───────────────────────────── the class ───────────────────────────── */

static void
psems_diagram_view_dispose (GObject *object)
{
  PsemsDiagramView *self = PSEMS_DIAGRAM_VIEW (object);

  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_value_changed_cb, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_value_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->cache);
  disconnect_style_manager (self);

  G_OBJECT_CLASS (psems_diagram_view_parent_class)->dispose (object);
}

static void
psems_diagram_view_finalize (GObject *object)
{
  PsemsDiagramView *self = PSEMS_DIAGRAM_VIEW (object);

  g_clear_pointer (&self->layout, psems_diagram_layout_free);
  g_clear_pointer (&self->input, psems_diagram_input_free);

  G_OBJECT_CLASS (psems_diagram_view_parent_class)->finalize (object);
}

static void
psems_diagram_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PsemsDiagramView *self = PSEMS_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_CONTROL:
      g_value_set_int64 (value, self->selected);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_diagram_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PsemsDiagramView *self = PSEMS_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_CONTROL:
      psems_diagram_view_set_selected_control (self, g_value_get_int64 (value));
      break;
    case PROP_ZOOM:
      psems_diagram_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (GtkScrollablePolicy) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (GtkScrollablePolicy) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_diagram_view_class_init (PsemsDiagramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_diagram_view_dispose;
  object_class->finalize = psems_diagram_view_finalize;
  object_class->get_property = psems_diagram_view_get_property;
  object_class->set_property = psems_diagram_view_set_property;

  widget_class->snapshot = psems_diagram_view_snapshot;
  widget_class->realize = psems_diagram_view_realize;
  widget_class->unrealize = psems_diagram_view_unrealize;
  widget_class->state_flags_changed = psems_diagram_view_state_flags_changed;
  widget_class->measure = psems_diagram_view_measure;
  widget_class->size_allocate = psems_diagram_view_size_allocate;
  widget_class->query_tooltip = psems_diagram_view_query_tooltip;

  /**
   * PsemsDiagramView:selected-control:
   *
   * The control picked by a click, the keyboard or the page's list; 0 for none.
   */
  properties[PROP_SELECTED_CONTROL] =
    g_param_spec_int64 ("selected-control", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, PSEMS_DIAGRAM_VIEW_MIN_ZOOM,
                         PSEMS_DIAGRAM_VIEW_MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * PsemsDiagramView::control-activated:
   * @control_id: the control double-clicked, or selected when Enter was pressed
   */
  signals[CONTROL_ACTIVATED] =
    g_signal_new ("control-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "diagramview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
psems_diagram_view_init (PsemsDiagramView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL
                                     | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->zoom = 1.0;
  self->palette = psems_diagram_palette_get (PSEMS_DIAGRAM_STYLE_LIGHT);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  update_accessible_description (self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  /* The cache holds device pixels. (Of the theme it depends on the light or dark style alone,
   * followed from AdwStyleManager: :hover and :focus do not touch it.) */
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (invalidate_cache), NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
psems_diagram_view_new (void)
{
  return g_object_new (PSEMS_TYPE_DIAGRAM_VIEW, NULL);
}
