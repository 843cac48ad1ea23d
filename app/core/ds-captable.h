/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-captable.h: the cap table of one company (priced rounds, notes, SAFEs,
 * option pools, tranches, pro-rata) in share or value terms, threshold
 * crossings, and the revenue-growth valuation helpers. */
#pragma once

#include <glib.h>

#include "ds-assumptions.h"
#include "ds-date.h"
#include "ds-types.h"

G_BEGIN_DECLS

#define DS_CAP_TABLE_ERROR (ds_cap_table_error_quark ())

typedef enum {
  DS_CAP_TABLE_ERROR_INVALID_ROUND,    /* no valuation, negative money, ... */
  DS_CAP_TABLE_ERROR_UNSOLVABLE,       /* convertibles worth more than the pre-money */
  DS_CAP_TABLE_ERROR_INVALID_HOLDER,
} DsCapTableError;

GQuark ds_cap_table_error_quark (void);

typedef struct _DsCapTable DsCapTable;

/* How a holder's line came about; a holder may carry several. */
typedef enum {
  DS_STAKE_INITIAL    = 1 << 0,  /* held before the first event (founders) */
  DS_STAKE_ROUND      = 1 << 1,  /* bought new shares in a priced round */
  DS_STAKE_CONVERSION = 1 << 2,  /* a note or SAFE converted */
  DS_STAKE_DILUTED    = 1 << 3,  /* diluted by a later round or conversion */
  DS_STAKE_POOL       = 1 << 4,  /* option-pool increase */
  DS_STAKE_PENDING    = 1 << 5,  /* holds notes/SAFEs not converted yet (debt, fraction 0) */
  DS_STAKE_KNOWN      = 1 << 6,  /* set to a known fraction (ds_cap_table_set_fraction: a stake metric) */
} DsStakeOrigin;

typedef enum {
  DS_CONVERTIBLE_NOTE,       /* pre-money conversion, simple interest */
  DS_CONVERTIBLE_SAFE_POST,  /* YC post-money SAFE: cap / post-money capitalization */
  DS_CONVERTIBLE_SAFE_PRE,   /* pre-money SAFE: converts like a note without interest */
} DsConvertibleKind;

/* The "other holders" line: created with the table, holds the initial shares
 * and whatever nobody named holds. Its key is DS_CAP_TABLE_OTHERS. */
#define DS_CAP_TABLE_OTHERS_KEY (-1)
#define DS_CAP_TABLE_OTHERS     0
#define DS_CAP_TABLE_POOL_KEY   (-2)

typedef struct {
  gint    key;             /* caller's id (entity index); DS_CAP_TABLE_OTHERS_KEY for others */
  char   *name;
  double  shares;          /* in value terms: a fraction of the initial 1.0 */
  double  invested_usd;    /* new money paid in rounds + converted amounts */
  guint   origin;          /* DsStakeOrigin bits */
  guint   n_rounds;        /* rounds bought into */
  guint   n_conversions;
  guint   n_dilutions;
  DsDate  first_date, last_date;  /* of its own rounds and conversions */
} DsHolder;

typedef struct {
  DsConvertibleKind kind;
  guint   holder;          /* holder index */
  gint    tag;             /* caller's id (deal index), or -1 */
  double  principal;
  double  interest_rate;   /* simple, per year; 0 for SAFEs */
  DsDate  start;
  double  discount;        /* 0 <= d < 1 */
  double  cap;             /* NAN: no cap */
  gboolean is_option;      /* a tranche/option: skipped when options are not exercised */
  gboolean converted;
  DsDate  converted_on;
  double  converted_amount; /* accrued amount that converted */
  double  price;            /* conversion price */
  double  shares;
  gboolean at_cap;          /* the cap set the price, not the discount */
} DsConvertible;

/* One investor's new money in a priced round. */
typedef struct {
  gint     key;            /* holder key; created on first use */
  const char *name;        /* used when the holder is created; may be NULL */
  double   amount;         /* new money; NAN with pro_rata: computed */
  gboolean pro_rata;       /* buy enough to keep its fraction (see ds_stake_pro_rata_amount) */
  gboolean is_option;      /* a tranche/option: skipped when options are not exercised */
} DsInvestment;

typedef struct {
  DsDate  date;
  /* One of pre_money / post_money (the other NAN). post = pre + new money;
   * converting notes and SAFEs are inside the pre-money. */
  double  pre_money;
  double  post_money;
  /* Option-pool increase, counted in the pre-money share count: in shares,
   * and/or (pool_fraction) as a fraction of the post-round share count. It
   * goes to the "option pool" holder (key DS_CAP_TABLE_POOL_KEY). */
  double  pool_shares;
  double  pool_fraction;
  const DsInvestment *investments;
  guint   n_investments;
  gboolean keep_convertibles;  /* TRUE: pending notes/SAFEs do not convert here */
} DsRound;

/* Zeroes a round with pre_money and post_money unset (NAN). A round uses
 * pre_money when it is set and positive, else post_money - new money. */
void ds_round_init (DsRound *round,
                    DsDate   date);

/* One dated deal of the company, as replay hands them over: the driver for
 * callers that have a list of deals rather than rounds. */
typedef enum {
  DS_CAP_EVENT_ASSUMED_DISCOUNT = 1 << 0,  /* note_discount assumption used */
  DS_CAP_EVENT_ASSUMED_INTEREST = 1 << 1,  /* note_interest_rate assumption used */
  DS_CAP_EVENT_ASSUMED_CAP      = 1 << 2,  /* note_cap_usd assumption used (or no cap) */
  DS_CAP_EVENT_UNPRICED         = 1 << 3,  /* equity without valuation: money counted, no stake */
  DS_CAP_EVENT_SKIPPED          = 1 << 4,  /* not a stake (compute credits, other), or an
                                            * option not exercised */
} DsCapEventFlags;

typedef struct {
  DsDate       date;
  gint         key;          /* investor (entity index) */
  const char  *name;         /* investor name, for a new holder line */
  DsInstrument instrument;
  double       amount_usd;
  double       pre_money_usd, post_money_usd;   /* NAN when unknown */
  double       cap_usd, discount, interest_rate; /* NAN when unknown: assumptions */
  gboolean     is_option;    /* a tranche or option that may not be exercised */
  gboolean     pre_money_safe; /* SAFEs are post-money (YC) unless this is set */
  gint         tag;          /* caller's id (deal index), kept on convertibles */
  guint        flags;        /* out: DsCapEventFlags */
} DsCapEvent;

/* Applies deals in date order. Equity deals on the same date form one round
 * (valuation: the first pre-money given, else the first post-money); notes
 * and SAFEs are recorded pending and convert at the next priced round. Terms
 * left NAN take the scenario's assumptions (a may be NULL: defaults), and
 * each event's flags say which were assumed. Stops at the first error, with
 * the events before it applied. */
gboolean ds_cap_table_apply_events (DsCapTable          *self,
                                    DsCapEvent          *events,
                                    guint                n_events,
                                    const DsAssumptions *assumptions,
                                    GError             **error);

/* What a round did, for display and tests. */
typedef struct {
  double price;            /* per share (per value unit in value terms) */
  double pre_money;
  double post_money;
  double new_money;
  double new_shares;       /* bought with new money */
  double conversion_shares;
  double pool_shares;
  double shares_before, shares_after;
  guint  n_converted;
} DsRoundResult;

typedef struct {
  DsDate date;
  guint  holder;
  double threshold;
  double before, after;
  gboolean upward;
} DsThresholdCrossing;

/* Share terms: initial_shares is the founders'/others' count (4,000,000).
 * Value terms (share counts unknown): ds_cap_table_new_value_terms () starts
 * "other holders" at 1.0, so shares read directly as fractions until the
 * first round. */
DsCapTable *ds_cap_table_new             (double      initial_shares);
DsCapTable *ds_cap_table_new_value_terms (void);
DsCapTable *ds_cap_table_copy            (const DsCapTable *self);
void        ds_cap_table_free            (DsCapTable *self);

/* Thresholds to watch for crossings (default: 0.33). */
void        ds_cap_table_set_thresholds  (DsCapTable   *self,
                                          const double *thresholds,
                                          guint         n);
/* Whether tranches/options (is_option) are exercised (default TRUE). */
void        ds_cap_table_set_exercise_options (DsCapTable *self,
                                               gboolean    exercise);

/* Finds or creates the holder with this key; returns its index. */
guint       ds_cap_table_holder          (DsCapTable *self,
                                          gint        key,
                                          const char *name);
/* Share terms: adds shares to a holder outside any round (founders). */
void        ds_cap_table_grant_shares    (DsCapTable *self,
                                          gint        key,
                                          const char *name,
                                          double      shares);
/* Value terms: gives a holder a known fraction of the company, taken from
 * the "other holders" line (Google at 10% before any modelled round). */
gboolean    ds_cap_table_set_fraction    (DsCapTable *self,
                                          gint        key,
                                          const char *name,
                                          double      fraction,
                                          DsDate      date,
                                          GError    **error);

/* Records a pending note or SAFE; returns its index. It holds no shares until
 * a round (or ds_cap_table_convert) converts it. cap NAN = no cap. */
guint       ds_cap_table_add_note        (DsCapTable *self,
                                          gint        key,
                                          const char *name,
                                          double      principal,
                                          double      interest_rate,
                                          DsDate      start,
                                          double      discount,
                                          double      cap,
                                          gboolean    is_option,
                                          gint        tag);
guint       ds_cap_table_add_safe        (DsCapTable *self,
                                          DsConvertibleKind kind,
                                          gint        key,
                                          const char *name,
                                          double      amount,
                                          double      discount,
                                          double      cap,
                                          gboolean    is_option,
                                          gint        tag);

/* A priced round: converts pending notes/SAFEs (pre-money convention: their
 * shares are in the pre-money share count), adds the pool, then sells new
 * shares at P = pre-money / (shares + pool + conversion shares). */
gboolean    ds_cap_table_apply_round     (DsCapTable    *self,
                                          const DsRound *round,
                                          DsRoundResult *result,
                                          GError       **error);
/* Converts one pending convertible (index), or all (-1), on a date at a given
 * pre-money valuation, without new money (maturity or a set conversion). */
gboolean    ds_cap_table_convert         (DsCapTable    *self,
                                          gint           convertible,
                                          DsDate         date,
                                          double         pre_money,
                                          DsRoundResult *result,
                                          GError       **error);

guint          ds_cap_table_n_holders       (const DsCapTable *self);
const DsHolder *ds_cap_table_get_holder     (const DsCapTable *self,
                                             guint             holder);
/* Index of the holder with this key, or -1. */
gint           ds_cap_table_find_holder     (const DsCapTable *self,
                                             gint              key);
double         ds_cap_table_total_shares    (const DsCapTable *self);
double         ds_cap_table_fraction        (const DsCapTable *self,
                                             guint             holder);
guint          ds_cap_table_n_convertibles  (const DsCapTable *self);
const DsConvertible *ds_cap_table_get_convertible (const DsCapTable *self,
                                                   guint             i);
/* Principal plus simple interest to date of the holder's pending
 * convertibles (what a stakes listing shows as "pending conversion"). */
double         ds_cap_table_pending_usd     (const DsCapTable *self,
                                             guint             holder,
                                             DsDate            date);
/* "round, conversion, diluted": how the line came about; free with g_free. */
char          *ds_cap_table_describe_origin (const DsCapTable *self,
                                             guint             holder);
/* Last priced round: its post-money and date; FALSE when none. */
gboolean       ds_cap_table_last_post_money (const DsCapTable *self,
                                             double           *post_money,
                                             DsDate           *date);

/* Every crossing so far, in order. */
const DsThresholdCrossing *ds_cap_table_crossings (const DsCapTable *self,
                                                   guint            *n);
/* First date the holder's fraction rose to or above threshold; FALSE if never. */
gboolean       ds_cap_table_first_crossing  (const DsCapTable *self,
                                             guint             holder,
                                             double            threshold,
                                             DsDate           *date);

/* Largest amount the holder can put into the next round, at this post-money
 * and with this much money from others, without its fraction passing
 * threshold. 0 when already at or above it. */
double         ds_cap_table_max_amount      (const DsCapTable *self,
                                             guint             holder,
                                             double            threshold,
                                             double            post_money,
                                             double            others_new_money);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsCapTable, ds_cap_table_free)

/* ---- plain helpers ---- */

/* Principal x (1 + rate x years). */
double ds_note_accrued (double principal,
                        double rate,
                        double years);
/* f' = f (1 - x) + own / post, x = new money / post. */
double ds_stake_after_round (double fraction,
                             double own_new_money,
                             double new_money,
                             double post_money);
/* New shares, as a fraction of the current count, a holder at h can buy
 * before reaching t: (t - h) / (1 - t); 0 when h >= t. */
double ds_stake_max_new_shares (double h,
                                double t);
/* The same in money, in a round at post-money V with others' new money o:
 * (V (t - h) + h o) / (1 - h); 0 when h >= t. */
double ds_stake_max_amount (double h,
                            double t,
                            double post_money,
                            double others_new_money);
/* Amount that keeps fraction f through a round where others put in o:
 * f o / (1 - f) (so it is f of the whole round). */
double ds_stake_pro_rata_amount (double f,
                                 double others_new_money);
/* YC pro-rata side letter: extra % = A / (1 - S) - A. */
double ds_stake_pro_rata_side_letter (double a,
                                      double s);

/* Revenue growth: R(t + dt) = R(t) (1 + g)^dt with g = g0 x decay^k in the
 * k-th year after t0 (growth re-evaluated on each anniversary of t0; no decay
 * before t0). Returns R(t0 + years) / R(t0); years may be negative. */
double ds_revenue_growth_factor (double g0,
                                 double decay,
                                 double years);

/* Valuation at a date: the last post-money, or once the scenario projects
 * beyond the last round, multiple x projected run-rate revenue. */
typedef struct {
  DsDate round_date;        /* last priced round; DS_DATE_NONE if none */
  double round_post_money;
  DsDate revenue_date;      /* the growth reference t0 */
  double revenue_run_rate;  /* at revenue_date; NAN when unknown */
  double growth;            /* g0 at revenue_date */
  double growth_decay;
  double multiple;          /* NAN: post-money / run-rate at the round date */
  gboolean project;         /* use revenue after the last round */
} DsValuationModel;

double ds_valuation_model_run_rate (const DsValuationModel *model,
                                    DsDate                  date);
double ds_valuation_model_multiple (const DsValuationModel *model);
/* NAN when nothing is known; *out_projected says whether revenue was used. */
double ds_valuation_model_at       (const DsValuationModel *model,
                                    DsDate                  date,
                                    gboolean               *out_projected);

G_END_DECLS
