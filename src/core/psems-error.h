/* psems-error.h — the error domain every PSeMS core function reports through. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PSEMS_ERROR (psems_error_quark ())

/**
 * PsemsError:
 * Errors a user can cause. Each message names what was wrong and where
 * (file, record reference, field), so it can be shown as it is.
 */
typedef enum
{
  PSEMS_ERROR_FAILED,            /* anything else, message says what */
  PSEMS_ERROR_NO_DATABASE,       /* the file does not exist and creating it was not asked for */
  PSEMS_ERROR_NOT_DATABASE,      /* the file is not an SQLite database */
  PSEMS_ERROR_FOREIGN_DATABASE,  /* an SQLite database of another application */
  PSEMS_ERROR_TOO_NEW,           /* written by a newer PSeMS */
  PSEMS_ERROR_READ_ONLY,         /* a write was needed and the file cannot be written */
  PSEMS_ERROR_CORRUPT,           /* integrity check or hash chain failed */
  PSEMS_ERROR_BUSY,              /* another program holds the database */
  PSEMS_ERROR_PERMISSION,        /* the acting user may not do this */
  PSEMS_ERROR_INVALID,           /* a field value is not acceptable */
  PSEMS_ERROR_NOT_FOUND,         /* no record with that reference */
  PSEMS_ERROR_CONSTRAINT,        /* the database refused the change (unique, foreign key, check) */
} PsemsError;

GQuark psems_error_quark (void);

/**
 * PsemsFieldProblem:
 * @field: the field's name as the CLI and the schema spell it ("un_locode")
 * @message: what is wrong with it, translated, ready to show next to the field
 *
 * One problem found by a validation; the UI shows it inline, the CLI prints
 * it, and the write functions refuse with the first one as a GError
 * (%PSEMS_ERROR_INVALID) whose message reads "<what>: <field>: <message>"
 * (psems_field_problems_to_error() returns %FALSE then, %TRUE when the
 * list is empty).
 */
typedef struct
{
  char *field;
  char *message;
} PsemsFieldProblem;

void       psems_field_problem_free  (PsemsFieldProblem *problem);
GPtrArray *psems_field_problems_new  (void);
void       psems_field_problems_add  (GPtrArray  *problems,
                                      const char *field,
                                      const char *format,
                                      ...) G_GNUC_PRINTF (3, 4);
gboolean   psems_field_problems_to_error (GPtrArray  *problems,
                                          const char *what,
                                          GError    **error);
char      *psems_text_dup_field      (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsFieldProblem, psems_field_problem_free)

G_END_DECLS
