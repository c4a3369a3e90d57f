/* pp-roofline.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_INSIDE) && !defined (PP_COMPILATION)
# error "Only <libpp.h> can be included directly."
#endif

#include <glib-object.h>

#include "pp-model-spec.h"
#include "pp-version-macros.h"
#include "pp-workload.h"

G_BEGIN_DECLS

#define PP_TYPE_ROOFLINE_ESTIMATE (pp_roofline_estimate_get_type())

typedef struct _PpRooflineEstimate PpRooflineEstimate;

/**
 * PpRooflineEstimate:
 * @flops: floating-point (or integer) operations of one call
 * @bytes: bytes moved between memory and the chip in one call
 * @weight_bytes: the weights, resident
 * @kv_cache_bytes: the KV cache, resident (decode)
 * @activation_bytes: the largest transient activations of one call
 * @peak_memory_bytes: @weight_bytes + @kv_cache_bytes + @activation_bytes
 * @compute_seconds: @flops at the device's dense peak for the precision
 * @memory_seconds: @bytes at the device's memory bandwidth
 * @seconds: the roofline time of the call's kernels run one after
 *   another: its products at the larger of @compute_seconds and the
 *   time to read the weights, plus its passes over activations and KV
 *   cache at the bandwidth
 * @layers: transformer blocks (or a CNN's residual blocks) executed
 * @kernels: the kernels an eager framework launches for those layers,
 *   estimated from their parts: what an accelerator's fixed costs are
 *   counted in
 *
 * What the architecture and the datasheet say about one call of a
 * workload, before anything is learned from measurements. Times are NaN
 * when the device's peak or bandwidth is not known. The struct ends in
 * room kept for fields to come.
 */
struct _PpRooflineEstimate
{
  double flops;
  double bytes;
  double weight_bytes;
  double kv_cache_bytes;
  double activation_bytes;
  double peak_memory_bytes;
  double compute_seconds;
  double memory_seconds;
  double seconds;
  guint layers;
  double kernels;

  /*< private >*/
  gpointer padding[4];
};

PP_AVAILABLE_IN_ALL
GType    pp_roofline_estimate_get_type     (void) G_GNUC_CONST;
PP_AVAILABLE_IN_ALL
gboolean pp_roofline_estimate              (PpWorkload         *workload,
                                            PpRooflineEstimate *estimate,
                                            GError            **error);
PP_AVAILABLE_IN_ALL
double   pp_roofline_kv_bytes_per_token    (PpModelSpec        *model,
                                            PpPrecision         kv_precision);
PP_AVAILABLE_IN_ALL
guint    pp_roofline_max_context           (PpWorkload         *workload,
                                            double              budget_bytes);
PP_AVAILABLE_IN_ALL
guint    pp_roofline_max_batch             (PpWorkload         *workload,
                                            double              budget_bytes);
PP_AVAILABLE_IN_ALL
double   pp_roofline_peak_flops            (PpHardwareSpec     *hardware,
                                            PpPrecision         precision,
                                            guint               threads);
PP_AVAILABLE_IN_ALL
double   pp_roofline_peak_flops_for_workload (PpWorkload       *workload);

G_END_DECLS
