/* bench-predict.c: how fast the fitted predictor predicts, side by side
 * with scikit-learn's GradientBoostingRegressor on the same features.
 *
 * Fits on the bundled data sets, then times in one run, three times
 * over, alternating: single predictions (median per call, from 200
 * rounds of 100 calls, since one call is below the clock's resolution),
 * a batch over every training workload, and the Python baseline
 * (bench/sklearn-baseline.py) fed the very feature matrix the trees
 * see. Each round's ratios are its own; the median of the three closes
 * the run. Ours are timed both ways a caller
 * can ask: pp_predictor_predict(), which makes a PpPrediction object
 * per call, and pp_fitted_predictor_predict_values(), which fills in a
 * struct the caller holds.
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpp.h>
#include <math.h>
#include <stdio.h>

#include "pp-fitted-predictor-private.h"

#define ROUNDS 200
#define CALLS_PER_ROUND 100
#define SIDE_BY_SIDE_ROUNDS 3

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* The median of @n sorted values: with an even count (200 timed
 * rounds, or ratios short of a round whose baseline failed), the mean
 * of the middle two. */
static double
median_of_sorted (const double *v,
                  guint         n)
{
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static GListModel *
load_datasets (void)
{
  g_autofree char *dir_path = pp_measurement_store_dup_default_datasets_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GListStore *all = g_list_store_new (PP_TYPE_MEASUREMENT);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GListModel) rows = NULL;

      if (!g_str_has_suffix (name, ".csv") || !(rows = pp_measurement_list_load (file, PP_FILE_FORMAT_CSV, NULL, NULL)))
        continue;
      for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (rows, i);
          g_list_store_append (all, item);
        }
    }

  return G_LIST_MODEL (all);
}

/* One prediction of @w, as a PpPrediction or, with @values, into a
 * struct. */
static void
predict_one (PpPredictor *predictor,
             PpWorkload  *w,
             gboolean     values)
{
  if (values)
    {
      PpPredictionValues v;

      pp_fitted_predictor_predict_values (PP_FITTED_PREDICTOR (predictor), w, &v, NULL);
    }
  else
    {
      g_autoptr(PpPrediction) p = pp_predictor_predict (predictor, w, NULL);
    }
}

static double
median_single_us (PpPredictor *predictor,
                  GPtrArray   *workloads,
                  gboolean     values)
{
  double per_call[ROUNDS];

  for (guint r = 0; r < ROUNDS; r++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint c = 0; c < CALLS_PER_ROUND; c++)
        {
          guint i = (r * CALLS_PER_ROUND + c) % workloads->len;

          predict_one (predictor, workloads->pdata[i], values);
        }
      per_call[r] = (double)(g_get_monotonic_time () - start) / CALLS_PER_ROUND;
    }

  qsort (per_call, ROUNDS, sizeof (double), compare_doubles);
  return median_of_sorted (per_call, ROUNDS);
}

static double
batch_per_second (PpPredictor *predictor,
                  GPtrArray   *workloads,
                  gboolean     values)
{
  gint64 start = g_get_monotonic_time ();
  guint n = 0;

  for (guint pass = 0; pass < 10; pass++)
    for (guint i = 0; i < workloads->len; i++, n++)
      predict_one (predictor, workloads->pdata[i], values);

  return n / ((g_get_monotonic_time () - start) / 1e6);
}

/* The training features and log-ratio labels of the latency head, for
 * the Python baseline. */
static char *
write_features (PpFittedPredictor *predictor,
                PpCatalog         *catalog,
                GListModel        *rows)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "perfcast-bench-features.csv", NULL);
  FILE *out = fopen (path, "w");
  const Model *model = _pp_fitted_predictor_get_model (predictor);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (rows, i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      PpRooflineEstimate r;
      Query q;
      float f[N_FEATURES];
      double latency = pp_measurement_get_latency_ms (m);

      if (w == NULL || isnan (latency) || !pp_roofline_estimate (w, &r, NULL))
        continue;
      _pp_query_init (&q, model, w, &r);
      if (!_pp_model_features (&q, 0, TRUE, f, NULL))
        continue;

      for (guint j = 0; j < N_FEATURES; j++)
        fprintf (out, "%.9g,", f[j]);
      fprintf (out, "%.9g\n", log (latency));
    }

  fclose (out);
  return g_steal_pointer (&path);
}

static gboolean
run_baseline (const char *features,
              double     *single_us,
              double     *batch_rate)
{
  g_autofree char *script = g_build_filename (PP_SOURCE_DATADIR, "..", "bench", "sklearn-baseline.py", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "/usr/bin/python3", script, features, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("Python baseline did not run (%s); install python3-sklearn to compare.\n",
                  err ? g_strstrip (err) : "no output");
      return FALSE;
    }

  return sscanf (out, "%lf %lf", single_us, batch_rate) == 2;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PpCatalog) catalog = pp_catalog_new_default (NULL);
  g_autoptr(GListModel) rows = load_datasets ();
  g_autoptr(GPtrArray) workloads = g_ptr_array_new_with_free_func ((GDestroyNotify)pp_workload_unref);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autofree char *features = NULL;
  gint64 start = g_get_monotonic_time ();
  double ratios[2][SIDE_BY_SIDE_ROUNDS];
  guint n_ratios = 0;
  gboolean have_baseline = TRUE;

  predictor = pp_fitted_predictor_fit (catalog, rows, NULL, NULL);
  g_print ("fit: %u rows used of %u, %.1f s\n", pp_fitted_predictor_get_n_training (predictor),
           g_list_model_get_n_items (rows), (g_get_monotonic_time () - start) / 1e6);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (rows, i);
      PpWorkload *w = pp_workload_new_from_measurement (catalog, m, NULL);

      /* Predict the unmeasured neighbour, not the measured workload. */
      if (w != NULL)
        {
          pp_workload_set_batch (w, pp_workload_get_batch (w) + 1);
          g_ptr_array_add (workloads, w);
        }
    }

  /* Shared machines are noisy: rounds of ours and the baseline's,
   * alternating, each ratio from one round, and their median. */
  features = write_features (predictor, catalog, rows);
  for (guint round = 0; round < SIDE_BY_SIDE_ROUNDS; round++)
    {
      double ours_single, ours_batch, values_single, values_batch, py_single = NAN, py_batch = NAN;

      ours_single = median_single_us (PP_PREDICTOR (predictor), workloads, FALSE);
      ours_batch = batch_per_second (PP_PREDICTOR (predictor), workloads, FALSE);
      values_single = median_single_us (PP_PREDICTOR (predictor), workloads, TRUE);
      values_batch = batch_per_second (PP_PREDICTOR (predictor), workloads, TRUE);

      g_print ("round %u of %u\n", round + 1, SIDE_BY_SIDE_ROUNDS);
      g_print ("perfcast, single prediction (roofline + 2 ensembles + distance), PpPrediction object: "
               "median %.2f us\n", ours_single);
      g_print ("perfcast, single prediction into PpPredictionValues: median %.2f us\n", values_single);
      g_print ("perfcast, batch: %.0f predictions/s as objects, %.0f/s as values\n",
               ours_batch, values_batch);
      /* Without scikit-learn, said once, Perfcast's rounds go on alone. */
      if (!have_baseline || !(have_baseline = run_baseline (features, &py_single, &py_batch)))
        continue;

      g_print ("sklearn GradientBoostingRegressor, single predict(): median %.1f us\n", py_single);
      g_print ("sklearn GradientBoostingRegressor, batch: %.0f predictions/s\n", py_batch);
      g_print ("ratio, single: %.0fx as objects, %.0fx as values   batch: %.1fx, %.1fx\n",
               py_single / ours_single, py_single / values_single,
               ours_batch / py_batch, values_batch / py_batch);
      ratios[0][n_ratios] = py_single / ours_single;
      ratios[1][n_ratios] = py_single / values_single;
      n_ratios++;
    }
  if (n_ratios > 0)
    {
      qsort (ratios[0], n_ratios, sizeof (double), compare_doubles);
      qsort (ratios[1], n_ratios, sizeof (double), compare_doubles);
      g_print ("median of %u rounds' single-prediction ratios: %.0fx as objects, %.0fx as values "
               "(goal: < 10 us and >= 100x)\n", n_ratios,
               median_of_sorted (ratios[0], n_ratios), median_of_sorted (ratios[1], n_ratios));
    }
  g_remove (features);

  return 0;
}
