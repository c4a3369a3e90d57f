/* pp-web-scheme-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "pp-web-backend.h"

G_BEGIN_DECLS

#define PP_WEB_SCHEME "perfcast-web"
#define PP_WEB_RUNNER_URI PP_WEB_SCHEME "://runner/page/runner.html"

void        _pp_web_scheme_register         (WebKitWebContext  *context);
const char *_pp_web_scheme_get_vendor_dir   (void);
gboolean    _pp_web_scheme_check_runtime    (PpWebRuntime       runtime,
                                             PpWebBackend       backend,
                                             GError           **error);
gboolean    _pp_web_scheme_check_files      (GError          **error);
GBytes     *_pp_web_scheme_dup_bridge       (void);

G_END_DECLS
