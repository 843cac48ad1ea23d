/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-circles-panel.h: the side list of the graph's Circles mode: the cycles
 * of money closed by the timeline's date, then those still to close, dimmed. */
#pragma once

#include <gtk/gtk.h>

#include "ds-cycles.h"

G_BEGIN_DECLS

#define DS_TYPE_CIRCLES_PANEL (ds_circles_panel_get_type ())
G_DECLARE_FINAL_TYPE (DsCirclesPanel, ds_circles_panel, DS, CIRCLES_PANEL, GtkBox)

GtkWidget  *ds_circles_panel_new          (void);

/* Lists the cycles of `closed` (the search up to `date`), then those of
 * `all` (the whole scenario) that close after `date`, dimmed; either may be
 * NULL. Nothing is kept of them but text. A selected cycle stays selected
 * when it is still listed as closed (by its path), else the selection is
 * dropped and "cycle-selected" is emitted with -1. */
void        ds_circles_panel_set_cycles   (DsCirclesPanel *self,
                                           const DsCycles *closed,
                                           const DsCycles *all,
                                           DsDate          date);
/* Rows: the closed cycles first (0 .. n_closed - 1), then the ones to come. */
guint       ds_circles_panel_get_n_rows   (DsCirclesPanel *self);
guint       ds_circles_panel_get_n_closed (DsCirclesPanel *self);
/* "Amazon → Anthropic → Amazon" */
const char *ds_circles_panel_get_path     (DsCirclesPanel *self,
                                           guint           row);
/* "closed Sep 2025" or "closes Apr 2026" */
const char *ds_circles_panel_get_status   (DsCirclesPanel *self,
                                           guint           row);
/* A closed cycle (index of `closed`) or -1 for all; as a click does, it
 * emits "cycle-selected" (int) when the selection changes. */
void        ds_circles_panel_select       (DsCirclesPanel *self,
                                           int             cycle);
int         ds_circles_panel_get_selected (DsCirclesPanel *self);

G_END_DECLS
