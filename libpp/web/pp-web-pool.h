/* pp-web-pool.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (PP_WEB_INSIDE) && !defined (PP_WEB_COMPILATION)
# error "Only <libpp-web.h> can be included directly."
#endif

#include <libpp.h>

#include "pp-web-capabilities.h"
#include "pp-web-job.h"
#include "pp-web-version-macros.h"

G_BEGIN_DECLS

#define PP_WEB_TYPE_POOL (pp_web_pool_get_type())

PP_WEB_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (PpWebPool, pp_web_pool, PP_WEB, POOL, GObject)

PP_WEB_AVAILABLE_IN_ALL
PpWebPool          *pp_web_pool_new                     (guint                n_views);
PP_WEB_AVAILABLE_IN_ALL
guint               pp_web_pool_get_n_views             (PpWebPool           *self);
PP_WEB_AVAILABLE_IN_ALL
guint               pp_web_pool_get_memory_limit_mb     (PpWebPool           *self);
PP_WEB_AVAILABLE_IN_ALL
PpMeasurementStore *pp_web_pool_get_store               (PpWebPool           *self);
PP_WEB_AVAILABLE_IN_ALL
void                pp_web_pool_set_store               (PpWebPool           *self,
                                                         PpMeasurementStore  *store);
PP_WEB_AVAILABLE_IN_ALL
guint               pp_web_pool_get_max_retries         (PpWebPool           *self);
PP_WEB_AVAILABLE_IN_ALL
void                pp_web_pool_set_max_retries         (PpWebPool           *self,
                                                         guint                max_retries);
PP_WEB_AVAILABLE_IN_ALL
guint               pp_web_pool_get_watchdog_ms         (PpWebPool           *self);
PP_WEB_AVAILABLE_IN_ALL
void                pp_web_pool_set_watchdog_ms         (PpWebPool           *self,
                                                         guint                watchdog_ms);
PP_WEB_AVAILABLE_IN_ALL
guint               pp_web_pool_get_threads_per_view    (PpWebPool           *self);
PP_WEB_AVAILABLE_IN_ALL
void                pp_web_pool_set_threads_per_view    (PpWebPool           *self,
                                                         guint                threads);
PP_WEB_AVAILABLE_IN_ALL
void                pp_web_pool_run_async               (PpWebPool           *self,
                                                         PpWebJob            *job,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
PP_WEB_AVAILABLE_IN_ALL
GListModel         *pp_web_pool_run_finish              (PpWebPool           *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
PP_WEB_AVAILABLE_IN_ALL
void                pp_web_pool_get_capabilities_async  (PpWebPool           *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
PP_WEB_AVAILABLE_IN_ALL
PpWebCapabilities  *pp_web_pool_get_capabilities_finish (PpWebPool           *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
