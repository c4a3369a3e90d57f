/* pp-web-pool.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-pool.h"

#include <glib/gi18n-lib.h>
#include <webkit/webkit.h>

#include "pp-web-attempt-private.h"
#include "pp-web-error.h"
#include "pp-web-pool-private.h"
#include "pp-web-private.h"
#include "pp-web-proc-private.h"
#include "pp-web-scheme-private.h"
#include "pp-web-worker-private.h"

/**
 * PpWebPool:
 *
 * Measures workloads in web views inside this process: no external
 * browser. The pool owns one `WebKitWebContext` and one ephemeral network
 * session (whose proxy leads nowhere: pages cannot reach the network) and
 * up to [property@PpWeb.Pool:n-views] views, each in its own web process,
 * never shown. Each view loads the runner page from a custom scheme and
 * keeps its runtime loaded between jobs.
 *
 * Jobs ([class@PpWeb.Job]) wait in a queue and run at most one per view.
 * A job goes to a view that already has its runtime and backend loaded
 * when one is free, and fails at once when the engine lacks its backend
 * ([class@PpWeb.Capabilities] says why). When a view's web process dies
 * (crash, kill, the memory limit) or its page stops answering (the
 * watchdog then stops the process), the view is reloaded and the job runs
 * again, up to [property@PpWeb.Pool:max-retries] times. A job's
 * measurements are stored once, in one transaction, when an attempt has
 * made them all: never lost to a retry, never stored twice.
 *
 * Call [func@PpWeb.init] before creating a pool. Everything happens on
 * the main context of the thread that created the pool.
 */

#define START_TIMEOUT_MS 30000
#define MAX_FAILED_STARTS 3
#define MAX_PROBE_FAILURES 3

/* A dead end for any request that is not for the runner's scheme: port 9
 * is “discard”, and nothing listens there.
 */
#define NO_NETWORK_PROXY "http://127.0.0.1:9"

typedef struct
{
  PpWebWorker *worker;   /* Owned */
  GTask *running;        /* Owned: the job task it runs */
  guint failed_starts;
  guint probing : 1;
  guint waiting : 1;     /* in start_queue */
  guint broken : 1;      /* gave up restarting it */
} Slot;

typedef struct
{
  PpWebJob *job;               /* Owned */
  GCancellable *cancellable;   /* Owned */
  gulong cancelled_id;
} JobData;

struct _PpWebPool
{
  GObject parent_instance;

  /* Owned */
  WebKitWebContext *context;
  WebKitNetworkSession *session;
  WebKitSettings *settings;
  GPtrArray *slots;
  GQueue queue;                 /* GTask: jobs waiting for a view */
  GPtrArray *capability_tasks;  /* GTask: waiting for the probe */
  PpWebCapabilities *capabilities;
  PpMeasurementStore *store;
  char *host_cpu;
  char *webkit_version;

  /* Borrowed */
  GQueue start_queue;           /* Slot: waiting to load their page */
  Slot *starting;               /* Slot: loading its page now */

  guint n_views;
  guint memory_limit_mb;
  guint max_retries;
  guint watchdog_ms;
  guint threads_per_view;
  guint n_running;
  guint n_restarts;
  guint probe_failures;
};

enum {
  PROP_0,
  PROP_N_VIEWS,
  PROP_MEMORY_LIMIT_MB,
  PROP_STORE,
  PROP_MAX_RETRIES,
  PROP_WATCHDOG_MS,
  PROP_THREADS_PER_VIEW,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PpWebPool, pp_web_pool, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void dispatch (PpWebPool *self);

static void
job_data_free (JobData *d)
{
  if (d->cancelled_id != 0)
    g_cancellable_disconnect (d->cancellable, d->cancelled_id);
  g_clear_object (&d->cancellable);
  g_clear_object (&d->job);
  g_free (d);
}

static void
slot_free (Slot *slot)
{
  g_signal_handlers_disconnect_matched (slot->worker, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, NULL);
  g_clear_object (&slot->worker);
  g_clear_object (&slot->running);
  g_free (slot);
}

static Slot *
find_slot (PpWebPool   *self,
           PpWebWorker *worker)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->worker == worker)
        return slot;
    }

  g_assert_not_reached ();
}

static PpWebJob *
task_job (GTask *task)
{
  return ((JobData *)g_task_get_task_data (task))->job;
}

/* Ends a job task with @error (owned). */
static void
fail_task (GTask  *task,
           GError *error)
{
  _pp_web_job_set_state (task_job (task), PP_WEB_JOB_STATE_FAILED);
  _pp_web_job_set_progress (task_job (task), pp_web_job_get_progress (task_job (task)), NULL);
  g_task_return_error (task, error);
}

static void
fail_queued (PpWebPool  *self,
             gboolean    bench_only,
             const char *message)
{
  GList *l = self->queue.head;

  while (l != NULL)
    {
      GList *next = l->next;
      GTask *task = l->data;

      if (!bench_only || _pp_web_job_get_diagnostic (task_job (task)) == NULL)
        {
          g_queue_delete_link (&self->queue, l);
          fail_task (task, g_error_new_literal (PP_WEB_ERROR, PP_WEB_ERROR_FAILED, message));
          g_object_unref (task);
        }
      l = next;
    }
}

/* Which of our web processes is the one that just started: the newest
 * that no other view has claimed. Views start one at a time (see
 * pump_starts), so this is unambiguous.
 */
static void
claim_pid (PpWebPool *self,
           Slot      *slot)
{
  g_autoptr(GArray) pids = _pp_web_proc_list_web_processes ();
  guint64 newest = 0;
  GPid chosen = 0;

  for (guint i = 0; i < pids->len; i++)
    {
      GPid pid = g_array_index (pids, GPid, i);
      gboolean claimed = FALSE;
      guint64 start;

      for (guint j = 0; j < self->slots->len; j++)
        {
          Slot *other = g_ptr_array_index (self->slots, j);

          claimed |= other != slot && _pp_web_worker_get_pid (other->worker) == pid;
        }
      if (!claimed && (start = _pp_web_proc_get_start_time (pid)) >= newest)
        {
          newest = start;
          chosen = pid;
        }
    }

  _pp_web_worker_set_pid (slot->worker, chosen);
  if (chosen == 0)
    g_debug ("Web view %u: could not find its web process; no memory will be reported",
             _pp_web_worker_get_index (slot->worker));
}

/* Pages load one at a time: it costs ≈ 0.2 s per view, and it is what
 * lets claim_pid() tell the new web process from the others.
 */
static void
pump_starts (PpWebPool *self)
{
  Slot *slot;

  if (self->starting != NULL || !(slot = g_queue_pop_head (&self->start_queue)))
    return;

  slot->waiting = FALSE;
  self->starting = slot;
  _pp_web_worker_start (slot->worker, START_TIMEOUT_MS);
}

static void
request_start (PpWebPool *self,
               Slot      *slot)
{
  if (slot->waiting || slot->broken)
    return;

  slot->waiting = TRUE;
  g_queue_push_tail (&self->start_queue, slot);
  pump_starts (self);
}

static gboolean
all_broken (PpWebPool *self)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      if (!((Slot *)g_ptr_array_index (self->slots, i))->broken)
        return FALSE;
    }

  return self->slots->len > 0;
}

static void
worker_ready_cb (PpWebWorker *worker,
                 PpWebPool   *self)
{
  Slot *slot = find_slot (self, worker);

  if (self->starting == slot)
    self->starting = NULL;
  slot->failed_starts = 0;
  claim_pid (self, slot);
  pump_starts (self);
  dispatch (self);
}

/* A view whose page will not start three times in a row is given up,
 * rather than reloaded forever; when every view is, queued jobs fail.
 */
static void
worker_stopped_cb (PpWebWorker *worker,
                   const char  *message,
                   PpWebPool   *self)
{
  Slot *slot = find_slot (self, worker);

  if (self->starting == slot)
    {
      self->starting = NULL;
      slot->broken = ++slot->failed_starts >= MAX_FAILED_STARTS;
    }

  self->n_restarts++;
  request_start (self, slot);
  pump_starts (self);

  if (all_broken (self))
    fail_queued (self, FALSE, message);
}

static void
worker_progress_cb (PpWebWorker *worker,
                    const char  *stage,
                    const char  *phase,
                    PpWebPool   *self)
{
  Slot *slot = find_slot (self, worker);
  g_autofree char *status = NULL;

  if (slot->running == NULL)
    return;

  /* translators: %s is a model phase: forward, prefill or decode */
  status = g_strdup_printf (_("%s: creating the session"), phase);
  _pp_web_job_set_progress (task_job (slot->running), pp_web_job_get_progress (task_job (slot->running)), status);
}

static Slot *
add_slot (PpWebPool *self)
{
  Slot *slot = g_new0 (Slot, 1);

  slot->worker = _pp_web_worker_new (self->slots->len, self->context, self->session, self->settings);
  g_signal_connect (slot->worker, "ready", G_CALLBACK (worker_ready_cb), self);
  g_signal_connect (slot->worker, "stopped", G_CALLBACK (worker_stopped_cb), self);
  g_signal_connect (slot->worker, "progress", G_CALLBACK (worker_progress_cb), self);
  g_ptr_array_add (self->slots, slot);
  request_start (self, slot);

  return slot;
}

/* Views are created on demand, up to n-views: a pool that only probes
 * capabilities starts one web process, not one per core.
 */
static void
ensure_slots (PpWebPool *self)
{
  guint demand = self->n_running + g_queue_get_length (&self->queue) +
                 (self->capability_tasks->len > 0 ? 1 : 0);

  while (self->slots->len < MIN (demand, self->n_views))
    add_slot (self);
}

static gboolean
slot_is_idle (Slot *slot)
{
  return !slot->probing && slot->running == NULL && !_pp_web_worker_is_calling (slot->worker) &&
         _pp_web_worker_get_state (slot->worker) == PP_WEB_WORKER_READY;
}

static void
finish_capability_tasks (PpWebPool    *self,
                         const GError *error)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->capability_tasks);

  self->capability_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_object_ref (self->capabilities), g_object_unref);
    }
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PpWebPool) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  find_slot (self, PP_WEB_WORKER (object))->probing = FALSE;
  answer = _pp_web_worker_call_finish (PP_WEB_WORKER (object), result, &error);
  if (answer != NULL)
    self->capabilities = _pp_web_capabilities_new_from_json (json_node_get_object (answer), &error);

  if (self->capabilities != NULL)
    finish_capability_tasks (self, NULL);
  else if (++self->probe_failures >= MAX_PROBE_FAILURES)
    {
      g_prefix_error (&error, _("Could not find out what the web engine supports: "));
      finish_capability_tasks (self, error);
      fail_queued (self, TRUE, error->message);
    }

  dispatch (self);
}

static void
maybe_probe (PpWebPool *self)
{
  if (self->capabilities != NULL || (g_queue_is_empty (&self->queue) && self->capability_tasks->len == 0))
    return;

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot->probing)
        return;
    }

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (slot_is_idle (slot))
        {
          slot->probing = TRUE;
          _pp_web_worker_call_async (slot->worker, "capabilities", NULL, self->watchdog_ms,
                                     probe_done_cb, g_object_ref (self));
          return;
        }
    }
}

static gboolean
retryable (const GError *error)
{
  return g_error_matches (error, PP_WEB_ERROR, PP_WEB_ERROR_WEB_PROCESS) ||
         g_error_matches (error, PP_WEB_ERROR, PP_WEB_ERROR_TIMEOUT);
}

static GListModel *
to_list (GPtrArray *measurements)
{
  GListStore *list = g_list_store_new (PP_TYPE_MEASUREMENT);

  for (guint i = 0; i < measurements->len; i++)
    g_list_store_append (list, g_ptr_array_index (measurements, i));

  return G_LIST_MODEL (list);
}

/* The one place where a job's measurements are stored: all of them in
 * one transaction, after the attempt that made them all succeeded.
 */
static void
complete_task (PpWebPool *self,
               GTask     *task,
               GPtrArray *measurements)
{
  g_autoptr(GListModel) list = to_list (measurements);
  g_autoptr(GError) error = NULL;
  guint added = 0;
  guint duplicates = 0;

  if (self->store != NULL && g_list_model_get_n_items (list) > 0 &&
      !pp_measurement_store_insert (self->store, list, "perfcast-web", &added, &duplicates, &error))
    {
      fail_task (task, g_steal_pointer (&error));
      return;
    }

  _pp_web_job_set_progress (task_job (task), 1.0, NULL);
  _pp_web_job_set_state (task_job (task), PP_WEB_JOB_STATE_SUCCEEDED);
  g_task_return_pointer (task, g_steal_pointer (&list), g_object_unref);
}

static void
retry_or_fail (PpWebPool *self,
               GTask     *task,
               GError    *error)
{
  PpWebJob *job = task_job (task);

  if (g_task_get_cancellable (task) && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_error_free (error);
      fail_task (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The job was cancelled")));
      return;
    }

  if (retryable (error) && pp_web_job_get_attempts (job) <= self->max_retries)
    {
      g_debug ("Retrying a job after: %s", error->message);
      g_error_free (error);
      _pp_web_job_set_state (job, PP_WEB_JOB_STATE_RETRYING);
      g_queue_push_head (&self->queue, g_object_ref (task));
      return;
    }

  if (retryable (error))
    g_prefix_error (&error, g_dngettext (GETTEXT_PACKAGE, "The job failed on its only attempt: ",
                                         "The job failed on all %u attempts: ",
                                         pp_web_job_get_attempts (job)),
                    pp_web_job_get_attempts (job));
  fail_task (task, error);
}

static void
attempt_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PpWebPool) self = user_data;
  Slot *slot = find_slot (self, PP_WEB_WORKER (object));
  g_autoptr(GTask) task = g_steal_pointer (&slot->running);
  g_autoptr(GPtrArray) measurements = NULL;
  GError *error = NULL;

  self->n_running--;
  measurements = _pp_web_attempt_run_finish (PP_WEB_WORKER (object), result, &error);
  if (measurements != NULL)
    complete_task (self, task, measurements);
  else
    retry_or_fail (self, task, error);

  dispatch (self);
}

static guint
threads_per_view (PpWebPool *self)
{
  if (self->threads_per_view > 0)
    return self->threads_per_view;

  return MAX (1, g_get_num_processors () / self->n_views);
}

static void
start_attempt (PpWebPool *self,
               Slot      *slot,
               GTask     *task)
{
  PpWebJob *job = task_job (task);
  PpWebAttemptConfig config = {
    .threads = threads_per_view (self),
    .timeout_ms = self->watchdog_ms,
    .host_cpu = self->host_cpu,
    .webkit_version = self->webkit_version,
  };

  slot->running = task;
  self->n_running++;
  _pp_web_job_add_attempt (job);
  _pp_web_job_set_state (job, PP_WEB_JOB_STATE_RUNNING);
  _pp_web_attempt_run_async (slot->worker, job, self, &config, g_task_get_cancellable (task),
                             attempt_done_cb, g_object_ref (self));
}

/* The best free view for @job: one whose page already runs the job's
 * runtime on its backend, else any free view that can load it. A free
 * view whose page holds the other onnxruntime-web build is reloaded.
 */
static Slot *
pick_slot (PpWebPool *self,
           PpWebJob  *job)
{
  PpWebRuntime runtime = pp_web_job_get_runtime (job);
  PpWebBackend backend = pp_web_job_get_backend (job);
  Slot *usable = NULL;
  Slot *conflicting = NULL;

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (!slot_is_idle (slot))
        continue;
      if (_pp_web_job_get_diagnostic (job) != NULL ||
          _pp_web_worker_get_runtime (slot->worker, runtime, backend) != NULL)
        return slot;
      if (_pp_web_worker_conflicts (slot->worker, runtime, backend))
        conflicting = conflicting ? conflicting : slot;
      else
        usable = usable ? usable : slot;
    }

  if (usable == NULL && conflicting != NULL)
    _pp_web_worker_stop (conflicting->worker);

  return usable;
}

/* Bench jobs wait for the capability probe, then fail at once if the
 * engine lacks their backend.
 */
static gboolean
check_backend (PpWebPool *self,
               GTask     *task)
{
  PpWebJob *job = task_job (task);
  const char *reason = NULL;

  if (_pp_web_job_get_diagnostic (job) != NULL ||
      pp_web_capabilities_has_backend (self->capabilities, pp_web_job_get_backend (job), &reason))
    return TRUE;

  fail_task (task, g_error_new (PP_WEB_ERROR, PP_WEB_ERROR_UNAVAILABLE,
                                _("This web engine has no %s: %s"),
                                pp_web_backend_to_string (pp_web_job_get_backend (job)), reason));
  return FALSE;
}

static void
dispatch (PpWebPool *self)
{
  GList *l;

  ensure_slots (self);
  maybe_probe (self);

  l = self->queue.head;
  while (l != NULL)
    {
      GList *next = l->next;
      GTask *task = l->data;
      gboolean diagnostic = _pp_web_job_get_diagnostic (task_job (task)) != NULL;
      Slot *slot;

      if (!diagnostic && self->capabilities == NULL)
        {
          l = next;
          continue;
        }

      if (!check_backend (self, task))
        {
          g_queue_delete_link (&self->queue, l);
          g_object_unref (task);
        }
      else if ((slot = pick_slot (self, task_job (task))))
        {
          g_queue_delete_link (&self->queue, l);
          start_attempt (self, slot, task);
        }
      l = next;
    }
}

static gboolean
cancel_queued_idle (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  PpWebPool *self = g_task_get_source_object (task);
  GList *link = g_queue_find (&self->queue, task);

  if (link != NULL)
    {
      g_queue_delete_link (&self->queue, link);
      fail_task (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The job was cancelled")));
      g_object_unref (task);
    }

  return G_SOURCE_REMOVE;
}

/* May run in any thread: the queue is only touched from the pool's
 * context, in an idle. A running job sees the cancellation between two
 * page calls.
 */
static void
job_cancelled_cb (GCancellable *cancellable,
                  GTask        *task)
{
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              cancel_queued_idle, g_object_ref (task), NULL);
}

static WebKitSettings *
create_settings (void)
{
  static const char * const throttling[] = {
    "HiddenPageDOMTimerThrottling", "DOMTimersThrottling", "PageVisibilityBasedProcessSuppression", NULL,
  };
  WebKitSettings *settings = webkit_settings_new ();
  g_autoptr(WebKitFeatureList) features = webkit_settings_get_all_features ();

  webkit_settings_set_enable_webgl (settings, TRUE);
  webkit_settings_set_enable_page_cache (settings, FALSE);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  webkit_settings_set_enable_write_console_messages_to_stdout (settings, g_getenv ("PERFCAST_WEB_CONSOLE") != NULL);

  /* The views are never shown: without this WebKit slows a hidden page's
   * timers 20-fold and suspends its process. WebGPU is asked for so that
   * builds that have it expose it; detection says whether they do.
   */
  for (gsize i = 0; i < webkit_feature_list_get_length (features); i++)
    {
      WebKitFeature *feature = webkit_feature_list_get (features, i);
      const char *id = webkit_feature_get_identifier (feature);

      if (g_strv_contains (throttling, id))
        webkit_settings_set_feature_enabled (settings, feature, FALSE);
      else if (g_str_equal (id, "WebGPU"))
        webkit_settings_set_feature_enabled (settings, feature, TRUE);
    }

  return settings;
}

/* The memory limit needs a kill threshold: by default WebKit only warns
 * the process, however far past the limit it goes.
 */
static WebKitWebContext *
create_context (guint memory_limit_mb)
{
  g_autoptr(WebKitMemoryPressureSettings) memory = NULL;
  WebKitWebContext *context;

  if (memory_limit_mb > 0)
    {
      memory = webkit_memory_pressure_settings_new ();
      webkit_memory_pressure_settings_set_memory_limit (memory, memory_limit_mb);
      webkit_memory_pressure_settings_set_kill_threshold (memory, 1.0);
    }

  context = g_object_new (WEBKIT_TYPE_WEB_CONTEXT, "memory-pressure-settings", memory, NULL);
  webkit_web_context_set_cache_model (context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
  _pp_web_scheme_register (context);
  return context;
}

static WebKitNetworkSession *
create_session (void)
{
  WebKitNetworkSession *session = webkit_network_session_new_ephemeral ();
  g_autoptr(WebKitNetworkProxySettings) proxy = webkit_network_proxy_settings_new (NO_NETWORK_PROXY, NULL);

  webkit_network_session_set_proxy_settings (session, WEBKIT_NETWORK_PROXY_MODE_CUSTOM, proxy);
  return session;
}

static char *
detect_host_cpu (void)
{
  g_autoptr(PpHardwareSpec) local = pp_hardware_spec_detect_local (NULL);
  const char * const *aliases = local ? pp_hardware_spec_get_aliases (local) : NULL;

  return g_strdup (aliases && aliases[0] ? aliases[0] : "unknown");
}

static void
pp_web_pool_constructed (GObject *object)
{
  PpWebPool *self = (PpWebPool *)object;

  G_OBJECT_CLASS (pp_web_pool_parent_class)->constructed (object);

  if (self->n_views == 0)
    self->n_views = g_get_num_processors ();
  self->context = create_context (self->memory_limit_mb);
  self->session = create_session ();
  self->settings = create_settings ();
  self->host_cpu = detect_host_cpu ();
  self->webkit_version = g_strdup_printf ("%u.%u.%u", webkit_get_major_version (),
                                          webkit_get_minor_version (), webkit_get_micro_version ());
}

static void
pp_web_pool_dispose (GObject *object)
{
  PpWebPool *self = (PpWebPool *)object;

  /* Jobs and probes hold a reference on the pool, so none is left here. */
  g_assert (g_queue_is_empty (&self->queue));

  g_queue_clear (&self->start_queue);
  self->starting = NULL;
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_object (&self->capabilities);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pp_web_pool_parent_class)->dispose (object);
}

static void
pp_web_pool_finalize (GObject *object)
{
  PpWebPool *self = (PpWebPool *)object;

  g_clear_pointer (&self->capability_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->host_cpu, g_free);
  g_clear_pointer (&self->webkit_version, g_free);

  G_OBJECT_CLASS (pp_web_pool_parent_class)->finalize (object);
}

static void
pp_web_pool_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PpWebPool *self = PP_WEB_POOL (object);

  switch (prop_id)
    {
    case PROP_N_VIEWS:
      g_value_set_uint (value, pp_web_pool_get_n_views (self));
      break;
    case PROP_MEMORY_LIMIT_MB:
      g_value_set_uint (value, pp_web_pool_get_memory_limit_mb (self));
      break;
    case PROP_STORE:
      g_value_set_object (value, pp_web_pool_get_store (self));
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, pp_web_pool_get_max_retries (self));
      break;
    case PROP_WATCHDOG_MS:
      g_value_set_uint (value, pp_web_pool_get_watchdog_ms (self));
      break;
    case PROP_THREADS_PER_VIEW:
      g_value_set_uint (value, pp_web_pool_get_threads_per_view (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_web_pool_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PpWebPool *self = PP_WEB_POOL (object);

  switch (prop_id)
    {
    case PROP_N_VIEWS:
      self->n_views = g_value_get_uint (value);
      break;
    case PROP_MEMORY_LIMIT_MB:
      self->memory_limit_mb = g_value_get_uint (value);
      break;
    case PROP_STORE:
      pp_web_pool_set_store (self, g_value_get_object (value));
      break;
    case PROP_MAX_RETRIES:
      pp_web_pool_set_max_retries (self, g_value_get_uint (value));
      break;
    case PROP_WATCHDOG_MS:
      pp_web_pool_set_watchdog_ms (self, g_value_get_uint (value));
      break;
    case PROP_THREADS_PER_VIEW:
      pp_web_pool_set_threads_per_view (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_web_pool_class_init (PpWebPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags setting = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pp_web_pool_constructed;
  object_class->dispose = pp_web_pool_dispose;
  object_class->finalize = pp_web_pool_finalize;
  object_class->get_property = pp_web_pool_get_property;
  object_class->set_property = pp_web_pool_set_property;

  /**
   * PpWebPool:n-views:
   *
   * The most views, hence web processes and jobs at once; 0 at
   * construction means one per core.
   */
  properties[PROP_N_VIEWS] =
    g_param_spec_uint ("n-views", NULL, NULL, 0, 64, 0, construct);

  /**
   * PpWebPool:memory-limit-mb:
   *
   * A web process using more than this many MiB is killed (and its job
   * retried); 0 for no limit.
   */
  properties[PROP_MEMORY_LIMIT_MB] =
    g_param_spec_uint ("memory-limit-mb", NULL, NULL, 0, G_MAXUINT, 0, construct);

  /**
   * PpWebPool:store:
   *
   * Where finished jobs' measurements are stored, or %NULL.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PP_TYPE_MEASUREMENT_STORE, setting);

  /**
   * PpWebPool:max-retries:
   *
   * How many times a job runs again after its view died or hung.
   */
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 100, 2, setting);

  /**
   * PpWebPool:watchdog-ms:
   *
   * How long one page call (loading a runtime, creating a session, one
   * run) may take before the view's web process is stopped.
   */
  properties[PROP_WATCHDOG_MS] =
    g_param_spec_uint ("watchdog-ms", NULL, NULL, 100, G_MAXUINT, 300000, setting);

  /**
   * PpWebPool:threads-per-view:
   *
   * WebAssembly threads per view; 0 shares the cores among the views.
   * Views keep the number they started with.
   */
  properties[PROP_THREADS_PER_VIEW] =
    g_param_spec_uint ("threads-per-view", NULL, NULL, 0, 256, 0, setting);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pp_web_pool_init (PpWebPool *self)
{
  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify)slot_free);
  self->capability_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->max_retries = 2;
  self->watchdog_ms = 300000;
  g_queue_init (&self->queue);
  g_queue_init (&self->start_queue);
}

/**
 * pp_web_pool_new:
 * @n_views: the most views at once, 0 for one per core
 *
 * Views are created when jobs need them. Call [func@PpWeb.init] first.
 *
 * Returns: (transfer full): a new pool
 */
PpWebPool *
pp_web_pool_new (guint n_views)
{
  return g_object_new (PP_WEB_TYPE_POOL, "n-views", n_views, NULL);
}

/**
 * pp_web_pool_get_n_views:
 * @self: a #PpWebPool
 *
 * Returns: the most views the pool runs
 */
guint
pp_web_pool_get_n_views (PpWebPool *self)
{
  g_return_val_if_fail (PP_WEB_IS_POOL (self), 0);

  return self->n_views;
}

/**
 * pp_web_pool_get_memory_limit_mb:
 * @self: a #PpWebPool
 *
 * Returns: the memory limit of each web process in MiB, 0 for none
 */
guint
pp_web_pool_get_memory_limit_mb (PpWebPool *self)
{
  g_return_val_if_fail (PP_WEB_IS_POOL (self), 0);

  return self->memory_limit_mb;
}

/**
 * pp_web_pool_get_store:
 * @self: a #PpWebPool
 *
 * Returns: (transfer none) (nullable): the store
 */
PpMeasurementStore *
pp_web_pool_get_store (PpWebPool *self)
{
  g_return_val_if_fail (PP_WEB_IS_POOL (self), NULL);

  return self->store;
}

/**
 * pp_web_pool_set_store:
 * @self: a #PpWebPool
 * @store: (nullable): where to store measurements
 *
 * Sets [property@PpWeb.Pool:store].
 */
void
pp_web_pool_set_store (PpWebPool          *self,
                       PpMeasurementStore *store)
{
  g_return_if_fail (PP_WEB_IS_POOL (self));
  g_return_if_fail (!store || PP_IS_MEASUREMENT_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * pp_web_pool_get_max_retries:
 * @self: a #PpWebPool
 *
 * Returns: how many times a job is retried
 */
guint
pp_web_pool_get_max_retries (PpWebPool *self)
{
  g_return_val_if_fail (PP_WEB_IS_POOL (self), 0);

  return self->max_retries;
}

/**
 * pp_web_pool_set_max_retries:
 * @self: a #PpWebPool
 * @max_retries: retries after a dead or hung view
 *
 * Sets [property@PpWeb.Pool:max-retries].
 */
void
pp_web_pool_set_max_retries (PpWebPool *self,
                             guint      max_retries)
{
  g_return_if_fail (PP_WEB_IS_POOL (self));

  if (self->max_retries == max_retries)
    return;
  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

/**
 * pp_web_pool_get_watchdog_ms:
 * @self: a #PpWebPool
 *
 * Returns: the longest a page call may take, in milliseconds
 */
guint
pp_web_pool_get_watchdog_ms (PpWebPool *self)
{
  g_return_val_if_fail (PP_WEB_IS_POOL (self), 0);

  return self->watchdog_ms;
}

/**
 * pp_web_pool_set_watchdog_ms:
 * @self: a #PpWebPool
 * @watchdog_ms: the longest a page call may take
 *
 * Sets [property@PpWeb.Pool:watchdog-ms].
 */
void
pp_web_pool_set_watchdog_ms (PpWebPool *self,
                             guint      watchdog_ms)
{
  g_return_if_fail (PP_WEB_IS_POOL (self));
  g_return_if_fail (watchdog_ms >= 100);

  if (self->watchdog_ms == watchdog_ms)
    return;
  self->watchdog_ms = watchdog_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHDOG_MS]);
}

/**
 * pp_web_pool_get_threads_per_view:
 * @self: a #PpWebPool
 *
 * Returns: WebAssembly threads per view, 0 for automatic
 */
guint
pp_web_pool_get_threads_per_view (PpWebPool *self)
{
  g_return_val_if_fail (PP_WEB_IS_POOL (self), 0);

  return self->threads_per_view;
}

/**
 * pp_web_pool_set_threads_per_view:
 * @self: a #PpWebPool
 * @threads: WebAssembly threads per view, 0 for automatic
 *
 * Sets [property@PpWeb.Pool:threads-per-view].
 */
void
pp_web_pool_set_threads_per_view (PpWebPool *self,
                                  guint      threads)
{
  g_return_if_fail (PP_WEB_IS_POOL (self));

  if (self->threads_per_view == threads)
    return;
  self->threads_per_view = threads;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THREADS_PER_VIEW]);
}

static gboolean
check_job (PpWebJob  *job,
           GError   **error)
{
  PpWebRuntime runtime = pp_web_job_get_runtime (job);
  PpWebBackend backend = pp_web_job_get_backend (job);

  if (_pp_web_job_get_diagnostic (job) != NULL)
    return TRUE;

  if (!pp_web_runtime_supports_backend (runtime, backend))
    {
      g_set_error (error, PP_WEB_ERROR, PP_WEB_ERROR_UNAVAILABLE,
                   _("%s has no %s backend; TensorFlow.js runs on wasm, webgl, cpu and webgpu, "
                     "onnxruntime-web on wasm, webgpu and webnn"),
                   pp_web_runtime_get_package (runtime), pp_web_backend_to_string (backend));
      return FALSE;
    }

  return _pp_web_scheme_check_runtime (runtime, backend, error);
}

/**
 * pp_web_pool_run_async:
 * @self: a #PpWebPool
 * @job: a new job
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called when the job has
 *   finished
 * @user_data: data for @callback
 *
 * Queues @job. It fails at once if its runtime lacks its backend or is
 * not installed, and as soon as the engine is probed if the engine lacks
 * the backend.
 */
void
pp_web_pool_run_async (PpWebPool           *self,
                       PpWebJob            *job,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  JobData *d;

  g_return_if_fail (PP_WEB_IS_POOL (self));
  g_return_if_fail (PP_WEB_IS_JOB (job));
  g_return_if_fail (pp_web_job_get_state (job) == PP_WEB_JOB_STATE_NEW);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pp_web_pool_run_async);
  d = g_new0 (JobData, 1);
  d->job = g_object_ref (job);
  g_task_set_task_data (task, d, (GDestroyNotify)job_data_free);

  if (!check_job (job, &error))
    {
      fail_task (task, g_steal_pointer (&error));
      return;
    }

  _pp_web_job_set_state (job, PP_WEB_JOB_STATE_QUEUED);
  g_queue_push_tail (&self->queue, g_object_ref (task));
  if (cancellable != NULL)
    {
      d->cancellable = g_object_ref (cancellable);
      d->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (job_cancelled_cb), task, NULL);
    }
  dispatch (self);
}

/**
 * pp_web_pool_run_finish:
 * @self: a #PpWebPool
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the job's measurements, one per
 *   phase (a decoder has a prefill and a decode), already stored if the
 *   pool has a store
 */
GListModel *
pp_web_pool_run_finish (PpWebPool     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (PP_WEB_IS_POOL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pp_web_pool_get_capabilities_async:
 * @self: a #PpWebPool
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Finds out what the engine offers, by probing it in a view (once per
 * pool).
 */
void
pp_web_pool_get_capabilities_async (PpWebPool           *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PP_WEB_IS_POOL (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pp_web_pool_get_capabilities_async);

  if (self->capabilities != NULL)
    {
      g_task_return_pointer (task, g_object_ref (self->capabilities), g_object_unref);
      return;
    }

  g_ptr_array_add (self->capability_tasks, g_steal_pointer (&task));
  dispatch (self);
}

/**
 * pp_web_pool_get_capabilities_finish:
 * @self: a #PpWebPool
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the capabilities
 */
PpWebCapabilities *
pp_web_pool_get_capabilities_finish (PpWebPool     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (PP_WEB_IS_POOL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
_pp_web_pool_get_n_running (PpWebPool *self)
{
  return self->n_running;
}

GArray *
_pp_web_pool_dup_web_process_pids (PpWebPool *self)
{
  GArray *pids = g_array_new (FALSE, TRUE, sizeof (GPid));

  for (guint i = 0; i < self->slots->len; i++)
    {
      GPid pid = _pp_web_worker_get_pid (((Slot *)g_ptr_array_index (self->slots, i))->worker);

      g_array_append_val (pids, pid);
    }

  return pids;
}

guint
_pp_web_pool_get_n_dropped_messages (PpWebPool *self)
{
  guint n = 0;

  for (guint i = 0; i < self->slots->len; i++)
    n += _pp_web_worker_get_n_dropped (((Slot *)g_ptr_array_index (self->slots, i))->worker);

  return n;
}

guint
_pp_web_pool_get_n_restarts (PpWebPool *self)
{
  return self->n_restarts;
}
