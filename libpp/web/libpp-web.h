/* libpp-web.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libpp.h>

G_BEGIN_DECLS

#define PP_WEB_INSIDE
# include "pp-web-version-macros.h"
# include "pp-web-backend.h"
# include "pp-web-capabilities.h"
# include "pp-web-enums.h"
# include "pp-web-error.h"
# include "pp-web-init.h"
# include "pp-web-job.h"
# include "pp-web-pool.h"
#undef PP_WEB_INSIDE

G_END_DECLS
