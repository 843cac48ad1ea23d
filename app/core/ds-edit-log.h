/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-edit-log.h: edits of deals, scenario settings and scenarios themselves,
 * each written with its log row in one transaction, and undo/redo from that
 * log across restarts. */
#pragma once

#include <glib-object.h>

#include "ds-landscape.h"
#include "ds-store.h"

G_BEGIN_DECLS

#define DS_EDIT_LOG_ERROR (ds_edit_log_error_quark ())
GQuark ds_edit_log_error_quark (void);

typedef enum {
  DS_EDIT_LOG_ERROR_NOT_FOUND,  /* no such deal, field or scenario */
  DS_EDIT_LOG_ERROR_INVALID,    /* a value the field refuses */
  DS_EDIT_LOG_ERROR_NOTHING,    /* nothing to undo or redo */
} DsEditLogError;

typedef enum {
  DS_EDIT_TARGET_DEAL,          /* a field of a landscape deal (the base) */
  DS_EDIT_TARGET_SETTING,       /* a setting of a scenario ("deal.X.cap_usd") */
  DS_EDIT_TARGET_SCENARIO,      /* the scenario itself; field is the operation */
  DS_EDIT_TARGET_SCENARIO_DEAL, /* a field of a hypothetical deal of the scenario */
  DS_EDIT_TARGET_IMPORT,        /* the landscape replaced (ds_store_import); target_id
                                 * is what was imported, old_value / new_value number
                                 * the snapshots before and after it */
} DsEditTarget;

/* Operations on a scenario (DsEdit.field of DS_EDIT_TARGET_SCENARIO). For
 * create and duplicate new_value is the name and old_value NULL; for delete
 * old_value is the name; for a rename both are names. */
#define DS_EDIT_SCENARIO_CREATE    "create"
#define DS_EDIT_SCENARIO_DUPLICATE "duplicate"
#define DS_EDIT_SCENARIO_DELETE    "delete"
#define DS_EDIT_SCENARIO_RENAME    "name"

/* A hypothetical deal added to a scenario (DsEdit.field of
 * DS_EDIT_TARGET_SCENARIO_DEAL; no deal field has this name). new_value is
 * the whole deal as one JSON object of texts, which redo reads back;
 * old_value is NULL. */
#define DS_EDIT_SCENARIO_DEAL_ADD  "add"
/* A hypothetical deal deleted from a scenario: old_value is the whole deal
 * as for an add, with its "position" in the scenario's list; new_value is
 * NULL. */
#define DS_EDIT_SCENARIO_DEAL_DELETE "delete"

/* One logged edit. Values are text as typed ("5e10", "closed", "2025-09");
 * NULL is "not set". */
typedef struct {
  gint64       seq;
  char        *scenario;   /* scenario id; NULL for deal edits */
  DsEditTarget target;
  char        *target_id;  /* deal id, setting key or scenario id */
  char        *field;      /* deal field or scenario operation; NULL for settings */
  char        *old_value;
  char        *new_value;
  gint64       time;       /* seconds since 1970 */
} DsEdit;

void ds_edit_free (DsEdit *edit);
/* What an edit did, in words: "cap_usd of deal X", "delete scenario “X”",
 * "import of crunchbase.csv"; for the undo button and the CLI. */
char *ds_edit_describe (const DsEdit *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsEdit, ds_edit_free)

#define DS_TYPE_EDIT_LOG (ds_edit_log_get_type ())
G_DECLARE_FINAL_TYPE (DsEditLog, ds_edit_log, DS, EDIT_LOG, GObject)

/* The log of `store`, applying to `landscape` (loaded from that store). */
DsEditLog   *ds_edit_log_new           (DsStore     *store,
                                        DsLandscape *landscape,
                                        GError     **error);
/* After the landscape was reloaded (a scenario deleted, an import). */
void         ds_edit_log_set_landscape (DsEditLog   *self,
                                        DsLandscape *landscape);
/* The landscape the log applies to. Adding or removing a scenario (create,
 * duplicate, delete, and their undo and redo) reloads it from the document,
 * as the landscape has no API to remove a scenario in memory: compare the
 * pointer after each call and adopt the new one. */
DsLandscape *ds_edit_log_get_landscape (DsEditLog   *self);

/* Sets a field of a landscape deal (amount_usd, date, instrument, status,
 * pre_money_usd, post_money_usd, cap_usd, discount, interest_rate, term_years,
 * power_gw, chip_count; value
 * NULL clears a number), persists the deal and the log row in one
 * transaction and drops the redo tail. On failure nothing changed. */
gboolean     ds_edit_log_set_deal      (DsEditLog   *self,
                                        const char  *deal_id,
                                        const char  *field,
                                        const char  *value,
                                        GError     **error);
/* Sets (value NULL: removes) a setting of a scenario through the scenario
 * engine, persists the scenario and the log row in one transaction. */
gboolean     ds_edit_log_set_setting   (DsEditLog   *self,
                                        const char  *scenario_id,
                                        const char  *key,
                                        const char  *value,
                                        GError     **error);

/* Sets a field (as ds_edit_log_set_deal) of a hypothetical deal that
 * `scenario_id` itself holds, and persists the scenario with the log row. */
gboolean     ds_edit_log_set_scenario_deal (DsEditLog  *self,
                                            const char *scenario_id,
                                            const char *deal_id,
                                            const char *field,
                                            const char *value,
                                            GError    **error);

/* Adds `deal` (its strings in the landscape, ids resolved) to the
 * hypothetical deals of `scenario_id`, checked first: a free slug id (see
 * ds_scenario_deal_id_taken), two different entities, a date, a source; the
 * values as ds_deal_field_set takes them. Persists the scenario with the log
 * row in one transaction; undo removes the deal, redo adds it again. */
gboolean     ds_edit_log_add_scenario_deal (DsEditLog    *self,
                                            const char   *scenario_id,
                                            const DsDeal *deal,
                                            GError      **error);

/* Deletes the hypothetical deal `deal_id` that `scenario_id` holds itself.
 * Refuses (DS_SCENARIO_EDIT_ERROR_IN_USE, nothing changed) while a setting
 * of that scenario or of one built on it names the deal (deal.<id>.<field>).
 * Persists the scenario with the log row, which keeps the whole deal, in one
 * transaction; undo puts it back with the same id and place, redo deletes it
 * again. */
gboolean     ds_edit_log_delete_scenario_deal (DsEditLog  *self,
                                               const char *scenario_id,
                                               const char *deal_id,
                                               GError    **error);

/* Creates a scenario named `name` (its id is the slug of the name) on
 * `base_id` (NULL: the landscape). With `copy_of`, it gets a copy of that
 * scenario's settings and hypothetical deals (a duplicate). The scenario's
 * rows are kept in the log, so that redo after undo brings back the same id,
 * place and content. Returns the new id; NULL with an error and nothing
 * changed otherwise. Reloads the landscape on failure. */
char        *ds_edit_log_create_scenario (DsEditLog  *self,
                                          const char *name,
                                          const char *base_id,
                                          const char *description,
                                          const char *copy_of,
                                          GError    **error);
/* Renames a scenario; its id stays (settings, bases and the log name it). */
gboolean     ds_edit_log_rename_scenario (DsEditLog  *self,
                                          const char *scenario_id,
                                          const char *name,
                                          GError    **error);
/* Deletes a scenario with its settings and hypothetical deals, keeping
 * them in the log for undo. Refuses (DS_SCENARIO_EDIT_ERROR_IN_USE) a
 * scenario that others build on, as ds_scenario_delete () does; its earlier
 * edits stay in the log and apply again once undo has brought it back. */
gboolean     ds_edit_log_delete_scenario (DsEditLog  *self,
                                          const char *scenario_id,
                                          GError    **error);

/* FALSE also when the next undo would cross an import older than the last
 * DS_STORE_UNDOABLE_IMPORTS, whose landscape the log no longer keeps. */
gboolean     ds_edit_log_can_undo      (DsEditLog   *self);
gboolean     ds_edit_log_can_redo      (DsEditLog   *self);
/* The edit the next undo / redo applies; NULL when none. Free it. */
DsEdit      *ds_edit_log_peek_undo     (DsEditLog   *self);
DsEdit      *ds_edit_log_peek_redo     (DsEditLog   *self);
/* Applies the old value of the last applied edit (undo) or the new value
 * of the next one (redo) and moves the persisted cursor, in one transaction.
 * Returns the edit applied (free it), NULL with an error otherwise. */
DsEdit      *ds_edit_log_undo          (DsEditLog   *self,
                                        GError     **error);
DsEdit      *ds_edit_log_redo          (DsEditLog   *self,
                                        GError     **error);
/* Edit `seq` of the log, 1 .. ds_edit_log_get_length (free it); NULL with
 * an error when there is no such edit. */
DsEdit      *ds_edit_log_get_edit      (DsEditLog   *self,
                                        guint        seq,
                                        GError     **error);
/* Edits applied (the cursor) and edits in the log. */
guint        ds_edit_log_get_position  (DsEditLog   *self);
guint        ds_edit_log_get_length    (DsEditLog   *self);
/* Forgets every edit. */
gboolean     ds_edit_log_clear         (DsEditLog   *self,
                                        GError     **error);
/* Forgets the edits of one scenario, for a deletion that is not itself
 * logged (ds_edit_log_delete_scenario keeps them: undo brings the scenario
 * back and they apply again); call inside the transaction that deletes it. */
gboolean     ds_edit_log_forget_scenario (DsEditLog  *self,
                                          const char *scenario_id,
                                          GError    **error);

/* The field of a deal as text (NULL when unset), and a checked setter that
 * changes `deal` only when the value is accepted. */
char        *ds_deal_field_get         (const DsDeal *deal,
                                        const char   *field);
gboolean     ds_deal_field_set         (DsDeal       *deal,
                                        const char   *field,
                                        const char   *value,
                                        GError      **error);

G_END_DECLS
