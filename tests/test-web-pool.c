/* test-web-pool.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libpp-web.h>
#include <signal.h>

#include "pp-test-util.h"
#include "pp-web-private.h"

/* The runner against a real WebKitGTK: every case starts its own pool
 * (one view), runs tiny models so that the whole program stays within a
 * few tens of seconds, and checks the pool is freed.
 */

typedef struct
{
  GListModel *list;
  GError *error;
  gboolean done;
} Wait;

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Wait *w = user_data;

  w->list = pp_web_pool_run_finish (PP_WEB_POOL (object), result, &w->error);
  w->done = TRUE;
}

static GListModel *
run_job (PpWebPool  *pool,
         PpWebJob   *job,
         GError    **error)
{
  Wait w = { 0 };

  pp_web_pool_run_async (pool, job, NULL, run_cb, &w);
  pp_test_wait_for (&w.done);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.list;
}

/* A model that is in no catalog, described by its columns as imported
 * data would describe it.
 */
static PpModelSpec *
tiny_model (const char *name,
            const char *family,
            const char *arch,
            guint       layers,
            guint       hidden)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(GError) error = NULL;
  PpModelSpec *spec;

  pp_measurement_set_string (m, PP_COLUMN_MODEL, name);
  pp_measurement_set_string (m, PP_COLUMN_FAMILY, family);
  pp_measurement_set_string (m, PP_COLUMN_MODALITY, "text");
  pp_measurement_set_string (m, PP_COLUMN_ARCH, arch);
  pp_measurement_set_number (m, PP_COLUMN_LAYERS, layers);
  pp_measurement_set_number (m, PP_COLUMN_HIDDEN, hidden);
  pp_measurement_set_number (m, PP_COLUMN_HEADS, 4);
  pp_measurement_set_number (m, PP_COLUMN_KV_HEADS, 4);
  pp_measurement_set_number (m, PP_COLUMN_FFN, 4 * hidden);
  pp_measurement_set_number (m, PP_COLUMN_VOCAB, 1000);

  spec = pp_model_spec_new_from_measurement (m, &error);
  g_assert_no_error (error);
  return spec;
}

static PpWebJob *
tiny_job (PpModelSpec *model,
          guint        runs)
{
  PpWebJob *job = pp_web_job_new (model, PP_WEB_RUNTIME_ORT, PP_WEB_BACKEND_WASM, 1);

  pp_web_job_set_seq_len (job, 32);
  pp_web_job_set_runs (job, runs);
  pp_web_job_set_warmup_runs (job, 2);
  return job;
}

static void
capabilities_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PpWebCapabilities **caps = user_data;
  g_autoptr(GError) error = NULL;

  *caps = pp_web_pool_get_capabilities_finish (PP_WEB_POOL (object), result, &error);
  g_assert_no_error (error);
}

/* Real values of this engine: WebKitGTK 2.50 has WASM SIMD and, with
 * JSC_useSharedArrayBuffer (pp_web_init), threads; no WebGPU or WebNN,
 * and each missing backend says why.
 */
static void
test_capabilities (void)
{
  g_autoptr(PpWebPool) pool = pp_web_pool_new (1);
  g_autoptr(PpWebCapabilities) caps = NULL;
  g_autofree char *json = NULL;
  const char *reason = NULL;

  pp_web_pool_get_capabilities_async (pool, NULL, capabilities_cb, &caps);
  while (caps == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (pp_web_capabilities_get_wasm_simd (caps));
  g_assert_true (pp_web_capabilities_get_wasm_threads (caps));
  g_assert_true (pp_web_capabilities_has_backend (caps, PP_WEB_BACKEND_WASM, NULL));
  g_assert_cmpuint (pp_web_capabilities_get_cores (caps), >=, 1);
  g_assert_false (pp_web_capabilities_has_backend (caps, PP_WEB_BACKEND_WEBNN, &reason));
  g_assert_nonnull (g_strstr_len (reason, -1, "navigator.ml"));
  if (!pp_web_capabilities_has_backend (caps, PP_WEB_BACKEND_WEBGPU, &reason))
    g_assert_nonnull (g_strstr_len (reason, -1, "navigator.gpu"));

  json = pp_web_capabilities_to_json (caps);
  g_assert_nonnull (g_strstr_len (json, -1, "\"webkit_version\""));

  g_clear_object (&caps);
  g_assert_finalize_object (g_steal_pointer (&pool));
}

static PpMeasurement *
only_measurement (GListModel *list,
                  guint       expected)
{
  g_assert_nonnull (list);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, expected);
  return g_list_model_get_item (list, 0);
}

/* Two sizes of the same architecture: both stored, both with real
 * numbers, the larger one slower; a decoder gives prefill and decode.
 * The smaller one runs first, in a cold view, and again after the larger
 * one: the sizes are compared warm, since a cold start on a loaded
 * machine once took the small model 149 ms against the large one's 81.
 */
static void
test_bench (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("web.db");
  g_autoptr(PpWebPool) pool = pp_web_pool_new (1);
  g_autoptr(PpModelSpec) small = tiny_model ("tiny-bert-s", "bert", "encoder", 1, 64);
  g_autoptr(PpModelSpec) large = tiny_model ("tiny-bert-l", "bert", "encoder", 4, 256);
  g_autoptr(PpModelSpec) decoder = tiny_model ("tiny-llama", "llama", "decoder", 2, 64);
  g_autoptr(PpWebJob) job_small = tiny_job (small, 15);
  g_autoptr(PpWebJob) job_large = tiny_job (large, 15);
  g_autoptr(PpWebJob) job_decoder = tiny_job (decoder, 5);
  g_autoptr(PpWebJob) job_small_warm = tiny_job (small, 15);
  g_autoptr(GListModel) list_small = NULL;
  g_autoptr(GListModel) list_small_warm = NULL;
  g_autoptr(GListModel) list_large = NULL;
  g_autoptr(GListModel) list_decoder = NULL;
  g_autoptr(PpMeasurement) m_small = NULL;
  g_autoptr(PpMeasurement) m_large = NULL;
  g_autoptr(PpMeasurement) m_small_warm = NULL;
  g_autoptr(PpMeasurement) prefill = NULL;
  g_autoptr(GError) error = NULL;

  pp_web_pool_set_store (pool, store);
  list_small = run_job (pool, job_small, &error);
  g_assert_no_error (error);
  list_large = run_job (pool, job_large, &error);
  g_assert_no_error (error);
  list_decoder = run_job (pool, job_decoder, &error);
  g_assert_no_error (error);
  list_small_warm = run_job (pool, job_small_warm, &error);
  g_assert_no_error (error);

  m_small = only_measurement (list_small, 1);
  m_large = only_measurement (list_large, 1);
  m_small_warm = only_measurement (list_small_warm, 1);
  g_assert_cmpuint (pp_test_count (store), ==, 5);
  g_assert_cmpstr (pp_measurement_get_hardware (m_small), ==, "webkitgtk-wasm");
  g_assert_cmpstr (pp_measurement_get_extra (m_small, "runtime"), ==, "onnxruntime-web");
  g_assert_cmpfloat (pp_measurement_get_latency_ms (m_small), >, 0);
  g_assert_cmpfloat (pp_measurement_get_memory_mb (m_small), >, 50);
  g_assert_cmpfloat (pp_measurement_get_number (m_small, PP_COLUMN_PARAMS_M), <,
                     pp_measurement_get_number (m_large, PP_COLUMN_PARAMS_M));
  g_test_message ("small, cold: %.1f ms; large: %.1f ms; small, warm: %.1f ms",
                  pp_measurement_get_latency_ms (m_small), pp_measurement_get_latency_ms (m_large),
                  pp_measurement_get_latency_ms (m_small_warm));
  g_assert_cmpfloat (pp_measurement_get_latency_ms (m_large), >, pp_measurement_get_latency_ms (m_small_warm));
  g_assert_cmpstr (pp_measurement_get_extra (m_large, "warm_view"), ==, "true");

  prefill = only_measurement (list_decoder, 2);
  g_assert_cmpstr (pp_measurement_get_phase (prefill), ==, "prefill");
  g_assert_cmpfloat (pp_measurement_get_number (prefill, PP_COLUMN_TOKENS_PER_S), >, 0);
  g_assert_cmpint (pp_web_job_get_state (job_decoder), ==, PP_WEB_JOB_STATE_SUCCEEDED);

  g_assert_finalize_object (g_steal_pointer (&pool));
}

/* Jobs for backends the engine lacks fail with the reason, and runtimes
 * refuse backends they do not have; nothing is stored.
 */
static void
test_unavailable (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("web.db");
  g_autoptr(PpWebPool) pool = pp_web_pool_new (1);
  g_autoptr(PpModelSpec) model = tiny_model ("tiny-bert", "bert", "encoder", 1, 64);
  g_autoptr(PpWebJob) webnn = pp_web_job_new (model, PP_WEB_RUNTIME_ORT, PP_WEB_BACKEND_WEBNN, 1);
  g_autoptr(PpWebJob) ort_webgl = pp_web_job_new (model, PP_WEB_RUNTIME_ORT, PP_WEB_BACKEND_WEBGL, 1);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  pp_web_pool_set_store (pool, store);
  list = run_job (pool, webnn, &error);
  g_assert_error (error, PP_WEB_ERROR, PP_WEB_ERROR_UNAVAILABLE);
  g_assert_null (list);
  g_clear_error (&error);

  list = run_job (pool, ort_webgl, &error);
  g_assert_error (error, PP_WEB_ERROR, PP_WEB_ERROR_UNAVAILABLE);
  g_assert_cmpint (pp_web_job_get_state (ort_webgl), ==, PP_WEB_JOB_STATE_FAILED);
  g_assert_cmpuint (pp_test_count (store), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&pool));
}

typedef struct
{
  PpWebPool *pool;
  GPid killed;
} Killer;

/* Kills the view's web process once the job is in its timed runs. */
static void
kill_during_runs_cb (PpWebJob   *job,
                     GParamSpec *pspec,
                     Killer     *k)
{
  g_autoptr(GArray) pids = NULL;
  const char *status = pp_web_job_get_status (job);

  if (k->killed != 0 || status == NULL || !g_str_has_suffix (status, "run 5 of 40"))
    return;

  pids = _pp_web_pool_dup_web_process_pids (k->pool);
  g_assert_cmpuint (pids->len, ==, 1);
  k->killed = g_array_index (pids, GPid, 0);
  g_assert_cmpint (k->killed, >, 0);
  g_assert_cmpint (kill (k->killed, SIGKILL), ==, 0);
}

/* `kill -9` of the web process in the middle of a job: the view is
 * rebuilt, the job runs again, and exactly one measurement is stored.
 */
static void
test_kill (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("web.db");
  g_autoptr(PpWebPool) pool = pp_web_pool_new (1);
  g_autoptr(PpModelSpec) model = tiny_model ("tiny-bert", "bert", "encoder", 2, 64);
  g_autoptr(PpWebJob) job = tiny_job (model, 40);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(PpMeasurement) m = NULL;
  g_autoptr(GArray) pids = NULL;
  g_autoptr(GError) error = NULL;
  Killer k = { pool, 0 };

  pp_web_pool_set_store (pool, store);
  g_signal_connect (job, "notify::status", G_CALLBACK (kill_during_runs_cb), &k);
  list = run_job (pool, job, &error);
  g_assert_no_error (error);

  g_assert_cmpint (k.killed, >, 0);
  g_assert_cmpuint (pp_web_job_get_attempts (job), ==, 2);
  g_assert_cmpuint (_pp_web_pool_get_n_restarts (pool), >=, 1);
  m = only_measurement (list, 1);
  g_assert_cmpstr (pp_measurement_get_extra (m, "attempt"), ==, "2");
  g_assert_cmpuint (pp_test_count (store), ==, 1);

  pids = _pp_web_pool_dup_web_process_pids (pool);
  g_assert_cmpint (g_array_index (pids, GPid, 0), !=, k.killed);

  g_assert_finalize_object (g_steal_pointer (&pool));
}

/* A page stuck in a loop: the watchdog stops its web process, the job
 * runs again, hangs again, and fails with a clear error; the pool then
 * still works.
 */
static void
test_hang (void)
{
  g_autoptr(PpWebPool) pool = pp_web_pool_new (1);
  g_autoptr(PpWebJob) hang = _pp_web_job_new_diagnostic ("hang");
  g_autoptr(PpWebJob) empty = _pp_web_job_new_diagnostic ("empty");
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  pp_web_pool_set_watchdog_ms (pool, 1000);
  pp_web_pool_set_max_retries (pool, 1);
  list = run_job (pool, hang, &error);
  g_assert_error (error, PP_WEB_ERROR, PP_WEB_ERROR_TIMEOUT);
  g_assert_nonnull (g_strstr_len (error->message, -1, "2 attempts"));
  g_assert_null (list);
  g_assert_cmpuint (pp_web_job_get_attempts (hang), ==, 2);
  g_assert_cmpint (pp_web_job_get_state (hang), ==, PP_WEB_JOB_STATE_FAILED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_clear_error (&error);

  list = run_job (pool, empty, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&pool));
}

/* The page sends 14 malformed bodies through the real message path;
 * each is logged, dropped and answered with an error, and the job (and
 * process) carry on.
 */
static void
test_malformed (void)
{
  g_autoptr(PpWebPool) pool = pp_web_pool_new (1);
  g_autoptr(PpWebJob) job = _pp_web_job_new_diagnostic ("malformed");
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  for (guint i = 0; i < 14; i++)
    g_test_expect_message ("PpWeb", G_LOG_LEVEL_MESSAGE, "*dropped a malformed message*");

  list = run_job (pool, job, &error);
  g_assert_no_error (error);
  g_test_assert_expected_messages ();

  result = json_node_get_object (_pp_web_job_get_result (job));
  g_assert_cmpint (json_object_get_int_member (result, "sent"), ==, 14);
  g_assert_cmpint (json_object_get_int_member (result, "dropped"), ==, 14);
  g_assert_cmpuint (_pp_web_pool_get_n_dropped_messages (pool), ==, 14);
  g_assert_cmpuint (_pp_web_pool_get_n_restarts (pool), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&pool));
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  guint *n_connections = user_data;

  (*n_connections)++;
  return FALSE;
}

/* The page cannot reach the network: a fetch to a port this test listens
 * on, and one to a public host, both fail, and no connection arrives.
 */
static void
test_no_network (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 47911);
  g_autoptr(PpWebPool) pool = pp_web_pool_new (1);
  g_autoptr(PpWebJob) job = _pp_web_job_new_diagnostic ("network");
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  guint n_connections = 0;
  JsonObject *result;

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error))
    {
      g_test_skip (error->message);
      return;
    }
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), &n_connections);

  list = run_job (pool, job, &error);
  g_assert_no_error (error);
  result = json_node_get_object (_pp_web_job_get_result (job));
  g_assert_cmpint (json_object_get_int_member (result, "blocked"), ==, 2);
  g_assert_cmpuint (n_connections, ==, 0);

  g_socket_service_stop (service);
  g_assert_finalize_object (g_steal_pointer (&pool));
}

/* A job cancelled while it waits for a view ends at once, cancelled. */
static void
test_cancel (void)
{
  g_autoptr(PpWebPool) pool = pp_web_pool_new (1);
  g_autoptr(PpWebJob) job = _pp_web_job_new_diagnostic ("empty");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GListModel) list = NULL;
  Wait w = { 0 };

  pp_web_pool_run_async (pool, job, cancellable, run_cb, &w);
  g_assert_cmpint (pp_web_job_get_state (job), ==, PP_WEB_JOB_STATE_QUEUED);
  g_cancellable_cancel (cancellable);
  pp_test_wait_for (&w.done);

  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (w.list);
  g_assert_cmpint (pp_web_job_get_state (job), ==, PP_WEB_JOB_STATE_FAILED);
  g_clear_error (&w.error);

  g_assert_finalize_object (g_steal_pointer (&pool));
}

/* A web process over the pool's memory limit is killed by WebKit; the
 * job fails, saying so, once its retries are used up. WebKit's memory
 * monitor polls every few seconds, so this takes 20-30 s and a few GB:
 * it runs with -m slow only.
 */
static void
test_memory_limit (void)
{
  g_autoptr(PpWebPool) pool = NULL;
  g_autoptr(PpWebJob) grow = _pp_web_job_new_diagnostic ("grow");
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_slow ())
    {
      g_test_skip ("slow (20-30 s, a few GB of memory): run with -m slow");
      return;
    }

  pool = g_object_new (PP_WEB_TYPE_POOL, "n-views", 1, "memory-limit-mb", 400, NULL);
  pp_web_pool_set_max_retries (pool, 0);
  list = run_job (pool, grow, &error);
  g_assert_error (error, PP_WEB_ERROR, PP_WEB_ERROR_WEB_PROCESS);
  g_assert_nonnull (g_strstr_len (error->message, -1, "memory limit"));
  g_assert_cmpuint (pp_web_job_get_attempts (grow), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&pool));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  /* Test environment only: no accessibility bus to look for, and no
   * bubblewrap sandbox, which containers often cannot create (STYLE §1).
   */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS", "1", FALSE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!pp_web_init (&error))
    {
      g_print ("1..0 # SKIP %s\n", error->message);
      return 77;
    }

  g_test_add_func ("/PpWeb/Pool/capabilities", test_capabilities);
  g_test_add_func ("/PpWeb/Pool/bench", test_bench);
  g_test_add_func ("/PpWeb/Pool/unavailable", test_unavailable);
  g_test_add_func ("/PpWeb/Pool/kill", test_kill);
  g_test_add_func ("/PpWeb/Pool/hang", test_hang);
  g_test_add_func ("/PpWeb/Pool/malformed", test_malformed);
  g_test_add_func ("/PpWeb/Pool/no-network", test_no_network);
  g_test_add_func ("/PpWeb/Pool/cancel", test_cancel);
  g_test_add_func ("/PpWeb/Pool/memory-limit", test_memory_limit);

  return g_test_run ();
}
