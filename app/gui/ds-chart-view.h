/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-chart-view.h: a view of time charts (valuation, compute) drawn by the
 * core chart renderer, with the replay date as a cursor. */
#pragma once

#include <adwaita.h>

#include "ds-landscape.h"

G_BEGIN_DECLS

typedef enum {
  DS_CHART_VIEW_VALUATION,
  DS_CHART_VIEW_COMPUTE,
} DsChartViewKind;

#define DS_TYPE_CHART_VIEW (ds_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (DsChartView, ds_chart_view, DS, CHART_VIEW, GtkWidget)

GtkWidget *ds_chart_view_new           (DsChartViewKind kind);
/* scenario: DS_NONE for the landscape with default assumptions. */
void       ds_chart_view_set_landscape (DsChartView *self,
                                        DsLandscape *landscape,
                                        DsIndex      scenario);
/* The company whose stakes the valuation view charts (the selected one;
 * DS_NONE: the one with the most deals); another kind of entity, or a
 * company nothing goes into, is ignored and the chart stays. */
void       ds_chart_view_set_focus     (DsChartView *self,
                                        DsIndex      company);
/* A second scenario overlaid (dashed) on the first; DS_NONE: none. */
void       ds_chart_view_set_compare   (DsChartView *self,
                                        DsIndex      compare);
/* The stake threshold line for scenarios that do not set one (NAN: the
 * assumptions' default). */
void       ds_chart_view_set_default_threshold (DsChartView *self,
                                                double       threshold);
void       ds_chart_view_set_cursor    (DsChartView *self,
                                        DsDate       date);
void       ds_chart_view_set_theme_name (DsChartView *self,
                                         const char  *name);
/* Landscapes of n_deals deals or more are charted on a worker, the view
 * showing that it replays meanwhile (default: none). */
void       ds_chart_view_set_async_deals (DsChartView *self,
                                          guint        n_deals);
/* Whether a worker builds the charts now. */
gboolean   ds_chart_view_get_building  (DsChartView *self);
/* Returns once no worker reads the landscape (one building is stopped at
 * its next frame and started again after): call before changing it. */
void       ds_chart_view_wait_for_charts (DsChartView *self);
/* TRUE when a chart is shown (the chart module and data are there). */
gboolean   ds_chart_view_has_chart     (DsChartView *self);
/* Draws the chart into width x height (for exports); FALSE without one. */
gboolean   ds_chart_view_draw          (DsChartView *self,
                                        cairo_t     *cr,
                                        double       width,
                                        double       height);

G_END_DECLS
