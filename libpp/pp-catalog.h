/* pp-catalog.h
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

#include "pp-hardware-spec.h"
#include "pp-measurement.h"
#include "pp-measurement-store.h"
#include "pp-model-spec.h"
#include "pp-version-macros.h"

G_BEGIN_DECLS

#define PP_TYPE_CATALOG (pp_catalog_get_type())

PP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpCatalog, pp_catalog, PP, CATALOG, GObject)

PP_AVAILABLE_IN_ALL
PpCatalog      *pp_catalog_new                (void);
PP_AVAILABLE_IN_ALL
PpCatalog      *pp_catalog_new_default        (GError        **error);
PP_AVAILABLE_IN_ALL
char           *pp_catalog_dup_default_dir    (void);
PP_AVAILABLE_IN_ALL
gboolean        pp_catalog_load_file          (PpCatalog      *self,
                                               GFile          *file,
                                               GError        **error);
PP_AVAILABLE_IN_ALL
gboolean        pp_catalog_load_directory     (PpCatalog      *self,
                                               GFile          *directory,
                                               GError        **error);
PP_AVAILABLE_IN_ALL
gboolean        pp_catalog_add_hardware       (PpCatalog      *self,
                                               PpHardwareSpec *spec,
                                               GError        **error);
PP_AVAILABLE_IN_ALL
GListModel     *pp_catalog_get_models         (PpCatalog      *self);
PP_AVAILABLE_IN_ALL
GListModel     *pp_catalog_get_hardware       (PpCatalog      *self);
PP_AVAILABLE_IN_ALL
PpModelSpec    *pp_catalog_lookup_model       (PpCatalog      *self,
                                               const char     *name);
PP_AVAILABLE_IN_ALL
PpHardwareSpec *pp_catalog_lookup_hardware    (PpCatalog      *self,
                                               const char     *name);
PP_AVAILABLE_IN_ALL
PpModelSpec    *pp_catalog_resolve_model      (PpCatalog      *self,
                                               const char     *name,
                                               PpMeasurement  *measurement,
                                               GError        **error);
PP_AVAILABLE_IN_ALL
PpHardwareSpec *pp_catalog_resolve_hardware   (PpCatalog      *self,
                                               const char     *name,
                                               PpMeasurement  *measurement,
                                               GError        **error);
PP_AVAILABLE_IN_ALL
PpHardwareSpec *pp_catalog_resolve_hardware_in_store (PpCatalog          *self,
                                                      const char         *name,
                                                      PpMeasurementStore *store,
                                                      GError            **error);
PP_AVAILABLE_IN_ALL
GListModel     *pp_catalog_dup_hardware_in_store (PpCatalog          *self,
                                                  PpMeasurementStore *store,
                                                  GError            **error);

G_END_DECLS
