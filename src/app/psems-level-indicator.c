/* psems-level-indicator.c — a small widget showing a security level as the render library's badge. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "psems-level-badge.h"
#include "psems-level-indicator.h"

struct _PsemsLevelIndicator
{
  GtkWidget parent_instance;

  GtkDrawingArea *area;

  int level;
  int full_width;      /* the badge with its label; narrower, the number alone */
};

G_DEFINE_FINAL_TYPE (PsemsLevelIndicator, psems_level_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * psems_level_indicator_dup_label:
 *
 * Returns: (transfer full): the text the badge shows, e.g. "Level 2".
 */
char *
psems_level_indicator_dup_label (PsemsLevelIndicator *self)
{
  g_return_val_if_fail (PSEMS_IS_LEVEL_INDICATOR (self), NULL);

  if (self->level < PSEMS_LEVEL_MIN || self->level > PSEMS_LEVEL_MAX)
    return g_strdup (_("Level unknown"));
  /* Translators: the security level in force at a port facility (ISPS Code), 1, 2 or 3 */
  return g_strdup_printf (_("Level %d"), self->level);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  PsemsLevelIndicator *self = user_data;
  g_autofree char *label = psems_level_indicator_dup_label (self);

  /* Where there is no room for "Level 2" (a narrow header bar), the number alone. */
  psems_paint_level_badge (cr, 0, 0, height, self->level, width >= self->full_width ? label : NULL);
}

/* The badge's width follows its translated label, measured with the same
 * cairo text calls that paint it. */
static void
update_size (PsemsLevelIndicator *self)
{
  g_autofree char *label = psems_level_indicator_dup_label (self);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  int height = gtk_drawing_area_get_content_height (self->area);
  double width = psems_level_badge_get_width (cr, height, label);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  /* The area asks for the number alone; the indicator's natural width is the whole badge. */
  self->full_width = (int) ceil (width);
  gtk_drawing_area_set_content_width (self->area, height);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
psems_level_indicator_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  PsemsLevelIndicator *self = PSEMS_LEVEL_INDICATOR (widget);

  gtk_widget_measure (GTK_WIDGET (self->area), orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, self->full_width);
}

static void
psems_level_indicator_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  PsemsLevelIndicator *self = PSEMS_LEVEL_INDICATOR (widget);

  gtk_widget_allocate (GTK_WIDGET (self->area), width, height, baseline, NULL);
}

static void
update_level_class (PsemsLevelIndicator *self)
{
  g_autofree char *label = psems_level_indicator_dup_label (self);
  static const char *classes[] = { "level-unknown", "level-1", "level-2", "level-3" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self), classes[self->level]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  /* Said in full when only the number fits. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), label);
}

static void
psems_level_indicator_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_LEVEL_INDICATOR);

  G_OBJECT_CLASS (psems_level_indicator_parent_class)->dispose (object);
}

static void
psems_level_indicator_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PsemsLevelIndicator *self = PSEMS_LEVEL_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_LEVEL:
      g_value_set_int (value, self->level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_level_indicator_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PsemsLevelIndicator *self = PSEMS_LEVEL_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_LEVEL:
      psems_level_indicator_set_level (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_level_indicator_class_init (PsemsLevelIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_level_indicator_dispose;
  object_class->get_property = psems_level_indicator_get_property;
  object_class->set_property = psems_level_indicator_set_property;

  /**
   * PsemsLevelIndicator:level:
   *
   * The security level shown, 1–3; 0 when it is not known.
   */
  properties[PROP_LEVEL] =
    g_param_spec_int ("level", NULL, NULL, 0, PSEMS_LEVEL_MAX, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-level-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsLevelIndicator, area);
  widget_class->measure = psems_level_indicator_measure;
  widget_class->size_allocate = psems_level_indicator_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "levelindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
psems_level_indicator_init (PsemsLevelIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  update_size (self);
  update_level_class (self);
}

GtkWidget *
psems_level_indicator_new (int level)
{
  return g_object_new (PSEMS_TYPE_LEVEL_INDICATOR, "level", level, NULL);
}

int
psems_level_indicator_get_level (PsemsLevelIndicator *self)
{
  g_return_val_if_fail (PSEMS_IS_LEVEL_INDICATOR (self), 0);
  return self->level;
}

void
psems_level_indicator_set_level (PsemsLevelIndicator *self,
                                 int                  level)
{
  g_return_if_fail (PSEMS_IS_LEVEL_INDICATOR (self));

  if (level < PSEMS_LEVEL_MIN || level > PSEMS_LEVEL_MAX)
    level = 0;
  if (self->level == level)
    return;

  self->level = level;
  update_size (self);
  update_level_class (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}
