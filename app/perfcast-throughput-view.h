/* perfcast-throughput-view.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <libpp.h>

G_BEGIN_DECLS

#define PERFCAST_TYPE_THROUGHPUT_VIEW (perfcast_throughput_view_get_type())

G_DECLARE_FINAL_TYPE (PerfcastThroughputView, perfcast_throughput_view, PERFCAST, THROUGHPUT_VIEW, GtkWidget)

PpThroughputChart *perfcast_throughput_view_get_chart (PerfcastThroughputView *self);
void               perfcast_throughput_view_set_chart (PerfcastThroughputView *self,
                                                       PpThroughputChart      *chart);

G_END_DECLS
