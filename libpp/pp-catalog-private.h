/* pp-catalog-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pp-catalog.h"
#include "pp-hardware-spec.h"
#include "pp-json-private.h"
#include "pp-model-spec.h"

G_BEGIN_DECLS

PpModelSpec    *_pp_model_spec_new_from_json     (JsonObject     *object,
                                                  GError        **error);
JsonObject     *_pp_model_spec_get_json          (PpModelSpec    *self);

PpHardwareSpec *_pp_hardware_spec_new_from_json  (JsonObject     *object,
                                                  GError        **error);
JsonObject     *_pp_hardware_spec_get_json       (PpHardwareSpec *self);
guint           _pp_hardware_spec_get_threads    (PpHardwareSpec *self);
void            _pp_hardware_spec_bind_host      (PpHardwareSpec *self,
                                                  PpHardwareSpec *host);
void            _pp_hardware_spec_set_stand_in   (PpHardwareSpec *self,
                                                  const char     *stand_in);
char           *_pp_hardware_spec_dup_bandwidth_path (void);
double          _pp_hardware_spec_read_bandwidth (const char     *path,
                                                  const char     *cpu,
                                                  guint           threads,
                                                  double          memory_bytes,
                                                  char          **measured);
gboolean        _pp_hardware_spec_write_bandwidth (const char    *path,
                                                   const char    *cpu,
                                                   guint          threads,
                                                   double         memory_bytes,
                                                   double         gbs,
                                                   const char    *measured,
                                                   GError       **error);

guint           _pp_catalog_get_generation       (PpCatalog      *self);
void            _pp_catalog_add_local            (PpCatalog      *self,
                                                  PpHardwareSpec *local);
void            _pp_hardware_spec_drop_aliases   (PpHardwareSpec *self);
double          _pp_cgroup_memory_limit          (const char     *cgroup,
                                                  const char     *root);

/* The order in which a device's descriptions (its kind, then its
 * backend, none first) are taken when its rows describe it in several
 * ways: the first is the one a fit learns it under. */
static inline int
_pp_compare_descriptions (PpHardwareKind  a_kind,
                          const char     *a_backend,
                          PpHardwareKind  b_kind,
                          const char     *b_backend)
{
  if (a_kind != b_kind)
    return a_kind < b_kind ? -1 : 1;

  return g_strcmp0 (a_backend, b_backend);
}

G_END_DECLS
