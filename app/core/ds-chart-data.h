/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-chart-data.h: the charts of the app, the CLI and the report, built from
 * replays of one or more scenarios (valuation, stakes, compute, revenue). */
#pragma once

#include <glib.h>

#include "ds-chart.h"
#include "ds-landscape.h"

G_BEGIN_DECLS

#define DS_CHART_DATA_ERROR (ds_chart_data_error_quark ())
GQuark ds_chart_data_error_quark (void);

typedef enum {
  DS_CHART_DATA_ERROR_INVALID,   /* wrong kind of entity, bad range, no scenario */
  DS_CHART_DATA_ERROR_EMPTY,     /* nothing to chart for the chosen entities */
} DsChartDataError;

typedef enum {
  DS_COMPUTE_QUANTITY_POWER,            /* facility power online, W */
  DS_COMPUTE_QUANTITY_ACCELERATORS,     /* chips online */
  DS_COMPUTE_QUANTITY_EFFECTIVE_FLOPS,  /* peak x MFU, FLOP/s */
  DS_COMPUTE_QUANTITY_CUMULATIVE_FLOP,  /* effective FLOP delivered, with GPT-4 multiples */
  DS_COMPUTE_QUANTITY_N
} DsComputeQuantity;

/* "power", "accelerators", "flops", "flop"; FALSE for anything else. */
gboolean    ds_compute_quantity_parse     (const char        *text,
                                           DsComputeQuantity *out);
const char *ds_compute_quantity_to_string (DsComputeQuantity  quantity);

typedef struct {
  DsDate   from, to;        /* DS_DATE_NONE: the month of the first deal (or
                             * dated fact) of the charted entities .. Dec 2027 */
  DsDate   cursor;          /* the date marked on the chart; DS_DATE_NONE: none */
  gboolean log_scale;       /* valuation, revenue (default TRUE) */
  gboolean annotate_deals;  /* valuation, stakes: "$4B Amazon" marks (default TRUE) */
} DsChartDataOptions;

void     ds_chart_data_options_init (DsChartDataOptions *options);
/* Where charts end by default (the build-outs the landscape knows of run
 * to then): the app's timeline reaches it too, so projections can be replayed. */
DsDate   ds_chart_data_default_end  (void);

/* Every builder samples each scenario's replay on the first of every month
 * of the range and returns a prepared chart: title, subtitle, axes, legend
 * and a sources footnote listing the sources of the facts used. Scenarios
 * are scenario indexes (DS_NONE: the landscape with default assumptions);
 * with more than one, the first is drawn solid and the others dashed. */

/* Valuation of `companies` (n_companies 0: every company with a valuation
 * fact); projected and assumed points are flagged. */
DsChart *ds_chart_data_valuation (DsLandscape              *landscape,
                                  const DsIndex            *scenarios,
                                  guint                     n_scenarios,
                                  const DsIndex            *companies,
                                  guint                     n_companies,
                                  const DsChartDataOptions *options,
                                  GError                  **error);

/* Stakes in `company` as a stacked area, one band per holder (the other
 * holders are left out), with the scenario's stake threshold and the dates
 * where a holder's own stake crosses it. */
DsChart *ds_chart_data_stakes    (DsLandscape              *landscape,
                                  DsIndex                   scenario,
                                  DsIndex                   company,
                                  const DsChartDataOptions *options,
                                  GError                  **error);

/* One compute quantity of `datacenters` (n_datacenters 0: every data center
 * the replay can compute). Cumulative FLOP is on a log axis with reference
 * lines at GPT-4 multiples. */
DsChart *ds_chart_data_compute   (DsLandscape              *landscape,
                                  const DsIndex            *scenarios,
                                  guint                     n_scenarios,
                                  const DsIndex            *datacenters,
                                  guint                     n_datacenters,
                                  DsComputeQuantity         quantity,
                                  const DsChartDataOptions *options,
                                  GError                  **error);

/* Revenue run-rate of `companies` (n_companies 0: every entity with a
 * revenue_run_rate_usd fact); projected points are flagged. */
DsChart *ds_chart_data_revenue   (DsLandscape              *landscape,
                                  const DsIndex            *scenarios,
                                  guint                     n_scenarios,
                                  const DsIndex            *companies,
                                  guint                     n_companies,
                                  const DsChartDataOptions *options,
                                  GError                  **error);

/* The company that received the most deals (ties: the first); DS_NONE. */
DsIndex  ds_chart_data_busiest_company (DsLandscape *landscape);

/* Rows of the assumptions table of a scenario, 4 cells each (key, value,
 * unit, "default" or "set by <scenario id>"), NULL-terminated. */
char   **ds_chart_data_assumption_cells (DsLandscape *landscape,
                                         DsIndex      scenario,
                                         guint       *n_rows,
                                         GError     **error);

G_END_DECLS
