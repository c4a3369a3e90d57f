/* main.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "perfcast"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "perfcast-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PerfcastApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = perfcast_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
