/* pp-validation-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "pp-validation.h"

G_BEGIN_DECLS

/* One held-out row of one quantity: what was measured, what was
 * predicted, and the 90% interval (NaN bounds when there is none). */
typedef struct
{
  double measured;
  double predicted;
  double lower;
  double upper;
  PpEvidence evidence;
} PpValidationPoint;

GArray *_pp_validation_dup_points (PpValidation *self,
                                   PpTarget      target);

G_END_DECLS
