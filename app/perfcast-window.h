/* perfcast-window.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <libpp.h>

#include "perfcast-application.h"

G_BEGIN_DECLS

#define PERFCAST_TYPE_WINDOW (perfcast_window_get_type())

G_DECLARE_FINAL_TYPE (PerfcastWindow, perfcast_window, PERFCAST, WINDOW, GtkApplicationWindow)

PerfcastWindow     *perfcast_window_new              (PerfcastApplication *application,
                                                      PpMeasurementStore  *store);
PpMeasurementStore *perfcast_window_get_store        (PerfcastWindow      *self);
void                perfcast_window_show_store_error (PerfcastWindow      *self,
                                                      const GError        *error);
void                perfcast_window_import           (PerfcastWindow      *self);
void                perfcast_window_export           (PerfcastWindow      *self);

G_END_DECLS
