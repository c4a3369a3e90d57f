/* bench-predict.c: how fast the fitted predictor predicts, side by side
 * with scikit-learn's GradientBoostingRegressor on the same features.
 *
 * Fits on the bundled data sets, then times in one run, in SLICES short
 * slices one after the other, each slice timing ours and the Python
 * baseline (bench/sklearn-baseline.py, fed the very feature matrix the
 * trees see, and kept running to be asked for a slice at a time):
 * single predictions (median per call, from rounds of 100 calls, since
 * one call is below the clock's resolution) and a batch over every
 * workload. Each slice's ratios are its own, of times taken within a
 * few milliseconds of each other; the run closes with their median and
 * quartiles. These machines are shared: the baseline's own single
 * predict() moved from 104 to 212 µs from one minute to the next, and
 * rounds of seconds each (as this program first took) gave ratios of
 * 62× to 141× in one run. Ours are timed both ways a caller can ask:
 * pp_predictor_predict(), which makes a PpPrediction object per call,
 * and pp_fitted_predictor_predict_values(), which fills in a struct
 * the caller holds.
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpp.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>

#include "pp-fitted-predictor-private.h"

#define SLICES 60
#define ROUNDS_PER_SLICE 20
#define CALLS_PER_ROUND 100
#define BASELINE_CALLS_PER_SLICE 20

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* The median of @n sorted values: with an even count (20 timed rounds,
 * 60 slices), the mean of the middle two. */
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

/* The median time of one call, over @n_rounds rounds of
 * CALLS_PER_ROUND calls starting at workload @next, which moves on. */
static double
median_single_us (PpPredictor *predictor,
                  GPtrArray   *workloads,
                  gboolean     values,
                  guint        n_rounds,
                  guint       *next)
{
  g_autofree double *per_call = g_new (double, n_rounds);

  for (guint r = 0; r < n_rounds; r++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint c = 0; c < CALLS_PER_ROUND; c++)
        {
          predict_one (predictor, workloads->pdata[*next], values);
          *next = (*next + 1) % workloads->len;
        }
      per_call[r] = (double)(g_get_monotonic_time () - start) / CALLS_PER_ROUND;
    }

  qsort (per_call, n_rounds, sizeof (double), compare_doubles);
  return median_of_sorted (per_call, n_rounds);
}

/* Predictions per second of one pass over every workload. */
static double
batch_per_second (PpPredictor *predictor,
                  GPtrArray   *workloads,
                  gboolean     values)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < workloads->len; i++)
    predict_one (predictor, workloads->pdata[i], values);

  return workloads->len / ((g_get_monotonic_time () - start) / 1e6);
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

/* The Python baseline, running, fitted on @features, and asked for a
 * slice at a time (see bench/sklearn-baseline.py). */
typedef struct
{
  GSubprocess *process;
  GDataInputStream *replies;
} Baseline;

static void
baseline_free (Baseline *baseline)
{
  g_clear_object (&baseline->replies);
  if (baseline->process != NULL)
    {
      /* Its input closed, it ends. */
      g_output_stream_close (g_subprocess_get_stdin_pipe (baseline->process), NULL, NULL);
      g_subprocess_wait (baseline->process, NULL, NULL);
      g_clear_object (&baseline->process);
    }
  g_free (baseline);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Baseline, baseline_free)

/* Sends @request and reads the number the baseline answers. */
static gboolean
baseline_ask (Baseline   *baseline,
              const char *request,
              double     *answer,
              GError    **error)
{
  g_autofree char *line = NULL;
  g_autofree char *message = g_strconcat (request, "\n", NULL);
  char *end;

  if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (baseline->process), message,
                                  strlen (message), NULL, NULL, error) ||
      !g_output_stream_flush (g_subprocess_get_stdin_pipe (baseline->process), NULL, error))
    return FALSE;
  if (!(line = g_data_input_stream_read_line_utf8 (baseline->replies, NULL, NULL, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the baseline ended");
      return FALSE;
    }

  *answer = g_ascii_strtod (line, &end);
  if (end == line || *end != '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the baseline answered “%s” to “%s”", line, request);
      return FALSE;
    }

  return TRUE;
}

/* Starts the baseline and waits until it has fitted, or says why it
 * could not and returns NULL. */
static Baseline *
baseline_start (const char *features)
{
  g_autofree char *script = g_build_filename (PP_SOURCE_DATADIR, "..", "bench", "sklearn-baseline.py", NULL);
  g_autoptr(Baseline) baseline = g_new0 (Baseline, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  baseline->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                        "/usr/bin/python3", script, features, NULL);
  if (baseline->process != NULL)
    {
      baseline->replies = g_data_input_stream_new (g_subprocess_get_stdout_pipe (baseline->process));
      line = g_data_input_stream_read_line_utf8 (baseline->replies, NULL, NULL, &error);
    }
  if (g_strcmp0 (line, "ready") != 0)
    {
      g_printerr ("Python baseline did not run (%s); install python3-sklearn to compare.\n",
                  error ? error->message : "it ended before it had fitted");
      return NULL;
    }

  return g_steal_pointer (&baseline);
}

/* The median and quartiles of @n values, which it sorts; in ASCII,
 * which any locale prints. */
static void
print_spread (const char *what,
              double     *v,
              guint       n,
              const char *unit)
{
  double median, low, high;

  qsort (v, n, sizeof (double), compare_doubles);
  median = median_of_sorted (v, n);
  low = v[n / 4];
  high = v[(3 * n) / 4];
  if (median >= 1000)
    g_print ("  %-46s median %9.0f%s  quartiles %.0f to %.0f%s\n", what, median, unit, low, high, unit);
  else
    g_print ("  %-46s median %9.2f%s  quartiles %.2f to %.2f%s\n", what, median, unit, low, high, unit);
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
  g_autoptr(Baseline) baseline = NULL;
  double times[6][SLICES], ratios[4][SLICES];
  guint n_ratios = 0, next = 0;

  /* A baseline that died between two slices closes its pipe: a write
   * to it should fail, not end this program. */
  signal (SIGPIPE, SIG_IGN);

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

  /* Shared machines are noisy: ours and the baseline's in short slices,
   * each ratio from one slice, and their spread. The first slice warms
   * caches up and is not counted. */
  features = write_features (predictor, catalog, rows);
  baseline = baseline_start (features);
  for (guint slice = 0; slice <= SLICES; slice++)
    {
      double objects = median_single_us (PP_PREDICTOR (predictor), workloads, FALSE, ROUNDS_PER_SLICE, &next);
      double values = median_single_us (PP_PREDICTOR (predictor), workloads, TRUE, ROUNDS_PER_SLICE, &next);
      double objects_batch = batch_per_second (PP_PREDICTOR (predictor), workloads, FALSE);
      double values_batch = batch_per_second (PP_PREDICTOR (predictor), workloads, TRUE);
      double py_single = NAN, py_batch = NAN;
      g_autoptr(GError) error = NULL;
      guint i = slice - 1;

      if (baseline != NULL &&
          (!baseline_ask (baseline, "single " G_STRINGIFY (BASELINE_CALLS_PER_SLICE), &py_single, &error) ||
           !baseline_ask (baseline, "batch", &py_batch, &error)))
        {
          g_printerr ("Python baseline stopped: %s\n", error->message);
          g_clear_pointer (&baseline, baseline_free);
        }
      if (slice == 0)
        continue;

      times[0][i] = objects;
      times[1][i] = values;
      times[2][i] = objects_batch;
      times[3][i] = values_batch;
      if (baseline != NULL)
        {
          times[4][i] = py_single;
          times[5][i] = py_batch;
          ratios[0][n_ratios] = py_single / objects;
          ratios[1][n_ratios] = py_single / values;
          ratios[2][n_ratios] = objects_batch / py_batch;
          ratios[3][n_ratios] = values_batch / py_batch;
          n_ratios++;
        }
    }

  g_print ("%u slices, each of %u rounds of %u calls for each of ours, a pass over the %u workloads, "
           "and %u single calls and one batch of the baseline's\n",
           SLICES, ROUNDS_PER_SLICE, CALLS_PER_ROUND, workloads->len, BASELINE_CALLS_PER_SLICE);
  g_print ("perfcast (roofline + 2 ensembles + distance):\n");
  print_spread ("single prediction, as a PpPrediction object", times[0], SLICES, " us");
  print_spread ("single prediction, into PpPredictionValues", times[1], SLICES, " us");
  print_spread ("batch, as objects (predictions/s)", times[2], SLICES, "");
  print_spread ("batch, as values (predictions/s)", times[3], SLICES, "");
  /* A baseline that stopped part of the way gave the slices before. */
  if (n_ratios > 0)
    {
      g_print ("scikit-learn GradientBoostingRegressor (%u slices):\n", n_ratios);
      print_spread ("single predict()", times[4], n_ratios, " us");
      print_spread ("vectorised predict() (predictions/s)", times[5], n_ratios, "");
      g_print ("ratios, each of one slice (goal: < 10 us and >= 100x single):\n");
      print_spread ("single, as objects", ratios[0], n_ratios, "x");
      print_spread ("single, as values", ratios[1], n_ratios, "x");
      print_spread ("batch, as objects", ratios[2], n_ratios, "x");
      print_spread ("batch, as values", ratios[3], n_ratios, "x");
    }
  g_remove (features);

  return 0;
}
