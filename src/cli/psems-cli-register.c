/* psems-cli-register.c — psems-cli register (export): findings, the controls matrix or schedule compliance as XLSX or CSV. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-facility.h"
#include "psems-register.h"

static int
register_export (PsemsCli *cli,
                 int       argc,
                 char    **argv)
{
  g_autofree char *kind_text = NULL;
  g_autofree char *facility = NULL;
  g_autofree char *out = NULL;
  g_autofree char *as_of_text = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      N_("The register: findings, controls or schedule; required"), N_("KIND") },
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("Only this facility (reference or code); default every facility"), N_("FACILITY") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("The day the register is judged on (default today)"), N_("YYYY-MM-DD") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("The file to write: .xlsx or .csv; required"), N_("FILE") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsFacility) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  PsemsRegisterKind kind;
  PsemsRegisterFormat format;
  gint64 facility_id = 0;
  guint n_rows = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Writes a register auditors ask for as a spreadsheet: findings with "
                          "their corrective actions, the controls matrix (layer, domain, function, "
                          "status, effectiveness, tests, regulations, threats mitigated) or "
                          "schedule compliance (each deadline of the last 24 months: due, done, "
                          "on time, late or missed, evidence). The format follows --out's "
                          "extension: .xlsx (typed cells, a header row that stays and filters, an "
                          "About sheet) or .csv (RFC 4180, UTF-8). Prints what was written."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (kind_text == NULL)
    return psems_cli_usage_error (cli, _("--kind is required: findings, controls or schedule"));
  if (!psems_register_kind_from_string (kind_text, &kind))
    return psems_cli_usage_error (cli, _("--kind: “%s” is not a register; give findings, controls "
                                         "or schedule"), kind_text);
  if (out == NULL || *out == '\0')
    return psems_cli_usage_error (cli, _("--out is required: the file to write (.xlsx or .csv)"));
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;

  /* The file's kind is data, like a file that cannot be written: refused before any work. */
  if (!psems_register_format_from_path (out, &format))
    {
      g_set_error (&error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("%s: cannot write that kind of file; give a name ending in .xlsx or .csv"),
                   out);
      return psems_cli_data_error (cli, error);
    }

  if (facility != NULL)
    {
      store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_facility_resolve,
                                       facility, &facility_id, &status);
      if (store == NULL)
        return status;
      record = psems_facility_get (store, facility_id, &error);
      if (record == NULL)
        return psems_cli_data_error (cli, error);
    }
  else
    {
      store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
      if (store == NULL)
        return psems_cli_data_error (cli, error);
    }

  if (as_of == NULL)
    as_of = psems_cli_today ();
  if (!psems_register_export (store, cli->actor, kind, facility_id, as_of, out, &n_rows, &error))
    return psems_cli_data_error (cli, error);

  if (cli->format != PSEMS_FORMAT_TEXT)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "file", out);
      psems_json_add_string (builder, "format", format == PSEMS_REGISTER_XLSX ? "XLSX" : "CSV");
      psems_json_add_string (builder, "kind", psems_register_kind_to_string (kind));
      psems_json_add_string (builder, "facility", record != NULL ? record->code : NULL);
      psems_json_add_string (builder, "as_of", as_of);
      psems_json_add_int (builder, "rows", n_rows);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      psems_cli_print_record (cli, root, NULL);
      return PSEMS_EXIT_OK;
    }
  /* Translators: the file, its format, the register's title, the facility, the day, rows */
  printf (g_dngettext (GETTEXT_PACKAGE, "%s written: %s, %s of %s as of %s; %u row\n",
                       "%s written: %s, %s of %s as of %s; %u rows\n", n_rows),
          out, format == PSEMS_REGISTER_XLSX ? "XLSX" : "CSV",
          psems_register_kind_get_title (kind),
          record != NULL ? record->code : _("every facility"), as_of, n_rows);
  return PSEMS_EXIT_OK;
}

static const PsemsCliVerb register_verbs[] = {
  { "export", N_("Write a register as XLSX or CSV"), register_export },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_register = {
  "register", N_("Registers for auditors: findings, controls matrix, schedule compliance"),
  register_verbs,
};
