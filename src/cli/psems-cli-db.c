/* psems-cli-db.c — psems-cli db: init, stats, verify, demo. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "psems-cli.h"
#include "psems-cli-output.h"

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
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_checked = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, NULL, NULL,
                        _("Checks the database's integrity and every link of the audit trail's hash "
                          "chain. Exits 1 naming the first broken entry."), FALSE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);

  store = psems_cli_open_store (cli, PSEMS_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    return psems_cli_data_error (cli, error);
  if (!psems_store_check_integrity (store, &error))
    return psems_cli_data_error (cli, error);
  if (!psems_audit_verify (store, &n_checked, &error))
    return psems_cli_data_error (cli, error);

  g_print (_("%s: integrity check passed; audit trail of %lld entries verified\n"),
           psems_store_get_path (store), (long long) n_checked);
  return PSEMS_EXIT_OK;
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
  { "verify", N_("Check integrity and the audit trail's hash chain"), db_verify },
  { "demo",   N_("Fill a new database with demo data"), db_demo },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_db = {
  "db", N_("The database file itself"), db_verbs,
};
