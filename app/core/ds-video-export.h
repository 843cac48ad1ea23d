/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-video-export.h: the replay of a scenario as a video (WebM, MP4, GIF):
 * every frame drawn by the graph renderer, encoded by GStreamer. */
#pragma once

#include <gio/gio.h>

#include "ds-landscape.h"
#include "ds-replay.h"
#include "ds-theme.h"

G_BEGIN_DECLS

#define DS_VIDEO_ERROR (ds_video_error_quark ())
GQuark ds_video_error_quark (void);

typedef enum {
  DS_VIDEO_ERROR_INVALID,     /* bad range, step, size or rate */
  DS_VIDEO_ERROR_NO_ENCODER,  /* the GStreamer element of the format is not installed */
  DS_VIDEO_ERROR_ENCODE,      /* GStreamer failed while encoding or writing */
  DS_VIDEO_ERROR_WRITE,       /* the file or its folder cannot be written */
} DsVideoError;

typedef enum {
  DS_VIDEO_WEBM,   /* vp8enc ! webmmux */
  DS_VIDEO_MP4,    /* x264enc (or openh264enc) ! mp4mux */
  DS_VIDEO_GIF,    /* gifenc, or avenc_gif ! avmux_gif */
} DsVideoFormat;

/* "webm", "mp4", "gif"; FALSE for anything else. */
gboolean    ds_video_format_from_string (const char    *name,
                                         DsVideoFormat *out_format);
/* From the extension of a path (.webm, .mp4, .gif). */
gboolean    ds_video_format_from_path   (const char    *path,
                                         DsVideoFormat *out_format);
const char *ds_video_format_to_string   (DsVideoFormat  format);
/* TRUE when GStreamer has the elements the format needs; otherwise FALSE
 * with DS_VIDEO_ERROR_NO_ENCODER naming the element and Debian package. */
gboolean    ds_video_format_available   (DsVideoFormat  format,
                                         GError       **error);

#define DS_VIDEO_DEFAULT_WIDTH  1920
#define DS_VIDEO_DEFAULT_HEIGHT 1080
/* Frames (dates) a second: 2 shows each month for half a second, long
 * enough to read the caption's list of new deals, short enough that five
 * years play in half a minute. */
#define DS_VIDEO_DEFAULT_FPS    2

typedef struct {
  DsIndex        scenario;   /* DS_NONE: the landscape with default assumptions */
  DsDate         from, to;   /* the first and the last period shown (any precision) */
  DsReplayStep   step;       /* month, quarter or year */
  int            width, height; /* pixels, even (H.264 needs it), 16 to 7680 */
  int            fps;        /* frames (= dates) per second, 1 to 60 */
  DsVideoFormat  format;
  const DsTheme *theme;      /* NULL: light */
  /* One position per entity, laid out once by the caller: every frame has
   * the nodes in the same place, and the camera is fixed on the last
   * frame's extent, so nothing jumps between frames. */
  const double  *x, *y;
  double         node_scale; /* as DsSceneOptions.node_scale */
  gboolean       no_labels;  /* no names of nodes and deals (the caption and list stay) */
} DsVideoOptions;

void ds_video_options_init (DsVideoOptions *opts);

/* Called after frame `frame` (1-based) of n_frames has been handed to the
 * encoder; from the thread that runs ds_video_export_run. */
typedef void (*DsVideoProgressFunc) (guint    frame,
                                     guint    n_frames,
                                     gpointer user_data);

typedef struct {
  guint  n_frames;
  double total_seconds;   /* the whole run, file renamed */
  double draw_seconds;    /* replay, scene and cairo drawing of all frames */
  double encode_seconds;  /* the rest: pushing into and draining GStreamer */
} DsVideoStats;

typedef struct _DsVideoExport DsVideoExport;

/* Checks the options and the encoder, and works out the frame dates; the
 * landscape is referenced and must not change while the export runs. */
DsVideoExport *ds_video_export_new          (DsLandscape          *landscape,
                                             const DsVideoOptions *opts,
                                             GError              **error);
void           ds_video_export_free         (DsVideoExport        *self);
guint          ds_video_export_get_n_frames (DsVideoExport        *self);
/* The date of frame i (the last day of its period). */
DsDate         ds_video_export_get_date     (DsVideoExport        *self,
                                             guint                 i);
/* Draws frame i (with its caption) onto an image surface of the video's
 * size, as it goes into the encoder; what tests and previews look at.
 * Frames must be asked for in increasing order between runs (the replay
 * only moves forward cheaply). */
cairo_surface_t *ds_video_export_draw_frame (DsVideoExport        *self,
                                             guint                 i);

/* The words of frame i: the caption, the list's title, then one line per
 * deal announced or closed in its period (largest first), or one line
 * saying there was none. Same ordering rule as draw_frame. */
char         **ds_video_export_get_frame_text (DsVideoExport      *self,
                                               guint               i);

/* Draws and encodes every frame into `path`: written to a temporary file
 * in the same folder and renamed over `path` at the end; cancelled (see
 * G_IO_ERROR_CANCELLED) or failed, the temporary file is deleted and
 * `path` left as it was. stats may be NULL. Blocks; run it in a thread to
 * keep a window responsive. */
gboolean       ds_video_export_run          (DsVideoExport        *self,
                                             const char           *path,
                                             DsVideoProgressFunc   progress,
                                             gpointer              user_data,
                                             GCancellable         *cancellable,
                                             DsVideoStats         *stats,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsVideoExport, ds_video_export_free)

G_END_DECLS
