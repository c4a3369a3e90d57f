/* pp-chart.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(PP_INSIDE) && !defined(PP_COMPILATION)
# error "Only <libpp.h> can be included directly."
#endif

#include <cairo.h>
#include <glib-object.h>

#include "pp-version-macros.h"

G_BEGIN_DECLS

#define PP_TYPE_CHART (pp_chart_get_type ())

PP_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (PpChart, pp_chart, PP, CHART, GObject)

/**
 * PpChartInterface:
 * @parent_iface: the parent interface
 * @draw: draws the chart in the given size, its text and axes in the
 *   source colour of the `cairo_t`
 *
 * What the charts of libpp share: anything that draws one into a size
 * can show any of them.
 */
struct _PpChartInterface
{
  GTypeInterface parent_iface;

  void (*draw) (PpChart *self,
                cairo_t *cr,
                double   width,
                double   height);
};

PP_AVAILABLE_IN_ALL
void pp_chart_draw (PpChart *self,
                    cairo_t *cr,
                    double   width,
                    double   height);

G_END_DECLS
