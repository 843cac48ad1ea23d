#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# graph-readers.py: reads an exported GraphML or GEXF file with a real
# reader (networkx or igraph) and prints what came out, one key=value per
# line, for test-graph-export. Exit 77 when the reader is not installed.
#
#   graph-readers.py networkx|igraph FILE NODE_ID EDGE_ID

import sys


def show(prefix, attrs):
    for key in sorted(attrs):
        value = attrs[key]
        if isinstance(value, list):
            # A dynamic attribute: (value, start, end) spells.
            print(f"{prefix}.{key}.steps={len(value)}")
            print(f"{prefix}.{key}.last={value[-1][0]!r}")
            print(f"{prefix}.{key}.first_start={value[0][1]}")
        else:
            print(f"{prefix}.{key}={value!r}" if isinstance(value, float) else f"{prefix}.{key}={value}")


def with_networkx(path, node_id, edge_id):
    try:
        import networkx as nx
    except ImportError:
        sys.exit(77)
    if path.endswith(".gexf"):
        from networkx.readwrite.gexf import GEXF
        if "1.3" not in GEXF.versions:
            # networkx 2.8 (Debian 12) predates GEXF 1.3, whose only change
            # that matters to its reader is the namespace: register it as
            # networkx 3 does, and the 2.8 parser reads the file.
            GEXF.versions["1.3"] = dict(GEXF.versions["1.2draft"],
                                        NS_GEXF="http://gexf.net/1.3",
                                        NS_VIZ="http://gexf.net/1.3/viz",
                                        VERSION="1.3")
        g = nx.read_gexf(path, version="1.3")
    else:
        g = nx.read_graphml(path)
    print(f"class={type(g).__name__}")
    print(f"nodes={g.number_of_nodes()}")
    print(f"edges={g.number_of_edges()}")
    show("node", g.nodes[node_id])
    # Parallel edges make a multigraph whose edge keys are the file's ids.
    edges = g.edges(keys=True, data=True) if g.is_multigraph() else \
        ((u, v, d.get("id"), d) for u, v, d in g.edges(data=True))
    for _, _, key, data in edges:
        if key == edge_id or data.get("id") == edge_id:
            show("edge", data)
            break


def with_igraph(path, node_id, edge_id):
    try:
        import igraph
    except ImportError:
        sys.exit(77)
    g = igraph.Graph.Read_GraphML(path)
    print(f"directed={g.is_directed()}")
    print(f"nodes={g.vcount()}")
    print(f"edges={g.ecount()}")
    v = g.vs.find(id=node_id)
    show("node", v.attributes())
    for e in g.es:
        if e.attributes().get("id") == edge_id:
            show("edge", {k: x for k, x in e.attributes().items() if x is not None and x == x})
            break


if __name__ == "__main__":
    reader, path, node_id, edge_id = sys.argv[1:5]
    {"networkx": with_networkx, "igraph": with_igraph}[reader](path, node_id, edge_id)
