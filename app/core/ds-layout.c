/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-layout.c: per-component stress layout (majorization, or multilevel SGD
 * against random anchors for big ones), overlap removal, packing, placing added nodes. */
#define G_LOG_DOMAIN "ds-layout"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ds-layout.h"
#include "ds-scene.h"

G_DEFINE_QUARK (ds-layout-error-quark, ds_layout_error)

/* Components up to this size get the full stress model (all pairs, stress
 * majorization); above it, SGD against random anchors. */
#define FULL_STRESS_MAX     300
#define N_PIVOTS            100
#define UNREACHED           G_MAXUINT32
/* Anchored SGD (see anchor_sgd): a pool of BFS rows from random nodes, 900
 * anchor passes in blocks of 30, step from 36 (every term up to six hops
 * may jump to its target) down to 0.01; local terms once per block at a
 * tenth of their stress weight (the measure hardly sees them, readers do). */
#define ANCHOR_POOL         300
#define ANCHOR_PASSES       900
#define ANCHOR_BLOCK        30
#define ANCHOR_ETA_MAX      36.0
#define ANCHOR_EPS          0.01
#define ANCHOR_LOCAL_W      0.1f
#define TWO_HOP_SAMPLES     3
/* Multilevel start (multilevel_sgd): the core without degree-1 nodes is
 * about a fifth of the component, so it affords a bigger pool and more
 * passes; the refinement on all nodes starts from a good drawing, so its
 * step starts small (terms up to two hops may jump to their target). Its
 * anchor rows come from BFS on the core, so a pool of 1,000 is cheap; the
 * pool size mattered more than the pass count (300 / 600 / 1,000 anchors:
 * stress 0.158 / 0.155 / 0.153 on the bench graph, docs/layout.md). */
#define CORE_POOL           1000
#define CORE_PASSES         2400
#define REFINE_POOL         1000
#define REFINE_PASSES       1800
#define REFINE_ETA_MAX      4.0
/* The anchor rows take pool x n bytes and a BFS each, the bulk of a big
 * layout's time: above this many bytes the pool shrinks, to no fewer than
 * MIN_POOL anchors (on the 1M-deal import, 400k nodes: 500 anchors gave
 * stress 0.151 against 0.153 with 1,000, in 60 % of the CPU time; on the
 * 38k graph 500 would cost 0.003 of stress, and it keeps its 1,000). */
#define ANCHOR_ROW_BUDGET   (200u * 1000 * 1000)
#define MIN_POOL            500

/* How a big component's time divides, for progress reports: measured on the
 * 1M-deal graph (400k nodes, docs/layout.md "Progress"). The anchored SGD's
 * start (pivot BFS, then pivot MDS), its anchor BFS rows and its passes; the
 * core's share of the multilevel layout; the layout's share of a component
 * (overlap removal has the rest). */
#define SHARE_START         0.20
#define SHARE_PIVOT_BFS     0.55    /* of the start */
#define SHARE_ROWS          0.25
#define SHARE_PASSES        0.55
#define SHARE_CORE          0.58
#define SHARE_LAYOUT        0.90

void
ds_layout_options_init (DsLayoutOptions *options)
{
  memset (options, 0, sizeof *options);
  options->seed = 1;
  options->edge_length = 80;
  options->default_radius = 10;
  options->gap = 6;
  options->component_gap = -1;
  options->remove_overlaps = TRUE;
  options->aspect = 1.5;
}

static inline double
node_radius (const DsLayoutOptions *opts,
             guint                  v)
{
  return opts->radius != NULL ? opts->radius[v] : opts->default_radius;
}

/* Where a phase's progress goes: fraction f of the phase is reported as
 * base + span * f of the whole layout. `last` is shared by all the parts of
 * one layout: where one part ends and the next begins can differ in the
 * last bit, and reports must never go back. */
typedef struct {
  DsLayoutProgressFunc func;
  gpointer             data;
  double               base, span;
  double              *last;
} Progress;

static void
progress_report (const Progress *progress,
                 double          fraction)
{
  double f;

  if (progress == NULL || progress->func == NULL)
    return;
  f = MAX (progress->base + progress->span * fraction, *progress->last);
  *progress->last = f;
  progress->func (f, progress->data);
}

/* The part [from, from + part) of `whole`. */
static Progress
progress_part (const Progress *whole,
               double          from,
               double          part)
{
  Progress p = { 0 };

  if (whole != NULL)
    p = (Progress) { whole->func, whole->data, whole->base + whole->span * from, whole->span * part, whole->last };
  return p;
}

/* A component as its own small graph, so that every array below is sized by
 * the component, not by the whole graph. */
typedef struct {
  guint     n;
  guint32  *nodes;     /* local -> global */
  guint32  *off;
  guint32  *adj;
} Sub;

static void
sub_clear (Sub *sub)
{
  g_free (sub->off);
  g_free (sub->adj);
}

static void
sub_init (Sub           *sub,
          const DsGraph *graph,
          guint32       *nodes,
          guint          n,
          guint32       *local)   /* global -> local scratch, n_nodes */
{
  guint m = 0;

  sub->n = n;
  sub->nodes = nodes;
  for (guint i = 0; i < n; i++)
    local[nodes[i]] = i;
  sub->off = g_new (guint32, n + 1);
  sub->off[0] = 0;
  for (guint i = 0; i < n; i++)
    {
      m += ds_graph_degree (graph, nodes[i]);
      sub->off[i + 1] = m;
    }
  sub->adj = g_new (guint32, MAX (m, 1));
  for (guint i = 0; i < n; i++)
    {
      guint32 v = nodes[i];

      for (guint32 k = graph->offsets[v]; k < graph->offsets[v + 1]; k++)
        sub->adj[sub->off[i] + (k - graph->offsets[v])] = local[graph->adj[k]];
    }
}

/* Hop distances from s (UNREACHED where none). Direction-optimizing
 * (Beamer, Asanović and Patterson 2012): while the frontier's edges are
 * a large share of those still unexplored, every unreached node looks for
 * a parent in the frontier instead (bottom-up) and stops at the first, so
 * the middle levels of a small-world graph cost a pass over the nodes
 * rather than every edge. Distances are unique, so the result is the plain
 * BFS's, bit for bit; only the queue's order within a level differs. */
#define BFS_ALPHA 14   /* bottom-up once frontier edges * ALPHA > unexplored edges */
#define BFS_BETA  24   /* top-down again once the frontier is below n / BETA */

static void
sub_bfs (const Sub *sub,
         guint32    s,
         guint32   *dist,
         guint32   *queue)
{
  guint n = sub->n, head = 0, tail = 0;
  guint32 level = 0;
  guint64 unexplored = sub->off[n], frontier_edges;
  gboolean bottom_up = FALSE;

  for (guint i = 0; i < n; i++)
    dist[i] = UNREACHED;
  dist[s] = 0;
  queue[tail++] = s;
  frontier_edges = sub->off[s + 1] - sub->off[s];
  while (head < tail)
    {
      guint lo = head, hi = tail;
      guint64 next_edges = 0;

      unexplored -= MIN (unexplored, frontier_edges);
      if (!bottom_up && frontier_edges * BFS_ALPHA > unexplored)
        bottom_up = TRUE;
      else if (bottom_up && (hi - lo) * BFS_BETA < n)
        bottom_up = FALSE;

      if (bottom_up)
        for (guint v = 0; v < n; v++)
          {
            if (dist[v] != UNREACHED)
              continue;
            for (guint32 k = sub->off[v]; k < sub->off[v + 1]; k++)
              if (dist[sub->adj[k]] == level)
                {
                  dist[v] = level + 1;
                  queue[tail++] = v;
                  next_edges += sub->off[v + 1] - sub->off[v];
                  break;
                }
          }
      else
        for (guint q = lo; q < hi; q++)
          {
            guint32 v = queue[q];

            for (guint32 k = sub->off[v]; k < sub->off[v + 1]; k++)
              if (dist[sub->adj[k]] == UNREACHED)
                {
                  guint32 u = sub->adj[k];

                  dist[u] = level + 1;
                  queue[tail++] = u;
                  next_edges += sub->off[u + 1] - sub->off[u];
                }
          }
      head = hi;
      frontier_edges = next_edges;
      level++;
    }
}

/* Max-min pivots: each next pivot is the node farthest from those chosen,
 * which spreads them over the component. dist is k rows of n. */
static guint
choose_pivots (const Sub      *sub,
               guint           k,
               GRand          *rand,
               guint32        *pivots,
               guint32        *dist,
               const Progress *progress)
{
  g_autofree guint32 *mind = g_new (guint32, sub->n);
  g_autofree guint32 *queue = g_new (guint32, sub->n);
  guint32 next = (guint32) g_rand_int_range (rand, 0, (gint32) sub->n);

  for (guint i = 0; i < sub->n; i++)
    mind[i] = UNREACHED;
  for (guint p = 0; p < k; p++)
    {
      guint32 *row = dist + (gsize) p * sub->n;
      guint32 best = 0;

      pivots[p] = next;
      sub_bfs (sub, next, row, queue);
      for (guint i = 0; i < sub->n; i++)
        {
          mind[i] = MIN (mind[i], row[i]);
          if (mind[i] > best)
            {
              best = mind[i];
              next = i;
            }
        }
      if (best == 0)
        return p + 1;   /* every node is a pivot already */
      progress_report (progress, (double) (p + 1) / k);
    }

  return k;
}

/* The stress terms each node is moved by, in CSR form. */
typedef struct {
  guint32 *off;
  guint32 *j;
  float   *d;     /* target distance in layout units */
  float   *w;
} Terms;

static void
terms_clear (Terms *t)
{
  g_free (t->off);
  g_free (t->j);
  g_free (t->d);
  g_free (t->w);
}

static void
terms_full (Terms         *t,
            const Sub     *sub,
            const guint32 *apsp,
            double         len)
{
  guint n = sub->n;
  gsize m = (gsize) n * (n - 1), at = 0;

  t->off = g_new (guint32, n + 1);
  t->j = g_new (guint32, MAX (m, 1));
  t->d = g_new (float, MAX (m, 1));
  t->w = g_new (float, MAX (m, 1));
  for (guint i = 0; i < n; i++)
    {
      t->off[i] = at;
      for (guint j = 0; j < n; j++)
        {
          double d = apsp[(gsize) i * n + j];

          if (j == i)
            continue;
          t->j[at] = j;
          t->d[at] = d * len;
          t->w[at] = 1.0 / (d * d);
          at++;
        }
    }
  t->off[n] = at;
}

static inline guint32
mix32 (guint32 a)
{
  a ^= a >> 16;
  a *= 0x7feb352dU;
  a ^= a >> 15;
  a *= 0x846ca68bU;
  a ^= a >> 16;
  return a;
}

/* The bucket of grid cell (cx, cy) in a table of mask + 1 buckets. */
static inline guint32
cell_hash (gint64  cx,
           gint64  cy,
           guint32 mask)
{
  return mix32 ((guint32) cx * 0x9e3779b1U ^ mix32 ((guint32) cy)) & mask;
}

/* Scales the start so that it agrees with the targets in the least-squares
 * sense; majorization from a badly scaled start wastes iterations. */
static void
scale_to_terms (const Terms *t,
                guint        n,
                double      *x,
                double      *y)
{
  double num = 0, den = 0, s;

  for (guint i = 0; i < n; i++)
    for (guint32 a = t->off[i]; a < t->off[i + 1]; a++)
      {
        guint32 j = t->j[a];
        double e = hypot (x[i] - x[j], y[i] - y[j]);

        num += t->w[a] * e * t->d[a];
        den += t->w[a] * e * e;
      }
  if (den <= 0)
    return;
  s = num / den;
  for (guint i = 0; i < n; i++)
    {
      x[i] *= s;
      y[i] *= s;
    }
}

/* Localized stress majorization, Gauss-Seidel order: each node moves to
 * the weighted mean of where its terms want it. */
static gboolean
majorize (const Terms   *t,
          guint          n,
          double        *x,
          double        *y,
          guint          max_iterations,
          double         len,
          GCancellable  *cancellable)
{
  for (guint it = 0; it < max_iterations; it++)
    {
      double moved = 0;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          double sw = 0, sx = 0, sy = 0, xi = x[i], yi = y[i], nx, ny;

          for (guint32 a = t->off[i]; a < t->off[i + 1]; a++)
            {
              guint32 j = t->j[a];
              double dx = xi - x[j], dy = yi - y[j];
              double e = sqrt (dx * dx + dy * dy);
              double w = t->w[a];
              double f = e > 1e-9 ? t->d[a] / e : 0;

              sx += w * (x[j] + f * dx);
              sy += w * (y[j] + f * dy);
              sw += w;
            }
          if (sw <= 0)
            continue;
          nx = sx / sw;
          ny = sy / sw;
          moved += fabs (nx - xi) + fabs (ny - yi);
          x[i] = nx;
          y[i] = ny;
        }
      if (moved / n < 1e-4 * len)
        break;
    }
  return TRUE;
}

/* Stochastic gradient descent on stress (Zheng, Pawar and Goodman 2018) --- */

/* One stress term as SGD sees it: i and j pulled towards distance d, each
 * answering with its own weight (a pivot term moves only the node, not the
 * pivot that stands for a whole region). */
typedef struct {
  guint32 i, j;
  float   d;
  float   wi, wj;
} Pair;

static inline guint64
xorshift64 (guint64 *s)
{
  guint64 x = *s;

  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *s = x;
  return x;
}

/* Work split in a fixed number of chunks ----------------------------- */

/* The expensive loops of a big layout (anchor BFS, SGD passes, the pivot
 * MDS product) run as PARALLEL_CHUNKS chunks whose results do not depend on
 * which thread ran them or on how many cores there are: same seed, same
 * positions on every machine. */
#define PARALLEL_CHUNKS 2

typedef void (*ChunkFunc) (guint    chunk,
                           gpointer data);

typedef struct {
  ChunkFunc func;
  gpointer  data;
  guint     chunk;
} ChunkCall;

static gpointer
chunk_thread (gpointer data)
{
  ChunkCall *call = data;

  call->func (call->chunk, call->data);
  return NULL;
}

static void
run_chunks (ChunkFunc func,
            gpointer  data,
            gboolean  threaded)
{
  ChunkCall calls[PARALLEL_CHUNKS];
  GThread *threads[PARALLEL_CHUNKS] = { NULL };

  threaded = threaded && g_get_num_processors () > 1;
  for (guint c = 1; c < PARALLEL_CHUNKS; c++)
    {
      calls[c] = (ChunkCall) { func, data, c };
      if (threaded)
        threads[c] = g_thread_try_new ("ds-layout", chunk_thread, &calls[c], NULL);
      if (threads[c] == NULL)
        func (c, data);
    }
  func (0, data);
  for (guint c = 1; c < PARALLEL_CHUNKS; c++)
    if (threads[c] != NULL)
      g_thread_join (threads[c]);
}

static inline void
chunk_range (guint  n,
             guint  chunk,
             guint *lo,
             guint *hi)
{
  *lo = (guint) ((guint64) n * chunk / PARALLEL_CHUNKS);
  *hi = (guint) ((guint64) n * (chunk + 1) / PARALLEL_CHUNKS);
}

/* Pivot MDS (Brandes and Pich 2006) ----------------------------------- */

/* Classical MDS on the n x k block of squared distances to the pivots: the
 * top two eigenvectors of C^T C come from power iteration on a k x k
 * matrix, so the work is the product C^T C, O(n k^2): two chunks of rows,
 * each summing its own k x k, then added in chunk order. */
typedef struct {
  guint          n, k;
  const guint32 *dist;       /* k rows of n hop distances */
  const double  *rowmean;    /* n: mean squared distance of each node to the pivots */
  const double  *colmean;    /* k: mean squared distance to each pivot */
  double         grand;
  double        *c;          /* n x k, row-major: the double-centred block */
  double        *b[PARALLEL_CHUNKS];   /* k x k upper triangles, one per chunk */
  const double  *vec[2];     /* the eigenvectors, for the projection */
  double        *x, *y;
} MdsJob;

/* Rows of C, and their share of C^T C. Four rows at a time, so that each
 * entry of the k x k sum is loaded and stored once per four rows. */
static void
mds_product_chunk (guint    chunk,
                   gpointer data)
{
  MdsJob *job = data;
  guint n = job->n, k = job->k, lo, hi, i;
  double *b = job->b[chunk];

  chunk_range (n, chunk, &lo, &hi);
  for (i = lo; i < hi; i++)
    for (guint p = 0; p < k; p++)
      {
        double d = job->dist[(gsize) p * n + i];

        job->c[(gsize) i * k + p] = -0.5 * (d * d - job->rowmean[i] - job->colmean[p] + job->grand);
      }
  memset (b, 0, sizeof (double) * k * k);
  for (i = lo; i + 4 <= hi; i += 4)
    {
      const double *r0 = job->c + (gsize) i * k, *r1 = r0 + k, *r2 = r1 + k, *r3 = r2 + k;

      for (guint p = 0; p < k; p++)
        {
          double a0 = r0[p], a1 = r1[p], a2 = r2[p], a3 = r3[p];
          double *bp = b + p * k;

          for (guint q = p; q < k; q++)
            bp[q] += a0 * r0[q] + a1 * r1[q] + a2 * r2[q] + a3 * r3[q];
        }
    }
  for (; i < hi; i++)
    {
      const double *r0 = job->c + (gsize) i * k;

      for (guint p = 0; p < k; p++)
        for (guint q = p; q < k; q++)
          b[p * k + q] += r0[p] * r0[q];
    }
}

static void
mds_project_chunk (guint    chunk,
                   gpointer data)
{
  MdsJob *job = data;
  guint lo, hi;

  chunk_range (job->n, chunk, &lo, &hi);
  for (guint i = lo; i < hi; i++)
    {
      const double *row = job->c + (gsize) i * job->k;
      double sx = 0, sy = 0;

      for (guint p = 0; p < job->k; p++)
        {
          sx += row[p] * job->vec[0][p];
          sy += row[p] * job->vec[1][p];
        }
      job->x[i] = sx;
      job->y[i] = sy;
    }
}

static void
pivot_mds (guint          n,
           guint          k,
           const guint32 *dist,
           GRand         *rand,
           double        *x,
           double        *y)
{
  g_autofree double *c = g_new (double, (gsize) n * k);
  g_autofree double *rowmean = g_new0 (double, n);
  g_autofree double *colmean = g_new0 (double, k);
  g_autofree double *b = g_new (double, (gsize) k * k * PARALLEL_CHUNKS);   /* zeroed by each chunk */
  double vec[2][N_PIVOTS];
  gboolean threaded = n >= 2000;
  MdsJob job = { n, k, dist, rowmean, colmean, 0, c, { NULL }, { vec[0], vec[1] }, x, y };

  for (guint p = 0; p < k; p++)
    {
      const guint32 *row = dist + (gsize) p * n;

      for (guint i = 0; i < n; i++)
        {
          double d = row[i];

          colmean[p] += d * d;
          rowmean[i] += d * d;
        }
      colmean[p] /= n;
      job.grand += colmean[p];
    }
  job.grand /= k;
  for (guint i = 0; i < n; i++)
    rowmean[i] /= k;
  for (guint ch = 0; ch < PARALLEL_CHUNKS; ch++)
    job.b[ch] = b + (gsize) ch * k * k;
  run_chunks (mds_product_chunk, &job, threaded);
  for (guint ch = 1; ch < PARALLEL_CHUNKS; ch++)
    for (guint e = 0; e < k * k; e++)
      b[e] += job.b[ch][e];
  for (guint p = 0; p < k; p++)
    for (guint q = 0; q < p; q++)
      b[p * k + q] = b[q * k + p];

  for (guint e = 0; e < 2; e++)
    {
      double *v = vec[e];

      for (guint p = 0; p < k; p++)
        v[p] = g_rand_double_range (rand, -1, 1);
      for (guint it = 0; it < 100; it++)
        {
          double w[N_PIVOTS], norm = 0;

          if (e == 1)
            {
              double dot = 0;

              for (guint p = 0; p < k; p++)
                dot += v[p] * vec[0][p];
              for (guint p = 0; p < k; p++)
                v[p] -= dot * vec[0][p];
            }
          for (guint p = 0; p < k; p++)
            {
              double s = 0;

              for (guint q = 0; q < k; q++)
                s += b[p * k + q] * v[q];
              w[p] = s;
            }
          for (guint p = 0; p < k; p++)
            norm += w[p] * w[p];
          norm = sqrt (norm);
          if (norm < 1e-300)
            break;
          for (guint p = 0; p < k; p++)
            v[p] = w[p] / norm;
        }
    }

  run_chunks (mds_project_chunk, &job, threaded);
}

/* Anchored SGD on the stress of a big component ---------------------- */

typedef struct {
  const Sub     *sub;
  const guint32 *anchors;
  guint8        *rows;
  guint          n_pool;
  const Sub     *core;      /* or NULL: rows by BFS on the core (multilevel_sgd) */
  const guint32 *hub;       /* core index of a node or of its hub << 1 | is a leaf */
  const Progress *progress; /* reported by chunk 0, on the layout's thread */
} BfsJob;

static void
bfs_chunk (guint    chunk,
           gpointer data)
{
  BfsJob *job = data;
  guint n = job->sub->n, lo, hi;
  g_autofree guint32 *dist = g_new (guint32, n);
  g_autofree guint32 *queue = g_new (guint32, n);

  chunk_range (job->n_pool, chunk, &lo, &hi);
  for (guint a = lo; a < hi; a++)
    {
      guint8 *row = job->rows + (gsize) a * n;

      /* The other chunks run as fast: chunk 0's share done stands for all. */
      if (chunk == 0 && (a - lo) % 16 == 0)
        progress_report (job->progress, (double) (a - lo) / (hi - lo));

      if (job->core != NULL)
        {
          /* A degree-1 node is one hop beyond its hub from everything
           * else, so a BFS on the core (a fifth of the nodes) gives the
           * whole row. */
          guint32 s = job->anchors[a], hs = job->hub[s];

          sub_bfs (job->core, hs >> 1, dist, queue);
          for (guint i = 0; i < n; i++)
            row[i] = (guint8) MIN (dist[job->hub[i] >> 1] + (job->hub[i] & 1) + (hs & 1), 255);
          row[s] = 0;
          continue;
        }
      sub_bfs (job->sub, job->anchors[a], dist, queue);
      for (guint i = 0; i < n; i++)
        row[i] = (guint8) MIN (dist[i], 255);
    }
}

/* A block of anchor passes: every node is moved by each anchor of the
 * block in turn, against the anchors' positions at the start of the block
 * (so nodes are independent and the block splits over threads with the
 * same result). */
typedef struct {
  const guint8 *rows;
  guint         n;
  guint         n_block;
  const guint32 *row_of;      /* pool index of each pass of the block */
  const float  *ax, *ay;      /* anchor positions at the block's start */
  const float  *mu;           /* n_block tables of 256: min(1, eta/d^2) */
  float         len;
  float        *fx, *fy;
} PassJob;

/* Nodes are taken in tiles small enough to stay in L1 while the block's
 * anchors go over them one after the other: a node's updates form a chain
 * of dependent sqrt and division, so walking one node through all anchors
 * waited on that chain; over a tile the nodes of one anchor are independent
 * and overlap. Each node still sees the anchors in the same order, so the
 * result is the same to the bit. */
#define PASS_TILE 1024
#define LOCAL_AHEAD 16

static void
pass_chunk (guint    chunk,
            gpointer data)
{
  PassJob *job = data;
  guint lo, hi;
  float *fx = job->fx, *fy = job->fy;

  chunk_range (job->n, chunk, &lo, &hi);
  for (guint t0 = lo; t0 < hi; t0 += PASS_TILE)
    {
      guint t1 = MIN (t0 + PASS_TILE, hi);

      for (guint b = 0; b < job->n_block; b++)
        {
          const guint8 *row = job->rows + (gsize) job->row_of[b] * job->n;
          const float *mu = job->mu + b * 256;
          float ax = job->ax[b], ay = job->ay[b], len = job->len;

          for (guint i = t0; i < t1; i++)
            {
              guint d = row[i];
              float dx = fx[i] - ax, dy = fy[i] - ay, mag, c;

              if (d == 0)
                continue;
              mag = sqrtf (dx * dx + dy * dy);
              if (mag < 1e-6f)
                continue;
              /* Only i moves: half the error as in Zheng et al., times mu. */
              c = mu[d] * (mag - d * len) / (2 * mag);
              fx[i] -= c * dx;
              fy[i] -= c * dy;
            }
        }
    }
}

/* Stress over all pairs of a big component is out of reach, but the
 * measure itself is stress to a few random sources, and the same trick
 * makes a good objective: distances from a pool of random anchors (BFS
 * rows, one byte per node), each node pulled towards its hop distance from
 * the anchors of a block, plus exact terms to neighbours and sampled terms
 * to nodes two hops away so that the neighbourhoods read well. Anchors are
 * drawn uniformly, unlike max-min pivots, so the sampled objective is an
 * unbiased estimate of full stress (pivot regions weighted as in Ortmann et
 * al. 2016 were biased on heavy-tailed graphs: 0.20 against 0.18 for full
 * stress on the same core). Each anchor pass moves every node once with
 * the anchor held still, so it streams through memory. */
static gboolean
anchor_sgd (const DsLayoutOptions *opts,
            const Sub             *sub,
            GRand                 *rand,
            gboolean               have_start,
            guint                  pool,
            guint                  passes,
            double                 eta_max,
            const Sub             *core,
            const guint32         *hub,
            double                *lx,
            double                *ly,
            const Progress        *progress,
            GCancellable          *cancellable)
{
  guint n = sub->n, n_pool = MIN (n, MAX (MIN (pool, ANCHOR_ROW_BUDGET / MAX (n, 1)), MIN (pool, MIN_POOL))), n_local = 0;
  double len = opts->edge_length;
  g_autofree guint8 *rows = g_new (guint8, (gsize) n_pool * n);
  g_autofree guint32 *anchors = g_new (guint32, n_pool);
  g_autofree guint32 *perm = g_new (guint32, n);
  g_autofree guint32 *pivot_rows = NULL;
  g_autofree Pair *local = NULL;
  g_autofree float *fx = g_new (float, n), *fy = g_new (float, n);
  guint32 pivots[N_PIVOTS];
  guint k;
  guint64 rs = ((guint64) opts->seed << 32) ^ mix32 (sub->nodes[0] + 7) ^ 0x9e3779b97f4a7c15ULL;
  double lambda;
  gboolean threaded = n >= 2000;
  double start_share = have_start ? 0 : SHARE_START, whole = start_share + SHARE_ROWS + SHARE_PASSES;
  Progress start_part = progress_part (progress, 0, start_share / whole);
  Progress pivot_part = progress_part (&start_part, 0, SHARE_PIVOT_BFS);
  Progress rows_part = progress_part (progress, start_share / whole, SHARE_ROWS / whole);
  Progress passes_part = progress_part (progress, (start_share + SHARE_ROWS) / whole, SHARE_PASSES / whole);

  /* Start: pivot MDS, which gets the big picture right cheaply. */
  if (!have_start)
    {
      k = MIN (n, N_PIVOTS);
      pivot_rows = g_new (guint32, (gsize) k * n);
      k = choose_pivots (sub, k, rand, pivots, pivot_rows, &pivot_part);
      pivot_mds (n, k, pivot_rows, rand, lx, ly);
      progress_report (&start_part, 1);
      g_clear_pointer (&pivot_rows, g_free);
    }

  /* The anchor pool: distinct random nodes (partial Fisher-Yates). */
  for (guint i = 0; i < n; i++)
    perm[i] = i;
  for (guint a = 0; a < n_pool; a++)
    {
      guint b = a + (guint) (xorshift64 (&rs) % (n - a));
      guint32 t = perm[a];

      perm[a] = perm[b];
      perm[b] = t;
      anchors[a] = perm[a];
    }
  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;
  {
    BfsJob job = { sub, anchors, rows, n_pool, core, hub, &rows_part };

    run_chunks (bfs_chunk, &job, threaded);
  }
  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;

  /* Local terms: every edge, and up to TWO_HOP_SAMPLES nodes two hops away
   * per node (siblings of a hub's leaves must not pile up). */
  local = g_new (Pair, sub->off[n] / 2 + (gsize) n * TWO_HOP_SAMPLES + 1);
  for (guint i = 0; i < n; i++)
    {
      guint deg = sub->off[i + 1] - sub->off[i];

      for (guint32 a = sub->off[i]; a < sub->off[i + 1]; a++)
        if (i < sub->adj[a])
          local[n_local++] = (Pair) { i, sub->adj[a], len, 1, 1 };
      for (guint s = 0; s < TWO_HOP_SAMPLES && deg > 0; s++)
        {
          guint32 u = sub->adj[sub->off[i] + xorshift64 (&rs) % deg];
          guint du = sub->off[u + 1] - sub->off[u];
          guint32 j = sub->adj[sub->off[u] + xorshift64 (&rs) % du];
          gboolean adjacent = j == i;

          for (guint32 a = sub->off[i]; a < sub->off[i + 1] && !adjacent && deg <= 64; a++)
            adjacent = sub->adj[a] == j;
          if (!adjacent)
            local[n_local++] = (Pair) { i, j, 2 * len, 0.25f, 0.25f };
        }
    }

  /* Scale the start to the anchors' distances, then jitter so that nodes
   * the start could not tell apart (a hub's leaves) can part. */
  {
    double num = 0, den = 0, s, jitter;

    for (guint a = 0; a < MIN (n_pool, 8u); a++)
      {
        const guint8 *row = rows + (gsize) a * n;
        guint32 p = anchors[a];

        for (guint i = 0; i < n; i++)
          if (row[i] > 0)
            {
              double e = hypot (lx[i] - lx[p], ly[i] - ly[p]), d = row[i] * len;

              num += e * d / (d * d);
              den += e * e / (d * d);
            }
      }
    /* A given start is already in edge lengths and its leaves are already
     * apart: keep its scale and barely jitter it. */
    s = den > 0 && !have_start ? num / den : 1;
    jitter = have_start ? 0.01 : 0.1;
    for (guint i = 0; i < n; i++)
      {
        fx[i] = lx[i] * s + g_rand_double_range (rand, -jitter, jitter) * len;
        fy[i] = ly[i] * s + g_rand_double_range (rand, -jitter, jitter) * len;
      }
  }

  /* Weights are 1/d^2 in hops; eta decays exponentially pass by pass from
   * where every term up to six hops may jump to its target down to eps
   * (Zheng et al.'s schedule, per pass rather than in 30 steps). */
  lambda = log (eta_max / ANCHOR_EPS) / MAX (passes - 1, 1);
  for (guint t0 = 0; t0 < passes; t0 += ANCHOR_BLOCK)
    {
      guint n_block = MIN (ANCHOR_BLOCK, passes - t0);
      guint32 row_of[ANCHOR_BLOCK];
      float ax[ANCHOR_BLOCK], ay[ANCHOR_BLOCK];
      g_autofree float *mu = g_new (float, ANCHOR_BLOCK * 256);
      double eta = eta_max;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      for (guint b = 0; b < n_block; b++)
        {
          guint a = (guint) (xorshift64 (&rs) % n_pool);

          eta = eta_max * exp (-lambda * (t0 + b));
          row_of[b] = a;
          ax[b] = fx[anchors[a]];
          ay[b] = fy[anchors[a]];
          mu[b * 256] = 0;
          for (guint d = 1; d < 256; d++)
            mu[b * 256 + d] = (float) MIN (eta / ((double) d * d), 1.0);
        }
      {
        PassJob job = { rows, n, n_block, row_of, ax, ay, mu, (float) len, fx, fy };

        run_chunks (pass_chunk, &job, threaded);
      }
      /* The local terms once per block, in random order, at the block's
       * last step. The terms (megabytes) are drawn at random, so a
       * second copy of the generator runs LOCAL_AHEAD draws ahead and
       * prefetches the term that will be drawn then: same terms, same
       * order, without waiting on a cache miss per term. */
      {
        guint64 ahead = rs;

        for (guint a2 = 0; a2 < LOCAL_AHEAD; a2++)
          xorshift64 (&ahead);
        for (guint a2 = 0; a2 < n_local; a2++)
          {
            /* Multiply-shift range reduction: a division per term was a
             * fair part of the loop. */
            guint32 b = (guint32) (((xorshift64 (&rs) >> 32) * n_local) >> 32);
            const Pair *q = &local[b];
            float dx, dy, mag, m, c;

            __builtin_prefetch (&local[(((xorshift64 (&ahead) >> 32) * n_local) >> 32)]);
            dx = fx[q->i] - fx[q->j];
            dy = fy[q->i] - fy[q->j];
            mag = sqrtf (dx * dx + dy * dy);
            if (mag < 1e-6f)
              continue;
            m = (float) MIN (eta * q->wi * ANCHOR_LOCAL_W, 1.0);
            c = m * (mag - q->d) / (2 * mag);
            fx[q->i] -= c * dx;
            fy[q->i] -= c * dy;
            fx[q->j] += c * dx;
            fy[q->j] += c * dy;
          }
      }
      progress_report (&passes_part, (double) (t0 + n_block) / passes);
    }
  for (guint i = 0; i < n; i++)
    {
      lx[i] = fx[i];
      ly[i] = fy[i];
    }
  return TRUE;
}

/* Multilevel start: degree-1 nodes (most of a funding graph) are collapsed
 * into their hub, the core is laid out with the anchored SGD (cheap, so it
 * gets more passes), each hub's leaves go on an arc one edge away on the
 * side away from the hub's core neighbours, and a short SGD on all nodes
 * refines. Falls back to plain anchored SGD when the core is tiny. */
static gboolean
multilevel_sgd (const DsLayoutOptions *opts,
                const Sub             *sub,
                GRand                 *rand,
                double                *lx,
                double                *ly,
                const Progress        *progress,
                GCancellable          *cancellable)
{
  guint n = sub->n, nc = 0;
  Progress core_part = progress_part (progress, 0, SHARE_CORE);
  Progress refine_part = progress_part (progress, SHARE_CORE, 1 - SHARE_CORE);
  double len = opts->edge_length;
  g_autofree guint32 *core_of = g_new (guint32, n);
  g_autofree guint32 *core_nodes = NULL;
  g_autofree double *cx = NULL, *cy = NULL;
  g_autofree guint32 *hub = NULL;
  Sub core = { 0 };
  guint m = 0;
  gboolean ok;

  for (guint i = 0; i < n; i++)
    {
      if (sub->off[i + 1] - sub->off[i] > 1)
        core_of[i] = nc++;
      else
        core_of[i] = UNREACHED;
    }
  /* Few leaves (a mesh): the two levels would just do the work twice. */
  if (nc <= FULL_STRESS_MAX || n - nc < n / 5)
    return anchor_sgd (opts, sub, rand, FALSE, ANCHOR_POOL, ANCHOR_PASSES,
                       ANCHOR_ETA_MAX, NULL, NULL, lx, ly, progress, cancellable);

  core_nodes = g_new (guint32, nc);
  core.n = nc;
  core.nodes = core_nodes;
  core.off = g_new (guint32, nc + 1);
  for (guint i = 0; i < n; i++)
    if (core_of[i] != UNREACHED)
      {
        core_nodes[core_of[i]] = sub->nodes[i];
        for (guint32 k = sub->off[i]; k < sub->off[i + 1]; k++)
          if (core_of[sub->adj[k]] != UNREACHED)
            m++;
      }
  core.adj = g_new (guint32, MAX (m, 1));
  m = 0;
  for (guint i = 0; i < n; i++)
    if (core_of[i] != UNREACHED)
      {
        core.off[core_of[i]] = m;
        for (guint32 k = sub->off[i]; k < sub->off[i + 1]; k++)
          if (core_of[sub->adj[k]] != UNREACHED)
            core.adj[m++] = core_of[sub->adj[k]];
      }
  core.off[nc] = m;

  cx = g_new (double, nc);
  cy = g_new (double, nc);
  if (!anchor_sgd (opts, &core, rand, FALSE, CORE_POOL, CORE_PASSES,
                   ANCHOR_ETA_MAX, NULL, NULL, cx, cy, &core_part, cancellable))
    {
      sub_clear (&core);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      guint L = 0, k = 0;
      double gx = 0, gy = 0, g = 0, hx, hy, dir, width, step;

      if (core_of[i] == UNREACHED)
        continue;
      hx = cx[core_of[i]];
      hy = cy[core_of[i]];
      lx[i] = hx;
      ly[i] = hy;
      for (guint32 a = sub->off[i]; a < sub->off[i + 1]; a++)
        {
          guint32 j = sub->adj[a];

          if (core_of[j] == UNREACHED)
            L++;
          else
            {
              gx += cx[core_of[j]];
              gy += cy[core_of[j]];
              g++;
            }
        }
      if (L == 0)
        continue;
      dir = g > 0 ? atan2 (hy - gy / g, hx - gx / g) : 0;
      /* Siblings want two edges apart, i.e. 60 degrees on the unit arc;
       * many leaves close the circle but leave the core side. */
      width = MIN ((L - 1) * G_PI / 3, 1.5 * G_PI);
      step = L > 1 ? width / (L - 1) : 0;
      for (guint32 a = sub->off[i]; a < sub->off[i + 1]; a++)
        {
          guint32 j = sub->adj[a];
          double t;

          if (core_of[j] != UNREACHED)
            continue;
          t = dir - width / 2 + step * k++;
          lx[j] = hx + len * cos (t);
          ly[j] = hy + len * sin (t);
        }
    }

  /* The refinement's anchor rows come from BFS on the core: each node's
   * core index (its own, or its hub's for a leaf) << 1 | is a leaf. */
  hub = g_new (guint32, n);
  for (guint i = 0; i < n; i++)
    hub[i] = core_of[i] != UNREACHED ? core_of[i] << 1 : core_of[sub->adj[sub->off[i]]] << 1 | 1;
  ok = anchor_sgd (opts, sub, rand, TRUE, REFINE_POOL, REFINE_PASSES,
                   REFINE_ETA_MAX, &core, hub, lx, ly, &refine_part, cancellable);
  sub_clear (&core);
  return ok;
}

/* Turns a component so that its long axis is horizontal: screens and
 * labels are wide. */
static void
align_principal_axis (guint   n,
                      double *x,
                      double *y)
{
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, angle, c, s;

  if (n < 3)
    return;
  for (guint i = 0; i < n; i++)
    {
      mx += x[i];
      my += y[i];
    }
  mx /= n;
  my /= n;
  for (guint i = 0; i < n; i++)
    {
      double dx = x[i] - mx, dy = y[i] - my;

      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
  angle = 0.5 * atan2 (2 * sxy, sxx - syy);
  c = cos (-angle);
  s = sin (-angle);
  for (guint i = 0; i < n; i++)
    {
      double dx = x[i] - mx, dy = y[i] - my;

      x[i] = c * dx - s * dy;
      y[i] = s * dx + c * dy;
    }
}

/* Stress layout of a small connected sub-graph into lx/ly: all pairs,
 * pivot MDS start, majorization. */
static gboolean
stress_layout (const DsLayoutOptions *opts,
               const Sub             *sub,
               GRand                 *rand,
               double                *lx,
               double                *ly,
               GCancellable          *cancellable)
{
  guint n = sub->n;
  double len = opts->edge_length;
  g_autofree guint32 *dist = g_new (guint32, (gsize) n * n);
  g_autofree guint32 *queue = g_new (guint32, n);
  g_autofree guint32 *pivot_rows = NULL;
  guint32 pivots[N_PIVOTS];
  guint k;
  Terms terms = { 0 };
  gboolean ok;

  for (guint i = 0; i < n; i++)
    sub_bfs (sub, i, dist + (gsize) i * n, queue);
  k = MIN (n, N_PIVOTS);
  pivot_rows = g_new (guint32, (gsize) k * n);
  k = choose_pivots (sub, k, rand, pivots, pivot_rows, NULL);
  pivot_mds (n, k, pivot_rows, rand, lx, ly);
  terms_full (&terms, sub, dist, len);

  scale_to_terms (&terms, n, lx, ly);
  /* Nodes that MDS cannot tell apart would stay together forever; a small
   * jitter lets their terms part them. */
  for (guint i = 0; i < n; i++)
    {
      lx[i] += g_rand_double_range (rand, -0.05, 0.05) * len;
      ly[i] += g_rand_double_range (rand, -0.05, 0.05) * len;
    }
  ok = majorize (&terms, n, lx, ly, 300, len, cancellable);
  terms_clear (&terms);
  return ok;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* How much a component must grow so that its discs have room: stress does
 * not change under uniform scaling, but removing overlaps by pushing nodes
 * in a layout that is ten times too dense both takes long and wrecks it.
 * Occupancy of coarse cells around each node estimates the local density;
 * the dense end (90th percentile) has to fit at about random-packing
 * density. Nodes with skip[i] set are not counted. */
static double
room_scale (const DsLayoutOptions *opts,
            const Sub             *sub,
            const guint8          *skip,
            const double          *lx,
            const double          *ly)
{
  guint n = sub->n, m = 0, n_buckets = 1;
  double need = 0, cell, scale = 1;
  g_autofree guint32 *bucket_of = NULL;
  g_autofree guint32 *count = NULL;
  g_autofree double *occ = NULL;

  if (!opts->remove_overlaps || n < 3)
    return 1;
  for (guint i = 0; i < n; i++)
    if (skip == NULL || !skip[i])
      {
        double r = 2 * node_radius (opts, sub->nodes[i]) + opts->gap;

        need += r * r;
        m++;
      }
  if (m < 3 || need <= 0)
    return 1;
  need /= m;   /* mean squared spacing one node needs */
  while (n_buckets < 2 * n)
    n_buckets <<= 1;
  bucket_of = g_new (guint32, n);
  count = g_new (guint32, n_buckets);
  occ = g_new (double, m);

  /* Two rounds: the cell is sized by the spacing, which the first round's
   * scale changes. */
  for (guint round = 0; round < 3; round++)
    {
      double s;
      guint at = 0;

      cell = 4 * sqrt (need) / scale;
      memset (count, 0, sizeof (guint32) * n_buckets);
      for (guint i = 0; i < n; i++)
        {
          gint64 cx, cy;

          if (skip != NULL && skip[i])
            continue;
          cx = (gint64) floor (lx[i] / cell);
          cy = (gint64) floor (ly[i] / cell);
          bucket_of[i] = cell_hash (cx, cy, n_buckets - 1);
          count[bucket_of[i]]++;
        }
      for (guint i = 0; i < n; i++)
        if (skip == NULL || !skip[i])
          occ[at++] = count[bucket_of[i]];
      qsort (occ, m, sizeof (double), compare_double);
      /* occupancy * need must fit in 0.5 of the cell area (at the current
       * scale, cell = 4 spacings / scale). */
      s = sqrt (occ[(guint) (0.9 * (m - 1))] * need / (0.5 * cell * cell * scale * scale));
      if (s <= 1.02)
        break;
      scale *= s;
    }

  return MAX (scale, 1);
}

/* Lays out one connected component into lx/ly (local indices). */
static gboolean
layout_component (const DsLayoutOptions *opts,
                  const Sub             *sub,
                  double                *lx,
                  double                *ly,
                  const Progress        *progress,
                  GCancellable          *cancellable)
{
  guint n = sub->n;
  double len = opts->edge_length, grow;
  g_autoptr(GRand) rand = NULL;
  gboolean ok;

  if (n == 1)
    {
      lx[0] = ly[0] = 0;
      return TRUE;
    }
  if (n == 2)
    {
      lx[0] = -len / 2;
      lx[1] = len / 2;
      ly[0] = ly[1] = 0;
      return TRUE;
    }

  /* Seeded by the component's first node, so that a component keeps its
   * shape when others come or go. */
  rand = g_rand_new_with_seed (opts->seed ^ mix32 (sub->nodes[0] + 1));
  if (n <= FULL_STRESS_MAX)
    ok = stress_layout (opts, sub, rand, lx, ly, cancellable);
  else
    ok = multilevel_sgd (opts, sub, rand, lx, ly, progress, cancellable);
  if (!ok)
    return FALSE;
  grow = room_scale (opts, sub, NULL, lx, ly);
  for (guint i = 0; i < n; i++)
    {
      lx[i] *= grow;
      ly[i] *= grow;
    }
  align_principal_axis (n, lx, ly);
  return TRUE;
}

/* Overlap removal ------------------------------------------------------ */

/* Nodes bucketed by the grid cell they are in (a hash of the cell, so the
 * plane needs no bounds), by counting sort: bucket b holds
 * order[start[b]] .. order[start[b + 1] - 1]. */
typedef struct {
  guint32  mask;
  guint32  max_mask;    /* the mask the arrays have room for */
  guint32 *start;
  guint32 *order;
  guint32 *bucket_of;   /* scratch: bucket of each member, in member order */
} CellIndex;

/* Room for up to `capacity` members. */
static void
cell_index_init (CellIndex *ix,
                 guint      capacity)
{
  guint n_buckets = 1;

  while (n_buckets < 2 * MAX (capacity, 1))
    n_buckets <<= 1;
  ix->mask = ix->max_mask = n_buckets - 1;
  ix->start = g_new (guint32, n_buckets + 1);
  ix->order = g_new (guint32, MAX (capacity, 1));
  ix->bucket_of = g_new (guint32, MAX (capacity, 1));
}

static void
cell_index_clear (CellIndex *ix)
{
  g_clear_pointer (&ix->start, g_free);
  g_clear_pointer (&ix->order, g_free);
  g_clear_pointer (&ix->bucket_of, g_free);
}

/* Indexes members[0 .. n_members) (or the nodes 0 .. n_members when members
 * is NULL) at their current positions, with about two buckets per member
 * so that a small index is cheap to rebuild. */
static void
cell_index_build (CellIndex     *ix,
                  const guint32 *members,
                  guint          n_members,
                  const double  *x,
                  const double  *y,
                  double         cell)
{
  guint32 fill_from = 0;

  ix->mask = 1;
  while (ix->mask < 2 * n_members && ix->mask < ix->max_mask)
    ix->mask = ix->mask << 1 | 1;
  memset (ix->start, 0, sizeof (guint32) * (ix->mask + 2));
  for (guint a = 0; a < n_members; a++)
    {
      guint32 i = members != NULL ? members[a] : a;

      ix->bucket_of[a] = cell_hash ((gint64) floor (x[i] / cell), (gint64) floor (y[i] / cell), ix->mask);
      ix->start[ix->bucket_of[a] + 1]++;
    }
  for (guint b = 0; b <= ix->mask; b++)
    {
      guint32 c = ix->start[b + 1];

      /* start[b + 1] holds bucket b's start and is its fill pointer
       * below; filled, it is bucket b + 1's start. */
      ix->start[b + 1] = fill_from;
      fill_from += c;
    }
  for (guint a = 0; a < n_members; a++)
    ix->order[ix->start[ix->bucket_of[a] + 1]++] = members != NULL ? members[a] : a;
}

typedef struct {
  double       *x, *y;
  const double *radius;
  double        default_radius, gap;
  const guint8 *fixed;
  const guint8 *active;
  guint8       *moved;
  guint32      *moved_list;
  guint         n_moved;
} Overlaps;

/* Pushes i and j apart if their discs (plus the gap) overlap; TRUE if they
 * did. */
static inline gboolean
separate_pair (Overlaps *o,
               guint32   i,
               guint32   j,
               double    ri)
{
  double rj, need, dx, dy, d, push, fi, fj;

  /* Each pair once: by the lower index when both are active, else by the
   * active one. */
  if (j == i || (o->active[j] && j < i))
    return FALSE;
  rj = o->radius ? o->radius[j] : o->default_radius;
  need = ri + rj + o->gap;
  dx = o->x[j] - o->x[i];
  dy = o->y[j] - o->y[i];
  if (fabs (dx) >= need || fabs (dy) >= need)
    return FALSE;
  d = sqrt (dx * dx + dy * dy);
  if (d >= need * (1 - 1e-9))
    return FALSE;
  fi = o->fixed && o->fixed[i] ? 0 : 1;
  fj = o->fixed && o->fixed[j] ? 0 : 1;
  if (fi + fj == 0)
    return FALSE;
  if (d < 1e-9 * need)
    {
      /* Coincident: part them along a direction that depends on the pair
       * only (golden angle). */
      guint32 lo = MIN (i, j), hi = MAX (i, j);
      double angle = (mix32 (lo * 31 + hi) % 1024) * 2.399963;

      dx = cos (angle);
      dy = sin (angle);
      if (i > j)
        {
          dx = -dx;
          dy = -dy;
        }
      d = 0;
    }
  else
    {
      dx /= d;
      dy /= d;
    }
  /* A little more than the overlap: pushing by exactly the overlap leaves
   * chains of ever tinier overlaps that take hundreds of passes to die
   * out. */
  push = (need * 1.01 - d) / (fi + fj);
  o->x[i] -= dx * push * fi;
  o->y[i] -= dy * push * fi;
  o->x[j] += dx * push * fj;
  o->y[j] += dy * push * fj;
  if (fi > 0 && !o->moved[i])
    {
      o->moved[i] = 1;
      o->moved_list[o->n_moved++] = i;
    }
  if (fj > 0 && !o->moved[j])
    {
      o->moved[j] = 1;
      o->moved_list[o->n_moved++] = j;
    }
  return TRUE;
}

static int
compare_guint32 (const void *a,
                 const void *b)
{
  guint32 u = *(const guint32 *) a, v = *(const guint32 *) b;

  return u < v ? -1 : u > v;
}

gboolean
ds_layout_remove_overlaps (guint         n,
                           double       *x,
                           double       *y,
                           const double *radius,
                           double        default_radius,
                           double        gap,
                           const guint8 *fixed,
                           guint         max_passes)
{
  g_autofree guint8 *active = NULL, *moved = NULL, *stale = NULL;
  g_autofree guint32 *active_list = NULL, *moved_list = NULL, *stale_list = NULL;
  CellIndex all = { 0 }, recent = { 0 };
  guint n_active = n, n_stale = 0;
  double rmax = default_radius, cell;
  gboolean done = FALSE;
  Overlaps o;

  if (n < 2)
    return TRUE;
  if (radius != NULL)
    {
      rmax = 0;
      for (guint i = 0; i < n; i++)
        rmax = MAX (rmax, radius[i]);
    }
  cell = MAX (2 * rmax + gap, 1e-6);
  active = g_new (guint8, n);
  moved = g_new0 (guint8, n);
  stale = g_new0 (guint8, n);
  active_list = g_new (guint32, n);
  moved_list = g_new (guint32, n);
  stale_list = g_new (guint32, n);
  cell_index_init (&all, n);
  /* Rebuilt only while the stale nodes are at most an eighth of all. */
  cell_index_init (&recent, n / 8 + 1);
  o = (Overlaps) { x, y, radius, default_radius, gap, fixed, active, moved, moved_list, 0 };

  /* Only nodes that moved in the previous pass can be in a new overlap,
   * so after the first pass only they are looked at. After the first few
   * passes a handful of nodes move in a big layout: instead of indexing
   * every node again, the index of all nodes is kept and the nodes that
   * moved since it was built (stale there) go in a small index of their
   * own, until they are an eighth of all. */
  for (guint i = 0; i < n; i++)
    {
      active[i] = 1;
      active_list[i] = i;
    }
  for (guint pass = 0; pass < max_passes && !done; pass++)
    {
      gboolean any = FALSE;

      if (pass == 0 || n_stale > n / 8)
        {
          for (guint a = 0; a < n_stale; a++)
            stale[stale_list[a]] = 0;
          n_stale = 0;
          cell_index_build (&all, NULL, n, x, y, cell);
        }
      else
        cell_index_build (&recent, stale_list, n_stale, x, y, cell);

      o.n_moved = 0;
      for (guint a = 0; a < n_active; a++)
        {
          guint32 i = active_list[a];
          gint64 cx = (gint64) floor (x[i] / cell), cy = (gint64) floor (y[i] / cell);
          double ri = radius ? radius[i] : default_radius;

          for (int ox = -1; ox <= 1; ox++)
            for (int oy = -1; oy <= 1; oy++)
              {
                guint32 b = cell_hash (cx + ox, cy + oy, all.mask);

                for (guint32 k = all.start[b]; k < all.start[b + 1]; k++)
                  if (!stale[all.order[k]])
                    any |= separate_pair (&o, i, all.order[k], ri);
                if (n_stale == 0)
                  continue;
                b = cell_hash (cx + ox, cy + oy, recent.mask);
                for (guint32 k = recent.start[b]; k < recent.start[b + 1]; k++)
                  any |= separate_pair (&o, i, recent.order[k], ri);
              }
        }
      /* A pair that overlaps after this pass has a node that moved in it
       * (else it overlapped before and was pushed apart): only the moved
       * nodes need looking at next time, in index order. */
      done = !any;
      for (guint a = 0; a < n_active; a++)
        active[active_list[a]] = 0;
      qsort (moved_list, o.n_moved, sizeof (guint32), compare_guint32);
      for (guint a = 0; a < o.n_moved; a++)
        {
          guint32 i = moved_list[a];

          moved[i] = 0;
          active[i] = 1;
          active_list[a] = i;
          if (!stale[i])
            {
              stale[i] = 1;
              stale_list[n_stale++] = i;
            }
        }
      n_active = o.n_moved;
    }

  cell_index_clear (&all);
  cell_index_clear (&recent);
  return done;
}

/* Packing ------------------------------------------------------------ */

typedef struct {
  guint   w, h;       /* bounding box in cells */
  gint32 *cells;      /* pairs (cx, cy) relative to the box corner */
  guint   n_cells;
  double  ox, oy;     /* layout coordinates of the box corner */
} Footprint;

/* Cells covered by the discs (plus half the component gap), filled to their
 * convex hull so that small components cannot fall into a big one's holes,
 * which would read as belonging to it. */
static void
footprint_init (Footprint             *fp,
                const DsLayoutOptions *opts,
                const guint32         *nodes,
                guint                  n,
                const double          *x,
                const double          *y,
                double                 cell,
                double                 margin)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  g_autofree guint8 *mark = NULL;
  g_autofree gint32 *row_lo = NULL, *row_hi = NULL;
  guint at = 0;

  for (guint i = 0; i < n; i++)
    {
      guint32 v = nodes[i];
      double r = node_radius (opts, v) + margin;

      x0 = MIN (x0, x[v] - r);
      y0 = MIN (y0, y[v] - r);
      x1 = MAX (x1, x[v] + r);
      y1 = MAX (y1, y[v] + r);
    }
  fp->ox = x0;
  fp->oy = y0;
  fp->w = (guint) ceil ((x1 - x0) / cell) + 1;
  fp->h = (guint) ceil ((y1 - y0) / cell) + 1;
  mark = g_new0 (guint8, (gsize) fp->w * fp->h);
  for (guint i = 0; i < n; i++)
    {
      guint32 v = nodes[i];
      double r = node_radius (opts, v) + margin;
      gint32 cx0 = (gint32) floor ((x[v] - r - x0) / cell), cx1 = (gint32) floor ((x[v] + r - x0) / cell);
      gint32 cy0 = (gint32) floor ((y[v] - r - y0) / cell), cy1 = (gint32) floor ((y[v] + r - y0) / cell);

      for (gint32 cy = MAX (cy0, 0); cy <= MIN (cy1, (gint32) fp->h - 1); cy++)
        for (gint32 cx = MAX (cx0, 0); cx <= MIN (cx1, (gint32) fp->w - 1); cx++)
          mark[(gsize) cy * fp->w + cx] = 1;
    }
  /* Convex hull of the covered cells (monotone chain; cells come in
   * (row, column) order, which serves as the sort), then filled row by
   * row: a big component's spikes would otherwise leave bays that small
   * components fill, lost among its edges. */
  {
    g_autofree gint32 *pts = g_new (gint32, 2 * (gsize) fp->w * fp->h);
    g_autofree gint32 *hull = NULL;
    guint np = 0, nh = 0;

    for (guint cy = 0; cy < fp->h; cy++)
      for (guint cx = 0; cx < fp->w; cx++)
        if (mark[(gsize) cy * fp->w + cx])
          {
            pts[2 * np] = cx;
            pts[2 * np + 1] = cy;
            np++;
          }
    hull = g_new (gint32, 2 * (2 * np + 2));
#define CROSS(o, a, b) ((gint64) (hull[2 * (a)] - hull[2 * (o)]) * (pts[2 * (b) + 1] - hull[2 * (o) + 1]) \
                        - (gint64) (hull[2 * (a) + 1] - hull[2 * (o) + 1]) * (pts[2 * (b)] - hull[2 * (o)]))
    for (guint pass = 0; pass < 2; pass++)
      {
        guint base = nh;

        for (guint k = 0; k < np; k++)
          {
            guint i = pass == 0 ? k : np - 1 - k;

            /* Lexicographic by (y, x): sorted already by the scan. */
            while (nh >= base + 2 && CROSS (nh - 2, nh - 1, i) <= 0)
              nh--;
            hull[2 * nh] = pts[2 * i];
            hull[2 * nh + 1] = pts[2 * i + 1];
            nh++;
          }
        nh--;   /* the last point starts the other chain */
      }
#undef CROSS
    row_lo = g_new (gint32, fp->h);
    row_hi = g_new (gint32, fp->h);
    for (guint cy = 0; cy < fp->h; cy++)
      {
        row_lo[cy] = G_MAXINT32;
        row_hi[cy] = -1;
      }
    for (guint e = 0; e < MAX (nh, 1); e++)
      {
        gint32 ax = hull[2 * e], ay = hull[2 * e + 1];
        gint32 bx = hull[2 * ((e + 1) % MAX (nh, 1))], by = hull[2 * ((e + 1) % MAX (nh, 1)) + 1];
        gint32 lo_y = MIN (ay, by), hi_y = MAX (ay, by);

        for (gint32 cy = lo_y; cy <= hi_y; cy++)
          {
            double t = hi_y == lo_y ? 0 : (double) (cy - ay) / (by - ay);
            gint32 xa = hi_y == lo_y ? MIN (ax, bx) : (gint32) floor (ax + t * (bx - ax));
            gint32 xb = hi_y == lo_y ? MAX (ax, bx) : (gint32) ceil (ax + t * (bx - ax));

            row_lo[cy] = MIN (row_lo[cy], MAX (xa, 0));
            row_hi[cy] = MAX (row_hi[cy], MIN (xb, (gint32) fp->w - 1));
          }
      }
  }
  fp->n_cells = 0;
  for (guint cy = 0; cy < fp->h; cy++)
    for (guint cx = 0; cx < fp->w; cx++)
      {
        gboolean in = mark[(gsize) cy * fp->w + cx]
                      || ((gint32) cx >= row_lo[cy] && (gint32) cx <= row_hi[cy]);

        mark[(gsize) cy * fp->w + cx] = in;
        fp->n_cells += in;
      }
  fp->cells = g_new (gint32, 2 * MAX (fp->n_cells, 1));
  for (guint cy = 0; cy < fp->h; cy++)
    for (guint cx = 0; cx < fp->w; cx++)
      if (mark[(gsize) cy * fp->w + cx])
        {
          fp->cells[at++] = cx;
          fp->cells[at++] = cy;
        }
}

typedef struct {
  gint32 dx, dy;
  double key;
} Offset;

static int
compare_offset (const void *a,
                const void *b)
{
  const Offset *p = a, *q = b;

  if (p->key != q->key)
    return p->key < q->key ? -1 : 1;
  if (p->dy != q->dy)
    return p->dy < q->dy ? -1 : 1;
  return p->dx < q->dx ? -1 : p->dx > q->dx;
}

/* Places the given groups of nodes (each already laid out around any
 * origin) as close to the centre as they fit, biggest first, around the
 * nodes in `fixed` which stay where they are. Groups are lists in `nodes`
 * delimited by `group_start`. */
static void
pack_groups (const DsLayoutOptions *opts,
             guint                  n_groups,
             const guint32         *group_start,
             const guint32         *nodes,
             const guint32         *fixed_nodes,
             guint                  n_fixed,
             double                *x,
             double                *y)
{
  double margin = opts->component_gap / 2;
  double rmax = opts->default_radius, cell;
  g_autofree Footprint *fps = g_new0 (Footprint, n_groups);
  g_autofree guint32 *order = g_new (guint32, n_groups);
  Footprint fixed_fp = { 0 };
  g_autofree guint8 *grid = NULL;
  g_autofree Offset *offsets = NULL;
  g_autoptr(GHashTable) resume = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *resume_keys = g_new (gint64, n_groups);
  g_autofree guint *resume_vals = g_new (guint, n_groups);
  guint64 total = 0;
  guint maxdim = 0, side, side_w, side_h, n_offsets = 0;
  double cx0, cy0;   /* layout coordinates of the grid's corner */
  gint32 centre_x, centre_y;

  if (n_groups == 0)
    return;
  for (guint g = 0; g < n_groups; g++)
    for (guint32 a = group_start[g]; a < group_start[g + 1]; a++)
      rmax = MAX (rmax, node_radius (opts, nodes[a]));
  /* Cells of a quarter edge: fine enough that isolated nodes and pairs
   * sit snugly around the big component instead of a coarse cell's width
   * away (one big disc must not coarsen the grid for all); but no more than
   * about 150 across the widest group, which bounds the work. */
  cell = MAX (opts->edge_length / 4, 1e-6);
  for (guint g = 0; g < n_groups; g++)
    {
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

      for (guint32 a = group_start[g]; a < group_start[g + 1]; a++)
        {
          x0 = MIN (x0, x[nodes[a]]);
          x1 = MAX (x1, x[nodes[a]]);
          y0 = MIN (y0, y[nodes[a]]);
          y1 = MAX (y1, y[nodes[a]]);
        }
      cell = MAX (cell, MAX (x1 - x0, y1 - y0) / 150);
    }

  for (guint g = 0; g < n_groups; g++)
    {
      footprint_init (&fps[g], opts, nodes + group_start[g], group_start[g + 1] - group_start[g],
                      x, y, cell, margin);
      total += fps[g].n_cells;
      maxdim = MAX (maxdim, MAX (fps[g].w, fps[g].h));
      order[g] = g;
    }
  if (n_fixed > 0)
    {
      footprint_init (&fixed_fp, opts, fixed_nodes, n_fixed, x, y, cell, margin);
      total += fixed_fp.n_cells;
      maxdim = MAX (maxdim, MAX (fixed_fp.w, fixed_fp.h));
    }

  /* Biggest first (stable by group index for determinism). */
  for (guint a = 1; a < n_groups; a++)
    {
      guint32 g = order[a];
      guint b = a;

      while (b > 0 && fps[order[b - 1]].n_cells < fps[g].n_cells)
        {
          order[b] = order[b - 1];
          b--;
        }
      order[b] = g;
    }

  side = (guint) ceil (sqrt ((double) total * 3)) + maxdim + 8;
  side_w = (guint) (side * sqrt (opts->aspect)) + 2 * maxdim;
  side_h = (guint) (side / sqrt (opts->aspect)) + 2 * maxdim;
  grid = g_new0 (guint8, (gsize) side_w * side_h);
  centre_x = side_w / 2;
  centre_y = side_h / 2;

  /* Candidate positions for a group's box centre, nearest the centre
   * first, distances stretched vertically to get a wide drawing. */
  offsets = g_new (Offset, (gsize) side_w * side_h);
  for (guint cy = 0; cy < side_h; cy++)
    for (guint cx = 0; cx < side_w; cx++)
      {
        double dx = (double) cx - centre_x, dy = ((double) cy - centre_y) * opts->aspect;

        offsets[n_offsets].dx = (gint32) cx - centre_x;
        offsets[n_offsets].dy = (gint32) cy - centre_y;
        offsets[n_offsets].key = dx * dx + dy * dy;
        n_offsets++;
      }
  qsort (offsets, n_offsets, sizeof (Offset), compare_offset);

  if (n_fixed > 0)
    {
      /* The existing drawing sits in the middle of the grid. */
      gint32 bx = centre_x - (gint32) fixed_fp.w / 2, by = centre_y - (gint32) fixed_fp.h / 2;

      for (guint c = 0; c < fixed_fp.n_cells; c++)
        grid[(gsize) (by + fixed_fp.cells[2 * c + 1]) * side_w + bx + fixed_fp.cells[2 * c]] = 1;
      cx0 = fixed_fp.ox - bx * cell;
      cy0 = fixed_fp.oy - by * cell;
    }
  else
    {
      cx0 = 0;
      cy0 = 0;
    }

  for (guint a = 0; a < n_groups; a++)
    {
      guint32 g = order[a];
      Footprint *fp = &fps[g];
      gint64 shape = ((gint64) fp->w << 40) ^ ((gint64) fp->h << 20) ^ fp->n_cells;
      gpointer resumed = g_hash_table_lookup (resume, &shape);
      guint first = resumed ? GPOINTER_TO_UINT (resumed) : 0;
      guint o;
      gint32 bx = 0, by = 0;

      /* Candidates are tried in the same order for every group, and the
       * grid only fills up, so a group shaped like an earlier one cannot
       * fit anywhere that one did not: resume where it stopped. */
      for (o = first; o < n_offsets; o++)
        {
          gboolean fits = TRUE;

          bx = centre_x + offsets[o].dx - (gint32) fp->w / 2;
          by = centre_y + offsets[o].dy - (gint32) fp->h / 2;
          if (bx < 0 || by < 0 || bx + fp->w > side_w || by + fp->h > side_h)
            continue;
          for (guint c = 0; c < fp->n_cells && fits; c++)
            fits = !grid[(gsize) (by + fp->cells[2 * c + 1]) * side_w + bx + fp->cells[2 * c]];
          if (fits)
            break;
        }
      if (o == n_offsets)
        {
          /* Cannot happen with the grid sized above; keep the group where
           * it is rather than fail. */
          g_warning ("packing grid of %u x %u cells is full", side_w, side_h);
          continue;
        }
      resume_keys[a] = shape;
      resume_vals[a] = o;
      g_hash_table_replace (resume, &resume_keys[a], GUINT_TO_POINTER (o));

      for (guint c = 0; c < fp->n_cells; c++)
        grid[(gsize) (by + fp->cells[2 * c + 1]) * side_w + bx + fp->cells[2 * c]] = 1;
      for (guint32 i = group_start[g]; i < group_start[g + 1]; i++)
        {
          guint32 v = nodes[i];

          x[v] += cx0 + bx * cell - fp->ox;
          y[v] += cy0 + by * cell - fp->oy;
        }
    }

  for (guint g = 0; g < n_groups; g++)
    g_free (fps[g].cells);
  g_free (fixed_fp.cells);
}

/* Whole layout ------------------------------------------------------- */

static gboolean
check_options (const DsLayoutOptions *opts,
               GError               **error)
{
  if (!(opts->edge_length > 0) || !(opts->default_radius >= 0) || !(opts->gap >= 0)
      || !(opts->aspect > 0))
    {
      g_set_error (error, DS_LAYOUT_ERROR, DS_LAYOUT_ERROR_INVALID,
                   "Layout options out of range (edge length %g, radius %g, gap %g, aspect %g): "
                   "edge length and aspect must be positive, radius and gap not negative",
                   opts->edge_length, opts->default_radius, opts->gap, opts->aspect);
      return FALSE;
    }
  return TRUE;
}

static void
resolve_options (const DsLayoutOptions *in,
                 DsLayoutOptions       *out)
{
  if (in != NULL)
    *out = *in;
  else
    ds_layout_options_init (out);
  if (out->component_gap < 0)
    out->component_gap = out->edge_length;
}

/* Lays out the listed components on their own (each centred on 0, 0) and
 * packs them around the fixed nodes. */
static gboolean
layout_groups (const DsGraph         *graph,
               const DsLayoutOptions *opts,
               guint                  n_groups,
               const guint32         *group_start,
               guint32               *nodes,
               const guint32         *fixed_nodes,
               guint                  n_fixed,
               double                *x,
               double                *y,
               GCancellable          *cancellable,
               DsLayoutProgressFunc   progress,
               gpointer               user_data)
{
  g_autofree guint32 *local = g_new (guint32, MAX (graph->n_nodes, 1));
  g_autofree double *lx = NULL, *ly = NULL, *lr = NULL;
  guint total = group_start[n_groups], done = 0, largest = 0;
  double last = 0;
  /* Packing has the last 5 %. */
  Progress whole = { progress, user_data, 0, 0.95, &last };

  for (guint g = 0; g < n_groups; g++)
    largest = MAX (largest, group_start[g + 1] - group_start[g]);
  lx = g_new (double, MAX (largest, 1));
  ly = g_new (double, MAX (largest, 1));
  lr = g_new (double, MAX (largest, 1));

  for (guint g = 0; g < n_groups; g++)
    {
      guint n = group_start[g + 1] - group_start[g];
      Sub sub;
      gboolean ok;
      /* A big component reports its own passes: one holds most nodes of
       * a funding graph, and takes tens of seconds at a million deals. */
      Progress part = progress_part (&whole, (double) done / MAX (total, 1), (double) n / MAX (total, 1));
      Progress layout_part = progress_part (&part, 0, opts->remove_overlaps ? SHARE_LAYOUT : 1);

      sub_init (&sub, graph, nodes + group_start[g], n, local);
      ok = layout_component (opts, &sub, lx, ly, n > 1000 ? &layout_part : NULL, cancellable);
      sub_clear (&sub);
      if (!ok)
        return FALSE;
      if (opts->remove_overlaps)
        {
          for (guint i = 0; i < n; i++)
            lr[i] = node_radius (opts, nodes[group_start[g] + i]);
          ds_layout_remove_overlaps (n, lx, ly, lr, 0, opts->gap, NULL, 2000);
        }
      for (guint i = 0; i < n; i++)
        {
          x[nodes[group_start[g] + i]] = lx[i];
          y[nodes[group_start[g] + i]] = ly[i];
        }
      done += n;
      if (n > 1000 || g + 1 == n_groups)
        progress_report (&whole, (double) done / MAX (total, 1));
    }

  pack_groups (opts, n_groups, group_start, nodes, fixed_nodes, n_fixed, x, y);
  return TRUE;
}

gboolean
ds_layout_compute (const DsGraph         *graph,
                   const DsLayoutOptions *options,
                   double                *x,
                   double                *y,
                   GCancellable          *cancellable,
                   DsLayoutProgressFunc   progress,
                   gpointer               user_data,
                   GError               **error)
{
  DsLayoutOptions opts;
  guint n = graph->n_nodes, n_comp;
  g_autofree guint32 *comp = NULL;
  g_autofree guint32 *start = NULL;
  g_autofree guint32 *nodes = NULL;
  g_autofree guint32 *fill = NULL;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  resolve_options (options, &opts);
  if (!check_options (&opts, error))
    return FALSE;
  if (n == 0)
    return TRUE;

  comp = g_new (guint32, n);
  n_comp = ds_graph_components (graph, comp);
  start = g_new0 (guint32, n_comp + 1);
  for (guint v = 0; v < n; v++)
    start[comp[v] + 1]++;
  for (guint c = 0; c < n_comp; c++)
    start[c + 1] += start[c];
  fill = g_memdup2 (start, sizeof (guint32) * n_comp);
  nodes = g_new (guint32, n);
  for (guint v = 0; v < n; v++)
    nodes[fill[comp[v]]++] = v;

  if (!layout_groups (graph, &opts, n_comp, start, nodes, NULL, 0, x, y,
                      cancellable, progress, user_data))
    return !g_cancellable_set_error_if_cancelled (cancellable, error);

  for (guint v = 0; v < n; v++)
    {
      x0 = MIN (x0, x[v]);
      x1 = MAX (x1, x[v]);
      y0 = MIN (y0, y[v]);
      y1 = MAX (y1, y[v]);
    }
  for (guint v = 0; v < n; v++)
    {
      x[v] -= (x0 + x1) / 2;
      y[v] -= (y0 + y1) / 2;
    }
  if (progress != NULL)
    progress (1.0, user_data);
  return TRUE;
}

/* Incremental placement ------------------------------------------------ */

void
ds_layout_place_new_nodes (const DsGraph         *graph,
                           const DsLayoutOptions *options,
                           double                *x,
                           double                *y,
                           guint8                *known)
{
  DsLayoutOptions opts;
  guint n = graph->n_nodes, n_comp, head = 0, tail = 0, n_known = 0;
  g_autofree guint32 *comp = NULL;
  g_autofree guint8 *comp_known = NULL;
  g_autofree guint32 *queue = NULL;
  g_autofree guint8 *placed = NULL;
  g_autofree guint8 *fixed = NULL;
  g_autofree double *radius = NULL;
  double len;

  resolve_options (options, &opts);
  if (!check_options (&opts, NULL) || n == 0)
    return;
  len = opts.edge_length;

  placed = g_memdup2 (known, n);
  queue = g_new (guint32, n);

  /* Breadth-first out of the drawing: each new node goes next to its
   * placed neighbours, away from where they already have company. */
  for (guint v = 0; v < n; v++)
    if (placed[v])
      {
        queue[tail++] = v;
        n_known++;
      }
  if (n_known == n)
    return;
  while (head < tail)
    {
      guint32 v = queue[head++];
      double ax = 0, ay = 0, d, theta0, span, step;
      guint na = 0, n_fan = 0, i_fan = 0;

      /* Where v's placed neighbours are: its new single-anchored
       * neighbours fan out on the other side, like the leaves of the
       * initial layout. */
      for (guint32 b = graph->offsets[v]; b < graph->offsets[v + 1]; b++)
        {
          guint32 u = graph->adj[b];

          if (placed[u])
            {
              ax += x[u] - x[v];
              ay += y[u] - y[v];
              na++;
            }
        }
      for (guint32 k = graph->offsets[v]; k < graph->offsets[v + 1]; k++)
        {
          guint32 w = graph->adj[k];
          guint np = 0;

          if (placed[w])
            continue;
          for (guint32 a = graph->offsets[w]; a < graph->offsets[w + 1]; a++)
            np += placed[graph->adj[a]] != 0;
          n_fan += np == 1;
        }
      d = hypot (ax, ay);
      theta0 = d > 1e-9 * len ? atan2 (-ay, -ax)
                              : (mix32 (opts.seed ^ mix32 (v + 0x51ed27)) % 10000) / 10000.0 * 2 * G_PI;
      step = 2 * opts.default_radius + opts.gap;
      if (opts.radius != NULL)
        step = 2 * opts.radius[v] + opts.gap;
      span = na == 0 ? 2 * G_PI * (n_fan - 1) / MAX (n_fan, 1) : MIN (1.2 * G_PI, n_fan * step / len);

      for (guint32 k = graph->offsets[v]; k < graph->offsets[v + 1]; k++)
        {
          guint32 w = graph->adj[k];
          double sx = 0, sy = 0;
          guint np = 0;

          if (placed[w])
            continue;
          for (guint32 a = graph->offsets[w]; a < graph->offsets[w + 1]; a++)
            {
              guint32 u = graph->adj[a];

              if (placed[u])
                {
                  sx += x[u];
                  sy += y[u];
                  np++;
                }
            }
          if (np == 1)
            {
              double angle = n_fan == 1 ? theta0 : theta0 - span / 2 + span * i_fan / (n_fan - 1);

              x[w] = x[v] + len * cos (angle);
              y[w] = y[v] + len * sin (angle);
              i_fan++;
            }
          else
            {
              /* Between its anchors, nudged off their centre so that two
               * such nodes do not coincide. */
              double angle = (mix32 (opts.seed ^ mix32 (w + 0x51ed27)) % 10000) / 10000.0 * 2 * G_PI;

              x[w] = sx / np + 0.25 * len * cos (angle);
              y[w] = sy / np + 0.25 * len * sin (angle);
            }
          placed[w] = 1;
          queue[tail++] = w;
        }
    }

  /* Components with no known node at all: laid out on their own and packed
   * beside the drawing. */
  comp = g_new (guint32, n);
  n_comp = ds_graph_components (graph, comp);
  comp_known = g_new0 (guint8, n_comp);
  for (guint v = 0; v < n; v++)
    if (known[v])
      comp_known[comp[v]] = 1;
  {
    g_autofree guint32 *start = g_new0 (guint32, n_comp + 1);
    g_autofree guint32 *nodes = g_new (guint32, n);
    g_autofree guint32 *fixed_nodes = g_new (guint32, n);
    g_autofree guint32 *group_of = g_new (guint32, n_comp);
    guint n_groups = 0, n_fixed = 0;

    for (guint c = 0; c < n_comp; c++)
      group_of[c] = comp_known[c] ? G_MAXUINT32 : n_groups++;
    for (guint v = 0; v < n; v++)
      {
        if (group_of[comp[v]] != G_MAXUINT32)
          start[group_of[comp[v]] + 1]++;
        else
          fixed_nodes[n_fixed++] = v;
      }
    for (guint g = 0; g < n_groups; g++)
      start[g + 1] += start[g];
    {
      g_autofree guint32 *fill = g_memdup2 (start, sizeof (guint32) * MAX (n_groups, 1));

      for (guint v = 0; v < n; v++)
        if (group_of[comp[v]] != G_MAXUINT32)
          nodes[fill[group_of[comp[v]]]++] = v;
    }
    if (n_groups > 0)
      layout_groups (graph, &opts, n_groups, start, nodes, fixed_nodes, n_fixed, x, y,
                     NULL, NULL, NULL);
    for (guint g = 0; g < n_groups; g++)
      for (guint32 a = start[g]; a < start[g + 1]; a++)
        placed[nodes[a]] = 2;   /* laid out, not to be nudged below */
  }

  /* New nodes next to the drawing may land on existing ones: only the new
   * ones move. */
  if (opts.remove_overlaps)
    {
      fixed = g_new (guint8, n);
      for (guint v = 0; v < n; v++)
        fixed[v] = known[v] || placed[v] == 2;
      if (opts.radius == NULL)
        {
          radius = g_new (double, n);
          for (guint v = 0; v < n; v++)
            radius[v] = opts.default_radius;
        }
      ds_layout_remove_overlaps (n, x, y, opts.radius ? opts.radius : radius, 0, opts.gap,
                                 fixed, 200);
    }
  for (guint v = 0; v < n; v++)
    known[v] = 1;
}

gboolean
ds_layout_landscape (DsLandscape *landscape,
                     double       node_scale,
                     double      *x,
                     double      *y,
                     guint8      *known,
                     GError     **error)
{
  g_autoptr(DsScene) sizing = NULL;
  g_autoptr(DsGraph) graph = NULL;
  DsSceneOptions so;
  DsLayoutOptions lo;

  g_return_val_if_fail (landscape != NULL && x != NULL && y != NULL, FALSE);
  ds_scene_options_init (&so);
  so.node_scale = node_scale;
  sizing = ds_scene_build (landscape, DS_DATE_NONE, NULL, NULL, &so);
  graph = ds_graph_new_from_landscape (landscape);
  ds_layout_options_init (&lo);
  lo.radius = sizing->node_radius;
  lo.edge_length = 110;
  lo.gap = 30;
  if (known != NULL)
    {
      ds_layout_place_new_nodes (graph, &lo, x, y, known);
      return TRUE;
    }
  return ds_layout_compute (graph, &lo, x, y, NULL, NULL, NULL, error);
}
