/* pp-measurement.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_INSIDE) && !defined (PP_COMPILATION)
# error "Only <libpp.h> can be included directly."
#endif

#include <glib-object.h>

#include "pp-version-macros.h"

G_BEGIN_DECLS

/**
 * PpColumn:
 * @PP_COLUMN_SOURCE: `source`, where the row came from.
 * @PP_COLUMN_TIMESTAMP: `timestamp`, ISO 8601 time of measurement, kept
 *   as written: a time without a zone is in UTC, and a date alone is
 *   its midnight in UTC.
 * @PP_COLUMN_MODEL: `model`, the model name (required).
 * @PP_COLUMN_FAMILY: `family`.
 * @PP_COLUMN_MODALITY: `modality`.
 * @PP_COLUMN_ARCH: `arch`.
 * @PP_COLUMN_PARAMS_M: `params_m`, parameters in millions.
 * @PP_COLUMN_LAYERS: `layers`.
 * @PP_COLUMN_HIDDEN: `hidden`.
 * @PP_COLUMN_HEADS: `heads`.
 * @PP_COLUMN_KV_HEADS: `kv_heads`.
 * @PP_COLUMN_FFN: `ffn`.
 * @PP_COLUMN_VOCAB: `vocab`.
 * @PP_COLUMN_HARDWARE: `hardware`, the device name (required).
 * @PP_COLUMN_HARDWARE_KIND: `hardware_kind`.
 * @PP_COLUMN_BACKEND: `backend`.
 * @PP_COLUMN_FRAMEWORK: `framework`.
 * @PP_COLUMN_ACCELERATORS: `accelerators`.
 * @PP_COLUMN_THREADS: `threads`.
 * @PP_COLUMN_PRECISION: `precision`.
 * @PP_COLUMN_BATCH: `batch`.
 * @PP_COLUMN_SEQ_LEN: `seq_len`.
 * @PP_COLUMN_INPUT_SIZE: `input_size`.
 * @PP_COLUMN_PHASE: `phase`.
 * @PP_COLUMN_LATENCY_MS: `latency_ms`, median latency of one call.
 * @PP_COLUMN_LATENCY_P90_MS: `latency_p90_ms`.
 * @PP_COLUMN_THROUGHPUT_ITEMS_PER_S: `throughput_items_per_s`.
 * @PP_COLUMN_TOKENS_PER_S: `tokens_per_s`.
 * @PP_COLUMN_MEMORY_MB: `memory_mb`, peak device memory in MiB.
 *
 * The columns of the measurement CSV, version 1, in their canonical order.
 */
typedef enum
{
  PP_COLUMN_SOURCE,
  PP_COLUMN_TIMESTAMP,
  PP_COLUMN_MODEL,
  PP_COLUMN_FAMILY,
  PP_COLUMN_MODALITY,
  PP_COLUMN_ARCH,
  PP_COLUMN_PARAMS_M,
  PP_COLUMN_LAYERS,
  PP_COLUMN_HIDDEN,
  PP_COLUMN_HEADS,
  PP_COLUMN_KV_HEADS,
  PP_COLUMN_FFN,
  PP_COLUMN_VOCAB,
  PP_COLUMN_HARDWARE,
  PP_COLUMN_HARDWARE_KIND,
  PP_COLUMN_BACKEND,
  PP_COLUMN_FRAMEWORK,
  PP_COLUMN_ACCELERATORS,
  PP_COLUMN_THREADS,
  PP_COLUMN_PRECISION,
  PP_COLUMN_BATCH,
  PP_COLUMN_SEQ_LEN,
  PP_COLUMN_INPUT_SIZE,
  PP_COLUMN_PHASE,
  PP_COLUMN_LATENCY_MS,
  PP_COLUMN_LATENCY_P90_MS,
  PP_COLUMN_THROUGHPUT_ITEMS_PER_S,
  PP_COLUMN_TOKENS_PER_S,
  PP_COLUMN_MEMORY_MB,
} PpColumn;

/**
 * PP_N_COLUMNS:
 *
 * The number of values of [enum@Pp.Column].
 */
#define PP_N_COLUMNS (PP_COLUMN_MEMORY_MB + 1)

PP_AVAILABLE_IN_ALL
const char *pp_column_get_name      (PpColumn    column);
PP_AVAILABLE_IN_ALL
gboolean    pp_column_from_name     (const char *name,
                                     PpColumn   *column);
PP_AVAILABLE_IN_ALL
gboolean    pp_column_is_numeric    (PpColumn    column);
PP_AVAILABLE_IN_ALL
gboolean    pp_column_is_measured   (PpColumn    column);

#define PP_TYPE_MEASUREMENT (pp_measurement_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpMeasurement, pp_measurement, PP, MEASUREMENT, GObject)

PP_AVAILABLE_IN_ALL
PpMeasurement  *pp_measurement_new               (void);
PP_AVAILABLE_IN_ALL
PpMeasurement  *pp_measurement_copy              (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
gint64          pp_measurement_get_id            (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
gboolean        pp_measurement_has_value         (PpMeasurement  *self,
                                                  PpColumn        column);
PP_AVAILABLE_IN_ALL
const char     *pp_measurement_get_string        (PpMeasurement  *self,
                                                  PpColumn        column);
PP_AVAILABLE_IN_ALL
double          pp_measurement_get_number        (PpMeasurement  *self,
                                                  PpColumn        column);
PP_AVAILABLE_IN_ALL
void            pp_measurement_set_string        (PpMeasurement  *self,
                                                  PpColumn        column,
                                                  const char     *value);
PP_AVAILABLE_IN_ALL
void            pp_measurement_set_number        (PpMeasurement  *self,
                                                  PpColumn        column,
                                                  double          value);
PP_AVAILABLE_IN_ALL
gboolean        pp_measurement_set_field         (PpMeasurement  *self,
                                                  const char     *name,
                                                  const char     *text,
                                                  GError        **error);
PP_AVAILABLE_IN_ALL
char           *pp_measurement_dup_field         (PpMeasurement  *self,
                                                  const char     *name);
PP_AVAILABLE_IN_ALL
const char     *pp_measurement_get_extra         (PpMeasurement  *self,
                                                  const char     *key);
PP_AVAILABLE_IN_ALL
void            pp_measurement_set_extra         (PpMeasurement  *self,
                                                  const char     *key,
                                                  const char     *value);
PP_AVAILABLE_IN_ALL
char          **pp_measurement_dup_extra_keys    (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
gboolean        pp_measurement_validate          (PpMeasurement  *self,
                                                  GError        **error);
PP_AVAILABLE_IN_ALL
gboolean        pp_measurement_equal             (PpMeasurement  *self,
                                                  PpMeasurement  *other);
PP_AVAILABLE_IN_ALL
const char     *pp_measurement_get_model         (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
const char     *pp_measurement_get_hardware      (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
const char     *pp_measurement_get_backend       (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
const char     *pp_measurement_get_precision     (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
const char     *pp_measurement_get_phase         (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
const char     *pp_measurement_get_source        (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
guint           pp_measurement_get_batch         (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
guint           pp_measurement_get_seq_len       (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
double          pp_measurement_get_latency_ms    (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
double          pp_measurement_get_throughput    (PpMeasurement  *self);
PP_AVAILABLE_IN_ALL
double          pp_measurement_get_memory_mb     (PpMeasurement  *self);

G_END_DECLS
