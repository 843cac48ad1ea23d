/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-force-sim.h: the interactive force simulation of the canvas: springs on
 * edges, Barnes-Hut repulsion, collision, cooling, drag with reheat, pins. */
#pragma once

#include <glib.h>

#include "ds-graph.h"

G_BEGIN_DECLS

typedef struct _DsForceSim DsForceSim;

/* Works on the caller's x[] and y[] (n_nodes each) in place; graph, x and y
 * must outlive the simulation. It starts cold (alpha 0): positions from
 * ds_layout_compute() or the document stay where they are until a drag or
 * ds_force_sim_reheat(). edge_length as in DsLayoutOptions. */
DsForceSim *ds_force_sim_new          (const DsGraph *graph,
                                       double        *x,
                                       double        *y,
                                       double         edge_length);
void        ds_force_sim_free         (DsForceSim    *sim);

/* Disc radii for collision (n_nodes, copied), or NULL for default_radius. */
void        ds_force_sim_set_radii    (DsForceSim    *sim,
                                       const double  *radius,
                                       double         default_radius);
/* From 4,000 nodes the repulsion of a tick runs on two threads (2, the
 * default) or on the caller's alone (1); the positions are the same. */
void        ds_force_sim_set_max_threads (DsForceSim *sim,
                                          guint       max_threads);
/* A pinned node keeps its position whatever pulls on it. */
void        ds_force_sim_set_pinned   (DsForceSim    *sim,
                                       guint          node,
                                       gboolean       pinned);
gboolean    ds_force_sim_get_pinned   (DsForceSim    *sim,
                                       guint          node);

/* Raises the temperature to at least alpha (0..1): 1 for a fresh layout,
 * about 0.1 to settle a few added nodes without moving the others far. */
void        ds_force_sim_reheat       (DsForceSim    *sim,
                                       double         alpha);
double      ds_force_sim_get_alpha    (DsForceSim    *sim);

/* While a node is dragged it follows the pointer exactly and the
 * simulation is kept warm so that its neighbours follow; on release it
 * cools down again, and the node stays where it was dropped only if pinned. */
void        ds_force_sim_drag_begin   (DsForceSim    *sim,
                                       guint          node);
void        ds_force_sim_drag_update  (DsForceSim    *sim,
                                       double         x,
                                       double         y);
void        ds_force_sim_drag_end     (DsForceSim    *sim);

/* One step; returns TRUE while the simulation is still moving (the canvas
 * keeps ticking), FALSE once it has cooled down. */
gboolean    ds_force_sim_tick         (DsForceSim    *sim);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsForceSim, ds_force_sim_free)

G_END_DECLS
