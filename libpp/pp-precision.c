/* pp-precision.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-precision.h"

#include <glib/gi18n-lib.h>

#include "pp-error.h"

static const struct {
  const char *name;
  guint bits;
} precisions[PP_N_PRECISIONS] = {
  [PP_PRECISION_FP64] = { "fp64", 64 },
  [PP_PRECISION_FP32] = { "fp32", 32 },
  /* TF32 is a math mode: tensors stay in 32-bit storage. */
  [PP_PRECISION_TF32] = { "tf32", 32 },
  [PP_PRECISION_FP16] = { "fp16", 16 },
  [PP_PRECISION_BF16] = { "bf16", 16 },
  [PP_PRECISION_FP8]  = { "fp8", 8 },
  [PP_PRECISION_INT8] = { "int8", 8 },
  [PP_PRECISION_INT4] = { "int4", 4 },
  [PP_PRECISION_INT2] = { "int2", 2 },
};

/**
 * pp_precision_from_string:
 * @text: a precision name such as "bf16" (case does not matter)
 * @precision: (out) (optional): where to store the precision
 * @error: return location for a #GError
 *
 * Parses a precision name as written in the measurement CSV.
 *
 * Returns: %TRUE if @text names a known precision
 */
gboolean
pp_precision_from_string (const char   *text,
                          PpPrecision  *precision,
                          GError      **error)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (precisions); i++)
    {
      if (g_ascii_strcasecmp (text, precisions[i].name) == 0)
        {
          if (precision != NULL)
            *precision = (PpPrecision)i;
          return TRUE;
        }
    }

  g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
               /* translators: the list is literal precision names */
               _("Unknown precision “%s” (expected one of fp64, fp32, tf32, fp16, bf16, fp8, int8, int4, int2)"),
               text);
  return FALSE;
}

/**
 * pp_precision_to_string:
 * @precision: a #PpPrecision
 *
 * Returns: the canonical lower-case name of @precision
 */
const char *
pp_precision_to_string (PpPrecision precision)
{
  g_return_val_if_fail ((guint)precision < PP_N_PRECISIONS, NULL);

  return precisions[precision].name;
}

/**
 * pp_precision_get_bits:
 * @precision: a #PpPrecision
 *
 * Gets the storage width of one element.
 *
 * Returns: bits per element
 */
guint
pp_precision_get_bits (PpPrecision precision)
{
  g_return_val_if_fail ((guint)precision < PP_N_PRECISIONS, 0);

  return precisions[precision].bits;
}
