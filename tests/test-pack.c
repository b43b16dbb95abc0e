/* test-pack.c — compliance packs: read back with qpdf, pdfinfo and pdftotext (names in four
 * scripts, every heading, the marking on every page, "Page N of N"), the checksum file, the
 * audit entry, "as of" answers, sections, refusals that leave no file behind. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "psems-pack.h"
#include "psems-test-util.h"

static char *template_dir;   /* a demo database made once, copied for each test */

typedef struct
{
  char *dir;
  char *pdf;
  PsemsStore *store;
  PsemsActor *actor;
  gint64 facility_id;
} Fixture;

static const char facility_name[] = "Terminal Åland–Ødegård";
static const char cyrillic_name[] = "Екатерина Смирнова";
static const char cjk_name[] = "王小明";
static const char arabic_given[] = "فاطمة";
static const char arabic_family[] = "الزهراء";

/* ───────────────────────────── tools ───────────────────────────── */

static int
run_tool (char       **out,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dropped = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) first);
  va_start (args, first);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  /* Output is always captured: inherited, it would corrupt the TAP stream. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                out != NULL ? out : &dropped, &err, &status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", first, err);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static char *
pdf_text (const char *pdf)
{
  char *out = NULL;

  g_assert_cmpint (run_tool (&out, "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-", NULL), ==,
                   0);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  return out;
}

/* The text in reading order with every run of white space made one space, for phrases a
 * narrow column may wrap. */
static char *
pdf_flat_text (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);

  g_assert_cmpint (run_tool (&out, "pdftotext", "-enc", "UTF-8", pdf, "-", NULL), ==, 0);
  return g_regex_replace_literal (space, out, -1, 0, " ", 0, NULL);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in the pack's text", needle);
}

static void
assert_lacks (const char *haystack,
              const char *needle)
{
  if (strstr (haystack, needle) != NULL)
    g_error ("“%s” found in the pack's text", needle);
}

/* ───────────────────────────── fixture ───────────────────────────── */

static void
make_template (void)
{
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "Demo Maker", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;

  template_dir = psems_test_make_dir ();
  store = psems_test_new_store (template_dir, "demo.db");
  psems_demo_options_init (&options);
  /* Enough for the facility's persons to be read by several workers. */
  options.persons = 3000;
  g_assert_true (psems_demo_generate (store, actor, &options, &error));
  g_assert_no_error (error);
}

static gint64
find_container_terminal (PsemsStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = psems_facility_list (store, FALSE, &error);

  g_assert_no_error (error);
  g_ptr_array_set_free_func (list, (GDestroyNotify) psems_facility_free);
  for (guint i = 0; i < list->len; i++)
    {
      const PsemsFacility *f = g_ptr_array_index (list, i);

      if (g_strcmp0 (f->kind, "container-terminal") == 0)
        return f->id;
    }
  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *from = g_build_filename (template_dir, "demo.db", NULL);
  g_autofree char *to = NULL;
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = psems_test_make_dir ();
  to = g_build_filename (f->dir, "pack.db", NULL);
  target = g_file_new_for_path (to);
  g_assert_true (g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  f->store = psems_store_open (to, PSEMS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->actor = psems_actor_new (0, "Ana Ruiz", PSEMS_ROLE_SECURITY_OFFICER);
  f->facility_id = find_container_terminal (f->store);
  f->pdf = g_build_filename (f->dir, "pack.pdf", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *sha = g_strconcat (f->pdf, ".sha256", NULL);

  g_clear_object (&f->store);
  g_clear_pointer (&f->actor, psems_actor_unref);
  g_unlink (f->pdf);
  g_unlink (sha);
  psems_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->pdf);
}

static gint64
count_audit (Fixture *f)
{
  return psems_test_count (f->store, "SELECT count(*) FROM audit_trail");
}

static void
rename_facility (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsemsFacility) facility = psems_facility_get (f->store, f->facility_id, &error);

  g_assert_no_error (error);
  g_free (facility->name);
  facility->name = g_strdup (facility_name);
  g_assert_true (psems_facility_update (f->store, f->actor, facility, &error));
  g_assert_no_error (error);
}

/* A cleared person with access to the facility's first restricted area. */
static void
add_person (Fixture    *f,
            const char *given,
            const char *family,
            const char *display)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) areas = psems_area_list (f->store, f->facility_id, FALSE, &error);
  g_autoptr(GPtrArray) levels = psems_vetting_level_list (f->store, &error);
  g_autoptr(PsemsPerson) person = psems_person_new ();
  g_autoptr(PsemsVetting) vetting = psems_vetting_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) issued = g_date_time_add_days (now, -300);
  g_autoptr(GDateTime) expires = g_date_time_add_days (now, 60);
  g_autofree char *ref = NULL;
  gint64 area_id;

  g_assert_no_error (error);
  g_assert_cmpuint (areas->len, >, 0);
  g_assert_cmpuint (levels->len, >, 0);
  area_id = ((PsemsArea *) g_ptr_array_index (areas, 0))->id;
  g_ptr_array_set_free_func (areas, (GDestroyNotify) psems_area_free);
  g_ptr_array_set_free_func (levels, (GDestroyNotify) psems_vetting_level_free);
  person->given_name = g_strdup (given);
  person->family_name = g_strdup (family);
  person->display_name = g_strdup (display);
  person->employer = g_strdup ("Nordhaven Stevedoring");
  vetting->level_id = ((PsemsVettingLevel *) g_ptr_array_index (levels, 0))->id;
  vetting->status = PSEMS_VETTING_CLEARED;
  vetting->requested_on = g_date_time_format (issued, "%Y-%m-%d");
  vetting->issued_on = g_date_time_format (issued, "%Y-%m-%d");
  vetting->expires_on = g_date_time_format (expires, "%Y-%m-%d");
  g_assert_cmpint (psems_person_create_full (f->store, f->actor, person, &area_id, 1, vetting, &ref,
                                             &error), >, 0);
  g_assert_no_error (error);
}

static void
add_scripts (Fixture *f)
{
  add_person (f, "Екатерина", "Смирнова", cyrillic_name);
  add_person (f, "小明", "王", cjk_name);
  add_person (f, arabic_given, arabic_family, NULL);
}

static PsemsPackOptions *
new_options (Fixture *f)
{
  PsemsPackOptions *options = psems_pack_options_new ();

  options->facility_id = f->facility_id;
  options->marking = g_strdup ("OFFICIAL-SENSITIVE");
  return options;
}

static void
export_ok (Fixture                *f,
           const PsemsPackOptions *options,
           PsemsPackResult        *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (psems_pack_export (f->store, f->actor, options, f->pdf, NULL, NULL, NULL, result,
                                    &error));
  g_assert_no_error (error);
}

/* Whether an Arabic name is in pdftotext's output: the joined presentation forms FriBidi gave it
 * are folded back to letters by NFKC. */
static gboolean
text_has_arabic (const char *text,
                 const char *name)
{
  g_autofree char *folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);

  /* Poppler reads the run back in logical order (it undoes the visual reordering), so after
   * NFKC the name reads as it was typed. */
  return strstr (folded, name) != NULL;
}

/* ───────────────────────────── tests ───────────────────────────── */

static void
test_full_pack (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PsemsPackOptions) options = new_options (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *sha_path = g_strconcat (f->pdf, ".sha256", NULL);
  g_autofree char *sha_text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *last_page = NULL;
  const char *pages_line;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *digest = NULL;
  g_auto(GStrv) pages = NULL;
  PsemsPackResult result = { 0 };
  gint64 before;
  guint n_pages;

  rename_facility (f);
  add_scripts (f);
  options->include_personnel = TRUE;
  before = count_audit (f);
  export_ok (f, options, &result);

  /* Exactly one audit entry, naming the file and its digest. */
  g_assert_cmpint (count_audit (f), ==, before + 1);
  g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE id = "
                                               "(SELECT max(id) FROM audit_trail) AND action = "
                                               "'export' AND entity = 'facility' AND entity_id = "
                                               "%lld AND instr(after, '%s') > 0 AND instr(after, "
                                               "'\"file\":\"pack.pdf\"') > 0",
                                     (long long) f->facility_id, result.sha256), ==, 1);
  g_assert_true (psems_audit_verify (f->store, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (run_tool (NULL, "qpdf", "--check", f->pdf, NULL), ==, 0);

  g_assert_cmpint (run_tool (&info, "pdfinfo", f->pdf, NULL), ==, 0);
  assert_contains (info, facility_name);
  pages_line = strstr (info, "\nPages:");
  g_assert_nonnull (pages_line);
  g_assert_cmpuint (g_ascii_strtoull (pages_line + strlen ("\nPages:"), NULL, 10), ==,
                    result.n_pages);
  g_assert_cmpuint (result.n_pages, >=, PSEMS_PACK_N_SECTIONS + 2);

  /* The checksum file is sha256sum's format and matches the file. */
  bytes = psems_test_read_file (f->pdf);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_assert_cmpstr (digest, ==, result.sha256);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, result.n_bytes);
  g_assert_cmpstr (result.sha256_path, ==, sha_path);
  g_assert_true (g_file_get_contents (sha_path, &sha_text, NULL, &error));
  expected = g_strdup_printf ("%s  pack.pdf\n", digest);
  g_assert_cmpstr (sha_text, ==, expected);
  g_assert_cmpuint (strlen (result.audit_head), ==, 64);
  g_assert_true (g_str_has_prefix (result.reference, "PACK-"));

  /* Names in reading order: a narrow column may wrap them in the layout. */
  flat = pdf_flat_text (f->pdf);
  assert_contains (flat, cyrillic_name);
  assert_contains (flat, cjk_name);
  g_assert_true (text_has_arabic (flat, arabic_given));
  g_assert_true (text_has_arabic (flat, arabic_family));
  {
    g_autofree char *arabic = g_strdup_printf ("%s %s", arabic_given, arabic_family);

    g_assert_true (text_has_arabic (flat, arabic));
  }

  text = pdf_text (f->pdf);
  assert_contains (text, facility_name);
  assert_contains (text, result.reference);
  {
    const char *h = result.audit_head;

    /* In four groups of 16, which may wrap between groups. */
    for (guint g = 0; g < 4; g++)
      {
        g_autofree char *group = g_strndup (h + 16 * g, 16);

        assert_contains (text, group);
      }
    g_assert_cmpint (psems_test_count (f->store, "SELECT count(*) FROM audit_trail WHERE hash = "
                                                 "'%s' AND id = (SELECT max(id) - 1 FROM "
                                                 "audit_trail)", h), ==, 1);
  }
  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    assert_contains (text, psems_pack_section_get_title (1u << i));
  assert_contains (text, "Contents");

  /* The marking on every page; the last page says it is the last. */
  pages = g_strsplit (text, "\f", -1);
  n_pages = g_strv_length (pages);
  if (n_pages > 0 && *g_strstrip (pages[n_pages - 1]) == '\0')
    n_pages--;
  g_assert_cmpuint (n_pages, ==, result.n_pages);
  for (guint i = 0; i < n_pages; i++)
    if (strstr (pages[i], "OFFICIAL-SENSITIVE") == NULL)
      g_error ("page %u has no marking", i + 1);
  last_page = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
  assert_contains (pages[n_pages - 1], last_page);
  psems_pack_result_clear (&result);
}

static void
test_without_names (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PsemsPackOptions) options = new_options (f);
  g_autofree char *text = NULL;
  PsemsPackResult result = { 0 };

  add_scripts (f);
  options->sections = PSEMS_PACK_PERSONNEL;
  export_ok (f, options, &result);
  text = pdf_flat_text (f->pdf);
  assert_lacks (text, cyrillic_name);
  assert_lacks (text, cjk_name);
  assert_lacks (text, "Named list");
  assert_contains (text, "Persons with access");
  assert_contains (text, "By vetting level and status");
  assert_contains (text, "Clearance expiring within 90 days");
  assert_contains (text, "Personal data: the named list of persons is left out");
  psems_pack_result_clear (&result);

  /* With the names: the list and who expires soon. */
  options->include_personnel = TRUE;
  export_ok (f, options, &result);
  g_clear_pointer (&text, g_free);
  text = pdf_flat_text (f->pdf);
  assert_contains (text, cyrillic_name);
  assert_contains (text, "Named list");
  psems_pack_result_clear (&result);
}

static void
test_sections (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PsemsPackOptions) options = new_options (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PsemsPackResult result = { 0 };
  guint sections = 0;

  g_assert_true (psems_pack_sections_parse ("plan, findings", &sections, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sections, ==, PSEMS_PACK_PLAN | PSEMS_PACK_FINDINGS);
  g_assert_true (psems_pack_sections_parse ("all", &sections, &error));
  g_assert_cmpuint (sections, ==, PSEMS_PACK_ALL_SECTIONS);
  g_assert_false (psems_pack_sections_parse ("plan,bogus", &sections, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bogus"));
  g_assert_nonnull (strstr (error->message, "signoff"));
  g_clear_error (&error);
  g_assert_false (psems_pack_sections_parse ("", &sections, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    {
      guint bits = 0;

      g_assert_true (psems_pack_sections_parse (psems_pack_section_to_string (1u << i), &bits,
                                                NULL));
      g_assert_cmpuint (bits, ==, 1u << i);
    }

  options->sections = PSEMS_PACK_PLAN | PSEMS_PACK_FINDINGS;
  export_ok (f, options, &result);
  text = pdf_text (f->pdf);
  for (guint i = 0; i < PSEMS_PACK_N_SECTIONS; i++)
    {
      const char *title = psems_pack_section_get_title (1u << i);

      if (options->sections & (1u << i))
        assert_contains (text, title);
      else
        assert_lacks (text, title);
    }
  psems_pack_result_clear (&result);
}

static char *
day_offset (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
test_as_of (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(PsemsPackOptions) options = new_options (f);
  g_autoptr(PsemsFinding) finding = psems_finding_new ();
  g_autoptr(PsemsScheduleItem) item = psems_schedule_item_new ();
  g_autoptr(PsemsCompletion) completion = psems_completion_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) open_now = NULL;
  g_autoptr(GRegex) open_then = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raised = day_offset (-40);
  g_autofree char *closed = day_offset (-2);
  g_autofree char *before = day_offset (-5);
  g_autofree char *anchor = day_offset (-120);
  g_autofree char *done = day_offset (-3);
  g_autofree char *ref = NULL;
  g_autofree char *item_ref = NULL;
  g_autofree char *line = NULL;
  PsemsPackResult result = { 0 };
  gint64 facility_id = psems_test_create_facility (f->store, f->actor, "ASOF-T", "Europe/Oslo");
  gint64 id;

  options->facility_id = facility_id;
  options->sections = PSEMS_PACK_FINDINGS | PSEMS_PACK_SCHEDULE;

  finding->facility_id = facility_id;
  finding->source = g_strdup ("manual");
  finding->severity = g_strdup ("major");
  finding->title = g_strdup ("Gate 4 fence breached");
  finding->raised_on = g_strdup (raised);
  id = psems_finding_create (f->store, f->actor, finding, NULL, &ref, &error);
  g_assert_no_error (error);
  g_assert_true (psems_finding_close (f->store, f->actor, id, closed, "Fence repaired", NULL,
                                      &error));
  g_assert_no_error (error);

  /* A monthly item by hand, done once, three days ago. */
  item->facility_id = facility_id;
  item->kind = g_strdup ("drill");
  item->title = g_strdup ("Monthly gate drill");
  item->interval_months = 1;
  item->anchor = g_strdup (anchor);
  id = psems_schedule_create (f->store, f->actor, item, &item_ref, &error);
  g_assert_no_error (error);
  completion->schedule_item_id = id;
  completion->done_on = g_strdup (done);
  g_assert_cmpint (psems_schedule_record_completion (f->store, f->actor, completion, NULL, NULL,
                                                     &error), >, 0);
  g_assert_no_error (error);

  /* Today the finding is closed and the drill done. */
  export_ok (f, options, &result);
  text = pdf_flat_text (f->pdf);
  open_now = g_regex_new ("Open on the as-of day 0 \\(", 0, 0, NULL);
  g_assert_true (g_regex_match (open_now, text, 0, NULL));
  assert_contains (text, done);
  psems_pack_result_clear (&result);

  /* As of five days ago it was open, and the drill not yet done. */
  g_free (options->as_of);
  options->as_of = g_strdup (before);
  export_ok (f, options, &result);
  g_clear_pointer (&text, g_free);
  text = pdf_flat_text (f->pdf);
  open_then = g_regex_new ("Open on the as-of day 1 \\(", 0, 0, NULL);
  g_assert_true (g_regex_match (open_then, text, 0, NULL));
  assert_lacks (text, "Fence repaired");
  assert_lacks (text, done);
  assert_contains (text, "Missed: overdue since");
  psems_pack_result_clear (&result);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PsemsPackOptions) options = new_options (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "pack.pdf", NULL);
  g_autofree char *missing_sha = g_strconcat (missing, ".sha256", NULL);
  g_autofree char *locked_dir = g_build_filename (f->dir, "locked", NULL);
  g_autofree char *locked = g_build_filename (locked_dir, "pack.pdf", NULL);
  g_autofree char *future = day_offset (3);
  const char *unwritable = "/proc/sys/pack.pdf";
  PsemsPackResult result = { 0 };
  gint64 before = count_audit (f);

  /* A folder that does not exist. */
  g_assert_false (psems_pack_export (f->store, f->actor, options, missing, NULL, NULL, NULL,
                                     &result, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (missing_sha, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A folder that cannot be written: by permissions (not for root), or a kernel folder. */
  g_assert_cmpint (g_mkdir (locked_dir, 0500), ==, 0);
  if (geteuid () != 0)
    {
      g_assert_false (psems_pack_export (f->store, f->actor, options, locked, NULL, NULL, NULL,
                                         &result, &error));
      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, locked));
      g_clear_error (&error);
    }
  g_assert_false (g_file_test (locked, G_FILE_TEST_EXISTS));
  g_chmod (locked_dir, 0700);
  g_rmdir (locked_dir);
  g_assert_false (psems_pack_export (f->store, f->actor, options, unwritable, NULL, NULL, NULL,
                                     &result, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, unwritable));
  g_assert_false (g_file_test (unwritable, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* An older pair stays as it was when an export fails. */
  {
    g_autofree char *sha = g_strconcat (f->pdf, ".sha256", NULL);

    g_assert_true (g_file_set_contents (f->pdf, "older", -1, NULL));
    g_assert_true (g_file_set_contents (sha, "older", -1, NULL));
    g_cancellable_cancel (cancellable);
    g_assert_false (psems_pack_export (f->store, f->actor, options, f->pdf, NULL, NULL,
                                       cancellable, &result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    {
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (f->pdf, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "older");
    }
    g_unlink (f->pdf);
    g_unlink (sha);
  }

  /* Bad options. */
  options->as_of = g_strdup ("2026-13-40");
  g_assert_false (psems_pack_export (f->store, f->actor, options, f->pdf, NULL, NULL, NULL,
                                     &result, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-13-40"));
  g_clear_error (&error);
  g_free (options->as_of);
  options->as_of = g_strdup (future);
  g_assert_false (psems_pack_export (f->store, f->actor, options, f->pdf, NULL, NULL, NULL,
                                     &result, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "future"));
  g_clear_error (&error);
  g_clear_pointer (&options->as_of, g_free);
  options->sections = 1u << 20;
  g_assert_false (psems_pack_export (f->store, f->actor, options, f->pdf, NULL, NULL, NULL,
                                     &result, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_clear_error (&error);
  options->sections = 0;
  options->logo_path = g_build_filename (f->dir, "no-logo.png", NULL);
  g_assert_false (psems_pack_export (f->store, f->actor, options, f->pdf, NULL, NULL, NULL,
                                     &result, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no-logo.png"));
  g_clear_error (&error);
  g_clear_pointer (&options->logo_path, g_free);
  options->facility_id = 999999;
  g_assert_false (psems_pack_export (f->store, f->actor, options, f->pdf, NULL, NULL, NULL,
                                     &result, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  options->facility_id = f->facility_id;

  /* Names of persons for a role that may not read vetting records (a manager), and for no
   * acting user; the same manager gets the pack without the names. */
  options->include_personnel = TRUE;
  {
    g_autoptr(PsemsActor) manager = psems_actor_new (42, "Mia Manager", PSEMS_ROLE_MANAGER);

    g_assert_false (psems_pack_export (f->store, manager, options, f->pdf, NULL, NULL, NULL,
                                       &result, &error));
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
    g_assert_nonnull (strstr (error->message, "Mia Manager"));
    g_assert_nonnull (strstr (error->message, "vetting"));
    g_clear_error (&error);
    g_assert_false (psems_pack_export (f->store, NULL, options, f->pdf, NULL, NULL, NULL, &result,
                                       &error));
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (g_file_test (f->pdf, G_FILE_TEST_EXISTS));
    g_assert_cmpint (count_audit (f), ==, before);

    options->include_personnel = FALSE;
    options->sections = PSEMS_PACK_PERSONNEL;
    g_assert_true (psems_pack_export (f->store, manager, options, f->pdf, NULL, NULL, NULL,
                                      &result, &error));
    g_assert_no_error (error);
    psems_pack_result_clear (&result);
    g_assert_cmpint (count_audit (f), ==, before + 1);
    g_unlink (f->pdf);
    {
      g_autofree char *sha = g_strconcat (f->pdf, ".sha256", NULL);

      g_unlink (sha);
    }
  }
}

typedef struct
{
  double last;
  guint calls;
  gboolean backwards;
  gboolean saw_writing;
} ProgressLog;

static void
progress_cb (double      fraction,
             const char *what,
             gpointer    user_data)
{
  ProgressLog *log = user_data;

  if (fraction + 1e-9 < log->last)
    log->backwards = TRUE;
  if (what != NULL && g_str_has_prefix (what, "Writing page"))
    log->saw_writing = TRUE;
  log->last = fraction;
  log->calls++;
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PsemsPackOptions) options = new_options (f);
  g_autoptr(GError) error = NULL;
  ProgressLog log = { 0 };
  PsemsPackResult result = { 0 };

  options->sections = PSEMS_PACK_CONTROLS | PSEMS_PACK_THREATS | PSEMS_PACK_GAP;
  g_assert_true (psems_pack_export (f->store, f->actor, options, f->pdf, progress_cb, &log, NULL,
                                    &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.calls, >, 3);
  g_assert_false (log.backwards);
  g_assert_cmpfloat (log.last, ==, 1.0);
  psems_pack_result_clear (&result);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  make_template ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/pack/full", test_full_pack);
  ADD ("/pack/without-names", test_without_names);
  ADD ("/pack/sections", test_sections);
  ADD ("/pack/as-of", test_as_of);
  ADD ("/pack/refusals", test_refusals);
  ADD ("/pack/progress", test_progress);
#undef ADD

  status = g_test_run ();
  psems_test_remove_dir (template_dir);
  g_free (template_dir);
  return status;
}
