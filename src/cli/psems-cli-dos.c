/* psems-cli-dos.c — psems-cli dos (list, add, show): declarations of security between ship and facility. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-dos.h"
#include "psems-evidence.h"
#include "psems-facility.h"

extern const PsemsCliNoun psems_cli_noun_dos;

static const char which_dos[] = N_("which declaration? Give its reference, DOS-YYYY-NNNN");

/* ─────────────────────────── records ─────────────────────────── */

static const char * const dos_columns[] = {
  "ref", "facility", "ship_name", "ship_imo", "security_level", "valid_from", "valid_until",
  "signed_on", NULL
};
static const char * const evidence_columns[] = { "ref", "file_name", "media_type", "size", NULL };
static const PsemsCliSection dos_sections[] = {
  { "evidence", N_("Evidence"), evidence_columns },
  { NULL }
};

typedef struct
{
  const PsemsDos *dos;
  const PsemsRegimeRule *retention;   /* nullable */
} DosRow;

static void
describe_dos (JsonBuilder  *builder,
              const DosRow *row)
{
  const PsemsDos *dos = row->dos;
  g_autofree char *keep = NULL;

  if (row->retention != NULL)
    keep = psems_day_format_iso (psems_dos_retain_until (dos, row->retention));
  psems_json_add_string (builder, "ref", dos->ref);
  psems_json_add_string (builder, "facility", dos->facility_code);
  psems_json_add_string (builder, "ship_name", dos->ship_name);
  psems_json_add_string (builder, "ship_imo", dos->ship_imo);
  psems_json_add_int (builder, "security_level", dos->security_level);
  psems_json_add_string (builder, "valid_from", dos->valid_from);
  psems_json_add_string (builder, "valid_until", dos->valid_until);
  psems_json_add_string (builder, "reason", dos->reason);
  psems_json_add_string (builder, "responsibilities", dos->responsibilities);
  psems_json_add_string (builder, "ship_signatory", dos->ship_signatory);
  psems_json_add_string (builder, "facility_signatory", dos->facility_signatory);
  psems_json_add_string (builder, "signed_on", dos->signed_on);
  psems_json_add_string (builder, "retain_until", keep != NULL && *keep != '\0' ? keep : NULL);
}

/* The retention rule, or NULL after saying on stderr why there is none:
 * a missing regime file must not stop anyone reading declarations. */
static PsemsRegimeRule *
load_retention (PsemsCli *cli)
{
  g_autoptr(GError) error = NULL;
  PsemsRegimeRule *rule = psems_dos_retention_rule (&error);

  if (rule == NULL)
    g_printerr (_("%s: warning: retain_until is not known: %s\n"), cli->command, error->message);
  return rule;
}

static JsonNode *
build_dos_record_with (PsemsStore             *store,
                       gint64                  id,
                       const PsemsRegimeRule  *retention,
                       GError                **error)
{
  g_autoptr(PsemsDos) dos = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  DosRow row;

  dos = psems_dos_get (store, id, error);
  if (dos == NULL)
    return NULL;
  evidence = psems_evidence_list (store, "dos", id, error);
  if (evidence == NULL)
    return NULL;

  row.dos = dos;
  row.retention = retention;
  json_builder_begin_object (builder);
  describe_dos (builder, &row);
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

/* For psems_cli_confirm(): the record without retention (a write just
 * printed its confirmation; the rule is loaded by show and list). */
static JsonNode *
build_dos_record (PsemsStore  *store,
                  gint64       id,
                  GError     **error)
{
  g_autoptr(PsemsRegimeRule) retention = psems_dos_retention_rule (NULL);

  return build_dos_record_with (store, id, retention, error);
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
dos_list (PsemsCli *cli,
          int       argc,
          char    **argv)
{
  g_autofree char *facility = NULL;
  g_autofree char *active_on_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *until_text = NULL;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("Only this facility (reference or code)"), N_("FACILITY") },
    { "active-on", 0, 0, G_OPTION_ARG_STRING, &active_on_text,
      N_("Only declarations whose period holds this day"), N_("YYYY-MM-DD") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("Only periods that end on or after this day"), N_("YYYY-MM-DD") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text,
      N_("Only periods that start on or before this day"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PsemsRegimeRule) retention = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *active_on = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  PsemsDosFilter filter = { 0 };
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists declarations of security (ISPS A/5), the latest period first: "
                          "reference, facility, ship, IMO number, security level, period and the "
                          "day both sides signed. --active-on gives those in force on a day; "
                          "--from and --until those whose period meets that span. JSON adds the "
                          "reason, the responsibilities agreed, the signatories and retain_until, "
                          "the last day the declaration must be kept (33 CFR 105.225)."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!psems_cli_parse_day_text (cli, "--active-on", active_on_text, FALSE, &active_on, &status) ||
      !psems_cli_parse_day_text (cli, "--from", from_text, FALSE, &from, &status) ||
      !psems_cli_parse_day_text (cli, "--until", until_text, FALSE, &until, &status))
    return status;
  if (from != NULL && until != NULL && g_strcmp0 (until, from) < 0)
    return psems_cli_usage_error (cli, _("--until %s is before --from %s"), until, from);

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

  filter.active_on = active_on;
  filter.from = from;
  filter.until = until;
  list = psems_dos_list (store, &filter, &error);
  if (list == NULL)
    return psems_cli_data_error (cli, error);
  if (cli->format == PSEMS_FORMAT_JSON && list->len > 0)
    retention = load_retention (cli);
  for (guint i = 0; i < list->len; i++)
    {
      DosRow *row = g_new0 (DosRow, 1);

      row->dos = g_ptr_array_index (list, i);
      row->retention = retention;
      g_ptr_array_add (rows, row);
    }
  psems_cli_print_list (cli, rows, (PsemsCliDescribeFunc) describe_dos, dos_columns);
  return PSEMS_EXIT_OK;
}

static int
dos_show (PsemsCli *cli,
          int       argc,
          char    **argv)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsRegimeRule) retention = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, _("DOS"),
                        _("Prints a declaration of security (DOS is its reference, DOS-YYYY-NNNN): "
                          "ship, IMO number, facility, security level, period, reason, the "
                          "responsibilities agreed, the signatories and the day they signed, "
                          "retain_until (the last day it must be kept, 33 CFR 105.225: 90 days "
                          "after its period ends) and its evidence files. CSV prints the "
                          "declaration's fields only."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_dos))) != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_dos_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  retention = load_retention (cli);
  root = build_dos_record_with (store, id, retention, &error);
  if (root == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_record (cli, root, dos_sections);
  return PSEMS_EXIT_OK;
}

static int
dos_add (PsemsCli *cli,
         int       argc,
         char    **argv)
{
  g_autofree char *facility = NULL;
  g_autofree char *ship = NULL;
  g_autofree char *imo = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *level_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *responsibilities = NULL;
  g_autofree char *ship_signatory = NULL;
  g_autofree char *facility_signatory = NULL;
  g_autofree char *signed_text = NULL;
  g_auto(GStrv) evidence = NULL;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("The facility (reference or code)"), N_("FACILITY") },
    { "ship", 0, 0, G_OPTION_ARG_STRING, &ship, N_("The ship's name"), N_("NAME") },
    { "imo", 0, 0, G_OPTION_ARG_STRING, &imo,
      N_("The ship's IMO number: seven digits, the last a check digit"), N_("NUMBER") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("The first day the declaration applies"), N_("YYYY-MM-DD") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text,
      N_("The last day the declaration applies"), N_("YYYY-MM-DD") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_text,
      N_("The security level it was made at: 1, 2 or 3"), N_("LEVEL") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why a declaration was made, e.g. the ship at a higher level than the facility"),
      N_("TEXT") },
    { "responsibilities", 0, 0, G_OPTION_ARG_STRING, &responsibilities,
      N_("Who is responsible for each shared security measure"), N_("TEXT") },
    { "ship-signatory", 0, 0, G_OPTION_ARG_STRING, &ship_signatory,
      N_("Who signed for the ship (master or ship security officer)"), N_("NAME") },
    { "facility-signatory", 0, 0, G_OPTION_ARG_STRING, &facility_signatory,
      N_("Who signed for the facility (the PFSO)"), N_("NAME") },
    { "signed-on", 0, 0, G_OPTION_ARG_STRING, &signed_text,
      N_("The day both signed (not in the future; needs both signatories)"), N_("YYYY-MM-DD") },
    { "evidence", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &evidence,
      N_("A file to keep as its evidence, e.g. the signed scan; repeat for several"),
      N_("FILE") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsDos) dos = psems_dos_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *line = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *signed_on = NULL;
  int level = 0;
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Records a declaration of security between a ship and a facility (ISPS "
                          "A/5, 33 CFR 105.245). --facility, --ship, --imo, --from, --until and "
                          "--level are required. A signed declaration (--signed-on) names both "
                          "signatories. Each --evidence file is kept with it; if one cannot be "
                          "kept, nothing is recorded. Prints the new declaration's reference."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (facility == NULL)
    return psems_cli_usage_error (cli, "%s", _("which facility? Give --facility with its "
                                                "reference or code"));
  if (ship == NULL)
    return psems_cli_usage_error (cli, _("--ship is required"));
  if (imo == NULL)
    return psems_cli_usage_error (cli, _("--imo is required"));
  if (from_text == NULL)
    return psems_cli_usage_error (cli, _("--from is required"));
  if (until_text == NULL)
    return psems_cli_usage_error (cli, _("--until is required"));
  if (level_text == NULL)
    return psems_cli_usage_error (cli, _("--level is required (1, 2 or 3)"));
  if (!psems_cli_parse_int (level_text, &level))
    return psems_cli_usage_error (cli, _("--level: “%s” is not a whole number"), level_text);
  if (!psems_cli_parse_day_text (cli, "--from", from_text, FALSE, &from, &status) ||
      !psems_cli_parse_day_text (cli, "--until", until_text, FALSE, &until, &status) ||
      !psems_cli_parse_day_text (cli, "--signed-on", signed_text, FALSE, &signed_on, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve, facility,
                                   &dos->facility_id, &status);
  if (store == NULL)
    return status;
  dos->ship_name = g_strdup (ship);
  dos->ship_imo = g_strdup (imo);
  dos->security_level = level;
  dos->valid_from = g_steal_pointer (&from);
  dos->valid_until = g_steal_pointer (&until);
  dos->reason = g_strdup (reason);
  dos->responsibilities = g_strdup (responsibilities);
  dos->ship_signatory = g_strdup (ship_signatory);
  dos->facility_signatory = g_strdup (facility_signatory);
  dos->signed_on = g_steal_pointer (&signed_on);

  id = psems_dos_create_with_evidence (store, cli->actor, dos, (const char * const *) evidence,
                                       &ref, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  if (evidence != NULL)
    {
      guint n = g_strv_length (evidence);

      line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s created with %u evidence file",
                                           "%s created with %u evidence files", n), ref, n);
    }
  else
    line = g_strdup_printf (_("%s created"), ref);
  return psems_cli_confirm (cli, store, id, build_dos_record, dos_sections, line);
}

static const PsemsCliVerb dos_verbs[] = {
  { "list", N_("List declarations of security"), dos_list },
  { "show", N_("Print a declaration of security and its evidence"), dos_show },
  { "add",  N_("Record a declaration of security"), dos_add },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_dos = {
  "dos", N_("Declarations of security between a ship and a facility (ISPS A/5)"), dos_verbs,
};
