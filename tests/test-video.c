/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-video.c: the replay as video: frame dates and captions worked out by
 * hand on the seed landscape, real files encoded by GStreamer and read back
 * by gst-discoverer-1.0 and a decoding pipeline, cancellation, the CLI. */
#define G_LOG_DOMAIN "test-video"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "ds-dataset.h"
#include "ds-scene.h"
#include "ds-test-util.h"
#include "ds-video-export.h"

static DsLandscape *
seed_landscape (void)
{
  g_autoptr(GError) error = NULL;
  DsLandscape *ls = ds_dataset_read_file (g_getenv ("DS_BUNDLED_DATASET"), &error);

  g_assert_no_error (error);
  return ls;
}

typedef struct {
  DsLandscape *ls;
  double      *x, *y;
  char        *dir;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  guint n;

  f->ls = seed_landscape ();
  n = ds_landscape_n_entities (f->ls);
  f->x = g_new (double, n);
  f->y = g_new (double, n);
  ds_scene_placeholder_layout (f->ls, f->x, f->y);
  f->dir = ds_test_make_tmp_dir ("dealscape-video");
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ds_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->x);
  g_free (f->y);
  ds_landscape_unref (f->ls);
}

static void
options_for (Fixture *f, DsVideoOptions *o, const char *from, const char *to, DsReplayStep step)
{
  ds_video_options_init (o);
  g_assert_true (ds_date_parse (from, &o->from, NULL));
  g_assert_true (ds_date_parse (to, &o->to, NULL));
  o->step = step;
  o->width = 320;
  o->height = 180;
  o->x = f->x;
  o->y = f->y;
}

static guint
n_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

/* --- formats and dates ---------------------------------------------------- */

static void
test_format_names (void)
{
  DsVideoFormat f;

  g_assert_true (ds_video_format_from_string ("webm", &f) && f == DS_VIDEO_WEBM);
  g_assert_true (ds_video_format_from_string ("MP4", &f) && f == DS_VIDEO_MP4);
  g_assert_true (ds_video_format_from_string ("gif", &f) && f == DS_VIDEO_GIF);
  g_assert_false (ds_video_format_from_string ("avi", &f));
  g_assert_true (ds_video_format_from_path ("/tmp/a.b/replay.mp4", &f) && f == DS_VIDEO_MP4);
  g_assert_false (ds_video_format_from_path ("/tmp/a.webm/replay", &f));
  g_assert_false (ds_video_format_from_path ("replay.png", &f));
  g_assert_cmpstr (ds_video_format_to_string (DS_VIDEO_WEBM), ==, "webm");
}

static void
check_dates (Fixture *f, const char *from, const char *to, DsReplayStep step, const DsDate *want, guint n_want)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsVideoExport) v = NULL;
  DsVideoOptions o;

  options_for (f, &o, from, to, step);
  v = ds_video_export_new (f->ls, &o, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds_video_export_get_n_frames (v), ==, n_want);
  for (guint i = 0; i < n_want; i++)
    g_assert_cmpint (ds_video_export_get_date (v, i), ==, want[i]);
}

/* Each frame shows the state at the last day of its period; quarters and
 * years are calendar ones, whatever day the range starts on. */
static void
test_dates (Fixture *f, gconstpointer data)
{
  static const DsDate months[] = { 20250131, 20250228, 20250331, 20250430, 20250531, 20250630 };
  static const DsDate leap[] = { 20231231, 20240131, 20240229 };
  static const DsDate quarters[] = { 20250331, 20250630, 20250930, 20251231 };
  static const DsDate years[] = { 20211231, 20221231, 20231231 };

  check_dates (f, "2025-01", "2025-06", DS_REPLAY_STEP_MONTH, months, G_N_ELEMENTS (months));
  check_dates (f, "2023-12-15", "2024-02-01", DS_REPLAY_STEP_MONTH, leap, G_N_ELEMENTS (leap));
  check_dates (f, "2025-02-10", "2025-11", DS_REPLAY_STEP_QUARTER, quarters, G_N_ELEMENTS (quarters));
  check_dates (f, "2021", "2023-06", DS_REPLAY_STEP_YEAR, years, G_N_ELEMENTS (years));
}

static void
test_invalid (Fixture *f, gconstpointer data)
{
  DsVideoOptions o;
  struct { const char *from, *to; DsReplayStep step; int w, h, fps; } bad[] = {
    { "2025-06", "2025-01", DS_REPLAY_STEP_MONTH, 320, 180, 2 },   /* backwards */
    { "2025-01", "2025-06", DS_REPLAY_STEP_WEEK, 320, 180, 2 },    /* too fine */
    { "2025-01", "2025-06", DS_REPLAY_STEP_MONTH, 321, 180, 2 },   /* odd */
    { "2025-01", "2025-06", DS_REPLAY_STEP_MONTH, 8, 8, 2 },       /* tiny */
    { "2025-01", "2025-06", DS_REPLAY_STEP_MONTH, 320, 180, 0 },   /* no rate */
    { "2025-01", "2025-06", DS_REPLAY_STEP_MONTH, 320, 180, 61 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DsVideoExport) v = NULL;

      options_for (f, &o, bad[i].from, bad[i].to, bad[i].step);
      o.width = bad[i].w;
      o.height = bad[i].h;
      o.fps = bad[i].fps;
      v = ds_video_export_new (f->ls, &o, &error);
      g_assert_null (v);
      g_assert_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_INVALID);
    }
}

/* The seed landscape's deals of 2025, by hand from tests/data/seed-landscape.json:
 * Jan: Google → Anthropic $1B (other); Feb: none; Mar 3: Lightspeed →
 * Anthropic $3.5B equity; Mar 31: SoftBank → OpenAI $40B equity (larger,
 * so first); Jul 9: Amazon → Anthropic, a note still negotiating. */
static void
test_captions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsVideoExport) v = NULL;
  DsVideoOptions o;
  static const char *const want[][4] = {
    { "AI investment landscape, Jan 2025", "Deals of Jan 2025", "Google (Alphabet) → Anthropic, $1B deal", NULL },
    { "AI investment landscape, Feb 2025", "Deals of Feb 2025", "No deal announced or closed.", NULL },
    { "AI investment landscape, Mar 2025", "Deals of Mar 2025", "SoftBank → OpenAI, $40B equity",
      "Lightspeed Venture Partners → Anthropic, $3.5B equity" },
  };

  options_for (f, &o, "2025-01", "2025-07", DS_REPLAY_STEP_MONTH);
  v = ds_video_export_new (f->ls, &o, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_auto(GStrv) text = ds_video_export_get_frame_text (v, i);
      guint n = 0;

      while (n < 4 && want[i][n])
        n++;
      g_assert_cmpuint (g_strv_length (text), ==, n);
      for (guint k = 0; k < n; k++)
        g_assert_cmpstr (text[k], ==, want[i][k]);
    }
  {
    g_auto(GStrv) jul = ds_video_export_get_frame_text (v, 6);
    g_assert_cmpstr (jul[0], ==, "AI investment landscape, Jul 2025");
    g_assert_cmpstr (jul[2], ==, "Amazon → Anthropic, undisclosed note, pending");
    g_assert_null (jul[3]);
  }
}

/* --- real files ----------------------------------------------------------- */

/* Runs a program, returns its standard output (NULL when it is missing). */
static char *
run_tool (const char *const *argv, int *status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &wait_status, &error))
    return NULL;
  *status = g_spawn_check_wait_status (wait_status, NULL) ? 0 : 1;
  return out;
}

/* "  Duration: 0:00:03.000000000" -> 3.0 */
static double
discovered_duration (const char *report)
{
  const char *p = strstr (report, "Duration: ");
  int h, m;
  double s;

  g_assert_nonnull (p);
  g_assert_cmpint (sscanf (p, "Duration: %d:%d:%lf", &h, &m, &s), ==, 3);
  return h * 3600 + m * 60 + s;
}

static int
discovered_int (const char *report, const char *key)
{
  g_autofree char *needle = g_strdup_printf ("%s: ", key);
  const char *p = strstr (report, needle);

  g_assert_nonnull (p);
  return atoi (p + strlen (needle));
}

typedef struct {
  guint calls;
  guint last;
  guint n;
  guint cancel_at;
  GCancellable *cancellable;
} Progress;

static void
on_progress (guint frame, guint n_frames, gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (frame, ==, p->last + 1);
  p->calls++;
  p->last = frame;
  p->n = n_frames;
  if (p->cancellable && frame == p->cancel_at)
    g_cancellable_cancel (p->cancellable);
}

/* Mean absolute difference per channel of two same-sized RGB images. */
static double
mean_difference (cairo_surface_t *a, cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  double sum = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        sum += abs ((int) pa[y * sa + 4 * x + c] - (int) pb[y * sb + 4 * x + c]);
  return sum / ((double) w * h * 3);
}

/* Pixels of a region darker than mid-grey: text on the light theme. */
static guint
dark_pixels (cairo_surface_t *s, int x0, int y0, int x1, int y1)
{
  int stride = cairo_image_surface_get_stride (s);
  const guint8 *p = cairo_image_surface_get_data (s);
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guint8 *px = p + y * stride + 4 * x;
        n += (px[0] + px[1] + px[2]) / 3 < 128;
      }
  return n;
}

static void
test_encode (Fixture *f, gconstpointer data)
{
  DsVideoFormat format = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(DsVideoExport) v = NULL;
  g_autofree char *name = g_strdup_printf ("replay.%s", ds_video_format_to_string (format));
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *frames = g_build_filename (f->dir, "frames", NULL);
  g_autofree char *report = NULL, *pattern = NULL, *location = NULL, *frame3 = NULL;
  DsVideoOptions o;
  DsVideoStats stats = { 0 };
  Progress p = { 0 };
  int status = 0;

  if (!ds_video_format_available (format, &error))
    {
      /* Only a missing plugin skips, and the message says which. */
      g_assert_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_NO_ENCODER);
      g_assert_nonnull (strstr (error->message, "enc"));
      g_test_skip (error->message);
      return;
    }
  options_for (f, &o, "2025-01", "2025-06", DS_REPLAY_STEP_MONTH);
  o.format = format;
  v = ds_video_export_new (f->ls, &o, &error);
  g_assert_no_error (error);
  g_assert_true (ds_video_export_run (v, path, on_progress, &p, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p.calls, ==, 6);
  g_assert_cmpuint (p.n, ==, 6);
  g_assert_cmpuint (stats.n_frames, ==, 6);
  g_assert_cmpfloat (stats.draw_seconds, <=, stats.total_seconds);
  /* Only the video: no temporary file left beside it. */
  g_assert_cmpuint (n_files (f->dir), ==, 1);

  report = run_tool ((const char *[]) { "gst-discoverer-1.0", path, NULL }, &status);
  if (report == NULL)
    {
      g_test_fail_printf ("gst-discoverer-1.0 is not installed: install gstreamer1.0-plugins-base-apps");
      return;
    }
  g_assert_cmpint (status, ==, 0);
  /* 6 frames at 2 a second: 3 s. */
  g_assert_cmpfloat_with_epsilon (discovered_duration (report), 6.0 / 2, 0.01);
  g_assert_cmpint (discovered_int (report, "Width"), ==, 320);
  g_assert_cmpint (discovered_int (report, "Height"), ==, 180);

  /* Decoded back, frame by frame, the frames are the renderer's. */
  g_assert_cmpint (g_mkdir (frames, 0755), ==, 0);
  pattern = g_build_filename (frames, "f%d.png", NULL);
  location = g_strdup_printf ("location=%s", pattern);
  {
    g_autofree char *in = g_strdup_printf ("location=%s", path);
    g_autofree char *out = run_tool ((const char *[]) { "gst-launch-1.0", "-q", "filesrc", in, "!", "decodebin", "!",
                                                        "videoconvert", "!", "pngenc", "!", "multifilesink", location,
                                                        NULL }, &status);
    g_assert_nonnull (out);
    g_assert_cmpint (status, ==, 0);
  }
  g_assert_cmpuint (n_files (frames), ==, 6);
  frame3 = g_build_filename (frames, "f2.png", NULL);   /* Mar 2025, 0-based */
  {
    cairo_surface_t *decoded = cairo_image_surface_create_from_png (frame3);
    cairo_surface_t *drawn, *rgb;
    cairo_t *cr;
    double diff;

    g_assert_cmpint (cairo_surface_status (decoded), ==, CAIRO_STATUS_SUCCESS);
    /* The same layout of bytes as the drawn frame (the PNG may have alpha). */
    rgb = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 320, 180);
    cr = cairo_create (rgb);
    cairo_set_source_surface (cr, decoded, 0, 0);
    cairo_paint (cr);
    cairo_destroy (cr);
    drawn = ds_video_export_draw_frame (v, 2);
    diff = mean_difference (rgb, drawn);
    g_test_message ("%s: frame 3 differs from the drawn one by %.2f levels on average", name, diff);
    /* Lossy, but the same picture: a blank or another frame is ~10+ off. */
    g_assert_cmpfloat (diff, <, 6);
    /* The caption (top left) is drawn: dark text on the light background. */
    g_assert_cmpuint (dark_pixels (rgb, 0, 0, 160, 20), >, 40);
    g_assert_cmpuint (dark_pixels (drawn, 0, 0, 160, 20), >, 40);
    /* And the frame is not blank below it. */
    g_assert_cmpuint (dark_pixels (rgb, 0, 20, 320, 180), >, 40);
    {
      /* A blank frame (the background alone) is far from it. */
      cairo_surface_t *blank = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 320, 180);
      const DsTheme *theme = ds_theme_get ("light");
      cr = cairo_create (blank);
      ds_theme_set_source (cr, &theme->background);
      cairo_paint (cr);
      cairo_destroy (cr);
      g_assert_cmpfloat (mean_difference (rgb, blank), >, diff * 1.5);
      cairo_surface_destroy (blank);
    }
    cairo_surface_destroy (drawn);
    cairo_surface_destroy (rgb);
    cairo_surface_destroy (decoded);
  }
}

/* Cancelled at frame 2 of 6: an error, the old file untouched, nothing
 * else left in the folder. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsVideoExport) v = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (f->dir, "replay.webm", NULL);
  g_autofree char *fresh = g_build_filename (f->dir, "fresh.webm", NULL);
  g_autofree char *contents = NULL;
  DsVideoOptions o;
  Progress p = { 0 };

  if (!ds_video_format_available (DS_VIDEO_WEBM, &error))
    {
      g_test_skip (error->message);
      return;
    }
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  options_for (f, &o, "2025-01", "2025-06", DS_REPLAY_STEP_MONTH);
  v = ds_video_export_new (f->ls, &o, &error);
  g_assert_no_error (error);
  p.cancellable = cancellable;
  p.cancel_at = 2;
  g_assert_false (ds_video_export_run (v, path, on_progress, &p, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (p.calls, ==, 2);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (n_files (f->dir), ==, 1);

  /* Already cancelled: no file at all. */
  g_clear_error (&error);
  g_assert_false (ds_video_export_run (v, fresh, NULL, NULL, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (n_files (f->dir), ==, 1);
}

static void
test_write_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsVideoExport) v = NULL;
  g_autofree char *path = g_build_filename (f->dir, "no-such-folder", "replay.webm", NULL);
  DsVideoOptions o;

  if (!ds_video_format_available (DS_VIDEO_WEBM, &error))
    {
      g_test_skip (error->message);
      return;
    }
  options_for (f, &o, "2025-01", "2025-02", DS_REPLAY_STEP_MONTH);
  v = ds_video_export_new (f->ls, &o, &error);
  g_assert_no_error (error);
  g_assert_false (ds_video_export_run (v, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_clear_error (&error);
  g_assert_false (ds_video_export_run (v, f->dir, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, DS_VIDEO_ERROR, DS_VIDEO_ERROR_WRITE);
  g_assert_cmpuint (n_files (f->dir), ==, 0);
}

/* --- the CLI -------------------------------------------------------------- */

static int
cli (Fixture *f, char **out_err, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  const char *arg;
  va_list ap;
  int wait_status;

  g_ptr_array_add (args, (gpointer) g_getenv ("DS_CLI"));
  va_start (ap, out_err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  env = g_environ_setenv (env, "XDG_DATA_HOME", f->dir, TRUE);
  g_spawn_sync (f->dir, (char **) args->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &out, out_err, &wait_status, &error);
  g_assert_no_error (error);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static void
expect_usage (Fixture *f, const char *needle, ...)
{
  g_autofree char *err = NULL;
  const char *argv[24] = { 0 };
  guint n = 0;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, needle);
  while ((arg = va_arg (ap, const char *)) != NULL && n < G_N_ELEMENTS (argv) - 1)
    argv[n++] = arg;
  va_end (ap);
  status = cli (f, &err, "export", argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], argv[7], argv[8],
                argv[9], argv[10], argv[11], NULL);
  g_assert_cmpint (status, ==, 2);
  if (strstr (err, needle) == NULL)
    g_error ("expected “%s” in: %s", needle, err);
}

static void
test_cli (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL, *out_path = g_build_filename (f->dir, "r.webm", NULL);
  g_autoptr(GError) error = NULL;
  int status;

  expect_usage (f, "--replay needs --from and --to", "--replay", "--to", "2025-06", "-o", "r.webm", NULL);
  expect_usage (f, "--replay is for --view graph", "--replay", "--view", "valuation", "--from", "2025-01", "--to",
                "2025-06", "-o", "r.webm", NULL);
  expect_usage (f, "unknown --step", "--replay", "--step", "fortnight", "--from", "2025-01", "--to", "2025-06", "-o",
                "r.webm", NULL);
  expect_usage (f, "too fine", "--replay", "--step", "week", "--from", "2025-01", "--to", "2025-06", "-o", "r.webm", NULL);
  expect_usage (f, "is a video: add --replay", "-o", "r.webm", NULL);
  expect_usage (f, "is a video: add --replay", "--format", "mp4", "-o", "r.out", NULL);
  expect_usage (f, "give --format webm|mp4|gif", "--replay", "--from", "2025-01", "--to", "2025-06", "-o", "r.out", NULL);
  expect_usage (f, "even sizes", "--replay", "--from", "2025-01", "--to", "2025-06", "--width", "321", "-o", "r.webm", NULL);
  expect_usage (f, "--step and --fps are for --replay", "--fps", "4", "-o", "r.png", NULL);

  /* A format without its encoder is a user error naming the plugin. */
  if (!ds_video_format_available (DS_VIDEO_GIF, &error))
    {
      g_clear_pointer (&err, g_free);
      status = cli (f, &err, "export", "--replay", "--from", "2025-01", "--to", "2025-03", "-o", "r.gif", NULL);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, "gifenc"));
      g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
    }
  g_clear_error (&error);

  if (!ds_video_format_available (DS_VIDEO_WEBM, &error))
    {
      g_test_skip (error->message);
      return;
    }
  g_clear_pointer (&err, g_free);
  status = cli (f, &err, "export", "--replay", "--from", "2025-01", "--to", "2025-04", "--width", "320", "--height",
                "180", "--fps", "4", "-o", "r.webm", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (out_path, G_FILE_TEST_IS_REGULAR));
  /* Not a terminal: no progress line. */
  g_assert_null (strstr (err, "frame 1 of"));
  {
    int s = 0;
    g_autofree char *report = run_tool ((const char *[]) { "gst-discoverer-1.0", out_path, NULL }, &s);
    if (report != NULL)
      {
        /* 4 frames at 4 a second. */
        g_assert_cmpfloat_with_epsilon (discovered_duration (report), 1.0, 0.01);
        g_assert_cmpint (discovered_int (report, "Width"), ==, 320);
      }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/video/format/names", test_format_names);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/video/dates", test_dates);
  ADD ("/video/invalid", test_invalid);
  ADD ("/video/captions", test_captions);
  g_test_add ("/video/encode/webm", Fixture, GINT_TO_POINTER (DS_VIDEO_WEBM), fixture_set_up, test_encode, fixture_tear_down);
  g_test_add ("/video/encode/mp4", Fixture, GINT_TO_POINTER (DS_VIDEO_MP4), fixture_set_up, test_encode, fixture_tear_down);
  g_test_add ("/video/encode/gif", Fixture, GINT_TO_POINTER (DS_VIDEO_GIF), fixture_set_up, test_encode, fixture_tear_down);
  ADD ("/video/cancel", test_cancel);
  ADD ("/video/write-error", test_write_error);
  ADD ("/video/cli", test_cli);
#undef ADD
  return g_test_run ();
}
