/* psems-cli-schedule.c — psems-cli schedule (list, show, add, edit, done): audits, drills, exercises and reviews and their clocks. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-evidence.h"
#include "psems-facility.h"
#include "psems-ics.h"
#include "psems-schedule.h"

extern const PsemsCliNoun psems_cli_noun_schedule;

static const char which_item[] = N_("which schedule item? Give its reference, SCH-YYYY-NNNN");

/* Compliance in `schedule show` looks back this far: 33 CFR 105.225 keeps
 * drill, exercise and audit records two years. */
#define SHOW_YEARS 2

/* ─────────────────────────── records ─────────────────────────── */

static const char * const item_columns[] = {
  "ref", "facility", "kind", "title", "state", "due", "last_done", "assignee", NULL
};
static const char * const completion_columns[] = {
  "ref", "done_on", "due_on", "duration_minutes", "description", "recorded_by", NULL
};
static const char * const violation_columns[] = { "due", "done_on", "explanation", NULL };
static const PsemsCliSection item_sections[] = {
  { "completions", N_("Completions"), completion_columns },
  { "violations", N_("Missed deadlines in the last two years"), violation_columns },
  { NULL }
};

static void
add_day (JsonBuilder *builder,
         const char  *name,
         PsemsDay     day)
{
  g_autofree char *text = day != PSEMS_DAY_NONE ? psems_day_format_iso (day) : NULL;

  psems_json_add_string (builder, name, text);
}

static void
describe_item (JsonBuilder             *builder,
               const PsemsScheduleItem *item)
{
  const PsemsScheduleStatus *st = item->status;

  psems_json_add_string (builder, "ref", item->ref);
  psems_json_add_string (builder, "facility", item->facility_code);
  psems_json_add_string (builder, "kind", item->kind);
  psems_json_add_string (builder, "title", item->title);
  psems_json_add_string (builder, "state", psems_clock_state_to_string (st->state));
  add_day (builder, "due", st->due);
  add_day (builder, "overdue_since", st->overdue_since);
  add_day (builder, "last_done", st->last_done);
  psems_json_add_string (builder, "assignee", item->assignee);
  psems_json_add_string (builder, "rule", item->rule);
  psems_json_add_string (builder, "citation", st->citation);
  if (item->interval_months > 0)
    psems_json_add_int (builder, "interval_months", item->interval_months);
  else
    psems_json_add_string (builder, "interval_months", NULL);
  psems_json_add_string (builder, "start", item->anchor);
  add_day (builder, "as_of", st->as_of);
  psems_json_add_string (builder, "explanation", st->explanation);
}

static JsonNode *
build_item_record (PsemsStore  *store,
                   gint64       id,
                   PsemsDay     as_of,
                   GError     **error)
{
  g_autoptr(PsemsScheduleItem) item = NULL;
  g_autoptr(GPtrArray) completions = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDate) from_date = g_date_new ();
  PsemsDay from;

  item = psems_schedule_get (store, id, error);
  if (item == NULL)
    return NULL;
  item->status = psems_schedule_evaluate (store, item, as_of, error);
  if (item->status == NULL)
    return NULL;
  completions = psems_schedule_list_completions (store, id, error);
  if (completions == NULL)
    return NULL;
  psems_day_to_date (as_of, from_date);
  g_date_subtract_years (from_date, SHOW_YEARS);
  from = psems_day_from_date (from_date) + 1;
  violations = psems_schedule_check (store, item, from, as_of, error);
  if (violations == NULL)
    return NULL;

  json_builder_begin_object (builder);
  describe_item (builder, item);
  psems_json_add_string (builder, "description", item->description);
  add_day (builder, "compliance_from", from);
  psems_json_add_boolean (builder, "compliant", violations->len == 0);
  json_builder_set_member_name (builder, "completions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < completions->len; i++)
    {
      const PsemsCompletion *c = g_ptr_array_index (completions, i);
      g_autoptr(GPtrArray) evidence = NULL;

      if (psems_day_parse (c->done_on) > as_of)
        continue;
      evidence = psems_evidence_list (store, "completion", c->id, error);
      if (evidence == NULL)
        return NULL;
      json_builder_begin_object (builder);
      psems_json_add_string (builder, "ref", c->ref);
      psems_json_add_string (builder, "done_on", c->done_on);
      psems_json_add_string (builder, "due_on", c->due_on);
      if (c->duration_minutes > 0)
        psems_json_add_int (builder, "duration_minutes", c->duration_minutes);
      else
        psems_json_add_string (builder, "duration_minutes", NULL);
      psems_json_add_string (builder, "description", c->description);
      psems_json_add_string (builder, "participants", c->participants);
      psems_json_add_string (builder, "lessons_learned", c->lessons_learned);
      psems_json_add_string (builder, "recorded_by", c->recorded_by);
      json_builder_set_member_name (builder, "evidence");
      json_builder_begin_array (builder);
      for (guint j = 0; j < evidence->len; j++)
        json_builder_add_string_value (builder, ((const PsemsEvidence *) g_ptr_array_index (evidence, j))->ref);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "violations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < violations->len; i++)
    {
      const PsemsScheduleViolation *v = g_ptr_array_index (violations, i);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "constraint",
                             v->violation.constraint == PSEMS_CLOCK_BY_MAX_GAP ? "max-gap" : "interval");
      add_day (builder, "since", v->violation.since);
      add_day (builder, "due", v->violation.due);
      add_day (builder, "done_on", v->violation.done_on);
      psems_json_add_string (builder, "explanation", v->explanation);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* For psems_cli_confirm(): the record as of today. */
static JsonNode *
build_item_record_today (PsemsStore  *store,
                         gint64       id,
                         GError     **error)
{
  return build_item_record (store, id, psems_day_today (), error);
}

/* ─────────────────────────── shared option checks ─────────────────────────── */

/* A day option as PsemsDay, or a usage error naming @option. */
static gboolean
parse_day_option (PsemsCli    *cli,
                  const char  *option,
                  const char  *text,
                  PsemsDay    *day,
                  int         *status)
{
  GDate date;
  gboolean given;

  if (!psems_cli_parse_day (cli, option, text, &date, &given, status))
    return FALSE;
  *day = given ? psems_day_from_date (&date) : PSEMS_DAY_NONE;
  return TRUE;
}

static gboolean
parse_count_option (PsemsCli    *cli,
                    const char  *option,
                    const char  *text,
                    int         *value,
                    int         *status)
{
  if (text != NULL && !psems_cli_parse_int (text, value))
    {
      *status = psems_cli_usage_error (cli, _("%s: “%s” is not a whole number"), option, text);
      return FALSE;
    }
  return TRUE;
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
schedule_list (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_autofree char *facility = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *due_within = NULL;
  g_autofree char *as_of_text = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  gboolean overdue = FALSE;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("Only this facility (reference or code)"), N_("FACILITY") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      N_("Only this kind: audit, drill, exercise, cyber-drill, assessment-review, "
         "gap-self-assessment, training or plan-review"), N_("KIND") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue,
      N_("Only items overdue on the day (see --as-of)"), NULL },
    { "due-within", 0, 0, G_OPTION_ARG_STRING, &due_within,
      N_("Only items overdue or due within this many days of the day"), N_("DAYS") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("Where things stood on this day (completions after it do not count); default today"),
      N_("YYYY-MM-DD") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("How to print: text, json, csv or ics (an iCalendar file)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("With --format ics: write the calendar to this file instead of standard output"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  PsemsScheduleFilter filter = { 0 };
  gboolean ics = FALSE;
  int within = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists schedule items with where they stand on a day: overdue first, "
                          "then by due date. state is ok, due-soon or overdue; due is the "
                          "deadline (for an overdue item the first one missed). Due dates come "
                          "from the item's regime rule (ISPS Code B/18.5, 33 CFR 105.220, …), "
                          "or from an interval or a day set by hand. --format ics writes an "
                          "iCalendar file with one all-day event per due date for calendar "
                          "clients. JSON adds the rule, its citation and the explanation."),
                        FALSE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (format != NULL && g_ascii_strcasecmp (format, "ics") == 0)
    ics = TRUE;
  else if (format != NULL && !psems_format_from_string (format, &cli->format))
    return psems_cli_usage_error (cli, _("unknown format “%s” (use text, json, csv or ics)"), format);
  if (output != NULL && !ics)
    return psems_cli_usage_error (cli, "%s", _("--output writes a calendar: give --format ics too"));
  if (!parse_count_option (cli, "--due-within", due_within, &within, &status))
    return status;
  if (within < 0)
    return psems_cli_usage_error (cli, _("--due-within: %d is negative"), within);
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;
  if (kind != NULL && !g_strv_contains (psems_schedule_kinds (), kind))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) psems_schedule_kinds ());

      return psems_cli_usage_error (cli, _("--kind: “%s” is not a kind (%s)"), kind, known);
    }

  if (facility != NULL)
    store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_facility_resolve,
                                     facility, &filter.facility_id, &status);
  else
    {
      store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
      if (store == NULL)
        return psems_cli_data_error (cli, error);
    }
  if (store == NULL)
    return status;

  filter.kind = kind;
  filter.as_of = as_of;
  filter.overdue = overdue;
  filter.due_within_set = due_within != NULL;
  filter.due_within_days = (guint) within;
  list = psems_schedule_list (store, &filter, &error);
  if (list == NULL)
    return psems_cli_data_error (cli, error);

  if (ics)
    {
      g_autofree char *calendar = psems_ics_from_schedule (list, NULL);

      if (output == NULL)
        {
          fputs (calendar, stdout);
          return PSEMS_EXIT_OK;
        }
      if (!g_file_set_contents (output, calendar, -1, &error))
        return psems_cli_data_error (cli, error);
      return PSEMS_EXIT_OK;
    }
  psems_cli_print_list (cli, list, (PsemsCliDescribeFunc) describe_item, item_columns);
  return PSEMS_EXIT_OK;
}

static int
schedule_show (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_autofree char *as_of_text = NULL;
  const GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("Where the item stood on this day; default today"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  PsemsDay as_of = PSEMS_DAY_NONE;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("SCH"),
                        _("Prints a schedule item (SCH is its reference, SCH-YYYY-NNNN): where it "
                          "stands on the day with the explanation, its completions up to that day "
                          "(the day, the deadline it answered, duration, description, participants, "
                          "lessons learned, evidence) and every deadline missed in the two years "
                          "before (33 CFR 105.225 keeps records that long). CSV prints the item's "
                          "fields only."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_item))) != PSEMS_EXIT_OK)
    return status;
  if (!parse_day_option (cli, "--as-of", as_of_text, &as_of, &status))
    return status;
  if (as_of == PSEMS_DAY_NONE)
    as_of = psems_day_today ();

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_schedule_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  root = build_item_record (store, id, as_of, &error);
  if (root == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_record (cli, root, item_sections);
  return PSEMS_EXIT_OK;
}

/* What add and edit share. */
typedef struct
{
  char *kind;
  char *title;
  char *description;
  char *rule;
  char *every;
  char *anchor;
  char *assignee;
  char *due;
} ItemOptions;

static void
item_options_clear (ItemOptions *o)
{
  g_free (o->kind);
  g_free (o->title);
  g_free (o->description);
  g_free (o->rule);
  g_free (o->every);
  g_free (o->anchor);
  g_free (o->assignee);
  g_free (o->due);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ItemOptions, item_options_clear)

#define ITEM_ENTRIES(o) \
    { "kind", 0, 0, G_OPTION_ARG_STRING, &(o).kind, \
      N_("audit, drill, exercise, cyber-drill, assessment-review, gap-self-assessment, training " \
         "or plan-review"), N_("KIND") }, \
    { "title", 0, 0, G_OPTION_ARG_STRING, &(o).title, N_("What is to be done"), N_("TEXT") }, \
    { "description", 0, 0, G_OPTION_ARG_STRING, &(o).description, N_("More about it"), N_("TEXT") }, \
    { "rule", 0, 0, G_OPTION_ARG_STRING, &(o).rule, \
      N_("The regime rule that sets its due dates, e.g. isps-b18.5 or 33cfr-105.415-audit"), \
      N_("RULE-ID") }, \
    { "every", 0, 0, G_OPTION_ARG_STRING, &(o).every, \
      N_("Recurs this many months after the last completion (set by hand, no rule)"), N_("MONTHS") }, \
    { "anchor", 0, 0, G_OPTION_ARG_STRING, &(o).anchor, \
      N_("The day its clock starts (default: the day it is added)"), N_("YYYY-MM-DD") }, \
    { "assignee", 0, 0, G_OPTION_ARG_STRING, &(o).assignee, N_("Who does it"), N_("NAME") }, \
    { "due", 0, 0, G_OPTION_ARG_STRING, &(o).due, \
      N_("The (first) due day, for an item without a rule"), N_("YYYY-MM-DD") }

/* Copies the options given into @item; FALSE after a usage error. */
static gboolean
apply_item_options (PsemsCli          *cli,
                    const ItemOptions *o,
                    PsemsScheduleItem *item,
                    int               *status)
{
  int every = 0;

  if (o->rule != NULL && *o->rule != '\0' && o->every != NULL)
    {
      *status = psems_cli_usage_error (cli, "%s", _("give --rule or --every, not both: a rule sets "
                                                    "its own interval"));
      return FALSE;
    }
  if (!parse_count_option (cli, "--every", o->every, &every, status))
    return FALSE;
#define TAKE(field, value) if ((value) != NULL) { g_free (item->field); item->field = g_strdup (value); }
  TAKE (kind, o->kind);
  TAKE (title, o->title);
  TAKE (description, o->description);
  TAKE (assignee, o->assignee);
  TAKE (rule, o->rule);
#undef TAKE
  if (o->rule != NULL && *o->rule != '\0')
    item->interval_months = 0;
  if (o->every != NULL)
    {
      item->interval_months = every;
      g_clear_pointer (&item->rule, g_free);
    }
  g_clear_pointer (&item->anchor, g_free);
  if (!psems_cli_parse_day_text (cli, "--anchor", o->anchor, FALSE, &item->anchor, status))
    return FALSE;
  g_clear_pointer (&item->next_due, g_free);
  if (!psems_cli_parse_day_text (cli, "--due", o->due, TRUE, &item->next_due, status))
    return FALSE;
  return TRUE;
}

static int
schedule_add (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_auto(ItemOptions) o = { 0 };
  g_autofree char *facility = NULL;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("The facility (reference or code)"), N_("FACILITY") },
    ITEM_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsScheduleItem) item = psems_schedule_item_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Adds a schedule item to a facility. --facility, --kind and --title are "
                          "required. Its due dates come from --rule (a regime rule: the clock "
                          "starts on --anchor, or the plan's approval for rules counted from it), "
                          "from --every MONTHS after the last completion (the first due on --due "
                          "or --every months after --anchor), or, with neither, once on --due. "
                          "Prints the new item's reference."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (facility == NULL)
    return psems_cli_usage_error (cli, "%s", _("which facility? Give --facility with its "
                                                "reference or code"));
  if (o.kind == NULL)
    return psems_cli_usage_error (cli, "%s", _("--kind is required"));
  if (o.title == NULL)
    return psems_cli_usage_error (cli, "%s", _("--title is required"));
  if (!apply_item_options (cli, &o, item, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve, facility,
                                   &item->facility_id, &status);
  if (store == NULL)
    return status;
  id = psems_schedule_create (store, cli->actor, item, &ref, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s created"), ref);
  return psems_cli_confirm (cli, store, id, build_item_record_today, item_sections, line);
}

static int
schedule_edit (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_auto(ItemOptions) o = { 0 };
  const GOptionEntry entries[] = {
    ITEM_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsScheduleItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("SCH"),
                        _("Changes a schedule item; options not given keep their value. --rule \"\" "
                          "removes the rule (give --every or --due then), --every switches to an "
                          "interval set by hand, --due sets the next due day of an item without a "
                          "rule (\"\" clears it), --anchor moves the day its clock starts. The due "
                          "dates are recomputed."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_item))) != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_schedule_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  item = psems_schedule_get (store, id, &error);
  if (item == NULL)
    return psems_cli_data_error (cli, error);
  {
    /* The due day of an item without a rule stays unless changed. */
    g_autofree char *kept_due = (o.due == NULL && item->rule == NULL && o.rule == NULL && o.every == NULL)
                              ? g_strdup (item->next_due) : NULL;

    if (!apply_item_options (cli, &o, item, &status))
      return status;
    if (kept_due != NULL)
      item->next_due = g_steal_pointer (&kept_due);
  }
  if (!psems_schedule_update (store, cli->actor, item, &error))
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s updated"), item->ref);
  return psems_cli_confirm (cli, store, id, build_item_record_today, item_sections, line);
}

static int
schedule_done (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_autofree char *on = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *description = NULL;
  g_autofree char *participants = NULL;
  g_autofree char *lessons = NULL;
  g_autofree char *recorded_by = NULL;
  g_auto(GStrv) evidence = NULL;
  const GOptionEntry entries[] = {
    { "on", 0, 0, G_OPTION_ARG_STRING, &on,
      N_("The day it was done (not in the future)"), N_("YYYY-MM-DD") },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &duration,
      N_("How long it took, in minutes"), N_("MINUTES") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description,
      N_("What was done: the scenario of a drill or exercise, the scope of an audit"), N_("TEXT") },
    { "participants", 0, 0, G_OPTION_ARG_STRING, &participants,
      N_("Who took part"), N_("TEXT") },
    { "lessons", 0, 0, G_OPTION_ARG_STRING, &lessons,
      N_("The lessons learned"), N_("TEXT") },
    { "recorded-by", 0, 0, G_OPTION_ARG_STRING, &recorded_by,
      N_("Who records it (default: the acting user)"), N_("NAME") },
    { "evidence", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &evidence,
      N_("A file to keep as its evidence, e.g. the drill sheet; repeat for several"), N_("FILE") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsCompletion) completion = psems_completion_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  g_autofree char *item_ref = NULL;
  gint64 id = 0;
  int minutes = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("SCH"),
                        _("Records that a schedule item was done, with what 33 CFR 105.225 asks a "
                          "record to hold: the day (--on, required, not in the future), the "
                          "duration, the description or scenario, the participants and the "
                          "lessons learned; each --evidence file is kept with it. The item's next "
                          "due day is recomputed in the same write; nothing is written when "
                          "anything is refused."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_item))) != PSEMS_EXIT_OK)
    return status;
  if (on == NULL)
    return psems_cli_usage_error (cli, "%s", _("--on is required: the day it was done"));
  if (!psems_cli_parse_day_text (cli, "--on", on, FALSE, &completion->done_on, &status) ||
      !parse_count_option (cli, "--duration", duration, &minutes, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_schedule_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  completion->schedule_item_id = id;
  completion->duration_minutes = minutes;
  completion->description = g_strdup (description);
  completion->participants = g_strdup (participants);
  completion->lessons_learned = g_strdup (lessons);
  completion->recorded_by = g_strdup (recorded_by);
  if (psems_schedule_record_completion (store, cli->actor, completion,
                                        (const char * const *) evidence, &ref, &error) <= 0)
    return psems_cli_data_error (cli, error);
  {
    g_autoptr(PsemsScheduleItem) item = psems_schedule_get (store, id, NULL);

    item_ref = g_strdup (item != NULL ? item->ref : argv[1]);
  }
  line = g_strdup_printf (_("%s recorded for %s"), ref, item_ref);
  return psems_cli_confirm (cli, store, id, build_item_record_today, item_sections, line);
}

static const PsemsCliVerb schedule_verbs[] = {
  { "list", N_("List schedule items and where they stand on a day"), schedule_list },
  { "show", N_("Print a schedule item, its completions and its compliance"), schedule_show },
  { "add",  N_("Add a schedule item"), schedule_add },
  { "edit", N_("Change a schedule item"), schedule_edit },
  { "done", N_("Record that a schedule item was done"), schedule_done },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_schedule = {
  "schedule", N_("Audits, drills, exercises and reviews, and when they are due"), schedule_verbs,
};
