/* pp-predictor.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pp-error.h"
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

/* What @workload needs to fit, in bytes: the upper end of its predicted
 * memory's 90% interval, or the value when the prediction has no
 * interval; NaN with @error set when there is no prediction or no
 * memory in it. */
static double
memory_needed (PpPredictor  *self,
               PpWorkload   *workload,
               GError      **error)
{
  g_autoptr(PpPrediction) p = NULL;
  double value, upper;

  if (!(p = pp_predictor_predict (self, workload, error)))
    return NAN;

  /* Predictions give memory in MiB. */
  value = pp_prediction_get_value (p, PP_TARGET_MEMORY, NULL, &upper);
  if (!isnan (upper))
    return upper * 1024 * 1024;
  if (isnan (value))
    g_set_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED,
                 _("“%s” predicts no memory for this workload, so nothing can be said to fit"),
                 pp_predictor_get_name (self));
  return value * 1024 * 1024;
}

typedef void (*SetSize) (PpWorkload *workload,
                         guint       size);

/* The largest size @set gives @probe, in [0, @most], whose memory fits
 * in @budget_bytes, by bisection: 0 when size 1 does not fit, and also
 * with @error set when size 1 cannot be predicted. A size too large to
 * predict does not fit. */
static guint
largest_fitting (PpPredictor  *self,
                 PpWorkload   *probe,
                 SetSize       set,
                 guint         most,
                 double        budget_bytes,
                 GError      **error)
{
  guint lo = 1, hi = most;
  double need;

  set (probe, 1);
  need = memory_needed (self, probe, error);
  if (isnan (need) || !(need <= budget_bytes))
    return 0;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo + 1) / 2;

      set (probe, mid);
      need = memory_needed (self, probe, NULL);
      if (need <= budget_bytes)
        lo = mid;
      else
        hi = mid - 1;
    }

  return lo;
}

/**
 * pp_predictor_max_batch:
 * @self: a #PpPredictor
 * @workload: the workload: its phase, lengths and precisions count
 * @budget_bytes: the memory available, e.g. the device's
 * @error: return location for a #GError
 *
 * The largest batch, up to 2^24, at which @workload fits in
 * @budget_bytes by its predicted memory, runtime included: the upper
 * end of the memory's 90% interval, so that what is said to fit does
 * so at least 95 times in 100 (the recommender's test of what fits).
 * See [func@Pp.roofline_max_batch] for the arithmetic of the roofline
 * alone.
 *
 * Returns: the batch, or 0 if not even one item fits (or, with @error
 *   set, if @workload cannot be predicted)
 */
guint
pp_predictor_max_batch (PpPredictor  *self,
                        PpWorkload   *workload,
                        double        budget_bytes,
                        GError      **error)
{
  g_autoptr(PpWorkload) probe = NULL;

  g_return_val_if_fail (PP_IS_PREDICTOR (self), 0);
  g_return_val_if_fail (workload != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  probe = pp_workload_copy (workload);
  return largest_fitting (self, probe, pp_workload_set_batch, 1u << 24, budget_bytes, error);
}

/**
 * pp_predictor_max_context:
 * @self: a #PpPredictor
 * @workload: a decoder's (or an encoder-decoder's) workload: its
 *   batch, precision and KV cache precision count
 * @budget_bytes: the memory available, e.g. the device's
 * @error: return location for a #GError
 *
 * The longest context, up to 2^30 tokens, at which a decode step of
 * @workload fits in @budget_bytes by its predicted memory, as
 * pp_predictor_max_batch() tells what fits. See
 * [func@Pp.roofline_max_context] for the arithmetic of the roofline
 * alone.
 *
 * Returns: the context in tokens, or 0 if not even one token fits (or,
 *   with @error set, if @workload cannot be predicted, as a decode step
 *   of a model that generates nothing cannot)
 */
guint
pp_predictor_max_context (PpPredictor  *self,
                          PpWorkload   *workload,
                          double        budget_bytes,
                          GError      **error)
{
  g_autoptr(PpWorkload) probe = NULL;

  g_return_val_if_fail (PP_IS_PREDICTOR (self), 0);
  g_return_val_if_fail (workload != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  probe = pp_workload_copy (workload);
  pp_workload_set_phase (probe, PP_PHASE_DECODE);
  return largest_fitting (self, probe, pp_workload_set_seq_len, 1u << 30, budget_bytes, error);
}
