/* pp-json-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Checked readers of JSON that may be damaged or hostile (catalog
 * entries, saved fits, ensembles, a page's answers), where a missing,
 * null or mistyped member reads as "not known". Compiled into libpp and
 * into libpp-web's shared library (whose libpp symbols of this kind are
 * hidden), never twice into one program. */
gboolean        _pp_json_node_get_number         (JsonNode       *node,
                                                  double         *number);
double          _pp_json_get_number              (JsonObject     *object,
                                                  const char     *member);
const char     *_pp_json_get_string              (JsonObject     *object,
                                                  const char     *member);
char          **_pp_json_dup_strv                (JsonObject     *object,
                                                  const char     *member);

/* The only way libpp hands text to json-glib, which crashes on deep
 * nesting and misreads some input (see pp-json.c). */
gboolean        _pp_json_check_text              (const char     *text,
                                                  gsize           length,
                                                  GError        **error);
gboolean        _pp_json_parser_load_data        (JsonParser     *parser,
                                                  const char     *text,
                                                  gssize          length,
                                                  const char     *name,
                                                  GError        **error);

G_END_DECLS
