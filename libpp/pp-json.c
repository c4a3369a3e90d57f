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

/* An array or object the scan is in, up to PP_JSON_MAX_DEPTH deep: an
 * object's keys so far, decoded, to find one given twice. */
typedef struct
{
  GHashTable *keys;            /* kept for the next object this deep */
  gboolean    is_object;
  gboolean    expect_key;      /* after "{" or "," in an object */
} Level;

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
  GArray     *levels;          /* Level, one per depth from 1 */
  GString    *key;             /* scratch for a decoded key */
  gsize       key_start;       /* where the string being read starts, if a key */
  guint       key_line;
  gboolean    in_key;
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
 * \u0000, its scanner reads C's octal escapes of up to three digits and
 * keeps the value's low byte: \0, \00, \000 and \400 are NULs. */
static gboolean
is_nul_escape (const Scan *scan)
{
  const char *p = scan->text + scan->pos;
  gsize left = scan->length - scan->pos;
  guint value = 0;
  gsize n = 0;

  if (left >= 5 && memcmp (p, "u0000", 5) == 0)
    return TRUE;

  for (; n < 3 && n < left && p[n] >= '0' && p[n] <= '7'; n++)
    value = value * 8 + (p[n] - '0');

  return n > 0 && (value & 0xff) == 0;
}

/* The array or object the scan is in, or NULL at the top or past
 * PP_JSON_MAX_DEPTH, where the text is refused anyway. */
static Level *
current_level (Scan *scan)
{
  if (scan->depth == 0 || scan->depth > scan->levels->len)
    return NULL;

  return &g_array_index (scan->levels, Level, scan->depth - 1);
}

static void
clear_level (gpointer data)
{
  Level *level = data;

  g_clear_pointer (&level->keys, g_hash_table_unref);
}

static void
scan_bracket (Scan *scan,
              char  c)
{
  Level *level;

  if (c == '[' || c == '{')
    {
      /* The line where the limit was first passed is the one to look at. */
      if (++scan->depth > scan->max_depth)
        {
          scan->max_depth = scan->depth;
          if (scan->depth == PP_JSON_MAX_DEPTH + 1)
            scan->deep_line = scan->line;
        }
      if (scan->depth <= PP_JSON_MAX_DEPTH && scan->depth > scan->levels->len)
        g_array_set_size (scan->levels, scan->depth);
      if ((level = current_level (scan)) == NULL)
        return;
      level->is_object = level->expect_key = c == '{';
      /* A level's table of keys is emptied and kept for the next object
       * as deep: a saved fit has thousands of small ones. */
      if (c == '{' && level->keys == NULL)
        level->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      else if (c == '{')
        g_hash_table_remove_all (level->keys);
    }
  else if (scan->depth > 0)
    scan->depth--;
}

/* The UTF-16 unit of the four hex digits at @p, which has @left bytes. */
static gboolean
read_hex4 (const char *p,
           gsize       left,
           gunichar   *unit)
{
  *unit = 0;
  if (left < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return FALSE;
      *unit = *unit * 16 + g_ascii_xdigit_value (p[i]);
    }

  return TRUE;
}

/* Appends the character of the \u escape at @raw[@i] (its "u") to @out,
 * reading a pair of surrogates as one; returns how many bytes it took. */
static gsize
decode_unicode_escape (const char *raw,
                       gsize       length,
                       gsize       i,
                       GString    *out)
{
  gunichar unit, low;

  if (!read_hex4 (raw + i + 1, length - i - 1, &unit))
    {
      g_string_append_c (out, 'u');
      return 1;
    }

  if (unit >= 0xd800 && unit < 0xdc00 && i + 11 <= length && raw[i + 5] == '\\' && raw[i + 6] == 'u' &&
      read_hex4 (raw + i + 7, length - i - 7, &low) && low >= 0xdc00 && low < 0xe000)
    {
      g_string_append_unichar (out, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
      return 11;
    }

  g_string_append_unichar (out, unit);
  return 5;
}

/* The character a backslash before @c stands for, where @c is no "u"
 * and no octal digit. */
static char
unescape (char c)
{
  switch (c)
    {
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return c;
    }
}

/* Sets @out to the key @raw (@length bytes between its quotes) as
 * json-glib 1.6's scanner decodes it, so that keys spelled differently
 * compare equal when json-glib takes them for one: in a single-quoted
 * string nothing is an escape; in a double-quoted one, \uXXXX is a
 * UTF-16 unit, a backslash and up to three octal digits the byte they
 * make, and a backslash before any other character that character
 * (\b, \f, \n, \r and \t the control ones). */
static void
decode_key (const char *raw,
            gsize       length,
            gboolean    single_quoted,
            GString    *out)
{
  gsize i = 0;

  g_string_truncate (out, 0);
  if (single_quoted)
    {
      g_string_append_len (out, raw, length);
      return;
    }

  while (i < length)
    {
      guint value = 0, n = 0;

      if (raw[i] != '\\' || i + 1 >= length)
        {
          g_string_append_c (out, raw[i++]);
          continue;
        }
      if (raw[++i] == 'u')
        {
          i += decode_unicode_escape (raw, length, i, out);
          continue;
        }
      for (; n < 3 && i + n < length && raw[i + n] >= '0' && raw[i + n] <= '7'; n++)
        value = value * 8 + (raw[i + n] - '0');
      if (n > 0)
        g_string_append_c (out, (char)(value & 0xff));
      else
        g_string_append_c (out, unescape (raw[i]));
      i += MAX (n, 1);
    }
}

/* The key just read, to show the user: as json-glib reads it, or as
 * the text spells it where that would show control characters or
 * invalid UTF-8; cut after 40 characters. */
static char *
dup_shown_key (const Scan *scan)
{
  const char *text = scan->key->str;
  gsize length = scan->key->len;
  g_autofree char *valid = NULL;
  g_autofree char *cut = NULL;

  for (gsize i = 0; i < length; i++)
    if ((guchar)text[i] < 0x20 || text[i] == 0x7f)
      length = 0;
  if (length == 0 || !g_utf8_validate_len (text, length, NULL))
    {
      text = scan->text + scan->key_start;
      length = scan->pos - scan->key_start;
    }

  valid = g_utf8_make_valid (text, length);
  if (g_utf8_strlen (valid, -1) <= 40)
    return g_steal_pointer (&valid);

  cut = g_utf8_substring (valid, 0, 40);
  return g_strconcat (cut, "…", NULL);
}

/* Called at the quote that ends a string that is a key. */
static gboolean
check_key (Scan     *scan,
           GError  **error)
{
  Level *level = current_level (scan);
  gboolean single_quoted = scan->state == SCAN_SQ_STRING;
  g_autofree char *shown = NULL;

  scan->in_key = FALSE;
  g_assert (level != NULL && level->is_object);
  decode_key (scan->text + scan->key_start, scan->pos - scan->key_start, single_quoted, scan->key);
  if (g_hash_table_add (level->keys, g_strdup (scan->key->str)))
    return TRUE;

  shown = dup_shown_key (scan);
  /* translators: %u is a line of a JSON file, %s the name of a member
   * of a JSON object ("batch"), as the file gives it */
  g_set_error (error, PP_ERROR, PP_ERROR_PARSE, _("line %u: key “%s” appears twice in one object"),
               scan->key_line, shown);
  return FALSE;
}

/* Called at the quote that starts a string. */
static void
start_string (Scan      *scan,
              ScanState  state)
{
  Level *level = current_level (scan);

  scan->state = state;
  if (level != NULL && level->expect_key)
    {
      scan->in_key = TRUE;
      scan->key_start = scan->pos + 1;
      scan->key_line = scan->line;
      level->expect_key = FALSE;
    }
}

static gboolean
scan_value_char (Scan    *scan,
                 char     c,
                 GError **error)
{
  Level *level;
  gsize n;

  if (c == '"')
    start_string (scan, SCAN_STRING);
  else if (c == '\'')
    start_string (scan, SCAN_SQ_STRING);
  else if (c == ',' && (level = current_level (scan)) != NULL)
    level->expect_key = level->is_object;
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
  if (c == '"' && scan->in_key && !check_key (scan, error))
    return FALSE;
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
 * (an escaped NUL, a hexadecimal, octal or binary number, a key given
 * twice in one object, of which it keeps the last). Keys are compared
 * as json-glib decodes them. Everything else, including malformed
 * JSON, is left to json-glib.
 *
 * Returns: %FALSE with a %PP_ERROR_PARSE @error that names the line
 *   (the caller adds the file's name) if json-glib must not see @text
 */
gboolean
_pp_json_check_text (const char  *text,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(GArray) levels = g_array_new (FALSE, TRUE, sizeof (Level));
  g_autoptr(GString) key = g_string_new (NULL);
  Scan scan = { text, length, 0, 1, SCAN_VALUE, 0, 0, 0, levels, key, 0, 0, FALSE };

  g_array_set_clear_func (levels, clear_level);

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
          if (c == '\'' && scan.in_key && !check_key (&scan, error))
            return FALSE;
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
