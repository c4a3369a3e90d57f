/* pp-web-backend.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-backend.h"

#include <glib/gi18n-lib.h>

#include "pp-web-error.h"

static const char * const backend_names[] = { "wasm", "webgl", "webgpu", "webnn", "cpu" };

/* The catalog's devices for measurements made in a web view. They are
 * bound to the host `local`, whose CPU name each measurement records in
 * its `host_cpu` column. There is no catalog device for TensorFlow.js's
 * plain JavaScript backend yet: its rows resolve through their
 * hardware_kind and backend columns.
 */
static const char * const hardware_ids[] = {
  "webkitgtk-wasm", "webkitgtk-webgl", "webkitgtk-webgpu", "webkitgtk-webnn", "webkitgtk-js",
};

static const char * const runtime_names[] = { "ort", "tfjs" };
static const char * const runtime_packages[] = { "onnxruntime-web", "tensorflow.js" };

/**
 * pp_web_backend_to_string:
 * @backend: a #PpWebBackend
 *
 * Returns: the backend's name as the measurement CSV spells it (`wasm`,
 *   `webgl`, `webgpu`, `webnn`, `cpu`)
 */
const char *
pp_web_backend_to_string (PpWebBackend backend)
{
  g_return_val_if_fail ((guint)backend < G_N_ELEMENTS (backend_names), NULL);

  return backend_names[backend];
}

/**
 * pp_web_backend_from_string:
 * @text: a backend name
 * @backend: (out): the backend
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @text names a backend
 */
gboolean
pp_web_backend_from_string (const char    *text,
                            PpWebBackend  *backend,
                            GError       **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (backend != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (backend_names); i++)
    {
      if (g_ascii_strcasecmp (text, backend_names[i]) == 0)
        {
          *backend = i;
          return TRUE;
        }
    }

  g_set_error (error, PP_WEB_ERROR, PP_WEB_ERROR_UNAVAILABLE,
               _("Unknown web backend “%s”: use wasm, webgl, webgpu, webnn or cpu"), text);
  return FALSE;
}

/**
 * pp_web_backend_get_hardware_id:
 * @backend: a #PpWebBackend
 *
 * The `hardware` of measurements made with @backend: a catalog device
 * such as `webkitgtk-wasm`, bound to the host `local`.
 *
 * Returns: the hardware id
 */
const char *
pp_web_backend_get_hardware_id (PpWebBackend backend)
{
  g_return_val_if_fail ((guint)backend < G_N_ELEMENTS (hardware_ids), NULL);

  return hardware_ids[backend];
}

/**
 * pp_web_runtime_to_string:
 * @runtime: a #PpWebRuntime
 *
 * Returns: the runtime's short name, `ort` or `tfjs`
 */
const char *
pp_web_runtime_to_string (PpWebRuntime runtime)
{
  g_return_val_if_fail ((guint)runtime < G_N_ELEMENTS (runtime_names), NULL);

  return runtime_names[runtime];
}

/**
 * pp_web_runtime_from_string:
 * @text: `ort`, `tfjs` or a package name
 * @runtime: (out): the runtime
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @text names a runtime
 */
gboolean
pp_web_runtime_from_string (const char    *text,
                            PpWebRuntime  *runtime,
                            GError       **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (runtime != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (runtime_names); i++)
    {
      if (g_ascii_strcasecmp (text, runtime_names[i]) == 0 ||
          g_ascii_strcasecmp (text, runtime_packages[i]) == 0)
        {
          *runtime = i;
          return TRUE;
        }
    }

  g_set_error (error, PP_WEB_ERROR, PP_WEB_ERROR_UNAVAILABLE,
               _("Unknown web runtime “%s”: use ort (onnxruntime-web) or tfjs (TensorFlow.js)"), text);
  return FALSE;
}

/**
 * pp_web_runtime_get_package:
 * @runtime: a #PpWebRuntime
 *
 * Returns: the npm package's name, as measurements record it
 */
const char *
pp_web_runtime_get_package (PpWebRuntime runtime)
{
  g_return_val_if_fail ((guint)runtime < G_N_ELEMENTS (runtime_packages), NULL);

  return runtime_packages[runtime];
}

/**
 * pp_web_runtime_supports_backend:
 * @runtime: a #PpWebRuntime
 * @backend: a #PpWebBackend
 *
 * Whether @runtime has @backend at all, whatever the engine offers:
 * onnxruntime-web 1.30 runs on wasm, webgpu and webnn (its WebGL
 * provider is deprecated and not shipped here), TensorFlow.js on wasm,
 * webgl, cpu and webgpu.
 *
 * Returns: %TRUE if the pair exists
 */
gboolean
pp_web_runtime_supports_backend (PpWebRuntime runtime,
                                 PpWebBackend backend)
{
  g_return_val_if_fail ((guint)runtime < G_N_ELEMENTS (runtime_names), FALSE);
  g_return_val_if_fail ((guint)backend < G_N_ELEMENTS (backend_names), FALSE);

  if (runtime == PP_WEB_RUNTIME_ORT)
    return backend == PP_WEB_BACKEND_WASM || backend == PP_WEB_BACKEND_WEBGPU ||
           backend == PP_WEB_BACKEND_WEBNN;

  return backend != PP_WEB_BACKEND_WEBNN;
}
