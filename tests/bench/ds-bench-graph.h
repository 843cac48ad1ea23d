/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-bench-graph.h: a deterministic investor -> company graph shaped like a
 * public funding database, for benchmarks (layout, render, import). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint    n_companies;   /* nodes 0 .. n_companies-1 */
  guint    n_investors;   /* nodes n_companies .. n_nodes-1 */
  guint    n_nodes;
  guint    n_edges;       /* distinct investor -> company pairs */
  guint32 *src;           /* investor */
  guint32 *dst;           /* company */
} DsBenchGraph;

/* Scales the default shape (21,000 companies, 17,000 investors, 64,000
 * edges) by `scale` (1.0 = full size). Heavy-tailed degrees on both sides,
 * investors favouring a sector of their own, every node with at least one
 * edge, so that one giant component forms among many small ones. Same seed,
 * same graph, on every machine (own PRNG, no libc rand). */
DsBenchGraph *ds_bench_graph_new  (double   scale,
                                   guint32  seed);
void          ds_bench_graph_free (DsBenchGraph *graph);

/* CPU seconds of the whole process (all threads): the machine is shared,
 * so wall time says more about the neighbours than about us. */
double        ds_bench_cpu_seconds (void);

/* Peak resident memory of this process so far, in MiB. */
double        ds_bench_peak_rss_mb (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsBenchGraph, ds_bench_graph_free)

G_END_DECLS
