/* pp-web-worker.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-worker-private.h"

#include <glib/gi18n-lib.h>

#include "pp-json-private.h"
#include "pp-web-error.h"
#include "pp-web-message-private.h"
#include "pp-web-scheme-private.h"

/* One pooled web view and its web process, loaded with the runner page.
 * It calls the page one method at a time, under a watchdog, and turns
 * every way a web process can die into a GError for the call in flight
 * and a "stopped" signal; the pool decides when to start it again.
 */

#define WORLD_NAME "perfcast"
#define HANDLER_NAME "perfcast"
#define CALL_BODY "return await window.perfcast.call(method, args);"

struct _PpWebWorker
{
  GObject parent_instance;

  /* Owned */
  WebKitWebView *view;
  WebKitUserContentManager *content_manager;
  GTask *call;               /* the call in flight */
  GHashTable *runtimes;      /* "runtime/backend" → the page's answer to load */
  char *ort_build;           /* which onnxruntime-web build the page imported */

  GError *late_error;        /* a failed call that may be a dying process */

  /* Source ids */
  guint watchdog_id;
  guint start_timeout_id;
  guint grace_id;

  guint index;
  GPid pid;
  guint n_dropped;
  guint call_timeout_s;
  PpWebWorkerState state;

  guint watchdog_fired : 1;
};

enum {
  READY,
  STOPPED,
  PROGRESS,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (PpWebWorker, _pp_web_worker, G_TYPE_OBJECT)

static guint signals[N_SIGNALS];

static const char *
ort_build_for (PpWebBackend backend)
{
  return backend == PP_WEB_BACKEND_WASM ? "wasm" : "all";
}

static char *
runtime_key (PpWebRuntime runtime,
             PpWebBackend backend)
{
  return g_strdup_printf ("%s/%s", pp_web_runtime_to_string (runtime), pp_web_backend_to_string (backend));
}

static void
clear_page_state (PpWebWorker *self)
{
  g_hash_table_remove_all (self->runtimes);
  g_clear_pointer (&self->ort_build, g_free);
  self->pid = 0;
}

static void
fail_call (PpWebWorker *self,
           GError      *error)
{
  g_autoptr(GTask) call = g_steal_pointer (&self->call);

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  g_clear_error (&self->late_error);
  if (call != NULL)
    g_task_return_error (call, error);
  else
    g_error_free (error);
}

static GError *
termination_error (PpWebWorker                       *self,
                   WebKitWebProcessTerminationReason  reason)
{
  if (self->watchdog_fired)
    return g_error_new (PP_WEB_ERROR, PP_WEB_ERROR_TIMEOUT,
                        _("The page in web view %u did not answer within %u s, so its web process was stopped"),
                        self->index, self->call_timeout_s);

  switch (reason)
    {
    case WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT:
      return g_error_new (PP_WEB_ERROR, PP_WEB_ERROR_WEB_PROCESS,
                          _("The web process of view %u exceeded the pool’s memory limit and was killed"),
                          self->index);
    case WEBKIT_WEB_PROCESS_TERMINATED_BY_API:
      return g_error_new (PP_WEB_ERROR, PP_WEB_ERROR_WEB_PROCESS,
                          _("The web process of view %u was stopped"), self->index);
    case WEBKIT_WEB_PROCESS_CRASHED:
    default:
      return g_error_new (PP_WEB_ERROR, PP_WEB_ERROR_WEB_PROCESS,
                          _("The web process of view %u crashed or was killed"), self->index);
    }
}

/* Whatever killed the process, the view survives: the pool reloads the
 * runner page into it, which starts a fresh web process.
 */
static void
web_process_terminated_cb (WebKitWebView                     *view,
                           WebKitWebProcessTerminationReason  reason,
                           PpWebWorker                       *self)
{
  GError *error = termination_error (self, reason);

  g_debug ("Web view %u: %s", self->index, error->message);
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  self->state = PP_WEB_WORKER_STOPPED;
  self->watchdog_fired = FALSE;
  clear_page_state (self);

  g_signal_emit (self, signals[STOPPED], 0, error->message);
  fail_call (self, error);
}

static void
stop_with_error (PpWebWorker *self,
                 GError      *error)
{
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  self->state = PP_WEB_WORKER_STOPPED;
  clear_page_state (self);
  g_signal_emit (self, signals[STOPPED], 0, error->message);
  fail_call (self, error);
}

static gboolean
load_failed_cb (WebKitWebView   *view,
                WebKitLoadEvent  event,
                const char      *uri,
                GError          *error,
                PpWebWorker     *self)
{
  if (self->state != PP_WEB_WORKER_STARTING)
    return FALSE;

  stop_with_error (self, g_error_new (PP_WEB_ERROR, PP_WEB_ERROR_FAILED,
                                      _("Web view %u could not load the runner page: %s"),
                                      self->index, error->message));
  return TRUE;
}

/* The runner page never navigates: anything but itself is refused, so a
 * misbehaving script cannot take the view anywhere.
 */
static gboolean
decide_policy_cb (WebKitWebView            *view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  PpWebWorker              *self)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
  if (g_strcmp0 (uri, PP_WEB_RUNNER_URI) == 0)
    return FALSE;

  g_message ("Web view %u: refused to navigate to %s", self->index, uri);
  webkit_policy_decision_ignore (decision);
  return TRUE;
}

/* WebKit may never report an unresponsive page (a busy loop did not
 * trigger it in our tests), so the per-call watchdog is what recovers;
 * this only leaves a trace in the log.
 */
static void
notify_responsive_cb (WebKitWebView *view,
                      GParamSpec    *pspec,
                      PpWebWorker   *self)
{
  if (!webkit_web_view_get_is_web_process_responsive (view))
    g_debug ("Web view %u: its web process stopped responding", self->index);
}

static void
handle_message (PpWebWorker  *self,
                PpWebMessage *message)
{
  switch (message->type)
    {
    case PP_WEB_MESSAGE_READY:
      if (self->state != PP_WEB_WORKER_STARTING)
        {
          g_message ("Web view %u: dropped a ready message from a page that was already ready", self->index);
          return;
        }
      g_clear_handle_id (&self->start_timeout_id, g_source_remove);
      self->state = PP_WEB_WORKER_READY;
      g_signal_emit (self, signals[READY], 0);
      break;

    case PP_WEB_MESSAGE_LOG:
      if (g_str_equal (message->level, "warning"))
        g_message ("Web view %u: %s", self->index, message->text);
      else
        g_debug ("Web view %u: %s", self->index, message->text);
      break;

    case PP_WEB_MESSAGE_PROGRESS:
      g_signal_emit (self, signals[PROGRESS], 0, message->stage, message->phase);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
drop_message (PpWebWorker              *self,
              WebKitScriptMessageReply *reply,
              const char               *reason)
{
  self->n_dropped++;
  g_message ("Web view %u: dropped a malformed message from its page: %s", self->index, reason);
  webkit_script_message_reply_return_error_message (reply, reason);
  return TRUE;
}

/* The page's messages arrive through bridge.js in the isolated world.
 * Which view sent one is known from the content manager (one per view),
 * never from the message; the view must still show the runner page.
 */
static gboolean
script_message_cb (WebKitUserContentManager *manager,
                   JSCValue                 *value,
                   WebKitScriptMessageReply *reply,
                   PpWebWorker              *self)
{
  g_autoptr(PpWebMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) ok = NULL;

  if (g_strcmp0 (webkit_web_view_get_uri (self->view), PP_WEB_RUNNER_URI) != 0)
    return drop_message (self, reply, "the view does not show the runner page");
  if (value == NULL || !jsc_value_is_string (value))
    return drop_message (self, reply, "the message is not a string");

  body = jsc_value_to_string_as_bytes (value);
  if (!(message = _pp_web_message_parse (body, &error)))
    return drop_message (self, reply, error->message);

  handle_message (self, message);
  ok = jsc_value_new_string (jsc_value_get_context (value), "ok");
  webkit_script_message_reply_return_value (reply, ok);
  return TRUE;
}

static void
pp_web_worker_dispose (GObject *object)
{
  PpWebWorker *self = (PpWebWorker *)object;

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  if (self->call != NULL)
    fail_call (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The web view pool was closed")));
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  if (self->content_manager != NULL)
    g_signal_handlers_disconnect_by_data (self->content_manager, self);
  g_clear_object (&self->view);
  g_clear_object (&self->content_manager);

  G_OBJECT_CLASS (_pp_web_worker_parent_class)->dispose (object);
}

static void
pp_web_worker_finalize (GObject *object)
{
  PpWebWorker *self = (PpWebWorker *)object;

  g_clear_pointer (&self->runtimes, g_hash_table_unref);
  g_clear_pointer (&self->ort_build, g_free);
  g_clear_error (&self->late_error);

  G_OBJECT_CLASS (_pp_web_worker_parent_class)->finalize (object);
}

static void
_pp_web_worker_class_init (PpWebWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pp_web_worker_dispose;
  object_class->finalize = pp_web_worker_finalize;

  signals[READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STOPPED] = g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
_pp_web_worker_init (PpWebWorker *self)
{
  self->runtimes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)json_object_unref);
}

static void
setup_content_manager (PpWebWorker *self)
{
  g_autoptr(GBytes) bridge = _pp_web_scheme_dup_bridge ();
  g_autoptr(WebKitUserScript) script = NULL;
  g_autofree char *source = g_strndup (g_bytes_get_data (bridge, NULL), g_bytes_get_size (bridge));

  self->content_manager = webkit_user_content_manager_new ();
  script = webkit_user_script_new_for_world (source, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                             WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START,
                                             WORLD_NAME, NULL, NULL);
  webkit_user_content_manager_add_script (self->content_manager, script);
  g_signal_connect (self->content_manager, "script-message-with-reply-received::" HANDLER_NAME,
                    G_CALLBACK (script_message_cb), self);
  webkit_user_content_manager_register_script_message_handler_with_reply (self->content_manager,
                                                                          HANDLER_NAME, WORLD_NAME);
}

/*
 * _pp_web_worker_new:
 *
 * The view gets the pool's context, network session and settings and
 * its own content manager, all passed explicitly: never the defaults.
 * It is never shown; the pool's settings turn off the throttling WebKit
 * applies to hidden pages.
 */
PpWebWorker *
_pp_web_worker_new (guint                 index,
                    WebKitWebContext     *context,
                    WebKitNetworkSession *session,
                    WebKitSettings       *settings)
{
  PpWebWorker *self = g_object_new (PP_WEB_TYPE_WORKER, NULL);

  self->index = index;
  setup_content_manager (self);
  self->view = g_object_ref_sink (g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                                "web-context", context,
                                                "network-session", session,
                                                "settings", settings,
                                                "user-content-manager", self->content_manager,
                                                NULL));

  g_signal_connect (self->view, "web-process-terminated", G_CALLBACK (web_process_terminated_cb), self);
  g_signal_connect (self->view, "load-failed", G_CALLBACK (load_failed_cb), self);
  g_signal_connect (self->view, "decide-policy", G_CALLBACK (decide_policy_cb), self);
  g_signal_connect (self->view, "notify::is-web-process-responsive", G_CALLBACK (notify_responsive_cb), self);

  return self;
}

guint
_pp_web_worker_get_index (PpWebWorker *self)
{
  return self->index;
}

PpWebWorkerState
_pp_web_worker_get_state (PpWebWorker *self)
{
  return self->state;
}

static gboolean
start_timeout_cb (gpointer user_data)
{
  PpWebWorker *self = user_data;

  self->start_timeout_id = 0;
  g_message ("Web view %u: the runner page did not start in time; stopping its web process", self->index);
  webkit_web_view_terminate_web_process (self->view);
  return G_SOURCE_REMOVE;
}

/* Loads the runner page; "ready" follows when the page says so, or
 * "stopped" if it fails to load or to start within @timeout_ms.
 */
void
_pp_web_worker_start (PpWebWorker *self,
                      guint        timeout_ms)
{
  g_assert (self->state == PP_WEB_WORKER_STOPPED);

  clear_page_state (self);
  self->state = PP_WEB_WORKER_STARTING;
  self->start_timeout_id = g_timeout_add (timeout_ms, start_timeout_cb, self);
  webkit_web_view_load_uri (self->view, PP_WEB_RUNNER_URI);
}

/* Stops the web process; "stopped" follows, and the pool reloads the
 * page into a fresh one.
 */
void
_pp_web_worker_stop (PpWebWorker *self)
{
  if (self->state != PP_WEB_WORKER_STOPPED)
    webkit_web_view_terminate_web_process (self->view);
}

GPid
_pp_web_worker_get_pid (PpWebWorker *self)
{
  return self->pid;
}

void
_pp_web_worker_set_pid (PpWebWorker *self,
                        GPid         pid)
{
  self->pid = pid;
}

guint
_pp_web_worker_get_n_dropped (PpWebWorker *self)
{
  return self->n_dropped;
}

gboolean
_pp_web_worker_is_calling (PpWebWorker *self)
{
  return self->call != NULL;
}

/* Returns: (transfer none) (nullable): what the page said when it
 * loaded @runtime for @backend, or %NULL if it has not: a warm view.
 */
JsonObject *
_pp_web_worker_get_runtime (PpWebWorker  *self,
                            PpWebRuntime  runtime,
                            PpWebBackend  backend)
{
  g_autofree char *key = runtime_key (runtime, backend);

  return g_hash_table_lookup (self->runtimes, key);
}

/* A page holds one onnxruntime-web build: the WASM-only one cannot run
 * the WebGPU or WebNN providers, and the two cannot share a page.
 */
gboolean
_pp_web_worker_conflicts (PpWebWorker  *self,
                          PpWebRuntime  runtime,
                          PpWebBackend  backend)
{
  return runtime == PP_WEB_RUNTIME_ORT && self->ort_build != NULL &&
         !g_str_equal (self->ort_build, ort_build_for (backend));
}

void
_pp_web_worker_add_runtime (PpWebWorker  *self,
                            PpWebRuntime  runtime,
                            PpWebBackend  backend,
                            JsonObject   *info)
{
  g_hash_table_insert (self->runtimes, runtime_key (runtime, backend), json_object_ref (info));
  if (runtime == PP_WEB_RUNTIME_ORT && self->ort_build == NULL)
    self->ort_build = g_strdup (ort_build_for (backend));
}

static gboolean
watchdog_cb (gpointer user_data)
{
  PpWebWorker *self = user_data;

  self->watchdog_id = 0;
  self->watchdog_fired = TRUE;
  g_message ("Web view %u: no answer within %u s; stopping its web process", self->index, self->call_timeout_s);
  webkit_web_view_terminate_web_process (self->view);
  return G_SOURCE_REMOVE;
}

static JsonNode *
parse_answer (JSCValue  *value,
              GError   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = NULL;
  JsonNode *root;

  if (value == NULL || !jsc_value_is_string (value))
    {
      g_set_error_literal (error, PP_WEB_ERROR, PP_WEB_ERROR_PAGE,
                           _("The runner page answered with something other than JSON text"));
      return NULL;
    }

  text = jsc_value_to_string (value);
  if (!_pp_json_parser_load_data (parser, text, -1, "answer", NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PP_WEB_ERROR, PP_WEB_ERROR_PAGE,
                           _("The runner page answered with malformed JSON"));
      return NULL;
    }

  return json_node_ref (root);
}

static gboolean
grace_cb (gpointer user_data)
{
  PpWebWorker *self = user_data;

  self->grace_id = 0;
  fail_call (self, g_error_new (PP_WEB_ERROR, PP_WEB_ERROR_PAGE, _("The page failed: %s"),
                                self->late_error->message));
  return G_SOURCE_REMOVE;
}

/* When a web process dies, WebKit fails its pending calls (with “cannot
 * return the result”) a few milliseconds before it reports the death.
 * Only an exception thrown by the page is the page's fault; any other
 * failure waits a moment for web-process-terminated, which then fails
 * the call as a dead process (and the job is retried).
 */
static void
call_failed (PpWebWorker *self,
             GError      *error)
{
  if (g_error_matches (error, WEBKIT_JAVASCRIPT_ERROR, WEBKIT_JAVASCRIPT_ERROR_SCRIPT_FAILED))
    {
      fail_call (self, g_error_new (PP_WEB_ERROR, PP_WEB_ERROR_PAGE, _("The page failed: %s"), error->message));
      return;
    }

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_error (&self->late_error);
  self->late_error = g_error_copy (error);
  self->grace_id = g_timeout_add (1000, grace_cb, self);
}

/* A call that finished after its web process died was already failed:
 * its late answer belongs to no one and is dropped.
 */
static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PpWebWorker *self = g_task_get_source_object (task);
  g_autoptr(JSCValue) value = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *answer;

  value = webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (object), result, &error);
  if (self->call != task)
    return;

  if (value == NULL)
    {
      call_failed (self, error);
      return;
    }

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_object (&self->call);

  if ((answer = parse_answer (value, &error)))
    g_task_return_pointer (task, answer, (GDestroyNotify)json_node_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/*
 * _pp_web_worker_call_async:
 * @method: a method of window.perfcast (runner.js)
 * @args: (nullable): its argument, a JSON object
 * @timeout_ms: after this long without an answer, the web process is
 *   stopped and the call fails with %PP_WEB_ERROR_TIMEOUT
 *
 * Calls the page with serialised JSON passed as arguments, never as
 * code pasted into a script.
 */
void
_pp_web_worker_call_async (PpWebWorker         *self,
                           const char          *method,
                           JsonNode            *args,
                           guint                timeout_ms,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  g_autofree char *json = args ? json_to_string (args, FALSE) : g_strdup ("{}");
  g_autoptr(GVariantDict) dict = g_variant_dict_new (NULL);

  g_task_set_source_tag (task, _pp_web_worker_call_async);
  g_assert (self->call == NULL);

  if (self->state != PP_WEB_WORKER_READY)
    {
      g_task_return_new_error (task, PP_WEB_ERROR, PP_WEB_ERROR_WEB_PROCESS,
                               _("Web view %u is not running its page"), self->index);
      return;
    }

  g_variant_dict_insert (dict, "method", "s", method);
  g_variant_dict_insert (dict, "args", "s", json);
  self->call = g_object_ref (task);
  self->call_timeout_s = (timeout_ms + 999) / 1000;
  self->watchdog_id = g_timeout_add (timeout_ms, watchdog_cb, self);
  webkit_web_view_call_async_javascript_function (self->view, CALL_BODY, -1, g_variant_dict_end (dict),
                                                  NULL, NULL, NULL, call_done_cb, g_steal_pointer (&task));
}

JsonNode *
_pp_web_worker_call_finish (PpWebWorker   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_assert (g_task_is_valid (result, self));

  return g_task_propagate_pointer (G_TASK (result), error);
}
