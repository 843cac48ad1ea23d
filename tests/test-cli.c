/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: dealscape-cli as a user runs it: real processes on real
 * files, checking exit codes (0 ok, 1 user error, 2 usage), one-line
 * messages and the files it writes. */
#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <sqlite3.h>

#include "ds-edit-log.h"
#include "ds-scenario.h"
#include "ds-test-util.h"

typedef struct {
  char *dir;
  char *db;
  char *out;
  char *err;
  int   status;
  /* Set by a test to run the CLI in a compiled locale (LOCPATH, LC_ALL). */
  const char *locpath;
  const char *lc_all;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = ds_test_make_tmp_dir ("dealscape-cli");
  f->db = g_build_filename (f->dir, "doc.dealscape", NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  ds_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->out);
  g_free (f->err);
}

/* Runs dealscape-cli with the arguments (NULL-terminated); XDG_DATA_HOME is
 * the fixture's folder so the default document never touches the user's. */
static void
run (Fixture *f,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *cli = g_getenv ("DS_CLI");
  const char *arg;
  va_list ap;
  int wait_status;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, f);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  env = g_environ_setenv (env, "XDG_DATA_HOME", f->dir, TRUE);
  if (f->lc_all != NULL)
    {
      env = g_environ_setenv (env, "LOCPATH", f->locpath, TRUE);
      env = g_environ_setenv (env, "LC_ALL", f->lc_all, TRUE);
    }
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_spawn_sync (f->dir, (char **) args->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                &f->out, &f->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  f->status = WEXITSTATUS (wait_status);
}

static guint
count_lines (const char *text)
{
  guint n = 0;
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_default_document (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *default_doc = g_build_filename (f->dir, "dealscape", "landscape.db", NULL);

  /* First use makes the default document from the bundled dataset. */
  run (f, "list", "entities", "--kind", "datacenter", "--format", "csv", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_file_test (default_doc, G_FILE_TEST_EXISTS));
  g_assert_true (g_str_has_prefix (f->out, "id,name,kind,parent\n"));
  g_assert_nonnull (strstr (f->out, "project-rainier,Project Rainier,datacenter,aws\n"));
}

static void
test_init_import_export (Fixture      *f,
                         gconstpointer data)
{
  g_autofree char *json1 = g_build_filename (f->dir, "one.json", NULL);
  g_autofree char *json2 = g_build_filename (f->dir, "two.json", NULL);
  g_autofree char *a = NULL, *b = NULL;

  run (f, "--db", f->db, "init", NULL);
  g_assert_cmpint (f->status, ==, 0);
  /* A second init would overwrite research: refused without --force. */
  run (f, "--db", f->db, "init", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "--force"));
  g_assert_cmpuint (count_lines (f->err), ==, 1);

  run (f, "export-data", "--db", f->db, "-o", json1, NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "--db", f->db, "import", json1, NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "--db", f->db, "export-data", "-o", json2, NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_file_get_contents (json1, &a, NULL, NULL));
  g_assert_true (g_file_get_contents (json2, &b, NULL, NULL));
  g_assert_cmpstr (a, ==, b);
}

static void
test_bad_import_writes_nothing (Fixture      *f,
                                gconstpointer data)
{
  g_autofree char *bad = g_build_filename (f->dir, "bad.json", NULL);
  g_autofree char *before = NULL, *after = NULL;

  run (f, "--db", f->db, "init", NULL);
  run (f, "--db", f->db, "list", "deals", "--format", "json", NULL);
  before = g_steal_pointer (&f->out);

  g_assert_true (g_file_set_contents (bad, "{\"format\":\"dealscape/1\",\"sources\":[],"
                                           "\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"kind\":\"bank\"}]}", -1, NULL));
  run (f, "--db", f->db, "import", bad, NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "entities[0].kind: unknown kind “bank”"));
  g_assert_nonnull (strstr (f->err, "bad.json"));

  run (f, "--db", f->db, "list", "deals", "--format", "json", NULL);
  after = g_steal_pointer (&f->out);
  g_assert_cmpstr (after, ==, before);
}

/* No raw double in a table: no exponent as printf writes it (2.30757e+11)
 * and no run of seven or more decimals (0.14000000000000004). */
static void
assert_human (const char *text)
{
  g_assert_null (strstr (text, "e+"));
  g_assert_false (g_regex_match_simple ("[0-9]\\.[0-9]{7,}", text, 0, 0));
}

static void
test_table_human (Fixture      *f,
                  gconstpointer data)
{
  run (f, "list", "deals", "--format", "table", NULL);
  g_assert_cmpint (f->status, ==, 0);
  assert_human (f->out);
  /* amazon-anthropic-2023-09: a $1.25 billion note. */
  g_assert_true (g_regex_match_simple ("^amazon-anthropic-2023-09 .* \\$1\\.25B ", f->out, G_REGEX_MULTILINE, 0));

  run (f, "list", "metrics", "--format", "table", NULL);
  assert_human (f->out);
  /* Metrics read in their unit: google's stake_fraction 0.14, Rainier's 2.2 GW, 500000 chips. */
  g_assert_true (g_regex_match_simple ("^google +stake_fraction +2025-03 +14\\.0 % ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^project-rainier +power_gw +2025 +2\\.2 GW ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^project-rainier +chips +2025-10-29 +500,000 ", f->out, G_REGEX_MULTILINE, 0));

  /* Anthropic in June 2025: Google has put in $300M + $500M + $1.5B =
   * $2.3B and holds 0.14000000000000004 of the company (the 14 % reported
   * in March 2025), shown as "14.0 %". */
  run (f, "stakes", "--company", "anthropic", "--date", "2025-06", NULL);
  g_assert_cmpint (f->status, ==, 0);
  assert_human (f->out);
  g_assert_true (g_regex_match_simple ("^google +Google \\(Alphabet\\) +14\\.0 % +\\$2\\.3B +\\$0 ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (f->out, "threshold 33.0 %"));
  /* The same rows in CSV and JSON keep the exact doubles. */
  run (f, "stakes", "--company", "anthropic", "--date", "2025-06", "--format", "csv", NULL);
  g_assert_nonnull (strstr (f->out, "\ngoogle,Google (Alphabet),0.14000000000000004,2300000000,0,"));
  run (f, "stakes", "--company", "anthropic", "--date", "2025-06", "--format", "json", NULL);
  g_assert_nonnull (strstr (f->out, "0.14000000000000004"));
  g_assert_nonnull (strstr (f->out, "2300000000"));

  /* FLOP in scientific notation with its unit, accelerators grouped. */
  run (f, "compute", "--datacenter", "project-rainier", "--date", "2026-01", NULL);
  g_assert_cmpint (f->status, ==, 0);
  assert_human (f->out);
  g_assert_true (g_regex_match_simple ("^run_flop +4\\.56e27 FLOP ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^accelerators +2,200,000 ", f->out, G_REGEX_MULTILINE, 0));

  run (f, "replay", "--from", "2025-01", "--to", "2025-03", "--entity", "anthropic", "--format", "table", NULL);
  g_assert_cmpint (f->status, ==, 0);
  assert_human (f->out);
  g_assert_true (g_regex_match_simple ("^2025-01-01 +anthropic +revenue_run_rate_usd +\\$875M/yr ", f->out, G_REGEX_MULTILINE, 0));
}

/* In a German locale the tables group with '.' and write ',' for the
 * decimal point, all of them: no "2.200.000" beside "2.2 GW". CSV and
 * JSON keep the machine numbers of the C locale, byte for byte. */
static void
test_table_locale (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *locales = g_build_filename (f->dir, "locales", NULL);
  g_autofree char *csv_c = NULL, *json_c = NULL;

  g_assert_cmpint (g_mkdir (locales, 0700), ==, 0);
  ds_test_build_locale (locales, "de_DE.UTF-8");
  if (g_test_failed ())
    return;

  run (f, "stakes", "--company", "anthropic", "--date", "2025-06", "--format", "csv", NULL);
  csv_c = g_steal_pointer (&f->out);
  run (f, "stakes", "--company", "anthropic", "--date", "2025-06", "--format", "json", NULL);
  json_c = g_steal_pointer (&f->out);

  f->locpath = locales;
  f->lc_all = "de_DE.UTF-8";
  run (f, "compute", "--datacenter", "project-rainier", "--date", "2026-01", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_regex_match_simple ("^accelerators +2\\.200\\.000 ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^power_w +2,2 GW ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^run_flop +4,56e27 FLOP ", f->out, G_REGEX_MULTILINE, 0));

  /* Google's 14 % of Anthropic for $2.3B (test_table_human), and the
   * heading's valuation basis, in the locale's form. */
  run (f, "stakes", "--company", "anthropic", "--date", "2025-06", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_regex_match_simple ("^google +Google \\(Alphabet\\) +14,0 % +\\$2,3B +\\$0 ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (f->out, "threshold 33,0 %"));
  g_assert_nonnull (strstr (f->out, "$61,5B post-money"));
  g_assert_false (g_regex_match_simple ("[0-9]\\.[0-9] ?(%|GW|B\\b)", f->out, 0, 0));

  run (f, "stakes", "--company", "anthropic", "--date", "2025-06", "--format", "csv", NULL);
  g_assert_cmpstr (f->out, ==, csv_c);
  run (f, "stakes", "--company", "anthropic", "--date", "2025-06", "--format", "json", NULL);
  g_assert_cmpstr (f->out, ==, json_c);
}

/* scenario show: overrides read in the unit of what they override (a deal
 * field, an assumption, a metric); CSV keeps the stored value. */
static void
test_scenario_show_human (Fixture      *f,
                          gconstpointer data)
{
  run (f, "--db", f->db, "init", NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "--db", f->db, "scenario", "set", "big-note-low-cap", "metric.project-rainier.power_gw.2025=3.5", NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "--db", f->db, "scenario", "show", "big-note-low-cap", NULL);
  g_assert_cmpint (f->status, ==, 0);
  assert_human (f->out);
  g_assert_true (g_regex_match_simple ("^deal\\.amazon-anthropic-2025-07\\.cap_usd +\\$50B ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^deal\\.amazon-anthropic-2025-07\\.discount +20\\.0 % ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^metric\\.project-rainier\\.power_gw\\.2025 +3\\.5 GW ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^assumption\\.stake_threshold +33\\.0 % ", f->out, G_REGEX_MULTILINE, 0));
  run (f, "--db", f->db, "scenario", "show", "big-note-low-cap", "--format", "csv", NULL);
  g_assert_nonnull (strstr (f->out, "\ndeal.amazon-anthropic-2025-07.cap_usd,50000000000,"));
  g_assert_nonnull (strstr (f->out, "\ndeal.amazon-anthropic-2025-07.discount,0.2,"));
  g_assert_nonnull (strstr (f->out, "\nmetric.project-rainier.power_gw.2025,3.5,"));
}

static void
test_show (Fixture      *f,
           gconstpointer data)
{
  run (f, "show", "amazon-anthropic-2025-07", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "negotiating"));
  g_assert_nonnull (strstr (f->out, "undisclosed"));
  /* show is for people: the post-money of $61.5B, not 61500000000. */
  g_assert_nonnull (strstr (f->out, "$61.5B"));
  g_assert_null (strstr (f->out, "61500000000"));

  run (f, "show", "no-such-thing", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_cmpuint (count_lines (f->err), ==, 1);
}

static void
test_exit_codes (Fixture      *f,
                 gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.dealscape", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  const char *commands[] = { "init", "import", "export-data", "list", "show" };

  run (f, NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "--help", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "export-data"));
  run (f, "frobnicate", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "list", "unicorns", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "list", "entities", "--format", "xml", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "list", "entities", "--bogus", NULL);
  g_assert_cmpint (f->status, ==, 2);
  run (f, "export-data", NULL);
  g_assert_cmpint (f->status, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      run (f, commands[i], "--help", NULL);
      g_assert_cmpint (f->status, ==, 0);
      g_assert_nonnull (strstr (f->out, commands[i]));
    }

  run (f, "--db", missing, "list", "entities", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "does not exist"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (text, "hello\n", -1, NULL));
  run (f, "--db", text, "list", "entities", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "not a Dealscape document"));
  g_assert_cmpuint (count_lines (f->err), ==, 1);

  run (f, "import", missing, NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "cannot read"));
}

/* cycles on the hand-made landscape of test-cycles.c, whose cycles are
 * worked out there. */
static void
test_cycles (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *json = g_build_filename (g_getenv ("DS_SOURCE_ROOT"), "tests", "data", "cycles", "landscape.json", NULL);

  run (f, "--db", f->db, "init", "--from", json, NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "--db", f->db, "cycles", "--format", "csv", "--to", "2024", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==,
                   "cycle,length,members,path,closed_date,total_usd,circulating_usd,n_deals,n_undisclosed,confidence,deals\n"
                   "1,2,nvidia;coreweave,Nvidia → CoreWeave → Nvidia,2023-08-03,1600000000,100000000,4,1,article,"
                   "nvidia-coreweave-2023-04;coreweave-nvidia-2023-08;coreweave-nvidia-2024-02;coreweave-nvidia-2024-05\n"
                   "2,3,amazon;anthropic;databricks,Amazon → Anthropic → Databricks → Amazon,2024-06-15,1750000000,200000000,3,0,"
                   "unconfirmed,amazon-anthropic-2023-09;anthropic-databricks-2024-01;databricks-aws-2024-06\n");
  g_assert_cmpstr (f->err, ==, "");

  /* The scenario's hypothetical deal closes Microsoft's cycle. */
  run (f, "--db", f->db, "cycles", "--scenario", "openai-buys-azure", "--closed-only", "--no-group", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_null (strstr (f->out, "Microsoft"));
  run (f, "--db", f->db, "cycles", "--scenario", "OpenAI buys Azure", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "Microsoft → OpenAI → Microsoft"));
  g_assert_nonnull (strstr (f->out, "$18B"));

  run (f, "--db", f->db, "cycles", "--limit", "1", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "The limit of 1 cycles was reached"));

  /* The circles view lights the nine deals of the three cycles. */
  {
    g_autofree char *png = g_build_filename (f->dir, "circles.png", NULL);
    g_autofree char *bytes = NULL;
    gsize length = 0;

    run (f, "--db", f->db, "export", "--view", "circles", "-o", png, NULL);
    g_assert_cmpint (f->status, ==, 0);
    g_assert_nonnull (strstr (f->out, "(3 cycles, 9 of 11 edges lit)"));
    g_assert_true (g_file_get_contents (png, &bytes, &length, NULL));
    g_assert_cmpuint (length, >, 8);
    g_assert_cmpint (memcmp (bytes, "\x89PNG", 4), ==, 0);
    /* To January 2025, of length 2: A (4 deals) and the scenario's D (2);
     * 10 deals by then (the hypothetical one included). */
    run (f, "--db", f->db, "export", "--view", "circles", "--scenario", "openai-buys-azure", "--to", "2025-01",
         "--max-length", "2", "--format", "pdf", "-o", png, NULL);
    g_assert_cmpint (f->status, ==, 0);
    g_assert_nonnull (strstr (f->out, "(2 cycles, 6 of 10 edges lit)"));
    run (f, "--db", f->db, "export", "--view", "circles", "--date", "2025", "-o", png, NULL);
    g_assert_cmpint (f->status, ==, 2);
    run (f, "--db", f->db, "export", "--view", "graph", "--no-group", "-o", png, NULL);
    g_assert_cmpint (f->status, ==, 2);
    g_assert_nonnull (strstr (f->err, "are for --view circles"));
  }

  run (f, "--db", f->db, "cycles", "--from", "2025-13", NULL);
  g_assert_cmpint (f->status, ==, 2);
  g_assert_true (g_str_has_prefix (f->err, "dealscape-cli cycles: --from: “2025-13” is not a date"));
  run (f, "--db", f->db, "cycles", "--from", "2025", "--to", "2024-06", NULL);
  g_assert_cmpint (f->status, ==, 2);
  g_assert_true (g_str_has_prefix (f->err, "dealscape-cli cycles: --from 2025 is after --to 2024-06\n"));
  run (f, "--db", f->db, "cycles", "--exclude-instrument", "bond", NULL);
  g_assert_cmpint (f->status, ==, 2);
  g_assert_nonnull (strstr (f->err, "unknown instrument “bond”"));
  run (f, "--db", f->db, "cycles", "--scenario", "nope", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_cmpuint (count_lines (f->err), ==, 1);
  g_assert_nonnull (strstr (f->err, "--scenario: no scenario is called “nope”"));
}

/* layout -o writes a header and one line per entity: id, name, x, y. */
static void
test_layout_positions (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *tsv_path = g_build_filename (f->dir, "positions.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) amazon = NULL;
  guint n;

  run (f, "--db", f->db, "init", NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "--db", f->db, "layout", "-o", tsv_path, NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_file_get_contents (tsv_path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpstr (lines[0], ==, "id\tname\tx\ty");
  /* The seed landscape's 33 entities, the header, and the empty string after
   * the last newline. */
  g_assert_cmpuint (n, ==, 33 + 2);
  g_assert_cmpstr (lines[n - 1], ==, "");
  amazon = g_strsplit (lines[1], "\t", -1);
  g_assert_cmpuint (g_strv_length (amazon), ==, 4);
  g_assert_cmpstr (amazon[0], ==, "amazon");
  g_assert_cmpstr (amazon[1], ==, "Amazon");
  g_assert_true (g_ascii_strtod (amazon[2], NULL) != 0 || g_ascii_strtod (amazon[3], NULL) != 0);
}


/* The text of a scenario's setting in the document, NULL when unset. */
static char *
setting_in_file (const char *db,
                 const char *scenario,
                 const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (db, DS_STORE_OPEN_DEFAULT, &error);
  g_autoptr(DsLandscape) ls = NULL;
  const DsSetting *s;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert_no_error (error);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  s = ds_scenario_find_setting (ds_landscape_scenario (ls, ds_landscape_find_scenario (ls, scenario)), key);
  if (s == NULL)
    return NULL;
  return g_strdup (s->text ? s->text : g_ascii_formatd (buf, sizeof buf, "%.15g", s->number));
}

/* The document's edit log as the app opens it. */
static DsEditLog *
open_log (const char   *db,
          DsStore     **out_store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (db, DS_STORE_OPEN_DEFAULT, &error);
  g_autoptr(DsLandscape) ls = NULL;
  DsEditLog *log;

  g_assert_no_error (error);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  log = ds_edit_log_new (store, ls, &error);
  g_assert_no_error (error);
  if (out_store)
    *out_store = g_steal_pointer (&store);
  return log;
}

static guint
log_length (const char *db)
{
  g_autoptr(DsEditLog) log = open_log (db, NULL);
  return ds_edit_log_get_length (log);
}

/* scenario set writes an edit-log row that the app's DsEditLog undoes. */
static void
test_scenario_set_undo (Fixture      *f,
                        gconstpointer data)
{
  g_autofree char *before = NULL, *after = NULL, *undone = NULL, *redone = NULL;

  run (f, "--db", f->db, "init", NULL);
  g_assert_cmpint (f->status, ==, 0);
  before = setting_in_file (f->db, "base", "assumption.mfu");
  g_assert_cmpstr (before, ==, "0.4");
  g_assert_cmpuint (log_length (f->db), ==, 0);

  run (f, "--db", f->db, "scenario", "set", "base", "assumption.mfu=0.31", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "base: assumption.mfu=0.31\n");
  after = setting_in_file (f->db, "base", "assumption.mfu");
  g_assert_cmpstr (after, ==, "0.31");

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DsStore) store = NULL;
    g_autoptr(DsEditLog) log = open_log (f->db, &store);
    g_autoptr(DsEdit) peek = ds_edit_log_peek_undo (log);
    g_autoptr(DsEdit) edit = NULL;

    g_assert_cmpuint (ds_edit_log_get_length (log), ==, 1);
    g_assert_cmpuint (ds_edit_log_get_position (log), ==, 1);
    g_assert_nonnull (peek);
    g_assert_cmpint (peek->target, ==, DS_EDIT_TARGET_SETTING);
    g_assert_cmpstr (peek->scenario, ==, "base");
    g_assert_cmpstr (peek->target_id, ==, "assumption.mfu");
    g_assert_cmpfloat (g_ascii_strtod (peek->old_value, NULL), ==, 0.4);
    g_assert_cmpfloat (g_ascii_strtod (peek->new_value, NULL), ==, 0.31);
    edit = ds_edit_log_undo (log, &error);
    g_assert_no_error (error);
    g_assert_nonnull (edit);
    g_assert_cmpuint (ds_edit_log_get_position (log), ==, 0);
  }
  /* Read back from the file by a new connection. */
  undone = setting_in_file (f->db, "base", "assumption.mfu");
  g_assert_cmpstr (undone, ==, "0.4");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DsEditLog) log = open_log (f->db, NULL);
    g_autoptr(DsEdit) edit = NULL;

    g_assert_cmpuint (ds_edit_log_get_position (log), ==, 0);
    g_assert_true (ds_edit_log_can_redo (log));
    edit = ds_edit_log_redo (log, &error);
    g_assert_no_error (error);
  }
  redone = setting_in_file (f->db, "base", "assumption.mfu");
  g_assert_cmpstr (redone, ==, "0.31");

  /* Two keys are two rows, undone last first. */
  run (f, "--db", f->db, "scenario", "set", "slow-buildout", "assumption.mfu=0.3", "assumption.buildout_scale=0.5", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpuint (log_length (f->db), ==, 3);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DsEditLog) log = open_log (f->db, NULL);
    g_autoptr(DsEdit) edit = ds_edit_log_undo (log, &error);
    g_autofree char *scale = NULL, *mfu = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (edit->target_id, ==, "assumption.buildout_scale");
    scale = setting_in_file (f->db, "slow-buildout", "assumption.buildout_scale");
    mfu = setting_in_file (f->db, "slow-buildout", "assumption.mfu");
    g_assert_cmpstr (scale, ==, "0.6");
    g_assert_cmpstr (mfu, ==, "0.3");
  }

  /* A refused value among good ones writes nothing, not even a log row;
   * the message is the scenario engine's. */
  run (f, "--db", f->db, "scenario", "set", "base", "assumption.mfu=0.2", "assumption.mfu=7", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_cmpuint (count_lines (f->err), ==, 1);
  {
    g_autofree char *mfu = setting_in_file (f->db, "base", "assumption.mfu");
    g_autoptr(DsEditLog) log = open_log (f->db, NULL);
    g_assert_cmpstr (mfu, ==, "0.31");
    /* The redo tail (one undone row) is still there: nothing was written. */
    g_assert_cmpuint (ds_edit_log_get_length (log), ==, 3);
    g_assert_cmpuint (ds_edit_log_get_position (log), ==, 2);
  }

  /* unset of a key the scenario does not set: the same message as before. */
  run (f, "--db", f->db, "scenario", "unset", "slow-buildout", "assumption.note_discount", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_cmpstr (f->err, ==, "dealscape-cli: scenario slow-buildout does not set assumption.note_discount; "
                               "“dealscape-cli scenario show slow-buildout” lists its settings\n");
  run (f, "--db", f->db, "scenario", "unset", "slow-buildout", "assumption.mfu", NULL);
  g_assert_cmpint (f->status, ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DsEditLog) log = open_log (f->db, NULL);
    g_autoptr(DsEdit) edit = NULL;
    g_autofree char *mfu = NULL;

    /* The unset replaced the redo tail. */
    g_assert_cmpuint (ds_edit_log_get_length (log), ==, 3);
    edit = ds_edit_log_undo (log, &error);
    g_assert_no_error (error);
    mfu = setting_in_file (f->db, "slow-buildout", "assumption.mfu");
    g_assert_cmpstr (mfu, ==, "0.3");
  }
}

/* create and delete are the app's scenario operations: undo of the delete
 * brings the scenario back with its settings. */
static void
test_scenario_create_delete_undo (Fixture      *f,
                                  gconstpointer data)
{
  g_autofree char *back = NULL;

  run (f, "--db", f->db, "init", NULL);
  run (f, "--db", f->db, "scenario", "create", "Cheap Chips", "--from", "base", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "Created scenario cheap-chips (Cheap Chips) on top of base\n");
  run (f, "--db", f->db, "scenario", "create", "Cheap Chips", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "a scenario with the id “cheap-chips” exists already"));
  run (f, "--db", f->db, "scenario", "set", "cheap-chips", "assumption.mfu=0.45", NULL);
  g_assert_cmpint (f->status, ==, 0);
  /* base has scenarios built on it: refused, as before. */
  run (f, "--db", f->db, "scenario", "delete", "base", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_nonnull (strstr (f->err, "cannot delete scenario base:"));
  run (f, "--db", f->db, "scenario", "delete", "Cheap Chips", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "Deleted scenario cheap-chips\n");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DsEditLog) log = open_log (f->db, NULL);
    g_autoptr(DsEdit) edit = NULL;

    g_assert_cmpuint (ds_edit_log_get_length (log), ==, 3);
    edit = ds_edit_log_undo (log, &error);
    g_assert_no_error (error);
    g_assert_cmpint (edit->target, ==, DS_EDIT_TARGET_SCENARIO);
    g_assert_cmpstr (edit->field, ==, DS_EDIT_SCENARIO_DELETE);
  }
  back = setting_in_file (f->db, "cheap-chips", "assumption.mfu");
  g_assert_cmpstr (back, ==, "0.45");
}

static guint
count_substrings (const char *text, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static double
number_in_file (const char *db,
                const char *sql)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  double value;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

static char *
export_data (Fixture *f)
{
  run (f, "--db", f->db, "export-data", "-o", "-", NULL);
  g_assert_cmpint (f->status, ==, 0);
  return g_steal_pointer (&f->out);
}

/* An import is an edit: `undo` (or the app's DsEditLog) puts the landscape
 * before it back, row for row, with the edits made before it; `redo` the
 * imported one. JSON imports replace, CSV imports merge, init --force
 * replaces with the bundled dataset: each is one undo step. */
static void
test_import_undo (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *json = g_build_filename (f->dir, "landscape.json", NULL);
  g_autofree char *csv = g_build_filename (g_getenv ("DS_SOURCE_ROOT"), "tests", "data", "csv",
                                           "crunchbase-investments.csv", NULL);
  g_autofree char *edited = NULL, *imported = NULL, *merged = NULL, *mfu = NULL;
  double deals_before, deals_merged;

  run (f, "--db", f->db, "init", NULL);
  run (f, "--db", f->db, "export-data", "-o", json, NULL);
  g_assert_cmpint (f->status, ==, 0);
  imported = export_data (f);
  run (f, "--db", f->db, "scenario", "set", "base", "assumption.mfu=0.31", "assumption.note_discount=0.1", NULL);
  g_assert_cmpint (f->status, ==, 0);
  edited = export_data (f);

  /* The JSON (mfu 0.4, as exported before the edits) replaces the landscape. */
  run (f, "--db", f->db, "import", json, NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "“dealscape-cli undo” (or Undo in the app) puts the previous landscape back"));
  g_assert_cmpuint (log_length (f->db), ==, 3);
  mfu = setting_in_file (f->db, "base", "assumption.mfu");
  g_assert_cmpstr (mfu, ==, "0.4");
  g_clear_pointer (&mfu, g_free);

  run (f, "--db", f->db, "undo", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "Undid: import of landscape.json\n");
  {
    g_autofree char *back = export_data (f);
    g_assert_cmpstr (back, ==, edited);
  }
  /* history lists the log, oldest first: the import is the undone edit. */
  run (f, "--db", f->db, "history", "--format", "csv", NULL);
  g_assert_cmpint (f->status, ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (f->out, "\n", -1);
    const char *expected[][3] = { { "1", "true", "assumption.mfu in scenario base" },
                                  { "2", "true", "assumption.note_discount in scenario base" },
                                  { "3", "false", "import of landscape.json" } };

    g_assert_cmpstr (lines[0], ==, "edit,applied,time,what");
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_auto(GStrv) cells = g_strsplit (lines[i + 1], ",", 4);
        g_assert_cmpuint (g_strv_length (cells), ==, 4);
        g_assert_cmpstr (cells[0], ==, expected[i][0]);
        g_assert_cmpstr (cells[1], ==, expected[i][1]);
        g_assert_true (g_str_has_suffix (cells[2], "Z") && strlen (cells[2]) == strlen ("2026-12-07T04:00:00Z"));
        g_assert_cmpstr (cells[3], ==, expected[i][2]);
      }
    g_assert_cmpstr (lines[4], ==, "");
  }
  /* The edits below the import apply again, last first. */
  run (f, "--db", f->db, "undo", NULL);
  g_assert_cmpstr (f->out, ==, "Undid: assumption.note_discount in scenario base\n");
  run (f, "--db", f->db, "redo", "2", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpstr (f->out, ==, "Redid: assumption.note_discount in scenario base\nRedid: import of landscape.json\n");
  {
    g_autofree char *again = export_data (f);
    g_assert_cmpstr (again, ==, imported);
  }

  /* A CSV merge, undone by the app's log: the merged deals go, the file's
   * rows are those of before, and redo brings the merge back. A dry run
   * writes nothing, the log included. */
  deals_before = number_in_file (f->db, "SELECT count(*) FROM deals");
  run (f, "--db", f->db, "import", csv, "--dry-run", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpuint (log_length (f->db), ==, 3);
  run (f, "--db", f->db, "import", csv, NULL);
  g_assert_cmpint (f->status, ==, 0);
  deals_merged = number_in_file (f->db, "SELECT count(*) FROM deals");
  g_assert_cmpfloat (deals_merged, >, deals_before);
  merged = export_data (f);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DsEditLog) log = open_log (f->db, NULL);
    g_autoptr(DsEdit) next = ds_edit_log_peek_undo (log);
    g_autoptr(DsEdit) undone = NULL, redone = NULL;
    g_autofree char *what = NULL;

    g_assert_cmpuint (ds_edit_log_get_length (log), ==, 4);
    g_assert_nonnull (next);
    g_assert_cmpint (next->target, ==, DS_EDIT_TARGET_IMPORT);
    what = ds_edit_describe (next);
    g_assert_cmpstr (what, ==, "import of crunchbase-investments.csv");
    undone = ds_edit_log_undo (log, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ds_landscape_n_deals (ds_edit_log_get_landscape (log)), ==, (guint) deals_before);
    g_assert_cmpfloat (number_in_file (f->db, "SELECT count(*) FROM deals"), ==, deals_before);
    {
      g_autofree char *back = export_data (f);
      g_assert_cmpstr (back, ==, imported);
    }
    redone = ds_edit_log_redo (log, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ds_landscape_n_deals (ds_edit_log_get_landscape (log)), ==, (guint) deals_merged);
  }
  {
    g_autofree char *again = export_data (f);
    g_assert_cmpstr (again, ==, merged);
  }

  /* init --force replaces an existing landscape: one more import. */
  run (f, "--db", f->db, "init", "--force", NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "--db", f->db, "undo", NULL);
  g_assert_cmpstr (f->out, ==, "Undid: import of the bundled dataset\n");
  {
    g_autofree char *back = export_data (f);
    g_assert_cmpstr (back, ==, merged);
  }
  /* A new edit drops the redo tail, and the landscape kept for its redo. */
  /* Three imports, each undone once: the landscapes before and after each. */
  g_assert_cmpfloat (number_in_file (f->db, "SELECT count(*) FROM edit_log_snapshots"), ==, 6);
  run (f, "--db", f->db, "scenario", "set", "base", "assumption.mfu=0.32", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpuint (log_length (f->db), ==, 5);
  g_assert_cmpfloat (number_in_file (f->db, "SELECT count(*) FROM edit_log_snapshots"), ==, 4);
  g_assert_cmpfloat (number_in_file (f->db, "SELECT count(DISTINCT snapshot) FROM edit_log_snapshot_deals"), ==, 4);
}

/* Undo reaches back across the last DS_STORE_UNDOABLE_IMPORTS imports:
 * the landscapes of older ones are dropped from the file, and undo stops
 * there with a message instead of failing half-way. */
static void
test_import_undo_depth (Fixture      *f,
                        gconstpointer data)
{
  g_autofree char *json = g_build_filename (f->dir, "landscape.json", NULL);

  run (f, "--db", f->db, "init", NULL);
  run (f, "--db", f->db, "export-data", "-o", json, NULL);
  for (int i = 0; i < DS_STORE_UNDOABLE_IMPORTS + 2; i++)
    {
      run (f, "--db", f->db, "import", json, NULL);
      g_assert_cmpint (f->status, ==, 0);
    }
  g_assert_cmpuint (log_length (f->db), ==, DS_STORE_UNDOABLE_IMPORTS + 2);
  g_assert_cmpfloat (number_in_file (f->db, "SELECT count(*) FROM edit_log_snapshots"), ==, DS_STORE_UNDOABLE_IMPORTS);
  g_assert_cmpfloat (number_in_file (f->db, "SELECT count(*) FROM edit_log WHERE old_value IS NULL"), ==, 2);

  run (f, "--db", f->db, "undo", "10", NULL);
  g_assert_cmpint (f->status, ==, 1);
  g_assert_cmpuint (count_substrings (f->out, "Undid: import of landscape.json\n"), ==, DS_STORE_UNDOABLE_IMPORTS);
  g_assert_nonnull (strstr (f->err, "cannot undo the import of landscape.json: the edit log keeps the landscapes "
                                    "of the last 3 imports only"));
  {
    g_autoptr(DsEditLog) log = open_log (f->db, NULL);
    g_assert_cmpuint (ds_edit_log_get_position (log), ==, 2);
    g_assert_false (ds_edit_log_can_undo (log));
    g_assert_true (ds_edit_log_can_redo (log));
  }
  run (f, "--db", f->db, "redo", "3", NULL);
  g_assert_cmpint (f->status, ==, 0);
}

/* A log left behind by an import of an older version names a deal the
 * document no longer has: the app is not offered its undo, and opening it
 * neither crashes nor changes the landscape. */
static void
test_stale_log_after_import (Fixture      *f,
                             gconstpointer data)
{
  g_autofree char *before = NULL;

  run (f, "--db", f->db, "init", NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DsStore) store = NULL;
    g_autoptr(DsEditLog) log = open_log (f->db, &store);

    g_assert_true (ds_edit_log_set_setting (log, "base", "assumption.mfu", "0.33", &error));
    g_assert_no_error (error);
    g_assert_true (ds_edit_log_set_deal (log, "amazon-anthropic-2025-07", "amount_usd", "9e9", &error));
    g_assert_no_error (error);
    g_assert_true (ds_edit_log_set_setting (log, "base", "assumption.mfu", "0.34", &error));
    g_assert_no_error (error);
    /* What an import that kept the log leaves: the deal is of the old landscape. */
    g_assert_cmpint (sqlite3_exec (ds_store_get_db (store), "UPDATE edit_log SET target_id = 'removed-by-import' "
                                   "WHERE target = 'deal'", NULL, NULL, NULL), ==, SQLITE_OK);
  }
  run (f, "--db", f->db, "list", "deals", "--format", "csv", NULL);
  before = g_steal_pointer (&f->out);
  {
    g_autoptr(DsEditLog) log = open_log (f->db, NULL);
    g_autofree char *mfu = setting_in_file (f->db, "base", "assumption.mfu");

    g_assert_cmpuint (ds_edit_log_get_length (log), ==, 0);
    g_assert_false (ds_edit_log_can_undo (log));
    g_assert_null (ds_edit_log_peek_undo (log));
    g_assert_cmpstr (mfu, ==, "0.34");
  }
  run (f, "--db", f->db, "list", "deals", "--format", "csv", NULL);
  g_assert_cmpstr (f->out, ==, before);
  /* The CLI's next edit starts a new log. */
  run (f, "--db", f->db, "scenario", "set", "base", "assumption.mfu=0.35", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_cmpuint (log_length (f->db), ==, 1);
}

/* The valuation stakes prints names the round it starts from. On the seed
 * landscape Anthropic's last priced round before 2026-04 is Series F
 * (anthropic-series-f-2025-09: 2025-09, $183B post-money; Series E of
 * 2025-03-03 came before it). From 2025-09 to 2026-04 is 7 calendar months;
 * as dates stand for their first day, 2025-09-01 .. 2026-04-01 is
 * 30+31+30+31+31+28+31 = 212 days, 212 / 365 = 0.5808219178082191 years. */
static void
test_stakes_valuation_basis (Fixture      *f,
                             gconstpointer data)
{
  g_auto(GStrv) lines = NULL;

  run (f, "--db", f->db, "init", NULL);
  run (f, "--db", f->db, "stakes", "--company", "anthropic", "--date", "2026-04", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_str_has_prefix (f->out, "Anthropic on 2026-04 under base; valuation $409B, projected 7 months "
                                           "from anthropic-series-f-2025-09 (2025-09, $183B post-money), "
                                           "\u00d72.24 by revenue growth; threshold 33.0 %\n"));
  g_assert_null (strstr (f->out, "projected from revenue"));
  lines = g_strsplit (f->out, "\n", -1);
  g_assert_nonnull (strstr (lines[2], "valuation_basis"));
  g_assert_nonnull (strstr (lines[3], "projected 7 months from anthropic-series-f-2025-09"));
  g_clear_pointer (&lines, g_strfreev);

  run (f, "--db", f->db, "stakes", "--company", "anthropic", "--date", "2026-04", "--format", "csv", NULL);
  g_assert_cmpint (f->status, ==, 0);
  lines = g_strsplit (f->out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "entity,name,fraction,invested_usd,pending_usd,other_money_usd,how,assumed,"
                                 "crosses_threshold,max_add_usd,valuation_usd,valuation_projected,base_deal,base_date,"
                                 "base_valuation_usd,projected_months,projected_years,growth_factor");
  /* Google's $1B of January 2025 is an "other" deal: money, no stake. */
  {
    gboolean found = FALSE;
    for (guint i = 1; lines[i] && *lines[i]; i++)
      if (g_str_has_prefix (lines[i], "google,"))
        {
          g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);
          g_assert_cmpstr (cells[3], ==, "2300000000");
          g_assert_cmpstr (cells[5], ==, "1000000000");
          found = TRUE;
        }
    g_assert_true (found);
  }
  for (guint i = 1; lines[i] && *lines[i]; i++)
    g_assert_nonnull (strstr (lines[i], ",true,anthropic-series-f-2025-09,2025-09,183000000000,7,0.5808219178082191,"));
  g_clear_pointer (&lines, g_strfreev);

  /* On the day of Series E nothing is projected: the round itself. */
  run (f, "--db", f->db, "stakes", "--company", "anthropic", "--date", "2025-03-03", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_str_has_prefix (f->out, "Anthropic on 2025-03-03 under base; valuation $61.5B, last priced round: "
                                           "anthropic-series-e-2025-03 (2025-03-03, $61.5B post-money); threshold 33.0 %\n"));
  run (f, "--db", f->db, "stakes", "--company", "anthropic", "--date", "2025-03-03", "--format", "json", NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_nonnull (strstr (f->out, "\"valuation_projected\": false,\n    \"base_deal\": \"anthropic-series-e-2025-03\",\n"
                                    "    \"base_date\": \"2025-03-03\",\n    \"base_valuation_usd\": 61500000000,\n"
                                    "    \"projected_months\": null,\n    \"projected_years\": null,\n"
                                    "    \"growth_factor\": 1\n"));
}


/* export --no-labels leaves the names out but the --company one's; the
 * SVG keeps its text as <text>, so the names can be counted. */
static void
test_export_labels (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *all_svg = g_build_filename (f->dir, "all.svg", NULL);
  g_autofree char *none_svg = g_build_filename (f->dir, "none.svg", NULL);
  g_autofree char *one_svg = g_build_filename (f->dir, "one.svg", NULL);
  g_autofree char *all = NULL, *none = NULL, *one = NULL;
  guint n_all, n_none, n_one;

  run (f, "--db", f->db, "init", NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "--db", f->db, "export", "--view", "graph", "-o", all_svg, NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "--db", f->db, "export", "--view", "graph", "--no-labels", "-o", none_svg, NULL);
  g_assert_cmpint (f->status, ==, 0);
  run (f, "--db", f->db, "export", "--view", "graph", "--no-labels", "--company", "anthropic", "-o", one_svg, NULL);
  g_assert_cmpint (f->status, ==, 0);
  g_assert_true (g_file_get_contents (all_svg, &all, NULL, NULL));
  g_assert_true (g_file_get_contents (none_svg, &none, NULL, NULL));
  g_assert_true (g_file_get_contents (one_svg, &one, NULL, NULL));
  n_all = count_substrings (all, "<text");
  n_none = count_substrings (none, "<text");
  n_one = count_substrings (one, "<text");
  g_test_message ("<text> elements: all labels %u, none %u, --company only %u", n_all, n_none, n_one);
  /* The caption and the legend stay; node and deal names go. */
  g_assert_cmpuint (n_none, >, 0);
  g_assert_cmpuint (n_all, >, n_none + 10);
  g_assert_cmpuint (n_one, ==, n_none + 1);
  g_assert_cmpuint (count_substrings (all, ">Anthropic</text>"), ==, 1);
  g_assert_cmpuint (count_substrings (none, ">Anthropic</text>"), ==, 0);
  g_assert_cmpuint (count_substrings (one, ">Anthropic</text>"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/default-document", test_default_document);
  ADD ("/cli/cycles", test_cycles);
  ADD ("/cli/layout/positions", test_layout_positions);
  ADD ("/cli/init-import-export", test_init_import_export);
  ADD ("/cli/import/bad-writes-nothing", test_bad_import_writes_nothing);
  ADD ("/cli/table-human", test_table_human);
  ADD ("/cli/table-locale", test_table_locale);
  ADD ("/cli/scenario-show-human", test_scenario_show_human);
  ADD ("/cli/show", test_show);
  ADD ("/cli/exit-codes", test_exit_codes);
  ADD ("/cli/scenario/set-undo", test_scenario_set_undo);
  ADD ("/cli/scenario/create-delete-undo", test_scenario_create_delete_undo);
  ADD ("/cli/import/undo", test_import_undo);
  ADD ("/cli/import/undo-depth", test_import_undo_depth);
  ADD ("/cli/import/stale-log", test_stale_log_after_import);
  ADD ("/cli/stakes/valuation-basis", test_stakes_valuation_basis);
  ADD ("/cli/export/labels", test_export_labels);
  return g_test_run ();
}
