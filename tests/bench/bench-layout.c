/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-layout.c: time and normalized stress of our layout on the funding-
 * shaped graph against Graphviz sfdp and igraph's Fruchterman-Reingold. */
#define G_LOG_DOMAIN "bench-layout"

#include "config.h"


#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#if defined(__has_include)
#if __has_include(<igraph.h>)
#include <igraph.h>
#define HAVE_IGRAPH 1
#endif
#endif

#include "ds-bench-graph.h"
#include "ds-dataset.h"
#include "ds-force-sim.h"
#include "ds-graph.h"
#include "ds-layout.h"
#include "ds-store.h"
#include "ds-stress.h"

static double   opt_scale = 1.0;
static int      opt_seed = 1;
static int      opt_layout_seed = -1;
static gboolean opt_peers = FALSE;
static char    *opt_out = NULL;
static int      opt_tick_nodes = 10000;
static gboolean opt_points_only = FALSE;
static gboolean opt_series = FALSE;
static char    *opt_document = NULL;
static int      opt_measure_seeds = 1;
static gboolean opt_no_sfdp = FALSE;

static GOptionEntry entries[] = {
  { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &opt_scale, "Size of the graph, 1.0 = 38,000 nodes and 64,000 edges", "S" },
  { "seed", 0, 0, G_OPTION_ARG_INT, &opt_seed, "Seed of the generator and the layout", "N" },
  { "layout-seed", 0, 0, G_OPTION_ARG_INT, &opt_layout_seed, "Seed of the layout only (default: --seed), to see the spread over layout seeds on one graph", "N" },
  { "peers", 0, 0, G_OPTION_ARG_NONE, &opt_peers, "Also run Graphviz sfdp and igraph FR (sfdp takes minutes at full size)", NULL },
  { "out", 0, 0, G_OPTION_ARG_FILENAME, &opt_out, "Write our positions as TSV (id, x, y, component) here", "FILE" },
  { "points-only", 0, 0, G_OPTION_ARG_NONE, &opt_points_only, "Skip the overlap-free layout (--out then writes the points layout)", NULL },
  { "series", 0, 0, G_OPTION_ARG_NONE, &opt_series, "Only the growth series: the graphs of 80k, 250k and 1M deals (38k, 99k and 399k nodes), time, stress and memory", NULL },
  { "document", 0, 0, G_OPTION_ARG_FILENAME, &opt_document, "Lay out the graph of this .dealscape document instead of the generated one (e.g. bench-scale.sh's doc-1000000.dealscape)", "FILE" },
  { "no-sfdp", 0, 0, G_OPTION_ARG_NONE, &opt_no_sfdp, "With --peers, leave sfdp out (it takes hours on the 1M-deal graph)", NULL },
  { "measure-seeds", 0, 0, G_OPTION_ARG_INT, &opt_measure_seeds, "Average the stress over this many samples of 60 sources (seeds 1..N) for every layout, ours and the peers'", "N" },
  { "tick-nodes", 0, 0, G_OPTION_ARG_INT, &opt_tick_nodes, "Graph size of the simulation tick benchmark", "N" },
  { NULL }
};

typedef struct {
  const char *name;
  double      seconds;
  double      cpu;        /* process CPU seconds (all threads); 0 when not measured */
  double      stress;
  gboolean    ran;
  char       *note;
} Row;

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* The stress of a layout, averaged over --measure-seeds samples of the
 * measure's 60 sources, so that two layouts are not told apart by the
 * sample alone. */
static double
measured_stress (DsGraph      *g,
                 const double *x,
                 const double *y)
{
  double sum = 0;

  for (int seed = 1; seed <= opt_measure_seeds; seed++)
    sum += ds_stress_normalized (g, x, y, (guint32) seed);
  return sum / opt_measure_seeds;
}

static void
run_ours (DsGraph *g,
          Row     *row,
          double  *x,
          double  *y,
          gboolean remove_overlaps)
{
  DsLayoutOptions opts;
  g_autoptr(GError) error = NULL;
  double t0, c0;

  ds_layout_options_init (&opts);
  opts.seed = opt_layout_seed >= 0 ? opt_layout_seed : opt_seed;
  opts.remove_overlaps = remove_overlaps;
  t0 = now ();
  c0 = ds_bench_cpu_seconds ();
  if (!ds_layout_compute (g, &opts, x, y, NULL, NULL, NULL, &error))
    g_error ("layout failed: %s", error->message);
  row->seconds = now () - t0;
  row->cpu = ds_bench_cpu_seconds () - c0;
  row->stress = measured_stress (g, x, y);
  row->ran = TRUE;
}

static void
run_sfdp (DsGraph *g,
          Row     *row)
{
  g_autoptr(GString) gv = g_string_new ("graph G {\n");
  g_autofree char *dir = NULL, *path = NULL, *out = NULL, *err = NULL;
  g_autofree double *x = g_new0 (double, g->n_nodes), *y = g_new0 (double, g->n_nodes);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  char *argv[] = { (char *) "sfdp", (char *) "-Tplain", NULL, NULL };
  int status;
  double t0;

  dir = g_dir_make_tmp ("bench-layout-XXXXXX", &error);
  if (dir == NULL)
    {
      row->note = g_strdup (error->message);
      return;
    }
  for (guint v = 0; v < g->n_nodes; v++)
    g_string_append_printf (gv, "n%u;\n", v);
  for (guint e = 0; e < g->n_edges; e++)
    g_string_append_printf (gv, "n%u -- n%u;\n", g->src[e], g->dst[e]);
  g_string_append (gv, "}\n");
  path = g_build_filename (dir, "graph.gv", NULL);
  if (!g_file_set_contents (path, gv->str, gv->len, &error))
    {
      row->note = g_strdup (error->message);
      return;
    }
  argv[2] = path;
  t0 = now ();
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      row->note = g_strdup_printf ("sfdp failed: %s", error->message);
      g_unlink (path);
      g_rmdir (dir);
      return;
    }
  row->seconds = now () - t0;
  g_unlink (path);
  g_rmdir (dir);

  /* -Tplain: "node NAME X Y W H ..." per node. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint id;
      double px, py;

      if (sscanf (lines[i], "node n%u %lf %lf", &id, &px, &py) == 3 && id < g->n_nodes)
        {
          x[id] = px;
          y[id] = py;
        }
    }
  row->stress = measured_stress (g, x, y);
  row->ran = TRUE;
}

static void
run_igraph_fr (DsGraph *g,
               Row     *row)
{
#ifdef HAVE_IGRAPH
  igraph_t ig;
  igraph_vector_int_t edges;
  igraph_matrix_t res;
  g_autofree double *x = g_new (double, g->n_nodes), *y = g_new (double, g->n_nodes);
  double t0;

  igraph_rng_seed (igraph_rng_default (), opt_seed);
  igraph_vector_int_init (&edges, 2 * g->n_edges);
  for (guint e = 0; e < g->n_edges; e++)
    {
      VECTOR (edges)[2 * e] = g->src[e];
      VECTOR (edges)[2 * e + 1] = g->dst[e];
    }
  igraph_create (&ig, &edges, g->n_nodes, IGRAPH_UNDIRECTED);
  igraph_matrix_init (&res, 0, 0);
  t0 = now ();
  /* The anchors' setting: grid, 500 iterations, python-igraph's default
   * start temperature sqrt(n) / 10. */
  igraph_layout_fruchterman_reingold (&ig, &res, FALSE, 500, sqrt (g->n_nodes) / 10,
                                      IGRAPH_LAYOUT_GRID, NULL, NULL, NULL, NULL, NULL);
  row->seconds = now () - t0;
  for (guint v = 0; v < g->n_nodes; v++)
    {
      x[v] = MATRIX (res, v, 0);
      y[v] = MATRIX (res, v, 1);
    }
  row->stress = measured_stress (g, x, y);
  row->ran = TRUE;
  igraph_matrix_destroy (&res);
  igraph_destroy (&ig);
  igraph_vector_int_destroy (&edges);
#else
  row->note = g_strdup ("igraph not found at build time (apt-get install libigraph-dev)");
#endif
}

static double
bench_ticks (guint   n_target,
             guint  *n_nodes,
             guint  *n_edges,
             guint  *n_ticks)
{
  g_autoptr(DsBenchGraph) b = ds_bench_graph_new (n_target / 38000.0, opt_seed);
  g_autoptr(DsGraph) g = ds_graph_new (b->n_nodes, b->n_edges, b->src, b->dst);
  g_autofree double *x = g_new (double, g->n_nodes), *y = g_new (double, g->n_nodes);
  g_autoptr(DsForceSim) sim = NULL;
  double t0, total;
  guint ticks = 0;

  ds_layout_compute (g, NULL, x, y, NULL, NULL, NULL, NULL);
  sim = ds_force_sim_new (g, x, y, 80);
  /* The expensive case: hot (every force at full strength) with a drag. */
  ds_force_sim_reheat (sim, 1);
  ds_force_sim_drag_begin (sim, 0);
  t0 = now ();
  while (ticks < 100)
    {
      ds_force_sim_drag_update (sim, x[0] + 1, y[0]);
      ds_force_sim_tick (sim);
      ticks++;
    }
  total = now () - t0;
  *n_nodes = g->n_nodes;
  *n_edges = g->n_edges;
  *n_ticks = ticks;
  return total / ticks;
}

static void
bench_bundled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_dataset_read_bundled (&error);
  g_autoptr(DsGraph) g = NULL;
  g_autofree double *x = NULL, *y = NULL;
  double best = G_MAXDOUBLE;

  if (ls == NULL)
    {
      printf ("bundled dataset: not readable: %s\n", error->message);
      return;
    }
  g = ds_graph_new_from_landscape (ls);
  x = g_new (double, MAX (g->n_nodes, 1));
  y = g_new (double, MAX (g->n_nodes, 1));
  for (guint i = 0; i < 20; i++)
    {
      double t0 = now ();

      ds_layout_compute (g, NULL, x, y, NULL, NULL, NULL, NULL);
      best = MIN (best, now () - t0);
    }
  printf ("bundled dataset: %u nodes, %u edges: layout %.2f ms (best of 20), stress %.3f\n",
          g->n_nodes, g->n_edges, best * 1e3, ds_stress_normalized (g, x, y, 1));
}

/* Issue 15's scales: the 80k-deal Crunchbase export has 38k organisations
 * (scale 1); 250k and 1M deals among ~100k and ~400k organisations keep
 * its deals per organisation. The largest runs last, so the peak resident
 * size printed after it is its own. */
static void
bench_series (void)
{
  static const struct { const char *deals; double scale; } sizes[] = {
    { "80k", 1.0 }, { "250k", 2.6 }, { "1M", 10.5 },
  };
  double stress_38k = 0;

  printf ("%-6s %9s %9s %10s %8s %8s %12s %10s\n", "deals", "nodes", "edges", "seconds", "cpu s", "stress",
          "stress/80k", "peak MB");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(DsBenchGraph) b = ds_bench_graph_new (sizes[i].scale, opt_seed);
      g_autoptr(DsGraph) g = ds_graph_new (b->n_nodes, b->n_edges, b->src, b->dst);
      g_autofree double *x = g_new (double, g->n_nodes), *y = g_new (double, g->n_nodes);
      Row row = { sizes[i].deals };

      run_ours (g, &row, x, y, TRUE);
      if (i == 0)
        stress_38k = row.stress;
      printf ("%-6s %9u %9u %10.2f %8.2f %8.4f %12.3f %10.0f\n", sizes[i].deals, g->n_nodes, g->n_edges,
              row.seconds, row.cpu, row.stress, row.stress / stress_38k, ds_bench_peak_rss_mb ());
      fflush (stdout);
    }
  printf ("targets: 1M-deal graph <= 30 s on 2 cores, stress no worse than at 80k (ratio <= 1)\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- layout benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(DsBenchGraph) b = NULL;
  g_autoptr(DsGraph) g = NULL;
  g_autofree double *x = NULL, *y = NULL;
  g_autofree guint32 *comp = NULL;
  Row rows[4] = { { "dealscape (overlap-free)" }, { "dealscape (points)" },
                  { "graphviz sfdp" }, { "igraph FR (grid, 500 it)" } };
  guint n_comp, giant = 0, tick_n, tick_m, tick_count;
  double tick;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-layout: %s\n", error->message);
      return 2;
    }

  if (opt_series)
    {
      bench_series ();
      return 0;
    }
  if (opt_measure_seeds < 1)
    {
      g_printerr ("bench-layout: --measure-seeds must be 1 or more\n");
      return 2;
    }
  if (opt_document != NULL)
    {
      g_autoptr(DsStore) store = ds_store_open (opt_document, DS_STORE_OPEN_READ_ONLY, &error);
      g_autoptr(DsLandscape) ls = store != NULL ? ds_store_load (store, &error) : NULL;

      if (ls == NULL)
        {
          g_printerr ("bench-layout: %s: %s\n", opt_document, error->message);
          return 1;
        }
      g = ds_graph_new_from_landscape (ls);
    }
  else
    {
      b = ds_bench_graph_new (opt_scale, opt_seed);
      g = ds_graph_new (b->n_nodes, b->n_edges, b->src, b->dst);
    }
  comp = g_new (guint32, g->n_nodes);
  n_comp = ds_graph_components (g, comp);
  for (guint v = 0; v < g->n_nodes; v++)
    giant += comp[v] == 0;
  printf ("graph: %s, %u nodes, %u edges, %u components, largest %u; stress averaged over %d sample%s of 60 sources\n",
          opt_document != NULL ? opt_document : "generated", g->n_nodes, g->n_edges, n_comp, giant,
          opt_measure_seeds, opt_measure_seeds == 1 ? "" : "s");

  x = g_new (double, g->n_nodes);
  y = g_new (double, g->n_nodes);
  run_ours (g, &rows[1], x, y, FALSE);
  if (!opt_points_only)
    run_ours (g, &rows[0], x, y, TRUE);
  if (opt_out != NULL)
    {
      g_autoptr(GString) tsv = g_string_new (NULL);

      for (guint v = 0; v < g->n_nodes; v++)
        g_string_append_printf (tsv, "%u\t%.3f\t%.3f\t%u\n", v, x[v], y[v], comp[v]);
      if (!g_file_set_contents (opt_out, tsv->str, tsv->len, &error))
        g_printerr ("bench-layout: %s\n", error->message);
    }
  if (opt_peers)
    {
      if (opt_no_sfdp)
        rows[2].note = g_strdup ("not run (--no-sfdp)");
      else
        {
          printf ("running sfdp (minutes at full size) ...\n");
          fflush (stdout);
          run_sfdp (g, &rows[2]);
        }
      run_igraph_fr (g, &rows[3]);
    }

  printf ("\n%-26s %10s %8s %8s %12s %12s\n", "layout", "seconds", "cpu s", "stress", "time/ours", "stress/ours");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (!rows[i].ran)
        {
          printf ("%-26s %s\n", rows[i].name, rows[i].note ? rows[i].note : "not run (--peers)");
          continue;
        }
      {
        const Row *ref = rows[0].ran ? &rows[0] : &rows[1];

        char cpu[32] = "-";

        if (rows[i].cpu > 0)
          g_snprintf (cpu, sizeof cpu, "%.3f", rows[i].cpu);
        printf ("%-26s %10.3f %8s %8.4f %12.1f %12.2f\n", rows[i].name, rows[i].seconds, cpu, rows[i].stress,
                rows[i].seconds / ref->seconds, rows[i].stress / ref->stress);
      }
      g_free (rows[i].note);
    }
  printf ("targets: <= 2 s and stress <= 0.15 at 38k nodes; anchors on the real graph: "
          "sfdp 164 s / 0.161, igraph FR 5.3 s / 0.530\n\n");

  tick = bench_ticks (opt_tick_nodes, &tick_n, &tick_m, &tick_count);
  printf ("simulation: %u nodes, %u edges: %.2f ms per tick (mean of %u hot ticks; target <= 8 ms at 10k)\n",
          tick_n, tick_m, tick * 1e3, tick_count);
  bench_bundled ();
  return 0;
}
