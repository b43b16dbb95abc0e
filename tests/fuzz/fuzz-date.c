/* fuzz-date.c — libFuzzer: any text through every parser of days, instants, references and ids. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-core.h"
#include "psems-incident.h"
#include "psems-person-private.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-fuzz.h"

/* What a parser accepts prints back as text that parses to the same value; days and dates
 * print back as the very text (their forms are canonical). */

static GTimeZone *oslo;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  psems_fuzz_init ("date");
  oslo = g_time_zone_new_identifier ("Europe/Oslo");
  if (oslo == NULL)
    oslo = g_time_zone_new_utc ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  GDate date;
  PsemsDay day;
  gint64 instant = 0;
  gint64 number = 0;

  if (psems_person_parse_date (text, &date))
    {
      char out[16];

      g_assert_true (g_date_valid (&date));
      psems_person_format_date (&date, out);
      g_assert_cmpstr (out, ==, text);
    }
  g_assert_cmpint (psems_day_text_parse (text, NULL), ==, psems_person_parse_date (text, NULL));

  day = psems_day_parse (text);
  if (day != PSEMS_DAY_NONE)
    {
      g_autofree char *iso = psems_day_format_iso (day);
      g_autofree char *shown = psems_day_format (day);
      GDate back;

      g_assert_cmpstr (iso, ==, text);
      g_assert_nonnull (shown);
      psems_day_to_date (day, &back);
      g_assert_cmpuint (psems_day_from_date (&back), ==, day);
      /* Both day parsers agree on what a day is. */
      g_assert_true (psems_day_text_parse (text, NULL));
    }

  for (guint z = 0; z < 2; z++)
    if (psems_instant_parse (text, z == 0 ? NULL : oslo, &instant))
      {
        g_autofree char *stamp = psems_instant_to_stamp (instant);
        g_autofree char *shown = psems_instant_format (instant, oslo);
        gint64 again = 0;

        /* The stored form parses back to the same instant. */
        g_assert_nonnull (stamp);
        g_assert_true (psems_instant_parse (stamp, oslo, &again));
        g_assert_cmpint (again, ==, instant);
        g_assert_nonnull (shown);
      }

  {
    g_autoptr(GError) error = NULL;

    if (psems_day_text_resolve (text, &date, &error))
      g_assert_true (g_date_valid (&date));
    else
      g_assert_nonnull (error);
  }

  if (psems_sql_parse_id (text, &number))
    g_assert_cmpint (number, >, 0);

  {
    char *prefix = NULL;
    int year = 0;
    gint64 seq = 0;

    if (psems_ref_parse (text, &prefix, &year, &seq))
      {
        g_autofree char *again = psems_ref_format (prefix, year, seq);
        g_autofree char *prefix2 = NULL;
        int year2 = 0;
        gint64 seq2 = 0;

        /* Letter case and extra zeros are forgiven: the formatted reference reads the same. */
        g_assert_true (psems_ref_parse (again, &prefix2, &year2, &seq2));
        g_assert_cmpstr (prefix2, ==, prefix);
        g_assert_cmpint (year2, ==, year);
        g_assert_cmpint (seq2, ==, seq);
      }
    g_free (prefix);
  }
  return 0;
}
