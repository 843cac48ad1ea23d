/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-graph.h: a plain undirected graph for layout: n nodes, deduplicated edge
 * arrays and a CSR adjacency, built from arrays or from a landscape. */
#pragma once

#include <glib.h>

#include "ds-landscape.h"

G_BEGIN_DECLS

typedef struct {
  guint     n_nodes;
  guint     n_edges;      /* undirected, no self-loops, no duplicates */
  guint32  *src;          /* n_edges, src[e] < dst[e] */
  guint32  *dst;
  guint32  *offsets;      /* n_nodes + 1: neighbours of v are adj[offsets[v] .. offsets[v+1]) */
  guint32  *adj;          /* 2 * n_edges */
} DsGraph;

/* Edges are taken as undirected; self-loops and repeats are dropped, so
 * callers may pass a directed multigraph. Returns NULL when an endpoint is
 * out of range (a programming error, reported with g_critical). */
DsGraph *ds_graph_new                (guint           n_nodes,
                                      guint           n_edges,
                                      const guint32  *src,
                                      const guint32  *dst);
/* Nodes are the entities (node i = entity i); edges are deals
 * (investor -> target) and relations (from -> to). */
DsGraph *ds_graph_new_from_landscape (DsLandscape    *landscape);
/* Its edges' ends (guint32 each, appended): the part that reads the
 * landscape, so that ds_graph_new can run where the landscape may change
 * meanwhile (the canvas builds a big graph on a worker). */
void     ds_graph_edges_from_landscape (DsLandscape  *landscape,
                                        GArray       *src,
                                        GArray       *dst);
void     ds_graph_free               (DsGraph        *graph);

static inline guint
ds_graph_degree (const DsGraph *graph,
                 guint          v)
{
  return graph->offsets[v + 1] - graph->offsets[v];
}

/* Connected components: fills comp[v] with a component number, numbered by
 * decreasing size (0 = largest; ties by smallest node), returns the count. */
guint    ds_graph_components         (const DsGraph  *graph,
                                      guint32        *comp);

/* Hop distances from `source` (G_MAXUINT32 where unreachable) using the
 * caller's scratch queue of n_nodes entries; returns the number reached. */
guint    ds_graph_bfs                (const DsGraph  *graph,
                                      guint32         source,
                                      guint32        *dist,
                                      guint32        *queue);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsGraph, ds_graph_free)

G_END_DECLS
