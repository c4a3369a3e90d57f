/* pp-test-util.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "pp-test-util.h"

#include <json-glib/json-glib.h>

/* Spins the default main context until an async callback sets @done,
 * as libdex's test runner does. */
void
pp_test_wait_for (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

char *
pp_test_dup_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* G_TEST_OPTION_ISOLATE_DIRS gives each test case its own temporary
 * XDG directories; files go there so cases cannot see each other's. */
char *
pp_test_dup_temp_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

PpMeasurementStore *
pp_test_open_store (const char *name)
{
  g_autofree char *path = pp_test_dup_temp_path (name);
  g_autoptr(GError) error = NULL;
  PpMeasurementStore *store;

  store = pp_measurement_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

guint64
pp_test_count (PpMeasurementStore *store)
{
  g_autoptr(GError) error = NULL;
  guint64 count = G_MAXUINT64;

  g_assert_true (pp_measurement_store_count (store, NULL, &count, &error));
  g_assert_no_error (error);

  return count;
}

char *
pp_test_write_temp (const char *name,
                    const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = pp_test_dup_temp_path (name);

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* Rewrites the saved fit at @path as an older Perfcast saved it: in the
 * format version before this one, which this one cannot read. */
void
pp_test_age_saved_fit (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  json_object_set_int_member (json_node_get_object (json_parser_get_root (parser)), "version",
                              PP_FITTED_PREDICTOR_FORMAT_VERSION - 1);
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, path, &error));
  g_assert_no_error (error);
}
