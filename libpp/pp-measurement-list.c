/* pp-measurement-list.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-measurement-list.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "pp-csv-private.h"
#include "pp-error.h"
#include "pp-json-private.h"
#include "pp-measurement-private.h"
#include "pp-util-private.h"

/* Output is flushed to the stream in chunks of about this size. */
#define WRITE_CHUNK (64 * 1024)

/**
 * pp_file_format_from_string:
 * @text: "csv" or "json"
 * @format: (out): the format
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @text names a format
 */
gboolean
pp_file_format_from_string (const char    *text,
                            PpFileFormat  *format,
                            GError       **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  if (g_ascii_strcasecmp (text, "csv") == 0)
    *format = PP_FILE_FORMAT_CSV;
  else if (g_ascii_strcasecmp (text, "json") == 0)
    *format = PP_FILE_FORMAT_JSON;
  else
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("Unknown format “%s” (expected csv or json)"), text);
      return FALSE;
    }

  return TRUE;
}

static PpFileFormat
resolve_format (PpFileFormat  format,
                const char   *name)
{
  if (format != PP_FILE_FORMAT_AUTO)
    return format;

  if (name != NULL && g_str_has_suffix (name, ".json"))
    return PP_FILE_FORMAT_JSON;

  return PP_FILE_FORMAT_CSV;
}

typedef struct
{
  const char *name;
  char **header;
  guint n_columns;
} CsvContext;

static gboolean
check_header (CsvContext  *ctx,
              GPtrArray   *fields,
              GError     **error)
{
  gboolean has_measured = FALSE;
  gboolean has_model = FALSE;
  gboolean has_hardware = FALSE;

  for (guint i = 0; i < fields->len; i++)
    {
      const char *name = fields->pdata[i];
      PpColumn column;

      for (guint j = 0; j < i; j++)
        {
          if (strcmp (name, fields->pdata[j]) == 0)
            {
              g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                           _("%s:1: column “%s” appears twice in the header"),
                           ctx->name, name);
              return FALSE;
            }
        }

      if (!pp_column_from_name (name, &column))
        continue;
      has_model |= column == PP_COLUMN_MODEL;
      has_hardware |= column == PP_COLUMN_HARDWARE;
      has_measured |= pp_column_is_measured (column);
    }

  if (!has_model || !has_hardware || !has_measured)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s:1: missing required column “%s”; a measurement CSV needs "
                     "“model”, “hardware” and at least one measured value column"),
                   ctx->name,
                   !has_model ? "model" : !has_hardware ? "hardware" : "latency_ms");
      return FALSE;
    }

  return TRUE;
}

static PpMeasurement *
csv_record_to_measurement (CsvContext  *ctx,
                           GPtrArray   *fields,
                           guint        line,
                           guint        row,
                           GError     **error)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(GError) local_error = NULL;

  if (fields->len != ctx->n_columns)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s:%u (data row %u): the row has %u fields but the header has %u"),
                   ctx->name, line, row, fields->len, ctx->n_columns);
      return NULL;
    }

  for (guint i = 0; i < fields->len; i++)
    {
      if (!pp_measurement_set_field (m, ctx->header[i], fields->pdata[i], &local_error))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                       _("%s:%u (data row %u): column “%s”: %s"),
                       ctx->name, line, row, ctx->header[i], local_error->message);
          return NULL;
        }
    }

  if (!_pp_measurement_check_row (m, &local_error))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s:%u (data row %u): %s"),
                   ctx->name, line, row, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&m);
}

static GListModel *
parse_csv (const char  *data,
           gsize        len,
           const char  *name,
           GError     **error)
{
  g_autoptr(GListStore) store = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  PpCsvReader reader;
  CsvContext ctx = { name, NULL, 0 };
  gboolean at_end = FALSE;
  gboolean ok = FALSE;
  guint line = 0;

  _pp_csv_reader_init (&reader, data, len);

  if (!_pp_csv_reader_next (&reader, fields, &line, &at_end, error))
    {
      if (at_end)
        g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                     _("%s: the file is empty; a measurement CSV starts with a header row"), name);
      else
        g_prefix_error (error, "%s: ", name);
      goto out;
    }

  if (!check_header (&ctx, fields, error))
    goto out;

  g_ptr_array_add (fields, NULL);
  ctx.header = (char **)g_ptr_array_steal (fields, NULL);
  ctx.n_columns = g_strv_length (ctx.header);
  g_ptr_array_set_free_func (fields, g_free);

  for (guint row = 1;; row++)
    {
      PpMeasurement *m;

      if (!_pp_csv_reader_next (&reader, fields, &line, &at_end, error))
        {
          if (!at_end)
            g_prefix_error (error, "%s: ", name);
          ok = at_end;
          break;
        }

      if (!(m = csv_record_to_measurement (&ctx, fields, line, row, error)))
        break;

      g_ptr_array_add (batch, m);
    }

  if (ok)
    g_list_store_splice (store, 0, 0, batch->pdata, batch->len);

out:
  _pp_csv_reader_clear (&reader);
  g_strfreev (ctx.header);

  return ok ? G_LIST_MODEL (g_steal_pointer (&store)) : NULL;
}

static gboolean
json_member_to_field (PpMeasurement  *m,
                      const char     *key,
                      JsonNode       *node,
                      GError        **error)
{
  char buf[PP_NUMBER_BUF_SIZE];
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    return pp_measurement_set_field (m, key, NULL, error);

  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("expected a string, a number or null, not an array or object"));
      return FALSE;
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return pp_measurement_set_field (m, key, json_node_get_string (node), error);
  if (type == G_TYPE_INT64)
    return pp_measurement_set_field (m, key,
                                     _pp_format_number (buf, (double)json_node_get_int (node)),
                                     error);
  if (type == G_TYPE_DOUBLE)
    {
      /* json-glib reads 1e400 as infinity, which would be stored as no
       * value at all. */
      if (!isfinite (json_node_get_double (node)))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("a number too large to read (beyond ±1.8e308)"));
          return FALSE;
        }
      return pp_measurement_set_field (m, key, _pp_format_number (buf, json_node_get_double (node)), error);
    }

  g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
               _("expected a string, a number or null, not a boolean"));
  return FALSE;
}

static PpMeasurement *
json_object_to_measurement (JsonNode    *node,
                            const char  *name,
                            guint        record,
                            GError     **error)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s: record %u: expected an object keyed by column names"), name, record);
      return NULL;
    }

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (!json_member_to_field (m, key, value, &local_error))
        {
          g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                       _("%s: record %u: column “%s”: %s"),
                       name, record, key, local_error->message);
          return NULL;
        }
    }

  if (!_pp_measurement_check_row (m, &local_error))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s: record %u: %s"), name, record, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&m);
}

static GListModel *
parse_json (const char  *data,
            gsize        len,
            const char  *name,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GListStore) store = g_list_store_new (PP_TYPE_MEASUREMENT);
  JsonArray *array;
  JsonNode *root;

  if (!_pp_json_parser_load_data (parser, data, len, name, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s: expected a JSON array of measurement objects"), name);
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(PpMeasurement) m = NULL;

      if (!(m = json_object_to_measurement (json_array_get_element (array, i), name, i + 1, error)))
        return NULL;
      g_list_store_append (store, m);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * pp_measurement_list_parse:
 * @bytes: the file's contents
 * @name: (nullable): the file's name, used in error messages and to
 *   pick the format when @format is %PP_FILE_FORMAT_AUTO
 * @format: the format of @bytes
 * @error: return location for a #GError
 *
 * Parses and checks every row. It is all or nothing: one bad cell and
 * no measurement is returned; the error names the file, the line and
 * data row (CSV) or record (JSON), and the column.
 *
 * Returns: (transfer full) (nullable): a #GListModel of
 *   #PpMeasurement, or %NULL with @error set
 */
GListModel *
pp_measurement_list_parse (GBytes        *bytes,
                           const char    *name,
                           PpFileFormat   format,
                           GError       **error)
{
  const char *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (name == NULL)
    name = "<data>";

  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = "";

  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("%s: the file is not UTF-8 text"), name);
      return NULL;
    }

  if (resolve_format (format, name) == PP_FILE_FORMAT_JSON)
    return parse_json (data, len, name, error);

  return parse_csv (data, len, name, error);
}

/**
 * pp_measurement_list_load:
 * @file: a CSV or JSON file
 * @format: its format, or %PP_FILE_FORMAT_AUTO to go by the name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @file with [func@Pp.Measurement.list_parse].
 *
 * Returns: (transfer full) (nullable): a #GListModel of
 *   #PpMeasurement, or %NULL with @error set
 */
GListModel *
pp_measurement_list_load (GFile         *file,
                          PpFileFormat   format,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  /* Mapping a local file does not look at @cancellable, and parsing
   * a large one takes seconds: a caller that has already given up
   * should not wait for them. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!(bytes = _pp_file_load_bytes (file, cancellable, error)))
    return NULL;

  name = g_file_get_parse_name (file);
  return pp_measurement_list_parse (bytes, name, format, error);
}

static gboolean
flush_chunk (GOutputStream  *stream,
             GString        *chunk,
             gboolean        force,
             GCancellable   *cancellable,
             GError        **error)
{
  if (chunk->len == 0 || (!force && chunk->len < WRITE_CHUNK))
    return TRUE;

  if (!g_output_stream_write_all (stream, chunk->str, chunk->len, NULL, cancellable, error))
    return FALSE;

  g_string_truncate (chunk, 0);
  return TRUE;
}

/* The union of every item's extras, in first-seen order, so that a file
 * read and written again keeps its column order.
 */
static GPtrArray *
collect_extra_keys (GListModel *list)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (list, i);

      for (guint j = 0; j < _pp_measurement_get_n_extra (m); j++)
        {
          const char *key, *value;

          _pp_measurement_get_nth_extra (m, j, &key, &value);
          if (g_hash_table_contains (seen, key))
            continue;
          g_ptr_array_add (keys, g_strdup (key));
          g_hash_table_add (seen, keys->pdata[keys->len - 1]);
        }
    }

  return keys;
}

static void
append_csv_row (GString       *out,
                PpMeasurement *m,
                GPtrArray     *extra_keys)
{
  for (guint c = 0; c < PP_N_COLUMNS; c++)
    {
      g_autofree char *text = pp_measurement_dup_field (m, pp_column_get_name (c));

      if (c > 0)
        g_string_append_c (out, ',');
      _pp_csv_append_field (out, text);
    }

  for (guint k = 0; k < extra_keys->len; k++)
    {
      g_string_append_c (out, ',');
      _pp_csv_append_field (out, pp_measurement_get_extra (m, extra_keys->pdata[k]));
    }

  g_string_append_c (out, '\n');
}

static void
append_json_member (GString    *out,
                    const char *key,
                    const char *text,
                    gboolean    numeric,
                    gboolean    first)
{
  g_autofree char *escaped_key = _pp_json_escape (key);

  g_string_append (out, first ? "{" : ", ");
  g_string_append (out, escaped_key);
  g_string_append (out, ": ");

  if (text == NULL)
    g_string_append (out, "null");
  else if (numeric)
    g_string_append (out, text);
  else
    {
      g_autofree char *escaped = _pp_json_escape (text);
      g_string_append (out, escaped);
    }
}

static void
append_json_row (GString       *out,
                 PpMeasurement *m)
{
  for (guint c = 0; c < PP_N_COLUMNS; c++)
    {
      g_autofree char *text = pp_measurement_dup_field (m, pp_column_get_name (c));

      append_json_member (out, pp_column_get_name (c), text, pp_column_is_numeric (c), c == 0);
    }

  for (guint j = 0; j < _pp_measurement_get_n_extra (m); j++)
    {
      const char *key, *value;

      _pp_measurement_get_nth_extra (m, j, &key, &value);
      append_json_member (out, key, value, FALSE, FALSE);
    }

  g_string_append_c (out, '}');
}

/**
 * pp_measurement_list_write:
 * @list: a #GListModel of #PpMeasurement
 * @stream: where to write
 * @format: %PP_FILE_FORMAT_CSV or %PP_FILE_FORMAT_JSON (AUTO means CSV)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @list in the measurement CSV (the schema's columns in order,
 * then every extra column) or as a JSON array of objects that carry
 * every schema column (null when not reported) and the row's extras.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_measurement_list_write (GListModel     *list,
                           GOutputStream  *stream,
                           PpFileFormat    format,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(GString) out = g_string_sized_new (WRITE_CHUNK + 4096);
  g_autoptr(GPtrArray) extra_keys = NULL;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (list), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  n = g_list_model_get_n_items (list);

  if (format == PP_FILE_FORMAT_JSON)
    g_string_append (out, n > 0 ? "[\n" : "[");
  else
    {
      extra_keys = collect_extra_keys (list);
      for (guint c = 0; c < PP_N_COLUMNS; c++)
        g_string_append_printf (out, "%s%s", c ? "," : "", pp_column_get_name (c));
      for (guint k = 0; k < extra_keys->len; k++)
        {
          g_string_append_c (out, ',');
          _pp_csv_append_field (out, extra_keys->pdata[k]);
        }
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (list, i);

      if (format == PP_FILE_FORMAT_JSON)
        {
          g_string_append (out, "  ");
          append_json_row (out, m);
          g_string_append (out, i + 1 < n ? ",\n" : "\n");
        }
      else
        append_csv_row (out, m, extra_keys);

      if (!flush_chunk (stream, out, FALSE, cancellable, error))
        return FALSE;
    }

  if (format == PP_FILE_FORMAT_JSON)
    g_string_append (out, "]\n");

  return flush_chunk (stream, out, TRUE, cancellable, error);
}

/**
 * pp_measurement_list_save:
 * @list: a #GListModel of #PpMeasurement
 * @file: the file to write
 * @format: the format, or %PP_FILE_FORMAT_AUTO to go by the name
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @list to @file atomically: a failed save leaves no partial
 * file behind. A symbolic link is followed, and the file it names is
 * replaced, keeping its permissions; a device or FIFO is written to as
 * it is.
 *
 * Returns: %TRUE on success
 */
gboolean
pp_measurement_list_save (GListModel     *list,
                          GFile          *file,
                          PpFileFormat    format,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (list), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  stream = _pp_file_open_output (file, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!pp_measurement_list_write (list, stream, resolve_format (format, name), cancellable, error))
    {
      _pp_file_abandon_output (stream);
      _pp_file_prefix_error (error, file);
      return FALSE;
    }

  if (!g_output_stream_close (stream, cancellable, error))
    {
      _pp_file_prefix_error (error, file);
      return FALSE;
    }

  return TRUE;
}
