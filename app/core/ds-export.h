/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-export.h: writing views to PNG, PDF and SVG files (replaced whole or
 * not at all), multi-page PDF reports, and the table page of a report. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ds-theme.h"

G_BEGIN_DECLS

#define DS_EXPORT_ERROR (ds_export_error_quark ())
GQuark ds_export_error_quark (void);

typedef enum {
  DS_EXPORT_ERROR_WRITE,    /* the file or its folder cannot be written */
  DS_EXPORT_ERROR_INVALID,  /* bad size, format or page list */
  DS_EXPORT_ERROR_DRAW,     /* cairo failed (out of memory, surface too large) */
} DsExportError;

typedef enum {
  DS_EXPORT_PNG,
  DS_EXPORT_PDF,
  DS_EXPORT_SVG,
} DsExportFormat;

/* Draws one view into width x height units (pixels for PNG before scaling,
 * points for PDF and SVG). */
typedef void (*DsExportDrawFunc) (cairo_t *cr,
                                  double   width,
                                  double   height,
                                  gpointer user_data);

/* "png", "pdf" or "svg"; FALSE when unknown. */
gboolean    ds_export_format_from_string (const char     *name,
                                          DsExportFormat *out_format);
/* From the extension of a path; FALSE when there is none we know. */
gboolean    ds_export_format_from_path   (const char     *path,
                                          DsExportFormat *out_format);
const char *ds_export_format_to_string   (DsExportFormat  format);

/* Writes one view. PNG is width*scale x height*scale pixels; PDF and SVG
 * are vector with real text (PDF text objects; SVG <text> elements, see
 * ds-text.h) and ignore scale. The file is written
 * to a temporary file in the same folder and renamed over `path`, so an
 * existing file is replaced whole or left untouched. */
gboolean    ds_export_draw (const char       *path,
                            DsExportFormat    format,
                            double            width,
                            double            height,
                            double            scale,
                            DsExportDrawFunc  draw,
                            gpointer          user_data,
                            GError          **error);

typedef struct {
  DsExportDrawFunc draw;
  gpointer         user_data;
  const char      *title;      /* PDF outline entry; may be NULL */
} DsExportPage;

/* One PDF page per entry, each width x height points; `title` is the
 * document's metadata title (may be NULL). Same replace-whole guarantee. */
gboolean    ds_export_report_pdf (const char         *path,
                                  const char         *title,
                                  const DsExportPage *pages,
                                  guint               n_pages,
                                  double              width,
                                  double              height,
                                  GError            **error);

/* A table page: a title, column headers and rows of cells (row-major,
 * n_rows x n_columns strings, NULL for empty). Rows are one line each,
 * ellipsized to their column. */
typedef struct {
  const DsTheme      *theme;
  const char         *title;
  const char *const  *headers;
  guint               n_columns;
  const double       *column_weights; /* relative widths, or NULL for equal */
  const char *const  *cells;
  guint               n_rows;
  guint               first_row;      /* pagination: draw from this row */
  const char         *footnote;       /* may be NULL */
} DsExportTable;

/* How many rows fit on one page of this height. */
guint       ds_export_table_rows_per_page (const DsTheme *theme,
                                           double         height);
/* A DsExportDrawFunc for a DsExportTable: draws rows first_row ... while
 * they fit. */
void        ds_export_table_page (cairo_t *cr,
                                  double   width,
                                  double   height,
                                  gpointer table);

G_END_DECLS
