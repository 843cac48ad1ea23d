/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-render.h: the one graph renderer: a scene, a camera and a theme drawn
 * onto any cairo context (the GTK canvas, PNG, PDF and SVG exports). */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ds-camera.h"
#include "ds-scene.h"
#include "ds-theme.h"

G_BEGIN_DECLS

typedef struct {
  guint nodes_drawn;
  guint nodes_as_glyphs;
  guint edges_drawn;
  guint labels_placed;
  guint edge_labels_placed;
  guint hairlines_skipped;   /* sub-pixel edges left out by the budget */
  guint diff_edges_drawn;    /* edges marked by a diff overlay */
  guint diff_labels_placed;  /* their "$2B → $4B" labels */
} DsRenderStats;

struct _DsDiffOverlay;

typedef struct {
  gboolean    draw_background;
  gboolean    show_labels;       /* FALSE: only priority_node keeps its name */
  gboolean    show_edge_labels;
  gboolean    show_legend;
  const char *caption;           /* top-left title ("AI investments, Nov 2025"), or NULL */
  double      label_min_radius;  /* view px a node needs before it may get a label */
  guint       overview_labels;   /* the first N of the label order (largest first) may
                                  * have one below label_min_radius: a zoomed-out
                                  * 38k graph still names its hubs */
  guint       max_label_tries;   /* label candidates tried per frame (LOD budget) */
  guint       max_glyphs_in_order; /* above this, glyphs are batched per kind */
  double      hairline_budget;   /* view px of sub-pixel edges drawn per frame, most important first */
  /* > 0: the view is the image inset by this many px on every side (the
   * canvas draws a margin to pan into): no label straddles its edge, so
   * none is cut where the window ends. 0 by default. */
  double      label_inset;
  /* A scene node whose label is placed first, whatever its size, emphasis
   * or the label budget (the selected node: its name on demand); -1 for
   * none (the default). The others make way for it. */
  gint32      priority_node;
  /* The caller draws the legend over the image (the canvas does): keep
   * labels out of the bottom-left corner it takes (inside label_inset). */
  gboolean    reserve_legend;
  /* A titled list in a panel at the top right (the circles view's cycles,
   * one line each, prepared by the caller); the page of an export keeps a
   * band free for it. n_list_lines 0: none. Lines that do not fit end in
   * "+N more". */
  const char        *list_title;
  const char *const *list_lines;
  guint              n_list_lines;
  /* A scenario diff drawn over the scene it was built for (ds-diff-overlay.h):
   * added deals green and thicker, removed ones red and dashed, changed
   * ones amber with their "$2B → $4B" label (placed before node labels, on
   * the same grid), nodes whose stake crossed a threshold ringed, and its
   * legend at the bottom right. NULL: none. */
  const struct _DsDiffOverlay *diff_overlay;
  /* The caller draws the overlay's legend over the image itself (the
   * canvas, so that it stays put while the image pans): labels keep out of
   * its corner, but it is not drawn here. */
  gboolean    reserve_diff_legend;
  DsRenderStats *stats;          /* filled when not NULL */
} DsRenderOptions;

void ds_render_options_init (DsRenderOptions *opts);

/* Draws in view coordinates (0,0)-(camera width, height) of `cr`. opts may
 * be NULL for the defaults. */
void ds_render_graph (cairo_t               *cr,
                      const DsScene         *scene,
                      const DsCamera        *camera,
                      const DsTheme         *theme,
                      const DsRenderOptions *opts);

/* Draws the legend alone (the renderer calls it when show_legend is set):
 * bottom-left of a width x height view, for the kinds and styles the scene
 * holds. Sets the size it took (0 when nothing was drawn). */
void ds_render_legend (cairo_t       *cr,
                       const DsScene *scene,
                       const DsTheme *theme,
                       double         width,
                       double         height,
                       double        *out_width,
                       double        *out_height);

/* The size ds_render_legend would take in a view of this width (0 x 0
 * when it would not be drawn). */
void ds_render_legend_size (cairo_t       *cr,
                            const DsScene *scene,
                            const DsTheme *theme,
                            double         width,
                            double        *out_width,
                            double        *out_height);

/* The ring around a selected (alpha 1) or hovered node drawn with view
 * radius r at (x, y); the canvas draws it over its image too. */
void   ds_render_ring        (cairo_t       *cr,
                              const DsTheme *theme,
                              double         x,
                              double         y,
                              double         r,
                              double         alpha);
/* How far from the centre the ring of a node of view radius r reaches. */
double ds_render_ring_extent (double         r);

/* Adds the glyph of an entity kind, centred on (x, y) with radius r, to
 * the current path. */
void ds_render_glyph_path (cairo_t      *cr,
                           DsEntityKind  kind,
                           double        x,
                           double        y,
                           double        r);

/* A whole graph fitted into a page: what exports and the report use. */
typedef struct {
  const DsScene         *scene;
  const DsTheme         *theme;
  const DsRenderOptions *opts;   /* may be NULL */
  double                 margin; /* view px around the graph */
} DsGraphPage;

/* A DsExportDrawFunc (see ds-export.h): fits the scene into width x height
 * (below the caption, above the legend's band) and draws it. */
void ds_render_graph_page (cairo_t *cr,
                           double   width,
                           double   height,
                           gpointer graph_page);

G_END_DECLS
