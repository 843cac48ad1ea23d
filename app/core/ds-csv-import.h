/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-csv-import.h: funding spreadsheets (Crunchbase exports or any layout
 * through a column map) merged into a copy of the landscape. */
#pragma once

#include <gio/gio.h>

#include "ds-csv.h"
#include "ds-landscape.h"

G_BEGIN_DECLS

#define DS_CSV_IMPORT_ERROR (ds_csv_import_error_quark ())
GQuark ds_csv_import_error_quark (void);

typedef enum {
  DS_CSV_IMPORT_ERROR_MAPPING,  /* a required column is missing, or a bad --map */
  DS_CSV_IMPORT_ERROR_EMPTY,    /* no header row */
} DsCsvImportError;

/* What a column can mean. */
typedef enum {
  DS_CSV_FIELD_INVESTOR,            /* one investor per row */
  DS_CSV_FIELD_INVESTORS,           /* a list of investors in one cell (one row per round) */
  DS_CSV_FIELD_TARGET,
  DS_CSV_FIELD_DATE,
  DS_CSV_FIELD_AMOUNT,
  DS_CSV_FIELD_INSTRUMENT,          /* our instrument names or Crunchbase round types */
  DS_CSV_FIELD_ROUND,               /* round code: "a", "b", "seed" (goes into the note) */
  DS_CSV_FIELD_STATUS,
  DS_CSV_FIELD_POST_MONEY,
  DS_CSV_FIELD_PRE_MONEY,
  DS_CSV_FIELD_CURRENCY,
  DS_CSV_FIELD_CONFIDENCE,
  DS_CSV_FIELD_INVESTOR_PERMALINK,  /* stands in for an empty investor name */
  DS_CSV_FIELD_TARGET_PERMALINK,    /* stands in for an empty company name */
  DS_CSV_N_FIELDS
} DsCsvField;

/* The --map key of a field ("investor", "post_money", ...); and back (-1). */
const char *ds_csv_field_to_string   (DsCsvField  field);
int         ds_csv_field_from_string (const char *name);

typedef enum {
  DS_CSV_SHAPE_PER_INVESTMENT,      /* investor column */
  DS_CSV_SHAPE_PER_ROUND,           /* investor list column */
} DsCsvShape;

typedef struct _DsCsvImport DsCsvImport;

/* (bytes_read, total_bytes (0 when unknown), user_data) */
typedef void (*DsCsvProgressFunc) (guint64  bytes_read,
                                   guint64  total_bytes,
                                   gpointer user_data);

DsCsvImport *ds_csv_import_new  (const char  *origin);
void         ds_csv_import_free (DsCsvImport *self);

/* "investor=Backer,target=Startup,date=Day": column names (matched without
 * regard to case, spaces or underscores) that override detection. */
gboolean ds_csv_import_set_map           (DsCsvImport *self,
                                          const char  *spec,
                                          GError     **error);
/* column NULL: detect the field again; "": the field has no column. */
void     ds_csv_import_set_column        (DsCsvImport *self,
                                          DsCsvField   field,
                                          const char  *column);
void     ds_csv_import_set_skip_bad_rows (DsCsvImport *self,
                                          gboolean     skip);
/* At most this many problems are kept with their message (default 20). */
void     ds_csv_import_set_max_problems  (DsCsvImport *self,
                                          guint        max);
/* Called after each chunk of input and at the end. */
void     ds_csv_import_set_progress      (DsCsvImport      *self,
                                          DsCsvProgressFunc func,
                                          gpointer          user_data);

typedef struct {
  guint line, column;
  char *reason;       /* short, for grouping: "amount is not a number" */
  char *message;      /* "investments.csv:1042:31: amount “12abc” in column ... " */
} DsCsvProblem;

typedef struct {
  char  *reason;
  guint  count;
} DsCsvReasonCount;

typedef struct {
  DsCsvShape   shape;
  char       **header;             /* column names as in the file */
  int          columns[DS_CSV_N_FIELDS]; /* column index per field, -1 when none */

  guint        n_rows;             /* data rows read */
  guint        n_rows_bad;         /* rows with a problem */
  guint        n_rows_imported;
  guint        n_deals_added;
  guint        n_deals_duplicate;  /* already in the landscape: same investor, target, date, amount */
  guint        n_entities_added;
  guint        n_entities_matched; /* names that matched an entity of the landscape */
  guint        n_investors_split;  /* rounds whose amount was split among investors */

  GPtrArray   *problems;           /* DsCsvProblem, the first max_problems in file order */
  GArray      *reasons;            /* DsCsvReasonCount, most frequent first */
  GPtrArray   *merges;             /* char*: "“Sequoia Capital” ← “sequoia capital”, “Sequoia Capital LLC”" */

  /* The landscape with the rows merged in: NULL when a row was bad and bad
   * rows are not skipped, or when nothing was imported. Source of the new
   * rows: source_id. */
  DsLandscape *landscape;
  char        *source_id;
} DsCsvImportResult;

void ds_csv_import_result_free (DsCsvImportResult *result);

/* Reads the whole input and merges it into a copy of `base` (may be NULL:
 * an empty landscape). Returns NULL only for errors that stop the reading:
 * an unreadable file, broken quoting (DS_CSV_ERROR_SYNTAX), a missing
 * required column (DS_CSV_IMPORT_ERROR_MAPPING), G_IO_ERROR_CANCELLED.
 * Bad rows are reported in the result. `total_bytes` feeds progress (0:
 * unknown). */
DsCsvImportResult *ds_csv_import_run (DsCsvImport  *self,
                                      DsLandscape  *base,
                                      DsCsvReader  *reader,
                                      guint64       total_bytes,
                                      GCancellable *cancellable,
                                      GError      **error);

/* Convenience: opens `path` (its base name is the origin) and runs. */
DsCsvImportResult *ds_csv_import_file (DsCsvImport  *self,
                                       DsLandscape  *base,
                                       const char   *path,
                                       GCancellable *cancellable,
                                       GError      **error);

/* The first rows of a file with the mapping the import would use, for a
 * preview: problems of those rows are checked as in a real run. */
typedef struct {
  DsCsvShape  shape;
  char      **header;
  int         columns[DS_CSV_N_FIELDS];
  GPtrArray  *rows;                /* char** (GStrv) per row */
  GPtrArray  *problems;            /* DsCsvProblem of those rows */
} DsCsvPreview;

DsCsvPreview *ds_csv_import_preview      (DsCsvImport  *self,
                                          DsCsvReader  *reader,
                                          guint         max_rows,
                                          GError      **error);
/* Convenience: the first rows of a file, for an import dialog's preview. */
DsCsvPreview *ds_csv_import_preview_file (DsCsvImport  *self,
                                          const char   *path,
                                          guint         max_rows,
                                          GError      **error);
void          ds_csv_import_preview_free (DsCsvPreview *preview);

/* A report for people: counts, merges, skipped rows by reason, problems. */
char *ds_csv_import_result_describe (const DsCsvImportResult *result,
                                     const char              *origin);

/* Exposed for tests and the GUI. */

/* "Sequoia Capital, Inc." and "sequoia  capital" -> "sequoia capital". */
char    *ds_csv_normalize_name (const char *name);
/* "$1,250,000", "1 250 000", "USD 4B", "2.5M" -> dollars; FALSE otherwise. */
gboolean ds_csv_parse_amount   (const char *text,
                                double     *out);
/* A copy of a landscape (every section and scenario), for merging into. */
DsLandscape *ds_csv_landscape_copy (DsLandscape *landscape);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsCsvImport, ds_csv_import_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsCsvImportResult, ds_csv_import_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsCsvPreview, ds_csv_import_preview_free)

G_END_DECLS
