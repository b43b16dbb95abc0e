/* test-cli-pack.c — psems-cli pack export end to end: the pack and its checksum written, what is
 * printed, exit 1 for data errors and 2 for usage errors, nothing written when refused. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "psems-test-util.h"

typedef struct
{
  char *dir;
  char *db;
  char *pdf;
} Fixture;

#define RUN(out, err, ...) psems_test_run_cli (out, err, "--db", f->db, __VA_ARGS__, NULL)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "pack.db", NULL);
  f->pdf = g_build_filename (f->dir, "pack.pdf", NULL);
  g_assert_cmpint (RUN (NULL, NULL, "db", "demo", "--persons", "60"), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *sha = g_strconcat (f->pdf, ".sha256", NULL);

  g_unlink (f->pdf);
  g_unlink (sha);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->pdf);
}

static gint64
count_audit (Fixture *f)
{
  return psems_test_count_path (f->db, "SELECT count(*) FROM audit_trail");
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sha = g_strconcat (f->pdf, ".sha256", NULL);
  g_autofree char *sha_text = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  gint64 before = count_audit (f);
  int status;

  status = RUN (&out, &err, "pack", "export", "--facility", "NHV-CT", "--out", f->pdf,
                "--marking", "SSI", "--sections", "summary,controls,findings,signoff");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "PACK-"));
  g_assert_nonnull (strstr (out, f->pdf));
  g_assert_nonnull (strstr (out, " pages"));
  g_assert_nonnull (strstr (out, sha));
  bytes = psems_test_read_file (f->pdf);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_assert_nonnull (strstr (out, digest));
  g_assert_true (g_file_get_contents (sha, &sha_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (sha_text, digest));
  g_assert_true (g_str_has_suffix (sha_text, "  pack.pdf\n"));
  g_assert_cmpint (count_audit (f), ==, before + 1);

  /* sha256sum agrees, from the pack's folder. */
  {
    const char *argv[] = { "sha256sum", "-c", "pack.pdf.sha256", NULL };
    int wait_status = 0;

    g_assert_true (g_spawn_sync (f->dir, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                 NULL, NULL, &wait_status, NULL));
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }

  /* JSON, as of a day in the past, with the names. */
  status = RUN (&json, NULL, "--format", "json", "pack", "export", "--facility", "NHV-CT", "--out",
                f->pdf, "--as-of", "2026-01-31", "--include-personnel", "--sections", "personnel");
  g_assert_cmpint (status, ==, 0);
  root = psems_test_parse_json (json);
  object = json_node_get_object (root);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "reference"), "PACK-"));
  g_assert_cmpint (json_object_get_int_member (object, "pages"), >=, 3);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "sha256")), ==, 64);
  g_assert_cmpstr (json_object_get_string_member (object, "sha256_file"), ==, sha);
  g_assert_true (json_object_get_boolean_member (object, "personnel_names"));
  g_assert_cmpint (count_audit (f), ==, before + 2);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "gone", "pack.pdf", NULL);
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  const PsemsTestCliCase cases[] = {
    { { "pack", "export", "--out", "x.pdf" }, "--facility" },
    { { "pack", "export", "--facility", "NHV-CT" }, "--out" },
    { { "pack", "export", "--facility", "NHV-CT", "--out", "x.txt" }, ".pdf" },
    { { "pack", "export", "--facility", "NHV-CT", "--out", "x.pdf", "--sections", "plan,nope" },
      "nope" },
    { { "pack", "export", "--facility", "NHV-CT", "--out", "x.pdf", "--as-of", "31/01/2026" },
      "--as-of" },
    { { "pack", "export", "--facility", "NHV-CT", "--out", "x.pdf", "extra" }, "extra" },
    { { "pack", "export", "--facility", "NHV-CT", "--out", "x.pdf", "--bogus" }, "bogus" },
  };
  const char *verbs[] = { "export", NULL };
  gint64 before = count_audit (f);

  psems_test_check_cli_help (f->db, "pack", verbs);
  psems_test_check_cli_usage_errors (f->db, cases, G_N_ELEMENTS (cases));

  /* Data errors: exit 1, the message names what. */
  g_assert_cmpint (RUN (NULL, &err, "pack", "export", "--facility", "NOPE-XX", "--out", f->pdf),
                   ==, 1);
  g_assert_nonnull (strstr (err, "NOPE-XX"));
  g_assert_cmpint (RUN (NULL, &err2, "pack", "export", "--facility", "NHV-CT", "--out", missing),
                   ==, 1);
  g_assert_nonnull (strstr (err2, missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpint (RUN (NULL, &err3, "pack", "export", "--facility", "NHV-CT", "--out", f->pdf,
                        "--marking", "TOO\nMANY\nLINES"), ==, 1);
  g_assert_nonnull (strstr (err3, "marking"));
  g_assert_false (g_file_test (f->pdf, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_audit (f), ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli/pack/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/cli/pack/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  return g_test_run ();
}
