/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-layout.c: the layout graph, normalized stress against hand-computed
 * values, initial layout, packing, overlap removal, placement, simulation. */
#define G_LOG_DOMAIN "test-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-drag-region.h"
#include "ds-force-sim.h"
#include "ds-graph.h"
#include "ds-layout.h"
#include "ds-stress.h"

static DsGraph *
graph_from_pairs (guint          n,
                  const guint32 *pairs,
                  guint          n_pairs)
{
  g_autofree guint32 *src = g_new (guint32, MAX (n_pairs, 1));
  g_autofree guint32 *dst = g_new (guint32, MAX (n_pairs, 1));

  for (guint i = 0; i < n_pairs; i++)
    {
      src[i] = pairs[2 * i];
      dst[i] = pairs[2 * i + 1];
    }
  return ds_graph_new (n, n_pairs, src, dst);
}

static DsGraph *
grid_graph (guint w,
            guint h)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint r = 0; r < h; r++)
    for (guint c = 0; c < w; c++)
      {
        guint32 v = r * w + c, u;

        if (c + 1 < w)
          {
            u = v + 1;
            g_array_append_val (pairs, v);
            g_array_append_val (pairs, u);
          }
        if (r + 1 < h)
          {
            u = v + w;
            g_array_append_val (pairs, v);
            g_array_append_val (pairs, u);
          }
      }
  return graph_from_pairs (w * h, (guint32 *) pairs->data, pairs->len / 2);
}

static void
test_graph_dedup (void)
{
  /* 0-1 twice (once reversed), a self-loop on 2, 2-3. */
  const guint32 pairs[] = { 0, 1, 1, 0, 2, 2, 3, 2 };
  g_autoptr(DsGraph) g = graph_from_pairs (5, pairs, 4);
  guint32 comp[5];

  g_assert_cmpuint (g->n_edges, ==, 2);
  g_assert_cmpuint (ds_graph_degree (g, 0), ==, 1);
  g_assert_cmpuint (ds_graph_degree (g, 2), ==, 1);
  g_assert_cmpuint (ds_graph_degree (g, 4), ==, 0);
  g_assert_cmpuint (g->adj[g->offsets[3]], ==, 2);
  /* Three components: {0,1}, {2,3}, {4}; ties in size by smallest node. */
  g_assert_cmpuint (ds_graph_components (g, comp), ==, 3);
  g_assert_cmpuint (comp[0], ==, 0);
  g_assert_cmpuint (comp[1], ==, 0);
  g_assert_cmpuint (comp[2], ==, 1);
  g_assert_cmpuint (comp[4], ==, 2);
}

static void
test_graph_bfs (void)
{
  /* A path 0-1-2-3 and an isolated 4. */
  const guint32 pairs[] = { 0, 1, 1, 2, 2, 3 };
  g_autoptr(DsGraph) g = graph_from_pairs (5, pairs, 3);
  guint32 dist[5], queue[5];

  g_assert_cmpuint (ds_graph_bfs (g, 0, dist, queue), ==, 4);
  g_assert_cmpuint (dist[3], ==, 3);
  g_assert_cmpuint (dist[4], ==, G_MAXUINT32);
}

static void
test_stress_path_exact (void)
{
  /* A path drawn on a line with spacing 7: e = 7 d for every pair, so the
   * best scale is 1/7 and every term is 0. */
  const guint32 pairs[] = { 0, 1, 1, 2, 2, 3, 3, 4 };
  g_autoptr(DsGraph) g = graph_from_pairs (5, pairs, 4);
  double x[5] = { 0, 7, 14, 21, 28 }, y[5] = { 0 };

  g_assert_cmpfloat_with_epsilon (ds_stress_normalized (g, x, y, 1), 0.0, 1e-12);
}

static void
test_stress_hand (void)
{
  /* Path A-B-C with C drawn on B: A(0,0) B(1,0) C(1,0), plus a separate
   * edge 3-4 that must be ignored (not the largest component). All three
   * nodes are sources (fewer than 60). Ordered pairs (d, e):
   * AB (1,1) AC (2,1) BA (1,1) BC (1,0) CA (2,1) CB (1,0).
   * sum e/d = 1 + .5 + 1 + 0 + .5 + 0 = 3; sum e^2/d^2 = 1 + .25 + 1 + .25 = 2.5;
   * a = 1.2; terms: .04 .16 .04 1 .16 1 -> mean 2.4 / 6 = 0.4. */
  const guint32 pairs[] = { 0, 1, 1, 2, 3, 4 };
  g_autoptr(DsGraph) g = graph_from_pairs (5, pairs, 3);
  double x[5] = { 0, 1, 1, 50, 90 }, y[5] = { 0, 0, 0, 3, -8 };

  g_assert_cmpfloat_with_epsilon (ds_stress_normalized (g, x, y, 99), 0.4, 1e-12);
}

static void
test_stress_collapsed (void)
{
  const guint32 pairs[] = { 0, 1, 1, 2 };
  g_autoptr(DsGraph) g = graph_from_pairs (3, pairs, 2);
  double x[3] = { 5, 5, 5 }, y[3] = { 1, 1, 1 };

  g_assert_cmpfloat (ds_stress_normalized (g, x, y, 1), ==, 1.0);
}

static void
test_layout_path_straight (void)
{
  /* The stress optimum of a path is a straight line with equal spacing:
   * stress 0. */
  const guint32 pairs[] = { 0, 1, 1, 2, 2, 3, 3, 4, 4, 5 };
  g_autoptr(DsGraph) g = graph_from_pairs (6, pairs, 5);
  double x[6], y[6];
  g_autoptr(GError) error = NULL;

  g_assert_true (ds_layout_compute (g, NULL, x, y, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (ds_stress_normalized (g, x, y, 1), <, 1e-4);
  /* Turned so that its long axis is horizontal. */
  g_assert_cmpfloat (fabs (y[0] - y[5]), <, 1e-2 * fabs (x[0] - x[5]));
  g_assert_cmpfloat_with_epsilon (hypot (x[1] - x[0], y[1] - y[0]), 80, 0.5);
}

static void
test_layout_grid (void)
{
  /* A 12 x 12 grid drawn as the unit grid has the stress of Manhattan vs
   * Euclidean distances; a good layout is at least about as good. */
  g_autoptr(DsGraph) g = grid_graph (12, 12);
  double x[144], y[144], gx[144], gy[144];
  double ours, ideal;

  g_assert_true (ds_layout_compute (g, NULL, x, y, NULL, NULL, NULL, NULL));
  for (guint v = 0; v < 144; v++)
    {
      gx[v] = v % 12;
      gy[v] = v / 12;
    }
  ours = ds_stress_normalized (g, x, y, 3);
  ideal = ds_stress_normalized (g, gx, gy, 3);
  g_assert_cmpfloat (ideal, >, 0.005);
  g_assert_cmpfloat (ours, <=, ideal + 0.01);
}

static void
test_layout_big_grid (void)
{
  /* 24 x 24 = 576 nodes is above the all-pairs limit (300), so this runs
   * the anchored SGD. The unit grid's stress (Manhattan hop distances vs
   * Euclidean layout distances, computed by the measure on the ideal
   * drawing) is the yardstick: SGD should get within 0.02 of it. */
  g_autoptr(DsGraph) g = grid_graph (24, 24);
  double x[576], y[576], gx[576], gy[576];
  double ours, ideal;
  DsLayoutOptions opts;

  ds_layout_options_init (&opts);
  opts.remove_overlaps = FALSE;
  g_assert_true (ds_layout_compute (g, &opts, x, y, NULL, NULL, NULL, NULL));
  for (guint v = 0; v < 576; v++)
    {
      gx[v] = v % 24;
      gy[v] = v / 24;
    }
  ours = ds_stress_normalized (g, x, y, 5);
  ideal = ds_stress_normalized (g, gx, gy, 5);
  g_assert_cmpfloat (ideal, >, 0.005);
  g_assert_cmpfloat (ours, <=, ideal + 0.02);
}

static void
test_layout_deterministic (void)
{
  g_autoptr(DsGraph) g = grid_graph (9, 7);
  double x1[63], y1[63], x2[63], y2[63];
  DsLayoutOptions opts;

  ds_layout_options_init (&opts);
  opts.seed = 42;
  g_assert_true (ds_layout_compute (g, &opts, x1, y1, NULL, NULL, NULL, NULL));
  g_assert_true (ds_layout_compute (g, &opts, x2, y2, NULL, NULL, NULL, NULL));
  for (guint v = 0; v < 63; v++)
    {
      g_assert_cmpfloat (x1[v], ==, x2[v]);
      g_assert_cmpfloat (y1[v], ==, y2[v]);
    }
}

static void
test_layout_deterministic_threaded (void)
{
  /* 50 x 50 = 2,500 nodes: the anchored SGD splits its passes over
   * threads from 2,000 nodes; the split is by node, so two runs (and
   * machines with any number of cores) agree to the bit. */
  g_autoptr(DsGraph) g = grid_graph (50, 50);
  g_autofree double *x1 = g_new (double, 2500), *y1 = g_new (double, 2500);
  g_autofree double *x2 = g_new (double, 2500), *y2 = g_new (double, 2500);
  g_autofree double *gx = g_new (double, 2500), *gy = g_new (double, 2500);
  DsLayoutOptions opts;

  ds_layout_options_init (&opts);
  opts.seed = 7;
  opts.remove_overlaps = FALSE;
  g_assert_true (ds_layout_compute (g, &opts, x1, y1, NULL, NULL, NULL, NULL));
  g_assert_true (ds_layout_compute (g, &opts, x2, y2, NULL, NULL, NULL, NULL));
  g_assert_cmpmem (x1, sizeof (double) * 2500, x2, sizeof (double) * 2500);
  g_assert_cmpmem (y1, sizeof (double) * 2500, y2, sizeof (double) * 2500);
  /* And still a good grid: within 0.02 of the ideal drawing's stress. */
  for (guint v = 0; v < 2500; v++)
    {
      gx[v] = v % 50;
      gy[v] = v / 50;
    }
  g_assert_cmpfloat (ds_stress_normalized (g, x1, y1, 5), <=, ds_stress_normalized (g, gx, gy, 5) + 0.02);
}

/* A w x w grid of hubs, three leaves on each (hub v's leaves are
 * w*w + 3v + 0..2): three quarters leaves, like a funding graph. */
static DsGraph *
leafy_graph (guint w)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint hubs = w * w;

  for (guint32 v = 0; v < hubs; v++)
    {
      guint32 u;

      if (v % w + 1 < w)
        {
          u = v + 1;
          g_array_append_val (pairs, v);
          g_array_append_val (pairs, u);
        }
      if (v / w + 1 < w)
        {
          u = v + w;
          g_array_append_val (pairs, v);
          g_array_append_val (pairs, u);
        }
      for (guint k = 0; k < 3; k++)
        {
          u = hubs + 3 * v + k;
          g_array_append_val (pairs, v);
          g_array_append_val (pairs, u);
        }
    }
  return graph_from_pairs (hubs * 4, (guint32 *) pairs->data, pairs->len / 2);
}

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  g_array_append_val ((GArray *) user_data, fraction);
}

/* A big component reports its phases as they go, not only when it is
 * done: the 2,500-node leafy graph (the multilevel start) has one
 * component, which used to give a single report of 0.95 at its end. Of
 * the component's 95 %, the layout has 90 % (then overlap removal), and of
 * that the core 58 % (then the refinement on all nodes): 0.4959 and 0.855.
 * Within the core, the pivots come first: the first report is one pivot's
 * BFS in. */
static void
test_layout_progress (void)
{
  enum { N = 2500 };
  g_autoptr(DsGraph) g = leafy_graph (25);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree double *x1 = g_new (double, N), *y1 = g_new (double, N);
  g_autofree double *x2 = g_new (double, N), *y2 = g_new (double, N);
  guint in_core = 0, in_refinement = 0;
  double before = 0;

  g_assert_true (ds_layout_compute (g, NULL, x1, y1, NULL, record_progress, seen, NULL));
  g_assert_cmpuint (seen->len, >, 0);
  for (guint i = 0; i < seen->len; i++)
    {
      double f = g_array_index (seen, double, i);

      g_assert_cmpfloat (f, >=, 0);
      g_assert_cmpfloat (f, <=, 1);
      g_assert_cmpfloat (f, >=, before);
      /* No phase long without a report: overlap removal, 0.095, is the
       * longest step. */
      g_assert_cmpfloat (f - before, <=, 0.1);
      before = f;
      in_core += f > 0 && f < 0.4959;
      in_refinement += f > 0.4959 && f < 0.855;
    }
  g_assert_cmpfloat (g_array_index (seen, double, 0), <, 0.005);
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);
  /* One report per block of passes, tens in each phase. */
  g_assert_cmpuint (in_core, >=, 20);
  g_assert_cmpuint (in_refinement, >=, 20);

  /* Reporting changes nothing: the same positions without a callback. */
  g_assert_true (ds_layout_compute (g, NULL, x2, y2, NULL, NULL, NULL, NULL));
  g_assert_cmpmem (x1, sizeof (double) * N, x2, sizeof (double) * N);
  g_assert_cmpmem (y1, sizeof (double) * N, y2, sizeof (double) * N);
}

static void
test_layout_leafy (void)
{
  /* A 25 x 25 grid (625 hubs, above the all-pairs limit) with three leaves
   * on every hub: 2,500 nodes, three quarters leaves, so this runs the
   * multilevel start (core, leaves on arcs, refinement whose anchor rows
   * come from BFS on the core), split over threads (from 2,000 nodes). A
   * leaf's only term at one hop is its hub, so it must end about one edge
   * length (80) from it; and the layout must repeat to the bit. */
  enum { W = 25, HUBS = W * W, N = HUBS * 4 };
  g_autoptr(DsGraph) g = leafy_graph (W);
  g_autofree double *x1 = g_new (double, N), *y1 = g_new (double, N);
  g_autofree double *x2 = g_new (double, N), *y2 = g_new (double, N);
  double sum = 0;
  DsLayoutOptions opts;

  ds_layout_options_init (&opts);
  opts.seed = 3;
  opts.remove_overlaps = FALSE;
  g_assert_true (ds_layout_compute (g, &opts, x1, y1, NULL, NULL, NULL, NULL));
  g_assert_true (ds_layout_compute (g, &opts, x2, y2, NULL, NULL, NULL, NULL));
  g_assert_cmpmem (x1, sizeof (double) * N, x2, sizeof (double) * N);
  g_assert_cmpmem (y1, sizeof (double) * N, y2, sizeof (double) * N);
  for (guint32 l = HUBS; l < N; l++)
    {
      guint32 h = (l - HUBS) / 3;
      double e = hypot (x1[l] - x1[h], y1[l] - y1[h]);

      /* Not piled on the hub, not flung off. */
      g_assert_cmpfloat (e, >, 0.1 * 80);
      g_assert_cmpfloat (e, <, 2 * 80);
      sum += e;
    }
  /* Far pairs pull a leaf in a little (the plane cannot hold the grid's
   * growth of leaves by distance), so about, not exactly, one edge. */
  g_assert_cmpfloat (sum / (N - HUBS), >, 0.6 * 80);
  g_assert_cmpfloat (sum / (N - HUBS), <, 1.2 * 80);
}

static void
assert_no_overlap (guint         n,
                   const double *x,
                   const double *y,
                   const double *radius,
                   double        gap)
{
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      g_assert_cmpfloat (hypot (x[i] - x[j], y[i] - y[j]), >=, (radius[i] + radius[j] + gap) * (1 - 1e-9));
}

static void
test_layout_remove_overlaps_pile (void)
{
  /* 400 discs piled on 20 points (20 on each, so every pass starts with
   * coincident pairs) must come apart: the later passes look only at the
   * discs that moved, which must not let an overlap slip through. */
  double x[400], y[400], r[400];

  for (guint i = 0; i < 400; i++)
    {
      x[i] = (i % 20) * 3.0;
      y[i] = (i % 20) * 0.5;
      r[i] = 2 + (i % 3);
    }
  g_assert_true (ds_layout_remove_overlaps (400, x, y, r, 0, 1, NULL, 2000));
  assert_no_overlap (400, x, y, r, 1);
}

static void
test_layout_remove_overlaps_crowd (void)
{
  /* 8,100 discs on a grid with room to spare, and on 40 of its points a
   * pile of 10 more: after the first pass a few hundred discs move, too few
   * to index all of them again, so the later passes look the moved ones up
   * in an index of their own. The piles push into the grid, and the grid
   * into itself, for many passes; no overlap may remain. */
  enum { SIDE = 90, GRID = SIDE * SIDE, PILES = 40, PILE = 10, N = GRID + PILES * PILE };
  g_autofree double *x = g_new (double, N), *y = g_new (double, N), *r = g_new (double, N);

  for (guint i = 0; i < GRID; i++)
    {
      x[i] = (i % SIDE) * 5.5;
      y[i] = (i / SIDE) * 5.5;
    }
  for (guint p = 0; p < PILES; p++)
    for (guint k = 0; k < PILE; k++)
      {
        guint at = (p * 197 + 3001) % GRID, i = GRID + p * PILE + k;

        x[i] = x[at];
        y[i] = y[at];
      }
  for (guint i = 0; i < N; i++)
    r[i] = 2;
  g_assert_true (ds_layout_remove_overlaps (N, x, y, r, 0, 1, NULL, 2000));
  assert_no_overlap (N, x, y, r, 1);
}

static void
test_layout_no_overlap (void)
{
  /* A star of 40 leaves around a hub, with discs too big for one ring at
   * the edge length: no two discs may overlap. */
  guint32 pairs[80];
  double x[41], y[41], radius[41];
  g_autoptr(DsGraph) g = NULL;
  DsLayoutOptions opts;

  for (guint i = 0; i < 40; i++)
    {
      pairs[2 * i] = 0;
      pairs[2 * i + 1] = i + 1;
    }
  g = graph_from_pairs (41, pairs, 40);
  for (guint v = 0; v < 41; v++)
    radius[v] = v == 0 ? 30 : 12 + v % 3;
  ds_layout_options_init (&opts);
  opts.radius = radius;
  opts.gap = 4;
  g_assert_true (ds_layout_compute (g, &opts, x, y, NULL, NULL, NULL, NULL));
  assert_no_overlap (41, x, y, radius, 4);
}

static void
test_layout_remove_overlaps_fixed (void)
{
  /* Three coincident discs of radius 5 and gap 2, the first fixed: it stays,
   * the others end at least 12 from it and from each other. */
  double x[3] = { 1, 1, 1 }, y[3] = { 2, 2, 2 }, r[3] = { 5, 5, 5 };
  guint8 fixed[3] = { 1, 0, 0 };

  g_assert_true (ds_layout_remove_overlaps (3, x, y, NULL, 5, 2, fixed, 100));
  g_assert_cmpfloat (x[0], ==, 1);
  g_assert_cmpfloat (y[0], ==, 2);
  assert_no_overlap (3, x, y, r, 2);
}

static void
test_layout_components_packed (void)
{
  /* A 10 x 10 grid and 30 separate edges. Packed components sit around the
   * big one: the drawing's box is at most a few times the area the parts
   * need, where flinging them to the edges would make it much larger. */
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(DsGraph) grid = grid_graph (10, 10);
  g_autoptr(DsGraph) g = NULL;
  guint n = 100 + 60;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);
  double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y0 = G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double grid_extent;

  for (guint e = 0; e < grid->n_edges; e++)
    {
      g_array_append_val (pairs, grid->src[e]);
      g_array_append_val (pairs, grid->dst[e]);
    }
  for (guint32 k = 0; k < 30; k++)
    {
      guint32 a = 100 + 2 * k, b = a + 1;

      g_array_append_val (pairs, a);
      g_array_append_val (pairs, b);
    }
  g = graph_from_pairs (n, (guint32 *) pairs->data, pairs->len / 2);
  g_assert_true (ds_layout_compute (g, NULL, x, y, NULL, NULL, NULL, NULL));
  for (guint v = 0; v < n; v++)
    {
      x0 = MIN (x0, x[v]);
      x1 = MAX (x1, x[v]);
      y0 = MIN (y0, y[v]);
      y1 = MAX (y1, y[v]);
    }
  /* The grid alone is about 9 edges (720) across; 30 pairs of 80 with
   * room around each need about 30 * 160 * 100 = 480,000 more. */
  grid_extent = 9 * 80 + 80;
  g_assert_cmpfloat ((x1 - x0) * (y1 - y0), <, 3 * (grid_extent * grid_extent + 480000));
  /* Every pair keeps its edge length. */
  for (guint k = 0; k < 30; k++)
    g_assert_cmpfloat_with_epsilon (hypot (x[101 + 2 * k] - x[100 + 2 * k], y[101 + 2 * k] - y[100 + 2 * k]), 80, 1e-6);
  /* Centred on the origin. */
  g_assert_cmpfloat_with_epsilon ((x0 + x1) / 2, 0, 1e-6);
  g_assert_cmpfloat_with_epsilon ((y0 + y1) / 2, 0, 1e-6);
}

static void
test_layout_invalid_options (void)
{
  const guint32 pairs[] = { 0, 1 };
  g_autoptr(DsGraph) g = graph_from_pairs (2, pairs, 1);
  g_autoptr(GError) error = NULL;
  double x[2], y[2];
  DsLayoutOptions opts;

  ds_layout_options_init (&opts);
  opts.edge_length = 0;
  g_assert_false (ds_layout_compute (g, &opts, x, y, NULL, NULL, NULL, &error));
  g_assert_error (error, DS_LAYOUT_ERROR, DS_LAYOUT_ERROR_INVALID);
}

static void
test_layout_cancelled (void)
{
  g_autoptr(DsGraph) g = grid_graph (20, 20);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  double x[400], y[400];

  g_cancellable_cancel (cancellable);
  g_assert_false (ds_layout_compute (g, NULL, x, y, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_place_new_near_neighbours (void)
{
  /* A laid-out 6 x 6 grid; then node 36 joins, tied to node 0, and an
   * edge 37-38 arrives alone. Old nodes stay exactly; 36 lands about one
   * edge from node 0; the new pair does not land on the grid. */
  g_autoptr(DsGraph) grid = grid_graph (6, 6);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(DsGraph) g = NULL;
  double x[39], y[39], before_x[36], before_y[36];
  guint8 known[39] = { 0 };
  const guint32 extra[] = { 0, 36, 37, 38 };

  g_assert_true (ds_layout_compute (grid, NULL, x, y, NULL, NULL, NULL, NULL));
  memcpy (before_x, x, sizeof before_x);
  memcpy (before_y, y, sizeof before_y);
  for (guint e = 0; e < grid->n_edges; e++)
    {
      g_array_append_val (pairs, grid->src[e]);
      g_array_append_val (pairs, grid->dst[e]);
    }
  g_array_append_vals (pairs, extra, 4);
  g = graph_from_pairs (39, (guint32 *) pairs->data, pairs->len / 2);
  memset (known, 1, 36);

  ds_layout_place_new_nodes (g, NULL, x, y, known);
  for (guint v = 0; v < 36; v++)
    {
      g_assert_cmpfloat (x[v], ==, before_x[v]);
      g_assert_cmpfloat (y[v], ==, before_y[v]);
    }
  for (guint v = 0; v < 39; v++)
    g_assert_cmpuint (known[v], ==, 1);
  g_assert_cmpfloat (hypot (x[36] - x[0], y[36] - y[0]), <, 2 * 80);
  g_assert_cmpfloat_with_epsilon (hypot (x[38] - x[37], y[38] - y[37]), 80, 1e-6);
  for (guint v = 0; v < 37; v++)
    for (guint w = 37; w < 39; w++)
      g_assert_cmpfloat (hypot (x[v] - x[w], y[v] - y[w]), >=, 2 * 10 + 6 - 1e-9);
}

static void
test_place_new_deterministic (void)
{
  const guint32 pairs[] = { 0, 1, 1, 2, 2, 3, 2, 4, 2, 5 };
  g_autoptr(DsGraph) g = graph_from_pairs (6, pairs, 5);
  double x1[6] = { 0, 80, 160, 0, 0, 0 }, y1[6] = { 0 };
  double x2[6] = { 0, 80, 160, 0, 0, 0 }, y2[6] = { 0 };
  guint8 k1[6] = { 1, 1, 1, 0, 0, 0 }, k2[6] = { 1, 1, 1, 0, 0, 0 };

  ds_layout_place_new_nodes (g, NULL, x1, y1, k1);
  ds_layout_place_new_nodes (g, NULL, x2, y2, k2);
  for (guint v = 0; v < 6; v++)
    {
      g_assert_cmpfloat (x1[v], ==, x2[v]);
      g_assert_cmpfloat (y1[v], ==, y2[v]);
    }
  /* The leaves of node 2 go away from node 1, to the right of x = 160. */
  for (guint v = 3; v < 6; v++)
    g_assert_cmpfloat (x1[v], >, 160);
}

static void
test_sim_cold_start (void)
{
  const guint32 pairs[] = { 0, 1 };
  g_autoptr(DsGraph) g = graph_from_pairs (2, pairs, 1);
  double x[2] = { 0, 10 }, y[2] = { 0, 0 };
  g_autoptr(DsForceSim) sim = ds_force_sim_new (g, x, y, 80);

  /* Starts cold: positions from the document stay. */
  g_assert_false (ds_force_sim_tick (sim));
  g_assert_cmpfloat (x[1], ==, 10);
}

static void
test_sim_converges (void)
{
  /* A path of 5 from random-ish positions: the simulation cools down
   * (returns FALSE) within the 300-tick schedule plus slack, and adjacent
   * nodes end nearer each other than the path's ends. */
  const guint32 pairs[] = { 0, 1, 1, 2, 2, 3, 3, 4 };
  g_autoptr(DsGraph) g = graph_from_pairs (5, pairs, 4);
  double x[5] = { 0, 50, -20, 30, 5 }, y[5] = { 0, 10, 40, -30, 25 };
  g_autoptr(DsForceSim) sim = ds_force_sim_new (g, x, y, 80);
  guint ticks = 0;

  ds_force_sim_reheat (sim, 1);
  while (ds_force_sim_tick (sim))
    ticks++;
  g_assert_cmpuint (ticks, <, 400);
  g_assert_cmpfloat (hypot (x[1] - x[0], y[1] - y[0]), <, hypot (x[4] - x[0], y[4] - y[0]));
  g_assert_cmpfloat (hypot (x[1] - x[0], y[1] - y[0]), >, 40);
}

static void
test_sim_pinned_and_drag (void)
{
  /* A star; the pinned hub never moves; a dragged leaf sits exactly at the
   * pointer; its neighbour follows the drag. */
  const guint32 pairs[] = { 0, 1, 0, 2, 0, 3, 3, 4 };
  g_autoptr(DsGraph) g = graph_from_pairs (5, pairs, 4);
  double x[5] = { 0, 80, -80, 0, 0 }, y[5] = { 0, 0, 0, 80, 160 };
  g_autoptr(DsForceSim) sim = ds_force_sim_new (g, x, y, 80);
  double start_x4 = x[4];

  ds_force_sim_set_pinned (sim, 0, TRUE);
  g_assert_true (ds_force_sim_get_pinned (sim, 0));
  ds_force_sim_drag_begin (sim, 3);
  g_assert_cmpfloat (ds_force_sim_get_alpha (sim), >=, 0.3);
  for (guint i = 0; i < 60; i++)
    {
      ds_force_sim_drag_update (sim, 300 + i, 80);
      g_assert_true (ds_force_sim_tick (sim));
      g_assert_cmpfloat (x[3], ==, 300 + i);
      g_assert_cmpfloat (y[3], ==, 80);
      g_assert_cmpfloat (x[0], ==, 0);
      g_assert_cmpfloat (y[0], ==, 0);
    }
  /* Node 4 hangs off node 3 and was pulled towards x = 360. */
  g_assert_cmpfloat (x[4], >, start_x4 + 150);
  ds_force_sim_drag_end (sim);
  for (guint i = 0; i < 1000 && ds_force_sim_tick (sim); i++)
    ;
  g_assert_false (ds_force_sim_tick (sim));
  g_assert_cmpfloat (x[0], ==, 0);
}

/* An 80 x 60 grid (4,800 nodes: its repulsion runs on two threads) ticked
 * hot with a drag, once on two threads and once on one: each node's sum is
 * done whole by one thread, so the positions agree to the bit. */
static void
test_sim_threads_same_result (void)
{
  enum { W = 80, H = 60, N = W * H };
  g_autofree guint32 *pairs = g_new (guint32, 4 * N);
  g_autofree double *x1 = g_new (double, N), *y1 = g_new (double, N);
  g_autofree double *x2 = g_new (double, N), *y2 = g_new (double, N);
  g_autoptr(DsGraph) g = NULL;
  g_autoptr(DsForceSim) two = NULL, one = NULL;
  guint m = 0;
  double moved = 0;

  for (guint r = 0; r < H; r++)
    for (guint c = 0; c < W; c++)
      {
        guint v = r * W + c;
        if (c + 1 < W)
          pairs[2 * m] = v, pairs[2 * m + 1] = v + 1, m++;
        if (r + 1 < H)
          pairs[2 * m] = v, pairs[2 * m + 1] = v + W, m++;
        /* Off the lattice a little, by a fixed pattern. */
        x1[v] = x2[v] = c * 60.0 + (v * 7 % 11);
        y1[v] = y2[v] = r * 60.0 + (v * 5 % 13);
      }
  g = graph_from_pairs (N, pairs, m);
  two = ds_force_sim_new (g, x1, y1, 80);
  one = ds_force_sim_new (g, x2, y2, 80);
  ds_force_sim_set_max_threads (one, 1);
  ds_force_sim_drag_begin (two, 0);
  ds_force_sim_drag_begin (one, 0);
  for (guint t = 0; t < 12; t++)
    {
      ds_force_sim_drag_update (two, -200.0 - t, -100);
      ds_force_sim_drag_update (one, -200.0 - t, -100);
      ds_force_sim_tick (two);
      ds_force_sim_tick (one);
    }
  g_assert_cmpmem (x1, N * sizeof (double), x2, N * sizeof (double));
  g_assert_cmpmem (y1, N * sizeof (double), y2, N * sizeof (double));
  for (guint v = 1; v < N; v++)
    moved = MAX (moved, fabs (x1[v] - (v % W) * 60.0 - (v * 7 % 11)));
  g_assert_cmpfloat (moved, >, 1);
}

static void
test_sim_collision (void)
{
  /* Two unconnected discs on top of each other are parted to at least
   * nearly the sum of their radii. */
  g_autoptr(DsGraph) g = ds_graph_new (2, 0, NULL, NULL);
  double x[2] = { 0, 0.5 }, y[2] = { 0, 0 }, r[2] = { 20, 20 };
  g_autoptr(DsForceSim) sim = ds_force_sim_new (g, x, y, 80);

  ds_force_sim_set_radii (sim, r, 0);
  ds_force_sim_reheat (sim, 1);
  while (ds_force_sim_tick (sim))
    ;
  g_assert_cmpfloat (fabs (x[1] - x[0]), >, 0.9 * 40);
}

/* The drag region's hand graph: hub 0 with leaves 1-5, then the chain
 * 0 - 6 - 7 - 8 - 9, and 10 a leaf of 6. Positions on a line, 80 apart,
 * leaves around the hub. */
static DsGraph *
region_graph (double *x, double *y)
{
  static const guint32 src[] = { 0, 0, 0, 0, 0, 0, 6, 7, 8, 6 };
  static const guint32 dst[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

  for (guint v = 0; v < 11; v++)
    {
      x[v] = v >= 6 && v <= 9 ? 80.0 * (v - 5) : 0;
      y[v] = 0;
    }
  for (guint v = 1; v <= 5; v++)
    {
      x[v] = -40.0 * cos (v);
      y[v] = 40.0 * sin (v);
    }
  x[10] = 80;
  y[10] = 40;
  return ds_graph_new (11, G_N_ELEMENTS (src), src, dst);
}

static gboolean
region_has (DsDragRegion *region, guint32 v)
{
  guint n;
  const guint32 *nodes = ds_drag_region_get_nodes (region, &n);

  for (guint i = 0; i < n; i++)
    if (nodes[i] == v)
      return TRUE;
  return FALSE;
}

/* Dragging the hub: the hub and the non-leaf nodes within two hops (6, 7)
 * move; the leaves of moving nodes (1-5 of the hub, 10 of node 6) keep
 * their offsets; 8 is an anchor and 9 outside: neither moves. */
static void
test_drag_region_hub (void)
{
  double x[11], y[11], x0[11], y0[11];
  g_autoptr(DsGraph) g = region_graph (x, y);
  g_autoptr(DsDragRegion) region = NULL;
  const guint32 *nodes;
  guint n, ticks = 0;

  memcpy (x0, x, sizeof x);
  memcpy (y0, y, sizeof y);
  region = ds_drag_region_new (g, x, y, NULL, NULL, 0, 100, 80);
  nodes = ds_drag_region_get_nodes (region, &n);
  g_assert_cmpuint (ds_drag_region_get_n_moving (region), ==, 3);
  g_assert_cmpuint (n, ==, 3 + 6);
  g_assert_cmpuint (nodes[0], ==, 0);
  g_assert_cmpuint (nodes[1], ==, 6);
  g_assert_cmpuint (nodes[2], ==, 7);
  for (guint v = 1; v <= 5; v++)
    g_assert_true (region_has (region, v));
  g_assert_true (region_has (region, 10));
  g_assert_false (region_has (region, 8));
  g_assert_false (region_has (region, 9));

  for (guint i = 1; i <= 30; i++)
    {
      ds_drag_region_drag_update (region, -5.0 * i, -2.0 * i);
      ds_drag_region_tick (region);
    }
  g_assert_cmpfloat (x[0], ==, -150.0);
  g_assert_cmpfloat (y[0], ==, -60.0);
  for (guint v = 1; v <= 5; v++)
    {
      g_assert_cmpfloat_with_epsilon (x[v] - x[0], x0[v] - x0[0], 1e-9);
      g_assert_cmpfloat_with_epsilon (y[v] - y[0], y0[v] - y0[0], 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (x[10] - x[6], x0[10] - x0[6], 1e-9);
  g_assert_cmpfloat_with_epsilon (y[10] - y[6], y0[10] - y0[6], 1e-9);
  /* Pulled along: node 6, at (80, 0), towards the hub now at (-150, -60),
   * 238 away from where 6 was. */
  g_assert_cmpfloat (x[6], <, 80.0 - 1);
  g_assert_cmpfloat (hypot (x[6] - x[0], y[6] - y[0]), <, hypot (80.0 + 150, 60) - 10);
  for (guint v = 8; v <= 9; v++)
    {
      g_assert_cmpfloat (x[v], ==, x0[v]);
      g_assert_cmpfloat (y[v], ==, y0[v]);
    }

  /* Let go: the hub stays where it was dropped, and the region cools. */
  ds_drag_region_drag_end (region);
  while (ds_drag_region_tick (region) && ticks < 5000)
    ticks++;
  g_assert_cmpuint (ticks, <, 5000);
  g_assert_cmpfloat (x[0], ==, -150.0);
  g_assert_cmpfloat (y[0], ==, -60.0);
  g_assert_cmpfloat (x[8], ==, x0[8]);
}

/* At most max_moving nodes move (the nearest); pinned ones stay; dragging
 * a leaf moves its hub, whose other leaves follow. */
static void
test_drag_region_limits (void)
{
  double x[11], y[11], x0[11], y0[11];
  g_autoptr(DsGraph) g = region_graph (x, y);
  guint8 pinned[11] = { 0 };

  memcpy (x0, x, sizeof x);
  memcpy (y0, y, sizeof y);
  {
    g_autoptr(DsDragRegion) region = ds_drag_region_new (g, x, y, NULL, NULL, 0, 2, 80);
    guint n;

    ds_drag_region_get_nodes (region, &n);
    g_assert_cmpuint (ds_drag_region_get_n_moving (region), ==, 2);
    g_assert_false (region_has (region, 7));
    for (guint i = 1; i <= 20; i++)
      {
        ds_drag_region_drag_update (region, -3.0 * i, 0);
        ds_drag_region_tick (region);
      }
    g_assert_cmpfloat (x[7], ==, x0[7]);
    g_assert_cmpfloat (x[6], <, x0[6] - 1);
  }

  memcpy (x, x0, sizeof x);
  memcpy (y, y0, sizeof y);
  pinned[6] = 1;
  {
    g_autoptr(DsDragRegion) region = ds_drag_region_new (g, x, y, pinned, NULL, 1, 100, 80);

    /* From leaf 1: the hub (hop 1) and node 6 (hop 2) move, 7 does not. */
    g_assert_cmpuint (ds_drag_region_get_n_moving (region), ==, 3);
    g_assert_true (region_has (region, 2));
    g_assert_true (region_has (region, 10));
    g_assert_false (region_has (region, 7));
    for (guint i = 1; i <= 20; i++)
      {
        ds_drag_region_drag_update (region, x0[1] - 4.0 * i, y0[1]);
        ds_drag_region_tick (region);
      }
    g_assert_cmpfloat (x[1], ==, x0[1] - 80.0);
    g_assert_cmpfloat (x[0], <, x0[0] - 1);   /* the hub follows its leaf */
    g_assert_cmpfloat_with_epsilon (x[2] - x[0], x0[2] - x0[0], 1e-9);
    g_assert_cmpfloat (x[6], ==, x0[6]);      /* pinned */
    g_assert_cmpfloat (y[6], ==, y0[6]);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layout/graph/dedup", test_graph_dedup);
  g_test_add_func ("/layout/graph/bfs", test_graph_bfs);
  g_test_add_func ("/layout/stress/path-exact", test_stress_path_exact);
  g_test_add_func ("/layout/stress/hand", test_stress_hand);
  g_test_add_func ("/layout/stress/collapsed", test_stress_collapsed);
  g_test_add_func ("/layout/compute/path-straight", test_layout_path_straight);
  g_test_add_func ("/layout/compute/grid", test_layout_grid);
  g_test_add_func ("/layout/compute/big-grid", test_layout_big_grid);
  g_test_add_func ("/layout/compute/deterministic", test_layout_deterministic);
  g_test_add_func ("/layout/compute/deterministic-threaded", test_layout_deterministic_threaded);
  g_test_add_func ("/layout/compute/leafy", test_layout_leafy);
  g_test_add_func ("/layout/compute/progress", test_layout_progress);
  g_test_add_func ("/layout/compute/no-overlap", test_layout_no_overlap);
  g_test_add_func ("/layout/overlap/pile", test_layout_remove_overlaps_pile);
  g_test_add_func ("/layout/overlap/crowd", test_layout_remove_overlaps_crowd);
  g_test_add_func ("/layout/compute/components-packed", test_layout_components_packed);
  g_test_add_func ("/layout/compute/invalid-options", test_layout_invalid_options);
  g_test_add_func ("/layout/compute/cancelled", test_layout_cancelled);
  g_test_add_func ("/layout/overlap/fixed", test_layout_remove_overlaps_fixed);
  g_test_add_func ("/layout/place-new/near-neighbours", test_place_new_near_neighbours);
  g_test_add_func ("/layout/place-new/deterministic", test_place_new_deterministic);
  g_test_add_func ("/layout/sim/cold-start", test_sim_cold_start);
  g_test_add_func ("/layout/sim/converges", test_sim_converges);
  g_test_add_func ("/layout/sim/pinned-and-drag", test_sim_pinned_and_drag);
  g_test_add_func ("/layout/sim/collision", test_sim_collision);
  g_test_add_func ("/layout/sim/threads-same-result", test_sim_threads_same_result);
  g_test_add_func ("/layout/drag-region/hub", test_drag_region_hub);
  g_test_add_func ("/layout/drag-region/limits", test_drag_region_limits);

  return g_test_run ();
}
