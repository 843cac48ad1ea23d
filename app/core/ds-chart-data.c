/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-chart-data.c: monthly samples of replays turned into prepared charts,
 * with the sources of the facts they rest on; no drawing here. */
#define G_LOG_DOMAIN "ds-chart-data"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-chart-data.h"
#include "ds-compute.h"
#include "ds-format.h"
#include "ds-replay.h"

G_DEFINE_QUARK (ds-chart-data-error-quark, ds_chart_data_error)

/* The default range ends with the build-outs the landscape knows of. */
#define DEFAULT_END 20271201

static const char *const quantity_names[] = { "power", "accelerators", "flops", "flop" };

gboolean
ds_compute_quantity_parse (const char *text, DsComputeQuantity *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (quantity_names); i++)
    if (text && g_str_equal (text, quantity_names[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ds_compute_quantity_to_string (DsComputeQuantity quantity)
{
  return quantity < G_N_ELEMENTS (quantity_names) ? quantity_names[quantity] : "";
}

void
ds_chart_data_options_init (DsChartDataOptions *options)
{
  memset (options, 0, sizeof *options);
  options->log_scale = TRUE;
  options->annotate_deals = TRUE;
}

/* --- shared pieces ------------------------------------------------------- */

static DsDate
month_start (DsDate d)
{
  int m = DS_DATE_MONTH (d);
  return DS_DATE_YEAR (d) * 10000 + MAX (m, 1) * 100 + 1;
}

/* Sources in landscape order, as one footnote line. */
typedef struct {
  DsLandscape *ls;
  guint8      *used;   /* per source */
} Sources;

static void
sources_init (Sources *s, DsLandscape *ls)
{
  s->ls = ls;
  s->used = g_new0 (guint8, MAX (ls->sources->len, 1));
}

static void
sources_add (Sources *s, DsIndex source)
{
  if (source != DS_NONE && (guint) source < s->ls->sources->len)
    s->used[source] = 1;
}

/* "Title (Publisher, 2024-11); ...; model assumptions of scenario base". */
static char *
sources_finish (Sources *s, DsLandscape *ls, const DsIndex *scenarios, guint n_scenarios)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ls->sources->len; i++)
    if (s->used[i])
      {
        const DsSource *src = ds_landscape_source (ls, i);
        g_autofree char *when = ds_format_date_iso (src->date);
        gboolean pub = src->publisher && *src->publisher;
        g_string_append_printf (out, "%s%s", out->len ? "; " : "", src->title);
        if (pub || *when)
          g_string_append_printf (out, " (%s%s%s)", pub ? src->publisher : "", pub && *when ? ", " : "", when);
      }
  if (n_scenarios > 0)
    {
      g_string_append_printf (out, "%smodel assumptions of ", out->len ? "; " : "");
      for (guint i = 0; i < n_scenarios; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "",
                                scenarios[i] == DS_NONE ? "the defaults"
                                                        : ds_landscape_scenario (ls, scenarios[i])->id);
    }
  g_clear_pointer (&s->used, g_free);
  return g_string_free (out, FALSE);
}

static const char *
scenario_name (DsLandscape *ls, DsIndex scenario)
{
  return scenario == DS_NONE ? "defaults" : ds_landscape_scenario (ls, scenario)->name;
}

/* "under Base" or "Base (solid) vs Slow buildout (dashed)". */
static char *
scenarios_phrase (DsLandscape *ls, const DsIndex *scenarios, guint n)
{
  GString *s = g_string_new (NULL);

  if (n == 1)
    g_string_append_printf (s, "scenario %s", scenario_name (ls, scenarios[0]));
  else
    for (guint i = 0; i < n; i++)
      g_string_append_printf (s, "%s%s (%s)", i == 0 ? "scenarios " : i + 1 == n ? " and " : ", ",
                              scenario_name (ls, scenarios[i]), i == 0 ? "solid" : "dashed");
  return g_string_free (s, FALSE);
}

/* Earliest dated deal into one of the entities (or out of it, for
 * investors), else their earliest dated metric; DS_DATE_NONE when none. */
static DsDate
first_fact (DsLandscape *ls, const DsIndex *entities, guint n)
{
  DsDate best = DS_DATE_NONE;

  for (guint k = 0; k < (guint) ls->deals->len; k++)
    {
      const DsDeal *d = ds_landscape_deal (ls, k);
      for (guint i = 0; i < n; i++)
        if (d->date != DS_DATE_NONE && (d->target == entities[i] || d->investor == entities[i])
            && (best == DS_DATE_NONE || d->date < best))
          best = d->date;
    }
  if (best != DS_DATE_NONE)
    return best;
  for (guint k = 0; k < ls->metrics->len; k++)
    {
      const DsMetric *m = ds_landscape_metric (ls, k);
      for (guint i = 0; i < n; i++)
        if (m->entity == entities[i] && m->date != DS_DATE_NONE && (best == DS_DATE_NONE || m->date < best))
          best = m->date;
    }
  return best;
}

DsDate
ds_chart_data_default_end (void)
{
  return DEFAULT_END;
}

static gboolean
resolve_range (DsLandscape *ls, const DsIndex *entities, guint n, const DsChartDataOptions *o,
               DsDate *from, DsDate *to, GError **error)
{
  *from = o->from != DS_DATE_NONE ? month_start (o->from) : DS_DATE_NONE;
  *to = o->to;
  if (*from == DS_DATE_NONE)
    {
      DsDate first = first_fact (ls, entities, n);
      *from = month_start (first != DS_DATE_NONE ? first : 20200101);
    }
  if (*to == DS_DATE_NONE)
    *to = MAX (DEFAULT_END, ds_date_add_months (*from, 12));
  if (*to < *from)
    {
      char a[11], b[11];
      g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_INVALID,
                   "chart range: the end %s is before the start %s; give an end after the start",
                   ds_date_format (*to, b), ds_date_format (*from, a));
      return FALSE;
    }
  return TRUE;
}

/* Sampling: one callback per scenario and frame. */
typedef void (*SampleFunc) (const DsFrame *frame, DsReplay *replay, guint scenario_i, gpointer data);

typedef struct {
  SampleFunc func;
  gpointer   data;
  guint      scenario_i;
} SampleCtx;

static gboolean
sample_frame (const DsFrame *frame, DsReplay *replay, gpointer user_data)
{
  SampleCtx *ctx = user_data;
  ctx->func (frame, replay, ctx->scenario_i, ctx->data);
  return TRUE;
}

/* Runs every scenario's replay over the range; the first scenario's view
 * is handed back (for annotations and sources) when asked for. */
static gboolean
sample (DsLandscape *ls, const DsIndex *scenarios, guint n_scenarios, DsDate from, DsDate to,
        SampleFunc func, gpointer data, DsReplay **first_replay, GError **error)
{
  for (guint s = 0; s < n_scenarios; s++)
    {
      g_autoptr(DsReplay) replay = ds_replay_new (ls, scenarios[s], error);
      SampleCtx ctx = { func, data, s };
      if (replay == NULL)
        return FALSE;
      if (!ds_replay_run (replay, from, to, DS_REPLAY_STEP_MONTH, sample_frame, &ctx, error))
        return FALSE;
      if (s == 0 && first_replay)
        *first_replay = g_steal_pointer (&replay);
    }
  return TRUE;
}

static gboolean
check_scenarios (const DsIndex *scenarios, guint n, GError **error)
{
  if (n == 0)
    {
      g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_INVALID,
                   "charts need at least one scenario (DS_NONE for the landscape's defaults)");
      return FALSE;
    }
  return TRUE;
}

/* Series of (entity, scenario) pairs, added in entity-major order so the
 * legend groups a company's scenarios. */
typedef struct {
  DsChart       *chart;
  DsLandscape   *ls;
  const DsIndex *entities;
  guint          n_entities;
  guint          n_scenarios;
  guint         *series;        /* entity x scenario; G_MAXUINT until first point */
  gboolean       log;
  DsComputeQuantity quantity;
  double         max_value, min_positive;
} Lines;

static void
lines_init (Lines *l, DsChart *chart, DsLandscape *ls, const DsIndex *entities, guint n_entities,
            guint n_scenarios, gboolean log)
{
  memset (l, 0, sizeof *l);
  l->chart = chart;
  l->ls = ls;
  l->entities = entities;
  l->n_entities = n_entities;
  l->n_scenarios = n_scenarios;
  l->log = log;
  l->series = g_new (guint, MAX (n_entities * n_scenarios, 1));
  l->min_positive = G_MAXDOUBLE;
  for (guint i = 0; i < n_entities * n_scenarios; i++)
    l->series[i] = G_MAXUINT;
}

/* Colour by entity when several are charted, by scenario otherwise;
 * overlays (scenarios after the first) dashed. */
static void
lines_point (Lines *l, guint entity_i, guint scenario_i, const char *scenario_label,
             DsDate date, double value, gboolean assumed)
{
  guint *series = &l->series[entity_i * l->n_scenarios + scenario_i];

  if (!isfinite (value) || (l->log && value <= 0))
    return;
  if (*series == G_MAXUINT)
    {
      const char *name = ds_landscape_entity (l->ls, l->entities[entity_i])->name;
      g_autofree char *label = l->n_scenarios > 1 ? g_strdup_printf ("%s, %s", name, scenario_label)
                                                  : g_strdup (name);
      *series = ds_chart_add_series (l->chart, label, l->n_entities > 1 ? entity_i : scenario_i,
                                     scenario_i > 0 ? DS_SERIES_DASHED : 0);
    }
  ds_chart_add_point (l->chart, *series, date, value, assumed);
  l->max_value = MAX (l->max_value, value);
  if (value > 0)
    l->min_positive = MIN (l->min_positive, value);
}

static gboolean
lines_any (const Lines *l)
{
  for (guint i = 0; i < l->n_entities * l->n_scenarios; i++)
    if (l->series[i] != G_MAXUINT)
      return TRUE;
  return FALSE;
}

/* "$4B Amazon" at each done deal with an amount into one of the entities. */
static void
annotate_deals (DsChart *chart, DsLandscape *ls, const DsScenarioView *view, const DsIndex *entities,
                guint n, DsDate from, DsDate to, Sources *sources)
{
  for (DsIndex k = 0; k < ds_scenario_view_n_deals (view); k++)
    {
      const DsDeal *d = ds_scenario_view_deal (view, k);
      gboolean ours = FALSE;
      for (guint i = 0; i < n && !ours; i++)
        ours = d->target == entities[i];
      if (!ours)
        continue;
      sources_add (sources, d->source);
      if (chart == NULL || ds_deal_status_is_pending (d->status) || d->date == DS_DATE_NONE
          || !ds_is_set (d->amount_usd) || d->date < from || d->date > to)
        continue;
      {
        g_autofree char *amount = ds_format_usd (d->amount_usd);
        g_autofree char *label = g_strdup_printf ("%s %s", amount, ds_landscape_entity (ls, d->investor)->name);
        ds_chart_add_annotation (chart, d->date, label);
      }
    }
}

static void
metric_sources (const DsScenarioView *view, DsIndex entity, const char *name, Sources *sources)
{
  for (guint k = 0; k < view->metrics->len; k++)
    {
      const DsMetric *m = &g_array_index (view->metrics, DsMetric, k);
      if (m->entity == entity && (name == NULL || g_str_equal (m->name, name)))
        sources_add (sources, m->source);
    }
}

static gboolean
has_metric (DsLandscape *ls, DsIndex e, const char *name)
{
  guint first;
  return ds_landscape_metric_series (ls, e, name, &first) > 0;
}

static gboolean
check_kind (DsLandscape *ls, const DsIndex *entities, guint n, DsEntityKind kind, const char *what,
            GError **error)
{
  for (guint i = 0; i < n; i++)
    {
      if (entities[i] < 0 || entities[i] >= ds_landscape_n_entities (ls))
        {
          g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_INVALID,
                       "%s chart: entity index %d is not in the landscape", what, entities[i]);
          return FALSE;
        }
      if (ds_landscape_entity (ls, entities[i])->kind != kind)
        {
          g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_INVALID,
                       "%s chart: “%s” is not a %s; choose a %s id (see “dealscape-cli list entities”)",
                       what, ds_landscape_entity (ls, entities[i])->id, ds_entity_kind_to_string (kind),
                       ds_entity_kind_to_string (kind));
          return FALSE;
        }
    }
  return TRUE;
}

/* --- valuation and revenue ----------------------------------------------- */

typedef struct {
  Lines        lines;
  DsLandscape *ls;
  const DsIndex *scenarios;
  gboolean     revenue;
} MoneyCtx;

static void
money_frame (const DsFrame *frame, DsReplay *replay, guint si, gpointer data)
{
  MoneyCtx *c = data;
  const char *sname = scenario_name (c->ls, c->scenarios[si]);

  for (guint i = 0; i < c->lines.n_entities; i++)
    {
      DsIndex e = c->lines.entities[i];
      double v = c->revenue ? frame->revenue_run_rate_usd[e] : frame->valuation_usd[e];
      guint flags = c->revenue ? frame->revenue_flags[e] : frame->valuation_flags[e];
      lines_point (&c->lines, i, si, sname, frame->date, v, (flags & (DS_VALUE_ASSUMED | DS_VALUE_PROJECTED)) != 0);
    }
}

static DsChart *
money_chart (DsLandscape *ls, const DsIndex *scenarios, guint n_scenarios, const DsIndex *companies,
             guint n_companies, const DsChartDataOptions *options, gboolean revenue, GError **error)
{
  const char *what = revenue ? "revenue" : "valuation";
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  g_autoptr(DsChart) chart = NULL;
  g_autoptr(DsReplay) first = NULL;
  g_autofree char *phrase = NULL, *subtitle = NULL, *foot = NULL;
  DsChartDataOptions defaults;
  MoneyCtx ctx = { 0 };
  Sources sources;
  DsDate from, to;

  if (options == NULL)
    {
      ds_chart_data_options_init (&defaults);
      options = &defaults;
    }
  if (!check_scenarios (scenarios, n_scenarios, error))
    return NULL;
  if (n_companies > 0)
    {
      for (guint i = 0; i < n_companies; i++)
        if (companies[i] < 0 || companies[i] >= ds_landscape_n_entities (ls))
          {
            g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_INVALID,
                         "%s chart: entity index %d is not in the landscape", what, companies[i]);
            return NULL;
          }
      g_array_append_vals (chosen, companies, n_companies);
    }
  else
    for (DsIndex e = 0; e < ds_landscape_n_entities (ls); e++)
      {
        gboolean has = has_metric (ls, e, revenue ? "revenue_run_rate_usd" : "valuation_usd");
        for (DsIndex k = 0; k < ds_landscape_n_deals (ls) && !has && !revenue; k++)
          has = ds_landscape_deal (ls, k)->target == e && ds_is_set (ds_landscape_deal (ls, k)->post_money_usd);
        if (has)
          g_array_append_val (chosen, e);
      }
  if (chosen->len == 0)
    {
      g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_EMPTY,
                   "%s chart: no entity has a %s fact; add a %s metric or a priced round", what,
                   revenue ? "revenue" : "valuation", revenue ? "revenue_run_rate_usd" : "valuation_usd");
      return NULL;
    }
  if (!resolve_range (ls, (DsIndex *) chosen->data, chosen->len, options, &from, &to, error))
    return NULL;

  chart = ds_chart_new (DS_CHART_LINE, revenue ? "Revenue run-rate" : "Valuation over time");
  ds_chart_set_y_axis (chart, options->log_scale ? DS_CHART_SCALE_LOG : DS_CHART_SCALE_LINEAR, DS_CHART_UNIT_USD, NULL);
  lines_init (&ctx.lines, chart, ls, (DsIndex *) chosen->data, chosen->len, n_scenarios, options->log_scale);
  ctx.ls = ls;
  ctx.scenarios = scenarios;
  ctx.revenue = revenue;
  if (!sample (ls, scenarios, n_scenarios, from, to, money_frame, &ctx, &first, error))
    {
      g_free (ctx.lines.series);
      return NULL;
    }
  sources_init (&sources, ls);
  for (guint i = 0; i < chosen->len; i++)
    {
      DsIndex e = g_array_index (chosen, DsIndex, i);
      const DsScenarioView *view = ds_replay_get_view (first);
      metric_sources (view, e, "revenue_run_rate_usd", &sources);
      if (!revenue)
        metric_sources (view, e, "valuation_usd", &sources);
    }
  if (!revenue)
    annotate_deals (options->annotate_deals ? chart : NULL, ls, ds_replay_get_view (first),
                    (DsIndex *) chosen->data, chosen->len, from, to, &sources);
  if (!lines_any (&ctx.lines))
    {
      g_free (ctx.lines.series);
      g_free (sources.used);
      g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_EMPTY,
                   "%s chart: no %s is known for the chosen entities between the range's dates; "
                   "choose other entities or a wider range", what, what);
      return NULL;
    }
  g_free (ctx.lines.series);

  phrase = scenarios_phrase (ls, scenarios, n_scenarios);
  subtitle = revenue
    ? g_strdup_printf ("Annualized revenue at the start of each month, %s%s; dotted where projected from the growth assumption",
                       phrase, options->log_scale ? " (log scale)" : "")
    : g_strdup_printf ("Post-money valuation at the start of each month, %s%s; dotted where projected or assumed",
                       phrase, options->log_scale ? " (log scale)" : "");
  ds_chart_set_subtitle (chart, subtitle);
  foot = sources_finish (&sources, ls, scenarios, n_scenarios);
  ds_chart_set_sources (chart, foot);
  if (options->cursor != DS_DATE_NONE)
    ds_chart_set_cursor (chart, options->cursor);
  ds_chart_prepare (chart);
  return g_steal_pointer (&chart);
}

DsChart *
ds_chart_data_valuation (DsLandscape *landscape, const DsIndex *scenarios, guint n_scenarios,
                         const DsIndex *companies, guint n_companies,
                         const DsChartDataOptions *options, GError **error)
{
  return money_chart (landscape, scenarios, n_scenarios, companies, n_companies, options, FALSE, error);
}

DsChart *
ds_chart_data_revenue (DsLandscape *landscape, const DsIndex *scenarios, guint n_scenarios,
                       const DsIndex *companies, guint n_companies,
                       const DsChartDataOptions *options, GError **error)
{
  return money_chart (landscape, scenarios, n_scenarios, companies, n_companies, options, TRUE, error);
}

/* --- stakes -------------------------------------------------------------- */

typedef struct {
  DsChart     *chart;
  DsLandscape *ls;
  DsIndex      company;
  GHashTable  *series;     /* holder entity + 1 -> series + 1 */
  gboolean     any;
  char        *problem;    /* the replay's, for the company, by the last frame */
} StakesCtx;

static void
stakes_frame (const DsFrame *frame, DsReplay *replay, guint si, gpointer data)
{
  StakesCtx *c = data;
  guint n = 0;
  const DsStake *stakes = ds_replay_get_stakes (replay, c->company, &n);
  const char *problem = ds_replay_get_company_problem (replay, c->company);

  if (problem != NULL && c->problem == NULL)
    c->problem = g_strdup (problem);

  for (guint i = 0; i < n; i++)
    {
      const DsStake *st = &stakes[i];
      gpointer key = GINT_TO_POINTER (st->entity + 1);
      guint series;
      if (st->entity == DS_NONE || !isfinite (st->fraction))
        continue;
      if (!g_hash_table_contains (c->series, key))
        {
          series = ds_chart_add_series (c->chart, ds_landscape_entity (c->ls, st->entity)->name,
                                        g_hash_table_size (c->series), 0);
          g_hash_table_insert (c->series, key, GUINT_TO_POINTER (series + 1));
        }
      series = GPOINTER_TO_UINT (g_hash_table_lookup (c->series, key)) - 1;
      ds_chart_add_point (c->chart, series, frame->date, st->fraction, (st->flags & DS_VALUE_ASSUMED) != 0);
      c->any = TRUE;
    }
}

DsChart *
ds_chart_data_stakes (DsLandscape *landscape, DsIndex scenario, DsIndex company,
                      const DsChartDataOptions *options, GError **error)
{
  g_autoptr(DsChart) chart = NULL;
  g_autoptr(DsReplay) first = NULL;
  g_autoptr(GHashTable) series = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree char *title = NULL, *subtitle = NULL, *label = NULL, *foot = NULL, *pct = NULL;
  DsChartDataOptions defaults;
  const DsScenarioView *view;
  StakesCtx ctx;
  Sources sources;
  DsDate from, to;
  double threshold;

  if (options == NULL)
    {
      ds_chart_data_options_init (&defaults);
      options = &defaults;
    }
  if (!check_kind (landscape, &company, 1, DS_ENTITY_COMPANY, "stakes", error))
    return NULL;
  if (!resolve_range (landscape, &company, 1, options, &from, &to, error))
    return NULL;

  title = g_strdup_printf ("Who owns %s", ds_landscape_entity (landscape, company)->name);
  chart = ds_chart_new (DS_CHART_STACKED_AREA, title);
  ds_chart_set_y_axis (chart, DS_CHART_SCALE_LINEAR, DS_CHART_UNIT_PERCENT, NULL);
  ctx = (StakesCtx) { chart, landscape, company, series, FALSE, NULL };
  if (!sample (landscape, &scenario, 1, from, to, stakes_frame, &ctx, &first, error))
    {
      g_free (ctx.problem);
      return NULL;
    }
  ds_chart_set_note (chart, ctx.problem);
  g_free (ctx.problem);
  if (!ctx.any)
    {
      g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_EMPTY,
                   "stakes chart: %s has no stake-bearing deal (a priced round or a converted note) "
                   "between the range's dates; choose another company or range",
                   ds_landscape_entity (landscape, company)->id);
      return NULL;
    }
  view = ds_replay_get_view (first);
  threshold = view->assumptions.stake_threshold;
  pct = g_strdup_printf ("%.4g%%", threshold * 100);
  label = g_strdup_printf ("%s threshold (%s)", pct, scenario_name (landscape, scenario));
  ds_chart_set_threshold (chart, threshold, label);
  subtitle = g_strdup_printf ("Share of %s each investor holds after rounds, note conversions and dilution, "
                              "stacked; scenario %s. A ring marks where one holder's own share crosses %s",
                              ds_landscape_entity (landscape, company)->name,
                              scenario_name (landscape, scenario), pct);
  ds_chart_set_subtitle (chart, subtitle);
  sources_init (&sources, landscape);
  annotate_deals (options->annotate_deals ? chart : NULL, landscape, view, &company, 1, from, to, &sources);
  foot = sources_finish (&sources, landscape, &scenario, 1);
  ds_chart_set_sources (chart, foot);
  if (options->cursor != DS_DATE_NONE)
    ds_chart_set_cursor (chart, options->cursor);
  ds_chart_prepare (chart);
  return g_steal_pointer (&chart);
}

/* --- compute ------------------------------------------------------------- */

typedef struct {
  Lines        lines;
  DsLandscape *ls;
  const DsIndex *scenarios;
  guint8      *chips_seen;   /* per entity: chip used by a charted data center */
} ComputeCtx;

static void
compute_frame (const DsFrame *frame, DsReplay *replay, guint si, gpointer data)
{
  ComputeCtx *c = data;
  const char *sname = scenario_name (c->ls, c->scenarios[si]);

  for (guint i = 0; i < c->lines.n_entities; i++)
    {
      const DsDatacenterFrame *dc = &frame->datacenters[c->lines.entities[i]];
      double v = NAN;
      guint flags = dc->power_flags;
      if (!dc->computed)
        continue;
      if (dc->chip != DS_NONE)
        c->chips_seen[dc->chip] = 1;
      switch (c->lines.quantity)
        {
        case DS_COMPUTE_QUANTITY_POWER:
          v = dc->result.power_w;
          break;
        case DS_COMPUTE_QUANTITY_ACCELERATORS:
          v = dc->result.accelerators;
          if (!dc->schedule_in_chips)
            flags |= dc->chip_flags;
          break;
        case DS_COMPUTE_QUANTITY_EFFECTIVE_FLOPS:
          v = dc->result.effective_flops;
          flags |= dc->chip_flags;
          break;
        case DS_COMPUTE_QUANTITY_CUMULATIVE_FLOP:
        default:
          v = dc->cumulative_flop;
          flags |= dc->chip_flags;
          break;
        }
      lines_point (&c->lines, i, si, sname, frame->date, v, (flags & (DS_VALUE_ASSUMED | DS_VALUE_PROJECTED)) != 0);
    }
}

DsChart *
ds_chart_data_compute (DsLandscape *landscape, const DsIndex *scenarios, guint n_scenarios,
                       const DsIndex *datacenters, guint n_datacenters, DsComputeQuantity quantity,
                       const DsChartDataOptions *options, GError **error)
{
  static const char *const titles[] = {
    "Data center power online", "Accelerators online", "Effective compute", "Training compute delivered",
  };
  static const char *const what[] = {
    "Facility power online at the start of each month",
    "Accelerators online at the start of each month (reported, or power / W per chip)",
    "Effective FLOP/s: accelerators x peak dense BF16 x MFU",
    "Cumulative effective FLOP since each build-out began (log scale), against GPT-4's 2.1e25 FLOP",
  };
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  g_autoptr(DsChart) chart = NULL;
  g_autoptr(DsReplay) first = NULL;
  g_autofree char *phrase = NULL, *subtitle = NULL, *foot = NULL;
  g_autofree guint8 *chips = NULL;
  DsChartDataOptions defaults;
  ComputeCtx ctx = { 0 };
  Sources sources;
  DsDate from, to;
  gboolean log = quantity == DS_COMPUTE_QUANTITY_CUMULATIVE_FLOP;

  if (options == NULL)
    {
      ds_chart_data_options_init (&defaults);
      options = &defaults;
    }
  if (quantity >= DS_COMPUTE_QUANTITY_N)
    {
      g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_INVALID,
                   "compute chart: unknown quantity %d", quantity);
      return NULL;
    }
  if (!check_scenarios (scenarios, n_scenarios, error)
      || !check_kind (landscape, datacenters, n_datacenters, DS_ENTITY_DATACENTER, "compute", error))
    return NULL;
  if (n_datacenters > 0)
    g_array_append_vals (chosen, datacenters, n_datacenters);
  else
    for (DsIndex e = 0; e < ds_landscape_n_entities (landscape); e++)
      if (ds_landscape_entity (landscape, e)->kind == DS_ENTITY_DATACENTER)
        g_array_append_val (chosen, e);
  if (chosen->len == 0)
    {
      g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_EMPTY,
                   "compute chart: the landscape has no data center; add one with a power_gw or chips metric");
      return NULL;
    }
  if (!resolve_range (landscape, (DsIndex *) chosen->data, chosen->len, options, &from, &to, error))
    return NULL;

  chart = ds_chart_new (DS_CHART_LINE, titles[quantity]);
  switch (quantity)
    {
    case DS_COMPUTE_QUANTITY_POWER:
      ds_chart_set_y_axis (chart, DS_CHART_SCALE_LINEAR, DS_CHART_UNIT_SI, "W");
      break;
    case DS_COMPUTE_QUANTITY_ACCELERATORS:
      ds_chart_set_y_axis (chart, DS_CHART_SCALE_LINEAR, DS_CHART_UNIT_NUMBER, NULL);
      break;
    case DS_COMPUTE_QUANTITY_EFFECTIVE_FLOPS:
      ds_chart_set_y_axis (chart, DS_CHART_SCALE_LINEAR, DS_CHART_UNIT_SI, "FLOP/s");
      break;
    default:
      ds_chart_set_y_axis (chart, DS_CHART_SCALE_LOG, DS_CHART_UNIT_SI, "FLOP");
      break;
    }
  chips = g_new0 (guint8, MAX (ds_landscape_n_entities (landscape), 1));
  lines_init (&ctx.lines, chart, landscape, (DsIndex *) chosen->data, chosen->len, n_scenarios, log);
  ctx.lines.quantity = quantity;
  ctx.ls = landscape;
  ctx.scenarios = scenarios;
  ctx.chips_seen = chips;
  if (!sample (landscape, scenarios, n_scenarios, from, to, compute_frame, &ctx, &first, error))
    {
      g_free (ctx.lines.series);
      return NULL;
    }
  if (!lines_any (&ctx.lines))
    {
      g_free (ctx.lines.series);
      g_set_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_EMPTY,
                   "compute chart: no chosen data center has a build-out and chip figures to compute "
                   "between the range's dates (see “dealscape-cli compute --datacenter ID”)");
      return NULL;
    }
  g_free (ctx.lines.series);

  /* Frontier-run multiples inside the data's span, so they read as a scale. */
  if (quantity == DS_COMPUTE_QUANTITY_CUMULATIVE_FLOP)
    for (double m = 1; m <= 1e6; m *= 10)
      {
        double v = m * DS_GPT4_FLOP;
        if (v >= ctx.lines.min_positive / 3 && v <= ctx.lines.max_value * 3)
          {
            g_autofree char *flop = ds_format_si (v, "FLOP");
            g_autofree char *label = g_strdup_printf ("%gx GPT-4 (%s)", m, flop);
            ds_chart_add_reference (chart, v, label);
          }
      }

  sources_init (&sources, landscape);
  for (guint i = 0; i < chosen->len; i++)
    metric_sources (ds_replay_get_view (first), g_array_index (chosen, DsIndex, i), NULL, &sources);
  for (DsIndex e = 0; e < ds_landscape_n_entities (landscape); e++)
    if (chips[e])
      metric_sources (ds_replay_get_view (first), e, NULL, &sources);

  phrase = scenarios_phrase (landscape, scenarios, n_scenarios);
  subtitle = g_strdup_printf ("%s, %s; dotted where assumed", what[quantity], phrase);
  ds_chart_set_subtitle (chart, subtitle);
  foot = sources_finish (&sources, landscape, scenarios, n_scenarios);
  ds_chart_set_sources (chart, foot);
  if (options->cursor != DS_DATE_NONE)
    ds_chart_set_cursor (chart, options->cursor);
  ds_chart_prepare (chart);
  return g_steal_pointer (&chart);
}

/* --- report helpers ------------------------------------------------------ */

DsIndex
ds_chart_data_busiest_company (DsLandscape *landscape)
{
  g_autofree guint *count = g_new0 (guint, MAX (ds_landscape_n_entities (landscape), 1));
  DsIndex best = DS_NONE;

  for (DsIndex k = 0; k < ds_landscape_n_deals (landscape); k++)
    {
      const DsDeal *d = ds_landscape_deal (landscape, k);
      if (d->target != DS_NONE && ds_landscape_entity (landscape, d->target)->kind == DS_ENTITY_COMPANY)
        count[d->target]++;
    }
  for (DsIndex e = 0; e < ds_landscape_n_entities (landscape); e++)
    if (count[e] > 0 && (best == DS_NONE || count[e] > count[best]))
      best = e;
  return best;
}

char **
ds_chart_data_assumption_cells (DsLandscape *landscape, DsIndex scenario, guint *n_rows, GError **error)
{
  g_autoptr(DsScenarioView) view = ds_scenario_view_new (landscape, scenario, error);
  GPtrArray *cells;
  const DsAssumptionInfo *infos;
  guint n;

  if (view == NULL)
    return NULL;
  infos = ds_assumptions_list (&n);
  cells = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strconcat (DS_ASSUMPTION_PREFIX, infos[i].name, NULL);
      double v = ds_assumptions_get (&view->assumptions, infos[i].name);
      const char *by = NULL;

      /* The nearest scenario of the chain that sets it. */
      for (DsIndex s = scenario; s != DS_NONE && by == NULL; s = ds_landscape_scenario (landscape, s)->base)
        if (ds_scenario_find_setting (ds_landscape_scenario (landscape, s), key))
          by = ds_landscape_scenario (landscape, s)->id;
      g_ptr_array_add (cells, g_strdup (key));
      g_ptr_array_add (cells, isnan (v) ? g_strdup_printf ("unset: %s", infos[i].unset_meaning ? infos[i].unset_meaning : "")
                                        : g_strdup_printf ("%.6g", v));
      g_ptr_array_add (cells, g_strdup (infos[i].unit));
      g_ptr_array_add (cells, by ? g_strdup_printf ("set by %s", by) : g_strdup ("default"));
    }
  g_ptr_array_add (cells, NULL);
  *n_rows = n;
  return (char **) g_ptr_array_free (cells, FALSE);
}
