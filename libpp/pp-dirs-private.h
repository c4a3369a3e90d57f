/* pp-dirs-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Compiled into libpp and into libpp-web's shared library (whose libpp
 * symbols of this kind are hidden), never twice into one program. */
char *_pp_resolve_dir (const char *env_var,
                       const char *source_dir,
                       const char *installed_dir);

G_END_DECLS
