/* pp-dirs.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-dirs-private.h"

static gboolean
is_dir (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, PP_BUILD_ROOT "/");
}

/* Where files that live in the source tree while developing and under
 * $datadir once installed are: @env_var wins (tests and bindings, whose
 * executable is python3 or gjs, point it at the source tree), then
 * @source_dir for binaries in the build tree, then @installed_dir, and
 * @source_dir when neither exists.
 */
char *
_pp_resolve_dir (const char *env_var,
                 const char *source_dir,
                 const char *installed_dir)
{
  const char *env = g_getenv (env_var);

  if (env != NULL && *env != 0)
    return g_strdup (env);
  if (running_from_build_tree () && is_dir (source_dir))
    return g_strdup (source_dir);
  if (is_dir (installed_dir))
    return g_strdup (installed_dir);

  return g_strdup (source_dir);
}
