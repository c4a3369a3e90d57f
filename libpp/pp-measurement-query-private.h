/* pp-measurement-query-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "pp-measurement-query.h"

G_BEGIN_DECLS

struct _PpMeasurementQuery
{
  /* Owned; NULL means "any value". Only string columns can be filtered. */
  char *filters[PP_N_COLUMNS];
  /* Microseconds since the Unix epoch; G_MININT64/G_MAXINT64 when
   * open-ended. */
  gint64 since;
  gint64 until;
  guint limit;
};

G_END_DECLS
