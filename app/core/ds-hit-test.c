/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-hit-test.c: a uniform grid over node centres (cells sized to the
 * largest radius) and distance-to-segment tests for edges. */
#define G_LOG_DOMAIN "ds-hit-test"

#include "config.h"

#include <math.h>

#include "ds-hit-test.h"

struct _DsHitTest {
  const DsScene *scene;
  double   x0, y0, cell;
  guint    cols, rows;
  guint32 *start;       /* cols * rows + 1 offsets into items */
  guint32 *items;       /* node indices, by cell */
  guint32 *rank;        /* drawing rank per node: later is on top */
};

static inline guint
cell_of (const DsHitTest *self, double x, double y, guint *cx, guint *cy)
{
  double fx = floor ((x - self->x0) / self->cell), fy = floor ((y - self->y0) / self->cell);

  *cx = (guint) CLAMP (fx, 0, self->cols - 1);
  *cy = (guint) CLAMP (fy, 0, self->rows - 1);
  return *cy * self->cols + *cx;
}

DsHitTest *
ds_hit_test_new (const DsScene *scene)
{
  DsHitTest *self = g_new0 (DsHitTest, 1);
  double w = MAX (scene->x1 - scene->x0, 1e-9), h = MAX (scene->y1 - scene->y0, 1e-9);
  guint n = scene->n_node_order, n_cells;
  g_autofree guint32 *cell = g_new (guint32, MAX (n, 1));

  self->scene = scene;
  self->x0 = scene->x0;
  self->y0 = scene->y0;
  /* About two nodes per cell, but never smaller than a node. */
  self->cell = MAX (sqrt (w * h / MAX (n, 1) * 2), scene->node_scale * 2);
  self->cols = CLAMP ((guint) ceil (w / self->cell), 1, 4096);
  self->rows = CLAMP ((guint) ceil (h / self->cell), 1, 4096);
  self->cell = MAX (w / self->cols, h / self->rows) * 1.0000001;
  n_cells = self->cols * self->rows;
  self->start = g_new0 (guint32, n_cells + 1);
  self->items = g_new (guint32, MAX (n, 1));
  self->rank = g_new0 (guint32, MAX (scene->n_nodes, 1));

  for (guint k = 0; k < n; k++)
    {
      guint32 i = scene->node_order[k];
      guint cx, cy;
      cell[k] = cell_of (self, scene->node_x[i], scene->node_y[i], &cx, &cy);
      self->start[cell[k] + 1]++;
      self->rank[i] = k + 1;
    }
  for (guint c = 0; c < n_cells; c++)
    self->start[c + 1] += self->start[c];
  {
    g_autofree guint32 *fill = g_memdup2 (self->start, sizeof (guint32) * n_cells);
    for (guint k = 0; k < n; k++)
      self->items[fill[cell[k]]++] = scene->node_order[k];
  }
  return self;
}

void
ds_hit_test_free (DsHitTest *self)
{
  if (!self)
    return;
  g_free (self->start);
  g_free (self->items);
  g_free (self->rank);
  g_free (self);
}

static double
segment_distance (double px, double py, double ax, double ay, double bx, double by)
{
  double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, t;

  t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  t = CLAMP (t, 0, 1);
  dx = ax + t * dx - px;
  dy = ay + t * dy - py;
  return sqrt (dx * dx + dy * dy);
}

/* Distance from the origin to the quadratic curve edge e draws between
 * (ax, ay) and (bx, by), view pixels relative to the pointer: through 24
 * chords, within a fraction of a pixel for the modest bends edges get. */
static double
curve_distance (const DsScene *s, guint e, double ax, double ay, double bx, double by)
{
  enum { CHORDS = 24 };
  double qx, qy, px = ax, py = ay, best = G_MAXDOUBLE;

  ds_scene_edge_control (s, e, ax, ay, bx, by, &qx, &qy);
  for (guint k = 1; k <= CHORDS; k++)
    {
      double t = (double) k / CHORDS, u = 1 - t;
      double x = u * u * ax + 2 * t * u * qx + t * t * bx, y = u * u * ay + 2 * t * u * qy + t * t * by;

      best = MIN (best, segment_distance (0, 0, px, py, x, y));
      px = x;
      py = y;
    }
  return best;
}

DsHitKind
ds_hit_test_query (const DsHitTest *self,
                   const DsCamera  *camera,
                   double           vx,
                   double           vy,
                   double           tolerance,
                   guint           *out_index)
{
  const DsScene *s = self->scene;
  double z = ds_camera_get_zoom (camera), wx, wy, reach;
  guint cx0, cy0, cx1, cy1, best = G_MAXUINT;
  guint32 best_rank = 0;
  double best_d = G_MAXDOUBLE;

  ds_camera_view_to_world (camera, vx, vy, &wx, &wy);
  /* A node can be hit from as far as its drawn radius (at least a pixel)
   * plus the tolerance, converted to world units. */
  reach = MAX (s->node_scale * 1.2, 1.0 / z) + tolerance / z;
  cell_of (self, wx - reach, wy - reach, &cx0, &cy0);
  cell_of (self, wx + reach, wy + reach, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint c = cy * self->cols + cx;
        for (guint32 k = self->start[c]; k < self->start[c + 1]; k++)
          {
            guint32 i = self->items[k];
            double dx = (s->node_x[i] - wx) * z, dy = (s->node_y[i] - wy) * z;
            double d = sqrt (dx * dx + dy * dy);
            /* Glyphs reach a little past r (diamonds, stars). */
            if (d <= ds_scene_view_radius (s, i, z) * 1.1 + tolerance && self->rank[i] > best_rank)
              {
                best = i;
                best_rank = self->rank[i];
              }
          }
      }
  if (best != G_MAXUINT)
    {
      *out_index = best;
      return DS_HIT_NODE;
    }

  for (guint e = 0; e < s->n_edges; e++)
    {
      guint32 a = s->edge_from[e], b = s->edge_to[e];
      double half = ds_scene_edge_view_width (s, e, z) / 2, d;

      if (s->edge_bend[e] == 0)
        d = segment_distance (wx, wy, s->node_x[a], s->node_y[a], s->node_x[b], s->node_y[b]) * z;
      else
        d = curve_distance (s, e, (s->node_x[a] - wx) * z, (s->node_y[a] - wy) * z,
                            (s->node_x[b] - wx) * z, (s->node_y[b] - wy) * z);

      if (d <= tolerance + half && d - half < best_d)
        {
          best_d = d - half;
          best = e;
        }
    }
  if (best != G_MAXUINT)
    {
      *out_index = best;
      return DS_HIT_EDGE;
    }
  return DS_HIT_NONE;
}
