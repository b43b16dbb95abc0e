/* psems-problem-row.h — a row under a form field saying what is wrong with it, hidden otherwise. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PSEMS_TYPE_PROBLEM_ROW (psems_problem_row_get_type ())

G_DECLARE_FINAL_TYPE (PsemsProblemRow, psems_problem_row, PSEMS, PROBLEM_ROW, AdwPreferencesRow)

GtkWidget  *psems_problem_row_new         (void);
const char *psems_problem_row_get_message (PsemsProblemRow *self);
void        psems_problem_row_set_message (PsemsProblemRow *self,
                                           const char      *message);

G_END_DECLS
