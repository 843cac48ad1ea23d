/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-inspector.h: the side panel showing every field of the selected entity
 * or deal with its source and confidence; a deal's terms are editable. */
#pragma once

#include <adwaita.h>

#include "ds-landscape.h"
#include "ds-scenario.h"

G_BEGIN_DECLS

#define DS_INSPECTOR_ERROR (ds_inspector_error_quark ())
GQuark ds_inspector_error_quark (void);
typedef enum {
  DS_INSPECTOR_ERROR_INVALID,   /* text that is not a value of the field */
} DsInspectorError;

#define DS_TYPE_INSPECTOR (ds_inspector_get_type ())
G_DECLARE_FINAL_TYPE (DsInspector, ds_inspector, DS, INSPECTOR, GtkWidget)

/* Applies one validated edit; value is "d" for numbers (NAN clears the
 * field) or "s" for dates, instruments and statuses. */
typedef gboolean (*DsInspectorApplyFunc) (gpointer    user_data,
                                          const char *deal_id,
                                          const char *field,
                                          GVariant   *value,
                                          GError    **error);

/* What the replay could not place for an entity at the shown date (a
 * company's stake metric that names no company, a round it refused), or
 * NULL: said at the top of the entity's details. */
typedef const char *(*DsInspectorProblemFunc) (gpointer user_data,
                                               DsIndex  entity);

GtkWidget *ds_inspector_new            (void);
void       ds_inspector_set_landscape  (DsInspector *self,
                                        DsLandscape *landscape);
void       ds_inspector_set_apply_func (DsInspector          *self,
                                        DsInspectorApplyFunc  func,
                                        gpointer              user_data);
void       ds_inspector_set_problem_func (DsInspector            *self,
                                          DsInspectorProblemFunc  func,
                                          gpointer                user_data);
void       ds_inspector_show_entity    (DsInspector *self,
                                        DsIndex      entity);
/* A deal of the view (see set_view): landscape deals at their index, then
 * the scenario's hypothetical deals. */
void       ds_inspector_show_deal      (DsInspector *self,
                                        DsIndex      deal);
/* The current scenario as the replay resolved it, borrowed: the caller sets
 * NULL before freeing it. Deals are shown with the scenario's values, and
 * its hypothetical deals are listed and editable. Rebuilds the panel. */
void       ds_inspector_set_view       (DsInspector          *self,
                                        const DsScenarioView *view);
/* Rebuilds the rows from the model (after an edit, undo or redo). */
void       ds_inspector_refresh        (DsInspector *self);
DsIndex    ds_inspector_get_deal       (DsInspector *self);

/* Parsers shared with the tests: "$1.25B", "750M", "4e9", "" (unset);
 * "20%" or "0.2". FALSE with a message that says what is expected. */
gboolean   ds_inspector_parse_usd      (const char *text,
                                        double     *out,
                                        GError    **error);
gboolean   ds_inspector_parse_fraction (const char *text,
                                        double     *out,
                                        GError    **error);
/* "$1.25B" with every significant digit kept (in the full amount style:
 * "$1,250,000,000"), "" for NAN. */
char      *ds_inspector_format_usd     (double usd);

G_END_DECLS
