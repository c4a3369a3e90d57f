/* bench-web.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libpp-web.h>
#include <stdlib.h>
#include <string.h>

#include "pp-web-private.h"
#include "pp-web-result-private.h"

/* The embedded-browser runner's own costs, side by side in one run:
 *
 *  1. the warm dispatch overhead of an empty job (goal: p50 ≤ 2 ms);
 *  2. the throughput of the same jobs on 1 and on 2 views, one
 *     WebAssembly thread each (on 2 cores, about 1.8× is expected);
 *  3. the latency of a job on a fresh pool (view, runtime and session
 *     start) and on a warm one.
 *
 * Run it with `meson test -C BUILD --benchmark bench-web` (under
 * xvfb-run) or directly under a display.
 */

#define N_EMPTY_JOBS 200
#define N_THROUGHPUT_JOBS 8
#define THROUGHPUT_RUNS 20

typedef struct
{
  guint pending;
  gboolean failed;
  double latency_sum;   /* of the jobs' median latencies, ms */
  guint n_latencies;
} Batch;

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Batch *batch = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  if (!(list = pp_web_pool_run_finish (PP_WEB_POOL (object), result, &error)))
    {
      g_printerr ("bench-web: a job failed: %s\n", error->message);
      batch->failed = TRUE;
    }
  for (guint i = 0; list != NULL && i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (list, i);

      batch->latency_sum += pp_measurement_get_latency_ms (m);
      batch->n_latencies++;
    }
  batch->pending--;
}

/* Runs @jobs at once and returns the wall time in seconds; @latency_ms,
 * if given, gets the mean of the jobs' median latencies.
 */
static double
run_all (PpWebPool *pool,
         GPtrArray *jobs,
         double    *latency_ms)
{
  Batch batch = { jobs->len, FALSE, 0, 0 };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < jobs->len; i++)
    pp_web_pool_run_async (pool, g_ptr_array_index (jobs, i), NULL, job_done_cb, &batch);
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  if (batch.failed)
    exit (1);
  if (latency_ms != NULL)
    *latency_ms = batch.latency_sum / MAX (1, batch.n_latencies);
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

static double
run_one (PpWebPool *pool,
         PpWebJob  *job)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();

  g_ptr_array_add (jobs, job);
  return run_all (pool, jobs, NULL);
}

static PpModelSpec *
bench_model (void)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(GError) error = NULL;
  PpModelSpec *spec;

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bench-encoder");
  pp_measurement_set_string (m, PP_COLUMN_FAMILY, "bert");
  pp_measurement_set_string (m, PP_COLUMN_MODALITY, "text");
  pp_measurement_set_string (m, PP_COLUMN_ARCH, "encoder");
  pp_measurement_set_number (m, PP_COLUMN_LAYERS, 4);
  pp_measurement_set_number (m, PP_COLUMN_HIDDEN, 256);
  pp_measurement_set_number (m, PP_COLUMN_HEADS, 4);
  pp_measurement_set_number (m, PP_COLUMN_KV_HEADS, 4);
  pp_measurement_set_number (m, PP_COLUMN_FFN, 1024);
  pp_measurement_set_number (m, PP_COLUMN_VOCAB, 1000);

  if (!(spec = pp_model_spec_new_from_measurement (m, &error)))
    g_error ("%s", error->message);
  return spec;
}

static PpWebJob *
model_job (PpModelSpec *model,
           guint        runs)
{
  PpWebJob *job = pp_web_job_new (model, PP_WEB_RUNTIME_ORT, PP_WEB_BACKEND_WASM, 1);

  pp_web_job_set_seq_len (job, 128);
  pp_web_job_set_runs (job, runs);
  pp_web_job_set_warmup_runs (job, 2);
  return job;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static void
bench_dispatch (void)
{
  g_autoptr(PpWebPool) pool = pp_web_pool_new (1);
  g_autoptr(PpWebJob) first = _pp_web_job_new_diagnostic ("empty");
  double times[N_EMPTY_JOBS];

  run_one (pool, first);
  for (guint i = 0; i < N_EMPTY_JOBS; i++)
    {
      g_autoptr(PpWebJob) job = _pp_web_job_new_diagnostic ("empty");

      times[i] = run_one (pool, job) * 1000;
    }

  qsort (times, N_EMPTY_JOBS, sizeof (double), compare_doubles);
  g_print ("warm dispatch of an empty job: p50 %.3f ms, p90 %.3f ms over %u jobs (goal: p50 ≤ 2 ms)\n",
           _pp_web_result_median (times, N_EMPTY_JOBS), _pp_web_result_quantile (times, N_EMPTY_JOBS, 0.9),
           N_EMPTY_JOBS);
}

/* Timed runs per second over a batch of jobs (sessions, warm-up and
 * calls included), after a first round that loads the runtime into every
 * view; @latency_ms gets the runs' typical latency.
 */
static double
throughput (PpModelSpec *model,
            guint        n_views,
            double      *latency_ms)
{
  g_autoptr(PpWebPool) pool = pp_web_pool_new (n_views);
  g_autoptr(GPtrArray) warm = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  double seconds;

  pp_web_pool_set_threads_per_view (pool, 1);
  for (guint i = 0; i < n_views; i++)
    g_ptr_array_add (warm, model_job (model, 1));
  run_all (pool, warm, NULL);

  for (guint i = 0; i < N_THROUGHPUT_JOBS; i++)
    g_ptr_array_add (jobs, model_job (model, THROUGHPUT_RUNS));
  seconds = run_all (pool, jobs, latency_ms);

  return N_THROUGHPUT_JOBS * THROUGHPUT_RUNS / seconds;
}

static void
bench_cold_warm (PpModelSpec *model)
{
  g_autoptr(PpWebPool) pool = pp_web_pool_new (1);
  g_autoptr(PpWebJob) cold = model_job (model, 5);
  g_autoptr(PpWebJob) warm = model_job (model, 5);
  double cold_s = run_one (pool, cold);
  double warm_s = run_one (pool, warm);

  g_print ("job latency (5 timed runs): cold %.0f ms (new view, runtime load, session), warm %.0f ms; "
           "cold/warm %.1f×\n", cold_s * 1000, warm_s * 1000, cold_s / warm_s);
}

/* The control for the 1-vs-2-views ratio: the same C work on one thread,
 * then on two at once. Two kinds: a dependent chain of multiply-adds
 * (latency-bound: scales even on two hyperthreads of one core) and dot
 * products over 128 KB of floats with independent sums (throughput-bound,
 * like a model's kernels: scales only on two real cores). No runner can
 * scale better than the second.
 */
#define DOT_N (32 * 1024)

static gpointer
chain (gpointer data)
{
  volatile double x = 1.0;

  for (guint i = 0; i < 200000000; i++)
    x = x * 1.0000001 + 1e-9;
  return NULL;
}

static gpointer
dots (gpointer data)
{
  g_autofree float *a = g_new (float, DOT_N);
  float sums[8] = { 0 };
  volatile float total = 0;

  for (guint i = 0; i < DOT_N; i++)
    a[i] = (float)(i % 7) * 0.001f;
  for (guint r = 0; r < 12000; r++)
    for (guint i = 0; i < DOT_N; i += 8)
      for (guint k = 0; k < 8; k++)
        sums[k] += a[i + k] * a[i + k];
  for (guint k = 0; k < 8; k++)
    total += sums[k];
  return NULL;
}

static double
scaling (GThreadFunc work)
{
  gint64 start = g_get_monotonic_time ();
  GThread *a, *b;
  double one, two;

  work (NULL);
  one = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  a = g_thread_new ("work-a", work, NULL);
  b = g_thread_new ("work-b", work, NULL);
  g_thread_join (a);
  g_thread_join (b);
  two = g_get_monotonic_time () - start;

  return 2 * one / two;
}

/* Other processes on the machine skew every number here: say how busy
 * it was.
 */
static void
print_load (const char *when)
{
  g_autofree char *loadavg = NULL;

  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("load average %s: %.*s\n", when, (int)strcspn (loadavg, " "), loadavg);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PpModelSpec) model = NULL;
  g_autoptr(GError) error = NULL;
  double one, two, one_ms, two_ms;

  g_setenv ("GTK_A11Y", "none", TRUE);
  if (!pp_web_init (&error))
    {
      g_printerr ("bench-web: %s\n", error->message);
      return 77;
    }

  model = bench_model ();
  g_print ("bench-web: %u cores; model %s (4 layers, d=256, seq 128), onnxruntime-web wasm\n",
           g_get_num_processors (), pp_model_spec_get_id (model));

  print_load ("before");
  bench_dispatch ();
  g_print ("this machine, 2 C threads vs 1: %.2f× on a latency-bound chain, %.2f× on throughput-bound "
           "dot products (the ceiling for the views)\n", scaling (chain), scaling (dots));
  one = throughput (model, 1, &one_ms);
  two = throughput (model, 2, &two_ms);
  g_print ("throughput, 1 thread per view: 1 view %.1f runs/s, 2 views %.1f runs/s; 2 views / 1 view %.2f× "
           "(expected ≈ 1.8× on 2 cores)\n", one, two, two / one);
  g_print ("  median run latency: %.1f ms alone, %.1f ms with 2 views busy; pure-run scaling %.2f×\n",
           one_ms, two_ms, 2 * one_ms / two_ms);
  bench_cold_warm (model);
  print_load ("after");

  return 0;
}
