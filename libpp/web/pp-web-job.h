/* pp-web-job.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_WEB_INSIDE) && !defined (PP_WEB_COMPILATION)
# error "Only <libpp-web.h> can be included directly."
#endif

#include <libpp.h>

#include "pp-web-backend.h"
#include "pp-web-version-macros.h"

G_BEGIN_DECLS

/**
 * PpWebJobState:
 * @PP_WEB_JOB_STATE_NEW: not given to a pool yet; its settings can change
 * @PP_WEB_JOB_STATE_QUEUED: waiting for a view
 * @PP_WEB_JOB_STATE_RUNNING: running in a view
 * @PP_WEB_JOB_STATE_RETRYING: its view died or hung; waiting to run again
 * @PP_WEB_JOB_STATE_SUCCEEDED: measured (and stored, if the pool has a store)
 * @PP_WEB_JOB_STATE_FAILED: failed or cancelled; nothing was stored
 *
 * Where a [class@PpWeb.Job] is in its life.
 */
typedef enum
{
  PP_WEB_JOB_STATE_NEW,
  PP_WEB_JOB_STATE_QUEUED,
  PP_WEB_JOB_STATE_RUNNING,
  PP_WEB_JOB_STATE_RETRYING,
  PP_WEB_JOB_STATE_SUCCEEDED,
  PP_WEB_JOB_STATE_FAILED,
} PpWebJobState;

#define PP_WEB_TYPE_JOB (pp_web_job_get_type())

PP_WEB_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpWebJob, pp_web_job, PP_WEB, JOB, GObject)

PP_WEB_AVAILABLE_IN_ALL
PpWebJob      *pp_web_job_new               (PpModelSpec  *model,
                                             PpWebRuntime  runtime,
                                             PpWebBackend  backend,
                                             guint         batch);
PP_WEB_AVAILABLE_IN_ALL
PpModelSpec   *pp_web_job_get_model         (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
PpWebRuntime   pp_web_job_get_runtime       (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
PpWebBackend   pp_web_job_get_backend       (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
guint          pp_web_job_get_batch         (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
guint          pp_web_job_get_seq_len       (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
void           pp_web_job_set_seq_len       (PpWebJob     *self,
                                             guint         seq_len);
PP_WEB_AVAILABLE_IN_ALL
double         pp_web_job_get_input_size    (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
void           pp_web_job_set_input_size    (PpWebJob     *self,
                                             double        input_size);
PP_WEB_AVAILABLE_IN_ALL
PpPrecision    pp_web_job_get_precision     (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
void           pp_web_job_set_precision     (PpWebJob     *self,
                                             PpPrecision   precision);
PP_WEB_AVAILABLE_IN_ALL
guint          pp_web_job_get_warmup_runs   (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
void           pp_web_job_set_warmup_runs   (PpWebJob     *self,
                                             guint         warmup_runs);
PP_WEB_AVAILABLE_IN_ALL
guint          pp_web_job_get_runs          (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
void           pp_web_job_set_runs          (PpWebJob     *self,
                                             guint         runs);
PP_WEB_AVAILABLE_IN_ALL
double         pp_web_job_get_max_params_m  (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
void           pp_web_job_set_max_params_m  (PpWebJob     *self,
                                             double        max_params_m);
PP_WEB_AVAILABLE_IN_ALL
guint          pp_web_job_get_seed          (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
void           pp_web_job_set_seed          (PpWebJob     *self,
                                             guint         seed);
PP_WEB_AVAILABLE_IN_ALL
PpWebJobState  pp_web_job_get_state         (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
double         pp_web_job_get_progress      (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
const char    *pp_web_job_get_status        (PpWebJob     *self);
PP_WEB_AVAILABLE_IN_ALL
guint          pp_web_job_get_attempts      (PpWebJob     *self);

G_END_DECLS
