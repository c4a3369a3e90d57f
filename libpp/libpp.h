/* libpp.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PP_INSIDE
# include "pp-version.h"
# include "pp-version-macros.h"
# include "pp-accuracy-chart.h"
# include "pp-catalog.h"
# include "pp-chart.h"
# include "pp-enums.h"
# include "pp-error.h"
# include "pp-fitted-predictor.h"
# include "pp-hardware-spec.h"
# include "pp-measurement.h"
# include "pp-measurement-list.h"
# include "pp-measurement-query.h"
# include "pp-measurement-store.h"
# include "pp-model-spec.h"
# include "pp-prediction.h"
# include "pp-precision.h"
# include "pp-predictor.h"
# include "pp-recommender.h"
# include "pp-roofline.h"
# include "pp-throughput-chart.h"
# include "pp-validation.h"
# include "pp-workload.h"
#undef PP_INSIDE

G_END_DECLS
