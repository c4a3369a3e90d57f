/* pp-throughput-chart.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-throughput-chart.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pp-chart.h"
#include "pp-chart-private.h"
#include "pp-prediction.h"
#include "pp-workload.h"

/**
 * PpThroughputChart:
 *
 * How a workload's predicted throughput grows with its batch size: one
 * point per prediction, batch sizes on a base-2 logarithmic axis and
 * throughput on a base-10 one, joined by a line inside the shaded band
 * of their 90% intervals.
 *
 * As [class@Pp.AccuracyChart], it works its scale out once, when it is
 * made, so that drawing only maps positions to pixels; axes and text
 * take the cairo source colour the caller set, the line and band
 * GNOME's palette blue 3 (#3584e4).
 */

/* A prediction as fractions of the axes. */
typedef struct
{
  guint batch;
  double x;
  double y;
  double y_lower;
  double y_upper;
} Point;

struct _PpThroughputChart
{
  GObject parent_instance;

  GArray *points;
  /* Decades at the throughput axis's ends. */
  int low;
  int high;
};

static void chart_iface_init (PpChartInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PpThroughputChart, pp_throughput_chart, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PP_TYPE_CHART, chart_iface_init))

static void
pp_throughput_chart_finalize (GObject *object)
{
  PpThroughputChart *self = (PpThroughputChart *)object;

  g_clear_pointer (&self->points, g_array_unref);

  G_OBJECT_CLASS (pp_throughput_chart_parent_class)->finalize (object);
}

static void
pp_throughput_chart_class_init (PpThroughputChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pp_throughput_chart_finalize;
}

static void
pp_throughput_chart_init (PpThroughputChart *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
}

static int
compare_batches (gconstpointer a,
                 gconstpointer b)
{
  const Point *x = a, *y = b;

  return (x->batch > y->batch) - (x->batch < y->batch);
}

/* The points' throughputs, raw, then their fractions of the axes once
 * the range of both is known. */
static void
normalise (PpThroughputChart *self)
{
  double lo = INFINITY, hi = -INFINITY, first, last;

  for (guint i = 0; i < self->points->len; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);

      lo = MIN (lo, isnan (p->y_lower) ? p->y : p->y_lower);
      hi = MAX (hi, isnan (p->y_upper) ? p->y : p->y_upper);
    }

  self->low = isfinite (lo) ? (int)floor (log10 (lo)) : 0;
  self->high = isfinite (hi) ? (int)ceil (log10 (hi)) : 1;
  if (self->high <= self->low)
    self->high = self->low + 1;

  g_array_sort (self->points, compare_batches);
  first = self->points->len ? log2 (g_array_index (self->points, Point, 0).batch) : 0;
  last = self->points->len ? log2 (g_array_index (self->points, Point, self->points->len - 1).batch) : 0;

  for (guint i = 0; i < self->points->len; i++)
    {
      Point *p = &g_array_index (self->points, Point, i);
      double span = self->high - self->low;

      /* A single batch size stands in the middle. */
      p->x = last > first ? (log2 (p->batch) - first) / (last - first) : 0.5;
      p->y = (log10 (p->y) - self->low) / span;
      p->y_lower = isnan (p->y_lower) ? p->y : (log10 (p->y_lower) - self->low) / span;
      p->y_upper = isnan (p->y_upper) ? p->y : (log10 (p->y_upper) - self->low) / span;
    }
}

/**
 * pp_throughput_chart_new:
 * @predictions: a #GListModel of #PpPrediction, one a batch size, in
 *   any order
 *
 * Predictions without a throughput above 0 are left out, as are the
 * bounds of intervals that do not have both.
 *
 * Returns: (transfer full): the chart
 */
PpThroughputChart *
pp_throughput_chart_new (GListModel *predictions)
{
  PpThroughputChart *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (predictions), NULL);

  self = g_object_new (PP_TYPE_THROUGHPUT_CHART, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (predictions); i++)
    {
      g_autoptr(PpPrediction) prediction = g_list_model_get_item (predictions, i);
      double lower, upper, value;
      Point point;

      if (!PP_IS_PREDICTION (prediction))
        continue;
      value = pp_prediction_get_value (prediction, PP_TARGET_THROUGHPUT, &lower, &upper);
      if (!(value > 0) || !isfinite (value))
        continue;
      if (!(lower > 0) || !isfinite (upper))
        lower = upper = NAN;

      point.batch = pp_workload_get_batch (pp_prediction_get_workload (prediction));
      point.x = 0;
      point.y = value;
      point.y_lower = lower;
      point.y_upper = upper;
      g_array_append_val (self->points, point);
    }

  normalise (self);
  return self;
}

/**
 * pp_throughput_chart_get_n_points:
 * @self: a #PpThroughputChart
 *
 * Returns: the batch sizes drawn
 */
guint
pp_throughput_chart_get_n_points (PpThroughputChart *self)
{
  g_return_val_if_fail (PP_IS_THROUGHPUT_CHART (self), 0);

  return self->points->len;
}

/* The decades of throughput, a label under each batch size (at most
 * nine), and the axes' titles. */
static void
draw_axes (PpThroughputChart *self,
           cairo_t           *cr,
           double             w,
           double             h)
{
  g_autofree char *y_title = g_strdup_printf (_("Throughput (%s)"), pp_target_get_unit (PP_TARGET_THROUGHPUT));
  guint step = (self->points->len + 8) / 9;

  _pp_chart_decades (cr, self->low, self->high, w, h, FALSE);
  for (guint i = 0; i < self->points->len; i += step)
    {
      const Point *p = &g_array_index (self->points, Point, i);
      char label[16];

      g_snprintf (label, sizeof label, "%u", p->batch);
      _pp_chart_show_text (cr, PP_CHART_MARGIN_LEFT + p->x * w,
                           PP_CHART_MARGIN_TOP + h + PP_CHART_FONT_SIZE + 4, 0.5, label);
    }
  _pp_chart_axis_titles (cr, w, h, _("Batch size"), y_title);
}

/* The band of the intervals: along the upper ends, back along the
 * lower ones. Then the line through the values, and a dot on each. */
static void
draw_series (PpThroughputChart *self,
             cairo_t           *cr,
             double             w,
             double             h)
{
  const double left = PP_CHART_MARGIN_LEFT, top = PP_CHART_MARGIN_TOP;
  guint n = self->points->len;

  cairo_save (cr);
  /* Text leaves a current point behind; the band starts afresh. */
  cairo_new_path (cr);
  cairo_set_source_rgba (cr, PP_CHART_BLUE, 0.2);
  for (guint i = 0; i < n; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);

      cairo_line_to (cr, left + p->x * w, top + (1 - p->y_upper) * h);
    }
  for (guint i = n; i > 0; i--)
    {
      const Point *p = &g_array_index (self->points, Point, i - 1);

      cairo_line_to (cr, left + p->x * w, top + (1 - p->y_lower) * h);
    }
  cairo_close_path (cr);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, PP_CHART_BLUE);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < n; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);

      cairo_line_to (cr, left + p->x * w, top + (1 - p->y) * h);
    }
  cairo_stroke (cr);

  for (guint i = 0; i < n; i++)
    {
      const Point *p = &g_array_index (self->points, Point, i);

      cairo_new_sub_path (cr);
      cairo_arc (cr, left + p->x * w, top + (1 - p->y) * h, 3.5, 0, 2 * G_PI);
    }
  cairo_fill (cr);
  cairo_restore (cr);
}

/**
 * pp_throughput_chart_draw:
 * @self: a #PpThroughputChart
 * @cr: where to draw, its source the colour of axes and text
 * @width: the width to fill, in the units of @cr
 * @height: the height to fill
 *
 * Draws the chart over the rectangle from (0, 0) to (@width, @height),
 * with no background; too small a rectangle draws nothing, and so does
 * a chart without points.
 */
void
pp_throughput_chart_draw (PpThroughputChart *self,
                          cairo_t           *cr,
                          double             width,
                          double             height)
{
  double w = width - PP_CHART_MARGIN_LEFT - PP_CHART_MARGIN_RIGHT;
  double h = height - PP_CHART_MARGIN_TOP - PP_CHART_MARGIN_BOTTOM;

  g_return_if_fail (PP_IS_THROUGHPUT_CHART (self));
  g_return_if_fail (cr != NULL);

  if (w < 16 || h < 16 || self->points->len == 0)
    return;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, PP_CHART_FONT_SIZE);
  _pp_chart_show_text (cr, PP_CHART_MARGIN_LEFT, PP_CHART_MARGIN_TOP - PP_CHART_FONT_SIZE, 0,
                       _("Predicted throughput by batch size, and its interval (90%)"));
  draw_axes (self, cr, w, h);
  draw_series (self, cr, w, h);
  cairo_restore (cr);
}

static void
chart_draw (PpChart *chart,
            cairo_t *cr,
            double   width,
            double   height)
{
  pp_throughput_chart_draw (PP_THROUGHPUT_CHART (chart), cr, width, height);
}

static void
chart_iface_init (PpChartInterface *iface)
{
  iface->draw = chart_draw;
}
