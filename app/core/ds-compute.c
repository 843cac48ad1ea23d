/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-compute.c: from facility power or chips online to FLOP, GPT-4 multiples,
 * compute-optimal model size, energy and capex; build-out schedules. */
#define G_LOG_DOMAIN "ds-compute"

#include "config.h"

#include <math.h>

#include "ds-compute.h"

G_DEFINE_QUARK (ds-compute-error-quark, ds_compute_error)

#define SECONDS_PER_DAY 86400.0

void
ds_compute_inputs_init (DsComputeInputs     *in,
                        const DsAssumptions *a)
{
  g_return_if_fail (in != NULL);

  DsAssumptions defaults;
  if (a == NULL)
    {
      ds_assumptions_init_defaults (&defaults);
      a = &defaults;
    }

  in->power_w = NAN;
  in->accelerators = NAN;
  in->watts_per_accelerator = a->watts_per_accelerator;
  in->peak_flops_per_chip = NAN;
  in->mfu = a->mfu;
  in->training_days = a->training_days;
  in->usd_per_mwh = a->usd_per_mwh;
  in->capex_usd_per_gw = a->capex_usd_per_gw;
  in->gpt4_flop = DS_GPT4_FLOP;
}

double
ds_compute_chinchilla_params (double flop)
{
  return flop > 0 ? sqrt (flop / (6.0 * DS_CHINCHILLA_TOKENS_PER_PARAM)) : 0;
}

double
ds_compute_run_flop (double effective_flops,
                     double training_days)
{
  return effective_flops * training_days * SECONDS_PER_DAY;
}

static gboolean
check (gboolean    ok,
       const char *what,
       double      value,
       const char *range,
       GError    **error)
{
  if (!ok)
    g_set_error (error, DS_COMPUTE_ERROR, DS_COMPUTE_ERROR_INVALID_INPUT,
                 "compute: %s = %g is out of range: must be %s", what, value, range);
  return ok;
}

gboolean
ds_compute_chain (const DsComputeInputs *in,
                  DsComputeResult       *out,
                  GError               **error)
{
  g_return_val_if_fail (in != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  gboolean have_power = isfinite (in->power_w);
  gboolean have_chips = isfinite (in->accelerators);

  if (!have_power && !have_chips)
    {
      g_set_error (error, DS_COMPUTE_ERROR, DS_COMPUTE_ERROR_INVALID_INPUT,
                   "compute: neither facility power nor accelerators online is known: "
                   "set a power_gw or chips metric on the data center");
      return FALSE;
    }
  if (have_power && !check (in->power_w >= 0, "power_w", in->power_w, "at least 0", error))
    return FALSE;
  if (!have_power && !check (in->accelerators >= 0, "accelerators", in->accelerators, "at least 0", error))
    return FALSE;
  if (!check (in->watts_per_accelerator > 0, "watts_per_accelerator",
              in->watts_per_accelerator, "greater than 0 (set the chip's facility_w metric "
              "or assumption.watts_per_accelerator)", error) ||
      !check (in->peak_flops_per_chip >= 0, "peak_flops_per_chip",
              in->peak_flops_per_chip, "at least 0 (set the chip's bf16_tflops metric)", error) ||
      !check (in->mfu > 0 && in->mfu <= 1, "mfu", in->mfu, "greater than 0 and at most 1", error) ||
      !check (in->training_days >= 0, "training_days", in->training_days, "at least 0", error) ||
      !check (in->usd_per_mwh >= 0, "usd_per_mwh", in->usd_per_mwh, "at least 0", error) ||
      !check (in->capex_usd_per_gw >= 0, "capex_usd_per_gw", in->capex_usd_per_gw, "at least 0", error) ||
      !check (in->gpt4_flop > 0, "gpt4_flop", in->gpt4_flop, "greater than 0", error))
    return FALSE;

  if (have_power)
    {
      out->power_w = in->power_w;
      out->accelerators = in->power_w / in->watts_per_accelerator;
    }
  else
    {
      out->accelerators = in->accelerators;
      out->power_w = in->accelerators * in->watts_per_accelerator;
    }

  out->peak_flops = out->accelerators * in->peak_flops_per_chip;
  out->effective_flops = out->peak_flops * in->mfu;
  out->run_seconds = in->training_days * SECONDS_PER_DAY;
  out->run_flop = ds_compute_run_flop (out->effective_flops, in->training_days);
  out->gpt4_multiple = out->run_flop / in->gpt4_flop;
  out->chinchilla_params = ds_compute_chinchilla_params (out->run_flop);
  out->chinchilla_tokens = DS_CHINCHILLA_TOKENS_PER_PARAM * out->chinchilla_params;
  out->run_hours = in->training_days * 24.0;
  /* The whole facility draws power for the run, not just the chips: the
   * watts per accelerator are all-in, so this is facility power x hours. */
  out->energy_mwh = out->power_w / 1e6 * out->run_hours;
  out->energy_cost_usd = out->energy_mwh * in->usd_per_mwh;
  out->capex_usd = out->power_w / 1e9 * in->capex_usd_per_gw;
  return TRUE;
}

void
ds_power_schedule_init (DsPowerSchedule        *schedule,
                        const DsSchedulePoint  *points,
                        guint                   n_points,
                        DsScheduleInterpolation interpolation)
{
  g_return_if_fail (schedule != NULL);

  schedule->points = points;
  schedule->n_points = n_points;
  schedule->interpolation = interpolation;
  schedule->delay_months = 0;
  schedule->scale = 1.0;
}

static double
point_day (const DsPowerSchedule *s,
           guint                  i)
{
  DsDate d = s->points[i].date;
  int months = (int) floor (s->delay_months);
  if (months != 0)
    d = ds_date_add_months (d, months);
  return ds_date_to_days (d);
}

/* The schedule is linear (or constant) between consecutive points, so the
 * integral is exact: trapezoids over the pieces that overlap [a, b). */
static double
integral_days (const DsPowerSchedule *s,
               double                 a,
               double                 b)
{
  if (s->n_points == 0 || !(b > a))
    return 0;

  double total = 0;
  guint n = s->n_points;

  for (guint k = 0; k < n; k++)
    {
      double p0 = point_day (s, k);
      double p1 = k + 1 < n ? point_day (s, k + 1) : INFINITY;
      double lo = MAX (a, p0), hi = MIN (b, p1);
      if (!(hi > lo))
        continue;

      double v0 = s->points[k].value, v_lo = v0, v_hi = v0;
      if (s->interpolation == DS_SCHEDULE_LINEAR && k + 1 < n)
        {
          double v1 = s->points[k + 1].value;
          v_lo = v0 + (v1 - v0) * (lo - p0) / (p1 - p0);
          v_hi = v0 + (v1 - v0) * (hi - p0) / (p1 - p0);
        }
      total += (hi - lo) * 0.5 * (v_lo + v_hi);
    }
  return total * s->scale;
}

double
ds_power_schedule_at (const DsPowerSchedule *schedule,
                      DsDate                 date)
{
  g_return_val_if_fail (schedule != NULL, NAN);

  const DsPowerSchedule *s = schedule;
  double x = ds_date_to_days (date);
  guint n = s->n_points;

  if (n == 0 || x < point_day (s, 0))
    return 0;

  guint k = 0;
  while (k + 1 < n && point_day (s, k + 1) <= x)
    k++;

  double v = s->points[k].value;
  if (s->interpolation == DS_SCHEDULE_LINEAR && k + 1 < n)
    {
      double p0 = point_day (s, k), p1 = point_day (s, k + 1);
      if (p1 > p0)
        v += (s->points[k + 1].value - v) * (x - p0) / (p1 - p0);
    }
  return v * s->scale;
}

double
ds_power_schedule_integral_days (const DsPowerSchedule *schedule,
                                 DsDate                 from,
                                 DsDate                 to)
{
  g_return_val_if_fail (schedule != NULL, NAN);

  return integral_days (schedule, ds_date_to_days (from), ds_date_to_days (to));
}

double
ds_compute_cumulative_flop (const DsPowerSchedule *schedule_gw,
                            DsDate                 from,
                            DsDate                 to,
                            double                 watts_per_accelerator,
                            double                 peak_flops_per_chip,
                            double                 mfu)
{
  g_return_val_if_fail (schedule_gw != NULL, NAN);
  g_return_val_if_fail (watts_per_accelerator > 0, NAN);

  double gw_days = ds_power_schedule_integral_days (schedule_gw, from, to);
  double chip_seconds = gw_days * 1e9 / watts_per_accelerator * SECONDS_PER_DAY;
  return chip_seconds * peak_flops_per_chip * mfu;
}
