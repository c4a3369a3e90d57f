/* pp-prediction.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-prediction-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp-enums.h"

/**
 * PpPrediction:
 *
 * What a [iface@Pp.Predictor] says of a workload: latency, throughput
 * and peak memory, each with a 90% interval (lower, upper) and a
 * confidence in [0, 1]; whether the workload is far from anything
 * measured (out of distribution); what bounds the call
 * ([enum@Pp.Bottleneck]); and its provenance: which predictor, trained on how
 * many measurements, how many of them of this very model on this very
 * device and precision.
 *
 * A predictor fills a prediction in, then hands it out; from then on it
 * does not change.
 */

typedef struct
{
  double value;
  double lower;
  double upper;
  double confidence;
  PpEvidence evidence;
} Interval;

struct _PpPrediction
{
  GObject parent_instance;

  /* Owned */
  PpWorkload *workload;
  /* Owned, unless predictor_static says it is a static string */
  char *predictor;
  /* Owned; NULL while there are none */
  char **notes;

  Interval targets[PP_N_TARGETS];
  PpRooflineEstimate roofline;
  guint n_training;
  guint n_support;
  PpBottleneck bottleneck;
  guint ood : 1;
  guint has_roofline : 1;
  guint predictor_static : 1;
};

enum {
  PROP_0,
  PROP_LATENCY_MS,
  PROP_THROUGHPUT,
  PROP_MEMORY_MB,
  PROP_OUT_OF_DISTRIBUTION,
  PROP_PREDICTOR,
  PROP_BOTTLENECK,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PpPrediction, pp_prediction, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (PpPredictionValues, pp_prediction_values,
                     pp_prediction_values_copy, pp_prediction_values_free)

static GParamSpec *properties[N_PROPS];

/**
 * pp_target_to_string:
 * @target: a #PpTarget
 *
 * Returns: "latency", "throughput" or "memory"
 */
const char *
pp_target_to_string (PpTarget target)
{
  static const char *names[] = { "latency", "throughput", "memory" };

  g_return_val_if_fail ((guint)target < PP_N_TARGETS, NULL);

  return names[target];
}

/**
 * pp_target_get_unit:
 * @target: a [enum@Pp.Target]
 *
 * The unit values of @target are given in: "ms", "items/s" (in the
 * user's language) or "MiB".
 *
 * Returns: the unit, to follow a number
 */
const char *
pp_target_get_unit (PpTarget target)
{
  switch (target)
    {
    case PP_TARGET_LATENCY:
      return "ms";
    case PP_TARGET_THROUGHPUT:
      /* translators: the unit of throughput, after a number */
      return _("items/s");
    case PP_TARGET_MEMORY:
      return "MiB";
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * pp_bottleneck_to_string:
 * @bottleneck: a [enum@Pp.Bottleneck]
 *
 * Names a bottleneck as the CLI's JSON does.
 *
 * Returns: (nullable): "unknown", "compute", "bandwidth" or
 *   "fixed-costs"; %NULL for a value that is none of them
 */
const char *
pp_bottleneck_to_string (PpBottleneck bottleneck)
{
  static const char *names[PP_N_BOTTLENECKS] = { "unknown", "compute", "bandwidth", "fixed-costs" };

  g_return_val_if_fail ((guint)bottleneck < PP_N_BOTTLENECKS, NULL);

  return names[bottleneck];
}

/**
 * pp_evidence_to_string:
 * @evidence: a [enum@Pp.Evidence]
 *
 * Names what a value stands on as the CLI's JSON does.
 *
 * Returns: (nullable): "unknown", "measured", "other-batch-sizes",
 *   "other-lengths", "other-devices", "family", "device-fit" or
 *   "roofline"; %NULL for a value that is none of them
 */
const char *
pp_evidence_to_string (PpEvidence evidence)
{
  static const char *names[PP_N_EVIDENCES] = {
    "unknown", "measured", "other-batch-sizes", "other-lengths", "other-devices", "family",
    "device-fit", "roofline",
  };

  g_return_val_if_fail ((guint)evidence < PP_N_EVIDENCES, NULL);

  return names[evidence];
}

/**
 * pp_evidence_describe:
 * @evidence: a [enum@Pp.Evidence]
 *
 * Says, in the user's language, what a value stands on, as a phrase to
 * follow the quantity's name: “latency *carried over from other
 * devices*”.
 *
 * Returns: (nullable): the phrase, or %NULL for
 *   %PP_EVIDENCE_UNKNOWN and values that are no evidence
 */
const char *
pp_evidence_describe (PpEvidence evidence)
{
  switch (evidence)
    {
    case PP_EVIDENCE_MEASURED:
      return C_("evidence", "measured");
    case PP_EVIDENCE_OTHER_BATCH_SIZES:
      return _("read off this configuration at other batch sizes");
    case PP_EVIDENCE_OTHER_LENGTHS:
      return _("read off this configuration at another length");
    case PP_EVIDENCE_OTHER_DEVICES:
      return _("carried over from other devices");
    case PP_EVIDENCE_FAMILY:
      return _("carried over from the model's family on this device");
    case PP_EVIDENCE_DEVICE_FIT:
      return _("from the device fit alone (this device's, or its kind's)");
    case PP_EVIDENCE_ROOFLINE:
      return _("from the roofline alone");
    case PP_EVIDENCE_UNKNOWN:
    default:
      return NULL;
    }
}

/**
 * pp_format_value:
 * @value: a predicted quantity, or one end of its interval
 *
 * Writes @value as predictions are shown: with three significant digits
 * (“12.5”, “0.000132”, “10.0” for 9.9996), whole from 100 up (“1235”,
 * “100” for 99.96), with an exponent only below 10⁻⁹ and from 10¹⁵
 * (“1.23e+17”: a value that far off is told by its size, not its
 * digits), “0” for 0 and “–” when it is NaN (not predicted).
 *
 * Returns: (transfer full): the text
 */
char *
pp_format_value (double value)
{
  char rounded[32];
  const char *e;
  int exponent;

  if (isnan (value))
    return g_strdup ("–");
  if (value == 0)
    return g_strdup ("0");
  if (isinf (value))
    return g_strdup_printf ("%.0f", value);

  /* The exponent of @value rounded to three digits, as printf rounds:
   * 99.96 is 1.00e+02, which is whole. */
  g_snprintf (rounded, sizeof rounded, "%.2e", value);
  e = strrchr (rounded, 'e');
  exponent = e != NULL ? atoi (e + 1) : 0;

  if (exponent >= 15 || exponent < -9)
    return g_strdup_printf ("%.3g", value);
  if (exponent >= 2)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.*f", 2 - exponent, value);
}

/**
 * pp_prediction_values_copy:
 * @self: a #PpPredictionValues
 *
 * Returns: (transfer full): a copy of @self
 */
PpPredictionValues *
pp_prediction_values_copy (const PpPredictionValues *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * pp_prediction_values_free:
 * @self: (nullable): a #PpPredictionValues made by
 *   [method@Pp.PredictionValues.copy]
 *
 * Frees a copy.
 */
void
pp_prediction_values_free (PpPredictionValues *self)
{
  g_free (self);
}

/**
 * pp_prediction_describe_bottleneck:
 * @self: a #PpPrediction
 *
 * Says, in the user's language, what bounds the predicted call and so
 * what would make it faster. Fixed costs read differently on a CPU,
 * where more cores do not shorten them, than on an accelerator, where a
 * faster chip does not.
 *
 * Returns: (nullable): one sentence, or %NULL when the bottleneck is
 *   %PP_BOTTLENECK_UNKNOWN
 */
const char *
pp_prediction_describe_bottleneck (PpPrediction *self)
{
  PpHardwareSpec *hardware;
  gboolean cpu;

  g_return_val_if_fail (PP_IS_PREDICTION (self), NULL);

  hardware = pp_workload_get_hardware (self->workload);
  cpu = hardware != NULL && pp_hardware_spec_get_kind (hardware) == PP_HARDWARE_KIND_CPU;

  switch (self->bottleneck)
    {
    case PP_BOTTLENECK_COMPUTE:
      return _("bound by compute: a chip with more FLOP/s at this precision would be faster");
    case PP_BOTTLENECK_BANDWIDTH:
      return _("bound by memory bandwidth: more bandwidth, or weights and cache at a lower precision, "
               "would be faster");
    case PP_BOTTLENECK_FIXED_COSTS:
      return cpu ? _("bound by fixed costs (each layer's dispatch and small operations): more cores barely "
                     "help; larger batches would raise the throughput")
                 : _("bound by fixed costs (kernel launches, dispatch): a faster chip barely helps; fused "
                     "kernels would, and larger batches would raise the throughput");
    case PP_BOTTLENECK_UNKNOWN:
    default:
      return NULL;
    }
}

static void
pp_prediction_finalize (GObject *object)
{
  PpPrediction *self = (PpPrediction *)object;

  g_clear_pointer (&self->workload, pp_workload_unref);
  if (!self->predictor_static)
    g_clear_pointer (&self->predictor, g_free);
  g_clear_pointer (&self->notes, g_strfreev);

  G_OBJECT_CLASS (pp_prediction_parent_class)->finalize (object);
}

static void
pp_prediction_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PpPrediction *self = PP_PREDICTION (object);

  switch (prop_id)
    {
    case PROP_LATENCY_MS:
      g_value_set_double (value, pp_prediction_get_latency_ms (self));
      break;

    case PROP_THROUGHPUT:
      g_value_set_double (value, pp_prediction_get_throughput (self));
      break;

    case PROP_MEMORY_MB:
      g_value_set_double (value, pp_prediction_get_memory_mb (self));
      break;

    case PROP_OUT_OF_DISTRIBUTION:
      g_value_set_boolean (value, pp_prediction_get_out_of_distribution (self));
      break;

    case PROP_PREDICTOR:
      g_value_set_string (value, pp_prediction_get_predictor (self));
      break;

    case PROP_BOTTLENECK:
      g_value_set_enum (value, pp_prediction_get_bottleneck (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_prediction_class_init (PpPredictionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pp_prediction_finalize;
  object_class->get_property = pp_prediction_get_property;

  /**
   * PpPrediction:latency-ms:
   *
   * The predicted latency of one call, in milliseconds.
   */
  properties[PROP_LATENCY_MS] =
    g_param_spec_double ("latency-ms", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpPrediction:throughput:
   *
   * The predicted items (or decode tokens) per second.
   */
  properties[PROP_THROUGHPUT] =
    g_param_spec_double ("throughput", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpPrediction:memory-mb:
   *
   * The predicted peak memory, in MiB.
   */
  properties[PROP_MEMORY_MB] =
    g_param_spec_double ("memory-mb", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpPrediction:out-of-distribution:
   *
   * Whether the workload is far from every measurement the predictor
   * learned from.
   */
  properties[PROP_OUT_OF_DISTRIBUTION] =
    g_param_spec_boolean ("out-of-distribution", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpPrediction:predictor:
   *
   * The name of the predictor that made this prediction.
   */
  properties[PROP_PREDICTOR] =
    g_param_spec_string ("predictor", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpPrediction:bottleneck:
   *
   * What bounds the time of the call, as the predictor sees it (a
   * [enum@Pp.Bottleneck]).
   */
  properties[PROP_BOTTLENECK] =
    g_param_spec_enum ("bottleneck", NULL, NULL, PP_TYPE_BOTTLENECK, PP_BOTTLENECK_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pp_prediction_init (PpPrediction *self)
{
  for (guint i = 0; i < PP_N_TARGETS; i++)
    self->targets[i] = (Interval) { NAN, NAN, NAN, 0 };
}

/**
 * pp_prediction_new:
 * @workload: the workload predicted
 * @predictor: the predictor's name
 *
 * Creates an empty prediction for a predictor to fill in.
 *
 * Returns: (transfer full): a new #PpPrediction
 */
PpPrediction *
pp_prediction_new (PpWorkload *workload,
                   const char *predictor)
{
  PpPrediction *self;

  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail (predictor != NULL, NULL);

  self = _pp_prediction_new_static (workload, predictor);
  self->predictor = g_strdup (predictor);
  self->predictor_static = FALSE;

  return self;
}

/* pp_prediction_new() for a predictor whose name is a static string,
 * which the prediction then borrows: a copy per prediction took 2% of
 * the fitted predictor's time. */
PpPrediction *
_pp_prediction_new_static (PpWorkload *workload,
                           const char *predictor)
{
  PpPrediction *self;

  g_assert (workload != NULL);
  g_assert (predictor != NULL);

  self = g_object_new (PP_TYPE_PREDICTION, NULL);
  self->workload = pp_workload_ref (workload);
  self->predictor = (char *)predictor;
  self->predictor_static = TRUE;

  return self;
}

/* A prediction of @workload by @predictor (a static string) holding
 * @values, as the setters would have set them one by one: throughput
 * shares latency's confidence and evidence. */
PpPrediction *
_pp_prediction_new_from_values (PpWorkload               *workload,
                                const char               *predictor,
                                const PpPredictionValues *values)
{
  PpPrediction *self = _pp_prediction_new_static (workload, predictor);

  self->targets[PP_TARGET_LATENCY] = (Interval) {
    values->latency_ms, values->latency_lower_ms, values->latency_upper_ms,
    CLAMP (values->latency_confidence, 0.0, 1.0), values->latency_evidence,
  };
  self->targets[PP_TARGET_THROUGHPUT] = (Interval) {
    values->throughput, values->throughput_lower, values->throughput_upper,
    CLAMP (values->latency_confidence, 0.0, 1.0), values->latency_evidence,
  };
  self->targets[PP_TARGET_MEMORY] = (Interval) {
    values->memory_mb, values->memory_lower_mb, values->memory_upper_mb,
    CLAMP (values->memory_confidence, 0.0, 1.0), values->memory_evidence,
  };
  self->ood = !!values->out_of_distribution;
  self->n_training = values->n_training;
  self->n_support = values->n_support;
  self->roofline = values->roofline;
  self->has_roofline = TRUE;
  self->bottleneck = values->bottleneck;

  return self;
}

/**
 * pp_prediction_set_value:
 * @self: a #PpPrediction
 * @target: which quantity
 * @value: the prediction
 * @lower: the 90% interval's lower end
 * @upper: the 90% interval's upper end
 *
 * Sets one predicted quantity.
 */
void
pp_prediction_set_value (PpPrediction *self,
                         PpTarget      target,
                         double        value,
                         double        lower,
                         double        upper)
{
  g_return_if_fail (PP_IS_PREDICTION (self));
  g_return_if_fail ((guint)target < PP_N_TARGETS);

  self->targets[target].value = value;
  self->targets[target].lower = lower;
  self->targets[target].upper = upper;
}

/**
 * pp_prediction_get_value:
 * @self: a #PpPrediction
 * @target: which quantity
 * @lower: (out) (optional): the 90% interval's lower end
 * @upper: (out) (optional): the 90% interval's upper end
 *
 * Returns: the predicted value, NaN if the predictor could not say
 */
double
pp_prediction_get_value (PpPrediction *self,
                         PpTarget      target,
                         double       *lower,
                         double       *upper)
{
  g_return_val_if_fail (PP_IS_PREDICTION (self), NAN);
  g_return_val_if_fail ((guint)target < PP_N_TARGETS, NAN);

  if (lower != NULL)
    *lower = self->targets[target].lower;
  if (upper != NULL)
    *upper = self->targets[target].upper;

  return self->targets[target].value;
}

/**
 * pp_prediction_get_latency_ms:
 * @self: a #PpPrediction
 *
 * Returns: the predicted latency in milliseconds
 */
double
pp_prediction_get_latency_ms (PpPrediction *self)
{
  return pp_prediction_get_value (self, PP_TARGET_LATENCY, NULL, NULL);
}

/**
 * pp_prediction_get_throughput:
 * @self: a #PpPrediction
 *
 * Returns: the predicted items per second
 */
double
pp_prediction_get_throughput (PpPrediction *self)
{
  return pp_prediction_get_value (self, PP_TARGET_THROUGHPUT, NULL, NULL);
}

/**
 * pp_prediction_get_memory_mb:
 * @self: a #PpPrediction
 *
 * Returns: the predicted peak memory in MiB
 */
double
pp_prediction_get_memory_mb (PpPrediction *self)
{
  return pp_prediction_get_value (self, PP_TARGET_MEMORY, NULL, NULL);
}

/**
 * pp_prediction_set_confidence:
 * @self: a #PpPrediction
 * @target: which quantity
 * @confidence: a chance, in [0, 1]
 *
 * Sets how sure the predictor is of one quantity. Anything else than a
 * number from 0 to 1, NaN included, is a programming error, refused as
 * a property's range refuses a value: the confidence stays as it was.
 */
void
pp_prediction_set_confidence (PpPrediction *self,
                              PpTarget      target,
                              double        confidence)
{
  g_return_if_fail (PP_IS_PREDICTION (self));
  g_return_if_fail ((guint)target < PP_N_TARGETS);
  /* Written so that NaN, which compares false, fails too. */
  g_return_if_fail (confidence >= 0.0 && confidence <= 1.0);

  self->targets[target].confidence = confidence;
}

/**
 * pp_prediction_get_confidence:
 * @self: a #PpPrediction
 * @target: which quantity
 *
 * For the fitted predictor, this is the estimated probability that the
 * prediction lands within ±25% of the measured value (|predicted −
 * measured| ≤ 0.25 · measured, as [class@Pp.Validation] counts it),
 * read off the calibration residuals at this workload's interval
 * width.
 *
 * Returns: the confidence in [0, 1]
 */
double
pp_prediction_get_confidence (PpPrediction *self,
                              PpTarget      target)
{
  g_return_val_if_fail (PP_IS_PREDICTION (self), 0);
  g_return_val_if_fail ((guint)target < PP_N_TARGETS, 0);

  return self->targets[target].confidence;
}

/**
 * pp_prediction_set_out_of_distribution:
 * @self: a #PpPrediction
 * @ood: whether the workload is far from the training data
 *
 * Flags the prediction as an extrapolation.
 */
void
pp_prediction_set_out_of_distribution (PpPrediction *self,
                                       gboolean      ood)
{
  g_return_if_fail (PP_IS_PREDICTION (self));

  self->ood = !!ood;
}

/**
 * pp_prediction_get_out_of_distribution:
 * @self: a #PpPrediction
 *
 * Returns: %TRUE if the workload is far from every measurement learned
 */
gboolean
pp_prediction_get_out_of_distribution (PpPrediction *self)
{
  g_return_val_if_fail (PP_IS_PREDICTION (self), FALSE);

  return self->ood;
}

/**
 * pp_prediction_set_support:
 * @self: a #PpPrediction
 * @n_training: measurements the predictor learned from
 * @n_support: of those, measurements of this model on this device and
 *   precision
 *
 * Records how much data stands behind the prediction.
 */
void
pp_prediction_set_support (PpPrediction *self,
                           guint         n_training,
                           guint         n_support)
{
  g_return_if_fail (PP_IS_PREDICTION (self));

  self->n_training = n_training;
  self->n_support = n_support;
}

/**
 * pp_prediction_get_n_training:
 * @self: a #PpPrediction
 *
 * Returns: measurements the predictor learned from
 */
guint
pp_prediction_get_n_training (PpPrediction *self)
{
  g_return_val_if_fail (PP_IS_PREDICTION (self), 0);

  return self->n_training;
}

/**
 * pp_prediction_get_n_support:
 * @self: a #PpPrediction
 *
 * Returns: measurements of this model on this device and precision
 */
guint
pp_prediction_get_n_support (PpPrediction *self)
{
  g_return_val_if_fail (PP_IS_PREDICTION (self), 0);

  return self->n_support;
}

/**
 * pp_prediction_get_predictor:
 * @self: a #PpPrediction
 *
 * Returns: the predictor's name
 */
const char *
pp_prediction_get_predictor (PpPrediction *self)
{
  g_return_val_if_fail (PP_IS_PREDICTION (self), NULL);

  return self->predictor;
}

/**
 * pp_prediction_get_workload:
 * @self: a #PpPrediction
 *
 * Returns: (transfer none): the workload predicted
 */
PpWorkload *
pp_prediction_get_workload (PpPrediction *self)
{
  g_return_val_if_fail (PP_IS_PREDICTION (self), NULL);

  return self->workload;
}

/**
 * pp_prediction_set_bottleneck:
 * @self: a #PpPrediction
 * @bottleneck: what bounds the call
 *
 * Says what bounds the time of the call.
 */
void
pp_prediction_set_bottleneck (PpPrediction *self,
                         PpBottleneck  bottleneck)
{
  g_return_if_fail (PP_IS_PREDICTION (self));
  g_return_if_fail ((guint)bottleneck < PP_N_BOTTLENECKS);

  self->bottleneck = bottleneck;
}

/**
 * pp_prediction_get_bottleneck:
 * @self: a #PpPrediction
 *
 * Returns: what bounds the time of the call, or %PP_BOTTLENECK_UNKNOWN when
 *   the predictor did not say
 */
PpBottleneck
pp_prediction_get_bottleneck (PpPrediction *self)
{
  g_return_val_if_fail (PP_IS_PREDICTION (self), PP_BOTTLENECK_UNKNOWN);

  return self->bottleneck;
}

/**
 * pp_prediction_set_evidence:
 * @self: a #PpPrediction
 * @target: which quantity
 * @evidence: what its value stands on
 *
 * For predictors, before handing the prediction out.
 */
void
pp_prediction_set_evidence (PpPrediction *self,
                            PpTarget      target,
                            PpEvidence    evidence)
{
  g_return_if_fail (PP_IS_PREDICTION (self));
  g_return_if_fail ((guint)target < PP_N_TARGETS);
  g_return_if_fail ((guint)evidence < PP_N_EVIDENCES);

  self->targets[target].evidence = evidence;
}

/**
 * pp_prediction_get_evidence:
 * @self: a #PpPrediction
 * @target: which quantity
 *
 * What the value of @target stands on: the workload measured itself,
 * its configuration at other batch sizes, lengths or devices, its
 * family, or the device's fit alone. Throughput stands on what latency
 * does.
 *
 * Returns: what the value stands on
 */
PpEvidence
pp_prediction_get_evidence (PpPrediction *self,
                            PpTarget      target)
{
  g_return_val_if_fail (PP_IS_PREDICTION (self), PP_EVIDENCE_UNKNOWN);
  g_return_val_if_fail ((guint)target < PP_N_TARGETS, PP_EVIDENCE_UNKNOWN);

  return self->targets[target].evidence;
}

/**
 * pp_prediction_set_roofline:
 * @self: a #PpPrediction
 * @estimate: the analytic estimate the prediction started from
 *
 * Keeps the roofline estimate, so that users can see what the
 * architecture alone says.
 */
void
pp_prediction_set_roofline (PpPrediction             *self,
                            const PpRooflineEstimate *estimate)
{
  g_return_if_fail (PP_IS_PREDICTION (self));
  g_return_if_fail (estimate != NULL);

  self->roofline = *estimate;
  self->has_roofline = TRUE;
}

/**
 * pp_prediction_get_roofline:
 * @self: a #PpPrediction
 *
 * Returns: (transfer none) (nullable): the analytic estimate, if any
 */
const PpRooflineEstimate *
pp_prediction_get_roofline (PpPrediction *self)
{
  g_return_val_if_fail (PP_IS_PREDICTION (self), NULL);

  return self->has_roofline ? &self->roofline : NULL;
}

/**
 * pp_prediction_add_note:
 * @self: a #PpPrediction
 * @note: a sentence, translated
 *
 * Adds what the reader of the prediction should know about how it was
 * made: an input it was not made at, a figure another stood in for.
 */
void
pp_prediction_add_note (PpPrediction *self,
                        const char   *note)
{
  guint n;

  g_return_if_fail (PP_IS_PREDICTION (self));
  g_return_if_fail (note != NULL);

  n = self->notes ? g_strv_length (self->notes) : 0;
  self->notes = g_renew (char *, self->notes, n + 2);
  self->notes[n] = g_strdup (note);
  self->notes[n + 1] = NULL;
}

/**
 * pp_prediction_get_notes:
 * @self: a #PpPrediction
 *
 * Gets what the reader of the prediction should know about how it was
 * made (see [method@Pp.Prediction.add_note]): the predictor fitted to
 * measurements notes an input size or thread count it did not predict
 * at, a framework no measurement ran, a precision whose peak the
 * catalog lacks, and a device whose figures another's stand in for.
 *
 * Returns: (transfer none) (array zero-terminated=1): the notes, in
 *   the order they were added, empty when there are none; valid until
 *   the next note is added
 */
const char * const *
pp_prediction_get_notes (PpPrediction *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (PP_IS_PREDICTION (self), none);

  return self->notes ? (const char * const *)self->notes : none;
}
