/* pp-web-proc-private.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GArray  *_pp_web_proc_list_web_processes (void);
guint64  _pp_web_proc_get_start_time     (GPid      pid);
gboolean _pp_web_proc_reset_peak         (GPid      pid);
gboolean _pp_web_proc_read_memory        (GPid      pid,
                                          double   *rss_mib,
                                          double   *peak_mib);

G_END_DECLS
