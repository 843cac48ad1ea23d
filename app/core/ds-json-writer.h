/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ds-json-writer.h: a small streaming JSON writer with deterministic output:
 * two-space indentation and numbers in their shortest round-trip form. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DsJsonWriter DsJsonWriter;

/* pretty: one member per line; otherwise compact (one line). */
DsJsonWriter *ds_json_writer_new          (gboolean pretty);
void          ds_json_writer_free         (DsJsonWriter *self);
/* Returns the text and frees the writer. */
char         *ds_json_writer_steal        (DsJsonWriter *self,
                                           gsize        *length);

void ds_json_writer_begin_object (DsJsonWriter *self);
void ds_json_writer_end_object   (DsJsonWriter *self);
void ds_json_writer_begin_array  (DsJsonWriter *self);
void ds_json_writer_end_array    (DsJsonWriter *self);
/* Inside an object: the next member's name. */
void ds_json_writer_key          (DsJsonWriter *self, const char *key);
void ds_json_writer_string       (DsJsonWriter *self, const char *value); /* NULL writes null */
/* NAN writes null; integers up to 2^53 are written without exponent. */
void ds_json_writer_number       (DsJsonWriter *self, double value);
void ds_json_writer_int          (DsJsonWriter *self, gint64 value);
void ds_json_writer_bool         (DsJsonWriter *self, gboolean value);
void ds_json_writer_null         (DsJsonWriter *self);

/* Shortest "%.{15,16,17}g" text that reads back to the same double; buf >= 32. */
char *ds_json_format_double (double value, char buf[32]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DsJsonWriter, ds_json_writer_free)

G_END_DECLS
