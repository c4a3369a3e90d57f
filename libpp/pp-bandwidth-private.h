/* pp-bandwidth-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gsize  _pp_bandwidth_array_bytes (double memory_bytes);
double _pp_bandwidth_measure     (guint  n_threads,
                                  gsize  array_bytes,
                                  guint  passes);

G_END_DECLS
