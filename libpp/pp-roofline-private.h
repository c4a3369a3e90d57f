/* pp-roofline-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pp-model-spec.h"
#include "pp-workload.h"

G_BEGIN_DECLS

/* What the roofline reads of a model's entry on every call, parsed once
 * when the spec is made. */
typedef struct _PpModelShape PpModelShape;

PpModelShape       *_pp_model_shape_new          (JsonObject   *object,
                                                  PpModelArch   arch);
void                _pp_model_shape_free         (PpModelShape *shape);
const PpModelShape *_pp_model_spec_get_shape     (PpModelSpec  *self);
double              _pp_roofline_fixed_input_size (PpModelSpec *model);
PpPrecision         _pp_roofline_peak_precision   (PpHardwareSpec *hardware,
                                                   PpPrecision     precision);
gboolean            _pp_roofline_counts_by_parameters (PpModelSpec *model);
gboolean            _pp_roofline_check_workload   (PpWorkload  *workload,
                                                   GError     **error);

G_END_DECLS
