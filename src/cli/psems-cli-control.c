/* psems-cli-control.c — psems-cli layer (list, set) and control (list, show, add, edit): the rings of defence in depth and the controls on them. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-control.h"
#include "psems-facility.h"
#include "psems-threat.h"

static const char which_control[] = N_("which control? Give its reference, CTL-YYYY-NNNN");
static const char which_facility[] = N_("which facility? Give --facility with its reference or code");

static gboolean
is_one_of (const char * const *values,
           const char         *value)
{
  return g_strv_contains (values, value);
}

static char *
join_values (const char * const *values)
{
  return g_strjoinv (", ", (char **) values);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

/* The facility of --facility, or a usage error when it is missing. */
static PsemsStore *
open_facility (PsemsCli            *cli,
               PsemsStoreOpenFlags  flags,
               const char          *facility,
               gint64              *facility_id,
               int                 *status)
{
  if (facility == NULL)
    {
      *status = psems_cli_usage_error (cli, "%s", _(which_facility));
      return NULL;
    }
  return psems_cli_open_resolved (cli, flags, psems_facility_resolve, facility, facility_id,
                                  status);
}

/* ─────────────────────────── layers ─────────────────────────── */

static const char * const layer_columns[] = { "position", "name", "controls", "description", NULL };

static void
describe_layer (JsonBuilder      *builder,
                const PsemsLayer *layer)
{
  psems_json_add_int (builder, "position", layer->position);
  psems_json_add_string (builder, "name", layer->name);
  psems_json_add_int (builder, "controls", layer->n_controls);
  psems_json_add_string (builder, "description", layer->description);
}

static int
print_layers (PsemsCli   *cli,
              PsemsStore *store,
              gint64      facility_id)
{
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GError) error = NULL;

  layers = psems_layer_list (store, facility_id, &error);
  if (layers == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_list (cli, layers, (PsemsCliDescribeFunc) describe_layer, layer_columns);
  return PSEMS_EXIT_OK;
}

static int
layer_list (PsemsCli *cli,
            int       argc,
            char    **argv)
{
  g_autofree char *facility = NULL;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("The facility (reference or code); required"), N_("FACILITY") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  gint64 facility_id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the layers of defence in depth of a facility, outside in: their "
                          "position (1 is the outermost), name, how many controls stand on each "
                          "(retired ones included) and description."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = open_facility (cli, PSEMS_STORE_OPEN_READ_ONLY, facility, &facility_id, &status);
  if (store == NULL)
    return status;
  return print_layers (cli, store, facility_id);
}

static const PsemsLayer *
find_layer (GPtrArray *layers,
            gint64     id)
{
  for (guint i = 0; i < layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (layers, i);

      if (layer->id == id)
        return layer;
    }
  return NULL;
}

static int
layer_set (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  g_autofree char *facility = NULL;
  gboolean defaults = FALSE;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("The facility (reference or code); required"), N_("FACILITY") },
    { "default", 0, 0, G_OPTION_ARG_NONE, &defaults,
      N_("Give a facility without layers the default ones instead"), NULL },
    { NULL }
  };
  g_autofree char *names = join_values (psems_layer_default_names ());
  g_autofree char *summary = g_strdup_printf (
    _("Replaces the layers of a facility with LAYER…, outside in (%d to %d of them). A LAYER that "
      "is the name of a current layer keeps it, with its controls; OLD=NEW renames the current "
      "layer OLD (its position or name); any other name adds a layer. Current layers not given "
      "are removed, which is refused while controls stand on them. --default gives a facility "
      "without layers the default ones: %s."), PSEMS_LAYERS_MIN, PSEMS_LAYERS_MAX, names);
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 facility_id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("LAYER…"), summary, TRUE, &status))
    return status;
  if (defaults && argc > 1)
    return psems_cli_usage_error (cli, _("give either --default or the layers, not both"));
  if (!defaults && argc < 2)
    return psems_cli_usage_error (cli, _("which layers? Give their names, outside in"));
  for (int i = 1; i < argc; i++)
    {
      const char *equals = strchr (argv[i], '=');
      g_autofree char *name = g_strstrip (g_strdup (equals != NULL ? equals + 1 : argv[i]));

      if (*name == '\0' || equals == argv[i])
        return psems_cli_usage_error (cli, _("“%s” is not a layer: write NAME or OLD=NEW"),
                                      argv[i]);
    }

  store = open_facility (cli, PSEMS_STORE_OPEN_DEFAULT, facility, &facility_id, &status);
  if (store == NULL)
    return status;

  if (defaults)
    {
      if (!psems_layers_ensure_default (store, cli->actor, facility_id, &error))
        return psems_cli_data_error (cli, error);
    }
  else
    {
      current = psems_layer_list (store, facility_id, &error);
      if (current == NULL)
        return psems_cli_data_error (cli, error);
      layers = g_ptr_array_new_with_free_func ((GDestroyNotify) psems_layer_free);
      for (int i = 1; i < argc; i++)
        {
          const char *equals = strchr (argv[i], '=');
          g_autofree char *name = g_strstrip (g_strdup (equals != NULL ? equals + 1 : argv[i]));
          const PsemsLayer *old = NULL;
          PsemsLayer *layer;

          if (equals != NULL)
            {
              g_autofree char *old_text = g_strstrip (g_strndup (argv[i],
                                                                 (gsize) (equals - argv[i])));
              gint64 old_id = psems_layer_resolve (store, facility_id, old_text, &error);

              if (old_id <= 0)
                {
                  g_prefix_error (&error, "%s: layers: ", facility);
                  return psems_cli_data_error (cli, error);
                }
              old = find_layer (current, old_id);
            }
          else
            for (guint j = 0; j < current->len && old == NULL; j++)
              {
                const PsemsLayer *candidate = g_ptr_array_index (current, j);

                if (same_text (candidate->name, name))
                  old = candidate;
              }

          for (guint j = 0; old != NULL && j < layers->len; j++)
            if (((PsemsLayer *) g_ptr_array_index (layers, j))->id == old->id)
              return psems_cli_usage_error (cli, _("the layer “%s” is given twice"), old->name);

          layer = psems_layer_new ();
          layer->id = old != NULL ? old->id : 0;
          layer->facility_id = facility_id;
          layer->name = g_steal_pointer (&name);
          layer->description = old != NULL ? g_strdup (old->description) : NULL;
          g_ptr_array_add (layers, layer);
        }
      if (!psems_layers_save (store, cli->actor, facility_id, layers, &error))
        return psems_cli_data_error (cli, error);
    }

  if (cli->format != PSEMS_FORMAT_TEXT)
    return print_layers (cli, store, facility_id);
  after = psems_layer_list (store, facility_id, &error);
  if (after == NULL)
    return psems_cli_data_error (cli, error);
  for (guint i = 0; i < after->len; i++)
    g_string_append_printf (line, "%s%s", i > 0 ? " › " : "",
                            ((PsemsLayer *) g_ptr_array_index (after, i))->name);
  printf (_("%s: layers, outside in: %s\n"), facility, line->str);
  return PSEMS_EXIT_OK;
}

static const PsemsCliVerb layer_verbs[] = {
  { "list", N_("List a facility's layers, outside in"), layer_list },
  { "set",  N_("Replace, rename or reorder a facility's layers"), layer_set },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_layer = {
  "layer", N_("The rings of defence in depth of a facility"), layer_verbs,
};

/* ─────────────────────────── control records ─────────────────────────── */

typedef struct
{
  const PsemsControl *control;
  const char *facility;
} ControlRow;

static const char * const control_columns[] = {
  "ref", "facility", "layer", "name", "domain", "function", "status", "effectiveness",
  "test_due_on", "degraded", NULL
};
static const char * const mitigated_columns[] = {
  "ref", "name", "inherent_level", "residual_level", NULL
};
static const PsemsCliSection control_sections[] = {
  { "threats", N_("Threat scenarios it mitigates"), mitigated_columns },
  { NULL }
};

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
describe_control (JsonBuilder      *builder,
                  const ControlRow *row)
{
  const PsemsControl *control = row->control;

  psems_json_add_string (builder, "ref", control->ref);
  psems_json_add_string (builder, "facility", row->facility);
  psems_json_add_string (builder, "layer", control->layer_name);
  psems_json_add_int (builder, "layer_position", control->layer_position);
  psems_json_add_string (builder, "name", control->name);
  psems_json_add_string (builder, "description", control->description);
  psems_json_add_string (builder, "domain", control->domain);
  psems_json_add_string (builder, "function", control->function);
  psems_json_add_string (builder, "owner", control->owner);
  psems_json_add_string (builder, "status", control->status);
  psems_json_add_int (builder, "effectiveness", control->effectiveness);
  json_builder_set_member_name (builder, "test_interval_days");
  if (control->test_interval_days > 0)
    json_builder_add_int_value (builder, control->test_interval_days);
  else
    json_builder_add_null_value (builder);
  psems_json_add_string (builder, "last_tested_on", control->last_tested_on);
  psems_json_add_string (builder, "test_due_on", control->test_due_on);
  psems_json_add_boolean (builder, "test_overdue", control->test_overdue);
  psems_json_add_int (builder, "open_findings", control->open_findings);
  psems_json_add_boolean (builder, "degraded", control->degraded);
  psems_json_add_boolean (builder, "effective", control->effective);
  add_strv (builder, "regulations", (const char * const *) control->regulations);
  add_strv (builder, "plan_elements", (const char * const *) control->plan_elements);
}

static gboolean
mitigates (const PsemsThreat *threat,
           gint64             control_id)
{
  for (guint i = 0; threat->control_ids != NULL && i < threat->control_ids->len; i++)
    if (g_array_index (threat->control_ids, gint64, i) == control_id)
      return TRUE;
  return FALSE;
}

/* The control as of @as_of (NULL: today) and the threat scenarios it mitigates. */
static JsonNode *
build_control_record_as_of (PsemsStore  *store,
                            gint64       id,
                            const char  *as_of,
                            GError     **error)
{
  g_autoptr(PsemsControl) control = NULL;
  g_autoptr(PsemsFacility) facility = NULL;
  g_autoptr(GPtrArray) threats = NULL;
  g_autoptr(PsemsRiskMatrix) matrix = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *today = psems_cli_today ();
  ControlRow row;

  control = psems_control_get (store, id, as_of, error);
  if (control == NULL)
    return NULL;
  facility = psems_facility_get (store, control->facility_id, error);
  if (facility == NULL)
    return NULL;
  threats = psems_threat_list (store, control->facility_id, as_of, error);
  if (threats == NULL)
    return NULL;
  matrix = psems_risk_matrix_load (store, error);
  if (matrix == NULL)
    return NULL;

  row.control = control;
  row.facility = facility->code;
  json_builder_begin_object (builder);
  describe_control (builder, &row);
  psems_json_add_string (builder, "as_of", as_of != NULL ? as_of : today);
  json_builder_set_member_name (builder, "threats");
  json_builder_begin_array (builder);
  for (guint i = 0; i < threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (threats, i);

      if (!mitigates (threat, id))
        continue;
      json_builder_begin_object (builder);
      psems_json_add_string (builder, "ref", threat->ref);
      psems_json_add_string (builder, "name", threat->name);
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
build_control_record (PsemsStore  *store,
                      gint64       id,
                      GError     **error)
{
  return build_control_record_as_of (store, id, NULL, error);
}

/* ─────────────────────────── control verbs ─────────────────────────── */

static int
control_list (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_autofree char *facility = NULL;
  g_autofree char *layer = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *as_of_text = NULL;
  gboolean degraded = FALSE;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("Only this facility (reference or code)"), N_("FACILITY") },
    { "layer", 0, 0, G_OPTION_ARG_STRING, &layer,
      N_("Only controls on this layer (its position, 1 the outermost, or its name)"),
      N_("LAYER") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_text,
      N_("Only this status: planned, implemented, partially-effective, ineffective, retired"),
      N_("STATUS") },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &domain,
      N_("Only this domain: physical, personnel, cyber, information"), N_("DOMAIN") },
    { "degraded", 0, 0, G_OPTION_ARG_NONE, &degraded,
      N_("Only degraded controls: test overdue or a finding open against them"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("The day tests and findings are judged on (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *folded_layer = NULL;
  gint64 facility_id = 0;
  gint64 layer_id = 0;
  int layer_position = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the controls of defence in depth, by facility, layer (outside in) "
                          "and name: reference, facility, layer, name, domain, function, status, "
                          "effectiveness, when the next test is due and whether the control is "
                          "degraded (its test overdue, or a finding open against it) as of the "
                          "day (--as-of, default today). JSON gives every field."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (status_text != NULL && !is_one_of (psems_control_statuses (), status_text))
    {
      g_autofree char *known = join_values (psems_control_statuses ());

      return psems_cli_usage_error (cli, _("--status: “%s” is not one of %s"), status_text, known);
    }
  if (domain != NULL && !is_one_of (psems_control_domains (), domain))
    {
      g_autofree char *known = join_values (psems_control_domains ());

      return psems_cli_usage_error (cli, _("--domain: “%s” is not one of %s"), domain, known);
    }
  if (layer != NULL && *g_strstrip (layer) == '\0')
    return psems_cli_usage_error (cli, _("--layer needs a position or a name"));
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;

  if (facility != NULL)
    store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_facility_resolve,
                                     facility, &facility_id, &status);
  else
    {
      store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
      if (store == NULL)
        return psems_cli_data_error (cli, error);
    }
  if (store == NULL)
    return status;

  /* Within a facility the layer must exist; across facilities it is matched by position or name. */
  if (layer != NULL && facility_id > 0)
    {
      layer_id = psems_layer_resolve (store, facility_id, layer, &error);
      if (layer_id <= 0)
        {
          g_prefix_error (&error, "--layer: ");
          return psems_cli_data_error (cli, error);
        }
    }
  else if (layer != NULL && !psems_cli_parse_int (layer, &layer_position))
    folded_layer = g_utf8_casefold (layer, -1);

  controls = psems_control_list (store, facility_id, as_of, &error);
  if (controls == NULL)
    return psems_cli_data_error (cli, error);
  codes = psems_cli_facility_codes (store, &error);
  if (codes == NULL)
    return psems_cli_data_error (cli, error);

  for (guint i = 0; i < controls->len; i++)
    {
      const PsemsControl *control = g_ptr_array_index (controls, i);
      ControlRow *row;

      if (layer_id > 0 && control->layer_id != layer_id)
        continue;
      if (layer_id == 0 && layer_position > 0 && control->layer_position != layer_position)
        continue;
      if (folded_layer != NULL)
        {
          g_autofree char *name = g_utf8_casefold (control->layer_name ? control->layer_name : "",
                                                   -1);

          if (!g_str_equal (name, folded_layer))
            continue;
        }
      if (status_text != NULL && g_strcmp0 (control->status, status_text) != 0)
        continue;
      if (domain != NULL && g_strcmp0 (control->domain, domain) != 0)
        continue;
      if (degraded && !control->degraded)
        continue;
      row = g_new0 (ControlRow, 1);
      row->control = control;
      row->facility = g_hash_table_lookup (codes, &control->facility_id);
      g_ptr_array_add (rows, row);
    }
  psems_cli_print_list (cli, rows, (PsemsCliDescribeFunc) describe_control, control_columns);
  return PSEMS_EXIT_OK;
}

static int
control_show (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_autofree char *as_of_text = NULL;
  const GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("The day tests and findings are judged on (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("CONTROL"),
                        _("Prints a control (CONTROL is its reference, CTL-YYYY-NNNN): every field, "
                          "its regulation references and plan elements, when its next test is "
                          "due, whether it is degraded as of the day (--as-of, default today), and "
                          "the threat scenarios it mitigates with their inherent and residual risk. "
                          "CSV prints the control's fields only."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_control))) != PSEMS_EXIT_OK)
    return status;
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_control_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  root = build_control_record_as_of (store, id, as_of, &error);
  if (root == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_record (cli, root, control_sections);
  return PSEMS_EXIT_OK;
}

/* The fields add and edit share; NULL for an option not given. */
typedef struct
{
  char *facility;
  char *layer;
  char *name;
  char *description;
  char *domain;
  char *function;
  char *owner;
  char *status;
  char *effectiveness;
  char *test_interval;
  char *tested;
  char **regulations;
  char **plan_elements;
} ControlOptions;

static void
control_options_clear (ControlOptions *o)
{
  g_free (o->facility);
  g_free (o->layer);
  g_free (o->name);
  g_free (o->description);
  g_free (o->domain);
  g_free (o->function);
  g_free (o->owner);
  g_free (o->status);
  g_free (o->effectiveness);
  g_free (o->test_interval);
  g_free (o->tested);
  g_strfreev (o->regulations);
  g_strfreev (o->plan_elements);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ControlOptions, control_options_clear)

#define CONTROL_OPTION_ENTRIES(o) \
  { "layer", 0, 0, G_OPTION_ARG_STRING, &(o).layer, \
    N_("The layer it stands on: its position (1 the outermost) or name"), N_("LAYER") }, \
  { "name", 0, 0, G_OPTION_ARG_STRING, &(o).name, N_("The control's name"), N_("NAME") }, \
  { "description", 0, 0, G_OPTION_ARG_STRING, &(o).description, \
    N_("What it is and does"), N_("TEXT") }, \
  { "domain", 0, 0, G_OPTION_ARG_STRING, &(o).domain, \
    N_("physical, personnel, cyber or information"), N_("DOMAIN") }, \
  { "function", 0, 0, G_OPTION_ARG_STRING, &(o).function, \
    N_("deter, detect, delay, respond or recover"), N_("FUNCTION") }, \
  { "owner", 0, 0, G_OPTION_ARG_STRING, &(o).owner, N_("Who answers for it"), N_("TEXT") }, \
  { "status", 0, 0, G_OPTION_ARG_STRING, &(o).status, \
    N_("planned, implemented, partially-effective, ineffective or retired"), N_("STATUS") }, \
  { "effectiveness", 0, 0, G_OPTION_ARG_STRING, &(o).effectiveness, \
    N_("How well it works, 0–100 %"), N_("N") }, \
  { "test-interval", 0, 0, G_OPTION_ARG_STRING, &(o).test_interval, \
    N_("Days between tests; 0 for none"), N_("DAYS") }, \
  { "tested", 0, 0, G_OPTION_ARG_STRING, &(o).tested, \
    N_("Record a test on this day (not in the future)"), N_("YYYY-MM-DD") }, \
  { "regulation", 0, 0, G_OPTION_ARG_STRING_ARRAY, &(o).regulations, \
    N_("A regulation reference, e.g. “ISPS A/16.3.2”; repeat for several; replaces the list, " \
       "'' clears it"), N_("CODE") }, \
  { "plan-element", 0, 0, G_OPTION_ARG_STRING_ARRAY, &(o).plan_elements, \
    N_("A plan element key of the facility's plan, e.g. unauthorized-access; repeat for several; " \
       "replaces the list, '' clears it"), N_("KEY") }

static gboolean
any_field (const ControlOptions *o)
{
  return o->layer != NULL || o->name != NULL || o->description != NULL || o->domain != NULL ||
         o->function != NULL || o->owner != NULL || o->status != NULL ||
         o->effectiveness != NULL || o->test_interval != NULL || o->regulations != NULL ||
         o->plan_elements != NULL;
}

/* The non-empty values of a repeated option: given once as '', none. */
static GStrv
nonempty_values (char **values)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (values[i]));

      if (*value != '\0')
        g_strv_builder_add (builder, value);
    }
  return g_strv_builder_end (builder);
}

/* The numbers and the day, checked before the database is opened. */
static gboolean
parse_numbers (PsemsCli       *cli,
               ControlOptions *o,
               int            *effectiveness,
               int            *test_interval,
               char          **tested,
               int            *status)
{
  if (o->effectiveness != NULL && !psems_cli_parse_int (o->effectiveness, effectiveness))
    {
      *status = psems_cli_usage_error (cli, _("--effectiveness: “%s” is not a whole number"),
                                       o->effectiveness);
      return FALSE;
    }
  if (o->test_interval != NULL && *o->test_interval != '\0' &&
      !psems_cli_parse_int (o->test_interval, test_interval))
    {
      *status = psems_cli_usage_error (cli, _("--test-interval: “%s” is not a whole number of days"),
                                       o->test_interval);
      return FALSE;
    }
  return psems_cli_parse_day_text (cli, "--tested", o->tested, FALSE, tested, status);
}

/* Copies the options given onto @control; an empty optional value clears it. */
static gboolean
apply_options (PsemsCli       *cli,
               PsemsStore     *store,
               ControlOptions *o,
               int             effectiveness,
               int             test_interval,
               const char     *tested,
               PsemsControl   *control,
               GString        *changed,
               int            *status)
{
#define APPLY(field, required) \
  if (o->field != NULL) \
    { \
      g_free (control->field); \
      control->field = required ? g_strdup (o->field) : psems_cli_dup_optional (o->field); \
      psems_cli_note_changed (changed, #field); \
    }
  APPLY (name, TRUE);
  APPLY (description, FALSE);
  APPLY (domain, TRUE);
  APPLY (function, TRUE);
  APPLY (owner, FALSE);
  APPLY (status, TRUE);
#undef APPLY

  if (o->layer != NULL)
    {
      g_autoptr(GError) error = NULL;

      control->layer_id = psems_layer_resolve (store, control->facility_id, o->layer, &error);
      if (control->layer_id <= 0)
        {
          /* Named as the core names a control in its refusals. */
          g_prefix_error (&error, "%s: layer: ",
                          control->ref != NULL ? control->ref
                          : control->name != NULL && *control->name != '\0' ? control->name
                          : _("New control"));
          *status = psems_cli_data_error (cli, error);
          return FALSE;
        }
      psems_cli_note_changed (changed, "layer");
    }
  if (o->effectiveness != NULL)
    {
      control->effectiveness = effectiveness;
      psems_cli_note_changed (changed, "effectiveness");
    }
  if (o->test_interval != NULL)
    {
      control->test_interval_days = test_interval;
      psems_cli_note_changed (changed, "test_interval_days");
    }
  if (tested != NULL)
    {
      g_free (control->last_tested_on);
      control->last_tested_on = g_strdup (tested);
      psems_cli_note_changed (changed, "last_tested_on");
    }
  if (o->regulations != NULL)
    {
      g_strfreev (control->regulations);
      control->regulations = nonempty_values (o->regulations);
      psems_cli_note_changed (changed, "regulations");
    }
  if (o->plan_elements != NULL)
    {
      g_strfreev (control->plan_elements);
      control->plan_elements = nonempty_values (o->plan_elements);
      psems_cli_note_changed (changed, "plan_elements");
    }
  return TRUE;
}

static int
control_add (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_auto(ControlOptions) o = { NULL };
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &o.facility,
      N_("The facility (reference or code)"), N_("FACILITY") },
    CONTROL_OPTION_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsControl) control = psems_control_new ();
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  g_autofree char *tested = NULL;
  int effectiveness = 0;
  int test_interval = 0;
  gint64 facility_id = 0;
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Creates a control of defence in depth. --facility, --layer, --name, "
                          "--domain and --function are required; --status defaults to planned, "
                          "--effectiveness to 0. --tested records the last test; with "
                          "--test-interval the control is degraded once the next test is overdue. "
                          "Prints the new control's reference."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (o.facility == NULL)
    return psems_cli_usage_error (cli, "%s", _(which_facility));
  if (o.layer == NULL)
    return psems_cli_usage_error (cli, _("--layer is required"));
  if (o.name == NULL)
    return psems_cli_usage_error (cli, _("--name is required"));
  if (o.domain == NULL)
    return psems_cli_usage_error (cli, _("--domain is required (physical, personnel, cyber or "
                                         "information)"));
  if (o.function == NULL)
    return psems_cli_usage_error (cli, _("--function is required (deter, detect, delay, respond "
                                         "or recover)"));
  if (!parse_numbers (cli, &o, &effectiveness, &test_interval, &tested, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve,
                                   o.facility, &facility_id, &status);
  if (store == NULL)
    return status;
  control->facility_id = facility_id;
  g_free (control->status);
  control->status = g_strdup ("planned");
  if (!apply_options (cli, store, &o, effectiveness, test_interval, tested, control, changed,
                      &status))
    return status;

  id = psems_control_create (store, cli->actor, control, &ref, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s created"), ref);
  return psems_cli_confirm (cli, store, id, build_control_record, control_sections, line);
}

static int
control_edit (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_auto(ControlOptions) o = { NULL };
  const GOptionEntry entries[] = {
    CONTROL_OPTION_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsControl) control = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *tested = NULL;
  int effectiveness = 0;
  int test_interval = 0;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("CONTROL"),
                        _("Changes the fields of a control that are given as options and leaves "
                          "the others as they are; an empty value (--owner '') clears an optional "
                          "field. --tested alone records a test; --regulation and --plan-element "
                          "replace their whole list. The facility of a control never changes."),
                        TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_control))) != PSEMS_EXIT_OK)
    return status;
  if (!any_field (&o) && o.tested == NULL)
    return psems_cli_usage_error (cli,
                                  _("nothing to change: give at least one field as an option"));
  if (!parse_numbers (cli, &o, &effectiveness, &test_interval, &tested, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_control_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  control = psems_control_get (store, id, NULL, &error);
  if (control == NULL)
    return psems_cli_data_error (cli, error);

  if (!any_field (&o))
    {
      /* A test on its own is its own act in the audit trail. */
      if (!psems_control_record_test (store, cli->actor, id, tested, &error))
        return psems_cli_data_error (cli, error);
      line = g_strdup_printf (_("%s tested on %s"), control->ref, tested);
    }
  else
    {
      if (!apply_options (cli, store, &o, effectiveness, test_interval, tested, control, changed,
                          &status))
        return status;
      if (!psems_control_update (store, cli->actor, control, &error))
        return psems_cli_data_error (cli, error);
      line = g_strdup_printf (_("%s updated: %s"), control->ref, changed->str);
    }
  return psems_cli_confirm (cli, store, id, build_control_record, control_sections, line);
}

static const PsemsCliVerb control_verbs[] = {
  { "list", N_("List controls, by facility and layer"), control_list },
  { "show", N_("Print a control and the threats it mitigates"), control_show },
  { "add",  N_("Create a control"), control_add },
  { "edit", N_("Change a control's fields or record a test"), control_edit },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_control = {
  "control", N_("Layered-security controls (defence in depth)"), control_verbs,
};
