/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-diff-overlay.c: the scene of a scenario diff (B's frame with A's
 * removed deals put back), the per-edge marks and labels, and the legend. */
#define G_LOG_DOMAIN "ds-diff-overlay"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "ds-diff-overlay.h"
#include "ds-format.h"
#include "ds-text.h"

#define HEX(v) { ((v) >> 16 & 0xff) / 255.0, ((v) >> 8 & 0xff) / 255.0, ((v) & 0xff) / 255.0, 1.0 }

/* GNOME palette greens, reds and yellows: darker on light backgrounds,
 * lighter on dark ones; high contrast takes the darkest. */
static const DsRgba light_colours[] = { HEX (0x000000), HEX (0x1a7f46), HEX (0xc01c28), HEX (0xc88800) };
static const DsRgba dark_colours[] = { HEX (0xffffff), HEX (0x57e389), HEX (0xff6b6b), HEX (0xf8e45c) };
static const DsRgba contrast_colours[] = { HEX (0x000000), HEX (0x006b2f), HEX (0xa00000), HEX (0x8a5a00) };
static const DsRgba ring_light = HEX (0x813d9c), ring_dark = HEX (0xdc8add);

const DsRgba *
ds_diff_overlay_colour (const DsTheme *theme,
                        DsDiffMark     mark)
{
  guint m = MIN ((guint) mark, 3u);

  if (theme != NULL && theme->is_dark)
    return &dark_colours[m];
  if (theme != NULL && theme->name != NULL && g_str_equal (theme->name, "high-contrast"))
    return &contrast_colours[m];
  return &light_colours[m];
}

void
ds_diff_overlay_ring (cairo_t       *cr,
                      const DsTheme *theme,
                      double         x,
                      double         y,
                      double         r)
{
  double w = CLAMP (r * 0.18, 2.5, 5.0);

  cairo_new_path (cr);
  cairo_arc (cr, x, y, r + 3 + w, 0, 2 * G_PI);
  ds_theme_set_source (cr, theme && theme->is_dark ? &ring_dark : &ring_light);
  cairo_set_line_width (cr, w);
  cairo_set_dash (cr, (double[]) { 2 * w, w }, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

DsDiffOverlay *
ds_diff_overlay_ref (DsDiffOverlay *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ds_diff_overlay_free (DsDiffOverlay *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->edge_mark);
  g_free (self->edge_label);
  g_free (self->edge_diff);
  g_free (self->diff_edge);
  g_free (self->node_ring);
  g_free (self->title);
  if (self->strings)
    g_string_chunk_free (self->strings);
  g_free (self);
}

DsFrameSnapshot *
ds_diff_snapshot_new (const DsScenarioDiff *diff)
{
  const DsFrame *fb = ds_replay_seek (diff->replay_b, diff->date);
  DsFrameSnapshot *snap = ds_frame_snapshot_new (diff->view_b, fb);
  guint nb = snap->n_deals, n = nb + diff->n_removed, k = nb;

  if (diff->n_removed == 0)
    return snap;
  snap->deals = g_renew (DsDeal, snap->deals, n);
  snap->deal_visible = g_renew (guint8, snap->deal_visible, n);
  snap->deal_pending = g_renew (guint8, snap->deal_pending, n);
  for (guint i = 0; i < diff->deals->len; i++)
    {
      const DsDealDiff *d = ds_scenario_diff_deal (diff, i);
      if (d->kind != DS_DEAL_DIFF_REMOVED)
        continue;
      snap->deals[k] = d->a;
      snap->deal_visible[k] = 1;
      /* Drawn dashed by the overlay whatever its status. */
      snap->deal_pending[k] = 0;
      snap->entity_visible[d->investor] = 1;
      snap->entity_visible[d->target] = 1;
      k++;
    }
  snap->n_deals = n;
  return snap;
}

DsScene *
ds_diff_scene_build (const DsScenarioDiff  *diff,
                     const DsFrameSnapshot *snapshot,
                     const double          *x,
                     const double          *y,
                     const DsSceneOptions  *opts,
                     DsDiffOverlay        **out_overlay)
{
  g_autoptr(DsFrameSnapshot) own = NULL;
  const DsFrameSnapshot *snap;
  g_autofree gint *diff_of_deal = NULL;   /* merged deal index -> DsDealDiff */
  g_autofree guint8 *lit = NULL;
  g_autofree char *when = NULL, *title = NULL;
  DsDiffOverlay *ov;
  DsScene *scene;
  guint nb, k;

  g_return_val_if_fail (diff != NULL && x != NULL && y != NULL && opts != NULL, NULL);

  snap = snapshot != NULL ? snapshot : (own = ds_diff_snapshot_new (diff));
  g_return_val_if_fail (snap->n_deals == diff->view_b->deals->len + diff->n_removed, NULL);
  nb = diff->view_b->deals->len;
  diff_of_deal = g_new (gint, MAX (snap->n_deals, 1));
  for (guint i = 0; i < snap->n_deals; i++)
    diff_of_deal[i] = -1;
  k = nb;
  for (guint i = 0; i < diff->deals->len; i++)
    {
      const DsDealDiff *d = ds_scenario_diff_deal (diff, i);
      if (d->kind == DS_DEAL_DIFF_REMOVED)
        diff_of_deal[k++] = (gint) i;
      else
        diff_of_deal[d->deal_b] = (gint) i;
    }

  scene = ds_frame_scene_build (diff->landscape, snap, x, y, opts);

  ov = g_new0 (DsDiffOverlay, 1);
  g_atomic_ref_count_init (&ov->ref_count);
  ov->strings = g_string_chunk_new (256);
  ov->n_edges = scene->n_edges;
  ov->edge_mark = g_new0 (guint8, MAX (scene->n_edges, 1));
  ov->edge_label = g_new0 (const char *, MAX (scene->n_edges, 1));
  ov->edge_diff = g_new (gint, MAX (scene->n_edges, 1));
  ov->n_deal_diffs = diff->deals->len;
  ov->diff_edge = g_new (gint, MAX (diff->deals->len, 1));
  ov->n_nodes = scene->n_nodes;
  ov->node_ring = g_new0 (guint8, MAX (scene->n_nodes, 1));
  ov->n_added = diff->n_added;
  ov->n_removed = diff->n_removed;
  ov->n_changed = diff->n_changed;
  ov->n_crossed = diff->thresholds->len;
  ov->threshold = diff->threshold_b;
  for (guint i = 0; i < diff->deals->len; i++)
    ov->diff_edge[i] = -1;

  lit = g_new0 (guint8, MAX (snap->n_deals, 1));
  for (guint e = 0; e < scene->n_edges; e++)
    {
      gint di = -1;
      ov->edge_diff[e] = -1;
      if (scene->edge_kind[e] != DS_EDGE_DEAL || scene->edge_item[e] < 0
          || (guint) scene->edge_item[e] >= snap->n_deals || (di = diff_of_deal[scene->edge_item[e]]) < 0)
        continue;
      {
        const DsDealDiff *d = ds_scenario_diff_deal (diff, di);
        g_autofree char *label = ds_deal_diff_label (d);
        ov->edge_mark[e] = d->kind == DS_DEAL_DIFF_ADDED ? DS_DIFF_MARK_ADDED
                           : d->kind == DS_DEAL_DIFF_REMOVED ? DS_DIFF_MARK_REMOVED : DS_DIFF_MARK_CHANGED;
        ov->edge_label[e] = g_string_chunk_insert (ov->strings, label);
        ov->edge_diff[e] = di;
        ov->diff_edge[di] = (gint) e;
        lit[scene->edge_item[e]] = 1;
      }
    }
  for (guint i = 0; i < diff->thresholds->len; i++)
    {
      const DsThresholdChange *c = ds_scenario_diff_threshold (diff, i);
      DsIndex node = c->holder != DS_NONE ? c->holder : c->company;
      if (node >= 0 && (guint) node < scene->n_nodes)
        ov->node_ring[node] = 1;
    }
  /* Nothing to mark: the scenario as it is, not all dimmed. */
  if (diff->deals->len > 0)
    ds_scene_set_highlight (scene, lit, snap->n_deals);

  when = ds_format_date_short (diff->date);
  title = ds_scenario_diff_title (diff);
  ov->title = g_strdup_printf ("%s, %s", title, when);
  if (out_overlay)
    *out_overlay = ov;
  else
    ds_diff_overlay_free (ov);
  return scene;
}

/* --- legend -------------------------------------------------------------- */

void
ds_diff_overlay_legend (cairo_t             *cr,
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
                        double              *out_height)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (theme->font_family);
  const double row = theme->font_size * 1.45, pad = 10, swatch = 28;
  g_autofree char *pct_c = ds_format_percent (self->threshold, 0);
  char *lines[4];
  double text_w = 0, total_w, total_h, x0, y0;
  int tw;

  lines[0] = g_strdup_printf ("Added under B (%u)", self->n_added);
  lines[1] = g_strdup_printf ("Removed: only under A (%u)", self->n_removed);
  lines[2] = g_strdup_printf ("Terms changed (%u)", self->n_changed);
  lines[3] = g_strdup_printf ("Stake crossed %s (%u)", pct_c, self->n_crossed);

  pango_font_description_set_absolute_size (font, theme->font_size * 0.92 * PANGO_SCALE);
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, self->title, -1);
  pango_layout_get_pixel_size (layout, &tw, NULL);
  text_w = tw;
  pango_font_description_set_weight (font, PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  for (guint i = 0; i < 4; i++)
    {
      pango_layout_set_text (layout, lines[i], -1);
      pango_layout_get_pixel_size (layout, &tw, NULL);
      text_w = MAX (text_w, swatch + 6 + tw);
    }
  total_w = text_w + 2 * pad;
  total_h = 2 * pad + row * 5;
  *out_x = *out_y = *out_width = *out_height = 0;
  if (total_w > width * 0.9 || total_h > height * 0.9)
    goto out;
  if (left_w <= 0 || left_w + total_w + 2 * pad <= width)
    {
      /* Beside the graph's legend, in the other corner. */
      x0 = width - total_w - pad;
      y0 = height - total_h - pad;
      *out_x = x0;
      *out_y = y0;
      *out_width = total_w + pad;
      *out_height = total_h + pad;
    }
  else
    {
      /* A narrow view: on top of it. */
      if (left_h + total_h + pad > height * 0.9)
        goto out;
      x0 = pad;
      y0 = height - left_h - total_h - pad;
      *out_x = 0;
      *out_y = y0;
      *out_width = total_w + 2 * pad;
      *out_height = total_h + pad;
    }
  if (!draw)
    goto out;

  cairo_new_path (cr);
  cairo_rectangle (cr, x0, y0, total_w, total_h);
  ds_theme_set_source (cr, &theme->panel);
  cairo_fill_preserve (cr);
  ds_theme_set_source (cr, &theme->grid);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, self->title, -1);
  cairo_move_to (cr, x0 + pad, y0 + pad);
  ds_theme_set_source (cr, &theme->text);
  ds_text_show (cr, layout);
  pango_font_description_set_weight (font, PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  for (guint i = 0; i < 4; i++)
    {
      double y = y0 + pad + row * (i + 1), cy = y + row / 2 - 1, sx = x0 + pad;
      cairo_new_path (cr);
      if (i < 3)
        {
          DsDiffMark m = i == 0 ? DS_DIFF_MARK_ADDED : i == 1 ? DS_DIFF_MARK_REMOVED : DS_DIFF_MARK_CHANGED;
          cairo_move_to (cr, sx, cy);
          cairo_line_to (cr, sx + swatch - 4, cy);
          cairo_set_line_width (cr, m == DS_DIFF_MARK_ADDED ? 4.5 : 3);
          if (m == DS_DIFF_MARK_REMOVED)
            cairo_set_dash (cr, (double[]) { 6, 3 }, 2, 0);
          ds_theme_set_source (cr, ds_diff_overlay_colour (theme, m));
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      else
        ds_diff_overlay_ring (cr, theme, sx + swatch / 2 - 2, cy, row * 0.2);
      pango_layout_set_text (layout, lines[i], -1);
      cairo_move_to (cr, sx + swatch + 6, y + (row - theme->font_size * 1.2) / 2);
      ds_theme_set_source (cr, &theme->text);
      ds_text_show (cr, layout);
    }

out:
  for (guint i = 0; i < 4; i++)
    g_free (lines[i]);
  pango_font_description_free (font);
}
