/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-table-view.h: the accessible way through the data: sortable tables of
 * entities and of deals. */
#pragma once

#include <adwaita.h>

#include "ds-landscape.h"
#include "ds-scenario.h"

G_BEGIN_DECLS

#define DS_TYPE_TABLE_VIEW (ds_table_view_get_type ())
G_DECLARE_FINAL_TYPE (DsTableView, ds_table_view, DS, TABLE_VIEW, GtkWidget)

GtkWidget *ds_table_view_new           (void);
void       ds_table_view_set_landscape (DsTableView *self,
                                        DsLandscape *landscape);
/* The current scenario as the replay resolved it, borrowed (the caller sets
 * NULL, or a new landscape, before freeing it): deal rows then show its
 * values, and its hypothetical deals follow the landscape's with a
 * "Hypothetical" badge. deal-selected gives indices of this view. */
void       ds_table_view_set_view      (DsTableView          *self,
                                        const DsScenarioView *view);
/* The text of a deal row's cell, for tests: row `position` in the unsorted
 * order (the view's deal index), column "investor", "amount", "scenario"...
 * (the titles in lower case) or "id". NULL when there is no such cell. */
char      *ds_table_view_get_deal_cell (DsTableView *self,
                                        guint        position,
                                        const char  *column);
/* Shows the deal table and selects the row of deal index `position`, as a
 * click on it does. */
void       ds_table_view_select_deal_row (DsTableView *self,
                                          guint        position);
/* The table shown ("entities" or "deals") as CSV, rows in the order they
 * are shown: ids for references, exact numbers ("." decimal point, every
 * digit, empty when unknown), ISO dates, as `dealscape-cli list --format
 * csv` writes them. FALSE without a landscape. */
gboolean   ds_table_view_write_csv     (DsTableView *self,
                                        GString     *out);
/* Re-reads every row (after an edit). */
void       ds_table_view_refresh       (DsTableView *self);
/* Rows shown in the entity and deal tables, for tests. */
guint      ds_table_view_get_n_rows    (DsTableView *self,
                                        gboolean     deals);

G_END_DECLS
