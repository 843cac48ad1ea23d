/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli.h: what the subcommands of dealscape-cli share: exit codes, the
 * global --db option, opening the document, and error printing. */
#pragma once

#include <glib.h>

#include "ds-landscape.h"
#include "ds-store.h"

G_BEGIN_DECLS

enum {
  DS_EXIT_OK = 0,
  DS_EXIT_USER_ERROR = 1,  /* bad input, missing file, refused document */
  DS_EXIT_USAGE = 2,       /* bad command line */
};

typedef struct {
  const char *db_path;     /* --db, or NULL for the default document */
} DsCliGlobal;

/* Opens --db (or the default document, created from the bundled dataset on
 * first use). */
DsStore     *ds_cli_open_store     (const DsCliGlobal *global,
                                    GError           **error);
/* Opens the store and loads its landscape. */
DsLandscape *ds_cli_load_landscape (const DsCliGlobal *global,
                                    DsStore          **out_store,
                                    GError           **error);

/* Prints "dealscape-cli: <message>" on stderr and returns DS_EXIT_USER_ERROR. */
int ds_cli_fail        (const GError *error);
/* After an import: how to take it back. */
void ds_cli_print_import_undo (void);
/* Prints "dealscape-cli <command>: <message>" plus a hint to --help, returns DS_EXIT_USAGE. */
int ds_cli_usage_error (const char *command,
                        const char *format,
                        ...) G_GNUC_PRINTF (2, 3);
/* Parses argv with the given entries (adds --help); returns FALSE after
 * printing the usage error, with *exit_code set. */
gboolean ds_cli_parse  (const char   *command,
                        const char   *parameter_string,
                        const char   *summary,
                        GOptionEntry *entries,
                        int          *argc,
                        char       ***argv,
                        int          *exit_code);

/* Subcommands: each returns an exit code. argv[0] is the subcommand name. */
typedef int (*DsCliCommandFunc) (const DsCliGlobal *global, int argc, char **argv);

G_END_DECLS
