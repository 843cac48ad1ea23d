/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-scenario.c: resolving a scenario's base chain into an effective view of
 * deals, metrics and assumptions, and the in-memory edits of scenarios. */
#define G_LOG_DOMAIN "ds-scenario"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ds-scenario.h"

G_DEFINE_QUARK (ds-scenario-edit-error-quark, ds_scenario_edit_error)

/* A chain longer than this is a cycle the importer should have refused. */
#define MAX_CHAIN 64

static int
compare_metrics (gconstpointer a,
                 gconstpointer b)
{
  const DsMetric *ma = a, *mb = b;
  int c;

  if (ma->entity != mb->entity)
    return ma->entity < mb->entity ? -1 : 1;
  if ((c = strcmp (ma->name, mb->name)) != 0)
    return c;
  return (ma->date > mb->date) - (ma->date < mb->date);
}

static int
compare_settings (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (((const DsSetting *) a)->key, ((const DsSetting *) b)->key);
}

/* "deal.<id>.<field>": the id and field, or FALSE. */
static gboolean
split_deal_key (const char *key,
                char      **out_id,
                const char **out_field)
{
  const char *id = key + strlen ("deal.");
  const char *dot = strrchr (id, '.');

  if (!g_str_has_prefix (key, "deal.") || dot == NULL || dot == id || dot[1] == '\0')
    return FALSE;
  *out_id = g_strndup (id, (gsize) (dot - id));
  *out_field = dot + 1;
  return TRUE;
}

/* "metric.<entity>.<name>.<DATE>"; ids and names hold no dots. */
static gboolean
split_metric_key (DsLandscape *ls,
                  const char  *key,
                  DsIndex     *out_entity,
                  char       **out_name,
                  DsDate      *out_date,
                  GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (key, ".", -1);

  if (g_strv_length (parts) != 4 || *parts[1] == '\0' || *parts[2] == '\0')
    {
      g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_UNKNOWN_KEY,
                   "%s is not a metric override: write metric.<entity-id>.<name>.<DATE>, "
                   "for example metric.project-rainier.power_gw.2025", key);
      return FALSE;
    }
  if ((*out_entity = ds_landscape_find_entity (ls, parts[1])) == DS_NONE)
    {
      g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_INVALID,
                   "%s: no entity has the id “%s”; see “dealscape-cli list entities”",
                   key, parts[1]);
      return FALSE;
    }
  if (!ds_date_parse (parts[3], out_date, error))
    {
      g_prefix_error (error, "%s: ", key);
      return FALSE;
    }
  *out_name = g_strdup (parts[2]);
  return TRUE;
}

static guint32
deal_field_bit (const char *field)
{
  static const struct { const char *name; guint32 bit; } fields[] = {
    { "amount_usd", DS_DEAL_FIELD_AMOUNT },
    { "date", DS_DEAL_FIELD_DATE },
    { "close_date", DS_DEAL_FIELD_CLOSE_DATE },
    { "status", DS_DEAL_FIELD_STATUS },
    { "instrument", DS_DEAL_FIELD_INSTRUMENT },
    { "pre_money_usd", DS_DEAL_FIELD_PRE_MONEY },
    { "post_money_usd", DS_DEAL_FIELD_POST_MONEY },
    { "cap_usd", DS_DEAL_FIELD_CAP },
    { "discount", DS_DEAL_FIELD_DISCOUNT },
    { "interest_rate", DS_DEAL_FIELD_INTEREST_RATE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (fields[i].name, field) == 0)
      return fields[i].bit;
  return 0;
}

/* Applies one deal override to a copy of the deal. The value has passed
 * ds_assumptions_validate (), so parsing here cannot fail except for ids. */
static gboolean
apply_deal_field (DsLandscape     *ls,
                  DsDeal          *d,
                  const char      *field,
                  const DsSetting *s,
                  GError         **error)
{
  double v = s->number;

  if (s->text && !ds_assumptions_key_is_text (s->key) &&
      !ds_assumptions_parse_number (s->key, s->text, &v, error))
    return FALSE;

  if (strcmp (field, "amount_usd") == 0)
    d->amount_usd = v;
  else if (strcmp (field, "pre_money_usd") == 0)
    d->pre_money_usd = v;
  else if (strcmp (field, "post_money_usd") == 0)
    d->post_money_usd = v;
  else if (strcmp (field, "cap_usd") == 0)
    d->cap_usd = v;
  else if (strcmp (field, "discount") == 0)
    d->discount = v;
  else if (strcmp (field, "interest_rate") == 0)
    d->interest_rate = v;
  else if (strcmp (field, "date") == 0 || strcmp (field, "close_date") == 0)
    {
      DsDate date;
      if (!ds_date_parse (s->text, &date, error))
        {
          g_prefix_error (error, "%s: ", s->key);
          return FALSE;
        }
      *(field[0] == 'd' ? &d->date : &d->close_date) = date;
    }
  else if (strcmp (field, "status") == 0)
    d->status = (DsDealStatus) ds_deal_status_from_string (s->text);
  else if (strcmp (field, "instrument") == 0)
    d->instrument = (DsInstrument) ds_instrument_from_string (s->text);
  else if (strcmp (field, "confidence") == 0)
    d->confidence = (DsConfidence) ds_confidence_from_string (s->text);
  else if (strcmp (field, "note") == 0)
    d->note = s->text;
  else if (strcmp (field, "investor") == 0 || strcmp (field, "target") == 0)
    {
      DsIndex e = ds_landscape_find_entity (ls, s->text);
      if (e == DS_NONE)
        {
          g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_INVALID,
                       "%s: no entity has the id “%s”", s->key, s->text);
          return FALSE;
        }
      *(field[0] == 'i' ? &d->investor : &d->target) = e;
    }
  else if (strcmp (field, "tranche_of") == 0)
    {
      DsIndex t = ds_landscape_find_deal (ls, s->text);
      if (t == DS_NONE)
        {
          g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_INVALID,
                       "%s: no landscape deal has the id “%s”", s->key, s->text);
          return FALSE;
        }
      d->tranche_of = t;
    }
  return TRUE;
}

/* Base first, the scenario itself last. */
static gboolean
scenario_chain (DsLandscape *ls,
                DsIndex      scenario,
                DsIndex     *chain,
                guint       *n_chain,
                GError     **error)
{
  guint n = 0;

  for (DsIndex s = scenario; s != DS_NONE; s = ds_landscape_scenario (ls, s)->base)
    {
      if (n == MAX_CHAIN)
        {
          g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_INVALID,
                       "scenario %s: its bases form a cycle; set one base to null",
                       ds_landscape_scenario (ls, scenario)->id);
          return FALSE;
        }
      chain[n++] = s;
    }
  for (guint i = 0; i < n / 2; i++)
    {
      DsIndex t = chain[i];
      chain[i] = chain[n - 1 - i];
      chain[n - 1 - i] = t;
    }
  *n_chain = n;
  return TRUE;
}

DsIndex
ds_scenario_view_find_deal (const DsScenarioView *self,
                            const char           *id)
{
  DsIndex i = ds_landscape_find_deal (self->landscape, id);

  if (i != DS_NONE)
    return i;
  for (guint j = self->n_landscape_deals; j < self->deals->len; j++)
    if (strcmp (ds_scenario_view_deal (self, j)->id, id) == 0)
      return (DsIndex) j;
  return DS_NONE;
}

static gboolean
apply_setting (DsScenarioView  *view,
               GArray          *added_metrics,
               const DsScenario *sc,
               const DsSetting *s,
               GError         **error)
{
  DsLandscape *ls = view->landscape;

  if (!ds_assumptions_validate (s->key, s->text, s->number, error))
    {
      g_prefix_error (error, "scenario %s: ", sc->id);
      return FALSE;
    }

  if (g_str_has_prefix (s->key, DS_ASSUMPTION_PREFIX))
    {
      double v = s->number;
      guint n;
      const DsAssumptionInfo *list = ds_assumptions_list (&n);
      const DsAssumptionInfo *info = ds_assumptions_lookup (s->key);

      if (s->text && !ds_assumptions_parse_number (s->key, s->text, &v, error))
        return FALSE;
      if (!ds_assumptions_set (&view->assumptions, s->key, v, error))
        return FALSE;
      view->assumptions_set |= 1u << (guint) (info - list);
      return TRUE;
    }

  if (g_str_has_prefix (s->key, "deal."))
    {
      g_autofree char *id = NULL;
      const char *field;
      DsIndex d;

      if (!split_deal_key (s->key, &id, &field))
        return TRUE;  /* validate () refused these already */
      if ((d = ds_scenario_view_find_deal (view, id)) == DS_NONE)
        {
          g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_INVALID,
                       "scenario %s: %s names no deal of the landscape or of the scenario; "
                       "see “dealscape-cli list deals”", sc->id, s->key);
          return FALSE;
        }
      if (!apply_deal_field (ls, ds_scenario_view_deal (view, d), field, s, error))
        return FALSE;
      view->deal_overrides[d] |= deal_field_bit (field);
      return TRUE;
    }

  /* metric.<entity>.<name>.<DATE> */
  {
    DsMetric m = { 0 };
    g_autofree char *name = NULL;
    double v = s->number;
    guint first, n;

    if (!split_metric_key (ls, s->key, &m.entity, &name, &m.date, error))
      return FALSE;
    if (s->text && !ds_assumptions_parse_number (s->key, s->text, &v, error))
      return FALSE;
    n = ds_scenario_view_metric_series (view, m.entity, name, &first);
    for (guint i = first; i < first + n; i++)
      {
        DsMetric *row = &g_array_index (view->metrics, DsMetric, i);
        if (row->date == m.date)
          {
            row->value = v;
            view->metric_origin[i] |= DS_METRIC_OVERRIDDEN;
            return TRUE;
          }
      }
    for (guint i = 0; i < added_metrics->len; i++)
      {
        DsMetric *row = &g_array_index (added_metrics, DsMetric, i);
        if (row->entity == m.entity && row->date == m.date && strcmp (row->name, name) == 0)
          {
            row->value = v;
            return TRUE;
          }
      }
    /* A new row takes its unit from the series it extends, if any. */
    m.name = ds_landscape_intern (ls, name);
    m.value = v;
    m.unit = n > 0 ? g_array_index (view->metrics, DsMetric, first).unit : NULL;
    m.source = DS_NONE;
    m.confidence = DS_CONFIDENCE_ASSUMPTION;
    g_array_append_val (added_metrics, m);
    return TRUE;
  }
}

DsScenarioView *
ds_scenario_view_new (DsLandscape *landscape,
                      DsIndex      scenario,
                      GError     **error)
{
  g_autoptr(DsScenarioView) view = g_new0 (DsScenarioView, 1);
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (DsMetric));
  DsIndex chain[MAX_CHAIN];
  guint n_chain = 0;

  g_return_val_if_fail (landscape != NULL, NULL);
  g_return_val_if_fail (scenario == DS_NONE || (guint) scenario < landscape->scenarios->len, NULL);

  view->landscape = ds_landscape_ref (landscape);
  view->scenario = scenario;
  ds_assumptions_init_defaults (&view->assumptions);
  if (scenario != DS_NONE && !scenario_chain (landscape, scenario, chain, &n_chain, error))
    return NULL;

  view->deals = g_array_sized_new (FALSE, FALSE, sizeof (DsDeal), landscape->deals->len);
  g_array_append_vals (view->deals, landscape->deals->data, landscape->deals->len);
  view->n_landscape_deals = landscape->deals->len;
  for (guint c = 0; c < n_chain; c++)
    {
      const DsScenario *sc = ds_landscape_scenario (landscape, chain[c]);
      g_array_append_vals (view->deals, sc->deals->data, sc->deals->len);
    }
  view->deal_overrides = g_new0 (guint32, view->deals->len);
  for (guint i = view->n_landscape_deals; i < view->deals->len; i++)
    view->deal_overrides[i] = DS_DEAL_HYPOTHETICAL;

  view->metrics = g_array_sized_new (FALSE, FALSE, sizeof (DsMetric), landscape->metrics->len);
  g_array_append_vals (view->metrics, landscape->metrics->data, landscape->metrics->len);
  view->metric_origin = g_new0 (guint8, view->metrics->len);

  for (guint c = 0; c < n_chain; c++)
    {
      const DsScenario *sc = ds_landscape_scenario (landscape, chain[c]);
      for (guint i = 0; i < sc->settings->len; i++)
        if (!apply_setting (view, added, sc, &g_array_index (sc->settings, DsSetting, i), error))
          return NULL;
    }

  if (added->len > 0)
    {
      /* Sort rows and origins together: carry the origin in the source field
       * for the duration of the sort. */
      guint old = view->metrics->len;
      g_autofree DsIndex *sources = NULL;
      GArray *tagged = view->metrics;

      g_array_append_vals (tagged, added->data, added->len);
      sources = g_new (DsIndex, tagged->len);
      for (guint i = 0; i < tagged->len; i++)
        {
          DsMetric *m = &g_array_index (tagged, DsMetric, i);
          guint8 origin = i < old ? view->metric_origin[i] : DS_METRIC_ADDED;
          sources[i] = m->source;
          /* Pack (original position, origin) so both survive the sort. */
          m->source = (DsIndex) (i * 4 + origin);
        }
      g_array_sort (tagged, compare_metrics);
      g_free (view->metric_origin);
      view->metric_origin = g_new0 (guint8, tagged->len);
      for (guint i = 0; i < tagged->len; i++)
        {
          DsMetric *m = &g_array_index (tagged, DsMetric, i);
          guint packed = (guint) m->source;
          view->metric_origin[i] = (guint8) (packed % 4);
          m->source = sources[packed / 4];
        }
    }
  return g_steal_pointer (&view);
}

void
ds_scenario_view_free (DsScenarioView *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->deals, g_array_unref);
  g_clear_pointer (&self->metrics, g_array_unref);
  g_free (self->deal_overrides);
  g_free (self->metric_origin);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  g_free (self);
}

gboolean
ds_scenario_view_assumption_is_set (const DsScenarioView *self,
                                    const char           *name)
{
  guint n;
  const DsAssumptionInfo *list = ds_assumptions_list (&n);
  const DsAssumptionInfo *info = ds_assumptions_lookup (name);

  g_return_val_if_fail (self != NULL, FALSE);
  return info != NULL && (self->assumptions_set & (1u << (guint) (info - list))) != 0;
}

guint
ds_scenario_view_metric_series (const DsScenarioView *self,
                                DsIndex               entity,
                                const char           *name,
                                guint                *first)
{
  DsMetric key = { .entity = entity, .name = name, .date = G_MININT32 };
  guint lo = 0, hi = self->metrics->len, n = 0;

  /* First row not less than (entity, name, -inf). */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (compare_metrics (&g_array_index (self->metrics, DsMetric, mid), &key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  while (lo + n < self->metrics->len)
    {
      const DsMetric *m = &g_array_index (self->metrics, DsMetric, lo + n);
      if (m->entity != entity || strcmp (m->name, name) != 0)
        break;
      n++;
    }
  if (first)
    *first = lo;
  return n;
}

/* ---- lookup and edits ---- */

char *
ds_scenario_slugify (const char *name)
{
  GString *s = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = name; p && *p; p++)
    {
      char c = g_ascii_tolower (*p);
      if (g_ascii_isalnum (c))
        {
          if (dash && s->len > 0)
            g_string_append_c (s, '-');
          g_string_append_c (s, c);
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
  if (s->len == 0)
    g_string_append (s, "scenario");
  return g_string_free (s, FALSE);
}

gboolean
ds_scenario_deal_id_taken (DsLandscape *landscape,
                           const char  *id)
{
  g_return_val_if_fail (landscape != NULL && id != NULL, TRUE);

  if (ds_landscape_find_deal (landscape, id) != DS_NONE)
    return TRUE;
  for (guint s = 0; s < landscape->scenarios->len; s++)
    {
      GArray *deals = ds_landscape_scenario (landscape, s)->deals;
      for (guint i = 0; i < deals->len; i++)
        if (strcmp (g_array_index (deals, DsDeal, i).id, id) == 0)
          return TRUE;
    }
  return FALSE;
}

char *
ds_scenario_new_deal_id (DsLandscape  *landscape,
                         const DsDeal *deal)
{
  g_autofree char *words = NULL;
  g_autofree char *stem = NULL;
  char *id;

  g_return_val_if_fail (landscape != NULL && deal != NULL, NULL);

  words = g_strdup_printf ("hyp %s %s %d",
                           deal->investor != DS_NONE ? ds_landscape_entity (landscape, deal->investor)->id : "",
                           deal->target != DS_NONE ? ds_landscape_entity (landscape, deal->target)->id : "",
                           deal->date != DS_DATE_NONE ? (int) DS_DATE_YEAR (deal->date) : 0);
  stem = ds_scenario_slugify (words);
  id = g_strdup (stem);
  for (guint n = 2; ds_scenario_deal_id_taken (landscape, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", stem, n);
    }
  return id;
}

DsIndex
ds_scenario_lookup (DsLandscape *landscape,
                    const char  *name_or_id,
                    GError     **error)
{
  DsIndex i = ds_landscape_find_scenario (landscape, name_or_id);

  if (i == DS_NONE)
    {
      g_autofree char *slug = ds_scenario_slugify (name_or_id);
      i = ds_landscape_find_scenario (landscape, slug);
    }
  if (i == DS_NONE)
    {
      g_autoptr(GString) ids = g_string_new (NULL);
      for (guint j = 0; j < landscape->scenarios->len; j++)
        g_string_append_printf (ids, "%s%s", j ? ", " : "", ds_landscape_scenario (landscape, j)->id);
      g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_NOT_FOUND,
                   "no scenario is called “%s”; the scenarios are: %s", name_or_id,
                   ids->len ? ids->str : "(none)");
    }
  return i;
}

gboolean
ds_scenario_set (DsLandscape *landscape,
                 DsIndex      scenario,
                 const char  *key,
                 const char  *value,
                 GError     **error)
{
  DsScenario *sc;
  DsSetting s = { 0 };
  guint lo = 0, hi;

  g_return_val_if_fail (landscape != NULL && key != NULL && value != NULL, FALSE);
  g_return_val_if_fail (scenario >= 0 && (guint) scenario < landscape->scenarios->len, FALSE);
  sc = ds_landscape_scenario (landscape, scenario);

  if (ds_assumptions_key_is_text (key))
    s.text = value;
  else if (!ds_assumptions_parse_number (key, value, &s.number, error))
    return FALSE;
  if (!ds_assumptions_validate (key, s.text, s.number, error))
    return FALSE;

  /* The ids a key names must exist now, not only when replay resolves the
   * scenario: a typo is easier to fix at the prompt that made it. */
  if (g_str_has_prefix (key, "deal."))
    {
      g_autofree char *id = NULL;
      const char *field;
      gboolean found = FALSE;

      if (split_deal_key (key, &id, &field))
        {
          found = ds_landscape_find_deal (landscape, id) != DS_NONE;
          for (DsIndex c = scenario; !found && c != DS_NONE; c = ds_landscape_scenario (landscape, c)->base)
            {
              GArray *deals = ds_landscape_scenario (landscape, c)->deals;
              for (guint j = 0; j < deals->len && !found; j++)
                found = strcmp (g_array_index (deals, DsDeal, j).id, id) == 0;
            }
        }
      if (!found)
        {
          g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_INVALID,
                       "%s names no deal of the landscape or of scenario %s; "
                       "see “dealscape-cli list deals”", key, sc->id);
          return FALSE;
        }
    }
  else if (g_str_has_prefix (key, "metric."))
    {
      DsIndex entity;
      DsDate date;
      g_autofree char *name = NULL;
      if (!split_metric_key (landscape, key, &entity, &name, &date, error))
        return FALSE;
    }

  s.key = ds_landscape_intern (landscape, key);
  s.text = ds_landscape_intern (landscape, s.text);

  hi = sc->settings->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int c = strcmp (g_array_index (sc->settings, DsSetting, mid).key, key);
      if (c == 0)
        {
          g_array_index (sc->settings, DsSetting, mid) = s;
          return TRUE;
        }
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_array_insert_val (sc->settings, lo, s);
  return TRUE;
}

gboolean
ds_scenario_unset (DsLandscape *landscape,
                   DsIndex      scenario,
                   const char  *key,
                   GError     **error)
{
  DsScenario *sc;
  DsSetting probe = { .key = key };
  DsSetting *found;

  g_return_val_if_fail (landscape != NULL && key != NULL, FALSE);
  g_return_val_if_fail (scenario >= 0 && (guint) scenario < landscape->scenarios->len, FALSE);
  sc = ds_landscape_scenario (landscape, scenario);

  found = bsearch (&probe, sc->settings->data, sc->settings->len, sizeof (DsSetting),
                   (int (*) (const void *, const void *)) compare_settings);
  if (found == NULL)
    {
      g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_NOT_FOUND,
                   "scenario %s does not set %s; “dealscape-cli scenario show %s” lists its settings",
                   sc->id, key, sc->id);
      return FALSE;
    }
  g_array_remove_index (sc->settings, (guint) (found - (DsSetting *) (void *) sc->settings->data));
  return TRUE;
}

DsIndex
ds_scenario_create (DsLandscape *landscape,
                    const char  *name,
                    DsIndex      base,
                    const char  *description,
                    GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *default_description = NULL;
  DsScenario sc = { 0 };

  g_return_val_if_fail (landscape != NULL && name != NULL, DS_NONE);

  id = ds_scenario_slugify (name);
  if (ds_landscape_find_scenario (landscape, id) != DS_NONE)
    {
      g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_EXISTS,
                   "a scenario with the id “%s” exists already; choose another name", id);
      return DS_NONE;
    }
  if (description == NULL)
    description = default_description =
      g_strdup_printf ("Created from the command line on top of %s; write its reasoning here.",
                       base == DS_NONE ? "the landscape" : ds_landscape_scenario (landscape, base)->name);
  sc.id = id;
  sc.name = name;
  sc.description = description;
  sc.base = base;
  return ds_landscape_add_scenario (landscape, &sc);
}

char *
ds_scenario_dependents (DsLandscape *landscape,
                        DsIndex      scenario)
{
  GString *s = NULL;

  for (guint i = 0; i < landscape->scenarios->len; i++)
    if (ds_landscape_scenario (landscape, i)->base == scenario)
      {
        if (s == NULL)
          s = g_string_new (NULL);
        else
          g_string_append (s, ", ");
        g_string_append (s, ds_landscape_scenario (landscape, i)->id);
      }
  return s ? g_string_free (s, FALSE) : NULL;
}

gboolean
ds_scenario_save (DsStore     *store,
                  DsLandscape *landscape,
                  DsIndex      scenario,
                  GError     **error)
{
  return ds_store_save_scenario (store, landscape, scenario, error);
}

gboolean
ds_scenario_delete (DsStore     *store,
                    DsLandscape *landscape,
                    DsIndex      scenario,
                    GError     **error)
{
  g_autofree char *dependents = NULL;
  const DsScenario *sc;

  g_return_val_if_fail (scenario >= 0 && (guint) scenario < landscape->scenarios->len, FALSE);
  sc = ds_landscape_scenario (landscape, scenario);
  if ((dependents = ds_scenario_dependents (landscape, scenario)) != NULL)
    {
      g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_IN_USE,
                   "cannot delete scenario %s: %s build%s on it; delete %s first or change %s base",
                   sc->id, dependents, strchr (dependents, ',') ? "" : "s", 
                   strchr (dependents, ',') ? "them" : "it",
                   strchr (dependents, ',') ? "their" : "its");
      return FALSE;
    }
  return ds_store_delete_scenario (store, sc->id, error);
}
