/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-table-rows.h: the rows of a table of n entities or deals, as a list
 * model whose items (DsTableRow: one index each) are made when first asked
 * for. A GListStore of a million rows took a second of the main thread to
 * fill each time the table was shown; a view of it asks for the few dozen
 * rows on screen. */
#pragma once

#include <gio/gio.h>

#include "ds-landscape.h"

G_BEGIN_DECLS

#define DS_TYPE_TABLE_ROW (ds_table_row_get_type ())
G_DECLARE_FINAL_TYPE (DsTableRow, ds_table_row, DS, TABLE_ROW, GObject)

/* A row of its own, outside any DsTableRows (the table view's sort-order
 * probe uses two with indices no table has). */
DsTableRow *ds_table_row_new       (DsIndex     index);
DsIndex     ds_table_row_get_index (DsTableRow *self);

#define DS_TYPE_TABLE_ROWS (ds_table_rows_get_type ())
G_DECLARE_FINAL_TYPE (DsTableRows, ds_table_rows, DS, TABLE_ROWS, GObject)

DsTableRows *ds_table_rows_new   (void);
/* Rows 0 .. n - 1: the items made so far are dropped and every row is
 * announced as changed (a view then asks again for those it shows). */
void         ds_table_rows_set_n (DsTableRows *self,
                                  guint        n);
/* How many row objects exist (for tests: showing a table makes few). */
guint        ds_table_rows_get_n_made (DsTableRows *self);

G_END_DECLS
