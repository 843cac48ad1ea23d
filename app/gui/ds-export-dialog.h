/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-export-dialog.h: the Export dialog: which view, which format, what
 * size, then a file chooser. */
#pragma once

#include <adwaita.h>

#include "ds-window.h"

G_BEGIN_DECLS

#define DS_TYPE_EXPORT_DIALOG (ds_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DsExportDialog, ds_export_dialog, DS, EXPORT_DIALOG, AdwWindow)

/* view: "graph" or "valuation", the one offered first. */
DsExportDialog *ds_export_dialog_new (DsWindow   *window,
                                      const char *view);

GtkWidget   *ds_export_dialog_size_row (const char *title,
                                        int         value,
                                        int         min,
                                        int         max,
                                        int         step,
                                        GtkWidget **spin);

char        *ds_export_dialog_chosen_path (GtkFileChooser *chooser);
void         ds_export_dialog_open_in_last_folder (GtkFileChooser *chooser,
                                                   GUserDirectory  fallback);

G_END_DECLS
