/* pp-prediction.h
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

#include "pp-roofline.h"
#include "pp-version-macros.h"
#include "pp-workload.h"

G_BEGIN_DECLS

/**
 * PpTarget:
 * @PP_TARGET_LATENCY: latency of one call, in milliseconds.
 * @PP_TARGET_THROUGHPUT: items (or, in decode, tokens) per second.
 * @PP_TARGET_MEMORY: peak device memory of a call, in MiB.
 *
 * The quantities a prediction gives.
 */
typedef enum
{
  PP_TARGET_LATENCY,
  PP_TARGET_THROUGHPUT,
  PP_TARGET_MEMORY,
} PpTarget;

#define PP_N_TARGETS (PP_TARGET_MEMORY + 1)

PP_AVAILABLE_IN_ALL
const char *pp_target_to_string (PpTarget target);
PP_AVAILABLE_IN_ALL
const char *pp_target_get_unit  (PpTarget target);

/**
 * PpBottleneck:
 * @PP_BOTTLENECK_UNKNOWN: the predictor does not say, or cannot (the
 *   device's peak or bandwidth is not known).
 * @PP_BOTTLENECK_COMPUTE: the products, at the device's peak FLOP/s for
 *   the precision: a chip with more FLOP/s would be faster.
 * @PP_BOTTLENECK_BANDWIDTH: moving weights, activations and KV cache
 *   through memory: more bandwidth, or fewer bytes (a narrower
 *   precision), would be faster.
 * @PP_BOTTLENECK_FIXED_COSTS: costs that do not grow with the work, at
 *   least half of the call: on an accelerator, the kernel launches and
 *   framework dispatch of each layer, which a faster chip does not
 *   shorten; on a CPU, the dispatch and small operations of each layer,
 *   which more cores do not shorten. Fewer launches (fused kernels,
 *   graphs) make the call faster; larger batches raise the throughput.
 *
 * What bounds the time of a call.
 */
typedef enum
{
  PP_BOTTLENECK_UNKNOWN,
  PP_BOTTLENECK_COMPUTE,
  PP_BOTTLENECK_BANDWIDTH,
  PP_BOTTLENECK_FIXED_COSTS,
} PpBottleneck;

#define PP_N_BOTTLENECKS (PP_BOTTLENECK_FIXED_COSTS + 1)

/**
 * PpEvidence:
 * @PP_EVIDENCE_UNKNOWN: the predictor does not say.
 * @PP_EVIDENCE_MEASURED: this very workload was measured; the value is
 *   the measurement.
 * @PP_EVIDENCE_OTHER_BATCH_SIZES: the same configuration (model, device,
 *   precision, length, software) measured at other batch sizes.
 * @PP_EVIDENCE_OTHER_LENGTHS: the same configuration measured at another
 *   sequence length or input size.
 * @PP_EVIDENCE_OTHER_DEVICES: the same configuration measured on other
 *   devices, carried over by their rooflines.
 * @PP_EVIDENCE_FAMILY: other models of the family measured in the same
 *   setting on this device.
 * @PP_EVIDENCE_DEVICE_FIT: the device's fitted efficiency and fixed
 *   costs (or memory fit) alone, its own or, for a device never
 *   measured, those of its kind: nothing of this model measured near it.
 * @PP_EVIDENCE_ROOFLINE: the roofline's count alone: nothing was fitted
 *   for this quantity on any device.
 *
 * What a predicted value stands on, from the most direct evidence to
 * the least. The fitted predictor calibrates intervals apart for each
 * kind of estimate; a measured value takes the interval of the estimate
 * it would have had unmeasured.
 */
typedef enum
{
  PP_EVIDENCE_UNKNOWN,
  PP_EVIDENCE_MEASURED,
  PP_EVIDENCE_OTHER_BATCH_SIZES,
  PP_EVIDENCE_OTHER_LENGTHS,
  PP_EVIDENCE_OTHER_DEVICES,
  PP_EVIDENCE_FAMILY,
  PP_EVIDENCE_DEVICE_FIT,
  PP_EVIDENCE_ROOFLINE,
} PpEvidence;

#define PP_N_EVIDENCES (PP_EVIDENCE_ROOFLINE + 1)

PP_AVAILABLE_IN_ALL
const char *pp_bottleneck_to_string (PpBottleneck bottleneck);
PP_AVAILABLE_IN_ALL
const char *pp_evidence_to_string (PpEvidence evidence);
PP_AVAILABLE_IN_ALL
const char *pp_evidence_describe  (PpEvidence evidence);
PP_AVAILABLE_IN_ALL
char       *pp_format_value       (double     value);

#define PP_TYPE_PREDICTION_VALUES (pp_prediction_values_get_type())

typedef struct _PpPredictionValues PpPredictionValues;

/**
 * PpPredictionValues:
 * @latency_ms: the predicted latency of one call, in milliseconds
 * @latency_lower_ms: its 90% interval's lower end
 * @latency_upper_ms: its 90% interval's upper end
 * @latency_confidence: the chance, in [0, 1], that the latency lands
 *   within ±25% of the measurement; throughput's is the same
 * @latency_evidence: what the latency stands on; throughput stands on
 *   the same
 * @throughput: the predicted items (or decode tokens) per second
 * @throughput_lower: its 90% interval's lower end
 * @throughput_upper: its 90% interval's upper end
 * @memory_mb: the predicted peak memory, in MiB
 * @memory_lower_mb: its 90% interval's lower end
 * @memory_upper_mb: its 90% interval's upper end
 * @memory_confidence: the chance, in [0, 1], that the memory lands
 *   within ±25% of the measurement
 * @memory_evidence: what the memory stands on
 * @bottleneck: what bounds the time of the call
 * @out_of_distribution: whether the workload is far from every
 *   measurement the predictor learned from
 * @n_training: measurements the predictor learned from
 * @n_support: of those, measurements of this model on this device and
 *   precision
 * @roofline: the analytic estimate the prediction started from
 *
 * The numbers of a [class@Pp.Prediction] as plain values, which
 * [method@Pp.FittedPredictor.predict_values] fills in where the caller
 * says: predicting many workloads, a caller can keep them in one array
 * rather than make and drop an object for each. Each field holds what
 * the prediction's getter of the same quantity returns. The struct
 * ends in room kept for fields to come, so that adding one does not
 * change its size.
 */
struct _PpPredictionValues
{
  double latency_ms;
  double latency_lower_ms;
  double latency_upper_ms;
  double latency_confidence;
  PpEvidence latency_evidence;
  double throughput;
  double throughput_lower;
  double throughput_upper;
  double memory_mb;
  double memory_lower_mb;
  double memory_upper_mb;
  double memory_confidence;
  PpEvidence memory_evidence;
  PpBottleneck bottleneck;
  gboolean out_of_distribution;
  guint n_training;
  guint n_support;
  PpRooflineEstimate roofline;

  /*< private >*/
  gpointer padding[8];
};

PP_AVAILABLE_IN_ALL
GType               pp_prediction_values_get_type  (void) G_GNUC_CONST;
PP_AVAILABLE_IN_ALL
PpPredictionValues *pp_prediction_values_copy      (const PpPredictionValues *self);
PP_AVAILABLE_IN_ALL
void                pp_prediction_values_free      (PpPredictionValues *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PpPredictionValues, pp_prediction_values_free)

#define PP_TYPE_PREDICTION (pp_prediction_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpPrediction, pp_prediction, PP, PREDICTION, GObject)

PP_AVAILABLE_IN_ALL
PpPrediction       *pp_prediction_new              (PpWorkload         *workload,
                                                    const char         *predictor);
PP_AVAILABLE_IN_ALL
void                pp_prediction_set_value        (PpPrediction       *self,
                                                    PpTarget            target,
                                                    double              value,
                                                    double              lower,
                                                    double              upper);
PP_AVAILABLE_IN_ALL
double              pp_prediction_get_value        (PpPrediction       *self,
                                                    PpTarget            target,
                                                    double             *lower,
                                                    double             *upper);
PP_AVAILABLE_IN_ALL
double              pp_prediction_get_latency_ms   (PpPrediction       *self);
PP_AVAILABLE_IN_ALL
double              pp_prediction_get_throughput   (PpPrediction       *self);
PP_AVAILABLE_IN_ALL
double              pp_prediction_get_memory_mb    (PpPrediction       *self);
PP_AVAILABLE_IN_ALL
void                pp_prediction_set_confidence   (PpPrediction       *self,
                                                    PpTarget            target,
                                                    double              confidence);
PP_AVAILABLE_IN_ALL
double              pp_prediction_get_confidence   (PpPrediction       *self,
                                                    PpTarget            target);
PP_AVAILABLE_IN_ALL
void                pp_prediction_set_out_of_distribution (PpPrediction *self,
                                                    gboolean            ood);
PP_AVAILABLE_IN_ALL
gboolean            pp_prediction_get_out_of_distribution (PpPrediction *self);
PP_AVAILABLE_IN_ALL
void                pp_prediction_set_support      (PpPrediction       *self,
                                                    guint               n_training,
                                                    guint               n_support);
PP_AVAILABLE_IN_ALL
guint               pp_prediction_get_n_training   (PpPrediction       *self);
PP_AVAILABLE_IN_ALL
guint               pp_prediction_get_n_support    (PpPrediction       *self);
PP_AVAILABLE_IN_ALL
const char         *pp_prediction_get_predictor    (PpPrediction       *self);
PP_AVAILABLE_IN_ALL
PpWorkload         *pp_prediction_get_workload     (PpPrediction       *self);
PP_AVAILABLE_IN_ALL
void                pp_prediction_set_bottleneck   (PpPrediction       *self,
                                                    PpBottleneck        bottleneck);
PP_AVAILABLE_IN_ALL
PpBottleneck        pp_prediction_get_bottleneck   (PpPrediction       *self);
PP_AVAILABLE_IN_ALL
const char         *pp_prediction_describe_bottleneck (PpPrediction *self);
PP_AVAILABLE_IN_ALL
void                pp_prediction_set_evidence     (PpPrediction       *self,
                                                    PpTarget            target,
                                                    PpEvidence          evidence);
PP_AVAILABLE_IN_ALL
PpEvidence          pp_prediction_get_evidence     (PpPrediction       *self,
                                                    PpTarget            target);
PP_AVAILABLE_IN_ALL
void                pp_prediction_set_roofline     (PpPrediction       *self,
                                                    const PpRooflineEstimate *estimate);
PP_AVAILABLE_IN_ALL
const PpRooflineEstimate *pp_prediction_get_roofline (PpPrediction     *self);
PP_AVAILABLE_IN_ALL
void                pp_prediction_add_note         (PpPrediction       *self,
                                                    const char         *note);
PP_AVAILABLE_IN_ALL
const char * const *pp_prediction_get_notes        (PpPrediction       *self);

G_END_DECLS
