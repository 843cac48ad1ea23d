/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-test-util.c: temporary folders and bundled documents for tests. */
#define G_LOG_DOMAIN "ds-test-util"

#include "config.h"

#include <glib/gstdio.h>

#include "ds-dataset.h"
#include "ds-test-util.h"

char *
ds_test_make_tmp_dir (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
ds_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        ds_test_remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

DsStore *
ds_test_create_bundled_doc (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = ds_dataset_read_bundled (&error);
  g_autoptr(DsStore) store = NULL;

  g_assert_no_error (error);
  store = ds_store_open (path, DS_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (ds_store_is_empty (store));
  g_assert_true (ds_store_replace_all (store, ls, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}
