/* psems-adaptive-bin.c — a container that tells its page when the page must fold to fit.
 *
 * A page with two panes side by side (a list and its detail, a month and its day) puts them in
 * an adaptive bin and follows its :folded property, as a page follows AdwLeaflet:folded: folded,
 * the panes go one under the other. The bin folds when it gets less than :fold-width, or less
 * than its child needs side by side, and unfolds when it gets both again.
 *
 * Unfolded, the bin asks for no width of its own: the window may shrink below the side-by-side
 * layout, the child keeps its least width for a moment (clipped) and the bin folds. The change is
 * announced from the main loop, because a widget's layout may not change while sizes are being
 * given out. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-adaptive-bin.h"

struct _PsemsAdaptiveBin
{
  GtkWidget parent_instance;

  GtkWidget *child;
  int fold_width;
  gboolean folded;
  gboolean want_folded;         /* what the idle below will apply */
  int unfolded_minimum;         /* the child's least width, last seen side by side */
  guint fold_source;
};

enum {
  PROP_0,
  PROP_CHILD,
  PROP_FOLD_WIDTH,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PsemsAdaptiveBin, psems_adaptive_bin, GTK_TYPE_WIDGET)

static int
child_minimum_width (PsemsAdaptiveBin *self)
{
  int minimum = 0;

  if (self->child != NULL && gtk_widget_should_layout (self->child))
    gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

static gboolean
apply_fold_cb (gpointer user_data)
{
  PsemsAdaptiveBin *self = user_data;

  self->fold_source = 0;
  if (self->folded != self->want_folded)
    {
      self->folded = self->want_folded;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  return G_SOURCE_REMOVE;
}

static void
psems_adaptive_bin_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  PsemsAdaptiveBin *self = PSEMS_ADAPTIVE_BIN (widget);

  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;

  if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0)
    for_size = MAX (for_size, child_minimum_width (self));
  gtk_widget_measure (self->child, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
  /* Side by side, any width will do for a moment: below the child's, the bin folds. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && !self->folded)
    *minimum = 0;
}

static void
psems_adaptive_bin_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  PsemsAdaptiveBin *self = PSEMS_ADAPTIVE_BIN (widget);
  int least;
  gboolean fold;

  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;

  least = child_minimum_width (self);
  gtk_widget_allocate (self->child, MAX (width, least), height, baseline, NULL);

  if (!self->folded)
    {
      self->unfolded_minimum = least;
      fold = width < self->fold_width || width < least;
    }
  else
    fold = width < self->fold_width || width < self->unfolded_minimum;

  /* The last size given decides, even if an earlier one already asked for the other way. */
  self->want_folded = fold;
  if (fold != self->folded && self->fold_source == 0)
    self->fold_source = g_idle_add_full (G_PRIORITY_DEFAULT, apply_fold_cb, self, NULL);
}

static GtkSizeRequestMode
psems_adaptive_bin_get_request_mode (GtkWidget *widget)
{
  PsemsAdaptiveBin *self = PSEMS_ADAPTIVE_BIN (widget);

  return self->child != NULL ? gtk_widget_get_request_mode (self->child)
                             : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

GtkWidget *
psems_adaptive_bin_new (void)
{
  return g_object_new (PSEMS_TYPE_ADAPTIVE_BIN, NULL);
}

GtkWidget *
psems_adaptive_bin_get_child (PsemsAdaptiveBin *self)
{
  g_return_val_if_fail (PSEMS_IS_ADAPTIVE_BIN (self), NULL);

  return self->child;
}

void
psems_adaptive_bin_set_child (PsemsAdaptiveBin *self,
                              GtkWidget        *child)
{
  g_return_if_fail (PSEMS_IS_ADAPTIVE_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

int
psems_adaptive_bin_get_fold_width (PsemsAdaptiveBin *self)
{
  g_return_val_if_fail (PSEMS_IS_ADAPTIVE_BIN (self), 0);

  return self->fold_width;
}

void
psems_adaptive_bin_set_fold_width (PsemsAdaptiveBin *self,
                                   int               fold_width)
{
  g_return_if_fail (PSEMS_IS_ADAPTIVE_BIN (self));
  g_return_if_fail (fold_width >= 0);

  if (self->fold_width == fold_width)
    return;
  self->fold_width = fold_width;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLD_WIDTH]);
}

gboolean
psems_adaptive_bin_get_folded (PsemsAdaptiveBin *self)
{
  g_return_val_if_fail (PSEMS_IS_ADAPTIVE_BIN (self), FALSE);

  return self->folded;
}

static void
psems_adaptive_bin_dispose (GObject *object)
{
  PsemsAdaptiveBin *self = PSEMS_ADAPTIVE_BIN (object);

  g_clear_handle_id (&self->fold_source, g_source_remove);
  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (psems_adaptive_bin_parent_class)->dispose (object);
}

static void
psems_adaptive_bin_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PsemsAdaptiveBin *self = PSEMS_ADAPTIVE_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    case PROP_FOLD_WIDTH:
      g_value_set_int (value, self->fold_width);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_adaptive_bin_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PsemsAdaptiveBin *self = PSEMS_ADAPTIVE_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      psems_adaptive_bin_set_child (self, g_value_get_object (value));
      break;
    case PROP_FOLD_WIDTH:
      psems_adaptive_bin_set_fold_width (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_adaptive_bin_class_init (PsemsAdaptiveBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_adaptive_bin_dispose;
  object_class->get_property = psems_adaptive_bin_get_property;
  object_class->set_property = psems_adaptive_bin_set_property;

  widget_class->measure = psems_adaptive_bin_measure;
  widget_class->size_allocate = psems_adaptive_bin_size_allocate;
  widget_class->get_request_mode = psems_adaptive_bin_get_request_mode;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Narrower than this, the bin folds even if its child would still fit side by side. */
  properties[PROP_FOLD_WIDTH] =
    g_param_spec_int ("fold-width", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "adaptivebin");
}

static void
psems_adaptive_bin_init (PsemsAdaptiveBin *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}
