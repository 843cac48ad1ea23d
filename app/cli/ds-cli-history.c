/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-history.c: undo, redo and history: the document's edit log, the
 * one the app's Undo and Redo walk, from the command line. */
#define G_LOG_DOMAIN "ds-cli-history"

#include "config.h"

#include <string.h>

#include "ds-cli-commands.h"
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
