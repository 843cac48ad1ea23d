/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-theme.h: the colours and fonts every drawing uses (graph, charts,
 * exports): light, dark and high-contrast, from colour-blind-safe palettes. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ds-types.h"

G_BEGIN_DECLS

typedef struct {
  double r, g, b, a;
} DsRgba;

#define DS_THEME_N_SERIES 8

typedef struct {
  const char *name;             /* "light", "dark", "high-contrast" */
  gboolean    is_dark;

  DsRgba background;
  DsRgba panel;                 /* legend and label backgrounds */
  DsRgba text;
  DsRgba text_muted;            /* axis labels, footnotes */
  DsRgba grid;
  DsRgba axis;
  DsRgba node_outline;
  DsRgba highlight;             /* ring around the selected / hovered node */
  DsRgba threshold;             /* chart threshold line and crossings */

  /* Okabe-Ito for entity kinds, Paul Tol's vibrant set for instruments:
   * both stay apart for the common colour-vision deficiencies. */
  DsRgba kind[DS_ENTITY_N_KINDS];
  DsRgba instrument[DS_INSTRUMENT_N_KINDS];
  DsRgba relation;              /* non-deal relations: one muted colour, told apart by dashes */
  DsRgba series[DS_THEME_N_SERIES];

  double dim_alpha;             /* opacity of what is outside a selection */
  double outline_width;         /* node outline, view pixels */

  const char *font_family;      /* a Pango family list */
  double      font_size;        /* labels, in view pixels */
  double      title_size;       /* chart and page titles */
} DsTheme;

/* "light", "dark" or "high-contrast"; NULL when the name is unknown
 * (NULL name: the light theme). The result is static. */
const DsTheme *ds_theme_get     (const char *name);
/* "light, dark, high-contrast", for error messages. */
const char    *ds_theme_choices (void);

void ds_theme_set_source      (cairo_t      *cr,
                               const DsRgba *colour);
void ds_theme_set_source_alpha (cairo_t      *cr,
                                const DsRgba *colour,
                                double        alpha);

G_END_DECLS
