/* pp-model-spec.h
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

#include "pp-measurement.h"
#include "pp-version-macros.h"

G_BEGIN_DECLS

/**
 * PpModelArch:
 * @PP_MODEL_ARCH_ENCODER: a transformer encoder (BERT, ViT, wav2vec2).
 * @PP_MODEL_ARCH_DECODER: a decoder-only transformer (LLaMA, GPT).
 * @PP_MODEL_ARCH_ENCODER_DECODER: an encoder-decoder (T5, BART, Whisper).
 * @PP_MODEL_ARCH_DUAL_ENCODER: two towers (CLIP, CLAP, BLIP).
 * @PP_MODEL_ARCH_CNN: a convolutional network (ResNet).
 * @PP_MODEL_ARCH_OTHER: anything else (RNN-T, DLRM, diffusion).
 *
 * The shape of a model's computation.
 */
typedef enum
{
  PP_MODEL_ARCH_ENCODER,
  PP_MODEL_ARCH_DECODER,
  PP_MODEL_ARCH_ENCODER_DECODER,
  PP_MODEL_ARCH_DUAL_ENCODER,
  PP_MODEL_ARCH_CNN,
  PP_MODEL_ARCH_OTHER,
} PpModelArch;

PP_AVAILABLE_IN_ALL
gboolean     pp_model_arch_from_string (const char  *text,
                                        PpModelArch *arch);
PP_AVAILABLE_IN_ALL
const char  *pp_model_arch_to_string   (PpModelArch  arch);

#define PP_TYPE_MODEL_SPEC (pp_model_spec_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpModelSpec, pp_model_spec, PP, MODEL_SPEC, GObject)

PP_AVAILABLE_IN_ALL
PpModelSpec  *pp_model_spec_new_from_measurement (PpMeasurement *measurement,
                                                  GError       **error);
PP_AVAILABLE_IN_ALL
const char   *pp_model_spec_get_id               (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
const char   *pp_model_spec_get_name             (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
const char   *pp_model_spec_get_family           (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
const char   *pp_model_spec_get_modality         (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
PpModelArch   pp_model_spec_get_arch             (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
double        pp_model_spec_get_params_m         (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
guint         pp_model_spec_get_layers           (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
guint         pp_model_spec_get_hidden           (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
guint         pp_model_spec_get_heads            (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
guint         pp_model_spec_get_kv_heads         (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
guint         pp_model_spec_get_ffn              (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
guint         pp_model_spec_get_vocab            (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
gboolean      pp_model_spec_get_number           (PpModelSpec   *self,
                                                  const char    *key,
                                                  double        *value);
PP_AVAILABLE_IN_ALL
const char   *pp_model_spec_get_source           (PpModelSpec   *self,
                                                  const char    *field);
PP_AVAILABLE_IN_ALL
const char * const *pp_model_spec_get_aliases    (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
gboolean      pp_model_spec_get_is_from_catalog  (PpModelSpec   *self);
PP_AVAILABLE_IN_ALL
char         *pp_model_spec_dup_json             (PpModelSpec   *self);

G_END_DECLS
