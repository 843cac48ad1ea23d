/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-compare-panel.h: the side panel of compare mode: two scenario pickers
 * (A and B, either may be the landscape) and the list of differences. */
#pragma once

#include <gtk/gtk.h>

#include "ds-scenario-diff.h"

G_BEGIN_DECLS

#define DS_TYPE_COMPARE_PANEL (ds_compare_panel_get_type ())
G_DECLARE_FINAL_TYPE (DsComparePanel, ds_compare_panel, DS, COMPARE_PANEL, GtkBox)

GtkWidget *ds_compare_panel_new            (void);

/* Fills the pickers with "Landscape (no scenario)" and the scenarios, and
 * picks a and b (DS_NONE: the landscape) without emitting "changed". */
void       ds_compare_panel_set_landscape  (DsComparePanel *self,
                                            DsLandscape    *landscape,
                                            DsIndex         a,
                                            DsIndex         b);
/* A and B as picked: DS_NONE for the landscape. */
DsIndex    ds_compare_panel_get_a          (DsComparePanel *self);
DsIndex    ds_compare_panel_get_b          (DsComparePanel *self);
/* Picks A and B as the user would (emits "changed" when they change). */
void       ds_compare_panel_pick           (DsComparePanel *self,
                                            DsIndex         a,
                                            DsIndex         b);

/* Lists the differences (NULL: none, e.g. no replay); the diff is only
 * read here. */
void       ds_compare_panel_set_diff       (DsComparePanel       *self,
                                            const DsScenarioDiff *diff);
guint      ds_compare_panel_get_n_rows     (DsComparePanel *self);
/* The row's text, "Changed · Fund B → Acme AI · amount_usd $20M → $30M". */
char      *ds_compare_panel_get_row_text   (DsComparePanel *self,
                                            guint           row);
/* Activates a row as a click does: emits "row-picked" (deal id or NULL,
 * entity index). */
void       ds_compare_panel_activate_row   (DsComparePanel *self,
                                            guint           row);

G_END_DECLS
