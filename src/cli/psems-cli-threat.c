/* psems-cli-threat.c — psems-cli threat (list, show, add, edit, link) and risk-matrix (show): threat scenarios weighed against the layers. */
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

static const char which_threat[] = N_("which threat scenario? Give its reference, THR-YYYY-NNNN");
static const char which_facility[] = N_("which facility? Give --facility with its reference or code");

/* ─────────────────────────── what a threat refers to ─────────────────────────── */

/* The records a threat's ids point at, loaded once for the facilities printed. */
typedef struct
{
  PsemsRiskMatrix *matrix;
  GHashTable *facility_codes;   /* facility id → code */
  GHashTable *facility_layers;  /* facility id → GPtrArray of PsemsLayer*, outside in */
  GHashTable *layers;           /* layer id → PsemsLayer* */
  GHashTable *controls;         /* control id → PsemsControl* */
  GHashTable *pfsas;            /* assessment id → PsemsPfsa* */
  GPtrArray *owned;             /* the arrays those point into */
} ThreatContext;

static void
threat_context_free (ThreatContext *ctx)
{
  g_clear_pointer (&ctx->matrix, psems_risk_matrix_free);
  g_clear_pointer (&ctx->facility_codes, g_hash_table_unref);
  g_clear_pointer (&ctx->facility_layers, g_hash_table_unref);
  g_clear_pointer (&ctx->layers, g_hash_table_unref);
  g_clear_pointer (&ctx->controls, g_hash_table_unref);
  g_clear_pointer (&ctx->pfsas, g_hash_table_unref);
  g_clear_pointer (&ctx->owned, g_ptr_array_unref);
  g_free (ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ThreatContext, threat_context_free)

static gboolean
load_facility (ThreatContext  *ctx,
               PsemsStore     *store,
               gint64          facility_id,
               const char     *as_of,
               GError        **error)
{
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) controls = NULL;
  g_autoptr(GPtrArray) pfsas = NULL;

  if (g_hash_table_contains (ctx->facility_layers, &facility_id))
    return TRUE;
  layers = psems_layer_list (store, facility_id, error);
  if (layers == NULL)
    return FALSE;
  controls = psems_control_list (store, facility_id, as_of, error);
  if (controls == NULL)
    return FALSE;
  pfsas = psems_pfsa_list (store, facility_id, as_of, error);
  if (pfsas == NULL)
    return FALSE;

  for (guint i = 0; i < layers->len; i++)
    {
      PsemsLayer *layer = g_ptr_array_index (layers, i);

      g_hash_table_insert (ctx->layers, &layer->id, layer);
    }
  for (guint i = 0; i < controls->len; i++)
    {
      PsemsControl *control = g_ptr_array_index (controls, i);

      g_hash_table_insert (ctx->controls, &control->id, control);
    }
  for (guint i = 0; i < pfsas->len; i++)
    {
      PsemsPfsa *pfsa = g_ptr_array_index (pfsas, i);

      g_hash_table_insert (ctx->pfsas, &pfsa->id, pfsa);
    }
  g_hash_table_insert (ctx->facility_layers, g_memdup2 (&facility_id, sizeof facility_id), layers);
  g_ptr_array_add (ctx->owned, g_ptr_array_ref (layers));
  g_ptr_array_add (ctx->owned, g_steal_pointer (&controls));
  g_ptr_array_add (ctx->owned, g_steal_pointer (&pfsas));
  return TRUE;
}

/* The matrix, the facility codes, and the layers, controls and assessments of
 * every facility of @threats. */
static ThreatContext *
threat_context_new (PsemsStore  *store,
                    GPtrArray   *threats,
                    const char  *as_of,
                    GError     **error)
{
  g_autoptr(ThreatContext) ctx = g_new0 (ThreatContext, 1);

  ctx->owned = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  ctx->facility_layers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ctx->layers = g_hash_table_new (g_int64_hash, g_int64_equal);
  ctx->controls = g_hash_table_new (g_int64_hash, g_int64_equal);
  ctx->pfsas = g_hash_table_new (g_int64_hash, g_int64_equal);
  ctx->matrix = psems_risk_matrix_load (store, error);
  if (ctx->matrix == NULL)
    return NULL;
  ctx->facility_codes = psems_cli_facility_codes (store, error);
  if (ctx->facility_codes == NULL)
    return NULL;
  for (guint i = 0; i < threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (threats, i);

      if (!load_facility (ctx, store, threat->facility_id, as_of, error))
        return NULL;
    }
  return g_steal_pointer (&ctx);
}

static const char *
layer_name (ThreatContext *ctx,
            gint64         layer_id)
{
  const PsemsLayer *layer = g_hash_table_lookup (ctx->layers, &layer_id);

  return layer != NULL ? layer->name : NULL;
}

/* ─────────────────────────── records ─────────────────────────── */

typedef struct
{
  ThreatContext *ctx;
  const PsemsThreat *threat;
} ThreatRow;

static const char * const threat_columns[] = {
  "ref", "facility", "name", "likelihood", "consequence", "inherent_level", "residual_level",
  "stops_at", "unopposed_layers", NULL
};
static const char * const mitigation_columns[] = {
  "ref", "layer", "name", "status", "effectiveness", "effective", NULL
};
static const char * const threat_layer_columns[] = {
  "position", "layer", "best_mitigation", "unopposed", NULL
};
static const PsemsCliSection threat_sections[] = {
  { "mitigations", N_("Mitigating controls"), mitigation_columns },
  { "layers", N_("Layers, outside in"), threat_layer_columns },
  { NULL }
};

static void
describe_threat (JsonBuilder     *builder,
                 const ThreatRow *row)
{
  ThreatContext *ctx = row->ctx;
  const PsemsThreat *threat = row->threat;
  const PsemsThreatAssessment *a = &threat->assessment;
  const PsemsPfsa *pfsa = g_hash_table_lookup (ctx->pfsas, &threat->pfsa_id);

  psems_json_add_string (builder, "ref", threat->ref);
  psems_json_add_string (builder, "facility",
                         g_hash_table_lookup (ctx->facility_codes, &threat->facility_id));
  psems_json_add_string (builder, "pfsa", pfsa != NULL ? pfsa->ref : NULL);
  psems_json_add_string (builder, "name", threat->name);
  psems_json_add_string (builder, "description", threat->description);
  psems_json_add_string (builder, "target", threat->target);
  psems_json_add_int (builder, "likelihood", threat->likelihood);
  psems_json_add_int (builder, "consequence", threat->consequence);
  psems_json_add_int (builder, "inherent_score", a->inherent_score);
  psems_json_add_string (builder, "inherent_level",
                         psems_cli_risk_level_name (ctx->matrix, a->inherent_level));
  json_builder_set_member_name (builder, "residual_likelihood");
  json_builder_add_double_value (builder, a->residual_likelihood);
  psems_json_add_int (builder, "residual_likelihood_class", a->residual_likelihood_class);
  psems_json_add_string (builder, "residual_level",
                         psems_cli_risk_level_name (ctx->matrix, a->residual_level));
  psems_json_add_string (builder, "stops_at",
                         a->stop_layer_id > 0 ? layer_name (ctx, a->stop_layer_id) : NULL);
  psems_json_add_int (builder, "stop_position", a->stop_position);
  psems_json_add_boolean (builder, "passes_through", a->stop_position == 0);

  json_builder_set_member_name (builder, "unopposed_layers");
  json_builder_begin_array (builder);
  for (guint i = 0; a->unopposed_layers != NULL && i < a->unopposed_layers->len; i++)
    {
      const char *name = layer_name (ctx, g_array_index (a->unopposed_layers, gint64, i));

      if (name != NULL)
        json_builder_add_string_value (builder, name);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "controls");
  json_builder_begin_array (builder);
  for (guint i = 0; threat->control_ids != NULL && i < threat->control_ids->len; i++)
    {
      gint64 id = g_array_index (threat->control_ids, gint64, i);
      const PsemsControl *control = g_hash_table_lookup (ctx->controls, &id);

      if (control != NULL)
        json_builder_add_string_value (builder, control->ref);
    }
  json_builder_end_array (builder);
}

/* The scenario as of @as_of (NULL: today), its mitigating controls and what each layer does. */
static JsonNode *
build_threat_record_as_of (PsemsStore  *store,
                           gint64       id,
                           const char  *as_of,
                           GError     **error)
{
  g_autoptr(PsemsThreat) threat = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(ThreatContext) ctx = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *today = psems_cli_today ();
  const PsemsThreatAssessment *a;
  GPtrArray *layers;
  ThreatRow row;

  threat = psems_threat_get (store, id, as_of, error);
  if (threat == NULL)
    return NULL;
  g_ptr_array_add (one, threat);
  ctx = threat_context_new (store, one, as_of, error);
  if (ctx == NULL)
    return NULL;
  a = &threat->assessment;
  layers = g_hash_table_lookup (ctx->facility_layers, &threat->facility_id);

  row.ctx = ctx;
  row.threat = threat;
  json_builder_begin_object (builder);
  describe_threat (builder, &row);
  psems_json_add_string (builder, "as_of", as_of != NULL ? as_of : today);

  json_builder_set_member_name (builder, "mitigations");
  json_builder_begin_array (builder);
  for (guint i = 0; threat->control_ids != NULL && i < threat->control_ids->len; i++)
    {
      gint64 control_id = g_array_index (threat->control_ids, gint64, i);
      const PsemsControl *control = g_hash_table_lookup (ctx->controls, &control_id);

      if (control == NULL)
        continue;
      json_builder_begin_object (builder);
      psems_json_add_string (builder, "ref", control->ref);
      psems_json_add_string (builder, "layer", control->layer_name);
      psems_json_add_int (builder, "layer_position", control->layer_position);
      psems_json_add_string (builder, "name", control->name);
      psems_json_add_string (builder, "status", control->status);
      psems_json_add_int (builder, "effectiveness", control->effectiveness);
      psems_json_add_boolean (builder, "degraded", control->degraded);
      psems_json_add_boolean (builder, "effective", control->effective);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "layers");
  json_builder_begin_array (builder);
  for (guint i = 0; layers != NULL && i < layers->len; i++)
    {
      const PsemsLayer *layer = g_ptr_array_index (layers, i);
      int best = a->best_per_layer != NULL && i < a->best_per_layer->len
               ? g_array_index (a->best_per_layer, int, i) : 0;

      json_builder_begin_object (builder);
      psems_json_add_int (builder, "position", layer->position);
      psems_json_add_string (builder, "layer", layer->name);
      psems_json_add_int (builder, "best_mitigation", best);
      psems_json_add_boolean (builder, "unopposed", best == 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
build_threat_record (PsemsStore  *store,
                     gint64       id,
                     GError     **error)
{
  return build_threat_record_as_of (store, id, NULL, error);
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
threat_list (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_autofree char *facility = NULL;
  g_autofree char *as_of_text = NULL;
  gboolean unopposed = FALSE;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("Only this facility (reference or code)"), N_("FACILITY") },
    { "passes-through", 0, 0, G_OPTION_ARG_NONE, &unopposed,
      N_("Only scenarios no layer stops: every layer passed unopposed"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("The day the controls are judged on (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) threats = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ThreatContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  gint64 facility_id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the threat scenarios of the facility security assessment, highest "
                          "inherent risk first: likelihood and consequence (1–5), the inherent and "
                          "the residual risk level on the risk matrix, the layer that stops the "
                          "scenario (the first with an effective mitigating control) and the "
                          "layers it passes unopposed, as of the day (--as-of, default today)."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
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
  threats = psems_threat_list (store, facility_id, as_of, &error);
  if (threats == NULL)
    return psems_cli_data_error (cli, error);
  ctx = threat_context_new (store, threats, as_of, &error);
  if (ctx == NULL)
    return psems_cli_data_error (cli, error);

  for (guint i = 0; i < threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (threats, i);
      ThreatRow *row;

      if (unopposed && threat->assessment.stop_position != 0)
        continue;
      row = g_new0 (ThreatRow, 1);
      row->ctx = ctx;
      row->threat = threat;
      g_ptr_array_add (rows, row);
    }
  psems_cli_print_list (cli, rows, (PsemsCliDescribeFunc) describe_threat, threat_columns);
  return PSEMS_EXIT_OK;
}

static int
threat_show (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_autofree char *as_of_text = NULL;
  const GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("The day the controls are judged on (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("THREAT"),
                        _("Prints a threat scenario (THREAT is its reference, THR-YYYY-NNNN): its "
                          "fields, inherent and residual risk, its mitigating controls and, for "
                          "each layer outside in, the best effective mitigation there (0: passed "
                          "unopposed). Residual likelihood = likelihood × Π over the layers "
                          "(1 − best / 100), where a control counts when it is implemented or "
                          "partially effective and not degraded. CSV prints the scenario's fields "
                          "only."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_threat))) != PSEMS_EXIT_OK)
    return status;
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_threat_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  root = build_threat_record_as_of (store, id, as_of, &error);
  if (root == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_record (cli, root, threat_sections);
  return PSEMS_EXIT_OK;
}

/* The fields add and edit share; NULL for an option not given. */
typedef struct
{
  char *facility;
  char *name;
  char *description;
  char *target;
  char *likelihood;
  char *consequence;
  char *pfsa;
  char **controls;
} ThreatOptions;

static void
threat_options_clear (ThreatOptions *o)
{
  g_free (o->facility);
  g_free (o->name);
  g_free (o->description);
  g_free (o->target);
  g_free (o->likelihood);
  g_free (o->consequence);
  g_free (o->pfsa);
  g_strfreev (o->controls);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ThreatOptions, threat_options_clear)

#define THREAT_OPTION_ENTRIES(o) \
  { "name", 0, 0, G_OPTION_ARG_STRING, &(o).name, N_("The scenario's name"), N_("NAME") }, \
  { "description", 0, 0, G_OPTION_ARG_STRING, &(o).description, \
    N_("How the attack would unfold"), N_("TEXT") }, \
  { "target", 0, 0, G_OPTION_ARG_STRING, &(o).target, \
    N_("The asset or infrastructure threatened"), N_("TEXT") }, \
  { "likelihood", 0, 0, G_OPTION_ARG_STRING, &(o).likelihood, N_("1 (rare) to 5"), N_("N") }, \
  { "consequence", 0, 0, G_OPTION_ARG_STRING, &(o).consequence, \
    N_("1 (minor) to 5"), N_("N") }, \
  { "pfsa", 0, 0, G_OPTION_ARG_STRING, &(o).pfsa, \
    N_("The facility security assessment it belongs to (its reference); '' for none"), \
    N_("PFSA-YYYY-NNNN") }, \
  { "control", 0, 0, G_OPTION_ARG_STRING_ARRAY, &(o).controls, \
    N_("A mitigating control (its reference); repeat for several; replaces the list, '' " \
       "clears it"), N_("CONTROL") }

static gboolean
any_field (const ThreatOptions *o)
{
  return o->name != NULL || o->description != NULL || o->target != NULL ||
         o->likelihood != NULL || o->consequence != NULL || o->pfsa != NULL ||
         o->controls != NULL;
}

static gboolean
parse_scale (PsemsCli   *cli,
             const char *option,
             const char *text,
             int        *value,
             int        *status)
{
  if (text == NULL || psems_cli_parse_int (text, value))
    return TRUE;
  *status = psems_cli_usage_error (cli, _("%s: “%s” is not a whole number"), option, text);
  return FALSE;
}

/* An assessment of the threat's facility by reference. */
static gint64
resolve_pfsa (PsemsStore  *store,
              gint64       facility_id,
              const char  *text,
              GError     **error)
{
  g_autoptr(GPtrArray) pfsas = psems_pfsa_list (store, facility_id, NULL, error);

  if (pfsas == NULL)
    return 0;
  for (guint i = 0; i < pfsas->len; i++)
    {
      const PsemsPfsa *pfsa = g_ptr_array_index (pfsas, i);

      if (pfsa->ref != NULL && g_ascii_strcasecmp (pfsa->ref, text) == 0)
        return pfsa->id;
    }
  g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND,
               _("no facility security assessment “%s” of this facility"), text);
  return 0;
}

/* Copies the options given onto @threat; an empty optional value clears it. */
static gboolean
apply_options (PsemsCli      *cli,
               PsemsStore    *store,
               ThreatOptions *o,
               int            likelihood,
               int            consequence,
               PsemsThreat   *threat,
               GString       *changed,
               int           *status)
{
  const char *what;
  g_autoptr(GError) error = NULL;

#define APPLY(field, required) \
  if (o->field != NULL) \
    { \
      g_free (threat->field); \
      threat->field = required ? g_strdup (o->field) : psems_cli_dup_optional (o->field); \
      psems_cli_note_changed (changed, #field); \
    }
  APPLY (name, TRUE);
  APPLY (description, FALSE);
  APPLY (target, FALSE);
#undef APPLY
  /* Named as the core names it in its refusals: the reference, or the name of a new one. */
  what = threat->ref != NULL ? threat->ref
       : threat->name != NULL && *threat->name != '\0' ? threat->name
       : _("New threat scenario");

  if (o->likelihood != NULL)
    {
      threat->likelihood = likelihood;
      psems_cli_note_changed (changed, "likelihood");
    }
  if (o->consequence != NULL)
    {
      threat->consequence = consequence;
      psems_cli_note_changed (changed, "consequence");
    }
  if (o->pfsa != NULL)
    {
      threat->pfsa_id = 0;
      if (*o->pfsa != '\0')
        {
          threat->pfsa_id = resolve_pfsa (store, threat->facility_id, o->pfsa, &error);
          if (threat->pfsa_id <= 0)
            {
              g_prefix_error (&error, "%s: pfsa: ", what);
              *status = psems_cli_data_error (cli, error);
              return FALSE;
            }
        }
      psems_cli_note_changed (changed, "pfsa");
    }
  if (o->controls != NULL)
    {
      if (threat->control_ids == NULL)
        threat->control_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_set_size (threat->control_ids, 0);
      for (guint i = 0; o->controls[i] != NULL; i++)
        {
          g_autofree char *text = g_strstrip (g_strdup (o->controls[i]));
          gint64 id;
          gboolean seen = FALSE;

          if (*text == '\0')
            continue;
          id = psems_control_resolve (store, text, &error);
          if (id <= 0)
            {
              g_prefix_error (&error, "%s: control_ids: ", what);
              *status = psems_cli_data_error (cli, error);
              return FALSE;
            }
          for (guint j = 0; j < threat->control_ids->len; j++)
            seen = seen || g_array_index (threat->control_ids, gint64, j) == id;
          if (!seen)
            g_array_append_val (threat->control_ids, id);
        }
      psems_cli_note_changed (changed, "controls");
    }
  return TRUE;
}

static int
threat_add (PsemsCli *cli,
            int       argc,
            char    **argv)
{
  g_auto(ThreatOptions) o = { NULL };
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &o.facility,
      N_("The facility (reference or code)"), N_("FACILITY") },
    THREAT_OPTION_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsThreat) threat = psems_threat_new ();
  g_autoptr(PsemsPfsa) current = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  int likelihood = 0;
  int consequence = 0;
  gint64 facility_id = 0;
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Creates a threat scenario of a facility. --facility, --name, "
                          "--likelihood and --consequence (each 1–5) are required. The scenario "
                          "belongs to the facility's current security assessment unless --pfsa "
                          "names another or '' none. --control names a mitigating control of the "
                          "same facility. Prints the new scenario's reference."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (o.facility == NULL)
    return psems_cli_usage_error (cli, "%s", _(which_facility));
  if (o.name == NULL)
    return psems_cli_usage_error (cli, _("--name is required"));
  if (o.likelihood == NULL)
    return psems_cli_usage_error (cli, _("--likelihood is required (1–5)"));
  if (o.consequence == NULL)
    return psems_cli_usage_error (cli, _("--consequence is required (1–5)"));
  if (!parse_scale (cli, "--likelihood", o.likelihood, &likelihood, &status) ||
      !parse_scale (cli, "--consequence", o.consequence, &consequence, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve,
                                   o.facility, &facility_id, &status);
  if (store == NULL)
    return status;
  threat->facility_id = facility_id;
  if (o.pfsa == NULL)
    {
      current = psems_pfsa_get_current (store, facility_id, NULL, &error);
      if (current == NULL && error != NULL)
        return psems_cli_data_error (cli, error);
      threat->pfsa_id = current != NULL ? current->id : 0;
    }
  if (!apply_options (cli, store, &o, likelihood, consequence, threat, changed, &status))
    return status;

  id = psems_threat_create (store, cli->actor, threat, &ref, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  line = g_strdup_printf (_("%s created"), ref);
  return psems_cli_confirm (cli, store, id, build_threat_record, threat_sections, line);
}

static int
threat_edit (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_auto(ThreatOptions) o = { NULL };
  const GOptionEntry entries[] = {
    THREAT_OPTION_ENTRIES (o),
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsThreat) threat = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  int likelihood = 0;
  int consequence = 0;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("THREAT"),
                        _("Changes the fields of a threat scenario that are given as options and "
                          "leaves the others as they are; an empty value (--target '') clears an "
                          "optional field. --control replaces the whole list of mitigating "
                          "controls; “threat link” adds or removes one."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_threat))) != PSEMS_EXIT_OK)
    return status;
  if (!any_field (&o))
    return psems_cli_usage_error (cli,
                                  _("nothing to change: give at least one field as an option"));
  if (!parse_scale (cli, "--likelihood", o.likelihood, &likelihood, &status) ||
      !parse_scale (cli, "--consequence", o.consequence, &consequence, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_threat_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  threat = psems_threat_get (store, id, NULL, &error);
  if (threat == NULL)
    return psems_cli_data_error (cli, error);
  if (!apply_options (cli, store, &o, likelihood, consequence, threat, changed, &status))
    return status;
  if (!psems_threat_update (store, cli->actor, threat, &error))
    return psems_cli_data_error (cli, error);

  line = g_strdup_printf (_("%s updated: %s"), threat->ref, changed->str);
  return psems_cli_confirm (cli, store, id, build_threat_record, threat_sections, line);
}

static int
threat_link (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  gboolean remove = FALSE;
  const GOptionEntry entries[] = {
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove,
      N_("Remove the control from the scenario's mitigations instead"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsThreat) threat = NULL;
  g_autoptr(PsemsControl) control = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 id = 0;
  gint64 control_id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("THREAT CONTROL"),
                        _("Adds CONTROL (its reference, CTL-YYYY-NNNN) to the controls that "
                          "mitigate THREAT, or with --remove takes it off. The control must stand "
                          "on a layer of the scenario's facility."), TRUE, &status))
    return status;
  if (argc < 3)
    return psems_cli_usage_error (cli, argc < 2 ? _(which_threat)
                                                : _("which control? Give its reference, "
                                                    "CTL-YYYY-NNNN"));
  if (argc > 3)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[3]);

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_threat_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  control_id = psems_control_resolve (store, argv[2], &error);
  if (control_id <= 0)
    return psems_cli_data_error (cli, error);
  if (!psems_threat_link (store, cli->actor, id, control_id, !remove, &error))
    return psems_cli_data_error (cli, error);
  threat = psems_threat_get (store, id, NULL, &error);
  if (threat == NULL)
    return psems_cli_data_error (cli, error);
  control = psems_control_get (store, control_id, NULL, &error);
  if (control == NULL)
    return psems_cli_data_error (cli, error);

  line = remove ? g_strdup_printf (_("%s no longer mitigates %s"), control->ref, threat->ref)
                : g_strdup_printf (_("%s now mitigates %s"), control->ref, threat->ref);
  return psems_cli_confirm (cli, store, id, build_threat_record, threat_sections, line);
}

static const PsemsCliVerb threat_verbs[] = {
  { "list", N_("List threat scenarios with their inherent and residual risk"), threat_list },
  { "show", N_("Print a scenario, its controls and what each layer does"), threat_show },
  { "add",  N_("Create a threat scenario"), threat_add },
  { "edit", N_("Change a scenario's fields or controls"), threat_edit },
  { "link", N_("Add or remove one mitigating control"), threat_link },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_threat = {
  "threat", N_("Threat scenarios of the facility security assessment"), threat_verbs,
};

/* ─────────────────────────── the risk matrix ─────────────────────────── */

static const char * const risk_level_columns[] = { "position", "name", "colour", NULL };
static const char * const risk_grid_columns[] = {
  "likelihood", "consequence_1", "consequence_2", "consequence_3", "consequence_4",
  "consequence_5", NULL
};
static const PsemsCliSection risk_matrix_sections[] = {
  { "levels", N_("Levels, lowest first"), risk_level_columns },
  { "grid", N_("Cells: likelihood (rows, 5 at the top) × consequence 1–5"), risk_grid_columns },
  { NULL }
};

typedef struct
{
  int likelihood;
  int consequence;
  const PsemsRiskLevel *level;
} RiskCell;

static void
describe_cell (JsonBuilder    *builder,
               const RiskCell *cell)
{
  psems_json_add_int (builder, "likelihood", cell->likelihood);
  psems_json_add_int (builder, "consequence", cell->consequence);
  psems_json_add_int (builder, "score", cell->likelihood * cell->consequence);
  psems_json_add_string (builder, "level", cell->level != NULL ? cell->level->name : NULL);
  psems_json_add_string (builder, "colour", cell->level != NULL ? cell->level->colour : NULL);
}

static int
risk_matrix_show (PsemsCli *cli,
                  int       argc,
                  char    **argv)
{
  static const char * const cell_columns[] = {
    "likelihood", "consequence", "score", "level", "colour", NULL
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsRiskMatrix) matrix = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, NULL,
                        _("Prints the risk matrix the threat scenarios are weighed on: its levels "
                          "(lowest first, with their colours) and the level of each cell of "
                          "likelihood × consequence, 1–5 each. Text and JSON give the levels and "
                          "the grid; CSV gives one row per cell."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  matrix = psems_risk_matrix_load (store, &error);
  if (matrix == NULL)
    return psems_cli_data_error (cli, error);

  if (cli->format == PSEMS_FORMAT_CSV)
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

      for (int l = PSEMS_RISK_SCALE; l >= 1; l--)
        for (int c = 1; c <= PSEMS_RISK_SCALE; c++)
          {
            RiskCell *cell = g_new0 (RiskCell, 1);

            cell->likelihood = l;
            cell->consequence = c;
            cell->level = psems_risk_matrix_lookup (matrix, l, c);
            g_ptr_array_add (cells, cell);
          }
      psems_cli_print_list (cli, cells, (PsemsCliDescribeFunc) describe_cell, cell_columns);
      return PSEMS_EXIT_OK;
    }

  json_builder_begin_object (builder);
  psems_json_add_int (builder, "scale", PSEMS_RISK_SCALE);
  json_builder_set_member_name (builder, "levels");
  json_builder_begin_array (builder);
  for (guint i = 0; i < matrix->levels->len; i++)
    {
      const PsemsRiskLevel *level = g_ptr_array_index (matrix->levels, i);

      json_builder_begin_object (builder);
      psems_json_add_int (builder, "position", (gint64) i + 1);
      psems_json_add_string (builder, "name", level->name);
      psems_json_add_string (builder, "colour", level->colour);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "grid");
  json_builder_begin_array (builder);
  for (int l = PSEMS_RISK_SCALE; l >= 1; l--)
    {
      json_builder_begin_object (builder);
      psems_json_add_int (builder, "likelihood", l);
      for (int c = 1; c <= PSEMS_RISK_SCALE; c++)
        {
          const PsemsRiskLevel *level = psems_risk_matrix_lookup (matrix, l, c);
          g_autofree char *member = g_strdup_printf ("consequence_%d", c);

          psems_json_add_string (builder, member, level != NULL ? level->name : NULL);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  psems_cli_print_record (cli, root, risk_matrix_sections);
  return PSEMS_EXIT_OK;
}

static const PsemsCliVerb risk_matrix_verbs[] = {
  { "show", N_("Print the risk matrix: levels and cells"), risk_matrix_show },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_risk_matrix = {
  "risk-matrix", N_("The 5×5 risk matrix threat scenarios are weighed on"), risk_matrix_verbs,
};
