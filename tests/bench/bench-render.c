/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-render.c: frame times of the graph renderer on the 38k-node /
 * 64k-edge benchmark graph and a 10k one laid out by our layout engine (and
 * on a worst-case hairball), PNG and PDF export, and Graphviz (neato -n2)
 * drawing the same positions, with the ratios. */
#define G_LOG_DOMAIN "bench-render"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <glib/gstdio.h>

#include "ds-bench-graph.h"
#include "ds-camera.h"
#include "ds-export.h"
#include "ds-graph.h"
#include "ds-layout.h"
#include "ds-render.h"
#include "ds-scene.h"
#include "ds-text.h"

#define WIDTH  1920
#define HEIGHT 1080

/* Hilbert curve index -> cell (the classic d2xy). */
static void
hilbert_d2xy (guint side, guint d, guint *x, guint *y)
{
  guint rx, ry, t = d;

  *x = *y = 0;
  for (guint s = 1; s < side; s *= 2)
    {
      rx = 1 & (t / 2);
      ry = 1 & (t ^ rx);
      if (ry == 0)
        {
          if (rx == 1)
            {
              *x = s - 1 - *x;
              *y = s - 1 - *y;
            }
          guint tmp = *x;
          *x = *y;
          *y = tmp;
        }
      *x += s * rx;
      *y += s * ry;
      t /= 4;
    }
}

/* Mean edge length as a share of the drawing's width, for the record. */
static void
print_edge_length (const DsScene *s, const char *what)
{
  double sum = 0;

  for (guint e = 0; e < s->n_edges; e++)
    sum += hypot (s->node_x[s->edge_from[e]] - s->node_x[s->edge_to[e]], s->node_y[s->edge_from[e]] - s->node_y[s->edge_to[e]]);
  printf ("  %5u nodes, %s: mean edge length %.1f%% of the drawing's width\n", s->n_nodes, what,
          100 * sum / MAX (s->n_edges, 1) / (s->x1 - s->x0));
}

/* Kinds, labels and edge styles as the bench has always drawn them; sizes
 * follow the degree. */
static void
fill_scene (DsScene *s, const DsBenchGraph *g, const guint *degree, double node_scale, GRand *rand)
{
  double max_degree = 1;

  for (guint i = 0; i < g->n_nodes; i++)
    max_degree = MAX (max_degree, degree[i]);
  for (guint i = 0; i < g->n_nodes; i++)
    {
      s->node_kind[i] = i < g->n_companies ? DS_ENTITY_COMPANY : DS_ENTITY_INVESTOR;
      s->node_visible[i] = 1;
      s->node_radius[i] = node_scale * (0.28 + 0.72 * sqrt (degree[i] / max_degree));
      s->node_importance[i] = degree[i];
      s->node_label[i] = ds_scene_intern (s, i < g->n_companies ? "Company" : "Investor");
    }
  for (guint e = 0; e < g->n_edges; e++)
    {
      double amount = pow (10, g_rand_double_range (rand, 6, 10));
      s->edge_from[e] = g->src[e];
      s->edge_to[e] = g->dst[e];
      s->edge_style[e] = g_rand_int_range (rand, 0, DS_INSTRUMENT_N_KINDS);
      s->edge_dashed[e] = g_rand_double (rand) < 0.05;
      s->edge_amount[e] = amount;
      s->edge_width[e] = node_scale * 0.03 * CLAMP (1 + log10 (amount / 1e7), 1, 5);
    }
}

static guint *
degrees (const DsBenchGraph *g)
{
  guint *degree = g_new0 (guint, g->n_nodes);

  for (guint e = 0; e < g->n_edges; e++)
    {
      degree[g->src[e]]++;
      degree[g->dst[e]]++;
    }
  return degree;
}

/* The worst case: nodes in BFS order along a Hilbert curve. Neighbours
 * land near each other, but the hubs' edges span ~40% of the picture, a
 * hairball no layout would produce. */
static DsScene *
hairball_scene (const DsBenchGraph *g, guint32 seed)
{
  DsScene *s = ds_scene_new (g->n_nodes, g->n_edges);
  g_autoptr(DsGraph) graph = ds_graph_new (g->n_nodes, g->n_edges, g->src, g->dst);
  g_autofree guint *degree = degrees (g);
  g_autofree guint32 *order = g_new (guint32, g->n_nodes);
  g_autofree guint8 *seen = g_new0 (guint8, g->n_nodes);
  GRand *rand = g_rand_new_with_seed (seed);
  guint side = 1, head = 0, tail = 0;
  double cell = 20;

  for (guint root = 0; root < g->n_nodes; root++)
    {
      if (seen[root])
        continue;
      seen[root] = 1;
      order[tail++] = root;
      while (head < tail)
        {
          guint32 v = order[head++];
          for (guint32 k = graph->offsets[v]; k < graph->offsets[v + 1]; k++)
            if (!seen[graph->adj[k]])
              {
                seen[graph->adj[k]] = 1;
                order[tail++] = graph->adj[k];
              }
        }
    }
  while ((guint64) side * side < g->n_nodes)
    side *= 2;
  for (guint k = 0; k < g->n_nodes; k++)
    {
      guint i = order[k], hx, hy;
      /* Spread the nodes over the whole curve, with a little jitter. */
      hilbert_d2xy (side, (guint) ((guint64) k * side * side / g->n_nodes), &hx, &hy);
      s->node_x[i] = (hx + g_rand_double_range (rand, -0.3, 0.3)) * cell;
      s->node_y[i] = (hy + g_rand_double_range (rand, -0.3, 0.3)) * cell;
    }
  fill_scene (s, g, degree, 8, rand);
  g_rand_free (rand);
  ds_scene_finish (s);
  print_edge_length (s, "hairball");
  return s;
}

/* Positions from ds_layout_compute() with the options the app uses, cached
 * under /tmp by graph size, seed and a hash of the edges: the layout takes
 * seconds and is not what this bench measures. */
static void
layout_positions (const DsBenchGraph *g, guint32 graph_seed, double *x, double *y)
{
  g_autoptr(DsGraph) graph = ds_graph_new (g->n_nodes, g->n_edges, g->src, g->dst);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *contents = NULL;
  gsize len = 0, want = sizeof (double) * 2 * g->n_nodes;
  guint32 hash = 2166136261u;
  double t0 = g_get_monotonic_time ();

  for (guint e = 0; e < g->n_edges; e++)
    hash = ((hash ^ g->src[e]) * 16777619u ^ g->dst[e]) * 16777619u;
  path = g_strdup_printf ("%s/ds-bench-render-layout-v1-n%u-m%u-seed%u-%08x.bin", g_get_tmp_dir (),
                          g->n_nodes, g->n_edges, graph_seed, hash);
  if (!g_getenv ("DS_BENCH_NO_CACHE") && g_file_get_contents (path, &contents, &len, NULL) && len == want)
    {
      memcpy (x, contents, want / 2);
      memcpy (y, contents + want / 2, want / 2);
      printf ("  %5u nodes: layout read from %s\n", g->n_nodes, path);
      return;
    }
  if (!ds_layout_compute (graph, NULL, x, y, NULL, NULL, NULL, &error))
    g_error ("layout failed: %s", error->message);
  printf ("  %5u nodes: layout computed in %.1f s (wall), cached in %s\n", g->n_nodes,
          (g_get_monotonic_time () - t0) / 1e6, path);
  g_clear_pointer (&contents, g_free);
  contents = g_malloc (want);
  memcpy (contents, x, want / 2);
  memcpy (contents + want / 2, y, want / 2);
  if (!g_file_set_contents (path, contents, want, &error))
    g_printerr ("could not cache the layout: %s\n", error->message);
}

/* What a user sees: our own layout, nodes sized as ds_scene_build() sizes
 * them (0.32 x the mean spacing for the largest). */
static DsScene *
layout_scene (const DsBenchGraph *g, guint32 graph_seed, guint32 seed)
{
  DsScene *s = ds_scene_new (g->n_nodes, g->n_edges);
  g_autofree guint *degree = degrees (g);
  GRand *rand = g_rand_new_with_seed (seed);
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE, spread;

  layout_positions (g, graph_seed, s->node_x, s->node_y);
  for (guint i = 0; i < g->n_nodes; i++)
    {
      x0 = MIN (x0, s->node_x[i]);
      y0 = MIN (y0, s->node_y[i]);
      x1 = MAX (x1, s->node_x[i]);
      y1 = MAX (y1, s->node_y[i]);
    }
  spread = sqrt (MAX ((x1 - x0) * (y1 - y0), 1e-9) / g->n_nodes);
  fill_scene (s, g, degree, 0.32 * spread, rand);
  g_rand_free (rand);
  ds_scene_finish (s);
  print_edge_length (s, "our layout");
  return s;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of this process: wall times drift on a shared machine. */
static double
cpu_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of finished children (neato). */
static double
children_cpu_ms (void)
{
  struct rusage ru;
  getrusage (RUSAGE_CHILDREN, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Median of `frames` full-view frames into a 1920x1080 image surface. */
static double
frame_ms_labels (const DsScene *s, double zoom, guint frames, DsRenderStats *stats, double *cpu_median,
                 gboolean labels)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(DsCamera) cam = ds_camera_new ();
  g_autofree double *t = g_new (double, frames);
  g_autofree double *c = g_new (double, frames);
  DsRenderOptions ro;
  double med;

  ds_render_options_init (&ro);
  ro.stats = stats;
  ro.show_labels = ro.show_edge_labels = labels;
  ds_camera_set_viewport_size (cam, WIDTH, HEIGHT);
  ds_camera_fit_bounds (cam, s->x0, s->y0, s->x1, s->y1, 10);
  if (zoom != 1)
    ds_camera_zoom_at (cam, WIDTH / 2.0, HEIGHT / 2.0, zoom);
  ds_render_graph (cr, s, cam, NULL, &ro);  /* warm up fonts and caches */
  for (guint i = 0; i < frames; i++)
    {
      double t0 = now_ms (), c0 = cpu_ms ();
      ds_render_graph (cr, s, cam, NULL, &ro);
      cairo_surface_flush (surface);
      t[i] = now_ms () - t0;
      c[i] = cpu_ms () - c0;
    }
  qsort (t, frames, sizeof (double), cmp_double);
  qsort (c, frames, sizeof (double), cmp_double);
  *cpu_median = c[frames / 2];
  med = t[frames / 2];
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return med;
}

static double
frame_ms (const DsScene *s, guint frames, DsRenderStats *stats, double *cpu_median)
{
  return frame_ms_labels (s, 1, frames, stats, cpu_median, TRUE);
}

static double
export_ms (const DsScene *s, DsExportFormat format, const char *path, double *cpu)
{
  DsRenderOptions ro;
  DsGraphPage page = { s, NULL, &ro, 10 };
  g_autoptr(GError) error = NULL;
  double t0, c0;

  ds_render_options_init (&ro);
  t0 = now_ms ();
  c0 = cpu_ms ();
  if (!ds_export_draw (path, format, WIDTH, HEIGHT, 1, ds_render_graph_page, &page, &error))
    {
      g_printerr ("export failed: %s\n", error->message);
      return NAN;
    }
  *cpu = cpu_ms () - c0;
  return now_ms () - t0;
}

/* Labels of one frame, as the export draws them: the text goes to a sink
 * (recorded, not drawn) whose boxes are checked pairwise. */
static guint
label_overlaps (const DsScene *s, double zoom, guint *n_runs)
{
  g_autoptr(DsTextSink) sink = ds_text_sink_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr;
  DsRenderOptions ro;
  DsGraphPage page = { s, NULL, &ro, 10 };
  guint overlaps;

  ds_text_sink_attach (sink, surface);
  cr = cairo_create (surface);
  ds_render_options_init (&ro);
  ro.caption = "Synthetic landscape, 38k";
  /* The legend as text, as in a vector export, not the cached image. */
  g_setenv ("DS_RENDER_NO_LEGEND_CACHE", "1", TRUE);
  if (zoom == 1)
    ds_render_graph_page (cr, WIDTH, HEIGHT, &page);
  else
    {
      g_autoptr(DsCamera) cam = ds_camera_new ();
      ds_camera_set_viewport_size (cam, WIDTH, HEIGHT);
      ds_camera_fit_bounds (cam, s->x0, s->y0, s->x1, s->y1, 10);
      ds_camera_zoom_at (cam, WIDTH / 2.0, HEIGHT / 2.0, zoom);
      ds_render_graph (cr, s, cam, NULL, &ro);
    }
  g_unsetenv ("DS_RENDER_NO_LEGEND_CACHE");
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  overlaps = ds_text_sink_count_overlaps (sink, 0.5);
  *n_runs = ds_text_sink_get_n_runs (sink);
  return overlaps;
}

/* Label collisions on the 38k graph at several zooms, and what placing the
 * labels costs a frame there: frames with labels against frames without. */
static void
label_rows (const DsScene *s, guint frames, const char *dir)
{
  const double zooms[] = { 1, 4, 16, 64 };

  printf ("%-40s %9s %9s  %s\n", "labels (38k)", "wall ms", "CPU ms", "runs, overlapping pairs (target 0), CPU ms for labels");
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      DsRenderStats stats;
      guint runs, overlaps = label_overlaps (s, zooms[z], &runs);
      double cpu_on, cpu_off, on;
      char row[64];

      on = frame_ms_labels (s, zooms[z], frames, &stats, &cpu_on, TRUE);
      {
        /* The frame itself, to look at: outputs/zoom-N.png. */
        g_autofree char *name = g_strdup_printf ("zoom-%g.png", zooms[z]);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
        cairo_t *cr = cairo_create (surface);
        g_autoptr(DsCamera) cam = ds_camera_new ();
        ds_camera_set_viewport_size (cam, WIDTH, HEIGHT);
        ds_camera_fit_bounds (cam, s->x0, s->y0, s->x1, s->y1, 10);
        ds_camera_zoom_at (cam, WIDTH / 2.0, HEIGHT / 2.0, zooms[z]);
        ds_render_graph (cr, s, cam, NULL, NULL);
        cairo_surface_write_to_png (surface, path);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }
      frame_ms_labels (s, zooms[z], frames, NULL, &cpu_off, FALSE);
      g_snprintf (row, sizeof row, "  zoom %g%s, %u node + %u edge labels", zooms[z],
                  zooms[z] == 1 ? " (export page)" : "", stats.labels_placed, stats.edge_labels_placed);
      printf ("%-40s %9.1f %9.1f  %u runs, %u overlapping, %.1f ms (%.0f%% of the frame) [%u edges, %u glyphs]\n", row, on, cpu_on,
              runs, overlaps, cpu_on - cpu_off, cpu_on > 0 ? 100 * (cpu_on - cpu_off) / cpu_on : 0, stats.edges_drawn, stats.nodes_as_glyphs);
    }
}

/* The same positions as Graphviz sees them: pinned (pos "x,y!"), in points
 * scaled so the drawing is WIDTH x HEIGHT at 72 dpi. */
static void
write_gv (const DsScene *s, const char *path)
{
  FILE *fp = fopen (path, "w");
  double sx = (WIDTH - 20) / (s->x1 - s->x0), sy = (HEIGHT - 20) / (s->y1 - s->y0), k = MIN (sx, sy);

  fprintf (fp, "digraph bench {\n  node [shape=circle, label=\"\", width=0.08, fixedsize=true, style=filled];\n"
               "  edge [arrowsize=0.3];\n");
  for (guint i = 0; i < s->n_nodes; i++)
    fprintf (fp, "  n%u [pos=\"%.1f,%.1f!\"];\n", i, (s->node_x[i] - s->x0) * k + 10, (s->y1 - s->node_y[i]) * k + 10);
  for (guint e = 0; e < s->n_edges; e++)
    fprintf (fp, "  n%u -> n%u;\n", s->edge_from[e], s->edge_to[e]);
  fprintf (fp, "}\n");
  fclose (fp);
}

static double
neato_ms (const char *gv, const char *format, const char *out, double *cpu)
{
  g_autofree char *neato = g_find_program_in_path ("neato");
  g_autofree char *fmt = g_strdup_printf ("-T%s", format);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { neato, "-n2", fmt, "-o", out, gv, NULL };
  int status;
  double t0, c0;

  if (!neato)
    return NAN;
  t0 = now_ms ();
  c0 = children_cpu_ms ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    return NAN;
  *cpu = children_cpu_ms () - c0;
  return now_ms () - t0;
}

static gboolean opt_no_graphviz, opt_no_export, opt_no_hairball;
static int opt_frames = 15;
static char *opt_only;

static const GOptionEntry entries[] = {
  { "no-graphviz", 0, 0, G_OPTION_ARG_NONE, &opt_no_graphviz, "Skip the Graphviz comparison", NULL },
  { "no-export", 0, 0, G_OPTION_ARG_NONE, &opt_no_export, "Frames only: no PNG or PDF export", NULL },
  { "no-hairball", 0, 0, G_OPTION_ARG_NONE, &opt_no_hairball, "Skip the worst-case hairball rows", NULL },
  { "only", 0, 0, G_OPTION_ARG_STRING, &opt_only, "Frames of one graph only: 38k or 10k (for profiling)", "GRAPH" },
  { "frames", 0, 0, G_OPTION_ARG_INT, &opt_frames, "Frames timed per row (median taken; default 15)", "N" },
  { NULL }
};

static void
frame_row (const char *what, const DsScene *s, guint frames, const char *target)
{
  DsRenderStats st;
  double cpu, wall = frame_ms (s, frames, &st, &cpu);

  printf ("%-40s %9.1f %9.1f  %-7s [%u glyphs, %u edges, %u labels, %u hairlines skipped]\n", what, wall, cpu,
          target, st.nodes_as_glyphs, st.edges_drawn, st.labels_placed, st.hairlines_skipped);
}

int main (int argc, char **argv);

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the graph renderer");
  g_autoptr(GError) error = NULL;
  g_autoptr(DsBenchGraph) big = ds_bench_graph_new (1.0, 42);
  g_autoptr(DsBenchGraph) small = ds_bench_graph_new (10000.0 / 38000.0, 42);
  g_autoptr(DsScene) sb = NULL, ss = NULL, hb = NULL, hs = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ds-bench-render-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "graph.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "graph.pdf", NULL);
  g_autofree char *hpng = g_build_filename (dir, "hairball.png", NULL);
  g_autofree char *hpdf = g_build_filename (dir, "hairball.pdf", NULL);
  g_autofree char *gv = g_build_filename (dir, "graph.gv", NULL);
  g_autofree char *npng = g_build_filename (dir, "neato.png", NULL);
  g_autofree char *npdf = g_build_filename (dir, "neato.pdf", NULL);
  double t_png = NAN, t_pdf = NAN, t_npng = NAN, t_npdf = NAN, t0;
  double c_png = NAN, c_pdf = NAN, c_npng = NAN, c_npdf = NAN, c;
  char row[64];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  opt_frames = MAX (opt_frames, 1);

  /* Scenes (and the layout, when it is not cached) are outside the timing. */
  t0 = now_ms ();
  sb = layout_scene (big, 42, 1);
  ss = layout_scene (small, 42, 2);
  if (!opt_no_hairball)
    {
      hb = hairball_scene (big, 1);
      hs = hairball_scene (small, 2);
    }
  printf ("graphs: %u nodes / %u edges and %u nodes / %u edges (scenes built in %.0f ms)\n",
          big->n_nodes, big->n_edges, small->n_nodes, small->n_edges, now_ms () - t0);
  printf ("%-40s %9s %9s  %s\n", "", "wall ms", "CPU ms", "target");

  if (opt_only)
    {
      /* Profiling (callgrind --toggle-collect=ds_render_graph): one row. */
      frame_row (opt_only, g_str_equal (opt_only, "38k") ? sb : ss, opt_frames, "");
      return 0;
    }
  g_snprintf (row, sizeof row, "full view %ux%u, %5u nodes", WIDTH, HEIGHT, big->n_nodes);
  frame_row (row, sb, opt_frames, "<= 150");
  g_snprintf (row, sizeof row, "full view %ux%u, %5u nodes", WIDTH, HEIGHT, small->n_nodes);
  frame_row (row, ss, opt_frames, "<= 16");
  if (!opt_no_hairball)
    {
      g_snprintf (row, sizeof row, "worst case hairball, %5u nodes", big->n_nodes);
      frame_row (row, hb, opt_frames, "");
      g_snprintf (row, sizeof row, "worst case hairball, %5u nodes", small->n_nodes);
      frame_row (row, hs, opt_frames, "");
    }

  label_rows (sb, opt_frames, dir);

  if (!opt_no_export)
    {
      t_png = export_ms (sb, DS_EXPORT_PNG, png, &c_png);
      t_pdf = export_ms (sb, DS_EXPORT_PDF, pdf, &c_pdf);
      printf ("%-40s %9.1f %9.1f  <= 500\n", "export PNG 1920x1080 (38k)", t_png, c_png);
      printf ("%-40s %9.1f %9.1f  <= 2000\n", "export PDF (38k)", t_pdf, c_pdf);
      if (!opt_no_hairball)
        {
          double w = export_ms (hb, DS_EXPORT_PNG, hpng, &c);
          printf ("%-40s %9.1f %9.1f\n", "export PNG, worst case hairball (38k)", w, c);
          w = export_ms (hb, DS_EXPORT_PDF, hpdf, &c);
          printf ("%-40s %9.1f %9.1f\n", "export PDF, worst case hairball (38k)", w, c);
        }
    }

  if (!opt_no_graphviz && !opt_no_export)
    {
      write_gv (sb, gv);
      t_npng = neato_ms (gv, "png", npng, &c_npng);
      t_npdf = neato_ms (gv, "pdf", npdf, &c_npdf);
      if (isnan (t_npng))
        printf ("graphviz: neato not found or failed; no comparison\n");
      else
        {
          printf ("%-40s %9.1f %9.1f  Dealscape %.1fx faster (wall), %.1fx (CPU)\n", "neato -n2 -Tpng (same positions)",
                  t_npng, c_npng, t_npng / t_png, c_npng / c_png);
          printf ("%-40s %9.1f %9.1f  Dealscape %.1fx faster (wall), %.1fx (CPU)\n", "neato -n2 -Tpdf (same positions)",
                  t_npdf, c_npdf, t_npdf / t_pdf, c_npdf / c_pdf);
        }
    }
  printf ("outputs in %s\n", dir);
  return 0;
}
