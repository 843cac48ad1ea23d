/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-text.c: text drawn by pango on screen and in PNG/PDF, or recorded for
 * an SVG export's <text> elements, one per pango run. */
#define G_LOG_DOMAIN "ds-text"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ds-text.h"

typedef struct {
  char          *text;
  cairo_matrix_t matrix;       /* user -> SVG units when it was drawn */
  double         x, y;         /* baseline start, user space */
  double         width;        /* pango's advance, for textLength */
  double         top, height;  /* the run's logical box, user space */
  guint          layout;       /* which ds_text_show call drew it */
  char          *family;
  double         size;         /* user units (px at 96 dpi) */
  int            weight;
  gboolean       italic;
  double         fill[4];
  double         halo[4];
  double         halo_width;   /* 0: no halo */
} TextRun;

struct _DsTextSink {
  GArray *runs;                /* TextRun */
  guint   n_layouts;
};

static const cairo_user_data_key_t sink_key;

static void
text_run_clear (gpointer data)
{
  TextRun *run = data;
  g_free (run->text);
  g_free (run->family);
}

DsTextSink *
ds_text_sink_new (void)
{
  DsTextSink *self = g_new0 (DsTextSink, 1);
  self->runs = g_array_new (FALSE, TRUE, sizeof (TextRun));
  g_array_set_clear_func (self->runs, text_run_clear);
  return self;
}

void
ds_text_sink_free (DsTextSink *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->runs);
  g_free (self);
}

void
ds_text_sink_attach (DsTextSink      *self,
                     cairo_surface_t *surface)
{
  g_return_if_fail (self != NULL && surface != NULL);
  cairo_surface_set_user_data (surface, &sink_key, self, NULL);
}

guint
ds_text_sink_get_n_runs (const DsTextSink *self)
{
  return self->runs->len;
}

/* The font size in user units: pango sizes are points at the context's
 * resolution (96 dpi unless set), or absolute device units. */
static double
run_font_size (PangoLayout                *layout,
               const PangoFontDescription *desc)
{
  PangoContext *context = pango_layout_get_context (layout);
  double dpi = pango_cairo_context_get_resolution (context);
  double size = pango_font_description_get_size (desc) / (double) PANGO_SCALE;

  if (pango_font_description_get_size_is_absolute (desc))
    return size;
  if (dpi <= 0)
    dpi = pango_cairo_font_map_get_resolution (PANGO_CAIRO_FONT_MAP (pango_context_get_font_map (context)));
  return size * dpi / 72.0;
}

static void
source_rgba (cairo_t *cr, double rgba[4])
{
  if (cairo_pattern_get_rgba (cairo_get_source (cr), &rgba[0], &rgba[1], &rgba[2], &rgba[3])
      != CAIRO_STATUS_SUCCESS)
    {
      rgba[0] = rgba[1] = rgba[2] = 0;
      rgba[3] = 1;
    }
}

static void
record (DsTextSink   *sink,
        cairo_t      *cr,
        PangoLayout  *layout,
        const double  fill[4],
        const double  halo[4],
        double        halo_width)
{
  g_autoptr(PangoLayoutIter) iter = pango_layout_get_iter (layout);
  const char *text = pango_layout_get_text (layout);
  double x0 = 0, y0 = 0;
  cairo_matrix_t matrix;

  if (cairo_has_current_point (cr))
    cairo_get_current_point (cr, &x0, &y0);
  cairo_get_matrix (cr, &matrix);
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle logical;
      PangoFontDescription *desc;
      TextRun r = { 0 };

      if (run == NULL)   /* the end of a line */
        continue;
      pango_layout_iter_get_run_extents (iter, NULL, &logical);
      /* An ellipsized line's "…" run points at the text it replaces. */
      if (run->item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
        r.text = g_strdup ("\u2026");
      else
        r.text = g_strndup (text + run->item->offset, run->item->length);
      desc = pango_font_describe (run->item->analysis.font);
      r.family = g_strdup (pango_font_description_get_family (desc));
      r.size = run_font_size (layout, desc);
      r.weight = pango_font_description_get_weight (desc);
      r.italic = pango_font_description_get_style (desc) != PANGO_STYLE_NORMAL;
      pango_font_description_free (desc);
      r.matrix = matrix;
      r.x = x0 + logical.x / (double) PANGO_SCALE;
      r.y = y0 + pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE;
      r.width = logical.width / (double) PANGO_SCALE;
      r.top = y0 + logical.y / (double) PANGO_SCALE;
      r.height = logical.height / (double) PANGO_SCALE;
      r.layout = sink->n_layouts;
      memcpy (r.fill, fill, sizeof r.fill);
      if (halo != NULL)
        memcpy (r.halo, halo, sizeof r.halo);
      r.halo_width = halo != NULL ? halo_width : 0;
      g_array_append_val (sink->runs, r);
    }
  while (pango_layout_iter_next_run (iter));
  sink->n_layouts++;
}

static DsTextSink *
sink_of (cairo_t *cr)
{
  return cairo_surface_get_user_data (cairo_get_target (cr), &sink_key);
}

void
ds_text_show (cairo_t     *cr,
              PangoLayout *layout)
{
  DsTextSink *sink = sink_of (cr);
  double fill[4];

  if (sink == NULL)
    {
      pango_cairo_show_layout (cr, layout);
      return;
    }
  source_rgba (cr, fill);
  record (sink, cr, layout, fill, NULL, 0);
}

void
ds_text_show_haloed (cairo_t      *cr,
                     PangoLayout  *layout,
                     const DsRgba *fill,
                     const DsRgba *halo,
                     double        halo_alpha,
                     double        halo_width)
{
  DsTextSink *sink = sink_of (cr);
  double x = 0, y = 0;

  if (cairo_has_current_point (cr))
    cairo_get_current_point (cr, &x, &y);
  if (sink != NULL)
    {
      double f[4] = { fill->r, fill->g, fill->b, fill->a };
      double h[4] = { halo->r, halo->g, halo->b, halo->a * halo_alpha };
      record (sink, cr, layout, f, h, halo_width);
      return;
    }
  if (cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE)
    {
      /* Pixels: the text in the halo's colour at eight offsets around it,
       * as one group laid down at the halo's alpha. The glyphs come from
       * cairo's cache; stroking their outlines (below) re-tessellates
       * every glyph and cost 95 % of a 38k frame's labels (65 -> 3 ms). */
      PangoRectangle ink;
      double r = halo_width / 2, d = r * G_SQRT2 / 2;
      const double offsets[8][2] = { { r, 0 }, { -r, 0 }, { 0, r }, { 0, -r },
                                     { d, d }, { d, -d }, { -d, d }, { -d, -d } };

      pango_layout_get_pixel_extents (layout, &ink, NULL);
      cairo_save (cr);
      cairo_rectangle (cr, x + ink.x - r - 1, y + ink.y - r - 1, ink.width + 2 * r + 2, ink.height + 2 * r + 2);
      cairo_clip (cr);
      cairo_push_group (cr);
      cairo_set_source_rgb (cr, halo->r, halo->g, halo->b);
      for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
        {
          cairo_move_to (cr, x + offsets[i][0], y + offsets[i][1]);
          pango_cairo_show_layout (cr, layout);
        }
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, halo->a * halo_alpha);
      cairo_restore (cr);
    }
  else
    {
      pango_cairo_layout_path (cr, layout);
      cairo_set_source_rgba (cr, halo->r, halo->g, halo->b, halo->a * halo_alpha);
      cairo_set_line_width (cr, halo_width);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
    }
  cairo_move_to (cr, x, y);
  cairo_set_source_rgba (cr, fill->r, fill->g, fill->b, fill->a);
  pango_cairo_show_layout (cr, layout);
}

typedef struct {
  double x0, y0, x1, y1;
  guint  layout;
} Box;

static int
box_cmp_x0 (gconstpointer a, gconstpointer b)
{
  const Box *p = a, *q = b;
  return (p->x0 > q->x0) - (p->x0 < q->x0);
}

guint
ds_text_sink_count_overlaps (const DsTextSink *self,
                             double            tolerance)
{
  g_autofree Box *boxes = g_new (Box, MAX (self->runs->len, 1));
  guint n = 0, overlaps = 0;

  for (guint i = 0; i < self->runs->len; i++)
    {
      const TextRun *r = &g_array_index (self->runs, TextRun, i);
      double xs[4] = { r->x, r->x + r->width, r->x, r->x + r->width };
      double ys[4] = { r->top, r->top, r->top + r->height, r->top + r->height };
      Box *b = &boxes[n++];

      b->x0 = b->y0 = G_MAXDOUBLE;
      b->x1 = b->y1 = -G_MAXDOUBLE;
      for (guint c = 0; c < 4; c++)
        {
          cairo_matrix_transform_point (&r->matrix, &xs[c], &ys[c]);
          b->x0 = MIN (b->x0, xs[c]);
          b->x1 = MAX (b->x1, xs[c]);
          b->y0 = MIN (b->y0, ys[c]);
          b->y1 = MAX (b->y1, ys[c]);
        }
      b->layout = r->layout;
    }
  /* Sweep along x: only boxes that start before this one ends can meet it. */
  qsort (boxes, n, sizeof *boxes, box_cmp_x0);
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n && boxes[j].x0 < boxes[i].x1 - tolerance; j++)
      if (boxes[i].layout != boxes[j].layout
          && MIN (boxes[i].x1, boxes[j].x1) - MAX (boxes[i].x0, boxes[j].x0) > tolerance
          && MIN (boxes[i].y1, boxes[j].y1) - MAX (boxes[i].y0, boxes[j].y0) > tolerance)
        overlaps++;
  return overlaps;
}

static void
append_colour (GString *svg, const char *attr, const double rgba[4])
{
  char alpha[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (svg, " %s=\"#%02x%02x%02x\"", attr,
                          (guint) lround (CLAMP (rgba[0], 0, 1) * 255),
                          (guint) lround (CLAMP (rgba[1], 0, 1) * 255),
                          (guint) lround (CLAMP (rgba[2], 0, 1) * 255));
  if (rgba[3] < 1)
    g_string_append_printf (svg, " %s-opacity=\"%s\"", attr,
                            g_ascii_formatd (alpha, sizeof alpha, "%.3g", CLAMP (rgba[3], 0, 1)));
}

/* Numbers in the C locale, short: SVG wants '.' whatever LC_NUMERIC says. */
static const char *
num (char buf[G_ASCII_DTOSTR_BUF_SIZE], double v)
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.6g", fabs (v) < 1e-9 ? 0 : v);
}

void
ds_text_sink_write_svg (const DsTextSink *self,
                        GString          *svg)
{
  char a[6][G_ASCII_DTOSTR_BUF_SIZE], b[4][G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (svg, "<g id=\"text\">\n");
  for (guint i = 0; i < self->runs->len; i++)
    {
      const TextRun *r = &g_array_index (self->runs, TextRun, i);
      const cairo_matrix_t *m = &r->matrix;
      g_autofree char *family = g_markup_escape_text (r->family ? r->family : "sans-serif", -1);
      g_autofree char *text = g_markup_escape_text (r->text, -1);

      if (*r->text == '\0')
        continue;
      g_string_append (svg, "<text xml:space=\"preserve\"");
      if (m->xx != 1 || m->yx != 0 || m->xy != 0 || m->yy != 1 || m->x0 != 0 || m->y0 != 0)
        g_string_append_printf (svg, " transform=\"matrix(%s %s %s %s %s %s)\"", num (a[0], m->xx),
                                num (a[1], m->yx), num (a[2], m->xy), num (a[3], m->yy), num (a[4], m->x0),
                                num (a[5], m->y0));
      /* textLength pins the advance pango measured, so a viewer's font
       * metrics cannot push a label into its neighbour. */
      g_string_append_printf (svg, " x=\"%s\" y=\"%s\" textLength=\"%s\" lengthAdjust=\"spacingAndGlyphs\""
                                   " font-family=\"%s, sans-serif\" font-size=\"%s\"",
                              num (b[0], r->x), num (b[1], r->y), num (b[2], r->width), family,
                              num (b[3], r->size));
      if (r->weight != PANGO_WEIGHT_NORMAL)
        g_string_append_printf (svg, " font-weight=\"%d\"", r->weight);
      if (r->italic)
        g_string_append (svg, " font-style=\"italic\"");
      append_colour (svg, "fill", r->fill);
      if (r->halo_width > 0)
        {
          append_colour (svg, "stroke", r->halo);
          g_string_append_printf (svg, " stroke-width=\"%s\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                                  num (b[0], r->halo_width));
        }
      g_string_append_printf (svg, ">%s</text>\n", text);
    }
  g_string_append (svg, "</g>\n");
}
