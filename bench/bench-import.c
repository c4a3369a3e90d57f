/* bench-import.c: how fast the measurement store imports.
 *
 * Builds a 100 000-row measurement CSV from the real H200 rows (each
 * copy under its own source tag, so that none is a duplicate), then
 * times, in the same run: parsing alone, a full import into an empty
 * store, and re-importing the same file (all duplicates).
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpp.h>

#define N_ROWS 100000

static char *
write_rows (const char *dir)
{
  g_autofree char *src = g_build_filename (g_getenv ("PERFCAST_DATA_DIR") ?: PP_SOURCE_DATADIR,
                                           "datasets", "h200-torch-2026-11.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (src);
  g_autoptr(GListModel) rows = pp_measurement_list_load (file, PP_FILE_FORMAT_CSV, NULL, NULL);
  g_autoptr(GListStore) out = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autofree char *path = g_build_filename (dir, "rows.csv", NULL);
  g_autoptr(GFile) dest = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (rows);

  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (rows, i % n);
      g_autoptr(PpMeasurement) copy = pp_measurement_copy (m);
      g_autofree char *tag = g_strdup_printf ("bench-copy-%u", i / n);

      pp_measurement_set_string (copy, PP_COLUMN_SOURCE, tag);
      g_list_store_append (out, copy);
    }

  if (!pp_measurement_list_save (G_LIST_MODEL (out), dest, PP_FILE_FORMAT_CSV, NULL, &error))
    g_error ("%s", error->message);

  return g_steal_pointer (&path);
}

static double
time_parse (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GListModel) rows = pp_measurement_list_load (file, PP_FILE_FORMAT_CSV, NULL, NULL);

  g_assert (g_list_model_get_n_items (rows) == N_ROWS);
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
time_import (PpMeasurementStore *store,
             const char         *path,
             guint               expect_added)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint added = 0;

  if (!pp_measurement_store_import_file (store, file, PP_FILE_FORMAT_CSV, &added, NULL, NULL, &error))
    g_error ("%s", error->message);
  if (added != expect_added)
    g_error ("imported %u rows, expected %u", added, expect_added);

  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("perfcast-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *path = write_rows (dir);
  g_autoptr(PpMeasurementStore) store = pp_measurement_store_new (db, NULL);
  double parse_s = time_parse (path);
  double import_s = time_import (store, path, N_ROWS);
  double again_s = time_import (store, path, 0);

  g_print ("rows: %d\n", N_ROWS);
  g_print ("parse only:          %6.3f s  %9.0f rows/s\n", parse_s, N_ROWS / parse_s);
  g_print ("import, empty store: %6.3f s  %9.0f rows/s  (goal: 50000 rows/s)\n",
           import_s, N_ROWS / import_s);
  g_print ("import, duplicates:  %6.3f s  %9.0f rows/s\n", again_s, N_ROWS / again_s);
  g_print ("share of import spent parsing: %.2f\n", parse_s / import_s);

  g_remove (db);
  return import_s > 0 && N_ROWS / import_s >= 50000 ? 0 : 1;
}
