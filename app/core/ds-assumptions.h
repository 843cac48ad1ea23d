/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-assumptions.h: the registry of scenario assumptions (key, default, unit,
 * allowed range) and the validation of every scenario override value. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DS_SCENARIO_ERROR (ds_scenario_error_quark ())

typedef enum {
  DS_SCENARIO_ERROR_OUT_OF_RANGE,
  DS_SCENARIO_ERROR_UNKNOWN_KEY,
  DS_SCENARIO_ERROR_INVALID_VALUE,
} DsScenarioError;

GQuark ds_scenario_error_quark (void);

/* One assumption. default_value is NAN for "unset": the engine derives the
 * value (valuation_multiple from the last round, watts_per_accelerator from
 * the chip's facility_w metric, note_cap_usd: no cap). */
typedef struct {
  const char *name;           /* "mfu"; the scenario key is "assumption.mfu" */
  double      default_value;
  const char *unit;           /* "fraction", "days", "usd_per_mwh", ... */
  double      min, max;
  gboolean    min_exclusive, max_exclusive;
  gboolean    integer;        /* only whole numbers (exercise_options) */
  const char *summary;        /* one line, used in error messages and docs */
  const char *unset_meaning;  /* what NAN means, or NULL when it must be set */
} DsAssumptionInfo;

/* Every assumption as a number; NAN where unset (see DsAssumptionInfo). */
typedef struct {
  double stake_threshold;
  double mfu;
  double training_days;
  double usd_per_mwh;
  double capex_usd_per_gw;
  double revenue_growth;
  double revenue_growth_decay;
  double valuation_multiple;
  double note_discount;
  double note_interest_rate;
  double note_cap_usd;
  double buildout_scale;
  double buildout_delay_months;
  double exercise_options;
  double watts_per_accelerator;
} DsAssumptions;

#define DS_ASSUMPTION_PREFIX "assumption."

/* name without the "assumption." prefix (the prefix is accepted too);
 * NULL when unknown. */
const DsAssumptionInfo *ds_assumptions_lookup (const char *name);
/* The static table, in documentation order. */
const DsAssumptionInfo *ds_assumptions_list   (guint *n);

/* Checks one scenario override before it is stored or applied. key is the
 * full key: "assumption.mfu", "deal.<id>.cap_usd", "deal.<id>.status",
 * "metric.<...>". text_value is NULL for numbers (as in DsSetting); a text
 * given for a numeric key is parsed as a number (the CLI passes text). */
gboolean ds_assumptions_validate (const char *key,
                                  const char *text_value,
                                  double      number_value,
                                  GError    **error);

/* Parses "0.35", "29e9", "true"/"false" into a number for a numeric key;
 * refuses anything else with DS_SCENARIO_ERROR_INVALID_VALUE naming the key. */
gboolean ds_assumptions_parse_number (const char *key,
                                      const char *text,
                                      double     *out_value,
                                      GError    **error);

/* The unit name (as ds_format_in_unit reads it) of a numeric scenario key:
 * "assumption.mfu" -> "fraction", "deal.<id>.cap_usd" -> "usd"; NULL for
 * text keys, metric keys (their unit is the metric's) and unknown keys. */
const char *ds_assumptions_key_unit (const char *key);

/* TRUE for keys whose value is a text (deal status, instrument, dates, ids). */
gboolean ds_assumptions_key_is_text (const char *key);

void     ds_assumptions_init_defaults (DsAssumptions *a);
/* Validates and stores; name with or without the "assumption." prefix.
 * NAN resets an assumption that may be unset to "unset". */
gboolean ds_assumptions_set (DsAssumptions *a,
                             const char    *name,
                             double         value,
                             GError       **error);
/* NAN for an unknown name or an unset value. */
double   ds_assumptions_get (const DsAssumptions *a,
                             const char          *name);

/* "greater than 0 and at most 1": the range in words, static storage per info. */
char    *ds_assumption_info_describe_range (const DsAssumptionInfo *info);
/* The same with the bounds in the assumption's unit (ds_format_in_unit):
 * "at least $0/GW and at most $1T/GW", for tables. */
char    *ds_assumption_info_describe_range_for_people (const DsAssumptionInfo *info);

G_END_DECLS
