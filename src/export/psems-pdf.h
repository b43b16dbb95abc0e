/* psems-pdf.h — a small document model written as PDF with libharu: cover, contents, headings,
 * paragraphs, key-value blocks, tables that repeat their header and fit their columns, images,
 * vector drawings; header, footer "page X of Y", outline and document information.
 *
 * The writer knows nothing about facilities. Text is UTF-8 (validated before it reaches libharu),
 * drawn with embedded TrueType fonts found through fontconfig, with per-run fallback (DejaVu for
 * Latin, Greek, Cyrillic, Hebrew and Arabic; a CJK TrueType font for Chinese, Japanese, Korean)
 * and right-to-left runs reordered and joined by GNU FriBidi.
 *
 * Limits, by design of what libharu can do:
 * - Scripts that need full shaping (Devanagari and the other Indic scripts, Thai line breaking,
 *   Khmer, Myanmar …) print their characters unshaped; Arabic gets FriBidi's joined
 *   presentation forms and lam-alef ligatures, Hebrew needs none.
 * - Only characters of the Basic Multilingual Plane print (libharu's UTF-8 encoder is 16-bit);
 *   others print as U+FFFD. A character no installed font has prints as an empty box (Debian's
 *   fonts-droid-fallback covers Chinese and Japanese but not Korean hangul syllables).
 * - Lines read left to right: a right-to-left run is reordered inside its line (FriBidi, base
 *   direction LTR), lines stay aligned at the start.
 * - The page holds right-to-left text in visual order. Its ToUnicode CMaps map every code to
 *   its character (the Arabic forms to their letters), so poppler (Evince, Okular, pdftotext)
 *   copies it in logical order; MuPDF copies such runs in visual order.
 * - A table row taller than a page goes on over the next page, below the repeated header row.
 * - PNG images are decoded by cairo (libharu 2.3 lets libpng abort on a damaged file) and put
 *   on white: transparency shows the page, not what is under the image. Dashes of drawings are
 *   whole points (libharu's dash API takes integers).
 *
 * The writer also works round two faults of libharu 2.3 in the fonts it embeds: the
 * components of composite glyphs (DejaVu's Arabic forms, many ideographs) are added to the
 * subset, and the ToUnicode CMaps, which libharu writes with "begincidrange" (invalid there;
 * poppler warns "Invalid 'begincidrange' operator in ToUnicode CMap"), are rewritten with
 * bfrange/bfchar. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _PsemsPdfDoc PsemsPdfDoc;
typedef struct _PsemsPdfTable PsemsPdfTable;
typedef struct _PsemsPdfCanvas PsemsPdfCanvas;

typedef enum
{
  PSEMS_PDF_A4_PORTRAIT,
  PSEMS_PDF_A4_LANDSCAPE,
} PsemsPdfPageSize;

typedef enum
{
  PSEMS_PDF_ALIGN_START,
  PSEMS_PDF_ALIGN_CENTRE,
  PSEMS_PDF_ALIGN_END,
} PsemsPdfAlign;

typedef enum
{
  PSEMS_PDF_WEIGHT_REGULAR,
  PSEMS_PDF_WEIGHT_BOLD,
} PsemsPdfWeight;

typedef enum
{
  PSEMS_PDF_CAP_BUTT,
  PSEMS_PDF_CAP_ROUND,
} PsemsPdfLineCap;

typedef enum
{
  PSEMS_PDF_JOIN_MITER,
  PSEMS_PDF_JOIN_ROUND,
} PsemsPdfLineJoin;

/* Colours are 0xRRGGBB. */
typedef guint32 PsemsPdfColour;

/* ---- The document ---------------------------------------------------------------------- */

PsemsPdfDoc   *psems_pdf_doc_new            (PsemsPdfPageSize page_size);
void           psems_pdf_doc_free           (PsemsPdfDoc     *doc);

/* Document information (Title, Author, Subject, Keywords; Creator is PSeMS and its version). */
void           psems_pdf_doc_set_info       (PsemsPdfDoc     *doc,
                                             const char      *title,
                                             const char      *author,
                                             const char      *subject,
                                             const char      *keywords);
/* The running header on every page but the cover: @left (e.g. the facility) and @right
 * (e.g. the marking, drawn bold). Either may be NULL. */
void           psems_pdf_doc_set_header     (PsemsPdfDoc     *doc,
                                             const char      *left,
                                             const char      *right);
/* A line printed centred at the foot of every page, cover included (e.g. the marking again);
 * NULL for none. The footer also carries "Page X of Y" (translated) at the right. */
void           psems_pdf_doc_set_footer     (PsemsPdfDoc     *doc,
                                             const char      *centre);

/* The cover: a logo (PNG or JPEG; NULL for none), the title, a subtitle and a key-value block
 * (@rows: key, value, key, value, …, NULL), then a page break. Call at most once, first. */
void           psems_pdf_doc_add_cover      (PsemsPdfDoc        *doc,
                                             const char         *logo_path,
                                             const char         *title,
                                             const char         *subtitle,
                                             const char * const *rows);
/* Where the table of contents goes (every level-1 and level-2 heading with its page number);
 * followed by a page break. The page count of the contents is known before the body is laid out. */
void           psems_pdf_doc_add_contents   (PsemsPdfDoc     *doc,
                                             const char      *title);
/* A heading of @level 1 (starts a new page, an outline entry and a contents line), 2 (an outline
 * entry under the last level 1 and an indented contents line) or 3 (neither). Kept with the
 * block that follows it. */
void           psems_pdf_doc_add_heading    (PsemsPdfDoc     *doc,
                                             guint            level,
                                             const char      *text);
/* A wrapped paragraph; "\n" starts a new line inside it. */
void           psems_pdf_doc_add_paragraph  (PsemsPdfDoc     *doc,
                                             const char      *text);
/* A smaller grey paragraph (explanations, "as of" remarks). */
void           psems_pdf_doc_add_note       (PsemsPdfDoc     *doc,
                                             const char      *text);
/* Two columns: keys bold on the left, values wrapped on the right.
 * @rows: key, value, key, value, …, NULL. A NULL or empty value prints "—". */
void           psems_pdf_doc_add_key_values (PsemsPdfDoc        *doc,
                                             const char * const *rows);
/* A table with @n_columns headings; returns it for its rows (owned by @doc). */
PsemsPdfTable *psems_pdf_doc_add_table      (PsemsPdfDoc        *doc,
                                             const char * const *headings);
/* A PNG or JPEG image @width points wide (its height kept in proportion), centred; the file is
 * read at write time (a missing file is an error of psems_pdf_doc_write() naming it). */
void           psems_pdf_doc_add_image      (PsemsPdfDoc     *doc,
                                             const char      *path,
                                             double           width);

/* A vector drawing @width × @height points, drawn at write time by @draw (top-left origin, y down,
 * like cairo). @destroy frees @user_data with the document. A drawing taller than the space
 * left on the page starts a new page; one taller than a page is scaled down to fit. */
typedef void (*PsemsPdfDrawFunc) (PsemsPdfCanvas *canvas,
                                  double          width,
                                  double          height,
                                  gpointer        user_data);
void           psems_pdf_doc_add_drawing    (PsemsPdfDoc     *doc,
                                             double           width,
                                             double           height,
                                             PsemsPdfDrawFunc draw,
                                             gpointer         user_data,
                                             GDestroyNotify   destroy);
void           psems_pdf_doc_add_page_break (PsemsPdfDoc     *doc);
/* Switches the page size for the pages that follow (e.g. a landscape diagram); starts a new page. */
void           psems_pdf_doc_set_page_size  (PsemsPdfDoc     *doc,
                                             PsemsPdfPageSize page_size);

/* The usable width of a page of the current size, between the margins, in points. */
double         psems_pdf_doc_get_text_width (PsemsPdfDoc     *doc);

/* ---- Tables ---------------------------------------------------------------------------- */

/* Column widths fit the contents (measured with the real fonts), narrow columns keep their
 * natural width and wide ones share the rest and wrap. */
void           psems_pdf_table_set_align    (PsemsPdfTable   *table,
                                             guint            column,
                                             PsemsPdfAlign    align);
/* Appends a row of exactly as many cells as headings (NULL prints empty). */
void           psems_pdf_table_add_row      (PsemsPdfTable   *table,
                                             const char      *first_cell,
                                             ...) G_GNUC_NULL_TERMINATED;
void           psems_pdf_table_add_rowv     (PsemsPdfTable      *table,
                                             const char * const *cells);
/* Tints the cell of the last row added at @column (e.g. a status); 0xFFFFFF for none. */
void           psems_pdf_table_set_cell_fill (PsemsPdfTable  *table,
                                              guint           column,
                                              PsemsPdfColour  fill);
guint          psems_pdf_table_get_n_rows   (PsemsPdfTable   *table);

/* ---- Writing --------------------------------------------------------------------------- */

/* Called now and then while writing: @done of @total pages written (total known after layout). */
typedef void (*PsemsPdfProgressFunc) (guint    done,
                                      guint    total,
                                      gpointer user_data);

typedef struct
{
  guint n_pages;
  guint64 n_bytes;
  char sha256[65];      /* of the file written, lower-case hex */
} PsemsPdfResult;

/* Lays the document out and writes it to @path: into a temporary file beside it, renamed over
 * @path only when complete, so a failure (a libharu error, a missing font or image, invalid
 * UTF-8, cancellation, an unwritable folder) leaves no file behind and an older @path untouched.
 * Errors name @path (and the text or image at fault): PSEMS_ERROR_INVALID for bad input,
 * PSEMS_ERROR_FAILED for a failed write, G_IO_ERROR_CANCELLED when cancelled. */
gboolean       psems_pdf_doc_write          (PsemsPdfDoc          *doc,
                                             const char           *path,
                                             PsemsPdfProgressFunc  progress,
                                             gpointer              progress_data,
                                             GCancellable         *cancellable,
                                             PsemsPdfResult       *result,
                                             GError              **error);

/* ---- The canvas of a drawing ----------------------------------------------------------- */
/* A small cairo-like API over libharu's path and text operators, in the drawing's own units
 * (points; top-left origin; y grows downwards; angles in radians, clockwise from 3 o'clock as in
 * cairo). A path is built with move/line/curve/arc/rectangle and consumed by fill/stroke. */

void    psems_pdf_canvas_save           (PsemsPdfCanvas *canvas);
void    psems_pdf_canvas_restore        (PsemsPdfCanvas *canvas);
/* @alpha 0 … 1 (through an ExtGState). */
void    psems_pdf_canvas_set_fill       (PsemsPdfCanvas *canvas,
                                         double r, double g, double b, double alpha);
void    psems_pdf_canvas_set_stroke     (PsemsPdfCanvas *canvas,
                                         double r, double g, double b, double alpha);
void    psems_pdf_canvas_set_line_width (PsemsPdfCanvas *canvas,
                                         double          width);
/* Butt caps and miter joins until set; saved and restored with the rest of the state. */
void    psems_pdf_canvas_set_line_cap   (PsemsPdfCanvas   *canvas,
                                         PsemsPdfLineCap   cap);
void    psems_pdf_canvas_set_line_join  (PsemsPdfCanvas   *canvas,
                                         PsemsPdfLineJoin  join);
/* @n_dashes 0 for a solid line (at most 8 dashes). */
void    psems_pdf_canvas_set_dash       (PsemsPdfCanvas *canvas,
                                         const double   *dashes,
                                         guint           n_dashes,
                                         double          offset);
void    psems_pdf_canvas_move_to        (PsemsPdfCanvas *canvas, double x, double y);
void    psems_pdf_canvas_line_to        (PsemsPdfCanvas *canvas, double x, double y);
void    psems_pdf_canvas_curve_to       (PsemsPdfCanvas *canvas,
                                         double x1, double y1, double x2, double y2,
                                         double x3, double y3);
/* As cairo_arc(): from @angle1 to @angle2 (increasing), joined to the current point by a line. */
void    psems_pdf_canvas_arc            (PsemsPdfCanvas *canvas,
                                         double xc, double yc, double radius,
                                         double angle1, double angle2);
void    psems_pdf_canvas_rectangle      (PsemsPdfCanvas *canvas,
                                         double x, double y, double width, double height);
void    psems_pdf_canvas_close_path     (PsemsPdfCanvas *canvas);
/* Each consumes the path. @even_odd: the even-odd rule (a ring as two circles). */
void    psems_pdf_canvas_fill           (PsemsPdfCanvas *canvas,
                                         gboolean        even_odd);
void    psems_pdf_canvas_stroke         (PsemsPdfCanvas *canvas);
void    psems_pdf_canvas_fill_stroke    (PsemsPdfCanvas *canvas);
/* Text in the fill colour, with font fallback and bidi like every text of the document.
 * (@x, @y) is the top-left of the line box for ALIGN_START, its top centre for CENTRE and its
 * top right for END. A text wider than @max_width (> 0) is cut with "…". @letter_spacing in
 * points (0 for none). Returns the width drawn. */
double  psems_pdf_canvas_show_text      (PsemsPdfCanvas *canvas,
                                         double          x,
                                         double          y,
                                         const char     *text,
                                         double          size,
                                         PsemsPdfWeight  weight,
                                         PsemsPdfAlign   align,
                                         double          max_width,
                                         double          letter_spacing);
double  psems_pdf_canvas_text_width     (PsemsPdfCanvas *canvas,
                                         const char     *text,
                                         double          size,
                                         PsemsPdfWeight  weight,
                                         double          letter_spacing);

/* ---- Fonts ----------------------------------------------------------------------------- */

/* The TrueType files the writer uses (found through fontconfig), for messages and tests:
 * "sans", "sans-bold" and "cjk". NULL when none is installed. */
char          *psems_pdf_find_font          (const char      *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PsemsPdfDoc, psems_pdf_doc_free)

G_END_DECLS
