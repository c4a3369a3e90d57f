/* perfcast-cli-predict.c: predict, recommend, fit, validate, crossval.
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
#include <unistd.h>

#include "perfcast-cli-private.h"

/* Options that describe a workload, shared by predict and recommend. */
typedef struct
{
  char *db;
  char *fit;
  char *model;
  char *hardware;
  char *precision;
  char *kv_precision;
  char *phase;
  char *framework;
  char *arch;
  char *hardware_kind;
  char *backend;
  double input_size;
  double params_m;
  int batch;
  int seq;
  int decoder_seq;
  int threads;
  double budget_gib;
  int layers;
  int hidden;
  int heads;
  int kv_heads;
  gboolean json;
} WorkloadOptions;

static void
workload_options_clear (WorkloadOptions *o)
{
  g_free (o->db);
  g_free (o->fit);
  g_free (o->model);
  g_free (o->hardware);
  g_free (o->precision);
  g_free (o->kv_precision);
  g_free (o->phase);
  g_free (o->framework);
  g_free (o->arch);
  g_free (o->hardware_kind);
  g_free (o->backend);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WorkloadOptions, workload_options_clear)

/* What the options hold when they were not given, so that a 0 given is
 * told apart from none: nobody types these. */
#define UNSET_INT G_MININT
#define UNSET_DOUBLE (-G_MAXDOUBLE)

#define WORKLOAD_OPTIONS_INIT { .batch = UNSET_INT, .seq = UNSET_INT, .input_size = UNSET_DOUBLE, \
                                .budget_gib = UNSET_DOUBLE }

static void
add_workload_entries (GOptionContext  *context,
                      WorkloadOptions *o,
                      gboolean         with_hardware)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o->db, N_("Measurement store the predictor is fitted to"), N_("PATH") },
    { "fit", 0, 0, G_OPTION_ARG_FILENAME, &o->fit, N_("A fit saved by “perfcast-cli fit -o FILE”, instead of the store's"), N_("FILE") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &o->model, N_("Model (catalog id or alias)"), N_("M") },
    { "precision", 0, 0, G_OPTION_ARG_STRING, &o->precision, N_("fp64, fp32, tf32, fp16, bf16, fp8, int8, int4, int2"), N_("P") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &o->batch, N_("Items per call"), N_("B") },
    { "seq", 0, 0, G_OPTION_ARG_INT, &o->seq, N_("Tokens per item (decode: the context)"), N_("N") },
    { "decoder-seq", 0, 0, G_OPTION_ARG_INT, &o->decoder_seq, N_("Tokens an encoder-decoder's decoder runs (default: --seq)"), N_("N") },
    { "input-size", 0, 0, G_OPTION_ARG_DOUBLE, &o->input_size, N_("Image side in pixels or audio seconds"), N_("S") },
    { "phase", 0, 0, G_OPTION_ARG_STRING, &o->phase, N_("forward, prefill or decode"), N_("PHASE") },
    { "kv-precision", 0, 0, G_OPTION_ARG_STRING, &o->kv_precision, N_("KV cache precision (default: --precision)"), N_("P") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &o->threads, N_("CPU threads"), N_("N") },
    { "memory-budget-gb", 0, 0, G_OPTION_ARG_DOUBLE, &o->budget_gib, N_("Memory to fit in, GiB (default: the device's)"), N_("GB") },
    { "framework", 0, 0, G_OPTION_ARG_STRING, &o->framework, N_("Software stack, as in the framework column"), N_("NAME") },
    { "arch", 0, 0, G_OPTION_ARG_STRING, &o->arch, N_("For a model not in the catalog: encoder, decoder, …"), N_("ARCH") },
    { "params-m", 0, 0, G_OPTION_ARG_DOUBLE, &o->params_m, N_("For a model not in the catalog: parameters, millions"), N_("N") },
    { "layers", 0, 0, G_OPTION_ARG_INT, &o->layers, N_("For a model not in the catalog: layers"), N_("N") },
    { "hidden", 0, 0, G_OPTION_ARG_INT, &o->hidden, N_("For a model not in the catalog: width"), N_("N") },
    { "heads", 0, 0, G_OPTION_ARG_INT, &o->heads, N_("For a model not in the catalog: attention heads"), N_("N") },
    { "kv-heads", 0, 0, G_OPTION_ARG_INT, &o->kv_heads, N_("For a model not in the catalog: key/value heads"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print JSON"), NULL },
    { NULL }
  };
  const GOptionEntry hardware_entry[] = {
    { "hardware", 0, 0, G_OPTION_ARG_STRING, &o->hardware, N_("Device (catalog id or alias)"), N_("H") },
    { "hardware-kind", 0, 0, G_OPTION_ARG_STRING, &o->hardware_kind,
      N_("For a device not in the catalog: gpu, cpu, npu or browser"), N_("KIND") },
    { "backend", 0, 0, G_OPTION_ARG_STRING, &o->backend,
      N_("For a device not in the catalog: cuda, rocm, mps, cpu, webgpu, …"), N_("NAME") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (with_hardware)
    g_option_context_add_main_entries (context, hardware_entry, GETTEXT_PACKAGE);
}

/* A model the catalog lacks, described on the command line the way a
 * CSV row would describe it. */
static PpModelSpec *
resolve_model (PpCatalog        *catalog,
               WorkloadOptions  *o,
               GError          **error)
{
  g_autoptr(PpMeasurement) row = pp_measurement_new ();
  gboolean described = o->arch != NULL || o->params_m != 0 || o->layers != 0 || o->hidden != 0 ||
                       o->heads != 0 || o->kv_heads != 0;
  PpModelArch arch;

  /* The catalog's description wins: one given beside it would be
   * ignored without a word. */
  if (described && pp_catalog_lookup_model (catalog, o->model) != NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("“%s” is in the catalog: --arch, --params-m, --layers, --hidden, --heads and --kv-heads "
                     "describe models that are not; leave them out, or give the model another name"),
                   o->model);
      return NULL;
    }
  if (o->arch != NULL && !pp_model_arch_from_string (o->arch, &arch) && g_ascii_strcasecmp (o->arch, "other") != 0)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("Unknown architecture “%s”: encoder, decoder, encoder-decoder, dual-encoder, cnn or other"),
                   o->arch);
      return NULL;
    }

  pp_measurement_set_string (row, PP_COLUMN_MODEL, o->model);
  pp_measurement_set_string (row, PP_COLUMN_ARCH, o->arch);
  /* 0 is the options' default, "not given"; any other value is checked
   * as a CSV row's would be. */
  if (o->params_m != 0)
    pp_measurement_set_number (row, PP_COLUMN_PARAMS_M, o->params_m);
  if (o->layers != 0)
    pp_measurement_set_number (row, PP_COLUMN_LAYERS, o->layers);
  if (o->hidden != 0)
    pp_measurement_set_number (row, PP_COLUMN_HIDDEN, o->hidden);
  if (o->heads != 0)
    pp_measurement_set_number (row, PP_COLUMN_HEADS, o->heads);
  if (o->kv_heads != 0)
    pp_measurement_set_number (row, PP_COLUMN_KV_HEADS, o->kv_heads);

  return pp_catalog_resolve_model (catalog, o->model, row, error);
}

/* A device by its name alone: the catalog's or, unless a saved fit is
 * given (--fit, which reads no store), as the store's rows of it
 * describe it, which is how the store's fit learned it. The store is
 * opened into @store the first time it is needed, for the next names;
 * one that does not exist is not created just to find nothing in it. */
static PpHardwareSpec *
find_hardware (PpCatalog           *catalog,
               WorkloadOptions     *o,
               const char          *name,
               PpMeasurementStore **store,
               GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  PpHardwareSpec *spec;

  if ((spec = pp_catalog_lookup_hardware (catalog, name)))
    return g_object_ref (spec);

  if (o->fit == NULL && (*store != NULL || perfcast_cli_store_exists (o->db)) &&
      ((*store == NULL && !(*store = perfcast_cli_open_store (o->db ? o->db : perfcast_cli_get_db_path (), error))) ||
       (spec = pp_catalog_resolve_hardware_in_store (catalog, name, *store, &local_error))))
    return spec;
  if (local_error != NULL && !g_error_matches (local_error, PP_ERROR, PP_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_set_error (error, PP_ERROR, PP_ERROR_NOT_FOUND,
               o->fit == NULL
               ? _("Unknown hardware “%s”: neither the catalog nor the store has it; “perfcast-cli catalog "
                   "hardware” lists the catalog's devices, and --hardware-kind (with --backend) describes "
                   "another")
               : _("Unknown hardware “%s”: the catalog does not list it; “perfcast-cli catalog hardware” "
                   "lists its devices, and --hardware-kind (with --backend) describes another"),
               name);
  return NULL;
}

/* A device the catalog lacks is found in the store by its name alone
 * (find_hardware()), or else described on the command line the way a
 * CSV row would describe it: either way a listed device's figures stand
 * in for its own (see pp_catalog_resolve_hardware()), and the predictor
 * knows it only from measurements of it in the store. */
static PpHardwareSpec *
resolve_hardware (PpCatalog        *catalog,
                  WorkloadOptions  *o,
                  const char       *name,
                  GError          **error)
{
  g_autoptr(PpMeasurement) row = NULL;
  g_autoptr(PpMeasurementStore) store = NULL;
  PpHardwareKind kind;

  if (o->hardware_kind == NULL && o->backend == NULL)
    return find_hardware (catalog, o, name, &store, error);

  if (pp_catalog_lookup_hardware (catalog, name) != NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("“%s” is in the catalog: --hardware-kind and --backend describe devices that are not; "
                     "leave them out, or give the device another name"),
                   name);
      return NULL;
    }
  if (o->hardware_kind == NULL || !pp_hardware_kind_from_string (o->hardware_kind, &kind))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("A device not in the catalog needs --hardware-kind: gpu, cpu, npu or browser"));
      return NULL;
    }

  row = pp_measurement_new ();
  pp_measurement_set_string (row, PP_COLUMN_MODEL, o->model);
  pp_measurement_set_string (row, PP_COLUMN_HARDWARE, name);
  pp_measurement_set_string (row, PP_COLUMN_HARDWARE_KIND, o->hardware_kind);
  pp_measurement_set_string (row, PP_COLUMN_BACKEND, o->backend);

  return pp_catalog_resolve_hardware (catalog, name, row, error);
}

static gboolean
check_required (WorkloadOptions  *o,
                gboolean          with_hardware,
                GError          **error)
{
  const char *missing = !o->model ? "--model" : (with_hardware && !o->hardware) ? "--hardware"
                        : !o->precision ? "--precision" : NULL;

  if (missing != NULL)
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT, _("%s is required"), missing);
  else if (o->batch == UNSET_INT)
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT, _("%s is required"), "--batch");
  else if (o->batch <= 0)
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                 _("--batch must be at least 1 (got %d)"), o->batch);
  else if (o->seq != UNSET_INT && o->seq <= 0)
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                 _("--seq must be at least 1 (got %d); leave it out for the model's default"), o->seq);
  else if (o->threads < 0)
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT, _("--threads must not be negative"));
  else if (o->input_size != UNSET_DOUBLE && !(isfinite (o->input_size) && o->input_size > 0))
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                 _("--input-size must be a number of pixels or seconds above 0; leave it out for the "
                   "model's default"));
  else if (o->budget_gib != UNSET_DOUBLE && !(isfinite (o->budget_gib) && o->budget_gib > 0))
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                 _("--memory-budget-gb must be a number of GiB above 0; leave it out for the device's memory"));
  else if (!isfinite (o->params_m))
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                 _("--params-m must be a number of millions of parameters"));
  else if (o->decoder_seq < 0)
    g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                 _("--decoder-seq must not be negative"));
  else
    return TRUE;

  return FALSE;
}

static PpWorkload *
build_workload (PpCatalog        *catalog,
                WorkloadOptions  *o,
                gboolean          with_hardware,
                GError          **error)
{
  g_autoptr(PpModelSpec) model = NULL;
  g_autoptr(PpHardwareSpec) hardware = NULL;
  g_autoptr(PpWorkload) w = NULL;
  PpPrecision precision, kv_precision;
  PpPhase phase = PP_PHASE_FORWARD;

  if (!check_required (o, with_hardware, error) ||
      !pp_precision_from_string (o->precision, &precision, error) ||
      (o->kv_precision && !pp_precision_from_string (o->kv_precision, &kv_precision, error)) ||
      (o->phase && !pp_phase_from_string (o->phase, &phase, error)) ||
      !(model = resolve_model (catalog, o, error)) ||
      !(hardware = resolve_hardware (catalog, o, with_hardware ? o->hardware : "local", error)))
    return NULL;

  if (o->decoder_seq > 0 && pp_model_spec_get_arch (model) != PP_MODEL_ARCH_ENCODER_DECODER)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("--decoder-seq applies to encoder-decoders (T5, BART, Whisper…), not to “%s” (%s)"),
                   pp_model_spec_get_id (model), pp_model_arch_to_string (pp_model_spec_get_arch (model)));
      return NULL;
    }

  /* Threads are a CPU's (or a browser's) to share; the roofline refuses
   * a phase the model does not have. */
  if (o->threads > 0 && pp_hardware_spec_get_kind (hardware) == PP_HARDWARE_KIND_GPU)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("--threads applies to CPUs and browser backends, not to “%s”, a GPU"),
                   pp_hardware_spec_get_id (hardware));
      return NULL;
    }

  w = pp_workload_new (model, hardware, precision, o->batch);
  pp_workload_set_phase (w, phase);
  if (o->seq > 0)
    pp_workload_set_seq_len (w, o->seq);
  pp_workload_set_decoder_seq_len (w, o->decoder_seq);
  if (o->input_size > 0)
    pp_workload_set_input_size (w, o->input_size);
  if (o->kv_precision)
    pp_workload_set_kv_precision (w, kv_precision);
  pp_workload_set_threads (w, o->threads);
  pp_workload_set_framework (w, o->framework);

  return g_steal_pointer (&w);
}

/* The predictor --------------------------------------------------------- */

/* The predictor @o asks for: the fit saved in --fit, as it is, or else
 * the store's (see perfcast_cli_open_predictor()). */
static PpFittedPredictor *
open_predictor (PpCatalog        *catalog,
                WorkloadOptions  *o,
                GError          **error)
{
  g_autoptr(GFile) file = NULL;

  if (o->fit == NULL)
    return perfcast_cli_open_predictor (catalog, o->db, error);

  if (o->db != NULL || perfcast_cli_get_db_path () != NULL)
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("--fit names the fit to predict with, --db the store to fit to: give one of them"));
      return NULL;
    }

  file = g_file_new_for_commandline_arg (o->fit);
  return pp_fitted_predictor_load (catalog, file, error);
}

/* On a terminal, the line saying what is being fitted counts up. */
static void
print_fit_progress (guint    done,
                    guint    total,
                    gpointer user_data)
{
  guint n = GPOINTER_TO_UINT (user_data);

  g_printerr ("\r\033[K");
  /* Translators: a number of measurements, then how much of the fit is done */
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Fitting the predictor to %u measurement… %u%%",
                           "Fitting the predictor to %u measurements… %u%%", n),
              n, total ? 100 * done / total : 0);
}

static PpFittedPredictor *
fit_store (PpCatalog           *catalog,
           PpMeasurementStore  *store,
           GFile               *file,
           gboolean             must_save,
           GError             **error)
{
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) save_error = NULL;
  g_autofree char *stamp = NULL;
  guint n;

  if (!pp_measurement_store_seed (store, NULL, NULL, error) ||
      !(rows = pp_measurement_store_query (store, NULL, error)))
    return NULL;

  n = g_list_model_get_n_items (rows);
  if (isatty (STDERR_FILENO))
    {
      /* The line is there before the first step, which a fit of too few
       * rows never reaches. */
      print_fit_progress (0, 0, GUINT_TO_POINTER (n));
      predictor = pp_fitted_predictor_fit_full (catalog, rows, print_fit_progress, GUINT_TO_POINTER (n), NULL,
                                                error);
      g_printerr ("\n");
    }
  else
    {
      g_printerr (_("Fitting the predictor to %u measurements…\n"), n);
      predictor = pp_fitted_predictor_fit (catalog, rows, NULL, error);
    }
  if (predictor == NULL)
    return NULL;

  /* The rows read, not the count now: rows stored meanwhile are not in
   * the fit, and the next command must check them and refit. */
  stamp = pp_measurement_store_dup_stamp_for_rows (store, g_list_model_get_n_items (rows));
  pp_fitted_predictor_set_data_stamp (predictor, stamp);
  /* Unsaved, a fit to predict with still predicts; the next command
   * fits again. */
  if (!pp_fitted_predictor_save (predictor, file, &save_error))
    {
      if (must_save)
        {
          g_propagate_error (error, g_steal_pointer (&save_error));
          return NULL;
        }
      g_printerr (_("Could not save the fit to %s: %s\n"), g_file_peek_path (file), save_error->message);
    }

  return g_steal_pointer (&predictor);
}

/* @fit, fitted to @store, checks the rows that arrived since, before
 * anything learns from them (see pp_fitted_predictor_check_store()), and
 * says so on stderr. A failure is reported and otherwise ignored: the
 * rows are stored, and the fit that follows does not need their checks. */
static void
check_with (PpFittedPredictor  *fit,
            PpCatalog          *catalog,
            PpMeasurementStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!pp_fitted_predictor_check_store (fit, catalog, store, &n, NULL, &error))
    g_printerr (_("Could not check the new measurements against the saved fit: %s\n"), error->message);
  else if (n > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "Checked %u new measurement against the fit of %s before any fit learns from it "
                             "(perfcast-cli checks says how close it came)\n",
                             "Checked %u new measurements against the fit of %s before any fit learns from them "
                             "(perfcast-cli checks says how close it came)\n", n),
                n, pp_fitted_predictor_get_fitted_at (fit));
}

/* The fit to check the rows that arrived with: the store's saved fit
 * or, when this version cannot read it, one fitted anew to the rows it
 * had seen (pp_fitted_predictor_renew_saved_for_store()). */
static PpFittedPredictor *
dup_checker (PpCatalog          *catalog,
             PpMeasurementStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  PpFittedPredictor *fit;
  guint n;

  if ((fit = pp_fitted_predictor_load_saved_for_store (catalog, store)))
    return fit;

  if ((n = pp_fitted_predictor_count_renewable_for_store (store)) == 0)
    return NULL;

  /* The same words as the app's. */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The saved fit is from a version of Perfcast this one cannot read: "
                                          "fitting it anew to the %u measurement it had seen, to check the "
                                          "new ones…",
                                          "The saved fit is from a version of Perfcast this one cannot read: "
                                          "fitting it anew to the %u measurements it had seen, to check the "
                                          "new ones…", n),
                             n);
  g_printerr ("%s\n", message);
  if (!(fit = pp_fitted_predictor_renew_saved_for_store (catalog, store, NULL, &error)) && error != NULL)
    g_printerr (_("Could not fit anew the saved fit this version cannot read: %s\n"), error->message);
  return fit;
}

/* The store's saved fit, if there is one, checks the rows that arrived
 * since it was made (see check_with()). */
void
perfcast_cli_check_saved_fit (PpCatalog          *catalog,
                              PpMeasurementStore *store)
{
  g_autoptr(PpFittedPredictor) saved = dup_checker (catalog, store);

  if (saved != NULL)
    check_with (saved, catalog, store);
}

/* The predictor fitted to the store: loaded when it is current, refitted
 * (and saved) when measurements arrived since, or when there is none;
 * the rows that arrived are checked against the old fit first. */
PpFittedPredictor *
perfcast_cli_open_predictor (PpCatalog   *catalog,
                const char  *db,
                GError     **error)
{
  g_autoptr(PpMeasurementStore) store = NULL;
  g_autoptr(PpFittedPredictor) saved = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  db = db ? db : perfcast_cli_get_db_path ();
  if (!(store = perfcast_cli_open_store (db, error)))
    return NULL;

  if ((saved = dup_checker (catalog, store)))
    {
      if (pp_fitted_predictor_is_current_for_store (saved, store))
        return g_steal_pointer (&saved);
      check_with (saved, catalog, store);
    }

  path = pp_fitted_predictor_dup_path_for_store (store);
  file = g_file_new_for_path (path);
  return fit_store (catalog, store, file, FALSE, error);
}

/* Output ------------------------------------------------------------------ */

static void
append_number (GString    *out,
               const char *key,
               double      value,
               gboolean    comma)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no infinities: a value too large to be one is null too. */
  g_string_append_printf (out, "\"%s\": %s%s", key,
                          !isfinite (value) ? "null" : g_ascii_formatd (buf, sizeof buf, "%.6g", value),
                          comma ? ", " : "");
}

static void
append_target (GString      *out,
               PpPrediction *p,
               PpTarget      target,
               const char   *key)
{
  double lo, hi, v = pp_prediction_get_value (p, target, &lo, &hi);

  g_string_append_printf (out, "  \"%s\": {", key);
  append_number (out, "value", v, TRUE);
  append_number (out, "lower", lo, TRUE);
  append_number (out, "upper", hi, TRUE);
  append_number (out, "confidence", pp_prediction_get_confidence (p, target), TRUE);
  g_string_append_printf (out, "\"evidence\": \"%s\"},\n",
                          pp_evidence_to_string (pp_prediction_get_evidence (p, target)));
}

static void
append_roofline (GString      *out,
                 PpPrediction *p)
{
  const PpRooflineEstimate *r = pp_prediction_get_roofline (p);

  g_string_append (out, "  \"roofline\": {");
  append_number (out, "gflops", r->flops / 1e9, TRUE);
  append_number (out, "gbytes_moved", r->bytes / 1e9, TRUE);
  append_number (out, "compute_ms", r->compute_seconds * 1e3, TRUE);
  append_number (out, "memory_ms", r->memory_seconds * 1e3, TRUE);
  append_number (out, "weights_mb", r->weight_bytes / 1048576, TRUE);
  append_number (out, "kv_cache_mb", r->kv_cache_bytes / 1048576, TRUE);
  append_number (out, "activations_mb", r->activation_bytes / 1048576, TRUE);
  append_number (out, "layers", r->layers, TRUE);
  append_number (out, "kernels", r->kernels, FALSE);
  g_string_append (out, "}\n");
}

/* What fits on the device by the predicted memory, runtime included and
 * read at its interval's upper end, as the recommender reads it (see
 * pp_predictor_max_batch()): the largest batch at this shape and, for
 * decoders, the longest context at this batch. Zero when nothing fits,
 * NaN when the memory is unknown or cannot be predicted. */
static void
compute_limits (PpPredictor *predictor,
                PpWorkload  *w,
                double       budget_bytes,
                double      *max_batch,
                double      *max_context)
{
  PpModelArch arch = pp_model_spec_get_arch (pp_workload_get_model (w));
  g_autoptr(GError) error = NULL;

  *max_batch = *max_context = NAN;
  if (isnan (budget_bytes))
    return;

  *max_batch = pp_predictor_max_batch (predictor, w, budget_bytes, &error);
  if (error == NULL && (arch == PP_MODEL_ARCH_DECODER || arch == PP_MODEL_ARCH_ENCODER_DECODER))
    *max_context = pp_predictor_max_context (predictor, w, budget_bytes, &error);
  if (error != NULL)
    *max_batch = *max_context = NAN;
}

static double
budget_for (PpWorkload *w,
            double      budget_gib)
{
  if (budget_gib > 0)
    return budget_gib * 1024 * 1024 * 1024;

  return pp_hardware_spec_get_memory_bytes (pp_workload_get_hardware (w));
}

/* The line of what fits in @budget bytes (see compute_limits()). Where
 * nothing does, neither a smaller batch nor (for decoders) a shorter
 * context, it says what the weights alone need: whether they are what
 * leaves no room, or what comes on top of them. */
static void
print_limits (PpPredictor  *predictor,
              PpPrediction *p,
              double        budget)
{
  const double gib = 1024.0 * 1024 * 1024;
  const PpRooflineEstimate *roofline = pp_prediction_get_roofline (p);
  g_autoptr(GString) line = g_string_new (NULL);
  double max_batch, max_context;

  compute_limits (predictor, pp_prediction_get_workload (p), budget, &max_batch, &max_context);
  if (isnan (max_batch))
    return;

  /* The parts follow “by the upper end of memory:”, joined by commas. */
  if (max_batch > 0)
    /* translators: the largest batch size that fits in the memory */
    g_string_append_printf (line, _("at most batch %.0f at this length"), max_batch);
  else
    /* translators: not even batch 1 fits in the memory */
    g_string_append (line, _("no batch fits at this length"));
  if (!isnan (max_context))
    {
      g_string_append (line, ", ");
      if (max_context > 0)
        /* translators: the longest context, in tokens, that fits in the memory */
        g_string_append_printf (line, g_dngettext (GETTEXT_PACKAGE, "at most %lu token of context at this batch",
                                                   "at most %lu tokens of context at this batch",
                                                   (gulong)max_context),
                                (gulong)max_context);
      else
        /* translators: not even one token of context fits in the memory */
        g_string_append (line, _("no context fits at this batch"));
    }
  if (max_batch == 0 && !(max_context > 0) && roofline != NULL && roofline->weight_bytes > 0)
    {
      g_string_append (line, "; ");
      /* translators: the memory the model's weights take, in GiB */
      g_string_append_printf (line, _("the weights alone need %.1f GiB"), roofline->weight_bytes / gib);
    }

  /* translators: a memory budget in GiB, then what fits in it: what fits
   * is read at the upper end of the memory's 90% interval, runtime
   * included */
  g_print (_("  in %.1f GiB, by the upper end of memory: %s\n"), budget / gib, line->str);
}

static void
append_limits (GString     *out,
               PpPredictor *predictor,
               PpWorkload  *w,
               double       budget_gib)
{
  double budget = budget_for (w, budget_gib);
  double max_batch, max_context;

  compute_limits (predictor, w, budget, &max_batch, &max_context);
  g_string_append (out, "  \"fits\": {");
  append_number (out, "memory_budget_gb", budget / (1024.0 * 1024 * 1024), TRUE);
  append_number (out, "max_batch", max_batch, TRUE);
  append_number (out, "max_context", max_context, FALSE);
  g_string_append (out, "},\n");
}

/* "notes": @p's notes (see pp_prediction_get_notes()), a JSON array. */
static void
append_notes (GString      *out,
              PpPrediction *p)
{
  const char * const *notes = pp_prediction_get_notes (p);

  g_string_append (out, "\"notes\": [");
  for (guint i = 0; notes[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      perfcast_cli_append_json_string (out, notes[i]);
    }
  g_string_append (out, "]");
}

static char *
prediction_to_json (PpPrediction      *p,
                    PpFittedPredictor *predictor,
                    double             budget_gib)
{
  PpWorkload *w = pp_prediction_get_workload (p);
  GString *out = g_string_new ("{\n");

  double input_size = pp_workload_get_input_size (w);
  const char *framework = pp_workload_get_framework (w);

  /* The workload as predicted: every input that changes the result,
   * the framework filled in by default included. */
  g_string_append (out, "  \"model\": ");
  perfcast_cli_append_json_string (out, pp_model_spec_get_id (pp_workload_get_model (w)));
  g_string_append (out, ", \"hardware\": ");
  perfcast_cli_append_json_string (out, pp_hardware_spec_get_id (pp_workload_get_hardware (w)));
  if (pp_hardware_spec_get_stand_in (pp_workload_get_hardware (w)) != NULL)
    {
      g_string_append (out, ", \"stand_in\": ");
      perfcast_cli_append_json_string (out, pp_hardware_spec_get_stand_in (pp_workload_get_hardware (w)));
    }
  g_string_append_printf (out, ", \"precision\": \"%s\", \"batch\": %u, \"seq_len\": %u, \"phase\": \"%s\",\n",
                          pp_precision_to_string (pp_workload_get_precision (w)),
                          pp_workload_get_batch (w), pp_workload_get_seq_len (w),
                          pp_phase_to_string (pp_workload_get_phase (w)));
  g_string_append (out, "  ");
  append_number (out, "input_size", input_size > 0 ? input_size : NAN, TRUE);
  append_number (out, "decoder_seq_len",
                 pp_workload_get_decoder_seq_len (w) > 0 ? pp_workload_get_decoder_seq_len (w) : NAN, TRUE);
  g_string_append_printf (out, "\"kv_precision\": \"%s\", ",
                          pp_precision_to_string (pp_workload_get_kv_precision (w)));
  append_number (out, "threads", pp_workload_get_threads (w) > 0 ? pp_workload_get_threads (w) : NAN, TRUE);
  g_string_append (out, "\"framework\": ");
  if (framework != NULL)
    perfcast_cli_append_json_string (out, framework);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\n");
  g_string_append (out, "  ");
  append_notes (out, p);
  g_string_append (out, ",\n");
  append_target (out, p, PP_TARGET_LATENCY, "latency_ms");
  append_target (out, p, PP_TARGET_THROUGHPUT, "throughput_items_per_s");
  append_target (out, p, PP_TARGET_MEMORY, "memory_mb");
  g_string_append_printf (out, "  \"out_of_distribution\": %s,\n",
                          pp_prediction_get_out_of_distribution (p) ? "true" : "false");
  g_string_append_printf (out, "  \"bottleneck\": \"%s\",\n", pp_bottleneck_to_string (pp_prediction_get_bottleneck (p)));
  g_string_append (out, "  \"provenance\": {\"predictor\": ");
  perfcast_cli_append_json_string (out, pp_prediction_get_predictor (p));
  g_string_append (out, ", \"fitted_at\": ");
  perfcast_cli_append_json_string (out, pp_fitted_predictor_get_fitted_at (predictor));
  g_string_append_printf (out, ", \"training_rows\": %u, \"supporting_rows\": %u},\n",
                          pp_prediction_get_n_training (p), pp_prediction_get_n_support (p));
  append_limits (out, PP_PREDICTOR (predictor), w, budget_gib);
  append_roofline (out, p);
  g_string_append (out, "}\n");

  return g_string_free (out, FALSE);
}

static void
print_target (PpPrediction *p,
              PpTarget      target,
              const char   *label)
{
  double lo, hi, v = pp_prediction_get_value (p, target, &lo, &hi);
  g_autofree char *value = pp_format_value (v);
  g_autofree char *lower = pp_format_value (lo);
  g_autofree char *upper = pp_format_value (hi);

  g_print ("  %-11s %10s %-8s 90%% interval %s – %s   confidence (±25%%) %.2f\n",
           label, value, pp_target_get_unit (target), lower, upper, pp_prediction_get_confidence (p, target));
}

void
perfcast_cli_print_prediction (PpPrediction *p)
{
  PpWorkload *w = pp_prediction_get_workload (p);
  PpEvidence latency, memory;

  g_print ("%s on %s, %s, batch %u, seq %u, %s\n",
           pp_model_spec_get_id (pp_workload_get_model (w)),
           pp_hardware_spec_get_id (pp_workload_get_hardware (w)),
           pp_precision_to_string (pp_workload_get_precision (w)), pp_workload_get_batch (w),
           pp_workload_get_seq_len (w), pp_phase_to_string (pp_workload_get_phase (w)));
  for (const char * const *note = pp_prediction_get_notes (p); *note != NULL; note++)
    g_print ("  %s\n", *note);
  print_target (p, PP_TARGET_LATENCY, _("latency"));
  print_target (p, PP_TARGET_THROUGHPUT, _("throughput"));
  print_target (p, PP_TARGET_MEMORY, _("memory"));
  if (pp_prediction_get_bottleneck (p) != PP_BOTTLENECK_UNKNOWN)
    g_print ("  %s\n", pp_prediction_describe_bottleneck (p));
  g_print (_("  %s; fitted to %u measurements, %u of this model, device and precision\n"),
           pp_prediction_get_out_of_distribution (p) ? _("far from measured workloads")
                                                     : _("near measured workloads"),
           pp_prediction_get_n_training (p), pp_prediction_get_n_support (p));
  latency = pp_prediction_get_evidence (p, PP_TARGET_LATENCY);
  memory = pp_prediction_get_evidence (p, PP_TARGET_MEMORY);
  if (pp_evidence_describe (latency) == NULL || pp_evidence_describe (memory) == NULL)
    return;
  if (latency == memory)
    /* Translators: %s is a phrase such as “read off this configuration
     * at other batch sizes” or “measured”. */
    g_print (_("  latency and memory %s\n"), pp_evidence_describe (latency));
  else
    /* Translators: each %s is a phrase such as “read off this
     * configuration at other batch sizes” or “measured”. */
    g_print (_("  latency %s; memory %s\n"), pp_evidence_describe (latency), pp_evidence_describe (memory));
}

int
perfcast_cli_predict (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— predict latency, throughput and memory"));
  g_auto(WorkloadOptions) o = WORKLOAD_OPTIONS_INIT;
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(PpWorkload) workload = NULL;
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(PpPrediction) prediction = NULL;
  g_autoptr(GError) error = NULL;
  PpRooflineEstimate roofline;
  int status;

  g_option_context_set_summary (context,
    _("Predicts from the roofline of the model on the device, corrected by what the\n"
      "measurements in the store teach; refits when the store has new measurements."));
  add_workload_entries (context, &o, TRUE);
  if ((status = perfcast_cli_parse_options_only (context, &argc, &argv)))
    return status;

  if (!(catalog = pp_catalog_new_default (&error)) ||
      !(workload = build_workload (catalog, &o, TRUE, &error)) ||
      /* A workload the roofline refuses is said so before any fitting. */
      !pp_roofline_estimate (workload, &roofline, &error) ||
      !(predictor = open_predictor (catalog, &o, &error)) ||
      !(prediction = pp_predictor_predict (PP_PREDICTOR (predictor), workload, &error)))
    return perfcast_cli_fail (error);

  if (o.json)
    {
      g_autofree char *json = prediction_to_json (prediction, predictor, o.budget_gib);
      g_print ("%s", json);
    }
  else
    {
      perfcast_cli_print_prediction (prediction);
      print_limits (PP_PREDICTOR (predictor), prediction, budget_for (workload, o.budget_gib));
    }

  return 0;
}

static void
print_recommendations_json (GListModel *recs)
{
  guint n = g_list_model_get_n_items (recs);

  g_print ("[\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpRecommendation) r = g_list_model_get_item (recs, i);
      PpPrediction *p = pp_recommendation_get_prediction (r);
      g_autoptr(GString) out = g_string_new ("  {");
      const char *framework = pp_workload_get_framework (pp_prediction_get_workload (p));

      g_string_append_printf (out, "\"rank\": %u, \"hardware\": ", i + 1);
      perfcast_cli_append_json_string (out, pp_hardware_spec_get_id (pp_recommendation_get_hardware (r)));
      g_string_append_printf (out, ", \"feasible\": %s, \"framework\": ",
                              pp_recommendation_get_feasible (r) ? "true" : "false");
      if (framework != NULL)
        perfcast_cli_append_json_string (out, framework);
      else
        g_string_append (out, "null");
      g_string_append (out, ", ");
      append_number (out, "score", pp_recommendation_get_score (r), TRUE);
      for (guint t = 0; t < PP_N_TARGETS; t++)
        {
          double lo, hi, v = pp_prediction_get_value (p, t, &lo, &hi);

          g_string_append_printf (out, "\"%s\": {", pp_target_to_string (t));
          append_number (out, "value", v, TRUE);
          append_number (out, "lower", lo, TRUE);
          append_number (out, "upper", hi, TRUE);
          g_string_append_printf (out, "\"evidence\": \"%s\"}, ",
                                  pp_evidence_to_string (pp_prediction_get_evidence (p, t)));
        }
      g_string_append (out, "\"reason\": ");
      perfcast_cli_append_json_string (out, pp_recommendation_get_reason (r));
      g_string_append (out, ", ");
      append_notes (out, p);
      g_string_append (out, i + 1 < n ? "},\n" : "}\n");
      g_print ("%s", out->str);
    }
  g_print ("]\n");
}

static void
print_recommendations (GListModel *recs,
                       PpWorkload *workload)
{
  guint n = g_list_model_get_n_items (recs);
  guint n_feasible = 0;
  const char *first = NULL;
  gboolean mixed = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpRecommendation) r = g_list_model_get_item (recs, i);
      PpPrediction *p = pp_recommendation_get_prediction (r);
      const char *framework = pp_workload_get_framework (pp_prediction_get_workload (p));

      n_feasible += pp_recommendation_get_feasible (r);

      g_print ("%3u. %-28s %s %s\n", i + 1,
               pp_hardware_spec_get_id (pp_recommendation_get_hardware (r)),
               pp_recommendation_get_feasible (r) ? "  " : "✗ ",
               pp_recommendation_get_reason (r));
      for (const char * const *note = pp_prediction_get_notes (p); *note != NULL; note++)
        g_print ("%36s%s\n", "", *note);
      if (i == 0)
        first = framework;
      else if (g_strcmp0 (first, framework) != 0)
        mixed = TRUE;
    }

  if (mixed && pp_workload_get_framework (workload) == NULL)
    g_print ("%s\n", _("Devices were predicted for different software (each row says which); "
                       "pass --framework to compare them running the same software."));
  /* Every row marked is easy to misread as a ranking of the suitable. */
  if (n > 0 && n_feasible == 0)
    g_print ("%s\n", _("No device meets the constraints: each row marked ✗ says why."));
}

static GListModel *
devices_from_list (PpCatalog        *catalog,
                   WorkloadOptions  *o,
                   const char       *list,
                   GError          **error)
{
  g_auto(GStrv) names = g_strsplit (list, ",", -1);
  g_autoptr(GListStore) devices = g_list_store_new (PP_TYPE_HARDWARE_SPEC);
  g_autoptr(PpMeasurementStore) store = NULL;

  /* An empty list (--devices "$UNSET") would rank nothing and succeed;
   * an empty name is a typing slip. */
  for (guint i = 0; names[i]; i++)
    g_strstrip (names[i]);
  if (names[0] == NULL || g_strv_contains ((const char * const *)names, ""))
    {
      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("--devices needs device names separated by commas, such as nvidia-h200,nvidia-t4"));
      return NULL;
    }

  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(PpHardwareSpec) hw = find_hardware (catalog, o, names[i], &store, error);

      if (hw == NULL)
        return NULL;
      g_list_store_append (devices, hw);
    }

  return G_LIST_MODEL (g_steal_pointer (&devices));
}

int
perfcast_cli_recommend (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— rank devices for a workload"));
  g_auto(WorkloadOptions) o = WORKLOAD_OPTIONS_INIT;
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(PpWorkload) workload = NULL;
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(PpRecommender) recommender = NULL;
  g_autoptr(GListModel) devices = NULL;
  g_autoptr(GListModel) recs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *objective_text = NULL;
  g_autofree char *device_list = NULL;
  PpObjective objective = PP_OBJECTIVE_THROUGHPUT;
  double max_latency = 0;
  gboolean cautious = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "objective", 0, 0, G_OPTION_ARG_STRING, &objective_text, N_("throughput, latency, memory or efficiency"), N_("O") },
    /* xgettext:no-c-format */
    { "cautious", 0, 0, G_OPTION_ARG_NONE, &cautious,
      N_("Rank by the unfavourable end of each 90% interval, and hold the latency limit against its upper end"),
      NULL },
    { "max-latency-ms", 0, 0, G_OPTION_ARG_DOUBLE, &max_latency, N_("Latency limit per call"), N_("MS") },
    { "devices", 0, 0, G_OPTION_ARG_STRING, &device_list, N_("Comma-separated devices (default: the catalog)"), N_("LIST") },
    { NULL }
  };

  add_workload_entries (context, &o, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = perfcast_cli_parse_options_only (context, &argc, &argv)))
    return status;

  /* 0 is none; NaN is not a limit either, and a negative one would
   * silently be none. */
  if (!(max_latency >= 0) || isinf (max_latency))
    {
      g_set_error (&error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("--max-latency-ms must be a number of milliseconds, or 0 for no limit"));
      return perfcast_cli_fail (error);
    }

  if ((objective_text && !pp_objective_from_string (objective_text, &objective, &error)) ||
      !(catalog = pp_catalog_new_default (&error)) ||
      !(workload = build_workload (catalog, &o, FALSE, &error)) ||
      (device_list && !(devices = devices_from_list (catalog, &o, device_list, &error))) ||
      !(predictor = open_predictor (catalog, &o, &error)))
    return perfcast_cli_fail (error);

  recommender = pp_recommender_new (PP_PREDICTOR (predictor), catalog);
  pp_recommender_set_objective (recommender, objective);
  pp_recommender_set_max_latency_ms (recommender, max_latency);
  pp_recommender_set_cautious (recommender, cautious);
  if (!(recs = pp_recommender_rank (recommender, workload, devices, &error)))
    return perfcast_cli_fail (error);

  if (o.json)
    print_recommendations_json (recs);
  else
    print_recommendations (recs, workload);

  return 0;
}

int
perfcast_cli_fit (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— fit the predictor to the store"));
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(PpMeasurementStore) store = NULL;
  g_autoptr(PpFittedPredictor) predictor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *output = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  guint n, skipped;
  int status;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Measurement store"), N_("PATH") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to save (default: beside the store)"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = perfcast_cli_parse_options_only (context, &argc, &argv)))
    return status;

  db = db ? db : g_strdup (perfcast_cli_get_db_path ());
  if (!(catalog = pp_catalog_new_default (&error)) ||
      !(store = perfcast_cli_open_store (db, &error)))
    return perfcast_cli_fail (error);

  perfcast_cli_check_saved_fit (catalog, store);
  path = output ? g_strdup (output) : pp_fitted_predictor_dup_path_for_store (store);
  file = g_file_new_for_commandline_arg (path);
  if (!(predictor = fit_store (catalog, store, file, TRUE, &error)))
    return perfcast_cli_fail (error);

  n = pp_fitted_predictor_get_n_training (predictor);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Fitted to %u measurement; saved to %s\n",
                        "Fitted to %u measurements; saved to %s\n", n), n, path);

  /* Every reason _pp_samples_from_measurements() counts a row for: a
   * value the store took but no fit can use (a memory of 1e308 MB is an
   * infinite number of bytes) looked like none of the others. */
  if ((skipped = pp_fitted_predictor_get_n_skipped (predictor)) > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u row was skipped: no batch size or precision, a batch size below 1, a model or "
                          "device the catalog lacks, a device without datasheet peaks, several devices, or "
                          "no latency or memory a fit can use (none, or one that is zero, negative, "
                          "infinite or too large)\n",
                          "%u rows were skipped: no batch size or precision, a batch size below 1, a model or "
                          "device the catalog lacks, a device without datasheet peaks, several devices, or "
                          "no latency or memory a fit can use (none, or one that is zero, negative, "
                          "infinite or too large)\n", skipped),
             skipped);
  return 0;
}

static gboolean
write_rows (PpValidation  *validation,
            const char    *path,
            GError       **error)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return TRUE;

  file = g_file_new_for_commandline_arg (path);
  return pp_validation_save_csv (validation, file, error);
}

/* Charts of predicted against measured, checked before the long work. */
typedef struct
{
  char *latency;
  char *memory;
} Plots;

static void
plots_clear (Plots *plots)
{
  g_clear_pointer (&plots->latency, g_free);
  g_clear_pointer (&plots->memory, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plots, plots_clear)

static gboolean
check_plots (const Plots  *plots,
             GError      **error)
{
  if (plots->latency != NULL && g_strcmp0 (plots->latency, plots->memory) == 0)
    {
      g_autofree char *display = g_filename_display_name (plots->latency);

      g_set_error (error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("--plot and --plot-memory name the same file, “%s”: give each chart its own"), display);
      return FALSE;
    }

  return (plots->latency == NULL || pp_accuracy_chart_check_path (plots->latency, error)) &&
         (plots->memory == NULL || pp_accuracy_chart_check_path (plots->memory, error));
}

static gboolean
write_plots (PpValidation  *validation,
             const Plots   *plots,
             GError       **error)
{
  const char *paths[PP_N_TARGETS] = {
    [PP_TARGET_LATENCY] = plots->latency,
    [PP_TARGET_MEMORY] = plots->memory,
  };

  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      g_autoptr(PpAccuracyChart) chart = NULL;

      if (paths[t] == NULL)
        continue;
      chart = pp_accuracy_chart_new (validation, t);
      /* As large as a page of docs shows it without scaling. */
      if (!pp_accuracy_chart_save (chart, paths[t], 720, 640, error))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *name;  /* Borrowed from the groups' array */
  PpValidationMetrics metrics;
} GroupLatency;

/* The groups with the most rows first, whose figures say the most, and
 * groups of as many rows by name, so that the order is the same on
 * every run. */
static int
compare_group_latency (gconstpointer a,
                       gconstpointer b)
{
  const GroupLatency *ga = a, *gb = b;

  if (ga->metrics.n != gb->metrics.n)
    return ga->metrics.n > gb->metrics.n ? -1 : 1;
  return strcmp (ga->name, gb->name);
}

/* @text, padded with spaces to @width characters, on the left when
 * @right_align: column headings may be translated, and are UTF-8. */
static void
print_padded (const char *text,
              guint       width,
              gboolean    right_align)
{
  int pad = MAX (0, (int)width - (int)g_utf8_strlen (text, -1));

  if (right_align)
    g_print ("%*s%s", pad, "", text);
  else
    g_print ("%s%*s", text, pad, "");
}

static void
print_percent (double value,
               guint  width)
{
  g_autofree char *text = isnan (value) ? g_strdup ("-") : g_strdup_printf ("%.1f%%", 100 * value);

  g_print ("  ");
  print_padded (text, width, TRUE);
}

/* A compact table of how close latency came for each group of
 * @group_by (family or device), under @title: the JSON report's
 * by_family and by_hardware, reduced to what tells groups apart. */
static void
print_latency_groups (PpValidation *validation,
                      PpColumn      group_by,
                      const char   *title)
{
  g_auto(GStrv) groups = pp_validation_dup_groups (validation, group_by);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (GroupLatency));
  const char *headings[] = {
    /* Translators: headings of the columns of a table of latency by
     * model family or by device: the number of rows, the share within
     * ±25% of the measurement, the mean absolute percentage error and
     * the share of measurements inside the 90% interval. */
    C_("latency table", "n"),
    /* xgettext:no-c-format */
    C_("latency table", "within ±25%"),
    C_("latency table", "MAPE"),
    /* xgettext:no-c-format */
    C_("latency table", "90% coverage"),
  };
  guint widths[G_N_ELEMENTS (headings)];
  guint name_width = g_utf8_strlen (title, -1);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      GroupLatency line = { .name = groups[i] };

      if (pp_validation_get_metrics (validation, PP_TARGET_LATENCY, group_by, groups[i], &line.metrics))
        {
          g_array_append_val (lines, line);
          name_width = MAX (name_width, 2 + g_utf8_strlen (groups[i], -1));
        }
    }
  if (lines->len == 0)
    return;
  g_array_sort (lines, compare_group_latency);

  print_padded (title, name_width, FALSE);
  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    {
      widths[c] = MAX (6, g_utf8_strlen (headings[c], -1));
      g_print ("  ");
      print_padded (headings[c], widths[c], TRUE);
    }
  g_print ("\n");

  for (guint i = 0; i < lines->len; i++)
    {
      const GroupLatency *line = &g_array_index (lines, GroupLatency, i);
      g_autofree char *n = g_strdup_printf ("%u", line->metrics.n);

      g_print ("  ");
      print_padded (line->name, name_width - 2, FALSE);
      g_print ("  ");
      print_padded (n, widths[0], TRUE);
      print_percent (line->metrics.within_25, widths[1]);
      print_percent (line->metrics.mape, widths[2]);
      print_percent (line->metrics.coverage_90, widths[3]);
      g_print ("\n");
    }
}

static void
print_validation (PpValidation *validation,
                  gboolean      json)
{
  g_autofree char *text = pp_validation_to_json (validation);
  g_auto(GStrv) reasons = NULL;

  if (json)
    {
      g_print ("%s", text);
      return;
    }

  for (guint t = 0; t < PP_N_TARGETS; t++)
    {
      PpValidationMetrics m;

      if (!pp_validation_get_metrics (validation, t, PP_COLUMN_SOURCE, NULL, &m))
        continue;
      /* Translators: “expected ±25%” is the mean confidence, the share
       * of rows the predictions expected within ±25%, next to the share
       * that was. */
      g_print (_("%-10s n=%-5u MAPE %5.1f%%  median %5.1f%%  within ±10%% %5.1f%%  ±25%% %5.1f%% "
                 "(expected %5.1f%%)  90%% coverage %5.1f%%  median half-width %5.1f%%\n"),
               pp_target_to_string (t), m.n, 100 * m.mape, 100 * m.median_ape, 100 * m.within_10,
               100 * m.within_25, 100 * m.mean_confidence, 100 * m.coverage_90, 100 * m.median_halfwidth);

      /* The same for each kind of evidence the predictions stood on. */
      for (guint e = 0; e < PP_N_EVIDENCES; e++)
        {
          if (!pp_validation_get_evidence_metrics (validation, t, e, &m))
            continue;
          /* Translators: the first field is what the predictions stood
           * on, one of “unknown”, “measured”, “other-batch-sizes”,
           * “other-lengths”, “other-devices”, “family”, “device-fit” and
           * “roofline”, as the JSON report names them. */
          g_print (_("  %-18s n=%-5u MAPE %5.1f%%  within ±25%% %5.1f%% (expected %5.1f%%)  "
                     "90%% coverage %5.1f%%  median half-width %5.1f%%\n"),
                   pp_evidence_to_string (e), m.n, 100 * m.mape, 100 * m.within_25,
                   100 * m.mean_confidence, 100 * m.coverage_90, 100 * m.median_halfwidth);
        }
    }
  print_latency_groups (validation, PP_COLUMN_FAMILY, _("Latency by family"));
  print_latency_groups (validation, PP_COLUMN_HARDWARE, _("Latency by device"));
  g_print (_("%u rows could not be predicted\n"), pp_validation_get_n_skipped (validation));
  reasons = pp_validation_dup_skip_reasons (validation);
  for (guint i = 0; reasons[i]; i++)
    /* Translators: how many rows a reason kept from being predicted,
     * then the reason */
    g_print (_("  %u: %s\n"), pp_validation_get_n_skipped_because (validation, reasons[i]), reasons[i]);
}

/* The contract is “validate --train FILE… --test FILE…”, but GOption
 * takes one value an option. So every file from @argv that follows
 * --train or --test, up to the next option, is written “--train=FILE”
 * into @spread (whose strings it owns); after “--” every argument is a
 * file of the option before it. Returns the option left without a
 * file, or NULL. */
static const char *
spread_file_options (int         argc,
                     char      **argv,
                     GPtrArray  *spread)
{
  const char *current = NULL;
  gboolean options = TRUE, ended = FALSE;
  guint files = 0;

  g_ptr_array_add (spread, g_strdup (argv[0]));
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (options && g_str_equal (arg, "--"))
        options = FALSE;
      else if (options && arg[0] == '-' && arg[1] != '\0')
        {
          if (current != NULL && files == 0)
            return current;
          current = NULL;
          if (g_str_equal (arg, "--train") || g_str_equal (arg, "--test"))
            {
              current = arg;
              files = 0;
              continue;
            }
          if (g_str_has_prefix (arg, "--train=") || g_str_has_prefix (arg, "--test="))
            {
              current = g_str_has_prefix (arg, "--train=") ? "--train" : "--test";
              files = 1;
            }
          g_ptr_array_add (spread, g_strdup (arg));
        }
      else if (current != NULL)
        {
          g_ptr_array_add (spread, g_strconcat (current, "=", arg, NULL));
          files++;
        }
      else
        {
          /* After “--”, GOption must not take “-x” for an option either. */
          if (!options && !ended)
            g_ptr_array_add (spread, g_strdup ("--"));
          ended = !options;
          g_ptr_array_add (spread, g_strdup (arg));
        }
    }

  return current != NULL && files == 0 ? current : NULL;
}

int
perfcast_cli_validate (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— fit on --train files, test on --test files"));
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(GListModel) train = NULL;
  g_autoptr(GListModel) test = NULL;
  g_autoptr(PpValidation) validation = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) train_files = NULL;
  g_auto(GStrv) test_files = NULL;
  g_autoptr(GPtrArray) spread = g_ptr_array_new_with_free_func (g_free);
  g_autofree char **args = NULL;
  const char *empty;
  g_autofree char *rows = NULL;
  g_auto(Plots) plots = { 0 };
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "train", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &train_files, N_("Measurements to fit on (one or more)"), N_("FILE…") },
    { "test", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &test_files, N_("Measurements to predict (one or more)"), N_("FILE…") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the metrics as JSON"), NULL },
    { "rows", 0, 0, G_OPTION_ARG_FILENAME, &rows, N_("Also write every row's measurement, prediction and interval to this CSV file"), N_("FILE") },
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &plots.latency, N_("Also draw predicted against measured latency to this .png, .svg or .pdf file"), N_("FILE") },
    { "plot-memory", 0, 0, G_OPTION_ARG_FILENAME, &plots.memory, N_("Also draw predicted against measured memory to this .png, .svg or .pdf file"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("The store is not used: only the --train files are learned from."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((empty = spread_file_options (argc, argv, spread)))
    {
      /* translators: %s is --train or --test, which stay as they are */
      g_autofree char *message = g_strdup_printf (_("%s needs at least one FILE"), empty);
      return perfcast_cli_usage_error (context, message);
    }
  /* GOption moves and drops the pointers it is given, not the strings:
   * it gets a copy of the array that owns them. */
  argc = spread->len;
  args = g_new0 (char *, spread->len + 1);
  memcpy (args, spread->pdata, spread->len * sizeof (char *));
  argv = args;
  if ((status = perfcast_cli_parse (context, &argc, &argv)))
    return status;
  if (argc > 1)
    {
      /* GOption keeps a “--” that comes before “-x”. */
      const char *stray = g_str_equal (argv[1], "--") && argc > 2 ? argv[2] : argv[1];
      /* translators: %s is a file name; --train and --test stay as they are */
      g_autofree char *message =
        g_strdup_printf (_("“%s” follows neither --train nor --test: name the files to fit on after --train "
                           "and the files to predict after --test"), stray);
      return perfcast_cli_usage_error (context, message);
    }
  if (!train_files || !test_files)
    return perfcast_cli_usage_error (context, _("validate needs --train FILE and --test FILE"));

  if (!check_plots (&plots, &error) ||
      !(catalog = pp_catalog_new_default (&error)) ||
      !(train = perfcast_cli_load_files (train_files, PP_FILE_FORMAT_AUTO, &error)) ||
      !(test = perfcast_cli_load_files (test_files, PP_FILE_FORMAT_AUTO, &error)))
    return perfcast_cli_fail (error);

  g_printerr (_("Fitting the predictor to %u measurements…\n"), g_list_model_get_n_items (train));
  if (!(validation = pp_validation_run (catalog, train, test, NULL, &error)) ||
      !write_rows (validation, rows, &error) ||
      !write_plots (validation, &plots, &error))
    return perfcast_cli_fail (error);

  print_validation (validation, json);
  return 0;
}

static void
print_fold_cb (guint       done,
               guint       total,
               const char *held_out,
               gpointer    user_data)
{
  const char *column = user_data;

  /* A fold fits a predictor, which takes seconds: say which, on stderr,
   * so that stdout holds only the result. */
  if (held_out != NULL)
    {
      /* translators: the first two are numbers; the third is a column
       * name as typed after --group (such as "model"), which stays
       * untranslated, and the fourth one of its values */
      g_printerr (_("Fold %u of %u: holding out %s “%s”…\n"), done + 1, total, column, held_out);
    }
}

int
perfcast_cli_crossval (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE… — grouped cross-validation"));
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(GListModel) data = NULL;
  g_autoptr(PpValidation) validation = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *group = NULL;
  g_autofree char *rows = NULL;
  g_auto(Plots) plots = { 0 };
  gboolean json = FALSE;
  PpColumn column;
  int status;
  const GOptionEntry entries[] = {
    { "group", 0, 0, G_OPTION_ARG_STRING, &group, N_("Hold out one value of this column at a time: batch, model, hardware, family"), N_("COLUMN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the metrics as JSON"), NULL },
    { "rows", 0, 0, G_OPTION_ARG_FILENAME, &rows, N_("Also write every row's measurement, prediction and interval to this CSV file"), N_("FILE") },
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &plots.latency, N_("Also draw predicted against measured latency to this .png, .svg or .pdf file"), N_("FILE") },
    { "plot-memory", 0, 0, G_OPTION_ARG_FILENAME, &plots.memory, N_("Also draw predicted against measured memory to this .png, .svg or .pdf file"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = perfcast_cli_parse (context, &argc, &argv)))
    return status;
  if (!files || !group)
    return perfcast_cli_usage_error (context, _("crossval needs --group COLUMN and at least one FILE"));
  if (!pp_column_from_name (group, &column))
    return perfcast_cli_usage_error (context, _("--group must be a column name such as batch, model or hardware"));

  if (!check_plots (&plots, &error) ||
      !(catalog = pp_catalog_new_default (&error)) ||
      !(data = perfcast_cli_load_files (files, PP_FILE_FORMAT_AUTO, &error)) ||
      !(validation = pp_validation_cross_full (catalog, data, column, print_fold_cb, group, NULL, &error)) ||
      !write_rows (validation, rows, &error) ||
      !write_plots (validation, &plots, &error))
    return perfcast_cli_fail (error);

  print_validation (validation, json);
  return 0;
}

/* One line for the checks of one fit: how many rows, how many of them
 * it could not predict (or had measured already), and how close the
 * latency came. */
static void
print_fit_checks (PpValidation *validation,
                  const char   *fitted_at)
{
  guint skipped = pp_validation_get_n_skipped (validation);
  guint checked = pp_validation_get_n_rows (validation) + skipped;
  PpValidationMetrics m;

  if (!pp_validation_get_metrics (validation, PP_TARGET_LATENCY, PP_COLUMN_SOURCE, NULL, &m))
    {
      /* translators: %s is when the fit was made, then two numbers of rows */
      g_print (_("Fit of %s: %u rows checked (%u left out), none with a measured latency\n"),
               fitted_at, checked, skipped);
      return;
    }

  /* translators: %s is when the fit was made; then three numbers of
   * rows and three percentages */
  g_print (_("Fit of %s: %u rows checked (%u left out); latency of %u: within ±25%% %5.1f%%, MAPE %5.1f%%, "
             "90%% coverage %5.1f%%\n"),
           fitted_at, checked, skipped, m.n, 100 * m.within_25, 100 * m.mape, 100 * m.coverage_90);
}

/* @validation's report as validate --json prints it (without its last
 * newline), followed by how many rows were checked and left out, when
 * the fit was made if @fitted_at, and the members in @more if any. */
static char *
checks_report (PpValidation *validation,
               const char   *fitted_at,
               const char   *more)
{
  g_autofree char *text = pp_validation_to_json (validation);
  guint left_out = pp_validation_get_n_skipped (validation);
  gsize end = strlen (text);
  GString *out = g_string_new (NULL);

  /* The report ends its last member with "\n}\n": these go before. */
  g_assert (g_str_has_suffix (text, "\n}\n"));
  g_string_append_len (out, text, end - strlen ("\n}\n"));
  g_string_append_printf (out, ",\n  \"checked\": %u,\n  \"left_out\": %u",
                          pp_validation_get_n_rows (validation) + left_out, left_out);
  if (fitted_at != NULL)
    {
      g_string_append (out, ",\n  \"fitted_at\": ");
      perfcast_cli_append_json_string (out, fitted_at);
    }
  if (more != NULL)
    g_string_append_printf (out, ",\n  %s", more);
  g_string_append (out, "\n}");

  return g_string_free (out, FALSE);
}

/* validate's report over every fit, with how many rows were checked and
 * left out, and "fits": the same for each fit, oldest first, with when
 * it was made. */
static gboolean
print_checks_json (PpCatalog           *catalog,
                   PpMeasurementStore  *store,
                   PpValidation        *validation,
                   char               **fits,
                   GError             **error)
{
  g_autoptr(GString) list = g_string_new ("\"fits\": [");
  g_autofree char *text = NULL;

  for (guint i = 0; fits != NULL && fits[i] != NULL; i++)
    {
      g_autoptr(PpValidation) one = NULL;
      g_autofree char *report = NULL;
      g_auto(GStrv) lines = NULL;
      g_autofree char *indented = NULL;

      if (!(one = pp_validation_new_for_checks (catalog, store, fits[i], error)))
        return FALSE;
      report = checks_report (one, fits[i], NULL);
      lines = g_strsplit (report, "\n", -1);
      indented = g_strjoinv ("\n    ", lines);
      g_string_append_printf (list, "%s\n    %s", i ? "," : "", indented);
    }
  g_string_append (list, fits != NULL && fits[0] != NULL ? "\n  ]" : "]");

  text = checks_report (validation, NULL, list->str);
  g_print ("%s\n", text);
  return TRUE;
}

int
perfcast_cli_checks (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— how fits predicted the rows that came after them"));
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(PpMeasurementStore) store = NULL;
  g_autoptr(PpValidation) validation = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fits = NULL;
  g_autofree char *db = NULL;
  g_autofree char *fit = NULL;
  g_autofree char *rows = NULL;
  g_auto(Plots) plots = { 0 };
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Measurement store"), N_("PATH") },
    { "fit", 0, 0, G_OPTION_ARG_STRING, &fit, N_("Only the checks of the fit made at this time, as listed"), N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the metrics as JSON"), NULL },
    { "rows", 0, 0, G_OPTION_ARG_FILENAME, &rows, N_("Also write every row's measurement, prediction and interval to this CSV file"), N_("FILE") },
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &plots.latency, N_("Also draw predicted against measured latency to this .png, .svg or .pdf file"), N_("FILE") },
    { "plot-memory", 0, 0, G_OPTION_ARG_FILENAME, &plots.memory, N_("Also draw predicted against measured memory to this .png, .svg or .pdf file"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context,
    _("Rows that arrive after the predictor was fitted are predicted by that fit before the next\n"
      "fit learns from them. This reports those predictions against the measurements."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = perfcast_cli_parse (context, &argc, &argv)))
    return status;
  if (argc > 1)
    return perfcast_cli_usage_error (context, _("checks takes no FILE: it reads the measurement store"));

  db = db ? db : g_strdup (perfcast_cli_get_db_path ());
  if (!check_plots (&plots, &error) ||
      !(catalog = pp_catalog_new_default (&error)) ||
      !(store = perfcast_cli_open_existing_store (db, &error)) ||
      !(fits = pp_measurement_store_dup_checked_fits (store, &error)))
    return perfcast_cli_fail (error);

  if (fit != NULL && !g_strv_contains ((const char * const *)fits, fit))
    {
      g_set_error (&error, PP_ERROR, PP_ERROR_INVALID_ARGUMENT,
                   _("No fit made at “%s” checked rows of %s; perfcast-cli checks lists the ones that did"),
                   fit, pp_measurement_store_get_path (store));
      return perfcast_cli_fail (error);
    }

  if (!(validation = pp_validation_new_for_checks (catalog, store, fit, &error)) ||
      !write_rows (validation, rows, &error) ||
      !write_plots (validation, &plots, &error))
    return perfcast_cli_fail (error);

  if (json)
    {
      const char *one[] = { fit, NULL };

      if (!print_checks_json (catalog, store, validation, fit ? (char **)one : fits, &error))
        return perfcast_cli_fail (error);
      return 0;
    }

  if (fits[0] == NULL)
    {
      g_print (_("Nothing checked yet: rows that arrive after a fit are checked against it before "
                 "the next fit learns from them\n"));
      return 0;
    }

  for (guint i = 0; fit == NULL && fits[i] != NULL; i++)
    {
      g_autoptr(PpValidation) one = NULL;

      if (!(one = pp_validation_new_for_checks (catalog, store, fits[i], &error)))
        return perfcast_cli_fail (error);
      print_fit_checks (one, fits[i]);
    }
  print_validation (validation, json);
  return 0;
}
