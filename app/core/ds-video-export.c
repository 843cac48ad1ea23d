/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-video-export.c: owns the replay-to-video path: frame dates, captions of
 * what changed, a fixed camera, and the GStreamer pipeline fed by appsrc. */
#define G_LOG_DOMAIN "ds-video-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include "ds-camera.h"
#include "ds-format.h"
#include "ds-frame-scene.h"
#include "ds-render.h"
#include "ds-scene.h"
#include "ds-video-export.h"

G_DEFINE_QUARK (ds-video-error-quark, ds_video_error)

/* The list panel on the right takes up to this share of the width; the
 * graph is fitted beside it once, for all frames. */
#define LIST_SHARE 0.30
/* Below this many view pixels of height the legend would take most of the
 * frame (it is ~250 px high): small videos go without it. */
#define LEGEND_MIN_HEIGHT 540
/* At most this many frames queued in appsrc before drawing waits: enough
 * to keep two encoder threads busy, little memory at 1080p (8 MB each). */
#define QUEUED_FRAMES 3

struct _DsVideoExport {
  DsLandscape     *landscape;
  DsVideoOptions   opts;
  double          *x, *y;
  DsReplay        *replay;
  GArray          *dates;          /* DsDate: the last day of each frame's period */
  GArray          *starts;         /* DsDate: the first day of each period */
  DsCamera        *camera;         /* fixed on the last frame's extent */
  double           scale;          /* device px per view px */
  guint8          *prev_visible;   /* per view deal, at the previous frame */
  guint8          *prev_pending;
  guint            n_deals;
};

/* --- formats -------------------------------------------------------------- */

static const char *format_names[] = { "webm", "mp4", "gif" };

gboolean
ds_video_format_from_string (const char *name, DsVideoFormat *out_format)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (name, format_names[i]) == 0)
      {
        *out_format = (DsVideoFormat) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
ds_video_format_from_path (const char *path, DsVideoFormat *out_format)
{
  const char *dot = path ? strrchr (path, '.') : NULL;

  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;
  return ds_video_format_from_string (dot + 1, out_format);
}

const char *
ds_video_format_to_string (DsVideoFormat format)
{
  return (guint) format < G_N_ELEMENTS (format_names) ? format_names[format] : "unknown";
}

static gboolean
ensure_gst (GError **error)
{
  static gsize once = 0;
  static gboolean ok = FALSE;
  static char *message = NULL;

  if (g_once_init_enter (&once))
    {
      GError *local = NULL;
      ok = gst_init_check (NULL, NULL, &local);
      if (!ok)
        {
          message = g_strdup (local ? local->message : "unknown error");
          g_clear_error (&local);
        }
      g_once_init_leave (&once, 1);
    }
  if (!ok)
    g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_NO_ENCODER,
                 "GStreamer could not start (%s); check the GStreamer installation (Debian: gstreamer1.0-plugins-base)",
                 message);
  return ok;
}

static gboolean
have (const char *factory)
{
  GstElementFactory *f = gst_element_factory_find (factory);

  if (f == NULL)
    return FALSE;
  gst_object_unref (f);
  return TRUE;
}

/* The encoder (and muxer) a format uses here: NULL when none is installed. */
typedef struct {
  const char *encoder;
  const char *parser;   /* between encoder and muxer, or NULL */
  const char *muxer;    /* NULL: the encoder writes the file format itself */
  const char *raw_format; /* forced before the encoder, or NULL */
} Chain;

static gboolean
pick_chain (DsVideoFormat format, Chain *chain, GError **error)
{
  memset (chain, 0, sizeof *chain);
  if (!ensure_gst (error))
    return FALSE;
  switch (format)
    {
    case DS_VIDEO_WEBM:
      if (have ("vp8enc") && have ("webmmux"))
        {
          *chain = (Chain) { "vp8enc", NULL, "webmmux", "I420" };
          return TRUE;
        }
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_NO_ENCODER,
                   "WebM export needs the GStreamer elements “vp8enc” and “webmmux”, which are not installed; "
                   "install the Debian package gstreamer1.0-plugins-good (or export as mp4)");
      return FALSE;
    case DS_VIDEO_MP4:
      if (have ("mp4mux") && have ("x264enc"))
        {
          /* I420: what browsers and phones play (High 4:4:4 they do not). */
          *chain = (Chain) { "x264enc", NULL, "mp4mux", "I420" };
          return TRUE;
        }
      if (have ("mp4mux") && have ("openh264enc") && have ("h264parse"))
        {
          *chain = (Chain) { "openh264enc", "h264parse", "mp4mux", "I420" };
          return TRUE;
        }
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_NO_ENCODER,
                   "MP4 export needs the GStreamer H.264 encoder “x264enc” (or “openh264enc” with “h264parse”) and "
                   "“mp4mux”; %s%sinstall the Debian packages gstreamer1.0-plugins-ugly (x264enc) and "
                   "gstreamer1.0-plugins-good (mp4mux), or export as webm",
                   have ("mp4mux") ? "" : "“mp4mux” is missing; ",
                   have ("x264enc") || have ("openh264enc") ? "" : "no H.264 encoder is installed; ");
      return FALSE;
    case DS_VIDEO_GIF:
      if (have ("gifenc"))
        {
          *chain = (Chain) { "gifenc", NULL, NULL, NULL };
          return TRUE;
        }
      if (have ("avenc_gif") && have ("avmux_gif"))
        {
          *chain = (Chain) { "avenc_gif", NULL, "avmux_gif", "RGB8P" };
          return TRUE;
        }
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_NO_ENCODER,
                   "GIF export needs the GStreamer element “gifenc” (gst-plugins-rs) or “avenc_gif” with “avmux_gif” "
                   "(gstreamer1.0-libav built with FFmpeg's GIF encoder); neither is installed (Debian 12's "
                   "gstreamer1.0-libav leaves the GIF encoder out): export as webm or mp4");
      return FALSE;
    }
  g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_INVALID, "unknown video format %d", (int) format);
  return FALSE;
}

gboolean
ds_video_format_available (DsVideoFormat format, GError **error)
{
  Chain chain;
  return pick_chain (format, &chain, error);
}

/* --- options and frame dates ---------------------------------------------- */

void
ds_video_options_init (DsVideoOptions *opts)
{
  memset (opts, 0, sizeof *opts);
  opts->scenario = DS_NONE;
  opts->step = DS_REPLAY_STEP_MONTH;
  opts->width = DS_VIDEO_DEFAULT_WIDTH;
  opts->height = DS_VIDEO_DEFAULT_HEIGHT;
  opts->fps = DS_VIDEO_DEFAULT_FPS;
  opts->format = DS_VIDEO_WEBM;
}

static int
step_months (DsReplayStep step)
{
  switch (step)
    {
    case DS_REPLAY_STEP_MONTH: return 1;
    case DS_REPLAY_STEP_QUARTER: return 3;
    case DS_REPLAY_STEP_YEAR: return 12;
    default: return 0;
    }
}

/* The first day of the period of `date` at the step: the month, the
 * calendar quarter or the year, so captions can name it ("Q2 2025"). */
static DsDate
period_start (DsDate date, DsReplayStep step)
{
  DsDate d = ds_date_first_day (date);
  int y = DS_DATE_YEAR (d), m = DS_DATE_MONTH (d);

  if (step == DS_REPLAY_STEP_QUARTER)
    m = (m - 1) / 3 * 3 + 1;
  else if (step == DS_REPLAY_STEP_YEAR)
    m = 1;
  return y * 10000 + m * 100 + 1;
}

static char *
period_name (DsDate start, DsReplayStep step)
{
  int y = DS_DATE_YEAR (start), m = DS_DATE_MONTH (start);

  if (step == DS_REPLAY_STEP_QUARTER)
    return g_strdup_printf ("Q%d %d", (m - 1) / 3 + 1, y);
  if (step == DS_REPLAY_STEP_YEAR)
    return g_strdup_printf ("%d", y);
  return ds_format_date_short (y * 10000 + m * 100);
}

static DsDate
day_before (DsDate date)
{
  return ds_date_from_days (ds_date_to_days (date) - 1);
}

/* --- drawing -------------------------------------------------------------- */

typedef struct {
  guint  deal;
  double amount;
  gboolean closed;  /* was pending, is done now */
} Change;

static int
change_cmp (gconstpointer a, gconstpointer b)
{
  const Change *ca = a, *cb = b;
  double x = ds_is_set (ca->amount) ? ca->amount : -1, y = ds_is_set (cb->amount) ? cb->amount : -1;

  if (x != y)
    return x > y ? -1 : 1;
  return ca->deal < cb->deal ? -1 : ca->deal > cb->deal;
}

static DsScene *
build_scene (DsVideoExport *self, const DsFrameSnapshot *snapshot)
{
  DsSceneOptions so;

  ds_scene_options_init (&so);
  so.node_scale = self->opts.node_scale;
  return ds_frame_scene_build (self->landscape, snapshot, self->x, self->y, &so);
}

/* The camera of every frame: the graph of the last frame (the largest:
 * entities and deals only appear as time goes on) fitted below the
 * caption, above the legend and left of the list, as ds_render_graph_page
 * fits one page, but once. */
static void
fix_camera (DsVideoExport *self)
{
  guint last = self->dates->len - 1;
  DsDate date = g_array_index (self->dates, DsDate, last);
  g_autoptr(DsFrameSnapshot) snapshot = ds_frame_snapshot_new (ds_replay_get_view (self->replay),
                                                               ds_replay_seek (self->replay, date));
  g_autoptr(DsScene) scene = build_scene (self, snapshot);
  const DsTheme *theme = self->opts.theme;
  double w = self->opts.width / self->scale, h = self->opts.height / self->scale;
  double top = theme->title_size * 1.8, right = w * LIST_SHARE, lw = 0, lh = 0, cx, cy;
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
  cairo_t *cr = cairo_create (probe);

  if (h >= LEGEND_MIN_HEIGHT)
    ds_render_legend_size (cr, scene, theme, w, &lw, &lh);
  cairo_destroy (cr);
  cairo_surface_destroy (probe);
  self->camera = ds_camera_new ();
  ds_camera_set_viewport_size (self->camera, MAX (w - right, 1), MAX (h - top - lh, 1));
  ds_camera_fit_bounds (self->camera, scene->x0, scene->y0, scene->x1, scene->y1, 30);
  ds_camera_get_center (self->camera, &cx, &cy);
  ds_camera_set_viewport_size (self->camera, w, h);
  ds_camera_set_center (self->camera, cx + right / 2 / ds_camera_get_zoom (self->camera),
                        cy - (top - lh) / 2 / ds_camera_get_zoom (self->camera));
  ds_replay_reset (self->replay);
}

static void
remember (DsVideoExport *self, const DsFrame *frame)
{
  memcpy (self->prev_visible, frame->deal_visible, self->n_deals);
  memcpy (self->prev_pending, frame->deal_pending, self->n_deals);
}

/* The list of the frame: deals announced or closed in its period, the
 * largest first, "Microsoft → OpenAI, $10B equity". */
static GPtrArray *
change_lines (DsVideoExport *self, const DsFrameSnapshot *snap, const DsFrame *frame)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k < self->n_deals; k++)
    {
      gboolean is_new = frame->deal_visible[k] && !self->prev_visible[k];
      gboolean closed = frame->deal_visible[k] && self->prev_visible[k] && self->prev_pending[k]
                        && !frame->deal_pending[k];
      if (is_new || closed)
        {
          Change c = { k, snap->deals[k].amount_usd, closed };
          g_array_append_val (changes, c);
        }
    }
  g_array_sort (changes, change_cmp);
  for (guint i = 0; i < changes->len; i++)
    {
      const Change *c = &g_array_index (changes, Change, i);
      const DsDeal *d = &snap->deals[c->deal];
      g_autofree char *amount = ds_is_set (d->amount_usd) ? ds_format_usd (d->amount_usd) : g_strdup ("undisclosed");
      const char *pending = !c->closed && frame->deal_pending[c->deal] ? ", pending" : "";

      g_ptr_array_add (lines, g_strdup_printf ("%s → %s, %s %s%s%s", ds_landscape_entity (self->landscape, d->investor)->name,
                                               ds_landscape_entity (self->landscape, d->target)->name, amount,
                                               ds_scene_instrument_label (d->instrument), pending,
                                               c->closed ? " (closed)" : ""));
    }
  if (lines->len == 0)
    g_ptr_array_add (lines, g_strdup ("No deal announced or closed."));
  return lines;
}

/* Seeks frame i and works out its words: the caption and the list of
 * what changed; the snapshot is the frame's, for the scene. */
static DsFrameSnapshot *
frame_text (DsVideoExport *self, guint i, char **out_caption, char **out_title, GPtrArray **out_lines)
{
  DsDate start = g_array_index (self->starts, DsDate, i);
  DsDate date = g_array_index (self->dates, DsDate, i);
  g_autofree char *when = period_name (start, self->opts.step);
  DsFrameSnapshot *snapshot;
  const DsFrame *frame;

  /* The state just before the period, then at its end: what changed. */
  remember (self, ds_replay_seek (self->replay, day_before (start)));
  frame = ds_replay_seek (self->replay, date);
  snapshot = ds_frame_snapshot_new (ds_replay_get_view (self->replay), frame);
  *out_lines = change_lines (self, snapshot, frame);
  *out_caption = self->opts.scenario == DS_NONE
                 ? g_strdup_printf ("AI investment landscape, %s", when)
                 : g_strdup_printf ("AI investment landscape, %s, scenario %s", when,
                                    ds_landscape_scenario (self->landscape, self->opts.scenario)->name);
  *out_title = g_strdup_printf ("Deals of %s", when);
  return snapshot;
}

char **
ds_video_export_get_frame_text (DsVideoExport *self, guint i)
{
  g_autoptr(DsFrameSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *caption = NULL, *title = NULL;
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->dates->len, NULL);

  snapshot = frame_text (self, i, &caption, &title, &lines);
  out = g_ptr_array_new ();
  g_ptr_array_add (out, g_steal_pointer (&caption));
  g_ptr_array_add (out, g_steal_pointer (&title));
  for (guint k = 0; k < lines->len; k++)
    g_ptr_array_add (out, g_strdup (lines->pdata[k]));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static void
draw_frame (DsVideoExport *self, cairo_t *cr, guint i)
{
  g_autoptr(DsFrameSnapshot) snapshot = NULL;
  g_autoptr(DsScene) scene = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *caption = NULL, *title = NULL;
  DsRenderOptions ro;

  snapshot = frame_text (self, i, &caption, &title, &lines);
  scene = build_scene (self, snapshot);
  ds_render_options_init (&ro);
  ro.caption = caption;
  ro.list_title = title;
  ro.list_lines = (const char *const *) lines->pdata;
  ro.n_list_lines = lines->len;
  ro.show_labels = ro.show_edge_labels = !self->opts.no_labels;
  ro.show_legend = self->opts.height / self->scale >= LEGEND_MIN_HEIGHT;

  cairo_save (cr);
  cairo_scale (cr, self->scale, self->scale);
  ds_render_graph (cr, scene, self->camera, self->opts.theme, &ro);
  cairo_restore (cr);
}

cairo_surface_t *
ds_video_export_draw_frame (DsVideoExport *self, guint i)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->dates->len, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, self->opts.width, self->opts.height);
  cr = cairo_create (surface);
  draw_frame (self, cr, i);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* --- the export object ---------------------------------------------------- */

DsVideoExport *
ds_video_export_new (DsLandscape *landscape, const DsVideoOptions *opts, GError **error)
{
  g_autoptr(DsVideoExport) self = NULL;
  g_autoptr(DsReplay) replay = NULL;
  guint n = ds_landscape_n_entities (landscape);
  int months = step_months (opts->step);
  char a[11], b[11];
  Chain chain;

  g_return_val_if_fail (landscape != NULL, NULL);
  g_return_val_if_fail (opts != NULL, NULL);

  if (months == 0)
    {
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_INVALID,
                   "a video steps by month, quarter or year (days and weeks would make hundreds of near-identical frames)");
      return NULL;
    }
  if (opts->from == DS_DATE_NONE || opts->to == DS_DATE_NONE
      || ds_date_to_days (ds_date_first_day (opts->from)) > ds_date_to_days (ds_date_last_day (opts->to)))
    {
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_INVALID,
                   "a video needs a start and an end, the start not after the end (from %s to %s)",
                   opts->from ? ds_date_format (opts->from, a) : "none", opts->to ? ds_date_format (opts->to, b) : "none");
      return NULL;
    }
  if (opts->width < 16 || opts->height < 16 || opts->width > 7680 || opts->height > 7680
      || opts->width % 2 || opts->height % 2)
    {
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_INVALID,
                   "a video of %d × %d pixels cannot be made: use even sizes from 16 to 7680 (1920 × 1080 is Full HD)",
                   opts->width, opts->height);
      return NULL;
    }
  if (opts->fps < 1 || opts->fps > 60)
    {
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_INVALID,
                   "%d frames a second is out of range: use 1 to 60 (each frame is one date; 2 shows a date for half a second)",
                   opts->fps);
      return NULL;
    }
  if (opts->x == NULL || opts->y == NULL)
    {
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_INVALID, "a video needs the positions of the nodes");
      return NULL;
    }
  if (!pick_chain (opts->format, &chain, error))
    return NULL;
  if ((replay = ds_replay_new (landscape, opts->scenario, error)) == NULL)
    return NULL;

  self = g_new0 (DsVideoExport, 1);
  self->landscape = ds_landscape_ref (landscape);
  self->opts = *opts;
  if (self->opts.theme == NULL)
    self->opts.theme = ds_theme_get ("light");
  self->x = g_memdup2 (opts->x, sizeof (double) * MAX (n, 1));
  self->y = g_memdup2 (opts->y, sizeof (double) * MAX (n, 1));
  self->opts.x = self->x;
  self->opts.y = self->y;
  self->replay = g_steal_pointer (&replay);
  self->dates = g_array_new (FALSE, FALSE, sizeof (DsDate));
  self->starts = g_array_new (FALSE, FALSE, sizeof (DsDate));
  /* Text a little larger on big frames: the theme's sizes are for a
   * 1000 px high window. */
  self->scale = CLAMP (opts->height / 1000.0, 1.0, 4.0);
  {
    DsDate start = period_start (opts->from, opts->step);
    gint32 end = ds_date_to_days (ds_date_last_day (opts->to));

    for (int k = 0; ds_date_to_days (start) <= end; k++)
      {
        DsDate next = ds_date_add_months (start, months);
        DsDate last = day_before (next);
        g_array_append_val (self->starts, start);
        g_array_append_val (self->dates, last);
        start = next;
        if (self->dates->len > 10000)
          {
            g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_INVALID,
                         "from %s to %s is more than 10,000 frames: use a larger step or a shorter range",
                         ds_date_format (opts->from, a), ds_date_format (opts->to, b));
            return NULL;
          }
      }
  }
  self->n_deals = ds_replay_get_view (self->replay)->deals->len;
  self->prev_visible = g_new0 (guint8, MAX (self->n_deals, 1));
  self->prev_pending = g_new0 (guint8, MAX (self->n_deals, 1));
  fix_camera (self);
  return g_steal_pointer (&self);
}

void
ds_video_export_free (DsVideoExport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->replay, ds_replay_free);
  g_clear_pointer (&self->landscape, ds_landscape_unref);
  g_clear_object (&self->camera);
  if (self->dates)
    g_array_unref (self->dates);
  if (self->starts)
    g_array_unref (self->starts);
  g_free (self->x);
  g_free (self->y);
  g_free (self->prev_visible);
  g_free (self->prev_pending);
  g_free (self);
}

guint
ds_video_export_get_n_frames (DsVideoExport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->dates->len;
}

DsDate
ds_video_export_get_date (DsVideoExport *self, guint i)
{
  g_return_val_if_fail (self != NULL && i < self->dates->len, DS_DATE_NONE);
  return g_array_index (self->dates, DsDate, i);
}

/* --- the pipeline --------------------------------------------------------- */

static GstElement *
make (const char *factory, GError **error)
{
  GstElement *e = gst_element_factory_make (factory, NULL);

  if (e == NULL)
    g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_NO_ENCODER,
                 "the GStreamer element “%s” could not be created; check the GStreamer plugins installed", factory);
  return e;
}

/* Encoder settings that make five years of 1080p frames in a few seconds
 * on two cores and keep the labels sharp: about half a bit per pixel per
 * frame (the frames differ little, so most of it goes to the text). */
static void
tune_encoder (GstElement *enc, const char *factory, const DsVideoOptions *o)
{
  guint64 bits = (guint64) o->width * o->height * o->fps / 2;
  g_autofree char *bps = g_strdup_printf ("%" G_GUINT64_FORMAT, MAX (bits, 100000));
  g_autofree char *kbps = g_strdup_printf ("%" G_GUINT64_FORMAT, MAX (bits / 1000, 100));
  g_autofree char *keys = g_strdup_printf ("%d", o->fps * 5);

  if (g_str_equal (factory, "vp8enc"))
    {
      gst_util_set_object_arg (G_OBJECT (enc), "deadline", "1");   /* realtime */
      gst_util_set_object_arg (G_OBJECT (enc), "cpu-used", "16");
      gst_util_set_object_arg (G_OBJECT (enc), "threads", "2");
      gst_util_set_object_arg (G_OBJECT (enc), "target-bitrate", bps);
      gst_util_set_object_arg (G_OBJECT (enc), "keyframe-max-dist", keys);
    }
  else if (g_str_equal (factory, "x264enc"))
    {
      gst_util_set_object_arg (G_OBJECT (enc), "speed-preset", "veryfast");
      gst_util_set_object_arg (G_OBJECT (enc), "tune", "stillimage");
      gst_util_set_object_arg (G_OBJECT (enc), "threads", "2");
      gst_util_set_object_arg (G_OBJECT (enc), "bitrate", kbps);
      gst_util_set_object_arg (G_OBJECT (enc), "key-int-max", keys);
    }
  else if (g_str_equal (factory, "openh264enc"))
    gst_util_set_object_arg (G_OBJECT (enc), "bitrate", bps);
}

static gboolean
bus_error (GstBus *bus, GstClockTime timeout, const char *path, GError **error)
{
  g_autoptr(GstMessage) msg = gst_bus_timed_pop_filtered (bus, timeout, GST_MESSAGE_ERROR);
  g_autoptr(GError) gerr = NULL;
  g_autofree char *debug = NULL;

  if (msg == NULL)
    return FALSE;
  gst_message_parse_error (msg, &gerr, &debug);
  g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_ENCODE, "writing the video “%s”: %s in GStreamer element “%s”",
               path, gerr->message, GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)));
  return TRUE;
}

static void
wrapped_surface_free (gpointer surface)
{
  cairo_surface_destroy (surface);
}

gboolean
ds_video_export_run (DsVideoExport       *self,
                     const char          *path,
                     DsVideoProgressFunc  progress,
                     gpointer             user_data,
                     GCancellable        *cancellable,
                     DsVideoStats        *stats,
                     GError             **error)
{
  const DsVideoOptions *o;
  g_autofree char *dir = NULL, *base = NULL, *tmpl_name = NULL, *tmp_path = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *src, *convert, *filter, *enc, *parse = NULL, *mux = NULL, *sink;
  GstCaps *caps;
  Chain chain;
  gint64 t0 = g_get_monotonic_time (), draw_us = 0;
  guint64 frame_bytes, max_bytes;
  gboolean ok = FALSE;
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  o = &self->opts;

  if (!pick_chain (o->format, &chain, error))
    return FALSE;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_WRITE, "cannot write the video to “%s”: it is a folder; give a file name",
                   path);
      return FALSE;
    }
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmpl_name = g_strdup_printf (".%s.XXXXXX", base);
  tmp_path = g_build_filename (dir, tmpl_name, NULL);
  if ((fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0)
    {
      int errsv = errno;
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_WRITE,
                   "cannot write the video “%s”: %s (creating a temporary file in “%s”); choose a folder you can write to",
                   path, g_strerror (errsv), dir);
      return FALSE;
    }
  close (fd);

  pipeline = gst_object_ref_sink (gst_pipeline_new ("ds-video"));
  if ((src = make ("appsrc", error)) == NULL || (convert = make ("videoconvert", error)) == NULL
      || (filter = make ("capsfilter", error)) == NULL || (enc = make (chain.encoder, error)) == NULL
      || (chain.parser && (parse = make (chain.parser, error)) == NULL)
      || (chain.muxer && (mux = make (chain.muxer, error)) == NULL) || (sink = make ("filesink", error)) == NULL)
    goto out;
  gst_bin_add_many (GST_BIN (pipeline), src, convert, filter, enc, sink, NULL);
  if (parse)
    gst_bin_add (GST_BIN (pipeline), parse);
  if (mux)
    gst_bin_add (GST_BIN (pipeline), mux);

  caps = gst_caps_new_simple ("video/x-raw",
                              /* cairo's RGB24 is a native-endian 32-bit xRGB word */
                              "format", G_TYPE_STRING, G_BYTE_ORDER == G_LITTLE_ENDIAN ? "BGRx" : "xRGB",
                              "width", G_TYPE_INT, o->width, "height", G_TYPE_INT, o->height,
                              "framerate", GST_TYPE_FRACTION, o->fps, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  frame_bytes = (guint64) cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, o->width) * o->height;
  max_bytes = frame_bytes * QUEUED_FRAMES;
  g_object_set (src, "caps", caps, "format", GST_FORMAT_TIME, "stream-type", 0 /* stream */, NULL);
  gst_caps_unref (caps);
  if (chain.raw_format)
    {
      caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, chain.raw_format, NULL);
      g_object_set (filter, "caps", caps, NULL);
      gst_caps_unref (caps);
    }
  tune_encoder (enc, chain.encoder, o);
  g_object_set (sink, "location", tmp_path, NULL);
  if (!gst_element_link_many (src, convert, filter, enc, NULL)
      || !gst_element_link_many (enc, parse ? parse : mux ? mux : sink, NULL)
      || (parse && !gst_element_link (parse, mux ? mux : sink))
      || (mux && !gst_element_link (mux, sink)))
    {
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_ENCODE,
                   "cannot write the video “%s”: the GStreamer elements %s%s%s do not connect at %d × %d", path,
                   chain.encoder, chain.muxer ? " and " : "", chain.muxer ? chain.muxer : "", o->width, o->height);
      goto out;
    }
  bus = gst_element_get_bus (pipeline);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (!bus_error (bus, 0, path, error))
        g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_ENCODE,
                     "cannot write the video “%s”: the GStreamer pipeline did not start", path);
      goto out;
    }

  for (guint i = 0; i < self->dates->len; i++)
    {
      cairo_surface_t *surface;
      GstBuffer *buffer;
      GstFlowReturn flow;
      gint64 t;

      /* Wait for the encoder rather than queue the whole video in memory;
       * errors and cancellation are seen while waiting. */
      while (gst_app_src_get_current_level_bytes (GST_APP_SRC (src)) >= max_bytes)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error) || bus_error (bus, 10 * GST_MSECOND, path, error))
            goto out;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error) || bus_error (bus, 0, path, error))
        goto out;
      t = g_get_monotonic_time ();
      surface = ds_video_export_draw_frame (self, i);
      draw_us += g_get_monotonic_time () - t;
      if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_ENCODE, "cannot draw frame %u of “%s”: %s", i + 1, path,
                       cairo_status_to_string (cairo_surface_status (surface)));
          cairo_surface_destroy (surface);
          goto out;
        }
      /* The frame's pixels go to GStreamer as they are, no copy. */
      buffer = gst_buffer_new_wrapped_full (GST_MEMORY_FLAG_READONLY, cairo_image_surface_get_data (surface),
                                            frame_bytes, 0, frame_bytes, surface, wrapped_surface_free);
      GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (i, GST_SECOND, o->fps);
      GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (i + 1, GST_SECOND, o->fps) - GST_BUFFER_PTS (buffer);
      flow = gst_app_src_push_buffer (GST_APP_SRC (src), buffer);
      if (flow != GST_FLOW_OK)
        {
          if (!bus_error (bus, GST_SECOND, path, error))
            g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_ENCODE, "writing the video “%s”: GStreamer refused frame %u (%s)",
                         path, i + 1, gst_flow_get_name (flow));
          goto out;
        }
      if (progress)
        progress (i + 1, self->dates->len, user_data);
    }
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  for (;;)
    {
      g_autoptr(GstMessage) msg = gst_bus_timed_pop_filtered (bus, 50 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (msg == NULL)
        continue;
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
        {
          g_autoptr(GError) gerr = NULL;
          gst_message_parse_error (msg, &gerr, NULL);
          g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_ENCODE, "writing the video “%s”: %s in GStreamer element “%s”",
                       path, gerr->message, GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)));
          goto out;
        }
      break;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (g_rename (tmp_path, path) != 0)
    {
      int errsv = errno;
      g_set_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_WRITE, "cannot write the video “%s”: %s (renaming the finished file into place)",
                   path, g_strerror (errsv));
      goto out;
    }
  ok = TRUE;
  if (stats)
    {
      stats->n_frames = self->dates->len;
      stats->total_seconds = (g_get_monotonic_time () - t0) / 1e6;
      stats->draw_seconds = draw_us / 1e6;
      stats->encode_seconds = stats->total_seconds - stats->draw_seconds;
    }

out:
  if (pipeline)
    gst_element_set_state (pipeline, GST_STATE_NULL);
  if (!ok)
    g_unlink (tmp_path);
  return ok;
}
