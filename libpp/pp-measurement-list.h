/* pp-measurement-list.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_INSIDE) && !defined (PP_COMPILATION)
# error "Only <libpp.h> can be included directly."
#endif

#include <gio/gio.h>

#include "pp-version-macros.h"

G_BEGIN_DECLS

/**
 * PpFileFormat:
 * @PP_FILE_FORMAT_AUTO: decide from the file name (`.json` is JSON,
 *   anything else CSV).
 * @PP_FILE_FORMAT_CSV: the measurement CSV of `SCHEMA.md`.
 * @PP_FILE_FORMAT_JSON: a JSON array of objects keyed by the CSV's
 *   column names.
 *
 * The interchange formats for measurements.
 */
typedef enum
{
  PP_FILE_FORMAT_AUTO,
  PP_FILE_FORMAT_CSV,
  PP_FILE_FORMAT_JSON,
} PpFileFormat;

PP_AVAILABLE_IN_ALL
gboolean    pp_file_format_from_string     (const char     *text,
                                            PpFileFormat   *format,
                                            GError        **error);
PP_AVAILABLE_IN_ALL
GListModel *pp_measurement_list_load       (GFile          *file,
                                            PpFileFormat    format,
                                            GCancellable   *cancellable,
                                            GError        **error);
PP_AVAILABLE_IN_ALL
GListModel *pp_measurement_list_parse      (GBytes         *bytes,
                                            const char     *name,
                                            PpFileFormat    format,
                                            GError        **error);
PP_AVAILABLE_IN_ALL
gboolean    pp_measurement_list_write      (GListModel     *list,
                                            GOutputStream  *stream,
                                            PpFileFormat    format,
                                            GCancellable   *cancellable,
                                            GError        **error);
PP_AVAILABLE_IN_ALL
gboolean    pp_measurement_list_save       (GListModel     *list,
                                            GFile          *file,
                                            PpFileFormat    format,
                                            GCancellable   *cancellable,
                                            GError        **error);

G_END_DECLS
