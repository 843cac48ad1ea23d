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
/* Numbers (NAN: empty / null) are written in full precision in CSV and
 * JSON, whatever their kind; the kind only says how the table shows them. */
void        ds_cli_table_add_number (DsCliTable *self, double value);     /* plain: 12,345 or 0.35 */
void        ds_cli_table_add_usd    (DsCliTable *self, double usd);       /* $1.25B */
void        ds_cli_table_add_fraction (DsCliTable *self, double fraction); /* 14.0 % */
void        ds_cli_table_add_count  (DsCliTable *self, double count);     /* 1,234,567 (locale grouping) */
/* `unit` is a dataset unit name ("usd", "fraction", "gw", "flop", "tflops",
 * ...) as ds_format_in_unit reads it; NULL: a plain number. */
void        ds_cli_table_add_quantity (DsCliTable *self, double value, const char *unit);
void        ds_cli_table_add_bool   (DsCliTable *self, gboolean value);
void        ds_cli_table_add_date   (DsCliTable *self, DsDate date);      /* DS_DATE_NONE: empty / null */
guint       ds_cli_table_get_n_rows (DsCliTable *self);
/* Numbers print in full precision in CSV and JSON (with '.' whatever the
 * locale), for people in tables (ds-format.h). */
void        ds_cli_table_print      (DsCliTable *self,
                                     DsCliFormat format,
                                     FILE       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsCliTable, ds_cli_table_free)

G_END_DECLS
