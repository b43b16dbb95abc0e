/* psems-pdf.c — the document model behind psems-pdf.h and its writer: two passes over the
 * blocks (the first paginates without drawing, so "Page X of Y" and the contents know their
 * numbers; the second draws with libharu), a temporary file renamed into place on success. */
/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "psems-error.h"
#include "psems-pdf-private.h"

/* ---- Page geometry and typography (points) ------------------------------------------- */

#define MM               (72.0 / 25.4)
#define A4_SHORT         (210.0 * MM)
#define A4_LONG          (297.0 * MM)
#define MARGIN_X         (20.0 * MM)
#define HEADER_BASELINE  (13.0 * MM)
#define HEADER_RULE      (15.5 * MM)
#define BODY_TOP         (22.0 * MM)
#define BODY_BOTTOM      (21.0 * MM)  /* from the bottom edge */
#define FOOTER_BASELINE  (11.0 * MM)  /* from the bottom edge */

#define BODY_SIZE        10.0
#define BODY_LEADING     13.8
#define NOTE_SIZE        8.5
#define NOTE_LEADING     11.5
#define HEADER_SIZE      8.0
#define TABLE_SIZE       8.5
#define TABLE_LEADING    10.8
#define CELL_PAD_X       4.0
#define CELL_PAD_Y       3.2
#define CONTENTS_PITCH   17.0
#define BLOCK_GAP        7.0

#define COLOUR_TEXT        0x1C1E21
#define COLOUR_MUTED       0x5F6670
#define COLOUR_ACCENT      0x1F3A5F
#define COLOUR_RULE        0xC3C8CF
#define COLOUR_HEAD_FILL   0xE3E7EC
#define COLOUR_HEAD_RULE   0x7D8793
#define COLOUR_ZEBRA       0xF5F6F8
#define COLOUR_NONE        0xFFFFFF

static const double heading_size[] = { 0, 18.0, 13.0, 11.0 };
static const double heading_before[] = { 0, 0, 12.0, 9.0 };
static const double heading_after[] = { 0, 10.0, 5.0, 3.0 };

typedef enum
{
  BLOCK_COVER,
  BLOCK_CONTENTS,
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_NOTE,
  BLOCK_KEY_VALUES,
  BLOCK_TABLE,
  BLOCK_IMAGE,
  BLOCK_DRAWING,
  BLOCK_PAGE_BREAK,
  BLOCK_PAGE_SIZE,
} BlockKind;

typedef struct
{
  BlockKind kind;
  guint level;
  const char *text;             /* heading, paragraph, note, contents title, cover title, image */
  const char *subtitle;         /* cover */
  const char *logo;             /* cover */
  const char **pairs;           /* key-values and cover: key, value, …, NULL */
  PsemsPdfTable *table;
  double width;
  double height;
  PsemsPdfDrawFunc draw;
  gpointer user_data;
  GDestroyNotify destroy;
  PsemsPdfPageSize page_size;
} Block;

typedef struct
{
  guint row;
  guint column;
  PsemsPdfColour fill;
} CellFill;

struct _PsemsPdfTable
{
  PsemsPdfDoc *doc;
  guint n_columns;
  const char **headings;
  PsemsPdfAlign *align;
  GArray *cells;                /* const char *, n_rows × n_columns, in the doc's chunk */
  GArray *fills;                /* CellFill, in row order */
  double *widths;               /* fitted at layout */
  double fitted_for;            /* the text width they were fitted for */
  GByteArray *row_lines;        /* lines of each row (0: not yet known, 255: 255 or more) */
};

struct _PsemsPdfDoc
{
  PsemsPdfPageSize first_size;
  PsemsPdfPageSize last_size;
  GStringChunk *chunk;
  GPtrArray *blocks;
  const char *info[4];          /* title, author, subject, keywords */
  const char *header_left;
  const char *header_right;
  const char *footer;
  const char *empty;
  char *invalid;                /* an excerpt of the first text that was not UTF-8 */
  gboolean has_cover;
};

typedef struct
{
  guint level;
  const char *text;
  guint page;
  HPDF_Page target;
} ContentsEntry;

typedef struct
{
  guint row;
  guint from;
  guint to;
  guint n_lines;                /* of the whole row */
  double height;
} RowPart;

typedef struct
{
  PsemsPdfDoc *doc;
  const char *path;
  PsemsPdfText text;
  HPDF_Doc pdf;
  jmp_buf jump;
  GError *error;
  const char *context;          /* what libharu is working on, for its errors */

  gboolean drawing;             /* the second pass */
  guint n_pages;                /* counted by the first pass */
  guint page_no;
  HPDF_Page page;
  gboolean page_open;
  gboolean page_empty;
  gboolean cover_page;
  PsemsPdfPageSize size;
  double page_w;
  double page_h;
  double y;                     /* from the top of the page */
  double bottom;
  gboolean in_text;
  PsemsPdfColour fill;

  GArray *entries;              /* ContentsEntry */
  guint entry_index;
  guint n_contents_pages;
  GPtrArray *contents_pages;    /* HPDF_Page */
  const char *contents_title;
  HPDF_Outline outline_level1;
  GHashTable *images;           /* Block → HPDF_Image */
  GHashTable *ext_gstates;      /* alphas → HPDF_ExtGState */
  GArray *lines;                /* PsemsPdfLine scratch */
  GArray *lines2;
  GArray *parts;                /* RowPart scratch */

  PsemsPdfProgressFunc progress;
  gpointer progress_data;
  GCancellable *cancellable;

  char *display;                /* the path, for messages */
  char *tmp_path;
  int fd;
  GChecksum *checksum;
  HPDF_BYTE *buffer;
  char *image_display;
  char *image_data;
  gsize image_length;
  guchar *image_rgb;
  GArray *canvas_stack;         /* CanvasState */
  GArray *canvas_path;          /* PathItem */
} Writer;

/* ---- Building the document ------------------------------------------------------------- */

PsemsPdfDoc *
psems_pdf_doc_new (PsemsPdfPageSize page_size)
{
  PsemsPdfDoc *doc = g_new0 (PsemsPdfDoc, 1);

  doc->first_size = doc->last_size = page_size;
  doc->chunk = g_string_chunk_new (64 * 1024);
  doc->blocks = g_ptr_array_new ();
  doc->empty = g_string_chunk_insert_const (doc->chunk, "");
  return doc;
}

static void
table_free (PsemsPdfTable *table)
{
  g_free (table->headings);
  g_free (table->align);
  g_array_unref (table->cells);
  g_array_unref (table->fills);
  g_free (table->widths);
  if (table->row_lines != NULL)
    g_byte_array_unref (table->row_lines);
  g_free (table);
}

void
psems_pdf_doc_free (PsemsPdfDoc *doc)
{
  if (doc == NULL)
    return;
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      if (block->destroy != NULL)
        block->destroy (block->user_data);
      if (block->table != NULL)
        table_free (block->table);
      g_free (block->pairs);
      g_free (block);
    }
  g_ptr_array_unref (doc->blocks);
  g_string_chunk_free (doc->chunk);
  g_free (doc->invalid);
  g_free (doc);
}

/* Copies @str into the document, checked as UTF-8: an invalid text is remembered (the first
 * one) and refused by psems_pdf_doc_write(), never passed on to libharu which would drop its
 * bytes silently. Tabs and other control characters read as spaces; @keep_newlines keeps
 * "\n". */
static const char *
intern (PsemsPdfDoc *doc,
        const char  *str,
        gboolean     keep_newlines)
{
  char *copy;
  gboolean clean = TRUE;

  if (str == NULL || *str == '\0')
    return doc->empty;
  if (!g_utf8_validate (str, -1, NULL))
    {
      if (doc->invalid == NULL)
        doc->invalid = psems_pdf_text_excerpt (str);
      return doc->empty;
    }
  for (const guchar *p = (const guchar *) str; *p != 0; p++)
    if (*p < 0x20 && !(keep_newlines && *p == '\n'))
      {
        clean = FALSE;
        break;
      }
  if (clean)
    return g_string_chunk_insert (doc->chunk, str);
  copy = g_string_chunk_insert (doc->chunk, str);
  for (guchar *p = (guchar *) copy; *p != 0; p++)
    if (*p < 0x20 && !(keep_newlines && *p == '\n'))
      *p = ' ';
  return copy;
}

static Block *
add_block (PsemsPdfDoc *doc,
           BlockKind    kind)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  g_ptr_array_add (doc->blocks, block);
  return block;
}

static const char **
intern_pairs (PsemsPdfDoc        *doc,
              const char * const *rows)
{
  guint n = 0;
  const char **pairs;

  while (rows != NULL && rows[n] != NULL && rows[n + 1] != NULL)
    n += 2;
  /* a key with a NULL value ends the list: keep it, its value prints "—" */
  if (rows != NULL && rows[n] != NULL)
    n += 2;
  pairs = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i += 2)
    {
      const char *value = rows[i + 1];

      pairs[i] = intern (doc, rows[i], FALSE);
      pairs[i + 1] = intern (doc, value != NULL && *value != '\0' ? value : "\xe2\x80\x94", TRUE);
    }
  return pairs;
}

void
psems_pdf_doc_set_info (PsemsPdfDoc *doc,
                        const char  *title,
                        const char  *author,
                        const char  *subject,
                        const char  *keywords)
{
  g_return_if_fail (doc != NULL);

  doc->info[0] = title != NULL ? intern (doc, title, FALSE) : NULL;
  doc->info[1] = author != NULL ? intern (doc, author, FALSE) : NULL;
  doc->info[2] = subject != NULL ? intern (doc, subject, FALSE) : NULL;
  doc->info[3] = keywords != NULL ? intern (doc, keywords, FALSE) : NULL;
}

void
psems_pdf_doc_set_header (PsemsPdfDoc *doc,
                          const char  *left,
                          const char  *right)
{
  g_return_if_fail (doc != NULL);

  doc->header_left = left != NULL ? intern (doc, left, FALSE) : NULL;
  doc->header_right = right != NULL ? intern (doc, right, FALSE) : NULL;
}

void
psems_pdf_doc_set_footer (PsemsPdfDoc *doc,
                          const char  *centre)
{
  g_return_if_fail (doc != NULL);

  doc->footer = centre != NULL ? intern (doc, centre, FALSE) : NULL;
}

void
psems_pdf_doc_add_cover (PsemsPdfDoc        *doc,
                         const char         *logo_path,
                         const char         *title,
                         const char         *subtitle,
                         const char * const *rows)
{
  Block *block;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (!doc->has_cover && doc->blocks->len == 0);

  doc->has_cover = TRUE;
  block = add_block (doc, BLOCK_COVER);
  block->logo = logo_path != NULL ? g_string_chunk_insert (doc->chunk, logo_path) : NULL;
  block->text = intern (doc, title, TRUE);
  block->subtitle = intern (doc, subtitle, TRUE);
  block->pairs = intern_pairs (doc, rows);
}

void
psems_pdf_doc_add_contents (PsemsPdfDoc *doc,
                            const char  *title)
{
  g_return_if_fail (doc != NULL);

  add_block (doc, BLOCK_CONTENTS)->text = intern (doc, title, FALSE);
}

void
psems_pdf_doc_add_heading (PsemsPdfDoc *doc,
                           guint        level,
                           const char  *text)
{
  Block *block;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (level >= 1 && level <= 3);

  block = add_block (doc, BLOCK_HEADING);
  block->level = level;
  block->text = intern (doc, text, FALSE);
}

void
psems_pdf_doc_add_paragraph (PsemsPdfDoc *doc,
                             const char  *text)
{
  g_return_if_fail (doc != NULL);

  add_block (doc, BLOCK_PARAGRAPH)->text = intern (doc, text, TRUE);
}

void
psems_pdf_doc_add_note (PsemsPdfDoc *doc,
                        const char  *text)
{
  g_return_if_fail (doc != NULL);

  add_block (doc, BLOCK_NOTE)->text = intern (doc, text, TRUE);
}

void
psems_pdf_doc_add_key_values (PsemsPdfDoc        *doc,
                              const char * const *rows)
{
  g_return_if_fail (doc != NULL);

  add_block (doc, BLOCK_KEY_VALUES)->pairs = intern_pairs (doc, rows);
}

PsemsPdfTable *
psems_pdf_doc_add_table (PsemsPdfDoc        *doc,
                         const char * const *headings)
{
  PsemsPdfTable *table;
  guint n = 0;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (headings != NULL && headings[0] != NULL, NULL);

  while (headings[n] != NULL)
    n++;
  table = g_new0 (PsemsPdfTable, 1);
  table->doc = doc;
  table->n_columns = n;
  table->headings = g_new0 (const char *, n + 1);
  table->align = g_new0 (PsemsPdfAlign, n);
  for (guint i = 0; i < n; i++)
    table->headings[i] = intern (doc, headings[i], TRUE);
  table->cells = g_array_new (FALSE, FALSE, sizeof (const char *));
  table->fills = g_array_new (FALSE, FALSE, sizeof (CellFill));
  table->widths = g_new0 (double, n);
  add_block (doc, BLOCK_TABLE)->table = table;
  return table;
}

void
psems_pdf_doc_add_image (PsemsPdfDoc *doc,
                         const char  *path,
                         double       width)
{
  Block *block;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (width > 0);

  block = add_block (doc, BLOCK_IMAGE);
  block->text = g_string_chunk_insert (doc->chunk, path);
  block->width = width;
}

void
psems_pdf_doc_add_drawing (PsemsPdfDoc     *doc,
                           double           width,
                           double           height,
                           PsemsPdfDrawFunc draw,
                           gpointer         user_data,
                           GDestroyNotify   destroy)
{
  Block *block;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (width > 0 && height > 0);
  g_return_if_fail (draw != NULL);

  block = add_block (doc, BLOCK_DRAWING);
  block->width = width;
  block->height = height;
  block->draw = draw;
  block->user_data = user_data;
  block->destroy = destroy;
}

void
psems_pdf_doc_add_page_break (PsemsPdfDoc *doc)
{
  g_return_if_fail (doc != NULL);

  add_block (doc, BLOCK_PAGE_BREAK);
}

void
psems_pdf_doc_set_page_size (PsemsPdfDoc     *doc,
                             PsemsPdfPageSize page_size)
{
  g_return_if_fail (doc != NULL);

  add_block (doc, BLOCK_PAGE_SIZE)->page_size = page_size;
  doc->last_size = page_size;
}

double
psems_pdf_doc_get_text_width (PsemsPdfDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);

  return (doc->last_size == PSEMS_PDF_A4_LANDSCAPE ? A4_LONG : A4_SHORT) - 2 * MARGIN_X;
}

void
psems_pdf_table_set_align (PsemsPdfTable *table,
                           guint          column,
                           PsemsPdfAlign  align)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (column < table->n_columns);

  table->align[column] = align;
}

void
psems_pdf_table_add_rowv (PsemsPdfTable      *table,
                          const char * const *cells)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (cells != NULL);

  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *cell = intern (table->doc, cells[i], TRUE);

      g_array_append_val (table->cells, cell);
    }
}

void
psems_pdf_table_add_row (PsemsPdfTable *table,
                         const char    *first_cell,
                         ...)
{
  va_list args;
  const char *cell = first_cell;

  g_return_if_fail (table != NULL);

  va_start (args, first_cell);
  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *stored = intern (table->doc, cell, TRUE);

      g_array_append_val (table->cells, stored);
      if (i + 1 < table->n_columns)
        cell = va_arg (args, const char *);
    }
  va_end (args);
}

void
psems_pdf_table_set_cell_fill (PsemsPdfTable  *table,
                               guint           column,
                               PsemsPdfColour  fill)
{
  CellFill cell;
  guint row;

  g_return_if_fail (table != NULL);
  g_return_if_fail (column < table->n_columns);
  g_return_if_fail (table->cells->len > 0);

  row = table->cells->len / table->n_columns - 1;
  for (guint i = table->fills->len; i > 0; i--)
    {
      CellFill *last = &g_array_index (table->fills, CellFill, i - 1);

      if (last->row != row)
        break;
      if (last->column == column)
        {
          last->fill = fill;
          return;
        }
    }
  cell.row = row;
  cell.column = column;
  cell.fill = fill;
  g_array_append_val (table->fills, cell);
}

guint
psems_pdf_table_get_n_rows (PsemsPdfTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->cells->len / table->n_columns;
}

/* ---- Failing ----------------------------------------------------------------------------- */

static const char *
describe_hpdf_error (HPDF_STATUS error_no)
{
  switch (error_no)
    {
    case HPDF_FAILD_TO_ALLOC_MEM:
      return _("out of memory");
    case HPDF_FILE_IO_ERROR:
    case HPDF_FILE_OPEN_ERROR:
      return _("the file cannot be read");
    case HPDF_TTF_INVALID_CMAP:
    case HPDF_TTF_INVALID_FOMAT:
    case HPDF_TTF_MISSING_TABLE:
    case HPDF_INVALID_TTC_FILE:
    case HPDF_INVALID_TTC_INDEX:
      return _("not a TrueType font the PDF library can embed");
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
      return _("the font's licence forbids embedding it");
    case HPDF_INVALID_PNG_IMAGE:
    case HPDF_LIBPNG_ERROR:
      return _("not a PNG image the PDF library can read");
    case HPDF_UNSUPPORTED_JPEG_FORMAT:
    case HPDF_INVALID_JPEG_DATA:
      return _("not a JPEG image the PDF library can read");
    case HPDF_STREAM_EOF:
    case HPDF_INVALID_IMAGE:
      return _("the file is damaged or in a form the PDF library cannot read");
    case HPDF_PAGE_CANNOT_GET_ROOT_PAGES:
    case HPDF_PAGE_INVALID_GMODE:
      return _("an internal drawing error");
    default:
      return _("the PDF library failed");
    }
}

static void
hpdf_error_cb (HPDF_STATUS error_no,
               HPDF_STATUS detail_no,
               void       *user_data)
{
  Writer *w = user_data;

  if (w->error == NULL)
    {
      if (w->context != NULL)
        w->error = g_error_new (PSEMS_ERROR, PSEMS_ERROR_FAILED,
                                /* Translators: %s is a file (font or image), then why it failed */
                                _("%s: %s (PDF library error 0x%04X, %u)"), w->context,
                                describe_hpdf_error (error_no), (guint) error_no,
                                (guint) detail_no);
      else
        w->error = g_error_new (PSEMS_ERROR, PSEMS_ERROR_FAILED,
                                _("%s (PDF library error 0x%04X, %u)"),
                                describe_hpdf_error (error_no), (guint) error_no,
                                (guint) detail_no);
    }
  longjmp (w->jump, 1);
}

static G_NORETURN void G_GNUC_PRINTF (4, 5)
fail (Writer     *w,
      GQuark      domain,
      int         code,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  if (w->error == NULL)
    w->error = g_error_new_valist (domain, code, format, args);
  va_end (args);
  longjmp (w->jump, 1);
}

/* ---- Pages ------------------------------------------------------------------------------- */

static inline double
pdf_y (Writer *w,
       double  y)
{
  return w->page_h - y;
}

static void
to_graphics (Writer *w)
{
  if (w->in_text)
    {
      HPDF_Page_EndText (w->page);
      w->in_text = FALSE;
    }
}

static void
to_text (Writer *w)
{
  if (!w->in_text)
    {
      HPDF_Page_BeginText (w->page);
      w->in_text = TRUE;
    }
}

static void
set_fill (Writer        *w,
          PsemsPdfColour colour)
{
  if (colour != w->fill)
    {
      HPDF_Page_SetRGBFill (w->page, ((colour >> 16) & 0xFF) / 255.0f,
                            ((colour >> 8) & 0xFF) / 255.0f, (colour & 0xFF) / 255.0f);
      w->fill = colour;
    }
}

static void
set_stroke (Writer        *w,
            PsemsPdfColour colour,
            double         width)
{
  HPDF_Page_SetRGBStroke (w->page, ((colour >> 16) & 0xFF) / 255.0f,
                          ((colour >> 8) & 0xFF) / 255.0f, (colour & 0xFF) / 255.0f);
  HPDF_Page_SetLineWidth (w->page, (HPDF_REAL) width);
}

static void
fill_rect (Writer        *w,
           double         x,
           double         y,
           double         width,
           double         height,
           PsemsPdfColour colour)
{
  to_graphics (w);
  set_fill (w, colour);
  HPDF_Page_Rectangle (w->page, (HPDF_REAL) x, (HPDF_REAL) pdf_y (w, y + height),
                       (HPDF_REAL) width, (HPDF_REAL) height);
  HPDF_Page_Fill (w->page);
}

static void
hline (Writer        *w,
       double         x1,
       double         x2,
       double         y,
       PsemsPdfColour colour,
       double         width)
{
  to_graphics (w);
  set_stroke (w, colour, width);
  HPDF_Page_MoveTo (w->page, (HPDF_REAL) x1, (HPDF_REAL) pdf_y (w, y));
  HPDF_Page_LineTo (w->page, (HPDF_REAL) x2, (HPDF_REAL) pdf_y (w, y));
  HPDF_Page_Stroke (w->page);
}

/* The baseline of a line box of @leading whose top is @y, for text of @size. */
static inline double
baseline (double y,
          double leading,
          double size)
{
  return y + leading / 2 + 0.345 * size;
}

/* Draws one line (@len bytes of @str) aligned in [@x, @x + @width] with its baseline at @base
 * (from the top). */
static void
show (Writer        *w,
      double         x,
      double         width,
      double         base,
      const char    *str,
      gssize         len,
      double         size,
      PsemsPdfWeight weight,
      PsemsPdfColour colour,
      PsemsPdfAlign  align)
{
  if (len == 0 || *str == '\0')
    return;
  if (align != PSEMS_PDF_ALIGN_START)
    {
      double text_width = psems_pdf_text_width (&w->text, str, len, size, weight, 0);

      x += align == PSEMS_PDF_ALIGN_END ? width - text_width : (width - text_width) / 2;
    }
  to_text (w);
  set_fill (w, colour);
  psems_pdf_text_draw (&w->text, w->page, x, pdf_y (w, base), str, len, size, weight, 0, FALSE);
}

static void
check_cancelled (Writer *w)
{
  if (g_cancellable_is_cancelled (w->cancellable))
    fail (w, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("The export was cancelled"));
}

static void
set_geometry (Writer          *w,
              PsemsPdfPageSize size)
{
  w->size = size;
  w->page_w = size == PSEMS_PDF_A4_LANDSCAPE ? A4_LONG : A4_SHORT;
  w->page_h = size == PSEMS_PDF_A4_LANDSCAPE ? A4_SHORT : A4_LONG;
  w->bottom = w->page_h - BODY_BOTTOM;
}

static inline double
text_width_of_page (Writer *w)
{
  return w->page_w - 2 * MARGIN_X;
}

static void
draw_page_frame (Writer *w)
{
  PsemsPdfDoc *doc = w->doc;
  double right = w->page_w - MARGIN_X;
  double width = right - MARGIN_X;
  g_autofree char *page_text = NULL;
  double foot = w->page_h - FOOTER_BASELINE;

  if (!w->cover_page && (doc->header_left != NULL || doc->header_right != NULL))
    {
      double right_width = 0;

      if (doc->header_right != NULL)
        {
          right_width = psems_pdf_text_width (&w->text, doc->header_right, -1, HEADER_SIZE,
                                              PSEMS_PDF_WEIGHT_BOLD, 0);
          show (w, MARGIN_X, width, HEADER_BASELINE, doc->header_right, -1, HEADER_SIZE,
                PSEMS_PDF_WEIGHT_BOLD, COLOUR_TEXT, PSEMS_PDF_ALIGN_END);
        }
      if (doc->header_left != NULL)
        {
          double room = width - right_width - 12;
          gssize fit = psems_pdf_text_fit_ellipsis (&w->text, doc->header_left, HEADER_SIZE,
                                                    PSEMS_PDF_WEIGHT_REGULAR, room, 0);

          if (fit < 0)
            show (w, MARGIN_X, room, HEADER_BASELINE, doc->header_left, -1, HEADER_SIZE,
                  PSEMS_PDF_WEIGHT_REGULAR, COLOUR_MUTED, PSEMS_PDF_ALIGN_START);
          else
            {
              g_autofree char *cut = g_strdup_printf ("%.*s\xe2\x80\xa6", (int) fit,
                                                      doc->header_left);

              show (w, MARGIN_X, room, HEADER_BASELINE, cut, -1, HEADER_SIZE,
                    PSEMS_PDF_WEIGHT_REGULAR, COLOUR_MUTED, PSEMS_PDF_ALIGN_START);
            }
        }
      hline (w, MARGIN_X, right, HEADER_RULE, COLOUR_RULE, 0.5);
    }

  if (doc->footer != NULL)
    show (w, MARGIN_X, width, foot, doc->footer, -1, HEADER_SIZE, PSEMS_PDF_WEIGHT_BOLD,
          COLOUR_MUTED, PSEMS_PDF_ALIGN_CENTRE);
  page_text = g_strdup_printf (_("Page %u of %u"), w->page_no, w->n_pages);
  show (w, MARGIN_X, width, foot, page_text, -1, HEADER_SIZE, PSEMS_PDF_WEIGHT_REGULAR,
        COLOUR_MUTED, PSEMS_PDF_ALIGN_END);
}

static void
end_page (Writer *w)
{
  if (!w->page_open)
    return;
  if (w->drawing)
    to_graphics (w);
  w->page_open = FALSE;
  w->cover_page = FALSE;
}

static void
begin_page (Writer *w)
{
  end_page (w);
  check_cancelled (w);
  w->page_no++;
  w->page_open = TRUE;
  w->page_empty = TRUE;
  w->y = BODY_TOP;
  if (!w->drawing)
    return;

  if (w->progress != NULL)
    w->progress (w->page_no - 1, w->n_pages, w->progress_data);
  w->page = HPDF_AddPage (w->pdf);
  HPDF_Page_SetSize (w->page, HPDF_PAGE_SIZE_A4,
                     w->size == PSEMS_PDF_A4_LANDSCAPE ? HPDF_PAGE_LANDSCAPE
                                                       : HPDF_PAGE_PORTRAIT);
  w->in_text = FALSE;
  w->fill = 0x000000;           /* the initial fill colour of a page */
  psems_pdf_text_reset_page (&w->text);
  draw_page_frame (w);
}

static void
ensure_page (Writer *w)
{
  if (!w->page_open)
    begin_page (w);
}

/* Makes room for @height below the current position: a new page when it does not fit (and
 * the page already holds something). */
static void
reserve (Writer *w,
         double  height)
{
  ensure_page (w);
  if (!w->page_empty && w->y + height > w->bottom)
    begin_page (w);
  w->page_empty = FALSE;
}

static inline double
body_height (Writer *w)
{
  return w->bottom - BODY_TOP;
}

/* ---- Wrapped text ---------------------------------------------------------------------- */

static void
layout_lines (Writer        *w,
              const char    *text,
              double         size,
              double         leading,
              PsemsPdfWeight weight,
              PsemsPdfColour colour,
              double         indent)
{
  double width = text_width_of_page (w) - indent;

  psems_pdf_text_wrap (&w->text, text, size, weight, width, w->lines);
  for (guint i = 0; i < w->lines->len; i++)
    {
      PsemsPdfLine *line = &g_array_index (w->lines, PsemsPdfLine, i);

      reserve (w, leading);
      if (w->drawing)
        show (w, MARGIN_X + indent, width, baseline (w->y, leading, size), text + line->offset,
              line->length, size, weight, colour, PSEMS_PDF_ALIGN_START);
      w->y += leading;
    }
}

static double
heading_height (Writer     *w,
                const char *text,
                guint       level)
{
  double size = heading_size[level];

  psems_pdf_text_wrap (&w->text, text, size, PSEMS_PDF_WEIGHT_BOLD, text_width_of_page (w),
                       w->lines);
  return w->lines->len * size * 1.3 + heading_after[level] + (level == 1 ? 4 : 0);
}

/* ---- Tables ------------------------------------------------------------------------------ */

static inline const char *
cell_at (PsemsPdfTable *table,
         guint          row,
         guint          column)
{
  return g_array_index (table->cells, const char *, (gsize) row * table->n_columns + column);
}

#define FIT_SAMPLE 400
#define SHORT_CELL 70.0

/* Lines a cell of @width points takes in a column of @inner points, as a first guess. */
static inline guint
guess_lines (double width,
             double inner)
{
  return width <= inner ? 1 : (guint) ceil (width / inner);
}

static double
guess_height (const double *cells,
              guint         n_rows,
              guint         n_columns,
              const double *widths)
{
  double total = 0;

  for (guint r = 0; r < n_rows; r++)
    {
      guint lines = 1;

      for (guint c = 0; c < n_columns; c++)
        lines = MAX (lines, guess_lines (cells[r * n_columns + c], widths[c] - 2 * CELL_PAD_X));
      total += lines;
    }
  return total;
}

/* Gives what is left of @budget to the columns that still wrap, in proportion to what they
 * lack. */
static void
spread_rest (guint         n,
             const double *most,
             double       *widths,
             double        budget)
{
  double lacking = 0;

  for (guint c = 0; c < n; c++)
    lacking += most[c] - widths[c];
  for (guint c = 0; c < n; c++)
    widths[c] += lacking > 0.01 ? budget * (most[c] - widths[c]) / lacking : budget / n;
}

/* Each step widens the column that saves the most lines per point spent, up to the next width
 * at which one of its sampled cells loses a line. */
static void
share_by_gain (const double *cells,
               guint         n_sample,
               guint         n,
               const double *most,
               double       *widths,
               double        budget)
{
  g_autofree double *trial = g_new0 (double, n);
  double height = guess_height (cells, n_sample, n, widths);

  while (budget > 0.01)
    {
      guint best = n;
      double best_rate = 0;
      double best_width = 0;
      double best_height = height;

      for (guint c = 0; c < n; c++)
        {
          double inner = widths[c] - 2 * CELL_PAD_X;
          double next = most[c];
          double h;

          if (widths[c] >= most[c])
            continue;
          for (guint i = 0; i < n_sample; i++)
            {
              guint lines = guess_lines (cells[i * n + c], inner);

              if (lines > 1)
                next = MIN (next, cells[i * n + c] / (lines - 1) + 2 * CELL_PAD_X + 0.01);
            }
          if (next - widths[c] > budget)
            next = widths[c] + budget;
          memcpy (trial, widths, n * sizeof (double));
          trial[c] = next;
          h = guess_height (cells, n_sample, n, trial);
          if (height - h > 0 && (height - h) / (next - widths[c]) > best_rate)
            {
              best = c;
              best_rate = (height - h) / (next - widths[c]);
              best_width = next;
              best_height = h;
            }
        }
      if (best == n)
        break;
      budget -= best_width - widths[best];
      widths[best] = best_width;
      height = best_height;
    }
  spread_rest (n, most, widths, budget);
}

/* As many columns as possible on one line, the cheapest first. */
static void
share_cheapest_first (guint         n,
                      const double *most,
                      double       *widths,
                      double        budget)
{
  g_autofree gboolean *full = g_new0 (gboolean, n);

  for (;;)
    {
      guint best = n;

      for (guint c = 0; c < n; c++)
        if (!full[c] && most[c] > widths[c]
            && (best == n || most[c] - widths[c] < most[best] - widths[best]))
          best = c;
      if (best == n || most[best] - widths[best] > budget)
        break;
      full[best] = TRUE;
      budget -= most[best] - widths[best];
      widths[best] = most[best];
    }
  spread_rest (n, most, widths, budget);
}

/* Shares @budget points beyond the columns' least widths so that the table comes out as
 * short as it can. Three ways of sharing are tried on a sample of the rows (by the lines they
 * save per point, the cheapest columns first, in proportion to what each lacks) and the one
 * whose rows take the fewest lines is kept. */
static void
share_width (Writer        *w,
             PsemsPdfTable *table,
             const double  *least,
             const double  *most,
             double         budget)
{
  guint n = table->n_columns;
  guint n_rows = psems_pdf_table_get_n_rows (table);
  guint n_sample = MIN (n_rows, FIT_SAMPLE);
  g_autofree double *cells = g_new0 (double, (gsize) MAX (n_sample, 1) * n);
  g_autofree double *candidate = g_new0 (double, 3 * n);
  double best_height = G_MAXDOUBLE;

  for (guint i = 0; i < n_sample; i++)
    {
      guint row = (guint) ((guint64) i * n_rows / n_sample);

      for (guint c = 0; c < n; c++)
        cells[i * n + c] = psems_pdf_text_extents (&w->text, cell_at (table, row, c), TABLE_SIZE,
                                                   PSEMS_PDF_WEIGHT_REGULAR, NULL);
    }
  for (guint k = 0; k < 3; k++)
    memcpy (candidate + k * n, least, n * sizeof (double));
  share_by_gain (cells, n_sample, n, most, candidate, budget);
  share_cheapest_first (n, most, candidate + n, budget);
  spread_rest (n, most, candidate + 2 * n, budget);
  for (guint k = 0; k < 3; k++)
    {
      double height = guess_height (cells, n_sample, n, candidate + k * n);

      if (height < best_height)
        {
          best_height = height;
          memcpy (table->widths, candidate + k * n, n * sizeof (double));
        }
    }
}

/* Column widths from the measured contents, as a browser lays out an automatic table: each
 * column gets at least its longest word (so a reference or a date is never broken) and at
 * most its longest line; what is left over goes to the columns that wrap, in proportion to
 * how much more they would take. Only when even the longest words do not fit are words
 * broken. */
static void
fit_columns (Writer        *w,
             PsemsPdfTable *table)
{
  guint n = table->n_columns;
  guint n_rows = psems_pdf_table_get_n_rows (table);
  double avail = text_width_of_page (w);
  g_autofree double *most = g_new0 (double, n);
  g_autofree double *least = g_new0 (double, n);
  g_autofree double *least_words = g_new0 (double, n);
  double sum_most = 0;
  double sum_least = 0;
  double sum_words = 0;
  const double pad = 2 * CELL_PAD_X + 0.5;

  if (table->fitted_for == avail)
    return;
  table->fitted_for = avail;
  /* the second pass reuses the first one's line counts: they hold for these widths only */
  if (table->row_lines == NULL)
    table->row_lines = g_byte_array_new ();
  g_byte_array_set_size (table->row_lines, n_rows);
  if (n_rows > 0)
    memset (table->row_lines->data, 0, n_rows);

  for (guint c = 0; c < n; c++)
    {
      double word = 0;
      double widest = psems_pdf_text_extents (&w->text, table->headings[c], TABLE_SIZE,
                                              PSEMS_PDF_WEIGHT_BOLD, &word);
      double longest = word;
      double longest_word = word;

      for (guint r = 0; r < n_rows; r++)
        {
          const char *cell = cell_at (table, r, c);
          double line;

          if (*cell == '\0')
            continue;
          line = psems_pdf_text_extents (&w->text, cell, TABLE_SIZE, PSEMS_PDF_WEIGHT_REGULAR,
                                         &word);
          widest = MAX (widest, line);
          longest_word = MAX (longest_word, word);
          /* a short cell ("73 %", "ISPS A/16.3.1") is kept on one line like a word */
          longest = MAX (longest, line <= SHORT_CELL ? line : word);
        }
      most[c] = MIN (widest + pad, avail);
      least[c] = MIN (longest + pad, most[c]);
      least_words[c] = MIN (longest_word + pad, most[c]);
      sum_most += most[c];
      sum_least += least[c];
      sum_words += least_words[c];
    }
  /* short cells stay whole only while the longest words still fit */
  if (sum_least > avail && sum_words < sum_least)
    {
      memcpy (least, least_words, n * sizeof (double));
      sum_least = sum_words;
    }

  if (sum_most <= avail)
    {
      /* everything fits on one line: the spare width spread in proportion */
      for (guint c = 0; c < n; c++)
        table->widths[c] = most[c] + (avail - sum_most) * most[c] / sum_most;
    }
  else if (sum_least <= avail)
    share_width (w, table, least, most, avail - sum_least);
  else
    {
      /* Even the longest words do not fit (a SHA-256, a long path): the columns whose words
       * are short keep them whole, the others share what is left and break their words */
      g_autofree gboolean *whole = g_new0 (gboolean, n);
      gboolean changed = TRUE;
      double left = avail;
      guint n_open = n;

      while (changed && n_open > 0)
        {
          changed = FALSE;
          for (guint c = 0; c < n; c++)
            if (!whole[c] && least[c] <= left / n_open)
              {
                whole[c] = TRUE;
                left -= least[c];
                n_open--;
                changed = TRUE;
              }
        }
      for (guint c = 0; c < n; c++)
        table->widths[c] = whole[c] ? least[c] : left / MAX (n_open, 1);
    }
}

static guint
cell_n_lines (Writer        *w,
              PsemsPdfTable *table,
              const char    *cell,
              guint          column,
              PsemsPdfWeight weight)
{
  double inner = table->widths[column] - 2 * CELL_PAD_X;

  if (*cell == '\0')
    return 1;
  if (strchr (cell, '\n') == NULL
      && psems_pdf_text_width (&w->text, cell, -1, TABLE_SIZE, weight, 0) <= inner)
    return 1;
  psems_pdf_text_wrap (&w->text, cell, TABLE_SIZE, weight, inner, w->lines);
  return MAX (w->lines->len, 1);
}

static guint
row_n_lines (Writer        *w,
             PsemsPdfTable *table,
             const char   **cells,
             PsemsPdfWeight weight)
{
  guint n = 1;

  for (guint c = 0; c < table->n_columns; c++)
    n = MAX (n, cell_n_lines (w, table, cells[c], c, weight));
  return n;
}

static guint
body_row_n_lines (Writer        *w,
                  PsemsPdfTable *table,
                  guint          row)
{
  guint8 *cached = &table->row_lines->data[row];
  guint n;

  if (*cached != 0 && *cached != 255)
    return *cached;
  n = row_n_lines (w, table, &g_array_index (table->cells, const char *,
                                             (gsize) row * table->n_columns),
                   PSEMS_PDF_WEIGHT_REGULAR);
  *cached = (guint8) MIN (n, 255);
  return n;
}

static inline double
row_height (guint n_lines)
{
  return n_lines * TABLE_LEADING + 2 * CELL_PAD_Y;
}

/* Draws lines [@from, @to) of each cell of a row whose top is @y. */
static void
draw_row_text (Writer        *w,
               PsemsPdfTable *table,
               const char   **cells,
               guint          from,
               guint          to,
               guint          n_lines,
               double         y,
               PsemsPdfWeight weight)
{
  double x = MARGIN_X;

  for (guint c = 0; c < table->n_columns; c++)
    {
      const char *cell = cells[c];
      double inner = table->widths[c] - 2 * CELL_PAD_X;
      PsemsPdfAlign align = table->align[c];
      double line_y = y + CELL_PAD_Y;

      if (*cell != '\0')
        {
          /* a row of one line has every cell on one line: nothing to measure again */
          if (n_lines == 1
              || (strchr (cell, '\n') == NULL
                  && psems_pdf_text_width (&w->text, cell, -1, TABLE_SIZE, weight, 0) <= inner))
            {
              if (from == 0)
                show (w, x + CELL_PAD_X, inner, baseline (line_y, TABLE_LEADING, TABLE_SIZE),
                      cell, -1, TABLE_SIZE, weight, COLOUR_TEXT, align);
            }
          else
            {
              psems_pdf_text_wrap (&w->text, cell, TABLE_SIZE, weight, inner, w->lines);
              for (guint i = from; i < to && i < w->lines->len; i++)
                {
                  PsemsPdfLine *line = &g_array_index (w->lines, PsemsPdfLine, i);

                  show (w, x + CELL_PAD_X, inner, baseline (line_y, TABLE_LEADING, TABLE_SIZE),
                        cell + line->offset, line->length, TABLE_SIZE, weight, COLOUR_TEXT,
                        align);
                  line_y += TABLE_LEADING;
                }
            }
        }
      x += table->widths[c];
    }
}

static gsize
first_fill_of_row (PsemsPdfTable *table,
                   guint          row)
{
  gsize lo = 0;
  gsize hi = table->fills->len;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (g_array_index (table->fills, CellFill, mid).row < row)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
draw_table_page (Writer        *w,
                 PsemsPdfTable *table,
                 double         top,
                 double         header_h,
                 guint          header_lines)
{
  double right = MARGIN_X + text_width_of_page (w);
  double y;

  /* Backgrounds and rules first, then the text in one text object */
  fill_rect (w, MARGIN_X, top, right - MARGIN_X, header_h, COLOUR_HEAD_FILL);
  y = top + header_h;
  for (guint i = 0; i < w->parts->len; i++)
    {
      RowPart *part = &g_array_index (w->parts, RowPart, i);

      if (part->row % 2 == 1)
        fill_rect (w, MARGIN_X, y, right - MARGIN_X, part->height, COLOUR_ZEBRA);
      if (table->fills->len > 0)
        {
          double x = MARGIN_X;
          guint column = 0;

          for (gsize f = first_fill_of_row (table, part->row);
               f < table->fills->len && g_array_index (table->fills, CellFill, f).row == part->row;
               f++)
            {
              CellFill *fill = &g_array_index (table->fills, CellFill, f);

              if (fill->fill == COLOUR_NONE)
                continue;
              for (; column < fill->column; column++)
                x += table->widths[column];
              fill_rect (w, x, y, table->widths[column], part->height, fill->fill);
            }
        }
      y += part->height;
    }
  to_graphics (w);
  set_stroke (w, COLOUR_RULE, 0.35);
  y = top + header_h;
  for (guint i = 0; i < w->parts->len; i++)
    {
      y += g_array_index (w->parts, RowPart, i).height;
      HPDF_Page_MoveTo (w->page, (HPDF_REAL) MARGIN_X, (HPDF_REAL) pdf_y (w, y));
      HPDF_Page_LineTo (w->page, (HPDF_REAL) right, (HPDF_REAL) pdf_y (w, y));
    }
  if (w->parts->len > 0)
    HPDF_Page_Stroke (w->page);
  hline (w, MARGIN_X, right, top + header_h, COLOUR_HEAD_RULE, 0.7);

  draw_row_text (w, table, table->headings, 0, header_lines, header_lines, top,
                 PSEMS_PDF_WEIGHT_BOLD);
  y = top + header_h;
  for (guint i = 0; i < w->parts->len; i++)
    {
      RowPart *part = &g_array_index (w->parts, RowPart, i);
      const char **cells = &g_array_index (table->cells, const char *,
                                           (gsize) part->row * table->n_columns);

      draw_row_text (w, table, cells, part->from, part->to, part->n_lines, y,
                     PSEMS_PDF_WEIGHT_REGULAR);
      y += part->height;
    }
}

static void
layout_table (Writer        *w,
              PsemsPdfTable *table)
{
  guint n_rows = psems_pdf_table_get_n_rows (table);
  guint header_lines;
  double header_h;
  guint row = 0;
  guint from = 0;
  guint row_lines = 0;
  guint row_lines_of = G_MAXUINT;

  ensure_page (w);
  fit_columns (w, table);
  header_lines = row_n_lines (w, table, table->headings, PSEMS_PDF_WEIGHT_BOLD);
  header_h = row_height (header_lines);

  do
    {
      double top;
      double first;

      if (row < n_rows && row_lines_of != row)
        {
          row_lines = body_row_n_lines (w, table, row);
          row_lines_of = row;
        }
      /* the header never ends a page alone: it goes with (the start of) the first row */
      first = row < n_rows ? row_height (row_lines - from) : 0;
      reserve (w, header_h + MIN (first, body_height (w) - header_h));
      top = w->y;
      w->y += header_h;
      g_array_set_size (w->parts, 0);
      while (row < n_rows)
        {
          RowPart part;

          if (row_lines_of != row)
            {
              row_lines = body_row_n_lines (w, table, row);
              row_lines_of = row;
            }
          part.row = row;
          part.n_lines = row_lines;
          part.from = from;
          part.to = row_lines;
          part.height = row_height (row_lines - from);
          if (w->y + part.height > w->bottom)
            {
              guint fit;

              if (w->parts->len > 0)
                break;
              /* a row taller than a page goes on over the next */
              fit = (guint) floor ((w->bottom - w->y - 2 * CELL_PAD_Y) / TABLE_LEADING);
              fit = CLAMP (fit, 1, row_lines - from);
              part.to = from + fit;
              part.height = row_height (fit);
            }
          g_array_append_val (w->parts, part);
          w->y += part.height;
          if (part.to < row_lines)
            {
              from = part.to;
              break;
            }
          row++;
          from = 0;
        }
      if (w->drawing)
        draw_table_page (w, table, top, header_h, header_lines);
      if (row < n_rows)
        begin_page (w);
    }
  while (row < n_rows);
  w->y += BLOCK_GAP + 3;
}

/* ---- Key-value blocks ---------------------------------------------------------------------- */

static void
layout_key_values (Writer             *w,
                   const char * const *pairs,
                   double              key_size,
                   double              value_size,
                   PsemsPdfColour      key_colour,
                   double              row_gap)
{
  double avail = text_width_of_page (w);
  double key_width = 0;
  double value_x;
  double value_width;
  double leading = MAX (key_size, value_size) * 1.38;

  for (guint i = 0; pairs[i] != NULL; i += 2)
    key_width = MAX (key_width, psems_pdf_text_width (&w->text, pairs[i], -1, key_size,
                                                      PSEMS_PDF_WEIGHT_BOLD, 0));
  key_width = MIN (key_width, avail * 0.34);
  value_x = MARGIN_X + key_width + 14;
  value_width = avail - key_width - 14;

  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      guint n_keys;
      guint n_values;
      guint n;
      double height;

      psems_pdf_text_wrap (&w->text, pairs[i], key_size, PSEMS_PDF_WEIGHT_BOLD, key_width,
                           w->lines2);
      psems_pdf_text_wrap (&w->text, pairs[i + 1], value_size, PSEMS_PDF_WEIGHT_REGULAR,
                           value_width, w->lines);
      n_keys = w->lines2->len;
      n_values = w->lines->len;
      n = MAX (n_keys, n_values);
      height = n * leading;
      if (height <= body_height (w))
        reserve (w, height);
      for (guint l = 0; l < n; l++)
        {
          if (height > body_height (w))
            reserve (w, leading);
          if (w->drawing && l < n_keys)
            {
              PsemsPdfLine *line = &g_array_index (w->lines2, PsemsPdfLine, l);

              show (w, MARGIN_X, key_width, baseline (w->y, leading, key_size),
                    pairs[i] + line->offset, line->length, key_size, PSEMS_PDF_WEIGHT_BOLD,
                    key_colour, PSEMS_PDF_ALIGN_START);
            }
          if (w->drawing && l < n_values)
            {
              PsemsPdfLine *line = &g_array_index (w->lines, PsemsPdfLine, l);

              show (w, value_x, value_width, baseline (w->y, leading, value_size),
                    pairs[i + 1] + line->offset, line->length, value_size,
                    PSEMS_PDF_WEIGHT_REGULAR, COLOUR_TEXT, PSEMS_PDF_ALIGN_START);
            }
          w->y += leading;
        }
      w->y += row_gap;
    }
  w->y += BLOCK_GAP;
}

/* ---- Images ------------------------------------------------------------------------------- */

typedef struct
{
  const guchar *data;
  gsize length;
  gsize offset;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->offset + length > reader->length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

/* PNGs are decoded by cairo, not by libharu: libharu 2.3 leaves libpng without an error
 * handler, and libpng aborts the whole program on a damaged file. The image goes in as RGB
 * over white (the page's colour), so a transparent logo looks as it should. */
static HPDF_Image
load_png (Writer *w)
{
  PngReader reader = { (const guchar *) w->image_data, w->image_length, 0 };
  cairo_surface_t *png = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);
  cairo_surface_t *flat;
  cairo_t *cr;
  int width;
  int height;
  int stride;
  const guchar *pixels;
  HPDF_Image image;

  if (cairo_surface_status (png) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (png);
      fail (w, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("Cannot read the image %s: %s"),
            w->image_display, _("not a PNG image that can be read"));
    }
  width = cairo_image_surface_get_width (png);
  height = cairo_image_surface_get_height (png);
  flat = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (flat);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, png, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (png);
  cairo_surface_flush (flat);
  if (cairo_surface_status (flat) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (flat);
      fail (w, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot read the image %s: %s"),
            w->image_display, _("out of memory"));
    }

  /* packed RGB rows for libharu, kept in the writer until the image is read */
  g_free (w->image_rgb);
  w->image_rgb = g_malloc ((gsize) width * height * 3);
  pixels = cairo_image_surface_get_data (flat);
  stride = cairo_image_surface_get_stride (flat);
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (pixels + (gsize) y * stride);
      guchar *out = w->image_rgb + (gsize) y * width * 3;

      for (int x = 0; x < width; x++)
        {
          out[3 * x] = (row[x] >> 16) & 0xFF;
          out[3 * x + 1] = (row[x] >> 8) & 0xFF;
          out[3 * x + 2] = row[x] & 0xFF;
        }
    }
  cairo_surface_destroy (flat);
  image = HPDF_LoadRawImageFromMem (w->pdf, w->image_rgb, (HPDF_UINT) width, (HPDF_UINT) height,
                                    HPDF_CS_DEVICE_RGB, 8);
  g_clear_pointer (&w->image_rgb, g_free);
  return image;
}

static HPDF_Image
load_image (Writer     *w,
            const char *path)
{
  HPDF_Image image = NULL;
  GError *local = NULL;

  /* Everything a failure would leak lives in the writer: its error branch longjmps */
  g_free (w->image_display);
  w->image_display = g_filename_display_name (path);
  g_clear_pointer (&w->image_data, g_free);
  if (!g_file_get_contents (path, &w->image_data, &w->image_length, &local))
    {
      w->error = g_error_new (PSEMS_ERROR, PSEMS_ERROR_INVALID, _("Cannot read the image %s: %s"),
                              w->image_display, local->message);
      g_error_free (local);
      longjmp (w->jump, 1);
    }
  w->context = w->image_display;
  if (w->image_length >= 8 && memcmp (w->image_data, "\x89PNG\r\n\x1a\n", 8) == 0)
    image = load_png (w);
  else if (w->image_length >= 3 && memcmp (w->image_data, "\xff\xd8\xff", 3) == 0)
    image = HPDF_LoadJpegImageFromMem (w->pdf, (const HPDF_BYTE *) w->image_data,
                                       (HPDF_UINT) w->image_length);
  else
    fail (w, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("The image %s is neither PNG nor JPEG"),
          w->image_display);
  w->context = NULL;
  g_clear_pointer (&w->image_data, g_free);
  if (image == NULL)
    fail (w, PSEMS_ERROR, PSEMS_ERROR_INVALID, _("Cannot read the image %s"), w->image_display);
  return image;
}

static HPDF_Image
block_image (Writer     *w,
             gconstpointer key,
             const char *path)
{
  HPDF_Image image = g_hash_table_lookup (w->images, key);

  if (image == NULL)
    {
      image = load_image (w, path);
      g_hash_table_insert (w->images, (gpointer) key, image);
    }
  return image;
}

static void
layout_image (Writer *w,
              Block  *block)
{
  HPDF_Image image = block_image (w, block, block->text);
  double iw = HPDF_Image_GetWidth (image);
  double ih = HPDF_Image_GetHeight (image);
  double width = MIN (block->width, text_width_of_page (w));
  double height = iw > 0 ? width * ih / iw : width;

  if (height > body_height (w))
    {
      width *= body_height (w) / height;
      height = body_height (w);
    }
  reserve (w, height);
  if (w->drawing)
    {
      to_graphics (w);
      HPDF_Page_DrawImage (w->page, image,
                           (HPDF_REAL) (MARGIN_X + (text_width_of_page (w) - width) / 2),
                           (HPDF_REAL) pdf_y (w, w->y + height), (HPDF_REAL) width,
                           (HPDF_REAL) height);
    }
  w->y += height + BLOCK_GAP;
}

/* ---- Drawings: the canvas ---------------------------------------------------------------- */

typedef enum
{
  PATH_MOVE,
  PATH_LINE,
  PATH_CURVE,
  PATH_CLOSE,
} PathOp;

typedef struct
{
  PathOp op;
  double x[3];
  double y[3];
} PathItem;

typedef struct
{
  double fill[4];
  double stroke[4];
  double line_width;
  PsemsPdfLineCap cap;
  PsemsPdfLineJoin join;
  double dashes[8];
  guint n_dashes;
  double dash_offset;
  /* what the page's graphics state holds */
  double applied_fill[4];
  double applied_stroke[4];
  double applied_line_width;
  int applied_cap;              /* -1: not set on this page yet */
  int applied_join;
  gboolean applied_dash;
  guint applied_alphas;
} CanvasState;

struct _PsemsPdfCanvas
{
  Writer *w;
  double x0;                    /* PDF coordinates of the drawing's top-left */
  double y0;
  double scale;
  CanvasState state;
  GArray *stack;                /* CanvasState */
  GArray *path;                 /* PathItem */
  gboolean has_point;
  double cx;
  double cy;
};

void
psems_pdf_canvas_save (PsemsPdfCanvas *canvas)
{
  g_return_if_fail (canvas != NULL);

  to_graphics (canvas->w);
  HPDF_Page_GSave (canvas->w->page);
  g_array_append_val (canvas->stack, canvas->state);
}

void
psems_pdf_canvas_restore (PsemsPdfCanvas *canvas)
{
  g_return_if_fail (canvas != NULL);
  g_return_if_fail (canvas->stack->len > 0);

  to_graphics (canvas->w);
  HPDF_Page_GRestore (canvas->w->page);
  canvas->state = g_array_index (canvas->stack, CanvasState, canvas->stack->len - 1);
  g_array_set_size (canvas->stack, canvas->stack->len - 1);
  psems_pdf_text_reset_page (&canvas->w->text);
  canvas->w->fill = G_MAXUINT32;
}

static void
set_rgba (double *rgba,
          double  r,
          double  g,
          double  b,
          double  alpha)
{
  rgba[0] = CLAMP (r, 0, 1);
  rgba[1] = CLAMP (g, 0, 1);
  rgba[2] = CLAMP (b, 0, 1);
  rgba[3] = CLAMP (alpha, 0, 1);
}

void
psems_pdf_canvas_set_fill (PsemsPdfCanvas *canvas,
                           double r, double g, double b, double alpha)
{
  g_return_if_fail (canvas != NULL);

  set_rgba (canvas->state.fill, r, g, b, alpha);
}

void
psems_pdf_canvas_set_stroke (PsemsPdfCanvas *canvas,
                             double r, double g, double b, double alpha)
{
  g_return_if_fail (canvas != NULL);

  set_rgba (canvas->state.stroke, r, g, b, alpha);
}

void
psems_pdf_canvas_set_line_width (PsemsPdfCanvas *canvas,
                                 double          width)
{
  g_return_if_fail (canvas != NULL);

  canvas->state.line_width = MAX (width, 0);
}

void
psems_pdf_canvas_set_line_cap (PsemsPdfCanvas  *canvas,
                               PsemsPdfLineCap  cap)
{
  g_return_if_fail (canvas != NULL);

  canvas->state.cap = cap;
}

void
psems_pdf_canvas_set_line_join (PsemsPdfCanvas   *canvas,
                                PsemsPdfLineJoin  join)
{
  g_return_if_fail (canvas != NULL);

  canvas->state.join = join;
}

void
psems_pdf_canvas_set_dash (PsemsPdfCanvas *canvas,
                           const double   *dashes,
                           guint           n_dashes,
                           double          offset)
{
  g_return_if_fail (canvas != NULL);
  g_return_if_fail (n_dashes <= 8);
  g_return_if_fail (n_dashes == 0 || dashes != NULL);

  canvas->state.n_dashes = n_dashes;
  for (guint i = 0; i < n_dashes; i++)
    canvas->state.dashes[i] = MAX (dashes[i], 0);
  canvas->state.dash_offset = offset;
}

static void
path_add (PsemsPdfCanvas *canvas,
          PathOp          op,
          double x1, double y1, double x2, double y2, double x3, double y3)
{
  PathItem item = { op, { x1, x2, x3 }, { y1, y2, y3 } };

  g_array_append_val (canvas->path, item);
}

void
psems_pdf_canvas_move_to (PsemsPdfCanvas *canvas,
                          double          x,
                          double          y)
{
  g_return_if_fail (canvas != NULL);

  path_add (canvas, PATH_MOVE, x, y, 0, 0, 0, 0);
  canvas->has_point = TRUE;
  canvas->cx = x;
  canvas->cy = y;
}

void
psems_pdf_canvas_line_to (PsemsPdfCanvas *canvas,
                          double          x,
                          double          y)
{
  g_return_if_fail (canvas != NULL);

  path_add (canvas, canvas->has_point ? PATH_LINE : PATH_MOVE, x, y, 0, 0, 0, 0);
  canvas->has_point = TRUE;
  canvas->cx = x;
  canvas->cy = y;
}

void
psems_pdf_canvas_curve_to (PsemsPdfCanvas *canvas,
                           double x1, double y1, double x2, double y2, double x3, double y3)
{
  g_return_if_fail (canvas != NULL);

  if (!canvas->has_point)
    psems_pdf_canvas_move_to (canvas, x1, y1);
  path_add (canvas, PATH_CURVE, x1, y1, x2, y2, x3, y3);
  canvas->cx = x3;
  canvas->cy = y3;
}

void
psems_pdf_canvas_arc (PsemsPdfCanvas *canvas,
                      double xc, double yc, double radius,
                      double angle1, double angle2)
{
  guint n_segments;
  double step;

  g_return_if_fail (canvas != NULL);

  while (angle2 < angle1)
    angle2 += 2 * G_PI;
  psems_pdf_canvas_line_to (canvas, xc + radius * cos (angle1), yc + radius * sin (angle1));
  if (radius <= 0 || angle2 == angle1)
    return;
  /* Bézier quarters at most: k = 4/3 tan(θ/4) keeps the error below 0.03 % of the radius */
  n_segments = (guint) ceil ((angle2 - angle1) / (G_PI / 2));
  n_segments = MAX (n_segments, 1);
  step = (angle2 - angle1) / n_segments;
  for (guint i = 0; i < n_segments; i++)
    {
      double a = angle1 + i * step;
      double b = a + step;
      double k = 4.0 / 3.0 * tan (step / 4) * radius;

      psems_pdf_canvas_curve_to (canvas,
                                 xc + radius * cos (a) - k * sin (a),
                                 yc + radius * sin (a) + k * cos (a),
                                 xc + radius * cos (b) + k * sin (b),
                                 yc + radius * sin (b) - k * cos (b),
                                 xc + radius * cos (b), yc + radius * sin (b));
    }
}

void
psems_pdf_canvas_rectangle (PsemsPdfCanvas *canvas,
                            double x, double y, double width, double height)
{
  g_return_if_fail (canvas != NULL);

  psems_pdf_canvas_move_to (canvas, x, y);
  path_add (canvas, PATH_LINE, x + width, y, 0, 0, 0, 0);
  path_add (canvas, PATH_LINE, x + width, y + height, 0, 0, 0, 0);
  path_add (canvas, PATH_LINE, x, y + height, 0, 0, 0, 0);
  psems_pdf_canvas_close_path (canvas);
}

void
psems_pdf_canvas_close_path (PsemsPdfCanvas *canvas)
{
  g_return_if_fail (canvas != NULL);

  if (canvas->path->len == 0)
    return;
  path_add (canvas, PATH_CLOSE, 0, 0, 0, 0, 0, 0);
  /* as in cairo, the current point goes back to the start of the sub-path */
  for (guint i = canvas->path->len; i > 0; i--)
    {
      PathItem *item = &g_array_index (canvas->path, PathItem, i - 1);

      if (item->op == PATH_MOVE)
        {
          canvas->cx = item->x[0];
          canvas->cy = item->y[0];
          break;
        }
    }
}

static HPDF_ExtGState
alpha_state (PsemsPdfCanvas *canvas,
             guint           alphas)
{
  Writer *w = canvas->w;
  HPDF_ExtGState state = g_hash_table_lookup (w->ext_gstates, GUINT_TO_POINTER (alphas + 1));

  if (state == NULL)
    {
      state = HPDF_CreateExtGState (w->pdf);
      HPDF_ExtGState_SetAlphaFill (state, (alphas >> 8) / 255.0f);
      HPDF_ExtGState_SetAlphaStroke (state, (alphas & 0xFF) / 255.0f);
      g_hash_table_insert (w->ext_gstates, GUINT_TO_POINTER (alphas + 1), state);
    }
  return state;
}

/* Brings the page's colours, alphas, width and dashes to what the canvas wants. */
static void
apply_state (PsemsPdfCanvas *canvas,
             gboolean        fill,
             gboolean        stroke)
{
  Writer *w = canvas->w;
  CanvasState *s = &canvas->state;
  guint alphas;

  to_graphics (w);
  alphas = ((guint) lround (s->fill[3] * 255) << 8) | (guint) lround (s->stroke[3] * 255);
  if (alphas != s->applied_alphas)
    {
      HPDF_Page_SetExtGState (w->page, alpha_state (canvas, alphas));
      s->applied_alphas = alphas;
    }
  if (fill && memcmp (s->fill, s->applied_fill, 3 * sizeof (double)) != 0)
    {
      HPDF_Page_SetRGBFill (w->page, (HPDF_REAL) s->fill[0], (HPDF_REAL) s->fill[1],
                            (HPDF_REAL) s->fill[2]);
      memcpy (s->applied_fill, s->fill, sizeof s->fill);
      w->fill = G_MAXUINT32;
    }
  if (stroke)
    {
      double width = s->line_width * canvas->scale;

      if (memcmp (s->stroke, s->applied_stroke, 3 * sizeof (double)) != 0)
        {
          HPDF_Page_SetRGBStroke (w->page, (HPDF_REAL) s->stroke[0], (HPDF_REAL) s->stroke[1],
                                  (HPDF_REAL) s->stroke[2]);
          memcpy (s->applied_stroke, s->stroke, sizeof s->stroke);
        }
      if (width != s->applied_line_width)
        {
          HPDF_Page_SetLineWidth (w->page, (HPDF_REAL) width);
          s->applied_line_width = width;
        }
      if ((int) s->cap != s->applied_cap)
        {
          HPDF_Page_SetLineCap (w->page, s->cap == PSEMS_PDF_CAP_ROUND ? HPDF_ROUND_END : HPDF_BUTT_END);
          s->applied_cap = (int) s->cap;
        }
      if ((int) s->join != s->applied_join)
        {
          HPDF_Page_SetLineJoin (w->page, s->join == PSEMS_PDF_JOIN_ROUND ? HPDF_ROUND_JOIN : HPDF_MITER_JOIN);
          s->applied_join = (int) s->join;
        }
      if (s->n_dashes > 0 || s->applied_dash)
        {
          /* libharu takes whole points for dashes */
          HPDF_UINT16 pattern[8];

          for (guint i = 0; i < s->n_dashes; i++)
            pattern[i] = (HPDF_UINT16) MAX (1, lround (s->dashes[i] * canvas->scale));
          HPDF_Page_SetDash (w->page, s->n_dashes > 0 ? pattern : NULL, s->n_dashes,
                             (HPDF_UINT) MAX (0, lround (s->dash_offset * canvas->scale)));
          s->applied_dash = s->n_dashes > 0;
        }
    }
}

static gboolean
emit_path (PsemsPdfCanvas *canvas)
{
  HPDF_Page page = canvas->w->page;
  double s = canvas->scale;
  gboolean drawn = FALSE;

  for (guint i = 0; i < canvas->path->len; i++)
    {
      PathItem *item = &g_array_index (canvas->path, PathItem, i);
      HPDF_REAL x[3];
      HPDF_REAL y[3];

      for (guint k = 0; k < 3; k++)
        {
          x[k] = (HPDF_REAL) (canvas->x0 + s * item->x[k]);
          y[k] = (HPDF_REAL) (canvas->y0 - s * item->y[k]);
        }
      switch (item->op)
        {
        case PATH_MOVE:
          HPDF_Page_MoveTo (page, x[0], y[0]);
          break;
        case PATH_LINE:
          HPDF_Page_LineTo (page, x[0], y[0]);
          drawn = TRUE;
          break;
        case PATH_CURVE:
          HPDF_Page_CurveTo (page, x[0], y[0], x[1], y[1], x[2], y[2]);
          drawn = TRUE;
          break;
        case PATH_CLOSE:
          HPDF_Page_ClosePath (page);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return drawn;
}

typedef enum
{
  PAINT_FILL,
  PAINT_EO_FILL,
  PAINT_STROKE,
  PAINT_FILL_STROKE,
} Paint;

static void
paint (PsemsPdfCanvas *canvas,
       Paint           how)
{
  HPDF_Page page = canvas->w->page;

  if (canvas->path->len > 0)
    {
      apply_state (canvas, how != PAINT_STROKE, how == PAINT_STROKE || how == PAINT_FILL_STROKE);
      /* a path of moves alone paints nothing; libharu would refuse to paint it */
      if (emit_path (canvas))
        switch (how)
          {
          case PAINT_FILL:
            HPDF_Page_Fill (page);
            break;
          case PAINT_EO_FILL:
            HPDF_Page_Eofill (page);
            break;
          case PAINT_STROKE:
            HPDF_Page_Stroke (page);
            break;
          case PAINT_FILL_STROKE:
            HPDF_Page_FillStroke (page);
            break;
          default:
            g_assert_not_reached ();
          }
      else
        HPDF_Page_EndPath (page);
    }
  g_array_set_size (canvas->path, 0);
  canvas->has_point = FALSE;
}

void
psems_pdf_canvas_fill (PsemsPdfCanvas *canvas,
                       gboolean        even_odd)
{
  g_return_if_fail (canvas != NULL);

  paint (canvas, even_odd ? PAINT_EO_FILL : PAINT_FILL);
}

void
psems_pdf_canvas_stroke (PsemsPdfCanvas *canvas)
{
  g_return_if_fail (canvas != NULL);

  paint (canvas, PAINT_STROKE);
}

void
psems_pdf_canvas_fill_stroke (PsemsPdfCanvas *canvas)
{
  g_return_if_fail (canvas != NULL);

  paint (canvas, PAINT_FILL_STROKE);
}

double
psems_pdf_canvas_text_width (PsemsPdfCanvas *canvas,
                             const char     *text,
                             double          size,
                             PsemsPdfWeight  weight,
                             double          letter_spacing)
{
  g_return_val_if_fail (canvas != NULL, 0);
  g_return_val_if_fail (text != NULL, 0);

  if (!g_utf8_validate (text, -1, NULL))
    {
      char *excerpt = psems_pdf_text_excerpt (text);

      canvas->w->error = g_error_new (PSEMS_ERROR, PSEMS_ERROR_INVALID,
                                      _("The text “%s” is not valid UTF-8"), excerpt);
      g_free (excerpt);
      longjmp (canvas->w->jump, 1);
    }
  return psems_pdf_text_width (&canvas->w->text, text, -1, size, weight, letter_spacing);
}

double
psems_pdf_canvas_show_text (PsemsPdfCanvas *canvas,
                            double          x,
                            double          y,
                            const char     *text,
                            double          size,
                            PsemsPdfWeight  weight,
                            PsemsPdfAlign   align,
                            double          max_width,
                            double          letter_spacing)
{
  Writer *w;
  double width;
  double s;
  g_autofree char *cut = NULL;
  const char *shown = text;

  g_return_val_if_fail (canvas != NULL, 0);
  g_return_val_if_fail (text != NULL, 0);

  w = canvas->w;
  s = canvas->scale;
  width = psems_pdf_canvas_text_width (canvas, text, size, weight, letter_spacing);
  if (max_width > 0 && width > max_width)
    {
      gssize fit = psems_pdf_text_fit_ellipsis (&w->text, text, size, weight, max_width,
                                                letter_spacing);

      if (fit >= 0)
        {
          cut = g_strdup_printf ("%.*s\xe2\x80\xa6", (int) fit, text);
          shown = cut;
          width = psems_pdf_text_width (&w->text, cut, -1, size, weight, letter_spacing);
        }
    }
  if (*shown == '\0')
    return 0;
  if (align == PSEMS_PDF_ALIGN_CENTRE)
    x -= width / 2;
  else if (align == PSEMS_PDF_ALIGN_END)
    x -= width;

  apply_state (canvas, TRUE, FALSE);
  to_text (w);
  psems_pdf_text_draw (&w->text, w->page, canvas->x0 + s * x,
                       canvas->y0 - s * (y + w->text.ascent * size), shown, -1, size * s,
                       weight, letter_spacing * s, FALSE);
  return width;
}

static void
layout_drawing (Writer *w,
                Block  *block)
{
  double scale = 1;
  double avail = text_width_of_page (w);
  double width;
  double height;

  if (block->width > avail)
    scale = avail / block->width;
  if (block->height * scale > body_height (w))
    scale = body_height (w) / block->height;
  width = block->width * scale;
  height = block->height * scale;
  reserve (w, height);
  if (w->drawing)
    {
      PsemsPdfCanvas canvas = { 0 };

      canvas.w = w;
      canvas.scale = scale;
      canvas.x0 = MARGIN_X + (avail - width) / 2;
      canvas.y0 = pdf_y (w, w->y);
      canvas.stack = w->canvas_stack;
      canvas.path = w->canvas_path;
      g_array_set_size (canvas.stack, 0);
      g_array_set_size (canvas.path, 0);
      canvas.state.line_width = 1;
      canvas.state.fill[3] = canvas.state.stroke[3] = 1;
      canvas.state.applied_fill[0] = -1;
      canvas.state.applied_stroke[0] = -1;
      canvas.state.applied_line_width = -1;
      canvas.state.applied_cap = -1;
      canvas.state.applied_join = -1;
      canvas.state.applied_alphas = 0xFFFF;

      to_graphics (w);
      HPDF_Page_GSave (w->page);
      block->draw (&canvas, block->width, block->height, block->user_data);
      g_array_set_size (canvas.path, 0);    /* a path left unpainted paints nothing */
      while (canvas.stack->len > 0)
        psems_pdf_canvas_restore (&canvas);
      to_graphics (w);
      HPDF_Page_GRestore (w->page);
      psems_pdf_text_reset_page (&w->text);
      w->fill = G_MAXUINT32;
    }
  w->y += height + BLOCK_GAP;
}

/* ---- Cover and contents ------------------------------------------------------------------ */

static void
layout_cover (Writer *w,
              Block  *block)
{
  double avail;

  end_page (w);
  w->cover_page = TRUE;
  begin_page (w);
  w->cover_page = FALSE;        /* the frame is drawn; what follows is an ordinary page */
  w->page_empty = FALSE;
  avail = text_width_of_page (w);

  if (block->logo != NULL)
    {
      HPDF_Image image = block_image (w, block->logo, block->logo);
      double iw = HPDF_Image_GetWidth (image);
      double ih = HPDF_Image_GetHeight (image);
      double scale = MIN (170.0 / MAX (iw, 1), 64.0 / MAX (ih, 1));

      if (w->drawing)
        {
          to_graphics (w);
          HPDF_Page_DrawImage (w->page, image, (HPDF_REAL) MARGIN_X,
                               (HPDF_REAL) pdf_y (w, BODY_TOP + ih * scale),
                               (HPDF_REAL) (iw * scale), (HPDF_REAL) (ih * scale));
        }
    }

  w->y = w->page_h * 0.30;
  if (w->drawing)
    fill_rect (w, MARGIN_X, w->y - 18, 56, 3, COLOUR_ACCENT);
  layout_lines (w, block->text, 26, 33, PSEMS_PDF_WEIGHT_BOLD, COLOUR_ACCENT, 0);
  w->y += 4;
  if (*block->subtitle != '\0')
    layout_lines (w, block->subtitle, 14, 19, PSEMS_PDF_WEIGHT_REGULAR, COLOUR_MUTED, 0);
  w->y = MAX (w->y + 30, w->page_h * 0.48);
  if (block->pairs[0] != NULL)
    {
      if (w->drawing)
        hline (w, MARGIN_X, MARGIN_X + avail, w->y - 12, COLOUR_RULE, 0.5);
      layout_key_values (w, block->pairs, 9, 10.5, COLOUR_MUTED, 4);
      if (w->drawing)
        hline (w, MARGIN_X, MARGIN_X + avail, w->y, COLOUR_RULE, 0.5);
    }
  end_page (w);
}

static guint
count_contents_pages (Writer *w,
                      guint   n_entries)
{
  double first = body_height (w) - heading_size[1] * 1.3 - heading_after[1] - 4;
  guint per_first = MAX (1, (guint) floor (first / CONTENTS_PITCH));
  guint per_page = MAX (1, (guint) floor (body_height (w) / CONTENTS_PITCH));

  if (n_entries <= per_first)
    return 1;
  return 1 + (n_entries - per_first + per_page - 1) / per_page;
}

static void
layout_contents (Writer *w,
                 Block  *block)
{
  guint n_entries = 0;

  for (guint i = 0; i < w->doc->blocks->len; i++)
    {
      Block *other = g_ptr_array_index (w->doc->blocks, i);

      if (other->kind == BLOCK_HEADING && other->level <= 2)
        n_entries++;
    }
  end_page (w);
  w->n_contents_pages = count_contents_pages (w, n_entries);
  w->contents_title = block->text;
  for (guint i = 0; i < w->n_contents_pages; i++)
    {
      begin_page (w);
      if (w->drawing)
        g_ptr_array_add (w->contents_pages, w->page);
      end_page (w);
    }
}

/* Fills the contents pages once every heading has its page. */
static void
draw_contents (Writer *w)
{
  guint page_index = 0;
  double right;
  guint entry = 0;

  for (page_index = 0; page_index < w->contents_pages->len; page_index++)
    {
      w->page = g_ptr_array_index (w->contents_pages, page_index);
      w->in_text = FALSE;
      w->fill = G_MAXUINT32;
      psems_pdf_text_reset_page (&w->text);
      w->page_h = HPDF_Page_GetHeight (w->page);
      w->page_w = HPDF_Page_GetWidth (w->page);
      w->bottom = w->page_h - BODY_BOTTOM;
      right = w->page_w - MARGIN_X;
      w->y = BODY_TOP;
      if (page_index == 0)
        {
          show (w, MARGIN_X, right - MARGIN_X, w->y + heading_size[1], w->contents_title, -1,
                heading_size[1], PSEMS_PDF_WEIGHT_BOLD, COLOUR_ACCENT, PSEMS_PDF_ALIGN_START);
          w->y += heading_size[1] * 1.3 + 4;
          hline (w, MARGIN_X, right, w->y, COLOUR_ACCENT, 0.8);
          w->y += heading_after[1];
        }
      for (; entry < w->entries->len && w->y + CONTENTS_PITCH <= w->bottom + 0.01; entry++)
        {
          ContentsEntry *e = &g_array_index (w->entries, ContentsEntry, entry);
          g_autofree char *number = g_strdup_printf ("%u", e->page);
          double indent = e->level == 1 ? 0 : 16;
          PsemsPdfWeight weight = e->level == 1 ? PSEMS_PDF_WEIGHT_BOLD : PSEMS_PDF_WEIGHT_REGULAR;
          double number_width = psems_pdf_text_width (&w->text, number, -1, BODY_SIZE, weight, 0);
          double room = right - MARGIN_X - indent - number_width - 24;
          gssize fit = psems_pdf_text_fit_ellipsis (&w->text, e->text, BODY_SIZE, weight, room, 0);
          double base = baseline (w->y, CONTENTS_PITCH, BODY_SIZE);
          g_autofree char *cut = fit >= 0 ? g_strdup_printf ("%.*s\xe2\x80\xa6", (int) fit, e->text)
                                          : NULL;
          const char *label = cut != NULL ? cut : e->text;
          double label_width = psems_pdf_text_width (&w->text, label, -1, BODY_SIZE, weight, 0);
          HPDF_Rect rect;

          show (w, MARGIN_X + indent, room, base, label, -1, BODY_SIZE, weight, COLOUR_TEXT,
                PSEMS_PDF_ALIGN_START);
          show (w, MARGIN_X, right - MARGIN_X, base, number, -1, BODY_SIZE, weight, COLOUR_TEXT,
                PSEMS_PDF_ALIGN_END);
          /* dot leaders between the title and its page */
          {
            double from = MARGIN_X + indent + label_width + 6;
            double to = right - number_width - 6;

            if (to > from)
              {
                to_graphics (w);
                set_stroke (w, COLOUR_RULE, 0.8);
                HPDF_Page_SetDash (w->page, (const HPDF_UINT16[]) { 1, 3 }, 2, 0);
                HPDF_Page_MoveTo (w->page, (HPDF_REAL) from, (HPDF_REAL) pdf_y (w, base));
                HPDF_Page_LineTo (w->page, (HPDF_REAL) to, (HPDF_REAL) pdf_y (w, base));
                HPDF_Page_Stroke (w->page);
                HPDF_Page_SetDash (w->page, NULL, 0, 0);
              }
          }
          if (e->target != NULL)
            {
              HPDF_Destination dest = HPDF_Page_CreateDestination (e->target);
              HPDF_Annotation link;

              rect.left = (HPDF_REAL) (MARGIN_X + indent);
              rect.right = (HPDF_REAL) right;
              rect.bottom = (HPDF_REAL) pdf_y (w, w->y + CONTENTS_PITCH);
              rect.top = (HPDF_REAL) pdf_y (w, w->y);
              link = HPDF_Page_CreateLinkAnnot (w->page, rect, dest);
              HPDF_LinkAnnot_SetBorderStyle (link, 0, 0, 0);
            }
          w->y += CONTENTS_PITCH;
        }
      to_graphics (w);
    }
}

static void
layout_heading (Writer *w,
                Block  *block,
                Block  *next)
{
  guint level = block->level;
  double size = heading_size[level];
  double height = heading_height (w, block->text, level);
  double keep = 0;
  ContentsEntry *entry = NULL;

  if (level == 1 && w->page_open && !w->page_empty)
    begin_page (w);
  if (next != NULL)
    switch (next->kind)
      {
      case BLOCK_PARAGRAPH:
        keep = 2 * BODY_LEADING;
        break;
      case BLOCK_NOTE:
        keep = 2 * NOTE_LEADING;
        break;
      case BLOCK_KEY_VALUES:
        keep = 2 * BODY_LEADING;
        break;
      case BLOCK_TABLE:
        keep = row_height (2) + row_height (1);
        break;
      case BLOCK_IMAGE:
      case BLOCK_DRAWING:
        keep = MIN (next->height > 0 ? next->height : 100, body_height (w) - height);
        break;
      case BLOCK_HEADING:
        keep = heading_size[next->level] * 1.3 + 2 * BODY_LEADING;
        break;
      case BLOCK_COVER:
      case BLOCK_CONTENTS:
      case BLOCK_PAGE_BREAK:
      case BLOCK_PAGE_SIZE:
      default:
        break;
      }
  ensure_page (w);
  if (!w->page_empty)
    w->y += heading_before[level];
  reserve (w, height + keep);

  if (level <= 2)
    {
      if (!w->drawing)
        {
          ContentsEntry new_entry = { level, block->text, w->page_no, NULL };

          g_array_append_val (w->entries, new_entry);
        }
      else
        {
          HPDF_Outline outline;
          HPDF_Destination dest;

          g_assert (w->entry_index < w->entries->len);
          entry = &g_array_index (w->entries, ContentsEntry, w->entry_index++);
          g_assert (entry->page == w->page_no);
          entry->target = w->page;
          outline = HPDF_CreateOutline (w->pdf, level == 2 ? w->outline_level1 : NULL,
                                        block->text, w->text.utf8);
          dest = HPDF_Page_CreateDestination (w->page);
          HPDF_Outline_SetDestination (outline, dest);
          if (level == 1)
            {
              HPDF_Outline_SetOpened (outline, HPDF_TRUE);
              w->outline_level1 = outline;
            }
        }
    }

  psems_pdf_text_wrap (&w->text, block->text, size, PSEMS_PDF_WEIGHT_BOLD,
                       text_width_of_page (w), w->lines);
  for (guint i = 0; i < w->lines->len; i++)
    {
      PsemsPdfLine *line = &g_array_index (w->lines, PsemsPdfLine, i);

      if (w->drawing)
        show (w, MARGIN_X, text_width_of_page (w), baseline (w->y, size * 1.3, size),
              block->text + line->offset, line->length, size, PSEMS_PDF_WEIGHT_BOLD,
              level == 3 ? COLOUR_TEXT : COLOUR_ACCENT, PSEMS_PDF_ALIGN_START);
      w->y += size * 1.3;
    }
  if (level == 1)
    {
      w->y += 3;
      if (w->drawing)
        hline (w, MARGIN_X, MARGIN_X + text_width_of_page (w), w->y, COLOUR_ACCENT, 0.8);
      w->y += 1;
    }
  w->y += heading_after[level];
}

/* ---- The two passes ------------------------------------------------------------------------ */

static void
run_pass (Writer *w)
{
  PsemsPdfDoc *doc = w->doc;

  w->page_no = 0;
  w->page_open = FALSE;
  w->cover_page = FALSE;
  w->entry_index = 0;
  w->outline_level1 = NULL;
  set_geometry (w, doc->first_size);

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);
      Block *next = i + 1 < doc->blocks->len ? g_ptr_array_index (doc->blocks, i + 1) : NULL;

      switch (block->kind)
        {
        case BLOCK_COVER:
          layout_cover (w, block);
          break;
        case BLOCK_CONTENTS:
          layout_contents (w, block);
          break;
        case BLOCK_HEADING:
          layout_heading (w, block, next);
          break;
        case BLOCK_PARAGRAPH:
          ensure_page (w);
          layout_lines (w, block->text, BODY_SIZE, BODY_LEADING, PSEMS_PDF_WEIGHT_REGULAR,
                        COLOUR_TEXT, 0);
          w->y += BLOCK_GAP;
          break;
        case BLOCK_NOTE:
          ensure_page (w);
          layout_lines (w, block->text, NOTE_SIZE, NOTE_LEADING, PSEMS_PDF_WEIGHT_REGULAR,
                        COLOUR_MUTED, 0);
          w->y += BLOCK_GAP;
          break;
        case BLOCK_KEY_VALUES:
          ensure_page (w);
          layout_key_values (w, block->pairs, BODY_SIZE, BODY_SIZE, COLOUR_TEXT, 2);
          break;
        case BLOCK_TABLE:
          layout_table (w, block->table);
          break;
        case BLOCK_IMAGE:
          layout_image (w, block);
          break;
        case BLOCK_DRAWING:
          layout_drawing (w, block);
          break;
        case BLOCK_PAGE_BREAK:
          end_page (w);
          break;
        case BLOCK_PAGE_SIZE:
          end_page (w);
          set_geometry (w, block->page_size);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  ensure_page (w);              /* an empty document still has a page */
  end_page (w);
}

/* ---- Writing the file -------------------------------------------------------------------- */

static void
set_info (Writer *w)
{
  static const HPDF_InfoType types[] = {
    HPDF_INFO_TITLE, HPDF_INFO_AUTHOR, HPDF_INFO_SUBJECT, HPDF_INFO_KEYWORDS,
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  HPDF_Date date = { 0 };
  int offset_minutes = (int) (g_date_time_get_utc_offset (now) / G_TIME_SPAN_MINUTE);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (w->doc->info[i] != NULL && *w->doc->info[i] != '\0')
      HPDF_SetInfoAttr (w->pdf, types[i], w->doc->info[i]);
  HPDF_SetInfoAttr (w->pdf, HPDF_INFO_CREATOR, "PSeMS " PACKAGE_VERSION);
  HPDF_SetInfoAttr (w->pdf, HPDF_INFO_PRODUCER, "PSeMS " PACKAGE_VERSION " (libharu)");
  date.year = g_date_time_get_year (now);
  date.month = g_date_time_get_month (now);
  date.day = g_date_time_get_day_of_month (now);
  date.hour = g_date_time_get_hour (now);
  date.minutes = g_date_time_get_minute (now);
  date.seconds = g_date_time_get_second (now);
  date.ind = offset_minutes == 0 ? 'Z' : offset_minutes > 0 ? '+' : '-';
  date.off_hour = ABS (offset_minutes) / 60;
  date.off_minutes = ABS (offset_minutes) % 60;
  HPDF_SetInfoDateAttr (w->pdf, HPDF_INFO_CREATION_DATE, date);
}

static void
save (Writer *w)
{
  const gsize buffer_size = 256 * 1024;
  HPDF_BYTE *buffer;

  check_cancelled (w);
  psems_pdf_text_finish_fonts (&w->text);
  HPDF_SaveToStream (w->pdf);
  check_cancelled (w);

  {
    char *dir = g_path_get_dirname (w->path);
    char *base = g_path_get_basename (w->path);

    /* beside the target, so the rename is atomic; hidden, so nobody opens it half-written */
    w->tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
    g_free (dir);
    g_free (base);
  }
  w->fd = g_mkstemp_full (w->tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (w->fd < 0)
    {
      int saved = errno;

      g_clear_pointer (&w->tmp_path, g_free);
      fail (w, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot write %s: %s"), w->display,
            g_strerror (saved));
    }

  buffer = w->buffer = g_malloc (buffer_size);
  for (;;)
    {
      HPDF_UINT32 size = (HPDF_UINT32) buffer_size;
      HPDF_STATUS status;
      gsize done = 0;

      status = HPDF_ReadFromStream (w->pdf, buffer, &size);
      if (size > 0)
        g_checksum_update (w->checksum, buffer, size);
      while (done < size)
        {
          gssize n = write (w->fd, buffer + done, size - done);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            fail (w, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot write %s: %s"), w->display,
                  g_strerror (errno));
          done += (gsize) n;
        }
      if (status == HPDF_STREAM_EOF || size == 0)
        break;
    }
  g_clear_pointer (&w->buffer, g_free);

  if (fsync (w->fd) != 0)
    fail (w, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot write %s: %s"), w->display,
          g_strerror (errno));
  {
    int fd = w->fd;

    w->fd = -1;
    if (close (fd) != 0)
      fail (w, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot write %s: %s"), w->display,
            g_strerror (errno));
  }
  check_cancelled (w);
  if (g_rename (w->tmp_path, w->path) != 0)
    fail (w, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("Cannot write %s: %s"), w->display,
          g_strerror (errno));
  g_clear_pointer (&w->tmp_path, g_free);
}

static void
writer_free (Writer *w)
{
  if (w->fd >= 0)
    close (w->fd);
  if (w->tmp_path != NULL)
    g_unlink (w->tmp_path);
  g_free (w->tmp_path);
  if (w->pdf != NULL)
    HPDF_Free (w->pdf);
  psems_pdf_text_clear (&w->text);
  g_clear_pointer (&w->entries, g_array_unref);
  g_clear_pointer (&w->contents_pages, g_ptr_array_unref);
  g_clear_pointer (&w->images, g_hash_table_unref);
  g_clear_pointer (&w->ext_gstates, g_hash_table_unref);
  g_clear_pointer (&w->lines, g_array_unref);
  g_clear_pointer (&w->lines2, g_array_unref);
  g_clear_pointer (&w->parts, g_array_unref);
  g_clear_pointer (&w->checksum, g_checksum_free);
  g_clear_pointer (&w->canvas_stack, g_array_unref);
  g_clear_pointer (&w->canvas_path, g_array_unref);
  g_free (w->buffer);
  g_free (w->image_display);
  g_free (w->image_data);
  g_free (w->image_rgb);
  g_free (w->display);
  g_clear_error (&w->error);
  g_free (w);
}

gboolean
psems_pdf_doc_write (PsemsPdfDoc          *doc,
                     const char           *path,
                     PsemsPdfProgressFunc  progress,
                     gpointer              progress_data,
                     GCancellable         *cancellable,
                     PsemsPdfResult       *result,
                     GError              **error)
{
  Writer *const w = g_new0 (Writer, 1);
  GStatBuf st;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  w->display = g_filename_display_name (path);
  w->doc = doc;
  w->path = path;
  w->fd = -1;
  w->progress = progress;
  w->progress_data = progress_data;
  w->cancellable = cancellable;
  w->entries = g_array_new (FALSE, FALSE, sizeof (ContentsEntry));
  w->contents_pages = g_ptr_array_new ();
  w->images = g_hash_table_new (NULL, NULL);
  w->ext_gstates = g_hash_table_new (NULL, NULL);
  w->lines = g_array_new (FALSE, FALSE, sizeof (PsemsPdfLine));
  w->lines2 = g_array_new (FALSE, FALSE, sizeof (PsemsPdfLine));
  w->parts = g_array_new (FALSE, FALSE, sizeof (RowPart));
  w->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  w->canvas_stack = g_array_new (FALSE, FALSE, sizeof (CanvasState));
  w->canvas_path = g_array_new (FALSE, FALSE, sizeof (PathItem));
  w->text.jump = &w->jump;
  w->text.error = &w->error;

  if (doc->invalid != NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   _("Cannot write %s: the text “%s” is not valid UTF-8"), w->display,
                   doc->invalid);
      writer_free (w);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      writer_free (w);
      return FALSE;
    }

  w->pdf = HPDF_New (hpdf_error_cb, w);
  if (w->pdf == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   _("Cannot write %s: the PDF library could not start"), w->display);
      writer_free (w);
      return FALSE;
    }

  if (setjmp (w->jump) != 0)
    {
      GError *failure = g_steal_pointer (&w->error);

      if (failure == NULL)
        failure = g_error_new (PSEMS_ERROR, PSEMS_ERROR_FAILED, _("the PDF library failed"));
      if (!g_str_has_prefix (failure->message, _("Cannot write")))
        g_prefix_error (&failure, _("Cannot write %s: "), w->display);
      g_propagate_error (error, failure);
      writer_free (w);
      return FALSE;
    }

  HPDF_SetCompressionMode (w->pdf, HPDF_COMP_ALL);
  HPDF_SetPageMode (w->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
  psems_pdf_text_init (&w->text, w->pdf);
  set_info (w);

  w->drawing = FALSE;
  run_pass (w);
  w->n_pages = w->page_no;

  w->drawing = TRUE;
  run_pass (w);
  g_assert (w->page_no == w->n_pages);
  draw_contents (w);
  if (progress != NULL)
    progress (w->n_pages, w->n_pages, progress_data);

  save (w);

  if (result != NULL)
    {
      result->n_pages = w->n_pages;
      result->n_bytes = g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
      g_strlcpy (result->sha256, g_checksum_get_string (w->checksum), sizeof result->sha256);
    }
  writer_free (w);
  return TRUE;
}
