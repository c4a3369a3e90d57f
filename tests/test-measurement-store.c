/* test-measurement-store.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpp.h>
#include <math.h>
#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include "pp-test-util.h"

/* The real H200 measurements, as shipped in data/datasets. */
#define H200_ROWS 346

static GFile *
h200_file (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PERFCAST_DATA_DIR"), "datasets",
                                            "h200-torch-2026-11.csv", NULL);

  return g_file_new_for_path (path);
}

static void
import_ok (PpMeasurementStore *store,
           GFile              *file,
           guint               expect_added,
           guint               expect_duplicates)
{
  g_autoptr(GError) error = NULL;
  guint added = G_MAXUINT, duplicates = G_MAXUINT;

  g_assert_true (pp_measurement_store_import_file (store, file, PP_FILE_FORMAT_AUTO,
                                                   &added, &duplicates, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, expect_added);
  g_assert_cmpuint (duplicates, ==, expect_duplicates);
}

static void
test_import_twice (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("a.db");
  g_autoptr(GFile) file = h200_file ();

  g_assert_cmpuint (pp_measurement_store_get_schema_version (store), ==,
                    PP_MEASUREMENT_STORE_SCHEMA_VERSION);
  import_ok (store, file, H200_ROWS, 0);
  import_ok (store, file, 0, H200_ROWS);
  g_assert_cmpuint (pp_test_count (store), ==, H200_ROWS);
}

/* A saved fit is current while the stamp it keeps is the store's: the
 * stamp must move with every row added, and only then. */
static void
test_stamp (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("stamped.db");
  g_autoptr(PpMeasurementStore) default_store = NULL;
  g_autoptr(GFile) file = h200_file ();
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = pp_measurement_store_dup_stamp (store);
  g_autofree char *full = NULL;
  g_autofree char *again = NULL;
  g_autofree char *for_rows = NULL;
  g_autofree char *path = NULL;
  g_autofree char *default_path = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (g_str_has_suffix (empty, "stamped.db rows=0"));
  import_ok (store, file, H200_ROWS, 0);
  full = pp_measurement_store_dup_stamp (store);
  g_assert_true (g_str_has_suffix (full, "stamped.db rows=346"));
  import_ok (store, file, 0, H200_ROWS);
  again = pp_measurement_store_dup_stamp (store);
  g_assert_cmpstr (again, ==, full);

  /* What the stamp was at an earlier count: a fit of the rows a query
   * read is stamped with their number. */
  for_rows = pp_measurement_store_dup_stamp_for_rows (store, H200_ROWS);
  g_assert_cmpstr (for_rows, ==, full);
  g_clear_pointer (&for_rows, g_free);
  for_rows = pp_measurement_store_dup_stamp_for_rows (store, 0);
  g_assert_cmpstr (for_rows, ==, empty);

  /* Each store keeps its own fit; the default store the default one. */
  path = pp_fitted_predictor_dup_path_for_store (store);
  expected = g_strconcat (pp_measurement_store_get_path (store), ".predictor.json", NULL);
  g_assert_cmpstr (path, ==, expected);
  default_store = pp_measurement_store_new (NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&path, g_free);
  path = pp_fitted_predictor_dup_path_for_store (default_store);
  default_path = pp_fitted_predictor_dup_default_path ();
  g_assert_cmpstr (path, ==, default_path);
}

static char *
write_h200_with_bad_batch (void)
{
  g_autoptr(GFile) file = h200_file ();
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;
  char *comma;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);

  /* Data row 57 is file line 58; batch is the 21st column. */
  comma = lines[57];
  for (guint i = 0; i < 20; i++)
    comma = strchr (comma, ',') + 1;
  {
    g_autofree char *head = g_strndup (lines[57], comma - lines[57]);
    g_autofree char *tail = g_strdup (strchr (comma, ','));

    g_free (lines[57]);
    lines[57] = g_strconcat (head, "-4", tail, NULL);
  }

  joined = g_strjoinv ("\n", lines);
  return pp_test_write_temp ("bad.csv", joined);
}

static void
test_bad_file_changes_nothing (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("a.db");
  g_autoptr(GFile) good = h200_file ();
  g_autofree char *bad_path = write_h200_with_bad_batch ();
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PpMeasurementStore) fresh = pp_test_open_store ("b.db");

  import_ok (store, good, H200_ROWS, 0);

  g_assert_false (pp_measurement_store_import_file (store, bad, PP_FILE_FORMAT_AUTO,
                                                    NULL, NULL, NULL, &error));
  g_assert_error (error, PP_ERROR, PP_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "bad.csv:58 (data row 57): column “batch”"));
  g_assert_cmpuint (pp_test_count (store), ==, H200_ROWS);

  /* Rows before the bad one must not be stored either. */
  g_clear_error (&error);
  g_assert_false (pp_measurement_store_import_file (fresh, bad, PP_FILE_FORMAT_AUTO,
                                                    NULL, NULL, NULL, &error));
  g_assert_cmpuint (pp_test_count (fresh), ==, 0);
}

static void
count_cb (PpMeasurementStore *store,
          guint              *n_changed)
{
  (*n_changed)++;
}

static PpMeasurement *
api_row (double batch,
         double latency_ms)
{
  PpMeasurement *m = pp_measurement_new ();

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "nvidia-h200");
  pp_measurement_set_string (m, PP_COLUMN_PRECISION, "fp16");
  pp_measurement_set_number (m, PP_COLUMN_SEQ_LEN, 128);
  pp_measurement_set_number (m, PP_COLUMN_BATCH, batch);
  pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, latency_ms);

  return m;
}

/* Rows set through the API meet the rules a file's rows meet, or the
 * store's own export would not read back: add() and insert() refuse
 * them, naming the column, and write nothing. */
static void
test_add_refuses_bad_rows (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("a.db");
  g_autoptr(PpMeasurementStore) copy = pp_test_open_store ("b.db");
  g_autoptr(PpMeasurement) good = api_row (4, 7.5);
  g_autoptr(GListStore) list = g_list_store_new (PP_TYPE_MEASUREMENT);
  g_autofree char *out_path = pp_test_dup_temp_path ("out.csv");
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;
  struct { double batch, latency_ms; const char *needle; } cases[] = {
    { -4, 7.5, "column “batch”: the batch size must be at least 1, not “-4”" },
    { 0, 7.5, "column “batch”" },
    { 2.5, 7.5, "column “batch”" },
    { 4, 0, "column “latency_ms”" },
    { 4, INFINITY, "column “latency_ms”: “inf”" },
  };

  g_signal_connect (store, "changed", G_CALLBACK (count_cb), &n_changed);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PpMeasurement) bad = api_row (cases[i].batch, cases[i].latency_ms);

      g_assert_false (pp_measurement_store_add (store, bad, NULL, &error));
      g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_clear_error (&error);
    }

  /* All or nothing: the good row before the bad one is not stored. */
  {
    g_autoptr(PpMeasurement) bad = api_row (4, 7.5);

    pp_measurement_set_string (bad, PP_COLUMN_PRECISION, "fp13");
    g_list_store_append (list, good);
    g_list_store_append (list, bad);
    g_assert_false (pp_measurement_store_insert (store, G_LIST_MODEL (list), NULL, NULL, NULL, &error));
    g_assert_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "measurement 2: column “precision”"));
    g_clear_error (&error);
  }

  g_assert_cmpuint (pp_test_count (store), ==, 0);
  g_assert_cmpuint (n_changed, ==, 0);

  g_assert_true (pp_measurement_store_add (store, good, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pp_measurement_store_export_file (store, NULL, out, PP_FILE_FORMAT_AUTO, NULL, &error));
  g_assert_no_error (error);
  import_ok (copy, out, 1, 0);
}

static void
assert_same_rows (PpMeasurementStore *a,
                  PpMeasurementStore *b)
{
  g_autoptr(GListModel) la = pp_measurement_store_query (a, NULL, NULL);
  g_autoptr(GListModel) lb = pp_measurement_store_query (b, NULL, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (la), ==, g_list_model_get_n_items (lb));
  for (guint i = 0; i < g_list_model_get_n_items (la); i++)
    {
      g_autoptr(PpMeasurement) ma = g_list_model_get_item (la, i);
      g_autoptr(PpMeasurement) mb = g_list_model_get_item (lb, i);

      g_assert_true (pp_measurement_equal (ma, mb));
    }
}

static void
test_export_import_round_trip (void)
{
  const char *names[] = { "out.csv", "out.json" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *db_name = g_strdup_printf ("copy-%u.db", i);
      g_autoptr(PpMeasurementStore) store = pp_test_open_store ("a.db");
      g_autoptr(PpMeasurementStore) copy = pp_test_open_store (db_name);
      g_autofree char *data = pp_test_dup_data_path ("quoted.csv");
      g_autoptr(GFile) extra = g_file_new_for_path (data);
      g_autoptr(GFile) h200 = h200_file ();
      g_autofree char *out_path = pp_test_dup_temp_path (names[i]);
      g_autoptr(GFile) out = g_file_new_for_path (out_path);
      g_autoptr(GError) error = NULL;

      if (pp_test_count (store) == 0)
        {
          import_ok (store, h200, H200_ROWS, 0);
          import_ok (store, extra, 3, 0);
        }

      g_assert_true (pp_measurement_store_export_file (store, NULL, out, PP_FILE_FORMAT_AUTO,
                                                       NULL, &error));
      g_assert_no_error (error);
      import_ok (copy, out, H200_ROWS + 3, 0);
      assert_same_rows (store, copy);
    }
}

static guint
query_count (PpMeasurementStore *store,
             PpMeasurementQuery *query)
{
  g_autoptr(GListModel) list = pp_measurement_store_query (store, query, NULL);
  guint64 count = 0;

  g_assert_true (pp_measurement_store_count (store, query, &count, NULL));
  g_assert_cmpuint (count, ==, g_list_model_get_n_items (list));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (list, i);
      g_assert_true (pp_measurement_query_matches (query, m));
    }

  return g_list_model_get_n_items (list);
}

static void
test_queries (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("a.db");
  g_autoptr(GFile) file = h200_file ();
  g_autofree char *timed_path = NULL;
  g_autoptr(GFile) timed = NULL;
  g_autoptr(GDateTime) since = g_date_time_new_utc (2026, 11, 2, 0, 0, 0);
  g_auto(GStrv) hardware = NULL;

  timed_path = pp_test_write_temp ("timed.csv",
                                   "model,hardware,timestamp,latency_ms\n"
                                   "m,h,2026-11-01T10:00:00Z,1\n"
                                   "m,h,2026-11-03T10:00:00+01:00,2\n");
  timed = g_file_new_for_path (timed_path);
  import_ok (store, file, H200_ROWS, 0);
  import_ok (store, timed, 2, 0);

  {
    g_autoptr(PpMeasurementQuery) q = pp_measurement_query_new ();

    pp_measurement_query_set_filter (q, PP_COLUMN_HARDWARE, "intel-xeon-8580-emr-16vcpu");
    g_assert_cmpuint (query_count (store, q), ==, 58);
    pp_measurement_query_set_filter (q, PP_COLUMN_MODEL, "bert-base");
    pp_measurement_query_set_filter (q, PP_COLUMN_PRECISION, "fp32");
    g_assert_cmpuint (query_count (store, q), >, 0);
    g_assert_cmpuint (query_count (store, q), <, 58);
    pp_measurement_query_set_filter (q, PP_COLUMN_BACKEND, "cuda");
    g_assert_cmpuint (query_count (store, q), ==, 0);
  }

  {
    g_autoptr(PpMeasurementQuery) q = pp_measurement_query_new ();

    pp_measurement_query_set_filter (q, PP_COLUMN_MODEL, "m");
    g_assert_cmpuint (query_count (store, q), ==, 2);
    pp_measurement_query_set_time_range (q, since, NULL);
    g_assert_cmpuint (query_count (store, q), ==, 1);
    pp_measurement_query_set_time_range (q, NULL, since);
    g_assert_cmpuint (query_count (store, q), ==, 1);
  }

  {
    g_autoptr(PpMeasurementQuery) q = pp_measurement_query_new ();
    g_autoptr(GListModel) newest = NULL;
    g_autoptr(PpMeasurement) last = NULL;

    pp_measurement_query_set_limit (q, 1);
    newest = pp_measurement_store_query (store, q, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (newest), ==, 1);
    last = g_list_model_get_item (newest, 0);
    g_assert_cmpfloat (pp_measurement_get_latency_ms (last), ==, 2.0);
  }

  hardware = pp_measurement_store_dup_distinct (store, PP_COLUMN_HARDWARE, NULL);
  g_assert_cmpuint (g_strv_length (hardware), ==, 3);
  g_assert_cmpstr (hardware[0], ==, "h");
  g_assert_cmpstr (hardware[2], ==, "nvidia-h200");
}

static guint
matches_count (PpMeasurementStore *store,
               PpMeasurementQuery *query)
{
  g_autoptr(GListModel) all = pp_measurement_store_query (store, NULL, NULL);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (all, i);
      n += pp_measurement_query_matches (query, m);
    }

  return n;
}

/* An empty value is no filter, as an emptied search entry means: no row
 * holds an empty string (pp_measurement_set_string() stores it as not
 * reported), so an exact match on one could only ever match nothing. */
static void
test_empty_filter (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("filters.db");
  g_autoptr(GFile) file = h200_file ();
  g_autoptr(PpMeasurementQuery) q = pp_measurement_query_new ();

  import_ok (store, file, H200_ROWS, 0);

  pp_measurement_query_set_filter (q, PP_COLUMN_HARDWARE, "intel-xeon-8580-emr-16vcpu");
  g_assert_cmpuint (query_count (store, q), ==, 58);
  pp_measurement_query_set_filter (q, PP_COLUMN_HARDWARE, "");
  g_assert_null (pp_measurement_query_get_filter (q, PP_COLUMN_HARDWARE));
  g_assert_cmpuint (query_count (store, q), ==, H200_ROWS);
  g_assert_cmpuint (matches_count (store, q), ==, H200_ROWS);
}

static GDateTime *
iso8601 (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return g_date_time_new_from_iso8601 (text, utc);
}

/* A time range is as precise as the timestamps: a row stamped 0.2 s
 * into a second comes before 0.5 s into it, in the store's queries and
 * in pp_measurement_query_matches() alike, and both ends hold to the
 * microsecond. */
static void
test_sub_second_times (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("sub-second.db");
  g_autofree char *path = pp_test_write_temp ("sub-second.csv",
                                              "model,hardware,timestamp,latency_ms\n"
                                              "m,h,2026-11-20T10:00:00.2Z,1\n"
                                              "m,h,2026-11-20T11:00:00.7+01:00,2\n"
                                              "m,h,2026-11-20T10:00:01Z,3\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GDateTime) half = iso8601 ("2026-11-20T10:00:00.5Z");
  g_autoptr(GDateTime) early = iso8601 ("2026-11-20T10:00:00.2Z");
  g_autoptr(GDateTime) late = iso8601 ("2026-11-20T10:00:00.700001Z");
  g_autoptr(PpMeasurementQuery) q = pp_measurement_query_new ();

  import_ok (store, file, 3, 0);

  pp_measurement_query_set_time_range (q, half, NULL);
  g_assert_cmpuint (query_count (store, q), ==, 2);
  g_assert_cmpuint (matches_count (store, q), ==, 2);
  pp_measurement_query_set_time_range (q, NULL, half);
  g_assert_cmpuint (query_count (store, q), ==, 1);
  g_assert_cmpuint (matches_count (store, q), ==, 1);
  pp_measurement_query_set_time_range (q, early, early);
  g_assert_cmpuint (query_count (store, q), ==, 1);
  g_assert_cmpuint (matches_count (store, q), ==, 1);
  pp_measurement_query_set_time_range (q, late, NULL);
  g_assert_cmpuint (query_count (store, q), ==, 1);
  g_assert_cmpuint (matches_count (store, q), ==, 1);
}

/* A date alone is its midnight in UTC, and a time without a zone is in
 * UTC: that is when the store has them measured, and the text is kept. */
static void
test_dates_and_zoneless_times (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("dates.db");
  g_autofree char *path = pp_test_write_temp ("dates.csv",
                                              "model,hardware,timestamp,latency_ms\n"
                                              "m,h,2026-11-20,1\n"
                                              "m,h,2026-11-19T23:59:59.999999Z,2\n"
                                              "m,h,2026-11-20T10:00:00,3\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GDateTime) midnight = iso8601 ("2026-11-20T00:00:00Z");
  g_autoptr(GDateTime) ten = iso8601 ("2026-11-20T10:00:00Z");
  g_autoptr(GDateTime) before = iso8601 ("2026-11-19T23:59:59.999999Z");
  g_autoptr(PpMeasurementQuery) q = pp_measurement_query_new ();
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(PpMeasurement) first = NULL;

  import_ok (store, file, 3, 0);

  pp_measurement_query_set_time_range (q, midnight, midnight);
  g_assert_cmpuint (query_count (store, q), ==, 1);
  g_assert_cmpuint (matches_count (store, q), ==, 1);
  pp_measurement_query_set_time_range (q, NULL, before);
  g_assert_cmpuint (query_count (store, q), ==, 1);
  g_assert_cmpuint (matches_count (store, q), ==, 1);
  pp_measurement_query_set_time_range (q, ten, ten);
  g_assert_cmpuint (query_count (store, q), ==, 1);
  g_assert_cmpuint (matches_count (store, q), ==, 1);

  rows = pp_measurement_store_query (store, NULL, NULL);
  first = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (pp_measurement_get_string (first, PP_COLUMN_TIMESTAMP), ==, "2026-11-20");
}

static void
make_v1_database (const char *path)
{
  sqlite3 *db = NULL;

  /* The version 1 schema as released, with one row in it. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "CREATE TABLE measurements (id INTEGER PRIMARY KEY, row_key INTEGER NOT NULL UNIQUE,"
    " imported_at INTEGER NOT NULL, measured_at INTEGER, source TEXT, timestamp TEXT,"
    " model TEXT NOT NULL, family TEXT, modality TEXT, arch TEXT, params_m REAL, layers REAL,"
    " hidden REAL, heads REAL, kv_heads REAL, ffn REAL, vocab REAL, hardware TEXT NOT NULL,"
    " hardware_kind TEXT, backend TEXT, framework TEXT, accelerators REAL, threads REAL,"
    " precision TEXT, batch REAL, seq_len REAL, input_size REAL, phase TEXT, latency_ms REAL,"
    " latency_p90_ms REAL, throughput_items_per_s REAL, tokens_per_s REAL, memory_mb REAL,"
    " extra TEXT);"
    "INSERT INTO measurements (row_key, imported_at, model, hardware, latency_ms, extra)"
    " VALUES (42, 1764151200, 'old-model', 'old-hw', 3.25, '{\"lab\":\"x\"}');"
    "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migration (void)
{
  g_autofree char *path = pp_test_dup_temp_path ("v1.db");
  g_auto(GStrv) fits = NULL;
  g_autoptr(PpMeasurementStore) store = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(PpMeasurement) m = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  make_v1_database (path);

  store = pp_measurement_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pp_measurement_store_get_schema_version (store), ==, PP_MEASUREMENT_STORE_SCHEMA_VERSION);
  fits = pp_measurement_store_dup_checked_fits (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (fits), ==, 0);

  rows = pp_measurement_store_query (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  m = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (pp_measurement_get_model (m), ==, "old-model");
  g_assert_cmpstr (pp_measurement_get_extra (m, "lab"), ==, "x");
}

static void
test_refuses_bad_databases (void)
{
  g_autofree char *newer = pp_test_dup_temp_path ("newer.db");
  g_autofree char *junk = pp_test_write_temp ("junk.db", "this is not an SQLite database, not at all");
  g_autoptr(PpMeasurementStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pp_measurement_store_new (newer, &error);
  g_assert_null (store);
  g_assert_error (error, PP_ERROR, PP_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "schema version 99"));
  g_clear_error (&error);

  store = pp_measurement_store_new (junk, &error);
  g_assert_null (store);
  g_assert_error (error, PP_ERROR, PP_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, junk));
}

/* Opens @path as the user @uid, who may not write the file: as root,
 * whom permission bits do not stop, by taking that user's identity for
 * file access meanwhile. */
static PpMeasurementStore *
open_store_as (const char  *path,
               uid_t        uid,
               GError     **error)
{
  uid_t was = geteuid ();
  PpMeasurementStore *store;

  g_assert_cmpint (seteuid (uid), ==, 0);
  store = pp_measurement_store_new (path, error);
  g_assert_cmpint (seteuid (was), ==, 0);

  return store;
}

/* A store the user may only read, in a folder they may write, is read
 * with SQLite's locks (mode=ro), not as immutable: what another process
 * writes meanwhile is seen, rather than stale pages. It takes a store
 * in rollback-journal mode (as one copied for reading elsewhere may be)
 * to get there: a WAL store opens read-write, and SQLite then reads it
 * read-only itself. */
static void
test_read_only_sees_writes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pp-read-only-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(PpMeasurementStore) writer = NULL;
  g_autoptr(PpMeasurementStore) reader = NULL;
  g_autoptr(GFile) file = h200_file ();
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(PpMeasurement) first = NULL;
  g_autoptr(PpMeasurement) again = NULL;
  gboolean stored = FALSE;
  uid_t reader_uid = geteuid ();
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  if (reader_uid == 0)
    {
      struct passwd *nobody = getpwnam ("nobody");

      if (nobody == NULL)
        {
          g_test_skip ("running as root, and there is no user “nobody” to read as");
          return;
        }
      reader_uid = nobody->pw_uid;
    }
  g_assert_cmpint (g_chmod (dir, 0777), ==, 0);
  path = g_build_filename (dir, "s.db", NULL);

  writer = pp_measurement_store_new (path, &error);
  g_assert_no_error (error);
  import_ok (writer, file, H200_ROWS, 0);
  g_clear_object (&writer);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  reader = open_store_as (path, reader_uid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pp_test_count (reader), ==, H200_ROWS);

  /* Then someone with the right to writes a row. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  writer = pp_measurement_store_new (path, &error);
  g_assert_no_error (error);
  rows = pp_measurement_store_query (writer, NULL, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (rows, 0);
  again = pp_measurement_copy (first);
  pp_measurement_set_string (again, PP_COLUMN_SOURCE, "written later");
  g_assert_true (pp_measurement_store_add (writer, again, &stored, &error));
  g_assert_no_error (error);
  g_assert_true (stored);

  g_assert_cmpuint (pp_test_count (reader), ==, H200_ROWS + 1);

  g_clear_object (&reader);
  g_clear_object (&writer);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", "-journal", NULL }; *suffix; suffix++)
    {
      g_autofree char *name = g_strconcat (path, *suffix, NULL);

      g_remove (name);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gpointer
open_store_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PpMeasurementStore) store = pp_measurement_store_new (data, &error);

  return error ? g_strdup (error->message) : NULL;
}

/* Two processes that open a store nobody has created yet (three
 * imports started at once) must both end up with it: the second one
 * waits for the first to create the tables rather than create them
 * again. Threads with a connection each race the same way. */
static void
test_concurrent_creation (void)
{
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("race-%u.db", i);
      g_autofree char *path = pp_test_dup_temp_path (name);
      GThread *threads[3];

      for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
        threads[t] = g_thread_new ("open-store", open_store_thread, path);
      for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
        {
          g_autofree char *message = g_thread_join (threads[t]);

          g_assert_cmpstr (message, ==, NULL);
        }
    }
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  guint added = 0;

  g_assert_true (pp_measurement_store_import_file_finish (PP_MEASUREMENT_STORE (object), result,
                                                          &added, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, H200_ROWS);
  *done = TRUE;
}

static void
test_async_import_and_add (void)
{
  PpMeasurementStore *store = pp_test_open_store ("a.db");
  g_autoptr(GFile) file = h200_file ();
  g_autoptr(PpMeasurement) m = pp_measurement_new ();
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gboolean added = FALSE;
  guint n_changed = 0;

  g_signal_connect (store, "changed", G_CALLBACK (count_cb), &n_changed);
  pp_measurement_store_import_file_async (store, file, PP_FILE_FORMAT_AUTO, NULL,
                                          import_done_cb, &done);
  pp_test_wait_for (&done);
  g_assert_cmpuint (n_changed, ==, 1);

  pp_measurement_set_string (m, PP_COLUMN_MODEL, "bert-base");
  pp_measurement_set_string (m, PP_COLUMN_HARDWARE, "webkitgtk-wasm");
  pp_measurement_set_number (m, PP_COLUMN_LATENCY_MS, 42.5);
  g_assert_true (pp_measurement_store_add (store, m, &added, &error));
  g_assert_true (added);
  g_assert_true (pp_measurement_store_add (store, m, &added, &error));
  g_assert_false (added);
  g_assert_no_error (error);
  g_assert_cmpuint (pp_test_count (store), ==, H200_ROWS + 1);
  g_assert_cmpuint (n_changed, ==, 2);

  /* The worker thread drops its reference to the task, and with it the
   * store, just after the callback ran: wait for it, then the store must
   * be gone. */
  {
    gpointer weak = store;
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (G_OBJECT (store), &weak);
    g_object_unref (store);
    while (weak != NULL && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_assert_null (weak);
  }
}

typedef struct
{
  gboolean done;
  gboolean ok;
  guint n_added;
  GError *error;
} AsyncResult;

static void
async_result_clear (AsyncResult *r)
{
  g_clear_error (&r->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AsyncResult, async_result_clear)

static void
import_result_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->ok = pp_measurement_store_import_file_finish (PP_MEASUREMENT_STORE (object), result,
                                                   &r->n_added, NULL, &r->error);
  r->done = TRUE;
}

static void
seed_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->ok = pp_measurement_store_seed_finish (PP_MEASUREMENT_STORE (object), result,
                                            &r->n_added, &r->error);
  r->done = TRUE;
}

/* Cancelled once its rows are committed, as when the user presses Cancel
 * just as it ends, an import has still happened: it must say so and
 * emit ::changed, or the caller would show a store without them. */
static void
test_cancel_after_commit (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("a.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) file = h200_file ();
  g_auto(AsyncResult) r = { 0 };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint n_changed = 0;

  g_signal_connect (store, "changed", G_CALLBACK (count_cb), &n_changed);
  pp_measurement_store_import_file_async (store, file, PP_FILE_FORMAT_AUTO, cancellable,
                                          import_result_cb, &r);

  /* The count waits for the store's lock, which the worker holds until
   * it has committed; the callback cannot run before the main context
   * is iterated below. */
  while (pp_test_count (store) < H200_ROWS && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_cmpuint (pp_test_count (store), ==, H200_ROWS);
  g_cancellable_cancel (cancellable);

  pp_test_wait_for (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (r.n_added, ==, H200_ROWS);
  g_assert_cmpuint (n_changed, ==, 1);
}

/* Cancelled before it starts, an import writes nothing and
 * says so: it does not read the file first (a malformed one gives
 * CANCELLED, not its parse error) and it emits no ::changed. */
static void
test_cancel_before_start (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("a.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *bad_path = write_h200_with_bad_batch ();
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) good = h200_file ();
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;

  g_signal_connect (store, "changed", G_CALLBACK (count_cb), &n_changed);
  g_cancellable_cancel (cancellable);

  g_assert_false (pp_measurement_store_import_file (store, bad, PP_FILE_FORMAT_AUTO,
                                                    NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_false (pp_measurement_store_import_file (store, good, PP_FILE_FORMAT_AUTO,
                                                    NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  {
    g_auto(AsyncResult) r = { 0 };

    pp_measurement_store_import_file_async (store, good, PP_FILE_FORMAT_AUTO, cancellable,
                                            import_result_cb, &r);
    pp_test_wait_for (&r.done);
    g_assert_false (r.ok);
    g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  g_assert_cmpuint (pp_test_count (store), ==, 0);
  g_assert_cmpuint (n_changed, ==, 0);
}

/* A seed honours its cancellable as an import does. */
static void
test_seed_cancelled (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("seed.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(AsyncResult) r = { 0 };
  guint n_changed = 0;

  g_signal_connect (store, "changed", G_CALLBACK (count_cb), &n_changed);
  g_cancellable_cancel (cancellable);

  g_assert_false (pp_measurement_store_seed (store, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (pp_test_count (store), ==, 0);

  pp_measurement_store_seed_async (store, cancellable, seed_result_cb, &r);
  pp_test_wait_for (&r.done);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_cmpuint (pp_test_count (store), ==, 0);
  g_assert_cmpuint (n_changed, ==, 0);
}

static guint
count_dataset_rows (void)
{
  g_autofree char *dir_path = pp_measurement_store_dup_default_datasets_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint rows = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GListModel) list = NULL;

      if (!g_str_has_suffix (name, ".csv"))
        continue;
      list = pp_measurement_list_load (file, PP_FILE_FORMAT_CSV, NULL, NULL);
      g_assert_nonnull (list);
      rows += g_list_model_get_n_items (list);
    }

  return rows;
}

static void
test_seed (void)
{
  g_autoptr(PpMeasurementStore) store = pp_test_open_store ("seed.db");
  g_autoptr(GError) error = NULL;
  guint added = 0;
  guint rows = count_dataset_rows ();

  g_assert_cmpuint (rows, >=, H200_ROWS);
  g_assert_true (pp_measurement_store_seed (store, &added, NULL, &error));
  g_assert_no_error (error);
  /* Rows repeated across data sets are stored once. */
  g_assert_cmpuint (added, <=, rows);
  g_assert_cmpuint (added, >=, H200_ROWS);
  g_assert_cmpuint (pp_test_count (store), ==, added);

  g_assert_true (pp_measurement_store_seed (store, &added, NULL, &error));
  g_assert_cmpuint (added, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/Pp/MeasurementStore/import-twice", test_import_twice);
  g_test_add_func ("/Pp/MeasurementStore/bad-file-changes-nothing", test_bad_file_changes_nothing);
  g_test_add_func ("/Pp/MeasurementStore/add-refuses-bad-rows", test_add_refuses_bad_rows);
  g_test_add_func ("/Pp/MeasurementStore/export-import-round-trip", test_export_import_round_trip);
  g_test_add_func ("/Pp/MeasurementStore/queries", test_queries);
  g_test_add_func ("/Pp/MeasurementStore/empty-filter", test_empty_filter);
  g_test_add_func ("/Pp/MeasurementStore/sub-second-times", test_sub_second_times);
  g_test_add_func ("/Pp/MeasurementStore/dates-and-zoneless-times", test_dates_and_zoneless_times);
  g_test_add_func ("/Pp/MeasurementStore/migration", test_migration);
  g_test_add_func ("/Pp/MeasurementStore/refuses-bad-databases", test_refuses_bad_databases);
  g_test_add_func ("/Pp/MeasurementStore/read-only-sees-writes", test_read_only_sees_writes);
  g_test_add_func ("/Pp/MeasurementStore/concurrent-creation", test_concurrent_creation);
  g_test_add_func ("/Pp/MeasurementStore/async-import-and-add", test_async_import_and_add);
  g_test_add_func ("/Pp/MeasurementStore/cancel-after-commit", test_cancel_after_commit);
  g_test_add_func ("/Pp/MeasurementStore/cancel-before-start", test_cancel_before_start);
  g_test_add_func ("/Pp/MeasurementStore/seed", test_seed);
  g_test_add_func ("/Pp/MeasurementStore/seed-cancelled", test_seed_cancelled);
  g_test_add_func ("/Pp/MeasurementStore/stamp", test_stamp);

  return g_test_run ();
}
