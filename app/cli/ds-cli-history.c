/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-history.c: undo, redo and history: the document's edit log, the
 * one the app's Undo and Redo walk, from the command line. */
#define G_LOG_DOMAIN "ds-cli-history"

#include "config.h"

#include <string.h>

#include "ds-cli-commands.h"
#include "ds-cli-table.h"
#include "ds-edit-log.h"

static DsEditLog *
open_log (const DsCliGlobal *global,
          GError           **error)
{
  g_autoptr(DsStore) store = NULL;
  g_autoptr(DsLandscape) ls = ds_cli_load_landscape (global, &store, error);

  return ls == NULL ? NULL : ds_edit_log_new (store, ls, error);
}

static int
step (const DsCliGlobal *global,
      gboolean           undo,
      int                argc,
      char             **argv)
{
  const char *name = undo ? "undo" : "redo";
  g_autoptr(GError) error = NULL;
  g_autoptr(DsEditLog) log = NULL;
  g_autofree char *help = g_strdup_printf ("%s the last %s edit of the document, as the app's %s does:\n"
                                           "deal fields, scenario settings, scenarios, imports.\n"
                                           "Give a number to %s that many.",
                                           undo ? "Undo" : "Redo", undo ? "applied" : "undone",
                                           undo ? "Undo" : "Redo", name);
  guint64 count = 1;
  int status;

  if (!ds_cli_parse (name, "[N]", help, NULL, &argc, &argv, &status))
    return status;
  if (argc > 2)
    return ds_cli_usage_error (name, "give at most one number of edits");
  if (argc == 2 && !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT, &count, NULL))
    return ds_cli_usage_error (name, "“%s” is not a number of edits (1, 2, ...)", argv[1]);
  if ((log = open_log (global, &error)) == NULL)
    return ds_cli_fail (error);

  for (guint64 i = 0; i < count; i++)
    {
      g_autoptr(DsEdit) edit = NULL;
      g_autofree char *what = NULL;

      if (undo && !ds_edit_log_can_undo (log) && ds_edit_log_get_position (log) > 0)
        {
          /* The log stops at an import whose landscapes it no longer keeps. */
          g_autoptr(DsEdit) next = ds_edit_log_peek_undo (log);
          g_autofree char *stop = next ? ds_edit_describe (next) : g_strdup ("an old import");
          g_printerr ("dealscape-cli: cannot undo the %s: the edit log keeps the landscapes of the last %d "
                      "imports only\n", stop, DS_STORE_UNDOABLE_IMPORTS);
          return DS_EXIT_USER_ERROR;
        }
      edit = undo ? ds_edit_log_undo (log, &error) : ds_edit_log_redo (log, &error);
      if (edit == NULL)
        return ds_cli_fail (error);
      what = ds_edit_describe (edit);
      g_print ("%s: %s\n", undo ? "Undid" : "Redid", what);
    }
  return DS_EXIT_OK;
}

int
ds_cli_cmd_undo (const DsCliGlobal *global,
                 int                argc,
                 char             **argv)
{
  return step (global, TRUE, argc, argv);
}

int
ds_cli_cmd_redo (const DsCliGlobal *global,
                 int                argc,
                 char             **argv)
{
  return step (global, FALSE, argc, argv);
}

/* The log, oldest first: what each edit did, whether it is applied (the
 * rest are what redo would bring back) and when it was made. */
int
ds_cli_cmd_history (const DsCliGlobal *global,
                    int                argc,
                    char             **argv)
{
  static const char *const columns[] = { "edit", "applied", "time", "what", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DsEditLog) log = NULL;
  g_autoptr(DsCliTable) table = ds_cli_table_new (columns);
  g_autofree char *format_text = NULL;
  DsCliFormat format = DS_CLI_FORMAT_TABLE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, "table (default), csv or json", "FORMAT" },
    { NULL }
  };
  int status;

  if (!ds_cli_parse ("history", NULL,
                     "The document's edit log, oldest first, as the app's Undo and Redo walk it:\n"
                     "the applied edits, then the undone ones that redo would bring back.",
                     entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return ds_cli_usage_error ("history", "unexpected argument “%s”", argv[1]);
  if (format_text != NULL && !ds_cli_format_parse (format_text, &format))
    return ds_cli_usage_error ("history", "--format %s: use table, csv or json", format_text);
  if ((log = open_log (global, &error)) == NULL)
    return ds_cli_fail (error);

  for (guint seq = 1; seq <= ds_edit_log_get_length (log); seq++)
    {
      g_autoptr(DsEdit) edit = ds_edit_log_get_edit (log, seq, &error);
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *time_text = NULL, *what = NULL;

      if (edit == NULL)
        return ds_cli_fail (error);
      when = g_date_time_new_from_unix_utc (edit->time);
      time_text = when != NULL ? g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ") : NULL;
      what = ds_edit_describe (edit);
      ds_cli_table_add_row (table);
      ds_cli_table_add_number (table, seq);
      ds_cli_table_add_bool (table, seq <= ds_edit_log_get_position (log));
      ds_cli_table_add_text (table, time_text);
      ds_cli_table_add_text (table, what);
    }
  if (ds_cli_table_get_n_rows (table) == 0 && format == DS_CLI_FORMAT_TABLE)
    {
      g_print ("The edit log is empty: nothing to undo or redo\n");
      return DS_EXIT_OK;
    }
  ds_cli_table_print (table, format, stdout);
  return DS_EXIT_OK;
}
