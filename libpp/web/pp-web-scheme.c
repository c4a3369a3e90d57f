/* pp-web-scheme.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-scheme-private.h"

#include "pp-dirs-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pp-web-error.h"

/* The pages and runtimes reach the views through one custom scheme,
 * perfcast-web://runner/…, which serves exactly the files below and
 * nothing else: the pages from the library's GResource, the runtimes'
 * dist files from node_modules (build tree) or $datadir/perfcast/web/vendor
 * (installed). Every response carries a Content-Security-Policy that
 * allows only this scheme, so neither a page nor a worker it starts can
 * reach the network (the network session's proxy is a dead end as well).
 */

#define RESOURCE_PREFIX "/io/github/perfcast/PpWeb"
#define SCHEME_HOST "runner"

typedef enum
{
  SOURCE_RESOURCE,
  SOURCE_VENDOR,
} Source;

typedef struct
{
  const char *path;
  Source source;
  const char *mime;
} AllowedFile;

/* Keep in sync with pp-web.gresource.xml and web_vendor_files in
 * meson.build (test-web-scheme checks both).
 */
static const AllowedFile allowed_files[] = {
  { "/page/runner.html", SOURCE_RESOURCE, "text/html" },
  { "/page/runner.js", SOURCE_RESOURCE, "text/javascript" },
  { "/page/capabilities.js", SOURCE_RESOURCE, "text/javascript" },
  { "/page/diagnostics.js", SOURCE_RESOURCE, "text/javascript" },
  { "/page/graph.js", SOURCE_RESOURCE, "text/javascript" },
  { "/page/host.js", SOURCE_RESOURCE, "text/javascript" },
  { "/page/layers.js", SOURCE_RESOURCE, "text/javascript" },
  { "/page/models.js", SOURCE_RESOURCE, "text/javascript" },
  { "/page/onnx.js", SOURCE_RESOURCE, "text/javascript" },
  { "/page/ort-runtime.js", SOURCE_RESOURCE, "text/javascript" },
  { "/page/tfjs-runtime.js", SOURCE_RESOURCE, "text/javascript" },
  { "/vendor/onnxruntime-web/dist/ort.wasm.min.mjs", SOURCE_VENDOR, "text/javascript" },
  { "/vendor/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs", SOURCE_VENDOR, "text/javascript" },
  { "/vendor/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm", SOURCE_VENDOR, "application/wasm" },
  { "/vendor/onnxruntime-web/dist/ort.min.mjs", SOURCE_VENDOR, "text/javascript" },
  { "/vendor/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.mjs", SOURCE_VENDOR, "text/javascript" },
  { "/vendor/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm", SOURCE_VENDOR, "application/wasm" },
  { "/vendor/@tensorflow/tfjs-core/dist/tf-core.min.js", SOURCE_VENDOR, "text/javascript" },
  { "/vendor/@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.min.js", SOURCE_VENDOR, "text/javascript" },
  { "/vendor/@tensorflow/tfjs-backend-webgl/dist/tf-backend-webgl.min.js", SOURCE_VENDOR, "text/javascript" },
  { "/vendor/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js", SOURCE_VENDOR, "text/javascript" },
  { "/vendor/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js", SOURCE_VENDOR, "text/javascript" },
  { "/vendor/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm", SOURCE_VENDOR, "application/wasm" },
  { "/vendor/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm", SOURCE_VENDOR, "application/wasm" },
  { "/vendor/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm", SOURCE_VENDOR, "application/wasm" },
};

/* 'wasm-unsafe-eval' lets the runtimes compile WebAssembly; blob: is
 * where Emscripten's thread workers come from.
 */
static const char content_security_policy[] =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:; worker-src 'self' blob:; "
  "connect-src 'self' blob: data:; img-src 'none'; style-src 'none'; object-src 'none'; "
  "base-uri 'none'; form-action 'none'";

/* Where the runtimes' files are: PERFCAST_WEB_VENDOR_DIR wins (tests,
 * bindings), then node_modules of the source tree for binaries in the
 * build tree, then the installed copy.
 */
const char *
_pp_web_scheme_get_vendor_dir (void)
{
  static char *vendor_dir;

  if (g_once_init_enter (&vendor_dir))
    g_once_init_leave (&vendor_dir, _pp_resolve_dir ("PERFCAST_WEB_VENDOR_DIR", PP_WEB_SOURCE_VENDOR_DIR,
                                                     PP_WEB_INSTALLED_VENDOR_DIR));

  return vendor_dir;
}

static const AllowedFile *
find_allowed (const char *host,
              const char *path)
{
  if (g_strcmp0 (host, SCHEME_HOST) != 0 || path == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (allowed_files); i++)
    {
      if (g_str_equal (path, allowed_files[i].path))
        return &allowed_files[i];
    }

  return NULL;
}

static GBytes *
load_file (const AllowedFile  *file,
           GError            **error)
{
  g_autofree char *resource = NULL;
  g_autofree char *filename = NULL;
  g_autoptr(GMappedFile) mapped = NULL;

  if (file->source == SOURCE_RESOURCE)
    {
      resource = g_strconcat (RESOURCE_PREFIX, file->path, NULL);
      return g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
    }

  filename = g_build_filename (_pp_web_scheme_get_vendor_dir (), file->path + strlen ("/vendor/"), NULL);
  if (!(mapped = g_mapped_file_new (filename, FALSE, error)))
    return NULL;

  return g_mapped_file_get_bytes (mapped);
}

static void
finish_with_bytes (WebKitURISchemeRequest *request,
                   const AllowedFile      *file,
                   GBytes                 *bytes)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(WebKitURISchemeResponse) response = NULL;
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  soup_message_headers_append (headers, "Content-Security-Policy", content_security_policy);
  soup_message_headers_append (headers, "Cache-Control", "no-store");

  response = webkit_uri_scheme_response_new (stream, g_bytes_get_size (bytes));
  webkit_uri_scheme_response_set_content_type (response, file->mime);
  webkit_uri_scheme_response_set_http_headers (response, headers);
  webkit_uri_scheme_request_finish_with_response (request, response);
}

/* Not on the allow-list means not found, whatever exists on disk: the
 * path is never joined to a directory before this check.
 */
static void
scheme_request_cb (WebKitURISchemeRequest *request,
                   gpointer                user_data)
{
  g_autoptr(GUri) uri = g_uri_parse (webkit_uri_scheme_request_get_uri (request), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const AllowedFile *file = NULL;

  if (uri != NULL && g_uri_get_query (uri) == NULL)
    file = find_allowed (g_uri_get_host (uri), g_uri_get_path (uri));

  if (file == NULL)
    {
      g_debug ("Refused %s: not on the runner's allow-list", webkit_uri_scheme_request_get_uri (request));
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s is not served", webkit_uri_scheme_request_get_uri (request));
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  if (!(bytes = load_file (file, &error)))
    {
      g_message ("Cannot serve %s to a web view: %s", file->path, error->message);
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }

  finish_with_bytes (request, file, bytes);
}

void
_pp_web_scheme_register (WebKitWebContext *context)
{
  WebKitSecurityManager *security = webkit_web_context_get_security_manager (context);

  webkit_web_context_register_uri_scheme (context, PP_WEB_SCHEME, scheme_request_cb, NULL, NULL);

  /* Secure, so the pages are a secure context (WebGPU, WebNN and crypto
   * need one); CORS-enabled, so module scripts and fetch() of .wasm work.
   */
  webkit_security_manager_register_uri_scheme_as_secure (security, PP_WEB_SCHEME);
  webkit_security_manager_register_uri_scheme_as_cors_enabled (security, PP_WEB_SCHEME);
}

static const char *
required_file (PpWebRuntime runtime,
               PpWebBackend backend)
{
  if (runtime == PP_WEB_RUNTIME_ORT)
    return backend == PP_WEB_BACKEND_WASM ? "onnxruntime-web/dist/ort-wasm-simd-threaded.wasm"
                                          : "onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm";

  switch (backend)
    {
    case PP_WEB_BACKEND_WASM:
      return "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm";
    case PP_WEB_BACKEND_WEBGL:
      return "@tensorflow/tfjs-backend-webgl/dist/tf-backend-webgl.min.js";
    case PP_WEB_BACKEND_WEBGPU:
      return "@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js";
    case PP_WEB_BACKEND_WEBNN:
    case PP_WEB_BACKEND_CPU:
    default:
      return "@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.min.js";
    }
}

/* Checked before a job is queued, so that a missing `npm ci` is reported
 * as such instead of as a page that failed to load a script.
 */
gboolean
_pp_web_scheme_check_runtime (PpWebRuntime   runtime,
                              PpWebBackend   backend,
                              GError       **error)
{
  g_autofree char *path = g_build_filename (_pp_web_scheme_get_vendor_dir (),
                                            required_file (runtime, backend), NULL);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  g_set_error (error, PP_WEB_ERROR, PP_WEB_ERROR_RUNTIME_MISSING,
               _("%s is not installed (%s is missing): run “npm ci --ignore-scripts” in Perfcast’s "
                 "source tree (./build-aux/dev does it) and rebuild, or set PERFCAST_WEB_VENDOR_DIR"),
               pp_web_runtime_get_package (runtime), path);
  return FALSE;
}

/* Every file on the allow-list can be served (what test-web-scheme
 * checks): a file missing from the GResource or the vendor directory
 * fails with its name.
 */
gboolean
_pp_web_scheme_check_files (GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed_files); i++)
    {
      g_autoptr(GBytes) bytes = load_file (&allowed_files[i], error);

      if (bytes == NULL)
        return FALSE;
    }

  return TRUE;
}

/*
 * _pp_web_scheme_dup_bridge:
 *
 * Returns: (transfer full): the source of bridge.js, the script the
 *   isolated world runs
 */
GBytes *
_pp_web_scheme_dup_bridge (void)
{
  return g_resources_lookup_data (RESOURCE_PREFIX "/page/bridge.js", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}
