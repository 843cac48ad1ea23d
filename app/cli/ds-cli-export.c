/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-export.c: `dealscape-cli export`: the graph at a date, charts and
 * the PDF report, through the same renderer the app draws with. */
#define G_LOG_DOMAIN "ds-cli-export"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ds-chart-data.h"
#include "ds-chart.h"
#include "ds-scenario.h"
#include "ds-cli-commands.h"
#include "ds-export.h"
#include "ds-format.h"
#include "ds-frame-scene.h"
#include "ds-graph.h"
#include "ds-layout.h"
#include "ds-render.h"
#include "ds-replay.h"
#include "ds-scene.h"
#include "ds-diff-overlay.h"
#include "ds-scenario-diff.h"
#include "ds-video-export.h"

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
  if (!ds_layout_landscape (ls, LAYOUT_NODE_SCALE, x, y, n_known > 0 ? known : NULL, &error))
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

/* Comma lists and repeated options as one list: "a,b" "c" -> a, b, c. */
static GPtrArray *
split_list (char **values)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; values && values[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (values[i], ",", -1);
      for (guint k = 0; parts[k]; k++)
        {
          g_strstrip (parts[k]);
          if (*parts[k])
            g_ptr_array_add (out, g_strdup (parts[k]));
        }
    }
  return out;
}

typedef struct {
  DsChart    *chart;
  DsChartPage page;
} ReportChart;

static void
report_chart_free (gpointer data)
{
  ReportChart *rc = data;
  ds_chart_free (rc->chart);
  g_free (rc);
}

/* A chart page of the report; a chart with nothing to show is left out
 * with a note rather than failing the whole report. */
static void
report_add_chart (GPtrArray *charts, GArray *pages, DsChart *chart, GError *error,
                  const DsTheme *theme, const char *title)
{
  ReportChart *rc;
  DsExportPage p;

  if (chart == NULL)
    {
      g_printerr ("dealscape-cli: report: leaving out “%s”: %s\n", title, error ? error->message : "no data");
      g_clear_error (&error);
      return;
    }
  rc = g_new0 (ReportChart, 1);
  rc->chart = chart;
  rc->page = (DsChartPage) { chart, theme };
  g_ptr_array_add (charts, rc);
  p = (DsExportPage) { ds_chart_draw_page, &rc->page, title };
  g_array_append_val (pages, p);
}

/* The latest date a deal of the view is announced or closes: the frame the
 * circles view shows when no --to is given. */
static DsDate
latest_deal_date (const DsScenarioView *view)
{
  DsDate latest = DS_DATE_NONE;

  for (guint k = 0; k < view->deals->len; k++)
    {
      const DsDeal *d = ds_scenario_view_deal (view, k);
      latest = MAX (latest, ds_date_last_day (MAX (d->date, d->close_date)));
    }
  return latest != DS_DATE_NONE ? latest : ds_date_today ();
}

static char *
circles_caption (DsLandscape *ls, DsIndex scenario, const DsCycleOptions *opts)
{
  g_autofree char *from = ds_format_date_short (opts->from), *to = ds_format_date_short (opts->to);
  g_autofree char *range = opts->from == DS_DATE_NONE && opts->to == DS_DATE_NONE ? g_strdup ("")
                           : opts->from == DS_DATE_NONE ? g_strdup_printf (", deals to %s", to)
                           : opts->to == DS_DATE_NONE ? g_strdup_printf (", deals from %s", from)
                           : g_strdup_printf (", deals %s to %s", from, to);

  return g_strdup_printf ("Circular flows of money%s%s%s", range, scenario == DS_NONE ? "" : ", scenario ",
                          scenario == DS_NONE ? "" : ds_landscape_scenario (ls, scenario)->name);
}

/* The circles view: the graph at the end of the range under the scenario
 * (its hypothetical deals included), the deals of the cycles lit and the
 * rest dimmed, and the cycles listed in a panel; all of it worked out here,
 * so the renderer only draws. */
static int
export_circles (DsStore *store, DsLandscape *ls, DsIndex scenario, const DsCycleOptions *opts,
                const char *output, DsExportFormat format, int width, int height, double scale,
                const DsTheme *theme)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsReplay) replay = NULL;
  g_autoptr(DsCycles) cycles = NULL;
  g_autoptr(DsFrameSnapshot) snapshot = NULL;
  g_autoptr(DsScene) scene = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *x = NULL, *y = NULL;
  g_autofree guint8 *deal_lit = NULL;
  g_autofree char *caption = NULL, *title = NULL;
  const DsScenarioView *view;
  DsSceneOptions so;
  DsRenderOptions ro;
  DsGraphPage page;
  guint n_lit = 0;

  if ((replay = ds_replay_new (ls, scenario, &error)) == NULL)
    return ds_cli_fail (error);
  view = ds_replay_get_view (replay);
  /* The replay's view, so that deal indices are the scene's. */
  if ((cycles = ds_cycles_find_in_view (view, opts, &error)) == NULL)
    return ds_cli_fail (error);
  snapshot = ds_frame_snapshot_new (view, ds_replay_seek (replay, opts->to != DS_DATE_NONE ? ds_date_last_day (opts->to)
                                                                                            : latest_deal_date (view)));

  x = g_new (double, MAX (ds_landscape_n_entities (ls), 1));
  y = g_new (double, MAX (ds_landscape_n_entities (ls), 1));
  positions_for (store, ls, x, y);
  ds_scene_options_init (&so);
  so.node_scale = LAYOUT_NODE_SCALE;
  so.deals_from = opts->from;
  so.deals_to = opts->to;
  scene = ds_frame_scene_build (ls, snapshot, x, y, &so);
  deal_lit = g_new (guint8, MAX (view->deals->len, 1));
  /* With nothing to light, the landscape is shown as it is, not all dimmed. */
  if (cycles->n_cycles > 0)
    {
      ds_cycles_mark_deals (cycles, deal_lit, NULL);
      ds_scene_set_highlight (scene, deal_lit, view->deals->len);
      for (guint e = 0; e < scene->n_edges; e++)
        n_lit += scene->edge_lit[e];
    }

  for (guint i = 0; i < cycles->n_cycles; i++)
    {
      g_autofree char *summary = ds_cycles_describe (cycles, i);
      g_ptr_array_add (lines, g_strdup_printf ("%u. %s", i + 1, summary));
    }
  title = cycles->n_cycles == 0 ? g_strdup_printf ("No cycles of up to %u edges", opts->max_length)
          : cycles->truncated ? g_strdup_printf ("The first %u cycles to close (limit reached)", cycles->n_cycles)
          : g_strdup_printf ("%u cycle%s of up to %u edges", cycles->n_cycles, cycles->n_cycles == 1 ? "" : "s",
                             opts->max_length);
  if (cycles->n_cycles == 0)
    g_ptr_array_add (lines, g_strdup ("No deals of the range come back round."));
  caption = circles_caption (ls, scenario, opts);
  ds_render_options_init (&ro);
  ro.caption = caption;
  ro.list_title = title;
  ro.list_lines = (const char *const *) lines->pdata;
  ro.n_list_lines = lines->len;
  page = (DsGraphPage) { scene, theme, &ro, 30 };
  if (!ds_export_draw (output, format, width, height, scale, ds_render_graph_page, &page, &error))
    return ds_cli_fail (error);
  ds_cli_cycles_report_cuts (cycles, opts, stderr);
  g_print ("Exported the circles view (%u cycles, %u of %u edges lit) to %s\n", cycles->n_cycles, n_lit,
           scene->n_edges, output);
  return DS_EXIT_OK;
}

/* A side of --diff: "base" is the document's base scenario when it has one,
 * else the landscape; "landscape" is no scenario. */
static gboolean
diff_side (DsLandscape *ls, const char *name, DsIndex *out, GError **error)
{
  if (g_ascii_strcasecmp (name, "base") == 0 || g_ascii_strcasecmp (name, "landscape") == 0)
    {
      *out = g_ascii_strcasecmp (name, "base") == 0 ? ds_landscape_find_scenario (ls, "base") : DS_NONE;
      return TRUE;
    }
  if ((*out = ds_scenario_lookup (ls, name, error)) == DS_NONE)
    {
      g_prefix_error (error, "--diff: ");
      return FALSE;
    }
  return TRUE;
}

/* --view graph --diff A B: scenario B's graph at the date with what
 * changed from A marked; --view table --diff A B: the diff's table, over
 * as many PDF pages as it needs (PNG and SVG: the first page). */
static int
export_diff (DsStore *store, DsLandscape *ls, const char *view, const char *name_a, const char *name_b,
             DsDate date, const char *output, DsExportFormat format, int width, int height, double scale,
             const DsTheme *theme)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsScenarioDiff) diff = NULL;
  DsIndex a, b;

  if (!diff_side (ls, name_a, &a, &error) || !diff_side (ls, name_b, &b, &error))
    return ds_cli_fail (error);
  if ((diff = ds_scenario_diff_new (ls, a, b, date, &error)) == NULL)
    return ds_cli_fail (error);

  if (g_str_equal (view, "graph"))
    {
      g_autoptr(DsScene) scene = NULL;
      g_autoptr(DsDiffOverlay) overlay = NULL;
      g_autofree double *x = g_new (double, MAX (ds_landscape_n_entities (ls), 1));
      g_autofree double *y = g_new (double, MAX (ds_landscape_n_entities (ls), 1));
      /* The overlay's legend names the two scenarios. */
      g_autofree char *title = ds_scenario_diff_title (diff);
      g_autofree char *caption = graph_caption (diff->date);
      DsSceneOptions so;
      DsRenderOptions ro;
      DsGraphPage page;

      positions_for (store, ls, x, y);
      ds_scene_options_init (&so);
      so.node_scale = LAYOUT_NODE_SCALE;
      scene = ds_diff_scene_build (diff, NULL, x, y, &so, &overlay);
      ds_render_options_init (&ro);
      ro.caption = caption;
      ro.diff_overlay = overlay;
      page = (DsGraphPage) { scene, theme, &ro, 30 };
      if (!ds_export_draw (output, format, width, height, scale, ds_render_graph_page, &page, &error))
        return ds_cli_fail (error);
      g_print ("Exported the graph of %s (%u added, %u removed, %u changed, %u thresholds crossed) to %s\n",
               title, diff->n_added, diff->n_removed, diff->n_changed, diff->thresholds->len, output);
      return DS_EXIT_OK;
    }

  {
    static const double weights[] = { 1.3, 2.2, 1.6, 1.6, 1.2, 1.1, 1.1 };
    g_auto(GStrv) cells = NULL;
    g_autoptr(GArray) tables = g_array_new (FALSE, TRUE, sizeof (DsExportTable));
    g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (DsExportPage));
    g_autofree char *names = ds_scenario_diff_title (diff), *when = ds_format_date_short (diff->date);
    g_autofree char *title = g_strdup_printf ("%s, %s", names, when);
    guint n_rows, per_page = ds_export_table_rows_per_page (theme, height);
    const char *footnote = "Added: shown under B, not under A; removed: under A only; changed: the deal's terms differ. "
                           "Stakes: fractions of the company under each scenario at the date.";

    cells = ds_scenario_diff_cells (diff, &n_rows, NULL, NULL);
    for (guint first = 0; first < MAX (n_rows, 1); first += MAX (per_page, 1))
      {
        DsExportTable t = { theme, title, (const char *const *) ds_scenario_diff_headers (), DS_SCENARIO_DIFF_N_COLUMNS,
                            weights, (const char *const *) cells, n_rows, first, footnote };
        g_array_append_val (tables, t);
      }
    for (guint i = 0; i < tables->len; i++)
      {
        DsExportTable *t = &g_array_index (tables, DsExportTable, i);
        DsExportPage p = { ds_export_table_page, t, i == 0 ? title : NULL };
        g_array_append_val (pages, p);
      }
    if (format == DS_EXPORT_PDF)
      {
        if (!ds_export_report_pdf (output, title, (DsExportPage *) pages->data, pages->len, width, height, &error))
          return ds_cli_fail (error);
      }
    else
      {
        if (tables->len > 1)
          g_printerr ("dealscape-cli: the diff has %u rows, %u fit on one %s page; export a PDF for all of them\n",
                      n_rows, per_page, ds_export_format_to_string (format));
        if (!ds_export_draw (output, format, width, height, scale, ds_export_table_page,
                             &g_array_index (tables, DsExportTable, 0), &error))
          return ds_cli_fail (error);
      }
    g_print ("Exported the table of %s (%u rows, %u page%s) to %s\n", names, n_rows,
             format == DS_EXPORT_PDF ? tables->len : 1, format == DS_EXPORT_PDF && tables->len != 1 ? "s" : "", output);
  }
  return DS_EXIT_OK;
}

/* "frame 12 of 60" rewritten in place on a terminal; nothing in a pipe. */
static void
video_progress (guint frame, guint n_frames, gpointer user_data)
{
  g_printerr ("\rdealscape-cli: frame %u of %u", frame, n_frames);
  if (frame == n_frames)
    g_printerr ("\n");
}

/* The replay as a video: laid out once, every frame drawn by the graph
 * renderer and encoded by GStreamer (ds-video-export.h). */
static int
export_replay (DsStore *store, DsLandscape *ls, DsIndex scenario, DsDate from, DsDate to, DsReplayStep step,
               DsVideoFormat format, int width, int height, int fps, gboolean no_labels, const char *output,
               const DsTheme *theme)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsVideoExport) video = NULL;
  g_autofree double *x = NULL, *y = NULL;
  DsVideoOptions vo;
  DsVideoStats stats;

  x = g_new (double, MAX (ds_landscape_n_entities (ls), 1));
  y = g_new (double, MAX (ds_landscape_n_entities (ls), 1));
  positions_for (store, ls, x, y);
  ds_video_options_init (&vo);
  vo.scenario = scenario;
  vo.from = from;
  vo.to = to;
  vo.step = step;
  vo.format = format;
  vo.width = width ? width : DS_VIDEO_DEFAULT_WIDTH;
  vo.height = height ? height : DS_VIDEO_DEFAULT_HEIGHT;
  vo.fps = fps ? fps : DS_VIDEO_DEFAULT_FPS;
  vo.theme = theme;
  vo.x = x;
  vo.y = y;
  vo.node_scale = LAYOUT_NODE_SCALE;
  vo.no_labels = no_labels;
  if ((video = ds_video_export_new (ls, &vo, &error)) == NULL)
    {
      if (g_error_matches (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_INVALID))
        return ds_cli_usage_error ("export", "%s", error->message);
      return ds_cli_fail (error);
    }
  if (!ds_video_export_run (video, output, isatty (STDERR_FILENO) ? video_progress : NULL, NULL, NULL, &stats, &error))
    return ds_cli_fail (error);
  g_print ("Exported the replay (%u frames at %d a second, %.1f s of video, %d × %d %s) to %s in %.1f s\n",
           stats.n_frames, vo.fps, (double) stats.n_frames / vo.fps, vo.width, vo.height,
           ds_video_format_to_string (format), output, stats.total_seconds);
  return DS_EXIT_OK;
}

int
ds_cli_cmd_export (const DsCliGlobal *global, int argc, char **argv)
{
  g_autofree char *view = NULL, *date_text = NULL, *from_text = NULL, *to_text = NULL;
  g_autofree char *format_text = NULL, *theme_name = NULL, *output = NULL, *quantity_text = NULL;
  g_autofree char *scale_text = NULL, *step_text = NULL;
  g_auto(GStrv) scenario_args = NULL, company_args = NULL, exclude = NULL, diff_args = NULL;
  g_autoptr(GPtrArray) diff_ids = NULL;
  int width = 0, height = 0, max_length = 0, limit = DS_CLI_CYCLES_NO_LIMIT_GIVEN;
  gboolean closed_only = FALSE, no_group = FALSE, no_labels = FALSE, replay = FALSE;
  int fps = 0;
  double scale = 1;
  GOptionEntry entries[] = {
    { "view", 0, 0, G_OPTION_ARG_STRING, &view, "What to export: graph, circles, valuation, stakes, compute, revenue or report; with --diff, graph or table", "VIEW" },
    { "diff", 0, 0, G_OPTION_ARG_STRING_ARRAY, &diff_args, "Compare two scenarios: --diff A B (or A,B); graph: B's graph with A's differences marked, table: the list of differences (A or B may be base)", "A B" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING_ARRAY, &scenario_args, "Scenario id (default: base); repeat or give a comma list to overlay scenarios on the charts", "S" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, "The graph at this date and the charts' cursor (YYYY, YYYY-MM or YYYY-MM-DD); default: everything", "D" },
    { "company", 0, 0, G_OPTION_ARG_STRING_ARRAY, &company_args, "Entity id: graph: highlight it; valuation, revenue: the companies (repeat or comma list); stakes: the company (required); compute: the data center(s); report: the stakes company", "ID" },
    { "quantity", 0, 0, G_OPTION_ARG_STRING, &quantity_text, "compute: power, accelerators, flops (effective FLOP/s) or flop (cumulative, with GPT-4 multiples); default power", "Q" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, "Charts start here; default: the month of the first deal of the charted entities. circles: deals announced from this date", "D" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, "Charts end here; default Dec 2027. circles: deals announced up to this date, and the graph then", "D" },
    { "max-length", 0, 0, G_OPTION_ARG_INT, &max_length, "circles: longest cycle in edges (2 to 12; default 6)", "N" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "circles: at most N cycles, the earliest first (default 1000; 0: all)", "N" },
    { "closed-only", 0, 0, G_OPTION_ARG_NONE, &closed_only, "circles: only closed deals make cycles", NULL },
    { "no-group", 0, 0, G_OPTION_ARG_NONE, &no_group, "circles: keep entities apart from their parents", NULL },
    { "exclude-instrument", 0, 0, G_OPTION_ARG_STRING_ARRAY, &exclude, "circles: leave out deals of these instruments", "I,..." },
    { "y-scale", 0, 0, G_OPTION_ARG_STRING, &scale_text, "valuation, revenue: log (default) or linear y axis", "log|linear" },
    { "replay", 0, 0, G_OPTION_ARG_NONE, &replay, "graph: the replay from --from to --to as a video (webm, mp4 or gif), one frame per --step", NULL },
    { "step", 0, 0, G_OPTION_ARG_STRING, &step_text, "--replay: month (default), quarter or year", "STEP" },
    { "fps", 0, 0, G_OPTION_ARG_INT, &fps, "--replay: frames (dates) a second, 1 to 60; default 2", "N" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "png, pdf or svg; with --replay webm, mp4 or gif (default: from the -o extension)", "FMT" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width in pixels (PNG, video) or points (PDF, SVG); default 1600 (video 1920)", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Height; default 1000 (video 1080)", "H" },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, "PNG pixel density (2 for HiDPI); default 1", "F" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_name, "light, dark or high-contrast; default light", "T" },
    { "no-labels", 0, 0, G_OPTION_ARG_NONE, &no_labels, "graph: no names of nodes and deals but the --company one (labels never overlap either way)", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The file to write (replaced whole, or not at all)", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsScene) scene = NULL;
  g_autoptr(GPtrArray) scenario_ids = NULL, company_ids = NULL;
  g_autoptr(GArray) scenarios = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  g_autoptr(GArray) companies = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  g_autofree double *x = NULL, *y = NULL;
  g_autofree char *caption = NULL;
  const DsTheme *theme;
  DsExportFormat format = DS_EXPORT_PNG;
  DsVideoFormat video_format = DS_VIDEO_WEBM;
  DsReplayStep step = DS_REPLAY_STEP_MONTH;
  DsDate date = DS_DATE_NONE;
  DsIndex focus = DS_NONE;
  DsComputeQuantity quantity = DS_COMPUTE_QUANTITY_POWER;
  DsChartDataOptions co;
  DsSceneOptions so;
  DsRenderOptions ro;
  DsGraphPage page;
  DsCycleOptions cycle_opts;
  gboolean is_chart;
  int status;

  if (!ds_cli_parse ("export", "",
                     "Draw a view of the landscape to PNG, PDF or SVG: the same picture as the app;\n"
                     "with --replay, the graph's replay as a WebM, MP4 or GIF video.",
                     entries, &argc, &argv, &status))
    return status;
  diff_ids = split_list (diff_args);
  /* --diff A B: B is left over as an argument. */
  if (diff_ids->len == 1 && argc == 2)
    {
      g_ptr_array_add (diff_ids, g_strdup (argv[1]));
      argc--;
    }
  if (argc > 1)
    return ds_cli_usage_error ("export", "unexpected argument “%s”", argv[1]);
  if (output == NULL)
    return ds_cli_usage_error ("export", "-o FILE is required");
  if (view == NULL)
    view = g_strdup ("graph");
  if (diff_args != NULL && diff_ids->len != 2)
    return ds_cli_usage_error ("export", "--diff takes two scenarios: --diff A B (or --diff A,B)");
  if (diff_args != NULL && !g_str_equal (view, "graph") && !g_str_equal (view, "table"))
    return ds_cli_usage_error ("export", "--diff is for --view graph or --view table, not %s", view);
  if (diff_args == NULL && g_str_equal (view, "table"))
    return ds_cli_usage_error ("export", "--view table is the table of a scenario diff: give --diff A B");
  if (diff_args != NULL && (scenario_args || company_args))
    return ds_cli_usage_error ("export", "--diff names its two scenarios itself: leave out --scenario and --company");
  if (diff_args != NULL && replay)
    return ds_cli_usage_error ("export", "--diff and --replay do not go together: a comparison is at one date (--date)");
  if (replay)
    {
      if (!g_str_equal (view, "graph"))
        return ds_cli_usage_error ("export", "--replay is for --view graph (the video replays the graph)");
      if (format_text)
        {
          if (!ds_video_format_from_string (format_text, &video_format))
            return ds_cli_usage_error ("export", "unknown video format “%s” (choose webm, mp4 or gif)", format_text);
        }
      else if (!ds_video_format_from_path (output, &video_format))
        return ds_cli_usage_error ("export", "give --format webm|mp4|gif (the name “%s” does not tell)", output);
      if (from_text == NULL || to_text == NULL)
        return ds_cli_usage_error ("export", "--replay needs --from and --to (the first and the last date of the video)");
      if (step_text && !ds_replay_step_parse (step_text, &step))
        return ds_cli_usage_error ("export", "unknown --step “%s” (choose month, quarter or year)", step_text);
      if (step != DS_REPLAY_STEP_MONTH && step != DS_REPLAY_STEP_QUARTER && step != DS_REPLAY_STEP_YEAR)
        return ds_cli_usage_error ("export", "--step %s is too fine for a video (choose month, quarter or year)", step_text);
      if (date_text || company_args || scale != 1)
        return ds_cli_usage_error ("export", "--replay takes --from and --to, not --date, --company or --scale");
      if (fps < 0 || fps > 60)
        return ds_cli_usage_error ("export", "--fps must be between 1 and 60");
    }
  else if (step_text || fps)
    return ds_cli_usage_error ("export", "--step and --fps are for --replay");
  else if (format_text && ds_video_format_from_string (format_text, &video_format))
    return ds_cli_usage_error ("export", "--format %s is a video: add --replay --from D --to D", format_text);
  if (replay)
    format = DS_EXPORT_PNG;  /* unused: the video's format is video_format */
  else if (format_text)
    {
      if (!ds_export_format_from_string (format_text, &format))
        return ds_cli_usage_error ("export", "unknown format “%s” (choose png, pdf or svg)", format_text);
    }
  else if (!ds_export_format_from_path (output, &format))
    {
      if (ds_video_format_from_path (output, &video_format))
        return ds_cli_usage_error ("export", "“%s” is a video: add --replay --from D --to D", output);
      return ds_cli_usage_error ("export", "give --format png|pdf|svg (the name “%s” does not tell)", output);
    }
  if ((theme = ds_theme_get (theme_name ? theme_name : "light")) == NULL)
    return ds_cli_usage_error ("export", "unknown theme “%s” (choose %s)", theme_name, ds_theme_choices ());
  if (width < 0 || height < 0 || width > 32767 || height > 32767)
    return ds_cli_usage_error ("export", "--width and --height must be between 1 and 32767");
  if (!(scale > 0 && scale <= 8))
    return ds_cli_usage_error ("export", "--scale must be above 0 and at most 8");
  if (!replay)
    {
      width = width ? width : 1600;
      height = height ? height : 1000;
    }
  ds_chart_data_options_init (&co);
  if (date_text && !ds_date_parse (date_text, &date, &error))
    return ds_cli_usage_error ("export", "--date: %s", error->message);
  if (from_text && !ds_date_parse (from_text, &co.from, &error))
    return ds_cli_usage_error ("export", "--from: %s", error->message);
  if (to_text && !ds_date_parse (to_text, &co.to, &error))
    return ds_cli_usage_error ("export", "--to: %s", error->message);
  if (quantity_text && !ds_compute_quantity_parse (quantity_text, &quantity))
    return ds_cli_usage_error ("export", "unknown --quantity “%s” (choose power, accelerators, flops or flop)", quantity_text);
  if (scale_text && !g_str_equal (scale_text, "log") && !g_str_equal (scale_text, "linear"))
    return ds_cli_usage_error ("export", "unknown --y-scale “%s” (choose log or linear)", scale_text);
  co.log_scale = scale_text == NULL || g_str_equal (scale_text, "log");
  co.cursor = date;
  if (g_str_equal (view, "report") && format != DS_EXPORT_PDF)
    return ds_cli_usage_error ("export", "the report is a PDF: use --format pdf");

  if (!g_str_equal (view, "graph") && !g_str_equal (view, "report") && !g_str_equal (view, "valuation")
      && !g_str_equal (view, "stakes") && !g_str_equal (view, "compute") && !g_str_equal (view, "revenue")
      && !g_str_equal (view, "circles") && !g_str_equal (view, "table"))
    return ds_cli_usage_error ("export", "unknown view “%s” (choose graph, circles, valuation, stakes, compute, revenue or report)", view);
  is_chart = !g_str_equal (view, "graph") && !g_str_equal (view, "report") && !g_str_equal (view, "circles")
             && !g_str_equal (view, "table");
  if (!g_str_equal (view, "circles")
      && (max_length || limit != DS_CLI_CYCLES_NO_LIMIT_GIVEN || closed_only || no_group || exclude))
    return ds_cli_usage_error ("export", "--max-length, --limit, --closed-only, --no-group and --exclude-instrument are for --view circles");
  if (g_str_equal (view, "circles") && (date_text || company_args))
    return ds_cli_usage_error ("export", "--view circles takes --from and --to, not --date or --company");
  if (g_str_equal (view, "circles")
      && !ds_cli_cycle_options ("export", co.from, co.to, max_length, limit, closed_only, no_group, exclude,
                                &cycle_opts, &status))
    return status;
  scenario_ids = split_list (scenario_args);
  company_ids = split_list (company_args);
  if (g_str_equal (view, "stakes") && company_ids->len == 0)
    return ds_cli_usage_error ("export", "--view stakes needs --company ID (the company whose cap table to chart)");
  if ((g_str_equal (view, "stakes") || g_str_equal (view, "graph") || g_str_equal (view, "report"))
      && company_ids->len > 1)
    return ds_cli_usage_error ("export", "--view %s takes one --company", view);
  if ((g_str_equal (view, "stakes") || g_str_equal (view, "graph") || g_str_equal (view, "circles"))
      && scenario_ids->len > 1)
    return ds_cli_usage_error ("export", "--view %s takes one --scenario (overlays are for valuation, compute and revenue)", view);
  if (quantity_text && !g_str_equal (view, "compute"))
    return ds_cli_usage_error ("export", "--quantity is for --view compute");

  if ((ls = ds_cli_load_landscape (global, &store, &error)) == NULL)
    return ds_cli_fail (error);
  for (guint i = 0; i < company_ids->len; i++)
    {
      DsIndex e = ds_landscape_find_entity (ls, company_ids->pdata[i]);
      if (e == DS_NONE)
        {
          g_printerr ("dealscape-cli: --company: no entity “%s” in the landscape; see “dealscape-cli list entities”.\n",
                      (char *) company_ids->pdata[i]);
          return DS_EXIT_USER_ERROR;
        }
      g_array_append_val (companies, e);
    }
  focus = companies->len ? g_array_index (companies, DsIndex, 0) : DS_NONE;
  for (guint i = 0; i < scenario_ids->len; i++)
    {
      DsIndex sc = ds_scenario_lookup (ls, scenario_ids->pdata[i], &error);
      if (sc == DS_NONE)
        {
          g_prefix_error (&error, "--scenario: ");
          return ds_cli_fail (error);
        }
      g_array_append_val (scenarios, sc);
    }
  if (scenarios->len == 0)
    {
      /* The base scenario writes the modelling defaults out; without it, the defaults. */
      DsIndex sc = ds_landscape_find_scenario (ls, "base");
      g_array_append_val (scenarios, sc);
    }

  if (diff_args != NULL)
    return export_diff (store, ls, view, diff_ids->pdata[0], diff_ids->pdata[1], date, output, format, width, height,
                        scale, theme);
  if (replay)
    {
      /* co.from and co.to hold the parsed --from and --to. */
      return export_replay (store, ls, g_array_index (scenarios, DsIndex, 0), co.from, co.to, step, video_format,
                            width, height, fps, no_labels, output, theme);
    }

  if (g_str_equal (view, "circles"))
    {
      return export_circles (store, ls, g_array_index (scenarios, DsIndex, 0), &cycle_opts, output, format,
                             width, height, scale, theme);
    }

  if (is_chart)
    {
      g_autoptr(DsChart) chart = NULL;
      DsChartPage cp;
      const DsIndex *sv = (DsIndex *) scenarios->data, *cv = (DsIndex *) companies->data;

      if (g_str_equal (view, "valuation"))
        chart = ds_chart_data_valuation (ls, sv, scenarios->len, cv, companies->len, &co, &error);
      else if (g_str_equal (view, "revenue"))
        chart = ds_chart_data_revenue (ls, sv, scenarios->len, cv, companies->len, &co, &error);
      else if (g_str_equal (view, "stakes"))
        chart = ds_chart_data_stakes (ls, sv[0], focus, &co, &error);
      else
        chart = ds_chart_data_compute (ls, sv, scenarios->len, cv, companies->len, quantity, &co, &error);
      if (chart == NULL)
        return ds_cli_fail (error);
      cp = (DsChartPage) { chart, theme };
      if (!ds_export_draw (output, format, width, height, scale, ds_chart_draw_page, &cp, &error))
        return ds_cli_fail (error);
      g_print ("Exported the %s chart to %s\n", view, output);
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
  /* The highlighted entity is named first, whatever its size. */
  ro.priority_node = focus != DS_NONE ? (gint32) focus : -1;
  ro.show_labels = ro.show_edge_labels = !no_labels;
  page = (DsGraphPage) { scene, theme, &ro, 30 };

  if (g_str_equal (view, "graph"))
    {
      if (!ds_export_draw (output, format, width, height, scale, ds_render_graph_page, &page, &error))
        return ds_cli_fail (error);
      g_print ("Exported the graph (%u entities, %u edges) to %s\n", scene->n_node_order, scene->n_edges, output);
      return DS_EXIT_OK;
    }

  /* The report: graph, valuation, stakes, compute, revenue, then the
   * assumptions and the sources over as many table pages as they need. */
  {
    static const char *src_headers[] = { "Source", "Title", "Publisher", "Date", "Link" };
    static const double src_weights[] = { 1.6, 3.2, 1.6, 0.9, 2.7 };
    static const char *as_headers[] = { "Assumption", "Value", "Unit", "Set by" };
    static const double as_weights[] = { 2.4, 3.6, 1.3, 1.4 };
    g_auto(GStrv) src_cells = NULL, as_cells = NULL;
    g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (DsExportPage));
    g_autoptr(GArray) tables = NULL;
    g_autoptr(GPtrArray) charts = g_ptr_array_new_with_free_func (report_chart_free);
    g_autofree char *as_title = NULL, *stakes_title = NULL;
    const DsIndex *sv = (DsIndex *) scenarios->data;
    DsIndex stakes_company = focus != DS_NONE ? focus : ds_chart_data_busiest_company (ls);
    guint n_src, n_as, per_page;
    GError *chart_error = NULL;
    DsExportPage p = { ds_render_graph_page, &page, "Landscape" };

    g_array_append_val (pages, p);
    report_add_chart (charts, pages, ds_chart_data_valuation (ls, sv, scenarios->len, NULL, 0, &co, &chart_error),
                      chart_error, theme, "Valuation over time");
    chart_error = NULL;
    if (stakes_company != DS_NONE)
      {
        stakes_title = g_strdup_printf ("Who owns %s", ds_landscape_entity (ls, stakes_company)->name);
        report_add_chart (charts, pages, ds_chart_data_stakes (ls, sv[0], stakes_company, &co, &chart_error),
                          chart_error, theme, stakes_title);
        chart_error = NULL;
      }
    report_add_chart (charts, pages, ds_chart_data_compute (ls, sv, scenarios->len, NULL, 0, DS_COMPUTE_QUANTITY_POWER, &co, &chart_error),
                      chart_error, theme, "Data center power online");
    chart_error = NULL;
    report_add_chart (charts, pages, ds_chart_data_compute (ls, sv, scenarios->len, NULL, 0, DS_COMPUTE_QUANTITY_CUMULATIVE_FLOP, &co, &chart_error),
                      chart_error, theme, "Training compute delivered");
    chart_error = NULL;
    report_add_chart (charts, pages, ds_chart_data_revenue (ls, sv, scenarios->len, NULL, 0, &co, &chart_error),
                      chart_error, theme, "Revenue run-rate");

    if ((as_cells = ds_chart_data_assumption_cells (ls, sv[0], &n_as, &error)) == NULL)
      return ds_cli_fail (error);
    as_title = g_strdup_printf ("Assumptions of scenario %s", sv[0] == DS_NONE ? "defaults" : ds_landscape_scenario (ls, sv[0])->name);
    src_cells = source_cells (ls, &n_src);
    per_page = ds_export_table_rows_per_page (theme, height);
    tables = g_array_sized_new (FALSE, TRUE, sizeof (DsExportTable), n_as / per_page + n_src / per_page + 2);
    for (guint first = 0; first < MAX (n_as, 1); first += per_page)
      {
        DsExportTable t = { theme, as_title, as_headers, G_N_ELEMENTS (as_headers), as_weights,
                            (const char *const *) as_cells, n_as, first,
                            "“default”: the value built into Dealscape; “set by”: the scenario of the chain that sets it." };
        g_array_append_val (tables, t);
      }
    for (guint first = 0; first < MAX (n_src, 1); first += per_page)
      {
        DsExportTable t = { theme, "Sources", src_headers, G_N_ELEMENTS (src_headers), src_weights,
                            (const char *const *) src_cells, n_src, first,
                            "Every fact in Dealscape carries one of these sources and a confidence level." };
        g_array_append_val (tables, t);
      }
    /* Pointers into `tables` are taken only now that it stops growing. */
    for (guint i = 0; i < tables->len; i++)
      {
        DsExportTable *t = &g_array_index (tables, DsExportTable, i);
        p = (DsExportPage) { ds_export_table_page, t, t->first_row == 0 ? t->title : NULL };
        g_array_append_val (pages, p);
      }
    if (!ds_export_report_pdf (output, "Dealscape report", (DsExportPage *) pages->data, pages->len,
                               width, height, &error))
      return ds_cli_fail (error);
    g_print ("Exported the report (%u pages) to %s\n", pages->len, output);
  }
  return DS_EXIT_OK;
}
