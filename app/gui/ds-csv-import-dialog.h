/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-csv-import-dialog.h: Import… of a funding spreadsheet: a preview of the
 * first rows, the column mapping, and the import with progress and cancel. */
#pragma once

#include <adwaita.h>

#include "ds-csv-import.h"
#include "ds-window.h"

G_BEGIN_DECLS

#define DS_TYPE_CSV_IMPORT_DIALOG (ds_csv_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DsCsvImportDialog, ds_csv_import_dialog, DS, CSV_IMPORT_DIALOG, AdwWindow)

/* Reads the preview of `path` at once; the import merges into `window`'s
 * document (ds_window_merge_landscape) and closes the dialog. */
DsCsvImportDialog *ds_csv_import_dialog_new (DsWindow   *window,
                                             const char *path);

/* What the controls do, for tests: the column shown for a field (NULL for
 * none), choosing one (NULL: none), the skip switch, Import and Cancel. */
const char *ds_csv_import_dialog_get_column       (DsCsvImportDialog *self,
                                                   DsCsvField         field);
void        ds_csv_import_dialog_set_column       (DsCsvImportDialog *self,
                                                   DsCsvField         field,
                                                   const char        *column);
void        ds_csv_import_dialog_set_skip_bad_rows (DsCsvImportDialog *self,
                                                    gboolean           skip);
void        ds_csv_import_dialog_start            (DsCsvImportDialog *self);
void        ds_csv_import_dialog_cancel           (DsCsvImportDialog *self);
gboolean    ds_csv_import_dialog_is_running       (DsCsvImportDialog *self);
/* Rows in the preview table. */
guint       ds_csv_import_dialog_get_n_preview_rows (DsCsvImportDialog *self);
/* The problems or the failure shown in the dialog, "" when none. */
const char *ds_csv_import_dialog_get_report       (DsCsvImportDialog *self);

G_END_DECLS
