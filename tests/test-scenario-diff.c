/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scenario-diff.c: scenario diffs worked out by hand on the fixture
 * tests/data/diff/two-scenarios.json and on the seed landscape; the CLI's
 * table, CSV and JSON; the overlay's colours on real pixels; exports. */
#define G_LOG_DOMAIN "test-scenario-diff"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#ifdef DS_TEST_HAVE_JSON_GLIB
#include <json-glib/json-glib.h>
#endif

#include "ds-camera.h"
#include "ds-dataset.h"
#include "ds-diff-overlay.h"
#include "ds-render.h"
#include "ds-scenario-diff.h"
#include "ds-test-util.h"
#include "ds-text.h"

/* The fixture, by hand. Value terms: "other holders" start at 1.
 *   a-acme-seed      2024-01-15  Fund A $10M at $40M pre  -> A 10/50 = 20 %
 *   b-acme-series-a  2024-06-15  Fund B $20M at $80M pre  -> post $100M:
 *                                A 16 %, B 20 %, others 64 %
 * alpha adds hyp-c-acme-grant (2024-04-15, Fund C, $5M "other": no stake).
 * beta sets the Series A to $30M (post $110M: A 16/110, B 30/110, others
 * 64/110) and adds hyp-a-acme-series-b (2024-09-15, Fund A $40M at $110M
 * pre, post $150M): A 16/150 + 40/150 = 56/150 = 37.3 % (over 33 %),
 * B 30/150 = 20 % (the same as under alpha), others 64/150 = 42.7 %. */
#define FIXTURE "diff/two-scenarios.json"

static DsLandscape *
fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", FIXTURE, NULL);
  DsLandscape *ls = ds_dataset_read_file (path, &error);
  g_assert_no_error (error);
  return ls;
}

static DsIndex
scenario (DsLandscape *ls, const char *id)
{
  DsIndex s = ds_landscape_find_scenario (ls, id);
  g_assert_cmpint (s, !=, DS_NONE);
  return s;
}

static DsScenarioDiff *
diff_of (DsLandscape *ls, const char *a, const char *b, DsDate date)
{
  g_autoptr(GError) error = NULL;
  DsScenarioDiff *d = ds_scenario_diff_new (ls, a ? scenario (ls, a) : DS_NONE, b ? scenario (ls, b) : DS_NONE,
                                            date, &error);
  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

static const char *
entity_id (DsLandscape *ls, DsIndex e)
{
  return e == DS_NONE ? NULL : ds_landscape_entity (ls, e)->id;
}

static void
assert_stake (const DsScenarioDiff *d, guint i, const char *company, const char *holder_name,
              double before, double after)
{
  const DsStakeMove *m;
  g_assert_cmpuint (i, <, d->stakes->len);
  m = ds_scenario_diff_stake (d, i);
  g_assert_cmpstr (entity_id (d->landscape, m->company), ==, company);
  g_assert_cmpstr (m->holder_name, ==, holder_name);
  g_assert_cmpfloat_with_epsilon (m->before, before, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->after, after, 1e-12);
}

/* alpha -> beta at the default date (the latest deal, 2024-09-15): one deal
 * of each kind, two stakes moved (Fund B's 20 % is the same), Fund A over
 * the 33 % line. */
static void
test_fixture_lists (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsScenarioDiff) d = diff_of (ls, "alpha", "beta", DS_DATE_NONE);
  const DsDealDiff *x;
  const DsThresholdChange *t;

  g_assert_cmpint (d->date, ==, 20240915);
  g_assert_cmpuint (d->deals->len, ==, 3);
  g_assert_cmpuint (d->n_added, ==, 1);
  g_assert_cmpuint (d->n_removed, ==, 1);
  g_assert_cmpuint (d->n_changed, ==, 1);

  x = ds_scenario_diff_deal (d, 0);
  g_assert_cmpint (x->kind, ==, DS_DEAL_DIFF_ADDED);
  g_assert_cmpstr (x->id, ==, "hyp-a-acme-series-b");
  g_assert_cmpstr (entity_id (ls, x->investor), ==, "fund-a");
  g_assert_cmpstr (entity_id (ls, x->target), ==, "acme");
  g_assert_cmpint (x->deal_a, ==, DS_NONE);
  g_assert_cmpfloat (x->b.amount_usd, ==, 40e6);

  x = ds_scenario_diff_deal (d, 1);
  g_assert_cmpint (x->kind, ==, DS_DEAL_DIFF_REMOVED);
  g_assert_cmpstr (x->id, ==, "hyp-c-acme-grant");
  g_assert_cmpstr (entity_id (ls, x->investor), ==, "fund-c");
  g_assert_cmpint (x->deal_b, ==, DS_NONE);
  g_assert_cmpfloat (x->a.amount_usd, ==, 5e6);

  x = ds_scenario_diff_deal (d, 2);
  g_assert_cmpint (x->kind, ==, DS_DEAL_DIFF_CHANGED);
  g_assert_cmpstr (x->id, ==, "b-acme-series-a");
  g_assert_cmpuint (x->fields, ==, DS_DEAL_FIELD_AMOUNT);
  g_assert_cmpfloat (x->a.amount_usd, ==, 20e6);
  g_assert_cmpfloat (x->b.amount_usd, ==, 30e6);
  {
    g_autofree char *label = ds_deal_diff_label (x);
    g_assert_cmpstr (label, ==, "$20M \u2192 $30M");
  }

  g_assert_cmpuint (d->stakes->len, ==, 2);
  assert_stake (d, 0, "acme", "Fund A", 0.16, 56.0 / 150);
  assert_stake (d, 1, "acme", "other holders", 0.64, 64.0 / 150);

  g_assert_cmpuint (d->thresholds->len, ==, 1);
  t = ds_scenario_diff_threshold (d, 0);
  g_assert_cmpstr (entity_id (ls, t->company), ==, "acme");
  g_assert_cmpstr (entity_id (ls, t->holder), ==, "fund-a");
  g_assert_cmpfloat (t->threshold, ==, 0.33);
  g_assert_true (t->upward);
  g_assert_cmpfloat_with_epsilon (t->after, 56.0 / 150, 1e-12);
}

/* The other way round, everything mirrors: Fund A falls below 33 %. */
static void
test_fixture_reversed (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsScenarioDiff) d = diff_of (ls, "beta", "alpha", DS_DATE_NONE);

  g_assert_cmpuint (d->n_added, ==, 1);
  g_assert_cmpstr (ds_scenario_diff_deal (d, 0)->id, ==, "hyp-c-acme-grant");
  g_assert_cmpuint (d->n_removed, ==, 1);
  g_assert_cmpstr (ds_scenario_diff_deal (d, 1)->id, ==, "hyp-a-acme-series-b");
  g_assert_cmpuint (d->n_changed, ==, 1);
  g_assert_cmpfloat (ds_scenario_diff_deal (d, 2)->a.amount_usd, ==, 30e6);
  assert_stake (d, 0, "acme", "Fund A", 56.0 / 150, 0.16);
  g_assert_cmpuint (d->thresholds->len, ==, 1);
  g_assert_false (ds_scenario_diff_threshold (d, 0)->upward);
}

/* The landscape (no scenario) -> beta on 2024-07-01, before the Series B:
 * only the amount changed, and all three stakes moved (the $30M Series A
 * at $80M pre: A 16/110, B 30/110, others 64/110); nobody crosses. */
static void
test_fixture_date (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsScenarioDiff) d = diff_of (ls, NULL, "beta", 20240701);

  g_assert_cmpuint (d->n_added, ==, 0);
  g_assert_cmpuint (d->n_removed, ==, 0);
  g_assert_cmpuint (d->n_changed, ==, 1);
  g_assert_cmpuint (d->stakes->len, ==, 3);
  assert_stake (d, 0, "acme", "Fund A", 0.16, 16.0 / 110);
  assert_stake (d, 1, "acme", "Fund B", 0.2, 30.0 / 110);
  assert_stake (d, 2, "acme", "other holders", 0.64, 64.0 / 110);
  g_assert_cmpuint (d->thresholds->len, ==, 0);

  /* Before anything differs (2024-03: neither the grant nor the Series A). */
  {
    g_autoptr(DsScenarioDiff) early = diff_of (ls, "alpha", "beta", 20240301);
    g_assert_cmpuint (early->deals->len, ==, 0);
    g_assert_cmpuint (early->stakes->len, ==, 0);
  }
}

/* beta moves the seed round to 2024-10-01. On 2024-09-20 it is removed (A
 * shows it, B does not yet), with the date as what differs; without it B's
 * Series A ($30M at $80M pre) and Series B ($40M at $110M pre) leave Fund A
 * 40/150 and the others 80/150, Fund B 30/150 = 20 % as under A. On
 * 2024-10-15 both show it: changed, the date only. */
static void
test_fixture_moved_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsScenarioDiff) before = NULL, after = NULL;
  const DsDealDiff *x;

  g_assert_true (ds_scenario_set (ls, scenario (ls, "beta"), "deal.a-acme-seed.date", "2024-10-01", &error));
  g_assert_no_error (error);
  before = diff_of (ls, "alpha", "beta", 20240920);
  g_assert_cmpuint (before->n_removed, ==, 2);
  x = ds_scenario_diff_deal (before, 1);
  g_assert_cmpstr (x->id, ==, "a-acme-seed");
  g_assert_cmpint (x->kind, ==, DS_DEAL_DIFF_REMOVED);
  g_assert_cmpint (x->deal_b, ==, DS_NONE);
  g_assert_cmpuint (x->fields, ==, DS_DEAL_FIELD_DATE);
  g_assert_cmpint (x->b.date, ==, 20241001);
  g_assert_cmpuint (before->stakes->len, ==, 2);
  assert_stake (before, 0, "acme", "Fund A", 0.16, 40.0 / 150);
  assert_stake (before, 1, "acme", "other holders", 0.64, 80.0 / 150);
  g_assert_cmpuint (before->thresholds->len, ==, 0);

  after = diff_of (ls, "alpha", "beta", 20241015);
  g_assert_cmpuint (after->n_removed, ==, 1);
  g_assert_cmpuint (after->n_changed, ==, 2);
  x = ds_scenario_diff_deal (after, 2);
  g_assert_cmpstr (x->id, ==, "a-acme-seed");
  g_assert_cmpint (x->kind, ==, DS_DEAL_DIFF_CHANGED);
  g_assert_cmpuint (x->fields, ==, DS_DEAL_FIELD_DATE);
  {
    g_autofree char *label = ds_deal_diff_label (x);
    g_assert_cmpstr (label, ==, "Jan 2024 \u2192 Oct 2024");
  }
}

static void
test_same (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsScenarioDiff) d = diff_of (ls, "beta", "beta", DS_DATE_NONE);

  g_assert_cmpuint (d->deals->len, ==, 0);
  g_assert_cmpuint (d->stakes->len, ==, 0);
  g_assert_cmpuint (d->thresholds->len, ==, 0);
}

/* The title names the no-scenario side "Landscape", never "Base": the
 * bundled document has a scenario called Base, and a diff of it against
 * the landscape was titled "Base → Base". */
static void
test_title (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsScenarioDiff) ab = diff_of (ls, "alpha", "beta", DS_DATE_NONE);
  g_autoptr(DsScenarioDiff) al = diff_of (ls, "alpha", NULL, DS_DATE_NONE);
  g_autofree char *t_ab = ds_scenario_diff_title (ab);
  g_autofree char *t_al = ds_scenario_diff_title (al);

  g_assert_cmpstr (t_ab, ==, "Alpha \u2192 Beta");
  g_assert_cmpstr (t_al, ==, "Alpha \u2192 Landscape");
}

/* The seed landscape's big-note-low-cap against base: its settings change
 * the 2025-07 note's amount (undisclosed -> $8B), cap, discount and status
 * (close_date is 2025-09 in both), and it adds the hypothetical Series G. */
static void
test_seed_big_note (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_dataset_read_bundled (&error);
  g_autoptr(DsScenarioDiff) d = NULL;
  const DsDealDiff *x;

  g_assert_no_error (error);
  d = diff_of (ls, "base", "big-note-low-cap", 20260401);
  g_assert_cmpuint (d->n_added, ==, 1);
  g_assert_cmpuint (d->n_removed, ==, 0);
  g_assert_cmpuint (d->n_changed, ==, 1);
  g_assert_cmpstr (ds_scenario_diff_deal (d, 0)->id, ==, "hypothetical-series-g");
  x = ds_scenario_diff_deal (d, 1);
  g_assert_cmpstr (x->id, ==, "amazon-anthropic-2025-07");
  g_assert_cmpuint (x->fields, ==, DS_DEAL_FIELD_AMOUNT | DS_DEAL_FIELD_CAP | DS_DEAL_FIELD_DISCOUNT | DS_DEAL_FIELD_STATUS);
  g_assert_true (isnan (x->a.amount_usd));
  g_assert_cmpfloat (x->b.amount_usd, ==, 8e9);
  g_assert_cmpfloat (x->b.cap_usd, ==, 50e9);
  g_assert_cmpfloat (x->b.discount, ==, 0.2);
  {
    g_autofree char *label = ds_deal_diff_label (x);
    g_assert_cmpstr (label, ==, "undisclosed \u2192 $8B (+3)");
  }
  /* Amazon's stake in Anthropic is bigger under the note's terms. */
  for (guint i = 0; i < d->stakes->len; i++)
    {
      const DsStakeMove *m = ds_scenario_diff_stake (d, i);
      if (g_strcmp0 (entity_id (ls, m->holder), "amazon") == 0)
        {
          g_assert_cmpstr (entity_id (ls, m->company), ==, "anthropic");
          g_assert_cmpfloat (m->after, >, m->before + 0.05);
          return;
        }
    }
  g_assert_not_reached ();
}

/* ---- the CLI ---- */

typedef struct {
  char *dir, *db, *out, *err;
  int   status;
} Cli;

static void
cli_run (Cli *c, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *arg;
  va_list ap;
  int wait_status;

  g_ptr_array_add (args, (gpointer) g_getenv ("DS_CLI"));
  g_ptr_array_add (args, "--db");
  g_ptr_array_add (args, c->db);
  va_start (ap, c);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  env = g_environ_setenv (env, "XDG_DATA_HOME", c->dir, TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  g_clear_pointer (&c->out, g_free);
  g_clear_pointer (&c->err, g_free);
  g_spawn_sync (c->dir, (char **) args->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &c->out, &c->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  c->status = WEXITSTATUS (wait_status);
}

static void
cli_set_up (Cli *c, gconstpointer data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", FIXTURE, NULL);
  g_assert_nonnull (g_getenv ("DS_CLI"));
  c->dir = ds_test_make_tmp_dir ("scenario-diff");
  c->db = g_build_filename (c->dir, "doc.dealscape", NULL);
  cli_run (c, "init", "--from", path, NULL);
  g_assert_cmpint (c->status, ==, 0);
}

static void
cli_tear_down (Cli *c, gconstpointer data)
{
  ds_test_remove_tree (c->dir);
  g_free (c->dir);
  g_free (c->db);
  g_free (c->out);
  g_free (c->err);
}

static void
test_cli_table (Cli *c, gconstpointer data)
{
  cli_run (c, "scenario", "diff", "alpha", "beta", NULL);
  g_assert_cmpint (c->status, ==, 0);
  g_assert_true (g_str_has_prefix (c->out, "Alpha \u2192 Beta on 2024-09-15: 1 deal added, 1 removed, 1 changed; "
                                           "2 stakes moved; 1 threshold crossed\n"));
  /* People's numbers: $20M, 16.0 %. */
  g_assert_nonnull (strstr (c->out, "$20M"));
  g_assert_nonnull (strstr (c->out, "$30M"));
  g_assert_nonnull (strstr (c->out, "37.3 %"));
  g_assert_nonnull (strstr (c->out, "threshold_reached"));

  cli_run (c, "scenario", "diff", "beta", "beta", NULL);
  g_assert_cmpint (c->status, ==, 0);
  g_assert_nonnull (strstr (c->out, "no differences"));
}

static void
test_cli_csv (Cli *c, gconstpointer data)
{
  cli_run (c, "scenario", "diff", "alpha", "beta", "--format", "csv", NULL);
  g_assert_cmpint (c->status, ==, 0);
  g_assert_cmpstr (c->out, ==,
                   "kind,deal,investor,target,field,old,new,unit,threshold\n"
                   "added,hyp-a-acme-series-b,fund-a,acme,amount_usd,,40000000,usd,\n"
                   "removed,hyp-c-acme-grant,fund-c,acme,amount_usd,5000000,,usd,\n"
                   "changed,b-acme-series-a,fund-b,acme,amount_usd,20000000,30000000,usd,\n"
                   "stake,,fund-a,acme,fraction,0.16,0.37333333333333335,fraction,\n"
                   "stake,,other holders,acme,fraction,0.64,0.4266666666666667,fraction,\n"
                   "threshold_reached,,fund-a,acme,fraction,0.16,0.37333333333333335,fraction,0.33\n");
  /* "base" is the landscape when the document has no base scenario. */
  cli_run (c, "scenario", "diff", "base", "beta", "--date", "2024-07-01", "--format", "csv", NULL);
  g_assert_cmpint (c->status, ==, 0);
  g_assert_nonnull (strstr (c->out, "changed,b-acme-series-a,fund-b,acme,amount_usd,20000000,30000000,usd,\n"));
  g_assert_nonnull (strstr (c->out, "stake,,fund-b,acme,fraction,0.2,0.2727272727272727,fraction,\n"));
}

static void
test_cli_json (Cli *c, gconstpointer data)
{
#ifdef DS_TEST_HAVE_JSON_GLIB
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *rows;
  JsonObject *o;

  cli_run (c, "scenario", "diff", "alpha", "beta", "--format", "json", NULL);
  g_assert_cmpint (c->status, ==, 0);
  json_parser_load_from_data (parser, c->out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 6);

  o = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "added");
  g_assert_cmpstr (json_object_get_string_member (o, "deal"), ==, "hyp-a-acme-series-b");
  g_assert_true (json_object_get_null_member (o, "old"));
  g_assert_cmpfloat (json_object_get_double_member (o, "new"), ==, 40e6);

  o = json_array_get_object_element (rows, 2);
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "changed");
  g_assert_cmpstr (json_object_get_string_member (o, "field"), ==, "amount_usd");
  g_assert_cmpfloat (json_object_get_double_member (o, "old"), ==, 20e6);
  g_assert_cmpfloat (json_object_get_double_member (o, "new"), ==, 30e6);

  o = json_array_get_object_element (rows, 3);
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "stake");
  g_assert_cmpstr (json_object_get_string_member (o, "investor"), ==, "fund-a");
  g_assert_cmpfloat (json_object_get_double_member (o, "old"), ==, 0.16);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "new"), 56.0 / 150, 1e-15);

  o = json_array_get_object_element (rows, 5);
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "threshold_reached");
  g_assert_cmpfloat (json_object_get_double_member (o, "threshold"), ==, 0.33);
#else
  g_test_skip ("built without json-glib (libjson-glib-dev)");
#endif
}

static void
test_cli_errors (Cli *c, gconstpointer data)
{
  cli_run (c, "scenario", "diff", "alpha", "gamma", NULL);
  g_assert_cmpint (c->status, ==, 1);
  g_assert_nonnull (strstr (c->err, "no scenario is called “gamma”"));
  g_assert_nonnull (strstr (c->err, "alpha, beta"));
  g_assert_cmpstr (c->out, ==, "");

  cli_run (c, "scenario", "diff", "alpha", NULL);
  g_assert_cmpint (c->status, ==, 2);
  cli_run (c, "scenario", "diff", "alpha", "beta", "--date", "2024-13", NULL);
  g_assert_cmpint (c->status, ==, 2);
  cli_run (c, "export", "--view", "valuation", "--diff", "alpha", "beta", "-o", "x.png", NULL);
  g_assert_cmpint (c->status, ==, 2);
  g_assert_nonnull (strstr (c->err, "--diff is for --view graph or --view table"));
}

static gboolean
file_starts_with (const char *path, const char *magic, gsize *out_len)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  if (out_len)
    *out_len = len;
  return len >= strlen (magic) && memcmp (contents, magic, strlen (magic)) == 0;
}

/* Exported like every view: the graph with the overlay and the table, in
 * PNG, PDF and SVG; the SVG keeps the labels and the legend as text. */
static void
test_cli_export (Cli *c, gconstpointer data)
{
  const char *formats[] = { "png", "pdf", "svg" };
  const char *magic[] = { "\x89PNG", "%PDF", "<?xml" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (guint v = 0; v < 2; v++)
      {
        g_autofree char *name = g_strdup_printf ("%s.%s", v ? "table" : "graph", formats[i]);
        g_autofree char *path = g_build_filename (c->dir, name, NULL);
        gsize len = 0;
        cli_run (c, "export", "--view", v ? "table" : "graph", "--diff", "alpha", "beta", "-o", name,
                 "--width", "900", "--height", "600", NULL);
        g_assert_cmpint (c->status, ==, 0);
        g_assert_true (file_starts_with (path, magic[i], &len));
        g_assert_cmpuint (len, >, 1000);
      }
  /* The other spellings of the two sides. */
  cli_run (c, "export", "--diff", "alpha,beta", "-o", "comma.png", NULL);
  g_assert_cmpint (c->status, ==, 0);
  g_assert_true (g_str_has_prefix (c->out, "Exported the graph of Alpha \u2192 Beta (1 added, 1 removed, 1 changed"));
  cli_run (c, "export", "--diff", "beta", "--diff", "alpha", "-o", "twice.png", NULL);
  g_assert_cmpint (c->status, ==, 0);
  g_assert_true (g_str_has_prefix (c->out, "Exported the graph of Beta \u2192 Alpha"));
  cli_run (c, "export", "--diff", "alpha", "-o", "one.png", NULL);
  g_assert_cmpint (c->status, ==, 2);
  {
    g_autofree char *svg = NULL;
    g_autofree char *path = g_build_filename (c->dir, "graph.svg", NULL);
    g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
    g_assert_nonnull (strstr (svg, "removed $5M</text>"));
    g_assert_nonnull (strstr (svg, "added $40M</text>"));
    g_assert_nonnull (strstr (svg, "$20M \u2192 $30M</text>"));
    g_assert_nonnull (strstr (svg, "Stake crossed 33 % (1)</text>"));
    g_free (svg);
    g_clear_pointer (&path, g_free);
    path = g_build_filename (c->dir, "table.svg", NULL);
    g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
    g_assert_nonnull (strstr (svg, "hyp-c-acme-grant</text>"));
    g_assert_nonnull (strstr (svg, "Reaches 33 %</text>"));
  }
}

/* ---- the overlay on pixels ---- */

typedef struct {
  cairo_surface_t *surface;
  DsScene *scene;
  DsDiffOverlay *overlay;
  DsCamera *camera;
  DsRenderStats stats;
} Picture;

static void
picture_draw (Picture *p, const DsTheme *theme, gboolean with_overlay)
{
  DsRenderOptions ro;
  cairo_t *cr;

  ds_render_options_init (&ro);
  ro.diff_overlay = with_overlay ? p->overlay : NULL;
  ro.stats = &p->stats;
  g_clear_pointer (&p->surface, cairo_surface_destroy);
  p->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 800);
  cr = cairo_create (p->surface);
  ds_render_graph (cr, p->scene, p->camera, theme, &ro);
  cairo_destroy (cr);
  cairo_surface_flush (p->surface);
}

static void
picture_build (Picture *p, DsLandscape *ls, const DsScenarioDiff *d)
{
  /* Hand-placed: Acme in the middle, the funds round it, far apart. */
  double x[4] = { 0, -400, 400, 0 }, y[4] = { 0, 0, 0, -300 };
  DsSceneOptions so;

  g_assert_cmpint (ds_landscape_n_entities (ls), ==, 4);
  ds_scene_options_init (&so);
  so.node_scale = 30;
  p->scene = ds_diff_scene_build (d, NULL, x, y, &so, &p->overlay);
  p->camera = ds_camera_new ();
  ds_camera_set_viewport_size (p->camera, 1200, 800);
  ds_camera_fit_bounds (p->camera, p->scene->x0, p->scene->y0, p->scene->x1, p->scene->y1, 60);
}

static void
picture_clear (Picture *p)
{
  g_clear_pointer (&p->surface, cairo_surface_destroy);
  g_clear_pointer (&p->scene, ds_scene_free);
  g_clear_pointer (&p->overlay, ds_diff_overlay_free);
  g_clear_object (&p->camera);
}

/* How many of the points at t along the edge's curve (from node centre to
 * node centre) have a pixel within 2 px of `colour`. */
static guint
edge_points_in_colour (Picture *p, guint e, const DsRgba *colour)
{
  static const double ts[] = { 0.2, 0.25, 0.3, 0.7, 0.75, 0.8 };
  const DsScene *s = p->scene;
  guint32 a = s->edge_from[e], b = s->edge_to[e];
  double ax, ay, bx, by, qx, qy;
  guchar *data = cairo_image_surface_get_data (p->surface);
  int stride = cairo_image_surface_get_stride (p->surface), hits = 0;

  ds_camera_world_to_view (p->camera, s->node_x[a], s->node_y[a], &ax, &ay);
  ds_camera_world_to_view (p->camera, s->node_x[b], s->node_y[b], &bx, &by);
  ds_scene_edge_control (s, e, ax, ay, bx, by, &qx, &qy);
  for (guint k = 0; k < G_N_ELEMENTS (ts); k++)
    {
      double t = ts[k], u = 1 - t;
      int px = (int) (u * u * ax + 2 * u * t * qx + t * t * bx), py = (int) (u * u * ay + 2 * u * t * qy + t * t * by);
      gboolean hit = FALSE;
      for (int dy = -2; dy <= 2 && !hit; dy++)
        for (int dx = -2; dx <= 2 && !hit; dx++)
          {
            guint32 v = *(guint32 *) (void *) (data + (py + dy) * stride + (px + dx) * 4);
            int r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, bl = v & 0xff;
            hit = abs (r - (int) (colour->r * 255)) < 24 && abs (g - (int) (colour->g * 255)) < 24
                  && abs (bl - (int) (colour->b * 255)) < 24;
          }
      hits += hit;
    }
  return (guint) hits;
}

static gint
edge_of_deal (Picture *p, const DsScenarioDiff *d, const char *id)
{
  for (guint i = 0; i < d->deals->len; i++)
    if (g_str_equal (ds_scenario_diff_deal (d, i)->id, id))
      return p->overlay->diff_edge[i];
  return -1;
}

static void
test_overlay_pixels (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsScenarioDiff) d = diff_of (ls, "alpha", "beta", DS_DATE_NONE);
  const DsTheme *theme = ds_theme_get ("light");
  const DsRgba *green = ds_diff_overlay_colour (theme, DS_DIFF_MARK_ADDED);
  const DsRgba *red = ds_diff_overlay_colour (theme, DS_DIFF_MARK_REMOVED);
  const DsRgba *amber = ds_diff_overlay_colour (theme, DS_DIFF_MARK_CHANGED);
  Picture p = { 0 };
  gint added, removed, changed;

  picture_build (&p, ls, d);
  added = edge_of_deal (&p, d, "hyp-a-acme-series-b");
  removed = edge_of_deal (&p, d, "hyp-c-acme-grant");
  changed = edge_of_deal (&p, d, "b-acme-series-a");
  g_assert_cmpint (added, >=, 0);
  g_assert_cmpint (removed, >=, 0);
  g_assert_cmpint (changed, >=, 0);
  /* B's three deals and A's removed one. */
  g_assert_cmpuint (p.scene->n_edges, ==, 4);
  g_assert_cmpuint (p.overlay->edge_mark[added], ==, DS_DIFF_MARK_ADDED);
  g_assert_cmpuint (p.overlay->edge_mark[removed], ==, DS_DIFF_MARK_REMOVED);
  g_assert_cmpuint (p.overlay->edge_mark[changed], ==, DS_DIFF_MARK_CHANGED);
  /* Fund A's node is ringed, nobody else. */
  g_assert_true (p.overlay->node_ring[ds_landscape_find_entity (ls, "fund-a")]);
  g_assert_false (p.overlay->node_ring[ds_landscape_find_entity (ls, "fund-b")]);
  g_assert_false (p.overlay->node_ring[ds_landscape_find_entity (ls, "acme")]);

  picture_draw (&p, theme, TRUE);
  g_assert_cmpuint (p.stats.diff_edges_drawn, ==, 3);
  g_assert_cmpuint (p.stats.diff_labels_placed, ==, 3);
  g_assert_cmpuint (edge_points_in_colour (&p, added, green), >=, 5);
  g_assert_cmpuint (edge_points_in_colour (&p, changed, amber), >=, 5);
  /* Dashed: some points fall in the gaps. */
  g_assert_cmpuint (edge_points_in_colour (&p, removed, red), >=, 2);
  g_assert_cmpuint (edge_points_in_colour (&p, added, red), ==, 0);

  /* Without the overlay, the same scene has none of the diff's colours. */
  picture_draw (&p, theme, FALSE);
  g_assert_cmpuint (p.stats.diff_edges_drawn, ==, 0);
  g_assert_cmpuint (edge_points_in_colour (&p, added, green), ==, 0);
  g_assert_cmpuint (edge_points_in_colour (&p, changed, amber), ==, 0);
  g_assert_cmpuint (edge_points_in_colour (&p, removed, red), ==, 0);
  picture_clear (&p);
}

/* The diff's labels share the label grid: no two text boxes overlap, at
 * sizes from roomy to cramped. */
static void
test_overlay_labels_never_overlap (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsScenarioDiff) d = diff_of (ls, "alpha", "beta", DS_DATE_NONE);
  const double sizes[][2] = { { 1200, 800 }, { 800, 500 }, { 500, 350 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      Picture p = { 0 };
      g_autoptr(DsTextSink) sink = ds_text_sink_new ();
      DsRenderOptions ro;
      cairo_t *cr;

      picture_build (&p, ls, d);
      ds_camera_set_viewport_size (p.camera, sizes[i][0], sizes[i][1]);
      ds_camera_fit_bounds (p.camera, p.scene->x0, p.scene->y0, p.scene->x1, p.scene->y1, 40);
      p.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) sizes[i][0], (int) sizes[i][1]);
      ds_text_sink_attach (sink, p.surface);
      cr = cairo_create (p.surface);
      ds_render_options_init (&ro);
      ro.diff_overlay = p.overlay;
      ro.stats = &p.stats;
      ds_render_graph (cr, p.scene, p.camera, ds_theme_get ("light"), &ro);
      cairo_destroy (cr);
      g_assert_cmpuint (ds_text_sink_get_n_runs (sink), >, 6);
      g_assert_cmpuint (ds_text_sink_count_overlaps (sink, 0.5), ==, 0);
      picture_clear (&p);
    }
}

/* The canvas draws the overlay's legend itself (it stays put while the
 * image pans): with reserve_diff_legend the image has its five lines less,
 * and no label in its corner either way. */
static guint
text_runs (Picture *p, gboolean reserve)
{
  g_autoptr(DsTextSink) sink = ds_text_sink_new ();
  DsRenderOptions ro;
  cairo_t *cr;

  g_clear_pointer (&p->surface, cairo_surface_destroy);
  p->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 800);
  ds_text_sink_attach (sink, p->surface);
  cr = cairo_create (p->surface);
  ds_render_options_init (&ro);
  ro.show_legend = FALSE;
  ro.diff_overlay = p->overlay;
  ro.reserve_diff_legend = reserve;
  ds_render_graph (cr, p->scene, p->camera, ds_theme_get ("light"), &ro);
  cairo_destroy (cr);
  return ds_text_sink_get_n_runs (sink);
}

static void
test_overlay_legend_apart (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsScenarioDiff) d = diff_of (ls, "alpha", "beta", DS_DATE_NONE);
  Picture p = { 0 };
  guint drawn, apart;

  picture_build (&p, ls, d);
  drawn = text_runs (&p, FALSE);
  apart = text_runs (&p, TRUE);
  g_assert_cmpuint (drawn, ==, apart + 5);
  picture_clear (&p);
}

/* Beside the graph's legend when both fit, on top of it when not, and not
 * at all in a view too small for it. */
static void
test_overlay_legend_place (void)
{
  g_autoptr(DsLandscape) ls = fixture ();
  g_autoptr(DsScenarioDiff) d = diff_of (ls, "alpha", "beta", DS_DATE_NONE);
  const DsTheme *theme = ds_theme_get ("light");
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (probe);
  Picture p = { 0 };
  double x, y, w, h;

  picture_build (&p, ls, d);
  ds_diff_overlay_legend (cr, p.overlay, theme, 1200, 800, 300, 150, FALSE, &x, &y, &w, &h);
  g_assert_cmpfloat (w, >, 100);
  g_assert_cmpfloat (x, >, 300);
  g_assert_cmpfloat_with_epsilon (x + w, 1200, 1e-9);
  g_assert_cmpfloat_with_epsilon (y + h, 800, 1e-9);

  ds_diff_overlay_legend (cr, p.overlay, theme, w + 250, 800, 300, 150, FALSE, &x, &y, &w, &h);
  g_assert_cmpfloat (w, >, 100);
  g_assert_cmpfloat (x, ==, 0);
  g_assert_cmpfloat_with_epsilon (y + h, 800 - 150, 1e-9);

  ds_diff_overlay_legend (cr, p.overlay, theme, 120, 800, 0, 0, FALSE, &x, &y, &w, &h);
  g_assert_cmpfloat (w, ==, 0);
  g_assert_cmpfloat (h, ==, 0);

  cairo_destroy (cr);
  cairo_surface_destroy (probe);
  picture_clear (&p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenario-diff/fixture/lists", test_fixture_lists);
  g_test_add_func ("/scenario-diff/fixture/reversed", test_fixture_reversed);
  g_test_add_func ("/scenario-diff/fixture/date", test_fixture_date);
  g_test_add_func ("/scenario-diff/fixture/moved-date", test_fixture_moved_date);
  g_test_add_func ("/scenario-diff/same", test_same);
  g_test_add_func ("/scenario-diff/title", test_title);
  g_test_add_func ("/scenario-diff/seed/big-note", test_seed_big_note);
  g_test_add ("/scenario-diff/cli/table", Cli, NULL, cli_set_up, test_cli_table, cli_tear_down);
  g_test_add ("/scenario-diff/cli/csv", Cli, NULL, cli_set_up, test_cli_csv, cli_tear_down);
  g_test_add ("/scenario-diff/cli/json", Cli, NULL, cli_set_up, test_cli_json, cli_tear_down);
  g_test_add ("/scenario-diff/cli/errors", Cli, NULL, cli_set_up, test_cli_errors, cli_tear_down);
  g_test_add ("/scenario-diff/cli/export", Cli, NULL, cli_set_up, test_cli_export, cli_tear_down);
  g_test_add_func ("/scenario-diff/overlay/pixels", test_overlay_pixels);
  g_test_add_func ("/scenario-diff/overlay/labels-never-overlap", test_overlay_labels_never_overlap);
  g_test_add_func ("/scenario-diff/overlay/legend-apart", test_overlay_legend_apart);
  g_test_add_func ("/scenario-diff/overlay/legend-place", test_overlay_legend_place);
  return g_test_run ();
}
