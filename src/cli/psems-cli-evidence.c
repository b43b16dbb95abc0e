/* psems-cli-evidence.c — psems-cli evidence (add, list, get): files kept in the database and attached to records. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-evidence.h"

extern const PsemsCliNoun psems_cli_noun_evidence;

static const char which_evidence[] = N_("which evidence? Give its reference, EVD-YYYY-NNNN");

static const char * const evidence_columns[] = {
  "ref", "file_name", "media_type", "size", "added_on", "attached_to", NULL
};

static void
describe_evidence (JsonBuilder         *builder,
                   const PsemsEvidence *e)
{
  psems_json_add_string (builder, "ref", e->ref);
  psems_json_add_string (builder, "file_name", e->file_name);
  psems_json_add_string (builder, "media_type", e->media_type);
  psems_json_add_int (builder, "size", e->size);
  psems_json_add_string (builder, "sha256", e->sha256);
  psems_json_add_string (builder, "description", e->description);
  psems_json_add_string (builder, "added_on", e->added_on);
  psems_json_add_string (builder, "added_by", e->added_by);
  json_builder_set_member_name (builder, "attached_to");
  json_builder_begin_array (builder);
  for (guint i = 0; e->attached_to != NULL && e->attached_to[i] != NULL; i++)
    json_builder_add_string_value (builder, e->attached_to[i]);
  json_builder_end_array (builder);
}

static JsonNode *
build_evidence_record (PsemsStore  *store,
                       gint64       id,
                       GError     **error)
{
  g_autoptr(PsemsEvidence) evidence = psems_evidence_get (store, id, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (evidence == NULL)
    return NULL;
  json_builder_begin_object (builder);
  describe_evidence (builder, evidence);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* KIND:REF from --to or --for, split and checked before the database is
 * opened; a usage error naming @option otherwise. */
static gboolean
parse_target (PsemsCli    *cli,
              const char  *option,
              const char  *text,
              char       **kind,
              char       **ref,
              int         *status)
{
  const char *colon = strchr (text, ':');
  g_autofree char *k = NULL;
  g_autofree char *r = NULL;

  if (colon != NULL)
    {
      k = g_ascii_strdown (text, (gssize) (colon - text));
      r = g_strstrip (g_strdup (colon + 1));
    }
  if (k == NULL || *r == '\0' || !g_strv_contains (psems_evidence_kinds (), g_strstrip (k)))
    {
      g_autofree char *kinds = g_strjoinv (", ", (char **) psems_evidence_kinds ());

      *status = psems_cli_usage_error (cli,
                                       _("%s: “%s” is not KIND:REF, e.g. dos:DOS-2026-0001 (KIND "
                                         "is one of %s; an answer is named by its id)"),
                                       option, text, kinds);
      return FALSE;
    }
  *kind = g_steal_pointer (&k);
  *ref = g_steal_pointer (&r);
  return TRUE;
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
evidence_add (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_autofree char *to = NULL;
  g_autofree char *description = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("The record it is evidence for, as KIND:REF, e.g. dos:DOS-2026-0001, plan:PLN-2026-0002, "
         "completion:CMP-2026-0003, finding:FND-2026-0004; required"), N_("KIND:REF") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description,
      N_("What the file shows"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *record_ref = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *size = NULL;
  g_autofree char *line = NULL;
  g_autofree char *limit = g_format_size_full (PSEMS_EVIDENCE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *summary = g_strdup_printf (
    _("Keeps FILE in the database as evidence for a record (a completed drill or exercise, a "
      "plan's approval, a declaration of security, a finding, an incident, a GAP answer), with its "
      "SHA-256, media type and size; files may be at most %s. The same content is kept once: "
      "adding it again attaches the evidence already kept. Prints the evidence's reference."),
    limit);
  gboolean reused = FALSE;
  gint64 record_id = 0;
  gint64 id;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("FILE"), summary, TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1,
                                           _("which file? Give the file to keep as evidence")))
      != PSEMS_EXIT_OK)
    return status;
  if (to == NULL)
    return psems_cli_usage_error (cli, _("--to is required: the record the file is evidence for, "
                                         "as KIND:REF"));
  if (!parse_target (cli, "--to", to, &kind, &record_ref, &status))
    return status;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  record_id = psems_evidence_resolve_record (store, kind, record_ref, &error);
  if (record_id <= 0)
    return psems_cli_data_error (cli, error);
  id = psems_evidence_add_to (store, cli->actor, argv[1], description, kind, record_id, &ref,
                              &reused, &error);
  if (id <= 0)
    return psems_cli_data_error (cli, error);
  if (cli->format != PSEMS_FORMAT_TEXT)
    return psems_cli_show_record (cli, store, id, build_evidence_record, NULL);

  evidence = psems_evidence_get (store, id, &error);
  if (evidence == NULL)
    return psems_cli_data_error (cli, error);
  size = g_format_size ((guint64) evidence->size);
  /* TRANSLATORS: "EVD-2026-0001 (drill.pdf, 12.3 kB, application/pdf) attached to DOS-2026-0001" */
  line = reused
       ? g_strdup_printf (_("%s (%s, %s, %s) was already kept: attached to %s"), ref,
                          evidence->file_name, size, evidence->media_type, record_ref)
       : g_strdup_printf (_("%s (%s, %s, %s) added and attached to %s"), ref, evidence->file_name,
                          size, evidence->media_type, record_ref);
  printf ("%s\n", line);
  return PSEMS_EXIT_OK;
}

static int
evidence_list (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_autofree char *for_record = NULL;
  const GOptionEntry entries[] = {
    { "for", 0, 0, G_OPTION_ARG_STRING, &for_record,
      N_("Only the evidence of this record, as KIND:REF, e.g. dos:DOS-2026-0001"),
      N_("KIND:REF") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *record_ref = NULL;
  gint64 record_id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the evidence kept, in the order it was added: reference, file "
                          "name, media type, size in bytes, the day it was added and the records "
                          "it is attached to (KIND:REF). JSON adds the SHA-256, the description "
                          "and who added it."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (for_record != NULL && !parse_target (cli, "--for", for_record, &kind, &record_ref, &status))
    return status;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (kind != NULL)
    {
      record_id = psems_evidence_resolve_record (store, kind, record_ref, &error);
      if (record_id <= 0)
        return psems_cli_data_error (cli, error);
    }
  list = psems_evidence_list (store, kind, record_id, &error);
  if (list == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_list (cli, list, (PsemsCliDescribeFunc) describe_evidence, evidence_columns);
  return PSEMS_EXIT_OK;
}

static int
evidence_get (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_autofree char *out = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("The file to write; required"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Replace FILE if it exists"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  gint64 id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("EVIDENCE"),
                        _("Writes the file kept as EVIDENCE (its reference, EVD-YYYY-NNNN) to "
                          "--out, after checking it against its SHA-256: a file changed in the "
                          "database since it was added is refused. An existing file is replaced "
                          "only with --force, and never left half-written. --format json or csv "
                          "prints the evidence's record instead of a line."), TRUE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_evidence))) != PSEMS_EXIT_OK)
    return status;
  if (out == NULL || *out == '\0')
    return psems_cli_usage_error (cli, _("--out is required: the file to write"));

  shown = g_filename_display_name (out);
  if (!force && g_file_test (out, G_FILE_TEST_EXISTS) && !g_file_test (out, G_FILE_TEST_IS_DIR))
    {
      g_printerr (_("%s: “%s” already exists; give --force to replace it\n"), cli->command, shown);
      return PSEMS_EXIT_DATA;
    }

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_evidence_resolve, argv[1],
                                   &id, &status);
  if (store == NULL)
    return status;
  evidence = psems_evidence_get (store, id, &error);
  if (evidence == NULL || !psems_evidence_save_to (store, id, out, force, &error))
    return psems_cli_data_error (cli, error);
  if (cli->format != PSEMS_FORMAT_TEXT)
    return psems_cli_show_record (cli, store, id, build_evidence_record, NULL);
  printf (_("%s (%s) written to %s: %lld bytes, SHA-256 %s\n"), evidence->ref, evidence->file_name,
          shown, (long long) evidence->size, evidence->sha256);
  return PSEMS_EXIT_OK;
}

static const PsemsCliVerb evidence_verbs[] = {
  { "add",  N_("Keep a file as evidence for a record"), evidence_add },
  { "list", N_("List the evidence kept, or a record's"), evidence_list },
  { "get",  N_("Write an evidence file out, checked against its SHA-256"), evidence_get },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_evidence = {
  "evidence", N_("Files kept as evidence: drill sheets, approval letters, signed declarations"),
  evidence_verbs,
};
