/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-commands.h: the subcommand entry points, one file each group. */
#pragma once

#include "ds-cli.h"

G_BEGIN_DECLS

/* ds-cli-data.c */
int ds_cli_cmd_init        (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_import      (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_export_data (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_list        (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_show        (const DsCliGlobal *global, int argc, char **argv);

/* ds-cli-scenario.c */
int ds_cli_cmd_scenario    (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_replay      (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_stakes      (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_compute     (const DsCliGlobal *global, int argc, char **argv);

/* ds-cli-layout.c */
int ds_cli_cmd_layout      (const DsCliGlobal *global, int argc, char **argv);

/* ds-cli-export.c */
int ds_cli_cmd_export      (const DsCliGlobal *global, int argc, char **argv);

/* ds-cli-import.c: the CSV form of `import`, which ds_cli_cmd_import hands over to */
int ds_cli_cmd_import_csv   (const DsCliGlobal *global, int argc, char **argv);
gboolean ds_cli_import_wants_csv (int argc, char **argv);

/* ds-cli-export-graph.c */
int ds_cli_cmd_export_graph (const DsCliGlobal *global, int argc, char **argv);

/* Commands of later modules, listed once here and in the table of ds-cli.c. */
#define DS_CLI_EXTRA_COMMANDS \
  { "scenario",    ds_cli_cmd_scenario,    "list, show, create, set, unset or delete scenarios" }, \
  { "replay",      ds_cli_cmd_replay,      "replay a scenario over time, one row per date, entity and quantity" }, \
  { "stakes",      ds_cli_cmd_stakes,      "who owns what of a company at a date" }, \
  { "compute",     ds_cli_cmd_compute,     "the compute chain of a data center at a date" }, \
  { "layout",      ds_cli_cmd_layout,      "lay out the graph and write node positions (name, x, y)" }, \
  { "export",      ds_cli_cmd_export,      "export the graph, a chart or a report as PNG, PDF or SVG" }, \
  { "export-graph", ds_cli_cmd_export_graph, "write the graph as GraphML or GEXF (Gephi, Cytoscape, networkx)" },

G_END_DECLS
