/* psems-cli-records.c — psems-cli records (purgeable, purge, hold, release, holds): retention of security records. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "psems-cli.h"
#include "psems-cli-output.h"

static const char which_record[] = N_("which record? Give its reference (CMP-, DOS- or INC-YYYY-NNNN) "
                                      "or level-change:ID");

static const char * const record_columns[] = {
  "kind", "ref", "facility", "record_day", "retain_until", "rule", "kept_because", NULL
};
static const char * const purged_columns[] = {
  "kind", "ref", "facility", "retain_until", "rule", NULL
};
static const char * const kept_columns[] = { "kind", "ref", "kept_because", NULL };
static const char * const evidence_columns[] = { "ref", "size", NULL };
static const char * const hold_columns[] = {
  "ref", "reason", "placed_at", "placed_by", "released_at", "released_by", NULL
};
static const PsemsCliSection purge_sections[] = {
  { "purged", N_("Records"), purged_columns },
  { "evidence", N_("Evidence files left linked to nothing"), evidence_columns },
  { "kept", N_("Past retention but kept"), kept_columns },
  { NULL }
};

static void
describe_record (JsonBuilder                *builder,
                 const PsemsRetentionRecord *r)
{
  psems_json_add_string (builder, "kind", r->kind);
  psems_json_add_string (builder, "ref", r->ref);
  psems_json_add_string (builder, "facility", r->facility_code);
  psems_json_add_string (builder, "record_day", r->record_day);
  psems_json_add_string (builder, "retain_until", r->retain_until);
  psems_json_add_string (builder, "rule", r->rule_id);
  psems_json_add_string (builder, "citation", r->citation);
  psems_json_add_boolean (builder, "purgeable", r->past_retention && r->kept_because == NULL);
  psems_json_add_string (builder, "kept_because", r->kept_because);
  psems_json_add_int (builder, "evidence", r->n_evidence);
}

static void
describe_hold (JsonBuilder          *builder,
               const PsemsLegalHold *h)
{
  psems_json_add_string (builder, "kind", h->kind);
  psems_json_add_string (builder, "ref", h->ref);
  psems_json_add_string (builder, "reason", h->reason);
  psems_json_add_string (builder, "placed_at", h->placed_at);
  psems_json_add_string (builder, "placed_by", h->placed_by);
  psems_json_add_string (builder, "released_at", h->released_at);
  psems_json_add_string (builder, "released_by", h->released_by);
}

/* --kind values: checked here so a typo is a usage error (exit 2). */
static int
check_kinds (PsemsCli  *cli,
             GStrv      names)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (psems_retention_kind_label (names[i]) == NULL)
      {
        g_autofree char *known = g_strjoinv (", ", (char **) psems_retention_kinds ());

        return psems_cli_usage_error (cli, _("--kind: “%s” is not a kind of record (one of %s)"),
                                      names[i], known);
      }
  return PSEMS_EXIT_OK;
}

static void
add_records (JsonBuilder *builder,
             const char  *member,
             GPtrArray   *records)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    {
      json_builder_begin_object (builder);
      describe_record (builder, g_ptr_array_index (records, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static JsonNode *
build_purge (const PsemsRetentionPurge *purge,
             gboolean                   dry_run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  psems_json_add_string (builder, "as_of", purge->as_of);
  psems_json_add_boolean (builder, "dry_run", dry_run);
  psems_json_add_int (builder, "records_purged", purge->purged->len);
  psems_json_add_int (builder, "evidence_purged", purge->evidence->len);
  psems_json_add_int (builder, "records_kept", purge->kept->len);
  json_builder_set_member_name (builder, "audit_id");
  if (purge->audit_id > 0)
    json_builder_add_int_value (builder, purge->audit_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "unlinked_findings");
  json_builder_begin_array (builder);
  for (guint i = 0; purge->unlinked_findings[i] != NULL; i++)
    json_builder_add_string_value (builder, purge->unlinked_findings[i]);
  json_builder_end_array (builder);
  add_records (builder, "purged", purge->purged);
  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; i < purge->evidence->len; i++)
    {
      const PsemsRetentionEvidence *e = g_ptr_array_index (purge->evidence, i);

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "ref", e->ref);
      psems_json_add_int (builder, "size", e->size);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_records (builder, "kept", purge->kept);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ─────────────────────────── verbs ─────────────────────────── */

static int
records_purgeable (PsemsCli *cli,
                   int       argc,
                   char    **argv)
{
  g_autofree char *as_of_text = NULL;
  g_auto(GStrv) kinds = NULL;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("Judge retention on this day (default today)"), N_("YYYY-MM-DD") },
    { "kind", 0, 0, G_OPTION_ARG_STRING_ARRAY, &kinds,
      N_("Only this kind: completion, dos, incident or level-change; repeat for several"),
      N_("KIND") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Also the records still within retention, with the day each may go"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the records past their retention (33 CFR 105.225: drills, "
                          "exercises, audits and training two years after they were done; "
                          "incidents two years after they were closed; security level changes "
                          "two years; declarations of security 90 days after their period): "
                          "kind, reference, facility, the day retention counts from, the last day "
                          "it must be kept and the rule. kept_because says why a record past "
                          "retention may not be purged yet: a legal hold, an open finding or a "
                          "lesson naming it, or a clock or level it still sets. JSON adds the "
                          "citation, purgeable and the number of evidence files."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;
  if ((status = check_kinds (cli, kinds)) != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  records = psems_retention_list (store, as_of, (const char * const *) kinds, all, &error);
  if (records == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_list (cli, records, (PsemsCliDescribeFunc) describe_record, record_columns);
  return PSEMS_EXIT_OK;
}

static int
records_purge (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  g_autofree char *as_of_text = NULL;
  g_auto(GStrv) kinds = NULL;
  g_auto(GStrv) refs = NULL;
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("Judge retention on this day: today (the default) or before"), N_("YYYY-MM-DD") },
    { "kind", 0, 0, G_OPTION_ARG_STRING_ARRAY, &kinds,
      N_("Only this kind: completion, dos, incident or level-change; repeat for several"),
      N_("KIND") },
    { "ref", 0, 0, G_OPTION_ARG_STRING_ARRAY, &refs,
      N_("Only this record; each must be purgeable or nothing is purged; repeat for several"),
      N_("REF") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Print what would be removed and remove nothing"), NULL },
    { NULL }
  };
  PsemsRetentionSelection selection = { 0 };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsRetentionPurge) purge = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Deletes for good the records past their retention that nothing keeps "
                          "(see “records purgeable”), their evidence links and the evidence files "
                          "left linked to nothing, in one write with one audit-trail entry. "
                          "Without --ref, records that are held or still referenced stay and are "
                          "listed as kept; with --ref, every record named must be purgeable or "
                          "nothing is purged. --dry-run prints the same without removing "
                          "anything. --as-of may not be after today."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;
  if ((status = check_kinds (cli, kinds)) != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_store (cli, dry_run ? PSEMS_STORE_OPEN_READ_ONLY
                                             : PSEMS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  selection.kinds = (const char * const *) kinds;
  selection.refs = (const char * const *) refs;
  selection.dry_run = dry_run;
  purge = psems_retention_purge (store, cli->actor, as_of, &selection, &error);
  if (purge == NULL)
    return psems_cli_data_error (cli, error);

  if (cli->format != PSEMS_FORMAT_TEXT)
    {
      root = build_purge (purge, dry_run);
      psems_cli_print_record (cli, root, purge_sections);
      return PSEMS_EXIT_OK;
    }
  if (purge->purged->len > 0)
    {
      psems_cli_print_list (cli, purge->purged, (PsemsCliDescribeFunc) describe_record,
                            purged_columns);
      for (guint i = 0; i < purge->evidence->len; i++)
        {
          const PsemsRetentionEvidence *e = g_ptr_array_index (purge->evidence, i);

          printf (_("%s: evidence file of %lld bytes, linked to nothing else\n"), e->ref,
                  (long long) e->size);
        }
    }
  for (guint i = 0; i < purge->kept->len; i++)
    {
      const PsemsRetentionRecord *r = g_ptr_array_index (purge->kept, i);

      printf (_("%s kept: %s\n"), r->ref, r->kept_because);
    }
  if (dry_run || purge->purged->len > 0)
    {
      g_autofree char *records = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record",
                                                               "%u records", purge->purged->len),
                                                  purge->purged->len);
      g_autofree char *files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evidence file",
                                                             "%u evidence files",
                                                             purge->evidence->len),
                                                purge->evidence->len);

      if (dry_run)
        /* Translators: the first %s is "N records", the second "N evidence files". */
        printf (_("Would purge %s and %s as of %s (dry run: nothing was removed)\n"), records,
                files, purge->as_of);
      else
        /* Translators: the first %s is "N records", the second "N evidence files". */
        printf (_("Purged %s and %s as of %s (audit entry %lld)\n"), records, files,
                purge->as_of, (long long) purge->audit_id);
    }
  else
    printf (_("Nothing to purge as of %s\n"), purge->as_of);
  return PSEMS_EXIT_OK;
}

static int
records_hold (PsemsCli *cli,
              int       argc,
              char    **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the record must be kept: the matter, case or request (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, _("REF"),
                        _("Places a legal hold on a record (REF: CMP-, DOS- or INC-YYYY-NNNN, or "
                          "level-change:ID): it is not purged, whatever its retention, until the "
                          "hold is released. --reason is required. The hold is audit-trailed."),
                        FALSE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_record))) != PSEMS_EXIT_OK)
    return status;
  if (reason == NULL)
    return psems_cli_usage_error (cli, _("--reason is required: say why %s must be kept"),
                                  argv[1]);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL || !psems_retention_hold (store, cli->actor, argv[1], reason, &error))
    return psems_cli_data_error (cli, error);
  printf (_("%s is under a legal hold\n"), argv[1]);
  return PSEMS_EXIT_OK;
}

static int
records_release (PsemsCli *cli,
                 int       argc,
                 char    **argv)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, _("REF"),
                        _("Releases the legal hold on a record (REF as for “records hold”); it "
                          "can be purged again once past its retention. The release is "
                          "audit-trailed; the hold's history stays."), FALSE, &status))
    return status;
  if ((status = psems_cli_check_arguments (cli, argc, argv, 1, _(which_record))) != PSEMS_EXIT_OK)
    return status;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL || !psems_retention_release (store, cli->actor, argv[1], &error))
    return psems_cli_data_error (cli, error);
  printf (_("The legal hold on %s is released\n"), argv[1]);
  return PSEMS_EXIT_OK;
}

static int
records_holds (PsemsCli *cli,
               int       argc,
               char    **argv)
{
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Also holds already released"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Lists the legal holds in force, the latest first: the record, why, "
                          "when and by whom. --all adds released holds and who released them."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  holds = psems_retention_list_holds (store, all, &error);
  if (holds == NULL)
    return psems_cli_data_error (cli, error);
  psems_cli_print_list (cli, holds, (PsemsCliDescribeFunc) describe_hold, hold_columns);
  return PSEMS_EXIT_OK;
}

static const PsemsCliVerb records_verbs[] = {
  { "purgeable", N_("List records past their retention, and why any is still kept"),
    records_purgeable },
  { "purge",     N_("Delete for good the records past retention that nothing keeps"),
    records_purge },
  { "hold",      N_("Place a legal hold on a record"), records_hold },
  { "release",   N_("Release a record's legal hold"), records_release },
  { "holds",     N_("List legal holds"), records_holds },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_records = {
  "records", N_("Retention of security records (33 CFR 105.225): purge, legal holds"),
  records_verbs,
};
