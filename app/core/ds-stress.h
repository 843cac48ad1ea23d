/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-stress.h: normalized stress, the quality measure layouts are judged by:
 * how well layout distances match hop distances, after the best uniform scale. */
#pragma once

#include "ds-graph.h"

G_BEGIN_DECLS

#define DS_STRESS_SOURCES 60

/* On the largest connected component (ties: the one holding the smallest
 * node), from min(60, its size) distinct sources drawn with `seed`, over every
 * pair (source, v != source) with hop distance d and layout distance e:
 *   a = sum(e/d) / sum(e^2/d^2),  stress = mean(((a*e - d) / d)^2).
 * 0 is perfect; returns 0 for a component without pairs and 1 when every
 * layout distance is 0 (the best a is then undefined, every term is 1). */
double ds_stress_normalized (const DsGraph *graph,
                             const double  *x,
                             const double  *y,
                             guint32        seed);

G_END_DECLS
