/* pp-web-init.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-web-init.h"

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>

#include "pp-web-error.h"

/**
 * pp_web_init:
 * @error: return location for a #GError
 *
 * Prepares the process for [class@PpWeb.Pool]: call it once at start-up,
 * before any other thread exists and before GTK starts (an application
 * calls it before g_application_run()).
 *
 * It sets `JSC_useSharedArrayBuffer=1` in the environment unless the
 * variable is already set: web processes inherit the environment, and
 * without it JavaScriptCore leaves `SharedArrayBuffer` undefined, so
 * onnxruntime-web and TensorFlow.js cannot use WebAssembly threads (the
 * custom scheme the pages come from cannot be made cross-origin
 * isolated). Setting the environment is only safe while the process has
 * one thread, hence the ordering rule. It then initialises GTK, which
 * web views need.
 *
 * Returns: %TRUE on success; %FALSE with %PP_WEB_ERROR_NO_DISPLAY when
 *   there is no display
 */
gboolean
pp_web_init (GError **error)
{
  g_setenv ("JSC_useSharedArrayBuffer", "1", FALSE);

  if (!gtk_init_check ())
    {
      g_set_error_literal (error, PP_WEB_ERROR, PP_WEB_ERROR_NO_DISPLAY,
                           _("No display for web views: run Perfcast in a desktop session, "
                             "or headless under Xvfb with “xvfb-run -a perfcast-cli …”"));
      return FALSE;
    }

  return TRUE;
}
