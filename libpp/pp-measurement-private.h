/* pp-measurement-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "pp-measurement.h"

G_BEGIN_DECLS

void     _pp_measurement_set_id          (PpMeasurement *self,
                                          gint64         id);
guint64  _pp_measurement_compute_key     (PpMeasurement *self);
guint    _pp_measurement_get_n_extra     (PpMeasurement *self);
void     _pp_measurement_get_nth_extra   (PpMeasurement *self,
                                          guint          n,
                                          const char   **key,
                                          const char   **value);
gboolean _pp_measurement_get_unix_time   (PpMeasurement *self,
                                          gint64        *unix_time);
gboolean _pp_measurement_get_time        (PpMeasurement *self,
                                          gint64        *usec);
gboolean _pp_measurement_parse_time      (const char    *text,
                                          gint64        *usec);
gint64   _pp_date_time_to_usec           (GDateTime     *dt);
gboolean _pp_measurement_check_column    (PpMeasurement *self,
                                          PpColumn       column,
                                          GError       **error);
gboolean _pp_measurement_check_row       (PpMeasurement *self,
                                          GError       **error);

G_END_DECLS
