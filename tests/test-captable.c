/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-captable.c: the valuation engine against the vectors of
 * valuation-math.md (N1, S1, pre/post SAFE, threshold) and hand-computed cases. */
#define G_LOG_DOMAIN "test-captable"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-captable.h"

/* Percentages given to two decimals in valuation-math.md: within half a
 * hundredth of a percentage point. */
#define STATED_PCT 5e-5

static DsDate
D (const char *text)
{
  DsDate d = DS_DATE_NONE;
  g_assert_true (ds_date_parse (text, &d, NULL));
  return d;
}

static double
frac (DsCapTable *t,
      gint        key)
{
  gint i = ds_cap_table_find_holder (t, key);
  g_assert_cmpint (i, >=, 0);
  return ds_cap_table_fraction (t, i);
}

enum { FOUNDERS = DS_CAP_TABLE_OTHERS_KEY, NOTE = 1, NEW = 2, SAFE_A = 3, SAFE_B = 4,
       GOOGLE = 10, AMAZON = 11, LIGHTSPEED = 12, X = 13 };

/* N1: 4,000,000 shares; $500,000 note at 6% for 1.5 years -> A = $545,000;
 * 20% discount, $10M cap; $5M at $20M pre. Cap price 10M / 4M = $2.50;
 * cap wins: P = 20M / (4M x (1 + 545,000 / 10M)) = 20M / 4,218,000 = $4.74158;
 * note shares 545,000 / 2.5 = 218,000; new shares 5M / P = 1,054,500;
 * total 5,272,500: note 4.1347%, new 20.0000%, existing 75.8654%. */
static void
test_note_n1 (void)
{
  g_assert_cmpfloat_with_epsilon (ds_note_accrued (500000, 0.06, 1.5), 545000, 1e-6);

  g_autoptr(DsCapTable) t = ds_cap_table_new (4000000);
  ds_cap_table_add_note (t, NOTE, "note holder", ds_note_accrued (500000, 0.06, 1.5),
                         0, DS_DATE_NONE, 0.20, 10e6, FALSE, -1);

  DsInvestment inv = { .key = NEW, .name = "Series A", .amount = 5e6 };
  DsRound r;
  ds_round_init (&r, D ("2024-07-01"));
  r.pre_money = 20e6;
  r.investments = &inv;
  r.n_investments = 1;

  DsRoundResult res;
  g_autoptr(GError) error = NULL;
  g_assert_true (ds_cap_table_apply_round (t, &r, &res, &error));
  g_assert_no_error (error);

  g_assert_cmpfloat_with_epsilon (res.price, 4.7416, 5e-5);
  g_assert_cmpfloat_with_epsilon (res.conversion_shares, 218000, 1e-3);
  g_assert_cmpfloat_with_epsilon (res.new_shares, 1054500, 1e-3);
  g_assert_cmpfloat_with_epsilon (res.shares_after, 5272500, 1e-3);
  g_assert_cmpfloat_with_epsilon (frac (t, NOTE), 0.0413, STATED_PCT);
  g_assert_cmpfloat_with_epsilon (frac (t, NEW), 0.2000, STATED_PCT);
  g_assert_cmpfloat_with_epsilon (frac (t, FOUNDERS), 0.7587, STATED_PCT);
  g_assert_cmpfloat_with_epsilon (frac (t, NOTE), 218000.0 / 5272500, 1e-12);

  const DsConvertible *c = ds_cap_table_get_convertible (t, 0);
  g_assert_true (c->converted);
  g_assert_true (c->at_cap);
  g_assert_cmpfloat_with_epsilon (c->price, 2.5, 1e-9);
  /* The round is the valuation of record: post = 20M + 5M. */
  double post;
  g_assert_true (ds_cap_table_last_post_money (t, &post, NULL));
  g_assert_cmpfloat (post, ==, 25e6);
}

/* N1 again with the interest from dates: 2023-01-01 to 2024-07-02 is
 * 365 + 183 = 548 days, A = 500,000 x (1 + 0.06 x 548 / 365) = $545,041.10;
 * note shares 218,016.4, P = 20M / 4,218,016.4 = 4.74157, new 1,054,504.1,
 * total 5,272,520.5: note 4.1350%, new 20.0000%, existing 75.8651%:
 * still the stated 4.13 / 20.00 / 75.87. */
static void
test_note_n1_dates (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new (4000000);
  ds_cap_table_add_note (t, NOTE, NULL, 500000, 0.06, D ("2023-01-01"), 0.20, 10e6, FALSE, 7);

  g_assert_cmpfloat_with_epsilon (ds_cap_table_pending_usd (t, 1, D ("2024-07-02")),
                                  545041.0959, 1e-3);
  g_assert_cmpfloat (frac (t, NOTE), ==, 0);

  DsInvestment inv = { .key = NEW, .amount = 5e6 };
  DsRound r;
  ds_round_init (&r, D ("2024-07-02"));
  r.pre_money = 20e6;
  r.investments = &inv;
  r.n_investments = 1;
  g_assert_true (ds_cap_table_apply_round (t, &r, NULL, NULL));

  g_assert_cmpfloat_with_epsilon (frac (t, NOTE), 0.0413, STATED_PCT);
  g_assert_cmpfloat_with_epsilon (frac (t, NEW), 0.2000, STATED_PCT);
  g_assert_cmpfloat_with_epsilon (frac (t, FOUNDERS), 0.7587, STATED_PCT);
  g_assert_cmpint (ds_cap_table_get_convertible (t, 0)->tag, ==, 7);
  g_assert_cmpfloat (ds_cap_table_pending_usd (t, 1, D ("2024-07-02")), ==, 0);
}

/* Discount wins: 1,000,000 shares; $1M note, no interest, 20% discount, $50M
 * cap; $5M at $10M pre. Cap price 50 is far above; discount wins:
 * P = (10M - 1M / 0.8) / 1M = $8.75, note price 7.00, note shares 142,857.14,
 * new shares 571,428.57, total 1,714,285.71: note 1/12, new 1/3, founders 7/12. */
static void
test_note_discount_wins (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new (1000000);
  ds_cap_table_add_note (t, NOTE, NULL, 1e6, 0, DS_DATE_NONE, 0.20, 50e6, FALSE, -1);

  DsInvestment inv = { .key = NEW, .amount = 5e6 };
  DsRound r;
  ds_round_init (&r, D ("2024-01-01"));
  r.pre_money = 10e6;
  r.investments = &inv;
  r.n_investments = 1;
  DsRoundResult res;
  g_assert_true (ds_cap_table_apply_round (t, &r, &res, NULL));

  g_assert_cmpfloat_with_epsilon (res.price, 8.75, 1e-9);
  g_assert_false (ds_cap_table_get_convertible (t, 0)->at_cap);
  g_assert_cmpfloat_with_epsilon (ds_cap_table_get_convertible (t, 0)->price, 7.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (res.conversion_shares, 1e6 / 7, 1e-4);
  g_assert_cmpfloat_with_epsilon (frac (t, NOTE), 1.0 / 12, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, NEW), 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, FOUNDERS), 7.0 / 12, 1e-12);
}

/* A note converting at a date at a given valuation, in value terms: others
 * 1.0; $2M at 10% from 2025-01-01, $8M cap, no discount; converts on
 * 2026-01-01 (365 days: A = $2.2M) at $20M pre-money. Cap price 8M per unit;
 * n = 2.2 / 8 = 0.275; P = 20M / 1.275 = 15.69M > 8M, so the cap holds.
 * Holder: 0.275 / 1.275 = 21.5686%. No priced round: no post-money of record. */
static void
test_note_convert_at_date (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new_value_terms ();
  guint ci = ds_cap_table_add_note (t, NOTE, "lender", 2e6, 0.10, D ("2025-01-01"),
                                    0, 8e6, FALSE, -1);

  g_autoptr(GError) error = NULL;
  g_assert_true (ds_cap_table_convert (t, ci, D ("2026-01-01"), 20e6, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (frac (t, NOTE), 0.275 / 1.275, 1e-12);
  g_assert_cmpfloat_with_epsilon (ds_cap_table_get_convertible (t, ci)->converted_amount,
                                  2.2e6, 1e-6);
  g_assert_false (ds_cap_table_last_post_money (t, NULL, NULL));

  g_autofree char *why = ds_cap_table_describe_origin (t, ds_cap_table_find_holder (t, NOTE));
  g_assert_cmpstr (why, ==, "conversion");
}

/* S1 (YC user guide, example 1), hand-computed to more digits:
 * B = 10M / (1 - 0.05 - 0.10) = 11,764,705.88; SAFE A 588,235.29, SAFE B
 * 1,176,470.59; pre-money shares with the pool 13,459,705.88;
 * P = 15M / 13,459,705.88 = 1.114437; new shares 4,486,568.63;
 * total 17,946,274.51: earlier 55.7219%, pool 9.4449%, A 3.2778%,
 * B 6.5555%, Series A 25.0000%. */
static void
test_safe_s1 (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new (10000000);
  ds_cap_table_add_safe (t, DS_CONVERTIBLE_SAFE_POST, SAFE_A, "SAFE A", 200000, 0, 4e6, FALSE, -1);
  ds_cap_table_add_safe (t, DS_CONVERTIBLE_SAFE_POST, SAFE_B, "SAFE B", 800000, 0, 8e6, FALSE, -1);

  DsInvestment inv = { .key = NEW, .name = "Series A", .amount = 5e6 };
  DsRound r;
  ds_round_init (&r, D ("2024-01-01"));
  r.pre_money = 15e6;
  r.pool_shares = 1695000;
  r.investments = &inv;
  r.n_investments = 1;
  DsRoundResult res;
  g_assert_true (ds_cap_table_apply_round (t, &r, &res, NULL));

  g_assert_cmpfloat_with_epsilon (res.price, 1.1144, 5e-5);
  g_assert_cmpfloat_with_epsilon (ds_cap_table_get_convertible (t, 0)->shares, 588235.29, 0.01);
  g_assert_cmpfloat_with_epsilon (ds_cap_table_get_convertible (t, 1)->shares, 1176470.59, 0.01);
  g_assert_cmpfloat_with_epsilon (res.new_shares, 4486568.63, 0.5);
  g_assert_cmpfloat_with_epsilon (res.shares_after, 17946274.51, 0.5);

  g_assert_cmpfloat_with_epsilon (frac (t, FOUNDERS), 0.5572, STATED_PCT);
  g_assert_cmpfloat_with_epsilon (frac (t, DS_CAP_TABLE_POOL_KEY), 0.0944, STATED_PCT);
  g_assert_cmpfloat_with_epsilon (frac (t, SAFE_A), 0.0328, STATED_PCT);
  g_assert_cmpfloat_with_epsilon (frac (t, SAFE_B), 0.0656, STATED_PCT);
  g_assert_cmpfloat_with_epsilon (frac (t, NEW), 0.2500, STATED_PCT);
  g_assert_cmpfloat_with_epsilon (frac (t, DS_CAP_TABLE_POOL_KEY), 0.094449, 1e-6);
}

/* Two $2M SAFEs, 10M shares, converted at a $20M pre-money (above the caps).
 * Pre-money cap $8M: cap price 8M / 10M = 0.8, each gets 2.5M shares;
 * 5M / 15M = 33.3%. Post-money cap $10M: each owns 2 / 10 = 20% of B, 40%
 * together. With $5M of new money at $20M pre the new investors take 20% and
 * the SAFEs are diluted by 0.8: 26.67% and 32%. */
static void
safe_pair (DsConvertibleKind kind,
           double            cap,
           double            new_money,
           double            expect)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new (10e6);
  ds_cap_table_add_safe (t, kind, SAFE_A, NULL, 2e6, 0, cap, FALSE, -1);
  ds_cap_table_add_safe (t, kind, SAFE_B, NULL, 2e6, 0, cap, FALSE, -1);

  DsInvestment inv = { .key = NEW, .amount = new_money };
  DsRound r;
  ds_round_init (&r, D ("2024-01-01"));
  r.pre_money = 20e6;
  r.investments = &inv;
  r.n_investments = new_money > 0 ? 1 : 0;
  g_assert_true (ds_cap_table_apply_round (t, &r, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (frac (t, SAFE_A) + frac (t, SAFE_B), expect, 1e-12);
}

static void
test_safe_pre_vs_post (void)
{
  safe_pair (DS_CONVERTIBLE_SAFE_PRE, 8e6, 0, 1.0 / 3);
  safe_pair (DS_CONVERTIBLE_SAFE_POST, 10e6, 0, 0.40);
  safe_pair (DS_CONVERTIBLE_SAFE_PRE, 8e6, 5e6, 0.8 / 3);
  safe_pair (DS_CONVERTIBLE_SAFE_POST, 10e6, 5e6, 0.32);
}

/* A post-money SAFE in a down round: 10M shares; $2M SAFE, $10M post-money
 * cap, 20% discount; $1M at $5M pre. At the cap it would own 2 / 10 of
 * B = 12.5M at 0.80 a share, but the round prices far lower, so the
 * discount wins: P x 10M + 2M / 0.8 = 5M -> P = 0.25, SAFE price 0.20,
 * 10M SAFE shares, 4M new shares, total 24M: SAFE 5/12, new 1/6. */
static void
test_safe_post_discount_wins (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new (10e6);
  ds_cap_table_add_safe (t, DS_CONVERTIBLE_SAFE_POST, SAFE_A, NULL, 2e6, 0.20, 10e6, FALSE, -1);

  DsInvestment inv = { .key = NEW, .amount = 1e6 };
  DsRound r;
  ds_round_init (&r, D ("2024-01-01"));
  r.pre_money = 5e6;
  r.investments = &inv;
  r.n_investments = 1;
  DsRoundResult res;
  g_assert_true (ds_cap_table_apply_round (t, &r, &res, NULL));
  g_assert_cmpfloat_with_epsilon (res.price, 0.25, 1e-12);
  g_assert_false (ds_cap_table_get_convertible (t, 0)->at_cap);
  g_assert_cmpfloat_with_epsilon (ds_cap_table_get_convertible (t, 0)->shares, 10e6, 1e-4);
  g_assert_cmpfloat_with_epsilon (frac (t, SAFE_A), 5.0 / 12, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, NEW), 1.0 / 6, 1e-12);
}

/* Value terms, two rounds. Google 10% at the start. Round 1 (2023-10-27):
 * post $20B, Google $2B, X $1B: x = 0.15; Google 0.1 x 0.85 + 0.1 = 0.185,
 * X 0.05, others 0.9 x 0.85 = 0.765. Round 2 (2025-03-03): Lightspeed $3.5B
 * at $61.5B post: x = 0.0569106; Google 0.185 x 0.9430894 = 0.1744715,
 * X 0.0471545, Lightspeed 0.0569106, others 0.7214634. */
static void
test_value_two_rounds (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new_value_terms ();
  g_assert_true (ds_cap_table_set_fraction (t, GOOGLE, "Google", 0.10, D ("2023-04"), NULL));

  DsInvestment r1i[] = { { .key = GOOGLE, .amount = 2e9 }, { .key = X, .name = "X", .amount = 1e9 } };
  DsRound r;
  ds_round_init (&r, D ("2023-10-27"));
  r.post_money = 20e9;
  r.investments = r1i;
  r.n_investments = 2;
  g_assert_true (ds_cap_table_apply_round (t, &r, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (frac (t, GOOGLE), 0.185, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, X), 0.05, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, FOUNDERS), 0.765, 1e-12);
  g_assert_cmpfloat_with_epsilon (ds_stake_after_round (0.10, 2e9, 3e9, 20e9), 0.185, 1e-12);

  DsInvestment r2i = { .key = LIGHTSPEED, .name = "Lightspeed", .amount = 3.5e9 };
  ds_round_init (&r, D ("2025-03-03"));
  r.post_money = 61.5e9;
  r.investments = &r2i;
  r.n_investments = 1;
  g_assert_true (ds_cap_table_apply_round (t, &r, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (frac (t, GOOGLE), 0.1744715, 1e-7);
  g_assert_cmpfloat_with_epsilon (frac (t, X), 0.0471545, 1e-7);
  g_assert_cmpfloat_with_epsilon (frac (t, LIGHTSPEED), 0.0569106, 1e-7);
  g_assert_cmpfloat_with_epsilon (frac (t, FOUNDERS), 0.7214634, 1e-7);

  g_autofree char *why = ds_cap_table_describe_origin (t, ds_cap_table_find_holder (t, GOOGLE));
  g_assert_cmpstr (why, ==, "known stake, round, diluted");
  const DsHolder *g = ds_cap_table_get_holder (t, ds_cap_table_find_holder (t, GOOGLE));
  g_assert_cmpuint (g->n_dilutions, ==, 1);
  g_assert_cmpfloat (g->invested_usd, ==, 2e9);
}

/* A note held as debt until a priced round converts it. Amazon $4B, no
 * interest, 20% discount, no cap: fraction 0, $4B pending. Then $3.5B at
 * $61.5B post (pre $58B): discount wins, P x n = 4 / 0.8 = $5B, so
 * P = 58 - 5 = $53B per unit, n = 4 / (0.8 x 53) = 0.0943396; Amazon holds
 * 5 / 61.5 = 8.1301%, Lightspeed 3.5 / 61.5, others 53 / 61.5. */
static void
test_note_pending_then_converts (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new_value_terms ();
  ds_cap_table_add_note (t, AMAZON, "Amazon", 4e9, 0, D ("2023-09-25"), 0.20, NAN, FALSE, -1);

  guint a = ds_cap_table_find_holder (t, AMAZON);
  g_assert_cmpfloat (ds_cap_table_fraction (t, a), ==, 0);
  g_assert_cmpfloat (ds_cap_table_pending_usd (t, a, D ("2024-01-01")), ==, 4e9);
  g_autofree char *why = ds_cap_table_describe_origin (t, a);
  g_assert_cmpstr (why, ==, "pending conversion");

  DsInvestment inv = { .key = LIGHTSPEED, .amount = 3.5e9 };
  DsRound r;
  ds_round_init (&r, D ("2025-03-03"));
  r.post_money = 61.5e9;
  r.investments = &inv;
  r.n_investments = 1;
  DsRoundResult res;
  g_assert_true (ds_cap_table_apply_round (t, &r, &res, NULL));
  g_assert_cmpfloat_with_epsilon (res.price, 53e9, 1e-3);
  g_assert_cmpfloat_with_epsilon (frac (t, AMAZON), 5 / 61.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, LIGHTSPEED), 3.5 / 61.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, FOUNDERS), 53 / 61.5, 1e-12);
}

/* Tranches: $1.25B note now, $2.75B as an option, both 20% discount, no cap,
 * then the $3.5B at $61.5B round. Not exercised: A = 1.25B, Amazon holds
 * 1.25 / 0.8 / 61.5 = 2.5407%. Exercised: 4 / 0.8 / 61.5 = 8.1301%. */
static void
tranche_case (gboolean exercise,
              double   expect)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new_value_terms ();
  ds_cap_table_set_exercise_options (t, exercise);
  ds_cap_table_add_note (t, AMAZON, NULL, 1.25e9, 0, D ("2023-09-25"), 0.20, NAN, FALSE, -1);
  ds_cap_table_add_note (t, AMAZON, NULL, 2.75e9, 0, D ("2024-03"), 0.20, NAN, TRUE, -1);
  guint a = ds_cap_table_find_holder (t, AMAZON);
  g_assert_cmpfloat (ds_cap_table_pending_usd (t, a, DS_DATE_NONE), ==, exercise ? 4e9 : 1.25e9);

  DsInvestment inv = { .key = LIGHTSPEED, .amount = 3.5e9 };
  DsRound r;
  ds_round_init (&r, D ("2025-03-03"));
  r.post_money = 61.5e9;
  r.investments = &inv;
  r.n_investments = 1;
  g_assert_true (ds_cap_table_apply_round (t, &r, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (ds_cap_table_fraction (t, a), expect, 1e-12);
  g_assert_cmpuint (ds_cap_table_get_holder (t, a)->n_conversions, ==, exercise ? 2 : 1);
}

static void
test_tranche_not_exercised (void)
{
  tranche_case (FALSE, 1.25 / 0.8 / 61.5);
  tranche_case (TRUE, 4 / 0.8 / 61.5);
}

/* Pro-rata: G at 20%; others put $8M into a round at $100M post with G
 * taking its pro-rata: M = 8 / (1 - 0.2) = $10M, G pays $2M, pre = $90M;
 * G after = 0.2 x 0.9 + 2 / 100 = 0.20. YC side letter: A = 5%, S = 20%:
 * 0.05 / 0.8 - 0.05 = 1.25%. */
static void
test_pro_rata (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new_value_terms ();
  g_assert_true (ds_cap_table_set_fraction (t, GOOGLE, NULL, 0.20, D ("2024"), NULL));

  DsInvestment inv[] = { { .key = X, .amount = 8e6 },
                         { .key = GOOGLE, .amount = NAN, .pro_rata = TRUE } };
  DsRound r;
  ds_round_init (&r, D ("2025-01-01"));
  r.post_money = 100e6;
  r.investments = inv;
  r.n_investments = 2;
  DsRoundResult res;
  g_assert_true (ds_cap_table_apply_round (t, &r, &res, NULL));
  g_assert_cmpfloat_with_epsilon (res.new_money, 10e6, 1e-6);
  g_assert_cmpfloat_with_epsilon (res.pre_money, 90e6, 1e-6);
  g_assert_cmpfloat_with_epsilon (frac (t, GOOGLE), 0.20, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, X), 0.08, 1e-12);
  g_assert_cmpfloat_with_epsilon (ds_stake_pro_rata_amount (0.2, 8e6), 2e6, 1e-6);
  g_assert_cmpfloat_with_epsilon (ds_stake_pro_rata_side_letter (0.05, 0.20), 0.0125, 1e-15);
}

/* Option pool as 10% of the post-round count: 1M shares, $2M at $8M pre.
 * P x 1M + 0.1 x $10M = $8M -> P = $7; pool 0.1 x 10M / 7 = 142,857.14,
 * new 285,714.29, total 1,428,571.43: pool 10%, new 20%, founders 70%. */
static void
test_pool_fraction (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new (1e6);
  DsInvestment inv = { .key = NEW, .amount = 2e6 };
  DsRound r;
  ds_round_init (&r, D ("2024-01-01"));
  r.pre_money = 8e6;
  r.pool_fraction = 0.10;
  r.investments = &inv;
  r.n_investments = 1;
  DsRoundResult res;
  g_assert_true (ds_cap_table_apply_round (t, &r, &res, NULL));
  g_assert_cmpfloat_with_epsilon (res.price, 7.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, DS_CAP_TABLE_POOL_KEY), 0.10, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, NEW), 0.20, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, FOUNDERS), 0.70, 1e-12);
}

/* h = 25%, T = 33%: x <= 0.08 / 0.67 = 11.94% of the current shares. In money
 * at $100 post with nobody else: 100 x 0.08 / 0.75 = 10.667; with $20 from
 * others: (8 + 0.25 x 20) / 0.75 = 17.333 (check: 0.25 x (1 - 0.37333) +
 * 0.17333 = 0.33). Buying exactly that lands on 33% and is the crossing. */
static void
test_threshold_max_addition (void)
{
  g_assert_cmpfloat_with_epsilon (ds_stake_max_new_shares (0.25, 0.33), 0.08 / 0.67, 1e-15);
  g_assert_cmpfloat_with_epsilon (round (ds_stake_max_new_shares (0.25, 0.33) * 1000) / 10, 11.9, 1e-9);
  g_assert_cmpfloat_with_epsilon (ds_stake_max_amount (0.25, 0.33, 100, 0), 10.6666667, 1e-6);
  g_assert_cmpfloat_with_epsilon (ds_stake_max_amount (0.25, 0.33, 100, 20), 17.3333333, 1e-6);
  g_assert_cmpfloat (ds_stake_max_amount (0.40, 0.33, 100, 0), ==, 0);
  g_assert_cmpfloat (ds_stake_max_new_shares (0.33, 0.33), ==, 0);

  g_autoptr(DsCapTable) t = ds_cap_table_new_value_terms ();
  g_assert_true (ds_cap_table_set_fraction (t, AMAZON, NULL, 0.25, D ("2024"), NULL));
  guint a = ds_cap_table_find_holder (t, AMAZON);
  double m = ds_cap_table_max_amount (t, a, 0.33, 100, 20);
  g_assert_cmpfloat_with_epsilon (m, 17.3333333, 1e-6);

  DsInvestment inv[] = { { .key = AMAZON, .amount = m }, { .key = X, .amount = 20 } };
  DsRound r;
  ds_round_init (&r, D ("2025-01-01"));
  r.post_money = 100;
  r.investments = inv;
  r.n_investments = 2;
  g_assert_true (ds_cap_table_apply_round (t, &r, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (ds_cap_table_fraction (t, a), 0.33, 1e-12);
}

/* A at 20%; 2024-01-01: A puts 18.75 into a round at 100 post alone:
 * 0.2 x 0.8125 + 0.1875 = 0.35 (up through 33%); 2025-01-01: X puts 20 in
 * at 100 post: A = 0.35 x 0.8 = 0.28 (down through 33%). */
static void
test_threshold_first_crossing (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new_value_terms ();
  g_assert_true (ds_cap_table_set_fraction (t, AMAZON, NULL, 0.20, D ("2023"), NULL));
  guint a = ds_cap_table_find_holder (t, AMAZON);
  g_assert_false (ds_cap_table_first_crossing (t, a, 0.33, NULL));

  DsInvestment i1 = { .key = AMAZON, .amount = 18.75 };
  DsRound r;
  ds_round_init (&r, D ("2024-01-01"));
  r.post_money = 100;
  r.investments = &i1;
  r.n_investments = 1;
  g_assert_true (ds_cap_table_apply_round (t, &r, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (ds_cap_table_fraction (t, a), 0.35, 1e-12);

  DsInvestment i2 = { .key = X, .amount = 20 };
  ds_round_init (&r, D ("2025-01-01"));
  r.post_money = 100;
  r.investments = &i2;
  r.n_investments = 1;
  g_assert_true (ds_cap_table_apply_round (t, &r, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (ds_cap_table_fraction (t, a), 0.28, 1e-12);

  DsDate when = DS_DATE_NONE;
  g_assert_true (ds_cap_table_first_crossing (t, a, 0.33, &when));
  g_assert_cmpint (when, ==, 20240101);

  guint n;
  const DsThresholdCrossing *c = ds_cap_table_crossings (t, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (c[0].upward);
  g_assert_false (c[1].upward);
  g_assert_cmpint (c[1].date, ==, 20250101);
  /* "other holders" started at 100% and stays above 33% throughout. */
  g_assert_cmpuint (c[0].holder, ==, a);
}

/* Copies are independent: replay keeps one table per frame. */
static void
test_copy (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new_value_terms ();
  ds_cap_table_add_note (t, AMAZON, "Amazon", 1e9, 0, D ("2024"), 0.2, NAN, FALSE, -1);
  g_autoptr(DsCapTable) c = ds_cap_table_copy (t);

  DsInvestment inv = { .key = X, .amount = 1e9 };
  DsRound r;
  ds_round_init (&r, D ("2025-01-01"));
  r.post_money = 10e9;
  r.investments = &inv;
  r.n_investments = 1;
  g_assert_true (ds_cap_table_apply_round (c, &r, NULL, NULL));

  g_assert_cmpuint (ds_cap_table_n_holders (t), ==, 2);
  g_assert_false (ds_cap_table_get_convertible (t, 0)->converted);
  g_assert_true (ds_cap_table_get_convertible (c, 0)->converted);
  g_assert_cmpstr (ds_cap_table_get_holder (c, 1)->name, ==, "Amazon");
}

static void
test_errors (void)
{
  g_autoptr(DsCapTable) t = ds_cap_table_new_value_terms ();
  g_autoptr(GError) error = NULL;

  DsInvestment inv = { .key = X, .name = "X", .amount = NAN };
  DsRound r;
  ds_round_init (&r, D ("2025-01-01"));
  r.post_money = 100;
  r.investments = &inv;
  r.n_investments = 1;
  g_assert_false (ds_cap_table_apply_round (t, &r, NULL, &error));
  g_assert_error (error, DS_CAP_TABLE_ERROR, DS_CAP_TABLE_ERROR_INVALID_ROUND);
  g_assert_nonnull (strstr (error->message, "2025-01-01"));
  g_clear_error (&error);

  inv.amount = 10;
  r.post_money = NAN;
  g_assert_false (ds_cap_table_apply_round (t, &r, NULL, &error));
  g_assert_error (error, DS_CAP_TABLE_ERROR, DS_CAP_TABLE_ERROR_INVALID_ROUND);
  g_clear_error (&error);

  /* A $10 note with a 50% discount claims $20 of a $15 pre-money. */
  ds_cap_table_add_note (t, AMAZON, NULL, 10, 0, DS_DATE_NONE, 0.5, NAN, FALSE, -1);
  r.pre_money = 15;
  g_assert_false (ds_cap_table_apply_round (t, &r, NULL, &error));
  g_assert_error (error, DS_CAP_TABLE_ERROR, DS_CAP_TABLE_ERROR_UNSOLVABLE);
  g_clear_error (&error);

  g_assert_true (ds_cap_table_set_fraction (t, GOOGLE, NULL, 0.6, DS_DATE_NONE, NULL));
  g_assert_false (ds_cap_table_set_fraction (t, LIGHTSPEED, NULL, 0.5, DS_DATE_NONE, &error));
  g_assert_error (error, DS_CAP_TABLE_ERROR, DS_CAP_TABLE_ERROR_INVALID_HOLDER);
}

/* Deals as replay hands them over. Amazon $1.25B note (terms unknown:
 * 20% discount, 0% interest, no cap assumed), a $2.75B option tranche, an
 * unpriced $100M equity deal (no valuation: money counted, no stake),
 * compute credits (not a stake), then on 2025-03-03 Lightspeed $3.5B at
 * $61.5B post and Y $0.5B: one round of $4B, pre $57.5B. The notes ($4B)
 * convert at the discount: P n = 4 / 0.8 = 5, P = 57.5 - 5 = 52.5: Amazon
 * 5 / 61.5, Lightspeed 3.5 / 61.5, Y 0.5 / 61.5, others 52.5 / 61.5.
 * Without the option: P n = 1.5625, Amazon 1.5625 / 61.5. */
static void
events_case (gboolean exercise)
{
  DsCapEvent ev[] = {
    { D ("2023-09-25"), AMAZON, "Amazon", DS_INSTRUMENT_CONVERTIBLE_NOTE, 1.25e9, NAN, NAN, NAN, NAN, NAN, FALSE, FALSE, 1, 0 },
    { D ("2024-03-01"), AMAZON, "Amazon", DS_INSTRUMENT_CONVERTIBLE_NOTE, 2.75e9, NAN, NAN, NAN, NAN, NAN, TRUE, FALSE, 2, 0 },
    { D ("2024-06-01"), X, "X", DS_INSTRUMENT_EQUITY, 100e6, NAN, NAN, NAN, NAN, NAN, FALSE, FALSE, 3, 0 },
    { D ("2024-07-01"), GOOGLE, "Google", DS_INSTRUMENT_COMPUTE_CREDITS, 1e9, NAN, NAN, NAN, NAN, NAN, FALSE, FALSE, 4, 0 },
    { D ("2025-03-03"), LIGHTSPEED, "Lightspeed", DS_INSTRUMENT_EQUITY, 3.5e9, NAN, 61.5e9, NAN, NAN, NAN, FALSE, FALSE, 5, 0 },
    { D ("2025-03-03"), NEW, "Y", DS_INSTRUMENT_EQUITY, 0.5e9, NAN, NAN, NAN, NAN, NAN, FALSE, FALSE, 6, 0 },
  };
  g_autoptr(DsCapTable) t = ds_cap_table_new_value_terms ();
  g_autoptr(GError) error = NULL;
  ds_cap_table_set_exercise_options (t, exercise);

  g_assert_true (ds_cap_table_apply_events (t, ev, G_N_ELEMENTS (ev), NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (ev[0].flags, ==, DS_CAP_EVENT_ASSUMED_DISCOUNT | DS_CAP_EVENT_ASSUMED_INTEREST |
                                     DS_CAP_EVENT_ASSUMED_CAP);
  g_assert_cmpuint (ev[1].flags, ==, exercise ? ev[0].flags : DS_CAP_EVENT_SKIPPED);
  g_assert_cmpuint (ev[2].flags, ==, DS_CAP_EVENT_UNPRICED);
  g_assert_cmpuint (ev[3].flags, ==, DS_CAP_EVENT_SKIPPED);
  g_assert_cmpuint (ev[4].flags, ==, 0);

  double amazon = exercise ? 5 : 1.5625;
  g_assert_cmpfloat_with_epsilon (frac (t, AMAZON), amazon / 61.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, LIGHTSPEED), 3.5 / 61.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, NEW), 0.5 / 61.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (frac (t, FOUNDERS), (57.5 - amazon) / 61.5, 1e-12);
  g_assert_cmpfloat (frac (t, X), ==, 0);
  g_assert_cmpfloat (ds_cap_table_get_holder (t, ds_cap_table_find_holder (t, X))->invested_usd, ==, 100e6);
  g_assert_cmpint (ds_cap_table_find_holder (t, GOOGLE), ==, -1);
  g_assert_cmpuint (ds_cap_table_n_convertibles (t), ==, exercise ? 2 : 1);
  g_assert_cmpint (ds_cap_table_get_convertible (t, 0)->tag, ==, 1);

  double post;
  DsDate when;
  g_assert_true (ds_cap_table_last_post_money (t, &post, &when));
  g_assert_cmpfloat (post, ==, 61.5e9);
  g_assert_cmpint (when, ==, 20250303);
}

static void
test_events (void)
{
  events_case (TRUE);
  events_case (FALSE);
}

/* g0 = 300%, decay 0.5: year 1 x4, year 2 g = 1.5 x2.5: x10 over two years;
 * 1.5 years: 4 x 2.5^0.5 = 6.3245553; one year back (no decay before t0):
 * 1/4. Without decay: 4^2 = 16. */
static void
test_growth_decay (void)
{
  g_assert_cmpfloat_with_epsilon (ds_revenue_growth_factor (3.0, 0.5, 1), 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (ds_revenue_growth_factor (3.0, 0.5, 2), 10, 1e-12);
  g_assert_cmpfloat_with_epsilon (ds_revenue_growth_factor (3.0, 0.5, 1.5), 6.3245553, 1e-7);
  g_assert_cmpfloat_with_epsilon (ds_revenue_growth_factor (3.0, 0.5, -1), 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (ds_revenue_growth_factor (3.0, 1.0, 2), 16, 1e-12);
  g_assert_cmpfloat (ds_revenue_growth_factor (3.0, 0.5, 0), ==, 1);
}

/* Round 2025-03-01 at $61.5B post; run-rate $2B on the same date: multiple
 * 30.75. 2027-03-01 is 730 days = 2.0 years later: R = 2 x 10 = $20B, value
 * 30.75 x 20 = $615B. With a set multiple of 20: $400B. Without projection,
 * or on the round date: the post-money. */
static void
test_valuation_model (void)
{
  DsValuationModel m = {
    .round_date = D ("2025-03-01"), .round_post_money = 61.5e9,
    .revenue_date = D ("2025-03-01"), .revenue_run_rate = 2e9,
    .growth = 3.0, .growth_decay = 0.5, .multiple = NAN, .project = TRUE,
  };
  gboolean projected = TRUE;

  g_assert_cmpfloat_with_epsilon (ds_valuation_model_multiple (&m), 30.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (ds_valuation_model_run_rate (&m, D ("2027-03-01")), 20e9, 1e-3);
  g_assert_cmpfloat_with_epsilon (ds_valuation_model_at (&m, D ("2027-03-01"), &projected),
                                  615e9, 1e-2);
  g_assert_true (projected);
  g_assert_cmpfloat (ds_valuation_model_at (&m, D ("2025-03-01"), &projected), ==, 61.5e9);
  g_assert_false (projected);

  m.multiple = 20;
  g_assert_cmpfloat_with_epsilon (ds_valuation_model_at (&m, D ("2027-03-01"), NULL), 400e9, 1e-2);
  m.project = FALSE;
  g_assert_cmpfloat (ds_valuation_model_at (&m, D ("2027-03-01"), &projected), ==, 61.5e9);
  g_assert_false (projected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/captable/note/n1-cap-wins", test_note_n1);
  g_test_add_func ("/captable/note/n1-interest-from-dates", test_note_n1_dates);
  g_test_add_func ("/captable/note/discount-wins", test_note_discount_wins);
  g_test_add_func ("/captable/note/convert-at-date", test_note_convert_at_date);
  g_test_add_func ("/captable/note/pending-then-converts", test_note_pending_then_converts);
  g_test_add_func ("/captable/safe/s1", test_safe_s1);
  g_test_add_func ("/captable/safe/pre-vs-post", test_safe_pre_vs_post);
  g_test_add_func ("/captable/safe/post-discount-wins", test_safe_post_discount_wins);
  g_test_add_func ("/captable/value/two-rounds", test_value_two_rounds);
  g_test_add_func ("/captable/tranche/not-exercised", test_tranche_not_exercised);
  g_test_add_func ("/captable/pro-rata", test_pro_rata);
  g_test_add_func ("/captable/pool/fraction-of-post", test_pool_fraction);
  g_test_add_func ("/captable/threshold/max-addition", test_threshold_max_addition);
  g_test_add_func ("/captable/threshold/first-crossing", test_threshold_first_crossing);
  g_test_add_func ("/captable/events/deal-list", test_events);
  g_test_add_func ("/captable/copy", test_copy);
  g_test_add_func ("/captable/errors", test_errors);
  g_test_add_func ("/captable/growth/decay-two-years", test_growth_decay);
  g_test_add_func ("/captable/valuation/projected", test_valuation_model);

  return g_test_run ();
}
