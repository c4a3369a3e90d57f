/* pp-web-attempt-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "pp-web-job.h"
#include "pp-web-pool.h"
#include "pp-web-worker-private.h"

G_BEGIN_DECLS

typedef struct
{
  guint threads;           /* WebAssembly threads per view */
  guint timeout_ms;        /* the watchdog of each page call */
  char *host_cpu;          /* the host's CPU, for the host_cpu column */
  char *webkit_version;
} PpWebAttemptConfig;

void       _pp_web_attempt_run_async  (PpWebWorker               *worker,
                                       PpWebJob                  *job,
                                       PpWebPool                 *pool,
                                       const PpWebAttemptConfig  *config,
                                       GCancellable              *cancellable,
                                       GAsyncReadyCallback        callback,
                                       gpointer                   user_data);
GPtrArray *_pp_web_attempt_run_finish (PpWebWorker               *worker,
                                       GAsyncResult              *result,
                                       GError                   **error);

G_END_DECLS
