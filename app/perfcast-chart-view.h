/* perfcast-chart-view.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <libpp.h>

G_BEGIN_DECLS

#define PERFCAST_TYPE_CHART_VIEW (perfcast_chart_view_get_type())

G_DECLARE_FINAL_TYPE (PerfcastChartView, perfcast_chart_view, PERFCAST, CHART_VIEW, GtkWidget)

PpChart *perfcast_chart_view_get_chart (PerfcastChartView *self);
void     perfcast_chart_view_set_chart (PerfcastChartView *self,
                                        PpChart           *chart);

G_END_DECLS
