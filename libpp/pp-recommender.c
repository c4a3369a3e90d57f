/* pp-recommender.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-recommender.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pp-enums.h"
#include "pp-error.h"
#include "pp-roofline.h"

/**
 * PpRecommender:
 *
 * Ranks devices for a workload: each is predicted with a
 * [iface@Pp.Predictor], kept or ruled out by the constraints (the
 * interval's upper end of memory must fit in the device; the predicted
 * latency must meet the SLO, if one is set), and ordered by the
 * objective. Every device comes back with a one-line reason.
 *
 * A device known only from its datasheet and a fit can rank first on
 * its estimate, with a much wider interval than a measured device's.
 * Ranked cautiously ([method@Pp.Recommender.set_cautious]), each device
 * counts for the unfavourable end of its 90% intervals, and the latency
 * SLO holds against the upper end of latency's, so the width counts
 * against it.
 */

struct _PpRecommendation
{
  GObject parent_instance;

  /* Owned */
  PpHardwareSpec *hardware;
  PpPrediction *prediction;
  char *reason;

  double score;
  guint feasible : 1;
};

struct _PpRecommender
{
  GObject parent_instance;

  /* Owned */
  PpPredictor *predictor;
  PpCatalog *catalog;

  double max_latency_ms;
  PpObjective objective;
  guint cautious : 1;
};

G_DEFINE_FINAL_TYPE (PpRecommendation, pp_recommendation, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (PpRecommender, pp_recommender, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PREDICTOR,
  PROP_CATALOG,
  PROP_OBJECTIVE,
  PROP_MAX_LATENCY_MS,
  PROP_CAUTIOUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *objective_names[] = { "throughput", "latency", "memory", "efficiency" };

/**
 * pp_objective_from_string:
 * @text: "throughput", "latency", "memory" or "efficiency"
 * @objective: (out): the objective
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @text names an objective
 */
gboolean
pp_objective_from_string (const char   *text,
                          PpObjective  *objective,
                          GError      **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (objective != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (objective_names); i++)
    {
      if (g_ascii_strcasecmp (text, objective_names[i]) == 0)
        {
          *objective = (PpObjective)i;
          return TRUE;
        }
    }

  g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
               _("Unknown objective “%s” (expected throughput, latency, memory or efficiency)"), text);
  return FALSE;
}

/**
 * pp_objective_to_string:
 * @objective: a #PpObjective
 *
 * Returns: the objective's name
 */
const char *
pp_objective_to_string (PpObjective objective)
{
  g_return_val_if_fail ((guint)objective < G_N_ELEMENTS (objective_names), NULL);

  return objective_names[objective];
}

static void
pp_recommendation_finalize (GObject *object)
{
  PpRecommendation *self = (PpRecommendation *)object;

  g_clear_object (&self->hardware);
  g_clear_object (&self->prediction);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (pp_recommendation_parent_class)->finalize (object);
}

static void
pp_recommendation_class_init (PpRecommendationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pp_recommendation_finalize;
}

static void
pp_recommendation_init (PpRecommendation *self)
{
}

/**
 * pp_recommendation_get_hardware:
 * @self: a #PpRecommendation
 *
 * Returns: (transfer none): the device
 */
PpHardwareSpec *
pp_recommendation_get_hardware (PpRecommendation *self)
{
  g_return_val_if_fail (PP_IS_RECOMMENDATION (self), NULL);

  return self->hardware;
}

/**
 * pp_recommendation_get_prediction:
 * @self: a #PpRecommendation
 *
 * Returns: (transfer none): the workload's prediction on the device
 */
PpPrediction *
pp_recommendation_get_prediction (PpRecommendation *self)
{
  g_return_val_if_fail (PP_IS_RECOMMENDATION (self), NULL);

  return self->prediction;
}

/**
 * pp_recommendation_get_score:
 * @self: a #PpRecommendation
 *
 * Returns: the objective's value, higher is better (items/s, minus the
 *   latency in ms, free fraction of memory, or items/s per watt), at
 *   the unfavourable end of its interval when ranking cautiously
 */
double
pp_recommendation_get_score (PpRecommendation *self)
{
  g_return_val_if_fail (PP_IS_RECOMMENDATION (self), NAN);

  return self->score;
}

/**
 * pp_recommendation_get_feasible:
 * @self: a #PpRecommendation
 *
 * Whether the device meets every constraint: it fits the workload, by
 * the upper end of the memory's interval (or its memory is unknown), and
 * meets the latency limit. A feasible device whose score is NaN (its TDP
 * or memory is unknown and the objective needs it) still is one.
 *
 * Returns: %TRUE if the device meets every constraint
 */
gboolean
pp_recommendation_get_feasible (PpRecommendation *self)
{
  g_return_val_if_fail (PP_IS_RECOMMENDATION (self), FALSE);

  return self->feasible;
}

/**
 * pp_recommendation_get_reason:
 * @self: a #PpRecommendation
 *
 * Returns: one line saying why the device ranks where it does
 */
const char *
pp_recommendation_get_reason (PpRecommendation *self)
{
  g_return_val_if_fail (PP_IS_RECOMMENDATION (self), NULL);

  return self->reason;
}

static void
pp_recommender_finalize (GObject *object)
{
  PpRecommender *self = (PpRecommender *)object;

  g_clear_object (&self->predictor);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (pp_recommender_parent_class)->finalize (object);
}

static void
pp_recommender_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PpRecommender *self = PP_RECOMMENDER (object);

  switch (prop_id)
    {
    case PROP_PREDICTOR:
      g_value_set_object (value, pp_recommender_get_predictor (self));
      break;

    case PROP_CATALOG:
      g_value_set_object (value, pp_recommender_get_catalog (self));
      break;

    case PROP_OBJECTIVE:
      g_value_set_enum (value, pp_recommender_get_objective (self));
      break;

    case PROP_MAX_LATENCY_MS:
      g_value_set_double (value, pp_recommender_get_max_latency_ms (self));
      break;

    case PROP_CAUTIOUS:
      g_value_set_boolean (value, pp_recommender_get_cautious (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_recommender_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PpRecommender *self = PP_RECOMMENDER (object);

  switch (prop_id)
    {
    case PROP_PREDICTOR:
      self->predictor = g_value_dup_object (value);
      break;

    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    case PROP_OBJECTIVE:
      pp_recommender_set_objective (self, g_value_get_enum (value));
      break;

    case PROP_MAX_LATENCY_MS:
      pp_recommender_set_max_latency_ms (self, g_value_get_double (value));
      break;

    case PROP_CAUTIOUS:
      pp_recommender_set_cautious (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_recommender_class_init (PpRecommenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pp_recommender_finalize;
  object_class->get_property = pp_recommender_get_property;
  object_class->set_property = pp_recommender_set_property;

  /**
   * PpRecommender:predictor:
   *
   * The predictor devices are ranked with.
   */
  properties[PROP_PREDICTOR] =
    g_param_spec_object ("predictor", NULL, NULL, PP_TYPE_PREDICTOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PpRecommender:catalog:
   *
   * The devices to choose from when none are given.
   */
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, PP_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * PpRecommender:objective:
   *
   * What devices are ranked by.
   */
  properties[PROP_OBJECTIVE] =
    g_param_spec_enum ("objective", NULL, NULL, PP_TYPE_OBJECTIVE, PP_OBJECTIVE_THROUGHPUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PpRecommender:max-latency-ms:
   *
   * The latency SLO in ms, or 0 for none.
   */
  properties[PROP_MAX_LATENCY_MS] =
    g_param_spec_double ("max-latency-ms", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PpRecommender:cautious:
   *
   * Whether devices rank by the unfavourable end of each interval (see
   * [method@Pp.Recommender.set_cautious]).
   */
  properties[PROP_CAUTIOUS] =
    g_param_spec_boolean ("cautious", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pp_recommender_init (PpRecommender *self)
{
  self->max_latency_ms = INFINITY;
}

/**
 * pp_recommender_new:
 * @predictor: the predictor to rank with
 * @catalog: the devices to choose from when none are given
 *
 * Returns: (transfer full): a new #PpRecommender
 */
PpRecommender *
pp_recommender_new (PpPredictor *predictor,
                    PpCatalog   *catalog)
{
  g_return_val_if_fail (PP_IS_PREDICTOR (predictor), NULL);
  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);

  return g_object_new (PP_TYPE_RECOMMENDER,
                       "predictor", predictor,
                       "catalog", catalog,
                       NULL);
}

/**
 * pp_recommender_get_predictor:
 * @self: a #PpRecommender
 *
 * Returns: (transfer none): the predictor devices are ranked with
 */
PpPredictor *
pp_recommender_get_predictor (PpRecommender *self)
{
  g_return_val_if_fail (PP_IS_RECOMMENDER (self), NULL);

  return self->predictor;
}

/**
 * pp_recommender_get_catalog:
 * @self: a #PpRecommender
 *
 * Returns: (transfer none): the catalog devices are chosen from
 */
PpCatalog *
pp_recommender_get_catalog (PpRecommender *self)
{
  g_return_val_if_fail (PP_IS_RECOMMENDER (self), NULL);

  return self->catalog;
}

/**
 * pp_recommender_get_objective:
 * @self: a #PpRecommender
 *
 * Returns: what devices are ranked by
 */
PpObjective
pp_recommender_get_objective (PpRecommender *self)
{
  g_return_val_if_fail (PP_IS_RECOMMENDER (self), PP_OBJECTIVE_THROUGHPUT);

  return self->objective;
}

/**
 * pp_recommender_get_max_latency_ms:
 * @self: a #PpRecommender
 *
 * Returns: the latency SLO in ms, or 0 for none
 */
double
pp_recommender_get_max_latency_ms (PpRecommender *self)
{
  g_return_val_if_fail (PP_IS_RECOMMENDER (self), 0);

  return isinf (self->max_latency_ms) ? 0 : self->max_latency_ms;
}

/**
 * pp_recommender_get_cautious:
 * @self: a #PpRecommender
 *
 * Returns: whether devices rank by the unfavourable end of each interval
 */
gboolean
pp_recommender_get_cautious (PpRecommender *self)
{
  g_return_val_if_fail (PP_IS_RECOMMENDER (self), FALSE);

  return self->cautious;
}

/**
 * pp_recommender_set_objective:
 * @self: a #PpRecommender
 * @objective: what to optimise
 *
 * Sets the objective (throughput by default).
 */
void
pp_recommender_set_objective (PpRecommender *self,
                              PpObjective    objective)
{
  g_return_if_fail (PP_IS_RECOMMENDER (self));
  g_return_if_fail ((guint)objective < G_N_ELEMENTS (objective_names));

  if (self->objective == objective)
    return;

  self->objective = objective;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBJECTIVE]);
}

/**
 * pp_recommender_set_max_latency_ms:
 * @self: a #PpRecommender
 * @max_latency_ms: the latency SLO in ms, or 0 for none
 *
 * Rules out devices whose predicted latency exceeds the SLO (the upper
 * end of its 90% interval when ranking cautiously, see
 * [method@Pp.Recommender.set_cautious]).
 */
void
pp_recommender_set_max_latency_ms (PpRecommender *self,
                                   double         max_latency_ms)
{
  double limit = max_latency_ms > 0 ? max_latency_ms : INFINITY;

  g_return_if_fail (PP_IS_RECOMMENDER (self));

  if (self->max_latency_ms == limit)
    return;

  self->max_latency_ms = limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_LATENCY_MS]);
}

/**
 * pp_recommender_set_cautious:
 * @self: a #PpRecommender
 * @cautious: whether to rank by the unfavourable end of each interval
 *
 * Ranks each device by the unfavourable end of its 90% interval instead
 * of its estimate: the upper end of latency and memory, the lower end
 * of throughput (and so of throughput per watt); and holds the latency
 * SLO against the upper end of latency. A value without an interval
 * counts for its estimate. Off by default.
 */
void
pp_recommender_set_cautious (PpRecommender *self,
                             gboolean       cautious)
{
  g_return_if_fail (PP_IS_RECOMMENDER (self));

  cautious = !!cautious;
  if (self->cautious == cautious)
    return;

  self->cautious = cautious;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAUTIOUS]);
}

/* @target's value as the recommender counts it: the estimate, or,
 * ranking cautiously, the end of its interval that is worse for a
 * device (the upper end where @higher_is_worse). */
static double
counted_value (PpRecommender *self,
               PpPrediction  *p,
               PpTarget       target,
               gboolean       higher_is_worse)
{
  double lower, upper, value = pp_prediction_get_value (p, target, &lower, &upper);
  double end = higher_is_worse ? upper : lower;

  return self->cautious && !isnan (end) ? end : value;
}

static double
objective_score (PpRecommender  *self,
                 PpPrediction   *p,
                 PpHardwareSpec *hw,
                 double          memory_gib)
{
  double tdp = pp_hardware_spec_get_tdp_watts (hw);

  switch (self->objective)
    {
    case PP_OBJECTIVE_LATENCY:
      return -counted_value (self, p, PP_TARGET_LATENCY, TRUE);
    case PP_OBJECTIVE_MEMORY:
      return 1 - counted_value (self, p, PP_TARGET_MEMORY, TRUE) / 1024 / memory_gib;
    case PP_OBJECTIVE_EFFICIENCY:
      return counted_value (self, p, PP_TARGET_THROUGHPUT, FALSE) / tdp;
    case PP_OBJECTIVE_THROUGHPUT:
    default:
      return counted_value (self, p, PP_TARGET_THROUGHPUT, FALSE);
    }
}

/* Devices bound by fixed costs rank by their hosts and software more
 * than by their chips; the reason says so. */
static const char *
bottleneck_note (PpBottleneck bottleneck)
{
  switch (bottleneck)
    {
    case PP_BOTTLENECK_COMPUTE:
      return _("; bound by compute");
    case PP_BOTTLENECK_BANDWIDTH:
      return _("; bound by memory bandwidth");
    case PP_BOTTLENECK_FIXED_COSTS:
      return _("; bound by fixed costs");
    case PP_BOTTLENECK_UNKNOWN:
    default:
      return "";
    }
}

static gboolean
is_weak (PpEvidence evidence)
{
  return evidence == PP_EVIDENCE_DEVICE_FIT || evidence == PP_EVIDENCE_ROOFLINE;
}

/* A ranking mixes devices measured running the model with devices
 * known only by their datasheet and a fit (their own, or their kind's);
 * the reason says which, of the latency or else of the memory. */
static const char *
evidence_note (PpPrediction *p)
{
  PpEvidence latency = pp_prediction_get_evidence (p, PP_TARGET_LATENCY);
  PpEvidence memory = pp_prediction_get_evidence (p, PP_TARGET_MEMORY);

  if (is_weak (latency))
    return latency == PP_EVIDENCE_ROOFLINE ? _("; from the roofline alone") : _("; from the device fit alone");
  if (is_weak (memory))
    return memory == PP_EVIDENCE_ROOFLINE ? _("; memory from the roofline alone")
                                          : _("; memory from the device fit alone");
  return "";
}

/* A latency in ms, or in seconds, hours or days once it is long enough
 * that nobody counts it in ms. */
static char *
format_latency (double ms)
{
  g_autofree char *number = NULL;
  double hours = ms / 3.6e6;

  if (!(ms >= 1e4))
    return g_strdup_printf ("%.2f ms", ms);
  if (hours < 1)
    {
      number = pp_format_value (ms / 1e3);
      /* translators: a latency in seconds; %s is a number such as “12.5” */
      return g_strdup_printf (C_("latency", "%s s"), number);
    }
  if (hours < 48)
    {
      number = pp_format_value (hours);
      /* translators: a latency in hours; %s is a number such as “12.5” */
      return g_strdup_printf (C_("latency", "%s h"), number);
    }
  number = pp_format_value (hours / 24);
  /* translators: a latency in days, at least 2; %s is a number such as
   * “57.6”, and the form is chosen by the whole part of the unrounded
   * number (101.7 days, shown as “102”, takes the form for 101) */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s day", "%s days", (gulong)(hours / 24)),
                          number);
}

/* When the workload names no software, a predictor may predict devices
 * for different software (each for what it ran the model with:
 * FasterTransformer on one, eager PyTorch on another); the reason says
 * which, since that can matter more than the chip. */
static char *
describe (PpRecommender  *self,
          PpWorkload     *workload,
          PpPrediction   *p,
          PpHardwareSpec *hw,
          double          memory_gib,
          double          memory_upper_gib,
          gboolean        fits,
          gboolean        meets_slo)
{
  double lo, hi, tput = pp_prediction_get_value (p, PP_TARGET_THROUGHPUT, &lo, &hi);
  double latency_upper, latency = pp_prediction_get_value (p, PP_TARGET_LATENCY, NULL, &latency_upper);
  double tdp = pp_hardware_spec_get_tdp_watts (hw);
  g_autofree char *power = isnan (tdp) ? g_strdup (_("TDP unknown")) : g_strdup_printf ("%.0f W", tdp);
  g_autofree char *memory = NULL;
  g_autofree char *software = NULL;
  g_autofree char *latency_text = NULL;
  g_autofree char *upper_text = NULL;
  g_autofree char *tput_text = NULL;
  g_autofree char *lo_text = NULL;
  g_autofree char *hi_text = NULL;
  const char *framework = pp_workload_get_framework (pp_prediction_get_workload (p));

  if (pp_workload_get_framework (workload) == NULL && framework != NULL)
    /* translators: appended to a device's reason; %s is a framework as in the
     * measurements' framework column, such as "pytorch-2.11+transformers-5.17" */
    software = g_strdup_printf (_("; as run with %s"), framework);

  if (isnan (memory_gib))
    memory = g_strdup_printf (_("needs %.1f GiB, device memory unknown"), memory_upper_gib);
  else if (fits)
    memory = g_strdup_printf (_("fits: %.1f of %.0f GiB"), memory_upper_gib, memory_gib);
  else
    return g_strdup_printf (_("does not fit: needs up to %.1f GiB, has %.0f GiB"),
                            memory_upper_gib, memory_gib);

  latency_text = format_latency (latency);
  upper_text = format_latency (latency_upper);

  if (!meets_slo && self->cautious && !isnan (latency_upper))
    /* translators: the limit, the latency predicted and the upper end of
     * its 90% interval, which ranking cautiously holds against the limit;
     * the last two are latencies such as “12.50 ms” or “3.5 h” */
    return g_strdup_printf (_("misses the %.1f ms latency limit: %s predicted, up to %s "
                              "(90%% interval)"),
                            self->max_latency_ms, latency_text, upper_text);
  if (!meets_slo)
    /* translators: the limit, then the latency predicted, such as
     * “12.50 ms” or “3.5 h” */
    return g_strdup_printf (_("misses the %.1f ms latency limit: %s predicted"),
                            self->max_latency_ms, latency_text);

  /* Ranked cautiously by latency, the row shows what it ranks by. */
  if (self->cautious && self->objective == PP_OBJECTIVE_LATENCY && !isnan (latency_upper))
    {
      char *both;

      /* translators: the latency predicted and the upper end of its 90%
       * interval, such as “12.50 ms” or “3.5 h” */
      both = g_strdup_printf (_("%s, up to %s"), latency_text, upper_text);
      g_free (latency_text);
      latency_text = both;
    }

  tput_text = pp_format_value (tput);
  lo_text = pp_format_value (lo);
  hi_text = pp_format_value (hi);
  /* translators: throughput, its interval and the latency (such as
   * “12.50 ms”); then whether the device fits the model, its power, and
   * four notes that each start with “; ” or are empty (what bounds the
   * call, the software, how far the workload is from measured data, what
   * the estimate stands on) */
  return g_strdup_printf (_("%s items/s (90%%: %s–%s), %s; %s; %s%s%s%s%s"),
                          tput_text, lo_text, hi_text, latency_text, memory, power,
                          bottleneck_note (pp_prediction_get_bottleneck (p)),
                          software ? software : "",
                          pp_prediction_get_out_of_distribution (p) ? _("; far from measured data") : "",
                          evidence_note (p));
}

static PpRecommendation *
recommend_one (PpRecommender   *self,
               PpWorkload      *workload,
               PpHardwareSpec  *hw,
               GError         **error)
{
  g_autoptr(PpWorkload) w = pp_workload_copy (workload);
  g_autoptr(PpPrediction) p = NULL;
  PpRecommendation *rec;
  double upper, memory_gib, memory_upper_gib;
  gboolean fits, meets_slo;

  pp_workload_set_hardware (w, hw);
  if (!(p = pp_predictor_predict (self->predictor, w, error)))
    return NULL;

  pp_prediction_get_value (p, PP_TARGET_MEMORY, NULL, &upper);
  if (isnan (upper))
    upper = pp_prediction_get_memory_mb (p);
  memory_gib = pp_hardware_spec_get_memory_bytes (hw) / (1024.0 * 1024 * 1024);
  memory_upper_gib = upper / 1024;
  fits = isnan (memory_gib) || memory_upper_gib <= memory_gib;
  meets_slo = isinf (self->max_latency_ms) ||
              counted_value (self, p, PP_TARGET_LATENCY, TRUE) <= self->max_latency_ms;

  rec = g_object_new (PP_TYPE_RECOMMENDATION, NULL);
  rec->hardware = g_object_ref (hw);
  rec->prediction = g_steal_pointer (&p);
  rec->score = objective_score (self, rec->prediction, hw, memory_gib);
  /* A device without what the objective needs (a TDP, a memory size)
   * has no score but meets the constraints: it ranks after the scored. */
  rec->feasible = fits && meets_slo;
  rec->reason = describe (self, workload, rec->prediction, hw, memory_gib, memory_upper_gib,
                          fits, meets_slo);

  return rec;
}

static int
compare_recommendations (gconstpointer a,
                         gconstpointer b)
{
  PpRecommendation *x = *(PpRecommendation * const *)a;
  PpRecommendation *y = *(PpRecommendation * const *)b;
  double sx = isnan (x->score) ? -INFINITY : x->score;
  double sy = isnan (y->score) ? -INFINITY : y->score;

  if (x->feasible != y->feasible)
    return x->feasible ? -1 : 1;
  if (sx != sy)
    return sx > sy ? -1 : 1;

  /* Ties go by id so that the order is always the same. */
  return g_strcmp0 (pp_hardware_spec_get_id (x->hardware), pp_hardware_spec_get_id (y->hardware));
}

/* Catalog devices a workload can run on as the catalog describes them:
 * GPUs, CPUs and NPUs with datasheet figures. */
static gboolean
is_candidate (PpHardwareSpec *hw,
              PpWorkload     *workload)
{
  return pp_hardware_spec_get_kind (hw) != PP_HARDWARE_KIND_BROWSER &&
         !isnan (pp_roofline_peak_flops (hw, pp_workload_get_precision (workload), 0)) &&
         !isnan (pp_hardware_spec_get_memory_bandwidth (hw));
}

/**
 * pp_recommender_rank:
 * @self: a #PpRecommender
 * @workload: the workload; its device is ignored
 * @devices: (nullable): a #GListModel of #PpHardwareSpec to choose from,
 *   or %NULL for every catalog device with datasheet peaks
 * @error: return location for a #GError
 *
 * Predicts @workload on each device and ranks them: feasible devices by
 * the objective, best first (those it cannot score, such as a device of
 * unknown TDP by efficiency, after them), then the others. A device listed twice in
 * @devices is ranked once; one listed that has no datasheet peak for the
 * workload's precision, or no memory bandwidth, or that is a browser
 * backend, cannot be ranked, and is an error.
 *
 * Returns: (transfer full): a #GListModel of #PpRecommendation
 */
GListModel *
pp_recommender_rank (PpRecommender  *self,
                     PpWorkload     *workload,
                     GListModel     *devices,
                     GError        **error)
{
  g_autoptr(GPtrArray) recs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean listed = devices != NULL;
  GListStore *store;
  guint n;

  g_return_val_if_fail (PP_IS_RECOMMENDER (self), NULL);
  g_return_val_if_fail (workload != NULL, NULL);
  /* Made with g_object_new() and no predictor or catalog. */
  g_return_val_if_fail (self->predictor != NULL, NULL);
  g_return_val_if_fail (devices != NULL || self->catalog != NULL, NULL);

  if (devices == NULL)
    devices = pp_catalog_get_hardware (self->catalog);

  n = g_list_model_get_n_items (devices);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpHardwareSpec) hw = g_list_model_get_item (devices, i);
      PpRecommendation *rec;

      if (!g_hash_table_add (seen, (gpointer)pp_hardware_spec_get_id (hw)))
        continue;
      if (!is_candidate (hw, workload))
        {
          if (!listed)
            continue;
          if (pp_hardware_spec_get_kind (hw) == PP_HARDWARE_KIND_BROWSER)
            g_set_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED,
                         _("“%s” is a browser backend, which has no datasheet to rank it by; leave it out"),
                         pp_hardware_spec_get_id (hw));
          else
            g_set_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED,
                         _("“%s” has no peak FLOP/s for %s or no memory bandwidth in the catalog, so it "
                           "cannot be ranked; leave it out"),
                         pp_hardware_spec_get_id (hw),
                         pp_precision_to_string (pp_workload_get_precision (workload)));
          return NULL;
        }
      if (!(rec = recommend_one (self, workload, hw, error)))
        return NULL;
      g_ptr_array_add (recs, rec);
    }

  g_ptr_array_sort (recs, compare_recommendations);
  store = g_list_store_new (PP_TYPE_RECOMMENDATION);
  g_list_store_splice (store, 0, 0, recs->pdata, recs->len);

  return G_LIST_MODEL (store);
}
