/* pp-util-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Big enough for any double printed by _pp_format_number(). */
#define PP_NUMBER_BUF_SIZE 32

gboolean    _pp_set_str              (char       **dest,
                                      const char  *src);
const char *_pp_format_number        (char         buf[PP_NUMBER_BUF_SIZE],
                                      double       value);
gboolean    _pp_parse_number         (const char  *text,
                                      double      *value);
char       *_pp_normalize_name       (const char  *name);
const char *_pp_get_data_dir         (void);
char       *_pp_json_escape          (const char  *text);
int         _pp_compare_doubles      (gconstpointer a,
                                      gconstpointer b);
int         _pp_compare_string_ptrs  (gconstpointer a,
                                      gconstpointer b);
GBytes     *_pp_file_load_bytes      (GFile         *file,
                                      GCancellable  *cancellable,
                                      GError       **error);

GOutputStream *_pp_file_open_output    (GFile         *file,
                                        GCancellable  *cancellable,
                                        GError       **error);
void           _pp_file_abandon_output (GOutputStream *stream);
void           _pp_file_prefix_error   (GError       **error,
                                        GFile         *file);
gboolean       _pp_file_set_contents   (GFile         *file,
                                        const void    *data,
                                        gsize          len,
                                        GError       **error);

G_END_DECLS
