/* test-diff.c — the line diff: a table of cases, line numbers, and the fallback for very long texts. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-test-util.h"

/* Rows written one a line: "  text" same, "- text" removed, "+ text" added. */
static char *
render (const PsemsDiff *diff)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < psems_diff_get_n_rows (diff); i++)
    {
      const PsemsDiffLine *row = psems_diff_get_row (diff, i);
      const char *mark = row->kind == PSEMS_DIFF_SAME ? " " : row->kind == PSEMS_DIFF_REMOVED ? "-" : "+";

      g_string_append_printf (out, "%s %s\n", mark, row->text);
    }
  return g_string_free (out, FALSE);
}

/* Line numbers count each side's lines in order, and a row has the numbers its kind says. */
static void
check_numbers (const PsemsDiff *diff,
               guint            n_old,
               guint            n_new)
{
  int old_line = 0, new_line = 0;

  for (guint i = 0; i < psems_diff_get_n_rows (diff); i++)
    {
      const PsemsDiffLine *row = psems_diff_get_row (diff, i);

      if (row->kind != PSEMS_DIFF_ADDED)
        g_assert_cmpint (row->old_line, ==, ++old_line);
      else
        g_assert_cmpint (row->old_line, ==, 0);
      if (row->kind != PSEMS_DIFF_REMOVED)
        g_assert_cmpint (row->new_line, ==, ++new_line);
      else
        g_assert_cmpint (row->new_line, ==, 0);
    }
  g_assert_cmpint (old_line, ==, (int) n_old);
  g_assert_cmpint (new_line, ==, (int) n_new);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  if (text == NULL || *text == '\0')
    return 0;
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n' && p[1] != '\0')
      n++;
  return n + 1;
}

static const struct
{
  const char *name;
  const char *old_text;
  const char *new_text;
  const char *expected;
} cases[] = {
  { "both empty", "", "", "" },
  { "both NULL", NULL, NULL, "" },
  { "all added", NULL, "a\nb", "+ a\n+ b\n" },
  { "all removed", "a\nb\n", "", "- a\n- b\n" },
  { "identical", "a\nb\nc", "a\nb\nc", "  a\n  b\n  c\n" },
  { "final newline is no line", "a\nb\n", "a\nb", "  a\n  b\n" },
  { "an empty line is a line", "a\n\nb", "a\nb", "  a\n- \n  b\n" },
  { "added at the end", "a\nb", "a\nb\nc", "  a\n  b\n+ c\n" },
  { "added at the start", "b\nc", "a\nb\nc", "+ a\n  b\n  c\n" },
  { "removed in the middle", "a\nb\nc", "a\nc", "  a\n- b\n  c\n" },
  { "changed line: removed before added", "a\nb\nc", "a\nB\nc", "  a\n- b\n+ B\n  c\n" },
  { "replaced", "a\nb", "c\nd", "- a\n- b\n+ c\n+ d\n" },
  { "longest common subsequence",
    "a\nb\nc\nd\ne\nf", "a\nx\nc\nd\ny\nf",
    "  a\n- b\n+ x\n  c\n  d\n- e\n+ y\n  f\n" },
  { "moved line kept once", "a\nb\nc", "c\na\nb", "+ c\n  a\n  b\n- c\n" },
  { "repeated lines", "x\nx\nx", "x\nx", "  x\n  x\n- x\n" },
  { "windows line ends", "a\r\nb\r\n", "a\nb\n", "  a\n  b\n" },
  { "level texts",
    "Badge check at every access point.\nVisitors escorted.\nPatrol every 4 hours.",
    "Badge check at every access point.\nVisitors escorted at all times.\nPatrol every 4 hours.\nCCTV reviewed daily.",
    "  Badge check at every access point.\n- Visitors escorted.\n+ Visitors escorted at all times.\n"
    "  Patrol every 4 hours.\n+ CCTV reviewed daily.\n" },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PsemsDiff) diff = psems_diff_lines (cases[i].old_text, cases[i].new_text);
      g_autofree char *got = render (diff);

      g_test_message ("case: %s", cases[i].name);
      g_assert_cmpstr (got, ==, cases[i].expected);
      check_numbers (diff, count_lines (cases[i].old_text), count_lines (cases[i].new_text));
      g_assert_cmpuint (psems_diff_count (diff, PSEMS_DIFF_SAME) + psems_diff_count (diff, PSEMS_DIFF_REMOVED) +
                        psems_diff_count (diff, PSEMS_DIFF_ADDED), ==, psems_diff_get_n_rows (diff));
    }
}

static void
test_counts_and_copies (void)
{
  char *old_text = g_strdup ("one\ntwo\nthree");
  char *new_text = g_strdup ("one\n2\nthree\nfour");
  g_autoptr(PsemsDiff) diff = psems_diff_lines (old_text, new_text);

  /* The rows point into the diff's own copy, not the caller's texts. */
  memset (old_text, 'x', strlen (old_text));
  memset (new_text, 'x', strlen (new_text));
  g_free (old_text);
  g_free (new_text);

  g_assert_cmpuint (psems_diff_count (diff, PSEMS_DIFF_SAME), ==, 2);
  g_assert_cmpuint (psems_diff_count (diff, PSEMS_DIFF_REMOVED), ==, 1);
  g_assert_cmpuint (psems_diff_count (diff, PSEMS_DIFF_ADDED), ==, 2);
  g_assert_cmpstr (psems_diff_get_row (diff, 1)->text, ==, "two");
  g_assert_cmpint (psems_diff_get_row (diff, 1)->old_line, ==, 2);
  g_assert_cmpstr (psems_diff_get_row (diff, 4)->text, ==, "four");
  g_assert_cmpint (psems_diff_get_row (diff, 4)->new_line, ==, 4);
}

static char *
numbered_lines (const char *prefix,
                guint       from,
                guint       n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s %u\n", prefix, from + i);
  return g_string_free (out, FALSE);
}

/* Long texts: a common head and tail cost nothing; a middle beyond the limit
 * is shown as removed then added rather than filling memory. */
static void
test_long (void)
{
  {
    g_autofree char *head = numbered_lines ("same", 0, 20000);
    g_autofree char *old_text = g_strconcat (head, "old\n", head, NULL);
    g_autofree char *new_text = g_strconcat (head, "new\n", head, NULL);
    g_autoptr(PsemsDiff) diff = psems_diff_lines (old_text, new_text);

    g_assert_cmpuint (psems_diff_count (diff, PSEMS_DIFF_SAME), ==, 40000);
    g_assert_cmpuint (psems_diff_count (diff, PSEMS_DIFF_REMOVED), ==, 1);
    g_assert_cmpuint (psems_diff_count (diff, PSEMS_DIFF_ADDED), ==, 1);
    check_numbers (diff, 40001, 40001);
  }
  {
    g_autofree char *old_text = numbered_lines ("old", 0, 6000);
    g_autofree char *middle = numbered_lines ("common", 0, 10);
    g_autofree char *new_head = numbered_lines ("new", 0, 3000);
    g_autofree char *new_text = g_strconcat (new_head, middle, NULL);
    g_autofree char *old_with = g_strconcat (old_text, middle, "old end\n", NULL);
    g_autoptr(PsemsDiff) diff = psems_diff_lines (old_with, new_text);
    const PsemsDiffLine *first_added;

    /* 6001 old lines in the middle: beyond the limit, so no line is matched there. */
    g_assert_cmpuint (psems_diff_count (diff, PSEMS_DIFF_REMOVED), ==, 6011);
    g_assert_cmpuint (psems_diff_count (diff, PSEMS_DIFF_ADDED), ==, 3010);
    first_added = psems_diff_get_row (diff, 6011);
    g_assert_cmpint (first_added->kind, ==, PSEMS_DIFF_ADDED);
    g_assert_cmpstr (first_added->text, ==, "new 0");
    check_numbers (diff, 6011, 3010);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diff/cases", test_cases);
  g_test_add_func ("/diff/counts-and-copies", test_counts_and_copies);
  g_test_add_func ("/diff/long", test_long);

  return g_test_run ();
}
