/* pp-json.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "pp-json-private.h"

/* FALSE unless @node holds an integer or a finite real (json-glib
 * reads 1e400 as infinity). Files that may be damaged are read through
 * this, never with json-glib's getters, which warn on nodes of other
 * kinds and give 0. */
gboolean
_pp_json_node_get_number (JsonNode *node,
                          double   *number)
{
  double v;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      v = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      v = json_node_get_double (node);
      break;
    default:
      return FALSE;
    }

  if (!isfinite (v))
    return FALSE;

  *number = v;
  return TRUE;
}

double
_pp_json_get_number (JsonObject *object,
                     const char *member)
{
  double v;

  return _pp_json_node_get_number (json_object_get_member (object, member), &v) ? v : NAN;
}

const char *
_pp_json_get_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

char **
_pp_json_dup_strv (JsonObject *object,
                   const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (item));
        }
    }

  return g_strv_builder_end (builder);
}
