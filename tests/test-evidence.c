/* test-evidence.c — evidence files: add, attach, list, read back byte for byte, one blob for one content, refusals, corruption. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "psems-test-util.h"

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility_id;
} Fixture;

/* A PDF's first bytes, then every byte value: the content has NULs and is not text. */
static GBytes *
sample_content (guint seed)
{
  GByteArray *bytes = g_byte_array_new ();
  const char header[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";

  g_byte_array_append (bytes, (const guint8 *) header, sizeof header - 1);
  for (guint i = 0; i < 3000; i++)
    {
      guint8 b = (guint8) ((i * 31 + seed) & 0xff);

      g_byte_array_append (bytes, &b, 1);
    }
  return g_byte_array_free_to_bytes (bytes);
}

static char *
write_file (Fixture    *f,
            const char *name,
            GBytes     *content)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  gsize length;
  gconstpointer data = g_bytes_get_data (content, &length);

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PsemsFacility) facility = psems_facility_new ();
  g_autoptr(GError) error = NULL;

  f->dir = psems_test_make_dir ();
  f->store = psems_test_new_store (f->dir, "evidence.db");
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  facility->code = g_strdup ("ECT");
  facility->name = g_strdup ("Eastern Container Terminal");
  facility->kind = g_strdup ("container-terminal");
  f->facility_id = psems_facility_create (f->store, f->actor, facility, 1, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->actor, psems_actor_unref);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
make_dos (Fixture    *f,
          const char *ship,
          char      **ref)
{
  g_autoptr(PsemsDos) dos = psems_dos_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  dos->facility_id = f->facility_id;
  dos->ship_name = g_strdup (ship);
  dos->ship_imo = g_strdup ("9074729");
  dos->security_level = 2;
  dos->valid_from = g_strdup ("2026-03-01");
  dos->valid_until = g_strdup ("2026-03-02");
  id = psems_dos_create (f->store, f->actor, dos, ref, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return psems_test_count (f->store, "%s", sql);
}

static gboolean
strv_has (GStrv       values,
          const char *value)
{
  return values != NULL && g_strv_contains ((const char * const *) values, value);
}

/* ───────────────────────────── round trip ───────────────────────────── */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) content = sample_content (1);
  g_autofree char *path = write_file (f, "drill-sheet.pdf", content);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  g_autofree char *ref = NULL;
  g_autofree char *expected_ref = NULL;
  g_autofree char *dos_ref = NULL;
  g_autofree char *out = g_build_filename (f->dir, "copy.pdf", NULL);
  g_autofree char *dos_link = NULL;
  g_autoptr(PsemsEvidence) evidence = NULL;
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean reused = TRUE;
  gint64 dos_id = make_dos (f, "Nordic Star", &dos_ref);
  gint64 audit = count (f, "SELECT count(*) FROM audit_trail");
  gint64 id;

  id = psems_evidence_add_to (f->store, f->actor, path, "  Drill sheet, signed  ", "dos", dos_id,
                              &ref, &reused, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_false (reused);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    expected_ref = g_strdup_printf ("EVD-%d-0001", g_date_time_get_year (now));
  }
  g_assert_cmpstr (ref, ==, expected_ref);
  g_assert_cmpint (psems_evidence_resolve (f->store, ref, &error), ==, id);
  g_assert_no_error (error);
  /* One entry for the file, one for the link. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail"), ==, audit + 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail WHERE entity = 'evidence'"
                             " AND action = 'attach' AND after LIKE '%\"kind\":\"dos\"%'"), ==, 1);

  evidence = psems_evidence_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (evidence->ref, ==, ref);
  g_assert_cmpstr (evidence->file_name, ==, "drill-sheet.pdf");
  g_assert_cmpstr (evidence->media_type, ==, "application/pdf");
  g_assert_cmpint (evidence->size, ==, g_bytes_get_size (content));
  g_assert_cmpstr (evidence->sha256, ==, sha256);
  g_assert_cmpstr (evidence->description, ==, "Drill sheet, signed");
  g_assert_cmpstr (evidence->added_by, ==, "Ana Ruiz");
  g_assert_nonnull (evidence->added_on);
  dos_link = g_strdup_printf ("dos:%s", dos_ref);
  g_assert_true (strv_has (evidence->attached_to, dos_link));
  g_assert_cmpuint (g_strv_length (evidence->attached_to), ==, 1);

  /* The audit image keeps the content's hash, never the content. */
  g_assert_cmpint (psems_test_count (f->store,
                                     "SELECT count(*) FROM audit_trail WHERE entity = 'evidence'"
                                     " AND action = 'create' AND instr(after, '%s') > 0"
                                     " AND length(after) < 2000", sha256), ==, 1);

  read_back = psems_evidence_get_content (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read_back, content));

  g_assert_true (psems_evidence_save_to (f->store, id, out, FALSE, &error));
  g_assert_no_error (error);
  written = psems_test_read_file (out);
  g_assert_true (g_bytes_equal (written, content));
  {
    g_autofree char *written_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, written);

    g_assert_cmpstr (written_sha, ==, sha256);
  }

  /* An existing file is replaced only when asked. */
  g_assert_true (g_file_set_contents (out, "keep me", -1, NULL));
  g_assert_false (psems_evidence_save_to (f->store, id, out, FALSE, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "copy.pdf"));
  g_clear_error (&error);
  g_clear_pointer (&written, g_bytes_unref);
  written = psems_test_read_file (out);
  g_assert_cmpuint (g_bytes_get_size (written), ==, 7);
  g_assert_true (psems_evidence_save_to (f->store, id, out, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&written, g_bytes_unref);
  written = psems_test_read_file (out);
  g_assert_true (g_bytes_equal (written, content));
  /* Not into a folder. */
  g_assert_false (psems_evidence_save_to (f->store, id, f->dir, TRUE, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);

  /* Lists: all, for the declaration, for a record without evidence. */
  list = psems_evidence_list (f->store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_evidence_list (f->store, "dos", dos_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((PsemsEvidence *) g_ptr_array_index (list, 0))->ref, ==, ref);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = psems_evidence_list (f->store, "dos", dos_id + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_null (psems_evidence_list (f->store, "ship", 1, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "ship"));
  g_clear_error (&error);

  g_assert_true (psems_audit_verify (f->store, NULL, &error));
  g_assert_no_error (error);
}

static void
test_media_types (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { const char *name, *content, *type; } cases[] = {
    { "notes.txt", "Drill held at gate 3.\n", "text/plain" },
    { "photo.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image/png" },
    { "letter.pdf", "%PDF-1.7\n", "application/pdf" },
    { "blob.unknownext", "\x01\x02\x03\xff\xfe", "application/octet-stream" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) content = g_bytes_new (cases[i].content, strlen (cases[i].content) +
                                               (g_str_has_suffix (cases[i].name, ".png") ? 8 : 0));
      g_autofree char *path = write_file (f, cases[i].name, content);
      g_autoptr(PsemsEvidence) evidence = NULL;
      g_autoptr(GError) error = NULL;
      gint64 id = psems_evidence_add (f->store, f->actor, path, NULL, NULL, NULL, &error);

      g_assert_no_error (error);
      evidence = psems_evidence_get (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (evidence->file_name, ==, cases[i].name);
      g_assert_cmpstr (evidence->media_type, ==, cases[i].type);
      g_assert_null (evidence->description);
      g_assert_cmpuint (g_strv_length (evidence->attached_to), ==, 0);
    }
}

/* ───────────────────────────── one content, one blob ───────────────────────────── */

static void
test_dedup (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) content = sample_content (2);
  g_autofree char *first = write_file (f, "approval.pdf", content);
  g_autofree char *second = write_file (f, "approval-copy.pdf", content);
  g_autofree char *ref1 = NULL;
  g_autofree char *ref2 = NULL;
  g_autofree char *dos1 = NULL;
  g_autofree char *dos2 = NULL;
  g_autoptr(PsemsEvidence) evidence = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 dos1_id = make_dos (f, "Nordic Star", &dos1);
  gint64 dos2_id = make_dos (f, "Baltic Dawn", &dos2);
  gboolean reused = TRUE;
  gint64 id1, id2, audit;

  id1 = psems_evidence_add_to (f->store, f->actor, first, "Approval letter", "dos", dos1_id, &ref1,
                               &reused, &error);
  g_assert_no_error (error);
  g_assert_false (reused);

  /* The same bytes again, under another name, for another record: one blob, two links. */
  audit = count (f, "SELECT count(*) FROM audit_trail");
  id2 = psems_evidence_add_to (f->store, f->actor, second, "Copy", "dos", dos2_id, &ref2, &reused,
                               &error);
  g_assert_no_error (error);
  g_assert_true (reused);
  g_assert_cmpint (id2, ==, id1);
  g_assert_cmpstr (ref2, ==, ref1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM evidence"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM dos_evidence"), ==, 2);
  /* Only the link is new. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail"), ==, audit + 1);

  evidence = psems_evidence_get (f->store, id1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (evidence->file_name, ==, "approval.pdf");     /* as first given */
  g_assert_cmpstr (evidence->description, ==, "Approval letter");
  g_assert_cmpuint (g_strv_length (evidence->attached_to), ==, 2);

  list = psems_evidence_list (f->store, "dos", dos2_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);

  /* Adding it unattached and attaching it again write nothing. */
  audit = count (f, "SELECT count(*) FROM audit_trail");
  g_assert_cmpint (psems_evidence_add (f->store, f->actor, second, NULL, NULL, &reused, &error), ==,
                   id1);
  g_assert_true (reused);
  g_assert_true (psems_evidence_attach (f->store, f->actor, id1, "dos", dos1_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail"), ==, audit);
  g_assert_cmpint (count (f, "SELECT count(*) FROM dos_evidence"), ==, 2);

  /* Different content is different evidence. */
  {
    g_autoptr(GBytes) other = sample_content (3);
    g_autofree char *path = write_file (f, "approval.pdf", other);
    gint64 id3 = psems_evidence_add (f->store, f->actor, path, NULL, NULL, &reused, &error);

    g_assert_no_error (error);
    g_assert_false (reused);
    g_assert_cmpint (id3, !=, id1);
  }
}

/* ───────────────────────────── attaching ───────────────────────────── */

static void
test_attach (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) content = sample_content (4);
  g_autofree char *path = write_file (f, "letter.pdf", content);
  g_autofree char *plan_ref = NULL;
  g_autofree char *link = NULL;
  g_autoptr(PsemsEvidence) evidence = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 dos_id = make_dos (f, "Nordic Star", NULL);
  gint64 plan_id, id;

  plan_id = psems_plan_new_version (f->store, f->actor, f->facility_id, NULL, NULL, &plan_ref,
                                    &error);
  g_assert_no_error (error);
  id = psems_evidence_add (f->store, f->actor, path, "Approval letter", NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (psems_evidence_attach (f->store, f->actor, id, "plan", plan_id, &error));
  g_assert_no_error (error);
  g_assert_true (psems_evidence_attach (f->store, f->actor, id, "DOS", dos_id, &error));
  g_assert_no_error (error);
  evidence = psems_evidence_get (f->store, id, &error);
  g_assert_no_error (error);
  link = g_strdup_printf ("plan:%s", plan_ref);
  g_assert_true (strv_has (evidence->attached_to, link));
  g_assert_cmpuint (g_strv_length (evidence->attached_to), ==, 2);
  list = psems_evidence_list (f->store, "plan", plan_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);

  /* Records resolve by kind and reference. */
  g_assert_cmpint (psems_evidence_resolve_record (f->store, "plan", plan_ref, &error), ==, plan_id);
  g_assert_no_error (error);
  g_assert_cmpint (psems_evidence_resolve_record (f->store, "dos", plan_ref, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (psems_evidence_resolve_record (f->store, "answer", "12", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (psems_evidence_resolve_record (f->store, "answer", "twelve", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (psems_evidence_resolve_record (f->store, "vessel", "X", &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "completion, plan, dos, finding, incident, answer"));
}

/* A failed attach or add leaves the database as it was, row for row. */
static void
test_failed_attach_leaves_nothing (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GBytes) content = sample_content (5);
  g_autofree char *path = write_file (f, "sheet.pdf", content);
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  gint64 dos_id = make_dos (f, "Nordic Star", NULL);
  gint64 id = psems_evidence_add (f->store, f->actor, path, NULL, NULL, NULL, &error);
  static const char * const kinds[] = {
    "completion", "plan", "dos", "finding", "incident", "answer"
  };
  gint64 n_evidence, n_links, n_audit;

  g_assert_no_error (error);
  before = psems_test_dump_database (f->store);
  n_evidence = count (f, "SELECT count(*) FROM evidence");
  n_links = count (f, "SELECT count(*) FROM dos_evidence");
  n_audit = count (f, "SELECT count(*) FROM audit_trail");

  /* Unknown records of every kind. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_false (psems_evidence_attach (f->store, f->actor, id, kinds[i], 999, &error));
      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, kinds[i]));
      g_clear_error (&error);
    }
  /* Unknown evidence, unknown kind. */
  g_assert_false (psems_evidence_attach (f->store, f->actor, id + 50, "dos", dos_id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (psems_evidence_attach (f->store, f->actor, id, "ship", dos_id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);

  /* Add-and-attach to a record that is not there: not even the file is kept. */
  {
    g_autoptr(GBytes) other = sample_content (6);
    g_autofree char *other_path = write_file (f, "other.pdf", other);

    g_assert_cmpint (psems_evidence_add_to (f->store, f->actor, other_path, NULL, "dos", dos_id + 7,
                                            NULL, NULL, &error), ==, 0);
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  /* A deleted record takes no evidence. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE declaration_of_security SET deleted_at ="
                                            " '2026-03-05T10:00:00Z' WHERE id = %lld",
                                            (long long) dos_id);

    psems_test_exec (f->store, sql);
    g_assert_false (psems_evidence_attach (f->store, f->actor, id, "dos", dos_id, &error));
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "DOS-"));
    g_clear_error (&error);
    psems_test_exec (f->store, "UPDATE declaration_of_security SET deleted_at = NULL");
  }

  g_assert_cmpint (count (f, "SELECT count(*) FROM evidence"), ==, n_evidence);
  g_assert_cmpint (count (f, "SELECT count(*) FROM dos_evidence"), ==, n_links);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_trail"), ==, n_audit);
  {
    g_autofree char *after = psems_test_dump_database (f->store);

    g_assert_cmpstr (before, ==, after);
  }
}

/* ───────────────────────────── refusals ───────────────────────────── */

static void
assert_add_refused (Fixture    *f,
                    const char *path,
                    int         code,
                    const char *names)
{
  g_autofree char *before = psems_test_dump_database (f->store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (psems_evidence_add (f->store, f->actor, path, NULL, NULL, NULL, &error), ==, 0);
  g_assert_error (error, PSEMS_ERROR, code);
  if (names != NULL && strstr (error->message, names) == NULL)
    g_error ("“%s” does not name “%s”", error->message, names);
  after = psems_test_dump_database (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.pdf", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "scans", NULL);
  g_autofree char *empty = NULL;
  g_autofree char *large = g_build_filename (f->dir, "video.mp4", NULL);
  g_autoptr(GBytes) nothing = g_bytes_new (NULL, 0);

  assert_add_refused (f, NULL, PSEMS_ERROR_INVALID, NULL);
  assert_add_refused (f, "", PSEMS_ERROR_INVALID, NULL);
  assert_add_refused (f, missing, PSEMS_ERROR_NOT_FOUND, "missing.pdf");
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  assert_add_refused (f, folder, PSEMS_ERROR_INVALID, "scans");
  empty = write_file (f, "empty.pdf", nothing);
  assert_add_refused (f, empty, PSEMS_ERROR_INVALID, "empty.pdf");

  /* One byte over the limit, as a sparse file: refused before it is read. */
  {
    FILE *file = fopen (large, "wb");

    g_assert_nonnull (file);
    g_assert_cmpint (fseek (file, PSEMS_EVIDENCE_MAX_SIZE, SEEK_SET), ==, 0);
    g_assert_cmpint (fputc ('x', file), ==, 'x');
    fclose (file);
  }
  assert_add_refused (f, large, PSEMS_ERROR_INVALID, "video.mp4");
  /* Exactly the limit is accepted. */
  g_assert_cmpint (truncate (large, PSEMS_EVIDENCE_MAX_SIZE), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsemsEvidence) evidence = NULL;
    gint64 id = psems_evidence_add (f->store, f->actor, large, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    evidence = psems_evidence_get (f->store, id, &error);
    g_assert_cmpint (evidence->size, ==, PSEMS_EVIDENCE_MAX_SIZE);
  }

  /* Unreadable (not testable as root, who reads anything). */
  if (geteuid () != 0)
    {
      g_autoptr(GBytes) content = sample_content (7);
      g_autofree char *secret = write_file (f, "secret.pdf", content);

      g_assert_cmpint (g_chmod (secret, 0000), ==, 0);
      assert_add_refused (f, secret, PSEMS_ERROR_FAILED, "secret.pdf");
      g_chmod (secret, 0600);
    }
}

/* ───────────────────────────── corruption ───────────────────────────── */

static void
test_corruption (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) content = sample_content (8);
  g_autofree char *path = write_file (f, "drill.pdf", content);
  g_autofree char *out = g_build_filename (f->dir, "out.pdf", NULL);
  g_autofree char *ref = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = psems_evidence_add (f->store, f->actor, path, NULL, &ref, NULL, &error);

  g_assert_no_error (error);

  /* One byte changed behind PSeMS's back, the size unchanged. */
  sql = g_strdup_printf ("UPDATE evidence SET content = CAST(substr(content, 1, 100) || x'00' ||"
                         " substr(content, 102) AS BLOB) WHERE id = %lld", (long long) id);
  psems_test_exec (f->store, sql);
  g_assert_cmpint (psems_test_count (f->store, "SELECT length(content) = size FROM evidence"), ==,
                   1);

  g_assert_null (psems_evidence_get_content (f->store, id, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, ref));
  g_assert_nonnull (strstr (error->message, "drill.pdf"));
  g_clear_error (&error);

  /* Nothing is written from corrupt content. */
  g_assert_false (psems_evidence_save_to (f->store, id, out, FALSE, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The check is against the stored hash: one rewritten to match the new
   * bytes passes it (the audit trail's chain is what shows that forgery). */
  psems_test_exec (f->store, "UPDATE evidence SET content = zeroblob(size)");
  g_clear_pointer (&sql, g_free);
  {
    gsize size = g_bytes_get_size (content);
    g_autofree guint8 *zeros = g_malloc0 (size);
    g_autofree char *zero_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, zeros, size);
    g_autoptr(GBytes) read_back = NULL;

    g_assert_null (psems_evidence_get_content (f->store, id, &error));
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_CORRUPT);
    g_clear_error (&error);
    sql = g_strdup_printf ("UPDATE evidence SET sha256 = '%s'", zero_sha);
    psems_test_exec (f->store, sql);
    read_back = psems_evidence_get_content (f->store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (read_back), ==, size);
    g_assert_cmpint (memcmp (g_bytes_get_data (read_back, NULL), zeros, size), ==, 0);
  }

  g_assert_null (psems_evidence_get_content (f->store, id + 1, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/evidence/round-trip", test_round_trip);
  ADD ("/evidence/media-types", test_media_types);
  ADD ("/evidence/dedup", test_dedup);
  ADD ("/evidence/attach", test_attach);
  ADD ("/evidence/failed-attach-leaves-nothing", test_failed_attach_leaves_nothing);
  ADD ("/evidence/refusals", test_refusals);
  ADD ("/evidence/corruption", test_corruption);
#undef ADD

  return g_test_run ();
}
