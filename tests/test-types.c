/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-types.c: partial dates, enumeration names and the JSON number
 * format, against hand-written expectations. */
#define G_LOG_DOMAIN "test-types"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-date.h"
#include "ds-json-writer.h"
#include "ds-landscape.h"
#include "ds-memory.h"
#include "ds-types.h"

static void
test_date_parse_precisions (void)
{
  DsDate d;
  char buf[11];

  g_assert_true (ds_date_parse ("2025", &d, NULL));
  g_assert_cmpint (d, ==, 20250000);
  g_assert_cmpint (ds_date_precision (d), ==, 1);
  g_assert_cmpstr (ds_date_format (d, buf), ==, "2025");

  g_assert_true (ds_date_parse ("2023-09", &d, NULL));
  g_assert_cmpint (d, ==, 20230900);
  g_assert_cmpstr (ds_date_format (d, buf), ==, "2023-09");

  g_assert_true (ds_date_parse ("2024-02-29", &d, NULL));
  g_assert_cmpint (d, ==, 20240229);
  g_assert_cmpint (ds_date_precision (d), ==, 3);
  g_assert_cmpstr (ds_date_format (d, buf), ==, "2024-02-29");
}

/* Each period's key sorts after its last day and before the next period. */
static void
test_date_period_end (void)
{
  g_assert_cmpint (ds_date_period_end (20250000), ==, 20259999);
  g_assert_cmpint (ds_date_period_end (20250700), ==, 20250799);
  g_assert_cmpint (ds_date_period_end (20250709), ==, 20250709);
  g_assert_cmpint (ds_date_period_end (DS_DATE_NONE), ==, DS_DATE_NONE);
  g_assert_cmpint (20251231, <=, ds_date_period_end (20250000));
  g_assert_cmpint (ds_date_period_end (20250000), <, 20260000);
  g_assert_cmpint (20250731, <=, ds_date_period_end (20250700));
  g_assert_cmpint (ds_date_period_end (20250700), <, 20250800);
}

/* First and last days are real dates, at any precision. */
static void
test_date_first_last_day (void)
{
  g_assert_cmpint (ds_date_first_day (20250000), ==, 20250101);
  g_assert_cmpint (ds_date_first_day (20250700), ==, 20250701);
  g_assert_cmpint (ds_date_first_day (20250709), ==, 20250709);
  g_assert_cmpint (ds_date_first_day (DS_DATE_NONE), ==, DS_DATE_NONE);
  g_assert_cmpint (ds_date_last_day (20250000), ==, 20251231);
  g_assert_cmpint (ds_date_last_day (20240200), ==, 20240229);
  g_assert_cmpint (ds_date_last_day (20250200), ==, 20250228);
  g_assert_cmpint (ds_date_last_day (20251200), ==, 20251231);
  g_assert_cmpint (ds_date_last_day (20250709), ==, 20250709);
  g_assert_cmpint (ds_date_last_day (DS_DATE_NONE), ==, DS_DATE_NONE);
}

static void
test_date_parse_rejects (void)
{
  const char *bad[] = { "2025-02-29", "2023-02-30", "2025-13", "2025-00", "2025-04-31",
                        "25-01-01", "2025/01/01", "2025-1-1", "", "1800", "abcd", "2025-01-01x" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      DsDate d = 42;
      g_assert_false (ds_date_parse (bad[i], &d, &error));
      g_assert_nonnull (error);
      g_assert_cmpint (d, ==, 42);
      /* The message quotes what was wrong. */
      if (*bad[i])
        g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

static void
test_date_arithmetic (void)
{
  DsDate a, b;

  /* 2023-09-25 to 2024-11-22: 6 + 31 + 30 + 31 + 31 + 29 + 31 + 30 + 31 + 30 + 31 + 31 + 30
   * + 31 + 22 days = 424 (2024 is a leap year). */
  g_assert_true (ds_date_parse ("2023-09-25", &a, NULL));
  g_assert_true (ds_date_parse ("2024-11-22", &b, NULL));
  g_assert_cmpint (ds_date_to_days (b) - ds_date_to_days (a), ==, 424);
  g_assert_cmpfloat_with_epsilon (ds_date_years_between (a, b), 424 / 365.0, 1e-12);
  g_assert_cmpint (ds_date_from_days (ds_date_to_days (a)), ==, a);

  /* A year alone stands for its first day. */
  g_assert_true (ds_date_parse ("2025", &a, NULL));
  g_assert_cmpint (ds_date_from_days (ds_date_to_days (a)), ==, 20250101);

  /* Month arithmetic clamps the day: Jan 31 + 1 month = Feb 28 (2025). */
  g_assert_cmpint (ds_date_add_months (20250131, 1), ==, 20250228);
  g_assert_cmpint (ds_date_add_months (20251115, 3), ==, 20260215);
  g_assert_cmpint (ds_date_add_months (20250315, -4), ==, 20241115);
}

static void
test_enum_names (void)
{
  g_assert_cmpstr (ds_instrument_to_string (DS_INSTRUMENT_CONVERTIBLE_NOTE), ==, "convertible_note");
  g_assert_cmpint (ds_instrument_from_string ("safe"), ==, DS_INSTRUMENT_SAFE);
  g_assert_cmpint (ds_entity_kind_from_string ("datacenter"), ==, DS_ENTITY_DATACENTER);
  g_assert_cmpint (ds_entity_kind_from_string ("Datacenter"), ==, -1);
  g_assert_cmpint (ds_confidence_from_string ("conflicting"), ==, DS_CONFIDENCE_CONFLICTING);
  g_assert_cmpint (ds_relation_kind_from_string ("regulates"), ==, DS_RELATION_REGULATES);
  g_assert_cmpint (ds_deal_status_from_string (NULL), ==, -1);
  g_assert_cmpstr (ds_deal_status_choices (), ==, "closed, announced, negotiating, rumored");
  for (int k = 0; k < DS_ENTITY_N_KINDS; k++)
    g_assert_cmpint (ds_entity_kind_from_string (ds_entity_kind_to_string (k)), ==, k);
  g_assert_true (ds_deal_status_is_pending (DS_STATUS_NEGOTIATING));
  g_assert_false (ds_deal_status_is_pending (DS_STATUS_ANNOUNCED));
}

static void
test_json_numbers (void)
{
  char buf[32];

  g_assert_cmpstr (ds_json_format_double (1250000000, buf), ==, "1250000000");
  g_assert_cmpstr (ds_json_format_double (0.33, buf), ==, "0.33");
  g_assert_cmpstr (ds_json_format_double (0.1 + 0.2, buf), ==, "0.30000000000000004");
  g_assert_cmpstr (ds_json_format_double (4.56e27, buf), ==, "4.56e+27");
  g_assert_cmpstr (ds_json_format_double (-3, buf), ==, "-3");
}

static void
test_json_writer_shape (void)
{
  g_autoptr(DsJsonWriter) w = ds_json_writer_new (FALSE);
  g_autofree char *text = NULL;

  ds_json_writer_begin_object (w);
  ds_json_writer_key (w, "a");
  ds_json_writer_begin_array (w);
  ds_json_writer_number (w, 1);
  ds_json_writer_number (w, NAN);
  ds_json_writer_string (w, "x\"y\n");
  ds_json_writer_end_array (w);
  ds_json_writer_key (w, "b");
  ds_json_writer_begin_object (w);
  ds_json_writer_end_object (w);
  ds_json_writer_end_object (w);
  text = ds_json_writer_steal (g_steal_pointer (&w), NULL);
  g_assert_cmpstr (text, ==, "{\"a\":[1,null,\"x\\\"y\\n\"],\"b\":{}}");
}

static void
test_landscape_index (void)
{
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  DsEntity e = { "amazon", "Amazon", DS_ENTITY_COMPANY, DS_NONE, NULL };
  DsEntity dup = { "amazon", "Again", DS_ENTITY_COMPANY, DS_NONE, NULL };
  DsMetric m1 = { 0, "revenue", 20250700, 4e9, "usd", DS_NONE, DS_CONFIDENCE_ARTICLE };
  DsMetric m0 = { 0, "revenue", 20250100, 8.75e8, "usd", DS_NONE, DS_CONFIDENCE_REPORTED };
  guint first;

  g_assert_cmpint (ds_landscape_add_entity (ls, &e), ==, 0);
  g_assert_cmpint (ds_landscape_add_entity (ls, &dup), ==, DS_NONE);
  g_assert_cmpint (ds_landscape_find_entity (ls, "amazon"), ==, 0);
  g_assert_cmpint (ds_landscape_find_entity (ls, "aws"), ==, DS_NONE);

  ds_landscape_add_metric (ls, &m1);
  ds_landscape_add_metric (ls, &m0);
  ds_landscape_finish (ls);
  g_assert_cmpuint (ds_landscape_metric_series (ls, 0, "revenue", &first), ==, 2);
  g_assert_cmpfloat (ds_landscape_metric (ls, first)->value, ==, 8.75e8);
  g_assert_cmpuint (ds_landscape_metric_series (ls, 0, "valuation", NULL), ==, 0);
}

static gpointer
find_deal_thread (gpointer data)
{
  return GINT_TO_POINTER (ds_landscape_find_deal (data, "deal-77") + 1);
}

static void
assert_days (GArray       *days,
             const DsDate *expected,
             guint         n)
{
  g_assert_cmpuint (days->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (g_array_index (days, double, i), ==, ds_date_to_days (expected[i]));
}

/* The timeline's stops: distinct days in order, a year or month alone
 * being its first day; by the bitmap over close dates, and by the sort
 * for dates millennia apart. */
static void
test_date_distinct_days (void)
{
  const DsDate close[] = { 20250301, 20240000, 20240101, 20230615, 20250301, 20240100 };
  const DsDate close_days[] = { 20230615, 20240101, 20250301 };
  const DsDate far[] = { 99991231, 10101, 10101, 99991231, 15000700 };
  const DsDate far_days[] = { 10101, 15000701, 99991231 };
  g_autoptr(GArray) a = ds_date_distinct_days (close, G_N_ELEMENTS (close));
  g_autoptr(GArray) b = ds_date_distinct_days (far, G_N_ELEMENTS (far));
  g_autoptr(GArray) none = ds_date_distinct_days (NULL, 0);

  assert_days (a, close_days, G_N_ELEMENTS (close_days));
  assert_days (b, far_days, G_N_ELEMENTS (far_days));
  g_assert_cmpuint (none->len, ==, 0);
}

/* Writes deal `id` into the next slot, as the store's read does (no id
 * check), and returns its index. */
static DsIndex
put_deal (DsLandscape *ls,
          const char  *id,
          double       amount)
{
  DsDeal *d = ds_landscape_deal_slots (ls, 1);

  ds_deal_init (d);
  d->id = ds_landscape_intern (ls, id);
  d->investor = 1;
  d->target = 0;
  d->amount_usd = amount;
  ds_landscape_fill_deal_slots (ls, 1);
  return ds_landscape_n_deals (ls) - 1;
}

/* Deals written in place (the store's read) are indexed on the first
 * lookup, from whichever thread comes first; deals added after them are
 * checked against them. */
static void
test_landscape_lazy_deal_index (void)
{
  g_autoptr(DsLandscape) ls = ds_landscape_new ();
  DsEntity a = { "a", "A", DS_ENTITY_COMPANY, DS_NONE, NULL };
  DsEntity b = { "b", "B", DS_ENTITY_INVESTOR, DS_NONE, NULL };
  GThread *threads[4];
  DsDeal d;

  ds_landscape_add_entity (ls, &a);
  ds_landscape_add_entity (ls, &b);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("deal-%u", i);
      g_assert_cmpint (put_deal (ls, id, i), ==, (DsIndex) i);
    }
  /* An id written twice (a damaged file) keeps its first deal. */
  g_assert_cmpint (put_deal (ls, "deal-5", 1e9), ==, 100);

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("find", find_deal_thread, ls);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (threads[t])), ==, 77 + 1);
  g_assert_cmpint (ds_landscape_find_deal (ls, "deal-5"), ==, 5);
  g_assert_cmpint (ds_landscape_find_deal (ls, "deal-100"), ==, DS_NONE);

  /* Written after the index was made, then added: both seen. */
  g_assert_cmpint (put_deal (ls, "late", 1), ==, 101);
  ds_deal_init (&d);
  d.investor = 1;
  d.target = 0;
  d.id = "late";
  g_assert_cmpint (ds_landscape_add_deal (ls, &d), ==, DS_NONE);
  d.id = "later";
  g_assert_cmpint (ds_landscape_add_deal (ls, &d), ==, 102);
  g_assert_cmpint (ds_landscape_find_deal (ls, "late"), ==, 101);
  g_assert_cmpint (ds_landscape_find_deal (ls, "later"), ==, 102);
}

/* The huge-page hint changes nothing of the memory: a large block from
 * ds_memory_alloc0 is zero and usable to its last byte, and the hint on a
 * small block, NULL or an unaligned range is harmless. */
static void
test_memory_alloc0 (void)
{
  const gsize n = (DS_MEMORY_HUGE_MIN / sizeof (guint64)) * 3 + 7;
  g_autofree guint64 *big = ds_memory_alloc0 (n, sizeof (guint64));
  g_autofree char *small = ds_memory_alloc0 (3, 5);
  guint64 sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += big[i];
  g_assert_cmpuint (sum, ==, 0);
  for (gsize i = 0; i < n; i++)
    big[i] = i;
  g_assert_cmpuint (big[n - 1], ==, n - 1);
  for (guint i = 0; i < 15; i++)
    g_assert_cmpint (small[i], ==, 0);
  ds_memory_advise_huge (NULL, DS_MEMORY_HUGE_MIN);
  ds_memory_advise_huge (small, 15);
  ds_memory_advise_huge ((char *) big + 1, n * sizeof (guint64) - 1);
  g_assert_cmpuint (big[1], ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/date/parse/precisions", test_date_parse_precisions);
  g_test_add_func ("/date/parse/rejects-impossible", test_date_parse_rejects);
  g_test_add_func ("/date/arithmetic", test_date_arithmetic);
  g_test_add_func ("/date/period-end", test_date_period_end);
  g_test_add_func ("/date/first-last-day", test_date_first_last_day);
  g_test_add_func ("/date/distinct-days", test_date_distinct_days);
  g_test_add_func ("/types/enum-names", test_enum_names);
  g_test_add_func ("/json/numbers", test_json_numbers);
  g_test_add_func ("/json/writer-shape", test_json_writer_shape);
  g_test_add_func ("/landscape/index", test_landscape_index);
  g_test_add_func ("/landscape/lazy-deal-index", test_landscape_lazy_deal_index);
  g_test_add_func ("/memory/alloc0", test_memory_alloc0);
  return g_test_run ();
}
