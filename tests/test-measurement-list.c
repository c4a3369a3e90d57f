/* test-measurement-list.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpp.h>
#include <math.h>
#include <unistd.h>

#include "pp-test-util.h"

static GListModel *
parse_text (const char   *text,
            const char   *name,
            GError      **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return pp_measurement_list_parse (bytes, name, PP_FILE_FORMAT_AUTO, error);
}

static PpMeasurement *
nth (GListModel *list,
     guint       n)
{
  PpMeasurement *m = g_list_model_get_item (list, n);

  /* The list keeps it alive. */
  g_object_unref (m);
  return m;
}

static void
test_quoted_fields (void)
{
  g_autofree char *path = pp_test_dup_data_path ("quoted.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;

  list = pp_measurement_list_load (file, PP_FILE_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);

  g_assert_cmpstr (pp_measurement_get_extra (nth (list, 0), "notes"), ==, "plain, with a comma");
  g_assert_cmpstr (pp_measurement_get_string (nth (list, 0), PP_COLUMN_FRAMEWORK), ==, "torch \"nightly\"");
  g_assert_cmpstr (pp_measurement_get_precision (nth (list, 0)), ==, "bf16");
  g_assert_cmpstr (pp_measurement_get_extra (nth (list, 1), "notes"), ==, "two\nlines");
  g_assert_true (isnan (pp_measurement_get_memory_mb (nth (list, 1))));
  g_assert_null (pp_measurement_get_extra (nth (list, 2), "notes"));
  g_assert_cmpuint (pp_measurement_get_seq_len (nth (list, 2)), ==, 1024);
  g_assert_cmpstr (pp_measurement_get_phase (nth (list, 2)), ==, "decode");
}

static void
test_crlf_bom_blank_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;

  list = parse_text ("\xef\xbb\xbfmodel,hardware,latency_ms\r\n\r\nm1,h1,1.5\r\nm2,h2,2\r\n\n",
                     "crlf.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_assert_cmpstr (pp_measurement_get_model (nth (list, 0)), ==, "m1");
  g_assert_cmpfloat (pp_measurement_get_latency_ms (nth (list, 1)), ==, 2.0);
}

static void
assert_parse_error (const char *text,
                    const char *name,
                    const char *needle1,
                    const char *needle2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = parse_text (text, name, &error);

  g_assert_null (list);
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
  if (strstr (error->message, needle1) == NULL || (needle2 && strstr (error->message, needle2) == NULL))
    g_error ("“%s” lacks “%s” or “%s”", error->message, needle1, needle2 ? needle2 : "");
}

static void
test_csv_errors (void)
{
  /* Line numbers count physical lines: the quoted field spans two. */
  assert_parse_error ("model,hardware,batch,latency_ms,notes\n"
                      "m,h,1,2,\"a\nb\"\n"
                      "m,h,-4,2,x\n",
                      "f.csv", "f.csv:4 (data row 2): column “batch”", "-4");
  assert_parse_error ("model,hardware,latency_ms\nm,h\n", "f.csv", "f.csv:2", "2 fields");
  assert_parse_error ("model,latency_ms\nm,1\n", "f.csv", "f.csv:1", "“hardware”");
  assert_parse_error ("model,hardware,batch\nm,h,1\n", "f.csv", "missing required column", NULL);
  assert_parse_error ("model,hardware,model,latency_ms\n", "f.csv", "appears twice", NULL);
  assert_parse_error ("", "f.csv", "empty", NULL);
  assert_parse_error ("model,hardware,latency_ms\nm,h,\"1\n", "f.csv", "never closed", NULL);
  assert_parse_error ("model,hardware,latency_ms\nm,,1\n", "f.csv", "f.csv:2", "hardware");
  assert_parse_error ("model,hardware,latency_ms,memory_mb\nm,h,,\n", "f.csv", "no measured value", NULL);
  assert_parse_error ("model,hardware,latency_ms\nm,h,\xff\n", "f.csv", "not UTF-8", NULL);
}

static void
test_json_parse_and_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;

  list = parse_text ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": 2, \"latency_ms\": 1.25,"
                     " \"seq_len\": null, \"lab\": \"x\"}]", "f.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_cmpuint (pp_measurement_get_batch (nth (list, 0)), ==, 2);
  g_assert_cmpstr (pp_measurement_get_extra (nth (list, 0), "lab"), ==, "x");

  assert_parse_error ("{\"model\": 1}", "f.json", "JSON array", NULL);
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"latency_ms\": 1}, "
                      "{\"model\": \"m\", \"hardware\": \"h\", \"batch\": 0, \"latency_ms\": 1}]",
                      "f.json", "record 2: column “batch”", NULL);
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"latency_ms\": true}]",
                      "f.json", "boolean", NULL);
  assert_parse_error ("[{\"model\": ", "f.json", "f.json", NULL);
}

/* Classic Mac OS ended lines with a lone CR; read as one long line, such
 * a file gave a header and no rows, and no error. */
static void
test_cr_line_endings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;

  list = parse_text ("model,hardware,batch,latency_ms,memory_mb\rbert-base,nvidia-h200,1,3.5,400\r"
                     "\rm2,h2,2,\"4\r5\",\r", "mac.csv", &error);
  g_assert_null (list);
  /* A lone CR ends lines 1 to 3; inside quotes it stays in the cell. */
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
  if (strstr (error->message, "mac.csv:4") == NULL || strstr (error->message, "4\r5") == NULL)
    g_error ("“%s” names the wrong line or cell", error->message);
  g_clear_error (&error);

  list = parse_text ("model,hardware,batch,latency_ms,memory_mb\rbert-base,nvidia-h200,1,3.5,400\r"
                     "\rm2,h2,2,4,\r\nm3,h3,3,5,6", "mac.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  g_assert_cmpstr (pp_measurement_get_model (nth (list, 0)), ==, "bert-base");
  g_assert_cmpfloat (pp_measurement_get_memory_mb (nth (list, 0)), ==, 400.0);
  g_assert_true (isnan (pp_measurement_get_memory_mb (nth (list, 1))));
  g_assert_cmpuint (pp_measurement_get_batch (nth (list, 2)), ==, 3);
}

static void
assert_json_parses (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = parse_text (text, "f.json", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
}

/* g_ascii_strtod() and json-glib read "0x10" as 16, and json-glib reads
 * 010 as 8: no other reader of the file would. */
static void
test_non_decimal_numbers (void)
{
  assert_parse_error ("model,hardware,batch,latency_ms\nm,h,0x10,3.5\n", "f.csv",
                      "column “batch”", "“0x10” is not a number");
  assert_parse_error ("model,hardware,batch,latency_ms\nm,h,1,-0X1p4\n", "f.csv",
                      "column “latency_ms”", "not a number");
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": \"0x10\", \"latency_ms\": 1}]",
                      "f.json", "column “batch”", "“0x10” is not a number");
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\",\n \"batch\": 0x10, \"latency_ms\": 1}]",
                      "f.json", "f.json: line 2", "“0x10” is not a number");
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": 010, \"latency_ms\": 1}]",
                      "f.json", "f.json: line 1", "“010” is not a number");
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": 1, \"latency_ms\": -0b1}]",
                      "f.json", "f.json: line 1", "“0b1” is not a number");

  /* json-glib also reads "$10" as 16, and wraps whole numbers beyond 64
   * bits: 18446744073709551617 read as -1. */
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": $10, \"latency_ms\": 1}]",
                      "f.json", "f.json: line 1", "“$10” is not a number");
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": 18446744073709551617, \"latency_ms\": 1}]",
                      "f.json", "f.json: line 1", "“18446744073709551617” has more digits");

  /* json-glib reads 1e400 as infinity, which was stored as no value. */
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": 1e400, \"latency_ms\": 1}]",
                      "f.json", "column “batch”", "too large to read");

  /* An exponent may start with a zero, as json-glib writes them; a long
   * number with a fraction or an exponent is a double, read as one. */
  assert_json_parses ("[{\"model\": \"m\", \"hardware\": \"h\", \"latency_ms\": 1.5E-05, \"memory_mb\": 2e+03}]");
  assert_json_parses ("[{\"model\": \"m\", \"hardware\": \"h\", \"latency_ms\": 0.12345678901234567890123,"
                      " \"memory_mb\": 12345678901234567890e-10, \"tokens_per_s\": 123456789012345678}]");
}

/* json-glib decodes \u0000 into a C string, which ends there: a model
 * "bert\u0000base" was read as "bert". */
static void
test_json_nul_escape (void)
{
  assert_parse_error ("[{\"model\": \"bert\\u0000base\", \"hardware\": \"h\", \"latency_ms\": 1}]",
                      "f.json", "f.json: line 1", "NUL");
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"latency_ms\": 1, \"x\\u0000\": \"y\"}]",
                      "f.json", "f.json: line 1", "NUL");
  /* json-glib also reads C's octal escapes, keeping the low byte of
   * three digits: \400 is 256, and a NUL too. */
  assert_parse_error ("[{\"model\": \"bert\\0\", \"hardware\": \"h\", \"latency_ms\": 1}]",
                      "f.json", "f.json: line 1", "NUL");
  assert_parse_error ("[{\"model\": \"bert\\400\", \"hardware\": \"h\", \"latency_ms\": 1}]",
                      "f.json", "f.json: line 1", "NUL");

  /* An escaped backslash before "u0000", other \u escapes, and the same
   * text outside strings or in a comment are no NUL. */
  assert_json_parses ("[{\"model\": \"a\\\\u0000b\", \"hardware\": \"h\\u0041\", \"latency_ms\": 1}]");
  assert_json_parses ("[{\"model\": \"m\", \"hardware\": \"h\", /* \\u0000 0x10 \" */ \"latency_ms\": 1}]");
  assert_json_parses ("[{\"model\": \"m\", \"hardware\": \"h\\\"\", \"latency_ms\": 0.5e010}]");
  assert_json_parses ("[{\"model\": \"m\\101\\1000\", \"hardware\": \"h\", \"latency_ms\": 1}]");
}

/* json-glib keeps the last of two members of one name: a record with
 * "batch" twice was read with its second batch size, and nobody told.
 * Keys are compared as json-glib decodes them, so "b\u0061tch" and a
 * single-quoted 'batch' (which json-glib also reads) are "batch" too.
 * The same key in another record, or as a value, is no repeat. */
static void
test_json_duplicate_keys (void)
{
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": 2, \"latency_ms\": 1,\n"
                      "  \"batch\": 4}]",
                      "f.json", "f.json: line 2: key “batch” appears twice in one object", NULL);
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": 2, \"latency_ms\": 1,"
                      " \"b\\u0061tch\": 4}]",
                      "f.json", "f.json: line 1: key “batch” appears twice", NULL);
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": 2, \"latency_ms\": 1,"
                      " 'batch': 4}]",
                      "f.json", "key “batch” appears twice", NULL);
  assert_parse_error ("[{\"model\": \"m\", \"hardware\": \"h\", \"batch\": 2, \"latency_ms\": 1},\n"
                      " {\"model\": \"m\", \"model\": \"n\", \"hardware\": \"h\", \"latency_ms\": 1}]",
                      "f.json", "f.json: line 2: key “model” appears twice", NULL);

  assert_json_parses ("[{\"model\": \"batch\", \"hardware\": \"h\", \"batch\": 2, /* \"batch\": */"
                      " \"latency_ms\": 1, \"Batch\": \"x\", \"batch \": \"y\", \"b\\\\u0061tch\": \"z\"}]");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) list = parse_text ("[{\"model\": \"m\", \"hardware\": \"h\", \"latency_ms\": 1},"
                                             " {\"model\": \"m\", \"hardware\": \"h\", \"latency_ms\": 2}]",
                                             "f.json", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  }
}

/* json-glib 1.6 recurses once per level of nesting: a file of 100000
 * "[" overflowed the stack. */
static void
test_json_deep_nesting (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) bracketed = g_string_new ("[{\"model\": \"");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append (deep, i < 100000 ? "[" : i == 100000 ? "\n]" : "]");
  assert_parse_error (deep->str, "deep.json", "deep.json: line 1", "nested 100000 deep");

  path = pp_test_write_temp ("deep.json", deep->str);
  file = g_file_new_for_path (path);
  list = pp_measurement_list_load (file, PP_FILE_FORMAT_AUTO, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "deep.json"));
  g_assert_nonnull (strstr (error->message, "nested 100000 deep"));

  /* Two hundred levels are still read (and refused for what they hold),
   * and brackets in strings, single-quoted ones and comments count for
   * nothing. */
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 400; i++)
    g_string_append_c (deep, i < 200 ? '[' : ']');
  assert_parse_error (deep->str, "f.json", "record 1: expected an object", NULL);
  for (guint i = 0; i < 300; i++)
    g_string_append (bracketed, "[{");
  g_string_append (bracketed, "\", \"hardware\": '[[[[', /* [[[[ */ \"latency_ms\": 1}]");
  assert_json_parses (bracketed->str);
}

/* Mapping a folder failed with "mmap() failed: No such device". */
static void
test_load_folder (void)
{
  g_autoptr(GFile) folder = g_file_new_for_path (g_get_tmp_dir ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;

  list = pp_measurement_list_load (folder, PP_FILE_FORMAT_CSV, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "is a folder, not a file"));
}

static GListModel *
round_trip (GListModel   *list,
            PpFileFormat  format)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *back;

  g_assert_true (pp_measurement_list_write (list, out, format, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

  back = pp_measurement_list_parse (bytes, NULL, format, &error);
  g_assert_no_error (error);

  return back;
}

static void
test_round_trip (void)
{
  g_autofree char *path = pp_test_dup_data_path ("quoted.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) list = pp_measurement_list_load (file, PP_FILE_FORMAT_AUTO, NULL, NULL);
  PpFileFormat formats[] = { PP_FILE_FORMAT_CSV, PP_FILE_FORMAT_JSON };

  g_assert_nonnull (list);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(GListModel) back = round_trip (list, formats[f]);

      g_assert_cmpuint (g_list_model_get_n_items (back), ==, g_list_model_get_n_items (list));
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        g_assert_true (pp_measurement_equal (nth (list, i), nth (back, i)));
    }
}

/* Saving replaces the file with a new one: it took the mode of a new
 * file (0644 under the usual umask), and a file kept from the group's
 * or everyone's eyes became readable by them. Through a symbolic link,
 * the mode is the linked file's. */
static void
test_save_keeps_mode (void)
{
  g_autofree char *data = pp_test_dup_data_path ("quoted.csv");
  g_autoptr(GFile) source = g_file_new_for_path (data);
  g_autoptr(GListModel) list = pp_measurement_list_load (source, PP_FILE_FORMAT_AUTO, NULL, NULL);
  g_autofree char *path = pp_test_write_temp ("private.csv", "old\n");
  g_autofree char *link = pp_test_dup_temp_path ("link.csv");
  const char *targets[] = { path, link };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (list);
  g_assert_cmpint (symlink ("private.csv", link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (targets[i]);
      guint mode = i == 0 ? 0640 : 0604;
      GStatBuf st;

      g_assert_cmpint (g_chmod (path, mode), ==, 0);
      g_assert_true (pp_measurement_list_save (list, file, PP_FILE_FORMAT_CSV, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_lstat (link, &st), ==, 0);
      g_assert_true (S_ISLNK (st.st_mode));
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpuint (st.st_size, >, 4);
      g_assert_cmpuint (st.st_mode & 07777, ==, mode);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Pp/MeasurementList/csv/quoted-fields", test_quoted_fields);
  g_test_add_func ("/Pp/MeasurementList/csv/crlf-bom-blank-lines", test_crlf_bom_blank_lines);
  g_test_add_func ("/Pp/MeasurementList/csv/errors", test_csv_errors);
  g_test_add_func ("/Pp/MeasurementList/csv/cr-line-endings", test_cr_line_endings);
  g_test_add_func ("/Pp/MeasurementList/non-decimal-numbers", test_non_decimal_numbers);
  g_test_add_func ("/Pp/MeasurementList/json/parse-and-errors", test_json_parse_and_errors);
  g_test_add_func ("/Pp/MeasurementList/json/nul-escape", test_json_nul_escape);
  g_test_add_func ("/Pp/MeasurementList/json/deep-nesting", test_json_deep_nesting);
  g_test_add_func ("/Pp/MeasurementList/json/duplicate-keys", test_json_duplicate_keys);
  g_test_add_func ("/Pp/MeasurementList/load-folder", test_load_folder);
  g_test_add_func ("/Pp/MeasurementList/round-trip", test_round_trip);
  g_test_add_func ("/Pp/MeasurementList/save-keeps-mode", test_save_keeps_mode);

  return g_test_run ();
}
