/* psems-cli-diagram.c — psems-cli diagram (export): the defence-in-depth diagram of a facility as PNG, SVG or PDF. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "psems-cli.h"
#include "psems-cli-output.h"
#include "psems-diagram.h"
#include "psems-facility.h"

#define DEFAULT_WIDTH 1600
#define DEFAULT_HEIGHT 1200
#define MIN_SIZE 200
#define MAX_SIZE 16000   /* Cairo image surfaces stop at 32767 px; a poster at 300 dpi fits */

static const char which_facility[] = N_("which facility? Give --facility with its reference or code");

/* "PNG", "SVG" or "PDF" by the file's extension, in any case; NULL otherwise. */
static const char *
format_of (const char *path)
{
  static const char * const formats[] = { "PNG", "SVG", "PDF" };
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');

  for (guint i = 0; dot != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot + 1, formats[i]) == 0)
      return formats[i];
  return NULL;
}

static gboolean
parse_size (PsemsCli   *cli,
            const char *option,
            const char *text,
            int        *value,
            int        *status)
{
  if (text == NULL)
    return TRUE;
  if (psems_cli_parse_int (text, value) && *value >= MIN_SIZE && *value <= MAX_SIZE)
    return TRUE;
  *status = psems_cli_usage_error (cli, _("%s: “%s” is not a whole number of pixels from %d to %d"),
                                   option, text, MIN_SIZE, MAX_SIZE);
  return FALSE;
}

static const PsemsThreat *
find_threat (const PsemsDiagramInput *input,
             gint64                   id)
{
  for (guint i = 0; input->threats != NULL && i < input->threats->len; i++)
    {
      const PsemsThreat *threat = g_ptr_array_index (input->threats, i);

      if (threat->id == id)
        return threat;
    }
  return NULL;
}

static int
diagram_export (PsemsCli *cli,
                int       argc,
                char    **argv)
{
  g_autofree char *facility = NULL;
  g_autofree char *out = NULL;
  g_autofree char *width_text = NULL;
  g_autofree char *height_text = NULL;
  g_autofree char *as_of_text = NULL;
  g_auto(GStrv) threat_refs = NULL;
  gboolean no_threats = FALSE;
  const GOptionEntry entries[] = {
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("The facility (reference or code); required"), N_("FACILITY") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("The file to write: .png, .svg or .pdf; required"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_STRING, &width_text,
      N_("Width in pixels (PNG) or points (SVG, PDF); default 1600"), N_("N") },
    { "height", 0, 0, G_OPTION_ARG_STRING, &height_text,
      N_("Height in pixels or points; default 1200"), N_("N") },
    { "threat", 0, 0, G_OPTION_ARG_STRING_ARRAY, &threat_refs,
      N_("Draw this threat scenario's arrow (its reference); repeat for several; default all"),
      N_("THREAT") },
    { "no-threats", 0, 0, G_OPTION_ARG_NONE, &no_threats,
      N_("Draw the layers and controls only, no threat arrows"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("The day controls are judged on and the diagram is dated (default today)"),
      N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(PsemsStore) store = NULL;
  g_autoptr(PsemsFacility) record = NULL;
  g_autoptr(PsemsDiagramInput) input = NULL;
  g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  const char *format;
  int width = DEFAULT_WIDTH;
  int height = DEFAULT_HEIGHT;
  gint64 facility_id = 0;
  int status;

  if (!psems_cli_parse (cli, &argc, &argv, entries, NULL,
                        _("Draws the defence-in-depth diagram of a facility — its layers as "
                          "concentric rings, each control a marker on its ring coloured by status "
                          "(degraded ones marked), each threat scenario an arrow that stops at the "
                          "first layer with an effective control or passes through — and writes it "
                          "to --out as PNG, SVG or PDF, chosen by the file's extension. Prints what "
                          "was written."), TRUE, &status))
    return status;
  if (argc > 1)
    return psems_cli_usage_error (cli, _("unexpected argument “%s”"), argv[1]);
  if (facility == NULL)
    return psems_cli_usage_error (cli, "%s", _(which_facility));
  if (out == NULL || *out == '\0')
    return psems_cli_usage_error (cli, _("--out is required: the file to write (.png, .svg or "
                                         ".pdf)"));
  if (no_threats && threat_refs != NULL)
    return psems_cli_usage_error (cli, _("give either --threat or --no-threats, not both"));
  if (!parse_size (cli, "--width", width_text, &width, &status) ||
      !parse_size (cli, "--height", height_text, &height, &status))
    return status;
  if (!psems_cli_parse_day_text (cli, "--as-of", as_of_text, FALSE, &as_of, &status))
    return status;

  /* The file's kind is data, like a file that cannot be written: refused before any work. */
  format = format_of (out);
  if (format == NULL)
    {
      g_autofree char *base = g_path_get_basename (out);
      const char *dot = strrchr (base, '.');

      if (dot != NULL)
        g_set_error (&error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                     _("%s: cannot write a “%s” file; give a name ending in .png, .svg or .pdf"),
                     out, dot);
      else
        g_set_error (&error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                     _("%s: no extension; give a name ending in .png, .svg or .pdf"), out);
      return psems_cli_data_error (cli, error);
    }

  store = psems_cli_open_resolved (cli, PSEMS_STORE_OPEN_READ_ONLY, psems_facility_resolve,
                                   facility, &facility_id, &status);
  if (store == NULL)
    return status;
  record = psems_facility_get (store, facility_id, &error);
  if (record == NULL)
    return psems_cli_data_error (cli, error);

  /* Every --threat is resolved before any drawing, so a wrong one writes nothing. */
  for (guint i = 0; threat_refs != NULL && threat_refs[i] != NULL; i++)
    {
      gint64 id = psems_threat_resolve (store, threat_refs[i], &error);

      if (id <= 0)
        {
          g_prefix_error (&error, "--threat: ");
          return psems_cli_data_error (cli, error);
        }
      g_array_append_val (selected, id);
    }

  input = psems_diagram_input_load (store, facility_id, as_of, &error);
  if (input == NULL)
    return psems_cli_data_error (cli, error);
  for (guint i = 0; i < selected->len; i++)
    if (find_threat (input, g_array_index (selected, gint64, i)) == NULL)
      {
        g_set_error (&error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                     _("--threat: %s is not a threat scenario of facility %s"),
                     threat_refs[i], record->code);
        return psems_cli_data_error (cli, error);
      }
  if (threat_refs != NULL || no_threats)
    {
      for (guint i = 0; i < input->threats->len; i++)
        psems_diagram_input_select_threat (input,
                                           ((PsemsThreat *) g_ptr_array_index (input->threats,
                                                                               i))->id,
                                           FALSE);
      for (guint i = 0; i < selected->len; i++)
        psems_diagram_input_select_threat (input, g_array_index (selected, gint64, i), TRUE);
    }

  if (!psems_diagram_export (input, out, width, height, &error))
    return psems_cli_data_error (cli, error);

  if (cli->format != PSEMS_FORMAT_TEXT)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      psems_json_add_string (builder, "file", out);
      psems_json_add_string (builder, "format", format);
      psems_json_add_string (builder, "facility", record->code);
      psems_json_add_string (builder, "as_of", input->as_of);
      psems_json_add_int (builder, "width", width);
      psems_json_add_int (builder, "height", height);
      psems_json_add_int (builder, "layers", input->layers->len);
      psems_json_add_int (builder, "controls", input->controls->len);
      psems_json_add_int (builder, "threats",
                          input->selected_threats != NULL ? input->selected_threats->len : 0);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      psems_cli_print_record (cli, root, NULL);
      return PSEMS_EXIT_OK;
    }
  printf (_("%s written: %s, %d×%d; layers: %u, controls: %u, threat arrows: %u\n"),
          out, format, width, height, input->layers->len, input->controls->len,
          input->selected_threats != NULL ? input->selected_threats->len : 0);
  return PSEMS_EXIT_OK;
}

static const PsemsCliVerb diagram_verbs[] = {
  { "export", N_("Write a facility's diagram as PNG, SVG or PDF"), diagram_export },
  { NULL }
};

const PsemsCliNoun psems_cli_noun_diagram = {
  "diagram", N_("The defence-in-depth diagram"), diagram_verbs,
};
