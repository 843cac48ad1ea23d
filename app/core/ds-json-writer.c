/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-json-writer.c: JSON text generation for dataset export and the CLI's
 * JSON output; json-glib's generator prints doubles with 17 digits. */
#define G_LOG_DOMAIN "ds-json-writer"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "ds-json-writer.h"

struct _DsJsonWriter {
  GString *out;
  gboolean pretty;
  guint depth;
  /* Per nesting level: has the container got a member yet? 64 levels is plenty. */
  gboolean has_member[64];
  gboolean after_key;
};

DsJsonWriter *
ds_json_writer_new (gboolean pretty)
{
  DsJsonWriter *self = g_new0 (DsJsonWriter, 1);
  self->out = g_string_sized_new (4096);
  self->pretty = pretty;
  return self;
}

void
ds_json_writer_free (DsJsonWriter *self)
{
  if (self == NULL)
    return;
  g_string_free (self->out, TRUE);
  g_free (self);
}

char *
ds_json_writer_steal (DsJsonWriter *self,
                      gsize        *length)
{
  char *text;

  if (self->pretty)
    g_string_append_c (self->out, '\n');
  if (length != NULL)
    *length = self->out->len;
  text = g_string_free (self->out, FALSE);
  g_free (self);
  return text;
}

static void
newline (DsJsonWriter *self)
{
  if (!self->pretty)
    return;
  g_string_append_c (self->out, '\n');
  for (guint i = 0; i < self->depth; i++)
    g_string_append (self->out, "  ");
}

/* Separator and indentation before a value or a key. */
static void
before_item (DsJsonWriter *self)
{
  if (self->after_key)
    {
      self->after_key = FALSE;
      return;
    }
  if (self->depth == 0)
    return;
  if (self->has_member[self->depth])
    g_string_append_c (self->out, ',');
  self->has_member[self->depth] = TRUE;
  newline (self);
}

static void
open_container (DsJsonWriter *self,
                char          c)
{
  before_item (self);
  g_string_append_c (self->out, c);
  g_assert (self->depth + 1 < G_N_ELEMENTS (self->has_member));
  self->depth++;
  self->has_member[self->depth] = FALSE;
}

static void
close_container (DsJsonWriter *self,
                 char          c)
{
  gboolean had_members = self->has_member[self->depth];

  g_assert (self->depth > 0);
  self->depth--;
  if (had_members)
    newline (self);
  g_string_append_c (self->out, c);
}

void ds_json_writer_begin_object (DsJsonWriter *self) { open_container (self, '{'); }
void ds_json_writer_end_object   (DsJsonWriter *self) { close_container (self, '}'); }
void ds_json_writer_begin_array  (DsJsonWriter *self) { open_container (self, '['); }
void ds_json_writer_end_array    (DsJsonWriter *self) { close_container (self, ']'); }

static void
append_escaped (GString    *out,
                const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

void
ds_json_writer_key (DsJsonWriter *self,
                    const char   *key)
{
  before_item (self);
  append_escaped (self->out, key);
  g_string_append (self->out, self->pretty ? ": " : ":");
  self->after_key = TRUE;
}

void
ds_json_writer_string (DsJsonWriter *self,
                       const char   *value)
{
  if (value == NULL)
    {
      ds_json_writer_null (self);
      return;
    }
  before_item (self);
  append_escaped (self->out, value);
}

char *
ds_json_format_double (double value,
                       char   buf[32])
{
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    {
      g_snprintf (buf, 32, "%.0f", value);
      return buf;
    }
  for (int precision = 15; precision <= 17; precision++)
    {
      /* g_ascii_formatd: always '.' whatever the locale. */
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, 32, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  return buf;
}

void
ds_json_writer_number (DsJsonWriter *self,
                       double        value)
{
  char buf[32];

  if (!isfinite (value))
    {
      ds_json_writer_null (self);
      return;
    }
  before_item (self);
  g_string_append (self->out, ds_json_format_double (value, buf));
}

void
ds_json_writer_int (DsJsonWriter *self,
                    gint64        value)
{
  before_item (self);
  g_string_append_printf (self->out, "%" G_GINT64_FORMAT, value);
}

void
ds_json_writer_bool (DsJsonWriter *self,
                     gboolean      value)
{
  before_item (self);
  g_string_append (self->out, value ? "true" : "false");
}

void
ds_json_writer_null (DsJsonWriter *self)
{
  before_item (self);
  g_string_append (self->out, "null");
}
