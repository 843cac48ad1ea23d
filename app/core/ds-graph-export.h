/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-graph-export.h: the landscape (or a scenario of it, at a date) as a
 * GraphML or GEXF 1.3 file for Gephi, Cytoscape, networkx and igraph. */
#pragma once

#include <glib.h>

#include "ds-landscape.h"

G_BEGIN_DECLS

typedef enum {
  DS_GRAPH_FORMAT_GRAPHML,
  DS_GRAPH_FORMAT_GEXF,
} DsGraphFormat;

/* "graphml" or "gexf"; FALSE for anything else. */
gboolean ds_graph_format_parse (const char    *name,
                                DsGraphFormat *out);

/* The graph as text. `scenario` is a scenario index (DS_NONE: the landscape
 * as it is); `date` DS_DATE_NONE for everything, else only the deals and
 * relations dated on or before it and the entities they involve (entities
 * with no dated link at all are always there). NULL with an error when the
 * scenario cannot be resolved. */
char     *ds_graph_export_to_string (DsLandscape   *landscape,
                                     DsGraphFormat  format,
                                     DsIndex        scenario,
                                     DsDate         date,
                                     gsize         *length,
                                     GError       **error);
/* Written atomically (temporary file, then rename). */
gboolean  ds_graph_export_to_file   (DsLandscape   *landscape,
                                     DsGraphFormat  format,
                                     DsIndex        scenario,
                                     DsDate         date,
                                     const char    *path,
                                     GError       **error);

G_END_DECLS
