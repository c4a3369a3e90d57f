/* pp-web-backend.h
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

/**
 * PpWebBackend:
 * @PP_WEB_BACKEND_WASM: WebAssembly (SIMD, threads when available)
 * @PP_WEB_BACKEND_WEBGL: WebGL 2
 * @PP_WEB_BACKEND_WEBGPU: WebGPU
 * @PP_WEB_BACKEND_WEBNN: WebNN
 * @PP_WEB_BACKEND_CPU: plain JavaScript (TensorFlow.js's cpu backend)
 *
 * Where a page computes.
 */
typedef enum
{
  PP_WEB_BACKEND_WASM,
  PP_WEB_BACKEND_WEBGL,
  PP_WEB_BACKEND_WEBGPU,
  PP_WEB_BACKEND_WEBNN,
  PP_WEB_BACKEND_CPU,
} PpWebBackend;

/**
 * PpWebRuntime:
 * @PP_WEB_RUNTIME_ORT: onnxruntime-web (wasm, webgpu and webnn
 *   execution providers)
 * @PP_WEB_RUNTIME_TFJS: TensorFlow.js (wasm, webgl, cpu and webgpu
 *   backends)
 *
 * The machine-learning runtime a page runs a model with.
 */
typedef enum
{
  PP_WEB_RUNTIME_ORT,
  PP_WEB_RUNTIME_TFJS,
} PpWebRuntime;

PP_WEB_AVAILABLE_IN_ALL
const char *pp_web_backend_to_string           (PpWebBackend   backend);
PP_WEB_AVAILABLE_IN_ALL
gboolean    pp_web_backend_from_string         (const char    *text,
                                                PpWebBackend  *backend,
                                                GError       **error);
PP_WEB_AVAILABLE_IN_ALL
const char *pp_web_backend_get_hardware_id     (PpWebBackend   backend);
PP_WEB_AVAILABLE_IN_ALL
const char *pp_web_runtime_to_string           (PpWebRuntime   runtime);
PP_WEB_AVAILABLE_IN_ALL
gboolean    pp_web_runtime_from_string         (const char    *text,
                                                PpWebRuntime  *runtime,
                                                GError       **error);
PP_WEB_AVAILABLE_IN_ALL
const char *pp_web_runtime_get_package         (PpWebRuntime   runtime);
PP_WEB_AVAILABLE_IN_ALL
gboolean    pp_web_runtime_supports_backend    (PpWebRuntime   runtime,
                                                PpWebBackend   backend);

G_END_DECLS
