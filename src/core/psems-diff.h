/* psems-diff.h — a line diff of two texts (longest common subsequence), for comparing plan versions. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PSEMS_DIFF_SAME,
  PSEMS_DIFF_REMOVED,   /* only in the old text */
  PSEMS_DIFF_ADDED,     /* only in the new text */
} PsemsDiffKind;

/* One row of a side-by-side view: a line of the old text, of the new, or both. */
typedef struct
{
  PsemsDiffKind kind;
  int old_line;         /* 1-based, 0 when the row has no old line */
  int new_line;
  const char *text;     /* points into the returned diff's own copy */
} PsemsDiffLine;

typedef struct _PsemsDiff PsemsDiff;

PsemsDiff           *psems_diff_lines      (const char *old_text,
                                            const char *new_text);
guint                psems_diff_get_n_rows (const PsemsDiff *self);
const PsemsDiffLine *psems_diff_get_row    (const PsemsDiff *self,
                                            guint            i);
guint                psems_diff_count      (const PsemsDiff *self,
                                            PsemsDiffKind    kind);
void                 psems_diff_free       (PsemsDiff *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsDiff, psems_diff_free)

G_END_DECLS
