/* pp-web-capabilities.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-capabilities.h"

#include <glib/gi18n-lib.h>
#include <webkit/webkit.h>

#include "pp-json-private.h"
#include "pp-web-error.h"
#include "pp-web-private.h"

/**
 * PpWebCapabilities:
 *
 * What the web engine really offers a page, found by trying each feature
 * in a pooled view: WebAssembly (SIMD, threads through
 * `SharedArrayBuffer`, relaxed SIMD), WebGL 2 and its renderer, WebGPU
 * (whether `navigator.gpu` exists and returns an adapter, and the
 * adapter's description), WebNN (whether `navigator.ml.createContext()`
 * works) and the number of cores the page sees. Each missing feature
 * comes with the reason it is missing.
 *
 * Get one with [method@PpWeb.Pool.get_capabilities_async].
 */

struct _PpWebCapabilities
{
  GObject parent_instance;

  JsonObject *json;
};

enum {
  PROP_0,
  PROP_USER_AGENT,
  PROP_WEBKIT_VERSION,
  PROP_CORES,
  PROP_WASM_SIMD,
  PROP_WASM_THREADS,
  PROP_WASM_RELAXED_SIMD,
  PROP_WEBGL_RENDERER,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PpWebCapabilities, pp_web_capabilities, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* The page's sections, one per backend, in PpWebBackend order; the cpu
 * backend is plain JavaScript and always there.
 */
static const char * const sections[] = { "wasm", "webgl2", "webgpu", "webnn", NULL };

static JsonObject *
section (PpWebCapabilities *self,
         const char        *name)
{
  return json_object_get_object_member (self->json, name);
}

static gboolean
section_bool (PpWebCapabilities *self,
              const char        *name,
              const char        *member)
{
  JsonNode *node = json_object_get_member (section (self, name), member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static gboolean
section_is_valid (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonObject *s;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  s = json_node_get_object (node);
  node = json_object_get_member (s, "available");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  /* A missing feature must say why. */
  return json_node_get_boolean (node) || _pp_json_get_string (s, "reason") != NULL;
}

static gboolean
is_valid (JsonObject *object)
{
  JsonNode *cores = json_object_get_member (object, "cores");

  if (cores == NULL || !JSON_NODE_HOLDS_VALUE (cores) ||
      json_node_get_value_type (cores) != G_TYPE_INT64 ||
      json_node_get_int (cores) < 0 || json_node_get_int (cores) > G_MAXUINT ||
      _pp_json_get_string (object, "user_agent") == NULL)
    return FALSE;

  for (guint i = 0; sections[i]; i++)
    {
      if (!section_is_valid (object, sections[i]))
        return FALSE;
    }

  return TRUE;
}

static void
pp_web_capabilities_finalize (GObject *object)
{
  PpWebCapabilities *self = (PpWebCapabilities *)object;

  g_clear_pointer (&self->json, json_object_unref);

  G_OBJECT_CLASS (pp_web_capabilities_parent_class)->finalize (object);
}

static void
pp_web_capabilities_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PpWebCapabilities *self = PP_WEB_CAPABILITIES (object);

  switch (prop_id)
    {
    case PROP_USER_AGENT:
      g_value_set_string (value, pp_web_capabilities_get_user_agent (self));
      break;
    case PROP_WEBKIT_VERSION:
      g_value_set_string (value, pp_web_capabilities_get_webkit_version (self));
      break;
    case PROP_CORES:
      g_value_set_uint (value, pp_web_capabilities_get_cores (self));
      break;
    case PROP_WASM_SIMD:
      g_value_set_boolean (value, pp_web_capabilities_get_wasm_simd (self));
      break;
    case PROP_WASM_THREADS:
      g_value_set_boolean (value, pp_web_capabilities_get_wasm_threads (self));
      break;
    case PROP_WASM_RELAXED_SIMD:
      g_value_set_boolean (value, pp_web_capabilities_get_wasm_relaxed_simd (self));
      break;
    case PROP_WEBGL_RENDERER:
      g_value_set_string (value, pp_web_capabilities_get_webgl_renderer (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pp_web_capabilities_class_init (PpWebCapabilitiesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pp_web_capabilities_finalize;
  object_class->get_property = pp_web_capabilities_get_property;

  /**
   * PpWebCapabilities:user-agent:
   *
   * The engine's user agent string.
   */
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpWebCapabilities:webkit-version:
   *
   * The version of WebKitGTK, e.g. "2.50.6".
   */
  properties[PROP_WEBKIT_VERSION] =
    g_param_spec_string ("webkit-version", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpWebCapabilities:cores:
   *
   * `navigator.hardwareConcurrency` as the page sees it (WebKit may
   * round it, e.g. 4 on a 2-core machine).
   */
  properties[PROP_CORES] =
    g_param_spec_uint ("cores", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpWebCapabilities:wasm-simd:
   *
   * Whether WebAssembly SIMD128 validates.
   */
  properties[PROP_WASM_SIMD] =
    g_param_spec_boolean ("wasm-simd", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpWebCapabilities:wasm-threads:
   *
   * Whether `SharedArrayBuffer` exists and shared-memory atomics validate.
   */
  properties[PROP_WASM_THREADS] =
    g_param_spec_boolean ("wasm-threads", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpWebCapabilities:wasm-relaxed-simd:
   *
   * Whether WebAssembly relaxed SIMD validates.
   */
  properties[PROP_WASM_RELAXED_SIMD] =
    g_param_spec_boolean ("wasm-relaxed-simd", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * PpWebCapabilities:webgl-renderer:
   *
   * The WebGL 2 renderer string, or %NULL without WebGL 2.
   */
  properties[PROP_WEBGL_RENDERER] =
    g_param_spec_string ("webgl-renderer", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pp_web_capabilities_init (PpWebCapabilities *self)
{
}

/*
 * _pp_web_capabilities_new_from_json:
 * @object: the page's answer
 *
 * Checks the page's answer and adds what only this side knows (the
 * WebKitGTK version, the host's cores).
 *
 * Returns: (transfer full): the capabilities, or %NULL if the answer is
 *   malformed
 */
PpWebCapabilities *
_pp_web_capabilities_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  PpWebCapabilities *self;
  g_autofree char *version = NULL;

  if (!is_valid (object))
    {
      g_set_error_literal (error, PP_WEB_ERROR, PP_WEB_ERROR_PAGE,
                           _("The runner page answered the capability probe with malformed data"));
      return NULL;
    }

  version = g_strdup_printf ("%u.%u.%u", webkit_get_major_version (), webkit_get_minor_version (),
                             webkit_get_micro_version ());
  self = g_object_new (PP_WEB_TYPE_CAPABILITIES, NULL);
  self->json = json_object_ref (object);
  json_object_set_string_member (self->json, "webkit_version", version);
  json_object_set_int_member (self->json, "host_cores", g_get_num_processors ());

  return self;
}

/**
 * pp_web_capabilities_has_backend:
 * @self: a #PpWebCapabilities
 * @backend: a #PpWebBackend
 * @reason: (out) (optional) (transfer none) (nullable): why @backend is
 *   missing
 *
 * Returns: %TRUE if pages can use @backend
 */
gboolean
pp_web_capabilities_has_backend (PpWebCapabilities  *self,
                                 PpWebBackend        backend,
                                 const char        **reason)
{
  JsonObject *s;

  g_return_val_if_fail (PP_WEB_IS_CAPABILITIES (self), FALSE);

  if (reason != NULL)
    *reason = NULL;
  if (backend == PP_WEB_BACKEND_CPU)
    return TRUE;

  g_return_val_if_fail ((guint)backend < G_N_ELEMENTS (sections) - 1, FALSE);

  s = section (self, sections[backend]);
  if (json_object_get_boolean_member (s, "available"))
    return TRUE;

  if (reason != NULL)
    *reason = _pp_json_get_string (s, "reason");
  return FALSE;
}

/**
 * pp_web_capabilities_get_user_agent:
 * @self: a #PpWebCapabilities
 *
 * Returns: the engine's user agent
 */
const char *
pp_web_capabilities_get_user_agent (PpWebCapabilities *self)
{
  g_return_val_if_fail (PP_WEB_IS_CAPABILITIES (self), NULL);

  return json_object_get_string_member (self->json, "user_agent");
}

/**
 * pp_web_capabilities_get_webkit_version:
 * @self: a #PpWebCapabilities
 *
 * Returns: the WebKitGTK version
 */
const char *
pp_web_capabilities_get_webkit_version (PpWebCapabilities *self)
{
  g_return_val_if_fail (PP_WEB_IS_CAPABILITIES (self), NULL);

  return json_object_get_string_member (self->json, "webkit_version");
}

/**
 * pp_web_capabilities_get_cores:
 * @self: a #PpWebCapabilities
 *
 * Returns: the cores the page sees
 */
guint
pp_web_capabilities_get_cores (PpWebCapabilities *self)
{
  g_return_val_if_fail (PP_WEB_IS_CAPABILITIES (self), 0);

  return json_object_get_int_member (self->json, "cores");
}

/**
 * pp_web_capabilities_get_wasm_simd:
 * @self: a #PpWebCapabilities
 *
 * Returns: whether WebAssembly SIMD128 works
 */
gboolean
pp_web_capabilities_get_wasm_simd (PpWebCapabilities *self)
{
  g_return_val_if_fail (PP_WEB_IS_CAPABILITIES (self), FALSE);

  return section_bool (self, "wasm", "simd");
}

/**
 * pp_web_capabilities_get_wasm_threads:
 * @self: a #PpWebCapabilities
 *
 * Returns: whether WebAssembly threads work
 */
gboolean
pp_web_capabilities_get_wasm_threads (PpWebCapabilities *self)
{
  g_return_val_if_fail (PP_WEB_IS_CAPABILITIES (self), FALSE);

  return section_bool (self, "wasm", "threads");
}

/**
 * pp_web_capabilities_get_wasm_relaxed_simd:
 * @self: a #PpWebCapabilities
 *
 * Returns: whether WebAssembly relaxed SIMD works
 */
gboolean
pp_web_capabilities_get_wasm_relaxed_simd (PpWebCapabilities *self)
{
  g_return_val_if_fail (PP_WEB_IS_CAPABILITIES (self), FALSE);

  return section_bool (self, "wasm", "relaxed_simd");
}

/**
 * pp_web_capabilities_get_webgl_renderer:
 * @self: a #PpWebCapabilities
 *
 * Returns: (nullable): the WebGL 2 renderer, %NULL without WebGL 2
 */
const char *
pp_web_capabilities_get_webgl_renderer (PpWebCapabilities *self)
{
  g_return_val_if_fail (PP_WEB_IS_CAPABILITIES (self), NULL);

  return _pp_json_get_string (section (self, "webgl2"), "renderer");
}

/**
 * pp_web_capabilities_to_json:
 * @self: a #PpWebCapabilities
 *
 * Everything the probe found, as indented JSON: one object per backend
 * (`wasm`, `webgl2`, `webgpu`, `webnn`) with `available` and, when it is
 * false, `reason`; plus `user_agent`, `cores`, `host_cores` and
 * `webkit_version`.
 *
 * Returns: (transfer full): the JSON text
 */
char *
pp_web_capabilities_to_json (PpWebCapabilities *self)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (PP_WEB_IS_CAPABILITIES (self), NULL);

  json_node_set_object (node, self->json);
  return json_to_string (node, TRUE);
}
