/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-render.c: formatting, themes, camera, scene snapshots, hit tests,
 * charts, reference images and PNG/PDF/SVG exports of the renderer. */
#define G_LOG_DOMAIN "test-render"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ds-camera.h"
#include "ds-assumptions.h"
#include "ds-chart-data.h"
#include "ds-chart.h"
#include "ds-dataset.h"
#include "ds-export.h"
#include "ds-format.h"
#include "ds-test-util.h"
#include "ds-text.h"
#include "ds-hit-test.h"
#include "ds-render.h"
#include "ds-scene.h"
#include "ds-theme.h"

static DsDate
D (const char *text)
{
  DsDate d = DS_DATE_NONE;
  g_assert_true (ds_date_parse (text, &d, NULL));
  return d;
}

/* --- formatting ---------------------------------------------------------- */

static void
check_str (char *got, const char *want)
{
  g_assert_cmpstr (got, ==, want);
  g_free (got);
}

static void
test_format_usd (void)
{
  check_str (ds_format_usd (1.25e9), "$1.25B");
  check_str (ds_format_usd (3e8), "$300M");
  check_str (ds_format_usd (4e9), "$4B");
  check_str (ds_format_usd (6.15e10), "$61.5B");
  check_str (ds_format_usd (1.5e12), "$1.5T");
  check_str (ds_format_usd (12500), "$12.5K");
  check_str (ds_format_usd (950), "$950");
  /* 999,600 rounds to three digits first: a million, not "1000K". */
  check_str (ds_format_usd (999600), "$1M");
  check_str (ds_format_usd (-2e9), "-$2B");
  check_str (ds_format_usd (NAN), "undisclosed");
}

static void
test_format_si (void)
{
  check_str (ds_format_si (2.2e9, "W"), "2.2 GW");
  /* Decision (docs/rendering.md): three significant digits, scientific
   * from 1e21 up, so FLOP totals read 4.56e27, not "4560 Y". */
  check_str (ds_format_si (4.56e27, "FLOP"), "4.56e27 FLOP");
  check_str (ds_format_si (4.6e27, "FLOP"), "4.6e27 FLOP");
  check_str (ds_format_si (1e18, "FLOP/s"), "1 EFLOP/s");
  check_str (ds_format_si (500000, "chips"), "500 kchips");
  check_str (ds_format_si (12500, NULL), "12.5k");
  check_str (ds_format_si (0.35, NULL), "0.35");
  check_str (ds_format_si (0, "W"), "0 W");
  check_str (ds_format_number (0.4), "0.4");
  check_str (ds_format_number (12345), "12.3k");
}

static void
test_format_percent (void)
{
  /* The raw double: a stake of 14 % after float arithmetic. */
  check_str (ds_format_percent (0.14000000000000004, 1), "14.0 %");
  check_str (ds_format_percent (0.5, 0), "50 %");
  check_str (ds_format_percent (0.0569105691, 1), "5.7 %");
  check_str (ds_format_percent (1, 1), "100.0 %");
  check_str (ds_format_percent (-0.025, 2), "-2.50 %");
  check_str (ds_format_percent (NAN, 1), "n/a");
}

static void
test_format_count (void)
{
  /* NULL: the C form's ","; ds_format_localize makes it the reader's. */
  check_str (ds_format_count (1234567, NULL), "1,234,567");
  check_str (ds_format_count (1234567, "."), "1.234.567");
  check_str (ds_format_count (999, NULL), "999");
  check_str (ds_format_count (1000, " "), "1 000");
  check_str (ds_format_count (0, NULL), "0");
  check_str (ds_format_count (-1234567.6, NULL), "-1,234,568");
  check_str (ds_format_count (2.5e15, NULL), "2.5P");
  check_str (ds_format_count (NAN, NULL), "n/a");
}

/* The C form of every formatter, read in real glibc locales compiled for
 * the test: German groups with '.' and writes ',' for the point, French
 * groups with U+202F; ids and dates have no digit-separator-digit run and
 * pass unchanged. */
static void
test_format_localize (void)
{
  g_autofree char *dir = ds_test_make_tmp_dir ("dealscape-locale");
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  ds_test_build_locale (dir, "de_DE.UTF-8");
  ds_test_build_locale (dir, "fr_FR.UTF-8");
  if (g_test_failed ())
    return;
  g_setenv ("LOCPATH", dir, TRUE);

  /* The C locale: the C form as it is. */
  check_str (ds_format_localize ("2,200,000"), "2,200,000");

  g_assert_nonnull (setlocale (LC_NUMERIC, "de_DE.UTF-8"));
  check_str (ds_format_localize ("2,200,000"), "2.200.000");
  check_str (ds_format_localize ("$1.25B"), "$1,25B");
  check_str (ds_format_localize ("14.0 %"), "14,0 %");
  check_str (ds_format_localize ("4.56e27 FLOP"), "4,56e27 FLOP");
  check_str (ds_format_localize ("$1,234,567.5"), "$1.234.567,5");
  check_str (ds_format_localize ("2025-03-03, 3.5 GW."), "2025-03-03, 3,5 GW.");
  /* The formatters themselves stay in the C form under the locale. */
  check_str (ds_format_count (2200000, NULL), "2,200,000");
  check_str (ds_format_usd (1.25e9), "$1.25B");

  g_assert_nonnull (setlocale (LC_NUMERIC, "fr_FR.UTF-8"));
  check_str (ds_format_localize ("2,200,000"), "2\u202f200\u202f000");
  check_str (ds_format_localize ("14.0 %"), "14,0 %");

  setlocale (LC_NUMERIC, saved);
  g_unsetenv ("LOCPATH");
  ds_test_remove_tree (dir);
}

static void
test_format_in_unit (void)
{
  /* The examples, and one of each unit the dataset uses. */
  check_str (ds_format_in_unit (2.30757e11, "usd"), "$231B");
  check_str (ds_format_in_unit (50981108413.93554, "usd"), "$51B");
  check_str (ds_format_in_unit (0.14000000000000004, "fraction"), "14.0 %");
  check_str (ds_format_in_unit (0.0004, "fraction"), "0.040 %");
  check_str (ds_format_in_unit (0, "fraction"), "0.0 %");
  check_str (ds_format_in_unit (0.08, "fraction_per_year"), "8.0 %/yr");
  check_str (ds_format_in_unit (1.234e26, "flop"), "1.23e26 FLOP");
  check_str (ds_format_in_unit (5.87e20, "flop_per_s"), "587 EFLOP/s");
  check_str (ds_format_in_unit (989, "tflops"), "989 TFLOP/s");
  check_str (ds_format_in_unit (1234567, "count"), "1,234,567");
  check_str (ds_format_in_unit (2.2, "gw"), "2.2 GW");
  check_str (ds_format_in_unit (500, "w"), "500 W");
  check_str (ds_format_in_unit (4750000, "mwh"), "4.75 TWh");
  check_str (ds_format_in_unit (80, "gb"), "80 GB");
  check_str (ds_format_in_unit (3.35, "tb_per_s"), "3.35 TB/s");
  check_str (ds_format_in_unit (4e9, "usd_per_year"), "$4B/yr");
  check_str (ds_format_in_unit (81, "usd_per_mwh"), "$81/MWh");
  check_str (ds_format_in_unit (NAN, "usd"), "undisclosed");
  check_str (ds_format_in_unit (217.4, "ratio"), "217×");
  check_str (ds_format_in_unit (90, "days"), "90 days");
  check_str (ds_format_in_unit (1, "boolean"), "yes");
  check_str (ds_format_in_unit (1, "days"), "1 day");
  check_str (ds_format_in_unit (3650, "days"), "3,650 days");
  check_str (ds_format_in_unit (0.35, NULL), "0.35");
  check_str (ds_format_in_unit (12345, NULL), "12,345");
}

static void
test_format_date (void)
{
  check_str (ds_format_date_short (D ("2024-11-22")), "Nov 2024");
  check_str (ds_format_date_short (D ("2025-03")), "Mar 2025");
  check_str (ds_format_date_short (D ("2019")), "2019");
  check_str (ds_format_date_short (DS_DATE_NONE), "");
}

/* --- themes -------------------------------------------------------------- */

static double
luminance (const DsRgba *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

static void
test_theme_lookup (void)
{
  const char *names[] = { "light", "dark", "high-contrast" };

  for (guint t = 0; t < G_N_ELEMENTS (names); t++)
    {
      const DsTheme *theme = ds_theme_get (names[t]);
      g_assert_nonnull (theme);
      g_assert_cmpstr (theme->name, ==, names[t]);
      /* Text stands out from the background in every theme. */
      g_assert_cmpfloat (fabs (luminance (&theme->text) - luminance (&theme->background)), >, 0.6);
      /* No two entity kinds share a colour. */
      for (guint a = 0; a < DS_ENTITY_N_KINDS; a++)
        for (guint b = a + 1; b < DS_ENTITY_N_KINDS; b++)
          g_assert_false (memcmp (&theme->kind[a], &theme->kind[b], sizeof (DsRgba)) == 0);
    }
  g_assert_true (ds_theme_get ("dark")->is_dark);
  g_assert_cmpfloat (luminance (&ds_theme_get ("dark")->background), <, luminance (&ds_theme_get ("light")->background));
  g_assert_null (ds_theme_get ("sepia"));
  g_assert_true (ds_theme_get (NULL) == ds_theme_get ("light"));
}

/* --- camera -------------------------------------------------------------- */

static void
test_camera_convert (void)
{
  g_autoptr(DsCamera) cam = ds_camera_new ();
  double vx, vy, wx, wy;

  ds_camera_set_viewport_size (cam, 200, 100);
  ds_camera_set_center (cam, 10, 20);
  ds_camera_set_zoom (cam, 2);
  /* The centre maps to the middle of the view; 5 world units right are 10 px. */
  ds_camera_world_to_view (cam, 10, 20, &vx, &vy);
  g_assert_cmpfloat_with_epsilon (vx, 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (vy, 50, 1e-9);
  ds_camera_world_to_view (cam, 15, 17, &vx, &vy);
  g_assert_cmpfloat_with_epsilon (vx, 110, 1e-9);
  g_assert_cmpfloat_with_epsilon (vy, 44, 1e-9);
  ds_camera_view_to_world (cam, 0, 0, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, -40, 1e-9);
  g_assert_cmpfloat_with_epsilon (wy, -5, 1e-9);
  g_assert_cmpfloat_with_epsilon (ds_camera_get_log_zoom (cam), log (2), 1e-12);
}

static void
test_camera_zoom_at (void)
{
  g_autoptr(DsCamera) cam = ds_camera_new ();
  double wx, wy, cx, cy;

  ds_camera_set_viewport_size (cam, 200, 100);
  /* Zooming x4 at view (150, 25), which shows world (50, -25) at zoom 1,
   * keeps that point there: centre = 50 - 50/4, -25 + 25/4. */
  ds_camera_zoom_at (cam, 150, 25, 4);
  g_assert_cmpfloat_with_epsilon (ds_camera_get_zoom (cam), 4, 1e-9);
  ds_camera_view_to_world (cam, 150, 25, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (wy, -25, 1e-9);
  ds_camera_get_center (cam, &cx, &cy);
  g_assert_cmpfloat_with_epsilon (cx, 37.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (cy, -18.75, 1e-9);

  /* Clamped zoom still keeps the anchor. */
  ds_camera_set_zoom_limits (cam, 0.5, 8);
  ds_camera_zoom_at (cam, 10, 10, 100);
  g_assert_cmpfloat_with_epsilon (ds_camera_get_zoom (cam), 8, 1e-9);
}

static void
test_camera_fit (void)
{
  g_autoptr(DsCamera) cam = ds_camera_new ();
  double cx, cy, x0, y0, x1, y1;

  ds_camera_set_viewport_size (cam, 220, 120);
  /* Available 200 x 100 for a 100 x 25 box: zoom min (2, 4) = 2. */
  ds_camera_fit_bounds (cam, 0, 0, 100, 25, 10);
  g_assert_cmpfloat_with_epsilon (ds_camera_get_zoom (cam), 2, 1e-9);
  ds_camera_get_center (cam, &cx, &cy);
  g_assert_cmpfloat_with_epsilon (cx, 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (cy, 12.5, 1e-9);
  ds_camera_get_visible_bounds (cam, &x0, &y0, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x0, -5, 1e-9);
  g_assert_cmpfloat_with_epsilon (x1, 105, 1e-9);
  g_assert_cmpfloat_with_epsilon (y0, -17.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (y1, 42.5, 1e-9);
}

static void
test_camera_copy (void)
{
  g_autoptr(DsCamera) cam = ds_camera_new ();
  g_autoptr(DsCamera) copy = NULL;
  double cx, cy, vx, vy;

  ds_camera_set_viewport_size (cam, 640, 480);
  ds_camera_set_center (cam, 12.5, -3);
  ds_camera_set_zoom (cam, 1.25 * 1.25 * 1.25);
  copy = ds_camera_copy (cam);
  /* Bit for bit: the copy draws the image the canvas shifts. */
  g_assert_true (ds_camera_get_zoom (copy) == ds_camera_get_zoom (cam));
  g_assert_cmpfloat (ds_camera_get_width (copy), ==, 640);
  g_assert_cmpfloat (ds_camera_get_height (copy), ==, 480);
  ds_camera_get_center (copy, &cx, &cy);
  g_assert_cmpfloat (cx, ==, 12.5);
  g_assert_cmpfloat (cy, ==, -3);
  /* World (12.5, -3) is the view's centre; 8 world units right is
   * 8 * 1.953125 = 15.625 px right of it. */
  ds_camera_world_to_view (copy, 20.5, -3, &vx, &vy);
  g_assert_cmpfloat_with_epsilon (vx, 320 + 15.625, 1e-9);
  g_assert_cmpfloat_with_epsilon (vy, 240, 1e-9);
  /* Independent afterwards. */
  ds_camera_pan_by (cam, 100, 0);
  ds_camera_get_center (copy, &cx, &cy);
  g_assert_cmpfloat (cx, ==, 12.5);
}

/* --- a small landscape --------------------------------------------------- */

enum { ACME, FUND, CLOUDCO, CHIPCO };

/* ACME (company) gets $1B equity from FUND in Jan 2024 at $10B post, a
 * negotiating $2B note from CLOUDCO in Jun 2025, a $20B valuation metric in
 * Mar 2024; CLOUDCO supplies ACME from Jun 2025; CHIPCO has no dated edge. */
static DsLandscape *
small_landscape (void)
{
  DsLandscape *ls = ds_landscape_new ();
  DsEntity e[] = {
    { "acme", "Acme AI", DS_ENTITY_COMPANY, DS_NONE, NULL },
    { "fund", "Big Fund", DS_ENTITY_INVESTOR, DS_NONE, NULL },
    { "cloudco", "CloudCo", DS_ENTITY_CLOUD, DS_NONE, NULL },
    { "chipco", "ChipCo", DS_ENTITY_CHIP, DS_NONE, NULL },
  };
  DsSource src = { "s1", "Acme raises at $10B", "The Paper", 20240115, NULL };
  DsDeal d;
  DsRelation r = { "r1", DS_RELATION_SUPPLIES, CLOUDCO, ACME, 20250600, 0, DS_CONFIDENCE_REPORTED, NULL };
  DsMetric m = { ACME, "valuation_usd", 20240300, 2e10, "usd", 0, DS_CONFIDENCE_REPORTED };

  g_assert_cmpint (ds_landscape_add_source (ls, &src), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    g_assert_cmpint (ds_landscape_add_entity (ls, &e[i]), ==, (int) i);
  ds_deal_init (&d);
  d.id = "fund-acme";
  d.investor = FUND;
  d.target = ACME;
  d.date = 20240115;
  d.amount_usd = 1e9;
  d.instrument = DS_INSTRUMENT_EQUITY;
  d.status = DS_STATUS_CLOSED;
  d.post_money_usd = 1e10;
  d.source = 0;
  ds_landscape_add_deal (ls, &d);
  ds_deal_init (&d);
  d.id = "cloud-acme";
  d.investor = CLOUDCO;
  d.target = ACME;
  d.date = 20250609;
  d.amount_usd = 2e9;
  d.instrument = DS_INSTRUMENT_CONVERTIBLE_NOTE;
  d.status = DS_STATUS_NEGOTIATING;
  d.source = 0;
  ds_landscape_add_deal (ls, &d);
  ds_landscape_add_relation (ls, &r);
  ds_landscape_add_metric (ls, &m);
  ds_landscape_finish (ls);
  return ls;
}

static const double small_x[] = { 0, -100, 100, 0 };
static const double small_y[] = { 0, 0, 0, 100 };

static void
test_scene_at_date (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  g_autoptr(DsScene) mid = NULL, early = NULL, all = NULL;
  DsSceneOptions opts;

  ds_scene_options_init (&opts);
  opts.node_scale = 10;

  /* June 2024: the first deal only; CloudCo enters in 2025; ChipCo has no
   * dated edge, so it is always there. The metric ($20B, Mar 2024) is newer
   * than the round ($10B, Jan 2024). */
  mid = ds_scene_build (ls, D ("2024-06"), small_x, small_y, &opts);
  g_assert_true (mid->node_visible[ACME] && mid->node_visible[FUND] && mid->node_visible[CHIPCO]);
  g_assert_false (mid->node_visible[CLOUDCO]);
  g_assert_cmpuint (mid->n_edges, ==, 1);
  g_assert_cmpstr (mid->edge_label[0], ==, "$1B equity, Jan 2024");
  g_assert_false (mid->edge_dashed[0]);
  g_assert_cmpfloat (mid->node_value[ACME], ==, 2e10);
  /* The largest value gets the full radius. */
  g_assert_cmpfloat_with_epsilon (mid->node_radius[ACME], 10, 1e-9);

  /* Feb 2024: before the metric, the round's post-money counts. */
  early = ds_scene_build (ls, D ("2024-02"), small_x, small_y, &opts);
  g_assert_cmpfloat (early->node_value[ACME], ==, 1e10);

  /* A month means the whole month: "2025-06" shows the note of 9 June. */
  {
    g_autoptr(DsScene) june = ds_scene_build (ls, D ("2025-06"), small_x, small_y, &opts);
    g_assert_true (june->node_visible[CLOUDCO]);
    g_assert_cmpuint (june->n_edges, ==, 3);
    g_assert_cmpint (june->date, ==, D ("2025-06"));
  }

  /* Everything: the pending note is dashed, the supply relation is there. */
  all = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, &opts);
  g_assert_cmpuint (all->n_edges, ==, 3);
  for (guint e = 0; e < all->n_edges; e++)
    if (all->edge_kind[e] == DS_EDGE_DEAL && all->edge_from[e] == CLOUDCO)
      {
        g_assert_true (all->edge_dashed[e]);
        g_assert_cmpstr (all->edge_label[e], ==, "$2B note, Jun 2025, negotiating");
        /* Two edges between CloudCo and Acme: they bend apart. */
        g_assert_cmpfloat (all->edge_bend[e], !=, 0);
      }
    else if (all->edge_kind[e] == DS_EDGE_RELATION)
      g_assert_cmpuint (all->edge_style[e], ==, DS_EDGE_STYLE_RELATION + DS_RELATION_SUPPLIES);
  g_assert_cmpuint (all->kinds_present, ==, (1u << DS_ENTITY_COMPANY) | (1u << DS_ENTITY_INVESTOR)
                                          | (1u << DS_ENTITY_CLOUD) | (1u << DS_ENTITY_CHIP));
}

/* small_landscape's deals: fund-acme on 2024-01-15, cloud-acme on
 * 2025-06-09; a month or a year means the whole period. */
static guint
deals_between (DsDate from, DsDate to, char **only)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  g_autoptr(DsScene) s = NULL;
  DsSceneOptions opts;

  ds_scene_options_init (&opts);
  opts.relation_kinds = 1u << DS_RELATION_INVESTS;
  opts.deals_from = from;
  opts.deals_to = to;
  s = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, &opts);
  g_clear_pointer (only, g_free);
  if (s->n_edges == 1)
    *only = g_strdup (ds_landscape_deal (ls, s->edge_item[0])->id);
  return s->n_edges;
}

/* Sized by valuation (the default), an investor has none, yet the money
 * through it puts its name before a company's of a small valuation: BIG
 * puts $8B into ACME (post $100B), ANGEL $1M into TINY (post $1B). */
static void
test_scene_money_labels (void)
{
  enum { ACME_CO, BIG, TINY, ANGEL };
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  g_autoptr(DsScene) s = NULL;
  DsEntity e[] = {
    { "acme", "Acme AI", DS_ENTITY_COMPANY, DS_NONE, NULL },
    { "big", "Big Investor", DS_ENTITY_INVESTOR, DS_NONE, NULL },
    { "tiny", "Tiny Co", DS_ENTITY_COMPANY, DS_NONE, NULL },
    { "angel", "Angel", DS_ENTITY_INVESTOR, DS_NONE, NULL },
  };
  DsSource src = { "s1", "Rounds", "The Paper", 20240115, NULL };
  const struct { const char *id; guint investor, target; double amount, post; } rounds[] = {
    { "big-acme", BIG, ACME_CO, 8e9, 1e11 },
    { "angel-tiny", ANGEL, TINY, 1e6, 1e9 },
  };
  const double x[] = { 0, 100, 0, 100 }, y[] = { 0, 0, 100, 100 };
  guint rank[4];

  ds_landscape_add_source (ls, &src);
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    ds_landscape_add_entity (ls, &e[i]);
  for (guint k = 0; k < G_N_ELEMENTS (rounds); k++)
    ds_test_add_round (ls, rounds[k].id, rounds[k].investor, rounds[k].target, 20240115, rounds[k].amount, rounds[k].post);
  ds_landscape_finish (ls);
  s = ds_scene_build (ls, DS_DATE_NONE, x, y, NULL);
  g_assert_cmpuint (s->n_node_order, ==, 4);
  for (guint k = 0; k < 4; k++)
    rank[s->label_order[k]] = k;
  /* Radii still say the valuation: the investors take the smallest. */
  g_assert_cmpfloat (s->node_radius[BIG], <, s->node_radius[TINY]);
  /* Labels: ACME and BIG (each $8B through it) before TINY, ANGEL last. */
  g_assert_cmpuint (rank[BIG], <, rank[TINY]);
  g_assert_cmpuint (rank[ACME_CO], <, rank[TINY]);
  g_assert_cmpuint (rank[ANGEL], ==, 3);
}

static void
test_scene_date_range (void)
{
  g_autofree char *only = NULL;

  g_assert_cmpuint (deals_between (DS_DATE_NONE, DS_DATE_NONE, &only), ==, 2);
  g_assert_cmpuint (deals_between (20250000, DS_DATE_NONE, &only), ==, 1);
  g_assert_cmpstr (only, ==, "cloud-acme");
  g_assert_cmpuint (deals_between (DS_DATE_NONE, 20240100, &only), ==, 1);
  g_assert_cmpstr (only, ==, "fund-acme");
  g_assert_cmpuint (deals_between (20240200, 20250500, &only), ==, 0);
  g_assert_cmpuint (deals_between (20250600, 20250600, &only), ==, 1);
  g_assert_cmpstr (only, ==, "cloud-acme");
  /* A day bound is exact: 2025-06-10 starts after the deal. */
  g_assert_cmpuint (deals_between (20250610, DS_DATE_NONE, &only), ==, 0);
}

static void
test_scene_filters_and_focus (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  g_autoptr(DsScene) s = NULL, f = NULL;
  DsSceneOptions opts;

  ds_scene_options_init (&opts);
  opts.relation_kinds = 1u << DS_RELATION_INVESTS;       /* deals only */
  opts.deal_statuses = 1u << DS_STATUS_CLOSED;
  s = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, &opts);
  g_assert_cmpuint (s->n_edges, ==, 1);

  ds_scene_options_init (&opts);
  opts.selected = FUND;
  f = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, &opts);
  /* Fund and its neighbour Acme are highlighted; the rest is dimmed. */
  g_assert_cmpuint (f->node_emphasis[FUND], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (f->node_emphasis[ACME], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (f->node_emphasis[CLOUDCO], ==, DS_EMPHASIS_DIM);
  g_assert_cmpuint (f->node_emphasis[CHIPCO], ==, DS_EMPHASIS_DIM);
  g_assert_true (f->node_flags[FUND] & DS_NODE_SELECTED);
  /* Highlighted nodes are drawn last and labelled first. */
  g_assert_cmpuint (f->node_emphasis[f->node_order[f->n_node_order - 1]], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (f->node_emphasis[f->label_order[0]], ==, DS_EMPHASIS_HIGHLIGHT);

  ds_scene_set_focus (f, DS_NONE, DS_NONE);
  for (guint i = 0; i < f->n_nodes; i++)
    g_assert_cmpuint (f->node_emphasis[i], ==, DS_EMPHASIS_NORMAL);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Eleven deals between one pair and three between another: the three bend
 * -1, 0, +1 steps; the eleven are squeezed into the same +-2 fan (steps of
 * 0.4) instead of reaching +-5 steps, which drew loops across the view. */
static void
test_scene_parallel_bends (void)
{
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  g_autoptr(DsScene) s = NULL;
  DsEntity e[] = {
    { "a", "A", DS_ENTITY_COMPANY, DS_NONE, NULL },
    { "b", "B", DS_ENTITY_INVESTOR, DS_NONE, NULL },
    { "c", "C", DS_ENTITY_INVESTOR, DS_NONE, NULL },
  };
  DsSource src = { "s1", "Rounds", "The Paper", 20240115, NULL };
  double eleven[11], three[3];
  guint n11 = 0, n3 = 0;
  const double x[] = { 0, 100, -100 }, y[] = { 0, 0, 0 };

  g_assert_cmpint (ds_landscape_add_source (ls, &src), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    ds_landscape_add_entity (ls, &e[i]);
  for (guint k = 0; k < 14; k++)
    {
      DsDeal d;
      g_autofree char *id = g_strdup_printf ("d%u", k);

      ds_deal_init (&d);
      d.id = id;
      d.investor = k < 11 ? 1 : 2;
      d.target = 0;
      d.date = 20240101 + k;
      d.amount_usd = 1e6 * (k + 1);
      d.instrument = DS_INSTRUMENT_EQUITY;
      d.status = DS_STATUS_CLOSED;
      d.source = 0;
      ds_landscape_add_deal (ls, &d);
    }
  ds_landscape_finish (ls);
  s = ds_scene_build (ls, DS_DATE_NONE, x, y, NULL);
  g_assert_cmpuint (s->n_edges, ==, 14);
  for (guint i = 0; i < s->n_edges; i++)
    {
      if (s->edge_from[i] == 1)
        eleven[n11++] = s->edge_bend[i];
      else
        three[n3++] = s->edge_bend[i];
    }
  g_assert_cmpuint (n11, ==, 11);
  g_assert_cmpuint (n3, ==, 3);
  qsort (eleven, 11, sizeof (double), compare_doubles);
  qsort (three, 3, sizeof (double), compare_doubles);
  for (guint k = 0; k < 11; k++)
    g_assert_cmpfloat_with_epsilon (eleven[k], -2 + 0.4 * k, 1e-12);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpfloat_with_epsilon (three[k], -1.0 + k, 1e-12);
}

/* A worker keeps a scene alive with its own reference after the canvas
 * dropped it (run under ASan in make test, which would see a use after free). */
static void
test_scene_ref (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  DsScene *s = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, NULL);
  DsScene *held = ds_scene_ref (s);

  g_assert_true (held == s);
  ds_scene_free (s);
  g_assert_cmpuint (held->n_nodes, ==, 4);
  g_assert_cmpstr (held->node_label[ACME], ==, "Acme AI");
  ds_scene_free (held);
}

/* --- hit tests ----------------------------------------------------------- */

/* Two nodes of radius 10 at (0, 0) and (100, 0), one edge of width 2. */
static DsScene *
two_node_scene (void)
{
  DsScene *s = ds_scene_new (2, 1);

  s->node_x[1] = 100;
  for (guint i = 0; i < 2; i++)
    {
      s->node_radius[i] = 10;
      s->node_visible[i] = 1;
      s->node_kind[i] = i == 0 ? DS_ENTITY_COMPANY : DS_ENTITY_INVESTOR;
      s->node_label[i] = i == 0 ? "Left" : "Right";
    }
  s->edge_from[0] = 1;
  s->edge_to[0] = 0;
  s->edge_width[0] = 2;
  ds_scene_finish (s);
  return s;
}

/* A selected deal lights its edge and its two ends only: a path of three
 * nodes 0 - 1 - 2 with edges 0 (0-1) and 1 (1-2), deal edge 1 selected,
 * leaves node 0 and edge 0 dimmed although node 1 touches both. */
static void
test_scene_edge_focus (void)
{
  g_autoptr(DsScene) s = ds_scene_new (3, 2);

  for (guint i = 0; i < 3; i++)
    {
      s->node_x[i] = 100.0 * i;
      s->node_radius[i] = 10;
      s->node_visible[i] = 1;
      s->node_label[i] = "n";
    }
  s->edge_from[0] = 0;
  s->edge_to[0] = 1;
  s->edge_from[1] = 1;
  s->edge_to[1] = 2;
  s->edge_width[0] = s->edge_width[1] = 2;
  ds_scene_finish (s);

  ds_scene_set_edge_focus (s, 1, 0);
  g_assert_true (s->has_focus && s->edge_focused);
  g_assert_cmpuint (s->focus_edge, ==, 1);
  g_assert_cmpuint (s->node_flags[0], ==, DS_NODE_HOVERED);
  g_assert_cmpuint (s->node_flags[1], ==, DS_NODE_SELECTED);
  g_assert_cmpuint (s->node_flags[2], ==, DS_NODE_SELECTED);
  g_assert_cmpuint (s->edge_emphasis[1], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (s->edge_emphasis[0], ==, DS_EMPHASIS_DIM);
  /* The hovered node keeps its ring but is not part of the deal. */
  g_assert_cmpuint (s->node_emphasis[0], ==, DS_EMPHASIS_HIGHLIGHT);
  ds_scene_set_edge_focus (s, 1, DS_NONE);
  g_assert_cmpuint (s->node_emphasis[0], ==, DS_EMPHASIS_DIM);
  g_assert_cmpuint (s->node_emphasis[1], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (s->node_emphasis[2], ==, DS_EMPHASIS_HIGHLIGHT);

  /* Moving the nodes keeps the deal's focus; a node focus replaces it. */
  ds_scene_set_positions (s, (double[]) { 0, 50, 100 }, (double[]) { 0, 0, 0 });
  g_assert_true (s->edge_focused);
  g_assert_cmpuint (s->edge_emphasis[0], ==, DS_EMPHASIS_DIM);
  ds_scene_set_focus (s, 0, DS_NONE);
  g_assert_false (s->edge_focused);
  g_assert_cmpuint (s->edge_emphasis[0], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (s->edge_emphasis[1], ==, DS_EMPHASIS_DIM);
  /* An edge that is not there: no focus at all. */
  ds_scene_set_edge_focus (s, 7, DS_NONE);
  g_assert_false (s->has_focus || s->edge_focused);

  /* A repeated node focus has nothing to do, but the same node focus after
   * a deal's, or after the scene changed, is applied again. */
  ds_scene_set_focus (s, 0, DS_NONE);
  ds_scene_set_edge_focus (s, 1, DS_NONE);
  ds_scene_set_focus (s, 0, DS_NONE);
  g_assert_false (s->edge_focused);
  g_assert_cmpuint (s->edge_emphasis[0], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (s->edge_emphasis[1], ==, DS_EMPHASIS_DIM);
  s->node_visible[0] = 0;
  ds_scene_finish (s);
  ds_scene_set_focus (s, 0, DS_NONE);
  g_assert_false (s->has_focus);
  g_assert_cmpuint (s->edge_emphasis[1], ==, DS_EMPHASIS_NORMAL);
}

/* A highlight set (the circles view) lights deal edges by deal index and
 * their ends, dims the rest, gives way to a node's focus and comes back. */
static void
test_scene_highlight (void)
{
  g_autoptr(DsScene) s = ds_scene_new (4, 3);
  const guint8 lit[] = { 0, 1, 0, 0, 0, 0, 0, 1 };

  for (guint i = 0; i < 4; i++)
    {
      s->node_x[i] = 100.0 * i;
      s->node_radius[i] = 10;
      s->node_visible[i] = 1;
    }
  /* Edge 0 is deal 7, edge 1 deal 1, edge 2 a relation with item 1. */
  for (guint e = 0; e < 3; e++)
    {
      s->edge_from[e] = e;
      s->edge_to[e] = e + 1;
      s->edge_width[e] = 1;
    }
  s->edge_item[0] = 7;
  s->edge_item[1] = 1;
  s->edge_item[2] = 1;
  s->edge_kind[2] = DS_EDGE_RELATION;
  ds_scene_finish (s);

  ds_scene_set_highlight (s, lit, G_N_ELEMENTS (lit));
  g_assert_cmpuint (s->edge_emphasis[0], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (s->edge_emphasis[1], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (s->edge_emphasis[2], ==, DS_EMPHASIS_DIM);
  g_assert_cmpuint (s->node_emphasis[2], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (s->node_emphasis[3], ==, DS_EMPHASIS_DIM);
  /* Lit edges are drawn last. */
  g_assert_cmpuint (s->edge_order[0], ==, 2);
  ds_scene_set_focus (s, 3, DS_NONE);
  g_assert_cmpuint (s->edge_emphasis[2], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (s->edge_emphasis[0], ==, DS_EMPHASIS_DIM);
  ds_scene_set_focus (s, DS_NONE, DS_NONE);
  ds_scene_set_positions (s, (double[]) { 0, 50, 100, 150 }, (double[]) { 0, 0, 0, 0 });
  g_assert_cmpuint (s->edge_emphasis[0], ==, DS_EMPHASIS_HIGHLIGHT);
  g_assert_cmpuint (s->node_emphasis[3], ==, DS_EMPHASIS_DIM);
  ds_scene_set_highlight (s, NULL, 0);
  g_assert_null (s->edge_lit);
  g_assert_cmpuint (s->edge_emphasis[2], ==, DS_EMPHASIS_NORMAL);
}

/* Two deals between the same nodes, bent +0.5 and -0.5 steps: in a 100 px
 * edge a step is 22 px, so the control points are 11 px either side of the
 * line and the curves pass 5.5 px from it at their middle. The pointer there
 * hits that curve, not the other (nor nothing, as the straight line would
 * have it with a 3 px tolerance). */
static void
test_hit_curved_edges (void)
{
  g_autoptr(DsScene) s = ds_scene_new (2, 2);
  g_autoptr(DsHitTest) hit = NULL;
  g_autoptr(DsCamera) cam = ds_camera_new ();
  guint index = 99;

  s->node_x[1] = 100;
  for (guint i = 0; i < 2; i++)
    {
      s->node_radius[i] = 5;
      s->node_visible[i] = 1;
      s->node_kind[i] = DS_ENTITY_COMPANY;
    }
  for (guint e = 0; e < 2; e++)
    {
      s->edge_from[e] = 0;
      s->edge_to[e] = 1;
      s->edge_width[e] = 2;
      s->edge_bend[e] = e == 0 ? 0.5 : -0.5;
    }
  ds_scene_finish (s);
  hit = ds_hit_test_new (s);
  /* 400 x 200 view centred on (50, 0) at zoom 1: world (x, y) is view (x + 150, y + 100). */
  ds_camera_set_viewport_size (cam, 400, 200);
  ds_camera_set_center (cam, 50, 0);
  g_assert_cmpint (ds_hit_test_query (hit, cam, 200, 105.5, 3, &index), ==, DS_HIT_EDGE);
  g_assert_cmpuint (index, ==, 0);
  g_assert_cmpint (ds_hit_test_query (hit, cam, 200, 94.5, 3, &index), ==, DS_HIT_EDGE);
  g_assert_cmpuint (index, ==, 1);
  /* On the straight line between them, 5.5 px from both: beyond 3 + 1. */
  g_assert_cmpint (ds_hit_test_query (hit, cam, 200, 100, 3, &index), ==, DS_HIT_NONE);
  /* A quarter along, t = 0.25: y = 2 * 0.25 * 0.75 * 11 = 4.125 px. */
  g_assert_cmpint (ds_hit_test_query (hit, cam, 175, 104.125, 1, &index), ==, DS_HIT_EDGE);
  g_assert_cmpuint (index, ==, 0);
}

/* The canvas draws an image with a 100 px margin (label_inset) and shows
 * its middle, x 100..500: a label that would straddle the shown part's edge
 * is left out; labels wholly inside it, or wholly in the margin, stay. One
 * node of radius 10 px, its label tried right, left, below, above and on
 * the diagonals (ds-render.c). */
static guint
labels_placed_at (double view_x, const char *label, double inset)
{
  g_autoptr(DsScene) s = ds_scene_new (1, 0);
  g_autoptr(DsCamera) cam = ds_camera_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 300);
  cairo_t *cr = cairo_create (surface);
  DsRenderOptions opts;
  DsRenderStats stats = { 0 };

  s->node_radius[0] = 10;
  s->node_visible[0] = 1;
  s->node_kind[0] = DS_ENTITY_COMPANY;
  s->node_label[0] = label;
  ds_scene_finish (s);
  /* 600 x 300 view at zoom 1: the node at view (view_x, 150). */
  ds_camera_set_viewport_size (cam, 600, 300);
  ds_camera_set_center (cam, 300 - view_x, 0);
  ds_render_options_init (&opts);
  opts.show_legend = FALSE;
  opts.label_inset = inset;
  opts.stats = &stats;
  ds_render_graph (cr, s, cam, NULL, &opts);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return stats.labels_placed;
}

static void
test_render_label_inset (void)
{
  /* Wider than 170 px at the theme's font size: centred above or below a
   * node at x = 85 it would start left of the image. */
  const char *longer = "Acme Artificial Intelligence Holdings Incorporated";

  g_assert_cmpuint (labels_placed_at (300, longer, 100), ==, 1);
  /* At x = 85 the only spot in the image is to the right, from x = 99.5:
   * across the shown part's left edge. Without an inset it is taken. */
  g_assert_cmpuint (labels_placed_at (85, longer, 0), ==, 1);
  g_assert_cmpuint (labels_placed_at (85, longer, 100), ==, 0);
  /* At x = 520 the only spot is to the left, ending at 505.5: across 500.
   * (At 510 it would end at 495.5, inside, and be kept.) */
  g_assert_cmpuint (labels_placed_at (520, longer, 0), ==, 1);
  g_assert_cmpuint (labels_placed_at (520, longer, 100), ==, 0);
  g_assert_cmpuint (labels_placed_at (510, longer, 100), ==, 1);
  /* A short label right of a node at x = 40 lies wholly in the margin. */
  g_assert_cmpuint (labels_placed_at (40, "Acme", 100), ==, 1);
}

/* A hub ringed by 24 unlabelled neighbours has no free spot around it; its
 * name then goes on its own glyph, when it is a hub (radius 12 px or more,
 * ds-render.c) or among the overview's first labels (the first
 * `overview` of the label order), and a small node in the same place
 * stays unlabelled. */
static guint
hub_labels_placed (double hub_radius,
                   guint  overview)
{
  const guint ring = 24;
  g_autoptr(DsScene) s = ds_scene_new (ring + 1, 0);
  g_autoptr(DsCamera) cam = ds_camera_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
  cairo_t *cr = cairo_create (surface);
  DsRenderOptions opts;
  DsRenderStats stats = { 0 };
  double x[25], y[25];

  x[0] = y[0] = 0;
  s->node_radius[0] = hub_radius;
  s->node_label[0] = "Hub Holdings";
  s->node_importance[0] = 1;   /* first in the label order */
  for (guint i = 0; i <= ring; i++)
    {
      s->node_visible[i] = 1;
      s->node_kind[i] = DS_ENTITY_COMPANY;
      if (i == 0)
        continue;
      /* Touching circles of radius 9 at 40 px from the centre, every 15 degrees. */
      x[i] = 40 * cos (2 * G_PI * i / ring);
      y[i] = 40 * sin (2 * G_PI * i / ring);
      s->node_radius[i] = 9;
    }
  ds_scene_set_positions (s, x, y);
  ds_scene_finish (s);
  ds_camera_set_viewport_size (cam, 600, 400);
  ds_camera_set_center (cam, 0, 0);
  ds_render_options_init (&opts);
  opts.show_legend = FALSE;
  opts.overview_labels = overview;
  opts.stats = &stats;
  ds_render_graph (cr, s, cam, NULL, &opts);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return stats.labels_placed;
}

static void
test_render_hub_label (void)
{
  g_assert_cmpuint (hub_labels_placed (28, 0), ==, 1);
  g_assert_cmpuint (hub_labels_placed (11, 0), ==, 0);
  /* The most important name of the view (an investor deep in its deals). */
  g_assert_cmpuint (hub_labels_placed (11, 1), ==, 1);
}

static void
test_hit_nodes_and_edges (void)
{
  g_autoptr(DsScene) s = two_node_scene ();
  g_autoptr(DsHitTest) hit = ds_hit_test_new (s);
  g_autoptr(DsCamera) cam = ds_camera_new ();
  guint index = 99;

  /* 400 x 200 view centred on (50, 0) at zoom 1: node 0 is at view (150, 100). */
  ds_camera_set_viewport_size (cam, 400, 200);
  ds_camera_set_center (cam, 50, 0);
  g_assert_cmpint (ds_hit_test_query (hit, cam, 152, 101, 0, &index), ==, DS_HIT_NODE);
  g_assert_cmpuint (index, ==, 0);
  g_assert_cmpint (ds_hit_test_query (hit, cam, 255, 95, 0, &index), ==, DS_HIT_NODE);
  g_assert_cmpuint (index, ==, 1);
  /* Midway along the edge, 2 px off its centre line: within 1 + 3 px. */
  g_assert_cmpint (ds_hit_test_query (hit, cam, 200, 102, 3, &index), ==, DS_HIT_EDGE);
  g_assert_cmpuint (index, ==, 0);
  /* 50 px below the edge: nothing. */
  g_assert_cmpint (ds_hit_test_query (hit, cam, 200, 150, 3, &index), ==, DS_HIT_NONE);

  /* Zoomed out to 0.05 a node is drawn (and hit) at one pixel at least. */
  ds_camera_set_zoom (cam, 0.05);
  g_assert_cmpint (ds_hit_test_query (hit, cam, 200 - 2.5 + 0.5, 100, 0, &index), ==, DS_HIT_NODE);
  g_assert_cmpuint (index, ==, 0);
}

/* --- reference images ---------------------------------------------------- */

static cairo_surface_t *
render_scene (const DsScene *s, const char *theme, gboolean labels, int w, int h)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  DsRenderOptions ro;
  DsGraphPage page = { s, ds_theme_get (theme), &ro, 20 };

  ds_render_options_init (&ro);
  ro.show_labels = labels;
  ro.show_edge_labels = labels;
  ro.show_legend = labels;
  ds_render_graph_page (cr, w, h, &page);
  cairo_destroy (cr);
  return surface;
}

/* Mean absolute difference per channel, and the share of pixels off by
 * more than 64 in any channel: fonts and antialiasing differ a little from
 * machine to machine, shapes and colours must not. */
static void
compare_images (cairo_surface_t *got, cairo_surface_t *want, double *mean, double *share)
{
  int w = cairo_image_surface_get_width (got), h = cairo_image_surface_get_height (got);
  int sg = cairo_image_surface_get_stride (got), sw = cairo_image_surface_get_stride (want);
  const guint8 *g = cairo_image_surface_get_data (got), *r = cairo_image_surface_get_data (want);
  double sum = 0;
  guint64 off = 0;

  g_assert_cmpint (cairo_image_surface_get_width (want), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (want), ==, h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int worst = 0;
        for (int c = 0; c < 4; c++)
          {
            int d = abs (g[y * sg + 4 * x + c] - r[y * sw + 4 * x + c]);
            sum += d;
            worst = MAX (worst, d);
          }
        off += worst > 64;
      }
  *mean = sum / (4.0 * w * h);
  *share = (double) off / ((double) w * h);
}

static void
check_reference (const char *name, cairo_surface_t *got)
{
  const char *root = g_getenv ("DS_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root ? root : "..", "tests", "data", "render", name, NULL);
  cairo_surface_t *want;
  double mean, share;

  cairo_surface_flush (got);
  if (g_strcmp0 (g_getenv ("DS_UPDATE_REFERENCE"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (got, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("updated %s", path);
      return;
    }
  want = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (want) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (want);
      g_test_fail_printf ("reference %s is missing: run with DS_UPDATE_REFERENCE=1", path);
      return;
    }
  compare_images (got, want, &mean, &share);
  g_test_message ("%s: mean diff %.3f, pixels off %.4f%%", name, mean, share * 100);
  if (mean > 2.0 || share > 0.01)
    {
      g_autofree char *actual = g_strdup_printf ("%s/%s.actual.png", g_get_tmp_dir (), name);
      cairo_surface_write_to_png (got, actual);
      g_test_fail_printf ("%s differs from its reference (mean %.3f, %.3f%% pixels off); see %s",
                          name, mean, share * 100, actual);
    }
  cairo_surface_destroy (want);
}

static void
test_reference_glyphs (void)
{
  /* One glyph of each kind on a row, edges of every instrument between
   * neighbours, the third one pending (dashed): no text, so exact anywhere. */
  g_autoptr(DsScene) s = ds_scene_new (DS_ENTITY_N_KINDS, DS_ENTITY_N_KINDS - 1);
  cairo_surface_t *got;

  for (guint i = 0; i < DS_ENTITY_N_KINDS; i++)
    {
      s->node_x[i] = i * 60;
      s->node_y[i] = (i % 2) * 40;
      s->node_radius[i] = 10 + 2 * i;
      s->node_kind[i] = i;
      s->node_visible[i] = 1;
    }
  for (guint e = 0; e + 1 < DS_ENTITY_N_KINDS; e++)
    {
      s->edge_from[e] = e;
      s->edge_to[e] = e + 1;
      s->edge_style[e] = e % DS_EDGE_N_STYLES;
      s->edge_width[e] = 1 + e;
      s->edge_dashed[e] = e == 2;
    }
  ds_scene_finish (s);
  got = render_scene (s, "light", FALSE, 480, 160);
  check_reference ("glyphs-light.png", got);
  cairo_surface_destroy (got);
}

static void
test_reference_small_dark (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  g_autoptr(DsScene) s = NULL;
  DsSceneOptions opts;
  cairo_surface_t *got;

  ds_scene_options_init (&opts);
  opts.node_scale = 25;
  opts.selected = ACME;
  s = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, &opts);
  got = render_scene (s, "dark", TRUE, 480, 320);
  check_reference ("small-dark.png", got);
  cairo_surface_destroy (got);
}

/* --- level of detail ----------------------------------------------------- */

static void
test_render_lod (void)
{
  const guint n = 5000, m = 8000;
  g_autoptr(DsScene) s = ds_scene_new (n, m);
  g_autoptr(DsCamera) cam = ds_camera_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 480);
  cairo_t *cr = cairo_create (surface);
  DsRenderStats stats;
  DsRenderOptions ro;
  GRand *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < n; i++)
    {
      s->node_x[i] = g_rand_double_range (rand, 0, 1000);
      s->node_y[i] = g_rand_double_range (rand, 0, 1000);
      s->node_radius[i] = 2 + 3 * g_rand_double (rand);
      s->node_kind[i] = g_rand_int_range (rand, 0, DS_ENTITY_N_KINDS);
      s->node_visible[i] = 1;
      s->node_importance[i] = s->node_radius[i];
      s->node_label[i] = "Label";
    }
  for (guint e = 0; e < m; e++)
    {
      s->edge_from[e] = g_rand_int_range (rand, 0, n);
      s->edge_to[e] = g_rand_int_range (rand, 0, n);
      s->edge_width[e] = 0.5;
    }
  g_rand_free (rand);
  ds_scene_finish (s);

  ds_render_options_init (&ro);
  ro.stats = &stats;
  ds_camera_set_viewport_size (cam, 640, 480);
  ds_camera_fit_bounds (cam, s->x0, s->y0, s->x1, s->y1, 0);
  ds_render_graph (cr, s, cam, NULL, &ro);
  /* Full view at zoom ~0.48: every node drawn, all as tiny squares (r < 2.5 px),
   * so only the 20 largest may have a label (overview_labels), below
   * label_min_radius (4 px); some of them find room. */
  g_assert_cmpuint (stats.nodes_drawn, ==, n);
  g_assert_cmpuint (stats.nodes_as_glyphs, ==, 0);
  g_assert_cmpuint (stats.labels_placed, >, 0);
  g_assert_cmpuint (stats.labels_placed, <=, 20);
  ro.overview_labels = 0;
  ds_render_graph (cr, s, cam, NULL, &ro);
  g_assert_cmpuint (stats.labels_placed, ==, 0);
  ro.overview_labels = 20;

  /* Zoomed 20x on the centre: a 32 x 24 world window holds about
   * 5000 * 768 / 1e6 = 3.8 nodes (plus those overlapping the border). */
  ds_camera_zoom_at (cam, 320, 240, 20);
  ds_render_graph (cr, s, cam, NULL, &ro);
  g_assert_cmpuint (stats.nodes_drawn, <, 40);
  g_assert_cmpuint (stats.edges_drawn, <, m / 10);
  g_assert_cmpuint (stats.labels_placed, <=, stats.nodes_drawn);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* --- label collisions ---------------------------------------------------- */

/* A dense random graph with names of every length and labelled edges. */
static DsScene *
crowded_scene (guint n, guint m, GPtrArray *names)
{
  DsScene *s = ds_scene_new (n, m);
  GRand *rand = g_rand_new_with_seed (11);
  static const char *words[] = { "Acme", "Frontier", "Compute", "Holdings", "AI", "Capital",
                                 "Labs", "Partners", "Systems", "Ventures", "Cloud", "Fund" };

  for (guint i = 0; i < n; i++)
    {
      GString *name = g_string_new (words[g_rand_int_range (rand, 0, 12)]);
      for (int w = g_rand_int_range (rand, 0, 4); w > 0; w--)
        g_string_append_printf (name, " %s", words[g_rand_int_range (rand, 0, 12)]);
      g_ptr_array_add (names, g_string_free (name, FALSE));
      s->node_x[i] = g_rand_double_range (rand, 0, 800);
      s->node_y[i] = g_rand_double_range (rand, 0, 500);
      s->node_radius[i] = 3 + 14 * pow (g_rand_double (rand), 3);
      s->node_kind[i] = g_rand_int_range (rand, 0, DS_ENTITY_N_KINDS);
      s->node_visible[i] = 1;
      s->node_importance[i] = s->node_radius[i];
      s->node_label[i] = names->pdata[names->len - 1];
    }
  for (guint e = 0; e < m; e++)
    {
      s->edge_from[e] = g_rand_int_range (rand, 0, n);
      s->edge_to[e] = g_rand_int_range (rand, 0, n);
      s->edge_width[e] = 1;
      s->edge_label[e] = e % 3 == 0 ? "$1.25B note, Nov 2024" : NULL;
    }
  g_rand_free (rand);
  ds_scene_finish (s);
  return s;
}

/* Renders with a text sink attached: what was written, where. */
static DsTextSink *
render_text (const DsScene *s, DsCamera *cam, const DsRenderOptions *opts)
{
  DsTextSink *sink = ds_text_sink_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 960, 600);
  cairo_t *cr;

  ds_text_sink_attach (sink, surface);
  cr = cairo_create (surface);
  ds_render_graph (cr, s, cam, NULL, opts);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return sink;
}

/* The measure itself: two labels drawn on one spot overlap, labels side
 * by side do not, and the runs of one label never count against it. */
static void
test_labels_overlap_counter (void)
{
  g_autoptr(DsTextSink) sink = ds_text_sink_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 200);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoRectangle logical;

  ds_text_sink_attach (sink, surface);
  /* Latin and Greek: two runs of one layout (two fonts maybe, one line). */
  pango_layout_set_text (layout, "Acme \u0391\u03b2\u03b3", -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  cairo_move_to (cr, 10, 10);
  ds_text_show (cr, layout);
  g_assert_cmpuint (ds_text_sink_count_overlaps (sink, 0.5), ==, 0);
  /* Right next to it, then below it: touching, not overlapping. */
  cairo_move_to (cr, 10 + logical.width, 10);
  ds_text_show (cr, layout);
  cairo_move_to (cr, 10, 10 + logical.height);
  ds_text_show (cr, layout);
  g_assert_cmpuint (ds_text_sink_count_overlaps (sink, 0.5), ==, 0);
  /* Half a label to the right of the first, on its line: one overlap with
   * the first and one with the second. */
  cairo_move_to (cr, 10 + logical.width / 2.0, 10);
  ds_text_show (cr, layout);
  g_assert_cmpuint (ds_text_sink_count_overlaps (sink, 0.5), >=, 2);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* No two labels (node, edge, caption, legend) overlap at any zoom, with
 * enough of them placed that the check means something. */
static void
test_labels_no_overlap (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DsScene) s = crowded_scene (1500, 2400, names);
  g_autoptr(DsCamera) cam = ds_camera_new ();
  const double zooms[] = { 1, 2, 4, 8 };
  DsRenderOptions opts;
  DsRenderStats stats;

  ds_render_options_init (&opts);
  opts.caption = "A crowded landscape, Nov 2025";
  opts.label_min_radius = 3;
  opts.max_label_tries = 5000;
  opts.stats = &stats;
  ds_camera_set_viewport_size (cam, 960, 600);
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autoptr(DsTextSink) sink = NULL;
      ds_camera_fit_bounds (cam, s->x0, s->y0, s->x1, s->y1, 0);
      ds_camera_zoom_at (cam, 300, 200, zooms[z]);
      sink = render_text (s, cam, &opts);
      g_test_message ("zoom %g: %u node labels, %u edge labels, %u runs", zooms[z], stats.labels_placed,
                      stats.edge_labels_placed, ds_text_sink_get_n_runs (sink));
      g_assert_cmpuint (stats.labels_placed, >=, 10);
      g_assert_cmpuint (ds_text_sink_get_n_runs (sink), >=, stats.labels_placed + stats.edge_labels_placed);
      g_assert_cmpuint (ds_text_sink_count_overlaps (sink, 0.5), ==, 0);
    }
}

/* The selected node's name on demand: a node too small for a label, whose
 * spots a larger neighbour's label takes, gets its label first when it is
 * the priority node; the neighbour makes way, and nothing overlaps. */
static void
test_labels_priority (void)
{
  g_autoptr(DsScene) s = ds_scene_new (2, 0);
  g_autoptr(DsCamera) cam = ds_camera_new ();
  DsRenderOptions opts;
  DsRenderStats stats;
  double x[2] = { 0, 14 }, y[2] = { 0, 0 };

  s->node_radius[0] = 12;
  s->node_radius[1] = 2;      /* below label_min_radius (4 px) */
  s->node_label[0] = "Big Holdings";
  s->node_label[1] = "Tiny Labs";
  for (guint i = 0; i < 2; i++)
    {
      s->node_visible[i] = 1;
      s->node_kind[i] = DS_ENTITY_COMPANY;
      s->node_importance[i] = s->node_radius[i];
    }
  ds_scene_set_positions (s, x, y);
  ds_scene_finish (s);
  ds_camera_set_viewport_size (cam, 600, 400);
  ds_camera_set_center (cam, 0, 0);
  ds_render_options_init (&opts);
  opts.show_legend = FALSE;
  opts.stats = &stats;
  {
    g_autoptr(DsTextSink) sink = render_text (s, cam, &opts);
    g_assert_cmpuint (stats.labels_placed, ==, 1);
  }
  opts.priority_node = 1;
  {
    g_autoptr(DsTextSink) sink = render_text (s, cam, &opts);
    g_assert_cmpuint (stats.labels_placed, ==, 2);
    g_assert_cmpuint (ds_text_sink_count_overlaps (sink, 0.5), ==, 0);
  }
  /* Labels off (the app's Show Labels unticked): the priority node, the
   * selected one, still gets its name and only it; with none, no text. */
  opts.show_labels = FALSE;
  {
    g_autoptr(DsTextSink) sink = render_text (s, cam, &opts);
    g_assert_cmpuint (stats.labels_placed, ==, 1);
    g_assert_cmpuint (ds_text_sink_get_n_runs (sink), ==, 1);
  }
  opts.priority_node = -1;
  {
    g_autoptr(DsTextSink) sink = render_text (s, cam, &opts);
    g_assert_cmpuint (stats.labels_placed, ==, 0);
    g_assert_cmpuint (ds_text_sink_get_n_runs (sink), ==, 0);
  }
}

/* A fork refocuses and moves nodes without touching its base (which a
 * worker may be drawing): the base keeps its emphasis and positions, and
 * either may go first. */
static void
test_scene_fork (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  DsScene *base = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, NULL);
  DsScene *fork = ds_scene_fork (base);
  g_autofree guint8 *before = g_memdup2 (base->node_emphasis, base->n_nodes);
  g_autofree double *x = g_memdup2 (small_x, sizeof small_x), *y = g_memdup2 (small_y, sizeof small_y);
  const guint32 moved[] = { 1 };
  double x1 = base->x1;
  guint dimmed = 0;

  g_assert_true (fork->node_emphasis != base->node_emphasis);
  g_assert_true (fork->node_x != base->node_x);
  g_assert_true (fork->node_label == base->node_label);
  ds_scene_set_focus (fork, 0, DS_NONE);
  for (guint i = 0; i < fork->n_nodes; i++)
    dimmed += fork->node_emphasis[i] == DS_EMPHASIS_DIM;
  g_assert_cmpuint (dimmed, >, 0);
  g_assert_cmpmem (base->node_emphasis, base->n_nodes, before, base->n_nodes);

  /* Node 1 dragged 1,000 to the right of everything: the fork has it there
   * and its bounds take it in (radius included); the base has not moved. */
  x[1] = x1 + 1000;
  y[1] = -7;
  ds_scene_move_nodes (fork, moved, 1, x, y);
  g_assert_cmpfloat (fork->node_x[1], ==, x1 + 1000);
  g_assert_cmpfloat (fork->node_y[1], ==, -7);
  g_assert_cmpfloat (fork->x1, ==, x1 + 1000 + fork->node_radius[1]);
  g_assert_cmpfloat (base->node_x[1], ==, small_x[1]);
  g_assert_cmpfloat (base->x1, ==, x1);
  /* Only the listed nodes are read. */
  x[0] = 12345;
  ds_scene_move_nodes (fork, moved, 1, x, y);
  g_assert_cmpfloat (fork->node_x[0], ==, small_x[0]);

  /* The base goes first (the worker done), the fork still has its positions. */
  ds_scene_free (base);
  g_assert_cmpfloat (fork->node_x[0], ==, small_x[0]);
  g_assert_cmpfloat (fork->node_x[1], ==, x1 + 1000);
  ds_scene_free (fork);
}

/* The deals of a scene of more than DS_SCENE_EAGER_EDGE_LABELS edges get
 * their labels on demand, the same text as a small scene's. */
static void
test_scene_lazy_edge_labels (void)
{
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  g_autoptr(DsScene) big = NULL;
  g_autoptr(DsScene) small = NULL;
  DsSource source = { "src", "A source", "Publisher", 20250101, NULL };
  DsEntity a = { "fund", "Fund", DS_ENTITY_INVESTOR, DS_NONE, NULL };
  DsEntity b = { "acme", "Acme", DS_ENTITY_COMPANY, DS_NONE, NULL };
  double x[2] = { 0, 100 }, y[2] = { 0, 0 };
  char buf[DS_SCENE_EDGE_LABEL_SIZE];
  guint n_deals = 0;

  ds_landscape_add_source (ls, &source);
  ds_landscape_add_entity (ls, &a);
  ds_landscape_add_entity (ls, &b);
  for (guint i = 0; i <= DS_SCENE_EAGER_EDGE_LABELS; i++)
    {
      g_autofree char *id = g_strdup_printf ("deal-%u", i);
      DsDeal d;

      ds_deal_init (&d);
      d.id = id;
      d.investor = 0;
      d.target = 1;
      /* The first one in 2024, the rest in 2025. */
      d.date = i == 0 ? 20240115 : 20250301;
      d.amount_usd = 1e9;
      d.instrument = DS_INSTRUMENT_EQUITY;
      d.status = DS_STATUS_CLOSED;
      d.source = 0;
      d.confidence = DS_CONFIDENCE_REPORTED;
      ds_landscape_add_deal (ls, &d);
    }
  ds_landscape_finish (ls);

  big = ds_scene_build (ls, DS_DATE_NONE, x, y, NULL);
  small = ds_scene_build (ls, 20241231, x, y, NULL);
  for (guint e = 0; e < big->n_edges; e++)
    n_deals += big->edge_kind[e] == DS_EDGE_DEAL;
  g_assert_cmpuint (n_deals, ==, DS_SCENE_EAGER_EDGE_LABELS + 1);
  g_assert_true (big->lazy_edge_labels);
  g_assert_false (small->lazy_edge_labels);
  g_assert_cmpuint (small->n_edges, ==, 1);
  g_assert_cmpstr (small->edge_label[0], ==, "$1B equity, Jan 2024");
  g_assert_cmpstr (ds_scene_edge_label (small, 0, buf), ==, "$1B equity, Jan 2024");
  for (guint e = 0; e < big->n_edges; e++)
    if (big->edge_kind[e] == DS_EDGE_DEAL)
      {
        g_assert_null (big->edge_label[e]);
        g_assert_cmpstr (ds_scene_edge_label (big, e, buf), ==,
                         big->edge_item[e] == 0 ? "$1B equity, Jan 2024" : "$1B equity, Mar 2025");
      }
  /* Every deal may be labelled: they are all in the label order. */
  g_assert_cmpuint (big->n_edge_labels, ==, DS_SCENE_EAGER_EDGE_LABELS + 1);
}

/* A scene big enough for the radix sort (thousands of edges, keys with
 * many ties, negative, zero) and for its orders to be sorted by a second
 * thread (over 50,000 edges): every order is sorted as documented, ties
 * by index, and holds each index once. */
static void
test_scene_orders_sorted (void)
{
  const guint n_nodes = 6000, n_edges = 60000;
  g_autoptr(DsScene) s = ds_scene_new (n_nodes, n_edges);
  g_autofree double *x = g_new (double, n_nodes), *y = g_new (double, n_nodes);
  g_autofree guint8 *seen = g_new0 (guint8, n_edges);
  guint32 state = 12345;

  for (guint i = 0; i < n_nodes; i++)
    {
      state = state * 1103515245u + 12345u;
      s->node_visible[i] = 1;
      s->node_kind[i] = DS_ENTITY_COMPANY;
      s->node_radius[i] = 2 + (state >> 16) % 5;
      s->node_importance[i] = (state >> 20) % 7;   /* ties */
      x[i] = i % 100;
      y[i] = i / 100;
    }
  for (guint e = 0; e < n_edges; e++)
    {
      state = state * 1103515245u + 12345u;
      s->edge_from[e] = e % n_nodes;
      s->edge_to[e] = (e * 7 + 1) % n_nodes;
      s->edge_kind[e] = DS_EDGE_DEAL;
      s->edge_style[e] = (state >> 16) % 3;
      s->edge_width[e] = 1 + (state >> 18) % 4;
      s->edge_importance[e] = (state >> 22) % 5 == 0 ? 0 : (double) ((state >> 24) % 9);
    }
  /* Deal labels made on demand, as in a big landscape's scene. */
  s->lazy_edge_labels = TRUE;
  ds_scene_set_positions (s, x, y);
  ds_scene_finish (s);

  g_assert_cmpuint (s->n_node_order, ==, n_nodes);
  for (guint k = 1; k < n_nodes; k++)
    {
      guint32 a = s->node_order[k - 1], b = s->node_order[k];
      /* Drawing order: least important first, so the big ones end on top. */
      g_assert_true (s->node_importance[a] < s->node_importance[b]
                     || (s->node_importance[a] == s->node_importance[b] && a < b));
    }
  for (guint k = 0; k < n_edges; k++)
    {
      guint32 e = s->edge_lod_order[k];
      g_assert_cmpuint (seen[e], ==, 0);
      seen[e] = 1;
      if (k > 0)
        {
          guint32 p = s->edge_lod_order[k - 1];
          double kp = s->edge_importance[p] * 100 + s->edge_width[p];
          double ke = s->edge_importance[e] * 100 + s->edge_width[e];
          /* Level of detail: most important, then widest, first. */
          g_assert_true (kp > ke || (kp == ke && p < e));
        }
    }
  /* Labels: every deal edge (none is dimmed), most important first. */
  g_assert_cmpuint (s->n_edge_labels, ==, n_edges);
  for (guint k = 1; k < s->n_edge_labels; k++)
    {
      guint32 p = s->edge_label_order[k - 1], e = s->edge_label_order[k];
      g_assert_true (s->edge_importance[p] > s->edge_importance[e]
                     || (s->edge_importance[p] == s->edge_importance[e] && p < e));
    }
}

/* The canvas draws the legend over its image: reserve_legend keeps a
 * label that would sit in the legend's corner out of it. */
static void
test_labels_reserve_legend (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  g_autoptr(DsScene) s = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, NULL);
  g_autoptr(DsCamera) cam = ds_camera_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (surface);
  DsRenderOptions opts;
  DsRenderStats stats;
  double lw, lh, nx, ny;

  ds_render_legend_size (cr, s, ds_theme_get ("light"), 600, &lw, &lh);
  g_assert_cmpfloat (lw, >, 0);
  /* Node 0 drawn 10 px in from the bottom-left corner, under the legend. */
  ds_camera_set_viewport_size (cam, 600, 400);
  ds_camera_set_zoom (cam, 1);
  ds_camera_set_center (cam, s->node_x[0] + 300 - 10, s->node_y[0] - 200 + 10);
  ds_camera_world_to_view (cam, s->node_x[0], s->node_y[0], &nx, &ny);
  g_assert_cmpfloat (fabs (nx - 10), <, 1e-6);
  g_assert_cmpfloat (ny, >, 400 - lh);
  ds_render_options_init (&opts);
  opts.show_legend = FALSE;
  opts.show_edge_labels = FALSE;
  opts.stats = &stats;
  for (int reserve = 0; reserve < 2; reserve++)
    {
      g_autoptr(DsTextSink) sink = NULL;
      g_autoptr(GString) svg = g_string_new (NULL);
      gboolean in_corner = FALSE;
      opts.reserve_legend = reserve;
      sink = render_text (s, cam, &opts);
      ds_text_sink_write_svg (sink, svg);
      in_corner = strstr (svg->str, ">Acme AI</text>") != NULL;
      /* Without the reserve Acme AI's label sits right of it, in the corner. */
      g_assert_cmpint (in_corner, ==, !reserve);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* --- charts -------------------------------------------------------------- */

static void
test_chart_nice_ticks (void)
{
  double t[32];
  guint n;

  /* 0..97 in about 6 ticks: step nice(97/5 = 19.4) = 20. */
  n = ds_chart_nice_ticks (0, 97, 6, t, 32);
  g_assert_cmpuint (n, ==, 6);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (t[i], 20.0 * i, 1e-9);
  /* 0.3..1.7: nice(1.4/5 = 0.28) = 0.2, from 0.2 to 1.8. */
  n = ds_chart_nice_ticks (0.3, 1.7, 6, t, 32);
  g_assert_cmpuint (n, ==, 9);
  g_assert_cmpfloat_with_epsilon (t[0], 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (t[n - 1], 1.8, 1e-9);
  /* 0..4.4e9 dollars: nice(0.88e9) = 1e9. */
  n = ds_chart_nice_ticks (0, 4.4e9, 6, t, 32);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpfloat_with_epsilon (t[5], 5e9, 1);
}

static void
test_chart_log_and_dates (void)
{
  g_autoptr(DsChart) c = ds_chart_new (DS_CHART_LINE, "Valuation");
  guint s;

  ds_chart_set_y_axis (c, DS_CHART_SCALE_LOG, DS_CHART_UNIT_USD, NULL);
  s = ds_chart_add_series (c, "Anthropic", 0, 0);
  ds_chart_add_point (c, s, D ("2025-03-03"), 6.15e10, FALSE);
  ds_chart_add_point (c, s, D ("2024-10"), 1.57e11, FALSE);
  ds_chart_add_point (c, s, D ("2025-09"), 3e11, TRUE);
  ds_chart_prepare (c);
  /* Two decades (1e10..1e12): 1-2-5 ticks, from $10B to $1T. */
  g_assert_cmpuint (ds_chart_get_n_y_ticks (c), ==, 7);
  g_assert_cmpstr (ds_chart_get_y_label (c, 0), ==, "$10B");
  g_assert_cmpstr (ds_chart_get_y_label (c, 1), ==, "$20B");
  g_assert_cmpstr (ds_chart_get_y_label (c, 2), ==, "$50B");
  g_assert_cmpstr (ds_chart_get_y_label (c, 6), ==, "$1T");
  /* Oct 2024 .. Sep 2025 (11 months): quarters from Oct 2024 to Oct 2025. */
  g_assert_cmpuint (ds_chart_get_n_x_ticks (c), ==, 5);
  g_assert_cmpint (ds_chart_get_x_tick (c, 0), ==, 20241001);
  g_assert_cmpstr (ds_chart_get_x_label (c, 1), ==, "Jan 2025");
  g_assert_cmpint (ds_chart_get_x_tick (c, 4), ==, 20251001);
}

static void
test_chart_stacked_crossing (void)
{
  g_autoptr(DsChart) c = ds_chart_new (DS_CHART_STACKED_AREA, "Stakes in Acme");
  guint a, b, series = 99;
  double day;

  ds_chart_set_y_axis (c, DS_CHART_SCALE_LINEAR, DS_CHART_UNIT_PERCENT, NULL);
  ds_chart_set_threshold (c, 0.33, "33% threshold");
  a = ds_chart_add_series (c, "Big Fund", 0, 0);
  b = ds_chart_add_series (c, "CloudCo", 1, DS_SERIES_ASSUMED);
  ds_chart_add_point (c, a, D ("2024-01-01"), 0.2, FALSE);
  ds_chart_add_point (c, a, D ("2025-01-01"), 0.4, FALSE);
  ds_chart_add_point (c, b, D ("2024-01-01"), 0.1, TRUE);
  ds_chart_prepare (c);
  /* Big Fund: 0.2 -> 0.4 over 366 days crosses 0.33 at 0.13 / 0.2 = 65%. */
  g_assert_cmpuint (ds_chart_get_n_crossings (c), ==, 1);
  day = ds_chart_get_crossing (c, 0, &series);
  g_assert_cmpuint (series, ==, a);
  g_assert_cmpfloat_with_epsilon (day - ds_date_to_days (D ("2024-01-01")), 0.65 * 366, 1e-6);
  /* The stack reaches 0.5: percent ticks 0%..50%. */
  g_assert_cmpstr (ds_chart_get_y_label (c, 0), ==, "0%");
  g_assert_cmpstr (ds_chart_get_y_label (c, ds_chart_get_n_y_ticks (c) - 1), ==, "50%");
}

/* --- exports ------------------------------------------------------------- */

static void
draw_small_graph (cairo_t *cr, double w, double h, gpointer data)
{
  ds_render_graph_page (cr, w, h, data);
}

static char *
tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ds-render-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static void
test_export_png_size (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  g_autoptr(DsScene) s = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, NULL);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "graph.png", NULL);
  g_autoptr(GError) error = NULL;
  DsGraphPage page = { s, ds_theme_get ("light"), NULL, 10 };
  cairo_surface_t *png;

  g_assert_true (ds_export_draw (path, DS_EXPORT_PNG, 200, 100, 2, draw_small_graph, &page, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 400);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 200);
  cairo_surface_destroy (png);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export_pdf_text (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  g_autoptr(DsScene) s = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, NULL);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  static const char *headers[] = { "Source", "Title", "Publisher" };
  static const char *cells[] = { "s1", "Acme raises at $10B", "The Paper" };
  DsExportTable table = { ds_theme_get ("light"), "Sources", headers, 3, NULL, cells, 1, 0, "footnote" };
  DsGraphPage page = { s, ds_theme_get ("light"), NULL, 20 };
  DsExportPage pages[] = {
    { draw_small_graph, &page, "Landscape" },
    { ds_export_table_page, &table, "Sources" },
  };
  int status;

  g_assert_true (ds_export_report_pdf (path, "Test report", pages, 2, 800, 500, &error));
  g_assert_no_error (error);
  if (!pdftotext)
    {
      g_test_skip ("pdftotext is not installed");
      g_unlink (path);
      g_rmdir (dir);
      return;
    }
  {
    const char *argv[] = { pdftotext, path, "-", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, &error));
  }
  g_assert_no_error (error);
  /* Real text: the labels, the edge label, the legend and the sources table. */
  g_assert_nonnull (strstr (out, "Acme AI"));
  g_assert_nonnull (strstr (out, "Big Fund"));
  g_assert_nonnull (strstr (out, "$1B equity, Jan 2024"));
  g_assert_nonnull (strstr (out, "Convertible note"));
  g_assert_nonnull (strstr (out, "Acme raises at $10B"));
  g_assert_nonnull (strstr (out, "The Paper"));
  g_assert_nonnull (strstr (out, "\f"));  /* two pages */
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export_svg_parses (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  g_autoptr(DsScene) s = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, NULL);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "graph.svg", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) ctx = NULL;
  GMarkupParser parser = { 0 };
  DsGraphPage page = { s, ds_theme_get ("dark"), NULL, 20 };
  gsize len;

  g_assert_true (ds_export_draw (path, DS_EXPORT_SVG, 640, 400, 1, draw_small_graph, &page, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, &len, &error));
  g_assert_nonnull (strstr (text, "<svg"));
  ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, text, len, &error));
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
}

typedef struct {
  gboolean   in_text;
  GString   *current;
  GPtrArray *texts;       /* the content of every <text> */
  guint      n_outlines;  /* cairo's glyph outlines: <symbol> or glyph ids */
} SvgScan;

static void
svg_start (GMarkupParseContext *ctx, const char *name, const char **attr_names,
           const char **attr_values, gpointer data, GError **error)
{
  SvgScan *scan = data;

  if (g_str_equal (name, "text"))
    {
      gboolean has_length = FALSE;
      for (guint i = 0; attr_names[i]; i++)
        has_length |= g_str_equal (attr_names[i], "textLength");
      g_assert_true (has_length);
      scan->in_text = TRUE;
      g_string_truncate (scan->current, 0);
    }
  if (g_str_equal (name, "symbol"))
    scan->n_outlines++;
  for (guint i = 0; attr_names[i]; i++)
    if (g_str_equal (attr_names[i], "id") && g_str_has_prefix (attr_values[i], "glyph"))
      scan->n_outlines++;
}

static void
svg_end (GMarkupParseContext *ctx, const char *name, gpointer data, GError **error)
{
  SvgScan *scan = data;

  if (g_str_equal (name, "text"))
    {
      g_ptr_array_add (scan->texts, g_strdup (scan->current->str));
      scan->in_text = FALSE;
    }
}

static void
svg_text (GMarkupParseContext *ctx, const char *text, gsize len, gpointer data, GError **error)
{
  SvgScan *scan = data;

  if (scan->in_text)
    g_string_append_len (scan->current, text, len);
}

static gboolean
strv_has (GPtrArray *texts, const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (texts->pdata[i], text))
      return TRUE;
  return FALSE;
}

/* Mean absolute difference of two same-sized PNGs, 0..1 over all channels. */
static double
png_difference (const char *a_path, const char *b_path)
{
  cairo_surface_t *a = cairo_image_surface_create_from_png (a_path);
  cairo_surface_t *b = cairo_image_surface_create_from_png (b_path);
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  double sum = 0;

  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  for (int y = 0; y < h; y++)
    {
      const guint8 *ra = cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a);
      const guint8 *rb = cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b);
      for (int x = 0; x < w * 4; x++)
        sum += abs (ra[x] - rb[x]);
    }
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  return sum / (255.0 * w * h * 4);
}

/* SVG keeps text as text: every label, edge label and legend entry is a
 * <text> (none as glyph outlines), and rsvg draws the file as our PNG
 * export draws the page: the text sits where cairo put it. */
static void
test_export_svg_text (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  g_autoptr(DsScene) s = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, NULL);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *svg = g_build_filename (dir, "graph.svg", NULL);
  g_autofree char *svg_png = g_build_filename (dir, "graph-svg.png", NULL);
  g_autofree char *png = g_build_filename (dir, "graph.png", NULL);
  g_autofree char *bare_png = g_build_filename (dir, "bare.png", NULL);
  g_autofree char *rsvg = g_find_program_in_path ("rsvg-convert");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) ctx = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) current = g_string_new (NULL);
  SvgScan scan = { FALSE, current, texts, 0 };
  GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  DsRenderOptions bare;
  DsGraphPage page = { s, ds_theme_get ("light"), NULL, 20 };
  DsGraphPage bare_page = { s, ds_theme_get ("light"), &bare, 20 };
  double with_text, without_text;
  gsize len;
  int status;

  g_assert_true (ds_export_draw (svg, DS_EXPORT_SVG, 640, 400, 1, draw_small_graph, &page, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &text, &len, &error));
  ctx = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, text, len, &error));
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (scan.n_outlines, ==, 0);
  g_assert_true (strv_has (texts, "Acme AI"));
  g_assert_true (strv_has (texts, "Big Fund"));
  g_assert_true (strv_has (texts, "$1B equity, Jan 2024"));
  g_assert_true (strv_has (texts, "Convertible note"));

  if (rsvg == NULL)
    {
      g_test_message ("rsvg-convert (librsvg2-bin, installed by scripts/install-deps.sh test) is missing");
      g_test_fail ();
      return;
    }
  {
    const char *argv[] = { rsvg, "-w", "640", "-h", "400", "-o", svg_png, svg, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
  }
  g_assert_true (ds_export_draw (png, DS_EXPORT_PNG, 640, 400, 1, draw_small_graph, &page, &error));
  ds_render_options_init (&bare);
  bare.show_labels = bare.show_edge_labels = bare.show_legend = FALSE;
  g_assert_true (ds_export_draw (bare_png, DS_EXPORT_PNG, 640, 400, 1, draw_small_graph, &bare_page, &error));
  g_assert_no_error (error);
  /* Antialiasing and hinting differ between rsvg and cairo's image
   * surface; a label out of place differs like a missing one. */
  with_text = png_difference (png, svg_png);
  without_text = png_difference (png, bare_png);
  g_test_message ("SVG vs PNG %.5f, PNG without text vs PNG %.5f", with_text, without_text);
  g_assert_cmpfloat (with_text, <, without_text / 3);
  ds_test_remove_tree (dir);
}

static void
draw_broken (cairo_t *cr, double w, double h, gpointer data)
{
  /* A singular matrix puts the context in an error state, as a failing
   * draw would. */
  cairo_scale (cr, 0, 0);
}

static void
test_export_unwritable (void)
{
  g_autoptr(DsLandscape) ls = small_landscape ();
  g_autoptr(DsScene) s = ds_scene_build (ls, DS_DATE_NONE, small_x, small_y, NULL);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *keep = g_build_filename (dir, "keep.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "x.png", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  DsGraphPage page = { s, NULL, NULL, 10 };
  GDir *d;

  /* A folder that does not exist: a clear error naming the path. */
  g_assert_false (ds_export_draw (missing, DS_EXPORT_PNG, 100, 100, 1, draw_small_graph, &page, &error));
  g_assert_error (error, DS_EXPORT_ERROR, DS_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_clear_error (&error);

  /* A failed draw leaves the existing file as it was, and no temporary file. */
  g_assert_true (g_file_set_contents (keep, "old", -1, NULL));
  g_assert_false (ds_export_draw (keep, DS_EXPORT_PNG, 100, 100, 1, draw_broken, NULL, &error));
  g_assert_error (error, DS_EXPORT_ERROR, DS_EXPORT_ERROR_DRAW);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (keep, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "old");
  g_clear_pointer (&text, g_free);

  /* A read-only folder (only meaningful when not root, who may write anyway). */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
      g_assert_false (ds_export_draw (keep, DS_EXPORT_PNG, 100, 100, 1, draw_small_graph, &page, &error));
      g_assert_error (error, DS_EXPORT_ERROR, DS_EXPORT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, keep));
      g_clear_error (&error);
      g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
      g_assert_true (g_file_get_contents (keep, &text, NULL, NULL));
      g_assert_cmpstr (text, ==, "old");
    }

  /* A successful export replaces the file whole. */
  g_assert_true (ds_export_draw (keep, DS_EXPORT_PNG, 100, 100, 1, draw_small_graph, &page, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (keep, &text, NULL, NULL));
  g_assert_true (memcmp (text, "\x89PNG", 4) == 0);

  d = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (d), ==, "keep.png");
  g_assert_null (g_dir_read_name (d));
  g_dir_close (d);
  g_unlink (keep);
  g_rmdir (dir);
}

/* --- chart builders on the bundled dataset ------------------------------- */

static DsLandscape *
bundled (void)
{
  g_autoptr(GError) error = NULL;
  DsLandscape *ls = ds_dataset_read_bundled (&error);
  g_assert_no_error (error);
  return ls;
}

static DsIndex
entity (DsLandscape *ls, const char *id)
{
  DsIndex e = ds_landscape_find_entity (ls, id);
  g_assert_cmpint (e, !=, DS_NONE);
  return e;
}

static DsIndex
scenario (DsLandscape *ls, const char *id)
{
  DsIndex s = ds_landscape_find_scenario (ls, id);
  g_assert_cmpint (s, !=, DS_NONE);
  return s;
}

/* The series whose legend name is `name`; fails when absent. */
static guint
series_named (const DsChart *chart, const char *name)
{
  for (guint i = 0; i < ds_chart_get_n_series (chart); i++)
    if (g_str_equal (ds_chart_get_series_name (chart, i), name))
      return i;
  g_error ("no series “%s” in chart “%s”", name, ds_chart_get_title (chart));
  return 0;
}

static void
test_chart_data_stakes (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DsChart) chart = ds_chart_data_stakes (ls, scenario (ls, "base"), entity (ls, "anthropic"), NULL, &error);
  gboolean found_amazon_4b = FALSE;
  const char *sources;

  g_assert_no_error (error);
  g_assert_nonnull (chart);
  g_assert_cmpstr (ds_chart_get_title (chart), ==, "Who owns Anthropic");
  /* Amazon's notes convert at the Series E ($61.5B post): $8B + ... of which
   * Amazon holds 10/61.5 of the company; Google 14% (the facts list). */
  g_assert_cmpfloat_with_epsilon (ds_chart_get_value (chart, series_named (chart, "Amazon"), D ("2025-06-01"), NULL),
                                  10 / 61.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (ds_chart_get_value (chart, series_named (chart, "Google (Alphabet)"), D ("2025-06-01"), NULL),
                                  0.14, 1e-6);
  /* Before Amazon's first note converts it holds nothing yet. */
  g_assert_true (isnan (ds_chart_get_value (chart, series_named (chart, "Amazon"), D ("2023-06-01"), NULL)));
  g_assert_cmpfloat (ds_chart_get_threshold (chart), ==, 0.33);
  /* Monthly samples over the default range: Apr 2023 (first deal) .. Dec 2027. */
  g_assert_true (isfinite (ds_chart_get_value (chart, series_named (chart, "Google (Alphabet)"), D ("2027-12-01"), NULL)));
  g_assert_true (isnan (ds_chart_get_value (chart, series_named (chart, "Google (Alphabet)"), D ("2028-01-01"), NULL)));
  for (guint i = 0; i < ds_chart_get_n_annotations (chart); i++)
    {
      DsDate d;
      const char *label = ds_chart_get_annotation (chart, i, &d);
      if (g_str_equal (label, "$4B Amazon") && d == D ("2024-11-22"))
        found_amazon_4b = TRUE;
    }
  g_assert_true (found_amazon_4b);
  sources = ds_chart_get_sources (chart);
  g_assert_nonnull (strstr (sources, "Amazon 10-Q"));
  g_assert_nonnull (strstr (sources, "model assumptions of base"));
  /* Not a company: refused with the id in the message. */
  g_clear_pointer (&chart, ds_chart_free);
  chart = ds_chart_data_stakes (ls, scenario (ls, "base"), entity (ls, "project-rainier"), NULL, &error);
  g_assert_null (chart);
  g_assert_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "project-rainier"));
}

/* A stake the replay leaves out is said under the chart, in the export too. */
static void
test_chart_data_stakes_note (void)
{
  g_autoptr(DsLandscape) ls = ds_test_two_stakes ("stake_fraction", 20241200, 0.3);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsChart) chart = ds_chart_data_stakes (ls, DS_NONE, DS_TEST_CO_A, NULL, &error);
  g_autoptr(DsLandscape) named = ds_test_two_stakes ("stake_fraction:a", 20241200, 0.3);
  g_autoptr(DsChart) clean = ds_chart_data_stakes (named, DS_NONE, DS_TEST_CO_A, NULL, &error);
  g_autoptr(DsTextSink) sink = ds_text_sink_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 600);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GString) all = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (ds_chart_get_note (chart), "left out"));
  g_assert_nonnull (strstr (ds_chart_get_note (chart), "stake_fraction:a"));
  g_assert_null (ds_chart_get_note (clean));
  /* Named, the stake is placed: 30 % in January 2025. */
  g_assert_cmpfloat_with_epsilon (ds_chart_get_value (clean, series_named (clean, "Fund"), D ("2025-01-01"), NULL),
                                  0.3, 1e-9);

  ds_text_sink_attach (sink, surface);
  ds_chart_draw (chart, cr, 900, 600, ds_theme_get ("light"));
  ds_text_sink_write_svg (sink, all);
  g_assert_nonnull (strstr (all->str, "Note: the stake_fraction metric of fund"));
  g_assert_cmpuint (ds_text_sink_count_overlaps (sink, 0.5), ==, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Eight rounds of one week: four rows of deal labels hold four of them,
 * the other four are left out (their marks stay) rather than written over
 * each other. */
static void
test_chart_annotations_crowded (void)
{
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DsChart) chart = NULL;
  g_autoptr(DsTextSink) sink = ds_text_sink_new ();
  g_autoptr(GString) svg = g_string_new (NULL);
  DsSource src = { "s", "Rounds", "The Paper", 20240115, NULL };
  DsEntity co = { "acme", "Acme", DS_ENTITY_COMPANY, DS_NONE, NULL };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 600);
  cairo_t *cr = cairo_create (surface);
  guint labels = 0;

  ds_landscape_add_source (ls, &src);
  ds_landscape_add_entity (ls, &co);
  for (guint k = 0; k < 8; k++)
    {
      g_autofree char *id = g_strdup_printf ("fund-%u", k);
      g_autofree char *name = g_strdup_printf ("Fund Number %u", k);
      g_autofree char *deal = g_strdup_printf ("fund-%u-acme", k);
      DsEntity fund = { id, name, DS_ENTITY_INVESTOR, DS_NONE, NULL };
      DsIndex f = ds_landscape_add_entity (ls, &fund);

      ds_test_add_round (ls, deal, f, 0, 20240115 + k, 1e6 * (k + 1), 1e8);
    }
  ds_landscape_finish (ls);
  chart = ds_chart_data_stakes (ls, DS_NONE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds_chart_get_n_annotations (chart), ==, 8);

  ds_text_sink_attach (sink, surface);
  ds_chart_draw (chart, cr, 900, 600, ds_theme_get ("light"));
  ds_text_sink_write_svg (sink, svg);
  /* The deal labels: "$1M Fund Number 0" (the legend has the bare names). */
  for (const char *at = svg->str; (at = strstr (at, "M Fund Number ")) != NULL; at++)
    labels++;
  g_assert_cmpuint (labels, ==, 4);
  g_assert_cmpuint (ds_text_sink_count_overlaps (sink, 0.5), ==, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_chart_data_compute (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(GError) error = NULL;
  DsIndex sc = scenario (ls, "base"), dc = entity (ls, "project-rainier");
  g_autoptr(DsChart) power = ds_chart_data_compute (ls, &sc, 1, &dc, 1, DS_COMPUTE_QUANTITY_POWER, NULL, &error);
  g_autoptr(DsChart) chips = ds_chart_data_compute (ls, &sc, 1, &dc, 1, DS_COMPUTE_QUANTITY_ACCELERATORS, NULL, &error);
  g_autoptr(DsChart) flops = ds_chart_data_compute (ls, &sc, 1, &dc, 1, DS_COMPUTE_QUANTITY_EFFECTIVE_FLOPS, NULL, &error);
  g_autoptr(DsChart) flop = ds_chart_data_compute (ls, &sc, 1, &dc, 1, DS_COMPUTE_QUANTITY_CUMULATIVE_FLOP, NULL, &error);
  /* 2.2e6 Trainium2 x 667 TFLOP/s x MFU 0.4 */
  const double eff = 2.2e6 * 667e12 * 0.4;
  double a, b;
  gboolean has_100x = FALSE;

  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (ds_chart_get_value (power, 0, D ("2026-03-01"), NULL), 2.2e9, 1);
  g_assert_cmpfloat_with_epsilon (ds_chart_get_value (chips, 0, D ("2026-03-01"), NULL), 2.2e6, 1e-3);
  g_assert_cmpfloat (fabs (ds_chart_get_value (flops, 0, D ("2026-03-01"), NULL) / eff - 1), <, 1e-9);
  /* Not online in 2024 (power_gw dated 2025). */
  g_assert_cmpfloat (ds_chart_get_value (power, 0, D ("2024-06-01"), NULL), ==, 0);
  /* Cumulative FLOP grows by effective FLOP/s x seconds: Jan .. Jul 2026 is 181 days. */
  a = ds_chart_get_value (flop, 0, D ("2026-01-01"), NULL);
  b = ds_chart_get_value (flop, 0, D ("2026-07-01"), NULL);
  g_assert_cmpfloat (fabs ((b - a) / (eff * 181 * 86400) - 1), <, 1e-6);
  g_assert_true (ds_chart_get_scale (flop) == DS_CHART_SCALE_LOG);
  for (guint i = 0; i < ds_chart_get_n_references (flop); i++)
    {
      const char *label;
      double v = ds_chart_get_reference (flop, i, &label);
      if (v == 100 * 2.1e25)
        has_100x = g_str_has_prefix (label, "100x GPT-4");
    }
  g_assert_true (has_100x);
  g_assert_nonnull (strstr (ds_chart_get_sources (chips), "AWS Neuron"));
  /* A company is not a data center. */
  {
    DsIndex co = entity (ls, "anthropic");
    g_autoptr(DsChart) bad = ds_chart_data_compute (ls, &sc, 1, &co, 1, DS_COMPUTE_QUANTITY_POWER, NULL, &error);
    g_assert_null (bad);
    g_assert_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_INVALID);
  }
  {
    DsComputeQuantity q;
    g_assert_true (ds_compute_quantity_parse ("flop", &q) && q == DS_COMPUTE_QUANTITY_CUMULATIVE_FLOP);
    g_assert_false (ds_compute_quantity_parse ("watts", &q));
  }
}

static void
test_chart_data_valuation_revenue (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(GError) error = NULL;
  DsIndex scs[] = { scenario (ls, "base"), scenario (ls, "slow-buildout") };
  DsIndex co = entity (ls, "anthropic");
  DsChartDataOptions o;
  g_autoptr(DsChart) val = NULL, rev = NULL, lin = NULL;
  gboolean assumed = TRUE;
  guint s0, s1;

  val = ds_chart_data_valuation (ls, scs, 2, &co, 1, NULL, &error);
  g_assert_no_error (error);
  s0 = series_named (val, "Anthropic, Base");
  s1 = series_named (val, "Anthropic, Slow buildout");
  g_assert_cmpint (ds_chart_get_series_flags (val, s0) & DS_SERIES_DASHED, ==, 0);
  g_assert_cmpint (ds_chart_get_series_flags (val, s1) & DS_SERIES_DASHED, !=, 0);
  g_assert_true (ds_chart_get_scale (val) == DS_CHART_SCALE_LOG);
  /* Series F: $183B post-money in Sep 2025, a reported fact. */
  g_assert_cmpfloat (ds_chart_get_value (val, s0, D ("2025-09-01"), &assumed), ==, 183e9);
  g_assert_false (assumed);
  /* Late 2027 lies beyond every fact: projected, so flagged. */
  g_assert_true (isfinite (ds_chart_get_value (val, s0, D ("2027-06-01"), &assumed)));
  g_assert_true (assumed);

  ds_chart_data_options_init (&o);
  o.log_scale = FALSE;
  o.from = D ("2025-01");
  o.to = D ("2025-12");
  o.cursor = D ("2025-06");
  rev = ds_chart_data_revenue (ls, scs, 1, &co, 1, &o, &error);
  g_assert_no_error (error);
  g_assert_true (ds_chart_get_scale (rev) == DS_CHART_SCALE_LINEAR);
  /* The facts list: $875M run-rate in Jan 2025, $4B in Jul 2025. */
  g_assert_cmpfloat (ds_chart_get_value (rev, 0, D ("2025-01-01"), &assumed), ==, 875e6);
  g_assert_false (assumed);
  g_assert_cmpfloat (ds_chart_get_value (rev, 0, D ("2025-07-01"), &assumed), ==, 4e9);
  g_assert_true (isnan (ds_chart_get_value (rev, 0, D ("2024-12-01"), NULL)));
  g_assert_true (isnan (ds_chart_get_value (rev, 0, D ("2026-01-01"), NULL)));
  g_assert_nonnull (strstr (ds_chart_get_sources (rev), "Wall Street Journal"));

  /* An end before the start is refused. */
  o.to = D ("2024-01");
  lin = ds_chart_data_revenue (ls, scs, 1, &co, 1, &o, &error);
  g_assert_null (lin);
  g_assert_error (error, DS_CHART_DATA_ERROR, DS_CHART_DATA_ERROR_INVALID);
}

static void
test_chart_data_assumptions (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(GError) error = NULL;
  guint n = 0, n_info;
  g_auto(GStrv) cells = ds_chart_data_assumption_cells (ls, scenario (ls, "slow-buildout"), &n, &error);
  gboolean threshold = FALSE, scale = FALSE, watts = FALSE;

  g_assert_no_error (error);
  ds_assumptions_list (&n_info);
  g_assert_cmpuint (n, ==, n_info);
  for (guint r = 0; r < n; r++)
    {
      char **row = cells + 4 * r;
      if (g_str_equal (row[0], "assumption.stake_threshold"))
        threshold = g_str_equal (row[1], "0.33") && g_str_equal (row[2], "fraction") && g_str_equal (row[3], "set by base");
      if (g_str_equal (row[0], "assumption.buildout_scale"))
        scale = g_str_equal (row[3], "set by slow-buildout");
      if (g_str_equal (row[0], "assumption.watts_per_accelerator"))
        watts = g_str_equal (row[3], "default") && g_str_has_prefix (row[1], "unset");
    }
  g_assert_true (threshold);
  g_assert_true (scale);
  g_assert_true (watts);
  /* The bundled landscape's busiest company: Anthropic (10 deals). */
  g_assert_cmpint (ds_chart_data_busiest_company (ls), ==, entity (ls, "anthropic"));
}

/* dealscape-cli in a scratch document; returns the exit status. */
static int
run_cli (const char *db, char **out, char **err, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("DS_CLI");
  const char *arg;
  va_list ap;
  int status;

  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  /* Not captured: to /dev/null, as the test's stdout is TAP. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                               out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : G_SPAWN_DEFAULT,
                               NULL, NULL, out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli_chart_views (void)
{
  g_autofree char *dir = NULL, *db = NULL, *pdf = NULL, *png = NULL, *pdftotext = NULL, *text = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (g_getenv ("DS_CLI") == NULL)
    {
      g_test_skip ("DS_CLI is not set (run through meson test)");
      return;
    }
  dir = tmp_dir ();
  db = g_build_filename (dir, "doc.db", NULL);
  pdf = g_build_filename (dir, "report.pdf", NULL);
  png = g_build_filename (dir, "stakes.png", NULL);
  g_assert_cmpint (run_cli (db, NULL, NULL, "init", NULL), ==, 0);

#define RUN(...) (g_free (out), g_free (err), out = err = NULL, run_cli (db, &out, &err, __VA_ARGS__, NULL))
  g_assert_cmpint (RUN ("export", "--view", "stakes", "-o", png), ==, 2);
  g_assert_nonnull (strstr (err, "--company"));
  g_assert_cmpint (RUN ("export", "--view", "stakes", "--company", "no-such-company", "-o", png), ==, 1);
  g_assert_nonnull (strstr (err, "no-such-company"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_cmpint (RUN ("export", "--view", "compute", "--company", "anthropic", "-o", png), ==, 1);
  g_assert_nonnull (strstr (err, "not a datacenter"));
  g_assert_cmpint (RUN ("export", "--view", "compute", "--quantity", "watts", "-o", png), ==, 2);
  g_assert_cmpint (RUN ("export", "--view", "stakes", "--company", "anthropic", "--scenario", "nope", "-o", png), ==, 1);
  g_assert_cmpint (RUN ("export", "--view", "stakes", "--company", "anthropic", "--width", "400", "--height", "300", "-o", png), ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_cmpint (RUN ("export", "--view", "revenue", "--scenario", "base,slow-buildout", "-o", png), ==, 0);
  g_assert_cmpint (RUN ("export", "--view", "compute", "--company", "project-rainier", "--quantity", "flop", "-o", png), ==, 0);
  g_assert_cmpint (RUN ("export", "--view", "report", "--date", "2025-06", "-o", pdf), ==, 0);

  pdftotext = g_find_program_in_path ("pdftotext");
  if (pdftotext)
    {
      const char *argv[] = { pdftotext, pdf, "-", NULL };
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                   &text, NULL, &status, &error));
      g_assert_no_error (error);
      /* Section titles, chart labels, the assumptions table and the sources. */
      g_assert_nonnull (strstr (text, "AI investment landscape, Jun 2025"));
      g_assert_nonnull (strstr (text, "Valuation over time"));
      g_assert_nonnull (strstr (text, "Who owns Anthropic"));
      g_assert_nonnull (strstr (text, "33% threshold (Base)"));
      g_assert_nonnull (strstr (text, "Data center power online"));
      g_assert_nonnull (strstr (text, "Training compute delivered"));
      g_assert_nonnull (strstr (text, "GPT-4"));
      g_assert_nonnull (strstr (text, "Revenue run-rate"));
      g_assert_nonnull (strstr (text, "Assumptions of scenario Base"));
      g_assert_nonnull (strstr (text, "assumption.stake_threshold"));
      g_assert_nonnull (strstr (text, "set by base"));
      g_assert_nonnull (strstr (text, "Amazon"));
      g_assert_nonnull (strstr (text, "Sources: "));
      g_assert_nonnull (strstr (text, "Semafor"));
    }
#undef RUN
  g_unlink (png);
  g_unlink (pdf);
  g_unlink (db);
  {
    /* The document may leave journal files behind. */
    GDir *d = g_dir_open (dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
      }
    if (d)
      g_dir_close (d);
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/format/usd", test_format_usd);
  g_test_add_func ("/render/format/si", test_format_si);
  g_test_add_func ("/render/format/date", test_format_date);
  g_test_add_func ("/render/format/percent", test_format_percent);
  g_test_add_func ("/render/format/count", test_format_count);
  g_test_add_func ("/render/format/localize", test_format_localize);
  g_test_add_func ("/render/format/in-unit", test_format_in_unit);
  g_test_add_func ("/render/theme/lookup", test_theme_lookup);
  g_test_add_func ("/render/camera/convert", test_camera_convert);
  g_test_add_func ("/render/camera/zoom-at", test_camera_zoom_at);
  g_test_add_func ("/render/camera/fit", test_camera_fit);
  g_test_add_func ("/render/camera/copy", test_camera_copy);
  g_test_add_func ("/render/scene/at-date", test_scene_at_date);
  g_test_add_func ("/render/scene/money-labels", test_scene_money_labels);
  g_test_add_func ("/render/scene/filters-and-focus", test_scene_filters_and_focus);
  g_test_add_func ("/render/scene/date-range", test_scene_date_range);
  g_test_add_func ("/render/scene/parallel-bends", test_scene_parallel_bends);
  g_test_add_func ("/render/scene/ref", test_scene_ref);
  g_test_add_func ("/render/scene/edge-focus", test_scene_edge_focus);
  g_test_add_func ("/render/scene/highlight", test_scene_highlight);
  g_test_add_func ("/render/hit/nodes-and-edges", test_hit_nodes_and_edges);
  g_test_add_func ("/render/hit/curved-edges", test_hit_curved_edges);
  g_test_add_func ("/render/reference/glyphs", test_reference_glyphs);
  g_test_add_func ("/render/reference/small-dark", test_reference_small_dark);
  g_test_add_func ("/render/lod", test_render_lod);
  g_test_add_func ("/render/label-inset", test_render_label_inset);
  g_test_add_func ("/render/graph/hub-label", test_render_hub_label);
  g_test_add_func ("/render/chart/nice-ticks", test_chart_nice_ticks);
  g_test_add_func ("/render/chart/log-and-dates", test_chart_log_and_dates);
  g_test_add_func ("/render/chart/stacked-crossing", test_chart_stacked_crossing);
  g_test_add_func ("/render/export/png-size", test_export_png_size);
  g_test_add_func ("/render/export/pdf-text", test_export_pdf_text);
  g_test_add_func ("/render/export/svg-parses", test_export_svg_parses);
  g_test_add_func ("/render/export/svg-text", test_export_svg_text);
  g_test_add_func ("/render/labels/overlap-counter", test_labels_overlap_counter);
  g_test_add_func ("/render/labels/no-overlap", test_labels_no_overlap);
  g_test_add_func ("/render/labels/priority", test_labels_priority);
  g_test_add_func ("/render/scene/orders-sorted", test_scene_orders_sorted);
  g_test_add_func ("/render/scene/fork", test_scene_fork);
  g_test_add_func ("/render/scene/lazy-edge-labels", test_scene_lazy_edge_labels);
  g_test_add_func ("/render/labels/reserve-legend", test_labels_reserve_legend);
  g_test_add_func ("/render/export/unwritable", test_export_unwritable);
  g_test_add_func ("/render/chart-data/stakes", test_chart_data_stakes);
  g_test_add_func ("/render/chart-data/stakes-note", test_chart_data_stakes_note);
  g_test_add_func ("/render/chart/annotations-crowded", test_chart_annotations_crowded);
  g_test_add_func ("/render/chart-data/compute", test_chart_data_compute);
  g_test_add_func ("/render/chart-data/valuation-revenue", test_chart_data_valuation_revenue);
  g_test_add_func ("/render/chart-data/assumptions", test_chart_data_assumptions);
  g_test_add_func ("/render/cli/chart-views", test_cli_chart_views);

  return g_test_run ();
}
