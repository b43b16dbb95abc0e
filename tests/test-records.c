/* test-records.c — records as aligned text, JSON and CSV. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "psems-records.h"

static PsemsRecords *
make_sample (void)
{
  PsemsRecords *records = psems_records_new ((const char *[]) { "ref", "name", "count", NULL });

  psems_records_set_kind (records, 2, PSEMS_VALUE_INTEGER);
  psems_records_add_row (records, "FAC-2026-0001", "Quai Nord, \"Terminal\"", "12", NULL);
  psems_records_add_row (records, "FAC-2026-0002", "Κρουαζιέρα", "7", NULL);
  psems_records_add_row (records, "FAC-2026-0003", NULL, "1000", NULL);
  return records;
}

static void
test_text (void)
{
  g_autoptr(PsemsRecords) records = make_sample ();
  g_autofree char *text = psems_records_to_string (records, PSEMS_FORMAT_TEXT);

  g_assert_cmpstr (text, ==,
                   "ref            name                   count\n"
                   "FAC-2026-0001  Quai Nord, \"Terminal\"     12\n"
                   "FAC-2026-0002  Κρουαζιέρα                 7\n"
                   "FAC-2026-0003                          1000\n");
}

static void
test_csv (void)
{
  g_autoptr(PsemsRecords) records = make_sample ();
  g_autofree char *csv = psems_records_to_string (records, PSEMS_FORMAT_CSV);

  g_assert_cmpstr (csv, ==,
                   "ref,name,count\r\n"
                   "FAC-2026-0001,\"Quai Nord, \"\"Terminal\"\"\",12\r\n"
                   "FAC-2026-0002,Κρουαζιέρα,7\r\n"
                   "FAC-2026-0003,,1000\r\n");
}

static void
test_json (void)
{
  g_autoptr(PsemsRecords) records = make_sample ();
  g_autofree char *text = psems_records_to_string (records, PSEMS_FORMAT_JSON);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *first;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Quai Nord, \"Terminal\"");
  g_assert_cmpint (json_object_get_int_member (first, "count"), ==, 12);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (array, 2), "name"));
}

static void
test_keyed_json (void)
{
  g_autoptr(PsemsRecords) records = psems_records_new ((const char *[]) { "entity", "count", NULL });
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  psems_records_set_keyed (records, TRUE);
  psems_records_set_kind (records, 1, PSEMS_VALUE_INTEGER);
  psems_records_add_row (records, "facility", "3", NULL);
  psems_records_add_row (records, "person", "2000", NULL);
  text = psems_records_to_string (records, PSEMS_FORMAT_JSON);
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "facility"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "person"), ==, 2000);
  g_assert_cmpuint (psems_records_get_n_rows (records), ==, 2);
}

static void
test_format_names (void)
{
  PsemsFormat format = PSEMS_FORMAT_TEXT;

  g_assert_true (psems_format_from_string ("csv", &format));
  g_assert_cmpint (format, ==, PSEMS_FORMAT_CSV);
  g_assert_true (psems_format_from_string ("json", &format));
  g_assert_cmpint (format, ==, PSEMS_FORMAT_JSON);
  g_assert_false (psems_format_from_string ("xml", &format));
  g_assert_false (psems_format_from_string (NULL, &format));
  g_assert_cmpint (format, ==, PSEMS_FORMAT_JSON);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/records/text", test_text);
  g_test_add_func ("/records/csv", test_csv);
  g_test_add_func ("/records/json", test_json);
  g_test_add_func ("/records/keyed-json", test_keyed_json);
  g_test_add_func ("/records/format-names", test_format_names);
  return g_test_run ();
}
