/* psems-cli-plan.c — psems-cli plan: versions, their elements, and the approval workflow. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-facility.h"
#include "psems-plan.h"

static const char which_plan[] = N_("which plan? Give its reference, PLN-YYYY-NNNN");

/* The text of --text-file: a file, or standard input for “-”. Trailing line
 * ends are dropped, as the shell's $(…) does. */
static char *
read_text_file (const char  *path,
                GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gsize end;

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GString) text = g_string_new (NULL);
      char buffer[4096];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_string_append_len (text, buffer, (gssize) n);
      if (ferror (stdin))
        {
          g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                       _("standard input: could not be read"));
          return NULL;
        }
      length = text->len;
      contents = g_string_free (g_steal_pointer (&text), FALSE);
    }
  else if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, (gssize) length, NULL))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("%s: not UTF-8 text"),
                   g_str_equal (path, "-") ? _("standard input") : path);
      return NULL;
    }
  for (end = length; end > 0 && (contents[end - 1] == '\n' || contents[end - 1] == '\r'); end--)
    ;
  contents[end] = '\0';
  return g_steal_pointer (&contents);
}

/* ─────────────────────────── records ─────────────────────────── */

static const char * const element_columns[] = {
  "key", "reference", "title", "required", "status", "level1", "level2", "level3", NULL
};
static const PsemsCliSection plan_sections[] = {
  { "elements", N_("Elements"), element_columns },
  { NULL }
};

static void
describe_plan (JsonBuilder     *builder,
               const PsemsPlan *plan)
{
  psems_json_add_string (builder, "ref", plan->ref);
  psems_json_add_string (builder, "facility", plan->facility_code);
  psems_json_add_string (builder, "facility_ref", plan->facility_ref);
  psems_json_add_int (builder, "version", plan->version);
  psems_json_add_string (builder, "title", plan->title);
  psems_json_add_string (builder, "status", psems_plan_status_to_string (plan->status));
  psems_json_add_string (builder, "submitted_on", plan->submitted_on);
  psems_json_add_string (builder, "approved_on", plan->approved_on);
  psems_json_add_string (builder, "approved_by", plan->approved_by);
  psems_json_add_string (builder, "approval_ref", plan->approval_ref);
  psems_json_add_string (builder, "superseded_on", plan->superseded_on);
  psems_json_add_string (builder, "next_review_due", plan->next_review_due);
  psems_json_add_int (builder, "required", plan->n_required);
  psems_json_add_int (builder, "complete", plan->n_complete);
  psems_json_add_int (builder, "gaps", plan->n_missing_required);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* @full adds the texts themselves, for one element shown alone. */
static void
describe_element (JsonBuilder            *builder,
                  const PsemsPlanElement *element,
                  gboolean                full)
{
  psems_json_add_string (builder, "key", element->key);
  psems_json_add_string (builder, "reference", element->reference);
  psems_json_add_string (builder, "title", element->title);
  psems_json_add_boolean (builder, "required", element->required);
  psems_json_add_string (builder, "status", psems_element_status_to_string (element->status));
  psems_json_add_boolean (builder, "level1", has_text (element->text[0]));
  psems_json_add_boolean (builder, "level2", has_text (element->text[1]));
  psems_json_add_boolean (builder, "level3", has_text (element->text[2]));
  psems_json_add_int (builder, "controls", element->control_ids ? element->control_ids->len : 0);
  if (full)
    {
      psems_json_add_string (builder, "text_level1", element->text[0]);
      psems_json_add_string (builder, "text_level2", element->text[1]);
      psems_json_add_string (builder, "text_level3", element->text[2]);
    }
}

/* The plan with its elements; the required elements still missing are its gaps. */
static JsonNode *
build_plan_record (PsemsStore  *store,
                   gint64       id,
                   GError     **error)
{
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  plan = psems_plan_get (store, id, error);
  if (plan == NULL)
    return NULL;
  elements = psems_plan_list_elements (store, id, error);
  if (elements == NULL)
    return NULL;

  json_builder_begin_object (builder);
  describe_plan (builder, plan);
  json_builder_set_member_name (builder, "missing");
  json_builder_begin_array (builder);
  for (guint i = 0; i < elements->len; i++)
    {
      const PsemsPlanElement *element = g_ptr_array_index (elements, i);

      if (element->required && element->status == PSEMS_ELEMENT_MISSING)
        json_builder_add_string_value (builder, element->key);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "elements");
  json_builder_begin_array (builder);
  for (guint i = 0; i < elements->len; i++)
    {
      json_builder_begin_object (builder);
      describe_element (builder, g_ptr_array_index (elements, i), FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
print_element (PsemsCli   *cli,
               PsemsStore *store,
               gint64      plan_id,
               const char *key)
{
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(PsemsPlanElement) element = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  plan = psems_plan_get (store, plan_id, &error);
  if (plan == NULL)
    return psems_cli_data_error (cli, error);
  element = psems_plan_get_element (store, plan_id, key, &error);
  if (element == NULL)
    return psems_cli_data_error (cli, error);

  json_builder_begin_object (builder);
  psems_json_add_string (builder, "plan", plan->ref);
  describe_element (builder, element, TRUE);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  psems_cli_print_record (cli, root, NULL);
  return PSEMS_EXIT_OK;
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
plan_list (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  g_autofree char *facility_text = NULL;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility_text,
      N_("Only this facility's plans (reference or code)"), N_("FACILITY") },
    { NULL }
  };
  static const char * const columns[] = {
    "ref", "facility", "version", "status", "approved_on", "next_review_due",
    "complete", "required", "gaps", NULL
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  gint64 facility_id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the versions of the port facility security plans: reference, "
                          "facility, version, status (draft, submitted, approved, superseded), "
                          "approval day, next review due, and coverage — complete elements of the "
                          "required, and gaps, the required elements still missing."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (facility_text != NULL)
    {
      facility_id = psems_facility_resolve (store, facility_text, &error);
      if (facility_id <= 0)
        return psems_cli_data_error (cli, error);
    }
  plans = psems_plan_list (store, facility_id, &error);
  if (plans == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_list (cli, plans, (PsemsCliDescribeFunc) describe_plan, columns);
  return PSEMS_EXIT_OK;
}

static int
plan_show (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  g_autofree char *key = NULL;
  const GOptionEntry entries[] = {
    { "element", 0, 0, G_OPTION_ARG_STRING, &key,
      N_("Print this element alone, with its measures at each level"), N_("KEY") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("PLAN"),
                        _("Prints a plan version and its elements: key, reference, title, whether "
                          "it is required, status, and whether it has measures written for "
                          "security levels 1, 2 and 3. “missing” names the required elements that "
                          "are still missing. --element prints one element with its texts. CSV "
                          "prints the plan's fields only."),
                        TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_plan))) != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_plan_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  if (key != NULL)
    return print_element (cli, store, id, key);
  return psems_cli_show_record (cli, store, id, build_plan_record, plan_sections);
}

static int
plan_new_version (PsemsCli *cli,
                  int       argc,
                  char    **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *template_id = NULL;
  const GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The version's title"), N_("TEXT") },
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_id,
      N_("The template of a facility's first plan (default isps-a16.3)"), N_("ID") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  gint64 facility_id;
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("FACILITY"),
                        _("Starts a new draft version of a facility's security plan. It copies the "
                          "elements of the facility's latest version; a facility's first plan gets "
                          "one missing element per item of the template (ISPS A/16.3 unless "
                          "--template names another). Prints the new version's reference. Refused "
                          "while another version is still a draft or submitted."),
                        TRUE, &status))
    return status;
  status = psems_cli_check_arguments (cli, argc, argv, 1,
                                      _("which facility? Give its reference or code"));
  if (status != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve, argv[1],
                                   &facility_id, &status);
  if (store == NULL)
    return status;
  if (template_id != NULL)
    {
      /* Later versions copy their elements; a template given for one would be ignored. */
      g_autoptr(GPtrArray) existing = psems_plan_list (store, facility_id, &error);

      if (existing == NULL)
        return psems_cli_data_error (cli, error);
      if (existing->len > 0)
        {
          const PsemsPlan *latest = g_ptr_array_index (existing, 0);

          g_set_error (&error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                       _("%s: template: only a facility's first plan comes from a template; a new "
                         "version copies the elements of %s (version %d)"),
                       latest->facility_ref, latest->ref, latest->version);
          return psems_cli_data_error (cli, error);
        }
    }
  id = psems_plan_new_version (store, cli->actor, facility_id, title, template_id, &ref, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  plan = psems_plan_get (store, id, &error);
  if (plan == NULL)
    return psems_cli_data_error (cli, error);

  line = g_strdup_printf (_("%s created: %s version %d, draft, "
                            "%u of %u required elements complete"),
                          plan->ref, plan->facility_code, plan->version,
                          plan->n_complete, plan->n_required);
  return psems_cli_confirm (cli, store, id, build_plan_record, plan_sections, line);
}

static int
plan_edit_element (PsemsCli *cli,
                   int       argc,
                   char    **argv)
{
  g_autofree char *level_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_file = NULL;
  g_autofree char *status_text = NULL;
  const GOptionEntry entries[] = {
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_text,
      N_("The security level whose measures --text or --text-file sets (1–3)"), N_("N") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("The measures at that level"), N_("TEXT") },
    { "text-file", 0, 0, G_OPTION_ARG_FILENAME, &text_file,
      N_("Read the measures from FILE (“-” for standard input)"), N_("FILE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_text,
      N_("The element's status: missing, draft or complete"), N_("STATUS") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_text = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  const char *texts[3] = { NULL, NULL, NULL };
  PsemsElementStatus element_status;
  int level = 0;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("PLAN KEY"),
                        _("Writes one element of a draft plan: the measures at one security level "
                          "(--level with --text, or with --text-file to read them from a file or "
                          "standard input), its status, or both. KEY is the element's key as “plan "
                          "show” lists it. Submitted, approved and superseded versions cannot be "
                          "edited."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 2, _(which_plan))) != PSEMS_EXIT_OK)
    return status;
  if (argc < 3)
    return psems_cli_usage_error (cli, _("which element? Give its key, as “plan show” lists it"));
  if (text != NULL && text_file != NULL)
    return psems_cli_usage_error (cli, _("give --text or --text-file, not both"));
  if (level_text != NULL && text == NULL && text_file == NULL)
    return psems_cli_usage_error (cli, _("--level needs --text or --text-file"));
  if (level_text == NULL && (text != NULL || text_file != NULL))
    return psems_cli_usage_error (cli, _("--text and --text-file need --level"));
  if (level_text == NULL && status_text == NULL)
    return psems_cli_usage_error (cli, _("nothing to change: give --level with --text or "
                                         "--text-file, or --status"));
  if (level_text != NULL && !psems_cli_parse_int (level_text, &level))
    return psems_cli_usage_error (cli, _("--level: “%s” is not a whole number"), level_text);
  if (status_text != NULL && !psems_element_status_from_string (status_text, &element_status))
    return psems_cli_usage_error (cli, _("--status: “%s” is not missing, draft or complete"),
                                  status_text);

  if (level_text != NULL && (level < 1 || level > 3))
    {
      g_set_error (&error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s, %s: level: %d is not a security level (1, 2 or 3)"),
                   argv[1], argv[2], level);
      return psems_cli_data_error (cli, error);
    }
  if (text_file != NULL)
    {
      file_text = read_text_file (text_file, &error);
      if (file_text == NULL)
        return psems_cli_data_error (cli, error);
    }
  if (level > 0)
    {
      texts[level - 1] = text != NULL ? text : file_text;
      g_string_append_printf (changed, _("level %d measures"), level);
    }
  if (status_text != NULL)
    g_string_append_printf (changed, _("%sstatus %s"), changed->len ? ", " : "",
                            psems_element_status_to_string (element_status));

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_plan_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  if (!psems_plan_edit_element (store, cli->actor, id, argv[2], texts,
                                status_text != NULL ? &element_status : NULL, NULL, &error))
    return psems_cli_data_error (cli, error);

  if (cli->format != PSEMS_FORMAT_TEXT)
    return print_element (cli, store, id, argv[2]);
  plan = psems_plan_get (store, id, &error);
  if (plan == NULL)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s %s updated: %s"), plan->ref, argv[2], changed->str);
  printf ("%s\n", line);
  return PSEMS_EXIT_OK;
}

static int
plan_submit (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_autofree char *on_text = NULL;
  const GOptionEntry entries[] = {
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text, N_("The day it was submitted (default today)"),
      N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GDate on;
  gboolean on_given;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("PLAN"),
                        _("Submits a draft plan to the approving authority (the designated "
                          "authority or its recognized security organization). A submitted version "
                          "can no longer be edited; “return” sends it back to draft."),
                        TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_plan))) != PSEMS_EXIT_OK)
    return status;
  if (!psems_cli_parse_day (cli, "--on", on_text, &on, &on_given, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_plan_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  if (!psems_plan_submit (store, cli->actor, id, on_given ? &on : NULL, &error))
    return psems_cli_data_error (cli, error);
  plan = psems_plan_get (store, id, &error);
  if (plan == NULL)
    return psems_cli_data_error (cli, error);

  line = g_strdup_printf (_("%s submitted on %s"), plan->ref, plan->submitted_on);
  return psems_cli_confirm (cli, store, id, build_plan_record, plan_sections, line);
}

static int
plan_return (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the authority sent it back (required)"),
      N_("TEXT") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("PLAN"),
                        _("Returns a submitted plan to draft, as when the approving authority "
                          "sends it back with remarks, so that it can be edited and submitted "
                          "again."),
                        TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_plan))) != PSEMS_EXIT_OK)
    return status;
  if (reason == NULL)
    return psems_cli_usage_error (cli, _("--reason is required"));

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_plan_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  if (!psems_plan_return_to_draft (store, cli->actor, id, reason, &error))
    return psems_cli_data_error (cli, error);
  plan = psems_plan_get (store, id, &error);
  if (plan == NULL)
    return psems_cli_data_error (cli, error);

  line = g_strdup_printf (_("%s returned to draft"), plan->ref);
  return psems_cli_confirm (cli, store, id, build_plan_record, plan_sections, line);
}

/* The facility's approved version other than @plan, which approving @plan supersedes. */
static char *
find_approved (PsemsStore       *store,
               const PsemsPlan  *plan,
               GError          **error)
{
  g_autoptr(GPtrArray) plans = psems_plan_list (store, plan->facility_id, error);

  if (plans == NULL)
    return NULL;
  for (guint i = 0; i < plans->len; i++)
    {
      const PsemsPlan *other = g_ptr_array_index (plans, i);

      if (other->id != plan->id && other->status == PSEMS_PLAN_APPROVED)
        return g_strdup (other->ref);
    }
  return g_strdup ("");
}

static int
plan_approve (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_autofree char *authority = NULL;
  g_autofree char *approval_ref = NULL;
  g_autofree char *on_text = NULL;
  g_autofree char *review_text = NULL;
  const GOptionEntry entries[] = {
    { "authority", 0, 0, G_OPTION_ARG_STRING, &authority, N_("The approving authority (required)"),
      N_("TEXT") },
    { "approval-ref", 0, 0, G_OPTION_ARG_STRING, &approval_ref,
      N_("The authority's reference for the approval (required)"), N_("TEXT") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &on_text,
      N_("The day of approval (default today)"), N_("YYYY-MM-DD") },
    { "next-review", 0, 0, G_OPTION_ARG_STRING, &review_text,
      N_("When the plan is next due for review (default a year after approval)"),
      N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsPlan) plan = NULL;
  g_autoptr(PsemsPlan) approved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *line = NULL;
  GDate on, review;
  gboolean on_given, review_given;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("PLAN"),
                        _("Records the approval of a submitted plan by the authority, with its "
                          "reference and day (default today); the next review falls due a year "
                          "later unless --next-review says otherwise. The facility's previously "
                          "approved version is superseded in the same step. A plan with required "
                          "elements still missing is refused, naming them."),
                        TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_plan))) != PSEMS_EXIT_OK)
    return status;
  if (authority == NULL)
    return psems_cli_usage_error (cli, _("--authority is required"));
  if (approval_ref == NULL)
    return psems_cli_usage_error (cli, _("--approval-ref is required"));
  if (!psems_cli_parse_day (cli, "--on", on_text, &on, &on_given, &status) ||
      !psems_cli_parse_day (cli, "--next-review", review_text, &review, &review_given, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_plan_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  plan = psems_plan_get (store, id, &error);
  if (plan == NULL)
    return psems_cli_data_error (cli, error);
  previous = find_approved (store, plan, &error);
  if (previous == NULL)
    return psems_cli_data_error (cli, error);
  if (!on_given)
    {
      g_date_clear (&on, 1);
      g_date_set_time_t (&on, time (NULL));
    }
  if (!psems_plan_approve (store, cli->actor, id, authority, approval_ref, &on,
                           review_given ? &review : NULL, &error))
    return psems_cli_data_error (cli, error);
  approved = psems_plan_get (store, id, &error);
  if (approved == NULL)
    return psems_cli_data_error (cli, error);

  if (*previous != '\0')
    line = g_strdup_printf (_("%s approved on %s; %s superseded"),
                            approved->ref, approved->approved_on, previous);
  else
    line = g_strdup_printf (_("%s approved on %s"), approved->ref, approved->approved_on);
  return psems_cli_confirm (cli, store, id, build_plan_record, plan_sections, line);
}

static const PsemsCliVerb plan_verbs[] = {
  { "list",         N_("List plan versions with their status and coverage"), plan_list },
  { "show",         N_("Print a plan version and its elements"), plan_show },
  { "new-version",  N_("Start a new draft version of a facility's plan"), plan_new_version },
  { "edit-element", N_("Write an element of a draft: measures, status"), plan_edit_element },
  { "submit",       N_("Submit a draft to the approving authority"), plan_submit },
  { "return",       N_("Return a submitted plan to draft"), plan_return },
  { "approve",      N_("Record a plan's approval; supersedes the previous version"), plan_approve },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_plan = {
  "plan", N_("Port facility security plans: versions, elements, approval"), plan_verbs,
};
