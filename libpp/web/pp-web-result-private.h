/* pp-web-result-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libpp.h>

#include "pp-web-backend.h"

G_BEGIN_DECLS

/* Everything one phase of a job measured, and the facts needed to say
 * what ran where. Borrowed pointers; times in milliseconds.
 */
typedef struct
{
  PpModelSpec *model;
  PpWebRuntime runtime;
  PpWebBackend backend;
  PpPrecision precision;
  guint batch;
  guint seed;
  const char *host_cpu;
  const char *webkit_version;
  JsonObject *load;      /* the view's answer to `load`: runtime_version, threads, load_ms */
  JsonObject *plan;      /* the page's description of the graphs */
  JsonObject *phase;     /* phase, seq_len, input_size, tokens_per_item */
  JsonObject *session;   /* session_ms, build_ms, params */
  const double *times_ms;
  guint n_times;
  guint warmup_runs;
  double dispatch_ms;
  double peak_mib;
  double baseline_mib;
  guint concurrency;
  guint attempt;
  gboolean warm;
  gboolean peak_reset;
} PpWebPhaseResult;

gboolean       _pp_web_result_check      (JsonObject              *plan,
                                          GError                 **error);
gboolean       _pp_web_result_check_answer (JsonObject            *answer,
                                          const char              *method,
                                          GError                 **error);
double         _pp_web_result_quantile   (const double            *sorted,
                                          guint                    n,
                                          double                   q);
double         _pp_web_result_median     (const double            *values,
                                          guint                    n);
PpMeasurement *_pp_web_result_build      (const PpWebPhaseResult  *result,
                                          GError                 **error);

G_END_DECLS
