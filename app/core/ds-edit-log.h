/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-edit-log.h: edits of deals and scenario settings, each written with its
 * log row in one transaction, and undo/redo from that log across restarts. */
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
  DS_EDIT_TARGET_DEAL,     /* a field of a landscape deal (the base) */
  DS_EDIT_TARGET_SETTING,  /* a setting of a scenario ("deal.X.cap_usd") */
} DsEditTarget;

/* One logged edit. Values are text as typed ("5e10", "closed", "2025-09");
 * NULL is "not set". */
typedef struct {
  gint64       seq;
  char        *scenario;   /* scenario id; NULL for deal edits */
  DsEditTarget target;
  char        *target_id;  /* deal id or setting key */
  char        *field;      /* deal field; NULL for settings */
  char        *old_value;
  char        *new_value;
  gint64       time;       /* seconds since 1970 */
} DsEdit;

void ds_edit_free (DsEdit *edit);
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

/* Sets a field of a landscape deal (amount_usd, date, instrument, status,
 * pre_money_usd, post_money_usd, cap_usd, discount, interest_rate; value
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
/* Edits applied (the cursor) and edits in the log. */
guint        ds_edit_log_get_position  (DsEditLog   *self);
guint        ds_edit_log_get_length    (DsEditLog   *self);
/* Forgets every edit (the landscape was replaced by an import). */
gboolean     ds_edit_log_clear         (DsEditLog   *self,
                                        GError     **error);
/* Forgets the edits of one scenario (it is being deleted); call inside the
 * transaction that deletes it. */
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
