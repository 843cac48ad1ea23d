/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-scene-private.h: the one scene builder behind ds_scene_build () and
 * ds_frame_scene_build (); each computes these inputs its own way. */
#pragma once

#include "ds-scene.h"

G_BEGIN_DECLS

typedef struct {
  DsDate        date;              /* the scene's date as asked; a partial one covers its period */
  const guint8 *entity_present;    /* per entity: in the picture at the date */
  const double *size_value;        /* per entity: opts->size_by's measure; NULL: the degree shown */
  const DsDeal *deals;             /* edge_item of a deal edge indexes these */
  guint         n_deals;
  guint         n_landscape_deals; /* deals from this index on are labelled "(scenario)" */
  const guint8 *deal_visible;      /* per deal: happened by the date */
  const guint8 *deal_pending;      /* per deal: drawn dashed, status in its label */
} DsSceneInput;

/* Whether entity i is drawn: present, of a kind the options show, placed. */
gboolean ds_scene_node_shown (DsLandscape          *landscape,
                              const DsSceneInput   *input,
                              guint                 i,
                              const double         *x,
                              const double         *y,
                              const DsSceneOptions *opts);
/* Whether deal k is drawn as an edge, given the drawn nodes. */
gboolean ds_scene_deal_shown (const DsSceneInput   *input,
                              guint                 k,
                              const guint8         *node_visible,
                              const DsSceneOptions *opts);

DsScene *ds_scene_build_from (DsLandscape          *landscape,
                              const DsSceneInput   *input,
                              const double         *x,
                              const double         *y,
                              const DsSceneOptions *opts);

G_END_DECLS
