/* bench-pack.c — the compliance pack of the demo container terminal with 100,000 named persons:
 * pages per second, against a bare libharu loop writing the same personnel cells with the same
 * embedded font, each in a process of its own (peak memory). */
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

#include "bench-cases.h"
#include "psems-core.h"
#include "psems-pack.h"
#include "psems-pdf.h"

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

static PsemsStore *
open_pack_db (const PsemsBenchOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = psems_bench_demo_db (options, options->pack_persons, &error);
  PsemsStore *store = path != NULL ? psems_store_open (path, PSEMS_STORE_OPEN_DEFAULT, &error) : NULL;

  if (store == NULL)
    g_printerr ("bench: pack: %s\n", error->message);
  return store;
}

/* The pack with its named personnel list, as `psems-cli pack` writes it (one audit entry each). */
int
bench_case_pack (const PsemsBenchOptions *options)
{
  g_autoptr(PsemsStore) store = open_pack_db (options);
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "bench", PSEMS_ROLE_SECURITY_OFFICER);
  g_autoptr(PsemsPackOptions) pack_options = psems_pack_options_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = psems_bench_scratch_dir (options);
  g_autofree char *pack = NULL;
  PsemsPackResult result = { 0 };
  double start, seconds;

  if (store == NULL || dir == NULL)
    return 1;
  pack = g_build_filename (dir, "pack.pdf", NULL);
  pack_options->facility_id = find_container_terminal (store);
  pack_options->include_personnel = TRUE;
  pack_options->marking = g_strdup ("OFFICIAL-SENSITIVE");
  start = now_seconds ();
  if (!psems_pack_export (store, actor, pack_options, pack, NULL, NULL, NULL, &result, &error))
    {
      g_printerr ("bench: pack: %s\n", error->message);
      return 1;
    }
  seconds = now_seconds () - start;
  printf ("pack: %u pages, %.1f MB in %.2f s\n", result.n_pages, result.n_bytes / 1e6, seconds);
  psems_bench_metric ("pages-per-s", result.n_pages / seconds);
  psems_bench_metric ("pages", result.n_pages);
  psems_pack_result_clear (&result);
  psems_bench_remove_dir (dir);
  return 0;
}

/* The same personnel cells (read, not timed) written by a bare libharu loop. */
int
bench_case_bare_libharu (const PsemsBenchOptions *options)
{
  g_autoptr(PsemsStore) store = open_pack_db (options);
  g_autofree char *font = psems_pdf_find_font ("sans");
  g_autofree char *dir = psems_bench_scratch_dir (options);
  g_autofree char *bare = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  double start, seconds;
  guint pages;

  if (store == NULL || dir == NULL)
    return 1;
  if (font == NULL)
    {
      g_printerr ("bench: libharu: no sans font found through fontconfig\n");
      return 1;
    }
  bare = g_build_filename (dir, "bare.pdf", NULL);
  cells = load_register (store, find_container_terminal (store));
  start = now_seconds ();
  pages = write_bare (cells, font, bare);
  seconds = now_seconds () - start;
  if (pages == 0)
    return 1;
  printf ("bare libharu: %u rows × %d cells, %s embedded: %u pages in %.2f s\n", cells->len / N_COLUMNS,
          N_COLUMNS, font, pages, seconds);
  psems_bench_metric ("pages-per-s", pages / seconds);
  psems_bench_metric ("pages", pages);
  psems_bench_remove_dir (dir);
  return 0;
}
