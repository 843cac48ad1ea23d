/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-export.c: `dealscape-cli export`: the graph at a date, charts and
 * the PDF report, through the same renderer the app draws with. */
#define G_LOG_DOMAIN "ds-cli-export"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ds-chart.h"
#include "ds-cli-commands.h"
#include "ds-export.h"
#include "ds-format.h"
#include "ds-graph.h"
#include "ds-layout.h"
#include "ds-render.h"
#include "ds-scene.h"

/* World radius of the largest node when positions come from the layout
 * engine (edge length 110): big nodes keep clear of their neighbours. */
#define LAYOUT_NODE_SCALE 36.0

/* Positions for every entity: the document's where it has them, the
 * layout engine for the rest (radius-aware, so glyphs do not overlap). */
static void
positions_for (DsStore *store, DsLandscape *ls, double *x, double *y)
{
  guint n = ds_landscape_n_entities (ls);
  g_autofree guint8 *known = g_new0 (guint8, MAX (n, 1));
  g_autofree guint8 *pinned = g_new0 (guint8, MAX (n, 1));
  g_autoptr(GError) error = NULL;
  g_autoptr(DsGraph) graph = NULL;
  g_autoptr(DsScene) sizing = NULL;
  DsSceneOptions so;
  DsLayoutOptions lo;
  guint n_known = 0;

  if (store && !ds_store_load_positions (store, ls, x, y, known, pinned, &error))
    {
      g_printerr ("dealscape-cli: %s (laying the graph out afresh)\n", error->message);
      memset (known, 0, MAX (n, 1));
    }
  for (guint i = 0; i < n; i++)
    n_known += known[i] != 0;
  if (n_known == n)
    return;

  ds_scene_options_init (&so);
  so.node_scale = LAYOUT_NODE_SCALE;
  sizing = ds_scene_build (ls, DS_DATE_NONE, NULL, NULL, &so);
  graph = ds_graph_new_from_landscape (ls);
  ds_layout_options_init (&lo);
  lo.radius = sizing->node_radius;
  lo.edge_length = 110;
  lo.gap = 30;
  if (n_known > 0)
    ds_layout_place_new_nodes (graph, &lo, x, y, known);
  else if (!ds_layout_compute (graph, &lo, x, y, NULL, NULL, NULL, &error))
    {
      g_printerr ("dealscape-cli: layout failed: %s (using a placeholder layout)\n", error->message);
      ds_scene_placeholder_layout (ls, x, y);
    }
}

static char *
graph_caption (DsDate date)
{
  g_autofree char *when = ds_format_date_short (date);
  return date == DS_DATE_NONE ? g_strdup ("AI investment landscape")
                              : g_strdup_printf ("AI investment landscape, %s", when);
}

/* Sources as table rows: id, title, publisher, date, url. */
static char **
source_cells (DsLandscape *ls, guint *n_rows)
{
  GPtrArray *cells = g_ptr_array_new ();

  for (guint i = 0; i < ls->sources->len; i++)
    {
      const DsSource *s = ds_landscape_source (ls, i);
      g_ptr_array_add (cells, g_strdup (s->id));
      g_ptr_array_add (cells, g_strdup (s->title));
      g_ptr_array_add (cells, g_strdup (s->publisher ? s->publisher : ""));
      g_ptr_array_add (cells, ds_format_date_iso (s->date));
      g_ptr_array_add (cells, g_strdup (s->url ? s->url : ""));
    }
  g_ptr_array_add (cells, NULL);
  *n_rows = ls->sources->len;
  return (char **) g_ptr_array_free (cells, FALSE);
}

/* Valuation over time from the landscape's own facts (post-money of deals,
 * valuation_usd metrics); scenario overlays come with the scenario engine. */
static DsChart *
valuation_chart (DsLandscape *ls, DsIndex only, DsDate cursor)
{
  g_autoptr(DsChart) chart = ds_chart_new (DS_CHART_LINE, "Valuation over time");
  g_autoptr(GHashTable) used_sources = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GString) sources = g_string_new (NULL);
  guint colour = 0, n_points = 0;

  ds_chart_set_subtitle (chart, "Post-money valuations reported at each round (log scale); hollow points are unconfirmed");
  ds_chart_set_y_axis (chart, DS_CHART_SCALE_LOG, DS_CHART_UNIT_USD, NULL);
  if (cursor != DS_DATE_NONE)
    ds_chart_set_cursor (chart, cursor);

  for (DsIndex e = 0; e < ds_landscape_n_entities (ls); e++)
    {
      guint series = G_MAXUINT, first, n;

      if (only != DS_NONE && e != only)
        continue;
      for (guint k = 0; k < ls->deals->len; k++)
        {
          const DsDeal *d = ds_landscape_deal (ls, k);
          if (d->target != e || !ds_is_set (d->post_money_usd) || ds_deal_status_is_pending (d->status))
            continue;
          if (series == G_MAXUINT)
            series = ds_chart_add_series (chart, ds_landscape_entity (ls, e)->name, colour++, 0);
          ds_chart_add_point (chart, series, d->date, d->post_money_usd, d->confidence >= DS_CONFIDENCE_UNCONFIRMED);
          n_points++;
          if (d->source != DS_NONE)
            g_hash_table_add (used_sources, GINT_TO_POINTER (d->source + 1));
          if (d->amount_usd > 0)
            {
              g_autofree char *amount = ds_format_usd (d->amount_usd);
              g_autofree char *label = g_strdup_printf ("%s %s", amount, ds_landscape_entity (ls, d->investor)->name);
              ds_chart_add_annotation (chart, d->date, label);
            }
        }
      n = ds_landscape_metric_series (ls, e, "valuation_usd", &first);
      for (guint k = 0; k < n; k++)
        {
          const DsMetric *m = ds_landscape_metric (ls, first + k);
          if (series == G_MAXUINT)
            series = ds_chart_add_series (chart, ds_landscape_entity (ls, e)->name, colour++, 0);
          ds_chart_add_point (chart, series, m->date, m->value, m->confidence >= DS_CONFIDENCE_UNCONFIRMED);
          n_points++;
          if (m->source != DS_NONE)
            g_hash_table_add (used_sources, GINT_TO_POINTER (m->source + 1));
        }
    }
  for (guint i = 0; i < ls->sources->len; i++)
    if (g_hash_table_contains (used_sources, GINT_TO_POINTER (i + 1)))
      {
        const DsSource *s = ds_landscape_source (ls, i);
        g_autofree char *when = ds_format_date_iso (s->date);
        g_string_append_printf (sources, "%s%s (%s%s%s)", sources->len ? "; " : "", s->title,
                                s->publisher ? s->publisher : "", *when ? ", " : "", when);
      }
  ds_chart_set_sources (chart, sources->len ? sources->str : "no reported valuations");
  if (n_points == 0)
    return NULL;
  ds_chart_prepare (chart);
  return g_steal_pointer (&chart);
}

int
ds_cli_cmd_export (const DsCliGlobal *global, int argc, char **argv)
{
  g_autofree char *view = NULL, *scenario = NULL, *date_text = NULL, *company = NULL;
  g_autofree char *format_text = NULL, *theme_name = NULL, *output = NULL;
  int width = 0, height = 0;
  double scale = 1;
  GOptionEntry entries[] = {
    { "view", 0, 0, G_OPTION_ARG_STRING, &view, "What to export: graph, valuation, stakes, compute, revenue or report", "VIEW" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario, "Scenario id (charts)", "S" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, "The landscape at this date (YYYY, YYYY-MM or YYYY-MM-DD); default: everything", "D" },
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, "Entity id to focus (graph: highlight its neighbourhood)", "ID" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "png, pdf or svg (default: from the -o extension)", "FMT" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width in pixels (PNG) or points (PDF, SVG); default 1600", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Height; default 1000", "H" },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, "PNG pixel density (2 for HiDPI); default 1", "F" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_name, "light, dark or high-contrast; default light", "T" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The file to write (replaced whole, or not at all)", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsScene) scene = NULL;
  g_autofree double *x = NULL, *y = NULL;
  g_autofree char *caption = NULL;
  const DsTheme *theme;
  DsExportFormat format;
  DsDate date = DS_DATE_NONE;
  DsIndex focus = DS_NONE;
  DsSceneOptions so;
  DsRenderOptions ro;
  DsGraphPage page;
  int status;

  if (!ds_cli_parse ("export", "",
                     "Draw a view of the landscape to PNG, PDF or SVG: the same picture as the app.",
                     entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ds_cli_usage_error ("export", "unexpected argument “%s”", argv[1]);
  if (output == NULL)
    return ds_cli_usage_error ("export", "-o FILE is required");
  if (view == NULL)
    view = g_strdup ("graph");
  if (format_text)
    {
      if (!ds_export_format_from_string (format_text, &format))
        return ds_cli_usage_error ("export", "unknown format “%s” (choose png, pdf or svg)", format_text);
    }
  else if (!ds_export_format_from_path (output, &format))
    return ds_cli_usage_error ("export", "give --format png|pdf|svg (the name “%s” does not tell)", output);
  if ((theme = ds_theme_get (theme_name ? theme_name : "light")) == NULL)
    return ds_cli_usage_error ("export", "unknown theme “%s” (choose %s)", theme_name, ds_theme_choices ());
  if (width < 0 || height < 0 || width > 32767 || height > 32767)
    return ds_cli_usage_error ("export", "--width and --height must be between 1 and 32767");
  if (!(scale > 0 && scale <= 8))
    return ds_cli_usage_error ("export", "--scale must be above 0 and at most 8");
  width = width ? width : 1600;
  height = height ? height : 1000;
  if (date_text && !ds_date_parse (date_text, &date, &error))
    return ds_cli_usage_error ("export", "--date: %s", error->message);
  if (g_str_equal (view, "report") && format != DS_EXPORT_PDF)
    return ds_cli_usage_error ("export", "the report is a PDF: use --format pdf");

  if (!g_str_equal (view, "graph") && !g_str_equal (view, "report") && !g_str_equal (view, "valuation")
      && !g_str_equal (view, "stakes") && !g_str_equal (view, "compute") && !g_str_equal (view, "revenue"))
    return ds_cli_usage_error ("export", "unknown view “%s” (choose graph, valuation, stakes, compute, revenue or report)", view);
  if (g_str_equal (view, "stakes") || g_str_equal (view, "compute") || g_str_equal (view, "revenue"))
    {
      g_printerr ("dealscape-cli: the %s chart is not available yet: it needs the scenario engine. "
                  "Export --view graph, valuation or report for now.\n", view);
      return DS_EXIT_USER_ERROR;
    }
  if (scenario)
    g_printerr ("dealscape-cli: note: --scenario is not applied yet; exporting the landscape as recorded.\n");

  if ((ls = ds_cli_load_landscape (global, &store, &error)) == NULL)
    return ds_cli_fail (error);
  if (company && (focus = ds_landscape_find_entity (ls, company)) == DS_NONE)
    {
      g_printerr ("dealscape-cli: no entity “%s” in the landscape; see “dealscape-cli list entities”.\n", company);
      return DS_EXIT_USER_ERROR;
    }

  if (g_str_equal (view, "valuation"))
    {
      g_autoptr(DsChart) chart = valuation_chart (ls, focus, date);
      DsChartPage cp = { chart, theme };
      if (chart == NULL)
        {
          g_printerr ("dealscape-cli: no reported valuations%s%s; nothing to chart.\n",
                      company ? " for " : "", company ? company : "");
          return DS_EXIT_USER_ERROR;
        }
      if (!ds_export_draw (output, format, width, height, scale, ds_chart_draw_page, &cp, &error))
        return ds_cli_fail (error);
      g_print ("Exported the valuation chart to %s\n", output);
      return DS_EXIT_OK;
    }

  x = g_new (double, MAX (ds_landscape_n_entities (ls), 1));
  y = g_new (double, MAX (ds_landscape_n_entities (ls), 1));
  positions_for (store, ls, x, y);
  ds_scene_options_init (&so);
  so.node_scale = LAYOUT_NODE_SCALE;
  so.selected = focus;
  scene = ds_scene_build (ls, date, x, y, &so);

  caption = graph_caption (date);
  ds_render_options_init (&ro);
  ro.caption = caption;
  page = (DsGraphPage) { scene, theme, &ro, 30 };

  if (g_str_equal (view, "graph"))
    {
      if (!ds_export_draw (output, format, width, height, scale, ds_render_graph_page, &page, &error))
        return ds_cli_fail (error);
      g_print ("Exported the graph (%u entities, %u edges) to %s\n", scene->n_node_order, scene->n_edges, output);
      return DS_EXIT_OK;
    }

  /* The report: graph, valuation chart, then the sources over as many
   * table pages as they need. */
  {
    static const char *headers[] = { "Source", "Title", "Publisher", "Date", "Link" };
    static const double weights[] = { 1.6, 3.2, 1.6, 0.9, 2.7 };
    g_auto(GStrv) cells = NULL;
    g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (DsExportPage));
    g_autoptr(GArray) tables = NULL;
    g_autoptr(DsChart) chart = valuation_chart (ls, focus, date);
    DsChartPage cp = { chart, theme };
    guint n_rows, per_page;
    DsExportPage p = { ds_render_graph_page, &page, "Landscape" };

    g_array_append_val (pages, p);
    if (chart)
      {
        p = (DsExportPage) { ds_chart_draw_page, &cp, "Valuation over time" };
        g_array_append_val (pages, p);
      }
    cells = source_cells (ls, &n_rows);
    per_page = ds_export_table_rows_per_page (theme, height);
    tables = g_array_sized_new (FALSE, TRUE, sizeof (DsExportTable), n_rows / per_page + 1);
    for (guint first = 0; first < MAX (n_rows, 1); first += per_page)
      {
        DsExportTable t = { theme, "Sources", headers, G_N_ELEMENTS (headers), weights,
                            (const char *const *) cells, n_rows, first,
                            "Every fact in Dealscape carries one of these sources and a confidence level." };
        g_array_append_val (tables, t);
      }
    /* Pointers into `tables` are taken only now that it stops growing. */
    for (guint i = 0; i < tables->len; i++)
      {
        p = (DsExportPage) { ds_export_table_page, &g_array_index (tables, DsExportTable, i), i == 0 ? "Sources" : NULL };
        g_array_append_val (pages, p);
      }
    if (!ds_export_report_pdf (output, "Dealscape report", (DsExportPage *) pages->data, pages->len,
                               width, height, &error))
      return ds_cli_fail (error);
    g_print ("Exported the report (%u pages) to %s\n", pages->len, output);
  }
  return DS_EXIT_OK;
}
