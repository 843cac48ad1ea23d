/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-edit-log.c: the edit log table of the document (schema-2.sql): every
 * edit, undo and redo changes the data, the log and its cursor atomically. */
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
  edit->target = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "setting") == 0
                 ? DS_EDIT_TARGET_SETTING : DS_EDIT_TARGET_DEAL;
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
      g_autofree char *old = NULL;

      if (index == DS_NONE)
        {
          g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
                       "There is no deal “%s” in this document", target_id);
          return FALSE;
        }
      deal = ds_landscape_deal (self->landscape, index);
      old = ds_deal_field_get (deal, field);
      if (!ds_deal_field_set (deal, field, value, error))
        return FALSE;
      *touched = TRUE;
      *out_old = g_steal_pointer (&old);
      return ds_store_update_deal (self->store, self->landscape, index, error);
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
  g_autoptr(sqlite3_stmt) drop = NULL, insert = NULL;
  gboolean touched = FALSE;

  if (!ds_store_begin (self->store, error))
    return FALSE;
  if (!apply_value (self, target, scenario_id, target_id, field, value, &old, &touched, error))
    goto fail;

  /* A new edit after undos replaces the redo tail. */
  if ((drop = prepare (self, "DELETE FROM edit_log WHERE seq > ?1", error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (drop, 1, self->cursor);
  if (!step_done (self, drop, error))
    goto fail;
  if ((insert = prepare (self, "INSERT INTO edit_log (seq, scenario, target, target_id, field, old_value, "
                               "new_value, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, (gint64) self->cursor + 1);
  bind_text_or_null (insert, 2, target == DS_EDIT_TARGET_SETTING ? scenario_id : NULL);
  sqlite3_bind_text (insert, 3, target == DS_EDIT_TARGET_SETTING ? "setting" : "deal", -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, target_id, -1, SQLITE_TRANSIENT);
  bind_text_or_null (insert, 5, field);
  bind_text_or_null (insert, 6, old);
  bind_text_or_null (insert, 7, value);
  sqlite3_bind_int64 (insert, 8, g_get_real_time () / G_USEC_PER_SEC);
  if (!step_done (self, insert, error) || !write_cursor (self, self->cursor + 1, error))
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
