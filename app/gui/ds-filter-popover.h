/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-filter-popover.h: the graph's filters: which kinds of entity, which
 * deal statuses, and the dates of the deals shown. */
#pragma once

#include <gtk/gtk.h>

#include "ds-date.h"

G_BEGIN_DECLS

#define DS_TYPE_FILTER_POPOVER (ds_filter_popover_get_type ())
G_DECLARE_FINAL_TYPE (DsFilterPopover, ds_filter_popover, DS, FILTER_POPOVER, GtkPopover)

/* Everything shown at first. Emits "changed" whenever the filters the
 * getters return change (not while a date being typed does not read). */
GtkWidget *ds_filter_popover_new               (void);

guint32    ds_filter_popover_get_entity_kinds  (DsFilterPopover *self);
guint32    ds_filter_popover_get_deal_statuses (DsFilterPopover *self);
/* DS_DATE_NONE for an open end. */
void       ds_filter_popover_get_date_range    (DsFilterPopover *self,
                                                DsDate          *from,
                                                DsDate          *to);
/* Types the two dates ("2025", "2025-06", "2025-06-09" or "" for open) as
 * the user would; FALSE with the message the entry shows when they do not
 * read or the range ends before it starts (the filters then stay as they were). */
gboolean   ds_filter_popover_set_date_text     (DsFilterPopover *self,
                                                const char      *from,
                                                const char      *to,
                                                GError         **error);
/* Shows everything again. */
void       ds_filter_popover_reset             (DsFilterPopover *self);

G_END_DECLS
