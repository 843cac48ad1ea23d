/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-scenario-diff.h: what changes from scenario A to scenario B at a date:
 * deals added, removed and re-termed, stakes moved and thresholds crossed. */
#pragma once

#include <glib.h>

#include "ds-replay.h"
#include "ds-scenario.h"

G_BEGIN_DECLS

/* Stakes that move by less than this (a fraction: 0.01 percentage point)
 * are the same stake: rounding, not a difference. */
#define DS_SCENARIO_DIFF_STAKE_EPSILON 1e-4

typedef enum {
  DS_DEAL_DIFF_ADDED,      /* shown at the date under B, not under A */
  DS_DEAL_DIFF_REMOVED,    /* shown under A, not under B */
  DS_DEAL_DIFF_CHANGED,    /* shown under both, with different terms */
} DsDealDiffKind;

/* One deal that differs. a and b are the deal as A and B have it (copies,
 * strings in the landscape); a deal absent from a view has its id NULL
 * there. fields: DsDealField bits whose values differ between a and b when
 * both views have the deal (a deal added because B moved its date before
 * the diff's date is ADDED with DS_DEAL_FIELD_DATE set). */
typedef struct {
  DsDealDiffKind kind;
  const char    *id;
  DsIndex        investor, target;  /* entities */
  DsIndex        deal_a, deal_b;    /* index in view A / B, DS_NONE when absent */
  DsDeal         a, b;
  guint32        fields;
} DsDealDiff;

/* A holder of a company whose stake is not the same under A and B (by more
 * than DS_SCENARIO_DIFF_STAKE_EPSILON); 0 where it holds nothing. */
typedef struct {
  DsIndex     company;
  DsIndex     holder;      /* entity; DS_NONE for "other holders" and the option pool */
  const char *holder_name; /* static or in the landscape */
  double      before, after;
} DsStakeMove;

/* A stake on the other side of a threshold under B than under A
 * (at-or-above counts as reached, as the cap table's crossings do). */
typedef struct {
  DsIndex     company;
  DsIndex     holder;
  const char *holder_name;
  double      threshold;
  double      before, after;
  gboolean    upward;      /* below under A, at or above under B */
} DsThresholdChange;

typedef struct {
  DsLandscape *landscape;   /* a reference */
  DsIndex      scenario_a, scenario_b;  /* DS_NONE: the landscape */
  DsDate       date;
  DsReplay    *replay_a, *replay_b;     /* sought to `date`; owned */
  const DsScenarioView *view_a, *view_b; /* theirs: what deal_a / deal_b index */
  GArray      *deals;       /* DsDealDiff: added, then removed, then changed; by id within each */
  guint        n_added, n_removed, n_changed;
  GArray      *stakes;      /* DsStakeMove, by company id then holder name */
  GArray      *thresholds;  /* DsThresholdChange, same order */
  double       threshold_a, threshold_b; /* the stake_threshold assumption of each */
} DsScenarioDiff;

/* date DS_DATE_NONE: the latest date any deal of either view is announced
 * or closes (the end of its period), or today when there is none. A and B
 * may be the same scenario (an empty diff). Fails when a scenario does not
 * resolve (ds_scenario_view_new). */
DsScenarioDiff *ds_scenario_diff_new  (DsLandscape *landscape,
                                       DsIndex      scenario_a,
                                       DsIndex      scenario_b,
                                       DsDate       date,
                                       GError     **error);
void            ds_scenario_diff_free (DsScenarioDiff *self);

#define ds_scenario_diff_deal(d, i)      (&g_array_index ((d)->deals, DsDealDiff, (i)))
#define ds_scenario_diff_stake(d, i)     (&g_array_index ((d)->stakes, DsStakeMove, (i)))
#define ds_scenario_diff_threshold(d, i) (&g_array_index ((d)->thresholds, DsThresholdChange, (i)))

/* The deal fields a diff compares, in the order tables list them. */
typedef struct {
  DsDealField field;
  const char *name;        /* as in scenario keys: "amount_usd", "status" */
  const char *unit;        /* "usd", "fraction", NULL for text and dates */
  const char *title;       /* for people: "amount", "pre-money", "announced" */
} DsDealFieldInfo;

const DsDealFieldInfo *ds_scenario_diff_fields (guint *n);

/* The field's value in a deal as C text for CSV and JSON ("20000000",
 * "equity", "2024-06-15"); NULL when unset. Free with g_free. */
char    *ds_deal_field_to_text  (const DsDeal *deal,
                                 DsDealField   field);
/* The numeric value of a money or fraction field, NAN for text fields and
 * unset values. */
double   ds_deal_field_number   (const DsDeal *deal,
                                 DsDealField   field);
/* For people, in the C form of ds-format.h ("$2B", "20.0 %", "Jun 2024",
 * "closed"); "–" when unset. Localize before showing. */
char    *ds_deal_field_describe (const DsDeal *deal,
                                 DsDealField   field);

/* "$2B → $4B" for the first changed field of d that has one (the amount
 * first), "added $4B" / "removed $4B" for the others; C form. */
char    *ds_deal_diff_label     (const DsDealDiff *d);

/* The diff as a table for people (exports, the app's panel), one row per
 * added or removed deal, per changed field, per stake moved and per
 * threshold crossed, in that order; DS_SCENARIO_DIFF_N_COLUMNS cells a row
 * (row-major, NULL-terminated, free with g_strfreev), numbers in the C
 * form of ds-format.h (localize before showing them in the app). Optional
 * outputs, one entry a row (free with g_free): the DsDealDiff index of the
 * row (-1 for stakes), and the entity to select for it (the company of a
 * stake row, the deal's target otherwise). */
#define DS_SCENARIO_DIFF_N_COLUMNS 7
const char *const *ds_scenario_diff_headers (void);
char   **ds_scenario_diff_cells (const DsScenarioDiff *self,
                                 guint                *n_rows,
                                 gint                **out_row_deal,
                                 DsIndex             **out_row_entity);

/* "Alpha → Beta" (Base for the landscape). */
char    *ds_scenario_diff_title (const DsScenarioDiff *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsScenarioDiff, ds_scenario_diff_free)

G_END_DECLS
