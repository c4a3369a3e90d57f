/* pp-csv-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An RFC 4180 reader over a buffer the caller keeps alive: quoted fields
 * may hold commas, doubled quotes and line breaks; CRLF and a UTF-8 BOM
 * are accepted. It tracks physical line numbers for error messages.
 */
typedef struct
{
  const char *data;
  gsize       len;
  gsize       pos;
  guint       line;
  GString    *field;
} PpCsvReader;

void     _pp_csv_reader_init   (PpCsvReader  *reader,
                                const char   *data,
                                gsize         len);
void     _pp_csv_reader_clear  (PpCsvReader  *reader);
gboolean _pp_csv_reader_next   (PpCsvReader  *reader,
                                GPtrArray    *fields,
                                guint        *record_line,
                                gboolean     *at_end,
                                GError      **error);
void     _pp_csv_append_field  (GString      *out,
                                const char   *text);

G_END_DECLS
