/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-drag-region.h: what moves when one node of a big graph is dragged.
 *
 * The canvas's force simulation (ds-force-sim) moves every node; on a graph
 * of 400,000 nodes one tick takes about a second, so a drag froze the
 * window for minutes until the simulation had cooled. A drag region is the
 * dragged node and the nodes near it, simulated on their own small graph:
 *
 * - moving nodes: the dragged node, then nodes of more than one neighbour
 *   within two hops of it, nearest first, at most max_moving of them;
 * - followers: the one-neighbour nodes (leaves) hanging off a moving node;
 *   they keep their offset to it, so a hub's fan moves with the hub;
 * - anchors: the other neighbours of moving nodes, pinned in the small
 *   simulation so that the region stays tied to the rest of the drawing.
 *
 * Everything else stays where it is. Positions are the caller's arrays of
 * the whole graph, written for the moving nodes and followers only. */
#pragma once

#include <glib.h>

#include "ds-graph.h"

G_BEGIN_DECLS

typedef struct _DsDragRegion DsDragRegion;

/* `graph`, `x` and `y` (graph->n_nodes each) must outlive the region;
 * `pinned` (may be NULL) keeps pinned moving nodes in place; `radius`
 * (may be NULL: edge_length / 8) is each node's collision disc. The drag
 * begins: `node` follows ds_drag_region_drag_update. */
DsDragRegion  *ds_drag_region_new         (const DsGraph *graph,
                                           double        *x,
                                           double        *y,
                                           const guint8  *pinned,
                                           const double  *radius,
                                           guint          node,
                                           guint          max_moving,
                                           double         edge_length);
void           ds_drag_region_free        (DsDragRegion  *self);

/* The dragged node goes to (x, y) at the next tick. */
void           ds_drag_region_drag_update (DsDragRegion  *self,
                                           double         x,
                                           double         y);
/* Let go: the node stays where it was dropped, its neighbours settle. */
void           ds_drag_region_drag_end    (DsDragRegion  *self);
/* One step of the small simulation, written to the caller's x and y;
 * TRUE while the region still moves. */
gboolean       ds_drag_region_tick        (DsDragRegion  *self);

/* The nodes a tick may move (graph node ids): the moving nodes, the
 * dragged one first, then their followers. */
const guint32 *ds_drag_region_get_nodes   (DsDragRegion  *self,
                                           guint         *n_nodes);
/* How many of those the small simulation moves (the rest follow). */
guint          ds_drag_region_get_n_moving (DsDragRegion *self);
guint          ds_drag_region_get_node    (DsDragRegion  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsDragRegion, ds_drag_region_free)

G_END_DECLS
