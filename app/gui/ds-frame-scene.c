/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-frame-scene.c: builds the graph's scene from a replay frame, so the
 * picture follows the scenario and the date (ds-scene only knows the landscape). */
#define G_LOG_DOMAIN "ds-frame-scene"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ds-format.h"
#include "ds-frame-scene.h"

DsFrameSnapshot *
ds_frame_snapshot_new (const DsScenarioView *view,
                       const DsFrame        *frame)
{
  DsFrameSnapshot *self;
  guint ne, nd;

  g_return_val_if_fail (view != NULL && frame != NULL, NULL);

  ne = frame->n_entities;
  nd = frame->n_deals;
  self = g_new0 (DsFrameSnapshot, 1);
  self->date = frame->date;
  self->n_entities = ne;
  self->n_deals = nd;
  self->n_landscape_deals = view->n_landscape_deals;
  self->deals = g_memdup2 (view->deals->data, sizeof (DsDeal) * MAX (nd, 1));
  self->entity_visible = g_memdup2 (frame->entity_visible, MAX (ne, 1));
  self->valuation_usd = g_memdup2 (frame->valuation_usd, sizeof (double) * MAX (ne, 1));
  self->invested_in_usd = g_memdup2 (frame->invested_in_usd, sizeof (double) * MAX (ne, 1));
  self->invested_out_usd = g_memdup2 (frame->invested_out_usd, sizeof (double) * MAX (ne, 1));
  self->deal_visible = g_memdup2 (frame->deal_visible, MAX (nd, 1));
  self->deal_pending = g_memdup2 (frame->deal_pending, MAX (nd, 1));
  return self;
}

void
ds_frame_snapshot_free (DsFrameSnapshot *self)
{
  if (self == NULL)
    return;
  g_free (self->deals);
  g_free (self->entity_visible);
  g_free (self->valuation_usd);
  g_free (self->invested_in_usd);
  g_free (self->invested_out_usd);
  g_free (self->deal_visible);
  g_free (self->deal_pending);
  g_free (self);
}

typedef struct {
  double  key;
  guint32 index;
} PairKey;

static int
pair_key_cmp (const void *a,
              const void *b)
{
  const PairKey *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Parallel edges of one pair curve apart, symmetric around the straight
 * line, as ds-scene does for the landscape's. */
static void
compute_bends (DsScene *s)
{
  g_autofree PairKey *keys = g_new (PairKey, MAX (s->n_edges, 1));
  guint i = 0;

  for (guint e = 0; e < s->n_edges; e++)
    {
      guint32 a = MIN (s->edge_from[e], s->edge_to[e]), b = MAX (s->edge_from[e], s->edge_to[e]);
      keys[e] = (PairKey) { (double) a * 4294967296.0 + b, e };
    }
  qsort (keys, s->n_edges, sizeof *keys, pair_key_cmp);
  while (i < s->n_edges)
    {
      guint j = i;
      while (j < s->n_edges && keys[j].key == keys[i].key)
        j++;
      for (guint k = i; j - i > 1 && k < j; k++)
        {
          guint32 e = keys[k].index;
          double bend = (double) (k - i) - (j - i - 1) / 2.0;
          s->edge_bend[e] = s->edge_from[e] > s->edge_to[e] ? -bend : bend;
        }
      i = j;
    }
}

static gboolean
relation_shown (const DsRelation *r,
                DsDate            date)
{
  /* A partial frame date covers its period, as in ds-scene. */
  if (date != DS_DATE_NONE && DS_DATE_MONTH (date) == 0)
    date = DS_DATE_YEAR (date) * 10000 + 9999;
  else if (date != DS_DATE_NONE && DS_DATE_DAY (date) == 0)
    date += 99;
  return date == DS_DATE_NONE || r->date == DS_DATE_NONE || r->date <= date;
}

DsScene *
ds_frame_scene_build (DsLandscape           *ls,
                      const DsFrameSnapshot *snap,
                      const double          *x,
                      const double          *y,
                      const DsSceneOptions  *opts)
{
  guint n = ds_landscape_n_entities (ls);
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint32) * 2);
  g_autofree double *degree = g_new0 (double, MAX (n, 1));
  gboolean show_deals;
  DsScene *self;
  double max_value = 0, spread, bx0 = G_MAXDOUBLE, by0 = G_MAXDOUBLE, bx1 = -G_MAXDOUBLE, by1 = -G_MAXDOUBLE;
  guint n_visible = 0;
  guint8 *visible;

  g_return_val_if_fail (ls != NULL && snap != NULL && x != NULL && y != NULL && opts != NULL, NULL);
  g_return_val_if_fail (snap->n_entities == n, NULL);

  show_deals = (opts->relation_kinds & (1u << DS_RELATION_INVESTS)) != 0;
  visible = g_new0 (guint8, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    visible[i] = snap->entity_visible[i] && (opts->entity_kinds & (1u << ds_landscape_entity (ls, i)->kind))
                 && isfinite (x[i]) && isfinite (y[i]);

  if (show_deals)
    for (guint k = 0; k < snap->n_deals; k++)
      {
        const DsDeal *d = &snap->deals[k];
        if (!snap->deal_visible[k] || !(opts->deal_statuses & (1u << d->status))
            || d->investor < 0 || d->target < 0 || !visible[d->investor] || !visible[d->target])
          continue;
        guint32 pair[2] = { DS_EDGE_DEAL, k };
        g_array_append_val (edges, pair);
      }
  for (guint k = 0; k < ls->relations->len; k++)
    {
      const DsRelation *r = ds_landscape_relation (ls, k);
      if (!relation_shown (r, snap->date) || !(opts->relation_kinds & (1u << r->kind))
          || r->from < 0 || r->to < 0 || !visible[r->from] || !visible[r->to])
        continue;
      guint32 pair[2] = { DS_EDGE_RELATION, k };
      g_array_append_val (edges, pair);
    }

  self = ds_scene_new (n, edges->len);
  self->date = snap->date;
  /* The scene's labels point into the landscape: keep it alive with them. */
  self->landscape = ds_landscape_ref (ls);
  for (guint i = 0; i < n; i++)
    {
      const DsEntity *ent = ds_landscape_entity (ls, i);
      self->node_entity[i] = i;
      self->node_x[i] = x[i];
      self->node_y[i] = y[i];
      self->node_kind[i] = ent->kind;
      self->node_label[i] = ent->name;
      self->node_visible[i] = visible[i];
      self->node_value[i] = NAN;
    }
  g_free (visible);

  for (guint e = 0; e < edges->len; e++)
    {
      guint32 *pair = &g_array_index (edges, guint32, 2 * e);
      if (pair[0] == DS_EDGE_DEAL)
        {
          const DsDeal *d = &snap->deals[pair[1]];
          gboolean pending = snap->deal_pending[pair[1]];
          g_autofree char *amount = ds_is_set (d->amount_usd) ? ds_format_usd (d->amount_usd) : NULL;
          g_autofree char *when = ds_format_date_short (d->date);
          g_autofree char *label = NULL;
          const char *status = pending ? ds_deal_status_to_string (d->status) : NULL;

          label = g_strdup_printf ("%s%s%s%s%s%s%s%s", amount ? amount : "", amount ? " " : "",
                                   ds_scene_instrument_label (d->instrument),
                                   *when ? ", " : "", when,
                                   status ? ", " : "", status ? status : "",
                                   pair[1] >= snap->n_landscape_deals ? " (scenario)" : "");
          self->edge_from[e] = d->investor;
          self->edge_to[e] = d->target;
          self->edge_item[e] = pair[1];
          self->edge_kind[e] = DS_EDGE_DEAL;
          self->edge_style[e] = d->instrument;
          self->edge_dashed[e] = pending;
          self->edge_amount[e] = d->amount_usd;
          self->edge_label[e] = ds_scene_intern (self, label);
          self->edge_importance[e] = ds_is_set (d->amount_usd) ? log10 (MAX (d->amount_usd, 1)) : 0;
        }
      else
        {
          const DsRelation *r = ds_landscape_relation (ls, pair[1]);
          self->edge_from[e] = r->from;
          self->edge_to[e] = r->to;
          self->edge_item[e] = pair[1];
          self->edge_kind[e] = DS_EDGE_RELATION;
          self->edge_style[e] = DS_EDGE_STYLE_RELATION + r->kind;
          self->edge_amount[e] = NAN;
        }
      degree[self->edge_from[e]] += 1;
      degree[self->edge_to[e]] += 1;
    }
  compute_bends (self);

  for (guint i = 0; i < n; i++)
    {
      double v;

      if (!self->node_visible[i])
        continue;
      switch (opts->size_by)
        {
        case DS_SIZE_BY_VALUATION: v = snap->valuation_usd[i]; break;
        case DS_SIZE_BY_RAISED: v = snap->invested_in_usd[i]; break;
        case DS_SIZE_BY_INVESTED: v = snap->invested_out_usd[i]; break;
        case DS_SIZE_BY_DEGREE:
        case DS_SIZE_BY_N:
        default: v = degree[i]; break;
        }
      self->node_value[i] = v;
      if (ds_is_set (v))
        max_value = MAX (max_value, v);
      bx0 = MIN (bx0, x[i]);
      by0 = MIN (by0, y[i]);
      bx1 = MAX (bx1, x[i]);
      by1 = MAX (by1, y[i]);
      n_visible++;
    }

  /* Same scale rule as ds-scene: the largest node takes a fraction of the
   * mean spacing of the layout. */
  spread = n_visible > 1 ? sqrt (MAX ((bx1 - bx0) * (by1 - by0), 1e-9) / n_visible) : 1;
  self->node_scale = opts->node_scale > 0 ? opts->node_scale : 0.32 * spread;
  for (guint i = 0; i < n; i++)
    {
      double v = self->node_value[i];
      double share = (ds_is_set (v) && max_value > 0) ? sqrt (MAX (v, 0) / max_value) : 0;

      self->node_radius[i] = self->node_scale * (0.28 + 0.72 * share);
      self->node_importance[i] = share * 100 + log1p (degree[i]);
      self->node_flags[i] = (opts->selected == (DsIndex) i ? DS_NODE_SELECTED : 0)
                            | (opts->hovered == (DsIndex) i ? DS_NODE_HOVERED : 0);
    }
  for (guint e = 0; e < self->n_edges; e++)
    {
      double a = self->edge_amount[e];
      double f = ds_is_set (a) && a > 0 ? CLAMP (1 + log10 (a / 1e7), 1, 5) : 1;
      self->edge_width[e] = self->node_scale * 0.03 * f;
    }
  ds_scene_finish (self);
  return self;
}
