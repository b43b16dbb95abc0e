/* psems-diagram.h — the defence-in-depth diagram: a pure layout (rings, nodes, arrows, hit boxes)
 * and a painter that draws a layout on any cairo_t (GTK widget, PNG, SVG, PDF), or through a pen
 * (psems-diagram-pen.h: the compliance pack's libharu backend). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "psems-control.h"
#include "psems-store.h"
#include "psems-threat.h"

G_BEGIN_DECLS

#define PSEMS_DIAGRAM_MIN_NODE 12.0   /* the smallest node diameter, in layout units (px at scale 1) */

/* What the diagram is drawn from: core records, owned by the input. */
typedef struct
{
  char *title;           /* facility name */
  char *subtitle;        /* e.g. "Defence in depth · 26 November 2026" */
  char *as_of;           /* "YYYY-MM-DD" */
  GPtrArray *layers;     /* PsemsLayer*, outside in */
  GPtrArray *controls;   /* PsemsControl*, derived fields filled */
  GPtrArray *threats;    /* PsemsThreat*, assessment filled */
  GArray *selected_threats; /* gint64 ids of the threats whose arrows are drawn */
} PsemsDiagramInput;

PsemsDiagramInput *psems_diagram_input_new  (void);
void               psems_diagram_input_free (PsemsDiagramInput *input);
/* Loads a facility's layers, controls and threats as of @as_of (NULL: today);
 * every threat selected. */
PsemsDiagramInput *psems_diagram_input_load (PsemsStore  *store,
                                             gint64       facility_id,
                                             const char  *as_of,
                                             GError     **error);
void               psems_diagram_input_select_threat (PsemsDiagramInput *input,
                                                      gint64             threat_id,
                                                      gboolean           selected);
/* Whether @threat_id's arrow is drawn. */
gboolean           psems_diagram_input_is_selected   (const PsemsDiagramInput *input,
                                                      gint64                   threat_id);

typedef struct
{
  double x, y, width, height;
} PsemsDiagramRect;

typedef struct
{
  gint64 layer_id;
  char *name;
  double inner_radius;   /* 0 for the innermost disc */
  double outer_radius;
  int n_tracks;          /* concentric tracks of nodes on this ring */
  double label_x, label_y;
  double label_width;    /* the label's estimated width; nodes keep clear of it */
} PsemsDiagramRing;

typedef struct
{
  gint64 control_id;
  int ring;              /* index into rings */
  int track;
  int number;            /* 1 … n: the key number when labels do not fit */
  double x, y;           /* centre */
  double size;           /* diameter, ≥ PSEMS_DIAGRAM_MIN_NODE */
  const char *function;  /* marker shape: deter, detect, delay, respond, recover */
  const char *status;    /* fill colour */
  gboolean degraded;
  gboolean labelled;     /* its name is drawn beside it; otherwise only its number */
  PsemsDiagramRect label_box;
  PsemsDiagramRect hit;  /* the node and its label */
} PsemsDiagramNode;

typedef struct
{
  gint64 threat_id;
  char *label;           /* ref and name */
  double start_x, start_y;  /* outside the outermost ring */
  double end_x, end_y;      /* where it stops: on the stopping ring, or at the centre */
  gboolean passes_through;  /* no layer has an effective control against it */
  int stop_ring;         /* index into rings, -1 when it passes through */
  int number;            /* T1 … Tn: the threat's number in the key, drawn at the tail */
  double angle;          /* radians, clockwise from 12 o'clock; fixed per threat, selected or not */
} PsemsDiagramArrow;

/* One row of the side panel (legend, threats, numbered controls). */
typedef enum
{
  PSEMS_DIAGRAM_KEY_HEADING,   /* a section or layer heading */
  PSEMS_DIAGRAM_KEY_STATUS,    /* legend: a status colour (status) */
  PSEMS_DIAGRAM_KEY_FUNCTION,  /* legend: a function's marker (function) */
  PSEMS_DIAGRAM_KEY_DEGRADED,  /* legend: the degraded mark */
  PSEMS_DIAGRAM_KEY_STOPPED,   /* legend: a threat stopped by a layer */
  PSEMS_DIAGRAM_KEY_PASSES,    /* legend: a threat that passes every layer */
  PSEMS_DIAGRAM_KEY_THREAT,    /* a drawn threat (id, number, passes_through) */
  PSEMS_DIAGRAM_KEY_CONTROL,   /* a numbered control (id, number, status, function, degraded) */
  PSEMS_DIAGRAM_KEY_MORE,      /* "… and N more": the panel is full */
} PsemsDiagramKeyKind;

typedef struct
{
  PsemsDiagramKeyKind kind;
  gint64 id;             /* control or threat id; a layer's id for its heading in the key; 0 otherwise */
  int number;
  char *text;            /* what the row says (translated) */
  const char *status;    /* interned */
  const char *function;  /* interned */
  gboolean degraded;
  gboolean passes_through;
  PsemsDiagramRect box;  /* the whole row; also its hit box */
} PsemsDiagramKeyEntry;

typedef struct
{
  double width, height;
  double centre_x, centre_y;
  char *title;
  char *subtitle;
  GArray *rings;         /* PsemsDiagramRing, outside in */
  GArray *nodes;         /* PsemsDiagramNode */
  GArray *arrows;        /* PsemsDiagramArrow */
  PsemsDiagramRect legend;
  PsemsDiagramRect key;  /* numbered controls when some are unlabelled; empty otherwise */
  gboolean numbered;     /* nodes carry numbers and the key lists them */
  double font_size;      /* for labels, in layout units */
  double key_font_size;  /* node labels, ring labels' base and panel rows */
  double title_font_size;
  PsemsDiagramRect title_box;
  PsemsDiagramRect subtitle_box;
  double outer_radius;   /* the outermost ring's */
  double core_radius;    /* the asset core drawn inside the innermost disc */
  PsemsDiagramRect panel;/* legend, threats and key */
  GArray *key_entries;   /* PsemsDiagramKeyEntry, in reading order */
  int n_unlisted;        /* numbered controls the panel had no room for (listed as "… and N more") */
  char *summary;         /* "20 controls, 8 degraded · 5 threats", after the subtitle */
  char *alert;           /* "1 threat passes every layer", NULL when none does */
} PsemsDiagramLayout;

/* Pure and deterministic: the same input and size give the same layout. */
PsemsDiagramLayout *psems_diagram_layout_new  (const PsemsDiagramInput *input,
                                               double                   width,
                                               double                   height);
void                psems_diagram_layout_free (PsemsDiagramLayout      *layout);
/* The control under a point (layout units), 0 for none. */
gint64              psems_diagram_layout_hit  (const PsemsDiagramLayout *layout,
                                               double                    x,
                                               double                    y);
const PsemsDiagramNode *psems_diagram_layout_find_node (const PsemsDiagramLayout *layout,
                                                        gint64                    control_id);

/* Draws @layout at the current transformation of @cr (text through Pango), in the light palette.
 * @highlight_control: a selected control to ring, 0 for none.
 * The same as psems_diagram_paint_static() then psems_diagram_paint_dynamic(). */
void                psems_diagram_paint       (cairo_t                  *cr,
                                               const PsemsDiagramLayout *layout,
                                               const PsemsDiagramInput  *input,
                                               gint64                    highlight_control);

/* The two halves of psems_diagram_paint(), so a widget can cache the first.
 * The static part (background, title, rings, nodes, labels, arrows, legend, key) depends
 * only on the layout (and, for labelled nodes, the input's names): paint it once per layout
 * (new data from the store's "changed", a new size, a threat toggled) into an image surface
 * of the widget's pixel size — cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w × scale,
 * h × scale) with cairo_surface_set_device_scale (scale, scale) for HiDPI — and on every
 * frame paint that surface (cairo_set_source_surface + cairo_paint), then the dynamic part:
 * the highlight of @highlight_control and the hover halo of @hover_control (each 0 for
 * none), a handful of strokes. The layout never needs the input after it is made; nodes'
 * status and function strings are interned. */
void                psems_diagram_paint_static  (cairo_t                  *cr,
                                                 const PsemsDiagramLayout *layout,
                                                 const PsemsDiagramInput  *input);
void                psems_diagram_paint_dynamic (cairo_t                  *cr,
                                                 const PsemsDiagramLayout *layout,
                                                 gint64                    highlight_control,
                                                 gint64                    hover_control);
/* ───────────────────────────── palettes ───────────────────────────── */

/* An opaque colour, channels 0 … 1. */
typedef struct
{
  double r, g, b;
} PsemsDiagramColour;

typedef struct
{
  const char *status;          /* a psems_control_statuses() value */
  PsemsDiagramColour fill;
  PsemsDiagramColour text;     /* the node's number on its fill: 4.5:1 */
  PsemsDiagramColour outline;  /* the paper's colour, or a darker edge where the fill is pale */
} PsemsDiagramStatusStyle;

#define PSEMS_DIAGRAM_N_STATUSES 5

/* Every colour the painter uses, in one place. The light palette is paper's: the PDF, PNG and
 * SVG exports and the compliance pack always use it; the widget follows the desktop's style. */
typedef struct
{
  const char *name;                /* "light", "dark" */
  PsemsDiagramColour background;   /* the canvas; also the gap round nodes and the asset */
  PsemsDiagramColour ink;          /* title, node labels, rows of the key */
  PsemsDiagramColour muted;        /* subtitle, legend samples, numbers in the key */
  PsemsDiagramColour ring_base;    /* a ring's fill is ring_base mixed with ring_tint, … */
  PsemsDiagramColour ring_tint;
  double ring_mix_outer;           /* … this much of it in the outermost ring, */
  double ring_mix_inner;           /* … this much in the innermost (deeper towards the asset) */
  PsemsDiagramColour ring_edge;
  PsemsDiagramColour ring_text;    /* ring names, layer headings in the key */
  PsemsDiagramColour core_fill;    /* the asset */
  PsemsDiagramColour core_text;
  PsemsDiagramColour stopped;      /* a threat a layer stops: arrow and badge */
  PsemsDiagramColour passes;       /* a threat that passes every layer; the alert's text */
  PsemsDiagramColour badge_text;   /* "T3" on a threat's badge */
  PsemsDiagramColour degraded;     /* the dashed ring round a degraded control */
  PsemsDiagramColour accent;       /* selection, hover and keyboard focus */
  PsemsDiagramStatusStyle statuses[PSEMS_DIAGRAM_N_STATUSES];
} PsemsDiagramPalette;

typedef enum
{
  PSEMS_DIAGRAM_STYLE_LIGHT,       /* paper: exports, print, the light desktop style */
  PSEMS_DIAGRAM_STYLE_DARK,        /* the dark desktop style, on screen only */
} PsemsDiagramStyle;

/* Static; never freed. */
const PsemsDiagramPalette *psems_diagram_palette_get (PsemsDiagramStyle style);
/* @status's style in @palette; an unknown status is drawn as planned. */
const PsemsDiagramStatusStyle *
psems_diagram_palette_get_status_style (const PsemsDiagramPalette *palette,
                                        const char                *status);
/* The fill of ring @ring (0 outermost) of @n_rings in @palette (alpha 1). */
void                psems_diagram_palette_get_ring_colour (const PsemsDiagramPalette *palette,
                                                           guint                      ring,
                                                           guint                      n_rings,
                                                           double                     rgba[4]);

/* psems_diagram_paint_static() and psems_diagram_paint_dynamic() in @palette (those two use the
 * light one). */
void                psems_diagram_paint_static_with_palette  (cairo_t                   *cr,
                                                              const PsemsDiagramLayout  *layout,
                                                              const PsemsDiagramInput   *input,
                                                              const PsemsDiagramPalette *palette);
void                psems_diagram_paint_dynamic_with_palette (cairo_t                   *cr,
                                                              const PsemsDiagramLayout  *layout,
                                                              gint64                     highlight,
                                                              gint64                     hover,
                                                              const PsemsDiagramPalette *palette);

/* The fill colour of a control status in the light palette (for swatches in lists). */
void                psems_diagram_get_status_colour (const char *status,
                                                     double      rgba[4]);
/* The fill of ring @ring (0 outermost) of @n_rings in the light palette: deeper inwards. */
void                psems_diagram_get_ring_colour   (guint       ring,
                                                     guint       n_rings,
                                                     double      rgba[4]);

/* Lays out and writes @input to @path as PNG, SVG or PDF, chosen by its extension (any case):
 * @width × @height pixels for PNG, points for PDF (842 × 595 is A4 landscape) and SVG.
 * The file is replaced only when complete. Errors name @path: an unknown extension or a size
 * outside 1 … 20000 is PSEMS_ERROR_INVALID, a failed write PSEMS_ERROR_FAILED. */
gboolean            psems_diagram_export      (const PsemsDiagramInput *input,
                                               const char              *path,
                                               double                   width,
                                               double                   height,
                                               GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsDiagramInput, psems_diagram_input_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsDiagramLayout, psems_diagram_layout_free)

G_END_DECLS
