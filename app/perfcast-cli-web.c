/* perfcast-cli-web.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "perfcast-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <libpp.h>
#ifdef HAVE_LIBPP_WEB
# include <libpp-web.h>
#endif
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "perfcast-cli-private.h"

#ifndef HAVE_LIBPP_WEB

/* Built without WebKitGTK 6.0 (-Dweb=disabled, or it was not found). */
static int
no_web (void)
{
  g_printerr (_("perfcast-cli: this build has no web runner: install libwebkitgtk-6.0-dev and "
                "reconfigure with -Dweb=enabled\n"));
  return 1;
}

int
perfcast_cli_capabilities (int    argc,
                           char **argv)
{
  return no_web ();
}

int
perfcast_cli_bench (int    argc,
                    char **argv)
{
  return no_web ();
}

#else

/* The commands that measure in embedded web views: `capabilities` and
 * `bench`. Both need a display (Xvfb is enough) and pp_web_init() before
 * anything else touches GTK.
 */

typedef struct
{
  char *db;
  char *model;
  char *backend;
  char *runtime;
  char *batches;
  char *precision;
  int seq;
  double input_size;
  int views;
  int runs;
  int warmup;
  double max_params_m;
  gboolean json;
} BenchOptions;

typedef struct
{
  GMainLoop *loop;
  GListStore *results;
  GPtrArray *jobs;
  guint pending;
  guint failed;
  gint64 last_line;
  gboolean tty;
} Bench;

static void
bench_options_clear (BenchOptions *o)
{
  g_free (o->db);
  g_free (o->model);
  g_free (o->backend);
  g_free (o->runtime);
  g_free (o->batches);
  g_free (o->precision);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BenchOptions, bench_options_clear)

typedef struct
{
  PpWebCapabilities *caps;
  gboolean done;
} Probe;

static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GError) error = NULL;

  if (!(probe->caps = pp_web_pool_get_capabilities_finish (PP_WEB_POOL (object), result, &error)))
    perfcast_cli_print_error (error);
  probe->done = TRUE;
}

static void
print_backend (PpWebCapabilities *caps,
               PpWebBackend       backend,
               const char        *details)
{
  const char *reason = NULL;
  gboolean available = pp_web_capabilities_has_backend (caps, backend, &reason);

  g_print ("  %-8s %-4s %s\n", pp_web_backend_to_string (backend), available ? _("yes") : _("no"),
           available ? details : reason);
}

static void
print_capabilities (PpWebCapabilities *caps)
{
  g_autofree char *wasm = g_strdup_printf (_("SIMD %s, threads %s, relaxed SIMD %s"),
                                           pp_web_capabilities_get_wasm_simd (caps) ? _("yes") : _("no"),
                                           pp_web_capabilities_get_wasm_threads (caps) ? _("yes") : _("no"),
                                           pp_web_capabilities_get_wasm_relaxed_simd (caps) ? _("yes") : _("no"));
  g_autofree char *webgl = g_strdup_printf (_("renderer %s"), pp_web_capabilities_get_webgl_renderer (caps));

  g_print (_("WebKitGTK %s; pages see %u cores (the host has %u)\n"),
           pp_web_capabilities_get_webkit_version (caps), pp_web_capabilities_get_cores (caps),
           g_get_num_processors ());
  print_backend (caps, PP_WEB_BACKEND_WASM, wasm);
  print_backend (caps, PP_WEB_BACKEND_WEBGL, webgl);
  print_backend (caps, PP_WEB_BACKEND_WEBGPU, "");
  print_backend (caps, PP_WEB_BACKEND_WEBNN, "");
}

int
perfcast_cli_capabilities (int    argc,
                           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— what the embedded web engine offers"));
  g_autoptr(PpWebPool) pool = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  Probe probe = { NULL, FALSE };
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Measurement store (unused; accepted for symmetry)"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON: one object per backend, with the reason a backend is missing"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = perfcast_cli_parse_options_only (context, &argc, &argv)))
    return status;

  if (!pp_web_init (&error))
    return perfcast_cli_fail (error);

  pool = pp_web_pool_new (1);
  pp_web_pool_get_capabilities_async (pool, NULL, capabilities_cb, &probe);
  while (!probe.done)
    g_main_context_iteration (NULL, TRUE);

  if (probe.caps == NULL)
    return 1;

  if (json)
    {
      g_autofree char *text = pp_web_capabilities_to_json (probe.caps);

      g_print ("%s\n", text);
    }
  else
    print_capabilities (probe.caps);

  g_object_unref (probe.caps);
  return 0;
}

static gboolean
parse_batches (const char  *text,
               GArray      *batches,
               GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", 0);

  for (guint i = 0; parts[i]; i++)
    {
      guint64 batch = 0;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 4096, &batch, NULL))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                       _("--batch takes batch sizes from 1 to 4096 separated by commas, e.g. 1,4; not “%s”"), text);
          return FALSE;
        }
      g_array_append_val (batches, (guint){ batch });
    }

  return batches->len > 0;
}

static gboolean
check_numbers (BenchOptions  *o,
               GError       **error)
{
  if (!isfinite (o->input_size))
    {
      g_set_error_literal (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                           _("--input-size must be a number of pixels or seconds"));
      return FALSE;
    }
  if (o->seq < 0 || o->input_size < 0 || o->views < 1 || o->runs < 1 || o->warmup < 0 || !(o->max_params_m > 0))
    {
      g_set_error_literal (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                           _("--seq, --input-size and --warmup must not be negative; --views, --runs and "
                             "--max-params-m must be positive"));
      return FALSE;
    }

  return TRUE;
}

static PpWebJob *
make_job (BenchOptions  *o,
          PpModelSpec   *model,
          guint          batch,
          GError       **error)
{
  g_autoptr(PpWebJob) job = NULL;
  PpPrecision precision = PP_PRECISION_FP32;
  PpWebRuntime runtime;
  PpWebBackend backend;

  if (!pp_web_runtime_from_string (o->runtime, &runtime, error) ||
      !pp_web_backend_from_string (o->backend, &backend, error) ||
      !pp_precision_from_string (o->precision, &precision, error))
    return NULL;

  if (precision != PP_PRECISION_FP32 && precision != PP_PRECISION_FP16)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("--precision must be fp32 or fp16, not “%s”"), o->precision);
      return NULL;
    }

  job = pp_web_job_new (model, runtime, backend, batch);
  pp_web_job_set_seq_len (job, o->seq);
  pp_web_job_set_input_size (job, o->input_size);
  pp_web_job_set_precision (job, precision);
  pp_web_job_set_runs (job, o->runs);
  pp_web_job_set_warmup_runs (job, o->warmup);
  pp_web_job_set_max_params_m (job, o->max_params_m);
  return g_steal_pointer (&job);
}

/* A progress line on stderr: rewritten in place on a terminal, at most
 * one line a second otherwise (logs stay readable).
 */
static void
job_notify_cb (PpWebJob   *job,
               GParamSpec *pspec,
               Bench      *b)
{
  gint64 now = g_get_monotonic_time ();
  const char *status = pp_web_job_get_status (job);

  if (status == NULL || (!b->tty && now - b->last_line < G_USEC_PER_SEC))
    return;

  b->last_line = now;
  if (b->tty)
    g_printerr ("\r\033[K[batch %u] %s (%.0f%%)", pp_web_job_get_batch (job), status,
                100 * pp_web_job_get_progress (job));
  else
    g_printerr ("[batch %u] %s (%.0f%%)\n", pp_web_job_get_batch (job), status,
                100 * pp_web_job_get_progress (job));
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bench *b = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  if (b->tty)
    g_printerr ("\r\033[K");

  if ((list = pp_web_pool_run_finish (PP_WEB_POOL (object), result, &error)))
    {
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr(PpMeasurement) m = g_list_model_get_item (list, i);

          g_list_store_append (b->results, m);
        }
    }
  else
    {
      perfcast_cli_print_error (error);
      b->failed++;
    }

  if (--b->pending == 0)
    g_main_loop_quit (b->loop);
}

/* “-” for a value the measurement does not have, as `list` prints it. */
static char *
format_number (PpMeasurement *m,
               PpColumn       column,
               guint          decimals)
{
  if (!pp_measurement_has_value (m, column))
    return g_strdup ("-");

  return g_strdup_printf ("%.*f", (int)decimals, pp_measurement_get_number (m, column));
}

static void
print_row (PpMeasurement *m)
{
  g_autofree char *seq = format_number (m, PP_COLUMN_SEQ_LEN, 0);
  g_autofree char *p90 = format_number (m, PP_COLUMN_LATENCY_P90_MS, 2);
  g_autofree char *memory = format_number (m, PP_COLUMN_MEMORY_MB, 0);

  g_print ("%-16s %-8s %5u %6s %12.2f %12s %12.2f %10s\n", pp_measurement_get_model (m),
           pp_measurement_get_phase (m), pp_measurement_get_batch (m), seq,
           pp_measurement_get_latency_ms (m), p90, pp_measurement_get_throughput (m), memory);
}

static void
print_table (GListModel *list)
{
  if (g_list_model_get_n_items (list) == 0)
    return;

  g_print ("%-16s %-8s %5s %6s %12s %12s %12s %10s\n", _("model"), _("phase"), _("batch"), _("seq"),
           _("latency ms"), _("p90 ms"), _("items/s"), _("memory MB"));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (list, i);

      print_row (m);
    }
}

static int
print_results (Bench        *b,
               BenchOptions *o)
{
  g_autoptr(GOutputStream) out = perfcast_cli_stdout ();
  g_autoptr(GError) error = NULL;

  if (!o->json)
    print_table (G_LIST_MODEL (b->results));
  else if (!pp_measurement_list_write (G_LIST_MODEL (b->results), out, PP_FILE_FORMAT_JSON, NULL, &error))
    return perfcast_cli_fail (error);

  return b->failed > 0 ? 1 : 0;
}

static int
run_bench (BenchOptions *o,
           PpCatalog    *catalog,
           PpModelSpec  *model,
           GArray       *batches)
{
  g_autoptr(PpMeasurementStore) store = NULL;
  g_autoptr(PpWebPool) pool = NULL;
  g_autoptr(GError) error = NULL;
  Bench b = { .tty = isatty (STDERR_FILENO) };
  int status;

  if (!(store = perfcast_cli_open_store (o->db, &error)))
    return perfcast_cli_fail (error);

  b.jobs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < batches->len; i++)
    {
      PpWebJob *job = make_job (o, model, g_array_index (batches, guint, i), &error);

      if (job == NULL)
        {
          g_ptr_array_unref (b.jobs);
          return perfcast_cli_fail (error);
        }
      g_ptr_array_add (b.jobs, job);
    }

  /* Before the web views load: the bandwidth the predictions of these
   * runs start from is this machine's best, not a busy moment's. */
  if (isnan (pp_hardware_spec_measure_local_bandwidth (&error)))
    {
      g_printerr ("perfcast-cli: %s\n", error->message);
      g_clear_error (&error);
    }

  pool = pp_web_pool_new (o->views);
  pp_web_pool_set_store (pool, store);
  b.loop = g_main_loop_new (NULL, FALSE);
  b.results = g_list_store_new (PP_TYPE_MEASUREMENT);
  b.pending = b.jobs->len;
  for (guint i = 0; i < b.jobs->len; i++)
    {
      PpWebJob *job = g_ptr_array_index (b.jobs, i);

      g_signal_connect (job, "notify::status", G_CALLBACK (job_notify_cb), &b);
      pp_web_pool_run_async (pool, job, NULL, job_done_cb, &b);
    }
  g_main_loop_run (b.loop);

  status = print_results (&b, o);
  /* The saved fit predicts the new runs before any fit learns from them. */
  perfcast_cli_check_saved_fit (catalog, store);
  g_main_loop_unref (b.loop);
  g_object_unref (b.results);
  g_ptr_array_unref (b.jobs);
  return status;
}

int
perfcast_cli_bench (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— measure a model in embedded web views and store the results"));
  g_auto(BenchOptions) o = { .backend = g_strdup ("wasm"), .runtime = g_strdup ("ort"), .batches = g_strdup ("1"),
                             .precision = g_strdup ("fp32"), .views = 1, .runs = 10, .warmup = 3, .max_params_m = 300 };
  g_autoptr(GArray) batches = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  PpModelSpec *model;
  int status;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o.db, N_("Measurement store"), N_("PATH") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &o.model, N_("The catalog model to build and run (required)"), N_("NAME") },
    { "backend", 0, 0, G_OPTION_ARG_STRING, &o.backend, N_("wasm, webgl, webgpu, webnn or cpu (default wasm)"), N_("NAME") },
    { "runtime", 0, 0, G_OPTION_ARG_STRING, &o.runtime, N_("ort (onnxruntime-web) or tfjs (TensorFlow.js); default ort"), N_("NAME") },
    { "batch", 0, 0, G_OPTION_ARG_STRING, &o.batches, N_("Batch sizes, comma-separated (default 1)"), N_("N,…") },
    { "seq", 0, 0, G_OPTION_ARG_INT, &o.seq, N_("Tokens per item, decoder tokens (Whisper) or audio frames (wav2vec 2.0)"), N_("N") },
    { "input-size", 0, 0, G_OPTION_ARG_DOUBLE, &o.input_size, N_("Image side in pixels or audio seconds"), N_("X") },
    { "precision", 0, 0, G_OPTION_ARG_STRING, &o.precision, N_("fp32 or fp16 (default fp32)"), N_("NAME") },
    { "views", 0, 0, G_OPTION_ARG_INT, &o.views, N_("Batches measured at once, each in its own web process (default 1)"), N_("N") },
    { "runs", 0, 0, G_OPTION_ARG_INT, &o.runs, N_("Timed runs per phase (default 10)"), N_("N") },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &o.warmup, N_("Untimed runs first (default 3)"), N_("N") },
    { "max-params-m", 0, 0, G_OPTION_ARG_DOUBLE, &o.max_params_m, N_("Build fewer layers above this many million parameters (default 300)"), N_("M") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print a JSON array of objects keyed by the CSV column names"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = perfcast_cli_parse_options_only (context, &argc, &argv)))
    return status;
  if (o.model == NULL)
    return perfcast_cli_usage_error (context, _("bench needs --model; “perfcast-cli catalog models” lists them"));
  if (!parse_batches (o.batches, batches, &error) || !check_numbers (&o, &error))
    return perfcast_cli_usage_error (context, error->message);

  if (!(catalog = pp_catalog_new_default (&error)))
    return perfcast_cli_fail (error);
  if (!(model = pp_catalog_lookup_model (catalog, o.model)))
    {
      g_printerr (_("perfcast-cli: unknown model “%s”; “perfcast-cli catalog models” lists the known ones\n"), o.model);
      return 1;
    }

  if (!pp_web_init (&error))
    return perfcast_cli_fail (error);

  return run_bench (&o, catalog, model, batches);
}

#endif /* HAVE_LIBPP_WEB */
