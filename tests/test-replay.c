/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-replay.c: replay of the bundled dataset: money to date, pending deals,
 * stakes by hand, Rainier's compute chain, and incremental = from scratch. */
#define G_LOG_DOMAIN "test-replay"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-dataset.h"
#include "ds-replay.h"
#include "ds-test-util.h"

static DsLandscape *
bundled (void)
{
  g_autoptr(GError) error = NULL;
  DsLandscape *ls = ds_dataset_read_bundled (&error);
  g_assert_no_error (error);
  return ls;
}

static DsReplay *
replay_for (DsLandscape *ls,
            const char  *scenario)
{
  g_autoptr(GError) error = NULL;
  DsIndex sc = scenario ? ds_landscape_find_scenario (ls, scenario) : DS_NONE;
  DsReplay *r;

  g_assert_true (scenario == NULL || sc != DS_NONE);
  r = ds_replay_new (ls, sc, &error);
  g_assert_no_error (error);
  return r;
}

static DsIndex
entity (DsLandscape *ls,
        const char  *id)
{
  DsIndex e = ds_landscape_find_entity (ls, id);
  g_assert_cmpint (e, !=, DS_NONE);
  return e;
}

static const DsStake *
stake_of (DsReplay    *r,
          DsIndex      company,
          DsIndex      holder)
{
  guint n;
  const DsStake *s = ds_replay_get_stakes (r, company, &n);
  for (guint i = 0; i < n; i++)
    if (s[i].entity == holder)
      return &s[i];
  return NULL;
}

/* Amazon's notes to Anthropic before 2025-06-01: $1.25B (2023-09-25),
 * $2.75B (2024-03), $4B (2024-11-22) = $8B. The 2025-07 note is later. */
static void
test_base_amazon_invested (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(DsReplay) r = replay_for (ls, "base");
  DsIndex amazon = entity (ls, "amazon"), anthropic = entity (ls, "anthropic");
  const DsFrame *f = ds_replay_seek (r, 20250601);

  g_assert_cmpfloat (ds_replay_edge_invested (r, amazon, anthropic), ==, 8e9);
  g_assert_cmpfloat (f->invested_out_usd[amazon], ==, 8e9);
  /* Anthropic received: Google $300M + $500M + $1.5B + $1B = $3.3B, Amazon
   * $8B, Lightspeed's Series E $3.5B: $14.8B. */
  g_assert_cmpfloat (f->invested_in_usd[anthropic], ==, 14.8e9);
  /* Before the first note: nothing. */
  ds_replay_seek (r, 20230924);
  g_assert_cmpfloat (ds_replay_edge_invested (r, amazon, anthropic), ==, 0);
  ds_replay_seek (r, 20230925);
  g_assert_cmpfloat (ds_replay_edge_invested (r, amazon, anthropic), ==, 1.25e9);
}

/* The 2025-07-09 note is negotiating: shown, pending, no money. Under
 * big-note-low-cap it is closed but closes 2025-09: pending until then. */
static void
test_pending_note (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(DsReplay) base = replay_for (ls, "base");
  g_autoptr(DsReplay) big = replay_for (ls, "big-note-low-cap");
  DsIndex note = ds_landscape_find_deal (ls, "amazon-anthropic-2025-07");
  const DsFrame *f;

  f = ds_replay_seek (base, 20250708);
  g_assert_false (f->deal_visible[note]);
  f = ds_replay_seek (base, 20250801);
  g_assert_true (f->deal_visible[note]);
  g_assert_true (f->deal_pending[note]);
  g_assert_cmpfloat (f->deal_invested_to_date[note], ==, 0);
  f = ds_replay_seek (base, 20300101);
  g_assert_true (f->deal_pending[note]);

  f = ds_replay_seek (big, 20250801);
  g_assert_true (f->deal_pending[note]);
  f = ds_replay_seek (big, 20250901);
  g_assert_false (f->deal_pending[note]);
  g_assert_cmpfloat (f->deal_invested_to_date[note], ==, 8e9);
}

/* Entities appear with their first dated fact: OpenAI with Microsoft's
 * 2019 deal, Anthropic with Google's 2023-04 deal. */
static void
test_entities_appear (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(DsReplay) r = replay_for (ls, "base");
  const DsFrame *f = ds_replay_seek (r, 20181231);

  g_assert_false (f->entity_visible[entity (ls, "openai")]);
  f = ds_replay_seek (r, 20190101);
  g_assert_true (f->entity_visible[entity (ls, "openai")]);
  f = ds_replay_seek (r, 20230331);
  g_assert_false (f->entity_visible[entity (ls, "anthropic")]);
  f = ds_replay_seek (r, 20230401);
  g_assert_true (f->entity_visible[entity (ls, "anthropic")]);
}

/* facts.md's worked chain, with Rainier's 2.2 GW (dated 2025) online on
 * 2025-06-01: 2.2e9 W / 1,000 W (Trainium2 facility_w) = 2.2e6 chips;
 * x 667e12 = 1.4674e21 FLOP/s; x 0.40 x 90 x 86,400 s = 4.5642e27 FLOP;
 * / 2.1e25 = 217.34 GPT-4s.
 * slow-buildout: 9 months late, so nothing on 2025-06-01; by 2026-06-01
 * 0.6 x 2.2 = 1.32 GW: 1.32e6 chips, 8.8044e20 FLOP/s, x 0.35 x 7,776,000 s
 * = 2.39621e27 FLOP = 114.105 GPT-4s. */
static void
test_rainier_compute (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(DsReplay) base = replay_for (ls, "base");
  g_autoptr(DsReplay) slow = replay_for (ls, "slow-buildout");
  DsIndex rainier = entity (ls, "project-rainier");
  const DsDatacenterFrame *dc;

  dc = &ds_replay_seek (base, 20250601)->datacenters[rainier];
  g_assert_true (dc->computed);
  g_assert_cmpint (dc->chip, ==, entity (ls, "trainium2"));
  g_assert_cmpfloat_with_epsilon (dc->result.accelerators, 2.2e6, 1e-6);
  g_assert_cmpfloat_with_epsilon (dc->result.peak_flops / 1.4674e21, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (dc->result.run_flop / 4.56420096e27, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (dc->result.gpt4_multiple, 217.343, 1e-3);
  /* facility_w of Trainium2 is an assumption in the dataset. */
  g_assert_true (dc->chip_flags & DS_VALUE_ASSUMED);

  dc = &ds_replay_seek (slow, 20250601)->datacenters[rainier];
  g_assert_true (dc->computed);
  g_assert_cmpfloat (dc->result.run_flop, ==, 0);
  g_assert_true (dc->power_flags & DS_VALUE_ASSUMED);
  dc = &ds_replay_seek (slow, 20260601)->datacenters[rainier];
  g_assert_cmpfloat_with_epsilon (dc->result.accelerators, 1.32e6, 1e-6);
  g_assert_cmpfloat_with_epsilon (dc->result.run_flop / 2.396205504e27, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (dc->result.gpt4_multiple, 114.105, 1e-3);
  g_assert_cmpfloat (dc->result.run_flop, <, 4.56420096e27);

  /* Cumulative since 2025-01-01 to 2025-01-11 under base: 10 days at
   * 5.8696e20 effective FLOP/s = 5.8696e20 x 864,000 = 5.0713e26. */
  ds_replay_set_compute_start (base, 20250101);
  dc = &ds_replay_seek (base, 20250111)->datacenters[rainier];
  g_assert_cmpfloat_with_epsilon (dc->cumulative_flop / 5.0713344e26, 1, 1e-9);
}

/* Anthropic's cap table under base, by hand, in value terms:
 * 2023-04 Google $300M, unpriced, with Google's known 10% of that month:
 *   post = 0.3 / 0.1 = $3B; Google 10%.
 * Notes (discount 20% by assumption, no interest, no cap): Amazon 1.25 + 2.75
 *   + 4 = $8B, Google 0.5 + 1.5 (the tranche, exercised) = $2B.
 * 2025-03-03 Series E, $3.5B at $58B pre: notes at the discount are worth
 *   10 / 0.8 = $12.5B of the pre-money, the old shares 58 - 12.5 = $45.5B.
 *   Amazon 10 / 61.5 = 16.2602%, Lightspeed 3.5 / 61.5 = 5.6911%,
 *   Google (4.55 + 2.5) / 61.5 = 11.4634%.
 * 2025-03 (end of month) Google's reported 14% re-anchors its line, the
 *   difference coming from the other holders: 1 - .14 - .162602 - .056911
 *   = 64.0488%. */
static void
test_base_stakes (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(DsReplay) r = replay_for (ls, "base");
  DsIndex anthropic = entity (ls, "anthropic");
  const DsStake *s;
  guint n;

  ds_replay_seek (r, 20250310);
  g_assert_cmpfloat_with_epsilon (stake_of (r, anthropic, entity (ls, "google"))->fraction, 7.05 / 61.5, 1e-12);
  ds_replay_seek (r, 20250601);
  g_assert_cmpfloat_with_epsilon (stake_of (r, anthropic, entity (ls, "amazon"))->fraction, 10 / 61.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (stake_of (r, anthropic, entity (ls, "lightspeed"))->fraction, 3.5 / 61.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (stake_of (r, anthropic, entity (ls, "google"))->fraction, 0.14, 1e-12);
  s = ds_replay_get_stakes (r, anthropic, &n);
  g_assert_cmpint (s[0].entity, ==, DS_NONE);
  g_assert_cmpfloat_with_epsilon (s[0].fraction, 1 - 0.14 - 10 / 61.5 - 3.5 / 61.5, 1e-12);
  /* Amazon's note terms are assumptions; Lightspeed's round is not. */
  g_assert_true (stake_of (r, anthropic, entity (ls, "amazon"))->flags & DS_VALUE_ASSUMED);
  g_assert_false (stake_of (r, anthropic, entity (ls, "lightspeed"))->flags & DS_VALUE_ASSUMED);
  g_assert_nonnull (strstr (stake_of (r, anthropic, entity (ls, "amazon"))->origin_text, "3 conversions"));

  /* Largest addition below 33% at the frame's valuation V, others adding
   * nothing: m = V (T - h) / (1 - h). */
  {
    const DsFrame *f = ds_replay_seek (r, 20250601);
    double h = 10 / 61.5, v = f->valuation_usd[anthropic];
    g_assert_true (isfinite (v));
    g_assert_cmpfloat_with_epsilon (stake_of (r, anthropic, entity (ls, "amazon"))->max_amount_usd / (v * (0.33 - h) / (1 - h)),
                                    1, 1e-9);
  }
}

/* big-note-low-cap, continuing the base computation above:
 * 2025-09 Series F, $13B at $183B post (170 pre): Amazon 10/61.5 x 170/183
 *   = 15.10507%. The 2025-07 note ($8B, cap $50B, 20% discount, closing
 *   2025-09) is signed after that round on the same day, so it waits.
 * 2026-03 Series G, $5B at $150B pre: cap price 50 / S0 beats the discounted
 *   price 0.8 x 150 / (1.16 S0), so P = 150 / (S0 (1 + 8/50)): the note gets
 *   0.16 S0 new units, and the pre-round company is 1.16 S0.
 *   Amazon = (0.1510507 + 0.16) / 1.16 x 150/155 = 25.94972%. */
static void
test_big_note_amazon (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(DsReplay) r = replay_for (ls, "big-note-low-cap");
  DsIndex anthropic = entity (ls, "anthropic"), amazon = entity (ls, "amazon");
  double after_f = 10 / 61.5 * 170 / 183;
  double after_g = (after_f + 0.16) / 1.16 * 150 / 155;
  const DsStake *s;

  ds_replay_seek (r, 20260201);
  s = stake_of (r, anthropic, amazon);
  g_assert_cmpfloat_with_epsilon (s->fraction, after_f, 1e-12);
  g_assert_cmpfloat (s->pending_usd, ==, 8e9);
  ds_replay_seek (r, 20260301);
  s = stake_of (r, anthropic, amazon);
  g_assert_cmpfloat_with_epsilon (s->fraction, after_g, 1e-12);
  g_assert_cmpfloat_with_epsilon (after_g, 0.2594972, 1e-7);
  g_assert_cmpfloat (s->pending_usd, ==, 0);
  g_assert_cmpfloat (s->invested_usd, ==, 16e9);
  /* Below 33%: no crossing. */
  g_assert_cmpint (s->first_crossing, ==, DS_DATE_NONE);
}

/* With the threshold at 25% in that scenario, Amazon first reaches it
 * with Series G (dated 2026-03), and can add nothing more. */
static void
test_threshold_crossing (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(GError) error = NULL;
  DsIndex sc = ds_landscape_find_scenario (ls, "big-note-low-cap");
  g_autoptr(DsReplay) r = NULL;
  const DsStake *s;

  g_assert_true (ds_scenario_set (ls, sc, "assumption.stake_threshold", "0.25", &error));
  g_assert_no_error (error);
  r = replay_for (ls, "big-note-low-cap");
  ds_replay_seek (r, 20260228);
  s = stake_of (r, entity (ls, "anthropic"), entity (ls, "amazon"));
  g_assert_cmpint (s->first_crossing, ==, DS_DATE_NONE);
  g_assert_cmpfloat (s->max_amount_usd, >, 0);
  ds_replay_seek (r, 20270101);
  s = stake_of (r, entity (ls, "anthropic"), entity (ls, "amazon"));
  /* At the round's own precision: "2026-03". */
  g_assert_cmpint (s->first_crossing, ==, 20260300);
  g_assert_cmpfloat (s->max_amount_usd, ==, 0);
}

static void
assert_frames_equal (const DsFrame *a,
                     const DsFrame *b)
{
  g_assert_cmpint (a->date, ==, b->date);
  for (guint e = 0; e < a->n_entities; e++)
    {
      g_assert_cmpint (a->entity_visible[e], ==, b->entity_visible[e]);
      g_assert_true (a->valuation_usd[e] == b->valuation_usd[e] ||
                     (isnan (a->valuation_usd[e]) && isnan (b->valuation_usd[e])));
      g_assert_cmpint (a->valuation_flags[e], ==, b->valuation_flags[e]);
      g_assert_true (a->revenue_run_rate_usd[e] == b->revenue_run_rate_usd[e] ||
                     (isnan (a->revenue_run_rate_usd[e]) && isnan (b->revenue_run_rate_usd[e])));
      g_assert_cmpfloat (a->invested_in_usd[e], ==, b->invested_in_usd[e]);
      g_assert_cmpfloat (a->invested_out_usd[e], ==, b->invested_out_usd[e]);
      g_assert_cmpint (a->datacenters[e].computed, ==, b->datacenters[e].computed);
      g_assert_cmpfloat (a->datacenters[e].result.run_flop, ==, b->datacenters[e].result.run_flop);
      g_assert_cmpfloat (a->datacenters[e].cumulative_flop, ==, b->datacenters[e].cumulative_flop);
    }
  for (guint d = 0; d < a->n_deals; d++)
    {
      g_assert_cmpint (a->deal_visible[d], ==, b->deal_visible[d]);
      g_assert_cmpint (a->deal_pending[d], ==, b->deal_pending[d]);
      g_assert_cmpfloat (a->deal_invested_to_date[d], ==, b->deal_invested_to_date[d]);
    }
}

/* One replay stepping monthly through 2019..2027 against a second one that
 * starts over for every date; and every company's stakes sum to 1. */
static void
test_incremental_equals_scratch (void)
{
  g_autoptr(DsLandscape) ls = bundled ();

  for (guint s = 0; s < ls->scenarios->len; s++)
    {
      const char *id = ds_landscape_scenario (ls, s)->id;
      g_autoptr(DsReplay) inc = replay_for (ls, id);
      g_autoptr(DsReplay) scratch = replay_for (ls, id);

      for (int k = 0; k < 9 * 12; k++)
        {
          DsDate date = ds_date_add_months (20190115, k);
          const DsFrame *a = ds_replay_seek (inc, date);
          const DsFrame *b;

          ds_replay_reset (scratch);
          b = ds_replay_seek (scratch, date);
          assert_frames_equal (a, b);
          for (guint e = 0; e < a->n_entities; e++)
            {
              guint na, nb;
              const DsStake *sa = ds_replay_get_stakes (inc, (DsIndex) e, &na);
              const DsStake *sb = ds_replay_get_stakes (scratch, (DsIndex) e, &nb);
              double sum = 0;

              g_assert_cmpuint (na, ==, nb);
              for (guint i = 0; i < na; i++)
                {
                  g_assert_cmpint (sa[i].entity, ==, sb[i].entity);
                  g_assert_cmpfloat (sa[i].fraction, ==, sb[i].fraction);
                  g_assert_cmpstr (sa[i].origin_text, ==, sb[i].origin_text);
                  g_assert_cmpfloat (sa[i].fraction, >=, 0);
                  sum += sa[i].fraction;
                }
              if (na > 0)
                g_assert_cmpfloat_with_epsilon (sum, 1, 1e-12);
              g_assert_null (ds_replay_get_company_problem (inc, (DsIndex) e));
            }
        }
    }
}

static gboolean
collect (const DsFrame *f,
         DsReplay      *replay,
         gpointer       data)
{
  g_array_append_val ((GArray *) data, f->date);
  return TRUE;
}

/* Month steps count from the start: Jan 31, Feb 29 (2000 is leap), Mar 31,
 * Apr 30, not Mar 29 after a clamped Feb 29. */
static void
test_steps (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(DsReplay) r = replay_for (ls, NULL);
  g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (DsDate));
  g_autoptr(GError) error = NULL;
  DsReplayStep step;

  g_assert_true (ds_replay_step_parse ("quarter", &step));
  g_assert_cmpint (step, ==, DS_REPLAY_STEP_QUARTER);
  g_assert_false (ds_replay_step_parse ("fortnight", &step));
  g_assert_true (ds_replay_run (r, 20000131, 20000430, DS_REPLAY_STEP_MONTH, collect, dates, &error));
  g_assert_cmpuint (dates->len, ==, 4);
  g_assert_cmpint (g_array_index (dates, DsDate, 1), ==, 20000229);
  g_assert_cmpint (g_array_index (dates, DsDate, 2), ==, 20000331);
  g_assert_cmpint (g_array_index (dates, DsDate, 3), ==, 20000430);
  g_assert_cmpint (ds_replay_step_advance (20001231, DS_REPLAY_STEP_WEEK), ==, 20010107);
  g_assert_false (ds_replay_run (r, 20010101, 20000101, DS_REPLAY_STEP_DAY, collect, dates, &error));
  g_assert_error (error, DS_REPLAY_ERROR, DS_REPLAY_ERROR_INVALID);
}

/* The valuation's basis: Anthropic's last priced round before 2026-04-01 is
 * Series F (2025-09, $183B post-money), 7 calendar months and 212 days
 * (2025-09-01 .. 2026-04-01) before; the value is $183B times the growth. */
static void
test_valuation_basis (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(DsReplay) r = replay_for (ls, "base");
  DsIndex anthropic = entity (ls, "anthropic");
  DsValuationBasis b;
  const DsFrame *f;

  g_assert_false (ds_replay_get_valuation_basis (r, anthropic, &b));
  g_assert_cmpint (b.base_deal, ==, DS_NONE);

  f = ds_replay_seek (r, 20260401);
  g_assert_true (ds_replay_get_valuation_basis (r, anthropic, &b));
  g_assert_cmpint (b.base_deal, !=, DS_NONE);
  g_assert_cmpstr (ds_scenario_view_deal (ds_replay_get_view (r), b.base_deal)->id, ==, "anthropic-series-f-2025-09");
  g_assert_cmpint (b.base_date, ==, 20250900);
  g_assert_cmpfloat (b.base_valuation_usd, ==, 183e9);
  g_assert_true (b.projected);
  g_assert_cmpint (b.projected_months, ==, 7);
  g_assert_cmpfloat_with_epsilon (b.projected_years, 212.0 / 365.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (b.growth_factor * b.base_valuation_usd, f->valuation_usd[anthropic], 1e-3);
  g_assert_true (b.growth_factor > 1);

  /* On the day of Series E: that round, not projected. Seeking back works. */
  ds_replay_seek (r, 20250303);
  g_assert_true (ds_replay_get_valuation_basis (r, anthropic, &b));
  g_assert_cmpstr (ds_scenario_view_deal (ds_replay_get_view (r), b.base_deal)->id, ==, "anthropic-series-e-2025-03");
  g_assert_false (b.projected);
  g_assert_cmpint (b.projected_months, ==, 0);
  g_assert_cmpfloat (b.growth_factor, ==, 1);
}

enum { CO_A = DS_TEST_CO_A, CO_B = DS_TEST_CO_B, CO_C = DS_TEST_CO_C, FUND = DS_TEST_FUND };

/* FUND's fraction of each company in January 2025 (-1: no line). */
static void
fund_fractions (DsLandscape *ls,
                DsDate       date,
                double       out[3])
{
  g_autoptr(DsReplay) r = replay_for (ls, NULL);

  ds_replay_seek (r, date);
  for (DsIndex c = CO_A; c <= CO_C; c++)
    {
      const DsStake *s = stake_of (r, c, FUND);
      out[c] = s != NULL ? s->fraction : -1;
    }
}

/* A stake metric names its company (stake_fraction:ID), or is placed in
 * the one company its holder has stakes in; with several it is left out,
 * and each of them says so (Microsoft's 27 % of OpenAI became 27 % of
 * G42, its latest stake-bearing deal, before). */
static void
test_known_stakes (void)
{
  double f[3];

  {
    /* Plain, FUND in A and B by then: left out, 10 % and 10 % stay. */
    g_autoptr(DsLandscape) ls = ds_test_two_stakes ("stake_fraction", 20241200, 0.3);
    g_autoptr(DsReplay) r = replay_for (ls, NULL);

    ds_replay_seek (r, 20250115);
    g_assert_cmpfloat_with_epsilon (stake_of (r, CO_A, FUND)->fraction, 0.1, 1e-12);
    g_assert_cmpfloat_with_epsilon (stake_of (r, CO_B, FUND)->fraction, 0.1, 1e-12);
    g_assert_nonnull (strstr (ds_replay_get_company_problem (r, CO_A), "name the metric stake_fraction:a"));
    g_assert_nonnull (strstr (ds_replay_get_company_problem (r, CO_B), "name the metric stake_fraction:b"));
    g_assert_null (ds_replay_get_company_problem (r, CO_C));
  }
  {
    /* Named: A's line becomes 30 %, B's stays. */
    g_autoptr(DsLandscape) ls = ds_test_two_stakes ("stake_fraction:a", 20241200, 0.3);
    g_autoptr(DsReplay) r = replay_for (ls, NULL);

    ds_replay_seek (r, 20250115);
    g_assert_cmpfloat_with_epsilon (stake_of (r, CO_A, FUND)->fraction, 0.3, 1e-12);
    g_assert_cmpfloat_with_epsilon (stake_of (r, CO_B, FUND)->fraction, 0.1, 1e-12);
    g_assert_null (ds_replay_get_company_problem (r, CO_A));
    g_assert_null (ds_replay_get_company_problem (r, CO_B));
  }
  {
    /* Named, a company FUND has no deal in: a line of its own. */
    g_autoptr(DsLandscape) ls = ds_test_two_stakes ("stake_fraction:c", 20241200, 0.2);

    fund_fractions (ls, 20250115, f);
    g_assert_cmpfloat_with_epsilon (f[CO_A], 0.1, 1e-12);
    g_assert_cmpfloat_with_epsilon (f[CO_B], 0.1, 1e-12);
    g_assert_cmpfloat_with_epsilon (f[CO_C], 0.2, 1e-12);
  }
  {
    /* Plain, before the round in B: FUND holds only A, so it is A's. */
    g_autoptr(DsLandscape) ls = ds_test_two_stakes ("stake_fraction", 20240300, 0.3);

    fund_fractions (ls, 20240415, f);
    g_assert_cmpfloat_with_epsilon (f[CO_A], 0.3, 1e-12);
    g_assert_cmpfloat (f[CO_B], ==, -1);
    g_assert_cmpfloat (f[CO_C], ==, -1);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/replay/base/amazon-invested", test_base_amazon_invested);
  g_test_add_func ("/replay/base/pending-note", test_pending_note);
  g_test_add_func ("/replay/base/entities-appear", test_entities_appear);
  g_test_add_func ("/replay/base/stakes", test_base_stakes);
  g_test_add_func ("/replay/base/valuation-basis", test_valuation_basis);
  g_test_add_func ("/replay/compute/rainier", test_rainier_compute);
  g_test_add_func ("/replay/big-note/amazon-stake", test_big_note_amazon);
  g_test_add_func ("/replay/big-note/threshold", test_threshold_crossing);
  g_test_add_func ("/replay/incremental-equals-scratch", test_incremental_equals_scratch);
  g_test_add_func ("/replay/steps", test_steps);
  g_test_add_func ("/replay/known-stakes", test_known_stakes);
  return g_test_run ();
}
