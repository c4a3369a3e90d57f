/* pp-hardware-spec.h
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

#include "pp-precision.h"
#include "pp-version-macros.h"

G_BEGIN_DECLS

/**
 * PpHardwareKind:
 * @PP_HARDWARE_KIND_GPU: a discrete or integrated GPU.
 * @PP_HARDWARE_KIND_CPU: a CPU (or a share of one, in vCPUs).
 * @PP_HARDWARE_KIND_NPU: a dedicated inference accelerator.
 * @PP_HARDWARE_KIND_BROWSER: a browser backend (WASM, WebGL, WebGPU,
 *   WebNN) bound to the machine it runs on.
 *
 * What kind of device runs a workload.
 */
typedef enum
{
  PP_HARDWARE_KIND_GPU,
  PP_HARDWARE_KIND_CPU,
  PP_HARDWARE_KIND_NPU,
  PP_HARDWARE_KIND_BROWSER,
} PpHardwareKind;

PP_AVAILABLE_IN_ALL
gboolean    pp_hardware_kind_from_string (const char     *text,
                                          PpHardwareKind *kind);
PP_AVAILABLE_IN_ALL
const char *pp_hardware_kind_to_string   (PpHardwareKind  kind);

#define PP_TYPE_HARDWARE_SPEC (pp_hardware_spec_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpHardwareSpec, pp_hardware_spec, PP, HARDWARE_SPEC, GObject)

PP_AVAILABLE_IN_ALL
PpHardwareSpec *pp_hardware_spec_detect_local       (GError         **error);
PP_AVAILABLE_IN_ALL
double          pp_hardware_spec_measure_local_bandwidth (GError    **error);
PP_AVAILABLE_IN_ALL
const char     *pp_hardware_spec_get_id             (PpHardwareSpec  *self);
PP_AVAILABLE_IN_ALL
const char     *pp_hardware_spec_get_name           (PpHardwareSpec  *self);
PP_AVAILABLE_IN_ALL
PpHardwareKind  pp_hardware_spec_get_kind           (PpHardwareSpec  *self);
PP_AVAILABLE_IN_ALL
const char     *pp_hardware_spec_get_vendor         (PpHardwareSpec  *self);
PP_AVAILABLE_IN_ALL
const char     *pp_hardware_spec_get_backend        (PpHardwareSpec  *self);
PP_AVAILABLE_IN_ALL
double          pp_hardware_spec_get_peak_flops     (PpHardwareSpec  *self,
                                                     PpPrecision      precision);
PP_AVAILABLE_IN_ALL
double          pp_hardware_spec_get_fp16_accumulate_flops (PpHardwareSpec *self);
PP_AVAILABLE_IN_ALL
double          pp_hardware_spec_get_memory_bytes   (PpHardwareSpec  *self);
PP_AVAILABLE_IN_ALL
double          pp_hardware_spec_get_memory_bandwidth (PpHardwareSpec *self);
PP_AVAILABLE_IN_ALL
guint           pp_hardware_spec_get_compute_units  (PpHardwareSpec  *self);
PP_AVAILABLE_IN_ALL
double          pp_hardware_spec_get_tdp_watts      (PpHardwareSpec  *self);
PP_AVAILABLE_IN_ALL
PpHardwareSpec *pp_hardware_spec_get_host           (PpHardwareSpec  *self);
PP_AVAILABLE_IN_ALL
const char     *pp_hardware_spec_get_source         (PpHardwareSpec  *self,
                                                     const char      *field);
PP_AVAILABLE_IN_ALL
const char     *pp_hardware_spec_get_stand_in       (PpHardwareSpec  *self);
PP_AVAILABLE_IN_ALL
const char * const *pp_hardware_spec_get_aliases    (PpHardwareSpec  *self);

G_END_DECLS
