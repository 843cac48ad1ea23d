/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-scene.h: the draw-ready snapshot of the landscape at a date: nodes and
 * edges as plain arrays with sizes, styles, labels and emphasis decided
 * before any drawing, so that draw calls only transform and stroke. */
#pragma once

#include <glib.h>
#include <math.h>

#include "ds-landscape.h"

G_BEGIN_DECLS

typedef enum {
  DS_SIZE_BY_VALUATION,
  DS_SIZE_BY_RAISED,     /* money received up to the date */
  DS_SIZE_BY_INVESTED,   /* money put into others up to the date */
  DS_SIZE_BY_DEGREE,     /* number of edges shown */
  DS_SIZE_BY_N
} DsSizeMeasure;

/* Draw order too: dimmed things first, highlighted last (on top). */
typedef enum {
  DS_EMPHASIS_DIM,
  DS_EMPHASIS_NORMAL,
  DS_EMPHASIS_HIGHLIGHT,
} DsEmphasis;

typedef enum {
  DS_NODE_SELECTED = 1 << 0,
  DS_NODE_HOVERED  = 1 << 1,
} DsNodeFlags;

typedef enum {
  DS_EDGE_DEAL,
  DS_EDGE_RELATION,
} DsEdgeKind;

/* Edge styles: an instrument (deals), or DS_EDGE_STYLE_RELATION + relation
 * kind (the other relations, drawn muted with a kind-specific dash). */
#define DS_EDGE_STYLE_RELATION DS_INSTRUMENT_N_KINDS
#define DS_EDGE_N_STYLES       (DS_INSTRUMENT_N_KINDS + DS_RELATION_N_KINDS)

#define DS_SCENE_ALL 0xffffffffu

typedef struct {
  DsSizeMeasure size_by;
  guint32 relation_kinds;  /* bits 1 << DsRelationKind; the INVESTS bit also shows deals */
  guint32 entity_kinds;    /* bits 1 << DsEntityKind */
  guint32 deal_statuses;   /* bits 1 << DsDealStatus */
  DsIndex selected;        /* entity, or DS_NONE */
  DsIndex hovered;         /* entity, or DS_NONE */
  /* Deals dated in [deals_from, deals_to] only (DS_DATE_NONE: open); a
   * partial date is its whole period and shows when it overlaps. */
  DsDate  deals_from, deals_to;
  double  node_scale;      /* world radius of the largest node; 0: from the layout's spread */
} DsSceneOptions;

typedef struct _DsScene DsScene;

struct _DsScene {
  DsDate date;             /* DS_DATE_NONE: everything, whatever its date */

  /* Nodes: node i is entity i of the landscape (or a hand-built node). */
  guint        n_nodes;
  DsIndex     *node_entity;
  double      *node_x, *node_y;
  double      *node_radius;      /* world units */
  guint8      *node_kind;        /* DsEntityKind */
  guint8      *node_visible;
  guint8      *node_emphasis;    /* DsEmphasis */
  guint8      *node_flags;       /* DsNodeFlags */
  const char **node_label;
  double      *node_importance;  /* label priority, larger first */
  double      *node_value;       /* the size measure, for tooltips */

  /* Edges: only those shown at the date with the options' filters. */
  guint        n_edges;
  guint32     *edge_from, *edge_to;  /* nodes */
  DsIndex     *edge_item;            /* deal or relation index, or DS_NONE */
  guint8      *edge_kind;            /* DsEdgeKind */
  guint8      *edge_style;           /* see DS_EDGE_STYLE_RELATION */
  guint8      *edge_dashed;          /* pending deal */
  guint8      *edge_emphasis;
  double      *edge_width;           /* world units */
  double      *edge_amount;          /* USD or NAN */
  /* "$4B note, Nov 2024", or NULL: read it through ds_scene_edge_label,
   * which formats the label of a big scene's deal on demand (a million
   * labels made up front took half a second a scene) from these: */
  const char **edge_label;
  DsDate      *edge_date;            /* of the deal */
  guint8      *edge_status;          /* DsDealStatus of the deal */
  guint8      *edge_scenario;        /* a deal of the scenario only */
  gboolean     lazy_edge_labels;     /* deal labels made by ds_scene_edge_label */
  double      *edge_importance;
  double      *edge_bend;            /* 0 straight; +-0.5, +-1...: parallel edges of one pair curve apart */

  /* Computed by ds_scene_finish() / ds_scene_set_focus(). */
  guint        n_node_order;
  guint32     *node_order;       /* visible nodes in drawing order */
  guint32     *label_order;      /* visible nodes, label priority first */
  guint32     *edge_order;       /* edges grouped by (emphasis, style, dashed) */
  guint32     *edge_label_order; /* labelled edges, priority first */
  guint32     *edge_lod_order;   /* all edges, most important first (level of detail) */
  guint        n_edge_labels;
  double       x0, y0, x1, y1;   /* bounds of visible nodes, radii included */
  double       node_scale;
  guint32      kinds_present;    /* bits 1 << DsEntityKind */
  guint32      styles_present;   /* bits 1 << style */
  guint32      dashed_present;
  gboolean     has_focus;
  /* A selected deal (ds_scene_set_edge_focus): focus_edge is the edge drawn
   * highlighted with its two ends; the rest is dimmed. */
  gboolean     edge_focused;
  guint32      focus_edge;
  /* A highlight set (ds_scene_set_highlight): per edge, 1 when lit; NULL
   * when there is none. Shown whenever nothing is selected or hovered. */
  guint8      *edge_lit;

  /*< private >*/
  /* The last ds_scene_set_focus, while nothing it depends on changed since:
   * the same call again has nothing to do (a million-edge scene sorts its
   * orders in 150 ms). */
  gboolean      focus_current;
  DsIndex       focus_selected, focus_hovered;
  DsScene      *base;      /* a fork's: it owns only the focus arrays */
  DsLandscape  *landscape;
  GStringChunk *strings;
  gatomicrefcount ref_count;
};

void     ds_scene_options_init (DsSceneOptions *opts);

/* Scenes of more edges than this get their deal labels on demand. */
#define DS_SCENE_EAGER_EDGE_LABELS 20000

/* Edge e's label: edge_label[e], or for a deal of a big scene its label
 * written into buf (DS_SCENE_EDGE_LABEL_SIZE bytes); NULL when it has none. */
#define DS_SCENE_EDGE_LABEL_SIZE 160
const char *ds_scene_edge_label (const DsScene *self,
                                 guint          e,
                                 char          *buf);

/* x and y hold a position per entity of `landscape` (NULL: the placeholder
 * layout below). */
DsScene *ds_scene_build  (DsLandscape          *landscape,
                          DsDate                date,
                          const double         *x,
                          const double         *y,
                          const DsSceneOptions *opts);

/* A scene of n_nodes hidden nodes and n_edges zeroed edges, for callers
 * (tests, benchmarks) that fill the arrays themselves, then call
 * ds_scene_finish(). */
DsScene *ds_scene_new    (guint n_nodes,
                          guint n_edges);
/* Copies a label into the scene's storage. */
const char *ds_scene_intern (DsScene    *self,
                             const char *text);
/* Computes bounds, orders and legend bits after the arrays are filled. */
void     ds_scene_finish (DsScene *self);
/* Highlights the neighbourhood of the selected and hovered nodes (DS_NONE
 * for none) and dims the rest; cheap enough to call on every hover. */
void     ds_scene_set_focus (DsScene *self,
                             DsIndex  selected_node,
                             DsIndex  hovered_node);
/* Highlights one edge (a selected deal) and its two end nodes, which get
 * DS_NODE_SELECTED, and dims the rest; hovered_node still gets its ring.
 * An edge out of range falls back to ds_scene_set_focus (DS_NONE,
 * hovered_node). Kept through ds_scene_finish and set_positions. */
void     ds_scene_set_edge_focus (DsScene *self,
                                  guint    edge,
                                  DsIndex  hovered_node);
/* Highlights a set of deals, as the circles view does with the deals of
 * money cycles: their edges and the nodes at their ends are drawn lit, the
 * rest dimmed, whenever no node is selected or hovered. deal_lit has one
 * entry per deal the scene was built from (what edge_item of a deal edge
 * indexes); NULL clears the set. Kept through ds_scene_finish and
 * set_positions. */
void     ds_scene_set_highlight (DsScene      *self,
                                 const guint8 *deal_lit,
                                 guint         n_deals);
/* Moves the nodes (positions per node, as given to ds_scene_build) and
 * recomputes the bounds; sizes, styles, focus and drawing orders stay (none
 * depends on positions). Lets a layout that needs the radii run after a
 * first build. A scene made by hand with ds_scene_new still needs
 * ds_scene_finish. */
void     ds_scene_set_positions (DsScene      *self,
                                 const double *x,
                                 const double *y);
/* A few nodes moved (a drag): their positions from x and y (indexed by
 * node, like set_positions'), and the bounds grown to take them in. Unlike
 * set_positions, nothing else is recomputed (the focus does not depend on
 * positions), so a drag of a million-edge scene costs the moved nodes only. */
void     ds_scene_move_nodes    (DsScene       *self,
                                 const guint32 *nodes,
                                 guint          n_nodes,
                                 const double  *x,
                                 const double  *y);
/* A scene is read-only once built, except through set_focus,
 * set_positions and move_nodes: a renderer in another thread keeps its own reference
 * while the canvas may drop the scene; ds_scene_free drops a reference. */
DsScene *ds_scene_ref    (DsScene *self);
/* A copy that shares everything with `self` but what a focus, highlight or
 * drag changes (emphasis, flags, orders, lit edges, node positions), so the
 * canvas can refocus a scene or move its nodes while a worker is still
 * drawing it, without building it again. A fork may only be refocused,
 * highlighted or have nodes moved: geometry and strings are the base's,
 * read-only. */
DsScene *ds_scene_fork   (DsScene *self);
void     ds_scene_free   (DsScene *self);

/* The radius a node is drawn with at a zoom: never under a pixel, so every
 * node stays visible and hittable. Shared by the renderer and hit tests. */
static inline double
ds_scene_view_radius (const DsScene *self, guint node, double zoom)
{
  double r = self->node_radius[node] * zoom;
  return r < 1.0 ? 1.0 : r;
}

/* Deal widths follow the amount, in world units, so they grow with the
 * zoom; past this many view pixels they stop: zoomed into a dense graph,
 * thousands of edges as wide as a hand cover the view and cost seconds to
 * fill, and no reading needs them wider than a hub's outline. */
#define DS_SCENE_MAX_EDGE_VIEW_WIDTH 12.0

/* The width edge e is drawn with at a zoom. Shared by the renderer and hit
 * tests. */
static inline double
ds_scene_edge_view_width (const DsScene *self, guint e, double zoom)
{
  double w = self->edge_width[e] * zoom;
  return w > DS_SCENE_MAX_EDGE_VIEW_WIDTH ? DS_SCENE_MAX_EDGE_VIEW_WIDTH : w;
}

/* Where edge e bends, given its ends at (ax, ay) and (bx, by) in view
 * pixels: the control point of the quadratic curve the renderer draws (the
 * midpoint for a straight edge). Steps of min(0.22 * length, 60 px) to the
 * left of a -> b. Shared by the renderer and hit tests. */
static inline void
ds_scene_edge_control (const DsScene *self, guint e, double ax, double ay, double bx, double by,
                       double *qx, double *qy)
{
  double dx = bx - ax, dy = by - ay, l = sqrt (dx * dx + dy * dy), off;

  *qx = (ax + bx) / 2;
  *qy = (ay + by) / 2;
  if (self->edge_bend[e] == 0 || l <= 0)
    return;
  off = self->edge_bend[e] * (0.22 * l < 60.0 ? 0.22 * l : 60.0);
  *qx += -dy / l * off;
  *qy += dx / l * off;
}

/* Deterministic positions until the layout engine has run: a sunflower
 * spiral, most connected entities in the middle. */
void     ds_scene_placeholder_layout (DsLandscape *landscape,
                                      double      *x,
                                      double      *y);

/* Short instrument names used in edge labels ("note", "SAFE"). */
const char *ds_scene_instrument_label (DsInstrument instrument);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsScene, ds_scene_free)

G_END_DECLS
