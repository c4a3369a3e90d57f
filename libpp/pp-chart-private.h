/* pp-chart-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* What the charts share: room for the tick labels and the axes' titles,
 * in pixels, the size of their text, and GNOME's palette for what they
 * mark (blue 3, #3584e4; red 3, #e01b24). */
#define PP_CHART_MARGIN_LEFT 64.0
#define PP_CHART_MARGIN_RIGHT 28.0
#define PP_CHART_MARGIN_TOP 36.0
#define PP_CHART_MARGIN_BOTTOM 48.0
#define PP_CHART_FONT_SIZE 12.0

#define PP_CHART_BLUE 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0
#define PP_CHART_RED 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0

void _pp_chart_show_text   (cairo_t    *cr,
                           double      x,
                           double      y,
                           double      align,
                           const char *text);
void _pp_chart_decades     (cairo_t    *cr,
                           int         low,
                           int         high,
                           double      w,
                           double      h,
                           gboolean    across);
void _pp_chart_axis_titles (cairo_t    *cr,
                           double      w,
                           double      h,
                           const char *x_title,
                           const char *y_title);

G_END_DECLS
