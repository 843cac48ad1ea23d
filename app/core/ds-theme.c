/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-theme.c: the three built-in themes as static tables; the palettes are
 * Okabe-Ito (entity kinds, series) and Paul Tol's vibrant (instruments). */
#define G_LOG_DOMAIN "ds-theme"

#include "config.h"

#include <string.h>

#include "ds-theme.h"

#define HEX(h) { ((h) >> 16 & 0xff) / 255.0, ((h) >> 8 & 0xff) / 255.0, ((h) & 0xff) / 255.0, 1.0 }

#define FONTS "Cantarell, Inter, DejaVu Sans, Sans"

static const DsTheme themes[] = {
  {
    .name = "light",
    .is_dark = FALSE,
    .background = HEX (0xffffff),
    .panel = { 1, 1, 1, 0.88 },
    .text = HEX (0x1f2328),
    .text_muted = HEX (0x5e6670),
    .grid = HEX (0xe6e8eb),
    .axis = HEX (0x8c939b),
    .node_outline = HEX (0x2b2f33),
    .highlight = HEX (0x1c71d8),
    .threshold = HEX (0xcc3311),
    .kind = {
      [DS_ENTITY_COMPANY] = HEX (0x0072b2),
      [DS_ENTITY_INVESTOR] = HEX (0xe69f00),
      [DS_ENTITY_CLOUD] = HEX (0x56b4e9),
      [DS_ENTITY_CHIP] = HEX (0x009e73),
      [DS_ENTITY_DATACENTER] = HEX (0xf0e442),
      [DS_ENTITY_MODEL] = HEX (0xcc79a7),
      [DS_ENTITY_REGULATOR] = HEX (0xd55e00),
    },
    .instrument = {
      [DS_INSTRUMENT_EQUITY] = HEX (0x0077bb),
      [DS_INSTRUMENT_CONVERTIBLE_NOTE] = HEX (0xee7733),
      [DS_INSTRUMENT_SAFE] = HEX (0x009988),
      [DS_INSTRUMENT_COMPUTE_CREDITS] = HEX (0xee3377),
      [DS_INSTRUMENT_OTHER] = HEX (0x5e6670),
      [DS_INSTRUMENT_COMPUTE_COMMITMENT] = HEX (0xcc3311),
      [DS_INSTRUMENT_WARRANT] = HEX (0x33bbee),
      [DS_INSTRUMENT_ACQUISITION] = HEX (0x882255),
      [DS_INSTRUMENT_DEBT] = HEX (0x997700),
    },
    .relation = HEX (0x9aa0a6),
    .series = { HEX (0x0072b2), HEX (0xe69f00), HEX (0x009e73), HEX (0xcc79a7),
                HEX (0x56b4e9), HEX (0xd55e00), HEX (0x8c7a00), HEX (0x444444) },
    .dim_alpha = 0.15,
    .outline_width = 1.0,
    .font_family = FONTS,
    .font_size = 12,
    .title_size = 18,
  },
  {
    .name = "dark",
    .is_dark = TRUE,
    .background = HEX (0x1e1f22),
    .panel = { 0.118, 0.122, 0.133, 0.88 },
    .text = HEX (0xeceef0),
    .text_muted = HEX (0xa4abb3),
    .grid = HEX (0x34373c),
    .axis = HEX (0x767d86),
    .node_outline = HEX (0x101113),
    .highlight = HEX (0x78aeed),
    .threshold = HEX (0xff7f66),
    .kind = {
      [DS_ENTITY_COMPANY] = HEX (0x3a9ad9),
      [DS_ENTITY_INVESTOR] = HEX (0xe69f00),
      [DS_ENTITY_CLOUD] = HEX (0x56b4e9),
      [DS_ENTITY_CHIP] = HEX (0x1fbf8f),
      [DS_ENTITY_DATACENTER] = HEX (0xf0e442),
      [DS_ENTITY_MODEL] = HEX (0xdc8fbb),
      [DS_ENTITY_REGULATOR] = HEX (0xf07b3f),
    },
    .instrument = {
      [DS_INSTRUMENT_EQUITY] = HEX (0x33bbee),
      [DS_INSTRUMENT_CONVERTIBLE_NOTE] = HEX (0xee7733),
      [DS_INSTRUMENT_SAFE] = HEX (0x22c4b2),
      [DS_INSTRUMENT_COMPUTE_CREDITS] = HEX (0xff5c9a),
      [DS_INSTRUMENT_OTHER] = HEX (0xbbbbbb),
      [DS_INSTRUMENT_COMPUTE_COMMITMENT] = HEX (0xff6e4a),
      [DS_INSTRUMENT_WARRANT] = HEX (0x77ddff),
      [DS_INSTRUMENT_ACQUISITION] = HEX (0xcc6699),
      [DS_INSTRUMENT_DEBT] = HEX (0xddcc77),
    },
    .relation = HEX (0x6f757c),
    .series = { HEX (0x56b4e9), HEX (0xe69f00), HEX (0x1fbf8f), HEX (0xdc8fbb),
                HEX (0xf0e442), HEX (0xf07b3f), HEX (0x9ad0ff), HEX (0xcccccc) },
    .dim_alpha = 0.18,
    .outline_width = 1.0,
    .font_family = FONTS,
    .font_size = 12,
    .title_size = 18,
  },
  {
    .name = "high-contrast",
    .is_dark = FALSE,
    .background = HEX (0xffffff),
    .panel = { 1, 1, 1, 1 },
    .text = HEX (0x000000),
    .text_muted = HEX (0x000000),
    .grid = HEX (0xb0b0b0),
    .axis = HEX (0x000000),
    .node_outline = HEX (0x000000),
    .highlight = HEX (0x0000c0),
    .threshold = HEX (0xb00000),
    .kind = {
      [DS_ENTITY_COMPANY] = HEX (0x0060a0),
      [DS_ENTITY_INVESTOR] = HEX (0xe69f00),
      [DS_ENTITY_CLOUD] = HEX (0x56b4e9),
      [DS_ENTITY_CHIP] = HEX (0x008060),
      [DS_ENTITY_DATACENTER] = HEX (0xf0e442),
      [DS_ENTITY_MODEL] = HEX (0xb0508a),
      [DS_ENTITY_REGULATOR] = HEX (0xc04000),
    },
    .instrument = {
      [DS_INSTRUMENT_EQUITY] = HEX (0x0050a0),
      [DS_INSTRUMENT_CONVERTIBLE_NOTE] = HEX (0xc04000),
      [DS_INSTRUMENT_SAFE] = HEX (0x006050),
      [DS_INSTRUMENT_COMPUTE_CREDITS] = HEX (0xb0005a),
      [DS_INSTRUMENT_OTHER] = HEX (0x000000),
      [DS_INSTRUMENT_COMPUTE_COMMITMENT] = HEX (0x992200),
      [DS_INSTRUMENT_WARRANT] = HEX (0x005f8a),
      [DS_INSTRUMENT_ACQUISITION] = HEX (0x661144),
      [DS_INSTRUMENT_DEBT] = HEX (0x665500),
    },
    .relation = HEX (0x505050),
    .series = { HEX (0x0060a0), HEX (0xc04000), HEX (0x008060), HEX (0xb0508a),
                HEX (0x000000), HEX (0x806000), HEX (0x0000c0), HEX (0x606060) },
    .dim_alpha = 0.3,
    .outline_width = 1.6,
    .font_family = FONTS,
    .font_size = 13,
    .title_size = 19,
  },
};

const DsTheme *
ds_theme_get (const char *name)
{
  if (name == NULL)
    return &themes[0];
  for (guint i = 0; i < G_N_ELEMENTS (themes); i++)
    if (strcmp (themes[i].name, name) == 0)
      return &themes[i];
  return NULL;
}

const char *
ds_theme_choices (void)
{
  return "light, dark, high-contrast";
}

void
ds_theme_set_source (cairo_t *cr, const DsRgba *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

void
ds_theme_set_source_alpha (cairo_t *cr, const DsRgba *c, double alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha);
}
