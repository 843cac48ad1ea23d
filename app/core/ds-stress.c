/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-stress.c: normalized stress on the largest component from sampled
 * breadth-first sources, with the closed-form optimal scale. */
#define G_LOG_DOMAIN "ds-stress"

#include "config.h"

#include <math.h>

#include "ds-stress.h"

double
ds_stress_normalized (const DsGraph *graph,
                      const double  *x,
                      const double  *y,
                      guint32        seed)
{
  guint n = graph->n_nodes;
  g_autofree guint32 *comp = NULL;
  g_autofree guint32 *members = NULL;
  g_autofree guint32 *dist = NULL;
  g_autofree guint32 *queue = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GArray) pair_d = NULL;
  g_autoptr(GArray) pair_e = NULL;
  guint n_members = 0, n_sources;
  double se_d = 0, se2_d2 = 0, a, sum = 0;

  if (n < 2)
    return 0;

  comp = g_new (guint32, n);
  ds_graph_components (graph, comp);
  members = g_new (guint32, n);
  for (guint v = 0; v < n; v++)
    if (comp[v] == 0)
      members[n_members++] = v;
  if (n_members < 2)
    return 0;

  /* A partial Fisher-Yates shuffle draws distinct sources in a fixed order. */
  rand = g_rand_new_with_seed (seed);
  n_sources = MIN (DS_STRESS_SOURCES, n_members);
  for (guint i = 0; i < n_sources; i++)
    {
      guint j = (guint) g_rand_int_range (rand, (gint32) i, (gint32) n_members);
      guint32 t = members[i];

      members[i] = members[j];
      members[j] = t;
    }

  /* Two passes over the pairs (scale, then stress) need the pairs kept; at
   * 60 sources and 40k nodes that is 2.4M pairs, cheap as two float arrays. */
  dist = g_new (guint32, n);
  queue = g_new (guint32, n);
  pair_d = g_array_sized_new (FALSE, FALSE, sizeof (float), n_sources * n_members);
  pair_e = g_array_sized_new (FALSE, FALSE, sizeof (double), n_sources * n_members);
  for (guint i = 0; i < n_sources; i++)
    {
      guint32 s = members[i];
      guint reached = ds_graph_bfs (graph, s, dist, queue);

      for (guint k = 1; k < reached; k++)
        {
          guint32 v = queue[k];
          float d = (float) dist[v];
          double e = hypot (x[v] - x[s], y[v] - y[s]);

          g_array_append_val (pair_d, d);
          g_array_append_val (pair_e, e);
          se_d += e / d;
          se2_d2 += (e * e) / ((double) d * d);
        }
    }

  if (pair_d->len == 0)
    return 0;
  if (se2_d2 == 0)
    return 1;
  a = se_d / se2_d2;
  for (guint k = 0; k < pair_d->len; k++)
    {
      double d = g_array_index (pair_d, float, k);
      double r = (a * g_array_index (pair_e, double, k) - d) / d;

      sum += r * r;
    }

  return sum / pair_d->len;
}
