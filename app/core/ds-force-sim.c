/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-force-sim.c: a d3-force-style velocity Verlet simulation with a
 * Barnes-Hut quadtree for repulsion, grid collision, pins and drag. */
#define G_LOG_DOMAIN "ds-force-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-force-sim.h"

#define THETA2          2.25      /* Barnes-Hut opening criterion (theta 1.5), squared */
#define LEAF_SIZE       4         /* nodes summed directly rather than split further */
#define VELOCITY_DECAY  0.4       /* share of the velocity kept per tick */
#define ALPHA_MIN       0.001
#define ALPHA_DRAG      0.3
#define MAX_DEPTH       32
#define REUSE_MIN_NODES 2000      /* below this, repulsion is cheap enough every tick */
#define PARALLEL_MIN_NODES 4000   /* below this, a second thread costs more than it saves */

/* Floats keep a node in 48 bytes: the traversal is bound by memory. */
typedef struct {
  float   x0, y0, size;
  float   cx, cy, mass;   /* centre of mass, number of nodes */
  gint32  child[4];       /* -1 where empty; child[0] == -2 marks a leaf */
  guint32 first, count;   /* a leaf's nodes in the order array */
} QuadNode;

struct _DsForceSim {
  const DsGraph *graph;
  double *x, *y;
  double *vx, *vy;
  double *radius;          /* NULL: default_radius for all */
  double  default_radius;
  guint8 *pinned;
  double *bias;            /* per edge: share of the correction the src takes */
  double *link_strength;   /* per edge */
  double  edge_length;
  double  charge;          /* negative: repulsion */
  double  distance_max2;
  double  alpha, alpha_target, alpha_decay;
  gint64  dragged;         /* node, or -1 */
  double  drag_x, drag_y;
  GArray *tree;            /* QuadNode */
  guint32 *order;
  guint32 *scratch;
  float   *px, *py;        /* positions in tree order, for the leaf loops */
  float   *rfx, *rfy;      /* last repulsion field per node (before alpha) */
  guint64  n_ticks;
  guint    max_threads;    /* 1 or 2 */
  /* collision grid, kept between ticks */
  guint32 *cstart, *cbucket, *corder;
  guint    n_cbuckets;
};

DsForceSim *
ds_force_sim_new (const DsGraph *graph,
                  double        *x,
                  double        *y,
                  double         edge_length)
{
  DsForceSim *sim = g_new0 (DsForceSim, 1);
  guint n = graph->n_nodes;

  g_return_val_if_fail (edge_length > 0, NULL);

  sim->graph = graph;
  sim->max_threads = 2;
  sim->x = x;
  sim->y = y;
  sim->vx = g_new0 (double, MAX (n, 1));
  sim->vy = g_new0 (double, MAX (n, 1));
  sim->pinned = g_new0 (guint8, MAX (n, 1));
  sim->default_radius = edge_length / 8;
  sim->edge_length = edge_length;
  /* d3's defaults (charge -30 for links of 30) scaled to our edge length;
   * the cut-off keeps repulsion local, so a big graph does not keep
   * inflating and a tick stays cheap. */
  sim->charge = -30 * (edge_length / 30) * (edge_length / 30);
  sim->distance_max2 = (6 * edge_length) * (6 * edge_length);
  sim->alpha = 0;
  sim->alpha_decay = 1 - pow (ALPHA_MIN, 1.0 / 300);
  sim->dragged = -1;
  sim->tree = g_array_new (FALSE, FALSE, sizeof (QuadNode));
  sim->order = g_new (guint32, MAX (n, 1));
  sim->scratch = g_new (guint32, MAX (n, 1));
  sim->px = g_new (float, MAX (n, 1));
  sim->py = g_new (float, MAX (n, 1));
  sim->rfx = g_new0 (float, MAX (n, 1));
  sim->rfy = g_new0 (float, MAX (n, 1));
  sim->n_cbuckets = 1;
  while (sim->n_cbuckets < 2 * n)
    sim->n_cbuckets <<= 1;
  sim->cstart = g_new (guint32, sim->n_cbuckets + 1);
  sim->cbucket = g_new (guint32, MAX (n, 1));
  sim->corder = g_new (guint32, MAX (n, 1));

  /* d3's link force: weak links on hubs so that a hub's many edges do not
   * crush it, and the lighter end of an edge moves more. */
  sim->bias = g_new (double, MAX (graph->n_edges, 1));
  sim->link_strength = g_new (double, MAX (graph->n_edges, 1));
  for (guint e = 0; e < graph->n_edges; e++)
    {
      double ds = ds_graph_degree (graph, graph->src[e]);
      double dt = ds_graph_degree (graph, graph->dst[e]);

      sim->bias[e] = ds / (ds + dt);
      sim->link_strength[e] = 1.0 / MIN (ds, dt);
    }
  return sim;
}

void
ds_force_sim_free (DsForceSim *sim)
{
  if (sim == NULL)
    return;
  g_free (sim->vx);
  g_free (sim->vy);
  g_free (sim->radius);
  g_free (sim->pinned);
  g_free (sim->bias);
  g_free (sim->link_strength);
  g_array_unref (sim->tree);
  g_free (sim->order);
  g_free (sim->scratch);
  g_free (sim->px);
  g_free (sim->py);
  g_free (sim->rfx);
  g_free (sim->rfy);
  g_free (sim->cstart);
  g_free (sim->cbucket);
  g_free (sim->corder);
  g_free (sim);
}

void
ds_force_sim_set_radii (DsForceSim   *sim,
                        const double *radius,
                        double        default_radius)
{
  g_clear_pointer (&sim->radius, g_free);
  if (radius != NULL)
    sim->radius = g_memdup2 (radius, sizeof (double) * MAX (sim->graph->n_nodes, 1));
  sim->default_radius = default_radius;
}

void
ds_force_sim_set_pinned (DsForceSim *sim,
                         guint       node,
                         gboolean    pinned)
{
  g_return_if_fail (node < sim->graph->n_nodes);
  sim->pinned[node] = pinned ? 1 : 0;
  sim->vx[node] = sim->vy[node] = 0;
}

gboolean
ds_force_sim_get_pinned (DsForceSim *sim,
                         guint       node)
{
  g_return_val_if_fail (node < sim->graph->n_nodes, FALSE);
  return sim->pinned[node];
}

void
ds_force_sim_reheat (DsForceSim *sim,
                     double      alpha)
{
  sim->alpha = MAX (sim->alpha, CLAMP (alpha, 0, 1));
}

double
ds_force_sim_get_alpha (DsForceSim *sim)
{
  return sim->alpha;
}

void
ds_force_sim_drag_begin (DsForceSim *sim,
                         guint       node)
{
  g_return_if_fail (node < sim->graph->n_nodes);
  sim->dragged = node;
  sim->drag_x = sim->x[node];
  sim->drag_y = sim->y[node];
  sim->alpha_target = ALPHA_DRAG;
  ds_force_sim_reheat (sim, ALPHA_DRAG);
}

void
ds_force_sim_drag_update (DsForceSim *sim,
                          double      x,
                          double      y)
{
  if (sim->dragged < 0)
    return;
  sim->drag_x = x;
  sim->drag_y = y;
  sim->x[sim->dragged] = x;
  sim->y[sim->dragged] = y;
  sim->vx[sim->dragged] = sim->vy[sim->dragged] = 0;
  ds_force_sim_reheat (sim, ALPHA_DRAG);
}

void
ds_force_sim_drag_end (DsForceSim *sim)
{
  sim->dragged = -1;
  sim->alpha_target = 0;
}

static inline gboolean
is_fixed (DsForceSim *sim,
          guint       v)
{
  return sim->pinned[v] || (gint64) v == sim->dragged;
}

/* Quadtree ------------------------------------------------------------ */

static gint32
tree_build (DsForceSim *sim,
            guint32     first,
            guint32     count,
            double      x0,
            double      y0,
            double      size,
            guint       depth)
{
  QuadNode node = { x0, y0, size, 0, 0, count, { -2, -1, -1, -1 }, first, count };
  gint32 self = sim->tree->len;
  guint32 *order = sim->order;
  double cx = 0, cy = 0;

  for (guint32 a = first; a < first + count; a++)
    {
      cx += sim->x[order[a]];
      cy += sim->y[order[a]];
    }
  node.cx = cx / count;
  node.cy = cy / count;
  g_array_append_val (sim->tree, node);

  if (count > LEAF_SIZE && depth < MAX_DEPTH)
    {
      g_array_index (sim->tree, QuadNode, self).child[0] = -1;
      double half = size / 2, mx = x0 + half, my = y0 + half;
      guint32 bounds[5] = { first, 0, 0, 0, 0 };
      guint32 counts[4] = { 0 };

      /* Counting sort of the range into the four quadrants. */
      for (guint32 a = first; a < first + count; a++)
        {
          guint32 v = order[a];
          guint q = (sim->x[v] >= mx) | ((sim->y[v] >= my) << 1);

          counts[q]++;
        }
      for (guint q = 0; q < 4; q++)
        bounds[q + 1] = bounds[q] + counts[q];
      {
        guint32 fill[4] = { bounds[0], bounds[1], bounds[2], bounds[3] };

        for (guint32 a = first; a < first + count; a++)
          {
            guint32 v = order[a];
            guint q = (sim->x[v] >= mx) | ((sim->y[v] >= my) << 1);

            sim->scratch[fill[q]++] = v;
          }
        memcpy (order + first, sim->scratch + first, sizeof (guint32) * count);
      }
      for (guint q = 0; q < 4; q++)
        if (counts[q] > 0)
          {
            gint32 c = tree_build (sim, bounds[q], counts[q],
                                   (q & 1) ? mx : x0, (q & 2) ? my : y0, half, depth + 1);

            g_array_index (sim->tree, QuadNode, self).child[q] = c;
          }
    }
  return self;
}

/* One walk of the tree per node in tree-order positions [a0, a1): writes
 * only those nodes' field and velocity, so ranges run side by side. */
typedef struct {
  DsForceSim *sim;
  guint       a0, a1;
  float       k;
} RepulsionRange;

static void
repulsion_range (const RepulsionRange *r)
{
  DsForceSim *sim = r->sim;
  gint32 stack[4 * MAX_DEPTH + 8];
  const QuadNode *tree = (const QuadNode *) sim->tree->data;
  const float *px = sim->px, *py = sim->py;
  float dmax2 = (float) sim->distance_max2;
  float lmin = (float) (sim->edge_length * sim->edge_length * 1e-4);
  float k = r->k;

  /* Nodes in tree order: consecutive walks visit the same cells, which
   * stay in cache. */
  for (guint a = r->a0; a < r->a1; a++)
    {
      guint32 v = sim->order[a];
      float xv = px[a], yv = py[a], fx = 0, fy = 0;
      guint top = 0;

      if (is_fixed (sim, v))
        continue;
      stack[top++] = 0;
      while (top > 0)
        {
          const QuadNode *q = &tree[stack[--top]];
          float dx = q->cx - xv, dy = q->cy - yv, l = dx * dx + dy * dy;
          float gx = MAX (MAX (q->x0 - xv, xv - q->x0 - q->size), 0);
          float gy = MAX (MAX (q->y0 - yv, yv - q->y0 - q->size), 0);

          /* Wholly beyond the cut-off: nothing in it pushes. */
          if (gx * gx + gy * gy >= dmax2)
            continue;
          /* Far enough to stand for all its nodes. */
          if (q->size * q->size < THETA2 * l)
            {
              if (l < dmax2)
                {
                  float m = q->mass / MAX (l, lmin);

                  fx += dx * m;
                  fy += dy * m;
                }
              continue;
            }
          if (q->child[0] != -2)
            {
              for (guint c = 0; c < 4; c++)
                if (q->child[c] >= 0)
                  stack[top++] = q->child[c];
              continue;
            }
          for (guint32 b = q->first; b < q->first + q->count; b++)
            {
              if (b == a)
                continue;
              dx = px[b] - xv;
              dy = py[b] - yv;
              l = dx * dx + dy * dy;
              if (l >= dmax2)
                continue;
              if (l < 1e-12f)
                {
                  /* Coincident: a direction fixed by the pair. */
                  double angle = ((v * 2654435761u) ^ sim->order[b]) % 6283 / 1000.0;

                  dx = (float) (cos (angle) * 1e-3 * sim->edge_length);
                  dy = (float) (sin (angle) * 1e-3 * sim->edge_length);
                  l = dx * dx + dy * dy;
                }
              l = MAX (l, lmin);
              fx += dx / l;
              fy += dy / l;
            }
        }
      sim->rfx[v] = fx * sim->charge;
      sim->rfy[v] = fy * sim->charge;
      sim->vx[v] += fx * k;
      sim->vy[v] += fy * k;
    }
}

static gpointer
repulsion_thread (gpointer data)
{
  repulsion_range (data);
  return NULL;
}

static void
apply_repulsion (DsForceSim *sim,
                 double      alpha)
{
  guint n = sim->graph->n_nodes;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  float k = (float) (sim->charge * alpha);
  RepulsionRange first = { sim, 0, n, k }, second = { sim, n, n, k };
  GThread *helper = NULL;

  for (guint v = 0; v < n; v++)
    {
      x0 = MIN (x0, sim->x[v]);
      x1 = MAX (x1, sim->x[v]);
      y0 = MIN (y0, sim->y[v]);
      y1 = MAX (y1, sim->y[v]);
      sim->order[v] = v;
    }
  g_array_set_size (sim->tree, 0);
  tree_build (sim, 0, n, x0, y0, MAX (MAX (x1 - x0, y1 - y0), 1e-6) * (1 + 1e-9), 0);
  for (guint a = 0; a < n; a++)
    {
      sim->px[a] = (float) sim->x[sim->order[a]];
      sim->py[a] = (float) sim->y[sim->order[a]];
    }

  /* The walks are most of a tick: big graphs split them over two threads
   * (each node's sum is the same whichever thread does it, so the result
   * does not depend on it). A thread that cannot start leaves it all here. */
  if (n >= PARALLEL_MIN_NODES && sim->max_threads > 1)
    {
      first.a1 = second.a0 = n / 2;
      helper = g_thread_try_new ("ds-force-sim", repulsion_thread, &second, NULL);
      if (helper == NULL)
        first.a1 = n;
    }
  repulsion_range (&first);
  if (helper != NULL)
    g_thread_join (helper);
}

/* The repulsion field changes slowly (nodes move a fraction of an edge per
 * tick), so every other tick reuses the last one: half the cost of the
 * dominant force, which keeps a tick at 10,000 nodes within a frame. */
static void
reuse_repulsion (DsForceSim *sim,
                 double      alpha)
{
  guint n = sim->graph->n_nodes;

  for (guint v = 0; v < n; v++)
    if (!is_fixed (sim, v))
      {
        sim->vx[v] += sim->rfx[v] * alpha;
        sim->vy[v] += sim->rfy[v] * alpha;
      }
}

static void
apply_links (DsForceSim *sim,
             double      alpha)
{
  const DsGraph *g = sim->graph;

  for (guint e = 0; e < g->n_edges; e++)
    {
      guint32 s = g->src[e], t = g->dst[e];
      double dx = sim->x[t] + sim->vx[t] - sim->x[s] - sim->vx[s];
      double dy = sim->y[t] + sim->vy[t] - sim->y[s] - sim->vy[s];
      double l = sqrt (dx * dx + dy * dy), b = sim->bias[e], k;

      if (l < 1e-9)
        continue;
      k = (l - sim->edge_length) / l * alpha * sim->link_strength[e];
      dx *= k;
      dy *= k;
      if (!is_fixed (sim, t))
        {
          sim->vx[t] -= dx * b;
          sim->vy[t] -= dy * b;
        }
      else
        b = 0;   /* a fixed end gives all of the correction to the other */
      if (!is_fixed (sim, s))
        {
          sim->vx[s] += dx * (1 - b);
          sim->vy[s] += dy * (1 - b);
        }
    }
}

/* Collision on predicted positions, the quadtree order reused as a sweep
 * would not be: a hashed grid of cells one largest diameter wide. */
static void
apply_collision (DsForceSim *sim)
{
  guint n = sim->graph->n_nodes, n_buckets = sim->n_cbuckets;
  double rmax = sim->default_radius, cell;
  guint32 *start = sim->cstart, *bucket_of = sim->cbucket, *order = sim->corder;

  if (sim->radius != NULL)
    for (guint v = 0; v < n; v++)
      rmax = MAX (rmax, sim->radius[v]);
  if (rmax <= 0 || n < 2)
    return;
  cell = 2 * rmax;
  memset (start, 0, sizeof (guint32) * (n_buckets + 1));

#define HASH(cx, cy) ((((guint32) (cx) * 73856093u) ^ ((guint32) (cy) * 19349663u)) & (n_buckets - 1))
  for (guint v = 0; v < n; v++)
    {
      gint64 cx = (gint64) floor ((sim->x[v] + sim->vx[v]) / cell);
      gint64 cy = (gint64) floor ((sim->y[v] + sim->vy[v]) / cell);

      bucket_of[v] = HASH (cx, cy);
      start[bucket_of[v] + 1]++;
    }
  for (guint b = 0; b < n_buckets; b++)
    start[b + 1] += start[b];
  /* Filled back to front, so start[b] ends up where bucket b begins. */
  for (guint b = 0; b < n_buckets; b++)
    start[b] = start[b + 1];
  for (guint v = n; v-- > 0;)
    order[--start[bucket_of[v]]] = v;
  for (guint v = 0; v < n; v++)
    {
      double xv = sim->x[v] + sim->vx[v], yv = sim->y[v] + sim->vy[v];
      double rv = sim->radius ? sim->radius[v] : sim->default_radius;
      gint64 cx = (gint64) floor (xv / cell), cy = (gint64) floor (yv / cell);

      for (int ox = -1; ox <= 1; ox++)
        for (int oy = -1; oy <= 1; oy++)
          {
            guint32 b = HASH (cx + ox, cy + oy);

            for (guint32 a = start[b]; a < start[b + 1]; a++)
              {
                guint32 w = order[a];
                double rw, need, dx, dy, l, k, fv, fw;

                if (w <= v)
                  continue;
                rw = sim->radius ? sim->radius[w] : sim->default_radius;
                need = rv + rw;
                dx = xv - sim->x[w] - sim->vx[w];
                dy = yv - sim->y[w] - sim->vy[w];
                l = dx * dx + dy * dy;
                if (l >= need * need)
                  continue;
                l = sqrt (l);
                if (l < 1e-9)
                  {
                    dx = 1e-3;
                    dy = 0;
                    l = 1e-3;
                  }
                k = (need - l) / l * 0.7;
                fv = is_fixed (sim, v) ? 0 : is_fixed (sim, w) ? 1 : rw * rw / (rv * rv + rw * rw);
                fw = is_fixed (sim, w) ? 0 : is_fixed (sim, v) ? 1 : 1 - fv;
                sim->vx[v] += dx * k * fv;
                sim->vy[v] += dy * k * fv;
                sim->vx[w] -= dx * k * fw;
                sim->vy[w] -= dy * k * fw;
              }
          }
    }
#undef HASH
}

void
ds_force_sim_set_max_threads (DsForceSim *sim,
                              guint       max_threads)
{
  g_return_if_fail (sim != NULL);
  sim->max_threads = CLAMP (max_threads, 1, 2);
}

gboolean
ds_force_sim_tick (DsForceSim *sim)
{
  guint n = sim->graph->n_nodes;

  if (sim->alpha < ALPHA_MIN && sim->alpha_target < ALPHA_MIN)
    return FALSE;
  sim->alpha += (sim->alpha_target - sim->alpha) * sim->alpha_decay;

  apply_links (sim, sim->alpha);
  if (sim->n_ticks++ % 2 == 0 || sim->graph->n_nodes < REUSE_MIN_NODES)
    apply_repulsion (sim, sim->alpha);
  else
    reuse_repulsion (sim, sim->alpha);
  apply_collision (sim);

  for (guint v = 0; v < n; v++)
    {
      if (is_fixed (sim, v))
        {
          sim->vx[v] = sim->vy[v] = 0;
          continue;
        }
      sim->vx[v] *= 1 - VELOCITY_DECAY;
      sim->vy[v] *= 1 - VELOCITY_DECAY;
      sim->x[v] += sim->vx[v];
      sim->y[v] += sim->vy[v];
    }
  if (sim->dragged >= 0)
    {
      sim->x[sim->dragged] = sim->drag_x;
      sim->y[sim->dragged] = sim->drag_y;
    }

  return sim->alpha >= ALPHA_MIN || sim->alpha_target >= ALPHA_MIN;
}
