/* pp-chart.c: what the Cairo charts share, their interface and their
 * drawing helpers.
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-chart.h"

#include <math.h>

#include "pp-chart-private.h"

/**
 * PpChart:
 *
 * A chart libpp draws with Cairo: [class@Pp.AccuracyChart] (predicted
 * against measured) and [class@Pp.ThroughputChart] (throughput by
 * batch size). A chart works out its scale when it is made; drawing
 * only maps positions to pixels, so it can be drawn at any size, as
 * often as a widget needs.
 */

G_DEFINE_INTERFACE (PpChart, pp_chart, G_TYPE_OBJECT)

static void
pp_chart_default_init (PpChartInterface *iface)
{
}

/**
 * pp_chart_draw:
 * @self: a #PpChart
 * @cr: where to draw, with the colour for text and axes as its source
 * @width: the width to fill, in the units of @cr
 * @height: the height to fill
 *
 * Draws the chart into a @width by @height box at @cr's origin.
 */
void
pp_chart_draw (PpChart *self,
               cairo_t *cr,
               double   width,
               double   height)
{
  g_return_if_fail (PP_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  PP_CHART_GET_IFACE (self)->draw (self, cr, width, height);
}

/* @text with its left end, middle (@align 0.5) or right end (1) at @x,
 * its baseline at @y. */
void
_pp_chart_show_text (cairo_t    *cr,
                     double      x,
                     double      y,
                     double      align,
                     const char *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, x - align * extents.x_advance, y);
  cairo_show_text (cr, text);
}

/* The decades 10^@low to 10^@high up the plot of @w by @h: a grid line
 * across it at each, and a label on the left of at most nine of them.
 * With @across, the same decades along the bottom too (both axes then
 * share one scale). */
void
_pp_chart_decades (cairo_t  *cr,
                   int       low,
                   int       high,
                   double    w,
                   double    h,
                   gboolean  across)
{
  const double left = PP_CHART_MARGIN_LEFT, top = PP_CHART_MARGIN_TOP;
  int decades = high - low;
  int step = (decades + 8) / 9;

  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  for (int d = 0; d <= decades; d++)
    {
      double at = (double)d / decades;
      char label[32];

      cairo_save (cr);
      cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.35);
      cairo_move_to (cr, left, top + floor ((1 - at) * h) + .5);
      cairo_rel_line_to (cr, w, 0);
      if (across)
        {
          cairo_move_to (cr, left + floor (at * w) + .5, top);
          cairo_rel_line_to (cr, 0, h);
        }
      cairo_stroke (cr);
      cairo_restore (cr);

      if (d % step != 0)
        continue;
      g_snprintf (label, sizeof label, "%g", pow (10, low + d));
      _pp_chart_show_text (cr, left - 6, top + (1 - at) * h + PP_CHART_FONT_SIZE / 3, 1, label);
      if (across)
        _pp_chart_show_text (cr, left + at * w, top + h + PP_CHART_FONT_SIZE + 4, 0.5, label);
    }
  cairo_restore (cr);
}

/* @x_title under the plot of @w by @h, @y_title up its left side. */
void
_pp_chart_axis_titles (cairo_t    *cr,
                       double      w,
                       double      h,
                       const char *x_title,
                       const char *y_title)
{
  const double left = PP_CHART_MARGIN_LEFT, top = PP_CHART_MARGIN_TOP;

  _pp_chart_show_text (cr, left + w / 2, top + h + 2 * PP_CHART_FONT_SIZE + 10, 0.5, x_title);
  cairo_save (cr);
  cairo_translate (cr, PP_CHART_FONT_SIZE + 2, top + h / 2);
  cairo_rotate (cr, -G_PI / 2);
  _pp_chart_show_text (cr, 0, 0, 0.5, y_title);
  cairo_restore (cr);
}
