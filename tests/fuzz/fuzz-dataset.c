/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-dataset.c: arbitrary bytes through the dataset importer; what it
 * accepts must export and read back to the same bytes. */
#define G_LOG_DOMAIN "ds-fuzz-dataset"

#include "config.h"

#include <string.h>

#include "ds-dataset.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(DsLandscape) ls = ds_dataset_read_bytes (bytes, "fuzz.json", &error);
  g_autoptr(DsLandscape) again = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize len1, len2;

  if (ls == NULL)
    {
      g_assert (error != NULL && error->domain == DS_IMPORT_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert (error == NULL);

  /* The writer's promise: its output reads back to the same bytes. */
  first = ds_dataset_write (ls, &len1);
  exported = g_bytes_new_static (first, len1);
  again = ds_dataset_read_bytes (exported, "export", &error);
  if (again == NULL)
    g_error ("an accepted dataset exported to JSON the reader refuses: %s", error->message);
  second = ds_dataset_write (again, &len2);
  g_assert (len1 == len2 && memcmp (first, second, len1) == 0);
  return 0;
}
