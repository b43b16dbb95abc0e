/* test-pdf.c — the PDF writer: documents checked with qpdf, pdfinfo and pdftotext (scripts,
 * contents, repeated table headers, running header and footer), the canvas, and failures that
 * leave no file behind. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "psems-error.h"
#include "psems-pdf.h"
#include "psems-test-util.h"

#define CYRILLIC "Иван Петров"
#define CJK      "王小明"
#define ARABIC   "محمد عبد الله"
#define HEBREW   "דוד כהן"
#define GREEK    "Ελένη Παπαδοπούλου"
#define FACILITY "Container terminal Hafen Nørd"
#define MARKING  "OFFICIAL-SENSITIVE"

/* ---- Running the tools ----------------------------------------------------------------- */

/* Runs @argv; FALSE (and the test skipped) when the tool is not installed. */
static gboolean
run_tool (const char * const *argv,
          char              **out,
          int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *found = g_find_program_in_path (argv[0]);

  if (found == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed (poppler-utils, qpdf)",
                                                  argv[0]);

      g_test_skip (message);
      return FALSE;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err, status,
                &error);
  g_assert_no_error (error);
  return TRUE;
}

static gboolean
check_qpdf (const char *path)
{
  const char *argv[] = { "qpdf", "--check", path, NULL };
  g_autofree char *out = NULL;
  int status = -1;

  if (!run_tool (argv, &out, &status))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("qpdf --check %s failed:\n%s", path, out);
  return TRUE;
}

/* One field of pdfinfo's output, or NULL when the tool is missing. */
static char *
pdfinfo_field (const char *path,
               const char *field)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int status = -1;
  g_autofree char *prefix = g_strconcat (field, ":", NULL);

  if (!run_tool (argv, &out, &status))
    return NULL;
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strstrip (g_strdup (lines[i] + strlen (prefix)));
  return g_strdup ("");
}

/* The text of page @page (0 for all), NFKC-normalised (Arabic comes out of the PDF as the
 * presentation forms drawn, or as letters) and without the bidi marks poppler adds around
 * right-to-left runs. NULL when pdftotext is missing. */
static char *
page_text (const char *path,
           guint       page,
           gboolean    layout)
{
  g_autofree char *first = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-q", "-layout", "-f", first, "-l", first, path, "-",
                         NULL };
  const char *argv_all[] = { "pdftotext", "-q", layout ? "-layout" : "-raw", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autofree char *normal = NULL;
  GString *clean;
  int status = -1;

  if (!run_tool (page > 0 ? argv : argv_all, &out, &status))
    return NULL;
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_utf8_validate (out, -1, NULL));
  normal = g_utf8_normalize (out, -1, G_NORMALIZE_NFKC);
  clean = g_string_new (NULL);
  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E
          || c == 0x200F)
        continue;
      g_string_append_unichar (clean, c);
    }
  return g_string_free (clean, FALSE);
}

static guint
count_substrings (const char *haystack,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
assert_no_file_left (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_assert_false (g_str_has_suffix (name, ".pdf") || strstr (name, ".pdf.") != NULL);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

/* ---- A document with everything ---------------------------------------------------------- */

static guint draw_calls;
static guint destroy_calls;

static void
destroy_cb (gpointer data)
{
  destroy_calls++;
}

static void
draw_rings_cb (PsemsPdfCanvas *canvas,
               double          width,
               double          height,
               gpointer        user_data)
{
  const double dashes[] = { 4, 2 };
  double drawn;

  draw_calls++;
  g_assert_cmpfloat (width, ==, 400);
  g_assert_cmpfloat (height, ==, 260);
  for (int i = 3; i >= 1; i--)
    {
      psems_pdf_canvas_set_fill (canvas, 0.12, 0.23 + i * 0.12, 0.37, 0.6);
      psems_pdf_canvas_arc (canvas, width / 2, height / 2, i * 40, 0, 2 * G_PI);
      psems_pdf_canvas_close_path (canvas);
      psems_pdf_canvas_arc (canvas, width / 2, height / 2, i * 40 - 18, 0, 2 * G_PI);
      psems_pdf_canvas_close_path (canvas);
      psems_pdf_canvas_fill (canvas, TRUE);
    }
  psems_pdf_canvas_save (canvas);
  psems_pdf_canvas_set_stroke (canvas, 0.7, 0.1, 0.1, 1);
  psems_pdf_canvas_set_line_width (canvas, 1.5);
  psems_pdf_canvas_set_dash (canvas, dashes, 2, 0);
  psems_pdf_canvas_rectangle (canvas, 4, 4, width - 8, height - 8);
  psems_pdf_canvas_stroke (canvas);
  psems_pdf_canvas_restore (canvas);
  psems_pdf_canvas_move_to (canvas, 10, height - 10);
  psems_pdf_canvas_curve_to (canvas, 60, height - 60, 120, height - 60, 170, height - 10);
  psems_pdf_canvas_fill_stroke (canvas);
  psems_pdf_canvas_set_fill (canvas, 0, 0, 0, 1);
  drawn = psems_pdf_canvas_show_text (canvas, width / 2, 8, "Access control layer", 11,
                                      PSEMS_PDF_WEIGHT_BOLD, PSEMS_PDF_ALIGN_CENTRE, 0, 0);
  g_assert_cmpfloat (fabs (drawn - psems_pdf_canvas_text_width (canvas, "Access control layer",
                                                                11, PSEMS_PDF_WEIGHT_BOLD, 0)),
                     <, 0.01);
  /* cut with an ellipsis to fit */
  drawn = psems_pdf_canvas_show_text (canvas, width - 8, height - 30,
                                      "Perimeter intrusion detection and assessment", 9,
                                      PSEMS_PDF_WEIGHT_REGULAR, PSEMS_PDF_ALIGN_END, 90, 0.5);
  g_assert_cmpfloat (drawn, <=, 90.01);
  g_assert_cmpfloat (drawn, >, 40);
  psems_pdf_canvas_show_text (canvas, 10, height / 2, CYRILLIC " " CJK, 10,
                              PSEMS_PDF_WEIGHT_REGULAR, PSEMS_PDF_ALIGN_START, 0, 0);
}

static const char * const sections[] = {
  "Facility summary", "Plan status", "Controls by layer", "Diagram", "Personnel",
  "Sign-off",
};

static char *
make_logo (const char *dir)
{
  char *path = g_build_filename (dir, "logo.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 40);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.12, 0.23, 0.37);
  cairo_rectangle (cr, 0, 0, 40, 40);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static PsemsPdfDoc *
build_document (const char *logo,
                guint       n_rows)
{
  PsemsPdfDoc *doc = psems_pdf_doc_new (PSEMS_PDF_A4_PORTRAIT);
  const char * const cover[] = {
    "Facility", FACILITY, "UN/LOCODE", "DEHAM", "Marking", MARKING, "Prepared by", NULL,
    NULL,
  };
  const char * const kv[] = {
    "Operator", "Hafen Nørd GmbH", "Address", "Kai 7\n20457 Hamburg", "PFSO", "", NULL,
  };
  const char * const headings[] = { "Reference", "Holder", "Role", "Level", "Expires",
                                    "Remarks", NULL };
  const char * const names[] = { CYRILLIC, CJK, ARABIC, HEBREW, GREEK, "Søren Ågård" };
  PsemsPdfTable *table;

  psems_pdf_doc_set_info (doc, "Compliance pack — " FACILITY, "PSeMS test", "Test pack",
                          "ISPS; audit");
  psems_pdf_doc_set_header (doc, FACILITY, MARKING);
  psems_pdf_doc_set_footer (doc, MARKING);
  psems_pdf_doc_add_cover (doc, logo, "Port facility security compliance pack", FACILITY,
                           cover);
  psems_pdf_doc_add_contents (doc, "Contents");

  psems_pdf_doc_add_heading (doc, 1, sections[0]);
  psems_pdf_doc_add_paragraph (doc, "The facility handles containers. Holders in other "
                                    "scripts: " CYRILLIC ", " CJK ", " ARABIC ", " HEBREW ".");
  psems_pdf_doc_add_key_values (doc, kv);
  psems_pdf_doc_add_note (doc, "As of 2026-11-26; plan and control state are the current "
                               "state.");
  psems_pdf_doc_add_heading (doc, 2, sections[1]);
  psems_pdf_doc_add_paragraph (doc, "Approved 2026-01-12.");
  psems_pdf_doc_add_heading (doc, 3, "Element coverage");
  psems_pdf_doc_add_paragraph (doc, "All 18 elements are covered.");
  psems_pdf_doc_add_heading (doc, 2, sections[2]);
  psems_pdf_doc_add_paragraph (doc, "Layers: perimeter, access, cargo.");

  psems_pdf_doc_add_heading (doc, 1, sections[3]);
  psems_pdf_doc_add_drawing (doc, 400, 260, draw_rings_cb, GUINT_TO_POINTER (1), destroy_cb);

  psems_pdf_doc_add_heading (doc, 1, sections[4]);
  table = psems_pdf_doc_add_table (doc, headings);
  psems_pdf_table_set_align (table, 3, PSEMS_PDF_ALIGN_END);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *ref = g_strdup_printf ("PER-2026-%04u", i + 1);
      g_autofree char *level = g_strdup_printf ("%u", i % 3 + 1);

      psems_pdf_table_add_row (table, ref, names[i % G_N_ELEMENTS (names)],
                               i % 5 == 0 ? "Port facility security officer" : "Guard", level,
                               "2027-03-01",
                               i % 7 == 0 ? "Refresher training due before the next drill; "
                                            "badge reissued after a reported loss" : NULL,
                               NULL);
      if (i % 4 == 0)
        psems_pdf_table_set_cell_fill (table, 2, 0xFCE4D6);
    }
  g_assert_cmpuint (psems_pdf_table_get_n_rows (table), ==, n_rows);

  psems_pdf_doc_set_page_size (doc, PSEMS_PDF_A4_LANDSCAPE);
  psems_pdf_doc_add_heading (doc, 1, sections[5]);
  psems_pdf_doc_add_paragraph (doc, "Signed for the facility:");
  return doc;
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  guint *last = user_data;

  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, last[0]);
  last[0] = done;
  last[1] = total;
}

/* The page (1-based) whose text has @heading on a line of its own, or 0. */
static guint
page_of_heading (char      **pages,
                 guint       n_pages,
                 guint       first_body_page,
                 const char *heading)
{
  for (guint p = first_body_page; p <= n_pages; p++)
    {
      g_auto(GStrv) lines = g_strsplit (pages[p - 1], "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_equal (g_strstrip (lines[i]), heading))
          return p;
    }
  return 0;
}

static void
test_pdf_document (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "pack.pdf", NULL);
  g_autofree char *logo = make_logo (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *pages_field = NULL;
  g_autofree char *title = NULL;
  g_autofree char *all = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(GBytes) bytes = NULL;
  PsemsPdfResult result = { 0 };
  guint progress[2] = { 0, 0 };
  char **pages;
  PsemsPdfDoc *doc;

  draw_calls = destroy_calls = 0;
  doc = build_document (logo, 120);
  g_assert_true (psems_pdf_doc_write (doc, path, progress_cb, progress, NULL, &result, &error));
  g_assert_no_error (error);
  psems_pdf_doc_free (doc);
  g_assert_cmpuint (draw_calls, ==, 1);
  g_assert_cmpuint (destroy_calls, ==, 1);

  /* the result describes the file */
  bytes = psems_test_read_file (path);
  g_assert_cmpuint (result.n_bytes, ==, g_bytes_get_size (bytes));
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_assert_cmpstr (result.sha256, ==, sha);
  g_assert_cmpuint (result.n_pages, >=, 7);
  g_assert_cmpuint (progress[0], ==, result.n_pages);
  g_assert_cmpuint (progress[1], ==, result.n_pages);
  g_assert_cmpuint (count_files (dir), ==, 2);   /* the logo and the pack, no temporary file */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  if (!check_qpdf (path))
    goto out;
  pages_field = pdfinfo_field (path, "Pages");
  if (pages_field == NULL)
    goto out;
  g_assert_cmpuint (g_ascii_strtoull (pages_field, NULL, 10), ==, result.n_pages);
  title = pdfinfo_field (path, "Title");
  g_assert_cmpstr (title, ==, "Compliance pack — " FACILITY);

  all = page_text (path, 0, TRUE);
  if (all == NULL)
    goto out;
  /* every script reads right: Arabic and Hebrew in their logical order */
  g_assert_nonnull (strstr (all, CYRILLIC));
  g_assert_nonnull (strstr (all, CJK));
  g_assert_nonnull (strstr (all, ARABIC));
  g_assert_nonnull (strstr (all, HEBREW));
  g_assert_nonnull (strstr (all, GREEK));
  g_assert_nonnull (strstr (all, FACILITY));
  g_assert_nonnull (strstr (all, "Access control layer"));
  /* cut to its width with an ellipsis (which NFKC spells "...") */
  g_assert_nonnull (strstr (all, "Perimeter"));
  g_assert_nonnull (strstr (all, "..."));
  g_assert_null (strstr (all, "and assessment"));

  pages = g_new0 (char *, result.n_pages + 1);
  for (guint p = 1; p <= result.n_pages; p++)
    pages[p - 1] = page_text (path, p, TRUE);

  /* the cover: title and key-values, the footer but no running header */
  g_assert_nonnull (strstr (pages[0], "Port facility security compliance"));
  g_assert_nonnull (strstr (pages[0], "DEHAM"));
  g_assert_cmpuint (count_substrings (pages[0], MARKING), ==, 2);   /* cover row + footer */
  g_assert_null (strstr (pages[0], FACILITY " "));
  g_assert_nonnull (strstr (pages[0], "Page 1 of"));

  /* every other page: header (facility, marking), footer (marking, page X of Y) */
  for (guint p = 2; p <= result.n_pages; p++)
    {
      g_autofree char *page_no = g_strdup_printf ("Page %u of %u", p, result.n_pages);

      g_assert_nonnull (strstr (pages[p - 1], FACILITY));
      g_assert_cmpuint (count_substrings (pages[p - 1], MARKING), >=, 2);
      g_assert_nonnull (strstr (pages[p - 1], page_no));
    }

  /* the contents (page 2) lists every level-1 and level-2 heading with its page */
  contents = g_strdup (pages[1]);
  g_assert_nonnull (strstr (contents, "Contents"));
  g_assert_null (strstr (contents, "Element coverage"));   /* level 3: not listed */
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      guint page = page_of_heading (pages, result.n_pages, 3, sections[i]);
      g_autofree char *pattern = g_strdup_printf ("^ *%s[ .]+%u$", sections[i], page);
      g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);

      g_assert_cmpuint (page, >=, 3);
      if (!g_regex_match (regex, contents, 0, NULL))
        g_error ("the contents do not list “%s” on page %u:\n%s", sections[i], page, contents);
    }

  /* the personnel table spans pages, each starting with the header row */
  {
    guint first = page_of_heading (pages, result.n_pages, 3, "Personnel");
    guint last = page_of_heading (pages, result.n_pages, 3, "Sign-off");

    g_assert_cmpuint (last, >, first + 2);
    for (guint p = first; p < last; p++)
      {
        g_autoptr(GRegex) header = g_regex_new ("^ *Reference +Holder +Role +Level +Expires "
                                                "+Remarks *$", G_REGEX_MULTILINE, 0, NULL);

        g_assert_true (g_regex_match (header, pages[p - 1], 0, NULL));
      }
    /* each row once, in order; the narrow columns never wrap */
    for (guint i = 0; i < 120; i++)
      {
        g_autofree char *ref = g_strdup_printf ("PER-2026-%04u", i + 1);

        g_assert_cmpuint (count_substrings (all, ref), ==, 1);
      }
    g_assert_nonnull (strstr (all, "2027-03-01"));
    /* the long remark wraps inside its column: not on one line */
    g_assert_null (strstr (all, "Refresher training due before the next drill; badge reissued"));
    g_assert_nonnull (strstr (all, "Refresher"));
  }

  /* the last page is landscape */
  {
    const char *argv[] = { "pdfinfo", "-f", "1", "-l", "99", path, NULL };
    g_autofree char *out = NULL;
    g_autofree char *last_size = NULL;
    int status = -1;

    if (run_tool (argv, &out, &status))
      {
        last_size = g_strdup_printf ("Page %4u size:  841.89 x 595.276 pts", result.n_pages);
        g_assert_nonnull (strstr (out, last_size));
        g_assert_nonnull (strstr (out, "Page    1 size:  595.276 x 841.89 pts"));
      }
  }
  g_strfreev (pages);

  /* the fonts are embedded; the logo is in */
  {
    const char *argv[] = { "pdffonts", path, NULL };
    const char *argv_images[] = { "pdfimages", "-list", path, NULL };
    g_autofree char *out = NULL;
    g_autofree char *images = NULL;
    int status = -1;

    if (run_tool (argv, &out, &status))
      {
        g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

        g_assert_nonnull (strstr (out, "DejaVuSans"));
        g_assert_nonnull (strstr (out, "DejaVuSans-Bold"));
        for (guint i = 2; lines[i] != NULL && *lines[i] != '\0'; i++)
          g_assert_nonnull (strstr (lines[i], " yes yes yes "));
      }
    if (run_tool (argv_images, &images, &status))
      g_assert_nonnull (strstr (images, " image "));
  }

out:
  psems_test_remove_dir (dir);
}

/* The ToUnicode CMaps are valid: poppler no longer warns about "begincidrange". */
static void
test_pdf_to_unicode (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "scripts.pdf", NULL);
  g_autoptr(PsemsPdfDoc) doc = psems_pdf_doc_new (PSEMS_PDF_A4_PORTRAIT);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  psems_pdf_doc_add_heading (doc, 1, "Scripts");
  psems_pdf_doc_add_paragraph (doc, CYRILLIC " " CJK " " ARABIC " " HEBREW " لا");
  g_assert_true (psems_pdf_doc_write (doc, path, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  {
    g_autofree char *tool = g_find_program_in_path ("pdftotext");

    if (tool == NULL)
      {
        g_test_skip ("pdftotext is not installed (poppler-utils)");
        goto out;
      }
  }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_null (strstr (err, "ToUnicode"));
  /* Arabic copies as letters (the CMap undoes the presentation forms), not as U+FExx */
  g_assert_nonnull (strstr (out, ARABIC));
  g_assert_nonnull (strstr (out, "لا"));
  g_assert_nonnull (strstr (out, CJK));

out:
  psems_test_remove_dir (dir);
}

/* ---- Failures ------------------------------------------------------------------------------ */

static PsemsPdfDoc *
small_document (void)
{
  PsemsPdfDoc *doc = psems_pdf_doc_new (PSEMS_PDF_A4_PORTRAIT);

  psems_pdf_doc_add_heading (doc, 1, "Summary");
  psems_pdf_doc_add_paragraph (doc, "One paragraph.");
  return doc;
}

static void
test_pdf_missing_folder (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *absent = g_build_filename (dir, "absent", NULL);
  g_autofree char *path = g_build_filename (absent, "pack.pdf", NULL);
  g_autoptr(PsemsPdfDoc) doc = small_document ();
  g_autoptr(GError) error = NULL;

  g_assert_false (psems_pdf_doc_write (doc, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (absent, G_FILE_TEST_EXISTS));
  assert_no_file_left (dir);
  psems_test_remove_dir (dir);
}

static void
test_pdf_unwritable_folder (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *sub = g_build_filename (dir, "locked", NULL);
  g_autofree char *path = g_build_filename (sub, "pack.pdf", NULL);
  g_autofree char *file = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "pack.pdf", NULL);
  g_autoptr(PsemsPdfDoc) doc = small_document ();
  g_autoptr(GError) error = NULL;

  /* a "folder" that is a file fails for every user, root included */
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (psems_pdf_doc_write (doc, under_file, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (g_chmod (sub, 0555), ==, 0);
  if (geteuid () == 0)
    g_test_message ("running as root, which may write into a read-only folder: not checked");
  else
    {
      g_autoptr(GDir) handle = NULL;

      g_assert_false (psems_pdf_doc_write (doc, path, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, path));
      handle = g_dir_open (sub, 0, NULL);
      g_assert_nonnull (handle);
      g_assert_null (g_dir_read_name (handle));     /* no file, no temporary file */
    }
  g_chmod (sub, 0700);
  g_rmdir (sub);
  psems_test_remove_dir (dir);
}

/* A failed write leaves the file that was there byte for byte, and no temporary file. */
static void
test_pdf_existing_file_kept (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "pack.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-logo.png", NULL);
  g_autoptr(PsemsPdfDoc) good = small_document ();
  g_autoptr(PsemsPdfDoc) bad = small_document ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  g_assert_true (psems_pdf_doc_write (good, path, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  before = psems_test_read_file (path);

  psems_pdf_doc_add_image (bad, missing, 100);
  g_assert_false (psems_pdf_doc_write (bad, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, missing));

  after = psems_test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_files (dir), ==, 1);
  g_clear_error (&error);

  /* a PNG that libharu cannot read: its error handler's failure comes back as a GError */
  {
    g_autofree char *broken = psems_test_write_file (dir, "broken.png",
                                                     "\x89PNG\r\n\x1a\n not really a PNG");
    g_autoptr(PsemsPdfDoc) worse = small_document ();
    g_autoptr(GBytes) still = NULL;

    psems_pdf_doc_add_image (worse, broken, 100);
    g_assert_false (psems_pdf_doc_write (worse, path, NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, path));
    g_assert_nonnull (strstr (error->message, broken));
    g_assert_nonnull (strstr (error->message, "PNG"));
    still = psems_test_read_file (path);
    g_assert_true (g_bytes_equal (before, still));
    g_assert_cmpuint (count_files (dir), ==, 2);
    g_clear_error (&error);
  }

  /* a damaged JPEG fails inside libharu: its error handler's jump becomes a GError */
  {
    g_autofree char *broken = psems_test_write_file (dir, "broken.jpg",
                                                     "\xff\xd8\xff\xe0 not really a JPEG");
    g_autoptr(PsemsPdfDoc) worse = small_document ();
    g_autoptr(GBytes) still = NULL;

    psems_pdf_doc_add_image (worse, broken, 100);
    g_assert_false (psems_pdf_doc_write (worse, path, NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, path));
    g_assert_nonnull (strstr (error->message, broken));
    g_assert_nonnull (strstr (error->message, "PDF library error"));
    still = psems_test_read_file (path);
    g_assert_true (g_bytes_equal (before, still));
    g_assert_cmpuint (count_files (dir), ==, 3);
  }
  psems_test_remove_dir (dir);
}

static void
test_pdf_invalid_utf8 (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "pack.pdf", NULL);
  g_autoptr(GError) error = NULL;
  const char *bad_cells[] = { "ok", "Hafen N\xf8rd", NULL };
  const char *headings[] = { "A", "B", NULL };
  PsemsPdfDoc *doc;

  /* in a paragraph */
  doc = small_document ();
  psems_pdf_doc_add_paragraph (doc, "Caf\xe9 du port");
  g_assert_false (psems_pdf_doc_write (doc, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "Caf\xef\xbf\xbd du port"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  psems_pdf_doc_free (doc);

  /* in a table cell */
  doc = small_document ();
  psems_pdf_table_add_rowv (psems_pdf_doc_add_table (doc, headings), bad_cells);
  g_assert_false (psems_pdf_doc_write (doc, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Hafen N\xef\xbf\xbdrd"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  psems_pdf_doc_free (doc);
  assert_no_file_left (dir);
  psems_test_remove_dir (dir);
}

static void
cancel_at_page_cb (guint    done,
                   guint    total,
                   gpointer user_data)
{
  if (done == 2)
    g_cancellable_cancel (user_data);
}

static void
test_pdf_cancelled (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "pack.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  PsemsPdfDoc *doc;

  /* cancelled before it starts */
  g_cancellable_cancel (cancellable);
  doc = small_document ();
  g_assert_false (psems_pdf_doc_write (doc, path, NULL, NULL, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  psems_pdf_doc_free (doc);

  /* cancelled while pages are written */
  g_object_unref (cancellable);
  cancellable = g_cancellable_new ();
  doc = build_document (NULL, 300);
  g_assert_false (psems_pdf_doc_write (doc, path, cancel_at_page_cb, cancellable, cancellable,
                                       NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  psems_pdf_doc_free (doc);
  assert_no_file_left (dir);
  psems_test_remove_dir (dir);
}

static void
test_pdf_fonts (void)
{
  g_autofree char *sans = psems_pdf_find_font ("sans");
  g_autofree char *bold = psems_pdf_find_font ("sans-bold");
  g_autofree char *cjk = psems_pdf_find_font ("cjk");

  g_assert_nonnull (sans);
  g_assert_nonnull (bold);
  g_assert_true (g_file_test (sans, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (bold, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (sans, !=, bold);
  if (cjk == NULL)
    g_test_message ("no TrueType CJK font installed (fonts-droid-fallback)");
  else
    g_assert_true (g_file_test (cjk, G_FILE_TEST_IS_REGULAR));
}

/* An empty document is one page; a table without rows still shows its header. */
static void
test_pdf_edge_cases (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "empty.pdf", NULL);
  g_autoptr(GError) error = NULL;
  const char *headings[] = { "Finding", "State", NULL };
  PsemsPdfResult result = { 0 };
  PsemsPdfDoc *doc;
  g_autofree char *text = NULL;

  doc = psems_pdf_doc_new (PSEMS_PDF_A4_LANDSCAPE);
  g_assert_cmpfloat (psems_pdf_doc_get_text_width (doc), >, 700);
  g_assert_true (psems_pdf_doc_write (doc, path, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_pages, ==, 1);
  psems_pdf_doc_free (doc);

  doc = psems_pdf_doc_new (PSEMS_PDF_A4_PORTRAIT);
  g_assert_cmpfloat (psems_pdf_doc_get_text_width (doc), <, 500);
  psems_pdf_doc_add_table (doc, headings);
  psems_pdf_doc_add_page_break (doc);
  psems_pdf_doc_add_page_break (doc);    /* no empty page from two breaks */
  psems_pdf_doc_add_paragraph (doc, "After the break, a word far too long for a line: "
                                    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaz.");
  g_assert_true (psems_pdf_doc_write (doc, path, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_pages, ==, 2);
  psems_pdf_doc_free (doc);
  if (!check_qpdf (path))
    goto out;
  text = page_text (path, 1, TRUE);
  if (text == NULL)
    goto out;
  g_assert_nonnull (strstr (text, "Finding"));
  g_free (text);
  text = page_text (path, 2, TRUE);
  /* the long word was broken over lines, not pushed past the margin */
  g_assert_nonnull (strstr (text, "After the break"));
  g_assert_nonnull (strstr (text, "aaz."));
  g_assert_null (strstr (text, "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));

out:
  psems_test_remove_dir (dir);
}

/* The page (1-based) of the first line of @text holding @needle, the pages split at "\f". */
static guint
page_of (const char *text,
         const char *needle)
{
  const char *at = strstr (text, needle);
  guint page = 1;

  if (at == NULL)
    return 0;
  for (const char *p = text; p < at; p++)
    if (*p == '\f')
      page++;
  return page;
}

/* A heading never ends a page: wherever the page fills up, it goes over with what follows. */
static void
test_pdf_keep_with_next (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "keep.pdf", NULL);
  const char * const headings[] = { "Drill", "Due", NULL };
  gboolean moved = FALSE;

  for (guint n = 24; n < 38; n++)
    {
      g_autoptr(PsemsPdfDoc) doc = psems_pdf_doc_new (PSEMS_PDF_A4_PORTRAIT);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      PsemsPdfTable *table;
      guint heading_page;

      psems_pdf_doc_add_heading (doc, 1, "Start");
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *line = g_strdup_printf ("Schedule line %03u.", i);

          psems_pdf_doc_add_paragraph (doc, line);
        }
      psems_pdf_doc_add_heading (doc, 2, "Kept heading");
      table = psems_pdf_doc_add_table (doc, headings);
      psems_pdf_table_add_row (table, "Quarterly drill", "2026-12-01", NULL);
      g_assert_true (psems_pdf_doc_write (doc, path, NULL, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      text = page_text (path, 0, TRUE);
      if (text == NULL)
        break;
      heading_page = page_of (text, "Kept heading");
      g_assert_cmpuint (heading_page, >, 0);
      g_assert_cmpuint (heading_page, ==, page_of (text, "Quarterly drill"));
      g_assert_cmpuint (heading_page, ==, page_of (text, "Drill"));
      {
        g_autofree char *last = g_strdup_printf ("Schedule line %03u.", n - 1);

        /* the page before had room for the heading, not for the table with it */
        moved = moved || (heading_page == 2 && page_of (text, last) == 1);
      }
    }
  /* one of those documents had room for the heading alone at the foot of page 1 */
  {
    g_autofree char *tool = g_find_program_in_path ("pdftotext");

    if (tool != NULL)
      g_assert_true (moved);
  }
  psems_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pdf/fonts", test_pdf_fonts);
  g_test_add_func ("/pdf/document", test_pdf_document);
  g_test_add_func ("/pdf/to-unicode", test_pdf_to_unicode);
  g_test_add_func ("/pdf/edge-cases", test_pdf_edge_cases);
  g_test_add_func ("/pdf/keep-with-next", test_pdf_keep_with_next);
  g_test_add_func ("/pdf/errors/missing-folder", test_pdf_missing_folder);
  g_test_add_func ("/pdf/errors/unwritable-folder", test_pdf_unwritable_folder);
  g_test_add_func ("/pdf/errors/existing-file-kept", test_pdf_existing_file_kept);
  g_test_add_func ("/pdf/errors/invalid-utf8", test_pdf_invalid_utf8);
  g_test_add_func ("/pdf/errors/cancelled", test_pdf_cancelled);

  return g_test_run ();
}
