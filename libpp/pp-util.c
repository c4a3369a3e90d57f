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
#include <fcntl.h>
#include <gio/gfiledescriptorbased.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
  const char *digits;
  char *end = NULL;
  double v;

  while (*text == ' ' || *text == '\t')
    text++;

  /* g_ascii_strtod() also reads hexadecimal ("0x10" is 16, "0x1p4" too),
   * which no spreadsheet means by such a cell, and skips more kinds of
   * white space than the blanks allowed here. */
  digits = text + (*text == '+' || *text == '-');
  if (!(g_ascii_isdigit (*digits) || *digits == '.') ||
      (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')))
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

/* The descriptor @path names, or -1: /dev/stdout and /dev/stderr, and
 * /dev/fd/N and /proc/self/fd/N (or this process's number). Such a link
 * leads to whatever the descriptor is open on, a file the shell may
 * have opened for appending; replacing that file would lose what it
 * held, so the descriptor itself is written to. */
static int
descriptor_of (const char *path)
{
  g_autofree char *own = g_strdup_printf ("/proc/%d/fd/", (int)getpid ());
  const char *number = NULL;
  char *end = NULL;
  gint64 fd;

  if (g_str_equal (path, "/dev/stdout"))
    return STDOUT_FILENO;
  if (g_str_equal (path, "/dev/stderr"))
    return STDERR_FILENO;

  if (g_str_has_prefix (path, "/dev/fd/"))
    number = path + strlen ("/dev/fd/");
  else if (g_str_has_prefix (path, "/proc/self/fd/"))
    number = path + strlen ("/proc/self/fd/");
  else if (g_str_has_prefix (path, own))
    number = path + strlen (own);
  if (number == NULL || !g_ascii_isdigit (*number))
    return -1;

  fd = g_ascii_strtoll (number, &end, 10);
  return *end == '\0' && fd <= G_MAXINT ? (int)fd : -1;
}

/* The file a chain of symbolic links ends at, whether or not it exists:
 * replacing the link itself would cut it from the file it names (as
 * root, -o /dev/stdout once replaced the system's /dev/stdout). A
 * relative link is read from its folder as the kernel finds it, through
 * any linked folders on the way: as text, "a/../b" would skip them.
 * Returns NULL, with @fd set, at a link to a descriptor (see
 * descriptor_of()). */
static char *
resolve_links (const char *path,
               int        *fd)
{
  g_autofree char *current = g_strdup (path);

  /* As many links as the kernel follows (MAXSYMLINKS) before ELOOP. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *target = NULL;
      g_autofree char *dir = NULL;
      char *physical;

      if ((*fd = descriptor_of (current)) >= 0)
        return NULL;
      if (!(target = g_file_read_link (current, NULL)))
        break;

      dir = g_path_get_dirname (current);
      if (!g_path_is_absolute (target) && (physical = realpath (dir, NULL)) != NULL)
        {
          g_free (dir);
          dir = g_strdup (physical);
          free (physical);
        }
      g_free (current);
      current = g_path_is_absolute (target) ? g_steal_pointer (&target)
                                            : g_build_filename (dir, target, NULL);
    }

  return g_steal_pointer (&current);
}

/* Sets @error from @cause, GIO's failure to open @target (which @path
 * resolved to), so that it names the path the user gave. */
static void
set_open_error (GError     **error,
                const char  *path,
                const char  *target,
                GError      *cause)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *dir_name = g_filename_display_name (dir);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
      !g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 /* translators: %s: the file to write, %s: its folder */
                 _("Cannot write “%s”: there is no folder “%s”"), path, dir_name);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                 _("Cannot write “%s”: it is a folder"), path);
  else
    g_set_error (error, cause->domain, cause->code,
                 /* translators: %s: the file to write, %s: why not */
                 _("Cannot write “%s”: %s"), path, cause->message);
}

/* A device or FIFO (/dev/null, /dev/stdout on a terminal or a pipe, a
 * named pipe) is written to as a stream: it cannot be replaced. */
static GOutputStream *
open_in_place (const char  *path,
               const char  *name,
               GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY, 0);

  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot write “%s”: %s"), name, g_strerror (errsv));
      return NULL;
    }

  return g_unix_output_stream_new (fd, TRUE);
}

/* Gives the temporary file behind @stream, which will replace @path,
 * the permissions @path has. With G_FILE_CREATE_REPLACE_DESTINATION,
 * GIO always writes a new file and renames it over the old one (without
 * it, GIO writes in place whenever it cannot give the new file the old
 * one's owner), but leaves the new file the mode it was created with:
 * a file of mode 0600 or 0640 came back 0644. Only the permission bits
 * are kept: the new file is the writer's, and a set-user-ID bit would
 * now run as them. A mode that cannot be kept is an error rather than
 * a file open to more eyes than before. */
static gboolean
keep_mode (GFileOutputStream  *stream,
           const char         *path,
           const char         *name,
           GError            **error)
{
  GStatBuf st;
  int errsv;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || !G_IS_FILE_DESCRIPTOR_BASED (stream))
    return TRUE;

  if (fchmod (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (stream)), st.st_mode & 0777) == 0)
    return TRUE;

  errsv = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Cannot write “%s”: %s"), name, g_strerror (errsv));
  return FALSE;
}

/* Opens @file for writing as the user means it: a symbolic link is
 * followed and the file it names is replaced atomically, as a regular
 * or missing file is, when the stream is closed, keeping the replaced
 * file's permissions; a device or FIFO is written in place. Close a replacing stream with a cancelled
 * cancellable to leave the old file as it was. Errors name @file as
 * the user gave it, never a temporary file. */
GOutputStream *
_pp_file_open_output (GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *target = NULL;
  g_autoptr(GFile) target_file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  int fd;

  /* Not a local file: GIO knows what replacing it means. */
  if (path == NULL)
    return (GOutputStream *)g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                            cancellable, error);

  if (!(target = resolve_links (path, &fd)))
    {
      if ((fd = dup (fd)) < 0)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       _("Cannot write “%s”: %s"), name, g_strerror (errsv));
          return NULL;
        }
      return g_unix_output_stream_new (fd, TRUE);
    }

  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode))
    return open_in_place (path, name, error);

  target_file = g_file_new_for_path (target);
  stream = g_file_replace (target_file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &local_error);
  if (stream == NULL)
    {
      set_open_error (error, name, target, local_error);
      return NULL;
    }

  if (!keep_mode (stream, path, name, error))
    {
      _pp_file_abandon_output ((GOutputStream *)stream);
      return NULL;
    }

  return (GOutputStream *)g_steal_pointer (&stream);
}

/* Writes @data to @file as _pp_file_open_output() opens it: whole or
 * not at all, where the file can be replaced. */
gboolean
_pp_file_set_contents (GFile       *file,
                       const void  *data,
                       gsize        len,
                       GError     **error)
{
  g_autoptr(GOutputStream) stream = _pp_file_open_output (file, NULL, error);

  if (stream == NULL)
    return FALSE;

  if (!g_output_stream_write_all (stream, data, len, NULL, NULL, error))
    {
      _pp_file_abandon_output (stream);
      _pp_file_prefix_error (error, file);
      return FALSE;
    }

  if (!g_output_stream_close (stream, NULL, error))
    {
      _pp_file_prefix_error (error, file);
      return FALSE;
    }

  return TRUE;
}

/* Closes @stream from _pp_file_open_output() so that a file it would
 * have replaced stays as it was. */
void
_pp_file_abandon_output (GOutputStream *stream)
{
  /* Closing a cancelled replace stream discards the temporary file. */
  g_autoptr(GCancellable) abort = g_cancellable_new ();

  g_cancellable_cancel (abort);
  g_output_stream_close (stream, abort, NULL);
}

/* For an error in writing to or closing a stream on @file, whose GIO
 * message ("Error writing to file: No space left on device") names no file. */
void
_pp_file_prefix_error (GError **error,
                       GFile   *file)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_prefix_error (error, _("Cannot write “%s”: "), name);
}

/* The contents of @file, to be parsed: mapped when it is a local
 * regular file (Sysprof maps its captures the same way), read through
 * GIO otherwise (a remote file, a pipe such as /dev/stdin, a device),
 * where the error is prefixed with its name: GIO's ("Operation not
 * supported" for sftp:// without gvfs) names none. A folder is refused
 * up front, as mapping one fails with "mmap() failed: No such device",
 * which tells the user nothing. */
GBytes *
_pp_file_load_bytes (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = NULL;
  GBytes *bytes;

  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      if (!(mapped = g_mapped_file_new (path, FALSE, error)))
        return NULL;
      return g_mapped_file_get_bytes (mapped);
    }

  name = g_file_get_parse_name (file);
  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("“%s” is a folder, not a file"), name);
      return NULL;
    }

  if (!(bytes = g_file_load_bytes (file, cancellable, NULL, error)))
    g_prefix_error (error, "%s: ", name);
  return bytes;
}
