/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-replay.c: a monthly replay 2000..2030 (360 frames) of the synthetic
 * 80,000-deal landscape, and one frame of the bundled dataset. Prints times. */
#define G_LOG_DOMAIN "bench-replay"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ds-bench-landscape.h"
#include "ds-dataset.h"
#include "ds-replay.h"

#define MAX_RUNS 25

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v,
        int     n)
{
  qsort (v, (size_t) n, sizeof *v, compare_doubles);
  return v[n / 2];
}

typedef struct {
  guint  frames;
  double checksum;
} Count;

static gboolean
count_frame (const DsFrame *f,
             DsReplay      *replay,
             gpointer       data)
{
  Count *c = data;
  c->frames++;
  c->checksum += f->invested_in_usd[0];
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  guint n_entities = argc > 1 ? (guint) atoi (argv[1]) : 40000;
  guint n_deals = argc > 2 ? (guint) atoi (argv[2]) : 80000;
  /* Fewer runs for callgrind: bench-replay 40000 80000 1 */
  int RUNS = argc > 3 ? CLAMP (atoi (argv[3]), 1, MAX_RUNS) : 5;
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) synthetic = ds_bench_landscape_new (n_entities, n_deals, 20261126);
  g_autoptr(DsLandscape) ls = ds_dataset_read_bundled (&error);
  double setup_s[MAX_RUNS], replay_s[MAX_RUNS], replay_cpu_s[MAX_RUNS], frame_ms[MAX_RUNS], new_frame_ms[MAX_RUNS],
         stakes_s[MAX_RUNS];
  guint problems = 0, with_table = 0;
  /* Same figures before and after an optimization: compare this. */
  double stakes_checksum = 0;
  Count count = { 0 };

  if (ls == NULL)
    g_error ("%s", error->message);

  for (int run = 0; run < RUNS; run++)
    {
      g_autoptr(DsReplay) r = NULL;
      gint64 t0 = g_get_monotonic_time ();

      r = ds_replay_new (synthetic, DS_NONE, &error);
      if (r == NULL)
        g_error ("%s", error->message);
      setup_s[run] = (g_get_monotonic_time () - t0) / 1e6;

      count.frames = 0;
      t0 = g_get_monotonic_time ();
      clock_t c0 = clock ();
      if (!ds_replay_run (r, 20000101, 20291201, DS_REPLAY_STEP_MONTH, count_frame, &count, &error))
        g_error ("%s", error->message);
      replay_s[run] = (g_get_monotonic_time () - t0) / 1e6;
      /* CPU time too: on a shared machine the wall clock includes waiting. */
      replay_cpu_s[run] = (double) (clock () - c0) / CLOCKS_PER_SEC;

      /* Reading every company's stakes once at the last frame, as a table
       * view listing all of them would. */
      t0 = g_get_monotonic_time ();
      problems = with_table = 0;
      stakes_checksum = 0;
      for (guint e = 0; e < n_entities; e++)
        {
          guint n;
          const DsStake *st = ds_replay_get_stakes (r, (DsIndex) e, &n);
          if (st != NULL)
            with_table++;
          for (guint k = 0; k < n; k++)
            stakes_checksum += st[k].fraction * (1 + (e % 97) + k) + st[k].invested_usd * 1e-12;
          if (ds_replay_get_company_problem (r, (DsIndex) e) != NULL)
            problems++;
        }
      stakes_s[run] = (g_get_monotonic_time () - t0) / 1e6;
    }

  for (int run = 0; run < RUNS; run++)
    {
      g_autoptr(DsReplay) r = NULL;
      const int reps = 2000;
      gint64 t0 = g_get_monotonic_time ();

      /* From scratch each time: reset, then one seek to 2025-08-01. */
      r = ds_replay_new (ls, ds_landscape_find_scenario (ls, "base"), &error);
      new_frame_ms[run] = 0;
      for (int i = 0; i < reps; i++)
        {
          ds_replay_reset (r);
          ds_replay_seek (r, 20250801);
        }
      frame_ms[run] = (g_get_monotonic_time () - t0) / 1e3 / reps;

      t0 = g_get_monotonic_time ();
      for (int i = 0; i < 200; i++)
        {
          g_autoptr(DsReplay) fresh = ds_replay_new (ls, ds_landscape_find_scenario (ls, "base"), &error);
          ds_replay_seek (fresh, 20250801);
        }
      new_frame_ms[run] = (g_get_monotonic_time () - t0) / 1e3 / 200;
    }

  printf ("synthetic landscape: %u entities, %u deals\n", n_entities, n_deals);
  printf ("  replay setup (scenario view, sorted timeline):   %8.3f s\n", median (setup_s, RUNS));
  printf ("  monthly replay 2000-01..2029-12, %u frames:     %8.3f s   (target <= 0.5 s)\n",
          count.frames, median (replay_s, RUNS));
  printf ("    of which CPU time:                              %8.3f s\n", median (replay_cpu_s, RUNS));
  printf ("  stakes of every company at the last frame:       %8.3f s   (%u cap tables, %u with a refused round)\n",
          median (stakes_s, RUNS), with_table, problems);
  printf ("  stakes checksum (compare across changes):        %.15g\n", stakes_checksum);
  printf ("bundled dataset (base, 2025-08-01):\n");
  printf ("  one frame from scratch (reset + seek):           %8.4f ms  (target <= 0.2 ms)\n", median (frame_ms, RUNS));
  printf ("  new replay + one frame:                          %8.4f ms\n", median (new_frame_ms, RUNS));
  return 0;
}
