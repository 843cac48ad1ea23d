/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: the SQLite document on real files: create, load back what was
 * written, keep positions, roll back a failed write, and refuse (unchanged)
 * files that are corrupt, foreign or from a newer Dealscape. */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ds-dataset.h"
#include "ds-store.h"
#include "ds-test-util.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = ds_test_make_tmp_dir ("dealscape-store");
  f->path = g_build_filename (f->dir, "doc.dealscape", NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  ds_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
export_text (DsLandscape *ls)
{
  return ds_dataset_write (ls, NULL);
}

static void
test_create_and_load (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) bundled = ds_dataset_read_bundled (&error);
  g_autoptr(DsLandscape) loaded = NULL;
  g_autofree char *expected = NULL, *actual = NULL;
  sqlite3 *db;
  int app_id = 0, version = 0;

  g_clear_object (&(DsStore *) { ds_test_create_bundled_doc (f->path) });

  /* Reopen: what comes back is what went in, to the byte once exported. */
  {
    g_autoptr(DsStore) store = ds_store_open (f->path, DS_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
    g_assert_false (ds_store_is_empty (store));
    loaded = ds_store_load (store, &error);
    g_assert_no_error (error);
  }
  expected = export_text (bundled);
  actual = export_text (loaded);
  g_assert_cmpstr (actual, ==, expected);

  /* The header marks the file as ours, at the current schema version, in WAL mode. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt;
    sqlite3_prepare_v2 (db, "SELECT (SELECT application_id FROM pragma_application_id), "
                            "(SELECT user_version FROM pragma_user_version)", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    app_id = sqlite3_column_int (stmt, 0);
    version = sqlite3_column_int (stmt, 1);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
  g_assert_cmpint (app_id, ==, 0x44534350);
  g_assert_cmpint (version, ==, DS_STORE_SCHEMA_VERSION);
}

static void
test_missing_file (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (f->path, DS_STORE_OPEN_DEFAULT, &error);

  g_assert_null (store);
  g_assert_error (error, DS_STORE_ERROR, DS_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "init"));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

/* Opening `path` must fail with `code` and leave its bytes as they were. */
static void
assert_refused_unchanged (const char *path,
                          int         code,
                          const char *fragment)
{
  g_autofree char *before = NULL, *after = NULL;
  gsize len_before, len_after;
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) ls = NULL;

  g_assert_true (g_file_get_contents (path, &before, &len_before, NULL));
  store = ds_store_open (path, DS_STORE_OPEN_CREATE, &error);
  if (store != NULL)
    ls = ds_store_load (store, &error);
  g_clear_object (&store);
  g_assert_null (ls);
  g_assert_error (error, DS_STORE_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected “%s” in “%s”", fragment, error->message);
  g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
}

static void
test_refuses_text_file (Fixture      *f,
                        gconstpointer data)
{
  g_assert_true (g_file_set_contents (f->path, "{\"format\": \"dealscape/1\"}\n", -1, NULL));
  assert_refused_unchanged (f->path, DS_STORE_ERROR_NOT_DEALSCAPE, "not an SQLite database");
}

static void
test_refuses_foreign_sqlite (Fixture      *f,
                             gconstpointer data)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
                                     "INSERT INTO moz_places (url) VALUES ('https://example.org')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_unchanged (f->path, DS_STORE_ERROR_NOT_DEALSCAPE, "another program");
}

static void
test_refuses_newer_version (Fixture      *f,
                            gconstpointer data)
{
  sqlite3 *db;

  g_clear_object (&(DsStore *) { ds_test_create_bundled_doc (f->path) });
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_unchanged (f->path, DS_STORE_ERROR_TOO_NEW, "newer Dealscape (document version 99");
}

static void
test_refuses_corrupt (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_clear_object (&(DsStore *) { ds_test_create_bundled_doc (f->path) });
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4096 * 4);
  /* Wreck every page after the first (the schema page stays readable, so
   * the file opens and the damage shows when the tables are read). */
  for (gsize i = 4096; i < length; i++)
    contents[i] = (char) (i * 7919 % 251);
  g_assert_true (g_file_set_contents (f->path, contents, (gssize) length, NULL));
  assert_refused_unchanged (f->path, DS_STORE_ERROR_CORRUPT, "is damaged");
}

/* The first column of a one-row statement, as text (kept until the next call). */
static const char *
pragma_text (DsStore    *store,
             const char *sql)
{
  static char buf[64];
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (ds_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_strlcpy (buf, (const char *) sqlite3_column_text (stmt, 0), sizeof buf);
  sqlite3_finalize (stmt);
  return buf;
}

/* The document reads back as `before` did, with its foreign keys on. */
static void
assert_as_before (DsStore     *store,
                  DsLandscape *before)
{
  g_autoptr(DsLandscape) after = ds_store_load (store, NULL);
  g_autofree char *text_before = export_text (before);
  g_autofree char *text_after = export_text (after);

  g_assert_cmpstr (text_after, ==, text_before);
  g_assert_cmpstr (pragma_text (store, "PRAGMA foreign_keys"), ==, "1");
}

static void
test_failed_write_rolls_back (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr(DsStore) store = ds_test_create_bundled_doc (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) before = ds_store_load (store, &error);
  g_autoptr(DsLandscape) bad = ds_dataset_read_bundled (&error);

  /* A landscape that bypassed validation: the last deal breaks the schema's
   * CHECK on discounts, after sources, entities and relations were written. */
  ds_landscape_deal (bad, bad->deals->len - 1)->discount = 1.5;
  g_assert_false (ds_store_replace_all (store, bad, &error));
  g_assert_error (error, DS_STORE_ERROR, DS_STORE_ERROR_INVALID);

  /* The bulk write's settings are undone with it: WAL, foreign keys on. */
  assert_as_before (store, before);
  g_assert_cmpstr (pragma_text (store, "PRAGMA journal_mode"), ==, "wal");
}

/* References are checked before a byte is written (the write itself runs
 * with the schema's foreign keys off). */
static void
test_refuses_dangling_reference (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr(DsStore) store = ds_test_create_bundled_doc (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) before = ds_store_load (store, &error);
  g_autoptr(DsLandscape) bad = ds_dataset_read_bundled (&error);
  DsDeal *last = ds_landscape_deal (bad, bad->deals->len - 1);

  last->target = (DsIndex) bad->entities->len;
  g_assert_false (ds_store_replace_all (store, bad, &error));
  g_assert_error (error, DS_STORE_ERROR, DS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, last->id));
  g_assert_nonnull (strstr (error->message, "nothing was written"));

  assert_as_before (store, before);
}

static void
test_positions (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(DsStore) store = ds_test_create_bundled_doc (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_store_load (store, &error);
  guint n = ls->entities->len;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);
  g_autofree double *x2 = g_new0 (double, n), *y2 = g_new0 (double, n);
  g_autofree guint8 *pinned = g_new0 (guint8, n), *known = g_new0 (guint8, n), *pinned2 = g_new0 (guint8, n);

  for (guint i = 0; i < n; i++)
    {
      x[i] = i * 1.5;
      y[i] = -(double) i;
    }
  pinned[2] = 1;
  g_assert_true (ds_store_save_positions (store, ls, x, y, pinned, &error));
  g_assert_no_error (error);

  /* Positions are kept by entity id: they survive a re-import. */
  g_assert_true (ds_store_replace_all (store, ls, &error));
  g_assert_true (ds_store_load_positions (store, ls, x2, y2, known, pinned2, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (known[i]);
      g_assert_cmpfloat (x2[i], ==, i * 1.5);
      g_assert_cmpfloat (y2[i], ==, -(double) i);
      g_assert_cmpint (pinned2[i], ==, i == 2);
    }
}

/* Saving some positions by id (what a drag moved) writes those and no
 * other: entities 1 and 3 get theirs, the rest keep what the document had,
 * and the landscape read back shows it. */
static void
test_positions_of (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(DsStore) store = ds_test_create_bundled_doc (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_store_load (store, &error);
  guint n = ls->entities->len;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);
  g_autofree double *x2 = g_new0 (double, n), *y2 = g_new0 (double, n);
  g_autofree guint8 *pinned = g_new0 (guint8, n), *known = g_new0 (guint8, n), *pinned2 = g_new0 (guint8, n);
  const char *ids[] = { ds_landscape_entity (ls, 3)->id, ds_landscape_entity (ls, 1)->id };
  const double mx[] = { 1003, 1001 }, my[] = { -1003, -1001 };
  const guint8 mpinned[] = { 1, 0 };

  g_assert_cmpuint (n, >, 4);
  for (guint i = 0; i < n; i++)
    {
      x[i] = i;
      y[i] = 2.0 * i;
    }
  g_assert_true (ds_store_save_positions (store, ls, x, y, pinned, &error));
  g_assert_no_error (error);
  g_assert_true (ds_store_save_positions_of (store, G_N_ELEMENTS (ids), ids, mx, my, mpinned, &error));
  g_assert_no_error (error);
  g_assert_true (ds_store_save_positions_of (store, 0, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (ds_store_load_positions (store, ls, x2, y2, known, pinned2, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      gboolean was_moved = i == 1 || i == 3;

      g_assert_true (known[i]);
      g_assert_cmpfloat (x2[i], ==, was_moved ? 1000.0 + i : i);
      g_assert_cmpfloat (y2[i], ==, was_moved ? -1000.0 - i : 2.0 * i);
      g_assert_cmpint (pinned2[i], ==, i == 3);
    }
}

static void
test_scenario_save_delete (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(DsStore) store = ds_test_create_bundled_doc (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_store_load (store, &error);
  g_autoptr(DsLandscape) again = NULL;
  g_autoptr(DsLandscape) third = NULL;
  DsScenario sc = { "what-if", "What if", "A test scenario.", 0, NULL, NULL };
  DsSetting s = { "assumption.mfu", NULL, 0.5 };
  const DsScenario *loaded;
  DsIndex i;

  sc.settings = g_array_new (FALSE, TRUE, sizeof (DsSetting));
  g_array_append_val (sc.settings, s);
  i = ds_landscape_add_scenario (ls, &sc);
  g_assert_true (ds_store_save_scenario (store, ls, i, &error));
  g_assert_no_error (error);

  again = ds_store_load (store, &error);
  loaded = ds_landscape_scenario (again, ds_landscape_find_scenario (again, "what-if"));
  g_assert_cmpstr (loaded->name, ==, "What if");
  g_assert_cmpint (loaded->base, ==, ds_landscape_find_scenario (again, "base"));
  g_assert_cmpfloat (ds_scenario_find_setting (loaded, "assumption.mfu")->number, ==, 0.5);

  g_assert_true (ds_store_delete_scenario (store, "what-if", &error));
  third = ds_store_load (store, &error);
  g_assert_cmpint (ds_landscape_find_scenario (third, "what-if"), ==, DS_NONE);
  g_assert_cmpuint (third->scenarios->len, ==, ls->scenarios->len - 1);
}

static void
test_forward_references (Fixture      *f,
                         gconstpointer data)
{
  const char *json =
    "{\"format\":\"dealscape/1\",\"sources\":[{\"id\":\"s\",\"title\":\"T\",\"publisher\":\"P\",\"date\":\"2025\"}],"
    "\"entities\":[{\"id\":\"aws\",\"name\":\"AWS\",\"kind\":\"cloud\",\"parent\":\"amazon\"},"
    "{\"id\":\"amazon\",\"name\":\"Amazon\",\"kind\":\"company\"},"
    "{\"id\":\"anthropic\",\"name\":\"Anthropic\",\"kind\":\"company\"}],"
    "\"deals\":[{\"id\":\"second\",\"investor\":\"amazon\",\"target\":\"anthropic\",\"date\":\"2024-03\","
    "\"amount_usd\":2750000000,\"instrument\":\"convertible_note\",\"status\":\"closed\",\"tranche_of\":\"first\","
    "\"source\":\"s\",\"confidence\":\"reported\"},"
    "{\"id\":\"first\",\"investor\":\"amazon\",\"target\":\"anthropic\",\"date\":\"2023-09-25\","
    "\"amount_usd\":1250000000,\"instrument\":\"convertible_note\",\"status\":\"closed\","
    "\"source\":\"s\",\"confidence\":\"reported\"}],"
    /* A hypothetical third tranche, of the landscape's "first". */
    "\"scenarios\":[{\"id\":\"more\",\"name\":\"More\",\"settings\":{},"
    "\"deals\":[{\"id\":\"third\",\"investor\":\"amazon\",\"target\":\"anthropic\",\"date\":\"2025-01\","
    "\"amount_usd\":1000000000,\"instrument\":\"convertible_note\",\"status\":\"rumored\",\"tranche_of\":\"first\","
    "\"source\":\"s\",\"confidence\":\"assumption\"}]}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_dataset_read_bytes (bytes, "forward", &error);
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) loaded = NULL;

  g_assert_no_error (error);
  /* A parent and a tranche that come later in the file than their child. */
  store = ds_store_open (f->path, DS_STORE_OPEN_CREATE, &error);
  g_assert_true (ds_store_replace_all (store, ls, &error));
  g_assert_no_error (error);
  loaded = ds_store_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ds_landscape_entity (loaded, 0)->parent, ==, 1);
  g_assert_cmpint (ds_landscape_deal (loaded, 0)->tranche_of, ==, 1);
  g_assert_cmpint (ds_landscape_deal (loaded, 1)->tranche_of, ==, DS_NONE);
  /* Read by the row id of "first", not by an id lookup. */
  g_assert_cmpuint (ds_landscape_scenario (loaded, 0)->deals->len, ==, 1);
  g_assert_cmpint (g_array_index (ds_landscape_scenario (loaded, 0)->deals, DsDeal, 0).tranche_of, ==, 1);
}

static char *
load_as_text (const char *path,
              guint       parallel_read)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = ds_store_open (path, DS_STORE_OPEN_DEFAULT, &error);
  g_autoptr(DsLandscape) ls = NULL;

  g_assert_no_error (error);
  ds_store_set_parallel_read (store, parallel_read);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  /* Tranches resolved across the halves, and the lazy id index. */
  for (guint i = 0; i < ls->deals->len; i++)
    g_assert_cmpint (ds_landscape_find_deal (ls, ds_landscape_deal (ls, i)->id), ==, (DsIndex) i);
  return export_text (ls);
}

/* Two connections read the deals of a big document, each half of the row
 * ids: the landscape is the one a single reader makes, also when deleted
 * rows leave the row ids with gaps (the second half starts at the count of
 * the first, not at its row id). */
static void
test_parallel_read (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *one = NULL, *two = NULL, *one_gaps = NULL, *two_gaps = NULL;
  sqlite3 *db;
  int max_rowid = 0;

  g_clear_object (&(DsStore *) { ds_test_create_bundled_doc (f->path) });
  one = load_as_text (f->path, 0);
  two = load_as_text (f->path, 1);
  g_assert_cmpstr (two, ==, one);

  /* Deals no tranche or edit refers to, in the first half: rowid 2 and 3. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM deals WHERE rowid IN (2, 3) AND rowid NOT IN "
                                     "(SELECT tranche_of FROM deals WHERE tranche_of IS NOT NULL)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), >, 0);
  {
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT max(rowid) FROM deals", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    max_rowid = sqlite3_column_int (stmt, 0);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
  g_assert_cmpint (max_rowid, >, 6);
  one_gaps = load_as_text (f->path, 0);
  two_gaps = load_as_text (f->path, 1);
  g_assert_cmpstr (two_gaps, ==, one_gaps);
  g_assert_cmpstr (one_gaps, !=, one);
}

static void
assert_positions_but (DsStore     *store,
                      DsLandscape *ls,
                      double       scale,
                      DsIndex      missing)
{
  guint n = ls->entities->len;
  g_autofree double *x = g_new0 (double, n), *y = g_new0 (double, n);
  g_autofree guint8 *known = g_new0 (guint8, n), *pinned = g_new0 (guint8, n);
  g_autoptr(GError) error = NULL;

  g_assert_true (ds_store_load_positions (store, ls, x, y, known, pinned, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (known[i], ==, (DsIndex) i != missing);
      if ((DsIndex) i == missing)
        continue;
      g_assert_cmpfloat (x[i], ==, i * scale);
      g_assert_cmpfloat (y[i], ==, -(double) i);
      g_assert_cmpint (pinned[i], ==, i % 3 == 0);
    }
}

static void
assert_positions (DsStore     *store,
                  DsLandscape *ls,
                  double       scale)
{
  assert_positions_but (store, ls, scale, DS_NONE);
}

static void
save_positions (DsStore     *store,
                DsLandscape *ls,
                double       scale)
{
  guint n = ls->entities->len;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);
  g_autofree guint8 *pinned = g_new (guint8, n);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      x[i] = i * scale;
      y[i] = -(double) i;
      pinned[i] = i % 3 == 0;
    }
  g_assert_true (ds_store_save_positions (store, ls, x, y, pinned, &error));
  g_assert_no_error (error);
}

/* The second reader of a big document reads the positions too, for the
 * ds_store_load_positions of that landscape; a write in between, or
 * another load, means they are read again. */
static void
test_parallel_read_positions (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr(DsStore) store = ds_test_create_bundled_doc (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) first = NULL, second = NULL;

  first = ds_store_load (store, &error);
  g_assert_no_error (error);
  save_positions (store, first, 1.5);

  ds_store_set_parallel_read (store, 1);
  second = ds_store_load (store, &error);
  g_assert_no_error (error);
  assert_positions (store, second, 1.5);
  /* Handed out once; then from the file, the same. */
  assert_positions (store, second, 1.5);

  g_clear_pointer (&second, ds_landscape_unref);
  second = ds_store_load (store, &error);
  g_assert_no_error (error);
  save_positions (store, second, 2.5);
  assert_positions (store, second, 2.5);

  /* Another program moves every node after the read: the landscape read
   * gets the positions of its own snapshot; another landscape of the same
   * entities gets the file's. */
  g_clear_pointer (&second, ds_landscape_unref);
  second = ds_store_load (store, &error);
  g_assert_no_error (error);
  {
    sqlite3 *db;
    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE positions SET x = x * 2", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  assert_positions (store, second, 2.5);
  assert_positions (store, first, 5.0);

  /* An entity without a position, and positions of entities that are gone
   * (sorting before and after every id): the second reader's merge of the
   * two id orders skips what it must. */
  {
    sqlite3 *db;
    g_autofree char *sql = g_strdup_printf ("DELETE FROM positions WHERE entity = '%s'; "
                                            "INSERT INTO positions VALUES ('', 1, 1, 0), ('0-gone', 1, 1, 0), "
                                            "('zzzz-gone', 1, 1, 0);", ds_landscape_entity (first, 1)->id);
    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_clear_pointer (&second, ds_landscape_unref);
  second = ds_store_load (store, &error);
  g_assert_no_error (error);
  assert_positions_but (store, second, 5.0, 1);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

/* The window keeps the document open while its import is written on a
 * second connection: SQLite's checkpoint after the commit copies the pages
 * into the document but leaves the WAL as big as the write (over a
 * gigabyte at 1M deals, read again in full on the next open after a crash).
 * Above the store's threshold, the commit truncates it; below it, the WAL
 * stays, so the check can fail. Either way the document reads back as
 * written. */
static void
test_wal_shrinks (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) window_store = ds_test_create_bundled_doc (f->path);
  g_autoptr(DsLandscape) ls = ds_store_load (window_store, &error);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  expected = export_text (ls);
  for (guint shrink = 0; shrink < 2; shrink++)
    {
      g_autoptr(DsStore) worker = ds_store_open (f->path, DS_STORE_OPEN_DEFAULT, &error);

      g_assert_no_error (error);
      ds_store_set_wal_shrink (worker, shrink ? 64 * 1024 : G_MAXINT64);
      g_assert_true (ds_store_replace_all (worker, ls, &error));
      g_assert_no_error (error);
      if (shrink)
        g_assert_cmpint (file_size (wal), ==, 0);
      else
        g_assert_cmpint (file_size (wal), >, 64 * 1024);
    }
  g_clear_object (&window_store);
  {
    g_autoptr(DsStore) reopened = ds_store_open (f->path, DS_STORE_OPEN_DEFAULT, &error);
    g_autoptr(DsLandscape) back = NULL;
    g_autofree char *actual = NULL;

    g_assert_no_error (error);
    back = ds_store_load (reopened, &error);
    g_assert_no_error (error);
    actual = export_text (back);
    g_assert_cmpstr (actual, ==, expected);
  }
}


static void
exec_on_file (const char *path,
              const char *sql)
{
  sqlite3 *db;
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static int
count_on_file (const char *path,
               const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  int n;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The graph preview: written by the full read of a laid-out document big
 * enough (thresholds lowered here), it carries what the scene is made of,
 * equal to the full read; any outside change to what it copies drops it,
 * and a damaged one is an error rather than a wrong graph. */
static void
test_graph_preview (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(DsStore) store = ds_test_create_bundled_doc (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) full = NULL, preview = NULL;
  g_autofree double *x = NULL, *y = NULL;
  g_autofree guint8 *pinned = NULL;

  full = ds_store_load (store, &error);
  g_assert_no_error (error);
  /* Not laid out yet: no preview, and no error. */
  preview = ds_store_read_preview (f->path, &x, &y, &pinned, &error);
  g_assert_no_error (error);
  g_assert_null (preview);
  save_positions (store, full, 1.5);
  /* Two valuations of one entity, whatever the bundled data has. */
  exec_on_file (f->path, "INSERT INTO metrics (entity, name, date, value, unit, source, confidence) "
                         "SELECT min(rowid), 'valuation_usd', 20240100, 5e9, 'usd', (SELECT min(rowid) FROM sources), "
                         "'reported' FROM entities UNION ALL "
                         "SELECT min(rowid), 'valuation_usd', 20250100, 7e9, 'usd', (SELECT min(rowid) FROM sources), "
                         "'reported' FROM entities");

  ds_store_set_parallel_read (store, 1);
  ds_store_set_preview_deals (store, 1);
  g_clear_pointer (&full, ds_landscape_unref);
  full = ds_store_load (store, &error);
  g_assert_no_error (error);
  preview = ds_store_read_preview (f->path, &x, &y, &pinned, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview);
  g_assert_cmpuint (preview->entities->len, ==, full->entities->len);
  g_assert_cmpuint (preview->deals->len, ==, full->deals->len);
  g_assert_cmpuint (preview->relations->len, ==, full->relations->len);
  for (guint i = 0; i < full->entities->len; i++)
    {
      const DsEntity *a = ds_landscape_entity (full, i), *b = ds_landscape_entity (preview, i);
      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpint (a->kind, ==, b->kind);
      g_assert_cmpint (a->parent, ==, b->parent);
      /* save_positions' pattern, independent of the read. */
      g_assert_cmpfloat (x[i], ==, i * 1.5);
      g_assert_cmpfloat (y[i], ==, -(double) i);
      g_assert_cmpint (pinned[i], ==, i % 3 == 0);
    }
  for (guint k = 0; k < full->deals->len; k++)
    {
      const DsDeal *a = ds_landscape_deal (full, k), *b = ds_landscape_deal (preview, k);
      g_assert_cmpint (a->investor, ==, b->investor);
      g_assert_cmpint (a->target, ==, b->target);
      g_assert_cmpint (a->date, ==, b->date);
      g_assert_cmpint (a->close_date, ==, b->close_date);
      g_assert_true (a->amount_usd == b->amount_usd || (isnan (a->amount_usd) && isnan (b->amount_usd)));
      g_assert_true (a->post_money_usd == b->post_money_usd ||
                     (isnan (a->post_money_usd) && isnan (b->post_money_usd)));
      g_assert_cmpint (a->instrument, ==, b->instrument);
      g_assert_cmpint (a->status, ==, b->status);
    }
  {
    /* The valuations the scene sizes nodes by, entity by entity. */
    guint n_full = 0, n_preview = 0;
    for (guint i = 0; i < full->entities->len; i++)
      {
        guint first_a, first_b;
        guint na = ds_landscape_metric_series (full, i, "valuation_usd", &first_a);
        guint nb = ds_landscape_metric_series (preview, i, "valuation_usd", &first_b);
        g_assert_cmpuint (na, ==, nb);
        for (guint k = 0; k < na; k++)
          g_assert_cmpfloat (ds_landscape_metric (full, first_a + k)->value, ==,
                             ds_landscape_metric (preview, first_b + k)->value);
        n_full += na;
        n_preview += nb;
      }
    g_assert_cmpuint (n_full, >=, 2);
    g_assert_cmpuint (n_preview, ==, n_full);
  }
  g_clear_pointer (&preview, ds_landscape_unref);
  g_clear_pointer (&x, g_free);
  g_clear_pointer (&y, g_free);
  g_clear_pointer (&pinned, g_free);

  /* One changed amount, by another program: dropped. A note is not in the
   * preview, and keeps it. */
  exec_on_file (f->path, "UPDATE deals SET note = 'changed' WHERE rowid = 1");
  preview = ds_store_read_preview (f->path, &x, &y, &pinned, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview);
  g_clear_pointer (&preview, ds_landscape_unref);
  g_clear_pointer (&x, g_free);
  g_clear_pointer (&y, g_free);
  g_clear_pointer (&pinned, g_free);
  exec_on_file (f->path, "UPDATE deals SET amount_usd = 7 WHERE rowid = 1");
  preview = ds_store_read_preview (f->path, &x, &y, &pinned, &error);
  g_assert_no_error (error);
  g_assert_null (preview);

  /* Written again by the next full read; then a moved node drops it too. */
  g_clear_pointer (&full, ds_landscape_unref);
  full = ds_store_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_on_file (f->path, "SELECT count(*) FROM graph_preview"), ==, 1);
  exec_on_file (f->path, "UPDATE positions SET x = x + 1 WHERE entity = (SELECT min(entity) FROM positions)");
  g_assert_cmpint (count_on_file (f->path, "SELECT count(*) FROM graph_preview"), ==, 0);

  /* A damaged preview (cut short) is an error that names the file. */
  g_clear_pointer (&full, ds_landscape_unref);
  full = ds_store_load (store, &error);
  g_assert_no_error (error);
  exec_on_file (f->path, "UPDATE graph_preview SET data = substr(data, 1, 100)");
  preview = ds_store_read_preview (f->path, &x, &y, &pinned, &error);
  g_assert_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_null (preview);
}

/* The x of the preview's first entity after the origin one, which
 * save_positions puts at 1 * scale; -1 when the document has no preview. */
static double
preview_scale (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) preview = NULL;
  g_autofree double *x = NULL, *y = NULL;
  g_autofree guint8 *pinned = NULL;

  preview = ds_store_read_preview (path, &x, &y, &pinned, &error);
  g_assert_no_error (error);
  return preview != NULL ? x[1] : -1;
}

/* `dealscape-cli layout --save` writes the preview with the positions, so
 * that the first open after it draws the preview; only while the landscape
 * is what the document holds. */
static void
test_graph_preview_on_save (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(DsStore) store = ds_test_create_bundled_doc (f->path);
  g_autoptr(DsStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL, elsewhere = NULL;

  ds_store_set_parallel_read (store, 1);
  ds_store_set_preview_deals (store, 1);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  /* Not laid out: the read wrote none. Off by default: the save writes none. */
  g_assert_cmpfloat (preview_scale (f->path), ==, -1);
  save_positions (store, ls, 2);
  g_assert_cmpfloat (preview_scale (f->path), ==, -1);

  /* On: each save of the same landscape writes it with its positions. */
  ds_store_set_preview_on_save (store, TRUE);
  save_positions (store, ls, 3);
  g_assert_cmpfloat (preview_scale (f->path), ==, 3);
  save_positions (store, ls, 4);
  g_assert_cmpfloat (preview_scale (f->path), ==, 4);

  /* Another program changed an amount since the read: the landscape is
   * stale, so the save writes the positions and no preview. */
  exec_on_file (f->path, "UPDATE deals SET amount_usd = 7 WHERE rowid = 1");
  save_positions (store, ls, 5);
  g_assert_cmpint (count_on_file (f->path, "SELECT count(*) FROM positions WHERE x = 5"), ==, 1);
  g_assert_cmpfloat (preview_scale (f->path), ==, -1);

  /* Read again (which writes the preview), then a write of this store's
   * own: the save does not trust the landscape either. */
  g_clear_pointer (&ls, ds_landscape_unref);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (preview_scale (f->path), ==, 5);
  ds_landscape_deal (ls, 0)->amount_usd = 8;
  g_assert_true (ds_store_update_deal (store, ls, 0, &error));
  g_assert_no_error (error);
  save_positions (store, ls, 6);
  g_assert_cmpfloat (preview_scale (f->path), ==, -1);

  /* A landscape this store did not read: no preview. */
  g_clear_pointer (&ls, ds_landscape_unref);
  ls = ds_store_load (store, &error);
  g_assert_no_error (error);
  other = ds_store_open (f->path, DS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  elsewhere = ds_store_load (other, &error);
  g_assert_no_error (error);
  save_positions (store, elsewhere, 7);
  g_assert_cmpfloat (preview_scale (f->path), ==, -1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/create-and-load", test_create_and_load);
  ADD ("/store/open/missing-file", test_missing_file);
  ADD ("/store/open/refuses-text-file", test_refuses_text_file);
  ADD ("/store/open/refuses-foreign-sqlite", test_refuses_foreign_sqlite);
  ADD ("/store/open/refuses-newer-version", test_refuses_newer_version);
  ADD ("/store/open/refuses-corrupt", test_refuses_corrupt);
  ADD ("/store/write/rolls-back", test_failed_write_rolls_back);
  ADD ("/store/write/refuses-dangling-reference", test_refuses_dangling_reference);
  ADD ("/store/positions", test_positions);
  ADD ("/store/positions/some", test_positions_of);
  ADD ("/store/write/forward-references", test_forward_references);
  ADD ("/store/scenario/save-delete", test_scenario_save_delete);
  ADD ("/store/parallel-read", test_parallel_read);
  ADD ("/store/parallel-read/positions", test_parallel_read_positions);
  ADD ("/store/write/wal-shrinks", test_wal_shrinks);
  ADD ("/store/graph-preview", test_graph_preview);
  ADD ("/store/graph-preview/on-save", test_graph_preview_on_save);
  return g_test_run ();
}
