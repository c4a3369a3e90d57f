/* pp-recommender.h
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
#include "pp-prediction.h"
#include "pp-predictor.h"
#include "pp-version-macros.h"
#include "pp-workload.h"

G_BEGIN_DECLS

/**
 * PpObjective:
 * @PP_OBJECTIVE_THROUGHPUT: the most items per second.
 * @PP_OBJECTIVE_LATENCY: the lowest latency per call.
 * @PP_OBJECTIVE_MEMORY: the most memory left over.
 * @PP_OBJECTIVE_EFFICIENCY: the most items per second per watt of TDP
 *   (devices whose TDP is not known rank last).
 *
 * What a recommendation optimises.
 */
typedef enum
{
  PP_OBJECTIVE_THROUGHPUT,
  PP_OBJECTIVE_LATENCY,
  PP_OBJECTIVE_MEMORY,
  PP_OBJECTIVE_EFFICIENCY,
} PpObjective;

PP_AVAILABLE_IN_ALL
gboolean    pp_objective_from_string (const char   *text,
                                      PpObjective  *objective,
                                      GError      **error);
PP_AVAILABLE_IN_ALL
const char *pp_objective_to_string   (PpObjective   objective);

#define PP_TYPE_RECOMMENDATION (pp_recommendation_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpRecommendation, pp_recommendation, PP, RECOMMENDATION, GObject)

PP_AVAILABLE_IN_ALL
PpHardwareSpec *pp_recommendation_get_hardware   (PpRecommendation *self);
PP_AVAILABLE_IN_ALL
PpPrediction   *pp_recommendation_get_prediction (PpRecommendation *self);
PP_AVAILABLE_IN_ALL
double          pp_recommendation_get_score      (PpRecommendation *self);
PP_AVAILABLE_IN_ALL
gboolean        pp_recommendation_get_feasible   (PpRecommendation *self);
PP_AVAILABLE_IN_ALL
const char     *pp_recommendation_get_reason     (PpRecommendation *self);

#define PP_TYPE_RECOMMENDER (pp_recommender_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpRecommender, pp_recommender, PP, RECOMMENDER, GObject)

PP_AVAILABLE_IN_ALL
PpRecommender *pp_recommender_new                (PpPredictor     *predictor,
                                                  PpCatalog       *catalog);
PP_AVAILABLE_IN_ALL
PpPredictor   *pp_recommender_get_predictor      (PpRecommender   *self);
PP_AVAILABLE_IN_ALL
PpCatalog     *pp_recommender_get_catalog        (PpRecommender   *self);
PP_AVAILABLE_IN_ALL
PpObjective    pp_recommender_get_objective      (PpRecommender   *self);
PP_AVAILABLE_IN_ALL
double         pp_recommender_get_max_latency_ms (PpRecommender   *self);
PP_AVAILABLE_IN_ALL
gboolean       pp_recommender_get_cautious       (PpRecommender   *self);
PP_AVAILABLE_IN_ALL
void           pp_recommender_set_objective      (PpRecommender   *self,
                                                  PpObjective      objective);
PP_AVAILABLE_IN_ALL
void           pp_recommender_set_cautious       (PpRecommender   *self,
                                                  gboolean         cautious);
PP_AVAILABLE_IN_ALL
void           pp_recommender_set_max_latency_ms (PpRecommender   *self,
                                                  double           max_latency_ms);
PP_AVAILABLE_IN_ALL
GListModel    *pp_recommender_rank               (PpRecommender   *self,
                                                  PpWorkload      *workload,
                                                  GListModel      *devices,
                                                  GError         **error);

G_END_DECLS
