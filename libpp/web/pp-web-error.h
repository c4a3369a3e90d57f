/* pp-web-error.h
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

#define PP_WEB_ERROR (pp_web_error_quark ())

/**
 * PpWebError:
 * @PP_WEB_ERROR_FAILED: any other failure
 * @PP_WEB_ERROR_NO_DISPLAY: GTK found no display to create web views on
 * @PP_WEB_ERROR_UNAVAILABLE: the engine lacks the backend a job needs
 *   (the message says why, e.g. no `navigator.gpu`), or the runtime has
 *   no such backend
 * @PP_WEB_ERROR_RUNTIME_MISSING: the files of onnxruntime-web or
 *   TensorFlow.js are not installed
 * @PP_WEB_ERROR_PAGE: the page could not run the job (a model it cannot
 *   build, a runtime error); retrying would not help
 * @PP_WEB_ERROR_WEB_PROCESS: the web process died (crash, kill, memory
 *   limit) on every attempt
 * @PP_WEB_ERROR_TIMEOUT: the page stopped answering and the watchdog
 *   stopped its web process, on every attempt
 *
 * Errors of the embedded-browser runner. The libpp errors
 * ([error@Pp.Error]) are passed through unchanged.
 */
typedef enum
{
  PP_WEB_ERROR_FAILED,
  PP_WEB_ERROR_NO_DISPLAY,
  PP_WEB_ERROR_UNAVAILABLE,
  PP_WEB_ERROR_RUNTIME_MISSING,
  PP_WEB_ERROR_PAGE,
  PP_WEB_ERROR_WEB_PROCESS,
  PP_WEB_ERROR_TIMEOUT,
} PpWebError;

PP_WEB_AVAILABLE_IN_ALL
GQuark pp_web_error_quark (void);

G_END_DECLS
