/* pp-web-pool-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "pp-web-pool.h"

G_BEGIN_DECLS

guint _pp_web_pool_get_n_running (PpWebPool *self);

G_END_DECLS
