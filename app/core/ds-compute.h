/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-compute.h: the compute chain (power -> accelerators -> FLOP -> model size,
 * energy, cost) and power build-out schedules over time. Plain functions. */
#pragma once

#include <glib.h>

#include "ds-assumptions.h"
#include "ds-date.h"

G_BEGIN_DECLS

#define DS_COMPUTE_ERROR (ds_compute_error_quark ())

typedef enum {
  DS_COMPUTE_ERROR_INVALID_INPUT,
} DsComputeError;

GQuark ds_compute_error_quark (void);

/* Epoch AI's estimate of GPT-4's training compute. */
#define DS_GPT4_FLOP 2.1e25
/* Chinchilla: C = 6 N D with D = 20 N, so N = sqrt (C / 120). */
#define DS_CHINCHILLA_TOKENS_PER_PARAM 20.0

typedef struct {
  /* Exactly one of power_w / accelerators is set (the other NAN); with both
   * set, power_w wins and accelerators is derived. */
  double power_w;               /* facility power, W */
  double accelerators;          /* chips online */
  double watts_per_accelerator; /* all-in facility W per chip */
  double peak_flops_per_chip;   /* dense BF16 TFLOP/s x 1e12 */
  double mfu;                   /* 0 < mfu <= 1 */
  double training_days;
  double usd_per_mwh;
  double capex_usd_per_gw;
  double gpt4_flop;             /* DS_GPT4_FLOP unless a scenario says otherwise */
} DsComputeInputs;

typedef struct {
  double accelerators;
  double power_w;
  double peak_flops;        /* FLOP/s */
  double effective_flops;   /* peak x MFU */
  double run_seconds;
  double run_flop;          /* effective FLOP/s x training run */
  double gpt4_multiple;
  double chinchilla_params; /* N = sqrt (C / 120) */
  double chinchilla_tokens; /* D = 20 N */
  double run_hours;
  double energy_mwh;        /* facility power x run hours */
  double energy_cost_usd;
  double capex_usd;         /* power in GW x capex per GW */
} DsComputeResult;

/* Fills the assumption-driven fields (mfu, training_days, usd_per_mwh,
 * capex_usd_per_gw, watts_per_accelerator when set) and gpt4_flop; the
 * caller sets power or accelerators and the chip's figures. */
void     ds_compute_inputs_init (DsComputeInputs     *in,
                                 const DsAssumptions *a);

/* Refuses negative power, MFU outside (0, 1], watts <= 0 and the like with a
 * message naming the input. */
gboolean ds_compute_chain (const DsComputeInputs *in,
                           DsComputeResult       *out,
                           GError               **error);

/* The pieces, for callers that need only one. */
double ds_compute_chinchilla_params (double flop);
double ds_compute_run_flop          (double effective_flops,
                                     double training_days);

/* A build-out: power (GW, or chips online: the unit is the caller's) at dated
 * points, held constant after each point (STEP) or interpolated between
 * points (LINEAR); 0 before the first point, the last value after the last.
 * The scenario's delay shifts every point later, its scale multiplies every
 * value. */
typedef enum {
  DS_SCHEDULE_STEP,
  DS_SCHEDULE_LINEAR,
} DsScheduleInterpolation;

typedef struct {
  DsDate date;
  double value;
} DsSchedulePoint;

typedef struct {
  const DsSchedulePoint  *points;   /* sorted by date; the caller owns them */
  guint                   n_points;
  DsScheduleInterpolation interpolation;
  double                  delay_months;  /* whole months are used */
  double                  scale;
} DsPowerSchedule;

void   ds_power_schedule_init (DsPowerSchedule        *schedule,
                               const DsSchedulePoint  *points,
                               guint                   n_points,
                               DsScheduleInterpolation interpolation);
/* Value at the start of the given day. */
double ds_power_schedule_at   (const DsPowerSchedule *schedule,
                               DsDate                 date);
/* Integral of the value over [from, to) in value x days (GW-days). */
double ds_power_schedule_integral_days (const DsPowerSchedule *schedule,
                                        DsDate                 from,
                                        DsDate                 to);
/* Cumulative effective FLOP between two dates for a schedule in GW:
 * integral (GW x 1e9 / W per chip x peak x MFU) dt. */
double ds_compute_cumulative_flop (const DsPowerSchedule *schedule_gw,
                                   DsDate                 from,
                                   DsDate                 to,
                                   double                 watts_per_accelerator,
                                   double                 peak_flops_per_chip,
                                   double                 mfu);

G_END_DECLS
