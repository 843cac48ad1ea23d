/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-bench-graph.c: the funding-database-shaped generator: power-law degree
 * sequences on both sides joined by a sector-biased configuration model. */
#define G_LOG_DOMAIN "ds-bench-graph"

#include "config.h"

#include <sys/resource.h>

#include <math.h>
#include <time.h>

#include "ds-bench-graph.h"

#define N_SECTORS 40
/* Share of an investor's deals inside its own sector. */
#define SECTOR_LOYALTY 0.8

typedef struct {
  guint64 state;
} Rng;

/* splitmix64: tiny, fast and the same everywhere. */
static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static double
rng_uniform (Rng *rng)
{
  return (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

static guint
rng_below (Rng  *rng,
           guint n)
{
  return (guint) (rng_uniform (rng) * n);
}

/* Discrete power law on 1..max with exponent `alpha` by inversion of the
 * continuous Pareto, floored. */
static guint
power_law (Rng   *rng,
           double alpha,
           guint  max)
{
  double u = 1 - rng_uniform (rng);
  double v = floor (pow (u, -1.0 / (alpha - 1)));

  return (guint) MIN (MAX (v, 1), max);
}

/* Degrees summing to `target`: draw, then trim or grow the largest ones so
 * that every node keeps at least one edge. */
static void
degree_sequence (Rng   *rng,
                 guint *deg,
                 guint  n,
                 double alpha,
                 guint  max,
                 guint  target)
{
  guint64 sum = 0;

  for (guint i = 0; i < n; i++)
    {
      deg[i] = power_law (rng, alpha, max);
      sum += deg[i];
    }
  while (sum > target)
    {
      guint i = rng_below (rng, n);

      if (deg[i] > 1)
        {
          deg[i]--;
          sum--;
        }
    }
  while (sum < target)
    {
      /* Growth goes preferentially to nodes that already have deals. */
      guint i = rng_below (rng, n);

      if (rng_uniform (rng) < 1.0 / deg[i])
        continue;
      deg[i] = MIN (deg[i] + 1, max);
      sum++;
    }
}

DsBenchGraph *
ds_bench_graph_new (double  scale,
                    guint32 seed)
{
  DsBenchGraph *g = g_new0 (DsBenchGraph, 1);
  Rng rng = { 0x5eed0000ULL ^ seed };
  guint nc = MAX ((guint) (21000 * scale), 2);
  guint ni = MAX ((guint) (17000 * scale), 2);
  guint m = MAX ((guint) (64000 * scale), nc + ni);
  g_autofree guint *dc = g_new (guint, nc);
  g_autofree guint *di = g_new (guint, ni);
  g_autofree guint8 *sector_c = g_new (guint8, nc);
  g_autofree guint8 *sector_i = g_new (guint8, ni);
  g_autoptr(GPtrArray) stubs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new (gint64, m);
  double weights[N_SECTORS], wsum = 0;
  guint total_c = 0;

  g->n_companies = nc;
  g->n_investors = ni;
  g->n_nodes = nc + ni;
  g->src = g_new (guint32, m);
  g->dst = g_new (guint32, m);

  /* Companies: most have one or two investors, a few have dozens.
   * Investors: most made a single deal, a few hundred made hundreds. */
  degree_sequence (&rng, dc, nc, 2.6, 200, m);
  degree_sequence (&rng, di, ni, 2.0, 1500, m);

  /* Sectors of Zipf-like sizes, so that some communities are big. */
  for (guint s = 0; s < N_SECTORS; s++)
    wsum += weights[s] = 1.0 / (s + 3);
  for (guint i = 0; i < nc + ni; i++)
    {
      double u = rng_uniform (&rng) * wsum;
      guint s = 0;

      while (s + 1 < N_SECTORS && u >= weights[s])
        u -= weights[s++];
      if (i < nc)
        sector_c[i] = s;
      else
        sector_i[i - nc] = s;
    }

  for (guint s = 0; s < N_SECTORS; s++)
    g_ptr_array_add (stubs, g_array_new (FALSE, FALSE, sizeof (guint32)));
  for (guint32 c = 0; c < nc; c++)
    for (guint k = 0; k < dc[c]; k++)
      {
        g_array_append_val (g_ptr_array_index (stubs, sector_c[c]), c);
        total_c++;
      }

  /* Each investor stub takes a random company stub of its sector (or any
   * sector): stubs are drawn without replacement, so degrees hold except
   * for the few repeats that are dropped. */
  for (guint32 i = 0; i < ni; i++)
    for (guint k = 0; k < di[i] && total_c > 0; k++)
      {
        GArray *pool = NULL;
        guint pick = 0, tries;
        guint32 c = 0;
        gint64 key = 0;

        /* A repeat of a pair already drawn is redrawn a few times, so that
         * the edge count holds; stubs are only used up when taken. */
        for (tries = 0; tries < 16; tries++)
          {
            pool = g_ptr_array_index (stubs, sector_i[i]);
            if (pool->len == 0 || rng_uniform (&rng) > SECTOR_LOYALTY)
              {
                /* A random stub of all sectors: pick a sector by stub count. */
                guint r = rng_below (&rng, total_c), s = 0;

                while (r >= ((GArray *) g_ptr_array_index (stubs, s))->len)
                  r -= ((GArray *) g_ptr_array_index (stubs, s++))->len;
                pool = g_ptr_array_index (stubs, s);
                pick = r;
              }
            else
              pick = rng_below (&rng, pool->len);
            c = g_array_index (pool, guint32, pick);
            key = ((gint64) (nc + i) << 32) | c;
            if (!g_hash_table_contains (seen, &key))
              break;
          }
        if (tries == 16)
          continue;
        g_array_index (pool, guint32, pick) = g_array_index (pool, guint32, pool->len - 1);
        g_array_set_size (pool, pool->len - 1);
        total_c--;

        keys[g->n_edges] = key;
        g_hash_table_add (seen, &keys[g->n_edges]);
        g->src[g->n_edges] = nc + i;
        g->dst[g->n_edges] = c;
        g->n_edges++;
      }

  return g;
}

void
ds_bench_graph_free (DsBenchGraph *graph)
{
  if (graph == NULL)
    return;
  g_free (graph->src);
  g_free (graph->dst);
  g_free (graph);
}

double
ds_bench_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double
ds_bench_peak_rss_mb (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}
