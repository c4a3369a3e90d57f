/* test-web-message.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libpp-web.h>
#include <math.h>
#include <string.h>

#include "pp-test-util.h"
#include "pp-web-message-private.h"
#include "pp-web-private.h"
#include "pp-web-result-private.h"
#include "pp-web-scheme-private.h"

/* The parts of the runner that need no display: validation of what
 * pages send, statistics, and the served files.
 */

static PpWebMessage *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return _pp_web_message_parse (bytes, error);
}

static void
test_valid_messages (void)
{
  g_autoptr(PpWebMessage) ready = parse ("{\"type\": \"ready\", \"protocol\": 1}", NULL);
  g_autoptr(PpWebMessage) log = parse ("{\"type\": \"log\", \"level\": \"info\", \"text\": \"loaded\"}", NULL);
  g_autoptr(PpWebMessage) progress = parse ("{\"type\": \"progress\", \"stage\": \"session\", \"phase\": \"decode\"}", NULL);

  g_assert_nonnull (ready);
  g_assert_cmpint (ready->type, ==, PP_WEB_MESSAGE_READY);
  g_assert_nonnull (log);
  g_assert_cmpstr (log->text, ==, "loaded");
  g_assert_nonnull (progress);
  g_assert_cmpstr (progress->phase, ==, "decode");
}

/* The same bodies diagnostics.js sends, plus a few more. */
static void
test_malformed_messages (void)
{
  g_autofree char *huge = g_strnfill (PP_WEB_MESSAGE_MAX_BYTES + 1, ' ');
  g_autofree char *deep = g_strnfill (50000, '[');
  const char *bodies[] = {
    "", "42", "null", "not json {", "[]", "{\"type\": 7}", "{\"type\": \"launch-missiles\"}",
    "{\"type\": \"progress\"}", "{\"type\": \"ready\", \"protocol\": \"1\"}",
    "{\"type\": \"ready\", \"protocol\": 2}",
    "{\"type\": \"log\", \"level\": \"info\", \"text\": \"ok\", \"extra\": true}",
    "{\"type\": \"log\", \"level\": \"shout\", \"text\": \"ok\"}",
    "{\"type\": \"log\", \"level\": \"info\", \"text\": \"\\ud800\"}",
    "{\"type\": \"progress\", \"stage\": \"session\", \"phase\": {\"a\": 1}}",
    "{\"type\": \"log\", \"level\": \"info\", \"text\": \"\xff\xfe\"}",
    /* json-glib would cut the text at the NUL it decodes. */
    "{\"type\": \"log\", \"level\": \"info\", \"text\": \"ok\\u0000not shown\"}",
    huge, deep,
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PpWebMessage) message = parse (bodies[i], &error);

      g_test_message ("body %u", i);
      g_assert_null (message);
      g_assert_error (error, PP_WEB_ERROR, PP_WEB_ERROR_PAGE);
    }
}

static PpWebCapabilities *
capabilities (const char  *text,
              GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return _pp_web_capabilities_new_from_json (json_node_get_object (node), error);
}

#define SECTIONS_OK "\"wasm\": {\"available\": true, \"simd\": true}, " \
                    "\"webgl2\": {\"available\": false, \"reason\": \"no GL\"}, " \
                    "\"webgpu\": {\"available\": false, \"reason\": \"off\"}, " \
                    "\"webnn\": {\"available\": false, \"reason\": \"none\"}"

/* The answer to the capability probe is checked before it is read: a
 * member of the wrong kind is malformed data, not a warning. */
static void
test_capabilities (void)
{
  const char *malformed[] = {
    "{\"user_agent\": {}, \"cores\": 2, " SECTIONS_OK "}",
    "{\"user_agent\": \"x\", \"cores\": -1, " SECTIONS_OK "}",
    "{\"user_agent\": \"x\", \"cores\": \"2\", " SECTIONS_OK "}",
    "{\"user_agent\": \"x\", \"cores\": [2], " SECTIONS_OK "}",
    "{\"user_agent\": \"x\", \"cores\": 2, \"wasm\": {\"available\": \"yes\"}, "
    "\"webgl2\": {\"available\": true}, \"webgpu\": {\"available\": true}, \"webnn\": {\"available\": true}}",
    "{\"user_agent\": \"x\", \"cores\": 2, \"wasm\": {\"available\": false, \"reason\": []}, "
    "\"webgl2\": {\"available\": true}, \"webgpu\": {\"available\": true}, \"webnn\": {\"available\": true}}",
    "{\"user_agent\": \"x\", \"cores\": 2, \"wasm\": {\"available\": true}}",
  };
  g_autoptr(PpWebCapabilities) caps = NULL;
  g_autoptr(PpWebCapabilities) odd = NULL;
  g_autoptr(GError) error = NULL;
  const char *reason = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(PpWebCapabilities) c = capabilities (malformed[i], &error);

      g_test_message ("answer %u", i);
      g_assert_null (c);
      g_assert_error (error, PP_WEB_ERROR, PP_WEB_ERROR_PAGE);
      g_clear_error (&error);
    }

  caps = capabilities ("{\"user_agent\": \"x\", \"cores\": 2, " SECTIONS_OK "}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pp_web_capabilities_get_cores (caps), ==, 2);
  g_assert_true (pp_web_capabilities_get_wasm_simd (caps));
  g_assert_false (pp_web_capabilities_has_backend (caps, PP_WEB_BACKEND_WEBGL, &reason));
  g_assert_cmpstr (reason, ==, "no GL");

  /* A feature flag or a renderer of another kind reads as missing. */
  odd = capabilities ("{\"user_agent\": \"x\", \"cores\": 2, \"wasm\": {\"available\": true, \"simd\": {}}, "
                      "\"webgl2\": {\"available\": true, \"renderer\": {}}, \"webgpu\": {\"available\": true}, "
                      "\"webnn\": {\"available\": true}}", &error);
  g_assert_no_error (error);
  g_assert_false (pp_web_capabilities_get_wasm_simd (odd));
  g_assert_null (pp_web_capabilities_get_webgl_renderer (odd));
}

static void
test_quantiles (void)
{
  const double odd[] = { 1, 2, 3, 4, 100 };
  const double even[] = { 4, 1, 3, 2 };
  const double ten[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

  g_assert_cmpfloat_with_epsilon (_pp_web_result_median (odd, 5), 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (_pp_web_result_median (even, 4), 2.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (_pp_web_result_quantile (ten, 10, 0.9), 9, 1e-12);
  g_assert_true (isnan (_pp_web_result_median (odd, 0)));
}

/* Every file on the scheme's allow-list exists: the pages in the
 * GResource, the runtimes in node_modules (or PERFCAST_WEB_VENDOR_DIR).
 */
static void
test_served_files (void)
{
  g_autoptr(GError) error = NULL;

  if (!_pp_web_scheme_check_runtime (PP_WEB_RUNTIME_ORT, PP_WEB_BACKEND_WASM, &error))
    {
      g_test_skip (error->message);
      return;
    }

  g_assert_true (_pp_web_scheme_check_files (&error));
  g_assert_no_error (error);
}

static void
test_enums (void)
{
  g_autoptr(GError) error = NULL;
  PpWebBackend backend;
  PpWebRuntime runtime;

  g_assert_true (pp_web_backend_from_string ("WebGPU", &backend, NULL));
  g_assert_cmpint (backend, ==, PP_WEB_BACKEND_WEBGPU);
  g_assert_cmpstr (pp_web_backend_get_hardware_id (PP_WEB_BACKEND_WASM), ==, "webkitgtk-wasm");
  g_assert_true (pp_web_runtime_from_string ("onnxruntime-web", &runtime, NULL));
  g_assert_cmpint (runtime, ==, PP_WEB_RUNTIME_ORT);
  g_assert_false (pp_web_runtime_supports_backend (PP_WEB_RUNTIME_ORT, PP_WEB_BACKEND_WEBGL));
  g_assert_true (pp_web_runtime_supports_backend (PP_WEB_RUNTIME_TFJS, PP_WEB_BACKEND_WEBGL));
  g_assert_false (pp_web_backend_from_string ("cuda", &backend, &error));
  g_assert_error (error, PP_WEB_ERROR, PP_WEB_ERROR_UNAVAILABLE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/PpWeb/Message/valid", test_valid_messages);
  g_test_add_func ("/PpWeb/Message/malformed", test_malformed_messages);
  g_test_add_func ("/PpWeb/Result/quantiles", test_quantiles);
  g_test_add_func ("/PpWeb/Capabilities/malformed", test_capabilities);
  g_test_add_func ("/PpWeb/Scheme/served-files", test_served_files);
  g_test_add_func ("/PpWeb/Backend/names", test_enums);

  return g_test_run ();
}
