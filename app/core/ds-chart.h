/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-chart.h: time charts (valuation, stakes, compute, revenue): a data
 * model filled by the engines, prepared once (ranges, ticks, normalized
 * series, crossings), then drawn on any cairo context. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ds-date.h"
#include "ds-theme.h"

G_BEGIN_DECLS

typedef enum {
  DS_CHART_LINE,
  DS_CHART_STACKED_AREA,   /* series stacked in the order they were added */
} DsChartKind;

typedef enum {
  DS_CHART_SCALE_LINEAR,
  DS_CHART_SCALE_LOG,
} DsChartScale;

typedef enum {
  DS_CHART_UNIT_NUMBER,    /* 0.35, 12.3k */
  DS_CHART_UNIT_USD,       /* $1.25B */
  DS_CHART_UNIT_SI,        /* 2.2 GW, 4.56e27 FLOP: with the unit suffix */
  DS_CHART_UNIT_PERCENT,   /* values are fractions: 0.33 -> 33% */
} DsChartUnit;

typedef enum {
  DS_SERIES_DASHED  = 1 << 0,  /* a scenario overlay */
  DS_SERIES_ASSUMED = 1 << 1,  /* every point is a modelling assumption */
} DsSeriesFlags;

typedef struct _DsChart DsChart;

DsChart    *ds_chart_new            (DsChartKind   kind,
                                     const char   *title);
void        ds_chart_free           (DsChart      *self);

void        ds_chart_set_subtitle   (DsChart      *self,
                                     const char   *subtitle);
void        ds_chart_set_y_axis     (DsChart      *self,
                                     DsChartScale  scale,
                                     DsChartUnit   unit,
                                     const char   *unit_suffix);
/* The footnote every chart carries: "Sources: Amazon 10-Q; FT; ..." */
void        ds_chart_set_sources    (DsChart      *self,
                                     const char   *sources);
/* A line above the sources that says what the chart leaves out and why
 * ("Note: the stake_fraction metric of ... is left out: ..."); NULL: none. */
void        ds_chart_set_note       (DsChart      *self,
                                     const char   *note);
void        ds_chart_set_cursor     (DsChart      *self,
                                     DsDate        date);
void        ds_chart_set_threshold  (DsChart      *self,
                                     double        value,
                                     const char   *label);
/* colour indexes DsTheme.series (modulo its size). Returns the series index. */
guint       ds_chart_add_series     (DsChart      *self,
                                     const char   *name,
                                     guint         colour,
                                     DsSeriesFlags flags);
/* Points may come in any order; prepare sorts them by date. */
void        ds_chart_add_point      (DsChart      *self,
                                     guint         series,
                                     DsDate        date,
                                     double        value,
                                     gboolean      assumed);
void        ds_chart_add_annotation (DsChart      *self,
                                     DsDate        date,
                                     const char   *label);
/* A labelled horizontal reference line ("100x GPT-4"), kept inside the
 * y range; drawn thin and muted, unlike the threshold. */
void        ds_chart_add_reference  (DsChart      *self,
                                     double        value,
                                     const char   *label);

/* Computes ranges, ticks, normalized series, stacks and threshold
 * crossings. Call after the last change and before drawing. */
void        ds_chart_prepare        (DsChart      *self);

/* Tick positions and labels of the prepared chart (for tests and the GUI's
 * tooltips). */
guint        ds_chart_get_n_y_ticks  (const DsChart *self);
double       ds_chart_get_y_tick     (const DsChart *self, guint i);
const char  *ds_chart_get_y_label    (const DsChart *self, guint i);
guint        ds_chart_get_n_x_ticks  (const DsChart *self);
DsDate       ds_chart_get_x_tick     (const DsChart *self, guint i);
const char  *ds_chart_get_x_label    (const DsChart *self, guint i);
/* Threshold crossings: the day (ds_date_to_days scale) and the series. */
guint        ds_chart_get_n_crossings (const DsChart *self);
double       ds_chart_get_crossing    (const DsChart *self, guint i, guint *series);

/* The model as built (for tests and tooltips). */
const char  *ds_chart_get_title          (const DsChart *self);
const char  *ds_chart_get_sources        (const DsChart *self);
const char  *ds_chart_get_note           (const DsChart *self);   /* NULL when none */
double       ds_chart_get_threshold      (const DsChart *self);   /* NAN when none */
DsChartScale ds_chart_get_scale          (const DsChart *self);
guint        ds_chart_get_n_series       (const DsChart *self);
const char  *ds_chart_get_series_name    (const DsChart *self, guint series);
DsSeriesFlags ds_chart_get_series_flags  (const DsChart *self, guint series);
/* The series' point at exactly `date`: its value (NAN when there is none)
 * and whether it is assumed. */
double       ds_chart_get_value          (const DsChart *self,
                                          guint          series,
                                          DsDate         date,
                                          gboolean      *assumed);
guint        ds_chart_get_n_annotations  (const DsChart *self);
const char  *ds_chart_get_annotation     (const DsChart *self, guint i, DsDate *date);
guint        ds_chart_get_n_references   (const DsChart *self);
double       ds_chart_get_reference      (const DsChart *self, guint i, const char **label);

/* Nice 1-2-5 ticks covering [lo, hi]: returns the count written to ticks
 * (at most max), with ticks[0] <= lo and ticks[n-1] >= hi. */
guint        ds_chart_nice_ticks     (double  lo,
                                      double  hi,
                                      guint   target,
                                      double *ticks,
                                      guint   max);

/* Draws the prepared chart into width x height. */
void        ds_chart_draw           (const DsChart *self,
                                     cairo_t       *cr,
                                     double         width,
                                     double         height,
                                     const DsTheme *theme);

typedef struct {
  const DsChart *chart;
  const DsTheme *theme;
} DsChartPage;

/* A DsExportDrawFunc for a DsChartPage. */
void        ds_chart_draw_page      (cairo_t *cr,
                                     double   width,
                                     double   height,
                                     gpointer chart_page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsChart, ds_chart_free)

G_END_DECLS
