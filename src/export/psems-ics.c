/* psems-ics.c — the schedule as iCalendar (RFC 5545, written with libical) for calendar clients. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <stdlib.h>

#include "psems-ics.h"

/* Calendar clients show an all-day event per due date: DTSTART;VALUE=DATE
 * with DTEND the next day (RFC 5545 3.6.1: the end is exclusive). */
static struct icaltimetype
ical_day (PsemsDay day)
{
  struct icaltimetype t = icaltime_null_date ();
  GDate date;

  psems_day_to_date (day, &date);
  t.year = g_date_get_year (&date);
  t.month = g_date_get_month (&date);
  t.day = g_date_get_day (&date);
  return t;
}

static icalcomponent *
item_event (const PsemsScheduleItem *item,
            struct icaltimetype      stamp)
{
  icalcomponent *event = icalcomponent_new_vevent ();
  struct icaltimetype start = ical_day (item->status->due);
  struct icaltimetype end = start;
  g_autofree char *uid = g_strdup_printf ("%s@psems", item->ref);
  g_autofree char *summary = NULL;
  g_autofree char *clock = NULL;
  g_autoptr(GString) description = g_string_new (item->status->explanation);

  icaltime_adjust (&end, 1, 0, 0, 0);
  /* TRANSLATORS: a calendar event's title: the item's title (facility code) */
  summary = g_strdup_printf (_("%s (%s)"), item->title, item->facility_code);

  if (item->rule != NULL && item->status->citation != NULL)
    g_string_append_printf (description, "\n%s — %s", item->rule, item->status->citation);
  else if (item->rule != NULL)
    g_string_append_printf (description, "\n%s", item->rule);
  else
    {
      clock = psems_schedule_describe_clock (item, NULL);
      g_string_append_printf (description, "\n%s", clock);
    }
  if (item->assignee != NULL)
    g_string_append_printf (description, "\n%s %s", _("Assignee:"), item->assignee);
  g_string_append_printf (description, "\n%s", item->ref);

  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (stamp));
  icalcomponent_add_property (event, icalproperty_new_dtstart (start));
  icalcomponent_add_property (event, icalproperty_new_dtend (end));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  icalcomponent_add_property (event, icalproperty_new_description (description->str));
  icalcomponent_add_property (event, icalproperty_new_categories (psems_schedule_kind_label (item->kind)));
  icalcomponent_add_property (event, icalproperty_new_transp (ICAL_TRANSP_TRANSPARENT));
  if (item->rule == NULL && item->interval_months > 0)
    {
      struct icalrecurrencetype recurrence;

      icalrecurrencetype_clear (&recurrence);
      recurrence.freq = ICAL_MONTHLY_RECURRENCE;
      recurrence.interval = (short) item->interval_months;
      icalcomponent_add_property (event, icalproperty_new_rrule (recurrence));
    }
  return event;
}

/**
 * psems_ics_from_schedule:
 * @items: (element-type PsemsScheduleItem): items as psems_schedule_list()
 *   returns them, each with its status
 * @stamp: (nullable): the DTSTAMP of every event; %NULL for now
 *
 * One all-day VEVENT per item with a due date, on that date: UID
 * "<ref>@psems", SUMMARY the title and facility code, DESCRIPTION the
 * explanation, the rule and its citation (or how it recurs), CATEGORIES the
 * kind; an item set by hand every N months recurs (RRULE FREQ=MONTHLY).
 * Items without a due date (a once item done) have no event.
 *
 * Returns: (transfer full): the calendar, lines ending CRLF.
 */
char *
psems_ics_from_schedule (GPtrArray *items,
                         GDateTime *stamp)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) utc = NULL;
  icalcomponent *calendar;
  struct icaltimetype dtstamp;
  char *text;
  char *out;

  g_return_val_if_fail (items != NULL, NULL);

  if (stamp == NULL)
    stamp = now = g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (stamp);
  dtstamp = icaltime_null_time ();
  dtstamp.year = g_date_time_get_year (utc);
  dtstamp.month = g_date_time_get_month (utc);
  dtstamp.day = g_date_time_get_day_of_month (utc);
  dtstamp.hour = g_date_time_get_hour (utc);
  dtstamp.minute = g_date_time_get_minute (utc);
  dtstamp.second = g_date_time_get_second (utc);
  dtstamp.zone = icaltimezone_get_utc_timezone ();

  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//PSeMS//Port security schedule//EN"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));
  icalcomponent_add_property (calendar, icalproperty_new_method (ICAL_METHOD_PUBLISH));

  for (guint i = 0; i < items->len; i++)
    {
      const PsemsScheduleItem *item = g_ptr_array_index (items, i);

      g_return_val_if_fail (item->status != NULL, NULL);
      if (item->status->due != PSEMS_DAY_NONE)
        icalcomponent_add_component (calendar, item_event (item, dtstamp));
    }

  text = icalcomponent_as_ical_string_r (calendar);
  out = g_strdup (text);
  free (text);
  icalcomponent_free (calendar);
  return out;
}
