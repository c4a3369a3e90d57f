/* test-charts.c: the Cairo charts libpp draws.
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <libpp.h>

#include "pp-test-util.h"

/* Where the chart puts its plotting area in a drawing of its size. */
#define LEFT 64.0
#define RIGHT 28.0
#define TOP 36.0
#define BOTTOM 48.0

typedef struct
{
  PpCatalog *catalog;
  PpValidation *validation;
} Fixture;

/* One held-out row: @measured and @predicted latencies in ms, the
 * prediction's interval ±20%. */
static void
add_row (Fixture *f,
         double   measured,
         double   predicted)
{
  PpModelSpec *model = pp_catalog_lookup_model (f->catalog, "bert-base");
  PpHardwareSpec *hardware = pp_catalog_lookup_hardware (f->catalog, "nvidia-h200");
  g_autoptr(PpWorkload) w = pp_workload_new (model, hardware, PP_PRECISION_FP16, 1);
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(PpPrediction) p = pp_prediction_new (w, "test");

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "nvidia-h200");
  pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, measured);
  pp_prediction_set_value (p, PP_TARGET_LATENCY, predicted, predicted * 0.8, predicted * 1.2);
  pp_validation_add (f->validation, m, p);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->catalog = pp_catalog_new_default (&error);
  g_assert_no_error (error);
  f->validation = pp_validation_new ();

  add_row (f, 2, 2.2);     /* within ±25% */
  add_row (f, 30, 60);     /* twice the measurement */
  add_row (f, 0, 5);       /* nothing measured: left out */
  add_row (f, 4, NAN);     /* nothing predicted: left out */
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->validation);
  g_clear_object (&f->catalog);
}

/* The pixel of @surface at (@x, @y), as 0xRRGGBB. */
static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 argb = *(const guint32 *)(gconstpointer)(data + (int)y * stride + 4 * (int)x);

  return argb & 0xffffff;
}

/* Whether each channel of @a is within 2 of @b's: blending rounds. */
static gboolean
close_colours (guint32 a,
               guint32 b)
{
  for (guint shift = 0; shift < 24; shift += 8)
    if (ABS ((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff)) > 2)
      return FALSE;

  return TRUE;
}

/* Both axes span the whole decades around every value: 2 to 60 ms is 1
 * to 100. */
static void
test_range (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(PpAccuracyChart) chart = pp_accuracy_chart_new (f->validation, PP_TARGET_LATENCY);
  double low, high;

  g_assert_cmpuint (pp_accuracy_chart_get_n_points (chart), ==, 2);
  pp_accuracy_chart_get_range (chart, &low, &high);
  g_assert_cmpfloat_with_epsilon (low, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (high, 100, 1e-12);
}

/* A point lands where its values put it on the logarithmic axes, blue
 * within ±25% and red beyond; the diagonal and the band run between. */
static void
test_draws_points (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PpAccuracyChart) chart = pp_accuracy_chart_new (f->validation, PP_TARGET_LATENCY);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 400);
  cairo_t *cr = cairo_create (surface);
  double w = 400 - LEFT - RIGHT, h = 400 - TOP - BOTTOM;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  pp_accuracy_chart_draw (chart, cr, 400, 400);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* 2 ms measured, 2.2 predicted: log10 2 / 2 and log10 2.2 / 2 of the
   * way up the two decades. */
  g_assert_cmpuint (pixel_at (surface, LEFT + w * log10 (2) / 2, TOP + h * (1 - log10 (2.2) / 2)), ==, 0x3584e4);
  /* 30 ms measured, 60 predicted. */
  g_assert_cmpuint (pixel_at (surface, LEFT + w * log10 (30) / 2, TOP + h * (1 - log10 (60) / 2)), ==, 0xe01b24);
  /* Nothing at 60 measured, 8 predicted: well below the band. */
  g_assert_cmpuint (pixel_at (surface, LEFT + w * log10 (60) / 2, TOP + h * (1 - log10 (8) / 2)), ==, 0xffffff);
  /* At 30 measured, 33 predicted is inside the band, off the diagonal
   * and off the grid: the band's tint, 15% of blue 3 over white; 40 and
   * 21 predicted are outside it, white. */
  g_assert_true (close_colours (pixel_at (surface, LEFT + w * log10 (30) / 2, TOP + h * (1 - log10 (33) / 2)),
                                0xe1edfb));
  g_assert_cmpuint (pixel_at (surface, LEFT + w * log10 (30) / 2, TOP + h * (1 - log10 (40) / 2)), ==, 0xffffff);
  g_assert_cmpuint (pixel_at (surface, LEFT + w * log10 (30) / 2, TOP + h * (1 - log10 (21) / 2)), ==, 0xffffff);

  cairo_surface_destroy (surface);
}

/* Saved whole, in the format the name asks for, or not at all. */
static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PpAccuracyChart) chart = pp_accuracy_chart_new (f->validation, PP_TARGET_LATENCY);
  g_autofree char *png = pp_test_dup_temp_path ("chart.png");
  g_autofree char *svg = pp_test_dup_temp_path ("chart.SVG");
  g_autofree char *txt = pp_test_dup_temp_path ("chart.txt");
  g_autofree char *missing = pp_test_dup_temp_path ("no-such-folder/chart.png");
  g_autofree char *folder = pp_test_dup_temp_path ("folder.png");
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_path_get_dirname (png);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  gsize length = 0;
  guint n_files = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (pp_accuracy_chart_save (chart, png, 320, 240, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_true (memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0);
  g_clear_pointer (&contents, g_free);

  g_assert_true (pp_accuracy_chart_save (chart, svg, 320, 240, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));

  g_assert_false (pp_accuracy_chart_check_path (txt, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pp_accuracy_chart_save (chart, txt, 320, 240, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));

  g_assert_false (pp_accuracy_chart_save (chart, missing, 320, 240, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Larger than any screen or page: refused before cairo is asked (a
   * vector surface ten million points wide aborted the process in
   * cairo, and a PNG too large to allocate was written empty). */
  g_assert_false (pp_accuracy_chart_save (chart, svg, 10000000, 100, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (pp_accuracy_chart_save (chart, png, 40000, 40000, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* A PNG is drawn whole in memory first, four bytes a pixel: each side
   * in bounds, 16,384 × 16,384 would take 1 GiB. Past 64 megapixels it
   * is refused, with what would do; a vector file of that size is only
   * numbers, and is written. */
  g_assert_false (pp_accuracy_chart_save (chart, png, 16384, 16384, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "A chart of 16384 × 16384 pixels is too large: a PNG may have at most "
                                       "64 megapixels (8000 × 8000)");
  g_clear_error (&error);
  g_assert_false (pp_accuracy_chart_save (chart, png, 8001, 8000, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (pp_accuracy_chart_save (chart, svg, 16384, 16384, &error));
  g_assert_no_error (error);
  /* The charts written before are left as they were. */
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_clear_pointer (&contents, g_free);

  /* A folder where the file should go: writing fails at the last step. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_false (pp_accuracy_chart_save (chart, folder, 320, 240, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, folder));

  /* Only the two charts and that folder: no temporary file was left. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing))
    n_files++;
  g_assert_cmpuint (n_files, ==, 3);
}

/* A link names the file the user means: the file is written and the
 * link stays (as root, replacing the link once replaced /dev/stdout).
 * An error names the path given, never a temporary file. */
static void
test_save_through_link (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PpAccuracyChart) chart = pp_accuracy_chart_new (f->validation, PP_TARGET_LATENCY);
  g_autofree char *png = pp_test_write_temp ("target.png", "old");
  g_autofree char *png_link = pp_test_dup_temp_path ("link.png");
  g_autofree char *csv = pp_test_dup_temp_path ("rows.csv");
  g_autofree char *csv_link = pp_test_dup_temp_path ("rows-link.csv");
  g_autofree char *missing = pp_test_dup_temp_path ("no-such-folder/rows.csv");
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink ("target.png", png_link), ==, 0);
  g_assert_true (pp_accuracy_chart_save (chart, png_link, 320, 240, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png_link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (png, &contents, NULL, NULL));
  g_assert_true (memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0);
  g_clear_pointer (&contents, g_free);

  /* A link to a file not yet there makes the file. */
  g_assert_cmpint (symlink (csv, csv_link), ==, 0);
  file = g_file_new_for_path (csv_link);
  g_assert_true (pp_validation_save_csv (f->validation, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (csv_link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "model,"));
  g_clear_object (&file);

  file = g_file_new_for_path (missing);
  g_assert_false (pp_validation_save_csv (f->validation, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "Cannot write “"));
  g_assert_nonnull (strstr (error->message, "rows.csv”"));
}

/* A validation with nothing to draw still draws its frame and says so. */
static void
test_empty (void)
{
  g_autoptr(PpValidation) validation = pp_validation_new ();
  g_autoptr(PpAccuracyChart) chart = pp_accuracy_chart_new (validation, PP_TARGET_MEMORY);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 200);
  cairo_t *cr = cairo_create (surface);

  g_assert_cmpuint (pp_accuracy_chart_get_n_points (chart), ==, 0);
  pp_accuracy_chart_draw (chart, cr, 200, 200);
  pp_accuracy_chart_draw (chart, cr, 10, 10);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* A prediction of @throughput items/s at @batch, its interval ±20%. */
static void
append_throughput (GListStore *predictions,
                   PpCatalog  *catalog,
                   guint       batch,
                   double      throughput)
{
  PpModelSpec *model = pp_catalog_lookup_model (catalog, "bert-base");
  PpHardwareSpec *hardware = pp_catalog_lookup_hardware (catalog, "nvidia-h200");
  g_autoptr(PpWorkload) w = pp_workload_new (model, hardware, PP_PRECISION_FP16, batch);
  g_autoptr(PpPrediction) p = pp_prediction_new (w, "test");

  pp_prediction_set_value (p, PP_TARGET_THROUGHPUT, throughput, throughput * 0.8, throughput * 1.2);
  g_list_store_append (predictions, p);
}

/* Batch sizes 1, 4 and 16 on a base-2 axis land at 0, 1/2 and 1 of its
 * width; throughputs of 100, 400 and 800 items/s (intervals 80 to 960)
 * on the decades 10 to 1,000. The dots are blue, the band around the
 * line its tint, and outside the band the background shows. */
static void
test_throughput (void)
{
  g_autoptr(PpCatalog) catalog = pp_catalog_new_default (NULL);
  g_autoptr(GListStore) predictions = g_list_store_new (PP_TYPE_PREDICTION);
  g_autoptr(PpThroughputChart) chart = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 400);
  cairo_t *cr = cairo_create (surface);
  double w = 400 - LEFT - RIGHT, h = 400 - TOP - BOTTOM;

  /* In any order, and one without a throughput, which is left out. */
  append_throughput (predictions, catalog, 16, 800);
  append_throughput (predictions, catalog, 1, 100);
  append_throughput (predictions, catalog, 2, NAN);
  append_throughput (predictions, catalog, 4, 400);
  chart = pp_throughput_chart_new (G_LIST_MODEL (predictions));
  g_assert_cmpuint (pp_throughput_chart_get_n_points (chart), ==, 3);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  pp_throughput_chart_draw (chart, cr, 400, 400);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  g_assert_cmpuint (pixel_at (surface, LEFT + w / 2, TOP + h * (1 - (log10 (400) - 1) / 2)), ==, 0x3584e4);
  g_assert_cmpuint (pixel_at (surface, LEFT + w, TOP + h * (1 - (log10 (800) - 1) / 2)), ==, 0x3584e4);
  g_assert_true (close_colours (pixel_at (surface, LEFT + w / 2, TOP + h * (1 - (log10 (470) - 1) / 2)), 0xd7e6f9));
  g_assert_cmpuint (pixel_at (surface, LEFT + w / 2, TOP + h * (1 - (log10 (150) - 1) / 2)), ==, 0xffffff);

  cairo_surface_destroy (surface);
  g_assert_finalize_object (g_steal_pointer (&chart));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/Pp/AccuracyChart/range", Fixture, NULL, fixture_set_up, test_range, fixture_tear_down);
  g_test_add ("/Pp/AccuracyChart/draws-points", Fixture, NULL, fixture_set_up, test_draws_points,
              fixture_tear_down);
  g_test_add ("/Pp/AccuracyChart/save", Fixture, NULL, fixture_set_up, test_save, fixture_tear_down);
  g_test_add ("/Pp/AccuracyChart/save-through-link", Fixture, NULL, fixture_set_up, test_save_through_link,
              fixture_tear_down);
  g_test_add_func ("/Pp/AccuracyChart/empty", test_empty);
  g_test_add_func ("/Pp/ThroughputChart/draws", test_throughput);

  return g_test_run ();
}
