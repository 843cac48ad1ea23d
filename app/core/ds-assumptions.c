/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-assumptions.c: the table of scenario assumptions with their defaults and
 * ranges, and the checks every scenario override goes through. */
#define G_LOG_DOMAIN "ds-assumptions"

#include "config.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "ds-assumptions.h"
#include "ds-date.h"
#include "ds-format.h"
#include "ds-types.h"

G_DEFINE_QUARK (ds-scenario-error-quark, ds_scenario_error)

typedef struct {
  DsAssumptionInfo info;
  gsize            offset;   /* into DsAssumptions */
} Entry;

#define F(field) G_STRUCT_OFFSET (DsAssumptions, field)

/* Defaults and their basis: shared/reference/facts.md, "Modelling defaults". */
static const Entry entries[] = {
  { { "stake_threshold", 0.33, "fraction", 0, 1, TRUE, TRUE, FALSE,
      "stake threshold flagged when crossed (the 33% antitrust line)", NULL },
    F (stake_threshold) },
  { { "mfu", 0.40, "fraction", 0, 1, TRUE, FALSE, FALSE,
      "model FLOP utilization", NULL },
    F (mfu) },
  { { "training_days", 90, "days", 1, 3650, FALSE, FALSE, FALSE,
      "length of one training run", NULL },
    F (training_days) },
  { { "usd_per_mwh", 80, "usd_per_mwh", 0, 10000, FALSE, FALSE, FALSE,
      "electricity price", NULL },
    F (usd_per_mwh) },
  { { "capex_usd_per_gw", 29e9, "usd_per_gw", 0, 1e12, FALSE, FALSE, FALSE,
      "facility capital cost per GW of facility power", NULL },
    F (capex_usd_per_gw) },
  { { "revenue_growth", 3.0, "per_year", -0.99, 100, FALSE, FALSE, FALSE,
      "yearly run-rate revenue growth g0 (3.0 = +300% a year)", NULL },
    F (revenue_growth) },
  { { "revenue_growth_decay", 0.5, "factor_per_year", 0, 1, FALSE, FALSE, FALSE,
      "factor the growth rate is multiplied by each year", NULL },
    F (revenue_growth_decay) },
  { { "valuation_multiple", NAN, "ratio", 0, 1000, TRUE, FALSE, FALSE,
      "valuation as a multiple of run-rate revenue",
      "post-money of the last priced round / run-rate revenue at that date" },
    F (valuation_multiple) },
  { { "note_discount", 0.20, "fraction", 0, 1, FALSE, TRUE, FALSE,
      "conversion discount of notes whose terms are unknown", NULL },
    F (note_discount) },
  { { "note_interest_rate", 0.0, "fraction_per_year", 0, 1, FALSE, FALSE, FALSE,
      "simple yearly interest of notes whose terms are unknown", NULL },
    F (note_interest_rate) },
  { { "note_cap_usd", NAN, "usd", 0, INFINITY, TRUE, FALSE, FALSE,
      "valuation cap of notes whose terms are unknown",
      "no cap: the discount alone sets the conversion price" },
    F (note_cap_usd) },
  { { "buildout_scale", 1.0, "factor", 0, 10, FALSE, FALSE, FALSE,
      "factor applied to every data center's power build-out", NULL },
    F (buildout_scale) },
  { { "buildout_delay_months", 0, "months", 0, 240, FALSE, FALSE, FALSE,
      "delay applied to every data center's power build-out", NULL },
    F (buildout_delay_months) },
  { { "exercise_options", 1, "boolean", 0, 1, FALSE, FALSE, TRUE,
      "whether optional tranches and options are exercised (1) or not (0)", NULL },
    F (exercise_options) },
  { { "watts_per_accelerator", NAN, "w", 50, 10000, FALSE, FALSE, FALSE,
      "all-in facility power per accelerator (server, network, cooling)",
      "the chip's facility_w metric (1,000 W for Trainium2, 1,700 W for H100)" },
    F (watts_per_accelerator) },
};

#undef F

static const Entry *
find_entry (const char *name)
{
  if (name == NULL)
    return NULL;
  if (g_str_has_prefix (name, DS_ASSUMPTION_PREFIX))
    name += strlen (DS_ASSUMPTION_PREFIX);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (strcmp (entries[i].info.name, name) == 0)
      return &entries[i];
  return NULL;
}

const DsAssumptionInfo *
ds_assumptions_lookup (const char *name)
{
  const Entry *e = find_entry (name);

  /* Into the packed list, not the table: callers index the list with
   * "info - ds_assumptions_list ()". */
  return e ? &ds_assumptions_list (NULL)[e - entries] : NULL;
}

const DsAssumptionInfo *
ds_assumptions_list (guint *n)
{
  /* The table keeps a struct offset next to each info; callers want a plain
   * array they can index, so hand out a packed copy. */
  static DsAssumptionInfo infos[G_N_ELEMENTS (entries)];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
        infos[i] = entries[i].info;
      g_once_init_leave (&initialized, 1);
    }
  if (n)
    *n = G_N_ELEMENTS (entries);
  return infos;
}

/* The bound as printf's %g writes it: what messages quote and CSV/JSON
 * have always carried. */
static char *
bound_plain (double value, const char *unit)
{
  return g_strdup_printf ("%g", value);
}

static char *
describe_range (const DsAssumptionInfo *info,
                char                 *(*bound) (double, const char *))
{
  g_return_val_if_fail (info != NULL, NULL);

  if (info->integer && info->min == 0 && info->max == 1)
    return g_strdup ("0 or 1");

  GString *s = g_string_new (NULL);
  if (isfinite (info->min))
    {
      g_autofree char *min = bound (info->min, info->unit);
      g_string_append_printf (s, "%s %s", info->min_exclusive ? "greater than" : "at least", min);
    }
  if (isfinite (info->max))
    {
      g_autofree char *max = bound (info->max, info->unit);
      g_string_append_printf (s, "%s%s %s", s->len ? " and " : "",
                              info->max_exclusive ? "less than" : "at most", max);
    }
  if (info->integer)
    g_string_append (s, ", a whole number");
  return g_string_free (s, FALSE);
}

char *
ds_assumption_info_describe_range (const DsAssumptionInfo *info)
{
  return describe_range (info, bound_plain);
}

char *
ds_assumption_info_describe_range_for_people (const DsAssumptionInfo *info)
{
  return describe_range (info, ds_format_in_unit);
}

static gboolean
check_range (const char             *key,
             const DsAssumptionInfo *info,
             double                  v,
             GError                **error)
{
  gboolean ok = isfinite (v);

  if (ok && (info->min_exclusive ? !(v > info->min) : !(v >= info->min)))
    ok = FALSE;
  if (ok && (info->max_exclusive ? !(v < info->max) : !(v <= info->max)))
    ok = FALSE;
  if (ok && info->integer && v != floor (v))
    ok = FALSE;

  if (!ok)
    {
      g_autofree char *range = ds_assumption_info_describe_range (info);
      g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_OUT_OF_RANGE,
                   "%s = %g is out of range: must be %s (%s)",
                   key, v, range, info->summary);
    }
  return ok;
}

/* Deal fields a scenario may override, with the ranges the engine relies on:
 * a cap of 0 would make the conversion price 0, a discount of 1 too. */
static const DsAssumptionInfo deal_fields[] = {
  { "amount_usd", NAN, "usd", 0, INFINITY, FALSE, FALSE, FALSE, "deal amount", NULL },
  { "pre_money_usd", NAN, "usd", 0, INFINITY, FALSE, FALSE, FALSE, "pre-money valuation", NULL },
  { "post_money_usd", NAN, "usd", 0, INFINITY, FALSE, FALSE, FALSE, "post-money valuation", NULL },
  { "cap_usd", NAN, "usd", 0, INFINITY, TRUE, FALSE, FALSE, "valuation cap of a note or SAFE", NULL },
  { "discount", NAN, "fraction", 0, 1, FALSE, TRUE, FALSE, "conversion discount", NULL },
  { "interest_rate", NAN, "fraction_per_year", 0, 1, FALSE, FALSE, FALSE, "simple yearly interest", NULL },
};

static const char * const deal_text_fields[] = {
  "status", "instrument", "date", "close_date", "investor", "target",
  "tranche_of", "note", "confidence",
};

/* "deal.<id>.<field>": ids are slugs without dots, so the field is what
 * follows the last dot. Returns the field, or NULL when the key is malformed. */
static const char *
deal_field (const char *key)
{
  if (!g_str_has_prefix (key, "deal."))
    return NULL;
  const char *id = key + strlen ("deal.");
  const char *dot = strrchr (id, '.');
  if (dot == NULL || dot == id || dot[1] == '\0')
    return NULL;
  return dot + 1;
}

static const DsAssumptionInfo *
deal_field_info (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (deal_fields); i++)
    if (strcmp (deal_fields[i].name, field) == 0)
      return &deal_fields[i];
  return NULL;
}

const char *
ds_assumptions_key_unit (const char *key)
{
  const DsAssumptionInfo *info = NULL;
  const char *field;

  g_return_val_if_fail (key != NULL, NULL);
  if (g_str_has_prefix (key, DS_ASSUMPTION_PREFIX))
    info = ds_assumptions_lookup (key);
  else if ((field = deal_field (key)) != NULL)
    info = deal_field_info (field);
  return info ? info->unit : NULL;
}

gboolean
ds_assumptions_key_is_text (const char *key)
{
  const char *field = key ? deal_field (key) : NULL;
  if (field == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (deal_text_fields); i++)
    if (strcmp (field, deal_text_fields[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Keys and values come from the user (CLI arguments, documents); an error
 * message quoting bytes that are not UTF-8 would break every label and
 * terminal that shows it, so such text is refused first, quoted made valid. */
static gboolean
check_utf8 (const char *key,
            const char *text,
            GError    **error)
{
  const char *bad = !g_utf8_validate (key, -1, NULL) ? key
                  : (text != NULL && !g_utf8_validate (text, -1, NULL)) ? text : NULL;
  g_autofree char *shown = NULL;

  if (bad == NULL)
    return TRUE;
  shown = g_utf8_make_valid (bad, -1);
  g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE,
               "“%s” is not valid UTF-8 text: scenario keys and values must be UTF-8",
               shown);
  return FALSE;
}

gboolean
ds_assumptions_parse_number (const char *key,
                             const char *text,
                             double     *out_value,
                             GError    **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  if (!check_utf8 (key ? key : "", text, error))
    return FALSE;

  g_autofree char *t = g_strstrip (g_strdup (text));
  if (g_ascii_strcasecmp (t, "true") == 0 || g_ascii_strcasecmp (t, "yes") == 0)
    {
      *out_value = 1;
      return TRUE;
    }
  if (g_ascii_strcasecmp (t, "false") == 0 || g_ascii_strcasecmp (t, "no") == 0)
    {
      *out_value = 0;
      return TRUE;
    }

  char *end = NULL;
  double v = g_ascii_strtod (t, &end);
  if (*t == '\0' || end == NULL || *end != '\0' || !isfinite (v))
    {
      g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE,
                   "%s = \"%s\" is not a number: write a plain number such as 0.35 or 29e9",
                   key, text);
      return FALSE;
    }
  *out_value = v;
  return TRUE;
}

static gboolean
validate_deal_text (const char *key,
                    const char *field,
                    const char *text,
                    GError    **error)
{
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE,
                   "%s needs a text value", key);
      return FALSE;
    }

  if (strcmp (field, "status") == 0 && ds_deal_status_from_string (text) < 0)
    {
      g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE,
                   "%s = \"%s\" is not a deal status: use one of %s",
                   key, text, ds_deal_status_choices ());
      return FALSE;
    }
  if (strcmp (field, "instrument") == 0 && ds_instrument_from_string (text) < 0)
    {
      g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE,
                   "%s = \"%s\" is not an instrument: use one of %s",
                   key, text, ds_instrument_choices ());
      return FALSE;
    }
  if (strcmp (field, "confidence") == 0 && ds_confidence_from_string (text) < 0)
    {
      g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE,
                   "%s = \"%s\" is not a confidence level: use one of %s",
                   key, text, ds_confidence_choices ());
      return FALSE;
    }
  if (strcmp (field, "date") == 0 || strcmp (field, "close_date") == 0)
    {
      g_autoptr(GError) local = NULL;
      DsDate d;
      if (!ds_date_parse (text, &d, &local))
        {
          g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE,
                       "%s: %s", key, local->message);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ds_assumptions_validate (const char *key,
                         const char *text_value,
                         double      number_value,
                         GError    **error)
{
  g_return_val_if_fail (key != NULL, FALSE);
  if (!check_utf8 (key, text_value, error))
    return FALSE;

  const DsAssumptionInfo *info = NULL;

  if (g_str_has_prefix (key, DS_ASSUMPTION_PREFIX))
    {
      info = ds_assumptions_lookup (key);
      if (info == NULL)
        {
          g_autoptr(GString) names = g_string_new (NULL);
          for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
            g_string_append_printf (names, "%s%s", i ? ", " : "", entries[i].info.name);
          g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_UNKNOWN_KEY,
                       "%s is not a known assumption: use one of %s", key, names->str);
          return FALSE;
        }
    }
  else if (g_str_has_prefix (key, "deal."))
    {
      const char *field = deal_field (key);
      if (field == NULL)
        {
          g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_UNKNOWN_KEY,
                       "%s is not a deal override: write deal.<deal-id>.<field>", key);
          return FALSE;
        }
      if (ds_assumptions_key_is_text (key))
        return validate_deal_text (key, field, text_value, error);
      if ((info = deal_field_info (field)) == NULL)
        {
          g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_UNKNOWN_KEY,
                       "%s: \"%s\" is not a deal field a scenario can change: use "
                       "amount_usd, pre_money_usd, post_money_usd, cap_usd, discount, "
                       "interest_rate, status, instrument, date, close_date, investor, "
                       "target, tranche_of, note or confidence", key, field);
          return FALSE;
        }
    }
  else if (g_str_has_prefix (key, "metric."))
    {
      /* Metric overrides carry any finite number; their meaning (and range)
       * belongs to the metric, which the landscape checks. */
      double v = number_value;
      if (text_value && !ds_assumptions_parse_number (key, text_value, &v, error))
        return FALSE;
      if (!isfinite (v))
        {
          g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE,
                       "%s = %g is not a finite number", key, v);
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      g_set_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_UNKNOWN_KEY,
                   "%s is not a scenario key: use assumption.<name>, "
                   "deal.<deal-id>.<field> or metric.<...>", key);
      return FALSE;
    }

  double v = number_value;
  if (text_value && !ds_assumptions_parse_number (key, text_value, &v, error))
    return FALSE;
  return check_range (key, info, v, error);
}

void
ds_assumptions_init_defaults (DsAssumptions *a)
{
  g_return_if_fail (a != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    G_STRUCT_MEMBER (double, a, entries[i].offset) = entries[i].info.default_value;
}

gboolean
ds_assumptions_set (DsAssumptions *a,
                    const char    *name,
                    double         value,
                    GError       **error)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  const Entry *e = find_entry (name);
  g_autofree char *key = g_str_has_prefix (name, DS_ASSUMPTION_PREFIX)
    ? g_strdup (name) : g_strconcat (DS_ASSUMPTION_PREFIX, name, NULL);

  if (e == NULL)
    return ds_assumptions_validate (key, NULL, value, error);

  if (isnan (value) && e->info.unset_meaning != NULL)
    {
      G_STRUCT_MEMBER (double, a, e->offset) = NAN;
      return TRUE;
    }
  if (!check_range (key, &e->info, value, error))
    return FALSE;
  G_STRUCT_MEMBER (double, a, e->offset) = value;
  return TRUE;
}

double
ds_assumptions_get (const DsAssumptions *a,
                    const char          *name)
{
  g_return_val_if_fail (a != NULL, NAN);

  const Entry *e = find_entry (name);
  return e ? G_STRUCT_MEMBER (double, a, e->offset) : NAN;
}
