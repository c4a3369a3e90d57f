/* pp-validation.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-validation.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pp-csv-private.h"
#include "pp-error.h"
#include "pp-fitted-predictor-private.h"
#include "pp-measurement-store-private.h"
#include "pp-util-private.h"
#include "pp-validation-private.h"
#include "pp-workload.h"

/**
 * PpValidation:
 *
 * Predictions held against measurements the predictor did not learn
 * from: the accuracy of the point predictions (MAPE, median APE, share
 * within ±10% and ±25%) and of the intervals (how often the 90% interval
 * covers the measurement, and how wide it is), overall, by model family,
 * by device and by what each prediction stood on ([enum@Pp.Evidence]).
 *
 * [func@Pp.Validation.run] fits on one set and tests on another;
 * [func@Pp.Validation.cross] holds out each group (a batch size, a model,
 * a device) in turn.
 */

typedef struct
{
  PpMeasurement *measurement;
  char *family;
  char *hardware;
  char *batch;
  double measured[PP_N_TARGETS];
  double predicted[PP_N_TARGETS];
  double lower[PP_N_TARGETS];
  double upper[PP_N_TARGETS];
  double confidence[PP_N_TARGETS];
  PpEvidence evidence[PP_N_TARGETS];
} Row;

struct _PpValidation
{
  GObject parent_instance;

  /* Owned */
  GArray *rows;
  /* Why rows were skipped: each reason once, in the order first met,
   * and how many rows it kept out (guint). */
  GPtrArray *skip_reasons;
  GArray *skip_counts;

  guint n_skipped;
};

G_DEFINE_FINAL_TYPE (PpValidation, pp_validation, G_TYPE_OBJECT)

static PpValidationMetrics *
metrics_copy (PpValidationMetrics *metrics)
{
  return g_memdup2 (metrics, sizeof *metrics);
}

G_DEFINE_BOXED_TYPE (PpValidationMetrics, pp_validation_metrics, metrics_copy, g_free)

static void
row_clear (Row *row)
{
  g_clear_object (&row->measurement);
  g_free (row->family);
  g_free (row->hardware);
  g_free (row->batch);
}

static void
pp_validation_finalize (GObject *object)
{
  PpValidation *self = (PpValidation *)object;

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->skip_reasons, g_ptr_array_unref);
  g_clear_pointer (&self->skip_counts, g_array_unref);

  G_OBJECT_CLASS (pp_validation_parent_class)->finalize (object);
}

static void
pp_validation_class_init (PpValidationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pp_validation_finalize;
}

static void
pp_validation_init (PpValidation *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify)row_clear);
  self->skip_reasons = g_ptr_array_new_with_free_func (g_free);
  self->skip_counts = g_array_new (FALSE, FALSE, sizeof (guint));
}

/**
 * pp_validation_new:
 *
 * Returns: (transfer full): an empty validation to add rows to
 */
PpValidation *
pp_validation_new (void)
{
  return g_object_new (PP_TYPE_VALIDATION, NULL);
}

static double
measured_throughput (PpMeasurement *m)
{
  double throughput = pp_measurement_get_throughput (m);
  double latency = pp_measurement_get_latency_ms (m);

  if (!isnan (throughput))
    return throughput;
  if (!isnan (latency) && pp_measurement_get_batch (m) > 0)
    return pp_measurement_get_batch (m) / (latency / 1000);

  return NAN;
}

/**
 * pp_validation_add:
 * @self: a #PpValidation
 * @measurement: what was measured
 * @prediction: what was predicted for it
 *
 * Adds one held-out row.
 */
void
pp_validation_add (PpValidation  *self,
                   PpMeasurement *measurement,
                   PpPrediction  *prediction)
{
  PpWorkload *workload;
  Row row = { 0 };

  g_return_if_fail (PP_IS_VALIDATION (self));
  g_return_if_fail (PP_IS_MEASUREMENT (measurement));
  g_return_if_fail (PP_IS_PREDICTION (prediction));

  workload = pp_prediction_get_workload (prediction);
  row.measurement = g_object_ref (measurement);
  row.family = g_strdup (pp_model_spec_get_family (pp_workload_get_model (workload)));
  row.hardware = g_strdup (pp_hardware_spec_get_id (pp_workload_get_hardware (workload)));
  row.batch = g_strdup_printf ("%u", pp_workload_get_batch (workload));
  if (row.family == NULL)
    row.family = g_strdup (pp_model_spec_get_id (pp_workload_get_model (workload)));

  row.measured[PP_TARGET_LATENCY] = pp_measurement_get_latency_ms (measurement);
  row.measured[PP_TARGET_THROUGHPUT] = measured_throughput (measurement);
  row.measured[PP_TARGET_MEMORY] = pp_measurement_get_memory_mb (measurement);

  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      row.predicted[t] = pp_prediction_get_value (prediction, t, &row.lower[t], &row.upper[t]);
      row.confidence[t] = pp_prediction_get_confidence (prediction, t);
      row.evidence[t] = pp_prediction_get_evidence (prediction, t);
    }

  g_array_append_val (self->rows, row);
}

/**
 * pp_validation_add_skipped:
 * @self: a #PpValidation
 * @n: rows that could not be predicted
 *
 * Counts test rows the predictor could not describe.
 */
void
pp_validation_add_skipped (PpValidation *self,
                           guint         n)
{
  g_return_if_fail (PP_IS_VALIDATION (self));

  self->n_skipped += n;
}

/* Counts a row skipped because of @reason, a message for the user. */
static void
add_skipped_because (PpValidation *self,
                     const char   *reason)
{
  guint i;

  self->n_skipped++;
  for (i = 0; i < self->skip_reasons->len; i++)
    if (g_str_equal (self->skip_reasons->pdata[i], reason))
      break;
  if (i == self->skip_reasons->len)
    {
      guint zero = 0;

      g_ptr_array_add (self->skip_reasons, g_strdup (reason));
      g_array_append_val (self->skip_counts, zero);
    }
  g_array_index (self->skip_counts, guint, i)++;
}

/**
 * pp_validation_dup_skip_reasons:
 * @self: a #PpValidation
 *
 * Why test rows could not be predicted, as the errors that stopped them
 * said: each reason once, in the order first met (see
 * pp_validation_get_n_skipped_because() for how many rows each kept
 * out). Rows counted with pp_validation_add_skipped() have none.
 *
 * Returns: (transfer full) (array zero-terminated=1): the reasons
 */
char **
pp_validation_dup_skip_reasons (PpValidation *self)
{
  GStrvBuilder *builder;
  char **reasons;

  g_return_val_if_fail (PP_IS_VALIDATION (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->skip_reasons->len; i++)
    g_strv_builder_add (builder, self->skip_reasons->pdata[i]);
  reasons = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return reasons;
}

/**
 * pp_validation_get_n_skipped_because:
 * @self: a #PpValidation
 * @reason: one of pp_validation_dup_skip_reasons()
 *
 * Returns: the test rows @reason kept from being predicted
 */
guint
pp_validation_get_n_skipped_because (PpValidation *self,
                                     const char   *reason)
{
  g_return_val_if_fail (PP_IS_VALIDATION (self), 0);
  g_return_val_if_fail (reason != NULL, 0);

  for (guint i = 0; i < self->skip_reasons->len; i++)
    if (g_str_equal (self->skip_reasons->pdata[i], reason))
      return g_array_index (self->skip_counts, guint, i);

  return 0;
}

/**
 * pp_validation_get_n_skipped:
 * @self: a #PpValidation
 *
 * Returns: test rows that could not be predicted
 */
guint
pp_validation_get_n_skipped (PpValidation *self)
{
  g_return_val_if_fail (PP_IS_VALIDATION (self), 0);

  return self->n_skipped;
}

/**
 * pp_validation_get_n_rows:
 * @self: a #PpValidation
 *
 * Returns: the rows predicted, whatever of them was measured
 */
guint
pp_validation_get_n_rows (PpValidation *self)
{
  g_return_val_if_fail (PP_IS_VALIDATION (self), 0);

  return self->rows->len;
}

static const char *
row_group (const Row *row,
           PpColumn   group_by)
{
  switch ((int)group_by)
    {
    case PP_COLUMN_FAMILY: return row->family;
    case PP_COLUMN_HARDWARE: return row->hardware;
    case PP_COLUMN_BATCH: return row->batch;
    default: return NULL;
    }
}

static double
median (GArray *values)
{
  guint n = values->len;

  if (n == 0)
    return NAN;

  g_array_sort (values, _pp_compare_doubles);
  if (n % 2)
    return g_array_index (values, double, n / 2);

  return (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

/* The metrics of the rows in @group of @group_by (every row when @group
 * is %NULL) whose prediction of @target stood on @evidence
 * (%PP_N_EVIDENCES: whatever it stood on). */
static gboolean
collect_metrics (PpValidation        *self,
                 PpTarget             target,
                 PpColumn             group_by,
                 const char          *group,
                 PpEvidence           evidence,
                 PpValidationMetrics *metrics)
{
  g_autoptr(GArray) apes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (double));
  double sum = 0, within_10 = 0, within_25 = 0, covered = 0, with_interval = 0, confidence = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      double m = row->measured[target], p = row->predicted[target];
      double ape;

      if (isnan (m) || isnan (p) || m <= 0 ||
          (group != NULL && g_strcmp0 (row_group (row, group_by), group) != 0) ||
          (evidence != PP_N_EVIDENCES && row->evidence[target] != evidence))
        continue;

      ape = fabs (p - m) / m;
      g_array_append_val (apes, ape);
      sum += ape;
      within_10 += ape <= 0.10;
      within_25 += ape <= 0.25;

      if (!isnan (row->lower[target]) && !isnan (row->upper[target]))
        {
          double halfwidth = (row->upper[target] - row->lower[target]) / (2 * p);

          with_interval++;
          covered += row->lower[target] <= m && m <= row->upper[target];
          confidence += row->confidence[target];
          g_array_append_val (widths, halfwidth);
        }
    }

  *metrics = (PpValidationMetrics) { apes->len, NAN, NAN, NAN, NAN, NAN, NAN, NAN };
  if (apes->len == 0)
    return FALSE;

  metrics->mape = sum / apes->len;
  metrics->within_10 = within_10 / apes->len;
  metrics->within_25 = within_25 / apes->len;
  metrics->median_ape = median (apes);
  metrics->coverage_90 = with_interval ? covered / with_interval : NAN;
  metrics->median_halfwidth = median (widths);
  metrics->mean_confidence = with_interval ? confidence / with_interval : NAN;

  return TRUE;
}

/* The rows whose @target was both measured (above 0) and predicted,
 * as the metrics count them, in the order they were added. */
GArray *
_pp_validation_dup_points (PpValidation *self,
                           PpTarget      target)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (PpValidationPoint));

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      PpValidationPoint point = {
        row->measured[target], row->predicted[target], row->lower[target], row->upper[target],
        row->evidence[target],
      };

      if (!isnan (point.measured) && !isnan (point.predicted) && point.measured > 0)
        g_array_append_val (points, point);
    }

  return points;
}

/**
 * pp_validation_get_metrics:
 * @self: a #PpValidation
 * @target: which quantity
 * @group_by: %PP_COLUMN_FAMILY, %PP_COLUMN_HARDWARE or %PP_COLUMN_BATCH
 *   to restrict to one group, or %PP_COLUMN_SOURCE for all rows
 * @group: (nullable): the group, with @group_by
 * @metrics: (out caller-allocates): the metrics
 *
 * Returns: %TRUE if any row has both a measured and a predicted value
 */
gboolean
pp_validation_get_metrics (PpValidation        *self,
                           PpTarget             target,
                           PpColumn             group_by,
                           const char          *group,
                           PpValidationMetrics *metrics)
{
  g_return_val_if_fail (PP_IS_VALIDATION (self), FALSE);
  g_return_val_if_fail ((guint)target < PP_N_TARGETS, FALSE);
  g_return_val_if_fail (metrics != NULL, FALSE);

  return collect_metrics (self, target, group_by, group, PP_N_EVIDENCES, metrics);
}

/**
 * pp_validation_get_evidence_metrics:
 * @self: a #PpValidation
 * @target: which quantity
 * @evidence: what the predictions of @target stood on
 * @metrics: (out caller-allocates): the metrics
 *
 * How accurate one kind of estimate is: the metrics of the rows whose
 * prediction of @target stood on @evidence.
 *
 * Returns: %TRUE if any such row has both a measured and a predicted
 *   value
 */
gboolean
pp_validation_get_evidence_metrics (PpValidation        *self,
                                    PpTarget             target,
                                    PpEvidence           evidence,
                                    PpValidationMetrics *metrics)
{
  g_return_val_if_fail (PP_IS_VALIDATION (self), FALSE);
  g_return_val_if_fail ((guint)target < PP_N_TARGETS, FALSE);
  g_return_val_if_fail ((guint)evidence < PP_N_EVIDENCES, FALSE);
  g_return_val_if_fail (metrics != NULL, FALSE);

  return collect_metrics (self, target, PP_COLUMN_SOURCE, NULL, evidence, metrics);
}

/**
 * pp_validation_dup_groups:
 * @self: a #PpValidation
 * @group_by: %PP_COLUMN_FAMILY, %PP_COLUMN_HARDWARE or %PP_COLUMN_BATCH
 *
 * Returns: (transfer full) (array zero-terminated=1): the groups, sorted
 */
char **
pp_validation_dup_groups (PpValidation *self,
                          PpColumn      group_by)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (PP_IS_VALIDATION (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const char *g = row_group (&g_array_index (self->rows, Row, i), group_by);

      if (g != NULL && g_hash_table_add (seen, (gpointer)g))
        g_ptr_array_add (groups, g_strdup (g));
    }

  g_ptr_array_sort (groups, _pp_compare_string_ptrs);
  g_ptr_array_add (groups, NULL);

  return (char **)g_ptr_array_steal (groups, NULL);
}

static void
append_metrics_json (GString                   *out,
                     const PpValidationMetrics *m)
{
  char buf[PP_NUMBER_BUF_SIZE];
  const struct { const char *name; double value; } fields[] = {
    { "mape", m->mape }, { "median_ape", m->median_ape }, { "within_10", m->within_10 },
    { "within_25", m->within_25 }, { "coverage_90", m->coverage_90 },
    { "median_halfwidth", m->median_halfwidth }, { "mean_confidence", m->mean_confidence },
  };

  g_string_append_printf (out, "{\"n\": %u", m->n);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      double rounded = round (fields[i].value * 1e4) / 1e4;

      g_string_append_printf (out, ", \"%s\": %s", fields[i].name,
                              isnan (rounded) ? "null" : _pp_format_number (buf, rounded));
    }
  g_string_append_c (out, '}');
}

static void
append_targets_json (GString      *out,
                     PpValidation *self,
                     PpColumn      group_by,
                     const char   *group,
                     PpEvidence    evidence)
{
  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      PpValidationMetrics m;

      collect_metrics (self, t, group_by, group, evidence, &m);
      g_string_append_printf (out, "%s\"%s\": ", t ? ", " : "", pp_target_to_string (t));
      append_metrics_json (out, &m);
    }
}

static void
append_groups_json (GString      *out,
                    PpValidation *self,
                    PpColumn      group_by,
                    const char   *name)
{
  g_auto(GStrv) groups = pp_validation_dup_groups (self, group_by);

  g_string_append_printf (out, ",\n  \"%s\": {", name);
  for (guint i = 0; groups[i]; i++)
    {
      g_autofree char *key = _pp_json_escape (groups[i]);

      g_string_append_printf (out, "%s\n    %s: {", i ? "," : "", key);
      append_targets_json (out, self, group_by, groups[i], PP_N_EVIDENCES);
      g_string_append_c (out, '}');
    }
  g_string_append (out, groups[0] ? "\n  }" : "}");
}

/* Under "by_evidence", each kind of evidence some prediction stood on,
 * in the order of PpEvidence: its targets' metrics over the rows whose
 * prediction of that target stood on it. */
static void
append_evidence_json (GString      *out,
                      PpValidation *self)
{
  guint n = 0;

  g_string_append (out, ",\n  \"by_evidence\": {");
  for (guint e = 0; e < PP_N_EVIDENCES; e++)
    {
      gboolean seen = FALSE;

      for (guint t = 0; t < PP_N_TARGETS && !seen; t++)
        {
          PpValidationMetrics m;

          seen = collect_metrics (self, t, PP_COLUMN_SOURCE, NULL, e, &m);
        }
      if (!seen)
        continue;

      g_string_append_printf (out, "%s\n    \"%s\": {", n++ ? "," : "", pp_evidence_to_string (e));
      append_targets_json (out, self, PP_COLUMN_SOURCE, NULL, e);
      g_string_append_c (out, '}');
    }
  g_string_append (out, n ? "\n  }" : "}");
}

/**
 * pp_validation_to_json:
 * @self: a #PpValidation
 *
 * The report `perfcast-cli validate --json` prints: `latency`,
 * `throughput` and `memory` metrics over all rows, then the same
 * `by_family`, `by_hardware` and `by_evidence` (keyed by
 * [func@Pp.Evidence.to_string]; each target's metrics there are of the
 * rows whose prediction of that target stood on the evidence),
 * `skipped`, the rows that could not be predicted, and
 * `skipped_because`, how many each reason kept out (see
 * pp_validation_dup_skip_reasons()).
 *
 * Returns: (transfer full): the JSON text
 */
char *
pp_validation_to_json (PpValidation *self)
{
  GString *out = g_string_new ("{\n  ");

  g_return_val_if_fail (PP_IS_VALIDATION (self), NULL);

  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      PpValidationMetrics m;

      pp_validation_get_metrics (self, t, PP_COLUMN_SOURCE, NULL, &m);
      g_string_append_printf (out, "%s\"%s\": ", t ? ",\n  " : "", pp_target_to_string (t));
      append_metrics_json (out, &m);
    }
  append_groups_json (out, self, PP_COLUMN_FAMILY, "by_family");
  append_groups_json (out, self, PP_COLUMN_HARDWARE, "by_hardware");
  append_evidence_json (out, self);
  g_string_append_printf (out, ",\n  \"skipped\": %u,\n  \"skipped_because\": {", self->n_skipped);
  for (guint i = 0; i < self->skip_reasons->len; i++)
    {
      g_autofree char *key = _pp_json_escape (self->skip_reasons->pdata[i]);

      g_string_append_printf (out, "%s\n    %s: %u", i ? "," : "", key,
                              g_array_index (self->skip_counts, guint, i));
    }
  g_string_append (out, self->skip_reasons->len ? "\n  }\n}\n" : "}\n}\n");

  return g_string_free (out, FALSE);
}

static void
append_csv_number (GString *out,
                   double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (!isnan (value))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.9g", value));
}

/**
 * pp_validation_to_csv:
 * @self: a #PpValidation
 *
 * Every predicted row as CSV, one line each: the measurement's model,
 * hardware, precision, phase, batch, sequence length, input size,
 * threads and framework (what tells apart rows of one configuration
 * run at two thread counts or in two frameworks), then for
 * latency, throughput and memory the measured value, the prediction,
 * its 90% interval, its confidence and what it stood on (see
 * [func@Pp.Evidence.to_string]). Empty cells are values that were not
 * measured or not predicted.
 *
 * Returns: (transfer full): the CSV text, with a header line
 */
char *
pp_validation_to_csv (PpValidation *self)
{
  static const PpColumn identity[] = {
    PP_COLUMN_MODEL, PP_COLUMN_HARDWARE, PP_COLUMN_PRECISION,
    PP_COLUMN_PHASE, PP_COLUMN_BATCH, PP_COLUMN_SEQ_LEN,
    PP_COLUMN_INPUT_SIZE, PP_COLUMN_THREADS, PP_COLUMN_FRAMEWORK,
  };
  GString *out;

  g_return_val_if_fail (PP_IS_VALIDATION (self), NULL);

  out = g_string_new (NULL);
  for (guint c = 0; c < G_N_ELEMENTS (identity); c++)
    g_string_append_printf (out, "%s%s", c > 0 ? "," : "", pp_column_get_name (identity[c]));
  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      const char *name = pp_target_to_string (t);

      g_string_append_printf (out, ",%s_measured,%s_predicted,%s_lower,%s_upper,%s_confidence,%s_evidence",
                              name, name, name, name, name, name);
    }
  g_string_append_c (out, '\n');

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      PpMeasurement *m = row->measurement;

      for (guint c = 0; c < G_N_ELEMENTS (identity); c++)
        {
          g_autofree char *text = pp_measurement_dup_field (m, pp_column_get_name (identity[c]));

          if (c > 0)
            g_string_append_c (out, ',');
          _pp_csv_append_field (out, text);
        }
      for (guint t = 0; t < PP_N_TARGETS; t++)
        {
          append_csv_number (out, row->measured[t]);
          append_csv_number (out, row->predicted[t]);
          append_csv_number (out, row->lower[t]);
          append_csv_number (out, row->upper[t]);
          append_csv_number (out, row->lower[t] <= row->upper[t] ? row->confidence[t] : NAN);
          g_string_append_c (out, ',');
          if (!isnan (row->predicted[t]))
            g_string_append (out, pp_evidence_to_string (row->evidence[t]));
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/**
 * pp_validation_save_csv:
 * @self: a #PpValidation
 * @file: the file to write
 * @error: return location for a #GError
 *
 * Writes [method@Pp.Validation.to_csv]'s text to @file, whole or not at
 * all. A symbolic link is followed, and the file it names is replaced; a
 * device or FIFO is written to as it is.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
pp_validation_save_csv (PpValidation  *self,
                        GFile         *file,
                        GError       **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (PP_IS_VALIDATION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  csv = pp_validation_to_csv (self);
  return _pp_file_set_contents (file, csv, strlen (csv), error);
}

/**
 * pp_validation_predict_rows:
 * @self: a #PpValidation
 * @catalog: resolves the rows' models and devices
 * @predictor: the predictor under test
 * @measurements: the held-out rows
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Predicts every row of @measurements and adds it. Rows that describe
 * no predictable workload (no batch or precision, unknown model) or
 * that the predictor refuses (a device with no datasheet peaks, or one
 * the catalog does not list that the fit saw no row of) are
 * counted as skipped, with the reason (see
 * pp_validation_dup_skip_reasons()).
 *
 * Returns: %TRUE unless cancelled
 */
gboolean
pp_validation_predict_rows (PpValidation  *self,
                            PpCatalog     *catalog,
                            PpPredictor   *predictor,
                            GListModel    *measurements,
                            GCancellable  *cancellable,
                            GError       **error)
{
  guint n;

  g_return_val_if_fail (PP_IS_VALIDATION (self), FALSE);
  g_return_val_if_fail (PP_IS_PREDICTOR (predictor), FALSE);

  n = g_list_model_get_n_items (measurements);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (measurements, i);
      g_autoptr(GError) why = NULL;
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, &why);
      g_autoptr(PpPrediction) p = w ? pp_predictor_predict (predictor, w, &why) : NULL;

      if ((i & 0xff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (p != NULL)
        pp_validation_add (self, m, p);
      else
        add_skipped_because (self, why != NULL ? why->message : _("the predictor gave no reason"));
    }

  return TRUE;
}

/**
 * pp_validation_new_for_checks:
 * @catalog: resolves the rows' models and devices
 * @store: a #PpMeasurementStore
 * @fitted_at: (nullable): the checks of the fit made then, or %NULL for
 *   the checks of every fit
 * @error: return location for a #GError
 *
 * The checks stored in @store (see [method@Pp.FittedPredictor.check_store]):
 * each checked row with what a fit made before it arrived predicted.
 * Rows the fit could not predict, rows it had measured already (the
 * same workload stored again under another source: its prediction is
 * that measurement, and says nothing of the fit), and rows the catalog
 * no longer describes are counted as skipped.
 *
 * Returns: (transfer full) (nullable): the validation, or %NULL if the
 *   store cannot be read
 */
PpValidation *
pp_validation_new_for_checks (PpCatalog           *catalog,
                              PpMeasurementStore  *store,
                              const char          *fitted_at,
                              GError             **error)
{
  g_autoptr(PpValidation) self = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GArray) checks = NULL;

  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (PP_IS_MEASUREMENT_STORE (store), NULL);

  if (!(rows = _pp_measurement_store_query_checks (store, fitted_at, &checks, error)))
    return NULL;

  self = pp_validation_new ();
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (rows, i);
      g_autoptr(PpWorkload) w = pp_workload_new_from_measurement (catalog, m, NULL);
      g_autoptr(PpPrediction) p = NULL;
      const PpCheck *c = &g_array_index (checks, PpCheck, i);

      if (w == NULL || !c->predicted || c->evidence[PP_TARGET_LATENCY] == PP_EVIDENCE_MEASURED ||
          c->evidence[PP_TARGET_MEMORY] == PP_EVIDENCE_MEASURED)
        {
          self->n_skipped++;
          continue;
        }

      p = pp_prediction_new (w, PP_FITTED_PREDICTOR_NAME);
      for (guint t = 0; t < PP_N_TARGETS; t++)
        {
          pp_prediction_set_value (p, t, c->value[t], c->lower[t], c->upper[t]);
          /* The store is data, not the caller: a confidence it lost
           * (NULL, read as NaN) or that is no chance leaves none. */
          if (c->confidence[t] >= 0 && c->confidence[t] <= 1)
            pp_prediction_set_confidence (p, t, c->confidence[t]);
          pp_prediction_set_evidence (p, t, c->evidence[t]);
        }
      pp_validation_add (self, m, p);
    }

  return g_steal_pointer (&self);
}

/**
 * pp_validation_run:
 * @catalog: resolves models and devices
 * @train: the measurements to fit on
 * @test: the measurements to predict
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Fits a [class@Pp.FittedPredictor] on @train only and validates it on
 * every row of @test.
 *
 * Returns: (transfer full) (nullable): the validation
 */
PpValidation *
pp_validation_run (PpCatalog     *catalog,
                   GListModel    *train,
                   GListModel    *test,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(PpValidation) self = NULL;

  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (train), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (test), NULL);

  if (!(predictor = pp_fitted_predictor_fit (catalog, train, cancellable, error)))
    return NULL;

  self = pp_validation_new ();
  if (!pp_validation_predict_rows (self, catalog, PP_PREDICTOR (predictor), test, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

static char *
group_of (PpCatalog     *catalog,
          PpMeasurement *m,
          PpColumn       group_by)
{
  g_autoptr(PpModelSpec) model = NULL;
  g_autoptr(PpHardwareSpec) hw = NULL;

  switch ((int)group_by)
    {
    case PP_COLUMN_MODEL:
      model = pp_catalog_resolve_model (catalog, NULL, m, NULL);
      return g_strdup (model ? pp_model_spec_get_id (model) : pp_measurement_get_model (m));
    case PP_COLUMN_HARDWARE:
      hw = pp_catalog_resolve_hardware (catalog, NULL, m, NULL);
      return g_strdup (hw ? pp_hardware_spec_get_id (hw) : pp_measurement_get_hardware (m));
    default:
      return pp_measurement_dup_field (m, pp_column_get_name (group_by));
    }
}

static void
split (PpCatalog  *catalog,
       GListModel *all,
       PpColumn    group_by,
       const char *held_out,
       GListStore *train,
       GListStore *test)
{
  guint n = g_list_model_get_n_items (all);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (all, i);
      g_autofree char *g = group_of (catalog, m, group_by);

      g_list_store_append (g_strcmp0 (g, held_out) == 0 ? test : train, m);
    }
}

/**
 * pp_validation_cross:
 * @catalog: resolves models and devices
 * @measurements: all the measurements
 * @group_by: hold out one value of this column at a time
 *   (%PP_COLUMN_BATCH, %PP_COLUMN_MODEL, %PP_COLUMN_HARDWARE, …)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Grouped cross-validation: for each value of @group_by, fits on the
 * rows with other values and predicts the rows with this one, so every
 * row is predicted by a predictor that never saw its group. A fold fits
 * a predictor, which takes seconds: [func@Pp.Validation.cross_full]
 * tells how far it got.
 *
 * Returns: (transfer full) (nullable): the validation over all folds
 */
PpValidation *
pp_validation_cross (PpCatalog     *catalog,
                     GListModel    *measurements,
                     PpColumn       group_by,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return pp_validation_cross_full (catalog, measurements, group_by, NULL, NULL, cancellable, error);
}

/**
 * PpValidationProgressFunc:
 * @done: folds finished so far
 * @total: folds in all
 * @held_out: (nullable): the value of the column the next fold holds
 *   out, or %NULL once all are done
 * @user_data: (closure): the data given with the function
 *
 * Told before each fold of a cross-validation and once at its end.
 */

/**
 * pp_validation_cross_full:
 * @catalog: resolves models and devices
 * @measurements: all the measurements
 * @group_by: hold out one value of this column at a time
 * @progress: (nullable) (scope call) (closure user_data): told before
 *   each fold and at the end
 * @user_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Grouped cross-validation, as [func@Pp.Validation.cross], telling
 * @progress before each fold and once more when all are done. @progress
 * runs on the calling thread, within this call; after an error or a
 * cancellation it is not told the end.
 *
 * Returns: (transfer full) (nullable): the validation over all folds
 */
PpValidation *
pp_validation_cross_full (PpCatalog                *catalog,
                          GListModel               *measurements,
                          PpColumn                  group_by,
                          PpValidationProgressFunc  progress,
                          gpointer                  user_data,
                          GCancellable             *cancellable,
                          GError                  **error)
{
  g_autoptr(PpValidation) self = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  guint n_ungrouped = 0;

  g_return_val_if_fail (PP_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (measurements), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  self = pp_validation_new ();
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  groups = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (measurements); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (measurements, i);
      char *g = group_of (catalog, m, group_by);

      if (g == NULL)
        n_ungrouped++;
      else if (g_hash_table_add (seen, g))
        g_ptr_array_add (groups, g_strdup (g));
    }
  g_ptr_array_sort (groups, _pp_compare_string_ptrs);

  /* A row with no value to hold it out by is in every fold's training
   * rows and no fold's test: it is counted, not lost without a word. */
  if (n_ungrouped > 0)
    {
      /* Translators: %s is a column of the measurement CSV, such as batch */
      g_autofree char *why = g_strdup_printf (_("no value in the column “%s” to hold it out by"),
                                              pp_column_get_name (group_by));

      for (guint i = 0; i < n_ungrouped; i++)
        add_skipped_because (self, why);
    }

  for (guint i = 0; i < groups->len; i++)
    {
      g_autoptr(GListStore) train = g_list_store_new (PP_TYPE_MEASUREMENT);
      g_autoptr(GListStore) test = g_list_store_new (PP_TYPE_MEASUREMENT);
      g_autoptr(PpFittedPredictor) predictor = NULL;

      if (progress != NULL)
        progress (i, groups->len, groups->pdata[i], user_data);
      split (catalog, measurements, group_by, groups->pdata[i], train, test);
      if (!(predictor = pp_fitted_predictor_fit (catalog, G_LIST_MODEL (train), cancellable, error)) ||
          !pp_validation_predict_rows (self, catalog, PP_PREDICTOR (predictor),
                                       G_LIST_MODEL (test), cancellable, error))
        return NULL;
    }

  if (progress != NULL)
    progress (groups->len, groups->len, NULL, user_data);

  return g_steal_pointer (&self);
}
