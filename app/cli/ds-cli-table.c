/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-cli-table.c: collects the rows of a listing and prints them in the
 * format asked for. The table is for people (money as $2.3B, fractions as
 * 14.0 %); CSV and JSON keep every digit, and JSON keeps numbers as numbers. */
#define G_LOG_DOMAIN "ds-cli-table"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ds-cli-table.h"
#include "ds-csv.h"
#include "ds-format.h"
#include "ds-json-writer.h"

typedef enum { CELL_TEXT, CELL_NUMBER, CELL_BOOL } CellType;

typedef struct {
  CellType type;
  /* CELL_TEXT: the text, may be NULL; CELL_NUMBER: the unit name the table
   * writes the number in (ds_format_in_unit), NULL for a plain number. */
  char    *text;
  double   number; /* CELL_NUMBER, CELL_BOOL */
} Cell;

struct _DsCliTable {
  GStrv   columns;
  guint   n_columns;
  GArray *cells; /* Cell, row-major */
};

gboolean
ds_cli_format_parse (const char  *text,
                     DsCliFormat *out)
{
  if (g_strcmp0 (text, "table") == 0)
    *out = DS_CLI_FORMAT_TABLE;
  else if (g_strcmp0 (text, "csv") == 0)
    *out = DS_CLI_FORMAT_CSV;
  else if (g_strcmp0 (text, "json") == 0)
    *out = DS_CLI_FORMAT_JSON;
  else
    return FALSE;
  return TRUE;
}

static void
clear_cell (gpointer data)
{
  g_free (((Cell *) data)->text);
}

DsCliTable *
ds_cli_table_new (const char *const *columns)
{
  DsCliTable *self = g_new0 (DsCliTable, 1);

  self->columns = g_strdupv ((char **) columns);
  self->n_columns = g_strv_length (self->columns);
  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (self->cells, clear_cell);
  return self;
}

void
ds_cli_table_free (DsCliTable *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->columns);
  g_array_unref (self->cells);
  g_free (self);
}

void
ds_cli_table_add_date (DsCliTable *self,
                       DsDate      date)
{
  char buf[11];
  ds_cli_table_add_text (self, date == DS_DATE_NONE ? NULL : ds_date_format (date, buf));
}

guint
ds_cli_table_get_n_rows (DsCliTable *self)
{
  return (self->cells->len + self->n_columns - 1) / self->n_columns;
}

void
ds_cli_table_add_row (DsCliTable *self)
{
  /* Pad an unfinished row so that rows never run into each other. */
  while (self->cells->len % self->n_columns != 0)
    ds_cli_table_add_text (self, NULL);
}

void
ds_cli_table_add_text (DsCliTable *self,
                       const char *text)
{
  Cell cell = { CELL_TEXT, g_strdup (text), 0 };
  g_array_append_val (self->cells, cell);
}

void
ds_cli_table_add_quantity (DsCliTable *self,
                           double      value,
                           const char *unit)
{
  Cell cell = { CELL_NUMBER, g_strdup (unit), value };
  g_array_append_val (self->cells, cell);
}

void
ds_cli_table_add_number (DsCliTable *self,
                         double      value)
{
  ds_cli_table_add_quantity (self, value, NULL);
}

void
ds_cli_table_add_usd (DsCliTable *self,
                      double      usd)
{
  ds_cli_table_add_quantity (self, usd, "usd");
}

void
ds_cli_table_add_fraction (DsCliTable *self,
                           double      fraction)
{
  ds_cli_table_add_quantity (self, fraction, "fraction");
}

void
ds_cli_table_add_count (DsCliTable *self,
                        double      count)
{
  ds_cli_table_add_quantity (self, count, "count");
}

void
ds_cli_table_add_bool (DsCliTable *self,
                       gboolean    value)
{
  Cell cell = { CELL_BOOL, NULL, value ? 1 : 0 };
  g_array_append_val (self->cells, cell);
}

/* The text of a cell for table (human) and CSV (exact) output; "" for
 * empty. */
static char *
cell_text (const Cell *cell,
           gboolean    human)
{
  char buf[32];

  switch (cell->type)
    {
    case CELL_TEXT:
      return g_strdup (cell->text ? cell->text : "");
    case CELL_BOOL:
      return g_strdup (cell->number != 0 ? "true" : "false");
    case CELL_NUMBER:
    default:
      if (isnan (cell->number))
        return g_strdup ("");
      if (human)
        {
          g_autofree char *c_form = ds_format_in_unit (cell->number, cell->text);
          return ds_format_localize (c_form);
        }
      return g_strdup (ds_json_format_double (cell->number, buf));
    }
}

static void
print_csv_field (FILE       *out,
                 const char *text)
{
  g_autoptr(GString) field = g_string_new (NULL);

  ds_csv_append_field (field, text);
  fputs (field->str, out);
}

void
ds_cli_table_print (DsCliTable *self,
                    DsCliFormat format,
                    FILE       *out)
{
  guint n_rows;

  ds_cli_table_add_row (self);
  n_rows = self->cells->len / self->n_columns;

  if (format == DS_CLI_FORMAT_JSON)
    {
      g_autoptr(DsJsonWriter) w = ds_json_writer_new (TRUE);
      g_autofree char *text = NULL;

      ds_json_writer_begin_array (w);
      for (guint r = 0; r < n_rows; r++)
        {
          ds_json_writer_begin_object (w);
          for (guint c = 0; c < self->n_columns; c++)
            {
              const Cell *cell = &g_array_index (self->cells, Cell, r * self->n_columns + c);
              ds_json_writer_key (w, self->columns[c]);
              if (cell->type == CELL_TEXT)
                ds_json_writer_string (w, cell->text);
              else if (cell->type == CELL_BOOL)
                ds_json_writer_bool (w, cell->number != 0);
              else
                ds_json_writer_number (w, cell->number);
            }
          ds_json_writer_end_object (w);
        }
      ds_json_writer_end_array (w);
      text = ds_json_writer_steal (g_steal_pointer (&w), NULL);
      fputs (text, out);
      return;
    }

  if (format == DS_CLI_FORMAT_CSV)
    {
      for (guint c = 0; c < self->n_columns; c++)
        {
          if (c > 0)
            fputc (',', out);
          print_csv_field (out, self->columns[c]);
        }
      fputs ("\n", out);
      for (guint r = 0; r < n_rows; r++)
        {
          for (guint c = 0; c < self->n_columns; c++)
            {
              g_autofree char *text = cell_text (&g_array_index (self->cells, Cell, r * self->n_columns + c), FALSE);
              if (c > 0)
                fputc (',', out);
              print_csv_field (out, text);
            }
          fputs ("\n", out);
        }
      return;
    }

  /* Aligned table: widths in characters, not bytes, for names like “Zoom”. */
  {
    g_autofree glong *widths = g_new0 (glong, self->n_columns);
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

    for (guint c = 0; c < self->n_columns; c++)
      widths[c] = g_utf8_strlen (self->columns[c], -1);
    for (guint i = 0; i < self->cells->len; i++)
      {
        char *text = cell_text (&g_array_index (self->cells, Cell, i), TRUE);
        /* One line per row: newlines inside a note become spaces. */
        g_strdelimit (text, "\r\n\t", ' ');
        widths[i % self->n_columns] = MAX (widths[i % self->n_columns], g_utf8_strlen (text, -1));
        g_ptr_array_add (texts, text);
      }
    for (guint r = 0; r <= n_rows; r++)
      {
        for (guint c = 0; c < self->n_columns; c++)
          {
            const char *text = r == 0 ? self->columns[c]
                                      : g_ptr_array_index (texts, (r - 1) * self->n_columns + c);
            gboolean last = c + 1 == self->n_columns;
            fputs (text, out);
            if (!last)
              for (glong pad = g_utf8_strlen (text, -1); pad < widths[c] + 2; pad++)
                fputc (' ', out);
          }
        fputc ('\n', out);
      }
  }
}
