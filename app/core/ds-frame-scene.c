/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-frame-scene.c: the graph's scene from a replay frame, so the picture
 * follows the scenario and the date; ds-scene's builder draws it. */
#define G_LOG_DOMAIN "ds-frame-scene"

#include "config.h"

#include "ds-frame-scene.h"
#include "ds-scene-private.h"

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
  g_atomic_ref_count_init (&self->ref_count);
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

DsFrameSnapshot *
ds_frame_snapshot_ref (DsFrameSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ds_frame_snapshot_unref (DsFrameSnapshot *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
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

DsScene *
ds_frame_scene_build (DsLandscape           *ls,
                      const DsFrameSnapshot *snap,
                      const double          *x,
                      const double          *y,
                      const DsSceneOptions  *opts)
{
  DsSceneInput in = { 0 };

  g_return_val_if_fail (ls != NULL && snap != NULL && x != NULL && y != NULL && opts != NULL, NULL);
  g_return_val_if_fail (snap->n_entities == (guint) ds_landscape_n_entities (ls), NULL);

  in.date = snap->date;
  in.entity_present = snap->entity_visible;
  in.deals = snap->deals;
  in.n_deals = snap->n_deals;
  in.n_landscape_deals = snap->n_landscape_deals;
  in.deal_visible = snap->deal_visible;
  in.deal_pending = snap->deal_pending;
  /* The replay already counted the money and valuations at the frame's date. */
  switch (opts->size_by)
    {
    case DS_SIZE_BY_VALUATION: in.size_value = snap->valuation_usd; break;
    case DS_SIZE_BY_RAISED: in.size_value = snap->invested_in_usd; break;
    case DS_SIZE_BY_INVESTED: in.size_value = snap->invested_out_usd; break;
    case DS_SIZE_BY_DEGREE:
    case DS_SIZE_BY_N:
    default: in.size_value = NULL; break;
    }
  return ds_scene_build_from (ls, &in, x, y, opts);
}
