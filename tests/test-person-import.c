/* test-person-import.c — CSV import: every error class with its physical line, BOM, CRLF, atomicity, upsert, dry run, skip-invalid, audit, trainings, export. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "psems-person-fixture.h"

static const char header[] =
  "badge_no,given_name,family_name,employer,date_of_birth,vetting_level,vetting_status,"
  "vetting_issued,vetting_expires,areas\n";

static char *
write_csv (PersonFixture *f,
           const char    *name,
           const char    *text,
           gssize         len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, text, len, &error);
  g_assert_no_error (error);
  return path;
}

static gint64
count_imports (PersonFixture *f)
{
  return psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'import'");
}

static void
test_valid_bom_crlf_quotes (PersonFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsImportReport) report = NULL;
  g_autofree char *path = write_csv (f, "ok.csv",
    "\xEF\xBB\xBF" "Badge_No,given_name,family_name,employer,display_name,areas,vetting_level,vetting_status,"
    "vetting_issued\r\n"
    "A-1,Zoë,Müller,\"Smith, Jones & Co\",\"Zoë \"\"Z\"\" Müller\",QUAY;nhv-ct:gate,BASIC,cleared,2026-01-01\r\n"
    "A-2,Иван,Петров,\"Two\r\nLines Ltd\",,,,,\r\n", -1);
  gint64 id;
  g_autoptr(PsemsPerson) p = NULL;
  guint calls = 0;

  report = psems_person_import_csv (f->store, f->actor, path, PSEMS_IMPORT_INSERT, 0, NULL, NULL,
                                    NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rows_read, ==, 2);
  g_assert_cmpuint (report->inserted, ==, 2);
  g_assert_cmpuint (report->rejected, ==, 0);
  g_assert_true (report->written);
  g_assert_cmpuint (strlen (report->sha256), ==, 64);
  (void) calls;

  id = psems_person_resolve (f->store, "A-1", &error);
  g_assert_no_error (error);
  p = psems_person_get (f->store, id, NULL, &error);
  g_assert_cmpstr (p->employer, ==, "Smith, Jones & Co");
  g_assert_cmpstr (p->display_name, ==, "Zoë \"Z\" Müller");
  g_assert_cmpuint (p->area_ids->len, ==, 2);
  g_assert_cmpstr (p->expires_on, ==, "2031-01-01");   /* BASIC: 60 months */
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM person WHERE employer = 'Two\r\nLines Ltd'"),
                   ==, 1);
  /* One audit entry for the whole import, naming file and hash, no personal value. */
  g_assert_cmpint (count_imports (f), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE entity = 'person'"), ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'import'"
                                               " AND after LIKE '%%ok.csv%%' AND after LIKE '%%%s%%'"
                                               " AND after NOT LIKE '%%Müller%%'", report->sha256), ==, 1);
  /* Searchable at once. */
  {
    PsemsPersonQuery q;

    psems_person_query_init (&q);
    q.text = g_strdup ("петр");
    g_assert_cmpint (psems_person_count (f->store, &q, NULL), ==, 1);
    psems_person_query_clear (&q);
  }
}

typedef struct
{
  guint line;
  const char *field;
} Expect;

static void
test_error_lines (PersonFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsImportReport) report = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GString) csv = g_string_new (header);
  static const Expect expect[] = {
    { 4, "date_of_birth" },
    { 5, "vetting_status" },
    { 6, "vetting_level" },
    { 7, "badge_no" },
    { 8, "given_name" },
    { 9, "family_name" },
    { 11, "areas" },
    { 12, "badge_no" },
    { 13, "vetting_expires" },
    { 14, "record" },
  };

  add_person_full (f, "Existing", "Person", "Ops", "DB-1");
  /* line 1: header; 2–3: a quoted field with a newline */
  g_string_append (csv, "E-1,Ann,\"Multi\nLine\",Ops,,,,,,\n");
  g_string_append (csv, "E-2,Bob,Two,Ops,2025-02-30,,,,,\n");             /* 4 impossible date */
  g_string_append (csv, "E-3,Cy,Three,Ops,,SV,approved,,,\n");           /* 5 unknown status */
  g_string_append (csv, "E-4,Di,Four,Ops,,TOPSECRET,,,,\n");              /* 6 unknown level */
  g_string_append (csv, "E-1,Ed,Five,Ops,,,,,,\n");                       /* 7 duplicate in file */
  g_string_append (csv, "E-6,,Six,Ops,,,,,,\n");                          /* 8 missing required */
  g_string_append (csv, "E-7,Fay,\xC3\x28,Ops,,,,,,\n");                  /* 9 invalid UTF-8 */
  g_string_append (csv, "\n");                                            /* 10 blank line */
  g_string_append (csv, "E-9,Gus,Nine,Ops,,,,,,NOWHERE\n");               /* 11 unknown area */
  g_string_append (csv, "DB-1,Hal,Ten,Ops,,,,,,\n");                      /* 12 already in the database */
  g_string_append (csv, "E-11,Ida,Eleven,Ops,,SV,cleared,2026-01-01,,\n");/* 13 cleared without expiry */
  g_string_append (csv, "E-12,Jo,Twelve,Ops\n");                          /* 14 too few fields */
  path = write_csv (f, "bad.csv", csv->str, (gssize) csv->len);

  before = psems_test_dump_database (f->store);
  report = psems_person_import_csv (f->store, f->actor, path, PSEMS_IMPORT_INSERT, 0, NULL, NULL,
                                    NULL, NULL, &error);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (report);
  g_assert_false (report->written);
  g_assert_cmpuint (report->rows_read, ==, 11);
  g_assert_cmpuint (report->rejected, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < report->problems->len; i++)
    {
      g_autofree char *text = psems_import_problem_format (report->problems->pdata[i]);
      g_test_message ("%s", text);
    }
  g_assert_cmpuint (report->problems->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      const PsemsImportProblem *problem = report->problems->pdata[i];
      g_autofree char *text = psems_import_problem_format (problem);
      g_autofree char *prefix = g_strdup_printf ("bad.csv:%u: %s: ", expect[i].line, expect[i].field);

      g_assert_true (g_str_has_prefix (text, prefix));
    }
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_file_problems (PersonFixture *f,
                    gconstpointer  data)
{
  struct { const char *text; guint line; const char *field; } cases[] = {
    { "", 0, "file" },
    { "badge_no,given_name,shoe_size\n", 1, "header" },
    { "badge_no,given_name,family_name\n", 1, "header" },                       /* employer missing */
    { "badge_no,given_name,family_name,employer\nX,\"open,B,C\n", 2, "record" },  /* unclosed quote */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = write_csv (f, "f.csv", cases[i].text, -1);
      g_autoptr(PsemsImportReport) report =
        psems_person_import_csv (f->store, f->actor, path, PSEMS_IMPORT_INSERT, 0, NULL, NULL, NULL, NULL, &error);
      const PsemsImportProblem *problem;

      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
      g_assert_cmpuint (report->problems->len, >=, 1);
      problem = report->problems->pdata[0];
      g_assert_cmpuint (problem->line, ==, cases[i].line);
      g_assert_cmpstr (problem->field, ==, cases[i].field);
    }
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM person"), ==, 0);
}

static void
test_upsert_dry_run (PersonFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = write_csv (f, "hr-1.csv",
    "badge_no,given_name,family_name,employer,vetting_level,vetting_status,vetting_issued,vetting_expires\n"
    "U-1,Ann,One,Ops,SV,cleared,2026-01-01,2027-01-01\n"
    "U-2,Bob,Two,Ops,,,,\n", -1);
  g_autofree char *second = write_csv (f, "hr-2.csv",
    "badge_no,given_name,family_name,employer,vetting_level,vetting_status,vetting_issued,vetting_expires\n"
    "U-1,Ann,One,Pilots,SV,cleared,2026-01-01,2027-01-01\n"
    "U-3,Cy,Three,Ops,,,,\n", -1);
  g_autofree char *dump = NULL;
  g_autofree char *dump_after = NULL;
  PsemsImportReport *report;
  gint64 id;

  report = psems_person_import_csv (f->store, f->actor, first, PSEMS_IMPORT_INSERT, 0, NULL, NULL, NULL, NULL,
                                    &error);
  g_assert_no_error (error);
  psems_import_report_free (report);

  /* Insert mode refuses a known badge. */
  report = psems_person_import_csv (f->store, f->actor, second, PSEMS_IMPORT_INSERT, 0, NULL, NULL, NULL, NULL,
                                    &error);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  psems_import_report_free (report);

  /* Dry run: counts, nothing written. */
  dump = psems_test_dump_database (f->store);
  report = psems_person_import_csv (f->store, f->actor, second, PSEMS_IMPORT_UPSERT, PSEMS_IMPORT_DRY_RUN,
                                    NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (report->written);
  g_assert_cmpuint (report->inserted, ==, 1);
  g_assert_cmpuint (report->updated, ==, 1);
  psems_import_report_free (report);
  dump_after = psems_test_dump_database (f->store);
  g_assert_cmpstr (dump, ==, dump_after);

  report = psems_person_import_csv (f->store, f->actor, second, PSEMS_IMPORT_UPSERT, 0, NULL, NULL, NULL, NULL,
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->inserted, ==, 1);
  g_assert_cmpuint (report->updated, ==, 1);
  psems_import_report_free (report);
  id = psems_person_resolve (f->store, "U-1", &error);
  {
    g_autoptr(PsemsPerson) p = psems_person_get (f->store, id, NULL, &error);
    PsemsPersonQuery q;

    g_assert_cmpstr (p->employer, ==, "Pilots");
    psems_person_query_init (&q);
    q.text = g_strdup ("pilot");
    g_assert_cmpint (psems_person_count (f->store, &q, NULL), ==, 1);
    psems_person_query_clear (&q);
  }
  /* The unchanged vetting was not repeated. */
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM vetting WHERE person_id = %lld",
                                     (long long) id), ==, 1);
  g_assert_cmpint (count_imports (f), ==, 2);
}

static void
test_skip_invalid (PersonFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_csv (f, "mixed.csv",
    "badge_no,given_name,family_name,employer\n"
    "S-1,Ann,One,Ops\n"
    "S-2,Bob,,Ops\n"
    "S-3,Cy,Three,Ops\n", -1);
  g_autofree char *rejects = g_build_filename (f->dir, "rejects.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(PsemsImportReport) report = NULL;

  report = psems_person_import_csv (f->store, f->actor, path, PSEMS_IMPORT_INSERT, PSEMS_IMPORT_SKIP_INVALID,
                                    rejects, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->inserted, ==, 2);
  g_assert_cmpuint (report->rejected, ==, 1);
  g_assert_true (g_file_get_contents (rejects, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "badge_no,given_name,family_name,employer,reason\r\nS-2,Bob,,Ops,"));
  g_assert_nonnull (strstr (text, "family_name: required"));
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM person"), ==, 2);
  g_assert_cmpint (count_imports (f), ==, 1);
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
}

static void
test_cancel (PersonFixture *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("badge_no,given_name,family_name,employer\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(PsemsImportReport) report = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (csv, "C-%u,Given,Family,Ops\n", i);
  path = write_csv (f, "big.csv", csv->str, (gssize) csv->len);
  before = psems_test_dump_database (f->store);
  report = psems_person_import_csv (f->store, f->actor, path, PSEMS_IMPORT_INSERT, 0, NULL, cancellable,
                                    progress_cb, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_trainings_export (PersonFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_csv (f, "trainings.csv",
    "badge_no,course,completed_on,expires_on,provider\n"
    "T-1,aware,2024-01-01,,Port academy\n"
    "T-9,AWARE,2024-01-01,,\n"
    "T-1,NOPE,2024-02-30,,\n", -1);
  g_autofree char *out = g_build_filename (f->dir, "export.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(PsemsImportReport) report = NULL;
  PsemsImportReport *ok;
  PsemsPersonQuery q;

  add_person_full (f, "Tia", "One", "Ops, Inc", "T-1");
  report = psems_training_import_csv (f->store, f->actor, path, 0, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (report->problems->len, ==, 3);
  g_assert_cmpuint (((PsemsImportProblem *) report->problems->pdata[0])->line, ==, 3);
  g_assert_cmpstr (((PsemsImportProblem *) report->problems->pdata[0])->field, ==, "badge_no");
  g_assert_cmpstr (((PsemsImportProblem *) report->problems->pdata[1])->field, ==, "course");
  g_assert_cmpstr (((PsemsImportProblem *) report->problems->pdata[2])->field, ==, "completed_on");

  ok = psems_training_import_csv (f->store, f->actor, path, PSEMS_IMPORT_SKIP_INVALID, NULL, NULL, NULL, NULL,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ok->inserted, ==, 1);
  psems_import_report_free (ok);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM training_record WHERE expires_on = '2026-01-01'"),
                   ==, 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE action = 'import'"
                                               " AND entity = 'training'"), ==, 1);

  psems_person_query_init (&q);
  g_assert_true (psems_person_export_csv_to_path (f->store, &q, out, &error));
  g_assert_no_error (error);
  psems_person_query_clear (&q);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "badge_no,given_name,family_name,display_name,employer,"));
  g_assert_nonnull (strstr (text, "\r\nT-1,Tia,One,Tia One,\"Ops, Inc\","));
}

typedef struct
{
  guint64 done;
  guint64 total;
  guint calls;
  GCancellable *cancel_at_first;   /* nullable */
} ExportProgress;

static void
export_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ExportProgress *p = user_data;

  g_assert_cmpuint (done, >=, p->done);
  p->done = done;
  p->total = total;
  p->calls++;
  if (p->cancel_at_first != NULL)
    g_cancellable_cancel (p->cancel_at_first);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Export off the main thread: progress up to the row count; Cancel mid-way leaves the file as it
 * was (no partial CSV, no temporary file). */
static void
test_export_progress_cancel (PersonFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("badge_no,given_name,family_name,employer\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PsemsImportReport) report = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = g_build_filename (f->dir, "export.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  ExportProgress progress = { 0 };
  PsemsPersonQuery q;
  guint n_files;

  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (csv, "E-%04u,Given,Family,Ops\n", i);
  path = write_csv (f, "many.csv", csv->str, (gssize) csv->len);
  report = psems_person_import_csv (f->store, f->actor, path, PSEMS_IMPORT_INSERT, 0, NULL, NULL, NULL,
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (out, "kept\n", -1, &error));
  n_files = count_files (f->dir);

  psems_person_query_init (&q);
  progress.cancel_at_first = cancellable;
  g_assert_false (psems_person_export_csv_to_file (f->store, &q, out, cancellable, export_progress_cb,
                                                   &progress, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (progress.calls, ==, 1);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "kept\n");
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (count_files (f->dir), ==, n_files);

  memset (&progress, 0, sizeof progress);
  g_assert_true (psems_person_export_csv_to_file (f->store, &q, out, NULL, export_progress_cb, &progress,
                                                  &error));
  g_assert_no_error (error);
  psems_person_query_clear (&q);
  g_assert_cmpuint (progress.calls, >, 1);
  g_assert_cmpuint (progress.total, ==, 1500);
  g_assert_cmpuint (progress.done, ==, 1500);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 1500 + 1);   /* header, rows, the empty tail */
  g_assert_cmpuint (count_files (f->dir), ==, n_files);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, PersonFixture, NULL, person_fixture_set_up, fn, person_fixture_tear_down)
  ADD ("/person-import/valid-bom-crlf-quotes", test_valid_bom_crlf_quotes);
  ADD ("/person-import/error-lines", test_error_lines);
  ADD ("/person-import/file-problems", test_file_problems);
  ADD ("/person-import/upsert-dry-run", test_upsert_dry_run);
  ADD ("/person-import/skip-invalid", test_skip_invalid);
  ADD ("/person-import/cancel", test_cancel);
  ADD ("/person-import/trainings-export", test_trainings_export);
  ADD ("/person-import/export-progress-cancel", test_export_progress_cancel);
#undef ADD
  return g_test_run ();
}
