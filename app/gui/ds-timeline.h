/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-timeline.h: the date bar under the views: a scrubber with a mark per
 * deal, play/pause, step and speed. */
#pragma once

#include <gtk/gtk.h>

#include "ds-landscape.h"

G_BEGIN_DECLS

#define DS_TYPE_TIMELINE (ds_timeline_get_type ())
G_DECLARE_FINAL_TYPE (DsTimeline, ds_timeline, DS, TIMELINE, GtkWidget)

GtkWidget *ds_timeline_new         (void);
/* Sets the range from the first to the last deal date and one mark per deal;
 * the date goes to the end (everything shown). */
void       ds_timeline_set_landscape (DsTimeline  *self,
                                      DsLandscape *landscape);
DsDate     ds_timeline_get_date    (DsTimeline *self);
/* The first and the last date the scale reaches. */
void       ds_timeline_get_range   (DsTimeline *self,
                                    DsDate     *first,
                                    DsDate     *last);
void       ds_timeline_set_date    (DsTimeline *self,
                                    DsDate      date);
gboolean   ds_timeline_get_playing (DsTimeline *self);
void       ds_timeline_set_playing (DsTimeline *self,
                                    gboolean    playing);
/* Moves to the previous / next deal date. */
void       ds_timeline_step        (DsTimeline *self,
                                    int         direction);

G_END_DECLS
