/* psems-diagram-layout.c — the defence-in-depth diagram's layout: rings, nodes, threat arrows, the side panel and hit boxes. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "psems-diagram-private.h"

/*
 * The layout is pure: it reads the input and the size and nothing else (no fonts: text widths
 * are estimated from character counts, see PSEMS_DIAGRAM_CHAR_WIDTH), so the same input gives
 * the same layout on every machine and the tests need no display.
 *
 * Geometry: angles are measured clockwise from 12 o'clock, so a point at radius r and angle a
 * is (cx + r sin a, cy − r cos a). Each ring's name sits at 12 o'clock in the middle of its band
 * and nodes keep clear of it; threat arrows come in at angles outside that sector.
 *
 * Rings share the radius between the asset core and the outermost edge "water-filling": every
 * ring gets at least the width its nodes need, and the rest is shared so that the rings are as
 * even as possible. A ring needs as many concentric tracks as it takes to hold its nodes with
 * PSEMS_DIAGRAM_NODE_SPACING between centres; when the rings cannot hold every node at the
 * preferred size, nodes shrink down to PSEMS_DIAGRAM_MIN_NODE and then sit closer, never closer
 * than one node size (so they never overlap).
 */

#define MAX_LABEL_CHARS   48     /* longer names are ellipsized on the diagram (the key shows more) */
#define MAX_LABELLED      80     /* beyond this many nodes, names never fit: number them at once */

typedef struct
{
  double fs;          /* base font size */
  double kfs;         /* key font size */
  double rfs;         /* ring label font size */
  double node;        /* node diameter */
  double spacing;     /* centre distance between neighbours */
  double pad;         /* space between a ring's edge and its outermost or innermost track */
  double core_min;    /* the asset core's smallest radius */
} Metrics;

typedef struct
{
  double angle;
  double radius;
  int track;
} Slot;

static double
clamp_double (double value,
              double low,
              double high)
{
  return MAX (low, MIN (high, value));
}

static double
estimate_width (const char *text,
                double      font_size,
                double      char_width,
                int         max_chars)
{
  glong n = text != NULL ? g_utf8_strlen (text, -1) : 0;

  return MIN (n, max_chars) * char_width * font_size;
}

static void
clear_ring (gpointer data)
{
  PsemsDiagramRing *ring = data;

  g_free (ring->name);
}

static void
clear_arrow (gpointer data)
{
  PsemsDiagramArrow *arrow = data;

  g_free (arrow->label);
}

static void
clear_key_entry (gpointer data)
{
  PsemsDiagramKeyEntry *entry = data;

  g_free (entry->text);
}

void
psems_diagram_layout_free (PsemsDiagramLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->title);
  g_free (layout->subtitle);
  g_free (layout->summary);
  g_free (layout->alert);
  g_clear_pointer (&layout->rings, g_array_unref);
  g_clear_pointer (&layout->nodes, g_array_unref);
  g_clear_pointer (&layout->arrows, g_array_unref);
  g_clear_pointer (&layout->key_entries, g_array_unref);
  g_free (layout);
}

/* ───────────────────────────── rings and tracks ───────────────────────────── */

/* Half the angle at 12 o'clock that nodes on a track of @radius leave to the ring's name. */
static double
label_exclusion (double radius,
                 double label_half_width,
                 const Metrics *m)
{
  double clearance = label_half_width + m->spacing / 2;

  if (radius <= clearance)
    return G_PI / 2;
  return asin (clearance / radius);
}

/* How many nodes a track of @radius holds without two centres closer than the spacing. */
static int
track_capacity (double         radius,
                double         label_half_width,
                const Metrics *m)
{
  double span, step;

  if (radius < m->spacing / 2)
    return 0;
  span = 2 * G_PI - 2 * label_exclusion (radius, label_half_width, m);
  step = 2 * asin (MIN (1.0, m->spacing / (2 * radius)));
  /* A hair of tolerance so that rounding never takes away a slot that exactly fits. */
  return (int) floor (span / step + 1e-9);
}

/* The radius of track @k of @n_tracks spread evenly over a band. */
static double
track_radius (double inner,
              double outer,
              int    n_tracks,
              int    k,
              const Metrics *m)
{
  double lo = inner + m->pad + m->spacing / 2;
  double hi = outer - m->pad - m->spacing / 2;

  if (n_tracks <= 1)
    return (lo + hi) / 2;
  return hi - k * (hi - lo) / (n_tracks - 1);
}

/* The fewest tracks that hold @n nodes in the band, or -1 when no number of tracks does. */
static int
count_tracks (int            n,
              double         inner,
              double         outer,
              double         label_half_width,
              const Metrics *m)
{
  double lo = inner + m->pad + m->spacing / 2;
  double hi = outer - m->pad - m->spacing / 2;
  int max_tracks;

  if (n == 0)
    return 0;
  if (hi < lo - 1e-9)
    return -1;
  max_tracks = (int) floor ((hi - lo) / m->spacing + 1e-9) + 1;
  for (int t = 1; t <= max_tracks; t++)
    {
      int capacity = 0;

      for (int k = 0; k < t; k++)
        capacity += track_capacity (track_radius (inner, outer, t, k, m), label_half_width, m);
      if (capacity >= n)
        return t;
    }
  return -1;
}

/* The narrowest band below @outer that holds @n nodes and the ring's name; INFINITY if none.
 * More width holds more nodes (as good as always: tracks spread over the band), so a binary
 * search finds it; a few steps up settle the rare band where it does not. */
static double
band_need (int            n,
           double         outer,
           double         label_half_width,
           double         floor_radius,
           const Metrics *m)
{
  double low = m->rfs * 1.6 + 2 * m->pad;
  double high = outer - floor_radius;

  if (high < low - 1e-9 || count_tracks (n, outer - high, outer, label_half_width, m) < 0)
    return INFINITY;
  if (count_tracks (n, outer - low, outer, label_half_width, m) >= 0)
    return low;
  for (int i = 0; i < 20 && high - low > 0.25; i++)
    {
      double mid = (low + high) / 2;

      if (count_tracks (n, outer - mid, outer, label_half_width, m) >= 0)
        high = mid;
      else
        low = mid;
    }
  return high;
}

/* Whether every ring, with these widths from @outer_radius inwards, holds its nodes. */
static gboolean
rings_hold (double         outer_radius,
            int            n_rings,
            const int     *counts,
            const double  *label_half_widths,
            const Metrics *m,
            const double  *widths)
{
  double outer = outer_radius;

  for (int i = 0; i < n_rings; i++)
    {
      double inner = outer - widths[i];

      if (inner < m->core_min - 1e-6
          || count_tracks (counts[i], inner, outer, label_half_widths[i], m) < 0)
        return FALSE;
      outer = inner;
    }
  return TRUE;
}

/* Widths where every ring but the innermost is at least @level wide (wider when its nodes need
 * it where it then lies) and the innermost disc takes the rest down to the asset core; FALSE
 * when that does not hold every ring's nodes. */
static gboolean
widths_at_level (double         level,
                 double         outer_radius,
                 int            n_rings,
                 const int     *counts,
                 const double  *label_half_widths,
                 const Metrics *m,
                 double        *widths)
{
  double outer = outer_radius;

  for (int i = 0; i < n_rings - 1; i++)
    {
      double need = band_need (counts[i], outer, label_half_widths[i], m->core_min, m);

      if (!isfinite (need))
        return FALSE;
      widths[i] = MAX (need, level);
      outer -= widths[i];
    }
  widths[n_rings - 1] = outer - m->core_min;
  return rings_hold (outer_radius, n_rings, counts, label_half_widths, m, widths);
}

/* Shares the radius between @n_rings as evenly as their nodes allow; FALSE when the nodes do
 * not fit at these metrics. The level is found by bisection: the higher it is, the less room
 * the innermost disc keeps. */
static gboolean
allocate_rings (double         outer_radius,
                int            n_rings,
                const int     *counts,
                const double  *label_half_widths,
                const Metrics *m,
                double        *widths)
{
  double avail = outer_radius - m->core_min;
  double low = 0, high = avail / n_rings;

  if (avail <= 0)
    return FALSE;
  if (widths_at_level (high, outer_radius, n_rings, counts, label_half_widths, m, widths))
    return TRUE;
  if (!widths_at_level (low, outer_radius, n_rings, counts, label_half_widths, m, widths))
    return FALSE;
  for (int i = 0; i < 24 && high - low > 0.5; i++)
    {
      double mid = (low + high) / 2;

      if (widths_at_level (mid, outer_radius, n_rings, counts, label_half_widths, m, widths))
        low = mid;
      else
        high = mid;
    }
  return widths_at_level (low, outer_radius, n_rings, counts, label_half_widths, m, widths);
}

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const Slot *sa = a, *sb = b;

  if (sa->angle != sb->angle)
    return sa->angle < sb->angle ? -1 : 1;
  return sa->track - sb->track;
}

/* The slots of a ring's nodes, clockwise from 12 o'clock. */
static GArray *
place_slots (int            n,
             double         inner,
             double         outer,
             double         label_half_width,
             const Metrics *m,
             int           *n_tracks)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  int t = count_tracks (n, inner, outer, label_half_width, m);
  g_autofree int *capacity = NULL;
  g_autofree int *count = NULL;
  int total = 0, placed = 0;

  if (t < 0)
    {
      /* Only when even the last resort did not fit (an absurdly small size): every track
       * the band has, nodes spaced as closely as they must be. */
      t = MAX (1, (int) floor ((outer - inner) / m->spacing));
    }
  *n_tracks = t;
  if (n == 0)
    return slots;

  capacity = g_new0 (int, t);
  count = g_new0 (int, t);
  for (int k = 0; k < t; k++)
    {
      capacity[k] = MAX (1, track_capacity (track_radius (inner, outer, t, k, m), label_half_width, m));
      total += capacity[k];
    }
  /* Nodes shared in proportion to each track's capacity (largest remainder). */
  for (int k = 0; k < t; k++)
    {
      count[k] = MIN (capacity[k], (int) floor ((double) n * capacity[k] / total));
      placed += count[k];
    }
  while (placed < n)
    {
      int best = -1;
      double best_room = -1;

      for (int k = 0; k < t; k++)
        {
          double room = (double) n * capacity[k] / total - count[k];

          if (count[k] < capacity[k] && room > best_room)
            {
              best = k;
              best_room = room;
            }
        }
      if (best < 0)
        best = 0;   /* over capacity: only in the last-resort case above */
      count[best]++;
      placed++;
    }

  for (int k = 0; k < t; k++)
    {
      double radius = track_radius (inner, outer, t, k, m);
      double exclusion = label_exclusion (radius, label_half_width, m);
      double span = 2 * G_PI - 2 * exclusion;

      for (int j = 0; j < count[k]; j++)
        {
          Slot slot = { exclusion + (j + 0.5) * span / count[k], radius, k };

          g_array_append_val (slots, slot);
        }
    }
  g_array_sort (slots, compare_slots);
  return slots;
}

/* ───────────────────────────── labels ───────────────────────────── */

static const PsemsControl *
find_control (const PsemsDiagramInput *input,
              gint64                   id)
{
  for (guint i = 0; i < input->controls->len; i++)
    {
      const PsemsControl *control = g_ptr_array_index (input->controls, i);

      if (control->id == id)
        return control;
    }
  return NULL;
}

static gboolean
rects_intersect (const PsemsDiagramRect *a,
                 const PsemsDiagramRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
rect_contains (const PsemsDiagramRect *r,
               double                  x,
               double                  y)
{
  return x >= r->x && x <= r->x + r->width && y >= r->y && y <= r->y + r->height;
}

static PsemsDiagramRect
node_box (const PsemsDiagramNode *node,
          double                  margin)
{
  PsemsDiagramRect box = {
    node->x - node->size / 2 - margin, node->y - node->size / 2 - margin,
    node->size + 2 * margin, node->size + 2 * margin
  };

  return box;
}

static PsemsDiagramRect
ring_label_box (const PsemsDiagramRing *ring,
                double                  rfs)
{
  PsemsDiagramRect box = {
    ring->label_x - ring->label_width / 2, ring->label_y - rfs * 0.8,
    ring->label_width, rfs * 1.6
  };

  return box;
}

/* Names beside their nodes, outward from the centre; FALSE when any two things collide
 * or a name leaves the diagram's area. */
static gboolean
try_labels (PsemsDiagramLayout       *layout,
            const PsemsDiagramInput  *input,
            const PsemsDiagramRect   *area,
            const Metrics            *m)
{
  GArray *nodes = layout->nodes;

  if (nodes->len > MAX_LABELLED)
    return FALSE;
  for (guint i = 0; i < nodes->len; i++)
    {
      PsemsDiagramNode *node = &g_array_index (nodes, PsemsDiagramNode, i);
      const PsemsControl *control = find_control (input, node->control_id);
      double width, height = m->kfs * 1.35, gap = m->kfs * 0.35;

      width = estimate_width (control != NULL ? control->name : NULL, m->kfs,
                              PSEMS_DIAGRAM_CHAR_WIDTH, MAX_LABEL_CHARS);
      node->label_box.width = width;
      node->label_box.height = height;
      node->label_box.y = node->y - height / 2;
      node->label_box.x = node->x >= layout->centre_x - 0.5
                          ? node->x + node->size / 2 + gap
                          : node->x - node->size / 2 - gap - width;
      if (node->label_box.x < area->x || node->label_box.x + width > area->x + area->width
          || node->label_box.y < area->y || node->label_box.y + height > area->y + area->height)
        return FALSE;
    }
  for (guint i = 0; i < nodes->len; i++)
    {
      const PsemsDiagramNode *a = &g_array_index (nodes, PsemsDiagramNode, i);

      for (guint r = 0; r < layout->rings->len; r++)
        {
          PsemsDiagramRect box = ring_label_box (&g_array_index (layout->rings, PsemsDiagramRing, r),
                                                 m->rfs);

          if (rects_intersect (&a->label_box, &box))
            return FALSE;
        }
      for (guint j = 0; j < nodes->len; j++)
        {
          const PsemsDiagramNode *b = &g_array_index (nodes, PsemsDiagramNode, j);
          PsemsDiagramRect other = node_box (b, 1.0);

          if (rects_intersect (&a->label_box, &other))
            return FALSE;
          if (j > i && rects_intersect (&a->label_box, &b->label_box))
            return FALSE;
        }
    }
  return TRUE;
}

/* ───────────────────────────── the side panel ───────────────────────────── */

typedef struct
{
  PsemsDiagramLayout *layout;
  PsemsDiagramRect panel;
  int n_columns;
  double column_width;
  double line;      /* a row's height */
  double y;         /* the next free row, over the panel's whole width */
} Panel;

static PsemsDiagramKeyEntry *
add_entry (Panel               *panel,
           PsemsDiagramKeyKind  kind,
           const char          *text,
           double               x,
           double               y,
           double               width)
{
  PsemsDiagramKeyEntry entry = { 0 };

  entry.kind = kind;
  entry.text = g_strdup (text);
  entry.box.x = x;
  entry.box.y = y;
  entry.box.width = width;
  entry.box.height = panel->line;
  g_array_append_val (panel->layout->key_entries, entry);
  return &g_array_index (panel->layout->key_entries, PsemsDiagramKeyEntry,
                         panel->layout->key_entries->len - 1);
}

static double
column_x (const Panel *panel,
          int          column)
{
  return panel->panel.x + column * (panel->column_width + panel->layout->font_size);
}

static void
add_legend (Panel *panel)
{
  const char * const *statuses = psems_control_statuses ();
  const char * const *functions = psems_control_functions ();
  int n_statuses = statuses != NULL ? (int) g_strv_length ((char **) statuses) : 0;
  int n_functions = functions != NULL ? (int) g_strv_length ((char **) functions) : 0;
  gboolean side_by_side = panel->n_columns >= 2;
  double top = panel->y;
  double width = side_by_side ? panel->column_width : panel->panel.width;
  double fx = side_by_side ? column_x (panel, 1) : panel->panel.x;
  double fy;
  PsemsDiagramRect *legend = &panel->layout->legend;

  add_entry (panel, PSEMS_DIAGRAM_KEY_HEADING, _("Status"), panel->panel.x, top, width);
  for (int i = 0; i < n_statuses; i++)
    {
      PsemsDiagramKeyEntry *entry = add_entry (panel, PSEMS_DIAGRAM_KEY_STATUS,
                                               psems_control_status_label (statuses[i]),
                                               panel->panel.x, top + (i + 1) * panel->line, width);

      entry->status = g_intern_string (statuses[i]);
    }
  fy = side_by_side ? top : top + (n_statuses + 1.3) * panel->line;
  add_entry (panel, PSEMS_DIAGRAM_KEY_HEADING, _("Function"), fx, fy, width);
  for (int i = 0; i < n_functions; i++)
    {
      PsemsDiagramKeyEntry *entry = add_entry (panel, PSEMS_DIAGRAM_KEY_FUNCTION,
                                               psems_control_function_label (functions[i]),
                                               fx, fy + (i + 1) * panel->line, width);

      entry->function = g_intern_string (functions[i]);
    }
  panel->y = MAX (top + (n_statuses + 1) * panel->line, fy + (n_functions + 1) * panel->line)
             + 0.3 * panel->line;
  add_entry (panel, PSEMS_DIAGRAM_KEY_DEGRADED, _("Degraded: test overdue or finding open"),
             panel->panel.x, panel->y, panel->panel.width);
  panel->y += panel->line;
  add_entry (panel, PSEMS_DIAGRAM_KEY_STOPPED, _("Threat stopped by a layer"),
             panel->panel.x, panel->y, panel->panel.width);
  panel->y += panel->line;
  add_entry (panel, PSEMS_DIAGRAM_KEY_PASSES, _("Threat passes every layer"),
             panel->panel.x, panel->y, panel->panel.width);
  panel->y += panel->line;

  legend->x = panel->panel.x;
  legend->y = top;
  legend->width = panel->panel.width;
  legend->height = panel->y - top;
  panel->y += 0.8 * panel->line;
}

/* Rows in columns, top to bottom then left to right, below panel->y: as few columns as hold
 * them at @max_rows rows a column (full-width rows when one does), balanced. Returns the rows
 * a column got and sets @n_columns. */
static int
flow_rows (Panel  *panel,
           guint   first_entry,
           int     max_rows,
           int    *n_columns)
{
  GArray *entries = panel->layout->key_entries;
  int n = entries->len - first_entry;
  int columns, rows;
  double width;

  max_rows = MAX (max_rows, 1);
  columns = CLAMP ((n + max_rows - 1) / max_rows, 1, panel->n_columns);
  rows = MAX (1, (n + columns - 1) / columns);
  width = (panel->panel.width - (columns - 1) * panel->layout->font_size) / columns;
  for (int i = 0; i < n; i++)
    {
      PsemsDiagramKeyEntry *entry = &g_array_index (entries, PsemsDiagramKeyEntry, first_entry + i);

      entry->box.x = panel->panel.x + (i / rows) * (width + panel->layout->font_size);
      entry->box.y = panel->y + (i % rows) * panel->line;
      entry->box.width = width;
    }
  *n_columns = columns;
  return rows;
}

static void
add_threat_key (Panel                   *panel,
                const PsemsDiagramInput *input)
{
  GArray *arrows = panel->layout->arrows;
  guint first;
  int rows, columns;

  if (arrows->len == 0)
    return;
  add_entry (panel, PSEMS_DIAGRAM_KEY_HEADING, _("Threats"), panel->panel.x, panel->y,
             panel->panel.width);
  panel->y += panel->line;
  first = panel->layout->key_entries->len;
  for (guint i = 0; i < arrows->len; i++)
    {
      const PsemsDiagramArrow *arrow = &g_array_index (arrows, PsemsDiagramArrow, i);
      const PsemsThreat *threat = NULL;
      PsemsDiagramKeyEntry *entry;

      for (guint t = 0; t < input->threats->len && threat == NULL; t++)
        if (((PsemsThreat *) g_ptr_array_index (input->threats, t))->id == arrow->threat_id)
          threat = g_ptr_array_index (input->threats, t);
      entry = add_entry (panel, PSEMS_DIAGRAM_KEY_THREAT, threat != NULL ? threat->name : arrow->label,
                         0, 0, 0);
      entry->id = arrow->threat_id;
      entry->number = arrow->number;
      entry->passes_through = arrow->passes_through;
    }
  /* A long list of threats in columns, so the controls keep room. */
  rows = flow_rows (panel, first, arrows->len > 12 ? 12 : (int) arrows->len, &columns);
  panel->y += rows * panel->line + 0.8 * panel->line;
}

static void
add_control_key (Panel                   *panel,
                 const PsemsDiagramInput *input)
{
  PsemsDiagramLayout *layout = panel->layout;
  double bottom = panel->panel.y + panel->panel.height;
  int max_rows, capacity, n_rows = 0, shown;
  guint first, heading;
  int last_ring = -1;

  heading = layout->key_entries->len;
  add_entry (panel, PSEMS_DIAGRAM_KEY_HEADING, _("Controls"), panel->panel.x, panel->y,
             panel->panel.width);
  panel->y += panel->line;
  max_rows = (int) floor ((bottom - panel->y) / panel->line + 1e-9);
  if (max_rows < 2)
    {
      /* No room for a single row and the "more" line: the key is left out entirely. */
      g_array_set_size (layout->key_entries, heading);
      layout->n_unlisted = layout->nodes->len;
      return;
    }
  capacity = max_rows * panel->n_columns;

  /* Rows the key needs: a heading per ring with controls, then the controls. */
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);

      if (node->ring != last_ring)
        n_rows++;
      last_ring = node->ring;
      n_rows++;
    }

  first = layout->key_entries->len;
  last_ring = -1;
  shown = 0;
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);
      const PsemsControl *control = NULL;
      PsemsDiagramKeyEntry *entry;
      int used = layout->key_entries->len - first;
      int needed = (node->ring != last_ring) ? 2 : 1;

      /* Keep the last row for "… and N more" when not everything fits. */
      if (n_rows > capacity && used + needed > capacity - 1)
        break;
      if (node->ring != last_ring)
        {
          const PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing, node->ring);

          PsemsDiagramKeyEntry *heading_row = add_entry (panel, PSEMS_DIAGRAM_KEY_HEADING, ring->name,
                                                         0, 0, 0);

          heading_row->id = ring->layer_id;   /* a layer's heading, drawn like its ring's name */
          last_ring = node->ring;
        }
      control = find_control (input, node->control_id);
      entry = add_entry (panel, PSEMS_DIAGRAM_KEY_CONTROL, control != NULL ? control->name : "",
                         0, 0, 0);
      entry->id = node->control_id;
      entry->number = node->number;
      entry->status = node->status;
      entry->function = node->function;
      entry->degraded = node->degraded;
      shown++;
    }
  layout->n_unlisted = layout->nodes->len - shown;
  if (layout->n_unlisted > 0)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "… and %d more control",
                                                            "… and %d more controls",
                                                            layout->n_unlisted),
                                               layout->n_unlisted);

      add_entry (panel, PSEMS_DIAGRAM_KEY_MORE, more, 0, 0, 0);
    }
  {
    int columns;
    int rows = flow_rows (panel, first, max_rows, &columns);

    layout->key.x = panel->panel.x;
    layout->key.y = panel->y - panel->line;
    layout->key.width = panel->panel.width;
    layout->key.height = (rows + 1) * panel->line;
    panel->y += rows * panel->line;
  }
}

/* ───────────────────────────── the layout ───────────────────────────── */

static int
ring_of_layer (const PsemsDiagramInput *input,
               gint64                   layer_id,
               int                      position)
{
  for (guint i = 0; i < input->layers->len; i++)
    if (((PsemsLayer *) g_ptr_array_index (input->layers, i))->id == layer_id)
      return i;
  if (position >= 1 && input->layers->len > 0)
    return MIN (position, (int) input->layers->len) - 1;
  return -1;
}

PsemsDiagramLayout *
psems_diagram_layout_new (const PsemsDiagramInput *input,
                          double                   width,
                          double                   height)
{
  PsemsDiagramLayout *layout;
  int n_rings;
  g_autofree int *counts = NULL;
  g_autofree int *ring_of = NULL;
  g_autofree double *label_half = NULL;
  g_autofree double *widths = NULL;
  PsemsDiagramRect area, panel_rect;
  Metrics m = { 0 };
  double margin, header, tail_room, outer_radius, arrow_sector = 0;
  gboolean landscape, placed = FALSE;
  int number = 1;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  layout = g_new0 (PsemsDiagramLayout, 1);
  layout->width = width;
  layout->height = height;
  layout->title = g_strdup (input->title != NULL ? input->title : "");
  layout->subtitle = g_strdup (input->subtitle != NULL ? input->subtitle : "");
  layout->rings = g_array_new (FALSE, TRUE, sizeof (PsemsDiagramRing));
  g_array_set_clear_func (layout->rings, clear_ring);
  layout->nodes = g_array_new (FALSE, TRUE, sizeof (PsemsDiagramNode));
  layout->arrows = g_array_new (FALSE, TRUE, sizeof (PsemsDiagramArrow));
  g_array_set_clear_func (layout->arrows, clear_arrow);
  layout->key_entries = g_array_new (FALSE, TRUE, sizeof (PsemsDiagramKeyEntry));
  g_array_set_clear_func (layout->key_entries, clear_key_entry);

  /* Text about 8 pt when the picture is printed across A4, whatever its pixel size. */
  m.fs = clamp_double (MIN (width, height) / 80.0, 7.0, 16.0);
  m.kfs = MAX (7.0, m.fs * PSEMS_DIAGRAM_KEY_SCALE);
  m.rfs = MAX (6.5, m.fs * PSEMS_DIAGRAM_RING_LABEL_SCALE);
  m.pad = m.fs * 0.3;
  layout->font_size = m.fs;
  layout->key_font_size = m.kfs;
  layout->title_font_size = m.fs * PSEMS_DIAGRAM_TITLE_SCALE;

  margin = m.fs * 1.5;
  layout->title_box = (PsemsDiagramRect) { margin, margin, width - 2 * margin, layout->title_font_size * 1.3 };
  layout->subtitle_box = (PsemsDiagramRect) {
    margin, layout->title_box.y + layout->title_box.height + m.fs * 0.15,
    width - 2 * margin, m.fs * 1.35
  };
  header = layout->subtitle_box.y + layout->subtitle_box.height + m.fs;

  /* The panel beside the rings on a wide picture, below them on a tall one. */
  landscape = width >= height * 1.15;
  if (landscape)
    {
      double panel_width = MIN (clamp_double (width * 0.3, m.fs * 16, m.fs * 30), width * 0.45);

      panel_rect = (PsemsDiagramRect) { width - margin - panel_width, header, panel_width,
                                        height - header - margin };
      area = (PsemsDiagramRect) { margin, header, panel_rect.x - m.fs - margin,
                                  height - header - margin };
    }
  else
    {
      double panel_height = MAX (height * 0.3, m.fs * 14);

      panel_rect = (PsemsDiagramRect) { margin, height - margin - panel_height,
                                        width - 2 * margin, panel_height };
      area = (PsemsDiagramRect) { margin, header, width - 2 * margin,
                                  panel_rect.y - m.fs - header };
    }
  layout->panel = panel_rect;
  layout->centre_x = area.x + area.width / 2;
  layout->centre_y = area.y + area.height / 2;
  tail_room = input->threats->len > 0 ? m.fs * 4.6 : m.fs * 0.5;
  outer_radius = MAX (m.fs * 4, MIN (area.width, area.height) / 2 - tail_room);
  layout->outer_radius = outer_radius;

  /* Rings, outside in, and which controls stand on each. */
  n_rings = input->layers->len;
  counts = g_new0 (int, MAX (n_rings, 1));
  label_half = g_new0 (double, MAX (n_rings, 1));
  widths = g_new0 (double, MAX (n_rings, 1));
  ring_of = g_new0 (int, MAX (input->controls->len, 1));
  for (int i = 0; i < n_rings; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (input->layers, i);
      PsemsDiagramRing ring = { 0 };

      ring.layer_id = layer->id;
      ring.name = g_strdup (layer->name);
      /* Capitals with letter spacing: an estimate wider than plain text. */
      ring.label_width = estimate_width (layer->name, m.rfs, PSEMS_DIAGRAM_CAPS_WIDTH, G_MAXINT);
      label_half[i] = ring.label_width / 2;
      g_array_append_val (layout->rings, ring);
    }
  for (guint c = 0; c < input->controls->len; c++)
    {
      const PsemsControl *control = g_ptr_array_index (input->controls, c);

      ring_of[c] = ring_of_layer (input, control->layer_id, control->layer_position);
      if (ring_of[c] >= 0)
        counts[ring_of[c]]++;
    }

  if (n_rings > 0)
    {
      /* The preferred node size first; then smaller nodes; then closer ones; then no core. */
      static const double spacings[] = { PSEMS_DIAGRAM_NODE_SPACING, 1.2, 1.05, 1.0 };
      double preferred = clamp_double (m.fs * 1.9, PSEMS_DIAGRAM_MIN_NODE, 30.0);

      m.core_min = MAX (m.fs * 2.4, outer_radius * 0.1);
      for (double node = preferred; !placed; node = MAX (PSEMS_DIAGRAM_MIN_NODE, node * 0.9))
        {
          gboolean smallest = node <= PSEMS_DIAGRAM_MIN_NODE;

          for (guint s = 0; s < G_N_ELEMENTS (spacings) && !placed; s++)
            {
              if (s > 0 && !smallest)
                break;
              m.node = node;
              m.spacing = node * spacings[s];
              placed = allocate_rings (outer_radius, n_rings, counts, label_half, &m, widths);
            }
          if (smallest)
            break;
        }
      if (!placed)
        {
          m.core_min = 0;
          placed = allocate_rings (outer_radius, n_rings, counts, label_half, &m, widths);
        }
      if (!placed)
        for (int i = 0; i < n_rings; i++)
          widths[i] = outer_radius / n_rings;
    }

  /* Radii, ring names and nodes. */
  {
    double outer = outer_radius;

    for (int i = 0; i < n_rings; i++)
      {
        PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing, i);
        gboolean disc = (i == n_rings - 1);
        double inner = outer - widths[i];
        double label_radius;
        g_autoptr(GArray) slots = NULL;
        guint next = 0;

        ring->outer_radius = outer;
        ring->inner_radius = disc ? 0 : MAX (0, inner);
        if (disc)
          layout->core_radius = MAX (0, inner);
        label_radius = (MAX (0, inner) + outer) / 2;
        ring->label_x = layout->centre_x;
        ring->label_y = layout->centre_y - label_radius;
        arrow_sector = MAX (arrow_sector,
                            label_radius > 0 ? asin (MIN (1.0, (label_half[i] + m.fs) / label_radius)) : 0);

        slots = place_slots (counts[i], MAX (0, inner), outer, label_half[i], &m, &ring->n_tracks);
        for (guint c = 0; c < input->controls->len; c++)
          {
            const PsemsControl *control = g_ptr_array_index (input->controls, c);
            const Slot *slot;
            PsemsDiagramNode node = { 0 };

            if (ring_of[c] != i || next >= slots->len)
              continue;
            slot = &g_array_index (slots, Slot, next++);
            node.control_id = control->id;
            node.ring = i;
            node.track = slot->track;
            node.x = layout->centre_x + slot->radius * sin (slot->angle);
            node.y = layout->centre_y - slot->radius * cos (slot->angle);
            node.size = m.node;
            node.function = g_intern_string (control->function);
            node.status = g_intern_string (control->status);
            node.degraded = control->degraded;
            node.number = number++;
            g_array_append_val (layout->nodes, node);
          }
        outer = inner;
      }
  }

  /* Names beside the nodes when they all fit; numbers and a key otherwise. */
  layout->numbered = !try_labels (layout, input, &area, &m);
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);
      PsemsDiagramRect box = node_box (node, 2.0);

      node->labelled = !layout->numbered;
      if (layout->numbered)
        node->label_box = (PsemsDiagramRect) { node->x, node->y, 0, 0 };
      else
        {
          double x0 = MIN (box.x, node->label_box.x);
          double y0 = MIN (box.y, node->label_box.y);
          double x1 = MAX (box.x + box.width, node->label_box.x + node->label_box.width);
          double y1 = MAX (box.y + box.height, node->label_box.y + node->label_box.height);

          box = (PsemsDiagramRect) { x0, y0, x1 - x0, y1 - y0 };
        }
      node->hit = box;
    }

  /* Threat arrows: each threat its own angle, kept whether it is drawn or not, outside the
   * sector at 12 o'clock where the ring names are. */
  {
    guint n_threats = input->threats->len;
    double sector = MIN (arrow_sector, G_PI / 4);
    double start_radius = outer_radius + m.fs * 2.4;

    for (guint t = 0; t < n_threats; t++)
      {
        const PsemsThreat *threat = g_ptr_array_index (input->threats, t);
        PsemsDiagramArrow arrow = { 0 };
        double end_radius;

        if (!psems_diagram_input_is_selected (input, threat->id))
          continue;
        arrow.threat_id = threat->id;
        arrow.number = t + 1;
        arrow.label = g_strdup_printf ("%s %s", threat->ref != NULL ? threat->ref : "",
                                       threat->name != NULL ? threat->name : "");
        arrow.angle = sector + (t + 0.5) * (2 * G_PI - 2 * sector) / n_threats;
        arrow.stop_ring = -1;
        if (threat->assessment.stop_position > 0 && n_rings > 0)
          {
            arrow.stop_ring = ring_of_layer (input, threat->assessment.stop_layer_id,
                                             threat->assessment.stop_position);
          }
        arrow.passes_through = arrow.stop_ring < 0;
        if (arrow.passes_through)
          end_radius = layout->core_radius * 0.45;
        else
          {
            const PsemsDiagramRing *ring = &g_array_index (layout->rings, PsemsDiagramRing,
                                                           arrow.stop_ring);

            /* On the stopping ring, just inside its outer edge, where its stop bar is drawn. */
            end_radius = ring->outer_radius - MIN (m.fs * 0.25,
                                                   (ring->outer_radius - ring->inner_radius) / 4);
          }
        arrow.start_x = layout->centre_x + start_radius * sin (arrow.angle);
        arrow.start_y = layout->centre_y - start_radius * cos (arrow.angle);
        arrow.end_x = layout->centre_x + end_radius * sin (arrow.angle);
        arrow.end_y = layout->centre_y - end_radius * cos (arrow.angle);
        g_array_append_val (layout->arrows, arrow);
      }
  }

  /* The figures a reader looks for first. */
  {
    int n_degraded = 0, n_passing = 0;
    g_autofree char *controls = NULL;
    g_autofree char *degraded = NULL;
    g_autofree char *threats = NULL;

    for (guint i = 0; i < layout->nodes->len; i++)
      n_degraded += g_array_index (layout->nodes, PsemsDiagramNode, i).degraded;
    for (guint i = 0; i < layout->arrows->len; i++)
      n_passing += g_array_index (layout->arrows, PsemsDiagramArrow, i).passes_through;
    controls = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u control", "%u controls", layout->nodes->len),
                                layout->nodes->len);
    degraded = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d degraded", "%d degraded", n_degraded),
                                n_degraded);
    threats = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u threat shown", "%u threats shown",
                                            layout->arrows->len), layout->arrows->len);
    /* TRANSLATORS: "20 controls, 8 degraded · 5 threats shown" */
    layout->summary = g_strdup_printf (_("%s, %s · %s"), controls, degraded, threats);
    if (n_passing > 0)
      layout->alert = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d threat passes every layer",
                                                    "%d threats pass every layer", n_passing), n_passing);
  }

  /* The side panel: legend, the drawn threats, then the numbered controls. */
  {
    Panel panel = { 0 };

    panel.layout = layout;
    panel.panel = panel_rect;
    panel.line = m.kfs * PSEMS_DIAGRAM_LINE_SCALE;
    panel.n_columns = MAX (1, (int) floor ((panel_rect.width + m.fs) / (m.fs * 13 + m.fs)));
    panel.column_width = (panel_rect.width - (panel.n_columns - 1) * m.fs) / panel.n_columns;
    panel.y = panel_rect.y;
    add_legend (&panel);
    add_threat_key (&panel, input);
    if (layout->numbered && layout->nodes->len > 0)
      add_control_key (&panel, input);
  }
  return layout;
}

gint64
psems_diagram_layout_hit (const PsemsDiagramLayout *layout,
                          double                    x,
                          double                    y)
{
  gint64 best = 0;
  double best_distance = G_MAXDOUBLE;

  g_return_val_if_fail (layout != NULL, 0);

  /* The nearest node whose marker is under the point wins over overlapping label boxes. */
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);
      double distance = hypot (x - node->x, y - node->y);

      if (distance <= node->size / 2 + 2 && distance < best_distance)
        {
          best = node->control_id;
          best_distance = distance;
        }
    }
  if (best != 0)
    return best;
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);

      if (rect_contains (&node->hit, x, y))
        return node->control_id;
    }
  for (guint i = 0; i < layout->key_entries->len; i++)
    {
      const PsemsDiagramKeyEntry *entry = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i);

      if (entry->kind == PSEMS_DIAGRAM_KEY_CONTROL && rect_contains (&entry->box, x, y))
        return entry->id;
    }
  return 0;
}

const PsemsDiagramNode *
psems_diagram_layout_find_node (const PsemsDiagramLayout *layout,
                                gint64                    control_id)
{
  g_return_val_if_fail (layout != NULL, NULL);

  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);

      if (node->control_id == control_id)
        return node;
    }
  return NULL;
}
