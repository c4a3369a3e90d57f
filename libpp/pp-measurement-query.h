/* pp-measurement-query.h
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

#include "pp-measurement.h"
#include "pp-version-macros.h"

G_BEGIN_DECLS

#define PP_TYPE_MEASUREMENT_QUERY (pp_measurement_query_get_type())

typedef struct _PpMeasurementQuery PpMeasurementQuery;

PP_AVAILABLE_IN_ALL
GType               pp_measurement_query_get_type        (void) G_GNUC_CONST;
PP_AVAILABLE_IN_ALL
PpMeasurementQuery *pp_measurement_query_new             (void);
PP_AVAILABLE_IN_ALL
PpMeasurementQuery *pp_measurement_query_ref             (PpMeasurementQuery *self);
PP_AVAILABLE_IN_ALL
void                pp_measurement_query_unref           (PpMeasurementQuery *self);
PP_AVAILABLE_IN_ALL
void                pp_measurement_query_set_filter      (PpMeasurementQuery *self,
                                                          PpColumn            column,
                                                          const char         *value);
PP_AVAILABLE_IN_ALL
const char         *pp_measurement_query_get_filter      (PpMeasurementQuery *self,
                                                          PpColumn            column);
PP_AVAILABLE_IN_ALL
void                pp_measurement_query_set_time_range  (PpMeasurementQuery *self,
                                                          GDateTime          *since,
                                                          GDateTime          *until);
PP_AVAILABLE_IN_ALL
void                pp_measurement_query_set_limit       (PpMeasurementQuery *self,
                                                          guint               limit);
PP_AVAILABLE_IN_ALL
gboolean            pp_measurement_query_matches         (PpMeasurementQuery *self,
                                                          PpMeasurement      *measurement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PpMeasurementQuery, pp_measurement_query_unref)

G_END_DECLS
