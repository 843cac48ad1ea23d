/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-render.c: drawing a scene: edges batched by style, glyphs per entity
 * kind, labels placed greedily by importance on an occupancy grid, legend. */
#define G_LOG_DOMAIN "ds-render"

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "ds-beside.h"
#include "ds-diff-overlay.h"
#include "ds-render.h"
#include "ds-text.h"

/* View pixels: below TINY_RADIUS a node is a plain square, labels need a
 * node of label_min_radius, edges shorter than MIN_EDGE_LENGTH are skipped. */
#define TINY_RADIUS      2.5
#define MIN_EDGE_LENGTH  1.0
#define GRID_CELL        6
#define INK_BUDGET       0.5   /* views of deal ink a dense frame may lay down */

void
ds_render_options_init (DsRenderOptions *opts)
{
  memset (opts, 0, sizeof *opts);
  opts->draw_background = TRUE;
  opts->show_labels = TRUE;
  opts->show_edge_labels = TRUE;
  opts->show_legend = TRUE;
  opts->label_min_radius = 4;
  opts->overview_labels = 20;
  opts->max_label_tries = 400;
  opts->max_glyphs_in_order = 1500;
  opts->hairline_budget = 1.0e6;
  opts->priority_node = -1;
}

/* --- glyphs -------------------------------------------------------------- */

static void
polygon (cairo_t *cr, double x, double y, double r, const double *pts, guint n)
{
  cairo_move_to (cr, x + pts[0] * r, y + pts[1] * r);
  for (guint i = 1; i < n; i++)
    cairo_line_to (cr, x + pts[2 * i] * r, y + pts[2 * i + 1] * r);
  cairo_close_path (cr);
}

static void
regular (cairo_t *cr, double x, double y, double r, guint n, double phase)
{
  for (guint i = 0; i < n; i++)
    {
      double t = phase + 2 * G_PI * i / n;
      if (i == 0)
        cairo_move_to (cr, x + r * cos (t), y + r * sin (t));
      else
        cairo_line_to (cr, x + r * cos (t), y + r * sin (t));
    }
  cairo_close_path (cr);
}

void
ds_render_glyph_path (cairo_t *cr, DsEntityKind kind, double x, double y, double r)
{
  static const double diamond[] = { 0, -1.15, 1.15, 0, 0, 1.15, -1.15, 0 };
  static const double building[] = { -0.9, 0.8, -0.9, -0.35, -0.45, -0.35, -0.45, -0.85,
                                      0.45, -0.85, 0.45, -0.35, 0.9, -0.35, 0.9, 0.8 };

  cairo_new_sub_path (cr);
  switch (kind)
    {
    case DS_ENTITY_COMPANY:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case DS_ENTITY_INVESTOR:
      polygon (cr, x, y, r, diamond, 4);
      break;
    case DS_ENTITY_CLOUD:
      /* Three bumps on a flat base, one outline so the stroke stays clean. */
      cairo_move_to (cr, x - 0.62 * r, y + 0.6 * r);
      cairo_line_to (cr, x + 0.62 * r, y + 0.6 * r);
      cairo_arc_negative (cr, x + 0.62 * r, y + 0.15 * r, 0.45 * r, G_PI / 2, -G_PI / 2.6);
      cairo_arc_negative (cr, x + 0.05 * r, y - 0.2 * r, 0.62 * r, -G_PI / 8, -G_PI + G_PI / 5);
      cairo_arc_negative (cr, x - 0.62 * r, y + 0.15 * r, 0.45 * r, -G_PI / 1.6, -3 * G_PI / 2);
      cairo_close_path (cr);
      break;
    case DS_ENTITY_CHIP:
      cairo_rectangle (cr, x - 0.72 * r, y - 0.72 * r, 1.44 * r, 1.44 * r);
      for (int k = -1; k <= 1; k++)
        {
          double p = k * 0.42 * r, w = 0.16 * r, l = 0.3 * r;
          cairo_rectangle (cr, x + p - w / 2, y - 0.72 * r - l, w, l);
          cairo_rectangle (cr, x + p - w / 2, y + 0.72 * r, w, l);
          cairo_rectangle (cr, x - 0.72 * r - l, y + p - w / 2, l, w);
          cairo_rectangle (cr, x + 0.72 * r, y + p - w / 2, l, w);
        }
      break;
    case DS_ENTITY_DATACENTER:
      polygon (cr, x, y, r, building, 8);
      break;
    case DS_ENTITY_MODEL:
      for (guint i = 0; i < 10; i++)
        {
          double t = -G_PI / 2 + G_PI * i / 5, rr = (i % 2 ? 0.5 : 1.18) * r;
          if (i == 0)
            cairo_move_to (cr, x + rr * cos (t), y + rr * sin (t));
          else
            cairo_line_to (cr, x + rr * cos (t), y + rr * sin (t));
        }
      cairo_close_path (cr);
      break;
    case DS_ENTITY_REGULATOR:
      regular (cr, x, y, 1.05 * r, 8, G_PI / 8);
      break;
    case DS_ENTITY_N_KINDS:
    default:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

/* --- per-frame state ----------------------------------------------------- */

typedef struct {
  cairo_t        *cr;
  const DsScene  *scene;
  const DsTheme  *theme;
  double          z, cx, cy, hw, hh, width, height;
  double          label_inset;  /* see DsRenderOptions */
  /* Occupancy grid of label and glyph boxes, one byte per cell. */
  guint8         *grid;
  guint8         *edge_grid;   /* cells edges pass through; labels avoid them when they can */
  int             gw, gh;
  PangoLayout    *layout;
  /* Direct pixel access for hairlines and tiny squares on image surfaces
   * (the screen and PNG): cairo's general rasterizer costs tens of
   * microseconds per primitive, far too much for 60k edges. */
  guint32        *px;
  int             px_stride, px_w, px_h;
  double          px_sx, px_sy, px_ox, px_oy;
  double          clip_x0, clip_y0, clip_x1, clip_y1;  /* in pixels */
  double          hairline_budget;
  gboolean        dense;             /* hairlines drawn by the budget pass */
  double          ink_scale;         /* deal widths x this (see draw_edges), 1 by default */
  gboolean        vector;            /* PDF, SVG, recording: no rasterization here */
  guint           hairlines_skipped;
} Frame;

static gboolean
raster_begin (Frame *f)
{
  cairo_surface_t *target = cairo_get_target (f->cr);
  cairo_matrix_t m;
  double dsx, dsy, dox, doy;

  if (g_getenv ("DS_RENDER_NO_RASTER"))
    return FALSE;
  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE
      || (cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32
          && cairo_image_surface_get_format (target) != CAIRO_FORMAT_RGB24))
    return FALSE;
  cairo_get_matrix (f->cr, &m);
  if (m.xy != 0 || m.yx != 0 || m.xx <= 0 || m.yy <= 0)
    return FALSE;
  cairo_surface_get_device_scale (target, &dsx, &dsy);
  cairo_surface_get_device_offset (target, &dox, &doy);
  cairo_surface_flush (target);
  f->px = (guint32 *) cairo_image_surface_get_data (target);
  if (!f->px)
    return FALSE;
  f->px_stride = cairo_image_surface_get_stride (target) / 4;
  f->px_w = cairo_image_surface_get_width (target);
  f->px_h = cairo_image_surface_get_height (target);
  f->px_sx = m.xx * dsx;
  f->px_sy = m.yy * dsy;
  f->px_ox = m.x0 * dsx + dox;
  f->px_oy = m.y0 * dsy + doy;
  f->clip_x0 = MAX (0, f->px_ox);
  f->clip_y0 = MAX (0, f->px_oy);
  f->clip_x1 = MIN (f->px_w, f->px_ox + f->width * f->px_sx);
  f->clip_y1 = MIN (f->px_h, f->px_oy + f->height * f->px_sy);
  return TRUE;
}

static void
raster_end (Frame *f)
{
  if (f->px)
    cairo_surface_mark_dirty (cairo_get_target (f->cr));
  f->px = NULL;
}

/* Premultiplied ARGB "over" with a coverage of 0..256; x * a / 255 via
 * the usual (x * a + 128) * 257 >> 16 trick, two channels at a time. */
static inline void
blend (guint32 *p, guint32 colour, guint alpha, guint cover)
{
  guint a = (alpha * cover) >> 8, ia = 255 - a;
  guint32 d = *p;
  guint32 s_rb = (colour & 0xff00ff) * a + 0x800080, s_g = (colour & 0x00ff00) * a + 0x008000;
  guint32 d_rb = (d & 0xff00ff) * ia + 0x800080, d_ag = ((d >> 8) & 0xff00ff) * ia + 0x800080;

  s_rb = ((s_rb + ((s_rb >> 8) & 0xff00ff)) >> 8) & 0xff00ff;
  s_g = ((s_g + ((s_g >> 8) & 0x00ff00)) >> 8) & 0x00ff00;
  d_rb = ((d_rb + ((d_rb >> 8) & 0xff00ff)) >> 8) & 0xff00ff;
  d_ag = (d_ag + ((d_ag >> 8) & 0xff00ff)) & 0xff00ff00;
  *p = (d_ag + ((guint32) a << 24) + (s_g & 0xff00)) + ((d_rb + s_rb) & 0xff00ff);
}

static inline guint32
rgb_of (const DsRgba *c)
{
  return ((guint32) (c->r * 255 + 0.5) << 16) | ((guint32) (c->g * 255 + 0.5) << 8) | (guint32) (c->b * 255 + 0.5);
}

static inline void
plot (Frame *f, int x, int y, guint32 colour, guint alpha, guint cover)
{
  if (x >= f->clip_x0 && y >= f->clip_y0 && x < f->clip_x1 && y < f->clip_y1)
    blend (&f->px[y * f->px_stride + x], colour, alpha, cover);
}

/* A line from view (x0, y0) to (x1, y1) in device pixels, walked along its
 * major axis (y if steep, the coordinates swapped then): pixels xa..xb,
 * clipped to the surface so off-screen parts cost nothing; the minor
 * coordinate is y0 + grad * (x - x0), and len is the line's length per
 * step, for dashes. FALSE when nothing of it is on the surface. */
typedef struct {
  gboolean steep;
  double   x0, y0, grad, len;
  int      xa, xb;
} LineSpan;

static inline gboolean
line_span (const Frame *f, double x0, double y0, double x1, double y1, LineSpan *l)
{
  int lo, hi;

  x0 = x0 * f->px_sx + f->px_ox - 0.5;
  y0 = y0 * f->px_sy + f->px_oy - 0.5;
  x1 = x1 * f->px_sx + f->px_ox - 0.5;
  y1 = y1 * f->px_sy + f->px_oy - 0.5;
  l->steep = fabs (y1 - y0) > fabs (x1 - x0);
  if (l->steep)
    {
      double t = x0; x0 = y0; y0 = t;
      t = x1; x1 = y1; y1 = t;
    }
  if (x0 > x1)
    {
      double t = x0; x0 = x1; x1 = t;
      t = y0; y0 = y1; y1 = t;
    }
  l->x0 = x0;
  l->y0 = y0;
  l->grad = x1 - x0 > 0 ? (y1 - y0) / (x1 - x0) : 1;
  l->len = sqrt (1 + l->grad * l->grad);
  lo = (int) (l->steep ? f->clip_y0 : f->clip_x0);
  hi = (int) (l->steep ? f->clip_y1 : f->clip_x1) - 1;
  l->xa = MAX ((int) ceil (x0), lo);
  l->xb = MIN ((int) floor (x1), hi);
  return l->xa <= l->xb;
}

/* Xiaolin Wu's antialiased line, in view coordinates; `on`/`off` > 0 give
 * a dash pattern in pixels. Intensity follows the width below a pixel. */
static void
raster_line (Frame *f, double vx0, double vy0, double vx1, double vy1, guint32 colour, guint alpha,
             double on, double off)
{
  double period = on + off;
  LineSpan l;

  if (!line_span (f, vx0, vy0, vx1, vy1, &l))
    return;
  /* Fixed point 16.16 along the minor axis, stepped once per pixel: the
   * float floor and the per-pixel clip tests cost more than the blends. */
  {
    const int stride = f->px_stride;
    const int major_step = l.steep ? stride : 1, minor_step = l.steep ? 1 : stride;
    const int minor_lo = (int) (l.steep ? f->clip_x0 : f->clip_y0);
    const int minor_hi = (int) (l.steep ? f->clip_x1 : f->clip_y1) - 1;
    const gint64 step = (gint64) llround (l.grad * 65536.0);
    gint64 fy = (gint64) llround ((l.y0 + l.grad * (l.xa - l.x0)) * 65536.0);
    const gboolean faint = alpha < 96;
    double dash_pos = (l.xa - l.x0) * l.len;
    guint32 *px = f->px;

    for (int x = l.xa; x <= l.xb; x++, fy += step, dash_pos += l.len)
      {
        int y = (int) (fy >> 16);
        guint frac = (guint) ((fy >> 8) & 0xff);
        guint32 *p;

        if (period > 0 && fmod (dash_pos, period) > on)
          continue;
        if (y < minor_lo - 1 || y > minor_hi)
          continue;
        p = px + (gsize) x * major_step + (gssize) y * minor_step;
        if (faint)
          {
            /* Faint lines: one pixel a step (half the memory traffic); the
             * difference does not show at this opacity. */
            if (frac >= 128)
              {
                if (y + 1 <= minor_hi)
                  blend (p + minor_step, colour, alpha, 256);
              }
            else if (y >= minor_lo)
              blend (p, colour, alpha, 256);
            continue;
          }
        if (y >= minor_lo)
          blend (p, colour, alpha, 256 - frac);
        if (y + 1 <= minor_hi && frac)
          blend (p + minor_step, colour, alpha, frac);
      }
  }
}

/* Hairlines of dense views, where they are a texture: one pixel a step
 * (the ink of Wu's two pixels put on the nearer one, as faint lines get in
 * raster_line), the source premultiplied once per line, dashes counted
 * instead of divided. A fifth of raster_line's instructions a pixel. */
static guint
raster_hairline (Frame *f, double vx0, double vy0, double vx1, double vy1, guint32 colour, guint alpha,
                 double on, double off)
{
  double period = on + off;
  LineSpan l;

  if (alpha == 0 || !line_span (f, vx0, vy0, vx1, vy1, &l))
    return 0;
  {
    const int stride = f->px_stride;
    const gssize major_step = l.steep ? stride : 1, minor_step = l.steep ? 1 : stride;
    const int minor_lo = (int) (l.steep ? f->clip_x0 : f->clip_y0);
    const guint minor_span = (guint) ((int) (l.steep ? f->clip_x1 : f->clip_y1) - 1 - minor_lo);
    const gint64 step = (gint64) llround (l.grad * 65536.0);
    /* + 0.5 in 16.16: the nearer of the two pixels Wu would touch. */
    gint64 fy = (gint64) llround ((l.y0 + l.grad * (l.xa - l.x0)) * 65536.0) + 0x8000;
    /* The destination scaled by (256 - a') >> 8, a' = a + a / 128 in
     * 0..256: within one step of the exact / 255 (checked for every value),
     * never above 255 once the source is added. */
    const guint32 a = MIN (alpha, 255), ia = 256 - (a + (a >> 7));
    guint32 s_rb = (colour & 0xff00ff) * a + 0x800080, s_g = (colour & 0x00ff00) * a + 0x008000, src;
    guint32 *row = f->px + (gsize) l.xa * major_step;
    double dash_pos = period > 0 ? fmod ((l.xa - l.x0) * l.len, period) : 0;

    s_rb = ((s_rb + ((s_rb >> 8) & 0xff00ff)) >> 8) & 0xff00ff;
    s_g = ((s_g + ((s_g >> 8) & 0x00ff00)) >> 8) & 0x00ff00;
    src = (a << 24) + s_g + s_rb;

#define HAIRLINE_PIXEL                                                                        \
    G_STMT_START {                                                                            \
      int y = (int) (fy >> 16);                                                               \
      if ((guint) (y - minor_lo) <= minor_span)                                               \
        {                                                                                     \
          guint32 *p = row + (gssize) y * minor_step, d = *p;                                 \
          *p = ((((d & 0xff00ff) * ia) >> 8) & 0xff00ff)                                      \
               + ((((d >> 8) & 0xff00ff) * ia) & 0xff00ff00) + src;                           \
        }                                                                                     \
    } G_STMT_END

    if (period > 0)
      for (int x = l.xa; x <= l.xb; x++, fy += step, row += major_step)
        {
          if (dash_pos <= on)
            HAIRLINE_PIXEL;
          dash_pos += l.len;
          if (dash_pos >= period)
            dash_pos -= period;
        }
    else
      for (int x = l.xa; x <= l.xb; x++, fy += step, row += major_step)
        HAIRLINE_PIXEL;
#undef HAIRLINE_PIXEL
    return (guint) (l.xb - l.xa + 1);
  }
}

static void
raster_square (Frame *f, double cx, double cy, double side, guint32 colour, guint alpha)
{
  int x0 = (int) floor ((cx - side / 2) * f->px_sx + f->px_ox + 0.5);
  int y0 = (int) floor ((cy - side / 2) * f->px_sy + f->px_oy + 0.5);
  int n = MAX (1, (int) floor (side * f->px_sx + 0.5));

  for (int y = MAX (y0, (int) f->clip_y0); y < MIN (y0 + n, (int) f->clip_y1); y++)
    for (int x = MAX (x0, (int) f->clip_x0); x < MIN (x0 + n, (int) f->clip_x1); x++)
      blend (&f->px[y * f->px_stride + x], colour, alpha, 256);
}

static inline void
to_view (const Frame *f, double wx, double wy, double *vx, double *vy)
{
  *vx = (wx - f->cx) * f->z + f->hw;
  *vy = (wy - f->cy) * f->z + f->hh;
}

/* Cells hold GRID_GLYPH or GRID_LABEL (labels, the legend and list panels:
 * text that nothing may cover). */
enum { GRID_GLYPH = 1, GRID_LABEL = 2 };
#define HUB_LABEL_RADIUS 12

static gboolean
grid_free_of (const Frame *f, double x0, double y0, double x1, double y1, guint8 mask)
{
  int c0 = (int) floor (x0 / GRID_CELL), c1 = (int) floor (x1 / GRID_CELL);
  int r0 = (int) floor (y0 / GRID_CELL), r1 = (int) floor (y1 / GRID_CELL);

  /* Labels must fit inside the view: a cut label reads worse than none. */
  if (x0 < 0 || y0 < 0 || x1 >= f->width || y1 >= f->height)
    return FALSE;
  if (f->label_inset > 0)
    {
      double i = f->label_inset;
      gboolean inside = x0 >= i && y0 >= i && x1 < f->width - i && y1 < f->height - i;
      gboolean outside = x1 < i || y1 < i || x0 >= f->width - i || y0 >= f->height - i;

      if (!inside && !outside)
        return FALSE;
    }
  for (int r = MAX (r0, 0); r <= MIN (r1, f->gh - 1); r++)
    for (int c = MAX (c0, 0); c <= MIN (c1, f->gw - 1); c++)
      if (f->grid[r * f->gw + c] & mask)
        return FALSE;
  return TRUE;
}

static void
grid_mark_as (Frame *f, double x0, double y0, double x1, double y1, guint8 what)
{
  int c0 = MAX ((int) floor (x0 / GRID_CELL), 0), c1 = MIN ((int) floor (x1 / GRID_CELL), f->gw - 1);
  int r0 = MAX ((int) floor (y0 / GRID_CELL), 0), r1 = MIN ((int) floor (y1 / GRID_CELL), f->gh - 1);

  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      f->grid[r * f->gw + c] |= what;
}

static void
grid_mark (Frame *f, double x0, double y0, double x1, double y1)
{
  grid_mark_as (f, x0, y0, x1, y1, GRID_LABEL);
}

/* Inside the view, clear of glyphs and text. */
static gboolean
grid_free (const Frame *f, double x0, double y0, double x1, double y1)
{
  return grid_free_of (f, x0, y0, x1, y1, GRID_GLYPH | GRID_LABEL);
}

/* Inside the view and clear of text; glyphs allowed. */
static gboolean
label_grid_free (const Frame *f, double x0, double y0, double x1, double y1)
{
  return grid_free_of (f, x0, y0, x1, y1, GRID_LABEL);
}

static void
edge_grid_mark_segment (Frame *f, double x0, double y0, double x1, double y1)
{
  double dx = x1 - x0, dy = y1 - y0, l = sqrt (dx * dx + dy * dy);
  int steps = (int) ceil (l / (GRID_CELL / 2.0));

  for (int i = 0; i <= steps; i++)
    {
      double t = steps ? (double) i / steps : 0;
      int c = (int) floor ((x0 + t * dx) / GRID_CELL), r = (int) floor ((y0 + t * dy) / GRID_CELL);
      if (c >= 0 && r >= 0 && c < f->gw && r < f->gh)
        f->edge_grid[r * f->gw + c] = 1;
    }
}

static gboolean
edge_grid_free (const Frame *f, double x0, double y0, double x1, double y1)
{
  int c0 = MAX ((int) floor (x0 / GRID_CELL), 0), c1 = MIN ((int) floor (x1 / GRID_CELL), f->gw - 1);
  int r0 = MAX ((int) floor (y0 / GRID_CELL), 0), r1 = MIN ((int) floor (y1 / GRID_CELL), f->gh - 1);

  if (!f->edge_grid)
    return TRUE;
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      if (f->edge_grid[r * f->gw + c])
        return FALSE;
  return TRUE;
}

/* --- edges --------------------------------------------------------------- */

static void
relation_dash (cairo_t *cr, DsRelationKind kind, double scale)
{
  static const double supplies[] = { 6, 3 }, hosts[] = { 2, 3 }, uses[] = { 8, 3, 2, 3 },
                      competes[] = { 1, 4 }, regulates[] = { 10, 4 }, partners[] = { 4, 4 };
  const double *d = NULL;
  int n = 0;
  double scaled[4];

  switch (kind)
    {
    case DS_RELATION_SUPPLIES: d = supplies; n = 2; break;
    case DS_RELATION_HOSTS: d = hosts; n = 2; break;
    case DS_RELATION_USES: d = uses; n = 4; break;
    case DS_RELATION_COMPETES: d = competes; n = 2; break;
    case DS_RELATION_REGULATES: d = regulates; n = 2; break;
    case DS_RELATION_PARTNERS: d = partners; n = 2; break;
    case DS_RELATION_INVESTS:
    case DS_RELATION_OWNS:
    case DS_RELATION_N_KINDS:
    default: break;
    }
  for (int i = 0; i < n; i++)
    scaled[i] = d[i] * scale;
  cairo_set_dash (cr, n ? scaled : NULL, n, 0);
}

/* Competition and partnership have no direction. */
static gboolean
style_has_arrow (guint style)
{
  return style < DS_EDGE_STYLE_RELATION
         || (style - DS_EDGE_STYLE_RELATION != DS_RELATION_COMPETES
             && style - DS_EDGE_STYLE_RELATION != DS_RELATION_PARTNERS);
}

static const DsRgba *
style_colour (const DsTheme *theme, guint style)
{
  return style < DS_EDGE_STYLE_RELATION ? &theme->instrument[style] : &theme->relation;
}

static double
emphasis_alpha (const DsTheme *theme, guint emphasis, gboolean relation)
{
  switch (emphasis)
    {
    case DS_EMPHASIS_DIM: return theme->dim_alpha;
    case DS_EMPHASIS_HIGHLIGHT: return 1.0;
    default: return relation ? 0.75 : 0.85;
    }
}

typedef struct {
  double ax, ay;   /* start, on the source's boundary */
  double bx, by;   /* end, on the target's boundary (before the arrow) */
  double qx, qy;   /* quadratic control point (== midpoint when straight) */
  double ux, uy;   /* direction at the end */
  double len;      /* visible length (chord) */
  gboolean bent;
} EdgeGeom;

/* The visible part of edge e, from boundary to boundary; FALSE when it is
 * culled (outside the view, or shorter than its end glyphs). */
static gboolean
edge_geometry (const Frame *f, guint e, EdgeGeom *g)
{
  const DsScene *s = f->scene;
  guint32 a = s->edge_from[e], b = s->edge_to[e];
  double x0, y0, x1, y1, dx, dy, l, ra, rb, bend = s->edge_bend[e];
  double sx, sy, ex, ey, n;

  to_view (f, s->node_x[a], s->node_y[a], &x0, &y0);
  to_view (f, s->node_x[b], s->node_y[b], &x1, &y1);
  if ((x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0)
      || (x0 > f->width && x1 > f->width) || (y0 > f->height && y1 > f->height))
    return FALSE;
  dx = x1 - x0;
  dy = y1 - y0;
  if (bend == 0)
    {
      /* The bounding boxes overlap; the line may still miss the view. It
       * does when all four corners lie on one side of it (with a margin
       * for the line's width). */
      double c0 = dx * (0 - y0) - dy * (0 - x0);
      double c1 = dx * (0 - y0) - dy * (f->width - x0);
      double c2 = dx * (f->height - y0) - dy * (0 - x0);
      double c3 = dx * (f->height - y0) - dy * (f->width - x0);
      double margin = sqrt (dx * dx + dy * dy) * (s->edge_width[e] * f->z + 2);
      if ((c0 > margin && c1 > margin && c2 > margin && c3 > margin)
          || (c0 < -margin && c1 < -margin && c2 < -margin && c3 < -margin))
        return FALSE;
    }
  l = sqrt (dx * dx + dy * dy);
  ra = ds_scene_view_radius (s, a, f->z);
  rb = ds_scene_view_radius (s, b, f->z);
  if (l < MIN_EDGE_LENGTH || l <= ra + rb)
    return FALSE;
  /* Glyphs reach a bit past r (diamond, star): keep arrows clear of them. */
  ra = ra > TINY_RADIUS ? ra * 1.1 : ra;
  rb = rb > TINY_RADIUS ? rb * 1.15 + 1 : rb;

  g->bent = bend != 0;
  ds_scene_edge_control (s, e, x0, y0, x1, y1, &g->qx, &g->qy);
  sx = g->qx - x0;
  sy = g->qy - y0;
  n = sqrt (sx * sx + sy * sy);
  g->ax = x0 + sx / n * ra;
  g->ay = y0 + sy / n * ra;
  ex = x1 - g->qx;
  ey = y1 - g->qy;
  n = sqrt (ex * ex + ey * ey);
  g->ux = ex / n;
  g->uy = ey / n;
  g->bx = x1 - g->ux * rb;
  g->by = y1 - g->uy * rb;
  g->len = l - ra - rb;
  return g->len > 0;
}

static void
edge_path (cairo_t *cr, const EdgeGeom *g)
{
  cairo_move_to (cr, g->ax, g->ay);
  if (g->bent)
    cairo_curve_to (cr, g->ax + 2.0 / 3 * (g->qx - g->ax), g->ay + 2.0 / 3 * (g->qy - g->ay),
                    g->bx + 2.0 / 3 * (g->qx - g->bx), g->by + 2.0 / 3 * (g->qy - g->by),
                    g->bx, g->by);
  else
    cairo_line_to (cr, g->bx, g->by);
}

static double
arrow_size (double w)
{
  return MAX (5.0, 2.6 * w);
}

static void
add_arrow (cairo_t *cr, double bx, double by, double ux, double uy, double size)
{
  double px = -uy, py = ux;

  cairo_move_to (cr, bx, by);
  cairo_line_to (cr, bx - ux * size + px * size * 0.45, by - uy * size + py * size * 0.45);
  cairo_line_to (cr, bx - ux * size - px * size * 0.45, by - uy * size - py * size * 0.45);
  cairo_close_path (cr);
}

/* View width of edge e: relations stay thin, highlighted edges stay visible. */
static double
edge_view_width (const Frame *f, guint e, gboolean relation, guint emph)
{
  double w = ds_scene_edge_view_width (f->scene, e, f->z);

  if (!relation && emph != DS_EMPHASIS_HIGHLIGHT)
    w *= f->ink_scale;
  if (relation)
    w = CLAMP (w, 0.5, 1.5);
  if (emph == DS_EMPHASIS_HIGHLIGHT)
    w = MAX (w, 1.5);
  return w;
}

/* Pulls the end back so the line stops under the arrow's base. */
static gboolean
make_room_for_arrow (EdgeGeom *g, double w, gboolean arrows, double *as)
{
  *as = arrow_size (w);
  if (!arrows || g->len <= 3 * *as || w < 0.5)
    return FALSE;
  g->bx -= g->ux * *as * 0.9;
  g->by -= g->uy * *as * 0.9;
  return TRUE;
}

/* Whether edge e of a bucket is drawn by pass 2 of draw_edges (a stroke:
 * dashed, a relation, curved, or any edge in vector output), with its view
 * width and geometry; the stroke loop and the arrow loop must pick the
 * same edges. */
static gboolean
stroked_edge (const Frame *f, guint e, gboolean relation, guint emph, gboolean dashed, double *w, EdgeGeom *g)
{
  *w = edge_view_width (f, e, relation, emph);
  /* Straight hairlines of dense views went to the budget pass. */
  if (f->dense && *w * f->px_sx < 1.2 && f->scene->edge_bend[e] == 0)
    return FALSE;
  return edge_geometry (f, e, g) && (dashed || relation || g->bent || f->vector);
}

/* The ink pass of a dense view over edges [from, to): which the view shows
 * (in_view), and their ink. Big scenes split it between two threads. */
typedef struct {
  const Frame *f;
  guint        from, to;
  guint8      *in_view;
  double       ink;
} InkPass;

#define INK_PASS_SPLIT_EDGES 200000

static gpointer
ink_pass (gpointer data)
{
  InkPass *p = data;
  const DsScene *s = p->f->scene;
  double diagonal = hypot (p->f->width, p->f->height);

  p->ink = 0;
  for (guint e = p->from; e < p->to; e++)
    {
      EdgeGeom g;
      p->in_view[e] = edge_geometry (p->f, e, &g);
      if (p->in_view[e] && s->edge_style[e] < DS_EDGE_STYLE_RELATION)
        p->ink += MIN (g.len, diagonal) * ds_scene_edge_view_width (s, e, p->f->z);
    }
  return NULL;
}

static guint
draw_edges (Frame *f)
{
  const DsScene *s = f->scene;
  cairo_t *cr = f->cr;
  g_autofree guint8 *in_view = NULL;
  guint drawn = 0;
  guint start = 0;
  double rows;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  /* Dense views: sub-pixel edges are a texture, not lines anyone reads.
   * Draw them most important first until the pixel budget is spent; the
   * rest is left out (level of detail), never the thick ones. */
  f->dense = f->px && s->n_edges > 5000;
  /* Zoomed into a dense graph, thousands of deals cross the view, each as
   * wide as its amount at this zoom: their ink would cover the view many
   * times over (38k nodes at 16x: 0.8 s a frame in pixman) and read as a
   * blot. Past INK_BUDGET views of ink, every deal is thinned alike, so
   * the widths still rank the amounts and the thin ones become hairlines. */
  f->ink_scale = 1;
  if (f->dense)
    {
      /* Which edges the view shows, seen here once: past the budget below,
       * an edge left out is only counted, without its geometry again (at a
       * million edges, most of them). */
      InkPass halves[2];
      DsBeside second;
      guint mid = s->n_edges >= INK_PASS_SPLIT_EDGES ? s->n_edges / 2 : s->n_edges;
      double ink;

      in_view = g_new (guint8, s->n_edges);
      halves[0] = (InkPass) { f, 0, mid, in_view, 0 };
      halves[1] = (InkPass) { f, mid, s->n_edges, in_view, 0 };
      ds_beside_start (&second, ink_pass, &halves[1], mid < s->n_edges);
      ink_pass (&halves[0]);
      ds_beside_join (&second);
      ink = halves[0].ink + halves[1].ink;
      if (ink > INK_BUDGET * f->width * f->height)
        f->ink_scale = INK_BUDGET * f->width * f->height / ink;
    }
  if (f->dense)
    {
      double budget = f->hairline_budget;
      for (guint k = 0; k < s->n_edges; k++)
        {
          guint32 e = s->edge_lod_order[k];
          guint style = s->edge_style[e], emph = s->edge_emphasis[e];
          gboolean relation = style >= DS_EDGE_STYLE_RELATION, dashed = s->edge_dashed[e];
          EdgeGeom g;
          double w;

          if (!in_view[e])
            continue;
          w = edge_view_width (f, e, relation, emph);
          if (w * f->px_sx >= 1.2 || s->edge_bend[e] != 0)
            continue;
          if (budget <= 0)
            {
              f->hairlines_skipped++;
              continue;
            }
          edge_geometry (f, e, &g);
          drawn++;
          /* The budget pays for the pixels stepped in the view, not for
           * the length outside it (zoomed in, most of a line is). */
          budget -= raster_hairline (f, g.ax, g.ay, g.bx, g.by, rgb_of (style_colour (f->theme, style)),
                                     (guint) (emphasis_alpha (f->theme, emph, relation) * CLAMP (w * f->px_sx, 0.35, 1.0) * 255),
                                     dashed || relation ? 4 : 0, dashed || relation ? 3 : 0);
        }
    }

  while (start < s->n_edges)
    {
      guint32 e0 = s->edge_order[start];
      guint style = s->edge_style[e0], emph = s->edge_emphasis[e0];
      gboolean dashed = s->edge_dashed[e0], relation = style >= DS_EDGE_STYLE_RELATION;
      gboolean arrows = style_has_arrow (style);
      gboolean any_stroked = FALSE;
      guint32 colour;
      guint end = start;
      double alpha = emphasis_alpha (f->theme, emph, relation);

      while (end < s->n_edges && s->edge_style[s->edge_order[end]] == style
             && s->edge_emphasis[s->edge_order[end]] == emph
             && s->edge_dashed[s->edge_order[end]] == dashed)
        end++;

      ds_theme_set_source_alpha (cr, style_colour (f->theme, style), alpha);
      colour = rgb_of (style_colour (f->theme, style));

      /* Pass 1, straight solid deals: each a quad of its own width, the
       * whole bucket filled at once with its arrows. Thin quads fade by
       * coverage, which is the level of detail for hairlines. */
      rows = 0;
      cairo_new_path (cr);
      for (guint k = start; k < end; k++)
        {
          guint32 e = s->edge_order[k];
          EdgeGeom g;
          double w, hw, px, py, as;

          /* The budget pass took the straight hairlines: skip them before
           * their geometry (no edge grid in dense views). */
          if (f->dense && s->edge_bend[e] == 0 && edge_view_width (f, e, relation, emph) * f->px_sx < 1.2)
            continue;
          if (!edge_geometry (f, e, &g))
            continue;
          drawn++;
          if (f->edge_grid)
            {
              /* Curves as their two control legs: close enough for labels. */
              if (g.bent)
                {
                  double mx = (g.ax + g.bx) / 4 + g.qx / 2, my = (g.ay + g.by) / 4 + g.qy / 2;
                  edge_grid_mark_segment (f, g.ax, g.ay, mx, my);
                  edge_grid_mark_segment (f, mx, my, g.bx, g.by);
                }
              else
                edge_grid_mark_segment (f, g.ax, g.ay, g.bx, g.by);
            }
          w = edge_view_width (f, e, relation, emph);
          if (f->px && w * f->px_sx < 1.2 && !g.bent && !dashed && !relation)
            {
              /* A solid hairline: straight into the pixels, no arrow (it
               * could not be seen). Dashed ones keep cairo's exact dashes
               * unless the view is dense. */
              double cover = CLAMP (w * f->px_sx, 0.35, 1.0);
              raster_line (f, g.ax, g.ay, g.bx, g.by, colour, (guint) (alpha * cover * 255),
                           dashed || relation ? 4 : 0, dashed || relation ? 3 : 0);
              continue;
            }
          /* Vector output (PDF, SVG) takes strokes: two path operations an
           * edge instead of five, and exact widths anyway. */
          if (dashed || relation || g.bent || f->vector)
            {
              any_stroked = TRUE;
              continue;
            }
          if (make_room_for_arrow (&g, w, arrows, &as))
            add_arrow (cr, g.bx + g.ux * as * 0.9, g.by + g.uy * as * 0.9, g.ux, g.uy, as);
          hw = MAX (w, 0.35) / 2;
          px = -g.uy * hw;
          py = g.ux * hw;
          cairo_move_to (cr, g.ax + px, g.ay + py);
          cairo_line_to (cr, g.bx + px, g.by + py);
          cairo_line_to (cr, g.bx - px, g.by - py);
          cairo_line_to (cr, g.ax - px, g.ay - py);
          cairo_close_path (cr);
          /* The scan converter walks every edge active on a row: zoomed
           * in, thousands of long quads cross each row of one batch (38k
           * nodes at 16x: 1.7 s a frame). Fill once the batch's rows add
           * up to a few views, so few are active on any row. */
          rows += fabs (CLAMP (g.by, 0, f->height) - CLAMP (g.ay, 0, f->height));
          if (rows > 2 * f->height)
            {
              cairo_fill (cr);
              rows = 0;
            }
        }
      cairo_fill (cr);

      /* Pass 2, the rest (dashed, relations, curves): line width and dashes
       * set per run of equal width, then their arrows in one fill. */
      if (any_stroked)
        {
          double run_w = -1;
          gboolean any_arrow = FALSE;

          cairo_new_path (cr);
          for (guint k = start; k < end; k++)
            {
              guint32 e = s->edge_order[k];
              EdgeGeom g;
              double w, as;

              if (!stroked_edge (f, e, relation, emph, dashed, &w, &g))
                continue;
              if (run_w > 0 && fabs (w - run_w) > 0.1 * run_w)
                {
                  cairo_stroke (cr);
                  run_w = -1;
                }
              if (run_w < 0)
                {
                  run_w = w;
                  cairo_set_line_width (cr, MAX (w, 0.35));
                  if (relation)
                    relation_dash (cr, style - DS_EDGE_STYLE_RELATION, MAX (1, w));
                  else if (dashed)
                    cairo_set_dash (cr, (double[]) { 3 * MAX (2, w), 2 * MAX (1.5, w) }, 2, 0);
                  else
                    cairo_set_dash (cr, NULL, 0, 0);
                }
              any_arrow |= make_room_for_arrow (&g, w, arrows, &as);
              edge_path (cr, &g);
              /* On pixels, one stroke an edge: cairo's scan converter slows
               * down with every edge active on a row, and a batch of long
               * curves keeps thousands active (a 10k-node view: 200 -> 100 ms).
               * Vector output keeps the batch: fewer, shorter operators. */
              if (!f->vector)
                cairo_stroke (cr);
            }
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          if (any_arrow)
            {
              for (guint k = start; k < end; k++)
                {
                  guint32 e = s->edge_order[k];
                  EdgeGeom g;
                  double w, as;

                  if (!stroked_edge (f, e, relation, emph, dashed, &w, &g))
                    continue;
                  if (make_room_for_arrow (&g, w, arrows, &as))
                    add_arrow (cr, g.bx + g.ux * as * 0.9, g.by + g.uy * as * 0.9, g.ux, g.uy, as);
                }
              cairo_fill (cr);
            }
        }
      start = end;
    }
  return drawn;
}

/* --- scenario diff overlay ---------------------------------------------- */

/* The overlay when it was built for this scene, else NULL. */
static const DsDiffOverlay *
frame_overlay (const Frame *f, const DsRenderOptions *opts)
{
  const DsDiffOverlay *ov = opts->diff_overlay;
  return ov && ov->n_edges == f->scene->n_edges && ov->n_nodes == f->scene->n_nodes ? ov : NULL;
}

/* The marked deals again, over the (dimmed) rest: in their mark's colour,
 * at least a few pixels wide so a small deal that changed still shows;
 * removed ones dashed. */
static guint
draw_diff_edges (Frame *f, const DsDiffOverlay *ov)
{
  const DsScene *s = f->scene;
  cairo_t *cr = f->cr;
  guint drawn = 0;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  for (guint mark = DS_DIFF_MARK_CHANGED; mark >= DS_DIFF_MARK_ADDED; mark--)
    for (guint e = 0; e < s->n_edges; e++)
      {
        EdgeGeom g;
        double w, as;

        if (ov->edge_mark[e] != mark || !edge_geometry (f, e, &g))
          continue;
        w = ds_scene_edge_view_width (s, e, f->z);
        w = mark == DS_DIFF_MARK_ADDED ? MAX (w * 1.4, 4.5) : MAX (w, 3.0);
        w = MIN (w, DS_SCENE_MAX_EDGE_VIEW_WIDTH * 1.4);
        ds_theme_set_source (cr, ds_diff_overlay_colour (f->theme, mark));
        cairo_new_path (cr);
        cairo_set_line_width (cr, w);
        if (mark == DS_DIFF_MARK_REMOVED)
          cairo_set_dash (cr, (double[]) { 3 * MAX (2, w), 2 * MAX (1.5, w) }, 2, 0);
        else
          cairo_set_dash (cr, NULL, 0, 0);
        if (mark == DS_DIFF_MARK_REMOVED)
          {
            /* The gaps of the dashes show the background, not the deal's
             * own stroke under it. */
            cairo_save (cr);
            cairo_set_dash (cr, NULL, 0, 0);
            cairo_set_line_width (cr, w + 1);
            ds_theme_set_source (cr, &f->theme->background);
            edge_path (cr, &g);
            cairo_stroke (cr);
            cairo_restore (cr);
          }
        if (make_room_for_arrow (&g, w, TRUE, &as))
          {
            edge_path (cr, &g);
            cairo_stroke (cr);
            add_arrow (cr, g.bx + g.ux * as * 0.9, g.by + g.uy * as * 0.9, g.ux, g.uy, as);
            cairo_fill (cr);
          }
        else
          {
            edge_path (cr, &g);
            cairo_stroke (cr);
          }
        if (f->edge_grid)
          edge_grid_mark_segment (f, g.ax, g.ay, g.bx, g.by);
        drawn++;
      }
  cairo_restore (cr);
  return drawn;
}

/* The point at t of edge g's quadratic curve. */
static void
edge_point (const EdgeGeom *g, double t, double *x, double *y)
{
  double u = 1 - t;
  *x = u * u * g->ax + 2 * u * t * g->qx + t * t * g->bx;
  *y = u * u * g->ay + 2 * u * t * g->qy + t * t * g->by;
}

/* Labels of the marked deals, before the node labels take the grid: the
 * middle of the edge, else further along it; never over another label, a
 * glyph or a reserved box. Changed deals first (their label is the news). */
static guint
draw_diff_labels (Frame *f, const DsDiffOverlay *ov)
{
  static const double ts[] = { 0.5, 0.38, 0.62, 0.26, 0.74 };
  const DsScene *s = f->scene;
  cairo_t *cr = f->cr;
  PangoFontDescription *font = pango_font_description_from_string (f->theme->font_family);
  guint placed = 0;

  pango_font_description_set_absolute_size (font, f->theme->font_size * 0.9 * PANGO_SCALE);
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (f->layout, font);
  for (guint mark = DS_DIFF_MARK_CHANGED; mark >= DS_DIFF_MARK_ADDED; mark--)
    for (guint e = 0; e < s->n_edges; e++)
      {
        PangoRectangle logical;
        EdgeGeom g;
        double w, h;

        if (ov->edge_mark[e] != mark || ov->edge_label[e] == NULL || !edge_geometry (f, e, &g))
          continue;
        pango_layout_set_text (f->layout, ov->edge_label[e], -1);
        pango_layout_get_pixel_extents (f->layout, NULL, &logical);
        w = logical.width + 10;
        h = logical.height + 4;
        /* On the edge when it is long enough to show round the label,
         * else (and then) beside its middle, on either side. */
        for (guint c = 0; c < G_N_ELEMENTS (ts) * 5; c++)
          {
            double mx, my, rad = h / 2;
            if (c < G_N_ELEMENTS (ts))
              {
                if (g.len < w + 24)
                  continue;
                edge_point (&g, ts[c], &mx, &my);
              }
            else
              {
                /* The normal of the chord, far enough for the label's box
                 * to clear the line whatever the edge's angle. */
                guint k = c - G_N_ELEMENTS (ts);
                double side = k % 2 ? -1 : 1, off = (fabs (g.ux) * h + fabs (g.uy) * w) / 2 + 4;
                /* Then further out: a short edge between two big glyphs. */
                if (k >= 2 * G_N_ELEMENTS (ts))
                  off = off * 2 + 12;
                edge_point (&g, ts[(k / 2) % G_N_ELEMENTS (ts)], &mx, &my);
                mx += -g.uy * off * side;
                my += g.ux * off * side;
              }
            mx -= w / 2;
            my -= h / 2;
            if (mx < f->label_inset || my < f->label_inset || mx + w > f->width - f->label_inset
                || my + h > f->height - f->label_inset || !grid_free (f, mx, my, mx + w, my + h))
              continue;
            grid_mark (f, mx, my, mx + w, my + h);
            cairo_new_path (cr);
            cairo_arc (cr, mx + rad, my + rad, rad, G_PI / 2, 3 * G_PI / 2);
            cairo_arc (cr, mx + w - rad, my + rad, rad, -G_PI / 2, G_PI / 2);
            cairo_close_path (cr);
            ds_theme_set_source (cr, &f->theme->panel);
            cairo_fill_preserve (cr);
            ds_theme_set_source (cr, ds_diff_overlay_colour (f->theme, mark));
            cairo_set_line_width (cr, 2);
            cairo_stroke (cr);
            cairo_move_to (cr, mx + 5, my + 2);
            ds_theme_set_source (cr, &f->theme->text);
            ds_text_show (cr, f->layout);
            placed++;
            break;
          }
      }
  pango_font_description_free (font);
  return placed;
}

/* --- nodes --------------------------------------------------------------- */

static void
node_colours (const Frame *f, guint node, double *alpha)
{
  *alpha = f->scene->node_emphasis[node] == DS_EMPHASIS_DIM ? f->theme->dim_alpha : 1.0;
}

#define RING_WIDTH 2.5

static double
ring_radius (double r)
{
  return r * 1.25 + 4;
}

double
ds_render_ring_extent (double r)
{
  return ring_radius (r) + RING_WIDTH / 2;
}

void
ds_render_ring (cairo_t *cr, const DsTheme *theme, double x, double y, double r, double alpha)
{
  cairo_new_path (cr);
  cairo_arc (cr, x, y, ring_radius (r), 0, 2 * G_PI);
  ds_theme_set_source_alpha (cr, &theme->highlight, alpha);
  cairo_set_line_width (cr, RING_WIDTH);
  cairo_stroke (cr);
}

static void
draw_nodes (Frame *f, const DsRenderOptions *opts, DsRenderStats *stats)
{
  const DsScene *s = f->scene;
  cairo_t *cr = f->cr;
  guint n = s->n_node_order;
  g_autofree float *vx = g_new (float, MAX (n, 1));
  g_autofree float *vy = g_new (float, MAX (n, 1));
  g_autofree float *vr = g_new (float, MAX (n, 1));
  g_autofree guint32 *bucket_of = g_new (guint32, MAX (n, 1));
  g_autofree guint32 *sorted = g_new (guint32, MAX (n, 1));
  enum { N_BUCKETS = 3 * DS_ENTITY_N_KINDS * 2 };
  guint count[N_BUCKETS + 1] = { 0 };
  guint n_glyphs = 0;

  /* Cull and classify: bucket = (emphasis, kind, tiny). */
  for (guint k = 0; k < n; k++)
    {
      guint32 i = s->node_order[k];
      double x, y, r;

      to_view (f, s->node_x[i], s->node_y[i], &x, &y);
      r = ds_scene_view_radius (s, i, f->z);
      vx[k] = x;
      vy[k] = y;
      vr[k] = r;
      if (x + r * 1.3 < 0 || y + r * 1.3 < 0 || x - r * 1.3 > f->width || y - r * 1.3 > f->height)
        {
          bucket_of[k] = N_BUCKETS;
          continue;
        }
      bucket_of[k] = (s->node_emphasis[i] * DS_ENTITY_N_KINDS + s->node_kind[i]) * 2 + (r >= TINY_RADIUS);
      count[bucket_of[k]]++;
      if (r >= TINY_RADIUS)
        n_glyphs++;
      /* Dimmed glyphs (the rest, around a focus or the circles) do not keep
       * labels of the lit nodes off them: the halo keeps text readable. */
      if (r >= TINY_RADIUS && s->node_emphasis[i] != DS_EMPHASIS_DIM)
        {
          /* Inset by half a cell: the grid rounds boxes outward, and a
           * label next to its own glyph must not collide with it. */
          grid_mark_as (f, x - r + GRID_CELL / 2 + 1, y - r + GRID_CELL / 2 + 1,
                     x + r - GRID_CELL / 2 - 1, y + r - GRID_CELL / 2 - 1, GRID_GLYPH);
        }
    }

  {
    gboolean raster = raster_begin (f);
    /* Counting sort into buckets, keeping importance order inside each. */
    guint offset[N_BUCKETS + 1], pos = 0;
    for (guint b = 0; b <= N_BUCKETS; b++)
      {
        offset[b] = pos;
        pos += count[b];
      }
    for (guint k = 0; k < n; k++)
      if (bucket_of[k] < N_BUCKETS)
        sorted[offset[bucket_of[k]]++] = k;
    pos = 0;
    for (guint b = 0; b < N_BUCKETS; b++)
      {
        guint kind = (b / 2) % DS_ENTITY_N_KINDS, emph = b / 2 / DS_ENTITY_N_KINDS;
        gboolean tiny = (b % 2) == 0;
        gboolean batched_glyphs = n_glyphs > opts->max_glyphs_in_order;
        double alpha = emph == DS_EMPHASIS_DIM ? f->theme->dim_alpha : 1.0;

        if (count[b] == 0)
          continue;
        if (tiny && f->px)
          {
            guint32 colour = rgb_of (&f->theme->kind[kind]);
            for (guint j = pos; j < pos + count[b]; j++)
              {
                guint k = sorted[j];
                raster_square (f, vx[k], vy[k], MAX (1.0, floor (vr[k] * 1.6 + 0.5)), colour, (guint) (alpha * 255));
              }
          }
        else if (tiny)
          {
            /* Pixel-aligned squares take cairo's fast rectangle path. */
            cairo_new_path (cr);
            for (guint j = pos; j < pos + count[b]; j++)
              {
                guint k = sorted[j];
                double side = MAX (1.0, floor (vr[k] * 1.6 + 0.5));
                cairo_rectangle (cr, floor (vx[k] - side / 2 + 0.5), floor (vy[k] - side / 2 + 0.5), side, side);
              }
            ds_theme_set_source_alpha (cr, &f->theme->kind[kind], alpha);
            cairo_fill (cr);
          }
        else if (batched_glyphs)
          {
            cairo_new_path (cr);
            for (guint j = pos; j < pos + count[b]; j++)
              {
                guint k = sorted[j];
                ds_render_glyph_path (cr, kind, vx[k], vy[k], vr[k]);
              }
            ds_theme_set_source_alpha (cr, &f->theme->kind[kind], alpha);
            cairo_fill_preserve (cr);
            ds_theme_set_source_alpha (cr, &f->theme->node_outline, alpha * 0.8);
            cairo_set_line_width (cr, f->theme->outline_width * 0.75);
            cairo_stroke (cr);
          }
        pos += count[b];
      }
    if (raster)
      raster_end (f);
  }

  /* Few enough glyphs: one by one in importance order, big ones on top. */
  if (n_glyphs <= opts->max_glyphs_in_order)
    {
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint k = 0; k < n; k++)
        {
          guint32 i = s->node_order[k];
          double alpha;

          if (bucket_of[k] == N_BUCKETS || vr[k] < TINY_RADIUS)
            continue;
          node_colours (f, i, &alpha);
          cairo_new_path (cr);
          ds_render_glyph_path (cr, s->node_kind[i], vx[k], vy[k], vr[k]);
          ds_theme_set_source_alpha (cr, &f->theme->kind[s->node_kind[i]], alpha);
          cairo_fill_preserve (cr);
          ds_theme_set_source_alpha (cr, &f->theme->node_outline, alpha * 0.85);
          cairo_set_line_width (cr, f->theme->outline_width * (vr[k] > 12 ? 1.2 : 0.8));
          cairo_stroke (cr);
        }
    }

  /* Rings for the selected and hovered nodes. */
  for (guint k = 0; k < n; k++)
    {
      guint32 i = s->node_order[k];
      if (!s->node_flags[i] || bucket_of[k] == N_BUCKETS)
        continue;
      ds_render_ring (cr, f->theme, vx[k], vy[k], vr[k], (s->node_flags[i] & DS_NODE_SELECTED) ? 1 : 0.6);
    }
  /* And for the nodes whose stake crossed a threshold between the
   * scenarios; their labels come before everyone else's. */
  if (frame_overlay (f, opts) != NULL)
    {
      const DsDiffOverlay *ov = frame_overlay (f, opts);
      for (guint k = 0; k < n; k++)
        {
          guint32 i = s->node_order[k];
          if (ov->node_ring[i] && bucket_of[k] != N_BUCKETS)
            ds_diff_overlay_ring (cr, f->theme, vx[k], vy[k], vr[k]);
        }
      if (stats)
        stats->diff_labels_placed = draw_diff_labels (f, ov);
      else
        draw_diff_labels (f, ov);
    }

  if (stats)
    {
      stats->nodes_as_glyphs = n_glyphs;
      stats->nodes_drawn = 0;
      for (guint b = 0; b < N_BUCKETS; b++)
        stats->nodes_drawn += count[b];
    }

  /* Labels reuse the view positions: stash them for the label pass. */
  /* Labels off, a priority node still gets its name: labels on demand. */
  gboolean has_priority = opts->priority_node >= 0 && (guint) opts->priority_node < s->n_nodes;
  if (opts->show_labels || has_priority)
    {
      guint n_order = opts->show_labels ? n : 0;
      g_autofree float *lx = g_new (float, MAX (s->n_nodes, 1));
      g_autofree float *ly = g_new (float, MAX (s->n_nodes, 1));
      g_autofree float *lr = g_new (float, MAX (s->n_nodes, 1));
      g_autofree guint8 *shown = g_new0 (guint8, MAX (s->n_nodes, 1));
      PangoFontDescription *font = pango_font_description_from_string (f->theme->font_family);
      guint tries = 0, placed = 0;

      for (guint k = 0; k < n; k++)
        if (bucket_of[k] != N_BUCKETS)
          {
            guint32 i = s->node_order[k];
            lx[i] = vx[k];
            ly[i] = vy[k];
            lr[i] = vr[k];
            shown[i] = 1;
          }

      /* k 0 is the priority node, then the scene's label order (largest
       * first) without it. */
      for (guint k = 0; k <= n_order && tries < opts->max_label_tries; k++)
        {
          gboolean first = k == 0;
          guint32 i = first ? (guint32) opts->priority_node : s->label_order[k - 1];
          gboolean strong = first || s->node_emphasis[i] == DS_EMPHASIS_HIGHLIGHT;
          PangoRectangle ink, logical;
          double r, w, h, cand[9][2];

          if (first != (has_priority && i == (guint32) opts->priority_node) || (first && !has_priority))
            continue;
          if (!shown[i] || !s->node_label[i] || !*s->node_label[i])
            continue;
          if (s->node_emphasis[i] == DS_EMPHASIS_DIM && !first)
            continue;
          r = lr[i];
          if (r < opts->label_min_radius && !strong && k > opts->overview_labels)
            continue;
          tries += !first;

          pango_font_description_set_absolute_size (font, f->theme->font_size * (r > 16 ? 1.1 : 1.0) * PANGO_SCALE);
          pango_font_description_set_weight (font, (s->node_flags[i] || r > 24) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
          pango_layout_set_font_description (f->layout, font);
          pango_layout_set_text (f->layout, s->node_label[i], -1);
          pango_layout_get_pixel_extents (f->layout, &ink, &logical);
          w = logical.width;
          h = logical.height;
          /* Right, left, below, above the glyph. */
          cand[0][0] = lx[i] + r * 1.15 + 3; cand[0][1] = ly[i] - h / 2;
          cand[1][0] = lx[i] - r * 1.15 - 3 - w; cand[1][1] = ly[i] - h / 2;
          cand[2][0] = lx[i] - w / 2; cand[2][1] = ly[i] + r * 1.2 + 1;
          cand[3][0] = lx[i] - w / 2; cand[3][1] = ly[i] - r * 1.2 - 1 - h;
          /* Then the four diagonals. */
          cand[4][0] = lx[i] + r * 0.8; cand[4][1] = ly[i] - r * 0.8 - h;
          cand[5][0] = lx[i] + r * 0.8; cand[5][1] = ly[i] + r * 0.8;
          cand[6][0] = lx[i] - r * 0.8 - w; cand[6][1] = ly[i] - r * 0.8 - h;
          cand[7][0] = lx[i] - r * 0.8 - w; cand[7][1] = ly[i] + r * 0.8;
          /* First a spot clear of edges too, else any spot clear of
           * glyphs and labels (the halo keeps it readable over edges). */
          /* A hub's neighbours can take every spot around it, and a hub
           * without its name is the worst label to lose: as a last resort
           * it goes on its own glyph, over the neighbours' glyphs but still
           * clear of the labels placed before it (the larger hubs). So do
           * the overview's first labels, however small their glyph (an
           * investor in the thick of its deals). */
          cand[8][0] = lx[i] - w / 2; cand[8][1] = ly[i] - h / 2;
          for (guint c = 0; c < 17; c++)
            {
              double x0 = cand[c < 16 ? c % 8 : 8][0], y0 = cand[c < 16 ? c % 8 : 8][1];
              if (c < 8 && !edge_grid_free (f, x0, y0 + 2, x0 + w, y0 + h - 2))
                continue;
              if (c == 16 ? ((r < HUB_LABEL_RADIUS && k > opts->overview_labels) ||
                             !label_grid_free (f, x0 - 1, y0, x0 + w + 1, y0 + h))
                          : !grid_free (f, x0 - 1, y0, x0 + w + 1, y0 + h))
                continue;
              grid_mark (f, x0 - 1, y0, x0 + w + 1, y0 + h);
              cairo_new_path (cr);
              cairo_move_to (cr, x0, y0);
              /* A halo in the background colour keeps text readable over edges. */
              ds_text_show_haloed (cr, f->layout, &f->theme->text, &f->theme->background, 0.85, 3);
              placed++;
              break;
            }
        }
      pango_font_description_free (font);
      if (stats)
        stats->labels_placed = placed;
    }
}

static void
draw_edge_labels (Frame *f, const DsRenderOptions *opts, DsRenderStats *stats)
{
  const DsScene *s = f->scene;
  cairo_t *cr = f->cr;
  PangoFontDescription *font = pango_font_description_from_string (f->theme->font_family);
  guint tries = 0, placed = 0;
  char label_buf[DS_SCENE_EDGE_LABEL_SIZE];

  pango_font_description_set_absolute_size (font, f->theme->font_size * 0.85 * PANGO_SCALE);
  pango_layout_set_font_description (f->layout, font);
  for (guint k = 0; k < s->n_edge_labels && tries < opts->max_label_tries / 4; k++)
    {
      guint32 e = s->edge_label_order[k];
      double mx, my, w, h;
      EdgeGeom g;
      PangoRectangle logical;

      if (!edge_geometry (f, e, &g))
        continue;
      tries++;
      pango_layout_set_text (f->layout, ds_scene_edge_label (s, e, label_buf), -1);
      pango_layout_get_pixel_extents (f->layout, NULL, &logical);
      w = logical.width + 8;
      h = logical.height + 2;
      /* Only on edges long enough to be told apart; the grid keeps the
       * pill off glyphs and other labels. */
      if (g.len < 40)
        continue;
      /* The curve's midpoint: a quarter of each end, half the control. */
      mx = (g.ax + g.bx) / 4 + g.qx / 2 - w / 2;
      my = (g.ay + g.by) / 4 + g.qy / 2 - h / 2;
      if (!grid_free (f, mx, my, mx + w, my + h))
        continue;
      grid_mark (f, mx, my, mx + w, my + h);
      cairo_new_path (cr);
      {
        double rad = h / 2;
        cairo_arc (cr, mx + rad, my + rad, rad, G_PI / 2, 3 * G_PI / 2);
        cairo_arc (cr, mx + w - rad, my + rad, rad, -G_PI / 2, G_PI / 2);
        cairo_close_path (cr);
      }
      ds_theme_set_source (cr, &f->theme->panel);
      cairo_fill_preserve (cr);
      ds_theme_set_source_alpha (cr, style_colour (f->theme, s->edge_style[e]), 0.9);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      cairo_move_to (cr, mx + 4, my + 1);
      ds_theme_set_source (cr, &f->theme->text);
      ds_text_show (cr, f->layout);
      placed++;
    }
  pango_font_description_free (font);
  if (stats)
    stats->edge_labels_placed = placed;
}

/* --- legend -------------------------------------------------------------- */

static const char *
kind_title (DsEntityKind kind)
{
  static const char *names[] = { "Company", "Investor", "Cloud", "Chip", "Data center", "Model", "Regulator" };
  return kind < DS_ENTITY_N_KINDS ? names[kind] : "?";
}

static const char *
instrument_title (guint instrument)
{
  static const char *names[] = { "Equity", "Convertible note", "SAFE", "Compute credits", "Other deal",
                                 "Compute commitment", "Warrant", "Acquisition", "Debt" };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == DS_INSTRUMENT_N_KINDS);
  return instrument < DS_INSTRUMENT_N_KINDS ? names[instrument] : "?";
}

static const char *
relation_title (guint kind)
{
  static const char *names[] = { "Invests", "Owns", "Supplies", "Hosts", "Uses", "Competes", "Regulates", "Partners" };
  return kind < DS_RELATION_N_KINDS ? names[kind] : "?";
}

static void legend (cairo_t *cr, const DsScene *scene, const DsTheme *theme, double width,
                    double height, gboolean draw, double *out_width, double *out_height);

void
ds_render_legend (cairo_t *cr, const DsScene *scene, const DsTheme *theme, double width, double height,
                  double *out_width, double *out_height)
{
  legend (cr, scene, theme, width, height, TRUE, out_width, out_height);
}

void
ds_render_legend_size (cairo_t *cr, const DsScene *scene, const DsTheme *theme, double width,
                       double *out_width, double *out_height)
{
  legend (cr, scene, theme, width, 0, FALSE, out_width, out_height);
}

static void
legend (cairo_t *cr, const DsScene *scene, const DsTheme *theme, double width, double height,
        gboolean draw, double *out_width, double *out_height)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (theme->font_family);
  const double row = theme->font_size * 1.45, pad = 10, swatch = 26;
  /* Columns: entities, deals, relations; each a header and its rows. */
  const char *headers[3] = { "Entities", "Deals", "Relations" };
  guint rows[3][16];
  guint n_rows[3] = { 0, 0, 0 };
  double col_w[3] = { 0, 0, 0 }, total_w = pad, total_h, x, y0;
  guint max_rows = 0;

  for (guint k = 0; k < DS_ENTITY_N_KINDS; k++)
    if (scene->kinds_present & (1u << k))
      rows[0][n_rows[0]++] = k;
  for (guint st = 0; st < DS_EDGE_STYLE_RELATION; st++)
    if ((scene->styles_present | scene->dashed_present) & (1u << st))
      rows[1][n_rows[1]++] = st;
  if (scene->dashed_present & ((1u << DS_EDGE_STYLE_RELATION) - 1))
    rows[1][n_rows[1]++] = 100; /* "pending (dashed)" */
  for (guint st = DS_EDGE_STYLE_RELATION; st < DS_EDGE_N_STYLES; st++)
    if ((scene->styles_present | scene->dashed_present) & (1u << st))
      rows[2][n_rows[2]++] = st;

  pango_font_description_set_absolute_size (font, theme->font_size * 0.92 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  for (guint c = 0; c < 3; c++)
    {
      if (!n_rows[c])
        continue;
      for (guint r = 0; r < n_rows[c]; r++)
        {
          guint v = rows[c][r];
          const char *t = c == 0 ? kind_title (v) : c == 1 ? (v == 100 ? "Pending (dashed)" : instrument_title (v))
                                                  : relation_title (v - DS_EDGE_STYLE_RELATION);
          int tw;
          pango_layout_set_text (layout, t, -1);
          pango_layout_get_pixel_size (layout, &tw, NULL);
          col_w[c] = MAX (col_w[c], swatch + 6 + tw);
        }
      col_w[c] = MAX (col_w[c], 60);
      total_w += col_w[c] + pad * 2;
      max_rows = MAX (max_rows, n_rows[c]);
    }
  if (out_width)
    *out_width = 0;
  if (out_height)
    *out_height = 0;
  if (max_rows == 0)
    goto out;
  total_h = pad * 2 + row * (max_rows + 1);
  /* Too wide for the view: better no legend than one over the graph. */
  if (total_w > width * 0.9)
    goto out;
  if (out_width)
    *out_width = total_w + pad;
  if (out_height)
    *out_height = total_h + pad;
  if (!draw)
    goto out;
  x = pad;
  y0 = height - total_h - pad;

  cairo_new_path (cr);
  cairo_rectangle (cr, x, y0, total_w - pad, total_h);
  ds_theme_set_source (cr, &theme->panel);
  cairo_fill_preserve (cr);
  ds_theme_set_source (cr, &theme->grid);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  x += pad;
  for (guint c = 0; c < 3; c++)
    {
      double y = y0 + pad;
      if (!n_rows[c])
        continue;
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, headers[c], -1);
      cairo_move_to (cr, x, y);
      ds_theme_set_source (cr, &theme->text);
      ds_text_show (cr, layout);
      pango_font_description_set_weight (font, PANGO_WEIGHT_NORMAL);
      pango_layout_set_font_description (layout, font);
      for (guint r = 0; r < n_rows[c]; r++)
        {
          guint v = rows[c][r];
          double cy;
          const char *t;
          y += row;
          cy = y + row / 2 - 1;
          cairo_new_path (cr);
          if (c == 0)
            {
              ds_render_glyph_path (cr, v, x + swatch / 2, cy, row * 0.33);
              ds_theme_set_source (cr, &theme->kind[v]);
              cairo_fill_preserve (cr);
              ds_theme_set_source (cr, &theme->node_outline);
              cairo_set_line_width (cr, theme->outline_width * 0.8);
              cairo_stroke (cr);
              t = kind_title (v);
            }
          else
            {
              guint st = v == 100 ? DS_INSTRUMENT_OTHER : v;
              cairo_move_to (cr, x, cy);
              cairo_line_to (cr, x + swatch - 6, cy);
              cairo_set_line_width (cr, c == 1 ? 2.5 : 1.2);
              if (v == 100)
                cairo_set_dash (cr, (double[]) { 6, 3 }, 2, 0);
              else if (c == 2)
                relation_dash (cr, v - DS_EDGE_STYLE_RELATION, 1.2);
              ds_theme_set_source (cr, style_colour (theme, st));
              cairo_stroke (cr);
              cairo_set_dash (cr, NULL, 0, 0);
              if (style_has_arrow (st))
                {
                  add_arrow (cr, x + swatch, cy, 1, 0, 6);
                  cairo_fill (cr);
                }
              t = c == 1 ? (v == 100 ? "Pending (dashed)" : instrument_title (v))
                         : relation_title (v - DS_EDGE_STYLE_RELATION);
            }
          pango_layout_set_text (layout, t, -1);
          cairo_move_to (cr, x + swatch + 6, y + (row - theme->font_size * 1.2) / 2);
          ds_theme_set_source (cr, &theme->text);
          ds_text_show (cr, layout);
        }
      x += col_w[c] + pad * 2;
    }

out:
  pango_font_description_free (font);
  g_object_unref (layout);
}

/* --- legend cache ------------------------------------------------------- */

/* On image surfaces the legend is drawn once into a small image of its own,
 * with the destination's matrix, device scale and sub-pixel phase (so its
 * pixels are those a direct draw makes), then composited "over" by hand:
 * Pango measuring and shaping its rows every frame cost a tenth of a
 * 10,000-node frame. One entry: a view changes its legend rarely. */
typedef struct {
  guint32          kinds, styles, dashed;
  DsTheme          theme;
  char            *font_family;
  cairo_matrix_t   matrix;
  double           dsx, dsy;
  int              phase_x, phase_y;   /* 1/256 device px */
  double           total_w, total_h;   /* as legend () measured them */
  gboolean         sized;
  cairo_surface_t *image;
  int              ix, iy;             /* destination pixel of image (0, 0), minus the device offset */
} LegendCache;

G_LOCK_DEFINE_STATIC (legend_cache);
static LegendCache legend_cache;

static gboolean
legend_cached (Frame *f, double *out_w, double *out_h)
{
  const DsScene *scene = f->scene;
  const DsTheme *theme = f->theme;
  LegendCache *c = &legend_cache;
  const double pad = 10;
  cairo_surface_t *target;
  cairo_matrix_t m;
  double dsx, dsy, dox, doy, y0, dx, dy;
  int ix, iy, phase_x, phase_y;
  gboolean same;

  if (!raster_begin (f))
    return FALSE;
  target = cairo_get_target (f->cr);
  cairo_get_matrix (f->cr, &m);
  cairo_surface_get_device_scale (target, &dsx, &dsy);
  cairo_surface_get_device_offset (target, &dox, &doy);

  G_LOCK (legend_cache);
  same = c->sized && c->kinds == scene->kinds_present && c->styles == scene->styles_present
         && c->dashed == scene->dashed_present && memcmp (&c->theme, theme, sizeof *theme) == 0
         && g_strcmp0 (c->font_family, theme->font_family) == 0
         && c->dsx == dsx && c->dsy == dsy && memcmp (&c->matrix.xx, &m.xx, sizeof (double) * 4) == 0;
  if (!same)
    {
      /* Measure (no drawing) with the destination's context. */
      double w, h;
      g_clear_pointer (&c->image, cairo_surface_destroy);
      g_free (c->font_family);
      c->kinds = scene->kinds_present;
      c->styles = scene->styles_present;
      c->dashed = scene->dashed_present;
      c->theme = *theme;
      c->font_family = g_strdup (theme->font_family);
      c->matrix = m;
      c->dsx = dsx;
      c->dsy = dsy;
      legend (f->cr, scene, theme, G_MAXINT, 0, FALSE, &w, &h);
      c->total_w = w > 0 ? w - pad : 0;
      c->total_h = h > 0 ? h - pad : 0;
      c->sized = TRUE;
    }
  if (c->total_w <= 0 || c->total_w > f->width * 0.9)
    {
      /* Nothing to draw, as legend () would decide. */
      G_UNLOCK (legend_cache);
      *out_w = *out_h = 0;
      raster_end (f);
      return TRUE;
    }
  /* Device position of the panel's corner, one pixel out for its stroke. */
  y0 = f->height - c->total_h - pad;
  dx = ((pad - 1) * m.xx + m.x0) * dsx + dox;
  dy = ((y0 - 1) * m.yy + m.y0) * dsy + doy;
  ix = (int) floor (dx);
  iy = (int) floor (dy);
  phase_x = (int) floor ((dx - ix) * 256 + 0.5);
  phase_y = (int) floor ((dy - iy) * 256 + 0.5);
  if (c->image == NULL || c->phase_x != phase_x || c->phase_y != phase_y
      || c->matrix.x0 != m.x0 || c->matrix.y0 != m.y0)
    {
      int w = (int) ceil ((c->total_w - pad + 2) * m.xx * dsx) + 2;
      int h = (int) ceil ((c->total_h + 2) * m.yy * dsy) + 2;
      cairo_t *cr;

      g_clear_pointer (&c->image, cairo_surface_destroy);
      c->image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cairo_surface_set_device_scale (c->image, dsx, dsy);
      /* Same device scale, same matrix, offset so that destination pixel
       * (ix, iy) is the image's (0, 0). */
      cairo_surface_set_device_offset (c->image, dox - ix, doy - iy);
      cr = cairo_create (c->image);
      cairo_set_matrix (cr, &m);
      legend (cr, scene, theme, f->width, f->height, TRUE, NULL, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (c->image);
      c->phase_x = phase_x;
      c->phase_y = phase_y;
      c->matrix.x0 = m.x0;
      c->matrix.y0 = m.y0;
    }
  {
    const guint32 *src = (const guint32 *) cairo_image_surface_get_data (c->image);
    int sw = cairo_image_surface_get_width (c->image), sh = cairo_image_surface_get_height (c->image);
    int sstride = cairo_image_surface_get_stride (c->image) / 4;

    /* Premultiplied "over", rounded as pixman rounds it. */
    for (int y = MAX (iy, (int) f->clip_y0); y < MIN (iy + sh, (int) f->clip_y1); y++)
      for (int x = MAX (ix, (int) f->clip_x0); x < MIN (ix + sw, (int) f->clip_x1); x++)
        {
          guint32 sp = src[(y - iy) * sstride + (x - ix)], d, ia, d_rb, d_ag;
          guint32 *p;
          if (sp == 0)
            continue;
          p = &f->px[y * f->px_stride + x];
          ia = 255 - (sp >> 24);
          d = *p;
          d_rb = (d & 0xff00ff) * ia + 0x800080;
          d_ag = ((d >> 8) & 0xff00ff) * ia + 0x800080;
          d_rb = ((d_rb + ((d_rb >> 8) & 0xff00ff)) >> 8) & 0xff00ff;
          d_ag = (d_ag + ((d_ag >> 8) & 0xff00ff)) & 0xff00ff00;
          *p = sp + d_rb + d_ag;
        }
  }
  *out_w = c->total_w + pad;
  *out_h = c->total_h + pad;
  G_UNLOCK (legend_cache);
  raster_end (f);
  return TRUE;
}

/* --- list panel --------------------------------------------------------- */

#define LIST_PAD 10
#define LIST_MAX_SHARE 0.4   /* of the view's width */

/* The list panel of opts at the top right of a width x height view, below
 * `top`: measured, and drawn when `draw`. Lines are ellipsized to the
 * panel; the rows that do not fit become one "+N more" row. */
static void
list_panel (cairo_t *cr, const DsTheme *theme, const DsRenderOptions *opts, double width, double height,
            double top, gboolean draw, double *out_w, double *out_h)
{
  PangoLayout *layout;
  PangoFontDescription *font;
  const double row = theme->font_size * 1.45;
  double text_w = 0, panel_w, panel_h, x0;
  guint n_rows, n_shown;
  int tw;

  *out_w = *out_h = 0;
  if (opts->n_list_lines == 0 || opts->list_lines == NULL)
    return;
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string (theme->font_family);
  pango_font_description_set_absolute_size (font, theme->font_size * 0.92 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  for (guint i = 0; i < opts->n_list_lines; i++)
    {
      pango_layout_set_text (layout, opts->list_lines[i], -1);
      pango_layout_get_pixel_size (layout, &tw, NULL);
      text_w = MAX (text_w, tw);
    }
  if (opts->list_title)
    {
      pango_layout_set_text (layout, opts->list_title, -1);
      pango_layout_get_pixel_size (layout, &tw, NULL);
      text_w = MAX (text_w, tw * 1.1);
    }
  panel_w = MIN (text_w + 2 * LIST_PAD, width * LIST_MAX_SHARE);
  /* Rows that fit between `top` and the bottom, title and "+N more" included. */
  n_rows = (guint) MAX ((height - top - 3 * LIST_PAD) / row, 2);
  n_shown = opts->n_list_lines + (opts->list_title != NULL) <= n_rows
            ? opts->n_list_lines : n_rows - (opts->list_title != NULL) - 1;
  panel_h = 2 * LIST_PAD + row * (n_shown + (opts->list_title != NULL) + (n_shown < opts->n_list_lines));
  *out_w = panel_w + LIST_PAD;
  *out_h = panel_h + LIST_PAD;
  if (draw)
    {
      double y;

      x0 = width - panel_w - LIST_PAD;
      cairo_new_path (cr);
      cairo_rectangle (cr, x0, top + LIST_PAD, panel_w, panel_h);
      ds_theme_set_source (cr, &theme->panel);
      cairo_fill_preserve (cr);
      ds_theme_set_source (cr, &theme->grid);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      pango_layout_set_width (layout, (int) ((panel_w - 2 * LIST_PAD) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      y = top + 2 * LIST_PAD;
      ds_theme_set_source (cr, &theme->text);
      if (opts->list_title)
        {
          pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
          pango_layout_set_font_description (layout, font);
          pango_layout_set_text (layout, opts->list_title, -1);
          cairo_move_to (cr, x0 + LIST_PAD, y);
          ds_text_show (cr, layout);
          pango_font_description_set_weight (font, PANGO_WEIGHT_NORMAL);
          pango_layout_set_font_description (layout, font);
          y += row;
        }
      for (guint i = 0; i <= n_shown && i < opts->n_list_lines; i++)
        {
          g_autofree char *more = NULL;
          if (i == n_shown)
            more = g_strdup_printf ("+%u more", opts->n_list_lines - n_shown);
          pango_layout_set_text (layout, more ? more : opts->list_lines[i], -1);
          cairo_move_to (cr, x0 + LIST_PAD, y);
          ds_text_show (cr, layout);
          y += row;
        }
    }
  pango_font_description_free (font);
  g_object_unref (layout);
}

/* Where the list panel starts: below the caption when there is one. */
static double
list_top (const DsTheme *theme, const DsRenderOptions *opts)
{
  return opts->caption ? theme->title_size * 1.8 : 0;
}

/* --- entry points -------------------------------------------------------- */

/* Where the graph's legend is, in the inset view the diff's legend is
 * placed in: drawn here, or drawn by the canvas over the image. */
static void
diff_legend_left (const Frame *f, const DsRenderOptions *opts, double *w, double *h)
{
  *w = *h = 0;
  if (opts->show_legend)
    ds_render_legend_size (f->cr, f->scene, f->theme, f->width, w, h);
  else if (opts->reserve_legend)
    ds_render_legend_size (f->cr, f->scene, f->theme, f->width - 2 * f->label_inset, w, h);
}

void
ds_render_graph (cairo_t               *cr,
                 const DsScene         *scene,
                 const DsCamera        *camera,
                 const DsTheme         *theme,
                 const DsRenderOptions *opts)
{
  DsRenderOptions defaults;
  DsRenderStats local_stats = { 0 };
  g_autoptr(PangoLayout) caption = NULL;
  double diff_left_w = 0, diff_left_h = 0;  /* the graph's legend, beside the diff's */
  Frame f = { 0 };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (scene != NULL);
  g_return_if_fail (DS_IS_CAMERA ((DsCamera *) camera));

  if (opts == NULL)
    {
      ds_render_options_init (&defaults);
      opts = &defaults;
    }
  if (theme == NULL)
    theme = ds_theme_get (NULL);

  f.cr = cr;
  f.scene = scene;
  f.theme = theme;
  f.z = ds_camera_get_zoom (camera);
  ds_camera_get_center (camera, &f.cx, &f.cy);
  f.width = ds_camera_get_width (camera);
  f.height = ds_camera_get_height (camera);
  f.hw = f.width / 2;
  f.hh = f.height / 2;
  f.label_inset = MAX (opts->label_inset, 0);
  f.ink_scale = 1;
  f.gw = (int) ceil (f.width / GRID_CELL) + 1;
  f.gh = (int) ceil (f.height / GRID_CELL) + 1;
  f.grid = g_new0 (guint8, (gsize) f.gw * f.gh);
  f.hairline_budget = opts->hairline_budget > 0 ? opts->hairline_budget : G_MAXDOUBLE;
  {
    cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));
    f.vector = type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG
               || type == CAIRO_SURFACE_TYPE_PS || type == CAIRO_SURFACE_TYPE_RECORDING;
  }
  /* Steering labels off edges only pays (and only works) on readable graphs. */
  if (opts->show_labels && scene->n_edges <= 4000)
    f.edge_grid = g_new0 (guint8, (gsize) f.gw * f.gh);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, f.width, f.height);
  cairo_clip (cr);
  if (opts->draw_background)
    {
      ds_theme_set_source (cr, &theme->background);
      cairo_paint (cr);
    }
  f.layout = pango_cairo_create_layout (cr);

  raster_begin (&f);
  local_stats.edges_drawn = draw_edges (&f);
  raster_end (&f);
  local_stats.hairlines_skipped = f.hairlines_skipped;
  if (frame_overlay (&f, opts) != NULL)
    {
      double lx, ly, lw, lh, inset = f.label_inset;
      local_stats.diff_edges_drawn = draw_diff_edges (&f, frame_overlay (&f, opts));
      /* Its legend's box (inside the inset), taken before the labels. */
      diff_legend_left (&f, opts, &diff_left_w, &diff_left_h);
      ds_diff_overlay_legend (cr, frame_overlay (&f, opts), theme, f.width - 2 * inset, f.height - 2 * inset,
                              diff_left_w, diff_left_h, FALSE, &lx, &ly, &lw, &lh);
      if (lw > 0)
        grid_mark (&f, inset + lx, inset + ly, inset + lx + lw, inset + ly + lh);
    }

  /* The legend's corner is taken before labels are placed; the legend is
   * drawn after the nodes, so that no glyph covers its text. */
  if (opts->show_legend)
    {
      double lw, lh;
      ds_render_legend_size (cr, scene, theme, f.width, &lw, &lh);
      if (lw > 0)
        grid_mark (&f, 0, f.height - lh, lw, f.height);
    }

  /* So is the list's. */
  if (opts->n_list_lines)
    {
      double lw, lh, top = list_top (theme, opts);
      list_panel (cr, theme, opts, f.width, f.height, top, FALSE, &lw, &lh);
      if (lw > 0)
        grid_mark (&f, f.width - lw, top, f.width, top + lh);
    }

  /* And the legend the canvas draws over the image itself. */
  if (opts->reserve_legend && !opts->show_legend)
    {
      double lw, lh;
      ds_render_legend_size (cr, scene, theme, f.width - 2 * f.label_inset, &lw, &lh);
      if (lw > 0)
        grid_mark (&f, f.label_inset, f.height - f.label_inset - lh, f.label_inset + lw, f.height - f.label_inset);
    }

  /* And the caption's: no label under the title, drawn last, over all. */
  if (opts->caption)
    {
      PangoFontDescription *font = pango_font_description_from_string (theme->font_family);
      PangoRectangle logical;
      pango_font_description_set_absolute_size (font, theme->title_size * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      caption = pango_cairo_create_layout (cr);
      pango_layout_set_font_description (caption, font);
      pango_layout_set_text (caption, opts->caption, -1);
      pango_layout_get_pixel_extents (caption, NULL, &logical);
      grid_mark (&f, 16, 12, 16 + logical.width, 12 + logical.height);
      pango_font_description_free (font);
    }

  draw_nodes (&f, opts, &local_stats);
  if (opts->show_edge_labels)
    draw_edge_labels (&f, opts, &local_stats);

  if (opts->show_legend)
    {
      double lw, lh;
      if (g_getenv ("DS_RENDER_NO_LEGEND_CACHE") || !legend_cached (&f, &lw, &lh))
        ds_render_legend (cr, scene, theme, f.width, f.height, &lw, &lh);
    }
  if (opts->n_list_lines)
    {
      double lw, lh;
      list_panel (cr, theme, opts, f.width, f.height, list_top (theme, opts), TRUE, &lw, &lh);
    }
  if (frame_overlay (&f, opts) != NULL && !opts->reserve_diff_legend)
    {
      double lx, ly, lw, lh, inset = f.label_inset;
      cairo_save (cr);
      cairo_translate (cr, inset, inset);
      ds_diff_overlay_legend (cr, frame_overlay (&f, opts), theme, f.width - 2 * inset, f.height - 2 * inset,
                              diff_left_w, diff_left_h, TRUE, &lx, &ly, &lw, &lh);
      cairo_restore (cr);
    }

  if (caption != NULL)
    {
      cairo_move_to (cr, 16, 12);
      ds_theme_set_source (cr, &theme->text);
      ds_text_show (cr, caption);
    }

  g_object_unref (f.layout);
  g_free (f.grid);
  g_free (f.edge_grid);
  cairo_restore (cr);
  if (opts->stats)
    *opts->stats = local_stats;
}

void
ds_render_graph_page (cairo_t *cr, double width, double height, gpointer data)
{
  const DsGraphPage *page = data;
  g_autoptr(DsCamera) camera = ds_camera_new ();
  double margin = page->margin > 0 ? page->margin : 24;
  DsRenderOptions opts;
  double top = 0, bottom = 0, right = 0;

  if (page->opts)
    opts = *page->opts;
  else
    ds_render_options_init (&opts);
  if (opts.caption)
    top = page->theme ? page->theme->title_size * 1.8 : 32;

  if (opts.show_legend)
    {
      /* The legend gets its own band at the bottom so it never covers the
       * graph in an export. */
      double lw, lh;
      ds_render_legend_size (cr, page->scene, page->theme ? page->theme : ds_theme_get (NULL), width, &lw, &lh);
      bottom = lh;
    }
  if (opts.diff_overlay)
    {
      /* The diff's legend shares the bottom band, at the right, or makes it
       * taller when it has to go on top of the graph's legend. */
      const DsTheme *theme = page->theme ? page->theme : ds_theme_get (NULL);
      double lx, ly, lw, lh, left_w = 0, left_h = 0;
      if (opts.show_legend)
        ds_render_legend_size (cr, page->scene, theme, width, &left_w, &left_h);
      ds_diff_overlay_legend (cr, opts.diff_overlay, theme, width, height, left_w, left_h, FALSE, &lx, &ly, &lw, &lh);
      if (lw > 0)
        bottom = MAX (bottom, height - ly);
    }
  if (opts.n_list_lines)
    {
      /* And the list a band on the right, below the caption. */
      const DsTheme *theme = page->theme ? page->theme : ds_theme_get (NULL);
      double lh;
      list_panel (cr, theme, &opts, width, height, list_top (theme, &opts), FALSE, &right, &lh);
    }
  ds_camera_set_viewport_size (camera, MAX (width - right, 1), MAX (height - top - bottom, 1));
  /* Leave room for labels that stick out to the right of the glyphs. */
  ds_camera_fit_bounds (camera, page->scene->x0, page->scene->y0, page->scene->x1, page->scene->y1, margin);
  {
    double cx, cy;
    ds_camera_get_center (camera, &cx, &cy);
    ds_camera_set_viewport_size (camera, width, height);
    ds_camera_set_center (camera, cx + right / 2 / ds_camera_get_zoom (camera),
                          cy - (top - bottom) / 2 / ds_camera_get_zoom (camera));
  }
  ds_render_graph (cr, page->scene, camera, page->theme, &opts);
}
