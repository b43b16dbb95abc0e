/* psems-cli-db.c — psems-cli db: init, stats, verify, demo. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-verify.h"

static int
db_init (PsemsCli *cli,
         int       argc,
         char    **argv)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsRecords) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, NULL,
                        _("Creates the database, or brings an existing one to this build's schema."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);

  version = g_strdup_printf ("%d", psems_store_get_schema_version (store));
  records = psems_records_new ((const char *[]) { "field", "value", NULL });
  psems_records_set_keyed (records, TRUE);
  psems_records_set_kind (records, 1, PSEMS_VALUE_INTEGER);
  psems_records_add_row (records, "path", psems_store_get_path (store), NULL);
  psems_records_add_row (records, "schema_version", version, NULL);
  psems_records_add_row (records, "created", psems_store_get_created (store) ? "yes" : "no", NULL);
  psems_cli_print (cli, records);
  return PSEMS_EXIT_OK;
}

/* One line per entity, name and count; JSON gives one object. */
static int
print_entity_counts (PsemsCli   *cli,
                     PsemsStore *store)
{
  g_autoptr(PsemsRecords) records = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;

  counts = psems_stats_count_entities (store, &error);
  if (counts == NULL)
    return psems_cli_data_error (cli, error);

  records = psems_records_new ((const char *[]) { "entity", "count", NULL });
  psems_records_set_keyed (records, cli->format == PSEMS_FORMAT_JSON);
  psems_records_set_kind (records, 1, PSEMS_VALUE_INTEGER);
  for (guint i = 0; i < counts->len; i++)
    {
      const PsemsEntityCount *count = &g_array_index (counts, PsemsEntityCount, i);
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, count->count);

      psems_records_add_row (records, count->info->name, n, NULL);
    }
  psems_cli_print (cli, records);
  return PSEMS_EXIT_OK;
}

static int
db_stats (PsemsCli *cli,
          int       argc,
          char    **argv)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, NULL,
                        _("Prints how many records of each kind the database holds."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  return print_entity_counts (cli, store);
}

static int
db_verify (PsemsCli *cli,
           int       argc,
           char    **argv)
{
  g_autofree char *expect = NULL;
  const GOptionEntry entries[] = {
    { "expect", 0, 0, G_OPTION_ARG_STRING, &expect,
      N_("A head hash recorded earlier (a pack's); the trail must still lead through it"), N_("HASH") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsVerifyReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Checks the database's integrity, every link of the audit trail's hash chain, "
                          "that the trail still leads to a head recorded earlier (--expect), and that "
                          "every audited record still matches its last audit entry. Prints what was "
                          "checked and each problem; exits 1 when there is any."), FALSE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (expect != NULL && (normalized = psems_verify_normalize_hash (expect)) == NULL)
    return psems_cli_usage_error (cli, _("--expect: “%s” is not a head hash (64 hexadecimal digits)"),
                                  expect);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (!psems_store_check_integrity (store, &error))
    return psems_cli_data_error (cli, error);
  report = psems_verify_run (store, normalized, NULL, &error);
  if (report == NULL)
    return psems_cli_data_error (cli, error);

  g_print (_("%s: integrity check passed\n"), psems_store_get_path (store));
  g_print (ngettext ("Audit trail: %lld entry checked; head %s\n", "Audit trail: %lld entries checked; head %s\n",
                     (gulong) report->n_entries),
           (long long) report->n_entries, report->head);
  if (report->expected_head != NULL && report->expected_found)
    {
      g_autofree char *where = report->expected_entry == 0 ? g_strdup (_("the empty trail's"))
                               : g_strdup_printf (_("entry %lld"), (long long) report->expected_entry);

      g_print (ngettext ("Expected head %s: %s; %lld entry came after it\n",
                         "Expected head %s: %s; %lld entries came after it\n", (gulong) report->n_after_expected),
               report->expected_head, where, (long long) report->n_after_expected);
    }
  g_print (_("Records: %lld compared with their last audit entry; %lld accounted for by bulk entries "
             "(demo, import) or their parent's entry, without images of their own\n"),
           (long long) report->n_rows, (long long) report->n_bulk_rows);
  g_print (_("Checked in %.2f s\n"), report->seconds);

  if (psems_verify_report_ok (report))
    {
      g_print (_("Verified: the audit trail is intact and every record matches it\n"));
      return PSEMS_EXIT_OK;
    }
  for (guint i = 0; i < report->problems->len; i++)
    {
      const PsemsVerifyProblem *problem = g_ptr_array_index (report->problems, i);

      g_printerr ("%s: %s: %s\n", cli->command, psems_verify_kind_to_string (problem->kind), problem->detail);
    }
  if (report->n_problems > report->problems->len)
    g_printerr (_("%s: … and %u more problems\n"), cli->command, report->n_problems - report->problems->len);
  g_printerr (ngettext ("%s: %s: %u problem found\n", "%s: %s: %u problems found\n", report->n_problems),
              cli->command, psems_store_get_path (store), report->n_problems);
  return PSEMS_EXIT_DATA;
}

/* A whole number for an option, or FALSE for anything else (signs, spaces, overflow). */
static gboolean
parse_count (const char *text,
             guint64     max,
             guint64    *value)
{
  return text != NULL && g_ascii_isdigit (*text) &&
         g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL);
}

static int
db_demo (PsemsCli *cli,
         int       argc,
         char    **argv)
{
  g_autofree char *persons = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *as_of = NULL;
  gboolean with_users = FALSE;
  const GOptionEntry entries[] = {
    { "persons", 0, 0, G_OPTION_ARG_STRING, &persons,
      N_("How many persons to generate (default 2000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed,
      N_("The random seed; the same seed and day give the same data (default 1)"), N_("S") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("The day the data is current for (default today)"), N_("YYYY-MM-DD") },
    { "with-users", 0, 0, G_OPTION_ARG_NONE, &with_users,
      N_("Also create one user per role (otherwise single-user mode)"), NULL },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;
  GDate as_of_day;
  gboolean as_of_given;
  guint64 value;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Fills a new or empty database with the demo port authority of Nordhaven: three "
                          "facilities with their plans, controls, schedules, findings and incidents, and N "
                          "persons with vettings. Refuses a database that already holds facilities."),
                        TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  psems_demo_options_init (&options);
  if (persons != NULL)
    {
      if (!parse_count (persons, PSEMS_DEMO_MAX_PERSONS, &value))
        return psems_cli_usage_error (cli, _("--persons: “%s” is not a whole number from 0 to %u"),
                                      persons, (guint) PSEMS_DEMO_MAX_PERSONS);
      options.persons = (guint) value;
    }
  if (seed != NULL)
    {
      if (!parse_count (seed, G_MAXUINT32, &value))
        return psems_cli_usage_error (cli, _("--seed: “%s” is not a whole number from 0 to %u"),
                                      seed, G_MAXUINT32);
      options.seed = (guint32) value;
    }
  if (!psems_cli_parse_day (cli, "--as-of", as_of, &as_of_day, &as_of_given, &status))
    return status;
  if (as_of_given)
    options.as_of = as_of_day;
  options.with_users = with_users;

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (!psems_demo_generate (store, cli->actor, &options, &error))
    return psems_cli_data_error (cli, error);
  return print_entity_counts (cli, store);
}

static const PsemsCliVerb db_verbs[] = {
  { "init",   N_("Create the database or upgrade its schema"), db_init },
  { "stats",  N_("Count the records of each kind"), db_stats },
  { "verify", N_("Check integrity, the audit trail and records changed outside PSeMS"), db_verify },
  { "demo",   N_("Fill a new database with demo data"), db_demo },
  { "backup", N_("Copy the database to a backup file, safely while it is open"), psems_cli_db_backup },
  { "restore", N_("Replace the database with a checked backup, keeping the current one"), psems_cli_db_restore },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_db = {
  "db", N_("The database file itself"), db_verbs,
};
