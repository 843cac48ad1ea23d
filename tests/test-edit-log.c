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

/* Scenarios ---------------------------------------------------------------- */

/* The log reloads its landscape when a scenario is added or removed. */
static void
sync_ls (Fixture *f)
{
  DsLandscape *current = ds_edit_log_get_landscape (f->log);

  if (current != f->ls)
    {
      g_clear_pointer (&f->ls, ds_landscape_unref);
      f->ls = ds_landscape_ref (current);
    }
}

static void
reopen (Fixture *f)
{
  close_doc (f);
  open_doc (f);
}

static const DsScenario *
scenario (Fixture    *f,
          const char *id)
{
  DsIndex i = ds_landscape_find_scenario (f->ls, id);
  return i == DS_NONE ? NULL : ds_landscape_scenario (f->ls, i);
}

static double
setting_number (const DsScenario *sc,
                const char       *key)
{
  const DsSetting *set = ds_scenario_find_setting (sc, key);
  g_assert_nonnull (set);
  g_assert_null (set->text);
  return set->number;
}

static const char *
setting_text (const DsScenario *sc,
              const char       *key)
{
  const DsSetting *set = ds_scenario_find_setting (sc, key);
  g_assert_nonnull (set);
  return set->text;
}

static void
undo_one (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsEdit) edit = ds_edit_log_undo (f->log, &error);

  g_assert_no_error (error);
  g_assert_nonnull (edit);
  sync_ls (f);
}

static void
redo_one (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsEdit) edit = ds_edit_log_redo (f->log, &error);

  g_assert_no_error (error);
  g_assert_nonnull (edit);
  sync_ls (f);
}

/* big-note-low-cap as data/landscape.json has it, read back from the file:
 * second in the list, on `base`, five settings and one hypothetical deal.
 * `cap` is the hypothetical deal's cap (NAN: unset, as bundled). */
static void
assert_big_note_as_bundled (Fixture *f,
                            double   cap)
{
  const DsScenario *sc = scenario (f, "big-note-low-cap");
  const DsDeal *d;

  g_assert_nonnull (sc);
  g_assert_cmpint (ds_landscape_find_scenario (f->ls, "big-note-low-cap"), ==, 1);
  g_assert_cmpstr (sc->name, ==, "Big note, low cap");
  g_assert_nonnull (sc->description);
  g_assert_cmpint (sc->base, ==, ds_landscape_find_scenario (f->ls, "base"));
  g_assert_cmpuint (sc->settings->len, ==, 5);
  g_assert_cmpfloat (setting_number (sc, "deal." NOTE ".amount_usd"), ==, 8e9);
  g_assert_cmpfloat (setting_number (sc, CAP_KEY), ==, 5e10);
  g_assert_cmpstr (setting_text (sc, "deal." NOTE ".close_date"), ==, "2025-09");
  g_assert_cmpfloat (setting_number (sc, "deal." NOTE ".discount"), ==, 0.2);
  g_assert_cmpstr (setting_text (sc, "deal." NOTE ".status"), ==, "closed");
  g_assert_cmpuint (sc->deals->len, ==, 1);
  d = &g_array_index (sc->deals, DsDeal, 0);
  g_assert_cmpstr (d->id, ==, "hypothetical-series-g");
  g_assert_cmpstr (ds_landscape_entity (f->ls, d->investor)->id, ==, "hypothetical-investors");
  g_assert_cmpstr (ds_landscape_entity (f->ls, d->target)->id, ==, "anthropic");
  g_assert_cmpint (d->date, ==, 20260300);
  g_assert_cmpfloat (d->amount_usd, ==, 5e9);
  g_assert_cmpint (d->instrument, ==, DS_INSTRUMENT_EQUITY);
  g_assert_cmpint (d->status, ==, DS_STATUS_CLOSED);
  g_assert_cmpfloat (d->pre_money_usd, ==, 1.5e11);
  g_assert_cmpfloat (d->post_money_usd, ==, 1.55e11);
  if (isnan (cap))
    g_assert_true (isnan (d->cap_usd));
  else
    g_assert_cmpfloat (d->cap_usd, ==, cap);
  g_assert_cmpstr (ds_landscape_source (f->ls, d->source)->id, ==, "dealscape-assumptions");
  g_assert_cmpint (d->confidence, ==, DS_CONFIDENCE_ASSUMPTION);
}

static void
test_scenario_create_undo_redo (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(DsEdit) next = NULL;
  const DsScenario *sc;

  id = ds_edit_log_create_scenario (f->log, "  What if: $50B cap ", "big-note-low-cap", "Why", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "what-if-50b-cap");
  sync_ls (f);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 1);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenarios WHERE id = 'what-if-50b-cap'"), ==, 1);

  reopen (f);
  next = ds_edit_log_peek_undo (f->log);
  g_assert_cmpint (next->target, ==, DS_EDIT_TARGET_SCENARIO);
  g_assert_cmpstr (next->field, ==, DS_EDIT_SCENARIO_CREATE);
  g_assert_cmpstr (next->scenario, ==, "what-if-50b-cap");
  g_assert_cmpstr (next->new_value, ==, "What if: $50B cap");
  g_assert_null (next->old_value);

  undo_one (f);
  g_assert_null (scenario (f, "what-if-50b-cap"));
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenarios"), ==, 4);
  reopen (f);
  g_assert_null (scenario (f, "what-if-50b-cap"));
  g_assert_true (ds_edit_log_can_redo (f->log));

  redo_one (f);
  reopen (f);
  sc = scenario (f, "what-if-50b-cap");
  g_assert_nonnull (sc);
  /* Same id, name, description, base and place (after the four bundled). */
  g_assert_cmpint (ds_landscape_find_scenario (f->ls, "what-if-50b-cap"), ==, 4);
  g_assert_cmpstr (sc->name, ==, "What if: $50B cap");
  g_assert_cmpstr (sc->description, ==, "Why");
  g_assert_cmpint (sc->base, ==, ds_landscape_find_scenario (f->ls, "big-note-low-cap"));
  g_assert_cmpuint (sc->settings->len, ==, 0);
  g_assert_cmpuint (sc->deals->len, ==, 0);

  /* The id is taken now; nothing is logged for the refusal. */
  g_assert_null (ds_edit_log_create_scenario (f->log, "What if $50B cap", NULL, NULL, NULL, &error));
  g_assert_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_EXISTS);
  g_clear_error (&error);
  sync_ls (f);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 1);
  g_assert_cmpuint (f->ls->scenarios->len, ==, 5);
  g_assert_null (ds_edit_log_create_scenario (f->log, "   ", NULL, NULL, NULL, &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
}

static void
test_scenario_duplicate_undo_redo (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const DsScenario *sc;

  id = ds_edit_log_create_scenario (f->log, "Note copy", "base", "Copied", "big-note-low-cap", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "note-copy");
  reopen (f);
  sc = scenario (f, "note-copy");
  g_assert_cmpuint (sc->settings->len, ==, 5);
  g_assert_cmpfloat (setting_number (sc, CAP_KEY), ==, 5e10);
  g_assert_cmpstr (setting_text (sc, "deal." NOTE ".status"), ==, "closed");
  g_assert_cmpuint (sc->deals->len, ==, 1);
  g_assert_cmpfloat (g_array_index (sc->deals, DsDeal, 0).post_money_usd, ==, 1.55e11);
  {
    g_autoptr(DsEdit) next = ds_edit_log_peek_undo (f->log);
    g_assert_cmpstr (next->field, ==, DS_EDIT_SCENARIO_DUPLICATE);
  }

  undo_one (f);
  reopen (f);
  g_assert_null (scenario (f, "note-copy"));
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenario_deals WHERE scenario = 'note-copy'"), ==, 0);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenario_settings WHERE scenario = 'note-copy'"), ==, 0);
  /* The original is untouched. */
  assert_big_note_as_bundled (f, NAN);

  redo_one (f);
  reopen (f);
  sc = scenario (f, "note-copy");
  g_assert_nonnull (sc);
  g_assert_cmpuint (sc->settings->len, ==, 5);
  g_assert_cmpfloat (setting_number (sc, "deal." NOTE ".amount_usd"), ==, 8e9);
  g_assert_cmpuint (sc->deals->len, ==, 1);
  g_assert_cmpstr (g_array_index (sc->deals, DsDeal, 0).id, ==, "hypothetical-series-g");
}

static void
test_scenario_delete_undo_redo (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* Edits of the scenario before its deletion stay undoable after it is back. */
  g_assert_true (ds_edit_log_set_setting (f->log, "big-note-low-cap", CAP_KEY, "3e10", &error));
  g_assert_true (ds_edit_log_set_scenario_deal (f->log, "big-note-low-cap", "hypothetical-series-g",
                                                "cap_usd", "2e11", &error));
  g_assert_no_error (error);
  g_assert_true (ds_edit_log_delete_scenario (f->log, "big-note-low-cap", &error));
  g_assert_no_error (error);
  sync_ls (f);
  g_assert_null (scenario (f, "big-note-low-cap"));
  g_assert_cmpuint (f->ls->scenarios->len, ==, 3);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenario_settings WHERE scenario = 'big-note-low-cap'"),
                     ==, 0);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenario_deals WHERE scenario = 'big-note-low-cap'"),
                     ==, 0);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 3);

  reopen (f);
  g_assert_null (scenario (f, "big-note-low-cap"));
  undo_one (f);
  reopen (f);
  /* Back in its place, with the edited cap of its deal and the setting. */
  g_assert_cmpint (ds_landscape_find_scenario (f->ls, "big-note-low-cap"), ==, 1);
  g_assert_cmpfloat (setting_number (scenario (f, "big-note-low-cap"), CAP_KEY), ==, 3e10);
  g_assert_cmpfloat (g_array_index (scenario (f, "big-note-low-cap")->deals, DsDeal, 0).cap_usd, ==, 2e11);

  undo_one (f);
  undo_one (f);
  reopen (f);
  assert_big_note_as_bundled (f, NAN);
  g_assert_false (ds_edit_log_can_undo (f->log));

  /* Redo goes forward through the same states. */
  redo_one (f);
  redo_one (f);
  g_assert_cmpfloat (g_array_index (scenario (f, "big-note-low-cap")->deals, DsDeal, 0).cap_usd, ==, 2e11);
  redo_one (f);
  g_assert_null (scenario (f, "big-note-low-cap"));
  reopen (f);
  g_assert_null (scenario (f, "big-note-low-cap"));
  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 3);
}

static void
test_scenario_delete_in_use (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *child = NULL;

  child = ds_edit_log_create_scenario (f->log, "Child", "big-note-low-cap", NULL, NULL, &error);
  g_assert_no_error (error);
  sync_ls (f);

  /* A scenario that another builds on is refused, as ds_scenario_delete does. */
  g_assert_false (ds_edit_log_delete_scenario (f->log, "big-note-low-cap", &error));
  g_assert_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "child"));
  g_clear_error (&error);
  sync_ls (f);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 1);
  g_assert_nonnull (scenario (f, "big-note-low-cap"));
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenarios WHERE id = 'big-note-low-cap'"), ==, 1);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenarios"), ==, 1);

  /* A scenario made outside the log (the CLI) on top of the created one
   * blocks the undo of its creation; the log stays where it was. */
  {
    DsIndex sc = ds_scenario_create (f->ls, "Grandchild", ds_landscape_find_scenario (f->ls, "child"), NULL, &error);
    g_assert_no_error (error);
    g_assert_true (ds_scenario_save (f->store, f->ls, sc, &error));
  }
  g_assert_null (ds_edit_log_undo (f->log, &error));
  g_assert_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_IN_USE);
  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 1);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenarios WHERE id = 'child'"), ==, 1);
  g_assert_cmpfloat (file_number (f, "SELECT value FROM meta WHERE key = 'edit_log_cursor'"), ==, 1);
}

static void
test_scenario_rename_undo_redo (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsEdit) next = NULL;

  g_assert_true (ds_edit_log_rename_scenario (f->log, "slow-buildout", " Slower buildout ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (scenario (f, "slow-buildout")->name, ==, "Slower buildout");
  reopen (f);
  /* Renamed in place: third in the list still, with its settings. */
  g_assert_cmpint (ds_landscape_find_scenario (f->ls, "slow-buildout"), ==, 2);
  g_assert_cmpstr (scenario (f, "slow-buildout")->name, ==, "Slower buildout");
  g_assert_cmpfloat (setting_number (scenario (f, "slow-buildout"), "assumption.mfu"), ==, 0.35);
  next = ds_edit_log_peek_undo (f->log);
  g_assert_cmpstr (next->old_value, ==, "Slow buildout");
  g_assert_cmpstr (next->new_value, ==, "Slower buildout");

  undo_one (f);
  reopen (f);
  g_assert_cmpstr (scenario (f, "slow-buildout")->name, ==, "Slow buildout");
  g_assert_cmpint (ds_landscape_find_scenario (f->ls, "slow-buildout"), ==, 2);
  redo_one (f);
  reopen (f);
  g_assert_cmpstr (scenario (f, "slow-buildout")->name, ==, "Slower buildout");

  g_assert_false (ds_edit_log_rename_scenario (f->log, "slow-buildout", "  ", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ds_edit_log_rename_scenario (f->log, "no-such", "X", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 1);
}

static void
test_scenario_deal_undo_redo (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *cap_sql = "SELECT cap_usd FROM scenario_deals WHERE id = 'hypothetical-series-g'";

  g_assert_true (isnan (file_number (f, cap_sql)));
  g_assert_true (ds_edit_log_set_scenario_deal (f->log, "big-note-low-cap", "hypothetical-series-g",
                                                "cap_usd", "5e10", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (file_number (f, cap_sql), ==, 5e10);
  g_assert_true (ds_edit_log_set_scenario_deal (f->log, "big-note-low-cap", "hypothetical-series-g",
                                                "status", "announced", &error));
  g_assert_no_error (error);

  /* Refusals log nothing and change nothing. */
  g_assert_false (ds_edit_log_set_scenario_deal (f->log, "big-note-low-cap", "hypothetical-series-g",
                                                 "discount", "1.5", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ds_edit_log_set_scenario_deal (f->log, "big-note-low-cap", "hypothetical-series-g",
                                                 "post_money_usd", "1e11", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
  g_clear_error (&error);
  /* Only the scenario that holds the deal edits it. */
  g_assert_false (ds_edit_log_set_scenario_deal (f->log, "slow-buildout", "hypothetical-series-g",
                                                 "cap_usd", "1e10", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 2);

  reopen (f);
  {
    g_autoptr(DsEdit) next = ds_edit_log_peek_undo (f->log);
    g_assert_cmpint (next->target, ==, DS_EDIT_TARGET_SCENARIO_DEAL);
    g_assert_cmpstr (next->scenario, ==, "big-note-low-cap");
    g_assert_cmpstr (next->target_id, ==, "hypothetical-series-g");
    g_assert_cmpstr (next->old_value, ==, "closed");
  }
  undo_one (f);
  undo_one (f);
  reopen (f);
  assert_big_note_as_bundled (f, NAN);
  g_assert_true (isnan (file_number (f, cap_sql)));
  redo_one (f);
  reopen (f);
  assert_big_note_as_bundled (f, 5e10);
}

/* A hypothetical deal as the add dialog makes it: Google puts $2B into
 * Anthropic in 2026-05 as a SAFE with a $300B cap, in slow-buildout. */
static DsDeal
new_deal (Fixture    *f,
          const char *id)
{
  DsDeal d = {
    .id = ds_landscape_intern (f->ls, id),
    .investor = ds_landscape_find_entity (f->ls, "google"),
    .target = ds_landscape_find_entity (f->ls, "anthropic"),
    .date = 20260500, .close_date = DS_DATE_NONE,
    .amount_usd = 2e9, .instrument = DS_INSTRUMENT_SAFE, .status = DS_STATUS_ANNOUNCED,
    .pre_money_usd = DS_UNSET, .post_money_usd = DS_UNSET, .cap_usd = 3e11,
    .discount = DS_UNSET, .interest_rate = DS_UNSET, .tranche_of = DS_NONE,
    .term_years = DS_UNSET, .power_gw = DS_UNSET, .chip_count = DS_UNSET, .chip = DS_NONE,
    .source = ds_landscape_find_source (f->ls, "dealscape-assumptions"),
    .confidence = DS_CONFIDENCE_ASSUMPTION,
  };
  g_assert_cmpint (d.investor, !=, DS_NONE);
  g_assert_cmpint (d.target, !=, DS_NONE);
  g_assert_cmpint (d.source, !=, DS_NONE);
  return d;
}

/* The terms of new_deal (), its cap as given, on a deal read back. */
static void
assert_new_deal_terms (Fixture      *f,
                       const DsDeal *d,
                       double        cap)
{
  g_assert_cmpstr (ds_landscape_entity (f->ls, d->investor)->id, ==, "google");
  g_assert_cmpstr (ds_landscape_entity (f->ls, d->target)->id, ==, "anthropic");
  g_assert_cmpint (d->date, ==, 20260500);
  g_assert_cmpint (d->close_date, ==, DS_DATE_NONE);
  g_assert_cmpfloat (d->amount_usd, ==, 2e9);
  g_assert_cmpint (d->instrument, ==, DS_INSTRUMENT_SAFE);
  g_assert_cmpint (d->status, ==, DS_STATUS_ANNOUNCED);
  g_assert_cmpfloat (d->cap_usd, ==, cap);
  g_assert_true (isnan (d->pre_money_usd) && isnan (d->post_money_usd) && isnan (d->discount) &&
                 isnan (d->interest_rate));
  g_assert_cmpint (d->tranche_of, ==, DS_NONE);
  g_assert_null (d->note);
  g_assert_cmpstr (ds_landscape_source (f->ls, d->source)->id, ==, "dealscape-assumptions");
  g_assert_cmpint (d->confidence, ==, DS_CONFIDENCE_ASSUMPTION);
}

/* slow-buildout as bundled has no deals; after the add it has exactly the
 * one of new_deal (), read back from the reopened file. */
static void
assert_added_deal (Fixture  *f,
                   gboolean  present)
{
  const DsScenario *sc = scenario (f, "slow-buildout");
  const DsDeal *d;

  g_assert_nonnull (sc);
  g_assert_cmpuint (sc->deals->len, ==, present ? 1 : 0);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenario_deals WHERE scenario = 'slow-buildout'"),
                     ==, present ? 1 : 0);
  if (!present)
    return;
  d = &g_array_index (sc->deals, DsDeal, 0);
  g_assert_cmpstr (d->id, ==, "hyp-google-anthropic-2026");
  assert_new_deal_terms (f, d, 3e11);
}

static void
test_scenario_deal_add_undo_redo (Fixture      *f,
                                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  DsDeal d;

  /* The id: "hyp-" + investor + target + year, free across all sections. */
  d = new_deal (f, "x");
  id = ds_scenario_new_deal_id (f->ls, &d);
  g_assert_cmpstr (id, ==, "hyp-google-anthropic-2026");
  d = new_deal (f, id);
  g_assert_true (ds_edit_log_add_scenario_deal (f->log, "slow-buildout", &d, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 1);
  {
    g_autofree char *again = ds_scenario_new_deal_id (f->ls, &d);
    g_assert_cmpstr (again, ==, "hyp-google-anthropic-2026-2");
  }

  reopen (f);
  assert_added_deal (f, TRUE);
  {
    g_autoptr(DsEdit) next = ds_edit_log_peek_undo (f->log);
    g_assert_cmpint (next->target, ==, DS_EDIT_TARGET_SCENARIO_DEAL);
    g_assert_cmpstr (next->field, ==, DS_EDIT_SCENARIO_DEAL_ADD);
    g_assert_cmpstr (next->scenario, ==, "slow-buildout");
    g_assert_cmpstr (next->target_id, ==, "hyp-google-anthropic-2026");
    g_assert_null (next->old_value);
  }
  /* A later edit of the added deal undoes first, then the add. */
  g_assert_true (ds_edit_log_set_scenario_deal (f->log, "slow-buildout", "hyp-google-anthropic-2026",
                                                "status", "closed", &error));
  g_assert_no_error (error);
  undo_one (f);
  undo_one (f);
  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 0);
  reopen (f);
  assert_added_deal (f, FALSE);
  redo_one (f);
  reopen (f);
  assert_added_deal (f, TRUE);
  redo_one (f);
  reopen (f);
  g_assert_cmpint (g_array_index (scenario (f, "slow-buildout")->deals, DsDeal, 0).status, ==, DS_STATUS_CLOSED);
  g_assert_false (ds_edit_log_can_redo (f->log));
}

static void
test_scenario_deal_add_refused (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  DsDeal d;

  /* Ids taken by a landscape deal or another scenario's deal, not slugs. */
  const char *bad_ids[] = { NOTE, "hypothetical-series-g", "Bad Id", "" };
  for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      d = new_deal (f, bad_ids[i]);
      g_assert_false (ds_edit_log_add_scenario_deal (f->log, "slow-buildout", &d, &error));
      g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
      g_clear_error (&error);
    }
  d = new_deal (f, "hyp-self");
  d.target = d.investor;
  g_assert_false (ds_edit_log_add_scenario_deal (f->log, "slow-buildout", &d, &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
  g_clear_error (&error);
  d = new_deal (f, "hyp-undated");
  d.date = DS_DATE_NONE;
  g_assert_false (ds_edit_log_add_scenario_deal (f->log, "slow-buildout", &d, &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
  g_clear_error (&error);
  d = new_deal (f, "hyp-upside-down");
  d.pre_money_usd = 2e11;
  d.post_money_usd = 1e11;
  g_assert_false (ds_edit_log_add_scenario_deal (f->log, "slow-buildout", &d, &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
  g_clear_error (&error);
  d = new_deal (f, "hyp-nowhere");
  g_assert_false (ds_edit_log_add_scenario_deal (f->log, "no-such-scenario", &d, &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 0);
  reopen (f);
  assert_added_deal (f, FALSE);
}

/* The deals of slow-buildout in order, read back from the file: ids joined
 * with spaces. */
static char *
file_deal_order (Fixture *f)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  const DsScenario *sc = scenario (f, "slow-buildout");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);

  g_assert_nonnull (sc);
  for (guint i = 0; i < sc->deals->len; i++)
    g_string_append_printf (ids, "%s%s", i ? " " : "", g_array_index (sc->deals, DsDeal, i).id);
  /* The file's own order agrees with the one loaded. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM scenario_deals WHERE scenario = 'slow-buildout' "
                                           "ORDER BY position", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (rows, "%s%s", rows->len ? " " : "", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpstr (rows->str, ==, ids->str);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static void
assert_deal_order (Fixture    *f,
                   const char *expected)
{
  g_autofree char *order = file_deal_order (f);
  g_assert_cmpstr (order, ==, expected);
}

static void
test_scenario_deal_delete_undo_redo (Fixture      *f,
                                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "hyp-first", "hyp-middle", "hyp-last" };
  const DsDeal *d;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      DsDeal nd = new_deal (f, ids[i]);
      g_assert_true (ds_edit_log_add_scenario_deal (f->log, "slow-buildout", &nd, &error));
      g_assert_no_error (error);
    }
  /* The deleted deal carries an edit since its add, which undo keeps. */
  g_assert_true (ds_edit_log_set_scenario_deal (f->log, "slow-buildout", "hyp-middle", "cap_usd", "4e11", &error));
  g_assert_no_error (error);
  g_assert_true (ds_edit_log_delete_scenario_deal (f->log, "slow-buildout", "hyp-middle", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 5);

  reopen (f);
  assert_deal_order (f, "hyp-first hyp-last");
  {
    g_autoptr(DsEdit) next = ds_edit_log_peek_undo (f->log);
    g_assert_cmpint (next->target, ==, DS_EDIT_TARGET_SCENARIO_DEAL);
    g_assert_cmpstr (next->field, ==, DS_EDIT_SCENARIO_DEAL_DELETE);
    g_assert_cmpstr (next->scenario, ==, "slow-buildout");
    g_assert_cmpstr (next->target_id, ==, "hyp-middle");
    g_assert_nonnull (next->old_value);
    g_assert_null (next->new_value);
  }
  undo_one (f);
  reopen (f);
  assert_deal_order (f, "hyp-first hyp-middle hyp-last");
  /* new_deal ()'s terms with the cap edited to $400B. */
  d = &g_array_index (scenario (f, "slow-buildout")->deals, DsDeal, 1);
  assert_new_deal_terms (f, d, 4e11);

  redo_one (f);
  reopen (f);
  assert_deal_order (f, "hyp-first hyp-last");
  undo_one (f);
  reopen (f);
  assert_deal_order (f, "hyp-first hyp-middle hyp-last");
  g_assert_cmpfloat (g_array_index (scenario (f, "slow-buildout")->deals, DsDeal, 1).cap_usd, ==, 4e11);

  /* The bundled deal of big-note-low-cap, with every term it has. */
  g_assert_true (ds_edit_log_delete_scenario_deal (f->log, "big-note-low-cap", "hypothetical-series-g", &error));
  g_assert_no_error (error);
  reopen (f);
  g_assert_cmpuint (scenario (f, "big-note-low-cap")->deals->len, ==, 0);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenario_deals WHERE id = 'hypothetical-series-g'"),
                     ==, 0);
  undo_one (f);
  reopen (f);
  assert_big_note_as_bundled (f, NAN);
}

static void
test_scenario_deal_delete_refused (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *child = NULL;
  g_autofree char *twin = NULL;
  const char *key = "deal.hypothetical-series-g.cap_usd";

  /* A setting of the scenario itself names the deal. */
  g_assert_true (ds_edit_log_set_setting (f->log, "big-note-low-cap", key, "6e10", &error));
  g_assert_no_error (error);
  g_assert_false (ds_edit_log_delete_scenario_deal (f->log, "big-note-low-cap", "hypothetical-series-g", &error));
  g_assert_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, key));
  g_clear_error (&error);
  undo_one (f);

  /* A setting of a scenario built on it. */
  child = ds_edit_log_create_scenario (f->log, "On the note", "big-note-low-cap", NULL, NULL, &error);
  g_assert_no_error (error);
  sync_ls (f);
  g_assert_true (ds_edit_log_set_setting (f->log, child, key, "6e10", &error));
  g_assert_no_error (error);
  g_assert_false (ds_edit_log_delete_scenario_deal (f->log, "big-note-low-cap", "hypothetical-series-g", &error));
  g_assert_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, child));
  g_clear_error (&error);
  /* The undone setting's row went with the create; the refusals logged nothing. */
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 2);
  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 2);

  /* Not a deal of the scenario's own (the base's, a landscape deal's) or no
   * such scenario. */
  g_assert_false (ds_edit_log_delete_scenario_deal (f->log, child, "hypothetical-series-g", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ds_edit_log_delete_scenario_deal (f->log, "big-note-low-cap", NOTE, &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ds_edit_log_delete_scenario_deal (f->log, "no-such-scenario", "hypothetical-series-g", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reopen (f);
  g_assert_cmpuint (ds_edit_log_get_length (f->log), ==, 2);
  g_assert_cmpuint (scenario (f, "big-note-low-cap")->deals->len, ==, 1);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenario_deals WHERE id = 'hypothetical-series-g'"),
                     ==, 1);

  /* A duplicate is a sibling with its own deal of that id: its setting does
   * not hold the original's deal, and the original's undo may put the deal
   * back beside the twin's. */
  undo_one (f);
  undo_one (f);
  twin = ds_edit_log_create_scenario (f->log, "Twin note", "base", NULL, "big-note-low-cap", &error);
  g_assert_no_error (error);
  sync_ls (f);
  g_assert_true (ds_edit_log_set_setting (f->log, twin, key, "6e10", &error));
  g_assert_no_error (error);
  g_assert_true (ds_edit_log_delete_scenario_deal (f->log, "big-note-low-cap", "hypothetical-series-g", &error));
  g_assert_no_error (error);
  reopen (f);
  g_assert_cmpuint (scenario (f, "big-note-low-cap")->deals->len, ==, 0);
  g_assert_cmpuint (scenario (f, twin)->deals->len, ==, 1);
  undo_one (f);
  reopen (f);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM scenario_deals WHERE id = 'hypothetical-series-g'"),
                     ==, 2);
  assert_big_note_as_bundled (f, NAN);
}

static void
test_scenario_redo_tail_dropped (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ds_edit_log_create_scenario (f->log, "Gone", NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ds_edit_log_delete_scenario (f->log, "slow-buildout", &error));
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenarios"), ==, 2);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenario_settings"), ==, 3);
  undo_one (f);
  undo_one (f);
  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "1e9", &error));
  g_assert_no_error (error);
  /* The kept rows went with their log rows. */
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenarios"), ==, 0);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenario_settings"), ==, 0);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log"), ==, 1);

  /* Clearing the log (an import) drops them too. */
  g_assert_true (ds_edit_log_delete_scenario (f->log, "slow-buildout", &error));
  sync_ls (f);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenarios"), ==, 1);
  g_assert_true (ds_edit_log_clear (f->log, &error));
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenarios"), ==, 0);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenario_settings"), ==, 0);
}

/* What schema-4.sql adds, taken away again: with it a current document is
 * the version-3 shape that older builds wrote (the wider instrument check
 * stays; it refuses nothing a version-3 document holds). */
/* What schema-5.sql adds: the snapshot tables (the wider target check of
 * edit_log stays; it refuses nothing an older log holds). */
#define UNDO_SCHEMA_5 \
  "DROP TABLE edit_log_snapshot_sources; DROP TABLE edit_log_snapshot_entities; " \
  "DROP TABLE edit_log_snapshot_relations; DROP TABLE edit_log_snapshot_deals; " \
  "DROP TABLE edit_log_snapshot_metrics; DROP TABLE edit_log_snapshot_scenarios; " \
  "DROP TABLE edit_log_snapshot_scenario_settings; DROP TABLE edit_log_snapshot_scenario_deals; " \
  "DROP TABLE edit_log_snapshots; "

#define UNDO_SCHEMA_4 UNDO_SCHEMA_5 \
  "ALTER TABLE deals DROP COLUMN term_years; ALTER TABLE deals DROP COLUMN power_gw; " \
  "ALTER TABLE deals DROP COLUMN chip_count; ALTER TABLE deals DROP COLUMN chip; " \
  "ALTER TABLE scenario_deals DROP COLUMN term_years; ALTER TABLE scenario_deals DROP COLUMN power_gw; " \
  "ALTER TABLE scenario_deals DROP COLUMN chip_count; ALTER TABLE scenario_deals DROP COLUMN chip; " \
  "ALTER TABLE edit_log_scenario_deals DROP COLUMN term_years; ALTER TABLE edit_log_scenario_deals DROP COLUMN power_gw; " \
  "ALTER TABLE edit_log_scenario_deals DROP COLUMN chip_count; ALTER TABLE edit_log_scenario_deals DROP COLUMN chip;"

/* A version-1 document (the schema before the edit log) opened by this build
 * is migrated to the current version and keeps its data. */
static void
test_migrate_v1 (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) bundled = ds_dataset_read_bundled (&error);
  g_autofree char *expected = NULL, *actual = NULL;
  sqlite3 *db;

  close_doc (f);
  /* Version 1 is the current schema without what schema-2.sql and
   * schema-3.sql add. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, UNDO_SCHEMA_4 " DROP TABLE edit_log_scenario_deals; DROP TABLE edit_log_scenario_settings; "
                                     "DROP TABLE edit_log_scenarios; "
                                     "DROP TABLE edit_log; DELETE FROM meta WHERE key = 'edit_log_cursor'; "
                                     "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpfloat (file_number (f, "SELECT user_version FROM pragma_user_version"), ==, 1);

  open_doc (f);
  g_assert_cmpfloat (file_number (f, "SELECT user_version FROM pragma_user_version"), ==, DS_STORE_SCHEMA_VERSION);
  g_assert_cmpint (DS_STORE_SCHEMA_VERSION, ==, 6);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log"), ==, 0);
  expected = ds_dataset_write (bundled, NULL);
  actual = ds_dataset_write (f->ls, NULL);
  g_assert_cmpstr (actual, ==, expected);

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "4e9", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (file_note_amount (f), ==, 4e9);
}

/* A version-2 document (edit log without scenario operations) with a
 * logged deal edit is migrated to version 3: the edit is still there to
 * undo, and scenario operations are logged from then on. */
static void
test_migrate_v2 (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  sqlite3 *db;

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "4e9", &error));
  g_assert_no_error (error);
  close_doc (f);
  /* The version-2 edit_log, as schema-2.sql made it, holding that row. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 UNDO_SCHEMA_4 " DROP TABLE edit_log_scenario_deals; DROP TABLE edit_log_scenario_settings; "
                                 "DROP TABLE edit_log_scenarios; ALTER TABLE edit_log RENAME TO old_log; "
                                 "CREATE TABLE edit_log (seq INTEGER PRIMARY KEY, scenario TEXT, "
                                 "target TEXT NOT NULL CHECK (target = 'deal' OR target = 'setting'), "
                                 "target_id TEXT NOT NULL, field TEXT, old_value TEXT, new_value TEXT, "
                                 "time INTEGER NOT NULL); "
                                 "INSERT INTO edit_log SELECT * FROM old_log; DROP TABLE old_log; "
                                 "PRAGMA user_version = 2;", NULL, NULL, NULL), ==, SQLITE_OK);
  /* The version-2 check refuses a scenario row. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO edit_log VALUES (9, 'x', 'scenario', 'x', 'delete', 'X', NULL, 0)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);

  open_doc (f);
  g_assert_cmpfloat (file_number (f, "SELECT user_version FROM pragma_user_version"), ==, DS_STORE_SCHEMA_VERSION);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log"), ==, 1);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenarios"), ==, 0);
  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 1);
  g_assert_cmpfloat (note_amount (f), ==, 4e9);

  id = ds_edit_log_create_scenario (f->log, "After upgrade", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  undo_one (f);
  g_assert_null (scenario (f, "after-upgrade"));
  undo_one (f);
  g_assert_true (isnan (note_amount (f)));
  g_assert_true (isnan (file_note_amount (f)));
}

/* A version-3 document, with the narrower instrument check of its deals
 * table, is migrated to version 4: its deals keep their row ids and terms,
 * and afterwards a deal can become a compute commitment with its terms. */
static void
test_migrate_v3 (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) bundled = ds_dataset_read_bundled (&error);
  g_autofree char *expected = NULL, *actual = NULL;
  sqlite3 *db;

  close_doc (f);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, UNDO_SCHEMA_4
                                 " ALTER TABLE deals RENAME TO deals_old;"
                                 " CREATE TABLE deals (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
                                 " investor INTEGER NOT NULL, target INTEGER NOT NULL, date INTEGER NOT NULL,"
                                 " close_date INTEGER, amount_usd REAL, instrument TEXT NOT NULL CHECK"
                                 " (instrument = 'equity' OR instrument = 'convertible_note' OR instrument = 'safe'"
                                 " OR instrument = 'compute_credits' OR instrument = 'other'), status TEXT NOT NULL,"
                                 " pre_money_usd REAL, post_money_usd REAL, cap_usd REAL, discount REAL,"
                                 " interest_rate REAL, tranche_of INTEGER REFERENCES deals (rowid) DEFERRABLE"
                                 " INITIALLY DEFERRED, note TEXT, source INTEGER NOT NULL, confidence TEXT NOT NULL);"
                                 " INSERT INTO deals SELECT * FROM deals_old; DROP TABLE deals_old;"
                                 " PRAGMA user_version = 3;", NULL, NULL, NULL), ==, SQLITE_OK);
  /* The version-3 check refuses the new instrument. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE deals SET instrument = 'compute_commitment' WHERE rowid = 1",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);

  open_doc (f);
  g_assert_cmpfloat (file_number (f, "SELECT user_version FROM pragma_user_version"), ==, DS_STORE_SCHEMA_VERSION);
  expected = ds_dataset_write (bundled, NULL);
  actual = ds_dataset_write (f->ls, NULL);
  g_assert_cmpstr (actual, ==, expected);
  /* Tranches still point at their deals' row ids. */
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM deals d JOIN deals t ON d.tranche_of = t.rowid"), ==,
                     file_number (f, "SELECT count(*) FROM deals WHERE tranche_of IS NOT NULL"));

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "instrument", "compute_commitment", &error));
  g_assert_no_error (error);
  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "power_gw", "2.2", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (file_number (f, "SELECT power_gw FROM deals WHERE instrument = 'compute_commitment'"), ==, 2.2);
  g_assert_false (ds_edit_log_set_deal (f->log, NOTE, "chip_count", "2.5", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "whole number"));
  g_clear_error (&error);
  g_assert_false (ds_edit_log_set_deal (f->log, NOTE, "term_years", "0", &error));
  g_assert_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID);
  g_clear_error (&error);
  undo_one (f);
  g_assert_true (isnan (file_number (f, "SELECT power_gw FROM deals WHERE instrument = 'compute_commitment'")));
}

/* A version-4 document that a version-4 import left with an orphaned
 * scenario row in the log (it cleared edit_log with foreign keys off; the
 * next scenario created then failed on the row's seq) is migrated to
 * version 5: the orphan goes, the logged edit stays undoable, a scenario can
 * be created again and an import is logged. */
static void
test_migrate_v4 (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(DsEdit) edit = NULL;
  sqlite3 *db;

  g_autofree char *kept = NULL;

  g_assert_true (ds_edit_log_set_deal (f->log, NOTE, "amount_usd", "4e9", &error));
  g_assert_no_error (error);
  /* A create keeps the scenario's rows in the log, for its redo. */
  kept = ds_edit_log_create_scenario (f->log, "Kept", NULL, NULL, "slow-buildout", &error);
  g_assert_no_error (error);
  close_doc (f);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, UNDO_SCHEMA_5
                                 "INSERT INTO edit_log_scenarios (seq, position, id, name) VALUES (3, 9, 'ghost', 'Ghost');"
                                 "INSERT INTO edit_log_scenario_settings (seq, key, number) VALUES (3, 'assumption.mfu', 0.5);"
                                 "PRAGMA user_version = 4;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  open_doc (f);
  g_assert_cmpfloat (file_number (f, "SELECT user_version FROM pragma_user_version"), ==, DS_STORE_SCHEMA_VERSION);
  /* The orphan went; the create's rows did not (with foreign keys on,
   * dropping the old edit_log would have cascaded into them). */
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenarios"), ==, 1);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenario_settings WHERE seq = 3"), ==, 0);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_scenario_settings WHERE seq = 2"), ==,
                     file_number (f, "SELECT count(*) FROM scenario_settings WHERE scenario = 'slow-buildout'"));
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log_snapshots"), ==, 0);
  g_assert_cmpuint (ds_edit_log_get_position (f->log), ==, 2);
  undo_one (f);
  g_assert_null (scenario (f, kept));
  redo_one (f);
  g_assert_nonnull (scenario (f, kept));
  g_assert_cmpuint (scenario (f, kept)->settings->len, ==, scenario (f, "slow-buildout")->settings->len);
  /* Edit 3, the orphan's seq, is free again. */
  id = ds_edit_log_create_scenario (f->log, "After upgrade", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "after-upgrade");
  sync_ls (f);
  undo_one (f);
  undo_one (f);
  undo_one (f);
  g_assert_true (isnan (file_note_amount (f)));
  sync_ls (f);

  /* The version-5 log takes an import row, which the old check refused. */
  g_assert_true (ds_store_import (f->store, f->ls, "same.json", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (file_number (f, "SELECT count(*) FROM edit_log WHERE target = 'import'"), ==, 1);
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
  ADD ("/edit-log/migrate/v3-document", test_migrate_v3);
  ADD ("/edit-log/migrate/v4-document", test_migrate_v4);
  ADD ("/edit-log/migrate/v2-document", test_migrate_v2);
  ADD ("/edit-log/scenario/create-undo-redo", test_scenario_create_undo_redo);
  ADD ("/edit-log/scenario/duplicate-undo-redo", test_scenario_duplicate_undo_redo);
  ADD ("/edit-log/scenario/delete-undo-redo", test_scenario_delete_undo_redo);
  ADD ("/edit-log/scenario/delete-in-use", test_scenario_delete_in_use);
  ADD ("/edit-log/scenario/rename-undo-redo", test_scenario_rename_undo_redo);
  ADD ("/edit-log/scenario/redo-tail-dropped", test_scenario_redo_tail_dropped);
  ADD ("/edit-log/scenario-deal/undo-redo", test_scenario_deal_undo_redo);
  ADD ("/edit-log/scenario-deal/add-undo-redo", test_scenario_deal_add_undo_redo);
  ADD ("/edit-log/scenario-deal/add-refused", test_scenario_deal_add_refused);
  ADD ("/edit-log/scenario-deal/delete-undo-redo", test_scenario_deal_delete_undo_redo);
  ADD ("/edit-log/scenario-deal/delete-refused", test_scenario_deal_delete_refused);
#undef ADD
  g_test_add_func ("/edit-log/field-text", test_field_text);
  return g_test_run ();
}
