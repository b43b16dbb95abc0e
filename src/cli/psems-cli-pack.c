/* psems-cli-pack.c — psems-cli pack (export): a facility's compliance pack as one PDF with its
 * SHA-256 checksum file beside it. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-facility.h"
#include "psems-pack.h"

static const char which_facility[] =
  N_("which facility? Give --facility with its reference or code");

/* Progress on a terminal only: a pipe or a log gets the result alone. */
static void
progress_cb (double      fraction,
             const char *what,
             gpointer    user_data)
{
  fprintf (stderr, "\r%3.0f %% %-48.48s", fraction * 100.0, what != NULL ? what : "");
  if (fraction >= 1.0)
    fputc ('\n', stderr);
  fflush (stderr);
}

static int
pack_export (PsemsCli *cli,
             int       argc,
             char    **argv)
{
  g_autofree char *facility = NULL;
  g_autofree char *out = NULL;
  g_autofree char *as_of_text = NULL;
  g_autofree char *marking = NULL;
  g_autofree char *sections_text = NULL;
  g_autofree char *logo = NULL;
  g_autofree char *prepared_by = NULL;
  gboolean include_personnel = FALSE;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("The facility (reference or code); required"), N_("FACILITY") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("The PDF file to write; FILE.sha256 is written beside it; required"), N_("FILE.pdf") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("The day schedule compliance, expiry, open findings and incidents are computed for "
         "(default today)"), N_("YYYY-MM-DD") },
    { "marking", 0, 0, G_OPTION_ARG_STRING, &marking,
      N_("The protective marking printed on every page, e.g. OFFICIAL-SENSITIVE or SSI"),
      N_("TEXT") },
    { "include-personnel", 0, 0, G_OPTION_ARG_NONE, &include_personnel,
      N_("Include the named list of persons (personal data; needs read access to vetting)"),
      NULL },
    { "sections", 0, 0, G_OPTION_ARG_STRING, &sections_text,
      N_("Comma-separated sections: summary, plan, pfsa, controls, diagram, threats, schedule, "
         "declarations, findings, gap, incidents, evidence, personnel, signoff (default all)"),
      N_("LIST") },
    { "logo", 0, 0, G_OPTION_ARG_FILENAME, &logo,
      N_("A PNG or JPEG logo for the cover"), N_("FILE") },
    { "prepared-by", 0, 0, G_OPTION_ARG_STRING, &prepared_by,
      N_("Who prepared the pack, for the cover (default the acting user)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsPackOptions) options = psems_pack_options_new ();
  g_autoptr(GError) error = NULL;
  PsemsPackResult result = { 0 };
  gint64 facility_id = 0;
  guint sections = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Writes a facility's compliance pack to --out as one PDF an auditor "
                          "reviews: cover, contents, facility summary, security plan, PFSA, "
                          "controls by layer and domain, the defence-in-depth diagram, threat "
                          "scenarios and the risk matrix, 24 months of schedule compliance, "
                          "declarations of security, findings and corrective actions, GAP scores, "
                          "incidents and lessons, the evidence register with SHA-256 digests, "
                          "personnel counts (names only with --include-personnel) and a sign-off "
                          "page. FILE.pdf.sha256 is written beside it and the export is recorded "
                          "in the audit trail. Prints the pack's reference, pages and SHA-256."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (facility == NULL)
    return psems_cli_usage_error (cli, "%s", _(which_facility));
  if (out == NULL || *out == '\0')
    return psems_cli_usage_error (cli, _("--out is required: the PDF file to write"));
  if (!g_str_has_suffix (out, ".pdf") && !g_str_has_suffix (out, ".PDF"))
    return psems_cli_usage_error (cli, _("--out: “%s” does not end in .pdf"), out);
  if (sections_text != NULL && !psems_pack_sections_parse (sections_text, &sections, &error))
    return psems_cli_usage_error (cli, "--%s", error->message);
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &options->as_of, &status))
    return status;

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_DEFAULT, psems_facility_resolve,
                                   facility, &facility_id, &status);
  if (store == NULL)
    return status;

  options->facility_id = facility_id;
  options->sections = sections;
  options->marking = g_strdup (marking);
  options->include_personnel = include_personnel;
  options->logo_path = g_strdup (logo);
  options->prepared_by = g_strdup (prepared_by);
  if (!psems_pack_export (store, cli->actor, options, out,
                          isatty (STDERR_FILENO) ? progress_cb : NULL, NULL, NULL, &result,
                          &error))
    return psems_cli_data_error (cli, error);

  if (cli->format != PSEMS_FORMAT_TEXT)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "reference", result.reference);
      psems_json_add_string (builder, "file", out);
      psems_json_add_int (builder, "pages", result.n_pages);
      psems_json_add_int (builder, "bytes", (gint64) result.n_bytes);
      psems_json_add_string (builder, "sha256", result.sha256);
      psems_json_add_string (builder, "sha256_file", result.sha256_path);
      psems_json_add_string (builder, "audit_head", result.audit_head);
      psems_json_add_boolean (builder, "personnel_names", include_personnel);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      psems_cli_print_record (cli, root, NULL);
    }
  else
    {
      g_autofree char *size = g_format_size (result.n_bytes);

      /* Translators: the pack's reference, the file, its page count and size */
      printf (_("%s written to %s: %u pages, %s\n"), result.reference, out, result.n_pages, size);
      printf (_("SHA-256: %s\n"), result.sha256);
      printf (_("Checksum file: %s\n"), result.sha256_path);
    }
  psems_pack_result_clear (&result);
  return PSEMS_EXIT_OK;
}

static const PsemsCliVerb pack_verbs[] = {
  { "export", N_("Write a facility's compliance pack as PDF"), pack_export },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_pack = {
  "pack", N_("Compliance packs for auditors"), pack_verbs,
};
