/* perfcast-predict-page.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "perfcast-predict-page"

#include "config.h"

#include "perfcast-predict-page.h"

#include "perfcast-chart-view.h"

#include <math.h>

#include <glib/gi18n.h>

struct _PerfcastPredictPage
{
  GtkWidget       parent_instance;

  /* Owned references */
  PpCatalog          *catalog;
  PpMeasurementStore *store;
  PpPredictor        *predictor;
  GCancellable       *cancellable;
  char               *fitting_stamp;
  /* The store's devices the catalog does not list, offered after the
   * catalog's own */
  GListStore         *unlisted;

  /* Template widgets */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkLabel       *waiting_label;
  GtkProgressBar *fit_progress;
  guint           fit_number;      /* of the fit the bar shows */
  GtkDropDown    *model_dropdown;
  GtkDropDown    *hardware_dropdown;
  GtkDropDown    *precision_dropdown;
  GtkDropDown    *phase_dropdown;
  GtkSpinButton  *batch_spin;
  GtkSpinButton  *seq_spin;
  GtkDropDown    *kv_dropdown;
  GtkLabel       *error_label;
  GtkWidget      *results_box;
  GtkLabel       *values[PP_N_TARGETS];
  GtkLabel       *intervals[PP_N_TARGETS];
  GtkLabel       *confidences[PP_N_TARGETS];
  GtkLabel       *evidences[PP_N_TARGETS];
  GtkLabel       *bottleneck_label;
  GtkLabel       *notes_label;
  GtkLabel       *limits_label;
  PerfcastChartView *throughput_view;
  GtkLabel       *support_label;
  GtkLabel       *checks_label;
  PerfcastChartView *checks_view;
  GtkDropDown    *objective_dropdown;
  GtkCheckButton *cautious_check;
  GtkListBox     *recommend_list;

  gulong          changed_handler;
  /* Of the latest read of the checks asked for: an older read that ends
   * after it (they run on workers) is not shown over it. */
  guint           checks_serial;

  /* Set once the page was shown: from then on the predictor follows
   * the store. */
  guint           wanted : 1;
  /* A query and fit are under way; a change of the store meanwhile asks
   * for another once they end, whether they succeed or not. */
  guint           fitting : 1;
  guint           refit_pending : 1;
  guint           selecting : 1;
};

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_STORE,
  PROP_PREDICTOR,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PerfcastPredictPage, perfcast_predict_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* The precisions models are run at, in the dropdown's order: fp64 is
 * left out (scientific codes use it, models do not), and int2 is offered
 * for the KV cache only, as no catalog device has an int2 rate. */
static const PpPrecision precisions[] = {
  PP_PRECISION_FP32, PP_PRECISION_TF32, PP_PRECISION_FP16, PP_PRECISION_BF16,
  PP_PRECISION_FP8, PP_PRECISION_INT8, PP_PRECISION_INT4,
};

/* The KV cache's precisions after the first row, "as the weights". */
static const PpPrecision kv_precisions[] = {
  PP_PRECISION_FP16, PP_PRECISION_BF16, PP_PRECISION_FP8, PP_PRECISION_INT8, PP_PRECISION_INT4,
  PP_PRECISION_INT2,
};

static void
clear_results (PerfcastPredictPage *self,
               const GError        *error)
{
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_widget_set_visible (self->results_box, FALSE);
  gtk_list_box_bind_model (self->recommend_list, NULL, NULL, NULL, NULL);
}

static void
show_target (PerfcastPredictPage *self,
             PpPrediction        *p,
             PpTarget             target)
{
  double lower, upper, value = pp_prediction_get_value (p, target, &lower, &upper);
  double confidence = pp_prediction_get_confidence (p, target);
  const char *evidence = pp_evidence_describe (pp_prediction_get_evidence (p, target));
  g_autofree char *text = pp_format_value (value);
  g_autofree char *shown = g_strdup_printf ("%s %s", text, pp_target_get_unit (target));
  g_autofree char *lo = pp_format_value (lower);
  g_autofree char *hi = pp_format_value (upper);
  g_autofree char *interval = NULL;
  g_autofree char *chance = NULL;

  /* Without calibration there is no interval to claim, and no chance. */
  if (!isnan (lower) && !isnan (upper))
    interval = g_strdup_printf ("%s – %s %s", lo, hi, pp_target_get_unit (target));
  if (!isnan (lower))
    chance = g_strdup_printf ("%.0f%%", 100 * confidence);

  gtk_label_set_text (self->values[target], shown);
  gtk_label_set_text (self->intervals[target], interval ? interval : "–");
  gtk_label_set_text (self->confidences[target], chance ? chance : "–");
  gtk_label_set_text (self->evidences[target], evidence ? evidence : "");
}

static void
show_prediction (PerfcastPredictPage *self,
                 PpPrediction        *p)
{
  const char *bottleneck = pp_prediction_describe_bottleneck (p);
  g_autofree char *sentence = NULL;
  g_autofree char *support = NULL;
  g_autofree char *notes = NULL;

  for (guint t = 0; t < PP_N_TARGETS; t++)
    show_target (self, p, t);

  /* The phrase follows other words in the CLI; here it starts a line. */
  if (bottleneck != NULL)
    {
      g_autofree char *first = g_utf8_strup (bottleneck, g_utf8_next_char (bottleneck) - bottleneck);

      sentence = g_strconcat (first, g_utf8_next_char (bottleneck), NULL);
    }
  gtk_label_set_text (self->bottleneck_label, sentence ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->bottleneck_label), bottleneck != NULL);

  /* How the prediction was made, where the form asked for something
   * else (an input size Whisper does not run at, a precision the device
   * has no peak for). */
  notes = g_strjoinv ("\n", (char **)pp_prediction_get_notes (p));
  gtk_label_set_text (self->notes_label, notes);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), *notes != '\0');

  /* translators: the first %s is “Near measured workloads” or “Far from
   * measured workloads”; then the number of measurements the predictor
   * was fitted to, and how many of them are of this model, device and
   * precision. */
  support = g_strdup_printf (_("%s; fitted to %u measurements, %u of this model, device and precision."),
                             pp_prediction_get_out_of_distribution (p) ? _("Far from measured workloads")
                                                                       : _("Near measured workloads"),
                             pp_prediction_get_n_training (p), pp_prediction_get_n_support (p));
  gtk_label_set_text (self->support_label, support);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (self->results_box, TRUE);
}

/* Sentences that say how far the device's memory stretches when a
 * batch, or (@max_context, for models with a KV cache) a context, does
 * not fit: where neither a smaller batch nor a shorter context would,
 * also what the weights alone need, which tells whether they leave no
 * room or what comes on top of them does. */
static char *
dup_limits_when_short (PpPrediction *prediction,
                       double        gib,
                       guint         max_batch,
                       gboolean      has_context,
                       guint         max_context)
{
  const PpRooflineEstimate *roofline = pp_prediction_get_roofline (prediction);
  g_autoptr(GString) text = g_string_new (NULL);

  if (max_batch > 0)
    /* translators: a device's memory in GiB and the largest batch size
     * that fits in it */
    g_string_append_printf (text, _("In %.1f GiB: at most batch %u at this length."), gib, max_batch);
  else
    /* translators: a device's memory in GiB */
    g_string_append_printf (text, _("Does not fit in %.1f GiB at this length, even at batch 1."), gib);

  if (has_context && max_context > 0)
    {
      g_string_append_c (text, ' ');
      /* translators: the longest context, in tokens, that fits */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "At most %u token of context fits at this batch.",
                                                 "At most %u tokens of context fit at this batch.", max_context),
                              max_context);
    }
  else if (has_context)
    g_string_append_printf (text, " %s", _("No context fits at this batch."));

  if (max_batch == 0 && max_context == 0 && roofline != NULL && roofline->weight_bytes > 0)
    {
      g_string_append_c (text, ' ');
      /* translators: the memory the model's weights take, in GiB */
      g_string_append_printf (text, _("The weights alone need %.1f GiB."),
                              roofline->weight_bytes / (1024.0 * 1024 * 1024));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* How far the device's memory, @budget bytes (NaN: unknown), stretches
 * for @workload by the predicted memory (see pp_predictor_max_batch()):
 * @max_batch at this length and, for models with a KV cache, the longest
 * context at this batch. */
static void
show_limits (PerfcastPredictPage *self,
             PpWorkload          *workload,
             PpPrediction        *prediction,
             double               budget,
             guint                max_batch)
{
  PpModelArch arch = pp_model_spec_get_arch (pp_workload_get_model (workload));
  gboolean has_context = arch == PP_MODEL_ARCH_DECODER || arch == PP_MODEL_ARCH_ENCODER_DECODER;
  double gib = budget / (1024.0 * 1024 * 1024);
  g_autofree char *text = NULL;
  guint max_context = 0;

  if (isnan (budget))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->limits_label), FALSE);
      return;
    }

  if (has_context)
    max_context = pp_predictor_max_context (self->predictor, workload, budget, NULL);

  if (max_batch > 0 && max_context > 0)
    /* translators: a device's memory in GiB, the largest batch size and
     * the longest context (in tokens) that fit in it */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "In %.1f GiB: at most batch %u at this length, and at most %u token "
                                         "of context at this batch.",
                                         "In %.1f GiB: at most batch %u at this length, and at most %u tokens "
                                         "of context at this batch.", max_context),
                            gib, max_batch, max_context);
  else
    text = dup_limits_when_short (prediction, gib, max_batch, has_context, max_context);

  gtk_label_set_text (self->limits_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->limits_label), TRUE);
}

/* The largest batch size the scaling chart goes to: where memory is
 * unknown, and past which few serve. */
#define SCALING_BATCH_LIMIT 1024
#define SCALING_BATCH_UNKNOWN 256

static void
append_prediction (PerfcastPredictPage *self,
                   GListStore          *predictions,
                   PpWorkload          *workload,
                   guint                batch)
{
  g_autoptr(PpWorkload) w = pp_workload_copy (workload);
  g_autoptr(PpPrediction) p = NULL;

  pp_workload_set_batch (w, batch);
  if ((p = pp_predictor_predict (self->predictor, w, NULL)))
    g_list_store_append (predictions, p);
}

/* The throughput at batch sizes 1, 2, 4… up to @limit, and at the
 * form's own: a few dozen predictions of a few microseconds each. */
static void
show_scaling (PerfcastPredictPage *self,
              PpWorkload          *workload,
              guint                limit)
{
  guint own = pp_workload_get_batch (workload);
  g_autoptr(GListStore) predictions = g_list_store_new (PP_TYPE_PREDICTION);
  g_autoptr(PpThroughputChart) chart = NULL;

  for (guint batch = 1; batch <= MAX (limit, 1); batch *= 2)
    append_prediction (self, predictions, workload, batch);
  if ((own & (own - 1)) != 0 && own <= limit)
    append_prediction (self, predictions, workload, own);

  chart = pp_throughput_chart_new (G_LIST_MODEL (predictions));
  perfcast_chart_view_set_chart (self->throughput_view, PP_CHART (chart));
}

static GtkWidget *
create_recommendation_row (gpointer item,
                           gpointer user_data)
{
  PpRecommendation *r = item;
  PpHardwareSpec *hw = pp_recommendation_get_hardware (r);
  GListModel *ranked = user_data;
  g_autofree char *title = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *name, *reason;
  guint rank = 0;

  /* The catalog has a few dozen devices: looking the row up is cheap. */
  while (rank < g_list_model_get_n_items (ranked))
    {
      g_autoptr(GObject) other = g_list_model_get_item (ranked, rank++);

      if (other == item)
        break;
    }
  title = g_strdup_printf ("%u. %s", rank, pp_hardware_spec_get_name (hw));
  name = gtk_label_new (title);
  reason = gtk_label_new (pp_recommendation_get_reason (r));

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (reason), 0);
  gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (reason, pp_recommendation_get_feasible (r) ? "dim-label" : "error");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), reason);

  return box;
}

static void
show_recommendations (PerfcastPredictPage *self,
                      PpWorkload          *workload)
{
  g_autoptr(PpRecommender) recommender = pp_recommender_new (self->predictor, self->catalog);
  g_autoptr(GListModel) ranked = NULL;
  g_autoptr(GError) error = NULL;

  pp_recommender_set_objective (recommender, gtk_drop_down_get_selected (self->objective_dropdown));
  pp_recommender_set_cautious (recommender, gtk_check_button_get_active (self->cautious_check));

  if (!(ranked = pp_recommender_rank (recommender, workload, NULL, &error)))
    {
      g_debug ("Could not rank devices: %s", error->message);
      gtk_list_box_bind_model (self->recommend_list, NULL, NULL, NULL, NULL);
      return;
    }

  gtk_list_box_bind_model (self->recommend_list, ranked, create_recommendation_row, ranked, NULL);
}

/* The workload the form describes, or NULL while a choice is missing. */
static PpWorkload *
dup_workload (PerfcastPredictPage *self)
{
  PpModelSpec *model = gtk_drop_down_get_selected_item (self->model_dropdown);
  PpHardwareSpec *hardware = gtk_drop_down_get_selected_item (self->hardware_dropdown);
  guint precision = gtk_drop_down_get_selected (self->precision_dropdown);
  guint phase = gtk_drop_down_get_selected (self->phase_dropdown);
  guint kv = gtk_drop_down_get_selected (self->kv_dropdown);
  PpWorkload *w;

  if (model == NULL || hardware == NULL || precision >= G_N_ELEMENTS (precisions) || phase == GTK_INVALID_LIST_POSITION)
    return NULL;

  w = pp_workload_new (model, hardware, precisions[precision], gtk_spin_button_get_value_as_int (self->batch_spin));
  pp_workload_set_phase (w, phase);
  /* A CNN reads no sequence, and only a decode step reads the cache
   * (see update(), which greys those choices out). */
  if (pp_model_spec_get_arch (model) != PP_MODEL_ARCH_CNN)
    pp_workload_set_seq_len (w, gtk_spin_button_get_value_as_int (self->seq_spin));
  if (phase == PP_PHASE_DECODE && kv > 0 && kv <= G_N_ELEMENTS (kv_precisions))
    pp_workload_set_kv_precision (w, kv_precisions[kv - 1]);

  return w;
}

/* Predictions take microseconds and a ranking of the catalog well under
 * a millisecond, so both follow every change of the form at once. */
static void
update (PerfcastPredictPage *self)
{
  g_autoptr(PpWorkload) workload = NULL;
  g_autoptr(PpPrediction) prediction = NULL;
  g_autoptr(GError) error = NULL;
  PpModelArch arch;
  double budget;
  guint max_batch;

  if (self->predictor == NULL || !(workload = dup_workload (self)))
    {
      clear_results (self, NULL);
      return;
    }

  /* Only a decode step reads a KV cache, and a CNN reads no sequence:
   * for other workloads those choices wait. */
  arch = pp_model_spec_get_arch (pp_workload_get_model (workload));
  gtk_widget_set_sensitive (GTK_WIDGET (self->kv_dropdown),
                            pp_workload_get_phase (workload) == PP_PHASE_DECODE &&
                            (arch == PP_MODEL_ARCH_DECODER || arch == PP_MODEL_ARCH_ENCODER_DECODER));
  gtk_widget_set_sensitive (GTK_WIDGET (self->seq_spin), arch != PP_MODEL_ARCH_CNN);

  if (!(prediction = pp_predictor_predict (self->predictor, workload, &error)))
    {
      clear_results (self, error);
      return;
    }

  /* The largest batch that fits bounds the scaling chart too. */
  budget = pp_hardware_spec_get_memory_bytes (pp_workload_get_hardware (workload));
  max_batch = isnan (budget) ? 0 : pp_predictor_max_batch (self->predictor, workload, budget, NULL);

  show_prediction (self, prediction);
  show_limits (self, workload, prediction, budget, max_batch);
  show_scaling (self, workload, isnan (budget) ? SCALING_BATCH_UNKNOWN : MIN (max_batch, SCALING_BATCH_LIMIT));
  show_recommendations (self, workload);
}

static void
changed_cb (PerfcastPredictPage *self)
{
  /* perfcast_predict_page_select() sets every field, then updates once. */
  if (!self->selecting)
    update (self);
}

static GtkStringList *
new_precision_list (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (precisions); i++)
    gtk_string_list_append (list, pp_precision_to_string (precisions[i]));

  return list;
}

/* The phase and objective dropdowns list their enums' values in order:
 * a row's position is the value. */
static void
fill_choices (PerfcastPredictPage *self)
{
  const char *phases[] = {
    /* translators: a phase of a model's call: one pass over the input */
    _("Forward"),
    /* translators: a phase of a generative model: reading the prompt */
    _("Prefill"),
    /* translators: a phase of a generative model: one generated token */
    _("Decode"),
    NULL,
  };
  const char *objectives[] = {
    _("Throughput"),
    _("Latency"),
    _("Memory headroom"),
    _("Throughput per watt"),
    NULL,
  };
  g_autoptr(GtkStringList) precision_list = new_precision_list ();
  g_autoptr(GtkStringList) phase_list = gtk_string_list_new (phases);
  g_autoptr(GtkStringList) objective_list = gtk_string_list_new (objectives);
  g_autoptr(GtkStringList) kv_list = gtk_string_list_new (NULL);

  gtk_drop_down_set_model (self->precision_dropdown, G_LIST_MODEL (precision_list));
  gtk_drop_down_set_model (self->phase_dropdown, G_LIST_MODEL (phase_list));
  gtk_drop_down_set_model (self->objective_dropdown, G_LIST_MODEL (objective_list));

  /* translators: the KV cache kept at the weights' precision */
  gtk_string_list_append (kv_list, _("As the weights"));
  for (guint i = 0; i < G_N_ELEMENTS (kv_precisions); i++)
    gtk_string_list_append (kv_list, pp_precision_to_string (kv_precisions[i]));
  gtk_drop_down_set_model (self->kv_dropdown, G_LIST_MODEL (kv_list));
}

/* The devices to choose from: the catalog's, then the store's others
 * (see show_devices()). */
static GtkFlattenListModel *
hardware_list_new (PerfcastPredictPage *self,
                   PpCatalog           *catalog)
{
  GListStore *lists = g_list_store_new (G_TYPE_LIST_MODEL);

  g_list_store_remove_all (self->unlisted);
  g_list_store_append (lists, pp_catalog_get_hardware (catalog));
  g_list_store_append (lists, self->unlisted);

  return gtk_flatten_list_model_new (G_LIST_MODEL (lists));
}

static void
set_catalog (PerfcastPredictPage *self,
             PpCatalog           *catalog)
{
  g_autoptr(GtkExpression) model_name = NULL;
  g_autoptr(GtkExpression) hardware_name = NULL;
  g_autoptr(GtkFlattenListModel) hardware = NULL;

  if (!g_set_object (&self->catalog, catalog) || catalog == NULL)
    return;

  model_name = gtk_property_expression_new (PP_TYPE_MODEL_SPEC, NULL, "name");
  hardware_name = gtk_property_expression_new (PP_TYPE_HARDWARE_SPEC, NULL, "name");
  gtk_drop_down_set_expression (self->model_dropdown, model_name);
  gtk_drop_down_set_expression (self->hardware_dropdown, hardware_name);
  gtk_drop_down_set_model (self->model_dropdown, pp_catalog_get_models (catalog));
  hardware = hardware_list_new (self, catalog);
  gtk_drop_down_set_model (self->hardware_dropdown, G_LIST_MODEL (hardware));
}

/* The predictor -------------------------------------------------------- */

static void ensure_predictor (PerfcastPredictPage *self);

/* @message says what failed; it is shown in place of the spinner. */
static void
show_failure (PerfcastPredictPage *self,
              const char          *message)
{
  /* A refit that fails leaves the predictor it would have replaced. */
  if (self->predictor != NULL)
    {
      g_message ("%s", message);
      return;
    }

  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->fit_progress), FALSE);
  gtk_label_set_text (self->waiting_label, message);
}

/* After a query or fit ends, successful or not. */
static void
fitting_done (PerfcastPredictPage *self)
{
  self->fitting = FALSE;
  if (self->refit_pending)
    ensure_predictor (self);
}

static void
fit_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(PerfcastPredictPage) self = user_data;
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (!(predictor = pp_fitted_predictor_fit_finish (result, &error)))
    {
      g_autofree char *message = NULL;

      /* Cancelled, the page was taken out of its window: it may have
       * been shown again since, and asked for a fit. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* translators: %s says why */
          message = g_strdup_printf (_("Could not fit the predictor: %s"), error->message);
          show_failure (self, message);
        }
      fitting_done (self);
      return;
    }

  /* Saved, the next start (and the CLI) loads it instead of fitting. */
  pp_fitted_predictor_set_data_stamp (predictor, self->fitting_stamp);
  path = pp_fitted_predictor_dup_path_for_store (self->store);
  file = g_file_new_for_path (path);
  if (!pp_fitted_predictor_save (predictor, file, &error))
    g_message ("Could not save the predictor to %s: %s", path, error->message);

  g_clear_pointer (&self->fitting_stamp, g_free);
  perfcast_predict_page_set_predictor (self, PP_PREDICTOR (predictor));
  fitting_done (self);
}

/* Before a fit: what the worker reads and checks (see prepare_thread()). */
typedef struct
{
  PpCatalog *catalog;
  PpMeasurementStore *store;
  PpFittedPredictor *checker;  /* nullable: the fit that checks the new rows */
  guint serial;                /* the page's checks_serial when asked for */
  GListModel *rows;            /* out: every row, oldest first */
  GListModel *devices;         /* out: the store's devices (see read_devices()) */
  PpValidation *checks;        /* out: the checks of every fit */
  char *by_fit;                /* out: a line for each fit's checks, oldest first */
} Prepare;

static void
prepare_free (Prepare *prepare)
{
  g_clear_object (&prepare->catalog);
  g_clear_object (&prepare->store);
  g_clear_object (&prepare->checker);
  g_clear_object (&prepare->rows);
  g_clear_object (&prepare->devices);
  g_clear_object (&prepare->checks);
  g_free (prepare->by_fit);
  g_free (prepare);
}

/* When @fitted_at (ISO 8601) was, in local time, to the minute. */
static char *
format_fitted_at (const char *fitted_at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (fitted_at, NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (fitted_at);
}

/* One line for each fit that checked rows: how many, and how close it
 * came, so that a fit that did worse than the ones before shows. */
static char *
describe_fits (PpCatalog          *catalog,
               PpMeasurementStore *store,
               GError            **error)
{
  g_auto(GStrv) fits = NULL;
  GString *out = g_string_new (NULL);

  if (!(fits = pp_measurement_store_dup_checked_fits (store, error)))
    return g_string_free (out, TRUE);

  for (guint i = 0; fits[i] != NULL; i++)
    {
      g_autoptr(PpValidation) one = NULL;
      g_autofree char *when = NULL;
      PpValidationMetrics m;

      if (!(one = pp_validation_new_for_checks (catalog, store, fits[i], error)))
        return g_string_free (out, TRUE);
      if (!pp_validation_get_metrics (one, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &m))
        continue;

      when = format_fitted_at (fits[i]);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      /* translators: when the fit was made, a number of measurements and
       * a percentage */
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                "The fit of %s: %u later measurement, %.0f%% within ±25%%",
                                                "The fit of %s: %u later measurements, %.0f%% within ±25%%",
                                                m.n),
                              when, m.n, 100 * m.within_25);
    }

  return g_string_free (out, FALSE);
}

/* The checks of the store's earlier fits, read back, overall and fit by
 * fit: a worker's job, since there is one per row ever checked. Neither
 * (said in the log) when they cannot be read: they are a report, not
 * what the page needs. */
static void
read_checks (Prepare *prepare)
{
  g_autoptr(GError) error = NULL;

  if (!(prepare->checks = pp_validation_new_for_checks (prepare->catalog, prepare->store, NULL, &error)) ||
      !(prepare->by_fit = describe_fits (prepare->catalog, prepare->store, &error)))
    {
      g_message ("Could not read the checks of earlier fits: %s", error->message);
      g_clear_object (&prepare->checks);
    }
}

/* The devices of the store's rows, the catalog's or as their rows
 * describe them (see pp_catalog_dup_hardware_in_store()): a worker's
 * job, as it reads the store. None (said in the log) when they cannot
 * be read: the catalog's devices are still there to choose from. */
static void
read_devices (Prepare *prepare)
{
  g_autoptr(GError) error = NULL;

  if (!(prepare->devices = pp_catalog_dup_hardware_in_store (prepare->catalog, prepare->store, &error)))
    g_message ("Could not read the devices of the store's measurements: %s", error->message);
}

/* Whether @list has the devices of @devices, in order and described
 * alike. */
static gboolean
same_devices (GListModel *list,
              GPtrArray  *devices)
{
  if (g_list_model_get_n_items (list) != devices->len)
    return FALSE;

  for (guint i = 0; i < devices->len; i++)
    {
      g_autoptr(PpHardwareSpec) had = g_list_model_get_item (list, i);

      if (!g_str_equal (pp_hardware_spec_get_id (had), pp_hardware_spec_get_id (devices->pdata[i])) ||
          g_strcmp0 (pp_hardware_spec_get_stand_in (had), pp_hardware_spec_get_stand_in (devices->pdata[i])) != 0 ||
          g_strcmp0 (pp_hardware_spec_get_backend (had), pp_hardware_spec_get_backend (devices->pdata[i])) != 0 ||
          pp_hardware_spec_get_kind (had) != pp_hardware_spec_get_kind (devices->pdata[i]))
        return FALSE;
    }

  return TRUE;
}

/* The store's devices the catalog does not list, after the catalog's,
 * each under the name its rows give it; the device chosen stays
 * chosen. */
static void
show_devices (PerfcastPredictPage *self,
              Prepare             *prepare)
{
  g_autoptr(GPtrArray) unlisted = g_ptr_array_new ();
  g_autoptr(PpHardwareSpec) chosen = NULL;
  GListModel *devices = prepare->devices;
  gboolean chosen_unlisted;
  guint n_listed;

  if (devices == NULL || prepare->serial != self->checks_serial || self->catalog == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      PpHardwareSpec *device = g_list_model_get_item (devices, i);

      if (pp_catalog_lookup_hardware (self->catalog, pp_hardware_spec_get_id (device)) == NULL)
        g_ptr_array_add (unlisted, device);
      else
        g_object_unref (device);
    }
  g_ptr_array_set_free_func (unlisted, g_object_unref);

  /* Read again (each fit reads them), the same devices stay the same
   * objects: a new one would move the selection off the device chosen. */
  if (same_devices (G_LIST_MODEL (self->unlisted), unlisted))
    return;

  if ((chosen = gtk_drop_down_get_selected_item (self->hardware_dropdown)))
    g_object_ref (chosen);
  chosen_unlisted = chosen != NULL &&
                    pp_catalog_lookup_hardware (self->catalog, pp_hardware_spec_get_id (chosen)) != chosen;
  g_list_store_splice (self->unlisted, 0, g_list_model_get_n_items (G_LIST_MODEL (self->unlisted)),
                       unlisted->pdata, unlisted->len);

  /* The same device, described anew: chosen again, by its name. */
  n_listed = g_list_model_get_n_items (gtk_drop_down_get_model (self->hardware_dropdown)) - unlisted->len;
  for (guint i = 0; chosen_unlisted && i < unlisted->len; i++)
    if (g_str_equal (pp_hardware_spec_get_id (unlisted->pdata[i]), pp_hardware_spec_get_id (chosen)))
      gtk_drop_down_set_selected (self->hardware_dropdown, n_listed + i);
}

/* On a worker: the fit in use predicts the rows that arrived since it
 * was fitted, before the new fit learns from them (see
 * pp_fitted_predictor_check_store()); then every row is read for that
 * fit, and the checks so far for the page to show. */
static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Prepare *prepare = task_data;
  g_autoptr(GError) error = NULL;

  if (prepare->checker != NULL &&
      !pp_fitted_predictor_check_store (prepare->checker, prepare->catalog, prepare->store, NULL, cancellable,
                                        &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* The rows are stored; the fit does not need their checks. */
      g_message ("Could not check the new measurements against the fit in use: %s", error->message);
      g_clear_error (&error);
    }

  if (!(prepare->rows = pp_measurement_store_query (prepare->store, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  read_checks (prepare);
  read_devices (prepare);
  g_task_return_boolean (task, TRUE);
}

static void show_checks (PerfcastPredictPage *self,
                         Prepare             *prepare);

/* The fit a bar's steps come from: a cancelled one winds down after the
 * next has started, and its steps are not the bar's to show. */
typedef struct
{
  PerfcastPredictPage *page;
  guint number;
} FitSteps;

static void
fit_steps_free (FitSteps *steps)
{
  g_object_unref (steps->page);
  g_free (steps);
}

static void
fit_progress_cb (guint    done,
                 guint    total,
                 gpointer user_data)
{
  FitSteps *steps = user_data;

  if (steps->number == steps->page->fit_number)
    gtk_progress_bar_set_fraction (steps->page->fit_progress, total ? (double)done / total : 0);
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PerfcastPredictPage) self = user_data;
  Prepare *prepare = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  FitSteps *steps;
  guint n;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* translators: %s says why */
          message = g_strdup_printf (_("Could not read the measurements to fit the predictor to: %s"),
                                     error->message);
          show_failure (self, message);
        }
      fitting_done (self);
      return;
    }

  show_checks (self, prepare);
  show_devices (self, prepare);

  /* Stamped with the rows read: rows stored since are not in the fit,
   * and must be checked and fitted after it. */
  n = g_list_model_get_n_items (prepare->rows);
  g_free (self->fitting_stamp);
  self->fitting_stamp = pp_measurement_store_dup_stamp_for_rows (self->store, n);

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fitting the predictor to %u measurement…",
                                          "Fitting the predictor to %u measurements…", n), n);
  perfcast_predict_page_show_waiting (self, message);
  /* A fit takes a minute or two on a laptop: the bar shows its steps. */
  gtk_progress_bar_set_fraction (self->fit_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->fit_progress), TRUE);
  steps = g_new (FitSteps, 1);
  steps->page = g_object_ref (self);
  steps->number = ++self->fit_number;
  pp_fitted_predictor_fit_full_async (self->catalog, prepare->rows, fit_progress_cb, steps,
                                      (GDestroyNotify)fit_steps_free, self->cancellable, fit_cb,
                                      g_object_ref (self));
}

/* How the store's earlier fits predicted the rows that came after them,
 * all together and fit by fit, and a chart of predicted against
 * measured latency; hidden until there are any. */
static void
show_checks (PerfcastPredictPage *self,
             Prepare             *prepare)
{
  g_autoptr(PpAccuracyChart) chart = NULL;
  g_autofree char *text = NULL;
  PpValidation *checks = prepare->checks;
  PpValidationMetrics m;

  if (prepare->serial != self->checks_serial)
    return;

  if (checks == NULL || !pp_validation_get_metrics (checks, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &m))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->checks_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->checks_view), FALSE);
      return;
    }

  chart = pp_accuracy_chart_new (checks, PP_TARGET_LATENCY);
  perfcast_chart_view_set_chart (self->checks_view, PP_CHART (chart));
  gtk_widget_set_visible (GTK_WIDGET (self->checks_view), TRUE);

  /* translators: a number of measurements, then two percentages */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Earlier fits predicted the latency of %u later measurement before "
                                       "learning from it: %.0f%% came within ±25%%, %.0f%% inside the 90%% "
                                       "interval.",
                                       "Earlier fits predicted the latency of %u later measurements before "
                                       "learning from them: %.0f%% came within ±25%%, %.0f%% inside their 90%% "
                                       "intervals.", m.n),
                          m.n, 100 * m.within_25, 100 * m.coverage_90);
  if (prepare->by_fit != NULL && prepare->by_fit[0] != '\0')
    {
      char *with_fits = g_strconcat (text, "\n", prepare->by_fit, NULL);

      g_free (text);
      text = with_fits;
    }
  gtk_label_set_text (self->checks_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->checks_label), TRUE);
}

static Prepare *prepare_new (PerfcastPredictPage *self,
                             PpFittedPredictor   *checker);
static void     run_in_thread (PerfcastPredictPage *self,
                               Prepare             *prepare,
                               GTaskThreadFunc      thread,
                               GAsyncReadyCallback  callback);

/* Cancelled (the page left its window), or given a predictor meanwhile:
 * ensure_predictor() starts again from what there is. */
static gboolean
overtaken (PerfcastPredictPage *self,
           GError              *error)
{
  if (error == NULL && self->predictor == NULL)
    return FALSE;

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("%s", error->message);
  self->refit_pending |= self->predictor != NULL;
  fitting_done (self);
  return TRUE;
}

static void
read_checks_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  read_checks (task_data);
  read_devices (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
read_checks_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PerfcastPredictPage) self = user_data;

  if (g_task_propagate_boolean (G_TASK (result), NULL))
    {
      show_checks (self, g_task_get_task_data (G_TASK (result)));
      show_devices (self, g_task_get_task_data (G_TASK (result)));
    }
}

/* Before the saved fit's checker is known: rows arrived, and another fit
 * then checks them (see prepare_thread()). */
static void
prepare_with (PerfcastPredictPage *self,
              PpFittedPredictor   *checker)
{
  perfcast_predict_page_show_waiting (self, _("Reading the measurements…"));
  run_in_thread (self, prepare_new (self, checker), prepare_thread, prepare_cb);
}

static void
renew_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PerfcastPredictPage) self = user_data;
  g_autoptr(PpFittedPredictor) renewed = NULL;
  g_autoptr(GError) error = NULL;

  renewed = pp_fitted_predictor_renew_saved_for_store_finish (result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The rows are stored; the fit does not need their checks. */
      g_message ("Could not fit anew the saved fit this version cannot read: %s", error->message);
      g_clear_error (&error);
    }
  if (overtaken (self, error))
    return;

  prepare_with (self, renewed);
}

/* On a worker: how many rows the saved fit an earlier version made had
 * seen, when this one cannot read it and rows arrived since (reading
 * its stamp parses it). */
static void
count_renewable_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Prepare *prepare = task_data;

  g_task_return_int (task, pp_fitted_predictor_count_renewable_for_store (prepare->store));
}

static void
count_renewable_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PerfcastPredictPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  if (overtaken (self, error))
    return;

  if (n <= 0)
    {
      prepare_with (self, NULL);
      return;
    }

  /* A fit that never saw the new rows, to check them before a new fit
   * learns from them (pp_fitted_predictor_renew_saved_for_store()). */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The saved fit is from a version of Perfcast this one cannot read: "
                                          "fitting it anew to the %u measurement it had seen, to check the "
                                          "new ones…",
                                          "The saved fit is from a version of Perfcast this one cannot read: "
                                          "fitting it anew to the %u measurements it had seen, to check the "
                                          "new ones…", (gulong)n),
                             (guint)n);
  perfcast_predict_page_show_waiting (self, message);
  pp_fitted_predictor_renew_saved_for_store_async (self->catalog, self->store, self->cancellable, renew_cb,
                                                   g_object_ref (self));
}

/* A current saved fit is the page's predictor; a stale one checks the
 * rows that arrived since before a new fit learns from them; when none
 * loads, one an earlier version saved may still be fitted anew. */
static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PerfcastPredictPage) self = user_data;
  g_autoptr(PpFittedPredictor) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = pp_fitted_predictor_load_saved_for_store_finish (result, &error);
  if (overtaken (self, error))
    return;

  if (saved != NULL && pp_fitted_predictor_is_current_for_store (saved, self->store))
    {
      perfcast_predict_page_set_predictor (self, PP_PREDICTOR (saved));
      run_in_thread (self, prepare_new (self, NULL), read_checks_thread, read_checks_cb);
      fitting_done (self);
      return;
    }

  if (saved != NULL)
    prepare_with (self, saved);
  else
    run_in_thread (self, prepare_new (self, NULL), count_renewable_thread, count_renewable_cb);
}

static Prepare *
prepare_new (PerfcastPredictPage *self,
             PpFittedPredictor   *checker)
{
  Prepare *prepare = g_new0 (Prepare, 1);

  prepare->catalog = g_object_ref (self->catalog);
  prepare->store = g_object_ref (self->store);
  prepare->checker = checker ? g_object_ref (checker) : NULL;
  prepare->serial = ++self->checks_serial;

  return prepare;
}

static void
run_in_thread (PerfcastPredictPage *self,
               Prepare             *prepare,
               GTaskThreadFunc      thread,
               GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, callback, g_object_ref (self));

  g_task_set_task_data (task, prepare, (GDestroyNotify)prepare_free);
  g_task_run_in_thread (task, thread);
}

/* The saved fit of the store when it is current, else a new fit, after
 * the fit in use (or the saved one) has checked the rows that arrived.
 * Loading, reading and fitting all run on workers. */
static void
ensure_predictor (PerfcastPredictPage *self)
{
  PpFittedPredictor *checker = NULL;

  if (self->store == NULL || self->catalog == NULL)
    return;

  /* Rows that arrive during a fit need another one after it. */
  self->refit_pending = self->fitting;
  if (self->fitting)
    return;

  if (PP_IS_FITTED_PREDICTOR (self->predictor) &&
      pp_fitted_predictor_is_current_for_store (PP_FITTED_PREDICTOR (self->predictor), self->store))
    return;

  self->fitting = TRUE;

  if (self->predictor == NULL)
    {
      perfcast_predict_page_show_waiting (self, _("Loading the saved fit…"));
      pp_fitted_predictor_load_saved_for_store_async (self->catalog, self->store, self->cancellable, load_cb,
                                                      g_object_ref (self));
      return;
    }

  if (PP_IS_FITTED_PREDICTOR (self->predictor))
    checker = PP_FITTED_PREDICTOR (self->predictor);

  prepare_with (self, checker);
}

static void
store_changed_cb (PerfcastPredictPage *self,
                  PpMeasurementStore  *store)
{
  if (self->wanted)
    ensure_predictor (self);
}

static void
set_store (PerfcastPredictPage *self,
           PpMeasurementStore  *store)
{
  if (!g_set_object (&self->store, store) || store == NULL)
    return;

  self->changed_handler = g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb),
                                                   self, G_CONNECT_SWAPPED);
}

/* A page taken out of its window (closed, say) stops fitting: the
 * callbacks' references would otherwise keep it alive until the end. */
static void
perfcast_predict_page_unroot (GtkWidget *widget)
{
  PerfcastPredictPage *self = PERFCAST_PREDICT_PAGE (widget);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Shown again, it looks again; until then changes ask for nothing. */
  self->wanted = FALSE;
  self->refit_pending = FALSE;

  GTK_WIDGET_CLASS (perfcast_predict_page_parent_class)->unroot (widget);
}

/* Fitting takes a while, so it waits until someone looks. */
static void
perfcast_predict_page_map (GtkWidget *widget)
{
  PerfcastPredictPage *self = PERFCAST_PREDICT_PAGE (widget);

  GTK_WIDGET_CLASS (perfcast_predict_page_parent_class)->map (widget);

  if (!self->wanted)
    {
      self->wanted = TRUE;
      ensure_predictor (self);
    }
}

static void
perfcast_predict_page_dispose (GObject *object)
{
  PerfcastPredictPage *self = (PerfcastPredictPage *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), PERFCAST_TYPE_PREDICT_PAGE);
  g_clear_object (&self->predictor);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (perfcast_predict_page_parent_class)->dispose (object);
}

static void
perfcast_predict_page_finalize (GObject *object)
{
  PerfcastPredictPage *self = (PerfcastPredictPage *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->unlisted);
  g_clear_pointer (&self->fitting_stamp, g_free);

  G_OBJECT_CLASS (perfcast_predict_page_parent_class)->finalize (object);
}

static void
perfcast_predict_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PerfcastPredictPage *self = PERFCAST_PREDICT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PREDICTOR:
      g_value_set_object (value, self->predictor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
perfcast_predict_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PerfcastPredictPage *self = PERFCAST_PREDICT_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      set_catalog (self, g_value_get_object (value));
      break;

    case PROP_STORE:
      set_store (self, g_value_get_object (value));
      break;

    case PROP_PREDICTOR:
      perfcast_predict_page_set_predictor (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
perfcast_predict_page_class_init (PerfcastPredictPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *targets[PP_N_TARGETS] = { "latency", "throughput", "memory" };

  object_class->dispose = perfcast_predict_page_dispose;
  object_class->finalize = perfcast_predict_page_finalize;
  object_class->get_property = perfcast_predict_page_get_property;
  object_class->set_property = perfcast_predict_page_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, PP_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The measurements the predictor is fitted to, once the page is
   * shown, and refitted to as they change; %NULL to set the predictor
   * by hand. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PP_TYPE_MEASUREMENT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREDICTOR] =
    g_param_spec_object ("predictor", NULL, NULL, PP_TYPE_PREDICTOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = perfcast_predict_page_map;
  widget_class->unroot = perfcast_predict_page_unroot;

  /* The template names it. */
  g_type_ensure (PERFCAST_TYPE_CHART_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/perfcast/Perfcast/ui/perfcast-predict-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "predictpage");
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, fit_progress);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, hardware_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, precision_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, phase_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, seq_spin);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, kv_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, limits_label);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, throughput_view);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, results_box);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, bottleneck_label);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, notes_label);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, support_label);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, checks_label);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, checks_view);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, objective_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, cautious_check);
  gtk_widget_class_bind_template_child (widget_class, PerfcastPredictPage, recommend_list);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);

  /* Four labels per quantity, named after it in the template. */
  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      g_autofree char *value = g_strdup_printf ("%s_value", targets[t]);
      g_autofree char *interval = g_strdup_printf ("%s_interval", targets[t]);
      g_autofree char *confidence = g_strdup_printf ("%s_confidence", targets[t]);
      g_autofree char *evidence = g_strdup_printf ("%s_evidence", targets[t]);

      gtk_widget_class_bind_template_child_full (widget_class, value, FALSE,
                                                 G_STRUCT_OFFSET (PerfcastPredictPage, values) + t * sizeof (GtkLabel *));
      gtk_widget_class_bind_template_child_full (widget_class, interval, FALSE,
                                                 G_STRUCT_OFFSET (PerfcastPredictPage, intervals) + t * sizeof (GtkLabel *));
      gtk_widget_class_bind_template_child_full (widget_class, confidence, FALSE,
                                                 G_STRUCT_OFFSET (PerfcastPredictPage, confidences) + t * sizeof (GtkLabel *));
      gtk_widget_class_bind_template_child_full (widget_class, evidence, FALSE,
                                                 G_STRUCT_OFFSET (PerfcastPredictPage, evidences) + t * sizeof (GtkLabel *));
    }
}

static void
perfcast_predict_page_init (PerfcastPredictPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->unlisted = g_list_store_new (PP_TYPE_HARDWARE_SPEC);
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_choices (self);
  gtk_drop_down_set_selected (self->precision_dropdown, 2 /* fp16 */);
  perfcast_predict_page_show_waiting (self, NULL);
}

/**
 * perfcast_predict_page_new:
 * @catalog: the models and devices to choose from
 * @store: (nullable): the measurements to fit the predictor to, or
 *   %NULL to set one with perfcast_predict_page_set_predictor()
 *
 * Returns: (transfer full): a page that predicts a workload and ranks
 *   devices for it
 */
GtkWidget *
perfcast_predict_page_new (PpCatalog          *catalog,
                           PpMeasurementStore *store)
{
  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (!store || PP_IS_MEASUREMENT_STORE (store), NULL);

  return g_object_new (PERFCAST_TYPE_PREDICT_PAGE, "catalog", catalog, "store", store, NULL);
}

PpCatalog *
perfcast_predict_page_get_catalog (PerfcastPredictPage *self)
{
  g_return_val_if_fail (PERFCAST_IS_PREDICT_PAGE (self), NULL);

  return self->catalog;
}

PpMeasurementStore *
perfcast_predict_page_get_store (PerfcastPredictPage *self)
{
  g_return_val_if_fail (PERFCAST_IS_PREDICT_PAGE (self), NULL);

  return self->store;
}

PpPredictor *
perfcast_predict_page_get_predictor (PerfcastPredictPage *self)
{
  g_return_val_if_fail (PERFCAST_IS_PREDICT_PAGE (self), NULL);

  return self->predictor;
}

/* A new predictor (a refit after an import, say) replaces the old one
 * without touching the form: the same workload is predicted again. */
void
perfcast_predict_page_set_predictor (PerfcastPredictPage *self,
                                     PpPredictor         *predictor)
{
  g_return_if_fail (PERFCAST_IS_PREDICT_PAGE (self));
  g_return_if_fail (!predictor || PP_IS_PREDICTOR (predictor));

  if (!g_set_object (&self->predictor, predictor))
    return;

  if (predictor != NULL)
    {
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "form");
    }
  else
    perfcast_predict_page_show_waiting (self, NULL);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREDICTOR]);
}

/**
 * perfcast_predict_page_show_waiting:
 * @self: a #PerfcastPredictPage
 * @message: (nullable): what the page waits for, or %NULL for a default
 *
 * Shows a spinner and @message while there is no predictor yet. A page
 * that has one keeps showing its predictions: a refit replaces the
 * predictor when it is done.
 */
void
perfcast_predict_page_show_waiting (PerfcastPredictPage *self,
                                    const char          *message)
{
  g_return_if_fail (PERFCAST_IS_PREDICT_PAGE (self));

  gtk_label_set_text (self->waiting_label, message ? message : _("Loading the predictor…"));
  gtk_widget_set_visible (GTK_WIDGET (self->fit_progress), FALSE);
  if (self->predictor != NULL)
    return;

  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "waiting");
}

/* Models and devices both have an "id" property. */
static guint
find_spec (GListModel *list,
           const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);
      g_autofree char *item_id = NULL;

      g_object_get (item, "id", &item_id, NULL);
      if (g_strcmp0 (item_id, id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/**
 * perfcast_predict_page_select:
 * @self: a #PerfcastPredictPage
 * @model_id: a catalog model's id
 * @hardware_id: a device's id: the catalog's, or one of the store's
 *   that the catalog does not list, once the page has read them
 * @precision: one of the precisions the page offers
 * @phase: the phase
 * @batch: the batch size, at least 1
 * @seq_len: the sequence length, at least 1
 *
 * Fills in the form, and so predicts that workload, with the KV cache
 * at the weights' precision.
 *
 * Returns: %FALSE, changing nothing, when the catalog lacks the model,
 *   the page does not offer the device, or the precision
 */
gboolean
perfcast_predict_page_select (PerfcastPredictPage *self,
                              const char          *model_id,
                              const char          *hardware_id,
                              PpPrecision          precision,
                              PpPhase              phase,
                              guint                batch,
                              guint                seq_len)
{
  guint model, hardware, p = G_N_ELEMENTS (precisions);

  g_return_val_if_fail (PERFCAST_IS_PREDICT_PAGE (self), FALSE);
  g_return_val_if_fail (self->catalog != NULL, FALSE);
  g_return_val_if_fail (phase <= PP_PHASE_DECODE, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (precisions); i++)
    if (precisions[i] == precision)
      p = i;

  model = find_spec (pp_catalog_get_models (self->catalog), model_id);
  hardware = find_spec (gtk_drop_down_get_model (self->hardware_dropdown), hardware_id);
  if (model == GTK_INVALID_LIST_POSITION || hardware == GTK_INVALID_LIST_POSITION || p == G_N_ELEMENTS (precisions))
    return FALSE;

  self->selecting = TRUE;
  gtk_drop_down_set_selected (self->model_dropdown, model);
  gtk_drop_down_set_selected (self->hardware_dropdown, hardware);
  gtk_drop_down_set_selected (self->precision_dropdown, p);
  gtk_drop_down_set_selected (self->phase_dropdown, phase);
  gtk_drop_down_set_selected (self->kv_dropdown, 0);
  gtk_spin_button_set_value (self->batch_spin, MAX (batch, 1));
  gtk_spin_button_set_value (self->seq_spin, MAX (seq_len, 1));
  self->selecting = FALSE;
  update (self);

  return TRUE;
}

/**
 * perfcast_predict_page_select_kv_precision:
 * @self: a #PerfcastPredictPage
 * @precision: a precision for the KV cache
 *
 * Keeps the KV cache at @precision rather than at the weights'.
 *
 * Returns: %FALSE, changing nothing, when the page does not offer it
 */
gboolean
perfcast_predict_page_select_kv_precision (PerfcastPredictPage *self,
                                           PpPrecision          precision)
{
  g_return_val_if_fail (PERFCAST_IS_PREDICT_PAGE (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kv_precisions); i++)
    if (kv_precisions[i] == precision)
      {
        gtk_drop_down_set_selected (self->kv_dropdown, i + 1);
        return TRUE;
      }

  return FALSE;
}
