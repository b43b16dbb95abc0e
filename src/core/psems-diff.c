/* psems-diff.c — a line diff by longest common subsequence, as rows for a side-by-side view. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-diff.h"

/* The LCS table has (n + 1) × (m + 1) cells of 16 bits once the common head
 * and tail are set aside; beyond this many lines on either side the texts
 * are shown as all removed and all added instead (plan texts are far
 * shorter). */
#define MAX_LINES 5000

struct _PsemsDiff
{
  char **old_lines;
  char **new_lines;
  GArray *rows;       /* PsemsDiffLine */
};

/* Lines of @text; a final newline ends the last line rather than starting an empty one. */
static char **
split_lines (const char *text,
             guint      *n)
{
  g_autofree char *copy = NULL;
  gsize length;
  char **lines;

  if (text == NULL || *text == '\0')
    {
      *n = 0;
      return g_new0 (char *, 1);
    }
  length = strlen (text);
  copy = g_strndup (text, text[length - 1] == '\n' ? length - 1 : length);
  lines = g_strsplit (copy, "\n", -1);
  *n = g_strv_length (lines);
  /* Text from Windows: the carriage return is not part of the line. */
  for (guint i = 0; i < *n; i++)
    {
      gsize l = strlen (lines[i]);

      if (l > 0 && lines[i][l - 1] == '\r')
        lines[i][l - 1] = '\0';
    }
  return lines;
}

static void
add_row (PsemsDiff     *self,
         PsemsDiffKind  kind,
         int            old_line,
         int            new_line,
         const char    *text)
{
  PsemsDiffLine row = { kind, old_line, new_line, text };

  g_array_append_val (self->rows, row);
}

/* Old lines [o0, o1) against new lines [n0, n1), none in common at either end. */
static void
diff_middle (PsemsDiff *self,
             guint      o0,
             guint      o1,
             guint      n0,
             guint      n1)
{
  guint n = o1 - o0, m = n1 - n0;
  guint16 *table;
  guint i = 0, j = 0;

  if (n > MAX_LINES || m > MAX_LINES)
    {
      for (i = o0; i < o1; i++)
        add_row (self, PSEMS_DIFF_REMOVED, (int) i + 1, 0, self->old_lines[i]);
      for (j = n0; j < n1; j++)
        add_row (self, PSEMS_DIFF_ADDED, 0, (int) j + 1, self->new_lines[j]);
      return;
    }

  /* table[i][j]: the LCS length of old[i…] and new[j…], filled from the end
   * so the walk below goes forward. */
#define T(a, b) table[(gsize) (a) * (m + 1) + (b)]
  table = g_new0 (guint16, (gsize) (n + 1) * (m + 1));
  for (guint a = n; a-- > 0;)
    for (guint b = m; b-- > 0;)
      {
        if (strcmp (self->old_lines[o0 + a], self->new_lines[n0 + b]) == 0)
          T (a, b) = T (a + 1, b + 1) + 1;
        else
          T (a, b) = MAX (T (a + 1, b), T (a, b + 1));
      }

  /* Within a run of changes, removed lines come before added ones, which
   * is what a side-by-side view pairs up. */
  while (i < n || j < m)
    {
      if (i < n && j < m && strcmp (self->old_lines[o0 + i], self->new_lines[n0 + j]) == 0)
        {
          add_row (self, PSEMS_DIFF_SAME, (int) (o0 + i) + 1, (int) (n0 + j) + 1, self->new_lines[n0 + j]);
          i++, j++;
        }
      else if (i < n && (j == m || T (i + 1, j) >= T (i, j + 1)))
        {
          add_row (self, PSEMS_DIFF_REMOVED, (int) (o0 + i) + 1, 0, self->old_lines[o0 + i]);
          i++;
        }
      else
        {
          add_row (self, PSEMS_DIFF_ADDED, 0, (int) (n0 + j) + 1, self->new_lines[n0 + j]);
          j++;
        }
    }
#undef T
  g_free (table);
}

/**
 * psems_diff_lines:
 * @old_text: (nullable): the earlier text; %NULL is empty
 * @new_text: (nullable): the later text
 *
 * Compares two texts line by line (longest common subsequence). Each row is
 * a line both have, a line only the old text has, or one only the new has,
 * in reading order; line numbers count from 1.
 *
 * Returns: (transfer full): the diff, which keeps its own copy of the lines.
 */
PsemsDiff *
psems_diff_lines (const char *old_text,
                  const char *new_text)
{
  PsemsDiff *self = g_new0 (PsemsDiff, 1);
  guint n, m, head = 0, tail = 0;

  self->old_lines = split_lines (old_text, &n);
  self->new_lines = split_lines (new_text, &m);
  self->rows = g_array_sized_new (FALSE, FALSE, sizeof (PsemsDiffLine), MAX (n, m));

  /* Equal heads and tails cost nothing, and keep the table small for long
   * texts with a few changes. */
  while (head < n && head < m && strcmp (self->old_lines[head], self->new_lines[head]) == 0)
    head++;
  while (tail < n - head && tail < m - head &&
         strcmp (self->old_lines[n - 1 - tail], self->new_lines[m - 1 - tail]) == 0)
    tail++;

  for (guint i = 0; i < head; i++)
    add_row (self, PSEMS_DIFF_SAME, (int) i + 1, (int) i + 1, self->new_lines[i]);
  diff_middle (self, head, n - tail, head, m - tail);
  for (guint k = tail; k > 0; k--)
    add_row (self, PSEMS_DIFF_SAME, (int) (n - k) + 1, (int) (m - k) + 1, self->new_lines[m - k]);

  return self;
}

guint
psems_diff_get_n_rows (const PsemsDiff *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows->len;
}

/**
 * psems_diff_get_row:
 *
 * Returns: (transfer none): row @i, valid as long as @self.
 */
const PsemsDiffLine *
psems_diff_get_row (const PsemsDiff *self,
                    guint            i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->rows->len, NULL);
  return &g_array_index (self->rows, PsemsDiffLine, i);
}

/* How many rows are of @kind: the lines kept, removed or added. */
guint
psems_diff_count (const PsemsDiff *self,
                  PsemsDiffKind    kind)
{
  guint count = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, PsemsDiffLine, i).kind == kind)
      count++;
  return count;
}

void
psems_diff_free (PsemsDiff *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->old_lines);
  g_strfreev (self->new_lines);
  g_array_unref (self->rows);
  g_free (self);
}
