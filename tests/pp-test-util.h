/* pp-test-util.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <libpp.h>

G_BEGIN_DECLS

void                pp_test_wait_for        (gboolean   *done);
char               *pp_test_dup_data_path   (const char *name);
char               *pp_test_dup_temp_path   (const char *name);
PpMeasurementStore *pp_test_open_store      (const char *name);
guint64             pp_test_count           (PpMeasurementStore *store);
char               *pp_test_write_temp      (const char *name,
                                             const char *contents);
void                pp_test_age_saved_fit   (const char *path);

G_END_DECLS
