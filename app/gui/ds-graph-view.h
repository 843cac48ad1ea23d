/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-graph-view.h: the graph canvas: draws a DsScene with the core renderer,
 * pans, zooms, drags nodes, hovers, selects and walks nodes by keyboard. */
#pragma once

#include <gtk/gtk.h>

#include "ds-diff-overlay.h"
#include "ds-hit-test.h"
#include "ds-landscape.h"
#include "ds-replay.h"
#include "ds-scene.h"

G_BEGIN_DECLS

#define DS_TYPE_GRAPH_VIEW (ds_graph_view_get_type ())
G_DECLARE_FINAL_TYPE (DsGraphView, ds_graph_view, DS, GRAPH_VIEW, GtkWidget)

GtkWidget     *ds_graph_view_new             (void);

/* Positions are copied (one per entity of `landscape`; NULL x/y: the
 * placeholder layout); pinned may be NULL. */
void           ds_graph_view_set_landscape   (DsGraphView  *self,
                                              DsLandscape  *landscape,
                                              const double *x,
                                              const double *y,
                                              const guint8 *pinned);
/* As ds_graph_view_set_landscape, for a landscape that draws exactly as
 * the one shown (the document after its graph preview: same entities,
 * deals and relations in the same order, the same positions): the scene
 * shown stays, so nothing is built again on the main thread. Checks the
 * counts and positions, and falls back to set_landscape (FALSE) when they
 * differ. */
gboolean       ds_graph_view_adopt_landscape (DsGraphView  *self,
                                              DsLandscape  *landscape,
                                              const double *x,
                                              const double *y,
                                              const guint8 *pinned);
DsLandscape   *ds_graph_view_get_landscape   (DsGraphView  *self);
/* Arrays of n_entities, owned by the view. */
void           ds_graph_view_get_positions   (DsGraphView   *self,
                                              const double **x,
                                              const double **y,
                                              const guint8 **pinned);

/* DS_DATE_NONE shows every deal whatever its date. */
void           ds_graph_view_set_date        (DsGraphView  *self,
                                              DsDate        date);
DsDate         ds_graph_view_get_date        (DsGraphView  *self);
/* Shows the replay's frame (the scenario at a date: who is there, sizes from
 * its valuations, the scenario's own deals); the frame is copied. NULL: the
 * landscape as recorded at the view's date. Set it again after set_landscape. */
void           ds_graph_view_set_frame       (DsGraphView          *self,
                                              const DsScenarioView *view,
                                              const DsFrame        *frame);
/* Compare mode: draws `diff` (borrowed: keep it until the next set_diff or
 * set_frame) as ds-diff-overlay does, B's graph with A's differences
 * marked; set_frame or NULL leaves it. */
void           ds_graph_view_set_diff        (DsGraphView          *self,
                                              const DsScenarioDiff *diff);
/* The marks of the current scene in compare mode, else NULL. */
const DsDiffOverlay *ds_graph_view_get_diff_overlay (DsGraphView *self);
/* The deal an edge of the scene stands for (edge_item of a deal edge). */
const DsDeal  *ds_graph_view_get_deal        (DsGraphView  *self,
                                              DsIndex       item);
void           ds_graph_view_set_selected    (DsGraphView  *self,
                                              DsIndex       entity);
DsIndex        ds_graph_view_get_selected    (DsGraphView  *self);
/* Selects a deal by id (NULL: nothing), drawn as its highlighted edge with
 * its two ends; replaces the node selection. No signal, as set_selected. */
void           ds_graph_view_select_deal     (DsGraphView  *self,
                                              const char   *deal_id);
const char    *ds_graph_view_get_selected_deal (DsGraphView *self);
/* Where a world point is in the view, for tests; FALSE before a scene. */
gboolean       ds_graph_view_world_to_view   (DsGraphView  *self,
                                              double        wx,
                                              double        wy,
                                              double       *vx,
                                              double       *vy);
/* What a click at a view point would hit (a scene node or edge index in
 * *index), for tests. */
DsHitKind      ds_graph_view_hit_test        (DsGraphView  *self,
                                              double        vx,
                                              double        vy,
                                              guint        *index);
/* A single primary click at a view point, through the click handler's code. */
void           ds_graph_view_click           (DsGraphView  *self,
                                              double        vx,
                                              double        vy);
/* "light", "dark" or "high-contrast". */
void           ds_graph_view_set_show_labels (DsGraphView  *self,
                                              gboolean      show);
gboolean       ds_graph_view_get_show_labels (DsGraphView  *self);
guint          ds_graph_view_get_labels_placed (DsGraphView *self);
void           ds_graph_view_set_theme_name  (DsGraphView  *self,
                                              const char   *name);
void           ds_graph_view_set_filters     (DsGraphView  *self,
                                              guint32       entity_kinds,
                                              guint32       deal_statuses);
/* Shows only deals dated from `from` to `to` (DS_DATE_NONE: open ends;
 * partial dates are whole periods), on top of the timeline's date. */
void           ds_graph_view_set_date_range  (DsGraphView  *self,
                                              DsDate        from,
                                              DsDate        to);
/* Lights these deals (the circles: one entry per deal of the frame's view,
 * or of the landscape without a frame) and dims the rest whenever nothing
 * is selected or hovered; copied. NULL clears it. */
void           ds_graph_view_set_highlight   (DsGraphView  *self,
                                              const guint8 *deal_lit,
                                              guint         n_deals);
gboolean       ds_graph_view_get_highlighted (DsGraphView  *self);
/* Marks the scene stale: the data changed (an edit, a scenario). */
void           ds_graph_view_invalidate      (DsGraphView  *self);

/* Moves the content by (dx, dy) view pixels, as a drag would. */
void           ds_graph_view_pan_by          (DsGraphView  *self,
                                              double        dx,
                                              double        dy);
void           ds_graph_view_zoom_in         (DsGraphView  *self);
void           ds_graph_view_zoom_out        (DsGraphView  *self);
void           ds_graph_view_zoom_reset      (DsGraphView  *self);
/* Centres on the entity and the nodes it deals with. */
void           ds_graph_view_focus_entity    (DsGraphView  *self,
                                              DsIndex       entity);

/* The scene as last built (built now if stale); NULL before a landscape. */
const DsScene *ds_graph_view_get_scene       (DsGraphView  *self);
/* Frames drawn and the time the last one took to render, for benchmarks. */
guint          ds_graph_view_get_frame_count (DsGraphView  *self);
double         ds_graph_view_get_last_render_ms (DsGraphView *self);
/* Cache images drawn ahead in a worker thread and shown (panning). */
guint          ds_graph_view_get_prefetch_count (DsGraphView *self);
/* Full images drawn on the main thread (content, zoom or size changed, or
 * a pan outran the image drawn ahead). */
guint          ds_graph_view_get_redraw_count (DsGraphView *self);
/* Redraws done in the worker while the old image stood in, scaled. */
guint          ds_graph_view_get_async_redraw_count (DsGraphView *self);
/* Once a full redraw took longer than `ms` (8 by default: half a frame),
 * later ones run in the worker and the old image stands in, scaled, until
 * the new one is ready; 0 does that whenever an old image can stand in. */
void           ds_graph_view_set_redraw_budget (DsGraphView *self,
                                                double       ms);
double         ds_graph_view_get_redraw_budget (DsGraphView *self);
/* From how many deals of the landscape a changed scene (a new replay
 * frame, date, filter or highlight) is built on a worker while the scene
 * shown stands in (hovering, clicking and tooltips use it): 100,000 by
 * default (a million deals take 200-500 ms to build); 0 always does. */
void           ds_graph_view_set_scene_async_deals (DsGraphView *self,
                                                    guint        min_deals);
/* From how many nodes a drag moves only the dragged node's neighbourhood
 * (ds-drag-region: the nearest 1,500 nodes, their leaves following) rather
 * than simulating the whole graph: 20,000 by default; 0 always. */
void           ds_graph_view_set_local_drag_nodes (DsGraphView *self,
                                                   guint        n_nodes);
/* Whether the landscape's graph (for a drag) is built: from that many
 * nodes on, a worker builds it 3 s after the landscape was set, so the
 * first drag does not wait for it (0.3-0.4 s at a million deals). */
gboolean       ds_graph_view_get_graph_ready (DsGraphView *self);
/* The nodes moved since ds_graph_view_forget_moved_nodes, for saving only
 * those; NULL when every position is to be saved (the whole graph's
 * simulation ran, or the landscape changed before a save). */
const guint32 *ds_graph_view_get_moved_nodes (DsGraphView *self,
                                              guint       *n_nodes);
void           ds_graph_view_forget_moved_nodes (DsGraphView *self);
/* Returns once no worker of the view reads its landscape: call it before
 * changing the landscape in place (an edit). What that worker built, of the
 * landscape before the change, is shown only if nothing invalidated the
 * view since. */
void           ds_graph_view_wait_for_scene    (DsGraphView *self);
/* Whether a worker builds a scene that the one shown stands in for. */
gboolean       ds_graph_view_get_scene_pending (DsGraphView *self);
/* Scenes built by a worker and shown. */
guint          ds_graph_view_get_async_scene_count (DsGraphView *self);

G_END_DECLS
