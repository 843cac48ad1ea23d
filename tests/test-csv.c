/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv.c: the CSV reader's hazards (quotes, BOM, CRLF, chunks, UTF-8)
 * and the import: Crunchbase shapes, merging, bad rows, --map, CLI. */
#define G_LOG_DOMAIN "test-csv"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "ds-csv-import.h"
#include "ds-csv.h"
#include "ds-dataset.h"
#include "ds-test-util.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

/* ---- reader ---------------------------------------------------------- */

static void
assert_next (DsCsvReader *r,
             guint        n_fields)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (ds_csv_reader_next (r, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ds_csv_reader_n_fields (r), ==, n_fields);
}

static void
assert_end (DsCsvReader *r)
{
  g_autoptr(GError) error = NULL;
  g_assert_false (ds_csv_reader_next (r, NULL, &error));
  g_assert_no_error (error);
}

static void
test_reader_quotes (void)
{
  const char *text = "a,\"b,c\",\"d \"\"e\"\"\",\"f\ng\"\nh,,\"\",i\n";
  g_autoptr(DsCsvReader) r = ds_csv_reader_new_for_data (text, strlen (text), "q.csv");

  assert_next (r, 4);
  g_assert_cmpstr (ds_csv_reader_field (r, 0), ==, "a");
  g_assert_cmpstr (ds_csv_reader_field (r, 1), ==, "b,c");
  g_assert_cmpstr (ds_csv_reader_field (r, 2), ==, "d \"e\"");
  g_assert_cmpstr (ds_csv_reader_field (r, 3), ==, "f\ng");
  g_assert_cmpuint (ds_csv_reader_line (r), ==, 1);
  /* Field 3 opens at column 19: a , "b,c" , "d ""e""" , (18 characters) */
  g_assert_cmpuint (ds_csv_reader_field_column (r, 3), ==, 19);

  /* The second record starts on line 3: the quoted newline counted. */
  assert_next (r, 4);
  g_assert_cmpuint (ds_csv_reader_line (r), ==, 3);
  g_assert_cmpstr (ds_csv_reader_field (r, 0), ==, "h");
  g_assert_cmpstr (ds_csv_reader_field (r, 1), ==, "");
  g_assert_cmpstr (ds_csv_reader_field (r, 2), ==, "");
  g_assert_cmpstr (ds_csv_reader_field (r, 3), ==, "i");
  g_assert_cmpuint (ds_csv_reader_field_column (r, 3), ==, 7);
  assert_end (r);
}

static void
test_reader_bom_crlf (void)
{
  /* BOM, CRLF, an empty line, a trailing comma, no final newline. */
  const char *text = "\xEF\xBB\xBFx,y\r\n1,2\r\n\r\n3,\r\n\"q\r\nr\",4";
  g_autoptr(DsCsvReader) r = ds_csv_reader_new_for_data (text, strlen (text), "b.csv");

  assert_next (r, 2);
  g_assert_cmpstr (ds_csv_reader_field (r, 0), ==, "x");
  assert_next (r, 2);
  g_assert_cmpuint (ds_csv_reader_line (r), ==, 2);
  g_assert_cmpstr (ds_csv_reader_field (r, 1), ==, "2");
  assert_next (r, 2);
  g_assert_cmpuint (ds_csv_reader_line (r), ==, 4);
  g_assert_cmpstr (ds_csv_reader_field (r, 0), ==, "3");
  g_assert_cmpstr (ds_csv_reader_field (r, 1), ==, "");
  assert_next (r, 2);
  g_assert_cmpuint (ds_csv_reader_line (r), ==, 5);
  g_assert_cmpstr (ds_csv_reader_field (r, 0), ==, "q\r\nr");
  g_assert_cmpuint (ds_csv_reader_field_line (r, 1), ==, 6);
  g_assert_cmpuint (ds_csv_reader_field_column (r, 1), ==, 4);
  assert_end (r);
}

static void
test_reader_invalid_utf8 (void)
{
  /* Line 3 is `y",z\xFFw`: z at column 4, the bad byte at column 5. */
  const char *text = "a,b\n\"x\ny\",z\xFFw\n1,2\n";
  g_autoptr(DsCsvReader) r = ds_csv_reader_new_for_data (text, strlen (text), "u.csv");
  g_autoptr(GError) error = NULL;

  assert_next (r, 2);
  g_assert_false (ds_csv_reader_next (r, NULL, &error));
  g_assert_error (error, DS_CSV_ERROR, DS_CSV_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "u.csv:3:5:"));
  g_assert_nonnull (strstr (error->message, "0xFF"));
  /* The reader goes on with the next record. */
  assert_next (r, 2);
  g_assert_cmpuint (ds_csv_reader_line (r), ==, 4);
  g_assert_cmpstr (ds_csv_reader_field (r, 0), ==, "1");

  /* Inside a quoted field after a doubled quote: `"a""\xC3"` -> column 5. */
  {
    const char *t2 = "\"a\"\"\xC3\"\n";
    g_autoptr(DsCsvReader) r2 = ds_csv_reader_new_for_data (t2, strlen (t2), "v.csv");
    g_autoptr(GError) e2 = NULL;
    g_assert_false (ds_csv_reader_next (r2, NULL, &e2));
    g_assert_error (e2, DS_CSV_ERROR, DS_CSV_ERROR_ENCODING);
    g_assert_nonnull (strstr (e2->message, "v.csv:1:5:"));
  }
}

static void
test_reader_syntax (void)
{
  const char *unterminated = "a,b\nc,\"de\nf\n";
  const char *after_quote = "\"ab\"c,d\n";
  g_autoptr(DsCsvReader) r = ds_csv_reader_new_for_data (unterminated, strlen (unterminated), "s.csv");
  g_autoptr(DsCsvReader) r2 = ds_csv_reader_new_for_data (after_quote, strlen (after_quote), "t.csv");
  g_autoptr(GError) error = NULL;

  assert_next (r, 2);
  g_assert_false (ds_csv_reader_next (r, NULL, &error));
  g_assert_error (error, DS_CSV_ERROR, DS_CSV_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "s.csv:2:3:"));
  g_clear_error (&error);

  g_assert_false (ds_csv_reader_next (r2, NULL, &error));
  g_assert_error (error, DS_CSV_ERROR, DS_CSV_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "t.csv:1:5:"));
}

/* 20,000 two-line CRLF records through a stream: quotes, newlines and CRLF
 * pairs land on every possible chunk boundary. */
static void
test_reader_chunks (void)
{
  g_autoptr(GString) text = g_string_new ("id,name,double\r\n");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(DsCsvReader) r = NULL;
  const guint n = 20000;
  guint k = 0;
  gsize length;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%u,\"name, \"\"%u\"\"\r\nsecond line\",%u\r\n", i, i, 2 * i);
  length = text->len;
  stream = g_memory_input_stream_new_from_data (g_string_free (g_steal_pointer (&text), FALSE), (gssize) length, g_free);
  r = ds_csv_reader_new_for_stream (stream, "big.csv");
  assert_next (r, 3);
  for (k = 0; k < n; k++)
    {
      g_autofree char *name = g_strdup_printf ("name, \"%u\"\r\nsecond line", k);
      assert_next (r, 3);
      g_assert_cmpuint (g_ascii_strtoull (ds_csv_reader_field (r, 0), NULL, 10), ==, k);
      g_assert_cmpstr (ds_csv_reader_field (r, 1), ==, name);
      g_assert_cmpuint (g_ascii_strtoull (ds_csv_reader_field (r, 2), NULL, 10), ==, 2 * k);
      /* Header on line 1, each record two lines. */
      g_assert_cmpuint (ds_csv_reader_line (r), ==, 2 + 2 * k);
      g_assert_cmpuint (ds_csv_reader_field_line (r, 2), ==, 3 + 2 * k);
    }
  assert_end (r);
  g_assert_cmpuint (ds_csv_reader_bytes_read (r), ==, length);
}

/* ---- cells ----------------------------------------------------------- */

static void
test_amount (void)
{
  const struct { const char *text; double value; } good[] = {
    { "1250000", 1250000 }, { "$1,250,000", 1250000 }, { "1 250 000", 1250000 },
    { "1\xC2\xA0" "250\xC2\xA0" "000", 1250000 }, { "USD 4B", 4e9 }, { "2.5M", 2.5e6 },
    { "12k", 12000 }, { "US$ 3,000.50", 3000.5 }, { "1000 USD", 1000 }, { "$2.5bn", 2.5e9 },
    { " 42 ", 42 }, { "0", 0 },
  };
  const char *bad[] = { "12abc", "1,5", "1,25,000", "-5", "", "$", "1.2.3", "12,34.5", "abc" };
  double v;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (ds_csv_parse_amount (good[i].text, &v));
      g_assert_cmpfloat_with_epsilon (v, good[i].value, 1e-6);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      if (ds_csv_parse_amount (bad[i], &v))
        g_error ("“%s” read as %g", bad[i], v);
    }
}

static void
test_normalize (void)
{
  const char *same[][2] = {
    { "Sequoia Capital", "sequoia  capital" },
    { "Sequoia Capital", "Sequoia Capital, LLC" },
    { "Sequoia Capital", "SEQUOIA CAPITAL INC." },
    { "Draper Fisher Jurvetson (DFJ)", "Draper Fisher Jurvetson" },
    { "Kleiner Perkins, L.P.", "Kleiner Perkins" },
    { "Acme Corp", "Acme Corporation" },
    { "Acme Ltd", "ACME" },
    { "Société Générale", "Societe Generale" },
    { "Procter & Gamble Co.", "Procter and Gamble" },
    { "J.P. Morgan", "JP Morgan" },
  };
  const char *different[][2] = {
    { "Acme", "Acme Labs" },
    { "Open AI", "OpenAI" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *a = ds_csv_normalize_name (same[i][0]);
      g_autofree char *b = ds_csv_normalize_name (same[i][1]);
      g_assert_cmpstr (a, ==, b);
    }
  for (guint i = 0; i < G_N_ELEMENTS (different); i++)
    {
      g_autofree char *a = ds_csv_normalize_name (different[i][0]);
      g_autofree char *b = ds_csv_normalize_name (different[i][1]);
      g_assert_cmpstr (a, !=, b);
    }
  {
    /* A suffix alone is a name. */
    g_autofree char *co = ds_csv_normalize_name ("Co");
    g_assert_cmpstr (co, ==, "co");
  }
}

/* ---- import ---------------------------------------------------------- */

static DsCsvImportResult *
import_text (const char  *text,
             const char  *origin,
             DsLandscape *base,
             const char  *map,
             gboolean     skip,
             GError     **error)
{
  g_autoptr(DsCsvImport) import = ds_csv_import_new (origin);
  g_autoptr(DsCsvReader) r = ds_csv_reader_new_for_data (text, strlen (text), origin);

  if (map)
    g_assert_true (ds_csv_import_set_map (import, map, NULL));
  ds_csv_import_set_skip_bad_rows (import, skip);
  return ds_csv_import_run (import, base, r, 0, NULL, error);
}

static DsCsvImportResult *
import_fixture (const char  *name,
                DsLandscape *base,
                gboolean     skip)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(DsCsvImport) import = ds_csv_import_new (name);
  g_autoptr(GError) error = NULL;
  DsCsvImportResult *result;

  ds_csv_import_set_skip_bad_rows (import, skip);
  result = ds_csv_import_file (import, base, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static const DsEntity *
entity (DsLandscape *ls,
        const char  *id)
{
  DsIndex i = ds_landscape_find_entity (ls, id);
  if (i == DS_NONE)
    g_error ("no entity “%s”", id);
  return ds_landscape_entity (ls, i);
}

static const DsDeal *
deal (DsLandscape *ls,
      const char  *id)
{
  DsIndex i = ds_landscape_find_deal (ls, id);
  if (i == DS_NONE)
    g_error ("no deal “%s”", id);
  return ds_landscape_deal (ls, i);
}

static const char *
entity_id_of (DsLandscape *ls,
              DsIndex      i)
{
  return ds_landscape_entity (ls, i)->id;
}

static void
test_dates (void)
{
  const char *text =
    "investor,company,date\n"
    "Ann,Bee,2020\n"
    "Ann,Bee,2020-07\n"
    "Ann,Bee,2020-07-09\n"
    "Ann,Bee,2020-07-10 00:00:00\n"
    "Ann,Bee,2020-02-30\n"
    "Ann,Bee,7/9/2020\n"
    "Ann,Bee,\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(DsCsvImportResult) res = import_text (text, "d.csv", NULL, NULL, TRUE, &error);
  DsLandscape *ls;

  g_assert_no_error (error);
  ls = res->landscape;
  g_assert_cmpuint (res->n_rows, ==, 7);
  g_assert_cmpuint (res->n_rows_bad, ==, 3);
  g_assert_cmpint (deal (ls, "csv-d-2")->date, ==, 20200000);
  g_assert_cmpint (deal (ls, "csv-d-3")->date, ==, 20200700);
  g_assert_cmpint (deal (ls, "csv-d-4")->date, ==, 20200709);
  g_assert_cmpint (deal (ls, "csv-d-5")->date, ==, 20200710);
  g_assert_cmpuint (res->problems->len, ==, 3);
  g_assert_true (g_str_has_prefix (((DsCsvProblem *) res->problems->pdata[0])->message, "d.csv:6:9: date “2020-02-30”"));
  g_assert_true (g_str_has_prefix (((DsCsvProblem *) res->problems->pdata[1])->message, "d.csv:7:9: date “7/9/2020”"));
  g_assert_true (g_str_has_prefix (((DsCsvProblem *) res->problems->pdata[2])->message, "d.csv:8:9: no date"));
}

static void
test_crunchbase_investments (void)
{
  g_autoptr(DsCsvImportResult) res = import_fixture ("crunchbase-investments.csv", NULL, FALSE);
  DsLandscape *ls = res->landscape;
  const DsDeal *d;

  g_assert_nonnull (ls);
  g_assert_cmpint (res->shape, ==, DS_CSV_SHAPE_PER_INVESTMENT);
  g_assert_cmpuint (res->n_rows, ==, 6);
  g_assert_cmpuint (res->n_rows_bad, ==, 0);
  g_assert_cmpuint (res->n_deals_added, ==, 6);
  /* Acme AI, Sequoia Capital, Beta Labs, Draper Fisher Jurvetson, Gamma Robotics */
  g_assert_cmpuint (ls->entities->len, ==, 5);
  g_assert_cmpuint (res->n_entities_added, ==, 5);

  /* Acme AI is a target and an investor: one node, a company. */
  g_assert_cmpstr (entity (ls, "acme-ai")->name, ==, "Acme AI");
  g_assert_cmpint (entity (ls, "acme-ai")->kind, ==, DS_ENTITY_COMPANY);
  g_assert_cmpint (entity (ls, "sequoia-capital")->kind, ==, DS_ENTITY_INVESTOR);
  g_assert_cmpint (entity (ls, "draper-fisher-jurvetson")->kind, ==, DS_ENTITY_INVESTOR);
  g_assert_cmpint (entity (ls, "gamma-robotics")->kind, ==, DS_ENTITY_COMPANY);

  /* Line 2 (after the BOM and header): "$1,250,000", venture A. */
  d = deal (ls, "csv-crunchbase-investments-2");
  g_assert_cmpstr (entity_id_of (ls, d->investor), ==, "sequoia-capital");
  g_assert_cmpstr (entity_id_of (ls, d->target), ==, "acme-ai");
  g_assert_cmpfloat (d->amount_usd, ==, 1250000);
  g_assert_cmpint (d->date, ==, 20150304);
  g_assert_cmpint (d->instrument, ==, DS_INSTRUMENT_EQUITY);
  g_assert_cmpint (d->status, ==, DS_STATUS_CLOSED);
  g_assert_cmpint (d->confidence, ==, DS_CONFIDENCE_UNCONFIRMED);
  g_assert_nonnull (strstr (d->note, "venture A round"));
  g_assert_cmpstr (ds_landscape_source (ls, d->source)->id, ==, "csv-crunchbase-investments");
  g_assert_cmpstr (ds_landscape_source (ls, d->source)->publisher, ==, "CSV import");

  g_assert_cmpint (deal (ls, "csv-crunchbase-investments-3")->date, ==, 20160700);
  d = deal (ls, "csv-crunchbase-investments-4");
  g_assert_cmpfloat (d->amount_usd, ==, 500000);
  g_assert_cmpint (d->date, ==, 20140000);
  d = deal (ls, "csv-crunchbase-investments-5");
  g_assert_false (ds_is_set (d->amount_usd));
  g_assert_cmpint (d->instrument, ==, DS_INSTRUMENT_CONVERTIBLE_NOTE);
  /* Line 6 holds a quoted newline, so the next row starts on line 8. */
  d = deal (ls, "csv-crunchbase-investments-6");
  g_assert_cmpfloat (d->amount_usd, ==, 4e6);
  g_assert_cmpint (d->instrument, ==, DS_INSTRUMENT_OTHER);
  g_assert_cmpstr (entity_id_of (ls, d->investor), ==, "acme-ai");
  d = deal (ls, "csv-crunchbase-investments-8");
  g_assert_cmpfloat (d->amount_usd, ==, 30e6);

  /* Three merges, sorted by name. */
  g_assert_cmpuint (res->merges->len, ==, 3);
  g_assert_cmpstr (res->merges->pdata[0], ==, "“Acme AI” (acme-ai) ← “Acme AI, Inc.”");
  g_assert_cmpstr (res->merges->pdata[1], ==, "“Draper Fisher Jurvetson” (draper-fisher-jurvetson) ← “Draper Fisher Jurvetson (DFJ)”");
  g_assert_cmpstr (res->merges->pdata[2], ==, "“Sequoia Capital” (sequoia-capital) ← “sequoia  capital”, “Sequoia Capital, LLC”");
}

static void
test_crunchbase_rounds (void)
{
  g_autoptr(DsCsvImportResult) res = import_fixture ("crunchbase-rounds.csv", NULL, FALSE);
  DsLandscape *ls = res->landscape;
  const DsDeal *d;

  g_assert_nonnull (ls);
  g_assert_cmpint (res->shape, ==, DS_CSV_SHAPE_PER_ROUND);
  g_assert_cmpuint (res->n_rows, ==, 4);
  /* 3 + 2 + 1 + 1 investors */
  g_assert_cmpuint (res->n_deals_added, ==, 7);
  g_assert_cmpuint (res->n_investors_split, ==, 2);
  /* Acme AI, Sequoia, a16z, Khosla, Beta Labs, YC, SV Angel, KPCB, Amazon */
  g_assert_cmpuint (ls->entities->len, ==, 9);

  for (guint k = 1; k <= 3; k++)
    {
      g_autofree char *id = g_strdup_printf ("csv-crunchbase-rounds-2-%u", k);
      d = deal (ls, id);
      g_assert_cmpfloat (d->amount_usd, ==, 10e6);
      g_assert_cmpfloat (d->post_money_usd, ==, 120e6);
      g_assert_cmpstr (entity_id_of (ls, d->target), ==, "acme-ai");
      g_assert_nonnull (strstr (d->note, "1/3 of a $30,000,000 round split evenly"));
    }
  g_assert_cmpstr (entity_id_of (ls, deal (ls, "csv-crunchbase-rounds-2-1")->investor), ==, "sequoia-capital");
  g_assert_cmpstr (entity_id_of (ls, deal (ls, "csv-crunchbase-rounds-2-2")->investor), ==, "andreessen-horowitz");
  g_assert_cmpfloat (deal (ls, "csv-crunchbase-rounds-3-2")->amount_usd, ==, 500000);
  g_assert_cmpstr (entity_id_of (ls, deal (ls, "csv-crunchbase-rounds-3-2")->investor), ==, "sv-angel");
  /* "Kleiner Perkins Caufield & Byers, LLC" is one investor, not two. */
  d = deal (ls, "csv-crunchbase-rounds-4");
  g_assert_cmpstr (ds_landscape_entity (ls, d->investor)->name, ==, "Kleiner Perkins Caufield & Byers, LLC");
  g_assert_false (ds_is_set (d->amount_usd));
  g_assert_cmpint (d->date, ==, 20170000);
  /* Acme AI invests in Amazon and is funded: one company node. */
  d = deal (ls, "csv-crunchbase-rounds-5");
  g_assert_cmpstr (entity_id_of (ls, d->investor), ==, "acme-ai");
  g_assert_cmpint (entity (ls, "acme-ai")->kind, ==, DS_ENTITY_COMPANY);
  g_assert_cmpint (entity (ls, "khosla-ventures")->kind, ==, DS_ENTITY_INVESTOR);
}

/* The older export names the date funded_when and the money amount_usd:
 * both are recognized without --map. */
static void
test_crunchbase_older_names (void)
{
  g_autoptr(DsCsvImportResult) res = import_fixture ("crunchbase-older.csv", NULL, FALSE);
  const DsDeal *d;

  g_assert_nonnull (res->landscape);
  g_assert_cmpuint (res->n_deals_added, ==, 2);
  d = deal (res->landscape, "csv-crunchbase-older-2");
  g_assert_cmpint (d->date, ==, 20150304);
  g_assert_cmpfloat (d->amount_usd, ==, 1250000);
  d = deal (res->landscape, "csv-crunchbase-older-3");
  g_assert_cmpint (d->date, ==, 20160700);
  g_assert_cmpfloat (d->amount_usd, ==, 500000);
  g_assert_cmpstr (entity_id_of (res->landscape, d->investor), ==, "khosla-ventures");
}

static void
test_merge_existing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) base = ds_dataset_read_bundled (&error);
  g_autoptr(DsCsvImportResult) res = NULL;
  g_autoptr(DsCsvImportResult) again = NULL;
  DsLandscape *ls;
  DsIndex amazon;

  g_assert_no_error (error);
  amazon = ds_landscape_find_entity (base, "amazon");
  g_assert_cmpint (amazon, !=, DS_NONE);
  res = import_fixture ("crunchbase-rounds.csv", base, FALSE);
  ls = res->landscape;
  g_assert_nonnull (ls);
  /* Amazon of the CSV is the landscape's Amazon: 8 new entities, not 9. */
  g_assert_cmpuint (res->n_entities_added, ==, 8);
  g_assert_cmpuint (res->n_entities_matched, ==, 1);
  g_assert_cmpuint (ls->entities->len, ==, base->entities->len + 8);
  g_assert_cmpuint (ls->deals->len, ==, base->deals->len + 7);
  g_assert_cmpuint (ls->sources->len, ==, base->sources->len + 1);
  g_assert_cmpuint (ls->scenarios->len, ==, base->scenarios->len);
  g_assert_cmpuint (ls->metrics->len, ==, base->metrics->len);
  g_assert_cmpuint (ls->relations->len, ==, base->relations->len);
  g_assert_cmpint (deal (ls, "csv-crunchbase-rounds-5")->target, ==, amazon);
  g_assert_cmpint (ds_landscape_entity (ls, amazon)->kind, ==, ds_landscape_entity (base, amazon)->kind);
  for (guint i = 0; i < base->deals->len; i++)
    g_assert_cmpstr (ds_landscape_deal (ls, i)->id, ==, ds_landscape_deal (base, i)->id);

  /* The merged landscape survives a dataset round trip. */
  {
    gsize len;
    g_autofree char *json = ds_dataset_write (ls, &len);
    g_autoptr(GBytes) bytes = g_bytes_new (json, len);
    g_autoptr(DsLandscape) back = ds_dataset_read_bytes (bytes, "merged", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (back->deals->len, ==, ls->deals->len);
  }

  /* Importing the same file again adds no deal. */
  again = import_fixture ("crunchbase-rounds.csv", ls, FALSE);
  g_assert_cmpuint (again->n_deals_added, ==, 0);
  g_assert_cmpuint (again->n_deals_duplicate, ==, 7);
  g_assert_cmpuint (again->n_entities_added, ==, 0);
  g_assert_cmpuint (again->landscape->sources->len, ==, ls->sources->len);
}

static guint
reason_count (const DsCsvImportResult *res,
              const char              *reason)
{
  for (guint i = 0; i < res->reasons->len; i++)
    if (strcmp (g_array_index (res->reasons, DsCsvReasonCount, i).reason, reason) == 0)
      return g_array_index (res->reasons, DsCsvReasonCount, i).count;
  return 0;
}

static void
test_bad_rows (void)
{
  g_autoptr(DsCsvImportResult) strict = import_fixture ("bad-rows.csv", NULL, FALSE);
  g_autoptr(DsCsvImportResult) skip = import_fixture ("bad-rows.csv", NULL, TRUE);
  g_autofree char *report = NULL;

  /* Default: any bad row, nothing imported. */
  g_assert_null (strict->landscape);
  g_assert_cmpuint (strict->n_rows, ==, 6);
  g_assert_cmpuint (strict->n_rows_bad, ==, 4);
  g_assert_cmpuint (strict->problems->len, ==, 4);
  /* "Alpha Capital,Zeta," is 19 characters: the date is at column 20. */
  g_assert_true (g_str_has_prefix (((DsCsvProblem *) strict->problems->pdata[0])->message, "bad-rows.csv:3:20: date “2020-13-01”"));
  g_assert_true (g_str_has_prefix (((DsCsvProblem *) strict->problems->pdata[2])->message, "bad-rows.csv:5:16: amount “12abc” in column “amount” is not a number"));
  g_assert_cmpuint (reason_count (strict, "amount is not a number"), ==, 2);
  g_assert_cmpuint (reason_count (strict, "date is not YYYY-MM-DD, YYYY-MM or YYYY"), ==, 2);
  report = ds_csv_import_result_describe (strict, "bad-rows.csv");
  g_assert_nonnull (strstr (report, "4 of 6 rows have problems; nothing was imported"));

  /* --skip-bad-rows: the two good rows. */
  g_assert_nonnull (skip->landscape);
  g_assert_cmpuint (skip->n_rows_imported, ==, 2);
  g_assert_cmpuint (skip->n_rows_bad, ==, 4);
  g_assert_cmpuint (skip->n_deals_added, ==, 2);
  g_assert_cmpuint (skip->landscape->deals->len, ==, 2);
  g_assert_cmpfloat (deal (skip->landscape, "csv-bad-rows-7")->amount_usd, ==, 300);
  /* Entities of bad rows only (Gamma, Eta, ...) are not created. */
  g_assert_cmpuint (skip->landscape->entities->len, ==, 4);
}

static void
test_problem_cap (void)
{
  g_autoptr(GString) text = g_string_new ("investor,company,date,amount\n");
  g_autoptr(DsCsvImportResult) res = NULL;
  g_autofree char *report = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (text, "Ann,Bee,2020,%ux\n", i);
  res = import_text (text->str, "many.csv", NULL, NULL, FALSE, NULL);
  g_assert_cmpuint (res->n_rows_bad, ==, 100);
  g_assert_cmpuint (res->problems->len, ==, 20);
  g_assert_cmpuint (reason_count (res, "amount is not a number"), ==, 100);
  report = ds_csv_import_result_describe (res, "many.csv");
  g_assert_nonnull (strstr (report, "… and 80 more"));
}

static void
test_map (void)
{
  g_autofree char *path = fixture_path ("custom-layout.csv");
  g_autoptr(DsCsvImport) import = ds_csv_import_new ("custom-layout.csv");
  g_autoptr(DsCsvImportResult) res = NULL;
  g_autoptr(GError) error = NULL;

  /* Without a map the layout is not recognized: a mapping error. */
  res = ds_csv_import_file (import, NULL, path, NULL, &error);
  g_assert_null (res);
  g_assert_error (error, DS_CSV_IMPORT_ERROR, DS_CSV_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "--map"));
  g_clear_error (&error);

  g_assert_false (ds_csv_import_set_map (import, "backer=Backer", &error));
  g_assert_error (error, DS_CSV_IMPORT_ERROR, DS_CSV_IMPORT_ERROR_MAPPING);
  g_clear_error (&error);

  g_assert_true (ds_csv_import_set_map (import, "investor=backer,target=STARTUP,date=Day,amount=Dollars", &error));
  ds_csv_import_set_column (import, DS_CSV_FIELD_CURRENCY, "Cur");
  res = ds_csv_import_file (import, NULL, path, NULL, &error);
  g_assert_no_error (error);
  /* The EUR row (line 4) stops the import. */
  g_assert_null (res->landscape);
  g_assert_cmpuint (res->n_rows_bad, ==, 1);
  g_assert_cmpuint (reason_count (res, "amount not in US dollars"), ==, 1);
  g_clear_pointer (&res, ds_csv_import_result_free);

  ds_csv_import_set_skip_bad_rows (import, TRUE);
  res = ds_csv_import_file (import, NULL, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->n_deals_added, ==, 2);
  g_assert_cmpfloat (deal (res->landscape, "csv-custom-layout-2")->amount_usd, ==, 2e6);
  g_assert_cmpstr (entity (res->landscape, "widget-co")->name, ==, "Widget Co");
  g_assert_cmpstr (entity (res->landscape, "northwind-partners")->name, ==, "Northwind Partners");
  g_clear_pointer (&res, ds_csv_import_result_free);

  /* A mapped column that does not exist. */
  g_assert_true (ds_csv_import_set_map (import, "post_money=Valuation", NULL));
  res = ds_csv_import_file (import, NULL, path, NULL, &error);
  g_assert_null (res);
  g_assert_error (error, DS_CSV_IMPORT_ERROR, DS_CSV_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "Valuation"));
}

static void
test_encoding_row (void)
{
  const char *text = "investor,company,date\nAnn,Bee,2020\nAnn,B\xE9" "e,2021\n";
  g_autoptr(DsCsvImportResult) strict = import_text (text, "latin1.csv", NULL, NULL, FALSE, NULL);
  g_autoptr(DsCsvImportResult) skip = import_text (text, "latin1.csv", NULL, NULL, TRUE, NULL);

  g_assert_null (strict->landscape);
  g_assert_cmpuint (strict->n_rows_bad, ==, 1);
  g_assert_true (g_str_has_prefix (((DsCsvProblem *) strict->problems->pdata[0])->message, "latin1.csv:3:6: byte 0xE9"));
  g_assert_cmpuint (skip->n_deals_added, ==, 1);
}

static void
cancel_on_progress (guint64  bytes_read,
                    guint64  total,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autoptr(GString) text = g_string_new ("investor,company,date,amount\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(DsCsvImport) import = ds_csv_import_new ("big.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(DsCsvReader) r = NULL;
  DsCsvImportResult *res;
  gsize length;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "Investor %u,Company %u,2020-01-01,%u\n", i % 100, i % 700, i);
  length = text->len;
  stream = g_memory_input_stream_new_from_data (g_string_free (g_steal_pointer (&text), FALSE), (gssize) length, g_free);
  r = ds_csv_reader_new_for_stream (stream, "big.csv");
  ds_csv_import_set_progress (import, cancel_on_progress, cancellable);
  res = ds_csv_import_run (import, NULL, r, length, cancellable, &error);
  g_assert_null (res);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* It stopped early: the first progress report comes after 64 KiB. */
  g_assert_cmpuint (ds_csv_reader_bytes_read (r), <, length);
}

typedef struct { guint calls; guint64 last, total; } Progress;

static void
record_progress (guint64  bytes_read,
                 guint64  total,
                 gpointer user_data)
{
  Progress *p = user_data;
  g_assert_cmpuint (bytes_read, >=, p->last);
  p->calls++;
  p->last = bytes_read;
  p->total = total;
}

static void
test_progress_and_preview (void)
{
  g_autofree char *path = fixture_path ("crunchbase-rounds.csv");
  g_autoptr(DsCsvImport) import = ds_csv_import_new ("crunchbase-rounds.csv");
  g_autoptr(DsCsvImportResult) res = NULL;
  g_autoptr(DsCsvPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  Progress p = { 0 };

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  ds_csv_import_set_progress (import, record_progress, &p);
  res = ds_csv_import_file (import, NULL, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p.calls, >=, 1);
  g_assert_cmpuint (p.last, ==, length);
  g_assert_cmpuint (p.total, ==, length);

  {
    g_autoptr(DsCsvReader) r = ds_csv_reader_new_for_data (contents, length, "crunchbase-rounds.csv");
    preview = ds_csv_import_preview (import, r, 2, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpint (preview->shape, ==, DS_CSV_SHAPE_PER_ROUND);
  g_assert_cmpuint (preview->rows->len, ==, 2);
  g_assert_cmpint (preview->columns[DS_CSV_FIELD_INVESTORS], ==, 7);
  g_assert_cmpint (preview->columns[DS_CSV_FIELD_TARGET], ==, 1);
  g_assert_cmpint (preview->columns[DS_CSV_FIELD_DATE], ==, 4);
  g_assert_cmpint (preview->columns[DS_CSV_FIELD_INVESTOR], ==, -1);
  g_assert_cmpstr (((char **) preview->rows->pdata[1])[1], ==, "Beta Labs");
  g_assert_cmpuint (preview->problems->len, ==, 0);

  /* From a file, with a bad row among the first ones. */
  {
    g_autofree char *bad = fixture_path ("bad-rows.csv");
    g_autoptr(DsCsvImport) plain = ds_csv_import_new ("bad-rows.csv");
    g_autoptr(DsCsvPreview) p2 = ds_csv_import_preview_file (plain, bad, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpint (p2->shape, ==, DS_CSV_SHAPE_PER_INVESTMENT);
    g_assert_cmpuint (p2->rows->len, ==, 3);
    g_assert_cmpuint (p2->problems->len, ==, 2);
    g_assert_cmpuint (((DsCsvProblem *) p2->problems->pdata[0])->line, ==, 3);
    g_assert_cmpuint (((DsCsvProblem *) p2->problems->pdata[0])->column, ==, 20);
  }
}

/* ---- the CLI --------------------------------------------------------- */

static int
run_cli (const char *db,
         char      **out,
         char      **err,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("DS_CLI");
  const char *arg;
  va_list ap;
  int wait_status;

  if (cli == NULL)
    return -1;
  g_ptr_array_add (args, (gpointer) cli);
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  /* Not captured: to /dev/null, as the test's stdout is TAP. */
  g_spawn_sync (NULL, (char **) args->pdata, NULL,
                out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : G_SPAWN_DEFAULT,
                NULL, NULL, out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GMappedFile) f = g_mapped_file_new (path, FALSE, NULL);
  g_assert_nonnull (f);
  return g_bytes_new (g_mapped_file_get_contents (f), g_mapped_file_get_length (f));
}

static void
test_cli (void)
{
  g_autofree char *dir = ds_test_make_tmp_dir ("dealscape-csv");
  g_autofree char *db = g_build_filename (dir, "doc.db", NULL);
  g_autofree char *good = fixture_path ("crunchbase-investments.csv");
  g_autofree char *bad = fixture_path ("bad-rows.csv");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  char *out = NULL, *err = NULL;

  if (g_getenv ("DS_CLI") == NULL)
    {
      g_test_skip ("DS_CLI is not set");
      return;
    }
  g_assert_cmpint (run_cli (db, NULL, NULL, "init", NULL), ==, 0);
  before = file_bytes (db);

  /* --dry-run reports and writes nothing. */
  g_assert_cmpint (run_cli (db, &out, &err, "import", good, "--dry-run", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "6 rows imported: 6 deals added, 5 new entities"));
  g_assert_nonnull (strstr (out, "Dry run: nothing was written"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  after = file_bytes (db);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_pointer (&after, g_bytes_unref);

  /* Bad rows: exit 1, the problems on stderr, the file unchanged. */
  g_assert_cmpint (run_cli (db, &out, &err, "import", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "bad-rows.csv:3:20: date"));
  g_assert_nonnull (strstr (err, "nothing was imported"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  after = file_bytes (db);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_pointer (&after, g_bytes_unref);

  /* A bad --map is a usage error. */
  g_assert_cmpint (run_cli (db, NULL, NULL, "import", good, "--map", "nonsense=x", NULL), ==, 2);

  /* For real: the deals are there afterwards. */
  g_assert_cmpint (run_cli (db, &out, &err, "import", good, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (db, &out, &err, "show", "csv-crunchbase-investments-8", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "$30M"));
  g_assert_nonnull (strstr (out, "Sequoia Capital"));
  g_free (out);
  g_free (err);

  g_remove (db);
  ds_test_remove_tree (dir);
}

/* ---- scale: work grows linearly with the rows ------------------------ */

/* VDBE steps of every statement the document runs, summed when each one
 * finishes: the work SQLite does, whatever the machine's speed. */
static int
count_steps (unsigned    type,
             void       *data,
             void       *p,
             void       *x)
{
  guint64 *steps = data;

  if (type == SQLITE_TRACE_PROFILE)
    *steps += (guint64) sqlite3_stmt_status (p, SQLITE_STMTSTATUS_VM_STEP, 1);
  return 0;
}

/* n rows, n/4 companies and n/20 investors, three companies in four raising
 * once: the shape of an export, small. Seed picks the dates and amounts, so
 * that two files of one size share the entities but not the deals. */
static char *
write_rows (const char *dir,
            guint       n,
            guint       seed)
{
  g_autofree char *name = g_strdup_printf ("rows-%u-%u.csv", n, seed);
  char *path = g_build_filename (dir, name, NULL);
  GString *s = g_string_new ("company_name,investor_name,funding_round_type,funded_at,raised_amount_usd\n");
  guint32 r = 2463534242u ^ seed;

  for (guint i = 0; i < n; i++)
    {
      r ^= r << 13; r ^= r >> 17; r ^= r << 5;
      g_string_append_printf (s, "Company %u,\"Investor %u, LLC\",venture,%u-%02u-%02u,%u\n",
                              i % 4 ? i / 4 : (r >> 3) % (n / 4 + 1), (r >> 7) % (n / 20 + 1),
                              2000 + r % 20, 1 + (r >> 5) % 12, 1 + (r >> 9) % 28, 1000 * (1 + r % 5000));
    }
  g_assert_true (g_file_set_contents (path, s->str, (gssize) s->len, NULL));
  g_string_free (s, TRUE);
  return path;
}

typedef struct {
  guint64 fresh;  /* VDBE steps: n rows into an empty document */
  guint64 into;   /* another n rows into the document that holds the first */
  guint   deals;
} ScaleWork;

static ScaleWork
import_work (const char *dir,
             guint       n)
{
  g_autofree char *db = g_strdup_printf ("%s/scale-%u.dealscape", dir, n);
  g_autofree char *first = write_rows (dir, n, 1);
  g_autofree char *second = write_rows (dir, n, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (db, DS_STORE_OPEN_CREATE, &error);
  ScaleWork work = { 0 };

  g_assert_no_error (error);
  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr(DsLandscape) base = ds_store_load (store, &error);
      g_autoptr(DsCsvImport) import = ds_csv_import_new (NULL);
      g_autoptr(DsCsvImportResult) result = NULL;
      guint64 steps = 0;

      g_assert_no_error (error);
      result = ds_csv_import_file (import, base, pass ? second : first, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (result->landscape);
      sqlite3_trace_v2 (ds_store_get_db (store), SQLITE_TRACE_PROFILE, count_steps, &steps);
      g_assert_true (ds_store_replace_all (store, result->landscape, &error));
      g_assert_no_error (error);
      sqlite3_trace_v2 (ds_store_get_db (store), 0, NULL, NULL);
      *(pass ? &work.into : &work.fresh) = steps;
      work.deals = result->landscape->deals->len;
    }
  return work;
}

static void
test_scale_linear (void)
{
  g_autofree char *dir = ds_test_make_tmp_dir ("dealscape-csv-scale");
  ScaleWork small = import_work (dir, 2000);
  ScaleWork big = import_work (dir, 8000);
  double fresh = (double) big.fresh / (double) small.fresh;
  double into = (double) big.into / (double) small.into;

  g_test_message ("VDBE steps: fresh %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT " (x%.2f), "
                  "into the document %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT " (x%.2f)",
                  small.fresh, big.fresh, fresh, small.into, big.into, into);
  /* Both documents end with two files' deals (4,000 and 16,000). */
  g_assert_cmpuint (small.deals, ==, 4000);
  g_assert_cmpuint (big.deals, ==, 16000);
  /* Four times the rows: four times the work, give or take the b-trees'
   * log n (about x4.4 at these sizes). With the foreign keys on, deleting
   * the old entities scanned every deal per entity: x16 for the second. */
  g_assert_cmpfloat (fresh, >, 3.5);
  g_assert_cmpfloat (fresh, <, 5.0);
  g_assert_cmpfloat (into, >, 3.5);
  g_assert_cmpfloat (into, <, 5.0);
  ds_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/reader/quotes", test_reader_quotes);
  g_test_add_func ("/csv/reader/bom-crlf", test_reader_bom_crlf);
  g_test_add_func ("/csv/reader/invalid-utf8", test_reader_invalid_utf8);
  g_test_add_func ("/csv/reader/syntax", test_reader_syntax);
  g_test_add_func ("/csv/reader/chunks", test_reader_chunks);
  g_test_add_func ("/csv/cell/amount", test_amount);
  g_test_add_func ("/csv/cell/dates", test_dates);
  g_test_add_func ("/csv/names/normalize", test_normalize);
  g_test_add_func ("/csv/crunchbase/investments", test_crunchbase_investments);
  g_test_add_func ("/csv/crunchbase/rounds", test_crunchbase_rounds);
  g_test_add_func ("/csv/crunchbase/older-names", test_crunchbase_older_names);
  g_test_add_func ("/csv/merge/existing", test_merge_existing);
  g_test_add_func ("/csv/rows/all-or-nothing-vs-skip", test_bad_rows);
  g_test_add_func ("/csv/rows/problem-cap", test_problem_cap);
  g_test_add_func ("/csv/rows/invalid-utf8", test_encoding_row);
  g_test_add_func ("/csv/map", test_map);
  g_test_add_func ("/csv/cancel", test_cancel);
  g_test_add_func ("/csv/progress-and-preview", test_progress_and_preview);
  g_test_add_func ("/csv/cli", test_cli);
  g_test_add_func ("/csv/scale/linear", test_scale_linear);

  return g_test_run ();
}
