/* perfcast-cli-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libpp.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  const char *summary;
  int (*run) (int argc, char **argv);
} PerfcastCliCommand;

/* Same contract as g_set_str(), which needs GLib 2.76. */
static inline gboolean
g_set_str_compat (char       **dest,
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

const char         *perfcast_cli_get_db_path        (void);
void                perfcast_cli_append_json_string (GString          *out,
                                                     const char       *value);
void                perfcast_cli_print_error        (const GError     *error);
int                 perfcast_cli_fail               (const GError     *error);
int                 perfcast_cli_usage_error        (GOptionContext   *context,
                                                     const char       *message);
int                 perfcast_cli_parse              (GOptionContext   *context,
                                                     int              *argc,
                                                     char           ***argv);
int                 perfcast_cli_parse_options_only (GOptionContext   *context,
                                                     int              *argc,
                                                     char           ***argv);
PpMeasurementStore *perfcast_cli_open_store         (const char       *db_path,
                                                     GError          **error);
gboolean            perfcast_cli_store_exists        (const char     *db_path);
PpMeasurementStore *perfcast_cli_open_existing_store (const char     *db_path,
                                                      GError        **error);
GOutputStream      *perfcast_cli_stdout             (void);
GListModel         *perfcast_cli_load_files         (char            **files,
                                                     PpFileFormat      format,
                                                     GError          **error);
PpFittedPredictor  *perfcast_cli_open_predictor     (PpCatalog        *catalog,
                                                     const char       *db_path,
                                                     GError          **error);
void                perfcast_cli_print_prediction   (PpPrediction     *prediction);
void                perfcast_cli_check_saved_fit    (PpCatalog          *catalog,
                                                     PpMeasurementStore *store);

int perfcast_cli_import  (int argc, char **argv);
int perfcast_cli_export  (int argc, char **argv);
int perfcast_cli_list    (int argc, char **argv);
int perfcast_cli_catalog (int argc, char **argv);
int perfcast_cli_demo    (int argc, char **argv);
int perfcast_cli_predict   (int argc, char **argv);
int perfcast_cli_recommend (int argc, char **argv);
int perfcast_cli_fit       (int argc, char **argv);
int perfcast_cli_validate  (int argc, char **argv);
int perfcast_cli_crossval  (int argc, char **argv);
int perfcast_cli_checks    (int argc, char **argv);
int perfcast_cli_capabilities (int argc, char **argv);
int perfcast_cli_bench        (int argc, char **argv);

G_END_DECLS
