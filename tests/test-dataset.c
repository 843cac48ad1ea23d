/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dataset.c: the dataset JSON: the bundled file holds the facts of the
 * seed article and facts.md, exports round-trip to the byte, and every kind
 * of bad input is refused with a message that names its JSON path. */
#define G_LOG_DOMAIN "test-dataset"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ds-dataset.h"

static DsLandscape *
bundled (void)
{
  g_autoptr(GError) error = NULL;
  DsLandscape *ls = ds_dataset_read_bundled (&error);
  g_assert_no_error (error);
  g_assert_nonnull (ls);
  return ls;
}

static void
test_bundled_entities (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  const char *required[] = {
    "amazon", "aws", "anthropic", "claude", "google", "google-cloud", "tpu", "microsoft",
    "azure", "openai", "nvidia", "h100", "trainium2", "project-rainier", "bedrock", "slack",
    "zoom", "notion", "ftc", "titan", "gemini", "lightspeed", "softbank",
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (ds_landscape_find_entity (ls, required[i]) == DS_NONE)
      g_error ("the bundled dataset has no entity “%s”", required[i]);

  /* AWS belongs to Amazon; Rainier is a data center. */
  g_assert_cmpint (ds_landscape_entity (ls, ds_landscape_find_entity (ls, "aws"))->parent, ==,
                   ds_landscape_find_entity (ls, "amazon"));
  g_assert_cmpint (ds_landscape_entity (ls, ds_landscape_find_entity (ls, "project-rainier"))->kind, ==,
                   DS_ENTITY_DATACENTER);
  g_assert_cmpint (ds_landscape_entity (ls, ds_landscape_find_entity (ls, "ftc"))->kind, ==,
                   DS_ENTITY_REGULATOR);
}

/* The deal from investor to target on a date (prefix match: "2024-11"). */
static const DsDeal *
find_deal (DsLandscape *ls,
           const char  *investor,
           const char  *target,
           DsDate       date_prefix)
{
  DsIndex inv = ds_landscape_find_entity (ls, investor);
  DsIndex tgt = ds_landscape_find_entity (ls, target);

  for (guint i = 0; i < ls->deals->len; i++)
    {
      const DsDeal *d = ds_landscape_deal (ls, i);
      DsDate month = d->date / 100 * 100;
      if (d->investor == inv && d->target == tgt &&
          (d->date == date_prefix || month == date_prefix || d->date / 10000 * 10000 == date_prefix))
        return d;
    }
  return NULL;
}

static void
test_bundled_amazon_tranches (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  const DsDeal *first = find_deal (ls, "amazon", "anthropic", 20230900);
  const DsDeal *second = find_deal (ls, "amazon", "anthropic", 20240300);
  const DsDeal *third = find_deal (ls, "amazon", "anthropic", 20241100);
  const DsDeal *next = find_deal (ls, "amazon", "anthropic", 20250700);

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_nonnull (third);
  g_assert_nonnull (next);
  /* $1.25B + $2.75B + $4B = $8B committed by Nov 2024 (facts.md). */
  g_assert_cmpfloat (first->amount_usd, ==, 1.25e9);
  g_assert_cmpfloat (second->amount_usd, ==, 2.75e9);
  g_assert_cmpfloat (third->amount_usd, ==, 4e9);
  g_assert_cmpfloat (first->amount_usd + second->amount_usd + third->amount_usd, ==, 8e9);
  g_assert_cmpint (first->instrument, ==, DS_INSTRUMENT_CONVERTIBLE_NOTE);
  g_assert_cmpint (third->instrument, ==, DS_INSTRUMENT_CONVERTIBLE_NOTE);
  /* The second tranche is the option of the first. */
  g_assert_cmpint (second->tranche_of, ==, ds_landscape_find_deal (ls, first->id));

  /* The 2025 round: convertible notes under negotiation at $61.5B post-money,
   * amount undisclosed, known only from the article. */
  g_assert_cmpint (next->status, ==, DS_STATUS_NEGOTIATING);
  g_assert_cmpint (next->instrument, ==, DS_INSTRUMENT_CONVERTIBLE_NOTE);
  g_assert_cmpfloat (next->post_money_usd, ==, 61.5e9);
  g_assert_false (ds_is_set (next->amount_usd));
  g_assert_cmpint (next->confidence, ==, DS_CONFIDENCE_ARTICLE);
}

static void
test_bundled_other_rounds (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  const DsDeal *google_first = find_deal (ls, "google", "anthropic", 20230400);
  const DsDeal *series_e = find_deal (ls, "lightspeed", "anthropic", 20250303);
  const DsDeal *ms2019 = find_deal (ls, "microsoft", "openai", 20190000);
  const DsDeal *ms2023 = find_deal (ls, "microsoft", "openai", 20230100);
  const DsDeal *softbank = find_deal (ls, "softbank", "openai", 20250331);
  gboolean found_157 = FALSE;

  g_assert_nonnull (google_first);
  /* Axios says $300M, Bloomberg $550M: kept as a conflict. */
  g_assert_cmpfloat (google_first->amount_usd, ==, 3e8);
  g_assert_cmpint (google_first->confidence, ==, DS_CONFIDENCE_CONFLICTING);
  g_assert_nonnull (find_deal (ls, "google", "anthropic", 20231000));
  g_assert_nonnull (series_e);
  g_assert_cmpfloat (series_e->amount_usd, ==, 3.5e9);
  g_assert_cmpfloat (series_e->post_money_usd, ==, 61.5e9);
  g_assert_nonnull (ms2019);
  g_assert_cmpfloat (ms2019->amount_usd, ==, 1e9);
  g_assert_nonnull (ms2023);
  g_assert_cmpfloat (ms2023->amount_usd, ==, 10e9);
  g_assert_nonnull (softbank);
  g_assert_cmpfloat (softbank->amount_usd, ==, 40e9);
  g_assert_cmpfloat (softbank->post_money_usd, ==, 300e9);
  for (guint i = 0; i < ls->deals->len; i++)
    found_157 |= ds_landscape_deal (ls, i)->post_money_usd == 157e9 &&
                 ds_landscape_deal (ls, i)->amount_usd == 6.6e9;
  g_assert_true (found_157);
}

static double
metric_value (DsLandscape *ls,
              const char  *entity,
              const char  *name,
              DsDate       date)
{
  guint first, n = ds_landscape_metric_series (ls, ds_landscape_find_entity (ls, entity), name, &first);
  for (guint i = first; i < first + n; i++)
    if (ds_landscape_metric (ls, i)->date == date)
      return ds_landscape_metric (ls, i)->value;
  return NAN;
}

static void
test_bundled_metrics (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  gboolean rainier_uses_trainium = FALSE;

  g_assert_cmpfloat (metric_value (ls, "anthropic", "revenue_run_rate_usd", 20250100), ==, 875e6);
  g_assert_cmpfloat (metric_value (ls, "anthropic", "revenue_run_rate_usd", 20250700), ==, 4e9);
  g_assert_cmpfloat (metric_value (ls, "project-rainier", "power_gw", 20250000), ==, 2.2);
  g_assert_cmpfloat (metric_value (ls, "project-rainier", "chips", 20251029), ==, 500000);
  g_assert_cmpfloat (metric_value (ls, "trainium2", "bf16_tflops", 20230000), ==, 667);
  g_assert_cmpfloat (metric_value (ls, "h100", "bf16_tflops", 20220000), ==, 989);
  g_assert_cmpfloat (metric_value (ls, "trainium2", "facility_w", 20230000) , ==, 1000);
  for (guint i = 0; i < ls->relations->len; i++)
    {
      const DsRelation *r = ds_landscape_relation (ls, i);
      rainier_uses_trainium |= r->kind == DS_RELATION_USES &&
                               r->from == ds_landscape_find_entity (ls, "project-rainier") &&
                               r->to == ds_landscape_find_entity (ls, "trainium2");
    }
  g_assert_true (rainier_uses_trainium);
}

static void
test_bundled_scenarios (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  DsIndex base = ds_landscape_find_scenario (ls, "base");
  const DsSetting *threshold;

  g_assert_cmpint (base, !=, DS_NONE);
  g_assert_cmpuint (ls->scenarios->len, >=, 3);
  threshold = ds_scenario_find_setting (ds_landscape_scenario (ls, base), "assumption.stake_threshold");
  g_assert_nonnull (threshold);
  g_assert_cmpfloat (threshold->number, ==, 0.33);
  for (guint i = 0; i < ls->scenarios->len; i++)
    {
      const DsScenario *sc = ds_landscape_scenario (ls, i);
      g_assert_nonnull (sc->description);
      g_assert_cmpuint (strlen (sc->description), >, 40);
    }
}

static void
test_round_trip_bytes (void)
{
  g_autoptr(DsLandscape) ls = bundled ();
  g_autoptr(DsLandscape) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize len1, len2;

  first = ds_dataset_write (ls, &len1);
  bytes = g_bytes_new (first, len1);
  again = ds_dataset_read_bytes (bytes, "export", &error);
  g_assert_no_error (error);
  second = ds_dataset_write (again, &len2);
  g_assert_cmpmem (first, len1, second, len2);
}

/* A compute commitment with every term: read as written, and written back
 * byte for byte (the fields follow tranche_of, before the note). */
static void
test_compute_commitment (void)
{
  const char *json =
    "{\"format\":\"dealscape/1\",\"sources\":[{\"id\":\"s\",\"title\":\"T\",\"publisher\":\"P\",\"date\":\"2025\"}],"
    "\"entities\":[{\"id\":\"lab\",\"name\":\"Lab\",\"kind\":\"company\"},"
    "{\"id\":\"cloud\",\"name\":\"Cloud\",\"kind\":\"cloud\"},{\"id\":\"gpu\",\"name\":\"GPU\",\"kind\":\"chip\"}],"
    "\"deals\":[{\"id\":\"lab-cloud-2025-09\",\"investor\":\"lab\",\"target\":\"cloud\",\"date\":\"2025-09\","
    "\"amount_usd\":3e11,\"instrument\":\"compute_commitment\",\"status\":\"announced\",\"term_years\":5,"
    "\"power_gw\":4.5,\"chip_count\":400000,\"chip\":\"gpu\",\"source\":\"s\",\"confidence\":\"reported\"}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_dataset_read_bytes (bytes, "commitment.json", &error);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(DsLandscape) again = NULL;
  g_autofree char *first = NULL, *second = NULL;
  const DsDeal *d;
  gsize len1, len2;

  g_assert_no_error (error);
  d = ds_landscape_deal (ls, 0);
  g_assert_cmpint (d->instrument, ==, DS_INSTRUMENT_COMPUTE_COMMITMENT);
  g_assert_cmpfloat (d->amount_usd, ==, 3e11);
  g_assert_cmpfloat (d->term_years, ==, 5);
  g_assert_cmpfloat (d->power_gw, ==, 4.5);
  g_assert_cmpfloat (d->chip_count, ==, 400000);
  g_assert_cmpstr (ds_landscape_entity (ls, d->chip)->id, ==, "gpu");

  first = ds_dataset_write (ls, &len1);
  g_assert_nonnull (strstr (first, "\"term_years\": 5,\n"));
  g_assert_nonnull (strstr (first, "\"chip\": \"gpu\",\n"));
  written = g_bytes_new (first, len1);
  again = ds_dataset_read_bytes (written, "export", &error);
  g_assert_no_error (error);
  second = ds_dataset_write (again, &len2);
  g_assert_cmpmem (first, len1, second, len2);
}

/* The instruments added with schema 4 read and write by their names, and
 * the older ones keep their numbers. */
static void
test_instrument_names (void)
{
  const char *names[] = { "equity", "convertible_note", "safe", "compute_credits", "other",
                          "compute_commitment", "warrant", "acquisition", "debt" };

  g_assert_cmpint (DS_INSTRUMENT_N_KINDS, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpint (ds_instrument_from_string (names[i]), ==, (int) i);
      g_assert_cmpstr (ds_instrument_to_string (i), ==, names[i]);
    }
  g_assert_cmpint (ds_instrument_from_string ("bond"), ==, -1);
  g_assert_cmpint (DS_INSTRUMENT_OTHER, ==, 4);
}

/* Each case: a document and a fragment its error message must contain. */
typedef struct {
  const char *name;
  const char *json;
  const char *expected;
} BadCase;

#define HEAD "{\"format\":\"dealscape/1\",\"sources\":[{\"id\":\"s\",\"title\":\"T\",\"publisher\":\"P\",\"date\":\"2025\"}]," \
             "\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"kind\":\"company\"},{\"id\":\"b\",\"name\":\"B\",\"kind\":\"investor\"}]"
#define DEAL(extra) ",\"deals\":[{\"id\":\"d\",\"investor\":\"b\",\"target\":\"a\",\"date\":\"2025-01-02\"," \
                    "\"instrument\":\"equity\",\"status\":\"closed\",\"source\":\"s\",\"confidence\":\"reported\"" extra "}]}"

/* A scenario's own deal "h". */
#define SDEAL "{\"id\":\"h\",\"investor\":\"b\",\"target\":\"a\",\"date\":\"2026-03\",\"amount_usd\":5," \
              "\"instrument\":\"equity\",\"status\":\"closed\",\"source\":\"s\",\"confidence\":\"assumption\"}"

static const BadCase bad_cases[] = {
  { "not-json", "{\"format\": \"dealscape/1\",\n  \"sources\": [,]}", "dataset:2:" },
  { "wrong-format", "{\"format\":\"other/2\"}", "format “other/2” is not supported" },
  { "no-format", "{\"entities\":[]}", "\"format\": \"dealscape/1\" is missing" },
  { "negative-amount", HEAD DEAL (",\"amount_usd\":-5"), "deals[0].amount_usd: must be a non-negative number" },
  { "string-amount", HEAD DEAL (",\"amount_usd\":\"4B\""), "deals[0].amount_usd: must be a number, not a string" },
  { "missing-amount", HEAD DEAL (""), "deals[0].amount_usd: missing: give a number, or null" },
  { "fraction-discount", HEAD DEAL (",\"amount_usd\":1,\"discount\":1.5"), "deals[0].discount: must be a fraction between 0 and 1" },
  { "unit-discount", HEAD DEAL (",\"amount_usd\":1,\"discount\":1"), "deals[0].discount: a discount of 1" },
  { "chip-not-chip", HEAD DEAL (",\"amount_usd\":1,\"chip\":\"a\""), "deals[0].chip: “a” is a company, not a chip" },
  { "chip-unknown", HEAD DEAL (",\"amount_usd\":1,\"chip\":\"zz\""), "deals[0].chip: " },
  { "negative-power", HEAD DEAL (",\"amount_usd\":1,\"power_gw\":-1"), "deals[0].power_gw: must be a non-negative number, not -1" },
  { "fractional-chips", HEAD DEAL (",\"amount_usd\":1,\"chip_count\":2.5"), "deals[0].chip_count: 2.5 is not a whole number of chips" },
  { "zero-term", HEAD DEAL (",\"amount_usd\":1,\"term_years\":0"), "deals[0].term_years: must be a number of years above 0" },
  { "impossible-date", HEAD ",\"deals\":[{\"id\":\"d\",\"investor\":\"b\",\"target\":\"a\",\"date\":\"2025-02-30\",\"amount_usd\":1,"
    "\"instrument\":\"equity\",\"status\":\"closed\",\"source\":\"s\",\"confidence\":\"reported\"}]}",
    "deals[0].date: “2025-02-30” is not a date: month 2 of 2025 has 28 days" },
  { "unknown-investor", HEAD ",\"deals\":[{\"id\":\"d\",\"investor\":\"zz\",\"target\":\"a\",\"date\":\"2025\",\"amount_usd\":1,"
    "\"instrument\":\"equity\",\"status\":\"closed\",\"source\":\"s\",\"confidence\":\"reported\"}]}",
    "deals[0].investor: unknown entity “zz”" },
  { "unknown-instrument", HEAD DEAL (",\"amount_usd\":1,\"instrument\":\"bond\""), "" /* duplicate key: parser keeps last */ },
  { "unknown-kind", "{\"format\":\"dealscape/1\",\"sources\":[],\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"kind\":\"bank\"}]}",
    "entities[0].kind: unknown kind “bank”; use one of: company, investor" },
  { "duplicate-entity", "{\"format\":\"dealscape/1\",\"sources\":[],\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"kind\":\"company\"},"
    "{\"id\":\"a\",\"name\":\"A2\",\"kind\":\"company\"}]}", "entities[1].id: duplicate id “a”" },
  { "bad-id", "{\"format\":\"dealscape/1\",\"sources\":[],\"entities\":[{\"id\":\"Big Co\",\"name\":\"A\",\"kind\":\"company\"}]}",
    "entities[0].id: “Big Co” is not a valid id" },
  { "parent-cycle", "{\"format\":\"dealscape/1\",\"sources\":[],\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"kind\":\"company\",\"parent\":\"b\"},"
    "{\"id\":\"b\",\"name\":\"B\",\"kind\":\"company\",\"parent\":\"a\"}]}", "parents form a cycle" },
  { "unknown-field", HEAD DEAL (",\"amount_usd\":1,\"amout\":2"), "deals[0].amout: unknown field" },
  { "infinite-metric", HEAD ",\"metrics\":[{\"entity\":\"a\",\"name\":\"x\",\"date\":\"2025\",\"value\":1e999,\"unit\":\"u\","
    "\"source\":\"s\",\"confidence\":\"reported\"}]}", "metrics[0].value: must be a finite number" },
  { "stake-of-nobody", HEAD ",\"metrics\":[{\"entity\":\"a\",\"name\":\"stake_fraction:nope\",\"date\":\"2025\",\"value\":0.1,"
    "\"unit\":\"fraction\",\"source\":\"s\",\"confidence\":\"reported\"}]}",
    "metrics[0].name: “stake_fraction:nope” names no entity" },
  { "stake-cap-of-nobody", HEAD ",\"metrics\":[{\"entity\":\"a\",\"name\":\"stake_cap_fraction:\",\"date\":\"2025\",\"value\":0.1,"
    "\"unit\":\"fraction\",\"source\":\"s\",\"confidence\":\"reported\"}]}",
    "metrics[0].name: “stake_cap_fraction:” names no entity" },
  { "unknown-source", HEAD ",\"relations\":[{\"id\":\"r\",\"kind\":\"owns\",\"from\":\"a\",\"to\":\"b\",\"source\":\"nope\","
    "\"confidence\":\"reported\"}]}", "relations[0].source: unknown source “nope”" },
  { "unknown-confidence", HEAD ",\"relations\":[{\"id\":\"r\",\"kind\":\"owns\",\"from\":\"a\",\"to\":\"b\",\"source\":\"s\","
    "\"confidence\":\"maybe\"}]}", "relations[0].confidence: unknown confidence “maybe”" },
  { "close-before-date", HEAD DEAL (",\"amount_usd\":1,\"close_date\":\"2024\""), "deals[0].close_date: 2024 is before the deal's date 2025-01-02" },
  { "pre-above-post", HEAD DEAL (",\"amount_usd\":1,\"pre_money_usd\":10,\"post_money_usd\":5"), "deals[0].pre_money_usd: the pre-money valuation is larger" },
  { "zero-cap", HEAD DEAL (",\"amount_usd\":1,\"cap_usd\":0"), "deals[0].cap_usd: must be a positive number" },
  { "self-investment", HEAD ",\"deals\":[{\"id\":\"d\",\"investor\":\"a\",\"target\":\"a\",\"date\":\"2025\",\"amount_usd\":1,"
    "\"instrument\":\"equity\",\"status\":\"closed\",\"source\":\"s\",\"confidence\":\"reported\"}]}", "deals[0].target: an entity cannot invest in itself" },
  { "scenario-unknown-base", HEAD ",\"scenarios\":[{\"id\":\"x\",\"name\":\"X\",\"base\":\"nope\",\"settings\":{}}]}", "scenarios[0].base: unknown scenario “nope”" },
  { "scenario-bad-key", HEAD ",\"scenarios\":[{\"id\":\"x\",\"name\":\"X\",\"settings\":{\"mfu\":0.4}}]}", "scenarios[0].settings.mfu: unknown setting" },
  { "scenario-unknown-deal", HEAD ",\"scenarios\":[{\"id\":\"x\",\"name\":\"X\",\"settings\":{\"deal.zz.cap_usd\":5}}]}", "scenarios[0].settings.deal.zz.cap_usd: unknown deal “zz”" },
  { "scenario-deal-twice", HEAD ",\"scenarios\":[{\"id\":\"x\",\"name\":\"X\",\"settings\":{},\"deals\":[" SDEAL "," SDEAL "]}]}",
    "scenarios[0].deals[1].id: duplicate id “h”: another deal of this scenario already has it" },
  { "scenario-deal-in-base", HEAD ",\"scenarios\":[{\"id\":\"x\",\"name\":\"X\",\"settings\":{},\"deals\":[" SDEAL "]},"
    "{\"id\":\"y\",\"name\":\"Y\",\"base\":\"x\",\"settings\":{},\"deals\":[" SDEAL "]}]}",
    "scenarios[1].deals[0].id: “h” is already a deal of scenario “x”, which this one builds on" },
  { "not-utf8", "{\"format\":\"dealscape/1\",\"sources\":[{\"id\":\"s\",\"title\":\"\xff\"}]}", "is not valid UTF-8" },
  { "top-array", "[1,2]", "the top level must be an object" },
  { "section-type", "{\"format\":\"dealscape/1\",\"entities\":{}}", "entities: must be an array, not an object" },
};

/* Siblings may each hold a deal "h" (a duplicated scenario does): a setting
 * deal.h.X still names one deal in each chain. */
static void
test_sibling_scenario_deals (void)
{
  const char *json = HEAD ",\"scenarios\":[{\"id\":\"x\",\"name\":\"X\",\"settings\":{},\"deals\":[" SDEAL "]},"
    "{\"id\":\"y\",\"name\":\"Y\",\"settings\":{\"deal.h.amount_usd\":7},\"deals\":[" SDEAL "]}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_dataset_read_bytes (bytes, "dataset", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ls->scenarios->len, ==, 2);
  g_assert_cmpstr (g_array_index (ds_landscape_scenario (ls, 0)->deals, DsDeal, 0).id, ==, "h");
  g_assert_cmpstr (g_array_index (ds_landscape_scenario (ls, 1)->deals, DsDeal, 0).id, ==, "h");
}

static void
test_bad_input (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(GBytes) bytes = g_bytes_new_static (c->json, strlen (c->json));
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_dataset_read_bytes (bytes, "dataset", &error);

  if (*c->expected == '\0')
    {
      /* JSON with a repeated member keeps the last one: "bond" must be refused. */
      g_assert_null (ls);
      g_assert_nonnull (strstr (error->message, "deals[0].instrument: unknown instrument “bond”"));
      return;
    }
  g_assert_null (ls);
  g_assert_nonnull (error);
  if (strstr (error->message, c->expected) == NULL)
    g_error ("case %s: expected “%s” in:\n%s", c->name, c->expected, error->message);
}

static void
test_reports_all_problems (void)
{
  const char *json = HEAD ",\"deals\":[{\"id\":\"d\",\"investor\":\"zz\",\"target\":\"a\",\"date\":\"2025-13\",\"amount_usd\":-1,"
                     "\"instrument\":\"bond\",\"status\":\"closed\",\"source\":\"s\",\"confidence\":\"reported\"}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_dataset_read_bytes (bytes, "x.json", &error);

  g_assert_null (ls);
  g_assert_true (g_str_has_prefix (error->message, "x.json has 4 problems; nothing was imported:"));
  g_assert_nonnull (strstr (error->message, "deals[0].investor"));
  g_assert_nonnull (strstr (error->message, "deals[0].date"));
  g_assert_nonnull (strstr (error->message, "deals[0].amount_usd"));
  g_assert_nonnull (strstr (error->message, "deals[0].instrument"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dataset/bundled/entities", test_bundled_entities);
  g_test_add_func ("/dataset/bundled/amazon-tranches", test_bundled_amazon_tranches);
  g_test_add_func ("/dataset/bundled/other-rounds", test_bundled_other_rounds);
  g_test_add_func ("/dataset/bundled/metrics", test_bundled_metrics);
  g_test_add_func ("/dataset/bundled/scenarios", test_bundled_scenarios);
  g_test_add_func ("/dataset/scenario/sibling-deal-ids", test_sibling_scenario_deals);
  g_test_add_func ("/dataset/round-trip/bytes", test_round_trip_bytes);
  g_test_add_func ("/dataset/compute-commitment", test_compute_commitment);
  g_test_add_func ("/dataset/instrument-names", test_instrument_names);
  g_test_add_func ("/dataset/bad/reports-all", test_reports_all_problems);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dataset/bad/%s", bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_bad_input);
    }
  return g_test_run ();
}
