/* fuzz-csv-import.c — libFuzzer: any bytes as a persons or trainings CSV, checked in a dry run. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"


#include "psems-core.h"
#include "psems-demo.h"
#include "psems-person-import.h"
#include "psems-fuzz.h"

/*
 * A first byte below 8 chooses how the rest is imported (bit 0: upsert, bit 1:
 * trainings, bit 2: skip invalid rows and write the rejects file); any other
 * first byte starts the CSV itself, imported as new persons. The store holds
 * the demo's reference data (vetting levels, areas, courses) and 20 persons,
 * so rows get past the lookups; a dry run writes nothing, so every input meets
 * the same database.
 */

static PsemsStore *store;
static PsemsActor *actor;
static char *csv_path;
static char *rejects_path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  const char *dir = psems_fuzz_init ("csv-import");
  g_autofree char *db = NULL;
  PsemsDemoOptions options;

  db = g_build_filename (dir, "fuzz.db", NULL);
  csv_path = g_build_filename (dir, "input.csv", NULL);
  rejects_path = g_build_filename (dir, "rejects.csv", NULL);
  store = psems_store_open (db, PSEMS_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  actor = psems_actor_new (0, "fuzz", PSEMS_ROLE_ADMINISTRATOR);
  psems_demo_options_init (&options);
  options.persons = 20;
  g_assert_true (psems_demo_generate (store, actor, &options, &error));
  g_assert_no_error (error);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PsemsImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint mode = 0;
  PsemsImportFlags flags = PSEMS_IMPORT_DRY_RUN;

  if (size > 0 && data[0] < 8)
    {
      mode = data[0];
      data++;
      size--;
    }
  psems_fuzz_write (csv_path, data, size);

  if (mode & 4)
    flags |= PSEMS_IMPORT_SKIP_INVALID;
  if (mode & 2)
    report = psems_training_import_csv (store, actor, csv_path, flags,
                                        (mode & 4) ? rejects_path : NULL, NULL, NULL, NULL,
                                        &error);
  else
    report = psems_person_import_csv (store, actor, csv_path,
                                      (mode & 1) ? PSEMS_IMPORT_UPSERT : PSEMS_IMPORT_INSERT,
                                      flags, (mode & 4) ? rejects_path : NULL, NULL, NULL, NULL,
                                      &error);
  /* Either a report (maybe refusing the file) or an error; never both missing. */
  g_assert_true (report != NULL || error != NULL);
  if (report != NULL)
    {
      g_assert_false (report->written);
      g_assert_cmpuint (report->rejected, <=, report->rows_read);
      g_assert_cmpuint (report->inserted + report->updated, <=, report->rows_read);
      for (guint i = 0; i < report->problems->len; i++)
        g_free (psems_import_problem_format (g_ptr_array_index (report->problems, i)));
    }
  return 0;
}
