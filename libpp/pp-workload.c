/* pp-workload.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-workload.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pp-error.h"
#include "pp-measurement-private.h"
#include "pp-util-private.h"

/**
 * PpWorkload:
 *
 * What is to be predicted: a model on a device at a precision, batch
 * size, sequence length or input size, and phase. The KV cache may have
 * its own precision (it defaults to the workload's).
 *
 * Workloads are reference counted. Set every field before handing one to
 * a predictor; predictors never change it.
 */

struct _PpWorkload
{
  PpModelSpec *model;
  PpHardwareSpec *hardware;
  const char *framework;       /* interned: predictors compare it by pointer */
  double input_size;
  PpPrecision precision;
  PpPrecision kv_precision;
  PpPhase phase;
  guint batch;
  guint seq_len;
  guint decoder_seq_len;       /* 0: the decoder runs seq_len tokens */
  guint threads;
  guint kv_precision_set : 1;
};

G_DEFINE_BOXED_TYPE (PpWorkload, pp_workload, pp_workload_ref, pp_workload_unref)

static const char *phase_names[] = {
  [PP_PHASE_FORWARD] = "forward",
  [PP_PHASE_PREFILL] = "prefill",
  [PP_PHASE_DECODE] = "decode",
};

/**
 * pp_phase_from_string:
 * @text: "forward", "prefill" or "decode"
 * @phase: (out): the phase
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @text names a phase
 */
gboolean
pp_phase_from_string (const char  *text,
                      PpPhase     *phase,
                      GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (phase != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (phase_names); i++)
    {
      if (g_ascii_strcasecmp (text, phase_names[i]) == 0)
        {
          *phase = (PpPhase)i;
          return TRUE;
        }
    }

  g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
               _("Unknown phase “%s” (expected forward, prefill or decode)"), text);
  return FALSE;
}

/**
 * pp_phase_to_string:
 * @phase: a #PpPhase
 *
 * Returns: the phase's name
 */
const char *
pp_phase_to_string (PpPhase phase)
{
  g_return_val_if_fail ((guint)phase < G_N_ELEMENTS (phase_names), NULL);

  return phase_names[phase];
}

/**
 * pp_workload_new:
 * @model: the model
 * @hardware: the device
 * @precision: weights' and activations' precision
 * @batch: items per call, at least 1
 *
 * Creates a forward-pass workload; set the sequence length, input size
 * and phase as the model needs.
 *
 * Returns: (transfer full): a new #PpWorkload
 */
PpWorkload *
pp_workload_new (PpModelSpec    *model,
                 PpHardwareSpec *hardware,
                 PpPrecision     precision,
                 guint           batch)
{
  PpWorkload *self;
  double v;

  g_return_val_if_fail (PP_IS_MODEL_SPEC (model), NULL);
  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (hardware), NULL);
  g_return_val_if_fail ((guint)precision < PP_N_PRECISIONS, NULL);
  g_return_val_if_fail (batch > 0, NULL);

  self = g_atomic_rc_box_new0 (PpWorkload);
  self->model = g_object_ref (model);
  self->hardware = g_object_ref (hardware);
  self->precision = precision;
  self->batch = batch;
  self->phase = PP_PHASE_FORWARD;

  if (pp_model_spec_get_number (model, "default_seq", &v))
    self->seq_len = (guint)v;
  if (pp_model_spec_get_number (model, "default_input_size", &v))
    self->input_size = v;

  return self;
}

/**
 * pp_workload_copy:
 * @self: a #PpWorkload
 *
 * Returns: (transfer full): a copy that can be changed independently
 */
PpWorkload *
pp_workload_copy (PpWorkload *self)
{
  PpWorkload *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_atomic_rc_box_dup (sizeof *self, self);
  g_object_ref (copy->model);
  g_object_ref (copy->hardware);

  return copy;
}

/**
 * pp_workload_ref:
 * @self: a #PpWorkload
 *
 * Returns: (transfer full): @self
 */
PpWorkload *
pp_workload_ref (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
workload_clear (gpointer data)
{
  PpWorkload *self = data;

  g_clear_object (&self->model);
  g_clear_object (&self->hardware);
}

/**
 * pp_workload_unref:
 * @self: (transfer full): a #PpWorkload
 *
 * Drops a reference.
 */
void
pp_workload_unref (PpWorkload *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, workload_clear);
}

static gboolean
workload_fill_from_row (PpWorkload     *self,
                        PpMeasurement  *m,
                        GError        **error)
{
  const char *phase = pp_measurement_get_phase (m);
  const char *implementation = pp_measurement_get_extra (m, "implementation");
  const char *framework = pp_measurement_get_string (m, PP_COLUMN_FRAMEWORK);

  if (phase != NULL && !pp_phase_from_string (phase, &self->phase, error))
    return FALSE;

  if (pp_measurement_get_seq_len (m) > 0)
    self->seq_len = pp_measurement_get_seq_len (m);
  if (pp_measurement_has_value (m, PP_COLUMN_INPUT_SIZE))
    self->input_size = pp_measurement_get_number (m, PP_COLUMN_INPUT_SIZE);
  if (pp_measurement_has_value (m, PP_COLUMN_THREADS))
    self->threads = (guint)pp_measurement_get_number (m, PP_COLUMN_THREADS);

  /* FasterTransformer's tables compare implementations of one framework;
   * which one ran matters as much as the framework. */
  if (implementation != NULL)
    {
      g_autofree char *both = g_strconcat (framework ? framework : "", "/", implementation, NULL);

      self->framework = g_intern_string (both);
    }
  else
    self->framework = g_intern_string (framework);

  return TRUE;
}

/* The numbers of a row that become a workload's shape. */
static const PpColumn shape_columns[] = {
  PP_COLUMN_BATCH,
  PP_COLUMN_SEQ_LEN,
  PP_COLUMN_INPUT_SIZE,
  PP_COLUMN_THREADS,
};

/**
 * pp_workload_new_from_measurement:
 * @catalog: a #PpCatalog
 * @measurement: a measured row
 * @error: return location for a #GError
 *
 * Describes the workload a measurement ran: model and device resolved
 * through @catalog (or from the row's own columns), precision, batch,
 * sequence length, input size, phase, threads and framework.
 *
 * A row that does not say its precision or batch size, or whose batch
 * size, sequence length, input size or threads break the rules
 * [method@Pp.Measurement.set_field] applies (a negative or fractional
 * batch, say), is refused with %PP_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full) (nullable): the workload
 */
PpWorkload *
pp_workload_new_from_measurement (PpCatalog      *catalog,
                                  PpMeasurement  *measurement,
                                  GError        **error)
{
  g_autoptr(PpModelSpec) model = NULL;
  g_autoptr(PpHardwareSpec) hardware = NULL;
  g_autoptr(PpWorkload) self = NULL;
  const char *precision_text;
  PpPrecision precision;

  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (PP_IS_MEASUREMENT (measurement), NULL);

  precision_text = pp_measurement_get_precision (measurement);
  if (precision_text == NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("the row does not say its precision"));
      return NULL;
    }
  if (!pp_measurement_has_value (measurement, PP_COLUMN_BATCH))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("the row does not say its batch size"));
      return NULL;
    }

  /* A row set through the API and never stored was never checked: a
   * batch of -4 or 2.5 would become a guint of another size. */
  for (guint i = 0; i < G_N_ELEMENTS (shape_columns); i++)
    {
      if (!_pp_measurement_check_column (measurement, shape_columns[i], error))
        return NULL;
    }

  if (!pp_precision_from_string (precision_text, &precision, error) ||
      !(model = pp_catalog_resolve_model (catalog, NULL, measurement, error)) ||
      !(hardware = pp_catalog_resolve_hardware (catalog, NULL, measurement, error)))
    return NULL;

  self = pp_workload_new (model, hardware, precision, pp_measurement_get_batch (measurement));
  if (!workload_fill_from_row (self, measurement, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pp_workload_get_model:
 * @self: a #PpWorkload
 *
 * Returns: (transfer none): the model
 */
PpModelSpec *
pp_workload_get_model (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->model;
}

/**
 * pp_workload_get_hardware:
 * @self: a #PpWorkload
 *
 * Returns: (transfer none): the device
 */
PpHardwareSpec *
pp_workload_get_hardware (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->hardware;
}

/**
 * pp_workload_set_hardware:
 * @self: a #PpWorkload
 * @hardware: another device
 *
 * Moves the workload to @hardware, as a recommender does when it tries
 * each device in turn.
 */
void
pp_workload_set_hardware (PpWorkload     *self,
                          PpHardwareSpec *hardware)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (PP_IS_HARDWARE_SPEC (hardware));

  g_set_object (&self->hardware, hardware);
}

/**
 * pp_workload_get_precision:
 * @self: a #PpWorkload
 *
 * Returns: the precision of weights and activations
 */
PpPrecision
pp_workload_get_precision (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, PP_PRECISION_FP32);

  return self->precision;
}

/**
 * pp_workload_set_batch:
 * @self: a #PpWorkload
 * @batch: items per call, at least 1
 *
 * Sets the batch size.
 */
void
pp_workload_set_batch (PpWorkload *self,
                       guint       batch)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (batch > 0);

  self->batch = batch;
}

/**
 * pp_workload_get_batch:
 * @self: a #PpWorkload
 *
 * Returns: items per call
 */
guint
pp_workload_get_batch (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->batch;
}

/**
 * pp_workload_set_seq_len:
 * @self: a #PpWorkload
 * @seq_len: tokens per item (for decode: the context in the KV cache)
 *
 * Sets the sequence length.
 */
void
pp_workload_set_seq_len (PpWorkload *self,
                         guint       seq_len)
{
  g_return_if_fail (self != NULL);

  self->seq_len = seq_len;
}

/**
 * pp_workload_get_seq_len:
 * @self: a #PpWorkload
 *
 * Returns: the sequence length, or 0 where it does not apply
 */
guint
pp_workload_get_seq_len (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->seq_len;
}

/**
 * pp_workload_set_decoder_seq_len:
 * @self: a #PpWorkload
 * @decoder_seq_len: tokens the decoder runs, or 0 for the sequence length
 *
 * Sets how many tokens an encoder-decoder's decoder runs in a forward
 * pass or a prefill (a summary's length, say) where they differ from
 * the encoder's sequence length. With 0, the default, the decoder runs
 * as many tokens as the sequence length, as transformers' BART does
 * when given only input ids (Whisper's sequence length counts its
 * decoder's tokens already). Other models, and decode steps, ignore it.
 * Measurements do not record it: a workload that sets it is predicted
 * from them, not returned as one of them.
 */
void
pp_workload_set_decoder_seq_len (PpWorkload *self,
                                 guint       decoder_seq_len)
{
  g_return_if_fail (self != NULL);

  self->decoder_seq_len = decoder_seq_len;
}

/**
 * pp_workload_get_decoder_seq_len:
 * @self: a #PpWorkload
 *
 * Returns: the tokens an encoder-decoder's decoder runs, or 0 when it
 *   runs the sequence length
 */
guint
pp_workload_get_decoder_seq_len (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->decoder_seq_len;
}

/**
 * pp_workload_set_input_size:
 * @self: a #PpWorkload
 * @input_size: image side in pixels or audio length in seconds
 *
 * Sets the input size of a vision or audio model. Predictors refuse a
 * workload whose input size is negative or not finite.
 */
void
pp_workload_set_input_size (PpWorkload *self,
                            double      input_size)
{
  g_return_if_fail (self != NULL);

  self->input_size = input_size;
}

/**
 * pp_workload_get_input_size:
 * @self: a #PpWorkload
 *
 * Returns: the input size, or 0 where it does not apply
 */
double
pp_workload_get_input_size (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->input_size;
}

/**
 * pp_workload_set_phase:
 * @self: a #PpWorkload
 * @phase: the phase
 *
 * Sets what one call computes.
 */
void
pp_workload_set_phase (PpWorkload *self,
                       PpPhase     phase)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint)phase < G_N_ELEMENTS (phase_names));

  self->phase = phase;
}

/**
 * pp_workload_get_phase:
 * @self: a #PpWorkload
 *
 * Returns: the phase
 */
PpPhase
pp_workload_get_phase (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, PP_PHASE_FORWARD);

  return self->phase;
}

/**
 * pp_workload_set_kv_precision:
 * @self: a #PpWorkload
 * @precision: the KV cache's precision (fp16, fp8, int8, int4, int2, …)
 *
 * Quantises the KV cache independently of the weights.
 */
void
pp_workload_set_kv_precision (PpWorkload  *self,
                              PpPrecision  precision)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint)precision < PP_N_PRECISIONS);

  self->kv_precision = precision;
  self->kv_precision_set = TRUE;
}

/**
 * pp_workload_get_kv_precision:
 * @self: a #PpWorkload
 *
 * Returns: the KV cache's precision; the workload's unless set
 */
PpPrecision
pp_workload_get_kv_precision (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, PP_PRECISION_FP16);

  return self->kv_precision_set ? self->kv_precision : self->precision;
}

/**
 * pp_workload_set_threads:
 * @self: a #PpWorkload
 * @threads: CPU threads, or 0 for all
 *
 * Sets how many CPU threads a CPU workload uses.
 */
void
pp_workload_set_threads (PpWorkload *self,
                         guint       threads)
{
  g_return_if_fail (self != NULL);

  self->threads = threads;
}

/**
 * pp_workload_get_threads:
 * @self: a #PpWorkload
 *
 * Returns: CPU threads, or 0 for all
 */
guint
pp_workload_get_threads (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->threads;
}

/**
 * pp_workload_set_framework:
 * @self: a #PpWorkload
 * @framework: (nullable): the software stack, as in the `framework` column
 *
 * Names the software that runs the workload; predictors learn how
 * efficient each is. An empty name is no name, as an empty cell of the
 * column is.
 */
void
pp_workload_set_framework (PpWorkload *self,
                           const char *framework)
{
  g_return_if_fail (self != NULL);

  /* "" would be a framework no measurement ran, not the default one. */
  if (framework != NULL && *framework == '\0')
    framework = NULL;
  self->framework = g_intern_string (framework);
}

/**
 * pp_workload_get_framework:
 * @self: a #PpWorkload
 *
 * Returns: (nullable): the software stack
 */
const char *
pp_workload_get_framework (PpWorkload *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->framework;
}
