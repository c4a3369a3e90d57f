/* pp-csv.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-csv-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pp-error.h"

void
_pp_csv_reader_init (PpCsvReader *reader,
                     const char  *data,
                     gsize        len)
{
  memset (reader, 0, sizeof *reader);
  reader->data = data;
  reader->len = len;
  reader->line = 1;
  reader->field = g_string_sized_new (64);

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    reader->pos = 3;
}

void
_pp_csv_reader_clear (PpCsvReader *reader)
{
  if (reader->field != NULL)
    g_string_free (reader->field, TRUE);
  reader->field = NULL;
}

static void
finish_field (PpCsvReader *reader,
              GPtrArray   *fields)
{
  g_ptr_array_add (fields, g_strndup (reader->field->str, reader->field->len));
  g_string_truncate (reader->field, 0);
}

/* Whether @c, just read, ends a line. Besides "\n" and "\r\n", a lone
 * "\r" does: spreadsheets on classic Mac OS wrote such files, and read
 * as one long line they would give a header and no rows, silently. */
static gboolean
is_line_end (PpCsvReader *reader,
             char         c)
{
  return c == '\n' ||
         (c == '\r' && (reader->pos >= reader->len || reader->data[reader->pos] != '\n'));
}

/* Reads a quoted field's body; pos is just past the opening quote. */
static gboolean
read_quoted (PpCsvReader  *reader,
             GError      **error)
{
  guint start_line = reader->line;

  while (reader->pos < reader->len)
    {
      char c = reader->data[reader->pos++];

      if (c == '"')
        {
          if (reader->pos < reader->len && reader->data[reader->pos] == '"')
            {
              g_string_append_c (reader->field, '"');
              reader->pos++;
              continue;
            }
          return TRUE;
        }

      if (is_line_end (reader, c))
        reader->line++;
      g_string_append_c (reader->field, c);
    }

  g_set_error (error, PP_ERROR, PP_ERROR_PARSE,
               _("a quoted field opened on line %u is never closed"), start_line);
  return FALSE;
}

static void
skip_blank_lines (PpCsvReader *reader)
{
  while (reader->pos < reader->len &&
         (reader->data[reader->pos] == '\n' || reader->data[reader->pos] == '\r'))
    {
      if (reader->data[reader->pos++] == '\r' && reader->pos < reader->len &&
          reader->data[reader->pos] == '\n')
        reader->pos++;
      reader->line++;
    }
}

/* Reads the next record into @fields (cleared first). Returns FALSE with
 * @at_end set at the end of the data, or FALSE with @error set when the
 * data is malformed. @record_line is the line the record starts on.
 */
gboolean
_pp_csv_reader_next (PpCsvReader  *reader,
                     GPtrArray    *fields,
                     guint        *record_line,
                     gboolean     *at_end,
                     GError      **error)
{
  g_ptr_array_set_size (fields, 0);
  *at_end = FALSE;

  skip_blank_lines (reader);
  if (reader->pos >= reader->len)
    {
      *at_end = TRUE;
      return FALSE;
    }

  *record_line = reader->line;

  for (;;)
    {
      char c;

      if (reader->pos >= reader->len)
        {
          finish_field (reader, fields);
          return TRUE;
        }

      c = reader->data[reader->pos++];

      if (c == '"' && reader->field->len == 0)
        {
          if (!read_quoted (reader, error))
            return FALSE;
        }
      else if (c == ',')
        finish_field (reader, fields);
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && reader->pos < reader->len && reader->data[reader->pos] == '\n')
            reader->pos++;
          reader->line++;
          finish_field (reader, fields);
          return TRUE;
        }
      else
        g_string_append_c (reader->field, c);
    }
}

void
_pp_csv_append_field (GString    *out,
                      const char *text)
{
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL && text[0] != ' ' &&
      (text[0] == 0 || text[strlen (text) - 1] != ' '))
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
