/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-csv.c: arbitrary bytes through the CSV reader and the investment
 * import (preview, then a real run on the bundled landscape); a landscape
 * the import builds must export to a dataset that reads back. */
#define G_LOG_DOMAIN "ds-fuzz-csv"

#include "config.h"

#include <string.h>

#include "ds-csv-import.h"
#include "ds-csv.h"
#include "ds-dataset.h"
#include "fuzz.h"

static DsLandscape *bundled;

static void
read_all (const char *data, gsize size)
{
  g_autoptr(DsCsvReader) reader = ds_csv_reader_new_for_data (data, size, "fuzz.csv");
  g_autoptr(GError) error = NULL;
  guint n_records = 0;

  for (;;)
    {
      if (!ds_csv_reader_next (reader, NULL, &error))
        {
          if (error == NULL)
            break;
          /* An encoding error leaves the reader on the next record. */
          if (g_error_matches (error, DS_CSV_ERROR, DS_CSV_ERROR_ENCODING))
            {
              g_clear_error (&error);
              continue;
            }
          g_assert (error->domain == DS_CSV_ERROR);
          break;
        }
      n_records++;
      for (guint i = 0; i < ds_csv_reader_n_fields (reader); i++)
        {
          const char *f = ds_csv_reader_field (reader, i);
          gsize len = ds_csv_reader_field_length (reader, i);

          g_assert (f != NULL && f[len] == '\0');
          g_assert (ds_csv_reader_field_line (reader, i) >= 1);
          g_assert (ds_csv_reader_field_column (reader, i) >= 1);
        }
      g_assert (ds_csv_reader_bytes_read (reader) <= size);
      /* Each record consumes at least one byte: no endless loop. */
      g_assert (n_records <= size);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_memdup2 (data, size);   /* exactly `size` bytes for ASan */

  if (bundled == NULL)
    {
      bundled = ds_dataset_read_bundled (&error);
      g_assert_no_error (error);
    }

  read_all (copy, size);

  {
    g_autoptr(DsCsvImport) import = ds_csv_import_new ("fuzz.csv");
    g_autoptr(DsCsvReader) reader = ds_csv_reader_new_for_data (copy, size, "fuzz.csv");
    g_autoptr(DsCsvPreview) preview = ds_csv_import_preview (import, reader, 5, &error);

    if (preview == NULL)
      g_assert (error != NULL);
    g_clear_error (&error);
  }

  {
    g_autoptr(DsCsvImport) import = ds_csv_import_new ("fuzz.csv");
    g_autoptr(DsCsvReader) reader = ds_csv_reader_new_for_data (copy, size, "fuzz.csv");
    g_autoptr(DsCsvImportResult) result = NULL;
    g_autofree char *report = NULL;

    ds_csv_import_set_skip_bad_rows (import, TRUE);
    result = ds_csv_import_run (import, bundled, reader, size, NULL, &error);
    if (result == NULL)
      {
        g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
        return 0;
      }
    report = ds_csv_import_result_describe (result, "fuzz.csv");
    g_assert (report != NULL && g_utf8_validate (report, -1, NULL));
    g_assert (result->n_rows_imported + result->n_rows_bad <= result->n_rows);
    if (result->landscape != NULL)
      {
        gsize length;
        g_autofree char *json = ds_dataset_write (result->landscape, &length);
        g_autoptr(GBytes) bytes = g_bytes_new_static (json, length);
        g_autoptr(DsLandscape) again = ds_dataset_read_bytes (bytes, "export", &error);

        if (again == NULL)
          g_error ("an imported CSV gave a landscape whose export the reader refuses: %s", error->message);
      }
  }
  return 0;
}
