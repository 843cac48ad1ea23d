/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-scenario-diff.c: two scenarios replayed to one date and compared deal
 * by deal (by id) and stake by stake (by company and holder). */
#define G_LOG_DOMAIN "ds-scenario-diff"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-format.h"
#include "ds-scenario-diff.h"

static const DsDealFieldInfo fields[] = {
  { DS_DEAL_FIELD_AMOUNT,        "amount_usd",     "usd",      "amount" },
  { DS_DEAL_FIELD_INSTRUMENT,    "instrument",     NULL,       "instrument" },
  { DS_DEAL_FIELD_PRE_MONEY,     "pre_money_usd",  "usd",      "pre-money" },
  { DS_DEAL_FIELD_POST_MONEY,    "post_money_usd", "usd",      "post-money" },
  { DS_DEAL_FIELD_CAP,           "cap_usd",        "usd",      "cap" },
  { DS_DEAL_FIELD_DISCOUNT,      "discount",       "fraction", "discount" },
  { DS_DEAL_FIELD_INTEREST_RATE, "interest_rate",  "fraction", "interest" },
  { DS_DEAL_FIELD_STATUS,        "status",         NULL,       "status" },
  { DS_DEAL_FIELD_DATE,          "date",           NULL,       "announced" },
  { DS_DEAL_FIELD_CLOSE_DATE,    "close_date",     NULL,       "closes" },
};

const DsDealFieldInfo *
ds_scenario_diff_fields (guint *n)
{
  *n = G_N_ELEMENTS (fields);
  return fields;
}

static const DsDealFieldInfo *
field_info (DsDealField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].field == field)
      return &fields[i];
  return NULL;
}

double
ds_deal_field_number (const DsDeal *deal,
                      DsDealField   field)
{
  switch (field)
    {
    case DS_DEAL_FIELD_AMOUNT:        return deal->amount_usd;
    case DS_DEAL_FIELD_PRE_MONEY:     return deal->pre_money_usd;
    case DS_DEAL_FIELD_POST_MONEY:    return deal->post_money_usd;
    case DS_DEAL_FIELD_CAP:           return deal->cap_usd;
    case DS_DEAL_FIELD_DISCOUNT:      return deal->discount;
    case DS_DEAL_FIELD_INTEREST_RATE: return deal->interest_rate;
    case DS_DEAL_FIELD_DATE:
    case DS_DEAL_FIELD_CLOSE_DATE:
    case DS_DEAL_FIELD_STATUS:
    case DS_DEAL_FIELD_INSTRUMENT:
    case DS_DEAL_HYPOTHETICAL:
    default:
      return NAN;
    }
}

static DsDate
field_date (const DsDeal *deal,
            DsDealField   field)
{
  return field == DS_DEAL_FIELD_DATE ? deal->date : deal->close_date;
}

static gboolean
is_date_field (DsDealField field)
{
  return field == DS_DEAL_FIELD_DATE || field == DS_DEAL_FIELD_CLOSE_DATE;
}

char *
ds_deal_field_to_text (const DsDeal *deal,
                       DsDealField   field)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double v;

  if (field == DS_DEAL_FIELD_INSTRUMENT)
    return g_strdup (ds_instrument_to_string (deal->instrument));
  if (field == DS_DEAL_FIELD_STATUS)
    return g_strdup (ds_deal_status_to_string (deal->status));
  if (is_date_field (field))
    return field_date (deal, field) == DS_DATE_NONE ? NULL : ds_format_date_iso (field_date (deal, field));
  v = ds_deal_field_number (deal, field);
  return isnan (v) ? NULL : g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

char *
ds_deal_field_describe (const DsDeal *deal,
                        DsDealField   field)
{
  const DsDealFieldInfo *info = field_info (field);
  double v;

  if (field == DS_DEAL_FIELD_INSTRUMENT || field == DS_DEAL_FIELD_STATUS)
    return ds_deal_field_to_text (deal, field);
  if (is_date_field (field))
    return field_date (deal, field) == DS_DATE_NONE ? g_strdup ("\u2013")
                                                     : ds_format_date_short (field_date (deal, field));
  v = ds_deal_field_number (deal, field);
  if (isnan (v))
    return g_strdup (field == DS_DEAL_FIELD_AMOUNT ? "undisclosed" : "\u2013");
  return ds_format_in_unit (v, info ? info->unit : NULL);
}

static gboolean
same_number (double a,
             double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return fabs (a - b) <= 1e-12 * MAX (fabs (a), fabs (b));
}

static guint32
differing_fields (const DsDeal *a,
                  const DsDeal *b)
{
  guint32 bits = 0;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      DsDealField f = fields[i].field;
      gboolean same;
      if (f == DS_DEAL_FIELD_INSTRUMENT)
        same = a->instrument == b->instrument;
      else if (f == DS_DEAL_FIELD_STATUS)
        same = a->status == b->status;
      else if (is_date_field (f))
        same = field_date (a, f) == field_date (b, f);
      else
        same = same_number (ds_deal_field_number (a, f), ds_deal_field_number (b, f));
      if (!same)
        bits |= f;
    }
  return bits;
}

char *
ds_deal_diff_label (const DsDealDiff *d)
{
  const DsDeal *shown = d->kind == DS_DEAL_DIFF_REMOVED ? &d->a : &d->b;

  if (d->kind == DS_DEAL_DIFF_CHANGED || d->fields != 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (d->fields & fields[i].field)
          {
            g_autofree char *from = ds_deal_field_describe (&d->a, fields[i].field);
            g_autofree char *to_text = ds_deal_field_describe (&d->b, fields[i].field);
            /* The other fields that changed, as a count: the table has them. */
            guint more = 0;
            for (guint k = i + 1; k < G_N_ELEMENTS (fields); k++)
              more += (d->fields & fields[k].field) != 0;
            g_autofree char *to = more ? g_strdup_printf ("%s (+%u)", to_text, more) : g_strdup (to_text);
            /* Amounts and terms speak for themselves; the rest says which
             * field it is. */
            if (fields[i].unit != NULL && g_str_equal (fields[i].unit, "usd")
                && fields[i].field != DS_DEAL_FIELD_AMOUNT)
              return g_strdup_printf ("%s %s \u2192 %s", fields[i].field == DS_DEAL_FIELD_CAP ? "cap"
                                      : fields[i].field == DS_DEAL_FIELD_PRE_MONEY ? "pre" : "post", from, to);
            if (fields[i].field == DS_DEAL_FIELD_DISCOUNT || fields[i].field == DS_DEAL_FIELD_INTEREST_RATE)
              return g_strdup_printf ("%s %s \u2192 %s", fields[i].field == DS_DEAL_FIELD_DISCOUNT ? "discount" : "interest",
                                      from, to);
            return g_strdup_printf ("%s \u2192 %s", from, to);
          }
    }
  {
    g_autofree char *amount = ds_format_usd (shown->amount_usd);
    return g_strdup_printf ("%s %s", d->kind == DS_DEAL_DIFF_ADDED ? "added" : "removed", amount);
  }
}

const char *const *
ds_scenario_diff_headers (void)
{
  static const char *const headers[] = { "Change", "Deal", "Investor / holder", "Target / company", "Field",
                                         "A", "B", NULL };
  return headers;
}

static void
add_row (GPtrArray *cells, GArray *row_deal, GArray *row_entity, gint deal, DsIndex entity,
         char *change, const char *id, const char *from, const char *to, const char *field, char *a, char *b)
{
  g_ptr_array_add (cells, change);
  g_ptr_array_add (cells, g_strdup (id ? id : ""));
  g_ptr_array_add (cells, g_strdup (from));
  g_ptr_array_add (cells, g_strdup (to));
  g_ptr_array_add (cells, g_strdup (field));
  g_ptr_array_add (cells, a ? a : g_strdup ("\u2013"));
  g_ptr_array_add (cells, b ? b : g_strdup ("\u2013"));
  g_array_append_val (row_deal, deal);
  g_array_append_val (row_entity, entity);
}

char **
ds_scenario_diff_cells (const DsScenarioDiff *self,
                        guint                *n_rows,
                        gint                **out_row_deal,
                        DsIndex             **out_row_entity)
{
  GPtrArray *cells = g_ptr_array_new ();
  g_autoptr(GArray) row_deal = g_array_new (FALSE, FALSE, sizeof (gint));
  g_autoptr(GArray) row_entity = g_array_new (FALSE, FALSE, sizeof (DsIndex));
  DsLandscape *ls = self->landscape;

  for (guint i = 0; i < self->deals->len; i++)
    {
      const DsDealDiff *d = ds_scenario_diff_deal (self, i);
      const char *from = ds_landscape_entity (ls, d->investor)->name, *to = ds_landscape_entity (ls, d->target)->name;

      if (d->kind != DS_DEAL_DIFF_CHANGED)
        {
          gboolean added = d->kind == DS_DEAL_DIFF_ADDED;
          add_row (cells, row_deal, row_entity, (gint) i, d->target, g_strdup (added ? "Added" : "Removed"), d->id,
                   from, to, "amount", added ? NULL : ds_format_usd (d->a.amount_usd),
                   added ? ds_format_usd (d->b.amount_usd) : NULL);
        }
      /* Changed fields; for an added or removed deal that both sides have
       * (its date moved across the diff's), what differs as well. */
      for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
        if (d->fields & fields[k].field)
          add_row (cells, row_deal, row_entity, (gint) i, d->target,
                   g_strdup (d->kind == DS_DEAL_DIFF_ADDED ? "Added" : d->kind == DS_DEAL_DIFF_REMOVED ? "Removed" : "Changed"),
                   d->id, from, to,
                   fields[k].title, ds_deal_field_describe (&d->a, fields[k].field),
                   ds_deal_field_describe (&d->b, fields[k].field));
    }
  for (guint i = 0; i < self->stakes->len; i++)
    {
      const DsStakeMove *m = ds_scenario_diff_stake (self, i);
      add_row (cells, row_deal, row_entity, -1, m->company, g_strdup ("Stake"), NULL, m->holder_name,
               ds_landscape_entity (ls, m->company)->name, "stake", ds_format_percent (m->before, 1),
               ds_format_percent (m->after, 1));
    }
  for (guint i = 0; i < self->thresholds->len; i++)
    {
      const DsThresholdChange *c = ds_scenario_diff_threshold (self, i);
      g_autofree char *t = ds_format_percent (c->threshold, 0);
      add_row (cells, row_deal, row_entity, -1, c->company,
               g_strdup_printf (c->upward ? "Reaches %s" : "Falls below %s", t), NULL, c->holder_name,
               ds_landscape_entity (ls, c->company)->name, "stake", ds_format_percent (c->before, 1),
               ds_format_percent (c->after, 1));
    }
  *n_rows = row_deal->len;
  if (out_row_deal)
    *out_row_deal = (gint *) (void *) g_array_free (g_steal_pointer (&row_deal), FALSE);
  if (out_row_entity)
    *out_row_entity = (DsIndex *) (void *) g_array_free (g_steal_pointer (&row_entity), FALSE);
  g_ptr_array_add (cells, NULL);
  return (char **) g_ptr_array_free (cells, FALSE);
}

static const char *
scenario_name (DsLandscape *ls,
               DsIndex      scenario)
{
  /* Not "Base": the bundled document has a scenario of that name, and the
   * app's compare panel calls this side "Landscape (no scenario)". */
  return scenario == DS_NONE ? "Landscape" : ds_landscape_scenario (ls, scenario)->name;
}

char *
ds_scenario_diff_title (const DsScenarioDiff *self)
{
  return g_strdup_printf ("%s \u2192 %s", scenario_name (self->landscape, self->scenario_a),
                          scenario_name (self->landscape, self->scenario_b));
}

/* The latest date a deal of either view is announced or closes. */
static DsDate
latest_date (const DsScenarioView *a,
             const DsScenarioView *b)
{
  DsDate latest = DS_DATE_NONE;
  const DsScenarioView *views[] = { a, b };

  for (guint v = 0; v < 2; v++)
    for (guint k = 0; k < views[v]->deals->len; k++)
      {
        const DsDeal *d = ds_scenario_view_deal (views[v], k);
        latest = MAX (latest, ds_date_last_day (MAX (d->date, d->close_date)));
      }
  return latest != DS_DATE_NONE ? latest : ds_date_today ();
}

static gint
deal_diff_cmp (gconstpointer pa,
               gconstpointer pb)
{
  const DsDealDiff *a = pa, *b = pb;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  return strcmp (a->id, b->id);
}

static void
diff_deals (DsScenarioDiff *self,
            const DsFrame  *fa,
            const DsFrame  *fb)
{
  const DsScenarioView *va = self->view_a, *vb = self->view_b;

  /* Under A: removed or changed. */
  for (guint i = 0; i < va->deals->len; i++)
    {
      const DsDeal *da = ds_scenario_view_deal (va, i);
      DsIndex j = ds_scenario_view_find_deal (vb, da->id);
      gboolean in_a = fa->deal_visible[i], in_b = j != DS_NONE && fb->deal_visible[j];
      DsDealDiff d = { 0 };

      if (!in_a && !in_b)
        continue;
      d.id = da->id;
      d.investor = da->investor;
      d.target = da->target;
      d.deal_a = (DsIndex) i;
      d.deal_b = j;
      d.a = *da;
      if (j != DS_NONE)
        {
          d.b = *ds_scenario_view_deal (vb, j);
          d.fields = differing_fields (&d.a, &d.b);
        }
      if (in_a && in_b)
        {
          if (d.fields == 0)
            continue;
          d.kind = DS_DEAL_DIFF_CHANGED;
          self->n_changed++;
        }
      else if (in_a)
        {
          d.kind = DS_DEAL_DIFF_REMOVED;
          d.deal_b = DS_NONE;
          self->n_removed++;
        }
      else
        {
          d.kind = DS_DEAL_DIFF_ADDED;
          d.investor = d.b.investor;
          d.target = d.b.target;
          self->n_added++;
        }
      g_array_append_val (self->deals, d);
    }
  /* Only under B. */
  for (guint j = 0; j < vb->deals->len; j++)
    {
      const DsDeal *db = ds_scenario_view_deal (vb, j);
      DsDealDiff d = { 0 };

      if (!fb->deal_visible[j] || ds_scenario_view_find_deal (va, db->id) != DS_NONE)
        continue;
      d.kind = DS_DEAL_DIFF_ADDED;
      d.id = db->id;
      d.investor = db->investor;
      d.target = db->target;
      d.deal_a = DS_NONE;
      d.deal_b = (DsIndex) j;
      d.b = *db;
      self->n_added++;
      g_array_append_val (self->deals, d);
    }
  g_array_sort (self->deals, deal_diff_cmp);
}

typedef struct {
  DsIndex     holder;
  const char *name;
  double      fraction;
} Holding;

static GArray *
holdings (DsReplay *replay,
          DsIndex   company)
{
  guint n = 0;
  const DsStake *s = ds_replay_get_stakes (replay, company, &n);
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (Holding), n);

  for (guint i = 0; i < n; i++)
    {
      /* The stake's name is the replay's; the landscape's or a static
       * string keeps it valid after the next seek. */
      Holding h = { s[i].entity,
                    s[i].entity != DS_NONE ? ds_landscape_entity (ds_replay_get_view (replay)->landscape, s[i].entity)->name
                    : g_str_equal (s[i].name, "option pool") ? "option pool" : "other holders",
                    s[i].fraction };
      g_array_append_val (out, h);
    }
  return out;
}

static gint
find_holding (GArray        *list,
              const Holding *h)
{
  for (guint i = 0; i < list->len; i++)
    {
      const Holding *o = &g_array_index (list, Holding, i);
      if (h->holder != DS_NONE ? o->holder == h->holder : (o->holder == DS_NONE && strcmp (o->name, h->name) == 0))
        return (gint) i;
    }
  return -1;
}

static void
compare_holding (DsScenarioDiff *self,
                 DsIndex         company,
                 const Holding  *h,
                 double          before,
                 double          after)
{
  double ts[2] = { self->threshold_a, self->threshold_b };
  guint n_ts = fabs (ts[0] - ts[1]) < 1e-12 ? 1 : 2;

  if (fabs (after - before) > DS_SCENARIO_DIFF_STAKE_EPSILON)
    {
      DsStakeMove m = { company, h->holder, h->name, before, after };
      g_array_append_val (self->stakes, m);
    }
  for (guint t = 0; t < n_ts; t++)
    {
      if (isnan (ts[t]) || (before >= ts[t]) == (after >= ts[t]))
        continue;
      {
        DsThresholdChange c = { company, h->holder, h->name, ts[t], before, after, after >= ts[t] };
        g_array_append_val (self->thresholds, c);
      }
    }
}

static void
diff_stakes (DsScenarioDiff *self)
{
  DsLandscape *ls = self->landscape;

  for (DsIndex e = 0; e < ds_landscape_n_entities (ls); e++)
    {
      g_autoptr(GArray) a = holdings (self->replay_a, e);
      g_autoptr(GArray) b = holdings (self->replay_b, e);
      g_autofree guint8 *matched = g_new0 (guint8, MAX (b->len, 1));

      for (guint i = 0; i < a->len; i++)
        {
          const Holding *h = &g_array_index (a, Holding, i);
          gint k = find_holding (b, h);
          if (k >= 0)
            matched[k] = 1;
          compare_holding (self, e, h, h->fraction, k >= 0 ? g_array_index (b, Holding, k).fraction : 0);
        }
      for (guint k = 0; k < b->len; k++)
        if (!matched[k])
          compare_holding (self, e, &g_array_index (b, Holding, k), 0, g_array_index (b, Holding, k).fraction);
    }
}

static gint
by_company_holder (DsLandscape *ls,
                   DsIndex     ca,
                   const char *na,
                   DsIndex     cb,
                   const char *nb)
{
  int c = strcmp (ds_landscape_entity (ls, ca)->id, ds_landscape_entity (ls, cb)->id);
  return c != 0 ? c : strcmp (na, nb);
}

static gint
stake_cmp (gconstpointer pa, gconstpointer pb, gpointer ls)
{
  const DsStakeMove *a = pa, *b = pb;
  return by_company_holder (ls, a->company, a->holder_name, b->company, b->holder_name);
}

static gint
threshold_cmp (gconstpointer pa, gconstpointer pb, gpointer ls)
{
  const DsThresholdChange *a = pa, *b = pb;
  gint c = by_company_holder (ls, a->company, a->holder_name, b->company, b->holder_name);
  return c != 0 ? c : (a->threshold < b->threshold ? -1 : a->threshold > b->threshold);
}

DsScenarioDiff *
ds_scenario_diff_new (DsLandscape *landscape,
                      DsIndex      scenario_a,
                      DsIndex      scenario_b,
                      DsDate       date,
                      GError     **error)
{
  g_autoptr(DsScenarioDiff) self = g_new0 (DsScenarioDiff, 1);
  const DsFrame *fa;

  g_return_val_if_fail (landscape != NULL, NULL);

  self->landscape = ds_landscape_ref (landscape);
  self->scenario_a = scenario_a;
  self->scenario_b = scenario_b;
  self->deals = g_array_new (FALSE, TRUE, sizeof (DsDealDiff));
  self->stakes = g_array_new (FALSE, TRUE, sizeof (DsStakeMove));
  self->thresholds = g_array_new (FALSE, TRUE, sizeof (DsThresholdChange));
  if ((self->replay_a = ds_replay_new (landscape, scenario_a, error)) == NULL)
    {
      g_prefix_error (error, "Cannot compare scenario %s: ", scenario_name (landscape, scenario_a));
      return NULL;
    }
  if ((self->replay_b = ds_replay_new (landscape, scenario_b, error)) == NULL)
    {
      g_prefix_error (error, "Cannot compare scenario %s: ", scenario_name (landscape, scenario_b));
      return NULL;
    }
  self->view_a = ds_replay_get_view (self->replay_a);
  self->view_b = ds_replay_get_view (self->replay_b);
  self->date = date != DS_DATE_NONE ? date : latest_date (self->view_a, self->view_b);
  self->threshold_a = self->view_a->assumptions.stake_threshold;
  self->threshold_b = self->view_b->assumptions.stake_threshold;

  /* Each frame is its own replay's: seeking B leaves A's valid. */
  fa = ds_replay_seek (self->replay_a, self->date);
  diff_deals (self, fa, ds_replay_seek (self->replay_b, self->date));
  diff_stakes (self);
  g_array_sort_with_data (self->stakes, stake_cmp, landscape);
  g_array_sort_with_data (self->thresholds, threshold_cmp, landscape);
  return g_steal_pointer (&self);
}

void
ds_scenario_diff_free (DsScenarioDiff *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->replay_a, ds_replay_free);
  g_clear_pointer (&self->replay_b, ds_replay_free);
  g_clear_pointer (&self->deals, g_array_unref);
  g_clear_pointer (&self->stakes, g_array_unref);
  g_clear_pointer (&self->thresholds, g_array_unref);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  g_free (self);
}
