/* pp-accuracy-chart.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-accuracy-chart.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pp-chart.h"
#include "pp-chart-private.h"
#include "pp-error.h"
#include "pp-util-private.h"
#include "pp-validation-private.h"

/**
 * PpAccuracyChart:
 *
 * A held-out validation drawn as predicted against measured values of
 * one quantity, both on the same logarithmic scale: the diagonal is a
 * perfect prediction, the shaded band around it ±25%, and each row's
 * 90% interval a vertical line through its point, which the diagonal
 * crosses when the interval holds the measurement.
 *
 * The chart works its scale out once, when it is made; drawing only
 * maps those positions to the size asked for, so that a widget can
 * redraw it every frame. Axes and text take the cairo source colour the
 * caller set; points inside ±25% take GNOME's palette blue 3 (#3584e4)
 * and those outside its red 3 (#e01b24).
 */

/* A point, and its interval's ends, as fractions of the axes (0 at the
 * lowest decade, 1 at the highest; the interval clipped to them). */
typedef struct
{
  double x;
  double y;
  double y_lower;
  double y_upper;
  gboolean within_25;
} Point;

struct _PpAccuracyChart
{
  GObject parent_instance;

  PpTarget target;
  GArray *points;
  /* Decades at the axes' ends: 10^low to 10^high of the target's unit. */
  int low;
  int high;
  PpValidationMetrics metrics;
};

static void chart_iface_init (PpChartInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PpAccuracyChart, pp_accuracy_chart, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PP_TYPE_CHART, chart_iface_init))

#define MARGIN_LEFT PP_CHART_MARGIN_LEFT
#define MARGIN_RIGHT PP_CHART_MARGIN_RIGHT
#define MARGIN_TOP PP_CHART_MARGIN_TOP
#define MARGIN_BOTTOM PP_CHART_MARGIN_BOTTOM
#define FONT_SIZE PP_CHART_FONT_SIZE

static void
pp_accuracy_chart_finalize (GObject *object)
{
  PpAccuracyChart *self = (PpAccuracyChart *)object;

  g_clear_pointer (&self->points, g_array_unref);

  G_OBJECT_CLASS (pp_accuracy_chart_parent_class)->finalize (object);
}

static void
pp_accuracy_chart_class_init (PpAccuracyChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pp_accuracy_chart_finalize;
}

static void
pp_accuracy_chart_init (PpAccuracyChart *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
}

static double
fraction (const PpAccuracyChart *self,
          double                 value)
{
  return (log10 (value) - self->low) / (self->high - self->low);
}

/* Whole decades around every measured and predicted value, so that the
 * ticks fall on the axes' ends. */
static void
find_range (PpAccuracyChart *self,
            GArray          *rows)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = 0; i < rows->len; i++)
    {
      const PpValidationPoint *p = &g_array_index (rows, PpValidationPoint, i);

      if (p->predicted > 0 && isfinite (p->predicted) && isfinite (p->measured))
        {
          lo = MIN (lo, MIN (p->measured, p->predicted));
          hi = MAX (hi, MAX (p->measured, p->predicted));
        }
    }

  self->low = isfinite (lo) ? (int)floor (log10 (lo)) : 0;
  self->high = isfinite (hi) ? (int)ceil (log10 (hi)) : 1;
  if (self->high <= self->low)
    self->high = self->low + 1;
}

/**
 * pp_accuracy_chart_new:
 * @validation: held-out predictions and their measurements
 * @target: which quantity to draw
 *
 * Rows whose value was not measured, or not predicted (or predicted at
 * 0 or less, or either infinite, which a logarithmic scale cannot
 * show), are left out.
 *
 * Returns: (transfer full): the chart
 */
PpAccuracyChart *
pp_accuracy_chart_new (PpValidation *validation,
                       PpTarget      target)
{
  g_autoptr(PpAccuracyChart) self = NULL;
  g_autoptr(GArray) rows = NULL;

  g_return_val_if_fail (PP_IS_VALIDATION (validation), NULL);
  g_return_val_if_fail ((guint)target < PP_N_TARGETS, NULL);

  self = g_object_new (PP_TYPE_ACCURACY_CHART, NULL);
  self->target = target;
  pp_validation_get_metrics (validation, target, PP_COLUMN_SOURCE, NULL, &self->metrics);

  rows = _pp_validation_dup_points (validation, target);
  find_range (self, rows);

  for (guint i = 0; i < rows->len; i++)
    {
      const PpValidationPoint *p = &g_array_index (rows, PpValidationPoint, i);
      Point point;

      if (!(p->predicted > 0) || !isfinite (p->predicted) || !isfinite (p->measured))
        continue;

      point.x = fraction (self, p->measured);
      point.y = fraction (self, p->predicted);
      /* An interval reaching 0 or below runs off the bottom. */
      point.y_lower = isnan (p->lower) ? NAN : p->lower > 0 ? CLAMP (fraction (self, p->lower), 0, 1) : 0;
      point.y_upper = p->upper > 0 ? CLAMP (fraction (self, p->upper), 0, 1) : NAN;
      point.within_25 = fabs (p->predicted - p->measured) <= 0.25 * p->measured;
      g_array_append_val (self->points, point);
    }

  return g_steal_pointer (&self);
}

/**
 * pp_accuracy_chart_get_n_points:
 * @self: a #PpAccuracyChart
 *
 * Returns: the rows drawn
 */
guint
pp_accuracy_chart_get_n_points (PpAccuracyChart *self)
{
  g_return_val_if_fail (PP_IS_ACCURACY_CHART (self), 0);

  return self->points->len;
}

/**
 * pp_accuracy_chart_get_range:
 * @self: a #PpAccuracyChart
 * @low: (out): the value at the axes' lower ends
 * @high: (out): the value at their upper ends
 *
 * Both axes span the same whole decades, in the target's unit (ms,
 * items/s or MiB).
 */
void
pp_accuracy_chart_get_range (PpAccuracyChart *self,
                             double          *low,
                             double          *high)
{
  g_return_if_fail (PP_IS_ACCURACY_CHART (self));

  *low = pow (10, self->low);
  *high = pow (10, self->high);
}

static const char *
title_of (PpTarget target)
{
  switch (target)
    {
    case PP_TARGET_LATENCY:
      return _("Latency");
    case PP_TARGET_THROUGHPUT:
      return _("Throughput");
    case PP_TARGET_MEMORY:
      return _("Peak memory");
    default:
      return "";
    }
}

/* The decades' grid lines and labels, and the axes' titles. */
static void
draw_axes (PpAccuracyChart *self,
           cairo_t         *cr,
           double           w,
           double           h)
{
  g_autofree char *x_title = g_strdup_printf (_("Measured (%s)"), pp_target_get_unit (self->target));
  g_autofree char *y_title = g_strdup_printf (_("Predicted (%s)"), pp_target_get_unit (self->target));

  _pp_chart_decades (cr, self->low, self->high, w, h, TRUE);
  _pp_chart_axis_titles (cr, w, h, x_title, y_title);
}

/* The diagonal, and the band where a prediction is within ±25% of the
 * measurement: between 0.75 and 1.25 times it. */
static void
draw_band (PpAccuracyChart *self,
           cairo_t         *cr,
           double           w,
           double           h)
{
  double decades = self->high - self->low;
  double up = log10 (1.25) / decades, down = log10 (0.75) / decades;
  cairo_pattern_t *foreground = cairo_pattern_reference (cairo_get_source (cr));

  cairo_save (cr);
  cairo_rectangle (cr, MARGIN_LEFT, MARGIN_TOP, w, h);
  cairo_clip (cr);

  cairo_set_source_rgba (cr, PP_CHART_BLUE, 0.15);
  cairo_move_to (cr, MARGIN_LEFT, MARGIN_TOP + (1 - up) * h);
  cairo_line_to (cr, MARGIN_LEFT + w, MARGIN_TOP - up * h);
  cairo_line_to (cr, MARGIN_LEFT + w, MARGIN_TOP - down * h);
  cairo_line_to (cr, MARGIN_LEFT, MARGIN_TOP + (1 - down) * h);
  cairo_close_path (cr);
  cairo_fill (cr);

  cairo_set_source (cr, foreground);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, MARGIN_LEFT, MARGIN_TOP + h);
  cairo_line_to (cr, MARGIN_LEFT + w, MARGIN_TOP);
  cairo_stroke (cr);
  cairo_restore (cr);
  cairo_pattern_destroy (foreground);
}

static void
draw_points (PpAccuracyChart *self,
             cairo_t         *cr,
             double           w,
             double           h)
{
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.45);
  for (guint i = 0; i < self->points->len; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);
      double x = MARGIN_LEFT + floor (p->x * w) + .5;

      if (isnan (p->y_lower) || isnan (p->y_upper))
        continue;
      cairo_move_to (cr, x, MARGIN_TOP + (1 - p->y_upper) * h);
      cairo_line_to (cr, x, MARGIN_TOP + (1 - p->y_lower) * h);
    }
  cairo_stroke (cr);

  for (guint pass = 0; pass < 2; pass++)
    {
      gboolean within = pass == 0;

      if (within)
        cairo_set_source_rgb (cr, PP_CHART_BLUE);
      else
        cairo_set_source_rgb (cr, PP_CHART_RED);

      for (guint i = 0; i < self->points->len; i++)
        {
          const Point *p = &g_array_index (self->points, Point, i);

          if (p->within_25 != within)
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, MARGIN_LEFT + p->x * w, MARGIN_TOP + (1 - p->y) * h, 2.5, 0, 2 * G_PI);
        }
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static void
draw_title (PpAccuracyChart *self,
            cairo_t         *cr)
{
  g_autofree char *title = NULL;

  if (self->metrics.n == 0)
    /* translators: %s is a quantity, such as “Latency” */
    title = g_strdup_printf (_("%s: no held-out rows"), title_of (self->target));
  else
    /* translators: a quantity (“Latency”), a number of rows, the share
     * within ±25% in percent, and the mean absolute percentage error */
    title = g_strdup_printf (_("%s: %u held out, %.1f%% within ±25%%, MAPE %.1f%%"), title_of (self->target),
                             self->metrics.n, 100 * self->metrics.within_25, 100 * self->metrics.mape);

  _pp_chart_show_text (cr, MARGIN_LEFT, MARGIN_TOP - FONT_SIZE, 0, title);
}

/**
 * pp_accuracy_chart_draw:
 * @self: a #PpAccuracyChart
 * @cr: where to draw, its source the colour of axes and text
 * @width: the width to fill, in the units of @cr
 * @height: the height to fill
 *
 * Draws the chart over the rectangle from (0, 0) to (@width, @height),
 * with no background. Too small a rectangle (under about 100 by 100)
 * draws nothing.
 */
void
pp_accuracy_chart_draw (PpAccuracyChart *self,
                        cairo_t         *cr,
                        double           width,
                        double           height)
{
  double w = width - MARGIN_LEFT - MARGIN_RIGHT;
  double h = height - MARGIN_TOP - MARGIN_BOTTOM;

  g_return_if_fail (PP_IS_ACCURACY_CHART (self));
  g_return_if_fail (cr != NULL);

  if (w < 16 || h < 16)
    return;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, FONT_SIZE);
  draw_title (self, cr);
  draw_axes (self, cr, w, h);
  draw_band (self, cr, w, h);
  draw_points (self, cr, w, h);
  cairo_restore (cr);
}

static void
chart_draw (PpChart *chart,
            cairo_t *cr,
            double   width,
            double   height)
{
  pp_accuracy_chart_draw (PP_ACCURACY_CHART (chart), cr, width, height);
}

static void
chart_iface_init (PpChartInterface *iface)
{
  iface->draw = chart_draw;
}

/* The extension of @path when it names a format we write, else NULL. */
static const char *
format_of (const char *path)
{
  const char *dot = strrchr (path, '.');
  static const char *formats[] = { ".png", ".svg", ".pdf" };

  for (guint i = 0; dot != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot, formats[i]) == 0)
      return formats[i];

  return NULL;
}

/**
 * pp_accuracy_chart_check_path:
 * @path: (type filename): a file to save a chart to
 * @error: return location for a #GError
 *
 * Checks, before any long work, that a chart can be saved under @path:
 * that its extension names a format [method@Pp.AccuracyChart.save]
 * writes, and that its folder exists. (Whether the folder can be
 * written to only saving tells.)
 *
 * Returns: %TRUE if it can
 */
gboolean
pp_accuracy_chart_check_path (const char  *path,
                              GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  if (format_of (path) == NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("Cannot tell which format to write “%s” in: name it .png, .svg or .pdf"), display);
      return FALSE;
    }

  folder = g_path_get_dirname (path);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *folder_display = g_filename_display_name (folder);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Cannot write “%s”: there is no folder “%s”"), display, folder_display);
      return FALSE;
    }

  return TRUE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The longest side a chart is drawn at, in pixels or points: more than
 * any screen or page needs, and within what cairo draws (its image
 * surfaces end at 32,767 pixels a side; replaying a vector surface ten
 * million points wide failed an assertion in cairo 1.16 and aborted). */
#define MAX_SIDE 16384

/* The most pixels a PNG is drawn at: it is drawn whole in memory first,
 * four bytes a pixel, so that 64 megapixels (8000 × 8000) take 256 MB,
 * more than any screen or print needs, where two sides in bounds
 * (16,384 × 16,384) would take 1 GiB. SVG and PDF hold numbers, not
 * pixels, and take no more memory for being larger. */
#define MAX_PNG_MEGAPIXELS 64
#define MAX_PNG_SQUARE 8000

/* The chart drawn in dark text on white, encoded as @format, in memory:
 * the file is then written in one go, whole or not at all. */
static GByteArray *
render (PpAccuracyChart  *self,
        const char       *format,
        int               width,
        int               height,
        GError          **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (g_str_equal (format, ".svg"))
    surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
  else if (g_str_equal (format, ".pdf"))
    surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  /* GNOME palette's dark 4, the text colour of light themes. */
  cairo_set_source_rgb (cr, 0x24 / 255.0, 0x1f / 255.0, 0x31 / 255.0);
  pp_accuracy_chart_draw (self, cr, width, height);
  cairo_destroy (cr);

  /* A surface cairo could not make (out of memory) draws nothing and
   * says so here, as does one that failed on the way. */
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS && cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      /* Translators: the chart's size in pixels, then cairo's reason */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw the chart at %d × %d: %s"), width,
                   height, cairo_status_to_string (status));
      return NULL;
    }

  return g_steal_pointer (&bytes);
}

/**
 * pp_accuracy_chart_save:
 * @self: a #PpAccuracyChart
 * @path: (type filename): the file to write, its format named by its
 *   extension: `.png`, `.svg` or `.pdf`
 * @width: the width, in pixels (PNG) or points
 * @height: the height
 * @error: return location for a #GError
 *
 * Draws the chart in dark text on white and writes it to @path, whole
 * or not at all. Each side may be at most 16,384 pixels or points, and
 * a PNG, which is drawn whole in memory at four bytes a pixel, may have
 * at most 64 megapixels (64,000,000 pixels, 256 MB: 8000 × 8000).
 * Larger sizes fail with %PP_ERROR_INVALID_ARGUMENT before anything is
 * drawn.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
pp_accuracy_chart_save (PpAccuracyChart  *self,
                        const char       *path,
                        int               width,
                        int               height,
                        GError          **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (PP_IS_ACCURACY_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pp_accuracy_chart_check_path (path, error))
    return FALSE;

  if (width > MAX_SIDE || height > MAX_SIDE)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("Cannot draw a chart of %d × %d: each side must be at most %d"), width, height, MAX_SIDE);
      return FALSE;
    }

  if (g_str_equal (format_of (path), ".png") && (gint64)width * height > MAX_PNG_MEGAPIXELS * 1000000)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   /* translators: the chart's width and height, then the
                    * most megapixels (millions of pixels) a PNG may have,
                    * and the sides of the largest square that does */
                   _("A chart of %d × %d pixels is too large: a PNG may have at most %d megapixels (%d × %d)"),
                   width, height, MAX_PNG_MEGAPIXELS, MAX_PNG_SQUARE, MAX_PNG_SQUARE);
      return FALSE;
    }

  if (!(bytes = render (self, format_of (path), width, height, error)))
    return FALSE;
  file = g_file_new_for_path (path);
  return _pp_file_set_contents (file, bytes->data, bytes->len, error);
}
