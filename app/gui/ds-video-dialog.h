/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-video-dialog.h: Export Replay as Video: format, range, step and size,
 * a file chooser, then the encoding in a thread with a progress bar. */
#pragma once

#include <adwaita.h>

#include "ds-video-export.h"
#include "ds-window.h"

G_BEGIN_DECLS

#define DS_TYPE_VIDEO_DIALOG (ds_video_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DsVideoDialog, ds_video_dialog, DS, VIDEO_DIALOG, AdwWindow)

/* The range starts as the window's timeline; the scenario, positions and
 * theme are the window's when the export starts. */
DsVideoDialog *ds_video_dialog_new          (DsWindow       *window);

/* What the rows hold; FALSE with a message when a date does not parse. */
gboolean       ds_video_dialog_get_options  (DsVideoDialog  *self,
                                             DsVideoOptions *opts,
                                             GError        **error);
void           ds_video_dialog_set_range    (DsVideoDialog  *self,
                                             DsDate          from,
                                             DsDate          to);
void           ds_video_dialog_set_size     (DsVideoDialog  *self,
                                             int             width,
                                             int             height);
void           ds_video_dialog_set_format   (DsVideoDialog  *self,
                                             DsVideoFormat   format);

/* Starts writing `path` (what the file chooser's answer does); FALSE with
 * the error shown in the dialog when the options or the encoder are wrong. */
gboolean       ds_video_dialog_start        (DsVideoDialog  *self,
                                             const char     *path,
                                             GError        **error);
gboolean       ds_video_dialog_get_running  (DsVideoDialog  *self);
/* Frames handed to the encoder so far, of how many. */
void           ds_video_dialog_get_progress (DsVideoDialog  *self,
                                             guint          *done,
                                             guint          *n_frames);
/* The Cancel button while running: stops, deletes the partial file. */
void           ds_video_dialog_cancel       (DsVideoDialog  *self);
/* The error of the last run (cancellation included), or NULL. */
const GError  *ds_video_dialog_get_error    (DsVideoDialog  *self);

G_END_DECLS
