/* test-predict-page.c: the app's predict page, in a real window.
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <libpp.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>

#include "perfcast-predict-page.h"
#include "perfcast-chart-view.h"
#include "pp-test-util.h"

typedef struct
{
  PpCatalog *catalog;
  GtkWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->catalog = pp_catalog_new_default (&error);
  g_assert_no_error (error);
  f->window = GTK_WINDOW (gtk_window_new ());
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->catalog);
}

static PpFittedPredictor *h200_predictor;

static GListModel *
load_h200 (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PERFCAST_DATA_DIR"), "datasets",
                                            "h200-torch-2026-11.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GListModel *rows = pp_measurement_list_load (file, PP_FILE_FORMAT_CSV, NULL, &error);

  g_assert_no_error (error);
  return rows;
}

/* One fit for the tests that set the predictor themselves. */
static PpPredictor *
get_h200_predictor (PpCatalog *catalog)
{
  if (h200_predictor == NULL)
    {
      g_autoptr(GListModel) rows = load_h200 ();

      h200_predictor = pp_fitted_predictor_fit (catalog, rows, NULL, NULL);
      g_assert_nonnull (h200_predictor);
    }

  return PP_PREDICTOR (h200_predictor);
}

/* Every label the page shows, in order, joined by “|”: what a user
 * reads, without depending on how the template nests them. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s|", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      collect_text (child, out);
}

static char *
dup_text (GtkWidget *widget)
{
  GString *out = g_string_new ("|");

  collect_text (widget, out);
  return g_string_free (out, FALSE);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Every widget of @type under @widget, in order, shown or not. */
static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

static void
assert_contains (const char *text,
                 const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("“%s” not found in “%s”", expected, text);
}

/* The page shows what the predictor predicts: the value, its interval,
 * the chance of landing within ±25% and what it stands on, and ranks
 * the catalog's devices for the same workload. */
static void
test_predicts (Fixture       *f,
               gconstpointer  data)
{
  PpPredictor *predictor = get_h200_predictor (f->catalog);
  PpModelSpec *model = pp_catalog_lookup_model (f->catalog, "llama-7b");
  PpHardwareSpec *h200 = pp_catalog_lookup_hardware (f->catalog, "nvidia-h200");
  g_autoptr(PpWorkload) w = pp_workload_new (model, h200, PP_PRECISION_BF16, 8);
  g_autoptr(PpPrediction) expected = NULL;
  GtkWidget *page = perfcast_predict_page_new (f->catalog, NULL);
  g_autofree char *text = NULL;
  g_autofree char *latency = NULL;
  g_autofree char *interval = NULL;
  g_autofree char *chance = NULL;
  g_autofree char *value = NULL;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  g_autofree char *bottleneck = NULL;
  GtkListBox *list;
  GtkWidget *view;
  double lower, upper;

  gtk_window_set_child (f->window, page);
  gtk_window_present (f->window);

  pp_workload_set_phase (w, PP_PHASE_DECODE);
  pp_workload_set_seq_len (w, 1024);
  expected = pp_predictor_predict (predictor, w, NULL);
  g_assert_nonnull (expected);

  perfcast_predict_page_set_predictor (PERFCAST_PREDICT_PAGE (page), predictor);
  g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "llama-7b", "nvidia-h200",
                                               PP_PRECISION_BF16, PP_PHASE_DECODE, 8, 1024));

  value = pp_format_value (pp_prediction_get_value (expected, PP_TARGET_LATENCY, &lower, &upper));
  lo = pp_format_value (lower);
  hi = pp_format_value (upper);
  latency = g_strdup_printf ("|%s ms|", value);
  interval = g_strdup_printf ("|%s – %s ms|", lo, hi);
  chance = g_strdup_printf ("|%.0f%%|", 100 * pp_prediction_get_confidence (expected, PP_TARGET_LATENCY));
  text = dup_text (page);
  g_test_message ("%s", text);
  assert_contains (text, latency);
  assert_contains (text, interval);
  assert_contains (text, chance);
  assert_contains (text, pp_evidence_describe (pp_prediction_get_evidence (expected, PP_TARGET_LATENCY)));
  /* The sentence starts its own line here. */
  bottleneck = g_strdup (pp_prediction_describe_bottleneck (expected));
  bottleneck[0] = g_ascii_toupper (bottleneck[0]);
  assert_contains (text, bottleneck);
  assert_contains (text, "|1. ");

  /* Every catalog device with datasheet peaks for bf16, as the CLI's
   * recommend ranks them. */
  list = GTK_LIST_BOX (find_widget (page, GTK_TYPE_LIST_BOX));
  g_assert_nonnull (list);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 5));
  assert_contains (text, "NVIDIA H200");

  /* Throughput by batch size: 1, 2, 4 … 128, the powers of two up to
   * 191, the largest batch that fits the H200 at this length by the
   * upper end of its predicted memory (pp_predictor_max_batch()), as
   * the page says. */
  assert_contains (text, "|In 141.0 GiB: at most batch 191 at this length");
  view = find_widget (page, PERFCAST_TYPE_CHART_VIEW);
  g_assert_nonnull (view);
  g_assert_cmpuint (pp_throughput_chart_get_n_points (
                      PP_THROUGHPUT_CHART (perfcast_chart_view_get_chart (PERFCAST_CHART_VIEW (view)))), ==, 8);

  /* Not the page's own doing: a set predictor stays until replaced. */
  g_assert_true (perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (page)) == predictor);
}

/* The widget a label with @text (mnemonic underscores left out) names. */
static GtkWidget *
find_labelled (GtkWidget  *widget,
               const char *text)
{
  if (GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text))
    return gtk_label_get_mnemonic_widget (GTK_LABEL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The KV cache's dropdown, the one whose tooltip speaks of the cache. */
static GtkWidget *
find_kv_dropdown (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_DROP_DOWN (widget) && tooltip && strstr (tooltip, "cache of keys and values"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_kv_dropdown (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
tokens_of_context (const char *text)
{
  const char *at = strstr (text, "and at most ");
  guint tokens = 0;

  g_assert_nonnull (at);
  g_assert_cmpint (sscanf (at, "and at most %u tokens", &tokens), ==, 1);
  return tokens;
}

/* Where nothing fits, the page says so rather than “at most batch 0”
 * or “at most 0 tokens of context”, and, where neither a smaller batch
 * nor a shorter context would, what the weights alone need. */
static void
test_limits_when_nothing_fits (Fixture       *f,
                               gconstpointer  data)
{
  GtkWidget *page = perfcast_predict_page_new (f->catalog, NULL);
  const char *weights_at;
  double weights = 0;

  gtk_window_set_child (f->window, page);
  gtk_window_present (f->window);
  perfcast_predict_page_set_predictor (PERFCAST_PREDICT_PAGE (page), get_h200_predictor (f->catalog));

  /* Llama 2 70B's fp16 weights are five times an RTX 4090's memory. */
  {
    g_autofree char *text = NULL;

    g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "llama-70b", "nvidia-rtx-4090",
                                                 PP_PRECISION_FP16, PP_PHASE_DECODE, 1, 1024));
    text = dup_text (page);
    g_assert_null (strstr (text, "at most"));
    weights_at = strstr (text, "|Does not fit in 24.0 GiB at this length, even at batch 1. "
                               "No context fits at this batch. The weights alone need ");
    g_assert_nonnull (weights_at);
    g_assert_cmpint (sscanf (strstr (weights_at, "need "), "need %lf GiB.|", &weights), ==, 1);
    g_assert_cmpfloat (weights, >, 100);
    g_assert_cmpfloat (weights, <, 140);
  }

  /* Llama 2 7B's prefill of a million tokens does not fit, but a decode
   * step at batch 1 fits many thousands: the weights are not the matter. */
  {
    g_autofree char *text = NULL;
    guint tokens = 0;

    g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "llama-7b", "nvidia-rtx-4090",
                                                 PP_PRECISION_FP16, PP_PHASE_PREFILL, 1, 1000000));
    text = dup_text (page);
    assert_contains (text, "|Does not fit in 24.0 GiB at this length, even at batch 1. At most ");
    g_assert_cmpint (sscanf (strstr (text, "batch 1. At most "), "batch 1. At most %u tokens of context fit "
                             "at this batch.|", &tokens), ==, 1);
    g_assert_cmpuint (tokens, >, 1000);
    g_assert_null (strstr (text, "The weights alone"));
  }

  /* Llama 2 7B fits an RTX 4090 at some batch sizes at 1024 tokens,
   * but at batch 65,536 not one token of context fits. */
  {
    g_autofree char *text = NULL;

    g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "llama-7b", "nvidia-rtx-4090",
                                                 PP_PRECISION_FP16, PP_PHASE_DECODE, 65536, 1024));
    text = dup_text (page);
    assert_contains (text, "|In 24.0 GiB: at most batch ");
    assert_contains (text, " at this length. No context fits at this batch.|");
    g_assert_null (strstr (text, "at most 0"));
    g_assert_null (strstr (text, "The weights alone"));
  }
}

/* The page states how far the device's memory stretches, by the upper
 * end of the predicted memory, runtime included (what the recommender
 * says fits). Llama 2 7B's fp16 weights take 12.6 GiB of an RTX 4090's
 * 24: in what is left, a 2-bit cache token takes an eighth of an fp16
 * one's room, so the context grows several times over; less than
 * eightfold, since the memory's interval takes its share of the room at
 * either precision, and more of it with an int2 cache, which nothing
 * measured (5.9 times when this was written; the roofline's arithmetic
 * alone gives 8.0: test-predictor's /Pp/Roofline/max-context-int2). */
static void
test_limits (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *page = perfcast_predict_page_new (f->catalog, NULL);
  g_autofree char *fp16 = NULL;
  g_autofree char *int2 = NULL;
  guint fp16_tokens, int2_tokens;

  gtk_window_set_child (f->window, page);
  gtk_window_present (f->window);
  perfcast_predict_page_set_predictor (PERFCAST_PREDICT_PAGE (page), get_h200_predictor (f->catalog));

  g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "llama-7b", "nvidia-rtx-4090",
                                               PP_PRECISION_FP16, PP_PHASE_DECODE, 1, 1024));
  g_assert_true (perfcast_predict_page_select_kv_precision (PERFCAST_PREDICT_PAGE (page), PP_PRECISION_FP16));
  fp16 = dup_text (page);
  g_assert_true (perfcast_predict_page_select_kv_precision (PERFCAST_PREDICT_PAGE (page), PP_PRECISION_INT2));
  int2 = dup_text (page);
  assert_contains (fp16, "|In 24.0 GiB: at most batch ");

  fp16_tokens = tokens_of_context (fp16);
  int2_tokens = tokens_of_context (int2);
  g_test_message ("fp16 cache: %u tokens; int2: %u", fp16_tokens, int2_tokens);
  g_assert_cmpfloat ((double)int2_tokens / fp16_tokens, >, 4);
  g_assert_cmpfloat ((double)int2_tokens / fp16_tokens, <, 8);
  g_assert_false (perfcast_predict_page_select_kv_precision (PERFCAST_PREDICT_PAGE (page), PP_PRECISION_FP64));

  /* BERT keeps no KV cache: its choice waits, greyed out. */
  g_assert_true (gtk_widget_get_sensitive (find_kv_dropdown (page)));
  g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "bert-base", "nvidia-rtx-4090",
                                               PP_PRECISION_FP16, PP_PHASE_FORWARD, 1, 128));
  g_assert_false (gtk_widget_get_sensitive (find_kv_dropdown (page)));
  /* Nor does Llama's prefill read one. */
  g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "llama-7b", "nvidia-rtx-4090",
                                               PP_PRECISION_FP16, PP_PHASE_PREFILL, 1, 1024));
  g_assert_false (gtk_widget_get_sensitive (find_kv_dropdown (page)));

  /* A CNN reads no sequence: the length waits, greyed out, and ResNet-50
   * is predicted as it was measured, with nothing to note. */
  g_assert_true (gtk_widget_get_sensitive (find_labelled (page, "Sequence length")));
  g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "resnet50", "nvidia-h200",
                                               PP_PRECISION_FP16, PP_PHASE_FORWARD, 4, 128));
  g_assert_false (gtk_widget_get_sensitive (find_labelled (page, "Sequence length")));
  g_clear_pointer (&fp16, g_free);
  fp16 = dup_text (page);
  assert_contains (fp16, "|Latency|3.67 ms|");
  assert_contains (fp16, "|measured|");
  g_assert_null (strstr (fp16, "sequence"));

  /* What the prediction notes of how it was made is shown, and only
   * while it holds: the catalog gives the V100 no fp8 peak. */
  g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "bert-base", "nvidia-v100-sxm2-32gb",
                                               PP_PRECISION_FP8, PP_PHASE_FORWARD, 1, 128));
  g_clear_pointer (&fp16, g_free);
  fp16 = dup_text (page);
  assert_contains (fp16, "|nvidia-v100-sxm2-32gb has no fp8 peak in the catalog: the roofline takes its fp16 peak|");
  g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "bert-base", "nvidia-v100-sxm2-32gb",
                                               PP_PRECISION_FP16, PP_PHASE_FORWARD, 1, 128));
  g_clear_pointer (&fp16, g_free);
  fp16 = dup_text (page);
  g_assert_null (strstr (fp16, "peak in the catalog"));
}

/* A workload the predictor refuses shows its error, and no values. */
static void
test_shows_errors (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *page = perfcast_predict_page_new (f->catalog, NULL);
  g_autofree char *text = NULL;

  gtk_window_set_child (f->window, page);
  gtk_window_present (f->window);
  perfcast_predict_page_set_predictor (PERFCAST_PREDICT_PAGE (page), get_h200_predictor (f->catalog));

  /* Apple publishes no peak FLOP/s for the M3 Max: no roofline. */
  g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "bert-base", "apple-m3-max",
                                               PP_PRECISION_FP32, PP_PHASE_FORWARD, 1, 128));
  text = dup_text (page);
  assert_contains (text, "no known peak FLOP/s for fp32");
  g_assert_null (strstr (text, " ms|"));
  g_assert_null (strstr (text, "NVIDIA H200"));
  g_clear_pointer (&text, g_free);

  /* A browser backend takes its host's peaks and measured bandwidth (it
   * had no roofline before "local" measured its bandwidth). */
  g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "bert-base", "webkitgtk-wasm",
                                               PP_PRECISION_FP32, PP_PHASE_FORWARD, 1, 128));
  text = dup_text (page);
  g_assert_null (strstr (text, "no known peak FLOP/s"));
  assert_contains (text, " ms|");

  g_assert_false (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "no-such-model", "nvidia-h200",
                                                PP_PRECISION_FP16, PP_PHASE_FORWARD, 1, 128));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gboolean   *done)
{
  *done = TRUE;
}

/* Not a measurement: any new row will do to test the refits. */
static PpMeasurement *
new_row (void)
{
  PpMeasurement *m = pp_measurement_new ();

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "nvidia-h200");
  pp_measurement_set_string (m, PP_COLUMN_PRECISION, "fp16");
  pp_measurement_set_number (m, PP_COLUMN_BATCH, 3);
  pp_measurement_set_number (m, PP_COLUMN_SEQ_LEN, 128);
  pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, 3.7);
  return m;
}

static void
add_row (PpMeasurementStore *store)
{
  g_autoptr(PpMeasurement) m = new_row ();
  g_autoptr(GError) error = NULL;

  g_assert_true (pp_measurement_store_add (store, m, NULL, &error));
  g_assert_no_error (error);
}

static PpMeasurementStore *
open_h200_store (void)
{
  PpMeasurementStore *store = pp_test_open_store ("page.db");
  g_autofree char *csv = g_build_filename (g_getenv ("PERFCAST_DATA_DIR"), "datasets",
                                           "h200-torch-2026-11.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GError) error = NULL;

  g_assert_true (pp_measurement_store_import_file (store, file, PP_FILE_FORMAT_CSV, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return store;
}

static guint
n_training (GtkWidget *page)
{
  PpPredictor *predictor = perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (page));

  return predictor ? pp_fitted_predictor_get_n_training (PP_FITTED_PREDICTOR (predictor)) : 0;
}

/* A row that arrives while the page fits is not lost: whether or not
 * the fit under way read it, the page ends fitted to it. */
static void
test_refits_after_fit (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PpMeasurementStore) store = open_h200_store ();
  GtkWidget *page = perfcast_predict_page_new (f->catalog, store);
  gboolean done = FALSE;

  g_signal_connect (page, "notify::predictor", G_CALLBACK (notify_cb), &done);
  gtk_window_set_child (f->window, page);
  gtk_window_present (f->window);
  add_row (store);

  while (n_training (page) != 347)
    {
      done = FALSE;
      pp_test_wait_for (&done);
    }
}

/* A fit that fails says why in place of the predictions, and rows that
 * arrive afterwards are fitted to: an empty store, then the H200 file. */
static void
test_refits_after_failure (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("empty.db");
  g_autofree char *csv = g_build_filename (g_getenv ("PERFCAST_DATA_DIR"), "datasets",
                                           "h200-torch-2026-11.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GError) error = NULL;
  GtkWidget *page = perfcast_predict_page_new (f->catalog, store);
  gboolean done = FALSE;

  g_signal_connect (page, "notify::predictor", G_CALLBACK (notify_cb), &done);
  gtk_window_set_child (f->window, page);
  gtk_window_present (f->window);

  for (;;)
    {
      g_autofree char *text = dup_text (page);

      if (strstr (text, "|Could not fit the predictor: Only 0 usable measurements"))
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_null (perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (page)));

  g_assert_true (pp_measurement_store_import_file (store, file, PP_FILE_FORMAT_CSV, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  pp_test_wait_for (&done);
  g_assert_cmpuint (n_training (page), ==, 346);
}

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gboolean   *done)
{
  *done = TRUE;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

/* The dropdown that offers devices. */
static GtkDropDown *
find_hardware_dropdown (GtkWidget *page)
{
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  GtkDropDown *dropdown = NULL;

  collect_widgets (page, GTK_TYPE_DROP_DOWN, dropdowns);
  for (guint i = 0; i < dropdowns->len; i++)
    {
      GListModel *model = gtk_drop_down_get_model (dropdowns->pdata[i]);
      g_autoptr(GObject) first = model ? g_list_model_get_item (model, 0) : NULL;

      if (PP_IS_HARDWARE_SPEC (first))
        dropdown = dropdowns->pdata[i];
    }
  g_assert_nonnull (dropdown);

  return dropdown;
}

/* The hardware dropdown's devices once the page has read the store's
 * (they come after the catalog's), waiting for them when it has not. */
static GListModel *
wait_for_store_devices (PpCatalog *catalog,
                        GtkWidget *page)
{
  guint n_listed = g_list_model_get_n_items (pp_catalog_get_hardware (catalog));
  GListModel *offered = gtk_drop_down_get_model (find_hardware_dropdown (page));

  while (g_list_model_get_n_items (offered) == n_listed)
    {
      gboolean changed = FALSE;
      gulong handler = g_signal_connect (offered, "items-changed", G_CALLBACK (items_changed_cb), &changed);

      pp_test_wait_for (&changed);
      g_signal_handler_disconnect (offered, handler);
    }

  return offered;
}

/* A device the catalog does not list, measured in the store, is offered
 * after the catalog's under its own name, and predicted as the CLI
 * predicts it: the H200's BERT-large rows under another name. Both when
 * the page fits the store and when it loads that fit. */
static void
test_offers_store_devices (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PpMeasurementStore) store = open_h200_store ();
  g_autoptr(GListModel) h200_rows = load_h200 ();
  g_autoptr(GError) error = NULL;
  guint n_listed = g_list_model_get_n_items (pp_catalog_get_hardware (f->catalog));

  for (guint i = 0; i < g_list_model_get_n_items (h200_rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (h200_rows, i);

      if (!g_str_equal (pp_measurement_get_model (m), "bert-large") ||
          !g_str_equal (pp_measurement_get_hardware (m), "nvidia-h200"))
        continue;
      pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "my-gpu");
      pp_measurement_set_string (m, PP_COLUMN_HARDWARE_KIND, "gpu");
      pp_measurement_set_string (m, PP_COLUMN_BACKEND, "cuda");
      g_assert_true (pp_measurement_store_add (store, m, NULL, &error));
      g_assert_no_error (error);
    }

  for (guint round = 0; round < 2; round++)
    {
      GtkWidget *page = perfcast_predict_page_new (f->catalog, store);
      g_autoptr(PpHardwareSpec) mine = NULL;
      g_autoptr(PpWorkload) w = NULL;
      g_autoptr(PpPrediction) expected = NULL;
      g_autofree char *text = NULL;
      g_autofree char *value = NULL;
      g_autofree char *latency = NULL;
      gboolean done = FALSE;
      GListModel *offered;

      /* The first page fits; the second loads the first's fit. */
      g_signal_connect (page, "notify::predictor", G_CALLBACK (notify_cb), &done);
      gtk_window_set_child (f->window, page);
      gtk_window_present (f->window);
      pp_test_wait_for (&done);
      g_assert_cmpuint (pp_fitted_predictor_get_n_training (
                          PP_FITTED_PREDICTOR (perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (page)))),
                        ==, 346 + 24);

      offered = wait_for_store_devices (f->catalog, page);
      g_assert_cmpuint (g_list_model_get_n_items (offered), ==, n_listed + 1);
      mine = g_list_model_get_item (offered, n_listed);
      g_assert_cmpstr (pp_hardware_spec_get_name (mine), ==, "my-gpu");
      g_assert_cmpstr (pp_hardware_spec_get_stand_in (mine), ==, "nvidia-rtx-a5000");

      g_assert_true (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "bert-large", "my-gpu",
                                                   PP_PRECISION_FP16, PP_PHASE_FORWARD, 8, 128));
      w = pp_workload_new (pp_catalog_lookup_model (f->catalog, "bert-large"), mine, PP_PRECISION_FP16, 8);
      pp_workload_set_seq_len (w, 128);
      expected = pp_predictor_predict (perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (page)), w, &error);
      g_assert_no_error (error);
      value = pp_format_value (pp_prediction_get_value (expected, PP_TARGET_LATENCY, NULL, NULL));
      latency = g_strdup_printf ("|%s ms|", value);
      text = dup_text (page);
      assert_contains (text, latency);
      assert_contains (text, "|my-gpu is not in the catalog: the roofline takes nvidia-rtx-a5000's peaks and "
                             "bandwidth|");
      g_assert_false (perfcast_predict_page_select (PERFCAST_PREDICT_PAGE (page), "bert-large", "my-tpu",
                                                    PP_PRECISION_FP16, PP_PHASE_FORWARD, 8, 128));

      /* A new row has the page read the devices again and refit: the
       * device chosen stays chosen, never left for another meanwhile. */
      if (round == 1)
        {
          GtkDropDown *dropdown = find_hardware_dropdown (page);
          guint moves = 0;

          g_signal_connect (dropdown, "notify::selected", G_CALLBACK (count_cb), &moves);
          done = FALSE;
          add_row (store);
          pp_test_wait_for (&done);
          g_assert_cmpuint (moves, ==, 0);
          g_assert_cmpstr (pp_hardware_spec_get_id (gtk_drop_down_get_selected_item (dropdown)), ==, "my-gpu");
        }
    }
}

/* Shown with a store, the page fits a predictor to it and saves the
 * fit where the CLI looks; a second page loads that fit instead of
 * fitting again, and a new row in the store has it refit. */
/* Each fraction a progress bar shows while it is visible. */
static void
fraction_cb (GtkProgressBar *bar,
             GParamSpec     *pspec,
             gpointer        user_data)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  if (gtk_widget_get_visible (GTK_WIDGET (bar)) && gtk_widget_get_mapped (GTK_WIDGET (bar)))
    g_array_append_val (user_data, fraction);
}

static void
test_fits_store (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PpMeasurementStore) store = open_h200_store ();
  g_autoptr(GFile) saved_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PpFittedPredictor) saved = NULL;
  g_autofree char *saved_path = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *text = NULL;
  g_autofree char *loading = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(PpValidation) checks = NULL;
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  g_autoptr(PpValidation) direct = NULL;
  g_autoptr(GListStore) added = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(PpMeasurement) row = new_row ();
  PpValidationMetrics m, by_saved;
  PpChart *chart;
  GtkWidget *page = perfcast_predict_page_new (f->catalog, store);
  GtkWidget *second;
  GtkWidget *third;
  GtkWidget *fourth;
  g_auto(GStrv) fits = NULL;
  PpPredictor *first_fit;
  gboolean done = FALSE;
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *bar;

  /* Nothing is fitted until the page is shown. */
  g_signal_connect (page, "notify::predictor", G_CALLBACK (notify_cb), &done);
  gtk_window_set_child (f->window, page);
  g_assert_null (perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (page)));
  bar = find_widget (page, GTK_TYPE_PROGRESS_BAR);
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (fraction_cb), fractions);
  gtk_window_present (f->window);
  pp_test_wait_for (&done);

  /* While it fitted, a bar counted the fit's 21 steps from the start to
   * the end (see /Pp/FittedPredictor/fit-progress), beside the message. */
  g_assert_cmpuint (fractions->len, ==, 22);
  for (guint i = 0; i < fractions->len; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (fractions, double, i), i / 21.0, 1e-12);

  first_fit = perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (page));
  g_assert_true (PP_IS_FITTED_PREDICTOR (first_fit));
  g_assert_cmpuint (pp_fitted_predictor_get_n_training (PP_FITTED_PREDICTOR (first_fit)), ==, 346);

  saved_path = pp_fitted_predictor_dup_path_for_store (store);
  saved_file = g_file_new_for_path (saved_path);
  saved = pp_fitted_predictor_load (f->catalog, saved_file, &error);
  g_assert_no_error (error);
  stamp = pp_measurement_store_dup_stamp (store);
  g_assert_cmpstr (pp_fitted_predictor_get_data_stamp (saved), ==, stamp);

  /* The saved fit is current: a new page loads it, on a worker, instead
   * of fitting again. */
  second = perfcast_predict_page_new (f->catalog, store);
  done = FALSE;
  g_signal_connect (second, "notify::predictor", G_CALLBACK (notify_cb), &done);
  gtk_window_set_child (f->window, second);
  g_assert_null (perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (second)));
  loading = dup_text (second);
  g_assert_nonnull (strstr (loading, "|Loading the saved fit…"));
  pp_test_wait_for (&done);
  g_assert_cmpstr (pp_fitted_predictor_get_fitted_at (PP_FITTED_PREDICTOR (
                     perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (second)))), ==,
                   pp_fitted_predictor_get_fitted_at (saved));

  /* No fit has predicted a row it had not seen yet. */
  text = dup_text (second);
  g_assert_null (strstr (text, "Earlier fits"));

  /* A row added makes the saved fit stale: it predicts the row before
   * the refit learns from it, and the page says how close it came. */
  done = FALSE;
  add_row (store);
  pp_test_wait_for (&done);
  g_assert_cmpuint (pp_fitted_predictor_get_n_training (PP_FITTED_PREDICTOR (
                      perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (second)))), ==, 347);

  checks = pp_validation_new_for_checks (f->catalog, store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pp_validation_get_metrics (checks, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &m));
  g_assert_cmpuint (m.n, ==, 1);

  /* Checked by the fit that had not seen it, the one saved first. */
  g_list_store_append (added, row);
  direct = pp_validation_new ();
  g_assert_true (pp_validation_predict_rows (direct, f->catalog, PP_PREDICTOR (saved), G_LIST_MODEL (added), NULL,
                                             &error));
  g_assert_true (pp_validation_get_metrics (direct, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &by_saved));
  g_assert_cmpfloat (m.mape, ==, by_saved.mape);
  g_assert_cmpfloat (m.median_halfwidth, ==, by_saved.median_halfwidth);
  expected = g_strdup_printf ("|Earlier fits predicted the latency of 1 later measurement before learning from "
                              "it: %.0f%% came within ±25%%, %.0f%% inside the 90%% interval.\nThe fit of ",
                              100 * m.within_25, 100 * m.coverage_90);
  g_free (text);
  text = dup_text (second);
  assert_contains (text, expected);
  /* And fit by fit: one fit checked the row. */
  g_free (expected);
  expected = g_strdup_printf (": 1 later measurement, %.0f%% within ±25%%|", 100 * m.within_25);
  assert_contains (text, expected);
  g_assert_null (strstr (strstr (text, "The fit of ") + 1, "The fit of "));

  /* And a chart of it: the page's second chart, of the one row. */
  collect_widgets (second, PERFCAST_TYPE_CHART_VIEW, views);
  g_assert_cmpuint (views->len, ==, 2);
  g_assert_true (gtk_widget_get_visible (views->pdata[1]));
  chart = perfcast_chart_view_get_chart (views->pdata[1]);
  g_assert_true (PP_IS_ACCURACY_CHART (chart));
  g_assert_cmpuint (pp_accuracy_chart_get_n_points (PP_ACCURACY_CHART (chart)), ==, 1);

  /* A row stored while no page looks leaves the saved fit stale: the
   * next page loads it all the same, to check the row, then refits. */
  gtk_window_set_child (f->window, NULL);
  pp_measurement_set_number (row, PP_COLUMN_BATCH, 5);
  g_assert_true (pp_measurement_store_add (store, row, NULL, &error));
  g_assert_no_error (error);
  third = perfcast_predict_page_new (f->catalog, store);
  done = FALSE;
  g_signal_connect (third, "notify::predictor", G_CALLBACK (notify_cb), &done);
  gtk_window_set_child (f->window, third);
  pp_test_wait_for (&done);
  g_assert_cmpuint (pp_fitted_predictor_get_n_training (PP_FITTED_PREDICTOR (
                      perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (third)))), ==, 348);
  g_clear_object (&checks);
  checks = pp_validation_new_for_checks (f->catalog, store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pp_validation_get_metrics (checks, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &m));
  g_assert_cmpuint (m.n, ==, 2);
  fits = pp_measurement_store_dup_checked_fits (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (fits), ==, 2);

  /* A saved fit an older Perfcast made cannot be read, but names the
   * rows it saw: fitted anew to them, it checks the row that arrived. */
  gtk_window_set_child (f->window, NULL);
  pp_test_age_saved_fit (saved_path);
  pp_measurement_set_number (row, PP_COLUMN_BATCH, 6);
  g_assert_true (pp_measurement_store_add (store, row, NULL, &error));
  g_assert_no_error (error);
  fourth = perfcast_predict_page_new (f->catalog, store);
  done = FALSE;
  g_signal_connect (fourth, "notify::predictor", G_CALLBACK (notify_cb), &done);
  gtk_window_set_child (f->window, fourth);
  pp_test_wait_for (&done);
  g_assert_cmpuint (pp_fitted_predictor_get_n_training (PP_FITTED_PREDICTOR (
                      perfcast_predict_page_get_predictor (PERFCAST_PREDICT_PAGE (fourth)))), ==, 349);
  g_clear_object (&checks);
  checks = pp_validation_new_for_checks (f->catalog, store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pp_validation_get_metrics (checks, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &m));
  g_assert_cmpuint (m.n, ==, 3);
  g_clear_pointer (&fits, g_strfreev);
  fits = pp_measurement_store_dup_checked_fits (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (fits), ==, 3);
}

/* Isolated, the tests' XDG_DATA_DIRS hide the shared MIME database, so
 * GTK cannot tell that the spinner's SVG icon is one, and warns. The
 * icon is no part of what is tested; every other message goes on to
 * the default writer, which makes warnings fatal. */
static GLogWriterOutput
drop_icon_warning (GLogLevelFlags   log_level,
                   const GLogField *fields,
                   gsize            n_fields,
                   gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        g_str_has_prefix (fields[i].value, "Failed to load icon"))
      return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Test environment only: no accessibility bus to look for. */
  g_setenv ("GTK_A11Y", "none", TRUE);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }

  /* gtk_test_init() passes no options on to g_test_init(), and the
   * store and its saved fit must land in this test's own directories;
   * it also fixes the locale, which the labels' numbers depend on. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  g_log_set_writer_func (drop_icon_warning, NULL, NULL);
  gtk_init ();

  g_test_add ("/Perfcast/PredictPage/predicts", Fixture, NULL, fixture_set_up, test_predicts, fixture_tear_down);
  g_test_add ("/Perfcast/PredictPage/limits", Fixture, NULL, fixture_set_up, test_limits, fixture_tear_down);
  g_test_add ("/Perfcast/PredictPage/limits-when-nothing-fits", Fixture, NULL, fixture_set_up,
              test_limits_when_nothing_fits, fixture_tear_down);
  g_test_add ("/Perfcast/PredictPage/shows-errors", Fixture, NULL, fixture_set_up, test_shows_errors,
              fixture_tear_down);
  g_test_add ("/Perfcast/PredictPage/fits-store", Fixture, NULL, fixture_set_up, test_fits_store,
              fixture_tear_down);
  g_test_add ("/Perfcast/PredictPage/refits-after-failure", Fixture, NULL, fixture_set_up,
              test_refits_after_failure, fixture_tear_down);
  g_test_add ("/Perfcast/PredictPage/refits-after-fit", Fixture, NULL, fixture_set_up, test_refits_after_fit,
              fixture_tear_down);
  g_test_add ("/Perfcast/PredictPage/offers-store-devices", Fixture, NULL, fixture_set_up,
              test_offers_store_devices, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&h200_predictor);
  return status;
}
