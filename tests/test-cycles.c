/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cycles.c: circular flows on hand-made landscapes whose cycles, totals
 * and closing dates are known (tests/data/cycles/landscape.json and graphs
 * built in code): grouping, dates, scenarios, lengths, limits. */
#define G_LOG_DOMAIN "test-cycles"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-cycles.h"
#include "ds-dataset.h"

/* The fixture (tests/data/cycles/landscape.json) has three cycles on the
 * landscape and one more in a scenario:
 *   A  Nvidia → CoreWeave → Nvidia: equity 2023-04 $100M one way, GPU
 *      purchases 2023-08-03 $1B, 2024-02 $500M and 2024-05 (undisclosed)
 *      back, three parallel deals on one edge.
 *   B  Amazon → Anthropic → Databricks → Amazon: the note of 2023-09-25
 *      ($1.25B), services 2024-01 ($200M, unconfirmed), and Databricks
 *      buying from AWS (parent amazon) 2024-06-15 ($300M, announced).
 *   C  Google → Character.AI → Google: equity 2024-08 ($2.7B), compute
 *      from Google Cloud (parent google) 2025-02 ($100M).
 *   D  (scenario openai-buys-azure) Microsoft → OpenAI → Microsoft: equity
 *      2023-01 ($10B), a hypothetical $8B Azure commitment 2025-01.
 * Lightspeed's investment in Anthropic is on no cycle. */

static DsLandscape *
fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "cycles", "landscape.json", NULL);
  DsLandscape *ls = ds_dataset_read_file (path, &error);

  g_assert_no_error (error);
  return ls;
}

static DsCycles *
find (DsLandscape *ls, const char *scenario, const DsCycleOptions *opts)
{
  g_autoptr(GError) error = NULL;
  DsIndex sc = scenario ? ds_landscape_find_scenario (ls, scenario) : DS_NONE;
  DsCycles *cycles;

  g_assert_true (scenario == NULL || sc != DS_NONE);
  cycles = ds_cycles_find (ls, sc, opts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cycles);
  return cycles;
}

static void
assert_path (const DsCycles *c, guint i, const char *expected)
{
  g_autofree char *path = ds_cycles_describe_path (c, i);
  g_assert_cmpstr (path, ==, expected);
}

/* The deal ids on edge k of cycle i, joined by spaces. */
static char *
edge_deals (const DsCycles *c, guint i, guint k)
{
  const DsCycleEdge *e = &c->edges[c->cycle_edges[c->cycles[i].first + k]];
  GString *out = g_string_new (NULL);

  for (guint j = 0; j < e->n_deals; j++)
    g_string_append_printf (out, "%s%s", j ? " " : "", ds_scenario_view_deal (c->view, c->deals[e->first_deal + j])->id);
  return g_string_free (out, FALSE);
}

static void
assert_edge_deals (const DsCycles *c, guint i, guint k, const char *expected)
{
  g_autofree char *ids = edge_deals (c, i, k);
  g_assert_cmpstr (ids, ==, expected);
}

static void
test_two_cycle_parallel (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsCycles) c = find (ls, NULL, NULL);
  const DsCycle *a;

  g_assert_cmpuint (c->n_cycles, ==, 3);
  g_assert_cmpuint (c->n_found, ==, 3);
  g_assert_false (c->truncated);
  g_assert_false (c->budget_exhausted);
  a = &c->cycles[0];
  /* Starts at Nvidia: its edge's first deal (2023-04) is the earliest. */
  assert_path (c, 0, "Nvidia → CoreWeave → Nvidia");
  g_assert_cmpuint (a->length, ==, 2);
  assert_edge_deals (c, 0, 0, "nvidia-coreweave-2023-04");
  /* The three purchases are one edge, by date. */
  assert_edge_deals (c, 0, 1, "coreweave-nvidia-2023-08 coreweave-nvidia-2024-02 coreweave-nvidia-2024-05");
  /* total 0.1 + 1 + 0.5 = $1.6B (the undisclosed one adds nothing);
   * edge totals $100M and $1.5B: $100M can go round. */
  g_assert_cmpfloat (a->total_usd, ==, 1.6e9);
  g_assert_cmpfloat (c->edges[c->cycle_edges[a->first + 1]].total_usd, ==, 1.5e9);
  g_assert_cmpfloat (a->circulating_usd, ==, 1e8);
  g_assert_cmpuint (a->n_deals, ==, 4);
  g_assert_cmpuint (a->n_undisclosed, ==, 1);
  /* Closed when the first purchase came back: max (2023-04, 2023-08-03). */
  g_assert_cmpint (a->closed_date, ==, 20230803);
  /* reported, reported, article, reported: the weakest is article. */
  g_assert_cmpint (a->confidence, ==, DS_CONFIDENCE_ARTICLE);
  g_assert_cmpint (c->members[a->first], ==, ds_landscape_find_entity (ls, "nvidia"));
}

static void
test_parent_group (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsCycles) c = find (ls, NULL, NULL);
  g_autoptr(DsCycles) flat = NULL;
  DsCycleOptions opts;
  const DsCycle *b = &c->cycles[1];

  /* AWS counts as Amazon: a three-cycle. */
  assert_path (c, 1, "Amazon → Anthropic → Databricks → Amazon");
  g_assert_cmpuint (b->length, ==, 3);
  assert_edge_deals (c, 1, 2, "databricks-aws-2024-06");
  g_assert_cmpint (c->edges[c->cycle_edges[b->first + 2]].to, ==, ds_landscape_find_entity (ls, "amazon"));
  /* 1.25 + 0.2 + 0.3 = $1.75B; the smallest edge is $200M. */
  g_assert_cmpfloat (b->total_usd, ==, 1.75e9);
  g_assert_cmpfloat (b->circulating_usd, ==, 2e8);
  g_assert_cmpint (b->closed_date, ==, 20240615);
  g_assert_cmpint (b->confidence, ==, DS_CONFIDENCE_UNCONFIRMED);
  g_assert_cmpuint (b->n_undisclosed, ==, 0);
  /* C comes last: Google Cloud is Google too; closed 2025-02. */
  assert_path (c, 2, "Google → Character.AI → Google");
  g_assert_cmpint (c->cycles[2].closed_date, ==, 20250200);
  g_assert_cmpfloat (c->cycles[2].total_usd, ==, 2.8e9);

  /* Without grouping only Nvidia and CoreWeave trade both ways. */
  ds_cycle_options_init (&opts);
  opts.group_by_parent = FALSE;
  flat = find (ls, NULL, &opts);
  g_assert_cmpuint (flat->n_cycles, ==, 1);
  assert_path (flat, 0, "Nvidia → CoreWeave → Nvidia");
}

/* The fixture's cycles of deals announced in [from, to]. */
static DsCycles *
find_range (DsLandscape *ls, DsDate from, DsDate to)
{
  DsCycleOptions opts;

  ds_cycle_options_init (&opts);
  opts.from = from;
  opts.to = to;
  return find (ls, NULL, &opts);
}

static void
test_date_range (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsCycles) to_2024 = find_range (ls, DS_DATE_NONE, 20241231);
  g_autoptr(DsCycles) to_2025 = find_range (ls, DS_DATE_NONE, 20250000);
  g_autoptr(DsCycles) to_june = find_range (ls, DS_DATE_NONE, 20240600);
  g_autoptr(DsCycles) to_june_14 = find_range (ls, DS_DATE_NONE, 20240614);
  g_autoptr(DsCycles) to_april = find_range (ls, DS_DATE_NONE, 20240400);
  g_autoptr(DsCycles) from_june_2023 = find_range (ls, 20230600, DS_DATE_NONE);
  g_autoptr(DsCycles) from_aug_1 = find_range (ls, 20240801, DS_DATE_NONE);
  g_autoptr(DsCycles) from_aug_2 = find_range (ls, 20240802, DS_DATE_NONE);

  /* C closes in 2025-02: a range to the end of 2024 does not have it. */
  g_assert_cmpuint (to_2024->n_cycles, ==, 2);
  assert_path (to_2024, 1, "Amazon → Anthropic → Databricks → Amazon");
  /* "to 2025" is all of 2025: C is back. */
  g_assert_cmpuint (to_2025->n_cycles, ==, 3);
  /* A partial "to" covers its month: 2024-06 includes 2024-06-15 (B) and
   * A's undisclosed purchase of 2024-05; the day before has no B. */
  g_assert_cmpuint (to_june->n_cycles, ==, 2);
  g_assert_cmpuint (to_june->cycles[0].n_deals, ==, 4);
  g_assert_cmpuint (to_june_14->n_cycles, ==, 1);
  /* To April 2024, A has the purchases before May only: 0.1 + 1 + 0.5. */
  g_assert_cmpuint (to_april->n_cycles, ==, 1);
  g_assert_cmpfloat (to_april->cycles[0].total_usd, ==, 1.6e9);
  g_assert_cmpuint (to_april->cycles[0].n_deals, ==, 3);
  g_assert_cmpuint (to_april->cycles[0].n_undisclosed, ==, 0);
  /* From 2023-06, Nvidia's 2023-04 investment is out, and A with it. */
  g_assert_cmpuint (from_june_2023->n_cycles, ==, 2);
  assert_path (from_june_2023, 0, "Amazon → Anthropic → Databricks → Amazon");
  /* A partial deal date counts as its first day: Google's "2024-08" is in
   * a range from 2024-08-01, not in one from 2024-08-02. */
  g_assert_cmpuint (from_aug_1->n_cycles, ==, 1);
  g_assert_cmpuint (from_aug_2->n_cycles, ==, 0);
}

static void
test_status (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsCycles) c = NULL;
  DsCycleOptions opts;

  /* Databricks' AWS deal is only announced. */
  ds_cycle_options_init (&opts);
  opts.statuses = 1u << DS_STATUS_CLOSED;
  c = find (ls, NULL, &opts);
  g_assert_cmpuint (c->n_cycles, ==, 2);
  assert_path (c, 0, "Nvidia → CoreWeave → Nvidia");
  assert_path (c, 1, "Google → Character.AI → Google");
}

static void
test_scenario (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsCycles) c = find (ls, "openai-buys-azure", NULL);
  g_autoptr(DsCycles) late = NULL;
  const DsCycle *d;

  /* The hypothetical Azure deal closes D in 2025-01, between B and C. */
  g_assert_cmpuint (c->n_cycles, ==, 4);
  assert_path (c, 2, "Microsoft → OpenAI → Microsoft");
  d = &c->cycles[2];
  assert_edge_deals (c, 2, 1, "hyp-openai-azure-2025");
  /* $10B + $8B; $8B can go round; the assumption is the weakest. */
  g_assert_cmpfloat (d->total_usd, ==, 1.8e10);
  g_assert_cmpfloat (d->circulating_usd, ==, 8e9);
  g_assert_cmpint (d->closed_date, ==, 20250100);
  g_assert_cmpint (d->confidence, ==, DS_CONFIDENCE_ASSUMPTION);
  /* The deal index is the view's: past the landscape's deals. */
  g_assert_cmpuint (c->deals[c->edges[c->cycle_edges[d->first + 1]].first_deal], >=, c->view->n_landscape_deals);

  /* Overrides count too: late-databricks moves the AWS purchase to
   * 2026-01, so B closes last. */
  late = find (ls, "late-databricks", NULL);
  g_assert_cmpuint (late->n_cycles, ==, 3);
  assert_path (late, 2, "Amazon → Anthropic → Databricks → Amazon");
  g_assert_cmpint (late->cycles[2].closed_date, ==, 20260100);
}

static void
test_exclude_instruments (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsCycles) c = NULL;
  g_autoptr(GError) error = NULL;
  DsCycleOptions opts;

  /* Every way back is an `other` deal: without them the graph is acyclic. */
  ds_cycle_options_init (&opts);
  g_assert_true (ds_cycle_options_exclude_instruments (&opts, " other , ", &error));
  g_assert_no_error (error);
  c = find (ls, NULL, &opts);
  g_assert_cmpuint (c->n_cycles, ==, 0);
  g_assert_cmpuint (c->n_cyclic_edges, ==, 0);
  g_assert_cmpuint (c->n_graph_edges, >, 0);

  g_assert_false (ds_cycle_options_exclude_instruments (&opts, "equity,warant", &error));
  g_assert_error (error, DS_CYCLES_ERROR, DS_CYCLES_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“warant”"));
  g_assert_nonnull (strstr (error->message, "convertible_note"));
}

/* ---- graphs built in code ---- */

static DsLandscape *
graph_new (guint n_entities)
{
  DsLandscape *ls = ds_landscape_new ();
  DsSource src = { "t", "test", "test", 20250000, NULL };

  ds_landscape_add_source (ls, &src);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autofree char *name = g_strdup_printf ("E%u", i);
      DsEntity e = { id, name, DS_ENTITY_COMPANY, DS_NONE, NULL };
      ds_landscape_add_entity (ls, &e);
    }
  return ls;
}

static void
graph_deal (DsLandscape *ls, guint from, guint to, DsDate date, double amount)
{
  g_autofree char *id = g_strdup_printf ("d%u", ls->deals->len);
  DsDeal d;

  ds_deal_init (&d);
  d.id = id;
  d.investor = from;
  d.target = to;
  d.date = date;
  d.amount_usd = amount;
  d.instrument = DS_INSTRUMENT_EQUITY;
  d.status = DS_STATUS_CLOSED;
  d.source = 0;
  d.confidence = DS_CONFIDENCE_REPORTED;
  ds_landscape_add_deal (ls, &d);
}

static void
test_acyclic (void)
{
  g_autoptr(DsLandscape) ls = graph_new (5);
  g_autoptr(DsCycles) c = NULL;

  /* A diamond with a tail and a parallel pair: no way back anywhere. */
  graph_deal (ls, 0, 1, 20200101, 1);
  graph_deal (ls, 0, 1, 20210101, 2);
  graph_deal (ls, 0, 2, 20200101, 1);
  graph_deal (ls, 1, 3, 20200101, 1);
  graph_deal (ls, 2, 3, 20200101, 1);
  graph_deal (ls, 3, 4, 20200101, 1);
  ds_landscape_finish (ls);
  c = find (ls, NULL, NULL);
  g_assert_cmpuint (c->n_cycles, ==, 0);
  g_assert_cmpuint (c->n_found, ==, 0);
  g_assert_false (c->truncated);
  g_assert_cmpuint (c->n_graph_vertices, ==, 5);
  g_assert_cmpuint (c->n_graph_edges, ==, 5);
  g_assert_cmpuint (c->n_cyclic_edges, ==, 0);
}

static void
test_max_length (void)
{
  g_autoptr(DsLandscape) ls = graph_new (5);
  DsCycleOptions opts;

  /* A ring of five, its last deal in 2024-05. */
  for (guint i = 0; i < 5; i++)
    graph_deal (ls, i, (i + 1) % 5, 20240100 + (i + 1) * 100, 10 * (i + 1));
  ds_landscape_finish (ls);
  ds_cycle_options_init (&opts);
  opts.max_length = 4;
  {
    g_autoptr(DsCycles) c = find (ls, NULL, &opts);
    g_assert_cmpuint (c->n_cycles, ==, 0);
    /* The ring is one component: the search was made and found nothing. */
    g_assert_cmpuint (c->n_cyclic_edges, ==, 5);
  }
  opts.max_length = 5;
  {
    g_autoptr(DsCycles) c = find (ls, NULL, &opts);
    g_assert_cmpuint (c->n_cycles, ==, 1);
    assert_path (c, 0, "E0 → E1 → E2 → E3 → E4 → E0");
    /* 10 + 20 + 30 + 40 + 50; the smallest edge 10. */
    g_assert_cmpfloat (c->cycles[0].total_usd, ==, 150);
    g_assert_cmpfloat (c->cycles[0].circulating_usd, ==, 10);
    g_assert_cmpint (c->cycles[0].closed_date, ==, 20240600);
  }

  /* The fixture's three-cycle needs length 3. */
  {
    g_autoptr(DsLandscape) fx = fixture ();
    g_autoptr(DsCycles) c = NULL;
    opts.max_length = 2;
    c = find (fx, NULL, &opts);
    g_assert_cmpuint (c->n_cycles, ==, 2);
    assert_path (c, 0, "Nvidia → CoreWeave → Nvidia");
    assert_path (c, 1, "Google → Character.AI → Google");
  }
}

/* A complete digraph on n vertices has sum over k of C(n, k) (k - 1)!
 * elementary cycles of length k: for n = 5, 10 two-cycles, 20 three-,
 * 30 four- and 24 five-cycles: 84. */
static void
test_complete_graph (void)
{
  g_autoptr(DsLandscape) ls = graph_new (5);
  DsCycleOptions opts;
  guint per_length[6] = { 0 };

  for (guint i = 0; i < 5; i++)
    for (guint j = 0; j < 5; j++)
      if (i != j)
        graph_deal (ls, i, j, 20200101 + (i * 5 + j), 1);
  ds_landscape_finish (ls);
  ds_cycle_options_init (&opts);
  {
    g_autoptr(DsCycles) c = find (ls, NULL, &opts);
    g_assert_cmpuint (c->n_cycles, ==, 84);
    for (guint i = 0; i < c->n_cycles; i++)
      {
        per_length[c->cycles[i].length]++;
        /* Every deal is $1: the total is the length. */
        g_assert_cmpfloat (c->cycles[i].total_usd, ==, c->cycles[i].length);
        if (i > 0)
          g_assert_cmpint (c->cycles[i - 1].closed_date, <=, c->cycles[i].closed_date);
      }
    g_assert_cmpuint (per_length[2], ==, 10);
    g_assert_cmpuint (per_length[3], ==, 20);
    g_assert_cmpuint (per_length[4], ==, 30);
    g_assert_cmpuint (per_length[5], ==, 24);
  }
  opts.max_length = 3;
  {
    g_autoptr(DsCycles) c = find (ls, NULL, &opts);
    g_assert_cmpuint (c->n_cycles, ==, 30);
  }
  /* The limit keeps the earliest: the first 2-cycle closes when e1 -> e0
   * (day 20200101 + 5) comes; the budget stops the search early. */
  opts.max_length = 5;
  opts.limit = 1;
  {
    g_autoptr(DsCycles) c = find (ls, NULL, &opts);
    g_assert_cmpuint (c->n_cycles, ==, 1);
    g_assert_true (c->truncated);
    assert_path (c, 0, "E0 → E1 → E0");
    g_assert_cmpint (c->cycles[0].closed_date, ==, 20200106);
  }
  opts.limit = 0;
  opts.max_steps = 20;
  {
    g_autoptr(DsCycles) c = find (ls, NULL, &opts);
    g_assert_true (c->budget_exhausted);
    g_assert_cmpuint (c->n_cycles, <, 84);
  }
}

/* Brute force for the random graphs below: simple paths from each start
 * through larger vertices only, so each cycle is counted once. */
static guint
brute_count (const guint8 *adj, guint n, guint start, guint at, guint depth, guint max_len, guint8 *used)
{
  guint count = 0;

  for (guint w = 0; w < n; w++)
    {
      if (!adj[at * n + w])
        continue;
      if (w == start && depth + 1 >= 2)
        count++;
      else if (w > start && !used[w] && depth + 1 < max_len)
        {
          used[w] = 1;
          count += brute_count (adj, n, start, w, depth + 1, max_len, used);
          used[w] = 0;
        }
    }
  return count;
}

static void
test_random_graphs (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);

  for (guint round = 0; round < 40; round++)
    {
      guint n = g_rand_int_range (rand, 3, 10);
      guint n_deals = g_rand_int_range (rand, n, n * 3);
      g_autoptr(DsLandscape) ls = graph_new (n);
      g_autofree guint8 *adj = g_new0 (guint8, n * n);
      guint8 used[16] = { 0 };
      DsCycleOptions opts;
      guint expected = 0;

      for (guint k = 0; k < n_deals; k++)
        {
          guint a = g_rand_int_range (rand, 0, n), b = g_rand_int_range (rand, 0, n);
          if (a == b)
            continue;
          adj[a * n + b] = 1;
          graph_deal (ls, a, b, 20200101 + g_rand_int_range (rand, 0, 28), g_rand_int_range (rand, 1, 100));
        }
      ds_landscape_finish (ls);
      ds_cycle_options_init (&opts);
      opts.max_length = g_rand_int_range (rand, 2, 7);
      opts.limit = 0;
      for (guint s0 = 0; s0 < n; s0++)
        expected += brute_count (adj, n, s0, s0, 0, opts.max_length, used);
      {
        g_autoptr(DsCycles) c = find (ls, NULL, &opts);
        g_assert_cmpuint (c->n_cycles, ==, expected);
        for (guint i = 0; i < c->n_cycles; i++)
          {
            const DsCycle *cy = &c->cycles[i];
            g_assert_cmpuint (cy->length, <=, opts.max_length);
            for (guint k = 0; k < cy->length; k++)
              {
                const DsCycleEdge *e = &c->edges[c->cycle_edges[cy->first + k]];
                g_assert_cmpint (e->from, ==, c->members[cy->first + k]);
                g_assert_cmpint (e->to, ==, c->members[cy->first + (k + 1) % cy->length]);
                g_assert_cmpint (e->first_date, <=, cy->closed_date);
              }
            if (i > 0)
              g_assert_cmpint (c->cycles[i - 1].closed_date, <=, cy->closed_date);
          }
      }
    }
}

static void
test_limit_and_marks (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsCycles) c = NULL;
  g_autoptr(DsCycles) all = NULL;
  g_autofree guint8 *deal_lit = NULL, *entity_lit = NULL;
  DsCycleOptions opts;

  ds_cycle_options_init (&opts);
  opts.limit = 1;
  c = find (ls, NULL, &opts);
  g_assert_cmpuint (c->n_cycles, ==, 1);
  g_assert_true (c->truncated);
  assert_path (c, 0, "Nvidia → CoreWeave → Nvidia");
  opts.limit = 0;
  all = find (ls, NULL, &opts);
  g_assert_cmpuint (all->n_cycles, ==, 3);
  g_assert_false (all->truncated);

  deal_lit = g_new (guint8, all->view->deals->len);
  entity_lit = g_new (guint8, ds_landscape_n_entities (ls));
  ds_cycles_mark_deals (all, deal_lit, entity_lit);
  g_assert_true (deal_lit[ds_landscape_find_deal (ls, "databricks-aws-2024-06")]);
  g_assert_true (deal_lit[ds_landscape_find_deal (ls, "coreweave-nvidia-2024-05")]);
  g_assert_false (deal_lit[ds_landscape_find_deal (ls, "lightspeed-anthropic-2025-03")]);
  g_assert_false (deal_lit[ds_landscape_find_deal (ls, "microsoft-openai-2023-01")]);
  /* Entities are the deals' own parties: AWS, not only Amazon. */
  g_assert_true (entity_lit[ds_landscape_find_entity (ls, "aws")]);
  g_assert_false (entity_lit[ds_landscape_find_entity (ls, "lightspeed")]);
  g_assert_false (entity_lit[ds_landscape_find_entity (ls, "azure")]);

  /* One cycle only: Nvidia → CoreWeave → Nvidia, the first to close. */
  ds_cycles_mark_cycle (all, 0, deal_lit);
  g_assert_true (deal_lit[ds_landscape_find_deal (ls, "coreweave-nvidia-2024-05")]);
  g_assert_false (deal_lit[ds_landscape_find_deal (ls, "databricks-aws-2024-06")]);
}

static void
test_bad_options (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(GError) error = NULL;
  DsCycleOptions opts;

  ds_cycle_options_init (&opts);
  opts.max_length = 1;
  g_assert_null (ds_cycles_find (ls, DS_NONE, &opts, &error));
  g_assert_error (error, DS_CYCLES_ERROR, DS_CYCLES_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2 to 12"));
  g_clear_error (&error);

  ds_cycle_options_init (&opts);
  opts.from = 20250300;
  opts.to = 20250200;
  g_assert_null (ds_cycles_find (ls, DS_NONE, &opts, &error));
  g_assert_error (error, DS_CYCLES_ERROR, DS_CYCLES_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "the date range is empty: from 2025-03 is after to 2025-02");
  g_clear_error (&error);
  /* The same month is not empty. */
  opts.to = 20250300;
  {
    g_autoptr(DsCycles) c = ds_cycles_find (ls, DS_NONE, &opts, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (c->n_cycles, ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cycles/two-cycle/parallel-deals", test_two_cycle_parallel);
  g_test_add_func ("/cycles/parent-group", test_parent_group);
  g_test_add_func ("/cycles/date-range", test_date_range);
  g_test_add_func ("/cycles/status", test_status);
  g_test_add_func ("/cycles/scenario", test_scenario);
  g_test_add_func ("/cycles/exclude-instruments", test_exclude_instruments);
  g_test_add_func ("/cycles/acyclic", test_acyclic);
  g_test_add_func ("/cycles/max-length", test_max_length);
  g_test_add_func ("/cycles/complete-graph", test_complete_graph);
  g_test_add_func ("/cycles/random-vs-brute-force", test_random_graphs);
  g_test_add_func ("/cycles/limit-and-marks", test_limit_and_marks);
  g_test_add_func ("/cycles/bad-options", test_bad_options);
  return g_test_run ();
}
