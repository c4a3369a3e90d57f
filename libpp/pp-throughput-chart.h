/* pp-throughput-chart.h
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
#include <gio/gio.h>

#include "pp-version-macros.h"

G_BEGIN_DECLS

#define PP_TYPE_THROUGHPUT_CHART (pp_throughput_chart_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpThroughputChart, pp_throughput_chart, PP, THROUGHPUT_CHART, GObject)

PP_AVAILABLE_IN_ALL
PpThroughputChart *pp_throughput_chart_new          (GListModel         *predictions);
PP_AVAILABLE_IN_ALL
guint              pp_throughput_chart_get_n_points (PpThroughputChart  *self);
PP_AVAILABLE_IN_ALL
void               pp_throughput_chart_draw         (PpThroughputChart  *self,
                                                     cairo_t            *cr,
                                                     double              width,
                                                     double              height);

G_END_DECLS
