/* psems-ui-util.c — helpers the pages share: dates as people type and read them, field problems. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "psems-problem-row.h"
#include "psems-ui-util.h"

/**
 * psems_ui_format_timestamp:
 * @iso_utc: (nullable): a UTC time as core stores it, YYYY-MM-DDTHH:MM:SSZ
 *
 * Returns: (transfer full) (nullable): the time in local time for reading, or %NULL
 */
char *
psems_ui_format_timestamp (const char *iso_utc)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso_utc == NULL || *iso_utc == '\0')
    return NULL;
  utc = g_date_time_new_from_iso8601 (iso_utc, NULL);
  if (utc == NULL)
    return g_strdup (iso_utc);
  local = g_date_time_to_local (utc);
  /* Translators: a date and time as in "26 Nov 2026, 14:05"; see the GDateTime format codes */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

/**
 * psems_ui_format_date:
 * @iso_date: (nullable): YYYY-MM-DD
 *
 * Returns: (transfer full) (nullable): the date for reading ("26 November 2026"), or %NULL
 */
char *
psems_ui_format_date (const char *iso_date)
{
  GDate date;

  if (iso_date == NULL || *iso_date == '\0')
    return NULL;
  if (!psems_ui_parse_date (iso_date, &date, NULL))
    return g_strdup (iso_date);
  return psems_ui_format_date_value (&date);
}

char *
psems_ui_format_date_value (const GDate *date)
{
  g_autoptr(GDateTime) time = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  time = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), 0, 0, 0);
  /* Translators: a date as in "26 November 2026"; see the GDateTime format codes */
  return g_date_time_format (time, _("%-d %B %Y"));
}

/* Returns: the current local time the way the time fields take it: YYYY-MM-DD HH:MM */
char *
psems_ui_dup_now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d %H:%M");
}

char *
psems_ui_dup_today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * psems_ui_parse_local_time:
 * @text: "YYYY-MM-DD HH:MM" in local time; empty means no time
 * @time: (out) (transfer full) (nullable): the time, %NULL for empty text
 *
 * Returns: %FALSE with @error set when @text is not a time
 */
gboolean
psems_ui_parse_local_time (const char  *text,
                           GDateTime  **time,
                           GError     **error)
{
  g_autofree char *stripped = psems_ui_dup_text (text);
  int year, month, day, hour, minute;
  char end;

  *time = NULL;
  if (stripped == NULL)
    return TRUE;
  if (sscanf (stripped, "%4d-%2d-%2d %2d:%2d%c", &year, &month, &day, &hour, &minute, &end) != 5
      || !g_date_valid_dmy (day, month, year) || hour > 23 || minute > 59 || hour < 0 || minute < 0)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Write the time as YYYY-MM-DD HH:MM, for example %s"), "2026-11-26 14:05");
      return FALSE;
    }
  *time = g_date_time_new_local (year, month, day, hour, minute, 0);
  return TRUE;
}

/**
 * psems_ui_parse_date:
 * @text: YYYY-MM-DD
 * @date: (out): the date; cleared when @text is empty
 *
 * Returns: %FALSE with @error set when @text is not a date
 */
gboolean
psems_ui_parse_date (const char  *text,
                     GDate       *date,
                     GError     **error)
{
  g_autofree char *stripped = psems_ui_dup_text (text);
  int year, month, day;
  char end;

  g_date_clear (date, 1);
  if (stripped == NULL)
    return TRUE;
  if (sscanf (stripped, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3
      || !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Write the date as YYYY-MM-DD, for example %s"), "2026-11-26");
      return FALSE;
    }
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/**
 * psems_ui_dup_text:
 * @text: (nullable): what a field holds
 *
 * Returns: (transfer full) (nullable): @text without surrounding blanks, %NULL when nothing is left
 */
char *
psems_ui_dup_text (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

/* Returns: (nullable): the first problem core found with @field */
const char *
psems_ui_find_problem (GPtrArray  *problems,
                       const char *field)
{
  if (problems == NULL)
    return NULL;
  for (guint i = 0; i < problems->len; i++)
    {
      PsemsFieldProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, field) == 0)
        return problem->message;
    }
  return NULL;
}

/**
 * psems_ui_split_field_error:
 * @fields: the fields the form shows
 * @message: (out): the part of the message after "field: "
 *
 * Core refuses a write with "<field>: <message>", or "<what>: <field>: <message>" (see
 * psems_field_problems_to_error()); a form shows that message next to the field.
 *
 * Returns: (transfer full) (nullable): the field, when it is one of @fields
 */
char *
psems_ui_split_field_error (const GError        *error,
                            const char * const  *fields,
                            const char         **message)
{
  *message = error->message;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *prefix = g_strconcat (fields[i], ": ", NULL);
      g_autofree char *inner = g_strconcat (": ", fields[i], ": ", NULL);
      const char *found;

      if (g_str_has_prefix (error->message, prefix))
        {
          *message = error->message + strlen (prefix);
          return g_strdup (fields[i]);
        }
      found = strstr (error->message, inner);
      if (found != NULL)
        {
          *message = found + strlen (inner);
          return g_strdup (fields[i]);
        }
    }
  return NULL;
}

/**
 * psems_ui_set_field_problem:
 * @field: the row the user types in
 * @problem_row: the #PsemsProblemRow under it
 * @message: (nullable): what is wrong; %NULL when nothing is
 */
void
psems_ui_set_field_problem (GtkWidget  *field,
                            GtkWidget  *problem_row,
                            const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (PSEMS_IS_PROBLEM_ROW (problem_row));

  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
  psems_problem_row_set_message (PSEMS_PROBLEM_ROW (problem_row), message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
  if (message != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                 GTK_ACCESSIBLE_INVALID_TRUE, -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
}
