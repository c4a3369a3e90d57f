/* perfcast-chart-view.c
 *
 * Copyright 2026 The Perfcast authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "perfcast-chart-view"

#include "config.h"

#include "perfcast-chart-view.h"

/* Shows a PpChart: libpp draws it, this widget only hands it
 * a cairo_t of its size and the theme's text colour (STYLE 2.11). */
struct _PerfcastChartView
{
  GtkWidget          parent_instance;

  PpChart *chart;
};

enum {
  PROP_0,
  PROP_CHART,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PerfcastChartView, perfcast_chart_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
perfcast_chart_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  PerfcastChartView *self = PERFCAST_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color;
  cairo_t *cr;

  if (self->chart == NULL || width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_cairo_set_source_rgba (cr, &color);
  pp_chart_draw (self->chart, cr, width, height);
  cairo_destroy (cr);
}

static void
perfcast_chart_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  /* Room for the labels and a readable plot; it takes what it is given. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 240;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 320;
}

static void
perfcast_chart_view_dispose (GObject *object)
{
  PerfcastChartView *self = (PerfcastChartView *)object;

  g_clear_object (&self->chart);

  G_OBJECT_CLASS (perfcast_chart_view_parent_class)->dispose (object);
}

static void
perfcast_chart_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PerfcastChartView *self = PERFCAST_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHART:
      g_value_set_object (value, self->chart);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
perfcast_chart_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PerfcastChartView *self = PERFCAST_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHART:
      perfcast_chart_view_set_chart (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
perfcast_chart_view_class_init (PerfcastChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = perfcast_chart_view_dispose;
  object_class->get_property = perfcast_chart_view_get_property;
  object_class->set_property = perfcast_chart_view_set_property;

  widget_class->snapshot = perfcast_chart_view_snapshot;
  widget_class->measure = perfcast_chart_view_measure;

  properties[PROP_CHART] =
    g_param_spec_object ("chart", NULL, NULL, PP_TYPE_CHART,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
perfcast_chart_view_init (PerfcastChartView *self)
{
}

PpChart *
perfcast_chart_view_get_chart (PerfcastChartView *self)
{
  g_return_val_if_fail (PERFCAST_IS_CHART_VIEW (self), NULL);

  return self->chart;
}

void
perfcast_chart_view_set_chart (PerfcastChartView *self,
                               PpChart           *chart)
{
  g_return_if_fail (PERFCAST_IS_CHART_VIEW (self));
  g_return_if_fail (!chart || PP_IS_CHART (chart));

  if (g_set_object (&self->chart, chart))
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART]);
    }
}
