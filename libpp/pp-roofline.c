/* pp-roofline.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-roofline.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "pp-catalog-private.h"
#include "pp-error.h"
#include "pp-roofline-private.h"

/* One transformer stack (a model, or one tower of it). */
typedef struct
{
  double layers;
  double hidden;
  double heads;
  double kv_heads;
  double head_dim;
  double ffn;
  double ffn_mats;
  double vocab;
  double norm_kernels;
  double position_kernels;
  double block_kernels;
} Stack;

/* What one call costs, accumulated over the stacks it runs. */
typedef struct
{
  double flops;
  double activation_traffic;
  double activation_peak;
  double kv_read;
  double layers;
  double kernels;
} Cost;

/* The shape of one pass through a stack. */
typedef struct
{
  double batch;
  double queries;
  double context;
  double cross;
  double element_bytes;
  double kv_bytes;
  gboolean decode;
  gboolean eager;
  gboolean fp32_softmax;       /* eager scores taken to fp32 for the softmax */
} Pass;

static PpRooflineEstimate *
estimate_copy (PpRooflineEstimate *estimate)
{
  return g_memdup2 (estimate, sizeof *estimate);
}

G_DEFINE_BOXED_TYPE (PpRooflineEstimate, pp_roofline_estimate, estimate_copy, g_free)

static double
number_or (JsonObject *object,
           const char *member,
           double      fallback)
{
  double v = object ? _pp_json_get_number (object, member) : NAN;

  return isnan (v) ? fallback : v;
}

static JsonObject *
child_object (JsonObject *object,
              const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Kernels, as eager PyTorch launches them (one per matrix product,
 * normalisation, activation, residual sum), beyond the parts every
 * layer has. RMSNorm written out in Python, as in Hugging Face's Llama
 * and T5: a cast, the square, the mean, the epsilon, the reciprocal
 * square root and two products instead of one fused LayerNorm. Rotary
 * position embeddings, on queries and keys each: two products, a
 * negation, a concatenation and a sum (Su et al. 2021). */
static void
stack_kernels_from_json (JsonObject *object,
                         Stack      *stack)
{
  stack->norm_kernels = g_strcmp0 (_pp_json_get_string (object, "norm"), "rmsnorm") == 0 ? 6 : 1;
  stack->position_kernels = g_strcmp0 (_pp_json_get_string (object, "position"), "rotary") == 0 ? 2 * 5 : 0;
  stack->block_kernels = 0;
}

/* One layer's kernels: an attention block (four projections, the
 * attention itself, fused or as product, mask, softmax and product, the
 * position embedding, the residual sum and the normalisation), the
 * cross-attention block of a decoder that has one, and the feed-forward
 * block (its matrices, the activation, a gated unit's product, the sum
 * and the normalisation). An encoder layer with fused attention and
 * LayerNorm comes to 12. */
static double
layer_kernels (const Stack *s,
               const Pass  *p)
{
  double attention = 4 + (p->eager ? 4 : 1) + 1 + s->norm_kernels;
  double k = attention + s->position_kernels;

  if (p->cross > 0)
    k += attention;
  k += s->ffn_mats + 1 + (s->ffn_mats > 2 ? 1 : 0) + 1 + s->norm_kernels;

  return k + s->block_kernels;
}

static gboolean
stack_from_json (JsonObject *object,
                 Stack      *stack)
{
  const char *ffn_kind = _pp_json_get_string (object, "ffn_kind");

  stack->layers = number_or (object, "layers", 0);
  stack->hidden = number_or (object, "hidden", 0);
  stack->heads = number_or (object, "heads", 0);
  stack->kv_heads = number_or (object, "kv_heads", stack->heads);
  stack->head_dim = number_or (object, "head_dim", stack->heads ? stack->hidden / stack->heads : 0);
  /* The original transformer's 4 × width (Vaswani et al. 2017) when the
   * catalog does not say. */
  stack->ffn = number_or (object, "ffn", 4 * stack->hidden);
  stack->ffn_mats = g_strcmp0 (ffn_kind, "swiglu") == 0 ? 3 : 2;
  stack->vocab = number_or (object, "vocab", 0);
  stack_kernels_from_json (object, stack);

  return stack->layers > 0 && stack->hidden > 0 && stack->heads > 0;
}

static double
layer_flops (const Stack *s,
             const Pass  *p)
{
  double bq = p->batch * p->queries;
  double attn_width = s->heads * s->head_dim;
  double kv_width = s->kv_heads * s->head_dim;
  double f = 0;

  f += 2 * bq * s->hidden * attn_width;                          /* Q */
  f += 2 * 2 * bq * s->hidden * kv_width;                        /* K, V */
  f += 2 * 2 * p->batch * s->heads * p->queries * p->context * s->head_dim;
  f += 2 * bq * attn_width * s->hidden;                          /* O */
  f += 2 * s->ffn_mats * bq * s->hidden * s->ffn;

  if (p->cross > 0)
    {
      f += 2 * 2 * bq * s->hidden * attn_width;                  /* Q, O */
      f += 2 * 2 * p->batch * s->heads * p->queries * p->cross * s->head_dim;
      /* The encoder's keys and values are projected once, then cached. */
      if (!p->decode)
        f += 2 * 2 * p->batch * p->cross * s->hidden * kv_width;
    }

  return f;
}

static double
run_stack (Cost        *cost,
           const Stack *s,
           const Pass  *p)
{
  double bq = p->batch * p->queries;
  double scores = p->batch * s->heads * p->queries * (p->context + p->cross);
  double inner = bq * s->ffn * (s->ffn_mats - 1);
  double attention_step, ffn_step, step_peak;
  /* Bytes a score holds at the softmax: the score and its
   * probability, or, when the softmax runs in fp32 on narrower scores
   * (transformers' T5), the score, its fp32 copy and the fp32
   * probability. */
  gboolean widened = p->fp32_softmax && p->element_bytes < 4;
  double score_bytes = widened ? p->element_bytes + 2 * 4 : 2 * p->element_bytes;
  /* Bytes of traffic a score costs in eager attention: the product
   * writes it, one elementwise pass (a mask, a scale or a position
   * bias) reads and writes it, the softmax reads it and writes its
   * probability, and the product with the values reads that: six
   * passes. Attention that scales and then masks in two passes (BERT's,
   * BLIP's text tower) makes eight; the count keeps one. A softmax taken
   * in fp32 over narrower scores adds the casts to fp32 and back and
   * runs on four-byte elements, 16 bytes more. Fused attention never
   * writes the scores out. */
  double score_traffic = p->eager ? 6 * p->element_bytes + (widened ? 16 : 0) : 0;

  cost->flops += s->layers * layer_flops (s, p);
  cost->layers += s->layers;
  cost->kernels += s->layers * layer_kernels (s, p);

  /* Each layer writes and reads back its hidden states a few times, its
   * feed-forward inner tensor and, in eager attention, the scores. */
  cost->activation_traffic += s->layers * (p->element_bytes * (6 * bq * s->hidden + 2 * inner) +
                                           score_traffic * scores);

  /* What one layer holds at once, in its larger step. Attention: the
   * input, queries, keys, values and output, and where the scores are
   * materialised (eager attention) the scores and their softmax, of
   * self-attention or of cross-attention, which run one after the
   * other. Fused
   * attention (PyTorch's scaled_dot_product_attention, FlashAttention:
   * Dao et al. 2022) never writes the scores out. Feed-forward: the
   * input, the output, and every inner tensor before and after its
   * activation (two for GELU or ReLU, three for SwiGLU's gate, up and
   * product). */
  attention_step = p->element_bytes * 5 * bq * s->hidden +
                   (p->eager ? score_bytes * p->batch * s->heads * p->queries * MAX (p->context, p->cross) : 0);
  ffn_step = p->element_bytes * (2 * bq * s->hidden + bq * s->ffn * s->ffn_mats);
  step_peak = MAX (attention_step, ffn_step);
  cost->activation_peak = MAX (cost->activation_peak, step_peak);

  if (p->decode)
    cost->kv_read += s->layers * 2 * p->batch * p->context * s->kv_heads * s->head_dim * p->kv_bytes;

  return step_peak;
}

static void
run_lm_head (Cost        *cost,
             const Stack *s,
             const Pass  *p)
{
  double logits = p->batch * p->queries * s->vocab;

  if (s->vocab <= 0)
    return;

  cost->flops += 2 * logits * s->hidden;
  cost->activation_traffic += logits * p->element_bytes;
  cost->activation_peak = MAX (cost->activation_peak, logits * p->element_bytes);
}

/* How a ViT-style image encoder cuts its input into patches. */
typedef struct
{
  double patch;
  double image_size;
  double seq;                  /* the tokens when there are no patches */
} Patching;

/* One stage of a Swin tower: its blocks and the tokens they attend over. */
typedef struct
{
  Stack stack;
  double queries;
  double context;
} SwinStage;

/* One tower of a dual encoder, or a decoder's image encoder. */
typedef struct
{
  SwinStage *stages;           /* Owned: n_stages of them */
  guint n_stages;
  Stack stack;
  Patching patching;
  gboolean present;
  gboolean has_stack;
  gboolean swin;               /* HTSAT: the entry has "depths" */
  gboolean patched;            /* sees patches of the input image */
  gboolean cross_attention;
} Tower;

/* Everything the roofline reads of a model's entry. The entry never
 * changes once its spec is made (the catalog parses its files
 * immutable, and a spec built from a measurement's columns is the only
 * owner of its object), so it is read once here: looking its members
 * up by name took half of every estimate's time. Members the entry may
 * omit hold the fallback the formulas use, or NaN where that fallback
 * is the workload's. */
struct _PpModelShape
{
  Stack stack;
  gboolean has_stack;
  double decoder_layers;       /* the layers that keep a KV cache */
  gboolean eager;
  gboolean fp32_softmax;
  gboolean lm_head;            /* in a whole pass */

  /* Models counted from their FLOPs per item (CNNs). */
  double gflops_per_item;      /* NaN: count the stack */
  double default_input_size;   /* NaN: the workload's */
  double blocks;

  /* Encoders: a ViT's patches, or wav2vec 2.0's audio front end. */
  Patching patching;
  double sample_rate;
  double frames_per_second;
  gboolean patched;

  /* Encoder-decoders: the stack split in two (decoder_layers, for the
   * cache, falls back to all of it), and Whisper's front end. */
  double enc_layers;
  double dec_layers;
  double encoder_seq;          /* NaN: the workload's seq */
  double whisper_flops;        /* per item */
  gboolean whisper;

  /* Decoders that read an image, and dual encoders. */
  double image_tokens;
  Tower vision;
  Tower text;
  Tower audio;
  gboolean has_towers;
};

static void
patching_from_json (JsonObject *object,
                    Patching   *patching)
{
  patching->patch = number_or (object, "patch_size", 0);
  patching->image_size = number_or (object, "image_size", 0);
  patching->seq = number_or (object, "seq", 0);
}

/* Patches of a ViT-style image encoder, plus the class token. */
static double
vision_tokens (const Patching *patching,
               double          input_size)
{
  double side = input_size > 0 ? input_size : patching->image_size;

  if (patching->patch <= 0 || side <= 0)
    return patching->seq;

  return floor (side / patching->patch) * floor (side / patching->patch) + 1;
}

/* Whisper's two 1-D convolutions (kernel 3, the second with stride 2)
 * over 3000 mel frames of 30 s (Radford et al. 2022, §2.2). */
static double
whisper_frontend_flops (JsonObject *object,
                        double      hidden)
{
  double mels = number_or (object, "n_mels", 80);
  double frames = 2 * number_or (object, "encoder_seq", 1500);

  return 2 * frames * mels * hidden * 3 + 2 * (frames / 2) * hidden * hidden * 3;
}

/* The input size a model runs at whatever it is given, or NaN: Whisper
 * pads or cuts its audio to 30 s (Radford et al. 2022, §2.2), the
 * encoder's frames at a 10 ms stride before its stride-2 convolution,
 * so the roofline counts the same at any length and the input size
 * asked for says nothing of the call. */
double
_pp_roofline_fixed_input_size (PpModelSpec *model)
{
  const PpModelShape *shape = _pp_model_spec_get_shape (model);

  if (shape == NULL || !shape->whisper)
    return NAN;

  return 2 * (isnan (shape->encoder_seq) ? 1500 : shape->encoder_seq) / 100;
}

/* Whether the roofline counts @model by its parameters alone (2 FLOPs a
 * parameter an item; see run_model()) though it is no transformer, for
 * which that is a floor: a network that applies its weights across an
 * image, as a CNN does, runs many times more (ResNet-50: 8.2 GFLOPs
 * for 25.6 M parameters, 160 a parameter). */
gboolean
_pp_roofline_counts_by_parameters (PpModelSpec *model)
{
  const PpModelShape *shape = _pp_model_spec_get_shape (model);
  PpModelArch arch = pp_model_spec_get_arch (model);

  return shape != NULL && !shape->has_stack && isnan (shape->gflops_per_item) &&
         arch != PP_MODEL_ARCH_ENCODER && arch != PP_MODEL_ARCH_DECODER &&
         arch != PP_MODEL_ARCH_ENCODER_DECODER && arch != PP_MODEL_ARCH_DUAL_ENCODER &&
         !isnan (pp_model_spec_get_params_m (model));
}

/* wav2vec 2.0's feature encoder: seven 512-channel convolutions with
 * strides (5,2,2,2,2,2,2) and kernels (10,3,3,3,3,2,2) over 16 kHz audio
 * (Baevski et al. 2020, §4.2), then a projection to the model width. */
static double
wav2vec2_frontend_flops (double seconds,
                         double hidden,
                         double *largest_map)
{
  static const int strides[] = { 5, 2, 2, 2, 2, 2, 2 };
  static const int kernels[] = { 10, 3, 3, 3, 3, 2, 2 };
  double frames = 16000 * seconds;
  double channels_in = 1;
  double flops = 0;

  *largest_map = 0;
  for (guint i = 0; i < G_N_ELEMENTS (strides); i++)
    {
      frames /= strides[i];
      flops += 2 * frames * kernels[i] * channels_in * 512;
      *largest_map = MAX (*largest_map, frames * 512);
      channels_in = 512;
    }

  return flops + 2 * frames * 512 * hidden;
}

/* HTSAT, CLAP's audio tower, is a Swin transformer: four stages of
 * windowed attention over a patched spectrogram, halving the side and
 * doubling the width at each stage (Chen et al. 2022). Nothing in a
 * stage depends on the workload, so the stages are laid out once. */
static void
swin_from_json (JsonObject *object,
                Tower      *tower)
{
  JsonNode *depths_node = json_object_get_member (object, "depths");
  double side = number_or (object, "spec_size", 256) / number_or (object, "patch_size", 4);
  double width = number_or (object, "embed_dim", 96);
  double window = number_or (object, "window_size", 8);
  JsonArray *depths;

  tower->swin = TRUE;
  if (depths_node == NULL || !JSON_NODE_HOLDS_ARRAY (depths_node))
    return;

  depths = json_node_get_array (depths_node);
  tower->n_stages = json_array_get_length (depths);
  tower->stages = g_new0 (SwinStage, tower->n_stages);
  for (guint i = 0; i < tower->n_stages; i++)
    {
      SwinStage *stage = &tower->stages[i];

      /* Windows are partitioned, reversed, shifted and back, and
       * masked: six kernels a block more. */
      stage->stack = (Stack) { json_array_get_int_element (depths, i), width, width / 32,
                               width / 32, 32, 4 * width, 2, 0, 1, 0, 6 };
      stage->queries = side * side;
      stage->context = MIN (window * window, side * side);
      side = MAX (1, side / 2);
      width *= 2;
    }
}

static void
tower_from_json (JsonObject *object,
                 gboolean    vision,
                 Tower      *tower)
{
  if (object == NULL)
    return;

  tower->present = TRUE;
  tower->patched = vision;
  /* A dual encoder's text tower attends to the image's tokens, counted
   * from its vision tower's patching whatever that tower is. */
  patching_from_json (object, &tower->patching);
  if (json_object_has_member (object, "depths"))
    {
      swin_from_json (object, tower);
      return;
    }

  tower->has_stack = stack_from_json (object, &tower->stack);
  tower->cross_attention = json_object_get_boolean_member_with_default (object, "cross_attention",
                                                                        FALSE);
}

PpModelShape *
_pp_model_shape_new (JsonObject  *object,
                     PpModelArch  arch)
{
  PpModelShape *shape = g_new0 (PpModelShape, 1);
  JsonObject *towers = child_object (object, "towers");
  const Stack *s = &shape->stack;

  shape->has_stack = stack_from_json (object, &shape->stack);
  shape->decoder_layers = number_or (object, "decoder_layers", s->layers);
  shape->eager = g_strcmp0 (_pp_json_get_string (object, "attention"), "eager") == 0;
  shape->fp32_softmax = g_strcmp0 (_pp_json_get_string (object, "softmax"), "fp32") == 0;
  /* A whole pass of a decoder is run as a causal LM, with its head; of
   * an encoder-decoder as its bare model (transformers' T5Model,
   * BartModel, WhisperModel), unless the catalog says otherwise. */
  shape->lm_head = json_object_get_boolean_member_with_default (object, "lm_head",
                                                                 arch == PP_MODEL_ARCH_DECODER);

  shape->gflops_per_item = number_or (object, "gflops_per_item", NAN);
  shape->default_input_size = number_or (object, "default_input_size", NAN);
  shape->blocks = number_or (object, "blocks", number_or (object, "layers", 1));

  /* A member that is there counts, even one that is not a number. */
  shape->patched = json_object_has_member (object, "patch_size");
  patching_from_json (object, &shape->patching);
  shape->sample_rate = number_or (object, "sample_rate", 0);
  shape->frames_per_second = number_or (object, "frames_per_second", 50);

  shape->enc_layers = number_or (object, "encoder_layers", s->layers / 2);
  shape->dec_layers = number_or (object, "decoder_layers", s->layers - shape->enc_layers);
  shape->encoder_seq = number_or (object, "encoder_seq", NAN);
  shape->whisper = json_object_has_member (object, "n_mels");
  if (shape->whisper)
    shape->whisper_flops = whisper_frontend_flops (object, s->hidden);

  shape->image_tokens = number_or (object, "image_tokens", 0);
  shape->has_towers = towers != NULL;
  tower_from_json (child_object (towers, "vision"), TRUE, &shape->vision);
  tower_from_json (child_object (towers, "text"), FALSE, &shape->text);
  tower_from_json (child_object (towers, "audio"), FALSE, &shape->audio);

  return shape;
}

void
_pp_model_shape_free (PpModelShape *shape)
{
  g_free (shape->vision.stages);
  g_free (shape->text.stages);
  g_free (shape->audio.stages);
  g_free (shape);
}

static void
run_swin (Cost        *cost,
          const Tower *tower,
          const Pass  *outer)
{
  for (guint i = 0; i < tower->n_stages; i++)
    {
      Pass p = *outer;

      p.queries = tower->stages[i].queries;
      p.context = tower->stages[i].context;
      run_stack (cost, &tower->stages[i].stack, &p);
    }
}

static void
run_tower (Cost        *cost,
           const Tower *tower,
           const Pass  *outer,
           double       input_size,
           double       cross)
{
  Pass p = *outer;

  if (tower->swin)
    {
      run_swin (cost, tower, outer);
      return;
    }

  if (!tower->has_stack)
    return;

  if (tower->patched)
    p.queries = p.context = vision_tokens (&tower->patching, input_size);
  p.cross = tower->cross_attention ? cross : 0;

  run_stack (cost, &tower->stack, &p);
}

typedef struct
{
  PpWorkload *workload;
  const PpModelShape *shape;   /* Borrowed from the workload's model */
  double batch;
  double seq;
  double decoder_seq;          /* 0: seq */
  double input_size;
  double element_bytes;
  double kv_bytes;
  gboolean lm_head;
} Context;

/* A pass of every sequence's tokens over themselves, and over @cross
 * tokens of an encoder's output. */
static Pass
pass_over (const Context *ctx,
           double         tokens,
           double         cross)
{
  return (Pass) { ctx->batch, tokens, tokens, cross, ctx->element_bytes, ctx->kv_bytes, FALSE,
                  ctx->shape->eager, ctx->shape->fp32_softmax };
}

static void
run_dual_encoder (Cost          *cost,
                  const Context *ctx)
{
  const PpModelShape *shape = ctx->shape;
  Pass p = pass_over (ctx, ctx->seq, 0);
  double image_tokens = shape->vision.present
                        ? vision_tokens (&shape->vision.patching, ctx->input_size) : 0;

  if (shape->vision.present)
    run_tower (cost, &shape->vision, &p, ctx->input_size, 0);
  if (shape->audio.present)
    run_tower (cost, &shape->audio, &p, ctx->input_size, 0);
  if (shape->text.present)
    run_tower (cost, &shape->text, &p, ctx->input_size, image_tokens);
}

static void
run_encoder (Cost          *cost,
             const Context *ctx)
{
  const PpModelShape *shape = ctx->shape;
  Pass p = pass_over (ctx, ctx->seq, 0);

  if (shape->patched)
    p.queries = p.context = vision_tokens (&shape->patching, ctx->input_size);
  else if (shape->sample_rate > 0 && ctx->input_size > 0)
    {
      double largest = 0;

      cost->flops += ctx->batch * wav2vec2_frontend_flops (ctx->input_size, shape->stack.hidden,
                                                           &largest);
      /* The first convolution's output, its group norm's and its GELU's
       * are alive together: eager PyTorch fuses none of them. */
      cost->activation_peak = MAX (cost->activation_peak,
                                   3 * ctx->batch * largest * ctx->element_bytes);
      if (p.queries <= 0)
        p.queries = p.context = floor (ctx->input_size * shape->frames_per_second) - 1;
    }

  run_stack (cost, &shape->stack, &p);
}

static void
run_encoder_decoder (Cost          *cost,
                     const Context *ctx,
                     PpPhase        phase)
{
  const PpModelShape *shape = ctx->shape;
  double enc_seq = isnan (shape->encoder_seq) ? ctx->seq : shape->encoder_seq;
  Stack enc = shape->stack, dec = shape->stack;
  double held;
  Pass pe = pass_over (ctx, enc_seq, 0);
  Pass pd = pass_over (ctx, ctx->seq, enc_seq);

  enc.layers = shape->enc_layers;
  dec.layers = shape->dec_layers;

  if (shape->whisper)
    cost->flops += ctx->batch * shape->whisper_flops;

  if (phase == PP_PHASE_DECODE)
    {
      pd.queries = 1;
      pd.decode = TRUE;
    }
  else
    {
      run_stack (cost, &enc, &pe);
      if (ctx->decoder_seq > 0)
        pd.queries = pd.context = ctx->decoder_seq;
    }

  /* While the decoder runs, the encoder's output stays, and so do the
   * keys and values every decoder layer projected from it: they are
   * computed once and cached for the following steps. */
  held = ctx->batch * enc_seq * ctx->element_bytes *
         (dec.hidden + 2 * dec.layers * dec.kv_heads * dec.head_dim);
  held += run_stack (cost, &dec, &pd);
  cost->activation_peak = MAX (cost->activation_peak, held);
  if (ctx->lm_head)
    run_lm_head (cost, &dec, &pd);
}

static void
run_decoder (Cost          *cost,
             const Context *ctx,
             PpPhase        phase)
{
  const PpModelShape *shape = ctx->shape;
  Stack dec = shape->stack;
  Pass p = pass_over (ctx, ctx->seq + shape->image_tokens, 0);

  dec.layers = shape->decoder_layers;

  if (phase == PP_PHASE_DECODE)
    {
      p.queries = 1;
      p.decode = TRUE;
    }
  else if (shape->vision.present)
    run_tower (cost, &shape->vision, &p, ctx->input_size, 0);

  run_stack (cost, &dec, &p);
  if (ctx->lm_head)
    run_lm_head (cost, &dec, &p);
}

/* CNNs (and models the catalog gives whole-model FLOPs for) scale with
 * the image area. The largest maps are the stem's output size, 64
 * channels at half the input side in ResNets (He et al. 2016, Table 1),
 * which the first stage keeps too (256 channels at a quarter of the
 * side): a block's input, its last convolution's output and the
 * shortcut's are alive together, besides the input image. */
static void
run_counted (Cost          *cost,
             const Context *ctx)
{
  const PpModelShape *shape = ctx->shape;
  double reference = isnan (shape->default_input_size) ? ctx->input_size
                                                        : shape->default_input_size;
  double side = ctx->input_size > 0 ? ctx->input_size : reference;
  double scale = reference > 0 ? (side / reference) * (side / reference) : 1;
  double stem = ctx->batch * 64 * (side / 2) * (side / 2) * ctx->element_bytes;

  cost->flops += ctx->batch * shape->gflops_per_item * 1e9 * scale;
  /* A ResNet bottleneck block runs three convolutions, each with its
   * batch normalisation, two ReLUs, the residual sum and the last ReLU:
   * ten kernels (He et al. 2016). Models without blocks in the catalog
   * (MobileNets, EfficientNets; DETR, whose FLOPs are given whole) are
   * counted as that many blocks of its layers, or one: a guess, and the
   * docs say so. */
  cost->layers += shape->blocks;
  cost->kernels += 10 * shape->blocks;
  /* Only the stem's maps are counted as passes over activations: the
   * batch normalisations, ReLUs and sums of the later blocks are left
   * to the device's efficiency. */
  cost->activation_traffic += 4 * stem;
  cost->activation_peak = MAX (cost->activation_peak,
                               3 * stem + ctx->batch * 3 * side * side * ctx->element_bytes);
}

static gboolean
run_model (Cost          *cost,
           const Context *ctx,
           GError       **error)
{
  PpModelSpec *model = pp_workload_get_model (ctx->workload);
  const PpModelShape *shape = ctx->shape;
  PpPhase phase = pp_workload_get_phase (ctx->workload);
  PpModelArch arch = pp_model_spec_get_arch (model);

  if (arch == PP_MODEL_ARCH_DUAL_ENCODER && shape->has_towers)
    run_dual_encoder (cost, ctx);
  else if (!isnan (shape->gflops_per_item))
    run_counted (cost, ctx);
  else if (shape->has_stack && arch == PP_MODEL_ARCH_DECODER)
    run_decoder (cost, ctx, phase);
  else if (shape->has_stack && arch == PP_MODEL_ARCH_ENCODER_DECODER)
    run_encoder_decoder (cost, ctx, phase);
  else if (shape->has_stack &&
           (arch == PP_MODEL_ARCH_ENCODER || arch == PP_MODEL_ARCH_DUAL_ENCODER))
    run_encoder (cost, ctx);
  else if (!isnan (pp_model_spec_get_params_m (model)))
    {
      gboolean transformer = arch == PP_MODEL_ARCH_ENCODER || arch == PP_MODEL_ARCH_DECODER ||
                             arch == PP_MODEL_ARCH_ENCODER_DECODER || arch == PP_MODEL_ARCH_DUAL_ENCODER;
      double tokens = 1;

      /* Two FLOPs per parameter and token: a dense network's matmuls
       * (Kaplan et al. 2020, §2.1) when nothing finer is known. A
       * transformer runs each token of its sequence through them (one
       * a decode step); another network counts by the item. */
      if (transformer && ctx->seq > 0)
        tokens = phase == PP_PHASE_DECODE ? 1 : ctx->seq;
      cost->flops += 2 * pp_model_spec_get_params_m (model) * 1e6 * ctx->batch * tokens;
    }
  else
    {
      g_set_error (error, PP_ERROR, PP_ERROR_NOT_FOUND,
                   _("Model “%s” has neither its layers, width and heads nor its FLOPs per item "
                     "in the catalog, so its cost cannot be counted"),
                   pp_model_spec_get_id (model));
      return FALSE;
    }

  return TRUE;
}

/**
 * pp_roofline_peak_flops:
 * @hardware: a device
 * @precision: the workload's precision
 * @threads: CPU threads used, or 0 for all
 *
 * The dense peak a workload can use: the datasheet's figure for
 * @precision or, where the datasheet lists none, for the precision the
 * device really computes in (fp8 on an A100 runs fp16 kernels).
 *
 * On a GPU, int4 and int2 are formats of the weights, not of the
 * products: GPTQ (Frantar et al. 2023) and AWQ (Lin et al. 2024) kernels,
 * and llama.cpp's CUDA backend for prompts as of May 2024, unpack the
 * weights and multiply in half precision, so they get the fp16 peak (a
 * datasheet's int4 rate is for products of 4-bit activations too, which
 * these runtimes do not compute). Elsewhere they get the int8 rate, as
 * on a CPU that multiplies 4-bit weights by 8-bit activations (llama.cpp's
 * CPU backend). int8 keeps its own rate: int8 runtimes (TensorRT,
 * FasterTransformer) multiply 8-bit activations too.
 *
 * On a CPU the peak is shared out by cores, so fewer threads get less of
 * it.
 *
 * Returns: FLOP/s, or NaN when unknown
 */
/* The precision whose datasheet peak stands for @precision's on
 * @hardware (see pp_roofline_peak_flops()), and that peak, NaN when
 * none is known. */
static double
peak_and_precision (PpHardwareSpec *hardware,
                    PpPrecision    *precision_inout)
{
  static const PpPrecision fallback[PP_N_PRECISIONS] = {
    [PP_PRECISION_FP64] = PP_PRECISION_FP64,
    [PP_PRECISION_FP32] = PP_PRECISION_FP32,
    [PP_PRECISION_TF32] = PP_PRECISION_FP32,
    [PP_PRECISION_FP16] = PP_PRECISION_FP32,
    [PP_PRECISION_BF16] = PP_PRECISION_FP16,
    [PP_PRECISION_FP8] = PP_PRECISION_FP16,
    [PP_PRECISION_INT8] = PP_PRECISION_FP16,
    [PP_PRECISION_INT4] = PP_PRECISION_INT8,
    [PP_PRECISION_INT2] = PP_PRECISION_INT8,
  };
  PpPrecision precision = *precision_inout;
  double peak = NAN;

  if ((precision == PP_PRECISION_INT4 || precision == PP_PRECISION_INT2) &&
      pp_hardware_spec_get_kind (hardware) == PP_HARDWARE_KIND_GPU)
    precision = PP_PRECISION_FP16;

  for (guint hops = 0; hops < 4; hops++)
    {
      peak = pp_hardware_spec_get_peak_flops (hardware, precision);
      if (!isnan (peak))
        break;
      precision = fallback[precision];
    }

  *precision_inout = precision;
  return peak;
}

/* The precision whose peak the roofline of @precision on @hardware
 * takes when the catalog gives none of its own, or @precision itself
 * when it has one or none is known. 4-bit and 2-bit weights multiply at
 * the fp16 rate on a GPU and the int8 rate elsewhere by design, which
 * pp_roofline_peak_flops() documents: only a fallback from those
 * counts. */
PpPrecision
_pp_roofline_peak_precision (PpHardwareSpec *hardware,
                             PpPrecision     precision)
{
  gboolean low_bits = precision == PP_PRECISION_INT4 || precision == PP_PRECISION_INT2;
  gboolean gpu = pp_hardware_spec_get_kind (hardware) == PP_HARDWARE_KIND_GPU;
  PpPrecision used = precision;

  if (isnan (peak_and_precision (hardware, &used)) || used == precision ||
      (low_bits && gpu && used == PP_PRECISION_FP16) || (low_bits && !gpu && used == PP_PRECISION_INT8))
    return precision;

  return used;
}

double
pp_roofline_peak_flops (PpHardwareSpec *hardware,
                        PpPrecision     precision,
                        guint           threads)
{
  double peak;

  g_return_val_if_fail (PP_IS_HARDWARE_SPEC (hardware), NAN);

  peak = peak_and_precision (hardware, &precision);

  if (threads > 0 && pp_hardware_spec_get_kind (hardware) != PP_HARDWARE_KIND_GPU)
    {
      PpHardwareSpec *host = pp_hardware_spec_get_host (hardware);
      guint units = pp_hardware_spec_get_compute_units (host ? host : hardware);

      if (units > 0 && threads < units)
        peak *= (double)threads / units;
    }

  return peak;
}

static void
fill_context (Context    *ctx,
              PpWorkload *workload)
{
  PpModelSpec *model = pp_workload_get_model (workload);
  const PpModelShape *shape = _pp_model_spec_get_shape (model);

  memset (ctx, 0, sizeof *ctx);
  ctx->workload = workload;
  ctx->shape = shape;
  ctx->batch = pp_workload_get_batch (workload);
  ctx->seq = pp_workload_get_seq_len (workload);
  ctx->decoder_seq = pp_workload_get_decoder_seq_len (workload);
  ctx->input_size = pp_workload_get_input_size (workload);
  ctx->element_bytes = pp_precision_get_bits (pp_workload_get_precision (workload)) / 8.0;
  ctx->kv_bytes = pp_precision_get_bits (pp_workload_get_kv_precision (workload)) / 8.0;
  /* A decode step exists to produce the next token's logits. */
  ctx->lm_head = pp_workload_get_phase (workload) == PP_PHASE_DECODE || shape->lm_head;

  /* Integer and fp8 weights are dequantised into 16-bit activations. */
  if (ctx->element_bytes < 2)
    ctx->element_bytes = 2;
}

/* Software known to multiply fp16 matrices with fp16 accumulation:
 * llama.cpp's CUDA backend calls cublasGemmEx with CUBLAS_COMPUTE_16F
 * for its fp16 products and for prompts of quantized weights, which it
 * unpacks to fp16 (ggml-cuda's ggml_cuda_op_mul_mat_cublas in its 2024
 * sources). PyTorch accumulates fp16 products in fp32. */
static gboolean
accumulates_in_fp16 (const char *framework)
{
  return framework != NULL && g_ascii_strncasecmp (framework, "llama.cpp", strlen ("llama.cpp")) == 0;
}

/**
 * pp_roofline_peak_flops_for_workload:
 * @workload: a workload
 *
 * The dense peak @workload's products run at.
 *
 * That is [func@Pp.roofline_peak_flops] for its device, precision and
 * threads, except where its software accumulates fp16 products in fp16
 * on a GPU that runs those faster
 * ([method@Pp.HardwareSpec.get_fp16_accumulate_flops]): a GeForce GPU
 * runs llama.cpp's fp16 products at twice the rate it runs PyTorch's.
 *
 * Returns: FLOP/s, or NaN when unknown
 */
double
pp_roofline_peak_flops_for_workload (PpWorkload *workload)
{
  PpHardwareSpec *hardware;
  PpPrecision precision;
  double peak, fp16_accumulate;

  g_return_val_if_fail (workload != NULL, NAN);

  hardware = pp_workload_get_hardware (workload);
  precision = pp_workload_get_precision (workload);
  peak = pp_roofline_peak_flops (hardware, precision, pp_workload_get_threads (workload));

  if (pp_hardware_spec_get_kind (hardware) == PP_HARDWARE_KIND_GPU &&
      (precision == PP_PRECISION_FP16 || precision == PP_PRECISION_INT4 || precision == PP_PRECISION_INT2) &&
      accumulates_in_fp16 (pp_workload_get_framework (workload)) &&
      (fp16_accumulate = pp_hardware_spec_get_fp16_accumulate_flops (hardware)) > peak)
    return fp16_accumulate;

  return peak;
}

/* What the setters cannot refuse (they return nothing): a negative or
 * NaN input size would read as "not given" below and be predicted at
 * the model's default size, as if it had never been set, and an
 * infinite one cut to Whisper's 30 s by the predictor. Predictors check
 * before they resize the input, which would hide it. */
gboolean
_pp_roofline_check_workload (PpWorkload  *workload,
                             GError     **error)
{
  double input_size = pp_workload_get_input_size (workload);

  if (isfinite (input_size) && input_size >= 0)
    return TRUE;

  g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
               /* translators: %g is the number given, such as -224 or nan */
               _("The input size must be a positive number (an image side in pixels or seconds of audio) "
                 "or 0 for the model default, not %g"),
               input_size);
  return FALSE;
}

/**
 * pp_roofline_estimate:
 * @workload: a #PpWorkload
 * @estimate: (out caller-allocates): where to store the estimate
 * @error: return location for a #GError
 *
 * Counts the FLOPs and bytes of one call of @workload from the model's
 * architecture and times them on the device's datasheet peak and
 * bandwidth: the roofline.
 *
 * Transformers are counted matmul by matmul (2 FLOPs per multiply-add):
 * query, key and value projections (grouped-query attention projects
 * only `kv_heads` heads of keys and values), attention over the context,
 * the output projection, the feed-forward (two matrices, three for
 * SwiGLU), cross-attention in encoder-decoders and the LM head where
 * there is one. Encoders see `seq_len` tokens, `(side / patch)² + 1`
 * patches for vision, or 50 frames a second for audio, after their
 * convolutional front ends. A decode step is one token per sequence
 * reading a KV cache of `seq_len` tokens. CNNs use the catalog's FLOPs
 * per item, scaled with the image area. Bytes moved are the weights
 * (read once per call), the activations written and read back (with an
 * eager attention's scores, six passes of each), and in decode the KV
 * cache. The time runs the kernels one after another, as an eager
 * framework does: the products at the peak, or as long as reading the
 * weights takes if longer, then the passes over activations and cache
 * at the bandwidth.
 *
 * Memory is what stays resident plus the largest transient: weights at
 * the workload's precision, in decode the KV cache at the cache's
 * precision, and the largest activations held at once, as eager PyTorch
 * runs the model: a layer's feed-forward step (its input, output and
 * inner tensors before and after the activation), attention scores only
 * where the catalog says the model computes them explicitly
 * (`"attention": "eager"`; fused attention never writes them out), an
 * encoder-decoder's encoder output and cross-attention keys and values
 * while its decoder runs, a causal LM's logits (encoder-decoders are
 * counted as their bare model, without an LM head, unless the catalog
 * sets `"lm_head": true`), wav2vec 2.0's first convolutional maps and a
 * ResNet's first-stage maps. A fitted predictor scales this count per
 * device (see [class@Pp.FittedPredictor]).
 *
 * Returns: %TRUE, or %FALSE if the model lacks the fields needed or the
 *   workload's input size is negative or not finite
 */
gboolean
pp_roofline_estimate (PpWorkload          *workload,
                      PpRooflineEstimate  *estimate,
                      GError             **error)
{
  PpHardwareSpec *hardware;
  PpModelArch arch;
  Context ctx;
  Cost cost = { 0 };
  double peak, bandwidth;

  g_return_val_if_fail (workload != NULL, FALSE);
  g_return_val_if_fail (estimate != NULL, FALSE);

  if (!_pp_roofline_check_workload (workload, error))
    return FALSE;

  /* Only a model that generates has a prompt to fill and tokens to
   * decode: anything else would count a call that never runs. */
  arch = pp_model_spec_get_arch (pp_workload_get_model (workload));
  if (pp_workload_get_phase (workload) != PP_PHASE_FORWARD &&
      arch != PP_MODEL_ARCH_DECODER && arch != PP_MODEL_ARCH_ENCODER_DECODER)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("“%s” (%s) does not generate, so it has no %s phase: predict its forward pass"),
                   pp_model_spec_get_id (pp_workload_get_model (workload)), pp_model_arch_to_string (arch),
                   pp_phase_to_string (pp_workload_get_phase (workload)));
      return FALSE;
    }

  fill_context (&ctx, workload);
  if (!run_model (&cost, &ctx, error))
    return FALSE;

  /* A size no device could hold (an image 1e300 pixels wide) overflows
   * the counts: say so, rather than carry infinities on to a message
   * about the device. */
  if (!isfinite (cost.flops) || !isfinite (cost.activation_peak) ||
      !isfinite (cost.activation_traffic) || !isfinite (cost.kv_read))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("“%s” at this batch size, length and input size is too large to count: "
                     "its operations or its memory overflow"),
                   pp_model_spec_get_id (pp_workload_get_model (workload)));
      return FALSE;
    }

  /* A model described without a default length, at no length given,
   * counts no tokens: a prediction of that would be of nothing. */
  if (!(cost.flops > 0))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("“%s” does no work at this shape (0 FLOPs): give its sequence length (the seq_len "
                     "column, or --seq) or its input size"),
                   pp_model_spec_get_id (pp_workload_get_model (workload)));
      return FALSE;
    }

  hardware = pp_workload_get_hardware (workload);
  memset (estimate, 0, sizeof *estimate);
  estimate->flops = cost.flops;
  estimate->weight_bytes = pp_model_spec_get_params_m (pp_workload_get_model (workload)) * 1e6 *
                           pp_precision_get_bits (pp_workload_get_precision (workload)) / 8.0;
  if (pp_workload_get_phase (workload) == PP_PHASE_DECODE)
    estimate->kv_cache_bytes = ctx.batch * (ctx.seq + 1) *
      pp_roofline_kv_bytes_per_token (pp_workload_get_model (workload),
                                      pp_workload_get_kv_precision (workload));
  estimate->activation_bytes = cost.activation_peak;
  estimate->peak_memory_bytes = estimate->weight_bytes + estimate->kv_cache_bytes + estimate->activation_bytes;
  estimate->bytes = estimate->weight_bytes + cost.activation_traffic + cost.kv_read;
  estimate->layers = (guint)cost.layers;
  estimate->kernels = cost.kernels;

  peak = pp_roofline_peak_flops_for_workload (workload);
  bandwidth = pp_hardware_spec_get_memory_bandwidth (hardware);
  estimate->compute_seconds = cost.flops / peak;
  estimate->memory_seconds = estimate->bytes / bandwidth;
  /* An eager framework runs a call's kernels one after another: the
   * products together, at the peak or as long as reading all the
   * weights takes, then the passes over activations (normalisations,
   * activation functions, residual sums, an eager softmax) and over the
   * KV cache, bound by the bandwidth. */
  estimate->seconds = MAX (estimate->compute_seconds, estimate->weight_bytes / bandwidth) +
                      (cost.activation_traffic + cost.kv_read) / bandwidth;
  if (isnan (estimate->compute_seconds) || isnan (estimate->memory_seconds))
    estimate->seconds = NAN;

  return TRUE;
}

/**
 * pp_roofline_kv_bytes_per_token:
 * @model: a decoder (or encoder-decoder)
 * @kv_precision: the cache's precision
 *
 * Keys and values of one token in every decoder layer:
 * `2 × layers × kv_heads × head_dim × bits / 8`. Grouped-query attention
 * (fewer `kv_heads`) and a narrower cache precision shrink it alike: at
 * int2 it is an eighth of fp16.
 *
 * Returns: bytes per cached token
 */
double
pp_roofline_kv_bytes_per_token (PpModelSpec *model,
                                PpPrecision  kv_precision)
{
  const PpModelShape *shape;

  g_return_val_if_fail (PP_IS_MODEL_SPEC (model), NAN);

  shape = _pp_model_spec_get_shape (model);
  if (!shape->has_stack)
    return NAN;

  return 2 * shape->decoder_layers * shape->stack.kv_heads * shape->stack.head_dim *
         pp_precision_get_bits (kv_precision) / 8.0;
}

/* Memory of a decode step at a given batch and context. */
static double
decode_memory (PpWorkload *workload,
               guint       batch,
               guint       context)
{
  g_autoptr(PpWorkload) probe = pp_workload_copy (workload);
  PpRooflineEstimate e;

  pp_workload_set_batch (probe, batch);
  pp_workload_set_seq_len (probe, context);
  pp_workload_set_phase (probe, PP_PHASE_DECODE);
  if (!pp_roofline_estimate (probe, &e, NULL))
    return NAN;

  return e.peak_memory_bytes;
}

/**
 * pp_roofline_max_context:
 * @workload: a decoder workload: its batch, precision and KV precision count
 * @budget_bytes: the memory available, e.g. the device's memory less a
 *   reserve for the runtime
 *
 * The longest context whose decode step fits in @budget_bytes: weights,
 * the KV cache of every sequence of the batch and the step's
 * activations. Found by bisection on the same arithmetic as
 * [func@Pp.roofline_estimate], so what it says fits is what the
 * estimate says needs.
 *
 * Returns: the context in tokens, or 0 if not even one token fits
 */
guint
pp_roofline_max_context (PpWorkload *workload,
                         double      budget_bytes)
{
  guint lo = 0, hi = 1u << 30;

  g_return_val_if_fail (workload != NULL, 0);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo + 1) / 2;

      if (decode_memory (workload, pp_workload_get_batch (workload), mid) <= budget_bytes)
        lo = mid;
      else
        hi = mid - 1;
    }

  return lo;
}

/**
 * pp_roofline_max_batch:
 * @workload: a workload: its phase, sequence length and precisions count
 * @budget_bytes: the memory available
 *
 * The largest batch whose call fits in @budget_bytes.
 *
 * Returns: the batch, or 0 if not even one item fits
 */
guint
pp_roofline_max_batch (PpWorkload *workload,
                       double      budget_bytes)
{
  g_autoptr(PpWorkload) probe = NULL;
  guint lo = 0, hi = 1u << 24;

  g_return_val_if_fail (workload != NULL, 0);

  probe = pp_workload_copy (workload);
  while (lo < hi)
    {
      guint mid = lo + (hi - lo + 1) / 2;
      PpRooflineEstimate e;

      pp_workload_set_batch (probe, mid);
      if (pp_roofline_estimate (probe, &e, NULL) && e.peak_memory_bytes <= budget_bytes)
        lo = mid;
      else
        hi = mid - 1;
    }

  return lo;
}
