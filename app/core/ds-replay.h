/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-replay.h: the state of the landscape at a date under a scenario (who
 * exists, money to date, stakes, valuations, compute), advanced frame by frame. */
#pragma once

#include <glib.h>

#include "ds-captable.h"
#include "ds-compute.h"
#include "ds-scenario.h"

G_BEGIN_DECLS

#define DS_REPLAY_ERROR (ds_replay_error_quark ())
GQuark ds_replay_error_quark (void);

typedef enum {
  DS_REPLAY_ERROR_INVALID,          /* bad dates or step */
  DS_REPLAY_ERROR_AMBIGUOUS_STAKE,  /* a stake_fraction that names no company, of a holder of several */
} DsReplayError;

/* A holder's known stake is a metric on the holder named "stake_fraction"
 * (in the one company it has stake-bearing deals in) or
 * "stake_fraction:COMPANY-ID" (in that company). */
#define DS_STAKE_METRIC "stake_fraction"

/* Whether `name` is a stake metric; *company is the company it names, or
 * DS_NONE for the plain name. FALSE for other names, and for a company id
 * that is not an entity of ls. */
gboolean ds_replay_parse_stake_metric (DsLandscape *ls,
                                       const char  *name,
                                       DsIndex     *company);

typedef enum {
  DS_REPLAY_STEP_DAY,
  DS_REPLAY_STEP_WEEK,
  DS_REPLAY_STEP_MONTH,
  DS_REPLAY_STEP_QUARTER,
  DS_REPLAY_STEP_YEAR,
} DsReplayStep;

/* "day", "week", "month", "quarter", "year"; FALSE for anything else. */
gboolean ds_replay_step_parse   (const char   *text,
                                 DsReplayStep *out);
/* The next frame date (months clamp the day to the month's end). */
DsDate   ds_replay_step_advance (DsDate        date,
                                 DsReplayStep  step);

/* Where a value came from; bits of the *_flags arrays. */
typedef enum {
  DS_VALUE_ASSUMED   = 1 << 0,  /* rests on a scenario assumption or an assumed term */
  DS_VALUE_PROJECTED = 1 << 1,  /* extrapolated: revenue growth, revenue x multiple */
  DS_VALUE_OVERRIDDEN = 1 << 2, /* an input was changed by the scenario */
} DsValueFlags;

/* One line of a company's cap table at the frame's date. */
typedef struct {
  DsIndex     entity;          /* DS_NONE: "other holders" or the option pool */
  const char *name;
  double      fraction;
  double      invested_usd;    /* money in its rounds and converted notes */
  double      pending_usd;     /* notes/SAFEs not converted yet, with interest to date */
  guint       origin;          /* DsStakeOrigin bits */
  char       *origin_text;     /* "round, conversion, diluted" */
  guint       flags;           /* DsValueFlags: ASSUMED when its note terms were assumptions */
  DsDate      first_crossing;  /* first date at or above assumption.stake_threshold */
  double      max_amount_usd;  /* most it can put into a next round at the current
                                * valuation (others adding nothing) and stay below
                                * the threshold; NAN when the valuation is unknown */
} DsStake;

typedef struct {
  gboolean        computed;       /* FALSE: no schedule, chip or chip figures */
  const char     *missing;        /* why not, when !computed */
  DsIndex         chip;           /* entity, or DS_NONE */
  gboolean        schedule_in_chips; /* the build-out is a `chips` series, not `power_gw` */
  DsComputeResult result;
  double          cumulative_flop; /* effective FLOP since the compute start */
  guint           power_flags;    /* DsValueFlags of power / accelerators online */
  guint           chip_flags;     /* of the W per chip and peak per chip */
} DsDatacenterFrame;

/* The state at one date. Arrays have one entry per entity or per deal of
 * the scenario view (landscape deals first, then hypothetical ones). */
typedef struct {
  DsDate   date;
  guint    n_entities;
  guint    n_deals;

  guint8  *entity_visible;        /* has a dated fact on or before the date, or none at all */
  double  *valuation_usd;         /* NAN when unknown */
  guint8  *valuation_flags;
  double  *revenue_run_rate_usd;  /* NAN when unknown */
  guint8  *revenue_flags;
  double  *invested_in_usd;       /* money received to date */
  double  *invested_out_usd;      /* money invested to date */

  guint8  *deal_visible;          /* announced on or before the date */
  guint8  *deal_pending;          /* visible but not done: negotiating, rumored, or before its close */
  double  *deal_invested_to_date; /* its amount once done, else 0 */

  DsDatacenterFrame *datacenters; /* per entity; used for data centers only */
} DsFrame;

typedef struct _DsReplay DsReplay;

/* scenario: DS_NONE for the landscape with default assumptions. */
DsReplay       *ds_replay_new       (DsLandscape *landscape,
                                     DsIndex      scenario,
                                     GError     **error);
void            ds_replay_free      (DsReplay    *self);
const DsScenarioView *ds_replay_get_view (DsReplay *self);

/* Cumulative compute counts from this date (default DS_DATE_NONE: from
 * the start of each build-out). */
void            ds_replay_set_compute_start (DsReplay *self,
                                             DsDate    start);

/* The frame at `date`, owned by the replay and valid until the next seek.
 * Moving forward applies only the deals between the two dates; moving back
 * starts over from the beginning. */
const DsFrame  *ds_replay_seek      (DsReplay    *self,
                                     DsDate       date);
/* The date of the last seek (its first day for "2025-06"); DS_DATE_NONE
 * before the first. */
DsDate          ds_replay_get_date  (DsReplay    *self);
/* Whether a seek to `date` starts over from the first deal (it is before
 * the last seek's date), which for a million deals takes a second. */
gboolean        ds_replay_seek_starts_over (DsReplay *self,
                                            DsDate    date);
/* Forgets all state, as if nothing had been seeked yet. */
void            ds_replay_reset     (DsReplay    *self);

/* Stakes of every holder of `company` at the current frame, "other holders"
 * first; computed on first use after a seek. NULL (n 0) when the company has
 * no stake-bearing deal yet. Owned by the replay. */
const DsStake  *ds_replay_get_stakes (DsReplay   *self,
                                      DsIndex     company,
                                      guint      *n_stakes);
/* The company's cap table at the current frame; NULL when none. */
const DsCapTable *ds_replay_get_cap_table (DsReplay *self,
                                           DsIndex   company);
/* Where the valuation of a company in the current frame comes from: the
 * last priced round (or valuation metric) and, when the scenario projects
 * it from revenue, how far and by how much. */
typedef struct {
  DsIndex  base_deal;      /* the round's deal in the scenario view (ds_scenario_view_deal);
                            * DS_NONE when the base is a valuation_usd metric or none */
  DsDate   base_date;      /* DS_DATE_NONE when there is no priced base */
  double   base_valuation_usd; /* its post-money; NAN without a base */
  gboolean projected;      /* the value is multiple x projected run-rate revenue */
  int      projected_months; /* calendar months from base_date's month to the frame's (2025-03-03 to 2025-04: 1) */
  double   projected_years;  /* the same span in years (ds_date_years_between) */
  double   growth_factor;    /* value / base_valuation_usd; 1 when not projected */
} DsValuationBasis;

/* The basis of valuation_usd[company] in the current frame; FALSE (and
 * *out zeroed, base_deal DS_NONE) when the valuation is unknown. */
gboolean        ds_replay_get_valuation_basis (DsReplay         *self,
                                               DsIndex           company,
                                               DsValuationBasis *out);
/* First problem met while building the company's cap table (a round that
 * could not be placed); NULL when none. */
const char     *ds_replay_get_company_problem (DsReplay *self,
                                               DsIndex   company);
/* Money from investor to target to date (all their done deals). */
double          ds_replay_edge_invested (DsReplay *self,
                                         DsIndex   investor,
                                         DsIndex   target);

typedef gboolean (*DsReplayFrameFunc) (const DsFrame *frame,
                                       DsReplay      *replay,
                                       gpointer       user_data);
/* Frames at from, from + step, ... up to and including `to`; stops early
 * when func returns FALSE. */
gboolean        ds_replay_run       (DsReplay         *self,
                                     DsDate            from,
                                     DsDate            to,
                                     DsReplayStep      step,
                                     DsReplayFrameFunc func,
                                     gpointer          user_data,
                                     GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsReplay, ds_replay_free)

G_END_DECLS
