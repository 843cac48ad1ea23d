/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-captable.c: the cap table engine (rounds, note and SAFE conversion,
 * pools, pro-rata, thresholds) and the revenue/valuation helpers. */
#define G_LOG_DOMAIN "ds-captable"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-captable.h"

G_DEFINE_QUARK (ds-cap-table-error-quark, ds_cap_table_error)

struct _DsCapTable {
  GArray  *holders;       /* DsHolder */
  GArray  *convertibles;  /* DsConvertible */
  GArray  *thresholds;    /* double */
  GArray  *crossings;     /* DsThresholdCrossing */
  gboolean exercise_options;
  gboolean has_round;
  double   last_post_money;
  DsDate   last_round_date;
};

static void
holder_clear (gpointer data)
{
  DsHolder *h = data;
  g_clear_pointer (&h->name, g_free);
}

static DsCapTable *
cap_table_alloc (void)
{
  DsCapTable *self = g_new0 (DsCapTable, 1);
  self->holders = g_array_new (FALSE, TRUE, sizeof (DsHolder));
  g_array_set_clear_func (self->holders, holder_clear);
  self->convertibles = g_array_new (FALSE, TRUE, sizeof (DsConvertible));
  self->thresholds = g_array_new (FALSE, TRUE, sizeof (double));
  self->crossings = g_array_new (FALSE, TRUE, sizeof (DsThresholdCrossing));
  self->exercise_options = TRUE;
  self->last_post_money = NAN;
  return self;
}

DsCapTable *
ds_cap_table_new (double initial_shares)
{
  g_return_val_if_fail (initial_shares >= 0, NULL);

  DsCapTable *self = cap_table_alloc ();
  DsHolder others = { 0 };
  others.key = DS_CAP_TABLE_OTHERS_KEY;
  others.name = g_strdup ("other holders");
  others.shares = initial_shares;
  others.origin = DS_STAKE_INITIAL;
  g_array_append_val (self->holders, others);

  double t = 0.33;
  g_array_append_val (self->thresholds, t);
  return self;
}

DsCapTable *
ds_cap_table_new_value_terms (void)
{
  return ds_cap_table_new (1.0);
}

DsCapTable *
ds_cap_table_copy (const DsCapTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  DsCapTable *copy = cap_table_alloc ();
  g_array_append_vals (copy->holders, self->holders->data, self->holders->len);
  for (guint i = 0; i < copy->holders->len; i++)
    {
      DsHolder *h = &g_array_index (copy->holders, DsHolder, i);
      h->name = g_strdup (h->name);
    }
  g_array_append_vals (copy->convertibles, self->convertibles->data, self->convertibles->len);
  g_array_append_vals (copy->thresholds, self->thresholds->data, self->thresholds->len);
  g_array_append_vals (copy->crossings, self->crossings->data, self->crossings->len);
  copy->exercise_options = self->exercise_options;
  copy->has_round = self->has_round;
  copy->last_post_money = self->last_post_money;
  copy->last_round_date = self->last_round_date;
  return copy;
}

void
ds_cap_table_free (DsCapTable *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->holders);
  g_array_unref (self->convertibles);
  g_array_unref (self->thresholds);
  g_array_unref (self->crossings);
  g_free (self);
}

void
ds_cap_table_set_thresholds (DsCapTable   *self,
                             const double *thresholds,
                             guint         n)
{
  g_return_if_fail (self != NULL);

  g_array_set_size (self->thresholds, 0);
  g_array_append_vals (self->thresholds, thresholds, n);
}

void
ds_cap_table_set_exercise_options (DsCapTable *self,
                                   gboolean    exercise)
{
  g_return_if_fail (self != NULL);
  self->exercise_options = !!exercise;
}

#define HOLDER(self, i) (&g_array_index ((self)->holders, DsHolder, (i)))
#define CONV(self, i)   (&g_array_index ((self)->convertibles, DsConvertible, (i)))

gint
ds_cap_table_find_holder (const DsCapTable *self,
                          gint              key)
{
  g_return_val_if_fail (self != NULL, -1);

  /* A company has tens of holders at most; a scan beats a hash table here. */
  for (guint i = 0; i < self->holders->len; i++)
    if (HOLDER (self, i)->key == key)
      return (gint) i;
  return -1;
}

guint
ds_cap_table_holder (DsCapTable *self,
                     gint        key,
                     const char *name)
{
  g_return_val_if_fail (self != NULL, 0);

  gint found = ds_cap_table_find_holder (self, key);
  if (found >= 0)
    return (guint) found;

  DsHolder h = { 0 };
  h.key = key;
  if (name)
    h.name = g_strdup (name);
  else if (key == DS_CAP_TABLE_POOL_KEY)
    h.name = g_strdup ("option pool");
  else
    h.name = g_strdup_printf ("holder %d", key);
  g_array_append_val (self->holders, h);
  return self->holders->len - 1;
}

double
ds_cap_table_total_shares (const DsCapTable *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  double total = 0;
  for (guint i = 0; i < self->holders->len; i++)
    total += HOLDER (self, i)->shares;
  return total;
}

double
ds_cap_table_fraction (const DsCapTable *self,
                       guint             holder)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (holder < self->holders->len, NAN);

  double total = ds_cap_table_total_shares (self);
  return total > 0 ? HOLDER (self, holder)->shares / total : 0;
}

/* Fractions before an event, to detect dilution and threshold crossings.
 * The total is summed once here: a per-holder ds_cap_table_fraction() would
 * make every event quadratic in the number of holders. */
static double *
snapshot_fractions (const DsCapTable *self,
                    double           *buf,
                    guint             n_buf,
                    double          **heap)
{
  /* The caller's buffer when it is big enough: rounds come by the
   * hundred thousand in a replay, a malloc each adds up. */
  double *f = self->holders->len <= n_buf ? buf : (*heap = g_new (double, self->holders->len));
  double total = ds_cap_table_total_shares (self);
  for (guint i = 0; i < self->holders->len; i++)
    f[i] = total > 0 ? HOLDER (self, i)->shares / total : 0;
  return f;
}

static void
after_event (DsCapTable   *self,
             const double *before,
             guint         n_before,
             DsDate        date)
{
  double total = ds_cap_table_total_shares (self);

  for (guint i = 0; i < self->holders->len; i++)
    {
      DsHolder *h = HOLDER (self, i);
      double b = i < n_before ? before[i] : 0;
      double a = total > 0 ? h->shares / total : 0;

      /* A relative tolerance keeps rounding noise from counting as dilution. */
      if (b > 0 && a < b * (1 - 1e-12))
        {
          h->origin |= DS_STAKE_DILUTED;
          h->n_dilutions++;
        }

      for (guint t = 0; t < self->thresholds->len; t++)
        {
          double T = g_array_index (self->thresholds, double, t);
          gboolean up = b < T && a >= T;
          gboolean down = b >= T && a < T;
          if (up || down)
            {
              DsThresholdCrossing c = { date, i, T, b, a, up };
              g_array_append_val (self->crossings, c);
            }
        }
    }
}

void
ds_cap_table_grant_shares (DsCapTable *self,
                           gint        key,
                           const char *name,
                           double      shares)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (shares >= 0);

  guint i = ds_cap_table_holder (self, key, name);
  HOLDER (self, i)->shares += shares;
  HOLDER (self, i)->origin |= DS_STAKE_INITIAL;
}

gboolean
ds_cap_table_set_fraction (DsCapTable *self,
                           gint        key,
                           const char *name,
                           double      fraction,
                           DsDate      date,
                           GError    **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!(fraction >= 0 && fraction < 1))
    {
      g_set_error (error, DS_CAP_TABLE_ERROR, DS_CAP_TABLE_ERROR_INVALID_HOLDER,
                   "stake of %s = %g is out of range: must be at least 0 and less than 1",
                   name ? name : "holder", fraction);
      return FALSE;
    }

  guint n_before = self->holders->len;
  double before_buf[32];
  g_autofree double *before_heap = NULL;
  const double *before = snapshot_fractions (self, before_buf, G_N_ELEMENTS (before_buf), &before_heap);
  guint i = ds_cap_table_holder (self, key, name);
  double total = ds_cap_table_total_shares (self);
  double want = fraction * total - HOLDER (self, i)->shares;
  DsHolder *others = HOLDER (self, DS_CAP_TABLE_OTHERS);

  if (i == DS_CAP_TABLE_OTHERS || want > others->shares * (1 + 1e-12))
    {
      g_set_error (error, DS_CAP_TABLE_ERROR, DS_CAP_TABLE_ERROR_INVALID_HOLDER,
                   "cannot give %s %.4g%% of the company: the other holders have only "
                   "%.4g%% left; lower the known stakes",
                   HOLDER (self, i)->name, fraction * 100, others->shares / total * 100);
      return FALSE;
    }
  others->shares = MAX (0, others->shares - want);
  DsHolder *h = HOLDER (self, i);
  h->shares += want;
  /* "initial" read oddly for Microsoft's 27.5 % of OpenAI as of December 2025. */
  h->origin |= DS_STAKE_KNOWN;
  if (h->first_date == DS_DATE_NONE)
    h->first_date = date;
  h->last_date = date;
  after_event (self, before, n_before, date);
  return TRUE;
}

static guint
add_convertible (DsCapTable       *self,
                 DsConvertibleKind kind,
                 gint              key,
                 const char       *name,
                 double            principal,
                 double            rate,
                 DsDate            start,
                 double            discount,
                 double            cap,
                 gboolean          is_option,
                 gint              tag)
{
  DsConvertible c = { 0 };
  c.kind = kind;
  c.holder = ds_cap_table_holder (self, key, name);
  c.tag = tag;
  c.principal = principal;
  c.interest_rate = isfinite (rate) ? rate : 0;
  c.start = start;
  c.discount = isfinite (discount) ? discount : 0;
  c.cap = cap > 0 ? cap : NAN;
  c.is_option = is_option;
  c.price = NAN;
  g_array_append_val (self->convertibles, c);
  return self->convertibles->len - 1;
}

guint
ds_cap_table_add_note (DsCapTable *self,
                       gint        key,
                       const char *name,
                       double      principal,
                       double      interest_rate,
                       DsDate      start,
                       double      discount,
                       double      cap,
                       gboolean    is_option,
                       gint        tag)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (principal >= 0, 0);
  g_return_val_if_fail (!(discount >= 1), 0);

  return add_convertible (self, DS_CONVERTIBLE_NOTE, key, name, principal,
                          interest_rate, start, discount, cap, is_option, tag);
}

guint
ds_cap_table_add_safe (DsCapTable       *self,
                       DsConvertibleKind kind,
                       gint              key,
                       const char       *name,
                       double            amount,
                       double            discount,
                       double            cap,
                       gboolean          is_option,
                       gint              tag)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (amount >= 0, 0);
  g_return_val_if_fail (kind != DS_CONVERTIBLE_NOTE, 0);
  g_return_val_if_fail (!(discount >= 1), 0);

  return add_convertible (self, kind, key, name, amount, 0, DS_DATE_NONE,
                          discount, cap, is_option, tag);
}

static gboolean
convertible_active (const DsCapTable    *self,
                    const DsConvertible *c)
{
  return !c->converted && (self->exercise_options || !c->is_option);
}

static double
convertible_amount (const DsConvertible *c,
                    DsDate               date)
{
  if (c->kind != DS_CONVERTIBLE_NOTE || c->interest_rate == 0 ||
      c->start == DS_DATE_NONE || date == DS_DATE_NONE)
    return c->principal;
  return ds_note_accrued (c->principal, c->interest_rate,
                          MAX (0, ds_date_years_between (c->start, date)));
}

/* The convertibles taking part in one conversion. */
typedef struct {
  DsConvertible *c;
  double amount;
  double shares;
  gboolean at_cap;
} Conv;

/* Conversion shares of every convertible at round price P. Notes and
 * pre-money SAFEs: A / min (P (1 - d), cap / S0). Post-money SAFEs at their
 * cap own amount / cap of the capitalization B that includes all converting
 * securities, so B = (S0 + other conversion shares) / (1 - sum a_i / cap_i);
 * a SAFE whose discounted price is lower leaves that sum and converts at it.
 * Returns the total, or INFINITY when the SAFEs claim the whole company. */
static double
conversion_shares (Conv  *conv,
                   guint  n,
                   double P,
                   double S0)
{
  double fixed = 0;
  gboolean have_post = FALSE;

  for (guint i = 0; i < n; i++)
    {
      DsConvertible *c = conv[i].c;
      double disc_price = P * (1 - c->discount);
      if (c->kind == DS_CONVERTIBLE_SAFE_POST)
        {
          have_post = TRUE;
          conv[i].at_cap = isfinite (c->cap);
          continue;
        }
      double cap_price = isfinite (c->cap) && S0 > 0 ? c->cap / S0 : INFINITY;
      conv[i].at_cap = cap_price < disc_price;
      conv[i].shares = conv[i].amount / MIN (cap_price, disc_price);
      fixed += conv[i].shares;
    }

  if (have_post)
    {
      double B = 0;
      /* Each pass moves SAFEs between "at cap" and "at discount"; the
       * classification settles within n passes. */
      for (guint pass = 0; pass <= n; pass++)
        {
          double sum_frac = 0, base = S0 + fixed;
          for (guint i = 0; i < n; i++)
            {
              DsConvertible *c = conv[i].c;
              if (c->kind != DS_CONVERTIBLE_SAFE_POST)
                continue;
              if (conv[i].at_cap)
                sum_frac += conv[i].amount / c->cap;
              else
                base += conv[i].amount / (P * (1 - c->discount));
            }
          if (sum_frac >= 1)
            return INFINITY;
          B = base / (1 - sum_frac);

          gboolean changed = FALSE;
          for (guint i = 0; i < n; i++)
            {
              DsConvertible *c = conv[i].c;
              if (c->kind != DS_CONVERTIBLE_SAFE_POST || !isfinite (c->cap))
                continue;
              gboolean want = c->cap / B <= P * (1 - c->discount);
              if (want != conv[i].at_cap)
                {
                  conv[i].at_cap = want;
                  changed = TRUE;
                }
            }
          if (!changed)
            break;
        }
      for (guint i = 0; i < n; i++)
        {
          DsConvertible *c = conv[i].c;
          if (c->kind != DS_CONVERTIBLE_SAFE_POST)
            continue;
          conv[i].shares = conv[i].at_cap ? conv[i].amount / c->cap * B
                                          : conv[i].amount / (P * (1 - c->discount));
          fixed += conv[i].shares;
        }
    }
  return fixed;
}

void
ds_round_init (DsRound *round,
               DsDate   date)
{
  g_return_if_fail (round != NULL);

  memset (round, 0, sizeof *round);
  round->date = date;
  round->pre_money = NAN;
  round->post_money = NAN;
}

/* "round of 2025-03-01<rest>": the date is only formatted when an error is
 * asked for; a replay refusing the same round every frame asks once. */
static void round_error (GError **error, gint code, DsDate date, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
round_error (GError    **error,
             gint        code,
             DsDate      date,
             const char *format,
             ...)
{
  g_autofree char *rest = NULL;
  char when[11];
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  rest = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, DS_CAP_TABLE_ERROR, code, "round of %s%s", ds_date_format (date, when), rest);
}

/* Convertibles taking part in a round: on the stack for the usual handful. */
#define CONV_STACK 32

static gboolean
apply (DsCapTable    *self,
       const DsRound *round,
       gint           only,
       gboolean       priced,
       DsRoundResult *result,
       GError       **error)
{

  /* New money, with pro-rata amounts sized on fractions before the round:
   * pro-rata holders j each take f_j of the whole round M, so
   * M = others / (1 - sum f_j). */
  guint n_inv = round->n_investments;
  double amounts_stack[16];
  g_autofree double *amounts_heap = n_inv > G_N_ELEMENTS (amounts_stack) ? g_new0 (double, n_inv) : NULL;
  double *amounts = amounts_heap ? amounts_heap : memset (amounts_stack, 0, sizeof amounts_stack);
  double others = 0, sum_f = 0;
  for (guint i = 0; i < n_inv; i++)
    {
      const DsInvestment *inv = &round->investments[i];
      if (inv->is_option && !self->exercise_options)
        continue;
      if (inv->pro_rata)
        {
          gint h = ds_cap_table_find_holder (self, inv->key);
          sum_f += h >= 0 ? ds_cap_table_fraction (self, h) : 0;
          continue;
        }
      if (!(inv->amount >= 0) || !isfinite (inv->amount))
        {
          round_error (error, DS_CAP_TABLE_ERROR_INVALID_ROUND, round->date,
                       ": the amount of %s is unknown or negative (%g): "
                       "set amount_usd on the deal",
                       inv->name ? inv->name : "an investor", inv->amount);
          return FALSE;
        }
      amounts[i] = inv->amount;
      others += inv->amount;
    }
  if (sum_f >= 1)
    {
      round_error (error, DS_CAP_TABLE_ERROR_INVALID_ROUND, round->date,
                   ": pro-rata holders own the whole company");
      return FALSE;
    }
  double M = others / (1 - sum_f);
  for (guint i = 0; i < n_inv; i++)
    {
      const DsInvestment *inv = &round->investments[i];
      if (inv->pro_rata && !(inv->is_option && !self->exercise_options))
        {
          gint h = ds_cap_table_find_holder (self, inv->key);
          amounts[i] = h >= 0 ? ds_cap_table_fraction (self, h) * M : 0;
        }
    }

  double V = isfinite (round->pre_money) && round->pre_money > 0
    ? round->pre_money : round->post_money - M;
  if (!(V > 0) || !isfinite (V))
    {
      round_error (error, DS_CAP_TABLE_ERROR_INVALID_ROUND, round->date,
                   " has no usable valuation (pre-money %g, post-money %g, "
                   "new money %g): set pre_money_usd or post_money_usd on the deal",
                   round->pre_money, round->post_money, M);
      return FALSE;
    }
  double post = V + M;
  double q = round->pool_fraction > 0 ? round->pool_fraction : 0;
  double Q0 = round->pool_shares > 0 ? round->pool_shares : 0;
  double S0 = ds_cap_table_total_shares (self);

  Conv conv_stack[CONV_STACK];
  g_autofree Conv *conv_heap = NULL;
  Conv *cv = conv_stack;
  guint n_conv = 0;
  if (!round->keep_convertibles)
    {
      if (self->convertibles->len > CONV_STACK)
        cv = conv_heap = g_new (Conv, self->convertibles->len);
      for (guint i = 0; i < self->convertibles->len; i++)
        {
          DsConvertible *c = CONV (self, i);
          if ((only >= 0 && (guint) only != i) || !convertible_active (self, c))
            continue;
          cv[n_conv++] = (Conv) { c, convertible_amount (c, round->date), 0, FALSE };
        }
    }

  double P;
  if (S0 + Q0 <= 0)
    {
      round_error (error, DS_CAP_TABLE_ERROR_INVALID_ROUND, round->date,
                   ": the company has no shares yet");
      return FALSE;
    }
  if (n_conv == 0)
    {
      /* V = P (S0 + Q0 + q post / P) */
      P = (V - q * post) / (S0 + Q0);
    }
  else
    {
      /* g(P) = P (S0 + Q0 + N(P)) + q post - V rises with P (at the cap a
       * convertible's P x shares rises, at the discount it is constant), so
       * the bracket [p_min, hi] holds the one root. g is piecewise linear:
       * regula falsi (Illinois variant) lands on the root once the bracket
       * is inside one piece, in a handful of steps where bisection took 55;
       * steps of one ulp from an end close the bracket to adjacent doubles,
       * as tight as bisection got it. */
#define ROUND_G(x) ((x) * (S0 + Q0 + conversion_shares (cv, n_conv, (x), S0)) + q * post - V)
      double hi = (V - q * post) / (S0 + Q0);
      double p_min = hi * 1e-15;
      double g_lo = ROUND_G (p_min);
      if (!(hi > 0) || !(g_lo < 0))
        {
          round_error (error, DS_CAP_TABLE_ERROR_UNSOLVABLE, round->date,
                       ": the converting notes and SAFEs are worth more than "
                       "the pre-money valuation (%g): raise the pre-money or the caps", V);
          return FALSE;
        }
      double a = p_min, fa = g_lo, b = hi, fb = ROUND_G (hi);
      int side = 0;
      for (int it = 0; it < 200; it++)
        {
          if (b - a <= b * 1e-16 || nextafter (a, b) >= b)
            break;
          /* Secant while g is finite at both ends (post-money SAFEs can
           * claim the whole company: g = inf) and after 60 steps, if ever,
           * plain bisection. */
          double x = isfinite (fb) && fb > fa && it < 60 ? a - fa * ((b - a) / (fb - fa)) : 0.5 * (a + b);
          if (!(x > a))
            x = nextafter (a, b);
          if (!(x < b))
            x = nextafter (b, a);
          double fx = ROUND_G (x);
          if (fx < 0)
            {
              a = x;
              fa = fx;
              if (side < 0)
                fb *= 0.5;
              side = -1;
            }
          else
            {
              b = x;
              fb = fx;
              if (side > 0)
                fa *= 0.5;
              side = 1;
            }
        }
#undef ROUND_G
      P = 0.5 * (a + b);
    }
  if (!(P > 0))
    {
      round_error (error, DS_CAP_TABLE_ERROR_INVALID_ROUND, round->date,
                   ": the option pool (%g of the post-money) leaves no value "
                   "for the shares", q);
      return FALSE;
    }

  double N = n_conv ? conversion_shares (cv, n_conv, P, S0) : 0;
  double Q = Q0 + q * post / P;

  guint n_before = self->holders->len;
  double before_buf[32];
  g_autofree double *before_heap = NULL;
  const double *before = snapshot_fractions (self, before_buf, G_N_ELEMENTS (before_buf), &before_heap);

  for (guint i = 0; i < n_conv; i++)
    {
      DsConvertible *c = cv[i].c;
      DsHolder *h = HOLDER (self, c->holder);
      c->converted = TRUE;
      c->converted_on = round->date;
      c->converted_amount = cv[i].amount;
      c->shares = cv[i].shares;
      c->price = cv[i].amount / cv[i].shares;
      c->at_cap = cv[i].at_cap;
      h->shares += cv[i].shares;
      h->invested_usd += cv[i].amount;
      h->origin |= DS_STAKE_CONVERSION;
      h->n_conversions++;
      if (h->first_date == DS_DATE_NONE)
        h->first_date = round->date;
      h->last_date = round->date;
    }
  if (Q > 0)
    {
      guint p = ds_cap_table_holder (self, DS_CAP_TABLE_POOL_KEY, NULL);
      HOLDER (self, p)->shares += Q;
      HOLDER (self, p)->origin |= DS_STAKE_POOL;
    }
  double new_shares = 0;
  for (guint i = 0; i < n_inv; i++)
    {
      const DsInvestment *inv = &round->investments[i];
      if (inv->is_option && !self->exercise_options)
        continue;
      guint hi = ds_cap_table_holder (self, inv->key, inv->name);
      DsHolder *h = HOLDER (self, hi);
      double s = amounts[i] / P;
      h->shares += s;
      h->invested_usd += amounts[i];
      h->origin |= DS_STAKE_ROUND;
      h->n_rounds++;
      if (h->first_date == DS_DATE_NONE)
        h->first_date = round->date;
      h->last_date = round->date;
      new_shares += s;
    }

  /* A conversion on its own (ds_cap_table_convert) is not a priced round:
   * the last post-money stays the valuation of record. */
  if (priced)
    {
      self->has_round = TRUE;
      self->last_post_money = post;
      self->last_round_date = round->date;
    }

  after_event (self, before, n_before, round->date);

  if (result)
    {
      result->price = P;
      result->pre_money = V;
      result->post_money = post;
      result->new_money = M;
      result->new_shares = new_shares;
      result->conversion_shares = N;
      result->pool_shares = Q;
      result->shares_before = S0;
      result->shares_after = ds_cap_table_total_shares (self);
      result->n_converted = n_conv;
    }
  return TRUE;
}

gboolean
ds_cap_table_apply_round (DsCapTable    *self,
                          const DsRound *round,
                          DsRoundResult *result,
                          GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (round != NULL, FALSE);

  return apply (self, round, -1, TRUE, result, error);
}

gboolean
ds_cap_table_convert (DsCapTable    *self,
                      gint           convertible,
                      DsDate         date,
                      double         pre_money,
                      DsRoundResult *result,
                      GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (convertible < (gint) self->convertibles->len, FALSE);

  DsRound r;
  ds_round_init (&r, date);
  r.pre_money = pre_money;
  return apply (self, &r, convertible, FALSE, result, error);
}

static double
term_or_assumption (double  given,
                    double  assumed,
                    guint  *flags,
                    guint   flag)
{
  if (isfinite (given))
    return given;
  *flags |= flag;
  return assumed;
}

gboolean
ds_cap_table_apply_events (DsCapTable          *self,
                           DsCapEvent          *events,
                           guint                n_events,
                           const DsAssumptions *assumptions,
                           GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (events != NULL || n_events == 0, FALSE);

  DsAssumptions defaults;
  if (assumptions == NULL)
    {
      ds_assumptions_init_defaults (&defaults);
      assumptions = &defaults;
    }
  const DsAssumptions *a = assumptions;
  /* A round has at most as many investors as events: on the stack for
   * the usual few, no GArray per call (a replay makes 100,000 calls). */
  DsInvestment inv_stack[16];
  g_autofree DsInvestment *inv_heap = n_events > G_N_ELEMENTS (inv_stack) ? g_new (DsInvestment, n_events) : NULL;
  DsInvestment *inv = inv_heap ? inv_heap : inv_stack;
  guint n_inv = 0;

  guint i = 0;
  while (i < n_events)
    {
      DsCapEvent *e = &events[i];
      e->flags = 0;

      if (e->is_option && !self->exercise_options)
        {
          e->flags |= DS_CAP_EVENT_SKIPPED;
          i++;
          continue;
        }

      if (e->instrument == DS_INSTRUMENT_CONVERTIBLE_NOTE || e->instrument == DS_INSTRUMENT_SAFE)
        {
          if (!(e->amount_usd >= 0) || !isfinite (e->amount_usd))
            {
              char when[11];
              g_set_error (error, DS_CAP_TABLE_ERROR, DS_CAP_TABLE_ERROR_INVALID_ROUND,
                           "%s of %s on %s: the amount is unknown (%g): set amount_usd",
                           ds_instrument_to_string (e->instrument), e->name ? e->name : "an investor",
                           ds_date_format (e->date, when), e->amount_usd);
              return FALSE;
            }
          double d = term_or_assumption (e->discount, a->note_discount,
                                         &e->flags, DS_CAP_EVENT_ASSUMED_DISCOUNT);
          double cap = e->cap_usd > 0 ? e->cap_usd
                       : term_or_assumption (NAN, a->note_cap_usd, &e->flags, DS_CAP_EVENT_ASSUMED_CAP);
          if (e->instrument == DS_INSTRUMENT_CONVERTIBLE_NOTE)
            {
              double r = term_or_assumption (e->interest_rate, a->note_interest_rate,
                                             &e->flags, DS_CAP_EVENT_ASSUMED_INTEREST);
              ds_cap_table_add_note (self, e->key, e->name, e->amount_usd, r, e->date,
                                     d, cap, e->is_option, e->tag);
            }
          else
            ds_cap_table_add_safe (self, e->pre_money_safe ? DS_CONVERTIBLE_SAFE_PRE
                                                           : DS_CONVERTIBLE_SAFE_POST,
                                   e->key, e->name, e->amount_usd, d, cap, e->is_option, e->tag);
          i++;
          continue;
        }

      if (e->instrument != DS_INSTRUMENT_EQUITY)
        {
          e->flags |= DS_CAP_EVENT_SKIPPED;
          i++;
          continue;
        }

      /* Equity deals of one date are one round. */
      guint k = i;
      double pre = NAN, post = NAN;
      n_inv = 0;
      while (k < n_events && events[k].instrument == DS_INSTRUMENT_EQUITY &&
             events[k].date == e->date)
        {
          DsCapEvent *ek = &events[k++];
          ek->flags = 0;
          if (ek->is_option && !self->exercise_options)
            {
              ek->flags |= DS_CAP_EVENT_SKIPPED;
              continue;
            }
          if (isnan (pre) && ek->pre_money_usd > 0)
            pre = ek->pre_money_usd;
          if (isnan (post) && ek->post_money_usd > 0)
            post = ek->post_money_usd;
          DsInvestment x = { .key = ek->key, .name = ek->name, .amount = ek->amount_usd };
          inv[n_inv++] = x;
        }

      if (isnan (pre) && isnan (post))
        {
          /* Without a valuation the stake cannot be placed; the money still
           * counts as invested, and the flag lets the caller say so. */
          for (guint j = i; j < k; j++)
            {
              if (events[j].flags & DS_CAP_EVENT_SKIPPED)
                continue;
              events[j].flags |= DS_CAP_EVENT_UNPRICED;
              guint h = ds_cap_table_holder (self, events[j].key, events[j].name);
              if (isfinite (events[j].amount_usd))
                HOLDER (self, h)->invested_usd += events[j].amount_usd;
            }
        }
      else if (n_inv > 0)
        {
          DsRound r;
          ds_round_init (&r, e->date);
          r.pre_money = pre;
          r.post_money = post;
          r.investments = inv;
          r.n_investments = n_inv;
          if (!ds_cap_table_apply_round (self, &r, NULL, error))
            return FALSE;
        }
      i = k;
    }
  return TRUE;
}

guint
ds_cap_table_n_holders (const DsCapTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->holders->len;
}

const DsHolder *
ds_cap_table_get_holder (const DsCapTable *self,
                         guint             holder)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (holder < self->holders->len, NULL);
  return HOLDER (self, holder);
}

guint
ds_cap_table_n_convertibles (const DsCapTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->convertibles->len;
}

const DsConvertible *
ds_cap_table_get_convertible (const DsCapTable *self,
                              guint             i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->convertibles->len, NULL);
  return CONV (self, i);
}

double
ds_cap_table_pending_usd (const DsCapTable *self,
                          guint             holder,
                          DsDate            date)
{
  g_return_val_if_fail (self != NULL, NAN);

  double total = 0;
  for (guint i = 0; i < self->convertibles->len; i++)
    {
      const DsConvertible *c = CONV (self, i);
      if (c->holder == holder && convertible_active (self, c))
        total += convertible_amount (c, date);
    }
  return total;
}

char *
ds_cap_table_describe_origin (const DsCapTable *self,
                              guint             holder)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (holder < self->holders->len, NULL);

  const DsHolder *h = HOLDER (self, holder);
  GString *s = g_string_new (NULL);
  guint origin = h->origin;

  if (ds_cap_table_pending_usd (self, holder, DS_DATE_NONE) > 0)
    origin |= DS_STAKE_PENDING;

#define ADD(...) G_STMT_START { if (s->len) g_string_append (s, ", "); \
                                g_string_append_printf (s, __VA_ARGS__); } G_STMT_END
  if (origin & DS_STAKE_INITIAL)
    ADD ("initial");
  if (origin & DS_STAKE_KNOWN)
    ADD ("known stake");
  if (origin & DS_STAKE_ROUND)
    ADD (h->n_rounds == 1 ? "round" : "%u rounds", h->n_rounds);
  if (origin & DS_STAKE_CONVERSION)
    ADD (h->n_conversions == 1 ? "conversion" : "%u conversions", h->n_conversions);
  if (origin & DS_STAKE_POOL)
    ADD ("option pool");
  if (origin & DS_STAKE_PENDING)
    ADD ("pending conversion");
  if (origin & DS_STAKE_DILUTED)
    ADD (h->n_dilutions == 1 ? "diluted" : "diluted %u times", h->n_dilutions);
#undef ADD
  return g_string_free (s, FALSE);
}

gboolean
ds_cap_table_last_post_money (const DsCapTable *self,
                              double           *post_money,
                              DsDate           *date)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (post_money)
    *post_money = self->last_post_money;
  if (date)
    *date = self->last_round_date;
  return self->has_round;
}

const DsThresholdCrossing *
ds_cap_table_crossings (const DsCapTable *self,
                        guint            *n)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (n)
    *n = self->crossings->len;
  return (const DsThresholdCrossing *) (void *) self->crossings->data;
}

gboolean
ds_cap_table_first_crossing (const DsCapTable *self,
                             guint             holder,
                             double            threshold,
                             DsDate           *date)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->crossings->len; i++)
    {
      const DsThresholdCrossing *c = &g_array_index (self->crossings, DsThresholdCrossing, i);
      if (c->holder == holder && c->upward && fabs (c->threshold - threshold) < 1e-12)
        {
          if (date)
            *date = c->date;
          return TRUE;
        }
    }
  return FALSE;
}

double
ds_cap_table_max_amount (const DsCapTable *self,
                         guint             holder,
                         double            threshold,
                         double            post_money,
                         double            others_new_money)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (holder < self->holders->len, NAN);

  return ds_stake_max_amount (ds_cap_table_fraction (self, holder), threshold,
                              post_money, others_new_money);
}

/* ---- plain helpers ---- */

double
ds_note_accrued (double principal,
                 double rate,
                 double years)
{
  return principal * (1 + rate * years);
}

double
ds_stake_after_round (double fraction,
                      double own_new_money,
                      double new_money,
                      double post_money)
{
  g_return_val_if_fail (post_money > 0, NAN);
  return fraction * (1 - new_money / post_money) + own_new_money / post_money;
}

double
ds_stake_max_new_shares (double h,
                         double t)
{
  g_return_val_if_fail (t < 1, NAN);
  return h >= t ? 0 : (t - h) / (1 - t);
}

double
ds_stake_max_amount (double h,
                     double t,
                     double post_money,
                     double others_new_money)
{
  g_return_val_if_fail (h < 1, NAN);
  if (h >= t)
    return 0;
  /* h (1 - (m + o) / V) + m / V <= t  =>  m <= (V (t - h) + h o) / (1 - h) */
  return (post_money * (t - h) + h * others_new_money) / (1 - h);
}

double
ds_stake_pro_rata_amount (double f,
                          double others_new_money)
{
  g_return_val_if_fail (f < 1, NAN);
  return f * others_new_money / (1 - f);
}

double
ds_stake_pro_rata_side_letter (double a,
                               double s)
{
  g_return_val_if_fail (s < 1, NAN);
  return a / (1 - s) - a;
}

double
ds_revenue_growth_factor (double g0,
                          double decay,
                          double years)
{
  if (years == 0 || !isfinite (years))
    return years == 0 ? 1 : NAN;

  double a = MIN (0, years), b = MAX (0, years);
  double log_f = 0;
  for (double k = floor (a); k < b; k += 1)
    {
      double lo = MAX (a, k), hi = MIN (b, k + 1);
      if (!(hi > lo))
        continue;
      double g = k >= 0 ? g0 * pow (decay, k) : g0;
      log_f += log1p (g) * (hi - lo);
    }
  return exp (years > 0 ? log_f : -log_f);
}

double
ds_valuation_model_run_rate (const DsValuationModel *m,
                             DsDate                  date)
{
  g_return_val_if_fail (m != NULL, NAN);

  if (!isfinite (m->revenue_run_rate) || m->revenue_date == DS_DATE_NONE)
    return NAN;
  double years = ds_date_years_between (m->revenue_date, date);
  return m->revenue_run_rate * ds_revenue_growth_factor (m->growth, m->growth_decay, years);
}

double
ds_valuation_model_multiple (const DsValuationModel *m)
{
  g_return_val_if_fail (m != NULL, NAN);

  if (isfinite (m->multiple))
    return m->multiple;
  if (m->round_date == DS_DATE_NONE || !isfinite (m->round_post_money))
    return NAN;
  double r = ds_valuation_model_run_rate (m, m->round_date);
  return r > 0 ? m->round_post_money / r : NAN;
}

double
ds_valuation_model_at (const DsValuationModel *m,
                       DsDate                  date,
                       gboolean               *out_projected)
{
  g_return_val_if_fail (m != NULL, NAN);

  gboolean have_round = m->round_date != DS_DATE_NONE && isfinite (m->round_post_money);
  if (out_projected)
    *out_projected = FALSE;

  if (m->project && (!have_round || ds_date_to_days (date) > ds_date_to_days (m->round_date)))
    {
      double mult = ds_valuation_model_multiple (m);
      double r = ds_valuation_model_run_rate (m, date);
      if (isfinite (mult) && isfinite (r))
        {
          if (out_projected)
            *out_projected = TRUE;
          return mult * r;
        }
    }
  return have_round ? m->round_post_money : NAN;
}
