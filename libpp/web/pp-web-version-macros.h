/* pp-web-version-macros.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_WEB_INSIDE) && !defined (PP_WEB_COMPILATION)
# error "Only <libpp-web.h> can be included directly."
#endif

#include <glib.h>

/* libpp-web's own export macro: the build sets it to the visible form,
 * everyone else sees a plain extern. It is separate from libpp's so that
 * compiling libpp-web never re-exports libpp's symbols.
 */
#ifndef _PP_WEB_EXTERN
# define _PP_WEB_EXTERN extern
#endif

/* Everything before 1.0 is available in all versions. */
#define PP_WEB_AVAILABLE_IN_ALL _PP_WEB_EXTERN
