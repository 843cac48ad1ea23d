/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-table-rows.c: see ds-table-rows.h. Items are kept once made, so that
 * the same position gives the same object (list views and selections
 * compare items by pointer). */
#define G_LOG_DOMAIN "ds-table-rows"

#include "config.h"

#include "ds-table-rows.h"

struct _DsTableRow {
  GObject parent_instance;
  DsIndex index;
};

G_DEFINE_FINAL_TYPE (DsTableRow, ds_table_row, G_TYPE_OBJECT)

static void ds_table_row_class_init (DsTableRowClass *klass) { }
static void ds_table_row_init (DsTableRow *self) { }

DsTableRow *
ds_table_row_new (DsIndex index)
{
  DsTableRow *self = g_object_new (DS_TYPE_TABLE_ROW, NULL);
  self->index = index;
  return self;
}

DsIndex
ds_table_row_get_index (DsTableRow *self)
{
  g_return_val_if_fail (DS_IS_TABLE_ROW (self), DS_NONE);
  return self->index;
}

struct _DsTableRows {
  GObject      parent_instance;
  guint        n;
  /* n slots, NULL until the row is asked for; allocated at the first ask
   * (a zeroed block this big is mapped, not written, until used). */
  DsTableRow **made;
  guint        n_made;
};

static void ds_table_rows_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DsTableRows, ds_table_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ds_table_rows_list_model_init))

static GType
ds_table_rows_get_item_type (GListModel *model)
{
  return DS_TYPE_TABLE_ROW;
}

static guint
ds_table_rows_get_n_items (GListModel *model)
{
  return DS_TABLE_ROWS (model)->n;
}

static gpointer
ds_table_rows_get_item (GListModel *model,
                        guint       position)
{
  DsTableRows *self = DS_TABLE_ROWS (model);

  if (position >= self->n)
    return NULL;
  if (self->made == NULL)
    self->made = g_new0 (DsTableRow *, self->n);
  if (self->made[position] == NULL)
    {
      self->made[position] = ds_table_row_new ((DsIndex) position);
      self->n_made++;
    }
  return g_object_ref (self->made[position]);
}

static void
ds_table_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ds_table_rows_get_item_type;
  iface->get_n_items = ds_table_rows_get_n_items;
  iface->get_item = ds_table_rows_get_item;
}

static void
drop_made (DsTableRows *self)
{
  if (self->made != NULL)
    for (guint i = 0; i < self->n && self->n_made > 0; i++)
      if (self->made[i] != NULL)
        {
          g_object_unref (self->made[i]);
          self->n_made--;
        }
  g_clear_pointer (&self->made, g_free);
  self->n_made = 0;
}

static void
ds_table_rows_finalize (GObject *object)
{
  drop_made (DS_TABLE_ROWS (object));
  G_OBJECT_CLASS (ds_table_rows_parent_class)->finalize (object);
}

static void
ds_table_rows_class_init (DsTableRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ds_table_rows_finalize;
}

static void
ds_table_rows_init (DsTableRows *self)
{
}

DsTableRows *
ds_table_rows_new (void)
{
  return g_object_new (DS_TYPE_TABLE_ROWS, NULL);
}

void
ds_table_rows_set_n (DsTableRows *self,
                     guint        n)
{
  guint old;

  g_return_if_fail (DS_IS_TABLE_ROWS (self));
  old = self->n;
  drop_made (self);
  self->n = n;
  if (old > 0 || n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n);
}

guint
ds_table_rows_get_n_made (DsTableRows *self)
{
  g_return_val_if_fail (DS_IS_TABLE_ROWS (self), 0);
  return self->n_made;
}
