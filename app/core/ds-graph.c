/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-graph.c: building the layout graph (dedup, CSR), connected components
 * and breadth-first hop distances shared by layout, simulation and stress. */
#define G_LOG_DOMAIN "ds-graph"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ds-graph.h"

static int
compare_u64 (const void *a,
             const void *b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

DsGraph *
ds_graph_new (guint          n_nodes,
              guint          n_edges,
              const guint32 *src,
              const guint32 *dst)
{
  g_autofree guint64 *keys = NULL;
  g_autofree guint32 *fill = NULL;
  DsGraph *graph;
  guint m = 0;

  g_return_val_if_fail (n_edges == 0 || (src != NULL && dst != NULL), NULL);

  /* Sorting packed (min, max) keys dedups and gives a stable edge order that
   * does not depend on the input order, which keeps layouts reproducible. */
  keys = g_new (guint64, MAX (n_edges, 1));
  for (guint e = 0; e < n_edges; e++)
    {
      guint32 a = src[e], b = dst[e];

      if (a >= n_nodes || b >= n_nodes)
        {
          g_critical ("edge %u (%u - %u) refers to a node beyond %u", e, a, b, n_nodes);
          return NULL;
        }
      if (a == b)
        continue;
      if (a > b)
        {
          guint32 t = a;
          a = b;
          b = t;
        }
      keys[m++] = ((guint64) a << 32) | b;
    }
  qsort (keys, m, sizeof (guint64), compare_u64);

  graph = g_new0 (DsGraph, 1);
  graph->n_nodes = n_nodes;
  graph->src = g_new (guint32, MAX (m, 1));
  graph->dst = g_new (guint32, MAX (m, 1));
  for (guint i = 0; i < m; i++)
    {
      if (i > 0 && keys[i] == keys[i - 1])
        continue;
      graph->src[graph->n_edges] = (guint32) (keys[i] >> 32);
      graph->dst[graph->n_edges] = (guint32) keys[i];
      graph->n_edges++;
    }

  graph->offsets = g_new0 (guint32, n_nodes + 1);
  graph->adj = g_new (guint32, MAX (2 * graph->n_edges, 1));
  for (guint e = 0; e < graph->n_edges; e++)
    {
      graph->offsets[graph->src[e] + 1]++;
      graph->offsets[graph->dst[e] + 1]++;
    }
  for (guint v = 0; v < n_nodes; v++)
    graph->offsets[v + 1] += graph->offsets[v];
  fill = g_memdup2 (graph->offsets, sizeof (guint32) * (n_nodes + 1));
  for (guint e = 0; e < graph->n_edges; e++)
    {
      graph->adj[fill[graph->src[e]]++] = graph->dst[e];
      graph->adj[fill[graph->dst[e]]++] = graph->src[e];
    }

  return graph;
}

void
ds_graph_edges_from_landscape (DsLandscape *landscape,
                               GArray      *src,
                               GArray      *dst)
{
  guint n = landscape->entities->len;

  for (guint i = 0; i < landscape->deals->len; i++)
    {
      const DsDeal *deal = ds_landscape_deal (landscape, i);
      guint32 a = (guint32) deal->investor, b = (guint32) deal->target;

      if (deal->investor < 0 || deal->target < 0 || a >= n || b >= n)
        continue;
      g_array_append_val (src, a);
      g_array_append_val (dst, b);
    }
  for (guint i = 0; i < landscape->relations->len; i++)
    {
      const DsRelation *rel = ds_landscape_relation (landscape, i);
      guint32 a = (guint32) rel->from, b = (guint32) rel->to;

      if (rel->from < 0 || rel->to < 0 || a >= n || b >= n)
        continue;
      g_array_append_val (src, a);
      g_array_append_val (dst, b);
    }
}

DsGraph *
ds_graph_new_from_landscape (DsLandscape *landscape)
{
  g_autoptr(GArray) src = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) dst = g_array_new (FALSE, FALSE, sizeof (guint32));

  ds_graph_edges_from_landscape (landscape, src, dst);
  return ds_graph_new (landscape->entities->len, src->len, (guint32 *) src->data, (guint32 *) dst->data);
}

void
ds_graph_free (DsGraph *graph)
{
  if (graph == NULL)
    return;
  g_free (graph->src);
  g_free (graph->dst);
  g_free (graph->offsets);
  g_free (graph->adj);
  g_free (graph);
}

guint
ds_graph_bfs (const DsGraph *graph,
              guint32        source,
              guint32       *dist,
              guint32       *queue)
{
  guint head = 0, tail = 0;

  for (guint v = 0; v < graph->n_nodes; v++)
    dist[v] = G_MAXUINT32;
  dist[source] = 0;
  queue[tail++] = source;
  while (head < tail)
    {
      guint32 v = queue[head++];

      for (guint32 k = graph->offsets[v]; k < graph->offsets[v + 1]; k++)
        {
          guint32 w = graph->adj[k];

          if (dist[w] == G_MAXUINT32)
            {
              dist[w] = dist[v] + 1;
              queue[tail++] = w;
            }
        }
    }

  return tail;
}

typedef struct {
  guint32 size;
  guint32 first;
  guint32 label;
} CompInfo;

static int
compare_comp (const void *a,
              const void *b)
{
  const CompInfo *x = a, *y = b;

  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

guint
ds_graph_components (const DsGraph *graph,
                     guint32       *comp)
{
  g_autofree guint32 *queue = g_new (guint32, MAX (graph->n_nodes, 1));
  g_autoptr(GArray) infos = g_array_new (FALSE, FALSE, sizeof (CompInfo));
  g_autofree guint32 *relabel = NULL;
  guint n = graph->n_nodes;

  for (guint v = 0; v < n; v++)
    comp[v] = G_MAXUINT32;

  for (guint s = 0; s < n; s++)
    {
      guint head = 0, tail = 0;
      CompInfo info;

      if (comp[s] != G_MAXUINT32)
        continue;
      info.label = infos->len;
      info.first = s;
      comp[s] = info.label;
      queue[tail++] = s;
      while (head < tail)
        {
          guint32 v = queue[head++];

          for (guint32 k = graph->offsets[v]; k < graph->offsets[v + 1]; k++)
            if (comp[graph->adj[k]] == G_MAXUINT32)
              {
                comp[graph->adj[k]] = info.label;
                queue[tail++] = graph->adj[k];
              }
        }
      info.size = tail;
      g_array_append_val (infos, info);
    }

  qsort (infos->data, infos->len, sizeof (CompInfo), compare_comp);
  relabel = g_new (guint32, MAX (infos->len, 1));
  for (guint i = 0; i < infos->len; i++)
    relabel[g_array_index (infos, CompInfo, i).label] = i;
  for (guint v = 0; v < n; v++)
    comp[v] = relabel[comp[v]];

  return infos->len;
}
