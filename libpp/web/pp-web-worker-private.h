/* pp-web-worker-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <webkit/webkit.h>

#include "pp-web-backend.h"

G_BEGIN_DECLS

typedef enum
{
  PP_WEB_WORKER_STOPPED,
  PP_WEB_WORKER_STARTING,
  PP_WEB_WORKER_READY,
} PpWebWorkerState;

#define PP_WEB_TYPE_WORKER (_pp_web_worker_get_type())

G_DECLARE_FINAL_TYPE (PpWebWorker, _pp_web_worker, PP_WEB, WORKER, GObject)

PpWebWorker      *_pp_web_worker_new            (guint                  index,
                                                 WebKitWebContext      *context,
                                                 WebKitNetworkSession  *session,
                                                 WebKitSettings        *settings);
guint             _pp_web_worker_get_index      (PpWebWorker           *self);
PpWebWorkerState  _pp_web_worker_get_state      (PpWebWorker           *self);
void              _pp_web_worker_start          (PpWebWorker           *self,
                                                 guint                  timeout_ms);
void              _pp_web_worker_stop           (PpWebWorker           *self);
GPid              _pp_web_worker_get_pid        (PpWebWorker           *self);
void              _pp_web_worker_set_pid        (PpWebWorker           *self,
                                                 GPid                   pid);
guint             _pp_web_worker_get_n_dropped  (PpWebWorker           *self);
gboolean          _pp_web_worker_is_calling     (PpWebWorker           *self);
JsonObject       *_pp_web_worker_get_runtime    (PpWebWorker           *self,
                                                 PpWebRuntime           runtime,
                                                 PpWebBackend           backend);
gboolean          _pp_web_worker_conflicts      (PpWebWorker           *self,
                                                 PpWebRuntime           runtime,
                                                 PpWebBackend           backend);
void              _pp_web_worker_add_runtime    (PpWebWorker           *self,
                                                 PpWebRuntime           runtime,
                                                 PpWebBackend           backend,
                                                 JsonObject            *info);
void              _pp_web_worker_call_async     (PpWebWorker           *self,
                                                 const char            *method,
                                                 JsonNode              *args,
                                                 guint                  timeout_ms,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
JsonNode         *_pp_web_worker_call_finish    (PpWebWorker           *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);

G_END_DECLS
