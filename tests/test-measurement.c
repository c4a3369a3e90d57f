/* test-measurement.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libpp.h>
#include <math.h>

static PpMeasurement *
new_valid (void)
{
  PpMeasurement *m = pp_measurement_new ();

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "nvidia-h200");
  pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, 7.6105);

  return m;
}

static void
test_numbers_round_trip (void)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(GError) error = NULL;
  struct { const char *in, *out; } cases[] = {
    { "7.6105", "7.6105" },
    { "1.0", "1" },
    { "1e3", "1000" },
    { " 0.1 ", "0.1" },
    { "109.48", "109.48" },
    { "0.30000000000000004", "0.30000000000000004" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;

      g_assert_true (pp_measurement_set_field (m, "latency_ms", cases[i].in, &error));
      g_assert_no_error (error);
      text = pp_measurement_dup_field (m, "latency_ms");
      g_assert_cmpstr (text, ==, cases[i].out);
    }

  g_assert_true (pp_measurement_set_field (m, "latency_ms", "", &error));
  g_assert_false (pp_measurement_has_value (m, PP_COLUMN_LATENCY_MS));
  g_assert_true (isnan (pp_measurement_get_latency_ms (m)));
  g_assert_null (pp_measurement_dup_field (m, "latency_ms"));
}

static void
test_field_errors (void)
{
  struct { const char *column, *text, *needle; } cases[] = {
    { "batch", "-4", "at least 1" },
    { "batch", "0", "at least 1" },
    { "batch", "2.5", "whole number" },
    /* Read back as guint, a larger one would become 0, "not reported". */
    { "batch", "4294967296", "too large" },
    { "seq_len", "1e20", "too large" },
    { "layers", "-1", "negative" },
    { "latency_ms", "abc", "not a number" },
    { "latency_ms", "nan", "not a number" },
    { "latency_ms", "0", "greater than zero" },
    { "latency_ms", "12ms", "not a number" },
    /* g_ascii_strtod() reads hexadecimal, which no spreadsheet means. */
    { "batch", "0x10", "not a number" },
    { "latency_ms", " -0X1p4", "not a number" },
    { "latency_ms", "inf", "not a number" },
    { "latency_ms", "\n5", "not a number" },
    { "precision", "fp13", "Unknown precision" },
    { "phase", "train", "Unknown phase" },
    { "timestamp", "yesterday", "ISO 8601" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpMeasurement) m = new_valid ();
      g_autoptr(GError) error = NULL;

      g_assert_false (pp_measurement_set_field (m, cases[i].column, cases[i].text, &error));
      g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_assert_nonnull (strstr (error->message, cases[i].text));
    }
}

/* The schema says ISO 8601: a date alone is a time too (its midnight,
 * in UTC), as is a time that names no zone (in UTC). Either is kept as
 * it was written, as every cell is. */
static void
test_timestamps (void)
{
  const char *accepted[] = {
    "2026-11-20", "20261120", "2026-W47-5", "2026-324", "2026-11-20T10:00:00",
    "2026-11-20T10:00:00.5+01:00", "2026-11-20 10:00:00Z",
  };
  const char *refused[] = {
    "yesterday", "2026-11", "2026", "2026-13-01", "2026-11-20T", "2026-11-20Z", "2026-11-20 ", "T10:00:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(PpMeasurement) m = new_valid ();
      g_autoptr(GError) error = NULL;

      g_assert_true (pp_measurement_set_field (m, "timestamp", accepted[i], &error));
      g_assert_no_error (error);
      g_assert_cmpstr (pp_measurement_get_string (m, PP_COLUMN_TIMESTAMP), ==, accepted[i]);
      g_assert_true (pp_measurement_validate (m, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(PpMeasurement) m = new_valid ();
      g_autoptr(GError) error = NULL;

      g_assert_false (pp_measurement_set_field (m, "timestamp", refused[i], &error));
      g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "is not an ISO 8601 time"));
    }
}

static void
test_canonical_precision (void)
{
  g_autoptr(PpMeasurement) m = new_valid ();
  g_autoptr(GError) error = NULL;
  PpPrecision p;

  g_assert_true (pp_measurement_set_field (m, "precision", "BF16", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pp_measurement_get_precision (m), ==, "bf16");

  g_assert_true (pp_precision_from_string ("int2", &p, NULL));
  g_assert_cmpint (p, ==, PP_PRECISION_INT2);
  g_assert_cmpuint (pp_precision_get_bits (p), ==, 2);
  g_assert_cmpuint (pp_precision_get_bits (PP_PRECISION_BF16), ==, 16);
  g_assert_cmpstr (pp_precision_to_string (PP_PRECISION_FP8), ==, "fp8");
}

static void
test_validate (void)
{
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (pp_measurement_validate (m, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "model"));
  g_clear_error (&error);

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
  g_assert_false (pp_measurement_validate (m, &error));
  g_assert_nonnull (strstr (error->message, "hardware"));
  g_clear_error (&error);

  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "nvidia-h200");
  pp_measurement_set_number (m, PP_COLUMN_BATCH, 4);
  g_assert_false (pp_measurement_validate (m, &error));
  g_assert_nonnull (strstr (error->message, "no measured value"));
  g_clear_error (&error);

  pp_measurement_set_number (m, PP_COLUMN_MEMORY_MB, 512);
  g_assert_true (pp_measurement_validate (m, &error));
  g_assert_no_error (error);
}

/* The typed setters do not check, so validate() must apply the rules a
 * file's cells meet: a store takes only what its export reads back, and
 * a fit only what it can learn from. */
static void
test_validate_cells (void)
{
  struct { PpColumn column; double number; const char *text, *needle, *value; } cases[] = {
    { PP_COLUMN_BATCH, 0, NULL, "at least 1", "“0”" },
    { PP_COLUMN_BATCH, -4, NULL, "at least 1", "“-4”" },
    { PP_COLUMN_BATCH, 2.5, NULL, "whole number", "“2.5”" },
    { PP_COLUMN_THREADS, -3, NULL, "negative", "“-3”" },
    { PP_COLUMN_SEQ_LEN, -128, NULL, "negative", "“-128”" },
    { PP_COLUMN_INPUT_SIZE, -224, NULL, "negative", "“-224”" },
    { PP_COLUMN_LATENCY_MS, 0, NULL, "greater than zero", "“0”" },
    { PP_COLUMN_LATENCY_MS, -1, NULL, "greater than zero", "“-1”" },
    { PP_COLUMN_LATENCY_MS, INFINITY, NULL, "not a number", "“inf”" },
    { PP_COLUMN_MEMORY_MB, -INFINITY, NULL, "not a number", "“-inf”" },
    { PP_COLUMN_PRECISION, NAN, "fp13", "Unknown precision", "“fp13”" },
    { PP_COLUMN_PHASE, NAN, "train", "Unknown phase", "“train”" },
    { PP_COLUMN_TIMESTAMP, NAN, "yesterday", "ISO 8601", "“yesterday”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpMeasurement) m = new_valid ();
      g_autoptr(GError) error = NULL;
      g_autofree char *column = g_strdup_printf ("column “%s”", pp_column_get_name (cases[i].column));

      if (cases[i].text != NULL)
        pp_measurement_set_string (m, cases[i].column, cases[i].text);
      else
        pp_measurement_set_number (m, cases[i].column, cases[i].number);

      g_assert_false (pp_measurement_validate (m, &error));
      g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, column));
      g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_assert_nonnull (strstr (error->message, cases[i].value));
    }

  /* What a file may hold, the API may set: a memory of 0 (a backend
   * without device memory) and a precision in any case, kept as the
   * reader keeps it. */
  {
    g_autoptr(PpMeasurement) m = new_valid ();
    g_autoptr(GError) error = NULL;

    pp_measurement_set_number (m, PP_COLUMN_MEMORY_MB, 0);
    pp_measurement_set_number (m, PP_COLUMN_BATCH, 8);
    pp_measurement_set_string (m, PP_COLUMN_PRECISION, "BF16");
    pp_measurement_set_string (m, PP_COLUMN_TIMESTAMP, "2026-11-26T10:00:00Z");
    g_assert_true (pp_measurement_validate (m, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (pp_measurement_get_precision (m), ==, "bf16");
  }
}

static void
test_extras_and_equal (void)
{
  g_autoptr(PpMeasurement) m = new_valid ();
  g_autoptr(PpMeasurement) copy = NULL;
  g_auto(GStrv) keys = NULL;

  g_assert_true (pp_measurement_set_field (m, "zeta", "1", NULL));
  g_assert_true (pp_measurement_set_field (m, "alpha", "two", NULL));
  keys = pp_measurement_dup_extra_keys (m);
  g_assert_cmpuint (g_strv_length (keys), ==, 2);
  g_assert_cmpstr (keys[0], ==, "zeta");
  g_assert_cmpstr (keys[1], ==, "alpha");
  g_assert_cmpstr (pp_measurement_get_extra (m, "alpha"), ==, "two");

  copy = pp_measurement_copy (m);
  g_assert_true (pp_measurement_equal (m, copy));

  pp_measurement_set_extra (copy, "alpha", "three");
  g_assert_false (pp_measurement_equal (m, copy));
  pp_measurement_set_extra (copy, "alpha", NULL);
  g_assert_null (pp_measurement_get_extra (copy, "alpha"));
  g_assert_false (pp_measurement_equal (m, copy));

  g_clear_object (&copy);
  copy = pp_measurement_copy (m);
  pp_measurement_set_number (copy, PP_COLUMN_LATENCY_MS, 7.6106);
  g_assert_false (pp_measurement_equal (m, copy));
}

static void
test_properties (void)
{
  PpMeasurement *m = new_valid ();
  g_autofree char *model = NULL;
  double latency = 0;
  guint batch = 99;

  g_object_get (m, "model", &model, "latency-ms", &latency, "batch", &batch, NULL);
  g_assert_cmpstr (model, ==, "bert-base");
  g_assert_cmpfloat_with_epsilon (latency, 7.6105, 1e-12);
  g_assert_cmpuint (batch, ==, 0);

  g_assert_finalize_object (m);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Pp/Measurement/numbers-round-trip", test_numbers_round_trip);
  g_test_add_func ("/Pp/Measurement/field-errors", test_field_errors);
  g_test_add_func ("/Pp/Measurement/timestamps", test_timestamps);
  g_test_add_func ("/Pp/Measurement/canonical-precision", test_canonical_precision);
  g_test_add_func ("/Pp/Measurement/validate", test_validate);
  g_test_add_func ("/Pp/Measurement/validate-cells", test_validate_cells);
  g_test_add_func ("/Pp/Measurement/extras-and-equal", test_extras_and_equal);
  g_test_add_func ("/Pp/Measurement/properties", test_properties);

  return g_test_run ();
}
