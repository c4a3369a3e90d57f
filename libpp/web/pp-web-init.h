/* pp-web-init.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_WEB_INSIDE) && !defined (PP_WEB_COMPILATION)
# error "Only <libpp-web.h> can be included directly."
#endif

#include <glib.h>

#include "pp-web-version-macros.h"

G_BEGIN_DECLS

PP_WEB_AVAILABLE_IN_ALL
gboolean pp_web_init (GError **error);

G_END_DECLS
