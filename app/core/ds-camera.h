/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-camera.h: the viewport onto the graph: centre, zoom (kept in log
 * space) and widget size, with world <-> view conversion. No drawing. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DS_TYPE_CAMERA (ds_camera_get_type ())
G_DECLARE_FINAL_TYPE (DsCamera, ds_camera, DS, CAMERA, GObject)

/* A 1x1 view centred on the origin at zoom 1 (view pixels per world unit). */
DsCamera *ds_camera_new               (void);
/* The same view, exactly (no rounding through the zoom's logarithm): what a
 * renderer in another thread reads while the canvas's camera moves on. */
DsCamera *ds_camera_copy              (const DsCamera *self);

void      ds_camera_set_viewport_size (DsCamera *self,
                                       double    width,
                                       double    height);
double    ds_camera_get_width         (const DsCamera *self);
double    ds_camera_get_height        (const DsCamera *self);

void      ds_camera_set_center        (DsCamera *self,
                                       double    world_x,
                                       double    world_y);
void      ds_camera_get_center        (const DsCamera *self,
                                       double         *world_x,
                                       double         *world_y);

/* View pixels per world unit, clamped to [min_zoom, max_zoom]. */
void      ds_camera_set_zoom          (DsCamera *self,
                                       double    zoom);
double    ds_camera_get_zoom          (const DsCamera *self);
/* Natural log of the zoom: what animations and scroll steps move linearly. */
void      ds_camera_set_log_zoom      (DsCamera *self,
                                       double    log_zoom);
double    ds_camera_get_log_zoom      (const DsCamera *self);
void      ds_camera_set_zoom_limits   (DsCamera *self,
                                       double    min_zoom,
                                       double    max_zoom);

void      ds_camera_world_to_view     (const DsCamera *self,
                                       double          world_x,
                                       double          world_y,
                                       double         *view_x,
                                       double         *view_y);
void      ds_camera_view_to_world     (const DsCamera *self,
                                       double          view_x,
                                       double          view_y,
                                       double         *world_x,
                                       double         *world_y);

/* Multiplies the zoom by `factor` keeping the world point under
 * (view_x, view_y) fixed there: zooming toward the pointer. */
void      ds_camera_zoom_at           (DsCamera *self,
                                       double    view_x,
                                       double    view_y,
                                       double    factor);
/* Moves the content by a drag of (dx, dy) view pixels. */
void      ds_camera_pan_by            (DsCamera *self,
                                       double    dx,
                                       double    dy);
/* Centres on the box and zooms so it fits with `margin` view pixels left
 * on every side. An empty or degenerate box keeps the zoom. */
void      ds_camera_fit_bounds        (DsCamera *self,
                                       double    x0,
                                       double    y0,
                                       double    x1,
                                       double    y1,
                                       double    margin);
/* The world box the view shows. */
void      ds_camera_get_visible_bounds (const DsCamera *self,
                                        double         *x0,
                                        double         *y0,
                                        double         *x1,
                                        double         *y1);

G_END_DECLS
