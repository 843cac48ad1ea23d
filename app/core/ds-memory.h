/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-memory.h: hints to the kernel about the core's large arrays. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Blocks from this size get the hint below. */
#define DS_MEMORY_HUGE_MIN (4u << 20)

/* Asks for `size` bytes at `data`, not yet written, to be backed by 2 MiB
 * pages where the system hands out transparent huge pages on request
 * (Linux, "madvise" mode). A million-deal array is then about 80 page
 * faults instead of 40,000, which on a virtual machine is most of the time
 * it takes to fill. Does nothing for blocks under DS_MEMORY_HUGE_MIN or
 * where the hint is unknown; the memory is the same either way. */
void     ds_memory_advise_huge (gpointer data,
                                gsize    size);

/* g_malloc0 of n * size bytes, with the hint for a large block. */
gpointer ds_memory_alloc0      (gsize    n,
                                gsize    size);

G_END_DECLS
