/* pp-web-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pp-web-capabilities.h"
#include "pp-web-job.h"
#include "pp-web-pool.h"

G_BEGIN_DECLS

PpWebCapabilities *_pp_web_capabilities_new_from_json (JsonObject     *object,
                                                       GError        **error);

PpWebJob   *_pp_web_job_new_diagnostic      (const char     *action);
const char *_pp_web_job_get_diagnostic      (PpWebJob       *self);
void        _pp_web_job_set_state           (PpWebJob       *self,
                                             PpWebJobState   state);
void        _pp_web_job_set_progress        (PpWebJob       *self,
                                             double          progress,
                                             const char     *status);
void        _pp_web_job_add_attempt         (PpWebJob       *self);
JsonNode   *_pp_web_job_get_result          (PpWebJob       *self);
void        _pp_web_job_set_result          (PpWebJob       *self,
                                             JsonNode       *result);
JsonNode   *_pp_web_job_dup_plan_request    (PpWebJob       *self);

/* For tests and benchmarks: the web process of each view (0 while
 * unknown), and how many page messages were dropped and views rebuilt.
 */
GArray     *_pp_web_pool_dup_web_process_pids (PpWebPool    *self);
guint       _pp_web_pool_get_n_dropped_messages (PpWebPool  *self);
guint       _pp_web_pool_get_n_restarts       (PpWebPool    *self);

G_END_DECLS
