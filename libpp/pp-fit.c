/* pp-fit.c: fitting a PpFittedPredictor's model to measurements.
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "pp-catalog-private.h"
#include "pp-error.h"
#include "pp-fitted-predictor-private.h"
#include "pp-measurement-private.h"
#include "pp-util-private.h"

/* An overhead (three coefficients, two of them per-call costs and costs
 * per unit of depth that only rows far apart in depth tell apart) is fitted for a
 * key only with at least this many rows, a memory fit (two) with at
 * least MIN_MEMORY_ROWS; otherwise a coarser key's fit is used. */
#define MIN_OVERHEAD_ROWS 12
#define MIN_MEMORY_ROWS 6
/* Held-out rows a kind of calibration fold needs in a situation to have
 * a say on how much the trees correct it: below that, a few odd rows (the
 * H200 file's row folds hold 4 unseen rows) would decide for thousands. */
#define MIN_VOTING_ROWS 20

/* Held-out rows a kind of prediction needs to be calibrated on its own:
 * below 19, the 90% conformal rank is the largest score. */
#define MIN_CONFORMAL_ROWS 20

/* Calibration folds, grouped by model so that the residuals are those of
 * models the trees have not seen: the intervals must hold for them. */
#define N_FOLDS 5

/* Memory's trees correct a count that is already close (memory MAPE
 * 4.1% for held-out models): a third as many, at three times the rate,
 * gave the same held-out accuracy (held-out models: MAPE 4.10% and
 * 4.12%, coverage 90.3% both; held-out lengths: 5.9% and 5.8%,
 * coverage 86.6% and 87.0%; held-out batch sizes: no change) and a
 * prediction that walks them walks 100 trees, not 300. */
static const PpEnsembleParams ensemble_params[N_HEADS] = {
  [HEAD_LATENCY] = {
    .rounds = 300,
    .max_depth = 4,
    .eta = 0.05,
    .min_child_weight = 2,
    .lambda = 1,
  },
  [HEAD_MEMORY] = {
    .rounds = 100,
    .max_depth = 4,
    .eta = 0.15,
    .min_child_weight = 2,
    .lambda = 1,
  },
};

/* The keys of the default frameworks (see default_key()), joined in a
 * buffer on the stack, on the heap only when they outgrow it. */
typedef struct
{
  char *str;
  char stack[256];
} Key;

#define KEY_INIT { NULL, { 0 } }

static void
key_clear (Key *key)
{
  if (key->str != key->stack)
    g_free (key->str);
  key->str = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Key, key_clear)

static const char * G_GNUC_NULL_TERMINATED
key_join (Key        *key,
          const char *first,
          ...)
{
  va_list args;
  gsize len = 0;
  char *p;

  key_clear (key);
  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    len += strlen (part);
  va_end (args);

  p = key->str = len < sizeof key->stack ? key->stack : g_malloc (len + 1);
  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    p = stpcpy (p, part);
  va_end (args);
  *p = '\0';

  return key->str;
}

void
_pp_sample_free (Sample *sample)
{
  g_clear_pointer (&sample->workload, pp_workload_unref);
  g_free (sample->group);
  g_free (sample);
}

void
_pp_model_free (Model *model)
{
  if (model == NULL)
    return;

  g_clear_pointer (&model->overheads, g_hash_table_unref);
  g_clear_pointer (&model->memory_fits, g_hash_table_unref);
  g_clear_pointer (&model->frameworks, g_ptr_array_unref);
  g_clear_pointer (&model->families, g_ptr_array_unref);
  g_clear_pointer (&model->models, g_ptr_array_unref);
  g_clear_pointer (&model->devices, g_ptr_array_unref);
  g_clear_pointer (&model->stand_ins, g_hash_table_unref);
  g_clear_pointer (&model->support, g_hash_table_unref);
  g_clear_pointer (&model->points, g_array_unref);
  g_clear_pointer (&model->blocks, g_array_unref);
  g_clear_pointer (&model->shapes, g_hash_table_unref);
  g_clear_pointer (&model->software, g_hash_table_unref);
  g_clear_pointer (&model->anchors, g_hash_table_unref);
  g_clear_pointer (&model->frameworks_by_run, g_hash_table_unref);
  g_clear_pointer (&model->frameworks_by_model, g_hash_table_unref);
  g_clear_pointer (&model->frameworks_by_family, g_hash_table_unref);
  g_clear_pointer (&model->frameworks_by_device, g_hash_table_unref);
  g_clear_pointer (&model->crossings, g_hash_table_unref);
  g_clear_pointer (&model->siblings, g_hash_table_unref);
  g_clear_pointer (&model->configs, g_hash_table_unref);
  g_clear_pointer (&model->device_index, g_hash_table_unref);
  for (guint i = 0; i < G_N_ELEMENTS (model->word_index); i++)
    g_clear_pointer (&model->word_index[i], g_hash_table_unref);
  for (guint i = 0; i < N_HEADS; i++)
    {
      g_clear_pointer (&model->heads[i].ensemble, _pp_ensemble_free);
      g_clear_pointer (&model->heads[i].unseen, _pp_ensemble_free);
      for (guint k = 0; k < N_BASES; k++)
        for (guint d = 0; d <= N_DEVICE_KINDS; d++)
          g_clear_pointer (&model->heads[i].conformal[k][d].scores, g_array_unref);
    }
  g_free (model);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Model, _pp_model_free)

static Model *
model_new (void)
{
  Model *model = g_new0 (Model, 1);

  model->overheads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  model->memory_fits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  model->support = _pp_config_table_new (NULL);
  model->points = g_array_new (FALSE, FALSE, sizeof (float));
  model->anchors = _pp_config_table_new ((GDestroyNotify)g_array_unref);
  model->frameworks_by_run = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  model->frameworks_by_model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  model->frameworks_by_family = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  model->frameworks_by_device = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  model->crossings = _pp_config_table_new ((GDestroyNotify)g_array_unref);
  model->siblings = _pp_config_table_new ((GDestroyNotify)g_array_unref);

  return model;
}

/* Latency of the row in seconds: the median latency, or a batch's worth
 * of items at the measured throughput when only that was reported. */
static double
measured_latency (PpMeasurement *m)
{
  double latency = pp_measurement_get_latency_ms (m);
  double throughput = pp_measurement_get_throughput (m);
  guint batch = pp_measurement_get_batch (m);

  if (!isnan (latency))
    return latency / 1000;
  if (!isnan (throughput) && batch > 0)
    return batch / throughput;

  return NAN;
}

/* Whether every measured value of @m is one the readers would have
 * taken. Rows set through the API were not checked until a store took
 * them, and older stores hold such rows: a latency of 0 or an infinite
 * one is a NaN in log space, which the trees refuse for the whole fit. */
static gboolean
measured_values_are_usable (PpMeasurement *m)
{
  for (guint i = 0; i < PP_N_COLUMNS; i++)
    {
      if (pp_column_is_measured ((PpColumn)i) && !_pp_measurement_check_column (m, (PpColumn)i, NULL))
        return FALSE;
    }

  return TRUE;
}

static Sample *
sample_from_measurement (PpCatalog     *catalog,
                         PpMeasurement *m)
{
  g_autoptr(PpWorkload) workload = NULL;
  Sample *sample;
  double accelerators = pp_measurement_get_number (m, PP_COLUMN_ACCELERATORS);
  double memory_mb;

  /* Multi-device runs are a different problem (parallelism, links). */
  if (!isnan (accelerators) && accelerators > 1)
    return NULL;

  if (!measured_values_are_usable (m))
    return NULL;

  /* An infinite input size (only the API can set one) keys no
   * configuration a saved fit could write down. */
  if (!(workload = pp_workload_new_from_measurement (catalog, m, NULL)) ||
      !isfinite (pp_workload_get_input_size (workload)))
    return NULL;

  sample = g_new0 (Sample, 1);
  if (!pp_roofline_estimate (workload, &sample->roofline, NULL) || isnan (sample->roofline.seconds))
    {
      g_free (sample);
      return NULL;
    }

  sample->workload = g_steal_pointer (&workload);
  sample->group = g_strdup (pp_model_spec_get_id (pp_workload_get_model (sample->workload)));
  sample->latency_s = measured_latency (m);
  /* A memory of 0 is accepted on import (a backend without device
   * memory reports it) but says nothing a fit in relative or log terms
   * can use. */
  memory_mb = pp_measurement_get_memory_mb (m);
  sample->memory_bytes = memory_mb > 0 ? memory_mb * 1024 * 1024 : NAN;

  /* A value the readers take that no fit can: 1e308 MB is an infinite
   * number of bytes, which the trees refused for the whole fit. */
  if (isinf (sample->memory_bytes) || isinf (sample->latency_s))
    {
      _pp_sample_free (sample);
      return NULL;
    }

  return sample;
}

/* The workload's framework, "" when none is named; interned either way
 * (workloads intern theirs), for lookups by pointer. */
static const char *
framework_of (PpWorkload *w)
{
  static const char *empty = NULL;
  const char *framework = pp_workload_get_framework (w);

  if (framework != NULL)
    return framework;
  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_intern_static_string (""));
  return empty;
}

static int
compare_numbers (double a,
                 double b)
{
  /* NaN (not measured) after every value. */
  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return a < b ? -1 : a > b;
}

/* The order samples are fitted in, whatever order they came in: a fit's
 * folds and trees depend on it, and the same measurements must give the
 * same predictor whether they come from files or from the store. */
static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  const Sample *x = *(Sample * const *)a, *y = *(Sample * const *)b;
  PpWorkload *v = x->workload, *w = y->workload;
  int c;

  if ((c = strcmp (pp_model_spec_get_id (pp_workload_get_model (v)),
                   pp_model_spec_get_id (pp_workload_get_model (w)))) ||
      (c = strcmp (pp_hardware_spec_get_id (pp_workload_get_hardware (v)),
                   pp_hardware_spec_get_id (pp_workload_get_hardware (w)))) ||
      (c = strcmp (framework_of (v), framework_of (w))) ||
      (c = (int)pp_workload_get_precision (v) - (int)pp_workload_get_precision (w)) ||
      (c = (int)pp_workload_get_phase (v) - (int)pp_workload_get_phase (w)) ||
      (c = compare_numbers (pp_workload_get_seq_len (v), pp_workload_get_seq_len (w))) ||
      (c = compare_numbers (pp_workload_get_input_size (v), pp_workload_get_input_size (w))) ||
      (c = compare_numbers (pp_workload_get_threads (v), pp_workload_get_threads (w))) ||
      (c = compare_numbers (pp_workload_get_batch (v), pp_workload_get_batch (w))) ||
      (c = (int)pp_workload_get_kv_precision (v) - (int)pp_workload_get_kv_precision (w)) ||
      (c = compare_numbers (x->latency_s, y->latency_s)) ||
      (c = compare_numbers (x->memory_bytes, y->memory_bytes)))
    return c;

  return g_strcmp0 (x->group, y->group);
}

/* Turns measurements into samples; rows the roofline cannot describe
 * (no batch or precision, unknown model, a device without a datasheet
 * peak, several devices) or with no value to learn from (see
 * measured_values_are_usable() and sample_from_measurement()) are
 * counted in @n_skipped. */
/* Whether @sample (nullable) has anything to learn from. */
static gboolean
sample_is_usable (const Sample *sample)
{
  return sample != NULL && (!isnan (sample->latency_s) || !isnan (sample->memory_bytes));
}

/* Whether a fit to @m would learn from it, as
 * _pp_samples_from_measurements() takes rows. */
gboolean
_pp_measurement_is_fitted (PpCatalog     *catalog,
                           PpMeasurement *m)
{
  Sample *sample = sample_from_measurement (catalog, m);
  gboolean usable = sample_is_usable (sample);

  g_clear_pointer (&sample, _pp_sample_free);
  return usable;
}

GPtrArray *
_pp_samples_from_measurements (PpCatalog  *catalog,
                               GListModel *measurements,
                               guint      *n_skipped)
{
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify)_pp_sample_free);
  guint n = g_list_model_get_n_items (measurements);

  *n_skipped = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (measurements, i);
      Sample *sample = sample_from_measurement (catalog, m);

      if (sample_is_usable (sample))
        g_ptr_array_add (samples, sample);
      else
        {
          g_clear_pointer (&sample, _pp_sample_free);
          (*n_skipped)++;
        }
    }
  g_ptr_array_sort (samples, compare_samples);

  return samples;
}

/* Device level ---------------------------------------------------------- */


#define N_OVERHEAD_KEYS 9
#define FIRST_KIND_KEY 4
#define LAST_KIND_KEY 7

/* The @k-th device key of @w, from the most specific to the most
 * general: efficiency depends on the precision (tensor cores, AMX) and
 * on the software as much as on the chip, so a device never measured
 * first takes the fit of its kind running the same framework
 * (FasterTransformer's fixed costs are a fraction of eager PyTorch's). */
static char *
device_key (guint       k,
            const char *id,
            const char *kind,
            const char *precision,
            const char *framework)
{
  switch (k)
    {
    case 0: return g_strconcat ("hw:", id, "|", precision, "|", framework, NULL);
    case 1: return g_strconcat ("hw:", id, "|", framework, NULL);
    case 2: return g_strconcat ("hw:", id, "|", precision, NULL);
    case 3: return g_strconcat ("hw:", id, NULL);
    case 4: return g_strconcat ("kind:", kind, "|", precision, "|", framework, NULL);
    case 5: return g_strconcat ("kind:", kind, "|", framework, NULL);
    case 6: return g_strconcat ("kind:", kind, "|", precision, NULL);
    case 7: return g_strconcat ("kind:", kind, NULL);
    default: return g_strdup ("*");
    }
}

static char *
overhead_key (PpWorkload *w,
              guint       k)
{
  PpHardwareSpec *hw = pp_workload_get_hardware (w);

  return device_key (k, pp_hardware_spec_get_id (hw),
                     pp_hardware_kind_to_string (pp_hardware_spec_get_kind (hw)),
                     pp_precision_to_string (pp_workload_get_precision (w)), framework_of (w));
}

static void
overhead_keys (PpWorkload *w,
               char       *keys[N_OVERHEAD_KEYS])
{
  for (guint k = 0; k < N_OVERHEAD_KEYS; k++)
    keys[k] = overhead_key (w, k);
}

/* Accelerators queue kernels ahead of their execution, so fixed costs
 * and work overlap; a CPU does one after the other. */
static gboolean
kind_overlaps (PpHardwareKind kind)
{
  return kind == PP_HARDWARE_KIND_GPU || kind == PP_HARDWARE_KIND_NPU;
}

static gboolean
overlaps (PpWorkload *w)
{
  return kind_overlaps (pp_hardware_spec_get_kind (pp_workload_get_hardware (w)));
}

/* What fixed costs are counted in, in encoder layers (12 kernels) so
 * that the fits keep their units. An accelerator's are the host's: it
 * launches kernels ahead of their execution, so each kernel costs its
 * launch, and a layer with RMSNorm written in Python and rotary
 * embeddings launches three times an encoder layer's. A CPU runs every
 * kernel itself: what it spends beyond the roofline (passes over the
 * activations the count leaves out, small products run below peak)
 * follows the layers. */
#define ENCODER_LAYER_KERNELS 12.0

static double
units_of (gboolean overlap,
          double   layers,
          double   kernels)
{
  return overlap ? kernels / ENCODER_LAYER_KERNELS : layers;
}

static double
fixed_units (gboolean                  overlap,
             const PpRooflineEstimate *r)
{
  return units_of (overlap, r->layers, r->kernels);
}

static double
sample_units (const Sample *s)
{
  return fixed_units (overlaps (s->workload), &s->roofline);
}

/* Least squares of t ≈ a·roofline + b + c·L in relative error, over
 * the coefficients in @mask (bit 0: a, bit 1: b, bit 2: c; the others
 * are 0); FALSE unless they come out non-negative, a positive if fitted,
 * and not all 0. */
static gboolean
solve_sum (GPtrArray *rows,
           guint      mask,
           Overhead  *o,
           double    *loss)
{
  double m[3][4] = { { 0 } }, x[3] = { 0 };
  guint cols[3], k = 0;

  for (guint j = 0; j < 3; j++)
    if (mask & (1u << j))
      cols[k++] = j;

  for (guint i = 0; i < rows->len; i++)
    {
      Sample *s = rows->pdata[i];
      double v[3] = { s->roofline.seconds / s->latency_s, 1 / s->latency_s,
                      sample_units (s) / s->latency_s };

      for (guint p = 0; p < k; p++)
        {
          for (guint q = 0; q < k; q++)
            m[p][q] += v[cols[p]] * v[cols[q]];
          m[p][k] += v[cols[p]];
        }
    }

  /* Gaussian elimination with partial pivoting on k ≤ 3 equations. */
  for (guint p = 0; p < k; p++)
    {
      guint best = p;

      for (guint q = p + 1; q < k; q++)
        if (fabs (m[q][p]) > fabs (m[best][p]))
          best = q;
      for (guint j = 0; j <= k; j++)
        {
          double t = m[p][j];

          m[p][j] = m[best][j];
          m[best][j] = t;
        }
      if (!(fabs (m[p][p]) > 1e-300))
        return FALSE;
      for (guint q = p + 1; q < k; q++)
        {
          double f = m[q][p] / m[p][p];

          for (guint j = p; j <= k; j++)
            m[q][j] -= f * m[p][j];
        }
    }
  for (guint p = k; p-- > 0;)
    {
      double t = m[p][k];

      for (guint j = p + 1; j < k; j++)
        t -= m[p][j] * x[cols[j]];
      x[cols[p]] = t / m[p][p];
    }

  o->a = x[0];
  o->b = x[1];
  o->c = x[2];
  if (!(o->a >= 0 && o->b >= 0 && o->c >= 0) || ((mask & 1) && !(o->a > 0)) || o->a + o->b + o->c <= 0)
    return FALSE;

  *loss = 0;
  for (guint i = 0; i < rows->len; i++)
    {
      Sample *s = rows->pdata[i];
      double e = (o->a * s->roofline.seconds + o->b + o->c * sample_units (s)) / s->latency_s - 1;

      *loss += e * e;
    }

  return TRUE;
}

static void config_init (Config     *c,
                         PpWorkload *w);

typedef struct
{
  double n, sr, st, srr, srt, units;
} LineSums;

static int
compare_intercepts (gconstpointer a,
                    gconstpointer b)
{
  const double *x = a, *y = b;

  if (x[0] != y[0])
    return x[0] < y[0] ? -1 : 1;
  return (x[1] > y[1]) - (x[1] < y[1]);
}

/* Fixed costs from the configurations measured at two batch sizes or
 * more: within one, t = e · roofline + fixed, whatever the model's own
 * efficiency e, so each line's intercept is its fixed cost; b + c · L
 * through those intercepts (the subset by BIC), then a by least squares
 * in relative error on every row. FALSE when no configuration has two
 * batch sizes, or the intercepts do not make non-negative costs. */
static gboolean
fit_sum_within (GPtrArray *rows,
                Overhead  *o)
{
  g_autoptr(GHashTable) lines = _pp_config_table_new (g_free);
  g_autoptr(GArray) fixed = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  GHashTableIter iter;
  gpointer value;
  double best_bic = INFINITY, num = 0, den = 0, n, sl = 0, sf = 0, sll = 0, slf = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      Sample *s = rows->pdata[i];
      Config config;
      LineSums *l;

      config_init (&config, s->workload);
      if (!(l = g_hash_table_lookup (lines, &config)))
        g_hash_table_insert (lines, g_memdup2 (&config, sizeof config), (l = g_new0 (LineSums, 1)));
      l->n++;
      l->sr += s->roofline.seconds;
      l->st += s->latency_s;
      l->srr += s->roofline.seconds * s->roofline.seconds;
      l->srt += s->roofline.seconds * s->latency_s;
      l->units = sample_units (s);
    }

  g_hash_table_iter_init (&iter, lines);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LineSums *l = value;
      double det = l->n * l->srr - l->sr * l->sr, slope, point[2];

      if (l->n < 2 || !(det > 1e-12 * l->srr * l->n))
        continue;
      slope = (l->n * l->srt - l->sr * l->st) / det;
      if (!(slope > 0))
        continue;
      point[0] = l->units;
      point[1] = (l->st - slope * l->sr) / l->n;
      g_array_append_val (fixed, point);
    }

  if (fixed->len == 0)
    return FALSE;
  n = fixed->len;
  /* Summed in one order, whatever order the table gave them in. */
  g_array_sort (fixed, compare_intercepts);

  for (guint i = 0; i < fixed->len; i++)
    {
      const double *p = &g_array_index (fixed, double, i * 2);

      sl += p[0]; sf += p[1]; sll += p[0] * p[0]; slf += p[0] * p[1];
    }

  /* b alone, c alone, or both, in absolute error on the intercepts. */
  for (guint mask = 1; mask <= 3; mask++)
    {
      double b = 0, c = 0, loss = 0, bic;

      if (mask == 1)
        b = sf / n;
      else if (mask == 2)
        c = sll > 0 ? slf / sll : -1;
      else if (n >= 3 && n * sll - sl * sl > 1e-9 * sll * n)
        {
          c = (n * slf - sl * sf) / (n * sll - sl * sl);
          b = (sf - c * sl) / n;
        }
      else
        continue;
      if (!(b >= 0 && c >= 0))
        continue;
      for (guint i = 0; i < fixed->len; i++)
        {
          const double *p = &g_array_index (fixed, double, i * 2);
          double e = b + c * p[0] - p[1];

          loss += e * e;
        }
      bic = n * log (MAX (loss / n, 1e-18)) + (mask == 3 ? 2 : 1) * log (n);
      if (bic < best_bic)
        {
          best_bic = bic;
          o->b = b;
          o->c = c;
        }
    }

  if (!isfinite (best_bic))
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      Sample *s = rows->pdata[i];
      double v = s->roofline.seconds / s->latency_s;

      num += v * (1 - (o->b + o->c * sample_units (s)) / s->latency_s);
      den += v * v;
    }
  o->a = num / den;

  return o->a > 0;
}

/* A CPU adds its fixed costs to the work (see device_latency()), so all
 * three are fitted together on every row: t = a·roofline + b + c·L,
 * the subset of b and c chosen by the Bayesian information criterion.
 * Taking the efficiency from the fastest rows instead, as on
 * accelerators, mistakes a model that runs at half the device's best
 * efficiency for one bound by fixed costs: with only batch 8 measured
 * on the H200 file's Xeon, that put 60 ms of fixed costs on BERT-base
 * and predicted its batch 1 at 2.4 times its measured 34 ms. */
static gboolean
fit_sum_overhead (GPtrArray *rows,
                  Overhead  *o)
{
  double best_bic = INFINITY;

  if (fit_sum_within (rows, o))
    return TRUE;

  for (guint mask = 1; mask <= 7; mask += 2)
    {
      Overhead f;
      double loss, bic;

      if (!solve_sum (rows, mask, &f, &loss))
        continue;
      bic = rows->len * log (MAX (loss, 1e-12) / rows->len) + __builtin_popcount (mask) * log (rows->len);
      if (bic < best_bic)
        {
          best_bic = bic;
          *o = f;
        }
    }

  return isfinite (best_bic);
}

/* An accelerator's efficiency is the ratio of measured to roofline time
 * that its best-running twentieth of workloads reach; workloads far
 * slower than that are bound by fixed costs per call and per unit of
 * depth (kernel launches, framework dispatch), fitted as b + c · units and
 * chosen by the Bayesian information criterion. */
static gboolean
fit_overhead (GPtrArray *rows,
              Overhead  *o)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) bound = g_ptr_array_new ();
  double best_bic = INFINITY;

  for (guint i = 0; i < rows->len; i++)
    {
      Sample *s = rows->pdata[i];
      double ratio = s->latency_s / s->roofline.seconds;

      g_array_append_val (ratios, ratio);
    }
  g_array_sort (ratios, _pp_compare_doubles);
  o->a = g_array_index (ratios, double, ratios->len / 20);
  o->b = o->c = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      Sample *s = rows->pdata[i];

      if (s->latency_s > 2 * o->a * s->roofline.seconds)
        g_ptr_array_add (bound, s);
    }

  /* b, c, or both (bits 1 and 2 of solve_sum()'s mask). */
  for (guint mask = 2; bound->len >= 3 && mask <= 6; mask += 2)
    {
      Overhead f;
      double loss, bic;

      if (!solve_sum (bound, mask, &f, &loss))
        continue;
      bic = bound->len * log (MAX (loss, 1e-12) / bound->len) + __builtin_popcount (mask) * log (bound->len);
      if (bic < best_bic)
        {
          best_bic = bic;
          o->b = f.b;
          o->c = f.c;
        }
    }

  return isfinite (o->a) && o->a > 0;
}

static gboolean
all_add (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    if (overlaps (((Sample *)rows->pdata[i])->workload))
      return FALSE;

  return TRUE;
}

/* The samples measuring @quantity, grouped under every device key of
 * their workload (see overhead_keys()). */
static GHashTable *
group_by_device (GPtrArray *samples,
                 HeadKind   quantity)
{
  GHashTable *groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify)g_ptr_array_unref);

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = samples->pdata[i];
      char *keys[N_OVERHEAD_KEYS];

      if (isnan (quantity == HEAD_MEMORY ? s->memory_bytes : s->latency_s))
        continue;

      overhead_keys (s->workload, keys);
      for (guint k = 0; k < N_OVERHEAD_KEYS; k++)
        {
          GPtrArray *rows = g_hash_table_lookup (groups, keys[k]);

          if (rows == NULL)
            g_hash_table_insert (groups, g_strdup (keys[k]), (rows = g_ptr_array_new ()));
          g_ptr_array_add (rows, s);
          g_free (keys[k]);
        }
    }

  return groups;
}

static double
resident_bytes (const PpRooflineEstimate *r)
{
  return r->weight_bytes + r->kv_cache_bytes;
}

/* What the device-level fit says a call holds: the roofline's weights
 * and cache, the runtime's constant and the counted activations scaled;
 * from the roofline's peak less its activations when given (a crossing
 * stores only those two). */
static double
fitted_memory (const MemoryFit *fit,
               double           peak,
               double           activations)
{
  return peak - activations + fit->b + fit->c * activations;
}

/* Least squares of memory ≈ resident + b + c · activations in relative
 * error; b alone (c = 1) when the two do not come out non-negative, as
 * when every row has about the same activations. */
static gboolean
fit_memory (GPtrArray *rows,
            MemoryFit *fit)
{
  double m11 = 0, m12 = 0, m22 = 0, y1 = 0, y2 = 0, det;

  for (guint i = 0; i < rows->len; i++)
    {
      Sample *s = rows->pdata[i];
      double w = 1 / (s->memory_bytes * s->memory_bytes);
      double a = s->roofline.activation_bytes;
      double y = s->memory_bytes - resident_bytes (&s->roofline);

      m11 += w;
      m12 += w * a;
      m22 += w * a * a;
      y1 += w * y;
      y2 += w * a * y;
    }

  det = m11 * m22 - m12 * m12;
  fit->b = (y1 * m22 - y2 * m12) / det;
  fit->c = (m11 * y2 - m12 * y1) / det;
  if (fabs (det) > 1e-12 * m11 * m22 && fit->b >= 0 && fit->c > 0)
    return TRUE;

  fit->c = 1;
  fit->b = (y1 - m12) / m11;
  return fit->b >= 0;
}

/* Every device key's latency fit (Overhead) and memory fit (MemoryFit),
 * each from the rows that measured it. */
static void
fit_device_levels (Model     *model,
                   GPtrArray *samples)
{
  for (HeadKind h = 0; h < N_HEADS; h++)
    {
      g_autoptr(GHashTable) groups = group_by_device (samples, h);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, groups);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GPtrArray *rows = value;
          Overhead o;
          MemoryFit fit;

          if (h == HEAD_LATENCY && rows->len >= MIN_OVERHEAD_ROWS &&
              ((all_add (rows) && fit_sum_overhead (rows, &o)) || fit_overhead (rows, &o)))
            g_hash_table_insert (model->overheads, g_strdup (key), g_memdup2 (&o, sizeof o));
          else if (h == HEAD_MEMORY && rows->len >= MIN_MEMORY_ROWS && fit_memory (rows, &fit))
            g_hash_table_insert (model->memory_fits, g_strdup (key), g_memdup2 (&fit, sizeof fit));
        }
    }
}

/* The device-level fits, resolved once for every device, precision and
 * framework the data knows (and every kind of device), so that a
 * prediction finds them by pointers instead of building and hashing the
 * keys above. A device level entry has kind N_KINDS; a kind level entry
 * has no device. A framework nobody measured is NULL: only the keys
 * without a framework can match it. */
#define N_KINDS N_DEVICE_KINDS

/* resolve_device() tells the keys naming a framework by k % 4. */
G_STATIC_ASSERT (FIRST_KIND_KEY == 4 && LAST_KIND_KEY == 7 && N_OVERHEAD_KEYS == 9);

typedef struct
{
  const char *hardware;        /* interned, or NULL */
  const char *framework;       /* interned, or NULL */
  guint precision;
  guint kind;
} DeviceKey;

typedef struct
{
  DeviceKey key;
  /* Borrowed from the model's tables; NULL when no key matched */
  const Overhead *overhead;
  const MemoryFit *memory_fit;
  /* Whether the overhead's key named the framework */
  gboolean overhead_by_framework;
  /* Whether the device was measured running the framework */
  gboolean software_measured;
} DeviceFits;

static guint
device_key_hash (gconstpointer p)
{
  const DeviceKey *k = p;

  return g_direct_hash (k->hardware) * 31 + g_direct_hash (k->framework) * 17 +
         k->precision * 7 + k->kind;
}

static gboolean
device_key_equal (gconstpointer a,
                  gconstpointer b)
{
  const DeviceKey *x = a, *y = b;

  return x->hardware == y->hardware && x->framework == y->framework &&
         x->precision == y->precision && x->kind == y->kind;
}

/* The first fit among keys @first to @last for these names. */
static void
resolve_device (const Model *model,
                DeviceFits  *fits,
                guint        first,
                guint        last,
                const char  *id,
                const char  *kind,
                const char  *precision,
                const char  *framework)
{
  for (guint k = first; k <= last; k++)
    {
      g_autofree char *key = NULL;

      /* Keys 0, 1, 4 and 5 name the framework (see device_key()). */
      if (framework == NULL && (k % 4 == 0 || k % 4 == 1))
        continue;
      if (fits->overhead != NULL && fits->memory_fit != NULL)
        break;

      key = device_key (k, id, kind, precision, framework);
      if (fits->overhead == NULL)
        {
          fits->overhead = g_hash_table_lookup (model->overheads, key);
          fits->overhead_by_framework = fits->overhead != NULL && framework != NULL &&
                                        (k % 4 == 0 || k % 4 == 1);
        }
      if (fits->memory_fit == NULL)
        fits->memory_fit = g_hash_table_lookup (model->memory_fits, key);
    }
}

static void
add_device_fits (Model      *model,
                 const char *hardware,
                 guint       kind,
                 guint       precision,
                 const char *framework)
{
  DeviceFits *fits = g_new0 (DeviceFits, 1);

  fits->key = (DeviceKey) { hardware, framework, precision, kind };
  if (hardware != NULL && framework != NULL)
    {
      g_autofree char *pair = g_strconcat (hardware, "\x1f", framework, NULL);

      fits->software_measured = g_hash_table_contains (model->software, pair);
    }
  if (hardware != NULL)
    resolve_device (model, fits, 0, FIRST_KIND_KEY - 1, hardware, NULL,
                    pp_precision_to_string (precision), framework);
  else
    resolve_device (model, fits, FIRST_KIND_KEY, LAST_KIND_KEY, NULL,
                    pp_hardware_kind_to_string (kind), pp_precision_to_string (precision),
                    framework);
  g_hash_table_add (model->device_index, fits);
}

void
_pp_model_index_devices (Model *model)
{
  g_clear_pointer (&model->device_index, g_hash_table_unref);
  model->device_index = g_hash_table_new_full (device_key_hash, device_key_equal, g_free, NULL);
  model->overall = g_hash_table_lookup (model->overheads, "*");
  model->overall_memory_fit = g_hash_table_lookup (model->memory_fits, "*");

  for (guint p = 0; p < PP_N_PRECISIONS; p++)
    for (guint f = 0; f <= model->frameworks->len; f++)
      {
        const char *framework = f < model->frameworks->len
                                ? g_intern_string (model->frameworks->pdata[f]) : NULL;

        for (guint d = 0; d < model->devices->len; d++)
          add_device_fits (model, g_intern_string (model->devices->pdata[d]), N_KINDS, p,
                           framework);
        for (guint k = 0; k < N_KINDS; k++)
          add_device_fits (model, NULL, k, p, framework);
      }
}

static const DeviceFits *
find_device_fits (const Model *model,
                  const char  *hardware,
                  guint        kind,
                  guint        precision,
                  const char  *framework)
{
  DeviceKey key = { hardware, framework, precision, kind };
  const DeviceFits *fits = g_hash_table_lookup (model->device_index, &key);

  if (fits == NULL && framework != NULL)
    {
      key.framework = NULL;
      fits = g_hash_table_lookup (model->device_index, &key);
    }

  return fits;
}

/* The device level when nothing at all was fitted: the roofline. */
static const Overhead roofline_only = { 1, 0, 0 };

/* The most specific device-level fits for @w: latency (the roofline
 * alone when nothing like it was measured) and memory (NULL then), and
 * the latency fit for every device of its kind, which is what is known
 * of a device that was never measured (NULL when none).
 *
 * A device never measured with @w's software takes the latency fit of
 * its kind running that software when there is one: fixed costs are
 * the software's more than the chip's. Leaving out each device's runs
 * of one framework in the public NVIDIA files (two sets of 20 of the 81
 * pairs with 8 rows or more on a device measured with others, see
 * docs/scripts/held-out-software.py), 63.1% and 58.8% of their
 * latencies came within ±25% from the device's own fit of other
 * software, 68.3% and 61.9% this way (MAPE 27.8% → 27.9%, 26.7% →
 * 27.6%; coverage 84.6% → 90.2%, 91.8% → 91.8%). Taking the kind's fit
 * also where the device ran the software but too little of it for a
 * fit of its own did better there (72.0%, 63.8%) but moved the
 * training rows' estimates, and new GPUs lost 1.4 points. */
static void
lookup_device (const Model      *model,
               PpWorkload       *w,
               const Overhead  **overhead,
               const Overhead  **kind_overhead,
               const MemoryFit **memory_fit)
{
  PpHardwareSpec *hw = pp_workload_get_hardware (w);
  guint precision = pp_workload_get_precision (w);
  const char *framework = framework_of (w);
  const DeviceFits *device = find_device_fits (model, pp_hardware_spec_get_id (hw), N_KINDS,
                                               precision, framework);
  const DeviceFits *kind = find_device_fits (model, NULL, pp_hardware_spec_get_kind (hw), precision,
                                             framework);

  *kind_overhead = kind ? kind->overhead : NULL;
  *overhead = device && device->overhead ? device->overhead : *kind_overhead;
  if (device && device->overhead && !device->software_measured &&
      kind && kind->overhead && kind->overhead_by_framework)
    *overhead = kind->overhead;
  *memory_fit = device && device->memory_fit ? device->memory_fit : kind ? kind->memory_fit : NULL;
  if (*overhead == NULL)
    *overhead = model->overall;
  if (*memory_fit == NULL)
    *memory_fit = model->overall_memory_fit;
  if (*overhead == NULL)
    *overhead = &roofline_only;
}

/* These take overlaps() of the workload, which a Query keeps. */
static double
device_floor (const Overhead           *o,
              gboolean                  overlap,
              const PpRooflineEstimate *r)
{
  return o->b + o->c * fixed_units (overlap, r);
}

static double
device_latency (const Overhead           *o,
                gboolean                  overlap,
                const PpRooflineEstimate *r)
{
  if (overlap)
    return MAX (device_floor (o, overlap, r), o->a * r->seconds);

  return device_floor (o, overlap, r) + o->a * r->seconds;
}

/* The device-level analytic value. Latency: fixed costs and the work at
 * the device's efficiency, overlapping on accelerators. Memory: the
 * roofline's count through the most specific memory fit, or the count
 * alone when there is none (fewer than MIN_MEMORY_ROWS memory rows in
 * all). */
static double
device_base (const Query *q,
             HeadKind     head)
{
  if (head == HEAD_MEMORY)
    return q->memory_fit != NULL
           ? fitted_memory (q->memory_fit, q->roofline->peak_memory_bytes, q->roofline->activation_bytes)
           : q->roofline->peak_memory_bytes;

  return MAX (device_latency (q->overhead, q->overlap, q->roofline), 1e-9);
}

/* What bounds a call predicted to take @latency_s: its fixed costs
 * (the device fit's, per call and per kernel or layer) when they are at
 * least half of it, else the larger of the roofline's two terms. The
 * prediction, not the device fit's own estimate, is what they are
 * weighed against: a configuration measured at other batch sizes can be
 * bound by work where the fit would put fixed costs above it. */
PpBottleneck
_pp_model_bottleneck (const Query *q,
                      double       latency_s)
{
  const PpRooflineEstimate *r = q->roofline;

  if (!isfinite (r->seconds) || !(latency_s > 0))
    return PP_BOTTLENECK_UNKNOWN;
  if (device_floor (q->overhead, q->overlap, r) >= latency_s / 2)
    return PP_BOTTLENECK_FIXED_COSTS;

  return r->compute_seconds >= r->memory_seconds ? PP_BOTTLENECK_COMPUTE : PP_BOTTLENECK_BANDWIDTH;
}

/* Anchors --------------------------------------------------------------- */

/* An input size as a key holds it: a whole size below a million as it
 * is, any other at the six significant digits "%g" writes (sizes
 * computed two ways differ in their last digits, and keys were text
 * once). */
double
_pp_key_size (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (v >= 0 && v < 1e6 && v == floor (v))
    return (guint)v;           /* and -0 as 0 */

  return g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%g", v), NULL);
}

/* @w's configuration (see Config). */
static void
config_init (Config     *c,
             PpWorkload *w)
{
  *c = (Config) {
    .model = pp_model_spec_get_id (pp_workload_get_model (w)),
    .device = pp_hardware_spec_get_id (pp_workload_get_hardware (w)),
    .framework = framework_of (w),
    .input = _pp_key_size (pp_workload_get_input_size (w)),
    .precision = pp_workload_get_precision (w),
    .seq = pp_workload_get_seq_len (w),
    .phase = pp_workload_get_phase (w),
    .threads = pp_workload_get_threads (w),
  };
}

guint
_pp_config_hash (gconstpointer p)
{
  const Config *c = p;
  guint64 input;
  guint h;

  memcpy (&input, &c->input, sizeof input);
  h = g_direct_hash (c->model);
  h = h * 31 + g_direct_hash (c->device);
  h = h * 31 + g_direct_hash (c->framework);
  h = h * 31 + (guint)(input ^ (input >> 32));
  h = h * 31 + c->precision;
  h = h * 31 + c->seq;
  h = h * 31 + c->phase;
  h = h * 31 + c->threads;

  return h * 31 + c->batch;
}

gboolean
_pp_config_equal (gconstpointer a,
                  gconstpointer b)
{
  const Config *x = a, *y = b;

  /* Sizes compare as bits: _pp_key_size() makes equal sizes equal bits. */
  return x->model == y->model && x->device == y->device && x->framework == y->framework &&
         memcmp (&x->input, &y->input, sizeof x->input) == 0 &&
         x->precision == y->precision && x->seq == y->seq && x->phase == y->phase &&
         x->threads == y->threads && x->batch == y->batch;
}

static int
compare_names (const char *a,
               const char *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);

  return strcmp (a, b);
}

/* An order of keys, names before numbers, so that a saved fit lists
 * them the same way every time. */
int
_pp_config_compare (const Config *a,
                    const Config *b)
{
  int c;

  if ((c = compare_names (a->model, b->model)) != 0 ||
      (c = compare_names (a->device, b->device)) != 0 ||
      (c = compare_names (a->framework, b->framework)) != 0)
    return c;
  if (a->precision != b->precision)
    return a->precision < b->precision ? -1 : 1;
  if (a->seq != b->seq)
    return a->seq < b->seq ? -1 : 1;
  if (a->phase != b->phase)
    return a->phase < b->phase ? -1 : 1;
  if (a->threads != b->threads)
    return a->threads < b->threads ? -1 : 1;
  if (a->batch != b->batch)
    return a->batch < b->batch ? -1 : 1;
  if (a->input != b->input && !isnan (a->input) && !isnan (b->input))
    return a->input < b->input ? -1 : 1;

  return memcmp (&a->input, &b->input, sizeof a->input);
}

/* A table keyed by Config, which it copies. */
GHashTable *
_pp_config_table_new (GDestroyNotify value_free)
{
  return g_hash_table_new_full (_pp_config_hash, _pp_config_equal, g_free, value_free);
}

/* The value under @key, inserted by @value_new when there is none. */
static gpointer
config_table_ensure (GHashTable   *table,
                     const Config *key,
                     gpointer    (*value_new) (void))
{
  gpointer value = g_hash_table_lookup (table, key);

  if (value == NULL)
    g_hash_table_insert (table, g_memdup2 (key, sizeof *key), (value = value_new ()));

  return value;
}

/* The keys of the other tables, from a configuration. A configuration
 * measured on another device is a crossing at the same batch size; a
 * sibling is any model of the family in the same configuration; a shape
 * is the configuration at every sequence length and input size; support
 * counts the rows of a model, device and precision. */
static Config
crossing_of (const Config *c,
             guint         batch)
{
  Config x = *c;

  x.device = NULL;
  x.batch = batch;
  return x;
}

static Config
siblings_of (const Config *c,
             const char   *family)
{
  Config x = *c;

  x.model = family;
  return x;
}

static Config
shape_of (const Config *c)
{
  Config x = *c;

  x.seq = 0;
  x.input = 0;
  return x;
}

static Config
support_of (PpWorkload *w)
{
  return (Config) {
    .model = pp_model_spec_get_id (pp_workload_get_model (w)),
    .device = pp_hardware_spec_get_id (pp_workload_get_hardware (w)),
    .precision = pp_workload_get_precision (w),
  };
}

static int
compare_anchors (gconstpointer a,
                 gconstpointer b)
{
  double x = ((const Anchor *)a)->batch, y = ((const Anchor *)b)->batch;

  return x < y ? -1 : x > y;
}

/* Repeated measurements of one batch size average (in log). */
static void
merge_value (double *into,
             guint  *count,
             double  value)
{
  if (isnan (value))
    return;

  *into = isnan (*into) ? value : exp ((log (*into) * *count + log (value)) / (*count + 1));
  (*count)++;
}

static gpointer
anchors_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (Anchor));
}

static gpointer
crossings_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (Crossing));
}

static void
add_anchor (GHashTable   *anchors,
            const Sample *s,
            const Config *config)
{
  GArray *points = config_table_ensure (anchors, config, anchors_new);
  Anchor anchor = {
    pp_workload_get_batch (s->workload), s->latency_s, s->roofline.seconds,
    s->memory_bytes, s->roofline.peak_memory_bytes, !isnan (s->latency_s), !isnan (s->memory_bytes),
  };

  for (guint i = 0; i < points->len; i++)
    {
      Anchor *a = &g_array_index (points, Anchor, i);

      if (a->batch == anchor.batch)
        {
          merge_value (&a->latency, &a->n_latency, anchor.latency);
          merge_value (&a->memory, &a->n_memory, anchor.memory);
          return;
        }
    }

  g_array_append_val (points, anchor);
  g_array_sort (points, compare_anchors);
}

/* @s as a crossing, or as a sibling: @other names the device it ran on,
 * or its model. */
static void
add_crossing (GHashTable   *table,
              const Sample *s,
              const Config *key,
              const char   *other)
{
  GArray *points = config_table_ensure (table, key, crossings_new);
  Crossing c = {
    other, /* interned */
    pp_workload_get_batch (s->workload),
    s->latency_s, s->roofline.seconds, s->roofline.layers, s->roofline.kernels, s->memory_bytes,
    s->roofline.peak_memory_bytes, s->roofline.activation_bytes,
  };

  g_array_append_val (points, c);
}

/* Models of one family share their code and so their kernels: a sibling
 * measured in the same setting on this device, at any batch size, is
 * evidence for a model nobody measured. */
static void
build_anchors (Model     *model,
               GPtrArray *samples)
{
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = samples->pdata[i];
      PpModelSpec *spec = pp_workload_get_model (s->workload);
      const char *family = pp_model_spec_get_family (spec);
      Config config, key;

      config_init (&config, s->workload);
      add_anchor (model->anchors, s, &config);
      key = crossing_of (&config, pp_workload_get_batch (s->workload));
      add_crossing (model->crossings, s, &key, config.device);
      if (family != NULL)
        {
          key = siblings_of (&config, family);
          add_crossing (model->siblings, s, &key, config.model);
        }
    }
}

/* Sequence lengths ------------------------------------------------------ */

/* A configuration at another sequence length or input size launches the
 * same kernels, at much the same efficiency: its anchors, read at this
 * workload's roofline, say more than any device-level fit. Shapes group
 * the anchors of configurations that differ only there. */
typedef struct
{
  double seq;
  double input;
  GArray *anchors;             /* borrowed from the model's anchors */
} Shape;

static int
compare_shapes (gconstpointer a,
                gconstpointer b)
{
  const Shape *x = *(const Shape * const *)a, *y = *(const Shape * const *)b;

  if (x->seq != y->seq)
    return x->seq < y->seq ? -1 : 1;
  return (x->input > y->input) - (x->input < y->input);
}

static guint
count_latency (GArray *anchors)
{
  guint n = 0;

  for (guint i = 0; anchors != NULL && i < anchors->len; i++)
    n += !isnan (g_array_index (anchors, Anchor, i).latency);

  return n;
}

static gpointer
shapes_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

/* Builds the model's shapes (configurations less their sequence length
 * and input size, with the anchors at each) and the set of devices and
 * the software they were measured with, both from the anchors. */
void
_pp_model_index_shapes (Model *model)
{
  GHashTableIter iter;
  gpointer key, value;

  g_clear_pointer (&model->shapes, g_hash_table_unref);
  g_clear_pointer (&model->software, g_hash_table_unref);
  model->shapes = _pp_config_table_new ((GDestroyNotify)g_ptr_array_unref);
  model->software = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_iter_init (&iter, model->anchors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Config *config = key;
      Shape shape = { config->seq, config->input, value };
      Config k = shape_of (config);

      g_hash_table_add (model->software, g_strconcat (config->device, "\x1f", config->framework, NULL));

      /* Only latency is read from other lengths (see model_base()). */
      if (count_latency (value) > 0)
        g_ptr_array_add (config_table_ensure (model->shapes, &k, shapes_new),
                         g_memdup2 (&shape, sizeof shape));
    }

  g_hash_table_iter_init (&iter, model->shapes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_sort (value, compare_shapes);
}

/* The anchors of @config's shape at the sequence length and input size
 * nearest its own in ratio (the shorter on a tie), other than its own;
 * NULL when there are none. */
static GArray *
nearest_shape (const Model  *model,
               const Config *config)
{
  Config k = shape_of (config);
  GPtrArray *list = g_hash_table_lookup (model->shapes, &k);
  double seq = config->seq, input = config->input, best = INFINITY;
  GArray *found = NULL;

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const Shape *shape = list->pdata[i];
      double d = fabs (log ((1 + shape->seq) / (1 + seq))) +
                 fabs (log ((1 + shape->input) / (1 + input)));

      if (d > 0 && d < best)
        {
          best = d;
          found = shape->anchors;
        }
    }

  return found;
}

static double
kind_latency (const Overhead           *o,
              gboolean                  overlap,
              double                    seconds,
              double                    layers,
              double                    kernels)
{
  PpRooflineEstimate r = { 0 };

  r.seconds = seconds;
  r.layers = layers;
  r.kernels = kernels;
  return device_latency (o, overlap, &r);
}

/* The same configuration and batch measured on other devices, carried
 * over by the ratio of what the kind-level fit expects on each: as the
 * roofline when the work dominates, unchanged when fixed costs do. The
 * geometric mean over the other devices; NaN when there are none. */
static double
crossed_base (const Query    *q,
              GArray         *points,
              const char     *self_id,
              const Overhead *scale,
              HeadKind        head)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      const Crossing *c = &g_array_index (points, Crossing, i);
      double estimate;

      if (g_str_equal (c->hardware, self_id))
        continue;

      if (head == HEAD_MEMORY)
        estimate = c->memory * q->roofline->peak_memory_bytes / c->roofline_mem;
      else if (scale != NULL)
        estimate = c->latency * kind_latency (scale, q->overlap, q->roofline->seconds, q->roofline->layers,
                                              q->roofline->kernels) /
                   kind_latency (scale, q->overlap, c->roofline_s, c->layers, c->kernels);
      else
        estimate = NAN;

      if (isfinite (estimate) && estimate > 0)
        {
          sum += log (estimate);
          n++;
        }
    }

  return n ? exp (sum / n) : NAN;
}

/* What a sibling's measurements in one setting say of its fixed costs
 * and its efficiency. On an accelerator, whose calls take the longer of
 * the two, its fastest call bounds the fixed costs, and its best ratio
 * of measured to roofline time is its efficiency if some call was bound
 * by work (twice its fastest). On a CPU, which adds them, the
 * least-squares line t = floor + efficiency · roofline through its batch
 * sizes. */
typedef struct
{
  const char *model;
  double floor;
  double efficiency;
  double units;
  double slowest;
  double n;
  double sr, st, srr, srt;
} SiblingFit;

static gboolean
sibling_fit_finish (SiblingFit *f,
                    gboolean    overlap)
{
  double det = f->n * f->srr - f->sr * f->sr;

  if (overlap)
    return f->slowest >= 2 * f->floor;

  if (f->n < 2 || !(fabs (det) > 0))
    return FALSE;

  f->efficiency = (f->n * f->srt - f->sr * f->st) / det;
  f->floor = (f->st - f->efficiency * f->sr) / f->n;
  if (f->efficiency <= 0 || f->floor < 0)
    {
      f->efficiency = f->st / f->sr;
      f->floor = 0;
    }
  return TRUE;
}

/* The family's fixed costs at depth @units (fixed_units()): through the
 * siblings' fixed costs as a + b · units when they were measured at two
 * depths or more (the part every call pays and the part each unit adds),
 * in proportion to the depth of the nearest one otherwise. Neither part
 * can be negative: when the unconstrained line has one so, the better of
 * the two lines on the boundary (a constant, or proportional to the
 * depth) is taken.
 * Llama's decode steps on the H200 cost about the same at 22 and 32
 * layers; a constant, not 12/22 of the 1.1B's, is what they say of the
 * 160M. */
static double
family_floor (const SiblingFit *fits,
              guint             n_fits,
              double            units)
{
  double n = 0, sl = 0, sf = 0, sll = 0, slf = 0, sff = 0, det, slope, intercept;
  const SiblingFit *nearest = NULL;

  for (guint k = 0; k < n_fits; k++)
    {
      const SiblingFit *f = &fits[k];

      if (nearest == NULL || fabs (log (f->units / units)) < fabs (log (nearest->units / units)))
        nearest = f;
      n++;
      sl += f->units;
      sf += f->floor;
      sll += f->units * f->units;
      slf += f->units * f->floor;
      sff += f->floor * f->floor;
    }

  det = n * sll - sl * sl;
  if (n >= 2 && det > 1e-9 * sll * n)
    {
      slope = (n * slf - sl * sf) / det;
      intercept = (sf - slope * sl) / n;
      if (slope >= 0 && intercept >= 0)
        return intercept + slope * units;

      /* Sums of squares of f − a (slope 0, a the mean) and of
       * f − b · l (through the origin), expanded. */
      intercept = sf / n;
      slope = slf / sll;
      if (sff - sf * intercept <= sff - slf * slope)
        return intercept;
      return slope * units;
    }

  return nearest->floor * units / nearest->units;
}

/* The latency of a model nobody measured here, from its family's models
 * measured in the same setting: their fixed costs carried over by the
 * depth (a family's layers launch the same kernels), the work at the
 * efficiency of the nearest sibling that was ever bound by work, or at
 * the device's. NaN when the family has no such model. */
static double
sibling_latency (const Query *q)
{
  const char *self = pp_model_spec_get_id (pp_workload_get_model (q->workload)); /* interned */
  gboolean overlap = q->overlap;
  const PpRooflineEstimate *r = q->roofline;
  double units = fixed_units (overlap, r);
  SiblingFit fits[8];
  guint n_fits = 0;
  const SiblingFit *worker = NULL;
  double floor, efficiency;

  for (guint i = 0; q->siblings != NULL && i < q->siblings->len; i++)
    {
      const Crossing *c = &g_array_index (q->siblings, Crossing, i);
      double sibling_units = units_of (overlap, c->layers, c->kernels);
      SiblingFit *f = NULL;

      if (c->hardware == self || isnan (c->latency) || !(c->roofline_s > 0) || !(sibling_units > 0))
        continue;

      for (guint k = 0; k < n_fits && f == NULL; k++)
        if (fits[k].model == c->hardware)
          f = &fits[k];
      /* A family seldom has more than a few models measured in one
       * setting; past eight, the others are not consulted. */
      if (f == NULL)
        {
          if (n_fits == G_N_ELEMENTS (fits))
            continue;
          f = &fits[n_fits++];
          *f = (SiblingFit) { c->hardware, INFINITY, INFINITY, sibling_units, 0 };
        }

      f->floor = MIN (f->floor, c->latency);
      f->slowest = MAX (f->slowest, c->latency);
      f->efficiency = MIN (f->efficiency, c->latency / c->roofline_s);
      f->n++;
      f->sr += c->roofline_s;
      f->st += c->latency;
      f->srr += c->roofline_s * c->roofline_s;
      f->srt += c->roofline_s * c->latency;
    }

  if (n_fits == 0 || !(units > 0))
    return NAN;

  for (guint k = 0; k < n_fits; k++)
    if (sibling_fit_finish (&fits[k], overlap) &&
        (worker == NULL || fabs (log (fits[k].units / units)) < fabs (log (worker->units / units))))
      worker = &fits[k];

  floor = family_floor (fits, n_fits, units);
  efficiency = worker ? worker->efficiency : q->overhead->a;

  if (overlap)
    return MAX (floor, efficiency * r->seconds);

  return floor + efficiency * r->seconds;
}

/* The memory of a model nobody measured here, from its family's models
 * at the same batch size: what the device-level fit expects of it, plus
 * what the siblings held beyond what it expected of them (additive: what
 * the count misses, such as a prompt's logits, is the same for every
 * size of a family). Without a device fit, its own resident bytes and
 * the siblings' memory beyond theirs scaled by the roofline's
 * activations. */
static double
sibling_memory (const Query *q)
{
  const char *self = pp_model_spec_get_id (pp_workload_get_model (q->workload)); /* interned */
  const PpRooflineEstimate *r = q->roofline;
  double batch = q->batch;
  double sum = 0;
  guint n = 0;

  for (guint i = 0; q->siblings != NULL && i < q->siblings->len; i++)
    {
      const Crossing *c = &g_array_index (q->siblings, Crossing, i);
      double sibling_resident = c->roofline_mem - c->roofline_activations;
      double estimate;

      if (q->memory_fit != NULL)
        estimate = fitted_memory (q->memory_fit, r->peak_memory_bytes, r->activation_bytes) + c->memory -
                   fitted_memory (q->memory_fit, c->roofline_mem, c->roofline_activations);
      else
        estimate = resident_bytes (r) +
                   (c->memory - sibling_resident) * r->activation_bytes / c->roofline_activations;

      if (c->hardware != self && c->batch == batch && isfinite (estimate) && estimate > 0)
        {
          sum += log (estimate);
          n++;
        }
    }

  return n ? exp (sum / n) : NAN;
}

/* The measured neighbours of a batch size in its configuration: the
 * largest measured batch at or below it and the smallest above it,
 * skipping @exclude_batch and rows without the quantity. */
static void
find_neighbours (GArray         *points,
                 HeadKind        head,
                 double          batch,
                 guint           exclude_batch,
                 const Anchor  **below,
                 const Anchor  **above)
{
  *below = *above = NULL;

  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      const Anchor *a = &g_array_index (points, Anchor, i);

      if (a->batch == exclude_batch || isnan (head == HEAD_LATENCY ? a->latency : a->memory))
        continue;
      if (a->batch <= batch)
        *below = a;
      else if (*above == NULL)
        *above = a;
    }
}

/* The two measured batch sizes of a configuration nearest to @batch in
 * ratio, skipping @exclude_batch; @second is NULL when there is only
 * one. */
static void
find_nearest_two (GArray        *points,
                  double         batch,
                  guint          exclude_batch,
                  const Anchor **first,
                  const Anchor **second)
{
  double d_first = INFINITY, d_second = INFINITY;

  *first = *second = NULL;

  /* Each anchor's distance is taken once, not at every comparison:
   * these logs took 4% of a prediction. */
  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      const Anchor *a = &g_array_index (points, Anchor, i);
      double d;

      if (a->batch == exclude_batch || isnan (a->latency))
        continue;
      d = fabs (log (a->batch / batch));
      if (*first == NULL || d < d_first)
        {
          *second = *first;
          d_second = d_first;
          *first = a;
          d_first = d;
        }
      else if (*second == NULL || d < d_second)
        {
          *second = a;
          d_second = d;
        }
    }
}

/* Through two measured batch sizes of the configuration, the line
 * t = fixed + efficiency · roofline that they lie on: what the
 * configuration itself says of its fixed costs and its efficiency,
 * where a device-level fit would impose the device's. A line that
 * falls with more work (measurement noise on calls bound by fixed
 * costs) keeps the nearest latency; one that would have negative fixed
 * costs scales the nearest in proportion to the roofline. Accelerators
 * never run the work faster than the device's best efficiency, which
 * is what bends a flat line through two calls bound by fixed costs
 * upwards at large batch sizes. Leaving each batch size of the H200
 * file out in turn, this puts 85.4% of the H200's rows within ±25%
 * before any tree, against 77.8% for the device-level form.
 *
 * Between two measured batch sizes on an accelerator, the line is only
 * the upper of two bounds. An accelerator's call takes the longer of
 * its fixed costs and its work when the two overlap fully, and their
 * sum when they do not; the line is the sum. Full overlap through the
 * same two calls is max (the lower call, the upper scaled by the
 * roofline), which lies below the line. Real calls overlap in part, so
 * the estimate is the two's geometric mean. On the H200 file's batch
 * sizes between two others, before any tree: line 85.8% within ±25%,
 * full overlap 88.3%, their mean 94.2% (weights of 1/4 and 3/4 give
 * 90.0% and 90.8%). Beyond the last call the line stays: work bounds
 * both forms alike.
 *
 * Below the first call (less work than the lower of the two: a smaller
 * batch, or at a measured batch size a narrower KV cache or a shorter
 * decoder), the line's intercept understates an accelerator's fixed
 * costs where the calls it passes through are bound by work, since
 * their fixed costs hid under the work (Llama 2 7B's 128-token prompt
 * at batch 1 on the H200, read from batch sizes 8 and 32, came out at
 * 0.46× its measured 17.7 ms). The device's fitted fixed costs bound
 * the call from below, but they are fitted over every model and
 * overcount some (the same prompt, at them alone: 1.69×), so where they
 * exceed the line the estimate is the geometric mean of the two, and
 * never above the lower call. Leaving each batch size of the H200 file
 * out in turn: 84.1% of rows within ±25% with the line alone, 83.8%
 * with the fixed costs, 85.8% with their mean. */
static double
line_latency (const Query  *q,
              const Anchor *first,
              const Anchor *second)
{
  const PpRooflineEstimate *r = q->roofline;
  double slope, fixed, t;

  slope = (second->latency - first->latency) / (second->roofline_s - first->roofline_s);
  fixed = first->latency - slope * first->roofline_s;
  if (!(slope > 0))
    t = first->latency;
  else if (fixed < 0)
    t = first->latency * r->seconds / first->roofline_s;
  else
    t = fixed + slope * r->seconds;

  if (q->overlap)
    {
      const Anchor *lo = first->roofline_s < second->roofline_s ? first : second;
      const Anchor *hi = lo == first ? second : first;

      if (slope > 0 && fixed >= 0 && lo->roofline_s < r->seconds && r->seconds < hi->roofline_s)
        t = sqrt (t * MAX (lo->latency, hi->latency * r->seconds / hi->roofline_s));
      if (r->seconds < lo->roofline_s)
        t = MAX (t, sqrt (t * MIN (device_floor (q->overhead, q->overlap, r), lo->latency)));
      t = MAX (t, q->overhead->a * r->seconds);
    }

  return t;
}

/* Latency from measured neighbours: on the line through the two
 * nearest (line_latency()) when there are two. With one on a CPU, the
 * device's fixed costs and the configuration's own efficiency in what it
 * took beyond them. With one on an accelerator, whose calls take the
 * longer of fixed costs and work: above it, work grows at the device's
 * efficiency; below it, a neighbour bound by fixed costs keeps them. */
static double
anchored_latency (const Query  *q,
                  const Anchor *below,
                  const Anchor *above,
                  guint         exclude_batch)
{
  const Overhead *o = q->overhead;
  const PpRooflineEstimate *r = q->roofline;
  double batch = q->batch;
  const Anchor *near, *first, *second;

  /* The measured call itself, unless the workload asks for other work
   * at that batch size (a narrower KV cache, a shorter decoder): then
   * the line through the nearest two is read at its roofline. */
  if (below != NULL && below->batch == batch && below->roofline_s == r->seconds)
    return below->latency;

  find_nearest_two (q->anchors, batch, exclude_batch, &first, &second);
  if (second != NULL && second->roofline_s != first->roofline_s)
    return line_latency (q, first, second);

  /* One measured batch size on a CPU: the device's fixed costs, and the
   * configuration's own efficiency in what it took beyond them. */
  if (!q->overlap)
    {
      PpRooflineEstimate at = *r;
      double fixed = device_floor (o, q->overlap, r);

      near = !above || (below && batch / below->batch < above->batch / batch) ? below : above;
      if (near->latency > fixed)
        return fixed + (near->latency - fixed) * r->seconds / near->roofline_s;
      at.seconds = near->roofline_s;
      return near->latency * device_latency (o, q->overlap, r) / device_latency (o, q->overlap, &at);
    }

  if (below != NULL)
    return MAX (below->latency, MIN (below->latency / below->roofline_s, o->a) * r->seconds);

  if (above->latency > 2 * o->a * above->roofline_s)
    return above->latency;

  return MAX (MIN (device_floor (o, q->overlap, r), above->latency),
              above->latency * r->seconds / above->roofline_s);
}

/* Memory grows linearly with the batch: through the two nearest measured
 * batch sizes, or scaled with the roofline from one. The count is
 * linear in the batch too, so what it says differs from the measured
 * configuration at the same batch (a KV cache kept at another precision
 * than measured; nothing otherwise) moves the line. */
static double
anchored_memory (const PpRooflineEstimate *r,
                 double                    batch,
                 const Anchor             *below,
                 const Anchor             *above)
{
  if (below != NULL && above != NULL && above->batch != below->batch)
    {
      double t = (batch - below->batch) / (above->batch - below->batch);
      double measured = below->memory + (above->memory - below->memory) * t;
      double counted = below->roofline_mem + (above->roofline_mem - below->roofline_mem) * t;

      return MAX (measured + r->peak_memory_bytes - counted, r->weight_bytes);
    }

  if (below != NULL && below->batch == batch)
    return below->memory + r->peak_memory_bytes - below->roofline_mem;

  below = below ? below : above;
  return below->memory * r->peak_memory_bytes / below->roofline_mem;
}

/* The value a head corrects: from this configuration's measurements at
 * other batch sizes when there are any, from the device level
 * otherwise. @gap gets the log distance to the nearest measured batch
 * size (signed; NaN when there is none). Fitting passes each row's own
 * batch as @exclude_batch, so that the trees learn from the situation
 * they meet when predicting a batch size nobody measured. */
static double
model_base (const Query *q,
            HeadKind     head,
            guint        exclude_batch,
            double      *gap,
            Basis       *basis)
{
  double batch = q->batch;
  const Anchor *below, *above;
  double to_below;
  Query at_shape;

  find_neighbours (q->anchors, head, batch, exclude_batch, &below, &above);
  *basis = BASIS_ANCHORS;

  /* The same configuration at another sequence length or input size,
   * read at this workload's roofline: the anchored forms below take
   * their line from @q's anchors, so they are given those. Not for
   * memory, which the device fit already counts well across lengths:
   * moved by the count's difference from another length, memory for
   * held-out lengths of the H200 file went from MAPE 5.9% to 9.3%. */
  if (below == NULL && above == NULL && q->sequences != NULL && head == HEAD_LATENCY)
    {
      at_shape = *q;
      at_shape.anchors = q->sequences;
      q = &at_shape;
      exclude_batch = 0;
      find_neighbours (q->anchors, head, batch, 0, &below, &above);
      *basis = BASIS_SEQUENCES;
    }

  if (below == NULL && above == NULL)
    {
      const char *device = pp_hardware_spec_get_id (pp_workload_get_hardware (q->workload));
      double estimate = crossed_base (q, q->crossings, device, q->kind_overhead, head);

      *gap = NAN;
      *basis = BASIS_CROSSINGS;
      /* Other devices first (the same model), then siblings here. */
      if (isnan (estimate))
        {
          estimate = head == HEAD_MEMORY ? sibling_memory (q) : sibling_latency (q);
          *basis = BASIS_SIBLINGS;
        }
      if (isnan (estimate))
        {
          estimate = device_base (q, head);
          *basis = BASIS_DEVICE;
        }
      return estimate;
    }

  /* The log to the nearer of the two, each log taken once. */
  to_below = below != NULL ? log (batch / below->batch) : NAN;
  if (below != NULL && (above == NULL || to_below < log (above->batch / batch)))
    *gap = to_below;
  else
    *gap = log (batch / above->batch);

  if (head == HEAD_MEMORY)
    return anchored_memory (q->roofline, batch, below, above);

  return MAX (anchored_latency (q, below, above, exclude_batch), 1e-9);
}

/* The measured value of exactly this configuration and batch size, if
 * it was measured. */
gboolean
_pp_model_measured (const Query *q,
                    HeadKind     head,
                    double      *value)
{
  GArray *points = q->anchors;
  double asked = head == HEAD_LATENCY ? q->roofline->seconds : q->roofline->peak_memory_bytes;

  /* A workload that asks for other work than the measured call at its
   * batch size (a KV cache at another precision than the model's, a
   * decoder shorter than the sequence) counts otherwise in the
   * roofline, and is predicted from the call rather than returned as
   * it. */
  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      const Anchor *a = &g_array_index (points, Anchor, i);
      double v = head == HEAD_LATENCY ? a->latency : a->memory;
      double counted = head == HEAD_LATENCY ? a->roofline_s : a->roofline_mem;

      if (a->batch == q->batch && !isnan (v) && counted == asked)
        {
          *value = v;
          return TRUE;
        }
    }

  return FALSE;
}

/* The analytic value of @head for @q without trees; @basis (nullable)
 * gets what it stands on. */
double
_pp_model_base (const Query *q,
                HeadKind     head,
                guint        exclude_batch,
                Basis       *basis)
{
  double gap;
  Basis ignored;

  return model_base (q, head, exclude_batch, &gap, basis ? basis : &ignored);
}

/* _pp_model_base() with all it says. */
static void
estimate (const Query *q,
          HeadKind     head,
          guint        exclude_batch,
          Estimate    *e)
{
  e->value = model_base (q, head, exclude_batch, &e->gap, &e->basis);
}

/* Whether the device level of @q's @head is a fit (of the device, its
 * kind or every device), not the roofline's count alone. */
gboolean
_pp_query_has_device_fit (const Query *q,
                          HeadKind     head)
{
  return head == HEAD_MEMORY ? q->memory_fit != NULL : q->overhead != &roofline_only;
}

/* How many training rows had this model, device and precision (the
 * keys count_support() made). */
guint
_pp_model_support (const Model *model,
                   PpWorkload  *workload)
{
  Config key = support_of (workload);

  return GPOINTER_TO_UINT (g_hash_table_lookup (model->support, &key));
}

/* Whether @workload's configuration (its model, device, software,
 * shape, precision, phase and threads) was measured at some batch size. */
gboolean
_pp_model_has_anchors (const Model *model,
                       PpWorkload  *workload)
{
  Config config;

  config_init (&config, workload);
  return g_hash_table_lookup (model->anchors, &config) != NULL;
}

/* _pp_model_support() of @q's workload. */
guint
_pp_query_support (const Query *q)
{
  return q->info != NULL ? q->info->support : _pp_model_support (q->model, q->workload);
}

static void config_features_of (const Model *model,
                                PpWorkload  *w,
                                float        f[N_FEATURES]);
static GArray *batch_distances_new (const Model *model,
                                    const float  f[N_FEATURES]);

/* Keeps what @q looked up for its configuration in @info, unless
 * another query is at it or was first, or its device has no roofline
 * (its peak or bandwidth unknown, which a browser device's can be
 * until it is bound to a host: that query fails, and keeps nothing). */
static void
config_info_fill (ConfigInfo  *info,
                  const Query *q)
{
  PpWorkload *w = q->workload;

  if (!isfinite (q->roofline->seconds) ||
      !g_atomic_int_compare_and_exchange (&info->state, CONFIG_EMPTY, CONFIG_FILLING))
    return;

  info->spec = g_object_ref (pp_workload_get_model (w));
  info->hardware = g_object_ref (pp_workload_get_hardware (w));
  info->overhead = q->overhead;
  info->kind_overhead = q->kind_overhead;
  info->memory_fit = q->memory_fit;
  info->anchors = q->anchors;
  info->sequences = q->sequences;
  info->siblings = q->siblings;
  config_features_of (q->model, w, info->features);
  if (q->model->points != NULL)
    info->batch_distances = batch_distances_new (q->model, info->features);
  info->support = _pp_model_support (q->model, w);
  g_atomic_int_set (&info->state, CONFIG_FILLED);
}

/* @info when it was filled in for @w's model and device specs. */
static const ConfigInfo *
config_info_get (const ConfigInfo *info,
                 PpWorkload       *w)
{
  if (info == NULL || g_atomic_int_get (&info->state) != CONFIG_FILLED ||
      info->spec != pp_workload_get_model (w) || info->hardware != pp_workload_get_hardware (w))
    return NULL;

  return info;
}

static void
config_info_free (ConfigInfo *info)
{
  g_clear_object (&info->spec);
  g_clear_object (&info->hardware);
  g_clear_pointer (&info->batch_distances, g_array_unref);
  g_clear_pointer (&info->crossings, g_array_unref);
  g_free (info);
}

static int
compare_crossing_batches (gconstpointer a,
                          gconstpointer b)
{
  guint x = ((const CrossingBatch *)a)->batch, y = ((const CrossingBatch *)b)->batch;

  return x < y ? -1 : x > y;
}

/* The model's crossings grouped by configuration (less the device, as
 * crossings are): Config → GArray of CrossingBatch, by batch size. */
static GHashTable *
group_crossings (const Model *model)
{
  GHashTable *groups = _pp_config_table_new ((GDestroyNotify)g_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, model->crossings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Config group = crossing_of (key, 0);
      GArray *batches = g_hash_table_lookup (groups, &group);
      CrossingBatch entry = { ((const Config *)key)->batch, value };

      if (batches == NULL)
        {
          batches = g_array_new (FALSE, FALSE, sizeof (CrossingBatch));
          g_hash_table_insert (groups, g_memdup2 (&group, sizeof group), batches);
        }
      g_array_append_val (batches, entry);
    }

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_sort (value, compare_crossing_batches);

  return groups;
}

/* The crossings of @info's configuration at @batch, or NULL. */
static GArray *
crossings_at (const ConfigInfo *info,
              guint             batch)
{
  guint lo = 0, hi = info->crossings != NULL ? info->crossings->len : 0;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const CrossingBatch *c = &g_array_index (info->crossings, CrossingBatch, mid);

      if (c->batch == batch)
        return c->points;
      if (c->batch < batch)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

/* Builds the model's table of measured configurations, empty: queries
 * fill each in (see ConfigInfo). Only once the model is whole, since
 * what they keep is read from the other tables. */
void
_pp_model_index_configs (Model *model)
{
  g_autoptr(GHashTable) groups = NULL;
  GHashTableIter iter;
  gpointer key;

  g_clear_pointer (&model->configs, g_hash_table_unref);
  model->configs = _pp_config_table_new ((GDestroyNotify)config_info_free);

  /* A configuration's crossings are looked up by its batch size among
   * its own, not hashed with it: 163 fewer instructions a prediction. */
  groups = group_crossings (model);
  g_hash_table_iter_init (&iter, model->anchors);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      ConfigInfo *info = g_new0 (ConfigInfo, 1);
      Config group = crossing_of (key, 0);
      GArray *crossings = g_hash_table_lookup (groups, &group);

      info->crossings = crossings != NULL ? g_array_ref (crossings) : NULL;
      g_hash_table_insert (model->configs, g_memdup2 (key, sizeof (Config)), info);
    }
}

/* Everything a prediction looks up by name, looked up once. */
void
_pp_query_init (Query                    *q,
                const Model              *model,
                PpWorkload               *workload,
                const PpRooflineEstimate *roofline)
{
  const char *family = pp_model_spec_get_family (pp_workload_get_model (workload));
  ConfigInfo *slot = NULL;
  Config config, key;

  config_init (&config, workload);
  q->model = model;
  q->workload = workload;
  q->roofline = roofline;
  q->batch = pp_workload_get_batch (workload);
  q->kind = pp_hardware_spec_get_kind (pp_workload_get_hardware (workload));
  q->overlap = kind_overlaps (q->kind);

  if (model->configs != NULL && (slot = g_hash_table_lookup (model->configs, &config)) != NULL &&
      (q->info = config_info_get (slot, workload)) != NULL)
    {
      q->crossings = crossings_at (q->info, q->batch);
      q->overhead = q->info->overhead;
      q->kind_overhead = q->info->kind_overhead;
      q->memory_fit = q->info->memory_fit;
      q->anchors = q->info->anchors;
      q->sequences = q->info->sequences;
      q->siblings = q->info->siblings;
      return;
    }

  q->info = NULL;
  key = crossing_of (&config, q->batch);
  q->crossings = g_hash_table_lookup (model->crossings, &key);
  lookup_device (model, workload, &q->overhead, &q->kind_overhead, &q->memory_fit);
  q->anchors = g_hash_table_lookup (model->anchors, &config);
  /* Other lengths are read only when this configuration's anchors say
   * nothing of latency, even with one batch size left out (fitting leaves
   * out each row's own): with two measured, they always say something. */
  q->sequences = model->shapes && count_latency (q->anchors) < 2
                 ? nearest_shape (model, &config) : NULL;
  key = siblings_of (&config, family);
  q->siblings = family != NULL ? g_hash_table_lookup (model->siblings, &key) : NULL;
  if (slot != NULL)
    config_info_fill (slot, q);
}

/* Vocabularies and features ------------------------------------------- */

static GPtrArray *
vocabulary (GPtrArray  *samples,
            const char *(*get) (Sample *))
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < samples->len; i++)
    {
      const char *w = get (samples->pdata[i]);

      if (w != NULL && g_hash_table_add (seen, (gpointer)w))
        g_ptr_array_add (words, g_strdup (w));
    }
  g_ptr_array_sort (words, _pp_compare_string_ptrs);

  return words;
}

static const char *
sample_framework (Sample *s)
{
  return framework_of (s->workload);
}

static const char *
sample_group (Sample *s)
{
  return s->group;
}

static const char *
sample_device (Sample *s)
{
  return pp_hardware_spec_get_id (pp_workload_get_hardware (s->workload));
}

static const char *
sample_family (Sample *s)
{
  return pp_model_spec_get_family (pp_workload_get_model (s->workload));
}

/* The words a workload is looked up by (framework_of(), the family and
 * the model's and device's ids) are interned, so they are found by
 * pointer: bisecting the sorted words with strcmp() took 4% of a
 * prediction. */
enum { WORDS_FRAMEWORKS, WORDS_FAMILIES, WORDS_MODELS, WORDS_DEVICES };

static void
index_words (GHashTable **index,
             GPtrArray   *words)
{
  g_clear_pointer (index, g_hash_table_unref);
  *index = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < words->len; i++)
    g_hash_table_insert (*index, (gpointer)g_intern_string (words->pdata[i]),
                         GUINT_TO_POINTER (i + 1));
}

void
_pp_model_index_words (Model *model)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (model->word_index) == WORDS_DEVICES + 1);

  index_words (&model->word_index[WORDS_FRAMEWORKS], model->frameworks);
  index_words (&model->word_index[WORDS_FAMILIES], model->families);
  index_words (&model->word_index[WORDS_MODELS], model->models);
  index_words (&model->word_index[WORDS_DEVICES], model->devices);
}

/* @word's index in its vocabulary (sorted, see vocabulary()), or NaN;
 * @word is interned, or NULL. */
static float
word_index (const Model *model,
            guint        vocabulary,
            const char  *word)
{
  guint found = 0;

  if (word != NULL)
    found = GPOINTER_TO_UINT (g_hash_table_lookup (model->word_index[vocabulary], word));

  return found > 0 ? found - 1 : NAN;
}

/* Whether a row @model was fitted to ran @framework (interned). */
gboolean
_pp_model_knows_framework (const Model *model,
                           const char  *framework)
{
  return !isnan (word_index (model, WORDS_FRAMEWORKS, framework));
}

static inline float
safe_log (double v)
{
  return v > 0 && isfinite (v) ? (float)log (v) : NAN;
}

/* The features that read a query's anchors: the estimate the trees
 * correct, as they see it, from its @latency estimate and its @device
 * level of latency. The others are the workload's, whatever its
 * anchors. */
static void
anchor_features (const Estimate *latency,
                 double          device,
                 float           f[N_FEATURES])
{
  f[FEAT_ANCHOR_RATIO] = safe_log (latency->value / device);
  f[FEAT_ANCHOR_GAP] = latency->gap;
}

/* The features that stay the same across a configuration's batch
 * sizes, given its model and device specs: a ConfigInfo keeps them. */
static const Feature config_features[] = {
  FEAT_LOG_SEQ, FEAT_PHASE, FEAT_ARCH, FEAT_LOG_PARAMS, FEAT_LOG_HIDDEN, FEAT_KV_RATIO,
  FEAT_PRECISION_BITS, FEAT_PRECISION, FEAT_KIND, FEAT_LOG_PEAK, FEAT_LOG_BANDWIDTH,
  FEAT_THREADS, FEAT_FRAMEWORK, FEAT_FAMILY, FEAT_MODEL, FEAT_HARDWARE,
};

/* The config_features of @w. */
static void
config_features_of (const Model *model,
                    PpWorkload  *w,
                    float        f[N_FEATURES])
{
  PpModelSpec *spec = pp_workload_get_model (w);
  PpHardwareSpec *hw = pp_workload_get_hardware (w);
  PpPrecision precision = pp_workload_get_precision (w);
  guint heads = pp_model_spec_get_heads (spec);

  f[FEAT_LOG_SEQ] = log (1.0 + pp_workload_get_seq_len (w));
  f[FEAT_PHASE] = pp_workload_get_phase (w);
  f[FEAT_ARCH] = pp_model_spec_get_arch (spec);
  f[FEAT_LOG_PARAMS] = safe_log (pp_model_spec_get_params_m (spec));
  f[FEAT_LOG_HIDDEN] = safe_log (pp_model_spec_get_hidden (spec));
  f[FEAT_KV_RATIO] = heads ? (float)pp_model_spec_get_kv_heads (spec) / heads : NAN;
  f[FEAT_PRECISION_BITS] = pp_precision_get_bits (precision);
  f[FEAT_PRECISION] = precision;
  f[FEAT_KIND] = pp_hardware_spec_get_kind (hw);
  f[FEAT_LOG_PEAK] = safe_log (pp_roofline_peak_flops_for_workload (w));
  f[FEAT_LOG_BANDWIDTH] = safe_log (pp_hardware_spec_get_memory_bandwidth (hw));
  f[FEAT_THREADS] = pp_workload_get_threads (w) ? pp_workload_get_threads (w) : NAN;
  f[FEAT_FRAMEWORK] = word_index (model, WORDS_FRAMEWORKS, framework_of (w));
  f[FEAT_FAMILY] = word_index (model, WORDS_FAMILIES, pp_model_spec_get_family (spec));
  f[FEAT_MODEL] = word_index (model, WORDS_MODELS, pp_model_spec_get_id (spec));
  f[FEAT_HARDWARE] = word_index (model, WORDS_DEVICES, pp_hardware_spec_get_id (hw));
}

/* @reading (nullable) gets the latency estimate the anchor features
 * were read from, which with no batch size left out is the latency
 * head's base too (see predict_parts()). */
gboolean
_pp_model_features (const Query *q,
                    guint        exclude_batch,
                    gboolean     with_anchors,
                    float        f[N_FEATURES],
                    Reading     *reading)
{
  PpWorkload *w = q->workload;
  const PpRooflineEstimate *r = q->roofline;
  double device = device_base (q, HEAD_LATENCY);

  g_assert (reading == NULL || exclude_batch == 0);

  if (q->info != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (config_features); i++)
        f[config_features[i]] = q->info->features[config_features[i]];
    }
  else
    config_features_of (q->model, w, f);

  f[FEAT_LOG_BATCH] = log (q->batch);
  f[FEAT_INPUT_SIZE] = pp_workload_get_input_size (w) > 0 ? pp_workload_get_input_size (w) : NAN;
  f[FEAT_LAYERS] = r->layers;
  f[FEAT_LOG_FLOPS] = safe_log (r->flops);
  f[FEAT_LOG_BYTES] = safe_log (r->bytes);
  f[FEAT_LOG_INTENSITY] = safe_log (r->flops / r->bytes);
  f[FEAT_LOG_COMPUTE_S] = safe_log (r->compute_seconds);
  f[FEAT_LOG_MEMORY_S] = safe_log (r->memory_seconds);
  f[FEAT_LOG_ROOFLINE_S] = safe_log (r->seconds);
  f[FEAT_LOG_OVERHEAD_S] = safe_log (device);
  f[FEAT_LOG_ACTIVATIONS] = safe_log (r->activation_bytes);
  f[FEAT_LOG_WEIGHTS] = safe_log (r->weight_bytes);
  f[FEAT_LOG_KV_CACHE] = log (1.0 + r->kv_cache_bytes);
  /* Predictions that walk no anchored ensemble skip these (they cost
   * the anchor, crossing and sibling lookups). */
  if (with_anchors)
    {
      Estimate latency;

      estimate (q, HEAD_LATENCY, exclude_batch, &latency);
      anchor_features (&latency, device, f);
      if (reading != NULL)
        {
          reading->latency = latency;
          reading->has_latency = TRUE;
        }
    }
  else
    f[FEAT_ANCHOR_RATIO] = f[FEAT_ANCHOR_GAP] = NAN;

  return isfinite (r->seconds);
}

/* Distances ------------------------------------------------------------ */

static const Feature distance_features[N_DISTANCE_NUMERIC] = {
  FEAT_LOG_BATCH, FEAT_LOG_SEQ, FEAT_PHASE, FEAT_ARCH, FEAT_LOG_PARAMS,
  FEAT_PRECISION_BITS, FEAT_KIND, FEAT_LOG_PEAK, FEAT_LOG_BANDWIDTH,
};

static inline float
standardise_one (const Model *model,
                 guint        j,
                 float        v)
{
  /* A missing value counts as the training mean: no evidence of
   * distance either way. */
  return isnan (v) ? 0 : (v - model->mean[j]) / model->scale[j];
}

static void
standardise (const Model *model,
             const float  f[N_FEATURES],
             float        out[N_DISTANCE_FEATURES])
{
  for (guint j = 0; j < N_DISTANCE_NUMERIC; j++)
    out[j] = standardise_one (model, j, f[distance_features[j]]);

  /* An unseen model or device never equals a known one. */
  out[N_DISTANCE_NUMERIC] = isnan (f[FEAT_MODEL]) ? -1 : f[FEAT_MODEL];
  out[N_DISTANCE_NUMERIC + 1] = isnan (f[FEAT_HARDWARE]) ? -1 : f[FEAT_HARDWARE];
}

/* Squared Euclidean distance in the standardised features, plus a
 * penalty for another model and one for another device: having measured
 * this very model on this very device is the strongest evidence there
 * is. The penalty is four squared units, two standard deviations. */
#define IDENTITY_PENALTY 4.0

typedef struct
{
  float model;
  float device;
  guint start;
  guint end;
} PointBlock;

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const float *p = a, *q = b;

  for (guint j = N_DISTANCE_NUMERIC; j < N_DISTANCE_FEATURES; j++)
    if (p[j] != q[j])
      return p[j] < q[j] ? -1 : 1;

  for (guint j = 0; j < N_DISTANCE_NUMERIC; j++)
    if (p[j] != q[j])
      return p[j] < q[j] ? -1 : 1;

  return 0;
}

/* Sorts the points by model and device and records each run, so that a
 * search can skip whole runs whose identity penalty alone exceeds the
 * best distance found: a prediction then costs a few hundred float
 * operations instead of one pass over every measured workload. */
void
_pp_model_index_points (Model *model)
{
  float *data = (float *)(gpointer)model->points->data;
  guint n = model->points->len / N_DISTANCE_FEATURES;

  g_qsort_with_data (data, n, sizeof (float) * N_DISTANCE_FEATURES,
                     (GCompareDataFunc)(gpointer)compare_points, NULL);

  g_clear_pointer (&model->blocks, g_array_unref);
  model->blocks = g_array_new (FALSE, FALSE, sizeof (PointBlock));
  for (guint i = 0; i < n; i++)
    {
      const float *p = data + i * N_DISTANCE_FEATURES;
      PointBlock *last = model->blocks->len ? &g_array_index (model->blocks, PointBlock, model->blocks->len - 1) : NULL;

      if (last != NULL && last->model == p[N_DISTANCE_NUMERIC] && last->device == p[N_DISTANCE_NUMERIC + 1])
        last->end = i + 1;
      else
        {
          PointBlock block = { p[N_DISTANCE_NUMERIC], p[N_DISTANCE_NUMERIC + 1], i, i + 1 };
          g_array_append_val (model->blocks, block);
        }
    }
}

/* How many of @model and @device (vocabulary indices) differ from
 * those of the standardised point @p, each of which pays the identity
 * penalty; an unseen one (-1) differs from every one. */
static inline guint
differing_identities (float        model,
                      float        device,
                      const float *p)
{
  return (model != p[N_DISTANCE_NUMERIC] || p[N_DISTANCE_NUMERIC] < 0) +
         (device != p[N_DISTANCE_NUMERIC + 1] || p[N_DISTANCE_NUMERIC + 1] < 0);
}

/* The batch size's term of a squared distance (feature 0). */
static inline float
batch_term (float p,
            float q)
{
  return (p - q) * (p - q);
}

/* The squared distance of @p from @q but for the batch size (feature
 * 0), with @penalty: summed in this order, the batch size's term last,
 * so that a configuration can keep these sums for its batch sizes to
 * come (see batch_distances_new()) and add the last term to them with
 * the very rounding this does. Stops summing once the sum reaches
 * @best, which it can only exceed. */
static inline double
distance_but_batch (const float *p,
                    const float *q,
                    double       penalty,
                    double       best)
{
  double d = penalty;

  for (guint j = 1; j < N_DISTANCE_NUMERIC && d < best; j++)
    d += (p[j] - q[j]) * (p[j] - q[j]);

  return d;
}

static double
nearest_in (const float *data,
            guint        start,
            guint        end,
            const float  p[N_DISTANCE_FEATURES],
            double       penalty,
            double       best)
{
  for (guint i = start; i < end; i++)
    {
      const float *q = data + i * N_DISTANCE_FEATURES;
      double d = distance_but_batch (p, q, penalty, best);

      /* Stop summing once this point cannot be the nearest. */
      if (d < best)
        d += batch_term (p[0], q[0]);
      best = MIN (best, d);
    }

  return best;
}

/* The run of @p's own model on its own device, or NULL. The runs are
 * sorted by model, then device, one per pair, so it is found without
 * going through them all, which took as long as measuring the points. */
static const PointBlock *
own_block (const Model *model,
           const float  p[N_DISTANCE_FEATURES])
{
  float m = p[N_DISTANCE_NUMERIC], d = p[N_DISTANCE_NUMERIC + 1];
  guint lo = 0, hi = model->blocks->len;

  /* An unseen model or device (-1) has no run of its own. */
  if (m < 0 || d < 0)
    return NULL;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const PointBlock *block = &g_array_index (model->blocks, PointBlock, mid);

      if (block->model == m && block->device == d)
        return block;
      if (block->model < m || (block->model == m && block->device < d))
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

static double
nearest (const Model *model,
         const float  p[N_DISTANCE_FEATURES])
{
  const float *data = (const float *)(gpointer)model->points->data;
  const PointBlock *own = own_block (model, p);
  double best = own != NULL ? nearest_in (data, own->start, own->end, p, 0, INFINITY) : INFINITY;

  /* Runs by penalty: same model and device first (above), then one
   * differing, then both, each skipped once its penalty alone is too
   * much. */
  for (guint pass = 1; pass < 3; pass++)
    {
      double penalty = pass * IDENTITY_PENALTY;

      if (penalty >= best)
        break;

      for (guint b = 0; b < model->blocks->len; b++)
        {
          const PointBlock *block = &g_array_index (model->blocks, PointBlock, b);
          if (differing_identities (block->model, block->device, p) == pass)
            best = nearest_in (data, block->start, block->end, p, penalty, best);
        }
    }

  return sqrt (best);
}

double
_pp_model_distance (const Model *model,
                    const float  f[N_FEATURES])
{
  float p[N_DISTANCE_FEATURES];

  standardise (model, f, p);
  return nearest (model, p);
}

static int
compare_batch_distances (gconstpointer a,
                         gconstpointer b)
{
  const BatchDistance *x = a, *y = b;

  if (x->batch != y->batch)
    return x->batch < y->batch ? -1 : 1;
  return (x->rest > y->rest) - (x->rest < y->rest);
}

/* For a configuration of features @f (those that stay the same across
 * its batch sizes), each standardised batch size among the points, with
 * the least squared distance but for the batch size's term
 * (distance_but_batch()) of the points there. At any batch size, the
 * squared distance nearest() finds is then the least of these plus that
 * term, to the bit: a sum is rounded the same way for every point of a
 * batch size, so the least sum stays the least. That is a few dozen
 * operations instead of a search of the configuration's own points, and
 * of the others' when those are far; configurations the fit skipped
 * (about a tenth of the bundled workloads) have no table and still
 * search. */
static GArray *
batch_distances_new (const Model *model,
                     const float  f[N_FEATURES])
{
  const float *data = (const float *)(gpointer)model->points->data;
  guint n = model->points->len / N_DISTANCE_FEATURES;
  g_autoptr(GArray) all = g_array_sized_new (FALSE, FALSE, sizeof (BatchDistance), n);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (BatchDistance));
  float p[N_DISTANCE_FEATURES];

  g_assert (distance_features[0] == FEAT_LOG_BATCH);

  standardise (model, f, p);
  for (guint i = 0; i < n; i++)
    {
      const float *q = data + i * N_DISTANCE_FEATURES;
      guint differing = differing_identities (q[N_DISTANCE_NUMERIC], q[N_DISTANCE_NUMERIC + 1], p);
      BatchDistance point = { q[0], distance_but_batch (p, q, differing * IDENTITY_PENALTY, INFINITY) };

      g_array_append_val (all, point);
    }

  g_array_sort (all, compare_batch_distances);
  for (guint i = 0; i < all->len; i++)
    {
      const BatchDistance *point = &g_array_index (all, BatchDistance, i);

      if (out->len == 0 || g_array_index (out, BatchDistance, out->len - 1).batch != point->batch)
        g_array_append_vals (out, point, 1);
    }

  return out;
}

/* _pp_model_distance() of @q's workload, whose features are @f, from
 * its configuration's batch distances when it has them. */
/* How far @w is from every measurement in what no measurement has (the
 * measurement CSV has no column for it): a KV cache at another precision
 * than the weights, an encoder-decoder's decoder run at another length
 * than its encoder. Nothing measured says how far that is, so each
 * halving or doubling counts as one standard deviation of a measured
 * feature, in squared units: a convention, like IDENTITY_PENALTY. An
 * int2 cache under bf16 weights is 9, further than another model. */
static double
unmeasured_distance2 (PpWorkload *w)
{
  PpPrecision precision = pp_workload_get_precision (w);
  PpPrecision kv = pp_workload_get_kv_precision (w);
  guint seq = pp_workload_get_seq_len (w), decoder = pp_workload_get_decoder_seq_len (w);
  double kv_term = 0, decoder_term = 0;

  if (kv != precision)
    kv_term = log2 ((double)pp_precision_get_bits (precision) / pp_precision_get_bits (kv));
  if (decoder > 0 && seq > 0 && decoder != seq)
    decoder_term = log2 ((double)decoder / seq);

  return kv_term * kv_term + decoder_term * decoder_term;
}

double
_pp_query_distance (const Query *q,
                    const float  f[N_FEATURES])
{
  const GArray *table = q->info != NULL ? q->info->batch_distances : NULL;
  double unmeasured = unmeasured_distance2 (q->workload);
  double best = INFINITY;
  float x;

  if (table == NULL)
    {
      double d = _pp_model_distance (q->model, f);

      return unmeasured > 0 ? sqrt (d * d + unmeasured) : d;
    }

  x = standardise_one (q->model, 0, f[FEAT_LOG_BATCH]);
  for (guint i = 0; i < table->len; i++)
    {
      const BatchDistance *point = &g_array_index (table, BatchDistance, i);

      best = MIN (best, point->rest + batch_term (x, point->batch));
    }

  return sqrt (unmeasured > 0 ? best + unmeasured : best);
}

/* Makes @cell the same calibration as @from, sharing its scores. */
void
_pp_conformal_share (Conformal       *cell,
                     const Conformal *from)
{
  *cell = *from;
  cell->scores = g_array_ref (from->scores);
}

/* The typical size of the log error at this distance from the data and
 * this reach from the nearest measured batch size, as fitted on held-out
 * rows (see fit_conformal()), and beyond the farthest of them as
 * fit_beyond_slopes() extends it.
 *
 * Within the rows, log σ is a line, which fits how errors grow there.
 * Beyond them σ itself grows linearly, on the tangent at the edge (the
 * slopes beyond are of log σ, so σ · slope is its derivative there): a
 * log error that grows in proportion to the log batch size reached is
 * what an uncertain scaling exponent gives, so the interval's ends stay
 * powers of the batch size. Kept exponential, log σ's line put Llama 2
 * 7B at batch 10^5, measured up to 32, between 10^-224 and 10^232 s. */
double
_pp_conformal_sigma (const Conformal *conformal,
                     double           distance,
                     double           reach)
{
  double within_distance = MIN (distance, conformal->max_distance);
  double within_reach = MIN (reach, conformal->max_reach);

  return exp (conformal->sigma_alpha + conformal->sigma_beta * within_distance +
              conformal->sigma_gamma * within_reach) *
         (1 + conformal->beyond_beta * (distance - within_distance) +
          conformal->beyond_gamma * (reach - within_reach));
}

static void
fit_distance_scale (Model     *model,
                    GArray    *features)
{
  guint n = features->len / N_FEATURES;
  const float *f = (const float *)(gpointer)features->data;

  for (guint j = 0; j < N_DISTANCE_NUMERIC; j++)
    {
      double sum = 0, sum2 = 0;
      guint count = 0;

      for (guint i = 0; i < n; i++)
        {
          float v = f[i * N_FEATURES + distance_features[j]];

          if (!isnan (v))
            {
              sum += v;
              sum2 += v * v;
              count++;
            }
        }
      model->mean[j] = count ? sum / count : 0;
      model->scale[j] = count ? sqrt (MAX (sum2 / count - model->mean[j] * model->mean[j], 0)) : 1;
      if (model->scale[j] < 1e-6)
        model->scale[j] = 1;
    }
}

static void
add_points (Model  *model,
            GArray *features)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                      (GDestroyNotify)g_bytes_unref, NULL);
  guint n = features->len / N_FEATURES;

  /* Many rows share a configuration; keep each point once. */
  for (guint i = 0; i < n; i++)
    {
      float p[N_DISTANCE_FEATURES];
      GBytes *key;

      standardise (model, &g_array_index (features, float, i * N_FEATURES), p);
      key = g_bytes_new (p, sizeof p);
      if (g_hash_table_add (seen, key))
        g_array_append_vals (model->points, p, N_DISTANCE_FEATURES);
    }
}

/* Training ------------------------------------------------------------- */

static double
sample_target (const Sample *s,
               HeadKind      head)
{
  return head == HEAD_LATENCY ? s->latency_s : s->memory_bytes;
}

/* The device whose figures stood in for each device of @samples that
 * the catalog does not list (see pp_catalog_resolve_hardware()). Which
 * one stands in depends on how a row describes the device (its kind and
 * backend), and a prediction must take the figures its level was
 * fitted with. Rows that describe one device in several ways are a
 * mistake in the data, but not one to refuse them for: the description
 * first by kind, then by backend (none first), is the one taken, as
 * pp_catalog_resolve_hardware_in_store() takes it, whatever order the
 * rows came in. */
static GHashTable *
stand_ins_of (GPtrArray *samples)
{
  g_autoptr(GHashTable) described = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  PpHardwareSpec *hw;

  for (guint i = 0; i < samples->len; i++)
    {
      PpHardwareSpec *first;

      hw = pp_workload_get_hardware (((Sample *)samples->pdata[i])->workload);
      if (pp_hardware_spec_get_stand_in (hw) == NULL)
        continue;
      first = g_hash_table_lookup (described, pp_hardware_spec_get_id (hw));
      if (first == NULL ||
          _pp_compare_descriptions (pp_hardware_spec_get_kind (hw), pp_hardware_spec_get_backend (hw),
                                    pp_hardware_spec_get_kind (first), pp_hardware_spec_get_backend (first)) < 0)
        g_hash_table_insert (described, (gpointer)pp_hardware_spec_get_id (hw), hw);
    }

  g_hash_table_iter_init (&iter, described);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&hw))
    g_hash_table_insert (table, g_strdup (pp_hardware_spec_get_id (hw)), g_strdup (pp_hardware_spec_get_stand_in (hw)));

  return table;
}

/* The device @model's fit took @id's figures from, for a device the
 * catalog does not list that it saw rows of, or NULL. */
const char *
_pp_model_stand_in_of (const Model *model,
                       const char  *id)
{
  return model->stand_ins != NULL ? g_hash_table_lookup (model->stand_ins, id) : NULL;
}

/* The structural part of a model: vocabularies, overheads, distance
 * scale and points, fitted on @samples. */
static Model *
model_prepare (GPtrArray *samples,
               GArray    *features)
{
  Model *model = model_new ();

  model->frameworks = vocabulary (samples, sample_framework);
  model->families = vocabulary (samples, sample_family);
  model->models = vocabulary (samples, sample_group);
  model->devices = vocabulary (samples, sample_device);
  model->stand_ins = stand_ins_of (samples);
  fit_device_levels (model, samples);
  build_anchors (model, samples);
  _pp_model_index_shapes (model);
  _pp_model_index_devices (model);
  _pp_model_index_words (model);

  g_array_set_size (features, samples->len * N_FEATURES);
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = samples->pdata[i];
      Query q;

      _pp_query_init (&q, model, s->workload, &s->roofline);
      _pp_model_features (&q, pp_workload_get_batch (s->workload), TRUE,
                          &g_array_index (features, float, i * N_FEATURES), NULL);
    }

  fit_distance_scale (model, features);
  add_points (model, features);
  _pp_model_index_points (model);

  return model;
}

/* A query as if its configuration had never been measured here and its
 * family had no other model measured here: no anchors, no siblings, no
 * model identity. @measured_f are @measured's features, which only the
 * anchors' part of differs from. @latency (nullable) is @q's latency
 * estimate with no batch size left out when the caller has made it. */
static void
as_unseen (const Query    *measured,
           const float     measured_f[N_FEATURES],
           const Estimate *latency,
           Query          *q,
           float           f[N_FEATURES])
{
  Estimate made;

  *q = *measured;
  q->anchors = NULL;
  q->sequences = NULL;
  memcpy (f, measured_f, sizeof (float) * N_FEATURES);
  if (latency == NULL)
    {
      estimate (q, HEAD_LATENCY, 0, &made);
      latency = &made;
    }
  anchor_features (latency, device_base (q, HEAD_LATENCY), f);
  f[FEAT_MODEL] = NAN;
}

/* @q's features as if never measured (see as_unseen()), which both
 * heads' unseen ensembles read: made once per @reading (nullable), or
 * else into @scratch. @latency is as for as_unseen(). */
static const float *
unseen_features_of (const Query    *q,
                    const float     f[N_FEATURES],
                    const Estimate *latency,
                    Reading        *reading,
                    float           scratch[N_FEATURES])
{
  Query unseen;

  if (reading == NULL)
    {
      as_unseen (q, f, latency, &unseen, scratch);
      return scratch;
    }

  if (!reading->has_unseen)
    {
      as_unseen (q, f, latency, &unseen, reading->unseen);
      reading->has_unseen = TRUE;
    }

  return reading->unseen;
}

static gboolean
has_anchors (const Query *q,
             HeadKind     head,
             guint        exclude_batch)
{
  const Anchor *below, *above;

  find_neighbours (q->anchors, head, q->batch, exclude_batch, &below, &above);
  return below != NULL || above != NULL;
}

/* A prediction in log space as the analytic value and the trees'
 * correction of it, the ensemble's times its share (0 where no tree
 * applies, or where the ensemble has no share); @basis says what it
 * stands on, and so which ensemble it came from (the anchored one for
 * BASIS_ANCHORS), and @reach how far
 * (in log batch size) it reaches from the nearest measured batch size
 * it was read off, 0 on bases that read off none. Measurements at
 * @exclude_batch (0: none) are left out of the anchors. @reading
 * (nullable, only with no batch size left out) holds what @q's features
 * and the other head already worked out, and gets what this one does. */
static void
predict_parts (const Model *model,
               HeadKind     head,
               const Query *q,
               const float  f[N_FEATURES],
               guint        exclude_batch,
               double       anchored_share,
               double       unseen_share,
               Reading     *reading,
               double      *base,
               double      *correction,
               Basis       *basis,
               double      *reach)
{
  const Head *h = &model->heads[head];
  float scratch[N_FEATURES];
  const float *unseen_f;
  Query unseen;
  Estimate e;

  g_assert (reading == NULL || exclude_batch == 0);

  *correction = 0;

  /* Memory is linear in the batch: measured batch sizes of the same
   * configuration say all there is, and trees only add noise to it. */
  if (has_anchors (q, head, exclude_batch) && (head == HEAD_MEMORY || h->ensemble != NULL))
    {
      if (head == HEAD_LATENCY && reading != NULL && reading->has_latency)
        e = reading->latency;
      else
        estimate (q, head, exclude_batch, &e);
      *base = log (e.value);
      *basis = e.basis;
      *reach = fabs (e.gap);
      if (head != HEAD_MEMORY && anchored_share > 0)
        *correction = anchored_share * _pp_ensemble_predict (h->ensemble, f);
      return;
    }

  /* A family's models measured here carry over by their layers and
   * their efficiency better than trees, which have seen too few
   * families to say how one differs from another. */
  unseen = *q;
  unseen.anchors = NULL;
  estimate (&unseen, head, 0, &e);
  *base = log (e.value);
  *basis = e.basis;
  *reach = isnan (e.gap) ? 0 : fabs (e.gap);
  if (*basis == BASIS_SIBLINGS || *basis == BASIS_SEQUENCES || h->unseen == NULL ||
      unseen_share <= 0)
    return;

  /* Without other lengths, @unseen is the query the unseen features are
   * read from, and its latency estimate the one just made. */
  unseen_f = unseen_features_of (q, f, head == HEAD_LATENCY && q->sequences == NULL ? &e : NULL,
                                 reading, scratch);
  *correction = unseen_share * _pp_ensemble_predict (h->unseen, unseen_f);
}

double
_pp_model_predict_log (const Model *model,
                       HeadKind     head,
                       const Query *q,
                       const float  f[N_FEATURES],
                       Reading     *reading,
                       Basis       *basis,
                       double      *reach)
{
  const Head *h = &model->heads[head];
  double base, correction;

  predict_parts (model, head, q, f, 0, h->anchored_share, h->unseen_share, reading, &base,
                 &correction, basis, reach);

  return base + correction;
}

/* What a prediction of @q would stand on, and how far it would reach
 * (see predict_parts()), had its own batch size not been measured:
 * measured workloads take the interval of that estimate. Without
 * walking the trees. */
Basis
_pp_model_basis (const Model *model,
                 HeadKind     head,
                 const Query *q,
                 const float  f[N_FEATURES],
                 double      *reach)
{
  double base, correction;
  Basis basis;

  predict_parts (model, head, q, f, q->batch, 0, 0, NULL, &base,
                 &correction, &basis, reach);

  return basis;
}

static PpEnsemble *
train (GArray    *x,
       GArray    *y,
       HeadKind   head,
       GError   **error)
{
  if (y->len == 0)
    return NULL;

  return _pp_ensemble_train ((float *)(gpointer)x->data, (float *)(gpointer)y->data,
                             y->len, N_FEATURES, &ensemble_params[head], error);
}

/* Two ensembles for latency: one learns from every row as it is (with
 * its configuration's other batch sizes, its own left out) and corrects
 * workloads whose configuration was measured; the other learns from
 * every row as if it had never been measured, which is the situation of
 * a new model or a new device, and corrects those. Memory has only the
 * second: a configuration's measured batch sizes say all there is of
 * its memory (see predict_parts()), and the first would never be
 * walked. Leaving it out took a quarter of the trees a fit grows. */
static gboolean
train_head (Model      *model,
            HeadKind    head,
            GPtrArray  *samples,
            GArray     *features,
            GError    **error)
{
  g_autoptr(GArray) xa = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) ya = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) xb = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) yb = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = samples->pdata[i];
      double target = sample_target (s, head);
      guint batch = pp_workload_get_batch (s->workload);
      float unseen_features[N_FEATURES];
      float label;
      Query q, unseen;

      if (isnan (target))
        continue;

      _pp_query_init (&q, model, s->workload, &s->roofline);
      if (head == HEAD_LATENCY)
        {
          label = log (target / _pp_model_base (&q, head, batch, NULL));
          g_array_append_vals (xa, &g_array_index (features, float, i * N_FEATURES), N_FEATURES);
          g_array_append_val (ya, label);
        }

      as_unseen (&q, &g_array_index (features, float, i * N_FEATURES), NULL, &unseen,
                 unseen_features);
      label = log (target / _pp_model_base (&unseen, head, 0, NULL));
      g_array_append_vals (xb, unseen_features, N_FEATURES);
      g_array_append_val (yb, label);
    }

  model->heads[head].ensemble = train (xa, ya, head, &local_error);
  if (local_error == NULL)
    model->heads[head].unseen = train (xb, yb, head, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static Model *
fit_core (GPtrArray  *samples,
          GError    **error)
{
  g_autoptr(GArray) features = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(Model) model = model_prepare (samples, features);

  for (guint h = 0; h < N_HEADS; h++)
    if (!train_head (model, h, samples, features, error))
      return NULL;

  return g_steal_pointer (&model);
}

/* Calibration ----------------------------------------------------------- */

/* Held-out rows come from two kinds of folds: folds of whole models
 * (the trees never saw the model: the hard case) and folds of single
 * rows (a neighbouring batch size or precision of the model was seen: the
 * common case). Pooled, with each residual's distance to its fold's
 * data, they teach how error grows with distance; normalised by that,
 * their conformal quantile gives intervals that hold in both cases. */
typedef enum
{
  FOLD_MODEL,
  FOLD_DEVICE,
  FOLD_ROW,
  FOLD_BATCH,
  FOLD_SEQUENCE,
  N_FOLD_KINDS
} FoldKind;

typedef struct
{
  GArray *errors[N_HEADS];      /* log (measured / analytic value) of held-out rows */
  GArray *corrections[N_HEADS]; /* the trees' whole correction of that value */
  GArray *fold[N_HEADS];        /* guint: the FoldKind it was held out by */
  GArray *basis[N_HEADS];       /* Basis: what the prediction stood on */
  GArray *kind[N_HEADS];        /* guint: the PpHardwareKind of its device */
  guint fold_kind;              /* FoldKind of the folds being run */
  GArray *distances[N_HEADS];   /* their distance to the fold's data */
  GArray *reaches[N_HEADS];     /* double: their reach (see predict_parts()) */
  GArray *model_distances;      /* distances in the folds of whole models */
} Calibration;

static void
calibration_init (Calibration *cal,
                  FoldKind     fold_kind)
{
  for (guint h = 0; h < N_HEADS; h++)
    {
      cal->errors[h] = g_array_new (FALSE, FALSE, sizeof (double));
      cal->corrections[h] = g_array_new (FALSE, FALSE, sizeof (double));
      cal->fold[h] = g_array_new (FALSE, FALSE, sizeof (guint));
      cal->basis[h] = g_array_new (FALSE, FALSE, sizeof (Basis));
      cal->kind[h] = g_array_new (FALSE, FALSE, sizeof (guint));
      cal->distances[h] = g_array_new (FALSE, FALSE, sizeof (double));
      cal->reaches[h] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  cal->model_distances = g_array_new (FALSE, FALSE, sizeof (double));
  cal->fold_kind = fold_kind;
}

static void
calibration_clear (Calibration *cal)
{
  for (guint h = 0; h < N_HEADS; h++)
    {
      g_clear_pointer (&cal->errors[h], g_array_unref);
      g_clear_pointer (&cal->corrections[h], g_array_unref);
      g_clear_pointer (&cal->fold[h], g_array_unref);
      g_clear_pointer (&cal->basis[h], g_array_unref);
      g_clear_pointer (&cal->kind[h], g_array_unref);
      g_clear_pointer (&cal->distances[h], g_array_unref);
      g_clear_pointer (&cal->reaches[h], g_array_unref);
    }
  g_clear_pointer (&cal->model_distances, g_array_unref);
}

static void
append_array (GArray       *into,
              const GArray *from)
{
  g_array_append_vals (into, from->data, from->len);
}

/* Adds @part's held-out rows after those already in @cal. */
static void
calibration_append (Calibration       *cal,
                    const Calibration *part)
{
  for (guint h = 0; h < N_HEADS; h++)
    {
      append_array (cal->errors[h], part->errors[h]);
      append_array (cal->corrections[h], part->corrections[h]);
      append_array (cal->fold[h], part->fold[h]);
      append_array (cal->basis[h], part->basis[h]);
      append_array (cal->kind[h], part->kind[h]);
      append_array (cal->distances[h], part->distances[h]);
      append_array (cal->reaches[h], part->reaches[h]);
    }
  append_array (cal->model_distances, part->model_distances);
}

typedef gboolean (*HeldOutFunc) (GPtrArray *groups,
                                 Sample    *sample,
                                 guint      index,
                                 guint      fold,
                                 guint      n_folds);

static gboolean
held_out_by_model (GPtrArray *groups,
                   Sample    *s,
                   guint      index,
                   guint      fold,
                   guint      n_folds)
{
  guint group = 0;

  g_ptr_array_find_with_equal_func (groups, s->group, g_str_equal, &group);
  return group % n_folds == fold;
}

static gboolean
held_out_by_device (GPtrArray *devices,
                    Sample    *s,
                    guint      index,
                    guint      fold,
                    guint      n_folds)
{
  guint device = 0;

  g_ptr_array_find_with_equal_func (devices, sample_device (s), g_str_equal, &device);
  return device % n_folds == fold;
}

static gboolean
held_out_by_batch (GPtrArray *batches,
                   Sample    *s,
                   guint      index,
                   guint      fold,
                   guint      n_folds)
{
  guint i = 0;

  g_ptr_array_find (batches, GUINT_TO_POINTER (pp_workload_get_batch (s->workload)), &i);
  return i % n_folds == fold;
}

/* Workloads without a sequence (a CNN's image) are never held out by
 * length: they have no other length to answer for them. */
static gboolean
held_out_by_sequence (GPtrArray *lengths,
                      Sample    *s,
                      guint      index,
                      guint      fold,
                      guint      n_folds)
{
  guint length = pp_workload_get_seq_len (s->workload);
  guint i = 0;

  return length > 0 && g_ptr_array_find (lengths, GUINT_TO_POINTER (length), &i) &&
         i % n_folds == fold;
}

static gboolean
held_out_by_row (GPtrArray *groups,
                 Sample    *s,
                 guint      index,
                 guint      fold,
                 guint      n_folds)
{
  return index % n_folds == fold;
}

static void
score_held_out (Model       *model,
                Sample      *s,
                Calibration *cal,
                GArray      *fold_distances)
{
  float f[N_FEATURES];
  double distance;
  Reading reading = { 0 };
  Query q;

  _pp_query_init (&q, model, s->workload, &s->roofline);
  _pp_model_features (&q, 0, TRUE, f, &reading);
  distance = _pp_model_distance (model, f);
  if (fold_distances != NULL)
    g_array_append_val (fold_distances, distance);

  for (guint h = 0; h < N_HEADS; h++)
    {
      double target = sample_target (s, h);
      double base, correction, error, reach;
      Basis basis;
      guint kind = pp_hardware_spec_get_kind (pp_workload_get_hardware (s->workload));

      if (isnan (target) || (model->heads[h].ensemble == NULL && model->heads[h].unseen == NULL))
        continue;

      predict_parts (model, h, &q, f, 0, 1, 1, &reading, &base, &correction, &basis, &reach);
      error = log (target) - base;
      g_array_append_val (cal->errors[h], error);
      g_array_append_val (cal->corrections[h], correction);
      g_array_append_val (cal->fold[h], cal->fold_kind);
      g_array_append_val (cal->basis[h], basis);
      g_array_append_val (cal->kind[h], kind);
      g_array_append_val (cal->distances[h], distance);
      g_array_append_val (cal->reaches[h], reach);
    }
}

/* One calibration fold: fitted on the rows it keeps, scored on the rows
 * it holds out. Folds share nothing they write, so they run on a pool
 * of threads; their rows are gathered in the order the folds were made,
 * so the result does not depend on which finished first. */
typedef struct
{
  GPtrArray *samples;
  GPtrArray *groups;
  HeldOutFunc held_out;
  guint fold;
  guint n_folds;
  GCancellable *cancellable;
  Calibration part;
  GError *error;
} Fold;

static void
run_fold (gpointer data,
          gpointer user_data)
{
  Fold *f = data;
  g_autoptr(GPtrArray) train = g_ptr_array_new ();
  g_autoptr(GPtrArray) test = g_ptr_array_new ();
  g_autoptr(Model) model = NULL;

  if (g_cancellable_set_error_if_cancelled (f->cancellable, &f->error))
    return;

  for (guint i = 0; i < f->samples->len; i++)
    {
      Sample *s = f->samples->pdata[i];

      g_ptr_array_add (f->held_out (f->groups, s, i, f->fold, f->n_folds) ? test : train, s);
    }

  if (train->len == 0 || test->len == 0)
    return;

  if (!(model = fit_core (train, &f->error)))
    return;

  for (guint i = 0; i < test->len; i++)
    score_held_out (model, test->pdata[i], &f->part,
                    f->part.fold_kind == FOLD_MODEL ? f->part.model_distances : NULL);
}

/* A fold run by the pool, then handed back to the fitting thread
 * through @user_data, a GAsyncQueue, so that the fitting thread can say
 * how far it has come while the folds run. */
static void
run_fold_and_return (gpointer data,
                     gpointer user_data)
{
  run_fold (data, NULL);
  g_async_queue_push (user_data, data);
}

static void
add_folds (GPtrArray    *folds,
           GPtrArray    *samples,
           GPtrArray    *groups,
           HeldOutFunc   held_out,
           guint         n_folds,
           FoldKind      kind,
           GCancellable *cancellable)
{
  for (guint i = 0; i < n_folds; i++)
    {
      Fold *f = g_new0 (Fold, 1);

      f->samples = samples;
      f->groups = groups;
      f->held_out = held_out;
      f->fold = i;
      f->n_folds = n_folds;
      f->cancellable = cancellable;
      calibration_init (&f->part, kind);
      g_ptr_array_add (folds, f);
    }
}

static void
fold_free (Fold *f)
{
  calibration_clear (&f->part);
  g_clear_error (&f->error);
  g_free (f);
}

static double
quantile (GArray *sorted,
          double  level)
{
  guint n = sorted->len;
  guint k;

  if (n == 0)
    return NAN;

  /* The conformal rank ⌈(n + 1) level⌉, capped at the largest score. */
  k = (guint)ceil ((n + 1) * level);
  return g_array_index (sorted, double, MIN (k, n) - 1);
}

/* Whether held-out row @i is of @basis and @kind (N_BASES and
 * N_DEVICE_KINDS: any). */
static gboolean
in_cell (const Calibration *cal,
         HeadKind           h,
         guint              i,
         guint              basis,
         guint              kind)
{
  return (basis == N_BASES || g_array_index (cal->basis[h], Basis, i) == basis) &&
         (kind == N_DEVICE_KINDS || g_array_index (cal->kind[h], guint, i) == kind);
}

/* The Bayesian information criterion of a least-squares fit with @k
 * slopes that reduces the squared error @syy of @n rows by
 * @reduction: n log(RSS / n) + k log n, less is better. */
static double
slopes_bic (double syy,
            double reduction,
            double n,
            guint  k)
{
  double rss = MAX (syy - reduction, 1e-12 * syy + DBL_MIN);

  return n * log (rss / MAX (n, 1)) + k * log (MAX (n, 1));
}

/* Sets @c's slopes on the distance and the reach from the centred sums
 * of @n rows (x the distance, g the reach, y the log error): of the
 * least-squares slopes with both ≥ 0 (both free, one of them alone, or
 * none), those with the least Bayesian information criterion (Schwarz
 * 1978), so that a slope must earn its place. Picking by the largest
 * reduction of the squared error alone took any slope that reduced it
 * at all, and flipped between "both" and "one" on a rounding of the
 * sums when a cell's distances and reaches were nearly collinear. */
void
_pp_conformal_choose_slopes (Conformal *c,
                             double     n,
                             double     sxx,
                             double     sgg,
                             double     sxg,
                             double     sxy,
                             double     sgy,
                             double     syy)
{
  double det, bic, best;

  c->sigma_beta = c->sigma_gamma = 0;
  best = slopes_bic (syy, 0, n, 0);
  det = sxx * sgg - sxg * sxg;
  if (det > 1e-9 * sxx * sgg)
    {
      double b = (sxy * sgg - sgy * sxg) / det;
      double g = (sgy * sxx - sxy * sxg) / det;

      if (b >= 0 && g >= 0 && (bic = slopes_bic (syy, b * sxy + g * sgy, n, 2)) < best)
        {
          best = bic;
          c->sigma_beta = b;
          c->sigma_gamma = g;
        }
    }
  if (sxx > 1e-12 && sxy > 0 && (bic = slopes_bic (syy, sxy * sxy / sxx, n, 1)) < best)
    {
      best = bic;
      c->sigma_beta = sxy / sxx;
      c->sigma_gamma = 0;
    }
  if (sgg > 1e-12 && sgy > 0 && (bic = slopes_bic (syy, sgy * sgy / sgg, n, 1)) < best)
    {
      c->sigma_beta = 0;
      c->sigma_gamma = sgy / sgg;
    }
}

/* The sums a least-squares fit of log |residual| on distance and reach
 * takes, over the held-out rows of one cell (see in_cell()): the means
 * of the distance x, the reach g and the log error y, and the sums of
 * their centred products. */
typedef struct
{
  double n, mx, mg, my;
  double sxx, sgg, sxg, sxy, sgy, syy;
  double max_x, max_g;
} CellSums;

static void
cell_sums (CellSums          *s,
           GArray            *residuals,
           const Calibration *cal,
           HeadKind           h,
           guint              basis,
           guint              kind)
{
  GArray *distances = cal->distances[h];
  GArray *reaches = cal->reaches[h];

  memset (s, 0, sizeof *s);
  for (guint i = 0; i < residuals->len; i++)
    if (in_cell (cal, h, i, basis, kind))
      {
        s->mx += g_array_index (distances, double, i);
        s->mg += g_array_index (reaches, double, i);
        s->my += log (g_array_index (residuals, double, i) + 1e-3);
        s->max_x = MAX (s->max_x, g_array_index (distances, double, i));
        s->max_g = MAX (s->max_g, g_array_index (reaches, double, i));
        s->n++;
      }
  if (s->n > 0)
    {
      s->mx /= s->n;
      s->mg /= s->n;
      s->my /= s->n;
    }
  for (guint i = 0; i < residuals->len; i++)
    if (in_cell (cal, h, i, basis, kind))
      {
        double x = g_array_index (distances, double, i) - s->mx;
        double g = g_array_index (reaches, double, i) - s->mg;
        double y = log (g_array_index (residuals, double, i) + 1e-3) - s->my;

        s->sxx += x * x;
        s->sgg += g * g;
        s->sxg += x * g;
        s->sxy += x * y;
        s->sgy += g * y;
        s->syy += y * y;
      }
}

/* Least squares of log |residual| on distance and reach, slopes kept
 * ≥ 0: intervals never narrow away from the data or from the measured
 * batch sizes. Then the conformal quantile of the residuals so
 * normalised. Only the held-out rows of @basis and @kind count (see
 * in_cell()).
 *
 * The reach is why a held-out batch size between two measured ones is
 * not given the interval of one far beyond them: the folds that
 * calibrate leave batch sizes out of data that already lacks one, so
 * they reach further than predictions do. */
static void
fit_conformal (Conformal         *c,
               GArray            *residuals,
               const Calibration *cal,
               HeadKind           h,
               guint              basis,
               guint              kind)
{
  GArray *distances = cal->distances[h];
  GArray *reaches = cal->reaches[h];
  CellSums s;

  cell_sums (&s, residuals, cal, h, basis, kind);
  _pp_conformal_choose_slopes (c, s.n, s.sxx, s.sgg, s.sxg, s.sxy, s.sgy, s.syy);
  c->sigma_alpha = s.my - c->sigma_beta * s.mx - c->sigma_gamma * s.mg;
  c->max_distance = s.max_x;
  c->max_reach = s.max_g;
  /* Until calibrate() says how far errors grow beyond them. */
  c->beyond_beta = c->sigma_beta;
  c->beyond_gamma = c->sigma_gamma;

  c->scores = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < residuals->len; i++)
    {
      double r = g_array_index (residuals, double, i) /
                 _pp_conformal_sigma (c, g_array_index (distances, double, i),
                                      g_array_index (reaches, double, i));

      if (in_cell (cal, h, i, basis, kind))
        g_array_append_val (c->scores, r);
    }
  g_array_sort (c->scores, _pp_compare_doubles);
  c->q90 = quantile (c->scores, 0.9);
}

/* How a head's log error grows with distance and reach within its
 * cells, pooled: the slopes of one least-squares fit of every cell's
 * rows about their own cell's means (the within-cell estimator), so
 * that cells whose errors differ in size do not pass for a slope. A
 * cell whose own slope was fitted at 0 (its rows too few or too close
 * together to tell) still widens at these beyond the farthest of its
 * rows: Llama 2 7B at batch 10^6 and a context of 10^6 tokens, read
 * off its configuration at another length, kept that cell's ±25%. */
static void
fit_beyond_slopes (Head              *head,
                   GArray            *residuals,
                   const Calibration *cal,
                   HeadKind           h)
{
  CellSums total = { 0 };
  Conformal pooled;

  for (guint b = 0; b < N_BASES; b++)
    for (guint k = 0; k < N_DEVICE_KINDS; k++)
      {
        CellSums s;

        cell_sums (&s, residuals, cal, h, b, k);
        total.n += s.n;
        total.sxx += s.sxx;
        total.sgg += s.sgg;
        total.sxg += s.sxg;
        total.sxy += s.sxy;
        total.sgy += s.sgy;
        total.syy += s.syy;
      }
  _pp_conformal_choose_slopes (&pooled, total.n, total.sxx, total.sgg, total.sxg, total.sxy,
                               total.sgy, total.syy);

  for (guint b = 0; b < N_BASES; b++)
    for (guint k = 0; k <= N_DEVICE_KINDS; k++)
      {
        Conformal *c = &head->conformal[b][k];

        c->beyond_beta = MAX (c->sigma_beta, pooled.sigma_beta);
        c->beyond_gamma = MAX (c->sigma_gamma, pooled.sigma_gamma);
      }
  g_debug ("%s: beyond the calibrated range, the log error's scale grows by at least %.3f of its "
           "value at the edge a unit of distance and %.3f of reach", h == HEAD_MEMORY ? "memory" : "latency",
           pooled.sigma_beta, pooled.sigma_gamma);
}

static int
compare_votes (gconstpointer a,
               gconstpointer b)
{
  const TreeVote *x = a, *y = b;

  return x->ratio < y->ratio ? -1 : x->ratio > y->ratio;
}

/* Σ |e − λ c| over @votes, less what rows no tree corrects add. */
static double
vote_loss (const GArray *votes,
           double        share)
{
  double loss = 0;

  for (guint i = 0; i < votes->len; i++)
    {
      const TreeVote *v = &g_array_index (votes, TreeVote, i);

      loss += v->magnitude * fabs (v->ratio - share);
    }

  return loss;
}

/* The share λ in [0, 1] with the least Σ |e − λ c| over @votes: the
 * median of e / c weighted by |c|, since the sum is
 * Σ |c| · |e / c − λ| (on a tie, the smaller share). Sorts @votes; 0
 * without votes. */
double
_pp_tree_votes_best (GArray *votes)
{
  double total = 0, sum = 0;

  g_array_sort (votes, compare_votes);
  for (guint i = 0; i < votes->len; i++)
    total += g_array_index (votes, TreeVote, i).magnitude;
  for (guint i = 0; i < votes->len; i++)
    {
      const TreeVote *v = &g_array_index (votes, TreeVote, i);

      sum += v->magnitude;
      if (sum >= total / 2)
        return CLAMP (v->ratio, 0, 1);
    }

  return 0;
}

/* The largest share in [0, 1] that leaves @votes no further off than
 * no trees at all. The loss is convex and piecewise linear between the
 * ratios, so past the best share the bound lies between two of them.
 * Sorts @votes; 1 without votes. */
double
_pp_tree_votes_no_worse (GArray *votes)
{
  double none = vote_loss (votes, 0);
  double from = _pp_tree_votes_best (votes), at_from = vote_loss (votes, from);

  for (guint i = 0; i <= votes->len && from < 1; i++)
    {
      double to = i < votes->len ? MIN (g_array_index (votes, TreeVote, i).ratio, 1) : 1;
      double at_to;

      if (to <= from)
        continue;
      at_to = vote_loss (votes, to);
      if (at_to > none)
        return CLAMP (from + (to - from) * (none - at_from) / (at_to - at_from), from, to);
      from = to;
      at_from = at_to;
    }

  return from;
}

/* The share of an ensemble's correction that counts, from @kinds, the
 * votes (GArray of TreeVote) of each kind of fold with a say: the best
 * share over all their votes pooled, capped at the least share any one
 * kind allows (see _pp_tree_votes_no_worse()). The loss is convex in
 * the share, so every kind ends no further off than without trees: one
 * situation is never made worse to make another better. Sorts the
 * votes; 0 without kinds. */
double
_pp_tree_share (GPtrArray *kinds)
{
  g_autoptr(GArray) pooled = g_array_new (FALSE, FALSE, sizeof (TreeVote));
  double limit = 1;

  if (kinds->len == 0)
    return 0;

  for (guint k = 0; k < kinds->len; k++)
    {
      GArray *votes = kinds->pdata[k];

      limit = MIN (limit, _pp_tree_votes_no_worse (votes));
      g_array_append_vals (pooled, votes->data, votes->len);
    }

  return MIN (_pp_tree_votes_best (pooled), limit);
}

/* Each ensemble's share of @head (see Head), from the calibration's
 * held-out rows of @h. Each kind of fold (held-out rows, batch sizes,
 * models, devices, lengths) votes on the ensemble that corrects its
 * rows' situation, if it has at least MIN_VOTING_ROWS rows in it and
 * some that the trees correct; with no say at all, the trees stay out.
 * Estimates no tree corrects (read off siblings or other lengths) have
 * no say. */
static void
fit_tree_shares (Head              *head,
                 const Calibration *cal,
                 HeadKind           h)
{
  /* Situations are FoldKind << 1 | read off anchors, bit 0 the ensemble
   * (0: unseen, 1: anchored). */
  g_autoptr(GPtrArray) unseen_kinds = g_ptr_array_new ();
  g_autoptr(GPtrArray) anchored_kinds = g_ptr_array_new ();
  GPtrArray *kinds[2] = { unseen_kinds, anchored_kinds };
  g_autoptr(GPtrArray) votes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  double best[N_FOLD_KINDS << 1];
  guint n[N_FOLD_KINDS << 1] = { 0 };

  for (guint k = 0; k < G_N_ELEMENTS (best); k++)
    g_ptr_array_add (votes, g_array_new (FALSE, FALSE, sizeof (TreeVote)));
  for (guint i = 0; i < cal->errors[h]->len; i++)
    {
      Basis basis = g_array_index (cal->basis[h], Basis, i);
      guint k = g_array_index (cal->fold[h], guint, i) << 1 | (basis == BASIS_ANCHORS);
      double c = g_array_index (cal->corrections[h], double, i);
      TreeVote vote = { g_array_index (cal->errors[h], double, i) / c, fabs (c) };

      if (basis == BASIS_SIBLINGS || basis == BASIS_SEQUENCES)
        continue;

      n[k]++;
      if (c != 0 && isfinite (vote.ratio))
        g_array_append_val (votes->pdata[k], vote);
    }
  for (guint k = 0; k < G_N_ELEMENTS (best); k++)
    {
      GArray *v = votes->pdata[k];

      best[k] = v->len > 0 ? _pp_tree_votes_best (v) : NAN;
      if (n[k] >= MIN_VOTING_ROWS && v->len > 0)
        g_ptr_array_add (kinds[k & 1], v);
    }
  head->unseen_share = _pp_tree_share (kinds[0]);
  head->anchored_share = _pp_tree_share (kinds[1]);

  g_debug ("%s: anchored trees' share %.2f (%u kinds of fold voted), unseen trees' %.2f (%u); "
           "the share each kind wanted: unseen by model %.2f (%u rows), by device %.2f (%u), "
           "by row %.2f (%u), by batch %.2f (%u), by sequence %.2f (%u); "
           "anchored by row %.2f (%u), by batch %.2f (%u), by sequence %.2f (%u)",
           h == HEAD_MEMORY ? "memory" : "latency", head->anchored_share, kinds[1]->len,
           head->unseen_share, kinds[0]->len,
           best[FOLD_MODEL << 1], n[FOLD_MODEL << 1], best[FOLD_DEVICE << 1], n[FOLD_DEVICE << 1],
           best[FOLD_ROW << 1], n[FOLD_ROW << 1], best[FOLD_BATCH << 1], n[FOLD_BATCH << 1],
           best[FOLD_SEQUENCE << 1], n[FOLD_SEQUENCE << 1],
           best[FOLD_ROW << 1 | 1], n[FOLD_ROW << 1 | 1], best[FOLD_BATCH << 1 | 1], n[FOLD_BATCH << 1 | 1],
           best[FOLD_SEQUENCE << 1 | 1], n[FOLD_SEQUENCE << 1 | 1]);
}

static void
calibrate (Model       *model,
           Calibration *cal)
{
  g_array_sort (cal->model_distances, _pp_compare_doubles);
  model->d_ood = cal->model_distances->len ? quantile (cal->model_distances, 0.95) : INFINITY;

  for (guint h = 0; h < N_HEADS; h++)
    {
      Head *head = &model->heads[h];
      g_autoptr(GArray) residuals = g_array_sized_new (FALSE, FALSE, sizeof (double),
                                                       cal->errors[h]->len);
      guint n_basis[N_BASES] = { 0 }, n_cell[N_BASES][N_DEVICE_KINDS] = { { 0 } };

      fit_tree_shares (head, cal, h);

      for (guint i = 0; i < cal->errors[h]->len; i++)
        {
          Basis basis = g_array_index (cal->basis[h], Basis, i);
          double share = basis == BASIS_ANCHORS ? head->anchored_share : head->unseen_share;
          double residual = fabs (g_array_index (cal->errors[h], double, i) -
                                  share * g_array_index (cal->corrections[h], double, i));

          g_array_append_val (residuals, residual);
          n_basis[basis]++;
          n_cell[basis][g_array_index (cal->kind[h], guint, i)]++;
        }

      /* Estimates on each basis, on each kind of device, have intervals
       * of their own (Mondrian conformal prediction): a CPU's errors are
       * not a GPU's. A cell with too few held-out rows to rank a 90%
       * quantile shares its basis's, on every kind of device, and a basis
       * with too few the pooled ones. */
      for (guint b = 0; b < N_BASES; b++)
        {
          Conformal *any = &head->conformal[b][N_DEVICE_KINDS];

          fit_conformal (any, residuals, cal, h, n_basis[b] >= MIN_CONFORMAL_ROWS ? b : N_BASES,
                         N_DEVICE_KINDS);
          for (guint k = 0; k < N_DEVICE_KINDS; k++)
            if (n_cell[b][k] >= MIN_CONFORMAL_ROWS)
              fit_conformal (&head->conformal[b][k], residuals, cal, h, b, k);
            else
              _pp_conformal_share (&head->conformal[b][k], any);
        }
      fit_beyond_slopes (head, residuals, cal, h);
    }
}

static const char *
backend_of (PpHardwareSpec *hardware)
{
  const char *backend = pp_hardware_spec_get_backend (hardware);

  return backend ? backend : "";
}

/* The keys the default software is picked by, from the most specific
 * (see _pp_model_default_framework()), joined by "|" as configurations
 * are: a run of a model on a device at a precision, and at any
 * precision; a model at a precision, and at any, and a family, each on a
 * backend (software for CUDA does not run on a CPU); a device. */
typedef enum
{
  DEFAULT_RUN_PRECISION,
  DEFAULT_RUN,
  DEFAULT_MODEL_PRECISION,
  DEFAULT_MODEL,
  DEFAULT_FAMILY,
  DEFAULT_DEVICE,
  N_DEFAULT_KEYS
} DefaultKey;

/* Key @k of @w into @key, or NULL when it has none (no family). */
static const char *
default_key (DefaultKey  k,
             PpWorkload *w,
             Key        *key)
{
  PpHardwareSpec *hardware = pp_workload_get_hardware (w);
  const char *device = pp_hardware_spec_get_id (hardware);
  const char *backend = backend_of (hardware);
  const char *id = pp_model_spec_get_id (pp_workload_get_model (w));
  const char *family = pp_model_spec_get_family (pp_workload_get_model (w));
  const char *precision = pp_precision_to_string (pp_workload_get_precision (w));

  switch (k)
    {
    case DEFAULT_RUN_PRECISION:
      return key_join (key, device, "|", id, "|", precision, NULL);
    case DEFAULT_RUN:
      return key_join (key, device, "|", id, NULL);
    case DEFAULT_MODEL_PRECISION:
      return key_join (key, backend, "|", id, "|", precision, NULL);
    case DEFAULT_MODEL:
      return key_join (key, backend, "|", id, NULL);
    case DEFAULT_FAMILY:
      return family ? key_join (key, backend, "|", family, NULL) : NULL;
    case DEFAULT_DEVICE:
    case N_DEFAULT_KEYS:
    default:
      return key_join (key, device, NULL);
    }
}

/* The table key @k is looked up in. */
static GHashTable *
default_table (const Model *model,
               DefaultKey   k)
{
  switch (k)
    {
    case DEFAULT_RUN_PRECISION:
    case DEFAULT_RUN:
      return model->frameworks_by_run;
    case DEFAULT_MODEL_PRECISION:
    case DEFAULT_MODEL:
      return model->frameworks_by_model;
    case DEFAULT_FAMILY:
      return model->frameworks_by_family;
    case DEFAULT_DEVICE:
    case N_DEFAULT_KEYS:
    default:
      return model->frameworks_by_device;
    }
}

/* Into @into, for each key @k of the samples' workloads, the framework
 * its samples ran most often (ties go to the first in name order); ""
 * for rows that name none. */
static void
pick_frameworks (GPtrArray   *samples,
                 DefaultKey   k,
                 GHashTable  *into)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) best = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = samples->pdata[i];
      g_auto(Key) buf = KEY_INIT;
      const char *of = default_key (k, s->workload, &buf);
      char *counted;
      guint n;

      if (of == NULL)
        continue;
      counted = g_strjoin ("\x1f", of, framework_of (s->workload), NULL);
      n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, counted));
      g_hash_table_insert (counts, counted, GUINT_TO_POINTER (n + 1));
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* The framework is the last part: the key's parts are ids. */
      const char *framework = strrchr (key, '\x1f') + 1;
      g_autofree char *of = g_strndup (key, framework - 1 - (const char *)key);
      const char *current = g_hash_table_lookup (into, of);
      guint n = GPOINTER_TO_UINT (value);
      guint current_n = current ? GPOINTER_TO_UINT (g_hash_table_lookup (best, of)) : 0;

      if (current == NULL || n > current_n || (n == current_n && strcmp (framework, current) < 0))
        {
          g_hash_table_insert (best, g_strdup (of), GUINT_TO_POINTER (n));
          g_hash_table_insert (into, g_steal_pointer (&of), g_strdup (framework));
        }
    }
}

/* What runs a workload when nobody says (see _pp_model_default_framework()). */
static void
pick_default_frameworks (Model     *model,
                         GPtrArray *samples)
{
  for (DefaultKey k = 0; k < N_DEFAULT_KEYS; k++)
    pick_frameworks (samples, k, default_table (model, k));
}

/* The software a workload that names none is predicted for: what this
 * device ran this model with most often, at this precision and then at
 * any, so that its own measurements apply; else what the model ran with
 * most often on devices of the same backend (at this precision, then at
 * any), else its family, so that
 * devices that never ran it are compared running the same software (a
 * device takes its kind's fit of software it never ran); else what the
 * device ran most often. NULL when none applies, or when what applies
 * is rows that named no software. */
const char *
_pp_model_default_framework (const Model *model,
                             PpWorkload  *workload)
{
  for (DefaultKey k = 0; k < N_DEFAULT_KEYS; k++)
    {
      g_auto(Key) key = KEY_INIT;
      const char *of = default_key (k, workload, &key);
      const char *framework = of ? g_hash_table_lookup (default_table (model, k), of) : NULL;

      if (framework != NULL)
        return *framework ? framework : NULL;
    }

  return NULL;
}

static void
count_support (Model     *model,
               GPtrArray *samples)
{
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = samples->pdata[i];
      Config key = support_of (s->workload);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (model->support, &key));

      g_hash_table_insert (model->support, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (n + 1));
    }
}

static gboolean
run_calibration (GPtrArray         *samples,
                 Calibration       *cal,
                 PpFitProgressFunc  progress,
                 gpointer           progress_data,
                 guint             *n_folds,
                 GCancellable      *cancellable,
                 GError           **error)
{
  g_autoptr(GPtrArray) groups = vocabulary (samples, sample_group);
  g_autoptr(GPtrArray) devices = vocabulary (samples, sample_device);
  guint model_folds = MIN (N_FOLDS, groups->len);
  guint device_folds = MIN (N_FOLDS, devices->len);
  g_autoptr(GPtrArray) batches = g_ptr_array_new ();
  g_autoptr(GPtrArray) lengths = g_ptr_array_new ();
  guint batch_folds, sequence_folds;
  g_autoptr(GPtrArray) folds = g_ptr_array_new_with_free_func ((GDestroyNotify)fold_free);
  g_autoptr(GError) pool_error = NULL;
  g_autoptr(GAsyncQueue) done = g_async_queue_new ();
  GThreadPool *pool;

  for (guint i = 0; i < samples->len; i++)
    {
      gpointer batch = GUINT_TO_POINTER (pp_workload_get_batch (((Sample *)samples->pdata[i])->workload));

      guint length = pp_workload_get_seq_len (((Sample *)samples->pdata[i])->workload);

      if (!g_ptr_array_find (batches, batch, NULL))
        g_ptr_array_add (batches, batch);
      if (length > 0 && !g_ptr_array_find (lengths, GUINT_TO_POINTER (length), NULL))
        g_ptr_array_add (lengths, GUINT_TO_POINTER (length));
    }
  batch_folds = MIN (N_FOLDS, batches->len);
  sequence_folds = MIN (N_FOLDS, lengths->len);

  if (model_folds > 1)
    add_folds (folds, samples, groups, held_out_by_model, model_folds, FOLD_MODEL, cancellable);
  /* Folds of whole devices teach what a device nobody measured costs in
   * accuracy; with two devices, one of them held out leaves too little
   * to learn that from. */
  if (device_folds > 2)
    add_folds (folds, samples, devices, held_out_by_device, device_folds, FOLD_DEVICE, cancellable);
  add_folds (folds, samples, groups, held_out_by_row, N_FOLDS, FOLD_ROW, cancellable);
  /* Folds of whole batch sizes: a batch size nobody measured, which a
   * configuration's other batch sizes must answer for. */
  if (batch_folds > 1)
    add_folds (folds, samples, batches, held_out_by_batch, batch_folds, FOLD_BATCH, cancellable);
  /* Folds of whole sequence lengths: a length nobody measured, which the
   * configuration's other lengths must answer for. */
  if (sequence_folds > 1)
    add_folds (folds, samples, lengths, held_out_by_sequence, sequence_folds, FOLD_SEQUENCE,
               cancellable);

  /* The steps are the folds and the fit of every row after them (see
   * _pp_model_fit()). A fold the pool could not take runs here. */
  *n_folds = folds->len;
  if (progress != NULL)
    progress (0, folds->len + 1, progress_data);
  pool = g_thread_pool_new (run_fold_and_return, done, MAX (1, MIN (g_get_num_processors (), folds->len)),
                            TRUE, &pool_error);
  for (guint i = 0; i < folds->len; i++)
    if (pool_error != NULL || !g_thread_pool_push (pool, folds->pdata[i], &pool_error))
      {
        g_debug ("Running a calibration fold on the fitting thread: %s", pool_error->message);
        run_fold_and_return (folds->pdata[i], done);
      }
  for (guint i = 0; i < folds->len; i++)
    {
      g_async_queue_pop (done);
      if (progress != NULL)
        progress (i + 1, folds->len + 1, progress_data);
    }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);

  for (guint i = 0; i < folds->len; i++)
    {
      Fold *f = folds->pdata[i];

      if (f->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&f->error));
          return FALSE;
        }
      calibration_append (cal, &f->part);
    }

  return TRUE;
}

/* The least ratio of measured latency to roofline time among @samples,
 * or 0 when none has both. Calls run faster than their roofline where
 * the count does more than they do (FasterTransformer's effective
 * transformer skips the padding it counts: 0.65 of it on the public
 * NVIDIA files) or where a CPU's caches hold what it counts as read
 * from memory (t5-small on the H200 file's Xeon: 0.72), but none of
 * the 1,657 bundled rows runs faster than 0.65 of it. */
static double
fastest_ratio (GPtrArray *samples)
{
  double least = INFINITY;

  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *s = samples->pdata[i];
      double ratio = s->latency_s / s->roofline.seconds;

      if (isfinite (ratio) && ratio > 0)
        least = MIN (least, ratio);
    }

  return isfinite (least) ? least : 0;
}

Model *
_pp_model_fit (GPtrArray          *samples,
               guint               n_skipped,
               PpFitProgressFunc   progress,
               gpointer            progress_data,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autoptr(Model) model = NULL;
  Calibration cal;
  guint n_folds = 0;
  gboolean ok;

  if (samples->len < 10)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Only %u usable measurement; fitting needs at least 10 with a known "
                                "model, device, precision and batch",
                                "Only %u usable measurements; fitting needs at least 10 with a known "
                                "model, device, precision and batch", samples->len),
                   samples->len);
      return NULL;
    }

  calibration_init (&cal, FOLD_MODEL);

  /* Cancelled while the last folds ran, it spares the last step. */
  ok = run_calibration (samples, &cal, progress, progress_data, &n_folds, cancellable, error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, error);
  if (ok && (model = fit_core (samples, error)))
    {
      calibrate (model, &cal);
      count_support (model, samples);
      pick_default_frameworks (model, samples);
      _pp_model_index_configs (model);
      model->fastest_ratio = fastest_ratio (samples);
      model->n_training = samples->len;
      model->n_skipped = n_skipped;
      if (progress != NULL)
        progress (n_folds + 1, n_folds + 1, progress_data);
    }

  calibration_clear (&cal);

  return ok ? g_steal_pointer (&model) : NULL;
}
