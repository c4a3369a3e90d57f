/* pp-measurement-store.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_INSIDE) && !defined (PP_COMPILATION)
# error "Only <libpp.h> can be included directly."
#endif

#include <gio/gio.h>

#include "pp-measurement.h"
#include "pp-measurement-list.h"
#include "pp-measurement-query.h"
#include "pp-version-macros.h"

G_BEGIN_DECLS

/**
 * PP_MEASUREMENT_STORE_SCHEMA_VERSION:
 *
 * The database schema version this libpp writes. Older databases are
 * migrated when opened; newer ones are refused.
 */
#define PP_MEASUREMENT_STORE_SCHEMA_VERSION 3

#define PP_TYPE_MEASUREMENT_STORE (pp_measurement_store_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpMeasurementStore, pp_measurement_store, PP, MEASUREMENT_STORE, GObject)

PP_AVAILABLE_IN_ALL
char               *pp_measurement_store_dup_default_path (void);
PP_AVAILABLE_IN_ALL
PpMeasurementStore *pp_measurement_store_new              (const char          *path,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
const char         *pp_measurement_store_get_path         (PpMeasurementStore  *self);
PP_AVAILABLE_IN_ALL
guint               pp_measurement_store_get_schema_version (PpMeasurementStore *self);
PP_AVAILABLE_IN_ALL
gboolean            pp_measurement_store_insert           (PpMeasurementStore  *self,
                                                           GListModel          *measurements,
                                                           const char          *origin,
                                                           guint               *n_added,
                                                           guint               *n_duplicates,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
gboolean            pp_measurement_store_add              (PpMeasurementStore  *self,
                                                           PpMeasurement       *measurement,
                                                           gboolean            *added,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
gboolean            pp_measurement_store_import_file      (PpMeasurementStore  *self,
                                                           GFile               *file,
                                                           PpFileFormat         format,
                                                           guint               *n_added,
                                                           guint               *n_duplicates,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
void                pp_measurement_store_import_file_async (PpMeasurementStore *self,
                                                           GFile               *file,
                                                           PpFileFormat         format,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
PP_AVAILABLE_IN_ALL
gboolean            pp_measurement_store_import_file_finish (PpMeasurementStore *self,
                                                           GAsyncResult        *result,
                                                           guint               *n_added,
                                                           guint               *n_duplicates,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
char               *pp_measurement_store_dup_default_datasets_dir (void);
PP_AVAILABLE_IN_ALL
gboolean            pp_measurement_store_seed             (PpMeasurementStore  *self,
                                                           guint               *n_added,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
void                pp_measurement_store_seed_async       (PpMeasurementStore  *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
PP_AVAILABLE_IN_ALL
gboolean            pp_measurement_store_seed_finish      (PpMeasurementStore  *self,
                                                           GAsyncResult        *result,
                                                           guint               *n_added,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
GListModel         *pp_measurement_store_query            (PpMeasurementStore  *self,
                                                           PpMeasurementQuery  *query,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
void                pp_measurement_store_query_async      (PpMeasurementStore  *self,
                                                           PpMeasurementQuery  *query,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
PP_AVAILABLE_IN_ALL
GListModel         *pp_measurement_store_query_finish     (PpMeasurementStore  *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
gboolean            pp_measurement_store_count            (PpMeasurementStore  *self,
                                                           PpMeasurementQuery  *query,
                                                           guint64             *count,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
char               *pp_measurement_store_dup_stamp        (PpMeasurementStore  *self);
PP_AVAILABLE_IN_ALL
char               *pp_measurement_store_dup_stamp_for_rows (PpMeasurementStore *self,
                                                             guint64             n_rows);
PP_AVAILABLE_IN_ALL
char              **pp_measurement_store_dup_distinct     (PpMeasurementStore  *self,
                                                           PpColumn             column,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
char              **pp_measurement_store_dup_checked_fits (PpMeasurementStore  *self,
                                                           GError             **error);
PP_AVAILABLE_IN_ALL
gboolean            pp_measurement_store_export_file      (PpMeasurementStore  *self,
                                                           PpMeasurementQuery  *query,
                                                           GFile               *file,
                                                           PpFileFormat         format,
                                                           GCancellable        *cancellable,
                                                           GError             **error);

G_END_DECLS
