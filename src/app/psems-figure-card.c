/* psems-figure-card.c — one dashboard figure: a big number, what it counts, and where to look next. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-figure-card.h"
#include "psems-ui-util.h"

struct _PsemsFigureCard
{
  GtkButton parent_instance;

  GtkImage *icon;
  GtkLabel *title_label;
  GtkLabel *value_label;
  GtkLabel *description_label;

  PsemsFigureTone tone;
};

G_DEFINE_FINAL_TYPE (PsemsFigureCard, psems_figure_card, GTK_TYPE_BUTTON)

G_DEFINE_ENUM_TYPE (PsemsFigureTone, psems_figure_tone,
                    G_DEFINE_ENUM_VALUE (PSEMS_FIGURE_TONE_NEUTRAL, "neutral"),
                    G_DEFINE_ENUM_VALUE (PSEMS_FIGURE_TONE_WARNING, "warning"),
                    G_DEFINE_ENUM_VALUE (PSEMS_FIGURE_TONE_ERROR, "error"))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_VALUE,
  PROP_DESCRIPTION,
  PROP_ICON_NAME,
  PROP_TONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_accessible_label (PsemsFigureCard *self)
{
  g_autofree char *label = g_strdup_printf ("%s: %s",
                                            gtk_label_get_text (self->title_label),
                                            gtk_label_get_text (self->value_label));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  gtk_label_get_text (self->description_label),
                                  -1);
}

static void
psems_figure_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PSEMS_TYPE_FIGURE_CARD);

  G_OBJECT_CLASS (psems_figure_card_parent_class)->dispose (object);
}

static void
psems_figure_card_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PsemsFigureCard *self = PSEMS_FIGURE_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_text (self->title_label));
      break;
    case PROP_VALUE:
      g_value_set_string (value, gtk_label_get_text (self->value_label));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, gtk_label_get_text (self->description_label));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, gtk_image_get_icon_name (self->icon));
      break;
    case PROP_TONE:
      g_value_set_enum (value, self->tone);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_figure_card_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PsemsFigureCard *self = PSEMS_FIGURE_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      gtk_label_set_text (self->title_label, g_value_get_string (value));
      update_accessible_label (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_VALUE:
      psems_figure_card_set_value (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      gtk_label_set_text (self->description_label, g_value_get_string (value));
      update_accessible_label (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_ICON_NAME:
      gtk_image_set_from_icon_name (self->icon, g_value_get_string (value));
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_TONE:
      psems_figure_card_set_tone (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
psems_figure_card_class_init (PsemsFigureCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = psems_figure_card_dispose;
  object_class->get_property = psems_figure_card_get_property;
  object_class->set_property = psems_figure_card_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TONE] =
    g_param_spec_enum ("tone", NULL, NULL,
                       PSEMS_TYPE_FIGURE_TONE, PSEMS_FIGURE_TONE_NEUTRAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/psems-figure-card.ui");
  gtk_widget_class_bind_template_child (widget_class, PsemsFigureCard, icon);
  gtk_widget_class_bind_template_child (widget_class, PsemsFigureCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFigureCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, PsemsFigureCard, description_label);
}

static void
psems_figure_card_init (PsemsFigureCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

const char *
psems_figure_card_get_value (PsemsFigureCard *self)
{
  g_return_val_if_fail (PSEMS_IS_FIGURE_CARD (self), NULL);
  return gtk_label_get_text (self->value_label);
}

void
psems_figure_card_set_value (PsemsFigureCard *self,
                             const char      *value)
{
  g_return_if_fail (PSEMS_IS_FIGURE_CARD (self));

  if (g_strcmp0 (gtk_label_get_text (self->value_label), value) == 0)
    return;
  gtk_label_set_text (self->value_label, value);
  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

/**
 * psems_figure_card_set_count:
 * @tone_when_nonzero: how a count above zero is shown; zero is always neutral
 */
void
psems_figure_card_set_count (PsemsFigureCard *self,
                             gint64           count,
                             PsemsFigureTone  tone_when_nonzero)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PSEMS_IS_FIGURE_CARD (self));
  g_return_if_fail (count >= 0);

  text = psems_ui_format_count ((guint64) count);
  psems_figure_card_set_value (self, text);
  psems_figure_card_set_tone (self, count > 0 ? tone_when_nonzero : PSEMS_FIGURE_TONE_NEUTRAL);
}

PsemsFigureTone
psems_figure_card_get_tone (PsemsFigureCard *self)
{
  g_return_val_if_fail (PSEMS_IS_FIGURE_CARD (self), PSEMS_FIGURE_TONE_NEUTRAL);
  return self->tone;
}

void
psems_figure_card_set_tone (PsemsFigureCard *self,
                            PsemsFigureTone  tone)
{
  g_return_if_fail (PSEMS_IS_FIGURE_CARD (self));

  if (self->tone == tone)
    return;
  self->tone = tone;
  gtk_widget_remove_css_class (GTK_WIDGET (self->value_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->value_label), "error");
  if (tone == PSEMS_FIGURE_TONE_WARNING)
    gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "warning");
  else if (tone == PSEMS_FIGURE_TONE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TONE]);
}
