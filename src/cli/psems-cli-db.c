/* psems-cli-db.c — psems-cli db: init, stats, verify, demo. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "psems-cli.h"

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

static int
db_stats (PsemsCli *cli,
          int       argc,
          char    **argv)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsRecords) records = NULL;
  g_autoptr(GArray) counts = NULL;
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

  g_print (_("%s: integrity check passed; audit trail of %" G_GINT64_FORMAT " entries verified\n"),
           psems_store_get_path (store), n_checked);
  return PSEMS_EXIT_OK;
}

static const PsemsCliVerb db_verbs[] = {
  { "init",   N_("Create the database or upgrade its schema"), db_init },
  { "stats",  N_("Count the records of each kind"), db_stats },
  { "verify", N_("Check integrity and the audit trail's hash chain"), db_verify },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_db = {
  "db", N_("The database file itself"), db_verbs,
};
