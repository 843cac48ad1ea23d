/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-beside.h: a piece of work run on a second thread beside the caller,
 * when it is big enough to be worth one (scene orders, the renderer's ink
 * pass). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  GThread *thread;
} DsBeside;

/* Runs fn (data) on a thread of its own when `use_thread` (and one can be
 * made), else at once; ds_beside_join waits for it. fn's return is unused. */
void ds_beside_start (DsBeside    *beside,
                      GThreadFunc  fn,
                      gpointer     data,
                      gboolean     use_thread);
void ds_beside_join  (DsBeside    *beside);

G_END_DECLS
