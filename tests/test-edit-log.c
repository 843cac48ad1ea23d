/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-edit-log.c: edits, undo and redo on a real document file: the data
 * and the log change together, survive reopening, and a failure changes neither. */
#define G_LOG_DOMAIN "test-edit-log"

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "ds-dataset.h"
#include "ds-edit-log.h"
#include "ds-scenario.h"
#include "ds-store.h"
#include "ds-test-util.h"

#define NOTE "amazon-anthropic-2025-07"
#define CAP_KEY "deal." NOTE ".cap_usd"

typedef struct {
  char        *dir;
  char        *path;
  DsStore     *store;
  DsLandscape *ls;
  DsEditLog   *log;
} Fixture;

static void
open_doc (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = ds_store_open (f->path, DS_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->ls = ds_store_load (f->store, &error);
  g_assert_no_error (error);
  f->log = ds_edit_log_new (f->store, f->ls, &error);
  g_assert_no_error (error);
}

static void
close_doc (Fixture *f)
{
  g_assert_finalize_object (f->log);
  f->log = NULL;
  g_clear_pointer (&f->ls, ds_landscape_unref);
  g_assert_finalize_object (f->store);
  f->store = NULL;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = ds_test_make_tmp_dir ("dealscape-edit-log");
  f->path = g_build_filename (f->dir, "doc.dealscape", NULL);
  g_clear_object (&(DsStore *) { ds_test_create_bundled_doc (f->path) });
  open_doc (f);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  if (f->log != NULL)
    close_doc (f);
  ds_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* A number read straight from the file through its own connection: NAN for NULL. */
static double
file_number (Fixture    *f,
             const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  double value = -1;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static double
note_amount (Fixture *f)
{
  return ds_landscape_deal (f->ls, ds_landscape_find_deal (f->ls, NOTE))->amount_usd;
}

static double
file_note_amount (Fixture *f)
{
  return file_number (f, "SELECT amount_usd FROM deals WHERE id = '" NOTE "'");
}

static double
cap_setting (Fixture *f)
{
  DsIndex s = ds_landscape_find_scenario (f->ls, "big-note-low-cap");
  const DsSetting *set = ds_scenario_find_setting (ds_landscape_scenario (f->ls, s), CAP_KEY);
  return set == NULL ? NAN : set->number;
}

static double
file_cap_setting (Fixture *f)
{
  return file_number (f, "SELECT number FROM scenario_settings WHERE scenario = 'big-note-low-cap' "
                         "AND key = '" CAP_KEY "'");
}

static void
test_deal_undo_redo (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsEdit) undone = NULL, redone = NULL;

  /* The bundled note's amount is undisclosed. */
  g_assert_true (isnan (note_amount (f)));
  g_assert_false (ds_edit_log_can_undo (f->log));

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "4e9", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (note_amount (f), ==, 4e9);
  g_assert_cmpfloat (file_note_amount (f), ==, 4e9);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log"), ==, 1);
  g_assert_true (ds_edit_log_can_undo (f->log));
  g_assert_false (ds_edit_log_can_redo (f->log));

  undone = ds_edit_log_undo (f->log, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (undone->target_id, ==, NOTE);
  g_assert_cmpstr (undone->field, ==, "amount_usd");
  g_assert_null (undone->old_value);
  g_assert_cmpstr (undone->new_value, ==, "4e9");
  g_assert_true (isnan (note_amount (f)));
  g_assert_true (isnan (file_note_amount (f)));
  g_assert_cmpfloat (file_number (f, "SELECT value FROM meta WHERE key = 'edit_log_cursor'"), ==, 0);

  redone = ds_edit_log_redo (f->log, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (note_amount (f), ==, 4e9);
  g_assert_cmpfloat (file_note_amount (f), ==, 4e9);
  g_assert_null (ds_edit_log_redo (f->log, &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOTHING);
}

static void
test_deal_text_fields (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  DsDeal *d = ds_landscape_deal (f->ls, ds_landscape_find_deal (f->ls, NOTE));

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "status", "closed", &error));
  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "date", "2025-08-01", &error));
  g_assert_no_error (error);
  g_assert_cmpint (d->status, ==, DS_STATUS_CLOSED);
  g_assert_cmpint (d->date, ==, 20250801);
  g_assert_cmpfloat (file_number (f, "SELECT date FROM deals WHERE id = '" NOTE "'"), ==, 20250801);
  g_clear_pointer (&(DsEdit *) { ds_edit_log_undo (f->log, &error) }, ds_edit_free);
  g_clear_pointer (&(DsEdit *) { ds_edit_log_undo (f->log, &error) }, ds_edit_free);
  g_assert_no_error (error);
  g_assert_cmpint (d->status, ==, DS_STATUS_NEGOTIATING);
  g_assert_cmpint (d->date, ==, 20250709);
}

static void
test_setting_undo_redo (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  DsIndex s = ds_landscape_find_scenario (f->ls, "big-note-low-cap");
  const char *rate_key = "deal." NOTE ".interest_rate";

  g_assert_cmpfloat (cap_setting (f), ==, 5e10);
  g_assert_true (ds_edit_log_set_setting (f->log, "big-note-low-cap", CAP_KEY, "3e10", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (cap_setting (f), ==, 3e10);
  g_assert_cmpfloat (file_cap_setting (f), ==, 3e10);
  /* The base deal is not touched by a scenario edit. */
  g_assert_true (isnan (ds_landscape_deal (f->ls, ds_landscape_find_deal (f->ls, NOTE))->cap_usd));

  /* A key the scenario did not set: undo removes it again. */
  g_assert_true (ds_edit_log_set_setting (f->log, "big-note-low-cap", rate_key, "0.05", &error));
  g_assert_nonnull (ds_scenario_find_setting (ds_landscape_scenario (f->ls, s), rate_key));
  g_clear_pointer (&(DsEdit *) { ds_edit_log_undo (f->log, &error) }, ds_edit_free);
  g_assert_no_error (error);
  g_assert_null (ds_scenario_find_setting (ds_landscape_scenario (f->ls, s), rate_key));

  g_clear_pointer (&(DsEdit *) { ds_edit_log_undo (f->log, &error) }, ds_edit_free);
  g_assert_cmpfloat (cap_setting (f), ==, 5e10);
  g_assert_cmpfloat (file_cap_setting (f), ==, 5e10);
  g_clear_pointer (&(DsEdit *) { ds_edit_log_redo (f->log, &error) }, ds_edit_free);
  g_assert_no_error (error);
  g_assert_cmpfloat (cap_setting (f), ==, 3e10);

  /* The engine refuses a value of the wrong kind, and nothing is logged. */
  g_assert_false (ds_edit_log_set_setting (f->log, "big-note-low-cap", CAP_KEY, "cheap", &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 2);
  g_assert_cmpfloat (cap_setting (f), ==, 3e10);
}

static void
test_redo_tail_dropped (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "1e9", &error));
  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "2e9", &error));
  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "3e9", &error));
  g_clear_pointer (&(DsEdit *) { ds_edit_log_undo (f->log, &error) }, ds_edit_free);
  g_clear_pointer (&(DsEdit *) { ds_edit_log_undo (f->log, &error) }, ds_edit_free);
  g_assert_no_error (error);
  g_assert_cmpfloat (note_amount (f), ==, 1e9);
  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 1);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 3);

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "7e9", &error));
  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 2);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 2);
  g_assert_false (ds_edit_log_can_redo (f->log));
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log"), ==, 2);
  g_assert_cmpfloat (file_number (f, "SELECT new_value FROM edit_log WHERE seq = 2"), ==, 7e9);
  g_assert_cmpfloat (file_number (f, "SELECT old_value FROM edit_log WHERE seq = 2"), ==, 1e9);
}

static void
test_survives_reopen (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsEdit) next = NULL;

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "1e9", &error));
  g_assert_true (ds_edit_log_set_setting (f->log, "big-note-low-cap", CAP_KEY, "2e10", &error));
  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "2e9", &error));
  g_clear_pointer (&(DsEdit *) { ds_edit_log_undo (f->log, &error) }, ds_edit_free);
  g_assert_no_error (error);

  close_doc (f);
  open_doc (f);

  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 2);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 3);
  g_assert_cmpfloat (note_amount (f), ==, 1e9);
  g_assert_cmpfloat (cap_setting (f), ==, 2e10);
  next = ds_edit_log_peek_undo (f->log);
  g_assert_cmpstr (next->scenario, ==, "big-note-low-cap");
  g_assert_cmpint (next->target, ==, DS_EDIT_TARGET_SETTING);
  g_assert_cmpstr (next->target_id, ==, CAP_KEY);
  g_assert_cmpint (next->time, >, 1700000000);

  g_clear_pointer (&(DsEdit *) { ds_edit_log_undo (f->log, &error) }, ds_edit_free);
  g_clear_pointer (&(DsEdit *) { ds_edit_log_undo (f->log, &error) }, ds_edit_free);
  g_assert_no_error (error);
  g_assert_true (isnan (note_amount (f)));
  g_assert_cmpfloat (cap_setting (f), ==, 5e10);

  close_doc (f);
  open_doc (f);
  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 0);
  g_assert_true (isnan (note_amount (f)));
  for (int i = 0; i < 3; i++)
    g_clear_pointer (&(DsEdit *) { ds_edit_log_redo (f->log, &error) }, ds_edit_free);
  g_assert_no_error (error);
  g_assert_cmpfloat (note_amount (f), ==, 2e9);
  g_assert_cmpfloat (file_note_amount (f), ==, 2e9);
}

static void
test_failed_edit_unchanged (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsEdit) edit = NULL;

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "1e9", &error));

  /* Refused by validation. */
  g_assert_false (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "-5", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ds_edit_log_set_deal (f->log, NOTE, "discount", "1.5", &error));
  g_clear_error (&error);
  g_assert_false (ds_edit_log_set_deal (f->log, NOTE, "colour", "red", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ds_edit_log_set_deal (f->log, "no-such-deal", "amount_usd", "1", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Refused by the file after the deal row was written: the log insert
   * fails, so the deal's UPDATE in the same transaction must go too. */
  g_assert_cmpint (sqlite3_exec (ds_store_get_db (f->store),
                                 "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.edit_log "
                                 "WHEN NEW.new_value = '9e9' BEGIN SELECT RAISE (ABORT, 'refused'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "9e9", &error));
  g_assert_error (error, DS_STORE_ERROR, DS_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_clear_error (&error);
  g_assert_false (ds_edit_log_set_setting (f->log, "big-note-low-cap", CAP_KEY, "9e9", &error));
  g_clear_error (&error);

  g_assert_cmpfloat (note_amount (f), ==, 1e9);
  g_assert_cmpfloat (file_note_amount (f), ==, 1e9);
  g_assert_cmpfloat (cap_setting (f), ==, 5e10);
  g_assert_cmpfloat (file_cap_setting (f), ==, 5e10);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 1);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log"), ==, 1);
  g_assert_cmpfloat (file_number (f, "SELECT value FROM meta WHERE key = 'edit_log_cursor'"), ==, 1);

  /* The store is usable afterwards: the transaction did not stay open. */
  edit = ds_edit_log_undo (f->log, &error);
  g_assert_no_error (error);
  g_assert_true (isnan (file_note_amount (f)));
}

static void
test_forget_scenario (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsEdit) last = NULL;

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "1e9", &error));
  g_assert_true (ds_edit_log_set_setting (f->log, "big-note-low-cap", CAP_KEY, "2e10", &error));
  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "2e9", &error));
  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "3e9", &error));
  g_clear_pointer (&(DsEdit *) { ds_edit_log_undo (f->log, &error) }, ds_edit_free);
  g_assert_no_error (error);

  g_assert_true (ds_edit_log_forget_scenario (f->log, "big-note-low-cap", &error));
  g_assert_no_error (error);
  /* Edits 1 and 3 applied, 4 in the redo tail: now 1, 2 applied and 3 to redo. */
  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 2);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 3);
  last = ds_edit_log_peek_undo (f->log);
  g_assert_cmpstr (last->new_value, ==, "2e9");
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log WHERE seq IN (1, 2, 3)"), ==, 3);
}

/* A version-1 document (the schema before the edit log) opened by this build
 * is migrated to version 2 and keeps its data. */
static void
test_migrate_v1 (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) bundled = ds_dataset_read_bundled (&error);
  g_autofree char *expected = NULL, *actual = NULL;
  sqlite3 *db;

  close_doc (f);
  /* Version 1 is version 2 without what schema-2.sql adds. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE edit_log; DELETE FROM meta WHERE key = 'edit_log_cursor'; "
                                     "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpfloat (file_number (f, "SELECT user_version FROM pragma_user_version"), ==, 1);

  open_doc (f);
  g_assert_cmpfloat (file_number (f, "SELECT user_version FROM pragma_user_version"), ==, 2);
  g_assert_cmpint (DS_STORE_SCHEMA_VERSION, ==, 2);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log"), ==, 0);
  expected = ds_dataset_write (bundled, NULL);
  actual = ds_dataset_write (f->ls, NULL);
  g_assert_cmpstr (actual, ==, expected);

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "4e9", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (file_note_amount (f), ==, 4e9);
}

static void
test_field_text (void)
{
  DsDeal d;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL, *date = NULL, *status = NULL, *cap = NULL;

  ds_deal_init (&d);
  d.id = "x";
  d.amount_usd = 2.5e9;
  d.date = 20240300;
  d.status = DS_STATUS_RUMORED;
  amount = ds_deal_field_get (&d, "amount_usd");
  date = ds_deal_field_get (&d, "date");
  status = ds_deal_field_get (&d, "status");
  cap = ds_deal_field_get (&d, "cap_usd");
  g_assert_cmpstr (amount, ==, "2500000000");
  g_assert_cmpstr (date, ==, "2024-03");
  g_assert_cmpstr (status, ==, "rumored");
  g_assert_null (cap);

  g_assert_true (ds_deal_field_set (&d, "pre_money_usd", "1e10", &error));
  /* Post below pre is refused and leaves the deal as it was. */
  g_assert_false (ds_deal_field_set (&d, "post_money_usd", "5e9", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
  g_assert_true (isnan (d.post_money_usd));
  g_clear_error (&error);
  g_assert_false (ds_deal_field_set (&d, "amount_usd", "12abc", &error));
  g_assert_cmpfloat (d.amount_usd, ==, 2.5e9);
  g_clear_error (&error);
  g_assert_true (ds_deal_field_set (&d, "amount_usd", NULL, &error));
  g_assert_true (isnan (d.amount_usd));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/edit-log/deal/undo-redo", test_deal_undo_redo);
  ADD ("/edit-log/deal/text-fields", test_deal_text_fields);
  ADD ("/edit-log/setting/undo-redo", test_setting_undo_redo);
  ADD ("/edit-log/redo-tail-dropped", test_redo_tail_dropped);
  ADD ("/edit-log/survives-reopen", test_survives_reopen);
  ADD ("/edit-log/failed-edit-unchanged", test_failed_edit_unchanged);
  ADD ("/edit-log/forget-scenario", test_forget_scenario);
  ADD ("/edit-log/migrate/v1-document", test_migrate_v1);
#undef ADD
  g_test_add_func ("/edit-log/field-text", test_field_text);
  return g_test_run ();
}
