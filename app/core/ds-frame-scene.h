/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-frame-scene.h: a graph scene from a replay frame: who is shown, node
 * sizes from the frame's valuations and money, the scenario's own deals. */
#pragma once

#include "ds-replay.h"
#include "ds-scene.h"

G_BEGIN_DECLS

/* What the graph needs of one replay frame, copied: the frame is valid only
 * until the replay's next seek, the snapshot for as long as it is kept
 * (reference counted: a scene shown and the next one built on a worker can
 * share one). */
typedef struct {
  DsDate  date;
  guint   n_entities;
  guint   n_deals;            /* scenario view deals: the landscape's, then hypothetical ones */
  guint   n_landscape_deals;
  DsDeal *deals;              /* overrides applied; strings point into the landscape */
  guint8 *entity_visible;
  double *valuation_usd;
  double *invested_in_usd;
  double *invested_out_usd;
  guint8 *deal_visible;
  guint8 *deal_pending;
  /*< private >*/
  gatomicrefcount ref_count;
} DsFrameSnapshot;

DsFrameSnapshot *ds_frame_snapshot_new  (const DsScenarioView *view,
                                         const DsFrame        *frame);
DsFrameSnapshot *ds_frame_snapshot_ref   (DsFrameSnapshot      *self);
void             ds_frame_snapshot_unref (DsFrameSnapshot      *self);

/* As ds_scene_build () at the snapshot's date, but visibility, deal styles
 * and node sizes come from the frame; edge_item of a deal edge indexes
 * snapshot->deals. */
DsScene         *ds_frame_scene_build   (DsLandscape           *landscape,
                                         const DsFrameSnapshot *snapshot,
                                         const double          *x,
                                         const double          *y,
                                         const DsSceneOptions  *opts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsFrameSnapshot, ds_frame_snapshot_unref)

G_END_DECLS
