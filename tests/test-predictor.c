/* test-predictor.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpp.h>
#include <locale.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "pp-catalog-private.h"
#include "pp-fitted-predictor-private.h"
#include "pp-test-util.h"

static PpCatalog *catalog;
static GListModel *h200_rows;
static PpFittedPredictor *h200_predictor;

/* What a fit told of its progress (see PpFitProgressFunc). */
typedef struct
{
  GArray *done;            /* guint: each step told, in order */
  guint total;
  GThread *thread;         /* where the steps should be told */
  gboolean other_thread;   /* a step told anywhere else */
  gboolean after_callback; /* a step told after the fit's callback */
  GAsyncResult *result;    /* the fit's, once its callback ran */
  guint freed;             /* times the data was freed */
} Steps;

static Steps h200_steps;

static void
steps_init (Steps *steps)
{
  memset (steps, 0, sizeof *steps);
  steps->done = g_array_new (FALSE, FALSE, sizeof (guint));
  steps->thread = g_thread_self ();
}

static void
steps_clear (Steps *steps)
{
  g_clear_pointer (&steps->done, g_array_unref);
  g_clear_object (&steps->result);
}

static void
steps_tell (guint    done,
            guint    total,
            gpointer user_data)
{
  Steps *steps = user_data;

  g_assert (steps->total == 0 || steps->total == total);
  steps->total = total;
  g_array_append_val (steps->done, done);
  steps->other_thread |= g_thread_self () != steps->thread;
  steps->after_callback |= steps->result != NULL;
}

static void
steps_free (gpointer user_data)
{
  Steps *steps = user_data;

  g_assert_nonnull (steps->result);
  steps->freed++;
}

static void
steps_fit_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Steps *steps = user_data;

  steps->result = g_object_ref (result);
}

/* The steps told, 0 to @total one at a time (or, with @to_the_end
 * false, stopping short of it), on the thread that asked. */
static void
assert_steps (const Steps *steps,
              guint        total,
              gboolean     to_the_end)
{
  guint n = steps->done->len;

  g_assert_cmpuint (steps->total, ==, total);
  g_assert_false (steps->other_thread);
  g_assert_false (steps->after_callback);
  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (g_array_index (steps->done, guint, i), ==, i);
  if (to_the_end)
    g_assert_cmpuint (n, ==, total + 1);
  else
    g_assert_cmpuint (n, <=, total);
}

static PpWorkload *
workload (const char  *model,
          const char  *hardware,
          PpPrecision  precision,
          guint        batch,
          guint        seq,
          PpPhase      phase)
{
  PpWorkload *w = pp_workload_new (pp_catalog_lookup_model (catalog, model),
                                   pp_catalog_lookup_hardware (catalog, hardware),
                                   precision, batch);

  pp_workload_set_seq_len (w, seq);
  pp_workload_set_phase (w, phase);
  return w;
}

/* The FLOPs of BERT-base at sequence S, counted by hand from the
 * architecture: per layer, Q/K/V/O projections 4 · 2·S·d², attention
 * 2 · 2·S²·d, and the two feed-forward matrices 2 · 2·S·d·f. */
static void
test_roofline_encoder_flops (void)
{
  g_autoptr(PpWorkload) w = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 4, 128, PP_PHASE_FORWARD);
  g_autoptr(GError) error = NULL;
  PpRooflineEstimate e;
  double S = 128, d = 768, f = 3072, L = 12, B = 4;
  double expected = B * L * (4 * 2 * S * d * d + 2 * 2 * S * S * d + 2 * 2 * S * d * f);

  g_assert_true (pp_roofline_estimate (w, &e, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (e.flops / expected, 1.0, 1e-12);
  g_assert_cmpuint (e.layers, ==, 12);

  /* Weights are read once per call; at fp16 that is 2 bytes a parameter. */
  g_assert_cmpfloat_with_epsilon (e.weight_bytes, 109.48e6 * 2, 1);
  g_assert_cmpfloat (e.compute_seconds, ==, e.flops / (989.5e12));

  /* The kernels run one after another: the products at the peak (or as
   * long as reading the weights takes), then the passes over
   * activations at the bandwidth, 4.8 TB/s. */
  g_assert_cmpfloat_with_epsilon (e.seconds / (MAX (e.compute_seconds, e.weight_bytes / 4.8e12) +
                                               (e.bytes - e.weight_bytes) / 4.8e12),
                                  1.0, 1e-12);
  /* Bound by its products, the call is slower than the old roofline
   * (the larger of compute and all bytes) by its passes. */
  g_assert_cmpfloat (e.compute_seconds, >, e.weight_bytes / 4.8e12);
  g_assert_cmpfloat (e.seconds, >, MAX (e.compute_seconds, e.memory_seconds));
}

/* An encoder layer's FLOPs for @S tokens of width @d and feed-forward
 * width @f, as test_roofline_encoder_flops() counts them. */
static double
encoder_layer_flops (double S,
                     double d,
                     double f)
{
  return 4 * 2 * S * d * d + 2 * 2 * S * S * d + 2 * 2 * S * d * f;
}

/* The other front ends, counted by hand from the catalog's shapes:
 * - ViT-base cuts a 224-pixel image into 14² patches of 16 (384 pixels:
 *   24²) and adds a class token, so its encoder runs 197 (577) tokens;
 *   the patch embedding, 0.7% of it, is not counted;
 * - CLIP ViT-B/32 runs both towers: the image's 7² patches of 32 and a
 *   class token through the 768-wide vision tower, the text's 77 tokens
 *   through the 512-wide text tower (the projections, 0.01%, are not
 *   counted);
 * - a CNN's catalog FLOPs hold at its default input size and grow with
 *   the image's area;
 * - Whisper-tiny's two convolutions (kernel 3, the second of stride 2)
 *   turn 3000 mel frames (30 s of 80 mels) into 1500 at width 384, which
 *   its encoder runs; each decoder layer runs its 32 tokens, projects the
 *   1500 frames to keys and values and attends to them. Any input size
 *   counts the same: Whisper pads or cuts its audio to 30 s. */
static void
test_roofline_front_ends (void)
{
  const struct { const char *model; guint seq; double input_size; double expected; } cases[] = {
    { "vit-base", 0, 224, 12 * encoder_layer_flops (197, 768, 3072) },
    { "vit-base", 0, 384, 12 * encoder_layer_flops (577, 768, 3072) },
    { "clip-vit-b32", 77, 224, 12 * encoder_layer_flops (50, 768, 3072) + 12 * encoder_layer_flops (77, 512, 2048) },
    /* A CNN's catalog FLOPs are at its default side, 224 pixels for
     * ResNet-50 (8.18 GFLOPs): they grow with the image's area. */
    { "resnet50", 0, 224, 8.18e9 },
    { "resnet50", 0, 448, 4 * 8.18e9 },
    { "whisper-tiny", 32, 10,
      2 * 3000 * 80 * 384 * 3.0 + 2 * 1500 * 384 * 384 * 3.0 +
      4 * encoder_layer_flops (1500, 384, 1536) + 4 * encoder_layer_flops (32, 384, 1536) +
      4 * (2 * 2 * 32 * 384 * 384.0 + 2 * 2 * 1500 * 384 * 384.0 + 2 * 2 * 32 * 1500 * 384.0) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpWorkload) w = workload (cases[i].model, "nvidia-h200", PP_PRECISION_FP16, 1, cases[i].seq,
                                          PP_PHASE_FORWARD);
      g_autoptr(GError) error = NULL;
      PpRooflineEstimate e;

      pp_workload_set_input_size (w, cases[i].input_size);
      g_assert_true (pp_roofline_estimate (w, &e, &error));
      g_assert_no_error (error);
      g_test_message ("%s at %g: %.6g GFLOPs, expected %.6g", cases[i].model, cases[i].input_size,
                      e.flops / 1e9, cases[i].expected / 1e9);
      g_assert_cmpfloat_with_epsilon (e.flops / cases[i].expected, 1.0, 1e-12);
    }
}

/* BERT-base with its attention computed eagerly and, with @softmax
 * "fp32", its softmax taken in fp32 as T5 takes it, under an id of its
 * own. The catalog's entry is copied member by member (json_node_copy
 * shares nested objects), so setting top-level members leaves it as it
 * is. */
static PpModelSpec *
bert_variant (const char *softmax)
{
  JsonObject *bert = _pp_model_spec_get_json (pp_catalog_lookup_model (catalog, "bert-base"));
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (bert);
  g_autoptr(GError) error = NULL;
  PpModelSpec *variant;

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (bert, l->data)));
  json_object_set_string_member (copy, "id", softmax ? "bert-base-eager-softmax" : "bert-base-eager");
  json_object_set_string_member (copy, "attention", "eager");
  if (softmax != NULL)
    json_object_set_string_member (copy, "softmax", softmax);
  variant = _pp_model_spec_new_from_json (copy, &error);
  g_assert_no_error (error);
  return variant;
}

static void
test_roofline_eager_attention_traffic (void)
{
  PpModelSpec *eager = bert_variant (NULL);
  PpModelSpec *fp32_softmax = bert_variant ("fp32");
  PpHardwareSpec *h200 = pp_catalog_lookup_hardware (catalog, "nvidia-h200");    /* Borrowed */
  g_autoptr(PpWorkload) w = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 4, 512,
                                      PP_PHASE_FORWARD);
  PpWorkload *we = pp_workload_new (eager, h200, PP_PRECISION_FP16, 4);
  PpWorkload *ws = pp_workload_new (fp32_softmax, h200, PP_PRECISION_FP16, 4);
  JsonObject *bert = _pp_model_spec_get_json (pp_workload_get_model (w));
  double scores = 12.0 * 4 * 12 * 512 * 512;    /* layers × batch × heads × S × S */
  PpRooflineEstimate e, ee, es;

  pp_workload_set_seq_len (we, 512);
  pp_workload_set_seq_len (ws, 512);
  g_assert_true (pp_roofline_estimate (w, &e, NULL));
  g_assert_true (pp_roofline_estimate (we, &ee, NULL));
  g_assert_true (pp_roofline_estimate (ws, &es, NULL));

  /* Fused attention never writes its scores out; eager attention passes
   * over each six times (written, masked, softmax in and out, read by
   * the product), two bytes each in fp16; the fp32 softmax adds its
   * casts and four-byte elements, 16 bytes. */
  g_assert_cmpfloat (ee.flops, ==, e.flops);
  g_assert_cmpfloat_with_epsilon ((ee.bytes - e.bytes) / (6 * 2 * scores), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon ((es.bytes - ee.bytes) / (16 * scores), 1.0, 1e-12);
  g_assert_cmpfloat (es.seconds, >, ee.seconds);
  g_assert_cmpfloat (ee.seconds, >, e.seconds);

  /* The catalog's BERT-base is untouched. */
  g_assert_false (json_object_has_member (bert, "attention"));
  g_assert_false (json_object_has_member (bert, "softmax"));
  g_assert_cmpstr (pp_model_spec_get_id (pp_workload_get_model (w)), ==, "bert-base");

  pp_workload_unref (we);
  pp_workload_unref (ws);
  g_assert_finalize_object (eager);
  g_assert_finalize_object (fp32_softmax);
}

/* Kernels an eager framework launches, counted by hand per layer. An
 * encoder layer with fused attention and LayerNorm: Q, K, V and O
 * projections, the attention, two residual sums, two LayerNorms, two
 * feed-forward matrices and GELU, 12. A Llama layer: the four
 * projections, the attention, rotary embeddings on queries and keys
 * (2 × 5), two sums, two RMSNorms written in Python (2 × 6), SwiGLU's
 * three matrices, SiLU and the product, 34. T5's encoder layer: eager
 * attention (product, scale and bias, softmax, product: 4), RMSNorm,
 * ReLU: 25; its decoder layer adds cross-attention's 15, 40. A ResNet
 * bottleneck block: three convolutions and batch norms, three ReLUs
 * and the sum, 10. */
static void
test_roofline_kernels (void)
{
  struct { const char *model; guint layers; double kernels; } cases[] = {
    { "bert-base", 12, 12 * 12 },
    { "llama-7b", 32, 32 * 34 },
    { "t5-small", 12, 6 * 25 + 6 * 40 },
    { "resnet50", 16, 16 * 10 },
    /* Both towers compute their scores eagerly: 15 kernels a layer.
     * BlipModel's forward runs the text tower without the image, so
     * its cross-attention (another 10 a layer) is not launched. */
    { "blip-base", 24, 24 * 15 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpWorkload) w = workload (cases[i].model, "nvidia-h200", PP_PRECISION_BF16, 1, 128,
                                          PP_PHASE_FORWARD);
      PpRooflineEstimate e;

      g_assert_true (pp_roofline_estimate (w, &e, NULL));
      g_assert_cmpuint (e.layers, ==, cases[i].layers);
      g_assert_cmpfloat (e.kernels, ==, cases[i].kernels);
    }
}

/* An encoder-decoder's decoder runs --seq tokens unless told otherwise;
 * told so, only its stack's FLOPs change, and other models ignore it. */
static void
test_roofline_decoder_seq_len (void)
{
  g_autoptr(PpWorkload) t5 = workload ("t5-small", "nvidia-h200", PP_PRECISION_FP16, 4, 512, PP_PHASE_FORWARD);
  g_autoptr(PpWorkload) bert = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 4, 512,
                                         PP_PHASE_FORWARD);
  /* The decoder's stack at S tokens against the encoder's 512: per
   * layer, self-attention and feed-forward over S tokens (Q, K, V, O,
   * two matrices, attention over S), cross-attention's Q and O over S
   * and its K and V over the encoder's 512, attention over 512. */
  double d = 512, f = 2048, L = 6, B = 4, E = 512;
#define DECODER_FLOPS(S) \
  (B * L * (4 * 2 * (S) * d * d + 2 * 2 * (S) * (S) * d + 2 * 2 * (S) * d * f + \
            2 * 2 * (S) * d * d + 2 * 2 * E * d * d + 2 * 2 * (S) * E * d))
  PpRooflineEstimate whole, same, quarter, b0, b1;

  g_assert_true (pp_roofline_estimate (t5, &whole, NULL));
  pp_workload_set_decoder_seq_len (t5, 512);
  g_assert_true (pp_roofline_estimate (t5, &same, NULL));
  pp_workload_set_decoder_seq_len (t5, 128);
  g_assert_true (pp_roofline_estimate (t5, &quarter, NULL));

  g_assert_cmpfloat (same.flops, ==, whole.flops);
  g_assert_cmpfloat_with_epsilon ((whole.flops - quarter.flops) / (DECODER_FLOPS (512) - DECODER_FLOPS (128)),
                                  1.0, 1e-12);
  g_assert_cmpfloat (quarter.kernels, ==, whole.kernels);
  g_assert_cmpfloat (quarter.seconds, <, whole.seconds);
#undef DECODER_FLOPS

  g_assert_true (pp_roofline_estimate (bert, &b0, NULL));
  pp_workload_set_decoder_seq_len (bert, 128);
  g_assert_true (pp_roofline_estimate (bert, &b1, NULL));
  g_assert_cmpfloat (b1.flops, ==, b0.flops);
  g_assert_cmpfloat (b1.bytes, ==, b0.bytes);
}

static void
test_roofline_decode_reads_weights_and_cache (void)
{
  g_autoptr(PpWorkload) w = workload ("llama-7b", "nvidia-h200", PP_PRECISION_FP16, 8, 1024, PP_PHASE_DECODE);
  PpRooflineEstimate e;
  double kv = pp_roofline_kv_bytes_per_token (pp_workload_get_model (w), PP_PRECISION_FP16);

  g_assert_true (pp_roofline_estimate (w, &e, NULL));

  /* 2 (K, V) × 32 layers × 32 heads × 128 dims × 2 bytes. */
  g_assert_cmpfloat (kv, ==, 2.0 * 32 * 32 * 128 * 2);
  g_assert_cmpfloat (e.kv_cache_bytes, ==, 8 * 1025 * kv);

  /* A decode step is bound by memory: every weight and the whole cache
   * are read for one token per sequence. */
  g_assert_cmpfloat (e.memory_seconds, >, 10 * e.compute_seconds);
  g_assert_cmpfloat (e.bytes, >, e.weight_bytes + 8 * 1024 * kv);
}

static void
test_roofline_gqa (void)
{
  PpModelSpec *llama8 = pp_catalog_lookup_model (catalog, "llama-8b");
  PpModelSpec *llama7 = pp_catalog_lookup_model (catalog, "llama-7b");

  /* Llama 3 8B keeps 8 key/value heads for its 32 query heads: a quarter
   * of the cache of Llama 2 7B per token at the same precision. */
  g_assert_cmpfloat (pp_roofline_kv_bytes_per_token (llama8, PP_PRECISION_FP16), ==, 2.0 * 32 * 8 * 128 * 2);
  g_assert_cmpfloat (pp_roofline_kv_bytes_per_token (llama7, PP_PRECISION_FP16) /
                     pp_roofline_kv_bytes_per_token (llama8, PP_PRECISION_FP16), ==, 4.0);
}

/* An input no device could hold overflows the counts: the estimate
 * fails and says the workload is too large, instead of passing infinite
 * FLOPs on to a message about the device's peak. */
static void
test_roofline_overflow (void)
{
  g_autoptr(PpWorkload) vit = workload ("vit-base", "nvidia-h200", PP_PRECISION_FP16, 1, 0, PP_PHASE_FORWARD);
  g_autoptr(GError) error = NULL;
  PpRooflineEstimate r;

  pp_workload_set_input_size (vit, 1e300);
  g_assert_false (pp_roofline_estimate (vit, &r, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "too large to count"));
  g_clear_error (&error);

  pp_workload_set_input_size (vit, 384);
  g_assert_true (pp_roofline_estimate (vit, &r, &error));
  g_assert_no_error (error);
  g_assert_true (isfinite (r.flops) && r.flops > 0);
}

/* A transformer known only by its parameters costs two FLOPs a
 * parameter for each token it runs: its whole sequence in a forward
 * pass, one in a decode step (it counted one per item before, 128 times
 * too few here). A network of another kind counts by the item. */
static void
test_roofline_params_only (void)
{
  const struct { const char *arch; PpPhase phase; double tokens; } cases[] = {
    { "encoder", PP_PHASE_FORWARD, 128 },
    { "decoder", PP_PHASE_PREFILL, 128 },
    { "decoder", PP_PHASE_DECODE, 1 },
    { "other", PP_PHASE_FORWARD, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpMeasurement) m = pp_measurement_new ();
      g_autoptr(PpModelSpec) spec = NULL;
      g_autoptr(PpWorkload) w = NULL;
      g_autoptr(GError) error = NULL;
      PpRooflineEstimate r;

      pp_measurement_set_string (m, PP_COLUMN_MODEL, "only-params");
      pp_measurement_set_string (m, PP_COLUMN_ARCH, cases[i].arch);
      pp_measurement_set_number (m, PP_COLUMN_PARAMS_M, 40);
      spec = pp_model_spec_new_from_measurement (m, &error);
      g_assert_no_error (error);
      w = pp_workload_new (spec, pp_catalog_lookup_hardware (catalog, "nvidia-h200"), PP_PRECISION_FP16, 4);
      pp_workload_set_seq_len (w, 128);
      pp_workload_set_phase (w, cases[i].phase);
      g_assert_true (pp_roofline_estimate (w, &r, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (r.flops, ==, 2 * 40e6 * 4 * cases[i].tokens);
    }
}

/* An encoder described by its shape has no default length: at none, it
 * counts no tokens, and a prediction would be of nothing (it was 1.3 ms
 * of fixed costs). The roofline says what to give instead. */
static void
test_roofline_no_work (void)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(PpModelSpec) spec = NULL;
  g_autoptr(PpWorkload) w = NULL;
  g_autoptr(GError) error = NULL;
  PpRooflineEstimate r;

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "described");
  pp_measurement_set_string (m, PP_COLUMN_ARCH, "encoder");
  pp_measurement_set_number (m, PP_COLUMN_LAYERS, 4);
  pp_measurement_set_number (m, PP_COLUMN_HIDDEN, 128);
  pp_measurement_set_number (m, PP_COLUMN_HEADS, 4);
  spec = pp_model_spec_new_from_measurement (m, &error);
  g_assert_no_error (error);
  w = pp_workload_new (spec, pp_catalog_lookup_hardware (catalog, "nvidia-h200"), PP_PRECISION_FP16, 1);
  g_assert_false (pp_roofline_estimate (w, &r, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "give its sequence length"));
  g_clear_error (&error);

  pp_workload_set_seq_len (w, 64);
  g_assert_true (pp_roofline_estimate (w, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (r.flops, >, 0);
}

/* On a GPU, 4-bit and 2-bit weights are unpacked and multiplied in half
 * precision (GPTQ, AWQ, llama.cpp's prompts in May 2024): the A100's
 * datasheet int4 rate, for products of 4-bit activations too, is not
 * what they run at. A CPU multiplies them by 8-bit activations, at its
 * int8 rate. The weights still take a quarter of fp16's bytes. */
static void
test_roofline_weight_only_int4 (void)
{
  PpHardwareSpec *a100 = pp_catalog_lookup_hardware (catalog, "nvidia-a100-sxm-80gb");    /* Borrowed */
  PpHardwareSpec *xeon = pp_catalog_lookup_hardware (catalog, "intel-xeon-8580-emr-16vcpu"); /* Borrowed */
  g_autoptr(PpWorkload) half = workload ("llama-8b", "nvidia-a100-sxm-80gb", PP_PRECISION_FP16, 1, 512,
                                         PP_PHASE_PREFILL);
  g_autoptr(PpWorkload) int4 = workload ("llama-8b", "nvidia-a100-sxm-80gb", PP_PRECISION_INT4, 1, 512,
                                         PP_PHASE_PREFILL);
  PpRooflineEstimate h, q;

  g_assert_cmpfloat (pp_hardware_spec_get_peak_flops (a100, PP_PRECISION_INT4), ==, 1248e12);
  g_assert_cmpfloat (pp_roofline_peak_flops (a100, PP_PRECISION_INT4, 0), ==, 312e12);
  g_assert_cmpfloat (pp_roofline_peak_flops (a100, PP_PRECISION_INT2, 0), ==, 312e12);
  g_assert_cmpfloat (pp_roofline_peak_flops (a100, PP_PRECISION_INT8, 0), ==, 624e12);
  g_assert_cmpfloat (pp_roofline_peak_flops (xeon, PP_PRECISION_INT4, 0), ==,
                     pp_hardware_spec_get_peak_flops (xeon, PP_PRECISION_INT8));
  g_assert_cmpfloat (pp_roofline_peak_flops (xeon, PP_PRECISION_INT4, 0), >,
                     10 * pp_roofline_peak_flops (xeon, PP_PRECISION_FP32, 0));

  g_assert_true (pp_roofline_estimate (half, &h, NULL));
  g_assert_true (pp_roofline_estimate (int4, &q, NULL));
  g_assert_cmpfloat (q.compute_seconds, ==, h.compute_seconds);
  g_assert_cmpfloat (q.weight_bytes * 4, ==, h.weight_bytes);
}

/* A GeForce GPU multiplies fp16 at twice the rate when the products
 * also accumulate in fp16, as llama.cpp's CUDA backend has them do;
 * PyTorch accumulates in fp32. A data-center GPU runs both at one rate,
 * and the catalog gives no second figure for it. */
static void
test_roofline_fp16_accumulate (void)
{
  PpHardwareSpec *rtx4090 = pp_catalog_lookup_hardware (catalog, "nvidia-rtx-4090"); /* Borrowed */
  PpHardwareSpec *a100 = pp_catalog_lookup_hardware (catalog, "nvidia-a100-sxm-80gb"); /* Borrowed */
  g_autoptr(PpWorkload) torch = workload ("llama-8b", "nvidia-rtx-4090", PP_PRECISION_FP16, 1, 512,
                                          PP_PHASE_PREFILL);
  g_autoptr(PpWorkload) ggml = workload ("llama-8b", "nvidia-rtx-4090", PP_PRECISION_FP16, 1, 512,
                                         PP_PHASE_PREFILL);
  g_autoptr(PpWorkload) ggml_int4 = workload ("llama-8b", "nvidia-rtx-4090", PP_PRECISION_INT4, 1, 512,
                                              PP_PHASE_PREFILL);
  g_autoptr(PpWorkload) ggml_bf16 = workload ("llama-8b", "nvidia-rtx-4090", PP_PRECISION_BF16, 1, 512,
                                              PP_PHASE_PREFILL);
  g_autoptr(PpWorkload) ggml_a100 = workload ("llama-8b", "nvidia-a100-sxm-80gb", PP_PRECISION_FP16, 1, 512,
                                              PP_PHASE_PREFILL);
  PpRooflineEstimate t, g;

  pp_workload_set_framework (torch, "pytorch-2.11+transformers-5.17");
  pp_workload_set_framework (ggml, "llama.cpp CUDA (LLAMA_CUBLAS)");
  pp_workload_set_framework (ggml_int4, "llama.cpp CUDA (LLAMA_CUBLAS)");
  pp_workload_set_framework (ggml_bf16, "llama.cpp CUDA (LLAMA_CUBLAS)");
  pp_workload_set_framework (ggml_a100, "llama.cpp CUDA (LLAMA_CUBLAS)");

  g_assert_cmpfloat (pp_hardware_spec_get_fp16_accumulate_flops (rtx4090), ==, 330.3e12);
  g_assert_true (isnan (pp_hardware_spec_get_fp16_accumulate_flops (a100)));

  g_assert_cmpfloat (pp_roofline_peak_flops_for_workload (torch), ==, 165.2e12);
  g_assert_cmpfloat (pp_roofline_peak_flops_for_workload (ggml), ==, 330.3e12);
  g_assert_cmpfloat (pp_roofline_peak_flops_for_workload (ggml_int4), ==, 330.3e12);
  /* No bf16 accumulate: bf16 products accumulate in fp32. */
  g_assert_cmpfloat (pp_roofline_peak_flops_for_workload (ggml_bf16), ==, 165.2e12);
  g_assert_cmpfloat (pp_roofline_peak_flops_for_workload (ggml_a100), ==, 312e12);
  /* Software unnamed: what PyTorch gets. The name in any case. */
  pp_workload_set_framework (torch, NULL);
  g_assert_cmpfloat (pp_roofline_peak_flops_for_workload (torch), ==, 165.2e12);
  pp_workload_set_framework (torch, "LLaMA.cpp CUDA");
  g_assert_cmpfloat (pp_roofline_peak_flops_for_workload (torch), ==, 330.3e12);
  pp_workload_set_framework (torch, "pytorch-2.11+transformers-5.17");

  g_assert_true (pp_roofline_estimate (torch, &t, NULL));
  g_assert_true (pp_roofline_estimate (ggml, &g, NULL));
  g_assert_cmpfloat (t.flops, ==, g.flops);
  g_assert_cmpfloat_with_epsilon (t.compute_seconds / g.compute_seconds, 330.3 / 165.2, 1e-12);
}

/* What a call holds besides its weights, counted from the architecture
 * as eager PyTorch runs it (checked against the H200 file's peaks in
 * docs/ACCURACY.md). */
static void
test_roofline_activation_memory (void)
{
  g_autoptr(PpWorkload) bert = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP32, 64, 512,
                                         PP_PHASE_FORWARD);
  g_autoptr(PpWorkload) t5 = workload ("t5-small", "nvidia-h200", PP_PRECISION_FP32, 64, 128,
                                       PP_PHASE_FORWARD);
  g_autoptr(PpWorkload) t5_long = workload ("t5-small", "nvidia-h200", PP_PRECISION_FP32, 64, 512,
                                            PP_PHASE_FORWARD);
  g_autoptr(PpWorkload) llama = workload ("llama-1.1b", "nvidia-h200", PP_PRECISION_FP16, 32, 1024,
                                          PP_PHASE_PREFILL);
  g_autoptr(PpWorkload) wav2vec2 = workload ("wav2vec2-base", "nvidia-h200", PP_PRECISION_FP32, 4, 0,
                                             PP_PHASE_FORWARD);
  g_autoptr(PpWorkload) t5_half = workload ("t5-small", "nvidia-h200", PP_PRECISION_FP16, 64, 512,
                                            PP_PHASE_FORWARD);
  PpRooflineEstimate e, e_long;
  double tokens = 64 * 512, scores = 64 * 8 * 512 * 512.0;
  double held = 64 * 512 * (512 + 2 * 6 * 8 * 64.0);

  /* BERT's attention is fused (scaled_dot_product_attention), so the
   * 12 × 512 × 512 scores per item are never written out: the largest
   * step is the feed-forward's, holding its input and output (768 wide)
   * and its inner tensor before and after GELU (3072 wide). */
  g_assert_true (pp_roofline_estimate (bert, &e, NULL));
  g_assert_cmpfloat_with_epsilon (e.activation_bytes / (4.0 * 64 * 512 * (2 * 768 + 2 * 3072)), 1.0, 1e-12);

  /* T5 adds its position bias to explicitly computed scores, which grow
   * with the square of the sequence: four times the tokens hold more
   * than four times the bytes. As the bare T5Model it computes no
   * logits, which would be 64 × 128 × 32128 × 4 bytes (1004 MiB). */
  g_assert_true (pp_roofline_estimate (t5, &e, NULL));
  g_assert_true (pp_roofline_estimate (t5_long, &e_long, NULL));
  g_assert_cmpfloat (e_long.activation_bytes, >, 5 * e.activation_bytes);
  g_assert_cmpfloat (e.activation_bytes, <, 64.0 * 128 * 32128 * 4);

  /* Counted by hand: T5-small's decoder (8 heads of 64, 512 wide, 6
   * layers) holds the encoder's output and every layer's cross keys and
   * values, b · 512 · (512 + 2 · 6 · 512) elements, and its attention
   * step the queries, keys, values, input and output (5 · 512 a token)
   * and the scores of self- or cross-attention, one at a time. T5 takes
   * the softmax in fp32: in fp32 a score and its probability hold 8
   * bytes, in fp16 the score, its fp32 copy and the fp32 probability 10,
   * so half precision saves only the smaller tensors, as measured. */
  g_assert_cmpfloat_with_epsilon (e_long.activation_bytes / (4 * held + 4 * 5 * 512 * tokens + 8 * scores),
                                  1.0, 1e-12);
  g_assert_true (pp_roofline_estimate (t5_half, &e, NULL));
  g_assert_cmpfloat_with_epsilon (e.activation_bytes / (2 * held + 2 * 5 * 512 * tokens + 10 * scores),
                                  1.0, 1e-12);

  /* A causal LM's logits over the whole prompt outweigh any layer of
   * Llama 1.1B: 32 × 1024 tokens × 32000 words at 2 bytes. */
  g_assert_true (pp_roofline_estimate (llama, &e, NULL));
  g_assert_cmpfloat_with_epsilon (e.activation_bytes / (32.0 * 1024 * 32000 * 2), 1.0, 1e-12);

  /* wav2vec 2.0's first convolution (stride 5) turns 10 s of 16 kHz
   * audio into 512 channels of 32000 frames, and its group norm and
   * GELU make two more maps of that size before the first is freed. */
  g_assert_true (pp_roofline_estimate (wav2vec2, &e, NULL));
  g_assert_cmpfloat_with_epsilon (e.activation_bytes / (3 * 4.0 * 4 * 512 * 32000), 1.0, 1e-12);
}

/* The seed's "8× longer context with 2-bit KV" follows from arithmetic:
 * on a 24 GiB device the fp16 weights of Llama 2 7B (12.5 GiB) leave
 * the same room for the cache either way, and a cached token takes 16
 * bits per value at fp16 but 2 at int2, an eighth. The rest of the
 * decode step (its activations and logits, at 16 bits) takes the same
 * room at either cache precision and does not grow with the context,
 * since fused attention never writes the scores out; so the ratio is 8
 * up to the token each count loses to rounding, and the contexts are
 * the room less those activations over the bytes per token. */
static void
test_roofline_max_context_int2 (void)
{
  g_autoptr(PpWorkload) fp16 = workload ("llama-7b", "nvidia-rtx-4090", PP_PRECISION_FP16, 1, 0, PP_PHASE_DECODE);
  g_autoptr(PpWorkload) int2 = pp_workload_copy (fp16);
  double budget = 24.0 * 1024 * 1024 * 1024;
  guint ctx_fp16, ctx_int2;
  PpRooflineEstimate step;
  double room, ratio;

  pp_workload_set_kv_precision (int2, PP_PRECISION_INT2);
  ctx_fp16 = pp_roofline_max_context (fp16, budget);
  ctx_int2 = pp_roofline_max_context (int2, budget);
  ratio = (double)ctx_int2 / ctx_fp16;

  g_assert_true (pp_roofline_estimate (fp16, &step, NULL));
  room = budget - pp_model_spec_get_params_m (pp_workload_get_model (fp16)) * 1e6 * 2 - step.activation_bytes;
  /* The cache holds the context and the new token: 2 × 32 layers × 32
   * heads × 128 values × 2 bytes each. */
  g_assert_cmpuint (ctx_fp16 + 1, ==, (guint)(room / (2.0 * 32 * 32 * 128 * 2)));
  g_assert_cmpuint (ctx_int2 + 1, ==, (guint)(room / (2.0 * 32 * 32 * 128 * 2 / 8)));
  g_assert_cmpfloat (fabs (ratio - 8), <, 0.001);

  /* Nothing fits when the weights alone do not. */
  g_assert_cmpuint (pp_roofline_max_context (fp16, 10.0 * 1024 * 1024 * 1024), ==, 0);
}

/* The upper end of @w's predicted memory, in bytes, with @set giving it
 * @size. */
static double
memory_upper_at (PpWorkload *w,
                 void      (*set) (PpWorkload *, guint),
                 guint       size)
{
  g_autoptr(PpWorkload) probe = pp_workload_copy (w);
  g_autoptr(PpPrediction) p = NULL;
  double upper;

  set (probe, size);
  p = pp_predictor_predict (PP_PREDICTOR (h200_predictor), probe, NULL);
  g_assert_nonnull (p);
  pp_prediction_get_value (p, PP_TARGET_MEMORY, NULL, &upper);
  return upper * 1024 * 1024;
}

/* What the predictor says fits is what its predictions say: at the
 * largest batch and the longest context, the upper end of the memory's
 * interval (runtime included) is within the budget, one more is not.
 * The roofline's arithmetic alone counts no runtime and no interval, so
 * it claims more: Llama 2 7B at batch 8 on the H200 was said to take a
 * context of 32,881 tokens, which predicts at 147,823 MiB, above the
 * 141 GiB there are. With an int2 cache, a token takes an eighth of
 * the room, so the context grows several times over: less than
 * eightfold, since the interval widens the further a prediction reaches
 * from measured lengths, and for a cache no measurement had. */
static void
test_predictor_max_fits (void)
{
  g_autoptr(PpWorkload) w = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 8, 1024, PP_PHASE_DECODE);
  g_autoptr(PpWorkload) int2 = pp_workload_copy (w);
  g_autoptr(PpWorkload) bad = workload ("llama-7b", "apple-m3-max", PP_PRECISION_BF16, 8, 1024, PP_PHASE_DECODE);
  g_autoptr(PpWorkload) encoder = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 8, 128, PP_PHASE_FORWARD);
  PpPredictor *predictor = PP_PREDICTOR (h200_predictor);
  double budget = 141.0 * 1024 * 1024 * 1024;
  g_autoptr(GError) error = NULL;
  guint batch, context, context_int2;

  batch = pp_predictor_max_batch (predictor, w, budget, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch, >, 8);
  g_assert_cmpuint (batch, <, pp_roofline_max_batch (w, budget));
  g_assert_cmpfloat (memory_upper_at (w, pp_workload_set_batch, batch), <=, budget);
  g_assert_cmpfloat (memory_upper_at (w, pp_workload_set_batch, batch + 1), >, budget);

  context = pp_predictor_max_context (predictor, w, budget, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (context, >, 1024);
  g_assert_cmpuint (context, <, pp_roofline_max_context (w, budget));
  g_assert_cmpfloat (memory_upper_at (w, pp_workload_set_seq_len, context), <=, budget);
  g_assert_cmpfloat (memory_upper_at (w, pp_workload_set_seq_len, context + 1), >, budget);

  pp_workload_set_kv_precision (int2, PP_PRECISION_INT2);
  context_int2 = pp_predictor_max_context (predictor, int2, budget, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat ((double)context_int2 / context, >, 6);
  g_assert_cmpfloat ((double)context_int2 / context, <, 8);

  /* Nothing fits when the weights alone do not: no error. */
  g_assert_cmpuint (pp_predictor_max_batch (predictor, w, 10.0 * 1024 * 1024 * 1024, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (pp_predictor_max_context (predictor, w, 10.0 * 1024 * 1024 * 1024, &error), ==, 0);
  g_assert_no_error (error);

  /* A workload that cannot be predicted says why, and so does a model
   * with no context to fill. */
  g_assert_cmpuint (pp_predictor_max_batch (predictor, bad, budget, &error), ==, 0);
  g_assert_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_cmpuint (pp_predictor_max_context (predictor, encoder, budget, &error), ==, 0);
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
}

static void
assert_same_prediction (PpPrediction *a,
                        PpPrediction *b)
{
  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      double la, ua, lb, ub;
      double va = pp_prediction_get_value (a, t, &la, &ua);
      double vb = pp_prediction_get_value (b, t, &lb, &ub);

      g_assert_cmpfloat (va, ==, vb);
      g_assert_cmpfloat (la, ==, lb);
      g_assert_cmpfloat (ua, ==, ub);
      g_assert_cmpfloat (pp_prediction_get_confidence (a, t), ==, pp_prediction_get_confidence (b, t));
    }
  g_assert_cmpint (pp_prediction_get_out_of_distribution (a), ==, pp_prediction_get_out_of_distribution (b));
}

static PpPrediction *
predict (PpFittedPredictor *p,
         PpWorkload        *w)
{
  g_autoptr(GError) error = NULL;
  PpPrediction *prediction = pp_predictor_predict (PP_PREDICTOR (p), w, &error);

  g_assert_no_error (error);
  g_assert_nonnull (prediction);
  return prediction;
}

/* A fit tells its steps where it was asked for: fitted on the calling
 * thread, as it steps; on a worker, in the caller's main context, every
 * step before the callback and the data freed once after it. The H200
 * file's fit has 20 calibration folds (five each of models, rows,
 * batch sizes and lengths; two devices make no device folds), then
 * the fit to every row. */
static void
test_fit_progress (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PpFittedPredictor) p = NULL;
  Steps steps;

  assert_steps (&h200_steps, 21, TRUE);

  steps_init (&steps);
  pp_fitted_predictor_fit_full_async (catalog, h200_rows, steps_tell, &steps, steps_free, NULL,
                                      steps_fit_done, &steps);
  while (steps.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  p = pp_fitted_predictor_fit_finish (steps.result, &error);
  g_assert_no_error (error);
  assert_steps (&steps, 21, TRUE);
  g_assert_cmpuint (steps.freed, ==, 1);
  /* Nothing is left to tell */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (steps.done->len, ==, 22);
  steps_clear (&steps);

  /* The same fit as the one the fixture made */
  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      g_autoptr(PpPrediction) a = predict (p, w);
      g_autoptr(PpPrediction) b = predict (h200_predictor, w);

      assert_same_prediction (a, b);
    }
}

/* Read off measured batch sizes further than the calibration's
 * held-out rows reached, a prediction is out of distribution, even
 * where its features are near the data: Llama 2 7B's decode steps, at
 * 1, 8 and 32 in the H200 file, at batch 1,000 (31 times the last). */
static void
test_out_of_reach (void)
{
  g_autoptr(PpWorkload) near = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 64, 1024, PP_PHASE_DECODE);
  g_autoptr(PpWorkload) far = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 1000, 1024, PP_PHASE_DECODE);
  g_autoptr(PpPrediction) p = predict (h200_predictor, near);
  g_autoptr(PpPrediction) q = predict (h200_predictor, far);

  g_assert_cmpint (pp_prediction_get_evidence (q, PP_TARGET_LATENCY), ==, PP_EVIDENCE_OTHER_BATCH_SIZES);
  g_assert_false (pp_prediction_get_out_of_distribution (p));
  g_assert_true (pp_prediction_get_out_of_distribution (q));
}

/* What does not apply to a workload changes nothing but a note: a
 * sequence length for a CNN, a cache precision outside a decode step.
 * In a decode step the cache precision still counts. */
static void
test_ignores_what_does_not_apply (void)
{
  struct {
    const char *model;
    guint seq;
    PpPhase phase;
    guint ignored_seq;
    PpPrecision ignored_kv;
    const char *note;
  } cases[] = {
    { "resnet50", 0, PP_PHASE_FORWARD, 1, PP_PRECISION_FP16,
      "resnet50 reads an image, not a sequence: predicted without the length of 1 asked for" },
    { "bert-base", 128, PP_PHASE_FORWARD, 128, PP_PRECISION_INT2,
      "Only a decode step reads the key-value cache: predicted without the int2 cache asked for" },
    { "llama-7b", 128, PP_PHASE_PREFILL, 128, PP_PRECISION_INT4,
      "Only a decode step reads the key-value cache: predicted without the int4 cache asked for" },
  };
  g_autoptr(PpWorkload) decode = workload ("llama-7b", "nvidia-h200", PP_PRECISION_FP16, 8, 1024, PP_PHASE_DECODE);
  g_autoptr(PpWorkload) decode_int2 = pp_workload_copy (decode);
  g_autoptr(PpPrediction) fp16_cache = NULL;
  g_autoptr(PpPrediction) int2_cache = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpWorkload) plain = workload (cases[i].model, "nvidia-h200", PP_PRECISION_FP16, 4, cases[i].seq,
                                              cases[i].phase);
      g_autoptr(PpWorkload) extra = workload (cases[i].model, "nvidia-h200", PP_PRECISION_FP16, 4,
                                              cases[i].ignored_seq, cases[i].phase);
      g_autoptr(PpPrediction) a = NULL;
      g_autoptr(PpPrediction) b = NULL;
      g_autoptr(GError) error = NULL;
      PpPredictionValues va, vb;

      pp_workload_set_kv_precision (extra, cases[i].ignored_kv);
      a = predict (h200_predictor, plain);
      b = predict (h200_predictor, extra);
      assert_same_prediction (a, b);
      g_assert_cmpuint (g_strv_length ((char **)pp_prediction_get_notes (a)), ==, 0);
      g_assert_cmpstrv (pp_prediction_get_notes (b), ((const char *[]) { cases[i].note, NULL }));
      g_assert_true (pp_fitted_predictor_predict_values (h200_predictor, plain, &va, &error));
      g_assert_true (pp_fitted_predictor_predict_values (h200_predictor, extra, &vb, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (va.latency_ms, ==, vb.latency_ms);
      g_assert_cmpfloat (va.latency_upper_ms, ==, vb.latency_upper_ms);
      g_assert_cmpfloat (va.memory_mb, ==, vb.memory_mb);
      g_assert_cmpfloat (va.memory_lower_mb, ==, vb.memory_lower_mb);
      g_assert_cmpint (va.latency_evidence, ==, vb.latency_evidence);
      g_assert_cmpuint (va.n_support, ==, vb.n_support);
    }

  pp_workload_set_kv_precision (decode_int2, PP_PRECISION_INT2);
  fp16_cache = predict (h200_predictor, decode);
  int2_cache = predict (h200_predictor, decode_int2);
  g_assert_cmpfloat (pp_prediction_get_memory_mb (int2_cache), <, pp_prediction_get_memory_mb (fp16_cache));
  g_assert_cmpuint (g_strv_length ((char **)pp_prediction_get_notes (int2_cache)), ==, 0);
}

static void
test_deterministic (void)
{
  g_autoptr(PpFittedPredictor) again = pp_fitted_predictor_fit (catalog, h200_rows, NULL, NULL);
  g_autoptr(PpWorkload) w = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 4, 512, PP_PHASE_PREFILL);
  g_autoptr(PpPrediction) a = predict (h200_predictor, w);
  g_autoptr(PpPrediction) b = predict (h200_predictor, w);
  g_autoptr(PpPrediction) c = predict (again, w);
  double lo, hi, v = pp_prediction_get_value (a, PP_TARGET_LATENCY, &lo, &hi);

  assert_same_prediction (a, b);
  assert_same_prediction (a, c);
  g_assert_cmpfloat (lo, <, v);
  g_assert_cmpfloat (v, <, hi);
  g_assert_cmpfloat_with_epsilon (pp_prediction_get_throughput (a), 4 / (v / 1000), 1e-9);
}

/* Rows a fit cannot learn from, which the API let through and older
 * stores keep (a latency of 0 or infinite, a batch of 0 or -4), are
 * skipped and counted, never handed to the trees: the fit is the one
 * without them. */
static void
test_fit_skips_unusable_rows (void)
{
  g_autoptr(GListStore) rows = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(PpWorkload) w = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 4, 512, PP_PHASE_PREFILL);
  g_autoptr(PpPrediction) a = NULL;
  g_autoptr(PpPrediction) b = NULL;
  g_autoptr(GError) error = NULL;
  struct { double batch, latency_ms, memory_mb; } cases[] = {
    { 4, 0, NAN },
    { 4, INFINITY, NAN },
    { 4, -7.5, NAN },
    { 4, 7.5, INFINITY },
    { 0, 7.5, NAN },
    { -4, 7.5, NAN },
    { 2.5, 7.5, NAN },
    /* A file may give it: but 1e308 MB is an infinite number of bytes */
    { 4, 7.5, 1e308 },
  };

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);

      g_list_store_append (rows, m);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpMeasurement) m = pp_measurement_new ();

      pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
      pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "nvidia-h200");
      pp_measurement_set_string (m, PP_COLUMN_PRECISION, "fp16");
      pp_measurement_set_number (m, PP_COLUMN_SEQ_LEN, 128);
      pp_measurement_set_number (m, PP_COLUMN_BATCH, cases[i].batch);
      pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, cases[i].latency_ms);
      pp_measurement_set_number (m, PP_COLUMN_MEMORY_MB, cases[i].memory_mb);
      g_list_store_append (rows, m);
    }

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (rows), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (predictor);
  g_assert_cmpuint (pp_fitted_predictor_get_n_skipped (predictor), ==,
                    pp_fitted_predictor_get_n_skipped (h200_predictor) + G_N_ELEMENTS (cases));
  g_assert_cmpuint (pp_fitted_predictor_get_n_training (predictor), ==,
                    pp_fitted_predictor_get_n_training (h200_predictor));

  a = predict (h200_predictor, w);
  b = predict (predictor, w);
  assert_same_prediction (a, b);
}

/* What bounds a call, weighed against its prediction, under eager
 * PyTorch. On the H200: Llama 2 7B's decode step at batch 8 is its
 * ~1,100 kernel launches (measured 49 ms, where reading the weights and
 * cache takes 3.7 ms at the datasheet's bandwidth); a 1,024-token
 * prompt at batch 32, its products; a decode step at batch 64 with
 * 4,096 tokens of context, reading its 32 GiB of KV cache; BERT-base in
 * fp16 at batch 1 takes 3.7 ms, as at batch 4 (launches), and in fp32
 * at batch 64 with 512 tokens 142 ms (products). On the Xeon, BERT-base
 * at batch 8 is its products, at the fp32 rate. */
static void
test_bottleneck (void)
{
  struct {
    const char *model, *hardware;
    PpPrecision precision;
    guint batch, seq;
    PpPhase phase;
    PpBottleneck expected;
  } cases[] = {
    { "llama-7b", "nvidia-h200", PP_PRECISION_BF16, 8, 1024, PP_PHASE_DECODE, PP_BOTTLENECK_FIXED_COSTS },
    { "llama-7b", "nvidia-h200", PP_PRECISION_BF16, 32, 1024, PP_PHASE_PREFILL, PP_BOTTLENECK_COMPUTE },
    { "llama-7b", "nvidia-h200", PP_PRECISION_BF16, 64, 4096, PP_PHASE_DECODE, PP_BOTTLENECK_BANDWIDTH },
    { "bert-base", "nvidia-h200", PP_PRECISION_FP16, 1, 128, PP_PHASE_FORWARD, PP_BOTTLENECK_FIXED_COSTS },
    { "bert-base", "nvidia-h200", PP_PRECISION_FP32, 64, 512, PP_PHASE_FORWARD, PP_BOTTLENECK_COMPUTE },
    { "bert-base", "intel-xeon-8580-emr-16vcpu", PP_PRECISION_FP32, 8, 128, PP_PHASE_FORWARD,
      PP_BOTTLENECK_COMPUTE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpWorkload) w = workload (cases[i].model, cases[i].hardware, cases[i].precision,
                                          cases[i].batch, cases[i].seq, cases[i].phase);
      g_autoptr(PpPrediction) p = predict (h200_predictor, w);
      PpBottleneck property = PP_BOTTLENECK_UNKNOWN;

      /* The property, as bindings read it, is the enum's GType. */
      g_object_get (p, "bottleneck", &property, NULL);
      g_test_message ("%s on %s, batch %u, %u tokens, %s: %.1f ms, %s", cases[i].model, cases[i].hardware,
                      cases[i].batch, cases[i].seq, pp_phase_to_string (cases[i].phase),
                      pp_prediction_get_latency_ms (p), pp_bottleneck_to_string (property));
      g_assert_cmpint (pp_prediction_get_bottleneck (p), ==, cases[i].expected);
      g_assert_cmpint (property, ==, cases[i].expected);
    }

  g_assert_cmpstr (pp_bottleneck_to_string (PP_BOTTLENECK_FIXED_COSTS), ==, "fixed-costs");
  g_assert_cmpstr (pp_bottleneck_to_string (PP_BOTTLENECK_UNKNOWN), ==, "unknown");
}

/* Saves the H200 fit as the fit of @store as it is now, and returns
 * the stamp it saved it with. */
static char *
save_h200_fit (PpMeasurementStore *store)
{
  g_autofree char *before = g_strdup (pp_fitted_predictor_get_data_stamp (h200_predictor));
  g_autofree char *path = pp_fitted_predictor_dup_path_for_store (store);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  char *stamp = pp_measurement_store_dup_stamp (store);

  pp_fitted_predictor_set_data_stamp (h200_predictor, stamp);
  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  pp_fitted_predictor_set_data_stamp (h200_predictor, before);
  g_assert_no_error (error);
  return stamp;
}

/* The fit saved for a store comes back while the store is as it was
 * fitted to, and not once a row has been added. */
static void
test_load_for_store (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("fitted.db");
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(PpFittedPredictor) loaded = NULL;
  g_autoptr(PpFittedPredictor) stale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *path = NULL;
  guint added = 0;

  g_assert_true (pp_measurement_store_insert (store, h200_rows, "test", &added, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 346);
  g_assert_null (pp_fitted_predictor_load_for_store (catalog, store));

  stamp = save_h200_fit (store);
  path = pp_fitted_predictor_dup_path_for_store (store);

  loaded = pp_fitted_predictor_load_for_store (catalog, store);
  g_assert_nonnull (loaded);
  g_assert_cmpuint (pp_fitted_predictor_get_n_training (loaded), ==, 346);
  g_assert_true (pp_fitted_predictor_is_current_for_store (loaded, store));

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "nvidia-h200");
  pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, 3.7);
  g_assert_true (pp_measurement_store_add (store, m, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (pp_fitted_predictor_load_for_store (catalog, store));

  /* Stale, it still loads as the store's saved fit, to check the row. */
  g_assert_false (pp_fitted_predictor_is_current_for_store (loaded, store));
  stale = pp_fitted_predictor_load_saved_for_store (catalog, store);
  g_assert_nonnull (stale);
  g_assert_cmpstr (pp_fitted_predictor_get_data_stamp (stale), ==, stamp);
  g_assert_false (pp_fitted_predictor_is_current_for_store (stale, store));
}

/* A saved fit this version cannot read is fitted anew to the rows it
 * had seen, saved in its place with its stamp, and checks the rows that
 * arrived since: the checks go on from one version to the next. */
static void
test_renew_saved (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("renewed.db");
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(PpFittedPredictor) renewed = NULL;
  g_autoptr(PpFittedPredictor) loaded = NULL;
  g_autoptr(PpWorkload) w = NULL;
  g_autoptr(PpPrediction) by_renewed = NULL;
  g_autoptr(PpPrediction) by_first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *path = NULL;
  guint added = 0, checked = 0;

  g_assert_true (pp_measurement_store_insert (store, h200_rows, "test", &added, NULL, &error));
  g_assert_no_error (error);

  /* No saved fit: nothing to renew, and no error. */
  g_assert_null (pp_fitted_predictor_renew_saved_for_store (catalog, store, NULL, &error));
  g_assert_no_error (error);

  stamp = save_h200_fit (store);
  path = pp_fitted_predictor_dup_path_for_store (store);
  pp_test_age_saved_fit (path);
  g_assert_null (pp_fitted_predictor_load_saved_for_store (catalog, store));

  /* No row arrived since it was fitted: nothing to check. */
  g_assert_null (pp_fitted_predictor_renew_saved_for_store (catalog, store, NULL, &error));
  g_assert_no_error (error);

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "nvidia-h200");
  pp_measurement_set_string (m, PP_COLUMN_PRECISION, "fp16");
  pp_measurement_set_number (m, PP_COLUMN_BATCH, 3);
  pp_measurement_set_number (m, PP_COLUMN_SEQ_LEN, 128);
  pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, 3.7);
  g_assert_true (pp_measurement_store_add (store, m, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (pp_fitted_predictor_count_renewable_for_store (store), ==, 346);
  renewed = pp_fitted_predictor_renew_saved_for_store (catalog, store, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (renewed);
  g_assert_cmpstr (pp_fitted_predictor_get_data_stamp (renewed), ==, stamp);
  g_assert_cmpuint (pp_fitted_predictor_get_n_training (renewed), ==, 346);

  /* Fitted to the rows the old fit saw, it predicts the new row as a
   * fit to those rows does. */
  w = pp_workload_new_from_measurement (catalog, m, &error);
  g_assert_no_error (error);
  by_renewed = pp_predictor_predict (PP_PREDICTOR (renewed), w, &error);
  by_first = pp_predictor_predict (PP_PREDICTOR (h200_predictor), w, &error);
  g_assert_no_error (error);
  for (guint t = 0; t < PP_N_TARGETS; t++)
    g_assert_cmpfloat (pp_prediction_get_value (by_renewed, t, NULL, NULL), ==,
                       pp_prediction_get_value (by_first, t, NULL, NULL));

  /* Saved in place of the old one, it loads now, stale. */
  loaded = pp_fitted_predictor_load_saved_for_store (catalog, store);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (pp_fitted_predictor_get_fitted_at (loaded), ==, pp_fitted_predictor_get_fitted_at (renewed));
  g_assert_false (pp_fitted_predictor_is_current_for_store (loaded, store));

  /* And it checks the row no fit has learned from yet. */
  g_assert_true (pp_fitted_predictor_check_store (renewed, catalog, store, &checked, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (checked, ==, 1);

  /* Checked, the row needs no fit anew if the saved fit goes stale
   * again: nothing to renew. */
  pp_test_age_saved_fit (path);
  g_assert_null (pp_fitted_predictor_load_saved_for_store (catalog, store));
  g_assert_cmpuint (pp_fitted_predictor_count_renewable_for_store (store), ==, 0);
  g_assert_null (pp_fitted_predictor_renew_saved_for_store (catalog, store, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_same_metrics (PpValidation *a,
                     PpValidation *b,
                     PpTarget      target)
{
  PpValidationMetrics x, y;

  g_assert_true (pp_validation_get_metrics (a, target, PP_COLUMN_SOURCE, NULL, &x));
  g_assert_true (pp_validation_get_metrics (b, target, PP_COLUMN_SOURCE, NULL, &y));
  g_assert_cmpuint (x.n, ==, y.n);
  g_assert_cmpfloat (x.mape, ==, y.mape);
  g_assert_cmpfloat (x.within_25, ==, y.within_25);
  g_assert_cmpfloat (x.coverage_90, ==, y.coverage_90);
  g_assert_cmpfloat (x.median_halfwidth, ==, y.median_halfwidth);
  g_assert_cmpfloat (x.mean_confidence, ==, y.mean_confidence);
}

/* A fit predicts the rows that arrive after it, each once, before any
 * fit learns from them; read back, those checks are the predictions it
 * makes of the same rows now, and a row it cannot describe counts as
 * skipped. */
static void
test_check_store (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("checked.db");
  g_autoptr(PpMeasurementStore) other = pp_test_open_store ("other.db");
  g_autofree char *path = pp_test_dup_temp_path ("checked.json");
  g_autofree char *ft_path = g_build_filename (g_getenv ("PERFCAST_DATA_DIR"), "datasets", "fastertransformer.csv",
                                               NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) ft_file = g_file_new_for_path (ft_path);
  g_autoptr(GListModel) ft = NULL;
  g_autoptr(GListStore) later = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpMeasurement) unknown = pp_measurement_new ();
  g_autoptr(PpFittedPredictor) fit = NULL;
  g_autoptr(PpValidation) checks = NULL;
  g_autoptr(PpValidation) direct = NULL;
  g_autoptr(PpValidation) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *before = g_strdup (pp_fitted_predictor_get_data_stamp (h200_predictor));
  g_autofree char *earlier = NULL;
  g_autofree char *garbled = NULL;
  g_autofree char *path_of_other = NULL;
  g_autoptr(PpMeasurement) first_h200 = g_list_model_get_item (h200_rows, 0);
  g_autoptr(PpMeasurement) again = NULL;
  gboolean stored = FALSE;
  g_auto(GStrv) fits = NULL;
  PpValidationMetrics m;
  guint added = 0, n = G_MAXUINT;

  g_assert_true (pp_measurement_store_insert (store, h200_rows, "test", &added, NULL, &error));
  g_assert_no_error (error);

  /* A fit of its own, stamped as fitted to the store as it is. */
  stamp = pp_measurement_store_dup_stamp (store);
  pp_fitted_predictor_set_data_stamp (h200_predictor, stamp);
  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  pp_fitted_predictor_set_data_stamp (h200_predictor, before);
  fit = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_no_error (error);

  g_assert_true (pp_fitted_predictor_check_store (fit, catalog, store, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);

  /* Thirty rows of other software and GPUs, and one of a model nobody
   * knows. */
  ft = pp_measurement_list_load (ft_file, PP_FILE_FORMAT_CSV, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(PpMeasurement) row = g_list_model_get_item (ft, i);

      g_list_store_append (later, row);
    }
  pp_measurement_set_string (unknown, PP_COLUMN_MODEL, "no-such-model");
  pp_measurement_set_string (unknown, PP_COLUMN_HARDWARE, "nvidia-h200");
  pp_measurement_set_string (unknown, PP_COLUMN_PRECISION, "fp16");
  pp_measurement_set_number (unknown, PP_COLUMN_BATCH, 1);
  pp_measurement_set_number (unknown, PP_COLUMN_LATENCY_MS, 3.7);
  g_list_store_append (later, unknown);
  g_assert_true (pp_measurement_store_insert (store, G_LIST_MODEL (later), "later", &added, NULL, &error));
  g_assert_cmpuint (added, ==, 31);

  /* And an H200 row stored again under another source: a new row, which
   * the fit had measured, so its check says nothing of it. */
  again = pp_measurement_copy (first_h200);
  pp_measurement_set_string (again, PP_COLUMN_SOURCE, "stored again");
  g_assert_true (pp_measurement_store_add (store, again, &stored, &error));
  g_assert_true (stored);

  /* A stamp that is not one of this store's checks nothing. */
  pp_fitted_predictor_set_data_stamp (fit, NULL);
  g_assert_true (pp_fitted_predictor_check_store (fit, catalog, store, &n, NULL, &error));
  g_assert_cmpuint (n, ==, 0);
  garbled = g_strconcat (stamp, "2x", NULL);
  pp_fitted_predictor_set_data_stamp (fit, garbled);
  g_assert_true (pp_fitted_predictor_check_store (fit, catalog, store, &n, NULL, &error));
  g_assert_cmpuint (n, ==, 0);
  pp_fitted_predictor_set_data_stamp (fit, stamp);

  g_assert_true (pp_fitted_predictor_check_store (fit, catalog, store, &n, NULL, &error));
  g_assert_cmpuint (n, ==, 32);
  g_assert_true (pp_fitted_predictor_check_store (fit, catalog, store, &n, NULL, &error));
  g_assert_cmpuint (n, ==, 0);

  fits = pp_measurement_store_dup_checked_fits (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (fits), ==, 1);
  g_assert_cmpstr (fits[0], ==, pp_fitted_predictor_get_fitted_at (fit));

  checks = pp_validation_new_for_checks (catalog, store, NULL, &error);
  g_assert_no_error (error);
  direct = pp_validation_new ();
  g_assert_true (pp_validation_predict_rows (direct, catalog, PP_PREDICTOR (fit), G_LIST_MODEL (later), NULL,
                                             &error));
  assert_same_metrics (checks, direct, PP_TARGET_LATENCY);
  assert_same_metrics (checks, direct, PP_TARGET_THROUGHPUT);
  /* The unknown model, and the row the fit had measured. */
  g_assert_cmpuint (pp_validation_get_n_skipped (checks), ==, 2);
  g_assert_cmpuint (pp_validation_get_n_skipped (direct), ==, 1);
  g_assert_cmpuint (pp_validation_get_n_rows (checks), ==, 30);
  g_assert_true (pp_validation_get_metrics (checks, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &m));
  g_assert_cmpuint (m.n, ==, 30);

  /* A store is data, not a caller: confidences it lost or garbled are
   * read as none, without a critical warning. */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (pp_measurement_store_get_path (store), &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE checks SET latency_confidence = NULL, memory_confidence = 7",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_clear_object (&checks);
  checks = pp_validation_new_for_checks (catalog, store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pp_validation_get_metrics (checks, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &m));
  g_assert_cmpuint (m.n, ==, 30);
  g_assert_cmpfloat (m.mean_confidence, ==, 0);

  none = pp_validation_new_for_checks (catalog, store, "1999-01-01T00:00:00Z", &error);
  g_assert_no_error (error);
  g_assert_false (pp_validation_get_metrics (none, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &m));

  /* The arithmetic of stamps: a fit stamped as if fitted when the store
   * had 300 rows (it learned all 346) checks the last 46 of the H200's,
   * and the later rows keep the checks they had. */
  earlier = pp_measurement_store_dup_stamp_for_rows (store, 300);
  pp_fitted_predictor_set_data_stamp (fit, earlier);
  g_assert_true (pp_fitted_predictor_check_store (fit, catalog, store, &n, NULL, &error));
  g_assert_cmpuint (n, ==, 46);

  /* Fitted to another store, it checks nothing of this one. */
  g_assert_true (pp_measurement_store_insert (other, h200_rows, "test", NULL, NULL, &error));
  g_assert_true (pp_fitted_predictor_check_store (fit, catalog, other, &n, NULL, &error));
  g_assert_cmpuint (n, ==, 0);
  g_clear_pointer (&fits, g_strfreev);
  fits = pp_measurement_store_dup_checked_fits (other, &error);
  g_assert_cmpuint (g_strv_length (fits), ==, 0);

  /* Nor of a store made anew at the same path, once it holds as many
   * rows: it is another store. */
  path_of_other = g_strdup (pp_measurement_store_get_path (other));
  g_clear_object (&other);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree char *file_name = g_strconcat (path_of_other, *suffix, NULL);

      g_remove (file_name);
    }
  other = pp_measurement_store_new (path_of_other, &error);
  g_assert_no_error (error);
  g_assert_true (pp_measurement_store_insert (other, h200_rows, "test", NULL, NULL, &error));
  g_assert_true (pp_measurement_store_insert (other, G_LIST_MODEL (later), "later", NULL, NULL, &error));
  pp_fitted_predictor_set_data_stamp (fit, stamp);
  g_assert_true (pp_fitted_predictor_check_store (fit, catalog, other, &n, NULL, &error));
  g_assert_cmpuint (n, ==, 0);
}

/* A confidence is a chance: NaN, or a number outside [0, 1], is the
 * caller's bug, refused as a GObject property's range would refuse it,
 * and the confidence stays what it was. */
static void
test_confidence_range (void)
{
  g_autoptr(PpWorkload) w = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 1, 128, PP_PHASE_FORWARD);
  g_autoptr(PpPrediction) p = pp_prediction_new (w, "test");
  const double refused[] = { NAN, -0.25, 1.5, INFINITY, -INFINITY };

  pp_prediction_set_confidence (p, PP_TARGET_MEMORY, 0.5);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_expect_message ("Pp", G_LOG_LEVEL_CRITICAL, "*pp_prediction_set_confidence*confidence*");
      pp_prediction_set_confidence (p, PP_TARGET_MEMORY, refused[i]);
      g_test_assert_expected_messages ();
      g_assert_cmpfloat (pp_prediction_get_confidence (p, PP_TARGET_MEMORY), ==, 0.5);
    }

  /* Both ends are chances too. */
  pp_prediction_set_confidence (p, PP_TARGET_MEMORY, 0);
  g_assert_cmpfloat (pp_prediction_get_confidence (p, PP_TARGET_MEMORY), ==, 0);
  pp_prediction_set_confidence (p, PP_TARGET_MEMORY, 1);
  g_assert_cmpfloat (pp_prediction_get_confidence (p, PP_TARGET_MEMORY), ==, 1);
}

/* The sentences the CLI and the app show. Fixed costs are what more
 * cores do not shorten on a CPU, and a faster chip on an accelerator. */
static void
test_descriptions (void)
{
  g_autoptr(PpWorkload) gpu = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 1, 128, PP_PHASE_FORWARD);
  g_autoptr(PpWorkload) cpu = workload ("bert-base", "intel-xeon-8580-emr-16vcpu", PP_PRECISION_FP32, 1, 128,
                                        PP_PHASE_FORWARD);
  g_autoptr(PpPrediction) on_gpu = pp_prediction_new (gpu, "test");
  g_autoptr(PpPrediction) on_cpu = pp_prediction_new (cpu, "test");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_null (pp_prediction_describe_bottleneck (on_gpu));
  pp_prediction_set_bottleneck (on_gpu, PP_BOTTLENECK_FIXED_COSTS);
  pp_prediction_set_bottleneck (on_cpu, PP_BOTTLENECK_FIXED_COSTS);
  g_assert_nonnull (strstr (pp_prediction_describe_bottleneck (on_gpu), "a faster chip barely helps"));
  g_assert_nonnull (strstr (pp_prediction_describe_bottleneck (on_cpu), "more cores barely help"));
  pp_prediction_set_bottleneck (on_cpu, PP_BOTTLENECK_BANDWIDTH);
  g_assert_true (g_str_has_prefix (pp_prediction_describe_bottleneck (on_cpu), "bound by memory bandwidth"));

  g_assert_null (pp_evidence_describe (PP_EVIDENCE_UNKNOWN));
  g_assert_cmpstr (pp_evidence_describe (PP_EVIDENCE_MEASURED), ==, "measured");
  for (PpEvidence e = PP_EVIDENCE_MEASURED; e < PP_N_EVIDENCES; e++)
    {
      const char *text = pp_evidence_describe (e);

      g_assert_nonnull (text);
      g_assert_false (g_hash_table_contains (seen, text));
      g_hash_table_add (seen, (gpointer)text);
    }
  g_assert_null (pp_evidence_describe (PP_N_EVIDENCES));

  g_assert_cmpstr (pp_target_get_unit (PP_TARGET_LATENCY), ==, "ms");
  g_assert_cmpstr (pp_target_get_unit (PP_TARGET_THROUGHPUT), ==, "items/s");
  g_assert_cmpstr (pp_target_get_unit (PP_TARGET_MEMORY), ==, "MiB");
}

static void
test_measured_workload_predicted_as_measured (void)
{
  g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, 0);
  g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
  g_autoptr(PpPrediction) p = predict (h200_predictor, w);
  double lo, hi;

  g_assert_cmpfloat (pp_prediction_get_latency_ms (p), ==, pp_measurement_get_latency_ms (m));
  g_assert_cmpfloat (pp_prediction_get_memory_mb (p), ==, pp_measurement_get_memory_mb (m));
  pp_prediction_get_value (p, PP_TARGET_LATENCY, &lo, &hi);
  g_assert_cmpfloat (lo, <, pp_measurement_get_latency_ms (m));
  g_assert_cmpfloat (hi, >, pp_measurement_get_latency_ms (m));
  g_assert_cmpuint (pp_prediction_get_n_support (p), >, 0);
  g_assert_false (pp_prediction_get_out_of_distribution (p));
}

/* Measurements keep the KV cache at the model's precision, so the same
 * decode step with an int2 cache was not measured: its memory is the
 * measured one less the cache bytes int2 saves (Llama 2 7B at batch 8
 * and 1025 cached tokens: 4100 MiB at 16 bits, 512.5 MiB at 2), not the
 * measurement returned as is. */
static void
test_kv_precision_moves_measured (void)
{
  g_autoptr(PpWorkload) bf16 = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 8, 1024,
                                         PP_PHASE_DECODE);
  g_autoptr(PpWorkload) int2 = pp_workload_copy (bf16);
  g_autoptr(PpPrediction) measured = NULL;
  g_autoptr(PpPrediction) narrow = NULL;

  pp_workload_set_framework (bf16, "pytorch-2.11+transformers-5.17");
  pp_workload_set_framework (int2, "pytorch-2.11+transformers-5.17");
  pp_workload_set_kv_precision (int2, PP_PRECISION_INT2);
  measured = predict (h200_predictor, bf16);
  narrow = predict (h200_predictor, int2);

  g_assert_cmpfloat_with_epsilon (pp_prediction_get_memory_mb (measured), 17754.1, 0.05);
  g_assert_cmpfloat_with_epsilon (pp_prediction_get_memory_mb (measured) - pp_prediction_get_memory_mb (narrow),
                                  4100 - 512.5, 0.5);
  /* Less cache to read is never slower (this step is bound by fixed
   * costs, so it is as fast, up to rounding). */
  g_assert_cmpfloat (pp_prediction_get_latency_ms (narrow), <=,
                     pp_prediction_get_latency_ms (measured) * (1 + 1e-12));
}

/* The H200 file does not say how many tokens its encoder-decoders'
 * decoders ran, so a T5 call told to run its decoder on a quarter of
 * the tokens is not the measured call: it is predicted from it, and
 * faster. Told the sequence length, it is the measurement. */
static void
test_decoder_seq_len_moves_measured (void)
{
  g_autoptr(PpWorkload) whole = workload ("t5-small", "nvidia-h200", PP_PRECISION_FP16, 64, 512,
                                          PP_PHASE_FORWARD);
  g_autoptr(PpWorkload) same = pp_workload_copy (whole);
  g_autoptr(PpWorkload) quarter = pp_workload_copy (whole);
  g_autoptr(PpPrediction) measured = NULL;
  g_autoptr(PpPrediction) as_measured = NULL;
  g_autoptr(PpPrediction) shorter = NULL;

  pp_workload_set_decoder_seq_len (same, 512);
  pp_workload_set_decoder_seq_len (quarter, 128);
  measured = predict (h200_predictor, whole);
  as_measured = predict (h200_predictor, same);
  shorter = predict (h200_predictor, quarter);

  g_assert_cmpfloat_with_epsilon (pp_prediction_get_latency_ms (measured), 35.0064, 1e-4);
  g_assert_cmpfloat (pp_prediction_get_latency_ms (as_measured), ==, pp_prediction_get_latency_ms (measured));
  g_assert_cmpfloat (pp_prediction_get_latency_ms (shorter), <, 0.95 * pp_prediction_get_latency_ms (measured));
  g_assert_cmpfloat (pp_prediction_get_latency_ms (shorter), >, 0.5 * pp_prediction_get_latency_ms (measured));
}

static double
halfwidth (PpPrediction *p)
{
  double lo, hi, v = pp_prediction_get_value (p, PP_TARGET_LATENCY, &lo, &hi);

  return (hi - lo) / (2 * v);
}

/* Intervals widen with distance from the data: a model the predictor
 * never saw, on a device it never saw, gets a wider interval than a
 * measured model at an unmeasured batch size. */
static void
test_intervals_widen_away_from_data (void)
{
  g_autoptr(PpWorkload) near = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 8, 128, PP_PHASE_FORWARD);
  g_autoptr(PpWorkload) far = workload ("llama-70b", "nvidia-l4", PP_PRECISION_INT4, 64, 4096, PP_PHASE_PREFILL);
  g_autoptr(PpPrediction) pn = predict (h200_predictor, near);
  g_autoptr(PpPrediction) pf = predict (h200_predictor, far);

  g_assert_cmpfloat (halfwidth (pf), >, 1.5 * halfwidth (pn));
  g_assert_true (pp_prediction_get_out_of_distribution (pf));
  g_assert_false (pp_prediction_get_out_of_distribution (pn));
  g_assert_cmpfloat (pp_prediction_get_confidence (pf, PP_TARGET_LATENCY), <,
                     pp_prediction_get_confidence (pn, PP_TARGET_LATENCY));
  g_assert_cmpuint (pp_prediction_get_n_support (pf), ==, 0);
}

/* What no measurement has counts as distance from the data: a KV cache
 * below the weights' precision (each halving one unit) and a decoder run
 * at another length than its encoder. Read off Llama 2 7B's measured
 * batch sizes, an int2 cache's latency used to come with a ±10% interval
 * and a confidence of 0.99, narrower than the measured bf16 step's own,
 * though no int2 cache was ever measured; the further from the
 * weights' precision, the wider now. A workload with every field as
 * measured keeps its distance to the bit
 * (/Pp/FittedPredictor/measured-configs/distance). */
static void
test_unmeasured_fields_widen (void)
{
  g_autoptr(PpWorkload) w = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 16, 1024, PP_PHASE_DECODE);
  g_autoptr(PpWorkload) t5 = workload ("t5-small", "nvidia-h200", PP_PRECISION_FP16, 8, 512, PP_PHASE_FORWARD);
  PpPrecision caches[] = { PP_PRECISION_BF16, PP_PRECISION_INT8, PP_PRECISION_INT4, PP_PRECISION_INT2 };
  g_autoptr(PpPrediction) whole = NULL;
  g_autoptr(PpPrediction) shorter = NULL;
  double last_width = 0, last_confidence = 1;

  for (guint i = 0; i < G_N_ELEMENTS (caches); i++)
    {
      g_autoptr(PpPrediction) p = NULL;

      pp_workload_set_kv_precision (w, caches[i]);
      p = predict (h200_predictor, w);
      g_test_message ("%s cache: half-width %.3f, confidence %.3f", pp_precision_to_string (caches[i]),
                      halfwidth (p), pp_prediction_get_confidence (p, PP_TARGET_LATENCY));
      g_assert_cmpint (pp_prediction_get_evidence (p, PP_TARGET_LATENCY), ==, PP_EVIDENCE_OTHER_BATCH_SIZES);
      g_assert_cmpfloat (halfwidth (p), >, last_width);
      g_assert_cmpfloat (pp_prediction_get_confidence (p, PP_TARGET_LATENCY), <, last_confidence);
      last_width = halfwidth (p);
      last_confidence = pp_prediction_get_confidence (p, PP_TARGET_LATENCY);
    }
  g_assert_cmpfloat (last_width, >, 0.4);

  whole = predict (h200_predictor, t5);
  pp_workload_set_decoder_seq_len (t5, 128);
  shorter = predict (h200_predictor, t5);
  g_assert_cmpfloat (halfwidth (shorter), >, 1.2 * halfwidth (whole));
  pp_workload_set_decoder_seq_len (t5, G_MAXINT);
  g_clear_object (&shorter);
  shorter = predict (h200_predictor, t5);
  /* A decoder run 2^31 tokens long is far from anything measured: with
   * σ growing linearly beyond the calibrated distance, its interval is
   * 20 times as wide as the measured length's (8 times either way, 0.27
   * within ±25%); it was 10^35 wide while σ grew exponentially. */
  g_test_message ("decoder of 2^31 tokens: half-width %.3f (%.3f at its length), confidence %.3f",
                  halfwidth (shorter), halfwidth (whole), pp_prediction_get_confidence (shorter, PP_TARGET_LATENCY));
  g_assert_true (pp_prediction_get_out_of_distribution (shorter));
  g_assert_cmpfloat (halfwidth (shorter), >, 10 * halfwidth (whole));
  g_assert_cmpfloat (pp_prediction_get_confidence (shorter, PP_TARGET_LATENCY), <,
                     pp_prediction_get_confidence (whole, PP_TARGET_LATENCY) / 2);
}

/* Beyond the farthest held-out row a calibration cell saw, its interval
 * keeps widening, at no less than the slopes the head's cells share
 * (fit_beyond_slopes()): Llama 2 7B read off its measured length at
 * ever longer contexts, and at batch sizes far past those measured,
 * used to keep the interval of a cell whose own slopes were fitted at
 * 0 (confidence 0.90 from 4,096 tokens to 10^6). */
static void
test_intervals_widen_beyond_calibration (void)
{
  const Model *model = _pp_fitted_predictor_get_model (h200_predictor);
  const guint lengths[] = { 4096, 65536, 1000000 };
  g_autoptr(PpWorkload) w = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 8, 1024, PP_PHASE_DECODE);
  g_autoptr(PpPrediction) huge = NULL;
  Conformal c = { .sigma_alpha = -2, .sigma_beta = 0, .sigma_gamma = 0.5,
                  .max_distance = 1, .max_reach = 2, .beyond_beta = 0.25, .beyond_gamma = 0.5 };
  double last_width = 0, last_confidence = 1;
  gboolean wider = FALSE;

  /* Within the calibrated range, the fitted line of log σ; beyond, σ
   * grows linearly from the edge, by the slopes beyond. */
  g_assert_cmpfloat (_pp_conformal_sigma (&c, 0.5, 1), ==, exp (-2 + 0.5 * 1));
  g_assert_cmpfloat_with_epsilon (_pp_conformal_sigma (&c, 3, 1), exp (-2 + 0.5) * (1 + 0.25 * 2), 1e-15);
  g_assert_cmpfloat_with_epsilon (_pp_conformal_sigma (&c, 3, 6), exp (-2 + 0.5 * 2) * (1 + 0.25 * 2 + 0.5 * 4),
                                  1e-15);

  /* Every cell of the fit widens beyond its range no slower than
   * within it, and some faster. */
  for (guint h = 0; h < N_HEADS; h++)
    for (guint b = 0; b < N_BASES; b++)
      for (guint k = 0; k <= N_DEVICE_KINDS; k++)
        {
          const Conformal *cell = &model->heads[h].conformal[b][k];

          g_assert_cmpfloat (cell->beyond_beta, >=, cell->sigma_beta);
          g_assert_cmpfloat (cell->beyond_gamma, >=, cell->sigma_gamma);
          g_assert_cmpfloat (cell->max_distance, >=, 0);
          wider |= cell->beyond_beta > cell->sigma_beta || cell->beyond_gamma > cell->sigma_gamma;
        }
  g_assert_true (wider);

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(PpPrediction) p = NULL;

      pp_workload_set_seq_len (w, lengths[i]);
      p = predict (h200_predictor, w);
      g_test_message ("context %u: half-width %.3f, confidence %.3f", lengths[i], halfwidth (p),
                      pp_prediction_get_confidence (p, PP_TARGET_LATENCY));
      g_assert_cmpint (pp_prediction_get_evidence (p, PP_TARGET_LATENCY), ==, PP_EVIDENCE_OTHER_LENGTHS);
      g_assert_cmpfloat (halfwidth (p), >, last_width);
      g_assert_cmpfloat (pp_prediction_get_confidence (p, PP_TARGET_LATENCY), <, last_confidence);
      last_width = halfwidth (p);
      last_confidence = pp_prediction_get_confidence (p, PP_TARGET_LATENCY);
    }
  g_assert_cmpfloat (last_confidence, <, 0.85);

  /* A million sequences of a million tokens, read off batch sizes up to
   * 32, widens further (half-width 0.77, confidence 0.75; they were
   * 0.27 and 0.90 before the slopes beyond, and 1.94 and 0.55 while σ
   * grew exponentially beyond the edge). */
  pp_workload_set_batch (w, 1000000);
  huge = predict (h200_predictor, w);
  g_test_message ("batch 10^6 at 10^6 tokens: half-width %.3f, confidence %.3f", halfwidth (huge),
                  pp_prediction_get_confidence (huge, PP_TARGET_LATENCY));
  g_assert_true (pp_prediction_get_out_of_distribution (huge));
  g_assert_cmpfloat (pp_prediction_get_confidence (huge, PP_TARGET_LATENCY), <, last_confidence);
  g_assert_cmpfloat (halfwidth (huge), >, 1.5 * last_width);
}

/* The first of @p's notes that contains @text, or NULL. */
static const char *
find_note (PpPrediction *p,
           const char   *text)
{
  const char * const *notes = pp_prediction_get_notes (p);

  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    if (strstr (notes[i], text) != NULL)
      return notes[i];

  return NULL;
}

/* No thread count on a CPU is all of its threads, which is how the H200
 * host's rows spell it (16 of 16), and perfcast-cli bench's rows of a
 * browser backend (the host's threads): predicted without --threads,
 * BERT base on that Xeon was carried over from other devices instead
 * of taken as measured. A count that was given stays as it is. */
static void
test_all_threads (void)
{
  const char *xeon = "intel-xeon-8580-emr-16vcpu";
  g_autoptr(PpWorkload) w = workload ("bert-base", xeon, PP_PRECISION_FP32, 1, 128, PP_PHASE_FORWARD);
  g_autoptr(PpPrediction) all = predict (h200_predictor, w);
  g_autoptr(PpPrediction) sixteen = NULL;
  g_autoptr(PpPrediction) four = NULL;

  g_assert_cmpuint (_pp_hardware_spec_get_threads (pp_catalog_lookup_hardware (catalog, xeon)), ==, 16);
  g_assert_cmpint (pp_prediction_get_evidence (all, PP_TARGET_LATENCY), ==, PP_EVIDENCE_MEASURED);
  /* The H200 file's row: 33.9734 ms. */
  g_assert_cmpfloat_with_epsilon (pp_prediction_get_value (all, PP_TARGET_LATENCY, NULL, NULL), 33.9734, 1e-9);
  g_assert_cmpuint (pp_workload_get_threads (pp_prediction_get_workload (all)), ==, 16);
  /* And says so. */
  g_assert_nonnull (find_note (all, "predicted on all of intel-xeon-8580-emr-16vcpu’s threads (16)"));

  pp_workload_set_threads (w, 16);
  sixteen = predict (h200_predictor, w);
  g_assert_null (find_note (sixteen, "thread"));
  g_assert_cmpfloat (pp_prediction_get_value (sixteen, PP_TARGET_LATENCY, NULL, NULL), ==,
                     pp_prediction_get_value (all, PP_TARGET_LATENCY, NULL, NULL));
  pp_workload_set_threads (w, 4);
  four = predict (h200_predictor, w);
  g_assert_cmpuint (pp_workload_get_threads (pp_prediction_get_workload (four)), ==, 4);
  g_assert_cmpfloat_with_epsilon (pp_prediction_get_value (four, PP_TARGET_LATENCY, NULL, NULL), 57.6906, 1e-9);

  /* Where neither spelling was measured, nothing is spelled out, and
   * nothing said. */
  pp_workload_set_threads (w, 0);
  pp_workload_set_seq_len (w, 100);
  g_clear_object (&all);
  all = predict (h200_predictor, w);
  g_assert_cmpuint (pp_workload_get_threads (pp_prediction_get_workload (all)), ==, 0);
  g_assert_null (find_note (all, "thread"));

  /* A GPU has no threads to count. */
  g_assert_cmpuint (_pp_hardware_spec_get_threads (pp_catalog_lookup_hardware (catalog, "nvidia-h200")), ==, 0);
}

/* Far beyond the measured batch sizes an interval is wide but still
 * says something: its ends are powers of the batch size, not the
 * 10^-224 – 10^232 s that an exponential σ gave Llama 2 7B at batch
 * 10^5 (measured up to 32). The memory interval starts at what the
 * call holds for certain, its weights and KV cache: it started at a
 * ninth of that at batch 1,000. */
static void
test_intervals_far_out (void)
{
  g_autoptr(PpWorkload) w = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 1000, 1024, PP_PHASE_DECODE);
  const guint batches[] = { 1000, 100000 };
  double last_span = 0, last_lo = 0;
  /* The H200 file's fastest row against its roofline: t5-small on the
   * Xeon, at 0.72 of it. */
  double fastest = _pp_fitted_predictor_get_model (h200_predictor)->fastest_ratio;

  g_assert_cmpfloat_with_epsilon (fastest, 0.715, 0.001);

  for (guint i = 0; i < G_N_ELEMENTS (batches); i++)
    {
      g_autoptr(PpPrediction) p = NULL;
      PpRooflineEstimate e;
      double lo, hi, v, mem_lo, mem_hi, mem, held;

      pp_workload_set_batch (w, batches[i]);
      p = predict (h200_predictor, w);
      g_assert_true (pp_roofline_estimate (w, &e, NULL));
      held = (e.weight_bytes + e.kv_cache_bytes) / (1024.0 * 1024.0);
      v = pp_prediction_get_value (p, PP_TARGET_LATENCY, &lo, &hi);
      mem = pp_prediction_get_value (p, PP_TARGET_MEMORY, &mem_lo, &mem_hi);
      g_test_message ("batch %u: latency %g (%g – %g) ms, memory %g (%g – %g) MiB, weights and cache %g MiB",
                      batches[i], v, lo, hi, mem, mem_lo, mem_hi, held);

      g_assert_true (pp_prediction_get_out_of_distribution (p));
      /* Wider the further out, and finite. */
      g_assert_cmpfloat (lo, >, 0);
      g_assert_true (isfinite (hi));
      g_assert_cmpfloat (hi / lo, >, last_span);
      g_assert_cmpfloat (hi / lo, <, 1e9);
      last_span = hi / lo;
      /* Nor faster than any fitted row ran, against its roofline: the
       * lower end grows with the batch. */
      g_assert_cmpfloat (lo, >=, fastest * e.seconds * 1e3 * (1 - 1e-12));
      g_assert_cmpfloat (lo, >, last_lo);
      last_lo = lo;

      g_assert_cmpfloat (mem, >=, held);
      g_assert_cmpfloat_with_epsilon (mem_lo, held, held * 1e-12);
      g_assert_true (isfinite (mem_hi));
    }

  /* An estimate below what the call holds (llama-160m's fp16 decode step
   * at batch 64 and 2,048 tokens, which the fit puts at 0.97 of its
   * weights and cache) keeps its interval's lower half: raised to what
   * is held, the lower end had been the estimate itself. */
  {
    g_autoptr(PpWorkload) small = workload ("llama-160m", "nvidia-h200", PP_PRECISION_FP16, 64, 2048,
                                            PP_PHASE_DECODE);
    g_autoptr(PpPrediction) p = predict (h200_predictor, small);
    PpRooflineEstimate e;
    double mem, mem_lo, mem_hi, held;

    g_assert_true (pp_roofline_estimate (small, &e, NULL));
    held = (e.weight_bytes + e.kv_cache_bytes) / (1024.0 * 1024.0);
    mem = pp_prediction_get_value (p, PP_TARGET_MEMORY, &mem_lo, &mem_hi);
    g_test_message ("llama-160m: memory %g (%g – %g) MiB, weights and cache %g MiB", mem, mem_lo, mem_hi, held);
    g_assert_cmpfloat (mem, <, held);
    g_assert_cmpfloat (mem_lo, <, 0.99 * mem);
  }
}

/* The notes of @p joined by "|", or "" when it has none. */
static char *
dup_notes (PpPrediction *p)
{
  return g_strjoinv ("|", (char **)pp_prediction_get_notes (p));
}

/* A prediction notes how it was made where that is not what was asked:
 * an input size or a thread count it was not made at, a framework no
 * measurement ran, a precision the device has no peak for. A workload
 * as measured has none, nor does the roofline's own fp16 rate for
 * 4-bit weights on a GPU. */
static void
test_notes (void)
{
  const struct { const char *model, *hardware; PpPrecision precision; guint threads; double input;
                 const char *framework, *expected; } cases[] = {
    { "bert-base", "nvidia-h200", PP_PRECISION_FP16, 0, 0, NULL, "" },
    { "llama-7b", "nvidia-h200", PP_PRECISION_INT4, 0, 0, NULL, "" },
    { "bert-base", "nvidia-v100-sxm2-32gb", PP_PRECISION_FP8, 0, 0, NULL,
      "nvidia-v100-sxm2-32gb has no fp8 peak in the catalog: the roofline takes its fp16 peak" },
    { "bert-base", "nvidia-h200", PP_PRECISION_FP16, 0, 0, "onnxruntime-1.17",
      "No measurement ran “onnxruntime-1.17”: predicted from measurements with other software" },
    { "bert-base", "nvidia-h200", PP_PRECISION_FP16, 16, 0, NULL,
      "A GPU shares out no threads: predicted without the 16 asked for" },
    { "whisper-tiny", "nvidia-h200", PP_PRECISION_FP16, 0, 10, NULL,
      "whisper-tiny pads or cuts its audio to 30 s: predicted at that length, not at 10 s" },
    { "whisper-tiny", "nvidia-h200", PP_PRECISION_FP16, 0, 30, NULL, "" },
    { "bert-base", "intel-xeon-8580-emr-16vcpu", PP_PRECISION_FP32, 16, 0, NULL, "" },
    /* A CPU multiplies 4-bit weights at its int8 rate by design; an
     * Emerald Rapids Xeon's AMX has no fp16, and an EPYC no int8. */
    { "llama-7b", "intel-xeon-8580-emr-16vcpu", PP_PRECISION_INT4, 16, 0, NULL, "" },
    { "bert-base", "intel-xeon-8580-emr-16vcpu", PP_PRECISION_FP16, 16, 0, NULL,
      "intel-xeon-8580-emr-16vcpu has no fp16 peak in the catalog: the roofline takes its fp32 peak" },
    { "llama-7b", "amd-epyc-9654", PP_PRECISION_INT4, 16, 0, NULL,
      "amd-epyc-9654 has no int4 peak in the catalog: the roofline takes its fp32 peak" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpWorkload) w = workload (cases[i].model, cases[i].hardware, cases[i].precision, 4, 128,
                                          PP_PHASE_FORWARD);
      g_autoptr(PpPrediction) p = NULL;
      g_autofree char *notes = NULL;

      pp_workload_set_threads (w, cases[i].threads);
      if (cases[i].input > 0)
        pp_workload_set_input_size (w, cases[i].input);
      if (g_strcmp0 (cases[i].model, "llama-7b") == 0)
        pp_workload_set_phase (w, PP_PHASE_DECODE);
      pp_workload_set_framework (w, cases[i].framework);
      p = predict (h200_predictor, w);
      notes = dup_notes (p);
      g_assert_cmpstr (notes, ==, cases[i].expected);
    }

  /* A network known by its parameters alone is counted at 2 FLOPs a
   * parameter an item: for a transformer, a token; for a CNN, far too
   * few, which is said. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PpMeasurement) m = pp_measurement_new ();
      g_autoptr(PpModelSpec) spec = NULL;
      g_autoptr(PpWorkload) w = NULL;
      g_autoptr(PpPrediction) p = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *notes = NULL;

      pp_measurement_set_string (m, PP_COLUMN_MODEL, "only-params");
      pp_measurement_set_string (m, PP_COLUMN_ARCH, i == 0 ? "cnn" : "encoder");
      pp_measurement_set_number (m, PP_COLUMN_PARAMS_M, 25.6);
      spec = pp_model_spec_new_from_measurement (m, &error);
      g_assert_no_error (error);
      w = pp_workload_new (spec, pp_catalog_lookup_hardware (catalog, "nvidia-h200"), PP_PRECISION_FP16, 4);
      if (i == 1)
        pp_workload_set_seq_len (w, 128);
      p = predict (h200_predictor, w);
      notes = dup_notes (p);
      if (i == 0)
        g_assert_cmpstr (notes, ==, "only-params is counted at 2 FLOPs a parameter an item, as nothing finer is "
                                    "known of it: a network that applies its weights across an image, as a CNN "
                                    "does, runs many times more");
      else
        g_assert_cmpstr (notes, ==, "");
    }
}

/* The H200 file's rows, the H200's under a name the catalog does not
 * list (described as a CUDA GPU): with @batch 0 all of them, else those
 * of that batch size (@held_out) or all but those (!@held_out). */
static GListStore *
unlisted_h200_rows (guint    batch,
                    gboolean held_out)
{
  GListStore *rows = g_list_store_new (PP_TYPE_MEASUREMENT);

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_autoptr(PpMeasurement) copy = pp_measurement_copy (m);
      gboolean gpu = g_strcmp0 (pp_measurement_get_hardware (m), "nvidia-h200") == 0;

      if (gpu)
        {
          pp_measurement_set_string (copy, PP_COLUMN_HARDWARE, "h200-unlisted");
          pp_measurement_set_string (copy, PP_COLUMN_HARDWARE_KIND, "gpu");
          pp_measurement_set_string (copy, PP_COLUMN_BACKEND, "cuda");
        }
      if (batch == 0 || (gpu && (pp_measurement_get_batch (m) == batch) == held_out) || (!gpu && !held_out))
        g_list_store_append (rows, copy);
    }

  return rows;
}

/* A device the catalog does not list takes a listed one's figures
 * (pp_catalog_resolve_hardware()), and its own rows say the rest: the
 * H200 under another name, with the figures of the median CUDA GPU
 * (an RTX A5000: a ninth of its fp16 peak, a sixth of its bandwidth),
 * predicts its held-out batch size 16 about as well as
 * under its own (93.3% within ±25% against 91.7%; memory the same).
 * Seen in no row the fit had, it is refused: the stand-in's figures
 * would pass for its own. */
static void
test_unlisted_device (void)
{
  g_autoptr(GListStore) train = unlisted_h200_rows (16, FALSE);
  g_autoptr(GListStore) test = unlisted_h200_rows (16, TRUE);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(PpValidation) v = pp_validation_new ();
  g_autoptr(PpMeasurement) unseen = NULL;
  g_autoptr(PpWorkload) w = NULL;
  g_autoptr(PpPrediction) p = NULL;
  g_autoptr(GError) error = NULL;
  PpValidationMetrics latency, memory;

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pp_fitted_predictor_get_n_training (predictor), ==, g_list_model_get_n_items (G_LIST_MODEL (train)));
  g_assert_true (pp_validation_predict_rows (v, catalog, PP_PREDICTOR (predictor), G_LIST_MODEL (test), NULL, &error));
  g_assert_cmpuint (pp_validation_get_n_skipped (v), ==, 0);
  g_assert_true (pp_validation_get_metrics (v, PP_TARGET_LATENCY, PP_COLUMN_HARDWARE, "h200-unlisted", &latency));
  g_assert_true (pp_validation_get_metrics (v, PP_TARGET_MEMORY, PP_COLUMN_HARDWARE, "h200-unlisted", &memory));
  g_test_message ("unlisted H200, batch 16 held out: latency within 25%% %.3f, MAPE %.3f, coverage %.3f; "
                  "memory MAPE %.3f", latency.within_25, latency.mape, latency.coverage_90, memory.mape);
  g_assert_cmpuint (latency.n, ==, 60);
  g_assert_cmpfloat (latency.within_25, >=, 0.85);
  g_assert_cmpfloat (latency.mape, <=, 0.15);
  g_assert_cmpfloat (latency.coverage_90, >=, 0.85);
  g_assert_cmpfloat (memory.mape, <=, 0.05);

  unseen = g_list_model_get_item (G_LIST_MODEL (test), 0);
  w = pp_workload_new_from_measurement (catalog, unseen, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pp_hardware_spec_get_stand_in (pp_workload_get_hardware (w)), ==, "nvidia-rtx-a5000");
  {
    g_autoptr(PpPrediction) known = predict (predictor, w);
    g_autofree char *notes = dup_notes (known);
    g_autofree char *path = pp_test_dup_temp_path ("unlisted.json");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(PpFittedPredictor) loaded = NULL;
    g_autoptr(PpPrediction) again = NULL;

    g_assert_cmpstr (notes, ==, "h200-unlisted is not in the catalog: the roofline takes nvidia-rtx-a5000's peaks "
                                "and bandwidth");

    /* A saved fit keeps which device stood in. */
    g_assert_true (pp_fitted_predictor_save (predictor, file, &error));
    loaded = pp_fitted_predictor_load (catalog, file, &error);
    g_assert_no_error (error);
    again = predict (loaded, w);
    assert_same_prediction (known, again);
  }

  /* Described otherwise than its rows (no backend: the median of every
   * GPU stands in), it would be read off a line fitted to other
   * figures: refused, saying how to describe it. */
  pp_measurement_set_string (unseen, PP_COLUMN_BACKEND, NULL);
  g_clear_pointer (&w, pp_workload_unref);
  w = pp_workload_new_from_measurement (catalog, unseen, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pp_hardware_spec_get_stand_in (pp_workload_get_hardware (w)), !=, "nvidia-rtx-a5000");
  g_assert_null (pp_predictor_predict (PP_PREDICTOR (predictor), w, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "was fitted with nvidia-rtx-a5000's figures standing in"));
  g_clear_error (&error);
  p = pp_predictor_predict (PP_PREDICTOR (h200_predictor), w, &error);
  g_assert_null (p);
  g_assert_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "“h200-unlisted” is not in the catalog"));
}

/* Whisper pads or cuts its audio to 30 s, so the roofline counts the
 * same at any length, and so must the prediction: the trees, which saw
 * wav2vec 2.0 and CLAP at 5 and 10 s, used to put Whisper-tiny on an
 * A100 at 9.96 ms for 5–10 s, 7.81 ms for 20–60 s and 3.23 ms at 30 s.
 * It is predicted at the 30 s it runs, which the prediction says. */
static void
test_fixed_input_size (void)
{
  g_autoptr(PpWorkload) w = workload ("whisper-tiny", "nvidia-a100-sxm-80gb", PP_PRECISION_FP16, 1, 0,
                                      PP_PHASE_FORWARD);
  const double sizes[] = { 5, 10, 29, 31, 60 };
  g_autoptr(PpPrediction) at_30 = NULL;

  pp_workload_set_input_size (w, 30);
  at_30 = predict (h200_predictor, w);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(PpPrediction) p = NULL;
      PpPredictionValues v;

      pp_workload_set_input_size (w, sizes[i]);
      p = predict (h200_predictor, w);
      assert_same_prediction (p, at_30);
      g_assert_cmpfloat (pp_workload_get_input_size (pp_prediction_get_workload (p)), ==, 30);
      g_assert_true (pp_fitted_predictor_predict_values (h200_predictor, w, &v, NULL));
      g_assert_cmpfloat (v.latency_ms, ==, pp_prediction_get_latency_ms (at_30));
    }
}

/* An input size that is negative or not finite is refused: it read as
 * "not given" and was predicted at the model's default size, as if
 * never set (or, infinite, cut to Whisper's 30 s). 0 is "not given". */
static void
test_bad_input_size_refused (void)
{
  const char *models[] = { "resnet50", "vit-base", "whisper-tiny" };
  const double sizes[] = { -224, NAN, INFINITY, -INFINITY };

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autoptr(PpWorkload) w = workload (models[m], "nvidia-h200", PP_PRECISION_FP16, 1, 0, PP_PHASE_FORWARD);
        g_autoptr(PpPrediction) p = NULL;
        g_autoptr(GError) error = NULL;
        PpPredictionValues v;
        PpRooflineEstimate r;

        pp_workload_set_input_size (w, 0);
        p = predict (h200_predictor, w);
        g_clear_object (&p);

        pp_workload_set_input_size (w, sizes[i]);
        p = pp_predictor_predict (PP_PREDICTOR (h200_predictor), w, &error);
        g_assert_null (p);
        g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (strstr (error->message, "input size"));
        g_clear_error (&error);

        g_assert_false (pp_fitted_predictor_predict_values (h200_predictor, w, &v, &error));
        g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);

        g_assert_false (pp_roofline_estimate (w, &r, &error));
        g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
      }
}

/* An empty framework is none, as an empty cell of the column is: the
 * predictor picks the device's, and does not note that no measurement
 * ran a framework called "". */
static void
test_empty_framework (void)
{
  g_autoptr(PpWorkload) w = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP32, 1, 128, PP_PHASE_FORWARD);
  g_autoptr(PpPrediction) unnamed = predict (h200_predictor, w);
  g_autoptr(PpPrediction) empty = NULL;
  g_autofree char *notes = NULL;

  pp_workload_set_framework (w, "");
  g_assert_null (pp_workload_get_framework (w));
  empty = predict (h200_predictor, w);
  notes = dup_notes (empty);
  g_assert_cmpstr (notes, ==, "");
  assert_same_prediction (empty, unnamed);
}

/* A GPU shares out no threads: a thread count given with one (it moved
 * Llama 2 7B's measured 49.4 ms decode step on the H200 to a device
 * fit's 31.4 ms) is predicted as the call that runs, without it. */
static void
test_threads_on_a_gpu (void)
{
  g_autoptr(PpWorkload) w = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 8, 1024, PP_PHASE_DECODE);
  g_autoptr(PpPrediction) plain = predict (h200_predictor, w);
  g_autoptr(PpPrediction) threaded = NULL;

  pp_workload_set_threads (w, 16);
  threaded = predict (h200_predictor, w);
  assert_same_prediction (threaded, plain);
  g_assert_cmpint (pp_prediction_get_evidence (threaded, PP_TARGET_LATENCY), ==, PP_EVIDENCE_MEASURED);
  g_assert_cmpuint (pp_workload_get_threads (pp_prediction_get_workload (threaded)), ==, 0);
}

/* A measured workload is predicted as measured, but its interval is
 * the one it would have had unmeasured: the calibration never saw an
 * estimate read off its own batch size, so a width for that would be
 * made up. Llama 2 7B's decode step at batch 8 was measured; at batch
 * 16 it was not, and both are read off batch sizes far from them. (Read
 * off itself, batch 8's interval was ±11%, against ±17% for batch 16.) */
static void
test_measured_interval (void)
{
  g_autoptr(PpWorkload) measured = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 8, 1024, PP_PHASE_DECODE);
  g_autoptr(PpWorkload) unmeasured = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 16, 1024,
                                               PP_PHASE_DECODE);
  g_autoptr(PpPrediction) pm = predict (h200_predictor, measured);
  g_autoptr(PpPrediction) pu = predict (h200_predictor, unmeasured);

  g_test_message ("half-width: measured %.3f, unmeasured %.3f", halfwidth (pm), halfwidth (pu));
  g_assert_cmpfloat (halfwidth (pm), >, 0.8 * halfwidth (pu));
}

/* A prediction says what each value stands on, and so which interval
 * calibration it took: the measurement itself, the configuration at
 * other batch sizes or on another device (the L4 was never measured
 * here, Llama 2 7B was on the H200), the family's models on the device,
 * or the device's fit alone (nothing of Llama 2 70B anywhere). */
static void
test_evidence (void)
{
  static const struct {
    const char *model, *hardware;
    PpPrecision precision;
    guint batch;
    PpEvidence latency, memory;
  } cases[] = {
    { "llama-7b", "nvidia-h200", PP_PRECISION_BF16, 8, PP_EVIDENCE_MEASURED, PP_EVIDENCE_MEASURED },
    { "llama-7b", "nvidia-h200", PP_PRECISION_BF16, 16, PP_EVIDENCE_OTHER_BATCH_SIZES, PP_EVIDENCE_OTHER_BATCH_SIZES },
    { "llama-13b", "nvidia-h200", PP_PRECISION_BF16, 8, PP_EVIDENCE_FAMILY, PP_EVIDENCE_FAMILY },
    { "llama-7b", "nvidia-l4", PP_PRECISION_BF16, 8, PP_EVIDENCE_OTHER_DEVICES, PP_EVIDENCE_OTHER_DEVICES },
    { "llama-70b", "nvidia-l4", PP_PRECISION_INT4, 4, PP_EVIDENCE_DEVICE_FIT, PP_EVIDENCE_DEVICE_FIT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpWorkload) w = workload (cases[i].model, cases[i].hardware, cases[i].precision, cases[i].batch,
                                          1024, PP_PHASE_DECODE);
      g_autoptr(PpPrediction) p = predict (h200_predictor, w);

      g_test_message ("%s on %s, batch %u: latency %s, memory %s", cases[i].model, cases[i].hardware,
                      cases[i].batch, pp_evidence_to_string (pp_prediction_get_evidence (p, PP_TARGET_LATENCY)),
                      pp_evidence_to_string (pp_prediction_get_evidence (p, PP_TARGET_MEMORY)));
      g_assert_cmpint (pp_prediction_get_evidence (p, PP_TARGET_LATENCY), ==, cases[i].latency);
      g_assert_cmpint (pp_prediction_get_evidence (p, PP_TARGET_THROUGHPUT), ==, cases[i].latency);
      g_assert_cmpint (pp_prediction_get_evidence (p, PP_TARGET_MEMORY), ==, cases[i].memory);
    }

  g_assert_cmpstr (pp_evidence_to_string (PP_EVIDENCE_OTHER_BATCH_SIZES), ==, "other-batch-sizes");
}

/* With too few memory rows to calibrate, memory has no interval, but
 * still says what it stands on: Llama 2 7B's rows with the memory of
 * one call alone (its decode step at batch 8) give that call's memory
 * as measured, batch 16's read off it, and BERT's forward pass, with no
 * memory fit anywhere, the roofline's count. */
static void
test_evidence_uncalibrated (void)
{
  g_autoptr(GListStore) rows = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *model;
    guint batch;
    guint seq;
    PpPhase phase;
    PpEvidence memory;
  } cases[] = {
    { "llama-7b", 8, 1024, PP_PHASE_DECODE, PP_EVIDENCE_MEASURED },
    { "llama-7b", 16, 1024, PP_PHASE_DECODE, PP_EVIDENCE_OTHER_BATCH_SIZES },
    { "bert-base", 8, 128, PP_PHASE_FORWARD, PP_EVIDENCE_ROOFLINE },
  };

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_autoptr(PpMeasurement) copy = NULL;

      if (g_strcmp0 (pp_measurement_get_model (m), "llama-7b") != 0)
        continue;
      copy = pp_measurement_copy (m);
      if (!(pp_measurement_get_batch (m) == 8 && pp_measurement_get_seq_len (m) == 1024 &&
            g_strcmp0 (pp_measurement_get_phase (m), "decode") == 0 &&
            g_strcmp0 (pp_measurement_get_precision (m), "bf16") == 0))
        pp_measurement_set_number (copy, PP_COLUMN_MEMORY_MB, NAN);
      g_list_store_append (rows, copy);
    }
  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (rows), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpWorkload) w = workload (cases[i].model, "nvidia-h200", PP_PRECISION_BF16, cases[i].batch,
                                          cases[i].seq, cases[i].phase);
      g_autoptr(PpPrediction) p = predict (predictor, w);
      double lo, hi;

      pp_prediction_get_value (p, PP_TARGET_MEMORY, &lo, &hi);
      g_test_message ("%s, batch %u: memory %s", cases[i].model, cases[i].batch,
                      pp_evidence_to_string (pp_prediction_get_evidence (p, PP_TARGET_MEMORY)));
      g_assert_true (isnan (lo) && isnan (hi));
      g_assert_cmpint (pp_prediction_get_evidence (p, PP_TARGET_MEMORY), ==, cases[i].memory);
    }
  g_assert_cmpstr (pp_evidence_to_string (PP_EVIDENCE_DEVICE_FIT), ==, "device-fit");
}

/* Coverage holds for models never seen too: each of the H200 file's 17
 * models is held out in turn and predicted by a predictor fitted without
 * it (91.9% of latencies and 90.3% of memories inside their intervals
 * when this was written, docs/ACCURACY.md). Its latency is further from
 * the targets than the batch sizes' (78.9% within ±25%): this checks the
 * intervals say so, wider than for held-out batch sizes. */
static void
test_coverage_held_out_models (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PpValidation) v = pp_validation_cross (catalog, h200_rows, PP_COLUMN_MODEL, NULL, &error);
  PpValidationMetrics latency, memory;

  g_assert_no_error (error);
  g_assert_true (pp_validation_get_metrics (v, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &latency));
  g_assert_true (pp_validation_get_metrics (v, PP_TARGET_MEMORY, PP_COLUMN_SOURCE, NULL, &memory));
  g_test_message ("held-out model: latency coverage %.3f (median half-width %.3f, within 25%% %.3f), "
                  "memory coverage %.3f", latency.coverage_90, latency.median_halfwidth, latency.within_25,
                  memory.coverage_90);

  g_assert_cmpuint (latency.n, ==, 346);
  g_assert_cmpfloat (latency.coverage_90, >=, 0.85);
  g_assert_cmpfloat (latency.coverage_90, <=, 0.95);
  g_assert_cmpfloat (latency.median_halfwidth, >, 0.40);
  g_assert_cmpfloat (memory.coverage_90, >=, 0.85);
  g_assert_cmpfloat (memory.coverage_90, <=, 0.95);
  g_assert_cmpfloat (memory.mape, <, 0.08);
}

/* And for GPUs never seen: NVIDIA's published FasterTransformer and
 * DeepLearningExamples runs, each of their 7 GPUs held out in turn
 * (89.1% of latencies inside their intervals, with a median half-width
 * of 66.5%, when this was written, docs/ACCURACY.md): only 55.9% land
 * within ±25%, and the intervals are as wide as that says. */
static void
test_coverage_held_out_gpus (void)
{
  const char *names[] = { "fastertransformer.csv", "deeplearningexamples.csv" };
  g_autoptr(GListStore) rows = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpValidation) v = NULL;
  g_autoptr(GError) error = NULL;
  PpValidationMetrics latency;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("PERFCAST_DATA_DIR"), "datasets", names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GListModel) list = pp_measurement_list_load (file, PP_FILE_FORMAT_CSV, NULL, &error);

      g_assert_no_error (error);
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(PpMeasurement) m = g_list_model_get_item (list, j);

          g_list_store_append (rows, m);
        }
    }

  v = pp_validation_cross (catalog, G_LIST_MODEL (rows), PP_COLUMN_HARDWARE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pp_validation_get_metrics (v, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &latency));
  g_test_message ("held-out GPU: latency coverage %.3f (median half-width %.3f, within 25%% %.3f)",
                  latency.coverage_90, latency.median_halfwidth, latency.within_25);

  g_assert_cmpuint (latency.n, ==, 1311);
  g_assert_cmpfloat (latency.coverage_90, >=, 0.85);
  g_assert_cmpfloat (latency.coverage_90, <=, 0.95);
  g_assert_cmpfloat (latency.median_halfwidth, >, 0.5);
}

/* Coverage is a property measured on held-out data: every batch size of
 * the H200 measurements is held out in turn and predicted by a predictor
 * fitted without it. */
static void
test_coverage_held_out (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PpValidation) v = pp_validation_cross (catalog, h200_rows, PP_COLUMN_BATCH, NULL, &error);
  PpValidationMetrics latency, memory, h200, xeon;

  g_assert_no_error (error);
  g_assert_true (pp_validation_get_metrics (v, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &latency));
  g_assert_true (pp_validation_get_metrics (v, PP_TARGET_MEMORY, PP_COLUMN_SOURCE, NULL, &memory));
  g_test_message ("held-out batch: latency coverage %.3f, memory coverage %.3f, latency within 25%% %.3f",
                  latency.coverage_90, memory.coverage_90, latency.within_25);

  g_assert_cmpuint (latency.n, ==, 346);
  g_assert_cmpfloat (latency.coverage_90, >=, 0.85);
  g_assert_cmpfloat (latency.coverage_90, <=, 0.95);

  /* Covering is not enough: an interval as wide as the calibration's
   * hardest folds covers too. The folds that calibrate leave a batch
   * size out of data that already lacks one, so they reach further
   * from measured batch sizes than the predictions do; widths that grow
   * with that reach, rather than one width for every anchored estimate,
   * took the median half-width from 45.6% to 32.6%. */
  g_test_message ("held-out batch: median latency half-width %.3f", latency.median_halfwidth);
  g_assert_cmpfloat (latency.median_halfwidth, <, 0.40);

  /* The issue's targets, met on the H200's own rows: a configuration's
   * other batch sizes, through the line they lie on, answer for the
   * one held out. */
  g_assert_true (pp_validation_get_metrics (v, PP_TARGET_LATENCY, PP_COLUMN_HARDWARE, "nvidia-h200", &h200));
  g_test_message ("held-out batch on the H200: latency within 25%% %.3f, MAPE %.3f", h200.within_25, h200.mape);
  g_assert_cmpfloat (h200.within_25, >=, 0.85);
  g_assert_cmpfloat (h200.mape, <=, 0.15);

  /* The Xeon was measured at batch 1 and 8 only, so one is predicted
   * from the other with the device's fixed costs and efficiency fitted
   * together. Taking the efficiency from the fastest rows instead made
   * its latency MAPE 98%. */
  g_assert_true (pp_validation_get_metrics (v, PP_TARGET_LATENCY, PP_COLUMN_HARDWARE,
                                            "intel-xeon-8580-emr-16vcpu", &xeon));
  g_test_message ("held-out batch on the Xeon: latency within 25%% %.3f, MAPE %.3f", xeon.within_25, xeon.mape);
  g_assert_cmpfloat (xeon.mape, <=, 0.40);

  /* The confidence is the chance a prediction gives itself of landing
   * within ±25%: on held-out rows, their mean is near the share that
   * does (83.0% against 85.8%), and it knows the Xeon's rows from the
   * H200's (75.6% against 84.5%, where 58.6% and 91.3% do). */
  g_test_message ("held-out batch: mean latency confidence %.3f (H200 %.3f, Xeon %.3f)",
                  latency.mean_confidence, h200.mean_confidence, xeon.mean_confidence);
  g_assert_cmpfloat (fabs (latency.mean_confidence - latency.within_25), <, 0.05);
  g_assert_cmpfloat (xeon.mean_confidence, <, h200.mean_confidence - 0.05);
  g_assert_cmpfloat (fabs (memory.mean_confidence - memory.within_25), <, 0.05);
  g_assert_cmpfloat (memory.coverage_90, >=, 0.85);
  g_assert_cmpfloat (memory.coverage_90, <=, 0.95);
  g_assert_cmpfloat (memory.mape, <, 0.12);

  /* Every row says what its prediction stood on. A held-out batch size
   * is never read as measured (that would be a leak), and it is read
   * off the configuration's other batch sizes wherever there are any. */
  {
    guint n = 0;

    for (guint e = 0; e < PP_N_EVIDENCES; e++)
      {
        PpValidationMetrics m;

        if (pp_validation_get_evidence_metrics (v, PP_TARGET_LATENCY, e, &m))
          {
            g_test_message ("held-out batch, latency from %s: %u rows, within 25%% %.3f",
                            pp_evidence_to_string (e), m.n, m.within_25);
            n += m.n;
          }
      }
    g_assert_cmpuint (n, ==, latency.n);
  }
  {
    PpValidationMetrics from;

    g_assert_false (pp_validation_get_evidence_metrics (v, PP_TARGET_LATENCY, PP_EVIDENCE_UNKNOWN, &from));
    g_assert_false (pp_validation_get_evidence_metrics (v, PP_TARGET_LATENCY, PP_EVIDENCE_MEASURED, &from));
    g_assert_cmpuint (from.n, ==, 0);
    g_assert_true (pp_validation_get_evidence_metrics (v, PP_TARGET_LATENCY, PP_EVIDENCE_OTHER_BATCH_SIZES,
                                                       &from));
    g_assert_cmpuint (from.n, >, 300);
  }
}

/* A fit to one model's rows holds no model out of its calibration
 * folds, so it has no distance beyond which a workload is out of
 * distribution: infinite, which JSON cannot hold. Such a fit was saved
 * with "inf" in it, which no parser reads, so the store's fit was
 * refitted at every start. */
static void
test_save_load_one_model (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("one-model.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListStore) rows = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(PpFittedPredictor) loaded = NULL;
  g_autoptr(PpWorkload) w = workload ("bert-large", "nvidia-h200", PP_PRECISION_FP16, 3, 128, PP_PHASE_FORWARD);
  g_autoptr(PpPrediction) before = NULL;
  g_autoptr(PpPrediction) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);

      if (g_str_equal (pp_measurement_get_model (m), "bert-large") &&
          g_str_equal (pp_measurement_get_hardware (m), "nvidia-h200"))
        g_list_store_append (rows, m);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 24);

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (rows), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isinf (_pp_fitted_predictor_get_model (predictor)->d_ood));
  g_assert_true (pp_fitted_predictor_save (predictor, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "inf"));

  loaded = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_no_error (error);
  g_assert_true (isinf (_pp_fitted_predictor_get_model (loaded)->d_ood));
  before = predict (predictor, w);
  after = predict (loaded, w);
  assert_same_prediction (before, after);
  g_assert_false (pp_prediction_get_out_of_distribution (after));

  /* Any other number JSON cannot hold is refused, saying where, and
   * nothing is written. */
  ((Model *)_pp_fitted_predictor_get_model (loaded))->heads[HEAD_LATENCY].anchored_share = NAN;
  g_assert_false (pp_fitted_predictor_save (loaded, file, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "/heads/latency/anchored_share is not a finite number"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "nan"));
}

static void
test_save_load (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("predictor.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PpFittedPredictor) loaded = NULL;
  g_autoptr(PpWorkload) w = workload ("vit-large", "nvidia-h200", PP_PRECISION_BF16, 32, 197, PP_PHASE_FORWARD);
  g_autoptr(PpWorkload) unmeasured = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 8, 256,
                                               PP_PHASE_FORWARD);
  g_autoptr(PpPrediction) a = NULL;
  g_autoptr(PpPrediction) b = NULL;
  g_autoptr(PpPrediction) c = NULL;
  g_autoptr(PpPrediction) d = NULL;
  g_autoptr(GError) error = NULL;
  guint crossed = 0;

  pp_workload_set_input_size (w, 224);
  pp_fitted_predictor_set_data_stamp (h200_predictor, "test rows=346");
  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_no_error (error);

  loaded = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pp_fitted_predictor_get_data_stamp (loaded), ==, "test rows=346");
  g_assert_cmpuint (pp_fitted_predictor_get_n_training (loaded), ==, 346);

  a = predict (h200_predictor, w);
  b = predict (loaded, w);
  assert_same_prediction (a, b);

  /* A configuration never measured, which reads the device-level fits
   * (latency and memory) rather than anchors. */
  c = predict (h200_predictor, unmeasured);
  d = predict (loaded, unmeasured);
  assert_same_prediction (c, d);

  /* Every measured configuration, at its batch size (anchors), the next,
   * a sequence length nobody measured (shapes) and on another GPU
   * (crossings), with its support: the tables saved by their fields read
   * back into the same keys. */
  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_autoptr(PpWorkload) row = pp_workload_new_from_measurement (catalog, m, NULL);

      for (guint step = 0; row != NULL && step < 4; step++)
        {
          g_autoptr(PpPrediction) before = NULL;
          g_autoptr(PpPrediction) after = NULL;

          if (step == 1)
            pp_workload_set_batch (row, pp_workload_get_batch (row) + 1);
          else if (step == 2)
            pp_workload_set_seq_len (row, pp_workload_get_seq_len (row) + 7);
          else if (step == 3)
            {
              g_autoptr(PpWorkload) original = pp_workload_new_from_measurement (catalog, m, NULL);

              pp_workload_unref (row);
              row = pp_workload_new (pp_workload_get_model (original),
                                     pp_catalog_lookup_hardware (catalog, "nvidia-a100-sxm-80gb"),
                                     pp_workload_get_precision (original), pp_workload_get_batch (original));
              pp_workload_set_seq_len (row, pp_workload_get_seq_len (original));
              pp_workload_set_input_size (row, pp_workload_get_input_size (original));
              pp_workload_set_phase (row, pp_workload_get_phase (original));
              pp_workload_set_framework (row, pp_workload_get_framework (original));
            }
          before = predict (h200_predictor, row);
          after = predict (loaded, row);
          assert_same_prediction (before, after);
          g_assert_cmpuint (pp_prediction_get_n_support (before), ==, pp_prediction_get_n_support (after));
          g_assert_cmpint (pp_prediction_get_evidence (before, PP_TARGET_LATENCY), ==,
                           pp_prediction_get_evidence (after, PP_TARGET_LATENCY));
          crossed += step == 3 && pp_prediction_get_evidence (after, PP_TARGET_LATENCY) == PP_EVIDENCE_OTHER_DEVICES;
        }
    }
  /* The H200's configurations carried over to the A100. */
  g_assert_cmpuint (crossed, >, 0);
}

/* A fit saved, loaded and saved again is the same file, byte for byte:
 * its tables were written in their hash tables' order, which differs
 * between a fit and the same fit loaded, so a copy could not be told
 * from another fit by comparing the files. */
static void
test_save_load_same_bytes (void)
{
  g_autofree char *first_path = pp_test_dup_temp_path ("first.json");
  g_autofree char *second_path = pp_test_dup_temp_path ("second.json");
  g_autoptr(GFile) first = g_file_new_for_path (first_path);
  g_autoptr(GFile) second = g_file_new_for_path (second_path);
  g_autoptr(PpFittedPredictor) loaded = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pp_fitted_predictor_save (h200_predictor, first, &error));
  g_assert_no_error (error);
  loaded = pp_fitted_predictor_load (catalog, first, &error);
  g_assert_no_error (error);
  g_assert_true (pp_fitted_predictor_save (loaded, second, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (first_path, &first_text, NULL, NULL));
  g_assert_true (g_file_get_contents (second_path, &second_text, NULL, NULL));
  for (gsize i = 0; first_text[i] != 0 || second_text[i] != 0; i++)
    if (first_text[i] != second_text[i])
      g_error ("the second save differs at byte %" G_GSIZE_FORMAT ": “%.60s” where the first has “%.60s”",
               i, second_text + i, first_text + i);
}

/* A fit saved over a file others were kept from (mode 0640) keeps its
 * mode: it is written anew and renamed over the old one, which had the
 * new file's 0644. */
static void
test_save_keeps_mode (void)
{
  g_autofree char *path = pp_test_write_temp ("private-fit.json", "{}");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_size, >, 2);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0640);
}

/* The share of the trees' correction a kind of calibration fold wants
 * (the weighted median of error / correction), the most it allows (the
 * largest share no further off than none), and the share of several
 * kinds pooled under their least allowance, counted by hand. */
static GArray *
votes_new (const TreeVote *votes,
           guint           n_votes)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (TreeVote));

  g_array_append_vals (array, votes, n_votes);
  return array;
}

static double
tree_share (const TreeVote *votes,
            guint           n_votes,
            double         *no_worse)
{
  g_autoptr(GArray) array = votes_new (votes, n_votes);
  double best = _pp_tree_votes_best (array);

  *no_worse = _pp_tree_votes_no_worse (array);
  return best;
}

/* An interval's slopes on the distance from the data and the reach
 * from measured batch sizes must pay for themselves: from the centred
 * sums of 100 held-out rows, a slope that barely reduces the squared
 * log error is not taken, a strong one is, and of two nearly collinear
 * regressors one alone is kept rather than both (the largest
 * reduction took both, and flipped on a rounding of the sums). */
static void
test_conformal_choose_slopes (void)
{
  Conformal c = { 0 };

  /* Reduces 100 by 0.01: none (the old rule took β = 0.01). */
  _pp_conformal_choose_slopes (&c, 100, 100, 100, 0, 1, 0, 100);
  g_assert_cmpfloat (c.sigma_beta, ==, 0);
  g_assert_cmpfloat (c.sigma_gamma, ==, 0);

  /* Reduces it by 25: β = sxy / sxx. */
  _pp_conformal_choose_slopes (&c, 100, 100, 100, 0, 50, 0, 100);
  g_assert_cmpfloat_with_epsilon (c.sigma_beta, 0.5, 1e-12);
  g_assert_cmpfloat (c.sigma_gamma, ==, 0);

  /* Distance and reach correlate at 0.999: both free would reduce by
   * 25.013, the reach alone by 25.010, so the reach alone. */
  _pp_conformal_choose_slopes (&c, 100, 100, 100, 99.9, 50, 50.01, 100);
  g_assert_cmpfloat (c.sigma_beta, ==, 0);
  g_assert_cmpfloat_with_epsilon (c.sigma_gamma, 0.5001, 1e-12);

  /* Independent and both informative (18 against 9): both. */
  _pp_conformal_choose_slopes (&c, 100, 100, 100, 0, 30, 30, 100);
  g_assert_cmpfloat_with_epsilon (c.sigma_beta, 0.3, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.sigma_gamma, 0.3, 1e-12);

  /* Slopes are never negative, whatever they would reduce. */
  _pp_conformal_choose_slopes (&c, 100, 100, 100, 0, -50, -50, 100);
  g_assert_cmpfloat (c.sigma_beta, ==, 0);
  g_assert_cmpfloat (c.sigma_gamma, ==, 0);
}

static void
test_tree_share (void)
{
  /* Rows that want 0.2, 0.5 and 1.5 of their correction: the median
   * wants half; all of it (losses 0.8 + 0.5 + 0.5 = 1.8) is still closer
   * than none (0.2 + 0.5 + 1.5 = 2.2). */
  const TreeVote helpful[] = { { 1.5, 1 }, { 0.2, 1 }, { 0.5, 1 } };
  /* One row the trees push the wrong way (−2) and one, with twice its
   * correction, that wants 0.4 of it: 0.4 is best, and the loss, 3λ + 1.2
   * past it, reaches that of no trees (2 + 0.8) at 1.6 / 3. */
  const TreeVote mixed[] = { { -2, 1 }, { 0.4, 2 } };
  /* Past a later ratio: 0.2 is best, and the loss, 3λ − 0.6 past 0.3,
   * reaches that of none (0.6) at 0.4. */
  const TreeVote past[] = { { 0.1, 1 }, { 0.2, 1 }, { 0.3, 1 } };
  /* A tie at exactly half goes to the smaller share. */
  const TreeVote tie[] = { { 0.8, 1 }, { 0.2, 1 } };
  /* Trees that push every row the wrong way stay out. */
  const TreeVote harmful[] = { { -0.5, 1 }, { -1, 2 } };
  /* Rows that want more than all of the correction get all of it, no
   * more. */
  const TreeVote short_of[] = { { 2, 1 }, { 3, 1 } };
  const TreeVote wants_all[] = { { 1.2, 4 } };
  g_autoptr(GPtrArray) kinds = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  double no_worse;

  g_assert_cmpfloat_with_epsilon (tree_share (helpful, G_N_ELEMENTS (helpful), &no_worse), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (no_worse, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (tree_share (mixed, G_N_ELEMENTS (mixed), &no_worse), 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (no_worse, 1.6 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (tree_share (past, G_N_ELEMENTS (past), &no_worse), 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (no_worse, 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (tree_share (tie, G_N_ELEMENTS (tie), &no_worse), 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (tree_share (harmful, G_N_ELEMENTS (harmful), &no_worse), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (no_worse, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (tree_share (short_of, G_N_ELEMENTS (short_of), &no_worse), 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (no_worse, 1, 1e-12);

  /* Pooled, "helpful" and "short_of" want 1.5 (their weighted
   * median), so all of it, which both allow. One row with four times
   * the correction of each of "past"'s, wanting 1.2 of it, carries the
   * pool to all of it, but "past" allows only 0.4: no kind ends worse
   * than with no trees, whatever the others want. Without kinds, no
   * trees. */
  g_assert_cmpfloat_with_epsilon (_pp_tree_share (kinds), 0, 1e-12);
  g_ptr_array_add (kinds, votes_new (helpful, G_N_ELEMENTS (helpful)));
  g_ptr_array_add (kinds, votes_new (short_of, G_N_ELEMENTS (short_of)));
  g_assert_cmpfloat_with_epsilon (_pp_tree_share (kinds), 1, 1e-12);
  g_ptr_array_set_size (kinds, 0);
  g_ptr_array_add (kinds, votes_new (wants_all, G_N_ELEMENTS (wants_all)));
  g_ptr_array_add (kinds, votes_new (past, G_N_ELEMENTS (past)));
  g_assert_cmpfloat_with_epsilon (_pp_tree_share (kinds), 0.4, 1e-12);
}

/* A copy of @path's saved predictor, its latency head's JSON object
 * changed by @edit, written to the temporary file @name and loaded. */
static PpFittedPredictor *
load_edited (const char *path,
             const char *name,
             void      (*edit) (JsonObject *latency,
                                gpointer    data),
             gpointer    data)
{
  g_autofree char *copy = pp_test_dup_temp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (copy);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  PpFittedPredictor *loaded;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  edit (json_object_get_object_member (json_object_get_object_member (json_node_get_object (
          json_parser_get_root (parser)), "heads"), "latency"), data);
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, copy, &error));
  loaded = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_no_error (error);

  return loaded;
}

/* Every latency interval *@data times as wide (see load_edited()). */
static void
widen (JsonObject *latency,
       gpointer    data)
{
  double times = *(double *)data;
  g_autoptr(GList) bases = json_object_get_values (json_object_get_object_member (latency, "calibration"));

  for (GList *b = bases; b != NULL; b = b->next)
    {
      g_autoptr(GList) cells = json_object_get_values (json_node_get_object (b->data));

      for (GList *c = cells; c != NULL; c = c->next)
        {
          JsonObject *cell = json_node_get_object (c->data);

          json_object_set_double_member (cell, "q90", times * json_object_get_double_member (cell, "q90"));
        }
    }
}

/* However wide the calibration makes a latency interval, its lower end
 * stays at or above the roofline time at the fastest ratio to it any
 * fitted row ran at, where that is below the estimate. */
static void
test_latency_floor (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("floor.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PpFittedPredictor) wide = NULL;
  double fastest = _pp_fitted_predictor_get_model (h200_predictor)->fastest_ratio;
  const guint batches[] = { 64, 1000 };

  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_no_error (error);
  wide = load_edited (path, "widened.json", widen, &(double) { 30 });

  for (guint i = 0; i < G_N_ELEMENTS (batches); i++)
    {
      g_autoptr(PpWorkload) w = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, batches[i], 1024,
                                          PP_PHASE_DECODE);
      g_autoptr(PpPrediction) p = predict (wide, w);
      g_autoptr(PpPrediction) narrow = predict (h200_predictor, w);
      PpRooflineEstimate e;
      double v, lo, hi, floor_ms, tp_lo, tp_hi;

      g_assert_true (pp_roofline_estimate (w, &e, NULL));
      floor_ms = fastest * e.seconds * 1e3;
      v = pp_prediction_get_value (p, PP_TARGET_LATENCY, &lo, &hi);
      pp_prediction_get_value (p, PP_TARGET_THROUGHPUT, &tp_lo, &tp_hi);
      g_test_message ("batch %u: %g (%g – %g) ms, floor %g ms", batches[i], v, lo, hi, floor_ms);
      g_assert_cmpfloat (v, ==, pp_prediction_get_value (narrow, PP_TARGET_LATENCY, NULL, NULL));
      g_assert_cmpfloat (v, >, floor_ms);
      g_assert_cmpfloat_with_epsilon (lo, floor_ms, floor_ms * 1e-9);
      /* Throughput's upper end follows. */
      g_assert_cmpfloat_with_epsilon (tp_hi, batches[i] / (floor_ms / 1e3), tp_hi * 1e-9);
    }
}

/* The unseen ensemble's share of the latency head set to data[0], the
 * one saved put in data[1] (see load_edited()). */
static void
set_unseen_share (JsonObject *latency,
                  gpointer    data)
{
  double *share = data;

  share[1] = json_object_get_double_member (latency, "unseen_share");
  json_object_set_double_member (latency, "unseen_share", share[0]);
}

/* A copy of @path's saved predictor with the latency head's share of
 * its unseen ensemble set to @share, loaded. */
static PpFittedPredictor *
load_with_unseen_share (const char *path,
                        double      share,
                        double     *saved)
{
  double shares[2] = { share, NAN };
  PpFittedPredictor *loaded = load_edited (path, "share.json", set_unseen_share, shares);

  *saved = shares[1];
  return loaded;
}

/* On the H200 file the trees correct new models with a share of their
 * correction (held-out models want 0.67 of it, held-out lengths 0.34;
 * pooled 0.46), saved with the fit. A model never measured, whose
 * family was not either, is the analytic value at no share, and its
 * log latency moves from there in proportion to the share. Shares out
 * of [0, 1] are refused on load. */
static void
test_tree_shares (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("shares.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PpFittedPredictor) loaded = NULL;
  g_autoptr(PpFittedPredictor) none = NULL;
  g_autoptr(PpFittedPredictor) all = NULL;
  g_autoptr(PpWorkload) w = workload ("gptj", "nvidia-h200", PP_PRECISION_FP16, 4, 256, PP_PHASE_PREFILL);
  g_autoptr(PpPrediction) a = NULL;
  g_autoptr(PpPrediction) b = NULL;
  g_autoptr(PpPrediction) c = NULL;
  g_autoptr(PpPrediction) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(PpFittedPredictor) refused = NULL;
  double share, at_share, at_all;

  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_no_error (error);
  loaded = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_no_error (error);
  none = load_with_unseen_share (path, 0, &share);
  all = load_with_unseen_share (path, 1, &share);
  g_test_message ("unseen latency share %.3f", share);
  g_assert_cmpfloat (share, >, 0.1);
  g_assert_cmpfloat (share, <, 0.9);

  a = predict (h200_predictor, w);
  b = predict (loaded, w);
  c = predict (none, w);
  d = predict (all, w);
  assert_same_prediction (a, b);
  at_share = log (pp_prediction_get_latency_ms (a) / pp_prediction_get_latency_ms (c));
  at_all = log (pp_prediction_get_latency_ms (d) / pp_prediction_get_latency_ms (c));
  g_test_message ("log latency moved by the trees: %.4f at the share, %.4f at all",
                  at_share, at_all);
  g_assert_cmpfloat (fabs (at_all), >, 1e-3);
  g_assert_cmpfloat_with_epsilon (at_share, share * at_all, 1e-9);
  g_assert_cmpfloat_with_epsilon (pp_prediction_get_memory_mb (a), pp_prediction_get_memory_mb (c), 1e-9);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  edited = g_string_new (text);
  g_assert_cmpuint (g_string_replace (edited, "\"unseen_share\":", "\"unseen_share\":2,\"was\":", 1),
                    ==, 1);
  g_assert_true (g_file_set_contents (path, edited->str, -1, NULL));
  refused = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_null (refused);
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "unseen_share"));
}

/* Vocabularies are searched by bisection: out of order, the file is
 * refused rather than read with the wrong model indices. */
static void
test_load_unsorted_vocabulary (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("unsorted.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autoptr(GString) swapped = NULL;
  g_autoptr(PpFittedPredictor) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  swapped = g_string_new (text);
  g_assert_cmpuint (g_string_replace (swapped, "\"models\":[\"bart-base\",\"bert-base\",",
                                      "\"models\":[\"bert-base\",\"bart-base\",", 0), ==, 1);
  g_assert_true (g_file_set_contents (path, swapped->str, -1, NULL));

  refused = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_null (refused);
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
}

/* A copy of the shipped catalog in @name, with BERT-base one layer
 * deeper when @deeper, loaded as pp_catalog_new_default() loads it and
 * with @local as the machine it runs on. */
static PpCatalog *
copied_catalog (const char     *name,
                gboolean        deeper,
                PpHardwareSpec *local)
{
  g_autofree char *dir_path = pp_test_dup_temp_path (name);
  g_autofree char *shipped_path = pp_catalog_dup_default_dir ();
  g_autofree char *models_src = g_build_filename (shipped_path, "models.json", NULL);
  g_autofree char *models_dst = g_build_filename (dir_path, "models.json", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autoptr(GFile) shipped = g_file_new_for_path (shipped_path);
  g_autoptr(GFile) hardware_src = g_file_get_child (shipped, "hardware.json");
  g_autoptr(GFile) hardware_dst = g_file_get_child (dir, "hardware.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  PpCatalog *copy = pp_catalog_new ();
  JsonArray *models;
  guint changed = 0;

  g_assert_true (g_file_make_directory_with_parents (dir, NULL, &error));
  g_assert_true (g_file_copy (hardware_src, hardware_dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_true (json_parser_load_from_file (parser, models_src, &error));
  models = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "models");
  for (guint i = 0; deeper && i < json_array_get_length (models); i++)
    {
      JsonObject *model = json_array_get_object_element (models, i);

      if (g_str_equal (json_object_get_string_member (model, "id"), "bert-base"))
        {
          g_assert_cmpint (json_object_get_int_member (model, "layers"), ==, 12);
          json_object_set_int_member (model, "layers", 13);
          changed++;
        }
    }
  g_assert_cmpuint (changed, ==, deeper ? 1 : 0);
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, models_dst, &error));

  g_assert_true (pp_catalog_load_directory (copy, dir, &error));
  g_assert_no_error (error);
  g_assert_true (pp_catalog_add_hardware (copy, local, &error));
  g_assert_no_error (error);
  return copy;
}

/* A saved predictor is read only with the catalog and the roofline it
 * was fitted on. Given a catalog in which BERT-base has one layer more,
 * its trees would read features they never learned from, so it is
 * refused. A copy of the same files is accepted, and so it is on
 * another machine (a "local" of other peaks, whose browser backends
 * follow it) and in a locale that writes numbers with a comma. */
static void
test_load_other_catalog (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("basis.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonObject) other = json_object_new ();
  g_autoptr(JsonObject) peaks = json_object_new ();
  g_autoptr(PpHardwareSpec) here = pp_hardware_spec_detect_local (NULL);
  g_autoptr(PpHardwareSpec) elsewhere = NULL;
  g_autoptr(PpCatalog) same = NULL;
  g_autoptr(PpCatalog) moved = NULL;
  g_autoptr(PpCatalog) changed = NULL;
  g_autoptr(PpFittedPredictor) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_no_error (error);

  json_object_set_double_member (peaks, "fp32", 1.5);
  json_object_set_string_member (other, "id", "local");
  json_object_set_string_member (other, "name", "another machine");
  json_object_set_string_member (other, "kind", "cpu");
  json_object_set_double_member (other, "memory_bandwidth_gbs", 50);
  json_object_set_object_member (other, "peak_tflops", json_object_ref (peaks));
  elsewhere = _pp_hardware_spec_new_from_json (other, &error);
  g_assert_no_error (error);

  if (here != NULL)
    {
      g_autoptr(PpFittedPredictor) loaded = NULL;

      same = copied_catalog ("same", FALSE, here);
      loaded = pp_fitted_predictor_load (same, file, &error);
      g_assert_no_error (error);
    }

  moved = copied_catalog ("moved", FALSE, elsewhere);
  {
    g_autoptr(PpFittedPredictor) loaded = pp_fitted_predictor_load (moved, file, &error);

    g_assert_no_error (error);
  }

  changed = copied_catalog ("changed", TRUE, elsewhere);
  refused = pp_fitted_predictor_load (changed, file, &error);
  g_assert_null (refused);
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "another catalog"));
  g_clear_error (&error);

  /* Numbers in the digest are written with a point whatever the locale:
   * under French conventions a fresh catalog gives the same one. */
  if (setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL && setlocale (LC_NUMERIC, "fr_FR.utf8") == NULL)
    {
      g_test_message ("no French locale here; the locale part is not run");
    }
  else
    {
      g_autoptr(PpCatalog) french = copied_catalog ("french", FALSE, elsewhere);
      g_autoptr(PpFittedPredictor) loaded = NULL;
      char buf[16];

      g_snprintf (buf, sizeof buf, "%.1f", 1.5);
      g_assert_cmpstr (buf, ==, "1,5");
      loaded = pp_fitted_predictor_load (french, file, &error);
      setlocale (LC_NUMERIC, "C");
      g_assert_no_error (error);
    }
}

/* A model nobody measured is carried over from its family's models
 * measured on the device: BERT-large from BERT-base, whose fixed costs
 * per layer and efficiency it shares. Every H200 row of BERT-large is
 * held out and predicted within ±25%, and the prediction survives a
 * save and load. Llama 160M, held out in the same fit, takes its decode
 * steps' fixed costs from the 1.1B and 7B: in bf16 they spend 49.7 ms
 * at 22 layers and 49.6 ms at 32, so a constant, not 12/22 of the
 * 1.1B's (0.6 × the measured 40–45 ms). */
static void
test_family_sibling (void)
{
  g_autoptr(GListStore) train = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(GListStore) test = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(PpFittedPredictor) loaded = NULL;
  g_autofree char *path = pp_test_dup_temp_path ("sibling.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (h200_rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      const char *model = pp_measurement_get_model (m);
      gboolean held_out = g_str_equal (model, "bert-large") || g_str_equal (model, "llama-160m");
      gboolean tested = g_str_equal (model, "bert-large") ||
                        (g_strcmp0 (pp_measurement_get_precision (m), "bf16") == 0 &&
                         g_strcmp0 (pp_measurement_get_phase (m), "decode") == 0);

      if (held_out && tested && g_str_equal (pp_measurement_get_hardware (m), "nvidia-h200"))
        g_list_store_append (test, m);
      else if (!held_out)
        g_list_store_append (train, m);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (test)), ==, 24 + 6);

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pp_fitted_predictor_save (predictor, file, &error));
  loaded = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 24 + 6; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (G_LIST_MODEL (test), i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      g_autoptr(PpPrediction) p = predict (predictor, w);
      g_autoptr(PpPrediction) q = predict (loaded, w);
      double measured = pp_measurement_get_latency_ms (m);

      g_test_message ("%s %s %s batch %u seq %u: measured %.2f ms, predicted %.2f ms",
                      pp_measurement_get_model (m), pp_measurement_get_phase (m),
                      pp_measurement_get_precision (m), pp_measurement_get_batch (m),
                      pp_measurement_get_seq_len (m), measured, pp_prediction_get_latency_ms (p));
      g_assert_cmpfloat (fabs (pp_prediction_get_latency_ms (p) / measured - 1), <=, 0.25);
      assert_same_prediction (p, q);
    }
}

/* A predictor keeps what it looks up for each measured configuration,
 * filled in by the first prediction of it (see ConfigInfo). Predictions
 * must come out the same to the bit however it was filled: on several
 * threads at once, or first for a model of the same id that a changed
 * catalog puts in another family (whose siblings and family index
 * differ), after which the catalog's own is looked up afresh. */
typedef struct
{
  PpFittedPredictor *predictor;  /* borrowed */
  GPtrArray *workloads;          /* borrowed */
  GPtrArray *predictions;
} PredictAll;

static gpointer
predict_all_thread (gpointer data)
{
  PredictAll *job = data;

  for (guint i = 0; i < job->workloads->len; i++)
    g_ptr_array_add (job->predictions, predict (job->predictor, job->workloads->pdata[i]));

  return NULL;
}

static void
assert_identical (PpPrediction *a,
                  PpPrediction *b)
{
  assert_same_prediction (a, b);
  for (guint t = 0; t < PP_N_TARGETS; t++)
    g_assert_cmpint (pp_prediction_get_evidence (a, t), ==, pp_prediction_get_evidence (b, t));
  g_assert_cmpuint (pp_prediction_get_n_support (a), ==, pp_prediction_get_n_support (b));
  g_assert_cmpint (pp_prediction_get_bottleneck (a), ==, pp_prediction_get_bottleneck (b));
}

static PpFittedPredictor *
reload (const char *name)
{
  g_autofree char *path = pp_test_dup_temp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PpFittedPredictor *loaded;

  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_no_error (error);
  loaded = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_no_error (error);

  return loaded;
}

static void
test_measured_configs_threads (void)
{
  g_autoptr(PpFittedPredictor) fresh = reload ("configs-threads.json");
  g_autoptr(GPtrArray) workloads = g_ptr_array_new_with_free_func ((GDestroyNotify)pp_workload_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_object_unref);
  PredictAll jobs[4];
  GThread *threads[G_N_ELEMENTS (jobs)];

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      PpWorkload *w = pp_workload_new_from_measurement (catalog, m, NULL);

      g_assert_nonnull (w);
      pp_workload_set_batch (w, pp_workload_get_batch (w) + 1);
      g_ptr_array_add (workloads, w);
      g_ptr_array_add (expected, predict (h200_predictor, w));
    }

  for (guint j = 0; j < G_N_ELEMENTS (jobs); j++)
    {
      jobs[j] = (PredictAll) { fresh, workloads, g_ptr_array_new_with_free_func (g_object_unref) };
      threads[j] = g_thread_new ("predict", predict_all_thread, &jobs[j]);
    }
  for (guint j = 0; j < G_N_ELEMENTS (jobs); j++)
    {
      g_thread_join (threads[j]);
      g_assert_cmpuint (jobs[j].predictions->len, ==, expected->len);
      for (guint i = 0; i < expected->len; i++)
        assert_identical (jobs[j].predictions->pdata[i], expected->pdata[i]);
      g_ptr_array_unref (jobs[j].predictions);
    }
}

/* What a configuration's cache keeps does not depend on the batch
 * size that filled it: predicting batch b + 1 after b + 3 filled the
 * cache gives, to the bit, what a fresh predictor gives for b + 1 as
 * its first, uncached, prediction of the configuration. */
static void
test_measured_configs_batch (void)
{
  g_autoptr(PpFittedPredictor) filled = reload ("configs-filled.json");
  g_autoptr(PpFittedPredictor) fresh = reload ("configs-fresh.json");

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      g_autoptr(PpPrediction) first = NULL;
      g_autoptr(PpPrediction) cached = NULL;
      g_autoptr(PpPrediction) uncached = NULL;
      guint batch = pp_workload_get_batch (w);

      pp_workload_set_batch (w, batch + 3);
      first = predict (filled, w);
      pp_workload_set_batch (w, batch + 1);
      cached = predict (filled, w);
      uncached = predict (fresh, w);
      assert_identical (cached, uncached);
    }
}

/* A measured configuration finds its crossings (the same configuration
 * and batch size on other devices) among its own, by batch size: the
 * very arrays the model's table gives for the key a prediction would
 * hash, at measured batch sizes, where there is always one (the row's
 * own device among them), and at others, where there may be none. */
static void
test_measured_configs_crossings (void)
{
  g_autoptr(PpFittedPredictor) predictor = reload ("configs-crossings.json");
  const Model *model = _pp_fitted_predictor_get_model (predictor);
  guint n_found = 0, n_none = 0;

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      g_autoptr(PpPrediction) filling = predict (predictor, w);
      guint batch = pp_workload_get_batch (w);
      const guint batches[] = { batch, batch + 1, 2 * batch, 1 };

      for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
        {
          const char *framework = pp_workload_get_framework (w);
          Config key = {
            .model = pp_model_spec_get_id (pp_workload_get_model (w)),
            .framework = framework != NULL ? framework : g_intern_static_string (""),
            .input = _pp_key_size (pp_workload_get_input_size (w)),
            .precision = pp_workload_get_precision (w),
            .seq = pp_workload_get_seq_len (w),
            .phase = pp_workload_get_phase (w),
            .threads = pp_workload_get_threads (w),
            .batch = batches[b],
          };
          PpRooflineEstimate r;
          GArray *hashed;
          Query q;

          pp_workload_set_batch (w, batches[b]);
          g_assert_true (pp_roofline_estimate (w, &r, NULL));
          _pp_query_init (&q, model, w, &r);
          g_assert_nonnull (q.info);
          hashed = g_hash_table_lookup (model->crossings, &key);
          g_assert_true (q.crossings == hashed);
          if (b == 0)
            g_assert_nonnull (hashed);
          n_found += hashed != NULL;
          n_none += hashed == NULL;
        }
      pp_workload_set_batch (w, batch);
    }

  g_assert_cmpuint (n_found, >, 0);
  g_assert_cmpuint (n_none, >, 0);
}

static void
assert_table_distances (PpFittedPredictor *predictor)
{
  const Model *model = _pp_fitted_predictor_get_model (predictor);
  const guint batches[] = { 1, 2, 3, 7, 48, 1000, 65536 };
  guint n_tables = 0, n_far = 0;

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      g_autoptr(PpPrediction) filling = predict (predictor, w);

      for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
        {
          PpRooflineEstimate r;
          float f[N_FEATURES];
          double searched, tabled;
          Query q;

          pp_workload_set_batch (w, batches[b]);
          g_assert_true (pp_roofline_estimate (w, &r, NULL));
          _pp_query_init (&q, model, w, &r);
          g_assert_true (_pp_model_features (&q, 0, TRUE, f, NULL));
          g_assert_nonnull (q.info);
          g_assert_nonnull (q.info->batch_distances);

          searched = _pp_model_distance (model, f);
          tabled = _pp_query_distance (&q, f);
          g_assert_cmpfloat (tabled, ==, searched);
          n_tables++;
          n_far += searched >= 2;
        }
    }

  /* Near and far workloads were both there: within 2 standard
   * deviations of a point, and beyond (where the identity penalty, 4
   * squared units or a distance of 2, can decide which point is
   * nearest). */
  g_assert_cmpuint (n_far, >, 0);
  g_assert_cmpuint (n_far, <, n_tables);
}

/* A measured configuration's distance from the data, read off its
 * table of batch sizes, is the search's over every point, to the bit,
 * at batch sizes near and far from those measured (far ones are nearest
 * to other models' and devices' points, past the identity penalty),
 * from a saved fit and from the fit itself. */
static void
test_measured_configs_distance (void)
{
  g_autoptr(PpFittedPredictor) loaded = reload ("configs-distance.json");

  assert_table_distances (loaded);
  assert_table_distances (h200_predictor);
}

static PpModelSpec *
model_in_family (const char *id,
                 const char *family)
{
  g_autofree char *json = pp_model_spec_dup_json (pp_catalog_lookup_model (catalog, id));
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  PpModelSpec *spec;

  g_assert_nonnull (node);
  json_object_set_string_member (json_node_get_object (node), "family", family);
  spec = _pp_model_spec_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);

  return spec;
}

static void
test_measured_configs_family (void)
{
  g_autoptr(PpFittedPredictor) odd_first = reload ("configs-odd-first.json");
  g_autoptr(PpFittedPredictor) own_first = reload ("configs-own-first.json");
  g_autoptr(PpModelSpec) moved = model_in_family ("llama-1.1b", "gpt2");
  g_autoptr(PpWorkload) own = workload ("llama-1.1b", "nvidia-h200", PP_PRECISION_FP16, 3, 128,
                                        PP_PHASE_PREFILL);
  g_autoptr(PpWorkload) odd = pp_workload_new (moved, pp_workload_get_hardware (own),
                                               PP_PRECISION_FP16, 3);
  g_autoptr(PpPrediction) odd_a = NULL;
  g_autoptr(PpPrediction) own_a = NULL;
  g_autoptr(PpPrediction) own_b = NULL;
  g_autoptr(PpPrediction) odd_b = NULL;

  pp_workload_set_seq_len (odd, 128);
  pp_workload_set_phase (odd, PP_PHASE_PREFILL);
  odd_a = predict (odd_first, odd);
  own_a = predict (odd_first, own);
  own_b = predict (own_first, own);
  odd_b = predict (own_first, odd);

  assert_identical (odd_a, odd_b);
  assert_identical (own_a, own_b);
  /* The family counts: a cache keyed by the id alone would have mixed them. */
  g_assert_cmpfloat (pp_prediction_get_latency_ms (odd_a), !=,
                     pp_prediction_get_latency_ms (own_a));
}

static void
assert_values_of (const PpPredictionValues *v,
                  PpPrediction             *p)
{
  const double *fields[PP_N_TARGETS][3] = {
    { &v->latency_ms, &v->latency_lower_ms, &v->latency_upper_ms },
    { &v->throughput, &v->throughput_lower, &v->throughput_upper },
    { &v->memory_mb, &v->memory_lower_mb, &v->memory_upper_mb },
  };
  const double confidence[PP_N_TARGETS] = {
    v->latency_confidence, v->latency_confidence, v->memory_confidence
  };
  const PpEvidence evidence[PP_N_TARGETS] = {
    v->latency_evidence, v->latency_evidence, v->memory_evidence
  };
  const PpRooflineEstimate *r = pp_prediction_get_roofline (p);

  /* Compared as bits: NaN bounds must be NaN alike. */
  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      double lower, upper, value = pp_prediction_get_value (p, t, &lower, &upper);

      g_assert_true (memcmp (fields[t][0], &value, sizeof value) == 0);
      g_assert_true (memcmp (fields[t][1], &lower, sizeof lower) == 0);
      g_assert_true (memcmp (fields[t][2], &upper, sizeof upper) == 0);
      g_assert_cmpfloat (confidence[t], ==, pp_prediction_get_confidence (p, t));
      g_assert_cmpint (evidence[t], ==, pp_prediction_get_evidence (p, t));
    }
  g_assert_cmpint (v->bottleneck, ==, pp_prediction_get_bottleneck (p));
  g_assert_cmpint (v->out_of_distribution, ==, pp_prediction_get_out_of_distribution (p));
  g_assert_cmpuint (v->n_training, ==, pp_prediction_get_n_training (p));
  g_assert_cmpuint (v->n_support, ==, pp_prediction_get_n_support (p));
  g_assert_nonnull (r);
  g_assert_true (memcmp (&v->roofline, r, sizeof *r) == 0);
}

/* The plain values are the prediction's, to the bit: measured
 * workloads, the batch sizes between, and workloads that name no
 * framework (predicted for the one the predictor picks). */
static void
test_predict_values (void)
{
  guint n = g_list_model_get_n_items (h200_rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);

      for (guint k = 0; k < 3; k++)
        {
          g_autoptr(PpPrediction) p = NULL;
          g_autoptr(PpPredictionValues) copy = NULL;
          g_autoptr(GError) error = NULL;
          PpPredictionValues values;

          if (k == 1)
            pp_workload_set_batch (w, pp_workload_get_batch (w) + 1);
          else if (k == 2)
            pp_workload_set_framework (w, NULL);
          p = predict (h200_predictor, w);
          g_assert_true (pp_fitted_predictor_predict_values (h200_predictor, w, &values, &error));
          g_assert_no_error (error);
          assert_values_of (&values, p);
          copy = pp_prediction_values_copy (&values);
          assert_values_of (copy, p);
        }
    }
}

/* Memory of models measured nowhere, from the roofline's count through
 * the device's memory fit (weights and cache, a runtime constant, the
 * counted activations scaled), and for a model with measured siblings
 * through what they held beyond that fit. One fit leaves out four
 * models: BART (an encoder-decoder alone in its family), wav2vec2 (the
 * audio model with a convolutional front end), ResNet-50 (the CNN) and
 * Llama 7B (the largest decoder; its 1.1B and 160M siblings stay). The
 * roofline's peak alone, with attention scores counted as eager and
 * logits for every model, was 64%, 49%, 40% and 20% off on these. */
static void
test_memory_unseen_models (void)
{
  const char *held_out[] = { "bart-base", "wav2vec2-base", "resnet50", "llama-7b", NULL };
  const guint n_held_out = G_N_ELEMENTS (held_out) - 1;
  g_autoptr(GListStore) train = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(GPtrArray) test = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;
  double sum[G_N_ELEMENTS (held_out)] = { 0 }, total = 0;
  guint n[G_N_ELEMENTS (held_out)] = { 0 }, covered = 0;

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);

      if (g_strv_contains (held_out, pp_measurement_get_model (m)))
        {
          if (!isnan (pp_measurement_get_memory_mb (m)))
            g_ptr_array_add (test, g_steal_pointer (&m));
        }
      else
        g_list_store_append (train, m);
    }

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < test->len; i++)
    {
      PpMeasurement *m = test->pdata[i];
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      g_autoptr(PpPrediction) p = predict (predictor, w);
      double measured = pp_measurement_get_memory_mb (m);
      double lower, upper;
      double error_ratio = fabs (pp_prediction_get_value (p, PP_TARGET_MEMORY, &lower, &upper) / measured - 1);
      guint k;

      for (k = 0; !g_str_equal (held_out[k], pp_measurement_get_model (m)); k++)
        ;
      sum[k] += error_ratio;
      n[k]++;
      total += error_ratio;
      covered += lower <= measured && measured <= upper;
    }

  for (guint k = 0; k < n_held_out; k++)
    {
      g_test_message ("%s: memory MAPE %.3f over %u rows", held_out[k], sum[k] / n[k], n[k]);
      g_assert_cmpuint (n[k], >=, 12);
      g_assert_cmpfloat (sum[k] / n[k], <=, 0.12);
    }
  g_test_message ("all: memory MAPE %.3f, 90%% coverage %.3f", total / test->len, (double)covered / test->len);
  g_assert_cmpfloat (total / test->len, <=, 0.08);
  /* At least the level promised; the upper end of the issue's band is a
   * property of whole splits (held-out batch sizes, in
   * coverage-held-out), not of four models in one fit, which all fell
   * inside their intervals once T5's scores were counted right. */
  g_assert_cmpfloat ((double)covered / test->len, >=, 0.85);
}

static void
test_load_errors (void)
{
  struct { const char *json, *needle; } cases[] = {
    { "{\"format\": \"something-else\"}", "not a saved Perfcast predictor" },
    { "{\"format\": \"perfcast-fitted-predictor\", \"version\": 99}", "format 99" },
    { "{\"format\": \"perfcast-fitted-predictor\", \"version\": 6}", "format 6" },
    { "{\"format\": \"perfcast-fitted-predictor\", \"version\": " G_STRINGIFY (PP_FITTED_PREDICTOR_FORMAT_VERSION)
      ", \"n_features\": 3}", "incomplete or damaged" },
    { "[", "predictor.json" },
    /* Members of another kind read as missing, without a warning. */
    { "{\"format\": {}}", "not a saved Perfcast predictor" },
    { "{\"format\": \"perfcast-fitted-predictor\", \"version\": [9]}", "missing or not a whole number" },
    /* There never was a "format 0" for the message to name. */
    { "{\"format\": \"perfcast-fitted-predictor\", \"version\": \"10\"}", "missing or not a whole number" },
    { "{\"format\": \"perfcast-fitted-predictor\", \"version\": 10.5}", "missing or not a whole number" },
    { "{\"format\": \"perfcast-fitted-predictor\"}", "“version” is missing" },
    /* json-glib 1.6 would cut the format's name at the NUL it decodes. */
    { "{\"format\": \"perfcast-fitted-predictor\\u0000\"}", "predictor.json: line 1" },
    /* It keeps the last of two members of one name, silently. */
    { "{\"format\": \"perfcast-fitted-predictor\",\n\"version\": 6, \"version\": "
      G_STRINGIFY (PP_FITTED_PREDICTOR_FORMAT_VERSION) "}",
      "predictor.json: line 2: key “version” appears twice in one object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = pp_test_write_temp ("predictor.json", cases[i].json);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(PpFittedPredictor) p = pp_fitted_predictor_load (catalog, file, &error);

      g_assert_null (p);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("“%s” lacks “%s”", error->message, cases[i].needle);
    }
}

/* Files refused before json-glib reads them: it recursed once per level
 * of nesting, past the end of the stack, and a folder failed to map
 * with "mmap() failed: No such device". */
static void
test_load_unreadable (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (g_get_tmp_dir ());
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, i < 100000 ? '[' : ']');
  path = pp_test_write_temp ("predictor.json", deep->str);
  file = g_file_new_for_path (path);
  g_assert_null (pp_fitted_predictor_load (catalog, file, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "predictor.json: line 1"));
  g_assert_nonnull (strstr (error->message, "nested 100000 deep"));
  g_clear_error (&error);

  g_assert_null (pp_fitted_predictor_load (catalog, folder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "is a folder, not a file"));
}

/* A saved fit without its heads was blamed on the first member of the
 * first head ("“anchored_share” must be a number from 0 to 1"). */
static void
test_load_without_heads (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("predictor.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  const char *which[] = { "heads", "memory" };

  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (which); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(PpFittedPredictor) loaded = NULL;
      g_autofree char *damaged_path = pp_test_dup_temp_path ("damaged.json");
      g_autoptr(GFile) damaged = g_file_new_for_path (damaged_path);
      JsonObject *root;

      g_assert_true (json_parser_load_from_file (parser, path, &error));
      root = json_node_get_object (json_parser_get_root (parser));
      if (i == 0)
        json_object_remove_member (root, "heads");
      else
        json_object_remove_member (json_object_get_object_member (root, "heads"), "memory");
      json_generator_set_root (generator, json_parser_get_root (parser));
      g_assert_true (json_generator_to_file (generator, damaged_path, &error));

      loaded = pp_fitted_predictor_load (catalog, damaged, &error);
      g_assert_null (loaded);
      g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
      if (strstr (error->message, i == 0 ? "“heads” is missing" : "“heads.memory” is missing") == NULL)
        g_error ("“%s” does not say which member is missing", error->message);
      g_clear_error (&error);
    }
}

/* A copy of @array with @node (taken) at @index. */
static JsonArray *
array_with (JsonArray *array,
            guint      index,
            JsonNode  *node)
{
  JsonArray *copy = json_array_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    json_array_add_element (copy, i == index ? node : json_node_copy (json_array_get_element (array, i)));

  return copy;
}

/* The tables of measurements are saved by their fields: an entry with a
 * field missing or unreadable, or twice, damages the file; so does any
 * number that is not one, and a tree with a loop. */
static void
test_load_damaged_tables (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("predictor.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  const char *damage[] = {
    "none", "anchors precision", "anchors duplicate", "support rows", "crossings model", "siblings",
    "anchors input", "anchors device", "anchors precision object", "anchors framework number",
    "anchors batch", "crossings device", "anchors input digits", "support framework",
    "crossings row name", "anchors row cell", "overhead text", "calibration score null",
    "distance mean object", "vocabulary number", "training rows text", "tree loop",
    "base score text", "anchors batch null", "calibration score infinite",
  };

  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(PpFittedPredictor) loaded = NULL;
      g_autofree char *damaged_path = pp_test_dup_temp_path ("damaged.json");
      g_autoptr(GFile) damaged = g_file_new_for_path (damaged_path);
      JsonObject *root, *first, *crossing, *support, *latency, *tree;
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      g_assert_true (json_parser_load_from_file (parser, path, &error));
      root = json_node_get_object (json_parser_get_root (parser));
      first = json_array_get_object_element (json_object_get_array_member (root, "anchors"), 0);
      crossing = json_array_get_object_element (json_object_get_array_member (root, "crossings"), 0);
      support = json_array_get_object_element (json_object_get_array_member (root, "support"), 0);
      latency = json_object_get_object_member (json_object_get_object_member (root, "heads"), "latency");
      tree = json_array_get_object_element (
        json_object_get_array_member (json_object_get_object_member (latency, "ensemble"), "trees"), 0);
      switch (i)
        {
        case 0:
          break;
        case 1:
          json_object_set_string_member (first, "precision", "fp7");
          break;
        case 2:
          json_array_add_element (json_object_get_array_member (root, "anchors"),
                                  json_node_copy (json_array_get_element (
                                    json_object_get_array_member (root, "anchors"), 0)));
          break;
        case 3:
          json_object_set_int_member (support, "rows", -1);
          break;
        case 4:
          json_object_remove_member (crossing, "model");
          break;
        case 5:
          json_object_remove_member (root, "siblings");
          break;
        case 6:
          json_object_set_string_member (first, "input", "224");
          break;
        case 7:
          json_object_set_null_member (first, "device");
          break;
        case 8:
          json_object_set_object_member (first, "precision", json_object_new ());
          break;
        case 9:
          json_object_set_int_member (first, "framework", 5);
          break;
        case 10:
          json_object_set_int_member (first, "batch", 4);
          break;
        case 11:
          json_object_set_string_member (crossing, "device", "nvidia-h200");
          break;
        case 12:
          json_object_set_double_member (first, "input", 224.0000001);
          break;
        case 13:
          json_object_set_string_member (support, "framework", "");
          break;
        case 14:
          json_array_remove_element (json_array_get_array_element (json_object_get_array_member (crossing, "rows"),
                                                                   0), 0);
          json_array_add_int_element (json_array_get_array_element (json_object_get_array_member (crossing,
                                                                                                "rows"), 0), 3);
          break;
        case 15:
          json_array_remove_element (json_array_get_array_element (json_object_get_array_member (first, "rows"),
                                                                   0), 0);
          json_array_add_array_element (json_array_get_array_element (json_object_get_array_member (first, "rows"),
                                                                      0), json_array_new ());
          break;
        /* Numbers where anything else stands: json-glib's getters would
         * warn and read 0. */
        case 16:
          json_object_iter_init (&iter, json_object_get_object_member (root, "overheads"));
          g_assert_true (json_object_iter_next (&iter, &key, &node));
          {
            g_autofree char *name = g_strdup (key);

            json_object_set_array_member (json_object_get_object_member (root, "overheads"), name,
                                          array_with (json_node_get_array (node), 1,
                                                      json_node_init_string (json_node_alloc (), "0.001")));
          }
          break;
        case 17:
          json_array_add_null_element (json_object_get_array_member (
            json_object_get_object_member (json_object_get_object_member (
              json_object_get_object_member (latency, "calibration"), "device"), "any"), "scores"));
          break;
        case 18:
          {
            JsonObject *distance = json_object_get_object_member (root, "distance");
            g_autoptr(JsonObject) empty = json_object_new ();

            json_object_set_array_member (distance, "mean",
                                          array_with (json_object_get_array_member (distance, "mean"), 0,
                                                      json_node_init_object (json_node_alloc (), empty)));
          }
          break;
        case 19:
          json_array_add_int_element (json_object_get_array_member (root, "models"), 7);
          break;
        case 20:
          json_object_set_string_member (root, "n_training", "346");
          break;
        /* The root its own left child: the walk would never end. */
        case 21:
          json_object_set_array_member (tree, "left_children",
                                        array_with (json_object_get_array_member (tree, "left_children"), 0,
                                                    json_node_init_int (json_node_alloc (), 0)));
          break;
        case 22:
          json_object_set_string_member (json_object_get_object_member (latency, "ensemble"), "base_score", "0");
          break;
        case 23:
          {
            JsonArray *rows = json_object_get_array_member (first, "rows");
            g_autoptr(JsonArray) row = array_with (json_array_get_array_element (rows, 0), 0,
                                                   json_node_init_null (json_node_alloc ()));

            json_object_set_array_member (first, "rows",
                                          array_with (rows, 0, json_node_init_array (json_node_alloc (), row)));
          }
          break;
        /* A score of 1e400, which json-glib reads as infinity: written
         * as a marker, replaced in the text below. */
        case 24:
          json_array_add_string_element (json_object_get_array_member (
            json_object_get_object_member (json_object_get_object_member (
              json_object_get_object_member (latency, "calibration"), "device"), "any"), "scores"), "1e400");
          break;
        default:
          g_assert_not_reached ();
        }
      json_generator_set_root (generator, json_parser_get_root (parser));
      {
        g_autofree char *text = json_generator_to_data (generator, NULL);
        g_autoptr(GString) damaged_text = g_string_new (text);

        g_string_replace (damaged_text, "\"1e400\"", "1e400", 0);
        g_assert_true (g_file_set_contents (damaged_path, damaged_text->str, -1, &error));
      }

      loaded = pp_fitted_predictor_load (catalog, damaged, &error);
      if (i == 0)
        {
          /* Written back untouched, it loads. */
          g_assert_no_error (error);
          g_assert_nonnull (loaded);
          continue;
        }
      if (loaded != NULL)
        g_error ("%s: loaded", damage[i]);
      g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
      if (strstr (error->message, "incomplete or damaged") == NULL ||
          (i == 21 && strstr (error->message, "a tree of the predictor is malformed") == NULL) ||
          (i == 22 && strstr (error->message, "base score") == NULL))
        g_error ("%s: “%s”", damage[i], error->message);
      g_clear_error (&error);
    }
}

/* @node (borrowed) with the node at @steps (a member's name, or an
 * element's index as "[2]") replaced by @value (taken), or removed where
 * @value is NULL; a member not there is added. */
static JsonNode *
edited (JsonNode           *node,
        const char * const *steps,
        JsonNode           *value)
{
  if (steps[0] == NULL)
    return value;

  if (steps[0][0] == '[')
    {
      JsonArray *array = json_node_get_array (node);
      guint i = g_ascii_strtoull (steps[0] + 1, NULL, 10);
      g_autoptr(JsonArray) copy = NULL;

      g_assert_cmpuint (i, <, json_array_get_length (array));
      copy = array_with (array, i, edited (json_array_get_element (array, i), steps + 1, value));
      return json_node_init_array (json_node_alloc (), copy);
    }

  if (steps[1] == NULL && value == NULL)
    json_object_remove_member (json_node_get_object (node), steps[0]);
  else
    json_object_set_member (json_node_get_object (node), steps[0],
                            edited (json_object_get_member (json_node_get_object (node), steps[0]),
                                    steps + 1, value));
  return json_node_ref (node);
}

/* Every member a saved fit is read from, edited by hand to what no fit
 * writes, is refused with an error that names the file and the member
 * (as "anchors[0].rows[1][0]") and says what it must be. Checked for
 * their kinds only, a null vocabulary read as an empty one, a null
 * table of frameworks or fits as an empty one, a fit of the wrong
 * length was dropped, and negative widths, scores, quantiles and
 * counts, unsorted scores, infinite floats and indices past the
 * vocabularies loaded and changed predictions and their intervals. */
static void
test_load_damaged_members (void)
{
  const struct { const char *path, *value, *needle; } cases[] = {
    { "devices", "null", "“devices” is missing or not an array" },
    { "frameworks", "{}", "“frameworks” is missing or not an array" },
    { "models[1]", "7", "“models[1]” is missing or not a string" },
    { "models[1]", "\"aaa\"", "“models[1]” is out of order or repeated" },
    { "n_training", "-1", "“n_training” must be a whole number of at least 1" },
    { "n_skipped", "2.5", "“n_skipped” must be a whole number of at least 0" },
    { "fastest_ratio", "-0.5", "“fastest_ratio” must be a number of 0 or more" },
    { "fastest_ratio", "null", "“fastest_ratio”" },
    { "n_features", "30", "“n_features” holds a value no fit writes" },
    { "stand_ins", "null", "“stand_ins” is missing or not an object" },
    { "stand_ins.x", "5", "“stand_ins.x” is missing or not a string" },
    { "default_frameworks", "[]", "“default_frameworks” is missing or not an object" },
    { "default_frameworks.nvidia-h200", "\"tensorflow\"", "“default_frameworks.nvidia-h200” is not listed in “frameworks”" },
    { "overheads.*", "[1, 0]", "“overheads.*” must be an array of 3 elements" },
    { "overheads.*[0]", "0", "“overheads.*[0]” must be a positive number" },
    { "overheads.*[1]", "-0.001", "“overheads.*[1]” must be a number of 0 or more" },
    { "memory_fits.*[1]", "0", "“memory_fits.*[1]” must be a positive number" },
    { "overheads", "null", "“overheads” is missing or not an object" },
    { "support", "null", "“support” is missing or not an array" },
    { "support[0].rows", "0", "“support[0].rows” must be a whole number of at least 1" },
    { "support[0].model", "\"gpt-5\"", "“support[0].model” is not listed in “models”" },
    { "support[0].framework", "\"\"", "“support[0].framework” holds a value no fit writes" },
    { "anchors[0].precision", "\"fp7\"", "“anchors[0].precision” holds a value no fit writes" },
    { "anchors[0].batch", "4", "“anchors[0].batch” holds a value no fit writes" },
    { "anchors[0].rows", "null", "“anchors[0].rows” is missing or not an array" },
    { "anchors[0].rows[0]", "[1,2]", "“anchors[0].rows[0]” must be an array of 5 elements" },
    { "anchors[0].rows[0][0]", "0", "“anchors[0].rows[0][0]” must be a whole number of at least 1" },
    { "anchors[0].rows[0][1]", "-3", "“anchors[0].rows[0][1]” must be a positive number" },
    { "anchors[0].rows[1][0]", "1", "“anchors[0].rows[1][0]” is out of order or repeated" },
    { "anchors[0].rows[0][2]", "-1", "“anchors[0].rows[0][2]” must be a number of 0 or more" },
    { "anchors[0].rows[0][3]", "1e400", "“anchors[0].rows[0][3]” must be a positive number" },
    { "crossings[0].device", "\"nvidia-h200\"", "“crossings[0].device” holds a value no fit writes" },
    { "crossings[0].batch", "0", "“crossings[0].batch” holds a value no fit writes" },
    { "crossings[0].rows[0][0]", "7", "“crossings[0].rows[0][0]” is missing or not a string" },
    { "crossings[0].rows[0][0]", "\"no-such-gpu\"", "“crossings[0].rows[0][0]” is not listed in “devices”" },
    { "crossings[0].rows[0][4]", "-1", "“crossings[0].rows[0][4]” must be a number of 0 or more" },
    { "siblings[0].rows[0][0]", "\"nvidia-h200\"", "“siblings[0].rows[0][0]” is not listed in “models”" },
    { "siblings[0].model", "\"bert-base\"", "“siblings[0].model” is not listed in “families”" },
    { "distance", "null", "“distance” is missing or not an object" },
    { "distance.mean", "[1]", "“distance.mean” must be an array of 9 elements" },
    { "distance.mean[3]", "1e300", "“distance.mean[3]” must be a finite number" },
    { "distance.scale[2]", "0", "“distance.scale[2]” must be a positive number" },
    { "distance.points", "[1,2,3]", "“distance.points” must hold a multiple of 11 numbers" },
    { "distance.points[9]", "-1", "“distance.points[9]” must be a whole number below" },
    { "distance.points[10]", "2", "“distance.points[10]” must be a whole number below" },
    { "distance.d_ood", "-1", "“distance.d_ood” must be a number of 0 or more" },
    { "heads.latency.anchored_share", "2", "“heads.latency.anchored_share” must be a number from 0 to 1" },
    { "heads.latency.calibration.device.any.q90", "-0.5", "“heads.latency.calibration.device.any.q90” must be a number of 0 or more" },
    { "heads.latency.calibration.device.any.q90", "-1", "“heads.latency.calibration.device.any.q90” must be a number of 0 or more" },
    { "heads.latency.calibration.device.any.scores[0]", "-1", "“heads.latency.calibration.device.any.scores[0]” must be a number of 0 or more" },
    { "heads.latency.calibration.device.any.scores[0]", "1e9", "“heads.latency.calibration.device.any.scores[1]” is out of order" },
    { "heads.latency.calibration.device.any.sigma_beta", "-0.1", "“heads.latency.calibration.device.any.sigma_beta” must be a number of 0 or more" },
    { "heads.latency.calibration.device.any.sigma_alpha", "null", "“heads.latency.calibration.device.any.sigma_alpha” must be a finite number" },
    { "heads.latency.calibration.device.any.beyond_beta", "-5", "“heads.latency.calibration.device.any.beyond_beta” must be no less than “sigma_beta”" },
    { "heads.memory.calibration.anchors.gpu", "[]", "no calibration for estimates on anchors: “heads.memory.calibration.anchors.gpu” is missing or not an object" },
    { "heads.latency.calibration", "null", "“heads.latency.calibration” is missing or not an object" },
    { "heads.latency.calibration.device", NULL, "no calibration for estimates on device: “heads.latency.calibration.device” is missing or not an object" },
    { "heads.latency.ensemble", "null", "in “heads.latency.ensemble”: " },
    { "heads.memory", "null", "“heads.memory” is missing or not an object" },
    { "fitted_at", "null", "“fitted_at” is missing or not a string" },
    { "fitted_at", "\"yesterday\"", "“fitted_at” holds a value no fit writes" },
    { "data_stamp", "5", "“data_stamp” is missing or not a string" },
  };
  g_autofree char *path = pp_test_dup_temp_path ("predictor.json");
  g_autofree char *damaged_path = pp_test_dup_temp_path ("damaged.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) damaged = g_file_new_for_path (damaged_path);
  g_autoptr(GError) error = NULL;
  guint wrong = 0;

  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(PpFittedPredictor) loaded = NULL;
      g_autoptr(GString) dotted = g_string_new (cases[i].path);
      g_autoptr(JsonNode) root = NULL;
      g_auto(GStrv) steps = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GString) damaged_text = NULL;
      JsonNode *value = NULL;
      gboolean named;

      g_assert_true (json_parser_load_from_file (parser, path, &error));
      /* JSON's syntax has no infinity: 1e400 (which json-glib reads as
       * one) goes in as a string, unquoted in the text. */
      if (g_strcmp0 (cases[i].value, "1e400") == 0)
        value = json_node_init_string (json_node_alloc (), "1e400");
      else if (cases[i].value != NULL)
        value = json_from_string (cases[i].value, &error);
      g_assert_no_error (error);
      g_string_replace (dotted, "[", ".[", 0);
      steps = g_strsplit (dotted->str, ".", -1);
      root = edited (json_parser_get_root (parser), (const char * const *)steps, value);

      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      damaged_text = g_string_new (text);
      g_string_replace (damaged_text, "\"1e400\"", "1e400", 0);
      g_assert_true (g_file_set_contents (damaged_path, damaged_text->str, -1, &error));

      loaded = pp_fitted_predictor_load (catalog, damaged, &error);
      named = loaded == NULL && g_error_matches (error, PP_ERROR, PP_ERROR_PARSE) &&
              strstr (error->message, "damaged.json: the saved predictor is incomplete or damaged: ") != NULL &&
              strstr (error->message, cases[i].needle) != NULL;
      if (!named)
        g_test_message ("%s = %s: %s, not “%s”", cases[i].path, cases[i].value,
                        loaded != NULL ? "loaded" : error->message, cases[i].needle);
      wrong += !named;
      g_clear_error (&error);
    }

  g_assert_cmpuint (wrong, ==, 0);
}

/* Intervals are calibrated apart for each basis on each kind of device:
 * fitted on the H200 file, estimates on the device fit alone have a 90%
 * quantile of their own on the GPU and on the CPU, and the kinds nobody
 * measured (NPUs, browsers) share the basis's quantile over both, saved
 * once as "any". */
static void
test_calibration_by_device_kind (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("predictor.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *device;
  double gpu, cpu, any;

  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  device = json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (
             json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "heads"),
             "latency"), "calibration"), "device");
  gpu = json_object_get_double_member (json_object_get_object_member (device, "gpu"), "q90");
  cpu = json_object_get_double_member (json_object_get_object_member (device, "cpu"), "q90");
  any = json_object_get_double_member (json_object_get_object_member (device, "any"), "q90");
  g_test_message ("latency q90 on the device basis: gpu %.3f, cpu %.3f, any (npu, browser) %.3f", gpu, cpu, any);

  g_assert_cmpfloat (gpu, >, 0);
  g_assert_cmpfloat (cpu, >, 0);
  g_assert_cmpfloat (gpu, !=, cpu);
  g_assert_false (json_object_has_member (device, "npu"));
  g_assert_false (json_object_has_member (device, "browser"));
  g_assert_cmpfloat (any, !=, gpu);
  g_assert_cmpfloat (any, !=, cpu);
}

/* A saved predictor whose latency head lost the calibration of one basis
 * is refused: its intervals would be NaN. */
static void
test_load_missing_calibration (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("predictor.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(PpFittedPredictor) loaded = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *latency;

  g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  latency = json_object_get_object_member (json_object_get_object_member (json_node_get_object (
                                             json_parser_get_root (parser)), "heads"), "latency");
  json_object_remove_member (json_object_get_object_member (latency, "calibration"), "anchors");
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, path, &error));

  loaded = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_null (loaded);
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "no calibration for estimates on anchors"));
  g_clear_error (&error);

  /* An interval that would narrow beyond the calibrated range, or with
   * no range, is damaged too. */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *cell;

      g_clear_object (&parser);
      parser = json_parser_new ();
      g_assert_true (pp_fitted_predictor_save (h200_predictor, file, &error));
      g_assert_true (json_parser_load_from_file (parser, path, &error));
      latency = json_object_get_object_member (json_object_get_object_member (json_node_get_object (
                                                 json_parser_get_root (parser)), "heads"), "latency");
      cell = json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (
                                              latency, "calibration"), "device"), "any");
      if (i == 0)
        json_object_set_double_member (cell, "beyond_beta", json_object_get_double_member (cell, "sigma_beta") - 0.1);
      else
        json_object_remove_member (cell, "max_distance");
      json_generator_set_root (generator, json_parser_get_root (parser));
      g_assert_true (json_generator_to_file (generator, path, &error));

      loaded = pp_fitted_predictor_load (catalog, file, &error);
      g_assert_null (loaded);
      g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "no calibration for estimates on device"));
      g_clear_error (&error);
    }
}

/* A row made up (source "synthetic", not measured) for @w, taking
 * @latency_ms. */
static PpMeasurement *
synthetic_measurement (PpWorkload *w,
                       double      latency_ms)
{
  PpMeasurement *m = pp_measurement_new ();

  pp_measurement_set_string (m, PP_COLUMN_SOURCE, "synthetic");
  pp_measurement_set_string (m, PP_COLUMN_MODEL, pp_model_spec_get_id (pp_workload_get_model (w)));
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, pp_hardware_spec_get_id (pp_workload_get_hardware (w)));
  pp_measurement_set_string (m, PP_COLUMN_FRAMEWORK, pp_workload_get_framework (w));
  pp_measurement_set_string (m, PP_COLUMN_PRECISION, pp_precision_to_string (pp_workload_get_precision (w)));
  pp_measurement_set_string (m, PP_COLUMN_PHASE, pp_phase_to_string (pp_workload_get_phase (w)));
  pp_measurement_set_number (m, PP_COLUMN_BATCH, pp_workload_get_batch (w));
  pp_measurement_set_number (m, PP_COLUMN_SEQ_LEN, pp_workload_get_seq_len (w));
  pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, latency_ms);

  return m;
}

/* A held-out row and its prediction, made up: latency (and memory,
 * unless NaN) measured and predicted with an interval of ±10%, each
 * standing on @latency_from and @memory_from. */
static void
add_made_up_row (PpValidation *v,
                 double        latency_ms,
                 PpEvidence    latency_from,
                 double        memory_mb,
                 PpEvidence    memory_from)
{
  g_autoptr(PpWorkload) w = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 8, 128,
                                      PP_PHASE_FORWARD);
  g_autoptr(PpMeasurement) m = synthetic_measurement (w, latency_ms);
  g_autoptr(PpPrediction) p = pp_prediction_new (w, "made up");

  pp_prediction_set_value (p, PP_TARGET_LATENCY, 1.2 * latency_ms, 1.1 * latency_ms, 1.3 * latency_ms);
  pp_prediction_set_evidence (p, PP_TARGET_LATENCY, latency_from);
  if (!isnan (memory_mb))
    {
      pp_measurement_set_number (m, PP_COLUMN_MEMORY_MB, memory_mb);
      pp_prediction_set_value (p, PP_TARGET_MEMORY, memory_mb, 0.9 * memory_mb, 1.1 * memory_mb);
      pp_prediction_set_evidence (p, PP_TARGET_MEMORY, memory_from);
    }
  pp_validation_add (v, m, p);
}

/* The report by evidence: each kind some prediction stood on, in the
 * order of PpEvidence, each target's metrics over the rows whose
 * prediction of that target stood on it; a row with no usable
 * measurement (latency 0) counts nowhere, and a value not predicted has
 * no evidence in --rows. */
static void
test_validation_by_evidence (void)
{
  g_autoptr(PpValidation) v = pp_validation_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *by_evidence;
  g_autoptr(GList) kinds = NULL;
  PpValidationMetrics m;

  add_made_up_row (v, 10, PP_EVIDENCE_FAMILY, 1000, PP_EVIDENCE_DEVICE_FIT);
  add_made_up_row (v, 20, PP_EVIDENCE_DEVICE_FIT, NAN, PP_EVIDENCE_UNKNOWN);
  add_made_up_row (v, 0, PP_EVIDENCE_ROOFLINE, NAN, PP_EVIDENCE_UNKNOWN);

  g_assert_true (pp_validation_get_evidence_metrics (v, PP_TARGET_LATENCY, PP_EVIDENCE_FAMILY, &m));
  g_assert_cmpuint (m.n, ==, 1);
  g_assert_cmpfloat_with_epsilon (m.mape, 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.within_25, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.coverage_90, 0, 1e-12);
  g_assert_true (pp_validation_get_evidence_metrics (v, PP_TARGET_MEMORY, PP_EVIDENCE_DEVICE_FIT, &m));
  g_assert_cmpuint (m.n, ==, 1);
  g_assert_cmpfloat_with_epsilon (m.coverage_90, 1, 1e-12);
  g_assert_false (pp_validation_get_evidence_metrics (v, PP_TARGET_MEMORY, PP_EVIDENCE_FAMILY, &m));
  g_assert_cmpuint (m.n, ==, 0);
  g_assert_false (pp_validation_get_evidence_metrics (v, PP_TARGET_LATENCY, PP_EVIDENCE_ROOFLINE, &m));

  json = pp_validation_to_json (v);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  by_evidence = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                               "by_evidence");
  kinds = json_object_get_members (by_evidence);
  g_assert_cmpuint (g_list_length (kinds), ==, 2);
  g_assert_cmpstr (kinds->data, ==, "family");
  g_assert_cmpstr (kinds->next->data, ==, "device-fit");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (by_evidence, "device-fit"), "latency"), "n"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (by_evidence, "device-fit"), "memory"), "n"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (by_evidence, "family"), "memory"), "n"), ==, 0);

  /* The last field of each line is memory's evidence. */
  csv = pp_validation_to_csv (v);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_true (g_str_has_suffix (lines[0], ",latency_evidence,throughput_measured,throughput_predicted,"
                                             "throughput_lower,throughput_upper,throughput_confidence,"
                                             "throughput_evidence,memory_measured,memory_predicted,"
                                             "memory_lower,memory_upper,memory_confidence,memory_evidence"));
  g_assert_true (g_str_has_suffix (lines[1], ",device-fit"));
  g_assert_nonnull (strstr (lines[1], ",family,"));
  g_assert_true (g_str_has_suffix (lines[2], ","));
  g_assert_nonnull (strstr (lines[2], ",device-fit,"));
}

/* A CPU runs fixed costs and work one after the other, and models
 * reach different efficiencies on it. Rows made up (not measured) from
 * t = e · roofline + 2 ms + 0.5 ms · layers on the Xeon of the H200
 * file, e from 0.6 to 1.5 by model as measured there (T5-small runs
 * at 0.54 of its fp32 roofline time, Whisper-tiny at 1.4), each model
 * at batch 2 and 8, BERT-base at 8 only, ViT not at all. The fit must
 * find that form again: BERT-base's batch 1 and 16 and ViT-base come
 * back as the formula says. Taking the device's efficiency from its
 * fastest rows, as on accelerators, put BERT-base's batch 1 at 33.1 ms
 * where the formula says 18.8. */
static double
synthetic_cpu_latency_ms (PpWorkload *w)
{
  const char *model = pp_model_spec_get_id (pp_workload_get_model (w));
  struct { const char *model; double efficiency; } efficiencies[] = {
    { "bert-base", 1.0 }, { "bert-large", 1.1 }, { "t5-small", 0.6 },
    { "t5-base", 0.75 }, { "whisper-tiny", 1.5 }, { "vit-base", 1.0 },
  };
  PpRooflineEstimate r;

  g_assert_true (pp_roofline_estimate (w, &r, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (efficiencies); i++)
    if (g_str_equal (efficiencies[i].model, model))
      return efficiencies[i].efficiency * r.seconds * 1e3 + 2.0 + 0.5 * r.layers;
  g_assert_not_reached ();
}

static void
test_cpu_adds_fixed_costs (void)
{
  const char *models[] = { "bert-base", "bert-large", "t5-small", "t5-base", "whisper-tiny" };
  const guint batches[] = { 2, 8 };
  const guint seqs[] = { 64, 256 };
  g_autoptr(GListStore) train = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *model; guint batch; double tolerance; } held_out[] = {
    { "bert-base", 1, 0.02 },    /* from its batch 8 */
    { "bert-base", 16, 0.02 },
    { "vit-base", 4, 0.25 },     /* at the device's efficiency */
  };

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    for (guint j = 0; j < G_N_ELEMENTS (batches); j++)
      for (guint k = 0; k < G_N_ELEMENTS (seqs); k++)
        {
          g_autoptr(PpWorkload) w = workload (models[i], "intel-xeon-8580-emr-16vcpu", PP_PRECISION_FP32,
                                              batches[j], seqs[k], PP_PHASE_FORWARD);
          g_autoptr(PpMeasurement) m = NULL;

          if (g_str_equal (models[i], "bert-base") && batches[j] != 8)
            continue;

          m = synthetic_measurement (w, synthetic_cpu_latency_ms (w));
          g_list_store_append (train, m);
        }

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (held_out); i++)
    {
      g_autoptr(PpWorkload) w = workload (held_out[i].model, "intel-xeon-8580-emr-16vcpu", PP_PRECISION_FP32,
                                          held_out[i].batch, 64, PP_PHASE_FORWARD);
      g_autoptr(PpPrediction) p = predict (predictor, w);
      double expected = synthetic_cpu_latency_ms (w);

      g_test_message ("%s batch %u: %.2f ms predicted, %.2f ms by the formula",
                      held_out[i].model, held_out[i].batch, pp_prediction_get_latency_ms (p), expected);
      g_assert_cmpfloat (fabs (pp_prediction_get_latency_ms (p) / expected - 1), <=, held_out[i].tolerance);
    }
}

/* Fixed costs belong to the software as much as to the chip. Rows made
 * up (not measured) on a T4 and a V100 for two frameworks, one with
 * 1 ms of fixed costs a call and one with 5 ms, plus 0.05 ms a layer,
 * overlapping work at 1.5 × the roofline: t = max (F + 0.05 · L,
 * 1.5 · roofline). An A100 was never measured, nor BART (12 layers)
 * anywhere; its prediction there must take the fixed costs of its own
 * framework on the other GPUs (1.6 and 5.6 ms). One fit for every
 * framework of the kind put both at 2.3 ms. */
static double
synthetic_gpu_latency_ms (PpWorkload *w)
{
  double fixed = g_strcmp0 (pp_workload_get_framework (w), "fast") == 0 ? 1.0 : 5.0;
  PpRooflineEstimate r;

  g_assert_true (pp_roofline_estimate (w, &r, NULL));
  return MAX (fixed + 0.05 * r.layers, 1.5 * r.seconds * 1e3);
}

/* Appends a made-up row of @model on @device running @framework (fp16,
 * forward) at synthetic_gpu_latency_ms(). */
static void
add_gpu_row (GListStore *train,
             const char *model,
             const char *device,
             guint       batch,
             guint       seq,
             const char *framework)
{
  g_autoptr(PpWorkload) w = workload (model, device, PP_PRECISION_FP16, batch, seq, PP_PHASE_FORWARD);
  g_autoptr(PpMeasurement) m = NULL;

  pp_workload_set_framework (w, framework);
  m = synthetic_measurement (w, synthetic_gpu_latency_ms (w));
  g_list_store_append (train, m);
}

/* The made-up rows most of these tests learn from: four encoders at
 * batch 1, 4, 16 and 64, with 128 tokens, on @device running
 * @framework. */
static void
add_gpu_grid (GListStore *train,
              const char *device,
              const char *framework)
{
  const char *models[] = { "bert-base", "bert-large", "vit-base", "t5-small" };
  const guint batches[] = { 1, 4, 16, 64 };

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
      add_gpu_row (train, models[i], device, batches[b], 128, framework);
}

/* Predicts @model on @device for @framework (fp16, forward) and checks
 * it against synthetic_gpu_latency_ms() within @tolerance. */
static void
assert_gpu_formula (PpFittedPredictor *predictor,
                    const char        *model,
                    const char        *device,
                    guint              batch,
                    guint              seq,
                    const char        *framework,
                    double             tolerance)
{
  g_autoptr(PpWorkload) w = workload (model, device, PP_PRECISION_FP16, batch, seq, PP_PHASE_FORWARD);
  g_autoptr(PpPrediction) p = NULL;
  double expected;

  pp_workload_set_framework (w, framework);
  p = predict (predictor, w);
  expected = synthetic_gpu_latency_ms (w);
  g_test_message ("%s on %s with %s, batch %u: %.2f ms predicted, %.2f ms by the formula",
                  model, device, framework, batch, pp_prediction_get_latency_ms (p), expected);
  g_assert_cmpfloat (fabs (pp_prediction_get_latency_ms (p) / expected - 1), <=, tolerance);
}

static void
test_new_device_takes_its_framework (void)
{
  const char *devices[] = { "nvidia-t4", "nvidia-v100-sxm2-16gb" };
  const char *frameworks[] = { "fast", "slow" };
  g_autoptr(GListStore) train = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;

  for (guint d = 0; d < G_N_ELEMENTS (devices); d++)
    for (guint f = 0; f < G_N_ELEMENTS (frameworks); f++)
      add_gpu_grid (train, devices[d], frameworks[f]);

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), NULL, &error);
  g_assert_no_error (error);

  for (guint f = 0; f < G_N_ELEMENTS (frameworks); f++)
    assert_gpu_formula (predictor, "bart-base", "nvidia-a100-sxm-80gb", 1, 128, frameworks[f], 0.25);
}

static char *
default_framework (PpFittedPredictor *predictor,
                   const char        *model,
                   const char        *device)
{
  g_autoptr(PpWorkload) w = workload (model, device, PP_PRECISION_FP16, 2, 128, PP_PHASE_FORWARD);
  g_autoptr(PpPrediction) p = pp_predictor_predict (PP_PREDICTOR (predictor), w, NULL);

  g_assert_nonnull (p);
  return g_strdup (pp_workload_get_framework (pp_prediction_get_workload (p)));
}

/* A workload that names no software is predicted for what its device ran
 * its model with: of two frameworks measured as often, the first by
 * name. Rows that named none leave it unnamed, on their own device and
 * on one that never ran the model alike; and a saved predictor picks
 * the same. */
static void
test_default_framework (void)
{
  g_autoptr(GListStore) train = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(PpFittedPredictor) loaded = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  add_gpu_grid (train, "nvidia-t4", "slow");
  add_gpu_grid (train, "nvidia-t4", "fast");
  add_gpu_grid (train, "nvidia-v100-sxm2-16gb", NULL);
  /* One more row of "slow", of another model: the T4's most measured. */
  add_gpu_row (train, "bart-base", "nvidia-t4", 1, 128, "slow");

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), NULL, &error);
  g_assert_no_error (error);
  path = g_build_filename (g_get_user_data_dir (), "default-framework.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (pp_fitted_predictor_save (predictor, file, &error));
  g_assert_no_error (error);
  loaded = pp_fitted_predictor_load (catalog, file, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      PpFittedPredictor *p = i == 0 ? predictor : loaded;
      g_autofree char *t4 = default_framework (p, "bert-base", "nvidia-t4");
      g_autofree char *t4_bart = default_framework (p, "bart-base", "nvidia-t4");
      g_autofree char *v100 = default_framework (p, "bert-base", "nvidia-v100-sxm2-16gb");
      g_autofree char *a100 = default_framework (p, "bert-base", "nvidia-a100-sxm-80gb");

      g_assert_cmpstr (t4, ==, "fast");
      g_assert_cmpstr (t4_bart, ==, "slow");
      g_assert_null (v100);
      g_assert_null (a100);
    }
}

/* A device measured with one framework, predicted for another that was
 * measured elsewhere, takes that framework's fixed costs from the
 * devices that ran it rather than its own other software's. Rows made
 * up as for the test above: the T4 runs "fast" and "slow", the V100
 * only "fast". BART on the V100 with "slow" must come out as the
 * formula says (5.6 ms at batch 1); the V100's own fit of "fast" put it
 * at 0.27 × that. */
static void
test_measured_device_takes_other_framework (void)
{
  g_autoptr(GListStore) train = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;

  add_gpu_grid (train, "nvidia-t4", "fast");
  add_gpu_grid (train, "nvidia-t4", "slow");
  add_gpu_grid (train, "nvidia-v100-sxm2-16gb", "fast");

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), NULL, &error);
  g_assert_no_error (error);

  assert_gpu_formula (predictor, "bart-base", "nvidia-v100-sxm2-16gb", 1, 128, "slow", 0.25);
}

typedef enum
{
  ROW_TRAIN,
  ROW_HOLD_OUT,
  ROW_DROP,
} RowUse;

typedef RowUse (*RowUseFunc) (PpWorkload *w);

/* Fits on the H200 file's rows that @use says to train on, and checks
 * that each of the @n it holds out comes back within 25% of its
 * measured latency. */
static void
assert_held_out_within_25 (RowUseFunc use,
                           guint      n)
{
  g_autoptr(GListStore) train = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(GPtrArray) held_out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      RowUse u = w != NULL ? use (w) : ROW_TRAIN;

      if (u == ROW_TRAIN)
        g_list_store_append (train, m);
      else if (u == ROW_HOLD_OUT)
        g_ptr_array_add (held_out, g_steal_pointer (&m));
    }
  g_assert_cmpuint (held_out->len, ==, n);

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < held_out->len; i++)
    {
      PpMeasurement *m = held_out->pdata[i];
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      g_autoptr(PpPrediction) p = predict (predictor, w);
      double measured = pp_measurement_get_latency_ms (m);

      g_test_message ("%s %s batch %u, %u tokens: %.1f ms predicted, %.1f measured",
                      pp_phase_to_string (pp_workload_get_phase (w)),
                      pp_precision_to_string (pp_workload_get_precision (w)), pp_workload_get_batch (w),
                      pp_workload_get_seq_len (w), pp_prediction_get_latency_ms (p), measured);
      g_assert_cmpfloat (fabs (pp_prediction_get_latency_ms (p) / measured - 1), <=, 0.25);
    }
}

/* A sequence length nobody measured, for a configuration measured at
 * another: the Llama family's calls on the H200 with a 1,024-token
 * context held out (so no sibling speaks for it), Llama 7B's decode
 * steps predicted from its 128-token ones (the same kernels, a longer KV
 * cache). Predicted as if the model had never been measured, the first
 * (fp16, batch 1) came out at 28.0 ms for 51.1 measured. */
static RowUse
llama_long_context_cb (PpWorkload *w)
{
  PpModelSpec *spec = pp_workload_get_model (w);

  if (!g_str_equal (pp_model_spec_get_family (spec), "llama") || pp_workload_get_seq_len (w) != 1024 ||
      pp_hardware_spec_get_kind (pp_workload_get_hardware (w)) != PP_HARDWARE_KIND_GPU)
    return ROW_TRAIN;

  return g_str_equal (pp_model_spec_get_id (spec), "llama-7b") && pp_workload_get_phase (w) == PP_PHASE_DECODE
         ? ROW_HOLD_OUT : ROW_DROP;
}

static void
test_other_sequence_length (void)
{
  assert_held_out_within_25 (llama_long_context_cb, 6);
}

/* Below the first measured batch size on an accelerator: Llama 2 7B's
 * 128-token prompts at batch 1 on the H200, held out, read from batch
 * sizes 8 and 32, which are bound by work. The line through those two
 * hides the fixed costs that bound batch 1 and put the prompts at
 * 0.46-0.49x their measured 17.7 and 16.8 ms; halfway (geometrically)
 * to the device's fixed costs, they must come within 25%. */
static RowUse
llama_short_prompt_alone_cb (PpWorkload *w)
{
  return g_str_equal (pp_model_spec_get_id (pp_workload_get_model (w)), "llama-7b") &&
         pp_workload_get_batch (w) == 1 && pp_workload_get_seq_len (w) == 128 &&
         pp_workload_get_phase (w) == PP_PHASE_PREFILL ? ROW_HOLD_OUT : ROW_TRAIN;
}

static void
test_below_first_measured (void)
{
  assert_held_out_within_25 (llama_short_prompt_alone_cb, 2);
}

/* Between two measured batch sizes on an accelerator. Rows made up (not
 * measured) on a T4 as t = max (5 ms + 0.05 ms a layer, 1.5 × the
 * roofline), fully overlapped, for four models at batch 1, 4, 16 and
 * 64, except BERT-base, given only at 1 (bound by fixed costs) and 64
 * (bound by work). The line through those two put its batch 2 at
 * 1.47 × the formula; between the line and full overlap, the estimate
 * is 1.21 ×, and must stay within 30%. */
static void
test_accelerator_between_measured (void)
{
  const char *models[] = { "bert-base", "bert-large", "vit-base", "t5-small" };
  const guint batches[] = { 1, 4, 16, 64 };
  g_autoptr(GListStore) train = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
      if (!g_str_equal (models[i], "bert-base") || batches[b] == 1 || batches[b] == 64)
        add_gpu_row (train, models[i], "nvidia-t4", batches[b], 512, "slow");

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), NULL, &error);
  g_assert_no_error (error);

  assert_gpu_formula (predictor, "bert-base", "nvidia-t4", 2, 512, "slow", 0.30);
}

/* An accelerator's fixed costs are the host launching kernels, so they
 * follow the kernels a model launches, not its layers: T5-small's 12
 * layers launch 390 (eager attention, RMSNorm in Python), BERT-base's
 * 144. Rows made up (not measured) on the H200 as t = max (0.5 ms +
 * 0.02 ms a kernel, 1.5 × the roofline) for six models; ResNet-50 and
 * Llama 160M, never given and alone in their families, must come back
 * as the formula says. Fixed costs fitted per layer put them at 1.43
 * and 0.46 × the formula. */
static double
synthetic_launch_latency_ms (PpWorkload *w)
{
  PpRooflineEstimate r;

  g_assert_true (pp_roofline_estimate (w, &r, NULL));
  return MAX (0.5 + 0.02 * r.kernels, 1.5 * r.seconds * 1e3);
}

static void
test_accelerator_counts_kernels (void)
{
  const char *models[] = { "bert-base", "bert-large", "t5-small", "t5-base", "vit-base", "whisper-tiny" };
  const guint batches[] = { 1, 4, 16, 64 };
  g_autoptr(GListStore) train = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *model; PpPhase phase; } held_out[] = {
    { "resnet50", PP_PHASE_FORWARD },
    { "llama-160m", PP_PHASE_PREFILL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
      {
        g_autoptr(PpWorkload) w = workload (models[i], "nvidia-h200", PP_PRECISION_FP16, batches[b], 128,
                                            PP_PHASE_FORWARD);
        g_autoptr(PpMeasurement) m = synthetic_measurement (w, synthetic_launch_latency_ms (w));

        g_list_store_append (train, m);
      }

  predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (held_out); i++)
    {
      g_autoptr(PpWorkload) w = workload (held_out[i].model, "nvidia-h200", PP_PRECISION_FP16, 1, 128,
                                          held_out[i].phase);
      g_autoptr(PpPrediction) p = predict (predictor, w);
      double expected = synthetic_launch_latency_ms (w);

      g_test_message ("%s batch 1: %.2f ms predicted, %.2f ms by the formula",
                      held_out[i].model, pp_prediction_get_latency_ms (p), expected);
      g_assert_cmpfloat (fabs (pp_prediction_get_latency_ms (p) / expected - 1), <=, 0.10);
    }
}

static void
test_fit_needs_data (void)
{
  g_autoptr(GListStore) few = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(GError) error = NULL;
  g_autoptr(PpFittedPredictor) p = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_list_store_append (few, m);
    }

  p = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (few), NULL, &error);
  g_assert_null (p);
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "at least 10"));
  g_clear_error (&error);

  /* The count is one, and so the noun is too. */
  g_list_store_splice (few, 1, 2, NULL, 0);
  p = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (few), NULL, &error);
  g_assert_null (p);
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Only 1 usable measurement;"));
}

/* Calibration folds run on a pool of threads; whichever finishes first,
 * a fit is the same, and so it is whatever order its rows come in. Fits
 * every third H200 row, then the same rows reversed, and predicts every
 * H200 row at the next batch size from both (so that trees, anchors and
 * intervals all take part). */
static void
test_fit_deterministic (void)
{
  g_autoptr(GListStore) rows = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(GListStore) reversed = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(GError) error = NULL;
  g_autoptr(PpFittedPredictor) first = NULL;
  g_autoptr(PpFittedPredictor) again = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i += 3)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);

      g_list_store_append (rows, m);
      g_list_store_insert (reversed, 0, m);
    }

  first = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (rows), NULL, &error);
  g_assert_no_error (error);
  /* The same rows in another order are the same data. */
  again = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (reversed), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      g_autoptr(PpPrediction) a = NULL;
      g_autoptr(PpPrediction) b = NULL;

      g_assert_nonnull (w);
      pp_workload_set_batch (w, pp_workload_get_batch (w) + 1);
      a = predict (first, w);
      b = predict (again, w);
      for (PpTarget t = 0; t < PP_N_TARGETS; t++)
        {
          double va, la, ua, vb, lb, ub;

          va = pp_prediction_get_value (a, t, &la, &ua);
          vb = pp_prediction_get_value (b, t, &lb, &ub);
          g_assert_cmpmem (&va, sizeof va, &vb, sizeof vb);
          g_assert_cmpmem (&la, sizeof la, &lb, sizeof lb);
          g_assert_cmpmem (&ua, sizeof ua, &ub, sizeof ub);
        }
    }
}

static void
fit_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* A fit cancelled before it starts, or while its folds run, stops with
 * G_IO_ERROR_CANCELLED and no predictor. */
static void
test_fit_cancelled (void)
{
  g_autoptr(GCancellable) before = g_cancellable_new ();
  g_autoptr(GCancellable) during = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PpFittedPredictor) p = NULL;
  gint64 start;

  g_cancellable_cancel (before);
  p = pp_fitted_predictor_fit (catalog, h200_rows, before, &error);
  g_assert_null (p);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  pp_fitted_predictor_fit_async (catalog, h200_rows, during, fit_done, &result);
  g_timeout_add (50, cancel_cb, during);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  p = pp_fitted_predictor_fit_finish (result, &error);
  g_assert_null (p);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled fit returned after %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);
}

/* Cancelled, a fit tells the steps it made, never the end, and frees
 * its progress data all the same. */
static void
count_free (gpointer user_data)
{
  (*(guint *)user_data)++;
}

static void
test_fit_progress_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint freed = 0;
  g_autoptr(PpFittedPredictor) p = NULL;
  Steps steps;

  steps_init (&steps);
  pp_fitted_predictor_fit_full_async (catalog, h200_rows, steps_tell, &steps, steps_free, cancellable,
                                      steps_fit_done, &steps);
  g_timeout_add (50, cancel_cb, cancellable);
  while (steps.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  p = pp_fitted_predictor_fit_finish (steps.result, &error);
  g_assert_null (p);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_steps (&steps, 21, FALSE);
  g_assert_cmpuint (steps.freed, ==, 1);
  steps_clear (&steps);

  /* Without a function to tell, the data is freed at once. */
  pp_fitted_predictor_fit_full_async (catalog, h200_rows, NULL, &freed, count_free, cancellable, fit_done,
                                      &result);
  g_assert_cmpuint (freed, ==, 1);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_unpredictable_device (void)
{
  g_autoptr(PpMeasurement) row = pp_measurement_new ();
  g_autoptr(PpHardwareSpec) npu = NULL;
  g_autoptr(PpWorkload) w = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PpPrediction) p = NULL;

  pp_measurement_set_string (row, PP_COLUMN_HARDWARE, "mystery-npu");
  pp_measurement_set_string (row, PP_COLUMN_HARDWARE_KIND, "npu");
  npu = pp_catalog_resolve_hardware (catalog, NULL, row, NULL);
  w = pp_workload_new (pp_catalog_lookup_model (catalog, "bert-base"), npu, PP_PRECISION_INT8, 1);

  p = pp_predictor_predict (PP_PREDICTOR (h200_predictor), w, &error);
  g_assert_null (p);
  g_assert_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "mystery-npu"));
  g_clear_error (&error);

  {
    PpPredictionValues values;

    g_assert_false (pp_fitted_predictor_predict_values (h200_predictor, w, &values, &error));
    g_assert_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "mystery-npu"));
  }
}

static void
test_recommender (void)
{
  g_autoptr(PpRecommender) r = pp_recommender_new (PP_PREDICTOR (h200_predictor), catalog);
  g_autoptr(PpWorkload) w = workload ("llama-13b", "nvidia-h200", PP_PRECISION_FP16, 1, 1024, PP_PHASE_DECODE);
  g_autoptr(GListModel) ranked = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen_infeasible = FALSE;
  double last_score = INFINITY;

  pp_recommender_set_objective (r, PP_OBJECTIVE_LATENCY);
  ranked = pp_recommender_rank (r, w, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ranked), >, 10);

  for (guint i = 0; i < g_list_model_get_n_items (ranked); i++)
    {
      g_autoptr(PpRecommendation) rec = g_list_model_get_item (ranked, i);
      PpHardwareSpec *hw = pp_recommendation_get_hardware (rec);
      double upper;

      pp_prediction_get_value (pp_recommendation_get_prediction (rec), PP_TARGET_MEMORY, NULL, &upper);
      g_assert_nonnull (pp_recommendation_get_reason (rec));

      if (!pp_recommendation_get_feasible (rec))
        {
          seen_infeasible = TRUE;
          continue;
        }

      /* Feasible devices come first, best first, and really fit. */
      g_assert_false (seen_infeasible);
      g_assert_cmpfloat (pp_recommendation_get_score (rec), <=, last_score);
      last_score = pp_recommendation_get_score (rec);
      if (!isnan (pp_hardware_spec_get_memory_bytes (hw)))
        g_assert_cmpfloat (upper * 1024 * 1024, <=, pp_hardware_spec_get_memory_bytes (hw));
    }

  /* 13 B parameters at fp16 are 24 GiB of weights: a 16 GB T4 cannot hold them. */
  g_assert_true (seen_infeasible);
  for (guint i = 0; i < g_list_model_get_n_items (ranked); i++)
    {
      g_autoptr(PpRecommendation) rec = g_list_model_get_item (ranked, i);

      if (g_str_equal (pp_hardware_spec_get_id (pp_recommendation_get_hardware (rec)), "nvidia-t4"))
        {
          g_assert_false (pp_recommendation_get_feasible (rec));
          g_assert_nonnull (strstr (pp_recommendation_get_reason (rec), "does not fit"));
        }
    }
}

/* Values print with three significant digits, written out. */
static void
test_format_value (void)
{
  const struct {
    double value;
    const char *text;
  } cases[] = {
    { 0, "0" },
    { 1, "1.00" },
    { 12.345, "12.3" },
    { -5.678, "-5.68" },
    { 99.94, "99.9" },
    { 99.96, "100" },
    { 9.9996, "10.0" },
    { 0.99996, "1.00" },
    { 100, "100" },
    { 1234.4, "1234" },
    { 1.5e14, "150000000000000" },
    { 999999999999999.9, "1e+15" },
    { 1.234567e17, "1.23e+17" },
    { 9.4e133, "9.4e+133" },
    { 0.5, "0.500" },
    { 0.0000218, "0.0000218" },
    { 1.5e-9, "0.00000000150" },
    { 1e-12, "1e-12" },
    { NAN, "–" },
    { INFINITY, "inf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = pp_format_value (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* A workload a CPU would take weeks over reads as such: its throughput
 * with three significant digits, not rounded to 0 items/s, and its
 * latency in days, not in billions of ms. */
/* Feasible means meeting the constraints, whatever the objective: by
 * efficiency, Apple's chips (TDP unknown) fit and are feasible, ranked
 * after every device with a score; by memory headroom, CPUs (memory
 * unknown) are as feasible as they are by throughput. */
static void
test_recommender_unscored (void)
{
  g_autoptr(PpRecommender) r = pp_recommender_new (PP_PREDICTOR (h200_predictor), catalog);
  g_autoptr(PpWorkload) w = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 8, 128, PP_PHASE_FORWARD);
  PpObjective objectives[] = { PP_OBJECTIVE_THROUGHPUT, PP_OBJECTIVE_EFFICIENCY, PP_OBJECTIVE_MEMORY };
  guint n_feasible[G_N_ELEMENTS (objectives)];

  for (guint o = 0; o < G_N_ELEMENTS (objectives); o++)
    {
      g_autoptr(GListModel) ranked = NULL;
      g_autoptr(GError) error = NULL;
      gboolean seen_unscored = FALSE, seen_m1_max = FALSE;

      pp_recommender_set_objective (r, objectives[o]);
      ranked = pp_recommender_rank (r, w, NULL, &error);
      g_assert_no_error (error);
      n_feasible[o] = 0;
      for (guint i = 0; i < g_list_model_get_n_items (ranked); i++)
        {
          g_autoptr(PpRecommendation) rec = g_list_model_get_item (ranked, i);
          gboolean scored = !isnan (pp_recommendation_get_score (rec));

          if (!pp_recommendation_get_feasible (rec))
            continue;
          n_feasible[o]++;
          g_assert_false (scored && seen_unscored);
          seen_unscored |= !scored;
          if (g_str_equal (pp_hardware_spec_get_id (pp_recommendation_get_hardware (rec)), "apple-m1-max"))
            seen_m1_max = TRUE;
        }
      g_assert_true (seen_m1_max);
      g_assert_true (seen_unscored == (objectives[o] != PP_OBJECTIVE_THROUGHPUT));
    }

  g_assert_cmpuint (n_feasible[1], ==, n_feasible[0]);
  g_assert_cmpuint (n_feasible[2], ==, n_feasible[0]);
}

/* A list of devices is taken at its word: each ranked once, and a
 * device that cannot be ranked is an error naming it, not left out
 * without a word. */
static void
test_recommender_listed (void)
{
  g_autoptr(PpRecommender) r = pp_recommender_new (PP_PREDICTOR (h200_predictor), catalog);
  g_autoptr(PpWorkload) w = workload ("bert-base", "nvidia-h200", PP_PRECISION_FP16, 8, 128, PP_PHASE_FORWARD);
  const char *cannot[] = { "intel-xeon-platinum-8480c", "webkitgtk-wasm" };
  g_autoptr(GListStore) devices = g_list_store_new (PP_TYPE_HARDWARE_SPEC);
  g_autoptr(GListModel) ranked = NULL;
  g_autoptr(GError) error = NULL;

  g_list_store_append (devices, pp_catalog_lookup_hardware (catalog, "nvidia-h200"));
  g_list_store_append (devices, pp_catalog_lookup_hardware (catalog, "nvidia-a100-sxm-80gb"));
  g_list_store_append (devices, pp_catalog_lookup_hardware (catalog, "nvidia-h200"));
  ranked = pp_recommender_rank (r, w, G_LIST_MODEL (devices), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ranked), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (cannot); i++)
    {
      g_autoptr(GListModel) none = NULL;

      g_list_store_append (devices, pp_catalog_lookup_hardware (catalog, cannot[i]));
      none = pp_recommender_rank (r, w, G_LIST_MODEL (devices), &error);
      g_assert_null (none);
      g_assert_error (error, PP_ERROR, PP_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, cannot[i]));
      g_clear_error (&error);
      g_list_store_remove (devices, g_list_model_get_n_items (G_LIST_MODEL (devices)) - 1);
    }
}

static void
test_recommender_long (void)
{
  g_autoptr(PpRecommender) r = pp_recommender_new (PP_PREDICTOR (h200_predictor), catalog);
  g_autoptr(PpWorkload) w = workload ("llama-70b", "intel-xeon-8580-emr-16vcpu", PP_PRECISION_FP16,
                                      512, 32768, PP_PHASE_PREFILL);
  g_autoptr(GListStore) devices = g_list_store_new (PP_TYPE_HARDWARE_SPEC);
  g_autoptr(GListModel) ranked = NULL;
  g_autoptr(PpRecommendation) rec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  double latency_ms, throughput;
  const char *reason;

  g_list_store_append (devices, pp_catalog_lookup_hardware (catalog, "intel-xeon-8580-emr-16vcpu"));
  ranked = pp_recommender_rank (r, w, G_LIST_MODEL (devices), &error);
  g_assert_no_error (error);
  rec = g_list_model_get_item (ranked, 0);
  reason = pp_recommendation_get_reason (rec);
  latency_ms = pp_prediction_get_latency_ms (pp_recommendation_get_prediction (rec));
  throughput = pp_prediction_get_throughput (pp_recommendation_get_prediction (rec));
  g_test_message ("%s", reason);

  /* Three significant digits, written out: a throughput between 10^-4
   * and 10^-3 items/s with six decimals, its lower end below 10^-4 with
   * seven (0.0000xyz, not x.yze-05), and 10 to 100 days with one. */
  g_assert_cmpfloat (throughput, >=, 1e-4);
  g_assert_cmpfloat (throughput, <, 1e-3);
  g_assert_cmpfloat (latency_ms, >=, 10 * 86400e3);
  g_assert_cmpfloat (latency_ms, <, 100 * 86400e3);
  expected = g_strdup_printf ("%.6f items/s (90%%: 0.0000", throughput);
  g_assert_true (g_str_has_prefix (reason, expected));
  g_assert_null (strstr (reason, "e-0"));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("), %.1f days; ", latency_ms / 86400e3);
  g_assert_nonnull (strstr (reason, expected));
}

/* Fitted on the H200 file alone, the MI300X, never measured, has the
 * faster estimate for Llama 2 7B's decode step (from the device fit,
 * with an interval ten times as wide) than the H200 that ran it. Ranked
 * cautiously, each counts for the upper end of its interval, and a
 * latency limit between the two upper ends rules the MI300X out. */
static void
test_recommender_cautious (void)
{
  g_autoptr(PpRecommender) r = pp_recommender_new (PP_PREDICTOR (h200_predictor), catalog);
  g_autoptr(PpWorkload) w = workload ("llama-7b", "nvidia-h200", PP_PRECISION_BF16, 8, 1024, PP_PHASE_DECODE);
  g_autoptr(GListStore) devices = g_list_store_new (PP_TYPE_HARDWARE_SPEC);
  g_autoptr(GError) error = NULL;
  double upper[2], limit;

  g_list_store_append (devices, pp_catalog_lookup_hardware (catalog, "nvidia-h200"));
  g_list_store_append (devices, pp_catalog_lookup_hardware (catalog, "amd-mi300x"));
  pp_recommender_set_objective (r, PP_OBJECTIVE_LATENCY);

  for (guint cautious = 0; cautious < 2; cautious++)
    {
      g_autoptr(GListModel) ranked = NULL;
      g_autoptr(PpRecommendation) first = NULL;
      double value, lower;

      pp_recommender_set_cautious (r, cautious);
      ranked = pp_recommender_rank (r, w, G_LIST_MODEL (devices), &error);
      g_assert_no_error (error);
      first = g_list_model_get_item (ranked, 0);
      value = pp_prediction_get_value (pp_recommendation_get_prediction (first), PP_TARGET_LATENCY,
                                       &lower, &upper[cautious]);
      g_test_message ("%s first: %.1f ms (%.1f to %.1f)", cautious ? "cautiously" : "by the estimate",
                      value, lower, upper[cautious]);
      g_assert_cmpstr (pp_hardware_spec_get_id (pp_recommendation_get_hardware (first)), ==,
                       cautious ? "nvidia-h200" : "amd-mi300x");
      g_assert_cmpfloat_with_epsilon (pp_recommendation_get_score (first), cautious ? -upper[1] : -value,
                                      1e-9 * value);
    }

  /* upper[0] is the MI300X's, upper[1] the H200's. */
  g_assert_cmpfloat (upper[1], <, upper[0]);
  limit = (upper[0] + upper[1]) / 2;
  pp_recommender_set_max_latency_ms (r, limit);
  for (guint cautious = 0; cautious < 2; cautious++)
    {
      g_autoptr(GListModel) ranked = NULL;
      g_autoptr(PpRecommendation) last = NULL;

      pp_recommender_set_cautious (r, cautious);
      ranked = pp_recommender_rank (r, w, G_LIST_MODEL (devices), &error);
      g_assert_no_error (error);
      last = g_list_model_get_item (ranked, 1);
      g_assert_cmpstr (pp_hardware_spec_get_id (pp_recommendation_get_hardware (last)), ==,
                       cautious ? "amd-mi300x" : "nvidia-h200");
      g_assert_true (pp_recommendation_get_feasible (last) == !cautious);
      if (cautious)
        {
          g_autoptr(PpRecommendation) first = g_list_model_get_item (ranked, 0);

          /* Each row shows what it ranks by. */
          g_assert_true (g_str_has_suffix (pp_recommendation_get_reason (last), " ms (90% interval)"));
          g_assert_nonnull (strstr (pp_recommendation_get_reason (first), " ms, up to "));
        }
      else
        g_assert_null (strstr (pp_recommendation_get_reason (last), "up to"));
    }

  /* The other objectives count the unfavourable ends too: the upper end
   * of memory, the lower end of throughput (and per watt). */
  pp_recommender_set_max_latency_ms (r, 0);
  pp_recommender_set_cautious (r, TRUE);
  for (PpObjective objective = PP_OBJECTIVE_THROUGHPUT; objective <= PP_OBJECTIVE_EFFICIENCY; objective++)
    {
      g_autoptr(GListModel) ranked = NULL;

      pp_recommender_set_objective (r, objective);
      ranked = pp_recommender_rank (r, w, G_LIST_MODEL (devices), &error);
      g_assert_no_error (error);
      for (guint i = 0; i < g_list_model_get_n_items (ranked); i++)
        {
          g_autoptr(PpRecommendation) rec = g_list_model_get_item (ranked, i);
          PpPrediction *p = pp_recommendation_get_prediction (rec);
          PpHardwareSpec *hw = pp_recommendation_get_hardware (rec);
          double lo, hi, expected;

          switch (objective)
            {
            case PP_OBJECTIVE_LATENCY:
              pp_prediction_get_value (p, PP_TARGET_LATENCY, &lo, &hi);
              expected = -hi;
              break;
            case PP_OBJECTIVE_MEMORY:
              pp_prediction_get_value (p, PP_TARGET_MEMORY, &lo, &hi);
              expected = 1 - hi * 1024 * 1024 / pp_hardware_spec_get_memory_bytes (hw);
              break;
            case PP_OBJECTIVE_EFFICIENCY:
              pp_prediction_get_value (p, PP_TARGET_THROUGHPUT, &lo, &hi);
              expected = lo / pp_hardware_spec_get_tdp_watts (hw);
              break;
            case PP_OBJECTIVE_THROUGHPUT:
            default:
              pp_prediction_get_value (p, PP_TARGET_THROUGHPUT, &lo, &hi);
              expected = lo;
              break;
            }
          g_assert_true (pp_recommendation_get_feasible (rec));
          g_assert_cmpfloat_with_epsilon (pp_recommendation_get_score (rec), expected, 1e-9 * fabs (expected));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  catalog = pp_catalog_new_default (NULL);
  path = g_build_filename (g_getenv ("PERFCAST_DATA_DIR"), "datasets", "h200-torch-2026-11.csv", NULL);
  file = g_file_new_for_path (path);
  h200_rows = pp_measurement_list_load (file, PP_FILE_FORMAT_CSV, NULL, NULL);
  steps_init (&h200_steps);
  h200_predictor = pp_fitted_predictor_fit_full (catalog, h200_rows, steps_tell, &h200_steps, NULL, NULL);
  g_assert_nonnull (h200_predictor);

  g_test_add_func ("/Pp/Roofline/encoder-flops", test_roofline_encoder_flops);
  g_test_add_func ("/Pp/Roofline/decode-reads-weights-and-cache", test_roofline_decode_reads_weights_and_cache);
  g_test_add_func ("/Pp/Roofline/gqa", test_roofline_gqa);
  g_test_add_func ("/Pp/Roofline/overflow", test_roofline_overflow);
  g_test_add_func ("/Pp/Roofline/front-ends", test_roofline_front_ends);
  g_test_add_func ("/Pp/Roofline/params-only", test_roofline_params_only);
  g_test_add_func ("/Pp/Roofline/no-work", test_roofline_no_work);
  g_test_add_func ("/Pp/Roofline/weight-only-int4", test_roofline_weight_only_int4);
  g_test_add_func ("/Pp/Roofline/fp16-accumulate", test_roofline_fp16_accumulate);
  g_test_add_func ("/Pp/Roofline/kernels", test_roofline_kernels);
  g_test_add_func ("/Pp/Roofline/decoder-seq-len", test_roofline_decoder_seq_len);
  g_test_add_func ("/Pp/Roofline/eager-attention-traffic", test_roofline_eager_attention_traffic);
  g_test_add_func ("/Pp/Roofline/activation-memory", test_roofline_activation_memory);
  g_test_add_func ("/Pp/Roofline/max-context-int2", test_roofline_max_context_int2);
  g_test_add_func ("/Pp/FittedPredictor/deterministic", test_deterministic);
  g_test_add_func ("/Pp/FittedPredictor/skips-unusable-rows", test_fit_skips_unusable_rows);
  g_test_add_func ("/Pp/FittedPredictor/bottleneck", test_bottleneck);
  g_test_add_func ("/Pp/Prediction/descriptions", test_descriptions);
  g_test_add_func ("/Pp/Prediction/confidence-range", test_confidence_range);
  g_test_add_func ("/Pp/FittedPredictor/load-for-store", test_load_for_store);
  g_test_add_func ("/Pp/FittedPredictor/check-store", test_check_store);
  g_test_add_func ("/Pp/FittedPredictor/renew-saved", test_renew_saved);
  g_test_add_func ("/Pp/FittedPredictor/measured-workload", test_measured_workload_predicted_as_measured);
  g_test_add_func ("/Pp/FittedPredictor/intervals-widen", test_intervals_widen_away_from_data);
  g_test_add_func ("/Pp/FittedPredictor/unmeasured-fields-widen", test_unmeasured_fields_widen);
  g_test_add_func ("/Pp/FittedPredictor/intervals-widen-beyond-calibration",
                   test_intervals_widen_beyond_calibration);
  g_test_add_func ("/Pp/FittedPredictor/intervals-far-out", test_intervals_far_out);
  g_test_add_func ("/Pp/FittedPredictor/all-threads", test_all_threads);
  g_test_add_func ("/Pp/FittedPredictor/latency-floor", test_latency_floor);
  g_test_add_func ("/Pp/FittedPredictor/fixed-input-size", test_fixed_input_size);
  g_test_add_func ("/Pp/FittedPredictor/bad-input-size-refused", test_bad_input_size_refused);
  g_test_add_func ("/Pp/FittedPredictor/empty-framework", test_empty_framework);
  g_test_add_func ("/Pp/FittedPredictor/unlisted-device", test_unlisted_device);
  g_test_add_func ("/Pp/FittedPredictor/notes", test_notes);
  g_test_add_func ("/Pp/FittedPredictor/threads-on-a-gpu", test_threads_on_a_gpu);
  g_test_add_func ("/Pp/FittedPredictor/measured-interval", test_measured_interval);
  g_test_add_func ("/Pp/FittedPredictor/evidence", test_evidence);
  g_test_add_func ("/Pp/FittedPredictor/evidence-uncalibrated", test_evidence_uncalibrated);
  g_test_add_func ("/Pp/FittedPredictor/coverage-held-out", test_coverage_held_out);
  g_test_add_func ("/Pp/FittedPredictor/coverage-held-out-models", test_coverage_held_out_models);
  g_test_add_func ("/Pp/FittedPredictor/coverage-held-out-gpus", test_coverage_held_out_gpus);
  g_test_add_func ("/Pp/FittedPredictor/kv-precision-moves-measured", test_kv_precision_moves_measured);
  g_test_add_func ("/Pp/FittedPredictor/decoder-seq-len-moves-measured", test_decoder_seq_len_moves_measured);
  g_test_add_func ("/Pp/FittedPredictor/save-load", test_save_load);
  g_test_add_func ("/Pp/FittedPredictor/save-load-one-model", test_save_load_one_model);
  g_test_add_func ("/Pp/FittedPredictor/save-load-same-bytes", test_save_load_same_bytes);
  g_test_add_func ("/Pp/FittedPredictor/save-keeps-mode", test_save_keeps_mode);
  g_test_add_func ("/Pp/FittedPredictor/tree-share", test_tree_share);
  g_test_add_func ("/Pp/FittedPredictor/conformal-slopes", test_conformal_choose_slopes);
  g_test_add_func ("/Pp/Validation/by-evidence", test_validation_by_evidence);
  g_test_add_func ("/Pp/FittedPredictor/tree-shares", test_tree_shares);
  g_test_add_func ("/Pp/FittedPredictor/load-unsorted-vocabulary", test_load_unsorted_vocabulary);
  g_test_add_func ("/Pp/FittedPredictor/load-other-catalog", test_load_other_catalog);
  g_test_add_func ("/Pp/FittedPredictor/load-errors", test_load_errors);
  g_test_add_func ("/Pp/FittedPredictor/load-unreadable", test_load_unreadable);
  g_test_add_func ("/Pp/FittedPredictor/load-without-heads", test_load_without_heads);
  g_test_add_func ("/Pp/FittedPredictor/load-damaged-tables", test_load_damaged_tables);
  g_test_add_func ("/Pp/FittedPredictor/load-damaged-members", test_load_damaged_members);
  g_test_add_func ("/Pp/FittedPredictor/load-missing-calibration", test_load_missing_calibration);
  g_test_add_func ("/Pp/FittedPredictor/calibration-by-device-kind", test_calibration_by_device_kind);
  g_test_add_func ("/Pp/FittedPredictor/family-sibling", test_family_sibling);
  g_test_add_func ("/Pp/FittedPredictor/measured-configs/threads", test_measured_configs_threads);
  g_test_add_func ("/Pp/FittedPredictor/measured-configs/family", test_measured_configs_family);
  g_test_add_func ("/Pp/FittedPredictor/measured-configs/batch", test_measured_configs_batch);
  g_test_add_func ("/Pp/FittedPredictor/measured-configs/crossings", test_measured_configs_crossings);
  g_test_add_func ("/Pp/FittedPredictor/measured-configs/distance", test_measured_configs_distance);
  g_test_add_func ("/Pp/FittedPredictor/predict-values", test_predict_values);
  g_test_add_func ("/Pp/FittedPredictor/memory-unseen-models", test_memory_unseen_models);
  g_test_add_func ("/Pp/FittedPredictor/cpu-adds-fixed-costs", test_cpu_adds_fixed_costs);
  g_test_add_func ("/Pp/FittedPredictor/new-device-takes-its-framework", test_new_device_takes_its_framework);
  g_test_add_func ("/Pp/FittedPredictor/accelerator-counts-kernels", test_accelerator_counts_kernels);
  g_test_add_func ("/Pp/FittedPredictor/accelerator-between-measured", test_accelerator_between_measured);
  g_test_add_func ("/Pp/FittedPredictor/other-sequence-length", test_other_sequence_length);
  g_test_add_func ("/Pp/FittedPredictor/below-first-measured", test_below_first_measured);
  g_test_add_func ("/Pp/FittedPredictor/default-framework", test_default_framework);
  g_test_add_func ("/Pp/FittedPredictor/measured-device-takes-other-framework",
                   test_measured_device_takes_other_framework);
  g_test_add_func ("/Pp/FittedPredictor/fit-needs-data", test_fit_needs_data);
  g_test_add_func ("/Pp/FittedPredictor/fit-deterministic", test_fit_deterministic);
  g_test_add_func ("/Pp/FittedPredictor/fit-cancelled", test_fit_cancelled);
  g_test_add_func ("/Pp/FittedPredictor/fit-progress", test_fit_progress);
  g_test_add_func ("/Pp/FittedPredictor/ignores-what-does-not-apply", test_ignores_what_does_not_apply);
  g_test_add_func ("/Pp/FittedPredictor/out-of-reach", test_out_of_reach);
  g_test_add_func ("/Pp/FittedPredictor/fit-progress-cancelled", test_fit_progress_cancelled);
  g_test_add_func ("/Pp/FittedPredictor/unpredictable-device", test_unpredictable_device);
  g_test_add_func ("/Pp/Predictor/max-fits", test_predictor_max_fits);
  g_test_add_func ("/Pp/Recommender/rank", test_recommender);
  g_test_add_func ("/Pp/Recommender/cautious", test_recommender_cautious);
  g_test_add_func ("/Pp/Recommender/long", test_recommender_long);
  g_test_add_func ("/Pp/Recommender/listed", test_recommender_listed);
  g_test_add_func ("/Pp/Recommender/unscored", test_recommender_unscored);
  g_test_add_func ("/Pp/Prediction/format-value", test_format_value);

  ret = g_test_run ();

  g_clear_object (&h200_predictor);
  g_clear_object (&h200_rows);
  g_clear_object (&catalog);
  return ret;
}
