/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-diff-overlay.h: a scenario diff made drawable: the graph of scenario B
 * with A's removed deals put back, and per edge and node what the renderer
 * marks (added, removed, changed, a threshold crossed) and its legend. */
#pragma once

#include <cairo.h>

#include "ds-frame-scene.h"
#include "ds-scenario-diff.h"
#include "ds-theme.h"

G_BEGIN_DECLS

typedef enum {
  DS_DIFF_MARK_NONE,
  DS_DIFF_MARK_ADDED,     /* green, thicker */
  DS_DIFF_MARK_REMOVED,   /* red, dashed, where A had it */
  DS_DIFF_MARK_CHANGED,   /* amber, with "$2B → $4B" */
} DsDiffMark;

/* Everything is decided here, before drawing: the renderer only looks up
 * edge_mark[e], edge_label[e] and node_ring[n]. Built for one scene. */
typedef struct _DsDiffOverlay {
  guint        n_edges;
  guint8      *edge_mark;    /* DsDiffMark per scene edge */
  const char **edge_label;   /* per scene edge, or NULL (C form, in `strings`) */
  gint        *edge_diff;    /* the DsDealDiff of the edge (index into diff->deals), -1 */
  guint        n_deal_diffs;
  gint        *diff_edge;    /* the scene edge of each DsDealDiff, -1 when not shown */
  guint        n_nodes;
  guint8      *node_ring;    /* 1: a stake of (or in) this node crossed a threshold */
  char        *title;        /* "Alpha → Beta, Sep 2024" */
  guint        n_added, n_removed, n_changed, n_crossed;
  double       threshold;    /* B's stake threshold, for the legend */
  /*< private >*/
  GStringChunk *strings;
  gatomicrefcount ref_count;
} DsDiffOverlay;

/* What the graph of a diff shows: scenario B's replay frame at the diff's
 * date, as the graph draws a scenario, plus the deals only A shows (after
 * B's deals, at their place between the same two entities, which are made
 * visible). Deal edges of the diff's scene index its deals. */
DsFrameSnapshot *ds_diff_snapshot_new (const DsScenarioDiff *diff);

/* The scene to draw a diff on, with its overlay. snapshot: from
 * ds_diff_snapshot_new () for this diff (NULL: made and dropped here).
 * When anything differs, the other deals are dimmed
 * (ds_scene_set_highlight). x, y: positions per entity. */
DsScene       *ds_diff_scene_build   (const DsScenarioDiff  *diff,
                                      const DsFrameSnapshot *snapshot,
                                      const double          *x,
                                      const double          *y,
                                      const DsSceneOptions  *opts,
                                      DsDiffOverlay        **out_overlay);
/* The overlay is read-only once built; a renderer in another thread keeps
 * a reference of its own, as it does of the scene. */
DsDiffOverlay *ds_diff_overlay_ref   (DsDiffOverlay        *self);
void           ds_diff_overlay_free  (DsDiffOverlay        *self);

/* The overlay's colours in a theme. */
const DsRgba  *ds_diff_overlay_colour (const DsTheme *theme,
                                       DsDiffMark     mark);
/* The ring drawn round a node of view radius r whose stake crossed. */
void           ds_diff_overlay_ring   (cairo_t       *cr,
                                       const DsTheme *theme,
                                       double         x,
                                       double         y,
                                       double         r);

/* The overlay's legend in a width x height view whose bottom-left corner
 * holds the graph's legend (left_w x left_h; 0 x 0 when there is none): the
 * title, then one line per kind of mark with its count, at the bottom
 * right, or stacked above the graph's legend when the two do not fit side
 * by side. Sets the box it takes, margin included (top-left, size; a size
 * of 0 when it is not drawn: too big for the view); draw FALSE only
 * measures. */
void           ds_diff_overlay_legend (cairo_t             *cr,
                                       const DsDiffOverlay *self,
                                       const DsTheme       *theme,
                                       double               width,
                                       double               height,
                                       double               left_w,
                                       double               left_h,
                                       gboolean             draw,
                                       double              *out_x,
                                       double              *out_y,
                                       double              *out_width,
                                       double              *out_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsDiffOverlay, ds_diff_overlay_free)

G_END_DECLS
