/* perfcast-cli.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation, either version 3 of the License, or (at your
 * option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "perfcast-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>
#include <libpp.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "perfcast-cli-private.h"

/* Exit statuses that scripts rely on. */
enum {
  EXIT_OK = 0,
  EXIT_ERROR = 1,
  EXIT_USAGE = 2,
};

static const PerfcastCliCommand commands[] = {
  { "import", N_("Import measurement CSV or JSON files"), perfcast_cli_import },
  { "export", N_("Export measurements as CSV or JSON"), perfcast_cli_export },
  { "list", N_("List measurements, optionally filtered"), perfcast_cli_list },
  { "catalog", N_("List the models or hardware Perfcast knows"), perfcast_cli_catalog },
  { "demo", N_("Load the bundled data into the store and summarise it"), perfcast_cli_demo },
  /* xgettext:no-c-format */
  { "predict", N_("Predict latency, throughput and memory with 90% intervals"), perfcast_cli_predict },
  { "recommend", N_("Rank devices for a workload"), perfcast_cli_recommend },
  { "fit", N_("Fit the predictor to the measurement store"), perfcast_cli_fit },
  { "validate", N_("Fit on some files, measure accuracy on others"), perfcast_cli_validate },
  { "crossval", N_("Grouped cross-validation of the predictor"), perfcast_cli_crossval },
  { "checks", N_("How each fit predicted the measurements that came after it"), perfcast_cli_checks },
  { "capabilities", N_("Show what the embedded web engine offers (WASM, WebGL, WebGPU, WebNN)"), perfcast_cli_capabilities },
  { "bench", N_("Measure a model in embedded web views and store the results"), perfcast_cli_bench },
};

static char *global_db_path;

const char *
perfcast_cli_get_db_path (void)
{
  return global_db_path;
}

/* Appends @value as a JSON string: quoted, with quotes, backslashes
 * and control characters escaped. Other characters go as they are, in
 * UTF-8, which JSON allows. */
void
perfcast_cli_append_json_string (GString    *out,
                                 const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if ((guchar)*p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar)*p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
perfcast_cli_print_error (const GError *error)
{
  g_printerr ("perfcast-cli: %s\n", error->message);
}

/* Prints @error and gives the exit status of a command that failed. */
int
perfcast_cli_fail (const GError *error)
{
  perfcast_cli_print_error (error);
  return 1;
}

int
perfcast_cli_usage_error (GOptionContext *context,
                          const char     *message)
{
  g_autofree char *prgname = g_strdup (g_get_prgname ());

  g_printerr ("perfcast-cli: %s\n", message);
  g_printerr (_("Try “%s --help” for more information.\n"), prgname);
  return EXIT_USAGE;
}

int
perfcast_cli_parse (GOptionContext   *context,
                    int              *argc,
                    char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return perfcast_cli_usage_error (context, error->message);

  return EXIT_OK;
}

/* For commands that take options only: GOption leaves what it does not
 * know in @argv, and a value meant for an option (“--batch 8 16”) must
 * be an error rather than dropped. */
int
perfcast_cli_parse_options_only (GOptionContext   *context,
                                 int              *argc,
                                 char           ***argv)
{
  g_autofree char *message = NULL;
  int status;

  if ((status = perfcast_cli_parse (context, argc, argv)) || *argc <= 1)
    return status;

  message = g_strdup_printf (_("unexpected argument “%s”: this command takes options only"), (*argv)[1]);
  return perfcast_cli_usage_error (context, message);
}

PpMeasurementStore *
perfcast_cli_open_store (const char  *db_path,
                         GError     **error)
{
  return pp_measurement_store_new (db_path ? db_path : global_db_path, error);
}

/* The path of the store --db or @db_path names, or the default. */
static char *
dup_store_path (const char *db_path)
{
  const char *path = db_path ? db_path : global_db_path;

  return path != NULL ? g_strdup (path) : pp_measurement_store_dup_default_path ();
}

/* Whether the store at @db_path (or --db, or the default) exists:
 * one that does not holds nothing to look up. */
gboolean
perfcast_cli_store_exists (const char *db_path)
{
  g_autofree char *path = dup_store_path (db_path);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* For commands that only read the store. SQLite creates the file it
 * opens: reading at a mistyped --db, or at the default path before
 * anything was stored, would leave an empty store behind that answers
 * every later command with no rows. Say how to fill one instead. */
PpMeasurementStore *
perfcast_cli_open_existing_store (const char  *db_path,
                                  GError     **error)
{
  g_autofree char *path = dup_store_path (db_path);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* translators: %s is a file name; the commands in parentheses stay as they are */
                   _("No measurement store at “%s”: import measurements first (perfcast-cli import FILE) "
                     "or load the bundled data (perfcast-cli demo)"),
                   path);
      return NULL;
    }

  return pp_measurement_store_new (path, error);
}

/* Every row of every file, checked, in one list: files are all read
 * before anything is stored, so one bad file stores nothing. */
GListModel *
perfcast_cli_load_files (char         **files,
                         PpFileFormat   format,
                         GError       **error)
{
  g_autoptr(GListStore) all = g_list_store_new (PP_TYPE_MEASUREMENT);

  for (guint i = 0; files != NULL && files[i]; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);
      g_autoptr(GListModel) list = pp_measurement_list_load (file, format, NULL, error);

      if (list == NULL)
        return NULL;

      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (list, j);
          g_list_store_append (all, item);
        }
    }

  return G_LIST_MODEL (g_steal_pointer (&all));
}

GOutputStream *
perfcast_cli_stdout (void)
{
  return g_unix_output_stream_new (STDOUT_FILENO, FALSE);
}

static void
print_help (void)
{
  g_print (_("Usage:\n  perfcast-cli [--db PATH] COMMAND [OPTION…]\n\n"));
  g_print (_("Predict and record how AI models perform on hardware.\n\n"));
  g_print (_("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print (_("\nGlobal options:\n"));
  g_print (_("  --db PATH   Measurement store (default: %s)\n"), "$XDG_DATA_HOME/perfcast/perfcast.db");
  g_print (_("  --version   Print the version\n"));
  g_print (_("  -h, --help  Show this help; “COMMAND --help” shows a command’s options\n"));
}

/* An empty --db, as "--db $DB" gives with DB unset, would have SQLite
 * open a temporary database that vanishes on exit, with everything
 * imported into it. Every command takes --db, before or after its name,
 * so the check is made once, here, before GOption (which takes "" as a
 * value) sees it. */
static gboolean
db_args_have_paths (int    argc,
                    char **argv)
{
  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    {
      if (g_str_equal (argv[i], "--db=") ||
          (g_str_equal (argv[i], "--db") && (i + 1 == argc || argv[i + 1][0] == '\0')))
        return FALSE;
    }

  return TRUE;
}

/* Global options stand before the command. Each command parses its own
 * options with a GOptionContext, which also accepts --db.
 */
static int
parse_global (int     *argc,
              char  ***argv,
              int     *command_index)
{
  int i;

  for (i = 1; i < *argc; i++)
    {
      const char *arg = (*argv)[i];

      if (g_str_equal (arg, "--db") && i + 1 < *argc)
        g_set_str_compat (&global_db_path, (*argv)[++i]);
      else if (g_str_has_prefix (arg, "--db="))
        g_set_str_compat (&global_db_path, arg + strlen ("--db="));
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help ();
          return -1;
        }
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("perfcast-cli %s\n", PACKAGE_VERSION);
          return -1;
        }
      else if (arg[0] == '-')
        {
          g_printerr (_("perfcast-cli: unknown option “%s”\n"), arg);
          return EXIT_USAGE;
        }
      else
        break;
    }

  *command_index = i;
  return EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  int command_index = 0;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("perfcast-cli");
  /* Standard output is for results (--json, export -o -): GLib's debug
   * and info messages go to standard error with the rest. */
  g_log_writer_default_set_use_stderr (TRUE);

  if (!db_args_have_paths (argc, argv))
    return perfcast_cli_usage_error (NULL, _("--db needs a path: the measurement store’s file"));

  status = parse_global (&argc, &argv, &command_index);
  if (status < 0)
    return EXIT_OK;
  if (status != EXIT_OK)
    return status;

  if (command_index >= argc)
    {
      print_help ();
      return EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[command_index], commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("perfcast-cli %s", commands[i].name);

          g_set_prgname (prgname);
          status = commands[i].run (argc - command_index, argv + command_index);
          g_free (global_db_path);
          return status;
        }
    }

  g_printerr (_("perfcast-cli: unknown command “%s”\n"), argv[command_index]);
  g_printerr (_("Try “perfcast-cli --help” for the list of commands.\n"));
  return EXIT_USAGE;
}
