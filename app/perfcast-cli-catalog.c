/* perfcast-cli-catalog.c
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

#include "perfcast-cli-private.h"

static void
json_string (GString    *out,
             const char *key,
             const char *value)
{
  g_string_append_printf (out, "\"%s\": ", key);
  if (value == NULL)
    g_string_append (out, "null");
  else
    perfcast_cli_append_json_string (out, value);
  g_string_append (out, ", ");
}

static void
json_number (GString    *out,
             const char *key,
             double      value)
{
  if (!isfinite (value))
    g_string_append_printf (out, "\"%s\": null, ", key);
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (out, "\"%s\": %s, ", key, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
    }
}

static void
json_aliases (GString            *out,
              const char * const *aliases)
{
  g_string_append (out, "\"aliases\": [");
  for (guint i = 0; aliases && aliases[i]; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      perfcast_cli_append_json_string (out, aliases[i]);
    }
  g_string_append (out, "]}");
}

static void
model_to_json (GString     *out,
               PpModelSpec *m)
{
  g_string_append_c (out, '{');
  json_string (out, "id", pp_model_spec_get_id (m));
  json_string (out, "name", pp_model_spec_get_name (m));
  json_string (out, "family", pp_model_spec_get_family (m));
  json_string (out, "modality", pp_model_spec_get_modality (m));
  json_string (out, "arch", pp_model_arch_to_string (pp_model_spec_get_arch (m)));
  json_number (out, "params_m", pp_model_spec_get_params_m (m));
  json_number (out, "layers", pp_model_spec_get_layers (m) ?: NAN);
  json_number (out, "hidden", pp_model_spec_get_hidden (m) ?: NAN);
  json_number (out, "heads", pp_model_spec_get_heads (m) ?: NAN);
  json_number (out, "kv_heads", pp_model_spec_get_kv_heads (m) ?: NAN);
  json_number (out, "ffn", pp_model_spec_get_ffn (m) ?: NAN);
  json_number (out, "vocab", pp_model_spec_get_vocab (m) ?: NAN);
  json_aliases (out, pp_model_spec_get_aliases (m));
}

static void
hardware_to_json (GString        *out,
                  PpHardwareSpec *h)
{
  PpHardwareSpec *host = pp_hardware_spec_get_host (h);

  g_string_append_c (out, '{');
  json_string (out, "id", pp_hardware_spec_get_id (h));
  json_string (out, "name", pp_hardware_spec_get_name (h));
  json_string (out, "kind", pp_hardware_kind_to_string (pp_hardware_spec_get_kind (h)));
  json_string (out, "vendor", pp_hardware_spec_get_vendor (h));
  json_string (out, "backend", pp_hardware_spec_get_backend (h));
  json_string (out, "host", host ? pp_hardware_spec_get_id (host) : NULL);
  g_string_append (out, "\"peak_tflops\": {");
  for (guint p = 0; p < PP_N_PRECISIONS; p++)
    {
      double v = pp_hardware_spec_get_peak_flops (h, p);

      if (!isnan (v))
        json_number (out, pp_precision_to_string (p), v / 1e12);
    }
  if (out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 2);
  g_string_append (out, "}, ");
  json_number (out, "fp16_accumulate_tflops", pp_hardware_spec_get_fp16_accumulate_flops (h) / 1e12);
  json_number (out, "memory_gb", pp_hardware_spec_get_memory_bytes (h) / (1024.0 * 1024 * 1024));
  json_number (out, "memory_bandwidth_gbs", pp_hardware_spec_get_memory_bandwidth (h) / 1e9);
  json_number (out, "compute_units", pp_hardware_spec_get_compute_units (h) ?: NAN);
  json_number (out, "tdp_w", pp_hardware_spec_get_tdp_watts (h));
  json_aliases (out, pp_hardware_spec_get_aliases (h));
}

static void
print_json (GListModel *list,
            gboolean    models)
{
  g_autoptr(GString) out = g_string_new ("[\n");
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);

      g_string_append (out, "  ");
      if (models)
        model_to_json (out, PP_MODEL_SPEC (item));
      else
        hardware_to_json (out, PP_HARDWARE_SPEC (item));
      g_string_append (out, i + 1 < n ? ",\n" : "\n");
    }
  g_string_append (out, "]\n");
  g_print ("%s", out->str);
}

static char *
format_number (double value,
               const char *format)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value) || value == 0)
    return g_strdup ("-");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

static void
print_models (GListModel *list)
{
  guint n = g_list_model_get_n_items (list);

  g_print ("%-22s %-16s %10s %6s %6s %8s  %s\n",
           "id", "arch", "params_m", "layers", "hidden", "heads/kv", "name");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpModelSpec) m = g_list_model_get_item (list, i);
      g_autofree char *params = format_number (pp_model_spec_get_params_m (m), "%.1f");
      g_autofree char *heads = g_strdup_printf ("%u/%u", pp_model_spec_get_heads (m),
                                                pp_model_spec_get_kv_heads (m));

      g_print ("%-22s %-16s %10s %6u %6u %8s  %s\n",
               pp_model_spec_get_id (m), pp_model_arch_to_string (pp_model_spec_get_arch (m)),
               params, pp_model_spec_get_layers (m), pp_model_spec_get_hidden (m), heads,
               pp_model_spec_get_name (m));
    }
}

static void
print_hardware (GListModel *list)
{
  guint n = g_list_model_get_n_items (list);

  g_print ("%-30s %-8s %-8s %10s %10s %9s %6s  %s\n",
           "id", "kind", "backend", "fp16_tflops", "memory_gb", "bw_gbs", "tdp_w", "name");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PpHardwareSpec) h = g_list_model_get_item (list, i);
      g_autofree char *fp16 = format_number (pp_hardware_spec_get_peak_flops (h, PP_PRECISION_FP16) / 1e12, "%.1f");
      g_autofree char *mem = format_number (pp_hardware_spec_get_memory_bytes (h) / (1024.0 * 1024 * 1024), "%.1f");
      g_autofree char *bw = format_number (pp_hardware_spec_get_memory_bandwidth (h) / 1e9, "%.0f");
      g_autofree char *tdp = format_number (pp_hardware_spec_get_tdp_watts (h), "%.0f");
      const char *backend = pp_hardware_spec_get_backend (h);

      g_print ("%-30s %-8s %-8s %10s %10s %9s %6s  %s\n",
               pp_hardware_spec_get_id (h), pp_hardware_kind_to_string (pp_hardware_spec_get_kind (h)),
               backend ? backend : "-", fp16, mem, bw, tdp, pp_hardware_spec_get_name (h));
    }
}

int
perfcast_cli_catalog (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("models|hardware — list the catalog"));
  g_autoptr(PpCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  gboolean json = FALSE;
  gboolean models;
  int status;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Measurement store (unused; accepted for symmetry)"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((status = perfcast_cli_parse (context, &argc, &argv)))
    return status;

  if (argc != 2 || !(g_str_equal (argv[1], "models") || g_str_equal (argv[1], "hardware")))
    return perfcast_cli_usage_error (context, _("catalog takes one argument: models or hardware"));
  models = g_str_equal (argv[1], "models");

  if (!(catalog = pp_catalog_new_default (&error)))
    {
      perfcast_cli_print_error (error);
      return 1;
    }

  if (json)
    print_json (models ? pp_catalog_get_models (catalog) : pp_catalog_get_hardware (catalog), models);
  else if (models)
    print_models (pp_catalog_get_models (catalog));
  else
    print_hardware (pp_catalog_get_hardware (catalog));

  return 0;
}
