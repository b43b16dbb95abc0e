/* psems-cli-incident.c — psems-cli incident (list, show, add, edit, report-sent, close, reopen, lesson, lesson-start, lesson-done): incidents, their reporting clocks and lessons learned. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-control.h"
#include "psems-evidence.h"
#include "psems-facility.h"
#include "psems-finding.h"
#include "psems-incident.h"
#include "psems-ref.h"

static const char which_incident[] = N_("which incident? Give its reference, INC-YYYY-NNNN");
static const char which_lesson[] = N_("which lesson? Give its reference, LSN-YYYY-NNNN");

/* ─────────────────────────── records ─────────────────────────── */

typedef struct
{
  const PsemsIncident *incident;
  const char *facility;
} IncidentRow;

static const char * const incident_columns[] = {
  "ref", "facility", "occurred", "kind", "title", "status", "reports", "open_lessons", NULL
};
static const char * const clock_columns[] = { "report", "state", "due", "sent", "explanation", NULL };
static const char * const control_columns[] = { "outcome", "ref", "name", "layer", NULL };
static const char * const lesson_columns[] = {
  "ref", "status", "text", "action", "action_status", "owner", "due_on", "amends", NULL
};
static const char * const evidence_columns[] = { "ref", "file_name", "media_type", "size", NULL };
static const PsemsCliSection incident_sections[] = {
  { "clocks", N_("Reporting clocks"), clock_columns },
  { "controls", N_("Controls that failed or worked"), control_columns },
  { "lessons", N_("Lessons learned → tracked actions → plan amendments"), lesson_columns },
  { "evidence", N_("Evidence"), evidence_columns },
  { NULL }
};

/* @stamp (UTC) shown in @zone; NULL stays NULL. */
static char *
local_text (const char *stamp,
            GTimeZone  *zone)
{
  gint64 instant;

  if (stamp == NULL || !psems_instant_parse (stamp, NULL, &instant))
    return NULL;
  return psems_instant_format (instant, zone);
}

/* "1 overdue, 1 due, 2 sent", "not yet due", or "—" when no clock applies to @i. */
static char *
clocks_summary (const PsemsIncident *i)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  int n_due = i->n_open_clocks - i->n_overdue_clocks;
  int n_sent = 0;

  for (guint k = 0; i->clocks != NULL && k < i->clocks->len; k++)
    {
      PsemsReportState state = g_array_index (i->clocks, PsemsReportClock, k).state;

      n_sent += state == PSEMS_REPORT_SENT_ON_TIME || state == PSEMS_REPORT_SENT_LATE ||
                state == PSEMS_REPORT_SENT ? 1 : 0;
    }
  if (i->n_overdue_clocks > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%d overdue"), i->n_overdue_clocks));
  if (n_due > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%d due"), n_due));
  if (n_sent > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%d sent"), n_sent));
  if (parts->len == 0)
    return g_strdup (i->clocks != NULL && i->clocks->len > 0 ? _("not yet due") : "—");
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static void
describe_incident (JsonBuilder       *builder,
                   const IncidentRow *row)
{
  const PsemsIncident *i = row->incident;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (i->time_zone);
  g_autofree char *occurred = NULL;
  g_autofree char *aware = NULL;
  g_autofree char *summary = clocks_summary (i);

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  occurred = local_text (i->occurred_at, zone);
  aware = local_text (i->aware_at, zone);
  psems_json_add_string (builder, "ref", i->ref);
  psems_json_add_string (builder, "facility", row->facility);
  psems_json_add_string (builder, "kind", i->kind);
  psems_json_add_string (builder, "title", i->title);
  psems_json_add_string (builder, "occurred", occurred);
  psems_json_add_string (builder, "aware", aware);
  psems_json_add_string (builder, "occurred_at", i->occurred_at);
  psems_json_add_string (builder, "aware_at", i->aware_at);
  psems_json_add_string (builder, "time_zone", i->time_zone);
  psems_json_add_string (builder, "location", i->location);
  psems_json_add_string (builder, "description", i->description);
  psems_json_add_int (builder, "security_level", i->security_level);
  psems_json_add_string (builder, "reported_by", i->reported_by);
  psems_json_add_string (builder, "reported_to", i->reported_to);
  psems_json_add_string (builder, "response", i->response);
  psems_json_add_boolean (builder, "significant", i->significant);
  psems_json_add_boolean (builder, "cyber_reportable", i->cyber_reportable);
  psems_json_add_string (builder, "early_warning_sent_at", i->early_warning_sent_at);
  psems_json_add_string (builder, "notification_sent_at", i->notification_sent_at);
  psems_json_add_string (builder, "final_report_sent_at", i->final_report_sent_at);
  psems_json_add_string (builder, "status", i->status);
  psems_json_add_string (builder, "closed_on", i->closed_on);
  psems_json_add_string (builder, "reports", summary);
  psems_json_add_int (builder, "open_clocks", i->n_open_clocks);
  psems_json_add_int (builder, "overdue_clocks", i->n_overdue_clocks);
  psems_json_add_int (builder, "lesson_count", i->n_lessons);
  psems_json_add_int (builder, "open_lessons", i->n_open_lessons);
  psems_json_add_int (builder, "evidence_files", i->n_evidence);
}

/* "PLN-2026-0001:access-control — Access control" or NULL. */
static char *
amends_text (const PsemsLesson *l)
{
  if (l->plan_ref == NULL)
    return NULL;
  return g_strdup_printf ("%s:%s — %s", l->plan_ref, l->plan_element_key, l->plan_element_title);
}

static void
describe_lesson (JsonBuilder       *builder,
                 const PsemsLesson *l)
{
  g_autofree char *amends = amends_text (l);

  psems_json_add_string (builder, "ref", l->ref);
  psems_json_add_string (builder, "incident", l->incident_ref);
  psems_json_add_string (builder, "completion", l->completion_ref);
  psems_json_add_string (builder, "status", l->status);
  psems_json_add_string (builder, "implemented_on", l->implemented_on);
  psems_json_add_string (builder, "text", l->text);
  psems_json_add_string (builder, "action", l->finding_ref);
  psems_json_add_string (builder, "action_status", l->finding_status);
  psems_json_add_string (builder, "owner", l->finding_owner);
  psems_json_add_string (builder, "due_on", l->finding_due_on);
  psems_json_add_string (builder, "amends", amends);
}

/* The incident as of @as_of (NULL: now), its clocks, controls, lessons and evidence. */
static JsonNode *
build_incident_record_as_of (PsemsStore  *store,
                             gint64       id,
                             const char  *as_of,
                             GError     **error)
{
  g_autoptr(PsemsIncident) incident = NULL;
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(GPtrArray) lessons = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(GPtrArray) explained = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *as_of_text = NULL;
  IncidentRow row;

  incident = psems_incident_get (store, id, as_of, error);
  if (incident == NULL)
    return NULL;
  facility = psems_facility_get (store, incident->facility_id, error);
  if (facility == NULL)
    return NULL;
  controls = psems_incident_list_controls (store, id, error);
  if (controls == NULL)
    return NULL;
  lessons = psems_lesson_list (store, id, 0, error);
  if (lessons == NULL)
    return NULL;
  evidence = psems_evidence_list (store, "incident", id, error);
  if (evidence == NULL)
    return NULL;
  explained = psems_incident_explain_clocks (incident);
  zone = g_time_zone_new_identifier (incident->time_zone);
  if (zone == NULL)
    zone = g_time_zone_new_utc ();

  row.incident = incident;
  row.facility = facility->code;
  json_builder_begin_object (builder);
  describe_incident (builder, &row);
  as_of_text = psems_instant_format (incident->as_of, zone);
  psems_json_add_string (builder, "as_of", as_of_text);

  json_builder_set_member_name (builder, "clocks");
  json_builder_begin_array (builder);
  for (guint k = 0; k < incident->clocks->len; k++)
    {
      const PsemsReportClock *c = &g_array_index (incident->clocks, PsemsReportClock, k);
      g_autofree char *due = c->due != PSEMS_INSTANT_NONE ? psems_instant_format (c->due, zone) : NULL;
      g_autofree char *sent = c->sent != PSEMS_INSTANT_NONE ? psems_instant_format (c->sent, zone) : NULL;
      g_autofree char *due_at = c->due != PSEMS_INSTANT_NONE ? psems_instant_to_stamp (c->due) : NULL;
      g_autofree char *sent_at = c->sent != PSEMS_INSTANT_NONE ? psems_instant_to_stamp (c->sent) : NULL;

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "report", psems_report_kind_to_string (c->kind));
      psems_json_add_string (builder, "citation", psems_report_kind_citation (c->kind));
      psems_json_add_string (builder, "state", psems_report_state_to_string (c->state));
      psems_json_add_string (builder, "due", c->kind == PSEMS_REPORT_NRC ? _("without delay") : due);
      psems_json_add_string (builder, "due_at", due_at);
      psems_json_add_string (builder, "sent", sent);
      psems_json_add_string (builder, "sent_at", sent_at);
      psems_json_add_int (builder, "margin_seconds", c->margin);
      psems_json_add_string (builder, "explanation", g_ptr_array_index (explained, k));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "controls");
  json_builder_begin_array (builder);
  for (guint k = 0; k < controls->len; k++)
    {
      const PsemsIncidentControl *c = g_ptr_array_index (controls, k);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "outcome", c->outcome);
      psems_json_add_string (builder, "ref", c->control_ref);
      psems_json_add_string (builder, "name", c->name);
      psems_json_add_string (builder, "layer", c->layer_name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "lessons");
  json_builder_begin_array (builder);
  for (guint k = 0; k < lessons->len; k++)
    {
      json_builder_begin_object (builder);
      describe_lesson (builder, g_ptr_array_index (lessons, k));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint k = 0; k < evidence->len; k++)
    {
      const PsemsEvidence *e = g_ptr_array_index (evidence, k);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "ref", e->ref);
      psems_json_add_string (builder, "file_name", e->file_name);
      psems_json_add_string (builder, "media_type", e->media_type);
      psems_json_add_int (builder, "size", e->size);
      psems_json_add_string (builder, "sha256", e->sha256);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
build_incident_record (PsemsStore  *store,
                       gint64       id,
                       GError     **error)
{
  return build_incident_record_as_of (store, id, NULL, error);
}

static const PsemsCliSection lesson_sections[] = { { NULL } };

static JsonNode *
build_lesson_record (PsemsStore  *store,
                     gint64       id,
                     GError     **error)
{
  g_autoptr(PsemsLesson) lesson = psems_lesson_get (store, id, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (lesson == NULL)
    return NULL;
  json_builder_begin_object (builder);
  describe_lesson (builder, lesson);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ─────────────────────────── option checks ─────────────────────────── */

/* A usage error unless @text is NULL or an instant as the core reads it. */
static gboolean
check_instant (PsemsCli   *cli,
               const char *option,
               const char *text,
               int        *status)
{
  gint64 instant;

  if (text == NULL || psems_instant_parse (text, NULL, &instant))
    return TRUE;
  *status = psems_cli_usage_error (cli, _("%s: “%s” is not a date and time written "
                                          "YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]"), option, text);
  return FALSE;
}

static gboolean
check_kind (PsemsCli   *cli,
            const char *kind,
            int        *status)
{
  g_autofree char *known = NULL;

  if (kind == NULL || g_strv_contains (psems_incident_kinds (), kind))
    return TRUE;
  known = g_strjoinv (", ", (char **) psems_incident_kinds ());
  *status = psems_cli_usage_error (cli, _("--kind: “%s” is not one of %s"), kind, known);
  return FALSE;
}

/* Resolves every control named in @texts into @ids; "" alone gives an empty set. */
static gboolean
resolve_controls (PsemsCli     *cli,
                  PsemsStore   *store,
                  const char   *option,
                  char        **texts,
                  GArray      **ids,
                  int          *status)
{
  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint k = 0; texts[k] != NULL; k++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id;

      if (*texts[k] == '\0')
        continue;
      id = psems_control_resolve (store, texts[k], &error);
      if (id <= 0)
        {
          g_prefix_error (&error, "%s: ", option);
          *status = psems_cli_data_error (cli, error);
          return FALSE;
        }
      g_array_append_val (*ids, id);
    }
  return TRUE;
}

/* ─────────────────────────── list and show ─────────────────────────── */

static int
incident_list (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_autofree char *facility = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *as_of = NULL;
  gboolean open_clocks = FALSE;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("Only this facility (reference or code)"), N_("FACILITY") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("Only this kind of incident"), N_("KIND") },
    { "open-clocks", 0, 0, G_OPTION_ARG_NONE, &open_clocks,
      N_("Only incidents with a report due or overdue"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("Only incidents that occurred on or after this day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
      N_("Only incidents that occurred on or before this day"), N_("YYYY-MM-DD") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("The instant the clocks are judged at (default now; without an offset, UTC)"), N_("INSTANT") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) incidents = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  PsemsIncidentFilter filter = { 0 };
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists incidents, latest first: reference, facility, when it occurred (in "
                          "the incident's time zone), kind, title, status, where its reporting clocks "
                          "stand (NIS2 Art. 23 for a significant incident, 33 CFR 101 subpart F for a "
                          "reportable cyber incident) and how many lessons are not yet implemented. "
                          "JSON gives every field."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!check_kind (cli, kind, &status) ||
      !psems_cli_parse_day_text (cli, "--from", from_text, FALSE, &from, &status) ||
      !psems_cli_parse_day_text (cli, "--to", to_text, FALSE, &to, &status) ||
      !check_instant (cli, "--as-of", as_of, &status))
    return status;

  if (facility != NULL)
    store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_facility_resolve, facility,
                                     &filter.facility_id, &status);
  else
    {
      store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
      if (store == NULL)
        return psems_cli_data_error (cli, error);
    }
  if (store == NULL)
    return status;

  filter.kind = kind;
  filter.open_clocks = open_clocks;
  filter.from = from;
  filter.to = to;
  filter.as_of = as_of;
  incidents = psems_incident_list (store, &filter, &error);
  if (incidents == NULL)
    return psems_cli_data_error (cli, error);
  codes = psems_cli_facility_codes (store, &error);
  if (codes == NULL)
    return psems_cli_data_error (cli, error);
  for (guint k = 0; k < incidents->len; k++)
    {
      IncidentRow *row = g_new0 (IncidentRow, 1);

      row->incident = g_ptr_array_index (incidents, k);
      row->facility = g_hash_table_lookup (codes, &row->incident->facility_id);
      g_ptr_array_add (rows, row);
    }
  psems_cli_print_list (cli, rows, (PsemsCliDescribeFunc) describe_incident, incident_columns);
  return PSEMS_EXIT_OK;
}

static int
incident_show (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_autofree char *as_of = NULL;
  const GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("The instant the clocks are judged at (default now; without an offset, in the incident's time "
         "zone)"), N_("INSTANT") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("INCIDENT"),
                        _("Prints an incident (INCIDENT is its reference, INC-YYYY-NNNN): when and where "
                          "it happened, in its time zone; each reporting clock with what is due by "
                          "when, what was sent when and where it stands as of the instant (--as-of, "
                          "default now); the controls that failed or worked; its lessons with the "
                          "findings that track them and the plan elements they amend; its evidence "
                          "files. CSV prints the incident's fields only."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_incident))) != PSEMS_EXIT_OK)
    return status;
  if (!check_instant (cli, "--as-of", as_of, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_incident_resolve, argv[1], &id,
                                   &status);
  if (store == NULL)
    return status;
  root = build_incident_record_as_of (store, id, as_of, &error);
  if (root == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_record (cli, root, incident_sections);
  return PSEMS_EXIT_OK;
}

/* ─────────────────────────── add and edit ─────────────────────────── */

typedef struct
{
  char *facility;
  char *kind;
  char *title;
  char *occurred_at;
  char *aware_at;
  char *time_zone;
  char *level;
  char *location;
  char *description;
  char *reported_by;
  char *reported_to;
  char *response;
  gboolean significant;
  gboolean not_significant;
  gboolean cyber_reportable;
  gboolean not_cyber_reportable;
  char **failed;
  char **worked;
  char **evidence;
} IncidentOptions;

static void
incident_options_clear (IncidentOptions *o)
{
  g_free (o->facility);
  g_free (o->kind);
  g_free (o->title);
  g_free (o->occurred_at);
  g_free (o->aware_at);
  g_free (o->time_zone);
  g_free (o->level);
  g_free (o->location);
  g_free (o->description);
  g_free (o->reported_by);
  g_free (o->reported_to);
  g_free (o->response);
  g_strfreev (o->failed);
  g_strfreev (o->worked);
  g_strfreev (o->evidence);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IncidentOptions, incident_options_clear)

#define INCIDENT_OPTION_ENTRIES(o) \
  { "kind", 0, 0, G_OPTION_ARG_STRING, &(o).kind, \
    N_("What happened: unauthorized-access, intrusion, suspicious-item, suspicious-behaviour, stowaway, " \
       "theft, cargo-tampering, bomb-threat, cyber, ssas-alert, see-say-act or other"), N_("KIND") }, \
  { "title", 0, 0, G_OPTION_ARG_STRING, &(o).title, N_("What happened, in one line"), N_("TEXT") }, \
  { "occurred-at", 0, 0, G_OPTION_ARG_STRING, &(o).occurred_at, \
    N_("When it happened (without an offset: in the incident's time zone)"), N_("INSTANT") }, \
  { "aware-at", 0, 0, G_OPTION_ARG_STRING, &(o).aware_at, \
    N_("When the facility became aware of it; the reporting clocks start here"), N_("INSTANT") }, \
  { "time-zone", 0, 0, G_OPTION_ARG_STRING, &(o).time_zone, \
    N_("Where it happened, an IANA zone such as Europe/Amsterdam (default the facility's)"), N_("ZONE") }, \
  { "level", 0, 0, G_OPTION_ARG_STRING, &(o).level, \
    N_("The security level at the time, 1–3 (default the facility's level then)"), N_("LEVEL") }, \
  { "location", 0, 0, G_OPTION_ARG_STRING, &(o).location, N_("Where in the facility"), N_("TEXT") }, \
  { "description", 0, 0, G_OPTION_ARG_STRING, &(o).description, N_("What happened, in full"), N_("TEXT") }, \
  { "reported-by", 0, 0, G_OPTION_ARG_STRING, &(o).reported_by, \
    N_("Who reported it (staff, a member of the public, …)"), N_("TEXT") }, \
  { "reported-to", 0, 0, G_OPTION_ARG_STRING, &(o).reported_to, N_("Authorities told"), N_("TEXT") }, \
  { "response", 0, 0, G_OPTION_ARG_STRING, &(o).response, N_("What was done"), N_("TEXT") }, \
  { "significant", 0, 0, G_OPTION_ARG_NONE, &(o).significant, \
    N_("A significant incident under NIS2 Art. 23: early warning, notification, final report"), NULL }, \
  { "cyber-reportable", 0, 0, G_OPTION_ARG_NONE, &(o).cyber_reportable, \
    N_("A reportable cyber incident under 33 CFR 101 subpart F: report without delay"), NULL }, \
  { "failed", 0, 0, G_OPTION_ARG_STRING_ARRAY, &(o).failed, \
    N_("A control that failed (CTL-YYYY-NNNN); repeat for several"), N_("CONTROL") }, \
  { "worked", 0, 0, G_OPTION_ARG_STRING_ARRAY, &(o).worked, \
    N_("A control that worked (CTL-YYYY-NNNN); repeat for several"), N_("CONTROL") }, \
  { "evidence", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &(o).evidence, \
    N_("A file to keep as its evidence; repeat for several"), N_("FILE") }

static gboolean
check_options (PsemsCli        *cli,
               IncidentOptions *o,
               int             *level,
               int             *status)
{
  *level = 0;
  if (o->level != NULL && (!psems_cli_parse_int (o->level, level) || *level < 1 || *level > 3))
    {
      *status = psems_cli_usage_error (cli, _("--level: “%s” is not a security level (1, 2 or 3)"), o->level);
      return FALSE;
    }
  if (o->significant && o->not_significant)
    {
      *status = psems_cli_usage_error (cli, _("--significant and --not-significant contradict each other"));
      return FALSE;
    }
  if (o->cyber_reportable && o->not_cyber_reportable)
    {
      *status = psems_cli_usage_error (cli, _("--cyber-reportable and --not-cyber-reportable contradict each "
                                              "other"));
      return FALSE;
    }
  return check_kind (cli, o->kind, status) && check_instant (cli, "--occurred-at", o->occurred_at, status) &&
         check_instant (cli, "--aware-at", o->aware_at, status);
}

static gboolean
any_field (const IncidentOptions *o)
{
  return o->kind != NULL || o->title != NULL || o->occurred_at != NULL || o->aware_at != NULL ||
         o->time_zone != NULL || o->level != NULL || o->location != NULL || o->description != NULL ||
         o->reported_by != NULL || o->reported_to != NULL || o->response != NULL || o->significant ||
         o->not_significant || o->cyber_reportable || o->not_cyber_reportable || o->failed != NULL ||
         o->worked != NULL || o->evidence != NULL;
}

static gboolean
apply_options (PsemsCli        *cli,
               PsemsStore      *store,
               IncidentOptions *o,
               int              level,
               PsemsIncident   *incident,
               GString         *changed,
               int             *status)
{
#define APPLY(option, field) \
  if (o->option != NULL) \
    { \
      g_free (incident->field); \
      incident->field = g_strdup (o->option); \
      psems_cli_note_changed (changed, #field); \
    }
  APPLY (kind, kind);
  APPLY (title, title);
  APPLY (occurred_at, occurred_at);
  APPLY (aware_at, aware_at);
  APPLY (time_zone, time_zone);
  APPLY (location, location);
  APPLY (description, description);
  APPLY (reported_by, reported_by);
  APPLY (reported_to, reported_to);
  APPLY (response, response);
#undef APPLY
  if (level != 0)
    {
      incident->security_level = level;
      psems_cli_note_changed (changed, "security_level");
    }
  if (o->significant || o->not_significant)
    {
      incident->significant = o->significant;
      psems_cli_note_changed (changed, "significant");
    }
  if (o->cyber_reportable || o->not_cyber_reportable)
    {
      incident->cyber_reportable = o->cyber_reportable;
      psems_cli_note_changed (changed, "cyber_reportable");
    }
  if (o->failed != NULL)
    {
      g_clear_pointer (&incident->failed_control_ids, g_array_unref);
      if (!resolve_controls (cli, store, "--failed", o->failed, &incident->failed_control_ids, status))
        return FALSE;
      psems_cli_note_changed (changed, "failed_controls");
    }
  else if (incident->id != 0)
    g_clear_pointer (&incident->failed_control_ids, g_array_unref);
  if (o->worked != NULL)
    {
      g_clear_pointer (&incident->worked_control_ids, g_array_unref);
      if (!resolve_controls (cli, store, "--worked", o->worked, &incident->worked_control_ids, status))
        return FALSE;
      psems_cli_note_changed (changed, "worked_controls");
    }
  else if (incident->id != 0)
    g_clear_pointer (&incident->worked_control_ids, g_array_unref);
  if (o->evidence != NULL)
    psems_cli_note_changed (changed, "evidence");
  return TRUE;
}

static int
incident_add (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_auto(IncidentOptions) o = { NULL };
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &o.facility, N_("The facility (reference or code)"),
      N_("FACILITY") },
    INCIDENT_OPTION_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsIncident) incident = psems_incident_new ();
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  gint64 id;
  int level, status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Records an incident, open. --facility, --kind, --title, --occurred-at and "
                          "--aware-at are required. Instants are written YYYY-MM-DDTHH:MM[:SS] with an "
                          "offset (Z, +01:00) or without one for wall-clock time in the incident's time "
                          "zone (--time-zone, default the facility's); neither may lie in the future, "
                          "and awareness never comes before the occurrence. --significant starts the "
                          "NIS2 Art. 23 clocks, --cyber-reportable the 33 CFR 101 subpart F one. Prints "
                          "the new incident's reference."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!check_options (cli, &o, &level, &status))
    return status;
  if (o.facility == NULL)
    return psems_cli_usage_error (cli, _("which facility? Give --facility with its reference or code"));
  if (o.kind == NULL)
    return psems_cli_usage_error (cli, _("--kind is required"));
  if (o.title == NULL)
    return psems_cli_usage_error (cli, _("--title is required"));
  if (o.occurred_at == NULL)
    return psems_cli_usage_error (cli, _("--occurred-at is required"));
  if (o.aware_at == NULL)
    return psems_cli_usage_error (cli, _("--aware-at is required (when the facility became aware of it)"));

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve, o.facility,
                                   &incident->facility_id, &status);
  if (store == NULL)
    return status;
  if (!apply_options (cli, store, &o, level, incident, changed, &status))
    return status;
  id = psems_incident_create (store, cli->actor, incident, (const char * const *) o.evidence, &ref, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s created"), ref);
  return psems_cli_confirm (cli, store, id, build_incident_record, incident_sections, line);
}

static int
incident_edit (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_auto(IncidentOptions) o = { NULL };
  const GOptionEntry entries[] = {
    INCIDENT_OPTION_ENTRIES (o),
    { "not-significant", 0, 0, G_OPTION_ARG_NONE, &o.not_significant,
      N_("Not a significant incident under NIS2 Art. 23 after all"), NULL },
    { "not-cyber-reportable", 0, 0, G_OPTION_ARG_NONE, &o.not_cyber_reportable,
      N_("Not a reportable cyber incident after all"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsIncident) incident = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int level, status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("INCIDENT"),
                        _("Changes the fields of an incident that are given as options and leaves the "
                          "others as they are; an empty value clears an optional text. --failed and "
                          "--worked replace the set of controls that failed or worked (--failed '' "
                          "empties it); --evidence adds files. Awareness cannot move after a report "
                          "already sent. The facility never changes."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_incident))) != PSEMS_EXIT_OK)
    return status;
  if (!any_field (&o))
    return psems_cli_usage_error (cli, _("nothing to change: give at least one field as an option"));
  if (!check_options (cli, &o, &level, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_incident_resolve, argv[1], &id, &status);
  if (store == NULL)
    return status;
  incident = psems_incident_get (store, id, NULL, &error);
  if (incident == NULL)
    return psems_cli_data_error (cli, error);
  if (!apply_options (cli, store, &o, level, incident, changed, &status))
    return status;
  if (!psems_incident_update (store, cli->actor, incident, (const char * const *) o.evidence, &error))
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s updated: %s"), incident->ref, changed->str);
  return psems_cli_confirm (cli, store, id, build_incident_record, incident_sections, line);
}

/* ─────────────────────────── reports and status ─────────────────────────── */

static int
incident_report_sent (PsemsCli *cli,
                      int       argc,
                      char    **argv)
{
  g_autofree char *what_text = NULL;
  g_autofree char *at = NULL;
  const GOptionEntry entries[] = {
    { "what", 0, 0, G_OPTION_ARG_STRING, &what_text,
      N_("Which report: early-warning, notification, final-report (NIS2 Art. 23) or nrc (33 CFR 101 "
         "subpart F)"), N_("REPORT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_("When it was sent (default now; without an offset, in the incident's time zone)"), N_("INSTANT") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsIncident) after = NULL;
  g_autoptr(GPtrArray) explained = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  PsemsReportKind what;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("INCIDENT"),
                        _("Records that a report on the incident was sent, at --at (default now): not "
                          "before the facility became aware, not in the future; the final report not "
                          "before the notification. Prints where the clock now stands."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_incident))) != PSEMS_EXIT_OK)
    return status;
  if (what_text == NULL)
    return psems_cli_usage_error (cli, _("--what is required: early-warning, notification, final-report or nrc"));
  if (!psems_report_kind_from_string (what_text, &what))
    return psems_cli_usage_error (cli, _("--what: “%s” is not one of early-warning, notification, "
                                         "final-report, nrc"), what_text);
  if (!check_instant (cli, "--at", at, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_incident_resolve, argv[1], &id, &status);
  if (store == NULL)
    return status;
  if (!psems_incident_record_report (store, cli->actor, id, what, at, &error))
    return psems_cli_data_error (cli, error);
  after = psems_incident_get (store, id, NULL, &error);
  if (after == NULL)
    return psems_cli_data_error (cli, error);
  explained = psems_incident_explain_clocks (after);
  for (guint k = 0; k < after->clocks->len; k++)
    if (g_array_index (after->clocks, PsemsReportClock, k).kind == what)
      line = g_strdup_printf ("%s: %s", after->ref, (const char *) g_ptr_array_index (explained, k));
  if (line == NULL)
    line = g_strdup_printf (_("%s: %s recorded"), after->ref, what_text);
  return psems_cli_confirm (cli, store, id, build_incident_record, incident_sections, line);
}

static int
incident_close (PsemsCli *cli,
                int       argc,
                char    **argv)
{
  g_autofree char *on_text = NULL;
  const GOptionEntry entries[] = {
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day it was closed (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *on = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("INCIDENT"),
                        _("Closes an incident: the response is over. Its lessons stay tracked by their "
                          "findings until implemented."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_incident))) != PSEMS_EXIT_OK)
    return status;
  if (!psems_cli_parse_day_text (cli, "--on", on_text, FALSE, &on, &status))
    return status;
  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_incident_resolve, argv[1], &id, &status);
  if (store == NULL)
    return status;
  if (!psems_incident_close (store, cli->actor, id, on, &error))
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s closed"), argv[1]);
  return psems_cli_confirm (cli, store, id, build_incident_record, incident_sections, line);
}

static int
incident_reopen (PsemsCli *cli,
                 int       argc,
                 char    **argv)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, _("INCIDENT"),
                        _("Reopens a closed incident (the audit trail keeps the closure)."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_incident))) != PSEMS_EXIT_OK)
    return status;
  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_incident_resolve, argv[1], &id, &status);
  if (store == NULL)
    return status;
  if (!psems_incident_reopen (store, cli->actor, id, &error))
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s reopened"), argv[1]);
  return psems_cli_confirm (cli, store, id, build_incident_record, incident_sections, line);
}

/* ─────────────────────────── lessons ─────────────────────────── */

/* An incident (INC-…) or a completion (CMP-…) a lesson comes from. */
static gboolean
resolve_origin (PsemsStore  *store,
                const char  *text,
                gint64      *incident_id,
                gint64      *completion_id,
                GError     **error)
{
  g_autofree char *prefix = NULL;
  int year;
  gint64 number;

  if (psems_ref_parse (text, &prefix, &year, &number) && g_ascii_strcasecmp (prefix, "CMP") == 0)
    {
      *completion_id = psems_ref_resolve (store, "completion", text, error);
      return *completion_id > 0;
    }
  *incident_id = psems_incident_resolve (store, text, error);
  return *incident_id > 0;
}

static int
incident_lesson (PsemsCli *cli,
                 int       argc,
                 char    **argv)
{
  g_autofree char *text = NULL;
  g_autofree char *amends = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *severity = NULL;
  const GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("What was learned and is to be done"), N_("TEXT") },
    { "amends", 0, 0, G_OPTION_ARG_STRING, &amends,
      N_("The plan element it amends: PLN-YYYY-NNNN:KEY"), N_("ELEMENT") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("Who carries out the action"), N_("TEXT") },
    { "due", 0, 0, G_OPTION_ARG_STRING, &due_text, N_("When the action is due"), N_("YYYY-MM-DD") },
    { "severity", 0, 0, G_OPTION_ARG_STRING, &severity,
      N_("The tracking finding's severity: major, minor or observation (default observation)"),
      N_("SEVERITY") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *finding_ref = NULL;
  g_autofree char *line = NULL;
  PsemsLessonInput input = { 0 };
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("INCIDENT"),
                        _("Records a lesson learned from an incident (INC-YYYY-NNNN) or from a completed "
                          "audit, drill or exercise (CMP-YYYY-NNNN). The lesson becomes a tracked "
                          "action: a finding raised in the same write, with the lesson as its "
                          "corrective action, --owner and --due; --amends names the plan element to "
                          "change. Prints the lesson's and the finding's references."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_incident))) != PSEMS_EXIT_OK)
    return status;
  if (text == NULL)
    return psems_cli_usage_error (cli, _("--text is required: what was learned"));
  if (severity != NULL && !g_strv_contains (psems_finding_severities (), severity))
    return psems_cli_usage_error (cli, _("--severity: “%s” is not one of major, minor, observation"), severity);
  if (!psems_cli_parse_day_text (cli, "--due", due_text, FALSE, &due, &status))
    return status;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (!resolve_origin (store, argv[1], &input.incident_id, &input.completion_id, &error))
    return psems_cli_data_error (cli, error);
  if (amends != NULL)
    {
      input.plan_element_id = psems_lesson_resolve_plan_element (store, amends, &error);
      if (input.plan_element_id <= 0)
        {
          g_prefix_error (&error, "--amends: ");
          return psems_cli_data_error (cli, error);
        }
    }
  input.text = text;
  input.owner = owner;
  input.due_on = due;
  input.severity = severity;
  id = psems_lesson_add (store, cli->actor, &input, &ref, &finding_ref, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  line = amends != NULL ? g_strdup_printf (_("%s recorded; tracked by %s; amends %s"), ref, finding_ref, amends)
                        : g_strdup_printf (_("%s recorded; tracked by %s"), ref, finding_ref);
  return psems_cli_confirm (cli, store, id, build_lesson_record, lesson_sections, line);
}

static int
run_lesson_step (PsemsCli   *cli,
                 int         argc,
                 char      **argv,
                 gboolean    implement,
                 const char *summary)
{
  g_autofree char *on_text = NULL;
  const GOptionEntry entries[] = {
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text,
      N_("The day it was implemented (default today; not in the future)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsLesson) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *on = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, implement ? entries : NULL, _("LESSON"), summary, TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_lesson))) != PSEMS_EXIT_OK)
    return status;
  if (!psems_cli_parse_day_text (cli, "--on", on_text, FALSE, &on, &status))
    return status;
  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_lesson_resolve, argv[1], &id, &status);
  if (store == NULL)
    return status;
  if (!(implement ? psems_lesson_implement (store, cli->actor, id, on, &error)
                  : psems_lesson_start (store, cli->actor, id, &error)))
    return psems_cli_data_error (cli, error);
  after = psems_lesson_get (store, id, &error);
  if (after == NULL)
    return psems_cli_data_error (cli, error);
  line = implement ? g_strdup_printf (_("%s implemented on %s"), after->ref, after->implemented_on)
                   : g_strdup_printf (_("%s in progress"), after->ref);
  return psems_cli_confirm (cli, store, id, build_lesson_record, lesson_sections, line);
}

static int
incident_lesson_start (PsemsCli *cli,
                       int       argc,
                       char    **argv)
{
  return run_lesson_step (cli, argc, argv, FALSE, _("Marks an open lesson as in progress."));
}

static int
incident_lesson_done (PsemsCli *cli,
                      int       argc,
                      char    **argv)
{
  return run_lesson_step (cli, argc, argv, TRUE,
                          _("Marks a lesson implemented on --on (default today). Its tracked action "
                            "must be done first: its finding closed or verified, and the day not "
                            "before the finding was closed."));
}

static const PsemsCliVerb incident_verbs[] = {
  { "list",         N_("List incidents and where their reporting clocks stand"), incident_list },
  { "show",         N_("Print an incident: clocks, controls, lessons, evidence"), incident_show },
  { "add",          N_("Record an incident"), incident_add },
  { "edit",         N_("Change an incident"), incident_edit },
  { "report-sent",  N_("Record that a report was sent (NIS2 Art. 23)"), incident_report_sent },
  { "close",        N_("Close an incident"), incident_close },
  { "reopen",       N_("Reopen a closed incident"), incident_reopen },
  { "lesson",       N_("Record a lesson learned; it becomes a tracked action"), incident_lesson },
  { "lesson-start", N_("Mark a lesson as in progress"), incident_lesson_start },
  { "lesson-done",  N_("Mark a lesson implemented"), incident_lesson_done },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_incident = {
  "incident", N_("Incidents, reporting clocks and lessons learned"), incident_verbs,
};
