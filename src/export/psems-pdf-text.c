/* psems-pdf-text.c — the PDF writer's text engine: TrueType fonts found through fontconfig,
 * per-character font fallback (DejaVu, then a CJK font loaded only when a text needs it),
 * right-to-left runs reordered and Arabic joined by GNU FriBidi, measuring with cached advance
 * widths, line breaking and drawing of runs through libharu's UTF-8 encoder. */
/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <fribidi.h>
#include <glib/gi18n-lib.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <stdarg.h>
#include <string.h>

#include "psems-error.h"
#include "psems-pdf-private.h"

#define ELLIPSIS "\xe2\x80\xa6"

/* ---- Finding fonts ------------------------------------------------------------------- */

static gboolean
pattern_is_truetype (FcPattern *pattern)
{
  FcChar8 *format = NULL;
  int index = 0;

  if (FcPatternGetString (pattern, FC_FONTFORMAT, 0, &format) != FcResultMatch
      || g_strcmp0 ((const char *) format, "TrueType") != 0)
    return FALSE;
  /* libharu loads a collection's faces only through another call; keep to plain files */
  if (FcPatternGetInteger (pattern, FC_INDEX, 0, &index) == FcResultMatch && index != 0)
    return FALSE;
  return TRUE;
}

static char *
find_sans (gboolean bold)
{
  FcPattern *pattern;
  FcPattern *match;
  FcResult result;
  FcChar8 *file = NULL;
  int weight = 0;
  char *path = NULL;

  pattern = FcPatternBuild (NULL,
                            FC_FAMILY, FcTypeString, "DejaVu Sans",
                            FC_WEIGHT, FcTypeInteger, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR,
                            FC_SLANT, FcTypeInteger, FC_SLANT_ROMAN,
                            FC_FONTFORMAT, FcTypeString, "TrueType",
                            (char *) NULL);
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);
  if (match != NULL
      && pattern_is_truetype (match)
      && FcPatternGetString (match, FC_FILE, 0, &file) == FcResultMatch
      && FcPatternGetInteger (match, FC_WEIGHT, 0, &weight) == FcResultMatch
      && (bold ? weight >= FC_WEIGHT_DEMIBOLD : weight < FC_WEIGHT_DEMIBOLD))
    path = g_strdup ((const char *) file);
  if (match != NULL)
    FcPatternDestroy (match);
  FcPatternDestroy (pattern);
  return path;
}

/* A TrueType font with Han ideographs; of several, the one that also has the most of kana
 * and hangul (one font for Chinese, Japanese and Korean), Droid Sans Fallback on a tie. */
static char *
find_cjk (void)
{
  static const gunichar wanted_too[] = { 0x3042, 0x30A2, 0xAC00, 0xD55C, 0xAE00 };
  FcPattern *pattern;
  FcObjectSet *objects;
  FcFontSet *set;
  FcCharSet *han = FcCharSetCreate ();
  char *path = NULL;
  int best = -1;

  FcCharSetAddChar (han, 0x4E00);
  pattern = FcPatternBuild (NULL, FC_FONTFORMAT, FcTypeString, "TrueType",
                            FC_CHARSET, FcTypeCharSet, han, (char *) NULL);
  FcCharSetDestroy (han);
  objects = FcObjectSetBuild (FC_FILE, FC_FAMILY, FC_FONTFORMAT, FC_INDEX, FC_CHARSET,
                              (char *) NULL);
  set = FcFontList (NULL, pattern, objects);
  for (int i = 0; set != NULL && i < set->nfont; i++)
    {
      FcPattern *font = set->fonts[i];
      FcChar8 *file = NULL;
      FcChar8 *family = NULL;
      FcCharSet *charset = NULL;
      int score = 0;

      if (!pattern_is_truetype (font)
          || FcPatternGetString (font, FC_FILE, 0, &file) != FcResultMatch
          || FcPatternGetCharSet (font, FC_CHARSET, 0, &charset) != FcResultMatch
          || !FcCharSetHasChar (charset, 0x4E00))
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (wanted_too); k++)
        score += FcCharSetHasChar (charset, wanted_too[k]) ? 2 : 0;
      if (FcPatternGetString (font, FC_FAMILY, 0, &family) == FcResultMatch
          && strstr ((const char *) family, "Droid Sans Fallback") != NULL)
        score += 1;
      if (score > best)
        {
          best = score;
          g_free (path);
          path = g_strdup ((const char *) file);
        }
    }
  if (set != NULL)
    FcFontSetDestroy (set);
  FcObjectSetDestroy (objects);
  FcPatternDestroy (pattern);
  return path;
}

char *
psems_pdf_find_font (const char *role)
{
  g_return_val_if_fail (role != NULL, NULL);

  if (!FcInit ())
    return NULL;
  if (g_str_equal (role, "sans"))
    return find_sans (FALSE);
  if (g_str_equal (role, "sans-bold"))
    return find_sans (TRUE);
  if (g_str_equal (role, "cjk"))
    return find_cjk ();
  g_return_val_if_reached (NULL);
}

/* The characters a font file has, from fontconfig's cache (no need to parse the file). */
static FcCharSet *
dup_charset (const char *path)
{
  FcPattern *pattern;
  FcObjectSet *objects;
  FcFontSet *set;
  FcCharSet *charset = NULL;

  pattern = FcPatternBuild (NULL, FC_FILE, FcTypeString, path, (char *) NULL);
  objects = FcObjectSetBuild (FC_CHARSET, (char *) NULL);
  set = FcFontList (NULL, pattern, objects);
  if (set != NULL && set->nfont > 0)
    {
      FcCharSet *found = NULL;

      if (FcPatternGetCharSet (set->fonts[0], FC_CHARSET, 0, &found) == FcResultMatch)
        charset = FcCharSetCopy (found);
    }
  if (set != NULL)
    FcFontSetDestroy (set);
  FcObjectSetDestroy (objects);
  FcPatternDestroy (pattern);

  if (charset == NULL)
    {
      int count = 0;
      FcPattern *query = FcFreeTypeQuery ((const FcChar8 *) path, 0, NULL, &count);
      FcCharSet *found = NULL;

      if (query != NULL && FcPatternGetCharSet (query, FC_CHARSET, 0, &found) == FcResultMatch)
        charset = FcCharSetCopy (found);
      if (query != NULL)
        FcPatternDestroy (query);
    }
  return charset;
}

/* ---- Setting up ------------------------------------------------------------------------ */

void
psems_pdf_text_fail (PsemsPdfText *text,
                     const char   *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  if (text->error != NULL && *text->error == NULL)
    *text->error = g_error_new_valist (PSEMS_ERROR, PSEMS_ERROR_FAILED, format, args);
  va_end (args);
  longjmp (*text->jump, 1);
}

static HPDF_Font
load_font (PsemsPdfText *text,
           PsemsPdfFace  face)
{
  const char *name;
  HPDF_Font font;

  /* Embedded (HPDF_TRUE): a document must read the same on a machine without the font */
  name = HPDF_LoadTTFontFromFile (text->pdf, text->path[face], HPDF_TRUE);
  if (name == NULL)
    psems_pdf_text_fail (text, _("Cannot load the font %s"), text->path[face]);
  font = HPDF_GetFont (text->pdf, name, "UTF-8");
  if (font == NULL)
    psems_pdf_text_fail (text, _("Cannot load the font %s"), text->path[face]);
  return font;
}

void
psems_pdf_text_init (PsemsPdfText *text,
                     HPDF_Doc      pdf)
{
  text->pdf = pdf;
  text->ucs = g_array_new (FALSE, FALSE, sizeof (gunichar));
  text->faces = g_array_new (FALSE, FALSE, sizeof (guint8));
  text->run = g_string_sized_new (256);
  for (guint i = 0; i < PSEMS_PDF_N_FACES; i++)
    text->widths[i] = g_hash_table_new (NULL, NULL);

  text->path[PSEMS_PDF_FACE_SANS] = psems_pdf_find_font ("sans");
  text->path[PSEMS_PDF_FACE_BOLD] = psems_pdf_find_font ("sans-bold");
  if (text->path[PSEMS_PDF_FACE_SANS] == NULL)
    psems_pdf_text_fail (text, _("No TrueType font for the text was found through fontconfig "
                                 "(install the DejaVu fonts, fonts-dejavu-core)"));
  if (text->path[PSEMS_PDF_FACE_BOLD] == NULL)
    text->path[PSEMS_PDF_FACE_BOLD] = g_strdup (text->path[PSEMS_PDF_FACE_SANS]);

  /* "UTF-8" exists only after HPDF_UseUTFEncodings() */
  if (HPDF_UseUTFEncodings (pdf) != HPDF_OK)
    psems_pdf_text_fail (text, _("The PDF library has no UTF-8 encoder"));
  HPDF_SetCurrentEncoder (pdf, "UTF-8");
  text->utf8 = HPDF_GetEncoder (pdf, "UTF-8");

  for (PsemsPdfFace face = PSEMS_PDF_FACE_SANS; face <= PSEMS_PDF_FACE_BOLD; face++)
    {
      text->font[face] = load_font (text, face);
      text->charset[face] = dup_charset (text->path[face]);
      for (guint c = 0; c < 128; c++)
        text->ascii[face][c] = c < 0x20 ? 0 : (float) HPDF_Font_GetUnicodeWidth (text->font[face],
                                                                                  (HPDF_UNICODE) c);
    }
  text->ascent = HPDF_Font_GetAscent (text->font[PSEMS_PDF_FACE_SANS]) / 1000.0;
  if (text->ascent <= 0 || text->ascent > 1.5)
    text->ascent = 0.93;
}

void
psems_pdf_text_clear (PsemsPdfText *text)
{
  for (guint i = 0; i < PSEMS_PDF_N_FACES; i++)
    {
      g_clear_pointer (&text->path[i], g_free);
      g_clear_pointer (&text->charset[i], FcCharSetDestroy);
      g_clear_pointer (&text->widths[i], g_hash_table_unref);
      text->font[i] = NULL;
    }
  g_clear_pointer (&text->ucs, g_array_unref);
  g_clear_pointer (&text->faces, g_array_unref);
  if (text->run != NULL)
    g_string_free (text->run, TRUE);
  text->run = NULL;
}

void
psems_pdf_text_reset_page (PsemsPdfText *text)
{
  text->current_font = NULL;
  text->current_size = 0;
  text->current_char_space = 0;
}

char *
psems_pdf_text_excerpt (const char *str)
{
  g_autofree char *valid = g_utf8_make_valid (str, -1);
  g_autofree char *head = NULL;

  if (g_utf8_strlen (valid, -1) <= 40)
    return g_steal_pointer (&valid);
  head = g_utf8_substring (valid, 0, 40);
  return g_strconcat (head, ELLIPSIS, NULL);
}

/* ---- Composite glyphs ---------------------------------------------------------------- */

static inline guint
read_u16 (const guchar *p)
{
  return (guint) p[0] << 8 | p[1];
}

/* libharu 2.3 embeds only the glyphs a text used, and follows a composite glyph's components
 * one level deep and only below glyph 32768 (fixed upstream in 2.4): DejaVu's Arabic
 * presentation forms and many of the CJK font's ideographs are built of components that it
 * leaves out, so they print blank or broken. Before the document is saved, mark every
 * component of every used glyph (recursively) in libharu's own table of used glyphs. */
static void
mark_components (HPDF_Font   font,
                 const char *path)
{
  HPDF_FontAttr font_attr;
  HPDF_TTFontDefAttr attr;
  g_autoptr(GMappedFile) file = NULL;
  const guchar *data;
  gsize size;
  g_autoptr(GArray) todo = NULL;

  if (font == NULL)
    return;
  font_attr = (HPDF_FontAttr) font->attr;
  if (font_attr == NULL || font_attr->fontdef == NULL
      || font_attr->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE)
    return;
  attr = (HPDF_TTFontDefAttr) font_attr->fontdef->attr;
  if (attr == NULL || attr->glyph_tbl.flgs == NULL || attr->glyph_tbl.offsets == NULL)
    return;
  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    return;
  data = (const guchar *) g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);

  todo = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint gid = 0; gid < attr->num_glyphs; gid++)
    if (attr->glyph_tbl.flgs[gid])
      g_array_append_val (todo, gid);

  while (todo->len > 0)
    {
      guint gid = g_array_index (todo, guint, todo->len - 1);
      gsize start = attr->glyph_tbl.offsets[gid];
      gsize end = attr->glyph_tbl.offsets[gid + 1];
      const guchar *p;
      const guchar *limit;
      guint flags;

      g_array_set_size (todo, todo->len - 1);
      if (attr->header.index_to_loc_format == 0)
        {
          start *= 2;
          end *= 2;
        }
      start += attr->glyph_tbl.base_offset;
      end += attr->glyph_tbl.base_offset;
      if (end <= start + 10 || end > size)
        continue;
      p = data + start;
      limit = data + end;
      if ((gint16) read_u16 (p) >= 0)
        continue;               /* a simple glyph */
      p += 10;                  /* numberOfContours and the bounding box */
      do
        {
          guint component;

          if (p + 4 > limit)
            break;
          flags = read_u16 (p);
          component = read_u16 (p + 2);
          p += 4;
          p += (flags & 0x0001) ? 4 : 2;            /* ARG_1_AND_2_ARE_WORDS */
          if (flags & 0x0008)                       /* WE_HAVE_A_SCALE */
            p += 2;
          else if (flags & 0x0040)                  /* WE_HAVE_AN_X_AND_Y_SCALE */
            p += 4;
          else if (flags & 0x0080)                  /* WE_HAVE_A_TWO_BY_TWO */
            p += 8;
          if (component < attr->num_glyphs && !attr->glyph_tbl.flgs[component])
            {
              attr->glyph_tbl.flgs[component] = 1;
              g_array_append_val (todo, component);
            }
        }
      while (flags & 0x0020);                       /* MORE_COMPONENTS */
    }
}

/* ---- The ToUnicode CMap --------------------------------------------------------------- */

static void
append_utf16_hex (GString  *out,
                  gunichar  c)
{
  if (c >= 0x10000)
    {
      c -= 0x10000;
      g_string_append_printf (out, "%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
    }
  else
    g_string_append_printf (out, "%04X", c);
}

static gboolean
is_arabic_presentation_form (gunichar c)
{
  return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFC);
}

/* libharu 2.3 gives a font drawn through its UTF-8 encoder a copy of its encoding CMap as
 * ToUnicode: "begincidrange" operators, which a ToUnicode CMap may not use (PDF 32000-1
 * 9.10.3 allows only bfchar and bfrange). Poppler warns and, like MuPDF, falls back on the
 * embedded font's own cmap; a viewer that relies on the CMap alone may copy nothing. The codes that
 * encoder writes are the UTF-16 code units of the (BMP) characters drawn, so the right CMap
 * is the identity written as bfrange, except that the Arabic presentation forms FriBidi
 * produced map back to the letters they show (NFKC), so copied Arabic is ordinary text. */
static void
write_to_unicode (GString *out)
{
  g_autoptr(GString) chars = g_string_new (NULL);
  guint n_chars = 0;
  guint n_ranges = 0;
  g_autoptr(GString) ranges = g_string_new (NULL);

  g_string_append (out,
                   "/CIDInit /ProcSet findresource begin\n"
                   "12 dict begin\n"
                   "begincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n"
                   "/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");

  for (guint high = 0; high <= 0xFF; high++)
    {
      gboolean has_forms = high >= 0xFB && high <= 0xFE;

      if (high >= 0xD8 && high <= 0xDF)
        continue;               /* surrogates are not characters */
      if (!has_forms)
        {
          if (n_ranges > 0 && n_ranges % 100 == 0)
            g_string_append (ranges, "endbfrange\n100 beginbfrange\n");
          g_string_append_printf (ranges, "<%02X00> <%02XFF> <%02X00>\n", high, high, high);
          n_ranges++;
          continue;
        }
      for (guint low = 0; low <= 0xFF; low++)
        {
          gunichar c = high << 8 | low;
          char utf8[8];
          g_autofree char *nfkc = NULL;

          utf8[g_unichar_to_utf8 (c, utf8)] = '\0';
          if (n_chars > 0 && n_chars % 100 == 0)
            g_string_append (chars, "endbfchar\n100 beginbfchar\n");
          g_string_append_printf (chars, "<%04X> <", c);
          nfkc = is_arabic_presentation_form (c) ? g_utf8_normalize (utf8, -1, G_NORMALIZE_NFKC)
                                                 : NULL;
          if (nfkc != NULL && *nfkc != '\0')
            {
              /* The page holds the text in visual order, so a ligature's letters are given
               * in visual order too (lam-alef as alef, lam): a viewer that turns the line
               * back into logical order (poppler) then turns them round with the rest */
              g_autofree char *visual = g_utf8_strreverse (nfkc, -1);

              for (const char *p = visual; *p != '\0'; p = g_utf8_next_char (p))
                append_utf16_hex (chars, g_utf8_get_char (p));
            }
          else
            append_utf16_hex (chars, c);
          g_string_append (chars, ">\n");
          n_chars++;
        }
    }

  g_string_append_printf (out, "%u beginbfrange\n%sendbfrange\n", MIN (n_ranges, 100),
                          ranges->str);
  /* the last blocks hold the remainders */
  if (n_ranges > 100)
    {
      /* rewrite the counts: every full block says 100, the last one what it holds */
      guint last = n_ranges % 100 == 0 ? 100 : n_ranges % 100;
      char *tail = g_strrstr (out->str, "endbfrange\n100 beginbfrange\n");

      if (tail != NULL)
        {
          gsize at = (gsize) (tail - out->str) + strlen ("endbfrange\n");
          g_autofree char *count = g_strdup_printf ("%u", last);

          g_string_erase (out, (gssize) at, 3);
          g_string_insert (out, (gssize) at, count);
        }
    }
  if (n_chars > 0)
    {
      guint last = n_chars % 100 == 0 ? 100 : n_chars % 100;
      gsize start = out->len;
      char *tail;

      g_string_append_printf (out, "100 beginbfchar\n%sendbfchar\n", chars->str);
      tail = g_strrstr (out->str + start, "endbfchar\n100 beginbfchar\n");
      if (tail == NULL)
        tail = out->str + start - strlen ("endbfchar\n");
      {
        gsize at = (gsize) (tail - out->str) + strlen ("endbfchar\n");
        g_autofree char *count = g_strdup_printf ("%u", last);

        g_string_erase (out, (gssize) at, 3);
        g_string_insert (out, (gssize) at, count);
      }
    }
  g_string_append (out,
                   "endcmap\n"
                   "CMapName currentdict /CMap defineresource pop\n"
                   "end\n"
                   "end\n");
}

static void
replace_to_unicode (HPDF_Font   font,
                    const char *cmap_text)
{
  HPDF_FontAttr attr = (HPDF_FontAttr) font->attr;
  HPDF_Dict cmap;

  if (attr == NULL || attr->cmap_stream == NULL || attr->cmap_stream->stream == NULL)
    return;
  cmap = attr->cmap_stream;
  HPDF_MemStream_FreeData (cmap->stream);
  HPDF_Stream_WriteStr (cmap->stream, cmap_text);
  /* keys of an encoding CMap; a ToUnicode stream has none of them */
  HPDF_Dict_RemoveElement (cmap, "CIDSystemInfo");
  HPDF_Dict_RemoveElement (cmap, "CMapName");
  HPDF_Dict_RemoveElement (cmap, "WMode");
  HPDF_Dict_RemoveElement (cmap, "Type");
}

void
psems_pdf_text_finish_fonts (PsemsPdfText *text)
{
  g_autoptr(GString) cmap = g_string_new (NULL);

  write_to_unicode (cmap);
  for (guint face = 0; face < PSEMS_PDF_N_FACES; face++)
    if (text->font[face] != NULL && text->path[face] != NULL)
      {
        mark_components (text->font[face], text->path[face]);
        replace_to_unicode (text->font[face], cmap->str);
      }
}

/* ---- Characters and faces ------------------------------------------------------------- */

static inline gboolean
is_rtl (gunichar c)
{
  return (c >= 0x0590 && c <= 0x08FF)        /* Hebrew, Arabic, Syriac, Thaana, N'Ko … */
         || (c >= 0xFB1D && c <= 0xFDFF)     /* Hebrew and Arabic presentation forms A */
         || (c >= 0xFE70 && c <= 0xFEFE)     /* Arabic presentation forms B */
         || c == 0x200F || c == 0x202B || c == 0x202E || c == 0x2067;
}

static inline gboolean
is_invisible (gunichar c)
{
  return c < 0x20 || c == 0xFEFF || (c >= 0x200B && c <= 0x200F)
         || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
cjk_available (PsemsPdfText *text)
{
  if (!text->cjk_looked_up)
    {
      text->cjk_looked_up = TRUE;
      text->path[PSEMS_PDF_FACE_CJK] = psems_pdf_find_font ("cjk");
      if (text->path[PSEMS_PDF_FACE_CJK] != NULL)
        text->charset[PSEMS_PDF_FACE_CJK] = dup_charset (text->path[PSEMS_PDF_FACE_CJK]);
    }
  return text->charset[PSEMS_PDF_FACE_CJK] != NULL;
}

/* The face that draws @c: the wanted weight, else the regular face, else the CJK font. A
 * character no font has is drawn by the wanted face (as its missing-glyph box). */
static inline PsemsPdfFace
face_for (PsemsPdfText *text,
          gunichar      c,
          PsemsPdfFace  base)
{
  if (c < 0x80 || (text->charset[base] != NULL && FcCharSetHasChar (text->charset[base], c)))
    return base;
  if (base != PSEMS_PDF_FACE_SANS && text->charset[PSEMS_PDF_FACE_SANS] != NULL
      && FcCharSetHasChar (text->charset[PSEMS_PDF_FACE_SANS], c))
    return PSEMS_PDF_FACE_SANS;
  if (cjk_available (text) && FcCharSetHasChar (text->charset[PSEMS_PDF_FACE_CJK], c))
    return PSEMS_PDF_FACE_CJK;
  return base;
}

static HPDF_Font
face_font (PsemsPdfText *text,
           PsemsPdfFace  face)
{
  /* The CJK font is large: loaded (and embedded) only once a text needs it */
  if (text->font[face] == NULL)
    text->font[face] = load_font (text, face);
  return text->font[face];
}

/* Advance width in 1/1000 em. */
static inline double
char_width (PsemsPdfText *text,
            PsemsPdfFace  face,
            gunichar      c)
{
  gpointer cached;
  int width;

  if (c < 0x80 && face != PSEMS_PDF_FACE_CJK)
    return text->ascii[face][c];
  if (is_invisible (c))
    return 0;
  cached = g_hash_table_lookup (text->widths[face], GUINT_TO_POINTER (c));
  if (cached != NULL)
    return GPOINTER_TO_UINT (cached) - 1;
  width = HPDF_Font_GetUnicodeWidth (face_font (text, face), (HPDF_UNICODE) c);
  width = MAX (width, 0);
  g_hash_table_insert (text->widths[face], GUINT_TO_POINTER (c), GUINT_TO_POINTER (width + 1));
  return width;
}

static inline gboolean
is_plain_ascii (const char *str,
                gssize      len,
                gsize      *out_len)
{
  const guchar *p = (const guchar *) str;
  gsize n = 0;

  if (len < 0)
    {
      for (; p[n] != 0; n++)
        if (p[n] >= 0x80)
          return FALSE;
    }
  else
    {
      for (; n < (gsize) len; n++)
        if (p[n] >= 0x80)
          return FALSE;
    }
  *out_len = n;
  return TRUE;
}

/* Decodes @str into text->ucs in visual order (FriBidi reorders and joins right-to-left text,
 * only when there is some) and picks each character's face into text->faces. */
static guint
prepare (PsemsPdfText  *text,
         const char    *str,
         gssize         len,
         PsemsPdfWeight weight)
{
  const char *end = len < 0 ? str + strlen (str) : str + len;
  PsemsPdfFace base = weight == PSEMS_PDF_WEIGHT_BOLD ? PSEMS_PDF_FACE_BOLD : PSEMS_PDF_FACE_SANS;
  gboolean rtl = FALSE;
  guint n = 0;

  g_array_set_size (text->ucs, 0);
  for (const char *p = str; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t')
        c = ' ';
      else if (c > 0xFFFF)
        c = 0xFFFD;             /* libharu's UTF-8 encoder maps the Basic Multilingual Plane */
      rtl = rtl || is_rtl (c);
      g_array_append_val (text->ucs, c);
    }

  if (rtl)
    {
      /* The documents read left to right: a line is never turned round by its first word */
      FriBidiParType direction = FRIBIDI_PAR_LTR;
      g_autofree FriBidiChar *visual = g_new (FriBidiChar, text->ucs->len + 1);

      /* log2vis reorders with the default flags plus Arabic shaping and ligatures */
      if (fribidi_log2vis ((const FriBidiChar *) text->ucs->data, (FriBidiStrIndex) text->ucs->len,
                           &direction, visual, NULL, NULL, NULL) != 0)
        memcpy (text->ucs->data, visual, text->ucs->len * sizeof (gunichar));
    }

  g_array_set_size (text->faces, text->ucs->len);
  for (guint i = 0; i < text->ucs->len; i++)
    {
      gunichar c = g_array_index (text->ucs, gunichar, i);

      /* FriBidi leaves U+FEFF where a lam-alef ligature swallowed a letter */
      if (is_invisible (c))
        continue;
      g_array_index (text->ucs, gunichar, n) = c;
      g_array_index (text->faces, guint8, n) = (guint8) face_for (text, c, base);
      n++;
    }
  g_array_set_size (text->ucs, n);
  g_array_set_size (text->faces, n);
  return n;
}

static inline double logical_width (PsemsPdfText *text,
                                    gunichar      c,
                                    PsemsPdfFace  base);

/* ---- Measuring ------------------------------------------------------------------------- */

double
psems_pdf_text_width (PsemsPdfText  *text,
                      const char    *str,
                      gssize         len,
                      double         size,
                      PsemsPdfWeight weight,
                      double         letter_spacing)
{
  PsemsPdfFace base = weight == PSEMS_PDF_WEIGHT_BOLD ? PSEMS_PDF_FACE_BOLD : PSEMS_PDF_FACE_SANS;
  double width = 0;
  gsize n = 0;

  if (is_plain_ascii (str, len, &n))
    {
      const float *table = text->ascii[base];
      const guchar *p = (const guchar *) str;

      for (gsize i = 0; i < n; i++)
        width += table[p[i]];
    }
  else
    {
      n = prepare (text, str, len, weight);
      for (guint i = 0; i < n; i++)
        width += char_width (text, g_array_index (text->faces, guint8, i),
                             g_array_index (text->ucs, gunichar, i));
    }
  width = width * size / 1000.0;
  if (letter_spacing != 0 && n > 1)
    width += letter_spacing * (double) (n - 1);
  return width;
}

double
psems_pdf_text_extents (PsemsPdfText  *text,
                        const char    *str,
                        double         size,
                        PsemsPdfWeight weight,
                        double        *longest_word)
{
  PsemsPdfFace base = weight == PSEMS_PDF_WEIGHT_BOLD ? PSEMS_PDF_FACE_BOLD : PSEMS_PDF_FACE_SANS;
  const guchar *p = (const guchar *) str;
  double line = 0;
  double widest = 0;
  double word = 0;
  double longest = 0;
  gboolean plain = TRUE;

  for (; *p != 0; p++)
    {
      if (*p >= 0x80)
        {
          plain = FALSE;
          break;
        }
      if (*p == ' ' || *p == '\n')
        {
          longest = MAX (longest, word);
          word = 0;
          if (*p == '\n')
            {
              widest = MAX (widest, line);
              line = 0;
              continue;
            }
        }
      else
        word += text->ascii[base][*p];
      line += text->ascii[base][*p];
    }
  if (!plain)
    {
      /* the words in their unjoined logical forms: close enough to choose column widths */
      line = word = longest = widest = 0;
      for (const char *q = str; *q != '\0'; q = g_utf8_next_char (q))
        {
          gunichar c = g_utf8_get_char (q);
          double cw = c == '\n' ? 0 : logical_width (text, c, base);

          if (c == ' ' || c == '\n')
            {
              longest = MAX (longest, word);
              word = 0;
              if (c == '\n')
                {
                  widest = MAX (widest, line);
                  line = 0;
                  continue;
                }
            }
          else
            word += cw;
          line += cw;
        }
    }
  longest = MAX (longest, word);
  widest = MAX (widest, line);
  if (longest_word != NULL)
    *longest_word = longest * size / 1000.0;
  return widest * size / 1000.0;
}

/* ---- Drawing --------------------------------------------------------------------------- */

static void
set_font (PsemsPdfText *text,
          HPDF_Page     page,
          HPDF_Font     font,
          double        size)
{
  if (font != text->current_font || size != text->current_size)
    {
      HPDF_Page_SetFontAndSize (page, font, (HPDF_REAL) size);
      text->current_font = font;
      text->current_size = size;
    }
}

static void
set_char_space (PsemsPdfText *text,
                HPDF_Page     page,
                double        letter_spacing)
{
  if (letter_spacing != text->current_char_space)
    {
      HPDF_Page_SetCharSpace (page, (HPDF_REAL) letter_spacing);
      text->current_char_space = letter_spacing;
    }
}

double
psems_pdf_text_draw (PsemsPdfText  *text,
                     HPDF_Page      page,
                     double         x,
                     double         y,
                     const char    *str,
                     gssize         len,
                     double         size,
                     PsemsPdfWeight weight,
                     double         letter_spacing,
                     gboolean       measure)
{
  PsemsPdfFace base = weight == PSEMS_PDF_WEIGHT_BOLD ? PSEMS_PDF_FACE_BOLD : PSEMS_PDF_FACE_SANS;
  double start = x;
  gsize n = 0;
  guint count;

  set_char_space (text, page, letter_spacing);

  if (is_plain_ascii (str, len, &n))
    {
      const char *out = str;

      if (n == 0)
        return 0;
      if (len >= 0 && str[len] != '\0')
        {
          g_string_truncate (text->run, 0);
          g_string_append_len (text->run, str, (gssize) n);
          out = text->run->str;
        }
      set_font (text, page, text->font[base], size);
      HPDF_Page_TextOut (page, (HPDF_REAL) x, (HPDF_REAL) y, out);
      return measure ? psems_pdf_text_width (text, str, (gssize) n, size, weight, letter_spacing)
                     : 0;
    }

  count = prepare (text, str, len, weight);
  for (guint i = 0; i < count;)
    {
      PsemsPdfFace face = g_array_index (text->faces, guint8, i);
      double run_width = 0;
      guint j = i;

      g_string_truncate (text->run, 0);
      for (; j < count && g_array_index (text->faces, guint8, j) == face; j++)
        {
          gunichar c = g_array_index (text->ucs, gunichar, j);

          g_string_append_unichar (text->run, c);
          run_width += char_width (text, face, c) * size / 1000.0 + letter_spacing;
        }
      set_font (text, page, face_font (text, face), size);
      HPDF_Page_TextOut (page, (HPDF_REAL) x, (HPDF_REAL) y, text->run->str);
      x += run_width;
      i = j;
    }
  if (count > 0)
    x -= letter_spacing;
  return x - start;
}

/* ---- Breaking lines -------------------------------------------------------------------- */

static inline double
logical_width (PsemsPdfText *text,
               gunichar      c,
               PsemsPdfFace  base)
{
  if (c < 0x80)
    return text->ascii[base][c];
  if (c > 0xFFFF)
    c = 0xFFFD;
  return char_width (text, face_for (text, c, base), c);
}

static double
span_width (PsemsPdfText *text,
            const char   *start,
            const char   *end,
            PsemsPdfFace  base)
{
  double width = 0;

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    width += logical_width (text, g_utf8_get_char (p), base);
  return width;
}

static void
push_line (GArray     *lines,
           const char *str,
           const char *start,
           const char *end)
{
  PsemsPdfLine line;

  while (end > start && end[-1] == ' ')
    end--;
  line.offset = (guint) (start - str);
  line.length = (guint) (end - start);
  g_array_append_val (lines, line);
}

/* Greedy breaking over the logical text with each character's width in its face. For
 * right-to-left text the widths are those of the unjoined letters, which the joined forms
 * drawn do not exceed by more than a trifle. */
static void
wrap_segment (PsemsPdfText *text,
              const char   *str,
              const char   *start,
              const char   *end,
              PsemsPdfFace  base,
              double        max_units,
              GArray       *lines)
{
  const char *line_start = start;
  const char *break_end = NULL;      /* where the line ends if broken at the last space */
  const char *break_next = NULL;     /* where the next line then starts */
  double x = 0;
  const char *p = start;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      double cw = logical_width (text, c, base);

      if (c == ' ')
        {
          if (p > line_start)
            {
              break_end = p;
              break_next = next;
              while (break_next < end && *break_next == ' ')
                break_next++;
            }
          x += cw;
          p = next;
          continue;
        }
      if (x + cw > max_units && p > line_start)
        {
          if (break_next != NULL && break_next > line_start && break_next <= p)
            {
              push_line (lines, str, line_start, break_end);
              line_start = break_next;
            }
          else
            {
              /* a word wider than the line: broken between characters */
              push_line (lines, str, line_start, p);
              line_start = p;
            }
          break_end = break_next = NULL;
          x = span_width (text, line_start, p, base);
          if (x + cw > max_units && p > line_start)
            continue;
        }
      x += cw;
      p = next;
    }
  push_line (lines, str, line_start, end);
}

double
psems_pdf_text_wrap (PsemsPdfText  *text,
                     const char    *str,
                     double         size,
                     PsemsPdfWeight weight,
                     double         max_width,
                     GArray        *lines)
{
  PsemsPdfFace base = weight == PSEMS_PDF_WEIGHT_BOLD ? PSEMS_PDF_FACE_BOLD : PSEMS_PDF_FACE_SANS;
  double max_units = max_width * 1000.0 / size;
  double widest = 0;
  const char *segment = str;

  g_array_set_size (lines, 0);
  for (;;)
    {
      const char *newline = strchr (segment, '\n');
      const char *end = newline != NULL ? newline : segment + strlen (segment);
      guint first = lines->len;
      double width = psems_pdf_text_width (text, segment, end - segment, size, weight, 0);

      if (width <= max_width)
        {
          PsemsPdfLine line = { (guint) (segment - str), (guint) (end - segment) };

          g_array_append_val (lines, line);
          widest = MAX (widest, width);
        }
      else
        {
          wrap_segment (text, str, segment, end, base, max_units, lines);
          for (guint i = first; i < lines->len; i++)
            {
              PsemsPdfLine *line = &g_array_index (lines, PsemsPdfLine, i);

              widest = MAX (widest, psems_pdf_text_width (text, str + line->offset,
                                                          line->length, size, weight, 0));
            }
        }
      if (newline == NULL)
        break;
      segment = newline + 1;
    }
  return widest;
}

gssize
psems_pdf_text_fit_ellipsis (PsemsPdfText  *text,
                             const char    *str,
                             double         size,
                             PsemsPdfWeight weight,
                             double         max_width,
                             double         letter_spacing)
{
  double room;
  const char *p;
  const char *fit;
  double x = 0;
  PsemsPdfFace base = weight == PSEMS_PDF_WEIGHT_BOLD ? PSEMS_PDF_FACE_BOLD : PSEMS_PDF_FACE_SANS;

  if (psems_pdf_text_width (text, str, -1, size, weight, letter_spacing) <= max_width)
    return -1;
  room = max_width - psems_pdf_text_width (text, ELLIPSIS, -1, size, weight, letter_spacing)
         - letter_spacing;
  fit = p = str;
  while (*p != '\0')
    {
      x += logical_width (text, g_utf8_get_char (p), base) * size / 1000.0 + letter_spacing;
      if (x > room)
        break;
      p = g_utf8_next_char (p);
      fit = p;
    }
  while (fit > str && fit[-1] == ' ')
    fit--;
  return fit - str;
}
