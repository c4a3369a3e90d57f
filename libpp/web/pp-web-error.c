/* pp-web-error.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-error.h"

G_DEFINE_QUARK (pp-web-error-quark, pp_web_error)
