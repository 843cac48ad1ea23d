/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-csv.h: a streaming RFC 4180 CSV reader: quoted fields with commas,
 * quotes and newlines, BOM, CRLF or LF, and line:column for every field. */
#pragma once

#include <gio/gio.h>
#include <stdio.h>

G_BEGIN_DECLS

#define DS_CSV_ERROR (ds_csv_error_quark ())
GQuark ds_csv_error_quark (void);

typedef enum {
  DS_CSV_ERROR_SYNTAX,    /* unterminated quote, text after a closing quote */
  DS_CSV_ERROR_ENCODING,  /* a field that is not valid UTF-8 */
  DS_CSV_ERROR_IO,
} DsCsvError;

typedef struct _DsCsvReader DsCsvReader;

/* The reader pulls the input in 64 KiB chunks, so memory stays at one chunk
 * plus the current record whatever the size of the file. `origin` names the
 * input in messages ("investments.csv"); may be NULL. */
DsCsvReader *ds_csv_reader_new_for_stream (GInputStream *stream,
                                           const char   *origin);
/* Does not close `file`. */
DsCsvReader *ds_csv_reader_new_for_file   (FILE         *file,
                                           const char   *origin);
/* Copies nothing: `data` must outlive the reader. */
DsCsvReader *ds_csv_reader_new_for_data   (const char   *data,
                                           gsize         length,
                                           const char   *origin);
void         ds_csv_reader_free           (DsCsvReader  *self);

/* Appends one field as RFC 4180 writes it: quoted, with quotes doubled,
 * when it holds a comma, a quote or a line break. */
void         ds_csv_append_field          (GString      *out,
                                           const char   *text);

/* Reads the next record, skipping empty lines. Returns FALSE at the end of
 * the input (error unset) or on an error. A DS_CSV_ERROR_ENCODING error
 * leaves the reader on the next record, so a caller may report it and read
 * on; DS_CSV_ERROR_SYNTAX, DS_CSV_ERROR_IO and G_IO_ERROR_CANCELLED end the
 * input. Messages read "origin:line:column: what". */
gboolean     ds_csv_reader_next           (DsCsvReader  *self,
                                           GCancellable *cancellable,
                                           GError      **error);

/* The fields of the current record: NUL-terminated UTF-8, valid until the
 * next call of ds_csv_reader_next (). */
guint        ds_csv_reader_n_fields       (const DsCsvReader *self);
const char  *ds_csv_reader_field          (const DsCsvReader *self,
                                           guint              i);
/* Length in bytes of field i (fields may hold NUL only if the input did). */
gsize        ds_csv_reader_field_length   (const DsCsvReader *self,
                                           guint              i);
/* Where field i starts: 1-based line and column (columns count characters;
 * a quoted field starts at its opening quote). */
guint        ds_csv_reader_field_line     (const DsCsvReader *self,
                                           guint              i);
guint        ds_csv_reader_field_column   (const DsCsvReader *self,
                                           guint              i);
/* Line on which the current record starts. */
guint        ds_csv_reader_line           (const DsCsvReader *self);
/* Bytes consumed from the input so far (for progress). */
guint64      ds_csv_reader_bytes_read     (const DsCsvReader *self);
const char  *ds_csv_reader_origin         (const DsCsvReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsCsvReader, ds_csv_reader_free)

G_END_DECLS
