/* test-catalog.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libpp.h>
#include <math.h>
#include <sched.h>

#include "pp-bandwidth-private.h"
#include "pp-catalog-private.h"
#include "pp-test-util.h"

typedef struct
{
  PpCatalog *catalog;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->catalog = pp_catalog_new_default (&error);
  g_assert_no_error (error);
  g_assert_nonnull (f->catalog);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->catalog);
}

static const char *required_models[] = {
  "bert-base", "bert-large", "t5-small", "t5-base", "llama-160m", "llama-1.1b", "llama-3b",
  "llama-7b", "llama-8b", "llama-13b", "llama-70b", "bart-base", "bart-large", "vit-base",
  "vit-large", "clip-vit-b32", "detr-resnet50", "whisper-tiny", "whisper-base",
  "whisper-small", "wav2vec2-base", "clap-htsat", "llava-1.5-7b", "blip-base", "resnet50",
};

static void
test_required_models (Fixture       *f,
                      gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (required_models); i++)
    {
      PpModelSpec *m = pp_catalog_lookup_model (f->catalog, required_models[i]);

      if (m == NULL)
        g_error ("model %s missing from the catalog", required_models[i]);
      g_assert_true (pp_model_spec_get_is_from_catalog (m));
      g_assert_nonnull (pp_model_spec_get_source (m, "architecture"));
      g_assert_false (isnan (pp_model_spec_get_params_m (m)));

      if (pp_model_spec_get_arch (m) == PP_MODEL_ARCH_CNN)
        g_assert_true (pp_model_spec_get_number (m, "gflops_per_item", NULL));
      else
        {
          g_assert_cmpuint (pp_model_spec_get_layers (m), >, 0);
          g_assert_cmpuint (pp_model_spec_get_hidden (m), >, 0);
          g_assert_cmpuint (pp_model_spec_get_heads (m) % pp_model_spec_get_kv_heads (m), ==, 0);
        }
    }

  /* Grouped-query attention is what shrinks a KV cache: it must be there. */
  g_assert_cmpuint (pp_model_spec_get_kv_heads (pp_catalog_lookup_model (f->catalog, "llama-8b")), ==, 8);
  g_assert_cmpuint (pp_model_spec_get_heads (pp_catalog_lookup_model (f->catalog, "llama-8b")), ==, 32);
  g_assert_cmpuint (pp_model_spec_get_kv_heads (pp_catalog_lookup_model (f->catalog, "llama-70b")), ==, 8);
  g_assert_cmpuint (pp_model_spec_get_kv_heads (pp_catalog_lookup_model (f->catalog, "llama-7b")), ==, 32);
}

/* The catalog must agree with the architecture columns of the real
 * measurements it will be fitted on. */
static void
test_models_match_h200_data (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("PERFCAST_DATA_DIR"), "datasets",
                                            "h200-torch-2026-11.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) rows = pp_measurement_list_load (file, PP_FILE_FORMAT_CSV, NULL, NULL);

  g_assert_nonnull (rows);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(PpMeasurement) row = g_list_model_get_item (rows, i);
      PpModelSpec *m = pp_catalog_lookup_model (f->catalog, pp_measurement_get_model (row));

      g_assert_nonnull (m);
      g_assert_nonnull (pp_catalog_lookup_hardware (f->catalog, pp_measurement_get_hardware (row)));
      g_assert_cmpuint (pp_model_spec_get_layers (m), ==, (guint)pp_measurement_get_number (row, PP_COLUMN_LAYERS));
      g_assert_cmpuint (pp_model_spec_get_hidden (m), ==, (guint)pp_measurement_get_number (row, PP_COLUMN_HIDDEN));
      g_assert_cmpfloat_with_epsilon (pp_model_spec_get_params_m (m),
                                      pp_measurement_get_number (row, PP_COLUMN_PARAMS_M),
                                      0.01 * pp_model_spec_get_params_m (m));
    }
}

static const char *required_hardware[] = {
  "nvidia-h200", "nvidia-h100-sxm", "nvidia-a100-sxm-80gb", "nvidia-t4", "nvidia-a10",
  "nvidia-l4", "nvidia-l40s", "nvidia-rtx-4090", "amd-mi300x", "apple-m1", "apple-m2-ultra",
  "intel-xeon-8580-emr-16vcpu",
};

static void
test_required_hardware (Fixture       *f,
                        gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (required_hardware); i++)
    {
      PpHardwareSpec *h = pp_catalog_lookup_hardware (f->catalog, required_hardware[i]);

      if (h == NULL)
        g_error ("device %s missing from the catalog", required_hardware[i]);
      g_assert_cmpfloat (pp_hardware_spec_get_peak_flops (h, PP_PRECISION_FP32), >, 1e11);
      g_assert_cmpfloat (pp_hardware_spec_get_memory_bandwidth (h), >, 5e10);
      /* A cloud share of a CPU has no fixed memory size to cite. */
      if (pp_hardware_spec_get_kind (h) == PP_HARDWARE_KIND_GPU)
        g_assert_cmpfloat (pp_hardware_spec_get_memory_bytes (h), >, 8e9);
      g_assert_nonnull (pp_hardware_spec_get_source (h, "peak_tflops"));
      g_assert_nonnull (pp_hardware_spec_get_source (h, "memory_bandwidth_gbs"));
    }

  /* Apple publishes no FP32 peak for the M3 Max: the catalog leaves it
   * unknown rather than quoting a guess. */
  {
    PpHardwareSpec *m3 = pp_catalog_lookup_hardware (f->catalog, "apple-m3-max");

    g_assert_nonnull (m3);
    g_assert_cmpfloat (pp_hardware_spec_get_memory_bandwidth (m3), >, 1e11);
  }

  /* Dense tensor-core bf16 is several times fp32 on a data-centre GPU. */
  {
    PpHardwareSpec *h200 = pp_catalog_lookup_hardware (f->catalog, "nvidia-h200");

    g_assert_cmpfloat (pp_hardware_spec_get_peak_flops (h200, PP_PRECISION_BF16), >,
                       5 * pp_hardware_spec_get_peak_flops (h200, PP_PRECISION_FP32));
    g_assert_cmpuint (pp_hardware_spec_get_kind (h200), ==, PP_HARDWARE_KIND_GPU);
  }
}

static void
test_aliases (Fixture       *f,
              gconstpointer  data)
{
  struct { const char *alias, *id; } hw[] = {
    { "NVIDIA H100-SXM-80GB", "nvidia-h100-sxm" },
    { "nvidia h100 sxm 80gb", "nvidia-h100-sxm" },
    { "NVIDIA H200-SXM-141GB", "nvidia-h200" },
    { "NVIDIA GeForce RTX 4090", "nvidia-rtx-4090" },
    { "NVIDIA_T4", "nvidia-t4" },
  };
  struct { const char *alias, *id; } models[] = {
    { "bert-99", "bert-large" },
    { "bert-99.9", "bert-large" },
    { "resnet", "resnet50" },
    { "llama2-70b-99", "llama-70b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (hw); i++)
    {
      PpHardwareSpec *h = pp_catalog_lookup_hardware (f->catalog, hw[i].alias);

      if (h == NULL)
        g_error ("“%s” does not resolve", hw[i].alias);
      g_assert_cmpstr (pp_hardware_spec_get_id (h), ==, hw[i].id);
    }

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      PpModelSpec *m = pp_catalog_lookup_model (f->catalog, models[i].alias);

      if (m == NULL)
        g_error ("“%s” does not resolve", models[i].alias);
      g_assert_cmpstr (pp_model_spec_get_id (m), ==, models[i].id);
    }

  /* A MIG slice is a seventh of the GPU: it must never pass for the whole. */
  {
    PpHardwareSpec *slice = pp_catalog_lookup_hardware (f->catalog, "NVIDIA A100-SXM-80GB (1x1g.10gb MIG)");

    g_assert_true (slice == NULL ||
                   g_strcmp0 (pp_hardware_spec_get_id (slice), "nvidia-a100-sxm-80gb") != 0);
  }
  g_assert_null (pp_catalog_lookup_model (f->catalog, "no-such-model"));
}

static void
test_browser_backends_bound_to_host (Fixture       *f,
                                     gconstpointer  data)
{
  const char *backends[] = { "webkitgtk-wasm", "webkitgtk-webgl", "webkitgtk-webgpu", "webkitgtk-webnn" };
  PpHardwareSpec *local = pp_catalog_lookup_hardware (f->catalog, "local");

  g_assert_nonnull (local);
  g_assert_cmpuint (pp_hardware_spec_get_compute_units (local), >, 0);
  g_assert_cmpfloat (pp_hardware_spec_get_memory_bytes (local), >, 1e8);

  for (guint i = 0; i < G_N_ELEMENTS (backends); i++)
    {
      PpHardwareSpec *b = pp_catalog_lookup_hardware (f->catalog, backends[i]);

      g_assert_nonnull (b);
      g_assert_cmpuint (pp_hardware_spec_get_kind (b), ==, PP_HARDWARE_KIND_BROWSER);
      g_assert_true (pp_hardware_spec_get_host (b) == local);
      g_assert_cmpfloat (pp_hardware_spec_get_peak_flops (b, PP_PRECISION_FP32), ==,
                         pp_hardware_spec_get_peak_flops (local, PP_PRECISION_FP32));
    }
}

static void
test_resolve_from_columns (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(PpModelSpec) model = NULL;
  g_autoptr(PpHardwareSpec) hw = NULL;
  g_autoptr(GError) error = NULL;

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "my-encoder");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "my-npu");

  model = pp_catalog_resolve_model (f->catalog, NULL, m, &error);
  g_assert_null (model);
  g_assert_error (error, PP_ERROR, PP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "my-encoder"));
  g_clear_error (&error);

  hw = pp_catalog_resolve_hardware (f->catalog, NULL, m, &error);
  g_assert_null (hw);
  g_assert_error (error, PP_ERROR, PP_ERROR_NOT_FOUND);
  g_clear_error (&error);

  pp_measurement_set_string (m, PP_COLUMN_ARCH, "encoder");
  pp_measurement_set_number (m, PP_COLUMN_LAYERS, 6);
  pp_measurement_set_number (m, PP_COLUMN_HIDDEN, 512);
  pp_measurement_set_number (m, PP_COLUMN_HEADS, 8);
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE_KIND, "npu");

  model = pp_catalog_resolve_model (f->catalog, NULL, m, &error);
  g_assert_no_error (error);
  g_assert_false (pp_model_spec_get_is_from_catalog (model));
  g_assert_cmpuint (pp_model_spec_get_arch (model), ==, PP_MODEL_ARCH_ENCODER);
  g_assert_cmpuint (pp_model_spec_get_layers (model), ==, 6);
  g_assert_cmpuint (pp_model_spec_get_kv_heads (model), ==, 8);
  /* No params_m: counted as 6 · 2·512·(2·512 + 4·512) (Kaplan et al.
   * 2020), which a roofline needs for the weights' bytes. */
  g_assert_cmpfloat_with_epsilon (pp_model_spec_get_params_m (model), 6 * 2 * 512 * 6 * 512 / 1e6, 1e-9);

  hw = pp_catalog_resolve_hardware (f->catalog, NULL, m, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pp_hardware_spec_get_kind (hw), ==, PP_HARDWARE_KIND_NPU);
  g_assert_true (isnan (pp_hardware_spec_get_peak_flops (hw, PP_PRECISION_FP16)));
}

/* @m's device, which the catalog does not list. */
static PpHardwareSpec *
resolve_unlisted (PpCatalog  *catalog,
                  const char *kind,
                  const char *backend)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(GError) error = NULL;
  PpHardwareSpec *hw;

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "kamino-x1");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE_KIND, kind);
  if (backend != NULL)
    pp_measurement_set_string (m, PP_COLUMN_BACKEND, backend);
  hw = pp_catalog_resolve_hardware (catalog, NULL, m, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pp_hardware_spec_get_id (hw), ==, "kamino-x1");

  return hw;
}

/* A device the catalog does not list takes the figures of one it does:
 * of its kind (and backend, when the catalog has any of it), the median
 * by fp32 peak, so that its roofline has somewhere to start and its own
 * rows say the rest. It says whose figures they are; its memory, which
 * nothing says, stays unknown. */
static void
test_resolve_stand_in (Fixture       *f,
                       gconstpointer  data)
{
  const struct { const char *kind, *backend, *expected_backend; } cases[] = {
    { "gpu", "cuda", "cuda" }, { "gpu", "mps", "mps" }, { "gpu", "rocm", "rocm" },
    { "cpu", NULL, "cpu" }, { "gpu", "vulkan", NULL },
  };
  g_autoptr(PpHardwareSpec) npu = resolve_unlisted (f->catalog, "npu", "qnn");
  g_autoptr(PpHardwareSpec) browser = resolve_unlisted (f->catalog, "browser", "webgpu");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpHardwareSpec) hw = resolve_unlisted (f->catalog, cases[i].kind, cases[i].backend);
      PpHardwareSpec *stand_in = pp_catalog_lookup_hardware (f->catalog, pp_hardware_spec_get_stand_in (hw));
      GListModel *all = pp_catalog_get_hardware (f->catalog);
      double peak;
      guint below = 0, above = 0;

      g_assert_nonnull (stand_in);
      g_assert_cmpuint (pp_hardware_spec_get_kind (stand_in), ==, pp_hardware_spec_get_kind (hw));
      if (cases[i].expected_backend != NULL)
        g_assert_cmpstr (pp_hardware_spec_get_backend (stand_in), ==, cases[i].expected_backend);
      g_test_message ("%s/%s: %s", cases[i].kind, cases[i].backend, pp_hardware_spec_get_id (stand_in));

      for (guint p = 0; p < PP_N_PRECISIONS; p++)
        {
          double a = pp_hardware_spec_get_peak_flops (hw, p), b = pp_hardware_spec_get_peak_flops (stand_in, p);

          g_assert_true (a == b || (isnan (a) && isnan (b)));
        }
      g_assert_cmpfloat (pp_hardware_spec_get_memory_bandwidth (hw), ==, pp_hardware_spec_get_memory_bandwidth (stand_in));
      g_assert_false (pp_hardware_spec_get_memory_bytes (hw) > 0);
      g_assert_nonnull (strstr (pp_hardware_spec_get_source (hw, "peak_tflops"), pp_hardware_spec_get_id (stand_in)));
      g_assert_nonnull (strstr (pp_hardware_spec_get_source (hw, "memory_bandwidth_gbs"), "stand in"));

      /* The median of the candidates: as many below it as above, the
       * lower of two middles. */
      peak = pp_hardware_spec_get_peak_flops (stand_in, PP_PRECISION_FP32);
      for (guint j = 0; j < g_list_model_get_n_items (all); j++)
        {
          g_autoptr(PpHardwareSpec) other = g_list_model_get_item (all, j);
          double other_peak = pp_hardware_spec_get_peak_flops (other, PP_PRECISION_FP32);

          if (pp_hardware_spec_get_kind (other) != pp_hardware_spec_get_kind (hw) ||
              g_strcmp0 (pp_hardware_spec_get_id (other), "local") == 0 ||
              !(other_peak > 0) || !(pp_hardware_spec_get_memory_bandwidth (other) > 0) ||
              (cases[i].expected_backend != NULL &&
               g_strcmp0 (pp_hardware_spec_get_backend (other), cases[i].expected_backend) != 0))
            continue;
          below += other_peak < peak;
          above += other_peak > peak;
        }
      g_assert_cmpuint (below, <=, above);
      g_assert_cmpuint (above, <=, below + 1 + (below + above) / 8);
    }

  /* No neural processor is listed to stand in for one. */
  g_assert_null (pp_hardware_spec_get_stand_in (npu));
  g_assert_true (isnan (pp_hardware_spec_get_peak_flops (npu, PP_PRECISION_FP16)));

  /* A browser backend runs on this machine, as the listed ones do. */
  g_assert_null (pp_hardware_spec_get_stand_in (browser));
  g_assert_true (pp_hardware_spec_get_host (browser) == pp_catalog_lookup_hardware (f->catalog, "local"));

  /* A listed device's figures are its own. */
  g_assert_null (pp_hardware_spec_get_stand_in (pp_catalog_lookup_hardware (f->catalog, "nvidia-h200")));
}

static void
add_device_row (PpMeasurementStore *store,
                const char         *hardware,
                const char         *kind,
                const char         *backend)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(GError) error = NULL;

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, hardware);
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE_KIND, kind);
  pp_measurement_set_string (m, PP_COLUMN_BACKEND, backend);
  pp_measurement_set_string (m, PP_COLUMN_PRECISION, "fp16");
  pp_measurement_set_number (m, PP_COLUMN_BATCH, 1);
  pp_measurement_set_number (m, PP_COLUMN_SEQ_LEN, 128);
  pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, 3.7);
  g_assert_true (pp_measurement_store_add (store, m, NULL, &error));
  g_assert_no_error (error);
}

/* A device known only from the store is described as its rows describe
 * it, which is how a fit to the store learned it: its name is enough.
 * Rows that describe it in several ways give the first description by
 * kind, then backend, whatever their order (a fit takes the same, see
 * test-cli's predict_unlisted_device). The store's devices leave out
 * one whose rows do not say what it is, as a fit leaves out its rows. */
static void
test_resolve_in_store (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("catalog-devices.db");
  g_autoptr(PpHardwareSpec) kamino = NULL;
  g_autoptr(PpHardwareSpec) h200 = NULL;
  g_autoptr(PpHardwareSpec) none = NULL;
  g_autoptr(GListModel) devices = NULL;
  g_autoptr(PpHardwareSpec) first = NULL;
  g_autoptr(PpHardwareSpec) second = NULL;
  g_autoptr(GError) error = NULL;

  add_device_row (store, "kamino-x1", "gpu", "rocm");
  add_device_row (store, "kamino-x1", "gpu", "cuda");
  add_device_row (store, "nvidia-h200", NULL, NULL);
  add_device_row (store, "mystery-box", NULL, NULL);
  add_device_row (store, "mystery-box", "tpu", NULL);

  kamino = pp_catalog_resolve_hardware_in_store (f->catalog, "kamino-x1", store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pp_hardware_spec_get_backend (kamino), ==, "cuda");
  g_assert_cmpstr (pp_hardware_spec_get_backend (pp_catalog_lookup_hardware (f->catalog, pp_hardware_spec_get_stand_in (kamino))),
                   ==, "cuda");

  h200 = pp_catalog_resolve_hardware_in_store (f->catalog, "nvidia-h200", store, &error);
  g_assert_no_error (error);
  g_assert_true (h200 == pp_catalog_lookup_hardware (f->catalog, "nvidia-h200"));

  none = pp_catalog_resolve_hardware_in_store (f->catalog, "mystery-box", store, &error);
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "none of its 2 measurements in the store says what kind"));
  g_clear_error (&error);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_null (pp_catalog_resolve_hardware_in_store (f->catalog, i ? "" : "kamino-x2", store, &error));
      g_assert_error (error, PP_ERROR, PP_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, "no measurements of it"));
      g_clear_error (&error);
    }

  devices = pp_catalog_dup_hardware_in_store (f->catalog, store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 2);
  first = g_list_model_get_item (devices, 0);
  second = g_list_model_get_item (devices, 1);
  g_assert_cmpstr (pp_hardware_spec_get_id (first), ==, "kamino-x1");
  g_assert_cmpstr (pp_hardware_spec_get_stand_in (first), ==, pp_hardware_spec_get_stand_in (kamino));
  g_assert_true (second == h200);
}

/* BERT-base's shape without its parameter count gives 108.4 M against
 * the catalog's 109.48 M (1.0% under: biases, norms and position
 * embeddings are not counted); a shape number that is not positive is
 * refused. */
static void
test_resolve_counts_params (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(PpModelSpec) model = NULL;
  g_autoptr(GError) error = NULL;
  PpModelSpec *bert = pp_catalog_lookup_model (f->catalog, "bert-base");

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-lookalike");
  pp_measurement_set_string (m, PP_COLUMN_ARCH, "encoder");
  pp_measurement_set_number (m, PP_COLUMN_LAYERS, 12);
  pp_measurement_set_number (m, PP_COLUMN_HIDDEN, 768);
  pp_measurement_set_number (m, PP_COLUMN_HEADS, 12);
  pp_measurement_set_number (m, PP_COLUMN_FFN, 3072);
  pp_measurement_set_number (m, PP_COLUMN_VOCAB, 30522);
  model = pp_catalog_resolve_model (f->catalog, NULL, m, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (pp_model_spec_get_params_m (model) / pp_model_spec_get_params_m (bert) - 1), <, 0.015);
  g_clear_object (&model);

  pp_measurement_set_number (m, PP_COLUMN_HEADS, 0);
  model = pp_catalog_resolve_model (f->catalog, NULL, m, &error);
  g_assert_null (model);
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "heads"));
}

/* A row set through the API and never stored was never checked: its
 * batch or threads, negative or fractional, must not wrap around into a
 * workload of four billion. */
static void
test_workload_from_bad_row (Fixture       *f,
                            gconstpointer  data)
{
  struct { PpColumn column; double value; const char *needle; } cases[] = {
    { PP_COLUMN_BATCH, -4, "column “batch”: the batch size must be at least 1, not “-4”" },
    { PP_COLUMN_BATCH, 0, "column “batch”" },
    { PP_COLUMN_BATCH, 2.5, "column “batch”: “2.5” is not a whole number" },
    { PP_COLUMN_THREADS, -3, "column “threads”" },
    { PP_COLUMN_THREADS, 1.5, "column “threads”" },
    { PP_COLUMN_SEQ_LEN, -128, "column “seq_len”" },
    { PP_COLUMN_INPUT_SIZE, -224, "column “input_size”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpMeasurement) m = pp_measurement_new ();
      g_autoptr(PpWorkload) w = NULL;
      g_autoptr(GError) error = NULL;

      pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
      pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "nvidia-h200");
      pp_measurement_set_string (m, PP_COLUMN_PRECISION, "fp16");
      pp_measurement_set_number (m, PP_COLUMN_BATCH, 4);
      pp_measurement_set_number (m, PP_COLUMN_THREADS, 8);
      pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, 7.5);

      w = pp_workload_new_from_measurement (f->catalog, m, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (pp_workload_get_batch (w), ==, 4);
      g_assert_cmpuint (pp_workload_get_threads (w), ==, 8);
      g_clear_pointer (&w, pp_workload_unref);

      pp_measurement_set_number (m, cases[i].column, cases[i].value);
      w = pp_workload_new_from_measurement (f->catalog, m, &error);
      g_assert_null (w);
      g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

/* A device is listed once: adding one whose names are taken is refused,
 * and so is adding the same device again (the check took a device's
 * own names for free ones, and it was listed twice). */
static void
test_add_hardware_twice (Fixture       *f,
                         gconstpointer  data)
{
  GListModel *hardware = pp_catalog_get_hardware (f->catalog);
  PpHardwareSpec *h200 = pp_catalog_lookup_hardware (f->catalog, "nvidia-h200");
  guint n = g_list_model_get_n_items (hardware);
  g_autoptr(PpCatalog) empty = pp_catalog_new ();
  g_autoptr(PpHardwareSpec) local = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (h200);
  g_assert_false (pp_catalog_add_hardware (f->catalog, h200, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "hardware “nvidia-h200” is already in the catalog"));
  g_assert_cmpuint (g_list_model_get_n_items (hardware), ==, n);
  g_assert_true (pp_catalog_lookup_hardware (f->catalog, "nvidia-h200") == h200);
  g_clear_error (&error);

  if ((local = pp_hardware_spec_detect_local (NULL)) == NULL)
    return;
  g_assert_true (pp_catalog_add_hardware (empty, local, &error));
  g_assert_no_error (error);
  g_assert_false (pp_catalog_add_hardware (empty, local, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
  g_assert_cmpuint (g_list_model_get_n_items (pp_catalog_get_hardware (empty)), ==, 1);
}

static void
test_load_errors (void)
{
  struct { const char *json, *needle; } cases[] = {
    { "{\"models\": [{\"id\": \"a\"}, {\"id\": \"b\", \"aliases\": [\"A\"]}]}", "already belongs" },
    { "{\"hardware\": [{\"id\": \"x\", \"kind\": \"toaster\"}]}", "toaster" },
    { "{\"models\": {}}", "must be an array" },
    { "[1, 2]", "catalog file holds an object" },
    { "{\"models\": [", "bad.json" },
    /* Figures that would give a roofline of no time or negative memory */
    { "{\"hardware\": [{\"id\": \"x\", \"kind\": \"gpu\", \"memory_bandwidth_gbs\": -1}]}",
      "hardware “x” has memory_bandwidth_gbs -1: it must be a positive number" },
    { "{\"hardware\": [{\"id\": \"x\", \"kind\": \"gpu\", \"peak_tflops\": {\"fp16\": 0}}]}",
      "hardware “x” has peak_tflops.fp16 0: it must be a positive number" },
    { "{\"models\": [{\"id\": \"m\", \"arch\": \"decoder\", \"heads\": 0}]}",
      "model “m” has heads 0: it must be greater than zero" },
    { "{\"models\": [{\"id\": \"m\", \"arch\": \"decoder\", \"default_seq\": -5}]}",
      "model “m” has default_seq -5: it must be greater than zero" },
    { "{\"models\": [{\"id\": \"m\", \"arch\": \"decoder\", \"decoder_layers\": -1}]}",
      "model “m” has decoder_layers -1" },
    /* json-glib 1.6 would cut the id at the NUL it decodes. */
    { "{\"models\": [{\"id\": \"a\\u0000b\"}]}", "NUL" },
    /* It keeps the last of two members of one name, silently. */
    { "{\"models\": [{\"id\": \"m\", \"arch\": \"decoder\",\n\"layers\": 2, \"layers\": 3}]}",
      "bad.json: line 2: key “layers” appears twice in one object" },
    { "{\"hardware\": [], \"models\": [],\n\n\"h\\u0061rdware\": []}",
      "bad.json: line 3: key “hardware” appears twice in one object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpCatalog) catalog = pp_catalog_new ();
      g_autofree char *path = pp_test_write_temp ("bad.json", cases[i].json);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      g_assert_false (pp_catalog_load_file (catalog, file, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("“%s” lacks “%s”", error->message, cases[i].needle);
    }

  /* json-glib 1.6 recursed past the end of the stack on deep nesting:
   * one level past the limit is refused, naming the line it is on. */
  {
    g_autoptr(PpCatalog) catalog = pp_catalog_new ();
    g_autoptr(GString) deep = g_string_new ("{\"models\":\n");
    g_autofree char *path = NULL;
    g_autoptr(GFile) file = NULL;
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < 400; i++)
      g_string_append_c (deep, i < 200 ? '[' : ']');
    g_string_append_c (deep, '}');
    path = pp_test_write_temp ("deep.json", deep->str);
    file = g_file_new_for_path (path);
    g_assert_false (pp_catalog_load_file (catalog, file, &error));
    g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
    if (strstr (error->message, "deep.json: line 2") == NULL || strstr (error->message, "nested 201 deep") == NULL)
      g_error ("“%s” lacks the file, the line or the depth", error->message);
  }

  /* Mapping a folder failed with "mmap() failed: No such device". */
  {
    g_autoptr(PpCatalog) catalog = pp_catalog_new ();
    g_autoptr(GFile) folder = g_file_new_for_path (g_get_tmp_dir ());
    g_autoptr(GError) error = NULL;

    g_assert_false (pp_catalog_load_file (catalog, folder, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
    g_assert_nonnull (strstr (error->message, "is a folder, not a file"));
  }

  /* An entry refused for one of its names leaves none of them behind:
   * "y" would name a device that was never added, and is freed. */
  {
    g_autoptr(PpCatalog) catalog = pp_catalog_new ();
    g_autofree char *path = pp_test_write_temp ("clash.json", "{\"hardware\": [{\"id\": \"x\", \"kind\": \"gpu\"}, "
                                                "{\"id\": \"y\", \"kind\": \"gpu\", \"aliases\": [\"X\"]}]}");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;

    g_assert_false (pp_catalog_load_file (catalog, file, &error));
    g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
    g_assert_nonnull (pp_catalog_lookup_hardware (catalog, "x"));
    g_assert_null (pp_catalog_lookup_hardware (catalog, "y"));
  }

  /* A folder GIO reaches, but not as a local path, is an error that
   * says so, not FALSE with no error. */
  {
    g_autoptr(PpCatalog) catalog = pp_catalog_new ();
    g_autoptr(GFile) remote = g_file_new_for_uri ("resource:///org/example/catalog");
    g_autoptr(GError) error = NULL;

    g_assert_false (pp_catalog_load_directory (catalog, remote, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_assert_nonnull (strstr (error->message, "resource:///org/example/catalog"));
    g_clear_error (&error);

    /* A file that GIO cannot read is named in GIO's error. */
    g_assert_false (pp_catalog_load_file (catalog, remote, &error));
    g_assert_nonnull (error);
    g_assert_true (g_str_has_prefix (error->message, "resource:///org/example/catalog: "));
  }
}

/* This machine is "local" even when its processor's name is a listed
 * device's alias (the EPYC 7763 of many CI machines is listed): the
 * listed device keeps the name, and the browser backends their host. */
static void
test_local_name_clash (void)
{
  g_autoptr(PpHardwareSpec) local = pp_hardware_spec_detect_local (NULL);
  g_autoptr(PpCatalog) catalog = pp_catalog_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *processor = NULL;
  g_autoptr(GFile) file = NULL;

  if (local == NULL || pp_hardware_spec_get_aliases (local) == NULL)
    {
      g_test_skip ("this machine's processor could not be read");
      return;
    }
  processor = g_strdup (pp_hardware_spec_get_aliases (local)[0]);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hardware");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "listed-cpu");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "cpu");
  json_builder_set_member_name (builder, "aliases");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, processor);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  path = pp_test_write_temp ("clash.json", text);
  file = g_file_new_for_path (path);
  g_assert_true (pp_catalog_load_file (catalog, file, &error));
  g_assert_no_error (error);

  _pp_catalog_add_local (catalog, local);
  g_assert_true (pp_catalog_lookup_hardware (catalog, "local") == local);
  g_assert_cmpstr (pp_hardware_spec_get_id (pp_catalog_lookup_hardware (catalog, processor)), ==, "listed-cpu");
}

/* /proc/meminfo's MemTotal in bytes, which keys the bandwidth kept (not
 * "memory_gb", which a control group's limit may lower). */
static double
host_memory_bytes (void)
{
  g_autofree char *meminfo = NULL;
  const char *total;

  g_assert_true (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL));
  g_assert_nonnull ((total = strstr (meminfo, "MemTotal:")));
  return g_ascii_strtod (total + strlen ("MemTotal:"), NULL) * 1024.0;
}

/* "local" carries the memory bandwidth this machine was measured at
 * (the STREAM triad), so that it and the browser backends it hosts have
 * a roofline: without it neither could be predicted, and the fit
 * skipped every measurement of a web view. The measurement is kept in
 * the user's cache folder and read back, not made again. */
static void
test_local_bandwidth (void)
{
  g_autoptr(PpHardwareSpec) local = pp_hardware_spec_detect_local (NULL);
  g_autoptr(PpHardwareSpec) again = NULL;
  g_autoptr(PpHardwareSpec) planted = NULL;
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = _pp_hardware_spec_dup_bandwidth_path ();
  g_autofree char *measured = NULL;
  JsonObject *sources;
  double bandwidth, memory_bytes;
  guint threads;

  if (local == NULL)
    {
      g_test_skip ("this machine's processor could not be read");
      return;
    }

  /* Between 0.1 GB/s (a busy shared VM measured 2 GB/s) and an HBM
   * accelerator's 10 TB/s. */
  bandwidth = pp_hardware_spec_get_memory_bandwidth (local);
  g_test_message ("this machine: %.2f GB/s", bandwidth / 1e9);
  g_assert_cmpfloat (bandwidth, >, 1e8);
  g_assert_cmpfloat (bandwidth, <, 1e13);
  json = json_object_ref (_pp_hardware_spec_get_json (local));
  sources = json_object_get_object_member (json, "sources");
  g_assert_nonnull (strstr (json_object_get_string_member (sources, "memory_bandwidth_gbs"), "STREAM"));

  /* Kept, for this processor, thread count and memory. */
  threads = json_object_get_int_member (json, "threads");
  memory_bytes = host_memory_bytes ();
  g_assert_cmpfloat (_pp_hardware_spec_read_bandwidth (path, pp_hardware_spec_get_aliases (local)[0], threads,
                                                       memory_bytes, &measured),
                     ==, bandwidth / 1e9);
  g_assert_nonnull (measured);
  again = pp_hardware_spec_detect_local (NULL);
  g_assert_cmpfloat (pp_hardware_spec_get_memory_bandwidth (again), ==, bandwidth);

  /* What the cache says is what "local" gets (here a figure no machine
   * measures), and browser backends with it. */
  g_assert_true (_pp_hardware_spec_write_bandwidth (path, pp_hardware_spec_get_aliases (local)[0], threads,
                                                    memory_bytes, 123.25, measured, &error));
  g_assert_no_error (error);
  planted = pp_hardware_spec_detect_local (NULL);
  g_assert_cmpfloat (pp_hardware_spec_get_memory_bandwidth (planted), ==, 123.25e9);
  catalog = pp_catalog_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpfloat (pp_hardware_spec_get_memory_bandwidth (pp_catalog_lookup_hardware (catalog, "webkitgtk-wasm")),
                     ==, 123.25e9);

  /* Kept for another machine, or unreadable, it is not taken. */
  g_assert_true (isnan (_pp_hardware_spec_read_bandwidth (path, "another processor", threads, memory_bytes, NULL)));
  g_assert_true (isnan (_pp_hardware_spec_read_bandwidth (path, pp_hardware_spec_get_aliases (local)[0],
                                                          threads + 1, memory_bytes, NULL)));
  g_assert_true (isnan (_pp_hardware_spec_read_bandwidth (path, pp_hardware_spec_get_aliases (local)[0], threads,
                                                          memory_bytes * 2, NULL)));
  {
    g_autofree char *identity = g_strdup_printf ("\"cpu\": \"%s\", \"threads\": %u, \"memory_bytes\": %.17g",
                                                 pp_hardware_spec_get_aliases (local)[0], threads, memory_bytes);
    g_autofree char *negative = g_strdup_printf ("{%s, \"memory_bandwidth_gbs\": -4, \"measured\": \"today\"}",
                                                 identity);
    g_autofree char *undated = g_strdup_printf ("{%s, \"memory_bandwidth_gbs\": 4}", identity);
    const char *broken[] = { "{", "[]", "", "{\"cpu\": 1}", negative, undated };

    for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
      {
        g_autoptr(PpHardwareSpec) remeasured = NULL;

        g_assert_true (g_file_set_contents (path, broken[i], -1, NULL));
        g_assert_true (isnan (_pp_hardware_spec_read_bandwidth (path, pp_hardware_spec_get_aliases (local)[0],
                                                                threads, memory_bytes, NULL)));
        /* Not taken, and written again with this process's figure (a
         * process measures once). */
        remeasured = pp_hardware_spec_detect_local (NULL);
        g_assert_cmpfloat (pp_hardware_spec_get_memory_bandwidth (remeasured), ==, bandwidth);
        g_assert_cmpfloat (_pp_hardware_spec_read_bandwidth (path, pp_hardware_spec_get_aliases (local)[0], threads,
                                                             memory_bytes, NULL),
                           ==, bandwidth / 1e9);
      }
  }
}

/* Measuring again keeps the higher figure: one measured while the
 * machine was busy gives way, a higher one kept stays. */
static void
test_local_bandwidth_again (void)
{
  g_autoptr(PpHardwareSpec) local = pp_hardware_spec_detect_local (NULL);
  g_autoptr(PpHardwareSpec) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = _pp_hardware_spec_dup_bandwidth_path ();
  JsonObject *json;
  const char *cpu;
  double memory_bytes, gbs;
  guint threads;

  if (local == NULL)
    {
      g_test_skip ("this machine's processor could not be read");
      return;
    }
  json = _pp_hardware_spec_get_json (local);
  cpu = pp_hardware_spec_get_aliases (local)[0];
  threads = json_object_get_int_member (json, "threads");
  memory_bytes = host_memory_bytes ();

  g_assert_true (_pp_hardware_spec_write_bandwidth (path, cpu, threads, memory_bytes, 0.001, "2026-01-01T00:00:00Z",
                                                    &error));
  gbs = pp_hardware_spec_measure_local_bandwidth (&error);
  g_assert_no_error (error);
  g_test_message ("measured again: %.2f GB/s", gbs);
  g_assert_cmpfloat (gbs, >, 0.1);
  g_assert_cmpfloat (_pp_hardware_spec_read_bandwidth (path, cpu, threads, memory_bytes, NULL), ==, gbs);
  after = pp_hardware_spec_detect_local (NULL);
  g_assert_cmpfloat (pp_hardware_spec_get_memory_bandwidth (after), ==, gbs * 1e9);

  g_assert_true (_pp_hardware_spec_write_bandwidth (path, cpu, threads, memory_bytes, 1e6, "2026-01-01T00:00:00Z",
                                                    &error));
  g_assert_cmpfloat (pp_hardware_spec_measure_local_bandwidth (&error), ==, 1e6);
  g_assert_no_error (error);
  g_assert_cmpfloat (_pp_hardware_spec_read_bandwidth (path, cpu, threads, memory_bytes, NULL), ==, 1e6);
}

/* The triad itself: a rate from arrays of any size, all of whose
 * elements were computed (it checks them), on one thread or several. */
static void
test_bandwidth_measure (void)
{
  double one = _pp_bandwidth_measure (1, 1 << 20, 2);
  double two = _pp_bandwidth_measure (2, 1 << 20, 2);

  g_assert_cmpfloat (one, >, 1e8);
  g_assert_cmpfloat (two, >, 1e8);
  g_assert_true (isfinite (one) && isfinite (two));
  /* More threads than elements: nothing to measure. */
  g_assert_true (isnan (_pp_bandwidth_measure (4, 2 * sizeof (double), 1)));
  /* 32–64 MiB an array, within an eighth of the memory for the three. */
  g_assert_cmpuint (_pp_bandwidth_array_bytes (NAN), >=, 32 << 20);
  g_assert_cmpuint (_pp_bandwidth_array_bytes (NAN), <=, 64 << 20);
  g_assert_cmpuint (_pp_bandwidth_array_bytes (240.0 * (1 << 20)), ==, 10 << 20);
}

/* Writes @contents to @root/@path, making its folders. */
static void
write_under (const char *root,
             const char *path,
             const char *contents)
{
  g_autofree char *file = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (file);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (file, contents, -1, &error);
  g_assert_no_error (error);
}

/* A process allowed fewer CPUs than the machine has (a container's CPU
 * set, an affinity mask) describes "local" with those: its threads and
 * cores, so its peaks, are its share, as the bandwidth is measured on
 * them and the web pool gives its pages that many. */
static void
test_local_threads_by_affinity (void)
{
  g_autoptr(PpHardwareSpec) all = pp_hardware_spec_detect_local (NULL);
  g_autoptr(PpHardwareSpec) one = NULL;
  cpu_set_t saved, only;
  guint threads;

  if (all == NULL || sched_getaffinity (0, sizeof saved, &saved) != 0 || CPU_COUNT (&saved) < 2)
    {
      g_test_skip ("needs two CPUs this process may run on");
      return;
    }
  threads = json_object_get_int_member (_pp_hardware_spec_get_json (all), "threads");
  g_assert_cmpuint (threads, ==, (guint)CPU_COUNT (&saved));

  CPU_ZERO (&only);
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
    if (CPU_ISSET (cpu, &saved))
      {
        CPU_SET (cpu, &only);
        break;
      }
  g_assert_cmpint (sched_setaffinity (0, sizeof only, &only), ==, 0);
  one = pp_hardware_spec_detect_local (NULL);
  g_assert_cmpint (sched_setaffinity (0, sizeof saved, &saved), ==, 0);

  g_assert_nonnull (one);
  g_assert_cmpint (json_object_get_int_member (_pp_hardware_spec_get_json (one), "threads"), ==, 1);
  g_assert_nonnull (strstr (pp_hardware_spec_get_name (one), ", 1 threads"));
  if (pp_hardware_spec_get_peak_flops (all, PP_PRECISION_FP32) > 0)
    g_assert_cmpfloat (pp_hardware_spec_get_peak_flops (one, PP_PRECISION_FP32), <,
                       pp_hardware_spec_get_peak_flops (all, PP_PRECISION_FP32));
}

/* A container's memory is its control group's limit, not the host's
 * MemTotal: the least of its group's and every group's above it, in
 * either version of the hierarchy. */
static void
test_cgroup_memory_limit (void)
{
  g_autofree char *root = g_build_filename (g_get_user_data_dir (), "cgroup", NULL);
  g_autofree char *v1 = g_build_filename (g_get_user_data_dir (), "cgroup-v1", NULL);
  const double gib = 1024.0 * 1024 * 1024;

  /* Version 2: the group's own limit, and a lower one above it. */
  write_under (root, "user.slice/app.scope/memory.max", "8589934592\n");
  g_assert_cmpfloat (_pp_cgroup_memory_limit ("0::/user.slice/app.scope\n", root), ==, 8 * gib);
  write_under (root, "user.slice/memory.max", "4294967296\n");
  g_assert_cmpfloat (_pp_cgroup_memory_limit ("0::/user.slice/app.scope\n", root), ==, 4 * gib);
  /* "max", a missing file, text that is no number: no limit. */
  write_under (root, "other/memory.max", "max\n");
  g_assert_true (isinf (_pp_cgroup_memory_limit ("0::/other\n", root)));
  g_assert_true (isinf (_pp_cgroup_memory_limit ("0::/nowhere/at/all\n", root)));
  write_under (root, "broken/memory.max", "lots\n");
  g_assert_true (isinf (_pp_cgroup_memory_limit ("0::/broken\n", root)));
  /* A cgroup namespace: the container's own group is "/" at the root. */
  write_under (root, "memory.max", "2147483648");
  g_assert_cmpfloat (_pp_cgroup_memory_limit ("0::/\n", root), ==, 2 * gib);
  g_assert_cmpfloat (_pp_cgroup_memory_limit ("0::/other\n", root), ==, 2 * gib);

  /* A group outside the namespace is not under the root: its limit
   * is not the root's. */
  g_assert_true (isinf (_pp_cgroup_memory_limit ("0::/../../user.slice/x.scope\n", root)));
  g_assert_true (isinf (_pp_cgroup_memory_limit ("0::/..\n", root)));
  /* A group whose name starts with two dots is a group like any. */
  write_under (root, "..hidden/memory.max", "1073741824\n");
  g_assert_cmpfloat (_pp_cgroup_memory_limit ("0::/..hidden\n", root), ==, 1 * gib);

  /* Version 1: the memory controller's line, alone or shared, under
   * memory/; "unlimited" is the largest page multiple below 2^63. The
   * unified line of a hybrid system names no limit here. */
  write_under (v1, "memory/docker/abc/memory.limit_in_bytes", "1073741824\n");
  write_under (v1, "memory/memory.limit_in_bytes", "9223372036854771712\n");
  g_assert_cmpfloat (_pp_cgroup_memory_limit ("12:pids:/docker/abc\n4:memory:/docker/abc\n0::/\n", v1), ==, 1 * gib);
  g_assert_cmpfloat (_pp_cgroup_memory_limit ("4:cpu,memory:/docker/abc\n", v1), ==, 1 * gib);
  g_assert_true (isinf (_pp_cgroup_memory_limit ("4:memory:/docker\n", v1)));
  g_assert_true (isinf (_pp_cgroup_memory_limit ("4:cpu:/docker/abc\n", v1)));
  /* Lines that name no group, or garbage, are passed over. */
  g_assert_true (isinf (_pp_cgroup_memory_limit ("", v1)));
  g_assert_true (isinf (_pp_cgroup_memory_limit ("garbage\n4:memory\n::\n", v1)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/Pp/Catalog/required-models", Fixture, NULL, fixture_setup, test_required_models, fixture_teardown);
  g_test_add ("/Pp/Catalog/models-match-h200-data", Fixture, NULL, fixture_setup, test_models_match_h200_data, fixture_teardown);
  g_test_add ("/Pp/Catalog/required-hardware", Fixture, NULL, fixture_setup, test_required_hardware, fixture_teardown);
  g_test_add ("/Pp/Catalog/aliases", Fixture, NULL, fixture_setup, test_aliases, fixture_teardown);
  g_test_add ("/Pp/Catalog/browser-backends-bound-to-host", Fixture, NULL, fixture_setup, test_browser_backends_bound_to_host, fixture_teardown);
  g_test_add ("/Pp/Catalog/resolve-from-columns", Fixture, NULL, fixture_setup, test_resolve_from_columns, fixture_teardown);
  g_test_add ("/Pp/Catalog/resolve-stand-in", Fixture, NULL, fixture_setup, test_resolve_stand_in, fixture_teardown);
  g_test_add ("/Pp/Catalog/resolve-in-store", Fixture, NULL, fixture_setup, test_resolve_in_store, fixture_teardown);
  g_test_add ("/Pp/Catalog/resolve-counts-params", Fixture, NULL, fixture_setup, test_resolve_counts_params, fixture_teardown);
  g_test_add ("/Pp/Catalog/workload-from-bad-row", Fixture, NULL, fixture_setup, test_workload_from_bad_row, fixture_teardown);
  g_test_add ("/Pp/Catalog/add-hardware-twice", Fixture, NULL, fixture_setup, test_add_hardware_twice, fixture_teardown);
  g_test_add_func ("/Pp/Catalog/load-errors", test_load_errors);
  g_test_add_func ("/Pp/Catalog/local-name-clash", test_local_name_clash);
  g_test_add_func ("/Pp/Catalog/local-bandwidth", test_local_bandwidth);
  g_test_add_func ("/Pp/Catalog/local-bandwidth-again", test_local_bandwidth_again);
  g_test_add_func ("/Pp/Catalog/bandwidth-measure", test_bandwidth_measure);
  g_test_add_func ("/Pp/Catalog/cgroup-memory-limit", test_cgroup_memory_limit);
  g_test_add_func ("/Pp/Catalog/local-threads-by-affinity", test_local_threads_by_affinity);

  return g_test_run ();
}
