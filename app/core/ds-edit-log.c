/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-edit-log.c: the edit log tables of the document (schema-2.sql,
 * schema-3.sql): every edit, undo and redo changes the data, the log and its
 * cursor atomically. */
#define G_LOG_DOMAIN "ds-edit-log"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "ds-edit-log.h"
#include "ds-json-writer.h"
#include "ds-json.h"
#include "ds-scenario.h"

G_DEFINE_QUARK (ds-edit-log-error-quark, ds_edit_log_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _DsEditLog {
  GObject      parent_instance;
  DsStore     *store;
  DsLandscape *landscape;
  guint        cursor;   /* edits 1 .. cursor are applied */
  guint        length;   /* rows in the log */
  guint        floor;    /* an import undo cannot cross (its landscapes are
                          * forgotten), or 0 */
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

static char *
column_text_or_null (sqlite3_stmt *stmt,
                     int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text == NULL ? NULL : g_strdup ((const char *) text);
}

char *
ds_edit_describe (const DsEdit *edit)
{
  switch (edit->target)
    {
    case DS_EDIT_TARGET_DEAL:
      return g_strdup_printf (_("%s of deal %s"), edit->field, edit->target_id);
    case DS_EDIT_TARGET_SETTING:
      return g_strdup_printf (_("%s in scenario %s"), edit->target_id, edit->scenario);
    case DS_EDIT_TARGET_SCENARIO_DEAL:
      if (g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DEAL_ADD) == 0)
        return g_strdup_printf (_("add hypothetical deal %s"), edit->target_id);
      if (g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DEAL_DELETE) == 0)
        return g_strdup_printf (_("delete hypothetical deal %s"), edit->target_id);
      return g_strdup_printf (_("%s of hypothetical deal %s"), edit->field, edit->target_id);
    case DS_EDIT_TARGET_IMPORT:
      return g_strdup_printf (_("import of %s"), edit->target_id);
    case DS_EDIT_TARGET_SCENARIO:
    default:
      break;
    }

  if (g_strcmp0 (edit->field, DS_EDIT_SCENARIO_CREATE) == 0)
    return g_strdup_printf (_("create scenario “%s”"), edit->new_value);
  if (g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DUPLICATE) == 0)
    return g_strdup_printf (_("duplicate scenario “%s”"), edit->new_value);
  if (g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DELETE) == 0)
    return g_strdup_printf (_("delete scenario “%s”"), edit->old_value);
  return g_strdup_printf (_("rename scenario “%s” to “%s”"), edit->old_value, edit->new_value);
}

static const char *const target_names[] = { "deal", "setting", "scenario", "scenario_deal", "import" };

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
                                                "(SELECT value FROM meta WHERE key = 'edit_log_cursor'), "
                                                "(SELECT coalesce(max(seq), 0) FROM edit_log WHERE "
                                                "target = 'import' AND old_value IS NULL)", error);
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
  /* An import whose landscapes were forgotten: undo stops at it. */
  self->floor = (guint) CLAMP (sqlite3_column_int64 (stmt, 2), 0, (gint64) self->cursor);
  return TRUE;
}

/* TRUE when a deal edit names a deal that the landscape lacks. Only the
 * edits between the imports on either side of the cursor apply to the
 * landscape the document holds now (an edit below an import named the
 * landscape that import replaced). The log removes landscape deals only by
 * undoing or redoing an import, so a deal missing there can only come from
 * an import by a version that left the log behind: such a log is of another
 * landscape. */
static gboolean
names_missing_deal (DsEditLog  *self,
                    char      **out_deal,
                    GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT DISTINCT target_id FROM edit_log WHERE target = 'deal' "
                                                "AND seq > (SELECT coalesce(max(seq), 0) FROM edit_log "
                                                "WHERE target = 'import' AND seq <= ?1) "
                                                "AND seq < (SELECT coalesce(min(seq), ?2 + 1) FROM edit_log "
                                                "WHERE target = 'import' AND seq > ?1)", error);
  int rc;

  *out_deal = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->cursor);
  sqlite3_bind_int64 (stmt, 2, self->length);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      if (id == NULL || ds_landscape_find_deal (self->landscape, id) == DS_NONE)
        {
          *out_deal = g_strdup (id ? id : "");
          return TRUE;
        }
    }
  if (rc != SQLITE_DONE)
    set_db_error (self, error, "read");
  return FALSE;
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
  if (self->length > 0)
    {
      g_autofree char *missing = NULL;
      g_autoptr(GError) local = NULL;

      if (names_missing_deal (self, &missing, &local))
        {
          /* Undo would fail on that row forever and never reach the rows
           * below it: nothing in this log applies to the landscape. */
          g_message ("%s: the edit log names deal “%s”, which the document no longer has "
                     "(the landscape was replaced by an import); the %u edits are dropped",
                     ds_store_get_path (store), missing, self->length);
          if (!ds_edit_log_clear (self, error))
            return NULL;
        }
      else if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
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
  if (g_str_equal (field, "term_years")) return &d->term_years;
  if (g_str_equal (field, "power_gw")) return &d->power_gw;
  if (g_str_equal (field, "chip_count")) return &d->chip_count;
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
          if (slot == &d.term_years && x == 0)
            {
              g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
                           "Deal %s: the term is a number of years above 0, or cleared when unknown", d.id);
              return FALSE;
            }
          if (slot == &d.chip_count && x != floor (x))
            {
              g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
                           "Deal %s: chip_count counts chips, a whole number, not %s", d.id, value);
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
                   "pre_money_usd, post_money_usd, cap_usd, discount, interest_rate, term_years, power_gw and "
                   "chip_count", field);
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
  return ds_store_drop_log_after (self->store, self->cursor, error) &&
         ds_store_append_log_edit (self->store, self->cursor, target == DS_EDIT_TARGET_DEAL ? NULL : scenario_id,
                                   target_names[target], target_id, field, old, value, error);
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

/* ---- added and deleted hypothetical deals ---- */

/* Value fields in the order a reader must set them (pre-money before post). */
static const char *const deal_value_fields[] = {
  "date", "amount_usd", "instrument", "status", "pre_money_usd", "post_money_usd",
  "cap_usd", "discount", "interest_rate", "term_years", "power_gw", "chip_count",
};

/* The whole deal for the log row, ids instead of indices: what redo needs
 * even after the landscape was reloaded. */
static char *
deal_to_text (DsLandscape  *ls,
              const DsDeal *d,
              gint64        position)
{
  DsJsonWriter *w = ds_json_writer_new (FALSE);
  char buf[11];

  ds_json_writer_begin_object (w);
  ds_json_writer_key (w, "id");
  ds_json_writer_string (w, d->id);
  ds_json_writer_key (w, "investor");
  ds_json_writer_string (w, ds_landscape_entity (ls, d->investor)->id);
  ds_json_writer_key (w, "target");
  ds_json_writer_string (w, ds_landscape_entity (ls, d->target)->id);
  for (guint i = 0; i < G_N_ELEMENTS (deal_value_fields); i++)
    {
      g_autofree char *text = ds_deal_field_get (d, deal_value_fields[i]);
      ds_json_writer_key (w, deal_value_fields[i]);
      ds_json_writer_string (w, text);
    }
  ds_json_writer_key (w, "close_date");
  ds_json_writer_string (w, d->close_date != DS_DATE_NONE ? ds_date_format (d->close_date, buf) : NULL);
  ds_json_writer_key (w, "tranche_of");
  ds_json_writer_string (w, d->tranche_of != DS_NONE ? ds_landscape_deal (ls, d->tranche_of)->id : NULL);
  ds_json_writer_key (w, "chip");
  ds_json_writer_string (w, d->chip != DS_NONE ? ds_landscape_entity (ls, d->chip)->id : NULL);
  ds_json_writer_key (w, "note");
  ds_json_writer_string (w, d->note);
  ds_json_writer_key (w, "source");
  ds_json_writer_string (w, ds_landscape_source (ls, d->source)->id);
  ds_json_writer_key (w, "confidence");
  ds_json_writer_string (w, ds_confidence_to_string (d->confidence));
  if (position >= 0)
    {
      /* A deleted deal goes back to its place in the scenario's list. */
      ds_json_writer_key (w, "position");
      ds_json_writer_int (w, position);
    }
  ds_json_writer_end_object (w);
  return ds_json_writer_steal (w, NULL);
}

/* Reads deal_to_text () back against the landscape it applies to now. */
static gboolean
deal_from_text (DsEditLog   *self,
                const char  *text,
                DsDeal      *out,
                gint64      *position,
                GError     **error)
{
  g_autoptr(DsJsonDocument) doc = NULL;
  const DsJsonValue *root;
  DsLandscape *ls = self->landscape;
  DsDeal d = {
    .investor = DS_NONE, .target = DS_NONE, .date = DS_DATE_NONE, .close_date = DS_DATE_NONE,
    .amount_usd = DS_UNSET, .pre_money_usd = DS_UNSET, .post_money_usd = DS_UNSET, .cap_usd = DS_UNSET,
    .discount = DS_UNSET, .interest_rate = DS_UNSET, .tranche_of = DS_NONE, .source = DS_NONE,
    .term_years = DS_UNSET, .power_gw = DS_UNSET, .chip_count = DS_UNSET, .chip = DS_NONE,
  };
  const char *s;
  int confidence;

  if (text == NULL || (doc = ds_json_parse (text, strlen (text), NULL)) == NULL ||
      ds_json_type (root = ds_json_document_root (doc)) != DS_JSON_OBJECT)
    goto corrupt;
  if ((s = ds_json_get_string (ds_json_object_get (root, "id"))) == NULL)
    goto corrupt;
  d.id = ds_landscape_intern (ls, s);
  d.investor = ds_landscape_find_entity (ls, ds_json_get_string (ds_json_object_get (root, "investor")) ?: "");
  d.target = ds_landscape_find_entity (ls, ds_json_get_string (ds_json_object_get (root, "target")) ?: "");
  d.source = ds_landscape_find_source (ls, ds_json_get_string (ds_json_object_get (root, "source")) ?: "");
  if (d.investor == DS_NONE || d.target == DS_NONE || d.source == DS_NONE)
    {
      g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
                   "Hypothetical deal %s names an entity or source that is no longer in the document", d.id);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (deal_value_fields); i++)
    {
      const char *value = ds_json_get_string (ds_json_object_get (root, deal_value_fields[i]));
      if ((value != NULL || i == 0) && !ds_deal_field_set (&d, deal_value_fields[i], value, error))
        return FALSE;
    }
  if ((s = ds_json_get_string (ds_json_object_get (root, "close_date"))) != NULL &&
      !ds_date_parse (s, &d.close_date, error))
    return FALSE;
  if ((s = ds_json_get_string (ds_json_object_get (root, "tranche_of"))) != NULL &&
      (d.tranche_of = ds_landscape_find_deal (ls, s)) == DS_NONE)
    {
      g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
                   "Hypothetical deal %s is a tranche of deal %s, which is no longer in the document", d.id, s);
      return FALSE;
    }
  if ((s = ds_json_get_string (ds_json_object_get (root, "chip"))) != NULL &&
      (d.chip = ds_landscape_find_entity (ls, s)) == DS_NONE)
    {
      g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
                   "Hypothetical deal %s names chip %s, which is no longer in the document", d.id, s);
      return FALSE;
    }
  if ((s = ds_json_get_string (ds_json_object_get (root, "note"))) != NULL)
    d.note = ds_landscape_intern (ls, s);
  confidence = ds_confidence_from_string (ds_json_get_string (ds_json_object_get (root, "confidence")) ?: "");
  d.confidence = confidence >= 0 ? confidence : DS_CONFIDENCE_ASSUMPTION;
  if (position != NULL)
    {
      const DsJsonValue *at = ds_json_object_get (root, "position");
      *position = at != NULL && ds_json_type (at) == DS_JSON_NUMBER ? (gint64) ds_json_get_number (at) : -1;
    }
  *out = d;
  return TRUE;

corrupt:
  g_set_error (error, DS_STORE_ERROR, DS_STORE_ERROR_CORRUPT,
               "The edit log of %s keeps an added deal it cannot read; that step cannot be redone",
               ds_store_get_path (self->store));
  return FALSE;
}

static gboolean
is_slug (const char *id)
{
  if (id == NULL || !(g_ascii_islower (*id) || g_ascii_isdigit (*id)))
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

static gboolean
check_new_deal (DsEditLog     *self,
                const DsDeal  *d,
                GError       **error)
{
  DsLandscape *ls = self->landscape;
  DsIndex n = ds_landscape_n_entities (ls);
  const char *what = NULL;

  if (!is_slug (d->id))
    what = "its id must be lower-case letters, digits and hyphens, starting with a letter or digit";
  else if (ds_scenario_deal_id_taken (ls, d->id))
    what = "another deal has that id; deal ids are unique across the landscape and all scenarios";
  else if (d->investor < 0 || d->investor >= n || d->target < 0 || d->target >= n)
    what = "it needs an investor and a target from the document's entities";
  else if (d->investor == d->target)
    what = "the investor and the target must be different entities";
  else if (d->date == DS_DATE_NONE)
    what = "it needs a date (YYYY-MM-DD, YYYY-MM or YYYY)";
  else if (d->source < 0 || (guint) d->source >= ls->sources->len)
    what = "it needs a source from the document";
  else if (d->tranche_of != DS_NONE && (d->tranche_of < 0 || d->tranche_of >= ds_landscape_n_deals (ls)))
    what = "it can only be a tranche of a landscape deal";
  if (what == NULL)
    {
      /* The value checks of an edit, each field on its own. */
      DsDeal trial = *d;
      for (guint i = 0; i < G_N_ELEMENTS (deal_value_fields); i++)
        {
          g_autofree char *text = ds_deal_field_get (d, deal_value_fields[i]);
          if (!ds_deal_field_set (&trial, deal_value_fields[i], text, error))
            return FALSE;
        }
      return TRUE;
    }
  g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_INVALID,
               "Cannot add hypothetical deal “%s”: %s", d->id ? d->id : "", what);
  return FALSE;
}

/* TRUE when `s` is `scenario` or builds on it, directly or not. */
static gboolean
builds_on (DsLandscape *ls,
           DsIndex      s,
           DsIndex      scenario)
{
  /* Bounded by the scenario count, in case a damaged file has a cycle. */
  for (guint steps = 0; s != DS_NONE && steps <= ls->scenarios->len; steps++)
    {
      if (s == scenario)
        return TRUE;
      s = ds_landscape_scenario (ls, s)->base;
    }
  return FALSE;
}

/* A setting deal.<id>.<field> of the scenario or of one built on it would
 * no longer resolve without the deal. Siblings are not looked at: a
 * duplicated scenario holds its own deal of the same id. */
static gboolean
check_deal_unused (DsEditLog   *self,
                   DsIndex      scenario,
                   const char  *deal_id,
                   GError     **error)
{
  DsLandscape *ls = self->landscape;
  g_autofree char *prefix = g_strdup_printf ("deal.%s.", deal_id);

  for (guint s = 0; s < ls->scenarios->len; s++)
    {
      const DsScenario *sc = ds_landscape_scenario (ls, s);

      if (!builds_on (ls, s, scenario))
        continue;
      for (guint i = 0; i < sc->settings->len; i++)
        if (g_str_has_prefix (g_array_index (sc->settings, DsSetting, i).key, prefix))
          {
            g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_IN_USE,
                         "Cannot take out hypothetical deal %s: scenario %s still sets %s; "
                         "remove that setting first", deal_id, sc->id,
                         g_array_index (sc->settings, DsSetting, i).key);
            return FALSE;
          }
    }
  return TRUE;
}

/* Whether `id` is a landscape deal or a deal of the scenario, its bases or
 * the scenarios built on it: where putting the deal back would clash. */
static gboolean
deal_id_in_chain (DsLandscape *ls,
                  DsIndex      scenario,
                  const char  *id)
{
  if (ds_landscape_find_deal (ls, id) != DS_NONE)
    return TRUE;
  for (guint s = 0; s < ls->scenarios->len; s++)
    {
      const DsScenario *sc = ds_landscape_scenario (ls, s);

      if (!builds_on (ls, s, scenario) && !builds_on (ls, scenario, s))
        continue;
      for (guint i = 0; i < sc->deals->len; i++)
        if (g_strcmp0 (g_array_index (sc->deals, DsDeal, i).id, id) == 0)
          return TRUE;
    }
  return FALSE;
}

/* Removes the deal from the scenario in memory and writes the scenario (a
 * delete, or the undo of an add); memory is put back on a failed write. The
 * caller holds the transaction. */
static gboolean
remove_deal (DsEditLog   *self,
             DsIndex      scenario,
             const char  *deal_id,
             DsDeal      *removed,
             guint       *position,
             GError     **error)
{
  GArray *deals = ds_landscape_scenario (self->landscape, scenario)->deals;
  guint i;

  if (find_own_deal (self, scenario, deal_id, error) == NULL ||
      !check_deal_unused (self, scenario, deal_id, error))
    return FALSE;
  for (i = 0; g_strcmp0 (g_array_index (deals, DsDeal, i).id, deal_id) != 0; i++)
    ;
  *removed = g_array_index (deals, DsDeal, i);
  *position = i;
  g_array_remove_index (deals, i);
  if (ds_store_save_scenario (self->store, self->landscape, scenario, error))
    return TRUE;
  g_array_insert_vals (deals, i, removed, 1);
  return FALSE;
}

/* Puts a deal back at `position` (-1: the end; clamped to the list as it is
 * now) and writes the scenario; memory is put back on a failed write. */
static gboolean
insert_deal (DsEditLog     *self,
             DsIndex        scenario,
             const DsDeal  *deal,
             gint64         position,
             guint         *at,
             GError       **error)
{
  GArray *deals = ds_landscape_scenario (self->landscape, scenario)->deals;

  if (deal_id_in_chain (self->landscape, scenario, deal->id))
    {
      g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_EXISTS,
                   "Cannot bring back hypothetical deal %s: a deal with that id exists again in scenario %s "
                   "or a scenario related to it; rename or delete that deal first",
                   deal->id, ds_landscape_scenario (self->landscape, scenario)->id);
      return FALSE;
    }
  *at = position < 0 || position > (gint64) deals->len ? deals->len : (guint) position;
  g_array_insert_vals (deals, *at, deal, 1);
  if (ds_store_save_scenario (self->store, self->landscape, scenario, error))
    return TRUE;
  g_array_remove_index (deals, *at);
  return FALSE;
}

gboolean
ds_edit_log_add_scenario_deal (DsEditLog     *self,
                               const char    *scenario_id,
                               const DsDeal  *deal,
                               GError       **error)
{
  g_autofree char *text = NULL;
  DsIndex scenario;
  guint position = 0;

  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);
  g_return_val_if_fail (scenario_id != NULL && deal != NULL, FALSE);

  if ((scenario = find_scenario (self, scenario_id, error)) == DS_NONE)
    return FALSE;
  if (!check_new_deal (self, deal, error))
    return FALSE;
  text = deal_to_text (self->landscape, deal, -1);
  if (!ds_store_begin (self->store, error))
    return FALSE;
  if (!insert_deal (self, scenario, deal, -1, &position, error))
    {
      ds_store_rollback (self->store);
      return FALSE;
    }
  if (!log_row (self, DS_EDIT_TARGET_SCENARIO_DEAL, scenario_id, deal->id, DS_EDIT_SCENARIO_DEAL_ADD,
                NULL, text, error) ||
      !ds_store_commit (self->store, error))
    {
      ds_store_rollback (self->store);
      g_array_remove_index (ds_landscape_scenario (self->landscape, scenario)->deals, position);
      return FALSE;
    }
  self->cursor++;
  self->length = self->cursor;
  return TRUE;
}

gboolean
ds_edit_log_delete_scenario_deal (DsEditLog   *self,
                                  const char  *scenario_id,
                                  const char  *deal_id,
                                  GError     **error)
{
  g_autofree char *text = NULL;
  DsIndex scenario;
  DsDeal removed;
  guint position = 0;

  g_return_val_if_fail (DS_IS_EDIT_LOG (self), FALSE);
  g_return_val_if_fail (scenario_id != NULL && deal_id != NULL, FALSE);

  if ((scenario = find_scenario (self, scenario_id, error)) == DS_NONE)
    return FALSE;
  if (!ds_store_begin (self->store, error))
    return FALSE;
  if (!remove_deal (self, scenario, deal_id, &removed, &position, error))
    {
      ds_store_rollback (self->store);
      return FALSE;
    }
  text = deal_to_text (self->landscape, &removed, position);
  if (!log_row (self, DS_EDIT_TARGET_SCENARIO_DEAL, scenario_id, removed.id, DS_EDIT_SCENARIO_DEAL_DELETE,
                text, NULL, error) ||
      !ds_store_commit (self->store, error))
    {
      ds_store_rollback (self->store);
      g_array_insert_vals (ds_landscape_scenario (self->landscape, scenario)->deals, position, &removed, 1);
      return FALSE;
    }
  self->cursor++;
  self->length = self->cursor;
  return TRUE;
}

/* An added or deleted hypothetical deal: the undo of an add and the redo of
 * a delete take the deal out, the other two put the logged deal back (an
 * added one at the end, a deleted one at its place). One transaction with
 * the cursor, memory restored when it fails. */
static gboolean
step_scenario_deal (DsEditLog     *self,
                    const DsEdit  *edit,
                    gboolean       undo,
                    guint          cursor,
                    GError       **error)
{
  gboolean added = g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DEAL_ADD) == 0;
  gboolean inserts = added != undo;
  DsIndex scenario;
  DsDeal deal;
  gint64 logged_position = -1;
  guint position = 0;
  GArray *deals;

  if ((scenario = find_scenario (self, edit->scenario, error)) == DS_NONE)
    return FALSE;
  if (inserts && !deal_from_text (self, added ? edit->new_value : edit->old_value, &deal, &logged_position, error))
    return FALSE;
  if (inserts && added && ds_scenario_deal_id_taken (self->landscape, deal.id))
    {
      g_set_error (error, DS_SCENARIO_EDIT_ERROR, DS_SCENARIO_EDIT_ERROR_EXISTS,
                   "cannot add hypothetical deal %s again: a deal with that id exists; rename or delete it first",
                   deal.id);
      return FALSE;
    }
  if (!ds_store_begin (self->store, error))
    return FALSE;
  if (!(inserts ? insert_deal (self, scenario, &deal, logged_position, &position, error)
                : remove_deal (self, scenario, edit->target_id, &deal, &position, error)))
    {
      ds_store_rollback (self->store);
      return FALSE;
    }
  if (!ds_store_write_log_cursor (self->store, cursor, error) || !ds_store_commit (self->store, error))
    {
      ds_store_rollback (self->store);
      deals = ds_landscape_scenario (self->landscape, scenario)->deals;
      if (inserts)
        g_array_remove_index (deals, position);
      else
        g_array_insert_vals (deals, position, &deal, 1);
      return FALSE;
    }
  self->cursor = cursor;
  return TRUE;
}

/* ---- whole scenarios ---- */

#define SNAPSHOT_DEAL_COLUMNS "position, id, investor, target, date, close_date, amount_usd, instrument, " \
  "status, pre_money_usd, post_money_usd, cap_usd, discount, interest_rate, tranche_of, note, source, confidence, " \
  "term_years, power_gw, chip_count, chip"
#define RESTORE_DEAL_COLUMNS "d.position, d.id, d.investor, d.target, d.date, d.close_date, d.amount_usd, " \
  "d.instrument, d.status, d.pre_money_usd, d.post_money_usd, d.cap_usd, d.discount, d.interest_rate, " \
  "d.tranche_of, d.note, d.source, d.confidence, d.term_years, d.power_gw, d.chip_count, d.chip"

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
  return self->cursor > self->floor;
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

  if (edit->target == DS_EDIT_TARGET_IMPORT)
    {
      /* The store swaps the whole landscape and moves the cursor. */
      if (!ds_store_step_import (self->store, seq, undo, cursor, error))
        return NULL;
      self->cursor = cursor;
      if (!read_state (self, error) || !reload (self, error))
        return NULL;
      return g_steal_pointer (&edit);
    }

  if (edit->target == DS_EDIT_TARGET_SCENARIO_DEAL && (g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DEAL_ADD) == 0 ||
                                                       g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DEAL_DELETE) == 0))
    return step_scenario_deal (self, edit, undo, cursor, error) ? g_steal_pointer (&edit) : NULL;

  if (edit->target == DS_EDIT_TARGET_SCENARIO && g_strcmp0 (edit->field, DS_EDIT_SCENARIO_RENAME) != 0)
    {
      /* Undo of a create and redo of a delete remove the scenario; the
       * other two bring back the rows the log kept. */
      gboolean adds = g_strcmp0 (edit->field, DS_EDIT_SCENARIO_DELETE) == 0 ? undo : !undo;

      if (!ds_store_begin (self->store, error))
        return NULL;
      if (!(adds ? restore_scenario (self, seq, error) : remove_scenario (self, edit->scenario, error)) ||
          !ds_store_write_log_cursor (self->store, cursor, error) ||
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
      !ds_store_write_log_cursor (self->store, cursor, error) ||
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

DsEdit *
ds_edit_log_get_edit (DsEditLog  *self,
                      guint       seq,
                      GError    **error)
{
  g_return_val_if_fail (DS_IS_EDIT_LOG (self), NULL);
  if (seq == 0 || seq > self->length)
    {
      g_set_error (error, DS_EDIT_LOG_ERROR, DS_EDIT_LOG_ERROR_NOT_FOUND,
                   "The edit log has edits 1 to %u, not %u", self->length, seq);
      return NULL;
    }
  return read_edit (self, seq, error);
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
  if (!ds_store_drop_log_after (self->store, 0, error) || !ds_store_write_log_cursor (self->store, 0, error) || !ds_store_commit (self->store, error))
    {
      ds_store_rollback (self->store);
      return FALSE;
    }
  self->cursor = self->length = self->floor = 0;
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
  if (!ds_store_write_log_cursor (self->store, self->cursor - before_cursor, error) || !ds_store_commit (self->store, error))
    goto fail;
  return read_state (self, error);

fail:
  ds_store_rollback (self->store);
  return FALSE;
}
