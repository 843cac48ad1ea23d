/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-graph-view.c: the graph canvas: a prebuilt DsScene drawn by ds_render_graph
 * in the snapshot, with the camera and pointer/keyboard interaction around it. */
#define G_LOG_DOMAIN "ds-graph-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ds-camera.h"
#include "ds-amount.h"
#include "ds-format.h"
#include "ds-frame-scene.h"
#include "ds-graph-view.h"
#include "ds-render.h"
#include "ds-theme.h"
#include "ds-hit-test.h"
#include "ds-drag-region.h"
#include "ds-force-sim.h"
#include "ds-graph.h"

#define ZOOM_STEP 1.25
#define FIT_MARGIN 48.0
/* Room kept on the left and right for node labels when fitting, in pixels. */
#define FIT_LABEL_ROOM 190.0
#define CACHE_MARGIN 160
/* Once the view has moved this far into the margin, the next image is drawn
 * in a worker thread, so that it is ready before the view leaves the old one. */
#define PREFETCH_AT (CACHE_MARGIN / 3)
/* Above this many shown nodes, hovering only rings the node over the cached
 * image: dimming everything else means redrawing it all (100 ms and more at
 * 10,000 nodes), a stutter each time the pointer crosses a node. A click
 * still focuses the neighbourhood. */
#define HOVER_FOCUS_MAX_NODES 2000
/* Half a 60 Hz frame: a redraw slower than this goes to the worker next
 * time (see redraw_budget_ms). */
#define DEFAULT_REDRAW_BUDGET_MS 8.0
/* While a zoom goes on, a worker's redraw starts at least this long after
 * the last one was shown: each new image costs the compositor a frame, and
 * back-to-back redraws of a big graph (250k deals) halved the frame rate;
 * between them the scaled image stands in at full rate. */
#define REDRAW_GAP_MS 100
/* After the view changed size (the inspector slid in), the old image stands
 * in only when a redraw takes longer than this: a shorter hitch is better
 * than a frame of the old image misplaced at the edges. */
#define RESIZE_PREVIEW_MS 100.0
/* From this many deals a scene (200-500 ms to build at a million, 30-50 ms
 * here) is built on a worker when it changes, the one shown standing in
 * until the new one is in (see request_scene). A count, not a time, so that
 * the same document behaves the same on every machine. */
#define DEFAULT_SCENE_ASYNC_DEALS 100000
/* From this many nodes a drag simulates the dragged node's neighbourhood
 * only (ds-drag-region): a tick of the whole graph's simulation takes
 * 45 ms at 32,000 nodes and a second at 400,000. */
#define DEFAULT_LOCAL_DRAG_NODES 20000
/* The most nodes a local drag simulates (their leaves follow on top). */
#define LOCAL_DRAG_MAX_MOVING 1500
/* A big landscape's graph (0.3-0.4 s at a million deals) is built on a
 * worker this long after the landscape was last set, so that the first
 * drag does not wait for it and the open's own workers have the cores. */
#define GRAPH_PREPARE_DELAY_MS 3000

typedef struct _SceneJob SceneJob;

struct _DsGraphView {
  GtkWidget parent_instance;

  DsLandscape *landscape;
  guint        n;            /* entities */
  double      *x, *y;
  guint8      *pinned;

  DsDate       date;
  DsIndex      selected;
  char        *selected_deal; /* deal id (of the frame's view: hypothetical ones too), or NULL */
  DsIndex      hovered;
  guint32      entity_kinds;
  guint32      deal_statuses;
  DsDate       deals_from, deals_to;   /* DS_DATE_NONE: open */
  char        *theme_name;
  gboolean     show_labels;  /* FALSE: only the selected node is named */
  guint        labels_placed; /* by the image shown */
  /* Deals to light (the circles), one entry per deal the scene indexes;
   * NULL: none. Applied to every scene built. */
  guint8      *deal_lit;
  guint        n_deal_lit;

  DsFrameSnapshot *frame;    /* the replay's state at `date`, or NULL: the landscape as recorded */
  /* Compare mode: the diff drawn (the window's, borrowed), frame is then
   * its merged snapshot and overlay the marks of the current scene. */
  const DsScenarioDiff *diff;
  DsDiffOverlay *overlay;
  DsScene     *scene;        /* NULL when stale, unless a worker builds the next (scene_cancel) */
  DsHitTest   *hit;
  DsFrameSnapshot *scene_frame; /* what the scene shown was built from (its edges index its deals), or NULL */
  /* The scene a worker builds, because the last build was slow: the one
   * shown (with scene_frame) stays until it is in. One job at a time; a
   * change meanwhile asks for another when it is done. */
  GCancellable *scene_cancel;  /* of the running job; NULL: none (or forgotten) */
  guint64      scene_wanted;   /* serial of what the scene should show now; 0: what it shows */
  guint64      positions_serial;
  guint        scene_async_deals;
  /* The job reading the landscape (even one forgotten since), until its
   * callback: ds_graph_view_wait_for_scene waits for it. */
  SceneJob    *running_job;
  guint        async_scenes;   /* scenes built by a worker and shown */
  DsCamera    *camera;
  gboolean     fitted;       /* the camera was fitted to the graph once */

  /* Pointer state. */
  double       pointer_x, pointer_y;
  gboolean     dragging_node;
  DsIndex      drag_node;
  double       drag_start_x, drag_start_y;   /* view */
  double       drag_node_x0, drag_node_y0;   /* world, at drag start */
  double       last_dx, last_dy;
  double       zoom_scale0;

  guint        frames;
  double       last_render_ms;

  /* The last full render, larger than the view by CACHE_MARGIN on every
   * side: panning only moves it until the view leaves it. The texture is
   * made from the surface only for GL renderers: GTK's cairo renderer
   * would convert a texture back to a surface on every frame. */
  cairo_surface_t *cache;
  GdkTexture  *cache_texture;
  double       cache_cx, cache_cy, cache_zoom;
  int          cache_w, cache_h, cache_scale;
  guint64      content_serial, cache_serial;
  gboolean     panning;
  /* The scene a worker is drawing the next cache image from (a reference
   * of its own); the view then rebuilds the scene instead of changing it. */
  DsScene     *prefetch_scene;
  GCancellable *prefetch_cancel;
  guint        prefetches_used;
  guint        redraws;     /* full images drawn on the main thread */
  /* A redraw that took longer than redraw_budget_ms (a big graph) is done
   * in the worker next time, the old image shown scaled meanwhile, so that
   * zooming, selecting or filtering never stalls a frame. */
  double       last_redraw_ms;
  double       redraw_budget_ms;
  gint64       last_redraw_shown_us;
  guint        redraw_gap_id;
  guint        async_redraws;

  double       legend_w, legend_h;   /* as measured for legend_serial and legend_view_w */
  double       diff_legend_x, diff_legend_y, diff_legend_w, diff_legend_h;  /* the compare overlay's legend */
  guint64      diff_legend_serial;
  int          diff_legend_view_w, diff_legend_view_h;
  guint64      legend_serial;
  int          legend_view_w;

  DsGraph     *graph;
  DsForceSim  *sim;          /* moves x[] and y[] in place */
  gboolean     sim_radii_set;
  guint        sim_tick_id;
  DsDragRegion *region;      /* a big graph's drag: its neighbourhood only */
  guint        graph_prepare_id;
  GCancellable *graph_cancel; /* the graph built on a worker */
  guint        local_drag_nodes;
  /* Nodes moved since the window last saved them (moved_all: too many
   * to list, after the whole graph's simulation ran). */
  guint8      *moved;
  GArray      *moved_nodes;  /* guint32 */
  gboolean     moved_all;
};

G_DEFINE_FINAL_TYPE (DsGraphView, ds_graph_view, GTK_TYPE_WIDGET)

enum {
  SELECTION_CHANGED,
  NODE_ACTIVATED,
  POSITIONS_CHANGED,
  DEAL_SELECTED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* The hovered node when hovering dims the rest (small scenes), else DS_NONE. */
static DsIndex
hover_focus (const DsScene *scene,
             DsIndex        hovered)
{
  return scene != NULL && scene->n_node_order > HOVER_FOCUS_MAX_NODES ? DS_NONE : hovered;
}

static DsIndex
focus_hovered (DsGraphView *self)
{
  return hover_focus (self->scene, self->hovered);
}

/* The scene edge of the selected deal, or G_MAXUINT when it is not shown
 * (filtered out, not yet announced at the date, or gone). */
static guint
selected_deal_edge (DsGraphView *self)
{
  if (self->selected_deal == NULL || self->scene == NULL)
    return G_MAXUINT;
  for (guint e = 0; e < self->scene->n_edges; e++)
    if (self->scene->edge_kind[e] == DS_EDGE_DEAL && self->scene->edge_item[e] != DS_NONE)
      {
        const DsDeal *d = ds_graph_view_get_deal (self, self->scene->edge_item[e]);
        if (d != NULL && g_strcmp0 (d->id, self->selected_deal) == 0)
          return e;
      }
  return G_MAXUINT;
}

/* A selected deal lights its edge and two ends; else the selected node's
 * neighbourhood. */
static void
apply_focus (DsGraphView *self)
{
  if (self->selected_deal != NULL)
    ds_scene_set_edge_focus (self->scene, selected_deal_edge (self), focus_hovered (self));
  else
    ds_scene_set_focus (self->scene, self->selected, focus_hovered (self));
}

/* No graph built ahead any more (pending or running). */
static void
forget_graph_job (DsGraphView *self)
{
  g_clear_handle_id (&self->graph_prepare_id, g_source_remove);
  if (self->graph_cancel != NULL)
    g_cancellable_cancel (self->graph_cancel);
  g_clear_object (&self->graph_cancel);
}

/* No scene job any more: a running one's result is dropped. */
static void
forget_scene_job (DsGraphView *self)
{
  if (self->scene_cancel != NULL)
    g_cancellable_cancel (self->scene_cancel);
  g_clear_object (&self->scene_cancel);
  self->scene_wanted = 0;
}

/* The scene goes, and with it any job building its successor: the next is
 * built at once (ensure_scene). */
static void
drop_scene (DsGraphView *self)
{
  forget_scene_job (self);
  self->content_serial++;
  g_clear_pointer (&self->hit, ds_hit_test_free);
  g_clear_pointer (&self->scene, ds_scene_free);
  g_clear_pointer (&self->scene_frame, ds_frame_snapshot_unref);
  g_clear_pointer (&self->overlay, ds_diff_overlay_free);
}

/* The options a scene is built with, on whichever thread: the view's
 * filters, date range and focus. */
static DsSceneOptions
scene_options (DsGraphView *self)
{
  DsSceneOptions opts;

  ds_scene_options_init (&opts);
  opts.entity_kinds = self->entity_kinds;
  opts.deal_statuses = self->deal_statuses;
  opts.deals_from = self->deals_from;
  opts.deals_to = self->deals_to;
  opts.selected = self->selected;
  opts.hovered = self->hovered;
  return opts;
}

/* The frame the scene is to show, when it is not the landscape as recorded. */
static DsFrameSnapshot *
wanted_frame (DsGraphView *self)
{
  return self->frame != NULL && self->frame->n_entities == self->n ? self->frame : NULL;
}

/* A scene from the replay's frame, else from the landscape as recorded at
 * `date`, with the circles' highlight (NULL: none): what ensure_scene and
 * the worker build, on either thread. */
static DsScene *
build_scene (DsLandscape           *landscape,
             const DsFrameSnapshot *frame,
             DsDate                 date,
             const double          *x,
             const double          *y,
             const DsSceneOptions  *opts,
             const guint8          *deal_lit,
             guint                  n_deal_lit)
{
  DsScene *scene = frame != NULL ? ds_frame_scene_build (landscape, frame, x, y, opts)
                                 : ds_scene_build (landscape, date, x, y, opts);

  if (deal_lit != NULL)
    ds_scene_set_highlight (scene, deal_lit, n_deal_lit);
  return scene;
}

/* The one place a frame's scene is made on the main thread: from the
 * replay's frame (the scenario at the date) when the window gave one, else
 * from the landscape; a compare diff's from the diff. */
static void
ensure_scene (DsGraphView *self)
{
  DsSceneOptions opts;
  DsFrameSnapshot *frame = wanted_frame (self);

  if (self->scene != NULL || self->landscape == NULL)
    return;
  opts = scene_options (self);
  if (self->diff != NULL && frame != NULL)
    self->scene = ds_diff_scene_build (self->diff, frame, self->x, self->y, &opts, &self->overlay);
  else
    self->scene = build_scene (self->landscape, frame, self->date, self->x, self->y, &opts,
                               self->diff == NULL ? self->deal_lit : NULL, self->n_deal_lit);
  self->scene_frame = frame != NULL ? ds_frame_snapshot_ref (frame) : NULL;
  apply_focus (self);
  self->content_serial++;
  self->hit = ds_hit_test_new (self->scene);
  /* Collision discs are the drawn sizes, known after the first build. */
  if (self->sim != NULL && !self->sim_radii_set && self->scene->n_nodes == self->n)
    {
      ds_force_sim_set_radii (self->sim, self->scene->node_radius, 10);
      self->sim_radii_set = TRUE;
    }
}

/* Building the next scene on a worker ------------------------------------- */

struct _SceneJob {
  guint64          serial;
  guint64          positions_serial;
  DsLandscape     *landscape;
  DsFrameSnapshot *frame;     /* NULL: the landscape as recorded at `date` */
  DsDate           date;
  double          *x, *y;     /* copies: the simulation moves the view's */
  DsSceneOptions   opts;
  guint8          *deal_lit;
  guint            n_deal_lit;
  DsScene         *scene;
  DsHitTest       *hit;
  /* Set once the worker no longer reads the landscape. */
  GMutex           lock;
  GCond            finished;
  gboolean         done;
};

static void
scene_job_free (SceneJob *job)
{
  ds_landscape_unref (job->landscape);
  if (job->frame != NULL)
    ds_frame_snapshot_unref (job->frame);
  g_free (job->x);
  g_free (job->y);
  g_free (job->deal_lit);
  g_clear_pointer (&job->hit, ds_hit_test_free);
  g_clear_pointer (&job->scene, ds_scene_free);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->finished);
  g_free (job);
}

/* ensure_scene's build, from the job's copies. */
static void
scene_job_run (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SceneJob *job = task_data;

  job->scene = build_scene (job->landscape, job->frame, job->date, job->x, job->y, &job->opts,
                            job->deal_lit, job->n_deal_lit);
  /* The focus the window most likely still has; apply_focus on the main
   * thread then has nothing to do. */
  ds_scene_set_focus (job->scene, job->opts.selected, hover_focus (job->scene, job->opts.hovered));
  job->hit = ds_hit_test_new (job->scene);
  g_mutex_lock (&job->lock);
  job->done = TRUE;
  g_cond_signal (&job->finished);
  g_mutex_unlock (&job->lock);
  g_task_return_boolean (task, TRUE);
}

static void start_scene_job (DsGraphView *self);

static void
scene_job_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DsGraphView *self = DS_GRAPH_VIEW (source);
  SceneJob *job = g_task_get_task_data (G_TASK (result));

  if (self->running_job == job)
    self->running_job = NULL;
  if (g_task_get_cancellable (G_TASK (result)) != self->scene_cancel)
    return;   /* disposed, or a sync build took over */
  g_clear_object (&self->scene_cancel);
  /* Things changed while it was built (another request, or the landscape
   * adopted): once more, with what is wanted now. The scene shown and the
   * wish are still there: dropping the scene forgets the job. */
  if (job->serial != self->scene_wanted || job->landscape != self->landscape)
    {
      start_scene_job (self);
      return;
    }
  drop_scene (self);   /* the job is forgotten: it is this one */
  self->scene = g_steal_pointer (&job->scene);
  self->hit = g_steal_pointer (&job->hit);
  self->scene_frame = job->frame != NULL ? ds_frame_snapshot_ref (job->frame) : NULL;
  if (job->positions_serial != self->positions_serial)
    {
      /* Nodes dragged meanwhile. */
      ds_scene_set_positions (self->scene, self->x, self->y);
      g_clear_pointer (&self->hit, ds_hit_test_free);
    }
  apply_focus (self);
  if (self->sim != NULL && !self->sim_radii_set && self->scene->n_nodes == self->n)
    {
      ds_force_sim_set_radii (self->sim, self->scene->node_radius, 10);
      self->sim_radii_set = TRUE;
    }
  self->async_scenes++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
start_scene_job (DsGraphView *self)
{
  g_autoptr(GTask) task = NULL;
  SceneJob *job = g_new0 (SceneJob, 1);

  job->serial = self->scene_wanted;
  job->positions_serial = self->positions_serial;
  job->landscape = ds_landscape_ref (self->landscape);
  job->frame = wanted_frame (self) != NULL ? ds_frame_snapshot_ref (self->frame) : NULL;
  job->date = self->date;
  job->x = g_memdup2 (self->x, sizeof (double) * MAX (self->n, 1));
  job->y = g_memdup2 (self->y, sizeof (double) * MAX (self->n, 1));
  job->opts = scene_options (self);
  if (self->deal_lit != NULL)
    {
      job->deal_lit = g_memdup2 (self->deal_lit, MAX (self->n_deal_lit, 1));
      job->n_deal_lit = self->n_deal_lit;
    }
  g_mutex_init (&job->lock);
  g_cond_init (&job->finished);
  self->running_job = job;
  self->scene_cancel = g_cancellable_new ();
  task = g_task_new (self, self->scene_cancel, scene_job_done, NULL);
  g_task_set_source_tag (task, start_scene_job);
  g_task_set_task_data (task, job, (GDestroyNotify) scene_job_free);
  g_task_run_in_thread (task, scene_job_run);
}

/* The scene must change. A big one is built on a worker while the one
 * shown stands in, with its frame and hit test, so that hovering and
 * clicking still work; a compare diff, which the window may free, is always
 * built at once, as is a first scene or one of other nodes. */
static void
request_scene (DsGraphView *self)
{
  static guint64 next_serial = 1;

  if (self->scene == NULL || self->diff != NULL || self->overlay != NULL || self->landscape == NULL ||
      (guint) ds_landscape_n_deals (self->landscape) < self->scene_async_deals ||
      self->scene->n_nodes != self->n)
    {
      drop_scene (self);
      return;
    }
  self->scene_wanted = next_serial++;
  if (self->scene_cancel == NULL)
    start_scene_job (self);
}

static const DsTheme *
current_theme (DsGraphView *self)
{
  const DsTheme *theme = ds_theme_get (self->theme_name);
  return theme != NULL ? theme : ds_theme_get ("light");
}

/* Nodes win over edges, as in ds-hit-test; the fallback only knows nodes. */
static DsHitKind
hit_at (DsGraphView *self,
        double       vx,
        double       vy,
        guint       *index)
{
  ensure_scene (self);
  if (self->scene == NULL)
    return DS_HIT_NONE;
  /* Moved nodes drop the index; it is made again when asked. */
  if (self->hit == NULL)
    self->hit = ds_hit_test_new (self->scene);
  return ds_hit_test_query (self->hit, self->camera, vx, vy, 4.0, index);
}

static void
fit_camera (DsGraphView *self)
{
  ensure_scene (self);
  if (self->scene == NULL || gtk_widget_get_width (GTK_WIDGET (self)) <= 1)
    return;
  {
    int w = gtk_widget_get_width (GTK_WIDGET (self));
    int h = gtk_widget_get_height (GTK_WIDGET (self));
    /* Labels stand beside their glyphs, at a fixed size on screen: fit the
     * nodes into a view narrowed by room for a label on either side, then
     * give the camera the whole view back, so no name is cut at the edge. */
    double label_room = MIN (FIT_LABEL_ROOM, w / 5.0);

    ds_camera_set_viewport_size (self->camera, MAX (w - 2 * label_room, 1), h);
    ds_camera_fit_bounds (self->camera, self->scene->x0, self->scene->y0,
                          self->scene->x1, self->scene->y1, FIT_MARGIN);
    ds_camera_set_viewport_size (self->camera, w, h);
  }
  self->fitted = TRUE;
}

/* Draws the graph (no legend) into an image of the camera's viewport (the
 * view plus CACHE_MARGIN on every side; no label straddles the view's edge).
 * Touches nothing of the view: it also runs in a worker. */
/* What the canvas asks of the renderer besides scene, camera and theme. */
typedef struct {
  gboolean show_labels;
  gint32   priority_node;   /* the selected node's label goes first; -1: none */
  guint    placed;          /* out: the labels the image shows */
} LabelRequest;

static cairo_surface_t *
render_image (const DsScene       *scene,
              const DsDiffOverlay *overlay,
              const DsCamera      *camera,
              const DsTheme       *theme,
              int                  scale,
              LabelRequest        *labels)
{
  DsRenderOptions opts;
  DsRenderStats stats = { 0 };
  int width = (int) ds_camera_get_width (camera), height = (int) ds_camera_get_height (camera);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  if (scene != NULL)
    {
      ds_render_options_init (&opts);
      opts.show_legend = FALSE;
      opts.label_inset = CACHE_MARGIN;
      /* snapshot draws the legend over the image's bottom-left corner. */
      opts.reserve_legend = TRUE;
      opts.show_labels = opts.show_edge_labels = labels->show_labels;
      opts.priority_node = labels->priority_node;
      opts.stats = &stats;
      /* And the compare overlay's legend over its bottom-right one. */
      opts.diff_overlay = overlay;
      opts.reserve_diff_legend = TRUE;
      ds_render_graph (cr, scene, camera, theme, &opts);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  labels->placed = stats.labels_placed;
  return surface;
}

static LabelRequest
label_request (DsGraphView *self)
{
  DsIndex priority = self->selected;

  return (LabelRequest) {
    .show_labels = self->show_labels,
    .priority_node = self->scene != NULL && priority != DS_NONE && (guint) priority < self->scene->n_nodes
                     ? (gint32) priority : -1,
  };
}

static cairo_surface_t *
render_surface (DsGraphView *self,
                int          width,
                int          height,
                int          scale)
{
  LabelRequest labels = label_request (self);
  cairo_surface_t *image;

  ds_camera_set_viewport_size (self->camera, width, height);
  image = render_image (self->scene, self->overlay, self->camera, current_theme (self), scale, &labels);
  self->labels_placed = labels.placed;
  return image;
}

/* Prefetch: the next cache image, drawn off the main thread --------------- */

typedef struct {
  DsScene       *scene;
  DsDiffOverlay *overlay;  /* a reference, or NULL */
  DsCamera      *camera;   /* a copy, centred where the image will be */
  const DsTheme *theme;    /* static */
  int            width, height, scale;   /* the view's size, without margin */
  LabelRequest   labels;
  guint64        serial;
  gboolean       redraw;   /* the view's own picture, not one ahead of a pan */
  double         ms;       /* how long the drawing took */
  cairo_surface_t *image;
} Prefetch;

static void
prefetch_free (Prefetch *p)
{
  ds_scene_free (p->scene);
  g_clear_pointer (&p->overlay, ds_diff_overlay_free);
  g_object_unref (p->camera);
  g_clear_pointer (&p->image, cairo_surface_destroy);
  g_free (p);
}

static void
prefetch_run (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Prefetch *p = task_data;

  gint64 t0 = g_get_monotonic_time ();

  if (!g_cancellable_is_cancelled (cancellable))
    p->image = render_image (p->scene, p->overlay, p->camera, p->theme, p->scale, &p->labels);
  p->ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_task_return_boolean (task, TRUE);
}

static void
install_cache (DsGraphView     *self,
               cairo_surface_t *image,
               double           cx,
               double           cy,
               double           zoom,
               int              width,
               int              height,
               int              scale,
               guint64          serial)
{
  g_clear_object (&self->cache_texture);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  self->cache = image;
  self->cache_cx = cx;
  self->cache_cy = cy;
  self->cache_zoom = zoom;
  self->cache_w = width;
  self->cache_h = height;
  self->cache_scale = scale;
  self->cache_serial = serial;
}

static void
prefetch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DsGraphView *self = DS_GRAPH_VIEW (source);
  Prefetch *p = g_task_get_task_data (G_TASK (result));
  double cx, cy;

  if (self->prefetch_scene == p->scene)
    self->prefetch_scene = NULL;
  g_clear_object (&self->prefetch_cancel);
  if (self->cache == NULL)
    return;   /* disposed */
  /* A drawing ahead of a pan replaces the image only if it still shows
   * what the view shows (same content and zoom). A redraw replaces it if
   * it is newer, even if the content or zoom moved on meanwhile (a drag, a
   * zoom gesture): it is the better stand-in, and the next snapshot starts
   * the drawing the view needs now. The size must match either way. */
  if (p->image != NULL
      && (p->redraw ? p->serial >= self->cache_serial
                    : p->serial == self->content_serial
                      && ds_camera_get_zoom (p->camera) == ds_camera_get_zoom (self->camera))
      && p->width == gtk_widget_get_width (GTK_WIDGET (self))
      && p->height == gtk_widget_get_height (GTK_WIDGET (self))
      && p->scale == gtk_widget_get_scale_factor (GTK_WIDGET (self)))
    {
      ds_camera_get_center (p->camera, &cx, &cy);
      install_cache (self, g_steal_pointer (&p->image), cx, cy, ds_camera_get_zoom (p->camera),
                     p->width, p->height, p->scale, p->serial);
      self->labels_placed = p->labels.placed;
      if (p->redraw)
        self->async_redraws++;
      else
        self->prefetches_used++;
    }
  if (p->redraw)
    {
      self->last_redraw_ms = p->ms;
      self->last_redraw_shown_us = g_get_monotonic_time ();
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Draws the current scene at the current zoom and size, centred on
 * (cx, cy), in a worker; prefetch_done installs it if still wanted. */
static void
start_drawing (DsGraphView *self,
               double       cx,
               double       cy,
               gboolean     redraw)
{
  g_autoptr(GTask) task = NULL;
  Prefetch *p = g_new0 (Prefetch, 1);

  p->scene = ds_scene_ref (self->scene);
  p->overlay = self->overlay != NULL ? ds_diff_overlay_ref (self->overlay) : NULL;
  p->camera = ds_camera_copy (self->camera);
  p->theme = current_theme (self);
  p->width = gtk_widget_get_width (GTK_WIDGET (self));
  p->height = gtk_widget_get_height (GTK_WIDGET (self));
  p->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  p->serial = self->content_serial;
  p->labels = label_request (self);
  p->redraw = redraw;
  ds_camera_set_center (p->camera, cx, cy);
  ds_camera_set_viewport_size (p->camera, p->width + 2 * CACHE_MARGIN, p->height + 2 * CACHE_MARGIN);
  self->prefetch_scene = p->scene;
  self->prefetch_cancel = g_cancellable_new ();
  task = g_task_new (self, self->prefetch_cancel, prefetch_done, NULL);
  g_task_set_source_tag (task, start_drawing);
  g_task_set_task_data (task, p, (GDestroyNotify) prefetch_free);
  g_task_run_in_thread (task, prefetch_run);
}

static gboolean
redraw_gap_over (gpointer data)
{
  DsGraphView *self = data;

  self->redraw_gap_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* A redraw in the worker, REDRAW_GAP_MS after the last one was shown at
 * the earliest; until then the next frames (or a timeout, when none come)
 * ask again. */
static void
request_redraw (DsGraphView *self,
                double       cx,
                double       cy)
{
  gint64 wait_us = self->last_redraw_shown_us + REDRAW_GAP_MS * 1000 - g_get_monotonic_time ();

  if (wait_us <= 0)
    {
      start_drawing (self, cx, cy, TRUE);
      return;
    }
  if (self->redraw_gap_id == 0)
    self->redraw_gap_id = g_timeout_add ((guint) ((wait_us + 999) / 1000), redraw_gap_over, self);
}

/* Called while the view pans inside the cached image: once it is
 * PREFETCH_AT into the margin, draws the next image centred further along
 * the same way, so that the pan keeps going on a ready image. */
static void
maybe_prefetch (DsGraphView *self,
                double       dx,
                double       dy)
{
  double cx, cy, zoom = self->cache_zoom;

  if (self->prefetch_cancel != NULL || self->scene == NULL || self->sim_tick_id != 0
      || (fabs (dx) < PREFETCH_AT && fabs (dy) < PREFETCH_AT))
    return;
  /* dx, dy: how far the old image's centre is from the view's, in view px;
   * the new one goes as far again beyond the view's centre. */
  ds_camera_get_center (self->camera, &cx, &cy);
  start_drawing (self, cx - dx / zoom, cy - dy / zoom, FALSE);
}

/* The scene is about to change in place (focus, positions): a worker
 * drawing from it must not see the change, so the view changes a fork
 * (focus arrays and positions copied, the rest shared) rather than building
 * the scene again, which takes a third of a second for a million deals.
 * The fork's hit test is made when next asked (its drawing ranks follow the
 * focus). */
static gboolean
scene_can_change_in_place (DsGraphView *self)
{
  if (self->scene != NULL && self->scene == self->prefetch_scene)
    {
      DsScene *shared = self->scene;

      self->scene = ds_scene_fork (shared);
      ds_scene_free (shared);
      g_clear_pointer (&self->hit, ds_hit_test_free);
    }
  return self->scene != NULL;
}

/* Shares the surface's pixels: both are ARGB32 premultiplied in native order. */
static GdkTexture *
texture_for_surface (cairo_surface_t *surface)
{
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                                        (gsize) stride * height,
                                                        (GDestroyNotify) cairo_surface_destroy,
                                                        cairo_surface_reference (surface));

  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
}

/* The hovered node's ring over the cached image, for big scenes (see
 * HOVER_FOCUS_MAX_NODES); the renderer draws the same ring in small ones. */
static void
draw_hover_ring (DsGraphView *self,
                 GtkSnapshot *snapshot)
{
  const DsScene *s = self->scene;
  guint node = self->hovered;
  double vx, vy, r, reach;
  cairo_t *cr;

  if (node >= s->n_nodes || !s->node_visible[node])
    return;
  ds_camera_world_to_view (self->camera, s->node_x[node], s->node_y[node], &vx, &vy);
  r = ds_scene_view_radius (s, node, ds_camera_get_zoom (self->camera));
  reach = ceil (ds_render_ring_extent (r)) + 1;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (vx - reach, vy - reach, 2 * reach, 2 * reach));
  ds_render_ring (cr, current_theme (self), vx, vy, r, 0.8);
  cairo_destroy (cr);
}

/* The legend's size in a view `width` wide, measured once per content. */
static void
legend_size (DsGraphView *self,
             int          width,
             double      *out_w,
             double      *out_h)
{
  if (self->legend_serial != self->content_serial || self->legend_view_w != width)
    {
      cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
      cairo_t *cr = cairo_create (probe);

      ds_render_legend_size (cr, self->scene, current_theme (self), width, &self->legend_w, &self->legend_h);
      cairo_destroy (cr);
      cairo_surface_destroy (probe);
      self->legend_serial = self->content_serial;
      self->legend_view_w = width;
    }
  *out_w = ceil (self->legend_w);
  *out_h = ceil (self->legend_h);
}

static gboolean
uses_cairo_renderer (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

static void
ds_graph_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  DsGraphView *self = DS_GRAPH_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  double cx, cy, zoom, dx = 0, dy = 0, grow = 1, legend_w, legend_h;
  gboolean reuse, preview;
  cairo_t *cr;
  gint64 t0;

  if (width <= 0 || height <= 0)
    return;
  ensure_scene (self);
  if (!self->fitted)
    fit_camera (self);
  ds_camera_set_viewport_size (self->camera, width, height);
  ds_camera_get_center (self->camera, &cx, &cy);
  zoom = ds_camera_get_zoom (self->camera);

  /* Rasterized here into an image that GSK only uploads (a cairo node
   * would be recorded and replayed later, several times slower for big
   * graphs); while only the centre moves, the last image is shifted. */
  t0 = g_get_monotonic_time ();
  if (self->cache != NULL)
    {
      /* Shifted by whole device pixels: a fractional offset (a drag moves
       * by fractions) would resample the image and blur every line. The
       * error is under half a pixel and does not add up over a pan. */
      dx = round ((self->cache_cx - cx) * zoom * scale) / scale;
      dy = round ((self->cache_cy - cy) * zoom * scale) / scale;
    }
  reuse = self->cache != NULL && self->cache_serial == self->content_serial && self->cache_zoom == zoom &&
          self->cache_w == width && self->cache_h == height && self->cache_scale == scale &&
          fabs (dx) <= CACHE_MARGIN && fabs (dy) <= CACHE_MARGIN;
  /* The old image, scaled by (zoom / its zoom) and placed where its
   * world now is, stands in while a slow redraw runs in the worker; also
   * when the view changed size (the inspector slid in beside it) and a
   * redraw is very slow: for a million deals, a second on the main thread. */
  preview = !reuse && self->cache != NULL && self->scene != NULL && self->cache_scale == scale
            && self->last_redraw_ms > self->redraw_budget_ms
            && ((self->cache_w == width && self->cache_h == height) || self->last_redraw_ms > RESIZE_PREVIEW_MS);
  if (preview)
    {
      if (self->prefetch_cancel == NULL)
        request_redraw (self, cx, cy);
      grow = zoom / self->cache_zoom;
      /* The old centre's world point is (cache_cx - cx) * zoom off the
       * view's centre, and the middle of the grown image goes there. */
      dx = width / 2.0 + (self->cache_cx - cx) * zoom - self->cache_w / 2.0 * grow;
      dy = height / 2.0 + (self->cache_cy - cy) * zoom - self->cache_h / 2.0 * grow;
      if (grow == 1)
        {
          dx = round (dx * scale) / scale;
          dy = round (dy * scale) / scale;
        }
    }
  else if (!reuse)
    {
      cairo_surface_t *image = render_surface (self, width + 2 * CACHE_MARGIN, height + 2 * CACHE_MARGIN, scale);

      ds_camera_set_viewport_size (self->camera, width, height);
      install_cache (self, image, cx, cy, zoom, width, height, scale, self->content_serial);
      self->redraws++;
      self->last_redraw_ms = (g_get_monotonic_time () - t0) / 1000.0;
      dx = dy = 0;
    }
  else
    maybe_prefetch (self, dx, dy);
  /* dx, dy: where the image's view-sized middle goes; grow: its scale. */
  if (uses_cairo_renderer (widget))
    {
      /* A straight blit of the image: no format conversion per frame. */
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_translate (cr, dx - CACHE_MARGIN * grow, dy - CACHE_MARGIN * grow);
      cairo_scale (cr, grow, grow);
      cairo_set_source_surface (cr, self->cache, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  else
    {
      if (self->cache_texture == NULL)
        self->cache_texture = texture_for_surface (self->cache);
      gtk_snapshot_append_texture (snapshot, self->cache_texture,
                                   &GRAPHENE_RECT_INIT (dx - CACHE_MARGIN * grow, dy - CACHE_MARGIN * grow,
                                                        (width + 2 * CACHE_MARGIN) * grow,
                                                        (height + 2 * CACHE_MARGIN) * grow));
    }
  if (self->scene != NULL && self->hovered != DS_NONE && focus_hovered (self) == DS_NONE)
    draw_hover_ring (self, snapshot);
  if (self->scene != NULL)
    {
      /* The legend stays put in the corner, drawn apart. Its node covers the
       * legend only: GL renderers rasterize and upload a cairo node's whole
       * area on every frame, which for the whole view was most of a frame. */
      legend_size (self, width, &legend_w, &legend_h);
      if (legend_w > 0 && legend_h > 0)
        {
          cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, height - legend_h, legend_w, legend_h));
          ds_render_legend (cr, self->scene, current_theme (self), width, height, &legend_w, &legend_h);
          cairo_destroy (cr);
        }
      /* And the compare overlay's, in the other corner. */
      if (self->overlay != NULL)
        {
          double dx, dy, dw, dh;
          if (self->diff_legend_serial != self->content_serial || self->diff_legend_view_w != width
              || self->diff_legend_view_h != height)
            {
              cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
              cairo_t *pcr = cairo_create (probe);
              /* Beside the graph's legend, or on top of it (as the image
               * reserved it: the same sizes). */
              ds_diff_overlay_legend (pcr, self->overlay, current_theme (self), width, height, legend_w, legend_h,
                                      FALSE, &self->diff_legend_x, &self->diff_legend_y,
                                      &self->diff_legend_w, &self->diff_legend_h);
              cairo_destroy (pcr);
              cairo_surface_destroy (probe);
              self->diff_legend_serial = self->content_serial;
              self->diff_legend_view_w = width;
              self->diff_legend_view_h = height;
            }
          if (self->diff_legend_w > 0 && self->diff_legend_h > 0)
            {
              cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (floor (self->diff_legend_x),
                                                                             floor (self->diff_legend_y),
                                                                             ceil (self->diff_legend_w) + 1,
                                                                             ceil (self->diff_legend_h) + 1));
              ds_diff_overlay_legend (cr, self->overlay, current_theme (self), width, height, legend_w, legend_h,
                                      TRUE, &dx, &dy, &dw, &dh);
              cairo_destroy (cr);
            }
        }
    }
  self->last_render_ms = (g_get_monotonic_time () - t0) / 1000.0;
  self->frames++;
}

static void
ds_graph_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  DsGraphView *self = DS_GRAPH_VIEW (widget);

  ds_camera_set_viewport_size (self->camera, width, height);
  if (!self->fitted)
    fit_camera (self);
}

static void
ds_graph_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

/* The force simulation of the current landscape, made on first use. */
/* The graph of the landscape, for the simulation and the drag region. */
static gboolean
ensure_graph (DsGraphView *self)
{
  if (self->graph == NULL && self->landscape != NULL)
    {
      forget_graph_job (self);
      self->graph = ds_graph_new_from_landscape (self->landscape);
    }
  return self->graph != NULL;
}

typedef struct {
  guint    n_nodes;
  GArray  *src, *dst;   /* guint32 */
  DsGraph *graph;
} GraphJob;

static void
graph_job_free (GraphJob *job)
{
  g_array_unref (job->src);
  g_array_unref (job->dst);
  g_clear_pointer (&job->graph, ds_graph_free);
  g_free (job);
}

/* The worker has the edges' ends only: the landscape, which an edit
 * changes, is read on the main thread. */
static void
graph_job_run (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GraphJob *job = task_data;

  job->graph = ds_graph_new (job->n_nodes, job->src->len, (guint32 *) job->src->data, (guint32 *) job->dst->data);
  g_task_return_boolean (task, TRUE);
}

static void
graph_job_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DsGraphView *self = DS_GRAPH_VIEW (source);
  GraphJob *job = g_task_get_task_data (G_TASK (result));

  if (g_task_get_cancellable (G_TASK (result)) != self->graph_cancel)
    return;   /* dropped: another landscape, or built at once */
  g_clear_object (&self->graph_cancel);
  if (self->graph == NULL)
    self->graph = g_steal_pointer (&job->graph);
}

static gboolean
prepare_graph (gpointer data)
{
  DsGraphView *self = data;
  g_autoptr(GTask) task = NULL;
  GraphJob *job;
  guint n;

  self->graph_prepare_id = 0;
  if (self->graph != NULL || self->landscape == NULL)
    return G_SOURCE_REMOVE;
  n = ds_landscape_n_entities (self->landscape);
  job = g_new0 (GraphJob, 1);
  job->n_nodes = n;
  job->src = g_array_sized_new (FALSE, FALSE, sizeof (guint32), ds_landscape_n_deals (self->landscape));
  job->dst = g_array_sized_new (FALSE, FALSE, sizeof (guint32), ds_landscape_n_deals (self->landscape));
  ds_graph_edges_from_landscape (self->landscape, job->src, job->dst);
  self->graph_cancel = g_cancellable_new ();
  task = g_task_new (self, self->graph_cancel, graph_job_done, NULL);
  g_task_set_source_tag (task, prepare_graph);
  g_task_set_task_data (task, job, (GDestroyNotify) graph_job_free);
  g_task_run_in_thread (task, graph_job_run);
  return G_SOURCE_REMOVE;
}

/* A big landscape's graph, built ahead of the first drag. */
static void
schedule_graph (DsGraphView *self)
{
  g_clear_handle_id (&self->graph_prepare_id, g_source_remove);
  if (self->landscape != NULL && self->graph == NULL && self->n >= self->local_drag_nodes)
    self->graph_prepare_id = g_timeout_add (GRAPH_PREPARE_DELAY_MS, prepare_graph, self);
}

static void
ensure_sim (DsGraphView *self)
{
  if (self->sim != NULL || !ensure_graph (self))
    return;
  self->sim = ds_force_sim_new (self->graph, self->x, self->y, 80.0);
  for (guint i = 0; i < self->n; i++)
    if (self->pinned[i])
      ds_force_sim_set_pinned (self->sim, i, TRUE);
  self->sim_radii_set = FALSE;
  if (self->scene != NULL && self->scene->n_nodes == self->n)
    {
      ds_force_sim_set_radii (self->sim, self->scene->node_radius, 10);
      self->sim_radii_set = TRUE;
    }
}

/* Selection -------------------------------------------------------------- */

static void
set_selected (DsGraphView *self,
              DsIndex      entity,
              gboolean     notify)
{
  if (entity == self->selected && self->selected_deal == NULL)
    return;
  self->selected = entity;
  g_clear_pointer (&self->selected_deal, g_free);
  if (scene_can_change_in_place (self))
    apply_focus (self);
  self->content_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (notify)
    g_signal_emit (self, signals[SELECTION_CHANGED], 0, (int) entity);
  if (entity != DS_NONE)
    {
      const DsEntity *e = ds_landscape_entity (self->landscape, entity);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, e->name, -1);
    }
}

static void
set_hovered (DsGraphView *self,
             DsIndex      entity)
{
  if (entity == self->hovered)
    return;
  self->hovered = entity;
  /* Big scenes: the ring drawn over the image (snapshot) is all that changes. */
  if (self->scene == NULL || self->scene->n_node_order <= HOVER_FOCUS_MAX_NODES)
    {
      if (scene_can_change_in_place (self))
        apply_focus (self);
      self->content_serial++;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Selects a deal (NULL: nothing); the node selection goes. */
static void
set_selected_deal (DsGraphView *self,
                   const char  *deal_id,
                   gboolean     notify)
{
  if (g_strcmp0 (deal_id, self->selected_deal) == 0 && (deal_id == NULL || self->selected == DS_NONE))
    return;
  g_free (self->selected_deal);
  self->selected_deal = g_strdup (deal_id);
  self->selected = DS_NONE;
  if (scene_can_change_in_place (self))
    apply_focus (self);
  self->content_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (notify)
    g_signal_emit (self, signals[DEAL_SELECTED], 0, deal_id);
  if (deal_id != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, deal_id, -1);
}

/* Keeps `entity` on screen after a keyboard move. */
static void
reveal_entity (DsGraphView *self,
               DsIndex      entity)
{
  double vx, vy;
  double w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->scene == NULL || entity == DS_NONE || (guint) entity >= self->scene->n_nodes)
    return;
  ds_camera_world_to_view (self->camera, self->scene->node_x[entity], self->scene->node_y[entity], &vx, &vy);
  if (vx < FIT_MARGIN || vy < FIT_MARGIN || vx > w - FIT_MARGIN || vy > h - FIT_MARGIN)
    ds_camera_set_center (self->camera, self->scene->node_x[entity], self->scene->node_y[entity]);
}

/* Pointer ----------------------------------------------------------------- */

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           DsGraphView              *self)
{
  guint index;

  self->pointer_x = x;
  self->pointer_y = y;
  /* Hover changes would redraw the whole graph on every frame of a pan. */
  if (self->dragging_node || self->panning)
    return;
  if (hit_at (self, x, y, &index) == DS_HIT_NODE)
    set_hovered (self, self->scene->node_entity[index]);
  else
    set_hovered (self, DS_NONE);
}

static void
on_leave (GtkEventControllerMotion *motion,
          DsGraphView              *self)
{
  set_hovered (self, DS_NONE);
}

/* A click: a node selects its entity, a deal edge its deal, the background
 * clears. Relation edges only have tooltips. */
static void
click_at (DsGraphView *self,
          int          n_press,
          double       x,
          double       y)
{
  guint index;
  DsHitKind kind = hit_at (self, x, y, &index);

  if (kind == DS_HIT_EDGE && n_press == 1)
    {
      const DsDeal *d = NULL;

      if (self->scene->edge_kind[index] == DS_EDGE_DEAL && self->scene->edge_item[index] != DS_NONE)
        d = ds_graph_view_get_deal (self, self->scene->edge_item[index]);
      if (d != NULL)
        set_selected_deal (self, d->id, TRUE);
    }
  else if (kind == DS_HIT_NODE)
    {
      DsIndex entity = self->scene->node_entity[index];
      set_selected (self, entity, TRUE);
      if (n_press == 2)
        {
          ds_graph_view_focus_entity (self, entity);
          g_signal_emit (self, signals[NODE_ACTIVATED], 0, (int) entity);
        }
    }
  else if (kind == DS_HIT_NONE && n_press == 1)
    set_selected (self, DS_NONE, TRUE);
}

static void
on_pressed (GtkGestureClick *click,
            int              n_press,
            double           x,
            double           y,
            DsGraphView     *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  click_at (self, n_press, x, y);
}

/* A big graph's drag: the dragged node's neighbourhood is simulated on
 * its own; one still settling from the last drag stops where it is. */
static void
begin_local_drag (DsGraphView *self)
{
  const double *radius = self->scene != NULL && self->scene->n_nodes == self->n ? self->scene->node_radius : NULL;

  g_clear_pointer (&self->region, ds_drag_region_free);
  if (!ensure_graph (self))
    return;
  self->region = ds_drag_region_new (self->graph, self->x, self->y, self->pinned, radius,
                                     self->drag_node, LOCAL_DRAG_MAX_MOVING, 80.0);
}

static void
on_drag_begin (GtkGestureDrag *drag,
               double          x,
               double          y,
               DsGraphView    *self)
{
  guint index;

  self->last_dx = self->last_dy = 0;
  self->dragging_node = FALSE;
  if (hit_at (self, x, y, &index) == DS_HIT_NODE)
    {
      self->dragging_node = TRUE;
      self->drag_node = self->scene->node_entity[index];
      self->drag_node_x0 = self->x[self->drag_node];
      self->drag_node_y0 = self->y[self->drag_node];
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
      if (self->n >= self->local_drag_nodes)
        begin_local_drag (self);
      else
        {
          ensure_sim (self);
          if (self->sim != NULL)
            ds_force_sim_drag_begin (self->sim, self->drag_node);
        }
    }
  else
    {
      self->panning = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "move");
    }
}

/* Moves one node and pins it; the force simulation (ds-force-sim), once it
 * is in the core, takes over here and lets the neighbours follow. */
static void
positions_moved (DsGraphView *self)
{
  self->content_serial++;
  self->positions_serial++;
  self->moved_all = TRUE;
  if (scene_can_change_in_place (self))
    {
      ds_scene_set_positions (self->scene, self->x, self->y);
      g_clear_pointer (&self->hit, ds_hit_test_free);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A few nodes moved (a local drag): only they change in the scene, and
 * they are the ones the window saves. */
static void
nodes_moved (DsGraphView   *self,
             const guint32 *nodes,
             guint          n_nodes)
{
  self->content_serial++;
  self->positions_serial++;
  if (self->moved == NULL)
    self->moved = g_new0 (guint8, MAX (self->n, 1));
  for (guint i = 0; i < n_nodes; i++)
    if (!self->moved[nodes[i]])
      {
        self->moved[nodes[i]] = 1;
        g_array_append_val (self->moved_nodes, nodes[i]);
      }
  if (scene_can_change_in_place (self))
    {
      ds_scene_move_nodes (self->scene, nodes, n_nodes, self->x, self->y);
      g_clear_pointer (&self->hit, ds_hit_test_free);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
forget_moved (DsGraphView *self)
{
  g_clear_pointer (&self->moved, g_free);
  g_array_set_size (self->moved_nodes, 0);
  self->moved_all = FALSE;
}

/* The simulation runs on the frame clock only while it is hot, and the
 * positions are saved once it has cooled down. */
static gboolean
sim_tick (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       data)
{
  DsGraphView *self = DS_GRAPH_VIEW (widget);
  gboolean moving = FALSE;

  if (self->region != NULL)
    {
      guint n;
      const guint32 *nodes;

      moving = ds_drag_region_tick (self->region);
      nodes = ds_drag_region_get_nodes (self->region, &n);
      nodes_moved (self, nodes, n);
    }
  else
    {
      if (self->sim != NULL)
        moving = ds_force_sim_tick (self->sim);
      positions_moved (self);
    }
  if (moving || self->dragging_node)
    return G_SOURCE_CONTINUE;
  self->sim_tick_id = 0;
  g_clear_pointer (&self->region, ds_drag_region_free);
  g_signal_emit (self, signals[POSITIONS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
start_sim (DsGraphView *self)
{
  if (self->sim_tick_id == 0)
    self->sim_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), sim_tick, NULL, NULL);
}

/* Moves a dragged node; with the force simulation its neighbours follow. */
static void
move_node (DsGraphView *self,
           DsIndex      entity,
           double       wx,
           double       wy)
{
  self->pinned[entity] = 1;
  if (self->region != NULL)
    {
      ds_drag_region_drag_update (self->region, wx, wy);
      start_sim (self);
      return;
    }
  if (self->sim != NULL)
    {
      ds_force_sim_drag_update (self->sim, wx, wy);
      start_sim (self);
      return;
    }
  self->x[entity] = wx;
  self->y[entity] = wy;
  positions_moved (self);
}

static void
on_drag_update (GtkGestureDrag *drag,
                double          dx,
                double          dy,
                DsGraphView    *self)
{
  if (self->dragging_node)
    {
      double zoom = ds_camera_get_zoom (self->camera);
      move_node (self, self->drag_node, self->drag_node_x0 + dx / zoom, self->drag_node_y0 + dy / zoom);
    }
  else
    ds_camera_pan_by (self->camera, dx - self->last_dx, dy - self->last_dy);
  self->last_dx = dx;
  self->last_dy = dy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_end (GtkGestureDrag *drag,
             double          dx,
             double          dy,
             DsGraphView    *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  self->panning = FALSE;
  if (self->dragging_node && self->region != NULL)
    {
      ds_drag_region_drag_end (self->region);
      self->dragging_node = FALSE;
      start_sim (self);
      return;
    }
  if (self->dragging_node && self->sim != NULL)
    {
      /* A dropped node stays where it was dropped. */
      ds_force_sim_set_pinned (self->sim, self->drag_node, TRUE);
      ds_force_sim_drag_end (self->sim);
      self->dragging_node = FALSE;
      start_sim (self);
      return;
    }
  if (self->dragging_node && (dx != 0 || dy != 0))
    g_signal_emit (self, signals[POSITIONS_CHANGED], 0);
  self->dragging_node = FALSE;
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           DsGraphView              *self)
{
  /* Smooth scrolling sends small deltas, wheels send +-1: both map to the
   * same zoom per unit, in log space. */
  ds_camera_zoom_at (self->camera, self->pointer_x, self->pointer_y, exp (-dy * log (ZOOM_STEP)));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               DsGraphView      *self)
{
  self->zoom_scale0 = 1.0;
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture,
                       double          scale,
                       DsGraphView    *self)
{
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  if (self->zoom_scale0 > 0 && scale > 0)
    ds_camera_zoom_at (self->camera, cx, cy, scale / self->zoom_scale0);
  self->zoom_scale0 = scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Tooltips: an entity's kind and size measure; a deal's terms and source. */
static char *
deal_tooltip (DsLandscape  *ls,
              const DsDeal *d)
{
  GString *s = g_string_new (NULL);
  g_autofree char *amount = ds_amount_format (d->amount_usd);
  g_autofree char *date = ds_format_date_short (d->date);

  g_autofree char *names = g_markup_printf_escaped ("<b>%s → %s</b>\n",
                                                   ds_landscape_entity (ls, d->investor)->name,
                                                   ds_landscape_entity (ls, d->target)->name);

  /* Names are text, not markup: "Weights & Biases" broke the tooltip. */
  g_string_append (s, names);
  g_string_append_printf (s, "%s %s, %s, %s", amount, ds_scene_instrument_label (d->instrument),
                          date, ds_deal_status_to_string (d->status));
  if (ds_is_set (d->pre_money_usd))
    {
      g_autofree char *v = ds_amount_format (d->pre_money_usd);
      g_string_append_printf (s, _("\nPre-money %s"), v);
    }
  if (ds_is_set (d->post_money_usd))
    {
      g_autofree char *v = ds_amount_format (d->post_money_usd);
      g_string_append_printf (s, _("\nPost-money %s"), v);
    }
  if (ds_is_set (d->cap_usd))
    {
      g_autofree char *v = ds_amount_format (d->cap_usd);
      g_string_append_printf (s, _("\nCap %s"), v);
    }
  if (ds_is_set (d->discount))
    g_string_append_printf (s, _("\nDiscount %.0f%%"), d->discount * 100);
  if (d->source != DS_NONE)
    {
      g_autofree char *title = g_markup_escape_text (ds_landscape_source (ls, d->source)->title, -1);
      g_string_append_printf (s, _("\n<small>Source: %s (%s)</small>"), title,
                              ds_confidence_to_string (d->confidence));
    }
  return g_string_free (s, FALSE);
}

static gboolean
on_query_tooltip (GtkWidget   *widget,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip,
                  DsGraphView *self)
{
  guint index;
  DsHitKind kind;
  g_autofree char *markup = NULL;

  if (keyboard)
    {
      if (self->selected == DS_NONE || self->scene == NULL)
        return FALSE;
      kind = DS_HIT_NODE;
      index = self->selected;
    }
  else
    kind = hit_at (self, x, y, &index);

  if (kind == DS_HIT_NODE)
    {
      const DsEntity *e = ds_landscape_entity (self->landscape, self->scene->node_entity[index]);
      g_autofree char *name = g_markup_escape_text (e->name, -1);
      g_autofree char *desc = e->description ? g_markup_escape_text (e->description, -1) : NULL;
      markup = g_strdup_printf ("<b>%s</b> · %s%s%s", name, ds_entity_kind_to_string (e->kind),
                                desc ? "\n" : "", desc ? desc : "");
    }
  else if (kind == DS_HIT_EDGE)
    {
      DsIndex item = self->scene->edge_item[index];
      if (item == DS_NONE)
        return FALSE;
      if (self->scene->edge_kind[index] == DS_EDGE_DEAL)
        {
          const DsDeal *d = ds_graph_view_get_deal (self, item);
          markup = d != NULL ? deal_tooltip (self->landscape, d) : NULL;
        }
      else
        {
          const DsRelation *r = ds_landscape_relation (self->landscape, item);
          markup = g_markup_printf_escaped ("<b>%s</b> %s <b>%s</b>%s%s",
                                            ds_landscape_entity (self->landscape, r->from)->name,
                                            ds_relation_kind_to_string (r->kind),
                                            ds_landscape_entity (self->landscape, r->to)->name,
                                            r->note ? "\n" : "", r->note ? r->note : "");
        }
    }
  if (markup == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

/* Keyboard ----------------------------------------------------------------- */

/* The nearest visible node in a direction (a 90° cone), for arrow keys. */
static DsIndex
node_in_direction (DsGraphView *self,
                   double       dir_x,
                   double       dir_y)
{
  const DsScene *s = self->scene;
  DsIndex from = self->selected, best = DS_NONE;
  double best_score = G_MAXDOUBLE;

  if (from == DS_NONE)
    return s->n_node_order > 0 ? (DsIndex) s->label_order[0] : DS_NONE;
  for (guint k = 0; k < s->n_node_order; k++)
    {
      guint i = s->node_order[k];
      double dx = s->node_x[i] - s->node_x[from], dy = s->node_y[i] - s->node_y[from];
      double along = dx * dir_x + dy * dir_y, across = fabs (dx * dir_y - dy * dir_x);
      if ((DsIndex) i == from || along <= 0 || across > along)
        continue;
      if (along + 2 * across < best_score)
        {
          best_score = along + 2 * across;
          best = i;
        }
    }
  return best;
}

/* Tab walks the visible nodes, most important first; past the last one the
 * focus leaves the canvas as usual. */
static DsIndex
node_after (DsGraphView *self,
            gboolean     backward)
{
  const DsScene *s = self->scene;
  guint k = 0;

  if (s->n_node_order == 0)
    return DS_NONE;
  if (self->selected == DS_NONE)
    return backward ? DS_NONE : (DsIndex) s->label_order[0];
  for (k = 0; k < s->n_node_order; k++)
    if ((DsIndex) s->label_order[k] == self->selected)
      break;
  if (backward)
    return k == 0 || k == s->n_node_order ? DS_NONE : (DsIndex) s->label_order[k - 1];
  return k + 1 >= s->n_node_order ? DS_NONE : (DsIndex) s->label_order[k + 1];
}

static gboolean
on_key_pressed (GtkEventControllerKey *key,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DsGraphView           *self)
{
  DsIndex next = DS_NONE;

  ensure_scene (self);
  if (self->scene == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_plus: case GDK_KEY_equal: case GDK_KEY_KP_Add:
      ds_graph_view_zoom_in (self);
      return TRUE;
    case GDK_KEY_minus: case GDK_KEY_KP_Subtract:
      ds_graph_view_zoom_out (self);
      return TRUE;
    case GDK_KEY_0: case GDK_KEY_KP_0:
      ds_graph_view_zoom_reset (self);
      return TRUE;
    case GDK_KEY_Left: case GDK_KEY_KP_Left:   next = node_in_direction (self, -1, 0); break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: next = node_in_direction (self, 1, 0); break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up:       next = node_in_direction (self, 0, -1); break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down:   next = node_in_direction (self, 0, 1); break;
    case GDK_KEY_Tab: case GDK_KEY_KP_Tab:
      next = node_after (self, FALSE);
      if (next == DS_NONE)
        return FALSE;
      break;
    case GDK_KEY_ISO_Left_Tab:
      next = node_after (self, TRUE);
      if (next == DS_NONE)
        return FALSE;
      break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter:
      if (self->selected == DS_NONE)
        return FALSE;
      ds_graph_view_focus_entity (self, self->selected);
      g_signal_emit (self, signals[NODE_ACTIVATED], 0, (int) self->selected);
      return TRUE;
    case GDK_KEY_Escape:
      if (self->selected == DS_NONE && self->selected_deal == NULL)
        return FALSE;
      set_selected (self, DS_NONE, TRUE);
      return TRUE;
    default:
      return FALSE;
    }
  if (next != DS_NONE)
    {
      set_selected (self, next, TRUE);
      reveal_entity (self, next);
    }
  return TRUE;
}

/* Object ------------------------------------------------------------------- */

static void
ds_graph_view_dispose (GObject *object)
{
  DsGraphView *self = DS_GRAPH_VIEW (object);

  drop_scene (self);
  g_clear_handle_id (&self->redraw_gap_id, g_source_remove);
  /* A running prefetch holds its own references; its result is dropped. */
  if (self->prefetch_cancel != NULL)
    g_cancellable_cancel (self->prefetch_cancel);
  g_clear_object (&self->prefetch_cancel);
  self->prefetch_scene = NULL;
  g_clear_object (&self->cache_texture);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  if (self->sim_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->sim_tick_id);
  self->sim_tick_id = 0;
  g_clear_pointer (&self->sim, ds_force_sim_free);
  g_clear_pointer (&self->region, ds_drag_region_free);
  forget_graph_job (self);
  g_clear_pointer (&self->graph, ds_graph_free);
  g_clear_pointer (&self->moved, g_free);
  g_clear_pointer (&self->moved_nodes, g_array_unref);
  g_clear_object (&self->camera);
  g_clear_pointer (&self->frame, ds_frame_snapshot_unref);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  g_clear_pointer (&self->x, g_free);
  g_clear_pointer (&self->y, g_free);
  g_clear_pointer (&self->pinned, g_free);
  g_clear_pointer (&self->theme_name, g_free);
  g_clear_pointer (&self->selected_deal, g_free);
  g_clear_pointer (&self->deal_lit, g_free);
  G_OBJECT_CLASS (ds_graph_view_parent_class)->dispose (object);
}

static void
ds_graph_view_class_init (DsGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ds_graph_view_dispose;
  widget_class->snapshot = ds_graph_view_snapshot;
  widget_class->size_allocate = ds_graph_view_size_allocate;
  widget_class->measure = ds_graph_view_measure;

  /* Entity index, or -1 for none. */
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 1, G_TYPE_INT);
  signals[NODE_ACTIVATED] = g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_INT);
  /* A click on a deal's edge: the deal id. */
  signals[DEAL_SELECTED] = g_signal_new ("deal-selected", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A drag moved and pinned a node: time to save the positions. */
  signals[POSITIONS_CHANGED] = g_signal_new ("positions-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "graphview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ds_graph_view_init (DsGraphView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->camera = ds_camera_new ();
  ds_camera_set_zoom_limits (self->camera, 0.01, 50.0);
  self->date = DS_DATE_NONE;
  self->selected = self->hovered = DS_NONE;
  self->entity_kinds = self->deal_statuses = DS_SCENE_ALL;
  self->redraw_budget_ms = DEFAULT_REDRAW_BUDGET_MS;
  self->scene_async_deals = DEFAULT_SCENE_ASYNC_DEALS;
  self->local_drag_nodes = DEFAULT_LOCAL_DRAG_NODES;
  self->moved_nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->theme_name = g_strdup ("light");
  self->show_labels = TRUE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Investment graph"), -1);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
ds_graph_view_new (void)
{
  return g_object_new (DS_TYPE_GRAPH_VIEW, NULL);
}

/* The simulation and its graph are of the old landscape: made again on the
 * next drag. */
static void
drop_simulation (DsGraphView *self)
{
  if (self->sim_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->sim_tick_id);
  self->sim_tick_id = 0;
  self->dragging_node = FALSE;
  g_clear_pointer (&self->sim, ds_force_sim_free);
  g_clear_pointer (&self->region, ds_drag_region_free);
  forget_graph_job (self);
  g_clear_pointer (&self->graph, ds_graph_free);
  self->sim_radii_set = FALSE;
}

void
ds_graph_view_set_landscape (DsGraphView  *self,
                             DsLandscape  *landscape,
                             const double *x,
                             const double *y,
                             const guint8 *pinned)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  g_return_if_fail (landscape != NULL);

  drop_scene (self);
  drop_simulation (self);
  /* Moved nodes not saved yet are indexed in the old landscape: the next
   * save writes every position. */
  {
    gboolean unsaved = self->moved_nodes->len > 0 || self->moved_all;

    forget_moved (self);
    self->moved_all = unsaved;
  }
  if (landscape != self->landscape)
    {
      /* Its deals point into the old landscape. */
      self->diff = NULL;
      g_clear_pointer (&self->frame, ds_frame_snapshot_unref);
      g_clear_pointer (&self->landscape, ds_landscape_unref);
      self->landscape = ds_landscape_ref (landscape);
    }
  self->n = ds_landscape_n_entities (landscape);
  self->x = g_renew (double, self->x, MAX (self->n, 1));
  self->y = g_renew (double, self->y, MAX (self->n, 1));
  self->pinned = g_renew (guint8, self->pinned, MAX (self->n, 1));
  if (x != NULL && y != NULL)
    {
      memcpy (self->x, x, self->n * sizeof (double));
      memcpy (self->y, y, self->n * sizeof (double));
    }
  else
    ds_scene_placeholder_layout (landscape, self->x, self->y);
  if (pinned != NULL)
    memcpy (self->pinned, pinned, self->n);
  else
    memset (self->pinned, 0, self->n);
  /* The simulation (and its graph) is made on the first drag: a million
   * deals' graph took a third of a second of the first frame. */
  if (self->selected >= (DsIndex) self->n)
    self->selected = DS_NONE;
  self->hovered = DS_NONE;
  self->fitted = FALSE;
  schedule_graph (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
ds_graph_view_adopt_landscape (DsGraphView  *self,
                               DsLandscape  *landscape,
                               const double *x,
                               const double *y,
                               const guint8 *pinned)
{
  gsize n;

  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), FALSE);
  g_return_val_if_fail (landscape != NULL && x != NULL && y != NULL && pinned != NULL, FALSE);

  n = self->n;
  if (self->landscape == NULL || self->scene == NULL || self->frame != NULL || self->diff != NULL ||
      self->scene->base != NULL || (gsize) ds_landscape_n_entities (landscape) != n ||
      ds_landscape_n_deals (landscape) != ds_landscape_n_deals (self->landscape) ||
      landscape->relations->len != self->landscape->relations->len ||
      memcmp (x, self->x, n * sizeof (double)) != 0 || memcmp (y, self->y, n * sizeof (double)) != 0 ||
      memcmp (pinned, self->pinned, n) != 0)
    {
      ds_graph_view_set_landscape (self, landscape, x, y, pinned);
      return FALSE;
    }
  /* The scene keeps the landscape it was built from (its reference); what
   * it indexes is the same in the new one. */
  drop_simulation (self);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  self->landscape = ds_landscape_ref (landscape);
  schedule_graph (self);
  return TRUE;
}

DsLandscape *
ds_graph_view_get_landscape (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), NULL);
  return self->landscape;
}

void
ds_graph_view_get_positions (DsGraphView   *self,
                             const double **x,
                             const double **y,
                             const guint8 **pinned)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  if (x) *x = self->x;
  if (y) *y = self->y;
  if (pinned) *pinned = self->pinned;
}

void
ds_graph_view_set_date (DsGraphView *self,
                        DsDate       date)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  if (date == self->date)
    return;
  self->date = date;
  ds_graph_view_invalidate (self);
}

void
ds_graph_view_set_frame (DsGraphView          *self,
                         const DsScenarioView *view,
                         const DsFrame        *frame)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));

  g_clear_pointer (&self->frame, ds_frame_snapshot_unref);
  self->diff = NULL;
  if (view != NULL && frame != NULL && view->landscape == self->landscape)
    {
      self->frame = ds_frame_snapshot_new (view, frame);
      self->date = frame->date;
    }
  ds_graph_view_invalidate (self);
}

void
ds_graph_view_set_diff (DsGraphView          *self,
                        const DsScenarioDiff *diff)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));

  g_clear_pointer (&self->frame, ds_frame_snapshot_unref);
  self->diff = NULL;
  if (diff != NULL && diff->landscape == self->landscape)
    {
      self->diff = diff;
      self->frame = ds_diff_snapshot_new (diff);
      self->date = diff->date;
    }
  ds_graph_view_invalidate (self);
}

const DsDiffOverlay *
ds_graph_view_get_diff_overlay (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), NULL);
  ensure_scene (self);
  return self->overlay;
}

const DsDeal *
ds_graph_view_get_deal (DsGraphView *self,
                        DsIndex      item)
{
  const DsFrameSnapshot *snap;

  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), NULL);

  /* Items are the scene's: while a worker builds the next one, the scene
   * shown and its frame are what the pointer is over. */
  snap = self->scene != NULL ? self->scene_frame : self->frame;
  if (snap != NULL)
    return item >= 0 && (guint) item < snap->n_deals ? &snap->deals[item] : NULL;
  if (self->landscape == NULL || item < 0 || item >= ds_landscape_n_deals (self->landscape))
    return NULL;
  return ds_landscape_deal (self->landscape, item);
}

DsDate
ds_graph_view_get_date (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), DS_DATE_NONE);
  return self->date;
}

void
ds_graph_view_set_selected (DsGraphView *self,
                            DsIndex      entity)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  set_selected (self, entity, FALSE);
  ensure_scene (self);
  reveal_entity (self, entity);
}

DsIndex
ds_graph_view_get_selected (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), DS_NONE);
  return self->selected;
}

void
ds_graph_view_select_deal (DsGraphView *self,
                           const char  *deal_id)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  if (deal_id == NULL)
    set_selected (self, DS_NONE, FALSE);
  else
    set_selected_deal (self, deal_id, FALSE);
}

const char *
ds_graph_view_get_selected_deal (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), NULL);
  return self->selected_deal;
}

gboolean
ds_graph_view_world_to_view (DsGraphView *self,
                             double       wx,
                             double       wy,
                             double      *vx,
                             double      *vy)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), FALSE);
  ensure_scene (self);
  if (self->scene == NULL)
    return FALSE;
  ds_camera_world_to_view (self->camera, wx, wy, vx, vy);
  return TRUE;
}

DsHitKind
ds_graph_view_hit_test (DsGraphView *self,
                        double       vx,
                        double       vy,
                        guint       *index)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), DS_HIT_NONE);
  return hit_at (self, vx, vy, index);
}

void
ds_graph_view_click (DsGraphView *self,
                     double       vx,
                     double       vy)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  click_at (self, 1, vx, vy);
}

/* Names on the graph: all that fit (the default), or only the selected
 * node's. */
void
ds_graph_view_set_show_labels (DsGraphView *self,
                               gboolean     show)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  if (!show == !self->show_labels)
    return;
  self->show_labels = !!show;
  self->content_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The labels the image on screen shows (for tests and benchmarks). */
guint
ds_graph_view_get_labels_placed (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), 0);
  return self->labels_placed;
}

gboolean
ds_graph_view_get_show_labels (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), TRUE);
  return self->show_labels;
}

void
ds_graph_view_set_theme_name (DsGraphView *self,
                              const char  *name)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  if (g_strcmp0 (name, self->theme_name) == 0)
    return;
  g_free (self->theme_name);
  self->theme_name = g_strdup (name);
  self->content_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ds_graph_view_set_filters (DsGraphView *self,
                           guint32      entity_kinds,
                           guint32      deal_statuses)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  self->entity_kinds = entity_kinds;
  self->deal_statuses = deal_statuses;
  ds_graph_view_invalidate (self);
}

void
ds_graph_view_set_date_range (DsGraphView *self,
                              DsDate       from,
                              DsDate       to)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  if (from == self->deals_from && to == self->deals_to)
    return;
  self->deals_from = from;
  self->deals_to = to;
  ds_graph_view_invalidate (self);
}

void
ds_graph_view_set_highlight (DsGraphView  *self,
                             const guint8 *deal_lit,
                             guint         n_deals)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));

  if (deal_lit == NULL && self->deal_lit == NULL)
    return;
  if (deal_lit != NULL && self->deal_lit != NULL && n_deals == self->n_deal_lit
      && memcmp (deal_lit, self->deal_lit, n_deals) == 0)
    return;
  g_clear_pointer (&self->deal_lit, g_free);
  self->n_deal_lit = 0;
  if (deal_lit != NULL)
    {
      self->deal_lit = g_memdup2 (deal_lit, MAX (n_deals, 1));
      self->n_deal_lit = n_deals;
    }
  ds_graph_view_invalidate (self);
}

gboolean
ds_graph_view_get_highlighted (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), FALSE);
  return self->deal_lit != NULL;
}

void
ds_graph_view_invalidate (DsGraphView *self)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  request_scene (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
zoom_center (DsGraphView *self,
             double       factor)
{
  ds_camera_zoom_at (self->camera, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                     gtk_widget_get_height (GTK_WIDGET (self)) / 2.0, factor);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ds_graph_view_pan_by (DsGraphView *self,
                      double       dx,
                      double       dy)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  ds_camera_pan_by (self->camera, dx, dy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ds_graph_view_zoom_in (DsGraphView *self)
{
  zoom_center (self, ZOOM_STEP);
}

void
ds_graph_view_zoom_out (DsGraphView *self)
{
  zoom_center (self, 1.0 / ZOOM_STEP);
}

void
ds_graph_view_zoom_reset (DsGraphView *self)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  fit_camera (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ds_graph_view_focus_entity (DsGraphView *self,
                            DsIndex      entity)
{
  const DsScene *s;
  double x0, y0, x1, y1;

  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  ensure_scene (self);
  s = self->scene;
  if (s == NULL || entity == DS_NONE || (guint) entity >= s->n_nodes)
    return;
  x0 = x1 = s->node_x[entity];
  y0 = y1 = s->node_y[entity];
  for (guint e = 0; e < s->n_edges; e++)
    {
      guint other;
      if (s->edge_from[e] == (guint) entity)
        other = s->edge_to[e];
      else if (s->edge_to[e] == (guint) entity)
        other = s->edge_from[e];
      else
        continue;
      x0 = MIN (x0, s->node_x[other] - s->node_radius[other]);
      x1 = MAX (x1, s->node_x[other] + s->node_radius[other]);
      y0 = MIN (y0, s->node_y[other] - s->node_radius[other]);
      y1 = MAX (y1, s->node_y[other] + s->node_radius[other]);
    }
  x0 -= s->node_radius[entity]; x1 += s->node_radius[entity];
  y0 -= s->node_radius[entity]; y1 += s->node_radius[entity];
  ds_camera_fit_bounds (self->camera, x0, y0, x1, y1, FIT_MARGIN * 2);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const DsScene *
ds_graph_view_get_scene (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), NULL);
  ensure_scene (self);
  return self->scene;
}

guint
ds_graph_view_get_frame_count (DsGraphView *self)
{
  return self->frames;
}

double
ds_graph_view_get_last_render_ms (DsGraphView *self)
{
  return self->last_render_ms;
}

guint
ds_graph_view_get_prefetch_count (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), 0);
  return self->prefetches_used;
}

guint
ds_graph_view_get_redraw_count (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), 0);
  return self->redraws;
}

guint
ds_graph_view_get_async_redraw_count (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), 0);
  return self->async_redraws;
}

void
ds_graph_view_set_redraw_budget (DsGraphView *self,
                                 double       ms)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  self->redraw_budget_ms = MAX (ms, 0);
}

double
ds_graph_view_get_redraw_budget (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), 0);
  return self->redraw_budget_ms;
}

void
ds_graph_view_set_local_drag_nodes (DsGraphView *self,
                                    guint        n_nodes)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  self->local_drag_nodes = n_nodes;
}

gboolean
ds_graph_view_get_graph_ready (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), FALSE);
  return self->graph != NULL;
}

const guint32 *
ds_graph_view_get_moved_nodes (DsGraphView *self,
                               guint       *n_nodes)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), NULL);
  *n_nodes = self->moved_nodes->len;
  return self->moved_all ? NULL : (const guint32 *) self->moved_nodes->data;
}

void
ds_graph_view_forget_moved_nodes (DsGraphView *self)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  forget_moved (self);
}

void
ds_graph_view_set_scene_async_deals (DsGraphView *self,
                                     guint        min_deals)
{
  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  self->scene_async_deals = min_deals;
}

gboolean
ds_graph_view_get_scene_pending (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), FALSE);
  return self->scene_wanted != 0;
}

guint
ds_graph_view_get_async_scene_count (DsGraphView *self)
{
  g_return_val_if_fail (DS_IS_GRAPH_VIEW (self), 0);
  return self->async_scenes;
}

void
ds_graph_view_wait_for_scene (DsGraphView *self)
{
  SceneJob *job;

  g_return_if_fail (DS_IS_GRAPH_VIEW (self));
  if ((job = self->running_job) == NULL)
    return;
  g_mutex_lock (&job->lock);
  while (!job->done)
    g_cond_wait (&job->finished, &job->lock);
  g_mutex_unlock (&job->lock);
}
