/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-graph-preview.h: the compact copy of a big document's graph (entities
 * with their positions, deal ends, dates, amounts and statuses, relations
 * and valuations) kept in the document beside the tables it comes from, so
 * that a window can draw the graph before the whole document is read.
 *
 * The copy holds what the graph's scene is made of and nothing else: deal
 * ids and notes, sources, terms other than the post-money valuation, and
 * scenarios are left out. The landscape decoded from it is for drawing
 * only; the window reads the document as usual after its first frame.
 * Format and validity rules: docs/architecture.md, "The graph preview". */
#pragma once

#include <glib.h>

#include "ds-landscape.h"

G_BEGIN_DECLS

/* The blob's format; a blob of another format is ignored (and rewritten). */
#define DS_GRAPH_PREVIEW_FORMAT 1

/* The rows of the document the landscape was read from: a preview names
 * them, and is used only while the document still has them (the triggers of
 * schema-6.sql drop it on any change; this is a second check). */
typedef struct {
  gint64 max_entity_rowid;
  gint64 max_deal_rowid;
} DsGraphPreviewStamp;

/* The preview of `landscape`, whose every entity has a position (x, y,
 * pinned per entity; `known` NULL when every one is). NULL when some entity
 * has none: a graph still to be laid out is not worth keeping. */
GBytes      *ds_graph_preview_encode (DsLandscape               *landscape,
                                      const double              *x,
                                      const double              *y,
                                      const guint8              *known,
                                      const guint8              *pinned,
                                      const DsGraphPreviewStamp *stamp);

/* A landscape for drawing, and its positions (g_free them), from `data`;
 * NULL with an error that says what is wrong when the blob is not a
 * preview this version wrote, or is inconsistent. `stamp` gets the rows it
 * was made from. */
DsLandscape *ds_graph_preview_decode (const guint8        *data,
                                      gsize                size,
                                      DsGraphPreviewStamp *stamp,
                                      double             **x,
                                      double             **y,
                                      guint8             **pinned,
                                      GError             **error);

G_END_DECLS
