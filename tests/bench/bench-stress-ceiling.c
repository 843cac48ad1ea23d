/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-stress-ceiling.c: an offline experiment, not a benchmark of our code:
 * how low can normalized stress go on the largest component of the generated
 * funding graph? Full all-pairs stress SGD (Zheng, Pawar and Goodman 2018)
 * from our shipped layout, from pivot MDS and from a random start, with the
 * measure of issue 4 after every epoch. Takes minutes. */
#define G_LOG_DOMAIN "bench-stress-ceiling"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ds-bench-graph.h"
#include "ds-graph.h"
#include "ds-layout.h"
#include "ds-stress.h"

static int      opt_seed = 1;
static int      opt_layout_seed = 1;
static int      opt_sgd_seed = 7;
static int      opt_epochs = 30;
static int      opt_tail = 0;
static double   opt_eps = 0.1;
static double   opt_eta_max = 0;
static char    *opt_start = NULL;
static char    *opt_out = NULL;
static gboolean opt_full_every = FALSE;

static GOptionEntry entries[] = {
  { "seed", 0, 0, G_OPTION_ARG_INT, &opt_seed, "Seed of the generated graph (as bench-layout --seed)", "N" },
  { "layout-seed", 0, 0, G_OPTION_ARG_INT, &opt_layout_seed, "Seed of the shipped layout used as a start", "N" },
  { "sgd-seed", 0, 0, G_OPTION_ARG_INT, &opt_sgd_seed, "Seed of the SGD's orders and of the pivot MDS / random start", "N" },
  { "epochs", 0, 0, G_OPTION_ARG_INT, &opt_epochs, "Epochs of Zheng's exponential schedule (default 30)", "N" },
  { "tail", 0, 0, G_OPTION_ARG_INT, &opt_tail, "Extra epochs at eta_min afterwards, with eta = eta_min / (1 + k)", "N" },
  { "eps", 0, 0, G_OPTION_ARG_DOUBLE, &opt_eps, "eta_min = eps / w_max (Zheng: 0.1)", "E" },
  { "eta-max", 0, 0, G_OPTION_ARG_DOUBLE, &opt_eta_max, "eta_max (default Zheng's 1 / w_min = d_max^2)", "E" },
  { "start", 0, 0, G_OPTION_ARG_STRING, &opt_start, "shipped, pmds, random or all (default all)", "WHICH" },
  { "out", 0, 0, G_OPTION_ARG_FILENAME, &opt_out, "Write the final positions of the last start as TSV (node, x, y)", "FILE" },
  { "full-every", 0, 0, G_OPTION_ARG_NONE, &opt_full_every, "All-pairs stress after every epoch, not just at the ends", NULL },
  { NULL }
};

/* The largest component, with every pair's hop distance available in O(1):
 * a degree-1 node is at its hub's distance + 1 from everything else, so
 * one byte per pair of core (non-leaf) nodes suffices (7k^2 bytes instead
 * of 33k^2). */
typedef struct {
  guint     n;          /* members of the largest component */
  guint32  *node;       /* member -> graph node */
  guint32  *hl;         /* member -> core index << 1 | is_leaf */
  guint     nc;
  guint8   *core_d;     /* nc x nc hop distances between core nodes */
  guint     d_max;
} Comp;

static inline guint
pair_d (const Comp *c,
        guint       u,
        guint       v)
{
  guint32 a = c->hl[u], b = c->hl[v];

  return c->core_d[(gsize) (a >> 1) * c->nc + (b >> 1)] + (a & 1) + (b & 1);
}

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

static void
comp_init (Comp          *c,
           const DsGraph *g)
{
  g_autofree guint32 *comp = g_new (guint32, g->n_nodes);
  g_autofree guint32 *member = g_new (guint32, g->n_nodes);
  g_autofree guint32 *core_of = g_new (guint32, g->n_nodes);
  g_autofree guint32 *dist = g_new (guint32, g->n_nodes);
  g_autofree guint32 *queue = g_new (guint32, g->n_nodes);
  g_autofree guint32 *core_node = NULL;

  ds_graph_components (g, comp);
  c->n = 0;
  c->nc = 0;
  c->node = g_new (guint32, g->n_nodes);
  for (guint v = 0; v < g->n_nodes; v++)
    if (comp[v] == 0)
      {
        member[v] = c->n;
        c->node[c->n++] = v;
        core_of[v] = ds_graph_degree (g, v) > 1 ? c->nc++ : G_MAXUINT32;
      }
  core_node = g_new (guint32, c->nc);
  c->hl = g_new (guint32, c->n);
  for (guint i = 0; i < c->n; i++)
    {
      guint32 v = c->node[i];

      if (core_of[v] != G_MAXUINT32)
        {
          core_node[core_of[v]] = v;
          c->hl[i] = core_of[v] << 1;
        }
      else
        c->hl[i] = core_of[g->adj[g->offsets[v]]] << 1 | 1;
    }
  c->core_d = g_new (guint8, (gsize) c->nc * c->nc);
  c->d_max = 0;
  for (guint a = 0; a < c->nc; a++)
    {
      guint8 *row = c->core_d + (gsize) a * c->nc;

      ds_graph_bfs (g, core_node[a], dist, queue);
      for (guint b = 0; b < c->nc; b++)
        {
          g_assert (dist[core_node[b]] < 254);
          row[b] = (guint8) dist[core_node[b]];
          c->d_max = MAX (c->d_max, row[b]);
        }
    }
  c->d_max += 2;   /* two leaves on the farthest core pair */
}

/* All-pairs normalized stress (the measure of issue 4 with every node a
 * source), from the sums S1 = sum e/d, S2 = sum e^2/d^2:
 * sum ((a e - d)/d)^2 = a^2 S2 - 2 a S1 + N with a = S1 / S2. Optionally
 * per hop distance: pairs, mean of a e / d, variance, share of the stress. */
static double
full_stress (const Comp   *c,
             const double *x,
             const double *y,
             gboolean      per_hop)
{
  double s1 = 0, s2 = 0, n_pairs = 0, a;
  double h_n[256] = { 0 }, h_1[256] = { 0 }, h_2[256] = { 0 };

  for (guint u = 0; u < c->n; u++)
    for (guint v = u + 1; v < c->n; v++)
      {
        guint d = pair_d (c, u, v);
        double r = hypot (x[u] - x[v], y[u] - y[v]) / d;

        h_n[d] += 1;
        h_1[d] += r;
        h_2[d] += r * r;
      }
  for (guint d = 1; d < 256; d++)
    {
      s1 += h_1[d];
      s2 += h_2[d];
      n_pairs += h_n[d];
    }
  a = s1 / s2;
  if (per_hop)
    {
      double total = a * a * s2 - 2 * a * s1 + n_pairs;

      printf ("    d  pairs%%  mean(a*e/d)  var(a*e/d)  stress%%\n");
      for (guint d = 1; d < 256; d++)
        if (h_n[d] > 0)
          {
            double m = a * h_1[d] / h_n[d];
            double var = a * a * h_2[d] / h_n[d] - m * m;
            double part = a * a * h_2[d] - 2 * a * h_1[d] + h_n[d];

            printf ("  %3u  %6.2f  %11.3f  %10.4f  %7.2f\n", d, 100 * h_n[d] / n_pairs, m, var,
                    100 * part / total);
          }
    }
  return (a * a * s2 - 2 * a * s1 + n_pairs) / n_pairs;
}

/* Rescales the component's positions by the optimal uniform scale so that
 * distances are in hops (the measure does not depend on it; the SGD's
 * first steps would otherwise be spent on the scale). */
static void
rescale (const Comp *c,
         double     *x,
         double     *y)
{
  double s1 = 0, s2 = 0, a;
  guint64 rs = 0x1234567;

  /* 200 random sources are plenty for a scale. */
  for (guint k = 0; k < 200; k++)
    {
      guint u = (guint) (xorshift64 (&rs) % c->n);

      for (guint v = 0; v < c->n; v++)
        if (v != u)
          {
            double r = hypot (x[u] - x[v], y[u] - y[v]) / pair_d (c, u, v);

            s1 += r;
            s2 += r * r;
          }
    }
  a = s1 / s2;
  for (guint i = 0; i < c->n; i++)
    {
      x[i] *= a;
      y[i] *= a;
    }
}

/* Pivot MDS (Brandes and Pich 2006) with 100 max-min pivots. */
static void
pivot_mds (const Comp *c,
           guint64     seed,
           double     *x,
           double     *y)
{
  enum { K = 100 };
  guint n = c->n;
  g_autofree double *C = g_new (double, (gsize) n * K);
  g_autofree double *mind = g_new (double, n);
  double B[K][K], col_mean[K], grand = 0, vec[2][K];
  guint64 rs = seed * 0x9e3779b97f4a7c15ULL + 1;
  guint p = (guint) (xorshift64 (&rs) % n);

  for (guint i = 0; i < n; i++)
    mind[i] = G_MAXDOUBLE;
  for (guint k = 0; k < K; k++)
    {
      guint far = 0;

      for (guint i = 0; i < n; i++)
        {
          double d = i == p ? 0 : pair_d (c, p, i);

          C[(gsize) i * K + k] = d * d;
          mind[i] = MIN (mind[i], d);
          if (mind[i] > mind[far])
            far = i;
        }
      p = far;
    }
  /* Double centring of the squared distances. */
  for (guint k = 0; k < K; k++)
    {
      col_mean[k] = 0;
      for (guint i = 0; i < n; i++)
        col_mean[k] += C[(gsize) i * K + k];
      col_mean[k] /= n;
      grand += col_mean[k];
    }
  grand /= K;
  for (guint i = 0; i < n; i++)
    {
      double row_mean = 0;

      for (guint k = 0; k < K; k++)
        row_mean += C[(gsize) i * K + k];
      row_mean /= K;
      for (guint k = 0; k < K; k++)
        C[(gsize) i * K + k] = -0.5 * (C[(gsize) i * K + k] - row_mean - col_mean[k] + grand);
    }
  for (guint a = 0; a < K; a++)
    for (guint b = 0; b < K; b++)
      {
        double s = 0;

        for (guint i = 0; i < n; i++)
          s += C[(gsize) i * K + a] * C[(gsize) i * K + b];
        B[a][b] = s;
      }
  /* Two leading eigenvectors by power iteration with deflation. */
  for (guint e = 0; e < 2; e++)
    {
      for (guint k = 0; k < K; k++)
        vec[e][k] = (double) (xorshift64 (&rs) % 1000) / 1000 - 0.5;
      for (guint it = 0; it < 500; it++)
        {
          double nv[K], norm = 0;

          for (guint a = 0; a < K; a++)
            {
              nv[a] = 0;
              for (guint b = 0; b < K; b++)
                nv[a] += B[a][b] * vec[e][b];
            }
          if (e == 1)
            {
              double dot = 0;

              for (guint k = 0; k < K; k++)
                dot += nv[k] * vec[0][k];
              for (guint k = 0; k < K; k++)
                nv[k] -= dot * vec[0][k];
            }
          for (guint k = 0; k < K; k++)
            norm += nv[k] * nv[k];
          norm = sqrt (norm);
          for (guint k = 0; k < K; k++)
            vec[e][k] = nv[k] / norm;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      double px = 0, py = 0;

      for (guint k = 0; k < K; k++)
        {
          px += C[(gsize) i * K + k] * vec[0][k];
          py += C[(gsize) i * K + k] * vec[1][k];
        }
      x[i] = px;
      y[i] = py;
    }
  rescale (c, x, y);
  /* A hub's leaves are identical to pivot MDS: jitter so they can part. */
  for (guint i = 0; i < n; i++)
    {
      x[i] += ((double) (xorshift64 (&rs) % 2001) / 1000 - 1) * 0.1;
      y[i] += ((double) (xorshift64 (&rs) % 2001) / 1000 - 1) * 0.1;
    }
}

static double
measure (const DsGraph *g,
         const Comp    *c,
         const double  *x,
         const double  *y)
{
  g_autofree double *gx = g_new0 (double, g->n_nodes), *gy = g_new0 (double, g->n_nodes);

  for (guint i = 0; i < c->n; i++)
    {
      gx[c->node[i]] = x[i];
      gy[c->node[i]] = y[i];
    }
  return ds_stress_normalized (g, gx, gy, 1);
}

static void
shuffle (guint32 *a,
         guint    n,
         guint64 *rs)
{
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = (guint) (xorshift64 (rs) % (i + 1));
      guint32 t = a[i];

      a[i] = a[j];
      a[j] = t;
    }
}

/* One epoch: every ordered pair (s, v) once, sources in random order; the
 * source is held still and v takes Zheng et al.'s half of the error times
 * mu. Over an epoch each pair's term is applied once to each end, as in
 * Zheng's symmetric update, but a node's updates are spread over the whole
 * epoch: with both ends moved, a source took its n - 1 updates in one burst
 * and ended wherever its last few pairs put it (measured: stress 0.25-0.40
 * and rising at eta ~1, from 0.16 at the start). Holding the source still
 * also makes a source's sweep a streaming loop over v. */
static void
epoch (const Comp *c,
       double      eta,
       guint64    *rs,
       guint32    *src_order,
       double     *x,
       double     *y)
{
  guint n = c->n;
  double mu_of[256];

  for (guint d = 1; d < 256; d++)
    mu_of[d] = MIN (eta / ((double) d * d), 1.0);
  shuffle (src_order, n, rs);
  for (guint k = 0; k < n; k++)
    {
      guint s = src_order[k];
      guint32 hs = c->hl[s];
      const guint8 *row = c->core_d + (gsize) (hs >> 1) * c->nc;
      double xs = x[s], ys = y[s];

      for (guint v = 0; v < n; v++)
        {
          guint32 hv = c->hl[v];
          guint d = row[hv >> 1] + (hs & 1) + (hv & 1);
          double dx, dy, mag, r;

          if (v == s)
            continue;
          dx = x[v] - xs;
          dy = y[v] - ys;
          mag = sqrt (dx * dx + dy * dy);
          if (mag < 1e-9)
            {
              dx = 1e-6 * ((double) (xorshift64 (rs) % 2001) / 1000 - 1);
              dy = 1e-6 * ((double) (xorshift64 (rs) % 2001) / 1000 - 1);
              mag = sqrt (dx * dx + dy * dy) + 1e-12;
            }
          r = mu_of[d] * (mag - d) / (2 * mag);
          x[v] -= r * dx;
          y[v] -= r * dy;
        }
    }
}

static void
run (const DsGraph *g,
     const Comp    *c,
     const char    *name,
     double        *x,
     double        *y)
{
  g_autofree guint32 *src_order = g_new (guint32, c->n);
  guint64 rs = (guint64) opt_sgd_seed * 0x9e3779b97f4a7c15ULL + 12345;
  double eta_max = opt_eta_max > 0 ? opt_eta_max : (double) c->d_max * c->d_max;
  double eta_min = opt_eps;   /* w_max = 1 (d = 1) */
  double lambda = log (eta_max / eta_min) / MAX (opt_epochs - 1, 1);
  double best = G_MAXDOUBLE, c0 = ds_bench_cpu_seconds ();

  for (guint i = 0; i < c->n; i++)
    src_order[i] = i;
  printf ("\n== start: %s (eta %.3g -> %.3g over %d epochs, then %d tail epochs)\n",
          name, eta_max, eta_min, opt_epochs, opt_tail);
  printf ("epoch  %8s  measure  all-pairs  cpu s\n", "eta");
  printf ("%5s  %8s  %7.4f  %9.4f  %5.0f\n", "start", "-", measure (g, c, x, y),
          full_stress (c, x, y, FALSE), ds_bench_cpu_seconds () - c0);
  fflush (stdout);
  for (int t = 0; t < opt_epochs + opt_tail; t++)
    {
      double eta = t < opt_epochs ? eta_max * exp (-lambda * t) : eta_min / (1 + t - opt_epochs + 1);
      double m;
      gboolean last = t == opt_epochs + opt_tail - 1;

      epoch (c, eta, &rs, src_order, x, y);
      m = measure (g, c, x, y);
      best = MIN (best, m);
      if (opt_full_every || last || t % 10 == 9)
        printf ("%5d  %8.3g  %7.4f  %9.4f  %5.0f\n", t + 1, eta, m, full_stress (c, x, y, FALSE),
                ds_bench_cpu_seconds () - c0);
      else
        printf ("%5d  %8.3g  %7.4f  %9s  %5.0f\n", t + 1, eta, m, "", ds_bench_cpu_seconds () - c0);
      fflush (stdout);
    }
  printf ("final %s: measure %.4f (best over epochs %.4f); all-pairs per hop distance:\n", name,
          measure (g, c, x, y), best);
  full_stress (c, x, y, TRUE);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- all-pairs stress SGD ceiling on the bench graph");
  g_autoptr(GError) error = NULL;
  g_autoptr(DsBenchGraph) b = NULL;
  g_autoptr(DsGraph) g = NULL;
  g_autofree double *x = NULL, *y = NULL;
  const char *which;
  Comp c = { 0 };
  double c0 = ds_bench_cpu_seconds ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-stress-ceiling: %s\n", error->message);
      return 2;
    }
  which = opt_start != NULL ? opt_start : "all";

  b = ds_bench_graph_new (1.0, opt_seed);
  g = ds_graph_new (b->n_nodes, b->n_edges, b->src, b->dst);
  comp_init (&c, g);
  printf ("graph seed %d: %u nodes, largest component %u (core %u without degree-1 nodes), "
          "max hop distance %u; %.0f s CPU to set up\n",
          opt_seed, g->n_nodes, c.n, c.nc, c.d_max, ds_bench_cpu_seconds () - c0);
  x = g_new (double, c.n);
  y = g_new (double, c.n);

  if (g_str_equal (which, "shipped") || g_str_equal (which, "all"))
    {
      g_autofree double *gx = g_new (double, g->n_nodes), *gy = g_new (double, g->n_nodes);
      DsLayoutOptions opts;

      ds_layout_options_init (&opts);
      opts.seed = opt_layout_seed;
      opts.remove_overlaps = FALSE;
      if (!ds_layout_compute (g, &opts, gx, gy, NULL, NULL, NULL, &error))
        g_error ("layout failed: %s", error->message);
      for (guint i = 0; i < c.n; i++)
        {
          x[i] = gx[c.node[i]];
          y[i] = gy[c.node[i]];
        }
      rescale (&c, x, y);
      run (g, &c, "shipped layout", x, y);
    }
  if (g_str_equal (which, "pmds") || g_str_equal (which, "all"))
    {
      pivot_mds (&c, opt_sgd_seed, x, y);
      run (g, &c, "pivot MDS", x, y);
    }
  if (g_str_equal (which, "random") || g_str_equal (which, "all"))
    {
      guint64 rs = (guint64) opt_sgd_seed * 31 + 5;
      double side = sqrt ((double) c.n);

      for (guint i = 0; i < c.n; i++)
        {
          x[i] = side * (double) (xorshift64 (&rs) % 100000) / 100000;
          y[i] = side * (double) (xorshift64 (&rs) % 100000) / 100000;
        }
      run (g, &c, "random", x, y);
    }
  if (opt_out != NULL)
    {
      g_autoptr(GString) tsv = g_string_new (NULL);

      for (guint i = 0; i < c.n; i++)
        g_string_append_printf (tsv, "%u\t%.4f\t%.4f\n", c.node[i], x[i], y[i]);
      if (!g_file_set_contents (opt_out, tsv->str, tsv->len, &error))
        g_printerr ("bench-stress-ceiling: %s\n", error->message);
    }
  g_free (c.node);
  g_free (c.hl);
  g_free (c.core_d);
  return 0;
}
