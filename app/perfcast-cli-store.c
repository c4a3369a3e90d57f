/* perfcast-cli-store.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "perfcast-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <libpp.h>
#include <math.h>
#include <string.h>

#include "perfcast-cli-private.h"

typedef struct
{
  char *db;
  char *filters[PP_N_COLUMNS];
  char *since;
  char *until;
  int limit;
  gboolean json;
} Filters;

static void
filters_clear (Filters *f)
{
  g_free (f->db);
  for (guint i = 0; i < PP_N_COLUMNS; i++)
    g_free (f->filters[i]);
  g_free (f->since);
  g_free (f->until);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Filters, filters_clear)

static void
add_filter_entries (GOptionContext *context,
                    Filters        *f)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &f->db, N_("Measurement store"), N_("PATH") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &f->filters[PP_COLUMN_MODEL], N_("Only this model"), N_("NAME") },
    { "hardware", 0, 0, G_OPTION_ARG_STRING, &f->filters[PP_COLUMN_HARDWARE], N_("Only this device"), N_("NAME") },
    { "backend", 0, 0, G_OPTION_ARG_STRING, &f->filters[PP_COLUMN_BACKEND], N_("Only this backend"), N_("NAME") },
    { "precision", 0, 0, G_OPTION_ARG_STRING, &f->filters[PP_COLUMN_PRECISION], N_("Only this precision"), N_("NAME") },
    { "family", 0, 0, G_OPTION_ARG_STRING, &f->filters[PP_COLUMN_FAMILY], N_("Only this model family"), N_("NAME") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &f->filters[PP_COLUMN_SOURCE], N_("Only rows from this source"), N_("TAG") },
    { "phase", 0, 0, G_OPTION_ARG_STRING, &f->filters[PP_COLUMN_PHASE], N_("Only this phase"), N_("PHASE") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &f->since, N_("Measured at or after (ISO 8601 or YYYY-MM-DD)"), N_("TIME") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &f->until, N_("Measured at or before (ISO 8601 or YYYY-MM-DD)"), N_("TIME") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &f->limit, N_("At most N rows, the newest"), N_("N") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* As a `timestamp` cell is read (a time without a zone is in UTC, a
 * date alone is a time too), but a date after --until means the whole
 * day, to its last microsecond: times are compared as precisely as
 * GDateTime holds them. */
static GDateTime *
parse_time (const char  *text,
            gboolean     end_of_day,
            GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *full = NULL;
  GDateTime *dt;

  if (!(dt = g_date_time_new_from_iso8601 (text, utc)) && strpbrk (text, "Tt :") == NULL)
    {
      full = g_strconcat (text, end_of_day ? "T23:59:59.999999Z" : "T00:00:00Z", NULL);
      dt = g_date_time_new_from_iso8601 (full, utc);
    }
  if (dt == NULL)
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not a time; use ISO 8601 (2026-11-26T10:00:00Z) or a date (2026-11-26)"),
                 text);
  return dt;
}

static PpMeasurementQuery *
build_query (Filters  *f,
             GError  **error)
{
  g_autoptr(PpMeasurementQuery) query = pp_measurement_query_new ();
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) until = NULL;

  if (f->limit < 0)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("--limit must not be negative"));
      return NULL;
    }

  for (guint i = 0; i < PP_N_COLUMNS; i++)
    {
      /* The library takes "" as no filter, as for an emptied search
       * entry; here it comes from an unset variable ("--model $MODEL"),
       * and every row would be listed as if it were the model's. */
      if (f->filters[i] != NULL && f->filters[i][0] == '\0')
        {
          g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                       /* translators: %s is an option's name, such as model, after its “--” */
                       _("--%s is empty: give a value, or leave the option out to match every row"),
                       pp_column_get_name (i));
          return NULL;
        }
      if (f->filters[i] != NULL)
        pp_measurement_query_set_filter (query, i, f->filters[i]);
    }

  if ((f->since && !(since = parse_time (f->since, FALSE, error))) ||
      (f->until && !(until = parse_time (f->until, TRUE, error))))
    return NULL;

  pp_measurement_query_set_time_range (query, since, until);
  pp_measurement_query_set_limit (query, (guint)f->limit);

  return g_steal_pointer (&query);
}

int
perfcast_cli_import (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE… — import measurement files"));
  g_autoptr(PpMeasurementStore) store = NULL;
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *format = NULL;
  PpFileFormat file_format = PP_FILE_FORMAT_AUTO;
  g_autofree char *origin = NULL;
  g_auto(GStrv) files = NULL;
  gboolean json = FALSE;
  guint added = 0, duplicates = 0;
  int status;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Measurement store"), N_("PATH") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv or json (default: by file name)"), N_("FORMAT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print {\"imported\": N, \"duplicates\": M}"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };

  g_option_context_set_summary (context,
    _("All files are checked before anything is stored, and stored in one transaction:\n"
      "a malformed file changes nothing. Rows already in the store are counted as duplicates."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = perfcast_cli_parse (context, &argc, &argv)))
    return status;
  if (files == NULL || files[0] == NULL)
    return perfcast_cli_usage_error (context, _("import needs at least one FILE"));

  if ((format && !pp_file_format_from_string (format, &file_format, &error)) ||
      !(all = perfcast_cli_load_files (files, file_format, &error)) ||
      !(store = perfcast_cli_open_store (db, &error)))
    return perfcast_cli_fail (error);

  origin = g_strjoinv (", ", files);
  if (!pp_measurement_store_insert (store, all, origin, &added, &duplicates, &error))
    return perfcast_cli_fail (error);

  /* Predicted by the saved fit before any fit learns from them. */
  if (added > 0 && (catalog = pp_catalog_new_default (NULL)))
    perfcast_cli_check_saved_fit (catalog, store);

  if (json)
    g_print ("{\"imported\": %u, \"duplicates\": %u}\n", added, duplicates);
  else
    g_print (_("Imported %u measurements (%u already stored) into %s\n"),
             added, duplicates, pp_measurement_store_get_path (store));

  return 0;
}

int
perfcast_cli_export (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— export measurements"));
  g_auto(Filters) f = { 0 };
  g_autoptr(PpMeasurementStore) store = NULL;
  g_autoptr(PpMeasurementQuery) query = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *output = NULL;
  PpFileFormat format = PP_FILE_FORMAT_AUTO;
  int status;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("csv or json (default: by -o name, else csv)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output (“-”: standard output)"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_filter_entries (context, &f);
  if ((status = perfcast_cli_parse (context, &argc, &argv)))
    return status;
  if (argc > 1)
    return perfcast_cli_usage_error (context, _("export takes no file arguments; use -o FILE"));

  if ((format_text && !pp_file_format_from_string (format_text, &format, &error)) ||
      !(query = build_query (&f, &error)) ||
      !(store = perfcast_cli_open_existing_store (f.db, &error)))
    return perfcast_cli_fail (error);

  /* "-o -" is standard output, as for most tools that take -o. */
  if (output != NULL && !g_str_equal (output, "-"))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);

      if (!pp_measurement_store_export_file (store, query, file, format, NULL, &error))
        return perfcast_cli_fail (error);
      return 0;
    }

  out = perfcast_cli_stdout ();
  if (!(list = pp_measurement_store_query (store, query, &error)) ||
      !pp_measurement_list_write (list, out, format == PP_FILE_FORMAT_JSON ? format : PP_FILE_FORMAT_CSV,
                                  NULL, &error))
    return perfcast_cli_fail (error);

  return 0;
}

static const PpColumn table_columns[] = {
  PP_COLUMN_MODEL, PP_COLUMN_HARDWARE, PP_COLUMN_BACKEND, PP_COLUMN_PRECISION,
  PP_COLUMN_BATCH, PP_COLUMN_SEQ_LEN, PP_COLUMN_PHASE, PP_COLUMN_LATENCY_MS,
  PP_COLUMN_THROUGHPUT_ITEMS_PER_S, PP_COLUMN_MEMORY_MB, PP_COLUMN_SOURCE,
};

static void
print_cell (const char *text,
            guint       width,
            gboolean    last)
{
  if (last)
    g_print ("%s\n", text);
  else
    g_print ("%s%*s  ", text, (int)(width - g_utf8_strlen (text, -1)), "");
}

static void
print_table (GListModel *list)
{
  guint n = g_list_model_get_n_items (list);
  guint widths[G_N_ELEMENTS (table_columns)];
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < G_N_ELEMENTS (table_columns); c++)
    widths[c] = strlen (pp_column_get_name (table_columns[c]));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpMeasurement) m = g_list_model_get_item (list, i);

      for (guint c = 0; c < G_N_ELEMENTS (table_columns); c++)
        {
          char *text = pp_measurement_dup_field (m, pp_column_get_name (table_columns[c]));

          if (text == NULL)
            text = g_strdup ("");
          widths[c] = MAX (widths[c], g_utf8_strlen (text, -1));
          g_ptr_array_add (cells, text);
        }
    }

  for (guint c = 0; c < G_N_ELEMENTS (table_columns); c++)
    print_cell (pp_column_get_name (table_columns[c]), widths[c],
                c + 1 == G_N_ELEMENTS (table_columns));

  for (guint i = 0; i < cells->len; i++)
    {
      guint c = i % G_N_ELEMENTS (table_columns);

      print_cell (cells->pdata[i], widths[c], c + 1 == G_N_ELEMENTS (table_columns));
    }
}

int
perfcast_cli_list (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list measurements"));
  g_auto(Filters) f = { 0 };
  g_autoptr(PpMeasurementStore) store = NULL;
  g_autoptr(PpMeasurementQuery) query = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &f.json, N_("Print a JSON array of objects keyed by the CSV column names"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_filter_entries (context, &f);
  if ((status = perfcast_cli_parse_options_only (context, &argc, &argv)))
    return status;

  if (!(query = build_query (&f, &error)) ||
      !(store = perfcast_cli_open_existing_store (f.db, &error)) ||
      !(list = pp_measurement_store_query (store, query, &error)))
    return perfcast_cli_fail (error);

  if (f.json)
    {
      g_autoptr(GOutputStream) out = perfcast_cli_stdout ();

      if (!pp_measurement_list_write (list, out, PP_FILE_FORMAT_JSON, NULL, &error))
        return perfcast_cli_fail (error);
    }
  else
    print_table (list);

  return 0;
}

static void
print_counts (PpMeasurementStore *store,
              PpColumn            column)
{
  g_auto(GStrv) values = pp_measurement_store_dup_distinct (store, column, NULL);

  for (guint i = 0; values && values[i]; i++)
    {
      g_autoptr(PpMeasurementQuery) q = pp_measurement_query_new ();
      guint64 count = 0;

      pp_measurement_query_set_filter (q, column, values[i]);
      pp_measurement_store_count (store, q, &count, NULL);
      g_print ("  %-44s %8" G_GUINT64_FORMAT "\n", values[i], count);
    }
}

static void
print_local (PpCatalog *catalog)
{
  PpHardwareSpec *local = pp_catalog_lookup_hardware (catalog, "local");

  if (local == NULL)
    return;

  g_print (_("\nDevice “local”: %s\n"), pp_hardware_spec_get_name (local));
  g_print (_("  peak fp32 (upper bound from the vector ISA): %.0f GFLOP/s, memory %.1f GiB\n"),
           pp_hardware_spec_get_peak_flops (local, PP_PRECISION_FP32) / 1e9,
           pp_hardware_spec_get_memory_bytes (local) / (1024.0 * 1024 * 1024));
}

/* What the predictor makes of two workloads nobody measured: Llama 2 7B
 * decoding at batch 16 on the H200 (measured at 8 and 32), and Llama 3
 * 8B, which was never measured, on an H100. */
static gboolean
print_demo_predictions (PpCatalog   *catalog,
                        const char  *db,
                        GError     **error)
{
  const struct { const char *model, *hardware; guint batch, seq; } workloads[] = {
    { "llama-7b", "nvidia-h200", 16, 1024 },
    { "llama-8b", "nvidia-h100-sxm", 16, 2048 },
  };
  g_autoptr(PpFittedPredictor) predictor = perfcast_cli_open_predictor (catalog, db, error);

  if (predictor == NULL)
    return FALSE;

  g_print (_("\nPredictions (fitted to %u measurements):\n"), pp_fitted_predictor_get_n_training (predictor));
  for (guint i = 0; i < G_N_ELEMENTS (workloads); i++)
    {
      g_autoptr(PpWorkload) w = pp_workload_new (pp_catalog_lookup_model (catalog, workloads[i].model),
                                                 pp_catalog_lookup_hardware (catalog, workloads[i].hardware),
                                                 PP_PRECISION_BF16, workloads[i].batch);
      g_autoptr(PpPrediction) p = NULL;

      pp_workload_set_seq_len (w, workloads[i].seq);
      pp_workload_set_phase (w, PP_PHASE_DECODE);
      if (!(p = pp_predictor_predict (PP_PREDICTOR (predictor), w, error)))
        return FALSE;
      perfcast_cli_print_prediction (p);
    }

  return TRUE;
}

int
perfcast_cli_demo (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— load the bundled data and summarise it"));
  g_autoptr(PpMeasurementStore) store = NULL;
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  guint added = 0;
  guint64 total = 0;
  int status;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Measurement store"), N_("PATH") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = perfcast_cli_parse_options_only (context, &argc, &argv)))
    return status;

  if (!(store = perfcast_cli_open_store (db, &error)) ||
      !pp_measurement_store_seed (store, &added, NULL, &error) ||
      !pp_measurement_store_count (store, NULL, &total, &error) ||
      !(catalog = pp_catalog_new_default (&error)))
    return perfcast_cli_fail (error);

  g_print (_("Measurement store: %s\n"), pp_measurement_store_get_path (store));
  if (added > 0)
    g_print (_("Loaded %u bundled measurements into the empty store.\n"), added);
  g_print (_("%llu measurements in all.\n\nBy source:\n"), (unsigned long long)total);
  print_counts (store, PP_COLUMN_SOURCE);
  g_print (_("\nBy hardware:\n"));
  print_counts (store, PP_COLUMN_HARDWARE);
  g_print (_("\nCatalog: %u models, %u devices.\n"),
           g_list_model_get_n_items (pp_catalog_get_models (catalog)),
           g_list_model_get_n_items (pp_catalog_get_hardware (catalog)));
  print_local (catalog);

  if (!print_demo_predictions (catalog, db, &error))
    return perfcast_cli_fail (error);

  return 0;
}
