/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-scenario.h: a scenario resolved against the landscape (its base chain,
 * overrides, hypothetical deals, assumptions) and the edits of scenarios. */
#pragma once

#include <glib.h>

#include "ds-assumptions.h"
#include "ds-landscape.h"
#include "ds-store.h"

G_BEGIN_DECLS

/* Edits that are not about a value: DS_SCENARIO_ERROR (ds-assumptions.h)
 * stays the domain of refused values and unknown keys. */
#define DS_SCENARIO_EDIT_ERROR (ds_scenario_edit_error_quark ())
GQuark ds_scenario_edit_error_quark (void);

typedef enum {
  DS_SCENARIO_EDIT_ERROR_NOT_FOUND,   /* no such scenario, or key not set */
  DS_SCENARIO_EDIT_ERROR_EXISTS,      /* create: the id is taken */
  DS_SCENARIO_EDIT_ERROR_IN_USE,      /* delete: another scenario builds on it */
  DS_SCENARIO_EDIT_ERROR_INVALID,     /* a setting names a deal or entity that does not exist */
} DsScenarioEditError;

/* Which fields of a deal a scenario changed (bits of DsScenarioView.deal_overrides). */
typedef enum {
  DS_DEAL_FIELD_AMOUNT        = 1 << 0,
  DS_DEAL_FIELD_DATE          = 1 << 1,
  DS_DEAL_FIELD_CLOSE_DATE    = 1 << 2,
  DS_DEAL_FIELD_STATUS        = 1 << 3,
  DS_DEAL_FIELD_INSTRUMENT    = 1 << 4,
  DS_DEAL_FIELD_PRE_MONEY     = 1 << 5,
  DS_DEAL_FIELD_POST_MONEY    = 1 << 6,
  DS_DEAL_FIELD_CAP           = 1 << 7,
  DS_DEAL_FIELD_DISCOUNT      = 1 << 8,
  DS_DEAL_FIELD_INTEREST_RATE = 1 << 9,
  DS_DEAL_HYPOTHETICAL        = 1 << 15, /* the deal exists only in the scenario */
} DsDealField;

/* Where a metric row of the view comes from. */
typedef enum {
  DS_METRIC_FROM_LANDSCAPE = 0,
  DS_METRIC_OVERRIDDEN     = 1 << 0,  /* a scenario replaced the landscape's value */
  DS_METRIC_ADDED          = 1 << 1,  /* a scenario added the row */
} DsMetricOrigin;

/* The effective landscape under a scenario. The landscape is not changed:
 * deals and metrics are copies (strings still point into the landscape). */
typedef struct {
  DsLandscape  *landscape;       /* a reference */
  DsIndex       scenario;        /* DS_NONE: the landscape with default assumptions */
  /* Landscape deals at their landscape index, overrides applied, then the
   * hypothetical deals of the base chain (base first). */
  GArray       *deals;           /* DsDeal */
  guint         n_landscape_deals;
  guint32      *deal_overrides;  /* DsDealField bits, one per deal */
  /* Landscape metrics with metric.* overrides applied, sorted by
   * (entity, name, date) like the landscape's. */
  GArray       *metrics;         /* DsMetric */
  guint8       *metric_origin;   /* DsMetricOrigin, one per metric */
  DsAssumptions assumptions;     /* defaults, then settings of the chain */
  guint32       assumptions_set; /* bit i: entry i of ds_assumptions_list () was set by a scenario */
} DsScenarioView;

/* Resolves `scenario` (DS_NONE for the bare landscape) with its base chain:
 * base settings first, then each scenario's own. Fails on a setting the
 * assumptions refuse or that names an unknown deal or entity. */
DsScenarioView *ds_scenario_view_new  (DsLandscape *landscape,
                                       DsIndex      scenario,
                                       GError     **error);
void            ds_scenario_view_free (DsScenarioView *self);

#define ds_scenario_view_deal(v, i) (&g_array_index ((v)->deals, DsDeal, (i)))
#define ds_scenario_view_n_deals(v) ((DsIndex) (v)->deals->len)

/* TRUE when the assumption (name with or without "assumption.") was set by
 * a scenario of the chain rather than left at its default. */
gboolean ds_scenario_view_assumption_is_set (const DsScenarioView *self,
                                             const char           *name);
/* Metric rows of one entity and name in date order, as
 * ds_landscape_metric_series (): sets *first, returns the count. */
guint    ds_scenario_view_metric_series     (const DsScenarioView *self,
                                             DsIndex               entity,
                                             const char           *name,
                                             guint                *first);
/* Index of a deal of the view by id (landscape or hypothetical); DS_NONE. */
DsIndex  ds_scenario_view_find_deal         (const DsScenarioView *self,
                                             const char           *id);

/* The scenario with this id, or (when none has it) whose id is the slug of
 * `name_or_id`; DS_NONE with DS_SCENARIO_EDIT_ERROR_NOT_FOUND naming the
 * known ids otherwise. */
DsIndex  ds_scenario_lookup  (DsLandscape *landscape,
                              const char  *name_or_id,
                              GError     **error);
/* "Big note, low cap" -> "big-note-low-cap"; never empty ("scenario"). */
char    *ds_scenario_slugify (const char  *name);

/* Editing. Each changes the landscape's scenario in memory only; persist
 * with ds_store_save_scenario () (or ds_scenario_save ()). */

/* Sets KEY to a value given as text ("0.35", "closed", "2025-09"), after
 * ds_assumptions_validate () and a check that deal/entity ids exist. */
gboolean ds_scenario_set     (DsLandscape *landscape,
                              DsIndex      scenario,
                              const char  *key,
                              const char  *value,
                              GError     **error);
/* Removes KEY from the scenario's own settings (a base's value then shows
 * through); DS_SCENARIO_EDIT_ERROR_NOT_FOUND when it does not set KEY. */
gboolean ds_scenario_unset   (DsLandscape *landscape,
                              DsIndex      scenario,
                              const char  *key,
                              GError     **error);
/* A new empty scenario whose id is the slug of `name`, building on `base`
 * (DS_NONE: the landscape). */
DsIndex  ds_scenario_create  (DsLandscape *landscape,
                              const char  *name,
                              DsIndex      base,
                              const char  *description,
                              GError     **error);
/* Deal ids are unique across the landscape and every scenario
 * (docs/dataset-format.md): TRUE when a landscape deal or a hypothetical
 * deal of any scenario has `id`. */
gboolean ds_scenario_deal_id_taken (DsLandscape *landscape,
                                    const char  *id);
/* A free id for a new hypothetical deal: "investor-target-YEAR"
 * ("hyp-" in front, so it reads as made up), then "-2", "-3"... */
char    *ds_scenario_new_deal_id   (DsLandscape  *landscape,
                                    const DsDeal *deal);

/* Scenarios that build directly on `scenario`, as a list of their ids
 * ("a, b"); NULL when none. */
char    *ds_scenario_dependents (DsLandscape *landscape,
                                 DsIndex      scenario);

/* Persistence, one transaction each. Delete refuses a scenario that others
 * build on; the landscape in memory keeps the deleted scenario (it has no
 * removal API), so reload it from the store afterwards. */
gboolean ds_scenario_save    (DsStore     *store,
                              DsLandscape *landscape,
                              DsIndex      scenario,
                              GError     **error);
gboolean ds_scenario_delete  (DsStore     *store,
                              DsLandscape *landscape,
                              DsIndex      scenario,
                              GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsScenarioView, ds_scenario_view_free)

G_END_DECLS
