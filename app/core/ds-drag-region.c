/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-drag-region.c: the dragged node's neighbourhood as a small force
 * simulation of its own, written back into the whole graph's positions. */
#define G_LOG_DOMAIN "ds-drag-region"

#include "config.h"

#include "ds-drag-region.h"
#include "ds-force-sim.h"

#define REGION_HOPS 2

typedef struct {
  guint32 node;      /* graph id */
  guint32 parent;    /* graph id of the moving node it hangs off */
  double  dx, dy;    /* its offset to the parent when the drag began */
} Follower;

struct _DsDragRegion {
  double     *x, *y;       /* the caller's, whole graph */
  guint       node;
  GArray     *nodes;       /* guint32: moving (local 0 .. n_moving-1), then followers */
  guint       n_moving;
  guint       n_local;     /* moving nodes and anchors */
  guint32    *local_to_graph;
  GArray     *followers;   /* Follower */
  DsGraph    *local;
  double     *lx, *ly;
  DsForceSim *sim;
};

static gboolean
is_leaf (const DsGraph *graph,
         guint          v)
{
  return ds_graph_degree (graph, v) == 1;
}

/* Graph id -> local id + 1 (0: not in the region). */
static guint
local_id (GHashTable *map,
          guint       v)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (map, GUINT_TO_POINTER (v + 1)));
}

static void
add_local (GHashTable *map,
           GArray     *local_to_graph,
           guint32     v)
{
  g_array_append_val (local_to_graph, v);
  g_hash_table_insert (map, GUINT_TO_POINTER (v + 1), GUINT_TO_POINTER (local_to_graph->len));
}

DsDragRegion *
ds_drag_region_new (const DsGraph *graph,
                    double        *x,
                    double        *y,
                    const guint8  *pinned,
                    const double  *radius,
                    guint          node,
                    guint          max_moving,
                    double         edge_length)
{
  g_autoptr(GHashTable) map = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) local_to_graph = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) hop = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr(GArray) src = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) dst = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree double *local_radius = NULL;
  DsDragRegion *self;
  guint8 h0 = 0;

  g_return_val_if_fail (graph != NULL && node < graph->n_nodes, NULL);
  g_return_val_if_fail (edge_length > 0, NULL);

  self = g_new0 (DsDragRegion, 1);
  self->x = x;
  self->y = y;
  self->node = node;
  max_moving = MAX (max_moving, 1);

  /* Moving nodes: breadth first from the dragged one over nodes of more
   * than one neighbour, so the nearest come first and a hub's thousands of
   * leaves do not use up the budget (they follow instead). */
  add_local (map, local_to_graph, node);
  g_array_append_val (hop, h0);
  for (guint i = 0; i < local_to_graph->len && local_to_graph->len < max_moving; i++)
    {
      guint32 v = g_array_index (local_to_graph, guint32, i);
      guint8 h = g_array_index (hop, guint8, i) + 1;

      if (h > REGION_HOPS)
        break;
      for (guint k = graph->offsets[v]; k < graph->offsets[v + 1] && local_to_graph->len < max_moving; k++)
        {
          guint32 w = graph->adj[k];

          if (is_leaf (graph, w) || local_id (map, w) != 0)
            continue;
          add_local (map, local_to_graph, w);
          g_array_append_val (hop, h);
        }
    }
  self->n_moving = local_to_graph->len;
  self->nodes = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->n_moving);
  g_array_append_vals (self->nodes, local_to_graph->data, self->n_moving);

  /* Followers and anchors: the other neighbours of moving nodes. */
  self->followers = g_array_new (FALSE, FALSE, sizeof (Follower));
  for (guint i = 0; i < self->n_moving; i++)
    {
      guint32 v = g_array_index (local_to_graph, guint32, i);

      for (guint k = graph->offsets[v]; k < graph->offsets[v + 1]; k++)
        {
          guint32 w = graph->adj[k];

          if (local_id (map, w) != 0)
            continue;
          if (is_leaf (graph, w))
            {
              Follower f = { w, v, x[w] - x[v], y[w] - y[v] };
              g_array_append_val (self->followers, f);
              g_array_append_val (self->nodes, w);
            }
          else
            add_local (map, local_to_graph, w);
        }
    }

  /* The small graph: every edge with a moving end. */
  for (guint i = 0; i < self->n_moving; i++)
    {
      guint32 v = g_array_index (local_to_graph, guint32, i);

      for (guint k = graph->offsets[v]; k < graph->offsets[v + 1]; k++)
        {
          guint j = local_id (map, graph->adj[k]);

          if (j == 0 || (j - 1 < self->n_moving && j - 1 < i))
            continue;   /* a follower, or a moving pair seen from its other end */
          j--;
          g_array_append_val (src, i);
          g_array_append_val (dst, j);
        }
    }
  self->n_local = local_to_graph->len;
  self->local_to_graph = g_array_steal (local_to_graph, NULL);
  self->local = ds_graph_new (self->n_local, src->len, (guint32 *) src->data, (guint32 *) dst->data);
  self->lx = g_new (double, self->n_local);
  self->ly = g_new (double, self->n_local);
  local_radius = g_new (double, self->n_local);
  for (guint i = 0; i < self->n_local; i++)
    {
      guint32 v = self->local_to_graph[i];

      self->lx[i] = x[v];
      self->ly[i] = y[v];
      local_radius[i] = radius != NULL ? radius[v] : edge_length / 8;
    }
  self->sim = ds_force_sim_new (self->local, self->lx, self->ly, edge_length);
  ds_force_sim_set_radii (self->sim, local_radius, edge_length / 8);
  for (guint i = 1; i < self->n_local; i++)
    if (i >= self->n_moving || (pinned != NULL && pinned[self->local_to_graph[i]]))
      ds_force_sim_set_pinned (self->sim, i, TRUE);
  ds_force_sim_drag_begin (self->sim, 0);
  return self;
}

void
ds_drag_region_free (DsDragRegion *self)
{
  if (self == NULL)
    return;
  ds_force_sim_free (self->sim);
  ds_graph_free (self->local);
  g_free (self->lx);
  g_free (self->ly);
  g_free (self->local_to_graph);
  g_array_unref (self->nodes);
  g_array_unref (self->followers);
  g_free (self);
}

void
ds_drag_region_drag_update (DsDragRegion *self,
                            double        x,
                            double        y)
{
  ds_force_sim_drag_update (self->sim, x, y);
}

void
ds_drag_region_drag_end (DsDragRegion *self)
{
  ds_force_sim_set_pinned (self->sim, 0, TRUE);
  ds_force_sim_drag_end (self->sim);
}

gboolean
ds_drag_region_tick (DsDragRegion *self)
{
  gboolean moving = ds_force_sim_tick (self->sim);

  for (guint i = 0; i < self->n_moving; i++)
    {
      self->x[self->local_to_graph[i]] = self->lx[i];
      self->y[self->local_to_graph[i]] = self->ly[i];
    }
  for (guint i = 0; i < self->followers->len; i++)
    {
      const Follower *f = &g_array_index (self->followers, Follower, i);

      self->x[f->node] = self->x[f->parent] + f->dx;
      self->y[f->node] = self->y[f->parent] + f->dy;
    }
  return moving;
}

const guint32 *
ds_drag_region_get_nodes (DsDragRegion *self,
                          guint        *n_nodes)
{
  *n_nodes = self->nodes->len;
  return (const guint32 *) self->nodes->data;
}

guint
ds_drag_region_get_n_moving (DsDragRegion *self)
{
  return self->n_moving;
}

guint
ds_drag_region_get_node (DsDragRegion *self)
{
  return self->node;
}
