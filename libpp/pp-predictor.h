/* pp-predictor.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_INSIDE) && !defined (PP_COMPILATION)
# error "Only <libpp.h> can be included directly."
#endif

#include <glib-object.h>

#include "pp-prediction.h"
#include "pp-version-macros.h"
#include "pp-workload.h"

G_BEGIN_DECLS

#define PP_TYPE_PREDICTOR (pp_predictor_get_type ())

PP_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (PpPredictor, pp_predictor, PP, PREDICTOR, GObject)

/**
 * PpPredictorInterface:
 * @parent_iface: the parent interface
 * @predict: predicts a workload; must be deterministic (the same
 *   workload always gets the same prediction) and safe to call from
 *   several threads at once
 * @get_name: a short name recorded as each prediction's provenance
 *
 * The interface new predictors implement.
 */
struct _PpPredictorInterface
{
  GTypeInterface parent_iface;

  PpPrediction *(*predict)  (PpPredictor  *self,
                             PpWorkload   *workload,
                             GError      **error);
  const char   *(*get_name) (PpPredictor  *self);
};

PP_AVAILABLE_IN_ALL
PpPrediction *pp_predictor_predict  (PpPredictor  *self,
                                     PpWorkload   *workload,
                                     GError      **error);
PP_AVAILABLE_IN_ALL
const char   *pp_predictor_get_name (PpPredictor  *self);
PP_AVAILABLE_IN_ALL
guint         pp_predictor_max_batch   (PpPredictor  *self,
                                        PpWorkload   *workload,
                                        double        budget_bytes,
                                        GError      **error);
PP_AVAILABLE_IN_ALL
guint         pp_predictor_max_context (PpPredictor  *self,
                                        PpWorkload   *workload,
                                        double        budget_bytes,
                                        GError      **error);

G_END_DECLS
