/* pp-ensemble-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A gradient-boosted tree ensemble. XGBoost trains it; Perfcast then
 * keeps the trees in flat arrays and walks them itself, which makes a
 * prediction a few hundred array reads (no DMatrix, no allocation) and
 * lets a saved predictor load without XGBoost's own model format.
 */
typedef struct _PpEnsemble PpEnsemble;

typedef struct
{
  guint rounds;
  guint max_depth;
  double eta;
  double min_child_weight;
  double lambda;
} PpEnsembleParams;

PpEnsemble *_pp_ensemble_train      (const float             *features,
                                     const float             *labels,
                                     guint                    n_rows,
                                     guint                    n_features,
                                     const PpEnsembleParams  *params,
                                     GError                 **error);
double      _pp_ensemble_predict    (const PpEnsemble        *self,
                                     const float             *features);
guint       _pp_ensemble_get_n_trees (const PpEnsemble       *self);
JsonNode   *_pp_ensemble_to_json    (const PpEnsemble        *self);
PpEnsemble *_pp_ensemble_from_json  (JsonNode                *node,
                                     guint                    n_features,
                                     GError                 **error);
void        _pp_ensemble_free       (PpEnsemble              *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PpEnsemble, _pp_ensemble_free)

G_END_DECLS
