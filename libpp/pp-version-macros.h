/* pp-version-macros.h
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

#if !defined (PP_INSIDE) && !defined (PP_COMPILATION)
# error "Only <libpp.h> can be included directly."
#endif

#include <glib.h>

#include "pp-version.h"

#ifndef _PP_EXTERN
# define _PP_EXTERN extern
#endif

#define PP_VERSION_CUR_STABLE (G_ENCODE_VERSION (PP_MAJOR_VERSION, 0))

#ifdef PP_DISABLE_DEPRECATION_WARNINGS
# define PP_DEPRECATED _PP_EXTERN
# define PP_DEPRECATED_FOR(f) _PP_EXTERN
# define PP_UNAVAILABLE(maj,min) _PP_EXTERN
#else
# define PP_DEPRECATED G_DEPRECATED _PP_EXTERN
# define PP_DEPRECATED_FOR(f) G_DEPRECATED_FOR(f) _PP_EXTERN
# define PP_UNAVAILABLE(maj,min) G_UNAVAILABLE(maj,min) _PP_EXTERN
#endif

#define PP_VERSION_1_0 (G_ENCODE_VERSION (1, 0))

#ifndef PP_VERSION_MIN_REQUIRED
# define PP_VERSION_MIN_REQUIRED (PP_VERSION_CUR_STABLE)
#endif

#ifndef PP_VERSION_MAX_ALLOWED
# if PP_VERSION_MIN_REQUIRED > PP_VERSION_CUR_STABLE
#  define PP_VERSION_MAX_ALLOWED (PP_VERSION_MIN_REQUIRED)
# else
#  define PP_VERSION_MAX_ALLOWED (PP_VERSION_CUR_STABLE)
# endif
#endif

/* Everything before 1.0 is available in all versions. */
#define PP_AVAILABLE_IN_ALL _PP_EXTERN

#if PP_VERSION_MIN_REQUIRED >= PP_VERSION_1_0
# define PP_DEPRECATED_IN_1_0 PP_DEPRECATED
# define PP_DEPRECATED_IN_1_0_FOR(f) PP_DEPRECATED_FOR(f)
#else
# define PP_DEPRECATED_IN_1_0 _PP_EXTERN
# define PP_DEPRECATED_IN_1_0_FOR(f) _PP_EXTERN
#endif

#if PP_VERSION_MAX_ALLOWED < PP_VERSION_1_0
# define PP_AVAILABLE_IN_1_0 PP_UNAVAILABLE(1, 0)
#else
# define PP_AVAILABLE_IN_1_0 _PP_EXTERN
#endif
