/* psems-level-badge.h — the security level badge (colour, rounded pill, number) painted on any cairo_t. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define PSEMS_LEVEL_MIN 1
#define PSEMS_LEVEL_MAX 3

void   psems_level_get_colour      (int         level,
                                    double      rgba[4]);
void   psems_level_get_text_colour (int         level,
                                    double      rgba[4]);
double psems_level_badge_get_width (cairo_t    *cr,
                                    double      height,
                                    const char *label);
void   psems_paint_level_badge     (cairo_t    *cr,
                                    double      x,
                                    double      y,
                                    double      height,
                                    int         level,
                                    const char *label);

G_END_DECLS
