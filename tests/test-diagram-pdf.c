/* test-diagram-pdf.c — the diagram as PDF vectors: written through the libharu pen, checked with
 * qpdf and poppler (no raster image, the text, the operators) and by its rendered pixels. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "psems-diagram-pdf.h"
#include "psems-diagram-pen.h"
#include "psems-test-util.h"

#define AS_OF "2026-11-26"
#define DPI   100

typedef struct
{
  char *dir;
  PsemsStore *store;
  PsemsDiagramInput *input;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PsemsActor) actor = psems_actor_new (0, "tester", PSEMS_ROLE_ADMINISTRATOR);
  g_autoptr(GError) error = NULL;
  PsemsDemoOptions options;
  gint64 facility;

  fixture->dir = psems_test_make_dir ();
  fixture->store = psems_test_new_store (fixture->dir, "demo.db");
  psems_demo_options_init (&options);
  options.persons = 20;
  g_date_set_dmy (&options.as_of, 26, G_DATE_NOVEMBER, 2026);
  psems_demo_generate (fixture->store, actor, &options, &error);
  g_assert_no_error (error);

  facility = psems_facility_resolve (fixture->store, "NHV-CT", &error);
  g_assert_no_error (error);
  fixture->input = psems_diagram_input_load (fixture->store, facility, AS_OF, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->input);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->input, psems_diagram_input_free);
  g_clear_object (&fixture->store);
  psems_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* ───────────────────── a pen that records what the painter asks for ───────────────────── */

typedef struct
{
  char *text;
  gboolean cut;          /* wider than its room: drawn ellipsized */
} DrawnText;

static void
drawn_text_free (gpointer data)
{
  DrawnText *drawn = data;

  g_free (drawn->text);
  g_free (drawn);
}

typedef struct
{
  const PsemsDiagramPen *inner;
  guint n_arcs, n_fills, n_strokes, n_fill_strokes, n_dashes, n_translucent;
  GPtrArray *texts;      /* DrawnText */
} Recorder;

#define INNER(rec, op, ...) ((rec)->inner->funcs->op ((rec)->inner->user_data, __VA_ARGS__))

static void
rec_save (gpointer user_data)
{
  Recorder *rec = user_data;

  rec->inner->funcs->save (rec->inner->user_data);
}

static void
rec_restore (gpointer user_data)
{
  Recorder *rec = user_data;

  rec->inner->funcs->restore (rec->inner->user_data);
}

static void
rec_set_fill (gpointer user_data, double r, double g, double b, double alpha)
{
  Recorder *rec = user_data;

  rec->n_translucent += alpha < 1;
  INNER (rec, set_fill, r, g, b, alpha);
}

static void
rec_set_stroke (gpointer user_data, double r, double g, double b, double alpha)
{
  Recorder *rec = user_data;

  rec->n_translucent += alpha < 1;
  INNER (rec, set_stroke, r, g, b, alpha);
}

static void
rec_set_line_width (gpointer user_data, double width)
{
  INNER ((Recorder *) user_data, set_line_width, width);
}

static void
rec_set_line_cap (gpointer user_data, PsemsDiagramPenCap cap)
{
  INNER ((Recorder *) user_data, set_line_cap, cap);
}

static void
rec_set_line_join (gpointer user_data, PsemsDiagramPenJoin join)
{
  INNER ((Recorder *) user_data, set_line_join, join);
}

static void
rec_set_dash (gpointer user_data, const double *dashes, guint n_dashes, double offset)
{
  Recorder *rec = user_data;

  rec->n_dashes += n_dashes > 0;
  INNER (rec, set_dash, dashes, n_dashes, offset);
}

static void
rec_move_to (gpointer user_data, double x, double y)
{
  INNER ((Recorder *) user_data, move_to, x, y);
}

static void
rec_line_to (gpointer user_data, double x, double y)
{
  INNER ((Recorder *) user_data, line_to, x, y);
}

static void
rec_curve_to (gpointer user_data, double x1, double y1, double x2, double y2, double x3, double y3)
{
  INNER ((Recorder *) user_data, curve_to, x1, y1, x2, y2, x3, y3);
}

static void
rec_arc (gpointer user_data, double xc, double yc, double radius, double angle1, double angle2)
{
  Recorder *rec = user_data;

  rec->n_arcs++;
  INNER (rec, arc, xc, yc, radius, angle1, angle2);
}

static void
rec_rectangle (gpointer user_data, double x, double y, double width, double height)
{
  INNER ((Recorder *) user_data, rectangle, x, y, width, height);
}

static void
rec_close_path (gpointer user_data)
{
  Recorder *rec = user_data;

  rec->inner->funcs->close_path (rec->inner->user_data);
}

static void
rec_fill (gpointer user_data, gboolean even_odd)
{
  Recorder *rec = user_data;

  rec->n_fills++;
  INNER (rec, fill, even_odd);
}

static void
rec_stroke (gpointer user_data)
{
  Recorder *rec = user_data;

  rec->n_strokes++;
  rec->inner->funcs->stroke (rec->inner->user_data);
}

static void
rec_fill_stroke (gpointer user_data)
{
  Recorder *rec = user_data;

  rec->n_fill_strokes++;
  rec->inner->funcs->fill_stroke (rec->inner->user_data);
}

static double
rec_show_text (gpointer user_data, double x, double y, const char *text, double size,
               PsemsDiagramPenWeight weight, PsemsDiagramPenAnchor anchor, double max_width,
               double letter_spacing)
{
  Recorder *rec = user_data;
  DrawnText *drawn = g_new0 (DrawnText, 1);
  double natural = INNER (rec, text_width, text, size, weight, letter_spacing);

  drawn->text = g_strdup (text);
  drawn->cut = max_width > 0 && natural > max_width;
  g_ptr_array_add (rec->texts, drawn);
  return INNER (rec, show_text, x, y, text, size, weight, anchor, max_width, letter_spacing);
}

static double
rec_text_width (gpointer user_data, const char *text, double size, PsemsDiagramPenWeight weight,
                double letter_spacing)
{
  return INNER ((Recorder *) user_data, text_width, text, size, weight, letter_spacing);
}

static const PsemsDiagramPenFuncs recorder_funcs = {
  .save = rec_save,
  .restore = rec_restore,
  .set_fill = rec_set_fill,
  .set_stroke = rec_set_stroke,
  .set_line_width = rec_set_line_width,
  .set_line_cap = rec_set_line_cap,
  .set_line_join = rec_set_line_join,
  .set_dash = rec_set_dash,
  .move_to = rec_move_to,
  .line_to = rec_line_to,
  .curve_to = rec_curve_to,
  .arc = rec_arc,
  .rectangle = rec_rectangle,
  .close_path = rec_close_path,
  .fill = rec_fill,
  .stroke = rec_stroke,
  .fill_stroke = rec_fill_stroke,
  .show_text = rec_show_text,
  .text_width = rec_text_width,
};

static void
recorder_free (Recorder *rec)
{
  g_ptr_array_unref (rec->texts);
  g_free (rec);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recorder, recorder_free)

typedef struct
{
  const PsemsDiagramLayout *layout;
  const PsemsDiagramInput *input;
  Recorder *rec;
} Recording;

/* A drawing that paints through a recorder over the PDF pen. */
static void
record_pdf_cb (PsemsPdfCanvas *canvas,
               double          width,
               double          height,
               gpointer        user_data)
{
  Recording *recording = user_data;
  PsemsDiagramPen inner;
  PsemsDiagramPen pen = { &recorder_funcs, recording->rec };

  psems_diagram_pdf_pen_init (&inner, canvas);
  recording->rec->inner = &inner;
  psems_diagram_paint_static_pen (&pen, recording->layout, recording->input);
  recording->rec->inner = NULL;
}

/* ───────────────────────────── tools ───────────────────────────── */

/* Runs a poppler or qpdf tool; FALSE (and the test skipped) when it is not installed. */
static gboolean
run_tool (char       **out,
          int         *exit_status,
          const char  *tool,
          ...)
{
  g_autofree char *path = g_find_program_in_path (tool);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status;
  va_list args;

  g_clear_pointer (out, g_free);
  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed", tool);

      g_test_skip (message);
      return FALSE;
    }
  g_ptr_array_add (argv, path);
  va_start (args, tool);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &wait_status, &error));
  g_assert_no_error (error);
  *exit_status = 0;
  if (!g_spawn_check_wait_status (wait_status, &error))
    *exit_status = error->domain == G_SPAWN_EXIT_ERROR ? error->code : -1;
  if (*exit_status != 0)
    g_test_message ("%s: exit %d: %s", tool, *exit_status, err);
  return TRUE;
}

/* @text without any white space: pdftotext puts its own spaces and line breaks between runs. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The size the pack gives the diagram: a landscape page's text width, in proportion. */
static void
get_drawing_size (double *width,
                  double *height)
{
  g_autoptr(PsemsPdfDoc) doc = psems_pdf_doc_new (PSEMS_PDF_A4_LANDSCAPE);

  *width = psems_pdf_doc_get_text_width (doc);
  *height = round (*width * 0.62);
  g_assert_cmpfloat (*width, >, 500);
  g_assert_cmpfloat (*width, <, 842);
}

/* The diagram of @input at @width × @height points written alone into @path, landscape. */
static void
write_pdf (PsemsDiagramInput *input,
           const char        *path,
           double             width,
           double             height)
{
  g_autoptr(PsemsPdfDoc) doc = psems_pdf_doc_new (PSEMS_PDF_A4_LANDSCAPE);
  g_autoptr(GError) error = NULL;
  PsemsPdfResult result;

  psems_pdf_doc_set_info (doc, input->title, "tester", "Defence in depth", NULL);
  psems_diagram_add_to_pdf (doc, input, width, height);
  g_assert_true (psems_pdf_doc_write (doc, path, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_pages, ==, 1);
}

static const char *
find_bytes (const char *haystack,
            const char *end,
            const char *needle)
{
  gsize n = strlen (needle);

  for (const char *p = haystack; p + n <= end; p++)
    {
      p = memchr (p, needle[0], end - p);
      if (p == NULL || p + n > end)
        return NULL;
      if (memcmp (p, needle, n) == 0)
        return p;
    }
  return NULL;
}

/* The last @needle that starts before @end. */
static const char *
rfind_bytes (const char *haystack,
             const char *end,
             const char *needle)
{
  gsize n = strlen (needle);

  for (const char *p = end - 1; p >= haystack; p--)
    if (p + n <= end && memcmp (p, needle, n) == 0)
      return p;
  return NULL;
}

/* What the page's operators do, from qpdf's QDF form of the file (streams uncompressed). */
typedef struct
{
  guint curves;      /* c */
  guint filling;     /* f f* B B* b b* */
  guint stroking;    /* S s B B* b b* */
  guint dashes;      /* [a b] o d, not [] 0 d */
  guint translucent; /* ExtGState with /ca or /CA below 1 */
} Operators;

static gboolean
is_delimiter (char c)
{
  return g_ascii_isspace (c) || strchr ("()<>[]{}/%", c) != NULL;
}

/* Tallies the operators of one content stream: a small tokenizer of PDF content (numbers,
 * names, strings, arrays, dictionaries, operators). */
static void
scan_content (const char *p,
              const char *end,
              Operators  *ops)
{
  int array_items = -1;      /* in the array being read; -1 outside one */
  int last_array = -1;       /* items of the last array closed */

  while (p < end)
    {
      const char *start;
      gsize n;

      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }
      switch (*p)
        {
        case '%':
          while (p < end && *p != '\n' && *p != '\r')
            p++;
          continue;
        case '(':
          {
            int depth = 0;

            for (; p < end; p++)
              {
                if (*p == '\\')
                  p++;
                else if (*p == '(')
                  depth++;
                else if (*p == ')' && --depth == 0)
                  break;
              }
            p++;
            array_items += array_items >= 0;
            continue;
          }
        case '<':
          if (p + 1 < end && p[1] == '<')
            p += 2;
          else
            {
              p = memchr (p, '>', end - p);
              p = p != NULL ? p + 1 : end;
              array_items += array_items >= 0;
            }
          continue;
        case '>':
          p += 1 + (p + 1 < end && p[1] == '>');
          continue;
        case '[':
          array_items = 0;
          p++;
          continue;
        case ']':
          last_array = array_items;
          array_items = -1;
          p++;
          continue;
        case '/':
          p++;
          while (p < end && !is_delimiter (*p))
            p++;
          array_items += array_items >= 0;
          continue;
        default:
          break;
        }
      start = p;
      while (p < end && !is_delimiter (*p))
        p++;
      if (p == start)
        {
          p++;
          continue;
        }
      n = p - start;
      if (g_ascii_isdigit (*start) || *start == '-' || *start == '+' || *start == '.')
        {
          array_items += array_items >= 0;
          continue;
        }
#define IS(op) (n == strlen (op) && memcmp (start, op, n) == 0)
      ops->curves += IS ("c") || IS ("v") || IS ("y");
      ops->filling += IS ("f") || IS ("F") || IS ("f*") || IS ("B") || IS ("B*") || IS ("b") || IS ("b*");
      ops->stroking += IS ("S") || IS ("s") || IS ("B") || IS ("B*") || IS ("b") || IS ("b*");
      ops->dashes += IS ("d") && last_array > 0;
#undef IS
    }
}

static void
count_operators (const char *qdf,
                 gsize       length,
                 Operators  *ops)
{
  const char *p = qdf, *end = qdf + length;

  memset (ops, 0, sizeof *ops);
  while ((p = find_bytes (p, end, "\nstream\n")) != NULL)
    {
      const char *body = p + strlen ("\nstream\n");
      const char *stop = find_bytes (body, end, "\nendstream");
      const char *dict = rfind_bytes (qdf, p, " obj\n");
      g_autofree char *dictionary = NULL;

      g_assert_nonnull (stop);
      g_assert_nonnull (dict);
      dictionary = g_strndup (dict, p - dict);
      p = stop;
      /* Page contents and forms; not fonts, images or CMaps. */
      if (strstr (dictionary, "/Length1") != NULL || strstr (dictionary, "/CMapName") != NULL
          || (strstr (dictionary, "/Subtype") != NULL && strstr (dictionary, "/Form") == NULL))
        continue;
      scan_content (body, stop, ops);
    }
  for (p = qdf; (p = find_bytes (p, end, "/ca ")) != NULL; p++)
    ops->translucent += g_ascii_strtod (p + 4, NULL) < 1;
  for (p = qdf; (p = find_bytes (p, end, "/CA ")) != NULL; p++)
    ops->translucent += g_ascii_strtod (p + 4, NULL) < 1;
}

/* The operators of the PDF at @path, through qpdf's QDF form; FALSE when qpdf is missing. */
static gboolean
read_operators (const char *dir,
                const char *path,
                Operators  *ops)
{
  g_autofree char *qdf_path = g_build_filename (dir, "qdf.pdf", NULL);
  g_autoptr(GBytes) qdf = NULL;
  g_autofree char *out = NULL;
  const char *bytes;
  gsize length;
  int status;

  if (!run_tool (&out, &status, "qpdf", "--qdf", "--object-streams=disable", path, qdf_path, NULL))
    return FALSE;
  g_assert_cmpint (status, ==, 0);
  qdf = psems_test_read_file (qdf_path);
  bytes = g_bytes_get_data (qdf, &length);
  count_operators (bytes, length, ops);
  return TRUE;
}

/* A word of `pdftotext -bbox`: its box in points from the page's top-left. */
typedef struct
{
  double x_min, y_min, x_max, y_max;
  char *text;
} Word;

static void
word_clear (gpointer data)
{
  g_free (((Word *) data)->text);
}

static GArray *
parse_words (const char *html)
{
  g_autoptr(GRegex) regex = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
                                         "yMax=\"([0-9.]+)\">([^<]*)</word>", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));

  g_array_set_clear_func (words, word_clear);
  g_regex_match (regex, html, 0, &match);
  while (g_match_info_matches (match))
    {
      Word word;
      char *field;

      field = g_match_info_fetch (match, 1);
      word.x_min = g_ascii_strtod (field, NULL);
      g_free (field);
      field = g_match_info_fetch (match, 2);
      word.y_min = g_ascii_strtod (field, NULL);
      g_free (field);
      field = g_match_info_fetch (match, 3);
      word.x_max = g_ascii_strtod (field, NULL);
      g_free (field);
      field = g_match_info_fetch (match, 4);
      word.y_max = g_ascii_strtod (field, NULL);
      g_free (field);
      word.text = g_match_info_fetch (match, 5);
      g_array_append_val (words, word);
      g_match_info_next (match, NULL);
    }
  return words;
}

/* Whether a word @text is centred on @x, @y (page points), within @tolerance. */
static gboolean
find_centred_word (GArray     *words,
                   const char *text,
                   double      x,
                   double      y,
                   double      tolerance)
{
  for (guint i = 0; i < words->len; i++)
    {
      const Word *word = &g_array_index (words, Word, i);

      if (g_strcmp0 (word->text, text) == 0
          && fabs ((word->x_min + word->x_max) / 2 - x) <= tolerance
          && fabs ((word->y_min + word->y_max) / 2 - y) <= tolerance)
        return TRUE;
    }
  return FALSE;
}

/* ───────────────────────────── tests ───────────────────────────── */

/* The demo terminal's diagram on a landscape page: a valid file, vectors only, every text the
 * painter draws, at least as many curves, fills, strokes and dashes as it asks for, and the
 * same operators as a drawing painted through a recorder of its calls. */
static void
test_pdf_vectors (Fixture       *fixture,
                  gconstpointer  data)
{
  double width, height;
  g_autofree char *path = g_build_filename (fixture->dir, "diagram.pdf", NULL);
  g_autofree char *recorded_path = g_build_filename (fixture->dir, "recorded.pdf", NULL);
  g_autoptr(PsemsDiagramLayout) layout = NULL;
  g_autoptr(Recorder) rec = g_new0 (Recorder, 1);
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_images = 0, n_degraded = 0;
  Operators ops, recorded_ops;
  int status;

  get_drawing_size (&width, &height);
  layout = psems_diagram_layout_new (fixture->input, width, height);
  rec->texts = g_ptr_array_new_with_free_func (drawn_text_free);
  {
    /* The painter's calls, recorded on their way to the canvas in a file of their own. */
    g_autoptr(PsemsPdfDoc) doc = psems_pdf_doc_new (PSEMS_PDF_A4_LANDSCAPE);
    g_autoptr(GError) error = NULL;
    Recording recording = { layout, fixture->input, rec };
    PsemsPdfResult result;

    psems_pdf_doc_add_drawing (doc, width, height, record_pdf_cb, &recording, NULL);
    g_assert_true (psems_pdf_doc_write (doc, recorded_path, NULL, NULL, NULL, &result, &error));
    g_assert_no_error (error);
  }
  write_pdf (g_steal_pointer (&fixture->input), path, width, height);

  /* A file qpdf finds no fault in. */
  if (!run_tool (&out, &status, "qpdf", "--check", path, NULL))
    return;
  g_assert_cmpint (status, ==, 0);

  /* Not a picture: no image on the page at all. */
  if (!run_tool (&out, &status, "pdfimages", "-list", path, NULL))
    return;
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  g_assert_true (g_str_has_prefix (lines[0], "page"));
  for (guint i = 2; lines[i] != NULL; i++)
    n_images += *g_strstrip (lines[i]) != '\0';
  g_assert_cmpuint (n_images, ==, 0);

  /* Every text the painter draws is there as text: the title, the rings' names in capitals,
   * threat and control rows of the key, the legend; a cut one by its beginning. */
  if (!run_tool (&text, &status, "pdftotext", "-enc", "UTF-8", path, "-", NULL))
    return;
  g_assert_cmpint (status, ==, 0);
  flat = squeeze (text);
  g_assert_cmpuint (rec->texts->len, >, 40);
  for (guint i = 0; i < rec->texts->len; i++)
    {
      DrawnText *drawn = g_ptr_array_index (rec->texts, i);
      g_autofree char *want = squeeze (drawn->text);

      if (drawn->cut)
        {
          /* The first word or so survives the ellipsis. */
          const char *cut = g_utf8_offset_to_pointer (want, MIN (6, g_utf8_strlen (want, -1)));

          want[cut - want] = '\0';
        }
      if (strstr (flat, want) == NULL)
        g_error ("“%s”%s is not in the PDF's text:\n%s", drawn->text, drawn->cut ? " (cut)" : "", text);
    }
  for (guint i = 0; i < layout->rings->len; i++)
    {
      g_autofree char *upper = g_utf8_strup (g_array_index (layout->rings, PsemsDiagramRing, i).name, -1);
      g_autofree char *want = squeeze (upper);

      g_assert_nonnull (strstr (flat, want));
    }
  g_assert_nonnull (strstr (flat, "NordhavenContainerTerminal"));
  g_assert_nonnull (strstr (flat, "T5"));

  /* The operators: arcs as Bézier curves (a full circle is at least four), fills and strokes,
   * the dashes of degraded controls, translucency through an ExtGState; the same as the
   * recorded painter's calls gave. */
  if (!read_operators (fixture->dir, path, &ops) || !read_operators (fixture->dir, recorded_path, &recorded_ops))
    return;
  g_assert_cmpmem (&ops, sizeof ops, &recorded_ops, sizeof recorded_ops);
  for (guint i = 0; i < layout->nodes->len; i++)
    n_degraded += g_array_index (layout->nodes, PsemsDiagramNode, i).degraded;
  for (guint i = 0; i < layout->key_entries->len; i++)
    {
      const PsemsDiagramKeyEntry *entry = &g_array_index (layout->key_entries, PsemsDiagramKeyEntry, i);

      n_degraded += entry->kind == PSEMS_DIAGRAM_KEY_CONTROL && entry->degraded;
    }
  g_test_message ("painter: %u arcs, %u fills, %u strokes, %u fill+strokes, %u dashes; "
                  "PDF: %u curves, %u filling, %u stroking, %u dashes, %u translucent states",
                  rec->n_arcs, rec->n_fills, rec->n_strokes, rec->n_fill_strokes, rec->n_dashes,
                  ops.curves, ops.filling, ops.stroking, ops.dashes, ops.translucent);
  g_assert_cmpuint (n_degraded, >, 0);
  /* Degraded controls on the rings and in the key, and the legend's sample. */
  g_assert_cmpuint (rec->n_dashes, ==, n_degraded + 1);
  g_assert_cmpuint (ops.curves, >=, 4 * (layout->rings->len + 1));
  g_assert_cmpuint (ops.curves, >=, rec->n_arcs);
  g_assert_cmpuint (ops.filling, >=, rec->n_fills + rec->n_fill_strokes);
  g_assert_cmpuint (ops.stroking, >=, rec->n_strokes + rec->n_fill_strokes);
  g_assert_cmpuint (ops.dashes, >=, rec->n_dashes);
  g_assert_cmpuint (rec->n_translucent, >, 0);
  g_assert_cmpuint (ops.translucent, >, 0);
}

/* A pixel's colour, 0 … 1. */
static void
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y,
           double           rgb[3])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 pixel;

  memcpy (&pixel, data + y * cairo_image_surface_get_stride (surface) + x * 4, sizeof pixel);
  rgb[0] = ((pixel >> 16) & 0xff) / 255.0;
  rgb[1] = ((pixel >> 8) & 0xff) / 255.0;
  rgb[2] = (pixel & 0xff) / 255.0;
}

static gboolean
near_colour (const double rgb[3],
             const double want[4],
             double       tolerance)
{
  return fabs (rgb[0] - want[0]) <= tolerance && fabs (rgb[1] - want[1]) <= tolerance
         && fabs (rgb[2] - want[2]) <= tolerance;
}

/* The share of pixels in a square of half-side @half around @x, @y that are @want. */
static double
share_of_colour (cairo_surface_t *surface,
                 double           x,
                 double           y,
                 double           half,
                 const double     want[4])
{
  int width = cairo_image_surface_get_width (surface), height = cairo_image_surface_get_height (surface);
  guint n = 0, hits = 0;

  for (int py = (int) floor (y - half); py <= (int) ceil (y + half); py++)
    for (int px = (int) floor (x - half); px <= (int) ceil (x + half); px++)
      {
        double rgb[3];

        if (px < 0 || py < 0 || px >= width || py >= height)
          continue;
        get_pixel (surface, px, py, rgb);
        n++;
        hits += near_colour (rgb, want, 10.0 / 255);
      }
  return n > 0 ? (double) hits / n : 0;
}

/* Text lands where the cairo painter puts it: the title by its top-left corner, the numbers on
 * the markers and the threats' badges centred on them (the pen turns the painter's centre into
 * the canvas' top). Placed by the title, every label is within half a point of the layout's. */
static void
test_pdf_text_anchors (Fixture       *fixture,
                       gconstpointer  data)
{
  double width, height;
  g_autofree char *path = g_build_filename (fixture->dir, "diagram.pdf", NULL);
  g_autoptr(PsemsDiagramLayout) layout = NULL;
  g_autoptr(GArray) words = NULL;
  g_autofree char *html = NULL;
  double x0 = 0, y0 = 0;
  gboolean found = FALSE;
  guint n_checked = 0;
  int status;

  get_drawing_size (&width, &height);
  layout = psems_diagram_layout_new (fixture->input, width, height);
  write_pdf (g_steal_pointer (&fixture->input), path, width, height);
  if (!run_tool (&html, &status, "pdftotext", "-bbox", "-enc", "UTF-8", path, "-", NULL))
    return;
  g_assert_cmpint (status, ==, 0);
  words = parse_words (html);

  /* The drawing's origin on the page, from the title's first word (top-left anchored). */
  for (guint i = 0; i < words->len && !found; i++)
    {
      const Word *word = &g_array_index (words, Word, i);

      if (g_strcmp0 (word->text, "Nordhaven") == 0
          && fabs ((word->y_max - word->y_min) - layout->title_font_size * 1.163) < 0.5)
        {
          x0 = word->x_min - layout->title_box.x;
          y0 = word->y_min - layout->title_box.y;
          found = TRUE;
        }
    }
  g_assert_true (found);

  g_assert_true (layout->numbered);
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);
      double shift = g_strcmp0 (node->function, "deter") == 0 ? node->size * 0.06 : 0;
      char number[16];

      g_snprintf (number, sizeof number, "%d", node->number);
      if (!find_centred_word (words, number, x0 + node->x, y0 + node->y + shift, 0.5))
        g_error ("control number %s is not centred on %.1f, %.1f", number, x0 + node->x,
                 y0 + node->y + shift);
      n_checked++;
    }
  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const PsemsDiagramArrow *arrow = &g_array_index (layout->arrows, PsemsDiagramArrow, i);
      double r = hypot (arrow->start_x - layout->centre_x, arrow->start_y - layout->centre_y)
                 + layout->font_size * 1.1;
      double x = x0 + layout->centre_x + r * sin (arrow->angle);
      double y = y0 + layout->centre_y - r * cos (arrow->angle);
      g_autofree char *badge = g_strdup_printf ("T%d", arrow->number);

      if (!find_centred_word (words, badge, x, y, 0.5))
        g_error ("threat badge %s is not centred on %.1f, %.1f", badge, x, y);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, ==, layout->nodes->len + layout->arrows->len);
}

/* Rendered by poppler, the page shows the picture the right way up: the asset core found by its
 * colour fixes where the drawing sits and its scale, and every control's marker is then where the
 * layout put it, in its status colour, degraded ones ringed in dashes of red. */
static void
test_pdf_pixels (Fixture       *fixture,
                 gconstpointer  data)
{
  double width, height;
  g_autofree char *path = g_build_filename (fixture->dir, "diagram.pdf", NULL);
  g_autofree char *prefix = g_build_filename (fixture->dir, "page", NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "page.png", NULL);
  g_autofree char *dpi = g_strdup_printf ("%d", DPI);
  g_autoptr(PsemsDiagramLayout) layout = NULL;
  g_autofree char *out = NULL;
  cairo_surface_t *page;
  const double core[4] = { 0x1c / 255.0, 0x3d / 255.0, 0x66 / 255.0, 1 };
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -1, max_y = -1;
  double centre_x, centre_y, scale, core_line;
  int status;

  get_drawing_size (&width, &height);
  layout = psems_diagram_layout_new (fixture->input, width, height);
  write_pdf (g_steal_pointer (&fixture->input), path, width, height);
  if (!run_tool (&out, &status, "pdftoppm", "-png", "-r", dpi, "-f", "1", "-l", "1", "-singlefile",
                 path, prefix, NULL))
    return;
  g_assert_cmpint (status, ==, 0);
  page = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (page), ==, CAIRO_STATUS_SUCCESS);
  /* A4 landscape. */
  g_assert_cmpint (abs (cairo_image_surface_get_width (page) - (int) round (842.0 * DPI / 72)), <=, 2);
  g_assert_cmpint (abs (cairo_image_surface_get_height (page) - (int) round (595.0 * DPI / 72)), <=, 2);

  for (int y = 0; y < cairo_image_surface_get_height (page); y++)
    for (int x = 0; x < cairo_image_surface_get_width (page); x++)
      {
        double rgb[3];

        get_pixel (page, x, y, rgb);
        if (!near_colour (rgb, core, 6.0 / 255))
          continue;
        min_x = MIN (min_x, x);
        min_y = MIN (min_y, y);
        max_x = MAX (max_x, x);
        max_y = MAX (max_y, y);
      }
  g_assert_cmpfloat (max_x, >, min_x);
  /* A disc: as wide as it is high. */
  g_assert_cmpfloat (fabs ((max_x - min_x) - (max_y - min_y)), <=, 2);
  centre_x = (min_x + max_x + 1) / 2;
  centre_y = (min_y + max_y + 1) / 2;
  /* The fill shows inside half the white outline. */
  core_line = MAX (1.5, layout->font_size * 0.15);
  scale = ((max_x - min_x + 1) / 2) / (layout->core_radius - core_line / 2);
  /* Drawn at its size (1 unit a point), unless the page had to shrink it. */
  g_assert_cmpfloat (scale, <, 1.05 * DPI / 72.0);
  g_assert_cmpfloat (scale, >, 0.5 * DPI / 72.0);

  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const PsemsDiagramNode *node = &g_array_index (layout->nodes, PsemsDiagramNode, i);
      double x = centre_x + (node->x - layout->centre_x) * scale;
      double y = centre_y + (node->y - layout->centre_y) * scale;
      double size = node->size * scale;
      double fill[4];

      /* Around the number in the middle, most of the marker is its status colour. */
      psems_diagram_get_status_colour (node->status, fill);
      if (share_of_colour (page, x, y, size * 0.3, fill) < 0.2)
        g_error ("control %" G_GINT64_FORMAT " (%s, %s): no marker in its colour at %.0f, %.0f",
                 node->control_id, node->function, node->status, x, y);
      if (node->degraded)
        {
          double line = MAX (1.0, node->size * 0.1);
          double radius = (node->size * 0.68 + line) * scale;
          guint hits = 0, n = 72;

          /* Dashed: red over some of the circle, not all of it. */
          for (guint k = 0; k < n; k++)
            {
              double a = 2 * G_PI * k / n;
              gboolean red = FALSE;

              /* The reddest pixel across the line: it is thin and antialiased. */
              for (double d = -2; d <= 2 && !red; d += 0.5)
                {
                  double rgb[3];

                  get_pixel (page, (int) round (x + (radius + d) * cos (a)),
                             (int) round (y + (radius + d) * sin (a)), rgb);
                  red = rgb[0] - MAX (rgb[1], rgb[2]) > 0.35;
                }
              hits += red;
            }
          if (hits < n / 5 || hits > n * 9 / 10)
            g_error ("control %" G_GINT64_FORMAT ": %u of %u points of its degraded ring are red",
                     node->control_id, hits, n);
        }
    }
  cairo_surface_destroy (page);
}

/* Long names are cut with "…" to their room, and any script reaches the page as text. */
static void
test_pdf_ellipsis_scripts (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "scripts.pdf", NULL);
  PsemsThreat *threat = g_ptr_array_index (fixture->input->threats, 0);
  PsemsLayer *layer = g_ptr_array_index (fixture->input->layers, 0);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  int status;

  g_free (fixture->input->title);
  fixture->input->title = g_strdup ("Терминал Søndre Kai · 港口设施");
  g_free (layer->name);
  layer->name = g_strdup ("Périmètre");
  g_free (threat->name);
  threat->name = g_strdup ("Unauthorised access through the northern gate during the night shift "
                           "changeover while the CCTV recorder is being serviced");
  write_pdf (g_steal_pointer (&fixture->input), path, 720, 450);

  if (!run_tool (&text, &status, "pdftotext", "-enc", "UTF-8", path, "-", NULL))
    return;
  g_assert_cmpint (status, ==, 0);
  flat = squeeze (text);
  g_assert_nonnull (strstr (flat, "ТерминалSøndreKai"));
  g_assert_nonnull (strstr (flat, "港口设施"));
  g_assert_nonnull (strstr (flat, "PÉRIMÈTRE"));
  /* The threat's row in the key: its beginning, the ellipsis, never its end. */
  g_assert_nonnull (strstr (flat, "Unauthorised"));
  g_assert_nonnull (strstr (flat, "…"));
  g_assert_null (strstr (flat, "beingserviced"));
}

/* A facility without layers: the page says so. */
static void
test_pdf_empty (void)
{
  g_autofree char *dir = psems_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "empty.pdf", NULL);
  PsemsDiagramInput *input = psems_diagram_input_new ();
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  int status;

  input->title = g_strdup ("Empty Quay");
  input->subtitle = g_strdup ("Defence in depth");
  input->as_of = g_strdup (AS_OF);
  write_pdf (input, path, 600, 400);

  if (run_tool (&text, &status, "pdftotext", "-enc", "UTF-8", path, "-", NULL))
    {
      g_assert_cmpint (status, ==, 0);
      flat = squeeze (text);
      g_assert_nonnull (strstr (flat, "EmptyQuay"));
      g_assert_nonnull (strstr (flat, "Thisfacilityhasnolayersofdefenceyet."));
    }
  psems_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/diagram-pdf/vectors", Fixture, NULL, fixture_set_up, test_pdf_vectors, fixture_tear_down);
  g_test_add ("/diagram-pdf/text-anchors", Fixture, NULL, fixture_set_up, test_pdf_text_anchors,
              fixture_tear_down);
  g_test_add ("/diagram-pdf/pixels", Fixture, NULL, fixture_set_up, test_pdf_pixels, fixture_tear_down);
  g_test_add ("/diagram-pdf/ellipsis-scripts", Fixture, NULL, fixture_set_up, test_pdf_ellipsis_scripts,
              fixture_tear_down);
  g_test_add_func ("/diagram-pdf/empty", test_pdf_empty);
  return g_test_run ();
}
