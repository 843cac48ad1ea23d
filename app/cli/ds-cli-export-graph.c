/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-export-graph.c: `dealscape-cli export-graph`: the landscape, or a
 * scenario at a date, as GraphML or GEXF for Gephi, Cytoscape and friends. */
#define G_LOG_DOMAIN "ds-cli-export-graph"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ds-cli-commands.h"
#include "ds-graph-export.h"
#include "ds-scenario.h"

int
ds_cli_cmd_export_graph (const DsCliGlobal *global,
                         int                argc,
                         char             **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *scenario_text = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "graphml or gexf (default: from the file name)", "FORMAT" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario_text, "Export the deals as this scenario has them", "S" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, "Only what exists on this date (YYYY, YYYY-MM or YYYY-MM-DD)", "D" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE (“-” for standard output)", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  DsGraphFormat format;
  DsIndex scenario = DS_NONE;
  DsDate date = DS_DATE_NONE;
  int status;

  if (!ds_cli_parse ("export-graph", "",
                     "Write the graph (entities as nodes; deals and relations as edges) as GraphML or GEXF.\n"
                     "GEXF is dynamic: deal dates are start times, so Gephi's timeline replays them.",
                     entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ds_cli_usage_error ("export-graph", "unexpected argument “%s”", argv[1]);
  if (output == NULL)
    return ds_cli_usage_error ("export-graph", "-o FILE is required");
  if (format_text == NULL)
    {
      if (g_str_has_suffix (output, ".graphml"))
        format_text = g_strdup ("graphml");
      else if (g_str_has_suffix (output, ".gexf"))
        format_text = g_strdup ("gexf");
      else
        return ds_cli_usage_error ("export-graph", "say --format graphml or --format gexf");
    }
  if (!ds_graph_format_parse (format_text, &format))
    return ds_cli_usage_error ("export-graph", "unknown format “%s”; use graphml or gexf", format_text);
  if (date_text && !ds_date_parse (date_text, &date, &error))
    return ds_cli_usage_error ("export-graph", "--date: %s", error->message);

  if ((ls = ds_cli_load_landscape (global, NULL, &error)) == NULL)
    return ds_cli_fail (error);
  if (scenario_text && (scenario = ds_scenario_lookup (ls, scenario_text, &error)) == DS_NONE)
    return ds_cli_fail (error);

  if (strcmp (output, "-") == 0)
    {
      gsize length;
      g_autofree char *text = ds_graph_export_to_string (ls, format, scenario, date, &length, &error);
      if (text == NULL)
        return ds_cli_fail (error);
      fwrite (text, 1, length, stdout);
      return DS_EXIT_OK;
    }
  if (!ds_graph_export_to_file (ls, format, scenario, date, output, &error))
    return ds_cli_fail (error);
  return DS_EXIT_OK;
}
