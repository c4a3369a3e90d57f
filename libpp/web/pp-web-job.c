/* pp-web-job.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-job.h"

#include <json-glib/json-glib.h>

#include "pp-json-private.h"
#include "pp-web-enums.h"
#include "pp-web-private.h"

/**
 * PpWebJob:
 *
 * One measurement workload for a [class@PpWeb.Pool]: a catalog model run
 * by a runtime on a backend at one batch size, with its sequence length
 * or input size, precision, warm-up and timed runs.
 *
 * Change its settings before giving it to
 * [method@PpWeb.Pool.run_async]; from then on the pool reports its
 * [property@PpWeb.Job:state], [property@PpWeb.Job:progress] and
 * [property@PpWeb.Job:status] (on the main context), and the job can no
 * longer be changed.
 */

struct _PpWebJob
{
  GObject parent_instance;

  /* Owned */
  PpModelSpec *model;
  char *diagnostic;
  char *status;
  JsonNode *result;

  PpWebRuntime runtime;
  PpWebBackend backend;
  guint batch;
  guint seq_len;
  double input_size;
  PpPrecision precision;
  guint warmup_runs;
  guint runs;
  double max_params_m;
  guint seed;

  PpWebJobState state;
  double progress;
  guint attempts;
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_RUNTIME,
  PROP_BACKEND,
  PROP_BATCH,
  PROP_SEQ_LEN,
  PROP_INPUT_SIZE,
  PROP_PRECISION,
  PROP_WARMUP_RUNS,
  PROP_RUNS,
  PROP_MAX_PARAMS_M,
  PROP_SEED,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_STATUS,
  PROP_ATTEMPTS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PpWebJob, pp_web_job, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* Settings are inputs of a job that has not been queued: the pool works
 * from a snapshot taken when it queues the job.
 */
#define RETURN_IF_STARTED(self) \
  g_return_if_fail ((self)->state == PP_WEB_JOB_STATE_NEW)

/* Same contract as g_set_str(), which needs GLib 2.76. */
static gboolean
set_str (char       **dest,
         const char  *src)
{
  if (g_strcmp0 (*dest, src) == 0)
    return FALSE;
  g_free (*dest);
  *dest = g_strdup (src);
  return TRUE;
}

static void
pp_web_job_finalize (GObject *object)
{
  PpWebJob *self = (PpWebJob *)object;

  g_clear_object (&self->model);
  g_clear_pointer (&self->diagnostic, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->result, json_node_unref);

  G_OBJECT_CLASS (pp_web_job_parent_class)->finalize (object);
}

static void
pp_web_job_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PpWebJob *self = PP_WEB_JOB (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_RUNTIME:
      g_value_set_enum (value, self->runtime);
      break;
    case PROP_BACKEND:
      g_value_set_enum (value, self->backend);
      break;
    case PROP_BATCH:
      g_value_set_uint (value, self->batch);
      break;
    case PROP_SEQ_LEN:
      g_value_set_uint (value, self->seq_len);
      break;
    case PROP_INPUT_SIZE:
      g_value_set_double (value, self->input_size);
      break;
    case PROP_PRECISION:
      g_value_set_enum (value, self->precision);
      break;
    case PROP_WARMUP_RUNS:
      g_value_set_uint (value, self->warmup_runs);
      break;
    case PROP_RUNS:
      g_value_set_uint (value, self->runs);
      break;
    case PROP_MAX_PARAMS_M:
      g_value_set_double (value, self->max_params_m);
      break;
    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_web_job_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PpWebJob *self = PP_WEB_JOB (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      break;
    case PROP_RUNTIME:
      self->runtime = g_value_get_enum (value);
      break;
    case PROP_BACKEND:
      self->backend = g_value_get_enum (value);
      break;
    case PROP_BATCH:
      self->batch = g_value_get_uint (value);
      break;
    case PROP_SEQ_LEN:
      pp_web_job_set_seq_len (self, g_value_get_uint (value));
      break;
    case PROP_INPUT_SIZE:
      pp_web_job_set_input_size (self, g_value_get_double (value));
      break;
    case PROP_PRECISION:
      pp_web_job_set_precision (self, g_value_get_enum (value));
      break;
    case PROP_WARMUP_RUNS:
      pp_web_job_set_warmup_runs (self, g_value_get_uint (value));
      break;
    case PROP_RUNS:
      pp_web_job_set_runs (self, g_value_get_uint (value));
      break;
    case PROP_MAX_PARAMS_M:
      pp_web_job_set_max_params_m (self, g_value_get_double (value));
      break;
    case PROP_SEED:
      pp_web_job_set_seed (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_web_job_class_init (PpWebJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags setting = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags report = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pp_web_job_finalize;
  object_class->get_property = pp_web_job_get_property;
  object_class->set_property = pp_web_job_set_property;

  /**
   * PpWebJob:model:
   *
   * The model to build and run (a catalog entry, or one described by
   * measurement columns).
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, PP_TYPE_MODEL_SPEC, construct);

  /**
   * PpWebJob:runtime:
   *
   * The runtime that runs the model.
   */
  properties[PROP_RUNTIME] =
    g_param_spec_enum ("runtime", NULL, NULL, PP_TYPE_WEB_RUNTIME, PP_WEB_RUNTIME_ORT, construct);

  /**
   * PpWebJob:backend:
   *
   * The backend the runtime computes on.
   */
  properties[PROP_BACKEND] =
    g_param_spec_enum ("backend", NULL, NULL, PP_TYPE_WEB_BACKEND, PP_WEB_BACKEND_WASM, construct);

  /**
   * PpWebJob:batch:
   *
   * Items per call.
   */
  properties[PROP_BATCH] =
    g_param_spec_uint ("batch", NULL, NULL, 1, 4096, 1, construct);

  /**
   * PpWebJob:seq-len:
   *
   * Tokens per item (text), decoder tokens (Whisper), audio frames
   * (wav2vec 2.0); 0 for the catalog's default.
   */
  properties[PROP_SEQ_LEN] =
    g_param_spec_uint ("seq-len", NULL, NULL, 0, 65536, 0, setting);

  /**
   * PpWebJob:input-size:
   *
   * Image side in pixels or audio seconds; 0 for the catalog's default.
   */
  properties[PROP_INPUT_SIZE] =
    g_param_spec_double ("input-size", NULL, NULL, 0, 4096, 0, setting);

  /**
   * PpWebJob:precision:
   *
   * The precision of weights and activations (fp32 or fp16).
   */
  properties[PROP_PRECISION] =
    g_param_spec_enum ("precision", NULL, NULL, PP_TYPE_PRECISION, PP_PRECISION_FP32, setting);

  /**
   * PpWebJob:warmup-runs:
   *
   * Untimed runs before the timed ones, per phase.
   */
  properties[PROP_WARMUP_RUNS] =
    g_param_spec_uint ("warmup-runs", NULL, NULL, 0, 1000, 3, setting);

  /**
   * PpWebJob:runs:
   *
   * Timed runs per phase.
   */
  properties[PROP_RUNS] =
    g_param_spec_uint ("runs", NULL, NULL, 1, 100000, 10, setting);

  /**
   * PpWebJob:max-params-m:
   *
   * The most parameters, in millions, the page may build; a bigger model
   * runs with fewer layers and its measurements say so (`reduced_from`).
   * The default keeps fp32 weights near 1.2 GB, inside a 32-bit
   * WebAssembly heap that also holds the serialised model.
   */
  properties[PROP_MAX_PARAMS_M] =
    g_param_spec_double ("max-params-m", NULL, NULL, 0.001, 1e6, 300, setting);

  /**
   * PpWebJob:seed:
   *
   * The seed of the random weights and inputs.
   */
  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL, 0, G_MAXUINT32, 1, setting);

  /**
   * PpWebJob:state:
   *
   * Where the job is in its life.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PP_TYPE_WEB_JOB_STATE, PP_WEB_JOB_STATE_NEW, report);

  /**
   * PpWebJob:progress:
   *
   * The fraction of the current attempt's runs done, 0 to 1.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, report);

  /**
   * PpWebJob:status:
   *
   * What the job is doing, in words (for a progress line).
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, report);

  /**
   * PpWebJob:attempts:
   *
   * How many times the job has started; more than one after a view died
   * or hung.
   */
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, report);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pp_web_job_init (PpWebJob *self)
{
  self->precision = PP_PRECISION_FP32;
  self->warmup_runs = 3;
  self->runs = 10;
  self->max_params_m = 300;
  self->seed = 1;
  self->batch = 1;
}

/**
 * pp_web_job_new:
 * @model: the model
 * @runtime: the runtime
 * @backend: the backend
 * @batch: items per call, at least 1
 *
 * Returns: (transfer full): a new job with default settings
 */
PpWebJob *
pp_web_job_new (PpModelSpec  *model,
                PpWebRuntime  runtime,
                PpWebBackend  backend,
                guint         batch)
{
  g_return_val_if_fail (PP_IS_MODEL_SPEC (model), NULL);
  g_return_val_if_fail (batch >= 1, NULL);

  return g_object_new (PP_WEB_TYPE_JOB,
                       "model", model,
                       "runtime", runtime,
                       "backend", backend,
                       "batch", batch,
                       NULL);
}

/**
 * pp_web_job_get_model:
 * @self: a #PpWebJob
 *
 * Returns: (transfer none) (nullable): the model, %NULL for the
 *   runner's own diagnostic jobs
 */
PpModelSpec *
pp_web_job_get_model (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), NULL);

  return self->model;
}

/**
 * pp_web_job_get_runtime:
 * @self: a #PpWebJob
 *
 * Returns: the runtime
 */
PpWebRuntime
pp_web_job_get_runtime (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->runtime;
}

/**
 * pp_web_job_get_backend:
 * @self: a #PpWebJob
 *
 * Returns: the backend
 */
PpWebBackend
pp_web_job_get_backend (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->backend;
}

/**
 * pp_web_job_get_batch:
 * @self: a #PpWebJob
 *
 * Returns: the batch size
 */
guint
pp_web_job_get_batch (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->batch;
}

/**
 * pp_web_job_get_seq_len:
 * @self: a #PpWebJob
 *
 * Returns: the sequence length, 0 for the model's default
 */
guint
pp_web_job_get_seq_len (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->seq_len;
}

/**
 * pp_web_job_set_seq_len:
 * @self: a new #PpWebJob
 * @seq_len: tokens or frames per item, 0 for the model's default
 *
 * Sets [property@PpWeb.Job:seq-len].
 */
void
pp_web_job_set_seq_len (PpWebJob *self,
                        guint     seq_len)
{
  g_return_if_fail (PP_WEB_IS_JOB (self));
  RETURN_IF_STARTED (self);

  if (self->seq_len == seq_len)
    return;
  self->seq_len = seq_len;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQ_LEN]);
}

/**
 * pp_web_job_get_input_size:
 * @self: a #PpWebJob
 *
 * Returns: the image side or audio seconds, 0 for the model's default
 */
double
pp_web_job_get_input_size (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->input_size;
}

/**
 * pp_web_job_set_input_size:
 * @self: a new #PpWebJob
 * @input_size: image side in pixels or audio seconds, 0 for the default
 *
 * Sets [property@PpWeb.Job:input-size].
 */
void
pp_web_job_set_input_size (PpWebJob *self,
                           double    input_size)
{
  g_return_if_fail (PP_WEB_IS_JOB (self));
  g_return_if_fail (input_size >= 0);
  RETURN_IF_STARTED (self);

  if (self->input_size == input_size)
    return;
  self->input_size = input_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_SIZE]);
}

/**
 * pp_web_job_get_precision:
 * @self: a #PpWebJob
 *
 * Returns: the precision
 */
PpPrecision
pp_web_job_get_precision (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), PP_PRECISION_FP32);

  return self->precision;
}

/**
 * pp_web_job_set_precision:
 * @self: a new #PpWebJob
 * @precision: %PP_PRECISION_FP32 or %PP_PRECISION_FP16
 *
 * Sets [property@PpWeb.Job:precision]. Whether the runtime has kernels
 * for fp16 on the backend is found out by running: if not, the job fails
 * with the runtime's message.
 */
void
pp_web_job_set_precision (PpWebJob    *self,
                          PpPrecision  precision)
{
  g_return_if_fail (PP_WEB_IS_JOB (self));
  g_return_if_fail (precision == PP_PRECISION_FP32 || precision == PP_PRECISION_FP16);
  RETURN_IF_STARTED (self);

  if (self->precision == precision)
    return;
  self->precision = precision;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRECISION]);
}

/**
 * pp_web_job_get_warmup_runs:
 * @self: a #PpWebJob
 *
 * Returns: untimed runs per phase
 */
guint
pp_web_job_get_warmup_runs (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->warmup_runs;
}

/**
 * pp_web_job_set_warmup_runs:
 * @self: a new #PpWebJob
 * @warmup_runs: untimed runs per phase
 *
 * Sets [property@PpWeb.Job:warmup-runs].
 */
void
pp_web_job_set_warmup_runs (PpWebJob *self,
                            guint     warmup_runs)
{
  g_return_if_fail (PP_WEB_IS_JOB (self));
  RETURN_IF_STARTED (self);

  if (self->warmup_runs == warmup_runs)
    return;
  self->warmup_runs = warmup_runs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARMUP_RUNS]);
}

/**
 * pp_web_job_get_runs:
 * @self: a #PpWebJob
 *
 * Returns: timed runs per phase
 */
guint
pp_web_job_get_runs (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->runs;
}

/**
 * pp_web_job_set_runs:
 * @self: a new #PpWebJob
 * @runs: timed runs per phase, at least 1
 *
 * Sets [property@PpWeb.Job:runs].
 */
void
pp_web_job_set_runs (PpWebJob *self,
                     guint     runs)
{
  g_return_if_fail (PP_WEB_IS_JOB (self));
  g_return_if_fail (runs >= 1);
  RETURN_IF_STARTED (self);

  if (self->runs == runs)
    return;
  self->runs = runs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNS]);
}

/**
 * pp_web_job_get_max_params_m:
 * @self: a #PpWebJob
 *
 * Returns: the parameter budget, in millions
 */
double
pp_web_job_get_max_params_m (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->max_params_m;
}

/**
 * pp_web_job_set_max_params_m:
 * @self: a new #PpWebJob
 * @max_params_m: the parameter budget, in millions
 *
 * Sets [property@PpWeb.Job:max-params-m].
 */
void
pp_web_job_set_max_params_m (PpWebJob *self,
                             double    max_params_m)
{
  g_return_if_fail (PP_WEB_IS_JOB (self));
  g_return_if_fail (max_params_m > 0);
  RETURN_IF_STARTED (self);

  if (self->max_params_m == max_params_m)
    return;
  self->max_params_m = max_params_m;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_PARAMS_M]);
}

/**
 * pp_web_job_get_seed:
 * @self: a #PpWebJob
 *
 * Returns: the seed of the random weights and inputs
 */
guint
pp_web_job_get_seed (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->seed;
}

/**
 * pp_web_job_set_seed:
 * @self: a new #PpWebJob
 * @seed: the seed
 *
 * Sets [property@PpWeb.Job:seed].
 */
void
pp_web_job_set_seed (PpWebJob *self,
                     guint     seed)
{
  g_return_if_fail (PP_WEB_IS_JOB (self));
  RETURN_IF_STARTED (self);

  if (self->seed == seed)
    return;
  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

/**
 * pp_web_job_get_state:
 * @self: a #PpWebJob
 *
 * Returns: the state
 */
PpWebJobState
pp_web_job_get_state (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), PP_WEB_JOB_STATE_NEW);

  return self->state;
}

/**
 * pp_web_job_get_progress:
 * @self: a #PpWebJob
 *
 * Returns: the fraction of the current attempt done
 */
double
pp_web_job_get_progress (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->progress;
}

/**
 * pp_web_job_get_status:
 * @self: a #PpWebJob
 *
 * Returns: (nullable): what the job is doing
 */
const char *
pp_web_job_get_status (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), NULL);

  return self->status;
}

/**
 * pp_web_job_get_attempts:
 * @self: a #PpWebJob
 *
 * Returns: how many times the job has started
 */
guint
pp_web_job_get_attempts (PpWebJob *self)
{
  g_return_val_if_fail (PP_WEB_IS_JOB (self), 0);

  return self->attempts;
}

/* Private API, for the pool and the tests. */

/* A job that runs one of diagnostics.js's actions instead of a model. */
PpWebJob *
_pp_web_job_new_diagnostic (const char *action)
{
  PpWebJob *self = g_object_new (PP_WEB_TYPE_JOB, NULL);

  self->diagnostic = g_strdup (action);
  self->runs = 1;
  return self;
}

const char *
_pp_web_job_get_diagnostic (PpWebJob *self)
{
  return self->diagnostic;
}

void
_pp_web_job_set_state (PpWebJob      *self,
                       PpWebJobState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_pp_web_job_set_progress (PpWebJob   *self,
                          double      progress,
                          const char *status)
{
  if (set_str (&self->status, status))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
_pp_web_job_add_attempt (PpWebJob *self)
{
  self->attempts++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

/* The diagnostic's answer (tests read it). */
JsonNode *
_pp_web_job_get_result (PpWebJob *self)
{
  return self->result;
}

void
_pp_web_job_set_result (PpWebJob *self,
                        JsonNode *result)
{
  g_clear_pointer (&self->result, json_node_unref);
  self->result = result ? json_node_ref (result) : NULL;
}

static void
add_number (JsonObject  *object,
            PpModelSpec *model,
            const char  *key)
{
  double value;

  if (pp_model_spec_get_number (model, key, &value))
    json_object_set_double_member (object, key, value);
}

/* A dual encoder's towers have their own widths and depths: the page
 * builds each from its own entry. */
static void
add_towers (JsonObject  *object,
            PpModelSpec *model)
{
  g_autofree char *json = pp_model_spec_dup_json (model);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *towers;

  if (!_pp_json_parser_load_data (parser, json, -1, "towers", NULL))
    return;

  towers = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "towers");
  if (towers != NULL && JSON_NODE_HOLDS_OBJECT (towers))
    json_object_set_member (object, "towers", json_node_copy (towers));
}

/* The catalog entry as the page's model builder reads it (models.js):
 * identity, architecture and every numeric field it may use.
 */
static JsonNode *
model_to_json (PpModelSpec *model)
{
  static const char * const numbers[] = {
    "params_m", "layers", "encoder_layers", "decoder_layers", "hidden", "heads", "kv_heads",
    "head_dim", "ffn", "vocab", "max_seq", "default_seq", "image_size", "patch_size",
    "default_input_size", "n_mels", "audio_seconds", "frames_per_second", "sample_rate",
  };
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "id", pp_model_spec_get_id (model));
  json_object_set_string_member (object, "family", pp_model_spec_get_family (model));
  json_object_set_string_member (object, "modality", pp_model_spec_get_modality (model));
  json_object_set_string_member (object, "arch", pp_model_arch_to_string (pp_model_spec_get_arch (model)));
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    add_number (object, model, numbers[i]);
  add_towers (object, model);

  json_node_set_object (node, object);
  return node;
}

static JsonNode *
workload_to_json (PpWebJob *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (object, "batch", self->batch);
  json_object_set_int_member (object, "seq", self->seq_len);
  json_object_set_double_member (object, "inputSize", self->input_size);
  json_object_set_string_member (object, "precision", pp_precision_to_string (self->precision));
  json_object_set_int_member (object, "seed", self->seed);
  json_object_set_double_member (object, "maxParams", self->max_params_m * 1e6);

  json_node_set_object (node, object);
  return node;
}

/* The arguments of the page's `plan`: an immutable snapshot of the job. */
JsonNode *
_pp_web_job_dup_plan_request (PpWebJob *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (object, "model", model_to_json (self->model));
  json_object_set_member (object, "workload", workload_to_json (self));
  json_node_set_object (node, object);
  return node;
}
