/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-csv.c: the streaming RFC 4180 reader: a byte state machine over 64 KiB
 * chunks that keeps one record in memory and knows where each field began. */
#define G_LOG_DOMAIN "ds-csv"

#include "config.h"

#include <string.h>

#include "ds-csv.h"

G_DEFINE_QUARK (ds-csv-error-quark, ds_csv_error)

#define CHUNK_SIZE 65536

typedef enum {
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,  /* a quote inside a quoted field: doubled, or the end */
} State;

typedef struct {
  gsize offset, length;
  guint line, column;
  gboolean quoted;
} Field;

struct _DsCsvReader {
  GInputStream *stream;
  FILE         *file;
  const char   *data;       /* whole input, when reading from memory */
  char         *chunk;
  gsize         chunk_len, pos;
  gboolean      eof;
  gboolean      started;    /* BOM checked */
  guint64       bytes_read;
  char         *origin;

  /* Position of the next byte. */
  guint         line, column;
  gboolean      after_cr;

  GString      *text;       /* fields of the record, NUL-separated */
  GArray       *fields;     /* Field */
  guint         record_line;
  guint         n_records;
};

static DsCsvReader *
reader_new (const char *origin)
{
  DsCsvReader *self = g_new0 (DsCsvReader, 1);

  self->origin = g_strdup (origin ? origin : "<csv>");
  self->line = 1;
  self->column = 1;
  self->text = g_string_sized_new (256);
  self->fields = g_array_new (FALSE, FALSE, sizeof (Field));
  return self;
}

DsCsvReader *
ds_csv_reader_new_for_stream (GInputStream *stream,
                              const char   *origin)
{
  DsCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  self = reader_new (origin);
  self->stream = g_object_ref (stream);
  self->chunk = g_malloc (CHUNK_SIZE);
  return self;
}

DsCsvReader *
ds_csv_reader_new_for_file (FILE       *file,
                            const char *origin)
{
  DsCsvReader *self;

  g_return_val_if_fail (file != NULL, NULL);
  self = reader_new (origin);
  self->file = file;
  self->chunk = g_malloc (CHUNK_SIZE);
  return self;
}

DsCsvReader *
ds_csv_reader_new_for_data (const char *data,
                            gsize       length,
                            const char *origin)
{
  DsCsvReader *self = reader_new (origin);

  self->data = data;
  self->chunk = (char *) data;
  self->chunk_len = length;
  self->eof = TRUE;
  self->bytes_read = length;
  return self;
}

void
ds_csv_reader_free (DsCsvReader *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  if (self->data == NULL)
    g_free (self->chunk);
  g_free (self->origin);
  g_string_free (self->text, TRUE);
  g_array_unref (self->fields);
  g_free (self);
}

/* Refills the chunk; FALSE at the end of the input or on error. */
static gboolean
refill (DsCsvReader  *self,
        GCancellable *cancellable,
        GError      **error)
{
  gsize got = 0;

  if (self->eof)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (self->stream)
    {
      gssize n = g_input_stream_read (self->stream, self->chunk, CHUNK_SIZE, cancellable, error);
      if (n < 0)
        {
          if (error && *error && (*error)->domain != G_IO_ERROR)
            return FALSE;
          if (error && *error && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_prefix_error (error, "%s: cannot read: ", self->origin);
          return FALSE;
        }
      got = (gsize) n;
    }
  else
    {
      got = fread (self->chunk, 1, CHUNK_SIZE, self->file);
      if (got == 0 && ferror (self->file))
        {
          g_set_error (error, DS_CSV_ERROR, DS_CSV_ERROR_IO,
                       "%s: cannot read the file; check that it is readable", self->origin);
          return FALSE;
        }
    }
  if (got == 0)
    {
      self->eof = TRUE;
      return FALSE;
    }
  self->chunk_len = got;
  self->pos = 0;
  self->bytes_read += got;
  return TRUE;
}

static void
begin_field (DsCsvReader *self,
             gboolean     quoted)
{
  Field f = { self->text->len, 0, self->line, self->column, quoted };
  g_array_append_val (self->fields, f);
}

static void
end_field (DsCsvReader *self)
{
  Field *f = &g_array_index (self->fields, Field, self->fields->len - 1);
  f->length = self->text->len - f->offset;
  g_string_append_c (self->text, '\0');
}

/* Line and column of byte `bad` of a field's content, counting a doubled
 * quote as the two characters it was in the file. */
static void
locate_in_field (const Field *f,
                 const char  *content,
                 gsize        bad,
                 guint       *line,
                 guint       *column)
{
  guint l = f->line, c = f->column + (f->quoted ? 1 : 0);

  for (gsize i = 0; i < bad; i++)
    {
      guchar b = (guchar) content[i];
      if (b == '\n')
        {
          if (i == 0 || content[i - 1] != '\r')
            l++;
          c = 1;
        }
      else if (b == '\r')
        l++, c = 1;
      else if (b == '"')
        c += 2;
      else if ((b & 0xC0) != 0x80)
        c++;
    }
  *line = l;
  *column = c;
}

static gboolean
validate_record (DsCsvReader *self,
                 GError     **error)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *f = &g_array_index (self->fields, Field, i);
      const char *content = self->text->str + f->offset;
      const char *end;

      if (!g_utf8_validate_len (content, f->length, &end))
        {
          guint line, column;
          locate_in_field (f, content, (gsize) (end - content), &line, &column);
          g_set_error (error, DS_CSV_ERROR, DS_CSV_ERROR_ENCODING,
                       "%s:%u:%u: byte 0x%02X is not valid UTF-8; save the file as UTF-8 "
                       "(in a spreadsheet: “CSV UTF-8”)",
                       self->origin, line, column, (guchar) *end);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ds_csv_reader_next (DsCsvReader  *self,
                    GCancellable *cancellable,
                    GError      **error)
{
  State state = STATE_FIELD_START;
  gboolean in_record = FALSE;
  GError *local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  g_string_truncate (self->text, 0);
  g_array_set_size (self->fields, 0);

  if (cancellable && self->data && (++self->n_records & 4095) == 0 &&
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  for (;;)
    {
      guchar b;

      if (self->pos >= self->chunk_len)
        {
          if (!refill (self, cancellable, &local_error))
            {
              if (local_error)
                {
                  g_propagate_error (error, local_error);
                  return FALSE;
                }
              break;
            }
        }
      if (!self->started)
        {
          self->started = TRUE;
          /* A BOM split across reads is not worth handling: every stream
           * we meet delivers at least three bytes first. */
          if (self->chunk_len - self->pos >= 3 && memcmp (self->chunk + self->pos, "\xEF\xBB\xBF", 3) == 0)
            self->pos += 3;
          continue;
        }

      b = (guchar) self->chunk[self->pos];

      if (b == '\n' && self->after_cr)
        {
          /* Second half of CRLF: the line was already counted at the CR. */
          self->after_cr = FALSE;
          self->pos++;
          if (state == STATE_QUOTED)
            g_string_append_c (self->text, '\n');
          continue;
        }
      self->after_cr = FALSE;

      switch (state)
        {
        case STATE_FIELD_START:
          if (b == '\r' || b == '\n')
            {
              if (!in_record)
                {
                  /* An empty line: no record. */
                  goto advance;
                }
              begin_field (self, FALSE);
              end_field (self);
              goto end_of_record;
            }
          if (!in_record)
            {
              in_record = TRUE;
              self->record_line = self->line;
            }
          if (b == '"')
            {
              begin_field (self, TRUE);
              state = STATE_QUOTED;
            }
          else if (b == ',')
            {
              begin_field (self, FALSE);
              end_field (self);
            }
          else
            {
              begin_field (self, FALSE);
              g_string_append_c (self->text, (char) b);
              state = STATE_UNQUOTED;
            }
          break;

        case STATE_UNQUOTED:
          if (b == ',')
            {
              end_field (self);
              state = STATE_FIELD_START;
            }
          else if (b == '\r' || b == '\n')
            {
              end_field (self);
              goto end_of_record;
            }
          else
            {
              /* A stray quote inside an unquoted field is kept as text, as
               * spreadsheets do: `5" disk` stays `5" disk`. */
              const char *run = self->chunk + self->pos;
              gsize avail = self->chunk_len - self->pos, n = 0;
              while (n < avail && run[n] != ',' && run[n] != '\r' && run[n] != '\n')
                n++;
              g_string_append_len (self->text, run, n);
              for (gsize i = 0; i < n; i++)
                if (((guchar) run[i] & 0xC0) != 0x80)
                  self->column++;
              self->pos += n;
              continue;
            }
          break;

        case STATE_QUOTED:
          if (b == '"')
            state = STATE_QUOTE_IN_QUOTED;
          else
            g_string_append_c (self->text, (char) b);
          break;

        case STATE_QUOTE_IN_QUOTED:
          if (b == '"')
            {
              g_string_append_c (self->text, '"');
              state = STATE_QUOTED;
            }
          else if (b == ',')
            {
              end_field (self);
              state = STATE_FIELD_START;
            }
          else if (b == '\r' || b == '\n')
            {
              end_field (self);
              goto end_of_record;
            }
          else
            {
              g_set_error (error, DS_CSV_ERROR, DS_CSV_ERROR_SYNTAX,
                           "%s:%u:%u: text after the closing quote of a field; "
                           "inside a quoted field write a quote as two quotes (\"\")",
                           self->origin, self->line, self->column);
              return FALSE;
            }
          break;
        }

    advance:
      if (b == '\n')
        self->line++, self->column = 1;
      else if (b == '\r')
        self->line++, self->column = 1, self->after_cr = TRUE;
      else if ((b & 0xC0) != 0x80)
        self->column++;
      self->pos++;
      continue;

    end_of_record:
      if (b == '\r')
        self->after_cr = TRUE;
      self->line++;
      self->column = 1;
      self->pos++;
      return validate_record (self, error);
    }

  /* End of input. */
  if (state == STATE_QUOTED)
    {
      const Field *f = &g_array_index (self->fields, Field, self->fields->len - 1);
      g_set_error (error, DS_CSV_ERROR, DS_CSV_ERROR_SYNTAX,
                   "%s:%u:%u: quoted field is never closed; add the missing quote (\")",
                   self->origin, f->line, f->column);
      return FALSE;
    }
  if (!in_record)
    return FALSE;
  if (state == STATE_FIELD_START)
    {
      /* The record ended with a comma: one more empty field. */
      begin_field (self, FALSE);
    }
  end_field (self);
  return validate_record (self, error);
}

guint
ds_csv_reader_n_fields (const DsCsvReader *self)
{
  return self->fields->len;
}

const char *
ds_csv_reader_field (const DsCsvReader *self,
                     guint              i)
{
  g_return_val_if_fail (i < self->fields->len, NULL);
  return self->text->str + g_array_index (self->fields, Field, i).offset;
}

gsize
ds_csv_reader_field_length (const DsCsvReader *self,
                            guint              i)
{
  g_return_val_if_fail (i < self->fields->len, 0);
  return g_array_index (self->fields, Field, i).length;
}

guint
ds_csv_reader_field_line (const DsCsvReader *self,
                          guint              i)
{
  g_return_val_if_fail (i < self->fields->len, 0);
  return g_array_index (self->fields, Field, i).line;
}

guint
ds_csv_reader_field_column (const DsCsvReader *self,
                            guint              i)
{
  g_return_val_if_fail (i < self->fields->len, 0);
  return g_array_index (self->fields, Field, i).column;
}

guint
ds_csv_reader_line (const DsCsvReader *self)
{
  return self->record_line;
}

guint64
ds_csv_reader_bytes_read (const DsCsvReader *self)
{
  /* Bytes handed to the state machine, not just read ahead into the chunk. */
  return self->bytes_read - (self->chunk_len - self->pos);
}

const char *
ds_csv_reader_origin (const DsCsvReader *self)
{
  return self->origin;
}

void
ds_csv_append_field (GString    *out,
                     const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
