/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-memory.c: transparent huge pages for the core's large arrays. */
#define G_LOG_DOMAIN "ds-memory"

#include "config.h"

#include "ds-memory.h"

#ifdef __linux__
#include <sys/mman.h>
#endif

#define HUGE_PAGE ((guintptr) 2 << 20)

void
ds_memory_advise_huge (gpointer data,
                       gsize    size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  guintptr start, end;

  if (data == NULL || size < DS_MEMORY_HUGE_MIN)
    return;
  /* Only the whole huge pages inside the block: the hint applies to pages,
   * and the block's edges may share theirs with other allocations. */
  start = ((guintptr) data + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
  end = ((guintptr) data + size) & ~(HUGE_PAGE - 1);
  if (end > start)
    (void) madvise ((void *) start, end - start, MADV_HUGEPAGE);
#endif
}

gpointer
ds_memory_alloc0 (gsize n,
                  gsize size)
{
  /* calloc leaves a fresh mapping unwritten (the kernel zeroes its pages),
   * so the hint comes before the first touch. */
  gpointer data = g_malloc0_n (n, size);

  ds_memory_advise_huge (data, n * size);
  return data;
}
