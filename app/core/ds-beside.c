/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-beside.c: work on a second thread beside the caller. */
#define G_LOG_DOMAIN "ds-beside"

#include "config.h"

#include "ds-beside.h"

void
ds_beside_start (DsBeside    *beside,
                 GThreadFunc  fn,
                 gpointer     data,
                 gboolean     use_thread)
{
  beside->thread = use_thread ? g_thread_try_new ("ds-beside", fn, data, NULL) : NULL;
  if (beside->thread == NULL)
    fn (data);
}

void
ds_beside_join (DsBeside *beside)
{
  if (beside->thread != NULL)
    g_thread_join (g_steal_pointer (&beside->thread));
}
