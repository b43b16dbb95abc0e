/* psems-cli-output.c — what every noun prints and parses alike: records built as JSON, shown as text, JSON or CSV; numbers, days and times. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "psems-cli-output.h"

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *item = node_to_text (json_array_get_element (array, i));

          if (i > 0)
            g_string_append (text, ", ");
          g_string_append (text, item ? item : "");
        }
      return g_strdup (text->str);
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f",
                                          json_node_get_double (node)));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "yes" : "no");
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    default:
      return NULL;
    }
}

static gboolean
is_section (const PsemsCliSection *sections,
            const char    *member)
{
  for (const PsemsCliSection *s = sections; s != NULL && s->member != NULL; s++)
    if (g_str_equal (s->member, member))
      return TRUE;
  return FALSE;
}

static PsemsRecords *
records_from_array (JsonArray          *array,
                    const char * const *columns)
{
  PsemsRecords *records = psems_records_new (columns);
  guint n_columns = g_strv_length ((char **) columns);

  for (guint c = 0; c < n_columns && json_array_get_length (array) > 0; c++)
    {
      JsonObject *row = json_array_get_object_element (array, 0);
      JsonNode *first = json_object_get_member (row, columns[c]);

      if (first != NULL && JSON_NODE_HOLDS_VALUE (first) &&
          json_node_get_value_type (first) == G_TYPE_INT64)
        psems_records_set_kind (records, c, PSEMS_VALUE_INTEGER);
    }
  for (guint r = 0; r < json_array_get_length (array); r++)
    {
      JsonObject *object = json_array_get_object_element (array, r);
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

      for (guint c = 0; c < n_columns; c++)
        g_ptr_array_add (values, node_to_text (json_object_get_member (object, columns[c])));
      psems_records_add_rowv (records, (const char * const *) values->pdata);
    }
  return records;
}

static void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

/* JSON: the object. Text: its fields as name/value lines, then each section
 * under its heading. CSV: the fields only. */
void
psems_cli_print_record (PsemsCli      *cli,
              JsonNode      *root,
              const PsemsCliSection *sections)
{
  JsonObject *object = json_node_get_object (root);
  g_autoptr(PsemsRecords) fields = NULL;
  g_autoptr(GList) members = NULL;

  if (cli->format == PSEMS_FORMAT_JSON)
    {
      print_json (root);
      return;
    }

  fields = psems_records_new ((const char *[]) { "field", "value", NULL });
  psems_records_set_keyed (fields, TRUE);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      g_autofree char *value = NULL;

      if (is_section (sections, l->data))
        continue;
      value = node_to_text (node);
      psems_records_add_row (fields, l->data, value, NULL);
    }
  psems_cli_print (cli, fields);

  for (const PsemsCliSection *s = sections; cli->format == PSEMS_FORMAT_TEXT && s && s->member; s++)
    {
      JsonArray *array = json_object_get_array_member (object, s->member);
      g_autoptr(PsemsRecords) table = NULL;

      printf ("\n%s\n", _(s->heading));
      if (json_array_get_length (array) == 0)
        {
          printf ("%s\n", _("(none)"));
          continue;
        }
      table = records_from_array (array, s->columns);
      psems_cli_print (cli, table);
    }
}

/* Builds the record of @id with @build and prints it; exit 1 when it cannot be built. */
int
psems_cli_show_record (PsemsCli              *cli,
                       PsemsStore            *store,
                       gint64                 id,
                       PsemsCliRecordFunc     build,
                       const PsemsCliSection *sections)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = build (store, id, &error);
  if (root == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_record (cli, root, sections);
  return PSEMS_EXIT_OK;
}

/* After a write: one confirming line, or the record when a format was asked for. */
int
psems_cli_confirm (PsemsCli              *cli,
                   PsemsStore            *store,
                   gint64                 id,
                   PsemsCliRecordFunc     build,
                   const PsemsCliSection *sections,
                   const char            *line)
{
  if (cli->format != PSEMS_FORMAT_TEXT)
    return psems_cli_show_record (cli, store, id, build, sections);
  printf ("%s\n", line);
  return PSEMS_EXIT_OK;
}

/* One row per item, an object @describe fills. JSON: every member of every
 * row. Text and CSV: @columns. */
void
psems_cli_print_list (PsemsCli             *cli,
                      GPtrArray            *items,
                      PsemsCliDescribeFunc  describe,
                      const char * const   *columns)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PsemsRecords) table = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      json_builder_begin_object (builder);
      describe (builder, g_ptr_array_index (items, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  if (cli->format == PSEMS_FORMAT_JSON)
    {
      print_json (root);
      return;
    }
  table = records_from_array (json_node_get_array (root), columns);
  psems_cli_print (cli, table);
}

void
psems_json_add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
psems_json_add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
psems_json_add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* An optional text option's value: an empty value (--owner '') clears the field. */
char *
psems_cli_dup_optional (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/* Adds @field to the comma-separated list of fields an edit changes. */
void
psems_cli_note_changed (GString    *changed,
                        const char *field)
{
  g_return_if_fail (changed != NULL);

  g_string_append_printf (changed, "%s%s", changed->len ? ", " : "", field);
}

/* A whole number (the range is the core's to judge), or FALSE for anything else. */
gboolean
psems_cli_parse_int (const char *text,
           int        *value)
{
  gint64 number;

  if (text == NULL || !(g_ascii_isdigit (*text) || (*text == '-' && g_ascii_isdigit (text[1]))))
    return FALSE;
  if (!g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &number, NULL))
    return FALSE;
  *value = (int) number;
  return TRUE;
}

/* YYYY-MM-DD and a real day; otherwise a usage error naming @option. */
gboolean
psems_cli_parse_day (PsemsCli   *cli,
           const char *option,
           const char *text,
           GDate      *date,
           gboolean   *given,
           int        *status)
{
  guint64 y, m, d;

  *given = text != NULL;
  if (text == NULL)
    return TRUE;
  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-' &&
      g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[5]) && g_ascii_isdigit (text[8]))
    {
      g_auto(GStrv) parts = g_strsplit (text, "-", 3);

      if (g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &y, NULL) &&
          g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) &&
          g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &d, NULL) &&
          g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        {
          g_date_clear (date, 1);
          g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
          return TRUE;
        }
    }
  *status = psems_cli_usage_error (cli, _("%s: “%s” is not a day written YYYY-MM-DD"),
                                   option, text);
  return FALSE;
}

/* ISO 8601 date and time; without a zone it is local time. */
gboolean
psems_cli_parse_time (const char  *option,
            const char  *text,
            GDateTime  **time,
            PsemsCli    *cli,
            int         *status)
{
  g_autoptr(GTimeZone) local = NULL;

  if (text == NULL)
    return TRUE;
  local = g_time_zone_new_local ();
  *time = g_date_time_new_from_iso8601 (text, local);
  if (*time == NULL)
    {
      *status = psems_cli_usage_error (cli, _("%s: “%s” is not a date and time written "
                                              "YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]"), option, text);
      return FALSE;
    }
  return TRUE;
}
