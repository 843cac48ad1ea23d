/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-commands.h: the subcommand entry points, one file each group. */
#pragma once

#include "ds-cli.h"

G_BEGIN_DECLS

/* ds-cli-data.c */
int ds_cli_cmd_init        (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_import      (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_export_data (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_list        (const DsCliGlobal *global, int argc, char **argv);
int ds_cli_cmd_show        (const DsCliGlobal *global, int argc, char **argv);

/* Commands of later modules, listed once here and in the table of ds-cli.c. */
#define DS_CLI_EXTRA_COMMANDS

G_END_DECLS
