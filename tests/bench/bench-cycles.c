/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-cycles.c: the cycle search on the synthetic investor landscape
 * (80,000 and 1,000,000 deals) with a share of deals turned round (companies
 * buying from funds' groups) so that money can come back. Prints times. */
#define G_LOG_DOMAIN "bench-cycles"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ds-bench-graph.h"
#include "ds-bench-landscape.h"
#include "ds-cycles.h"

/* The synthetic landscape only has investors -> companies: no cycle. Add
 * `back` deals company -> investor, each end taken from a random existing
 * deal so that the ends follow the same heavy tails (busy companies buy the
 * most, busy funds sell the most), and give every 50th entity a parent. */
static void
add_way_back (DsLandscape *ls, guint back, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  guint nd = ls->deals->len, ne = ds_landscape_n_entities (ls);

  for (guint i = 0; i < back; i++)
    {
      const DsDeal *a = ds_landscape_deal (ls, g_rand_int_range (rand, 0, (gint32) nd));
      const DsDeal *b = ds_landscape_deal (ls, g_rand_int_range (rand, 0, (gint32) nd));
      g_autofree char *id = g_strdup_printf ("back-%u", i);
      DsDeal d = *a;

      d.id = id;
      d.investor = a->target;
      d.target = b->investor;
      d.date = 20000101 + g_rand_int_range (rand, 0, 30) * 10000 + g_rand_int_range (rand, 0, 12) * 100
               + g_rand_int_range (rand, 0, 28);
      d.instrument = DS_INSTRUMENT_OTHER;
      ds_landscape_add_deal (ls, &d);
    }
  for (guint i = 50; i < ne; i += 50)
    ds_landscape_entity (ls, i)->parent = (DsIndex) g_rand_int_range (rand, 0, (gint32) (i / 50));
  g_rand_free (rand);
}

static void
run (DsLandscape *ls, const char *label, guint max_length, guint limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsScenarioView) view = NULL;
  g_autoptr(DsCycles) cycles = NULL;
  DsCycleOptions opts;
  double t0, t1, t2;

  ds_cycle_options_init (&opts);
  opts.max_length = max_length;
  opts.limit = limit;
  t0 = ds_bench_cpu_seconds ();
  view = ds_scenario_view_new (ls, DS_NONE, &error);
  g_assert_no_error (error);
  t1 = ds_bench_cpu_seconds ();
  cycles = ds_cycles_find_in_view (view, &opts, &error);
  g_assert_no_error (error);
  t2 = ds_bench_cpu_seconds ();
  printf ("%-10s len<=%-2u limit %-5u  view %6.3f s  find %6.3f s  %7u groups %8u edges %8u cyclic  "
          "%5u cycles (%s%s), first closes %d, %" G_GUINT64_FORMAT " steps\n",
          label, max_length, limit, t1 - t0, t2 - t1, cycles->n_graph_vertices, cycles->n_graph_edges,
          cycles->n_cyclic_edges, cycles->n_cycles, cycles->truncated ? "limit reached" : "all",
          cycles->budget_exhausted ? ", budget out" : "",
          cycles->n_cycles ? cycles->cycles[0].closed_date : 0, cycles->n_steps);
}

int
main (int argc, char **argv)
{
  static const struct { guint entities, deals; const char *label; } sizes[] = {
    { 40000, 80000, "80k" },
    { 400000, 1000000, "1M" },
  };
  guint only = argc > 1 ? (guint) atoi (argv[1]) : 0;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(DsLandscape) ls = NULL;

      if (only && only != sizes[s].deals)
        continue;
      ls = ds_bench_landscape_new (sizes[s].entities, sizes[s].deals, 20261126);
      add_way_back (ls, sizes[s].deals / 20, 14);
      printf ("%s: %u entities, %u deals (%u of them back from companies to funds)\n", sizes[s].label,
              ds_landscape_n_entities (ls), ls->deals->len, sizes[s].deals / 20);
      run (ls, sizes[s].label, 2, 1000);
      run (ls, sizes[s].label, 3, 1000);
      run (ls, sizes[s].label, 6, 1000);
      run (ls, sizes[s].label, 6, 100000);
      run (ls, sizes[s].label, 12, 1000);
      run (ls, sizes[s].label, 2, 0);
      run (ls, sizes[s].label, 4, 0);
    }
  return 0;
}
