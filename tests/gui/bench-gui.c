/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-gui.c: time to the first frame on the bundled landscape, and frame
 * times while panning a synthetic 10,000-node graph (run under Xvfb). */
#define G_LOG_DOMAIN "bench-gui"

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>
#include <time.h>

#include "ds-application.h"
#include "ds-bench-graph.h"
#include "ds-bench-landscape.h"
#include "ds-dataset.h"
#include "ds-graph-view.h"
#include "ds-test-gestures.h"
#include "ds-layout.h"
#include "ds-store.h"
#include "ds-chart-view.h"
#include "ds-window.h"

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
iterate_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint id = g_timeout_add (5, wake_up, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  return ok;
}

/* The machine is shared: CPU time of this process says what the work
 * costs when the wall clock waits for other processes. */
static double
cpu_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static gboolean
first_frame (gpointer data)
{
  return ds_graph_view_get_frame_count (DS_GRAPH_VIEW (ds_window_get_graph_view (data))) > 0;
}

static gboolean
document_read (gpointer data)
{
  return ds_window_get_store (data) != NULL;
}

static gboolean
layout_ready (gpointer data)
{
  return ds_window_get_layout_ready (data);
}

static gboolean
landscape_changed (gpointer data)
{
  gpointer *pair = data;
  return ds_window_get_landscape (pair[0]) != pair[1];
}

static gboolean
replay_ready (gpointer data)
{
  return ds_window_get_replay_ready (data);
}

/* How long the main loop went without running: a 10 ms timeout notes the
 * longest gap between its runs (a frozen window shows as one long gap). */
typedef struct {
  gint64 last;
  double longest_ms;
  guint  probe;
} Stall;

static gboolean
stall_tick (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  stall->longest_ms = MAX (stall->longest_ms, (now - stall->last) / 1000.0);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

static void
stall_start (Stall *stall)
{
  stall->last = g_get_monotonic_time ();
  stall->longest_ms = 0;
  stall->probe = g_timeout_add (10, stall_tick, stall);
}

/* Stops the probe and prints the longest gap after `what`. */
static void
stall_report (Stall      *stall,
              const char *what)
{
  g_source_remove (stall->probe);
  g_print ("%s: %.0f ms\n", what, stall->longest_ms);
}

static DsWindow *
open_window (DsApplication *app,
             DsLandscape   *source,
             const char    *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (path, DS_STORE_OPEN_CREATE, &error);
  g_autoptr(DsLandscape) landscape = NULL;

  g_assert_no_error (error);
  g_assert_true (ds_store_replace_all (store, source, &error));
  landscape = ds_store_load (store, &error);
  g_assert_no_error (error);
  return ds_window_new (app, store, landscape);
}

typedef struct {
  DsGraphView *view;
  guint        frames_left;
  gint64       last;
  GArray      *intervals;   /* ms between frames */
  GArray      *render;      /* ms in ds_render_graph */
  GArray      *cpu;         /* process CPU ms between frames */
  double       last_cpu;
  guint        last_count;
  guint        redraws0;
  gboolean     zooming;     /* zoom in and out (a spun scroll wheel) instead of panning */
  guint        step;
} Pan;

static gboolean
pan_tick (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       data)
{
  Pan *p = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  guint count = ds_graph_view_get_frame_count (p->view);

  if (p->last != 0 && count != p->last_count)
    {
      double interval = (now - p->last) / 1000.0, ms = ds_graph_view_get_last_render_ms (p->view);
      double cpu = cpu_ms () - p->last_cpu;
      g_array_append_val (p->intervals, interval);
      g_array_append_val (p->render, ms);
      g_array_append_val (p->cpu, cpu);
    }
  p->last = now;
  p->last_cpu = cpu_ms ();
  p->last_count = count;
  if (p->zooming)
    {
      /* Four steps in, four out, like a scroll wheel spun back and forth. */
      if (p->step++ / 4 % 2 == 0)
        ds_graph_view_zoom_in (p->view);
      else
        ds_graph_view_zoom_out (p->view);
    }
  else
    ds_graph_view_pan_by (p->view, 4, 2);
  if (p->frames_left-- == 0)
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

static gboolean
pan_done (gpointer data)
{
  return ((Pan *) data)->frames_left == G_MAXUINT;
}

static gboolean
frame_drawn_since (gpointer data)
{
  Pan *p = data;
  return ds_graph_view_get_frame_count (p->view) != p->last_count;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
report (const char *what, GArray *values)
{
  double sum = 0;

  g_array_sort (values, compare_double);
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  g_print ("%s: n %u, mean %.2f ms, median %.2f ms, p95 %.2f ms, max %.2f ms\n", what, values->len,
           sum / MAX (values->len, 1), g_array_index (values, double, values->len / 2),
           g_array_index (values, double, values->len * 95 / 100),
           g_array_index (values, double, values->len - 1));
}

/* A document of n_entities and n_deals with every position saved, made
 * once and kept in the temporary folder (the layout of a million deals
 * takes a while); the app opens it as a user's document. */
/* bench-gui --document FILE --first-frame */
static gboolean first_frame_only;
/* --views: after the replay, only the view switches (for profiling them). */
static gboolean views_only;

static char *
big_document (guint n_entities, guint n_deals)
{
  g_autofree char *name = g_strdup_printf ("dealscape-bench-%u-%u.dealscape", n_entities, n_deals);
  char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsGraph) graph = NULL;
  g_autofree double *x = NULL, *y = NULL;
  g_autofree guint8 *pinned = NULL;
  gint64 t0;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  g_print ("making %s (once; kept for the next runs) ...\n", path);
  g_remove (partial);
  t0 = g_get_monotonic_time ();
  ls = ds_bench_landscape_new (n_entities, n_deals, 1);
  store = ds_store_open (partial, DS_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (ds_store_replace_all (store, ls, &error));
  g_assert_no_error (error);
  g_print ("  landscape made and saved in %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);
  t0 = g_get_monotonic_time ();
  graph = ds_graph_new_from_landscape (ls);
  x = g_new (double, n_entities);
  y = g_new (double, n_entities);
  pinned = g_new0 (guint8, n_entities);
  g_assert_true (ds_layout_compute (graph, NULL, x, y, NULL, NULL, NULL, &error));
  g_assert_true (ds_store_save_positions (store, ls, x, y, pinned, &error));
  g_assert_no_error (error);
  g_print ("  laid out and positions saved in %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);
  g_clear_object (&store);
  g_assert_cmpint (g_rename (partial, path), ==, 0);
  return path;
}

static void
time_to_next_frame (DsGraphView *view, const char *what, gint64 t0)
{
  Pan wait = { view };

  wait.last_count = ds_graph_view_get_frame_count (view);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (iterate_until (frame_drawn_since, &wait, 60000));
  g_print ("%s: %.1f ms to the next frame\n", what, (g_get_monotonic_time () - t0) / 1000.0);
}

static DsIndex
most_dealt (DsLandscape *ls)
{
  g_autofree guint *deals = g_new0 (guint, MAX (ds_landscape_n_entities (ls), 1));
  DsIndex best = 0;

  for (guint i = 0; i < (guint) ds_landscape_n_deals (ls); i++)
    {
      const DsDeal *d = ds_landscape_deal (ls, i);
      deals[d->investor]++;
      deals[d->target]++;
    }
  for (guint i = 0; i < (guint) ds_landscape_n_entities (ls); i++)
    if (deals[i] > deals[best])
      best = i;
  return best;
}

static void
note_positions_changed (DsGraphView *view,
                        gboolean    *changed)
{
  *changed = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Drags `entity` by 2 px per frame for `frames` frames, as a pointer would,
 * then lets go: the time from each move to its frame, the longest the
 * window did not respond, and the time until the positions are saved. */
static void
bench_drag (DsGraphView *view,
            DsIndex      entity,
            const char  *what,
            guint        frames)
{
  GtkGesture *drag = ds_test_drag_gesture (GTK_WIDGET (view));
  const DsScene *scene = ds_graph_view_get_scene (view);
  g_autoptr(GArray) to_frame = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean saved = FALSE;
  Pan wait = { view };
  Stall stall;
  gulong handler;
  double vx, vy, ms;
  gint64 t0, t_start = g_get_monotonic_time ();

  ds_graph_view_focus_entity (view, entity);
  time_to_next_frame (view, "document: drag: the node centred", t_start);
  scene = ds_graph_view_get_scene (view);
  ds_graph_view_world_to_view (view, scene->node_x[entity], scene->node_y[entity], &vx, &vy);
  handler = g_signal_connect (view, "positions-changed", G_CALLBACK (note_positions_changed), &saved);
  stall_start (&stall);
  t_start = g_get_monotonic_time ();
  g_signal_emit_by_name (drag, "drag-begin", vx, vy);
  for (guint i = 1; i <= frames; i++)
    {
      t0 = g_get_monotonic_time ();
      wait.last_count = ds_graph_view_get_frame_count (view);
      g_signal_emit_by_name (drag, "drag-update", 2.0 * i, 1.0 * i);
      g_assert_true (iterate_until (frame_drawn_since, &wait, 60000));
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (to_frame, ms);
    }
  g_signal_emit_by_name (drag, "drag-end", 2.0 * frames, 1.0 * frames);
  g_assert_true (iterate_until (flag_set, &saved, 600000));
  g_print ("document: drag %s: %u moves, then let go: %.0f ms until the positions were saved\n", what, frames,
           (g_get_monotonic_time () - t_start) / 1000.0);
  report ("document: drag: from a move to its frame", to_frame);
  stall_report (&stall, "document: drag: longest the window did not respond");
  g_signal_handler_disconnect (view, handler);
}

typedef struct {
  guint  painted;
  gint64 first_us;
} Painted;

static void
note_paint (GdkFrameClock *clock,
            Painted       *p)
{
  if (p->painted++ == 0)
    p->first_us = g_get_monotonic_time ();
}

static gboolean
painted_twice (gpointer data)
{
  return ((Painted *) data)->painted >= 2;
}

/* Activates a window action, as a click or shortcut would: the time to
 * the window's next painted frame and the longest the window did not
 * respond in the second after it. */
static void
bench_window_action (DsWindow   *window,
                     const char *action,
                     GVariant   *param,
                     const char *what)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Painted painted = { 0 };
  Stall stall;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (note_paint), &painted);
  gint64 t0 = g_get_monotonic_time ();

  stall_start (&stall);
  g_action_group_activate_action (G_ACTION_GROUP (window), action, param);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  g_assert_true (iterate_until (painted_twice, &painted, 60000));
  {
    /* The second after it, for work the switch leaves to idle or workers. */
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;
    while (g_get_monotonic_time () < until)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
  }
  g_signal_handler_disconnect (clock, handler);
  g_print ("document: %s: %.0f ms to its frame, ", what, (painted.first_us - t0) / 1000.0);
  stall_report (&stall, "longest the window did not respond");
}

/* DS_BENCH_PAUSE=SECONDS: stops there (the window as last drawn stays on
 * the X server), for a profiler to attach or a screenshot to be taken. */
static void
bench_pause (const char *where)
{
  if (g_getenv ("DS_BENCH_PAUSE") == NULL)
    return;
  g_print ("bench-gui: pid %d, pausing %s s %s\n", (int) getpid (), g_getenv ("DS_BENCH_PAUSE"), where);
  g_usleep ((gulong) (g_ascii_strtod (g_getenv ("DS_BENCH_PAUSE"), NULL) * G_USEC_PER_SEC));
}

static gboolean
charts_built (gpointer data)
{
  return !ds_chart_view_get_building (data);
}

/* A chart view shown, then the time until its charts are drawn (a big
 * landscape's are built on a worker) and the longest stall meanwhile. */
static void
bench_chart_view (DsWindow   *window,
                  const char *name,
                  const char *what)
{
  DsChartView *view = DS_CHART_VIEW (ds_window_get_chart_view (window, name));
  gint64 t0 = g_get_monotonic_time ();
  Stall stall;

  bench_window_action (window, "show-view", g_variant_new_string (name), what);
  if (ds_chart_view_get_building (view))
    bench_pause ("while the charts are built");
  stall_start (&stall);
  g_assert_true (iterate_until (charts_built, view, 600000));
  g_print ("document: %s: charts built %.0f ms after the switch, ", what, (g_get_monotonic_time () - t0) / 1000.0);
  stall_report (&stall, "longest the window did not respond until then");
}

/* Each view in turn, as the view switcher does, then the peak memory. */
static void
bench_view_switches (DsWindow *window)
{
  bench_pause ("before the view switches");
  bench_window_action (window, "show-view", g_variant_new_string ("table"), "show the Table view");
  bench_chart_view (window, "valuation", "show the Valuation view");
  bench_chart_view (window, "compute", "show the Compute view");
  bench_window_action (window, "show-view", g_variant_new_string ("graph"), "back to the Graph view");
  g_print ("document: peak resident memory: %.0f MB (target <= 2048)\n", ds_bench_peak_rss_mb ());
}

/* Issue 15: a saved document of a million deals among 400,000 entities,
 * opened as the app opens a user's file (store opened, read, window made)
 * to its first drawn frame; then pan, zoom, select and seek; then the
 * peak resident memory. */
static void
bench_big_document (DsApplication *app, const char *document, guint n_entities, guint n_deals, double start_ms)
{
  g_autofree char *path = document != NULL ? g_strdup (document) : big_document (n_entities, n_deals);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  DsWindow *window = NULL;
  DsGraphView *view;
  Pan pan = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  double open_ms, load_ms, c0 = cpu_ms ();

  /* As the app opens it: the graph preview first when the document has
   * one (docs/architecture.md, "The graph preview"), the document after. */
  {
    g_autofree double *px = NULL, *py = NULL;
    g_autofree guint8 *ppinned = NULL;
    g_autoptr(DsLandscape) preview = ds_store_read_preview (path, &px, &py, &ppinned, &error);

    g_assert_no_error (error);
    if (preview != NULL)
      {
        load_ms = (g_get_monotonic_time () - t0) / 1000.0;
        window = ds_window_new_preview (app, path, preview, px, py, ppinned);
        gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
        gtk_window_present (GTK_WINDOW (window));
        g_assert_true (iterate_until (first_frame, window, 120000));
        g_print ("%s: %u deals among %u entities: first frame (the graph preview) %.0f ms after opening the file "
                 "(read the preview %.0f, window and frame %.0f; CPU %.0f ms); %.0f ms after the process started\n",
                 path, ds_landscape_n_deals (preview), ds_landscape_n_entities (preview),
                 (g_get_monotonic_time () - t0) / 1000.0, load_ms, (g_get_monotonic_time () - t0) / 1000.0 - load_ms,
                 cpu_ms () - c0, g_get_monotonic_time () / 1000.0 - start_ms);
        g_assert_true (iterate_until (document_read, window, 600000));
        store = g_object_ref (ds_window_get_store (window));
        ls = ds_landscape_ref (ds_window_get_landscape (window));
        time_to_next_frame (DS_GRAPH_VIEW (ds_window_get_graph_view (window)),
                            "document: read after the preview and drawn as recorded, from opening the file", t0);
      }
  }
  if (window == NULL)
    {
      store = ds_store_open (path, DS_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      open_ms = (g_get_monotonic_time () - t0) / 1000.0;
      ls = ds_store_load (store, &error);
      g_assert_no_error (error);
      load_ms = (g_get_monotonic_time () - t0) / 1000.0 - open_ms;
      window = ds_window_new (app, store, ls);
      gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (iterate_until (first_frame, window, 120000));
      g_print ("%s: %u deals among %u entities: first frame %.0f ms after opening the file (open %.0f, read %.0f, "
               "window and frame %.0f; CPU %.0f ms); %.0f ms after the process started\n", path,
               ds_landscape_n_deals (ls), ds_landscape_n_entities (ls), (g_get_monotonic_time () - t0) / 1000.0,
               open_ms, load_ms, (g_get_monotonic_time () - t0) / 1000.0 - open_ms - load_ms, cpu_ms () - c0,
               g_get_monotonic_time () / 1000.0 - start_ms);
    }
  if (first_frame_only)
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  {
    Stall stall;

    stall_start (&stall);
    g_assert_true (iterate_until (layout_ready, window, 600000));
    view = DS_GRAPH_VIEW (ds_window_get_graph_view (window));
    /* A big document draws the graph as recorded first, then replays it. */
    g_assert_true (iterate_until (replay_ready, window, 600000));
    time_to_next_frame (view, "document: replayed (the scenario at the timeline's date) and drawn, from opening the file", t0);
    stall_report (&stall, "document: longest the window did not respond between its first frame and the replayed one");
  }
  if (views_only)
    {
      bench_view_switches (window);
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }

  pan.view = view;
  pan.frames_left = 120;
  pan.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  pan.render = g_array_new (FALSE, FALSE, sizeof (double));
  pan.cpu = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_widget_add_tick_callback (GTK_WIDGET (view), pan_tick, &pan, NULL);
  g_assert_true (iterate_until (pan_done, &pan, 600000));
  report ("document: panning: frame clock interval", pan.intervals);
  report ("document: panning: time in the view's snapshot per frame", pan.render);
  g_array_set_size (pan.intervals, 0);
  g_array_set_size (pan.render, 0);
  g_array_set_size (pan.cpu, 0);
  pan.zooming = TRUE;
  pan.frames_left = 48;
  pan.last = 0;
  gtk_widget_add_tick_callback (GTK_WIDGET (view), pan_tick, &pan, NULL);
  g_assert_true (iterate_until (pan_done, &pan, 600000));
  report ("document: zooming: frame clock interval", pan.intervals);
  report ("document: zooming: time in the view's snapshot per frame", pan.render);
  g_print ("document: zooming: %u redraws in the worker shown\n", ds_graph_view_get_async_redraw_count (view));

  t0 = g_get_monotonic_time ();
  g_action_group_activate_action (G_ACTION_GROUP (window), "select",
                                  g_variant_new_string (ds_landscape_entity (ls, most_dealt (ls))->id));
  time_to_next_frame (view, "document: select the entity with the most deals", t0);
  {
    /* Back in time: a big document's replay starts over on the worker. */
    Stall stall;

    stall_start (&stall);
    t0 = g_get_monotonic_time ();
    g_action_group_activate_action (G_ACTION_GROUP (window), "seek", g_variant_new_string ("2015-06"));
    g_assert_true (iterate_until (replay_ready, window, 600000));
    time_to_next_frame (view, "document: replay: seek back to Jun 2015, to its frame drawn", t0);
    stall_report (&stall, "document: replay: longest the window did not respond during the seek");
  }
  bench_drag (view, most_dealt (ls), "the entity with the most deals", 30);
  bench_view_switches (window);
  {
    /* The same landscape imported again, as a CSV merge of nothing new
     * ends: written on the worker with the snapshot undo keeps. This adds
     * an import to the document's edit log (which keeps the snapshots of
     * the last three), as a user's import would. */
    Stall stall;
    DsLandscape *shown = ds_window_get_landscape (window);
    gpointer pair[2] = { window, shown };

    bench_pause ("before the import");
    stall_start (&stall);
    t0 = g_get_monotonic_time ();
    g_assert_true (ds_window_merge_landscape (window, shown, "bench.csv", NULL, &error));
    g_assert_no_error (error);
    g_assert_true (iterate_until (landscape_changed, pair, 600000));
    /* Its first frame too: the window takes the new landscape on the main thread. */
    time_to_next_frame (view, "document: import saved on the worker and drawn again", t0);
    stall_report (&stall, "document: import: longest the window did not respond");
  }
  g_array_unref (pan.intervals);
  g_array_unref (pan.render);
  g_array_unref (pan.cpu);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsApplication) app = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *small = NULL;
  g_autofree char *big = NULL;
  g_autoptr(DsLandscape) bundled = NULL;
  g_autoptr(DsLandscape) synthetic = NULL;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  DsWindow *window;
  gint64 t0;
  double c0, budget;
  Pan pan = { 0 };

  double start_ms = g_get_monotonic_time () / 1000.0;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_init ();
  app = ds_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));

  /* bench-gui --million [ENTITIES DEALS]: only the big synthetic document;
   * bench-gui --document FILE [--first-frame]: a document of yours (the
   * 1M-deal import of docs/scale.md), as big as it is; with --first-frame,
   * only to its first frame (for repeated runs: the rest takes a minute);
   * with --views, to the replayed frame and then the view switches only. */
  if (argc > 1 && g_str_equal (argv[1], "--million"))
    {
      bench_big_document (app, NULL, argc > 3 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 400000,
                          argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 1000000, start_ms);
      return 0;
    }
  if (argc > 2 && g_str_equal (argv[1], "--document"))
    {
      first_frame_only = argc > 3 && g_str_equal (argv[3], "--first-frame");
      views_only = argc > 3 && g_str_equal (argv[3], "--views");
      bench_big_document (app, argv[2], 0, 0, start_ms);
      return 0;
    }
  dir = g_dir_make_tmp ("dealscape-bench-XXXXXX", &error);
  g_assert_no_error (error);
  /* 1. The bundled landscape: window made to first frame drawn. */
  bundled = ds_dataset_read_bundled (&error);
  g_assert_no_error (error);
  small = g_build_filename (dir, "small.db", NULL);
  t0 = g_get_monotonic_time ();
  c0 = cpu_ms ();
  window = open_window (app, bundled, small);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (first_frame, window, 10000));
  g_print ("bundled landscape: document made, window shown, first frame in %.1f ms (CPU %.1f ms)\n",
           (g_get_monotonic_time () - t0) / 1000.0, cpu_ms () - c0);
  g_assert_true (iterate_until (layout_ready, window, 20000));

  /* The question: "what if Amazon's next note converts at a $50B
   * cap?", typed under a scenario: the edit (validated, written in one
   * transaction, replay and charts recomputed) and the next frame drawn. */
  {
    DsGraphView *view = DS_GRAPH_VIEW (ds_window_get_graph_view (window));
    g_autoptr(GArray) edit_ms = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
    Pan wait = { view };

    g_action_group_activate_action (G_ACTION_GROUP (window), "set-scenario", g_variant_new_string ("big-note-low-cap"));
    for (guint i = 0; i < 10; i++)
      {
        double ms;

        wait.last_count = ds_graph_view_get_frame_count (view);
        t0 = g_get_monotonic_time ();
        g_assert_true (ds_window_apply_deal_edit (window, "amazon-anthropic-2025-07", "cap_usd",
                                                  g_variant_new_double (i % 2 ? 4e10 : 5e10), &error));
        ms = (g_get_monotonic_time () - t0) / 1000.0;
        g_array_append_val (edit_ms, ms);
        gtk_widget_queue_draw (GTK_WIDGET (view));
        g_assert_true (iterate_until (frame_drawn_since, &wait, 10000));
        ms = (g_get_monotonic_time () - t0) / 1000.0;
        g_array_append_val (frame_ms, ms);
      }
    report ("bundled landscape: cap edit under a scenario (saved, replay and charts recomputed)", edit_ms);
    report ("bundled landscape: cap edit to the next frame drawn", frame_ms);
  }
  gtk_window_destroy (GTK_WINDOW (window));

  /* Again on the saved document: positions now come from the file. */
  {
    g_autoptr(DsStore) store = ds_store_open (small, DS_STORE_OPEN_DEFAULT, &error);
    g_autoptr(DsLandscape) ls = ds_store_load (store, &error);
    t0 = g_get_monotonic_time ();
    c0 = cpu_ms ();
    window = ds_window_new (app, store, ls);
    gtk_window_present (GTK_WINDOW (window));
    g_assert_true (iterate_until (first_frame, window, 10000));
    g_print ("bundled landscape, reopened: first frame in %.1f ms (CPU %.1f ms)\n",
             (g_get_monotonic_time () - t0) / 1000.0, cpu_ms () - c0);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  /* 2. A synthetic graph: pan for 240 frames once laid out. */
  synthetic = ds_bench_landscape_new (n, n * 3, 1);
  big = g_build_filename (dir, "big.db", NULL);
  t0 = g_get_monotonic_time ();
  window = open_window (app, synthetic, big);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (iterate_until (first_frame, window, 60000));
  g_print ("%u entities: first frame (placeholder layout) in %.1f ms\n", n, (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_true (iterate_until (layout_ready, window, 600000));
  g_print ("%u entities: layout done off the main thread in %.1f ms\n", n, (g_get_monotonic_time () - t0) / 1000.0);

  pan.view = DS_GRAPH_VIEW (ds_window_get_graph_view (window));
  pan.frames_left = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 240;
  pan.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  pan.render = g_array_new (FALSE, FALSE, sizeof (double));
  pan.cpu = g_array_new (FALSE, FALSE, sizeof (double));
  /* What a full redraw costs: a zoom step drawn on the main thread (the
   * view would otherwise draw it in its worker). Panning then starts on it. */
  budget = ds_graph_view_get_redraw_budget (pan.view);
  ds_graph_view_set_redraw_budget (pan.view, G_MAXDOUBLE);
  pan.last_count = ds_graph_view_get_frame_count (pan.view);
  ds_graph_view_zoom_in (pan.view);
  g_assert_true (iterate_until (frame_drawn_since, &pan, 60000));
  g_print ("zoom step drawn on the main thread (view and margin): %.1f ms\n",
           ds_graph_view_get_last_render_ms (pan.view));
  ds_graph_view_set_redraw_budget (pan.view, budget);
  pan.last_count = 0;
  pan.redraws0 = ds_graph_view_get_redraw_count (pan.view);
  gtk_widget_add_tick_callback (GTK_WIDGET (pan.view), pan_tick, &pan, NULL);
  g_assert_true (iterate_until (pan_done, &pan, 600000));
  g_print ("panning: renderer %s\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (pan.view)))));
  report ("panning: ds_render_graph per frame", pan.render);
  report ("panning: frame clock interval", pan.intervals);
  report ("panning: process CPU per frame", pan.cpu);
  g_print ("panning: %u cache images drawn ahead in a worker and shown, %u full redraws on the main thread\n",
           ds_graph_view_get_prefetch_count (pan.view), ds_graph_view_get_redraw_count (pan.view) - pan.redraws0);

  /* 3. Zooming in and out, 48 frames: slow redraws go to the worker while
   * the old image stands in, scaled. */
  {
    guint async0 = ds_graph_view_get_async_redraw_count (pan.view);

    g_array_set_size (pan.intervals, 0);
    g_array_set_size (pan.render, 0);
    g_array_set_size (pan.cpu, 0);
    pan.zooming = TRUE;
    pan.frames_left = 48;
    pan.last = 0;
    pan.redraws0 = ds_graph_view_get_redraw_count (pan.view);
    gtk_widget_add_tick_callback (GTK_WIDGET (pan.view), pan_tick, &pan, NULL);
    g_assert_true (iterate_until (pan_done, &pan, 600000));
    report ("zooming: time in the view's snapshot per frame", pan.render);
    report ("zooming: frame clock interval", pan.intervals);
    report ("zooming: process CPU per frame", pan.cpu);
    g_print ("zooming: %u redraws in the worker shown, %u on the main thread\n",
             ds_graph_view_get_async_redraw_count (pan.view) - async0,
             ds_graph_view_get_redraw_count (pan.view) - pan.redraws0);
  }
  g_array_unref (pan.intervals);
  g_array_unref (pan.render);
  g_array_unref (pan.cpu);
  gtk_window_destroy (GTK_WINDOW (window));

  g_remove (small);
  g_remove (big);
  g_rmdir (dir);
  return 0;
}
