/* test-regime.c — regime files: the shipped ones load cleanly, bad files and rules are reported by file and line, users override. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "psems-regime.h"
#include "psems-error.h"
#include "psems-test-util.h"

static char *user_data_dir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static void
log_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
}

static PsemsDay
day (const char *text)
{
  PsemsDay d = psems_day_parse (text);

  g_assert_cmpuint (d, !=, PSEMS_DAY_NONE);
  return d;
}

/* Every shipped file loads with no problem, every rule evaluates, ids are unique. */
static void
test_shipped (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) regimes = psems_regime_load_all (&problems);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const expected[] = { "isps-b18.5", "isps-b18.6", "33cfr-105.220-drills",
                                           "33cfr-105.220-exercises", "33cfr-105.415-audit",
                                           "33cfr-105.225-records", "33cfr-105.225-dos",
                                           "33cfr-101.635-cyber-drills", "33cfr-101.635-cyber-exercise" };

  log_problems (problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (regimes->len, >=, 3);
  for (guint r = 0; r < regimes->len; r++)
    {
      const PsemsRegime *regime = g_ptr_array_index (regimes, r);

      g_assert_cmpuint (regime->rules->len, >, 0);
      g_assert_nonnull (regime->title);
      for (guint i = 0; i < regime->rules->len; i++)
        {
          const PsemsRegimeRule *rule = g_ptr_array_index (regime->rules, i);

          g_assert_false (g_hash_table_contains (ids, rule->id));
          g_hash_table_add (ids, rule->id);
          g_assert_cmpstr (rule->regime_id, ==, regime->id);
          g_assert_true (rule->title != NULL && rule->citation != NULL);
          g_assert_true (psems_clock_rule_check (&rule->clock, NULL, NULL));
          g_assert_cmpuint (rule->line, >, 1);
          if (rule->clock.kind != PSEMS_CLOCK_RETENTION)
            {
              PsemsClockStatus st;

              g_assert_true (psems_clock_evaluate (&rule->clock, day ("2026-01-01"), NULL, 0, day ("2026-06-01"),
                                                   &st));
            }
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_hash_table_contains (ids, expected[i]));
}

/* The shipped rules say what regulations.md says. */
static void
test_shipped_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsRegimeRule) drills = psems_regime_find_rule ("isps-b18.5", &error);
  g_autoptr(PsemsRegimeRule) exercises = NULL;
  g_autoptr(PsemsRegimeRule) audit = NULL;
  g_autoptr(PsemsRegimeRule) dos = NULL;
  g_autoptr(GArray) violations = NULL;
  g_autofree char *says = NULL;
  PsemsDay done[] = { day ("2026-01-02"), day ("2026-04-29") };
  PsemsClockStatus st;

  g_assert_no_error (error);
  g_assert_cmpint (drills->clock.kind, ==, PSEMS_CLOCK_FROM_LAST);
  g_assert_cmpuint (drills->clock.interval.amount, ==, 3);
  g_assert_cmpint (drills->clock.interval.unit, ==, PSEMS_CLOCK_MONTHS);
  g_assert_cmpstr (drills->citation, ==, "ISPS Code B/18.5");
  g_assert_cmpstr (drills->activity, ==, "drill");
  g_assert_cmpint (drills->anchor, ==, PSEMS_REGIME_ANCHOR_START);

  /* Drills on 2 January and 29 April: late, due 2 April. */
  violations = psems_clock_check (&drills->clock, day ("2026-01-01"), done, 2, day ("2026-01-01"), day ("2026-12-31"));
  g_assert_cmpuint (violations->len, ==, 2);   /* the late one, and none since 29 July */
  g_assert_cmpuint (g_array_index (violations, PsemsClockViolation, 0).due, ==, day ("2026-04-02"));
  g_assert_cmpuint (g_array_index (violations, PsemsClockViolation, 0).done_on, ==, day ("2026-04-29"));
  g_assert_cmpuint (g_array_index (violations, PsemsClockViolation, 1).due, ==, day ("2026-07-29"));
  g_assert_true (psems_clock_evaluate (&drills->clock, day ("2026-01-01"), done, 1, day ("2026-04-15"), &st));
  says = psems_regime_rule_explain (drills, &st, day ("2026-04-15"));
  g_assert_cmpstr (says, ==, "Overdue since 3 April 2026 (within 3 months of the last one; ISPS Code B/18.5)");

  exercises = psems_regime_find_rule ("33cfr-105.220-exercises", &error);
  g_assert_no_error (error);
  g_assert_cmpint (exercises->clock.kind, ==, PSEMS_CLOCK_CALENDAR);
  g_assert_cmpuint (exercises->clock.interval.amount, ==, 12);
  g_assert_cmpuint (exercises->clock.max_gap.amount, ==, 18);
  g_assert_cmpint (exercises->clock.max_gap.unit, ==, PSEMS_CLOCK_MONTHS);

  audit = psems_regime_find_rule ("33cfr-105.415-audit", &error);
  g_assert_no_error (error);
  g_assert_cmpint (audit->clock.kind, ==, PSEMS_CLOCK_FIXED);
  g_assert_cmpint (audit->anchor, ==, PSEMS_REGIME_ANCHOR_PLAN_APPROVAL);
  g_assert_cmpstr (psems_regime_anchor_to_string (audit->anchor), ==, "plan-approval");

  dos = psems_regime_find_rule ("33cfr-105.225-dos", &error);
  g_assert_no_error (error);
  g_assert_cmpint (dos->clock.kind, ==, PSEMS_CLOCK_RETENTION);
  g_assert_cmpint (dos->anchor, ==, PSEMS_REGIME_ANCHOR_RECORD_END);
  g_assert_cmpuint (psems_clock_retain_until (&dos->clock, day ("2026-03-31")), ==, day ("2026-06-29"));

  g_assert_null (psems_regime_find_rule ("isps-b99", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "isps-b99"));
  g_assert_nonnull (strstr (error->message, "regimes"));
}

/* A file that does not parse is reported with its line and skipped; a bad
 * rule is reported with file, line, rule and member and skipped alone;
 * everything else still loads. */
static void
test_bad_files (void)
{
  g_autofree char *datadir = g_dir_make_tmp ("psems-test-regimes-XXXXXX", NULL);
  g_autofree char *shipped = g_build_filename (datadir, "regimes", NULL);
  g_autofree char *syntax = psems_test_write_file (shipped, "a-syntax.json",
                                        "{\n"
                                        "  \"id\": \"broken\",\n"
                                        "  \"title\": \"Broken\",\n"
                                        "  \"rules\": [ @ ]\n"
                                        "}\n");
  g_autofree char *fields = psems_test_write_file (shipped, "b-fields.json",
                                        "{\n"                                                      /* 1 */
                                        "  \"id\": \"test-fields\",\n"                             /* 2 */
                                        "  \"title\": \"Bad fields\",\n"                           /* 3 */
                                        "  \"rules\": [\n"                                         /* 4 */
                                        "    { \"id\": \"neg\", \"title\": \"N\", \"citation\": \"C\",\n"  /* 5 */
                                        "      \"kind\": \"from-last\",\n"                         /* 6 */
                                        "      \"interval\": \"-3 months\" },\n"                   /* 7 */
                                        "    { \"id\": \"unknown-kind\", \"title\": \"U\", \"citation\": \"C\",\n"  /* 8 */
                                        "      \"kind\": \"weekly\", \"interval\": \"1 week\" },\n"  /* 9 */
                                        "    { \"id\": \"typo\", \"title\": \"T\", \"citation\": \"C\",\n"  /* 10 */
                                        "      \"kind\": \"fixed\",\n"                             /* 11 */
                                        "      \"intervall\": \"1 year\" },\n"                     /* 12 */
                                        "    {\n"                                                  /* 13 */
                                        "      \"id\": \"no-citation\",\n"                         /* 14 */
                                        "      \"title\": \"M\", \"kind\": \"fixed\", \"interval\": \"1 year\" },\n"  /* 15 */
                                        "    { \"id\": \"zero-count\", \"title\": \"Z\", \"citation\": \"C\",\n"  /* 16 */
                                        "      \"kind\": \"rolling\", \"interval\": \"1 year\",\n"  /* 17 */
                                        "      \"count\": 0 },\n"                                  /* 18 */
                                        "    { \"id\": \"odd-calendar\", \"title\": \"O\", \"citation\": \"C\",\n"  /* 19 */
                                        "      \"kind\": \"calendar\", \"interval\": \"5 months\" },\n"  /* 20 */
                                        "    { \"id\": \"month-warning\", \"title\": \"W\", \"citation\": \"C\",\n"  /* 21 */
                                        "      \"kind\": \"from-last\", \"interval\": \"1 year\",\n"  /* 22 */
                                        "      \"warning\": \"1 month\" },\n"                      /* 23 */
                                        "    { \"id\": \"fine\", \"title\": \"F\", \"citation\": \"C\",\n"  /* 24 */
                                        "      \"kind\": \"rolling\", \"interval\": \"2 weeks\", \"count\": 3,\n"  /* 25 */
                                        "      \"warning\": \"3 days\", \"max_gap\": \"10 days\" },\n"  /* 26 */
                                        "    { \"id\": \"fine\", \"title\": \"Again\", \"citation\": \"C\",\n"  /* 27 */
                                        "      \"kind\": \"fixed\", \"interval\": \"1 year\" }\n"  /* 28 */
                                        "  ]\n"
                                        "}\n");
  g_autofree char *no_rules = psems_test_write_file (shipped, "c-no-rules.json",
                                                     "{ \"id\": \"x\", \"title\": \"X\" }");
  g_autofree char *array = psems_test_write_file (shipped, "d-array.json", "[1, 2]");
  g_autofree char *regime_typo = psems_test_write_file (shipped, "e-typo.json",
                                             "{ \"id\": \"y\", \"title\": \"Y\",\n  \"rulez\": [] }");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) regimes = NULL;
  g_autoptr(GError) error = NULL;
  const PsemsRegime *fields_regime = NULL;
  static const struct { const char *rule; const char *member; guint line; } expected[] = {
    { "neg", "interval", 7 },
    { "unknown-kind", "kind", 9 },
    { "typo", "intervall", 12 },
    { "no-citation", "citation", 13 },
    { "zero-count", "count", 18 },
    { "odd-calendar", "interval", 20 },
    { "month-warning", "warning", 23 },
    { "fine", "id", 27 },
  };

  g_setenv ("PSEMS_DATADIR", datadir, TRUE);
  regimes = psems_regime_load_all (&problems);
  log_problems (problems);

  /* The syntax error: file and line of the stray character. */
  g_assert_true (g_str_has_prefix (psems_test_find_problem (problems, syntax) + strlen (syntax),
                                   ":4:"));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%s:%u: rule “%s”: %s: ", fields, expected[i].line,
                                                 expected[i].rule, expected[i].member);
      gboolean seen = FALSE;

      for (guint p = 0; p < problems->len && !seen; p++)
        seen = g_str_has_prefix (g_ptr_array_index (problems, p), prefix);
      if (!seen)
        g_error ("no problem starting “%s”", prefix);
    }
  g_assert_nonnull (strstr (psems_test_find_problem (problems, no_rules), "rules"));
  psems_test_find_problem (problems, array);
  g_assert_nonnull (strstr (psems_test_find_problem (problems, regime_typo), ":2: rulez:"));
  g_assert_cmpuint (problems->len, ==, 4 + G_N_ELEMENTS (expected));

  /* The good rule of the bad file loaded, and the shipped regimes too. */
  for (guint r = 0; r < regimes->len; r++)
    if (g_str_equal (((PsemsRegime *) g_ptr_array_index (regimes, r))->id, "test-fields"))
      fields_regime = g_ptr_array_index (regimes, r);
  g_assert_nonnull (fields_regime);
  g_assert_cmpuint (fields_regime->rules->len, ==, 1);
  {
    const PsemsRegimeRule *fine = psems_regime_get_rule (fields_regime, "fine");

    g_assert_nonnull (fine);
    g_assert_cmpstr (fine->title, ==, "F");
    g_assert_cmpuint (fine->clock.interval.amount, ==, 14);
    g_assert_cmpint (fine->clock.interval.unit, ==, PSEMS_CLOCK_DAYS);
    g_assert_cmpuint (fine->clock.count, ==, 3);
    g_assert_cmpuint (fine->clock.warn_days, ==, 3);
    g_assert_cmpuint (fine->clock.max_gap.amount, ==, 10);
    g_assert_cmpuint (fine->line, ==, 24);
  }
  g_assert_null (psems_regime_get_rule (fields_regime, "neg"));
  {
    g_autoptr(PsemsRegimeRule) shipped_rule = psems_regime_find_rule ("isps-b18.6", &error);

    g_assert_no_error (error);
  }

  /* One file on its own: the error names it. */
  g_assert_null (psems_regime_load_file (syntax, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, syntax));
  g_clear_error (&error);
  g_assert_null (psems_regime_load_file ("/nonexistent/regime.json", NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/regime.json"));
  g_clear_error (&error);

  /* A rule skipped for a problem is not found, and the message says why. */
  g_assert_null (psems_regime_find_rule ("neg", &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "-3 months"));
  g_clear_error (&error);

  g_unsetenv ("PSEMS_DATADIR");
  remove_tree (datadir);
}

/* The user's folder overrides a shipped rule by id (in place, in its
 * regime), adds rules to a shipped regime and adds regimes. */
static void
test_user_override (void)
{
  g_autofree char *user = g_build_filename (user_data_dir, "psems", "regimes", NULL);
  g_autofree char *mine = psems_test_write_file (user, "mine.json",
                                      "{ \"id\": \"mine\", \"title\": \"Our port rules\", \"rules\": [\n"
                                      "  { \"id\": \"isps-b18.5\", \"title\": \"Monthly drills\",\n"
                                      "    \"citation\": \"Port bylaw 7\", \"kind\": \"from-last\", \"interval\": \"1 month\" },\n"
                                      "  { \"id\": \"mine-patrol\", \"title\": \"Fence patrol\",\n"
                                      "    \"citation\": \"Port bylaw 9\", \"kind\": \"from-last\", \"interval\": \"7 days\" } ] }\n");
  g_autofree char *more = psems_test_write_file (user, "more-isps.json",
                                      "{ \"id\": \"isps\", \"title\": \"ISPS Code\", \"rules\": [\n"
                                      "  { \"id\": \"isps-a16.8\", \"title\": \"Plan review\",\n"
                                      "    \"citation\": \"ISPS Code A/16.3.8\", \"kind\": \"fixed\", \"interval\": \"1 year\",\n"
                                      "    \"anchor\": \"plan-approval\" },\n"
                                      "  { \"id\": \"mine-patrol\", \"title\": \"Twice\",\n"
                                      "    \"citation\": \"X\", \"kind\": \"from-last\", \"interval\": \"7 days\" } ] }\n");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) regimes = psems_regime_load_all (&problems);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsRegimeRule) drills = NULL;
  g_autoptr(PsemsRegimeRule) exercises = NULL;
  const PsemsRegime *isps = NULL, *own = NULL;
  const char *problem;

  log_problems (problems);
  /* The same rule id twice in the user's folder: the later file's is skipped. */
  g_assert_cmpuint (problems->len, ==, 1);
  problem = psems_test_find_problem (problems, more);
  g_assert_true (g_str_has_prefix (problem + strlen (more), ":5: rule “mine-patrol”: id:"));

  for (guint r = 0; r < regimes->len; r++)
    {
      const PsemsRegime *regime = g_ptr_array_index (regimes, r);

      if (g_str_equal (regime->id, "isps"))
        isps = regime;
      if (g_str_equal (regime->id, "mine"))
        own = regime;
    }
  g_assert_nonnull (isps);
  g_assert_nonnull (own);
  g_assert_cmpuint (isps->rules->len, ==, 3);
  g_assert_cmpstr (((PsemsRegimeRule *) g_ptr_array_index (isps->rules, 0))->id, ==, "isps-b18.5");
  g_assert_cmpstr (((PsemsRegimeRule *) g_ptr_array_index (isps->rules, 0))->title, ==, "Monthly drills");
  g_assert_cmpstr (((PsemsRegimeRule *) g_ptr_array_index (isps->rules, 2))->id, ==, "isps-a16.8");
  g_assert_cmpuint (own->rules->len, ==, 1);
  g_assert_cmpstr (((PsemsRegimeRule *) g_ptr_array_index (own->rules, 0))->id, ==, "mine-patrol");

  drills = psems_regime_find_rule ("isps-b18.5", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drills->clock.interval.amount, ==, 1);
  g_assert_cmpstr (drills->citation, ==, "Port bylaw 7");
  g_assert_cmpstr (drills->path, ==, mine);
  g_assert_cmpstr (drills->regime_id, ==, "isps");
  g_assert_cmpuint (drills->line, ==, 2);
  /* Rules not overridden stay the shipped ones. */
  exercises = psems_regime_find_rule ("isps-b18.6", &error);
  g_assert_no_error (error);
  g_assert_false (g_str_has_prefix (exercises->path, user));

  remove_tree (user);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The user's regimes come from here, never from the real home. */
  user_data_dir = g_dir_make_tmp ("psems-test-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", user_data_dir, TRUE);
  g_unsetenv ("PSEMS_DATADIR");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/regime/shipped", test_shipped);
  g_test_add_func ("/regime/shipped-rules", test_shipped_rules);
  g_test_add_func ("/regime/bad-files", test_bad_files);
  g_test_add_func ("/regime/user-override", test_user_override);

  status = g_test_run ();
  remove_tree (user_data_dir);
  g_free (user_data_dir);
  return status;
}
