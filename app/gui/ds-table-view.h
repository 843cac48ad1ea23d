/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-table-view.h: the accessible way through the data: sortable tables of
 * entities and of deals. */
#pragma once

#include <adwaita.h>

#include "ds-landscape.h"

G_BEGIN_DECLS

#define DS_TYPE_TABLE_VIEW (ds_table_view_get_type ())
G_DECLARE_FINAL_TYPE (DsTableView, ds_table_view, DS, TABLE_VIEW, GtkWidget)

GtkWidget *ds_table_view_new           (void);
void       ds_table_view_set_landscape (DsTableView *self,
                                        DsLandscape *landscape);
/* Re-reads every row (after an edit). */
void       ds_table_view_refresh       (DsTableView *self);
/* Rows shown in the entity and deal tables, for tests. */
guint      ds_table_view_get_n_rows    (DsTableView *self,
                                        gboolean     deals);

G_END_DECLS
