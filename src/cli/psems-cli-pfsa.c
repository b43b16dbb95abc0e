/* psems-cli-pfsa.c — psems-cli pfsa (show, edit): the port facility security assessment record (ISPS A/15). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-facility.h"
#include "psems-threat.h"

static const char which_facility[] = N_("which facility? Give --facility with its reference or code");

/* ─────────────────────────── records ─────────────────────────── */

static const char * const scenario_columns[] = {
  "ref", "name", "likelihood", "consequence", "inherent_level", "residual_level", NULL
};
static const PsemsCliSection pfsa_sections[] = {
  { "threats", N_("Threat scenarios"), scenario_columns },
  { NULL }
};

/* The facility's current assessment as of @as_of (NULL: today) and its scenarios;
 * a NOT_FOUND error naming the facility when it has none. */
static JsonNode *
build_pfsa_record_as_of (PsemsStore  *store,
                         gint64       facility_id,
                         const char  *as_of,
                         GError     **error)
{
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(PsemsPfsa) pfsa = NULL;
  g_autoptr(GPtrArray) threats = NULL;
  g_autoptr(PsemsRiskMatrix) matrix = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *today = psems_cli_today ();

  facility = psems_facility_get (store, facility_id, error);
  if (facility == NULL)
    return NULL;
  pfsa = psems_pfsa_get_current (store, facility_id, as_of, &local_error);
  if (pfsa == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
                     _("facility %s: no facility security assessment yet (“pfsa edit” creates "
                       "one)"), facility->code);
      return NULL;
    }
  threats = psems_threat_list (store, facility_id, as_of, error);
  if (threats == NULL)
    return NULL;
  matrix = psems_risk_matrix_load (store, error);
  if (matrix == NULL)
    return NULL;

  json_builder_begin_object (builder);
  psems_json_add_string (builder, "ref", pfsa->ref);
  psems_json_add_string (builder, "facility", facility->code);
  psems_json_add_string (builder, "title", pfsa->title);
  psems_json_add_string (builder, "assessed_on", pfsa->assessed_on);
  psems_json_add_string (builder, "assessor", pfsa->assessor);
  psems_json_add_string (builder, "organization", pfsa->organization);
  psems_json_add_string (builder, "approved_on", pfsa->approved_on);
  psems_json_add_string (builder, "approved_by", pfsa->approved_by);
  psems_json_add_string (builder, "review_due", pfsa->review_due);
  psems_json_add_boolean (builder, "review_overdue", pfsa->review_overdue);
  psems_json_add_string (builder, "summary", pfsa->summary);
  psems_json_add_int (builder, "n_threats", pfsa->n_threats);
  psems_json_add_string (builder, "as_of", as_of != NULL ? as_of : today);

  json_builder_set_member_name (builder, "threats");
  json_builder_begin_array (builder);
  for (guint i = 0; i < threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (threats, i);

      if (threat->pfsa_id != pfsa->id)
        continue;
      json_builder_begin_object (builder);
      psems_json_add_string (builder, "ref", threat->ref);
      psems_json_add_string (builder, "name", threat->name);
      psems_json_add_int (builder, "likelihood", threat->likelihood);
      psems_json_add_int (builder, "consequence", threat->consequence);
      psems_json_add_string (builder, "inherent_level",
                             psems_cli_risk_level_name (matrix,
                                                        threat->assessment.inherent_level));
      psems_json_add_string (builder, "residual_level",
                             psems_cli_risk_level_name (matrix,
                                                        threat->assessment.residual_level));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
build_pfsa_record (PsemsStore  *store,
                   gint64       facility_id,
                   GError     **error)
{
  return build_pfsa_record_as_of (store, facility_id, NULL, error);
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
pfsa_show (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  g_autofree char *facility = NULL;
  g_autofree char *as_of_text = NULL;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("The facility (reference or code); required"), N_("FACILITY") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("The day the review date and the risks are judged on (default today)"),
      N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  gint64 facility_id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Prints a facility's current port facility security assessment (ISPS "
                          "A/15; the latest by assessment date): who assessed it and when, its "
                          "approval, when its review is due and whether that is overdue as of the "
                          "day (--as-of, default today), its summary and its threat scenarios with "
                          "their inherent and residual risk. CSV prints the assessment's fields "
                          "only."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (facility == NULL)
    return psems_cli_usage_error (cli, "%s", _(which_facility));
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_facility_resolve,
                                   facility, &facility_id, &status);
  if (store == NULL)
    return status;
  root = build_pfsa_record_as_of (store, facility_id, as_of, &error);
  if (root == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_record (cli, root, pfsa_sections);
  return PSEMS_EXIT_OK;
}

typedef struct
{
  char *facility;
  char *title;
  char *assessed_on;
  char *assessor;
  char *organization;
  char *approved_on;
  char *approved_by;
  char *review_due;
  char *summary;
} PfsaOptions;

static void
pfsa_options_clear (PfsaOptions *o)
{
  g_free (o->facility);
  g_free (o->title);
  g_free (o->assessed_on);
  g_free (o->assessor);
  g_free (o->organization);
  g_free (o->approved_on);
  g_free (o->approved_by);
  g_free (o->review_due);
  g_free (o->summary);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PfsaOptions, pfsa_options_clear)

static int
pfsa_edit (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  g_auto(PfsaOptions) o = { NULL };
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &o.facility,
      N_("The facility (reference or code); required"), N_("FACILITY") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &o.title, N_("The assessment's title"), N_("TEXT") },
    { "assessed-on", 0, 0, G_OPTION_ARG_STRING, &o.assessed_on,
      N_("The day the assessment was made"), N_("YYYY-MM-DD") },
    { "assessor", 0, 0, G_OPTION_ARG_STRING, &o.assessor,
      N_("Who assessed the facility"), N_("NAME") },
    { "organization", 0, 0, G_OPTION_ARG_STRING, &o.organization,
      N_("The recognized security organization, when not the government"), N_("NAME") },
    { "approved-on", 0, 0, G_OPTION_ARG_STRING, &o.approved_on,
      N_("The day it was approved (with --approved-by)"), N_("YYYY-MM-DD") },
    { "approved-by", 0, 0, G_OPTION_ARG_STRING, &o.approved_by,
      N_("Who approved it"), N_("NAME") },
    { "review-due", 0, 0, G_OPTION_ARG_STRING, &o.review_due,
      N_("When it must be reviewed"), N_("YYYY-MM-DD") },
    { "summary", 0, 0, G_OPTION_ARG_STRING, &o.summary,
      N_("Its findings in short"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsPfsa) pfsa = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *assessed_on = NULL;
  g_autofree char *approved_on = NULL;
  g_autofree char *review_due = NULL;
  gboolean created;
  gint64 facility_id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Changes the fields of a facility's current security assessment that are "
                          "given as options; an empty value (--organization '') clears an optional "
                          "one. A facility without an assessment gets one: --title, --assessed-on "
                          "and --assessor are needed then. Dates are YYYY-MM-DD; an approval needs "
                          "both --approved-on and --approved-by."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (o.facility == NULL)
    return psems_cli_usage_error (cli, "%s", _(which_facility));
  if (o.title == NULL && o.assessed_on == NULL && o.assessor == NULL && o.organization == NULL &&
      o.approved_on == NULL && o.approved_by == NULL && o.review_due == NULL && o.summary == NULL)
    return psems_cli_usage_error (cli,
                                  _("nothing to change: give at least one field as an option"));
  if (!psems_cli_parse_day_text (cli, "--assessed-on", o.assessed_on, FALSE, &assessed_on,
                                 &status) ||
      !psems_cli_parse_day_text (cli, "--approved-on", o.approved_on, TRUE, &approved_on,
                                 &status) ||
      !psems_cli_parse_day_text (cli, "--review-due", o.review_due, TRUE, &review_due, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve,
                                   o.facility, &facility_id, &status);
  if (store == NULL)
    return status;
  pfsa = psems_pfsa_get_current (store, facility_id, NULL, &error);
  if (pfsa == NULL && error != NULL)
    return psems_cli_data_error (cli, error);
  created = pfsa == NULL;
  if (created)
    {
      pfsa = psems_pfsa_new ();
      pfsa->facility_id = facility_id;
    }

#define APPLY(field, value) \
  if (o.field != NULL) \
    { \
      g_free (pfsa->field); \
      pfsa->field = value; \
      psems_cli_note_changed (changed, #field); \
    }
  APPLY (title, g_strdup (o.title));
  APPLY (assessed_on, g_strdup (assessed_on));
  APPLY (assessor, g_strdup (o.assessor));
  APPLY (organization, psems_cli_dup_optional (o.organization));
  APPLY (approved_on, g_strdup (approved_on));
  APPLY (approved_by, psems_cli_dup_optional (o.approved_by));
  APPLY (review_due, g_strdup (review_due));
  APPLY (summary, psems_cli_dup_optional (o.summary));
#undef APPLY

  if (!psems_pfsa_save (store, cli->actor, pfsa, &error))
    return psems_cli_data_error (cli, error);

  line = created ? g_strdup_printf (_("%s created"), pfsa->ref)
                 : g_strdup_printf (_("%s updated: %s"), pfsa->ref, changed->str);
  return psems_cli_confirm (cli, store, facility_id, build_pfsa_record, pfsa_sections, line);
}

static const PsemsCliVerb pfsa_verbs[] = {
  { "show", N_("Print a facility's current security assessment"), pfsa_show },
  { "edit", N_("Change a facility's security assessment, or create it"), pfsa_edit },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_pfsa = {
  "pfsa", N_("The port facility security assessment (ISPS A/15)"), pfsa_verbs,
};
