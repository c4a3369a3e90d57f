/* pp-workload.h
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

#include "pp-catalog.h"
#include "pp-hardware-spec.h"
#include "pp-measurement.h"
#include "pp-model-spec.h"
#include "pp-precision.h"
#include "pp-version-macros.h"

G_BEGIN_DECLS

/**
 * PpPhase:
 * @PP_PHASE_FORWARD: one full pass over the input (encoders, CNNs, and
 *   encoder-decoders run once over their input).
 * @PP_PHASE_PREFILL: a decoder reading its prompt of `seq_len` tokens.
 * @PP_PHASE_DECODE: one generated token per sequence, attending to a KV
 *   cache of `seq_len` tokens.
 *
 * What one call of a workload computes.
 */
typedef enum
{
  PP_PHASE_FORWARD,
  PP_PHASE_PREFILL,
  PP_PHASE_DECODE,
} PpPhase;

PP_AVAILABLE_IN_ALL
gboolean    pp_phase_from_string (const char  *text,
                                  PpPhase     *phase,
                                  GError     **error);
PP_AVAILABLE_IN_ALL
const char *pp_phase_to_string   (PpPhase      phase);

#define PP_TYPE_WORKLOAD (pp_workload_get_type())

typedef struct _PpWorkload PpWorkload;

PP_AVAILABLE_IN_ALL
GType           pp_workload_get_type              (void) G_GNUC_CONST;
PP_AVAILABLE_IN_ALL
PpWorkload     *pp_workload_new                   (PpModelSpec     *model,
                                                   PpHardwareSpec  *hardware,
                                                   PpPrecision      precision,
                                                   guint            batch);
PP_AVAILABLE_IN_ALL
PpWorkload     *pp_workload_new_from_measurement  (PpCatalog       *catalog,
                                                   PpMeasurement   *measurement,
                                                   GError         **error);
PP_AVAILABLE_IN_ALL
PpWorkload     *pp_workload_copy                  (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
PpWorkload     *pp_workload_ref                   (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
void            pp_workload_unref                 (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
PpModelSpec    *pp_workload_get_model             (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
PpHardwareSpec *pp_workload_get_hardware          (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
PpPrecision     pp_workload_get_precision         (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
void            pp_workload_set_batch             (PpWorkload      *self,
                                                   guint            batch);
PP_AVAILABLE_IN_ALL
guint           pp_workload_get_batch             (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
void            pp_workload_set_seq_len           (PpWorkload      *self,
                                                   guint            seq_len);
PP_AVAILABLE_IN_ALL
guint           pp_workload_get_seq_len           (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
void            pp_workload_set_decoder_seq_len   (PpWorkload      *self,
                                                   guint            decoder_seq_len);
PP_AVAILABLE_IN_ALL
guint           pp_workload_get_decoder_seq_len   (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
void            pp_workload_set_input_size        (PpWorkload      *self,
                                                   double           input_size);
PP_AVAILABLE_IN_ALL
double          pp_workload_get_input_size        (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
void            pp_workload_set_phase             (PpWorkload      *self,
                                                   PpPhase          phase);
PP_AVAILABLE_IN_ALL
PpPhase         pp_workload_get_phase             (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
void            pp_workload_set_kv_precision      (PpWorkload      *self,
                                                   PpPrecision      precision);
PP_AVAILABLE_IN_ALL
PpPrecision     pp_workload_get_kv_precision      (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
void            pp_workload_set_threads           (PpWorkload      *self,
                                                   guint            threads);
PP_AVAILABLE_IN_ALL
guint           pp_workload_get_threads           (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
void            pp_workload_set_framework         (PpWorkload      *self,
                                                   const char      *framework);
PP_AVAILABLE_IN_ALL
const char     *pp_workload_get_framework         (PpWorkload      *self);
PP_AVAILABLE_IN_ALL
void            pp_workload_set_hardware          (PpWorkload      *self,
                                                   PpHardwareSpec  *hardware);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PpWorkload, pp_workload_unref)

G_END_DECLS
