/* psems-cli-finding.c — psems-cli finding (list, show, add, edit, start, close, verify, reopen): findings and their corrective actions. */
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
#include "psems-ref.h"

static const char which_finding[] = N_("which finding? Give its reference, FND-YYYY-NNNN");

/* ─────────────────────────── records ─────────────────────────── */

typedef struct
{
  const PsemsFinding *finding;
  const char *facility;
} FindingRow;

static const char * const finding_columns[] = {
  "ref", "facility", "severity", "status", "title", "owner", "due_on", "overdue", NULL
};
static const char * const evidence_columns[] = { "ref", "file_name", "media_type", "size", NULL };
static const PsemsCliSection finding_sections[] = {
  { "evidence", N_("Evidence"), evidence_columns },
  { NULL }
};

static void
describe_finding (JsonBuilder      *builder,
                  const FindingRow *row)
{
  const PsemsFinding *f = row->finding;

  psems_json_add_string (builder, "ref", f->ref);
  psems_json_add_string (builder, "facility", row->facility);
  psems_json_add_string (builder, "source", f->source);
  psems_json_add_string (builder, "completion", f->completion_ref);
  psems_json_add_string (builder, "incident", f->incident_ref);
  psems_json_add_string (builder, "answer", f->answer_ref);
  psems_json_add_string (builder, "control", f->control_ref);
  psems_json_add_string (builder, "severity", f->severity);
  psems_json_add_string (builder, "status", f->status);
  psems_json_add_string (builder, "title", f->title);
  psems_json_add_string (builder, "description", f->description);
  psems_json_add_string (builder, "requirement", f->requirement_ref);
  psems_json_add_string (builder, "root_cause", f->root_cause);
  psems_json_add_string (builder, "corrective_action", f->corrective_action);
  psems_json_add_string (builder, "owner", f->owner);
  psems_json_add_string (builder, "raised_on", f->raised_on);
  psems_json_add_string (builder, "raised_by", f->raised_by);
  psems_json_add_string (builder, "due_on", f->due_on);
  psems_json_add_boolean (builder, "overdue", f->overdue);
  psems_json_add_int (builder, "days_open", f->days_open);
  psems_json_add_string (builder, "closed_on", f->closed_on);
  psems_json_add_string (builder, "closed_by", f->closed_by);
  psems_json_add_string (builder, "verified_on", f->verified_on);
  psems_json_add_string (builder, "verified_by", f->verified_by);
  psems_json_add_boolean (builder, "self_verified", f->self_verified);
  psems_json_add_int (builder, "evidence_files", f->n_evidence);
}

/* The finding as of @as_of (NULL: today) and its evidence files. */
static JsonNode *
build_finding_record_as_of (PsemsStore  *store,
                            gint64       id,
                            const char  *as_of,
                            GError     **error)
{
  g_autoptr(PsemsFinding) finding = NULL;
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *today = psems_cli_today ();
  FindingRow row;

  finding = psems_finding_get (store, id, as_of, error);
  if (finding == NULL)
    return NULL;
  facility = psems_facility_get (store, finding->facility_id, error);
  if (facility == NULL)
    return NULL;
  evidence = psems_evidence_list (store, "finding", id, error);
  if (evidence == NULL)
    return NULL;

  row.finding = finding;
  row.facility = facility->code;
  json_builder_begin_object (builder);
  describe_finding (builder, &row);
  psems_json_add_string (builder, "as_of", as_of != NULL ? as_of : today);
  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; i < evidence->len; i++)
    {
      const PsemsEvidence *e = g_ptr_array_index (evidence, i);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "ref", e->ref);
      psems_json_add_string (builder, "file_name", e->file_name);
      psems_json_add_string (builder, "media_type", e->media_type);
      psems_json_add_int (builder, "size", e->size);
      psems_json_add_string (builder, "sha256", e->sha256);
      psems_json_add_string (builder, "description", e->description);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
build_finding_record (PsemsStore  *store,
                      gint64       id,
                      GError     **error)
{
  return build_finding_record_as_of (store, id, NULL, error);
}

/* ─────────────────────────── option checks ─────────────────────────── */

/* A usage error unless @value is NULL or one of @values (or @extra). */
static gboolean
check_value (PsemsCli           *cli,
             const char         *option,
             const char         *value,
             const char * const *values,
             const char         *extra,
             int                *status)
{
  g_autofree char *known = NULL;

  if (value == NULL || g_strv_contains (values, value) || g_strcmp0 (value, extra) == 0)
    return TRUE;
  known = g_strjoinv (", ", (char **) values);
  if (extra != NULL)
    *status = psems_cli_usage_error (cli, _("%s: “%s” is not one of %s, %s"), option, value, known, extra);
  else
    *status = psems_cli_usage_error (cli, _("%s: “%s” is not one of %s"), option, value, known);
  return FALSE;
}

/* The id @text names through @resolve, or 0 after printing why (@status set);
 * "" is 0 without complaint when @empty_clears. */
static gboolean
resolve_option (PsemsCli             *cli,
                PsemsStore           *store,
                const char           *option,
                const char           *text,
                PsemsCliResolveFunc   resolve,
                gint64               *id,
                int                  *status)
{
  g_autoptr(GError) error = NULL;

  if (*text == '\0')
    {
      *id = 0;
      return TRUE;
    }
  *id = resolve (store, text, &error);
  if (*id <= 0)
    {
      g_prefix_error (&error, "%s: ", option);
      *status = psems_cli_data_error (cli, error);
      return FALSE;
    }
  return TRUE;
}

static gint64
resolve_completion (PsemsStore  *store,
                    const char  *text,
                    GError     **error)
{
  return psems_ref_resolve (store, "completion", text, error);
}

static gint64
resolve_incident (PsemsStore  *store,
                  const char  *text,
                  GError     **error)
{
  return psems_ref_resolve (store, "incident", text, error);
}

/* ─────────────────────────── list and show ─────────────────────────── */

static int
finding_list (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_autofree char *facility = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *severity = NULL;
  g_autofree char *source = NULL;
  g_autofree char *control = NULL;
  g_autofree char *as_of_text = NULL;
  gboolean overdue = FALSE;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("Only this facility (reference or code)"), N_("FACILITY") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_text,
      N_("Only this status: open, in-progress, closed, verified, or unresolved (open or in progress)"),
      N_("STATUS") },
    { "severity", 0, 0, G_OPTION_ARG_STRING, &severity,
      N_("Only this severity: major, minor, observation"), N_("SEVERITY") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source,
      N_("Only this source: audit, drill, exercise, incident, gap, manual"), N_("SOURCE") },
    { "control", 0, 0, G_OPTION_ARG_STRING, &control,
      N_("Only findings against this control (CTL-YYYY-NNNN)"), N_("CONTROL") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue,
      N_("Only open or in-progress findings whose action is past due"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("The day overdue and days open are judged on (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  PsemsFindingFilter filter = { 0 };
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists findings: unresolved ones first, by due date, then the closed and "
                          "verified ones. Text shows the reference, facility, severity, status, "
                          "title, owner, due date and whether the action is overdue as of the day "
                          "(--as-of, default today); JSON gives every field."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!check_value (cli, "--status", status_text, psems_finding_statuses (), "unresolved", &status) ||
      !check_value (cli, "--severity", severity, psems_finding_severities (), NULL, &status) ||
      !check_value (cli, "--source", source, psems_finding_sources (), NULL, &status) ||
      !psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;

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
  if (control != NULL &&
      !resolve_option (cli, store, "--control", control, psems_control_resolve, &filter.control_id, &status))
    return status;

  filter.status = status_text;
  filter.severity = severity;
  filter.source = source;
  filter.overdue = overdue;
  filter.as_of = as_of;
  findings = psems_finding_list (store, &filter, &error);
  if (findings == NULL)
    return psems_cli_data_error (cli, error);
  codes = psems_cli_facility_codes (store, &error);
  if (codes == NULL)
    return psems_cli_data_error (cli, error);
  for (guint i = 0; i < findings->len; i++)
    {
      FindingRow *row = g_new0 (FindingRow, 1);

      row->finding = g_ptr_array_index (findings, i);
      row->facility = g_hash_table_lookup (codes, &row->finding->facility_id);
      g_ptr_array_add (rows, row);
    }
  psems_cli_print_list (cli, rows, (PsemsCliDescribeFunc) describe_finding, finding_columns);
  return PSEMS_EXIT_OK;
}

static int
finding_show (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_autofree char *as_of_text = NULL;
  const GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("The day overdue and days open are judged on (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("FINDING"),
                        _("Prints a finding (FINDING is its reference, FND-YYYY-NNNN): where it "
                          "came from, the control it is against, its severity, requirement, root "
                          "cause, corrective action, owner and due date, who raised, closed and "
                          "verified it and when, whether it is overdue as of the day (--as-of, "
                          "default today), and its evidence files. CSV prints the finding's fields "
                          "only."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_finding))) != PSEMS_EXIT_OK)
    return status;
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_finding_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  root = build_finding_record_as_of (store, id, as_of, &error);
  if (root == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_record (cli, root, finding_sections);
  return PSEMS_EXIT_OK;
}

/* ─────────────────────────── add and edit ─────────────────────────── */

/* The fields add and edit share; NULL for an option not given. */
typedef struct
{
  char *facility;
  char *source;
  char *completion;
  char *incident;
  char *answer;
  char *control;
  char *severity;
  char *title;
  char *description;
  char *requirement;
  char *root_cause;
  char *corrective_action;
  char *owner;
  char *due;
  char *raised_on;
  char **evidence;
} FindingOptions;

static void
finding_options_clear (FindingOptions *o)
{
  g_free (o->facility);
  g_free (o->source);
  g_free (o->completion);
  g_free (o->incident);
  g_free (o->answer);
  g_free (o->control);
  g_free (o->severity);
  g_free (o->title);
  g_free (o->description);
  g_free (o->requirement);
  g_free (o->root_cause);
  g_free (o->corrective_action);
  g_free (o->owner);
  g_free (o->due);
  g_free (o->raised_on);
  g_strfreev (o->evidence);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FindingOptions, finding_options_clear)

#define FINDING_OPTION_ENTRIES(o) \
  { "source", 0, 0, G_OPTION_ARG_STRING, &(o).source, \
    N_("Where it comes from: audit, drill, exercise, incident, gap or manual"), N_("SOURCE") }, \
  { "completion", 0, 0, G_OPTION_ARG_STRING, &(o).completion, \
    N_("The audit, drill or exercise it was raised in (CMP-YYYY-NNNN)"), N_("COMPLETION") }, \
  { "incident", 0, 0, G_OPTION_ARG_STRING, &(o).incident, \
    N_("The incident it was raised from (INC-YYYY-NNNN)"), N_("INCIDENT") }, \
  { "answer", 0, 0, G_OPTION_ARG_STRING, &(o).answer, \
    N_("The GAP answer it was raised from: GAP-YYYY-NNNN/QUESTION or the answer's id"), N_("ANSWER") }, \
  { "control", 0, 0, G_OPTION_ARG_STRING, &(o).control, \
    N_("The control it is against (CTL-YYYY-NNNN); degraded until the finding is closed"), \
    N_("CONTROL") }, \
  { "severity", 0, 0, G_OPTION_ARG_STRING, &(o).severity, \
    N_("major (non-conformity), minor (non-conformity) or observation"), N_("SEVERITY") }, \
  { "title", 0, 0, G_OPTION_ARG_STRING, &(o).title, N_("What was found, in one line"), N_("TEXT") }, \
  { "description", 0, 0, G_OPTION_ARG_STRING, &(o).description, N_("What was found, in full"), \
    N_("TEXT") }, \
  { "requirement", 0, 0, G_OPTION_ARG_STRING, &(o).requirement, \
    N_("The requirement not met, e.g. “ISPS A/16.3.2”"), N_("REF") }, \
  { "root-cause", 0, 0, G_OPTION_ARG_STRING, &(o).root_cause, N_("Why it happened"), N_("TEXT") }, \
  { "corrective-action", 0, 0, G_OPTION_ARG_STRING, &(o).corrective_action, \
    N_("What is done about it"), N_("TEXT") }, \
  { "owner", 0, 0, G_OPTION_ARG_STRING, &(o).owner, N_("Who carries out the action"), N_("TEXT") }, \
  { "due", 0, 0, G_OPTION_ARG_STRING, &(o).due, N_("When the action is due"), N_("YYYY-MM-DD") }, \
  { "raised-on", 0, 0, G_OPTION_ARG_STRING, &(o).raised_on, \
    N_("When it was raised (default today; not in the future)"), N_("YYYY-MM-DD") }

static gboolean
any_field (const FindingOptions *o)
{
  return o->source != NULL || o->completion != NULL || o->incident != NULL || o->answer != NULL ||
         o->control != NULL || o->severity != NULL || o->title != NULL || o->description != NULL ||
         o->requirement != NULL || o->root_cause != NULL || o->corrective_action != NULL ||
         o->owner != NULL || o->due != NULL || o->raised_on != NULL;
}

/* The options checked before the database is opened: enumerations and days. */
static gboolean
check_options (PsemsCli       *cli,
               FindingOptions *o,
               char          **due,
               char          **raised_on,
               int            *status)
{
  return check_value (cli, "--source", o->source, psems_finding_sources (), NULL, status) &&
         check_value (cli, "--severity", o->severity, psems_finding_severities (), NULL, status) &&
         psems_cli_parse_day_text (cli, "--due", o->due, TRUE, due, status) &&
         psems_cli_parse_day_text (cli, "--raised-on", o->raised_on, FALSE, raised_on, status);
}

/* Copies the options given onto @finding; an empty optional value clears it. */
static gboolean
apply_options (PsemsCli       *cli,
               PsemsStore     *store,
               FindingOptions *o,
               const char     *due,
               const char     *raised_on,
               PsemsFinding   *finding,
               GString        *changed,
               int            *status)
{
#define APPLY(option, field) \
  if (o->option != NULL) \
    { \
      g_free (finding->field); \
      finding->field = g_strdup (o->option); \
      psems_cli_note_changed (changed, #field); \
    }
  APPLY (source, source);
  APPLY (severity, severity);
  APPLY (title, title);
  APPLY (description, description);
  APPLY (requirement, requirement_ref);
  APPLY (root_cause, root_cause);
  APPLY (corrective_action, corrective_action);
  APPLY (owner, owner);
#undef APPLY

#define LINK(option, field, resolve) \
  if (o->option != NULL) \
    { \
      if (!resolve_option (cli, store, "--" #option, o->option, resolve, &finding->field, status)) \
        return FALSE; \
      psems_cli_note_changed (changed, #field); \
    }
  LINK (completion, completion_id, resolve_completion);
  LINK (incident, incident_id, resolve_incident);
  LINK (answer, answer_id, psems_finding_resolve_answer);
  LINK (control, control_id, psems_control_resolve);
#undef LINK

  if (o->due != NULL)
    {
      g_free (finding->due_on);
      finding->due_on = g_strdup (due);
      psems_cli_note_changed (changed, "due_on");
    }
  if (raised_on != NULL)
    {
      g_free (finding->raised_on);
      finding->raised_on = g_strdup (raised_on);
      psems_cli_note_changed (changed, "raised_on");
    }
  return TRUE;
}

static int
finding_add (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_auto(FindingOptions) o = { NULL };
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &o.facility,
      N_("The facility (reference or code)"), N_("FACILITY") },
    FINDING_OPTION_ENTRIES (o),
    { "evidence", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.evidence,
      N_("A file to keep as its evidence; repeat for several"), N_("FILE") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsFinding) finding = psems_finding_new ();
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  g_autofree char *due = NULL;
  g_autofree char *raised_on = NULL;
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Raises a finding, open, by the acting user. --facility, --title, "
                          "--severity and --source are required. Link where it came from: "
                          "--completion for an audit, drill or exercise, --incident for an "
                          "incident, --answer for a GAP self-assessment (its question's reference "
                          "becomes the requirement unless --requirement is given). --control names "
                          "the control it is against, which counts as degraded until the finding "
                          "is closed. Prints the new finding's reference."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (o.facility == NULL)
    return psems_cli_usage_error (cli, _("which facility? Give --facility with its reference or code"));
  if (o.title == NULL)
    return psems_cli_usage_error (cli, _("--title is required"));
  if (o.severity == NULL)
    return psems_cli_usage_error (cli, _("--severity is required (major, minor or observation)"));
  if (o.source == NULL)
    return psems_cli_usage_error (cli, _("--source is required (audit, drill, exercise, incident, gap or "
                                         "manual)"));
  if (!check_options (cli, &o, &due, &raised_on, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve, o.facility,
                                   &finding->facility_id, &status);
  if (store == NULL)
    return status;
  if (!apply_options (cli, store, &o, due, raised_on, finding, changed, &status))
    return status;

  id = psems_finding_create (store, cli->actor, finding, (const char * const *) o.evidence, &ref, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s created"), ref);
  return psems_cli_confirm (cli, store, id, build_finding_record, finding_sections, line);
}

static int
finding_edit (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_auto(FindingOptions) o = { NULL };
  const GOptionEntry entries[] = {
    FINDING_OPTION_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsFinding) finding = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *due = NULL;
  g_autofree char *raised_on = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("FINDING"),
                        _("Changes the fields of an open or in-progress finding that are given as "
                          "options and leaves the others as they are; an empty value (--owner '', "
                          "--control '') clears an optional field or link. A closed finding is "
                          "reopened first; a verified one is final. The facility never changes."),
                        TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_finding))) != PSEMS_EXIT_OK)
    return status;
  if (!any_field (&o))
    return psems_cli_usage_error (cli, _("nothing to change: give at least one field as an option"));
  if (!check_options (cli, &o, &due, &raised_on, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_finding_resolve, argv[1], &id,
                                   &status);
  if (store == NULL)
    return status;
  finding = psems_finding_get (store, id, NULL, &error);
  if (finding == NULL)
    return psems_cli_data_error (cli, error);
  if (!apply_options (cli, store, &o, due, raised_on, finding, changed, &status))
    return status;
  if (!psems_finding_update (store, cli->actor, finding, &error))
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s updated: %s"), finding->ref, changed->str);
  return psems_cli_confirm (cli, store, id, build_finding_record, finding_sections, line);
}

/* ─────────────────────────── workflow ─────────────────────────── */

typedef enum
{
  STEP_START,
  STEP_CLOSE,
  STEP_VERIFY,
  STEP_REOPEN,
} Step;

/* What start, close, verify and reopen share: one finding, an optional day, a confirmation. */
static int
run_step (PsemsCli           *cli,
          int                 argc,
          char              **argv,
          Step                step,
          const char         *summary)
{
  g_autofree char *on_text = NULL;
  g_autofree char *action = NULL;
  g_auto(GStrv) evidence = NULL;
  const GOptionEntry day_entries[] = {
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text,
      N_("The day it happened (default today; not in the future)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  const GOptionEntry close_entries[] = {
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text,
      N_("The day the action was completed (default today; not in the future)"), N_("YYYY-MM-DD") },
    { "corrective-action", 0, 0, G_OPTION_ARG_STRING, &action,
      N_("The action taken, replacing the one recorded; one is required to close"), N_("TEXT") },
    { "evidence", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &evidence,
      N_("A file to keep as evidence of the action; repeat for several"), N_("FILE") },
    { NULL }
  };
  const GOptionEntry *entries = step == STEP_CLOSE ? close_entries : step == STEP_VERIFY ? day_entries : NULL;
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsFinding) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *on = NULL;
  g_autofree char *line = NULL;
  gboolean done = FALSE;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("FINDING"), summary, TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_finding))) != PSEMS_EXIT_OK)
    return status;
  if (!psems_cli_parse_day_text (cli, "--on", on_text, FALSE, &on, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_finding_resolve, argv[1], &id,
                                   &status);
  if (store == NULL)
    return status;
  switch (step)
    {
    case STEP_START:
      done = psems_finding_start (store, cli->actor, id, &error);
      break;
    case STEP_CLOSE:
      done = psems_finding_close (store, cli->actor, id, on, action, (const char * const *) evidence, &error);
      break;
    case STEP_VERIFY:
      done = psems_finding_verify (store, cli->actor, id, on, &error);
      break;
    case STEP_REOPEN:
      done = psems_finding_reopen (store, cli->actor, id, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!done)
    return psems_cli_data_error (cli, error);

  after = psems_finding_get (store, id, NULL, &error);
  if (after == NULL)
    return psems_cli_data_error (cli, error);
  switch (step)
    {
    case STEP_START:
      line = g_strdup_printf (_("%s in progress"), after->ref);
      break;
    case STEP_CLOSE:
      line = g_strdup_printf (_("%s closed on %s by %s"), after->ref, after->closed_on, after->closed_by);
      break;
    case STEP_VERIFY:
      line = after->self_verified
           ? g_strdup_printf (_("%s verified on %s by %s, who closed it (single-user mode)"), after->ref,
                              after->verified_on, after->verified_by)
           : g_strdup_printf (_("%s verified on %s by %s"), after->ref, after->verified_on, after->verified_by);
      break;
    case STEP_REOPEN:
      line = g_strdup_printf (_("%s reopened"), after->ref);
      break;
    default:
      g_assert_not_reached ();
    }
  return psems_cli_confirm (cli, store, id, build_finding_record, finding_sections, line);
}

static int
finding_start (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  return run_step (cli, argc, argv, STEP_START,
                   _("Marks an open finding as in progress: its corrective action is under way."));
}

static int
finding_close (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  return run_step (cli, argc, argv, STEP_CLOSE,
                   _("Closes an open or in-progress finding: its corrective action is done, on the "
                     "day --on (default today; not before it was raised, not in the future). The "
                     "finding needs a corrective action, recorded earlier or given with "
                     "--corrective-action. The acting user is recorded as who closed it; a control "
                     "it was against is no longer degraded by it."));
}

static int
finding_verify (PsemsCli *cli,
                int       argc,
                char    **argv)
{
  return run_step (cli, argc, argv, STEP_VERIFY,
                   _("Verifies a closed finding: the action was checked and works. The acting user "
                     "(--user) must not be who closed it while the database has users; in "
                     "single-user mode (no users) whoever closed it may, and the record says so."));
}

static int
finding_reopen (PsemsCli *cli,
                int       argc,
                char    **argv)
{
  return run_step (cli, argc, argv, STEP_REOPEN,
                   _("Reopens a closed finding: back to open, its closure cleared (the audit trail "
                     "keeps it). A verified finding is final: raise a new one if the problem comes "
                     "back."));
}

static const PsemsCliVerb finding_verbs[] = {
  { "list",   N_("List findings, unresolved first"), finding_list },
  { "show",   N_("Print a finding and its evidence"), finding_show },
  { "add",    N_("Raise a finding"), finding_add },
  { "edit",   N_("Change an open or in-progress finding"), finding_edit },
  { "start",  N_("Mark a finding's action as under way"), finding_start },
  { "close",  N_("Close a finding: its corrective action is done"), finding_close },
  { "verify", N_("Verify a closed finding (another user than who closed it)"), finding_verify },
  { "reopen", N_("Reopen a closed finding"), finding_reopen },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_finding = {
  "finding", N_("Findings and their corrective actions"), finding_verbs,
};
