/* SPDX-License-Identifier: GPL-3.0-or-later */
/* replay.c: a main () for the fuzz targets without libFuzzer, so every input of
 * a corpus (seeds and the crashes found, kept) replays as a plain test. */
#define G_LOG_DOMAIN "ds-fuzz-replay"

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static int
replay_path (const char *path, guint *n_inputs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      /* Sorted, so a failure names the same first input on every machine. */
      g_ptr_array_sort (names, compare_paths);
      for (guint i = 0; i < names->len; i++)
        if (replay_path (names->pdata[i], n_inputs) != 0)
          return 1;
      return 0;
    }
  if (!g_file_get_contents (path, &data, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  /* A crash or sanitizer report aborts here, after this line names the input. */
  printf ("# %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const guint8 *) data, length);
  (*n_inputs)++;
  return 0;
}

int
main (int    argc,
      char **argv)
{
  guint n_inputs = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s CORPUS-DIR-OR-FILE...\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    if (replay_path (argv[i], &n_inputs) != 0)
      return 1;
  if (n_inputs == 0)
    {
      fprintf (stderr, "no inputs in the corpus\n");
      return 1;
    }
  printf ("replayed %u inputs\n", n_inputs);
  return 0;
}
