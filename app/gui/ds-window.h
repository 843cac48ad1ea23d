/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-window.h: the main window of one document: views, scenario, timeline,
 * inspector, and the one place where edits are applied. */
#pragma once

#include <adwaita.h>

#include "ds-application.h"
#include "ds-landscape.h"
#include "ds-replay.h"
#include "ds-store.h"

G_BEGIN_DECLS

#define DS_WINDOW_ERROR (ds_window_error_quark ())
GQuark ds_window_error_quark (void);
typedef enum {
  DS_WINDOW_ERROR_NOT_FOUND,  /* no such deal, entity, scenario or view */
  DS_WINDOW_ERROR_INVALID,    /* a value the field cannot take */
  DS_WINDOW_ERROR_EXPORT,     /* the picture could not be written */
} DsWindowError;

#define DS_TYPE_WINDOW (ds_window_get_type ())
G_DECLARE_FINAL_TYPE (DsWindow, ds_window, DS, WINDOW, AdwApplicationWindow)

DsWindow    *ds_window_new           (DsApplication *application,
                                      DsStore       *store,
                                      DsLandscape   *landscape);
/* Shows another document in this window. */
void         ds_window_set_document  (DsWindow    *self,
                                      DsStore     *store,
                                      DsLandscape *landscape);
/* A window that draws a big document's graph preview (ds_store_read_preview)
 * at once, then reads the document after that first frame and shows it as
 * ds_window_set_document does. Until then it is for looking only: its
 * actions are off and it takes no input; ds_window_get_store is NULL. If
 * the document cannot be read, the window gives way to a dialog that says
 * why. */
DsWindow    *ds_window_new_preview   (DsApplication *application,
                                      const char    *path,
                                      DsLandscape   *preview,
                                      const double  *x,
                                      const double  *y,
                                      const guint8  *pinned);
void         ds_window_show_preview  (DsWindow     *self,
                                      const char   *path,
                                      DsLandscape  *preview,
                                      const double *x,
                                      const double *y,
                                      const guint8 *pinned);
gboolean     ds_window_get_previewing (DsWindow *self);
/* The document shown, or previewed. */
const char  *ds_window_get_document_path (DsWindow *self);
DsStore     *ds_window_get_store     (DsWindow *self);
DsLandscape *ds_window_get_landscape (DsWindow *self);

/* THE place edits go through. field is a dataset key of a deal
 * (amount_usd, date, instrument, status, pre_money_usd, post_money_usd,
 * cap_usd, discount, interest_rate); value is "d" (NAN clears) or "s".
 * Under the base scenario the deal itself changes; under another scenario
 * the edit becomes the scenario setting "deal.<id>.<field>". A hypothetical
 * deal of the current scenario changes in the scenario; one of a base
 * scenario gets the setting. Persisted at once in one transaction, recorded
 * for undo, and the views rebuilt. */
gboolean     ds_window_apply_deal_edit (DsWindow    *self,
                                        const char  *deal_id,
                                        const char  *field,
                                        GVariant    *value,
                                        GError     **error);
gboolean     ds_window_undo          (DsWindow *self);
/* Scenarios (also win.new-scenario, duplicate-scenario, rename-scenario
 * with the name, win.delete-scenario): persisted at once, each one entry of
 * the edit log (undo, redo, across restarts). New builds on the current
 * scenario; duplicate copies its settings and deals; rename and delete act
 * on the current one; delete refuses one that others build on. */
gboolean     ds_window_new_scenario       (DsWindow *self, const char *name, GError **error);
gboolean     ds_window_duplicate_scenario (DsWindow *self, const char *name, GError **error);
gboolean     ds_window_rename_scenario    (DsWindow *self, const char *name, GError **error);
gboolean     ds_window_delete_scenario    (DsWindow *self, GError **error);
gboolean     ds_window_redo          (DsWindow *self);
/* Adds `deal` to the current scenario's hypothetical deals through the
 * edit log (undoable, saved) and selects it; also win.add-hypothetical-deal
 * (a form). A NULL id is made from the parties and the year, a DS_NONE
 * source is the document's "dealscape-assumptions". Refused on the base. */
gboolean     ds_window_add_hypothetical_deal (DsWindow     *self,
                                              const DsDeal *deal,
                                              char        **out_id,
                                              GError      **error);
/* Deletes a hypothetical deal that the current scenario holds itself
 * through the edit log (undoable, saved), selects the deal's target and
 * offers Undo in a toast; also win.delete-hypothetical-deal (the deal id).
 * Refused for landscape deals, deals of a base scenario, and while a
 * setting still names the deal. */
gboolean     ds_window_delete_hypothetical_deal (DsWindow    *self,
                                                 const char  *deal_id,
                                                 GError     **error);

/* view: "graph" or "valuation"; the format comes from the extension
 * (.png, .pdf, .svg). Shows a toast with an Open action on success. */
gboolean     ds_window_export        (DsWindow    *self,
                                      const char  *view,
                                      const char  *path,
                                      int          width,
                                      int          height,
                                      GError     **error);

/* Writes an imported landscape (the old one merged with new rows) in one
 * transaction as an edit that Undo takes back (ds_store_import; `source` is
 * the file's name), on a worker ("Saving the import…"), then shows it (new
 * nodes are placed in the background) and toasts `message`. FALSE, with
 * nothing started, while another import is being saved; a failed write is
 * shown in a dialog. */
gboolean     ds_window_merge_landscape (DsWindow     *self,
                                        DsLandscape  *landscape,
                                        const char   *source,
                                        const char   *message,
                                        GError      **error);
/* Opens `path`: a .csv in the CSV import dialog, anything else as a dataset
 * (JSON) that replaces the landscape; also win.import-file(s). */
/* Opens the document at `path` in this window, read on a worker (the
 * window shows "Opening…" with Cancel); a file that cannot be opened is
 * toasted and the document shown stays. */
void         ds_window_open_document   (DsWindow   *self,
                                        const char *path);
void         ds_window_import_file     (DsWindow   *self,
                                        const char *path);

/* The timeline's first and last date: the default range of a video. */
void         ds_window_get_timeline_range (DsWindow *self,
                                           DsDate   *first,
                                           DsDate   *last);
/* The "Exported “name”" toast with an Open button, for files written
 * outside ds_window_export (the replay video). */
void         ds_window_show_exported      (DsWindow   *self,
                                           const char *path);
DsIndex      ds_window_get_selected_entity (DsWindow *self);
DsIndex      ds_window_get_selected_deal   (DsWindow *self);
/* NULL under the base (the landscape as recorded). */
const char  *ds_window_get_scenario_id     (DsWindow *self);
gboolean     ds_window_get_playing         (DsWindow *self);
/* TRUE while an import is written to the document (ds_window_merge_landscape):
 * the application is held until it is in the file. */
gboolean     ds_window_get_saving          (DsWindow *self);
/* TRUE while node positions (after a drag or a layout) wait to be written
 * or are written on a worker. */
gboolean     ds_window_get_saving_positions (DsWindow *self);
/* The graph canvas, for tests and benchmarks. */
GtkWidget   *ds_window_get_graph_view      (DsWindow *self);
/* The chart view of "valuation" or "compute" (NULL for another name). */
GtkWidget   *ds_window_get_chart_view      (DsWindow   *self,
                                            const char *name);
/* The inspector panel and the current scenario's replay, for tests. */
GtkWidget   *ds_window_get_inspector       (DsWindow *self);
DsReplay    *ds_window_get_replay          (DsWindow *self);
/* TRUE once positions are settled (loaded, or the initial layout done). */
gboolean     ds_window_get_layout_ready    (DsWindow *self);
gboolean     ds_window_get_replay_ready    (DsWindow *self);

/* Circles (win.circles, Ctrl+L): the graph lights the cycles of money
 * closed by the timeline's date and the panel lists them. */
gboolean     ds_window_get_circles        (DsWindow *self);
GtkWidget   *ds_window_get_circles_panel  (DsWindow *self);

/* Compare (win.diff, Ctrl+D): the graph shows scenario B with what it
 * changes from A marked (ds-diff-overlay), the panel lists the changes;
 * the graph exports so. */
gboolean     ds_window_get_comparing      (DsWindow *self);
GtkWidget   *ds_window_get_compare_panel  (DsWindow *self);

G_END_DECLS
