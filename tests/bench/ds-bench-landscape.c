/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-bench-landscape.c: the synthetic landscape of the benchmarks; its own
 * PRNG (xorshift) so it is the same on every machine. */
#define G_LOG_DOMAIN "ds-bench-landscape"

#include "config.h"

#include <math.h>

#include "ds-bench-landscape.h"

static guint32
next (guint32 *state)
{
  guint32 x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

static double
uniform (guint32 *state)
{
  return (next (state) >> 8) / 16777216.0;
}

/* Zipf-like pick in [0, n): rank r with weight ~ 1 / (r + 1)^0.9. */
static guint
power_law_pick (guint32 *state,
                guint    n)
{
  double u = uniform (state);
  /* Inverse of the continuous CDF of x^-0.9 on [1, n + 1]. */
  double a = 0.1;
  double x = pow (1 + u * (pow (n + 1, a) - 1), 1 / a);
  guint r = (guint) x - 1;
  return MIN (r, n - 1);
}

DsLandscape *
ds_bench_landscape_new (guint   n_entities,
                        guint   n_deals,
                        guint32 seed)
{
  DsLandscape *ls = ds_landscape_new ();
  guint32 state = seed ? seed : 1;
  guint n_investors = n_entities * 2 / 5;
  guint n_companies = n_entities - n_investors;
  DsSource source = { "synthetic", "Synthetic benchmark landscape", "Dealscape", 20260101, NULL };
  static const DsInstrument instruments[] = {
    DS_INSTRUMENT_EQUITY, DS_INSTRUMENT_EQUITY, DS_INSTRUMENT_EQUITY, DS_INSTRUMENT_CONVERTIBLE_NOTE,
    DS_INSTRUMENT_SAFE,
  };

  ds_landscape_add_source (ls, &source);
  for (guint i = 0; i < n_entities; i++)
    {
      gboolean investor = i >= n_companies;
      g_autofree char *id = g_strdup_printf ("%s-%u", investor ? "fund" : "co", i);
      g_autofree char *name = g_strdup_printf ("%s %u", investor ? "Fund" : "Company", i);
      DsEntity e = { id, name, investor ? DS_ENTITY_INVESTOR : DS_ENTITY_COMPANY, DS_NONE, NULL };
      ds_landscape_add_entity (ls, &e);
    }
  for (guint i = 0; i < n_deals; i++)
    {
      g_autofree char *id = g_strdup_printf ("deal-%u", i);
      DsDeal d;
      int year = 2000 + (int) (uniform (&state) * 30);
      int month = 1 + (int) (uniform (&state) * 12);
      int day = 1 + (int) (uniform (&state) * 28);
      double amount = 1e5 * pow (10, uniform (&state) * 4);

      ds_deal_init (&d);
      d.id = id;
      d.investor = (DsIndex) (n_companies + power_law_pick (&state, n_investors));
      d.target = (DsIndex) power_law_pick (&state, n_companies);
      d.date = year * 10000 + month * 100 + day;
      d.amount_usd = amount;
      d.instrument = instruments[next (&state) % G_N_ELEMENTS (instruments)];
      d.status = DS_STATUS_CLOSED;
      if (d.instrument == DS_INSTRUMENT_EQUITY)
        {
          d.post_money_usd = amount * (4 + uniform (&state) * 16);
          d.pre_money_usd = d.post_money_usd - amount;
        }
      else
        {
          d.cap_usd = amount * 10;
          d.discount = 0.2;
        }
      d.source = 0;
      d.confidence = DS_CONFIDENCE_REPORTED;
      ds_landscape_add_deal (ls, &d);
    }
  ds_landscape_finish (ls);
  return ls;
}
