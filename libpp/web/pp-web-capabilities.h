/* pp-web-capabilities.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_WEB_INSIDE) && !defined (PP_WEB_COMPILATION)
# error "Only <libpp-web.h> can be included directly."
#endif

#include <glib-object.h>

#include "pp-web-backend.h"
#include "pp-web-version-macros.h"

G_BEGIN_DECLS

#define PP_WEB_TYPE_CAPABILITIES (pp_web_capabilities_get_type())

PP_WEB_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpWebCapabilities, pp_web_capabilities, PP_WEB, CAPABILITIES, GObject)

PP_WEB_AVAILABLE_IN_ALL
gboolean    pp_web_capabilities_has_backend          (PpWebCapabilities  *self,
                                                      PpWebBackend        backend,
                                                      const char        **reason);
PP_WEB_AVAILABLE_IN_ALL
const char *pp_web_capabilities_get_user_agent       (PpWebCapabilities  *self);
PP_WEB_AVAILABLE_IN_ALL
const char *pp_web_capabilities_get_webkit_version   (PpWebCapabilities  *self);
PP_WEB_AVAILABLE_IN_ALL
guint       pp_web_capabilities_get_cores            (PpWebCapabilities  *self);
PP_WEB_AVAILABLE_IN_ALL
gboolean    pp_web_capabilities_get_wasm_simd        (PpWebCapabilities  *self);
PP_WEB_AVAILABLE_IN_ALL
gboolean    pp_web_capabilities_get_wasm_threads     (PpWebCapabilities  *self);
PP_WEB_AVAILABLE_IN_ALL
gboolean    pp_web_capabilities_get_wasm_relaxed_simd (PpWebCapabilities *self);
PP_WEB_AVAILABLE_IN_ALL
const char *pp_web_capabilities_get_webgl_renderer   (PpWebCapabilities  *self);
PP_WEB_AVAILABLE_IN_ALL
char       *pp_web_capabilities_to_json              (PpWebCapabilities  *self);

G_END_DECLS
