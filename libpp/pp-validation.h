/* pp-validation.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_INSIDE) && !defined (PP_COMPILATION)
# error "Only <libpp.h> can be included directly."
#endif

#include <gio/gio.h>

#include "pp-catalog.h"
#include "pp-measurement.h"
#include "pp-measurement-store.h"
#include "pp-prediction.h"
#include "pp-predictor.h"
#include "pp-version-macros.h"

G_BEGIN_DECLS

#define PP_TYPE_VALIDATION_METRICS (pp_validation_metrics_get_type())

typedef struct _PpValidationMetrics PpValidationMetrics;

/**
 * PpValidationMetrics:
 * @n: rows with both a measured and a predicted value
 * @mape: mean of |predicted − measured| / measured
 * @median_ape: median of the same
 * @within_10: fraction of rows within ±10% of the measurement
 * @within_25: fraction of rows within ±25%
 * @coverage_90: fraction of measurements inside the 90% interval
 * @median_halfwidth: median of the interval's half-width relative to
 *   the prediction
 * @mean_confidence: mean of the confidence of predictions with an
 *   interval: the chance they gave themselves of landing within ±25%,
 *   to hold against @within_25
 *
 * How well predictions matched measurements. Fractions, not percent.
 */
struct _PpValidationMetrics
{
  guint n;
  double mape;
  double median_ape;
  double within_10;
  double within_25;
  double coverage_90;
  double median_halfwidth;
  double mean_confidence;
};

PP_AVAILABLE_IN_ALL
GType pp_validation_metrics_get_type (void) G_GNUC_CONST;

typedef void (*PpValidationProgressFunc) (guint       done,
                                          guint       total,
                                          const char *held_out,
                                          gpointer    user_data);

#define PP_TYPE_VALIDATION (pp_validation_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpValidation, pp_validation, PP, VALIDATION, GObject)

PP_AVAILABLE_IN_ALL
PpValidation *pp_validation_new          (void);
PP_AVAILABLE_IN_ALL
void          pp_validation_add          (PpValidation        *self,
                                          PpMeasurement       *measurement,
                                          PpPrediction        *prediction);
PP_AVAILABLE_IN_ALL
void          pp_validation_add_skipped  (PpValidation        *self,
                                          guint                n);
PP_AVAILABLE_IN_ALL
guint         pp_validation_get_n_skipped (PpValidation       *self);
PP_AVAILABLE_IN_ALL
char        **pp_validation_dup_skip_reasons      (PpValidation *self);
PP_AVAILABLE_IN_ALL
guint         pp_validation_get_n_skipped_because (PpValidation *self,
                                                   const char   *reason);
PP_AVAILABLE_IN_ALL
guint         pp_validation_get_n_rows   (PpValidation        *self);
PP_AVAILABLE_IN_ALL
gboolean      pp_validation_get_metrics  (PpValidation        *self,
                                          PpTarget             target,
                                          PpColumn             group_by,
                                          const char          *group,
                                          PpValidationMetrics *metrics);
PP_AVAILABLE_IN_ALL
gboolean      pp_validation_get_evidence_metrics (PpValidation        *self,
                                                  PpTarget             target,
                                                  PpEvidence           evidence,
                                                  PpValidationMetrics *metrics);
PP_AVAILABLE_IN_ALL
char        **pp_validation_dup_groups   (PpValidation        *self,
                                          PpColumn             group_by);
PP_AVAILABLE_IN_ALL
char         *pp_validation_to_json      (PpValidation        *self);
PP_AVAILABLE_IN_ALL
char         *pp_validation_to_csv       (PpValidation        *self);
PP_AVAILABLE_IN_ALL
gboolean      pp_validation_save_csv     (PpValidation        *self,
                                          GFile               *file,
                                          GError             **error);
PP_AVAILABLE_IN_ALL
gboolean      pp_validation_predict_rows (PpValidation        *self,
                                          PpCatalog           *catalog,
                                          PpPredictor         *predictor,
                                          GListModel          *measurements,
                                          GCancellable        *cancellable,
                                          GError             **error);
PP_AVAILABLE_IN_ALL
PpValidation *pp_validation_new_for_checks (PpCatalog           *catalog,
                                            PpMeasurementStore  *store,
                                            const char          *fitted_at,
                                            GError             **error);
PP_AVAILABLE_IN_ALL
PpValidation *pp_validation_run          (PpCatalog           *catalog,
                                          GListModel          *train,
                                          GListModel          *test,
                                          GCancellable        *cancellable,
                                          GError             **error);
PP_AVAILABLE_IN_ALL
PpValidation *pp_validation_cross        (PpCatalog           *catalog,
                                          GListModel          *measurements,
                                          PpColumn             group_by,
                                          GCancellable        *cancellable,
                                          GError             **error);
PP_AVAILABLE_IN_ALL
PpValidation *pp_validation_cross_full   (PpCatalog                *catalog,
                                          GListModel               *measurements,
                                          PpColumn                  group_by,
                                          PpValidationProgressFunc  progress,
                                          gpointer                  user_data,
                                          GCancellable             *cancellable,
                                          GError                  **error);

G_END_DECLS
