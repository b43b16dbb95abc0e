/* psems-diagram-input.c — what the defence-in-depth diagram is drawn from: a facility's layers, controls and threats. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "psems-diagram.h"
#include "psems-error.h"
#include "psems-facility.h"

PsemsDiagramInput *
psems_diagram_input_new (void)
{
  PsemsDiagramInput *input = g_new0 (PsemsDiagramInput, 1);

  input->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_layer_free);
  input->controls = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_control_free);
  input->threats = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_threat_free);
  input->selected_threats = g_array_new (FALSE, FALSE, sizeof (gint64));
  return input;
}

void
psems_diagram_input_free (PsemsDiagramInput *input)
{
  if (input == NULL)
    return;
  g_free (input->title);
  g_free (input->subtitle);
  g_free (input->as_of);
  g_clear_pointer (&input->layers, g_ptr_array_unref);
  g_clear_pointer (&input->controls, g_ptr_array_unref);
  g_clear_pointer (&input->threats, g_ptr_array_unref);
  g_clear_pointer (&input->selected_threats, g_array_unref);
  g_free (input);
}

/**
 * psems_diagram_input_is_selected:
 *
 * Whether the arrow of @threat_id is drawn.
 */
gboolean
psems_diagram_input_is_selected (const PsemsDiagramInput *input,
                                 gint64                   threat_id)
{
  g_return_val_if_fail (input != NULL, FALSE);

  for (guint i = 0; input->selected_threats != NULL && i < input->selected_threats->len; i++)
    if (g_array_index (input->selected_threats, gint64, i) == threat_id)
      return TRUE;
  return FALSE;
}

void
psems_diagram_input_select_threat (PsemsDiagramInput *input,
                                   gint64             threat_id,
                                   gboolean           selected)
{
  g_return_if_fail (input != NULL);
  g_return_if_fail (input->selected_threats != NULL);

  for (guint i = 0; i < input->selected_threats->len; i++)
    if (g_array_index (input->selected_threats, gint64, i) == threat_id)
      {
        if (!selected)
          g_array_remove_index (input->selected_threats, i);
        return;
      }
  if (selected)
    g_array_append_val (input->selected_threats, threat_id);
}

/* "26 November 2026" in the user's language; the ISO date itself when it does not parse. */
static char *
format_long_date (const char *iso_date)
{
  GDate date;
  char buffer[128];

  g_date_clear (&date, 1);
  g_date_set_parse (&date, iso_date);
  if (!g_date_valid (&date) || g_date_strftime (buffer, sizeof buffer, "%-d %B %Y", &date) == 0)
    return g_strdup (iso_date);
  return g_strdup (buffer);
}

static char *
dup_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

PsemsDiagramInput *
psems_diagram_input_load (PsemsStore  *store,
                          gint64       facility_id,
                          const char  *as_of,
                          GError     **error)
{
  g_autoptr(PsemsDiagramInput) input = NULL;
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(GPtrArray) threats = NULL;
  g_autofree char *long_date = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (facility_id > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  facility = psems_facility_get (store, facility_id, error);
  if (facility == NULL)
    return NULL;
  layers = psems_layer_list (store, facility_id, error);
  if (layers == NULL)
    return NULL;
  controls = psems_control_list (store, facility_id, as_of, error);
  if (controls == NULL)
    return NULL;
  threats = psems_threat_list (store, facility_id, as_of, error);
  if (threats == NULL)
    return NULL;

  input = psems_diagram_input_new ();
  input->as_of = as_of != NULL ? g_strdup (as_of) : dup_today ();
  input->title = g_strdup (facility->name);
  long_date = format_long_date (input->as_of);
  /* TRANSLATORS: the diagram's subtitle; %s is a date such as "26 November 2026" */
  input->subtitle = g_strdup_printf (_("Defence in depth · %s"), long_date);

  /* The lists hand over their records: the input owns them from here. */
  g_ptr_array_extend_and_steal (input->layers, g_steal_pointer (&layers));
  g_ptr_array_extend_and_steal (input->controls, g_steal_pointer (&controls));
  g_ptr_array_extend_and_steal (input->threats, g_steal_pointer (&threats));

  for (guint i = 0; i < input->threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (input->threats, i);

      g_array_append_val (input->selected_threats, threat->id);
    }
  return g_steal_pointer (&input);
}
