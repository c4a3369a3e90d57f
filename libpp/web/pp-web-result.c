/* pp-web-result.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-result-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "pp-web-error.h"

/* Turns what a phase measured into one PpMeasurement whose architecture
 * columns describe the graph that really ran: when the page built fewer
 * layers than the catalog entry has, `layers` and `params_m` say so and
 * `reduced_from` keeps the original depth.
 */

#define SOURCE_TAG "perfcast-web"

typedef enum
{
  KIND_STRING,
  KIND_INT,
  KIND_NUMBER,
  KIND_BOOL,
  KIND_ARRAY,
} Kind;

typedef struct
{
  const char *name;
  Kind kind;
} Member;

static const Member plan_members[] = {
  { "phases", KIND_ARRAY }, { "layers", KIND_INT }, { "full_layers", KIND_INT },
  { "reduced", KIND_BOOL }, { "params", KIND_NUMBER }, { "graph", KIND_STRING },
};

static const Member phase_members[] = {
  { "phase", KIND_STRING }, { "seq_len", KIND_INT }, { "input_size", KIND_NUMBER },
  { "tokens_per_item", KIND_INT },
};

static gboolean
member_is (JsonObject   *object,
           const Member *member)
{
  JsonNode *node = json_object_get_member (object, member->name);
  GType type;

  if (node == NULL)
    return FALSE;
  if (member->kind == KIND_ARRAY)
    return JSON_NODE_HOLDS_ARRAY (node);

  type = json_node_get_value_type (node);
  switch (member->kind)
    {
    case KIND_STRING:
      return type == G_TYPE_STRING && g_utf8_strlen (json_node_get_string (node), -1) <= 200;
    case KIND_INT:
      return type == G_TYPE_INT64 && json_node_get_int (node) >= 0;
    case KIND_NUMBER:
      return (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE) && json_node_get_double (node) >= 0;
    case KIND_BOOL:
      return type == G_TYPE_BOOLEAN;
    case KIND_ARRAY:
    default:
      return FALSE;
    }
}

static gboolean
has_members (JsonObject   *object,
             const Member *members,
             guint         n_members)
{
  for (guint i = 0; i < n_members; i++)
    {
      if (!member_is (object, &members[i]))
        return FALSE;
    }

  return TRUE;
}

static const Member session_members[] = {
  { "session_ms", KIND_NUMBER }, { "build_ms", KIND_NUMBER }, { "params", KIND_NUMBER },
};

static const Member load_members[] = {
  { "runtime_version", KIND_STRING }, { "threads", KIND_INT }, { "load_ms", KIND_NUMBER },
};

static gboolean
phase_is_valid (JsonNode *node)
{
  static const char * const phases[] = { "forward", "prefill", "decode", NULL };
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  object = json_node_get_object (node);
  return has_members (object, phase_members, G_N_ELEMENTS (phase_members)) &&
         g_strv_contains (phases, json_object_get_string_member (object, "phase"));
}

/*
 * _pp_web_result_check:
 * @plan: the page's answer to `plan`
 *
 * The page's description of what it will run is checked like any other
 * page output before anything is built from it.
 */
gboolean
_pp_web_result_check (JsonObject  *plan,
                      GError     **error)
{
  JsonArray *phases;
  guint n;

  if (!has_members (plan, plan_members, G_N_ELEMENTS (plan_members)))
    goto malformed;

  phases = json_object_get_array_member (plan, "phases");
  n = json_array_get_length (phases);
  if (n == 0 || n > 4 || json_object_get_int_member (plan, "layers") < 1 ||
      json_object_get_double_member (plan, "params") <= 0)
    goto malformed;

  for (guint i = 0; i < n; i++)
    {
      if (!phase_is_valid (json_array_get_element (phases, i)))
        goto malformed;
    }

  return TRUE;

malformed:
  g_set_error_literal (error, PP_WEB_ERROR, PP_WEB_ERROR_PAGE,
                       _("The runner page described its model graph with malformed data"));
  return FALSE;
}

/* The page's answers to `load` and `open`. */
gboolean
_pp_web_result_check_answer (JsonObject  *answer,
                             const char  *method,
                             GError     **error)
{
  gboolean load = g_str_equal (method, "load");

  if (load ? has_members (answer, load_members, G_N_ELEMENTS (load_members))
           : has_members (answer, session_members, G_N_ELEMENTS (session_members)))
    return TRUE;

  g_set_error (error, PP_WEB_ERROR, PP_WEB_ERROR_PAGE,
               _("The runner page answered “%s” with malformed data"), method);
  return FALSE;
}

/* The nearest-rank quantile of @n sorted values (the median of an even
 * count is the mean of the middle two, as usual).
 */
double
_pp_web_result_quantile (const double *sorted,
                         guint         n,
                         double        q)
{
  guint rank;

  if (n == 0)
    return NAN;
  if (q == 0.5 && n % 2 == 0)
    return (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

  rank = (guint)ceil (q * n);
  return sorted[CLAMP (rank, 1, n) - 1];
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

double
_pp_web_result_median (const double *values,
                       guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_doubles);
  return _pp_web_result_quantile (sorted, n, 0.5);
}

static void
set_extra_number (PpMeasurement *m,
                  const char    *key,
                  const char    *format,
                  double         value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  pp_measurement_set_extra (m, key, g_ascii_formatd (buf, sizeof buf, format, value));
}

static void
set_model_columns (PpMeasurement          *m,
                   const PpWebPhaseResult *r)
{
  PpModelSpec *model = r->model;
  guint dims[] = { pp_model_spec_get_hidden (model), pp_model_spec_get_heads (model),
                   pp_model_spec_get_kv_heads (model), pp_model_spec_get_ffn (model),
                   pp_model_spec_get_vocab (model) };
  PpColumn columns[] = { PP_COLUMN_HIDDEN, PP_COLUMN_HEADS, PP_COLUMN_KV_HEADS, PP_COLUMN_FFN,
                         PP_COLUMN_VOCAB };

  pp_measurement_set_string (m, PP_COLUMN_MODEL, pp_model_spec_get_id (model));
  pp_measurement_set_string (m, PP_COLUMN_FAMILY, pp_model_spec_get_family (model));
  pp_measurement_set_string (m, PP_COLUMN_MODALITY, pp_model_spec_get_modality (model));
  pp_measurement_set_string (m, PP_COLUMN_ARCH, pp_model_arch_to_string (pp_model_spec_get_arch (model)));
  pp_measurement_set_number (m, PP_COLUMN_LAYERS, json_object_get_int_member (r->plan, "layers"));
  pp_measurement_set_number (m, PP_COLUMN_PARAMS_M, json_object_get_double_member (r->session, "params") / 1e6);
  for (guint i = 0; i < G_N_ELEMENTS (dims); i++)
    {
      if (dims[i] > 0)
        pp_measurement_set_number (m, columns[i], dims[i]);
    }
}

static void
set_hardware_columns (PpMeasurement          *m,
                      const PpWebPhaseResult *r)
{
  g_autofree char *framework = g_strdup_printf ("%s-%s/%s", pp_web_runtime_get_package (r->runtime),
                                                json_object_get_string_member (r->load, "runtime_version"),
                                                pp_web_backend_to_string (r->backend));

  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, pp_web_backend_get_hardware_id (r->backend));
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE_KIND, "browser");
  pp_measurement_set_string (m, PP_COLUMN_BACKEND, pp_web_backend_to_string (r->backend));
  pp_measurement_set_string (m, PP_COLUMN_FRAMEWORK, framework);
  if (r->backend == PP_WEB_BACKEND_WASM || r->backend == PP_WEB_BACKEND_CPU)
    {
      pp_measurement_set_number (m, PP_COLUMN_ACCELERATORS, 0);
      pp_measurement_set_number (m, PP_COLUMN_THREADS, json_object_get_int_member (r->load, "threads"));
    }
}

static void
set_workload_columns (PpMeasurement          *m,
                      const PpWebPhaseResult *r)
{
  guint seq_len = json_object_get_int_member (r->phase, "seq_len");
  double input_size = json_object_get_double_member (r->phase, "input_size");

  pp_measurement_set_string (m, PP_COLUMN_PRECISION, pp_precision_to_string (r->precision));
  pp_measurement_set_number (m, PP_COLUMN_BATCH, r->batch);
  if (seq_len > 0)
    pp_measurement_set_number (m, PP_COLUMN_SEQ_LEN, seq_len);
  if (input_size > 0)
    pp_measurement_set_number (m, PP_COLUMN_INPUT_SIZE, input_size);
  pp_measurement_set_string (m, PP_COLUMN_PHASE, json_object_get_string_member (r->phase, "phase"));
}

/* Items are batch elements per call; tokens are the prompt's tokens for
 * a prefill and one per item for a decode step.
 */
static void
set_measured_columns (PpMeasurement          *m,
                      const PpWebPhaseResult *r)
{
  g_autofree double *sorted = g_memdup2 (r->times_ms, r->n_times * sizeof (double));
  guint tokens = json_object_get_int_member (r->phase, "tokens_per_item");
  double median;

  qsort (sorted, r->n_times, sizeof (double), compare_doubles);
  median = _pp_web_result_quantile (sorted, r->n_times, 0.5);

  pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, median);
  pp_measurement_set_number (m, PP_COLUMN_LATENCY_P90_MS, _pp_web_result_quantile (sorted, r->n_times, 0.9));
  pp_measurement_set_number (m, PP_COLUMN_THROUGHPUT_ITEMS_PER_S, r->batch * 1000.0 / median);
  if (tokens > 0)
    pp_measurement_set_number (m, PP_COLUMN_TOKENS_PER_S, (double)r->batch * tokens * 1000.0 / median);
  if (r->peak_mib > 0)
    pp_measurement_set_number (m, PP_COLUMN_MEMORY_MB, r->peak_mib);
}

static void
set_provenance (PpMeasurement          *m,
                const PpWebPhaseResult *r)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *timestamp = g_date_time_format_iso8601 (now);
  g_autofree char *runs = g_strdup_printf ("%u", r->n_times);
  g_autofree char *warmup = g_strdup_printf ("%u", r->warmup_runs);

  pp_measurement_set_string (m, PP_COLUMN_SOURCE, SOURCE_TAG);
  pp_measurement_set_string (m, PP_COLUMN_TIMESTAMP, timestamp);
  pp_measurement_set_extra (m, "host_cpu", r->host_cpu);
  pp_measurement_set_extra (m, "runtime", pp_web_runtime_get_package (r->runtime));
  pp_measurement_set_extra (m, "runtime_version", json_object_get_string_member (r->load, "runtime_version"));
  pp_measurement_set_extra (m, "webkit_version", r->webkit_version);
  pp_measurement_set_extra (m, "graph", json_object_get_string_member (r->plan, "graph"));
  pp_measurement_set_extra (m, "runs", runs);
  pp_measurement_set_extra (m, "warmup_runs", warmup);
  pp_measurement_set_extra (m, "timing", "C monotonic clock around each page call");
  pp_measurement_set_extra (m, "memory_scope",
                            r->peak_reset ? "peak RSS of the view's web process during this phase"
                                          : "peak RSS of the view's web process since it started");
}

static void
set_details (PpMeasurement          *m,
             const PpWebPhaseResult *r)
{
  set_extra_number (m, "session_ms", "%.1f", json_object_get_double_member (r->session, "session_ms"));
  set_extra_number (m, "build_ms", "%.1f", json_object_get_double_member (r->session, "build_ms"));
  set_extra_number (m, "load_ms", "%.1f", json_object_get_double_member (r->load, "load_ms"));
  set_extra_number (m, "dispatch_ms", "%.3f", r->dispatch_ms);
  set_extra_number (m, "memory_baseline_mb", "%.1f", r->baseline_mib);
  set_extra_number (m, "concurrent_jobs", "%.0f", r->concurrency);
  set_extra_number (m, "attempt", "%.0f", r->attempt);
  set_extra_number (m, "seed", "%.0f", r->seed);
  if (pp_model_spec_get_params_m (r->model) > 0)
    set_extra_number (m, "catalog_params_m", "%.2f", pp_model_spec_get_params_m (r->model));
  pp_measurement_set_extra (m, "warm_view", r->warm ? "true" : "false");
  if (json_object_get_boolean_member (r->plan, "reduced"))
    {
      g_autofree char *from = g_strdup_printf ("layers=%" G_GINT64_FORMAT,
                                               json_object_get_int_member (r->plan, "full_layers"));

      pp_measurement_set_extra (m, "reduced_from", from);
    }
}

/*
 * _pp_web_result_build:
 *
 * Returns: (transfer full): the measurement, checked by
 *   pp_measurement_validate()
 */
PpMeasurement *
_pp_web_result_build (const PpWebPhaseResult  *result,
                      GError                 **error)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();

  g_assert (result->n_times > 0);

  set_model_columns (m, result);
  set_hardware_columns (m, result);
  set_workload_columns (m, result);
  set_measured_columns (m, result);
  set_provenance (m, result);
  set_details (m, result);

  if (!pp_measurement_validate (m, error))
    return NULL;

  return g_steal_pointer (&m);
}
