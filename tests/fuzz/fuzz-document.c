/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-document.c: arbitrary bytes written to a file and opened as a
 * document, the way the app opens what a user picks: open, load, positions. */
#define G_LOG_DOMAIN "ds-fuzz-document"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ds-store.h"
#include "fuzz.h"

static char *doc_path;

static void
remove_doc (void)
{
  g_autofree char *wal = g_strconcat (doc_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (doc_path, "-shm", NULL);

  g_unlink (doc_path);
  g_unlink (wal);
  g_unlink (shm);
}

static void
remove_all (void)
{
  g_autofree char *dir = g_path_get_dirname (doc_path);

  remove_doc ();
  g_rmdir (dir);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) ls = NULL;

  if (doc_path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("ds-fuzz-document-XXXXXX", NULL);

      g_assert (dir != NULL);
      doc_path = g_build_filename (dir, "fuzz.dealscape", NULL);
      atexit (remove_all);
    }
  remove_doc ();
  if (!g_file_set_contents (doc_path, (const char *) data, (gssize) size, &error))
    g_error ("%s", error->message);

  /* A damaged file must fail here or in load with a message, never crash. */
  store = ds_store_open (doc_path, DS_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_assert (error != NULL && error->domain == DS_STORE_ERROR);
      return 0;
    }
  ls = ds_store_load (store, &error);
  if (ls == NULL)
    {
      g_assert (error != NULL && error->domain == DS_STORE_ERROR);
      return 0;
    }
  {
    guint n = ls->entities->len;
    g_autofree double *x = g_new0 (double, n + 1);
    g_autofree double *y = g_new0 (double, n + 1);
    g_autofree guint8 *known = g_new0 (guint8, n + 1);
    g_autofree guint8 *pinned = g_new0 (guint8, n + 1);

    if (!ds_store_load_positions (store, ls, x, y, known, pinned, &error))
      {
        g_assert (error != NULL && error->domain == DS_STORE_ERROR);
        return 0;
      }
    /* Writing back what was read exercises the write path on a damaged file. */
    if (!ds_store_save_positions (store, ls, x, y, pinned, &error))
      g_assert (error != NULL && error->domain == DS_STORE_ERROR);
  }
  return 0;
}
