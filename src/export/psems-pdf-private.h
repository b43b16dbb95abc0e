/* psems-pdf-private.h — what the document writer (psems-pdf.c) shares with its text engine
 * (psems-pdf-text.c): fonts, measuring, line breaking and drawing of UTF-8 runs. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <fontconfig/fontconfig.h>
#include <hpdf.h>
#include <setjmp.h>

#include "psems-pdf.h"

G_BEGIN_DECLS

typedef enum
{
  PSEMS_PDF_FACE_SANS,
  PSEMS_PDF_FACE_BOLD,
  PSEMS_PDF_FACE_CJK,
  PSEMS_PDF_N_FACES,
} PsemsPdfFace;

/* One line of a wrapped text: a byte range of the logical (stored) string. */
typedef struct
{
  guint offset;
  guint length;
} PsemsPdfLine;

/* The fonts of one write and the state of the text being drawn. Every libharu call may jump
 * to the writer's error branch (its handler longjmps), so nothing here is allocated on the
 * stack across such a call. */
typedef struct
{
  HPDF_Doc pdf;
  HPDF_Encoder utf8;
  HPDF_Font font[PSEMS_PDF_N_FACES];
  char *path[PSEMS_PDF_N_FACES];
  FcCharSet *charset[PSEMS_PDF_N_FACES];
  gboolean cjk_looked_up;
  double ascent;                   /* of the sans face, in ems */
  float ascii[2][128];             /* advance widths of ASCII in 1/1000 em, sans and bold */
  GHashTable *widths[PSEMS_PDF_N_FACES];   /* gunichar → advance + 1 (1/1000 em) */
  /* Scratch, reused for every string */
  GArray *ucs;                     /* gunichar, the string decoded (visual order once shaped) */
  GArray *faces;                   /* guint8, the face of each character of ucs */
  GString *run;                    /* one run re-encoded as UTF-8 for libharu */
  /* What was last set on the page, so a table does not repeat Tf and rg for every cell */
  HPDF_Font current_font;
  double current_size;
  double current_char_space;
  /* Where a failure goes: set by the writer */
  jmp_buf *jump;
  GError **error;
} PsemsPdfText;

/* Sets up the fonts (sans and bold now, the CJK font when a text first needs it). */
void      psems_pdf_text_init           (PsemsPdfText   *text,
                                         HPDF_Doc        pdf);
void      psems_pdf_text_clear          (PsemsPdfText   *text);
/* Forgets the font set on the page (a new page, a restored graphics state). */
void      psems_pdf_text_reset_page     (PsemsPdfText   *text);

/* The width of @str (@len bytes, -1 for all) at @size points, shaped and reordered as drawn. */
double    psems_pdf_text_width          (PsemsPdfText   *text,
                                         const char     *str,
                                         gssize          len,
                                         double          size,
                                         PsemsPdfWeight  weight,
                                         double          letter_spacing);
/* The widest line of @str (lines split at "\n") and, in @longest_word, its widest word: what a
 * table column needs to hold it on one line, and at least. */
double    psems_pdf_text_extents        (PsemsPdfText   *text,
                                         const char     *str,
                                         double          size,
                                         PsemsPdfWeight  weight,
                                         double         *longest_word);
/* Draws @str with its left end at @x and its baseline at @y (PDF coordinates); the page must
 * be in text mode. Returns the width drawn (0 for plain ASCII unless @measure). */
double    psems_pdf_text_draw           (PsemsPdfText   *text,
                                         HPDF_Page       page,
                                         double          x,
                                         double          y,
                                         const char     *str,
                                         gssize          len,
                                         double          size,
                                         PsemsPdfWeight  weight,
                                         double          letter_spacing,
                                         gboolean        measure);
/* Breaks @str into lines no wider than @max_width (at spaces; a word wider than a line is
 * broken between characters; "\n" always breaks). Appends PsemsPdfLine to @lines (cleared
 * first); returns the widest line's width. */
double    psems_pdf_text_wrap           (PsemsPdfText   *text,
                                         const char     *str,
                                         double          size,
                                         PsemsPdfWeight  weight,
                                         double          max_width,
                                         GArray         *lines);
/* The number of bytes of @str that fit in @max_width with "…" after them, or -1 if it all
 * fits. */
gssize    psems_pdf_text_fit_ellipsis   (PsemsPdfText   *text,
                                         const char     *str,
                                         double          size,
                                         PsemsPdfWeight  weight,
                                         double          max_width,
                                         double          letter_spacing);

/* Works round two faults of libharu 2.3 in the fonts it embeds: adds the components of the
 * composite glyphs used, and replaces the invalid ToUnicode CMaps. Call once the last text is
 * drawn, before saving. */
void      psems_pdf_text_finish_fonts   (PsemsPdfText   *text);

/* Raises the writer's error (PSEMS_ERROR_FAILED, @format) and jumps to its error branch. */
G_NORETURN void psems_pdf_text_fail     (PsemsPdfText   *text,
                                         const char     *format,
                                         ...) G_GNUC_PRINTF (2, 3);

/* A short, printable excerpt of a text that may not be valid UTF-8, for messages. */
char     *psems_pdf_text_excerpt        (const char     *str);

G_END_DECLS
