/* perfcast-application.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "perfcast-application"

#include "config.h"

#include "perfcast-application.h"

#include <glib/gi18n.h>
#include <libpp.h>

#include "perfcast-window.h"

#define SETTINGS_SCHEMA_ID "io.github.perfcast.Perfcast"
#define RESOURCE_BASE_PATH "/io/github/perfcast/Perfcast"

struct _PerfcastApplication
{
  GtkApplication      parent_instance;

  /* Owned references */
  char               *db_path;
  PpMeasurementStore *store;
  GError             *store_error;
  GSettings          *settings;
};

G_DEFINE_FINAL_TYPE (PerfcastApplication, perfcast_application, GTK_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  /* translators: help for the --db command-line option */
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use this measurement database"), N_("PATH") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *build_dir = g_build_filename (PP_BUILD_ROOT, "data", NULL);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);

  /* Running uninstalled: the build tree compiles the schema into data/, so
   * use it rather than abort as g_settings_new() would. */
  if (schema == NULL && g_file_test (build_dir, G_FILE_TEST_IS_DIR))
    {
      build_source = g_settings_schema_source_new_from_directory (build_dir, source, FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, SETTINGS_SCHEMA_ID, FALSE);
    }

  if (schema == NULL)
    {
      g_message ("Schema %s is not installed; settings will not be kept", SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static PerfcastWindow *
get_active_window (PerfcastApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return PERFCAST_IS_WINDOW (window) ? PERFCAST_WINDOW (window) : NULL;
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));
  g_autolist(GtkWindow) copy = g_list_copy_deep (windows, (GCopyFunc)g_object_ref, NULL);

  /* Closing rather than g_application_quit() lets each window save its
   * state; the application ends with its last window. */
  for (const GList *l = copy; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  PerfcastApplication *self = user_data;
  static const char *authors[] = { "The Perfcast authors", NULL };

  g_assert (PERFCAST_IS_APPLICATION (self));

  gtk_show_about_dialog (GTK_WINDOW (get_active_window (self)),
                         "program-name", _("Perfcast"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Predict how fast AI models run on your hardware"),
                         "website", "https://github.com/perfcast/perfcast",
                         "copyright", "© 2026 The Perfcast authors",
                         "license-type", GTK_LICENSE_LGPL_2_1,
                         "authors", authors,
                         /* translators: put your name here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
import_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PerfcastWindow *window = get_active_window (user_data);

  if (window != NULL)
    perfcast_window_import (window);
}

static void
export_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  PerfcastWindow *window = get_active_window (user_data);

  if (window != NULL)
    perfcast_window_export (window);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "about", about_action_cb },
  { "import", import_action_cb },
  { "export", export_action_cb },
};

static void
set_accels (PerfcastApplication *self)
{
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.import", { "<Control>o", NULL } },
    { "app.export", { "<Control>e", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action,
                                           accels[i].accels);
}

static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
open_store (PerfcastApplication *self)
{
  gboolean ok;

  g_clear_error (&self->store_error);
  self->store = pp_measurement_store_new (self->db_path, &self->store_error);
  ok = self->store != NULL;

  /* Without a store there is nothing to import into or export from. */
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "import" : "export";
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), ok);
    }
}

static int
perfcast_application_handle_local_options (GApplication *app,
                                           GVariantDict *options)
{
  PerfcastApplication *self = (PerfcastApplication *)app;
  const char *db_path = NULL;

  g_assert (PERFCAST_IS_APPLICATION (self));

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("perfcast %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^&ay", &db_path))
    {
      g_free (self->db_path);
      self->db_path = g_canonicalize_filename (db_path, NULL);

      /* A running instance would ignore --db, so this one stands alone. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static void
perfcast_application_startup (GApplication *app)
{
  PerfcastApplication *self = (PerfcastApplication *)app;

  g_assert (PERFCAST_IS_APPLICATION (self));

  G_APPLICATION_CLASS (perfcast_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  set_accels (self);
  load_style ();
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = create_settings ();
  open_store (self);
}

static void
perfcast_application_activate (GApplication *app)
{
  PerfcastApplication *self = (PerfcastApplication *)app;
  PerfcastWindow *window;

  g_assert (PERFCAST_IS_APPLICATION (self));

  if (!(window = get_active_window (self)))
    {
      window = perfcast_window_new (self, self->store);
      if (self->store == NULL)
        perfcast_window_show_store_error (window, self->store_error);
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
perfcast_application_dispose (GObject *object)
{
  PerfcastApplication *self = (PerfcastApplication *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (perfcast_application_parent_class)->dispose (object);
}

static void
perfcast_application_finalize (GObject *object)
{
  PerfcastApplication *self = (PerfcastApplication *)object;

  g_clear_pointer (&self->db_path, g_free);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (perfcast_application_parent_class)->finalize (object);
}

static void
perfcast_application_class_init (PerfcastApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = perfcast_application_dispose;
  object_class->finalize = perfcast_application_finalize;

  app_class->handle_local_options = perfcast_application_handle_local_options;
  app_class->startup = perfcast_application_startup;
  app_class->activate = perfcast_application_activate;
}

static void
perfcast_application_init (PerfcastApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Browse and import AI-model performance measurements."));
}

PerfcastApplication *
perfcast_application_new (void)
{
  return g_object_new (PERFCAST_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

/**
 * perfcast_application_get_settings:
 * @self: a #PerfcastApplication
 *
 * Returns: (transfer none) (nullable): the app's settings, or %NULL when
 *   the schema is neither installed nor in the build tree
 */
GSettings *
perfcast_application_get_settings (PerfcastApplication *self)
{
  g_return_val_if_fail (PERFCAST_IS_APPLICATION (self), NULL);

  return self->settings;
}
