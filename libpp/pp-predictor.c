/* pp-predictor.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-predictor.h"

/**
 * PpPredictor:
 *
 * Something that predicts how a [struct@Pp.Workload] performs.
 *
 * [class@Pp.FittedPredictor] is Perfcast's own: a roofline from the
 * architecture and the datasheet, corrected by gradient-boosted trees
 * fitted to measurements, with conformal 90% intervals. Other
 * predictors implement this interface to be compared with it.
 */

G_DEFINE_INTERFACE (PpPredictor, pp_predictor, G_TYPE_OBJECT)

static void
pp_predictor_default_init (PpPredictorInterface *iface)
{
}

/**
 * pp_predictor_predict:
 * @self: a #PpPredictor
 * @workload: the workload
 * @error: return location for a #GError
 *
 * Predicts @workload's latency, throughput and memory with intervals.
 *
 * Returns: (transfer full) (nullable): the prediction
 */
PpPrediction *
pp_predictor_predict (PpPredictor  *self,
                      PpWorkload   *workload,
                      GError      **error)
{
  g_return_val_if_fail (PP_IS_PREDICTOR (self), NULL);
  g_return_val_if_fail (workload != NULL, NULL);

  return PP_PREDICTOR_GET_IFACE (self)->predict (self, workload, error);
}

/**
 * pp_predictor_get_name:
 * @self: a #PpPredictor
 *
 * Returns: the predictor's name
 */
const char *
pp_predictor_get_name (PpPredictor *self)
{
  g_return_val_if_fail (PP_IS_PREDICTOR (self), NULL);

  return PP_PREDICTOR_GET_IFACE (self)->get_name (self);
}
