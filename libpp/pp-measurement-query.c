/* pp-measurement-query.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-measurement-query.h"

#include "pp-measurement-private.h"
#include "pp-measurement-query-private.h"

/**
 * PpMeasurementQuery:
 *
 * Which measurements to read from a [class@Pp.MeasurementStore]: exact
 * matches on string columns (model, hardware, backend, precision,
 * source, family, …), a time range and a row limit. An empty query
 * matches everything.
 *
 * A measurement's time is its `timestamp` column when it has one and
 * the moment it was imported otherwise.
 */

G_DEFINE_BOXED_TYPE (PpMeasurementQuery, pp_measurement_query,
                     pp_measurement_query_ref, pp_measurement_query_unref)

/**
 * pp_measurement_query_new:
 *
 * Returns: (transfer full): a query that matches every measurement
 */
PpMeasurementQuery *
pp_measurement_query_new (void)
{
  PpMeasurementQuery *self = g_atomic_rc_box_new0 (PpMeasurementQuery);

  self->since = G_MININT64;
  self->until = G_MAXINT64;

  return self;
}

/**
 * pp_measurement_query_ref:
 * @self: a #PpMeasurementQuery
 *
 * Returns: (transfer full): @self
 */
PpMeasurementQuery *
pp_measurement_query_ref (PpMeasurementQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
query_clear (gpointer data)
{
  PpMeasurementQuery *self = data;

  for (guint i = 0; i < PP_N_COLUMNS; i++)
    g_clear_pointer (&self->filters[i], g_free);
}

/**
 * pp_measurement_query_unref:
 * @self: (transfer full): a #PpMeasurementQuery
 *
 * Drops a reference.
 */
void
pp_measurement_query_unref (PpMeasurementQuery *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, query_clear);
}

/**
 * pp_measurement_query_set_filter:
 * @self: a #PpMeasurementQuery
 * @column: a string column
 * @value: (nullable): the value to match exactly, or %NULL or an empty
 *   string for any
 *
 * Restricts the query to rows whose @column equals @value, or lifts the
 * restriction on @column.
 *
 * An empty string lifts it too, as an emptied search entry would: no
 * row holds one ([method@Pp.Measurement.set_string] stores it as not
 * reported), so an exact match on it could only match nothing.
 * [method@Pp.MeasurementQuery.get_filter] then returns %NULL.
 */
void
pp_measurement_query_set_filter (PpMeasurementQuery *self,
                                 PpColumn            column,
                                 const char         *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint)column < PP_N_COLUMNS);
  g_return_if_fail (!pp_column_is_numeric (column));

  if (value != NULL && *value == 0)
    value = NULL;

  g_free (self->filters[column]);
  self->filters[column] = g_strdup (value);
}

/**
 * pp_measurement_query_get_filter:
 * @self: a #PpMeasurementQuery
 * @column: a string column
 *
 * Returns: (nullable): the value @column must equal, or %NULL
 */
const char *
pp_measurement_query_get_filter (PpMeasurementQuery *self,
                                 PpColumn            column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint)column < PP_N_COLUMNS, NULL);

  return self->filters[column];
}

/**
 * pp_measurement_query_set_time_range:
 * @self: a #PpMeasurementQuery
 * @since: (nullable): the earliest time, inclusive
 * @until: (nullable): the latest time, inclusive
 *
 * Restricts the query to rows measured (or, with no timestamp,
 * imported) within the range, to the microsecond.
 */
void
pp_measurement_query_set_time_range (PpMeasurementQuery *self,
                                     GDateTime          *since,
                                     GDateTime          *until)
{
  g_return_if_fail (self != NULL);

  self->since = since ? _pp_date_time_to_usec (since) : G_MININT64;
  self->until = until ? _pp_date_time_to_usec (until) : G_MAXINT64;
}

/**
 * pp_measurement_query_set_limit:
 * @self: a #PpMeasurementQuery
 * @limit: the most rows to return, or 0 for no limit
 *
 * Limits the number of rows, newest first.
 */
void
pp_measurement_query_set_limit (PpMeasurementQuery *self,
                                guint               limit)
{
  g_return_if_fail (self != NULL);

  self->limit = limit;
}

/**
 * pp_measurement_query_matches:
 * @self: a #PpMeasurementQuery
 * @measurement: a #PpMeasurement
 *
 * Tests the column filters and, when @measurement has a timestamp, the
 * time range (a measurement without one is only known to the store).
 *
 * Returns: %TRUE if @measurement passes the filters
 */
gboolean
pp_measurement_query_matches (PpMeasurementQuery *self,
                              PpMeasurement      *measurement)
{
  gint64 t;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (PP_IS_MEASUREMENT (measurement), FALSE);

  for (guint i = 0; i < PP_N_COLUMNS; i++)
    {
      if (self->filters[i] != NULL &&
          g_strcmp0 (self->filters[i], pp_measurement_get_string (measurement, i)) != 0)
        return FALSE;
    }

  if (_pp_measurement_get_time (measurement, &t) && (t < self->since || t > self->until))
    return FALSE;

  return TRUE;
}
