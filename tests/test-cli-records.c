/* test-cli-records.c — psems-cli dos and evidence on the demo database: each verb, JSON and CSV, data
 * errors (exit 1) and usage errors (exit 2) that write nothing, files read back byte for byte. */
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
} Fixture;

#define RUN(out, err, ...) psems_test_run_cli (out, err, "--db", f->db, __VA_ARGS__, NULL)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *err = NULL;
  int status;

  f->dir = psems_test_make_dir ();
  f->db = g_build_filename (f->dir, "records.db", NULL);
  status = RUN (NULL, &err, "db", "demo", "--persons", "20");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return psems_test_count_path (f->db, sql);
}

/* Runs psems-cli with --format @format, which must succeed, and returns what it printed. */
static char *
output_ofv (Fixture    *f,
            const char *format,
            const char *first,
            va_list     args)
{
  const char *a[28] = { NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint n = 0;
  int status;

  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (a));
      a[n++] = arg;
    }

  status = psems_test_run_cli (&out, &err, "--db", f->db, "--format", format, a[0], a[1], a[2],
                               a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12],
                               a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21],
                               a[22], a[23], a[24], a[25], a[26], a[27], NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&out);
}

static char *
output_of (Fixture    *f,
           const char *format,
           const char *first,
           ...)
{
  va_list args;
  char *out;

  va_start (args, first);
  out = output_ofv (f, format, first, args);
  va_end (args);
  return out;
}

/* psems-cli --format json …, which must succeed, parsed. */
static JsonNode *
json_of (Fixture    *f,
         const char *first,
         ...)
{
  g_autofree char *out = NULL;
  va_list args;

  va_start (args, first);
  out = output_ofv (f, "json", first, args);
  va_end (args);
  return psems_test_parse_json (out);
}

#define JSON(...) json_of (f, __VA_ARGS__, NULL)

/* A command that must fail with @expected_status, writing nothing, its message naming @says. */
static void
assert_fails (Fixture    *f,
              int         expected_status,
              const char *says,
              const char *first,
              ...)
{
  const char *a[22] = { NULL };
  g_autofree char *err = NULL;
  va_list args;
  guint n = 0;
  gint64 audit = count (f, "SELECT count(*) FROM audit_trail");
  gint64 dos = count (f, "SELECT count(*) FROM declaration_of_security");
  gint64 evidence = count (f, "SELECT count(*) FROM evidence");
  gint64 links = count (f, "SELECT (SELECT count(*) FROM dos_evidence) + (SELECT count(*) FROM"
                           " plan_evidence) + (SELECT count(*) FROM completion_evidence)");
  int status;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (a));
      a[n++] = arg;
    }
  va_end (args);

  status = psems_test_run_cli (NULL, &err, "--db", f->db, a[0], a[1], a[2], a[3], a[4], a[5], a[6],
                               a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16],
                               a[17], a[18], a[19], a[20], a[21], NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, expected_status);
  if (strstr (err, says) == NULL)
    g_error ("“%s” does not say “%s”", err, says);
  g_assert_true (g_str_has_prefix (err, "psems-cli "));
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail"), ==, audit);
  g_assert_cmpint (count (f, "SELECT count(*) FROM declaration_of_security"), ==, dos);
  g_assert_cmpint (count (f, "SELECT count(*) FROM evidence"), ==, evidence);
  g_assert_cmpint (count (f, "SELECT (SELECT count(*) FROM dos_evidence) + (SELECT count(*) FROM"
                             " plan_evidence) + (SELECT count(*) FROM completion_evidence)"), ==,
                   links);
}

#define FAILS(status, says, ...) assert_fails (f, status, says, __VA_ARGS__, NULL)

static char *
write_file (Fixture    *f,
            const char *name,
            const char *data,
            gsize       length)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, (gssize) length, NULL));
  return path;
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* ─────────────────────────── help and usage ─────────────────────────── */

static void
test_help_and_usage (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const dos_verbs[] = { "list", "show", "add", NULL };
  static const char * const evidence_verbs[] = { "add", "list", "get", NULL };
  static const PsemsTestCliCase cases[] = {
    { { "dos", "add", "--ship", "X", "--imo", "9074729", "--from", "2026-03-01", "--until",
        "2026-03-02" }, "--facility" },
    { { "dos", "add", "--facility", "NHV-CT", "--imo", "9074729", "--from", "2026-03-01",
        "--until", "2026-03-02" }, "--ship" },
    { { "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--from", "2026-03-01", "--until",
        "2026-03-02" }, "--imo" },
    { { "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo", "9074729", "--until",
        "2026-03-02" }, "--from" },
    { { "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo", "9074729", "--from",
        "2026-03-01" }, "--until" },
    { { "dos", "list", "--active-on", "2026-02-30" }, "--active-on" },
    { { "dos", "list", "--from", "2026-03-02", "--until", "2026-03-01" }, "--until" },
    { { "dos", "list", "extra" }, "extra" },
    { { "dos", "show" }, "DOS-YYYY-NNNN" },
    { { "dos", "show", "DOS-2026-0001", "more" }, "more" },
    { { "dos", "list", "--colour" }, "--colour" },
    { { "evidence", "add", "--to", "dos:DOS-2026-0001" }, "which file" },
    { { "evidence", "add", "/etc/hostname" }, "--to" },
    { { "evidence", "add", "/etc/hostname", "--to", "DOS-2026-0001" }, "KIND:REF" },
    { { "evidence", "add", "/etc/hostname", "--to", "ship:DOS-2026-0001" },
      "completion, plan, dos" },
    { { "evidence", "add", "/etc/hostname", "--to", "dos:" }, "KIND:REF" },
    { { "evidence", "list", "--for", "vessel:1" }, "--for" },
    { { "evidence", "get", "EVD-2026-0001" }, "--out" },
    { { "evidence", "get", "--out", "x.pdf" }, "EVD-YYYY-NNNN" },
  };

  psems_test_check_cli_help (f->db, "dos", dos_verbs);
  psems_test_check_cli_help (f->db, "evidence", evidence_verbs);
  psems_test_check_cli_usage_errors (f->db, cases, G_N_ELEMENTS (cases));

  /* Days and --level are checked before anything is opened. */
  FAILS (2, "--from", "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo", "9074729",
         "--from", "1 March 2026", "--until", "2026-03-02", "--level", "1");
  FAILS (2, "--signed-on", "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo", "9074729",
         "--from", "2026-03-01", "--until", "2026-03-02", "--level", "1", "--signed-on",
         "2026-3-1");
  FAILS (2, "--level", "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo", "9074729",
         "--from", "2026-03-01", "--until", "2026-03-02", "--level", "two");
  FAILS (2, "--level", "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo", "9074729",
         "--from", "2026-03-01", "--until", "2026-03-02");
}

/* ─────────────────────────── declarations ─────────────────────────── */

static void
test_dos (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *scan = write_file (f, "signed-dos.pdf", "%PDF-1.4\nsigned\n", 16);
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) active = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *err = NULL;
  JsonObject *record;
  JsonArray *evidence;
  JsonArray *list;
  const char *ref;
  gint64 n_dos = count (f, "SELECT count(*) FROM declaration_of_security");
  int status;

  /* Text: one confirming line naming the reference. */
  status = RUN (&text, &err, "dos", "add", "--facility", "nhv-ct", "--ship", "Nordic Star", "--imo",
                "IMO 9074729", "--from", "2026-03-01", "--until", "2026-03-03", "--level", "2");
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (text, "DOS-"));
  g_assert_nonnull (strstr (text, "created"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM declaration_of_security"), ==, n_dos + 1);

  /* JSON: the record, its evidence kept with it. */
  added = JSON ("dos", "add", "--facility", "FAC-2023-0001", "--ship", "Baltic Dawn", "--imo",
                "9176187", "--from", "2026-04-10", "--until", "2026-04-12", "--level", "3",
                "--reason", "Ship at level 3", "--responsibilities",
                "Gangway: ship; berth: facility", "--ship-signatory", "Capt. Lind",
                "--facility-signatory", "Maria Vos", "--signed-on", "2026-04-09", "--evidence",
                scan);
  record = json_node_get_object (added);
  ref = json_object_get_string_member (record, "ref");
  g_assert_true (g_str_has_prefix (ref, "DOS-"));
  g_assert_cmpstr (json_object_get_string_member (record, "facility"), ==, "NHV-CT");
  g_assert_cmpstr (json_object_get_string_member (record, "ship_imo"), ==, "9176187");
  g_assert_cmpint (json_object_get_int_member (record, "security_level"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (record, "signed_on"), ==, "2026-04-09");
  g_assert_cmpstr (json_object_get_string_member (record, "ship_signatory"), ==, "Capt. Lind");
  evidence = json_object_get_array_member (record, "evidence");
  g_assert_cmpuint (json_array_get_length (evidence), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (evidence, 0),
                                                  "file_name"), ==, "signed-dos.pdf");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (evidence, 0),
                                                  "media_type"), ==, "application/pdf");

  /* show prints the same record. */
  shown = JSON ("dos", "show", ref);
  g_assert_true (json_node_equal (shown, added));
  {
    g_autofree char *show_text = NULL;

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (RUN (&show_text, &err, "dos", "show", ref), ==, 0);
    g_assert_nonnull (strstr (show_text, "Baltic Dawn"));
    g_assert_nonnull (strstr (show_text, "Evidence"));
    g_assert_nonnull (strstr (show_text, "signed-dos.pdf"));
  }

  /* list: every declaration active on the day holds it, and ours is among them. */
  active = JSON ("dos", "list", "--facility", "NHV-CT", "--active-on", "2026-04-12");
  list = json_node_get_array (active);
  g_assert_cmpuint (json_array_get_length (list), >=, 1);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *item = json_array_get_object_element (list, i);

        g_assert_cmpstr (json_object_get_string_member (item, "facility"), ==, "NHV-CT");
        g_assert_cmpstr (json_object_get_string_member (item, "valid_from"), <=, "2026-04-12");
        g_assert_cmpstr (json_object_get_string_member (item, "valid_until"), >=, "2026-04-12");
        found |= g_strcmp0 (json_object_get_string_member (item, "ref"), ref) == 0;
      }
    g_assert_true (found);
  }
  g_clear_pointer (&active, json_node_unref);
  active = JSON ("dos", "list", "--active-on", "2026-04-13");
  list = json_node_get_array (active);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i), "ref"),
                     !=, ref);
  all = JSON ("dos", "list");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, n_dos + 2);

  csv = output_of (f, "csv", "dos", "list", "--facility", "NHV-CT", NULL);
  g_assert_true (g_str_has_prefix (csv, "ref,facility,ship_name,ship_imo,security_level,valid_from,"
                                        "valid_until,signed_on"));
  g_assert_nonnull (strstr (csv, "Baltic Dawn"));

  /* Data errors: exit 1, named, nothing written. */
  FAILS (1, "ship_imo", "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo", "9074728",
         "--from", "2026-03-01", "--until", "2026-03-02", "--level", "1");
  FAILS (1, "security_level", "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo",
         "9074729", "--from", "2026-03-01", "--until", "2026-03-02", "--level", "4");
  FAILS (1, "valid_until", "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo", "9074729",
         "--from", "2026-03-02", "--until", "2026-03-01", "--level", "1");
  FAILS (1, "ship_signatory", "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo",
         "9074729", "--from", "2026-03-01", "--until", "2026-03-02", "--level", "1", "--signed-on",
         "2026-03-01");
  FAILS (1, "NOPE", "dos", "add", "--facility", "NOPE", "--ship", "X", "--imo", "9074729",
         "--from", "2026-03-01", "--until", "2026-03-02", "--level", "1");
  FAILS (1, "missing.pdf", "dos", "add", "--facility", "NHV-CT", "--ship", "X", "--imo",
         "9074729", "--from", "2026-03-01", "--until", "2026-03-02", "--level", "1",
         "--evidence", scan, "--evidence", "missing.pdf");
  FAILS (1, "DOS-2020-0001", "dos", "show", "DOS-2020-0001");
  FAILS (1, "NOPE", "dos", "list", "--facility", "NOPE");

  /* The audit chain still verifies after the writes. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "db", "verify"), ==, 0);
}

/* ─────────────────────────── evidence ─────────────────────────── */

static void
test_evidence (Fixture       *f,
               gconstpointer  data)
{
  static const char content[] = "%PDF-1.4\n\x00\x01\x02\xff binary drill sheet \x00 end\n";
  g_autofree char *path = write_file (f, "drill sheet.pdf", content, sizeof content - 1);
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                         (const guchar *) content,
                                                         sizeof content - 1);
  g_autofree char *out = g_build_filename (f->dir, "copy.pdf", NULL);
  g_autofree char *to = NULL;
  g_autofree char *plan_to = NULL;
  g_autofree char *link = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonNode) dos_list = NULL;
  g_autoptr(JsonNode) plans = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(GBytes) written = NULL;
  JsonObject *record;
  const char *dos_ref;
  const char *plan_ref;
  const char *ref;
  gint64 n_evidence = count (f, "SELECT count(*) FROM evidence");

  dos_list = JSON ("dos", "list", "--facility", "NHV-CT");
  dos_ref = json_object_get_string_member (
    json_array_get_object_element (json_node_get_array (dos_list), 0), "ref");
  to = g_strdup_printf ("dos:%s", dos_ref);
  plans = JSON ("plan", "list");
  plan_ref = json_object_get_string_member (
    json_array_get_object_element (json_node_get_array (plans), 0), "ref");
  plan_to = g_strdup_printf ("PLAN:%s", plan_ref);

  /* add: the record, its SHA-256 that of the file. */
  added = JSON ("evidence", "add", path, "--to", to, "--description", "Drill sheet");
  record = json_node_get_object (added);
  ref = json_object_get_string_member (record, "ref");
  g_assert_true (g_str_has_prefix (ref, "EVD-"));
  g_assert_cmpstr (json_object_get_string_member (record, "file_name"), ==, "drill sheet.pdf");
  g_assert_cmpstr (json_object_get_string_member (record, "sha256"), ==, sha256);
  g_assert_cmpint (json_object_get_int_member (record, "size"), ==, sizeof content - 1);
  g_assert_cmpstr (json_object_get_string_member (record, "description"), ==, "Drill sheet");
  g_assert_true (array_has_string (json_object_get_array_member (record, "attached_to"), to));
  g_assert_cmpint (count (f, "SELECT count(*) FROM evidence"), ==, n_evidence + 1);

  /* The same content for a plan: the same evidence, a second link; text names both. */
  g_assert_cmpint (RUN (&text, &err, "evidence", "add", path, "--to", plan_to), ==, 0);
  g_assert_true (g_str_has_prefix (text, ref));
  g_assert_nonnull (strstr (text, "already kept"));
  g_assert_nonnull (strstr (text, plan_ref));
  g_assert_cmpint (count (f, "SELECT count(*) FROM evidence"), ==, n_evidence + 1);
  again = JSON ("evidence", "list", "--for", plan_to);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (again)), >=, 1);
  link = g_strdup_printf ("plan:%s", plan_ref);
  {
    gboolean found = FALSE;
    JsonArray *items = json_node_get_array (again);

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *item = json_array_get_object_element (items, i);

        g_assert_true (array_has_string (json_object_get_array_member (item, "attached_to"), link));
        if (g_strcmp0 (json_object_get_string_member (item, "ref"), ref) == 0)
          {
            found = TRUE;
            g_assert_true (array_has_string (json_object_get_array_member (item, "attached_to"),
                                             to));
          }
      }
    g_assert_true (found);
  }
  listed = JSON ("evidence", "list");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, n_evidence + 1);
  csv = output_of (f, "csv", "evidence", "list", "--for", to, NULL);
  g_assert_true (g_str_has_prefix (csv, "ref,file_name,media_type,size,added_on,attached_to\r\n"));
  g_assert_nonnull (strstr (csv, ref));

  /* One record of every kind the demo attaches evidence to (completions, plans,
   * declarations, findings, incidents) takes ours too. */
  {
    g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    JsonArray *items = json_node_get_array (listed);

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonArray *links = json_object_get_array_member (json_array_get_object_element (items, i),
                                                         "attached_to");

        for (guint j = 0; j < json_array_get_length (links); j++)
          {
            const char *target = json_array_get_string_element (links, j);
            g_autofree char *kind = g_strndup (target, strcspn (target, ":"));
            g_autoptr(JsonNode) linked = NULL;
            JsonObject *object;

            if (g_hash_table_contains (done, kind))
              continue;
            linked = JSON ("evidence", "add", path, "--to", target);
            object = json_node_get_object (linked);
            g_assert_true (array_has_string (json_object_get_array_member (object, "attached_to"),
                                             target));
            g_hash_table_add (done, g_steal_pointer (&kind));
          }
      }
    g_assert_true (g_hash_table_contains (done, "completion"));
    g_assert_true (g_hash_table_contains (done, "plan"));
    g_assert_cmpint (count (f, "SELECT count(*) FROM evidence"), ==, n_evidence + 1);
  }

  /* get: byte for byte; an existing file only with --force. */
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (&text, &err, "evidence", "get", ref, "--out", out), ==, 0);
  g_assert_nonnull (strstr (text, sha256));
  written = psems_test_read_file (out);
  g_assert_cmpuint (g_bytes_get_size (written), ==, sizeof content - 1);
  g_assert_cmpint (memcmp (g_bytes_get_data (written, NULL), content, sizeof content - 1), ==, 0);

  g_assert_true (g_file_set_contents (out, "mine", -1, NULL));
  FAILS (1, "--force", "evidence", "get", ref, "--out", out);
  g_clear_pointer (&written, g_bytes_unref);
  written = psems_test_read_file (out);
  g_assert_cmpuint (g_bytes_get_size (written), ==, 4);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (RUN (NULL, &err, "evidence", "get", ref, "--out", out, "--force"), ==, 0);
  g_clear_pointer (&written, g_bytes_unref);
  written = psems_test_read_file (out);
  g_assert_cmpuint (g_bytes_get_size (written), ==, sizeof content - 1);

  /* Data errors: exit 1, named, nothing written. */
  FAILS (1, "DOS-2099-0001", "evidence", "add", path, "--to", "dos:DOS-2099-0001");
  FAILS (1, "FND-2099-0001", "evidence", "add", path, "--to", "finding:FND-2099-0001");
  FAILS (1, "does not exist", "evidence", "add", "no-such-file.pdf", "--to", to);
  FAILS (1, "folder", "evidence", "add", f->dir, "--to", to);
  FAILS (1, "EVD-2099-0001", "evidence", "get", "EVD-2099-0001", "--out", "x.pdf");
  FAILS (1, "answer", "evidence", "add", path, "--to", "answer:424242");
  FAILS (1, "DOS-2099-0001", "evidence", "list", "--for", "dos:DOS-2099-0001");

  /* A blob changed behind PSeMS's back is refused on the way out, naming it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsemsStore) store = psems_store_open (f->db, PSEMS_STORE_OPEN_DEFAULT, &error);
    g_autofree char *sql = g_strdup_printf ("UPDATE evidence SET content = zeroblob(size)"
                                            " WHERE ref = '%s'", ref);
    g_autofree char *fresh = g_build_filename (f->dir, "fresh.pdf", NULL);

    g_assert_no_error (error);
    psems_test_exec (store, sql);
    g_clear_object (&store);
    FAILS (1, ref, "evidence", "get", ref, "--out", fresh);
    FAILS (1, "SHA-256", "evidence", "get", ref, "--out", fresh);
    g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-records/help-and-usage", test_help_and_usage);
  ADD ("/cli-records/dos", test_dos);
  ADD ("/cli-records/evidence", test_evidence);
#undef ADD

  return g_test_run ();
}
