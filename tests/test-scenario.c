/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scenario.c: scenario resolution (base chains, overrides, hypothetical
 * deals, metrics), refused values, and edits persisted in a real document. */
#define G_LOG_DOMAIN "test-scenario"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ds-dataset.h"
#include "ds-scenario.h"
#include "ds-store.h"
#include "ds-test-util.h"

static DsLandscape *
bundled (void)
{
  g_autoptr(GError) error = NULL;
  DsLandscape *ls = ds_dataset_read_bundled (&error);
  g_assert_no_error (error);
  return ls;
}

static DsIndex
scenario (DsLandscape *ls,
          const char  *id)
{
  DsIndex i = ds_landscape_find_scenario (ls, id);
  g_assert_cmpint (i, !=, DS_NONE);
  return i;
}

/* big-note-low-cap builds on base: its deal overrides, its own
 * hypothetical round, and base's assumptions all show through. */
static void
test_view_bundled_chain (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DsScenarioView) v = ds_scenario_view_new (ls, scenario (ls, "big-note-low-cap"), &error);
  DsIndex note;
  const DsDeal *d;

  g_assert_no_error (error);
  note = ds_scenario_view_find_deal (v, "amazon-anthropic-2025-07");
  g_assert_cmpint (note, !=, DS_NONE);
  d = ds_scenario_view_deal (v, note);
  g_assert_cmpfloat (d->amount_usd, ==, 8e9);
  g_assert_cmpfloat (d->cap_usd, ==, 5e10);
  g_assert_cmpfloat (d->discount, ==, 0.2);
  g_assert_cmpint (d->status, ==, DS_STATUS_CLOSED);
  g_assert_cmpint (d->close_date, ==, 20250900);
  g_assert_cmpint (d->date, ==, 20250709);   /* not overridden */
  g_assert_cmpuint (v->deal_overrides[note], ==,
                    DS_DEAL_FIELD_AMOUNT | DS_DEAL_FIELD_CAP | DS_DEAL_FIELD_CLOSE_DATE |
                    DS_DEAL_FIELD_DISCOUNT | DS_DEAL_FIELD_STATUS);

  /* The hypothetical round is appended after the 14 landscape deals. */
  g_assert_cmpuint (v->n_landscape_deals, ==, 14);
  g_assert_cmpuint (v->deals->len, ==, 15);
  g_assert_cmpstr (ds_scenario_view_deal (v, 14)->id, ==, "hypothetical-series-g");
  g_assert_cmpuint (v->deal_overrides[14], ==, DS_DEAL_HYPOTHETICAL);
  g_assert_cmpint (ds_scenario_view_find_deal (v, "hypothetical-series-g"), ==, 14);

  /* Assumptions come from base (mfu 0.4 set there), defaults elsewhere. */
  g_assert_cmpfloat (v->assumptions.mfu, ==, 0.4);
  g_assert_true (ds_scenario_view_assumption_is_set (v, "mfu"));
  g_assert_true (ds_scenario_view_assumption_is_set (v, "assumption.stake_threshold"));
  g_assert_false (ds_scenario_view_assumption_is_set (v, "valuation_multiple"));
  g_assert_true (isnan (v->assumptions.valuation_multiple));
}

/* slow-buildout overrides base's mfu 0.40 with 0.35: the nearer wins. */
static void
test_view_override_wins (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(DsScenarioView) v = ds_scenario_view_new (ls, scenario (ls, "slow-buildout"), NULL);
  g_autoptr(DsScenarioView) bare = ds_scenario_view_new (ls, DS_NONE, NULL);

  g_assert_cmpfloat (v->assumptions.mfu, ==, 0.35);
  g_assert_cmpfloat (v->assumptions.buildout_scale, ==, 0.6);
  g_assert_cmpfloat (v->assumptions.buildout_delay_months, ==, 9);
  g_assert_cmpfloat (v->assumptions.stake_threshold, ==, 0.33);
  /* The landscape alone: defaults, none marked as set. */
  g_assert_cmpfloat (bare->assumptions.mfu, ==, 0.4);
  g_assert_false (ds_scenario_view_assumption_is_set (bare, "mfu"));
  g_assert_cmpuint (bare->deals->len, ==, 14);
}

/* A three-level chain built in code: c on b on a. */
static void
test_view_three_levels (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(GError) error = NULL;
  DsIndex a = ds_scenario_create (ls, "Level A", DS_NONE, NULL, &error);
  DsIndex b = ds_scenario_create (ls, "Level B", a, NULL, &error);
  DsIndex c = ds_scenario_create (ls, "Level C", b, NULL, &error);
  g_autoptr(DsScenarioView) va = NULL, vc = NULL;
  DsIndex deal;

  g_assert_no_error (error);
  g_assert_true (ds_scenario_set (ls, a, "assumption.mfu", "0.3", &error));
  g_assert_true (ds_scenario_set (ls, a, "deal.microsoft-openai-2019.amount_usd", "2e9", &error));
  g_assert_true (ds_scenario_set (ls, b, "assumption.mfu", "0.5", &error));
  g_assert_true (ds_scenario_set (ls, c, "deal.microsoft-openai-2019.status", "rumored", &error));
  g_assert_no_error (error);

  va = ds_scenario_view_new (ls, a, &error);
  vc = ds_scenario_view_new (ls, c, &error);
  g_assert_no_error (error);
  deal = ds_landscape_find_deal (ls, "microsoft-openai-2019");
  g_assert_cmpfloat (va->assumptions.mfu, ==, 0.3);
  g_assert_cmpfloat (vc->assumptions.mfu, ==, 0.5);
  g_assert_cmpfloat (ds_scenario_view_deal (vc, deal)->amount_usd, ==, 2e9);
  g_assert_cmpint (ds_scenario_view_deal (vc, deal)->status, ==, DS_STATUS_RUMORED);
  g_assert_cmpint (ds_scenario_view_deal (va, deal)->status, ==, DS_STATUS_CLOSED);
}

/* Refused values name the key, the value and the range. */
static void
test_set_out_of_range (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  DsIndex base = scenario (ls, "base");
  guint n_before = ds_landscape_scenario (ls, base)->settings->len;
  struct { const char *key, *value, *range; } cases[] = {
    { "assumption.mfu", "1.5", "at most 1" },
    { "assumption.stake_threshold", "0", "greater than 0" },
    { "deal.amazon-anthropic-2025-07.discount", "1", "less than 1" },
    { "deal.amazon-anthropic-2025-07.cap_usd", "0", "greater than 0" },
    { "assumption.usd_per_mwh", "-5", "at least 0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (ds_scenario_set (ls, base, cases[i].key, cases[i].value, &error));
      g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_OUT_OF_RANGE);
      g_assert_nonnull (strstr (error->message, cases[i].key));
      g_assert_nonnull (strstr (error->message, cases[i].value));
      g_assert_nonnull (strstr (error->message, cases[i].range));
    }
  /* Nothing was stored, and a value that is kept where it was. */
  g_assert_cmpuint (ds_landscape_scenario (ls, base)->settings->len, ==, n_before);
  g_assert_cmpfloat (ds_scenario_find_setting (ds_landscape_scenario (ls, base), "assumption.mfu")->number, ==, 0.4);

  {
    g_autoptr(GError) error = NULL;
    g_assert_false (ds_scenario_set (ls, base, "deal.no-such-deal.amount_usd", "5", &error));
    g_assert_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "deal.no-such-deal.amount_usd"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (ds_scenario_set (ls, base, "assumption.mfu", "lots", &error));
    g_assert_error (error, DS_SCENARIO_ERROR, DS_SCENARIO_ERROR_INVALID_VALUE);
  }
}

/* Resolving and editing a scenario leave the landscape's facts alone. */
static void
test_landscape_unchanged (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(GError) error = NULL;
  DsIndex base = scenario (ls, "base");
  DsIndex note = ds_landscape_find_deal (ls, "amazon-anthropic-2025-07");
  guint first, n;
  g_autoptr(DsScenarioView) v = NULL;
  g_autofree char *before = ds_dataset_write (ls, NULL);
  g_autofree char *after = NULL;

  g_assert_true (ds_scenario_set (ls, base, "metric.project-rainier.power_gw.2025", "1.5", &error));
  g_assert_true (ds_scenario_set (ls, base, "metric.project-rainier.power_gw.2026", "3", &error));
  g_assert_true (ds_scenario_set (ls, base, "deal.amazon-anthropic-2025-07.amount_usd", "4e9", &error));
  g_assert_no_error (error);
  v = ds_scenario_view_new (ls, scenario (ls, "big-note-low-cap"), &error);
  g_assert_no_error (error);

  /* The view: 1.5 GW replaced in 2025, 3 GW added in 2026, in date order;
   * big-note-low-cap's own $8B beats base's $4B. */
  n = ds_scenario_view_metric_series (v, ds_landscape_find_entity (ls, "project-rainier"), "power_gw", &first);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (g_array_index (v->metrics, DsMetric, first).value, ==, 1.5);
  g_assert_cmpuint (v->metric_origin[first], ==, DS_METRIC_OVERRIDDEN);
  g_assert_cmpint (g_array_index (v->metrics, DsMetric, first + 1).date, ==, 20260000);
  g_assert_cmpfloat (g_array_index (v->metrics, DsMetric, first + 1).value, ==, 3);
  g_assert_cmpuint (v->metric_origin[first + 1], ==, DS_METRIC_ADDED);
  g_assert_cmpuint (v->metrics->len, ==, ls->metrics->len + 1);
  g_assert_cmpfloat (ds_scenario_view_deal (v, note)->amount_usd, ==, 8e9);

  /* The landscape: the facts as read. Only the base scenario's settings
   * changed, which is what the dataset writes in "scenarios". */
  g_assert_true (isnan (ds_landscape_deal (ls, note)->amount_usd));
  g_assert_cmpint (ds_landscape_deal (ls, note)->status, ==, DS_STATUS_NEGOTIATING);
  n = ds_landscape_metric_series (ls, ds_landscape_find_entity (ls, "project-rainier"), "power_gw", &first);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (ds_landscape_metric (ls, first)->value, ==, 2.2);
  after = ds_dataset_write (ls, NULL);
  {
    /* Everything before "scenarios" is byte for byte the same. */
    const char *sa = strstr (before, "\"scenarios\""), *sb = strstr (after, "\"scenarios\"");
    g_assert_nonnull (sa);
    g_assert_cmpint (sa - before, ==, sb - after);
    g_assert_cmpint (memcmp (before, after, (size_t) (sa - before)), ==, 0);
  }
}

static void
test_slugify (void)
{
  struct { const char *in, *out; } cases[] = {
    { "Big note, low cap", "big-note-low-cap" },
    { "  Slow -- buildout! ", "slow-buildout" },
    { "GPT-5 2026", "gpt-5-2026" },
    { "***", "scenario" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = ds_scenario_slugify (cases[i].in);
      g_assert_cmpstr (s, ==, cases[i].out);
    }
}

/* create, set, unset and delete through a real SQLite document, each
 * checked by loading the document again. */
static void
test_store_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ds_test_make_tmp_dir ("dealscape-scenario");
  g_autofree char *path = g_build_filename (dir, "test.dealscape", NULL);
  g_autoptr(DsStore) store = ds_store_open (path, DS_STORE_OPEN_CREATE, &error);
  g_autoptr(DsLandscape) ls = bundled ();
  DsIndex sc;

  g_assert_no_error (error);
  g_assert_true (ds_store_replace_all (store, ls, &error));

  sc = ds_scenario_create (ls, "What If", scenario (ls, "base"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ds_landscape_scenario (ls, sc)->id, ==, "what-if");
  g_assert_true (ds_scenario_set (ls, sc, "assumption.mfu", "0.5", &error));
  g_assert_true (ds_scenario_set (ls, sc, "deal.amazon-anthropic-2025-07.status", "closed", &error));
  g_assert_true (ds_scenario_set (ls, sc, "deal.amazon-anthropic-2025-07.amount_usd", "5e9", &error));
  g_assert_true (ds_scenario_save (store, ls, sc, &error));
  g_assert_no_error (error);
  /* Creating it twice is refused. */
  g_assert_cmpint (ds_scenario_create (ls, "what if", DS_NONE, NULL, &error), ==, DS_NONE);
  g_assert_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_EXISTS);
  g_clear_error (&error);

  {
    g_autoptr(DsLandscape) again = ds_store_load (store, &error);
    DsIndex s2;
    const DsScenario *loaded;
    g_assert_no_error (error);
    s2 = ds_landscape_find_scenario (again, "what-if");
    g_assert_cmpint (s2, !=, DS_NONE);
    loaded = ds_landscape_scenario (again, s2);
    g_assert_cmpstr (loaded->name, ==, "What If");
    g_assert_cmpint (loaded->base, ==, ds_landscape_find_scenario (again, "base"));
    g_assert_cmpuint (loaded->settings->len, ==, 3);
    /* Sorted by key. */
    g_assert_cmpstr (g_array_index (loaded->settings, DsSetting, 0).key, ==, "assumption.mfu");
    g_assert_cmpfloat (g_array_index (loaded->settings, DsSetting, 0).number, ==, 0.5);
    g_assert_cmpstr (g_array_index (loaded->settings, DsSetting, 1).key, ==, "deal.amazon-anthropic-2025-07.amount_usd");
    g_assert_cmpstr (g_array_index (loaded->settings, DsSetting, 2).text, ==, "closed");
  }

  g_assert_true (ds_scenario_unset (ls, sc, "assumption.mfu", &error));
  g_assert_false (ds_scenario_unset (ls, sc, "assumption.mfu", &error));
  g_assert_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (ds_scenario_save (store, ls, sc, &error));
  {
    g_autoptr(DsLandscape) again = ds_store_load (store, &error);
    const DsScenario *loaded = ds_landscape_scenario (again, ds_landscape_find_scenario (again, "what-if"));
    g_assert_cmpuint (loaded->settings->len, ==, 2);
    g_assert_null (ds_scenario_find_setting (loaded, "assumption.mfu"));
  }

  /* base has dependents: refused, and the document keeps it. */
  g_assert_false (ds_scenario_delete (store, ls, scenario (ls, "base"), &error));
  g_assert_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "what-if"));
  g_clear_error (&error);
  g_assert_true (ds_scenario_delete (store, ls, sc, &error));
  g_assert_no_error (error);
  {
    g_autoptr(DsLandscape) again = ds_store_load (store, &error);
    g_assert_cmpint (ds_landscape_find_scenario (again, "what-if"), ==, DS_NONE);
    g_assert_cmpint (ds_landscape_find_scenario (again, "base"), !=, DS_NONE);
    g_assert_cmpuint (again->scenarios->len, ==, 4);
  }

  g_clear_object (&store);
  g_remove (path);
  ds_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scenario/view/bundled-chain", test_view_bundled_chain);
  g_test_add_func ("/scenario/view/override-wins", test_view_override_wins);
  g_test_add_func ("/scenario/view/three-levels", test_view_three_levels);
  g_test_add_func ("/scenario/set/out-of-range", test_set_out_of_range);
  g_test_add_func ("/scenario/view/landscape-unchanged", test_landscape_unchanged);
  g_test_add_func ("/scenario/slugify", test_slugify);
  g_test_add_func ("/scenario/store/round-trip", test_store_round_trip);
  return g_test_run ();
}
