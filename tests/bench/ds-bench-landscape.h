/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-bench-landscape.h: a deterministic synthetic landscape (entities,
 * deals, metrics) shaped like a real investor network, for benchmarks. */
#pragma once

#include "ds-landscape.h"

G_BEGIN_DECLS

/* n_entities entities (about 40% investors), n_deals deals whose investors
 * and targets follow power laws (a few funds do most deals, a few companies
 * raise most rounds), dated 2000..2030, plus a valuation metric per round.
 * Same arguments, same landscape. */
DsLandscape *ds_bench_landscape_new (guint   n_entities,
                                     guint   n_deals,
                                     guint32 seed);

G_END_DECLS
