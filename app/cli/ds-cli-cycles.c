/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-cycles.c: `dealscape-cli cycles`, the circular flows of money as a
 * table, CSV or JSON, and the cycle options `export --view circles` shares. */
#define G_LOG_DOMAIN "ds-cli-cycles"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ds-cli-commands.h"
#include "ds-cli-table.h"
#include "ds-format.h"
#include "ds-json-writer.h"

gboolean
ds_cli_cycle_options (const char     *command,
                      DsDate          from,
                      DsDate          to,
                      int             max_length,
                      int             limit,
                      gboolean        closed_only,
                      gboolean        no_group,
                      char          **exclude,
                      DsCycleOptions *opts,
                      int            *status)
{
  g_autoptr(GError) error = NULL;

  ds_cycle_options_init (opts);
  opts->from = from;
  opts->to = to;
  if (from != DS_DATE_NONE && to != DS_DATE_NONE && ds_date_first_day (from) > ds_date_period_end (to))
    {
      char a[11], b[11];
      *status = ds_cli_usage_error (command, "--from %s is after --to %s", ds_date_format (from, a),
                                    ds_date_format (to, b));
      return FALSE;
    }
  if (max_length != 0)
    {
      if (max_length < DS_CYCLES_MIN_LENGTH || max_length > DS_CYCLES_MAX_LENGTH)
        {
          *status = ds_cli_usage_error (command, "--max-length must be %d to %d edges, not %d",
                                        DS_CYCLES_MIN_LENGTH, DS_CYCLES_MAX_LENGTH, max_length);
          return FALSE;
        }
      opts->max_length = (guint) max_length;
    }
  if (limit != DS_CLI_CYCLES_NO_LIMIT_GIVEN)
    {
      if (limit < 0)
        {
          *status = ds_cli_usage_error (command, "--limit must be 0 (no limit) or more, not %d", limit);
          return FALSE;
        }
      opts->limit = (guint) limit;
    }
  if (closed_only)
    opts->statuses = 1u << DS_STATUS_CLOSED;
  opts->group_by_parent = !no_group;
  for (guint i = 0; exclude && exclude[i]; i++)
    if (!ds_cycle_options_exclude_instruments (opts, exclude[i], &error))
      {
        *status = ds_cli_usage_error (command, "--exclude-instrument: %s", error->message);
        return FALSE;
      }
  return TRUE;
}

/* Deal ids of cycle i, edge by edge, separated by `sep`. */
static char *
cycle_deal_ids (const DsCycles *cycles, guint i, const char *sep)
{
  const DsCycle *c = &cycles->cycles[i];
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < c->length; k++)
    {
      const DsCycleEdge *e = &cycles->edges[cycles->cycle_edges[c->first + k]];
      for (guint j = 0; j < e->n_deals; j++)
        {
          if (out->len)
            g_string_append (out, sep);
          g_string_append (out, ds_scenario_view_deal (cycles->view, cycles->deals[e->first_deal + j])->id);
        }
    }
  return g_string_free (out, FALSE);
}

static char *
member_ids (const DsCycles *cycles, guint i)
{
  const DsCycle *c = &cycles->cycles[i];
  DsLandscape *ls = cycles->view->landscape;
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < c->length; k++)
    g_string_append_printf (out, "%s%s", k ? ";" : "", ds_landscape_entity (ls, cycles->members[c->first + k])->id);
  return g_string_free (out, FALSE);
}

/* A cycle with no disclosed amount on an edge says so rather than leaving
 * the cell blank: the blank would read as zero. */
static void
add_usd_or_undisclosed (DsCliTable *t,
                        double      usd)
{
  if (isnan (usd))
    ds_cli_table_add_text (t, "undisclosed");
  else
    ds_cli_table_add_usd (t, usd);
}

static void
print_table (const DsCycles *cycles, DsCliFormat format)
{
  g_autoptr(DsCliTable) t = NULL;
  gboolean table = format == DS_CLI_FORMAT_TABLE;

  if (table)
    t = ds_cli_table_new ((const char *[]) { "#", "cycle", "closed", "total", "circulating", "deals",
                                             "undisclosed", "confidence", NULL });
  else
    t = ds_cli_table_new ((const char *[]) { "cycle", "length", "members", "path", "closed_date", "total_usd",
                                             "circulating_usd", "n_deals", "n_undisclosed", "confidence",
                                             "deals", NULL });
  for (guint i = 0; i < cycles->n_cycles; i++)
    {
      const DsCycle *c = &cycles->cycles[i];
      g_autofree char *path = ds_cycles_describe_path (cycles, i);

      ds_cli_table_add_row (t);
      ds_cli_table_add_count (t, i + 1);
      if (table)
        {
          g_autofree char *when = ds_format_date_short (c->closed_date);
          ds_cli_table_add_text (t, path);
          ds_cli_table_add_text (t, when);
          add_usd_or_undisclosed (t, c->total_usd);
          add_usd_or_undisclosed (t, c->circulating_usd);
        }
      else
        {
          g_autofree char *members = member_ids (cycles, i);
          g_autofree char *deals = cycle_deal_ids (cycles, i, ";");
          ds_cli_table_add_count (t, c->length);
          ds_cli_table_add_text (t, members);
          ds_cli_table_add_text (t, path);
          ds_cli_table_add_date (t, c->closed_date);
          add_usd_or_undisclosed (t, c->total_usd);
          add_usd_or_undisclosed (t, c->circulating_usd);
          ds_cli_table_add_count (t, c->n_deals);
          ds_cli_table_add_count (t, c->n_undisclosed);
          ds_cli_table_add_text (t, ds_confidence_to_string (c->confidence));
          ds_cli_table_add_text (t, deals);
          continue;
        }
      ds_cli_table_add_count (t, c->n_deals);
      ds_cli_table_add_count (t, c->n_undisclosed);
      ds_cli_table_add_text (t, ds_confidence_to_string (c->confidence));
    }
  ds_cli_table_print (t, format, stdout);
}

/* Members of an object, key and value in one call. */
static void
json_date (DsJsonWriter *w, const char *key, DsDate date)
{
  char buf[11];

  ds_json_writer_key (w, key);
  ds_json_writer_string (w, date == DS_DATE_NONE ? NULL : ds_date_format (date, buf));
}

static void
json_text (DsJsonWriter *w, const char *key, const char *value)
{
  ds_json_writer_key (w, key);
  ds_json_writer_string (w, value);
}

static void
json_number (DsJsonWriter *w, const char *key, double value)
{
  ds_json_writer_key (w, key);
  ds_json_writer_number (w, value);
}

static void
json_bool (DsJsonWriter *w, const char *key, gboolean value)
{
  ds_json_writer_key (w, key);
  ds_json_writer_bool (w, value);
}

/* The whole result with its structure: cycles, their edges, the deals. */
static void
print_json (const DsCycles *cycles, const char *scenario, const DsCycleOptions *opts)
{
  g_autoptr(DsJsonWriter) w = ds_json_writer_new (TRUE);
  g_autofree char *text = NULL;
  DsLandscape *ls = cycles->view->landscape;

  ds_json_writer_begin_object (w);
  json_text (w, "scenario", scenario);
  json_date (w, "from", opts->from);
  json_date (w, "to", opts->to);
  json_number (w, "max_length", opts->max_length);
  json_bool (w, "grouped", opts->group_by_parent);
  json_number (w, "found", cycles->n_found);
  json_bool (w, "truncated", cycles->truncated);
  json_bool (w, "budget_exhausted", cycles->budget_exhausted);
  ds_json_writer_key (w, "cycles");
  ds_json_writer_begin_array (w);
  for (guint i = 0; i < cycles->n_cycles; i++)
    {
      const DsCycle *c = &cycles->cycles[i];
      g_autofree char *path = ds_cycles_describe_path (cycles, i);

      ds_json_writer_begin_object (w);
      json_text (w, "path", path);
      ds_json_writer_key (w, "members");
      ds_json_writer_begin_array (w);
      for (guint k = 0; k < c->length; k++)
        ds_json_writer_string (w, ds_landscape_entity (ls, cycles->members[c->first + k])->id);
      ds_json_writer_end_array (w);
      json_date (w, "closed_date", c->closed_date);
      json_number (w, "total_usd", c->total_usd);
      json_number (w, "circulating_usd", c->circulating_usd);
      json_number (w, "n_deals", c->n_deals);
      json_number (w, "n_undisclosed", c->n_undisclosed);
      json_text (w, "confidence", ds_confidence_to_string (c->confidence));
      ds_json_writer_key (w, "edges");
      ds_json_writer_begin_array (w);
      for (guint k = 0; k < c->length; k++)
        {
          const DsCycleEdge *e = &cycles->edges[cycles->cycle_edges[c->first + k]];
          ds_json_writer_begin_object (w);
          json_text (w, "from", ds_landscape_entity (ls, e->from)->id);
          json_text (w, "to", ds_landscape_entity (ls, e->to)->id);
          json_date (w, "first_date", e->first_date);
          json_number (w, "total_usd", e->total_usd);
          json_number (w, "n_undisclosed", e->n_undisclosed);
          json_text (w, "confidence", ds_confidence_to_string (e->confidence));
          ds_json_writer_key (w, "deals");
          ds_json_writer_begin_array (w);
          for (guint j = 0; j < e->n_deals; j++)
            ds_json_writer_string (w, ds_scenario_view_deal (cycles->view, cycles->deals[e->first_deal + j])->id);
          ds_json_writer_end_array (w);
          ds_json_writer_end_object (w);
        }
      ds_json_writer_end_array (w);
      ds_json_writer_end_object (w);
    }
  ds_json_writer_end_array (w);
  ds_json_writer_end_object (w);
  text = ds_json_writer_steal (g_steal_pointer (&w), NULL);
  fputs (text, stdout);
}

/* What the limit and the budget left out, for a reader of the table (and
 * on stderr for CSV, so that the file stays data). */
void
ds_cli_cycles_report_cuts (const DsCycles *cycles, const DsCycleOptions *opts, FILE *out)
{
  if (cycles->truncated)
    fprintf (out, "The limit of %u cycles was reached: these are the earliest to close, and more may "
             "close later (raise --limit, 0 for all).\n", opts->limit);
  if (cycles->budget_exhausted)
    {
      g_autofree char *last = cycles->n_cycles ? ds_format_date_short (cycles->cycles[cycles->n_cycles - 1].closed_date)
                                               : g_strdup ("the first");
      fprintf (out, "The search stopped after %" G_GUINT64_FORMAT " steps: cycles closing after %s were "
               "not all looked for (narrow the dates or lower --max-length).\n", cycles->n_steps, last);
    }
}

int
ds_cli_cmd_cycles (const DsCliGlobal *global, int argc, char **argv)
{
  g_autofree char *from_text = NULL, *to_text = NULL, *scenario_name = NULL, *format_text = NULL;
  g_auto(GStrv) exclude = NULL;
  int max_length = 0, limit = DS_CLI_CYCLES_NO_LIMIT_GIVEN;
  gboolean closed_only = FALSE, no_group = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, "Only deals announced on or after this date (YYYY, YYYY-MM or YYYY-MM-DD; a partial date from its first day)", "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, "Only deals announced on or before this date (a partial date to the end of its period)", "DATE" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario_name, "The deals as this scenario has them, with its overrides and hypothetical deals (default: base)", "NAME" },
    { "max-length", 0, 0, G_OPTION_ARG_INT, &max_length, "Longest cycle, in edges (2 to 12; default 6)", "N" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "Report at most N cycles, the earliest closing first (default 1000; 0: all)", "N" },
    { "closed-only", 0, 0, G_OPTION_ARG_NONE, &closed_only, "Only closed deals (default: every status)", NULL },
    { "no-group", 0, 0, G_OPTION_ARG_NONE, &no_group, "Keep entities apart from their parents (default: AWS counts as Amazon)", NULL },
    { "exclude-instrument", 0, 0, G_OPTION_ARG_STRING_ARRAY, &exclude, "Leave out deals of these instruments (comma list or repeated)", "I,..." },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "table (default), csv or json", "FORMAT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsCycles) cycles = NULL;
  DsCycleOptions opts;
  DsCliFormat format = DS_CLI_FORMAT_TABLE;
  DsDate from = DS_DATE_NONE, to = DS_DATE_NONE;
  DsIndex scenario;
  const char *scenario_id;
  int status;

  if (!ds_cli_parse ("cycles", "",
                     "Circular flows of money: chains of deals that come back to where they started "
                     "(A invests in B, B buys compute from C, C invests in A).\nEvery deal is an edge "
                     "from investor (or buyer) to target; entities count as their root parent; deals "
                     "between the same pair are one edge.\nPer cycle: the total of its disclosed deals, "
                     "the smallest edge total (what can go round), when it closed (its last edge's first "
                     "deal) and its weakest confidence.",
                     entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ds_cli_usage_error ("cycles", "unexpected argument “%s”", argv[1]);
  if (format_text && !ds_cli_format_parse (format_text, &format))
    return ds_cli_usage_error ("cycles", "unknown format “%s”; use table, csv or json", format_text);
  if (from_text && !ds_date_parse (from_text, &from, &error))
    return ds_cli_usage_error ("cycles", "--from: %s", error->message);
  if (to_text && !ds_date_parse (to_text, &to, &error))
    return ds_cli_usage_error ("cycles", "--to: %s", error->message);
  if (!ds_cli_cycle_options ("cycles", from, to, max_length, limit, closed_only, no_group, exclude, &opts, &status))
    return status;

  if ((ls = ds_cli_load_landscape (global, NULL, &error)) == NULL)
    return ds_cli_fail (error);
  if (scenario_name == NULL)
    scenario = ds_landscape_find_scenario (ls, "base");
  else if ((scenario = ds_scenario_lookup (ls, scenario_name, &error)) == DS_NONE)
    {
      g_prefix_error (&error, "--scenario: ");
      return ds_cli_fail (error);
    }
  scenario_id = scenario == DS_NONE ? "landscape" : ds_landscape_scenario (ls, scenario)->id;
  if ((cycles = ds_cycles_find (ls, scenario, &opts, &error)) == NULL)
    return ds_cli_fail (error);

  if (format == DS_CLI_FORMAT_JSON)
    print_json (cycles, scenario_id, &opts);
  else if (format == DS_CLI_FORMAT_CSV)
    print_table (cycles, format);
  else if (cycles->n_cycles == 0)
    printf ("No cycles of up to %u edges in scenario %s%s.\n", opts.max_length, scenario_id,
            from != DS_DATE_NONE || to != DS_DATE_NONE ? " in that date range" : "");
  else
    {
      printf ("%u cycle%s of up to %u edges in scenario %s (%u groups, %u edges, %u of them on a cycle)\n\n",
              cycles->n_cycles, cycles->n_cycles == 1 ? "" : "s", opts.max_length, scenario_id,
              cycles->n_graph_vertices, cycles->n_graph_edges, cycles->n_cyclic_edges);
      print_table (cycles, format);
    }
  ds_cli_cycles_report_cuts (cycles, &opts, format == DS_CLI_FORMAT_TABLE ? stdout : stderr);
  return DS_EXIT_OK;
}
