/* pp-error.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_INSIDE) && !defined (PP_COMPILATION)
# error "Only <libpp.h> can be included directly."
#endif

#include <glib.h>

#include "pp-version-macros.h"

G_BEGIN_DECLS

#define PP_ERROR (pp_error_quark ())

/**
 * PpError:
 * @PP_ERROR_FAILED: a failure with no more specific code.
 * @PP_ERROR_INVALID_ARGUMENT: a value given by the user is out of range
 *   (a negative batch, an unknown precision, a malformed filter).
 * @PP_ERROR_PARSE: a file (CSV, JSON, catalog) is malformed; the message
 *   names the file, the line or record, and the column.
 * @PP_ERROR_NOT_FOUND: a model or a device is neither in the catalog nor
 *   described well enough by the data to be used.
 * @PP_ERROR_DATABASE: the measurement store could not be opened, migrated,
 *   read or written.
 * @PP_ERROR_UNSUPPORTED: the request is valid but cannot be carried out
 *   here (a feature the machine or the build lacks).
 *
 * Error codes of the %PP_ERROR domain. Values are only ever appended.
 */
typedef enum
{
  PP_ERROR_FAILED,
  PP_ERROR_INVALID_ARGUMENT,
  PP_ERROR_PARSE,
  PP_ERROR_NOT_FOUND,
  PP_ERROR_DATABASE,
  PP_ERROR_UNSUPPORTED,
} PpError;

PP_AVAILABLE_IN_ALL
GQuark pp_error_quark (void);

G_END_DECLS
