/* psems-records.c — records to text (aligned columns), JSON (json-glib) and CSV (RFC 4180). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-records.h"

struct _PsemsRecords
{
  GStrv columns;
  guint n_columns;
  PsemsValueKind *kinds;
  GPtrArray *rows;      /* GStrv, n_columns values each; NULL values allowed */
  gboolean keyed;
};

PsemsRecords *
psems_records_new (const char * const *columns)
{
  PsemsRecords *self;

  g_return_val_if_fail (columns != NULL && columns[0] != NULL, NULL);

  self = g_new0 (PsemsRecords, 1);
  self->columns = g_strdupv ((char **) columns);
  self->n_columns = g_strv_length (self->columns);
  self->kinds = g_new0 (PsemsValueKind, self->n_columns);
  self->rows = g_ptr_array_new ();
  return self;
}

void
psems_records_free (PsemsRecords *self)
{
  if (self == NULL)
    return;
  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        g_free (row[c]);
      g_free (row);
    }
  g_ptr_array_unref (self->rows);
  g_strfreev (self->columns);
  g_free (self->kinds);
  g_free (self);
}

void
psems_records_set_kind (PsemsRecords   *self,
                        guint           column,
                        PsemsValueKind  kind)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column < self->n_columns);
  self->kinds[column] = kind;
}

/**
 * psems_records_set_keyed:
 *
 * A keyed table has two columns, a name and a value; JSON writes it as one
 * object (`{"facility": 3, …}`) rather than an array of rows.
 */
void
psems_records_set_keyed (PsemsRecords *self,
                         gboolean      keyed)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!keyed || self->n_columns == 2);
  self->keyed = keyed;
}

void
psems_records_add_rowv (PsemsRecords       *self,
                        const char * const *values)
{
  char **row;

  g_return_if_fail (self != NULL);
  g_return_if_fail (values != NULL);

  row = g_new0 (char *, self->n_columns);
  for (guint c = 0; c < self->n_columns; c++)
    row[c] = g_strdup (values[c]);
  g_ptr_array_add (self->rows, row);
}

void
psems_records_add_row (PsemsRecords *self,
                       const char   *first_value,
                       ...)
{
  g_autofree const char **values = NULL;
  va_list args;

  g_return_if_fail (self != NULL);

  values = g_new0 (const char *, self->n_columns);
  values[0] = first_value;
  va_start (args, first_value);
  for (guint c = 1; c < self->n_columns; c++)
    values[c] = va_arg (args, const char *);
  va_end (args);
  psems_records_add_rowv (self, values);
}

guint
psems_records_get_n_rows (PsemsRecords *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows->len;
}

static void
write_text (PsemsRecords *self,
            GString      *out)
{
  g_autofree glong *widths = g_new0 (glong, self->n_columns);

  for (guint c = 0; c < self->n_columns; c++)
    widths[c] = g_utf8_strlen (self->columns[c], -1);
  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        widths[c] = MAX (widths[c], row[c] ? g_utf8_strlen (row[c], -1) : 0);
    }

  for (gint r = self->keyed ? 0 : -1; r < (gint) self->rows->len; r++)
    {
      char **row = r < 0 ? self->columns : g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        {
          const char *value = row[c] ? row[c] : "";
          glong pad = widths[c] - g_utf8_strlen (value, -1);
          gboolean last = c + 1 == self->n_columns;

          if (self->kinds[c] == PSEMS_VALUE_INTEGER && r >= 0 && !self->keyed)
            {
              for (glong i = 0; i < pad; i++)
                g_string_append_c (out, ' ');
              g_string_append (out, value);
            }
          else
            {
              g_string_append (out, value);
              for (glong i = 0; !last && i < pad; i++)
                g_string_append_c (out, ' ');
            }
          if (!last)
            g_string_append (out, "  ");
        }
      g_string_append_c (out, '\n');
    }
}

static void
add_json_value (JsonBuilder    *builder,
                PsemsValueKind  kind,
                const char     *value)
{
  gint64 number;

  if (value == NULL)
    json_builder_add_null_value (builder);
  else if (kind == PSEMS_VALUE_INTEGER && g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, NULL))
    json_builder_add_int_value (builder, number);
  else
    json_builder_add_string_value (builder, value);
}

static void
write_json (PsemsRecords *self,
            GString      *out)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (self->keyed)
    {
      json_builder_begin_object (builder);
      for (guint r = 0; r < self->rows->len; r++)
        {
          char **row = g_ptr_array_index (self->rows, r);

          json_builder_set_member_name (builder, row[0] ? row[0] : "");
          add_json_value (builder, self->kinds[1], row[1]);
        }
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_begin_array (builder);
      for (guint r = 0; r < self->rows->len; r++)
        {
          char **row = g_ptr_array_index (self->rows, r);

          json_builder_begin_object (builder);
          for (guint c = 0; c < self->n_columns; c++)
            {
              json_builder_set_member_name (builder, self->columns[c]);
              add_json_value (builder, self->kinds[c], row[c]);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

static void
append_csv_field (GString    *out,
                  const char *value)
{
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
write_csv (PsemsRecords *self,
           GString      *out)
{
  for (gint r = -1; r < (gint) self->rows->len; r++)
    {
      char **row = r < 0 ? self->columns : g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_csv_field (out, row[c]);
        }
      g_string_append (out, "\r\n");
    }
}

char *
psems_records_to_string (PsemsRecords *self,
                         PsemsFormat   format)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  switch (format)
    {
    case PSEMS_FORMAT_TEXT: write_text (self, out); break;
    case PSEMS_FORMAT_JSON: write_json (self, out); break;
    case PSEMS_FORMAT_CSV:  write_csv (self, out); break;
    default: g_assert_not_reached ();
    }
  return g_string_free (out, FALSE);
}

gboolean
psems_format_from_string (const char  *text,
                          PsemsFormat *format)
{
  static const char * const names[] = { "text", "json", "csv" };

  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      {
        *format = (PsemsFormat) i;
        return TRUE;
      }
  return FALSE;
}
