/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-chart-view.c: builds the charts of a view once per data or scenario
 * change (from a replay of the scenario) and draws them in drawing areas;
 * a status page stands in when there is nothing to chart. */
#define G_LOG_DOMAIN "ds-chart-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ds-chart-view.h"
#include "ds-theme.h"
#include "ds-chart.h"
#include "ds-chart-data.h"
#include "ds-replay.h"

struct _DsChartView {
  GtkWidget       parent_instance;

  DsChartViewKind kind;
  GtkWidget      *stack;
  GtkWidget      *box;
  GtkWidget      *areas[2];
  GtkWidget      *status;
  DsLandscape    *landscape;
  DsIndex         scenario;
  DsIndex         compare;       /* overlaid (dashed) scenario, or DS_NONE */
  double          default_threshold; /* preference, for scenarios that do not set one; NAN: none */
  DsDate          cursor;
  DsIndex         focus;         /* company whose stakes are charted; DS_NONE: the most funded */
  char           *theme_name;
  gboolean        dirty;       /* data changed while the view was hidden */
  DsChart        *charts[2];   /* top, bottom; either may be NULL */
  GtkWidget      *building;    /* shown while a worker builds them */
  /* Landscapes of this many deals or more are charted on a worker. */
  guint           async_deals;
  struct _ChartRequest *job;   /* the request a worker builds; NULL: none */
  /* Workers still reading a landscape (a cancelled one runs to its next
   * frame): ds_chart_view_wait_for_charts waits for none. */
  GMutex          jobs_lock;
  GCond           jobs_idle;
  guint           n_jobs;
};

static void rebuild (DsChartView *self, gboolean now);

G_DEFINE_FINAL_TYPE (DsChartView, ds_chart_view, GTK_TYPE_WIDGET)

G_GNUC_UNUSED static const DsTheme *
current_theme (DsChartView *self)
{
  const DsTheme *theme = ds_theme_get (self->theme_name);
  return theme != NULL ? theme : ds_theme_get ("light");
}

/* The valuations the landscape records: each company's post-money (or
 * pre-money plus the round) at its priced deals. The fallback when the
 * scenario engine cannot replay the document. */
static DsChart *
build_recorded_valuation_chart (DsLandscape *ls)
{
  g_autoptr(DsChart) chart = ds_chart_new (DS_CHART_LINE, _("Valuations at priced rounds"));
  g_autoptr(GHashTable) series = g_hash_table_new (NULL, NULL);
  guint n_points = 0;

  ds_chart_set_subtitle (chart, _("Post-money valuation of each company, as reported"));
  ds_chart_set_y_axis (chart, DS_CHART_SCALE_LOG, DS_CHART_UNIT_USD, NULL);
  for (DsIndex i = 0; i < ds_landscape_n_deals (ls); i++)
    {
      const DsDeal *d = ds_landscape_deal (ls, i);
      double value = d->post_money_usd;
      gpointer s;

      if (!ds_is_set (value) && ds_is_set (d->pre_money_usd) && ds_is_set (d->amount_usd))
        value = d->pre_money_usd + d->amount_usd;
      if (!ds_is_set (value) || d->date == DS_DATE_NONE)
        continue;
      if (!g_hash_table_lookup_extended (series, GINT_TO_POINTER (d->target + 1), NULL, &s))
        {
          s = GUINT_TO_POINTER (ds_chart_add_series (chart, ds_landscape_entity (ls, d->target)->name,
                                                     g_hash_table_size (series), 0));
          g_hash_table_insert (series, GINT_TO_POINTER (d->target + 1), s);
        }
      ds_chart_add_point (chart, GPOINTER_TO_UINT (s), d->date, value, d->confidence == DS_CONFIDENCE_ASSUMPTION);
      n_points++;
    }
  if (n_points == 0)
    return NULL;
  return g_steal_pointer (&chart);
}

/* The sources footnote: the publishers of the deals the charts rest on,
 * those behind the most deals first. The window's charts share its height,
 * and the bundled landscape's 240 publishers took 13 lines of a stakes
 * chart's 290 px, leaving it no plot at all: past MAX_FOOTNOTE_PUBLISHERS
 * the footnote counts the rest (exports keep their full list). */
#define MAX_FOOTNOTE_PUBLISHERS 10

typedef struct {
  const char *name;
  guint       deals;
} Publisher;

static int
compare_publishers (gconstpointer a, gconstpointer b)
{
  const Publisher *x = a, *y = b;
  if (x->deals != y->deals)
    return x->deals < y->deals ? 1 : -1;
  return g_strcmp0 (x->name, y->name);
}

/* The footnote of the sources (indexes, repeats counted) a chart rests on. */
static char *
sources_footnote (DsLandscape *ls,
                  GArray      *sources)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);   /* name -> slot + 1 */
  g_autoptr(GArray) publishers = g_array_new (FALSE, FALSE, sizeof (Publisher));
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < sources->len; i++)
    {
      const DsSource *src = ds_landscape_source (ls, g_array_index (sources, DsIndex, i));
      const char *name = src->publisher ? src->publisher : src->title;
      guint slot = GPOINTER_TO_UINT (g_hash_table_lookup (index, name));

      if (slot == 0)
        {
          Publisher p = { name, 0 };
          g_array_append_val (publishers, p);
          slot = publishers->len;
          g_hash_table_insert (index, (gpointer) name, GUINT_TO_POINTER (slot));
        }
      g_array_index (publishers, Publisher, slot - 1).deals++;
    }
  g_array_sort (publishers, compare_publishers);
  for (guint i = 0; i < MIN (publishers->len, MAX_FOOTNOTE_PUBLISHERS); i++)
    {
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, g_array_index (publishers, Publisher, i).name);
    }
  if (publishers->len > MAX_FOOTNOTE_PUBLISHERS)
    g_string_append_printf (out, ngettext ("; and %u more publisher: each fact names its source in the details panel",
                                           "; and %u more publishers: each fact names its source in the details panel",
                                           publishers->len - MAX_FOOTNOTE_PUBLISHERS),
                            publishers->len - MAX_FOOTNOTE_PUBLISHERS);
  return g_string_free (out, FALSE);
}

/* Valuations and stakes rest on the deals. */
static char *
deal_sources (DsLandscape *ls)
{
  g_autoptr(GArray) sources = g_array_new (FALSE, FALSE, sizeof (DsIndex));

  for (DsIndex i = 0; i < ds_landscape_n_deals (ls); i++)
    if (ds_landscape_deal (ls, i)->source != DS_NONE)
      g_array_append_val (sources, ds_landscape_deal (ls, i)->source);
  return sources_footnote (ls, sources);
}

/* Compute rests on the metrics of the data centers charted and their chips. */
static char *
metric_sources (DsLandscape  *ls,
                const guint8 *used)
{
  g_autoptr(GArray) sources = g_array_new (FALSE, FALSE, sizeof (DsIndex));

  for (guint i = 0; i < ls->metrics->len; i++)
    {
      const DsMetric *m = ds_landscape_metric (ls, i);
      if (m->entity != DS_NONE && used[m->entity] && m->source != DS_NONE)
        g_array_append_val (sources, m->source);
    }
  return sources_footnote (ls, sources);
}

/* Month-by-month values per entity, gathered by one replay run. */
/* A value of one entity at one frame: the stakes, power and FLOP are of a
 * few entities (one company's holders, the data centers), so only those
 * are kept; valuations are of most companies and kept for all. At a
 * million deals the dense arrays of all four took 380 MB. */
typedef struct {
  guint   frame;
  DsIndex entity;
  double  value;
} FrameValue;

typedef struct {
  guint         n_entities;
  gboolean      compute;        /* collect power and FLOP, else valuations and stakes */
  DsIndex       focus;          /* company whose stakes are charted */
  GCancellable *cancellable;    /* stops the replay between frames */
  GArray       *dates;          /* DsDate per frame */
  GArray       *valuation;      /* n_entities doubles per frame */
  GArray       *valuation_flags;
  GArray       *stake;          /* FrameValue, in frame order */
  GArray       *power;
  GArray       *flop;
  char         *problem;        /* the replay's for the focus, by the last frame */
  guint8       *used;           /* compute: the data centers computed and their chips */
} Series;

static void
series_free (Series *s)
{
  g_array_unref (s->dates);
  g_array_unref (s->valuation);
  g_array_unref (s->valuation_flags);
  g_array_unref (s->stake);
  g_array_unref (s->power);
  g_array_unref (s->flop);
  g_free (s->problem);
  g_free (s->used);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Series, series_free)

static void
add_frame_value (GArray  *values,
                 guint    frame,
                 DsIndex  entity,
                 double   value)
{
  FrameValue v = { frame, entity, value };
  g_array_append_val (values, v);
}

static gboolean
collect_frame (const DsFrame *frame,
               DsReplay      *replay,
               gpointer       user_data)
{
  Series *s = user_data;
  guint index = s->dates->len;
  guint base = index * s->n_entities;
  const DsStake *stakes;
  guint n_stakes = 0;

  if (g_cancellable_is_cancelled (s->cancellable))
    return FALSE;
  g_array_append_val (s->dates, frame->date);
  if (s->compute)
    {
      for (guint e = 0; e < s->n_entities && frame->datacenters != NULL && e < frame->n_entities; e++)
        {
          const DsDatacenterFrame *dc = &frame->datacenters[e];
          if (!dc->computed)
            continue;
          add_frame_value (s->power, index, (DsIndex) e, dc->result.power_w);
          add_frame_value (s->flop, index, (DsIndex) e, dc->cumulative_flop);
          s->used[e] = 1;
          if (dc->chip != DS_NONE && (guint) dc->chip < s->n_entities)
            s->used[dc->chip] = 1;
        }
      return TRUE;
    }
  g_array_set_size (s->valuation, base + s->n_entities);
  g_array_set_size (s->valuation_flags, base + s->n_entities);
  for (guint e = 0; e < s->n_entities; e++)
    {
      gboolean known = e < frame->n_entities && frame->entity_visible[e];
      g_array_index (s->valuation, double, base + e) = known ? frame->valuation_usd[e] : NAN;
      g_array_index (s->valuation_flags, guint8, base + e) = known ? frame->valuation_flags[e] : 0;
    }
  stakes = s->focus != DS_NONE ? ds_replay_get_stakes (replay, s->focus, &n_stakes) : NULL;
  if (s->focus != DS_NONE && s->problem == NULL)
    s->problem = g_strdup (ds_replay_get_company_problem (replay, s->focus));
  for (guint i = 0; i < n_stakes; i++)
    if (stakes[i].entity != DS_NONE && (guint) stakes[i].entity < s->n_entities)
      add_frame_value (s->stake, index, stakes[i].entity, stakes[i].fraction);
  return TRUE;
}

/* Adds a series per entity that has a value at two frames or more and
 * reaches `min_peak`. Returns the number of series added. */
typedef struct {
  guint  entity;
  double peak;
} Candidate;

static int
compare_candidates (gconstpointer a, gconstpointer b)
{
  const Candidate *x = a, *y = b;
  if (x->peak != y->peak)
    return x->peak < y->peak ? 1 : -1;
  return (x->entity > y->entity) - (x->entity < y->entity);
}

/* A chart stays readable with a handful of lines: the largest ones. */
#define MAX_SERIES 8

static void
note_candidate_value (double *peak,
                      guint  *count,
                      double  v)
{
  if (ds_is_set (v) && v > 0)
    {
      *peak = MAX (*peak, v);
      (*count)++;
    }
}

/* Of `dense` (n_entities values per frame, with `flags`) or `sparse`
 * (FrameValue in frame order): one of the two is NULL. */
static guint
add_entity_series (DsChart     *chart,
                   DsLandscape *ls,
                   Series      *s,
                   GArray      *dense,
                   GArray      *flags,
                   GArray      *sparse,
                   double       min_peak)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autofree double *peak = g_new (double, MAX (s->n_entities, 1));
  g_autofree guint *count = g_new0 (guint, MAX (s->n_entities, 1));
  guint added = 0;

  for (guint e = 0; e < s->n_entities; e++)
    peak[e] = -G_MAXDOUBLE;
  if (dense != NULL)
    for (guint f = 0; f < s->dates->len; f++)
      for (guint e = 0; e < s->n_entities; e++)
        note_candidate_value (&peak[e], &count[e], g_array_index (dense, double, f * s->n_entities + e));
  else
    for (guint i = 0; i < sparse->len; i++)
      {
        const FrameValue *v = &g_array_index (sparse, FrameValue, i);
        note_candidate_value (&peak[v->entity], &count[v->entity], v->value);
      }
  for (guint e = 0; e < s->n_entities; e++)
    if (count[e] >= 2 && peak[e] >= min_peak)
      {
        Candidate c = { e, peak[e] };
        g_array_append_val (candidates, c);
      }
  g_array_sort (candidates, compare_candidates);
  for (guint k = 0; k < MIN (candidates->len, MAX_SERIES); k++)
    {
      guint e = g_array_index (candidates, Candidate, k).entity;
      guint series = ds_chart_add_series (chart, ds_landscape_entity (ls, e)->name, added, 0);

      if (dense != NULL)
        for (guint f = 0; f < s->dates->len; f++)
          {
            double v = g_array_index (dense, double, f * s->n_entities + e);
            gboolean assumed = flags != NULL &&
                               (g_array_index (flags, guint8, f * s->n_entities + e) & (DS_VALUE_ASSUMED | DS_VALUE_PROJECTED)) != 0;
            if (ds_is_set (v) && v > 0)
              ds_chart_add_point (chart, series, g_array_index (s->dates, DsDate, f), v, assumed);
          }
      else
        for (guint i = 0; i < sparse->len; i++)
          {
            const FrameValue *v = &g_array_index (sparse, FrameValue, i);
            if ((guint) v->entity == e && ds_is_set (v->value) && v->value > 0)
              ds_chart_add_point (chart, series, g_array_index (s->dates, DsDate, v->frame), v->value, FALSE);
          }
      added++;
    }
  return added;
}

/* The company with the most deals into it: whose cap table is charted. */
static DsIndex
most_funded_company (DsLandscape *ls)
{
  g_autofree guint *count = g_new0 (guint, MAX (ds_landscape_n_entities (ls), 1));
  DsIndex best = DS_NONE;

  for (DsIndex i = 0; i < ds_landscape_n_deals (ls); i++)
    count[ds_landscape_deal (ls, i)->target]++;
  for (DsIndex e = 0; e < ds_landscape_n_entities (ls); e++)
    if (count[e] > 0 && (best == DS_NONE || count[e] > count[best]))
      best = e;
  return best;
}

/* Whether `company` can have its stakes charted: a company deals go into. */
static gboolean
is_funded_company (DsLandscape *ls,
                   DsIndex      company)
{
  if (company == DS_NONE || company >= (DsIndex) ds_landscape_n_entities (ls)
      || ds_landscape_entity (ls, company)->kind != DS_ENTITY_COMPANY)
    return FALSE;
  for (DsIndex i = 0; i < ds_landscape_n_deals (ls); i++)
    if (ds_landscape_deal (ls, i)->target == company)
      return TRUE;
  return FALSE;
}

/* The stakes charted: the company asked for, else the most funded one. */
static DsIndex
stakes_company (DsLandscape *ls,
                DsIndex      wanted)
{
  return is_funded_company (ls, wanted) ? wanted : most_funded_company (ls);
}

static Series *
run_replay (DsLandscape *ls,
            DsIndex      scenario,
            DsIndex      focus,
            gboolean     compute,
            double      *threshold,
            GCancellable *cancellable,
            GError     **error)
{
  g_autoptr(DsReplay) replay = ds_replay_new (ls, scenario, error);
  g_autoptr(Series) s = NULL;
  const DsScenarioView *view;
  gint32 first = G_MAXINT32, last = G_MININT32;

  if (replay == NULL)
    return NULL;
  view = ds_replay_get_view (replay);
  for (DsIndex i = 0; i < ds_scenario_view_n_deals (view); i++)
    {
      DsDate d = ds_scenario_view_deal (view, i)->date;
      if (d == DS_DATE_NONE)
        continue;
      first = MIN (first, ds_date_to_days (d));
      last = MAX (last, ds_date_to_days (d));
    }
  if (first > last)
    return NULL;
  /* The preference stands in for the built-in default only: a scenario
   * that sets its own threshold keeps it. */
  if (!ds_is_set (*threshold) || ds_scenario_view_assumption_is_set (view, "stake_threshold"))
    *threshold = view->assumptions.stake_threshold;

  s = g_new0 (Series, 1);
  s->n_entities = ds_landscape_n_entities (ls);
  s->compute = compute;
  s->focus = stakes_company (ls, focus);
  s->dates = g_array_new (FALSE, FALSE, sizeof (DsDate));
  s->valuation = g_array_new (FALSE, FALSE, sizeof (double));
  s->valuation_flags = g_array_new (FALSE, FALSE, sizeof (guint8));
  s->cancellable = cancellable;
  s->stake = g_array_new (FALSE, FALSE, sizeof (FrameValue));
  s->power = g_array_new (FALSE, FALSE, sizeof (FrameValue));
  s->flop = g_array_new (FALSE, FALSE, sizeof (FrameValue));
  s->used = g_new0 (guint8, MAX (s->n_entities, 1));
  /* Two years past the last deal, so that build-outs and conversions show;
   * months unless that makes too many points for a big landscape. */
  if (!ds_replay_run (replay, ds_date_from_days (first), ds_date_add_months (ds_date_from_days (last), 24),
                      (last - first) / 30.0 * s->n_entities > 2e6 ? DS_REPLAY_STEP_YEAR
                      : (last - first) > 365 * 12 ? DS_REPLAY_STEP_QUARTER : DS_REPLAY_STEP_MONTH,
                      collect_frame, s, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&s);
}

/* What the charts are of: copied from the view, so that a worker can
 * build them while the view changes (see ds_chart_view_wait_for_charts). */
typedef struct _ChartRequest {
  DsChartViewKind kind;
  DsLandscape    *landscape;
  DsIndex         scenario;
  DsIndex         compare;
  DsIndex         focus;
  double          default_threshold;
  GCancellable   *cancellable;
  DsChart        *charts[2];      /* the result: top, bottom */
} ChartRequest;

static void
chart_request_free (ChartRequest *r)
{
  g_clear_pointer (&r->landscape, ds_landscape_unref);
  g_clear_object (&r->cancellable);
  g_clear_pointer (&r->charts[0], ds_chart_free);
  g_clear_pointer (&r->charts[1], ds_chart_free);
  g_free (r);
}

static ChartRequest *
chart_request_new (DsChartView *self)
{
  ChartRequest *r = g_new0 (ChartRequest, 1);

  r->kind = self->kind;
  r->landscape = ds_landscape_ref (self->landscape);
  r->scenario = self->scenario;
  r->compare = self->compare;
  r->focus = self->focus;
  r->default_threshold = self->default_threshold;
  r->cancellable = g_cancellable_new ();
  return r;
}

/* Any thread: the replayed charts of the request; none when cancelled. */
static void
build_replay_charts (ChartRequest *self)
{
  DsLandscape *ls = self->landscape;
  DsChart **top = &self->charts[0], **bottom = &self->charts[1];
  g_autoptr(GError) error = NULL;
  g_autoptr(Series) s = NULL;
  g_autofree char *sources = NULL;
  g_autofree char *subtitle = NULL;
  double threshold = NAN;
  const char *scenario_name = self->scenario != DS_NONE ? ds_landscape_scenario (ls, self->scenario)->name : _("Base");

  threshold = self->default_threshold;
  s = run_replay (ls, self->scenario, self->focus, self->kind == DS_CHART_VIEW_COMPUTE, &threshold,
                  self->cancellable, &error);
  if (s == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (error != NULL)
        g_message ("Replay of the scenario failed, the charts show recorded values: %s", error->message);
      return;
    }

  if (self->compare != DS_NONE && self->compare != self->scenario)
    {
      /* Two scenarios: the core's chart builders overlay them (the current
       * one solid, the compared one dashed). */
      DsIndex scenarios[2] = { self->scenario, self->compare };
      DsChartDataOptions options;
      g_autoptr(GError) local = NULL;

      ds_chart_data_options_init (&options);
      if (self->kind == DS_CHART_VIEW_VALUATION)
        {
          *top = ds_chart_data_valuation (ls, scenarios, 2, NULL, 0, &options, &local);
          if (s->focus != DS_NONE)
            *bottom = ds_chart_data_stakes (ls, self->scenario, s->focus, &options, NULL);
        }
      else
        {
          *top = ds_chart_data_compute (ls, scenarios, 2, NULL, 0, DS_COMPUTE_QUANTITY_POWER, &options, &local);
          *bottom = ds_chart_data_compute (ls, scenarios, 2, NULL, 0, DS_COMPUTE_QUANTITY_CUMULATIVE_FLOP,
                                           &options, NULL);
        }
      if (local != NULL)
        g_message ("Comparison chart not built: %s", local->message);
      if (*top != NULL || *bottom != NULL)
        return;
    }

  if (self->kind == DS_CHART_VIEW_VALUATION)
    {
      g_autoptr(DsChart) valuation = ds_chart_new (DS_CHART_LINE, _("Company valuations"));

      sources = deal_sources (ls);

      subtitle = g_strdup_printf (_("Scenario “%s”; light points rest on assumptions or projections"), scenario_name);
      ds_chart_set_subtitle (valuation, subtitle);
      ds_chart_set_y_axis (valuation, DS_CHART_SCALE_LOG, DS_CHART_UNIT_USD, NULL);
      ds_chart_set_sources (valuation, sources);
      if (add_entity_series (valuation, ls, s, s->valuation, s->valuation_flags, NULL, 0) > 0)
        *top = g_steal_pointer (&valuation);

      if (s->focus != DS_NONE)
        {
          g_autofree char *title = g_strdup_printf (_("Stakes in %s"), ds_landscape_entity (ls, s->focus)->name);
          g_autoptr(DsChart) stakes = ds_chart_new (DS_CHART_LINE, title);

          ds_chart_set_subtitle (stakes, _("Share each investor holds, after conversions and dilution"));
          ds_chart_set_y_axis (stakes, DS_CHART_SCALE_LINEAR, DS_CHART_UNIT_PERCENT, NULL);
          ds_chart_set_sources (stakes, sources);
          ds_chart_set_note (stakes, s->problem);
          if (ds_is_set (threshold))
            {
              g_autofree char *label = g_strdup_printf (_("%.0f%% threshold"), threshold * 100);
              ds_chart_set_threshold (stakes, threshold, label);
            }
          if (add_entity_series (stakes, ls, s, NULL, NULL, s->stake, 0.005) > 0)
            *bottom = g_steal_pointer (&stakes);
        }
    }
  else
    {
      g_autoptr(DsChart) power = ds_chart_new (DS_CHART_LINE, _("Data center power online"));
      g_autoptr(DsChart) flop = ds_chart_new (DS_CHART_LINE, _("Training compute delivered"));

      subtitle = g_strdup_printf (_("Scenario “%s”; facility power from the build-out schedules"), scenario_name);
      ds_chart_set_subtitle (power, subtitle);
      ds_chart_set_y_axis (power, DS_CHART_SCALE_LINEAR, DS_CHART_UNIT_SI, "W");
      sources = metric_sources (ls, s->used);
      ds_chart_set_sources (power, sources);
      if (add_entity_series (power, ls, s, NULL, NULL, s->power, 0) > 0)
        *top = g_steal_pointer (&power);
      ds_chart_set_subtitle (flop, _("Cumulative effective FLOP since each build-out began, at the scenario's MFU"));
      ds_chart_set_y_axis (flop, DS_CHART_SCALE_LOG, DS_CHART_UNIT_SI, "FLOP");
      ds_chart_set_sources (flop, sources);
      if (add_entity_series (flop, ls, s, NULL, NULL, s->flop, 0) > 0)
        *bottom = g_steal_pointer (&flop);
    }
}

/* Any thread: the request's charts, the recorded valuations when the
 * scenario gives none; none when cancelled. */
static void
build_charts (ChartRequest *r)
{
  build_replay_charts (r);
  if (r->charts[0] == NULL && r->charts[1] == NULL && r->kind == DS_CHART_VIEW_VALUATION
      && !g_cancellable_is_cancelled (r->cancellable))
    r->charts[0] = build_recorded_valuation_chart (r->landscape);
}

/* Shows `charts` (taken, either may be NULL): the status page for none. */
static void
install_charts (DsChartView *self,
                DsChart    **charts)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&self->charts[i], ds_chart_free);
      self->charts[i] = g_steal_pointer (&charts[i]);
      if (self->charts[i] == NULL)
        continue;
      if (self->cursor != DS_DATE_NONE)
        ds_chart_set_cursor (self->charts[i], self->cursor);
      ds_chart_prepare (self->charts[i]);
    }
  gtk_widget_set_visible (self->areas[0], self->charts[0] != NULL);
  gtk_widget_set_visible (self->areas[1], self->charts[1] != NULL);
  gtk_stack_set_visible_child (GTK_STACK (self->stack),
                               self->charts[0] || self->charts[1] ? self->box : self->status);
  gtk_widget_queue_draw (self->areas[0]);
  gtk_widget_queue_draw (self->areas[1]);
}

static void
chart_job_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  DsChartView *self = source;

  build_charts (task_data);
  /* From here on the worker no longer reads the landscape. */
  g_mutex_lock (&self->jobs_lock);
  self->n_jobs--;
  g_cond_broadcast (&self->jobs_idle);
  g_mutex_unlock (&self->jobs_lock);
  g_task_return_boolean (task, TRUE);
}

static void
chart_job_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DsChartView *self = DS_CHART_VIEW (source);
  ChartRequest *r = g_task_get_task_data (G_TASK (result));

  if (r != self->job)
    return;   /* a later request replaced it */
  self->job = NULL;
  if (g_cancellable_is_cancelled (r->cancellable))
    {
      /* Stopped for an edit (ds_chart_view_wait_for_charts): the edit sets
       * new data, which starts again; if it failed, start again here. */
      self->dirty = TRUE;
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        rebuild (self, FALSE);
      return;
    }
  install_charts (self, r->charts);
}

static void
cancel_job (DsChartView *self)
{
  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
  self->job = NULL;
}

/* Builds the charts of the view's data: on a worker for a big landscape
 * (the "Replaying" page shows meanwhile; a million deals replay for
 * seconds), else here; `now`: here whatever the size (for exports). */
static void
rebuild (DsChartView *self,
         gboolean     now)
{
  g_autoptr(GTask) task = NULL;
  ChartRequest *r;

  self->dirty = FALSE;
  cancel_job (self);
  if (self->landscape == NULL)
    {
      DsChart *none[2] = { NULL, NULL };
      install_charts (self, none);
      return;
    }
  r = chart_request_new (self);
  if (now || (guint) ds_landscape_n_deals (self->landscape) < self->async_deals)
    {
      build_charts (r);
      install_charts (self, r->charts);
      chart_request_free (r);
      return;
    }
  self->job = r;
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->building);
  g_mutex_lock (&self->jobs_lock);
  self->n_jobs++;
  g_mutex_unlock (&self->jobs_lock);
  task = g_task_new (self, NULL, chart_job_done, NULL);
  g_task_set_source_tag (task, rebuild);
  g_task_set_task_data (task, r, (GDestroyNotify) chart_request_free);
  g_task_run_in_thread (task, chart_job_thread);
}

/* Charts replay the whole scenario: built when shown (or exported), not
 * on every edit made while another view is up. */
static void
ensure_charts (DsChartView *self)
{
  if (self->dirty)
    rebuild (self, FALSE);
}

/* For what reads the charts now (exports, tests): built here if a worker
 * is still at them. */
static void
ensure_charts_now (DsChartView *self)
{
  if (self->dirty || self->job != NULL)
    rebuild (self, TRUE);
}

static void
ds_chart_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ds_chart_view_parent_class)->map (widget);
  ensure_charts (DS_CHART_VIEW (widget));
}

static void
draw_area (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  DsChartView *self = DS_CHART_VIEW (user_data);
  DsChart *chart = GTK_WIDGET (area) == self->areas[0] ? self->charts[0] : self->charts[1];

  if (chart != NULL)
    ds_chart_draw (chart, cr, width, height, current_theme (self));
}

static void
ds_chart_view_dispose (GObject *object)
{
  DsChartView *self = DS_CHART_VIEW (object);

  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  g_clear_pointer (&self->theme_name, g_free);
  g_clear_pointer (&self->charts[0], ds_chart_free);
  g_clear_pointer (&self->charts[1], ds_chart_free);
  cancel_job (self);
  G_OBJECT_CLASS (ds_chart_view_parent_class)->dispose (object);
}

static void
ds_chart_view_finalize (GObject *object)
{
  DsChartView *self = DS_CHART_VIEW (object);

  /* A worker's task holds the view: none runs by now. */
  g_mutex_clear (&self->jobs_lock);
  g_cond_clear (&self->jobs_idle);
  G_OBJECT_CLASS (ds_chart_view_parent_class)->finalize (object);
}

static void
ds_chart_view_class_init (DsChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ds_chart_view_dispose;
  object_class->finalize = ds_chart_view_finalize;
  widget_class->map = ds_chart_view_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ds_chart_view_init (DsChartView *self)
{
  self->theme_name = g_strdup ("light");
  self->scenario = DS_NONE;
  self->compare = DS_NONE;
  self->focus = DS_NONE;
  self->default_threshold = NAN;
  self->async_deals = G_MAXUINT;
  g_mutex_init (&self->jobs_lock);
  g_cond_init (&self->jobs_idle);
  self->stack = gtk_stack_new ();
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_set_homogeneous (GTK_BOX (self->box), TRUE);
  for (guint i = 0; i < 2; i++)
    {
      self->areas[i] = gtk_drawing_area_new ();
      gtk_widget_set_hexpand (self->areas[i], TRUE);
      gtk_widget_set_vexpand (self->areas[i], TRUE);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->areas[i]), draw_area, self, NULL);
      gtk_box_append (GTK_BOX (self->box), self->areas[i]);
    }
  gtk_stack_add_child (GTK_STACK (self->stack), self->box);

  self->status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->status), "x-office-presentation-symbolic");
  gtk_stack_add_child (GTK_STACK (self->stack), self->status);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->status);

  {
    GtkWidget *spinner = gtk_spinner_new ();

    gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
    gtk_widget_set_size_request (spinner, 32, 32);
    gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
    self->building = adw_status_page_new ();
    gtk_widget_set_name (self->building, "charts-building");
    adw_status_page_set_title (ADW_STATUS_PAGE (self->building), _("Replaying the Scenario…"));
    adw_status_page_set_description (ADW_STATUS_PAGE (self->building),
                                     _("The charts appear when the whole history has been replayed. The other views work meanwhile."));
    adw_status_page_set_child (ADW_STATUS_PAGE (self->building), spinner);
    gtk_stack_add_child (GTK_STACK (self->stack), self->building);
  }
}

GtkWidget *
ds_chart_view_new (DsChartViewKind kind)
{
  DsChartView *self = g_object_new (DS_TYPE_CHART_VIEW, NULL);

  self->kind = kind;
  if (kind == DS_CHART_VIEW_VALUATION)
    {
      adw_status_page_set_title (ADW_STATUS_PAGE (self->status), _("No Valuations Yet"));
      adw_status_page_set_description (ADW_STATUS_PAGE (self->status),
                                       _("Valuations and stakes over time appear once deals carry a price or the scenario engine can value them."));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->areas[0]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Chart of company valuations over time"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->areas[1]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Chart of investor stakes over time"), -1);
    }
  else
    {
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->status), "power-profile-performance-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (self->status), _("No Compute Build-Outs"));
      adw_status_page_set_description (ADW_STATUS_PAGE (self->status),
                                       _("Power, chips and training compute appear for data centers with a build-out schedule and a chip."));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->areas[0]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Chart of data center power over time"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->areas[1]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Chart of training compute over time"), -1);
    }
  return GTK_WIDGET (self);
}

void
ds_chart_view_set_landscape (DsChartView *self,
                             DsLandscape *landscape,
                             DsIndex      scenario)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  if (landscape != self->landscape)
    {
      g_clear_pointer (&self->landscape, ds_landscape_unref);
      self->landscape = landscape ? ds_landscape_ref (landscape) : NULL;
      /* Entity indices are the landscape's. */
      self->focus = DS_NONE;
    }
  self->scenario = scenario;
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self, FALSE);
}

void
ds_chart_view_set_focus (DsChartView *self,
                         DsIndex      company)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  if (company == self->focus || self->kind == DS_CHART_VIEW_COMPUTE || self->landscape == NULL)
    return;
  /* Any other entity, or a company nothing goes into (Amazon, as a
   * company), leaves the chart as it is. */
  if (company != DS_NONE && !is_funded_company (self->landscape, company))
    return;
  self->focus = company;
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self, FALSE);
}

void
ds_chart_view_set_compare (DsChartView *self,
                           DsIndex      compare)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  if (compare == self->compare)
    return;
  self->compare = compare;
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self, FALSE);
}

void
ds_chart_view_set_default_threshold (DsChartView *self,
                                     double       threshold)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  if (threshold == self->default_threshold)
    return;
  self->default_threshold = threshold;
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self, FALSE);
}

void
ds_chart_view_set_cursor (DsChartView *self,
                          DsDate       date)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  if (date == self->cursor)
    return;
  self->cursor = date;
  if (self->dirty)
    return;
  /* Only the cursor moves during a replay; the series stay as prepared. */
  for (guint i = 0; i < 2; i++)
    if (self->charts[i] != NULL)
      {
        ds_chart_set_cursor (self->charts[i], date);
        ds_chart_prepare (self->charts[i]);
        gtk_widget_queue_draw (self->areas[i]);
      }
}

void
ds_chart_view_set_theme_name (DsChartView *self,
                              const char  *name)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  g_free (self->theme_name);
  self->theme_name = g_strdup (name);
  gtk_widget_queue_draw (self->areas[0]);
  gtk_widget_queue_draw (self->areas[1]);
}

gboolean
ds_chart_view_has_chart (DsChartView *self)
{
  g_return_val_if_fail (DS_IS_CHART_VIEW (self), FALSE);
  ensure_charts_now (self);
  return self->charts[0] != NULL || self->charts[1] != NULL;
}

gboolean
ds_chart_view_draw (DsChartView *self,
                    cairo_t     *cr,
                    double       width,
                    double       height)
{
  g_return_val_if_fail (DS_IS_CHART_VIEW (self), FALSE);
  ensure_charts_now (self);
  if (self->charts[0] != NULL && self->charts[1] != NULL)
    {
      /* Both charts, stacked as on screen. */
      ds_chart_draw (self->charts[0], cr, width, height / 2, current_theme (self));
      cairo_save (cr);
      cairo_translate (cr, 0, height / 2);
      ds_chart_draw (self->charts[1], cr, width, height / 2, current_theme (self));
      cairo_restore (cr);
      return TRUE;
    }
  if (self->charts[0] != NULL || self->charts[1] != NULL)
    {
      ds_chart_draw (self->charts[0] ? self->charts[0] : self->charts[1], cr, width, height, current_theme (self));
      return TRUE;
    }
  return FALSE;
}

void
ds_chart_view_set_async_deals (DsChartView *self,
                               guint        n_deals)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  self->async_deals = n_deals;
}

gboolean
ds_chart_view_get_building (DsChartView *self)
{
  g_return_val_if_fail (DS_IS_CHART_VIEW (self), FALSE);
  return self->job != NULL;
}

void
ds_chart_view_wait_for_charts (DsChartView *self)
{
  g_return_if_fail (DS_IS_CHART_VIEW (self));
  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
  g_mutex_lock (&self->jobs_lock);
  while (self->n_jobs > 0)
    g_cond_wait (&self->jobs_idle, &self->jobs_lock);
  g_mutex_unlock (&self->jobs_lock);
}
