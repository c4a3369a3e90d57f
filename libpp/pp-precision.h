/* pp-precision.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_INSIDE) && !defined (PP_COMPILATION)
# error "Only <libpp.h> can be included directly."
#endif

#include <glib.h>

#include "pp-version-macros.h"

G_BEGIN_DECLS

/**
 * PpPrecision:
 * @PP_PRECISION_FP64: IEEE double precision.
 * @PP_PRECISION_FP32: IEEE single precision.
 * @PP_PRECISION_TF32: NVIDIA TensorFloat-32 math on fp32 storage.
 * @PP_PRECISION_FP16: IEEE half precision.
 * @PP_PRECISION_BF16: bfloat16.
 * @PP_PRECISION_FP8: 8-bit floating point (E4M3 or E5M2).
 * @PP_PRECISION_INT8: 8-bit integers.
 * @PP_PRECISION_INT4: 4-bit integers.
 * @PP_PRECISION_INT2: 2-bit integers.
 *
 * The numeric precision of weights, activations or a cache.
 */
typedef enum
{
  PP_PRECISION_FP64,
  PP_PRECISION_FP32,
  PP_PRECISION_TF32,
  PP_PRECISION_FP16,
  PP_PRECISION_BF16,
  PP_PRECISION_FP8,
  PP_PRECISION_INT8,
  PP_PRECISION_INT4,
  PP_PRECISION_INT2,
} PpPrecision;

/**
 * PP_N_PRECISIONS:
 *
 * The number of values of [enum@Pp.Precision].
 */
#define PP_N_PRECISIONS (PP_PRECISION_INT2 + 1)

PP_AVAILABLE_IN_ALL
gboolean     pp_precision_from_string   (const char  *text,
                                         PpPrecision *precision,
                                         GError     **error);
PP_AVAILABLE_IN_ALL
const char  *pp_precision_to_string     (PpPrecision  precision);
PP_AVAILABLE_IN_ALL
guint        pp_precision_get_bits      (PpPrecision  precision);

G_END_DECLS
