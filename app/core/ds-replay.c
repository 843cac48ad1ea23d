/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-replay.c: replay of a scenario over time: one sorted timeline of deal
 * and stake events, per-company cap tables advanced frame by frame. */
#define G_LOG_DOMAIN "ds-replay"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ds-replay.h"

G_DEFINE_QUARK (ds-replay-error-quark, ds_replay_error)

/* Same-date events of one company: rounds first, then notes and SAFEs, so
 * a note signed on the day of a round converts at the next one, not this. */
typedef enum {
  EV_EQUITY,
  EV_CONVERTIBLE,
  EV_OTHER,
  EV_OBSERVATION,   /* a stake_fraction metric: the holder's known stake */
  EV_UNPLACED,      /* one that names no company where it could be several */
} EventKind;

typedef struct {
  DsDate  date;      /* when it takes effect */
  DsIndex company;
  guint8  kind;
  DsIndex index;     /* deal of the view, or metric of the view for observations */
  DsIndex holder;    /* observations: the holder entity */
} Event;

typedef struct {
  DsDate  date;
  DsIndex index;
} Dated;

typedef struct {
  DsIndex          entity;
  DsSchedulePoint *points;
  guint            n_points;
  DsPowerSchedule  schedule;
  gboolean         in_chips;
  DsIndex          chip;
  double           watts, peak;
  guint            power_flags, chip_flags;
  const char      *missing;
  char            *problem;
} Datacenter;

struct _DsReplay {
  DsScenarioView *view;
  DsAssumptions   a;
  DsFrame         frame;
  gboolean        started;
  DsDate          compute_start;

  GArray     *events;          /* Event, sorted */
  guint       event_cursor;
  GArray     *entity_first;    /* Dated: first appearance, sorted */
  guint       entity_cursor;
  guint8     *entity_timeless; /* no dated fact: always visible */
  GArray     *deal_appear;     /* Dated, sorted */
  guint       deal_cursor;
  double     *deal_stake_hint; /* the investor's known stake right after an unpriced round */

  DsCapTable **tables;         /* per entity */
  char       **problems;       /* per entity */
  DsIndex     *round_deal;     /* per entity: view deal of the last priced round, or DS_NONE */
  GHashTable  *assumed_stakes; /* stake_key () of stakes resting on assumptions */
  GArray      *revenue_companies; /* DsIndex: valuation moves with the date */
  guint8      *dirty;
  GArray      *dirty_list;     /* DsIndex */

  Datacenter  *dcs;
  guint        n_dcs;

  GArray     **stakes;         /* per entity: DsStake, cached for one frame */
  guint       *stakes_gen;
  guint        gen;
};

/* ---- steps ---- */

gboolean
ds_replay_step_parse (const char   *text,
                      DsReplayStep *out)
{
  static const char *const names[] = { "day", "week", "month", "quarter", "year" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (text != NULL && strcmp (text, names[i]) == 0)
      {
        *out = (DsReplayStep) i;
        return TRUE;
      }
  return FALSE;
}

static DsDate
step_nth (DsDate       from,
          DsReplayStep step,
          int          k)
{
  switch (step)
    {
    case DS_REPLAY_STEP_DAY:
      return ds_date_from_days (ds_date_to_days (from) + k);
    case DS_REPLAY_STEP_WEEK:
      return ds_date_from_days (ds_date_to_days (from) + 7 * k);
    case DS_REPLAY_STEP_MONTH:
      return ds_date_add_months (from, k);
    case DS_REPLAY_STEP_QUARTER:
      return ds_date_add_months (from, 3 * k);
    case DS_REPLAY_STEP_YEAR:
    default:
      return ds_date_add_months (from, 12 * k);
    }
}

DsDate
ds_replay_step_advance (DsDate       date,
                        DsReplayStep step)
{
  return step_nth (date, step, 1);
}

/* ---- setup ---- */

gboolean
ds_replay_parse_stake_metric (DsLandscape *ls,
                              const char  *name,
                              DsIndex     *company)
{
  const char *rest;

  *company = DS_NONE;
  if (name == NULL || !g_str_has_prefix (name, DS_STAKE_METRIC))
    return FALSE;
  rest = name + strlen (DS_STAKE_METRIC);
  if (*rest == '\0')
    return TRUE;
  if (*rest != ':')
    return FALSE;
  *company = ds_landscape_find_entity (ls, rest + 1);
  return *company != DS_NONE;
}

static int
compare_events (gconstpointer pa,
                gconstpointer pb)
{
  const Event *a = pa, *b = pb;

  if (a->date != b->date)
    return a->date < b->date ? -1 : 1;
  if (a->company != b->company)
    return a->company < b->company ? -1 : 1;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

static int
compare_dated (gconstpointer pa,
               gconstpointer pb)
{
  const Dated *a = pa, *b = pb;

  if (a->date != b->date)
    return a->date < b->date ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

/* A month-precision fact ("2025-03") holds by the end of that month: it
 * comes after the deals dated in the month (ds_date_last_day). */
static DsDate
effective_date (const DsDeal *d)
{
  return d->close_date > d->date ? d->close_date : d->date;
}

static void
note_first (DsDate *first,
            DsIndex entity,
            DsDate  date)
{
  if (entity != DS_NONE && date != DS_DATE_NONE && (first[entity] == DS_DATE_NONE || date < first[entity]))
    first[entity] = date;
}

static const DsMetric *
latest_metric (const DsScenarioView *view,
               DsIndex               entity,
               const char           *name,
               DsDate                at,
               guint                *out_row)
{
  guint first, n = ds_scenario_view_metric_series (view, entity, name, &first);
  const DsMetric *best = NULL;

  for (guint i = first; i < first + n; i++)
    {
      const DsMetric *m = &g_array_index (view->metrics, DsMetric, i);
      if (at != DS_DATE_NONE && m->date > at)
        break;
      best = m;
      if (out_row)
        *out_row = i;
    }
  return best;
}

static void
setup_datacenter (DsReplay   *self,
                  Datacenter *dc)
{
  const DsScenarioView *v = self->view;
  DsLandscape *ls = v->landscape;
  guint first, n;
  DsDate chip_date = G_MININT32;

  dc->chip = DS_NONE;
  n = ds_scenario_view_metric_series (v, dc->entity, "power_gw", &first);
  if (n == 0)
    {
      n = ds_scenario_view_metric_series (v, dc->entity, "chips", &first);
      dc->in_chips = n > 0;
    }
  dc->points = g_new0 (DsSchedulePoint, MAX (n, 1));
  dc->n_points = n;
  for (guint i = 0; i < n; i++)
    {
      const DsMetric *m = &g_array_index (v->metrics, DsMetric, first + i);
      dc->points[i].date = m->date;
      dc->points[i].value = m->value;
      if (m->confidence == DS_CONFIDENCE_ASSUMPTION)
        dc->power_flags |= DS_VALUE_ASSUMED;
      if (v->metric_origin[first + i] != DS_METRIC_FROM_LANDSCAPE)
        dc->power_flags |= DS_VALUE_OVERRIDDEN;
    }
  ds_power_schedule_init (&dc->schedule, dc->points, dc->n_points, DS_SCHEDULE_STEP);
  dc->schedule.delay_months = self->a.buildout_delay_months;
  dc->schedule.scale = self->a.buildout_scale;
  if (self->a.buildout_delay_months != 0 || self->a.buildout_scale != 1)
    dc->power_flags |= DS_VALUE_ASSUMED;
  if (ds_scenario_view_assumption_is_set (v, "buildout_delay_months") ||
      ds_scenario_view_assumption_is_set (v, "buildout_scale"))
    dc->power_flags |= self->a.buildout_delay_months != 0 || self->a.buildout_scale != 1
                       ? DS_VALUE_OVERRIDDEN : 0;

  /* The chip: the most recently dated `uses` relation to a chip entity. */
  for (guint i = 0; i < ls->relations->len; i++)
    {
      const DsRelation *r = ds_landscape_relation (ls, i);
      if (r->kind == DS_RELATION_USES && r->from == dc->entity &&
          ds_landscape_entity (ls, r->to)->kind == DS_ENTITY_CHIP && r->date >= chip_date)
        {
          dc->chip = r->to;
          chip_date = r->date;
        }
    }

  if (n == 0)
    {
      dc->missing = "no build-out: set a power_gw or chips metric on the data center";
      return;
    }
  if (dc->chip == DS_NONE)
    {
      dc->missing = "no chip: add a `uses` relation from the data center to a chip";
      return;
    }
  {
    const DsMetric *tf = latest_metric (v, dc->chip, "bf16_tflops", DS_DATE_NONE, NULL);
    const DsMetric *fw = latest_metric (v, dc->chip, "facility_w", DS_DATE_NONE, NULL);

    if (tf == NULL)
      {
        dc->missing = "the chip has no bf16_tflops metric";
        return;
      }
    dc->peak = tf->value * 1e12;
    if (tf->confidence == DS_CONFIDENCE_ASSUMPTION)
      dc->chip_flags |= DS_VALUE_ASSUMED;
    if (!isnan (self->a.watts_per_accelerator))
      {
        dc->watts = self->a.watts_per_accelerator;
        dc->chip_flags |= DS_VALUE_ASSUMED | DS_VALUE_OVERRIDDEN;
      }
    else if (fw != NULL)
      {
        dc->watts = fw->value;
        if (fw->confidence == DS_CONFIDENCE_ASSUMPTION)
          dc->chip_flags |= DS_VALUE_ASSUMED;
      }
    else if (!dc->in_chips)
      {
        dc->missing = "the chip has no facility_w metric: set assumption.watts_per_accelerator";
        return;
      }
    else
      dc->watts = NAN;
  }
}

static void
setup (DsReplay *self)
{
  const DsScenarioView *v = self->view;
  DsLandscape *ls = v->landscape;
  guint n_entities = ls->entities->len, n_deals = v->deals->len;
  g_autofree DsDate *first = g_new0 (DsDate, n_entities);
  DsFrame *f = &self->frame;

  self->events = g_array_sized_new (FALSE, FALSE, sizeof (Event), n_deals);
  self->deal_appear = g_array_sized_new (FALSE, FALSE, sizeof (Dated), n_deals);
  self->deal_stake_hint = g_new (double, n_deals);

  for (guint i = 0; i < n_deals; i++)
    {
      const DsDeal *d = ds_scenario_view_deal (v, i);
      Dated dt = { d->date, (DsIndex) i };

      self->deal_stake_hint[i] = NAN;
      g_array_append_val (self->deal_appear, dt);
      note_first (first, d->investor, d->date);
      note_first (first, d->target, d->date);
      if (ds_deal_status_is_pending (d->status))
        continue;
      Event e = { effective_date (d), d->target,
                  d->instrument == DS_INSTRUMENT_EQUITY ? EV_EQUITY
                  : ds_instrument_buys_stake (d->instrument) ? EV_CONVERTIBLE : EV_OTHER,
                  (DsIndex) i, d->investor };
      g_array_append_val (self->events, e);
    }
  for (guint i = 0; i < ls->relations->len; i++)
    {
      const DsRelation *r = ds_landscape_relation (ls, i);
      note_first (first, r->from, r->date);
      note_first (first, r->to, r->date);
    }

  /* Known stakes: a holder's stake_fraction:COMPANY metric is its stake in
   * COMPANY; a plain stake_fraction, in the one company it has stake-bearing
   * deals in by then (with several it is not guessed: Microsoft's 27 % of
   * OpenAI once became 27 % of G42, its latest such deal). It prices an
   * unpriced round of the same date, and re-anchors the holder's line at
   * the end of its period. */
  for (guint i = 0; i < v->metrics->len; i++)
    {
      const DsMetric *m = &g_array_index (v->metrics, DsMetric, i);
      DsDate end = ds_date_last_day (m->date);
      DsIndex company = DS_NONE, named = DS_NONE;
      g_autoptr(GArray) candidates = NULL;

      note_first (first, m->entity, m->date);
      if (!ds_replay_parse_stake_metric (ls, m->name, &named))
        continue;
      candidates = g_array_new (FALSE, FALSE, sizeof (DsIndex));
      for (guint j = 0; j < self->events->len; j++)
        {
          const Event *e = &g_array_index (self->events, Event, j);
          const DsDeal *d;
          gboolean seen = FALSE;

          /* Observations appended by earlier metrics index metrics, not deals. */
          if (e->kind > EV_CONVERTIBLE)
            continue;
          d = ds_scenario_view_deal (v, e->index);
          if (d->investor != m->entity || e->date > end || (named != DS_NONE && d->target != named))
            continue;
          if (e->kind == EV_EQUITY && d->date == m->date)
            self->deal_stake_hint[e->index] = m->value;
          for (guint k = 0; k < candidates->len && !seen; k++)
            seen = g_array_index (candidates, DsIndex, k) == d->target;
          if (!seen)
            g_array_append_val (candidates, d->target);
        }
      if (named != DS_NONE)
        company = named;
      else if (candidates->len == 1)
        company = g_array_index (candidates, DsIndex, 0);
      if (company != DS_NONE)
        {
          Event e = { end, company, EV_OBSERVATION, (DsIndex) i, m->entity };
          g_array_append_val (self->events, e);
        }
      else if (candidates->len > 1)
        {
          /* Nor does it price a round of that date. */
          for (guint j = 0; j < self->events->len; j++)
            {
              const Event *e = &g_array_index (self->events, Event, j);
              if (e->kind == EV_EQUITY && ds_scenario_view_deal (v, e->index)->investor == m->entity
                  && ds_scenario_view_deal (v, e->index)->date == m->date)
                self->deal_stake_hint[e->index] = NAN;
            }
          /* Each company it could be about says so with its stakes. */
          for (guint k = 0; k < candidates->len; k++)
            {
              Event e = { end, g_array_index (candidates, DsIndex, k), EV_UNPLACED, (DsIndex) i, m->entity };
              g_array_append_val (self->events, e);
            }
        }
    }
  g_array_sort (self->events, compare_events);
  g_array_sort (self->deal_appear, compare_dated);

  /* Owners appear no later than what they own. */
  for (guint pass = 0; pass < 8; pass++)
    for (guint i = 0; i < n_entities; i++)
      {
        DsIndex p = ds_landscape_entity (ls, i)->parent;
        if (p != DS_NONE && first[i] != DS_DATE_NONE)
          note_first (first, p, first[i]);
      }
  self->entity_first = g_array_new (FALSE, FALSE, sizeof (Dated));
  self->entity_timeless = g_new0 (guint8, n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      Dated dt = { first[i], (DsIndex) i };
      if (first[i] == DS_DATE_NONE)
        self->entity_timeless[i] = 1;
      else
        g_array_append_val (self->entity_first, dt);
    }
  g_array_sort (self->entity_first, compare_dated);

  self->revenue_companies = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  for (guint i = 0; i < n_entities; i++)
    {
      guint r0;
      if (ds_scenario_view_metric_series (v, (DsIndex) i, "revenue_run_rate_usd", &r0) > 0)
        {
          DsIndex e = (DsIndex) i;
          g_array_append_val (self->revenue_companies, e);
        }
      if (ds_landscape_entity (ls, i)->kind == DS_ENTITY_DATACENTER)
        self->n_dcs++;
    }
  self->dcs = g_new0 (Datacenter, MAX (self->n_dcs, 1));
  self->n_dcs = 0;
  for (guint i = 0; i < n_entities; i++)
    if (ds_landscape_entity (ls, i)->kind == DS_ENTITY_DATACENTER)
      {
        Datacenter *dc = &self->dcs[self->n_dcs++];
        dc->entity = (DsIndex) i;
        setup_datacenter (self, dc);
      }

  f->n_entities = n_entities;
  f->n_deals = n_deals;
  f->entity_visible = g_new0 (guint8, n_entities);
  f->valuation_usd = g_new (double, n_entities);
  f->valuation_flags = g_new0 (guint8, n_entities);
  f->revenue_run_rate_usd = g_new (double, n_entities);
  f->revenue_flags = g_new0 (guint8, n_entities);
  f->invested_in_usd = g_new0 (double, n_entities);
  f->invested_out_usd = g_new0 (double, n_entities);
  f->deal_visible = g_new0 (guint8, n_deals);
  f->deal_pending = g_new0 (guint8, n_deals);
  f->deal_invested_to_date = g_new0 (double, n_deals);
  f->datacenters = g_new0 (DsDatacenterFrame, n_entities);

  self->tables = g_new0 (DsCapTable *, n_entities);
  self->problems = g_new0 (char *, n_entities);
  self->round_deal = g_new (DsIndex, MAX (n_entities, 1));
  for (guint i = 0; i < n_entities; i++)
    self->round_deal[i] = DS_NONE;
  self->assumed_stakes = g_hash_table_new (g_direct_hash, NULL);
  self->dirty = g_new0 (guint8, n_entities);
  self->dirty_list = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  self->stakes = g_new0 (GArray *, n_entities);
  self->stakes_gen = g_new0 (guint, n_entities);
}

DsReplay *
ds_replay_new (DsLandscape *landscape,
               DsIndex      scenario,
               GError     **error)
{
  g_autoptr(DsScenarioView) view = ds_scenario_view_new (landscape, scenario, error);
  DsReplay *self;

  if (view == NULL)
    return NULL;
  self = g_new0 (DsReplay, 1);
  self->view = g_steal_pointer (&view);
  self->a = self->view->assumptions;
  setup (self);
  ds_replay_reset (self);
  return self;
}

static void
clear_stakes (GArray *stakes)
{
  for (guint i = 0; i < stakes->len; i++)
    g_free (g_array_index (stakes, DsStake, i).origin_text);
  g_array_set_size (stakes, 0);
}

void
ds_replay_free (DsReplay *self)
{
  DsFrame *f;

  if (self == NULL)
    return;
  f = &self->frame;
  for (guint i = 0; i < f->n_entities; i++)
    {
      g_clear_pointer (&self->tables[i], ds_cap_table_free);
      g_free (self->problems[i]);
      if (self->stakes[i])
        {
          clear_stakes (self->stakes[i]);
          g_array_unref (self->stakes[i]);
        }
    }
  for (guint i = 0; i < self->n_dcs; i++)
    {
      g_free (self->dcs[i].points);
      g_free (self->dcs[i].problem);
    }
  g_free (self->dcs);
  g_free (self->tables);
  g_free (self->problems);
  g_free (self->round_deal);
  g_free (self->stakes);
  g_free (self->stakes_gen);
  g_hash_table_unref (self->assumed_stakes);
  g_free (self->dirty);
  g_array_unref (self->dirty_list);
  g_array_unref (self->revenue_companies);
  g_array_unref (self->events);
  g_array_unref (self->entity_first);
  g_array_unref (self->deal_appear);
  g_free (self->entity_timeless);
  g_free (self->deal_stake_hint);
  g_free (f->entity_visible);
  g_free (f->valuation_usd);
  g_free (f->valuation_flags);
  g_free (f->revenue_run_rate_usd);
  g_free (f->revenue_flags);
  g_free (f->invested_in_usd);
  g_free (f->invested_out_usd);
  g_free (f->deal_visible);
  g_free (f->deal_pending);
  g_free (f->deal_invested_to_date);
  g_free (f->datacenters);
  ds_scenario_view_free (self->view);
  g_free (self);
}

const DsScenarioView *
ds_replay_get_view (DsReplay *self)
{
  return self->view;
}

void
ds_replay_set_compute_start (DsReplay *self,
                             DsDate    start)
{
  self->compute_start = start;
  /* Cumulative compute is recomputed each frame: nothing to reset. */
}

void
ds_replay_reset (DsReplay *self)
{
  DsFrame *f = &self->frame;

  for (guint i = 0; i < f->n_entities; i++)
    {
      g_clear_pointer (&self->tables[i], ds_cap_table_free);
      g_clear_pointer (&self->problems[i], g_free);
      self->round_deal[i] = DS_NONE;
      f->entity_visible[i] = self->entity_timeless[i];
      f->valuation_usd[i] = NAN;
      f->revenue_run_rate_usd[i] = NAN;
    }
  memset (f->valuation_flags, 0, f->n_entities);
  memset (f->revenue_flags, 0, f->n_entities);
  memset (f->invested_in_usd, 0, f->n_entities * sizeof (double));
  memset (f->invested_out_usd, 0, f->n_entities * sizeof (double));
  memset (f->deal_visible, 0, f->n_deals);
  memset (f->deal_pending, 0, f->n_deals);
  memset (f->deal_invested_to_date, 0, f->n_deals * sizeof (double));
  g_hash_table_remove_all (self->assumed_stakes);
  self->event_cursor = self->entity_cursor = self->deal_cursor = 0;
  self->started = FALSE;
  f->date = DS_DATE_NONE;
  self->gen++;
}

/* ---- valuation ---- */

static double
company_valuation_basis (DsReplay         *self,
                         DsIndex           company,
                         DsDate            date,
                         guint8           *out_flags,
                         double           *out_revenue,
                         guint8           *out_revenue_flags,
                         DsValuationBasis *out_basis)
{
  const DsScenarioView *v = self->view;
  DsCapTable *t = self->tables[company];
  DsValuationModel model = { 0 };
  double post = NAN;
  DsDate round_date = DS_DATE_NONE;
  gboolean has_round = t != NULL && ds_cap_table_last_post_money (t, &post, &round_date);
  const DsMetric *vm = latest_metric (v, company, "valuation_usd", date, NULL);
  const DsMetric *rev = latest_metric (v, company, "revenue_run_rate_usd", date, NULL);
  gboolean projected = FALSE;
  double value;

  *out_flags = 0;
  *out_revenue = NAN;
  *out_revenue_flags = 0;
  if (out_basis)
    {
      *out_basis = (DsValuationBasis) { .base_deal = has_round ? self->round_deal[company] : DS_NONE,
                                        .base_date = DS_DATE_NONE, .base_valuation_usd = NAN,
                                        .growth_factor = 1 };
    }
  if (vm != NULL && (!has_round || vm->date > round_date))
    {
      if (out_basis)
        out_basis->base_deal = DS_NONE;
      has_round = TRUE;
      post = vm->value;
      round_date = vm->date;
      if (vm->confidence == DS_CONFIDENCE_ASSUMPTION)
        *out_flags |= DS_VALUE_ASSUMED;
    }
  if (!has_round && rev == NULL)
    return NAN;

  model.round_date = has_round ? round_date : DS_DATE_NONE;
  model.round_post_money = has_round ? post : NAN;
  model.revenue_date = rev ? rev->date : DS_DATE_NONE;
  model.revenue_run_rate = rev ? rev->value : NAN;
  model.growth = self->a.revenue_growth;
  model.growth_decay = self->a.revenue_growth_decay;
  model.multiple = self->a.valuation_multiple;
  model.project = rev != NULL;
  if (rev != NULL && isnan (model.multiple) && has_round)
    {
      /* The multiple of the last round, on the revenue known by then (the
       * first observation when the round came before any). */
      const DsMetric *at_round = latest_metric (v, company, "revenue_run_rate_usd", round_date, NULL);
      if (at_round == NULL)
        {
          guint first;
          ds_scenario_view_metric_series (v, company, "revenue_run_rate_usd", &first);
          at_round = &g_array_index (v->metrics, DsMetric, first);
        }
      model.multiple = post / (at_round->value *
                               ds_revenue_growth_factor (model.growth, model.growth_decay,
                                                         ds_date_years_between (at_round->date, round_date)));
    }
  if (rev != NULL)
    {
      *out_revenue = ds_valuation_model_run_rate (&model, date);
      if (ds_date_to_days (date) != ds_date_to_days (rev->date))
        *out_revenue_flags = DS_VALUE_ASSUMED | DS_VALUE_PROJECTED;
    }
  value = ds_valuation_model_at (&model, date, &projected);
  if (projected)
    *out_flags |= DS_VALUE_ASSUMED | DS_VALUE_PROJECTED;
  if (out_basis && has_round)
    {
      out_basis->base_date = round_date;
      out_basis->base_valuation_usd = post;
    }
  if (out_basis && projected && has_round)
    {
      DsDate from = ds_date_first_day (round_date), to = ds_date_first_day (date);
      out_basis->projected = TRUE;
      out_basis->projected_months = (to / 10000 - from / 10000) * 12 + (to / 100 % 100 - from / 100 % 100);
      out_basis->projected_years = ds_date_years_between (round_date, date);
      out_basis->growth_factor = post > 0 ? value / post : NAN;
    }
  else if (out_basis && projected)
    out_basis->projected = TRUE;
  return value;
}

static double
company_valuation (DsReplay *self,
                   DsIndex   company,
                   DsDate    date,
                   guint8   *out_flags,
                   double   *out_revenue,
                   guint8   *out_revenue_flags)
{
  return company_valuation_basis (self, company, date, out_flags, out_revenue, out_revenue_flags, NULL);
}

gboolean
ds_replay_get_valuation_basis (DsReplay         *self,
                               DsIndex           company,
                               DsValuationBasis *out)
{
  guint8 flags, rflags;
  double revenue, value;

  g_return_val_if_fail (self != NULL && out != NULL, FALSE);
  g_return_val_if_fail (company >= 0 && (guint) company < self->frame.n_entities, FALSE);

  if (!self->started)
    {
      *out = (DsValuationBasis) { .base_deal = DS_NONE, .base_valuation_usd = NAN, .growth_factor = 1 };
      return FALSE;
    }
  /* The same computation as the frame's, on the tables at the frame's date. */
  value = company_valuation_basis (self, company, self->frame.date, &flags, &revenue, &rflags, out);
  return isfinite (value);
}

/* ---- advancing ---- */

static DsCapTable *
company_table (DsReplay *self,
               DsIndex   company)
{
  if (self->tables[company] == NULL)
    {
      DsCapTable *t = ds_cap_table_new_value_terms ();
      ds_cap_table_set_thresholds (t, &self->a.stake_threshold, 1);
      ds_cap_table_set_exercise_options (t, self->a.exercise_options != 0);
      self->tables[company] = t;
    }
  return self->tables[company];
}

static void
mark_dirty (DsReplay *self,
            DsIndex   company)
{
  if (!self->dirty[company])
    {
      self->dirty[company] = 1;
      g_array_append_val (self->dirty_list, company);
    }
}

/* One pointer-sized key per (company, holder) pair, so the set needs no
 * allocation per entry; holders are entities, or the two negative keys. */
static gpointer
stake_key (DsReplay *self,
           DsIndex   company,
           gint      holder)
{
  return GSIZE_TO_POINTER ((gsize) company * (self->frame.n_entities + 2) + (gsize) (holder + 2) + 1);
}

static void
mark_assumed (DsReplay *self,
              DsIndex   company,
              DsIndex   holder)
{
  g_hash_table_add (self->assumed_stakes, stake_key (self, company, holder));
}

static void
note_problem (DsReplay *self,
              DsIndex   company,
              GError   *error)
{
  if (self->problems[company] == NULL)
    self->problems[company] = g_strdup (error->message);
}

static void
deal_done (DsReplay *self,
           DsIndex   deal)
{
  const DsDeal *d = ds_scenario_view_deal (self->view, deal);
  DsFrame *f = &self->frame;
  double amount = isfinite (d->amount_usd) ? d->amount_usd : 0;

  f->deal_pending[deal] = 0;
  f->deal_invested_to_date[deal] = amount;
  f->invested_in_usd[d->target] += amount;
  f->invested_out_usd[d->investor] += amount;
}

static void
fill_event (DsReplay   *self,
            DsCapEvent *ce,
            DsIndex     deal)
{
  const DsDeal *d = ds_scenario_view_deal (self->view, deal);

  memset (ce, 0, sizeof *ce);
  ce->date = effective_date (d);
  ce->key = d->investor;
  ce->name = ds_landscape_entity (self->view->landscape, d->investor)->name;
  ce->instrument = d->instrument;
  ce->amount_usd = d->amount_usd;
  ce->pre_money_usd = d->pre_money_usd;
  ce->post_money_usd = d->post_money_usd;
  ce->cap_usd = d->cap_usd;
  ce->discount = d->discount;
  ce->interest_rate = d->interest_rate;
  /* A tranche that has closed is no longer optional. */
  ce->is_option = d->tranche_of != DS_NONE && d->status != DS_STATUS_CLOSED;
  ce->tag = deal;
}

static void
apply_group (DsReplay *self,
             guint     begin,
             guint     end)
{
  const Event *e0 = &g_array_index (self->events, Event, begin);
  DsIndex company = e0->company;
  DsCapEvent ces[16];
  g_autofree DsCapEvent *heap = NULL;
  DsCapEvent *ce = ces;
  guint n = 0;
  g_autoptr(GError) error = NULL;
  gboolean priced = FALSE, assumed_price = FALSE;

  if (end - begin > G_N_ELEMENTS (ces))
    ce = heap = g_new (DsCapEvent, end - begin);
  for (guint i = begin; i < end; i++)
    {
      const Event *e = &g_array_index (self->events, Event, i);
      const DsDeal *d = ds_scenario_view_deal (self->view, e->index);
      /* Money without an amount cannot place a stake; it is shown, not modelled. */
      if (!isfinite (d->amount_usd))
        continue;
      fill_event (self, &ce[n], e->index);
      if (ds_is_set (ce[n].pre_money_usd) || ds_is_set (ce[n].post_money_usd))
        priced = TRUE;
      n++;
    }
  if (n == 0)
    return;

  if (e0->kind == EV_EQUITY && !priced)
    {
      /* An equity deal without a valuation: a known stake of the same date
       * prices it (amount / stake); else the company's valuation then,
       * taken as the pre-money (a flat round: an assumption). */
      for (guint i = 0; i < n && !priced; i++)
        if (ds_is_set (self->deal_stake_hint[ce[i].tag]) && self->deal_stake_hint[ce[i].tag] > 0)
          {
            ce[i].post_money_usd = ce[i].amount_usd / self->deal_stake_hint[ce[i].tag];
            priced = TRUE;
          }
      if (!priced)
        {
          guint8 flags, rflags;
          double revenue;
          double value = company_valuation (self, company, e0->date, &flags, &revenue, &rflags);
          if (isfinite (value) && value > 0)
            {
              ce[0].pre_money_usd = value;
              priced = assumed_price = TRUE;
            }
        }
    }

  /* Only the first problem is kept: once a company has one, its refused
   * rounds (refused again at every later round) need no message. */
  if (!ds_cap_table_apply_events (company_table (self, company), ce, n, &self->a,
                                  self->problems[company] == NULL ? &error : NULL)
      && error != NULL)
    note_problem (self, company, error);
  {
    /* The deal that priced the round, when the table took it as its last
     * priced round: the valuation's basis names it. */
    DsDate last = DS_DATE_NONE;
    if (priced && ds_cap_table_last_post_money (self->tables[company], NULL, &last) && last == e0->date)
      {
        DsIndex pricer = ce[0].tag;
        for (guint i = 0; i < n; i++)
          if (ds_is_set (ce[i].pre_money_usd) || ds_is_set (ce[i].post_money_usd))
            {
              pricer = ce[i].tag;
              break;
            }
        self->round_deal[company] = pricer;
      }
  }
  for (guint i = 0; i < n; i++)
    if (assumed_price || (ce[i].flags & (DS_CAP_EVENT_ASSUMED_DISCOUNT | DS_CAP_EVENT_ASSUMED_INTEREST |
                                         DS_CAP_EVENT_ASSUMED_CAP)))
      mark_assumed (self, company, ce[i].key);
  mark_dirty (self, company);
}

static void
apply_observation (DsReplay    *self,
                   const Event *e)
{
  const DsMetric *m = &g_array_index (self->view->metrics, DsMetric, e->index);
  DsLandscape *ls = self->view->landscape;
  g_autoptr(GError) error = NULL;

  if (!ds_cap_table_set_fraction (company_table (self, e->company), e->holder,
                                  ds_landscape_entity (ls, e->holder)->name, m->value, e->date, &error))
    note_problem (self, e->company, error);
  if (m->confidence == DS_CONFIDENCE_ASSUMPTION)
    mark_assumed (self, e->company, e->holder);
  mark_dirty (self, e->company);
}

/* A plain stake_fraction of a holder with stakes in several companies. */
static void
note_unplaced_stake (DsReplay    *self,
                     const Event *e)
{
  const DsMetric *m = &g_array_index (self->view->metrics, DsMetric, e->index);
  DsLandscape *ls = self->view->landscape;
  g_autoptr(GError) error = NULL;
  char date[11];

  ds_date_format (m->date, date);

  g_set_error (&error, DS_REPLAY_ERROR, DS_REPLAY_ERROR_AMBIGUOUS_STAKE,
               "the stake_fraction metric of %s on %s (%g) is left out: it names no company, and %s has "
               "stakes in this one and others by then; if the stake is in %s, name the metric "
               "stake_fraction:%s", ds_landscape_entity (ls, e->holder)->id, date, m->value,
               ds_landscape_entity (ls, e->holder)->id, ds_landscape_entity (ls, e->company)->id,
               ds_landscape_entity (ls, e->company)->id);
  note_problem (self, e->company, error);
}

static void
update_datacenters (DsReplay *self,
                    DsDate    date)
{
  DsFrame *f = &self->frame;

  for (guint i = 0; i < self->n_dcs; i++)
    {
      Datacenter *dc = &self->dcs[i];
      DsDatacenterFrame *out = &f->datacenters[dc->entity];
      DsComputeInputs in;
      g_autoptr(GError) error = NULL;
      double level, from_days;
      DsDate from = self->compute_start != DS_DATE_NONE ? self->compute_start : 19000101;

      memset (out, 0, sizeof *out);
      out->chip = dc->chip;
      out->schedule_in_chips = dc->in_chips;
      out->power_flags = dc->power_flags;
      out->chip_flags = dc->chip_flags;
      if (dc->missing != NULL)
        {
          out->missing = dc->missing;
          continue;
        }
      ds_compute_inputs_init (&in, &self->a);
      level = ds_power_schedule_at (&dc->schedule, date);
      in.power_w = dc->in_chips ? NAN : level * 1e9;
      in.accelerators = dc->in_chips ? level : NAN;
      in.watts_per_accelerator = isnan (dc->watts) ? 1 : dc->watts;
      in.peak_flops_per_chip = dc->peak;
      if (!ds_compute_chain (&in, &out->result, &error))
        {
          g_free (dc->problem);
          dc->problem = g_strdup (error->message);
          out->missing = dc->problem;
          continue;
        }
      if (dc->in_chips && isnan (dc->watts))
        out->result.power_w = out->result.energy_mwh = out->result.energy_cost_usd =
          out->result.capex_usd = NAN;
      out->computed = TRUE;
      from_days = ds_date_to_days (from);
      if (ds_date_to_days (date) <= from_days)
        out->cumulative_flop = 0;
      else if (dc->in_chips)
        out->cumulative_flop = ds_power_schedule_integral_days (&dc->schedule, from, date) *
                               86400.0 * dc->peak * in.mfu;
      else
        out->cumulative_flop = ds_compute_cumulative_flop (&dc->schedule, from, date, dc->watts,
                                                           dc->peak, in.mfu);
    }
}

DsDate
ds_replay_get_date (DsReplay *self)
{
  g_return_val_if_fail (self != NULL, DS_DATE_NONE);
  return self->started ? self->frame.date : DS_DATE_NONE;
}

gboolean
ds_replay_seek_starts_over (DsReplay *self,
                            DsDate    date)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->started && ds_date_from_days (ds_date_to_days (date)) < self->frame.date;
}

const DsFrame *
ds_replay_seek (DsReplay *self,
                DsDate    date)
{
  DsFrame *f = &self->frame;
  GArray *events = self->events;

  g_return_val_if_fail (self != NULL, NULL);
  if (ds_replay_seek_starts_over (self, date))
    ds_replay_reset (self);
  /* "2025-06" means its first day, as everywhere in the model. */
  date = ds_date_from_days (ds_date_to_days (date));
  self->started = TRUE;
  f->date = date;
  self->gen++;

  while (self->entity_cursor < self->entity_first->len &&
         g_array_index (self->entity_first, Dated, self->entity_cursor).date <= date)
    f->entity_visible[g_array_index (self->entity_first, Dated, self->entity_cursor++).index] = 1;
  while (self->deal_cursor < self->deal_appear->len &&
         g_array_index (self->deal_appear, Dated, self->deal_cursor).date <= date)
    {
      DsIndex d = g_array_index (self->deal_appear, Dated, self->deal_cursor++).index;
      f->deal_visible[d] = 1;
      f->deal_pending[d] = 1;   /* until its event makes it done */
    }

  while (self->event_cursor < events->len &&
         g_array_index (events, Event, self->event_cursor).date <= date)
    {
      guint begin = self->event_cursor, end = begin + 1;
      const Event *e = &g_array_index (events, Event, begin);

      if (e->kind == EV_OBSERVATION)
        {
          apply_observation (self, e);
          self->event_cursor = end;
          continue;
        }
      if (e->kind == EV_UNPLACED)
        {
          note_unplaced_stake (self, e);
          self->event_cursor = end;
          continue;
        }
      if (e->kind == EV_EQUITY)
        while (end < events->len)
          {
            const Event *n = &g_array_index (events, Event, end);
            if (n->kind != EV_EQUITY || n->date != e->date || n->company != e->company)
              break;
            end++;
          }
      for (guint i = begin; i < end; i++)
        deal_done (self, g_array_index (events, Event, i).index);
      if (e->kind != EV_OTHER)
        apply_group (self, begin, end);
      self->event_cursor = end;
    }

  for (guint i = 0; i < self->dirty_list->len; i++)
    {
      DsIndex c = g_array_index (self->dirty_list, DsIndex, i);
      double revenue;
      guint8 rflags;
      self->dirty[c] = 0;
      f->valuation_usd[c] = company_valuation (self, c, date, &f->valuation_flags[c],
                                               &revenue, &rflags);
      f->revenue_run_rate_usd[c] = revenue;
      f->revenue_flags[c] = rflags;
    }
  g_array_set_size (self->dirty_list, 0);
  for (guint i = 0; i < self->revenue_companies->len; i++)
    {
      DsIndex c = g_array_index (self->revenue_companies, DsIndex, i);
      f->valuation_usd[c] = company_valuation (self, c, date, &f->valuation_flags[c],
                                               &f->revenue_run_rate_usd[c], &f->revenue_flags[c]);
    }
  update_datacenters (self, date);
  return f;
}

/* ---- queries ---- */

const DsStake *
ds_replay_get_stakes (DsReplay *self,
                      DsIndex   company,
                      guint    *n_stakes)
{
  DsCapTable *t;
  GArray *out;
  double threshold = self->a.stake_threshold;
  double valuation, total;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (company >= 0 && (guint) company < self->frame.n_entities, NULL);
  *n_stakes = 0;
  if ((t = self->tables[company]) == NULL || !self->started)
    return NULL;
  if (self->stakes[company] == NULL)
    self->stakes[company] = g_array_new (FALSE, TRUE, sizeof (DsStake));
  out = self->stakes[company];
  if (self->stakes_gen[company] == self->gen)
    {
      *n_stakes = out->len;
      return (const DsStake *) (void *) out->data;
    }

  clear_stakes (out);
  valuation = self->frame.valuation_usd[company];
  /* Fractions from one total: ds_cap_table_fraction () sums the table on
   * every call, which is quadratic over a long holder list. */
  total = ds_cap_table_total_shares (t);
  for (guint h = 0; h < ds_cap_table_n_holders (t); h++)
    {
      const DsHolder *holder = ds_cap_table_get_holder (t, h);
      DsStake s = { 0 };

      s.entity = holder->key >= 0 ? holder->key : DS_NONE;
      s.name = holder->key == DS_CAP_TABLE_OTHERS_KEY ? "other holders"
               : holder->key == DS_CAP_TABLE_POOL_KEY ? "option pool"
               : ds_landscape_entity (self->view->landscape, holder->key)->name;
      s.fraction = total > 0 ? holder->shares / total : 0;
      s.invested_usd = holder->invested_usd;
      s.pending_usd = ds_cap_table_pending_usd (t, h, self->frame.date);
      if (s.fraction <= 0 && s.pending_usd <= 0 && s.invested_usd <= 0 && h != DS_CAP_TABLE_OTHERS)
        continue;
      s.origin = holder->origin;
      s.origin_text = ds_cap_table_describe_origin (t, h);
      if (holder->key >= 0 && g_hash_table_contains (self->assumed_stakes, stake_key (self, company, holder->key)))
        s.flags |= DS_VALUE_ASSUMED;
      if (!ds_cap_table_first_crossing (t, h, threshold, &s.first_crossing))
        s.first_crossing = DS_DATE_NONE;
      s.max_amount_usd = holder->key >= 0 && isfinite (valuation) && valuation > 0
                         ? ds_stake_max_amount (s.fraction, threshold, valuation, 0) : NAN;
      g_array_append_val (out, s);
    }
  self->stakes_gen[company] = self->gen;
  *n_stakes = out->len;
  return (const DsStake *) (void *) out->data;
}

const DsCapTable *
ds_replay_get_cap_table (DsReplay *self,
                         DsIndex   company)
{
  g_return_val_if_fail (company >= 0 && (guint) company < self->frame.n_entities, NULL);
  return self->tables[company];
}

const char *
ds_replay_get_company_problem (DsReplay *self,
                               DsIndex   company)
{
  g_return_val_if_fail (company >= 0 && (guint) company < self->frame.n_entities, NULL);
  return self->problems[company];
}

double
ds_replay_edge_invested (DsReplay *self,
                         DsIndex   investor,
                         DsIndex   target)
{
  double sum = 0;

  for (guint i = 0; i < self->frame.n_deals; i++)
    {
      const DsDeal *d = ds_scenario_view_deal (self->view, i);
      if (d->investor == investor && d->target == target)
        sum += self->frame.deal_invested_to_date[i];
    }
  return sum;
}

gboolean
ds_replay_run (DsReplay         *self,
               DsDate            from,
               DsDate            to,
               DsReplayStep      step,
               DsReplayFrameFunc func,
               gpointer          user_data,
               GError          **error)
{
  char a[11], b[11];

  if (from == DS_DATE_NONE || to == DS_DATE_NONE || ds_date_to_days (from) > ds_date_to_days (to))
    {
      g_set_error (error, DS_REPLAY_ERROR, DS_REPLAY_ERROR_INVALID,
                   "replay from %s to %s: the start must not be after the end",
                   ds_date_format (from, a), ds_date_format (to, b));
      return FALSE;
    }
  /* Frames are counted from the start, so month steps from the 31st do not
   * drift to the 28th. */
  for (int k = 0;; k++)
    {
      DsDate date = step_nth (from, step, k);
      if (ds_date_to_days (date) > ds_date_to_days (to))
        break;
      if (!func (ds_replay_seek (self, date), self, user_data))
        break;
    }
  return TRUE;
}
