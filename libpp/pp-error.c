/* pp-error.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-error.h"

G_DEFINE_QUARK (pp-error-quark, pp_error)
