/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-commands.h: the subcommand entry points, one file each group. */
#pragma once

#include <stdio.h>

#include "ds-cli.h"
#include "ds-cycles.h"

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

/* ds-cli-history.c */
int ds_cli_cmd_undo         (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_redo         (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_history      (const DsCliGlobal *global, int argc, char **argv);

/* ds-cli-cycles.c */
int ds_cli_cmd_cycles       (const DsCliGlobal *global, int argc, char **argv);
/* The cycle options of `cycles` and `export --view circles`: checks them
 * (usage errors name the option) and fills opts from the defaults.
 * max_length 0 and limit DS_CLI_CYCLES_NO_LIMIT_GIVEN keep the defaults. */
#define DS_CLI_CYCLES_NO_LIMIT_GIVEN G_MININT
gboolean ds_cli_cycle_options (const char     *command,
                               DsDate          from,
                               DsDate          to,
                               int             max_length,
                               int             limit,
                               gboolean        closed_only,
                               gboolean        no_group,
                               char          **exclude,
                               DsCycleOptions *opts,
                               int            *status);
/* Lines about the limit and the search budget, when they cut the result. */
void     ds_cli_cycles_report_cuts (const DsCycles       *cycles,
                                    const DsCycleOptions *opts,
                                    FILE                 *out);

/* Commands of later modules, listed once here and in the table of ds-cli.c. */
#define DS_CLI_EXTRA_COMMANDS \
  { "scenario",    ds_cli_cmd_scenario,    "list, show, create, set, unset or delete scenarios" }, \
  { "replay",      ds_cli_cmd_replay,      "replay a scenario over time, one row per date, entity and quantity" }, \
  { "stakes",      ds_cli_cmd_stakes,      "who owns what of a company at a date" }, \
  { "compute",     ds_cli_cmd_compute,     "the compute chain of a data center at a date" }, \
  { "layout",      ds_cli_cmd_layout,      "lay out the graph and write node positions (name, x, y)" }, \
  { "export",      ds_cli_cmd_export,      "export the graph, a chart or a report as PNG, PDF or SVG" }, \
  { "export-graph", ds_cli_cmd_export_graph, "write the graph as GraphML or GEXF (Gephi, Cytoscape, networkx)" }, \
  { "cycles",      ds_cli_cmd_cycles,      "circular flows: deals that come back round (A -> B -> C -> A)" }, \
  { "undo",        ds_cli_cmd_undo,        "undo the last edit or import, as the app's Undo does" }, \
  { "redo",        ds_cli_cmd_redo,        "redo the last undone edit or import" }, \
  { "history",     ds_cli_cmd_history,     "the edit log: what undo and redo would walk" },

G_END_DECLS
