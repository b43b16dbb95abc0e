/* test-contrast.c — the status colours keep WCAG 2.1 contrast in the light and dark styles:
 * 4.5:1 for text (style.css against libadwaita's backgrounds, the level badge's number, the
 * diagram's numbers and labels in its light and dark palettes), 3:1 for marks that carry a status
 * alone (the diagram's nodes against its canvas and rings, its arrows, selection and focus). No display: libadwaita's stylesheets are read from its resources. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "psems-diagram.h"
#include "psems-level-badge.h"

#define TEXT_CONTRAST 4.5
#define MARK_CONTRAST 3.0

typedef struct
{
  double r, g, b, a;
} Colour;

typedef struct
{
  const char *name;           /* "light", "dark" */
  GHashTable *definitions;    /* colour name → expression, libadwaita's then ours */
} Style;

/* ───────────────────────────── colours ───────────────────────────── */

static double
channel_luminance (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

/* WCAG 2.1 relative luminance of an opaque colour. */
static double
luminance (Colour c)
{
  return 0.2126 * channel_luminance (c.r) + 0.7152 * channel_luminance (c.g)
         + 0.0722 * channel_luminance (c.b);
}

static double
contrast (Colour a,
          Colour b)
{
  double la = luminance (a);
  double lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* @top painted over the opaque @bottom. */
static Colour
over (Colour top,
      Colour bottom)
{
  return (Colour) { top.r * top.a + bottom.r * (1 - top.a), top.g * top.a + bottom.g * (1 - top.a),
                    top.b * top.a + bottom.b * (1 - top.a), 1.0 };
}

static Colour
from_rgba (const double rgba[4])
{
  return (Colour) { rgba[0], rgba[1], rgba[2], rgba[3] };
}

static char *
colour_to_string (Colour c)
{
  return g_strdup_printf ("#%02x%02x%02x%s", (int) round (c.r * 255), (int) round (c.g * 255),
                          (int) round (c.b * 255), c.a < 1.0 ? "(translucent)" : "");
}

/* ───────────────────────────── GTK CSS colour expressions ───────────────────────────── */

/* Splits "a, b(c, d), e" at its top-level commas. */
static GStrv
split_arguments (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *start = text;
  int depth = 0;

  for (const char *p = text; ; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')')
        depth--;
      if ((*p == ',' && depth == 0) || *p == '\0')
        {
          g_autofree char *argument = g_strndup (start, p - start);

          g_strv_builder_add (builder, g_strstrip (argument));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  return g_strv_builder_end (builder);
}

static Colour evaluate (const Style *style, const char *expression, int depth);

static double
parse_number (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == text || *g_strchug (end) != '\0')
    g_error ("“%s” is not a number", text);
  return value;
}

/* A colour expression as GTK's CSS reads it: @name, alpha(), mix(), shade(), or a colour. */
static Colour
evaluate (const Style *style,
          const char  *expression,
          int          depth)
{
  g_autofree char *text = g_strstrip (g_strdup (expression));
  GdkRGBA rgba;

  if (depth > 32)
    g_error ("%s style: colour definitions loop at “%s”", style->name, text);
  if (text[0] == '@')
    {
      const char *definition = g_hash_table_lookup (style->definitions, text + 1);

      if (definition == NULL)
        g_error ("%s style: no colour named “%s”", style->name, text + 1);
      return evaluate (style, definition, depth + 1);
    }
  if (g_str_has_suffix (text, ")") && strchr (text, '(') != NULL
      && !g_str_has_prefix (text, "rgb"))
    {
      char *open = strchr (text, '(');
      g_autofree char *function = g_strndup (text, open - text);
      g_autofree char *inside = g_strndup (open + 1, strlen (open + 1) - 1);
      g_auto(GStrv) args = split_arguments (inside);
      guint n = g_strv_length (args);

      if (g_str_equal (function, "alpha") && n == 2)
        {
          Colour c = evaluate (style, args[0], depth + 1);

          c.a *= parse_number (args[1]);
          return c;
        }
      if (g_str_equal (function, "mix") && n == 3)
        {
          Colour a = evaluate (style, args[0], depth + 1);
          Colour b = evaluate (style, args[1], depth + 1);
          double t = parse_number (args[2]);

          return (Colour) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t,
                            a.a + (b.a - a.a) * t };
        }
      g_error ("%s style: cannot evaluate “%s”", style->name, text);
    }
  if (!gdk_rgba_parse (&rgba, text))
    g_error ("%s style: “%s” is not a colour", style->name, text);
  return (Colour) { rgba.red, rgba.green, rgba.blue, rgba.alpha };
}

/* ───────────────────────────── stylesheets ───────────────────────────── */

static char *
strip_comments (const char *css)
{
  GString *out = g_string_new (NULL);

  for (const char *p = css; *p != '\0'; p++)
    {
      if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          if (end == NULL)
            break;
          p = end + 1;
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
add_definitions (GHashTable *definitions,
                 const char *css)
{
  g_autofree char *clean = strip_comments (css);
  g_autoptr(GRegex) regex = g_regex_new ("@define-color\\s+([A-Za-z0-9_-]+)\\s+([^;]+);", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, clean, 0, &match);
  while (g_match_info_matches (match))
    {
      g_hash_table_insert (definitions, g_match_info_fetch (match, 1), g_match_info_fetch (match, 2));
      g_match_info_next (match, NULL);
    }
}

static char *
libadwaita_stylesheet (const char *name)
{
  g_autofree char *path = g_strdup_printf ("/org/gnome/Adwaita/styles/%s", name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
our_stylesheet (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources", "style.css", NULL);
  g_autoptr(GError) error = NULL;
  char *css = NULL;

  g_file_get_contents (path, &css, NULL, &error);
  g_assert_no_error (error);
  return css;
}

static Style
load_style (const char *name)
{
  Style style = { name, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  g_autofree char *defaults_name = g_strdup_printf ("defaults-%s.css", name);
  g_autofree char *base = libadwaita_stylesheet ("base.css");
  g_autofree char *defaults = libadwaita_stylesheet (defaults_name);
  g_autofree char *ours = our_stylesheet ();

  /* The palette first, then the style's named colours, then ours on top. */
  add_definitions (style.definitions, base);
  add_definitions (style.definitions, defaults);
  add_definitions (style.definitions, ours);
  return style;
}

/* The backgrounds a status can sit on in @style: window, view (lists, tables), card (boxed
 * lists, over the window), popover and dialog. */
static GArray *
backgrounds (const Style *style)
{
  static const char * const names[] = { "window_bg_color", "view_bg_color", "card_bg_color",
                                        "popover_bg_color", "dialog_bg_color" };
  GArray *array = g_array_new (FALSE, FALSE, sizeof (Colour));
  Colour window = evaluate (style, "@window_bg_color", 0);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *reference = g_strconcat ("@", names[i], NULL);
      Colour c = over (evaluate (style, reference, 0), window);

      g_array_append_val (array, c);
    }
  return array;
}

/* ───────────────────────────── tests ───────────────────────────── */

/* libadwaita 1.2's backgrounds are what the brief and the design assume. */
static void
test_contrast_backgrounds (void)
{
  Style light = load_style ("light");
  Style dark = load_style ("dark");
  g_autofree char *light_window = colour_to_string (evaluate (&light, "@window_bg_color", 0));
  g_autofree char *light_view = colour_to_string (evaluate (&light, "@view_bg_color", 0));
  g_autofree char *dark_window = colour_to_string (evaluate (&dark, "@window_bg_color", 0));
  g_autofree char *dark_card = colour_to_string (over (evaluate (&dark, "@card_bg_color", 0),
                                                       evaluate (&dark, "@window_bg_color", 0)));

  g_assert_cmpstr (light_window, ==, "#fafafa");
  g_assert_cmpstr (light_view, ==, "#ffffff");
  g_assert_cmpstr (dark_window, ==, "#242424");
  g_assert_cmpstr (dark_card, ==, "#363636");
  /* The named status colours exist in both styles. */
  evaluate (&light, "@success_color", 0);
  evaluate (&dark, "@warning_color", 0);
  evaluate (&dark, "@error_color", 0);
  g_hash_table_unref (light.definitions);
  g_hash_table_unref (dark.definitions);
}

/* The background a compound selector such as ".status-pill.plan-draft" gets from a rule of one
 * of its classes alone (".status-pill"), or NULL. */
static char *
class_background (const char *css,
                  const char *selector,
                  GRegex     *background_regex)
{
  g_autofree char *first = g_strndup (selector, strcspn (selector, ", \n"));
  g_auto(GStrv) classes = g_strsplit (first, ".", -1);

  /* A single class is the rule itself. */
  if (g_strv_length (classes) <= 2)
    return NULL;
  for (guint i = 0; classes[i] != NULL; i++)
    {
      g_autofree char *pattern = NULL;
      g_autoptr(GRegex) regex = NULL;
      g_autoptr(GMatchInfo) rule = NULL;
      g_autoptr(GMatchInfo) background = NULL;
      g_autofree char *body = NULL;

      if (classes[i][0] == '\0' || !g_regex_match_simple ("^[a-z-]+$", classes[i], 0, 0))
        continue;
      pattern = g_strdup_printf ("(^|\\})\\s*\\.%s\\s*\\{([^}]*)\\}", classes[i]);
      regex = g_regex_new (pattern, 0, 0, NULL);
      if (!g_regex_match (regex, css, 0, &rule))
        continue;
      body = g_match_info_fetch (rule, 2);
      if (g_regex_match (background_regex, body, 0, &background))
        return g_match_info_fetch (background, 1);
    }
  return NULL;
}

/* Every rule of style.css that colours text: the text over the rule's own background (if any)
 * over each of the style's backgrounds reaches 4.5:1, in light and in dark. */
static void
test_contrast_stylesheet (void)
{
  const char *style_names[] = { "light", "dark" };
  g_autofree char *css = our_stylesheet ();
  g_autofree char *clean = strip_comments (css);
  g_autoptr(GRegex) rule_regex = g_regex_new ("([^{}]+)\\{([^}]*)\\}", 0, 0, NULL);
  g_autoptr(GRegex) colour_regex = g_regex_new ("(^|;)\\s*color\\s*:\\s*([^;]+)", 0, 0, NULL);
  g_autoptr(GRegex) background_regex = g_regex_new ("background-color\\s*:\\s*([^;]+)", 0, 0, NULL);
  g_autoptr(GString) failures = g_string_new (NULL);
  guint n_rules = 0;
  guint n_status_rules = 0;

  for (guint s = 0; s < G_N_ELEMENTS (style_names); s++)
    {
      Style style = load_style (style_names[s]);
      g_autoptr(GArray) bases = backgrounds (&style);
      g_autoptr(GMatchInfo) rule = NULL;

      g_regex_match (rule_regex, clean, 0, &rule);
      for (; g_match_info_matches (rule); g_match_info_next (rule, NULL))
        {
          g_autofree char *selector = g_strstrip (g_match_info_fetch (rule, 1));
          g_autofree char *body = g_match_info_fetch (rule, 2);
          g_autoptr(GMatchInfo) colour_match = NULL;
          g_autoptr(GMatchInfo) background_match = NULL;
          g_autofree char *colour_text = NULL;
          g_autofree char *background_text = NULL;
          Colour text_colour;

          if (g_str_has_prefix (selector, "@") || !g_regex_match (colour_regex, body, 0, &colour_match))
            continue;
          colour_text = g_match_info_fetch (colour_match, 2);
          text_colour = evaluate (&style, colour_text, 0);
          if (g_regex_match (background_regex, body, 0, &background_match))
            background_text = g_match_info_fetch (background_match, 1);
          else
            background_text = class_background (clean, selector, background_regex);
          n_rules++;
          if (strstr (selector, "status") != NULL || strstr (selector, "level-") != NULL
              || strstr (selector, "badge") != NULL || strstr (selector, "problem") != NULL)
            n_status_rules++;
          for (guint b = 0; b < bases->len; b++)
            {
              Colour base = g_array_index (bases, Colour, b);
              Colour behind = background_text != NULL
                              ? over (evaluate (&style, background_text, 0), base) : base;
              Colour text = over (text_colour, behind);
              double ratio = contrast (text, behind);

              if (ratio < TEXT_CONTRAST)
                {
                  g_autofree char *t = colour_to_string (text);
                  g_autofree char *bg = colour_to_string (behind);

                  g_string_append_printf (failures, "%s style: “%s” text %s on %s: %.2f:1 < %.1f:1\n",
                                          style.name, selector, t, bg, ratio, TEXT_CONTRAST);
                  break;
                }
            }
        }
      g_hash_table_unref (style.definitions);
    }
  /* The stylesheet really was read: both styles saw every status rule. */
  g_assert_cmpuint (n_status_rules, >=, 2 * 20);
  g_assert_cmpuint (n_rules, >=, n_status_rules);
  if (failures->len > 0)
    g_test_message ("%s", failures->str);
  g_assert_cmpstr (failures->str, ==, "");
}

/* The level badge's label on its colour: the same pixels in light and dark. */
static void
test_contrast_level_badge (void)
{
  g_autoptr(GString) failures = g_string_new (NULL);

  for (int level = 0; level <= PSEMS_LEVEL_MAX; level++)
    {
      double fill[4];
      double text[4];
      double ratio;

      psems_level_get_colour (level, fill);
      psems_level_get_text_colour (level, text);
      ratio = contrast (over (from_rgba (text), from_rgba (fill)), from_rgba (fill));
      g_test_message ("level %d badge: %.2f:1", level, ratio);
      if (ratio < TEXT_CONTRAST)
        {
          g_autofree char *t = colour_to_string (from_rgba (text));
          g_autofree char *f = colour_to_string (from_rgba (fill));

          g_string_append_printf (failures, "level %d badge: text %s on %s: %.2f:1 < %.1f:1\n",
                                  level, t, f, ratio, TEXT_CONTRAST);
        }
    }
  g_assert_cmpstr (failures->str, ==, "");
}

static Colour
from_palette (PsemsDiagramColour c)
{
  return (Colour) { c.r, c.g, c.b, 1.0 };
}

/* Records @ratio for @what in @palette: the lowest so far, and a failure below @needed. */
typedef struct
{
  const PsemsDiagramPalette *palette;
  GString *failures;
  double lowest;
  char *lowest_what;
} Checker;

static void
check_pair (Checker    *checker,
            const char *what,
            Colour      front,
            Colour      back,
            double      needed)
{
  Colour seen = over (front, back);
  double ratio = contrast (seen, back);

  if (ratio < checker->lowest)
    {
      checker->lowest = ratio;
      g_free (checker->lowest_what);
      checker->lowest_what = g_strdup (what);
    }
  if (ratio < needed)
    {
      g_autofree char *f = colour_to_string (seen);
      g_autofree char *b = colour_to_string (back);

      g_string_append_printf (checker->failures, "diagram, %s palette: %s %s on %s: %.2f:1 < %.1f:1\n",
                              checker->palette->name, what, f, b, ratio, needed);
    }
}

/* The backgrounds of the diagram's marks and labels in @palette: its canvas and every ring of
 * every diagram of 1 … 8 layers. */
static GArray *
diagram_backgrounds (const PsemsDiagramPalette *palette)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (Colour));
  Colour canvas = from_palette (palette->background);

  g_array_append_val (array, canvas);
  for (guint n = 1; n <= 8; n++)
    for (guint ring = 0; ring < n; ring++)
      {
        double rgba[4];
        Colour c;

        psems_diagram_palette_get_ring_colour (palette, ring, n, rgba);
        c = from_rgba (rgba);
        g_array_append_val (array, c);
      }
  return array;
}

/* Both diagram palettes, the light one of paper (exports, and the widget in the light style) and
 * the dark one of the widget in the dark style: every node stands out from the canvas and every
 * ring by its fill or its outline (3:1, WCAG 1.4.11) and its number reads on its fill (4.5:1);
 * labels read on what they sit on (4.5:1); arrows, the degraded mark and the selection and focus
 * accent stand out (3:1). */
static void
test_contrast_diagram (void)
{
  const char * const *statuses = psems_control_statuses ();
  g_autoptr(GString) failures = g_string_new (NULL);
  const PsemsDiagramStyle styles[] = { PSEMS_DIAGRAM_STYLE_LIGHT, PSEMS_DIAGRAM_STYLE_DARK };

  g_assert_cmpuint (g_strv_length ((char **) statuses), ==, PSEMS_DIAGRAM_N_STATUSES);
  /* The two are different palettes, and the light one is what the getters for lists give. */
  g_assert_true (psems_diagram_palette_get (PSEMS_DIAGRAM_STYLE_LIGHT)
                 != psems_diagram_palette_get (PSEMS_DIAGRAM_STYLE_DARK));
  g_assert_cmpfloat (luminance (from_palette (psems_diagram_palette_get (styles[0])->background)), >, 0.9);
  g_assert_cmpfloat (luminance (from_palette (psems_diagram_palette_get (styles[1])->background)), <, 0.05);

  for (guint p = 0; p < G_N_ELEMENTS (styles); p++)
    {
      const PsemsDiagramPalette *palette = psems_diagram_palette_get (styles[p]);
      g_autoptr(GArray) bases = diagram_backgrounds (palette);
      Checker text = { palette, failures, G_MAXDOUBLE, NULL };
      Checker marks = { palette, failures, G_MAXDOUBLE, NULL };
      Colour canvas = from_palette (palette->background);
      Colour ring_text = from_palette (palette->ring_text);

      for (guint i = 0; i < G_N_ELEMENTS (palette->statuses); i++)
        {
          const PsemsDiagramStatusStyle *style = &palette->statuses[i];
          g_autofree char *number = g_strdup_printf ("%s node's number", style->status);
          double worst = G_MAXDOUBLE;
          Colour worst_base = canvas;

          g_assert_true (g_strv_contains (statuses, style->status));
          g_assert_true (psems_diagram_palette_get_status_style (palette, style->status) == style);
          if (styles[p] == PSEMS_DIAGRAM_STYLE_LIGHT)
            {
              double fill[4];

              /* The lists' swatches (psems_diagram_get_status_colour) are the light palette's. */
              psems_diagram_get_status_colour (style->status, fill);
              g_assert_cmpfloat_with_epsilon (fill[0], style->fill.r, 1e-9);
              g_assert_cmpfloat_with_epsilon (fill[1], style->fill.g, 1e-9);
              g_assert_cmpfloat_with_epsilon (fill[2], style->fill.b, 1e-9);
            }
          check_pair (&text, number, from_palette (style->text), from_palette (style->fill), TEXT_CONTRAST);

          /* A node stands out by its fill or by its outline, whichever is the stronger. */
          for (guint b = 0; b < bases->len; b++)
            {
              Colour base = g_array_index (bases, Colour, b);
              double best = MAX (contrast (from_palette (style->fill), base),
                                 contrast (from_palette (style->outline), base));

              if (best < worst)
                {
                  worst = best;
                  worst_base = base;
                }
            }
          {
            g_autofree char *what = g_strdup_printf ("%s node (fill or outline)", style->status);
            Colour edge = contrast (from_palette (style->fill), worst_base)
                          >= contrast (from_palette (style->outline), worst_base)
                          ? from_palette (style->fill) : from_palette (style->outline);

            check_pair (&marks, what, edge, worst_base, MARK_CONTRAST);
          }
        }

      for (guint b = 0; b < bases->len; b++)
        {
          Colour base = g_array_index (bases, Colour, b);
          Colour stopped = from_palette (palette->stopped);
          Colour passes = from_palette (palette->passes);

          check_pair (&text, "labels", from_palette (palette->ink), base, TEXT_CONTRAST);
          check_pair (&marks, "selection and focus accent", from_palette (palette->accent), base,
                      MARK_CONTRAST);
          check_pair (&marks, "degraded mark", from_palette (palette->degraded), base, MARK_CONTRAST);
          /* Arrows are drawn a little translucent. */
          stopped.a = 0.85;
          passes.a = 0.95;
          check_pair (&marks, "stopped arrow", stopped, base, MARK_CONTRAST);
          check_pair (&marks, "passing arrow", passes, base, MARK_CONTRAST);
          check_pair (&marks, "stopped threat's badge", from_palette (palette->stopped), base, MARK_CONTRAST);
          check_pair (&marks, "passing threat's badge", from_palette (palette->passes), base, MARK_CONTRAST);
          if (b > 0)
            check_pair (&text, "ring name", ring_text, base, TEXT_CONTRAST);
        }
      /* On the canvas only: the subtitle, the alert, the key's numbers and layer headings. */
      check_pair (&text, "muted text", from_palette (palette->muted), canvas, TEXT_CONTRAST);
      check_pair (&text, "alert text", from_palette (palette->passes), canvas, TEXT_CONTRAST);
      check_pair (&text, "layer heading", from_palette (palette->ring_text), canvas, TEXT_CONTRAST);
      check_pair (&text, "stopped threat's number", from_palette (palette->badge_text),
                  from_palette (palette->stopped), TEXT_CONTRAST);
      check_pair (&text, "passing threat's number", from_palette (palette->badge_text),
                  from_palette (palette->passes), TEXT_CONTRAST);
      check_pair (&text, "asset's name", from_palette (palette->core_text), from_palette (palette->core_fill),
                  TEXT_CONTRAST);

      g_test_message ("diagram, %s palette: lowest text contrast %.2f:1 (%s), lowest mark contrast "
                      "%.2f:1 (%s)", palette->name, text.lowest, text.lowest_what, marks.lowest,
                      marks.lowest_what);
      g_free (text.lowest_what);
      g_free (marks.lowest_what);
    }
  if (failures->len > 0)
    g_test_message ("%s", failures->str);
  g_assert_cmpstr (failures->str, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* libadwaita registers its stylesheets when loaded; this keeps it linked and checks its version. */
  g_assert_cmpuint (adw_get_major_version (), ==, 1);
  g_assert_cmpuint (adw_get_minor_version (), >=, 2);

  g_test_add_func ("/contrast/backgrounds", test_contrast_backgrounds);
  g_test_add_func ("/contrast/stylesheet", test_contrast_stylesheet);
  g_test_add_func ("/contrast/level-badge", test_contrast_level_badge);
  g_test_add_func ("/contrast/diagram", test_contrast_diagram);
  return g_test_run ();
}
