/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cycles.h: circular flows of money: the elementary directed cycles of
 * the deal graph (entities grouped by their root parent) over a date range
 * and a scenario, each with its deals, totals, closing date and confidence. */
#pragma once

#include <glib.h>

#include "ds-landscape.h"
#include "ds-scenario.h"

G_BEGIN_DECLS

#define DS_CYCLES_ERROR (ds_cycles_error_quark ())
GQuark ds_cycles_error_quark (void);

typedef enum {
  DS_CYCLES_ERROR_INVALID,   /* bad options: length, empty date range, unknown instrument */
} DsCyclesError;

#define DS_CYCLES_MIN_LENGTH 2
#define DS_CYCLES_MAX_LENGTH 12
#define DS_CYCLES_ALL_STATUSES 0xffffffffu

typedef struct {
  /* Deals announced in [from, to] (DS_DATE_NONE: open). A partial deal
   * date counts as its first day; a partial `from` starts on its first day
   * and a partial `to` covers its whole period ("--to 2024": all of 2024). */
  DsDate   from, to;
  guint32  statuses;             /* bits 1 << DsDealStatus; default all */
  guint32  excluded_instruments; /* bits 1 << DsInstrument; default none */
  gboolean group_by_parent;      /* default TRUE: an entity stands for its root parent */
  guint    max_length;           /* DS_CYCLES_MIN_LENGTH..DS_CYCLES_MAX_LENGTH; default 6 */
  guint    limit;                /* cycles reported at most; 0: all; default 1000 */
  guint64  max_steps;            /* search budget in edge visits; 0: none; default 200M */
} DsCycleOptions;

void     ds_cycle_options_init (DsCycleOptions *opts);
/* Adds instruments to exclude, by name, as a comma list ("safe,other");
 * an unknown name is DS_CYCLES_ERROR_INVALID naming it and the choices. */
gboolean ds_cycle_options_exclude_instruments (DsCycleOptions *opts,
                                               const char     *names,
                                               GError        **error);

/* One edge of the grouped graph: every deal of the range from one group
 * to another (parallel deals are one edge). */
typedef struct {
  DsIndex      from, to;         /* group entities: roots, or the entities when not grouping */
  guint        first_deal;       /* into DsCycles.deals */
  guint        n_deals;
  double       total_usd;        /* sum of the disclosed amounts; NAN when none is disclosed */
  guint        n_undisclosed;
  DsDate       first_date;       /* date of its earliest deal, at that deal's precision */
  DsConfidence confidence;       /* the weakest of its deals */
} DsCycleEdge;

/* One cycle: members[first .. first + length - 1] in order, and
 * cycle_edges[first + i] the edge from member i to member i + 1 (the last
 * one back to the first). It starts at the investor of its earliest edge
 * (earliest first deal; on the same date, the investor that comes first
 * in the landscape). */
typedef struct {
  guint        first;
  guint        length;
  double       total_usd;        /* disclosed amounts of all its deals; NAN when none */
  double       circulating_usd;  /* the smallest known edge total: the most that can go
                                  * round; edges with nothing disclosed are left out;
                                  * NAN when no edge has a disclosed amount */
  guint        n_deals;
  guint        n_undisclosed;
  DsDate       closed_date;      /* the cycle's first day of existence: the latest of its
                                  * edges' first dates */
  DsConfidence confidence;       /* the weakest on the cycle */
} DsCycle;

typedef struct _DsCycles DsCycles;

struct _DsCycles {
  /*< public, read-only >*/
  const DsScenarioView *view;    /* the deals searched; `deals` index view->deals */
  /* By closed_date (first day), then total_usd (largest first; NAN last). */
  DsCycle     *cycles;
  guint        n_cycles;
  DsIndex     *members;          /* entities */
  guint       *cycle_edges;      /* into `edges` */
  DsCycleEdge *edges;            /* the edges of the reported cycles only */
  guint        n_edges;
  DsIndex     *deals;            /* view deal indices, per edge by date */
  guint        n_deals;

  guint        n_found;          /* cycles found before the search stopped (>= n_cycles) */
  gboolean     truncated;        /* the limit cut the list or stopped the search: more may exist */
  gboolean     budget_exhausted; /* max_steps ran out: later cycles were not looked for */
  guint        n_graph_vertices; /* groups with a deal in range */
  guint        n_graph_edges;    /* ordered pairs of groups with a deal in range */
  guint        n_cyclic_edges;   /* of those, edges inside a strongly connected component */
  guint64      n_steps;          /* edge visits of the search */

  /*< private >*/
  DsScenarioView *owned_view;
};

/* Cycles of the landscape under `scenario` (DS_NONE: the landscape as it
 * is): the deals as ds_scenario_view_new () has them, overrides applied and
 * hypothetical deals included. Fails when the scenario cannot be resolved
 * or the options are invalid. */
DsCycles   *ds_cycles_find         (DsLandscape          *landscape,
                                    DsIndex               scenario,
                                    const DsCycleOptions *opts,
                                    GError              **error);
/* The same over a view the caller keeps alive as long as the result. */
DsCycles   *ds_cycles_find_in_view (const DsScenarioView *view,
                                    const DsCycleOptions *opts,
                                    GError              **error);
void        ds_cycles_free         (DsCycles             *self);

/* The group an entity stands for: its root parent when grouping. */
DsIndex     ds_cycles_group_of     (DsLandscape          *landscape,
                                    DsIndex               entity,
                                    gboolean              group_by_parent);

/* "Amazon → Anthropic → Amazon": member names, back to the first. */
char       *ds_cycles_describe_path (const DsCycles *self,
                                     guint           cycle);
/* "Amazon → Anthropic → Amazon: $9.25B, $1.25B can go round, since Sep 2024":
 * the line the circles pictures list, from the CLI and the window alike. */
char       *ds_cycles_describe      (const DsCycles *self,
                                     guint           cycle);
/* Marks with 1 every deal of the view on a reported cycle (deal_lit has one
 * entry per view deal) and, when entity_lit is not NULL, every entity that
 * is a party to one of them. Cleared first. */
void        ds_cycles_mark_deals   (const DsCycles *self,
                                    guint8         *deal_lit,
                                    guint8         *entity_lit);
/* The same for one reported cycle: its deals only (the circles panel's
 * selected row). Cleared first. */
void        ds_cycles_mark_cycle   (const DsCycles *self,
                                    guint           cycle,
                                    guint8         *deal_lit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsCycles, ds_cycles_free)

G_END_DECLS
