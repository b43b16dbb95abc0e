/* psems-month-grid.h — a month of days, six weeks by seven, each day showing the schedule's items due on it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "psems-clock.h"

G_BEGIN_DECLS

#define PSEMS_TYPE_MONTH_GRID (psems_month_grid_get_type ())

G_DECLARE_FINAL_TYPE (PsemsMonthGrid, psems_month_grid, PSEMS, MONTH_GRID, GtkWidget)

/* What one day shows: an item's title, coloured by its state. */
typedef struct
{
  gint64          id;
  PsemsDay        day;
  char           *title;
  PsemsClockState state;
} PsemsMonthGridEntry;

PsemsMonthGridEntry *psems_month_grid_entry_new  (gint64          id,
                                                  PsemsDay        day,
                                                  const char     *title,
                                                  PsemsClockState state);
void                 psems_month_grid_entry_free (PsemsMonthGridEntry *entry);

GtkWidget *psems_month_grid_new          (void);
/* @entries: (element-type PsemsMonthGridEntry): copied into the grid. */
void       psems_month_grid_set_entries  (PsemsMonthGrid *self,
                                          GPtrArray      *entries);
/* Shows the month holding @day and focuses @day there. */
void       psems_month_grid_set_day      (PsemsMonthGrid *self,
                                          PsemsDay        day);
PsemsDay   psems_month_grid_get_day      (PsemsMonthGrid *self);
void       psems_month_grid_shift_months (PsemsMonthGrid *self,
                                          int             months);
/* "April 2026" */
char      *psems_month_grid_dup_title    (PsemsMonthGrid *self);
/* The cell of @day, while its month is shown; %NULL otherwise. */
GtkWidget *psems_month_grid_get_cell     (PsemsMonthGrid *self,
                                          PsemsDay        day);
void       psems_month_grid_set_today    (PsemsMonthGrid *self,
                                          PsemsDay        today);
void       psems_month_grid_set_compact  (PsemsMonthGrid *self,
                                          gboolean        compact);

G_END_DECLS
