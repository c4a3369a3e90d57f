/* perfcast-predict-page.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <libpp.h>

G_BEGIN_DECLS

#define PERFCAST_TYPE_PREDICT_PAGE (perfcast_predict_page_get_type())

G_DECLARE_FINAL_TYPE (PerfcastPredictPage, perfcast_predict_page, PERFCAST, PREDICT_PAGE, GtkWidget)

GtkWidget   *perfcast_predict_page_new             (PpCatalog           *catalog,
                                                    PpMeasurementStore  *store);
PpCatalog   *perfcast_predict_page_get_catalog     (PerfcastPredictPage *self);
PpMeasurementStore *
             perfcast_predict_page_get_store       (PerfcastPredictPage *self);
PpPredictor *perfcast_predict_page_get_predictor   (PerfcastPredictPage *self);
void         perfcast_predict_page_set_predictor   (PerfcastPredictPage *self,
                                                    PpPredictor         *predictor);
void         perfcast_predict_page_show_waiting    (PerfcastPredictPage *self,
                                                    const char          *message);
gboolean     perfcast_predict_page_select          (PerfcastPredictPage *self,
                                                    const char          *model_id,
                                                    const char          *hardware_id,
                                                    PpPrecision          precision,
                                                    PpPhase              phase,
                                                    guint                batch,
                                                    guint                seq_len);
gboolean     perfcast_predict_page_select_kv_precision (PerfcastPredictPage *self,
                                                        PpPrecision          precision);

G_END_DECLS
