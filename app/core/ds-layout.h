/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-layout.h: initial positions for a whole graph (pivot MDS, then stress
 * by majorization or anchored SGD per component, overlap removal, packing) and
 * the incremental placement of nodes added to a laid-out graph. */
#pragma once

#include <gio/gio.h>

#include "ds-graph.h"

G_BEGIN_DECLS

#define DS_LAYOUT_ERROR (ds_layout_error_quark ())
GQuark ds_layout_error_quark (void);

typedef enum {
  DS_LAYOUT_ERROR_INVALID,   /* options out of range */
} DsLayoutError;

/* fraction in 0..1; called from the thread that runs the layout. */
typedef void (*DsLayoutProgressFunc) (double   fraction,
                                      gpointer user_data);

typedef struct {
  guint32       seed;            /* same seed, same graph: same positions */
  double        edge_length;     /* distance per hop between centres (80) */
  const double *radius;          /* per node (disc around the node and its label), or NULL */
  double        default_radius;  /* radius when `radius` is NULL (10) */
  double        gap;             /* free space kept between two discs (6) */
  double        component_gap;   /* free space between packed components (edge_length) */
  gboolean      remove_overlaps; /* final pass that separates overlapping discs (TRUE) */
  double        aspect;          /* width : height the packing aims for (1.5) */
} DsLayoutOptions;

void     ds_layout_options_init   (DsLayoutOptions      *options);

/* Fills x[] and y[] (n_nodes each) with a layout centred on (0, 0).
 * `options` may be NULL for the defaults. Returns FALSE only when cancelled
 * (G_IO_ERROR_CANCELLED) or when the options are invalid; x and y are then
 * left in an unspecified state. */
gboolean ds_layout_compute        (const DsGraph         *graph,
                                   const DsLayoutOptions *options,
                                   double                *x,
                                   double                *y,
                                   GCancellable          *cancellable,
                                   DsLayoutProgressFunc   progress,
                                   gpointer               user_data,
                                   GError               **error);

/* Gives every node with known[v] == 0 a position, and leaves the others
 * exactly where they are: a new node with placed neighbours starts next to
 * them, a new component is laid out on its own and packed into free space
 * beside the drawing. Sets known[v] = 1 for the nodes it placed. */
void     ds_layout_place_new_nodes (const DsGraph         *graph,
                                    const DsLayoutOptions *options,
                                    double                *x,
                                    double                *y,
                                    guint8                *known);

/* The layout the exports draw when a document has no positions (the CLI,
 * the video benchmark): node discs as big as a scene of `node_scale` draws
 * them, 110 apart along an edge and 30 between discs. Lays out every node
 * (known NULL), or places only those with known[v] == 0. FALSE as
 * ds_layout_compute. */
gboolean ds_layout_landscape      (DsLandscape           *landscape,
                                   double                 node_scale,
                                   double                *x,
                                   double                *y,
                                   guint8                *known,
                                   GError               **error);

/* Moves discs apart until no two of them (radius[i] + radius[j] + gap)
 * overlap, or max_passes is spent; nodes with fixed[v] set stay put (fixed
 * and radius may be NULL). Returns TRUE when no overlap is left. */
gboolean ds_layout_remove_overlaps (guint                  n_nodes,
                                    double                *x,
                                    double                *y,
                                    const double          *radius,
                                    double                 default_radius,
                                    double                 gap,
                                    const guint8          *fixed,
                                    guint                  max_passes);

G_END_DECLS
