/* pp-json.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-json-private.h"

#include <glib/gi18n-lib.h>
#include <libpp.h>
#include <math.h>
#include <string.h>

/* json-glib 1.6 parses arrays and objects by recursion, one stack frame
 * set per level, so a file of 100000 "[" crashes the process instead of
 * failing. Perfcast's own files (measurement records, catalog entries,
 * saved fits, XGBoost's trees) nest fewer than 10 levels; 200 leaves
 * ample room for other tools' JSON and stays far from the stack's end. */
#define PP_JSON_MAX_DEPTH 200

/* What _pp_json_check_text() has to know about json-glib 1.6's scanner:
 * besides JSON's strings it reads single-quoted ones (with no escapes)
 * and skips C comments, so a bracket or a quote inside either is not
 * one. */
typedef enum
{
  SCAN_VALUE,
  SCAN_STRING,
  SCAN_SQ_STRING,
  SCAN_COMMENT,
} ScanState;

typedef struct
{
  const char *text;
  gsize       length;
  gsize       pos;
  guint       line;
  ScanState   state;
  guint       depth;
  guint       max_depth;
  guint       deep_line;
} Scan;

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.';
}

/* json-glib's scanner reads 0x10 as 16, 010 as 8 and 0b1 as 1, none of
 * which is JSON: a cell written that way means something else to every
 * other reader. A number starts with a zero only when a fraction or an
 * exponent follows it; an exponent may start with one ("1e-05"). */
static gboolean
is_non_decimal_number (const Scan *scan)
{
  const char *p = scan->text + scan->pos;
  gsize start = scan->pos;

  /* json-glib's scanner also reads Pascal's hexadecimal, "$ff" */
  if (p[0] == '$')
    return TRUE;
  if (p[0] != '0' || scan->pos + 1 >= scan->length)
    return FALSE;
  if (start > 0 && (scan->text[start - 1] == '-' || scan->text[start - 1] == '+'))
    start--;
  if (start > 0 && is_word_char (scan->text[start - 1]))
    return FALSE;

  return g_ascii_isdigit (p[1]) || (p[1] != 0 && strchr ("xXbBoO", p[1]) != NULL);
}

/* The length of the whole number starting at @pos that has more digits
 * than json-glib reads exactly (it keeps integers in 64 bits and wraps
 * beyond: 18446744073709551617 reads as -1), or 0. A number with a
 * fraction or an exponent is read as a double, which is fine. */
static gsize
oversized_integer (const Scan *scan)
{
  gsize end = scan->pos;

  if (!g_ascii_isdigit (scan->text[end]) || (end > 0 && (is_word_char (scan->text[end - 1]) ||
                                                           scan->text[end - 1] == '.')))
    return 0;
  while (end < scan->length && g_ascii_isdigit (scan->text[end]))
    end++;
  if (end - scan->pos <= 18 || (end < scan->length && strchr (".eE", scan->text[end]) != NULL))
    return 0;

  return end - scan->pos;
}

/* The escape at @pos (just past a backslash) stands for a NUL, which
 * json-glib would decode into one that ends the C string early. Besides
 * \u0000, its scanner reads C's octal escapes \0, \00 and \000. */
static gboolean
is_nul_escape (const Scan *scan)
{
  const char *p = scan->text + scan->pos;
  gsize left = scan->length - scan->pos;
  gsize n = 0;

  if (left >= 5 && memcmp (p, "u0000", 5) == 0)
    return TRUE;

  for (; n < 3 && n < left && p[n] >= '0' && p[n] <= '7'; n++)
    {
      if (p[n] != '0')
        return FALSE;
    }

  return n > 0;
}

static void
scan_bracket (Scan *scan,
              char  c)
{
  if (c == '[' || c == '{')
    {
      /* The line where the limit was first passed is the one to look at. */
      if (++scan->depth > scan->max_depth)
        {
          scan->max_depth = scan->depth;
          if (scan->depth == PP_JSON_MAX_DEPTH + 1)
            scan->deep_line = scan->line;
        }
    }
  else if (scan->depth > 0)
    scan->depth--;
}

static gboolean
scan_value_char (Scan    *scan,
                 char     c,
                 GError **error)
{
  gsize n;

  if (c == '"')
    scan->state = SCAN_STRING;
  else if (c == '\'')
    scan->state = SCAN_SQ_STRING;
  else if (c == '/' && scan->pos + 1 < scan->length && scan->text[scan->pos + 1] == '*')
    {
      scan->state = SCAN_COMMENT;
      scan->pos++;
    }
  else if (c == '[' || c == '{' || c == ']' || c == '}')
    scan_bracket (scan, c);
  else if (is_non_decimal_number (scan))
    {
      gsize end = scan->pos + 1;

      while (end < scan->length && end - scan->pos < 24 && is_word_char (scan->text[end]))
        end++;
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("line %u: “%.*s” is not a number (JSON numbers are decimal and have no leading zero)"),
                   scan->line, (int)(end - scan->pos), scan->text + scan->pos);
      return FALSE;
    }
  else if ((n = oversized_integer (scan)) > 0)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("line %u: “%.*s” has more digits than Perfcast reads exactly in a whole number"),
                   scan->line, (int)MIN (n, 40), scan->text + scan->pos);
      return FALSE;
    }

  return TRUE;
}

static gboolean
scan_string_char (Scan    *scan,
                  char     c,
                  GError **error)
{
  if (c == '"')
    scan->state = SCAN_VALUE;
  else if (c == '\\' && ++scan->pos < scan->length && is_nul_escape (scan))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("line %u: a string holds an escaped NUL character, which Perfcast cannot read"),
                   scan->line);
      return FALSE;
    }

  return TRUE;
}

/*
 * _pp_json_check_text:
 * @text: JSON text, not necessarily nul-terminated
 * @length: its length in bytes
 * @error: return location for a #GError
 *
 * Looks at @text once, before json-glib does, for what json-glib 1.6
 * would crash on (nesting deeper than its stack) or silently misread
 * (an escaped NUL, a hexadecimal, octal or binary number). Everything
 * else, including malformed JSON, is left to json-glib.
 *
 * Returns: %FALSE with a %PP_ERROR_PARSE @error that names the line
 *   (the caller adds the file's name) if json-glib must not see @text
 */
gboolean
_pp_json_check_text (const char  *text,
                     gsize        length,
                     GError     **error)
{
  Scan scan = { text, length, 0, 1, SCAN_VALUE, 0, 0, 0 };

  for (; scan.pos < length; scan.pos++)
    {
      char c = text[scan.pos];

      if (c == '\n')
        scan.line++;

      switch (scan.state)
        {
        case SCAN_VALUE:
          if (!scan_value_char (&scan, c, error))
            return FALSE;
          break;
        case SCAN_STRING:
          if (!scan_string_char (&scan, c, error))
            return FALSE;
          break;
        case SCAN_SQ_STRING:
          if (c == '\'')
            scan.state = SCAN_VALUE;
          break;
        case SCAN_COMMENT:
          if (c == '*' && scan.pos + 1 < length && text[scan.pos + 1] == '/')
            {
              scan.state = SCAN_VALUE;
              scan.pos++;
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (scan.max_depth > PP_JSON_MAX_DEPTH)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
                   _("line %u: arrays and objects are nested %u deep; Perfcast reads at most %u"),
                   scan.deep_line, scan.max_depth, PP_JSON_MAX_DEPTH);
      return FALSE;
    }

  return TRUE;
}

/*
 * _pp_json_parser_load_data:
 * @parser: a #JsonParser
 * @text: JSON text
 * @length: its length in bytes, or -1 if it is nul-terminated
 * @name: the file's name for error messages
 * @error: return location for a #GError
 *
 * Checks @text with _pp_json_check_text(), then hands it to @parser.
 * Every JSON that libpp reads goes through here: json-glib must never
 * see what would crash it.
 *
 * Returns: %TRUE if @parser holds @text's tree; otherwise %FALSE with a
 *   %PP_ERROR_PARSE @error that starts with @name
 */
gboolean
_pp_json_parser_load_data (JsonParser  *parser,
                           const char  *text,
                           gssize       length,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len = length < 0 ? strlen (text) : (gsize)length;

  if (!_pp_json_check_text (text, len, &local_error) ||
      !json_parser_load_from_data (parser, text, len, &local_error))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_PARSE, "%s: %s", name, local_error->message);
      return FALSE;
    }

  return TRUE;
}

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
