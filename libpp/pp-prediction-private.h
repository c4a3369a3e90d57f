/* pp-prediction-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "pp-prediction.h"

G_BEGIN_DECLS

PpPrediction *_pp_prediction_new_static      (PpWorkload               *workload,
                                              const char               *predictor);
PpPrediction *_pp_prediction_new_from_values (PpWorkload               *workload,
                                              const char               *predictor,
                                              const PpPredictionValues *values);

G_END_DECLS
