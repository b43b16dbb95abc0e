/* psems-error.c — the PSeMS error domain and the field problems validations report. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "psems-error.h"

G_DEFINE_QUARK (psems-error-quark, psems_error)

void
psems_field_problem_free (PsemsFieldProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

/* An empty list of PsemsFieldProblem, which frees its problems. */
GPtrArray *
psems_field_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) psems_field_problem_free);
}

void
psems_field_problems_add (GPtrArray  *problems,
                          const char *field,
                          const char *format,
                          ...)
{
  PsemsFieldProblem *problem;
  va_list args;

  g_return_if_fail (problems != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (format != NULL);

  problem = g_new0 (PsemsFieldProblem, 1);
  problem->field = g_strdup (field);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}

/**
 * psems_field_problems_to_error:
 * @problems: (nullable): PsemsFieldProblem found by a validation
 * @what: (nullable): what was validated, e.g. a reference or a code
 *
 * The refusal of a write: with no problems, returns %TRUE and sets nothing;
 * otherwise sets %PSEMS_ERROR_INVALID from the first problem, reading
 * "<what>: <field>: <message>" (without "<what>: " when @what is %NULL),
 * and returns %FALSE. Use it as `if (!psems_field_problems_to_error (…)) return FALSE;`.
 */
gboolean
psems_field_problems_to_error (GPtrArray   *problems,
                               const char  *what,
                               GError     **error)
{
  const PsemsFieldProblem *first;

  if (problems == NULL || problems->len == 0)
    return TRUE;

  first = g_ptr_array_index (problems, 0);
  if (what != NULL && *what != '\0')
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, "%s: %s: %s", what, first->field, first->message);
  else
    g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, "%s: %s", first->field, first->message);
  return FALSE;
}

/**
 * psems_text_dup_field:
 * @text: (nullable): what a form's field or a command's option holds
 *
 * What a form's entry means, the same for core, the app and the CLI.
 *
 * Returns: (transfer full) (nullable): @text without surrounding blanks, %NULL when nothing is left
 */
char *
psems_text_dup_field (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}
