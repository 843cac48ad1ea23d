/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-table.h: rows of typed cells printed as an aligned table, CSV
 * (RFC 4180) or JSON, the three output formats of every listing command. */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "ds-date.h"

G_BEGIN_DECLS

typedef enum {
  DS_CLI_FORMAT_TABLE,
  DS_CLI_FORMAT_CSV,
  DS_CLI_FORMAT_JSON,
} DsCliFormat;

typedef struct _DsCliTable DsCliTable;

/* Parses "table", "csv" or "json"; FALSE for anything else. */
gboolean    ds_cli_format_parse (const char  *text,
                                 DsCliFormat *out);

/* Column names, NULL-terminated. */
DsCliTable *ds_cli_table_new        (const char *const *columns);
void        ds_cli_table_free       (DsCliTable *self);
void        ds_cli_table_add_row    (DsCliTable *self);
/* Cells fill the current row left to right. */
void        ds_cli_table_add_text   (DsCliTable *self, const char *text); /* NULL: empty / null */
void        ds_cli_table_add_number (DsCliTable *self, double value);     /* NAN: empty / null */
void        ds_cli_table_add_bool   (DsCliTable *self, gboolean value);
void        ds_cli_table_add_date   (DsCliTable *self, DsDate date);      /* DS_DATE_NONE: empty / null */
guint       ds_cli_table_get_n_rows (DsCliTable *self);
/* Numbers print in full precision in CSV and JSON, %.6g in tables. */
void        ds_cli_table_print      (DsCliTable *self,
                                     DsCliFormat format,
                                     FILE       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsCliTable, ds_cli_table_free)

G_END_DECLS
