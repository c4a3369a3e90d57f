/* pp-fitted-predictor.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-fitted-predictor.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "pp-catalog-private.h"
#include "pp-error.h"
#include "pp-fitted-predictor-private.h"
#include "pp-json-private.h"
#include "pp-measurement-store-private.h"
#include "pp-prediction-private.h"
#include "pp-roofline-private.h"
#include "pp-util-private.h"

/**
 * PpFittedPredictor:
 *
 * Perfcast's predictor: the roofline, corrected by what measurements
 * teach, with intervals that hold what they promise.
 *
 * Every prediction starts from [func@Pp.roofline_estimate], read
 * through the nearest evidence: the same configuration measured at
 * other batch sizes (a line through the two nearest), the same model on
 * other devices, the family's other models on this device, or else the
 * device-level fits. Latency's are fixed per-call and per-layer costs
 * and an efficiency on the roofline time, per device and framework
 * (falling back to all devices of the kind running the same framework,
 * then to all of the kind); memory's are the
 * roofline's weights and cache, a constant the runtime holds and a
 * scale on the counted activations, per device. Gradient-boosted trees
 * (XGBoost) learn the logarithm of measured / analytic from features of
 * the workload, the model and the device, and correct a prediction by
 * the share of their correction that brought held-out calibration rows
 * closest, capped so that no kind of held-out row ends further off than
 * without them. The analytic part carries extrapolation — bigger
 * models, batches and sequences than were measured — while the trees
 * learn what the roofline misses.
 *
 * Intervals are split-conformal over out-of-fold residuals, with folds
 * holding out whole models, devices, batch sizes and single rows, so
 * that they are calibrated on the situations predictions meet.
 * Residuals are normalised by a width that grows with the distance from
 * the workload to the nearest measured one, so intervals are wider
 * where data is sparse; a workload farther than 95% of the calibration
 * rows is flagged out of distribution. The confidence of a
 * quantity is the calibrated probability that the measurement falls
 * within ±25% of the prediction.
 *
 * A workload that names no framework is predicted for the software its
 * device ran its model with, else the software its model (then its
 * family) ran with on devices of the same backend, so that devices
 * compare running the same software, else its device's most measured.
 *
 * Fitting is deterministic (rows sorted first, exact splits, one thread,
 * fixed folds), so the same data in any order gives the same predictor,
 * and the same input always the same prediction. A fitted predictor is
 * immutable and can predict from any thread.
 */

struct _PpFittedPredictor
{
  GObject parent_instance;

  /* Owned */
  Model *model;
  char *fitted_at;
  char *data_stamp;
  char *basis;
};

static void predictor_iface_init (PpPredictorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PpFittedPredictor, pp_fitted_predictor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PP_TYPE_PREDICTOR, predictor_iface_init))

static void
pp_fitted_predictor_finalize (GObject *object)
{
  PpFittedPredictor *self = (PpFittedPredictor *)object;

  g_clear_pointer (&self->model, _pp_model_free);
  g_clear_pointer (&self->fitted_at, g_free);
  g_clear_pointer (&self->data_stamp, g_free);
  g_clear_pointer (&self->basis, g_free);

  G_OBJECT_CLASS (pp_fitted_predictor_parent_class)->finalize (object);
}

static void
pp_fitted_predictor_class_init (PpFittedPredictorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pp_fitted_predictor_finalize;
}

static void
pp_fitted_predictor_init (PpFittedPredictor *self)
{
}

static PpFittedPredictor *
predictor_new (Model      *model,
               const char *fitted_at)
{
  PpFittedPredictor *self = g_object_new (PP_TYPE_FITTED_PREDICTOR, NULL);
  g_autoptr(GDateTime) now = NULL;

  self->model = model;
  if (fitted_at != NULL)
    self->fitted_at = g_strdup (fitted_at);
  else
    {
      now = g_date_time_new_now_utc ();
      self->fitted_at = g_date_time_format_iso8601 (now);
    }

  return self;
}

/* The machine Perfcast runs on is detected at every start, and its
 * peaks follow the clock /proc/cpuinfo reads at that moment: it is
 * left out of the digest, and so are the browser backends that run on
 * it, or a laptop would refit at every call. */
static gboolean
is_detected (PpHardwareSpec *device)
{
  PpHardwareSpec *host = pp_hardware_spec_get_host (device);

  return g_str_equal (pp_hardware_spec_get_id (device), "local") ||
         (host != NULL && g_str_equal (pp_hardware_spec_get_id (host), "local"));
}

static void
checksum_object (GChecksum     *checksum,
                 JsonGenerator *generator,
                 JsonObject    *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  if (object == NULL)
    return;

  json_node_set_object (node, object);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_checksum_update (checksum, (const guchar *)text, -1);
}

static void
checksum_estimate (GChecksum  *checksum,
                   PpWorkload *workload)
{
  PpRooflineEstimate e;
  double values[7];

  if (!pp_roofline_estimate (workload, &e, NULL))
    return;

  values[0] = e.flops;
  values[1] = e.bytes;
  values[2] = e.weight_bytes;
  values[3] = e.activation_bytes;
  values[4] = e.seconds;
  values[5] = e.kernels;
  values[6] = e.layers;

  /* Six digits, since the same arithmetic compiled for another CPU may
   * differ in the last bits of a double, and with a point whatever the
   * locale. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_checksum_update (checksum, (const guchar *)g_ascii_formatd (buf, sizeof buf, "%.6g", values[i]), -1);
      g_checksum_update (checksum, (const guchar *)" ", 1);
    }
}

/* What a fit stands on besides its measurements: the catalog's entries
 * and the roofline's arithmetic on them. Both change between versions
 * of Perfcast, and a predictor fitted on other counts would read this
 * version's features with trees that learned the old ones; so a saved
 * predictor keeps this digest, and loading compares it. The roofline is
 * probed on every model and device at half precision, batch 2 and the
 * model's defaults, and on a decode step of 1,024 tokens; what the
 * probes cannot see (other precisions, threads, software, the features
 * the trees are given, the estimates they correct, how intervals widen)
 * is covered by BASIS_REVISION. */
#define BASIS_REVISION "8"

static char *
basis_digest (PpCatalog *catalog)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  GListModel *models = pp_catalog_get_models (catalog);
  GListModel *devices = pp_catalog_get_hardware (catalog);
  guint n_models = g_list_model_get_n_items (models);
  guint n_devices = g_list_model_get_n_items (devices);

  /* Bump it when the features, the estimates the trees learn to
   * correct, or the roofline change in a way the probes below would not
   * show. 2: estimates between two measured batch sizes on an
   * accelerator. 3: estimates from other sequence lengths. */
  g_checksum_update (checksum, (const guchar *)"revision " BASIS_REVISION ";", -1);

  for (guint i = 0; i < n_models; i++)
    {
      g_autoptr(PpModelSpec) model = g_list_model_get_item (models, i);

      checksum_object (checksum, generator, _pp_model_spec_get_json (model));
    }

  for (guint j = 0; j < n_devices; j++)
    {
      g_autoptr(PpHardwareSpec) device = g_list_model_get_item (devices, j);

      if (!is_detected (device))
        checksum_object (checksum, generator, _pp_hardware_spec_get_json (device));
    }

  for (guint i = 0; i < n_models; i++)
    {
      g_autoptr(PpModelSpec) model = g_list_model_get_item (models, i);

      for (guint j = 0; j < n_devices; j++)
        {
          g_autoptr(PpHardwareSpec) device = g_list_model_get_item (devices, j);
          g_autoptr(PpWorkload) w = NULL;

          if (is_detected (device))
            continue;

          w = pp_workload_new (model, device, PP_PRECISION_FP16, 2);
          checksum_estimate (checksum, w);
          pp_workload_set_phase (w, PP_PHASE_DECODE);
          pp_workload_set_seq_len (w, 1024);
          checksum_estimate (checksum, w);
        }
    }

  return g_strdup (g_checksum_get_string (checksum));
}

typedef struct
{
  guint generation;
  char *digest;
} BasisCache;

static void
basis_cache_free (gpointer data)
{
  BasisCache *cache = data;

  g_free (cache->digest);
  g_free (cache);
}

static GQuark
basis_cache_quark (void)
{
  return g_quark_from_static_string ("pp-fitted-predictor-basis");
}

/* The catalog's digest, computed once for each state of the catalog
 * and kept on it. Computing it walks the catalog's lists and refs the
 * JSON of its entries, neither of which may happen on two threads at
 * once: call this on the thread that owns @catalog. */
static char *
dup_catalog_basis (PpCatalog *catalog)
{
  G_LOCK_DEFINE_STATIC (basis_cache);
  BasisCache *cache;
  char *digest;

  /* Locked all the same, so that a stray call from another thread cannot
   * free the cache another is copying. */
  G_LOCK (basis_cache);
  cache = g_object_get_qdata (G_OBJECT (catalog), basis_cache_quark ());
  if (cache == NULL || cache->generation != _pp_catalog_get_generation (catalog))
    {
      cache = g_new0 (BasisCache, 1);
      cache->generation = _pp_catalog_get_generation (catalog);
      cache->digest = basis_digest (catalog);
      g_object_set_qdata_full (G_OBJECT (catalog), basis_cache_quark (), cache, basis_cache_free);
    }
  digest = g_strdup (cache->digest);
  G_UNLOCK (basis_cache);

  return digest;
}

/* The fraction of calibration rows whose normalised score is at most
 * @limit. */
static double
fraction_within (const Conformal *conformal,
                 double           limit)
{
  guint lo = 0, hi = conformal->scores->len;

  if (hi == 0)
    return 0;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (conformal->scores, double, mid) <= limit)
        lo = mid + 1;
      else
        hi = mid;
    }

  return (double)lo / conformal->scores->len;
}

/* The chance that the prediction lands within ±25% of the measurement,
 * between 0.75 and 1.25 times it: a log error of at most log 1.25 =
 * 0.223 one way, but −log 0.75 = 0.288 the other. The scores are of
 * |log error|, which falls either way alike (the measurement was above
 * the prediction for 51% of held-out batch sizes' latencies), so each
 * bound counts for half. Counting log 1.25 both ways expected 80.6% of
 * held-out batch sizes within ±25% where 85.8% were, and 72.5% of the
 * public NVIDIA files' where 83.6% were. */
static double
confidence_within_25 (const Conformal *conformal,
                      double           sigma)
{
  return (fraction_within (conformal, log (1.25) / sigma) +
          fraction_within (conformal, -log (0.75) / sigma)) / 2;
}

static PpEvidence
evidence_of (const Query *query,
             HeadKind     kind,
             Basis        basis)
{
  switch (basis)
    {
    case BASIS_ANCHORS: return PP_EVIDENCE_OTHER_BATCH_SIZES;
    case BASIS_SEQUENCES: return PP_EVIDENCE_OTHER_LENGTHS;
    case BASIS_CROSSINGS: return PP_EVIDENCE_OTHER_DEVICES;
    case BASIS_SIBLINGS: return PP_EVIDENCE_FAMILY;
    case BASIS_DEVICE:
      return _pp_query_has_device_fit (query, kind) ? PP_EVIDENCE_DEVICE_FIT : PP_EVIDENCE_ROOFLINE;
    case N_BASES:
    default: return PP_EVIDENCE_UNKNOWN;
    }
}

/* @out gets the value, its interval's bounds and its confidence.
 * @reading is what the features and the other head worked out. */
static void
predict_head (PpFittedPredictor *self,
              HeadKind           kind,
              const Query       *query,
              const float       *features,
              Reading           *reading,
              double             distance,
              double             out[4],
              PpEvidence        *evidence,
              gboolean          *beyond)
{
  const Head *head = &self->model->heads[kind];
  const Conformal *conformal;
  Basis basis;
  double sigma, half, reach, measured;

  /* Every cell is fitted or pooled: without held-out rows, all are NaN. */
  if ((head->ensemble == NULL && head->unseen == NULL) ||
      isnan (head->conformal[BASIS_DEVICE][PP_HARDWARE_KIND_GPU].q90))
    {
      /* Nothing calibrated for this quantity: the analytic value, with
       * no interval to claim. */
      out[0] = _pp_model_base (query, kind, 0, &basis);
      out[1] = out[2] = NAN;
      out[3] = 0;
      *evidence = _pp_model_measured (query, kind, &measured) ? PP_EVIDENCE_MEASURED
                                                              : evidence_of (query, kind, basis);
      return;
    }

  /* A workload measured exactly so is predicted as measured: the trees
   * learned to correct estimates made without that measurement. Its
   * interval is that of the estimate it would have had unmeasured. */
  if (_pp_model_measured (query, kind, &out[0]))
    {
      basis = _pp_model_basis (self->model, kind, query, features, &reach);
      *evidence = PP_EVIDENCE_MEASURED;
    }
  else
    {
      out[0] = exp (_pp_model_predict_log (self->model, kind, query, features, reading, &basis,
                                           &reach));
      *evidence = evidence_of (query, kind, basis);
    }
  conformal = &head->conformal[basis][query->kind];
  /* Read off a measured batch size further than any held-out row was,
   * the interval's width is an extrapolation of the calibration's. */
  *beyond = reach > conformal->max_reach;
  sigma = _pp_conformal_sigma (conformal, distance, reach);
  half = conformal->q90 * sigma;
  out[1] = out[0] * exp (-half);
  out[2] = out[0] * exp (half);
  out[3] = confidence_within_25 (conformal, sigma);

  /* A call holds its weights and, decoding, its KV cache, whatever the
   * calibration says: none of the 288 bundled rows with a memory
   * measurement holds less (the closest, llama-7b's bf16 prompt at
   * batch 1, holds 1.0035 times as much). The interval starts there,
   * unless the estimate itself is below it (memory counted otherwise on
   * some device, or a fit's correction below 1), which the interval is
   * then left to say. */
  if (kind == HEAD_MEMORY)
    {
      double held = query->roofline->weight_bytes + query->roofline->kv_cache_bytes;

      if (held <= out[0])
        out[1] = MAX (out[1], held);
    }
  /* Nor does a call run much faster than its roofline: no fitted row
   * ran faster than the fastest ratio to it, which the lower end of
   * latency therefore never passes (the calibration's width, carried
   * far beyond the measured batch sizes, put Llama 2 7B's decode step
   * at batch 10^6 at 6.5 ms, for 113 s of memory traffic). */
  else
    {
      double floor = self->model->fastest_ratio * query->roofline->seconds;

      if (floor <= out[0])
        out[1] = MAX (out[1], floor);
    }
}

/* The values of @latency and @memory (see predict_head()) as a
 * prediction gives them. */
static void
fill_values (PpPredictionValues *values,
             const double        latency[4],
             const double        memory[4],
             guint               batch)
{
  const double ms = 1000, mib = 1024.0 * 1024.0;

  values->latency_ms = latency[0] * ms;
  values->latency_lower_ms = latency[1] * ms;
  values->latency_upper_ms = latency[2] * ms;
  values->latency_confidence = CLAMP (latency[3], 0.0, 1.0);

  /* Items per second of back-to-back calls: the interval inverts. */
  values->throughput = batch / latency[0];
  values->throughput_lower = batch / latency[2];
  values->throughput_upper = batch / latency[1];

  values->memory_mb = memory[0] / mib;
  values->memory_lower_mb = memory[1] / mib;
  values->memory_upper_mb = memory[2] / mib;
  values->memory_confidence = CLAMP (memory[3], 0.0, 1.0);
}

/* A copy of @workload as it runs, or NULL when it is that already: with
 * the software this device ran its model with, or the model with, its
 * family, or else the device, when it names none; at the input size its
 * model runs at whatever it is given (Whisper's 30 s); with no
 * thread count on a GPU, which does not share one out, and on a CPU or
 * browser backend given none, with all of its threads spelled out when
 * only measurements that spell them out apply. The
 * configuration and the trees then see the call that runs, not what was
 * asked for, which the roofline does not count either. */
static PpWorkload *
dup_as_run (PpFittedPredictor *self,
            PpWorkload        *workload)
{
  double fixed = _pp_roofline_fixed_input_size (pp_workload_get_model (workload));
  double input_size = pp_workload_get_input_size (workload);
  gboolean resize = !isnan (fixed) && input_size > 0 && input_size != fixed;
  gboolean unthread = pp_workload_get_threads (workload) > 0 &&
                      pp_hardware_spec_get_kind (pp_workload_get_hardware (workload)) == PP_HARDWARE_KIND_GPU;
  /* A CNN reads an image, not a sequence: a length would only make the
   * call look like a configuration nobody measured. Likewise a cache
   * precision where only a decode step reads the cache (the roofline
   * counts it nowhere else). */
  gboolean unsequence = pp_workload_get_seq_len (workload) > 0 &&
                        pp_model_spec_get_arch (pp_workload_get_model (workload)) == PP_MODEL_ARCH_CNN;
  gboolean uncache = pp_workload_get_phase (workload) != PP_PHASE_DECODE &&
                     pp_workload_get_kv_precision (workload) != pp_workload_get_precision (workload);
  /* On a CPU or in a browser, no thread count is all of them, which
   * measurements may have spelled out (perfcast-cli bench stores the
   * threads the page was given, the H200 host's rows 16 of 16). */
  PpHardwareSpec *hw = pp_workload_get_hardware (workload);
  guint all = pp_workload_get_threads (workload) == 0 && pp_hardware_spec_get_kind (hw) != PP_HARDWARE_KIND_GPU
            ? _pp_hardware_spec_get_threads (hw) : 0;
  const char *framework = NULL;
  PpWorkload *as_run;

  if (pp_workload_get_framework (workload) == NULL)
    framework = _pp_model_default_framework (self->model, workload);
  if (framework == NULL && !resize && !unthread && !unsequence && !uncache && all == 0)
    return NULL;

  as_run = pp_workload_copy (workload);
  if (framework != NULL)
    pp_workload_set_framework (as_run, framework);
  if (resize)
    pp_workload_set_input_size (as_run, fixed);
  if (unthread)
    pp_workload_set_threads (as_run, 0);
  if (unsequence)
    pp_workload_set_seq_len (as_run, 0);
  if (uncache)
    pp_workload_set_kv_precision (as_run, pp_workload_get_precision (workload));
  /* Spelled out, where only that spelling was measured, so that those
   * measurements apply. */
  if (all > 0 && !_pp_model_has_anchors (self->model, as_run))
    {
      pp_workload_set_threads (as_run, all);
      if (!_pp_model_has_anchors (self->model, as_run))
        pp_workload_set_threads (as_run, 0);
    }
  return as_run;
}

/* The prediction of @workload, which names its framework if it is to
 * have one, at the input size it runs at (see dup_as_run()). */
static gboolean
predict_values (PpFittedPredictor   *self,
                PpWorkload          *workload,
                PpPredictionValues  *values,
                GError             **error)
{
  const Head *latency_head;
  PpHardwareSpec *hw;
  const char *stand_in;
  Reading reading = { 0 };
  Query query;
  float features[N_FEATURES];
  double latency[4], memory[4];
  double distance;
  gboolean latency_beyond = FALSE, memory_beyond = FALSE;

  /* A device the catalog does not list has another's peaks standing
   * in (see pp_catalog_resolve_hardware()): what it does comes from its
   * own rows. Without any, the stand-in's peaks would pass for its own:
   * the public NVIDIA files' A100 and T4, so predicted from the other
   * GPUs, landed 18% and 22% within ±25% (53% and 59% with their
   * datasheets) with intervals as narrow as theirs. */
  hw = pp_workload_get_hardware (workload);
  if ((stand_in = pp_hardware_spec_get_stand_in (hw)) != NULL)
    {
      const char *fitted = _pp_model_stand_in_of (self->model, pp_hardware_spec_get_id (hw));

      if (fitted == NULL)
        {
          g_set_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED,
                       _("“%s” is not in the catalog and the fit saw no measurement of it: add it to the "
                         "catalog with its datasheet figures, or fit on some of its rows"),
                       pp_hardware_spec_get_id (hw));
          return FALSE;
        }
      /* Its level was fitted to another's figures: described otherwise
       * (another kind or backend), it would be read off the wrong line. */
      if (g_strcmp0 (fitted, stand_in) != 0)
        {
          g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                       _("“%s” was fitted with %s's figures standing in, not %s's: describe it as its "
                         "measurements do (their hardware kind and backend)"),
                       pp_hardware_spec_get_id (hw), fitted, stand_in);
          return FALSE;
        }
    }

  if (!pp_roofline_estimate (workload, &values->roofline, error))
    return FALSE;

  _pp_query_init (&query, self->model, workload, &values->roofline);
  latency_head = &self->model->heads[HEAD_LATENCY];
  if (!_pp_model_features (&query, 0, latency_head->anchored_share > 0 && latency_head->ensemble != NULL,
                           features, &reading))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED,
                   _("“%s” has no known peak FLOP/s for %s or no memory bandwidth in the catalog, "
                     "so there is no roofline to start from"),
                   pp_hardware_spec_get_id (pp_workload_get_hardware (workload)),
                   pp_precision_to_string (pp_workload_get_precision (workload)));
      return FALSE;
    }

  distance = _pp_query_distance (&query, features);
  predict_head (self, HEAD_LATENCY, &query, features, &reading, distance, latency,
                &values->latency_evidence, &latency_beyond);
  predict_head (self, HEAD_MEMORY, &query, features, &reading, distance, memory,
                &values->memory_evidence, &memory_beyond);

  fill_values (values, latency, memory, pp_workload_get_batch (workload));
  values->out_of_distribution = distance > self->model->d_ood || latency_beyond || memory_beyond;
  values->n_training = self->model->n_training;
  values->n_support = _pp_query_support (&query);
  values->bottleneck = _pp_model_bottleneck (&query, latency[0]);

  return TRUE;
}

/* Notes @p, the prediction of @asked as it runs, with what its reader
 * should know of how it was made (see pp_prediction_get_notes()). */
static void
add_notes (PpFittedPredictor *self,
           PpPrediction      *p,
           PpWorkload        *asked)
{
  PpWorkload *w = pp_prediction_get_workload (p);
  PpHardwareSpec *hw = pp_workload_get_hardware (w);
  PpPrecision precision = pp_workload_get_precision (w);
  PpPrecision peak_precision = _pp_roofline_peak_precision (hw, precision);
  const char *framework = pp_workload_get_framework (asked);
  const char *stand_in = pp_hardware_spec_get_stand_in (hw);

  if (stand_in != NULL)
    {
      /* Translators: the first %s is a device, the second another, in
       * the catalog, whose datasheet figures the roofline takes. */
      g_autofree char *note = g_strdup_printf (_("%s is not in the catalog: the roofline takes %s's peaks and "
                                                 "bandwidth"),
                                               pp_hardware_spec_get_id (hw), stand_in);
      pp_prediction_add_note (p, note);
    }
  if (_pp_roofline_counts_by_parameters (pp_workload_get_model (w)))
    {
      g_autofree char *note = g_strdup_printf (_("%s is counted at 2 FLOPs a parameter an item, as nothing finer "
                                                 "is known of it: a network that applies its weights across an "
                                                 "image, as a CNN does, runs many times more"),
                                               pp_model_spec_get_id (pp_workload_get_model (w)));
      pp_prediction_add_note (p, note);
    }
  if (peak_precision != precision)
    {
      /* Translators: a device, then two precisions such as “fp8”. */
      g_autofree char *note = g_strdup_printf (_("%s has no %s peak in the catalog: the roofline takes its %s "
                                                 "peak"),
                                               pp_hardware_spec_get_id (hw), pp_precision_to_string (precision),
                                               pp_precision_to_string (peak_precision));
      pp_prediction_add_note (p, note);
    }
  if (framework != NULL && !_pp_model_knows_framework (self->model, framework))
    {
      g_autofree char *note = g_strdup_printf (_("No measurement ran “%s”: predicted from measurements with "
                                                 "other software"),
                                               framework);
      pp_prediction_add_note (p, note);
    }
  if (pp_workload_get_input_size (asked) > 0 && pp_workload_get_input_size (asked) != pp_workload_get_input_size (w))
    {
      /* Translators: a model (Whisper), then seconds of audio. */
      g_autofree char *note = g_strdup_printf (_("%s pads or cuts its audio to %g s: predicted at that length, "
                                                 "not at %g s"),
                                               pp_model_spec_get_id (pp_workload_get_model (w)),
                                               pp_workload_get_input_size (w), pp_workload_get_input_size (asked));
      pp_prediction_add_note (p, note);
    }
  if (pp_workload_get_seq_len (asked) != pp_workload_get_seq_len (w))
    {
      /* Translators: a model (ResNet-50), then a number of tokens */
      g_autofree char *note = g_strdup_printf (_("%s reads an image, not a sequence: predicted without the length "
                                                 "of %u asked for"),
                                               pp_model_spec_get_id (pp_workload_get_model (w)),
                                               pp_workload_get_seq_len (asked));
      pp_prediction_add_note (p, note);
    }
  if (pp_workload_get_kv_precision (asked) != pp_workload_get_kv_precision (w))
    {
      /* Translators: a precision, such as int2 */
      g_autofree char *note = g_strdup_printf (_("Only a decode step reads the key-value cache: predicted without "
                                                 "the %s cache asked for"),
                                               pp_precision_to_string (pp_workload_get_kv_precision (asked)));
      pp_prediction_add_note (p, note);
    }
  if (pp_workload_get_threads (asked) == 0 && pp_workload_get_threads (w) > 0)
    {
      /* Translators: a device, then its number of threads */
      g_autofree char *note = g_strdup_printf (_("No thread count asked for: predicted on all of %s’s threads (%u), "
                                                 "the count its measurements name"),
                                               pp_hardware_spec_get_id (hw), pp_workload_get_threads (w));
      pp_prediction_add_note (p, note);
    }
  if (pp_workload_get_threads (asked) > 0 && pp_workload_get_threads (w) == 0)
    {
      g_autofree char *note = g_strdup_printf (_("A GPU shares out no threads: predicted without the %u asked "
                                                 "for"),
                                               pp_workload_get_threads (asked));
      pp_prediction_add_note (p, note);
    }
}

static PpPrediction *
pp_fitted_predictor_predict (PpPredictor  *predictor,
                             PpWorkload   *workload,
                             GError      **error)
{
  PpFittedPredictor *self = (PpFittedPredictor *)predictor;
  g_autoptr(PpWorkload) as_run = NULL;
  PpWorkload *asked = workload;
  PpPredictionValues v;
  PpPrediction *p;

  g_assert (PP_IS_FITTED_PREDICTOR (self));

  if (!_pp_roofline_check_workload (workload, error))
    return NULL;

  /* The prediction is of the workload as predicted, with the software
   * it was predicted for. */
  if ((as_run = dup_as_run (self, workload)) != NULL)
    workload = as_run;
  if (!predict_values (self, workload, &v, error))
    return NULL;

  p = _pp_prediction_new_from_values (workload, PP_FITTED_PREDICTOR_NAME, &v);
  add_notes (self, p, asked);

  return p;
}

static const char *
pp_fitted_predictor_get_name (PpPredictor *predictor)
{
  return PP_FITTED_PREDICTOR_NAME;
}

static void
predictor_iface_init (PpPredictorInterface *iface)
{
  iface->predict = pp_fitted_predictor_predict;
  iface->get_name = pp_fitted_predictor_get_name;
}

/* Takes @basis, the catalog's digest, computed on the catalog's own
 * thread: this may run on a worker. */
static PpFittedPredictor *
fit_with_basis (PpCatalog          *catalog,
                GListModel         *measurements,
                char               *basis,
                PpFitProgressFunc   progress,
                gpointer            progress_data,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autoptr(GPtrArray) samples = NULL;
  g_autofree char *owned_basis = basis;
  PpFittedPredictor *self;
  Model *model;
  guint skipped = 0;

  samples = _pp_samples_from_measurements (catalog, measurements, &skipped);
  if (!(model = _pp_model_fit (samples, skipped, progress, progress_data, cancellable, error)))
    return NULL;

  self = predictor_new (model, NULL);
  self->basis = g_steal_pointer (&owned_basis);
  return self;
}

/**
 * pp_fitted_predictor_fit:
 * @catalog: resolves the models and devices of the measurements
 * @measurements: a #GListModel of #PpMeasurement
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Fits a predictor to measurements. Rows that cannot be described
 * (no precision or batch, a model or device the catalog lacks and the
 * row does not describe, a device without datasheet peaks, runs on
 * several devices) or that hold no value a fit can learn from (no
 * latency or memory, or one that is zero, negative, infinite or too
 * large in the units the fit learns in) are skipped and counted
 * ([method@Pp.FittedPredictor.get_n_skipped]).
 *
 * Call it on the thread that owns @catalog; to fit on a worker thread,
 * use [func@Pp.FittedPredictor.fit_async].
 *
 * Returns: (transfer full) (nullable): the predictor
 */
PpFittedPredictor *
pp_fitted_predictor_fit (PpCatalog     *catalog,
                         GListModel    *measurements,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (measurements), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  return fit_with_basis (catalog, measurements, dup_catalog_basis (catalog), NULL, NULL, cancellable, error);
}

/**
 * PpFitProgressFunc:
 * @done: steps of the fit finished so far
 * @total: steps in all
 * @user_data: (closure): the data given with the function
 *
 * Told how far a fit has come: first with @done 0, then as each step
 * ends, last with @done equal to @total when the fit succeeds. The
 * steps are the calibration folds (see `DESIGN.md`), then the fit to
 * every row, which takes about as long as two folds.
 */

/**
 * pp_fitted_predictor_fit_full:
 * @catalog: resolves the models and devices of the measurements
 * @measurements: a #GListModel of #PpMeasurement
 * @progress: (nullable) (scope call) (closure progress_data): told how
 *   far the fit has come
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * [func@Pp.FittedPredictor.fit], telling @progress how far it has come.
 * @progress runs on the calling thread, within this call; after an
 * error or a cancellation it is not told the end.
 *
 * Returns: (transfer full) (nullable): the predictor
 */
PpFittedPredictor *
pp_fitted_predictor_fit_full (PpCatalog          *catalog,
                              GListModel         *measurements,
                              PpFitProgressFunc   progress,
                              gpointer            progress_data,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (measurements), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  return fit_with_basis (catalog, measurements, dup_catalog_basis (catalog), progress, progress_data,
                         cancellable, error);
}

/* What a fit on a worker tells, and to whom, on the thread that asked
 * for it: the worker posts each step to @context, and the last
 * reference (of the steps posted and of the fit's callback, which all
 * run there) frees @data there too. */
typedef struct
{
  PpFitProgressFunc func;
  gpointer data;
  GDestroyNotify data_free;
  GMainContext *context;
  GAsyncReadyCallback callback;
  gpointer user_data;
} Progress;

static void
progress_clear (Progress *progress)
{
  if (progress->data_free != NULL)
    progress->data_free (progress->data);
  g_main_context_unref (progress->context);
}

static void
progress_unref (Progress *progress)
{
  g_atomic_rc_box_release_full (progress, (GDestroyNotify)progress_clear);
}

typedef struct
{
  Progress *progress;
  guint done;
  guint total;
} ProgressStep;

static void
progress_step_free (ProgressStep *step)
{
  progress_unref (step->progress);
  g_free (step);
}

static gboolean
tell_progress (gpointer user_data)
{
  ProgressStep *step = user_data;

  step->progress->func (step->done, step->total, step->progress->data);
  return G_SOURCE_REMOVE;
}

/* On the worker. An idle source, not g_main_context_invoke(), which
 * would run @func here when no thread owns the context. */
static void
post_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  Progress *progress = user_data;
  ProgressStep *step = g_new (ProgressStep, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  step->progress = g_atomic_rc_box_acquire (progress);
  step->done = done;
  step->total = total;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, tell_progress, step, (GDestroyNotify)progress_step_free);
  g_source_set_static_name (source, "[perfcast] fit progress");
  g_source_attach (source, progress->context);
}

/* The fit's callback, where it was asked for: the steps were posted
 * before it, so they have been told. */
static void
fit_full_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Progress *progress = user_data;

  if (progress->callback != NULL)
    progress->callback (object, result, progress->user_data);
  progress_unref (progress);
}

typedef struct
{
  PpCatalog *catalog;
  GListModel *measurements;
  char *basis;
  /* Borrowed: fit_full_done() keeps it until the fit has returned */
  Progress *progress;
} FitData;

static void
fit_data_free (FitData *data)
{
  g_clear_object (&data->catalog);
  g_clear_object (&data->measurements);
  g_free (data->basis);
  g_free (data);
}

static void
fit_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  FitData *data = task_data;
  GError *error = NULL;
  PpFittedPredictor *predictor;

  predictor = fit_with_basis (data->catalog, data->measurements, g_steal_pointer (&data->basis),
                              data->progress ? post_progress : NULL, data->progress, cancellable, &error);
  if (predictor == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, predictor, g_object_unref);
}

/**
 * pp_fitted_predictor_fit_async:
 * @catalog: resolves the models and devices of the measurements
 * @measurements: a #GListModel of #PpMeasurement; it must not change
 *   while the fit runs
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the predictor
 * @user_data: (closure callback): data for @callback
 *
 * Fits a predictor on a worker thread.
 */
void
pp_fitted_predictor_fit_async (PpCatalog           *catalog,
                               GListModel          *measurements,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PP_IS_CATALOG (catalog));
  g_return_if_fail (G_IS_LIST_MODEL (measurements));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  pp_fitted_predictor_fit_full_async (catalog, measurements, NULL, NULL, NULL, cancellable, callback,
                                      user_data);
}

/**
 * pp_fitted_predictor_fit_full_async:
 * @catalog: resolves the models and devices of the measurements
 * @measurements: a #GListModel of #PpMeasurement; it must not change
 *   while the fit runs
 * @progress: (nullable) (scope notified) (closure progress_data)
 *   (destroy progress_data_free): told how far the fit has come
 * @progress_data: data for @progress
 * @progress_data_free: (nullable): frees @progress_data when the fit
 *   is done with it
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the predictor
 * @user_data: (closure callback): data for @callback
 *
 * [func@Pp.FittedPredictor.fit_async], telling @progress how far it has
 * come. @progress runs in the thread-default main context of the thread
 * that called this, as @callback does, and every step is told before
 * @callback runs; @progress_data is freed there after @callback.
 * Finish it with [func@Pp.FittedPredictor.fit_finish].
 */
void
pp_fitted_predictor_fit_full_async (PpCatalog           *catalog,
                                    GListModel          *measurements,
                                    PpFitProgressFunc    progress,
                                    gpointer             progress_data,
                                    GDestroyNotify       progress_data_free,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FitData *data;

  g_return_if_fail (PP_IS_CATALOG (catalog));
  g_return_if_fail (G_IS_LIST_MODEL (measurements));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (FitData, 1);
  data->catalog = g_object_ref (catalog);
  data->measurements = g_object_ref (measurements);
  data->basis = dup_catalog_basis (catalog);

  if (progress != NULL)
    {
      data->progress = g_atomic_rc_box_new0 (Progress);
      data->progress->func = progress;
      data->progress->data = progress_data;
      data->progress->data_free = progress_data_free;
      data->progress->context = g_main_context_ref_thread_default ();
      data->progress->callback = callback;
      data->progress->user_data = user_data;
      task = g_task_new (NULL, cancellable, fit_full_done, data->progress);
    }
  else
    {
      if (progress_data_free != NULL)
        progress_data_free (progress_data);
      task = g_task_new (NULL, cancellable, callback, user_data);
    }
  g_task_set_source_tag (task, pp_fitted_predictor_fit_async);
  g_task_set_task_data (task, data, (GDestroyNotify)fit_data_free);
  g_task_run_in_thread (task, fit_thread);
}

/**
 * pp_fitted_predictor_fit_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Finishes [func@Pp.FittedPredictor.fit_async] or
 * [func@Pp.FittedPredictor.fit_full_async].
 *
 * Returns: (transfer full) (nullable): the predictor
 */
PpFittedPredictor *
pp_fitted_predictor_fit_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pp_fitted_predictor_dup_default_path:
 *
 * Returns: (transfer full) (type filename): where the CLI and the app
 *   keep the predictor fitted to the default store
 */
char *
pp_fitted_predictor_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "perfcast", "predictor.json", NULL);
}

/**
 * pp_fitted_predictor_dup_path_for_store:
 * @store: a #PpMeasurementStore
 *
 * Where the CLI and the app keep the predictor fitted to @store: the
 * default path ([func@Pp.FittedPredictor.dup_default_path]) for the
 * default store, and beside the database otherwise, so that two stores
 * never share one fit. Paths are compared as spelled: the default
 * database reached through another spelling (a symbolic link, say) is
 * another store here, and fitted apart.
 *
 * Returns: (transfer full) (type filename): the path
 */
char *
pp_fitted_predictor_dup_path_for_store (PpMeasurementStore *store)
{
  g_autofree char *default_store = pp_measurement_store_dup_default_path ();
  const char *path;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (store), NULL);

  path = pp_measurement_store_get_path (store);
  if (g_strcmp0 (path, default_store) == 0)
    return pp_fitted_predictor_dup_default_path ();

  return g_strconcat (path, ".predictor.json", NULL);
}

typedef struct
{
  PpCatalog *catalog;
  PpMeasurementStore *store;
  char *basis;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_clear_object (&data->catalog);
  g_clear_object (&data->store);
  g_free (data->basis);
  g_free (data);
}

static GTask *
store_task_new (PpCatalog           *catalog,
                PpMeasurementStore  *store,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  StoreData *data = g_new0 (StoreData, 1);

  /* The digest, on the thread that owns the catalog (dup_catalog_basis()). */
  data->catalog = g_object_ref (catalog);
  data->store = g_object_ref (store);
  data->basis = dup_catalog_basis (catalog);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify)store_data_free);
  return task;
}

static PpFittedPredictor *load_with_basis (GFile   *file,
                                           char    *basis,
                                           GError **error);

static PpFittedPredictor *
load_saved_with_basis (PpMeasurementStore *store,
                       char               *basis)  /* transfer full */
{
  g_autofree char *owned_basis = basis;
  g_autofree char *path = pp_fitted_predictor_dup_path_for_store (store);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (!g_file_query_exists (file, NULL))
    return NULL;

  return load_with_basis (file, g_steal_pointer (&owned_basis), NULL);
}

/**
 * pp_fitted_predictor_load_saved_for_store:
 * @catalog: resolves the saved fit's models and devices
 * @store: a #PpMeasurementStore
 *
 * The predictor saved for @store (at
 * [func@Pp.FittedPredictor.dup_path_for_store]), whatever rows it was
 * fitted to: current, or stale and still fit to check the rows that
 * arrived since ([method@Pp.FittedPredictor.check_store]). A fit that
 * is missing, unreadable or of another catalog is no error.
 *
 * Call it on the thread that owns @catalog; to load on a worker thread,
 * use [func@Pp.FittedPredictor.load_saved_for_store_async].
 *
 * Returns: (transfer full) (nullable): the saved fit, or %NULL
 */
PpFittedPredictor *
pp_fitted_predictor_load_saved_for_store (PpCatalog          *catalog,
                                          PpMeasurementStore *store)
{
  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (store), NULL);

  return load_saved_with_basis (store, dup_catalog_basis (catalog));
}

static void
load_saved_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  StoreData *data = task_data;
  PpFittedPredictor *saved = load_saved_with_basis (data->store, g_steal_pointer (&data->basis));

  g_task_return_pointer (task, saved, saved ? g_object_unref : NULL);
}

/**
 * pp_fitted_predictor_load_saved_for_store_async:
 * @catalog: resolves the saved fit's models and devices
 * @store: a #PpMeasurementStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the saved fit
 * @user_data: (closure callback): data for @callback
 *
 * [func@Pp.FittedPredictor.load_saved_for_store] on a worker thread:
 * parsing a saved fit of a few megabytes takes a fifth of a second.
 */
void
pp_fitted_predictor_load_saved_for_store_async (PpCatalog           *catalog,
                                                PpMeasurementStore  *store,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PP_IS_CATALOG (catalog));
  g_return_if_fail (PP_IS_MEASUREMENT_STORE (store));

  task = store_task_new (catalog, store, cancellable, callback, user_data,
                         pp_fitted_predictor_load_saved_for_store_async);
  g_task_run_in_thread (task, load_saved_thread);
}

/**
 * pp_fitted_predictor_load_saved_for_store_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the saved fit, or %NULL (a fit
 *   that is missing, unreadable or of another catalog is no error)
 */
PpFittedPredictor *
pp_fitted_predictor_load_saved_for_store_finish (GAsyncResult  *result,
                                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
parse_bytes (JsonParser  *parser,
             GBytes      *bytes,
             const char  *name,
             GError     **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return _pp_json_parser_load_data (parser, data ? data : "", len, name, error);
}

/* The data stamp a saved fit names, whatever its format version, or
 * %NULL: enough of the file to know which rows it saw. */
static char *
dup_saved_stamp (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  JsonNode *root;
  JsonObject *object;

  if (!(bytes = _pp_file_load_bytes (file, NULL, NULL)) ||
      !parse_bytes (parser, bytes, path, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  if (g_strcmp0 (_pp_json_get_string (object, "format"), "perfcast-fitted-predictor") != 0)
    return NULL;

  return g_strdup (_pp_json_get_string (object, "data_stamp"));
}

/* How many of @store's rows the saved fit @path names as seen, when
 * rows arrived after them that no fit has checked; 0 otherwise (no
 * saved fit, one of another store, nothing new or all of it checked). */
static guint64
renewable_rows (PpMeasurementStore  *store,
                const char          *path,
                char               **stamp_out,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autofree char *stamp = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GListModel) unchecked = NULL;
  guint64 n_seen, n_now;

  now = pp_measurement_store_dup_stamp (store);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
      (stamp = dup_saved_stamp (path)) == NULL ||
      !_pp_measurement_store_rows_in_stamp (store, stamp, &n_seen) ||
      !_pp_measurement_store_rows_in_stamp (store, now, &n_now) ||
      n_seen >= n_now)
    return 0;

  /* Rows an earlier version already checked need no new fit. */
  if (!(unchecked = _pp_measurement_store_query_unchecked (store, n_seen, cancellable, error)) ||
      g_list_model_get_n_items (unchecked) == 0)
    return 0;

  if (stamp_out != NULL)
    *stamp_out = g_steal_pointer (&stamp);
  return n_seen;
}

/**
 * pp_fitted_predictor_count_renewable_for_store:
 * @store: a #PpMeasurementStore
 *
 * How many rows [func@Pp.FittedPredictor.renew_saved_for_store] would fit
 * anew to, to say so before it does: the rows the saved fit of @store
 * had seen, when rows no fit has checked arrived since; 0 when there is
 * nothing to renew. Like that function, it does not try to load the
 * saved fit: call it when [func@Pp.FittedPredictor.load_saved_for_store]
 * gives nothing.
 *
 * Returns: a number of rows, or 0
 */
guint
pp_fitted_predictor_count_renewable_for_store (PpMeasurementStore *store)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (store), 0);

  path = pp_fitted_predictor_dup_path_for_store (store);
  return (guint)MIN (renewable_rows (store, path, NULL, NULL, NULL), G_MAXUINT);
}

static PpFittedPredictor *
renew_with_basis (PpCatalog           *catalog,
                  PpMeasurementStore  *store,
                  char                *basis,  /* transfer full */
                  GCancellable        *cancellable,
                  GError             **error)
{
  g_autofree char *owned_basis = basis;
  g_autofree char *path = pp_fitted_predictor_dup_path_for_store (store);
  g_autofree char *stamp = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GListStore) seen = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) save_error = NULL;
  PpFittedPredictor *renewed;
  guint64 n_seen;

  if ((n_seen = renewable_rows (store, path, &stamp, cancellable, error)) == 0)
    return NULL;

  /* The store only gains rows, oldest first: the fit saw the first ones. */
  if (!(rows = pp_measurement_store_query (store, NULL, error)))
    return NULL;
  seen = g_list_store_new (PP_TYPE_MEASUREMENT);
  for (guint i = 0; i < n_seen && i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);

      g_list_store_append (seen, row);
    }

  if (!(renewed = fit_with_basis (catalog, G_LIST_MODEL (seen), g_steal_pointer (&owned_basis), NULL, NULL,
                                  cancellable, error)))
    return NULL;
  pp_fitted_predictor_set_data_stamp (renewed, stamp);

  /* Saved, the next command loads it instead of fitting it again. */
  file = g_file_new_for_path (path);
  if (!pp_fitted_predictor_save (renewed, file, &save_error))
    g_message ("Could not save the renewed fit to %s: %s", path, save_error->message);

  return renewed;
}

/**
 * pp_fitted_predictor_renew_saved_for_store:
 * @catalog: the catalog to fit with
 * @store: a #PpMeasurementStore
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Keeps the checks going from one version of Perfcast to the next.
 *
 * A saved fit this version cannot load (saved in another format, or
 * fitted on another catalog or roofline, so that
 * [func@Pp.FittedPredictor.load_saved_for_store] gives nothing) still
 * names the rows of @store it was fitted to. When rows arrived since
 * that no fit has checked, this fits anew to just the rows the old fit
 * had seen, saves the fit in place of the old one, stamped as the old
 * one was, and returns it: a fit that never saw the new rows, to check
 * them ([method@Pp.FittedPredictor.check_store]) before any fit learns
 * from them. Their checks are filed under the new fit's time. It takes
 * as long as fitting to those rows, once: saved, the new fit loads.
 *
 * It does not try to load the saved fit, so call it only when
 * [func@Pp.FittedPredictor.load_saved_for_store] gives nothing. Call it
 * on the thread that owns @catalog; to renew on a worker thread, use
 * [func@Pp.FittedPredictor.renew_saved_for_store_async].
 *
 * Returns: (transfer full) (nullable): the renewed fit; %NULL without an
 *   error when there is nothing to renew (no saved fit, one of another
 *   store, or no unchecked row arrived after it)
 */
PpFittedPredictor *
pp_fitted_predictor_renew_saved_for_store (PpCatalog           *catalog,
                                           PpMeasurementStore  *store,
                                           GCancellable        *cancellable,
                                           GError             **error)
{
  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (store), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return renew_with_basis (catalog, store, dup_catalog_basis (catalog), cancellable, error);
}

static void
renew_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StoreData *data = task_data;
  GError *error = NULL;
  PpFittedPredictor *renewed;

  renewed = renew_with_basis (data->catalog, data->store, g_steal_pointer (&data->basis), cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, renewed, g_object_unref);
}

/**
 * pp_fitted_predictor_renew_saved_for_store_async:
 * @catalog: the catalog to fit with
 * @store: a #PpMeasurementStore
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called with the renewed fit
 * @user_data: (closure callback): data for @callback
 *
 * [func@Pp.FittedPredictor.renew_saved_for_store] on a worker thread.
 */
void
pp_fitted_predictor_renew_saved_for_store_async (PpCatalog           *catalog,
                                                 PpMeasurementStore  *store,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PP_IS_CATALOG (catalog));
  g_return_if_fail (PP_IS_MEASUREMENT_STORE (store));

  task = store_task_new (catalog, store, cancellable, callback, user_data,
                         pp_fitted_predictor_renew_saved_for_store_async);
  g_task_run_in_thread (task, renew_thread);
}

/**
 * pp_fitted_predictor_renew_saved_for_store_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the renewed fit, or %NULL (with
 *   no error when there was nothing to renew)
 */
PpFittedPredictor *
pp_fitted_predictor_renew_saved_for_store_finish (GAsyncResult  *result,
                                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pp_fitted_predictor_is_current_for_store:
 * @self: a #PpFittedPredictor
 * @store: a #PpMeasurementStore
 *
 * Whether @self was fitted to @store as it is now: its data stamp is the
 * store's ([method@Pp.MeasurementStore.dup_stamp]).
 *
 * Returns: %TRUE if no row arrived in @store since @self was fitted to it
 */
gboolean
pp_fitted_predictor_is_current_for_store (PpFittedPredictor  *self,
                                          PpMeasurementStore *store)
{
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (PP_IS_FITTED_PREDICTOR (self), FALSE);
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (store), FALSE);

  stamp = pp_measurement_store_dup_stamp (store);
  return stamp != NULL && g_strcmp0 (self->data_stamp, stamp) == 0;
}

/**
 * pp_fitted_predictor_load_for_store:
 * @catalog: resolves the saved fit's models and devices
 * @store: a #PpMeasurementStore
 *
 * The predictor saved for @store
 * ([func@Pp.FittedPredictor.load_saved_for_store]), if it was fitted to
 * the store as it is now
 * ([method@Pp.FittedPredictor.is_current_for_store]). A fit that is
 * missing, unreadable, of another catalog or stale is no error: the
 * caller fits anew.
 *
 * Returns: (transfer full) (nullable): the current saved fit, or %NULL
 */
PpFittedPredictor *
pp_fitted_predictor_load_for_store (PpCatalog          *catalog,
                                    PpMeasurementStore *store)
{
  g_autoptr(PpFittedPredictor) saved = pp_fitted_predictor_load_saved_for_store (catalog, store);

  if (saved == NULL || !pp_fitted_predictor_is_current_for_store (saved, store))
    return NULL;

  return g_steal_pointer (&saved);
}

/**
 * pp_fitted_predictor_check_store:
 * @self: a #PpFittedPredictor fitted to @store
 * @catalog: resolves the models and devices of the rows
 * @store: the #PpMeasurementStore it was fitted to
 * @n_checked: (out) (optional): how many rows it checked
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Predicts the rows that arrived in @store after @self was fitted to it
 * and stores each prediction beside its row, as a check of @self:
 * predictions of measurements no fit had seen, made before any fit
 * learns from them, which is the plainest test of a predictor there is
 * (read them back with [ctor@Pp.Validation.new_for_checks]). Call it
 * before refitting to new rows. A row is checked once, by the first
 * fit that checks it; a row the fit cannot describe is checked as not
 * predicted.
 *
 * A predictor whose data stamp ([method@Pp.FittedPredictor.get_data_stamp])
 * is not one of @store's checks nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_fitted_predictor_check_store (PpFittedPredictor   *self,
                                 PpCatalog           *catalog,
                                 PpMeasurementStore  *store,
                                 guint               *n_checked,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GArray) checks = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint64 n_seen;
  guint n, added = 0;

  g_return_val_if_fail (PP_IS_FITTED_PREDICTOR (self), FALSE);
  g_return_val_if_fail (PP_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (store), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  if (n_checked != NULL)
    *n_checked = 0;
  if (!_pp_measurement_store_rows_in_stamp (store, self->data_stamp, &n_seen))
    return TRUE;
  if (!(rows = _pp_measurement_store_query_unchecked (store, n_seen, cancellable, error)))
    return FALSE;

  n = g_list_model_get_n_items (rows);
  checks = g_array_sized_new (FALSE, TRUE, sizeof (PpCheck), n);
  g_array_set_size (checks, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (rows, i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      g_autoptr(PpPrediction) p = w ? pp_predictor_predict (PP_PREDICTOR (self), w, NULL) : NULL;
      PpCheck *c = &g_array_index (checks, PpCheck, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* Borrowed: the array is freed before @self. */
      c->fitted_at = self->fitted_at;
      c->checked_at = now;
      c->n_training = self->model->n_training;
      c->predicted = p != NULL;
      for (guint t = 0; p != NULL && t < PP_N_TARGETS; t++)
        {
          c->value[t] = pp_prediction_get_value (p, t, &c->lower[t], &c->upper[t]);
          c->confidence[t] = pp_prediction_get_confidence (p, t);
          c->evidence[t] = pp_prediction_get_evidence (p, t);
        }
    }

  if (n > 0 && !_pp_measurement_store_add_checks (store, rows, &g_array_index (checks, PpCheck, 0), &added,
                                                  error))
    return FALSE;

  if (n_checked != NULL)
    *n_checked = added;
  return TRUE;
}

const Model *
_pp_fitted_predictor_get_model (PpFittedPredictor *self)
{
  return self->model;
}

/**
 * pp_fitted_predictor_predict_values:
 * @self: a #PpFittedPredictor
 * @workload: the workload to predict
 * @values: (out caller-allocates): where to store the prediction
 * @error: return location for a #GError
 *
 * Predicts @workload as [method@Pp.Predictor.predict] does, to the bit,
 * but into @values rather than a new [class@Pp.Prediction]: making and
 * dropping that object is about a sixth of a prediction's time, which a
 * caller that predicts many workloads (into an array of values, say)
 * may not want to spend. The workload predicted is @workload, with the
 * framework the predictor picks when it names none, and at the input
 * size its model runs at whatever it is given (Whisper pads or cuts its
 * audio to 30 s), with no thread count on a GPU. The notes a
 * [class@Pp.Prediction] carries (see [method@Pp.Prediction.get_notes])
 * are not made.
 *
 * Like [method@Pp.Predictor.predict], it may be called from any thread.
 *
 * Returns: %TRUE, or %FALSE with @error set when the workload cannot be
 *   predicted (its device has no known peak or bandwidth, or is one the
 *   catalog does not list that the fit saw no row of, or was described
 *   otherwise than its rows; its model lacks what the roofline counts,
 *   or its counts are too large to count; its input size is negative or
 *   not finite); @values is then left
 *   unspecified
 */
gboolean
pp_fitted_predictor_predict_values (PpFittedPredictor   *self,
                                    PpWorkload          *workload,
                                    PpPredictionValues  *values,
                                    GError             **error)
{
  g_autoptr(PpWorkload) as_run = NULL;

  g_return_val_if_fail (PP_IS_FITTED_PREDICTOR (self), FALSE);
  g_return_val_if_fail (workload != NULL, FALSE);
  g_return_val_if_fail (values != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_pp_roofline_check_workload (workload, error))
    return FALSE;

  if ((as_run = dup_as_run (self, workload)) != NULL)
    workload = as_run;

  return predict_values (self, workload, values, error);
}

/**
 * pp_fitted_predictor_get_n_training:
 * @self: a #PpFittedPredictor
 *
 * Returns: the measurements it was fitted to
 */
guint
pp_fitted_predictor_get_n_training (PpFittedPredictor *self)
{
  g_return_val_if_fail (PP_IS_FITTED_PREDICTOR (self), 0);

  return self->model->n_training;
}

/**
 * pp_fitted_predictor_get_n_skipped:
 * @self: a #PpFittedPredictor
 *
 * Returns: the measurements given to the fit but not usable by it
 */
guint
pp_fitted_predictor_get_n_skipped (PpFittedPredictor *self)
{
  g_return_val_if_fail (PP_IS_FITTED_PREDICTOR (self), 0);

  return self->model->n_skipped;
}

/**
 * pp_fitted_predictor_set_data_stamp:
 * @self: a #PpFittedPredictor
 * @stamp: (nullable): what the data looked like when it was fitted
 *
 * Records a description of the data (e.g. a store's stamp: its
 * identity and row count) so that a later run can tell whether new
 * measurements have arrived and the predictor should be refitted. It is
 * saved with the predictor.
 */
void
pp_fitted_predictor_set_data_stamp (PpFittedPredictor *self,
                                    const char        *stamp)
{
  g_return_if_fail (PP_IS_FITTED_PREDICTOR (self));

  g_free (self->data_stamp);
  self->data_stamp = g_strdup (stamp);
}

/**
 * pp_fitted_predictor_get_data_stamp:
 * @self: a #PpFittedPredictor
 *
 * Returns: (nullable): the data stamp
 */
const char *
pp_fitted_predictor_get_data_stamp (PpFittedPredictor *self)
{
  g_return_val_if_fail (PP_IS_FITTED_PREDICTOR (self), NULL);

  return self->data_stamp;
}

/**
 * pp_fitted_predictor_get_fitted_at:
 * @self: a #PpFittedPredictor
 *
 * Returns: when it was fitted, ISO 8601
 */
const char *
pp_fitted_predictor_get_fitted_at (PpFittedPredictor *self)
{
  g_return_val_if_fail (PP_IS_FITTED_PREDICTOR (self), NULL);

  return self->fitted_at;
}

/* Whether @node holds a number JSON cannot hold (json-glib would write
 * "inf" or "nan", which no parser reads back); @path then gets where,
 * from the root. Paths are only made for what is found: a fit holds
 * some hundred thousand numbers. */
static gboolean
find_non_finite (JsonNode *node,
                 GString  *path)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    return json_node_get_value_type (node) == G_TYPE_DOUBLE && !isfinite (json_node_get_double (node));

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (find_non_finite (json_array_get_element (array, i), path))
          {
            char index[16];

            g_snprintf (index, sizeof index, "[%u]", i);
            g_string_prepend (path, index);
            return TRUE;
          }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (find_non_finite (member, path))
          {
            g_string_prepend (path, name);
            g_string_prepend_c (path, '/');
            return TRUE;
          }
    }

  return FALSE;
}

/**
 * pp_fitted_predictor_save:
 * @self: a #PpFittedPredictor
 * @file: where to write
 * @error: return location for a #GError
 *
 * Saves the predictor as JSON (format version
 * %PP_FITTED_PREDICTOR_FORMAT_VERSION), atomically; a file saved over
 * keeps its permissions.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_fitted_predictor_save (PpFittedPredictor  *self,
                          GFile              *file,
                          GError            **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GString) bad = g_string_new (NULL);
  JsonObject *object;
  gsize len;

  g_return_val_if_fail (PP_IS_FITTED_PREDICTOR (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  root = _pp_model_to_json (self->model);
  object = json_node_get_object (root);
  json_object_set_string_member (object, "format", "perfcast-fitted-predictor");
  json_object_set_int_member (object, "version", PP_FITTED_PREDICTOR_FORMAT_VERSION);
  json_object_set_string_member (object, "libpp_version", PACKAGE_VERSION);
  json_object_set_string_member (object, "fitted_at", self->fitted_at);
  if (self->data_stamp != NULL)
    json_object_set_string_member (object, "data_stamp", self->data_stamp);
  json_object_set_string_member (object, "basis", self->basis);

  /* A file that could not be read back is worse than none: the store's
   * fit would be refitted at every start. */
  if (find_non_finite (root, bad))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_FAILED,
                   _("The fit was not saved: %s is not a finite number, which JSON cannot hold"), bad->str);
      return FALSE;
    }

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);

  if ((parent = g_file_get_parent (file)))
    g_file_make_directory_with_parents (parent, NULL, NULL);

  return _pp_file_set_contents (file, data, len, error);
}

static PpFittedPredictor *
load_with_basis (GFile   *file,
                 char    *basis,  /* transfer full */
                 GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *owned_basis = basis;
  PpFittedPredictor *self;
  JsonObject *object;
  JsonNode *root;
  Model *model;
  double version;

  name = g_file_get_parse_name (file);
  /* Errors in reading the file name it already. */
  if (!(bytes = _pp_file_load_bytes (file, NULL, error)) ||
      !parse_bytes (parser, bytes, name, error))
    return NULL;

  /* Members are read through _pp_json_get_string() and
   * _pp_json_get_number(), which take a member of another kind for a
   * missing one: json-glib's getters warn on it. */
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (_pp_json_get_string (json_node_get_object (root), "format"), "perfcast-fitted-predictor") != 0)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("%s is not a saved Perfcast predictor"), name);
      return NULL;
    }

  object = json_node_get_object (root);
  /* A version that is not a whole number was never written by any
   * Perfcast: calling it "format 0" would send the user looking for one. */
  version = _pp_json_get_number (object, "version");
  if (!(version == floor (version) && fabs (version) < G_MAXINT))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s: its “version” is missing or not a whole number; this Perfcast reads "
                     "predictor format %d (run “perfcast-cli fit” to refit)"),
                   name, PP_FITTED_PREDICTOR_FORMAT_VERSION);
      return NULL;
    }
  if (version != PP_FITTED_PREDICTOR_FORMAT_VERSION)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s was saved in predictor format %d; this Perfcast reads version %d "
                     "(run “perfcast-cli fit” to refit)"),
                   name, (int)version, PP_FITTED_PREDICTOR_FORMAT_VERSION);
      return NULL;
    }

  if (!(model = _pp_model_from_json (object, error)))
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }

  if (g_strcmp0 (_pp_json_get_string (object, "basis"), owned_basis) != 0)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s was fitted on another catalog, or by a version of Perfcast that counts "
                     "the roofline otherwise (run “perfcast-cli fit” to refit)"),
                   name);
      _pp_model_free (model);
      return NULL;
    }

  self = predictor_new (model, _pp_json_get_string (object, "fitted_at"));
  self->data_stamp = g_strdup (_pp_json_get_string (object, "data_stamp"));
  self->basis = g_steal_pointer (&owned_basis);

  return self;
}

/**
 * pp_fitted_predictor_load:
 * @catalog: the catalog the predictor's workloads will come from; it
 *   must be the one the predictor was fitted with, or one loaded from
 *   the same files
 * @file: a file written by [method@Pp.FittedPredictor.save]
 * @error: return location for a #GError
 *
 * Loads a saved predictor. A file of another format or version is
 * refused with an error saying so, and so is a predictor fitted on
 * another catalog or by a version of Perfcast that counts the roofline
 * otherwise: its trees learned from other features. Refit to replace
 * it. A damaged or hand-edited file is refused with an error that names
 * the first member holding what no fit writes. Call it on the thread
 * that owns @catalog.
 *
 * Returns: (transfer full) (nullable): the predictor
 */
PpFittedPredictor *
pp_fitted_predictor_load (PpCatalog  *catalog,
                          GFile      *file,
                          GError    **error)
{
  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return load_with_basis (file, dup_catalog_basis (catalog), error);
}
