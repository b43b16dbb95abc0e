/* psems-figure-card.h — one dashboard figure: a big number, what it counts, and where to look next. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  PSEMS_FIGURE_TONE_NEUTRAL,
  PSEMS_FIGURE_TONE_WARNING,   /* something needs attention soon */
  PSEMS_FIGURE_TONE_ERROR,     /* something is overdue */
} PsemsFigureTone;

#define PSEMS_TYPE_FIGURE_TONE (psems_figure_tone_get_type ())
#define PSEMS_TYPE_FIGURE_CARD (psems_figure_card_get_type ())

GType psems_figure_tone_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (PsemsFigureCard, psems_figure_card, PSEMS, FIGURE_CARD, GtkButton)

const char      *psems_figure_card_get_value      (PsemsFigureCard *self);
void             psems_figure_card_set_value      (PsemsFigureCard *self,
                                                   const char      *value);
void             psems_figure_card_set_count      (PsemsFigureCard *self,
                                                   gint64           count,
                                                   PsemsFigureTone  tone_when_nonzero);
PsemsFigureTone  psems_figure_card_get_tone       (PsemsFigureCard *self);
void             psems_figure_card_set_tone       (PsemsFigureCard *self,
                                                   PsemsFigureTone  tone);

G_END_DECLS
