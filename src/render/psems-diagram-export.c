/* psems-diagram-export.c — writes the defence-in-depth diagram to a PNG, SVG or PDF file. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "psems-diagram.h"
#include "psems-error.h"

/* A picture bigger than this on a side is a typing mistake, not a diagram (and would take
 * gigabytes as an image). */
#define MAX_SIDE 20000.0

typedef enum
{
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} Format;

typedef struct
{
  GOutputStream *stream;
  GError *error;   /* the first write error */
} Sink;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
parse_format (const char  *path,
              Format      *format,
              GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *extension = dot != NULL ? g_ascii_strdown (dot + 1, -1) : NULL;

  if (g_strcmp0 (extension, "png") == 0)
    *format = FORMAT_PNG;
  else if (g_strcmp0 (extension, "svg") == 0)
    *format = FORMAT_SVG;
  else if (g_strcmp0 (extension, "pdf") == 0)
    *format = FORMAT_PDF;
  else
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   /* TRANSLATORS: %s is a file name */
                   _("%s: the diagram can be written as .png, .svg or .pdf only"), path);
      return FALSE;
    }
  return TRUE;
}

/* Paints @layout on a surface of @format that writes into @sink. */
static cairo_status_t
render (Format                    format,
        const PsemsDiagramLayout *layout,
        const PsemsDiagramInput  *input,
        Sink                     *sink)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  switch (format)
    {
    case FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (layout->width),
                                            (int) ceil (layout->height));
      break;
    case FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_cb, sink, layout->width, layout->height);
      break;
    case FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_cb, sink, layout->width, layout->height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, layout->title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, layout->subtitle);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
      break;
    default:
      g_assert_not_reached ();
    }

  cr = cairo_create (surface);
  /* A document on paper whatever the desktop's style: always the light palette. */
  psems_diagram_paint_static_with_palette (cr, layout, input,
                                           psems_diagram_palette_get (PSEMS_DIAGRAM_STYLE_LIGHT));
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_cb, sink);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}

gboolean
psems_diagram_export (const PsemsDiagramInput *input,
                      const char              *path,
                      double                   width,
                      double                   height,
                      GError                 **error)
{
  g_autoptr(PsemsDiagramLayout) layout = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  Sink sink = { 0 };
  cairo_status_t status;
  Format format;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_format (path, &format, error))
    return FALSE;
  if (!(width >= 1 && width <= MAX_SIDE && height >= 1 && height <= MAX_SIDE))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_INVALID,
                   /* TRANSLATORS: %s is a file name; the numbers are the picture's size */
                   _("%s: a diagram of %g × %g is not possible: each side must be 1 to %g"),
                   path, width, height, MAX_SIDE);
      return FALSE;
    }

  layout = psems_diagram_layout_new (input, width, height);
  /* Written beside the target and moved over it when complete: a failed export never leaves
   * half a file, nor destroys an older one. */
  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED,
                   /* TRANSLATORS: %s is a file name, then the system's reason */
                   _("%s: cannot write the diagram: %s"), path, local_error->message);
      return FALSE;
    }

  sink.stream = G_OUTPUT_STREAM (stream);
  status = render (format, layout, input, &sink);
  if (status != CAIRO_STATUS_SUCCESS || sink.error != NULL)
    {
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      /* Closing a cancelled replacement drops the temporary file and keeps the old one. */
      g_cancellable_cancel (cancelled);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancelled, NULL);
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("%s: cannot write the diagram: %s"), path,
                   sink.error != NULL ? sink.error->message : cairo_status_to_string (status));
      g_clear_error (&sink.error);
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local_error))
    {
      g_set_error (error, PSEMS_ERROR, PSEMS_ERROR_FAILED, _("%s: cannot write the diagram: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
