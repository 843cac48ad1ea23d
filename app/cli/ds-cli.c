/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli.c: dealscape-cli's front door: the --db option, the subcommand
 * table, and what the subcommands share (opening documents, errors). */
#define G_LOG_DOMAIN "ds-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ds-cli.h"
#include "ds-cli-commands.h"
#include "ds-dataset.h"

typedef struct {
  const char      *name;
  DsCliCommandFunc func;
  const char      *summary;
} Command;

static const Command commands[] = {
  { "init",        ds_cli_cmd_init,        "create a document from the bundled dataset or a JSON file" },
  { "import",      ds_cli_cmd_import,      "replace the landscape with a dataset JSON, or merge a CSV in (undoable)" },
  { "export-data", ds_cli_cmd_export_data, "write the landscape as dataset JSON" },
  { "list",        ds_cli_cmd_list,        "list entities, deals, relations, metrics or sources" },
  { "show",        ds_cli_cmd_show,        "show everything about one id" },
  DS_CLI_EXTRA_COMMANDS
};

static void
print_help (FILE *out)
{
  fprintf (out,
           "Usage: dealscape-cli [--db FILE] COMMAND [OPTIONS...]\n\n"
           "Dealscape without a window: the AI investment landscape from the command line.\n\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, commands[i].summary);
  fprintf (out,
           "\nOptions:\n"
           "  --db FILE    the document to use (default: %s)\n"
           "  --help       this help; “dealscape-cli COMMAND --help” for a command\n"
           "  --version    the version\n\n"
           "Exit status: 0 success, 1 bad input or refused document, 2 usage error.\n",
           "$XDG_DATA_HOME/dealscape/landscape.db");
}

int
ds_cli_fail (const GError *error)
{
  g_printerr ("dealscape-cli: %s\n", error->message);
  return DS_EXIT_USER_ERROR;
}

void
ds_cli_print_import_undo (void)
{
  g_print ("“dealscape-cli undo” (or Undo in the app) puts the previous landscape back\n");
}

int
ds_cli_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("dealscape-cli %s: %s\nTry “dealscape-cli %s --help”.\n", command, message, command);
  return DS_EXIT_USAGE;
}

gboolean
ds_cli_parse (const char   *command,
              const char   *parameter_string,
              const char   *summary,
              GOptionEntry *entries,
              int          *argc,
              char       ***argv,
              int          *exit_code)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("dealscape-cli %s", command);

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context,
                                    "Global option: --db FILE, the document (default "
                                    "$XDG_DATA_HOME/dealscape/landscape.db).");
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = ds_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

DsStore *
ds_cli_open_store (const DsCliGlobal *global,
                   GError           **error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(DsStore) store = NULL;

  if (global->db_path != NULL)
    return ds_store_open (global->db_path, DS_STORE_OPEN_DEFAULT, error);

  /* The default document is made from the bundled dataset on first use. */
  default_path = ds_store_default_path ();
  if (!g_file_test (default_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *folder = g_path_get_dirname (default_path);
      g_autoptr(DsLandscape) bundled = NULL;

      if (g_mkdir_with_parents (folder, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "cannot create %s: %s", folder, g_strerror (saved));
          return NULL;
        }
      if ((bundled = ds_dataset_read_bundled (error)) == NULL)
        return NULL;
      store = ds_store_open (default_path, DS_STORE_OPEN_CREATE, error);
      if (store == NULL || !ds_store_replace_all (store, bundled, error))
        return NULL;
      return g_steal_pointer (&store);
    }
  return ds_store_open (default_path, DS_STORE_OPEN_DEFAULT, error);
}

DsLandscape *
ds_cli_load_landscape (const DsCliGlobal *global,
                       DsStore          **out_store,
                       GError           **error)
{
  g_autoptr(DsStore) store = ds_cli_open_store (global, error);
  DsLandscape *ls;

  if (store == NULL)
    return NULL;
  ls = ds_store_load (store, error);
  if (ls != NULL && out_store != NULL)
    *out_store = g_steal_pointer (&store);
  return ls;
}

int
main (int    argc,
      char **argv)
{
  DsCliGlobal global = { NULL };
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autofree char *db_path = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("dealscape-cli");

  /* --db may stand before or after the command: take it out first. */
  for (int i = 0; i < argc; i++)
    {
      if (strcmp (argv[i], "--db") == 0)
        {
          if (i + 1 >= argc)
            return ds_cli_usage_error ("--db", "--db needs a FILE");
          g_free (db_path);
          db_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        {
          g_free (db_path);
          db_path = g_strdup (argv[i] + strlen ("--db="));
        }
      else
        g_ptr_array_add (rest, argv[i]);
    }
  global.db_path = db_path;
  g_ptr_array_add (rest, NULL);
  argc = (int) rest->len - 1;
  argv = (char **) rest->pdata;

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_help (argc < 2 ? stderr : stdout);
      return argc < 2 ? DS_EXIT_USAGE : DS_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("dealscape-cli %s\n", PACKAGE_VERSION);
      return DS_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        /* GOptionContext wants a mutable argv it may shorten. */
        int sub_argc = argc - 1;
        g_autofree char **sub_argv = g_memdup2 (argv + 1, sizeof (char *) * (guint) argc);
        return commands[i].func (&global, sub_argc, sub_argv);
      }

  g_printerr ("dealscape-cli: unknown command “%s”. Commands:", argv[1]);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_printerr (" %s", commands[i].name);
  g_printerr ("\n");
  return DS_EXIT_USAGE;
}
