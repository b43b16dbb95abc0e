/* psems-diagram-private.h — proportions the diagram's layout and painter share. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "psems-diagram.h"

G_BEGIN_DECLS

/* Every size is a multiple of the layout's font size, so the picture scales as one. */
#define PSEMS_DIAGRAM_KEY_SCALE        0.86   /* node labels, panel rows */
#define PSEMS_DIAGRAM_RING_LABEL_SCALE 0.80   /* ring names, in capitals */
#define PSEMS_DIAGRAM_TITLE_SCALE      1.75
#define PSEMS_DIAGRAM_LINE_SCALE       1.55   /* a panel row's height, in key font sizes */
/* The width of one character in font sizes: an estimate a little above DejaVu Sans' average,
 * so the layout needs no fonts and real text fits the boxes (the painter ellipsizes the rest). */
#define PSEMS_DIAGRAM_CHAR_WIDTH       0.60
#define PSEMS_DIAGRAM_CAPS_WIDTH       0.78   /* capitals with letter spacing */
#define PSEMS_DIAGRAM_NODE_SPACING     1.40   /* centre distance between neighbours, in node sizes */

G_END_DECLS
