/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-text.h: every piece of text the core draws goes through here, so that
 * an SVG export can keep it as <text> (selectable, searchable, editable)
 * where cairo's SVG surface would write glyph outlines. */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "ds-theme.h"

G_BEGIN_DECLS

/* Draws `layout` with its top-left at the current point in the current
 * source, as pango_cairo_show_layout () does; on a surface with a text
 * sink attached, records it in the sink instead. */
void ds_text_show        (cairo_t     *cr,
                          PangoLayout *layout);

/* The same with a halo: the text's outline stroked `halo_width` wide in
 * `halo` at `halo_alpha` under text filled with `fill` (labels over
 * edges). In SVG, one <text> with paint-order="stroke". */
void ds_text_show_haloed (cairo_t      *cr,
                          PangoLayout  *layout,
                          const DsRgba *fill,
                          const DsRgba *halo,
                          double        halo_alpha,
                          double        halo_width);

/* What an SVG export collects while it draws: one entry per run of text
 * with its font, colour and transform. */
typedef struct _DsTextSink DsTextSink;

DsTextSink *ds_text_sink_new        (void);
void        ds_text_sink_free       (DsTextSink      *self);
/* Text drawn on `surface` from now on goes into the sink (the sink must
 * outlive the drawing). */
void        ds_text_sink_attach     (DsTextSink      *self,
                                     cairo_surface_t *surface);
guint       ds_text_sink_get_n_runs (const DsTextSink *self);
/* Pairs of runs from different ds_text_show calls whose boxes (pango's
 * logical extents, in device units) overlap by more than `tolerance` in
 * both directions: what "no two labels overlap" is measured with. */
guint       ds_text_sink_count_overlaps (const DsTextSink *self,
                                         double            tolerance);
/* Appends the runs as SVG <text> elements in a <g id="text">, in the
 * order they were drawn. */
void        ds_text_sink_write_svg  (const DsTextSink *self,
                                     GString          *svg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsTextSink, ds_text_sink_free)

G_END_DECLS
