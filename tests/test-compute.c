/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-compute.c: the compute chain against the worked Rainier chain of
 * facts.md and hand-computed build-out schedules. */
#define G_LOG_DOMAIN "test-compute"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-compute.h"

static DsDate
D (const char *text)
{
  DsDate d = DS_DATE_NONE;
  g_assert_true (ds_date_parse (text, &d, NULL));
  return d;
}

/* facts.md: 2.2 GW / 1,000 W = 2.2M Trainium2; peak 2.2e6 x 667e12 =
 * 1.4674e21 FLOP/s; x 0.40 x 90 days (7,776,000 s) = 4.5643e27 FLOP;
 * / 2.1e25 = 217.3 GPT-4s; N = sqrt (4.5643e27 / 120) = 6.167e12 params,
 * D = 20 N = 123.3e12 tokens; energy 2.2 GW x 2,160 h = 4,752,000 MWh
 * (4.75 TWh), x $80 = $380.2M; capex 2.2 x $29B = $63.8B. Checked to the
 * precision facts.md states them. */
static void
test_chain_rainier (void)
{
  DsComputeInputs in;
  DsComputeResult out;
  g_autoptr(GError) error = NULL;

  ds_compute_inputs_init (&in, NULL);
  in.power_w = 2.2e9;
  in.watts_per_accelerator = 1000;
  in.peak_flops_per_chip = 667e12;
  g_assert_true (ds_compute_chain (&in, &out, &error));
  g_assert_no_error (error);

  g_assert_cmpfloat_with_epsilon (out.accelerators, 2.2e6, 1e-6);
  g_assert_cmpfloat_with_epsilon (out.peak_flops / 1e21, 1.47, 0.005);
  g_assert_cmpfloat_with_epsilon (out.run_flop / 1e27, 4.56, 0.005);
  g_assert_cmpfloat (round (out.gpt4_multiple), ==, 217);
  g_assert_cmpfloat_with_epsilon (out.chinchilla_params / 1e12, 6.2, 0.05);
  g_assert_cmpfloat_with_epsilon (out.chinchilla_tokens / 1e12, 123, 0.5);
  g_assert_cmpfloat_with_epsilon (out.run_hours, 2160, 1e-9);
  g_assert_cmpfloat_with_epsilon (out.energy_mwh / 1e6, 4.75, 0.005);
  g_assert_cmpfloat_with_epsilon (out.energy_cost_usd / 1e6, 380, 0.5);
  g_assert_cmpfloat_with_epsilon (out.capex_usd / 1e9, 64, 0.5);

  /* And to more digits, from the hand computation above. */
  g_assert_cmpfloat_with_epsilon (out.peak_flops, 1.4674e21, 1e16);
  g_assert_cmpfloat_with_epsilon (out.run_flop / 1e27, 4.5643, 1e-4);
  g_assert_cmpfloat_with_epsilon (out.energy_mwh, 4752000, 1e-6);
  g_assert_cmpfloat_with_epsilon (out.capex_usd, 63.8e9, 1);
}

/* 500,000 H100 at 1,700 W all-in: 850 MW; peak 500,000 x 989e12 =
 * 4.945e20 FLOP/s, effective 1.978e20; capex 0.85 x $29B = $24.65B. */
static void
test_chain_from_chips (void)
{
  DsComputeInputs in;
  DsComputeResult out;

  ds_compute_inputs_init (&in, NULL);
  in.accelerators = 500000;
  in.watts_per_accelerator = 1700;
  in.peak_flops_per_chip = 989e12;
  g_assert_true (ds_compute_chain (&in, &out, NULL));
  g_assert_cmpfloat_with_epsilon (out.power_w, 850e6, 1e-3);
  g_assert_cmpfloat_with_epsilon (out.peak_flops, 4.945e20, 1e6);
  g_assert_cmpfloat_with_epsilon (out.effective_flops, 1.978e20, 1e6);
  g_assert_cmpfloat_with_epsilon (out.capex_usd, 24.65e9, 1);
}

/* C = 120 x 1e24 -> N = 1e12 exactly. */
static void
test_chinchilla (void)
{
  g_assert_cmpfloat_with_epsilon (ds_compute_chinchilla_params (1.2e26), 1e12, 1);
  g_assert_cmpfloat (ds_compute_chinchilla_params (0), ==, 0);
}

static void
test_chain_invalid (void)
{
  DsComputeInputs in;
  DsComputeResult out;
  g_autoptr(GError) error = NULL;

  ds_compute_inputs_init (&in, NULL);
  in.power_w = 1e9;
  in.watts_per_accelerator = 1000;
  in.peak_flops_per_chip = 667e12;
  in.mfu = 1.5;
  g_assert_false (ds_compute_chain (&in, &out, &error));
  g_assert_error (error, DS_COMPUTE_ERROR, DS_COMPUTE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "mfu = 1.5"));
  g_clear_error (&error);

  in.mfu = 0.4;
  in.power_w = -1;
  g_assert_false (ds_compute_chain (&in, &out, &error));
  g_assert_nonnull (strstr (error->message, "power_w = -1"));
  g_clear_error (&error);

  in.power_w = NAN;
  g_assert_false (ds_compute_chain (&in, &out, &error));
  g_assert_error (error, DS_COMPUTE_ERROR, DS_COMPUTE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Unset watts (NAN: the chip's metric was missing) must not pass. */
  in.power_w = 1e9;
  in.watts_per_accelerator = NAN;
  g_assert_false (ds_compute_chain (&in, &out, &error));
  g_assert_nonnull (strstr (error->message, "watts_per_accelerator"));
}

/* Step: 1 GW from 2025-01-01, 2 GW from 2025-07-01. Over 2025: Jan..Jun is
 * 31+28+31+30+31+30 = 181 days at 1, Jul..Dec 184 days at 2: 549 GW-days. */
static void
test_schedule_step (void)
{
  DsSchedulePoint p[] = { { D ("2025-01-01"), 1.0 }, { D ("2025-07-01"), 2.0 } };
  DsPowerSchedule s;
  ds_power_schedule_init (&s, p, G_N_ELEMENTS (p), DS_SCHEDULE_STEP);

  g_assert_cmpfloat (ds_power_schedule_at (&s, D ("2024-12-31")), ==, 0);
  g_assert_cmpfloat (ds_power_schedule_at (&s, D ("2025-01-01")), ==, 1);
  g_assert_cmpfloat (ds_power_schedule_at (&s, D ("2025-03-01")), ==, 1);
  g_assert_cmpfloat (ds_power_schedule_at (&s, D ("2025-08-01")), ==, 2);
  g_assert_cmpfloat (ds_power_schedule_at (&s, D ("2030-01-01")), ==, 2);
  g_assert_cmpfloat_with_epsilon (ds_power_schedule_integral_days (&s, D ("2025-01-01"),
                                                                   D ("2026-01-01")), 549, 1e-9);
  g_assert_cmpfloat_with_epsilon (ds_power_schedule_integral_days (&s, D ("2024-01-01"),
                                                                   D ("2025-01-11")), 10, 1e-9);
}

/* Linear: 0 GW on 2025-01-01 to 1 GW on 2025-01-11: 0.5 on 2025-01-06;
 * 2025-01-01..2025-01-21: 10 x 0.5 + 10 x 1 = 15 GW-days. */
static void
test_schedule_linear (void)
{
  DsSchedulePoint p[] = { { D ("2025-01-01"), 0.0 }, { D ("2025-01-11"), 1.0 } };
  DsPowerSchedule s;
  ds_power_schedule_init (&s, p, G_N_ELEMENTS (p), DS_SCHEDULE_LINEAR);

  g_assert_cmpfloat_with_epsilon (ds_power_schedule_at (&s, D ("2025-01-06")), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (ds_power_schedule_integral_days (&s, D ("2025-01-01"),
                                                                   D ("2025-01-21")), 15, 1e-9);
  /* Half of the ramp: 2025-01-01..2025-01-06: 5 x 0.25 = 1.25. */
  g_assert_cmpfloat_with_epsilon (ds_power_schedule_integral_days (&s, D ("2025-01-01"),
                                                                   D ("2025-01-06")), 1.25, 1e-9);
}

/* The step schedule above, 6 months late and at half scale: 0.5 GW from
 * 2025-07-01, 1 GW from 2026-01-01. Over 2025: 184 days x 0.5 = 92. */
static void
test_schedule_delay_scale (void)
{
  DsSchedulePoint p[] = { { D ("2025-01-01"), 1.0 }, { D ("2025-07-01"), 2.0 } };
  DsPowerSchedule s;
  ds_power_schedule_init (&s, p, G_N_ELEMENTS (p), DS_SCHEDULE_STEP);
  s.delay_months = 6;
  s.scale = 0.5;

  g_assert_cmpfloat (ds_power_schedule_at (&s, D ("2025-03-01")), ==, 0);
  g_assert_cmpfloat (ds_power_schedule_at (&s, D ("2025-08-01")), ==, 0.5);
  g_assert_cmpfloat (ds_power_schedule_at (&s, D ("2026-02-01")), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (ds_power_schedule_integral_days (&s, D ("2025-01-01"),
                                                                   D ("2026-01-01")), 92, 1e-9);
}

/* 1 GW for one day at 1,000 W per Trainium2: 1e6 chips x 667e12 x 0.4 =
 * 2.668e20 FLOP/s, x 86,400 s = 2.305152e25 FLOP. */
static void
test_cumulative_flop (void)
{
  DsSchedulePoint p[] = { { D ("2025-01-01"), 1.0 } };
  DsPowerSchedule s;
  ds_power_schedule_init (&s, p, 1, DS_SCHEDULE_STEP);

  double f = ds_compute_cumulative_flop (&s, D ("2025-01-01"), D ("2025-01-02"), 1000, 667e12, 0.4);
  g_assert_cmpfloat_with_epsilon (f / 1e25, 2.305152, 1e-9);
  g_assert_cmpfloat (ds_compute_cumulative_flop (&s, D ("2024-01-01"), D ("2025-01-01"),
                                                 1000, 667e12, 0.4), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compute/chain/rainier", test_chain_rainier);
  g_test_add_func ("/compute/chain/from-chips", test_chain_from_chips);
  g_test_add_func ("/compute/chain/chinchilla", test_chinchilla);
  g_test_add_func ("/compute/chain/invalid", test_chain_invalid);
  g_test_add_func ("/compute/schedule/step", test_schedule_step);
  g_test_add_func ("/compute/schedule/linear", test_schedule_linear);
  g_test_add_func ("/compute/schedule/delay-scale", test_schedule_delay_scale);
  g_test_add_func ("/compute/cumulative/one-day", test_cumulative_flop);

  return g_test_run ();
}
