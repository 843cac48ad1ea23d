/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-hit-test.h: what is under a point of the view (a node or an edge),
 * answered from a spatial grid over a scene; shared by the GUI and tests. */
#pragma once

#include <glib.h>

#include "ds-camera.h"
#include "ds-scene.h"

G_BEGIN_DECLS

typedef enum {
  DS_HIT_NONE,
  DS_HIT_NODE,
  DS_HIT_EDGE,
} DsHitKind;

typedef struct _DsHitTest DsHitTest;

/* Indexes the visible nodes of `scene`, which must outlive the result
 * (rebuild after ds_scene_set_positions). */
DsHitTest *ds_hit_test_new   (const DsScene *scene);
void       ds_hit_test_free  (DsHitTest     *self);

/* Nodes win over edges; among nodes the one drawn on top; an edge counts
 * within `tolerance` view pixels of its centre line (plus half its width).
 * Sets *out_index to the scene's node or edge index. */
DsHitKind  ds_hit_test_query (const DsHitTest *self,
                              const DsCamera  *camera,
                              double           view_x,
                              double           view_y,
                              double           tolerance,
                              guint           *out_index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsHitTest, ds_hit_test_free)

G_END_DECLS
