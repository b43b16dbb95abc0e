/* bench-pack.c — the compliance pack of the demo container terminal with 100,000 named persons:
 * pages per second and peak memory, against a bare libharu loop writing the same personnel cells
 * with the same embedded font in the same run, and LibreOffice Calc converting the same register
 * (when soffice is installed). Prints figures; asserts nothing. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <hpdf.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "psems-core.h"
#include "psems-pack.h"
#include "psems-pdf.h"

#define DEFAULT_PERSONS 100000
#define N_COLUMNS 7

/* The personnel list's layout as the writer draws it: A4 portrait, 20 mm margins, 8.5 pt text on
 * a 10.8 pt leading with 3.2 pt cell padding, a repeated header row, ruled cells. */
#define PAGE_W      595.276
#define PAGE_H      841.89
#define MARGIN      56.69
#define BODY_TOP    62.36
#define BODY_BOTTOM 59.53
#define SIZE        8.5
#define ROW_H       (10.8 + 2 * 3.2)

static double
now_seconds (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* When the pack's building ended and its writing began. */
typedef struct
{
  double write_start;
  double stage_start;
  char *stage;
  GString *stages;        /* the sections that took long enough to mention */
} Timing;

static void
progress_cb (double      fraction,
             const char *what,
             gpointer    user_data)
{
  Timing *t = user_data;
  double now = now_seconds ();

  if (what == NULL || g_strcmp0 (what, t->stage) == 0 || t->write_start > 0)
    return;
  if (t->stage != NULL && now - t->stage_start >= 0.02)
    g_string_append_printf (t->stages, "%s%s %.2f s", t->stages->len > 0 ? ", " : "", t->stage,
                            now - t->stage_start);
  g_free (t->stage);
  t->stage = g_strdup (what);
  t->stage_start = now;
  if (g_str_has_prefix (what, "Writing"))
    t->write_start = now;
}

static glong
peak_rss_kb (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_maxrss;
}

/* The demo database, made in a child so its memory does not count towards the export's peak. */
static gboolean
make_demo (const char *path,
           guint       persons)
{
  pid_t pid = fork ();
  int status = 0;

  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsemsStore) store = psems_store_open (path, PSEMS_STORE_OPEN_CREATE, &error);
      g_autoptr(PsemsActor) actor = psems_actor_new (0, "bench", PSEMS_ROLE_ADMINISTRATOR);
      PsemsDemoOptions options;

      if (store == NULL)
        {
          g_printerr ("%s\n", error->message);
          _exit (1);
        }
      psems_demo_options_init (&options);
      options.persons = persons;
      if (!psems_demo_generate (store, actor, &options, &error))
        {
          g_printerr ("demo: %s\n", error->message);
          _exit (1);
        }
      g_clear_object (&store);
      _exit (0);
    }
  waitpid (pid, &status, 0);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static gint64
find_container_terminal (PsemsStore *store)
{
  g_autoptr(GPtrArray) list = psems_facility_list (store, FALSE, NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const PsemsFacility *f = g_ptr_array_index (list, i);

      if (g_strcmp0 (f->kind, "container-terminal") == 0)
        return f->id;
    }
  return 0;
}

/* The cells of the pack's named list (reference, name, employer, level, status, expiry, areas),
 * read the way the pack reads them. */
static GPtrArray *
load_register (PsemsStore *store,
               gint64      facility_id)
{
  g_autoptr(GPtrArray) areas = psems_area_list (store, facility_id, FALSE, NULL);
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_free);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  PsemsPersonQuery query;

  for (guint a = 0; areas != NULL && a < areas->len; a++)
    {
      const PsemsArea *area = g_ptr_array_index (areas, a);
      g_autoptr(GArray) area_ids = NULL;

      psems_person_query_init (&query);
      query.area_id = area->id;
      area_ids = psems_person_list_ids (store, &query, NULL, NULL);
      psems_person_query_clear (&query);
      for (guint i = 0; area_ids != NULL && i < area_ids->len; i++)
        {
          gint64 id = g_array_index (area_ids, gint64, i);
          char *old = g_hash_table_lookup (codes, &id);

          g_hash_table_insert (codes, g_memdup2 (&id, sizeof id),
                               old != NULL ? g_strdup_printf ("%s, %s", old, area->code)
                                           : g_strdup (area->code));
        }
    }
  psems_person_query_init (&query);
  query.sort = PSEMS_PERSON_SORT_NAME;
  ids = psems_person_list_ids (store, &query, NULL, NULL);
  psems_person_query_clear (&query);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_hash_table_contains (codes, &g_array_index (ids, gint64, i)))
      g_array_append_val (kept, g_array_index (ids, gint64, i));
  {
    g_autoptr(GPtrArray) rows = psems_person_list_rows (store, (const gint64 *) kept->data,
                                                        kept->len, NULL, NULL);

    for (guint i = 0; rows != NULL && i < rows->len; i++)
      {
        const PsemsPersonListRow *row = g_ptr_array_index (rows, i);
        const char *areas_text = g_hash_table_lookup (codes, &row->id);

        g_ptr_array_add (cells, g_strdup (row->ref));
        g_ptr_array_add (cells, g_strdup (row->display_name));
        g_ptr_array_add (cells, g_strdup (row->employer));
        g_ptr_array_add (cells, g_strdup (row->level_name != NULL ? row->level_name : ""));
        g_ptr_array_add (cells, g_strdup (psems_clearance_label (row->clearance)));
        g_ptr_array_add (cells, g_strdup (row->expires_on != NULL ? row->expires_on : ""));
        g_ptr_array_add (cells, g_strdup (areas_text != NULL ? areas_text : ""));
      }
    if (rows != NULL)
      g_ptr_array_set_free_func (rows, (GDestroyNotify) psems_person_list_row_free);
  }
  return cells;
}

/* ───────────────────────────── the bare libharu loop ───────────────────────────── */

static jmp_buf harujmp;

static void
haru_error_cb (HPDF_STATUS error_no,
               HPDF_STATUS detail_no,
               void       *user_data)
{
  g_printerr ("libharu error 0x%04X (detail %u)\n", (guint) error_no, (guint) detail_no);
  longjmp (harujmp, 1);
}

static void
draw_row (HPDF_Page           page,
          HPDF_Font           font,
          const double       *x,
          const char * const *row,
          double              y)
{
  HPDF_Page_MoveTo (page, MARGIN, y - ROW_H);
  HPDF_Page_LineTo (page, PAGE_W - MARGIN, y - ROW_H);
  HPDF_Page_Stroke (page);
  HPDF_Page_BeginText (page);
  HPDF_Page_SetFontAndSize (page, font, SIZE);
  for (guint c = 0; c < N_COLUMNS; c++)
    HPDF_Page_TextOut (page, x[c] + 4, y - 3.2 - SIZE, row[c]);
  HPDF_Page_EndText (page);
}

/* Writes @cells as ruled table pages with a header row on each page, the text in DejaVu Sans
 * embedded with the UTF-8 encoder; the page count. */
static guint
write_bare (GPtrArray  *cells,
            const char *font_path,
            const char *path)
{
  static const char *headings[N_COLUMNS] = { "Reference", "Name", "Employer", "Vetting level",
                                             "Status", "Expires", "Areas" };
  static const double shares[N_COLUMNS] = { 0.14, 0.20, 0.20, 0.16, 0.09, 0.10, 0.11 };
  double x[N_COLUMNS + 1];
  volatile HPDF_Doc pdf = NULL;
  HPDF_Font font;
  HPDF_Page volatile page = NULL;
  guint n_rows = cells->len / N_COLUMNS;
  volatile guint pages = 0;
  volatile double y = 0;

  x[0] = MARGIN;
  for (guint c = 0; c < N_COLUMNS; c++)
    x[c + 1] = x[c] + (PAGE_W - 2 * MARGIN) * shares[c];

  pdf = HPDF_New (haru_error_cb, NULL);
  if (setjmp (harujmp) != 0)
    {
      HPDF_Free (pdf);
      return 0;
    }
  HPDF_SetCompressionMode (pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings (pdf);
  font = HPDF_GetFont (pdf, HPDF_LoadTTFontFromFile (pdf, font_path, HPDF_TRUE), "UTF-8");

  for (guint r = 0; r < n_rows; r++)
    {
      if (page == NULL || y - ROW_H < BODY_BOTTOM)
        {
          page = HPDF_AddPage (pdf);
          HPDF_Page_SetWidth (page, PAGE_W);
          HPDF_Page_SetHeight (page, PAGE_H);
          HPDF_Page_SetLineWidth (page, 0.4);
          pages++;
          y = PAGE_H - BODY_TOP;
          draw_row (page, font, x, headings, y);
          y -= ROW_H;
        }
      draw_row (page, font, x, (const char * const *) &cells->pdata[r * N_COLUMNS], y);
      y -= ROW_H;
    }
  if (HPDF_SaveToFile (pdf, path) != HPDF_OK)
    pages = 0;
  HPDF_Free (pdf);
  return pages;
}

/* ───────────────────────────── LibreOffice ───────────────────────────── */

static char *
csv_field (const char *text)
{
  g_autoptr(GString) out = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
count_pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = NULL;
  const char *line;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, NULL) || out == NULL)
    return 0;
  line = strstr (out, "\nPages:");
  return line != NULL ? (guint) g_ascii_strtoull (line + 7, NULL, 10) : 0;
}

static void
bench_libreoffice (GPtrArray  *cells,
                   const char *dir,
                   double      ours_pps)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *csv = g_build_filename (dir, "register.csv", NULL);
  g_autofree char *pdf = g_build_filename (dir, "register.pdf", NULL);
  g_autofree char *profile = g_build_filename (dir, "lo-profile", NULL);
  g_autofree char *profile_uri = g_filename_to_uri (profile, NULL, NULL);
  g_autofree char *env = g_strdup_printf ("-env:UserInstallation=%s", profile_uri);
  g_autoptr(GString) text = g_string_new ("Reference,Name,Employer,Vetting level,Status,Expires,"
                                          "Areas\n");
  g_autoptr(GError) error = NULL;
  int status = 0;
  double start, seconds;
  guint pages;

  if (soffice == NULL)
    {
      printf ("LibreOffice: skipped (soffice is not on PATH)\n");
      return;
    }
  for (guint i = 0; i < cells->len; i++)
    {
      g_autofree char *field = csv_field (g_ptr_array_index (cells, i));

      g_string_append (text, field);
      g_string_append_c (text, (i + 1) % N_COLUMNS == 0 ? '\n' : ',');
    }
  if (!g_file_set_contents (csv, text->str, text->len, &error))
    {
      printf ("LibreOffice: skipped (%s)\n", error->message);
      return;
    }
  {
    const char *argv[] = { soffice, env, "--headless", "--convert-to", "pdf", "--outdir", dir, csv,
                           NULL };

    start = now_seconds ();
    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                  &status, &error);
    seconds = now_seconds () - start;
  }
  pages = count_pdf_pages (pdf);
  if (error != NULL || pages == 0)
    {
      printf ("LibreOffice: the conversion failed (%s)\n",
              error != NULL ? error->message : "no PDF written");
      return;
    }
  printf ("LibreOffice Calc, %u-row CSV register → PDF: %u pages in %.2f s (start-up included), "
          "%.0f pages/s\n", cells->len / N_COLUMNS, pages, seconds, pages / seconds);
  printf ("  the pack is %.1f× as fast in pages per second (aim: 10×)\n",
          ours_pps / (pages / seconds));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("psems-bench-pack-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autofree char *pack = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *font = psems_pdf_find_font ("sans");
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "bench", PSEMS_ROLE_SECURITY_OFFICER);
  g_autoptr(PsemsPackOptions) options = psems_pack_options_new ();
  g_autoptr(GPtrArray) cells = NULL;
  PsemsPackResult result = { 0 };
  guint persons = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : DEFAULT_PERSONS;
  double start, seconds, ours_pps, bare_seconds;
  Timing timing = { 0, 0, NULL, g_string_new (NULL) };
  glong rss_before, rss_after;
  guint bare_pages;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  db = g_build_filename (dir, "demo.db", NULL);
  pack = g_build_filename (dir, "pack.pdf", NULL);
  bare = g_build_filename (dir, "bare.pdf", NULL);

  start = now_seconds ();
  if (!make_demo (db, persons))
    return 1;
  printf ("demo database, %u persons: %.1f s\n", persons, now_seconds () - start);

  store = psems_store_open (db, PSEMS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  options->facility_id = find_container_terminal (store);
  options->include_personnel = TRUE;
  options->marking = g_strdup ("OFFICIAL-SENSITIVE");

  rss_before = peak_rss_kb (RUSAGE_SELF);
  start = now_seconds ();
  if (!psems_pack_export (store, actor, options, pack, progress_cb, &timing, NULL, &result,
                          &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  seconds = now_seconds () - start;
  rss_after = peak_rss_kb (RUSAGE_SELF);
  ours_pps = result.n_pages / seconds;
  printf ("pack with named personnel list: %u pages, %.1f MB, in %.2f s: %.0f pages/s\n",
          result.n_pages, result.n_bytes / 1e6, seconds, ours_pps);
  if (timing.write_start > 0)
    printf ("  reading the records and building the document %.2f s (%s), laying out and writing "
            "%.2f s\n", timing.write_start - start, timing.stages->str,
            start + seconds - timing.write_start);
  g_free (timing.stage);
  g_string_free (timing.stages, TRUE);
  printf ("  peak RSS %.1f MB (%.1f MB before the export; target < 300 MB)\n", rss_after / 1024.0,
          rss_before / 1024.0);

  cells = load_register (store, options->facility_id);
  if (font == NULL)
    {
      printf ("bare libharu: skipped (no sans font found through fontconfig)\n");
      return 0;
    }
  start = now_seconds ();
  bare_pages = write_bare (cells, font, bare);
  bare_seconds = now_seconds () - start;
  if (bare_pages > 0)
    {
      double bare_pps = bare_pages / bare_seconds;

      printf ("bare libharu loop, the same %u rows × %d cells, %s embedded: %u pages in %.2f s: "
              "%.0f pages/s\n", cells->len / N_COLUMNS, N_COLUMNS, font, bare_pages, bare_seconds,
              bare_pps);
      printf ("  the pack's rate is %.2f of the bare loop's (target ≥ 0.5)\n", ours_pps / bare_pps);
    }
  bench_libreoffice (cells, dir, ours_pps);

  psems_pack_result_clear (&result);
  g_clear_object (&store);
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  return 0;
}
