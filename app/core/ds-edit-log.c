/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-edit-log.c: the edit log tables of the document (schema-2.sql,
 * schema-3.sql): every edit, undo and redo changes the data, the log and its
 * cursor atomically. */
#define G_LOG_DOMAIN "ds-edit-log"

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "ds-edit-log.h"
#include "ds-scenario.h"

G_DEFINE_QUARK (ds-edit-log-error-quark, ds_edit_log_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _DsEditLog {
  GObject      parent_instance;
  DsStore     *store;
  DsLandscape *landscape;
  guint        cursor;   /* edits 1 .. cursor are applied */
  guint        length;   /* rows in the log */
};

G_DEFINE_FINAL_TYPE (DsEditLog, ds_edit_log, G_TYPE_OBJECT)

void
ds_edit_free (DsEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->scenario);
  g_free (edit->target_id);
  g_free (edit->field);
  g_free (edit->old_value);
  g_free (edit->new_value);
  g_free (edit);
}

static void
ds_edit_log_finalize (GObject *object)
{
  DsEditLog *self = DS_EDIT_LOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  G_OBJECT_CLASS (ds_edit_log_parent_class)->finalize (object);
}

static void
ds_edit_log_class_init (DsEditLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ds_edit_log_finalize;
}

static void
ds_edit_log_init (DsEditLog *self)
{
}

/* ---- SQL ---- */

static void
set_db_error (DsEditLog  *self,
              GError    **error,
              const char *doing)
{
  sqlite3 *db = ds_store_get_db (self->store);

  g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_IO,
               "Could not %s the edit log of %s: %s; check that the document is writable and not damaged",
               doing, ds_store_get_path (self->store), sqlite3_errmsg (db));
}

static sqlite3_stmt *
prepare (DsEditLog  *self,
         const char *sql,
         GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (ds_store_get_db (self->store), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, "read");
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static gboolean
step_done (DsEditLog    *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_db_error (self, error, "write");
      return FALSE;
    }
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
}

static char *
column_text_or_null (sqlite3_stmt *stmt,
                     int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text == NULL ? NULL : g_strdup ((const char *) text);
}

static gboolean
write_cursor (DsEditLog  *self,
              guint       cursor,
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "INSERT OR REPLACE INTO meta (key, value) "
                                                "VALUES ('edit_log_cursor', ?1)", error);
  g_autofree char *text = g_strdup_printf ("%u", cursor);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

static const char *const target_names[] = { "deal", "setting", "scenario", "scenario_deal" };

static DsEditTarget
target_from_text (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (target_names); i++)
    if (g_strcmp0 (text, target_names[i]) == 0)
      return (DsEditTarget) i;
  return DS_EDIT_TARGET_DEAL;
}

static DsEdit *
read_edit (DsEditLog  *self,
           guint       seq,
           GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT scenario, target, target_id, field, old_value, "
                                                "new_value, time FROM edit_log WHERE seq = ?1", error);
  DsEdit *edit;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT,
                   "The edit log of %s has no edit %u; undo history is lost, further edits start a new one",
                   ds_store_get_path (self->store), seq);
      return NULL;
    }
  edit = g_new0 (DsEdit, 1);
  edit->seq = seq;
  edit->scenario = column_text_or_null (stmt, 0);
  edit->target = target_from_text ((const char *) sqlite3_column_text (stmt, 1));
  edit->target_id = column_text_or_null (stmt, 2);
  edit->field = column_text_or_null (stmt, 3);
  edit->old_value = column_text_or_null (stmt, 4);
  edit->new_value = column_text_or_null (stmt, 5);
  edit->time = sqlite3_column_int64 (stmt, 6);
  if (edit->target_id == NULL)
    edit->target_id = g_strdup ("");
  return edit;
}

static gboolean
read_state (DsEditLog  *self,
            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT (SELECT count(*) FROM edit_log), "
                                                "(SELECT value FROM meta WHERE key = 'edit_log_cursor')", error);
  gint64 cursor;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (self, error, "read");
      return FALSE;
    }
  self->length = (guint) sqlite3_column_int64 (stmt, 0);
  cursor = sqlite3_column_int64 (stmt, 1);
  /* A cursor past the log (a hand-edited file) would redo nothing. */
  self->cursor = (guint) CLAMP (cursor, 0, (gint64) self->length);
  return TRUE;
}

DsEditLog *
ds_edit_log_new (DsStore     *store,
                 DsLandscape *landscape,
                 GError     **error)
{
  g_autoptr(DsEditLog) self = NULL;

  g_return_val_if_fail (DS_IS_STORE (store), NULL);
  g_return_val_if_fail (landscape != NULL, NULL);

  self = g_object_new (DS_TYPE_EDIT_LOG, NULL);
  self->store = g_object_ref (store);
  self->landscape = ds_landscape_ref (landscape);
  if (!read_state (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
ds_edit_log_set_landscape (DsEditLog   *self,
                           DsLandscape *landscape)
{
  g_return_if_fail (DS_IS_EDIT_LOG (self));
  g_return_if_fail (landscape != NULL);

  ds_landscape_ref (landscape);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  self->landscape = landscape;
}

DsLandscape *
ds_edit_log_get_landscape (DsEditLog *self)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), NULL);
  return self->landscape;
}

/* Memory follows the file after a scenario was added or removed there. */
static gboolean
reload (DsEditLog  *self,
        GError    **error)
{
  g_autoptr(DsLandscape) reloaded = ds_store_load (self->store, error);

  if (reloaded == NULL)
    {
      g_prefix_error (error, "The change was saved, but the document could not be read back; reopen it: ");
      return FALSE;
    }
  ds_edit_log_set_landscape (self, reloaded);
  return TRUE;
}

/* ---- deal fields ---- */

typedef enum { FIELD_NUMBER, FIELD_DATE, FIELD_INSTRUMENT, FIELD_STATUS } FieldKind;

static double *
number_slot (DsDeal     *d,
             const char *field)
{
  if (g_str_equal (field, "amount_usd")) return &d->amount_usd;
  if (g_str_equal (field, "pre_money_usd")) return &d->pre_money_usd;
  if (g_str_equal (field, "post_money_usd")) return &d->post_money_usd;
  if (g_str_equal (field, "cap_usd")) return &d->cap_usd;
  if (g_str_equal (field, "discount")) return &d->discount;
  if (g_str_equal (field, "interest_rate")) return &d->interest_rate;
  return NULL;
}

char *
ds_deal_field_get (const DsDeal *deal,
                   const char   *field)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double *slot;

  g_return_val_if_fail (deal != NULL && field != NULL, NULL);

  slot = number_slot ((DsDeal *) deal, field);
  if (slot != NULL)
    return ds_is_set (*slot) ? g_strdup (g_ascii_dtostr (buf, sizeof buf, *slot)) : NULL;
  if (g_str_equal (field, "date"))
    return ds_date_format (deal->date, g_malloc (11));
  if (g_str_equal (field, "instrument"))
    return g_strdup (ds_instrument_to_string (deal->instrument));
  if (g_str_equal (field, "status"))
    return g_strdup (ds_deal_status_to_string (deal->status));
  return NULL;
}

gboolean
ds_deal_field_set (DsDeal      *deal,
                   const char  *field,
                   const char  *value,
                   GError     **error)
{
  DsDeal d;
  double *slot;

  g_return_val_if_fail (deal != NULL && field != NULL, FALSE);

  /* Checked on a copy, so that a refused value changes nothing. */
  d = *deal;
  slot = number_slot (&d, field);
  if (slot != NULL)
    {
      double x = NAN;
      char *end = NULL;

      if (value != NULL && *value != '\0')
        {
          x = g_ascii_strtod (value, &end);
          if (end == value || *end != '\0' || !isfinite (x))
            {
              g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
                           "Deal %s: %s takes a number (such as 5e10 or 0.2), not “%s”", d.id, field, value);
              return FALSE;
            }
          if (x < 0)
            {
              g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
                           "Deal %s: %s cannot be negative; enter a positive number or clear the field",
                           d.id, field);
              return FALSE;
            }
          if (slot == &d.discount && x >= 1)
            {
              g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
                           "Deal %s: the discount is a fraction below 1 (20%% is 0.2)", d.id);
              return FALSE;
            }
          if (slot == &d.interest_rate && x > 1)
            {
              g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
                           "Deal %s: the interest rate is a fraction per year between 0 and 1 (8%% is 0.08)",
                           d.id);
              return FALSE;
            }
        }
      *slot = x;
      if (ds_is_set (d.pre_money_usd) && ds_is_set (d.post_money_usd) && d.post_money_usd < d.pre_money_usd)
        {
          g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
                       "Deal %s: the post-money valuation (%.4g) cannot be below the pre-money valuation (%.4g)",
                       d.id, d.post_money_usd, d.pre_money_usd);
          return FALSE;
        }
    }
  else if (g_str_equal (field, "date"))
    {
      if (value == NULL || !ds_date_parse (value, &d.date, error))
        {
          if (value == NULL)
            g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
                         "Deal %s: the date cannot be cleared; enter YYYY-MM-DD, YYYY-MM or YYYY", d.id);
          return FALSE;
        }
    }
  else if (g_str_equal (field, "instrument") || g_str_equal (field, "status"))
    {
      gboolean instrument = g_str_equal (field, "instrument");
      int parsed = value == NULL ? -1 : instrument ? ds_instrument_from_string (value)
                                                   : ds_deal_status_from_string (value);
      if (parsed < 0)
        {
          g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
                       "“%s” is not a deal %s; use one of: %s", value ? value : "", field,
                       instrument ? ds_instrument_choices () : ds_deal_status_choices ());
          return FALSE;
        }
      if (instrument)
        d.instrument = parsed;
      else
        d.status = parsed;
    }
  else
    {
      g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
                   "Deals have no editable field “%s”; the fields are amount_usd, date, instrument, status, "
                   "pre_money_usd, post_money_usd, cap_usd, discount and interest_rate", field);
      return FALSE;
    }
  *deal = d;
  return TRUE;
}

/* ---- applying ---- */

static char *
setting_text (const DsSetting *s)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (s == NULL)
    return NULL;
  if (s->text != NULL)
    return g_strdup (s->text);
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, s->number));
}

static DsIndex
find_scenario (DsEditLog   *self,
               const char  *scenario_id,
               GError     **error)
{
  DsIndex scenario = ds_landscape_find_scenario (self->landscape, scenario_id ? scenario_id : "");

  if (scenario == DS_NONE)
    g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
                 "There is no scenario “%s” in this document (deleted?)", scenario_id ? scenario_id : "");
  return scenario;
}

/* A hypothetical deal that the scenario holds itself (not one of a base). */
static DsDeal *
find_own_deal (DsEditLog   *self,
               DsIndex      scenario,
               const char  *deal_id,
               GError     **error)
{
  DsScenario *sc = ds_landscape_scenario (self->landscape, scenario);

  for (guint i = 0; i < sc->deals->len; i++)
    if (g_strcmp0 (g_array_index (sc->deals, DsDeal, i).id, deal_id) == 0)
      return &g_array_index (sc->deals, DsDeal, i);
  g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
               "Scenario %s has no hypothetical deal “%s” of its own", sc->id, deal_id);
  return NULL;
}

/* Sets a field of a deal in memory, keeping the value it replaced. */
static gboolean
set_field (DsDeal      *deal,
           const char  *field,
           const char  *value,
           char       **out_old,
           gboolean    *touched,
           GError     **error)
{
  g_autofree char *old = ds_deal_field_get (deal, field);

  if (!ds_deal_field_set (deal, field, value, error))
    return FALSE;
  *touched = TRUE;
  *out_old = g_steal_pointer (&old);
  return TRUE;
}

/* Changes the landscape in memory and writes the changed rows; the caller
 * holds the transaction. *out_old gets the value it replaced. *touched tells
 * whether memory changed (and must be restored on a later failure). */
static gboolean
apply_value (DsEditLog    *self,
             DsEditTarget  target,
             const char   *scenario_id,
             const char   *target_id,
             const char   *field,
             const char   *value,
             char        **out_old,
             gboolean     *touched,
             GError      **error)
{
  *touched = FALSE;
  if (target == DS_EDIT_TARGET_DEAL)
    {
      DsIndex index = ds_landscape_find_deal (self->landscape, target_id);
      DsDeal *deal;

      if (index == DS_NONE)
        {
          g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
                       "There is no deal “%s” in this document", target_id);
          return FALSE;
        }
      deal = ds_landscape_deal (self->landscape, index);
      return set_field (deal, field, value, out_old, touched, error) &&
             ds_store_update_deal (self->store, self->landscape, index, error);
    }
  else if (target == DS_EDIT_TARGET_SCENARIO_DEAL)
    {
      DsIndex scenario;
      DsDeal *deal;

      if ((scenario = find_scenario (self, scenario_id, error)) == DS_NONE)
        return FALSE;
      if ((deal = find_own_deal (self, scenario, target_id, error)) == NULL)
        return FALSE;
      return set_field (deal, field, value, out_old, touched, error) &&
             ds_store_save_scenario (self->store, self->landscape, scenario, error);
    }
  else if (target == DS_EDIT_TARGET_SCENARIO)
    {
      /* Only a rename changes a value in place; adding and removing a
       * scenario replace the landscape (see step ()). */
      DsIndex scenario;
      DsScenario *sc;

      g_assert (g_strcmp0 (field, DS_EDIT_SCENARIO_RENAME) == 0);
      if ((scenario = find_scenario (self, scenario_id, error)) == DS_NONE)
        return FALSE;
      if (value == NULL || *value == '\0')
        {
          g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
                       "Scenario %s needs a name; type one", scenario_id);
          return FALSE;
        }
      sc = ds_landscape_scenario (self->landscape, scenario);
      *out_old = g_strdup (sc->name);
      sc->name = ds_landscape_intern (self->landscape, value);
      *touched = TRUE;
      return ds_store_save_scenario (self->store, self->landscape, scenario, error);
    }
  else
    {
      DsIndex scenario = ds_landscape_find_scenario (self->landscape, scenario_id ? scenario_id : "");
      g_autofree char *old = NULL;
      g_autoptr(GError) local = NULL;

      if (scenario == DS_NONE)
        {
          g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
                       "There is no scenario “%s” in this document (deleted?)", scenario_id ? scenario_id : "");
          return FALSE;
        }
      old = setting_text (ds_scenario_find_setting (ds_landscape_scenario (self->landscape, scenario), target_id));
      if (value != NULL)
        {
          if (!ds_scenario_set (self->landscape, scenario, target_id, value, error))
            return FALSE;
        }
      else if (!ds_scenario_unset (self->landscape, scenario, target_id, &local) &&
               !g_error_matches (local, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      *touched = TRUE;
      *out_old = g_steal_pointer (&old);
      return ds_store_save_scenario (self->store, self->landscape, scenario, error);
    }
}

/* Puts memory back after a rolled back transaction. */
static void
restore_value (DsEditLog    *self,
               DsEditTarget  target,
               const char   *scenario_id,
               const char   *target_id,
               const char   *field,
               const char   *old)
{
  if (target == DS_EDIT_TARGET_DEAL)
    {
      DsIndex index = ds_landscape_find_deal (self->landscape, target_id);
      if (index != DS_NONE && !ds_deal_field_set (ds_landscape_deal (self->landscape, index), field, old, NULL))
        g_warning ("Could not restore %s of deal %s in memory", field, target_id);
    }
  else if (target == DS_EDIT_TARGET_SCENARIO_DEAL)
    {
      DsIndex scenario = ds_landscape_find_scenario (self->landscape, scenario_id);
      DsDeal *deal = scenario == DS_NONE ? NULL : find_own_deal (self, scenario, target_id, NULL);
      if (deal != NULL && !ds_deal_field_set (deal, field, old, NULL))
        g_warning ("Could not restore %s of deal %s in memory", field, target_id);
    }
  else if (target == DS_EDIT_TARGET_SCENARIO)
    {
      DsIndex scenario = ds_landscape_find_scenario (self->landscape, scenario_id);
      if (scenario != DS_NONE && old != NULL)
        ds_landscape_scenario (self->landscape, scenario)->name = ds_landscape_intern (self->landscape, old);
    }
  else
    {
      DsIndex scenario = ds_landscape_find_scenario (self->landscape, scenario_id);
      if (scenario == DS_NONE)
        return;
      if (old != NULL)
        ds_scenario_set (self->landscape, scenario, target_id, old, NULL);
      else
        ds_scenario_unset (self->landscape, scenario, target_id, NULL);
    }
}

/* Appends edit cursor + 1 in the caller's transaction, replacing the redo
 * tail (and, by the schema's cascade, the scenario rows kept for it). */
static gboolean
log_row (DsEditLog    *self,
         DsEditTarget  target,
         const char   *scenario_id,
         const char   *target_id,
         const char   *field,
         const char   *old,
         const char   *value,
         GError      **error)
{
  g_autoptr(sqlite3_stmt) drop = NULL, insert = NULL;

  if ((drop = prepare (self, "DELETE FROM edit_log WHERE seq > ?1", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (drop, 1, self->cursor);
  if (!step_done (self, drop, error))
    return FALSE;
  if ((insert = prepare (self, "INSERT INTO edit_log (seq, scenario, target, target_id, field, old_value, "
                               "new_value, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, (gint64) self->cursor + 1);
  bind_text_or_null (insert, 2, target == DS_EDIT_TARGET_DEAL ? NULL : scenario_id);
  sqlite3_bind_text (insert, 3, target_names[target], -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, target_id, -1, SQLITE_TRANSIENT);
  bind_text_or_null (insert, 5, field);
  bind_text_or_null (insert, 6, old);
  bind_text_or_null (insert, 7, value);
  sqlite3_bind_int64 (insert, 8, g_get_real_time () / G_USEC_PER_SEC);
  return step_done (self, insert, error) && write_cursor (self, self->cursor + 1, error);
}

static gboolean
record_edit (DsEditLog    *self,
             DsEditTarget  target,
             const char   *scenario_id,
             const char   *target_id,
             const char   *field,
             const char   *value,
             GError      **error)
{
  g_autofree char *old = NULL;
  gboolean touched = FALSE;

  if (!ds_store_begin (self->store, error))
    return FALSE;
  if (!apply_value (self, target, scenario_id, target_id, field, value, &old, &touched, error))
    goto fail;
  if (!log_row (self, target, scenario_id, target_id, field, old, value, error))
    goto fail;
  if (!ds_store_commit (self->store, error))
    goto fail;
  self->cursor++;
  self->length = self->cursor;
  return TRUE;

fail:
  ds_store_rollback (self->store);
  if (touched)
    restore_value (self, target, scenario_id, target_id, field, old);
  return FALSE;
}

gboolean
ds_edit_log_set_deal (DsEditLog   *self,
                      const char  *deal_id,
                      const char  *field,
                      const char  *value,
                      GError     **error)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);
  g_return_val_if_fail (deal_id != NULL && field != NULL, FALSE);

  return record_edit (self, DS_EDIT_TARGET_DEAL, NULL, deal_id, field, value, error);
}

gboolean
ds_edit_log_set_setting (DsEditLog   *self,
                         const char  *scenario_id,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);
  g_return_val_if_fail (scenario_id != NULL && key != NULL, FALSE);

  return record_edit (self, DS_EDIT_TARGET_SETTING, scenario_id, key, NULL, value, error);
}

gboolean
ds_edit_log_set_scenario_deal (DsEditLog   *self,
                               const char  *scenario_id,
                               const char  *deal_id,
                               const char  *field,
                               const char  *value,
                               GError     **error)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);
  g_return_val_if_fail (scenario_id != NULL && deal_id != NULL && field != NULL, FALSE);

  return record_edit (self, DS_EDIT_TARGET_SCENARIO_DEAL, scenario_id, deal_id, field, value, error);
}

/* ---- whole scenarios ---- */

#define SNAPSHOT_DEAL_COLUMNS "position, id, investor, target, date, close_date, amount_usd, instrument, " \
  "status, pre_money_usd, post_money_usd, cap_usd, discount, interest_rate, tranche_of, note, source, confidence"
#define RESTORE_DEAL_COLUMNS "d.position, d.id, d.investor, d.target, d.date, d.close_date, d.amount_usd, " \
  "d.instrument, d.status, d.pre_money_usd, d.post_money_usd, d.cap_usd, d.discount, d.interest_rate, " \
  "d.tranche_of, d.note, d.source, d.confidence"

/* Runs `sql` with ?1 = seq and ?2 = text; the caller holds the transaction. */
static gboolean
exec_seq_text (DsEditLog   *self,
               const char  *sql,
               gint64       seq,
               const char  *text,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

/* Copies the document's rows of scenario `id` into the log under `seq`. */
static gboolean
snapshot_scenario (DsEditLog   *self,
                   gint64       seq,
                   const char  *id,
                   GError     **error)
{
  return exec_seq_text (self, "INSERT INTO edit_log_scenarios (seq, position, id, name, description, base) "
                              "SELECT ?1, rowid, id, name, description, base FROM scenarios WHERE id = ?2",
                        seq, id, error) &&
         exec_seq_text (self, "INSERT INTO edit_log_scenario_settings (seq, key, text, number) "
                              "SELECT ?1, key, text, number FROM scenario_settings WHERE scenario = ?2",
                        seq, id, error) &&
         exec_seq_text (self, "INSERT INTO edit_log_scenario_deals (seq, " SNAPSHOT_DEAL_COLUMNS ") "
                              "SELECT ?1, " SNAPSHOT_DEAL_COLUMNS " FROM scenario_deals WHERE scenario = ?2",
                        seq, id, error);
}

/* Removes scenario `id` from the document. Others must not build on it:
 * their base would silently become the landscape on the next load. */
static gboolean
remove_scenario (DsEditLog   *self,
                 const char  *id,
                 GError     **error)
{
  DsIndex scenario;
  g_autofree char *dependents = NULL;

  if ((scenario = find_scenario (self, id, error)) == DS_NONE)
    return FALSE;
  if ((dependents = ds_scenario_dependents (self->landscape, scenario)) != NULL)
    {
      gboolean many = strchr (dependents, ',') != NULL;
      g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_IN_USE,
                   "cannot delete scenario %s: %s build%s on it; delete %s first or change %s base",
                   id, dependents, many ? "" : "s", many ? "them" : "it", many ? "their" : "its");
      return FALSE;
    }
  return exec_seq_text (self, "DELETE FROM scenario_settings WHERE scenario = ?2", 0, id, error) &&
         exec_seq_text (self, "DELETE FROM scenario_deals WHERE scenario = ?2", 0, id, error) &&
         exec_seq_text (self, "DELETE FROM scenarios WHERE id = ?2", 0, id, error);
}

/* Puts back the rows kept under `seq`, at their old place in the list when
 * that rowid is still free. */
static gboolean
restore_scenario (DsEditLog   *self,
                  gint64       seq,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT id, base FROM edit_log_scenarios WHERE seq = ?1", error);
  const char *id, *base;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT,
                   "The edit log of %s lost the scenario of edit %" G_GINT64_FORMAT "; it cannot be brought back",
                   ds_store_get_path (self->store), seq);
      return FALSE;
    }
  id = (const char *) sqlite3_column_text (stmt, 0);
  base = (const char *) sqlite3_column_text (stmt, 1);
  if (ds_landscape_find_scenario (self->landscape, id) != DS_NONE)
    {
      g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_EXISTS,
                   "cannot bring back scenario %s: a scenario with that id exists again; "
                   "rename or delete it first", id);
      return FALSE;
    }
  if (base != NULL && ds_landscape_find_scenario (self->landscape, base) == DS_NONE)
    {
      g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_NOT_FOUND,
                   "cannot bring back scenario %s: the scenario it builds on, %s, is gone", id, base);
      return FALSE;
    }
  return exec_seq_text (self, "INSERT INTO scenarios (rowid, id, name, description, base) "
                              "SELECT CASE WHEN EXISTS (SELECT 1 FROM scenarios WHERE rowid = s.position) "
                              "THEN NULL ELSE s.position END, s.id, s.name, s.description, s.base "
                              "FROM edit_log_scenarios s WHERE s.seq = ?1", seq, NULL, error) &&
         exec_seq_text (self, "INSERT INTO scenario_settings (scenario, key, text, number) "
                              "SELECT s.id, t.key, t.text, t.number FROM edit_log_scenario_settings t "
                              "JOIN edit_log_scenarios s ON s.seq = t.seq WHERE t.seq = ?1", seq, NULL, error) &&
         exec_seq_text (self, "INSERT INTO scenario_deals (scenario, " SNAPSHOT_DEAL_COLUMNS ") "
                              "SELECT s.id, " RESTORE_DEAL_COLUMNS " FROM edit_log_scenario_deals d "
                              "JOIN edit_log_scenarios s ON s.seq = d.seq WHERE d.seq = ?1", seq, NULL, error);
}

char *
ds_edit_log_create_scenario (DsEditLog   *self,
                             const char  *name,
                             const char  *base_id,
                             const char  *description,
                             const char  *copy_of,
                             GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *id = NULL;
  DsIndex base = DS_NONE, from = DS_NONE, created;
  DsScenario *to;

  g_return_val_if_fail (DS_IS_EDIT_LOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  clean = g_strstrip (g_strdup (name));
  if (*clean == '\0')
    {
      g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID, "A scenario needs a name; type one");
      return NULL;
    }
  if (base_id != NULL && (base = find_scenario (self, base_id, error)) == DS_NONE)
    return NULL;
  if (copy_of != NULL && (from = find_scenario (self, copy_of, error)) == DS_NONE)
    return NULL;
  created = ds_scenario_create (self->landscape, clean, base, description, error);
  if (created == DS_NONE)
    return NULL;
  to = ds_landscape_scenario (self->landscape, created);
  id = g_strdup (to->id);
  if (from != DS_NONE)
    {
      /* Settings and deals are plain structs whose strings live in the
       * landscape; the settings stay sorted by key. */
      const DsScenario *src = ds_landscape_scenario (self->landscape, from);
      g_array_append_vals (to->deals, src->deals->data, src->deals->len);
      g_array_append_vals (to->settings, src->settings->data, src->settings->len);
    }

  if (!ds_store_begin (self->store, error))
    goto fail;
  if (!ds_store_save_scenario (self->store, self->landscape, created, error) ||
      !log_row (self, DS_EDIT_TARGET_SCENARIO, id, id,
                from != DS_NONE ? DS_EDIT_SCENARIO_DUPLICATE : DS_EDIT_SCENARIO_CREATE, NULL, clean, error) ||
      !snapshot_scenario (self, (gint64) self->cursor + 1, id, error) ||
      !ds_store_commit (self->store, error))
    goto fail;
  self->cursor++;
  self->length = self->cursor;
  return g_steal_pointer (&id);

fail:
  ds_store_rollback (self->store);
  /* The scenario was appended in memory, which cannot take it out again. */
  reload (self, NULL);
  return NULL;
}

gboolean
ds_edit_log_rename_scenario (DsEditLog   *self,
                             const char  *scenario_id,
                             const char  *name,
                             GError     **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);
  g_return_val_if_fail (scenario_id != NULL, FALSE);

  clean = name != NULL ? g_strstrip (g_strdup (name)) : NULL;
  return record_edit (self, DS_EDIT_TARGET_SCENARIO, scenario_id, scenario_id, DS_EDIT_SCENARIO_RENAME,
                      clean, error);
}

gboolean
ds_edit_log_delete_scenario (DsEditLog   *self,
                             const char  *scenario_id,
                             GError     **error)
{
  DsIndex scenario;
  g_autofree char *name = NULL;

  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);
  g_return_val_if_fail (scenario_id != NULL, FALSE);

  if ((scenario = find_scenario (self, scenario_id, error)) == DS_NONE)
    return FALSE;
  name = g_strdup (ds_landscape_scenario (self->landscape, scenario)->name);
  if (!ds_store_begin (self->store, error))
    return FALSE;
  if (!log_row (self, DS_EDIT_TARGET_SCENARIO, scenario_id, scenario_id, DS_EDIT_SCENARIO_DELETE,
                name, NULL, error) ||
      !snapshot_scenario (self, (gint64) self->cursor + 1, scenario_id, error) ||
      !remove_scenario (self, scenario_id, error) ||
      !ds_store_commit (self->store, error))
    {
      ds_store_rollback (self->store);
      return FALSE;
    }
  self->cursor++;
  self->length = self->cursor;
  return reload (self, error);
}

gboolean
ds_edit_log_can_undo (DsEditLog *self)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);
  return self->cursor > 0;
}

gboolean
ds_edit_log_can_redo (DsEditLog *self)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);
  return self->cursor < self->length;
}

DsEdit *
ds_edit_log_peek_undo (DsEditLog *self)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), NULL);
  return self->cursor > 0 ? read_edit (self, self->cursor, NULL) : NULL;
}

DsEdit *
ds_edit_log_peek_redo (DsEditLog *self)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), NULL);
  return self->cursor < self->length ? read_edit (self, self->cursor + 1, NULL) : NULL;
}

static DsEdit *
step (DsEditLog  *self,
      gboolean    undo,
      GError    **error)
{
  g_autoptr(DsEdit) edit = NULL;
  g_autofree char *replaced = NULL;
  guint seq = undo ? self->cursor : self->cursor + 1;
  guint cursor = undo ? self->cursor - 1 : self->cursor + 1;
  const char *value;
  gboolean touched = FALSE;

  if (undo ? self->cursor == 0 : self->cursor >= self->length)
    {
      g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOTHING,
                   undo ? "There is no edit to undo" : "There is no edit to redo");
      return NULL;
    }
  if ((edit = read_edit (self, seq, error)) == NULL)
    return NULL;
  value = undo ? edit->old_value : edit->new_value;

  if (edit->target == DS_EDIT_TARGET_SCENARIO && g_strcmp0 (edit->field, DS_EDIT_SCENARIO_RENAME) != 0)
    {
      /* Undo of a create and redo of a delete remove the scenario; the
       * other two bring back the rows the log kept. */
      gboolean adds = g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DELETE) == 0 ? undo : !undo;

      if (!ds_store_begin (self->store, error))
        return NULL;
      if (!(adds ? restore_scenario (self, seq, error) : remove_scenario (self, edit->scenario, error)) ||
          !write_cursor (self, cursor, error) ||
          !ds_store_commit (self->store, error))
        {
          ds_store_rollback (self->store);
          return NULL;
        }
      self->cursor = cursor;
      if (!reload (self, error))
        return NULL;
      return g_steal_pointer (&edit);
    }

  if (!ds_store_begin (self->store, error))
    return NULL;
  if (!apply_value (self, edit->target, edit->scenario, edit->target_id, edit->field, value,
                    &replaced, &touched, error) ||
      !write_cursor (self, cursor, error) ||
      !ds_store_commit (self->store, error))
    {
      ds_store_rollback (self->store);
      if (touched)
        restore_value (self, edit->target, edit->scenario, edit->target_id, edit->field, replaced);
      return NULL;
    }
  self->cursor = cursor;
  return g_steal_pointer (&edit);
}

DsEdit *
ds_edit_log_undo (DsEditLog  *self,
                  GError    **error)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), NULL);
  return step (self, TRUE, error);
}

DsEdit *
ds_edit_log_redo (DsEditLog  *self,
                  GError    **error)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), NULL);
  return step (self, FALSE, error);
}

guint
ds_edit_log_get_position (DsEditLog *self)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), 0);
  return self->cursor;
}

guint
ds_edit_log_get_length (DsEditLog *self)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), 0);
  return self->length;
}

gboolean
ds_edit_log_clear (DsEditLog  *self,
                   GError    **error)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);

  if (!ds_store_begin (self->store, error))
    return FALSE;
  if (sqlite3_exec (ds_store_get_db (self->store), "DELETE FROM edit_log", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, "clear");
      ds_store_rollback (self->store);
      return FALSE;
    }
  if (!write_cursor (self, 0, error) || !ds_store_commit (self->store, error))
    {
      ds_store_rollback (self->store);
      return FALSE;
    }
  self->cursor = self->length = 0;
  return TRUE;
}

/* Seqs 1..n again, in the same order: negative first, as seq is unique. */
static gboolean
renumber (DsEditLog  *self,
          GError    **error)
{
  g_autoptr(sqlite3_stmt) select = prepare (self, "SELECT seq FROM edit_log ORDER BY seq", error);
  g_autoptr(sqlite3_stmt) update = prepare (self, "UPDATE edit_log SET seq = ?2 WHERE seq = ?1", error);
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (select == NULL || update == NULL)
    return FALSE;
  while (sqlite3_step (select) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (select, 0);
      g_array_append_val (seqs, seq);
    }
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < seqs->len; i++)
      {
        gint64 seq = g_array_index (seqs, gint64, i);
        sqlite3_reset (update);
        sqlite3_bind_int64 (update, 1, pass == 0 ? seq : -((gint64) i + 1));
        sqlite3_bind_int64 (update, 2, pass == 0 ? -((gint64) i + 1) : (gint64) i + 1);
        if (!step_done (self, update, error))
          return FALSE;
      }
  return TRUE;
}

gboolean
ds_edit_log_forget_scenario (DsEditLog   *self,
                             const char  *scenario_id,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint before_cursor = 0;

  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);
  g_return_val_if_fail (scenario_id != NULL, FALSE);

  if (!ds_store_begin (self->store, error))
    return FALSE;
  /* Rows keep their order; renumber them 1..n and count the removed ones
   * at or before the cursor to move it. */
  if ((stmt = prepare (self, "SELECT count(*) FROM edit_log WHERE scenario = ?1 AND seq <= ?2", error)) == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, scenario_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, self->cursor);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (self, error, "read");
      goto fail;
    }
  before_cursor = (guint) sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if ((stmt = prepare (self, "DELETE FROM edit_log WHERE scenario = ?1", error)) == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, scenario_id, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, error))
    goto fail;
  if (!renumber (self, error))
    goto fail;
  if (!write_cursor (self, self->cursor - before_cursor, error) || !ds_store_commit (self->store, error))
    goto fail;
  return read_state (self, error);

fail:
  ds_store_rollback (self->store);
  return FALSE;
}
