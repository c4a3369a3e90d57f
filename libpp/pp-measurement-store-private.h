/* pp-measurement-store-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "pp-measurement-store.h"
#include "pp-prediction.h"

G_BEGIN_DECLS

/* A check: what a fit predicted for a measurement it had not seen (see
 * pp_fitted_predictor_check_store()). */
typedef struct
{
  char *fitted_at;             /* the fit's (pp_fitted_predictor_get_fitted_at()) */
  gint64 checked_at;           /* Unix seconds */
  guint n_training;
  gboolean predicted;          /* FALSE: the fit could not describe the row */
  double value[PP_N_TARGETS];
  double lower[PP_N_TARGETS];
  double upper[PP_N_TARGETS];
  double confidence[PP_N_TARGETS];
  PpEvidence evidence[PP_N_TARGETS];
} PpCheck;

void        _pp_check_clear                       (PpCheck            *check);
gboolean    _pp_measurement_store_rows_in_stamp   (PpMeasurementStore *self,
                                                   const char         *stamp,
                                                   guint64            *n_rows);
GListModel *_pp_measurement_store_query_unchecked (PpMeasurementStore *self,
                                                   guint64             n_seen,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
gboolean    _pp_measurement_store_add_checks      (PpMeasurementStore *self,
                                                   GListModel         *measurements,
                                                   const PpCheck      *checks,
                                                   guint              *n_added,
                                                   GError            **error);
GListModel *_pp_measurement_store_query_checks    (PpMeasurementStore *self,
                                                   const char         *fitted_at,
                                                   GArray            **checks,
                                                   GError            **error);

G_END_DECLS
