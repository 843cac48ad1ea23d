/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-import.c: `dealscape-cli import FILE.csv`: the CSV import with its
 * column map, skip and dry-run options, progress and the merge report. */
#define G_LOG_DOMAIN "ds-cli-import"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "ds-cli-commands.h"
#include "ds-csv-import.h"

gboolean
ds_cli_import_wants_csv (int    argc,
                         char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_suffix (argv[i], ".csv") || g_str_has_suffix (argv[i], ".CSV") ||
          strcmp (argv[i], "--format=csv") == 0 ||
          (strcmp (argv[i], "--format") == 0 && i + 1 < argc && strcmp (argv[i + 1], "csv") == 0))
        return TRUE;
    }
  return FALSE;
}

static void
print_progress (guint64  bytes_read,
                guint64  total_bytes,
                gpointer user_data)
{
  int *last = user_data;
  int percent;

  if (total_bytes == 0)
    return;
  percent = (int) (100.0 * (double) bytes_read / (double) total_bytes);
  if (percent == *last)
    return;
  *last = percent;
  g_printerr ("\rReading… %3d%%", percent);
  if (bytes_read >= total_bytes)
    g_printerr ("\r              \r");
}

int
ds_cli_cmd_import_csv (const DsCliGlobal *global,
                       int                argc,
                       char             **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *map = NULL;
  g_autofree char *currency = NULL;
  gboolean skip = FALSE, dry_run = FALSE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv, or json (chosen from the file name when absent)", "FORMAT" },
    { "map", 0, 0, G_OPTION_ARG_STRING, &map,
      "Column names for investor, investors, target, date, amount, instrument, round, status, "
      "post_money, pre_money, currency, confidence: KEY=COLUMN,...", "MAP" },
    { "currency-col", 0, 0, G_OPTION_ARG_STRING, &currency, "Column with the currency of each row's amounts (rows not in USD are errors)", "COL" },
    { "skip-bad-rows", 0, 0, G_OPTION_ARG_NONE, &skip, "Import the good rows and report the skipped ones", NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, "Report what would be imported; write nothing", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsLandscape) ls = NULL;
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsCsvImport) import = NULL;
  g_autoptr(DsCsvImportResult) result = NULL;
  g_autofree char *report = NULL;
  g_autofree char *origin = NULL;
  int status, last_percent = -1;

  if (!ds_cli_parse ("import", "FILE.csv",
                     "Merge a spreadsheet of investments (CSV) into the document's landscape.\n"
                     "Crunchbase exports are recognized as they are; other layouts need --map.\n"
                     "With any bad row nothing is written unless --skip-bad-rows is given.\n"
                     "The import is an edit: “dealscape-cli undo” or Undo in the app puts the\n"
                     "previous landscape back.\n"
                     "See docs/csv-import.md.",
                     entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return ds_cli_usage_error ("import", "give exactly one FILE.csv");
  if (format && g_ascii_strcasecmp (format, "csv") != 0)
    return ds_cli_usage_error ("import", "--format %s: this form of the command reads CSV; "
                               "give a .json file name for dataset JSON", format);

  import = ds_csv_import_new (argv[1]);
  if (map && !ds_csv_import_set_map (import, map, &error))
    return ds_cli_usage_error ("import", "%s", error->message);
  if (currency)
    ds_csv_import_set_column (import, DS_CSV_FIELD_CURRENCY, currency);
  ds_csv_import_set_skip_bad_rows (import, skip);
  if (isatty (STDERR_FILENO))
    ds_csv_import_set_progress (import, print_progress, &last_percent);

  if ((ls = ds_cli_load_landscape (global, &store, &error)) == NULL)
    return ds_cli_fail (error);
  if ((result = ds_csv_import_file (import, ls, argv[1], NULL, &error)) == NULL)
    return ds_cli_fail (error);

  origin = g_path_get_basename (argv[1]);
  report = ds_csv_import_result_describe (result, origin);
  if (result->landscape == NULL)
    {
      g_printerr ("%s", report);
      return DS_EXIT_USER_ERROR;
    }
  g_print ("%s", report);
  if (dry_run)
    {
      g_print ("Dry run: nothing was written to %s\n", ds_store_get_path (store));
      return DS_EXIT_OK;
    }
  if (!ds_store_import (store, result->landscape, origin, &error))
    return ds_cli_fail (error);
  g_print ("Wrote %u entities and %u deals into %s\n", result->landscape->entities->len,
           result->landscape->deals->len, ds_store_get_path (store));
  ds_cli_print_import_undo ();
  return DS_EXIT_OK;
}
