/* pp-util.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-dirs-private.h"
#include "pp-util-private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Same contract as g_set_str(), which needs GLib 2.76. */
gboolean
_pp_set_str (char       **dest,
             const char  *src)
{
  char *copy;

  if (*dest == src || g_strcmp0 (*dest, src) == 0)
    return FALSE;

  copy = g_strdup (src);
  g_free (*dest);
  *dest = copy;

  return TRUE;
}

/* Prints the shortest decimal that reads back as the same double, so
 * that "7.6105" exports as "7.6105" and not "7.6104999999999998":
 * exports stay byte-comparable with the files they came from.
 */
const char *
_pp_format_number (char   buf[PP_NUMBER_BUF_SIZE],
                   double value)
{
  if (!isfinite (value))
    {
      buf[0] = 0;
      return buf;
    }

  if (value == floor (value) && fabs (value) < 1e15)
    {
      g_snprintf (buf, PP_NUMBER_BUF_SIZE, "%.0f", value);
      return buf;
    }

  for (int precision = 15; precision <= 17; precision++)
    {
      g_ascii_formatd (buf, PP_NUMBER_BUF_SIZE,
                       precision == 15 ? "%.15g" : precision == 16 ? "%.16g" : "%.17g",
                       value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  return buf;
}

/* Accepts a whole, finite C-locale number with optional surrounding
 * blanks; "12abc", "", "nan" and "inf" are refused.
 */
gboolean
_pp_parse_number (const char *text,
                  double     *value)
{
  char *end = NULL;
  double v;

  while (*text == ' ' || *text == '\t')
    text++;
  if (*text == 0)
    return FALSE;

  errno = 0;
  v = g_ascii_strtod (text, &end);
  if (end == text || errno == ERANGE || !isfinite (v))
    return FALSE;

  while (*end == ' ' || *end == '\t')
    end++;
  if (*end != 0)
    return FALSE;

  *value = v;
  return TRUE;
}

/* The spelling used to match names from other people's data against the
 * catalog: lower case, and runs of blanks, underscores and dashes folded
 * into one dash. data/datasets/convert.py applies the same rule.
 */
char *
_pp_normalize_name (const char *name)
{
  GString *out = g_string_new (NULL);
  gboolean pending_dash = FALSE;

  for (const char *p = name; *p; p++)
    {
      char c = *p;

      if (c == ' ' || c == '_' || c == '-' || c == '\t')
        {
          pending_dash = out->len > 0;
          continue;
        }

      if (pending_dash)
        g_string_append_c (out, '-');
      pending_dash = FALSE;
      g_string_append_c (out, g_ascii_tolower (c));
    }

  return g_string_free (out, FALSE);
}

/* The catalog and the default data sets: data/ of the source tree while
 * developing, $datadir/perfcast once installed, or PERFCAST_DATA_DIR.
 */
const char *
_pp_get_data_dir (void)
{
  static char *data_dir;

  if (g_once_init_enter (&data_dir))
    g_once_init_leave (&data_dir, _pp_resolve_dir ("PERFCAST_DATA_DIR", PP_SOURCE_DATADIR, PACKAGE_DATADIR));

  return data_dir;
}

char *
_pp_json_escape (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 2);

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *)text; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char)*p);
        }
    }
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

/* For g_array_sort() of doubles. */
int
_pp_compare_doubles (gconstpointer a,
                     gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* For g_ptr_array_sort() of strings. */
int
_pp_compare_string_ptrs (gconstpointer a,
                         gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}
