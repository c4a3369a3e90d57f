/* pp-bandwidth-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Arrays of at least this many bytes each are taken to be beyond the
 * last-level cache of the share of a machine a process gets (see
 * _pp_bandwidth_array_bytes()). */
#define PP_BANDWIDTH_MIN_ARRAY_BYTES ((gsize)32 << 20)

gsize  _pp_bandwidth_array_bytes (double memory_bytes);
double _pp_bandwidth_measure     (guint  n_threads,
                                  gsize  array_bytes,
                                  guint  passes);

G_END_DECLS
