/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-store.h: the Dealscape document, an SQLite file: schema versions and
 * migrations, loading the landscape, and every write as one transaction. */
#pragma once

#include <gio/gio.h>

#include "ds-landscape.h"

G_BEGIN_DECLS

#define DS_STORE_ERROR (ds_store_error_quark ())
GQuark ds_store_error_quark (void);

typedef enum {
  DS_STORE_ERROR_NOT_FOUND,      /* no such file (and not asked to create it) */
  DS_STORE_ERROR_NOT_DEALSCAPE,  /* a file, or an SQLite database, that is not ours */
  DS_STORE_ERROR_TOO_NEW,        /* written by a newer Dealscape */
  DS_STORE_ERROR_CORRUPT,        /* damaged database */
  DS_STORE_ERROR_BUSY,           /* another process holds the write lock */
  DS_STORE_ERROR_IO,             /* any other SQLite or file failure */
  DS_STORE_ERROR_INVALID,        /* an edit that the model refuses */
} DsStoreError;

/* PRAGMA application_id of every Dealscape document: "DSCP". */
#define DS_STORE_APPLICATION_ID 0x44534350
/* PRAGMA user_version this build writes. */
#define DS_STORE_SCHEMA_VERSION 6

typedef enum {
  DS_STORE_OPEN_DEFAULT   = 0,
  DS_STORE_OPEN_CREATE    = 1 << 0, /* create an empty document when the file is missing */
  DS_STORE_OPEN_READ_ONLY = 1 << 1,
} DsStoreOpenFlags;

#define DS_TYPE_STORE (ds_store_get_type ())
G_DECLARE_FINAL_TYPE (DsStore, ds_store, DS, STORE, GObject)

/* Checks that an existing file is a Dealscape document of a version we can
 * read before anything is written to it; a refused file is left unchanged. */
DsStore     *ds_store_open          (const char       *path,
                                     DsStoreOpenFlags  flags,
                                     GError          **error);
const char  *ds_store_get_path      (DsStore *self);
/* TRUE when the document holds no landscape yet (just created). */
gboolean     ds_store_is_empty      (DsStore *self);

DsLandscape *ds_store_load          (DsStore  *self,
                                     GError  **error);

/* ds_store_open (DEFAULT) and ds_store_load on a worker thread (a million
 * deals take a second or more to read); callback runs in the caller's main
 * context. A cancelled call completes at once with G_IO_ERROR_CANCELLED,
 * its read finishing and dropped on the worker. */
void         ds_store_open_and_load_async  (const char          *path,
                                            gpointer             source_object,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Both (transfer full), or FALSE with the error. */
gboolean     ds_store_open_and_load_finish (GAsyncResult  *result,
                                            DsStore      **store,
                                            DsLandscape  **landscape,
                                            GError       **error);
/* Replaces the whole landscape (sources ... scenarios) in one transaction,
 * and clears the edit log in it: the old edits name rows of the replaced
 * landscape. For a new document, and tests; a user's import goes through
 * ds_store_import, which undo can take back. */
gboolean     ds_store_replace_all   (DsStore     *self,
                                     DsLandscape *landscape,
                                     GError     **error);

/* How many imports undo can reach back across: the edit log keeps the
 * landscapes before and after the last ones only (each is a copy of every
 * row of the landscape), and stops at an older import. */
#define DS_STORE_UNDOABLE_IMPORTS 3
/* Replaces the whole landscape as ds_store_replace_all does, but as an edit:
 * in the same transaction the rows it replaces are kept as a snapshot and an
 * edit log row (target import, target_id `source`, "crunchbase.csv") is
 * appended after the applied edits, dropping the redo tail, so that
 * DsEditLog's undo puts the old landscape back and redo this one. The
 * scenarios go and come back with their landscape; positions, kept by
 * entity id, are left as they are. */
gboolean     ds_store_import        (DsStore     *self,
                                     DsLandscape *landscape,
                                     const char  *source,
                                     GError     **error);
/* Undo (the landscape before) or redo (after) of the import logged at
 * `seq`, and the log cursor set to `cursor`, in one transaction. At its
 * first undo the landscape the import wrote is kept for redo. Fails with
 * DS_STORE_ERROR_INVALID, nothing changed, for an import older than the last
 * DS_STORE_UNDOABLE_IMPORTS. For DsEditLog. */
gboolean     ds_store_step_import   (DsStore     *self,
                                     gint64       seq,
                                     gboolean     undo,
                                     guint        cursor,
                                     GError     **error);
/* Deletes the edit log rows after `seq` (0: all of them), with the scenario
 * rows and landscape snapshots kept for them, inside the caller's
 * transaction. For DsEditLog. */
gboolean     ds_store_drop_log_after (DsStore    *self,
                                      guint       seq,
                                      GError    **error);
/* Appends edit `cursor` + 1 to the log (values are text, NULL "not set";
 * `scenario` NULL for the landscape itself) and moves the cursor to it,
 * inside the caller's transaction. The rows after `cursor` must be gone
 * first (ds_store_drop_log_after). For DsEditLog. */
gboolean     ds_store_append_log_edit (DsStore    *self,
                                       guint       cursor,
                                       const char *scenario,
                                       const char *target,
                                       const char *target_id,
                                       const char *field,
                                       const char *old_value,
                                       const char *new_value,
                                       GError    **error);
/* Edits 1 .. `cursor` of the log are applied, inside the caller's
 * transaction. For DsEditLog. */
gboolean     ds_store_write_log_cursor (DsStore    *self,
                                        guint       cursor,
                                        GError    **error);

/* Node positions, by entity id. Arrays hold n_entities values of `landscape`;
 * known[i] is set to 1 where the document has a position for entity i. For
 * the landscape the last ds_store_load read with two threads, these are the
 * positions its second thread read in the same snapshot (once; a write or
 * another load drops them). */
gboolean     ds_store_load_positions (DsStore     *self,
                                      DsLandscape *landscape,
                                      double      *x,
                                      double      *y,
                                      guint8      *known,
                                      guint8      *pinned,
                                      GError     **error);
gboolean     ds_store_save_positions (DsStore      *self,
                                      DsLandscape  *landscape,
                                      const double *x,
                                      const double *y,
                                      const guint8 *pinned,
                                      GError      **error);
/* Positions of n entities by id (ids, x, y and pinned: n each), in one
 * transaction; other entities keep theirs. What a drag moved, written
 * without the 400,000 positions of a million-deal document, and from a
 * worker's connection (the window copies the values: no landscape needed). */
gboolean     ds_store_save_positions_of (DsStore           *self,
                                         guint              n,
                                         const char *const *ids,
                                         const double      *x,
                                         const double      *y,
                                         const guint8      *pinned,
                                         GError           **error);

/* Writes one scenario (settings and hypothetical deals) of `landscape`,
 * replacing what the document had under its id, in one transaction. */
gboolean     ds_store_save_scenario   (DsStore     *self,
                                       DsLandscape *landscape,
                                       DsIndex      scenario,
                                       GError     **error);
/* Writes the values (date ... interest_rate) of one landscape deal, by id,
 * in one transaction (or inside the caller's, see ds_store_begin). */
gboolean     ds_store_update_deal     (DsStore     *self,
                                       DsLandscape *landscape,
                                       DsIndex      deal_index,
                                       GError     **error);
gboolean     ds_store_delete_scenario (DsStore     *self,
                                       const char  *scenario_id,
                                       GError     **error);

/* From how many deals ds_store_load reads them with two threads, each on a
 * connection of its own (the document's write lock is held meanwhile, so
 * both see one snapshot; a busy or read-only document is read by one), the
 * second also reading the positions; 0 reads everything on one. The default
 * is DS_STORE_PARALLEL_READ_DEALS. */
#define DS_STORE_PARALLEL_READ_DEALS 100000
void         ds_store_set_parallel_read (DsStore *self,
                                         guint    min_deals);

/* A commit that leaves a write-ahead log of at least this many bytes
 * truncates it once it is copied into the document (a checkpoint). The
 * default is DS_STORE_WAL_SHRINK_BYTES. */
#define DS_STORE_WAL_SHRINK_BYTES (64 * 1024 * 1024)
void         ds_store_set_wal_shrink    (DsStore *self,
                                         gint64   bytes);

/* From how many deals a full read of a laid-out document (ds_store_load
 * with two readers, which holds the write lock) also writes its graph
 * preview when it has none (ds-graph-preview.h); 0: never. The default is
 * DS_STORE_PREVIEW_DEALS, where the window draws the graph as recorded
 * before its replay. */
#define DS_STORE_PREVIEW_DEALS 200000
void         ds_store_set_preview_deals (DsStore *self,
                                         guint    min_deals);
/* Whether ds_store_save_positions also writes the graph preview, when the
 * landscape is the one the last ds_store_load returned and the document has
 * not changed since (positions aside). Off by default: at a million deals it
 * adds 0.3-0.5 s to the save, which a window's drag does on its main thread
 * (the next full read writes the preview anyway, on the reading thread).
 * `dealscape-cli layout --save` turns it on, so that the app's first open
 * after it draws the preview. */
void         ds_store_set_preview_on_save (DsStore  *self,
                                           gboolean  on);

/* The graph preview of the document at `path`, read through a read-only
 * connection of its own (0.2-0.4 s for a million deals, against about
 * twice that for the document):
 * a landscape for drawing only, and its positions (g_free them). NULL
 * without an error when the document has no current preview (none written
 * yet, or dropped by a change since); NULL with one when the file cannot be
 * read or the preview is damaged. The document itself is read as usual. */
DsLandscape *ds_store_read_preview  (const char  *path,
                                     double     **x,
                                     double     **y,
                                     guint8     **pinned,
                                     GError     **error);

/* Default document: $XDG_DATA_HOME/dealscape/landscape.db */
char        *ds_store_default_path  (void);

/* The sqlite3 handle, for modules of the core that add their own tables
 * (scenario edits, undo log). Use transactions through ds_store_begin/commit:
 * they nest, so the store's own writes join a transaction the caller holds;
 * a rollback at any depth undoes all of it. */
struct sqlite3 *ds_store_get_db     (DsStore *self);
gboolean     ds_store_begin         (DsStore *self, GError **error);
gboolean     ds_store_commit        (DsStore *self, GError **error);
void         ds_store_rollback      (DsStore *self);

G_END_DECLS
