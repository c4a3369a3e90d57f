/* perfcast-application.h
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PERFCAST_TYPE_APPLICATION (perfcast_application_get_type())

G_DECLARE_FINAL_TYPE (PerfcastApplication, perfcast_application, PERFCAST, APPLICATION, GtkApplication)

PerfcastApplication *perfcast_application_new          (void);
GSettings           *perfcast_application_get_settings (PerfcastApplication *self);

G_END_DECLS
