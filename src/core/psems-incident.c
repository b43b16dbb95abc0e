/* psems-incident.c — incidents, their reporting clocks (NIS2 Art. 23, 33 CFR 101 subpart F) and lessons learned. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "psems-error.h"
#include "psems-evidence.h"
#include "psems-finding.h"
#include "psems-incident.h"
#include "psems-ref.h"
#include "psems-store-private.h"
#include "psems-transaction.h"

/*
 * Field names in problems and refusals, as the schema spells them:
 * facility_id, occurred_at, aware_at, time_zone, kind, title,
 * security_level, failed_controls, worked_controls, early_warning_sent_at,
 * notification_sent_at, final_report_sent_at, closed_on, status; lessons:
 * incident_id, completion_id, text, plan_element_id, implemented_on.
 *
 * Instants are stored in UTC and shown in the incident's time zone (an IANA
 * name, checked with g_time_zone_new_identifier()); typed without an offset
 * they are wall-clock times there. No instant lies in the future and
 * awareness never comes before the occurrence. A report's sending lies
 * between awareness and now; the final report follows the notification.
 *
 * The schema keeps no instant for the report to the National Response Center
 * (33 CFR 101 subpart F): its clock is shown, due from awareness, but its
 * sending cannot be recorded (psems_incident_record_report() says so).
 */

static const char * const kind_ids[] = {
  "unauthorized-access", "intrusion", "suspicious-item", "suspicious-behaviour", "stowaway", "theft",
  "cargo-tampering", "bomb-threat", "cyber", "ssas-alert", "see-say-act", "other", NULL
};
static const char * const kind_labels[] = {
  N_("Unauthorized access"), N_("Intrusion"), N_("Suspicious item"), N_("Suspicious behaviour"),
  N_("Stowaway"), N_("Theft"), N_("Cargo tampering"), N_("Bomb threat"), N_("Cyber incident"),
  N_("Ship security alert"), N_("See-Say-Act report"), N_("Other")
};
static const char * const lesson_status_ids[] = { "open", "in-progress", "implemented", NULL };
static const char * const lesson_status_labels[] = { N_("Open"), N_("In progress"), N_("Implemented") };

G_STATIC_ASSERT (G_N_ELEMENTS (kind_ids) == G_N_ELEMENTS (kind_labels) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (lesson_status_ids) == G_N_ELEMENTS (lesson_status_labels) + 1);

static const struct
{
  const char *id;
  const char *label;
  const char *citation;
  const char *column;     /* where its sending is kept; NULL: nowhere yet */
} report_kinds[] = {
  { "early-warning", N_("Early warning"), "NIS2 Art. 23(4)(a)", "early_warning_sent_at" },
  { "notification", N_("Incident notification"), "NIS2 Art. 23(4)(b)", "notification_sent_at" },
  { "final-report", N_("Final report"), "NIS2 Art. 23(4)(d)", "final_report_sent_at" },
  { "nrc", N_("Report to the National Response Center"), "33 CFR 101 subpart F", "nrc_reported_at" },
};

static const char * const report_state_ids[] = {
  "not-due", "due", "overdue", "sent-on-time", "sent-late", "sent"
};
static const char * const report_state_labels[] = {
  N_("Not due"), N_("Due"), N_("Overdue"), N_("Sent on time"), N_("Sent late"), N_("Sent")
};

G_STATIC_ASSERT (G_N_ELEMENTS (report_kinds) == PSEMS_REPORT_NRC + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (report_state_ids) == PSEMS_REPORT_SENT + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (report_state_labels) == PSEMS_REPORT_SENT + 1);

#define HOUR ((gint64) 3600)

/* ───────────────────────────── enumerations ───────────────────────────── */

const char * const *
psems_incident_kinds (void)
{
  return kind_ids;
}

const char *
psems_incident_kind_label (const char *kind)
{
  int i = psems_sql_find_name (kind_ids, G_N_ELEMENTS (kind_ids) - 1, kind);

  return i >= 0 ? _(kind_labels[i]) : NULL;
}

const char * const *
psems_lesson_statuses (void)
{
  return lesson_status_ids;
}

const char *
psems_lesson_status_label (const char *status)
{
  int i = psems_sql_find_name (lesson_status_ids, G_N_ELEMENTS (lesson_status_ids) - 1, status);

  return i >= 0 ? _(lesson_status_labels[i]) : NULL;
}

const char *
psems_report_kind_to_string (PsemsReportKind kind)
{
  g_return_val_if_fail ((guint) kind <= PSEMS_REPORT_NRC, NULL);
  return report_kinds[kind].id;
}

gboolean
psems_report_kind_from_string (const char      *text,
                               PsemsReportKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (report_kinds); i++)
    if (g_str_equal (text, report_kinds[i].id))
      {
        *kind = (PsemsReportKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
psems_report_kind_label (PsemsReportKind kind)
{
  g_return_val_if_fail ((guint) kind <= PSEMS_REPORT_NRC, NULL);
  return _(report_kinds[kind].label);
}

const char *
psems_report_kind_citation (PsemsReportKind kind)
{
  g_return_val_if_fail ((guint) kind <= PSEMS_REPORT_NRC, NULL);
  return report_kinds[kind].citation;
}

const char *
psems_report_state_to_string (PsemsReportState state)
{
  g_return_val_if_fail ((guint) state <= PSEMS_REPORT_SENT, NULL);
  return report_state_ids[state];
}

const char *
psems_report_state_label (PsemsReportState state)
{
  g_return_val_if_fail ((guint) state <= PSEMS_REPORT_SENT, NULL);
  return _(report_state_labels[state]);
}

gboolean
psems_report_state_is_open (PsemsReportState state)
{
  return state == PSEMS_REPORT_DUE || state == PSEMS_REPORT_OVERDUE;
}

/* ───────────────────────────── instants ───────────────────────────── */

gboolean
psems_instant_parse (const char *text,
                     GTimeZone  *zone,
                     gint64     *instant)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GTimeZone) utc = NULL;

  g_return_val_if_fail (instant != NULL, FALSE);

  if (text == NULL || strlen (text) < 16 || !g_ascii_isdigit (text[0]))
    return FALSE;
  if (zone == NULL)
    zone = utc = g_time_zone_new_utc ();
  /* GLib wants the seconds; people write 14:05. */
  if (strlen (text) >= 16 && (text[10] == 'T' || text[10] == 't' || text[10] == ' ') && text[13] == ':' &&
      text[16] != ':')
    {
      g_autofree char *with_seconds = g_strdup_printf ("%.16s:00%s", text, text + 16);

      time = g_date_time_new_from_iso8601 (with_seconds, zone);
    }
  else
    time = g_date_time_new_from_iso8601 (text, zone);
  if (time == NULL)
    return FALSE;
  *instant = g_date_time_to_unix (time);
  return TRUE;
}

char *
psems_instant_to_stamp (gint64 instant)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (instant);

  if (time == NULL)
    return NULL;
  /* Four-digit years always (g_date_time_format's %Y writes 26 for the year 26), so every stamp
   * parses back (fuzz-date checks it). */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", g_date_time_get_year (time),
                          g_date_time_get_month (time), g_date_time_get_day_of_month (time),
                          g_date_time_get_hour (time), g_date_time_get_minute (time),
                          g_date_time_get_second (time));
}

char *
psems_instant_format (gint64     instant,
                      GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) fallback = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  if (zone == NULL)
    zone = fallback = g_time_zone_new_utc ();
  local = g_date_time_to_timezone (utc, zone);
  /* xgettext:no-c-format */
  /* TRANSLATORS: an instant as g_date_time_format() writes it: "27 Nov 2026 14:05 CET" */
  return g_date_time_format (local, _("%-d %b %Y %H:%M %Z"));
}

char *
psems_duration_format (gint64 seconds)
{
  /* Rounded up: one second late is a minute late, never "0 min". */
  gint64 minutes = (ABS (seconds) + 59) / 60;
  int days = (int) (minutes / (24 * 60));
  int hours = (int) (minutes / 60 % 24);
  int mins = (int) (minutes % 60);

  if (days > 0)
    {
      g_autofree char *d = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong) days),
                                            days);

      if (hours == 0)
        return g_steal_pointer (&d);
      /* TRANSLATORS: days, then hours: "2 days 4 h" */
      return g_strdup_printf (_("%s %d h"), d, hours);
    }
  if (hours > 0)
    {
      if (mins == 0)
        return g_strdup_printf (_("%d h"), hours);
      return g_strdup_printf (_("%d h %d min"), hours, mins);
    }
  return g_strdup_printf (_("%d min"), mins);
}

/* ───────────────────────────── clocks ───────────────────────────── */

/* The notification plus one calendar month in @zone, clamped to the month's end. */
static gint64
one_month_after (gint64     instant,
                 GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GTimeZone) fallback = NULL;

  if (zone == NULL)
    zone = fallback = g_time_zone_new_utc ();
  local = g_date_time_to_timezone (utc, zone);
  later = g_date_time_add_months (local, 1);
  return g_date_time_to_unix (later);
}

/**
 * psems_report_clock_evaluate:
 *
 * Judges one reporting clock as of @as_of (see the header for the rules).
 * @sent or @notified after @as_of count as not sent yet.
 */
void
psems_report_clock_evaluate (PsemsReportKind   kind,
                             GTimeZone        *zone,
                             gint64            aware,
                             gint64            notified,
                             gint64            sent,
                             gint64            as_of,
                             PsemsReportClock *clock)
{
  g_return_if_fail (clock != NULL);
  g_return_if_fail ((guint) kind <= PSEMS_REPORT_NRC);

  if (sent != PSEMS_INSTANT_NONE && sent > as_of)
    sent = PSEMS_INSTANT_NONE;
  if (notified != PSEMS_INSTANT_NONE && notified > as_of)
    notified = PSEMS_INSTANT_NONE;

  clock->kind = kind;
  clock->aware = aware;
  clock->sent = sent;
  clock->as_of = as_of;
  clock->margin = 0;
  switch (kind)
    {
    case PSEMS_REPORT_EARLY_WARNING:
      clock->due = aware + 24 * HOUR;
      break;
    case PSEMS_REPORT_NOTIFICATION:
      clock->due = aware + 72 * HOUR;
      break;
    case PSEMS_REPORT_FINAL_REPORT:
      clock->due = notified != PSEMS_INSTANT_NONE ? one_month_after (notified, zone) : PSEMS_INSTANT_NONE;
      break;
    case PSEMS_REPORT_NRC:
    default:
      clock->due = aware;
      break;
    }

  if (kind == PSEMS_REPORT_NRC)
    {
      if (sent != PSEMS_INSTANT_NONE)
        {
          clock->state = PSEMS_REPORT_SENT;
          clock->margin = MAX (0, sent - aware);
        }
      else if (as_of >= aware)
        {
          clock->state = PSEMS_REPORT_OVERDUE;
          clock->margin = as_of - aware;
        }
      else
        clock->state = PSEMS_REPORT_NOT_DUE;
      return;
    }

  if (sent != PSEMS_INSTANT_NONE && clock->due != PSEMS_INSTANT_NONE)
    {
      clock->state = sent <= clock->due ? PSEMS_REPORT_SENT_ON_TIME : PSEMS_REPORT_SENT_LATE;
      clock->margin = MAX (0, sent - clock->due);
    }
  else if (sent != PSEMS_INSTANT_NONE)
    /* A final report with no notification before it: nothing to judge it against. */
    clock->state = PSEMS_REPORT_SENT;
  else if (as_of < aware || clock->due == PSEMS_INSTANT_NONE)
    clock->state = PSEMS_REPORT_NOT_DUE;
  else if (as_of <= clock->due)
    {
      clock->state = PSEMS_REPORT_DUE;
      clock->margin = clock->due - as_of;
    }
  else
    {
      clock->state = PSEMS_REPORT_OVERDUE;
      clock->margin = as_of - clock->due;
    }
}

static const char *
rule_text (PsemsReportKind kind)
{
  switch (kind)
    {
    case PSEMS_REPORT_EARLY_WARNING:
      return _("within 24 h of awareness");
    case PSEMS_REPORT_NOTIFICATION:
      return _("within 72 h of awareness");
    case PSEMS_REPORT_FINAL_REPORT:
      return _("within one month of the notification");
    case PSEMS_REPORT_NRC:
    default:
      return _("without delay");
    }
}

/**
 * psems_report_clock_explain:
 *
 * Returns: (transfer full): one translated sentence: what is due by when,
 * under which rule, and where it stands.
 */
char *
psems_report_clock_explain (const PsemsReportClock *clock,
                            GTimeZone              *zone)
{
  const char *label, *rule, *citation;
  g_autofree char *due = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *aware = NULL;
  g_autofree char *margin = NULL;
  g_autofree char *as_of = NULL;

  g_return_val_if_fail (clock != NULL, NULL);

  label = psems_report_kind_label (clock->kind);
  rule = rule_text (clock->kind);
  citation = psems_report_kind_citation (clock->kind);
  aware = psems_instant_format (clock->aware, zone);
  margin = psems_duration_format (clock->margin);
  if (clock->due != PSEMS_INSTANT_NONE)
    due = psems_instant_format (clock->due, zone);
  if (clock->sent != PSEMS_INSTANT_NONE)
    sent = psems_instant_format (clock->sent, zone);

  if (clock->kind == PSEMS_REPORT_NRC)
    switch (clock->state)
      {
      case PSEMS_REPORT_SENT:
        /* TRANSLATORS: "Report to the National Response Center without delay after awareness at <instant>
         * (33 CFR 101 subpart F) — sent <instant>, 2 h after awareness" */
        return g_strdup_printf (_("%s without delay after awareness at %s (%s) — sent %s, %s after awareness"),
                                label, aware, citation, sent, margin);
      case PSEMS_REPORT_OVERDUE:
        return g_strdup_printf (_("%s without delay after awareness at %s (%s) — not sent, %s since "
                                  "awareness"), label, aware, citation, margin);
      default:
        as_of = psems_instant_format (clock->as_of, zone);
        return g_strdup_printf (_("%s without delay after awareness at %s (%s) — not yet due as of %s"),
                                label, aware, citation, as_of);
      }

  switch (clock->state)
    {
    case PSEMS_REPORT_DUE:
      /* TRANSLATORS: "Early warning due by <instant> (within 24 h of awareness, NIS2 Art. 23(4)(a)) — 3 h left" */
      return g_strdup_printf (_("%s due by %s (%s, %s) — %s left"), label, due, rule, citation, margin);
    case PSEMS_REPORT_OVERDUE:
      return g_strdup_printf (_("%s due by %s (%s, %s) — overdue by %s"), label, due, rule, citation, margin);
    case PSEMS_REPORT_SENT_ON_TIME:
      return g_strdup_printf (_("%s due by %s (%s, %s) — sent %s, on time"), label, due, rule, citation, sent);
    case PSEMS_REPORT_SENT_LATE:
      return g_strdup_printf (_("%s due by %s (%s, %s) — sent %s, late by %s"), label, due, rule, citation,
                              sent, margin);
    case PSEMS_REPORT_SENT:
      return g_strdup_printf (_("%s (%s, %s) — sent %s"), label, rule, citation, sent);
    case PSEMS_REPORT_NOT_DUE:
    default:
      as_of = psems_instant_format (clock->as_of, zone);
      if (clock->as_of < clock->aware)
        return g_strdup_printf (_("%s (%s, %s) — not yet due: the clock starts at awareness, %s"), label,
                                rule, citation, aware);
      return g_strdup_printf (_("%s (%s, %s) — not yet due: the notification has not been sent as of %s"),
                              label, rule, citation, as_of);
    }
}

/* ───────────────────────────── values ───────────────────────────── */

PsemsIncident *
psems_incident_new (void)
{
  PsemsIncident *incident = g_new0 (PsemsIncident, 1);

  incident->status = g_strdup ("open");
  return incident;
}

void
psems_incident_free (PsemsIncident *incident)
{
  if (incident == NULL)
    return;
  g_free (incident->ref);
  g_free (incident->occurred_at);
  g_free (incident->aware_at);
  g_free (incident->time_zone);
  g_free (incident->location);
  g_free (incident->kind);
  g_free (incident->title);
  g_free (incident->description);
  g_free (incident->reported_by);
  g_free (incident->reported_to);
  g_free (incident->response);
  g_clear_pointer (&incident->failed_control_ids, g_array_unref);
  g_clear_pointer (&incident->worked_control_ids, g_array_unref);
  g_free (incident->early_warning_sent_at);
  g_free (incident->notification_sent_at);
  g_free (incident->final_report_sent_at);
  g_free (incident->nrc_reported_at);
  g_free (incident->status);
  g_free (incident->closed_on);
  g_free (incident->created_at);
  g_free (incident->updated_at);
  g_free (incident->deleted_at);
  g_clear_pointer (&incident->clocks, g_array_unref);
  g_free (incident);
}

void
psems_incident_control_free (PsemsIncidentControl *control)
{
  if (control == NULL)
    return;
  g_free (control->control_ref);
  g_free (control->name);
  g_free (control->layer_name);
  g_free (control->outcome);
  g_free (control);
}

void
psems_lesson_free (PsemsLesson *lesson)
{
  if (lesson == NULL)
    return;
  g_free (lesson->ref);
  g_free (lesson->text);
  g_free (lesson->status);
  g_free (lesson->implemented_on);
  g_free (lesson->created_at);
  g_free (lesson->updated_at);
  g_free (lesson->incident_ref);
  g_free (lesson->completion_ref);
  g_free (lesson->finding_ref);
  g_free (lesson->finding_status);
  g_free (lesson->finding_owner);
  g_free (lesson->finding_due_on);
  g_free (lesson->plan_ref);
  g_free (lesson->plan_element_key);
  g_free (lesson->plan_element_title);
  g_free (lesson);
}

static GArray *
id_array_copy (const GArray *ids)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (ids != NULL)
    g_array_append_vals (copy, ids->data, ids->len);
  return copy;
}

/* ───────────────────────────── days ───────────────────────────── */

/* The local day of @instant in @zone, "YYYY-MM-DD". */
static char *
day_in_zone (gint64     instant,
             GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, "%Y-%m-%d");
}

/* The zone named @identifier, or NULL when it is no IANA name GLib knows
 * (a bare offset such as "+01:00" is refused: it knows no daylight saving). */
static GTimeZone *
zone_new (const char *identifier)
{
  if (identifier == NULL || !g_ascii_isalpha (*identifier))
    return NULL;
  return g_time_zone_new_identifier (identifier);
}

/* The zone of a stored incident: its own, UTC when it no longer parses. */
static GTimeZone *
incident_zone (const PsemsIncident *incident)
{
  GTimeZone *zone = zone_new (incident->time_zone);

  return zone != NULL ? zone : g_time_zone_new_utc ();
}

static gint64
stamp_instant (const char *stamp)
{
  gint64 instant;

  return stamp != NULL && psems_instant_parse (stamp, NULL, &instant) ? instant : PSEMS_INSTANT_NONE;
}

/* ───────────────────────────── reading ───────────────────────────── */

#define INCIDENT_COLUMNS \
  "SELECT i.id, i.ref, i.facility_id, i.occurred_at, i.aware_at, i.time_zone, i.location, i.kind," \
  " i.title, i.description, i.security_level, i.reported_by, i.reported_to, i.response, i.significant," \
  " i.cyber_reportable, i.early_warning_sent_at, i.notification_sent_at, i.final_report_sent_at," \
  " i.status, i.closed_on, i.created_at, i.updated_at, i.deleted_at," \
  " (SELECT count(*) FROM incident_evidence ie WHERE ie.incident_id = i.id)," \
  " (SELECT count(*) FROM lesson l WHERE l.incident_id = i.id AND l.deleted_at IS NULL)," \
  " (SELECT count(*) FROM lesson l WHERE l.incident_id = i.id AND l.deleted_at IS NULL" \
  "   AND l.status <> 'implemented')," \
  " i.nrc_reported_at" \
  " FROM incident i"

static PsemsIncident *
incident_from_row (sqlite3_stmt *stmt)
{
  PsemsIncident *i = g_new0 (PsemsIncident, 1);

  i->id = sqlite3_column_int64 (stmt, 0);
  i->ref = psems_sql_dup_column (stmt, 1);
  i->facility_id = sqlite3_column_int64 (stmt, 2);
  i->occurred_at = psems_sql_dup_column (stmt, 3);
  i->aware_at = psems_sql_dup_column (stmt, 4);
  i->time_zone = psems_sql_dup_column (stmt, 5);
  i->location = psems_sql_dup_column (stmt, 6);
  i->kind = psems_sql_dup_column (stmt, 7);
  i->title = psems_sql_dup_column (stmt, 8);
  i->description = psems_sql_dup_column (stmt, 9);
  i->security_level = sqlite3_column_int (stmt, 10);
  i->reported_by = psems_sql_dup_column (stmt, 11);
  i->reported_to = psems_sql_dup_column (stmt, 12);
  i->response = psems_sql_dup_column (stmt, 13);
  i->significant = sqlite3_column_int (stmt, 14) != 0;
  i->cyber_reportable = sqlite3_column_int (stmt, 15) != 0;
  i->early_warning_sent_at = psems_sql_dup_column (stmt, 16);
  i->notification_sent_at = psems_sql_dup_column (stmt, 17);
  i->final_report_sent_at = psems_sql_dup_column (stmt, 18);
  i->status = psems_sql_dup_column (stmt, 19);
  i->closed_on = psems_sql_dup_column (stmt, 20);
  i->created_at = psems_sql_dup_column (stmt, 21);
  i->updated_at = psems_sql_dup_column (stmt, 22);
  i->deleted_at = psems_sql_dup_column (stmt, 23);
  i->n_evidence = sqlite3_column_int (stmt, 24);
  i->n_lessons = sqlite3_column_int (stmt, 25);
  i->n_open_lessons = sqlite3_column_int (stmt, 26);
  i->nrc_reported_at = psems_sql_dup_column (stmt, 27);
  return i;
}

/* The clocks that apply to @i, judged at @as_of. */
static void
incident_derive (PsemsIncident *i,
                 gint64         as_of)
{
  g_autoptr(GTimeZone) zone = incident_zone (i);
  gint64 aware = stamp_instant (i->aware_at);
  gint64 notified = stamp_instant (i->notification_sent_at);
  PsemsReportClock clock;

  g_clear_pointer (&i->clocks, g_array_unref);
  i->clocks = g_array_new (FALSE, TRUE, sizeof (PsemsReportClock));
  i->as_of = as_of;
  i->n_open_clocks = 0;
  i->n_overdue_clocks = 0;
  if (i->significant)
    {
      psems_report_clock_evaluate (PSEMS_REPORT_EARLY_WARNING, zone, aware, notified,
                                   stamp_instant (i->early_warning_sent_at), as_of, &clock);
      g_array_append_val (i->clocks, clock);
      psems_report_clock_evaluate (PSEMS_REPORT_NOTIFICATION, zone, aware, notified, notified, as_of, &clock);
      g_array_append_val (i->clocks, clock);
      psems_report_clock_evaluate (PSEMS_REPORT_FINAL_REPORT, zone, aware, notified,
                                   stamp_instant (i->final_report_sent_at), as_of, &clock);
      g_array_append_val (i->clocks, clock);
    }
  if (i->cyber_reportable)
    {
      psems_report_clock_evaluate (PSEMS_REPORT_NRC, zone, aware, PSEMS_INSTANT_NONE,
                                   stamp_instant (i->nrc_reported_at), as_of, &clock);
      g_array_append_val (i->clocks, clock);
    }
  for (guint k = 0; k < i->clocks->len; k++)
    {
      PsemsReportState state = g_array_index (i->clocks, PsemsReportClock, k).state;

      i->n_open_clocks += psems_report_state_is_open (state) ? 1 : 0;
      i->n_overdue_clocks += state == PSEMS_REPORT_OVERDUE ? 1 : 0;
    }
}

/* Reads the control sets of @i from incident_control. */
static gboolean
incident_read_controls (PsemsStore     *store,
                        PsemsIncident  *i,
                        GError        **error)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT control_id, outcome FROM incident_control WHERE incident_id = ?1"
                         " ORDER BY control_id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_clear_pointer (&i->failed_control_ids, g_array_unref);
  g_clear_pointer (&i->worked_control_ids, g_array_unref);
  i->failed_control_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  i->worked_control_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_int64 (stmt, 1, i->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (g_str_equal ((const char *) sqlite3_column_text (stmt, 1), "failed"))
        g_array_append_val (i->failed_control_ids, id);
      else
        g_array_append_val (i->worked_control_ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      psems_store_set_sqlite_error (store, error, "incident_control");
      return FALSE;
    }
  return TRUE;
}

static PsemsIncident *
incident_lookup (PsemsStore  *store,
                 gint64       id,
                 GError     **error)
{
  g_autoptr(PsemsIncident) incident =
    psems_sql_get_row (store, INCIDENT_COLUMNS " WHERE i.id = ?1", id, (PsemsRowFunc) incident_from_row,
                       "incident", error, _("There is no incident with id %lld"), (long long) id);

  if (incident == NULL || !incident_read_controls (store, incident, error))
    return NULL;
  return g_steal_pointer (&incident);
}

/* The instant @as_of names (NULL: now); text without an offset is read in @zone. */
static gboolean
resolve_as_of (const char  *as_of,
               GTimeZone   *zone,
               gint64      *instant,
               GError     **error)
{
  if (as_of == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      *instant = g_date_time_to_unix (now);
      return TRUE;
    }
  if (!psems_instant_parse (as_of, zone, instant))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is not a date and time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])"), as_of);
      return FALSE;
    }
  return TRUE;
}

/**
 * psems_incident_get:
 * @as_of: (nullable): the instant the clocks are judged at; without an
 *   offset, wall-clock time in the incident's zone; %NULL: now
 *
 * Returns: (transfer full): the incident (deleted or not) with its controls
 * and clocks, or %NULL with @error set.
 */
PsemsIncident *
psems_incident_get (PsemsStore  *store,
                    gint64       id,
                    const char  *as_of,
                    GError     **error)
{
  g_autoptr(PsemsIncident) incident = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  gint64 when;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  incident = incident_lookup (store, id, error);
  if (incident == NULL)
    return NULL;
  zone = incident_zone (incident);
  if (!resolve_as_of (as_of, zone, &when, error))
    return NULL;
  incident_derive (incident, when);
  return g_steal_pointer (&incident);
}

/**
 * psems_incident_list:
 * @filter: (nullable): which incidents; %NULL: every live one, clocks as of now
 *
 * Returns: (transfer full) (element-type PsemsIncident): live incidents,
 * latest occurrence first; the period's days are read in each incident's
 * own zone; @as_of without an offset is UTC.
 */
GPtrArray *
psems_incident_list (PsemsStore                *store,
                     const PsemsIncidentFilter *filter,
                     GError                   **error)
{
  static const PsemsIncidentFilter all = { 0 };
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *incidents;
  GDate day;
  gint64 when;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter == NULL)
    filter = &all;
  if (!resolve_as_of (filter->as_of, NULL, &when, error))
    return NULL;
  if (filter->kind != NULL && !g_strv_contains (kind_ids, filter->kind))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) kind_ids);

      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("“%s” is not an incident kind (one of %s)"),
                   filter->kind, list);
      return NULL;
    }
  if ((filter->from != NULL && !psems_day_text_parse (filter->from, &day)) ||
      (filter->to != NULL && !psems_day_text_parse (filter->to, &day)))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("“%s” is not a date (YYYY-MM-DD)"),
                   filter->from != NULL && !psems_day_text_parse (filter->from, &day) ? filter->from
                                                                                     : filter->to);
      return NULL;
    }

  stmt = psems_store_prepare (store,
                              INCIDENT_COLUMNS " WHERE i.deleted_at IS NULL AND (?1 = 0 OR i.facility_id = ?1)"
                              " AND (?2 IS NULL OR i.kind = ?2) ORDER BY i.occurred_at DESC, i.ref DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, filter->facility_id);
  psems_sql_bind_text (stmt, 2, filter->kind);
  rows = psems_sql_collect_rows (store, stmt, (PsemsRowFunc) incident_from_row,
                                 (GDestroyNotify) psems_incident_free, "incident", error);
  if (rows == NULL)
    return NULL;

  incidents = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_incident_free);
  for (guint k = 0; k < rows->len; k++)
    {
      PsemsIncident *i = g_ptr_array_index (rows, k);
      g_autoptr(GTimeZone) zone = incident_zone (i);
      g_autofree char *occurred = day_in_zone (stamp_instant (i->occurred_at), zone);

      if ((filter->from != NULL && strcmp (occurred, filter->from) < 0) ||
          (filter->to != NULL && strcmp (occurred, filter->to) > 0))
        continue;
      incident_derive (i, when);
      if (filter->open_clocks && i->n_open_clocks == 0)
        continue;
      if (!incident_read_controls (store, i, error))
        {
          g_ptr_array_unref (incidents);
          return NULL;
        }
      g_ptr_array_add (incidents, g_steal_pointer (&rows->pdata[k]));
    }
  return incidents;
}

static PsemsIncidentControl *
incident_control_from_row (sqlite3_stmt *stmt)
{
  PsemsIncidentControl *c = g_new0 (PsemsIncidentControl, 1);

  c->control_id = sqlite3_column_int64 (stmt, 0);
  c->control_ref = psems_sql_dup_column (stmt, 1);
  c->name = psems_sql_dup_column (stmt, 2);
  c->layer_name = psems_sql_dup_column (stmt, 3);
  c->outcome = psems_sql_dup_column (stmt, 4);
  return c;
}

/**
 * psems_incident_list_controls:
 *
 * Returns: (transfer full) (element-type PsemsIncidentControl): the
 * controls that failed, then those that worked, each by layer (outside in)
 * and name.
 */
GPtrArray *
psems_incident_list_controls (PsemsStore  *store,
                              gint64       id,
                              GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store,
                              "SELECT c.id, c.ref, c.name, l.name, ic.outcome FROM incident_control ic"
                              " JOIN control c ON c.id = ic.control_id LEFT JOIN layer l ON l.id = c.layer_id"
                              " WHERE ic.incident_id = ?1"
                              " ORDER BY ic.outcome = 'worked', l.position, c.name, c.ref", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) incident_control_from_row,
                                 (GDestroyNotify) psems_incident_control_free, "incident_control", error);
}

/* A reference or id of @entity (@table), NOT_FOUND naming it otherwise. */
static gint64
resolve_ref_or_id (PsemsStore  *store,
                   const char  *entity,
                   const char  *table,
                   const char  *text,
                   const char  *none_given,
                   GError     **error)
{
  g_autofree char *trimmed = psems_sql_dup_field (text);
  g_autofree char *sql = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  gint64 id;

  if (trimmed == NULL)
    {
      g_set_error_literal (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, none_given);
      return 0;
    }
  if (!psems_sql_parse_id (trimmed, &id))
    return psems_ref_resolve (store, entity, trimmed, error);
  sql = g_strdup_printf ("SELECT id FROM %s WHERE id = ?1", table);
  stmt = psems_store_prepare (store, sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no %s with id %lld"), entity,
                   (long long) id);
      return 0;
    }
  return id;
}

/* An incident by reference (INC-2026-0001, any letter case) or id. */
gint64
psems_incident_resolve (PsemsStore  *store,
                        const char  *text,
                        GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  return resolve_ref_or_id (store, "incident", "incident", text,
                            _("No incident given: name one by its reference (INC-YYYY-NNNN)"), error);
}

/* A lesson by reference (LSN-2026-0001, any letter case) or id. */
gint64
psems_lesson_resolve (PsemsStore  *store,
                      const char  *text,
                      GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  return resolve_ref_or_id (store, "lesson", "lesson", text,
                            _("No lesson given: name one by its reference (LSN-YYYY-NNNN)"), error);
}

/**
 * psems_lesson_resolve_plan_element:
 * @text: "PLN-YYYY-NNNN:KEY", a plan version and an element's key
 *
 * Returns: the plan element's id, or 0 with @error naming @text.
 */
gint64
psems_lesson_resolve_plan_element (PsemsStore  *store,
                                   const char  *text,
                                   GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *plan = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  const char *colon;
  gint64 plan_id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);

  trimmed = psems_sql_dup_field (text);
  colon = trimmed != NULL ? strchr (trimmed, ':') : NULL;
  if (colon == NULL || colon == trimmed || colon[1] == '\0')
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("“%s” is not a plan element: write PLN-YYYY-NNNN:KEY (the plan and the element's key)"),
                   trimmed != NULL ? trimmed : "");
      return 0;
    }
  plan = g_strndup (trimmed, (gsize) (colon - trimmed));
  plan_id = psems_ref_resolve (store, "plan", plan, error);
  if (plan_id <= 0)
    return 0;
  stmt = psems_store_prepare (store, "SELECT id FROM plan_element WHERE plan_id = ?1 AND element_key = ?2", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_text (stmt, 2, colon + 1, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("%s has no element “%s”"), plan, colon + 1);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * psems_incident_explain_clocks:
 *
 * Returns: (transfer full) (element-type utf8): one sentence for each of
 * @incident's clocks (psems_report_clock_explain()), in its zone.
 */
GPtrArray *
psems_incident_explain_clocks (const PsemsIncident *incident)
{
  g_autoptr(GTimeZone) zone = NULL;
  GPtrArray *lines;

  g_return_val_if_fail (incident != NULL, NULL);

  zone = incident_zone (incident);
  lines = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; incident->clocks != NULL && k < incident->clocks->len; k++)
    g_ptr_array_add (lines, psems_report_clock_explain (&g_array_index (incident->clocks, PsemsReportClock, k),
                                                        zone));
  return lines;
}

/* ───────────────────────────── validation ───────────────────────────── */

/* The facility's security level at @instant: the last change before it, else its current level. */
static int
level_at (PsemsStore *store,
          gint64      facility_id,
          const char *stamp)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store,
                         "SELECT coalesce ((SELECT level FROM facility_level_change WHERE facility_id = ?1"
                         " AND changed_at <= ?2 ORDER BY changed_at DESC, id DESC LIMIT 1),"
                         " (SELECT security_level FROM facility WHERE id = ?1))", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, facility_id);
  psems_sql_bind_text (stmt, 2, stamp);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
}

/* The incident as it is stored: texts trimmed, empty as NULL, instants in
 * UTC stamps (an instant that does not parse is kept as typed, for the
 * problem to name). */
static PsemsIncident *
incident_normalize (PsemsStore          *store,
                    const PsemsIncident *in)
{
  PsemsIncident *i = g_new0 (PsemsIncident, 1);
  g_autoptr(GTimeZone) zone = NULL;
  const char *typed[2] = { in->occurred_at, in->aware_at };
  char **stored[2] = { &i->occurred_at, &i->aware_at };

  i->id = in->id;
  i->ref = g_strdup (in->ref);
  i->facility_id = in->facility_id;
  i->time_zone = psems_sql_dup_field (in->time_zone);
  if (i->time_zone == NULL && in->id == 0 && in->facility_id > 0)
    {
      g_autoptr(GPtrArray) ignored = psems_field_problems_new ();
      char *facility_zone = NULL;

      if (psems_facility_check_owner (store, in->facility_id, &facility_zone, ignored))
        i->time_zone = facility_zone != NULL ? facility_zone : g_strdup ("UTC");
    }
  zone = zone_new (i->time_zone);
  for (int k = 0; k < 2; k++)
    {
      g_autofree char *text = psems_sql_dup_field (typed[k]);
      gint64 instant;

      if (text != NULL && psems_instant_parse (text, zone, &instant))
        *stored[k] = psems_instant_to_stamp (instant);
      else
        *stored[k] = g_steal_pointer (&text);
    }
  i->location = psems_sql_dup_field (in->location);
  i->kind = psems_sql_dup_field (in->kind);
  i->title = psems_sql_dup_field (in->title);
  i->description = psems_sql_dup_field (in->description);
  i->security_level = in->security_level;
  if (i->security_level == 0 && in->id == 0 && i->occurred_at != NULL)
    i->security_level = level_at (store, in->facility_id, i->occurred_at);
  i->reported_by = psems_sql_dup_field (in->reported_by);
  i->reported_to = psems_sql_dup_field (in->reported_to);
  i->response = psems_sql_dup_field (in->response);
  i->significant = in->significant;
  i->cyber_reportable = in->cyber_reportable;
  if (in->failed_control_ids != NULL)
    i->failed_control_ids = id_array_copy (in->failed_control_ids);
  if (in->worked_control_ids != NULL)
    i->worked_control_ids = id_array_copy (in->worked_control_ids);
  return i;
}

/* Checks an instant typed for @field; its value in @instant. */
static gboolean
check_instant (GPtrArray  *problems,
               const char *field,
               const char *stamp,
               GTimeZone  *zone,
               gint64      now,
               gint64     *instant)
{
  g_autofree char *shown = NULL;

  if (stamp == NULL)
    {
      psems_field_problems_add (problems, field, _("A date and time is required"));
      return FALSE;
    }
  if (!psems_instant_parse (stamp, NULL, instant) || !g_str_has_suffix (stamp, "Z"))
    {
      psems_field_problems_add (problems, field,
                                _("“%s” is not a date and time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])"), stamp);
      return FALSE;
    }
  if (*instant > now)
    {
      shown = psems_instant_format (*instant, zone);
      psems_field_problems_add (problems, field, _("%s is in the future"), shown);
      return FALSE;
    }
  return TRUE;
}

static void
check_controls (PsemsStore          *store,
                const PsemsIncident *i,
                gboolean             facility_ok,
                GPtrArray           *problems)
{
  const GArray *sets[2] = { i->failed_control_ids, i->worked_control_ids };
  const char *fields[2] = { "failed_controls", "worked_controls" };
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT ref, deleted_at, facility_id FROM control WHERE id = ?1", NULL);

  if (stmt == NULL)
    return;
  for (int s = 0; s < 2; s++)
    for (guint k = 0; sets[s] != NULL && k < sets[s]->len; k++)
      {
        gint64 id = g_array_index (sets[s], gint64, k);
        const char *ref;

        sqlite3_reset (stmt);
        sqlite3_bind_int64 (stmt, 1, id);
        if (sqlite3_step (stmt) != SQLITE_ROW)
          {
            psems_field_problems_add (problems, fields[s], _("There is no control with id %lld"), (long long) id);
            continue;
          }
        ref = (const char *) sqlite3_column_text (stmt, 0);
        if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
          psems_field_problems_add (problems, fields[s], _("%s was deleted"), ref);
        else if (facility_ok && sqlite3_column_int64 (stmt, 2) != i->facility_id)
          psems_field_problems_add (problems, fields[s], _("%s is a control of another facility"), ref);
        else if (s == 1 && sets[0] != NULL)
          for (guint j = 0; j < sets[0]->len; j++)
            if (g_array_index (sets[0], gint64, j) == id)
              psems_field_problems_add (problems, "worked_controls",
                                        _("%s cannot both have failed and worked; name it once"), ref);
        for (guint j = 0; j < k; j++)
          if (g_array_index (sets[s], gint64, j) == id)
            psems_field_problems_add (problems, fields[s], _("%s is named twice"), ref);
      }
}

/* Every problem with the normalized incident @i; @current is the stored one for an update. */
static void
validate_normalized (PsemsStore          *store,
                     const PsemsIncident *i,
                     const PsemsIncident *current,
                     GPtrArray           *problems)
{
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  gint64 now = g_date_time_to_unix (now_time);
  gboolean facility_ok = psems_facility_check_owner (store, i->facility_id, NULL, problems);
  gboolean occurred_ok, aware_ok;
  gint64 occurred = 0, aware = 0;
  g_autoptr(GTimeZone) zone = NULL;

  if (current != NULL)
    {
      if (current->deleted_at != NULL)
        psems_field_problems_add (problems, "id", _("%s was deleted"), current->ref);
      else if (current->facility_id != i->facility_id)
        psems_field_problems_add (problems, "facility_id",
                                  _("An incident cannot move to another facility; record it there"));
    }

  if (i->time_zone == NULL)
    psems_field_problems_add (problems, "time_zone", _("A time zone is required (an IANA name such as "
                                                       "Europe/Amsterdam)"));
  else if ((zone = zone_new (i->time_zone)) == NULL)
    psems_field_problems_add (problems, "time_zone",
                              _("“%s” is not a time zone: give an IANA name such as Europe/Amsterdam or UTC"),
                              i->time_zone);

  occurred_ok = check_instant (problems, "occurred_at", i->occurred_at, zone, now, &occurred);
  aware_ok = check_instant (problems, "aware_at", i->aware_at, zone, now, &aware);
  if (occurred_ok && aware_ok && aware < occurred)
    {
      g_autofree char *aware_shown = psems_instant_format (aware, zone);
      g_autofree char *occurred_shown = psems_instant_format (occurred, zone);

      psems_field_problems_add (problems, "aware_at", _("%s is before the incident occurred at %s"), aware_shown,
                                occurred_shown);
    }
  if (aware_ok && current != NULL)
    {
      const char *sent[4] = { current->early_warning_sent_at, current->notification_sent_at,
                              current->final_report_sent_at, current->nrc_reported_at };
      const char *what[4] = { N_("the early warning"), N_("the notification"), N_("the final report"),
                              N_("the report to the National Response Center") };

      for (int k = 0; k < 4; k++)
        if (sent[k] != NULL && stamp_instant (sent[k]) < aware)
          {
            g_autofree char *aware_shown = psems_instant_format (aware, zone);
            g_autofree char *sent_shown = psems_instant_format (stamp_instant (sent[k]), zone);

            psems_field_problems_add (problems, "aware_at", _("%s is after %s was sent at %s"), aware_shown,
                                      _(what[k]), sent_shown);
          }
    }

  if (i->kind == NULL)
    psems_field_problems_add (problems, "kind", _("A kind is required"));
  else if (!g_strv_contains (kind_ids, i->kind))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) kind_ids);

      psems_field_problems_add (problems, "kind", _("“%s” is not an incident kind (one of %s)"), i->kind, list);
    }
  if (i->title == NULL)
    psems_field_problems_add (problems, "title", _("A title is required"));
  if (i->security_level < 1 || i->security_level > 3)
    psems_field_problems_add (problems, "security_level", _("The security level is 1, 2 or 3, not %d"),
                              i->security_level);
  check_controls (store, i, facility_ok, problems);
}

/**
 * psems_incident_validate:
 *
 * Returns: (transfer full) (element-type PsemsFieldProblem): every problem
 * with @incident as typed, empty when none.
 */
GPtrArray *
psems_incident_validate (PsemsStore          *store,
                         const PsemsIncident *incident)
{
  g_autoptr(PsemsIncident) i = NULL;
  g_autoptr(PsemsIncident) current = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  g_return_val_if_fail (incident != NULL, NULL);

  problems = psems_field_problems_new ();
  if (incident->id != 0)
    {
      current = incident_lookup (store, incident->id, NULL);
      if (current == NULL)
        {
          psems_field_problems_add (problems, "id", _("There is no incident with id %lld"),
                                    (long long) incident->id);
          return problems;
        }
    }
  i = incident_normalize (store, incident);
  validate_normalized (store, i, current, problems);
  return problems;
}

/* ───────────────────────────── writing ───────────────────────────── */

static void
append_control_refs (PsemsStore *store,
                     GString    *out,
                     gint64      id,
                     const char *outcome)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT c.ref FROM incident_control ic JOIN control c ON c.id = ic.control_id"
                         " WHERE ic.incident_id = ?1 AND ic.outcome = ?2 ORDER BY c.ref", NULL);
  gboolean first = TRUE;

  g_string_append_printf (out, ",\"%s_controls\":[", outcome);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, outcome, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          if (!first)
            g_string_append_c (out, ',');
          psems_sql_append_json_string (out, (const char *) sqlite3_column_text (stmt, 0));
          first = FALSE;
        }
    }
  g_string_append_c (out, ']');
}

/* The audit image of an incident: its row and the controls that failed and
 * worked (rows of a table without ids of its own). */
static char *
incident_image (PsemsTransaction  *txn,
                gint64             id,
                GError           **error)
{
  GError *local_error = NULL;
  g_autofree char *row = psems_transaction_image (txn, "incident", id, &local_error);
  GString *out;

  if (row == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND, _("There is no incident with id %lld"),
                     (long long) id);
      return NULL;
    }
  out = g_string_new_len (row, (gssize) strlen (row) - 1);
  append_control_refs (psems_transaction_get_store (txn), out, id, "failed");
  append_control_refs (psems_transaction_get_store (txn), out, id, "worked");
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
record_incident (PsemsTransaction  *txn,
                 const char        *action,
                 gint64             id,
                 const char        *ref,
                 const char        *before,
                 GError           **error)
{
  g_autofree char *after = incident_image (txn, id, error);

  return after != NULL && psems_transaction_record (txn, action, "incident", id, ref, before, after, error);
}

/* Replaces the controls of incident @id with @i's sets (each NULL: unchanged). */
static gboolean
write_controls (PsemsTransaction    *txn,
                gint64               id,
                const PsemsIncident *i,
                GError             **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  const GArray *sets[2] = { i->failed_control_ids, i->worked_control_ids };
  const char *outcomes[2] = { "failed", "worked" };

  for (int s = 0; s < 2; s++)
    {
      g_autoptr(PsemsCachedStmt) del = NULL;

      if (sets[s] == NULL)
        continue;
      del = psems_store_prepare (store, "DELETE FROM incident_control WHERE incident_id = ?1 AND outcome = ?2",
                                 error);
      if (del == NULL)
        return FALSE;
      sqlite3_bind_int64 (del, 1, id);
      sqlite3_bind_text (del, 2, outcomes[s], -1, SQLITE_STATIC);
      if (!psems_sql_step_done (store, del, "incident_control", error))
        return FALSE;
    }
  for (int s = 0; s < 2; s++)
    for (guint k = 0; sets[s] != NULL && k < sets[s]->len; k++)
      {
        g_autoptr(PsemsCachedStmt) ins =
          psems_store_prepare (store, "INSERT OR REPLACE INTO incident_control (incident_id, control_id, outcome)"
                               " VALUES (?1, ?2, ?3)", error);

        if (ins == NULL)
          return FALSE;
        sqlite3_bind_int64 (ins, 1, id);
        sqlite3_bind_int64 (ins, 2, g_array_index (sets[s], gint64, k));
        sqlite3_bind_text (ins, 3, outcomes[s], -1, SQLITE_STATIC);
        if (!psems_sql_step_done (store, ins, "incident_control", error))
          return FALSE;
      }
  return TRUE;
}

static gboolean
attach_evidence (PsemsTransaction    *txn,
                 gint64               id,
                 const char * const  *paths,
                 GError             **error)
{
  for (guint k = 0; paths != NULL && paths[k] != NULL; k++)
    if (psems_evidence_add_in_transaction (txn, paths[k], NULL, "incident", id, NULL, NULL, error) <= 0)
      return FALSE;
  return TRUE;
}

static const char *
incident_name (const PsemsIncident *i)
{
  if (i->ref != NULL)
    return i->ref;
  return i->title != NULL ? i->title : _("New incident");
}

static void
bind_incident_fields (sqlite3_stmt        *stmt,
                      const PsemsIncident *i)
{
  psems_sql_bind_text (stmt, 2, i->occurred_at);
  psems_sql_bind_text (stmt, 3, i->aware_at);
  psems_sql_bind_text (stmt, 4, i->time_zone);
  psems_sql_bind_text (stmt, 5, i->location);
  psems_sql_bind_text (stmt, 6, i->kind);
  psems_sql_bind_text (stmt, 7, i->title);
  psems_sql_bind_text (stmt, 8, i->description);
  sqlite3_bind_int (stmt, 9, i->security_level);
  psems_sql_bind_text (stmt, 10, i->reported_by);
  psems_sql_bind_text (stmt, 11, i->reported_to);
  psems_sql_bind_text (stmt, 12, i->response);
  sqlite3_bind_int (stmt, 13, i->significant ? 1 : 0);
  sqlite3_bind_int (stmt, 14, i->cyber_reportable ? 1 : 0);
}

/**
 * psems_incident_create:
 * @incident: the new incident; its time zone defaults to the facility's,
 *   its security level (0) to the facility's level when it occurred
 * @evidence_paths: (nullable) (array zero-terminated=1): files kept as its
 *   evidence in the same write
 * @ref: (out) (optional): the new reference
 *
 * Records an open incident with the controls that failed and worked. Any
 * problem refuses the whole write ("<title>: <field>: <message>").
 *
 * Returns: the new incident's id, or 0 with @error set.
 */
gint64
psems_incident_create (PsemsStore          *store,
                       PsemsActor          *actor,
                       const PsemsIncident *incident,
                       const char * const  *evidence_paths,
                       char               **ref,
                       GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsIncident) i = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *now = NULL;
  int year;
  gint64 id;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (incident != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "incident", incident->facility_id, error);
  if (txn == NULL)
    return 0;
  i = incident_normalize (store, incident);
  i->id = 0;
  g_clear_pointer (&i->ref, g_free);
  problems = psems_field_problems_new ();
  validate_normalized (store, i, NULL, problems);
  if (!psems_field_problems_to_error (problems, incident_name (i), error))
    return 0;

  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "INC", year, error);
  if (new_ref == NULL)
    return 0;
  stmt = psems_store_prepare (store,
                              "INSERT INTO incident (ref, occurred_at, aware_at, time_zone, location, kind, title,"
                              " description, security_level, reported_by, reported_to, response, significant,"
                              " cyber_reportable, facility_id, status, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 'open',"
                              " ?16, ?16)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  bind_incident_fields (stmt, i);
  sqlite3_bind_int64 (stmt, 15, i->facility_id);
  psems_sql_bind_text (stmt, 16, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!write_controls (txn, id, i, error) || !record_incident (txn, "create", id, new_ref, NULL, error) ||
      !attach_evidence (txn, id, evidence_paths, error) ||
      !psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  return id;
}

static gboolean
same_ids (const GArray *a,
          const GArray *b)
{
  g_autoptr(GArray) sa = id_array_copy (a);
  g_autoptr(GArray) sb = id_array_copy (b);

  if (sa->len != sb->len)
    return FALSE;
  for (guint k = 0; k < sa->len; k++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < sb->len && !found; j++)
        found = g_array_index (sa, gint64, k) == g_array_index (sb, gint64, j);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static gboolean
incident_same_values (const PsemsIncident *a,
                      const PsemsIncident *b)
{
  return g_strcmp0 (a->occurred_at, b->occurred_at) == 0 && g_strcmp0 (a->aware_at, b->aware_at) == 0 &&
         g_strcmp0 (a->time_zone, b->time_zone) == 0 && g_strcmp0 (a->location, b->location) == 0 &&
         g_strcmp0 (a->kind, b->kind) == 0 && g_strcmp0 (a->title, b->title) == 0 &&
         g_strcmp0 (a->description, b->description) == 0 && a->security_level == b->security_level &&
         g_strcmp0 (a->reported_by, b->reported_by) == 0 && g_strcmp0 (a->reported_to, b->reported_to) == 0 &&
         g_strcmp0 (a->response, b->response) == 0 && a->significant == b->significant &&
         a->cyber_reportable == b->cyber_reportable &&
         (a->failed_control_ids == NULL || same_ids (a->failed_control_ids, b->failed_control_ids)) &&
         (a->worked_control_ids == NULL || same_ids (a->worked_control_ids, b->worked_control_ids));
}

/**
 * psems_incident_update:
 * @incident: the new values; @id names the incident; NULL control sets
 *   leave them as they are
 * @evidence_paths: (nullable) (array zero-terminated=1): more evidence files
 *
 * Writes the editable fields after validation (awareness may not move after
 * a report already sent); any problem refuses the write ("<ref>: <field>:
 * <message>"). Values equal to the stored ones write nothing.
 */
gboolean
psems_incident_update (PsemsStore          *store,
                       PsemsActor          *actor,
                       const PsemsIncident *incident,
                       const char * const  *evidence_paths,
                       GError             **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsIncident) current = NULL;
  g_autoptr(PsemsIncident) i = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (incident != NULL && incident->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  current = incident_lookup (store, incident->id, error);
  if (current == NULL)
    return FALSE;
  txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "incident", current->facility_id, error);
  if (txn == NULL)
    return FALSE;
  /* Read again under the write lock: what is compared and checked is what is stored. */
  g_clear_pointer (&current, psems_incident_free);
  current = incident_lookup (store, incident->id, error);
  if (current == NULL)
    return FALSE;
  i = incident_normalize (store, incident);
  problems = psems_field_problems_new ();
  validate_normalized (store, i, current, problems);
  if (!psems_field_problems_to_error (problems, current->ref, error))
    return FALSE;
  if (incident_same_values (i, current) && (evidence_paths == NULL || evidence_paths[0] == NULL))
    return TRUE;

  before = incident_image (txn, current->id, error);
  if (before == NULL)
    return FALSE;
  now = psems_sql_now_stamp (NULL);
  stmt = psems_store_prepare (store,
                              "UPDATE incident SET occurred_at = ?2, aware_at = ?3, time_zone = ?4, location = ?5,"
                              " kind = ?6, title = ?7, description = ?8, security_level = ?9, reported_by = ?10,"
                              " reported_to = ?11, response = ?12, significant = ?13, cyber_reportable = ?14,"
                              " updated_at = ?15 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, current->id);
  bind_incident_fields (stmt, i);
  psems_sql_bind_text (stmt, 15, now);
  if (!psems_sql_step_done (store, stmt, current->ref, error) || !write_controls (txn, current->id, i, error) ||
      !record_incident (txn, "update", current->id, current->ref, before, error) ||
      !attach_evidence (txn, current->id, evidence_paths, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* Starts a write on incident @id and reads it under the lock; refuses a deleted one. */
static PsemsIncident *
begin_step (PsemsStore         *store,
            PsemsActor         *actor,
            gint64              id,
            PsemsTransaction  **txn,
            GError            **error)
{
  g_autoptr(PsemsIncident) current = incident_lookup (store, id, error);

  if (current == NULL)
    return NULL;
  *txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "incident", current->facility_id, error);
  if (*txn == NULL)
    return NULL;
  g_clear_pointer (&current, psems_incident_free);
  current = incident_lookup (store, id, error);
  if (current == NULL)
    return NULL;
  if (current->deleted_at != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s was deleted"), current->ref);
      return NULL;
    }
  return g_steal_pointer (&current);
}

/* One UPDATE of a step (?1 the id, ?2 now, ?3 @text), recorded as @action. */
static gboolean
write_step (PsemsTransaction     *txn,
            const PsemsIncident  *i,
            const char           *action,
            const char           *sql,
            const char           *text,
            GError              **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *before = incident_image (txn, i->id, error);
  g_autofree char *now = psems_sql_now_stamp (NULL);

  if (before == NULL)
    return FALSE;
  stmt = psems_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, i->id);
  psems_sql_bind_text (stmt, 2, now);
  psems_sql_bind_text (stmt, 3, text);
  return psems_sql_step_done (store, stmt, i->ref, error) &&
         record_incident (txn, action, i->id, i->ref, before, error);
}

/**
 * psems_incident_record_report:
 * @what: which report was sent
 * @at: (nullable): when; without an offset, wall-clock time in the
 *   incident's zone; %NULL: now
 *
 * Records the sending of a report. Refused, writing nothing: a report the
 * incident does not owe (NIS2 reports for an incident not marked
 * significant), a time that does not parse, lies before awareness or in the
 * future, a final report before the notification, and the report to the
 * National Response Center, which the database has no place for.
 */
gboolean
psems_incident_record_report (PsemsStore       *store,
                              PsemsActor       *actor,
                              gint64            id,
                              PsemsReportKind   what,
                              const char       *at,
                              GError          **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsIncident) i = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *sql = NULL;
  const char *field;
  gint64 instant, aware;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail ((guint) what <= PSEMS_REPORT_NRC, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  i = begin_step (store, actor, id, &txn, error);
  if (i == NULL)
    return FALSE;
  field = report_kinds[what].column;
  if (what == PSEMS_REPORT_NRC && !i->cyber_reportable)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: %s: the incident is not marked a reportable cyber incident (33 CFR 101 subpart F), "
                     "so no report to the National Response Center is owed; mark it first"), i->ref, field);
      return FALSE;
    }
  if (what != PSEMS_REPORT_NRC && !i->significant)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: %s: the incident is not marked significant (NIS2 Art. 23), so no %s is owed; "
                     "mark it significant first"), i->ref, field, report_kinds[what].id);
      return FALSE;
    }

  zone = incident_zone (i);
  problems = psems_field_problems_new ();
  if (at == NULL)
    instant = g_date_time_to_unix (now_time);
  else if (!psems_instant_parse (at, zone, &instant))
    psems_field_problems_add (problems, field, _("“%s” is not a date and time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])"),
                              at);
  if (problems->len == 0)
    {
      g_autofree char *shown = psems_instant_format (instant, zone);

      aware = stamp_instant (i->aware_at);
      if (instant > g_date_time_to_unix (now_time))
        psems_field_problems_add (problems, field, _("%s is in the future"), shown);
      else if (instant < aware)
        {
          g_autofree char *aware_shown = psems_instant_format (aware, zone);

          psems_field_problems_add (problems, field, _("%s is before the facility became aware at %s"), shown,
                                    aware_shown);
        }
      else if (what == PSEMS_REPORT_FINAL_REPORT && i->notification_sent_at == NULL)
        psems_field_problems_add (problems, field,
                                  _("the notification has not been recorded as sent; the final report "
                                    "follows it"));
      else if (what == PSEMS_REPORT_FINAL_REPORT && instant < stamp_instant (i->notification_sent_at))
        {
          g_autofree char *notified = psems_instant_format (stamp_instant (i->notification_sent_at), zone);

          psems_field_problems_add (problems, field, _("%s is before the notification was sent at %s"), shown,
                                    notified);
        }
      else if (what == PSEMS_REPORT_NOTIFICATION && i->final_report_sent_at != NULL &&
               instant > stamp_instant (i->final_report_sent_at))
        psems_field_problems_add (problems, field, _("%s is after the final report was sent at %s"), shown,
                                  i->final_report_sent_at);
    }
  if (!psems_field_problems_to_error (problems, i->ref, error))
    return FALSE;

  stamp = psems_instant_to_stamp (instant);
  sql = g_strdup_printf ("UPDATE incident SET %s = ?3, updated_at = ?2 WHERE id = ?1", field);
  if (!write_step (txn, i, "report-sent", sql, stamp, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_incident_close:
 * @closed_on: (nullable): the day (YYYY-MM-DD; %NULL: today)
 *
 * Closes an open incident; its lessons stay tracked by their findings.
 * Refused: a closed incident, a day not a date, in the future or before the
 * incident occurred (in its zone).
 */
gboolean
psems_incident_close (PsemsStore  *store,
                      PsemsActor  *actor,
                      gint64       id,
                      const char  *closed_on,
                      GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsIncident) i = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *day = NULL;
  g_autofree char *today = psems_day_text_today ();
  g_autofree char *occurred = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  i = begin_step (store, actor, id, &txn, error);
  if (i == NULL)
    return FALSE;
  if (!g_str_equal (i->status, "open"))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: status: it is already closed"), i->ref);
      return FALSE;
    }
  day = psems_sql_dup_field (closed_on);
  if (day == NULL)
    day = g_strdup (today);
  zone = incident_zone (i);
  occurred = day_in_zone (stamp_instant (i->occurred_at), zone);
  problems = psems_field_problems_new ();
  if (psems_day_text_check_past (problems, "closed_on", day) && strcmp (day, occurred) < 0)
    psems_field_problems_add (problems, "closed_on", _("%s is before the incident occurred on %s"), day,
                              occurred);
  if (!psems_field_problems_to_error (problems, i->ref, error))
    return FALSE;
  if (!write_step (txn, i, "close", "UPDATE incident SET status = 'closed', closed_on = ?3, updated_at = ?2"
                   " WHERE id = ?1", day, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* Reopens a closed incident (the audit trail keeps the closure). */
gboolean
psems_incident_reopen (PsemsStore  *store,
                       PsemsActor  *actor,
                       gint64       id,
                       GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsIncident) i = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  i = begin_step (store, actor, id, &txn, error);
  if (i == NULL)
    return FALSE;
  if (!g_str_equal (i->status, "closed"))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: status: it is open"), i->ref);
      return FALSE;
    }
  if (!write_step (txn, i, "reopen", "UPDATE incident SET status = 'open', closed_on = NULL, updated_at = ?2"
                   " WHERE id = ?1", NULL, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/* ───────────────────────────── lessons ───────────────────────────── */

#define LESSON_COLUMNS \
  "SELECT l.id, l.ref, l.facility_id, l.incident_id, l.completion_id, l.text, l.finding_id," \
  " l.plan_element_id, l.status, l.implemented_on, l.created_at, l.updated_at, inc.ref, cmp.ref, f.ref," \
  " f.status, f.owner, f.due_on, p.ref, pe.element_key, pe.title" \
  " FROM lesson l" \
  " LEFT JOIN incident inc ON inc.id = l.incident_id" \
  " LEFT JOIN completion cmp ON cmp.id = l.completion_id" \
  " LEFT JOIN finding f ON f.id = l.finding_id" \
  " LEFT JOIN plan_element pe ON pe.id = l.plan_element_id" \
  " LEFT JOIN plan p ON p.id = pe.plan_id"

static PsemsLesson *
lesson_from_row (sqlite3_stmt *stmt)
{
  PsemsLesson *l = g_new0 (PsemsLesson, 1);

  l->id = sqlite3_column_int64 (stmt, 0);
  l->ref = psems_sql_dup_column (stmt, 1);
  l->facility_id = sqlite3_column_int64 (stmt, 2);
  l->incident_id = sqlite3_column_int64 (stmt, 3);
  l->completion_id = sqlite3_column_int64 (stmt, 4);
  l->text = psems_sql_dup_column (stmt, 5);
  l->finding_id = sqlite3_column_int64 (stmt, 6);
  l->plan_element_id = sqlite3_column_int64 (stmt, 7);
  l->status = psems_sql_dup_column (stmt, 8);
  l->implemented_on = psems_sql_dup_column (stmt, 9);
  l->created_at = psems_sql_dup_column (stmt, 10);
  l->updated_at = psems_sql_dup_column (stmt, 11);
  l->incident_ref = psems_sql_dup_column (stmt, 12);
  l->completion_ref = psems_sql_dup_column (stmt, 13);
  l->finding_ref = psems_sql_dup_column (stmt, 14);
  l->finding_status = psems_sql_dup_column (stmt, 15);
  l->finding_owner = psems_sql_dup_column (stmt, 16);
  l->finding_due_on = psems_sql_dup_column (stmt, 17);
  l->plan_ref = psems_sql_dup_column (stmt, 18);
  l->plan_element_key = psems_sql_dup_column (stmt, 19);
  l->plan_element_title = psems_sql_dup_column (stmt, 20);
  return l;
}

PsemsLesson *
psems_lesson_get (PsemsStore  *store,
                  gint64       id,
                  GError     **error)
{
  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);
  return psems_sql_get_row (store, LESSON_COLUMNS " WHERE l.id = ?1", id, (PsemsRowFunc) lesson_from_row,
                            "lesson", error, _("There is no lesson with id %lld"), (long long) id);
}

/**
 * psems_lesson_list:
 *
 * Returns: (transfer full) (element-type PsemsLesson): the live lessons of
 * incident @incident_id (when not 0) or of completion @completion_id, with
 * their findings and plan elements, in reference order.
 */
GPtrArray *
psems_lesson_list (PsemsStore  *store,
                   gint64       incident_id,
                   gint64       completion_id,
                   GError     **error)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), NULL);

  stmt = psems_store_prepare (store,
                              LESSON_COLUMNS " WHERE l.deleted_at IS NULL AND ((?1 <> 0 AND l.incident_id = ?1)"
                              " OR (?1 = 0 AND l.completion_id = ?2)) ORDER BY l.ref", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, incident_id);
  sqlite3_bind_int64 (stmt, 2, completion_id);
  return psems_sql_collect_rows (store, stmt, (PsemsRowFunc) lesson_from_row, (GDestroyNotify) psems_lesson_free,
                                 "lesson", error);
}

/* What a lesson comes from: facility, reference, the finding source; FALSE with a problem. */
static gboolean
lesson_origin (PsemsStore              *store,
               const PsemsLessonInput  *input,
               gint64                  *facility_id,
               char                   **origin_ref,
               const char             **source,
               GPtrArray               *problems)
{
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  const char *field;
  const char *kind;
  gint64 id;

  if ((input->incident_id != 0) == (input->completion_id != 0))
    {
      psems_field_problems_add (problems, "incident_id",
                                _("A lesson comes from one incident or one completed audit, drill or exercise"));
      return FALSE;
    }
  if (input->incident_id != 0)
    {
      field = "incident_id";
      id = input->incident_id;
      stmt = psems_store_prepare (store, "SELECT ref, deleted_at, facility_id, 'incident' FROM incident"
                                  " WHERE id = ?1", NULL);
    }
  else
    {
      field = "completion_id";
      id = input->completion_id;
      stmt = psems_store_prepare (store, "SELECT c.ref, c.deleted_at, s.facility_id, s.kind FROM completion c"
                                  " JOIN schedule_item s ON s.id = c.schedule_item_id WHERE c.id = ?1", NULL);
    }
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      psems_field_problems_add (problems, field, input->incident_id != 0 ? _("There is no incident with id %lld")
                                                                       : _("There is no completion with id %lld"),
                                (long long) id);
      return FALSE;
    }
  *origin_ref = psems_sql_dup_column (stmt, 0);
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      psems_field_problems_add (problems, field, _("%s was deleted"), *origin_ref);
      return FALSE;
    }
  *facility_id = sqlite3_column_int64 (stmt, 2);
  kind = (const char *) sqlite3_column_text (stmt, 3);
  if (g_str_equal (kind, "incident") || g_str_equal (kind, "audit") || g_str_equal (kind, "exercise"))
    *source = g_intern_string (kind);
  else if (g_str_equal (kind, "drill") || g_str_equal (kind, "cyber-drill"))
    *source = "drill";
  else
    {
      psems_field_problems_add (problems, field,
                                _("%s records a %s; lessons come from incidents, audits, drills and exercises"),
                                *origin_ref, kind);
      return FALSE;
    }
  return TRUE;
}

/* The plan element's reference ("ISPS A/16.3.2") after checking it is the facility's. */
static gboolean
check_plan_element (PsemsStore *store,
                    gint64      element_id,
                    gint64      facility_id,
                    char      **reference,
                    GPtrArray  *problems)
{
  g_autoptr(PsemsCachedStmt) stmt =
    psems_store_prepare (store, "SELECT p.ref || ':' || pe.element_key, p.facility_id, pe.reference"
                         " FROM plan_element pe JOIN plan p ON p.id = pe.plan_id WHERE pe.id = ?1", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, element_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      psems_field_problems_add (problems, "plan_element_id", _("There is no plan element with id %lld"),
                                (long long) element_id);
      return FALSE;
    }
  if (sqlite3_column_int64 (stmt, 1) != facility_id)
    {
      psems_field_problems_add (problems, "plan_element_id", _("%s is in another facility's plan"),
                                (const char *) sqlite3_column_text (stmt, 0));
      return FALSE;
    }
  *reference = psems_sql_dup_column (stmt, 2);
  return TRUE;
}

/* The finding's title: the lesson's first line, shortened to a list's width. */
static char *
lesson_title (const char *text)
{
  const char *end = strchr (text, '\n');
  g_autofree char *line = end != NULL ? g_strndup (text, (gsize) (end - text)) : g_strdup (text);

  if (g_utf8_strlen (line, -1) > 100)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, 99);

      return g_strdup_printf ("%s…", cut);
    }
  return g_steal_pointer (&line);
}

/**
 * psems_lesson_add:
 * @input: where it comes from, its text, what it amends, the action's owner and due day
 * @ref: (out) (optional): the lesson's reference
 * @finding_ref: (out) (optional): the reference of the finding that tracks it
 *
 * Records an open lesson and raises its tracked action, an open finding
 * (source "incident", or the completion's kind: audit, drill, exercise) in
 * the same write: the lesson is its corrective action, the plan element's
 * reference its requirement. Any problem with the lesson or the finding
 * refuses the whole write and nothing is written.
 *
 * Returns: the lesson's id, or 0 with @error set.
 */
gint64
psems_lesson_add (PsemsStore              *store,
                  PsemsActor              *actor,
                  const PsemsLessonInput  *input,
                  char                   **ref,
                  char                   **finding_ref,
                  GError                 **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(GPtrArray) problems = psems_field_problems_new ();
  g_autoptr(PsemsFinding) finding = NULL;
  g_autoptr(PsemsCachedStmt) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *origin_ref = NULL;
  g_autofree char *requirement = NULL;
  g_autofree char *new_ref = NULL;
  g_autofree char *new_finding_ref = NULL;
  g_autofree char *now = NULL;
  const char *source = NULL;
  gint64 facility_id = 0, finding_id, id;
  gboolean origin_ok;
  int year;

  g_return_val_if_fail (PSEMS_IS_STORE (store), 0);
  g_return_val_if_fail (input != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  origin_ok = lesson_origin (store, input, &facility_id, &origin_ref, &source, problems);
  text = psems_sql_dup_field (input->text);
  if (text == NULL)
    psems_field_problems_add (problems, "text", _("Say what was learned"));
  if (origin_ok && input->plan_element_id != 0)
    check_plan_element (store, input->plan_element_id, facility_id, &requirement, problems);
  if (!psems_field_problems_to_error (problems, origin_ref != NULL ? origin_ref : _("New lesson"), error))
    return 0;

  txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "lesson", facility_id, error);
  if (txn == NULL)
    return 0;
  now = psems_sql_now_stamp (&year);
  new_ref = psems_ref_allocate (txn, "LSN", year, error);
  if (new_ref == NULL)
    return 0;

  finding = psems_finding_new ();
  finding->facility_id = facility_id;
  finding->source = g_strdup (source);
  finding->incident_id = input->incident_id;
  finding->completion_id = input->completion_id;
  finding->severity = g_strdup (input->severity != NULL ? input->severity : "observation");
  finding->title = lesson_title (text);
  /* TRANSLATORS: a finding's description: "Lesson LSN-2026-0001 from INC-2026-0003: <text>" */
  finding->description = g_strdup_printf (_("Lesson %s from %s: %s"), new_ref, origin_ref, text);
  finding->corrective_action = g_strdup (text);
  finding->requirement_ref = g_steal_pointer (&requirement);
  finding->owner = g_strdup (input->owner);
  finding->due_on = g_strdup (input->due_on);
  finding_id = psems_finding_insert (txn, finding, &new_finding_ref, error);
  if (finding_id <= 0)
    {
      g_prefix_error (error, _("%s: the lesson's tracked action: "), origin_ref);
      return 0;
    }

  stmt = psems_store_prepare (store,
                              "INSERT INTO lesson (ref, facility_id, incident_id, completion_id, text, finding_id,"
                              " plan_element_id, status, created_at, updated_at)"
                              " VALUES (?1, ?2, nullif (?3, 0), nullif (?4, 0), ?5, ?6, nullif (?7, 0), 'open',"
                              " ?8, ?8)", error);
  if (stmt == NULL)
    return 0;
  psems_sql_bind_text (stmt, 1, new_ref);
  sqlite3_bind_int64 (stmt, 2, facility_id);
  sqlite3_bind_int64 (stmt, 3, input->incident_id);
  sqlite3_bind_int64 (stmt, 4, input->completion_id);
  psems_sql_bind_text (stmt, 5, text);
  sqlite3_bind_int64 (stmt, 6, finding_id);
  sqlite3_bind_int64 (stmt, 7, input->plan_element_id);
  psems_sql_bind_text (stmt, 8, now);
  if (!psems_sql_step_done (store, stmt, new_ref, error))
    return 0;
  id = sqlite3_last_insert_rowid (psems_store_get_db (store));
  if (!psems_transaction_record_row (txn, "create", "lesson", id, NULL, error) ||
      !psems_transaction_commit (g_steal_pointer (&txn), error))
    return 0;
  if (ref != NULL)
    *ref = g_steal_pointer (&new_ref);
  if (finding_ref != NULL)
    *finding_ref = g_steal_pointer (&new_finding_ref);
  return id;
}

/* Starts a write on lesson @id and reads it under the lock. */
static PsemsLesson *
begin_lesson_step (PsemsStore         *store,
                   PsemsActor         *actor,
                   gint64              id,
                   PsemsTransaction  **txn,
                   GError            **error)
{
  g_autoptr(PsemsLesson) current = psems_lesson_get (store, id, error);

  if (current == NULL)
    return NULL;
  *txn = psems_transaction_begin (store, actor, PSEMS_OP_UPDATE, "lesson", current->facility_id, error);
  if (*txn == NULL)
    return NULL;
  g_clear_pointer (&current, psems_lesson_free);
  return psems_lesson_get (store, id, error);
}

static gboolean
write_lesson_step (PsemsTransaction   *txn,
                   const PsemsLesson  *l,
                   const char         *action,
                   const char         *sql,
                   const char         *text,
                   GError            **error)
{
  PsemsStore *store = psems_transaction_get_store (txn);
  g_autofree char *before = psems_transaction_image (txn, "lesson", l->id, error);
  g_autofree char *now = psems_sql_now_stamp (NULL);
  g_autoptr(PsemsCachedStmt) stmt = NULL;

  if (before == NULL)
    return FALSE;
  stmt = psems_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, l->id);
  psems_sql_bind_text (stmt, 2, now);
  psems_sql_bind_text (stmt, 3, text);
  return psems_sql_step_done (store, stmt, l->ref, error) &&
         psems_transaction_record_row (txn, action, "lesson", l->id, before, error);
}

/* open → in-progress: the action is under way. */
gboolean
psems_lesson_start (PsemsStore  *store,
                    PsemsActor  *actor,
                    gint64       id,
                    GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsLesson) l = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  l = begin_lesson_step (store, actor, id, &txn, error);
  if (l == NULL)
    return FALSE;
  if (!g_str_equal (l->status, "open"))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: status: it is %s; only an open lesson can be "
                                                              "started"), l->ref, l->status);
      return FALSE;
    }
  if (!write_lesson_step (txn, l, "start", "UPDATE lesson SET status = 'in-progress', updated_at = ?2"
                          " WHERE id = ?1", NULL, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}

/**
 * psems_lesson_implement:
 * @implemented_on: (nullable): the day (YYYY-MM-DD; %NULL: today)
 *
 * Marks a lesson implemented. Its tracked action must be done first: the
 * finding closed or verified, and the day not before the finding was closed
 * (a lesson recorded without a finding needs none). Refused too: a lesson
 * already implemented, a day not a date, in the future or before the lesson
 * was recorded.
 */
gboolean
psems_lesson_implement (PsemsStore  *store,
                        PsemsActor  *actor,
                        gint64       id,
                        const char  *implemented_on,
                        GError     **error)
{
  g_autoptr(PsemsTransaction) txn = NULL;
  g_autoptr(PsemsLesson) l = NULL;
  g_autoptr(PsemsFinding) finding = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *day = NULL;
  g_autofree char *today = psems_day_text_today ();
  g_autofree char *recorded = NULL;

  g_return_val_if_fail (PSEMS_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  l = begin_lesson_step (store, actor, id, &txn, error);
  if (l == NULL)
    return FALSE;
  if (g_str_equal (l->status, "implemented"))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: status: it was implemented on %s"), l->ref,
                   l->implemented_on);
      return FALSE;
    }
  if (l->finding_id != 0)
    {
      finding = psems_finding_get (store, l->finding_id, NULL, error);
      if (finding == NULL)
        return FALSE;
      if (!g_str_equal (finding->status, "closed") && !g_str_equal (finding->status, "verified"))
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("%s: status: its action %s is %s; close the finding when the action is done, then "
                         "mark the lesson implemented"), l->ref, finding->ref, finding->status);
          return FALSE;
        }
    }

  day = psems_sql_dup_field (implemented_on);
  if (day == NULL)
    day = g_strdup (today);
  recorded = g_strndup (l->created_at, 10);
  problems = psems_field_problems_new ();
  if (!psems_day_text_check_past (problems, "implemented_on", day))
    ; /* the day itself is wrong: nothing to compare */
  else if (finding != NULL && strcmp (day, finding->closed_on) < 0)
    psems_field_problems_add (problems, "implemented_on", _("%s is before its action %s was closed on %s"), day,
                              finding->ref, finding->closed_on);
  else if (strcmp (day, recorded) < 0)
    psems_field_problems_add (problems, "implemented_on", _("%s is before the lesson was recorded on %s"), day,
                              recorded);
  if (!psems_field_problems_to_error (problems, l->ref, error))
    return FALSE;
  if (!write_lesson_step (txn, l, "implement", "UPDATE lesson SET status = 'implemented', implemented_on = ?3,"
                          " updated_at = ?2 WHERE id = ?1", day, error))
    return FALSE;
  return psems_transaction_commit (g_steal_pointer (&txn), error);
}
