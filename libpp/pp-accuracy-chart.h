/* pp-accuracy-chart.h
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

#include "pp-validation.h"
#include "pp-version-macros.h"

G_BEGIN_DECLS

#define PP_TYPE_ACCURACY_CHART (pp_accuracy_chart_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpAccuracyChart, pp_accuracy_chart, PP, ACCURACY_CHART, GObject)

PP_AVAILABLE_IN_ALL
PpAccuracyChart *pp_accuracy_chart_new          (PpValidation     *validation,
                                                 PpTarget          target);
PP_AVAILABLE_IN_ALL
guint            pp_accuracy_chart_get_n_points (PpAccuracyChart  *self);
PP_AVAILABLE_IN_ALL
void             pp_accuracy_chart_get_range    (PpAccuracyChart  *self,
                                                 double           *low,
                                                 double           *high);
PP_AVAILABLE_IN_ALL
void             pp_accuracy_chart_draw         (PpAccuracyChart  *self,
                                                 cairo_t          *cr,
                                                 double            width,
                                                 double            height);
PP_AVAILABLE_IN_ALL
gboolean         pp_accuracy_chart_check_path   (const char       *path,
                                                 GError          **error);
PP_AVAILABLE_IN_ALL
gboolean         pp_accuracy_chart_save         (PpAccuracyChart  *self,
                                                 const char       *path,
                                                 int               width,
                                                 int               height,
                                                 GError          **error);

G_END_DECLS
