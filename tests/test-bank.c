/* test-bank.c — GAP question banks: the shipped files, loading errors by file and line, overrides, import. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "psems-test-util.h"

static char *user_data_dir;

static char *
user_banks (void)
{
  return g_build_filename (user_data_dir, "psems", "banks", NULL);
}

static void
clear_user_banks (void)
{
  g_autofree char *dir = user_banks ();

  psems_test_remove_dir (dir);
}

static void
log_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
}

static const PsemsQuestion *
find_question (const PsemsBank *bank,
               const char      *code)
{
  for (guint i = 0; i < bank->questions->len; i++)
    if (g_str_equal (((PsemsQuestion *) g_ptr_array_index (bank->questions, i))->code, code))
      return g_ptr_array_index (bank->questions, i);
  return NULL;
}

/* Every shipped bank loads without a problem and covers what issue 9 asks. */
static void
test_shipped (void)
{
  static const char * const expected[] = { "isps-pfsp", "port-records", "drills-training", "cyber-fal",
                                            "nis2-art21" };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) banks = psems_bank_load_all (&problems);
  PsemsBank *isps, *cyber, *nis2;

  log_problems (problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (banks->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      PsemsBank *bank = psems_bank_find (banks, expected[i], NULL);

      g_assert_nonnull (bank);
      g_assert_false (bank->user);
      g_assert_cmpuint (bank->questions->len, >=, 8);
      for (guint k = 0; k < bank->questions->len; k++)
        {
          const PsemsQuestion *q = g_ptr_array_index (bank->questions, k);

          g_assert_cmpuint (q->position, ==, k + 1);
          g_assert_nonnull (q->area);
          g_assert_nonnull (q->reference);
          g_assert_nonnull (q->guidance);
          g_assert_true (g_str_has_suffix (q->text, "?"));
        }
    }

  /* The fifteen A/16.3 plan elements and the A/17.2 duties. */
  isps = psems_bank_find (banks, "ISPS-PFSP", NULL);
  for (int e = 1; e <= 15; e++)
    {
      g_autofree char *code = g_strdup_printf ("A16.3.%d", e);
      g_autofree char *reference = g_strdup_printf ("ISPS A/16.3.%d", e);

      g_assert_nonnull (find_question (isps, code));
      g_assert_cmpstr (find_question (isps, code)->reference, ==, reference);
    }
  g_assert_nonnull (find_question (isps, "A17.2.13"));
  /* The five functions of MSC-FAL.1/Circ.3, the ten NIS2 measures. */
  cyber = psems_bank_find (banks, "cyber-fal", "2026.1");
  for (const char * const *area = (const char *[]) { "Identify", "Protect", "Detect", "Respond", "Recover", NULL };
       *area != NULL; area++)
    {
      gboolean seen = FALSE;

      for (guint k = 0; k < cyber->questions->len; k++)
        seen |= g_str_equal (((PsemsQuestion *) g_ptr_array_index (cyber->questions, k))->area, *area);
      g_assert_true (seen);
    }
  nis2 = psems_bank_find (banks, "nis2-art21", NULL);
  g_assert_cmpuint (nis2->questions->len, ==, 10);
  g_assert_cmpstr (find_question (nis2, "21.2.j")->reference, ==, "NIS2 Art. 21(2)(j)");
  g_assert_null (psems_bank_find (banks, "isps-pfsp", "1999"));
}

/* A file that does not parse is named with its line and column; the rest load. */
static void
test_syntax_error (void)
{
  g_autofree char *dir = user_banks ();
  g_autofree char *bad = psems_test_write_file (dir, "broken.json",
                                     "{\n"
                                     "  \"code\": \"broken\",\n"
                                     "  \"framework\": \"X\",\n"
                                     "  \"version\": \"1\" \"title\": \"missing comma\"\n"
                                     "}\n");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) banks = psems_bank_load_all (&problems);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsBank) none = NULL;
  const char *problem;

  log_problems (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = psems_test_find_problem (problems, bad);
  g_assert_true (g_str_has_prefix (problem + strlen (bad), ":4:"));
  g_assert_nonnull (psems_bank_find (banks, "isps-pfsp", NULL));
  g_assert_null (psems_bank_find (banks, "broken", NULL));

  none = psems_bank_load_file (bad, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, bad));
  g_clear_error (&error);

  g_assert_null (psems_bank_load_file ("/nonexistent/bank.json", NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  clear_user_banks ();
}

/* A bad question (unknown member, missing text, a bad code, a duplicate
 * code) skips the whole file, each problem named by file, line, question and field. */
static void
test_bad_questions (void)
{
  g_autofree char *dir = user_banks ();
  g_autofree char *bad = psems_test_write_file (dir, "bad.json",
                                     "{ \"code\": \"bad\", \"framework\": \"X\", \"version\": \"1\",\n"
                                     "  \"title\": \"Bad\", \"questions\": [\n"
                                     "  { \"code\": \"Q1\", \"area\": \"A\", \"text\": \"One?\" },\n"
                                     "  { \"code\": \"Q2\", \"area\": \"A\",\n"
                                     "    \"txt\": \"Two?\" },\n"
                                     "  { \"code\": \"q1\", \"area\": \"A\", \"text\": \"Again?\" },\n"
                                     "  { \"code\": \"Q 4\", \"area\": \"A\", \"text\": \"Space?\" },\n"
                                     "  { \"code\": \"Q5\", \"area\": \"\", \"text\": \"Empty area?\" }\n"
                                     "] }\n");
  g_autofree char *good = psems_test_write_file (dir, "good.json",
                                      "{ \"code\": \"good\", \"framework\": \"X\", \"version\": \"1\",\n"
                                      "  \"title\": \"Good\", \"questions\": [\n"
                                      "  { \"code\": \"G1\", \"area\": \"A\", \"text\": \"Fine?\" } ] }\n");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) banks = psems_bank_load_all (&problems);
  g_autoptr(GPtrArray) file_problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsBank) none = NULL;
  static const char * const expected[] = {
    ":5: question “Q2”: txt: not a member of a question",
    ":4: question “Q2”: text: the member is missing",
    ":6: question “q1”: code: the code is used twice in this bank (first on line 3)",
    ":7: question “Q 4”: code: not a question code",
    ":8: question “Q5”: area: the text is empty",
  };

  log_problems (problems);
  g_assert_null (psems_bank_find (banks, "bad", NULL));
  g_assert_nonnull (psems_bank_find (banks, "good", NULL));
  g_assert_true (psems_bank_find (banks, "good", NULL)->user);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *problem = g_ptr_array_index (problems, i);

      g_assert_true (g_str_has_prefix (problem, bad));
      g_assert_true (g_str_has_prefix (problem + strlen (bad), expected[i]));
    }

  /* One file on its own: refused with the first problem, every problem listed. */
  none = psems_bank_load_file (bad, file_problems, &error);
  g_assert_null (none);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, g_ptr_array_index (problems, 0));
  g_assert_cmpuint (file_problems->len, ==, G_N_ELEMENTS (expected));
  clear_user_banks ();
}

/* Bank-level members: an unknown member and an identifier that is not one. */
static void
test_bad_bank (void)
{
  g_autofree char *dir = user_banks ();
  g_autofree char *bad = psems_test_write_file (dir, "bank.json",
                                     "{ \"code\": \"Not An Id\", \"framework\": \"X\", \"version\": \"1\",\n"
                                     "  \"titel\": \"Typo\",\n"
                                     "  \"questions\": [] }\n");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsBank) none = psems_bank_load_file (bad, problems, &error);

  log_problems (problems);
  g_assert_null (none);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_cmpuint (problems->len, ==, 4);
  g_assert_true (g_str_has_prefix ((char *) g_ptr_array_index (problems, 0) + strlen (bad), ":2: titel: not a member"));
  g_assert_true (g_str_has_prefix ((char *) g_ptr_array_index (problems, 1) + strlen (bad), ":1: title: the member is missing"));
  g_assert_true (g_str_has_prefix ((char *) g_ptr_array_index (problems, 2) + strlen (bad), ":1: code: not an identifier"));
  g_assert_true (g_str_has_prefix ((char *) g_ptr_array_index (problems, 3) + strlen (bad), ":3: questions:"));
  clear_user_banks ();
}

/* The user's file of a shipped code and version replaces it; a new version
 * becomes the newest; the same bank twice in the user's folder is reported. */
static void
test_user_override (void)
{
  g_autofree char *dir = user_banks ();
  g_autofree char *mine = psems_test_write_file (dir, "a-isps.json",
                                      "{ \"code\": \"isps-pfsp\", \"framework\": \"ISPS Code\", \"version\": \"2026.1\",\n"
                                      "  \"title\": \"Ours\", \"questions\": [\n"
                                      "  { \"code\": \"A16.1\", \"area\": \"Plan\", \"text\": \"Approved?\" } ] }\n");
  g_autofree char *newer = psems_test_write_file (dir, "b-isps.json",
                                       "{ \"code\": \"isps-pfsp\", \"framework\": \"ISPS Code\", \"version\": \"2026.10\",\n"
                                       "  \"title\": \"Ours, later\", \"questions\": [\n"
                                       "  { \"code\": \"A16.1\", \"area\": \"Plan\", \"text\": \"Approved?\" } ] }\n");
  g_autofree char *twice = psems_test_write_file (dir, "c-isps.json",
                                       "{ \"code\": \"isps-pfsp\", \"framework\": \"ISPS Code\", \"version\": \"2026.10\",\n"
                                       "  \"title\": \"Again\", \"questions\": [\n"
                                       "  { \"code\": \"A16.1\", \"area\": \"Plan\", \"text\": \"Approved?\" } ] }\n");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) banks = psems_bank_load_all (&problems);
  PsemsBank *v1, *newest;

  log_problems (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (psems_test_find_problem (problems, twice), "is already read from"));

  v1 = psems_bank_find (banks, "isps-pfsp", "2026.1");
  g_assert_cmpstr (v1->title, ==, "Ours");
  g_assert_cmpstr (v1->path, ==, mine);
  g_assert_true (v1->user);
  g_assert_cmpuint (v1->questions->len, ==, 1);
  newest = psems_bank_find (banks, "isps-pfsp", NULL);
  g_assert_cmpstr (newest->version, ==, "2026.10");
  g_assert_cmpstr (newest->path, ==, newer);
  clear_user_banks ();
}

static void
test_versions (void)
{
  g_assert_cmpint (psems_bank_compare_versions ("2026.2", "2026.10"), <, 0);
  g_assert_cmpint (psems_bank_compare_versions ("2026.10", "2026.2"), >, 0);
  g_assert_cmpint (psems_bank_compare_versions ("2026.1", "2026.1"), ==, 0);
  g_assert_cmpint (psems_bank_compare_versions ("2026.1", "2026.1a"), <, 0);
  g_assert_cmpint (psems_bank_compare_versions ("2", "10"), <, 0);
  g_assert_cmpint (psems_bank_compare_versions ("02", "2"), ==, 0);
}

/* Import: the same code and version is reused; an edited file with the same
 * version is refused naming it, nothing written; a new version is a new row. */
static void
test_import (void)
{
  g_autofree char *tmp = psems_test_make_dir ();
  g_autoptr(PsemsStore) store = psems_test_new_store (tmp, "bank.db");
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  g_autofree char *path = psems_test_write_file (tmp, "drills.json",
                                      "{ \"code\": \"drills\", \"framework\": \"ISPS Code\", \"version\": \"1\",\n"
                                      "  \"title\": \"Drills\", \"questions\": [\n"
                                      "  { \"code\": \"D1\", \"area\": \"Drills\", \"reference\": \"ISPS B/18.5\", \"text\": \"Quarterly?\" },\n"
                                      "  { \"code\": \"D2\", \"area\": \"Drills\", \"text\": \"Yearly exercise?\" } ] }\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsBank) bank = psems_bank_load_file (path, NULL, &error);
  g_autoptr(PsemsBank) stored = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *after = NULL;
  gint64 id, again, v2;
  gboolean created = FALSE;

  g_assert_no_error (error);
  {
    g_autoptr(PsemsTransaction) txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "assessment", 0, &error);

    id = psems_bank_import (txn, bank, PSEMS_BANK_IMPORT_DEFAULT, 0, &created, &error);
    g_assert_no_error (error);
    g_assert_true (created);
    g_assert_true (psems_transaction_commit (g_steal_pointer (&txn), &error));
  }
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM question WHERE bank_id = %lld", (long long) id), ==, 2);
  /* One audit entry for the bank, one for each question. */
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM audit_trail WHERE entity IN ('question-bank', 'question')"), ==, 3);
  stored = psems_bank_get (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (stored->ref, "QB-"));
  g_assert_true (psems_bank_same_questions (stored, bank, NULL));

  {
    g_autoptr(PsemsTransaction) txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "assessment", 0, &error);

    again = psems_bank_import (txn, bank, PSEMS_BANK_IMPORT_DEFAULT, 0, &created, &error);
    g_assert_no_error (error);
    g_assert_false (created);
    g_assert_cmpint (again, ==, id);
  }

  /* Edited without a new version. */
  g_free (((PsemsQuestion *) g_ptr_array_index (bank->questions, 1))->text);
  ((PsemsQuestion *) g_ptr_array_index (bank->questions, 1))->text = g_strdup ("An exercise each calendar year?");
  dump = psems_test_dump_database (store);
  {
    g_autoptr(PsemsTransaction) txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "assessment", 0, &error);

    g_assert_cmpint (psems_bank_import (txn, bank, PSEMS_BANK_IMPORT_DEFAULT, 0, &created, &error), ==, 0);
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, path));
    g_assert_nonnull (strstr (error->message, "“D2”"));
    g_assert_nonnull (strstr (error->message, "text"));
    g_assert_nonnull (strstr (error->message, stored->ref));
    g_clear_error (&error);
  }
  after = psems_test_dump_database (store);
  g_assert_cmpstr (dump, ==, after);

  /* … and with one. */
  g_free (bank->version);
  bank->version = g_strdup ("2");
  {
    g_autoptr(PsemsTransaction) txn = psems_transaction_begin (store, actor, PSEMS_OP_CREATE, "assessment", 0, &error);

    v2 = psems_bank_import (txn, bank, PSEMS_BANK_IMPORT_NO_AUDIT, 2031, &created, &error);
    g_assert_no_error (error);
    g_assert_true (created);
    g_assert_cmpint (v2, !=, id);
    g_assert_true (psems_transaction_commit (g_steal_pointer (&txn), &error));
  }
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM question_bank WHERE code = 'drills'"), ==, 2);
  /* Numbered in the year asked for (the demo numbers by its own day). */
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM question_bank WHERE code = 'drills'"
                                     " AND version = '2' AND ref = 'QB-2031-0001'"), ==, 1);
  g_assert_cmpint (psems_test_count (store, "SELECT count(*) FROM audit_trail WHERE entity IN ('question-bank', 'question')"), ==, 3);

  g_clear_object (&store);
  psems_test_remove_dir (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The user's banks come from here, never from the real home. */
  user_data_dir = g_dir_make_tmp ("psems-test-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", user_data_dir, TRUE);
  g_unsetenv ("PSEMS_DATADIR");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bank/shipped", test_shipped);
  g_test_add_func ("/bank/syntax-error", test_syntax_error);
  g_test_add_func ("/bank/bad-questions", test_bad_questions);
  g_test_add_func ("/bank/bad-bank", test_bad_bank);
  g_test_add_func ("/bank/user-override", test_user_override);
  g_test_add_func ("/bank/versions", test_versions);
  g_test_add_func ("/bank/import", test_import);

  status = g_test_run ();
  clear_user_banks ();
  {
    g_autofree char *psems = g_build_filename (user_data_dir, "psems", NULL);

    g_rmdir (psems);
  }
  g_rmdir (user_data_dir);
  g_free (user_data_dir);
  return status;
}
