/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-assumptions.c: the assumption registry, its defaults, and the range
 * checks on scenario overrides (messages naming key, value and range). */
#define G_LOG_DOMAIN "test-assumptions"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-assumptions.h"

static void
test_defaults (void)
{
  DsAssumptions a;
  ds_assumptions_init_defaults (&a);

  /* facts.md, "Modelling defaults", and the list. */
  g_assert_cmpfloat (a.stake_threshold, ==, 0.33);
  g_assert_cmpfloat (a.mfu, ==, 0.40);
  g_assert_cmpfloat (a.training_days, ==, 90);
  g_assert_cmpfloat (a.usd_per_mwh, ==, 80);
  g_assert_cmpfloat (a.capex_usd_per_gw, ==, 29e9);
  g_assert_cmpfloat (a.revenue_growth, ==, 3.0);
  g_assert_cmpfloat (a.revenue_growth_decay, ==, 0.5);
  g_assert_true (isnan (a.valuation_multiple));
  g_assert_cmpfloat (a.note_discount, ==, 0.20);
  g_assert_cmpfloat (a.note_interest_rate, ==, 0);
  g_assert_true (isnan (a.note_cap_usd));
  g_assert_cmpfloat (a.buildout_scale, ==, 1);
  g_assert_cmpfloat (a.buildout_delay_months, ==, 0);
  g_assert_cmpfloat (a.exercise_options, ==, 1);
  g_assert_true (isnan (a.watts_per_accelerator));

  guint n = 0;
  const DsAssumptionInfo *list = ds_assumptions_list (&n);
  g_assert_cmpuint (n, ==, 15);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strconcat ("assumption.", list[i].name, NULL);
      g_assert_true (ds_assumptions_lookup (key) == ds_assumptions_lookup (list[i].name));
      if (isnan (list[i].default_value))
        {
          g_assert_nonnull (list[i].unset_meaning);
          g_assert_true (isnan (ds_assumptions_get (&a, key)));
        }
      else
        {
          g_assert_cmpfloat (ds_assumptions_get (&a, key), ==, list[i].default_value);
          g_assert_true (ds_assumptions_validate (key, NULL, list[i].default_value, NULL));
        }
    }
}

static void
test_range_mfu (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ds_assumptions_validate ("assumption.mfu", NULL, 1.5, &error));
  g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==,
                   "assumption.mfu = 1.5 is out of range: must be greater than 0 and "
                   "at most 1 (model FLOP utilization)");
  g_clear_error (&error);

  g_assert_true (ds_assumptions_validate ("assumption.mfu", NULL, 1.0, NULL));
  g_assert_false (ds_assumptions_validate ("assumption.mfu", NULL, 0, NULL));
  g_assert_false (ds_assumptions_validate ("assumption.mfu", NULL, NAN, NULL));
  g_assert_false (ds_assumptions_validate ("assumption.stake_threshold", NULL, 1, NULL));
  g_assert_false (ds_assumptions_validate ("assumption.training_days", NULL, 0.5, NULL));
  g_assert_false (ds_assumptions_validate ("assumption.usd_per_mwh", NULL, -1, NULL));
  g_assert_false (ds_assumptions_validate ("assumption.revenue_growth", NULL, -1, NULL));
  g_assert_true (ds_assumptions_validate ("assumption.revenue_growth", NULL, -0.99, NULL));
  g_assert_false (ds_assumptions_validate ("assumption.valuation_multiple", NULL, 0, NULL));

  /* Text values from the command line are numbers too. */
  g_assert_true (ds_assumptions_validate ("assumption.mfu", "0.35", 0, NULL));
  g_assert_true (ds_assumptions_validate ("assumption.capex_usd_per_gw", "29e9", 0, NULL));
  g_assert_false (ds_assumptions_validate ("assumption.mfu", "lots", 0, &error));
  g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "assumption.mfu"));
  g_assert_nonnull (strstr (error->message, "lots"));
  g_clear_error (&error);

  g_assert_false (ds_assumptions_validate ("assumption.exercise_options", NULL, 0.5, &error));
  g_assert_cmpstr (error->message, ==,
                   "assumption.exercise_options = 0.5 is out of range: must be 0 or 1 "
                   "(whether optional tranches and options are exercised (1) or not (0))");
  g_assert_true (ds_assumptions_validate ("assumption.exercise_options", "false", 0, NULL));
}

static void
test_range_deal_fields (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ds_assumptions_validate ("deal.amazon-anthropic-2025.discount", NULL, 1.0, &error));
  g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==,
                   "deal.amazon-anthropic-2025.discount = 1 is out of range: must be at "
                   "least 0 and less than 1 (conversion discount)");
  g_clear_error (&error);

  g_assert_false (ds_assumptions_validate ("deal.d.cap_usd", NULL, 0, &error));
  g_assert_cmpstr (error->message, ==,
                   "deal.d.cap_usd = 0 is out of range: must be greater than 0 "
                   "(valuation cap of a note or SAFE)");
  g_clear_error (&error);

  g_assert_false (ds_assumptions_validate ("deal.d.amount_usd", NULL, -5, NULL));
  g_assert_false (ds_assumptions_validate ("deal.d.amount_usd", NULL, INFINITY, NULL));
  g_assert_false (ds_assumptions_validate ("deal.d.post_money_usd", NULL, NAN, NULL));
  g_assert_true (ds_assumptions_validate ("deal.d.amount_usd", NULL, 0, NULL));
  g_assert_true (ds_assumptions_validate ("deal.d.pre_money_usd", NULL, 58e9, NULL));
  g_assert_true (ds_assumptions_validate ("deal.d.interest_rate", NULL, 0.05, NULL));
  g_assert_false (ds_assumptions_validate ("deal.d.interest_rate", NULL, 1.01, NULL));
  g_assert_true (ds_assumptions_validate ("deal.d.discount", NULL, 0, NULL));
}

static void
test_text_fields (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ds_assumptions_key_is_text ("deal.d.status"));
  g_assert_false (ds_assumptions_key_is_text ("deal.d.cap_usd"));
  g_assert_true (ds_assumptions_validate ("deal.d.status", "closed", NAN, NULL));
  g_assert_true (ds_assumptions_validate ("deal.d.instrument", "convertible_note", NAN, NULL));
  g_assert_true (ds_assumptions_validate ("deal.d.date", "2025-08", NAN, NULL));

  g_assert_false (ds_assumptions_validate ("deal.d.status", "done", NAN, &error));
  g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "deal.d.status"));
  g_assert_nonnull (strstr (error->message, "negotiating"));
  g_clear_error (&error);

  g_assert_false (ds_assumptions_validate ("deal.d.instrument", "bond", NAN, &error));
  g_assert_nonnull (strstr (error->message, "safe"));
  g_clear_error (&error);

  g_assert_false (ds_assumptions_validate ("deal.d.date", "2025-02-30", NAN, &error));
  g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "deal.d.date"));
  g_clear_error (&error);

  g_assert_false (ds_assumptions_validate ("deal.d.status", NULL, 1, &error));
  g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE);
}

static void
test_unknown_keys (void)
{
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "assumption.foo", "deal.x", "deal.x.colour", "foo", "deal..cap_usd" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (ds_assumptions_validate (bad[i], NULL, 1, &error));
      g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_UNKNOWN_KEY);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }
  g_assert_null (ds_assumptions_lookup ("foo"));
  g_assert_true (ds_assumptions_validate ("metric.rainier.power_gw.2026-01", NULL, 2.5, NULL));
  g_assert_false (ds_assumptions_validate ("metric.rainier.power_gw.2026-01", NULL, NAN, NULL));
}

static void
test_set (void)
{
  DsAssumptions a;
  g_autoptr(GError) error = NULL;
  ds_assumptions_init_defaults (&a);

  g_assert_true (ds_assumptions_set (&a, "mfu", 0.35, NULL));
  g_assert_cmpfloat (a.mfu, ==, 0.35);
  g_assert_true (ds_assumptions_set (&a, "assumption.training_days", 120, NULL));
  g_assert_cmpfloat (a.training_days, ==, 120);
  g_assert_true (ds_assumptions_set (&a, "watts_per_accelerator", 1200, NULL));
  g_assert_true (ds_assumptions_set (&a, "watts_per_accelerator", NAN, NULL));
  g_assert_true (isnan (a.watts_per_accelerator));

  g_assert_false (ds_assumptions_set (&a, "mfu", NAN, &error));
  g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_OUT_OF_RANGE);
  g_assert_cmpfloat (a.mfu, ==, 0.35);
  g_clear_error (&error);

  g_assert_false (ds_assumptions_set (&a, "note_discount", 1, &error));
  g_assert_nonnull (strstr (error->message, "assumption.note_discount = 1"));
  g_assert_cmpfloat (a.note_discount, ==, 0.20);
  g_clear_error (&error);

  g_assert_false (ds_assumptions_set (&a, "buildout_scale", -0.5, &error));
  g_assert_nonnull (strstr (error->message, "at least 0 and at most 10"));
  g_clear_error (&error);

  g_assert_false (ds_assumptions_set (&a, "warp_factor", 9, &error));
  g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_UNKNOWN_KEY);
  g_assert_true (isnan (ds_assumptions_get (&a, "warp_factor")));
}

static void
test_key_unit (void)
{
  g_assert_cmpstr (ds_assumptions_key_unit ("assumption.mfu"), ==, "fraction");
  g_assert_cmpstr (ds_assumptions_key_unit ("assumption.usd_per_mwh"), ==, "usd_per_mwh");
  g_assert_cmpstr (ds_assumptions_key_unit ("deal.amazon-anthropic-2025-07.cap_usd"), ==, "usd");
  g_assert_cmpstr (ds_assumptions_key_unit ("deal.amazon-anthropic-2025-07.discount"), ==, "fraction");
  g_assert_null (ds_assumptions_key_unit ("deal.amazon-anthropic-2025-07.status"));
  g_assert_null (ds_assumptions_key_unit ("metric.project-rainier.power_gw.2025"));
  g_assert_null (ds_assumptions_key_unit ("assumption.no-such-thing"));
}

static void
test_describe_range (void)
{
  g_autofree char *cap = ds_assumption_info_describe_range (ds_assumptions_lookup ("note_cap_usd"));
  g_autofree char *days = ds_assumption_info_describe_range (ds_assumptions_lookup ("training_days"));
  g_assert_cmpstr (cap, ==, "greater than 0");
  g_assert_cmpstr (days, ==, "at least 1 and at most 3650");
}

static void
test_describe_range_for_people (void)
{
  g_autofree char *capex = ds_assumption_info_describe_range_for_people (ds_assumptions_lookup ("capex_usd_per_gw"));
  g_autofree char *mfu = ds_assumption_info_describe_range_for_people (ds_assumptions_lookup ("mfu"));
  g_autofree char *days = ds_assumption_info_describe_range_for_people (ds_assumptions_lookup ("training_days"));
  g_autofree char *plain = ds_assumption_info_describe_range (ds_assumptions_lookup ("capex_usd_per_gw"));
  g_assert_cmpstr (capex, ==, "at least $0/GW and at most $1T/GW");
  g_assert_cmpstr (mfu, ==, "greater than 0.0 % and at most 100.0 %");
  g_assert_cmpstr (days, ==, "at least 1 day and at most 3,650 days");
  /* Messages and CSV/JSON keep the bound as it always read. */
  g_assert_cmpstr (plain, ==, "at least 0 and at most 1e+12");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/assumptions/defaults", test_defaults);
  g_test_add_func ("/assumptions/range/mfu", test_range_mfu);
  g_test_add_func ("/assumptions/range/deal-fields", test_range_deal_fields);
  g_test_add_func ("/assumptions/text-fields", test_text_fields);
  g_test_add_func ("/assumptions/unknown-keys", test_unknown_keys);
  g_test_add_func ("/assumptions/set", test_set);
  g_test_add_func ("/assumptions/describe-range", test_describe_range);
  g_test_add_func ("/assumptions/key-unit", test_key_unit);
  g_test_add_func ("/assumptions/describe-range-for-people", test_describe_range_for_people);

  return g_test_run ();
}
