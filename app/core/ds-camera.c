/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-camera.c: the viewport object; the GTK canvas binds to its properties
 * and the renderer, hit tests and exports read it. */
#define G_LOG_DOMAIN "ds-camera"

#include "config.h"

#include <math.h>

#include "ds-camera.h"

struct _DsCamera {
  GObject parent_instance;
  double  width, height;
  double  cx, cy;
  double  log_zoom;
  double  min_log_zoom, max_log_zoom;
};

G_DEFINE_FINAL_TYPE (DsCamera, ds_camera, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_CENTER_X,
  PROP_CENTER_Y,
  PROP_WIDTH,
  PROP_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ds_camera_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DsCamera *self = DS_CAMERA (object);

  switch (prop_id)
    {
    case PROP_ZOOM: g_value_set_double (value, ds_camera_get_zoom (self)); break;
    case PROP_CENTER_X: g_value_set_double (value, self->cx); break;
    case PROP_CENTER_Y: g_value_set_double (value, self->cy); break;
    case PROP_WIDTH: g_value_set_double (value, self->width); break;
    case PROP_HEIGHT: g_value_set_double (value, self->height); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ds_camera_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DsCamera *self = DS_CAMERA (object);

  switch (prop_id)
    {
    case PROP_ZOOM: ds_camera_set_zoom (self, g_value_get_double (value)); break;
    case PROP_CENTER_X: ds_camera_set_center (self, g_value_get_double (value), self->cy); break;
    case PROP_CENTER_Y: ds_camera_set_center (self, self->cx, g_value_get_double (value)); break;
    case PROP_WIDTH: ds_camera_set_viewport_size (self, g_value_get_double (value), self->height); break;
    case PROP_HEIGHT: ds_camera_set_viewport_size (self, self->width, g_value_get_double (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ds_camera_class_init (DsCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = ds_camera_get_property;
  object_class->set_property = ds_camera_set_property;

  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, 1e-12, 1e12, 1, flags);
  properties[PROP_CENTER_X] = g_param_spec_double ("center-x", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_CENTER_Y] = g_param_spec_double ("center-y", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_WIDTH] = g_param_spec_double ("width", NULL, NULL, 0, G_MAXDOUBLE, 1, flags);
  properties[PROP_HEIGHT] = g_param_spec_double ("height", NULL, NULL, 0, G_MAXDOUBLE, 1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ds_camera_init (DsCamera *self)
{
  self->width = self->height = 1;
  self->min_log_zoom = log (1e-9);
  self->max_log_zoom = log (1e9);
}

DsCamera *
ds_camera_new (void)
{
  return g_object_new (DS_TYPE_CAMERA, NULL);
}

DsCamera *
ds_camera_copy (const DsCamera *self)
{
  DsCamera *copy;

  g_return_val_if_fail (DS_IS_CAMERA ((DsCamera *) self), NULL);

  copy = ds_camera_new ();
  copy->width = self->width;
  copy->height = self->height;
  copy->cx = self->cx;
  copy->cy = self->cy;
  copy->log_zoom = self->log_zoom;
  copy->min_log_zoom = self->min_log_zoom;
  copy->max_log_zoom = self->max_log_zoom;
  return copy;
}

void
ds_camera_set_viewport_size (DsCamera *self, double width, double height)
{
  g_return_if_fail (DS_IS_CAMERA (self));

  width = MAX (width, 0);
  height = MAX (height, 0);
  if (width != self->width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
  if (height != self->height)
    {
      self->height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
}

double
ds_camera_get_width (const DsCamera *self)
{
  return self->width;
}

double
ds_camera_get_height (const DsCamera *self)
{
  return self->height;
}

void
ds_camera_set_center (DsCamera *self, double x, double y)
{
  g_return_if_fail (DS_IS_CAMERA (self));
  g_return_if_fail (isfinite (x) && isfinite (y));

  if (x != self->cx)
    {
      self->cx = x;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_X]);
    }
  if (y != self->cy)
    {
      self->cy = y;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_Y]);
    }
}

void
ds_camera_get_center (const DsCamera *self, double *x, double *y)
{
  if (x)
    *x = self->cx;
  if (y)
    *y = self->cy;
}

void
ds_camera_set_log_zoom (DsCamera *self, double log_zoom)
{
  g_return_if_fail (DS_IS_CAMERA (self));
  g_return_if_fail (isfinite (log_zoom));

  log_zoom = CLAMP (log_zoom, self->min_log_zoom, self->max_log_zoom);
  if (log_zoom != self->log_zoom)
    {
      self->log_zoom = log_zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
}

double
ds_camera_get_log_zoom (const DsCamera *self)
{
  return self->log_zoom;
}

void
ds_camera_set_zoom (DsCamera *self, double zoom)
{
  g_return_if_fail (zoom > 0);
  ds_camera_set_log_zoom (self, log (zoom));
}

double
ds_camera_get_zoom (const DsCamera *self)
{
  return exp (self->log_zoom);
}

void
ds_camera_set_zoom_limits (DsCamera *self, double min_zoom, double max_zoom)
{
  g_return_if_fail (DS_IS_CAMERA (self));
  g_return_if_fail (min_zoom > 0 && max_zoom >= min_zoom);

  self->min_log_zoom = log (min_zoom);
  self->max_log_zoom = log (max_zoom);
  ds_camera_set_log_zoom (self, self->log_zoom);
}

void
ds_camera_world_to_view (const DsCamera *self, double wx, double wy, double *vx, double *vy)
{
  double z = exp (self->log_zoom);

  *vx = (wx - self->cx) * z + self->width / 2;
  *vy = (wy - self->cy) * z + self->height / 2;
}

void
ds_camera_view_to_world (const DsCamera *self, double vx, double vy, double *wx, double *wy)
{
  double z = exp (self->log_zoom);

  *wx = (vx - self->width / 2) / z + self->cx;
  *wy = (vy - self->height / 2) / z + self->cy;
}

void
ds_camera_zoom_at (DsCamera *self, double vx, double vy, double factor)
{
  double wx, wy, z;

  g_return_if_fail (DS_IS_CAMERA (self));
  g_return_if_fail (factor > 0);

  ds_camera_view_to_world (self, vx, vy, &wx, &wy);
  g_object_freeze_notify (G_OBJECT (self));
  ds_camera_set_log_zoom (self, self->log_zoom + log (factor));
  /* Solve for the centre that puts (wx, wy) back under the pointer, with
   * the zoom actually reached after clamping. */
  z = exp (self->log_zoom);
  ds_camera_set_center (self, wx - (vx - self->width / 2) / z, wy - (vy - self->height / 2) / z);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ds_camera_pan_by (DsCamera *self, double dx, double dy)
{
  double z = exp (self->log_zoom);

  ds_camera_set_center (self, self->cx - dx / z, self->cy - dy / z);
}

void
ds_camera_fit_bounds (DsCamera *self, double x0, double y0, double x1, double y1, double margin)
{
  double bw = fabs (x1 - x0), bh = fabs (y1 - y0);
  double aw = MAX (self->width - 2 * margin, 1), ah = MAX (self->height - 2 * margin, 1);

  g_return_if_fail (DS_IS_CAMERA (self));

  g_object_freeze_notify (G_OBJECT (self));
  ds_camera_set_center (self, (x0 + x1) / 2, (y0 + y1) / 2);
  if (bw > 0 || bh > 0)
    {
      double zx = bw > 0 ? aw / bw : G_MAXDOUBLE;
      double zy = bh > 0 ? ah / bh : G_MAXDOUBLE;
      ds_camera_set_zoom (self, MIN (zx, zy));
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
ds_camera_get_visible_bounds (const DsCamera *self, double *x0, double *y0, double *x1, double *y1)
{
  ds_camera_view_to_world (self, 0, 0, x0, y0);
  ds_camera_view_to_world (self, self->width, self->height, x1, y1);
}
