/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-video.c: a five-year monthly replay of the bundled dataset as a
 * 1920x1080 WebM and MP4: total time, draw and encode per frame, and the
 * same encoder fed by gst-launch-1.0 videotestsrc as the peer. */
#define G_LOG_DOMAIN "bench-video"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "ds-dataset.h"
#include "ds-graph.h"
#include "ds-layout.h"
#include "ds-scene.h"
#include "ds-video-export.h"

/* As dealscape-cli export: node radius and edge length of the layout. */
#define NODE_SCALE 36.0

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* gst-launch-1.0 with the encoder settings ds-video-export.c uses, on
 * n synthetic frames; seconds, or -1 when it cannot run. */
static double
peer (DsVideoFormat format, guint n, int width, int height, int fps, const char *path)
{
  g_autofree char *buffers = g_strdup_printf ("num-buffers=%u", n);
  g_autofree char *caps = g_strdup_printf ("video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1", width, height, fps);
  g_autofree char *bits = g_strdup_printf ("target-bitrate=%d", width * height * fps / 2);
  g_autofree char *kbits = g_strdup_printf ("bitrate=%d", width * height * fps / 2000);
  g_autofree char *keys = g_strdup_printf ("%d", fps * 5);
  g_autofree char *vp8_keys = g_strdup_printf ("keyframe-max-dist=%s", keys);
  g_autofree char *x264_keys = g_strdup_printf ("key-int-max=%s", keys);
  g_autofree char *location = g_strdup_printf ("location=%s", path);
  const char *webm[] = { "gst-launch-1.0", "-q", "videotestsrc", "pattern=smpte75", buffers, "!", caps, "!", "vp8enc", "deadline=1",
                         "cpu-used=16", "threads=2", bits, vp8_keys, "!", "webmmux", "!", "filesink", location, NULL };
  const char *mp4[] = { "gst-launch-1.0", "-q", "videotestsrc", "pattern=smpte75", buffers, "!", caps, "!", "x264enc", "speed-preset=veryfast",
                        "tune=stillimage", "threads=2", kbits, x264_keys, "!", "mp4mux", "!", "filesink", location, NULL };
  int status = 0;
  double t0 = now ();

  if (!g_spawn_sync (NULL, (char **) (format == DS_VIDEO_WEBM ? webm : mp4), NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    return -1;
  return now () - t0;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_dataset_read_bundled (&error);
  g_autofree double *x = NULL, *y = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-video-XXXXXX", NULL);
  DsVideoFormat formats[] = { DS_VIDEO_WEBM, DS_VIDEO_MP4 };
  double t0, layout_s;
  guint n;

  if (ls == NULL)
    {
      fprintf (stderr, "bench-video: %s\n", error->message);
      return 1;
    }
  n = ds_landscape_n_entities (ls);
  x = g_new (double, n);
  y = g_new (double, n);
  /* Laid out once, as the CLI does before the first frame. */
  t0 = now ();
  if (!ds_layout_landscape (ls, NODE_SCALE, x, y, NULL, &error))
    {
      fprintf (stderr, "bench-video: layout: %s\n", error->message);
      return 1;
    }
  layout_s = now () - t0;
  printf ("bundled dataset: %u entities, %u deals; layout once %.2f s (not in the times below)\n", n,
          ls->deals->len, layout_s);
  printf ("replay 2021-01 .. 2025-12 monthly at 1920x1080, %d frames a second\n", DS_VIDEO_DEFAULT_FPS);

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
    {
      g_autoptr(DsVideoExport) video = NULL;
      g_autofree char *name = g_strdup_printf ("replay.%s", ds_video_format_to_string (formats[k]));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *peer_path = g_build_filename (dir, "peer.out", NULL);
      DsVideoOptions vo;
      DsVideoStats st;
      double peer_s;
      GStatBuf sb;

      g_clear_error (&error);
      ds_video_options_init (&vo);
      vo.from = 20210100;
      vo.to = 20251200;
      vo.format = formats[k];
      vo.x = x;
      vo.y = y;
      vo.node_scale = NODE_SCALE;
      vo.scenario = ds_landscape_find_scenario (ls, "base");
      if ((video = ds_video_export_new (ls, &vo, &error)) == NULL
          || !ds_video_export_run (video, path, NULL, NULL, NULL, &st, &error))
        {
          printf ("%-5s skipped: %s\n", name + 7, error->message);
          continue;
        }
      g_stat (path, &sb);
      peer_s = peer (formats[k], st.n_frames, vo.width, vo.height, vo.fps, peer_path);
      printf ("%-5s %u frames in %.2f s (target < 10 s), %.1f MB: draw %.1f ms + encode %.1f ms a frame\n",
              ds_video_format_to_string (formats[k]), st.n_frames, st.total_seconds, sb.st_size / 1e6,
              1e3 * st.draw_seconds / st.n_frames, 1e3 * st.encode_seconds / st.n_frames);
      if (peer_s > 0)
        printf ("      peer gst-launch-1.0 videotestsrc ! same encoder: %.2f s; ours / peer = %.2f\n", peer_s,
                st.total_seconds / peer_s);
      else
        printf ("      peer gst-launch-1.0 could not run (install gstreamer1.0-tools)\n");
      g_unlink (path);
      g_unlink (peer_path);
    }
  g_rmdir (dir);
  return 0;
}
