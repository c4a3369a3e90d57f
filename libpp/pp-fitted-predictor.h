/* pp-fitted-predictor.h
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
#include "pp-measurement-store.h"
#include "pp-predictor.h"
#include "pp-version-macros.h"

G_BEGIN_DECLS

/**
 * PP_FITTED_PREDICTOR_FORMAT_VERSION:
 *
 * The version of the saved-predictor format this libpp writes and reads.
 */
#define PP_FITTED_PREDICTOR_FORMAT_VERSION 11

typedef void (*PpFitProgressFunc) (guint    done,
                                   guint    total,
                                   gpointer user_data);

#define PP_TYPE_FITTED_PREDICTOR (pp_fitted_predictor_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpFittedPredictor, pp_fitted_predictor, PP, FITTED_PREDICTOR, GObject)

PP_AVAILABLE_IN_ALL
PpFittedPredictor *pp_fitted_predictor_fit            (PpCatalog            *catalog,
                                                       GListModel           *measurements,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
PP_AVAILABLE_IN_ALL
void               pp_fitted_predictor_fit_async      (PpCatalog            *catalog,
                                                       GListModel           *measurements,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
PP_AVAILABLE_IN_ALL
PpFittedPredictor *pp_fitted_predictor_fit_finish     (GAsyncResult         *result,
                                                       GError              **error);
PP_AVAILABLE_IN_ALL
PpFittedPredictor *pp_fitted_predictor_fit_full       (PpCatalog            *catalog,
                                                       GListModel           *measurements,
                                                       PpFitProgressFunc     progress,
                                                       gpointer              progress_data,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
PP_AVAILABLE_IN_ALL
void               pp_fitted_predictor_fit_full_async (PpCatalog            *catalog,
                                                       GListModel           *measurements,
                                                       PpFitProgressFunc     progress,
                                                       gpointer              progress_data,
                                                       GDestroyNotify        progress_data_free,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
PP_AVAILABLE_IN_ALL
PpFittedPredictor *pp_fitted_predictor_load           (PpCatalog            *catalog,
                                                       GFile                *file,
                                                       GError              **error);
PP_AVAILABLE_IN_ALL
gboolean           pp_fitted_predictor_save           (PpFittedPredictor    *self,
                                                       GFile                *file,
                                                       GError              **error);
PP_AVAILABLE_IN_ALL
char              *pp_fitted_predictor_dup_default_path (void);
PP_AVAILABLE_IN_ALL
char              *pp_fitted_predictor_dup_path_for_store (PpMeasurementStore *store);
PP_AVAILABLE_IN_ALL
PpFittedPredictor *pp_fitted_predictor_load_saved_for_store (PpCatalog          *catalog,
                                                             PpMeasurementStore *store);
PP_AVAILABLE_IN_ALL
void               pp_fitted_predictor_load_saved_for_store_async (PpCatalog           *catalog,
                                                                   PpMeasurementStore  *store,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
PP_AVAILABLE_IN_ALL
PpFittedPredictor *pp_fitted_predictor_load_saved_for_store_finish (GAsyncResult  *result,
                                                                    GError       **error);
PP_AVAILABLE_IN_ALL
guint              pp_fitted_predictor_count_renewable_for_store (PpMeasurementStore *store);
PP_AVAILABLE_IN_ALL
PpFittedPredictor *pp_fitted_predictor_renew_saved_for_store (PpCatalog          *catalog,
                                                              PpMeasurementStore *store,
                                                              GCancellable       *cancellable,
                                                              GError            **error);
PP_AVAILABLE_IN_ALL
void               pp_fitted_predictor_renew_saved_for_store_async (PpCatalog           *catalog,
                                                                    PpMeasurementStore  *store,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
PP_AVAILABLE_IN_ALL
PpFittedPredictor *pp_fitted_predictor_renew_saved_for_store_finish (GAsyncResult  *result,
                                                                     GError       **error);
PP_AVAILABLE_IN_ALL
gboolean           pp_fitted_predictor_is_current_for_store (PpFittedPredictor  *self,
                                                             PpMeasurementStore *store);
PP_AVAILABLE_IN_ALL
PpFittedPredictor *pp_fitted_predictor_load_for_store (PpCatalog          *catalog,
                                                       PpMeasurementStore *store);
PP_AVAILABLE_IN_ALL
gboolean           pp_fitted_predictor_check_store    (PpFittedPredictor    *self,
                                                       PpCatalog            *catalog,
                                                       PpMeasurementStore   *store,
                                                       guint                *n_checked,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
PP_AVAILABLE_IN_ALL
gboolean           pp_fitted_predictor_predict_values (PpFittedPredictor    *self,
                                                       PpWorkload           *workload,
                                                       PpPredictionValues   *values,
                                                       GError              **error);
PP_AVAILABLE_IN_ALL
guint              pp_fitted_predictor_get_n_training (PpFittedPredictor    *self);
PP_AVAILABLE_IN_ALL
guint              pp_fitted_predictor_get_n_skipped  (PpFittedPredictor    *self);
PP_AVAILABLE_IN_ALL
void               pp_fitted_predictor_set_data_stamp (PpFittedPredictor    *self,
                                                       const char           *stamp);
PP_AVAILABLE_IN_ALL
const char        *pp_fitted_predictor_get_data_stamp (PpFittedPredictor    *self);
PP_AVAILABLE_IN_ALL
const char        *pp_fitted_predictor_get_fitted_at  (PpFittedPredictor    *self);

G_END_DECLS
