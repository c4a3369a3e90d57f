/* pp-web-attempt.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-attempt-private.h"

#include <glib/gi18n-lib.h>

#include "pp-web-error.h"
#include "pp-web-pool-private.h"
#include "pp-web-private.h"
#include "pp-web-proc-private.h"
#include "pp-web-result-private.h"

/* One attempt at a job on one view, as a chain of page calls:
 *
 *   load (unless the view is warm) → plan → for each phase:
 *   open → warm-up steps → empty calls → timed steps → close
 *
 * Each timed step is one page call timed here with the monotonic clock,
 * because the page's own clock is coarsened to 1 ms. The empty calls
 * measure what a call costs without work (recorded as dispatch_ms, not
 * subtracted). The peak memory of a phase is the web process's VmHWM,
 * reset when the phase's session is created.
 *
 * Nothing is stored here: the pool stores a job's measurements once, when
 * an attempt has finished them all.
 */

#define N_CALIBRATION_CALLS 5

typedef enum
{
  STEP_LOAD,
  STEP_PLAN,
  STEP_OPEN,
  STEP_WARMUP,
  STEP_CALIBRATE,
  STEP_TIMED,
  STEP_CLOSE,
  STEP_DIAGNOSE,
  STEP_DONE,
} Step;

typedef struct
{
  /* Owned */
  PpWebWorker *worker;
  PpWebJob *job;
  PpWebPool *pool;
  JsonObject *load;
  JsonObject *plan;
  JsonObject *session;
  GArray *times;
  GArray *dispatch;
  GPtrArray *measurements;
  PpWebAttemptConfig config;

  Step step;
  guint phase;
  guint n_phases;
  guint remaining;
  guint done;
  guint total;
  guint concurrency;
  gint64 started;
  double baseline_mib;

  guint warm : 1;
  guint peak_reset : 1;
} Attempt;

static void advance (GTask *task);

static void
attempt_free (Attempt *a)
{
  g_clear_object (&a->worker);
  g_clear_object (&a->job);
  g_clear_object (&a->pool);
  g_clear_pointer (&a->load, json_object_unref);
  g_clear_pointer (&a->plan, json_object_unref);
  g_clear_pointer (&a->session, json_object_unref);
  g_clear_pointer (&a->times, g_array_unref);
  g_clear_pointer (&a->dispatch, g_array_unref);
  g_clear_pointer (&a->measurements, g_ptr_array_unref);
  g_clear_pointer (&a->config.host_cpu, g_free);
  g_clear_pointer (&a->config.webkit_version, g_free);
  g_free (a);
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
runtime_args (Attempt *a,
              gboolean with_phase)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "runtime", pp_web_runtime_to_string (pp_web_job_get_runtime (a->job)));
  json_object_set_string_member (object, "backend", pp_web_backend_to_string (pp_web_job_get_backend (a->job)));
  json_object_set_int_member (object, "threads", a->config.threads);
  if (with_phase)
    json_object_set_int_member (object, "phase", a->phase);
  return object_node (object);
}

static JsonObject *
current_phase (Attempt *a)
{
  JsonArray *phases = json_object_get_array_member (a->plan, "phases");

  return json_array_get_object_element (phases, a->phase);
}

static void
report_progress (Attempt *a)
{
  const char *phase = current_phase (a) ? json_object_get_string_member (current_phase (a), "phase") : "";
  g_autofree char *status = NULL;

  if (a->step == STEP_TIMED)
    status = g_strdup_printf (_("%s: run %u of %u"), phase, a->times->len + 1, pp_web_job_get_runs (a->job));
  else if (a->step == STEP_WARMUP)
    status = g_strdup_printf (_("%s: warming up"), phase);
  else
    status = g_strdup_printf (_("%s: measuring call overhead"), phase);

  _pp_web_job_set_progress (a->job, a->total ? (double)a->done / a->total : 0, status);
}

static void
begin_phase (Attempt *a)
{
  double peak;

  a->step = STEP_OPEN;
  g_array_set_size (a->times, 0);
  g_array_set_size (a->dispatch, 0);
  /* Resetting the peak can fail where /proc/PID/clear_refs is not ours
   * to write; the peak then covers the process's life, and says so.
   */
  a->peak_reset = _pp_web_proc_reset_peak (_pp_web_worker_get_pid (a->worker));
  if (!_pp_web_proc_read_memory (_pp_web_worker_get_pid (a->worker), &a->baseline_mib, &peak))
    a->baseline_mib = 0;
}

static gboolean
handle_load (Attempt   *a,
             JsonNode  *answer,
             GError   **error)
{
  JsonObject *object = json_node_get_object (answer);

  if (!_pp_web_result_check_answer (object, "load", error))
    return FALSE;

  _pp_web_worker_add_runtime (a->worker, pp_web_job_get_runtime (a->job),
                              pp_web_job_get_backend (a->job), object);
  a->load = json_object_ref (object);
  a->step = STEP_PLAN;
  return TRUE;
}

static gboolean
handle_plan (Attempt   *a,
             JsonNode  *answer,
             GError   **error)
{
  JsonObject *object = json_node_get_object (answer);
  guint per_phase = pp_web_job_get_warmup_runs (a->job) + N_CALIBRATION_CALLS + pp_web_job_get_runs (a->job);

  if (!_pp_web_result_check (object, error))
    return FALSE;

  a->plan = json_object_ref (object);
  a->n_phases = json_array_get_length (json_object_get_array_member (object, "phases"));
  a->total = a->n_phases * per_phase;
  begin_phase (a);
  return TRUE;
}

/* Enters a stretch of page calls, skipping those with no calls. */
static void
enter (Attempt *a,
       Step     step)
{
  a->step = step;
  if (step == STEP_WARMUP)
    a->remaining = pp_web_job_get_warmup_runs (a->job);
  else if (step == STEP_CALIBRATE)
    a->remaining = N_CALIBRATION_CALLS;
  else
    a->remaining = pp_web_job_get_runs (a->job);

  if (a->remaining == 0)
    enter (a, step + 1);
}

static gboolean
handle_open (Attempt   *a,
             JsonNode  *answer,
             GError   **error)
{
  JsonObject *object = json_node_get_object (answer);

  if (!_pp_web_result_check_answer (object, "open", error))
    return FALSE;

  g_clear_pointer (&a->session, json_object_unref);
  a->session = json_object_ref (object);
  enter (a, STEP_WARMUP);
  return TRUE;
}

static gboolean
finish_phase (Attempt  *a,
              GError  **error)
{
  PpWebPhaseResult r = {
    .model = pp_web_job_get_model (a->job), .runtime = pp_web_job_get_runtime (a->job),
    .backend = pp_web_job_get_backend (a->job), .precision = pp_web_job_get_precision (a->job),
    .batch = pp_web_job_get_batch (a->job), .seed = pp_web_job_get_seed (a->job),
    .host_cpu = a->config.host_cpu, .webkit_version = a->config.webkit_version,
    .load = a->load, .plan = a->plan, .phase = current_phase (a), .session = a->session,
    .times_ms = (double *)a->times->data, .n_times = a->times->len,
    .warmup_runs = pp_web_job_get_warmup_runs (a->job), .baseline_mib = a->baseline_mib,
    .concurrency = a->concurrency, .attempt = pp_web_job_get_attempts (a->job),
    .warm = a->warm, .peak_reset = a->peak_reset,
  };
  PpMeasurement *m;
  double rss;

  r.dispatch_ms = _pp_web_result_median ((double *)a->dispatch->data, a->dispatch->len);
  if (!_pp_web_proc_read_memory (_pp_web_worker_get_pid (a->worker), &rss, &r.peak_mib))
    r.peak_mib = 0;

  if (!(m = _pp_web_result_build (&r, error)))
    return FALSE;

  g_ptr_array_add (a->measurements, m);
  return TRUE;
}

static gboolean
handle_run (Attempt  *a,
            double    elapsed_ms,
            GError  **error)
{
  a->done++;
  if (a->step == STEP_CALIBRATE)
    g_array_append_val (a->dispatch, elapsed_ms);
  else if (a->step == STEP_TIMED)
    {
      g_array_append_val (a->times, elapsed_ms);
      a->concurrency = MAX (a->concurrency, _pp_web_pool_get_n_running (a->pool));
    }

  if (--a->remaining > 0)
    return TRUE;

  if (a->step != STEP_TIMED)
    {
      enter (a, a->step + 1);
      return TRUE;
    }

  a->step = STEP_CLOSE;
  return finish_phase (a, error);
}

static void
handle_close (Attempt *a)
{
  if (++a->phase < a->n_phases)
    begin_phase (a);
  else
    a->step = STEP_DONE;
}

static gboolean
handle_answer (Attempt   *a,
               JsonNode  *answer,
               double     elapsed_ms,
               GError   **error)
{
  switch (a->step)
    {
    case STEP_LOAD:
      return handle_load (a, answer, error);
    case STEP_PLAN:
      return handle_plan (a, answer, error);
    case STEP_OPEN:
      return handle_open (a, answer, error);
    case STEP_WARMUP:
    case STEP_CALIBRATE:
    case STEP_TIMED:
      return handle_run (a, elapsed_ms, error);
    case STEP_CLOSE:
      handle_close (a);
      return TRUE;
    case STEP_DIAGNOSE:
      _pp_web_job_set_result (a->job, answer);
      a->step = STEP_DONE;
      return TRUE;
    case STEP_DONE:
    default:
      g_assert_not_reached ();
    }
}

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *a = g_task_get_task_data (task);
  double elapsed_ms = (g_get_monotonic_time () - a->started) / 1000.0;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = _pp_web_worker_call_finish (PP_WEB_WORKER (object), result, &error);

  /* A view that dies while closing a phase has measured it already. */
  if (answer == NULL && a->step == STEP_CLOSE && a->measurements->len > 0 &&
      !g_error_matches (error, PP_WEB_ERROR, PP_WEB_ERROR_PAGE) && a->phase + 1 == a->n_phases)
    {
      a->step = STEP_DONE;
      g_clear_error (&error);
    }
  else if (answer == NULL || !handle_answer (a, answer, elapsed_ms, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  advance (g_steal_pointer (&task));
}

static void
call (GTask      *task,
      const char *method,
      JsonNode   *args)
{
  Attempt *a = g_task_get_task_data (task);
  g_autoptr(JsonNode) owned = args;

  if (a->step == STEP_WARMUP || a->step == STEP_CALIBRATE || a->step == STEP_TIMED)
    report_progress (a);

  a->started = g_get_monotonic_time ();
  _pp_web_worker_call_async (a->worker, method, owned, a->config.timeout_ms, call_done_cb, task);
}

static JsonNode *
diagnose_args (const char *action)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "action", action);
  return object_node (object);
}

static void
advance (GTask *task)
{
  Attempt *a = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  switch (a->step)
    {
    case STEP_LOAD:
      call (task, "load", runtime_args (a, FALSE));
      break;
    case STEP_PLAN:
      call (task, "plan", _pp_web_job_dup_plan_request (a->job));
      break;
    case STEP_OPEN:
      call (task, "open", runtime_args (a, TRUE));
      break;
    case STEP_WARMUP:
    case STEP_TIMED:
      call (task, "step", NULL);
      break;
    case STEP_CALIBRATE:
      call (task, "diagnose", diagnose_args ("empty"));
      break;
    case STEP_CLOSE:
      call (task, "close", NULL);
      break;
    case STEP_DIAGNOSE:
      call (task, "diagnose", diagnose_args (_pp_web_job_get_diagnostic (a->job)));
      break;
    case STEP_DONE:
    default:
      g_task_return_pointer (task, g_ptr_array_ref (a->measurements), (GDestroyNotify)g_ptr_array_unref);
      g_object_unref (task);
      break;
    }
}

static Step
first_step (Attempt *a)
{
  JsonObject *load;

  if (_pp_web_job_get_diagnostic (a->job) != NULL)
    return STEP_DIAGNOSE;

  load = _pp_web_worker_get_runtime (a->worker, pp_web_job_get_runtime (a->job), pp_web_job_get_backend (a->job));
  if (load == NULL)
    return STEP_LOAD;

  a->load = json_object_ref (load);
  a->warm = TRUE;
  return STEP_PLAN;
}

/*
 * _pp_web_attempt_run_async:
 * @worker: a ready view, which the attempt uses alone until it finishes
 * @job: the job (its progress is reported on it)
 * @config: copied
 */
void
_pp_web_attempt_run_async (PpWebWorker              *worker,
                           PpWebJob                 *job,
                           PpWebPool                *pool,
                           const PpWebAttemptConfig *config,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  GTask *task = g_task_new (worker, cancellable, callback, user_data);
  Attempt *a = g_new0 (Attempt, 1);

  g_task_set_source_tag (task, _pp_web_attempt_run_async);
  a->worker = g_object_ref (worker);
  a->job = g_object_ref (job);
  a->pool = g_object_ref (pool);
  a->config = *config;
  a->config.host_cpu = g_strdup (config->host_cpu);
  a->config.webkit_version = g_strdup (config->webkit_version);
  a->times = g_array_new (FALSE, FALSE, sizeof (double));
  a->dispatch = g_array_new (FALSE, FALSE, sizeof (double));
  a->measurements = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, a, (GDestroyNotify)attempt_free);

  a->step = first_step (a);
  advance (task);
}

/*
 * Returns: (transfer container) (element-type PpMeasurement): one
 *   measurement per phase (none for a diagnostic job)
 */
GPtrArray *
_pp_web_attempt_run_finish (PpWebWorker   *worker,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_assert (g_task_is_valid (result, worker));

  return g_task_propagate_pointer (G_TASK (result), error);
}
